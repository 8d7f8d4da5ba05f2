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

#ifndef CHART_H
#define CHART_H

/*
 * A chart's data and the pure arithmetic every way of drawing it shares
 * (chart.c): nice axis steps, scaling a value to cells, the short units an
 * axis shows ($1.2k, 1.5 g) and the full ones a table shows ($1234.56).
 * The terminal draws a chart with ui-chart.c, a file with chart-svg.c;
 * both from the same struct chart, which chart_from_table fills from a
 * report's table.
 *
 * Values are integers in the chart's unit: cents, milligrams, hundredths
 * of a percent, or a plain count.
 */

#include <stdio.h>

#include "stash.h"

enum chart_kind {
	CHART_BAR = 1,		/* vertical bars, one per point */
	CHART_HBAR,		/* horizontal bars, one row per point */
	CHART_STACK,		/* vertical bars, the series stacked */
	CHART_LINE,		/* a line per series */
	CHART_SPARK,		/* one row, one glyph per point */
};

enum chart_unit {
	CHART_COUNT = 1,
	CHART_CENTS,
	CHART_GRAMS,		/* values in mg */
	CHART_PERCENT,		/* hundredths: 1234 = 12.34% */
};

#define CHART_SERIES		8
#define CHART_NAME_MAX		31
#define CHART_POINTS_MAX	4096

struct chart {
	int		 kind;		/* enum chart_kind */
	int		 unit;		/* enum chart_unit */
	char		 title[96];
	char		 xname[CHART_NAME_MAX + 1];	/* the points' name */
	u_int		 nseries;
	char		 names[CHART_SERIES][CHART_NAME_MAX + 1];
	u_int		 npoints;
	u_int		 size;		/* points allocated */
	char		**labels;	/* npoints, owned */
	int64_t		*values[CHART_SERIES];	/* npoints each */
};

/* An axis: from lo to hi in steps of step (lo and hi multiples of it). */
struct chart_axis {
	int64_t		 lo;
	int64_t		 hi;
	int64_t		 step;
};

void		 chart_init(struct chart *, int, int, const char *);
void		 chart_free(struct chart *);
int		 chart_series(struct chart *, const char *);
int		 chart_point(struct chart *, const char *);
void		 chart_set(struct chart *, u_int, u_int, int64_t);
int64_t		 chart_get(const struct chart *, u_int, u_int);
const char	*chart_kind_name(int);
int		 chart_kind_find(const char *);
void		 chart_range(const struct chart *, int64_t *, int64_t *);
int64_t		 chart_nice(int64_t);
void		 chart_ticks(int64_t, int64_t, u_int, struct chart_axis *);
void		 chart_axis(const struct chart *, u_int,
		     struct chart_axis *);
int		 chart_scale(int64_t, const struct chart_axis *, int);
char		*chart_short(int, int64_t, char *, size_t);
char		*chart_full(int, int64_t, char *, size_t);
int		 chart_cell(const int *, u_int, int, u_int *);
int		 chart_spark_level(int64_t, int64_t, int64_t, int);
const char	*chart_spark_glyph(int64_t, int64_t, int64_t, int);
/* chart-svg.c */
int		 chart_svg(const struct chart *, FILE *);
void		 chart_svg_escape(FILE *, const char *);

struct report_table;
int		 chart_from_table(struct chart *,
		     const struct report_table *, int, const char *,
		     const char *, char **);
void		 chart_fill_days(struct chart *, int, int);

#endif /* CHART_H */
