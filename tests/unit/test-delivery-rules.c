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

#include "rules.h"

/*
 * The delivery section of the rule files (rules.c) and the trip checker
 * (delivery-rules.c): each shipped state's rules on both sides of their
 * limits, hours in the store's zone across DST, the value on board after
 * stops and restocks, and malformed lines refused with FILE:LINE.
 */

#ifndef RULES_SRCDIR
#error "RULES_SRCDIR: the source tree's contrib/rules (Makefile.am)"
#endif

#define US	INT64_C(1000000)

static char	tmpdir[256];

static int
setup(void **state)
{
	(void)state;
	unit_tmpdir(tmpdir, sizeof tmpdir, "drules");
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	unit_rmrf(tmpdir);
	return (0);
}

static struct rules *
state_rules(const char *id)
{
	struct rules	*r;
	char		*cause;

	if ((r = rules_find(RULES_SRCDIR, id, &cause)) == NULL)
		fail_msg("%s: %s", id, cause);
	return (r);
}

/* Seconds since the epoch of a UTC date and time, in microseconds. */
static int64_t
utc(const char *s)
{
	int64_t	t;

	if (limits_time_parse(s, &t) != 0)
		fail_msg("bad time %s", s);
	return (t);
}

/*
 * A trip of n pending orders to residences, prepaid and verified, placed
 * at noon, each with one item of value cents and weight mg; plus one
 * floating item of fvalue cents. A crew of 2 aged 30, ledger, every
 * manifest field, GPS, cameras. Leaves at `at'.
 */
static void
trip_make(struct delivery_trip *t, int64_t at, u_int n, int64_t value,
    int64_t weight, int64_t fvalue)
{
	u_int	i;

	memset(t, 0, sizeof *t);
	t->at = at;
	t->orders = xcalloc(n == 0 ? 1 : n, sizeof *t->orders);
	t->items = xcalloc(n + 1, sizeof *t->items);
	t->norders = n;
	for (i = 0; i < n; i++) {
		t->orders[i].type = LC_ADULT;
		t->orders[i].dest = RULES_DEST_RESIDENCE;
		t->orders[i].prepaid = 1;
		t->orders[i].verified = 1;
		t->items[i].order = (int)i;
		t->items[i].qty = 1;
		t->items[i].price = value;
		t->items[i].weight = weight;
	}
	t->nitems = n;
	if (fvalue != 0) {
		t->items[n].order = -1;
		t->items[n].qty = 1;
		t->items[n].price = fvalue;
		t->nitems++;
	}
	t->crew = 2;
	t->crew_min_age = 30;
	t->ledger = 1;
	t->manifest = 0xffffffffU;
	t->gps = t->camera = t->bodycam = 1;
}

static void
trip_free(struct delivery_trip *t)
{
	free(t->orders);
	free(t->items);
}

/* Check; return how many rules named `rule' are broken (and the first). */
static u_int
broken(const struct rules *r, const struct delivery_trip *t,
    const char *rule, struct delivery_violation *first)
{
	struct delivery_result	 res;
	char			*cause;
	u_int			 i, n = 0;

	if (delivery_rules_check(r, t, &res, &cause) != 0)
		fail_msg("check: %s", cause);
	for (i = 0; i < res.nv; i++) {
		if (rule != NULL && strcmp(res.v[i].rule, rule) != 0)
			continue;
		if (n++ == 0 && first != NULL) {
			*first = res.v[i];
			first->message = NULL;
		}
	}
	if (rule == NULL)
		assert_int_equal(res.allow, res.nv == 0);
	else if (n != 0)
		assert_false(res.allow);
	delivery_rules_result_free(&res);
	return (n);
}

static u_int
nbroken(const struct rules *r, const struct delivery_trip *t)
{
	return (broken(r, t, NULL, NULL));
}

static void
test_ca_caps(void **state)
{
	struct rules			*r = state_rules("US-CA");
	struct delivery_trip		 t;
	struct delivery_violation	 v;
	int				 opts[RULES_OPTIONS_MAX];
	int				 o;

	(void)state;
	assert_int_equal(r->delivery, RULES_DELIVERY_ALLOWED);
	/* 2026, noon in Los Angeles: $10,000 on board is the limit. */
	trip_make(&t, utc("2026-06-14T19:00:00Z"), 4, 250000, 1000, 0);
	assert_int_equal(nbroken(r, &t), 0);
	t.items[0].price++;
	assert_int_equal(broken(r, &t, "cap-total", &v), 1);
	assert_int_equal(v.limit, 1000000);
	assert_int_equal(v.actual, 1000001);
	assert_int_equal(v.unit, DU_CENTS);
	assert_non_null(strstr(v.cite, "15418"));
	assert_int_equal(nbroken(r, &t), 1);
	trip_free(&t);

	/* Unordered: $5,000 (the unconfirmed reading, on by default). */
	trip_make(&t, utc("2026-06-14T19:00:00Z"), 1, 100000, 1000, 500000);
	assert_int_equal(nbroken(r, &t), 0);
	t.items[1].price++;
	assert_int_equal(broken(r, &t, "cap-unordered", &v), 1);
	assert_int_equal(v.limit, 500000);
	/* ... off: the $10,000 alone. */
	o = rules_option(r, "ca_unordered_5000");
	assert_true(o >= 0);
	memset(opts, 0, sizeof opts);
	opts[o] = 0;
	t.options = opts;
	assert_int_equal(nbroken(r, &t), 0);
	t.options = NULL;
	trip_free(&t);

	/* 2022: $5,000 in all, $3,000 of it unordered; no ledger yet. */
	trip_make(&t, utc("2022-06-14T19:00:00Z"), 1, 200000, 1000, 300000);
	t.ledger = 0;
	t.manifest = 0;
	assert_int_equal(nbroken(r, &t), 0);
	t.items[1].price++;
	assert_int_equal(broken(r, &t, "cap-unordered", &v), 1);
	assert_int_equal(v.limit, 300000);
	assert_int_equal(broken(r, &t, "cap-total", &v), 1);
	assert_int_equal(v.limit, 500000);
	assert_int_equal(v.actual, 500001);
	trip_free(&t);
	rules_free(r);
}

static void
test_ca_trip(void **state)
{
	struct rules			*r = state_rules("US-CA");
	struct delivery_trip		 t;
	struct delivery_violation	 v;

	(void)state;
	trip_make(&t, utc("2026-06-14T19:00:00Z"), 2, 10000, 1000, 0);
	/* The ledger from 2023-04-01, with its fields. */
	t.ledger = 0;
	assert_int_equal(broken(r, &t, "ledger", &v), 1);
	assert_non_null(strstr(v.cite, "15049.3"));
	t.ledger = 1;
	t.manifest &= ~(1U << RULES_MF_VEHICLE_PLATE);
	assert_int_equal(broken(r, &t, "manifest", NULL), 1);
	t.manifest |= 1U << RULES_MF_VEHICLE_PLATE;
	/* Crew 21 or over; GPS. */
	t.crew_min_age = 20;
	assert_int_equal(broken(r, &t, "driver-age", &v), 1);
	assert_int_equal(v.limit, 21);
	assert_int_equal(v.actual, 20);
	t.crew_min_age = 21;
	t.gps = 0;
	assert_int_equal(broken(r, &t, "gps", NULL), 1);
	t.gps = 1;
	/* Destinations: a school is refused, a business is not named. */
	t.orders[1].dest = RULES_DEST_SCHOOL;
	assert_int_equal(broken(r, &t, "not-to", &v), 1);
	assert_int_equal(v.order, 1);
	t.orders[1].dest = RULES_DEST_BUSINESS;
	assert_int_equal(nbroken(r, &t), 0);
	/* One crew member is enough in California. */
	t.crew = 1;
	assert_int_equal(nbroken(r, &t), 0);
	trip_free(&t);
	rules_free(r);
}

/* Hours are the store's wall clock: 06:00 in winter and in summer. */
static void
test_ca_hours_dst(void **state)
{
	struct rules		*r = state_rules("US-CA");
	struct delivery_trip	 t;

	(void)state;
	/* US DST began 2026-03-08: 13:30 UTC is 05:30 PST, then 06:30 PDT. */
	trip_make(&t, utc("2026-03-07T13:30:00Z"), 1, 1000, 1000, 0);
	assert_int_equal(broken(r, &t, "hours", NULL), 1);
	t.at = utc("2026-03-09T13:30:00Z");
	assert_int_equal(nbroken(r, &t), 0);
	/* 14:00 UTC: 06:00 PST (allowed: from the first time) ... */
	t.at = utc("2026-03-07T14:00:00Z");
	assert_int_equal(nbroken(r, &t), 0);
	/* ... and 13:59 UTC is 05:59 PST. */
	t.at = utc("2026-03-07T13:59:00Z");
	assert_int_equal(broken(r, &t, "hours", NULL), 1);
	/* DST ended 2026-11-01: 13:30 UTC was 06:30 PDT, then 05:30 PST. */
	t.at = utc("2026-10-31T13:30:00Z");
	assert_int_equal(nbroken(r, &t), 0);
	t.at = utc("2026-11-02T13:30:00Z");
	assert_int_equal(broken(r, &t, "hours", NULL), 1);
	/* 22:00 PDT is closed (up to, not at, the second time). */
	t.at = utc("2026-06-15T04:59:00Z");
	assert_int_equal(nbroken(r, &t), 0);
	t.at = utc("2026-06-15T05:00:00Z");
	assert_int_equal(broken(r, &t, "hours", NULL), 1);
	/* An expected hand-over after hours breaks it for that order. */
	t.at = utc("2026-06-15T03:00:00Z");	/* 20:00 PDT */
	t.orders[0].eta = utc("2026-06-15T05:30:00Z");	/* 22:30 */
	assert_int_equal(nbroken(r, &t), 1);
	trip_free(&t);
	rules_free(r);
}

/* On-board value after stops and restocks, at retail price. */
static void
test_ca_recompute(void **state)
{
	struct rules		*r = state_rules("US-CA");
	struct delivery_trip	 t;
	struct delivery_load	 l;
	struct delivery_item	 add[2];
	struct delivery_order	 o;
	char			*cause;

	(void)state;
	/* Three orders of $3,000: $9,000 on board. */
	trip_make(&t, utc("2026-06-14T19:00:00Z"), 3, 300000, 2000, 0);
	delivery_rules_load(&t, &l);
	assert_int_equal(l.total, 900000);
	assert_int_equal(l.unordered, 0);
	assert_int_equal(l.weight, 6000);
	assert_int_equal(l.stops, 3);
	assert_int_equal(nbroken(r, &t), 0);

	/* A restock of $1,500 floating: $10,500, over. */
	memset(add, 0, sizeof add);
	add[0].order = -1;
	add[0].qty = 3;
	add[0].price = 50000;
	add[0].weight = 1000;
	assert_int_equal(delivery_rules_restock(&t, NULL, 0, add, 1, &cause),
	    0);
	t.at = utc("2026-06-14T20:00:00Z");
	assert_int_equal(broken(r, &t, "cap-total", NULL), 1);

	/* Stop 1 handed over: $7,500, allowed again. */
	assert_int_equal(delivery_rules_stop(&t, 0, DELIVERY_DELIVERED,
	    &cause), 0);
	delivery_rules_load(&t, &l);
	assert_int_equal(l.total, 750000);
	assert_int_equal(l.unordered, 150000);
	assert_int_equal(l.stops, 2);
	assert_int_equal(nbroken(r, &t), 0);
	/* A stop cannot be closed twice. */
	assert_int_equal(delivery_rules_stop(&t, 0, DELIVERY_FAILED, &cause),
	    -1);
	free(cause);

	/* Stop 2 fails: its $3,000 stays on board, now unordered: $4,500. */
	assert_int_equal(delivery_rules_stop(&t, 1, DELIVERY_FAILED, &cause),
	    0);
	delivery_rules_load(&t, &l);
	assert_int_equal(l.total, 750000);
	assert_int_equal(l.unordered, 450000);
	assert_int_equal(nbroken(r, &t), 0);
	/* The retail price went up: $5,100 unordered, over $5,000. */
	t.items[1].price = 360000;
	assert_int_equal(broken(r, &t, "cap-unordered", NULL), 1);
	/* Two floating units back to the store: $4,100. */
	assert_int_equal(delivery_rules_unload(&t, 3, 2, &cause), 0);
	assert_int_equal(nbroken(r, &t), 0);
	assert_int_equal(delivery_rules_unload(&t, 3, 2, &cause), -1);
	free(cause);

	/* A restock with a new order and its goods. */
	memset(&o, 0, sizeof o);
	o.type = LC_MEDICAL;
	o.dest = RULES_DEST_RESIDENCE;
	add[0].order = 3;
	add[0].qty = 1;
	add[0].price = 100000;
	assert_int_equal(delivery_rules_restock(&t, &o, 1, add, 1, &cause),
	    0);
	assert_int_equal(t.norders, 4);
	delivery_rules_load(&t, &l);
	assert_int_equal(l.stops, 2);
	assert_int_equal(l.total, 360000 + 300000 + 50000 + 100000);
	/* An item naming an order that does not exist is refused. */
	add[0].order = 9;
	assert_int_equal(delivery_rules_restock(&t, NULL, 0, add, 1, &cause),
	    -1);
	free(cause);
	assert_int_equal(t.nitems, 5);
	trip_free(&t);
	rules_free(r);
}

static void
test_co(void **state)
{
	struct rules			*r = state_rules("US-CO");
	struct delivery_trip		 t;
	struct delivery_violation	 v;

	(void)state;
	trip_make(&t, utc("2026-06-14T18:00:00Z"), 2, 500000, 1000, 0);
	t.crew = 1;
	t.ledger = t.gps = t.camera = t.bodycam = 0;
	t.manifest = 0;
	/* No value cap in Colorado's sources. */
	assert_int_equal(nbroken(r, &t), 0);
	/* One delivery a day to a customer or address. */
	t.orders[1].prior_today = 1;
	assert_int_equal(broken(r, &t, "per-day", &v), 1);
	assert_int_equal(v.order, 1);
	assert_int_equal(v.limit, 1);
	assert_int_equal(v.actual, 2);
	t.orders[1].prior_today = 0;
	/* Residences only; campuses never. */
	t.orders[0].dest = RULES_DEST_HOTEL;
	assert_int_equal(broken(r, &t, "to", NULL), 1);
	t.orders[0].dest = RULES_DEST_CAMPUS;
	assert_int_equal(broken(r, &t, "not-to", NULL), 1);
	assert_int_equal(broken(r, &t, "to", NULL), 1);
	t.orders[0].dest = RULES_DEST_RESIDENCE;
	trip_free(&t);
	/* Orders first: a cent of floating stock is refused. */
	trip_make(&t, utc("2026-06-14T18:00:00Z"), 1, 1000, 1000, 1);
	assert_int_equal(broken(r, &t, "dynamic", &v), 1);
	assert_int_equal(v.actual, 1);
	assert_non_null(strstr(v.cite, "3-615"));
	trip_free(&t);
	rules_free(r);
}

static void
test_mi(void **state)
{
	struct rules			*r = state_rules("US-MI");
	struct delivery_trip		 t;
	struct delivery_violation	 v;

	(void)state;
	/* 15 oz is 425242.846875 g: 425242 mg, rounded down. */
	trip_make(&t, utc("2026-06-14T18:00:00Z"), 2, 1000, 212621, 5000);
	assert_int_equal(nbroken(r, &t), 0);
	t.items[0].weight++;
	assert_int_equal(broken(r, &t, "cap-weight", &v), 1);
	assert_int_equal(v.limit, 425242);
	assert_int_equal(v.actual, 425243);
	assert_int_equal(v.unit, DU_MG);
	trip_free(&t);
	/* 10 stops, not 11. */
	trip_make(&t, utc("2026-06-14T18:00:00Z"), 10, 1000, 1000, 0);
	assert_int_equal(nbroken(r, &t), 0);
	trip_free(&t);
	trip_make(&t, utc("2026-06-14T18:00:00Z"), 11, 1000, 1000, 0);
	assert_int_equal(broken(r, &t, "stops", &v), 1);
	assert_int_equal(v.limit, 10);
	assert_int_equal(v.actual, 11);
	/* A handed-over order is no longer a stop. */
	t.orders[4].status = DELIVERY_DELIVERED;
	assert_int_equal(nbroken(r, &t), 0);
	/* A lounge for adult use; a patient only at home, refused once. */
	t.orders[0].dest = RULES_DEST_LOUNGE;
	assert_int_equal(nbroken(r, &t), 0);
	t.orders[0].type = LC_MEDICAL;
	assert_int_equal(broken(r, &t, "to", &v), 1);
	assert_int_equal(v.order, 0);
	t.orders[0].dest = RULES_DEST_RESIDENCE;
	/* ID checked at order. */
	t.orders[2].verified = 0;
	assert_int_equal(broken(r, &t, "preverified", NULL), 1);
	trip_free(&t);
	rules_free(r);
}

static void
test_ma(void **state)
{
	struct rules			*r = state_rules("US-MA");
	struct delivery_trip		 t;
	struct delivery_violation	 v;

	(void)state;
	trip_make(&t, utc("2026-06-14T18:00:00Z"), 2, 900000, 1000, 0);
	assert_int_equal(nbroken(r, &t), 0);
	t.crew = 1;
	assert_int_equal(broken(r, &t, "crew", &v), 1);
	assert_int_equal(v.limit, 2);
	assert_int_equal(v.actual, 1);
	t.crew = 2;
	/* Body cameras for adult use only. */
	t.bodycam = 0;
	assert_int_equal(broken(r, &t, "bodycam", NULL), 1);
	t.orders[0].type = t.orders[1].type = LC_MEDICAL;
	assert_int_equal(nbroken(r, &t), 0);
	t.camera = 0;
	assert_int_equal(broken(r, &t, "camera", NULL), 1);
	t.camera = 1;
	t.orders[1].dest = RULES_DEST_DORM;
	assert_int_equal(broken(r, &t, "not-to", NULL), 1);
	t.orders[1].dest = RULES_DEST_RESIDENCE;
	t.orders[0].verified = 0;
	assert_int_equal(broken(r, &t, "preverified", NULL), 1);
	t.orders[0].verified = 1;
	t.ledger = 0;
	assert_int_equal(broken(r, &t, "ledger", NULL), 1);
	trip_free(&t);
	rules_free(r);
}

static void
test_or(void **state)
{
	struct rules			*r = state_rules("US-OR");
	struct delivery_trip		 t;
	struct delivery_violation	 v;
	int				 opts[RULES_OPTIONS_MAX];

	(void)state;
	/* $3,000 (the 2017 summary, on by default). Noon PDT. */
	trip_make(&t, utc("2026-06-14T19:00:00Z"), 2, 150000, 1000, 0);
	t.orders[0].placed = t.orders[1].placed = utc("2026-06-14T16:00:00Z");
	assert_int_equal(nbroken(r, &t), 0);
	t.items[1].price++;
	assert_int_equal(broken(r, &t, "cap-total", &v), 1);
	assert_int_equal(v.limit, 300000);
	memset(opts, 0, sizeof opts);
	t.options = opts;		/* or_2017_trip off */
	assert_int_equal(nbroken(r, &t), 0);
	t.options = NULL;
	t.items[1].price--;
	/* Orders before 8 p.m. for the same day; when is known. */
	t.orders[1].placed = utc("2026-06-13T19:00:00Z");
	t.orders[0].placed = 0;
	assert_int_equal(broken(r, &t, "cutoff", &v), 1);
	assert_int_equal(v.order, 0);
	t.orders[0].placed = utc("2026-06-14T02:59:00Z");  /* 13th 19:59 */
	t.at = utc("2026-06-14T03:30:00Z");		   /* 13th 20:30 */
	t.orders[0].eta = utc("2026-06-14T03:45:00Z");
	assert_int_equal(nbroken(r, &t), 0);
	t.orders[0].placed = utc("2026-06-14T03:00:00Z");  /* 20:00 */
	assert_int_equal(broken(r, &t, "cutoff", &v), 1);
	assert_int_equal(v.limit, 20 * 60);
	assert_int_equal(v.actual, 20 * 60);
	/* Placed at 20:00, delivered the next morning. */
	t.at = utc("2026-06-14T17:00:00Z");
	t.orders[0].eta = utc("2026-06-14T17:30:00Z");
	assert_int_equal(nbroken(r, &t), 0);
	/* Hand-over by 9 p.m. (the 2017 summary). */
	t.orders[1].eta = utc("2026-06-15T04:00:00Z");	/* 21:00 PDT */
	assert_int_equal(broken(r, &t, "hours", NULL), 1);
	t.orders[1].eta = 0;
	/* Residences only, and floating stock refused. */
	t.orders[1].dest = RULES_DEST_BUSINESS;
	assert_int_equal(broken(r, &t, "not-to", NULL), 1);
	assert_int_equal(broken(r, &t, "to", NULL), 1);
	t.orders[1].dest = RULES_DEST_RESIDENCE;
	t.items[1].order = -1;
	assert_int_equal(broken(r, &t, "dynamic", NULL), 1);
	trip_free(&t);
	rules_free(r);
}

/* Illinois forbids delivery: any trip, even an empty one, is refused. */
static void
test_il(void **state)
{
	struct rules			*r = state_rules("US-IL");
	struct delivery_trip		 t;
	struct delivery_violation	 v;

	(void)state;
	assert_int_equal(r->delivery, RULES_DELIVERY_FORBIDDEN);
	trip_make(&t, utc("2026-06-14T18:00:00Z"), 1, 100, 100, 0);
	assert_int_equal(broken(r, &t, "forbidden", &v), 1);
	assert_int_equal(nbroken(r, &t), 1);
	assert_non_null(strstr(v.cite, "410 ILCS 705"));
	assert_int_equal(v.line, r->delivery_line);
	trip_free(&t);
	trip_make(&t, utc("2026-06-14T18:00:00Z"), 0, 0, 0, 0);
	assert_int_equal(broken(r, &t, "forbidden", NULL), 1);
	trip_free(&t);
	rules_free(r);
}

/* One rule named `rule' is broken, and its citation names `cite'. */
static void
refused(const struct rules *r, const struct delivery_trip *t,
    const char *rule, const char *cite)
{
	struct delivery_violation	 v;

	assert_int_equal(broken(r, t, rule, &v), 1);
	if (strstr(v.cite, cite) == NULL)
		fail_msg("%s: cite \"%s\" lacks \"%s\"", rule, v.cite, cite);
}

/*
 * Nevada (NAC 453A Sec. 151, 453A.416): several consumers a trip, the
 * manifest in the state system first, patients confirmed before it, and
 * 10 oz on board (nv_med_10oz); no value cap or destination was found.
 */
static void
test_nv(void **state)
{
	struct rules			*r = state_rules("US-NV");
	struct delivery_trip		 t;
	struct delivery_violation	 v;
	int				 opts[RULES_OPTIONS_MAX];

	(void)state;
	assert_int_equal(r->delivery, RULES_DELIVERY_ALLOWED);
	/* 10 oz is 283495.23125 g: 283495 mg, rounded down; $50,000 each. */
	trip_make(&t, utc("2026-06-14T19:00:00Z"), 5, 5000000, 56699, 0);
	t.orders[3].dest = RULES_DEST_HOTEL;
	t.gps = t.camera = t.bodycam = 0;
	assert_int_equal(nbroken(r, &t), 0);
	t.items[4].weight++;
	assert_int_equal(broken(r, &t, "cap-weight", &v), 1);
	assert_int_equal(v.limit, 283495);
	assert_int_equal(v.actual, 283496);
	assert_non_null(strstr(v.cite, "453A.416(2)"));
	memset(opts, 0, sizeof opts);
	t.options = opts;		/* nv_med_10oz off */
	assert_int_equal(nbroken(r, &t), 0);
	t.options = NULL;
	t.items[4].weight--;
	/* A patient confirmed first; an adult-use order needs no such check. */
	t.orders[0].verified = 0;
	assert_int_equal(nbroken(r, &t), 0);
	t.orders[0].type = LC_MEDICAL;
	refused(r, &t, "preverified", "453A.416(3)(a)");
	t.orders[0].verified = 1;
	t.ledger = 0;
	refused(r, &t, "ledger", "NAC 453A Sec. 151");
	assert_int_equal(nbroken(r, &t), 1);
	trip_free(&t);
	rules_free(r);
}

/* Arizona (R9-18-312.01, R9-17-318): orders first, GPS and a camera. */
static void
test_az(void **state)
{
	struct rules			*r = state_rules("US-AZ");
	struct delivery_trip		 t;

	(void)state;
	assert_int_equal(r->delivery, RULES_DELIVERY_ALLOWED);
	trip_make(&t, utc("2026-06-14T19:00:00Z"), 3, 100000, 3000, 0);
	t.orders[1].type = LC_MEDICAL;
	t.bodycam = t.ledger = 0;
	assert_int_equal(nbroken(r, &t), 0);
	t.camera = 0;
	refused(r, &t, "camera", "R9-17-318(D)(2)");
	t.camera = 1;
	t.gps = 0;
	refused(r, &t, "gps", "R9-17-318(D)(2)");
	t.gps = 1;
	t.items[2].order = -1;
	refused(r, &t, "dynamic", "R9-18-312.01(B)");
	assert_int_equal(nbroken(r, &t), 1);
	trip_free(&t);
	rules_free(r);
}

/* New Jersey (N.J.A.C. 17:30-14.8, 9.15): residences, orders first, GPS. */
static void
test_nj(void **state)
{
	struct rules			*r = state_rules("US-NJ");
	struct delivery_trip		 t;
	struct delivery_violation	 v;

	(void)state;
	assert_int_equal(r->delivery, RULES_DELIVERY_ALLOWED);
	trip_make(&t, utc("2026-06-14T19:00:00Z"), 3, 100000, 3000, 0);
	t.camera = t.bodycam = 0;
	t.ledger = 0;
	assert_int_equal(nbroken(r, &t), 0);
	t.orders[2].dest = RULES_DEST_BUSINESS;
	assert_int_equal(broken(r, &t, "to", &v), 1);
	assert_int_equal(v.order, 2);
	assert_non_null(strstr(v.cite, "17:30-14.8(b)"));
	t.orders[2].dest = RULES_DEST_RESIDENCE;
	t.gps = 0;
	refused(r, &t, "gps", "17:30-9.15(c)(2)");
	t.gps = 1;
	t.items[0].order = -1;
	refused(r, &t, "dynamic", "17:30-14.8(c)");
	assert_int_equal(nbroken(r, &t), 1);
	trip_free(&t);
	rules_free(r);
}

/*
 * Maryland (COMAR 10.62.30.04): patients at home, checked in the state's
 * system first, the weight entered before the trip; adult use refused.
 */
static void
test_md(void **state)
{
	struct rules			*r = state_rules("US-MD");
	struct delivery_trip		 t;
	struct delivery_violation	 v;
	u_int				 i;

	(void)state;
	assert_int_equal(r->delivery, RULES_DELIVERY_ALLOWED);
	trip_make(&t, utc("2026-06-14T19:00:00Z"), 2, 100000, 3000, 0);
	t.orders[0].type = LC_MEDICAL;
	t.orders[1].type = LC_CAREGIVER;
	t.gps = t.camera = t.bodycam = 0;
	assert_int_equal(nbroken(r, &t), 0);
	t.orders[1].dest = RULES_DEST_HOTEL;
	assert_int_equal(broken(r, &t, "to", &v), 1);
	assert_int_equal(v.order, 1);
	assert_non_null(strstr(v.cite, "10.62.30.04(F)"));
	t.orders[1].dest = RULES_DEST_RESIDENCE;
	t.orders[0].verified = 0;
	refused(r, &t, "preverified", "10.62.30.04(C)");
	t.orders[0].verified = 1;
	t.ledger = 0;
	refused(r, &t, "ledger", "10.62.30.04(D)(2)");
	assert_int_equal(nbroken(r, &t), 1);
	t.ledger = 1;
	/* An adult-use order is refused wherever it goes. */
	t.orders[1].type = LC_ADULT;
	for (i = 0; i < RULES_DEST_COUNT; i++) {
		t.orders[1].dest = (int)i;
		assert_int_equal(broken(r, &t, "not-to", &v), 1);
		assert_int_equal(v.order, 1);
		assert_non_null(strstr(v.cite, "adult-use orders are refused"));
	}
	trip_free(&t);
	rules_free(r);
}

/* The states with no researched rules refuse every trip, saying so. */
static void
test_unknown(void **state)
{
	static const char	*ids[] = { "US-CT", "US-FL", "US-MO", "US-MT",
				    "US-OH", "US-WA", NULL };
	struct rules		*r;
	struct delivery_trip	 t;
	u_int			 i;

	(void)state;
	for (i = 0; ids[i] != NULL; i++) {
		r = state_rules(ids[i]);
		assert_int_equal(r->delivery, RULES_DELIVERY_UNKNOWN);
		assert_non_null(r->delivery_cite);
		trip_make(&t, utc("2026-06-14T18:00:00Z"), 1, 100, 100, 0);
		assert_int_equal(broken(r, &t, "unknown", NULL), 1);
		trip_free(&t);
		rules_free(r);
	}
}

#define HEAD \
	"stash-rules 1\n" \
	"jurisdiction US-XX\n" \
	"name \"Test\"\n" \
	"zone America/Denver\n" \
	"effective 2020-01-01\n" \
	"verified 2026-11-26\n" \
	"cite \"Test Act s.1\"\n" \
	"option strict on \"the strict reading\"\n"

#define POOL \
	"pool p\n" \
	"\twho adult\n" \
	"\twindow day\n" \
	"\tterm flower flower 1oz\n"

static struct rules *
load_text(const char *text, char **cause)
{
	char	 path[512];
	FILE	*f;

	snprintf(path, sizeof path, "%s/US-XX", tmpdir);
	if ((f = fopen(path, "w")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
	return (rules_load(path, cause));
}

static void
test_parse(void **state)
{
	struct rules		*r;
	const struct rules_drule *d;
	char			*cause = NULL;
	const char		*cite, *text;

	(void)state;
	r = load_text(HEAD
	    "delivery allowed \"Act s.2\"\n"
	    "delivery cap-total $10000 \"s.3\" until 2022-12-31\n"
	    "delivery cap-total $12500.50 \"s.3a\" from 2023-01-01\n"
	    "delivery cap-unordered $5000 \"s.4\" if strict\n"
	    "delivery cap-weight 1lb \"s.5\"\n"
	    "delivery hours 08:30-24:00 \"s.6\" who adult\n"
	    "delivery hours 09:00-21:00 \"s.6b\" who medical\n"
	    "delivery cutoff 19:45 \"s.7\"\n"
	    "delivery to residence,lounge \"s.8\" who adult from 2021-01-01\n"
	    "delivery crew 2 \"s.9\"\n"
	    "delivery dynamic yes \"s.10\"\n"
	    "delivery gps-keep 90d \"s.11\"\n"
	    "delivery manifest driver-name,vehicle-plate \"s.12\"\n"
	    "delivery refusal doorman \"left with a doorman\" \"s.13\"\n"
	    POOL, &cause);
	if (r == NULL)
		fail_msg("%s", cause);
	assert_int_equal(r->delivery, RULES_DELIVERY_ALLOWED);
	assert_int_equal(r->delivery_line, 9);
	assert_int_equal(r->ndrules, 13);
	d = &r->drules[0];
	assert_int_equal(d->kind, RD_CAP_TOTAL);
	assert_int_equal(d->value, 1000000);
	assert_int_equal(d->until, 20221231);
	assert_string_equal(d->cite, "s.3");
	assert_int_equal(d->line, 10);
	assert_int_equal(r->drules[1].value, 1250050);
	assert_int_equal(r->drules[1].from, 20230101);
	assert_int_equal(r->drules[2].opt, 0);
	assert_int_equal(r->drules[3].value, 453592);	/* mg, down */
	assert_int_equal(r->drules[4].value, 8 * 60 + 30);
	assert_int_equal(r->drules[4].value2, 24 * 60);
	assert_int_equal(r->drules[4].who, LC_ADULT);
	assert_int_equal(r->drules[6].value, 19 * 60 + 45);
	assert_int_equal(r->drules[7].bits, (1U << RULES_DEST_RESIDENCE) |
	    (1U << RULES_DEST_LOUNGE));
	assert_int_equal(r->drules[7].from, 20210101);
	assert_int_equal(r->drules[8].value, 2);
	assert_int_equal(r->drules[9].value, 1);
	assert_int_equal(r->drules[10].value, 90);
	assert_int_equal(r->drules[11].bits, (1U << RULES_MF_DRIVER_NAME) |
	    (1U << RULES_MF_VEHICLE_PLATE));
	/* Refusals: every state's, and the file's own with its citation. */
	text = rules_refusal(r, "doorman", &cite);
	assert_non_null(text);
	assert_string_equal(text, "left with a doorman");
	assert_string_equal(cite, "s.13");
	assert_non_null(rules_refusal(r, "intoxicated", &cite));
	assert_null(cite);
	assert_null(rules_refusal(r, "bored", NULL));
	assert_string_equal(rules_refusal_builtin(0, &text), "not-home");
	rules_free(r);

	/* Not checks on a trip: the fee's taxes and Metrc's model by date. */
	r = load_text(HEAD
	    "delivery allowed \"Act s.2\"\n"
	    "delivery fee-taxed yes \"s.14\" from 2024-07-01\n"
	    "delivery metrc planned \"s.15\" until 2024-12-31\n"
	    "delivery metrc retailer \"s.16\" from 2025-01-01\n"
	    POOL, &cause);
	if (r == NULL)
		fail_msg("%s", cause);
	assert_int_equal(r->ndrules, 3);
	assert_int_equal(rules_delivery_value(r, RD_FEE_TAXED, 20240630, 0),
	    0);
	assert_int_equal(rules_delivery_value(r, RD_FEE_TAXED, 20240701, 0),
	    1);
	assert_int_equal(rules_delivery_value(r, RD_METRC, 20241231, 7),
	    RULES_METRC_PLANNED);
	assert_int_equal(rules_delivery_value(r, RD_METRC, 20250101, 7),
	    RULES_METRC_RETAILER);
	assert_int_equal(rules_delivery_value(NULL, RD_METRC, 20250101, 7), 7);
	rules_free(r);

	/* No delivery line: unknown. */
	r = load_text(HEAD POOL, &cause);
	if (r == NULL)
		fail_msg("%s", cause);
	assert_int_equal(r->delivery, RULES_DELIVERY_UNKNOWN);
	assert_int_equal(r->ndrules, 0);
	rules_free(r);
}

static void
test_malformed(void **state)
{
	static const struct {
		const char	*text;
		const char	*err;
	} bad[] = {
		{ "delivery cap-total $10 \"c\"\n", ":9: delivery cap-total "
		    "before \"delivery allowed\"" },
		{ "delivery sometimes \"c\"\n", ":9: unknown delivery rule "
		    "\"sometimes\"" },
		{ "delivery allowed\n", ":9: delivery allowed takes" },
		{ "delivery allowed \"c\"\ndelivery forbidden \"c\"\n",
		    ":10: delivery allowed, forbidden or unknown given twice "
		    "(line 9)" },
		{ "delivery forbidden \"c\"\ndelivery crew 2 \"c\"\n",
		    ":10: delivery crew, but line 9 says delivery is "
		    "forbidden" },
		{ "delivery allowed \"c\"\ndelivery cap-total 10000 \"c\"\n",
		    ":10: delivery cap-total: \"10000\" is not an amount of "
		    "money" },
		{ "delivery allowed \"c\"\ndelivery cap-total $0 \"c\"\n",
		    ":10: delivery cap-total: $0 is zero" },
		{ "delivery allowed \"c\"\ndelivery cap-total $1.234 \"c\"\n",
		    ":10: delivery cap-total: \"$1.234\" is not" },
		{ "delivery allowed \"c\"\ndelivery cap-weight 2l \"c\"\n",
		    ":10: delivery cap-weight: \"2l\" is not a weight" },
		{ "delivery allowed \"c\"\ndelivery stops 0 \"c\"\n",
		    ":10: delivery stops: \"0\" is not a whole number from 1 "
		    "to 1000" },
		{ "delivery allowed \"c\"\ndelivery hours 22:00-06:00 \"c\"\n",
		    ":10: delivery hours: 22:00-06:00 ends before it starts" },
		{ "delivery allowed \"c\"\ndelivery hours 6-22 \"c\"\n",
		    ":10: delivery hours: \"6-22\" is not HH:MM-HH:MM" },
		{ "delivery allowed \"c\"\ndelivery cutoff 24:30 \"c\"\n",
		    ":10: delivery cutoff: \"24:30\" is not a time of day" },
		{ "delivery allowed \"c\"\ndelivery to moon \"c\"\n",
		    ":10: unknown destination \"moon\"" },
		{ "delivery allowed \"c\"\ndelivery to dorm,dorm \"c\"\n",
		    ":10: \"dorm\" is named twice" },
		{ "delivery allowed \"c\"\ndelivery manifest colour \"c\"\n",
		    ":10: unknown manifest field \"colour\"" },
		{ "delivery allowed \"c\"\ndelivery dynamic maybe \"c\"\n",
		    ":10: delivery dynamic is yes or no" },
		{ "delivery allowed \"c\"\ndelivery fee-taxed 7% \"c\"\n",
		    ":10: delivery fee-taxed is yes or no" },
		{ "delivery allowed \"c\"\ndelivery metrc dynamic \"c\"\n",
		    ":10: delivery metrc is planned or retailer" },
		{ "delivery allowed \"c\"\ndelivery gps-keep 90 \"c\"\n",
		    ":10: delivery gps-keep: \"90\" is not a number of days" },
		{ "delivery allowed \"c\"\ndelivery prepaid\n",
		    ":10: delivery prepaid needs \"its citation\"" },
		{ "delivery allowed \"c\"\ndelivery crew 2 \"\"\n",
		    ":10: delivery crew needs \"its citation\"" },
		{ "delivery allowed \"c\"\ndelivery crew 2 \"c\" who adult\n",
		    ":10: delivery crew is about the trip, not an order" },
		{ "delivery allowed \"c\"\ndelivery prepaid \"c\" whom adult\n",
		    ":10: delivery prepaid: unexpected \"whom\"" },
		{ "delivery allowed \"c\"\ndelivery prepaid \"c\" if lax\n",
		    ":10: no option \"lax\"" },
		{ "delivery allowed \"c\"\ndelivery prepaid \"c\" from "
		    "2024-02-30\n", ":10: no such date \"2024-02-30\"" },
		{ "delivery allowed \"c\"\ndelivery prepaid \"c\" from "
		    "2024-02-01 until 2024-01-01\n",
		    ":10: delivery prepaid: until is before from" },
		{ "delivery allowed \"c\"\ndelivery crew 2 \"c\"\n"
		    "delivery crew 3 \"d\"\n", ":11: delivery crew given twice "
		    "for the same days (line 10)" },
		{ "delivery allowed \"c\"\ndelivery refusal not-home \"x\" "
		    "\"c\"\n", ":10: refusal not-home is already a reason" },
		{ "delivery allowed \"c\"\ndelivery refusal r1 \"x\"\n",
		    ":10: delivery refusal takes NAME" },
		{ POOL "delivery allowed \"c\"\n", ":13: delivery lines go in "
		    "the header" },
	};
	struct rules	*r;
	char		*cause, text[2048];
	u_int		 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(text, sizeof text, "%s%s%s", HEAD, bad[i].text,
		    strncmp(bad[i].text, "pool", 4) == 0 ? "" : POOL);
		cause = NULL;
		if ((r = load_text(text, &cause)) != NULL)
			fail_msg("case %u loaded: %s", i, bad[i].text);
		assert_non_null(cause);
		if (strstr(cause, bad[i].err) == NULL)
			fail_msg("case %u: \"%s\" lacks \"%s\"", i, cause,
			    bad[i].err);
		assert_non_null(strstr(cause, "/US-XX:"));
		free(cause);
	}
	/* Both ways of one option, or different customers, may coexist. */
	snprintf(text, sizeof text, "%s%s%s", HEAD, "delivery allowed \"c\"\n"
	    "delivery crew 2 \"c\" if strict\ndelivery crew 1 \"c\" if "
	    "!strict\ndelivery to residence \"c\" who adult\n"
	    "delivery to lounge \"c\" who medical\n", POOL);
	if ((r = load_text(text, &cause)) == NULL)
		fail_msg("%s", cause);
	rules_free(r);
}

/* A trip that makes no sense is an error, not a verdict. */
static void
test_bad_trip(void **state)
{
	struct rules		*r = state_rules("US-CA");
	struct delivery_trip	 t;
	struct delivery_result	 res;
	char			*cause;

	(void)state;
	trip_make(&t, utc("2026-06-14T19:00:00Z"), 1, 100, 100, 0);
	t.items[0].order = 5;
	assert_int_equal(delivery_rules_check(r, &t, &res, &cause), -1);
	assert_non_null(strstr(cause, "no order 6"));
	free(cause);
	t.items[0].order = 0;
	t.items[0].price = -1;
	assert_int_equal(delivery_rules_check(r, &t, &res, &cause), -1);
	free(cause);
	t.items[0].price = 1;
	t.orders[0].dest = RULES_DEST_COUNT;
	assert_int_equal(delivery_rules_check(r, &t, &res, &cause), -1);
	free(cause);
	trip_free(&t);
	rules_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_ca_caps),
		cmocka_unit_test(test_ca_trip),
		cmocka_unit_test(test_ca_hours_dst),
		cmocka_unit_test(test_ca_recompute),
		cmocka_unit_test(test_co),
		cmocka_unit_test(test_mi),
		cmocka_unit_test(test_ma),
		cmocka_unit_test(test_or),
		cmocka_unit_test(test_il),
		cmocka_unit_test(test_nv),
		cmocka_unit_test(test_az),
		cmocka_unit_test(test_nj),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_bad_trip),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
