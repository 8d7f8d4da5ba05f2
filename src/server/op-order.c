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
#include "order.h"
#include "reply.h"

/*
 * Orders over the protocol (order.create, .get, .list, .cancel) and the
 * expiry of orders not packed in time: a timer on the loop that expires
 * the overdue ones a few at a time, each in its own durable transaction
 * with its audit record, never while the pass's group commit is open.
 */

#define OP_ORDER_EXPIRE_BATCH	16	/* expiries per loop pass */
#define OP_ORDER_PACKAGES	64	/* stock events per product */

static struct order_conf	 op_order_conf;
static struct event		*op_order_ev;

/* The stock events of every package of the order's products. */
static void
op_order_stock_cb(const struct package *pk, int64_t avail, void *arg)
{
	op_event(arg, reply_stock_event(((struct op_ctx *)arg)->txn, pk, avail, 0));
}

static void
op_order_events(struct op_ctx *ctx, struct store_txn *t,
    const struct order *o)
{
	u_int	i;

	for (i = 0; i < o->nlines; i++)
		order_product_packages(t, o->lines[i].product,
		    OP_ORDER_PACKAGES, op_order_stock_cb, ctx);
	op_event(ctx, json_pack("{s:s, s:I, s:s}", "event", "order", "id",
	    (json_int_t)o->id, "status", store_order_status_name(o->status)));
}

static int
op_order_fail(struct op_ctx *ctx, enum order_err e, char *cause)
{
	if (e == ORDER_E_STORE) {
		free(cause);
		return (op_store_error(ctx));
	}
	op_error(ctx, order_err_code(e), "%s", cause);
	free(cause);
	return (-1);
}

/* Write op: the order document (doc/protocol.md), placed and reserved. */
int
op_order_create(struct op_ctx *ctx)
{
	struct order_request	*rq;
	struct order		*o;
	char			*cause = NULL;
	int			 replayed, r = 0;
	enum order_err		 e;

	rq = xmalloc(sizeof *rq);
	o = xmalloc(sizeof *o);
	if (order_parse(ctx->args, rq, &cause) != 0) {
		r = op_bad_request(ctx, cause);
		goto out;
	}
	rq->staff = ctx->c->staff;
	rq->terminal = ctx->c->terminal;
	e = order_create(ctx->txn, &op_order_conf, rq, o, &replayed, &cause);
	if (e != ORDER_OK) {
		r = op_order_fail(ctx, e, cause);
		goto out;
	}
	if (!replayed)
		op_order_events(ctx, ctx->txn, o);
	ctx->result = json_pack("{s:o, s:b}", "order", reply_order(o),
	    "replayed", replayed);
out:
	free(rq);
	free(o);
	return (r);
}

int
op_order_get(struct op_ctx *ctx)
{
	struct order	*o;
	json_int_t	 id;
	char		*cause = NULL;
	int		 r;

	if (proto_arg_int(ctx->args, "id", 1, 1, INT64_MAX, &id, &cause) != 0)
		return (op_bad_request(ctx, cause));
	o = xmalloc(sizeof *o);
	r = store_order_get(ctx->txn, (uint64_t)id, o);
	if (r == 0)
		ctx->result = json_pack("{s:o}", "order", reply_order(o));
	free(o);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no order %lld",
		    (long long)id));
	if (r != 0)
		return (op_store_error(ctx));
	return (0);
}

static void
op_order_list_cb(const struct order *o, void *arg)
{
	json_array_append_new(arg, reply_order(o));
}

int
op_order_list(struct op_ctx *ctx)
{
	const char	*status = NULL;
	json_int_t	 before = 0, limit = 50;
	json_t		*list;
	uint64_t	 next;
	char		*cause = NULL;
	int		 st = 0;

	if (proto_arg_str(ctx->args, "status", 0, 16, &status, &cause) < 0 ||
	    proto_arg_int(ctx->args, "before", 0, 1, INT64_MAX, &before,
	    &cause) < 0 || proto_arg_int(ctx->args, "limit", 0, 1, 100,
	    &limit, &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (status != NULL && (st = store_order_status_find(status)) == -1)
		return (op_error(ctx, "bad-request", "\"status\" must be one "
		    "of new, packing, packed, assigned, out, delivered, "
		    "failed, returned, cancelled, expired"));
	list = json_array();
	if (order_list(ctx->txn, st, (uint64_t)before, (u_int)limit,
	    op_order_list_cb, list, &next) < 0) {
		json_decref(list);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "orders", list);
	if (next != 0)
		json_object_set_new(ctx->result, "next",
		    json_integer((json_int_t)next));
	return (0);
}

/* Write op: cancel an order not yet on its way; its stock is released. */
int
op_order_cancel(struct op_ctx *ctx)
{
	struct order	*o;
	json_int_t	 id;
	const char	*reason;
	char		*cause = NULL;
	int		 r = 0;
	enum order_err	 e;

	if (proto_arg_int(ctx->args, "id", 1, 1, INT64_MAX, &id,
	    &cause) != 0 || proto_arg_str(ctx->args, "reason", 1,
	    ORDER_REASON_MAX, &reason, &cause) != 0)
		return (op_bad_request(ctx, cause));
	o = xmalloc(sizeof *o);
	e = order_cancel(ctx->txn, (uint64_t)id, ctx->c->staff,
	    ctx->c->terminal, reason, 0, o, &cause);
	if (e != ORDER_OK)
		r = op_order_fail(ctx, e, cause);
	else {
		op_order_events(ctx, ctx->txn, o);
		ctx->result = json_pack("{s:o}", "order", reply_order(o));
	}
	free(o);
	return (r);
}

/* --- expiry --- */

struct op_order_expiry {
	int64_t		 now;
};

/*
 * One expiry, an op of the group commit (batch_write): the next overdue
 * order, if there still is one, expired and its stock released, with its
 * events pushed after the commit like any op's.
 */
static int
op_order_expire_op(struct op_ctx *ctx)
{
	struct op_order_expiry	*x = ctx->data;
	struct order		*o;
	uint64_t		 id;
	char			*cause = NULL;
	int			 r;

	if ((r = store_order_due(ctx->txn, x->now, &id)) == STORE_NOTFOUND)
		return (0);
	if (r != 0)
		return (op_store_error(ctx));
	o = xmalloc(sizeof *o);
	if (order_expire(ctx->txn, id, x->now, o, &cause) != ORDER_OK) {
		log_warnx("order expiry: %s", cause != NULL ? cause :
		    "cannot expire");
		r = op_error(ctx, "internal", "%s", cause != NULL ? cause :
		    "cannot expire an order");
		free(cause);
		free(o);
		return (r);
	}
	log_info("order %llu expired: its stock is released",
	    (unsigned long long)o->id);
	op_order_events(ctx, ctx->txn, o);
	free(o);
	return (0);
}

static void
op_order_arm(int64_t us)
{
	op_timer_arm(op_order_ev, us);
}

/*
 * Once a second: if an order is overdue, queue OP_ORDER_EXPIRE_BATCH
 * expiries for the next group commit (each takes the next overdue order,
 * or does nothing), and look again soon. The read here is closed before
 * anything is queued; the writes run where every write runs.
 */
static void
op_order_expire_cb(evutil_socket_t fd, short events, void *arg)
{
	struct server		*srv = arg;
	struct op_order_expiry	*x;
	struct store_txn	 t;
	uint64_t		 id;
	int64_t			 now = util_now();
	u_int			 n;
	int			 r;

	if (store_begin(srv->st, &t, 0) != 0) {
		log_warnx("order expiry: cannot read the ledger: %s", t.err);
		op_order_arm(1000000);
		return;
	}
	r = store_order_due(&t, now, &id);
	store_abort(&t);
	if (r != 0) {
		op_order_arm(1000000);
		return;
	}
	for (n = 0; n < OP_ORDER_EXPIRE_BATCH; n++) {
		x = xcalloc(1, sizeof *x);
		x->now = now;
		batch_write(srv, "order.expire", op_order_expire_op, x, free,
		    NULL);
	}
	op_order_arm(100000);
}

/* The store's zones and the expiry timer; -1 with *cause if misset. */
int
op_order_start(struct server *srv, char **cause)
{
	struct order_conf	*c = &op_order_conf;

	memset(c, 0, sizeof *c);
	if (order_zones_parse(options_string(srv->opts, "store-location"),
	    options_string(srv->opts, "delivery-zones"), c, cause) != 0)
		return (-1);
	c->rules = srv->rules;
	c->state = srv->info.state;
	c->tz = srv->info.tz;
	c->expiry = options_number(srv->opts, "order-expiry");
	if (c->nzones != 0)
		log_info("delivery: %u zone%s, up to %lld m", c->nzones,
		    c->nzones == 1 ? "" : "s",
		    (long long)c->zones[c->nzones - 1].radius);
	op_order_ev = evtimer_new(srv->base, op_order_expire_cb, srv);
	op_order_arm(1000000);
	return (0);
}

void
op_order_stop(void)
{
	if (op_order_ev != NULL) {
		event_free(op_order_ev);
		op_order_ev = NULL;
	}
}

/* An item's available quantity for item.lookup and the stock events. */
int64_t
op_order_available(struct store_txn *t, const struct package *pk)
{
	int64_t	avail;

	if (order_available_package(t, pk, &avail) != 0)
		return (0);
	return (avail);
}
