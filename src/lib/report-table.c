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

#include <stdlib.h>
#include <string.h>

#include "report.h"

/* The generic table every report fills (report.h). */

void
report_table_init(struct report_table *rt, const char *title)
{
	memset(rt, 0, sizeof *rt);
	strlcpy(rt->title, title, sizeof rt->title);
	rt->key = -1;
}

/* Add a column; its index. Adding more than REPORT_COLUMNS is a bug. */
u_int
report_table_column(struct report_table *rt, const char *name, int kind)
{
	struct report_column	*c;

	if (rt->ncolumns == REPORT_COLUMNS)
		fatalx("report %s: too many columns", rt->title);
	c = &rt->columns[rt->ncolumns];
	strlcpy(c->name, name, sizeof c->name);
	c->kind = kind;
	return (rt->ncolumns++);
}

/* A new row, zero everywhere and empty text in its text columns. */
struct report_row *
report_table_row(struct report_table *rt)
{
	struct report_row	*row;
	u_int			 i;

	if (rt->nrows == rt->size) {
		rt->size = rt->size == 0 ? 16 : rt->size * 2;
		rt->rows = xreallocarray(rt->rows, rt->size, sizeof *rt->rows);
	}
	row = &rt->rows[rt->nrows++];
	memset(row, 0, sizeof *row);
	for (i = 0; i < rt->ncolumns; i++) {
		if (rt->columns[i].kind == REPORT_TEXT)
			row->cells[i].text = xstrdup("");
	}
	return (row);
}

void
report_table_text(struct report_row *row, u_int col, const char *s)
{
	free(row->cells[col].text);
	row->cells[col].text = xstrndup(s, REPORT_TEXT_MAX);
}

void
report_table_free(struct report_table *rt)
{
	u_int	i, j;

	for (i = 0; i < rt->nrows; i++) {
		for (j = 0; j < REPORT_COLUMNS; j++)
			free(rt->rows[i].cells[j].text);
	}
	for (j = 0; j < REPORT_COLUMNS; j++)
		free(rt->total.cells[j].text);
	free(rt->rows);
	memset(rt, 0, sizeof *rt);
}

const char *
report_kind_name(int kind)
{
	switch (kind) {
	case REPORT_TEXT:
		return ("text");
	case REPORT_COUNT:
		return ("count");
	case REPORT_CENTS:
		return ("cents");
	case REPORT_GRAMS:
		return ("grams");
	case REPORT_PERCENT:
		return ("percent");
	case REPORT_TIME:
		return ("time");
	}
	return ("unknown");
}

/* The index of the column named name, or -1. */
int
report_table_find(const struct report_table *rt, const char *name)
{
	u_int	i;

	for (i = 0; i < rt->ncolumns; i++) {
		if (strcmp(rt->columns[i].name, name) == 0)
			return ((int)i);
	}
	return (-1);
}
