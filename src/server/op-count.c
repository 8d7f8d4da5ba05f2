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
#include "intake.h"
#include "reply.h"

/* Stock counts over the protocol; the rules are in count.c. */

/*
 * count.start walks the package table for its scope a step at a time, one
 * step per pass of the loop, each in its own read transaction, so that a
 * large store never holds the loop (count.c says why the count itself is
 * still one transaction).
 */
#define OP_COUNT_STEP	1000	/* packages examined per loop pass */

struct op_count_start {
	struct count_scan	 sc;
	int			 blind;
	struct event		*ev;
};

static void
op_count_start_free(void *arg)
{
	struct op_count_start	*cs = arg;

	if (cs->ev != NULL)
		event_free(cs->ev);
	count_scan_free(&cs->sc);
	free(cs);
}

static int
op_count_start_write(struct op_ctx *ctx)
{
	struct op_count_start	*cs = ctx->data;
	struct count		 cn;
	char			*cause = NULL;
	enum intake_err		 e;
	u_int			 n;

	e = count_create(ctx->txn, &cs->sc, cs->blind, ctx->c->staff,
	    ctx->c->terminal, &cn, &n, &cause);
	if (e != INTAKE_OK) {
		op_intake_fail(ctx, e, cause);
		return (e == INTAKE_E_STORE ? -1 : 0);
	}
	ctx->result = json_pack("{s:I, s:i, s:b}", "count", (json_int_t)cn.id,
	    "packages", (int)n, "blind", cn.blind);
	return (0);
}

/* One step of the walk; the next on the next pass, or the write. */
static void
op_count_start_step(int fd, short what, void *arg)
{
	struct op_ctx		*ctx = arg;
	struct op_count_start	*cs = ctx->data;
	struct store_txn	 txn;
	struct timeval		 tv = { 0, 0 };
	char			*cause = NULL;
	enum intake_err		 e;

	if (store_begin(ctx->srv->st, &txn, 0) != 0) {
		log_warnx("read transaction: %s", txn.err);
		op_error(ctx, "internal", "the ledger cannot be read");
		op_finish(ctx);
		return;
	}
	ctx->txn = &txn;
	e = count_scan(&txn, &cs->sc, OP_COUNT_STEP, &cause);
	if (e != INTAKE_OK)
		op_intake_fail(ctx, e, cause);
	store_abort(&txn);
	ctx->txn = NULL;
	if (e != INTAKE_OK) {
		op_finish(ctx);
		return;
	}
	if (!cs->sc.done) {
		evtimer_add(cs->ev, &tv);
		return;
	}
	batch_run(ctx->srv, ctx, op_count_start_write);
}

/* Async: the walk over loop passes, then the write. */
int
op_count_start(struct op_ctx *ctx)
{
	struct op_count_start	*cs;
	const char		*location = NULL, *category = NULL;
	struct timeval		 tv = { 0, 0 };
	json_t			*jb;
	char			*cause = NULL;

	if (proto_arg_str(ctx->args, "location", 0, LOCATION_MAX, &location,
	    &cause) < 0 || proto_arg_str(ctx->args, "category", 0,
	    CATEGORY_MAX, &category, &cause) < 0)
		return (op_bad_request(ctx, cause));
	jb = json_object_get(ctx->args, "blind");
	if (jb != NULL && !json_is_boolean(jb))
		return (op_error(ctx, "bad-request", "\"blind\" must be true "
		    "or false"));
	if (location != NULL && !inventory_location_valid(location))
		return (op_error(ctx, "bad-request", "unknown location \"%s\" "
		    "(floor, vault, express, quarantine or vehicle:NAME)",
		    location));
	cs = xcalloc(1, sizeof *cs);
	cs->sc.location = location;	/* in ctx->args, kept with ctx */
	cs->sc.category = category;
	cs->blind = json_is_true(jb);
	cs->ev = evtimer_new(ctx->srv->base, op_count_start_step, ctx);
	ctx->data = cs;
	ctx->free_data = op_count_start_free;
	evtimer_add(cs->ev, &tv);
	return (0);
}

/* Write op. */
int
op_count_record(struct op_ctx *ctx)
{
	struct count_line	 l;
	json_int_t		 id, qty;
	char			 tag[TAG_LEN + 1], *cause = NULL;
	enum intake_err		 e;

	if (proto_arg_int(ctx->args, "count", 1, 1, INT64_MAX, &id,
	    &cause) != 0 || proto_arg_int(ctx->args, "qty", 1, 0,
	    INT64_C(100000000), &qty, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if (op_intake_tag(ctx, ctx->args, "tag", tag) != 0)
		return (-1);
	e = count_record(ctx->txn, (uint64_t)id, tag, qty, ctx->c->staff,
	    ctx->c->terminal, &l, &cause);
	if (e != INTAKE_OK)
		return (op_intake_fail(ctx, e, cause));
	ctx->result = json_pack("{s:I, s:s, s:I}", "count", (json_int_t)id,
	    "tag", tag, "counted", (json_int_t)qty);
	return (0);
}

int
op_count_report(struct op_ctx *ctx)
{
	struct count	 cn;
	json_int_t	 id;
	char		*cause = NULL;
	int		 r;

	if (proto_arg_int(ctx->args, "count", 1, 1, INT64_MAX, &id,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	r = store_count_get(ctx->txn, (uint64_t)id, &cn);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no count %lld",
		    (long long)id));
	if (r != 0 || (ctx->result = reply_count(ctx->txn, &cn)) == NULL)
		return (op_store_error(ctx));
	return (0);
}

/* Write op: with adjust, one "count" adjustment per variance. */
int
op_count_finish(struct op_ctx *ctx)
{
	struct count	 cn;
	json_int_t	 id;
	json_t		*ja;
	char		*cause = NULL;
	enum intake_err	 e;
	u_int		 n;

	if (proto_arg_int(ctx->args, "count", 1, 1, INT64_MAX, &id,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	ja = json_object_get(ctx->args, "adjust");
	if (!json_is_boolean(ja))
		return (op_error(ctx, "bad-request", "\"adjust\" must be true "
		    "or false"));
	e = count_finish(ctx->txn, (uint64_t)id, json_is_true(ja),
	    ctx->c->staff, ctx->c->terminal, &n, &cause);
	if (e != INTAKE_OK)
		return (op_intake_fail(ctx, e, cause));
	if (store_count_get(ctx->txn, (uint64_t)id, &cn) != 0 ||
	    (ctx->result = reply_count(ctx->txn, &cn)) == NULL)
		return (op_store_error(ctx));
	json_object_set_new(ctx->result, "adjustments", json_integer(n));
	return (0);
}
