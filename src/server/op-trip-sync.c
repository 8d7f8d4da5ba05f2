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
#include "customer.h"
#include "order.h"
#include "reply.h"
#include "rules.h"
#include "sale.h"
#include "trip.h"

/*
 * A driver's handheld over the protocol (doc/protocol.md, "The driver's
 * handheld"): trip.take and trip.release, trip.handheld (what the
 * handheld needs to work offline all trip), trip.sync (its journal, each
 * entry once: trip-sync.c), the delivery exceptions a manager resolves,
 * and trip.track (the GPS trail and stop events). The writes are one
 * transaction of the group commit each, a whole sync call included.
 */

#define OP_SYNC_ENTRIES		100
#define OP_TRACK_FIXES		20000
#define OP_RULES_TEXT_MAX	(256 * 1024)
#define OP_TIME_MAX		INT64_C(4102444800000000)	/* 2100 */

/*
 * The trip, if the session may act on it as its handheld: its driver
 * (and with bound, on the terminal that took it over). A manager (who
 * holds reports) may read it too when read is set. 0, or -1 with the
 * error set.
 */
static int
op_trip_sync_trip(struct op_ctx *ctx, uint64_t id, int bound, int read,
    struct trip *tr)
{
	char	*cause = NULL;

	if (store_trip_get(ctx->txn, id, tr) != 0) {
		if (ctx->txn->ret != 0)
			return (op_store_error(ctx));
		return (op_error(ctx, "not-found", "no trip %llu",
		    (unsigned long long)id));
	}
	if (read && tr->driver != ctx->c->staff &&
	    (ctx->c->perms & PERM_REPORTS))
		return (0);
	if (trip_handheld_check(tr, ctx->c->staff, ctx->c->terminal, bound,
	    &cause) != 0) {
		op_error(ctx, "forbidden", "%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* Write op: the driver takes the loaded trip over on this handheld. */
int
op_trip_take(struct op_ctx *ctx)
{
	struct trip	 tr;
	uint64_t	 id;
	char		*cause = NULL;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0 ||
	    op_trip_sync_trip(ctx, id, 0, 0, &tr) != 0)
		return (-1);
	e = trip_take(ctx->txn, id, ctx->c->staff, ctx->c->terminal,
	    util_now(), &tr, &cause);
	if (e != ORDER_OK)
		return (op_trip_fail(ctx, e, cause));
	op_event(ctx, json_pack("{s:s, s:I, s:s}", "event", "trip", "id",
	    (json_int_t)tr.id, "status", store_trip_status_name(tr.status)));
	ctx->result = json_pack("{s:o}", "trip", op_trip_json(ctx, &tr));
	return (0);
}

/* Write op: a manager frees the trip from its handheld. */
int
op_trip_release(struct op_ctx *ctx)
{
	struct trip	 tr;
	uint64_t	 id;
	char		*cause = NULL;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	e = trip_release(ctx->txn, id, ctx->c->staff, ctx->c->terminal, &tr,
	    &cause);
	if (e != ORDER_OK)
		return (op_trip_fail(ctx, e, cause));
	ctx->result = json_pack("{s:o}", "trip", op_trip_json(ctx, &tr));
	return (0);
}

/* --- trip.handheld --- */

static const char *op_limits_keys[LM_COUNT] = {
	"net_ug", "flower_ug", "conc_ug", "thc_ug", "other_ug", "volume_ul",
	"units"
};

/* A line as limits.c counts it (struct limits_line), µg and µl exact. */
static json_t *
op_trip_limits_line(const struct limits_line *l)
{
	json_t		*j;
	const char	*route;
	int		 i;

	j = json_pack("{s:I, s:s, s:I}", "time", (json_int_t)l->at,
	    "category", rules_category_name(l->category), "qty",
	    (json_int_t)l->qty);
	route = rules_route_name(l->route);
	json_object_set_new(j, "route", route != NULL ? json_string(route) :
	    json_null());
	for (i = 0; i < LM_COUNT; i++)
		json_object_set_new(j, op_limits_keys[i],
		    json_integer(l->m[i]));
	return (j);
}

/* The subject's purchases inside the rule file's windows, at now. */
static json_t *
op_trip_history(struct op_ctx *ctx, uint32_t subject, int64_t now)
{
	struct limits_request	 req;
	json_t			*a = json_array();
	u_int			 i;

	if (ctx->srv->rules == NULL || subject == 0)
		return (a);
	memset(&req, 0, sizeof req);
	limits_request_defaults(ctx->srv->rules, &req);
	if (customer_limits_history(ctx->txn, ctx->srv->rules, subject, now,
	    &req) == 0) {
		for (i = 0; i < req.nhistory; i++)
			json_array_append_new(a,
			    op_trip_limits_line(&req.history[i]));
	}
	limits_request_free(&req);
	return (a);
}

static json_t *
op_trip_customer(const struct customer *cu)
{
	char	d1[16], d2[16], d3[16], name[96];

	snprintf(name, sizeof name, "%s %s", cu->first, cu->last);
	return (json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
	    "s:s, s:s, s:s}", "id", (json_int_t)cu->id, "name", name,
	    "first", cu->first, "last", cu->last, "dob",
	    op_customer_date_str(cu->dob, d1, sizeof d1), "id_number",
	    cu->id_number, "id_expiry", op_customer_date_str(cu->id_expires,
	    d2, sizeof d2), "type", store_customer_type_name(cu->type),
	    "card", cu->card_number, "card_expiry",
	    op_customer_date_str(cu->card_expires, d3, sizeof d3), "state",
	    cu->id_state, "residence", cu->residence));
}

/* One stop: the order, its customer, its packages and the history. */
static json_t *
op_trip_stop(struct op_ctx *ctx, const struct order *o, u_int seq,
    int64_t eta, int64_t now)
{
	struct customer	 cu;
	struct package	 pk;
	struct product	 p;
	struct limits_line ll;
	const struct order_line *ol;
	json_t		*stop, *lines, *prod;
	int64_t		 price, tax;
	char		 addr[ORDER_STREET_MAX + ORDER_CITY_MAX + 32];
	u_int		 i;

	lines = json_array();
	for (i = 0; i < o->npicks; i++) {
		if (store_package_get(ctx->txn, o->picks[i].tag, &pk) != 0 ||
		    store_product_get(ctx->txn, pk.product, &p) != 0)
			continue;
		ol = &o->lines[o->picks[i].line];
		/* The pick's share of its order line, priced as ordered. */
		price = ol->qty > 0 ? ol->total * o->picks[i].qty / ol->qty :
		    0;
		tax = ol->qty > 0 ? ol->tax * o->picks[i].qty / ol->qty : 0;
		prod = reply_product(&p);
		json_object_del(prod, "unit_cost");
		customer_limits_line(&p, o->picks[i].qty, now, &ll);
		json_array_append_new(lines, json_pack("{s:s, s:o, s:I, s:s, "
		    "s:I, s:I, s:o}", "tag", pk.tag, "product", prod, "qty",
		    (json_int_t)o->picks[i].qty, "unit",
		    store_product_unit_name(p.unit_weight), "price",
		    (json_int_t)price, "tax", (json_int_t)tax, "limits",
		    op_trip_limits_line(&ll)));
	}
	snprintf(addr, sizeof addr, "%s, %s, %s %s", o->street, o->city,
	    o->state, o->zip);
	stop = json_pack("{s:I, s:i, s:I, s:s, s:I, s:I, s:b, s:s, s:s, "
	    "s:o, s:I, s:I, s:I, s:I}", "order", (json_int_t)o->id, "seq",
	    (int)seq, "eta", (json_int_t)eta, "address", addr, "lat",
	    (json_int_t)o->lat, "lon", (json_int_t)o->lon, "located",
	    o->located, "notes", o->notes, "status",
	    store_order_status_name(o->status), "lines", lines, "fee",
	    (json_int_t)o->fee, "subtotal", (json_int_t)o->subtotal, "tax",
	    (json_int_t)o->tax, "total", (json_int_t)o->total);
	if (store_customer_get(ctx->txn, o->customer, &cu) == 0)
		json_object_set_new(stop, "customer", op_trip_customer(&cu));
	if (o->patient != 0 && store_customer_get(ctx->txn, o->patient,
	    &cu) == 0)
		json_object_set_new(stop, "patient", op_trip_customer(&cu));
	json_object_set_new(stop, "history", op_trip_history(ctx,
	    o->patient != 0 ? o->patient : o->customer, now));
	return (stop);
}

/* The rule file's text, for the handheld's own rules.c; NULL if none. */
static json_t *
op_trip_rules_text(const struct rules *r)
{
	FILE	*f;
	char	*buf;
	size_t	 n;
	json_t	*j = NULL;

	if (r == NULL || r->path == NULL || (f = fopen(r->path, "r")) == NULL)
		return (NULL);
	buf = xmalloc(OP_RULES_TEXT_MAX + 1);
	n = fread(buf, 1, OP_RULES_TEXT_MAX + 1, f);
	if (!ferror(f) && n <= OP_RULES_TEXT_MAX)
		j = json_stringn(buf, n);
	fclose(f);
	free(buf);
	return (j);
}

/*
 * Everything the handheld needs to work the trip offline. A write op
 * only for its audit record: who took which customers' details away on
 * which handheld (the details themselves are not in the audit).
 */
int
op_trip_handheld(struct op_ctx *ctx)
{
	struct trip		 tr;
	struct trip_conf	 c;
	struct order		*o;
	const struct rules	*r = ctx->srv->rules;
	json_t			*stops, *refusals, *text, *store;
	const char		*name;
	int64_t			 eta[TRIP_ORDERS], now = util_now();
	uint64_t		 id;
	u_int			 i;
	char			 subj[32];

	if (op_trip_id(ctx, "id", &id) != 0 ||
	    op_trip_sync_trip(ctx, id, 1, 0, &tr) != 0)
		return (-1);
	op_trip_conf(ctx, &c);
	trip_eta(ctx->txn, &tr, &c, tr.departed != 0 ? tr.departed :
	    (tr.depart_at != 0 ? tr.depart_at : now), eta);
	stops = json_array();
	o = xmalloc(sizeof *o);
	for (i = 0; i < tr.norders; i++) {
		if (store_order_get(ctx->txn, tr.orders[i], o) != 0)
			continue;
		json_array_append_new(stops, op_trip_stop(ctx, o, i + 1,
		    eta[i], now));
	}
	free(o);
	if (ctx->txn->ret != 0) {
		json_decref(stops);
		return (op_store_error(ctx));
	}
	refusals = json_array();
	for (i = 0; (name = rules_refusal_builtin(i, NULL)) != NULL; i++)
		json_array_append_new(refusals, json_string(name));
	for (i = 0; r != NULL && i < r->ndrules; i++) {
		if (r->drules[i].kind == RD_REFUSAL)
			json_array_append_new(refusals,
			    json_string(r->drules[i].name));
	}
	store = json_pack("{s:s, s:s, s:s, s:s}", "name",
	    ctx->srv->info.name, "licence", ctx->srv->info.licence, "state",
	    ctx->srv->info.state, "tz", ctx->srv->info.tz);
	if (c.located) {
		json_object_set_new(store, "lat", json_integer(c.lat));
		json_object_set_new(store, "lon", json_integer(c.lon));
	}
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)id);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "trip.handheld", subj, "stops=%zu handheld=%s",
	    json_array_size(stops), ctx->c->terminal);
	text = op_trip_rules_text(r);
	ctx->result = json_pack("{s:o, s:o, s:s?, s:o, s:o, s:o, s:I}",
	    "trip", op_trip_json(ctx, &tr), "rules", text != NULL ? text :
	    json_null(), "rules_name", r != NULL ? r->id : NULL, "refusals",
	    refusals, "store", store, "stops", stops, "time",
	    (json_int_t)now);
	return (0);
}

/* --- trip.sync --- */

/* FIX = {"lat","lon","at","quality","sats","stale"}: 0 or -1, *cause. */
static int
op_trip_fix_parse(json_t *o, struct gps_fix *f, char **cause)
{
	json_int_t	lat, lon, at, q = 0, sats = 0;
	json_t		*st;

	if (!json_is_object(o)) {
		xasprintf(cause, "\"fix\" must be an object");
		return (-1);
	}
	if (proto_arg_int(o, "lat", 1, -90000000, 90000000, &lat,
	    cause) != 0 || proto_arg_int(o, "lon", 1, -180000000, 180000000,
	    &lon, cause) != 0 || proto_arg_int(o, "at", 1, 1, OP_TIME_MAX,
	    &at, cause) != 0 || proto_arg_int(o, "quality", 0, 0, 8, &q,
	    cause) < 0 || proto_arg_int(o, "sats", 0, 0, 255, &sats,
	    cause) < 0)
		return (-1);
	st = json_object_get(o, "stale");
	if (st != NULL && !json_is_boolean(st)) {
		xasprintf(cause, "\"stale\" must be true or false");
		return (-1);
	}
	memset(f, 0, sizeof *f);
	f->lat = lat;
	f->lon = lon;
	f->at = at;
	f->quality = (int)q;
	f->sats = (int)sats;
	f->stale = json_is_true(st);
	return (0);
}

/* A date "YYYY-MM-DD" of id_scan, optional: YYYYMMDD, 0, or -1. */
static int
op_trip_idscan_date(json_t *o, const char *name, int *out, char **cause)
{
	const char	*s = NULL;
	int		 d;

	*out = 0;
	if (proto_arg_str(o, name, 0, 10, &s, cause) < 0)
		return (-1);
	if (s == NULL)
		return (0);
	if ((d = valid_date_parse(s)) <= 0 || !valid_date_real(d)) {
		xasprintf(cause, "id_scan: \"%s\" is a date like 1980-02-03",
		    name);
		return (-1);
	}
	*out = d;
	return (0);
}

/*
 * A deliver's "id_scan":{"name","dob","id_number","expiry","state"}: what
 * stashd checks against the customer (dob, id_number, expiry).
 */
static int
op_trip_idscan_parse(json_t *o, struct trip_sync_entry *e, char **cause)
{
	if (!json_is_object(o)) {
		xasprintf(cause, "\"id_scan\" must be an object");
		return (-1);
	}
	if (op_trip_idscan_date(o, "dob", &e->id_dob, cause) != 0 ||
	    op_trip_idscan_date(o, "expiry", &e->id_expiry, cause) != 0 ||
	    proto_arg_str(o, "id_number", 0, 32, &e->id_number, cause) < 0)
		return (-1);
	e->id_scanned = 1;
	return (0);
}

/* A reorder's "orders": the trip's stops in their new order. */
static int
op_trip_route_parse(json_t *a, struct trip_sync_entry *e, char **cause)
{
	json_t	*v;
	size_t	 i;

	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > TRIP_ORDERS) {
		xasprintf(cause, "a reorder's \"orders\" is a list of 1 to %d "
		    "orders", TRIP_ORDERS);
		return (-1);
	}
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			xasprintf(cause, "a reorder's \"orders\" are order "
			    "numbers");
			return (-1);
		}
		e->route[e->nroute++] = (uint64_t)json_integer_value(v);
	}
	return (0);
}

/* One ENTRY of a sync call into e (strings borrowed from j). */
static int
op_trip_entry_parse(struct op_ctx *ctx, const struct trip *tr, json_t *j,
    struct trip_sync_entry *e, char **cause)
{
	const char	*kind, *card = NULL;
	json_t		*tender, *fix, *idj;
	json_int_t	 seq, at, order = 0, cash = 0;
	char		 want[SYNC_KEY_MAX + 32];
	int		 needorder;

	memset(e, 0, sizeof *e);
	if (!json_is_object(j)) {
		xasprintf(cause, "not an object");
		return (-1);
	}
	if (proto_arg_str(j, "key", 1, SYNC_KEY_MAX, &e->key, cause) != 0 ||
	    proto_arg_int(j, "seq", 1, 1, INT64_MAX, &seq, cause) != 0 ||
	    proto_arg_int(j, "at", 1, 1, OP_TIME_MAX, &at, cause) != 0 ||
	    proto_arg_str(j, "kind", 1, 16, &kind, cause) != 0)
		return (-1);
	snprintf(want, sizeof want, "%s-%llu-%lld", ctx->c->terminal,
	    (unsigned long long)tr->id, (long long)seq);
	if (strcmp(want, e->key) != 0) {
		xasprintf(cause, "\"key\" must be \"<terminal>-<trip>-<seq>\", "
		    "%s here", want);
		return (-1);
	}
	e->seq = seq;
	e->at = at;
	if ((e->kind = store_trip_ev_find(kind)) == -1) {
		xasprintf(cause, "\"kind\" is arrive, depart, skip, deliver, "
		    "fail, fix, reorder or nogps");
		return (-1);
	}
	needorder = e->kind != TRIP_EV_FIX && e->kind != TRIP_EV_REORDER &&
	    e->kind != TRIP_EV_NOGPS;
	if (proto_arg_int(j, "order", needorder, 1, INT64_MAX, &order,
	    cause) < 0)
		return (-1);
	if (!needorder && order != 0) {
		xasprintf(cause, "a %s entry has no \"order\"", kind);
		return (-1);
	}
	e->order = (uint64_t)order;
	if ((e->kind == TRIP_EV_SKIP || e->kind == TRIP_EV_FAIL ||
	    e->kind == TRIP_EV_REORDER) && proto_arg_str(j, "reason", 1,
	    ORDER_REASON_MAX, &e->reason, cause) != 0)
		return (-1);
	if (e->kind == TRIP_EV_REORDER && op_trip_route_parse(json_object_get(
	    j, "orders"), e, cause) != 0)
		return (-1);
	if (e->kind == TRIP_EV_DELIVER) {
		tender = json_object_get(j, "tender");
		if (!json_is_object(tender) || json_object_size(tender) != 1) {
			xasprintf(cause, "\"tender\" is {\"cash\":CENTS} or "
			    "{\"card\":\"REF\"}");
			return (-1);
		}
		if (proto_arg_int(tender, "cash", 0, 0, 1000000000, &cash,
		    cause) < 0 || proto_arg_str(tender, "card", 0, 32, &card,
		    cause) < 0)
			return (-1);
		if (json_object_get(tender, "cash") == NULL && card == NULL) {
			xasprintf(cause, "\"tender\" is {\"cash\":CENTS} or "
			    "{\"card\":\"REF\"}");
			return (-1);
		}
		e->cash = cash;
		e->card_ref = card;
	}
	if (e->kind == TRIP_EV_DELIVER && (idj = json_object_get(j,
	    "id_scan")) != NULL && op_trip_idscan_parse(idj, e, cause) != 0)
		return (-1);
	fix = json_object_get(j, "fix");
	if (fix != NULL) {
		if (op_trip_fix_parse(fix, &e->fix, cause) != 0)
			return (-1);
		e->hasfix = 1;
	} else if (e->kind == TRIP_EV_FIX) {
		xasprintf(cause, "a fix entry needs its \"fix\"");
		return (-1);
	}
	return (0);
}

/* What every delivery of the call starts from: the session, the store. */
static void
op_trip_sync_template(struct op_ctx *ctx, struct sale_request *rq)
{
	memset(rq, 0, sizeof *rq);
	op_sale_request_store(ctx, rq);
	rq->registry = SALE_REGISTRY_OFF;
}

static void
op_trip_sync_events(struct op_ctx *ctx, const struct trip_sync_entry *e,
    const struct trip_sync_result *res)
{
	struct sale	*s;
	struct order	*o;

	if (res->sale != 0) {
		s = xmalloc(sizeof *s);
		if (store_sale_get(ctx->txn, res->sale, s) == 0)
			op_sale_stock_events(ctx, s);
		free(s);
	}
	if (e->order == 0)
		return;
	o = xmalloc(sizeof *o);
	if (store_order_get(ctx->txn, e->order, o) == 0)
		op_event(ctx, json_pack("{s:s, s:I, s:s}", "event", "order",
		    "id", (json_int_t)o->id, "status",
		    store_order_status_name(o->status)));
	free(o);
}

/*
 * Write op: the handheld's journal entries, in journal order, each
 * answered: done, duplicate (its key was synced before) or exception.
 * All of them are in this op's one transaction, durable before the
 * reply; a ledger error answers none and the handheld sends them again.
 */
int
op_trip_sync(struct op_ctx *ctx)
{
	struct trip			 tr;
	struct trip_conf		 c;
	struct trip_sync_entry		*e;
	struct trip_sync_result		 res;
	struct sale_request		*tmpl;
	json_t				*a, *v, *acked, *r;
	uint64_t			 id;
	size_t				 i, n;
	char				*cause = NULL;
	int				 changed = 0;
	enum order_err			 oe;

	if (op_trip_id(ctx, "id", &id) != 0 ||
	    op_trip_sync_trip(ctx, id, 1, 0, &tr) != 0)
		return (-1);
	a = json_object_get(ctx->args, "entries");
	if (!json_is_array(a) || json_array_size(a) > OP_SYNC_ENTRIES)
		return (op_error(ctx, "bad-request", "\"entries\" is a list of "
		    "at most %d journal entries", OP_SYNC_ENTRIES));
	n = json_array_size(a);
	e = xcalloc(n + 1, sizeof *e);
	json_array_foreach(a, i, v) {
		if (op_trip_entry_parse(ctx, &tr, v, &e[i], &cause) != 0) {
			op_error(ctx, "bad-request", "entry %zu: %s", i + 1,
			    cause);
			free(cause);
			free(e);
			return (-1);
		}
	}
	op_trip_conf(ctx, &c);
	tmpl = xmalloc(sizeof *tmpl);
	op_trip_sync_template(ctx, tmpl);
	acked = json_array();
	for (i = 0; i < n; i++) {
		oe = trip_sync(ctx->txn, &tr, &c, &e[i], tmpl, &res, &cause);
		if (oe != ORDER_OK) {
			json_decref(acked);
			free(tmpl);
			free(e);
			return (op_trip_fail(ctx, oe, cause));
		}
		r = json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)e[i].seq,
		    "key", e[i].key, "result", res.duplicate ? "duplicate" :
		    (res.result == SYNC_EXCEPTION ? "exception" : "done"));
		if (res.sale != 0)
			json_object_set_new(r, "sale", json_integer(res.sale));
		if (res.exception != 0) {
			json_object_set_new(r, "exception",
			    json_string(res.message));
			json_object_set_new(r, "exception_id",
			    json_integer(res.exception));
		}
		json_array_append_new(acked, r);
		if (!res.duplicate) {
			op_trip_sync_events(ctx, &e[i], &res);
			changed = 1;
		}
	}
	free(tmpl);
	free(e);
	if (changed)
		op_event(ctx, json_pack("{s:s, s:I, s:s}", "event", "trip",
		    "id", (json_int_t)tr.id, "status",
		    store_trip_status_name(tr.status)));
	ctx->result = json_pack("{s:I, s:o}", "trip", (json_int_t)tr.id,
	    "acked", acked);
	return (0);
}

/* --- exceptions --- */

struct op_trip_dexc_list {
	json_t		*a;
	uint64_t	 trip;
};

static int
op_trip_dexc_cb(const struct dexc *x, void *arg)
{
	struct op_trip_dexc_list	*l = arg;

	if (l->trip != 0 && x->trip != l->trip)
		return (0);
	if (json_array_size(l->a) >= 500)
		return (1);
	json_array_append_new(l->a, reply_dexc(x));
	return (0);
}

/* Read: delivery exceptions, oldest first (at most 500). */
int
op_trip_exceptions(struct op_ctx *ctx)
{
	struct op_trip_dexc_list	 l;
	const char			*status = NULL;
	json_int_t			 trip = 0;
	char				*cause = NULL;
	int				 st = 0;

	if (proto_arg_str(ctx->args, "status", 0, 16, &status, &cause) < 0 ||
	    proto_arg_int(ctx->args, "trip", 0, 1, INT64_MAX, &trip,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (status != NULL && (st = store_dexc_status_find(status)) == -1)
		return (op_error(ctx, "bad-request", "\"status\" is open or "
		    "resolved"));
	l.a = json_array();
	l.trip = (uint64_t)trip;
	if (store_dexc_walk(ctx->txn, st, op_trip_dexc_cb, &l) != 0) {
		json_decref(l.a);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "exceptions", l.a);
	return (0);
}

/* Write op: a manager resolves an exception with a note. */
int
op_trip_exception_resolve(struct op_ctx *ctx)
{
	struct dexc	*x;
	const char	*note;
	uint64_t	 id;
	char		*cause = NULL;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	if (proto_arg_str(ctx->args, "note", 1, 128, &note, &cause) != 0)
		return (op_bad_request(ctx, cause));
	x = xmalloc(sizeof *x);
	e = trip_exception_resolve(ctx->txn, id, note, ctx->c->staff,
	    ctx->c->terminal, x, &cause);
	if (e != ORDER_OK) {
		free(x);
		return (op_trip_fail(ctx, e, cause));
	}
	ctx->result = json_pack("{s:o}", "exception", reply_dexc(x));
	free(x);
	return (0);
}

/* --- trip.track --- */

static int
op_trip_track_fix(const struct gps_fix *f, void *arg)
{
	json_t	*a = arg;

	if (json_array_size(a) >= OP_TRACK_FIXES)
		return (1);
	json_array_append_new(a, reply_fix(f));
	return (0);
}

static int
op_trip_track_event(const struct trip_event *ev, void *arg)
{
	json_array_append_new(arg, reply_trip_event(ev));
	return (0);
}

/* Read: the trip's GPS trail and stop events, in time order. */
int
op_trip_track(struct op_ctx *ctx)
{
	struct trip	 tr;
	json_t		*fixes, *events;
	uint64_t	 id;

	if (op_trip_id(ctx, "id", &id) != 0 ||
	    op_trip_sync_trip(ctx, id, 0, 1, &tr) != 0)
		return (-1);
	fixes = json_array();
	events = json_array();
	if (store_gps_walk(ctx->txn, id, 0, op_trip_track_fix, fixes) != 0 ||
	    store_trip_event_walk(ctx->txn, id, op_trip_track_event,
	    events) != 0) {
		json_decref(fixes);
		json_decref(events);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:I, s:o, s:o}", "trip", (json_int_t)id,
	    "fixes", fixes, "events", events);
	return (0);
}

/* --- an inspector's questions (inspect.c) --- */

#define OP_INSPECT_WIDTH	80	/* stashctl's */
#define OP_INSPECT_WIDTH_MIN	40
#define OP_INSPECT_WIDTH_MAX	200

static void
op_inspect_line(const char *line, void *arg)
{
	json_array_append_new(arg, json_string(line));
}

/*
 * Answer one question: its JSON, with the same answer as "lines" of 80
 * columns (or the "width" asked) and a "title" for the print-out. Read
 * like customer.get, and like it not audited (a read writes nothing).
 */
int
op_inspect(struct op_ctx *ctx, int (*fn)(struct inspect *, uint64_t),
    uint64_t arg)
{
	struct inspect	 in;
	json_t		*lines;
	json_int_t	 width = OP_INSPECT_WIDTH;
	char		*cause = NULL;
	int		 r;

	if (proto_arg_int(ctx->args, "width", 0, OP_INSPECT_WIDTH_MIN,
	    OP_INSPECT_WIDTH_MAX, &width, &cause) < 0)
		return (op_bad_request(ctx, cause));
	memset(&in, 0, sizeof in);
	in.t = ctx->txn;
	in.info = &ctx->srv->info;
	in.width = (u_int)width;
	in.line = op_inspect_line;
	in.arg = lines = json_array();
	if ((r = fn(&in, arg)) != 0) {
		json_decref(lines);
		json_decref(in.json);
		if (r == STORE_NOTFOUND)
			return (op_error(ctx, "not-found", "%s", in.err));
		return (op_store_error(ctx));
	}
	json_object_set_new(in.json, "title", json_string(in.title));
	json_object_set_new(in.json, "lines", lines);
	ctx->result = in.json;
	return (0);
}

static int
op_inspect_day(struct inspect *in, uint64_t day)
{
	char	date[16];

	snprintf(date, sizeof date, "%04d-%02d-%02d", (int)(day / 10000),
	    (int)(day / 100) % 100, (int)(day % 100));
	return (inspect_day(in, (int)day, date));
}

/* Read: a day's trips (departed, else planned, that day) and manifests. */
int
op_trip_day(struct op_ctx *ctx)
{
	const char	*s;
	char		*cause = NULL;
	int		 day;

	if (proto_arg_str(ctx->args, "date", 1, 10, &s, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if (strlen(s) != 10 || (day = valid_date_parse(s)) < 19700101 ||
	    !valid_date_real(day))
		return (op_error(ctx, "bad-request", "date: %.10s is not a "
		    "date like 2026-12-07", s));
	return (op_inspect(ctx, op_inspect_day, (uint64_t)day));
}

static int
op_inspect_stops(struct inspect *in, uint64_t id)
{
	return (inspect_stops(in, id));
}

/* Read: a trip's stops, their times and GPS points. */
int
op_trip_stops(struct op_ctx *ctx)
{
	uint64_t	id;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	return (op_inspect(ctx, op_inspect_stops, id));
}

/* --- the GPS trail's retention --- */

#define OP_GPS_PRUNE_STEP	5000
#define OP_GPS_PRUNE_DAY	(INT64_C(86400) * 1000000)

static struct event	*op_gps_ev;

struct op_gps_prune {
	int64_t		before;
	u_int		pruned;		/* fixes */
	int		more;
	u_int		keys;		/* journal keys forgotten */
};

/* Where the journal keys' pruning goes on (between steps and days). */
static u_char	op_sync_from[STORE_RESUME_MAX];
static size_t	op_sync_fromlen;

static void
op_gps_arm(int64_t us)
{
	op_timer_arm(op_gps_ev, us);
}

/* A write of the group commit: the next fixes past their retention. */
static int
op_gps_prune_op(struct op_ctx *ctx)
{
	struct op_gps_prune	*p = ctx->data;
	char			 when[64];

	p->pruned = store_gps_prune(ctx->txn, p->before, OP_GPS_PRUNE_STEP,
	    &p->more);
	p->keys = store_sync_prune(ctx->txn, p->before, OP_GPS_PRUNE_STEP,
	    op_sync_from, &op_sync_fromlen);
	if (op_sync_fromlen != 0)
		p->more = 1;
	if (p->pruned != 0 || p->keys != 0) {
		util_time_str(p->before, "UTC", when, sizeof when);
		audit_append(ctx->txn, 0, 0, "stashd", "trip.gps-prune",
		    "GPS trail", "fixes=%u keys=%u before=%s", p->pruned,
		    p->keys, when);
	}
	return (ctx->txn->ret != 0 ? op_store_error(ctx) : 0);
}

/* Durable: say so, and go on soon if there is more. */
static void
op_gps_prune_done(struct op_ctx *ctx)
{
	struct op_gps_prune	*p = ctx->data;

	if (p->pruned != 0 || p->keys != 0)
		log_info("GPS trail: %u fixes and %u synced journal keys past "
		    "their retention pruned", p->pruned, p->keys);
	if (p->more)
		op_gps_arm(1000000);
}

/* Once a day (and at start): prune what gps-retention-days lets go. */
static void
op_gps_prune_cb(evutil_socket_t fd, short events, void *arg)
{
	struct server		*srv = arg;
	struct op_gps_prune	*p;

	p = xcalloc(1, sizeof *p);
	p->before = util_now() - options_number(srv->opts,
	    "gps-retention-days") * OP_GPS_PRUNE_DAY;
	batch_write(srv, "trip.gps-prune", op_gps_prune_op, p, free,
	    op_gps_prune_done);
	op_gps_arm(OP_GPS_PRUNE_DAY);
}

void
op_trip_sync_start(struct server *srv)
{
	op_gps_ev = evtimer_new(srv->base, op_gps_prune_cb, srv);
	op_gps_arm(1000000);
}

void
op_trip_sync_stop(void)
{
	if (op_gps_ev != NULL) {
		event_free(op_gps_ev);
		op_gps_ev = NULL;
	}
}

/* --- the dispatch board's view --- */

static int
op_trip_gps_exc(const struct dexc *x, void *arg)
{
	struct op_trip_dexc_list	*l = arg;

	if (x->trip == l->trip)
		json_integer_set(l->a, json_integer_value(l->a) + 1);
	return (0);
}

static int
op_trip_gps_route(const struct trip_event *ev, void *arg)
{
	json_t	**j = arg;

	if (ev->kind == TRIP_EV_REORDER) {
		json_decref(*j);
		*j = reply_trip_event(ev);
	}
	return (0);
}

/*
 * A trip's last fix, whether it is off route (farther than off-route-m
 * from the straight path of its leg), its next stop's ETA and drift, its
 * open delivery exceptions and the driver's last change of its route,
 * into its TRIP object j. The leg and the fix are read once, for the
 * drift and the off-route test both.
 */
void
op_trip_gps(struct op_ctx *ctx, const struct trip *tr, json_t *j)
{
	struct op_trip_dexc_list	 l;
	struct trip_conf		 c;
	struct gps_fix			 f;
	json_t				*route;
	int64_t				 from[2], to[2], off = -1;
	int64_t				 eta, drift;
	int				 leg, fixed, prev, next;

	l.a = json_integer(0);
	l.trip = tr->id;
	if (tr->handheld[0] != '\0' || tr->taken_by != 0)
		store_dexc_walk(ctx->txn, DEXC_OPEN, op_trip_gps_exc, &l);
	json_object_set_new(j, "exceptions", l.a);
	route = json_null();
	if (tr->handheld[0] != '\0' || tr->taken_by != 0)
		store_trip_event_walk(ctx->txn, tr->id, op_trip_gps_route,
		    &route);
	json_object_set_new(j, "rerouted", route);
	op_trip_conf(ctx, &c);
	leg = tr->status == TRIP_OUT && trip_leg_stops(ctx->txn, tr, &c,
	    from, to, &prev, &next) == 0;
	fixed = store_gps_last(ctx->txn, tr->id, &f) == 0;
	if (leg && trip_drift(tr, to, prev, next, fixed ? &f : NULL,
	    util_now(), &eta, &drift) == 0) {
		json_object_set_new(j, "next_eta", json_integer(eta));
		json_object_set_new(j, "eta_drift_s", json_integer(drift));
	} else {
		json_object_set_new(j, "next_eta", json_null());
		json_object_set_new(j, "eta_drift_s", json_null());
	}
	if (!fixed) {
		json_object_set_new(j, "last_fix", json_null());
		json_object_set_new(j, "off_route", json_false());
		return;
	}
	json_object_set_new(j, "last_fix", reply_fix(&f));
	if (leg)
		off = trip_off_path(f.lat, f.lon, from[0], from[1], to[0],
		    to[1]);
	json_object_set_new(j, "off_route", json_boolean(off >
	    options_number(ctx->srv->opts, "off-route-m")));
	if (off >= 0)
		json_object_set_new(j, "off_path_m", json_integer(off));
}
