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
#include "inventory.h"
#include "outbox.h"
#include "reconcile.h"
#include "reply.h"

/*
 * The server's side of reconciliation (reconcile-compare.c compares):
 * the comparison a step per pass of the loop, each step in its own read
 * transaction (metrc-reconcile-step packages and reports a step, so that
 * 200,000 packages never hold the loop), then answer the op, log, and
 * hold here what the state holds, in a write op.
 *
 * The reply is encoded as the steps find the differences, each into the
 * text of its list, so that no pass of the loop encodes (or frees) the
 * whole of it: at the end the lists are only put together into the
 * reply's frame (op_finish sends ctx->frame), a copy, not an encoding.
 * 50,000 differences encoded in one callback held the loop about 200 ms.
 */

#define RECONCILE_LOG_MAX	20	/* differences logged one by one */

struct reconcile {
	struct op_ctx		*ctx;
	struct reconcile_walk	*walk;
	struct event		*ev;

	struct buf		 diffs;		/* encoded, comma-separated */
	struct buf		 explained;
	struct buf		 held;
	size_t			 ndiffs;
	struct reconcile_run	 run;		/* the ledger's record */
	json_t			*holds;		/* [{tag, recall}] to put on */
	char			 logged[RECONCILE_LOG_MAX][TAG_LEN + 1];
	enum reconcile_kind	 logkind[RECONCILE_LOG_MAX];
};
static struct reconcile	*reconcile_running;	/* still comparing */

static void
reconcile_free(void *arg)
{
	struct reconcile	*rc = arg;

	if (reconcile_running == rc)
		reconcile_running = NULL;
	if (rc->ev != NULL)
		event_free(rc->ev);
	reconcile_walk_free(rc->walk);
	buf_free(&rc->diffs);
	buf_free(&rc->explained);
	buf_free(&rc->held);
	json_decref(rc->holds);
	free(rc);
}

/*
 * Append j, encoded, to the list in b; j is freed. (proto_dump encodes
 * only objects and arrays: j goes in as a list of one, less its brackets.)
 */
static void
reconcile_encode(struct buf *b, json_t *j)
{
	json_t	*one;
	size_t	 start;

	if (b->len != 0)
		buf_addc(b, ',');
	start = b->len;
	one = json_pack("[o]", j);
	if (proto_dump(one, b) != 0)
		fatalx("reconcile_encode: cannot encode");
	json_decref(one);
	memmove(b->data + start, b->data + start + 1, b->len - start - 2);
	b->len -= 2;
}

/* A difference (reconcile_walk's cb): encoded into its list now. */
static void
reconcile_diff(const struct reconcile_diff *d, void *arg)
{
	struct reconcile	*rc = arg;

	reconcile_run_count(&rc->run, d);
	if (d->explained) {
		reconcile_encode(&rc->explained, reply_reconcile_diff(d));
		return;
	}
	reconcile_encode(&rc->diffs, reply_reconcile_diff(d));
	if (rc->ndiffs < RECONCILE_LOG_MAX) {
		strlcpy(rc->logged[rc->ndiffs], d->tag, TAG_LEN + 1);
		rc->logkind[rc->ndiffs] = d->kind;
	}
	rc->ndiffs++;
	if (d->kind == RECONCILE_HOLD) {
		reconcile_encode(&rc->held, json_string(d->tag));
		json_array_append_new(rc->holds, json_pack("{s:s, s:b}", "tag",
		    d->tag, "recall", d->recalled));
	}
}

/*
 * The reply, as reply_reconcile_end's result would be encoded, put
 * together from the lists encoded already: one copy of them.
 */
static struct frame *
reconcile_frame(struct reconcile *rc, const struct reconcile_summary *sum)
{
	struct frame	*f;
	struct buf	 head;
	size_t		 len;
	char		*p;

	buf_init(&head);
	buf_printf(&head, "{\"id\":%lld,\"result\":{\"packages\":%zu,"
	    "\"compared\":%d,\"differences\":[", (long long)rc->ctx->id,
	    sum->packages, sum->compared);
	len = head.len + rc->diffs.len + sizeof "],\"explained\":[" - 1 +
	    rc->explained.len + sizeof "],\"held\":[" - 1 + rc->held.len +
	    sizeof "]}}\n" - 1;
	f = xmalloc(sizeof *f + len);
	f->refs = 1;
	f->len = len;
	p = f->data;
#define RECONCILE_PUT(d, n) do {			\
	if ((n) != 0)					\
		memcpy(p, (d), (n));			\
	p += (n);					\
} while (0)
	RECONCILE_PUT(head.data, head.len);
	RECONCILE_PUT(rc->diffs.data, rc->diffs.len);
	RECONCILE_PUT("],\"explained\":[", sizeof "],\"explained\":[" - 1);
	RECONCILE_PUT(rc->explained.data, rc->explained.len);
	RECONCILE_PUT("],\"held\":[", sizeof "],\"held\":[" - 1);
	RECONCILE_PUT(rc->held.data, rc->held.len);
	RECONCILE_PUT("]}}\n", sizeof "]}}\n" - 1);
#undef RECONCILE_PUT
	buf_free(&head);
	return (f);
}

/*
 * Write op, the run's last transaction: the state's holds and recalls,
 * held here and pushed, and the run into the ledger's history.
 */
static int
reconcile_record(struct op_ctx *ctx)
{
	struct reconcile	*rc = ctx->data;
	struct hold		 h;
	json_t			*o;
	const char		*tag, *reason;
	char			*cause = NULL;
	size_t			 i;
	int			 recall;

	json_array_foreach(rc->holds, i, o) {
		tag = json_string_value(json_object_get(o, "tag"));
		recall = json_is_true(json_object_get(o, "recall"));
		if (store_hold_get(ctx->txn, HOLD_PACKAGE, tag, &h) == 0)
			continue;	/* held since */
		reason = recall ? "state: recalled" : "state: on hold";
		if (inventory_hold(ctx->txn, HOLD_PACKAGE, tag, recall, reason,
		    op_staff(ctx), op_terminal(ctx), &cause) != 0) {
			free(cause);
			cause = NULL;
			if (ctx->txn->ret != 0)
				return (op_store_error(ctx));
			continue;
		}
		op_event(ctx, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}",
		    "event", "hold", "state", "set", "scope",
		    store_hold_scope_name(HOLD_PACKAGE), "key", tag, "recall",
		    recall, "reason", reason));
	}
	rc->run.at = util_now();
	rc->run.staff = op_staff(ctx);
	strlcpy(rc->run.who, op_terminal(ctx), sizeof rc->run.who);
	store_reconcile_put(ctx->txn, &rc->run);
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	return (0);
}

static void
reconcile_log(struct reconcile *rc, const struct reconcile_summary *sum)
{
	size_t	i;

	log_info("compliance: reconciled %zu packages with the state: %zu "
	    "differences, %zu explained by reports not yet sent, %zu held "
	    "as the state holds them", sum->packages, rc->ndiffs,
	    (size_t)rc->run.explained, (size_t)rc->run.held);
	for (i = 0; i < rc->ndiffs && i < RECONCILE_LOG_MAX; i++)
		log_warnx("compliance: package %s differs from the state "
		    "(%s)", rc->logged[i], reconcile_kind_name(
		    rc->logkind[i]));
}

/*
 * The comparison is done: log, hold what the state holds, keep the run in
 * the ledger, then answer.
 */
static void
reconcile_done(struct reconcile *rc)
{
	struct op_ctx			*ctx = rc->ctx;
	const struct reconcile_summary	*sum;

	reconcile_running = NULL;
	sum = reconcile_walk_summary(rc->walk);
	reconcile_log(rc, sum);
	ctx->frame = reconcile_frame(rc, sum);
	buf_free(&rc->diffs);
	buf_free(&rc->explained);
	buf_free(&rc->held);
	rc->run.packages = (int64_t)sum->packages;
	rc->run.compared = sum->compared;
	batch_run(ctx->srv, ctx, reconcile_record);
}

/* One step of the comparison; the next on the next pass of the loop. */
static void
reconcile_step(evutil_socket_t fd, short what, void *arg)
{
	struct reconcile	*rc = arg;
	struct op_ctx		*ctx = rc->ctx;
	struct store_txn	 t;
	struct timeval		 tv = { 0, 0 };
	int			 r;

	if (store_begin(ctx->srv->st, &t, 0) != 0) {
		op_error(ctx, "internal", "the ledger cannot be read: %s",
		    t.err);
		op_finish(ctx);
		return;
	}
	r = reconcile_walk_step(rc->walk, &t, options_number(ctx->srv->opts,
	    "metrc-reconcile-step"));
	if (r == -1) {
		ctx->txn = &t;
		op_store_error(ctx);
		ctx->txn = NULL;
	}
	store_abort(&t);
	if (r == -1)
		op_finish(ctx);
	else if (r == 1)
		evtimer_add(rc->ev, &tv);
	else
		reconcile_done(rc);
}

/*
 * The state's package list is in (packages, taken): compare it with the
 * ledger a step at a time, then hold what the state holds and answer ctx.
 */
void
reconcile_finish(struct server *srv, struct op_ctx *ctx, json_t *packages)
{
	struct reconcile	*rc;
	struct timeval		 tv = { 0, 0 };

	rc = xcalloc(1, sizeof *rc);
	rc->ctx = ctx;
	buf_init(&rc->diffs);
	buf_init(&rc->explained);
	buf_init(&rc->held);
	rc->holds = json_array();
	rc->walk = reconcile_walk_new(packages, reconcile_diff, rc);
	json_decref(packages);
	rc->ev = evtimer_new(srv->base, reconcile_step, rc);
	ctx->data = rc;
	ctx->free_data = reconcile_free;
	reconcile_running = rc;
	evtimer_add(rc->ev, &tv);
}

/* Is a comparison with the state's list under way? */
int
reconcile_busy(void)
{
	return (reconcile_running != NULL);
}

/* stashd is stopping: a comparison under way is answered so. */
void
reconcile_stop(void)
{
	struct op_ctx	*ctx;

	if (reconcile_running == NULL)
		return;
	ctx = reconcile_running->ctx;
	reconcile_running = NULL;
	op_error(ctx, "unavailable", "stashd is stopping");
	op_finish(ctx);
}
