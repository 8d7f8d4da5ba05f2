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

/*
 * The checks at the door on the handheld (client_driver_check), against a
 * trip bundle kept in a handheld file and Colorado's rule file as text:
 * the right ID passes; an expired one, one that makes the customer 19 and
 * one whose name or date of birth is not the order's are refused, each
 * with the reason it calls for; the limits count the bundle's history
 * (20 g bought in the store) and this trip's earlier delivery to the
 * same customer (a journalled "deliver" of 10 g), with the cart: 20 g
 * plus 5 g passes Colorado's ounce a day, 20 g plus 10 g plus 5 g does
 * not. The model is rebuilt from the journal: the earlier delivery is
 * still counted after a reload. A stop moved on the route is journalled
 * as a reorder entry (the whole route and the reason, for stashd) and
 * stays moved after a reload.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "unit.h"

#include "client.h"

#ifndef RULES_SRCDIR
#error "RULES_SRCDIR: the source tree's contrib/rules (Makefile.am)"
#endif

static char			 test_dir[256];
static struct event_base	*test_base;

/* A stop: one line of flower (grams), with the limits stashd sends. */
static json_t *
test_stop(int order, int customer, const char *first, const char *last,
    const char *dob, int grams, int history_grams)
{
	json_t	*limits, *hist;

	limits = json_pack("{s:I, s:s, s:n, s:i, s:I, s:I, s:i, s:i, s:i, "
	    "s:i, s:i}", "time", (json_int_t)0, "category", "flower", "route",
	    "qty", 1, "net_ug", (json_int_t)grams * 1000000, "flower_ug",
	    (json_int_t)grams * 1000000, "conc_ug", 0, "thc_ug", 0,
	    "other_ug", 0, "volume_ul", 0, "units", 1);
	hist = json_array();
	if (history_grams != 0) {
		json_t *h = json_deep_copy(limits);

		json_object_set_new(h, "time", json_integer(util_now() -
		    3600 * 1000000LL));
		json_object_set_new(h, "net_ug",
		    json_integer((json_int_t)history_grams * 1000000));
		json_object_set_new(h, "flower_ug",
		    json_integer((json_int_t)history_grams * 1000000));
		json_array_append_new(hist, h);
	}
	return (json_pack("{s:i, s:i, s:s, s:{s:i, s:s, s:s, s:s, s:s, s:s, "
	    "s:s, s:s, s:s}, s:[{s:s, s:{s:s, s:s}, s:i, s:s, s:i, s:i, s:o}], "
	    "s:i, s:o}", "order", order, "seq", order, "address", "1 Main St",
	    "customer", "id", customer, "name", "x", "first", first, "last",
	    last, "dob", dob, "id_number", "DL1", "type", "adult", "state",
	    "CO", "residence", "CO", "lines", "tag", "1A4060300000000000000001",
	    "product", "name", "Flower", "category", "flower", "qty", grams *
	    1000, "unit", "weight", "price", 1000, "tax", 150, "limits",
	    limits, "total", 1150, "history", hist));
}

static char *
test_rules_text(void)
{
	FILE	*f;
	char	*text, path[512];
	size_t	 n;

	snprintf(path, sizeof path, "%s/US-CO", RULES_SRCDIR);
	assert_non_null(f = fopen(path, "r"));
	text = calloc(1, 65536);
	n = fread(text, 1, 65535, f);
	fclose(f);
	text[n] = '\0';
	return (text);
}

/*
 * A caregiver's stop for their patient (Pat, medical, customer 21): the
 * caregiver (Cara, 20) takes the goods on their own ID and card; the
 * history and the limits are the patient's.
 */
static json_t *
test_caregiver_stop(int order, int grams, int history_grams)
{
	json_t	*s, *cu;

	s = test_stop(order, 20, "Cara", "Giver", "1975-06-07", grams,
	    history_grams);
	cu = json_object_get(s, "customer");
	json_object_set_new(cu, "type", json_string("caregiver"));
	json_object_set_new(cu, "card", json_string("CG-1"));
	json_object_set_new(cu, "card_expiry", json_string("2031-01-01"));
	json_object_set_new(s, "patient", json_pack("{s:i, s:s, s:s, s:s, "
	    "s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", 21, "name", "Pat "
	    "Ient", "first", "Pat", "last", "Ient", "dob", "1990-01-01",
	    "id_number", "DL21", "type", "medical", "card", "MED-21",
	    "card_expiry", "2031-01-01", "state", "CO", "residence", "CO"));
	return (s);
}

static int
test_setup_stops(json_t *stops)
{
	char	 path[300], *cause = NULL, *rules;
	json_t	*b;

	unit_tmpdir(test_dir, sizeof test_dir, "driver");
	snprintf(path, sizeof path, "%s/h.driver", test_dir);
	test_base = event_base_new();
	if (client_driver_init(test_base, path, "h1", 15, &cause) != 0)
		fail_msg("init: %s", cause);
	rules = test_rules_text();
	b = json_pack("{s:{s:i}, s:s, s:s, s:[s, s], s:{s:s, s:s, s:s, s:s}, "
	    "s:o}", "trip", "id", 9, "rules", rules, "rules_name", "US-CO",
	    "refusals", "not-home", "underage", "store", "name", "S",
	    "licence", "L", "state", "CO", "tz", "America/Denver", "stops",
	    stops);
	free(rules);
	if (client_driver_take(9, b, &cause) != 0)
		fail_msg("take: %s", cause);
	json_decref(b);
	return (0);
}

static int
test_setup(void **state)
{
	(void)state;
	return (test_setup_stops(json_pack("[o, o, o]",
	    test_stop(1, 7, "Dee", "Dunn", "1983-02-03", 10, 20),
	    test_stop(2, 7, "Dee", "Dunn", "1983-02-03", 5, 20),
	    test_stop(3, 8, "Ann", "Arrow", "1980-02-03", 5, 0))));
}

/* Two caregiver stops for one patient who bought 50 g today already. */
static int
test_setup_caregiver(void **state)
{
	(void)state;
	return (test_setup_stops(json_pack("[o, o]",
	    test_caregiver_stop(1, 5, 50), test_caregiver_stop(2, 5, 50))));
}

static int
test_teardown(void **state)
{
	(void)state;
	client_driver_free();
	event_base_free(test_base);
	unit_rmrf(test_dir);
	return (0);
}

static void
test_id(struct driver_id *id, const char *first, const char *last, int dob,
    int expiry)
{
	memset(id, 0, sizeof *id);
	strlcpy(id->first, first, sizeof id->first);
	strlcpy(id->last, last, sizeof id->last);
	snprintf(id->name, sizeof id->name, "%s %s", first, last);
	id->dob = dob;
	id->expiry = expiry;
	strlcpy(id->number, "DL1", sizeof id->number);
	strlcpy(id->state, "CO", sizeof id->state);
}

static void
test_the_id(void **state)
{
	struct driver_stop	*ann = client_driver_find(3);
	struct driver_id	 id;
	const char		*reason;
	char			 why[256];
	int			 young;

	(void)state;
	assert_non_null(ann);
	assert_int_equal(client_driver.nstops, 3);
	assert_non_null(client_driver.rules);
	test_id(&id, "ANN", "ARROW", 19800203, 20310101);
	assert_int_equal(client_driver_check(ann, &id, why, sizeof why,
	    &reason), 0);

	test_id(&id, "ANN", "ARROW", 19800203, 20200101);
	assert_int_equal(client_driver_check(ann, &id, why, sizeof why,
	    &reason), -1);
	assert_non_null(strstr(why, "expired"));
	assert_string_equal(reason, "id-refused");

	young = util_local_date(util_now(), "America/Denver") - 190000;
	test_id(&id, "ANN", "ARROW", young, 20310101);
	assert_int_equal(client_driver_check(ann, &id, why, sizeof why,
	    &reason), -1);
	assert_non_null(strstr(why, "21 and over"));
	assert_string_equal(reason, "underage");

	test_id(&id, "ANNE", "ARROW", 19800203, 20310101);
	assert_int_equal(client_driver_check(ann, &id, why, sizeof why,
	    &reason), -1);
	assert_non_null(strstr(why, "does not match"));
	assert_string_equal(reason, "id-refused");
	test_id(&id, "ANN", "ARROW", 19800204, 20310101);
	assert_int_equal(client_driver_check(ann, &id, why, sizeof why,
	    &reason), -1);
}

/* Stop s delivered for cash, journalled. */
static void
test_deliver(struct driver_stop *s)
{
	json_t	*f;
	char	*cause = NULL;

	f = json_pack("{s:{s:i}}", "tender", "cash", 1150);
	if (client_driver_record("deliver", s, f, &cause) != 0)
		fail_msg("record: %s", cause);
	json_decref(f);
}

static void
test_limits(void **state)
{
	struct driver_stop	*first = client_driver_find(1);
	struct driver_stop	*second = client_driver_find(2);
	struct driver_id	 id;
	const char		*reason;
	char			 why[256], *cause = NULL;

	(void)state;
	test_id(&id, "DEE", "DUNN", 19830203, 20310101);
	/* 20 g in the store + 5 g: under the ounce. */
	assert_int_equal(client_driver_check(second, &id, why, sizeof why,
	    &reason), 0);
	/* 20 g + 10 g: over. */
	assert_int_equal(client_driver_check(first, &id, why, sizeof why,
	    &reason), -1);
	assert_non_null(strstr(why, "limit"));

	/* Delivered (say, overridden at the store): it counts for the next. */
	test_deliver(first);
	assert_int_equal(first->outcome, DRIVER_DELIVERED);
	assert_int_equal(client_driver_check(second, &id, why, sizeof why,
	    &reason), -1);
	assert_non_null(strstr(why, "limit"));

	/* The same after the model is rebuilt from the journal. */
	if (client_driver_reload(&cause) != 0)
		fail_msg("reload: %s", cause);
	second = client_driver_find(2);
	assert_int_equal(client_driver_find(1)->outcome, DRIVER_DELIVERED);
	assert_int_equal(client_driver.unsent, 1);
	assert_int_equal(client_driver_check(second, &id, why, sizeof why,
	    &reason), -1);
}

static void
test_route(void **state)
{
	struct journal_entry	 e[8];
	json_t			*j;
	char			*cause = NULL;
	u_int			 n, i;

	(void)state;
	assert_int_equal(client_driver.stops[client_driver.route[0]].order,
	    1);
	if (client_driver_move(2, 0, "gate code only after 5", &cause) != 0)
		fail_msg("move: %s", cause);
	assert_int_equal(client_driver.stops[client_driver.route[0]].order,
	    3);
	assert_int_equal(client_driver.stops[client_driver.route[1]].order,
	    1);
	/* Journalled for stashd: the whole route and the reason. */
	if (client_journal_pending(e, 8, &n, &cause) != 0)
		fail_msg("pending: %s", cause);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].kind, "reorder");
	j = json_loads(e[0].json, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "reason")),
	    "gate code only after 5");
	assert_int_equal(json_array_size(json_object_get(j, "orders")), 3);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(j,
	    "orders"), 0)), 3);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(j,
	    "orders"), 2)), 2);
	json_decref(j);
	for (i = 0; i < n; i++)
		client_journal_entry_free(&e[i]);
	if (client_driver_reload(&cause) != 0)
		fail_msg("reload: %s", cause);
	assert_int_equal(client_driver.stops[client_driver.route[0]].order,
	    3);
	assert_int_equal(client_driver.stops[client_driver.route[1]].order,
	    1);
	assert_int_equal(client_driver.stops[client_driver.route[2]].order,
	    2);
	assert_int_equal(client_driver_move(3, 0, "x", &cause), -1);
	free(cause);
}

/*
 * Offline at a caregiver's door: the caregiver's ID (not the patient's)
 * is the one checked, and the limits are the patient's, medical: 50 g
 * today and 5 g more is under Colorado's medical 2 oz a day (over the
 * adult ounce), but once that stop is delivered the next 5 g for the
 * same patient is over.
 */
static void
test_caregiver(void **state)
{
	struct driver_stop	*first = client_driver_find(1);
	struct driver_stop	*second = client_driver_find(2);
	struct driver_id	 id;
	const char		*reason;
	char			 why[256];

	(void)state;
	assert_non_null(first);
	assert_true(first->patient.present);
	assert_int_equal(first->patient.id, 21);
	test_id(&id, "PAT", "IENT", 19900101, 20310101);
	assert_int_equal(client_driver_check(first, &id, why, sizeof why,
	    &reason), -1);
	assert_non_null(strstr(why, "does not match"));
	test_id(&id, "CARA", "GIVER", 19750607, 20310101);
	if (client_driver_check(first, &id, why, sizeof why, &reason) != 0)
		fail_msg("the caregiver refused: %s", why);

	test_deliver(first);
	assert_int_equal(client_driver_check(second, &id, why, sizeof why,
	    &reason), -1);
	assert_non_null(strstr(why, "limit"));
	assert_string_equal(reason, "limit");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_the_id, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_limits, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_route, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_caregiver,
		    test_setup_caregiver, test_teardown),
	};

	setenv("TZ", "UTC", 1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
