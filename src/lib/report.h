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

#ifndef REPORT_H
#define REPORT_H

/*
 * The manager's reports (report-*.c): each is a pure function over a read
 * transaction that fills a report_table, a generic table of typed columns
 * and rows. reply.c turns a table into JSON, stashctl into text or CSV,
 * and the chart module into a chart: nothing here knows how it is shown.
 *
 * Every cell is an integer (money in cents, weights in mg, percentages in
 * hundredths of a percent, times in UTC microseconds) or text; a column's
 * kind says which and how to show it.
 */

#include "store.h"

enum report_kind {
	REPORT_TEXT = 1,	/* a label: a day, a product, a reason */
	REPORT_COUNT,		/* a plain integer */
	REPORT_CENTS,		/* money, cents */
	REPORT_GRAMS,		/* weight, mg (shown as grams) */
	REPORT_PERCENT,		/* hundredths of a percent: 1234 = 12.34% */
	REPORT_TIME,		/* UTC microseconds */
};

#define REPORT_COLUMNS		32
#define REPORT_NAME_MAX		31
#define REPORT_TEXT_MAX		95

struct report_column {
	char		name[REPORT_NAME_MAX + 1];
	int		kind;		/* enum report_kind */
};

struct report_cell {
	int64_t		v;		/* every kind but text */
	char		*text;		/* REPORT_TEXT: owned, never NULL */
};

struct report_row {
	struct report_cell cells[REPORT_COLUMNS];
};

struct report_table {
	char			 title[96];
	u_int			 ncolumns;
	struct report_column	 columns[REPORT_COLUMNS];
	u_int			 nrows;
	u_int			 size;		/* rows allocated */
	struct report_row	*rows;
};

/* report-table.c */
void		 report_table_init(struct report_table *, const char *);
u_int		 report_table_column(struct report_table *, const char *,
		     int);
struct report_row *report_table_row(struct report_table *);
void		 report_table_text(struct report_row *, u_int, const char *);
void		 report_table_free(struct report_table *);
const char	*report_kind_name(int);
int		 report_table_find(const struct report_table *, const char *);

#endif /* REPORT_H */
