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

/*
 * money.c: line totals in integer cents (weighed lines rounded half up to
 * the cent), and the decimal edges: money and weight formatting and
 * parsing.
 */

/* The exact total, worked out in 128 bits; -1 if it does not fit. */
static int
exact_total(int unit_weight, int64_t qty, int64_t price, int64_t *out)
{
	unsigned __int128	p, q, r;

	p = (unsigned __int128)qty * (unsigned __int128)price;
	if (unit_weight) {
		q = p / 1000;
		r = p % 1000;
		if (r >= 500)	/* half up */
			q++;
	} else
		q = p;
	if (q > INT64_MAX)
		return (-1);
	*out = (int64_t)q;
	return (0);
}

static void
test_line_each(void **state)
{
	int64_t	t;

	(void)state;
	t = -1;
	assert_int_equal(money_line_total(0, 3, 1234, &t), 0);
	assert_int_equal(t, 3 * 1234);
	assert_int_equal(money_line_total(0, 1, 0, &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(money_line_total(0, 7, 1, &t), 0);
	assert_int_equal(t, 7);
	/* Nothing, or less than nothing, is refused. */
	assert_int_equal(money_line_total(0, 0, 100, &t), -1);
	assert_int_equal(money_line_total(0, -1, 100, &t), -1);
	assert_int_equal(money_line_total(0, 1, -100, &t), -1);
	assert_int_equal(money_line_total(1, 0, 100, &t), -1);
	assert_int_equal(money_line_total(1, -1000, 100, &t), -1);
}

static void
test_line_weight_rounding(void **state)
{
	static const struct {
		int64_t	mg;
		int64_t	cpg;	/* cents per gram */
		int64_t	want;
	} cases[] = {
		{ 1, 1, 0 },		/* 0.001 cent */
		{ 499, 1, 0 },		/* 0.499 cent: down */
		{ 500, 1, 1 },		/* 0.5 cent: half up */
		{ 501, 1, 1 },
		{ 1499, 1, 1 },
		{ 1500, 1, 2 },		/* 1.5 cents: up */
		{ 1000, 1, 1 },
		{ 3500, 1000, 3500 },	/* 3.5 g at 10.00/g */
		{ 1500, 333, 500 },	/* 499.5: up */
		{ 1499, 333, 499 },	/* 499.167: down */
		{ 28350, 1099, 31157 },	/* an ounce: 31156.65 */
	};
	size_t	i;
	int64_t	t;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		t = -1;
		assert_int_equal(money_line_total(1, cases[i].mg, cases[i].cpg,
		    &t), 0);
		if (t != cases[i].want)
			fail_msg("%lld mg at %lld c/g: %lld, want %lld",
			    (long long)cases[i].mg, (long long)cases[i].cpg,
			    (long long)t, (long long)cases[i].want);
	}
}

static void
test_line_random(void **state)
{
	uint64_t	seed = 2024;
	int64_t		qty, price, got, want;
	u_int		i, refused = 0;
	int		unit, r;

	(void)state;
	for (i = 0; i < 100000; i++) {
		unit = (int)(unit_rand(&seed) & 1);
		qty = (int64_t)(unit_rand(&seed) >>
		    (1 + unit_rand(&seed) % 63));
		price = (int64_t)(unit_rand(&seed) >>
		    (1 + unit_rand(&seed) % 63));
		if (qty == 0)
			qty = 1;
		r = money_line_total(unit, qty, price, &got);
		if (r != 0) {
			refused++;
			continue;
		}
		/* Whatever is accepted must be exactly right. */
		assert_int_equal(exact_total(unit, qty, price, &want), 0);
		if (got != want)
			fail_msg("%s %lld at %lld: %lld, want %lld",
			    unit ? "weight" : "each", (long long)qty,
			    (long long)price, (long long)got, (long long)want);
		assert_true(got >= 0);
	}
	assert_true(refused > 0);
}

static void
test_line_overflow(void **state)
{
	int64_t	t = 42;

	(void)state;
	assert_int_equal(money_line_total(0, INT64_MAX, 2, &t), -1);
	assert_int_equal(money_line_total(0, INT64_C(3000000000),
	    INT64_C(4000000000), &t), -1);
	assert_int_equal(money_line_total(1, INT64_MAX, INT64_MAX, &t), -1);
	assert_int_equal(money_line_total(1, INT64_C(1) << 62, 4, &t), -1);
	assert_int_equal(money_line_total(0, 1, INT64_MAX, &t), -1);
	assert_int_equal(t, 42);
}

static void
test_money_fmt(void **state)
{
	static const struct {
		int64_t		 v;
		const char	*s;
	} cases[] = {
		{ 0, "0.00" },
		{ 5, "0.05" },
		{ 50, "0.50" },
		{ 100, "1.00" },
		{ 1234, "12.34" },
		{ -5, "-0.05" },
		{ -100, "-1.00" },
		{ -123456, "-1234.56" },
		{ INT64_MAX, "92233720368547758.07" },
		{ INT64_MIN, "-92233720368547758.08" },
	};
	char	out[32];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_ptr_equal(money_fmt(cases[i].v, out, sizeof out), out);
		assert_string_equal(out, cases[i].s);
	}
}

static void
test_money_parse(void **state)
{
	static const struct {
		const char	*s;
		int64_t		 v;
	} good[] = {
		{ "0", 0 },
		{ "0.5", 50 },
		{ "0.05", 5 },
		{ "12", 1200 },
		{ "12.3", 1230 },
		{ "12.34", 1234 },
		{ "007.10", 710 },
		{ "100000000.00", INT64_C(10000000000) },
	};
	static const char	*bad[] = {
		"", "abc", "12.345", "-1", "-0.50", "+1", "1e3", " 12", "12 ",
		"1,000", ".", "1.2.3", "12a", "0x10", "\t1",
		"99999999999999999999", "92233720368547758.07",
		"1000000000000000000000000.00",
	};
	int64_t			 v;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		v = -1;
		if (money_parse(good[i].s, &v) != 0)
			fail_msg("\"%s\" refused", good[i].s);
		assert_int_equal(v, good[i].v);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 4242;
		if (money_parse(bad[i], &v) == 0)
			fail_msg("\"%s\" accepted as %lld", bad[i],
			    (long long)v);
		assert_int_equal(v, 4242);
	}
}

static void
test_money_roundtrip(void **state)
{
	uint64_t	seed = 7;
	int64_t		v, back;
	char		out[32];
	u_int		i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		v = (int64_t)(unit_rand(&seed) >> (24 + unit_rand(&seed) % 40));
		money_fmt(v, out, sizeof out);
		if (money_parse(out, &back) != 0 || back != v)
			fail_msg("%lld -> \"%s\" did not come back",
			    (long long)v, out);
	}
}

static void
test_weight_fmt(void **state)
{
	static const struct {
		int64_t		 mg;
		const char	*s;
	} cases[] = {
		{ 0, "0.000 g" },
		{ 1, "0.001 g" },
		{ 999, "0.999 g" },
		{ 1000, "1.000 g" },
		{ 3500, "3.500 g" },
		{ 28350, "28.350 g" },
		{ -1500, "-1.500 g" },
		{ -1000, "-1.000 g" },
	};
	char	out[32];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_ptr_equal(weight_fmt(cases[i].mg, out, sizeof out), out);
		assert_string_equal(out, cases[i].s);
	}
}

/* Less than a gram below zero (an adjustment, a loss) keeps its sign. */
static void
test_weight_fmt_negative_fraction(void **state)
{
	char	out[32];

	(void)state;
	weight_fmt(-500, out, sizeof out);
	assert_string_equal(out, "-0.500 g");
	weight_fmt(-1, out, sizeof out);
	assert_string_equal(out, "-0.001 g");
}

static void
test_weight_parse(void **state)
{
	static const struct {
		const char	*s;
		int64_t		 mg;
	} good[] = {
		{ "3.5", 3500 },
		{ "3", 3000 },
		{ "0.001", 1 },
		{ "28.35", 28350 },
		{ "0", 0 },
		{ "1.000", 1000 },
	};
	static const char	*bad[] = {
		"", "g", "3.5 g", "3.5005", "-1", "1..5", "abc", "3,5",
		"99999999999999999999",
	};
	int64_t			 mg;
	char			 out[32];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		mg = -1;
		if (weight_parse(good[i].s, &mg) != 0)
			fail_msg("\"%s\" refused", good[i].s);
		assert_int_equal(mg, good[i].mg);
		/* and back through weight_fmt, without the unit */
		weight_fmt(mg, out, sizeof out);
		assert_non_null(strstr(out, " g"));
		*strstr(out, " g") = '\0';
		assert_int_equal(weight_parse(out, &mg), 0);
		assert_int_equal(mg, good[i].mg);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		mg = 77;
		if (weight_parse(bad[i], &mg) == 0)
			fail_msg("\"%s\" accepted as %lld", bad[i],
			    (long long)mg);
		assert_int_equal(mg, 77);
	}
}

/* One rounding for every share: half up, exactly, in 128 bits. */
static void
test_round_div(void **state)
{
	(void)state;
	assert_int_equal(money_round_div(5, 10), 1);	/* half: up */
	assert_int_equal(money_round_div(4, 10), 0);
	assert_int_equal(money_round_div(14, 10), 1);
	assert_int_equal(money_round_div(15, 10), 2);
	assert_int_equal(money_round_div(0, 7), 0);
	/* a product that overflows 64 bits on the way */
	assert_int_equal(money_round_div((unsigned __int128)INT64_MAX * 4,
	    8), INT64_MAX / 2 + 1);
	assert_int_equal(money_muldiv(1999, 1, 2), 1000);	/* 999.5 */
	assert_int_equal(money_muldiv(1001, 2, 3), 667);	/* 667.33 */
	assert_int_equal(money_muldiv(1000, 1, 3), 333);
	assert_int_equal(money_muldiv(INT64_MAX / 2, 6, 3), INT64_MAX - 1);
	assert_int_equal(money_muldiv(12345, 0, 9), 0);
}

/* The state's JSON decimals into thousandths, one converter, one bound. */
static void
test_json_milli(void **state)
{
	static const struct {
		const char	*json;
		int64_t		 milli;
	} good[] = {
		{ "2", 2000 }, { "2.0", 2000 }, { "31.0", 31000 },
		{ "0.125", 125 }, { "-0.125", -125 }, { "3.5", 3500 },
		{ "0.0005", 1 }, { "-0.0005", -1 }, { "0.0004", 0 },
		{ "1.9999", 2000 }, { "-7", -7000 }, { "0", 0 },
		{ "1000000000", INT64_C(1000000000000) },
		{ "-1000000000", -INT64_C(1000000000000) },
		{ "999999999.999", INT64_C(999999999999) },
	};
	static const char *bad[] = {
		"1000000001", "-1000000001", "1000000000.001", "1e300",
		"-1e300", "\"2.0\"", "null", "true", "[]", "{}",
	};
	json_t	*v;
	int64_t	 m;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		v = json_loads(good[i].json, JSON_DECODE_ANY, NULL);
		assert_non_null(v);
		m = 77;
		if (money_json_milli(v, &m) != 0)
			fail_msg("%s refused", good[i].json);
		if (m != good[i].milli)
			fail_msg("%s gave %lld, not %lld", good[i].json,
			    (long long)m, (long long)good[i].milli);
		json_decref(v);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = json_loads(bad[i], JSON_DECODE_ANY, NULL);
		assert_non_null(v);
		m = 77;
		if (money_json_milli(v, &m) == 0)
			fail_msg("%s accepted as %lld", bad[i], (long long)m);
		assert_int_equal(m, 77);
		json_decref(v);
	}
	assert_int_equal(money_json_milli(NULL, &m), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_each),
		cmocka_unit_test(test_line_weight_rounding),
		cmocka_unit_test(test_line_random),
		cmocka_unit_test(test_line_overflow),
		cmocka_unit_test(test_money_fmt),
		cmocka_unit_test(test_money_parse),
		cmocka_unit_test(test_money_roundtrip),
		cmocka_unit_test(test_weight_fmt),
		cmocka_unit_test(test_weight_fmt_negative_fraction),
		cmocka_unit_test(test_weight_parse),
		cmocka_unit_test(test_round_div),
		cmocka_unit_test(test_json_milli),
	};

	/* Line by line, so a crash keeps the results before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-money", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("money", tests, NULL, NULL));
}
