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
 * The pick list's arithmetic (pack.c): which package is taken first
 * (first expiring, then oldest received), what a line still needs, and
 * how much one scan takes of a package, by the unit or by weight.
 */

#include "config.h"

#include <string.h>

#include "unit.h"

#include "stash.h"
#include "store.h"
#include "trip.h"

static struct package
pk(const char *tag, int expires, int64_t received)
{
	struct package	p;

	memset(&p, 0, sizeof p);
	strlcpy(p.tag, tag, sizeof p.tag);
	p.expires = expires;
	p.received = received;
	return (p);
}

static void
test_fefo(void **state)
{
	struct package	a, b;

	(void)state;
	/* The earlier expiry first, whatever was received first. */
	a = pk("A", 20270101, 500);
	b = pk("B", 20270301, 100);
	assert_true(pack_fefo_cmp(&a, &b) < 0);
	assert_true(pack_fefo_cmp(&b, &a) > 0);
	/* No expiry date goes after any date. */
	a = pk("A", 0, 100);
	b = pk("B", 20990101, 900);
	assert_true(pack_fefo_cmp(&b, &a) < 0);
	/* Same date: the oldest received; then the tag. */
	a = pk("A", 20270101, 300);
	b = pk("B", 20270101, 200);
	assert_true(pack_fefo_cmp(&b, &a) < 0);
	b.received = 300;
	assert_true(pack_fefo_cmp(&a, &b) < 0);
	assert_int_equal(pack_fefo_cmp(&a, &a), 0);
}

static void
test_need(void **state)
{
	struct order	o;

	(void)state;
	memset(&o, 0, sizeof o);
	o.nlines = 2;
	o.lines[0].qty = 5;
	o.lines[1].qty = 3500;
	assert_int_equal(pack_need(&o, 0), 5);
	o.picks[0].line = 0;
	o.picks[0].qty = 3;
	o.picks[1].line = 1;
	o.picks[1].qty = 1000;
	o.picks[2].line = 0;
	o.picks[2].qty = 2;
	o.npicks = 3;
	assert_int_equal(pack_need(&o, 0), 0);
	assert_int_equal(pack_need(&o, 1), 2500);
}

static void
test_take(void **state)
{
	const char	*why;
	int64_t		 take;

	(void)state;
	/* By the unit: what the line needs, up to what is free. */
	assert_int_equal(pack_take(0, 5, 30, 0, &take, &why), 0);
	assert_int_equal(take, 5);
	assert_int_equal(pack_take(0, 5, 2, 0, &take, &why), 0);
	assert_int_equal(take, 2);
	assert_int_equal(pack_take(0, 5, 0, 0, &take, &why), -1);
	assert_non_null(strstr(why, "other orders"));
	assert_int_equal(pack_take(0, 0, 9, 0, &take, &why), -1);
	assert_non_null(strstr(why, "filled"));
	assert_int_equal(pack_take(0, 5, 9, 100, &take, &why), -1);
	/* By weight: the scale's weight, within the need and the package. */
	assert_int_equal(pack_take(1, 3500, 453592, 3500, &take, &why), 0);
	assert_int_equal(take, 3500);
	assert_int_equal(pack_take(1, 3500, 453592, 1200, &take, &why), 0);
	assert_int_equal(take, 1200);
	assert_int_equal(pack_take(1, 3500, 453592, 0, &take, &why), -1);
	assert_non_null(strstr(why, "scale"));
	assert_int_equal(pack_take(1, 3500, 453592, 3501, &take, &why), -1);
	assert_non_null(strstr(why, "still needs"));
	assert_int_equal(pack_take(1, 3500, 3000, 3200, &take, &why), -1);
	assert_non_null(strstr(why, "free"));
	assert_int_equal(take, 0);
}

/*
 * Closing a trip: the driver's cash against what the deliveries took,
 * and what is missing of a package that came back.
 */
static void
test_close(void **state)
{
	(void)state;
	assert_int_equal(trip_over_short(4317, 4217), -100);	/* short */
	assert_int_equal(trip_over_short(4317, 4400), 83);	/* over */
	assert_int_equal(trip_over_short(0, 0), 0);
	assert_int_equal(trip_shortfall(225796, 224796), 1000);
	assert_int_equal(trip_shortfall(5, 5), 0);
	assert_int_equal(trip_shortfall(5, 7), 0);	/* never a gain */
	assert_int_equal(trip_shortfall(5, -1), 0);	/* not counted: whole */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fefo),
		cmocka_unit_test(test_need),
		cmocka_unit_test(test_take),
		cmocka_unit_test(test_close),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-pack", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("pack", tests, NULL, NULL));
}
