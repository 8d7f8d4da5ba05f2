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

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stash.h"
#include "store.h"
#include "auth.h"
#include "trip.h"
#include "outbox.h"
#include "inventory.h"
#include "notify.h"
#include "route.h"
#include "rules.h"

/*
 * Delivery vehicles, drivers and trips. A vehicle is known by its plate
 * and carries its packages in the location "vehicle:PLATE". A driver is
 * a staff member with the driver role, a driver's licence number and the
 * employee ID the state's ledger names.
 */

static int
trip_text_ok(const char *s, size_t max)
{
	size_t	n = strlen(s);

	return (n > 0 && n <= max && util_printable(s, n));
}

/* The location a vehicle's load is in: "vehicle:PLATE". */
int
trip_vehicle_location(const char *plate, char *out, size_t len)
{
	if ((size_t)snprintf(out, len, "vehicle:%s", plate) >= len)
		return (-1);
	return (0);
}

/*
 * Add a vehicle (or bring a removed one back with new details). The plate
 * is 1 to 12 capitals and digits (it names the location), the VIN 17
 * characters without I, O or Q.
 */
enum order_err
trip_vehicle_add(struct store_txn *t, const struct vehicle *v, uint32_t staff,
    const char *terminal, char **cause)
{
	struct vehicle	 old, nv;
	size_t		 i;
	int		 r;
	char		 subj[40];

	nv = *v;
	for (i = 0; nv.plate[i] != '\0'; i++) {
		if (!((nv.plate[i] >= 'A' && nv.plate[i] <= 'Z') ||
		    (nv.plate[i] >= '0' && nv.plate[i] <= '9')))
			break;
	}
	if (i == 0 || nv.plate[i] != '\0' || i > VEHICLE_PLATE_MAX) {
		xasprintf(cause, "the plate is 1 to %d capital letters and "
		    "digits, no spaces", VEHICLE_PLATE_MAX);
		return (ORDER_E_INVALID);
	}
	if (!trip_text_ok(nv.make, VEHICLE_TEXT_MAX) ||
	    !trip_text_ok(nv.model, VEHICLE_TEXT_MAX) ||
	    !trip_text_ok(nv.colour, VEHICLE_TEXT_MAX)) {
		xasprintf(cause, "make, model and colour are each 1 to %d "
		    "printable characters", VEHICLE_TEXT_MAX);
		return (ORDER_E_INVALID);
	}
	for (i = 0; nv.vin[i] != '\0'; i++) {
		if (!((nv.vin[i] >= 'A' && nv.vin[i] <= 'Z') ||
		    (nv.vin[i] >= '0' && nv.vin[i] <= '9')) ||
		    nv.vin[i] == 'I' || nv.vin[i] == 'O' || nv.vin[i] == 'Q')
			break;
	}
	if (i != VEHICLE_VIN_LEN || nv.vin[i] != '\0') {
		xasprintf(cause, "the VIN is %d capital letters and digits "
		    "(never I, O or Q)", VEHICLE_VIN_LEN);
		return (ORDER_E_INVALID);
	}
	r = store_vehicle_get(t, nv.plate, &old);
	if (r == 0 && old.active) {
		xasprintf(cause, "vehicle %s is already known (remove it "
		    "first to change it)", nv.plate);
		return (ORDER_E_CONFLICT);
	}
	if (r != 0 && r != STORE_NOTFOUND)
		return (order_store_err(t, cause));
	nv.active = 1;
	nv.created = util_now();
	store_vehicle_put(t, &nv);
	snprintf(subj, sizeof subj, "vehicle %s", nv.plate);
	audit_append(t, staff, 0, terminal, "vehicle.add", subj,
	    "make=%s model=%s colour=%s vin=%s gps=%d camera=%d", nv.make,
	    nv.model, nv.colour, nv.vin, nv.gps, nv.camera);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* Remove a vehicle: kept for its old trips, offered for none. */
enum order_err
trip_vehicle_remove(struct store_txn *t, const char *plate, uint32_t staff,
    const char *terminal, char **cause)
{
	struct vehicle	v;
	char		subj[40];
	int		r;

	if ((r = store_vehicle_get(t, plate, &v)) == STORE_NOTFOUND ||
	    (r == 0 && !v.active)) {
		xasprintf(cause, "no vehicle %s", plate);
		return (ORDER_E_NOTFOUND);
	}
	if (r != 0)
		return (order_store_err(t, cause));
	v.active = 0;
	store_vehicle_put(t, &v);
	snprintf(subj, sizeof subj, "vehicle %s", plate);
	audit_append(t, staff, 0, terminal, "vehicle.remove", subj, "%s",
	    "removed");
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/*
 * May s drive a trip? Their role, built-in or an admin's, gives them the
 * delivery permission (the driver role does; so may a role an admin
 * defines for a store whose budtenders also drive).
 */
static int
trip_may_drive(struct store_txn *t, const struct staff *s)
{
	uint32_t	perms;

	if (auth_role_get(t, s->role, NULL, 0, &perms) != 0)
		return (0);
	return ((perms & PERM_DELIVERY) != 0);
}

/*
 * A driver's details on a staff member with the driver role: licence
 * number, employee ID and date of birth (YYYYMMDD: the rule files' age
 * for the crew). The audit names the fields changed, never their values.
 */
enum order_err
trip_driver_set(struct store_txn *t, uint32_t id, const char *licence,
    const char *employee, int born, uint32_t staff, const char *terminal,
    struct staff *s, char **cause)
{
	char	subj[32];
	int	r;

	if ((r = store_staff_get(t, id, s)) == STORE_NOTFOUND) {
		xasprintf(cause, "no staff member %u", id);
		return (ORDER_E_NOTFOUND);
	}
	if (r != 0)
		return (order_store_err(t, cause));
	if (!trip_may_drive(t, s)) {
		xasprintf(cause, "staff %u's role has no delivery permission: "
		    "only a driver has driver's details (stashctl staff role "
		    "%u driver)", id, id);
		return (ORDER_E_CONFLICT);
	}
	if ((licence != NULL && !trip_text_ok(licence, sizeof s->licence -
	    1)) || (employee != NULL && !trip_text_ok(employee,
	    sizeof s->employee - 1))) {
		xasprintf(cause, "the licence number and employee ID are 1 to "
		    "%zu printable characters", sizeof s->licence - 1);
		return (ORDER_E_INVALID);
	}
	if (born != 0 && (born < 19000101 || born > 99991231)) {
		xasprintf(cause, "the date of birth is YYYY-MM-DD");
		return (ORDER_E_INVALID);
	}
	if (licence != NULL)
		strlcpy(s->licence, licence, sizeof s->licence);
	if (employee != NULL)
		strlcpy(s->employee, employee, sizeof s->employee);
	if (born != 0)
		s->born = born;
	store_staff_put(t, s);
	snprintf(subj, sizeof subj, "staff %u", id);
	audit_append(t, staff, 0, terminal, "staff.driver", subj,
	    "set=%s%s%s", licence != NULL ? "licence," : "",
	    employee != NULL ? "employee," : "", born != 0 ? "born" : "");
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* --- trips --- */

/* What the driver handed in against what the trip took: + over, - short. */
int64_t
trip_over_short(int64_t collected, int64_t counted)
{
	return (counted - collected);
}

/*
 * What is missing of a package that came back: the record less what was
 * counted, never negative (more than the record is an entry error for a
 * count, not a gain on a trip).
 */
int64_t
trip_shortfall(int64_t record, int64_t counted)
{
	if (counted < 0 || counted >= record)
		return (0);
	return (record - counted);
}

/* The trip ID names, or ORDER_E_NOTFOUND with "no trip ID". */
enum order_err
trip_get(struct store_txn *t, uint64_t id, struct trip *tr, char **cause)
{
	int	r;

	if ((r = store_trip_get(t, id, tr)) == STORE_NOTFOUND) {
		xasprintf(cause, "no trip %llu", (unsigned long long)id);
		return (ORDER_E_NOTFOUND);
	}
	if (r != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* An order that may join a trip: a sealed delivery on no other trip. */
static enum order_err
trip_order_take(struct store_txn *t, struct trip *tr, uint64_t id,
    uint32_t staff, const char *terminal, int64_t now, char **cause)
{
	struct order	*o, *old;
	u_int		 i;
	enum order_err	 e;

	for (i = 0; i < tr->norders; i++) {
		if (tr->orders[i] == id) {
			xasprintf(cause, "order %llu is already on trip %llu",
			    (unsigned long long)id,
			    (unsigned long long)tr->id);
			return (ORDER_E_CONFLICT);
		}
	}
	if (tr->norders == TRIP_ORDERS) {
		xasprintf(cause, "a trip holds at most %d orders",
		    TRIP_ORDERS);
		return (ORDER_E_CONFLICT);
	}
	o = xmalloc(sizeof *o);
	old = xmalloc(sizeof *old);
	if ((e = order_get(t, id, o, cause)) != ORDER_OK)
		goto out;
	if (o->channel != ORDER_DELIVERY || o->status != ORDER_PACKED) {
		xasprintf(cause, "order %llu is a %s order and %s: a trip "
		    "takes sealed delivery orders (packed)",
		    (unsigned long long)id,
		    store_order_channel_name(o->channel),
		    store_order_status_name(o->status));
		e = ORDER_E_CONFLICT;
		goto out;
	}
	*old = *o;
	o->trip = tr->id;
	order_history_add(o, ORDER_ASSIGNED, now, staff, terminal, NULL);
	store_order_put(t, o, old);
	tr->orders[tr->norders++] = id;
	e = ORDER_OK;
out:
	free(o);
	free(old);
	return (e);
}

/* Back to packed, off the trip. */
static void
trip_order_drop(struct store_txn *t, uint64_t id, uint32_t staff,
    const char *terminal, int64_t now)
{
	struct order	*o, *old;

	o = xmalloc(sizeof *o);
	old = xmalloc(sizeof *old);
	if (store_order_get(t, id, o) == 0) {
		*old = *o;
		o->trip = 0;
		order_history_add(o, ORDER_PACKED, now, staff, terminal,
		    "off its trip");
		store_order_put(t, o, old);
	}
	free(o);
	free(old);
}

static void
trip_audit_orders(const struct trip *tr, char *out, size_t len)
{
	size_t	n = 0;
	u_int	i;

	*out = '\0';
	for (i = 0; i < tr->norders && n < len; i++)
		n += snprintf(out + n, len - n, "%s%llu", i ? "," : "",
		    (unsigned long long)tr->orders[i]);
}

/*
 * A trip: a driver (staff with the driver role), an active vehicle and
 * sealed delivery orders in the order given (the stops).
 */
enum order_err
trip_create(struct store_txn *t, uint32_t driver, const char *plate,
    const uint64_t *orders, u_int n, int64_t depart_at, uint32_t staff,
    const char *terminal, struct trip *tr, char **cause)
{
	struct staff	 s;
	struct vehicle	 v;
	int64_t		 now = util_now();
	u_int		 i;
	int		 r;
	enum order_err	 e;
	char		 subj[32], list[TRIP_ORDERS * 21];

	if ((r = store_staff_get(t, driver, &s)) == STORE_NOTFOUND ||
	    (r == 0 && (!s.active || !trip_may_drive(t, &s)))) {
		xasprintf(cause, "staff %u is not an active driver (stashctl "
		    "staff role %u driver)", driver, driver);
		return (r == STORE_NOTFOUND ? ORDER_E_NOTFOUND :
		    ORDER_E_CONFLICT);
	}
	if (r != 0)
		return (order_store_err(t, cause));
	if ((r = store_vehicle_get(t, plate, &v)) == STORE_NOTFOUND ||
	    (r == 0 && !v.active)) {
		xasprintf(cause, "no vehicle %s (stashctl vehicle add)",
		    plate);
		return (ORDER_E_NOTFOUND);
	}
	if (r != 0)
		return (order_store_err(t, cause));
	if (n == 0 || n > TRIP_ORDERS) {
		xasprintf(cause, "a trip has 1 to %d orders", TRIP_ORDERS);
		return (ORDER_E_INVALID);
	}
	memset(tr, 0, sizeof *tr);
	tr->id = store_trip_next_id(t);
	tr->status = TRIP_PLANNED;
	tr->driver = driver;
	strlcpy(tr->plate, plate, sizeof tr->plate);
	tr->depart_at = depart_at;
	tr->created = now;
	tr->staff = staff;
	for (i = 0; i < n; i++) {
		if ((e = trip_order_take(t, tr, orders[i], staff, terminal,
		    now, cause)) != ORDER_OK)
			return (e);
	}
	store_trip_put(t, tr);
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)tr->id);
	trip_audit_orders(tr, list, sizeof list);
	audit_append(t, staff, 0, terminal, "trip.create", subj,
	    "driver=%u vehicle=%s orders=%s", driver, plate, list);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/*
 * The trip id names, in one of the statuses of mask (TRIP_IN(status) or'd
 * together), else ORDER_E_CONFLICT with "trip N is STATUS: why".
 */
#define TRIP_IN(s)	(1U << (s))
static enum order_err
trip_in(struct store_txn *t, uint64_t id, u_int mask, const char *why,
    struct trip *tr, char **cause)
{
	enum order_err	e;

	if ((e = trip_get(t, id, tr, cause)) != ORDER_OK)
		return (e);
	if ((mask & TRIP_IN(tr->status)) == 0) {
		xasprintf(cause, "trip %llu is %s: %s", (unsigned long long)id,
		    store_trip_status_name(tr->status), why);
		return (ORDER_E_CONFLICT);
	}
	return (ORDER_OK);
}

static enum order_err
trip_planned(struct store_txn *t, uint64_t id, struct trip *tr, char **cause)
{
	return (trip_in(t, id, TRIP_IN(TRIP_PLANNED), "its orders and stops "
	    "change only while it is planned", tr, cause));
}

/* Add (add 1) or take off (0) an order of a planned trip. */
enum order_err
trip_assign(struct store_txn *t, uint64_t id, uint64_t order, int add,
    uint32_t staff, const char *terminal, struct trip *tr, char **cause)
{
	int64_t		now = util_now();
	u_int		i;
	enum order_err	e;
	char		subj[32];

	if ((e = trip_planned(t, id, tr, cause)) != ORDER_OK)
		return (e);
	if (add) {
		if ((e = trip_order_take(t, tr, order, staff, terminal, now,
		    cause)) != ORDER_OK)
			return (e);
	} else {
		for (i = 0; i < tr->norders; i++) {
			if (tr->orders[i] == order)
				break;
		}
		if (i == tr->norders) {
			xasprintf(cause, "order %llu is not on trip %llu",
			    (unsigned long long)order,
			    (unsigned long long)id);
			return (ORDER_E_NOTFOUND);
		}
		if (tr->norders == 1) {
			xasprintf(cause, "order %llu is trip %llu's only "
			    "order: cancel the trip instead",
			    (unsigned long long)order,
			    (unsigned long long)id);
			return (ORDER_E_CONFLICT);
		}
		memmove(&tr->orders[i], &tr->orders[i + 1],
		    (tr->norders - i - 1) * sizeof tr->orders[0]);
		tr->norders--;
		trip_order_drop(t, order, staff, terminal, now);
	}
	store_trip_put(t, tr);
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)id);
	audit_append(t, staff, 0, terminal, add ? "trip.assign" :
	    "trip.unassign", subj, "order=%llu", (unsigned long long)order);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* The stops in a new order: the same orders, each once. */
enum order_err
trip_reorder(struct store_txn *t, uint64_t id, const uint64_t *orders,
    u_int n, uint32_t staff, const char *terminal, struct trip *tr,
    char **cause)
{
	u_int		i, j;
	enum order_err	e;
	char		subj[32], list[TRIP_ORDERS * 21];

	if ((e = trip_planned(t, id, tr, cause)) != ORDER_OK)
		return (e);
	if (n != tr->norders)
		goto bad;
	for (i = 0; i < n; i++) {
		for (j = 0; j < tr->norders && tr->orders[j] != orders[i]; j++)
			;
		if (j == tr->norders)
			goto bad;
		for (j = 0; j < i; j++) {
			if (orders[j] == orders[i])
				goto bad;
		}
	}
	memcpy(tr->orders, orders, n * sizeof orders[0]);
	store_trip_put(t, tr);
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)id);
	trip_audit_orders(tr, list, sizeof list);
	audit_append(t, staff, 0, terminal, "trip.reorder", subj, "orders=%s",
	    list);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
bad:
	xasprintf(cause, "the new stop order must list trip %llu's %u orders, "
	    "each once", (unsigned long long)id, tr->norders);
	return (ORDER_E_INVALID);
}

/*
 * Road times and distances for the problem, if they were asked for these
 * very stops in this order; else the optimiser's straight-line estimate.
 */
static void
trip_problem_roads(const struct trip *tr, const struct trip_roads *r,
    struct route_problem *p)
{
	size_t	n;

	if (r == NULL || r->dur == NULL || r->n != tr->norders ||
	    memcmp(r->orders, tr->orders, r->n * sizeof *r->orders) != 0)
		return;
	n = (size_t)(r->n + 1) * (r->n + 1);
	p->dur = xcalloc(n, sizeof *p->dur);
	memcpy(p->dur, r->dur, n * sizeof *p->dur);
	if (r->dist != NULL) {
		p->dist = xcalloc(n, sizeof *p->dist);
		memcpy(p->dist, r->dist, n * sizeof *p->dist);
	}
}

/* The route problem of a trip's stops from the depot, leaving at. */
static int
trip_problem(struct store_txn *t, const struct trip *tr,
    const struct trip_conf *c, int64_t at, struct route_problem *p,
    char **cause)
{
	struct order	*o;
	u_int		 i;

	if (!c->located) {
		xasprintf(cause, "the store's location is not set (the "
		    "store-location option): there is no depot to route from");
		return (-1);
	}
	memset(p, 0, sizeof *p);
	p->depot.lat = (int32_t)c->lat;
	p->depot.lon = (int32_t)c->lon;
	p->speed = ROUTE_SPEED_DEFAULT;
	p->detour = ROUTE_DETOUR_DEFAULT;
	p->depart = at / 1000000;
	p->n = tr->norders;
	p->stops = xcalloc(tr->norders + 1, sizeof *p->stops);
	o = xmalloc(sizeof *o);
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) != 0) {
			free(o);
			route_problem_free(p);
			xasprintf(cause, "%s", store_strerror(t->ret));
			return (-1);
		}
		snprintf(p->stops[i].id, sizeof p->stops[i].id, "%llu",
		    (unsigned long long)o->id);
		p->stops[i].at.lat = (int32_t)o->lat;
		p->stops[i].at.lon = (int32_t)o->lon;
		p->stops[i].service = 300;
		if (o->window_end > 0) {
			p->stops[i].window = 1;
			p->stops[i].open = o->window_start / 1000000;
			p->stops[i].close = o->window_end / 1000000;
		}
	}
	free(o);
	trip_problem_roads(tr, c->roads, p);
	return (0);
}

/*
 * The points to ask the road times between (route-url): the depot, then
 * each stop in the trip's order (pts holds norders + 1). -1 if the store
 * has no location or a stop's order is missing.
 */
int
trip_points(struct store_txn *t, const struct trip *tr,
    const struct trip_conf *c, struct route_point *pts)
{
	struct order	*o;
	u_int		 i;

	if (!c->located)
		return (-1);
	pts[0].lat = (int32_t)c->lat;
	pts[0].lon = (int32_t)c->lon;
	o = xmalloc(sizeof *o);
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) != 0)
			break;
		pts[i + 1].lat = (int32_t)o->lat;
		pts[i + 1].lon = (int32_t)o->lon;
	}
	free(o);
	return (i == tr->norders ? 0 : -1);
}

/*
 * Each stop's estimated arrival (UTC us, in the trip's stop order)
 * leaving the depot at at. 0, or -1 when the store has no location (the
 * ETAs are 0 then).
 */
int
trip_eta(struct store_txn *t, const struct trip *tr,
    const struct trip_conf *c, int64_t at, int64_t *eta)
{
	struct route_problem	p;
	struct route_result	res;
	u_int			idx[TRIP_ORDERS], i;
	char			*cause = NULL;

	memset(eta, 0, tr->norders * sizeof *eta);
	if (trip_problem(t, tr, c, at, &p, &cause) != 0) {
		free(cause);
		return (-1);
	}
	for (i = 0; i < tr->norders; i++)
		idx[i] = i;
	memset(&res, 0, sizeof res);
	route_evaluate(&p, idx, &res);
	for (i = 0; i < tr->norders; i++)
		eta[i] = res.arrive[i] * 1000000;
	route_result_free(&res);
	route_problem_free(&p);
	return (0);
}

/* The stops in the order route.c finds shortest, windows kept. */
enum order_err
trip_optimise(struct store_txn *t, uint64_t id, const struct trip_conf *c,
    uint32_t staff, const char *terminal, struct trip *tr, char **cause)
{
	struct route_problem	 p;
	struct route_opts	 opts;
	struct route_result	 res;
	uint64_t		 orders[TRIP_ORDERS];
	u_int			 i;
	enum order_err		 e;
	char			 subj[32], list[TRIP_ORDERS * 21];
	int64_t			 at;

	if ((e = trip_planned(t, id, tr, cause)) != ORDER_OK)
		return (e);
	at = tr->depart_at != 0 ? tr->depart_at : (c->now != 0 ? c->now :
	    util_now());
	if (trip_problem(t, tr, c, at, &p, cause) != 0)
		return (t->ret != 0 ? order_store_err(t, cause) :
		    ORDER_E_CONFLICT);
	route_opts_default(&opts);
	memset(&res, 0, sizeof res);
	if (route_solve(&p, &opts, &res) != 0) {
		route_problem_free(&p);
		xasprintf(cause, "the route could not be solved");
		return (ORDER_E_INVALID);
	}
	for (i = 0; i < tr->norders; i++)
		orders[i] = tr->orders[res.order[i]];
	memcpy(tr->orders, orders, tr->norders * sizeof orders[0]);
	store_trip_put(t, tr);
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)id);
	trip_audit_orders(tr, list, sizeof list);
	audit_append(t, staff, 0, terminal, "trip.optimise", subj,
	    "orders=%s distance_m=%lld duration_s=%lld", list,
	    (long long)res.distance, (long long)res.duration);
	route_result_free(&res);
	route_problem_free(&p);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* The packages a trip's orders were packed from, each once. */
struct trip_pkgs {
	u_int		 n;
	char		 tag[TRIP_ORDERS * ORDER_PICKS][TAG_LEN + 1];
};

static void
trip_pkgs_add(struct trip_pkgs *ps, const char *tag)
{
	u_int	i;

	for (i = 0; i < ps->n; i++) {
		if (strcmp(ps->tag[i], tag) == 0)
			return;
	}
	strlcpy(ps->tag[ps->n++], tag, sizeof ps->tag[0]);
}

/*
 * What the trip's orders not yet delivered hold of a package (their picks
 * of it): the rest of it on board rides unordered. o is scratch space; -1
 * if an order could not be read (the others are counted).
 */
static int
trip_held(struct store_txn *t, const struct trip *tr, const char *tag,
    struct order *o, int64_t *held)
{
	u_int	i, j;
	int	r = 0;

	*held = 0;
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) != 0) {
			r = -1;
			continue;
		}
		if (o->status == ORDER_DELIVERED)
			continue;
		for (j = 0; j < o->npicks; j++) {
			if (strcmp(o->picks[j].tag, tag) == 0)
				*held += o->picks[j].qty;
		}
	}
	return (r);
}

/* A package's retail value and net weight of qty, at today's price. */
static void
trip_value(const struct product *p, int64_t qty, int64_t *cents, int64_t *mg)
{
	if (money_line_total(p->unit_weight, qty, p->price, cents) != 0)
		*cents = DELIVERY_FIGURE_MAX;
	if (p->unit_weight)
		*mg = qty;
	else
		*mg = p->net_ug / 1000 * qty;
}

static int
trip_lc(int type)
{
	switch (type) {
	case CUSTOMER_MEDICAL:
		return (LC_MEDICAL);
	case CUSTOMER_CAREGIVER:
		return (LC_CAREGIVER);
	}
	return (LC_ADULT);
}

static int
trip_age(int born, int today)
{
	if (born == 0)
		return (0);
	return ((today - born) / 10000);
}

/*
 * The trip as delivery-rules.c sees it: the orders (type, destination,
 * ETA) and what is on board, whole packages at today's retail price, the
 * part of each its orders hold as theirs and the rest unordered.
 */
static enum order_err
trip_delivery(struct store_txn *t, const struct trip *tr,
    const struct trip_conf *c, struct delivery_trip *dt, char **cause)
{
	struct order		*o;
	struct customer		 cu;
	struct package		 pk;
	struct product		 p;
	struct staff		 s;
	struct vehicle		 v;
	struct trip_pkgs	*ps;
	int64_t			 eta[TRIP_ORDERS], held, cents, mg, at;
	u_int			 i, j, k;
	int			 today;

	at = tr->depart_at != 0 ? tr->depart_at : (c->now != 0 ? c->now :
	    util_now());
	memset(dt, 0, sizeof *dt);
	dt->at = at;
	dt->orders = xcalloc(tr->norders + 1, sizeof *dt->orders);
	dt->items = xcalloc(TRIP_ORDERS * ORDER_PICKS * 2 + 1,
	    sizeof *dt->items);
	dt->norders = tr->norders;
	dt->manifest = 0xffffffffU;	/* trip_manifest prints every field */
	dt->ledger = tr->ledger[0] != '\0';
	today = util_local_date(at, c->tz);
	trip_eta(t, tr, c, at, eta);
	if (store_staff_get(t, tr->driver, &s) != 0 ||
	    store_vehicle_get(t, tr->plate, &v) != 0)
		return (order_store_err(t, cause));
	dt->crew = 1 + (int)tr->ncrew;
	dt->crew_min_age = trip_age(s.born, today);
	dt->gps = v.gps;
	dt->camera = v.camera;
	o = xmalloc(sizeof *o);
	ps = xcalloc(1, sizeof *ps);
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) != 0 ||
		    store_customer_get(t, o->customer, &cu) != 0)
			goto fail;
		dt->orders[i].type = trip_lc(cu.type);
		dt->orders[i].dest = strcasecmp(o->state, c->state) == 0 ?
		    RULES_DEST_RESIDENCE : RULES_DEST_OUT_OF_STATE;
		dt->orders[i].placed = o->created;
		dt->orders[i].eta = eta[i];
		dt->orders[i].verified = cu.id_number[0] != '\0';
		for (j = 0; j < i; j++) {
			if (dt->orders[j].placed != 0 &&
			    store_order_get(t, tr->orders[j], o) == 0 &&
			    o->customer == cu.id)
				dt->orders[i].prior_today++;
		}
		if (store_order_get(t, tr->orders[i], o) != 0)
			goto fail;
		dt->orders[i].status = o->status == ORDER_DELIVERED ?
		    DELIVERY_DELIVERED : o->status == ORDER_FAILED ?
		    DELIVERY_FAILED : DELIVERY_PENDING;
		for (k = 0; k < o->npicks; k++) {
			trip_pkgs_add(ps, o->picks[k].tag);
			if (store_package_get(t, o->picks[k].tag, &pk) != 0 ||
			    store_product_get(t, pk.product, &p) != 0)
				goto fail;
			if (o->status == ORDER_DELIVERED)
				continue;
			trip_value(&p, o->picks[k].qty, &cents, &mg);
			dt->items[dt->nitems].order = (int)i;
			dt->items[dt->nitems].qty = 1;
			dt->items[dt->nitems].price = cents;
			dt->items[dt->nitems].weight = mg;
			dt->nitems++;
		}
	}
	/* Restocked floating stock rides unordered, as the orders' rest. */
	for (k = 0; k < tr->nfloat; k++)
		trip_pkgs_add(ps, tr->floating[k].tag);
	/* What each package holds beyond the orders rides unordered. */
	for (k = 0; k < ps->n; k++) {
		if (store_package_get(t, ps->tag[k], &pk) != 0 ||
		    store_product_get(t, pk.product, &p) != 0)
			goto fail;
		if (trip_held(t, tr, pk.tag, o, &held) != 0)
			goto fail;
		if (pk.qty <= held)
			continue;
		trip_value(&p, pk.qty - held, &cents, &mg);
		dt->items[dt->nitems].order = -1;
		dt->items[dt->nitems].qty = 1;
		dt->items[dt->nitems].price = cents;
		dt->items[dt->nitems].weight = mg;
		dt->nitems++;
	}
	free(ps);
	free(o);
	return (ORDER_OK);
fail:
	free(ps);
	free(o);
	return (order_store_err(t, cause));
}

static void
trip_delivery_free(struct delivery_trip *dt)
{
	free(dt->orders);
	free(dt->items);
}

/*
 * The planned trip against the rule file's delivery rules: *res has the
 * load and every rule it breaks (delivery_rules_result_free it).
 */
enum order_err
trip_check(struct store_txn *t, const struct trip *tr,
    const struct trip_conf *c, struct delivery_result *res, char **cause)
{
	struct delivery_trip	dt;
	enum order_err		e;
	int			r;

	memset(res, 0, sizeof *res);
	if ((e = trip_delivery(t, tr, c, &dt, cause)) != ORDER_OK) {
		trip_delivery_free(&dt);
		return (e);
	}
	if (c->rules == NULL) {
		delivery_rules_load(&dt, &res->load);
		res->allow = 1;
		trip_delivery_free(&dt);
		return (ORDER_OK);
	}
	r = delivery_rules_check(c->rules, &dt, res, cause);
	trip_delivery_free(&dt);
	return (r != 0 ? ORDER_E_INVALID : ORDER_OK);
}

/*
 * Refuse on the first rule the trip breaks (the ledger waits for the
 * departure when skip_ledger), naming every rule broken and its
 * citation.
 */
static enum order_err
trip_refuse(struct store_txn *t, const struct trip *tr,
    const struct trip_conf *c, int skip_ledger, char **cause)
{
	struct delivery_result	 res;
	struct buf		 b;
	u_int			 i, n = 0;
	enum order_err		 e;

	if ((e = trip_check(t, tr, c, &res, cause)) != ORDER_OK)
		return (e);
	buf_init(&b);
	for (i = 0; i < res.nv; i++) {
		if (skip_ledger && strcmp(res.v[i].rule, "ledger") == 0)
			continue;
		buf_printf(&b, "%s%s (%s: %s)", n++ ? "; " : "",
		    res.v[i].message, res.v[i].rule, res.v[i].cite != NULL ?
		    res.v[i].cite : "no citation");
	}
	if (!res.allow && res.nv == 0)
		buf_printf(&b, "the rule file says this state does not allow "
		    "delivery");
	delivery_rules_result_free(&res);
	if (b.len == 0) {
		buf_free(&b);
		return (ORDER_OK);
	}
	xasprintf(cause, "trip %llu breaks the delivery rules: %.*s",
	    (unsigned long long)tr->id, (int)b.len, (char *)b.data);
	buf_free(&b);
	return (ORDER_E_RULE);
}

/*
 * Load: each package the orders were packed from moves into the
 * vehicle, whole, with its move record; the orders' reservations by
 * product are released (the packages carry them now); the orders are
 * assigned and the trip loaded. The chain of custody (packed by, loaded
 * by, driver) is in the audit record of each order.
 */
enum order_err
trip_load(struct store_txn *t, uint64_t id, const struct trip_conf *c,
    uint32_t staff, const char *terminal, struct trip *tr, char **cause)
{
	struct order		*o, *old;
	struct package		 pk;
	struct trip_pkgs	*ps;
	char			 loc[LOCATION_MAX + 1], subj[32];
	int64_t			 now = c->now != 0 ? c->now : util_now();
	int64_t			 mine;
	u_int			 i, k;
	enum order_err		 e;

	if ((e = trip_in(t, id, TRIP_IN(TRIP_PLANNED), "only a planned trip "
	    "is loaded", tr, cause)) != ORDER_OK)
		return (e);
	if ((e = trip_refuse(t, tr, c, 1, cause)) != ORDER_OK)
		return (e);
	trip_vehicle_location(tr->plate, loc, sizeof loc);
	o = xmalloc(sizeof *o);
	old = xmalloc(sizeof *old);
	ps = xcalloc(1, sizeof *ps);
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) != 0)
			goto fail;
		for (k = 0; k < o->npicks; k++)
			trip_pkgs_add(ps, o->picks[k].tag);
	}
	for (k = 0; k < ps->n; k++) {
		/* Another order's pick would leave with this one. */
		mine = 0;
		for (i = 0; i < tr->norders; i++)
			mine += store_pick_get(t, ps->tag[k], tr->orders[i]);
		if (store_pick_sum(t, ps->tag[k], 0) > mine) {
			xasprintf(cause, "package %s is also packed for an "
			    "order not on trip %llu: it cannot leave whole",
			    ps->tag[k], (unsigned long long)id);
			e = ORDER_E_CONFLICT;
			goto out;
		}
		if (inventory_move(t, ps->tag[k], loc, staff, terminal, &pk,
		    cause) != 0) {
			e = t->ret != 0 ? order_store_err(t, cause) :
			    ORDER_E_CONFLICT;
			goto out;
		}
	}
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) != 0)
			goto fail;
		*old = *o;
		order_reserve(t, o, -1);
		o->unreserved = 1;
		store_order_put(t, o, old);
		snprintf(subj, sizeof subj, "order %llu",
		    (unsigned long long)o->id);
		audit_append(t, staff, 0, terminal, "order.load", subj,
		    "trip=%llu vehicle=%s packed_by=%u loaded_by=%u driver=%u "
		    "packages=%u", (unsigned long long)id, tr->plate,
		    o->packer, staff, tr->driver, o->npicks);
	}
	tr->status = TRIP_LOADED;
	tr->loaded = now;
	tr->loaded_by = staff;
	store_trip_put(t, tr);
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)id);
	audit_append(t, staff, 0, terminal, "trip.load", subj,
	    "vehicle=%s driver=%u loaded_by=%u packages=%u", tr->plate,
	    tr->driver, staff, ps->n);
	e = t->ret != 0 ? order_store_err(t, cause) : ORDER_OK;
	goto out;
fail:
	e = order_store_err(t, cause);
out:
	free(ps);
	free(o);
	free(old);
	return (e);
}

/*
 * Depart: the ledger's number when the rules want one before the
 * vehicle leaves, the rules checked again, the orders out with their
 * ETAs told to the customers (on c->roads' times if given), and those
 * into told (TRIP_ORDERS, in stop order; 0: none) unless it is NULL.
 */
enum order_err
trip_depart(struct store_txn *t, uint64_t id, const struct trip_conf *c,
    const char *ledger, uint32_t staff, const char *terminal,
    struct trip *tr, int64_t *told, char **cause)
{
	struct order	*o, *old;
	int64_t		 now = c->now != 0 ? c->now : util_now();
	int64_t		 eta[TRIP_ORDERS];
	u_int		 i;
	int		 retailer = 0;
	enum order_err	 e;
	char		 subj[32];

	if ((e = trip_in(t, id, TRIP_IN(TRIP_LOADED), "a trip departs once "
	    "loaded", tr, cause)) != ORDER_OK)
		return (e);
	if (ledger != NULL && *ledger != '\0') {
		if (strlen(ledger) > TRIP_LEDGER_MAX ||
		    !util_printable(ledger, strlen(ledger))) {
			xasprintf(cause, "the ledger number is 1 to %d "
			    "printable characters", TRIP_LEDGER_MAX);
			return (ORDER_E_INVALID);
		}
		strlcpy(tr->ledger, ledger, sizeof tr->ledger);
	}
	if ((e = trip_refuse(t, tr, c, 0, cause)) != ORDER_OK)
		return (e);
	if (order_setting(ORDER_METRC_DELIVERY, c->metrc_delivery, c->rules,
	    util_local_date(now, c->tz), &retailer, cause) != 0)
		return (ORDER_E_INVALID);
	tr->status = TRIP_OUT;
	tr->departed = now;
	trip_eta(t, tr, c, now, eta);
	memcpy(tr->planned, eta, sizeof tr->planned);	/* for the drift */
	o = xmalloc(sizeof *o);
	old = xmalloc(sizeof *old);
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) != 0)
			break;
		*old = *o;
		order_history_add(o, ORDER_OUT, now, staff, terminal, NULL);
		store_order_put(t, o, old);
		order_notify(t, o, NOTIFY_OUT, eta[i] != 0 ? eta[i] : now);
	}
	free(o);
	free(old);
	if (told != NULL)
		memcpy(told, eta, tr->norders * sizeof eta[0]);
	store_trip_put(t, tr);
	/*
	 * Where the state's Metrc takes a trip as one retailer (dynamic)
	 * delivery, it hears of it now, with what is on board (metrc.c);
	 * each stop's sale then joins it, never a receipt of its own.
	 */
	if (retailer)
		outbox_retailer(t, tr);
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)id);
	audit_append(t, staff, 0, terminal, "trip.depart", subj,
	    "vehicle=%s driver=%u ledger=%s metrc=%s", tr->plate, tr->driver,
	    tr->ledger[0] != '\0' ? tr->ledger : "-", retailer ? "retailer" :
	    "planned");
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/*
 * Restock: a trip out on the road takes more stock on board (the driver
 * came back, or met a second vehicle). Each package moves into the
 * vehicle whole, as trip.load moves them (qty, if not 0, must be what
 * it holds: the count the driver confirms), and rides as floating stock
 * (tr->floating); the trip with them must still keep the delivery
 * rules' caps, else nothing moves. Where the trip is a Metrc retailer
 * delivery the restock is reported (outbox_retailer_restock).
 */
enum order_err
trip_restock(struct store_txn *t, uint64_t id, const struct trip_conf *c,
    const struct trip_restock *rs, u_int n, uint32_t staff,
    const char *terminal, struct trip *tr, char **cause)
{
	struct package		pk;
	struct outbox_job	rj;
	char			loc[LOCATION_MAX + 1], subj[32];
	u_int			i, k, first;
	enum order_err		e;

	if ((e = trip_in(t, id, TRIP_IN(TRIP_OUT), "only a trip out on the "
	    "road is restocked", tr, cause)) != ORDER_OK)
		return (e);
	if (n == 0 || n > TRIP_FLOAT - tr->nfloat) {
		xasprintf(cause, "a restock takes 1 to %u packages (trip %llu "
		    "carries %u of its %d floating already)", TRIP_FLOAT -
		    tr->nfloat, (unsigned long long)id, tr->nfloat, TRIP_FLOAT);
		return (ORDER_E_INVALID);
	}
	trip_vehicle_location(tr->plate, loc, sizeof loc);
	first = tr->nfloat;
	for (i = 0; i < n; i++) {
		if (store_package_get(t, rs[i].tag, &pk) != 0) {
			if (t->ret != 0)
				return (order_store_err(t, cause));
			xasprintf(cause, "no package %s", rs[i].tag);
			return (ORDER_E_NOTFOUND);
		}
		if (strcmp(pk.location, loc) == 0) {
			xasprintf(cause, "package %s is already in vehicle %s",
			    pk.tag, tr->plate);
			return (ORDER_E_CONFLICT);
		}
		if (store_pick_sum(t, pk.tag, 0) != 0) {
			xasprintf(cause, "package %s is packed for an order: "
			    "assign the order to a trip instead", pk.tag);
			return (ORDER_E_CONFLICT);
		}
		for (k = 0; k < i; k++) {
			if (strcmp(rs[k].tag, rs[i].tag) == 0) {
				xasprintf(cause, "package %s is listed twice",
				    pk.tag);
				return (ORDER_E_INVALID);
			}
		}
		if (pk.qty <= 0 || (rs[i].qty != 0 && rs[i].qty != pk.qty)) {
			xasprintf(cause, "package %s holds %lld, not %lld: a "
			    "package is restocked whole", pk.tag,
			    (long long)pk.qty, (long long)rs[i].qty);
			return (ORDER_E_CONFLICT);
		}
		strlcpy(tr->floating[tr->nfloat++].tag, pk.tag,
		    sizeof tr->floating[0].tag);
	}
	if ((e = trip_refuse(t, tr, c, 1, cause)) != ORDER_OK)
		return (e);
	for (i = 0; i < n; i++) {
		if (inventory_move(t, rs[i].tag, loc, staff, terminal, &pk,
		    cause) != 0)
			return (t->ret != 0 ? order_store_err(t, cause) :
			    ORDER_E_CONFLICT);
	}
	store_trip_put(t, tr);
	if (outbox_retailer_job(t, id, &rj) == 0)
		outbox_retailer_restock(t, tr, &rj, first, n);
	else if (t->ret != 0)
		return (order_store_err(t, cause));
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)id);
	audit_append(t, staff, 0, terminal, "trip.restock", subj,
	    "vehicle=%s driver=%u loaded_by=%u packages=%u floating=%u",
	    tr->plate, tr->driver, staff, n, tr->nfloat);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* An order on a trip was sold at its stop (order_deliver): its cash. */
void
trip_delivered(struct store_txn *t, const struct order *o, int64_t cash)
{
	struct trip	*tr;

	if (o->trip == 0)
		return;
	tr = xmalloc(sizeof *tr);
	if (store_trip_get(t, o->trip, tr) == 0) {
		tr->collected += cash;
		store_trip_put(t, tr);
	}
	free(tr);
}

/*
 * An order that could not be handed over: the reason is one of the rule
 * file's refusal reasons when it has any. Its goods stay on board until
 * the trip closes.
 */
enum order_err
trip_fail(struct store_txn *t, uint64_t id, uint64_t order,
    const struct trip_conf *c, const char *reason, uint32_t staff,
    const char *terminal, struct trip *tr, char **cause)
{
	struct order	*o, *old;
	struct buf	 b;
	u_int		 i, n = 0;
	int		 ok = 0;
	enum order_err	 e;
	char		 subj[32];

	if ((e = trip_in(t, id, TRIP_IN(TRIP_OUT), "an order fails on the "
	    "road", tr, cause)) != ORDER_OK)
		return (e);
	buf_init(&b);
	for (i = 0; c->rules != NULL && i < c->rules->ndrules; i++) {
		if (c->rules->drules[i].kind != RD_REFUSAL)
			continue;
		buf_printf(&b, "%s%s", n++ ? ", " : "",
		    c->rules->drules[i].name);
		if (strcmp(c->rules->drules[i].name, reason) == 0)
			ok = 1;
	}
	if (n > 0 && !ok) {
		xasprintf(cause, "\"%s\" is not one of the rule file's "
		    "refusal reasons: %.*s", reason, (int)b.len,
		    (char *)b.data);
		buf_free(&b);
		return (ORDER_E_INVALID);
	}
	buf_free(&b);
	if (n == 0 && (*reason == '\0' || strlen(reason) > ORDER_REASON_MAX ||
	    !util_printable(reason, strlen(reason)))) {
		xasprintf(cause, "a failed delivery needs its reason (1 to %d "
		    "printable characters)", ORDER_REASON_MAX);
		return (ORDER_E_INVALID);
	}
	o = xmalloc(sizeof *o);
	old = xmalloc(sizeof *old);
	if ((e = order_get(t, order, o, cause)) != ORDER_OK)
		goto out;
	if (o->trip != id || o->status != ORDER_OUT) {
		xasprintf(cause, "order %llu is %s and not out on trip %llu",
		    (unsigned long long)order,
		    store_order_status_name(o->status),
		    (unsigned long long)id);
		e = ORDER_E_CONFLICT;
		goto out;
	}
	*old = *o;
	order_history_add(o, ORDER_FAILED, c->now != 0 ? c->now : util_now(),
	    staff, terminal, reason);
	store_order_put(t, o, old);
	order_notify(t, o, NOTIFY_FAILED, 0);
	snprintf(subj, sizeof subj, "order %llu", (unsigned long long)order);
	audit_append(t, staff, 0, terminal, "trip.fail", subj,
	    "trip=%llu reason=%s", (unsigned long long)id, reason);
	e = t->ret != 0 ? order_store_err(t, cause) : ORDER_OK;
out:
	free(o);
	free(old);
	return (e);
}

struct trip_onboard_walk {
	const char	*loc;
	int		(*cb)(const struct package *, void *);
	void		*arg;
};

static int
trip_onboard_cb(const struct package *pk, void *arg)
{
	struct trip_onboard_walk	*w = arg;

	if (strcmp(pk->location, w->loc) != 0)
		return (0);
	return (w->cb(pk, w->arg));
}

/* Every package in a vehicle. */
int
trip_onboard(struct store_txn *t, const char *plate,
    int (*cb)(const struct package *, void *), void *arg)
{
	struct trip_onboard_walk	w;
	char				loc[LOCATION_MAX + 1];

	trip_vehicle_location(plate, loc, sizeof loc);
	w.loc = loc;
	w.cb = cb;
	w.arg = arg;
	return (store_package_walk(t, trip_onboard_cb, &w));
}

struct trip_tags {
	u_int		 n;
	char		 tag[512][TAG_LEN + 1];
	int64_t		 qty[512];
};

static int
trip_tags_cb(const struct package *pk, void *arg)
{
	struct trip_tags	*tt = arg;

	if (pk->qty == 0 || tt->n == 512)
		return (0);
	strlcpy(tt->tag[tt->n], pk->tag, sizeof tt->tag[0]);
	tt->qty[tt->n++] = pk->qty;
	return (0);
}

/*
 * Close a trip that came back: every package still in the vehicle is
 * scanned into the vault (returned, with what was counted of it); a
 * package not scanned, or short, is written off with a loss adjustment
 * (flagged for the state's loss report) and listed on the trip. Orders
 * not delivered are returned. The driver's cash (counted) is set
 * against what the deliveries took: over or short.
 */
enum order_err
trip_close(struct store_txn *t, uint64_t id, const struct trip_return *ret,
    u_int nret, int64_t counted, uint32_t staff, const char *terminal,
    struct trip *tr, struct trip_close_sum *sum, char **cause)
{
	struct trip_tags	*tt;
	struct order		*o;
	struct package		 pk;
	int64_t			 now = util_now(), short_by;
	u_int			 i, j;
	enum order_err		 e = ORDER_OK;
	char			 subj[32], a[32], b[32], note[64];

	memset(sum, 0, sizeof *sum);
	if ((e = trip_in(t, id, TRIP_IN(TRIP_LOADED) | TRIP_IN(TRIP_OUT),
	    "only a loaded or departed trip is closed", tr, cause)) != ORDER_OK)
		return (e);
	if (counted < 0) {
		xasprintf(cause, "the cash counted cannot be negative");
		return (ORDER_E_INVALID);
	}
	tt = xcalloc(1, sizeof *tt);
	o = xmalloc(sizeof *o);
	if (trip_onboard(t, tr->plate, trip_tags_cb, tt) != 0)
		goto fail;
	for (i = 0; i < nret; i++) {
		for (j = 0; j < tt->n && strcmp(tt->tag[j], ret[i].tag); j++)
			;
		if (j == tt->n) {
			xasprintf(cause, "package %s is not in vehicle %s",
			    ret[i].tag, tr->plate);
			e = ORDER_E_INVALID;
			goto out;
		}
		if (ret[i].qty > tt->qty[j]) {
			xasprintf(cause, "package %s: more counted than the "
			    "record holds: count it again", ret[i].tag);
			e = ORDER_E_INVALID;
			goto out;
		}
	}
	for (j = 0; j < tt->n; j++) {
		for (i = 0; i < nret && strcmp(tt->tag[j], ret[i].tag); i++)
			;
		short_by = i == nret ? tt->qty[j] :
		    trip_shortfall(tt->qty[j], ret[i].qty);
		if (short_by > 0) {
			snprintf(note, sizeof note, "trip %llu, vehicle %s",
			    (unsigned long long)id, tr->plate);
			if (inventory_adjust(t, tt->tag[j], -short_by, "loss",
			    note, staff, 0, terminal, &pk, cause) != 0)
				goto fail;
			if (tr->nmissing < TRIP_MISSING) {
				strlcpy(tr->missing[tr->nmissing].tag,
				    tt->tag[j], sizeof tr->missing[0].tag);
				tr->missing[tr->nmissing++].qty = short_by;
			}
			sum->missing++;
		}
		if (i < nret) {
			if (inventory_move(t, tt->tag[j], "vault", staff,
			    terminal, &pk, cause) != 0)
				goto fail;
			sum->returned++;
		}
	}
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) != 0)
			goto fail;
		if (o->status == ORDER_DELIVERED)
			continue;
		order_close(t, o, ORDER_RETURNED, now, staff, terminal,
		    "back from the trip");
	}
	tr->status = TRIP_CLOSED;
	tr->closed = now;
	tr->closed_by = staff;
	tr->counted = counted;
	store_trip_put(t, tr);
	/* A retailer delivery ends at the state once its sales are in. */
	outbox_retailer_end(t, tr);
	sum->collected = tr->collected;
	sum->counted = counted;
	sum->over_short = trip_over_short(tr->collected, counted);
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)id);
	money_fmt(tr->collected, a, sizeof a);
	money_fmt(sum->over_short, b, sizeof b);
	audit_append(t, staff, 0, terminal, "trip.close", subj,
	    "returned=%u missing=%u collected=%s over_short=%s",
	    sum->returned, sum->missing, a, b);
	e = t->ret != 0 ? order_store_err(t, cause) : ORDER_OK;
	goto out;
fail:
	e = t->ret != 0 ? order_store_err(t, cause) : ORDER_E_CONFLICT;
out:
	free(tt);
	free(o);
	return (e);
}

/* --- the manifest --- */

struct trip_ml {
	u_int		  cols;
	void		(*cb)(const char *, void *);
	void		 *arg;
};

/* One line, cut at the width (a label and value wrap onto the next). */
static void printflike(2, 3)
trip_ml(struct trip_ml *m, const char *fmt, ...)
{
	va_list	 ap;
	char	*s, line[TRIP_MANIFEST_COLS + 1];
	size_t	 n, off = 0;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	n = strlen(s);
	do {
		snprintf(line, m->cols + 1 > sizeof line ? sizeof line :
		    m->cols + 1, "%s%s", off ? "  " : "", s + off);
		m->cb(line, m->arg);
		off += strlen(line) - (off ? 2 : 0);
	} while (off < n);
	free(s);
}

static void
trip_ml_rule(struct trip_ml *m, char c)
{
	char	line[TRIP_MANIFEST_COLS + 1];

	memset(line, c, m->cols);
	line[m->cols] = '\0';
	m->cb(line, m->arg);
}

/*
 * The trip's manifest and delivery ledger as lines of at most cols
 * characters (80 for a page, 42 for the receipt printer): the retailer,
 * the driver (name, employee ID, licence number), the vehicle (make,
 * model, colour, plate, VIN), departure, each stop's customer, address,
 * items (name, category, tag, quantity, value, whether ordered) and
 * totals, then what rides unordered. Returns the lines written.
 */
u_int
trip_manifest(struct store_txn *t, const struct trip *tr,
    const struct store_info *si, const char *tz, u_int cols,
    void (*cb)(const char *, void *), void *arg)
{
	struct trip_ml		 m;
	struct staff		 s;
	struct vehicle		 v;
	struct order		*o;
	struct customer		 cu;
	struct package		 pk;
	struct product		 p;
	struct trip_pkgs	*ps;
	int64_t			 cents, mg, total = 0, held;
	u_int			 i, k;
	char			 a[32], b[32], when[40];

	if (cols < 32)
		cols = 32;
	if (cols > TRIP_MANIFEST_COLS)
		cols = TRIP_MANIFEST_COLS;
	m.cols = cols;
	m.cb = cb;
	m.arg = arg;
	memset(&s, 0, sizeof s);
	memset(&v, 0, sizeof v);
	store_staff_get(t, tr->driver, &s);
	store_vehicle_get(t, tr->plate, &v);
	trip_ml_rule(&m, '=');
	trip_ml(&m, "DELIVERY MANIFEST  trip %llu  (%s)",
	    (unsigned long long)tr->id, store_trip_status_name(tr->status));
	trip_ml(&m, "Ledger: %s", tr->ledger[0] != '\0' ? tr->ledger :
	    "(not entered)");
	trip_ml(&m, "Retailer: %s", si->name);
	trip_ml(&m, "Licence: %s", si->licence);
	trip_ml_rule(&m, '-');
	trip_ml(&m, "Driver: %s", s.name);
	trip_ml(&m, "Employee ID: %s", s.employee[0] ? s.employee : "-");
	trip_ml(&m, "Driver's licence: %s", s.licence[0] ? s.licence : "-");
	trip_ml(&m, "Vehicle: %s %s, %s", v.make, v.model, v.colour);
	trip_ml(&m, "Plate: %s  VIN: %s", v.plate, v.vin);
	if (tr->departed != 0)
		util_time_str(tr->departed, tz, when, sizeof when);
	else if (tr->depart_at != 0)
		util_time_str(tr->depart_at, tz, when, sizeof when);
	else
		strlcpy(when, "-", sizeof when);
	trip_ml(&m, "Departure%s: %s", tr->departed != 0 ? "" : " (planned)",
	    when);
	o = xmalloc(sizeof *o);
	ps = xcalloc(1, sizeof *ps);
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) != 0)
			continue;
		memset(&cu, 0, sizeof cu);
		store_customer_get(t, o->customer, &cu);
		trip_ml_rule(&m, '-');
		trip_ml(&m, "Stop %u: order %llu (%s)", i + 1,
		    (unsigned long long)o->id,
		    store_order_status_name(o->status));
		trip_ml(&m, "Customer: %s %s (%s, no. %u)", cu.first, cu.last,
		    cu.type == CUSTOMER_MEDICAL ? "patient" :
		    cu.type == CUSTOMER_CAREGIVER ? "caregiver" : "adult",
		    cu.id);
		trip_ml(&m, "Address: %s, %s, %s %s", o->street, o->city,
		    o->state, o->zip);
		for (k = 0; k < o->npicks; k++) {
			trip_pkgs_add(ps, o->picks[k].tag);
			if (store_package_get(t, o->picks[k].tag, &pk) != 0 ||
			    store_product_get(t, pk.product, &p) != 0)
				continue;
			trip_value(&p, o->picks[k].qty, &cents, &mg);
			total += cents;
			if (p.unit_weight)
				weight_fmt(o->picks[k].qty, a, sizeof a);
			else
				snprintf(a, sizeof a, "%lld unit%s",
				    (long long)o->picks[k].qty,
				    o->picks[k].qty == 1 ? "" : "s");
			money_fmt(cents, b, sizeof b);
			trip_ml(&m, " %s (%s)", p.name, p.category);
			trip_ml(&m, "  %s  %s  %s ordered", pk.tag, a, b);
		}
		money_fmt(o->total, b, sizeof b);
		trip_ml(&m, "Order total incl. taxes and fee: %s", b);
	}
	trip_ml_rule(&m, '-');
	trip_ml(&m, "Unordered stock on board:");
	for (k = 0; k < ps->n; k++) {
		if (store_package_get(t, ps->tag[k], &pk) != 0 ||
		    store_product_get(t, pk.product, &p) != 0)
			continue;
		(void)trip_held(t, tr, pk.tag, o, &held);
		if (pk.qty <= held)
			continue;
		trip_value(&p, pk.qty - held, &cents, &mg);
		total += cents;
		if (p.unit_weight)
			weight_fmt(pk.qty - held, a, sizeof a);
		else
			snprintf(a, sizeof a, "%lld units",
			    (long long)(pk.qty - held));
		money_fmt(cents, b, sizeof b);
		trip_ml(&m, " %s (%s)", p.name, p.category);
		trip_ml(&m, "  %s  %s  %s", pk.tag, a, b);
	}
	money_fmt(total, b, sizeof b);
	trip_ml_rule(&m, '-');
	trip_ml(&m, "Retail value on board: %s", b);
	trip_ml_rule(&m, '=');
	free(ps);
	free(o);
	return (0);
}
