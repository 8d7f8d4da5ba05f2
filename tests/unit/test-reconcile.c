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

#include <ctype.h>

#include "unit.h"
#include "stash.h"
#include "store.h"
#include "inventory.h"
#include "reconcile.h"
#include "reply.h"

/*
 * The comparison with the state's packages done a step at a time
 * (reconcile_walk_step, as stashd does it, a step per pass of its loop)
 * gives what the whole comparison in one transaction gives, whatever the
 * step; each step looks at no more than its share; and a report added
 * between two steps (a sale or an adjustment meanwhile) explains the
 * package it changed when that package is compared later.
 */

#define NPKG		40
#define TAG_FMT		"1A40603000000000000%05d"

static void
collect(const struct reconcile_diff *d, void *arg)
{
	json_array_append_new(arg, reply_reconcile_diff(d));
}

static void
tag(char *out, int n)
{
	snprintf(out, TAG_LEN + 1, TAG_FMT, n);
}

/*
 * NPKG packages, even ones sold by the unit and odd ones by weight, each
 * n + 1 units (or grams); packages 5 and 6 adjusted by -1 (a report owed).
 */
static int
setup(void **state)
{
	struct fixture		*f;
	struct store_txn	 t;
	struct product		 p;
	struct package		 pk;
	char			*cause = NULL;
	int			 n;

	if ((f = fixture_open("reconcile", 8 << 20)) == NULL)
		return (-1);
	if (store_begin(f->st, &t, 1) != 0)
		return (-1);
	memset(&p, 0, sizeof p);
	p.id = 1;
	strlcpy(p.sku, "EA-1", sizeof p.sku);
	strlcpy(p.name, "By the unit", sizeof p.name);
	strlcpy(p.category, "edible", sizeof p.category);
	store_product_put(&t, &p, NULL);
	p.id = 2;
	strlcpy(p.sku, "WT-1", sizeof p.sku);
	strlcpy(p.name, "By weight", sizeof p.name);
	strlcpy(p.category, "flower", sizeof p.category);
	p.unit_weight = 1;
	store_product_put(&t, &p, NULL);
	for (n = 0; n < NPKG; n++) {
		memset(&pk, 0, sizeof pk);
		tag(pk.tag, n);
		pk.product = n % 2 ? 2 : 1;
		strlcpy(pk.batch, "B1", sizeof pk.batch);
		pk.qty = pk.received_qty = (n + 1) * (n % 2 ? 1000 : 1);
		pk.status = PACKAGE_ACTIVE;
		pk.received = 1;
		strlcpy(pk.location, "floor", sizeof pk.location);
		store_package_put(&t, &pk, NULL);
	}
	for (n = 5; n <= 6; n++) {
		tag(pk.tag, n);
		if (inventory_adjust(&t, pk.tag, n % 2 ? -1000 : -1, "damage",
		    "", 1, 0, "test", &pk, &cause) != 0) {
			fprintf(stderr, "adjust: %s\n", cause);
			return (-1);
		}
	}
	if (store_commit(&t) != 0)
		return (-1);
	*state = f;
	return (0);
}

/* The state's figure for package n as the ledger had it at first. */
static json_t *
state_package(int n, int64_t less)
{
	char	t[TAG_LEN + 1];

	tag(t, n);
	return (json_pack("{s:s, s:I, s:s, s:b, s:b}", "Label", t,
	    "Quantity", (json_int_t)(n + 1 - less), "UnitOfMeasureName",
	    n % 2 ? "Grams" : "Each", "IsOnHold", n == 9, "IsOnRecall", 0));
}

/*
 * The state's list: packages 0..29 in a shuffled order (7 differs, 9 on
 * hold, 12 in lower case), two listed twice, and one the ledger does not
 * have; 30..39 are ours only.
 */
static json_t *
state_list(void)
{
	json_t	*a, *o;
	char	 t[TAG_LEN + 1], *cp;
	int	 i, n;

	a = json_array();
	for (i = 0; i < 30; i++) {
		n = (i * 7) % 30;
		o = state_package(n, n == 7 ? 2 : 0);
		if (n == 12) {
			tag(t, n);
			for (cp = t; *cp != '\0'; cp++)
				*cp = tolower((u_char)*cp);
			json_object_set_new(o, "Label", json_string(t));
		}
		json_array_append_new(a, o);
	}
	json_array_append_new(a, state_package(3, 0));
	json_array_append_new(a, state_package(4, 0));
	tag(t, 99999);
	json_array_append_new(a, json_pack("{s:s, s:i}", "Label", t,
	    "Quantity", 5));
	return (a);
}

/* The whole comparison in one transaction. */
static json_t *
whole(struct fixture *f, json_t *packages, struct reconcile_summary *sum)
{
	struct store_txn	t;
	json_t			*list = json_array();

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(reconcile_compare(&t, packages, collect, list, sum),
	    0);
	store_abort(&t);
	return (list);
}

/* The same a step at a time, each in its own transaction; *steps taken. */
static json_t *
stepped(struct fixture *f, json_t *packages, size_t step, size_t *steps,
    struct reconcile_summary *sum)
{
	struct reconcile_walk	*w;
	struct store_txn	 t;
	json_t			*list = json_array();
	int			 r;

	w = reconcile_walk_new(packages, collect, list);
	*steps = 0;
	do {
		assert_int_equal(store_begin(f->st, &t, 0), 0);
		r = reconcile_walk_step(w, &t, step);
		store_abort(&t);
		assert_int_not_equal(r, -1);
		(*steps)++;
	} while (r == 1);
	*sum = *reconcile_walk_summary(w);
	reconcile_walk_free(w);
	return (list);
}

static void
test_whole(void **state)
{
	struct fixture			*f = *state;
	struct reconcile_summary	 sum;
	json_t				*packages, *list, *d;
	size_t				 i;
	char				 t[TAG_LEN + 1];
	int				 kinds[4] = { 0 };

	packages = state_list();
	list = whole(f, packages, &sum);
	assert_int_equal(sum.packages, 33);
	assert_int_equal(sum.compared, 32);
	json_array_foreach(list, i, d) {
		const char *k = json_string_value(json_object_get(d, "kind"));

		if (strcmp(k, "not-here") == 0)
			kinds[0]++;
		else if (strcmp(k, "quantity") == 0)
			kinds[1]++;
		else if (strcmp(k, "hold") == 0)
			kinds[2]++;
		else
			kinds[3]++;
	}
	/* 99999; 5, 6 (explained) and 7; 9; 30..39. */
	assert_int_equal(kinds[0], 1);
	assert_int_equal(kinds[1], 3);
	assert_int_equal(kinds[2], 1);
	assert_int_equal(kinds[3], 10);
	tag(t, 30);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    list, json_array_size(list) - 10), "tag")), t);
	json_decref(list);
	json_decref(packages);
}

static void
test_steps_same(void **state)
{
	struct fixture			*f = *state;
	struct reconcile_summary	 sum, ssum;
	json_t				*packages, *want, *got;
	size_t				 steps, step, items;
	static const size_t		 sizes[] = { 1, 2, 3, 7, 1000 };
	const u_int			 nsizes = sizeof sizes / sizeof *sizes;
	u_int				 i;

	packages = state_list();
	want = whole(f, packages, &sum);
	/* Two reports owed, the state's 33, our 40. */
	items = 2 + 33 + NPKG;
	for (i = 0; i < nsizes; i++) {
		step = sizes[i];
		got = stepped(f, packages, step, &steps, &ssum);
		assert_true(json_equal(want, got));
		assert_int_equal(ssum.packages, sum.packages);
		assert_int_equal(ssum.compared, sum.compared);
		/* No step looked at more than its share. */
		assert_true(steps >= (items + step - 1) / step);
		json_decref(got);
	}
	json_decref(want);
	json_decref(packages);
}

/*
 * Package 23, sold by weight, is compared late (the state lists it last
 * of the 30). Once the walk is comparing, an adjustment takes a gram from
 * it: ours is a gram less than the state's, and the report owed explains
 * it.
 */
static void
test_report_meanwhile(void **state)
{
	struct fixture		*f = *state;
	struct reconcile_walk	*w;
	struct store_txn	 t;
	struct package		 pk;
	json_t			*packages, *list, *d, *found = NULL;
	char			 tg[TAG_LEN + 1], *cause = NULL;
	size_t			 i;
	int			 r, adjusted = 0;

	packages = state_list();
	list = json_array();
	w = reconcile_walk_new(packages, collect, list);
	tag(tg, 23);
	do {
		assert_int_equal(store_begin(f->st, &t, 0), 0);
		r = reconcile_walk_step(w, &t, 1);
		store_abort(&t);
		assert_int_not_equal(r, -1);
		if (!adjusted && json_array_size(list) != 0) {
			/* Comparing: the state's 5th, a difference, is in. */
			assert_int_equal(store_begin(f->st, &t, 1), 0);
			assert_int_equal(inventory_adjust(&t, tg, -1000, "damage",
			    "", 1, 0, "test", &pk, &cause), 0);
			assert_int_equal(store_commit(&t), 0);
			adjusted = 1;
		}
	} while (r == 1);
	reconcile_walk_free(w);
	assert_true(adjusted);
	json_array_foreach(list, i, d) {
		if (strcmp(json_string_value(json_object_get(d, "tag")),
		    tg) == 0)
			found = d;
	}
	assert_non_null(found);
	assert_string_equal(json_string_value(json_object_get(found,
	    "kind")), "quantity");
	assert_int_equal(json_integer_value(json_object_get(found, "ours")),
	    23000);
	assert_int_equal(json_integer_value(json_object_get(found, "state")),
	    24000);
	assert_int_equal(json_array_size(json_object_get(found, "pending")),
	    1);
	assert_null(json_object_get(found, "unexplained"));
	json_decref(list);
	json_decref(packages);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_steps_same),
		cmocka_unit_test(test_report_meanwhile),
	};

	return (cmocka_run_group_tests(tests, setup, fixture_teardown));
}
