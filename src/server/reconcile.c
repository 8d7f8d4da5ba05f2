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
 */

#define RECONCILE_LOG_MAX	20	/* differences logged one by one */

struct reconcile {
	struct op_ctx		*ctx;
	struct reconcile_walk	*walk;
	struct reply_reconcile	*reply;
	struct event		*ev;
	json_t			*result;
	json_t			*holds;		/* [{tag, recall}] to put on */
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
	reply_reconcile_free(rc->reply);
	if (rc->result != NULL)
		json_decref(rc->result);
	if (rc->holds != NULL)
		json_decref(rc->holds);
	free(rc);
}

/* Write op: the state's holds and recalls, held here and pushed. */
static int
reconcile_hold(struct op_ctx *ctx)
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
	ctx->result = json_incref(rc->result);
	return (0);
}

static void
reconcile_log(json_t *result)
{
	json_t		*diffs, *d;
	size_t		 i;

	diffs = json_object_get(result, "differences");
	log_info("compliance: reconciled %lld packages with the state: %zu "
	    "differences, %zu explained by reports not yet sent, %zu held "
	    "as the state holds them", (long long)json_integer_value(
	    json_object_get(result, "packages")), json_array_size(diffs),
	    json_array_size(json_object_get(result, "explained")),
	    json_array_size(json_object_get(result, "held")));
	json_array_foreach(diffs, i, d) {
		if (i == RECONCILE_LOG_MAX)
			break;
		log_warnx("compliance: package %s differs from the state "
		    "(%s)", json_string_value(json_object_get(d, "tag")),
		    json_string_value(json_object_get(d, "kind")));
	}
}

/* The comparison is done: log, answer, hold what the state holds. */
static void
reconcile_done(struct reconcile *rc)
{
	struct op_ctx	*ctx = rc->ctx;

	reconcile_running = NULL;
	rc->result = reply_reconcile_end(rc->reply,
	    reconcile_walk_summary(rc->walk), &rc->holds);
	rc->reply = NULL;
	reconcile_log(rc->result);
	if (json_array_size(rc->holds) == 0) {
		ctx->result = json_incref(rc->result);
		op_finish(ctx);
		return;
	}
	batch_run(ctx->srv, ctx, reconcile_hold);
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
	rc->reply = reply_reconcile_new();
	rc->walk = reconcile_walk_new(packages, reply_reconcile_add,
	    rc->reply);
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
