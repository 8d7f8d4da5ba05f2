/* $Id$ */

/*
 * Copyright (c) 2026 The stash authors
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/*
 * The door queue. The door checks a customer in (eligible today, not
 * already waiting); every terminal sees the queue change at once; a
 * register calls the next customer, whose profile it then opens.
 */

#define OP_QUEUE_SCAN	1000	/* newest tickets looked at */

static json_t *
op_queue_json(struct store_txn *t, const struct queue_entry *q, int64_t now)
{
	struct customer	 cu;
	char		 name[48];
	static const char *st[] = { "", "waiting", "called", "left" };

	/* On every terminal: the first name and the last initial only. */
	if (store_customer_get(t, q->customer, &cu) == 0)
		snprintf(name, sizeof name, "%s %.1s.", cu.first, cu.last);
	else
		strlcpy(name, "?", sizeof name);
	return (json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:s}", "ticket",
	    (json_int_t)q->ticket, "customer", (json_int_t)q->customer,
	    "name", name, "status", q->status >= QUEUE_WAITING &&
	    q->status <= QUEUE_LEFT ? st[q->status] : "?", "added",
	    (json_int_t)q->added, "waiting", (json_int_t)((q->status ==
	    QUEUE_WAITING ? now : q->called) - q->added) / 1000000,
	    "terminal", q->terminal));
}

/* Find the waiting entry for a customer, or the oldest waiting (0). */
static int
op_queue_find(struct store_txn *t, uint32_t customer, struct queue_entry *out)
{
	struct store_iter	it;
	struct queue_entry	q;
	u_int			n = 0;
	int			found = 0;

	store_iter_init(t, &it, DB_QUEUE, NULL, 0, 1);
	while (n++ < OP_QUEUE_SCAN && store_iter_next(&it)) {
		if (store_queue_decode(it.val, it.vlen, &q) != 0 ||
		    q.status != QUEUE_WAITING)
			continue;
		if (customer != 0 && q.customer != customer)
			continue;
		*out = q;		/* walking back: the last is oldest */
		found = 1;
		if (customer != 0)
			break;
	}
	store_iter_done(&it);
	return (found);
}

static void
op_queue_event(struct op_ctx *ctx, const char *state,
    const struct queue_entry *q)
{
	op_event(ctx, json_pack("{s:s, s:s, s:o}", "event", "queue", "state",
	    state, "entry", op_queue_json(ctx->txn, q, util_now())));
}

/* Write op: check a customer in at the door. */
int
op_queue_add(struct op_ctx *ctx)
{
	struct customer		 cu;
	struct queue_entry	 q;
	json_int_t		 id;
	char			*cause = NULL, subj[32];
	int			 r;

	if (proto_arg_int(ctx->args, "customer", 1, 1, UINT32_MAX, &id,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	r = store_customer_get(ctx->txn, (uint32_t)id, &cu);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no customer %lld",
		    (long long)id));
	if (r != 0)
		return (op_store_error(ctx));
	if (customer_eligible(&cu, util_local_date(util_now(),
	    ctx->srv->info.tz), ctx->srv->rules, &cause) != 0) {
		op_error(ctx, "eligibility", "%s", cause);
		free(cause);
		return (-1);
	}
	if (op_queue_find(ctx->txn, cu.id, &q))
		return (op_error(ctx, "conflict", "customer %u is already "
		    "waiting (ticket %llu)", cu.id,
		    (unsigned long long)q.ticket));
	memset(&q, 0, sizeof q);
	q.customer = cu.id;
	q.added = util_now();
	q.status = QUEUE_WAITING;
	q.staff = ctx->c->staff;
	store_queue_put(ctx->txn, &q);
	snprintf(subj, sizeof subj, "customer %u", cu.id);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "queue.add", subj, "ticket=%llu", (unsigned long long)q.ticket);
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	op_queue_event(ctx, "added", &q);
	ctx->result = json_pack("{s:o}", "entry", op_queue_json(ctx->txn, &q,
	    util_now()));
	return (0);
}

int
op_queue_list(struct op_ctx *ctx)
{
	struct store_iter	 it;
	struct queue_entry	 q;
	json_t			*waiting, *called;
	int64_t			 now = util_now();
	u_int			 n = 0;

	waiting = json_array();
	called = json_array();
	store_iter_init(ctx->txn, &it, DB_QUEUE, NULL, 0, 1);
	while (n++ < OP_QUEUE_SCAN && store_iter_next(&it)) {
		if (store_queue_decode(it.val, it.vlen, &q) != 0)
			continue;
		if (q.status == QUEUE_WAITING)
			json_array_insert_new(waiting, 0,
			    op_queue_json(ctx->txn, &q, now));
		else if (json_array_size(called) < 10)
			json_array_append_new(called,
			    op_queue_json(ctx->txn, &q, now));
	}
	store_iter_done(&it);
	if (ctx->txn->ret != 0) {
		json_decref(waiting);
		json_decref(called);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o, s:o}", "waiting", waiting, "recent",
	    called);
	return (0);
}

/* Write op: call a ticket (or the next one) to this register. */
int
op_queue_call(struct op_ctx *ctx)
{
	struct queue_entry	 q;
	struct customer		 cu;
	json_int_t		 ticket = 0;
	char			*cause = NULL, subj[32];
	int			 r;

	if (proto_arg_int(ctx->args, "ticket", 0, 1, INT64_MAX, &ticket,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (ticket == 0) {
		if (!op_queue_find(ctx->txn, 0, &q))
			return (op_error(ctx, "not-found", "nobody is "
			    "waiting"));
	} else {
		r = store_queue_get(ctx->txn, (uint64_t)ticket, &q);
		if (r == STORE_NOTFOUND)
			return (op_error(ctx, "not-found", "no ticket %lld",
			    (long long)ticket));
		if (r != 0)
			return (op_store_error(ctx));
		if (q.status != QUEUE_WAITING)
			return (op_error(ctx, "conflict", "ticket %lld was "
			    "already called by %s", (long long)ticket,
			    q.terminal));
	}
	q.status = QUEUE_CALLED;
	q.called = util_now();
	strlcpy(q.terminal, ctx->c->terminal, sizeof q.terminal);
	store_queue_put(ctx->txn, &q);
	snprintf(subj, sizeof subj, "customer %u", q.customer);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "queue.call", subj, "ticket=%llu", (unsigned long long)q.ticket);
	if (ctx->txn->ret != 0 || store_customer_get(ctx->txn, q.customer,
	    &cu) != 0)
		return (op_store_error(ctx));
	op_queue_event(ctx, "called", &q);
	ctx->result = json_pack("{s:o, s:o}", "entry", op_queue_json(ctx->txn,
	    &q, util_now()), "customer", op_customer_json(&cu));
	return (0);
}

/* Write op: the customer left without buying. */
int
op_queue_remove(struct op_ctx *ctx)
{
	struct queue_entry	 q;
	json_int_t		 ticket;
	char			*cause = NULL, subj[32];
	int			 r;

	if (proto_arg_int(ctx->args, "ticket", 1, 1, INT64_MAX, &ticket,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	r = store_queue_get(ctx->txn, (uint64_t)ticket, &q);
	if (r == STORE_NOTFOUND || (r == 0 && q.status != QUEUE_WAITING))
		return (op_error(ctx, "not-found", "ticket %lld is not "
		    "waiting", (long long)ticket));
	if (r != 0)
		return (op_store_error(ctx));
	q.status = QUEUE_LEFT;
	q.called = util_now();
	store_queue_put(ctx->txn, &q);
	snprintf(subj, sizeof subj, "customer %u", q.customer);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "queue.remove", subj, "ticket=%llu", (unsigned long long)q.ticket);
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	op_queue_event(ctx, "left", &q);
	ctx->result = json_object();
	return (0);
}
