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
 * Eligibility (ages, ID and card expiry, caregivers and their patients),
 * store-local dates across DST, and how a product's measures become what
 * the purchase limits count.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "store.h"
#include "rules.h"
#include "customer.h"

static struct customer
adult(int dob)
{
	struct customer	cu;

	memset(&cu, 0, sizeof cu);
	cu.id = 1;
	cu.type = CUSTOMER_ADULT;
	cu.dob = dob;
	cu.id_expires = 20300101;
	return (cu);
}

static void
test_age(void **state)
{
	(void)state;
	assert_int_equal(customer_age(20050615, 20260614), 20);
	assert_int_equal(customer_age(20050615, 20260615), 21);
	assert_int_equal(customer_age(20040229, 20250228), 20);
	assert_int_equal(customer_age(20040229, 20250301), 21);
	assert_int_equal(customer_age(0, 20260101), -1);
	assert_int_equal(customer_age(20270101, 20260101), -1);
}

static void
test_adult(void **state)
{
	struct customer	 cu;
	char		*cause = NULL;

	(void)state;
	cu = adult(20050615);
	/* The day before the 21st birthday: refused, saying why. */
	assert_int_equal(customer_eligible(&cu, 20260614, NULL, &cause), -1);
	assert_non_null(strstr(cause, "is 20"));
	free(cause);
	assert_int_equal(customer_eligible(&cu, 20260615, NULL, &cause), 0);
	/* An expired ID is refused whatever the age. */
	cu = adult(19700101);
	cu.id_expires = 20260101;
	assert_int_equal(customer_eligible(&cu, 20260102, NULL, &cause), -1);
	assert_non_null(strstr(cause, "expired on 2026-01-01"));
	free(cause);
	assert_int_equal(customer_eligible(&cu, 20260101, NULL, &cause), 0);
	cu.dob = 0;
	assert_int_equal(customer_eligible(&cu, 20260101, NULL, &cause), -1);
	free(cause);
}

static void
test_medical(void **state)
{
	struct customer	 pt, cg, other;
	struct rules	 r;
	char		*cause = NULL;

	(void)state;
	pt = adult(20080101);		/* 18 in 2026 */
	pt.type = CUSTOMER_MEDICAL;
	assert_int_equal(customer_eligible(&pt, 20260601, NULL, &cause), -1);
	assert_non_null(strstr(cause, "no medical card"));
	free(cause);
	strlcpy(pt.card_number, "CO-1", sizeof pt.card_number);
	pt.card_expires = 20260531;
	assert_int_equal(customer_eligible(&pt, 20260601, NULL, &cause), -1);
	assert_non_null(strstr(cause, "expired"));
	free(cause);
	pt.card_expires = 20270531;
	assert_int_equal(customer_eligible(&pt, 20260601, NULL, &cause), 0);
	pt.dob = 20100101;		/* 16: only through a caregiver */
	assert_int_equal(customer_eligible(&pt, 20260601, NULL, &cause), -1);
	free(cause);
	/* A rule file may let patients of any age buy themselves. */
	memset(&r, 0, sizeof r);
	r.medical_age = 0;
	r.caregiver_age = 25;
	assert_int_equal(customer_eligible(&pt, 20260601, &r, &cause), 0);

	cg = adult(19800101);
	cg.id = 2;
	cg.type = CUSTOMER_CAREGIVER;
	strlcpy(cg.card_number, "CG-1", sizeof cg.card_number);
	cg.card_expires = 20270101;
	cg.patients[cg.npatients++] = pt.id;
	assert_int_equal(customer_eligible(&cg, 20260601, NULL, &cause), 0);
	/* ... and ask more of caregivers: this one is 46. */
	r.caregiver_age = 50;
	assert_int_equal(customer_eligible(&cg, 20260601, &r, &cause), -1);
	assert_non_null(strstr(cause, "caregiver must be 50 or over"));
	free(cause);
	/* The 16-year-old patient may be bought for. */
	assert_int_equal(customer_eligible_patient(&cg, &pt, 20260601,
	    &cause), 0);
	other = pt;
	other.id = 9;
	assert_int_equal(customer_eligible_patient(&cg, &other, 20260601,
	    &cause), -1);
	assert_non_null(strstr(cause, "not a patient of caregiver 2"));
	free(cause);
	pt.card_expires = 20260101;
	assert_int_equal(customer_eligible_patient(&cg, &pt, 20260601,
	    &cause), -1);
	free(cause);
}

static void
test_local_date(void **state)
{
	int64_t	t;

	(void)state;
	/* 2026-03-08 06:30 UTC is 23:30 on the 7th in Denver (MST). */
	t = INT64_C(1772951400) * 1000000;
	assert_int_equal(util_local_date(t, "America/Denver"), 20260307);
	assert_int_equal(util_local_date(t, "UTC"), 20260308);
	/* After the spring change, 06:30 UTC is 00:30 MDT on the 9th. */
	t = INT64_C(1773037800) * 1000000;
	assert_int_equal(util_local_date(t, "America/Denver"), 20260309);
	/* 2025-11-01 06:30 UTC is 00:30 MDT on the 1st. */
	t = INT64_C(1761978600) * 1000000;
	assert_int_equal(util_local_date(t, "America/Denver"), 20251101);
}

static void
test_limits_line(void **state)
{
	struct product		p;
	struct limits_line	l;

	(void)state;
	memset(&p, 0, sizeof p);
	strlcpy(p.category, "pre-roll", sizeof p.category);
	strlcpy(p.route, "smokable", sizeof p.route);
	p.measured = 1;
	p.net_ug = p.flower_ug = 1000000;
	p.thc_ug = 190000;
	customer_limits_line(&p, 3, 7, &l);
	assert_int_equal(l.category, rules_category("preroll"));
	assert_int_equal(l.route, rules_route("smokable"));
	assert_int_equal(l.qty, 3);
	assert_int_equal(l.m[LM_FLOWER], 1000000);
	assert_int_equal(l.at, 7);

	/* By weight: per gram times the line's mg, rounded up. */
	p.unit_weight = 1;
	strlcpy(p.category, "flower", sizeof p.category);
	p.thc_ug = 250001;		/* per gram */
	customer_limits_line(&p, 3500, 0, &l);
	assert_int_equal(l.qty, 1);
	assert_int_equal(l.m[LM_FLOWER], 3500000);
	assert_int_equal(l.m[LM_THC], 875004);	/* 875003.5 up */

	/* Not measured: all zero, so a rule needing a measure refuses. */
	p.measured = 0;
	customer_limits_line(&p, 1, 0, &l);
	assert_int_equal(l.m[LM_NET], 0);
	assert_int_equal(l.qty, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_adult),
		cmocka_unit_test(test_medical),
		cmocka_unit_test(test_local_date),
		cmocka_unit_test(test_limits_line),
	};

	return (cmocka_run_group_tests_name("customer", tests, NULL, NULL));
}
