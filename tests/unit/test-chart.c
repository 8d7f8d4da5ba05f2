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

#include "chart.h"
#include "report.h"

/*
 * chart.c: nice steps, axes, scaling a value to cells, the short and full
 * forms of each unit, and the sparkline's glyphs.
 */

static void
test_nice(void **state)
{
	static const struct {
		int64_t	raw;
		int64_t	want;
	} cases[] = {
		{ -5, 1 }, { 0, 1 }, { 1, 1 }, { 2, 2 }, { 3, 5 }, { 5, 5 },
		{ 6, 10 }, { 10, 10 }, { 11, 20 }, { 21, 50 }, { 51, 100 },
		{ 101, 200 }, { 2500, 5000 }, { 5001, 10000 },
		{ 123456789, 200000000 },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (chart_nice(cases[i].raw) != cases[i].want)
			fail_msg("nice(%lld) = %lld, want %lld",
			    (long long)cases[i].raw,
			    (long long)chart_nice(cases[i].raw),
			    (long long)cases[i].want);
	}
	/* Never past what an int64 holds. */
	assert_true(chart_nice(INT64_MAX) > 0);
}

static void
test_ticks(void **state)
{
	static const struct {
		int64_t	min, max;
		u_int	most;
		int64_t	lo, hi, step;
	} cases[] = {
		/* $0 to $1234.56 in at most 6 ticks: $0, $500 ... $1500. */
		{ 0, 123456, 6, 0, 150000, 50000 },
		/* ... in 11: every $200. */
		{ 0, 123456, 11, 0, 140000, 20000 },
		{ 0, 0, 5, 0, 1, 1 },		/* nothing: one unit */
		{ 0, 7, 8, 0, 7, 1 },
		{ 0, 7, 5, 0, 8, 2 },
		{ -350, 900, 6, -500, 1000, 500 },
		{ 0, 99, 2, 0, 100, 100 },
		{ 0, 100, 1, 0, 100, 100 },	/* at least two ticks */
		{ 10, 0, 3, 0, 10, 5 },		/* either way round */
	};
	struct chart_axis	a;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		chart_ticks(cases[i].min, cases[i].max, cases[i].most, &a);
		if (a.lo != cases[i].lo || a.hi != cases[i].hi ||
		    a.step != cases[i].step)
			fail_msg("ticks(%lld, %lld, %u) = %lld..%lld by %lld",
			    (long long)cases[i].min, (long long)cases[i].max,
			    cases[i].most, (long long)a.lo, (long long)a.hi,
			    (long long)a.step);
		/* The promise: no more ticks than asked, figures inside. */
		assert_true((a.hi - a.lo) / a.step + 1 <=
		    (cases[i].most < 2 ? 2 : cases[i].most));
		assert_true(a.lo <= cases[i].min && a.lo <= cases[i].max);
		assert_true(a.hi >= cases[i].max && a.hi >= cases[i].min);
		assert_int_equal(a.lo % a.step, 0);
		assert_int_equal(a.hi % a.step, 0);
	}
}

/* Series s0 and s1 over points l0 and l1: v is both at l0, then at l1. */
static void
two_by_two(struct chart *c, int kind, const char *title, const char *s0,
    const char *s1, const char *l0, const char *l1, const int64_t v[4])
{
	u_int	p;

	chart_init(c, kind, CHART_CENTS, title);
	chart_series(c, s0);
	chart_series(c, s1);
	p = (u_int)chart_point(c, l0);
	chart_set(c, 0, p, v[0]);
	chart_set(c, 1, p, v[1]);
	p = (u_int)chart_point(c, l1);
	chart_set(c, 0, p, v[2]);
	chart_set(c, 1, p, v[3]);
}

static void
test_range_stack(void **state)
{
	static const int64_t	v[4] = { 3000, 4000, 5000, -200 };
	struct chart		c;
	struct chart_axis	a;
	int64_t			min, max;
	int			p;

	(void)state;
	two_by_two(&c, CHART_STACK, "t", "flower", "edible", "Mon", "Tue", v);
	chart_range(&c, &min, &max);
	assert_int_equal(max, 7000);	/* Mon's sum, not one series */
	assert_int_equal(min, -200);
	/* The same data side by side: the largest one value. */
	c.kind = CHART_BAR;
	chart_range(&c, &min, &max);
	assert_int_equal(max, 5000);
	chart_axis(&c, 6, &a);
	/* -$2 to $50 in 6 ticks: $10 steps would need 7. */
	assert_int_equal(a.step, 2000);
	assert_int_equal(a.hi, 6000);
	assert_int_equal(a.lo, -2000);
	/* Points added after the series are zero in each. */
	p = chart_point(&c, "Wed");
	assert_int_equal(chart_get(&c, 1, p), 0);
	assert_int_equal(chart_get(&c, 7, p), 0);	/* no such series */
	assert_string_equal(c.labels[2], "Wed");
	chart_free(&c);
}

static void
test_scale(void **state)
{
	struct chart_axis	a = { 0, 1000, 100 };
	struct chart_axis	neg = { -500, 500, 250 };

	(void)state;
	assert_int_equal(chart_scale(0, &a, 80), 0);
	assert_int_equal(chart_scale(1000, &a, 80), 80);
	assert_int_equal(chart_scale(500, &a, 80), 40);
	assert_int_equal(chart_scale(6, &a, 80), 0);	/* 0.48 */
	assert_int_equal(chart_scale(7, &a, 80), 1);	/* 0.56: half up */
	assert_int_equal(chart_scale(-50, &a, 80), 0);	/* clamped */
	assert_int_equal(chart_scale(5000, &a, 80), 80);
	assert_int_equal(chart_scale(0, &neg, 8), 4);
	assert_int_equal(chart_scale(INT64_MAX / 2, &a, 8), 8);
	assert_int_equal(chart_scale(10, &a, 0), 0);
}

static void
test_short(void **state)
{
	static const struct {
		int		 unit;
		int64_t		 v;
		const char	*want;
	} cases[] = {
		{ CHART_CENTS, 0, "$0" },
		{ CHART_CENTS, 95000, "$950" },
		{ CHART_CENTS, 950, "$9.50" },
		{ CHART_CENTS, 5, "$0.05" },
		{ CHART_CENTS, 123456, "$1.2k" },
		{ CHART_CENTS, 1500000, "$15k" },
		{ CHART_CENTS, 1250000, "$12.5k" },
		{ CHART_CENTS, 300000000, "$3M" },
		{ CHART_CENTS, -123456, "-$1.2k" },
		{ CHART_CENTS, -250, "-$2.50" },
		{ CHART_COUNT, 950, "950" },
		{ CHART_COUNT, 1200, "1.2k" },
		{ CHART_COUNT, 1960, "2k" },
		{ CHART_COUNT, 2500000, "2.5M" },
		{ CHART_COUNT, 7000000000LL, "7B" },
		{ CHART_COUNT, -3, "-3" },
		{ CHART_GRAMS, 500, "500 mg" },
		{ CHART_GRAMS, 1500, "1.5 g" },
		{ CHART_GRAMS, 28000, "28 g" },
		{ CHART_GRAMS, 2450000, "2.5 kg" },	/* 2.45 half up */
		{ CHART_PERCENT, 1200, "12%" },
		{ CHART_PERCENT, 1250, "12.5%" },
		{ CHART_PERCENT, 1234, "12.34%" },
		{ CHART_PERCENT, -50, "-0.5%" },
	};
	char	buf[32];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		chart_short(cases[i].unit, cases[i].v, buf, sizeof buf);
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("short(%d, %lld) = \"%s\", want \"%s\"",
			    cases[i].unit, (long long)cases[i].v, buf,
			    cases[i].want);
	}
}

static void
test_full(void **state)
{
	char	buf[32];

	(void)state;
	assert_string_equal(chart_full(CHART_CENTS, 123456, buf, sizeof buf),
	    "$1234.56");
	assert_string_equal(chart_full(CHART_CENTS, -5, buf, sizeof buf),
	    "-$0.05");
	assert_string_equal(chart_full(CHART_GRAMS, 1500, buf, sizeof buf),
	    "1.500 g");
	assert_string_equal(chart_full(CHART_PERCENT, 1234, buf, sizeof buf),
	    "12.34%");
	assert_string_equal(chart_full(CHART_COUNT, 42, buf, sizeof buf),
	    "42");
}

static void
test_cell(void **state)
{
	static const int	one[] = { 19 };		/* 2 3/8 cells */
	static const int	two[] = { 12, 20 };	/* 1.5 and 1 cells */
	static const int	thin[] = { 1, 3, 4 };
	u_int			which;

	(void)state;
	assert_int_equal(chart_cell(one, 1, 0, &which), 8);
	assert_int_equal(chart_cell(one, 1, 2, &which), 3);
	assert_int_equal(which, 0);
	assert_int_equal(chart_cell(one, 1, 3, &which), 0);	/* past it */
	assert_int_equal(chart_cell(one, 1, -1, &which), 0);
	/* A full cell shows the segment over its middle. */
	assert_int_equal(chart_cell(two, 2, 0, &which), 8);
	assert_int_equal(which, 0);
	assert_int_equal(chart_cell(two, 2, 1, &which), 8);
	assert_int_equal(which, 1);	/* 12 ends at the middle, 12 */
	/* The top one, part filled, the topmost segment. */
	assert_int_equal(chart_cell(two, 2, 2, &which), 4);
	assert_int_equal(which, 1);
	assert_int_equal(chart_cell(thin, 3, 0, &which), 4);
	assert_int_equal(which, 2);
	assert_int_equal(chart_cell(NULL, 0, 0, &which), 0);
}

static void
test_spark(void **state)
{
	(void)state;
	/* Empty is the lowest; anything sold at least the next. */
	assert_int_equal(chart_spark_level(0, 0, 1000, 8), 0);
	assert_int_equal(chart_spark_level(1, 0, 1000, 8), 1);
	assert_int_equal(chart_spark_level(1000, 0, 1000, 8), 7);
	assert_int_equal(chart_spark_level(999, 0, 1000, 8), 7);
	assert_int_equal(chart_spark_level(500, 0, 1000, 8), 4);
	assert_int_equal(chart_spark_level(5000, 0, 1000, 8), 7);
	assert_int_equal(chart_spark_level(-5, 0, 1000, 8), 0);
	assert_int_equal(chart_spark_level(5, 0, 0, 8), 0);	/* flat */
	/* Levels never skip past the top or repeat the bottom. */
	assert_string_equal(chart_spark_glyph(0, 0, 1000, 1), "\xe2\x96\x81");
	assert_string_equal(chart_spark_glyph(1000, 0, 1000, 1),
	    "\xe2\x96\x88");
	assert_string_equal(chart_spark_glyph(0, 0, 1000, 0), "_");
	assert_string_equal(chart_spark_glyph(1000, 0, 1000, 0), "#");
	assert_string_equal(chart_spark_glyph(500, 0, 1000, 0), "=");
}

static void
test_kind_names(void **state)
{
	int	k;

	(void)state;
	for (k = CHART_BAR; k <= CHART_SPARK; k++)
		assert_int_equal(chart_kind_find(chart_kind_name(k)), k);
	assert_int_equal(chart_kind_find("pie"), -1);
	assert_string_equal(chart_kind_name(0), "unknown");
}

static void
test_from_table(void **state)
{
	struct report_table	 t;
	struct report_row	*r;
	struct chart		 c;
	char			*cause = NULL;
	u_int			 day, net, units, gross, cmp;

	(void)state;
	report_table_init(&t, "Sales by day");
	day = report_table_column(&t, "day", REPORT_TEXT);
	gross = report_table_column(&t, "gross", REPORT_CENTS);
	units = report_table_column(&t, "units", REPORT_COUNT);
	net = report_table_column(&t, "net", REPORT_CENTS);
	r = report_table_row(&t);
	report_table_text(r, day, "2026-12-01");
	r->cells[gross].v = 1000;
	r->cells[units].v = 3;
	r->cells[net].v = 900;
	r = report_table_row(&t);
	report_table_text(r, day, "2026-12-02");
	r->cells[gross].v = 2000;
	r->cells[units].v = 5;
	r->cells[net].v = 1800;

	/* The key figure: net, when the table names none. */
	assert_int_equal(chart_from_table(&c, &t, CHART_BAR, NULL, "UTC",
	    &cause), 0);
	assert_int_equal(c.nseries, 1);
	assert_string_equal(c.names[0], "net");
	chart_free(&c);
	t.key = (int)gross;
	assert_int_equal(chart_from_table(&c, &t, CHART_BAR, NULL, "UTC",
	    &cause), 0);
	assert_string_equal(c.names[0], "gross");
	chart_free(&c);
	t.key = -1;

	/* "*": every column in the key figure's unit. */
	assert_int_equal(chart_from_table(&c, &t, CHART_BAR, "*", "UTC",
	    &cause), 0);
	assert_int_equal(c.unit, CHART_CENTS);
	assert_int_equal(c.nseries, 2);
	assert_string_equal(c.names[0], "gross");
	assert_string_equal(c.names[1], "net");
	assert_int_equal(c.npoints, 2);
	assert_string_equal(c.labels[1], "2026-12-02");
	assert_int_equal(chart_get(&c, 1, 1), 1800);
	assert_string_equal(c.xname, "day");
	assert_string_equal(c.title, "Sales by day");
	chart_free(&c);

	/* One named column. */
	assert_int_equal(chart_from_table(&c, &t, CHART_LINE, "units", "UTC",
	    &cause), 0);
	assert_int_equal(c.unit, CHART_COUNT);
	assert_int_equal(c.nseries, 1);
	assert_int_equal(chart_get(&c, 0, 0), 3);
	chart_free(&c);

	/* Compared with another period: the figure there beside it. */
	cmp = report_table_column(&t, "net_compare", REPORT_CENTS);
	report_table_column(&t, "change", REPORT_PERCENT);
	t.rows[1].cells[cmp].v = 1500;
	assert_int_equal(chart_from_table(&c, &t, CHART_BAR, NULL, "UTC",
	    &cause), 0);
	assert_int_equal(c.nseries, 2);
	assert_string_equal(c.names[1], "net_compare");
	assert_int_equal(chart_get(&c, 1, 1), 1500);
	chart_free(&c);

	/* A text column is no figure. */
	assert_int_equal(chart_from_table(&c, &t, CHART_LINE, "day", "UTC",
	    &cause), -1);
	assert_non_null(strstr(cause, "day"));
	free(cause);
	report_table_free(&t);
}

static void
test_from_table_pivot(void **state)
{
	static const char	*cats[] = { "flower", "edible", "vape",
	    "topical",
	    "tincture", "preroll", "concentrate", "seed", "clone" };
	struct report_table	 t;
	struct report_row	*r;
	struct chart		 c;
	char			*cause = NULL;
	u_int			 week, cat, net, i;

	(void)state;
	report_table_init(&t, "Net by week and category");
	week = report_table_column(&t, "week", REPORT_TEXT);
	cat = report_table_column(&t, "category", REPORT_TEXT);
	net = report_table_column(&t, "net", REPORT_CENTS);
	for (i = 0; i < 9; i++) {
		r = report_table_row(&t);
		report_table_text(r, week, i < 5 ? "W1" : "W2");
		report_table_text(r, cat, cats[i]);
		r->cells[net].v = 100 * (i + 1);
	}
	assert_int_equal(chart_from_table(&c, &t, CHART_STACK, NULL, "UTC",
	    &cause), 0);
	assert_int_equal(c.npoints, 2);
	assert_int_equal(c.nseries, CHART_SERIES);
	assert_string_equal(c.names[0], "flower");
	assert_string_equal(c.names[CHART_SERIES - 1], "other");
	assert_int_equal(chart_get(&c, 0, 0), 100);
	assert_int_equal(chart_get(&c, 6, 1), 700);
	/* seed (800) and clone (900) are both "other", in W2. */
	assert_int_equal(chart_get(&c, CHART_SERIES - 1, 1), 1700);
	assert_int_equal(chart_get(&c, CHART_SERIES - 1, 0), 0);
	chart_free(&c);
	report_table_free(&t);
}

/* The SVG of c, as a string the caller frees. */
static char *
svg_of(const struct chart *c)
{
	char	*out = NULL;
	size_t	 len = 0;
	FILE	*f;

	f = open_memstream(&out, &len);
	assert_non_null(f);
	assert_int_equal(chart_svg(c, f), 0);
	fclose(f);
	return (out);
}

static u_int
count_of(const char *s, const char *what)
{
	u_int	n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return (n);
}

static void
test_svg(void **state)
{
	static const int64_t	 v[4] = { 123456, 50000, 20000, -1500 };
	struct chart		 c;
	char			*svg;

	(void)state;
	two_by_two(&c, CHART_BAR, "Sales <&> \"margin\"", "net", "cost's",
	    "Flower & pre-rolls", "bad \x01 byte \xff here, caf\xc3\xa9", v);
	svg = svg_of(&c);
	/* Text escaped: never a raw '<' or '&' from the data. */
	assert_non_null(strstr(svg, "Sales &lt;&amp;&gt; &quot;margin&quot;"));
	assert_non_null(strstr(svg, ">Flower &amp; pre-rolls<"));
	assert_non_null(strstr(svg, ">cost&apos;s<"));
	/* A control byte and a stray byte become '?'; UTF-8 is kept. */
	assert_non_null(strstr(svg, ">bad ? byte ? here, caf\xc3\xa9<"));
	/* Ticks in short units, a legend, four bars and a page. */
	assert_non_null(strstr(svg, ">$1.5k<"));
	assert_non_null(strstr(svg, ">-$500<"));
	assert_int_equal(count_of(svg, "<rect"), 1 + 2 + 4);
	assert_int_equal(count_of(svg, "<svg "), 1);
	assert_int_equal(count_of(svg, "</svg>"), 1);
	free(svg);

	/* Lines: one polyline a series, a point each. */
	c.kind = CHART_LINE;
	svg = svg_of(&c);
	assert_int_equal(count_of(svg, "<polyline"), 2);
	free(svg);
	/* Stacked: the negative part below zero, the rest above. */
	c.kind = CHART_STACK;
	svg = svg_of(&c);
	assert_int_equal(count_of(svg, "<rect"), 1 + 2 + 4);
	free(svg);
	c.kind = CHART_HBAR;
	svg = svg_of(&c);
	assert_int_equal(count_of(svg, "<rect"), 1 + 2 + 4);
	free(svg);
	chart_free(&c);
}

static void
test_fill_days(void **state)
{
	struct chart	c;
	int		s, p;

	(void)state;
	chart_init(&c, CHART_LINE, CHART_CENTS, "by day");
	s = chart_series(&c, "net");
	p = chart_point(&c, "2026-02-27");
	chart_set(&c, s, p, 100);
	p = chart_point(&c, "2026-03-02");
	chart_set(&c, s, p, 300);
	/* Feb 27 to Mar 2, 2026: 28th, 1st between (no 29th). */
	chart_fill_days(&c, 20260226, 20260302);
	assert_int_equal(c.npoints, 5);
	assert_string_equal(c.labels[0], "2026-02-26");
	assert_string_equal(c.labels[2], "2026-02-28");
	assert_string_equal(c.labels[3], "2026-03-01");
	assert_int_equal(chart_get(&c, 0, 0), 0);
	assert_int_equal(chart_get(&c, 0, 1), 100);
	assert_int_equal(chart_get(&c, 0, 4), 300);
	assert_string_equal(c.names[0], "net");
	/* Not days, or outside the period: left as they are. */
	chart_fill_days(&c, 20260301, 20260302);
	assert_int_equal(c.npoints, 5);
	chart_free(&c);
	chart_init(&c, CHART_LINE, CHART_CENTS, "by product");
	chart_series(&c, "net");
	chart_point(&c, "Blue Dream");
	chart_fill_days(&c, 20260101, 20260110);
	assert_int_equal(c.npoints, 1);
	chart_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nice),
		cmocka_unit_test(test_ticks),
		cmocka_unit_test(test_range_stack),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_short),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_cell),
		cmocka_unit_test(test_spark),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_from_table),
		cmocka_unit_test(test_from_table_pivot),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_fill_days),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-chart", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("chart", tests, NULL, NULL));
}
