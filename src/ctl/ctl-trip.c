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

#include "ctl.h"
#include "reply.h"
#include "inventory.h"
#include "order.h"
#include "reply.h"
#include "rules.h"
#include "route.h"
#include "trip.h"

/*
 * Vehicles, drivers and trips from the shell, through trip.c's domain
 * functions: each write one transaction with its audit record, as
 * stashctl's.
 */

struct ctl_vehicle {
	struct vehicle	 v;
	const char	*plate;
	uint32_t	 id;
	const char	*licence, *employee;
	int		 born;
	struct staff	 s;
};

static int
ctl_vehicle_add_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_vehicle	*cv = arg;

	return (trip_vehicle_add(t, &cv->v, 0, CTL_AUDIT_WHO, cause) ==
	    ORDER_OK ? 0 : -1);
}

static int
ctl_vehicle_opt(struct ctl_args *args, const char *name, char *out,
    size_t len)
{
	const char	*s;

	if ((s = stashctl_opt(args, name)) == NULL || *s == '\0') {
		stashctl_error("vehicle add: give --%s", name);
		return (-1);
	}
	if (strlcpy(out, s, len) >= len) {
		stashctl_error("--%s: at most %zu characters", name, len - 1);
		return (-1);
	}
	return (0);
}

/* vehicle add PLATE --make M --model M --colour C --vin V [--gps] ... */
int
ctl_vehicle_add(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_vehicle	*cv;
	int			 r = -1;

	cv = xcalloc(1, sizeof *cv);
	if (strlcpy(cv->v.plate, args->argv[0], sizeof cv->v.plate) >=
	    sizeof cv->v.plate) {
		stashctl_error("the plate is at most %d characters",
		    VEHICLE_PLATE_MAX);
		goto out;
	}
	if (ctl_vehicle_opt(args, "make", cv->v.make, sizeof cv->v.make) ||
	    ctl_vehicle_opt(args, "model", cv->v.model, sizeof cv->v.model) ||
	    ctl_vehicle_opt(args, "colour", cv->v.colour,
	    sizeof cv->v.colour) ||
	    ctl_vehicle_opt(args, "vin", cv->v.vin, sizeof cv->v.vin))
		goto out;
	cv->v.gps = stashctl_flag(args, "gps");
	cv->v.camera = stashctl_flag(args, "camera");
	if (stashctl_write(ctl, ctl_vehicle_add_cb, cv) != 0)
		goto out;
	printf("vehicle %s added: its load is in location vehicle:%s\n",
	    cv->v.plate, cv->v.plate);
	r = 0;
out:
	free(cv);
	return (r);
}

static int
ctl_vehicle_remove_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_vehicle	*cv = arg;

	return (trip_vehicle_remove(t, cv->plate, 0, CTL_AUDIT_WHO, cause) ==
	    ORDER_OK ? 0 : -1);
}

int
ctl_vehicle_remove(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_vehicle	cv;

	memset(&cv, 0, sizeof cv);
	cv.plate = args->argv[0];
	if (stashctl_write(ctl, ctl_vehicle_remove_cb, &cv) != 0)
		return (-1);
	printf("vehicle %s removed\n", cv.plate);
	return (0);
}

static int
ctl_vehicle_list_cb(const struct vehicle *v, void *arg)
{
	struct ctl	*ctl = arg;

	if (!v->active)
		return (0);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, "
		    "s:b}", "plate", v->plate, "make", v->make, "model",
		    v->model, "colour", v->colour, "vin", v->vin, "gps",
		    v->gps, "camera", v->camera));
	else
		printf("%-12s %-12s %-14s %-10s %s%s%s\n", v->plate, v->make,
		    v->model, v->colour, v->vin, v->gps ? " gps" : "",
		    v->camera ? " camera" : "");
	return (0);
}

int
ctl_vehicle_list(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	t;
	int			r;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	r = store_vehicle_walk(&t, ctl_vehicle_list_cb, ctl);
	store_abort(&t);
	return (r);
}

static int
ctl_staff_driver_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_vehicle	*cv = arg;

	return (trip_driver_set(t, cv->id, cv->licence, cv->employee,
	    cv->born, 0, CTL_AUDIT_WHO, &cv->s, cause) == ORDER_OK ? 0 : -1);
}

/* staff driver ID [--licence N] [--employee ID] [--born YYYY-MM-DD] */
int
ctl_staff_driver(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_vehicle	 cv;
	const char		*errstr, *born;
	char			 c[48];

	memset(&cv, 0, sizeof cv);
	cv.id = (uint32_t)util_strtonum(args->argv[0], 1, UINT32_MAX,
	    &errstr);
	if (errstr != NULL) {
		stashctl_error("%s is not a staff number",
		    stashctl_clean(args->argv[0], c, sizeof c));
		return (-1);
	}
	cv.licence = stashctl_opt(args, "licence");
	cv.employee = stashctl_opt(args, "employee");
	if ((born = stashctl_opt(args, "born")) != NULL &&
	    (cv.born = valid_date_parse(born)) == -1) {
		stashctl_error("--born %s: a date as YYYY-MM-DD",
		    stashctl_clean(born, c, sizeof c));
		return (-1);
	}
	if (cv.licence == NULL && cv.employee == NULL && cv.born == 0) {
		stashctl_error("staff driver: give --licence, --employee or "
		    "--born");
		return (-1);
	}
	if (stashctl_write(ctl, ctl_staff_driver_cb, &cv) != 0)
		return (-1);
	/* No licence number on the terminal's screen or in a log. */
	printf("staff %u (%s): driver's details recorded\n", cv.id,
	    stashctl_clean(cv.s.name, c, sizeof c));
	return (0);
}

/*
 * Trips from the shell, as the trip.* ops: each write goes through the
 * same trip.c function in one transaction with its audit record, the
 * delivery rules and the depot from stashd's configuration (--config,
 * else the installed stash.conf) as "order create" reads them.
 */

struct ctl_trip {
	uint64_t		 id;
	uint64_t		 order;
	uint32_t		 driver;
	const char		*plate;
	const char		*ledger;
	uint64_t		 orders[TRIP_ORDERS];
	u_int			 norders;
	int64_t			 at;
	int64_t			 cash;
	struct trip_return	*ret;
	u_int			 nret;
	int			 add;
	struct trip_conf	 c;
	struct options		*opts;
	struct order_conf	 oc;
	struct trip		 tr;
	struct trip_close_sum	 sum;
	enum order_err		(*step)(struct store_txn *, uint64_t,
				    const struct trip_conf *, uint32_t,
				    const char *, struct trip *, char **);
	struct trip_roads	 roads;		/* route-url's, if asked */
	uint64_t		 road_orders[TRIP_ORDERS];
	int64_t			*dur;
	int64_t			*dist;
};

static int
ctl_trip_num(const char *what, const char *s, int64_t max, uint64_t *out)
{
	const char	*errstr;
	char		 c[48];

	*out = (uint64_t)util_strtonum(s, 1, max, &errstr);
	if (errstr != NULL) {
		stashctl_error("%s is not a %s number",
		    stashctl_clean(s, c, sizeof c), what);
		return (-1);
	}
	return (0);
}

/* ORDER[,ORDER...] in stop order. */
static int
ctl_trip_orders(struct ctl_trip *ct, const char *list)
{
	char	*copy, *p, *w;
	int	 r = 0;

	ct->norders = 0;
	copy = p = xstrdup(list);
	while (r == 0 && (w = strsep(&p, ",")) != NULL) {
		if (ct->norders == TRIP_ORDERS) {
			stashctl_error("a trip has at most %d orders",
			    TRIP_ORDERS);
			r = -1;
		} else
			r = ctl_trip_num("order", w, INT64_MAX,
			    &ct->orders[ct->norders++]);
	}
	free(copy);
	return (r);
}

static struct ctl_trip *
ctl_trip_new(struct ctl *ctl, struct ctl_args *args, int conf)
{
	struct ctl_trip	*ct;

	ct = xcalloc(1, sizeof *ct);
	if (args->argc > 0 && args->entry->sub != NULL &&
	    strcmp(args->entry->sub, "create") != 0 &&
	    ctl_trip_num("trip", args->argv[0], INT64_MAX, &ct->id) != 0) {
		free(ct);
		return (NULL);
	}
	if (conf) {
		if (ctl_order_config(ctl, args, &ct->opts, &ct->oc) != 0) {
			if (ct->opts != NULL)
				options_free(ct->opts);
			free(ct);
			return (NULL);
		}
		ct->c.rules = ct->oc.rules;
		ct->c.state = ctl->info.state;
		ct->c.tz = ctl->info.tz;
		ct->c.located = ct->oc.located;
		ct->c.lat = ct->oc.lat;
		ct->c.lon = ct->oc.lon;
		ct->c.metrc_delivery = options_string(ct->opts,
		    ORDER_METRC_DELIVERY);
	}
	return (ct);
}

static void
ctl_trip_free(struct ctl_trip *ct)
{
	if (ct->oc.rules != NULL)
		rules_free(ct->oc.rules);
	if (ct->opts != NULL)
		options_free(ct->opts);
	free(ct->dur);
	free(ct->dist);
	free(ct->ret);
	free(ct);
}

/*
 * The trip a command names (with stashd's configuration when conf), read
 * in a read transaction t left open for the caller to end; NULL having
 * said why.
 */
static struct ctl_trip *
ctl_trip_open(struct ctl *ctl, struct ctl_args *args, int conf,
    struct store_txn *t)
{
	struct ctl_trip	*ct;
	char		*cause = NULL;

	if ((ct = ctl_trip_new(ctl, args, conf)) == NULL)
		return (NULL);
	if (store_begin(ctl->st, t, 0) != 0) {
		stashctl_error("%s", t->err);
		ctl_trip_free(ct);
		return (NULL);
	}
	if (trip_get(t, ct->id, &ct->tr, &cause) != ORDER_OK) {
		stashctl_error("%s", cause);
		free(cause);
		store_abort(t);
		ctl_trip_free(ct);
		return (NULL);
	}
	return (ct);
}

/* One line a trip, or its JSON. */
static void
ctl_trip_print(struct ctl *ctl, struct store_txn *t, const struct trip *tr)
{
	struct order	*o;
	u_int		 i;

	if (ctl->json) {
		stashctl_json_print(reply_trip(t, tr));
		return;
	}
	printf("trip %llu  %-8s driver %u  vehicle %s  orders",
	    (unsigned long long)tr->id, store_trip_status_name(tr->status),
	    tr->driver, tr->plate);
	o = xmalloc(sizeof *o);
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) == 0)
			printf(" %llu(%s)", (unsigned long long)o->id,
			    store_order_status_name(o->status));
	}
	free(o);
	if (tr->ledger[0] != '\0')
		printf("  ledger %s", tr->ledger);
	if (tr->nfloat != 0)
		printf("  floating %u", tr->nfloat);
	printf("\n");
}

/* After a write: the trip as it is now, read back. */
static int
ctl_trip_done(struct ctl *ctl, struct ctl_trip *ct)
{
	struct store_txn	t;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	ctl_trip_print(ctl, &t, &ct->tr);
	store_abort(&t);
	return (0);
}

static int
ctl_trip_run(struct ctl *ctl, struct ctl_trip *ct, store_write_cb cb)
{
	int	r = -1;

	if (stashctl_write(ctl, cb, ct) == 0)
		r = ctl_trip_done(ctl, ct);
	ctl_trip_free(ct);
	return (r);
}

static int
ctl_trip_create_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_trip	*ct = arg;

	return (trip_create(t, ct->driver, ct->plate, ct->orders, ct->norders,
	    ct->at, 0, CTL_AUDIT_WHO, &ct->tr, cause) == ORDER_OK ? 0 : -1);
}

/* trip create --driver ID --vehicle PLATE --orders N,N [--depart-at T] */
int
ctl_trip_create(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_trip	*ct;
	const char	*s, *errstr;
	uint64_t	 v;

	if ((ct = ctl_trip_new(ctl, args, 0)) == NULL)
		return (-1);
	if ((s = stashctl_opt(args, "driver")) == NULL ||
	    (ct->plate = stashctl_opt(args, "vehicle")) == NULL ||
	    stashctl_opt(args, "orders") == NULL) {
		stashctl_error("trip create: give --driver, --vehicle and "
		    "--orders");
		goto fail;
	}
	if (ctl_trip_num("staff", s, UINT32_MAX, &v) != 0 ||
	    ctl_trip_orders(ct, stashctl_opt(args, "orders")) != 0)
		goto fail;
	ct->driver = (uint32_t)v;
	if ((s = stashctl_opt(args, "depart-at")) != NULL) {
		ct->at = util_strtonum(s, 1, INT64_C(4102444800), &errstr);
		if (errstr != NULL) {
			stashctl_error("--depart-at is seconds since 1970");
			goto fail;
		}
		ct->at *= 1000000;
	}
	return (ctl_trip_run(ctl, ct, ctl_trip_create_cb));
fail:
	ctl_trip_free(ct);
	return (-1);
}

static int
ctl_trip_assign_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_trip	*ct = arg;

	return (trip_assign(t, ct->id, ct->order, ct->add, 0, CTL_AUDIT_WHO,
	    &ct->tr, cause) == ORDER_OK ? 0 : -1);
}

static int
ctl_trip_assign1(struct ctl *ctl, struct ctl_args *args, int add)
{
	struct ctl_trip	*ct;

	if ((ct = ctl_trip_new(ctl, args, 0)) == NULL)
		return (-1);
	ct->add = add;
	if (ctl_trip_num("order", args->argv[1], INT64_MAX, &ct->order) != 0) {
		ctl_trip_free(ct);
		return (-1);
	}
	return (ctl_trip_run(ctl, ct, ctl_trip_assign_cb));
}

int
ctl_trip_assign(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_trip_assign1(ctl, args, 1));
}

int
ctl_trip_unassign(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_trip_assign1(ctl, args, 0));
}

static int
ctl_trip_reorder_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_trip	*ct = arg;

	return (trip_reorder(t, ct->id, ct->orders, ct->norders, 0,
	    CTL_AUDIT_WHO, &ct->tr, cause) == ORDER_OK ? 0 : -1);
}

int
ctl_trip_reorder(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_trip	*ct;

	if ((ct = ctl_trip_new(ctl, args, 0)) == NULL)
		return (-1);
	if (ctl_trip_orders(ct, args->argv[1]) != 0) {
		ctl_trip_free(ct);
		return (-1);
	}
	return (ctl_trip_run(ctl, ct, ctl_trip_reorder_cb));
}

/*
 * Where route-url is set, the road times between trip ct->id's stops
 * (ctl_route_roads: synchronously, a few seconds at most) for the write
 * to come, if the trip is in status with at least min stops; trip.c uses
 * them only if the stops are still these, in this order. Otherwise, or
 * if the service does not answer, straight lines.
 */
static void
ctl_trip_roads(struct ctl *ctl, struct ctl_trip *ct, int status, u_int min)
{
	struct store_txn	 t;
	struct trip		 tr;
	struct route_point	 pts[TRIP_ORDERS + 1];
	const char		*url = options_string(ct->opts, "route-url");
	int			 ask;

	if (*url == '\0' || store_begin(ctl->st, &t, 0) != 0)
		return;
	ask = store_trip_get(&t, ct->id, &tr) == 0 && tr.status == status &&
	    tr.norders >= min && trip_points(&t, &tr, &ct->c, pts) == 0;
	store_abort(&t);
	if (!ask || ctl_route_roads(url, pts, tr.norders + 1, &ct->dur,
	    &ct->dist) != 0)
		return;
	memcpy(ct->road_orders, tr.orders, tr.norders * sizeof tr.orders[0]);
	ct->roads.n = tr.norders;
	ct->roads.orders = ct->road_orders;
	ct->roads.dur = ct->dur;
	ct->roads.dist = ct->dist;
	ct->c.roads = &ct->roads;
}

/* A step that takes only the trip and the configuration: load, optimise. */
static int
ctl_trip_step_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_trip	*ct = arg;

	return (ct->step(t, ct->id, &ct->c, 0, CTL_AUDIT_WHO, &ct->tr,
	    cause) == ORDER_OK ? 0 : -1);
}

static int
ctl_trip_step(struct ctl *ctl, struct ctl_args *args,
    enum order_err (*step)(struct store_txn *, uint64_t,
    const struct trip_conf *, uint32_t, const char *, struct trip *, char **))
{
	struct ctl_trip	*ct;

	if ((ct = ctl_trip_new(ctl, args, 1)) == NULL)
		return (-1);
	ct->step = step;
	if (step == trip_optimise)
		ctl_trip_roads(ctl, ct, TRIP_PLANNED, 2);
	return (ctl_trip_run(ctl, ct, ctl_trip_step_cb));
}

int
ctl_trip_optimise(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_trip_step(ctl, args, trip_optimise));
}

/* trip check TRIP: every delivery rule the trip breaks; exit 2 if any. */
int
ctl_trip_check(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_trip		*ct;
	struct store_txn	 t;
	struct delivery_result	 res;
	json_t			*v;
	char			*cause = NULL;
	u_int			 i;
	int			 r = -1;
	enum order_err		 e;

	if ((ct = ctl_trip_open(ctl, args, 1, &t)) == NULL)
		return (-1);
	if ((e = trip_check(&t, &ct->tr, &ct->c, &res, &cause)) != ORDER_OK) {
		stashctl_error("%s", cause != NULL ? cause : "check failed");
		free(cause);
		goto out;
	}
	if (ctl->json) {
		v = reply_delivery_violations(&res);
		stashctl_json_print(json_pack("{s:I, s:b, s:b, s:o}", "trip",
		    (json_int_t)ct->id, "allowed", res.allow, "ok",
		    res.allow && res.nv == 0, "violations", v));
	} else {
		printf("trip %llu: %s; on board %lld cents (%lld unordered), "
		    "%d stops\n", (unsigned long long)ct->id, res.nv == 0 &&
		    res.allow ? "within the rules" : "breaks the rules",
		    (long long)res.load.total, (long long)res.load.unordered,
		    (int)res.load.stops);
		for (i = 0; i < res.nv; i++)
			printf("  %s: %s%s%s\n", res.v[i].rule,
			    res.v[i].message, res.v[i].cite != NULL ? " (" :
			    "", res.v[i].cite != NULL ? res.v[i].cite : "");
	}
	r = res.allow && res.nv == 0 ? 0 : CTL_EXIT_DIFFERENT;
	delivery_rules_result_free(&res);
out:
	store_abort(&t);
	ctl_trip_free(ct);
	return (r);
}

int
ctl_trip_load(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_trip_step(ctl, args, trip_load));
}

static int
ctl_trip_depart_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_trip	*ct = arg;

	return (trip_depart(t, ct->id, &ct->c, ct->ledger, 0, CTL_AUDIT_WHO,
	    &ct->tr, NULL, cause) == ORDER_OK ? 0 : -1);
}

int
ctl_trip_depart(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_trip	*ct;

	if ((ct = ctl_trip_new(ctl, args, 1)) == NULL)
		return (-1);
	ct->ledger = stashctl_opt(args, "ledger");
	ctl_trip_roads(ctl, ct, TRIP_LOADED, 1);
	return (ctl_trip_run(ctl, ct, ctl_trip_depart_cb));
}

static int
ctl_trip_close_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_trip	*ct = arg;

	return (trip_close(t, ct->id, ct->ret, ct->nret, ct->cash, 0,
	    CTL_AUDIT_WHO, &ct->tr, &ct->sum, cause) == ORDER_OK ? 0 : -1);
}

/*
 * TAG[:QTY][,TAG[:QTY]...]: what was scanned back into the vault, or
 * taken on board (a restock); what names the list in errors.
 */
static int
ctl_trip_returned(struct ctl_trip *ct, const char *list, const char *what)
{
	struct trip_return	*r;
	const char		*errstr;
	char			*copy, *p, *w, *q, c[48];
	int			 rc = 0;

	copy = p = xstrdup(list);
	while (rc == 0 && (w = strsep(&p, ",")) != NULL) {
		if (ct->nret == 512) {
			stashctl_error("%s: at most 512 packages", what);
			rc = -1;
			break;
		}
		ct->ret = xreallocarray(ct->ret, ct->nret + 1, sizeof *ct->ret);
		r = &ct->ret[ct->nret++];
		r->qty = -1;
		if ((q = strchr(w, ':')) != NULL) {
			*q++ = '\0';
			r->qty = util_strtonum(q, 0, INVENTORY_MG_MAX, &errstr);
			if (errstr != NULL) {
				stashctl_error("%s: %s is not a quantity",
				    what, stashctl_clean(q, c, sizeof c));
				rc = -1;
				break;
			}
		}
		if (strlen(w) != TAG_LEN) {
			rc = -1;
		} else {
			strlcpy(r->tag, w, sizeof r->tag);
			util_tag_upper(r->tag);
			if (!util_tag_valid(r->tag))
				rc = -1;
		}
		if (rc != 0)
			stashctl_error("%s: %s is not a package tag "
			    "(24 characters 0-9, A-F)", what,
			    stashctl_clean(w, c, sizeof c));
	}
	free(copy);
	return (rc);
}

static int
ctl_trip_restock_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_trip		*ct = arg;
	struct trip_restock	*rs;
	u_int			 i;
	enum order_err		 e;

	rs = xcalloc(ct->nret, sizeof *rs);
	for (i = 0; i < ct->nret; i++) {
		strlcpy(rs[i].tag, ct->ret[i].tag, sizeof rs[i].tag);
		rs[i].qty = ct->ret[i].qty > 0 ? ct->ret[i].qty : 0;
	}
	e = trip_restock(t, ct->id, &ct->c, rs, ct->nret, 0, CTL_AUDIT_WHO,
	    &ct->tr, cause);
	free(rs);
	return (e == ORDER_OK ? 0 : -1);
}

/* trip restock TRIP TAG[:QTY],...: more stock on board a trip out. */
int
ctl_trip_restock(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_trip	*ct;

	if ((ct = ctl_trip_new(ctl, args, 1)) == NULL)
		return (-1);
	if (ctl_trip_returned(ct, args->argv[1], "trip restock") != 0) {
		ctl_trip_free(ct);
		return (-1);
	}
	return (ctl_trip_run(ctl, ct, ctl_trip_restock_cb));
}

/* trip close TRIP --cash AMOUNT [--returned TAG[:QTY],...] */
int
ctl_trip_close(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_trip	*ct;
	const char	*s;
	char		 a[32], b[32], d[32];
	int		 r = -1;

	if ((ct = ctl_trip_new(ctl, args, 0)) == NULL)
		return (-1);
	if ((s = stashctl_opt(args, "cash")) == NULL ||
	    money_parse(s, &ct->cash) != 0 || ct->cash < 0) {
		stashctl_error("trip close: give --cash, the driver's cash "
		    "as dollars and cents");
		goto out;
	}
	if ((s = stashctl_opt(args, "returned")) != NULL &&
	    ctl_trip_returned(ct, s, "--returned") != 0)
		goto out;
	if (stashctl_write(ctl, ctl_trip_close_cb, ct) != 0)
		goto out;
	if (ctl->json)
		stashctl_json_print(json_pack("{s:I, s:I, s:I, s:I, s:i, s:i}",
		    "trip", (json_int_t)ct->id, "collected",
		    (json_int_t)ct->sum.collected, "counted",
		    (json_int_t)ct->sum.counted, "over_short",
		    (json_int_t)ct->sum.over_short, "returned",
		    (int)ct->sum.returned, "missing", (int)ct->sum.missing));
	else
		printf("trip %llu closed: collected %s, counted %s, %s %s; "
		    "%u packages back, %u missing\n",
		    (unsigned long long)ct->id,
		    money_fmt(ct->sum.collected, a, sizeof a),
		    money_fmt(ct->sum.counted, b, sizeof b),
		    ct->sum.over_short < 0 ? "short" : "over",
		    money_fmt(ct->sum.over_short < 0 ? -ct->sum.over_short :
		    ct->sum.over_short, d, sizeof d), ct->sum.returned,
		    ct->sum.missing);
	r = 0;
out:
	ctl_trip_free(ct);
	return (r);
}

int
ctl_trip_show(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_trip		*ct;
	struct store_txn	 t;

	if ((ct = ctl_trip_open(ctl, args, 0, &t)) == NULL)
		return (-1);
	ctl_trip_print(ctl, &t, &ct->tr);
	store_abort(&t);
	ctl_trip_free(ct);
	return (0);
}

struct ctl_trip_list {
	struct ctl		*ctl;
	struct store_txn	*t;
};

static int
ctl_trip_list_cb(const struct trip *tr, void *arg)
{
	struct ctl_trip_list	*l = arg;

	ctl_trip_print(l->ctl, l->t, tr);
	return (0);
}

/* trip list [--status STATUS] */
int
ctl_trip_list(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_trip_list	 l;
	struct store_txn	 t;
	const char		*s;
	int			 st = 0, r;

	if ((s = stashctl_opt(args, "status")) != NULL &&
	    (st = store_trip_status_find(s)) == -1) {
		stashctl_error("no trip status \"%s\"", s);
		return (-1);
	}
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	l.ctl = ctl;
	l.t = &t;
	r = store_trip_walk(&t, st, ctl_trip_list_cb, &l);
	if (r != 0 && t.ret == 0)
		r = 0;
	store_abort(&t);
	return (r != 0 ? -1 : 0);
}

static void
ctl_trip_line_cb(const char *line, void *arg)
{
	(void)arg;
	printf("%s\n", line);
}

/* trip manifest TRIP: the 80-column page, as trip.manifest gives it. */
int
ctl_trip_manifest(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_trip		*ct;
	struct store_txn	 t;

	if ((ct = ctl_trip_open(ctl, args, 0, &t)) == NULL)
		return (-1);
	trip_manifest(&t, &ct->tr, &ctl->info, ctl->info.tz,
	    TRIP_MANIFEST_COLS, ctl_trip_line_cb, NULL);
	store_abort(&t);
	ctl_trip_free(ct);
	return (0);
}
