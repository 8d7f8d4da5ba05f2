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
#include "inventory.h"
#include "trip.h"
#include "route.h"
#include "reply.h"

/*
 * Packing and trips over the protocol: order.pick (the pick list),
 * order.pack and order.unpack (a scanned package in or out of a line),
 * order.seal (the packer and the bag label); trip.* (op-trip.c's second
 * half). Each write is one transaction of the group commit with its audit
 * record (pack.c, trip.c).
 */

/* An order_err as the reply, for the order.* ops as well as trip.*. */
int
op_trip_fail(struct op_ctx *ctx, enum order_err e, char *cause)
{
	if (e == ORDER_E_STORE) {
		free(cause);
		return (op_store_error(ctx));
	}
	op_error(ctx, order_err_code(e), "%s", cause);
	free(cause);
	return (-1);
}

int
op_trip_id(struct op_ctx *ctx, const char *name, uint64_t *id)
{
	json_int_t	 v;
	char		*cause = NULL;

	if (proto_arg_int(ctx->args, name, 1, 1, INT64_MAX, &v, &cause) != 0)
		return (op_bad_request(ctx, cause));
	*id = (uint64_t)v;
	return (0);
}

static int
op_trip_tag(struct op_ctx *ctx, json_t *j, char *tag)
{
	const char	*s = json_string_value(j);

	if (s == NULL || strlen(s) != TAG_LEN)
		return (op_error(ctx, "bad-request", "a package tag is 24 "
		    "characters 0-9, A-F"));
	strlcpy(tag, s, TAG_LEN + 1);
	util_tag_upper(tag);
	if (!util_tag_valid(tag))
		return (op_error(ctx, "bad-request", "%.32s is not a package "
		    "tag (24 characters 0-9, A-F)", s));
	return (0);
}

static void
op_trip_order_event(struct op_ctx *ctx, const struct order *o)
{
	op_event(ctx, json_pack("{s:s, s:I, s:s}", "event", "order", "id",
	    (json_int_t)o->id, "status", store_order_status_name(o->status)));
}

/* A trip changed while planned: its number and status, for the board. */
static void
op_trip_event(struct op_ctx *ctx, const struct trip *tr)
{
	op_event(ctx, json_pack("{s:s, s:I, s:s}", "event", "trip", "id",
	    (json_int_t)tr->id, "status", store_trip_status_name(tr->status)));
}

/* An order's status after a trip op, as an order event. */
static void
op_trip_order_id_event(struct op_ctx *ctx, uint64_t id)
{
	struct order	*o;

	o = xmalloc(sizeof *o);
	if (store_order_get(ctx->txn, id, o) == 0)
		op_trip_order_event(ctx, o);
	free(o);
}

/* --- packing --- */

static void
op_order_pick_cb(const struct pack_row *r, void *arg)
{
	json_t	*lines = arg, *line, *pks;

	line = json_array_get(lines, r->line);
	pks = json_object_get(line, "packages");
	json_array_append_new(pks, json_pack("{s:s, s:s, s:I, s:I, s:i, "
	    "s:I, s:b}", "tag", r->pk->tag, "location", r->pk->location,
	    "qty", (json_int_t)r->pk->qty, "free", (json_int_t)r->free,
	    "expires", r->pk->expires, "received", (json_int_t)r->pk->received,
	    "first", r->fefo));
}

/* The pick list: each line with what it still needs and its packages. */
int
op_order_pick(struct op_ctx *ctx)
{
	struct order	*o;
	json_t		*lines;
	uint64_t	 id;
	char		*cause = NULL;
	u_int		 i;
	int		 r = 0;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	o = xmalloc(sizeof *o);
	if (store_order_get(ctx->txn, id, o) != 0) {
		free(o);
		return (op_error(ctx, "not-found", "no order %llu",
		    (unsigned long long)id));
	}
	lines = json_array();
	for (i = 0; i < o->nlines; i++)
		json_array_append_new(lines, json_pack("{s:i, s:I, s:s, s:b, "
		    "s:I, s:I, s:[]}", "line", (int)i + 1, "product",
		    (json_int_t)o->lines[i].product, "name", o->lines[i].name,
		    "by_weight", o->lines[i].unit_weight, "qty",
		    (json_int_t)o->lines[i].qty, "need",
		    (json_int_t)pack_need(o, i), "packages"));
	e = pack_list(ctx->txn, id, op_order_pick_cb, lines, o, &cause);
	if (e != ORDER_OK) {
		json_decref(lines);
		r = op_trip_fail(ctx, e, cause);
	} else
		ctx->result = json_pack("{s:I, s:s, s:o}", "order",
		    (json_int_t)id, "status", store_order_status_name(
		    o->status), "lines", lines);
	free(o);
	return (r);
}

/*
 * A packing step's answer: the refusal, or the order as it now is, pushed
 * to the packing and dispatch screens. o is freed.
 */
static int
op_trip_packed(struct op_ctx *ctx, enum order_err e, struct order *o,
    char *cause)
{
	int	r = 0;

	if (e != ORDER_OK)
		r = op_trip_fail(ctx, e, cause);
	else {
		op_trip_order_event(ctx, o);
		ctx->result = json_pack("{s:o}", "order", reply_order(o));
	}
	free(o);
	return (r);
}

/* Write op: a scanned package into its line; weighed lines take weight. */
int
op_order_pack(struct op_ctx *ctx)
{
	struct order	*o;
	const char	*source = NULL;
	json_int_t	 weight = 0;
	uint64_t	 id;
	char		 tag[TAG_LEN + 1], *cause = NULL;
	int		 weighed;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0 || op_trip_tag(ctx,
	    json_object_get(ctx->args, "tag"), tag) != 0)
		return (-1);
	if (proto_arg_int(ctx->args, "weight", 0, 1, INVENTORY_MG_MAX,
	    &weight, &cause) < 0 || proto_arg_str(ctx->args,
	    "weight_source", 0, 8, &source, &cause) < 0)
		return (op_bad_request(ctx, cause));
	if ((weighed = store_adjust_weighed_find(source)) == -1)
		return (op_error(ctx, "bad-request", "\"weight_source\" is "
		    "\"scale\" or \"typed\""));
	if (weight != 0 && weighed == ADJUST_WEIGHED_NONE)
		return (op_error(ctx, "bad-request", "a weight says where it "
		    "came from: \"weight_source\" \"scale\" or \"typed\""));
	if (weighed == ADJUST_WEIGHED_TYPED &&
	    (ctx->c->perms & PERM_WEIGHT_TYPE) == 0)
		return (op_error(ctx, "permission", "a typed weight needs "
		    "the weight.type permission: weigh it on the scale"));
	o = xmalloc(sizeof *o);
	e = pack_scan(ctx->txn, id, tag, weight, weighed, ctx->c->staff,
	    ctx->c->terminal, o, &cause);
	return (op_trip_packed(ctx, e, o, cause));
}

/* Write op: a package back out of an order being packed. */
int
op_order_unpack(struct op_ctx *ctx)
{
	struct order	*o;
	uint64_t	 id;
	char		 tag[TAG_LEN + 1], *cause = NULL;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0 || op_trip_tag(ctx,
	    json_object_get(ctx->args, "tag"), tag) != 0)
		return (-1);
	o = xmalloc(sizeof *o);
	e = pack_unpack(ctx->txn, id, tag, ctx->c->staff, ctx->c->terminal,
	    o, &cause);
	return (op_trip_packed(ctx, e, o, cause));
}

/* Write op: seal a packed order; the reply has the bag label's fields. */
int
op_order_seal(struct op_ctx *ctx)
{
	struct order		*o;
	struct pack_label	 l;
	json_t			*text;
	char			 lines[8][PACK_LABEL_COLS + 1], *cause = NULL;
	uint64_t		 id;
	u_int			 n, i;
	int			 r = 0;
	enum order_err		 e;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	o = xmalloc(sizeof *o);
	e = pack_seal(ctx->txn, id, ctx->c->staff, ctx->c->terminal, 0, o,
	    &l, &cause);
	if (e != ORDER_OK) {
		free(o);
		return (op_trip_fail(ctx, e, cause));
	}
	n = pack_label_lines(&l, ctx->srv->info.tz, lines, 8);
	text = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(text, json_string(lines[i]));
	op_trip_order_event(ctx, o);
	ctx->result = json_pack("{s:o, s:{s:I, s:s, s:s, s:i, s:i, s:I, "
	    "s:I, s:s, s:o}}", "order", reply_order(o), "label", "order",
	    (json_int_t)l.order, "ref", l.ref, "name", l.name, "lines",
	    (int)l.lines, "packages", (int)l.packages, "sealed",
	    (json_int_t)l.sealed, "packer", (json_int_t)l.packer, "channel",
	    l.pickup ? "pickup" : "delivery", "text", text);
	free(o);
	return (r);
}

/* --- trips --- */

void
op_trip_conf(struct op_ctx *ctx, struct trip_conf *c)
{
	op_trip_conf_srv(ctx->srv, c);
}

/* The same outside an operation (the compliance drain). */
void
op_trip_conf_srv(struct server *srv, struct trip_conf *c)
{
	struct order_conf	 oc;
	char			*cause = NULL;

	memset(c, 0, sizeof *c);
	c->rules = srv->rules;
	c->state = srv->info.state;
	c->tz = srv->info.tz;
	c->metrc_delivery = options_string(srv->opts, ORDER_METRC_DELIVERY);
	memset(&oc, 0, sizeof oc);
	if (order_zones_parse(options_string(srv->opts,
	    "store-location"), "", &oc, &cause) == 0 && oc.located) {
		c->located = 1;
		c->lat = oc.lat;
		c->lon = oc.lon;
	}
	free(cause);
}

json_t *
op_trip_json(struct op_ctx *ctx, const struct trip *tr)
{
	json_t	*j;

	j = reply_trip(ctx->txn, tr);
	op_trip_gps(ctx, tr, j);
	return (j);
}

static int
op_trip_reply(struct op_ctx *ctx, struct trip *tr, enum order_err e,
    char *cause)
{
	if (e != ORDER_OK)
		return (op_trip_fail(ctx, e, cause));
	ctx->result = json_pack("{s:o}", "trip", op_trip_json(ctx, tr));
	return (0);
}

/* "orders": [N, ...], 1 to TRIP_ORDERS of them. */
static int
op_trip_orders(struct op_ctx *ctx, uint64_t *orders, u_int *n)
{
	json_t	*a = json_object_get(ctx->args, "orders"), *v;
	size_t	 i;

	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > TRIP_ORDERS)
		return (op_error(ctx, "bad-request", "\"orders\" is a list of "
		    "1 to %d order numbers", TRIP_ORDERS));
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return (op_error(ctx, "bad-request", "\"orders\" "
			    "holds order numbers"));
		orders[i] = (uint64_t)json_integer_value(v);
	}
	*n = (u_int)json_array_size(a);
	return (0);
}

int
op_trip_create(struct op_ctx *ctx)
{
	struct trip	 tr;
	uint64_t	 orders[TRIP_ORDERS], driver;
	const char	*plate;
	json_int_t	 at = 0;
	char		*cause = NULL;
	u_int		 n;
	enum order_err	 e;

	if (op_trip_id(ctx, "driver", &driver) != 0 ||
	    op_trip_orders(ctx, orders, &n) != 0)
		return (-1);
	if (proto_arg_str(ctx->args, "vehicle", 1, VEHICLE_PLATE_MAX, &plate,
	    &cause) != 0 || proto_arg_int(ctx->args, "depart_at", 0, 0,
	    INT64_C(4102444800000000), &at, &cause) < 0)
		return (op_bad_request(ctx, cause));
	e = trip_create(ctx->txn,
	    (uint32_t)driver, plate, orders, n, at, ctx->c->staff,
	    ctx->c->terminal, &tr, &cause);
	if (e == ORDER_OK) {
		for (n = 0; n < tr.norders; n++)
			op_trip_order_id_event(ctx, tr.orders[n]);
		op_trip_event(ctx, &tr);
	}
	return (op_trip_reply(ctx, &tr, e, cause));
}

static int
op_trip_assign1(struct op_ctx *ctx, int add)
{
	struct trip	tr;
	uint64_t	id, order;
	char		*cause = NULL;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0 ||
	    op_trip_id(ctx, "order", &order) != 0)
		return (-1);
	e = trip_assign(ctx->txn, id, order, add,
	    ctx->c->staff, ctx->c->terminal, &tr, &cause);
	if (e == ORDER_OK) {
		op_trip_order_id_event(ctx, order);
		op_trip_event(ctx, &tr);
	}
	return (op_trip_reply(ctx, &tr, e, cause));
}

int
op_trip_assign(struct op_ctx *ctx)
{
	return (op_trip_assign1(ctx, 1));
}

int
op_trip_unassign(struct op_ctx *ctx)
{
	return (op_trip_assign1(ctx, 0));
}

int
op_trip_reorder(struct op_ctx *ctx)
{
	struct trip	tr;
	uint64_t	id, orders[TRIP_ORDERS];
	char		*cause = NULL;
	u_int		n;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0 ||
	    op_trip_orders(ctx, orders, &n) != 0)
		return (-1);
	e = trip_reorder(ctx->txn, id, orders, n,
	    ctx->c->staff, ctx->c->terminal, &tr, &cause);
	if (e == ORDER_OK)
		op_trip_event(ctx, &tr);
	return (op_trip_reply(ctx, &tr, e, cause));
}

/*
 * trip.optimise and trip.depart: the road times between the trip's stops
 * are asked first where route-url is set (route-osrm.c), without
 * blocking; whatever the answer, the write follows, on the road times if
 * they came and still fit the trip, else on straight-line estimates.
 */
struct op_trip_opt {
	uint64_t		 id;
	op_fn			 write;
	char			 ledger[TRIP_LEDGER_MAX + 1];	/* depart */
	int			 has_ledger;
	struct trip_roads	 roads;
	uint64_t		 orders[TRIP_ORDERS];
	int64_t			*dur;
	int64_t			*dist;
};

static void
op_trip_opt_free(void *arg)
{
	struct op_trip_opt	*x = arg;

	free(x->dur);
	free(x->dist);
	free(x);
}

/*
 * The write's trip settings, with the road times if they came and the
 * trip's stops are still the ones they were asked for, in that order.
 */
static void
op_trip_roads_conf(struct op_ctx *ctx, struct trip_conf *c)
{
	struct op_trip_opt	*x = ctx->data;
	struct trip		 tr;

	op_trip_conf(ctx, c);
	if (x->dur != NULL && store_trip_get(ctx->txn, x->id, &tr) == 0 &&
	    tr.norders == x->roads.n && memcmp(tr.orders, x->orders,
	    tr.norders * sizeof tr.orders[0]) == 0)
		c->roads = &x->roads;
}

/* The reply of a write on road times: the trip, and whether they were. */
static int
op_trip_roads_reply(struct op_ctx *ctx, const struct trip_conf *c,
    struct trip *tr, enum order_err e, char *cause, int event)
{
	if (e == ORDER_OK && event)
		op_trip_event(ctx, tr);
	if (op_trip_reply(ctx, tr, e, cause) != 0)
		return (-1);
	json_object_set_new(ctx->result, "roads", json_boolean(c->roads !=
	    NULL));
	return (0);
}

/* The write: the stops reordered, with road times if they came. */
static int
op_trip_optimise_write(struct op_ctx *ctx)
{
	struct op_trip_opt	*x = ctx->data;
	struct trip		 tr;
	struct trip_conf	 c;
	char			*cause = NULL;
	enum order_err		 e;

	op_trip_roads_conf(ctx, &c);
	e = trip_optimise(ctx->txn, x->id, &c,
	    ctx->c->staff, ctx->c->terminal, &tr, &cause);
	return (op_trip_roads_reply(ctx, &c, &tr, e, cause, 1));
}

/* The write: out, each customer told its ETA on road times if they came. */
static int
op_trip_depart_write(struct op_ctx *ctx)
{
	struct op_trip_opt	*x = ctx->data;
	struct trip		 tr;
	struct trip_conf	 c;
	char			*cause = NULL;
	enum order_err		 e;
	json_t			*etas;
	int64_t			 eta[TRIP_ORDERS];
	u_int			 i;

	op_trip_roads_conf(ctx, &c);
	memset(eta, 0, sizeof eta);
	e = trip_depart(ctx->txn, x->id, &c, x->has_ledger ? x->ledger :
	    NULL, ctx->c->staff, ctx->c->terminal, &tr, eta, &cause);
	if (op_trip_roads_reply(ctx, &c, &tr, e, cause, 0) != 0)
		return (-1);
	/* What each customer was told, in stop order (null: none). */
	etas = json_array();
	for (i = 0; i < tr.norders; i++)
		json_array_append_new(etas, eta[i] != 0 ?
		    json_integer(eta[i]) : json_null());
	json_object_set_new(ctx->result, "etas", etas);
	return (0);
}

static void
op_trip_roads_cb(int how, int64_t *dur, int64_t *dist, void *arg)
{
	struct op_ctx		*ctx = arg;
	struct op_trip_opt	*x = ctx->data;

	if (how == ROUTE_OSRM_STOPPING) {
		op_error(ctx, "unavailable", "stashd is stopping");
		op_finish(ctx);
		return;
	}
	x->roads.dur = x->dur = dur;
	x->roads.dist = x->dist = dist;
	batch_run(ctx->srv, ctx, x->write);
}

/*
 * Ask for the road times of trip x->id if it is in status and has at
 * least min stops, then run x->write; without route-url, a store
 * location, or such a trip, the write runs at once (and says what is
 * wrong, if anything).
 */
static int
op_trip_roads(struct op_ctx *ctx, struct op_trip_opt *x, int status,
    u_int min)
{
	struct trip_conf	 c;
	struct trip		 tr;
	struct route_point	 pts[TRIP_ORDERS + 1];
	const char		*url;
	int			 ask;

	ctx->data = x;
	ctx->free_data = op_trip_opt_free;
	url = options_string(ctx->srv->opts, "route-url");
	op_trip_conf(ctx, &c);
	ask = *url != '\0' && store_trip_get(ctx->txn, x->id, &tr) == 0 &&
	    tr.status == status && tr.norders >= min &&
	    trip_points(ctx->txn, &tr, &c, pts) == 0;
	ctx->txn = NULL;	/* the read transaction ends on return */
	if (!ask) {
		batch_run(ctx->srv, ctx, x->write);
		return (0);
	}
	memcpy(x->orders, tr.orders, tr.norders * sizeof tr.orders[0]);
	x->roads.n = tr.norders;
	x->roads.orders = x->orders;
	route_osrm_ask(ctx->srv, url, pts, tr.norders + 1, op_trip_roads_cb,
	    ctx);
	return (0);
}

/* Async: reorder a planned trip's stops (op_trip_roads). */
int
op_trip_optimise(struct op_ctx *ctx)
{
	struct op_trip_opt	*x;

	x = xcalloc(1, sizeof *x);
	if (op_trip_id(ctx, "id", &x->id) != 0) {
		free(x);
		return (-1);
	}
	x->write = op_trip_optimise_write;
	return (op_trip_roads(ctx, x, TRIP_PLANNED, 2));
}

/* Read: the trip against the delivery rules, every rule it breaks. */
int
op_trip_check(struct op_ctx *ctx)
{
	struct trip		tr;
	struct trip_conf	c;
	struct delivery_result	res;
	json_t			*v;
	uint64_t		id;
	char			*cause = NULL;
	enum order_err		e;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	if (store_trip_get(ctx->txn, id, &tr) != 0)
		return (op_error(ctx, "not-found", "no trip %llu",
		    (unsigned long long)id));
	op_trip_conf(ctx, &c);
	if ((e = trip_check(ctx->txn, &tr, &c, &res, &cause)) != ORDER_OK)
		return (op_trip_fail(ctx, e, cause));
	v = reply_delivery_violations(&res);
	ctx->result = json_pack("{s:I, s:b, s:b, s:{s:I, s:I, s:I, s:i}, "
	    "s:o}", "trip", (json_int_t)id, "allowed", res.allow, "ok",
	    res.allow && res.nv == 0, "load", "total",
	    (json_int_t)res.load.total, "unordered",
	    (json_int_t)res.load.unordered, "weight",
	    (json_int_t)res.load.weight, "stops", (int)res.load.stops,
	    "violations", v);
	delivery_rules_result_free(&res);
	return (0);
}

static void
op_trip_stock_events(struct op_ctx *ctx, const struct trip *tr)
{
	struct order	*o;
	u_int		 i, j;

	o = xmalloc(sizeof *o);
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(ctx->txn, tr->orders[i], o) != 0)
			continue;
		op_trip_order_event(ctx, o);
		for (j = 0; j < o->npicks; j++)
			op_event(ctx, json_pack("{s:s, s:s}", "event", "stock",
			    "tag", o->picks[j].tag));
	}
	free(o);
}

int
op_trip_load(struct op_ctx *ctx)
{
	struct trip		tr;
	struct trip_conf	c;
	uint64_t		id;
	char			*cause = NULL;
	enum order_err		e;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	op_trip_conf(ctx, &c);
	e = trip_load(ctx->txn, id, &c, ctx->c->staff, ctx->c->terminal, &tr,
	    &cause);
	if (e == ORDER_OK)
		op_trip_stock_events(ctx, &tr);
	return (op_trip_reply(ctx, &tr, e, cause));
}

/*
 * Async: a loaded trip leaves; each customer's ETA on the road times
 * where route-url gives them (op_trip_roads).
 */
int
op_trip_depart(struct op_ctx *ctx)
{
	struct op_trip_opt	*x;
	const char		*ledger = NULL;
	char			*cause = NULL;

	x = xcalloc(1, sizeof *x);
	if (op_trip_id(ctx, "id", &x->id) != 0) {
		free(x);
		return (-1);
	}
	if (proto_arg_str(ctx->args, "ledger", 0, TRIP_LEDGER_MAX, &ledger,
	    &cause) < 0) {
		free(x);
		return (op_bad_request(ctx, cause));
	}
	if (ledger != NULL) {
		strlcpy(x->ledger, ledger, sizeof x->ledger);
		x->has_ledger = 1;
	}
	x->write = op_trip_depart_write;
	return (op_trip_roads(ctx, x, TRIP_LOADED, 1));
}

/*
 * Async, as sale.commit: the order handed over at its stop is sold
 * through the sale path with "order" (sale.c re-checks the customer's ID
 * and eligibility and sells its packages out of the vehicle); lines and
 * customer default to what the order was packed with.
 */
int
op_trip_deliver(struct op_ctx *ctx)
{
	struct order	*o;
	json_t		*lines;
	uint64_t	 id, order;
	u_int		 i;

	if (op_trip_id(ctx, "id", &id) != 0 ||
	    op_trip_id(ctx, "order", &order) != 0)
		return (-1);
	o = xmalloc(sizeof *o);
	if (store_order_get(ctx->txn, order, o) != 0) {
		free(o);
		return (op_error(ctx, "not-found", "no order %llu",
		    (unsigned long long)order));
	}
	if (o->trip != id || o->status != ORDER_OUT) {
		op_error(ctx, "conflict", "order %llu is %s and not out on "
		    "trip %llu", (unsigned long long)order,
		    store_order_status_name(o->status),
		    (unsigned long long)id);
		free(o);
		return (-1);
	}
	if (json_object_get(ctx->args, "lines") == NULL) {
		lines = json_array();
		for (i = 0; i < o->npicks; i++)
			json_array_append_new(lines, json_pack("{s:s, s:I}",
			    "tag", o->picks[i].tag, "qty",
			    (json_int_t)o->picks[i].qty));
		json_object_set_new(ctx->args, "lines", lines);
	}
	if (json_object_get(ctx->args, "customer") == NULL)
		json_object_set_new(ctx->args, "customer",
		    json_integer(o->customer));
	if (o->patient != 0 && json_object_get(ctx->args, "patient") == NULL)
		json_object_set_new(ctx->args, "patient",
		    json_integer(o->patient));
	json_object_del(ctx->args, "id");
	json_object_set_new(ctx->args, "order", json_integer((json_int_t)
	    order));
	free(o);
	return (op_sale_commit(ctx));
}

int
op_trip_fail_order(struct op_ctx *ctx)
{
	struct trip		tr;
	struct trip_conf	c;
	const char		*reason;
	uint64_t		id, order;
	char			*cause = NULL;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0 ||
	    op_trip_id(ctx, "order", &order) != 0)
		return (-1);
	if (proto_arg_str(ctx->args, "reason", 1, ORDER_REASON_MAX, &reason,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	op_trip_conf(ctx, &c);
	e = trip_fail(ctx->txn, id, order, &c,
	    reason, ctx->c->staff, ctx->c->terminal, &tr, &cause);
	return (op_trip_reply(ctx, &tr, e, cause));
}

int
op_trip_close(struct op_ctx *ctx)
{
	struct trip		 tr;
	struct trip_close_sum	 sum;
	struct trip_return	*ret;
	json_t			*a, *v;
	json_int_t		 cash, q;
	size_t			 i;
	char			*cause = NULL;
	uint64_t		 id;
	int			 r;
	enum order_err		 e;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	if (proto_arg_int(ctx->args, "cash", 1, 0, INT64_C(100000000000),
	    &cash, &cause) != 0)
		return (op_bad_request(ctx, cause));
	a = json_object_get(ctx->args, "returned");
	if (a != NULL && (!json_is_array(a) || json_array_size(a) > 512))
		return (op_error(ctx, "bad-request", "\"returned\" is a list "
		    "of up to 512 {\"tag\",\"qty\"} scanned into the vault"));
	ret = xcalloc(json_array_size(a) + 1, sizeof *ret);
	json_array_foreach(a, i, v) {
		if (op_trip_tag(ctx, json_object_get(v, "tag"),
		    ret[i].tag) != 0) {
			free(ret);
			return (-1);
		}
		ret[i].qty = -1;
		if ((r = proto_arg_int(v, "qty", 0, 0, INVENTORY_MG_MAX, &q,
		    &cause)) < 0) {
			free(ret);
			return (op_bad_request(ctx, cause));
		}
		if (r == 0)
			ret[i].qty = q;
	}
	e = trip_close(ctx->txn, id, ret, (u_int)json_array_size(a), cash,
	    ctx->c->staff, ctx->c->terminal, &tr, &sum, &cause);
	free(ret);
	if (e != ORDER_OK)
		return (op_trip_fail(ctx, e, cause));
	op_trip_stock_events(ctx, &tr);
	ctx->result = json_pack("{s:o, s:{s:I, s:I, s:I, s:i, s:i}}", "trip",
	    op_trip_json(ctx, &tr), "close", "collected",
	    (json_int_t)sum.collected, "counted", (json_int_t)sum.counted,
	    "over_short", (json_int_t)sum.over_short, "returned",
	    (int)sum.returned, "missing", (int)sum.missing);
	return (0);
}

/*
 * A trip out on the road takes more stock on board: "packages" are
 * {"tag","qty"} (qty, if given, what the package holds), moved into the
 * vehicle whole as floating stock (trip_restock).
 */
int
op_trip_restock(struct op_ctx *ctx)
{
	struct trip		 tr;
	struct trip_conf	 c;
	struct trip_restock	*rs;
	json_t			*a, *v;
	json_int_t		 q;
	size_t			 i;
	char			*cause = NULL;
	uint64_t		 id;
	enum order_err		 e;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	a = json_object_get(ctx->args, "packages");
	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > TRIP_FLOAT)
		return (op_error(ctx, "bad-request", "\"packages\" is a list "
		    "of 1 to 32 {\"tag\",\"qty\"} taken on board"));
	rs = xcalloc(json_array_size(a), sizeof *rs);
	json_array_foreach(a, i, v) {
		if (op_trip_tag(ctx, json_object_get(v, "tag"),
		    rs[i].tag) != 0) {
			free(rs);
			return (-1);
		}
		q = 0;
		if (proto_arg_int(v, "qty", 0, 1, INVENTORY_MG_MAX, &q,
		    &cause) < 0) {
			free(rs);
			return (op_bad_request(ctx, cause));
		}
		rs[i].qty = q;
	}
	op_trip_conf(ctx, &c);
	e = trip_restock(ctx->txn, id, &c, rs, (u_int)json_array_size(a),
	    ctx->c->staff, ctx->c->terminal, &tr, &cause);
	if (e == ORDER_OK) {
		for (i = 0; i < json_array_size(a); i++)
			op_event(ctx, json_pack("{s:s, s:s}", "event", "stock",
			    "tag", rs[i].tag));
	}
	free(rs);
	return (op_trip_reply(ctx, &tr, e, cause));
}

int
op_trip_get(struct op_ctx *ctx)
{
	struct trip	tr;
	uint64_t	id;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	if (store_trip_get(ctx->txn, id, &tr) != 0)
		return (op_error(ctx, "not-found", "no trip %llu",
		    (unsigned long long)id));
	ctx->result = json_pack("{s:o}", "trip", op_trip_json(ctx, &tr));
	return (0);
}

struct op_trip_list {
	struct op_ctx	*ctx;
	json_t		*a;
};

static int
op_trip_list_cb(const struct trip *tr, void *arg)
{
	struct op_trip_list	*l = arg;

	if (json_array_size(l->a) >= 200)
		return (1);
	json_array_append_new(l->a, op_trip_json(l->ctx, tr));
	return (0);
}

int
op_trip_list(struct op_ctx *ctx)
{
	struct op_trip_list	 l;
	struct trip_conf	 c;
	const char		*status = NULL;
	char			*cause = NULL;
	int			 st = 0;

	if (proto_arg_str(ctx->args, "status", 0, 16, &status, &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (status != NULL && (st = store_trip_status_find(status)) == -1)
		return (op_error(ctx, "bad-request", "no trip status \"%s\"",
		    status));
	l.ctx = ctx;
	l.a = json_array();
	if (store_trip_walk(ctx->txn, st, op_trip_list_cb, &l) != 0 &&
	    ctx->txn->ret != 0) {
		json_decref(l.a);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "trips", l.a);
	op_trip_conf(ctx, &c);
	if (c.located)
		json_object_set_new(ctx->result, "store", json_pack("{s:I, s:I}",
		    "lat", (json_int_t)c.lat, "lon", (json_int_t)c.lon));
	return (0);
}

static void
op_trip_line_cb(const char *line, void *arg)
{
	json_array_append_new(arg, json_string(line));
}

int
op_trip_manifest(struct op_ctx *ctx)
{
	struct trip	 tr;
	json_int_t	 cols = TRIP_RECEIPT_COLS;
	json_t		*lines;
	uint64_t	 id;
	char		*cause = NULL;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	if (proto_arg_int(ctx->args, "columns", 0, 32, TRIP_MANIFEST_COLS,
	    &cols, &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (store_trip_get(ctx->txn, id, &tr) != 0)
		return (op_error(ctx, "not-found", "no trip %llu",
		    (unsigned long long)id));
	lines = json_array();
	trip_manifest(ctx->txn, &tr, &ctx->srv->info, ctx->srv->info.tz,
	    (u_int)cols, op_trip_line_cb, lines);
	ctx->result = json_pack("{s:I, s:I, s:o}", "trip", (json_int_t)id,
	    "columns", (json_int_t)cols, "lines", lines);
	return (0);
}
