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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "report.h"

/*
 * A chart's data and the arithmetic its drawings share. Everything is
 * integer: an axis runs between multiples of a "nice" step (1, 2 or 5
 * times a power of ten, in the chart's own unit, so cents step by $0.50,
 * $10, $2000 ...), and a value becomes a position by one rounding, half
 * up, in chart_scale.
 */

static const char *chart_kind_names[] = {
	[CHART_BAR] = "bar",
	[CHART_HBAR] = "hbar",
	[CHART_STACK] = "stack",
	[CHART_LINE] = "line",
	[CHART_SPARK] = "spark",
};

void
chart_init(struct chart *c, int kind, int unit, const char *title)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->unit = unit;
	strlcpy(c->title, title != NULL ? title : "", sizeof c->title);
}

void
chart_free(struct chart *c)
{
	u_int	i;

	for (i = 0; i < c->npoints; i++)
		free(c->labels[i]);
	free(c->labels);
	for (i = 0; i < CHART_SERIES; i++)
		free(c->values[i]);
	memset(c, 0, sizeof *c);
}

/* A new series; its index, or -1 when the chart has as many as it takes. */
int
chart_series(struct chart *c, const char *name)
{
	u_int	s;

	if (c->nseries == CHART_SERIES)
		return (-1);
	s = c->nseries++;
	strlcpy(c->names[s], name, sizeof c->names[s]);
	c->values[s] = xcalloc(c->size > 0 ? c->size : 1, sizeof (int64_t));
	return ((int)s);
}

/* A new point (every series 0 there); its index, or -1 when full. */
int
chart_point(struct chart *c, const char *label)
{
	u_int	i, size;

	if (c->npoints == CHART_POINTS_MAX)
		return (-1);
	if (c->npoints == c->size) {
		size = c->size == 0 ? 16 : c->size * 2;
		c->labels = xreallocarray(c->labels, size, sizeof *c->labels);
		for (i = 0; i < c->nseries; i++) {
			c->values[i] = xreallocarray(c->values[i], size,
			    sizeof (int64_t));
		}
		c->size = size;
	}
	c->labels[c->npoints] = xstrdup(label);
	for (i = 0; i < c->nseries; i++)
		c->values[i][c->npoints] = 0;
	return ((int)c->npoints++);
}

void
chart_set(struct chart *c, u_int s, u_int i, int64_t v)
{
	if (s < c->nseries && i < c->npoints)
		c->values[s][i] = v;
}

int64_t
chart_get(const struct chart *c, u_int s, u_int i)
{
	if (s >= c->nseries || i >= c->npoints)
		return (0);
	return (c->values[s][i]);
}

const char *
chart_kind_name(int kind)
{
	if (kind < CHART_BAR || kind > CHART_SPARK)
		return ("unknown");
	return (chart_kind_names[kind]);
}

int
chart_kind_find(const char *name)
{
	int	k;

	for (k = CHART_BAR; k <= CHART_SPARK; k++) {
		if (strcmp(chart_kind_names[k], name) == 0)
			return (k);
	}
	return (-1);
}

/*
 * The smallest and largest figures the chart must show, 0 always among
 * them (a bar starts at 0). Stacked bars show each point's sums: of its
 * positive values up, of its negative ones down.
 */
void
chart_range(const struct chart *c, int64_t *min, int64_t *max)
{
	int64_t	v, up, down;
	u_int	s, i;

	*min = *max = 0;
	for (i = 0; i < c->npoints; i++) {
		up = down = 0;
		for (s = 0; s < c->nseries; s++) {
			v = c->values[s][i];
			if (c->kind == CHART_STACK) {
				if (v > 0)
					up += v;
				else
					down += v;
				continue;
			}
			if (v > *max)
				*max = v;
			if (v < *min)
				*min = v;
		}
		if (up > *max)
			*max = up;
		if (down < *min)
			*min = down;
	}
}

/* The smallest of 1, 2 or 5 times a power of ten that is at least raw. */
int64_t
chart_nice(int64_t raw)
{
	int64_t	p = 1;

	if (raw <= 1)
		return (1);
	while (p <= INT64_MAX / 10 && p * 10 < raw)
		p *= 10;
	if (p >= raw)
		return (p);
	if (p <= INT64_MAX / 2 && p * 2 >= raw)
		return (p * 2);
	if (p <= INT64_MAX / 5 && p * 5 >= raw)
		return (p * 5);
	return (p <= INT64_MAX / 10 ? p * 10 : p);
}

static int64_t
chart_floor(int64_t v, int64_t step)
{
	int64_t	q = v / step;

	if (v % step != 0 && v < 0)
		q--;
	return (q * step);
}

static int64_t
chart_ceil(int64_t v, int64_t step)
{
	int64_t	q = v / step;

	if (v % step != 0 && v > 0)
		q++;
	return (q * step);
}

/*
 * An axis over min..max with at most most tick marks (2 or more): the
 * nicest step that needs no more, and the multiples of it around the
 * figures.
 */
void
chart_ticks(int64_t min, int64_t max, u_int most, struct chart_axis *a)
{
	int64_t	range, step;
	u_int	intervals;

	if (most < 2)
		most = 2;
	intervals = most - 1;
	if (max < min) {
		range = max;
		max = min;
		min = range;
	}
	if (max == min)
		max = min + 1;
	range = max - min;
	step = chart_nice((range + intervals - 1) / intervals);
	for (;;) {
		a->step = step;
		a->lo = chart_floor(min, step);
		a->hi = chart_ceil(max, step);
		if ((a->hi - a->lo) / step <= (int64_t)intervals)
			break;
		step = chart_nice(step + 1);
	}
}

/* The value axis of a chart drawn with at most most ticks. */
void
chart_axis(const struct chart *c, u_int most, struct chart_axis *a)
{
	int64_t	min, max;

	chart_range(c, &min, &max);
	chart_ticks(min, max, most, a);
}

/*
 * Where v falls on an axis of cells cells: 0 at lo, cells at hi, rounded
 * half up, clamped to the axis.
 */
int
chart_scale(int64_t v, const struct chart_axis *a, int cells)
{
	__int128	n, d;

	if (cells <= 0 || a->hi <= a->lo || v <= a->lo)
		return (0);
	if (v >= a->hi)
		return (cells);
	n = (__int128)(v - a->lo) * cells;
	d = a->hi - a->lo;
	return ((int)((n + d / 2) / d));
}

/*
 * v / div with one decimal, dropped when it is 0: "1.2", "12". The
 * rounding is half up, on the absolute value.
 */
static void
chart_tenths(char *out, size_t len, const char *sign, const char *pre,
    uint64_t v, uint64_t div, const char *post)
{
	uint64_t	t;

	t = (v * 10 + div / 2) / div;
	if (t % 10 == 0)
		snprintf(out, len, "%s%s%llu%s", sign, pre,
		    (unsigned long long)(t / 10), post);
	else
		snprintf(out, len, "%s%s%llu.%llu%s", sign, pre,
		    (unsigned long long)(t / 10), (unsigned long long)(t % 10),
		    post);
}

/* A count in k, M or B past a thousand: "950", "1.2k", "3M". */
static void
chart_short_count(char *out, size_t len, const char *sign, const char *pre,
    uint64_t v)
{
	if (v < 1000)
		snprintf(out, len, "%s%s%llu", sign, pre,
		    (unsigned long long)v);
	else if (v < 1000000)
		chart_tenths(out, len, sign, pre, v, 1000, "k");
	else if (v < 1000000000)
		chart_tenths(out, len, sign, pre, v, 1000000, "M");
	else
		chart_tenths(out, len, sign, pre, v, 1000000000, "B");
}

/*
 * The short form of a figure, for an axis or a label on a bar: $950,
 * $9.50, $1.2k, $3M; 500 mg, 1.5 g, 2.4 kg; 950, 1.2k; 12%, 12.5%.
 */
char *
chart_short(int unit, int64_t value, char *out, size_t len)
{
	const char	*sign = "";
	uint64_t	 v;

	if (value < 0) {
		sign = "-";
		v = (uint64_t)0 - (uint64_t)value;
	} else
		v = (uint64_t)value;
	switch (unit) {
	case CHART_CENTS:
		if (v >= 100000)
			chart_short_count(out, len, sign, "$", v / 100);
		else if (v % 100 == 0)
			snprintf(out, len, "%s$%llu", sign,
			    (unsigned long long)(v / 100));
		else
			snprintf(out, len, "%s$%llu.%02llu", sign,
			    (unsigned long long)(v / 100),
			    (unsigned long long)(v % 100));
		break;
	case CHART_GRAMS:
		if (v < 1000)
			snprintf(out, len, "%s%llu mg", sign,
			    (unsigned long long)v);
		else if (v < 1000000)
			chart_tenths(out, len, sign, "", v, 1000, " g");
		else
			chart_tenths(out, len, sign, "", v, 1000000, " kg");
		break;
	case CHART_PERCENT:
		if (v % 100 == 0)
			snprintf(out, len, "%s%llu%%", sign,
			    (unsigned long long)(v / 100));
		else if (v % 10 == 0)
			snprintf(out, len, "%s%llu.%llu%%", sign,
			    (unsigned long long)(v / 100),
			    (unsigned long long)(v % 100 / 10));
		else
			snprintf(out, len, "%s%llu.%02llu%%", sign,
			    (unsigned long long)(v / 100),
			    (unsigned long long)(v % 100));
		break;
	default:
		chart_short_count(out, len, sign, "", v);
		break;
	}
	return (out);
}

/* The whole figure, for a table: $1234.56, 1.500 g, 12.34%, 1234. */
char *
chart_full(int unit, int64_t value, char *out, size_t len)
{
	char	buf[32];

	switch (unit) {
	case CHART_CENTS:
		money_fmt(value < 0 ? -value : value, buf, sizeof buf);
		snprintf(out, len, "%s$%s", value < 0 ? "-" : "", buf);
		break;
	case CHART_GRAMS:
		weight_fmt(value, out, len);
		break;
	case CHART_PERCENT:
		money_fmt(value, buf, sizeof buf);
		snprintf(out, len, "%s%%", buf);
		break;
	default:
		snprintf(out, len, "%lld", (long long)value);
		break;
	}
	return (out);
}

/*
 * Cell k (from 0) of a bar whose segments end at the eighths ends[0] <
 * ends[1] < ... < ends[n - 1] (a stacked bar: a segment a series): how
 * many eighths of it are filled (0 past the bar's end, 8 full), and in
 * *which the segment it shows: a full cell the one covering its middle,
 * the part-filled top cell the topmost.
 */
int
chart_cell(const int *ends, u_int n, int k, u_int *which)
{
	int	top, level, at;
	u_int	i;

	*which = 0;
	if (n == 0 || k < 0 || (top = ends[n - 1]) <= 8 * k)
		return (0);
	level = top - 8 * k;
	if (level > 8)
		level = 8;
	at = level == 8 ? 8 * k + 4 : top - 1;
	for (i = 0; i < n - 1 && ends[i] <= at; i++)
		;
	*which = i;
	return (level);
}

/*
 * A sparkline's level for v of levels (0 to levels - 1): lo is 0, and
 * anything above lo is at least 1, so a quiet hour still shows against
 * an empty one; hi is the top.
 */
int
chart_spark_level(int64_t v, int64_t lo, int64_t hi, int levels)
{
	__int128	n;

	if (levels < 2 || v <= lo || hi <= lo)
		return (0);
	if (v >= hi)
		return (levels - 1);
	n = (__int128)(v - lo - 1) * (levels - 1) / (hi - lo);
	return (1 + (int)n);
}

/* The glyph for v: a block of eight heights, or ASCII. */
const char *
chart_spark_glyph(int64_t v, int64_t lo, int64_t hi, int utf8)
{
	static const char	*blocks[] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
	};
	static const char	*ascii[] = {
		"_", ".", "-", "~", "=", "+", "*", "#"
	};
	int			 l;

	l = chart_spark_level(v, lo, hi, 8);
	return (utf8 ? blocks[l] : ascii[l]);
}

/* A report column's kind as a chart's unit, or -1 for one not charted. */
static int
chart_unit_of(int kind)
{
	switch (kind) {
	case REPORT_COUNT:
		return (CHART_COUNT);
	case REPORT_CENTS:
		return (CHART_CENTS);
	case REPORT_GRAMS:
		return (CHART_GRAMS);
	case REPORT_PERCENT:
		return (CHART_PERCENT);
	}
	return (-1);
}

/* A label cell's text: the text, or a time as the store's date (and time). */
static const char *
chart_label_of(const struct report_table *t, u_int row, int col,
    const char *tz, char *buf, size_t len)
{
	const struct report_cell	*cell;

	if (col < 0) {
		snprintf(buf, len, "%u", row + 1);
		return (buf);
	}
	cell = &t->rows[row].cells[col];
	if (t->columns[col].kind == REPORT_TEXT)
		return (cell->text);
	util_time_str(cell->v, tz, buf, len);
	if (strlen(buf) >= 19 && strcmp(buf + 11, "00:00:00") == 0)
		buf[10] = '\0';	/* a day */
	else if (strlen(buf) >= 16)
		buf[16] = '\0';
	return (buf);
}

/*
 * A chart of kind from a report's table. The points are the rows, named by
 * the first text (or time) column. The series is the figure column named
 * column; or, column NULL, the table's key figure (its "net", or its first
 * figure, when it says none); or, column "*", every figure column of that
 * one's unit. A report compared with another period has the figure there
 * too (NAME_compare): it is a second series. A table with two label columns (a week and a category) is
 * turned about: the first names the points, the second the series, and
 * the figure is the value; past CHART_SERIES - 1 names the rest are
 * summed as "other".
 */
int
chart_from_table(struct chart *c, const struct report_table *t, int kind,
    const char *column, const char *tz, char **cause)
{
	int		 label = -1, label2 = -1, value = -1, unit, s, p;
	int		 all;
	u_int		 i, j, n = 0, cols[CHART_SERIES];
	char		 buf[64], other[CHART_NAME_MAX + 1];
	const char	*name;

	all = column != NULL && strcmp(column, "*") == 0;
	if (all)
		column = NULL;
	for (i = 0; i < t->ncolumns; i++) {
		if (chart_unit_of(t->columns[i].kind) == -1) {
			if (label == -1)
				label = (int)i;
			else if (label2 == -1 && t->columns[i].kind ==
			    REPORT_TEXT)
				label2 = (int)i;
		} else if (value == -1)
			value = (int)i;
	}
	if (column == NULL && t->key >= 0 && (u_int)t->key < t->ncolumns)
		column = t->columns[t->key].name;
	else if (column == NULL && report_table_find(t, "net") != -1)
		column = "net";
	if (column != NULL) {
		value = report_table_find(t, column);
		if (value == -1 || chart_unit_of(t->columns[value].kind) ==
		    -1) {
			xasprintf(cause, "%s has no figure column %s",
			    t->title, column);
			return (-1);
		}
	}
	if (value == -1) {
		xasprintf(cause, "%s has no figures to chart", t->title);
		return (-1);
	}
	unit = chart_unit_of(t->columns[value].kind);
	chart_init(c, kind, unit, t->title);
	if (label != -1)
		strlcpy(c->xname, t->columns[label].name, sizeof c->xname);

	if (label2 == -1) {
		/* The figure, and beside it the same over the period compared. */
		snprintf(buf, sizeof buf, "%s_compare", t->columns[value].name);
		for (i = 0; i < t->ncolumns && n < CHART_SERIES; i++) {
			if ((all || (int)i == value || strcmp(t->columns[i].name,
			    buf) == 0) && chart_unit_of(t->columns[i].kind) ==
			    unit) {
				chart_series(c, t->columns[i].name);
				cols[n++] = i;
			}
		}
		for (i = 0; i < t->nrows; i++) {
			if ((p = chart_point(c, chart_label_of(t, i, label,
			    tz, buf, sizeof buf))) == -1)
				break;
			for (j = 0; j < n; j++)
				chart_set(c, j, p, t->rows[i].cells[cols[j]].v);
		}
		return (0);
	}

	/* Turned about: points by the first label, series by the second. */
	snprintf(other, sizeof other, "other");
	for (i = 0; i < t->nrows; i++) {
		name = chart_label_of(t, i, label, tz, buf, sizeof buf);
		for (p = 0; (u_int)p < c->npoints; p++) {
			if (strcmp(c->labels[p], name) == 0)
				break;
		}
		if ((u_int)p == c->npoints && chart_point(c, name) == -1)
			break;
		name = t->rows[i].cells[label2].text;
		for (s = 0; (u_int)s < c->nseries; s++) {
			if (strcmp(c->names[s], name) == 0)
				break;
		}
		if ((u_int)s == c->nseries) {
			if (c->nseries >= CHART_SERIES - 1)
				name = other;
			for (s = 0; (u_int)s < c->nseries; s++) {
				if (strcmp(c->names[s], name) == 0)
					break;
			}
			if ((u_int)s == c->nseries)
				s = chart_series(c, name);
		}
		chart_set(c, s, p, chart_get(c, s, p) +
		    t->rows[i].cells[value].v);
	}
	return (0);
}

/*
 * A chart by day with a point for every day from from to to (YYYYMMDD),
 * zero on the days the report left out (a day without sales), so a line
 * over time does not join days that are not next to each other. Nothing
 * changes unless every point is a day in that period.
 */
void
chart_fill_days(struct chart *c, int from, int to)
{
	struct chart	 n;
	char		 label[16];
	int		 d, day, p;
	u_int		 i, s;

	if (c->npoints == 0 || from > to || report_day_number(to) -
	    report_day_number(from) >= CHART_POINTS_MAX)
		return;
	for (i = 0; i < c->npoints; i++) {
		day = valid_date_parse(c->labels[i]);
		if (day < from || day > to)
			return;
	}
	chart_init(&n, c->kind, c->unit, c->title);
	strlcpy(n.xname, c->xname, sizeof n.xname);
	for (s = 0; s < c->nseries; s++)
		chart_series(&n, c->names[s]);
	for (d = from; d <= to; d = report_day_add(d, 1)) {
		snprintf(label, sizeof label, "%04d-%02d-%02d", d / 10000,
		    d / 100 % 100, d % 100);
		p = chart_point(&n, label);
		for (i = 0; i < c->npoints; i++) {
			if (strcmp(c->labels[i], label) != 0)
				continue;
			for (s = 0; s < c->nseries; s++)
				chart_set(&n, s, (u_int)p, c->values[s][i]);
		}
	}
	chart_free(c);
	*c = n;
}
