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
#include "rules.h"
#include "customer.h"
#include "queue.h"
#include "reply.h"

/*
 * The door queue. The door checks a customer in (eligible today, not
 * already waiting, and for a patient active in the state's registry);
 * every terminal sees the queue change at once; a register calls the next
 * customer, whose profile it then opens.
 */


/* What the state said of a patient at check-in, or null. */
static json_t *
op_queue_state_json(const struct queue_entry *q, const struct rules *r)
{
	static const char	*kinds[] = { "flower", "thc", "concentrate" };
	json_t			*o, *avail;
	u_int			 i;

	switch (q->state) {
	case QUEUE_STATE_ACTIVE:
		avail = json_object();
		for (i = 0; i < 3; i++) {
			json_object_set_new(avail, kinds[i], q->state_moz[i] >=
			    0 ? json_integer(q->state_moz[i]) : json_null());
		}
		o = json_pack("{s:s, s:I, s:o}", "status", "active",
		    "checked", (json_int_t)q->state_at, "available_moz",
		    avail);
		return (o);
	case QUEUE_STATE_OUTAGE:
		return (json_pack("{s:s, s:I, s:s}", "status", "unreachable",
		    "checked", (json_int_t)q->state_at, "policy",
		    rules_outage_name(r != NULL ? r->outage :
		    RULES_OUTAGE_BLOCK)));
	}
	return (json_null());
}

static json_t *
op_queue_json(struct op_ctx *ctx, const struct queue_entry *q, int64_t now)
{
	struct customer	 cu;
	char		 name[48];
	static const char *st[] = { "", "waiting", "called", "left" };

	/* On every terminal: the first name and the last initial only. */
	if (store_customer_get(ctx->txn, q->customer, &cu) == 0)
		snprintf(name, sizeof name, "%s %.1s.", cu.first, cu.last);
	else
		strlcpy(name, "?", sizeof name);
	return (json_pack("{s:I, s:I, s:I, s:s, s:s, s:I, s:I, s:s, s:o}",
	    "ticket", (json_int_t)q->ticket, "order", (json_int_t)q->order,
	    "customer",
	    (json_int_t)q->customer, "name", name, "status", q->status >=
	    QUEUE_WAITING && q->status <= QUEUE_LEFT ? st[q->status] : "?",
	    "added", (json_int_t)q->added, "waiting", (json_int_t)((q->status
	    == QUEUE_WAITING ? now : q->called) - q->added) / 1000000,
	    "terminal", q->terminal, "state", op_queue_state_json(q,
	    ctx->srv->rules)));
}

/* A queue entry changed: pushed to every terminal after the commit. */
void
op_queue_event(struct op_ctx *ctx, const char *state,
    const struct queue_entry *q)
{
	op_event(ctx, json_pack("{s:s, s:s, s:o}", "event", "queue", "state",
	    state, "entry", op_queue_json(ctx, q, util_now())));
}

/* A check-in waiting for the state's word on its patient. */
struct queue_add {
	uint32_t	 customer;
	int		 instate;
	char		 card[64];
	json_t		*state;		/* customer_registry_json, or NULL */
};

static void
op_queue_add_free(void *arg)
{
	struct queue_add	*qa = arg;

	if (qa->state != NULL)
		json_decref(qa->state);
	free(qa);
}

/* Eligible today, and not already waiting: 0, or -1 with the error set. */
static int
op_queue_add_check(struct op_ctx *ctx, uint32_t id, struct customer *cu)
{
	struct queue_entry	 q;
	char			*cause = NULL;
	int			 r;

	r = store_customer_get(ctx->txn, id, cu);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no customer %u", id));
	if (r != 0)
		return (op_store_error(ctx));
	if (customer_eligible(cu, util_local_date(util_now(),
	    ctx->srv->info.tz), ctx->srv->rules, &cause) != 0) {
		op_error(ctx, "eligibility", "%s", cause);
		free(cause);
		return (-1);
	}
	if (queue_find(ctx->txn, cu->id, &q))
		return (op_error(ctx, "conflict", "customer %u is already "
		    "waiting (ticket %llu)", cu->id,
		    (unsigned long long)q.ticket));
	return (0);
}

/*
 * A caregiver checking in for a patient: one of their own patients, with
 * a valid card, as the sale will want. 0, or -1 with the error set.
 */
static int
op_queue_add_patient(struct op_ctx *ctx, const struct customer *cg,
    uint32_t pid)
{
	struct customer	 pt;
	char		*cause = NULL;
	int		 r;

	if (cg->type != CUSTOMER_CAREGIVER)
		return (op_error(ctx, "bad-request", "only a caregiver checks "
		    "in for a patient"));
	r = store_customer_get(ctx->txn, pid, &pt);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no customer %u", pid));
	if (r != 0)
		return (op_store_error(ctx));
	if (customer_eligible_patient(cg, &pt, util_local_date(util_now(),
	    ctx->srv->info.tz), &cause) != 0) {
		op_error(ctx, "eligibility", "%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/*
 * The state's word decides: an inactive patient is refused with it; an
 * unreachable state lets them in only if the rule file's outage policy
 * does. 0 with q's state set, or -1 with the error set.
 */
static int
op_queue_add_state(struct op_ctx *ctx, json_t *st, struct queue_entry *q)
{
	static const char	*kinds[] = { "flower", "thc", "concentrate" };
	const char		*status;
	json_t			*v;
	u_int			 i;

	q->state = QUEUE_STATE_NONE;
	for (i = 0; i < 3; i++)
		q->state_moz[i] = -1;
	if (st == NULL)
		return (0);
	status = json_string_value(json_object_get(st, "status"));
	q->state_at = json_integer_value(json_object_get(st, "checked"));
	if (strcmp(status, "inactive") == 0) {
		return (op_error(ctx, "eligibility", "the state's patient "
		    "registry says: %s; check the card number, or ask the "
		    "patient to renew their registration",
		    json_string_value(json_object_get(st, "message"))));
	}
	if (strcmp(status, "unreachable") == 0) {
		if (!json_is_true(json_object_get(st, "admit"))) {
			return (op_error(ctx, "eligibility", "the state's "
			    "patient registry cannot be reached (%s); the "
			    "rules (outage %s) block patients until it "
			    "answers: try again shortly",
			    json_string_value(json_object_get(st, "reason")),
			    json_string_value(json_object_get(st,
			    "policy"))));
		}
		q->state = QUEUE_STATE_OUTAGE;
		if (q->state_at == 0)
			q->state_at = util_now();
		return (0);
	}
	if (strcmp(status, "active") == 0) {
		q->state = QUEUE_STATE_ACTIVE;
		for (i = 0; i < 3; i++) {
			v = json_object_get(json_object_get(st,
			    "available_moz"), kinds[i]);
			if (json_is_integer(v))
				q->state_moz[i] = json_integer_value(v);
		}
	}
	return (0);
}

/* Write op: check a customer in at the door, the state's word in hand. */
static int
op_queue_add_write(struct op_ctx *ctx)
{
	struct queue_add	*qa = ctx->data;
	struct customer		 cu;
	struct queue_entry	 q;
	char			 subj[32];

	if (op_queue_add_check(ctx, qa->customer, &cu) != 0)
		return (-1);
	memset(&q, 0, sizeof q);
	if (op_queue_add_state(ctx, qa->state, &q) != 0)
		return (-1);
	q.customer = cu.id;
	q.added = util_now();
	q.status = QUEUE_WAITING;
	q.staff = ctx->c->staff;
	store_queue_put(ctx->txn, &q);
	snprintf(subj, sizeof subj, "customer %u", cu.id);
	if (q.state == QUEUE_STATE_OUTAGE) {
		/* Let in on the rule file's word: say so, and why. */
		audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
		    "queue.add", subj, "ticket=%llu state=unreachable "
		    "outage=%s: %s", (unsigned long long)q.ticket,
		    json_string_value(json_object_get(qa->state, "policy")),
		    json_string_value(json_object_get(qa->state, "reason")));
	} else {
		audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
		    "queue.add", subj, "ticket=%llu%s",
		    (unsigned long long)q.ticket, q.state ==
		    QUEUE_STATE_ACTIVE ? " state=active" : "");
	}
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	op_queue_event(ctx, "added", &q);
	ctx->result = json_pack("{s:o, s:o}", "entry", op_queue_json(ctx, &q,
	    util_now()), "state", qa->state != NULL ? json_incref(qa->state) :
	    json_null());
	return (0);
}

static void
op_queue_add_answer(struct op_ctx *ctx, json_t *res)
{
	struct queue_add	*qa = ctx->data;

	qa->state = reply_registry(res, qa->instate, ctx->srv->rules);
	json_decref(res);
	batch_run(ctx->srv, ctx, op_queue_add_write);
}

static void
op_queue_add_cb(json_t *res, void *arg)
{
	struct op_ctx	*ctx = arg;

	if (res == NULL) {
		op_error(ctx, "unavailable", "stashd is stopping");
		op_finish(ctx);
		return;
	}
	op_queue_add_answer(ctx, res);
}

/*
 * Async: check a customer in at the door. A medical patient (or a
 * caregiver with "patient") is first looked up in the state's registry,
 * from the minute's cache or asked without blocking, as before a medical
 * sale; then the check-in is written.
 */
int
op_queue_add(struct op_ctx *ctx)
{
	struct queue_add	*qa;
	struct customer		 cu;
	json_int_t		 id, pid = 0;
	json_t			*res;
	char			*cause = NULL;
	int			 r = 0;

	if (proto_arg_int(ctx->args, "customer", 1, 1, UINT32_MAX, &id,
	    &cause) != 0 || proto_arg_int(ctx->args, "patient", 0, 1,
	    UINT32_MAX, &pid, &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (op_queue_add_check(ctx, (uint32_t)id, &cu) != 0)
		return (-1);
	if (pid != 0 && op_queue_add_patient(ctx, &cu, (uint32_t)pid) != 0)
		return (-1);
	qa = xcalloc(1, sizeof *qa);
	qa->customer = cu.id;
	ctx->data = qa;
	ctx->free_data = op_queue_add_free;
	if (metrc_enabled() && (r = customer_registry_card(ctx->txn, cu.id,
	    (uint32_t)pid, qa->card, sizeof qa->card, &qa->instate)) < 0)
		return (op_store_error(ctx));
	ctx->txn = NULL;	/* the read transaction ends on return */
	if (r == 1) {
		if (metrc_patient_ask(qa->card, op_queue_add_cb, ctx,
		    &res) == 0)
			return (0);
		op_queue_add_answer(ctx, res);
		return (0);
	}
	batch_run(ctx->srv, ctx, op_queue_add_write);
	return (0);
}

struct op_queue_list {
	struct op_ctx	*ctx;
	int64_t		 now;
	json_t		*waiting;
	json_t		*called;
};

/* One ticket, for queue.list: waiting oldest first, the last ten called. */
static void
op_queue_list_add(const struct queue_entry *q, void *arg)
{
	struct op_queue_list	*ql = arg;

	if (q->status == QUEUE_WAITING)
		json_array_insert_new(ql->waiting, 0, op_queue_json(ql->ctx, q,
		    ql->now));
	else if (json_array_size(ql->called) < 10)
		json_array_append_new(ql->called, op_queue_json(ql->ctx, q,
		    ql->now));
}

int
op_queue_list(struct op_ctx *ctx)
{
	struct op_queue_list	ql;

	ql.ctx = ctx;
	ql.now = util_now();
	ql.waiting = json_array();
	ql.called = json_array();
	if (queue_recent(ctx->txn, op_queue_list_add, &ql) != 0) {
		json_decref(ql.waiting);
		json_decref(ql.called);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o, s:o}", "waiting", ql.waiting, "recent",
	    ql.called);
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
		if (!queue_find(ctx->txn, 0, &q))
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
	ctx->result = json_pack("{s:o, s:o}", "entry", op_queue_json(ctx,
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
