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

#include "intake.h"

/*
 * intake.c, count.c, store-manifest.c, store-count.c: dates, the lab gate,
 * record round trips, the tolerance at its edges, closing a manifest and a
 * count's adjustments, each on a fresh ledger.
 */

static int
setup(void **state)
{
	struct fixture	*f;

	if ((f = fixture_open("intake", (size_t)4 << 20)) == NULL)
		return (-1);
	*state = f;
	return (0);
}

static void
test_dates(void **state)
{
	(void)state;
	assert_int_equal(intake_date_add(20260228, 1), 20260301);
	assert_int_equal(intake_date_add(20280228, 1), 20280229);
	assert_int_equal(intake_date_add(20261231, 1), 20270101);
	assert_int_equal(intake_date_add(20260115, 30), 20260214);
	assert_int_equal(intake_date_add(20260115, 0), 20260115);
	assert_true(intake_date_valid(0));
	assert_true(intake_date_valid(20260101));
	assert_false(intake_date_valid(20261301));
	assert_false(intake_date_valid(20260100));
	assert_false(intake_date_valid(123));
}

static void
test_lab_check(void **state)
{
	struct lab_result	 lab;
	const char		*why = NULL;

	(void)state;
	memset(&lab, 0, sizeof lab);
	assert_int_equal(intake_lab_check(&lab, 20260101, &why), -1);
	assert_string_equal(why, "no lab result");
	lab.status = LAB_FAIL;
	assert_int_equal(intake_lab_check(&lab, 20260101, &why), -1);
	assert_string_equal(why, "lab test failed");
	lab.status = LAB_PASS;
	assert_int_equal(intake_lab_check(&lab, 20260101, &why), 0);
	lab.expires = 20260101;
	assert_int_equal(intake_lab_check(&lab, 20260101, &why), 0);
	assert_int_equal(intake_lab_check(&lab, 20260102, &why), -1);
	assert_string_equal(why, "lab result expired");
}

/* A product and a two-line manifest: shipped 1000 mg and 5 units. */
static void
seed(struct store_txn *t)
{
	struct product		 p;
	struct manifest		 m;
	struct manifest_line	 l[2];
	char			*cause = NULL;

	memset(&p, 0, sizeof p);
	p.id = 1;
	strlcpy(p.sku, "SKU-A", sizeof p.sku);
	strlcpy(p.name, "A", sizeof p.name);
	strlcpy(p.category, "flower", sizeof p.category);
	p.unit_weight = 1;
	p.price = 1000;
	store_product_put(t, &p, NULL);
	p.id = 2;
	strlcpy(p.sku, "SKU-B", sizeof p.sku);
	p.unit_weight = 0;
	store_product_put(t, &p, NULL);

	memset(&m, 0, sizeof m);
	strlcpy(m.number, "M1", sizeof m.number);
	strlcpy(m.supplier, "LIC-1", sizeof m.supplier);
	memset(l, 0, sizeof l);
	strlcpy(l[0].tag, "1A40603000000000000000A1", sizeof l[0].tag);
	strlcpy(l[0].sku, "SKU-A", sizeof l[0].sku);
	strlcpy(l[0].batch, "BA", sizeof l[0].batch);
	l[0].shipped = 1000;
	l[0].lab.status = LAB_PASS;
	strlcpy(l[1].tag, "1A40603000000000000000B1", sizeof l[1].tag);
	strlcpy(l[1].sku, "SKU-B", sizeof l[1].sku);
	l[1].shipped = 5;
	l[1].lab.status = LAB_FAIL;
	assert_int_equal(intake_create(t, &m, l, 2, 1, "t", &cause),
	    INTAKE_OK);
	free(cause);
}

static void
test_manifest_roundtrip(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct manifest		 m;
	struct manifest_line	 l;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	seed(&t);
	assert_int_equal(store_manifest_get(&t, "M1", &m), 0);
	assert_string_equal(m.supplier, "LIC-1");
	assert_int_equal(m.status, MANIFEST_OPEN);
	assert_int_equal(store_manifest_line_get(&t, "M1",
	    "1A40603000000000000000A1", &l), 0);
	assert_int_equal(l.product, 1);
	assert_int_equal(l.shipped, 1000);
	assert_int_equal(l.state, LINE_PENDING);
	assert_int_equal(l.lab.status, LAB_PASS);
	assert_int_equal(store_manifest_get(&t, "M2", &m), STORE_NOTFOUND);
	store_abort(&t);
}

static void
test_tolerance(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct manifest_line	 l;
	char			*cause = NULL;
	const char		*a = "1A40603000000000000000A1";

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	seed(&t);
	/* 1% of 1000 mg is 10 mg. */
	assert_int_equal(intake_scan(&t, "M1", a, 990, NULL,
	    ADJUST_WEIGHED_SCALE, 10, 1, "t", &l, &cause), INTAKE_OK);
	assert_int_equal(l.state, LINE_ACCEPTED);
	/* The weight's source is kept with the line. */
	memset(&l, 0, sizeof l);
	assert_int_equal(store_manifest_line_get(&t, "M1", a, &l), 0);
	assert_int_equal(l.weighed, ADJUST_WEIGHED_SCALE);
	assert_int_equal(l.received, 990);
	assert_int_equal(intake_scan(&t, "M1", a, 989, NULL, 0, 10, 1, "t", &l,
	    &cause), INTAKE_OK);
	assert_int_equal(l.disc, DISC_SHORT);
	assert_int_equal(intake_scan(&t, "M1", a, 1010, NULL, 0, 10, 1, "t", &l,
	    &cause), INTAKE_OK);
	assert_int_equal(l.disc, DISC_NONE);
	assert_int_equal(intake_scan(&t, "M1", a, 1011, NULL, 0, 10, 1, "t", &l,
	    &cause), INTAKE_OK);
	assert_int_equal(l.disc, DISC_OVER);
	assert_int_equal(intake_scan(&t, "M1", a, 1000, "SKU-B", 0, 10, 1, "t",
	    &l, &cause), INTAKE_OK);
	assert_int_equal(l.disc, DISC_WRONG_PRODUCT);
	assert_int_equal(intake_scan(&t, "M1", "1A40603000000000000000C1", 3,
	    "SKU-B", 0, 10, 1, "t", &l, &cause), INTAKE_OK);
	assert_int_equal(l.disc, DISC_EXTRA);
	assert_int_equal(l.shipped, 0);
	store_abort(&t);
}

static void
test_close(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct manifest_line	 l;
	struct package		 pk;
	struct hold		 h;
	struct count		 cn;
	struct count_line	 cl;
	char			*cause = NULL;
	const char		*a = "1A40603000000000000000A1";
	const char		*b = "1A40603000000000000000B1";
	u_int			 created, held, n;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	seed(&t);
	assert_int_equal(intake_scan(&t, "M1", a, 1000, NULL, 0, 10, 1, "t", &l,
	    &cause), INTAKE_OK);
	/* b unscanned: refused, nothing created. */
	assert_int_equal(intake_close(&t, "M1", "UTC", 1, "t", &created,
	    &held, &cause), INTAKE_E_CONFLICT);
	assert_non_null(strstr(cause, b));
	free(cause);
	cause = NULL;
	assert_int_equal(intake_resolve(&t, "M1", b, INTAKE_ACCEPT, 0, "x",
	    2, "t", &l, &cause), INTAKE_E_CONFLICT);
	free(cause);
	cause = NULL;
	assert_int_equal(intake_scan(&t, "M1", b, 5, NULL, 0, 10, 1, "t", &l,
	    &cause), INTAKE_OK);
	assert_int_equal(intake_close(&t, "M1", "UTC", 1, "t", &created,
	    &held, &cause), INTAKE_OK);
	assert_int_equal(created, 2);
	assert_int_equal(held, 1);
	assert_int_equal(store_package_get(&t, a, &pk), 0);
	assert_int_equal(pk.status, PACKAGE_ACTIVE);
	assert_string_equal(pk.location, "vault");
	assert_int_equal(pk.qty, 1000);
	assert_int_equal(store_package_get(&t, b, &pk), 0);
	/* Held by the holds table (the status is one fact: a hold row). */
	assert_int_equal(pk.status, PACKAGE_ACTIVE);
	assert_int_equal(store_hold_match(&t, &pk, &h), 0);

	/* A count of the vault: a counted down, b not counted. */
	assert_int_equal(count_start(&t, "vault", NULL, 1, 1, "t", &cn, &n,
	    &cause), INTAKE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(count_record(&t, cn.id, a, 900, 1, "t",
	    &cl, &cause), INTAKE_OK);
	assert_int_equal(count_finish(&t, cn.id, 1, 2, "t", &n, &cause),
	    INTAKE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_package_get(&t, a, &pk), 0);
	assert_int_equal(pk.qty, 900);
	assert_int_equal(store_package_get(&t, b, &pk), 0);
	assert_int_equal(pk.qty, 5);
	assert_int_equal(t.ret, 0);
	store_abort(&t);
}

/*
 * A count takes at most 5000 packages: one more is refused, naming the
 * cap and how to narrow; a category of exactly 5000 is counted.
 */
static void
test_count_cap(void **state)
{
	struct store		*st;
	struct store_txn	 t;
	struct product		 p;
	struct package		 pk;
	struct count		 cn;
	char			 dir[256], *cause = NULL;
	u_int			 i, n;

	(void)state;
	unit_tmpdir(dir, sizeof dir, "intake-cap");
	assert_int_equal(store_open(dir, (size_t)64 << 20, 0, &st, &cause), 0);
	assert_int_equal(store_begin(st, &t, 1), 0);
	memset(&p, 0, sizeof p);
	p.id = 1;
	strlcpy(p.sku, "SKU-F", sizeof p.sku);
	strlcpy(p.name, "F", sizeof p.name);
	strlcpy(p.category, "flower", sizeof p.category);
	store_product_put(&t, &p, NULL);
	p.id = 2;
	strlcpy(p.sku, "SKU-E", sizeof p.sku);
	strlcpy(p.category, "edible", sizeof p.category);
	store_product_put(&t, &p, NULL);
	for (i = 0; i <= 5000; i++) {
		memset(&pk, 0, sizeof pk);
		snprintf(pk.tag, sizeof pk.tag, "1A406030000000000000%04u", i);
		pk.product = i == 5000 ? 2 : 1;
		strlcpy(pk.batch, "B", sizeof pk.batch);
		pk.qty = pk.received_qty = 1;
		pk.status = PACKAGE_ACTIVE;
		strlcpy(pk.location, "floor", sizeof pk.location);
		store_package_put(&t, &pk, NULL);
	}
	assert_int_equal(store_commit(&t), 0);

	/* Refused: stashd discards the op's transaction, so do we. */
	assert_int_equal(store_begin(st, &t, 1), 0);
	assert_int_equal(count_start(&t, "floor", NULL, 0, 1, "t", &cn, &n,
	    &cause), INTAKE_E_INVALID);
	assert_non_null(strstr(cause, "5000"));
	assert_non_null(strstr(cause, "category"));
	free(cause);
	cause = NULL;
	store_abort(&t);

	assert_int_equal(store_begin(st, &t, 1), 0);
	assert_int_equal(count_start(&t, NULL, "flower", 0, 1, "t", &cn, &n,
	    &cause), INTAKE_OK);
	assert_int_equal(n, 5000);
	assert_int_equal(count_start(&t, "floor", "edible", 0, 1, "t", &cn, &n,
	    &cause), INTAKE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(t.ret, 0);
	store_abort(&t);
	store_close(st);
	unit_rmrf(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_lab_check),
		cmocka_unit_test_setup_teardown(test_manifest_roundtrip, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_tolerance, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_close, setup,
		    fixture_teardown),
		cmocka_unit_test(test_count_cap),
	};

	log_open("test-intake", LOGDEST_NONE, 0);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
