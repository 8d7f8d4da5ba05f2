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

#include "unit.h"

#include "stash.h"
#include "store.h"
#include "order.h"
#include "trip.h"
#include "route.h"

/*
 * trip-sync.c and store-sync.c: the distance of a fix from the straight
 * path of a trip's leg (off route); the records a handheld's sync keeps
 * (a journal key's result, a trip's fixes in time order with a fix sent
 * twice kept once, stop events, delivery exceptions) read back as
 * written; the GPS trail's pruning (only what is older, trip by trip,
 * and in steps) and the journal keys' (resumed step after step); an
 * exception resolved once, with a note; the ETA a driver's fix gives,
 * as the route planner would have timed the same leg.
 */

#define DAY	(INT64_C(86400) * 1000000)

/* Denver: the store, and a stop 3.3 km north-east. */
#define SLAT	39750000
#define SLON	-104999000
#define ALAT	39770000
#define ALON	-104970000

static void
test_off_path(void **state)
{
	int64_t	d, n;

	(void)state;
	/* On the segment's ends and its middle: nothing. */
	assert_true(trip_off_path(SLAT, SLON, SLAT, SLON, ALAT, ALON) <= 1);
	assert_true(trip_off_path(ALAT, ALON, SLAT, SLON, ALAT, ALON) <= 1);
	assert_true(trip_off_path((SLAT + ALAT) / 2, (SLON + ALON) / 2, SLAT,
	    SLON, ALAT, ALON) <= 2);
	/* 0.01 degree of latitude north of the middle: about 1.1 km, less
	   the slope of the path (it runs north-east): the perpendicular. */
	d = trip_off_path((SLAT + ALAT) / 2 + 10000, (SLON + ALON) / 2, SLAT,
	    SLON, ALAT, ALON);
	assert_true(d > 800 && d < 1112);
	/* Beyond an end: the distance to that end, not to the line. */
	n = order_distance(ALAT + 20000, ALON + 30000, ALAT, ALON);
	d = trip_off_path(ALAT + 20000, ALON + 30000, SLAT, SLON, ALAT, ALON);
	assert_true(d >= n - 2 && d <= n + 2);
	/* A leg of no length (back at the store): the distance to it. */
	n = order_distance(SLAT + 5000, SLON, SLAT, SLON);
	d = trip_off_path(SLAT + 5000, SLON, SLAT, SLON, SLAT, SLON);
	assert_true(d >= n - 1 && d <= n + 1);
}

static void
test_drift_eta(void **state)
{
	struct route_problem	p;
	struct route_stop	stop;
	const int64_t		at = INT64_C(1700000000) * 1000000;
	int64_t			m;

	(void)state;
	/* 10 km, stretched to 13 km, at 30 km/h: 1560 s (1560.5, down). */
	assert_int_equal(trip_drift_eta(at, 10000, 30000, 1300),
	    at + INT64_C(1560) * 1000000);
	/* 1 m: 1 m of road, 0.12 s: nothing; 5 m: 7 m (6.5 up), 0.84 s: 1. */
	assert_int_equal(trip_drift_eta(at, 1, 30000, 1300), at);
	assert_int_equal(trip_drift_eta(at, 5, 30000, 1300), at + 1000000);
	assert_int_equal(trip_drift_eta(at, 0, 30000, 1300), at);
	/* The planner's own leg, to the second: the store to the stop. */
	memset(&p, 0, sizeof p);
	memset(&stop, 0, sizeof stop);
	p.depot.lat = SLAT;
	p.depot.lon = SLON;
	stop.at.lat = ALAT;
	stop.at.lon = ALON;
	p.n = 1;
	p.stops = &stop;
	p.speed = ROUTE_SPEED_DEFAULT;
	p.detour = ROUTE_DETOUR_DEFAULT;
	m = route_gc(&p.depot, &stop.at);
	assert_true(m > 3000 && m < 3600);
	assert_int_equal(trip_drift_eta(at, m, ROUTE_SPEED_DEFAULT,
	    ROUTE_DETOUR_DEFAULT), at + route_duration(&p, 0, 1) * 1000000);
}

/*
 * trip_drift on a leg its caller found (op_trip_gps reads the leg and the
 * fix once, for the drift and the off-route test): with a fix, the fix's
 * time plus the straight line on; without, now plus the planned leg, so
 * later by however long has passed.
 */
static void
test_drift(void **state)
{
	struct trip		tr;
	struct gps_fix		f;
	struct route_point	a, b;
	const int64_t		dep = INT64_C(1700000000) * 1000000;
	const int64_t		to[2] = { ALAT, ALON };
	int64_t			eta, drift, e;

	(void)state;
	memset(&tr, 0, sizeof tr);
	tr.status = TRIP_OUT;
	tr.departed = dep;
	tr.norders = 2;
	tr.planned[0] = dep + 600 * INT64_C(1000000);
	tr.planned[1] = dep + 1500 * INT64_C(1000000);

	/* No fix, first leg: now plus the 600 s planned, late by the time
	   since departure, and a minute later a minute more. */
	assert_int_equal(trip_drift(&tr, to, -1, 0, NULL, dep + 90 * 1000000,
	    &eta, &drift), 0);
	assert_int_equal(eta, dep + 690 * INT64_C(1000000));
	assert_int_equal(drift, 90);
	assert_int_equal(trip_drift(&tr, to, -1, 0, NULL, dep + 150 * 1000000,
	    &eta, &drift), 0);
	assert_int_equal(drift, 150);
	/* The second leg: from the first stop's planned ETA, 900 s. */
	assert_int_equal(trip_drift(&tr, to, 0, 1, NULL, dep + 500 * 1000000,
	    &eta, &drift), 0);
	assert_int_equal(eta, dep + 1400 * INT64_C(1000000));
	assert_int_equal(drift, -100);

	/* A fix at the store 60 s after departure: the straight line on,
	   whatever now is. */
	memset(&f, 0, sizeof f);
	f.at = dep + 60 * 1000000;
	f.lat = SLAT;
	f.lon = SLON;
	a.lat = SLAT;
	a.lon = SLON;
	b.lat = ALAT;
	b.lon = ALON;
	e = trip_drift_eta(f.at, route_gc(&a, &b), ROUTE_SPEED_DEFAULT,
	    ROUTE_DETOUR_DEFAULT);
	assert_true(e > f.at + 300 * INT64_C(1000000));
	assert_int_equal(trip_drift(&tr, to, -1, 0, &f, dep + 999 * 1000000,
	    &eta, &drift), 0);
	assert_int_equal(eta, e);
	assert_int_equal(drift, (e - tr.planned[0]) / 1000000);

	/* Back to the store (no next stop), no plan, not out: none. */
	assert_int_equal(trip_drift(&tr, to, 1, -1, NULL, dep, &eta, &drift),
	    -1);
	tr.planned[1] = 0;
	assert_int_equal(trip_drift(&tr, to, 0, 1, NULL, dep, &eta, &drift),
	    -1);
	tr.status = TRIP_CLOSED;
	assert_int_equal(trip_drift(&tr, to, -1, 0, NULL, dep, &eta, &drift),
	    -1);
}

static int
collect_fix(const struct gps_fix *f, void *arg)
{
	int64_t	*ats = arg;

	ats[++ats[0]] = f->at;
	return (0);
}

static struct gps_fix
mkfix(int64_t at, int64_t lat)
{
	struct gps_fix	f;

	memset(&f, 0, sizeof f);
	f.at = at;
	f.lat = lat;
	f.lon = SLON;
	f.quality = 1;
	f.sats = 7;
	return (f);
}

static void
test_records(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct sync_rec		 sr, got;
	struct gps_fix		 fx;
	struct dexc		 x, y;
	int64_t			 ats[16];
	char			*cause = NULL;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	memset(&sr, 0, sizeof sr);
	strlcpy(sr.key, "handheld-1-3-7", sizeof sr.key);
	sr.trip = 3;
	sr.seq = 7;
	sr.kind = TRIP_EV_DELIVER;
	sr.result = SYNC_EXCEPTION;
	sr.sale = 41;
	sr.exception = 1;
	sr.time = 5;
	sr.at = 4;
	store_sync_put(&t, &sr);
	assert_int_equal(store_sync_get(&t, "handheld-1-3-8", &got),
	    STORE_NOTFOUND);
	assert_int_equal(store_sync_get(&t, "handheld-1-3-7", &got), 0);
	assert_memory_equal(&got, &sr, sizeof sr);

	/* Fixes come back in time order; one sent twice is one. */
	fx = mkfix(300, 1);
	store_gps_put(&t, 3, &fx);
	fx = mkfix(100, 2);
	store_gps_put(&t, 3, &fx);
	fx = mkfix(100, 2);
	store_gps_put(&t, 3, &fx);
	fx = mkfix(50, 3);
	store_gps_put(&t, 4, &fx);		/* another trip's */
	ats[0] = 0;
	assert_int_equal(store_gps_walk(&t, 3, 0, collect_fix, ats), 0);
	assert_int_equal(ats[0], 2);
	assert_true(ats[1] == 100 && ats[2] == 300);
	assert_int_equal(store_gps_last(&t, 3, &fx), 0);
	assert_true(fx.at == 300 && fx.lat == 1 && fx.sats == 7);
	assert_int_equal(store_gps_last(&t, 9, &fx), STORE_NOTFOUND);

	/* An exception, resolved once, with a note. */
	memset(&x, 0, sizeof x);
	x.id = store_dexc_next_id(&t);
	assert_int_equal(x.id, 1);
	x.trip = 3;
	x.order = 12;
	x.sale = 41;
	strlcpy(x.key, sr.key, sizeof x.key);
	x.kind = TRIP_EV_DELIVER;
	x.at = 10;
	x.time = 11;
	x.staff = 6;
	strlcpy(x.terminal, "handheld-1", sizeof x.terminal);
	strlcpy(x.message, "over the limit", sizeof x.message);
	x.status = DEXC_OPEN;
	store_dexc_put(&t, &x);
	assert_int_equal(trip_exception_resolve(&t, 1, "", 2, "office-1", &y,
	    &cause), ORDER_E_INVALID);
	free(cause);
	cause = NULL;
	assert_int_equal(trip_exception_resolve(&t, 1, "customer warned", 2,
	    "office-1", &y, &cause), ORDER_OK);
	assert_int_equal(trip_exception_resolve(&t, 1, "again", 2,
	    "office-1", &y, &cause), ORDER_E_CONFLICT);
	free(cause);
	cause = NULL;
	assert_int_equal(store_dexc_get(&t, 1, &y), 0);
	assert_true(y.status == DEXC_RESOLVED && y.resolved_by == 2 &&
	    strcmp(y.note, "customer warned") == 0 && y.sale == 41 &&
	    strcmp(y.message, "over the limit") == 0);
	assert_int_equal(trip_exception_resolve(&t, 2, "x", 2, "office-1",
	    &y, &cause), ORDER_E_NOTFOUND);
	free(cause);
	assert_int_equal(store_commit(&t), 0);
}

static void
test_prune(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct gps_fix		 fx;
	int64_t			 ats[16], now = 1000 * DAY;
	int			 more, i;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	/* Trip 1: three old fixes, one new; trip 2: one old, one new. */
	for (i = 0; i < 3; i++) {
		fx = mkfix(now - 400 * DAY + i, 0);
		store_gps_put(&t, 1, &fx);
	}
	fx = mkfix(now - DAY, 0);
	store_gps_put(&t, 1, &fx);
	fx = mkfix(now - 366 * DAY, 0);
	store_gps_put(&t, 2, &fx);
	fx = mkfix(now, 0);
	store_gps_put(&t, 2, &fx);

	/* In steps of two fixes looked at: it says there is more. */
	assert_int_equal(store_gps_prune(&t, now - 365 * DAY, 2, &more), 2);
	assert_int_equal(more, 1);
	assert_int_equal(store_gps_prune(&t, now - 365 * DAY, 100, &more),
	    2);
	assert_int_equal(more, 0);
	assert_int_equal(store_gps_prune(&t, now - 365 * DAY, 100, &more),
	    0);
	ats[0] = 0;
	store_gps_walk(&t, 0, 0, collect_fix, ats);
	assert_int_equal(ats[0], 2);
	assert_true(ats[1] == now - DAY && ats[2] == now);
	assert_int_equal(store_commit(&t), 0);
}

/* Journal keys synced before a time are forgotten, in resumed steps. */
static void
test_sync_prune(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct sync_rec		 sr;
	u_char			 from[STORE_RESUME_MAX];
	size_t			 fromlen = 0;
	u_int			 n = 0, steps = 0, i;
	char			 key[SYNC_KEY_MAX + 1];

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	for (i = 0; i < 10; i++) {
		memset(&sr, 0, sizeof sr);
		snprintf(sr.key, sizeof sr.key, "handheld-1-1-%u", i + 1);
		sr.trip = 1;
		sr.seq = i + 1;
		sr.kind = TRIP_EV_FIX;
		sr.result = SYNC_DONE;
		sr.time = 1000;
		sr.at = i % 2 == 0 ? 100 : 900;	/* half happened long ago */
		store_sync_put(&t, &sr);
	}
	do {
		n += store_sync_prune(&t, 500, 3, from, &fromlen);
		steps++;
	} while (fromlen != 0 && steps < 20);
	assert_int_equal(n, 5);
	assert_true(steps >= 4);
	for (i = 0; i < 10; i++) {
		snprintf(key, sizeof key, "handheld-1-1-%u", i + 1);
		assert_int_equal(store_sync_get(&t, key, &sr),
		    i % 2 == 0 ? STORE_NOTFOUND : 0);
	}
	assert_int_equal(store_commit(&t), 0);
}

/*
 * A trip keeps its planned ETAs, all 64 stops' of them; one without
 * (planned, or departed before they were kept) reads back as none.
 */
static void
test_planned(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct trip		*tr, *got;
	u_int			 i;

	tr = xcalloc(1, sizeof *tr);
	got = xcalloc(1, sizeof *got);
	tr->id = 5;
	tr->status = TRIP_OUT;
	tr->driver = 6;
	strlcpy(tr->plate, "ABC123", sizeof tr->plate);
	tr->norders = TRIP_ORDERS;
	for (i = 0; i < TRIP_ORDERS; i++) {
		tr->orders[i] = 100 + i;
		tr->planned[i] = INT64_C(1700000000) * 1000000 + i * 60000000;
	}
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_trip_put(&t, tr);
	assert_int_equal(store_trip_get(&t, 5, got), 0);
	assert_int_equal(got->norders, TRIP_ORDERS);
	for (i = 0; i < TRIP_ORDERS; i++)
		assert_int_equal(got->planned[i], tr->planned[i]);
	tr->id = 6;
	tr->norders = 2;
	memset(tr->planned, 0, sizeof tr->planned);
	store_trip_put(&t, tr);
	assert_int_equal(store_trip_get(&t, 6, got), 0);
	assert_int_equal(got->norders, 2);
	assert_int_equal(got->planned[0], 0);
	assert_int_equal(got->planned[1], 0);
	assert_int_equal(store_commit(&t), 0);
	free(tr);
	free(got);
}

static int
setup(void **state)
{
	*state = fixture_open("trip-sync", 16 * 1024 * 1024);
	return (*state == NULL ? -1 : 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_off_path),
		cmocka_unit_test(test_drift_eta),
		cmocka_unit_test(test_drift),
		cmocka_unit_test_setup_teardown(test_planned, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_records, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_prune, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_sync_prune, setup,
		    fixture_teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
