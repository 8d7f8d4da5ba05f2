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
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "inventory.h"

/*
 * The CSV reader of every stashctl import (products, packages, manifests):
 * RFC 4180 quoting (a quoted field may hold commas and "" for a quote; one
 * record per line, so a field cannot hold a line break), a first line that
 * names the columns in any order, and every error collected as FILE:LINE:
 * message and reported at once in line order.
 */

#define CTL_CSV_LINE_MAX	4096		/* bytes, without newline */

void
ctl_errors_vadd(struct ctl_errors *es, u_int line, const char *fmt,
    va_list ap)
{
	struct ctl_error	*e;

	es->v = xreallocarray(es->v, es->n + 1, sizeof *es->v);
	e = &es->v[es->n++];
	e->line = line;
	e->order = es->order++;
	xvasprintf(&e->msg, fmt, ap);
}

void
ctl_errors_add(struct ctl_errors *es, u_int line, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	ctl_errors_vadd(es, line, fmt, ap);
	va_end(ap);
}

/* Drop the errors found after the first n (a transaction run again). */
void
ctl_errors_truncate(struct ctl_errors *es, u_int n)
{
	while (es->n > n)
		free(es->v[--es->n].msg);
	if (n == 0) {
		free(es->v);
		es->v = NULL;
	}
}

static int
ctl_errors_cmp(const void *a, const void *b)
{
	const struct ctl_error	*ea = a, *eb = b;

	if (ea->line != eb->line)
		return (ea->line < eb->line ? -1 : 1);
	return (ea->order < eb->order ? -1 : ea->order > eb->order);
}

/*
 * Print every error, FILE:LINE: message, in line order, then the summary;
 * -1 if there was any (nothing was imported), else 0.
 */
int
ctl_errors_report(struct ctl_errors *es, const char *file)
{
	u_int	i;

	if (es->n == 0)
		return (0);
	qsort(es->v, es->n, sizeof *es->v, ctl_errors_cmp);
	fflush(stdout);
	for (i = 0; i < es->n; i++) {
		if (es->v[i].line == 0)
			fprintf(stderr, "%s: %s\n", file, es->v[i].msg);
		else
			fprintf(stderr, "%s:%u: %s\n", file, es->v[i].line,
			    es->v[i].msg);
	}
	stashctl_error("%s: %u error%s; nothing was imported", file, es->n,
	    es->n == 1 ? "" : "s");
	return (-1);
}

/* A value to quote in a message: cleaned and cut short. */
const char *
ctl_csv_show(const char *s, char *out, size_t len)
{
	stashctl_clean(s, out, len);
	if (strlen(s) >= len && len > 4)
		memcpy(out + len - 4, "...", 4);
	return (out);
}

/*
 * Split one line into fields, in place. A field is unquoted (surrounding
 * blanks dropped, no quote inside) or quoted ("" is a quote; only blanks
 * may follow the closing quote).
 */
int
ctl_csv_split(char *line, char **fields, u_int max, u_int *n,
    const char **cause)
{
	char	*r = line, *w, *start, *end, *p;
	char	 sep;

	*n = 0;
	for (;;) {
		if (*n == max) {
			*cause = "too many fields";
			return (-1);
		}
		p = r;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"') {
			r = start = w = p + 1;
			for (;;) {
				if (*r == '\0') {
					*cause = "a quoted field is not closed "
					    "(a field cannot span lines)";
					return (-1);
				}
				if (*r == '"') {
					if (r[1] == '"') {
						*w++ = '"';
						r += 2;
						continue;
					}
					r++;
					break;
				}
				*w++ = *r++;
			}
			while (*r == ' ' || *r == '\t')
				r++;
			if (*r != ',' && *r != '\0') {
				*cause = "text after the closing quote of a "
				    "field";
				return (-1);
			}
			sep = *r;
			*w = '\0';
		} else {
			start = p;
			while (*r != ',' && *r != '\0') {
				if (*r == '"') {
					*cause = "a quote inside an unquoted "
					    "field (quote the whole field and "
					    "double the quote: \"\")";
					return (-1);
				}
				r++;
			}
			sep = *r;
			end = r;
			while (end > start && (end[-1] == ' ' ||
			    end[-1] == '\t'))
				end--;
			*end = '\0';
		}
		fields[(*n)++] = start;
		if (sep == '\0')
			return (0);
		r++;
	}
}

/* Map the header's columns to ours. */
static int
ctl_csv_header(struct ctl_csv *t, u_int line, char **fields, u_int n)
{
	struct buf	 want, missing;
	char		 c[48];
	u_int		 i, j, bad = 0;
	int		 seen[CTL_CSV_COLS_MAX];
	char		*f;

	buf_init(&want);
	for (j = 0; j < t->ncols; j++) {
		buf_printf(&want, "%s%s%s", j != 0 ? "," : "",
		    t->cols[j].name, t->cols[j].required ? "" : "(optional)");
		seen[j] = 0;
	}
	for (i = 0; i < n; i++) {
		for (f = fields[i]; *f != '\0'; f++)
			*f = (char)tolower((u_char)*f);
		for (j = 0; j < t->ncols; j++) {
			if (strcmp(fields[i], t->cols[j].name) == 0)
				break;
		}
		if (j == t->ncols) {
			ctl_errors_add(t->errs, line, "unknown column \"%s\" "
			    "(the columns are %s)", ctl_csv_show(fields[i],
			    c, sizeof c), buf_cstr(&want));
			bad++;
			continue;
		}
		if (seen[j]) {
			ctl_errors_add(t->errs, line, "column %s appears twice",
			    t->cols[j].name);
			bad++;
			continue;
		}
		seen[j] = 1;
		t->map[i] = (int)j;
	}
	buf_init(&missing);
	for (j = 0; j < t->ncols; j++) {
		if (t->cols[j].required && !seen[j]) {
			buf_printf(&missing, "%s%s", missing.len != 0 ? "," :
			    "", t->cols[j].name);
		}
	}
	if (missing.len != 0) {
		ctl_errors_add(t->errs, line, "missing column%s %s (the first "
		    "line must name the columns: %s)",
		    strchr(buf_cstr(&missing), ',') != NULL ? "s" : "",
		    buf_cstr(&missing), buf_cstr(&want));
		bad++;
	}
	buf_free(&missing);
	buf_free(&want);
	t->nfields = n;
	return (bad != 0 ? -1 : 0);
}

/*
 * Read one line of at most CTL_CSV_LINE_MAX bytes (without its line
 * end) into line; the rest of a longer line is read and dropped, never
 * stored. Returns -1 at the end of the file, 1 for a line too long, 2 for
 * a line with a NUL byte, else 0.
 */
static int
ctl_csv_getline(FILE *f, char *line, size_t *len)
{
	int	c, toolong = 0, nul = 0, any = 0;

	*len = 0;
	while ((c = getc(f)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (c == '\0')
			nul = 1;
		if (*len == CTL_CSV_LINE_MAX + 1)	/* room for a \r */
			toolong = 1;
		else
			line[(*len)++] = (char)c;
	}
	if (!any)
		return (-1);
	if (*len > 0 && line[*len - 1] == '\r' && !toolong)
		(*len)--;
	line[*len] = '\0';
	if (toolong || *len > CTL_CSV_LINE_MAX)
		return (1);
	return (nul ? 2 : 0);
}

/*
 * Read a CSV file record by record: fn(arg, line, fields, n) for each
 * non-blank record, the header first; err(arg, line, message) for a line
 * that cannot be read (too long, a NUL byte, bad quoting). Before the
 * header any error ends the file; after it, the next line is read. fn
 * returning -1 ends the file too. A BOM and CRLF are taken in their
 * stride. -1 (reported) on an I/O error or a file with no record and no
 * error; else 0, with *records the number of records handed to fn.
 */
static int
ctl_csv_read(const char *path, const char *shown, u_int maxfields,
    int (*fn)(void *, u_int, char **, u_int),
    void (*err)(void *, u_int, const char *), void *arg, u_int *records)
{
	FILE		*f;
	char		 line[CTL_CSV_LINE_MAX + 2];
	char		*fields[CTL_CSV_FIELDS_MAX], msg[64];
	const char	*cause;
	size_t		 len;
	u_int		 lineno = 0, n, nerr = 0;
	int		 got, r = 0;

	*records = 0;
	if (maxfields > CTL_CSV_FIELDS_MAX)
		maxfields = CTL_CSV_FIELDS_MAX;
	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL) {
		stashctl_error("%s: %s", path, strerror(errno));
		return (-1);
	}
	while ((got = ctl_csv_getline(f, line, &len)) != -1) {
		lineno++;
		if (got != 0) {
			if (got == 1)
				snprintf(msg, sizeof msg, "line longer than %d "
				    "bytes", CTL_CSV_LINE_MAX);
			else
				snprintf(msg, sizeof msg, "line contains a NUL "
				    "byte (is this a CSV file?)");
			err(arg, lineno, msg);
			nerr++;
			if (*records == 0)
				break;
			continue;
		}
		if (lineno == 1 && len >= 3 &&
		    memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			memmove(line, line + 3, len - 2);	/* a BOM */
			len -= 3;
		}
		if (strspn(line, " \t") == len)
			continue;	/* blank */
		if (ctl_csv_split(line, fields, maxfields, &n,
		    &cause) != 0) {
			err(arg, lineno, cause);
			nerr++;
			if (*records == 0)
				break;
			continue;
		}
		(*records)++;
		if (fn(arg, lineno, fields, n) != 0)
			break;
	}
	if (ferror(f)) {
		stashctl_error("%s: %s", shown, strerror(errno));
		r = -1;
	} else if (*records == 0 && nerr == 0) {
		stashctl_error("%s: empty: the first line must name the "
		    "columns", shown);
		r = -1;
	}
	if (f != stdin)
		fclose(f);
	return (r);
}

static void
ctl_csv_read_err(void *arg, u_int line, const char *msg)
{
	struct ctl_csv	*t = arg;

	ctl_errors_add(t->errs, line, "%s", msg);
}

/* One record: the header names the columns, then a row each. */
static int
ctl_csv_read_row(void *arg, u_int line, char **fields, u_int n)
{
	struct ctl_csv	*t = arg;
	char		**f;
	u_int		  i;

	if (!t->header) {
		t->header = 1;
		return (ctl_csv_header(t, line, fields, n));
	}
	if (n != t->nfields) {
		ctl_errors_add(t->errs, line, "%u field%s, the header has %u",
		    n, n == 1 ? "" : "s", t->nfields);
		return (0);
	}
	if (t->nrows == t->rows_max) {
		ctl_errors_add(t->errs, line, "more than %u rows: split the "
		    "file", t->rows_max);
		return (-1);
	}
	t->nrows++;
	f = t->add(t->arg, line);
	for (i = 0; i < n; i++)
		f[t->map[i]] = xstrdup(fields[i]);
	for (i = 0; i < t->ncols; i++) {
		if (f[i] == NULL)
			f[i] = xstrdup("");
	}
	return (0);
}

/*
 * Read PATH as a table of t's columns: t->add(t->arg, line) for each row,
 * which returns the row's t->ncols cells, all NULL, for the reader to fill
 * (in column order, a column the file lacks as ""; the caller frees them).
 * Errors in the file go to t->errs; -1 (reported) only if the file cannot
 * be read at all.
 */
int
ctl_csv_table(struct ctl_csv *t, const char *path)
{
	u_int	records;

	if (t->ncols > CTL_CSV_COLS_MAX)
		fatalx("%s: %u columns", __func__, t->ncols);
	t->header = 0;
	t->nrows = 0;
	return (ctl_csv_read(path, t->file, CTL_CSV_FIELDS_MAX,
	    ctl_csv_read_row, ctl_csv_read_err, t, &records));
}

/*
 * Grow an array of n elements of size bytes by one when it is full
 * (*alloc elements); the new element, rows[n], is zeroed.
 */
void *
ctl_csv_grow(void *rows, u_int n, u_int *alloc, size_t size)
{
	if (n == *alloc) {
		*alloc = *alloc == 0 ? 64 : *alloc * 2;
		rows = xreallocarray(rows, *alloc, size);
	}
	memset((char *)rows + (size_t)n * size, 0, size);
	return (rows);
}

/*
 * A text cell of any CSV import: text as valid_text has it, at most max
 * bytes, and not starting with a character that makes a spreadsheet run
 * it as a formula (= + - @ tab CR: OWASP's list), since what is imported
 * is exported again (stashctl trace --csv) into a manager's spreadsheet.
 * 0, or -1 with an error naming the column.
 */
int
ctl_csv_cell(struct ctl_errors *es, u_int line, const char *col,
    const char *s, size_t max)
{
	char	*cause = NULL, c[48], lead[8];

	if (valid_text(s, strlen(s), max, col, &cause) != 0) {
		ctl_errors_add(es, line, "column %s", cause);
		free(cause);
		return (-1);
	}
	if (valid_formula_lead(s)) {
		if (s[0] == '\t')
			strlcpy(lead, "a tab", sizeof lead);
		else if (s[0] == '\r')
			strlcpy(lead, "a CR", sizeof lead);
		else
			snprintf(lead, sizeof lead, "\"%c\"", s[0]);
		ctl_errors_add(es, line, "column %s: \"%s\" starts with %s, "
		    "which a spreadsheet would run as a formula", col,
		    ctl_csv_show(s, c, sizeof c), lead);
		return (-1);
	}
	return (0);
}

/*
 * A quantity cell for a package of product p: whole units when p is sold
 * each, grams with up to 3 decimals (into mg) when it is sold by weight;
 * from min (0 or 1) up to what one package can hold (INVENTORY_UNITS_MAX,
 * INVENTORY_MG_MAX). 0, or -1 with the row's error added.
 */
int
ctl_csv_qty(struct ctl_errors *es, u_int line, const char *s,
    const struct product *p, int64_t min, int64_t *out)
{
	char	c[48];
	int64_t	v;

	if (p->unit_weight) {
		if (weight_parse(s, &v) != 0) {
			ctl_errors_add(es, line, "qty \"%s\": %s is sold by "
			    "weight, so qty is grams with up to 3 decimals, "
			    "like 453.592", ctl_csv_show(s, c, sizeof c),
			    p->sku);
			return (-1);
		}
	} else {
		if (*s == '\0' || strspn(s, "0123456789") != strlen(s) ||
		    strlen(s) > 9) {
			ctl_errors_add(es, line, "qty \"%s\": %s is sold each, "
			    "so qty is a whole number of units",
			    ctl_csv_show(s, c, sizeof c), p->sku);
			return (-1);
		}
		v = strtoll(s, NULL, 10);
	}
	if (v > (p->unit_weight ? INVENTORY_MG_MAX : INVENTORY_UNITS_MAX)) {
		ctl_errors_add(es, line, "qty %s is more than one package can "
		    "hold (%s)", ctl_csv_show(s, c, sizeof c),
		    p->unit_weight ? "100 kg" : "1000000 units");
		return (-1);
	}
	if (v < min) {
		ctl_errors_add(es, line, "qty is 0: a line ships more than 0");
		return (-1);
	}
	*out = v;
	return (0);
}
