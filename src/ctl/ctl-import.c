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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "inventory.h"

/*
 * Product and package import from CSV (RFC 4180 quoting: a quoted field may
 * hold commas and "" for a quote; one record per line, so a field cannot
 * hold a line break). The first line names the columns, in any order.
 *
 * A CSV file is outside input (DESIGN rule 6): every row is checked, every
 * error is reported as FILE:LINE: message, and if there is any, nothing is
 * imported. Otherwise all the rows go in one transaction, each with its
 * audit record.
 *
 * Checks that need only the file (syntax, formats, ranges, duplicates
 * within the file) run first; checks against the ledger (a SKU or tag that
 * already exists, a package's product) run inside the write transaction
 * itself, so nothing can change between the check and the write.
 */

#define CTL_IMPORT_LINE_MAX	4096		/* bytes, without newline */
#define CTL_IMPORT_ROWS_MAX	100000
#define CTL_IMPORT_FIELDS_MAX	32
#define CTL_IMPORT_COLS		6
#define CTL_IMPORT_PRICE_MAX	INT64_C(9999999)	/* $99,999.99 */
#define CTL_IMPORT_UNITS_MAX	INVENTORY_UNITS_MAX
#define CTL_IMPORT_MG_MAX	INVENTORY_MG_MAX	/* 100 kg */

enum ctl_import_kind { CTL_IMPORT_PRODUCT, CTL_IMPORT_PACKAGE };

/* Column positions in a row, whatever the order in the file. */
enum { PC_SKU, PC_NAME, PC_CATEGORY, PC_UNIT, PC_PRICE, PC_THC };
enum { KC_TAG, KC_SKU, KC_BATCH, KC_QTY, KC_STATUS };

struct ctl_import_col {
	const char	*name;
	int		 required;
};

static const struct ctl_import_col ctl_import_product_cols[] = {
	[PC_SKU] = { "sku", 1 },
	[PC_NAME] = { "name", 1 },
	[PC_CATEGORY] = { "category", 1 },
	[PC_UNIT] = { "unit", 1 },
	[PC_PRICE] = { "price", 1 },
	[PC_THC] = { "thc", 1 },
	{ NULL, 0 }
};

static const struct ctl_import_col ctl_import_package_cols[] = {
	[KC_TAG] = { "tag", 1 },
	[KC_SKU] = { "sku", 1 },
	[KC_BATCH] = { "batch", 1 },
	[KC_QTY] = { "qty", 1 },
	[KC_STATUS] = { "status", 0 },
	{ NULL, 0 }
};

struct ctl_import_row {
	u_int		 line;
	int		 ok;		/* passed the file checks */
	char		*f[CTL_IMPORT_COLS];
	char		 qty[32];	/* packages: as recorded */
	struct product	 p;		/* products */
	struct product	 old;		/* products: the SKU's, if it exists */
	int		 exists;
	struct package	 pk;		/* packages */
};

struct ctl_import {
	enum ctl_import_kind		 kind;
	const char			*file;	/* as shown in messages */
	const struct ctl_import_col	*cols;
	u_int				 ncols;
	int				 map[CTL_IMPORT_FIELDS_MAX];
	u_int				 nfields;

	struct ctl_import_row		*rows;
	u_int				 nrows;
	u_int				 alloc;
	int				 header;	/* seen */

	struct ctl_errors		 errs;
	u_int				 nfile;	/* from the file checks */

	int				 dry_run;	/* products */
	char				 who[128];
	struct buf			 preview;	/* products: changes */
	u_int				 nnew;
	u_int				 nupdated;
	u_int				 nsame;
};

static void printflike(3, 4)
ctl_import_error(struct ctl_import *ci, u_int line, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	ctl_errors_vadd(&ci->errs, line, fmt, ap);
	va_end(ap);
}

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

static void printflike(3, 4)
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
static const char *
ctl_import_show(const char *s, char *out, size_t len)
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
ctl_import_split(char *line, char **fields, u_int max, u_int *n,
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
ctl_import_header(struct ctl_import *ci, u_int line, char **fields, u_int n)
{
	struct buf	 want, missing;
	char		 c[48];
	u_int		 i, j, bad = 0;
	int		 seen[CTL_IMPORT_COLS];
	char		*f;

	buf_init(&want);
	for (j = 0; j < ci->ncols; j++) {
		buf_printf(&want, "%s%s%s", j != 0 ? "," : "",
		    ci->cols[j].name, ci->cols[j].required ? "" : "(optional)");
		seen[j] = 0;
	}
	for (i = 0; i < n; i++) {
		for (f = fields[i]; *f != '\0'; f++)
			*f = (char)tolower((u_char)*f);
		for (j = 0; j < ci->ncols; j++) {
			if (strcmp(fields[i], ci->cols[j].name) == 0)
				break;
		}
		if (j == ci->ncols) {
			ctl_import_error(ci, line, "unknown column \"%s\" "
			    "(the columns are %s)", ctl_import_show(fields[i],
			    c, sizeof c), buf_cstr(&want));
			bad++;
			continue;
		}
		if (seen[j]) {
			ctl_import_error(ci, line, "column %s appears twice",
			    ci->cols[j].name);
			bad++;
			continue;
		}
		seen[j] = 1;
		ci->map[i] = (int)j;
	}
	buf_init(&missing);
	for (j = 0; j < ci->ncols; j++) {
		if (ci->cols[j].required && !seen[j]) {
			buf_printf(&missing, "%s%s", missing.len != 0 ? "," :
			    "", ci->cols[j].name);
		}
	}
	if (missing.len != 0) {
		ctl_import_error(ci, line, "missing column%s %s (the first "
		    "line must name the columns: %s)",
		    strchr(buf_cstr(&missing), ',') != NULL ? "s" : "",
		    buf_cstr(&missing), buf_cstr(&want));
		bad++;
	}
	buf_free(&missing);
	buf_free(&want);
	ci->nfields = n;
	return (bad != 0 ? -1 : 0);
}

/*
 * Read one line of at most CTL_IMPORT_LINE_MAX bytes (without its line
 * end) into line; the rest of a longer line is read and dropped, never
 * stored. Returns -1 at the end of the file, 1 for a line too long, 2 for
 * a line with a NUL byte, else 0.
 */
static int
ctl_import_getline(FILE *f, char *line, size_t *len)
{
	int	c, toolong = 0, nul = 0, any = 0;

	*len = 0;
	while ((c = getc(f)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (c == '\0')
			nul = 1;
		if (*len == CTL_IMPORT_LINE_MAX + 1)	/* room for a \r */
			toolong = 1;
		else
			line[(*len)++] = (char)c;
	}
	if (!any)
		return (-1);
	if (*len > 0 && line[*len - 1] == '\r' && !toolong)
		(*len)--;
	line[*len] = '\0';
	if (toolong || *len > CTL_IMPORT_LINE_MAX)
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
int
ctl_csv_read(const char *path, const char *shown, u_int maxfields,
    int (*fn)(void *, u_int, char **, u_int),
    void (*err)(void *, u_int, const char *), void *arg, u_int *records)
{
	FILE		*f;
	char		 line[CTL_IMPORT_LINE_MAX + 2];
	char		*fields[CTL_IMPORT_FIELDS_MAX], msg[64];
	const char	*cause;
	size_t		 len;
	u_int		 lineno = 0, n, nerr = 0;
	int		 got, r = 0;

	*records = 0;
	if (maxfields > CTL_IMPORT_FIELDS_MAX)
		maxfields = CTL_IMPORT_FIELDS_MAX;
	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL) {
		stashctl_error("%s: %s", path, strerror(errno));
		return (-1);
	}
	while ((got = ctl_import_getline(f, line, &len)) != -1) {
		lineno++;
		if (got != 0) {
			if (got == 1)
				snprintf(msg, sizeof msg, "line longer than %d "
				    "bytes", CTL_IMPORT_LINE_MAX);
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
		if (ctl_import_split(line, fields, maxfields, &n,
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
ctl_import_read_err(void *arg, u_int line, const char *msg)
{
	ctl_import_error(arg, line, "%s", msg);
}

/* One record: the header names the columns, then a row each. */
static int
ctl_import_read_row(void *arg, u_int line, char **fields, u_int n)
{
	struct ctl_import	*ci = arg;
	struct ctl_import_row	*row;
	u_int			 i;

	if (!ci->header) {
		ci->header = 1;
		return (ctl_import_header(ci, line, fields, n));
	}
	if (n != ci->nfields) {
		ctl_import_error(ci, line, "%u field%s, the header has %u", n,
		    n == 1 ? "" : "s", ci->nfields);
		return (0);
	}
	if (ci->nrows == CTL_IMPORT_ROWS_MAX) {
		ctl_import_error(ci, line, "more than %d rows: split the file",
		    CTL_IMPORT_ROWS_MAX);
		return (-1);
	}
	if (ci->nrows == ci->alloc) {
		ci->alloc = ci->alloc == 0 ? 64 : ci->alloc * 2;
		ci->rows = xreallocarray(ci->rows, ci->alloc, sizeof *ci->rows);
	}
	row = &ci->rows[ci->nrows++];
	memset(row, 0, sizeof *row);
	row->line = line;
	row->ok = 1;
	for (i = 0; i < n; i++)
		row->f[ci->map[i]] = xstrdup(fields[i]);
	for (i = 0; i < ci->ncols; i++) {
		if (row->f[i] == NULL)
			row->f[i] = xstrdup("");
	}
	return (0);
}

/* Read the file into rows; syntax errors are collected, not fatal. */
static int
ctl_import_read(struct ctl_import *ci, const char *path)
{
	u_int	records;

	return (ctl_csv_read(path, ci->file, CTL_IMPORT_FIELDS_MAX,
	    ctl_import_read_row, ctl_import_read_err, ci, &records));
}

/* Percent with at most one decimal into per mille: "22.5" is 225. */
int
ctl_import_tenths(const char *s, int64_t *out)
{
	int64_t	v = 0;
	int	digits = 0, frac = -1;

	for (; *s != '\0'; s++) {
		if (*s == '.' && frac == -1) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || frac == 1 || v > 100000)
			return (-1);
		v = v * 10 + (*s - '0');
		digits++;
		if (frac != -1)
			frac++;
	}
	if (digits == 0)
		return (-1);
	if (frac <= 0)
		v *= 10;
	*out = v;
	return (0);
}

/* Sort helpers for the duplicate checks. */
struct ctl_import_key {
	const char	*key;
	u_int		 line;
};

static int
ctl_import_key_cmp(const void *a, const void *b)
{
	const struct ctl_import_key	*ka = a, *kb = b;
	int				 r;

	if ((r = strcmp(ka->key, kb->key)) != 0)
		return (r);
	return (ka->line < kb->line ? -1 : ka->line > kb->line);
}

/* Flag every row whose key (column col) appeared on an earlier line. */
static void
ctl_import_dups(struct ctl_import *ci, u_int col, const char *what)
{
	struct ctl_import_key	*keys;
	struct ctl_import_row	*row;
	char			 c[48];
	u_int			 i, n = 0, first = 0;

	if (ci->nrows == 0)
		return;
	keys = xreallocarray(NULL, ci->nrows, sizeof *keys);
	for (i = 0; i < ci->nrows; i++) {
		row = &ci->rows[i];
		if (!row->ok || *row->f[col] == '\0')
			continue;
		keys[n].key = row->f[col];
		keys[n].line = row->line;
		n++;
	}
	qsort(keys, n, sizeof *keys, ctl_import_key_cmp);
	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(keys[i].key, keys[i - 1].key) != 0) {
			first = keys[i].line;
			continue;
		}
		ctl_import_error(ci, keys[i].line, "%s %s is already on line "
		    "%u", what, ctl_import_show(keys[i].key, c, sizeof c),
		    first);
		for (row = ci->rows; row->line != keys[i].line; row++)
			/* nothing */;
		row->ok = 0;
	}
	free(keys);
}

/*
 * A text cell of any CSV import: text as valid_text has it, at most max
 * bytes, and not starting with a character that makes a spreadsheet run
 * it as a formula (= + - @ tab CR: OWASP's list), since what is imported
 * is exported again (stashctl trace --csv) into a manager's spreadsheet.
 * 0, or -1 with an error naming the column.
 */
int
ctl_import_cell(struct ctl_errors *es, u_int line, const char *col,
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
		    ctl_import_show(s, c, sizeof c), lead);
		return (-1);
	}
	return (0);
}

static int
ctl_import_sku_check(struct ctl_import *ci, u_int line, const char *sku)
{
	char	c[48], up[TAG_LEN + 2];
	size_t	i, n = strlen(sku);

	if (n == 0) {
		ctl_import_error(ci, line, "SKU is empty");
		return (-1);
	}
	if (n > SKU_MAX) {
		ctl_import_error(ci, line, "SKU \"%s\" must be 1 to %d "
		    "characters", ctl_import_show(sku, c, sizeof c), SKU_MAX);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if ((u_char)sku[i] <= 0x20 || (u_char)sku[i] >= 0x7f) {
			ctl_import_error(ci, line, "SKU \"%s\": letters, "
			    "digits and punctuation only, no spaces",
			    ctl_import_show(sku, c, sizeof c));
			return (-1);
		}
	}
	if (ctl_import_cell(&ci->errs, line, "sku", sku, SKU_MAX) != 0)
		return (-1);
	if (ci->kind == CTL_IMPORT_PRODUCT && n == TAG_LEN) {
		strlcpy(up, sku, sizeof up);
		util_tag_upper(up);
		if (util_tag_valid(up)) {
			ctl_import_error(ci, line, "SKU %s looks like a "
			    "package tag and would be mistaken for one when "
			    "scanned", sku);
			return (-1);
		}
	}
	return (0);
}

static int
ctl_import_text(struct ctl_import *ci, u_int line, const char *s,
    size_t max, const char *what)
{
	char	*cause = NULL;

	if (stashctl_text_valid(s, max, what, &cause) != 0) {
		ctl_import_error(ci, line, "column %s", cause);
		free(cause);
		return (-1);
	}
	return (ctl_import_cell(&ci->errs, line, what, s, max));
}

/* File checks for a product row. */
static void
ctl_import_product_row(struct ctl_import *ci, struct ctl_import_row *row)
{
	struct product	*p = &row->p;
	char		*f, c[48];
	int64_t		 v;
	int		 bad = 0;

	if (ctl_import_sku_check(ci, row->line, row->f[PC_SKU]) != 0)
		bad = 1;
	else
		strlcpy(p->sku, row->f[PC_SKU], sizeof p->sku);
	if (ctl_import_text(ci, row->line, row->f[PC_NAME], NAME_MAX_,
	    "name") != 0)
		bad = 1;
	else
		strlcpy(p->name, row->f[PC_NAME], sizeof p->name);
	for (f = row->f[PC_CATEGORY]; *f != '\0'; f++)
		*f = (char)tolower((u_char)*f);
	if (ctl_import_text(ci, row->line, row->f[PC_CATEGORY], CATEGORY_MAX,
	    "category") != 0)
		bad = 1;
	else
		strlcpy(p->category, row->f[PC_CATEGORY], sizeof p->category);

	if (strcasecmp(row->f[PC_UNIT], "each") == 0)
		p->unit_weight = 0;
	else if (strcasecmp(row->f[PC_UNIT], "weight") == 0)
		p->unit_weight = 1;
	else {
		ctl_import_error(ci, row->line, "unit \"%s\" must be each or "
		    "weight", ctl_import_show(row->f[PC_UNIT], c, sizeof c));
		bad = 1;
	}

	if (money_parse(row->f[PC_PRICE], &v) != 0) {
		ctl_import_error(ci, row->line, "price \"%s\" is not an amount "
		    "in dollars like 35.00", ctl_import_show(row->f[PC_PRICE],
		    c, sizeof c));
		bad = 1;
	} else if (v < 1 || v > CTL_IMPORT_PRICE_MAX) {
		ctl_import_error(ci, row->line, "price %s is out of range "
		    "(0.01 to 99999.99)", row->f[PC_PRICE]);
		bad = 1;
	} else
		p->price = v;

	if (ctl_import_tenths(row->f[PC_THC], &v) != 0) {
		ctl_import_error(ci, row->line, "thc \"%s\" is not a "
		    "percentage with at most one decimal, like 22.5",
		    ctl_import_show(row->f[PC_THC], c, sizeof c));
		bad = 1;
	} else if (v > 1000) {
		ctl_import_error(ci, row->line, "thc %s%% is over 100%%",
		    row->f[PC_THC]);
		bad = 1;
	} else
		p->thc = (int)v;
	if (bad)
		row->ok = 0;
}

/* File checks for a package row; qty needs the product, so it waits. */
static void
ctl_import_package_row(struct ctl_import *ci, struct ctl_import_row *row)
{
	struct package	*pk = &row->pk;
	char		*f, c[48];
	int		 bad = 0, status;

	util_tag_upper(row->f[KC_TAG]);
	if (!util_tag_valid(row->f[KC_TAG])) {
		ctl_import_error(ci, row->line, "tag \"%s\" is not a package "
		    "tag: 24 hexadecimal characters, like "
		    "1A4060300000000000001001", ctl_import_show(
		    row->f[KC_TAG], c, sizeof c));
		bad = 1;
	} else
		strlcpy(pk->tag, row->f[KC_TAG], sizeof pk->tag);
	if (ctl_import_sku_check(ci, row->line, row->f[KC_SKU]) != 0)
		bad = 1;
	if (ctl_import_text(ci, row->line, row->f[KC_BATCH], BATCH_MAX,
	    "batch") != 0)
		bad = 1;
	else
		strlcpy(pk->batch, row->f[KC_BATCH], sizeof pk->batch);
	for (f = row->f[KC_STATUS]; *f != '\0'; f++)
		*f = (char)tolower((u_char)*f);
	if (*row->f[KC_STATUS] == '\0')
		pk->status = PACKAGE_ACTIVE;
	else if ((status = store_package_status_find(row->f[KC_STATUS])) > 0)
		pk->status = status;
	else {
		ctl_import_error(ci, row->line, "status \"%s\" must be active, "
		    "hold, quarantine or finished (empty means active)",
		    ctl_import_show(row->f[KC_STATUS], c, sizeof c));
		bad = 1;
	}
	if (*row->f[KC_QTY] == '\0') {
		ctl_import_error(ci, row->line, "qty is empty");
		bad = 1;
	}
	if (bad)
		row->ok = 0;
}

/* A package's qty: whole units, or grams with up to 3 decimals. */
static int
ctl_import_qty(struct ctl_import *ci, struct ctl_import_row *row,
    const struct product *p)
{
	const char	*s = row->f[KC_QTY];
	char		 c[48];
	int64_t		 v, max;

	if (p->unit_weight) {
		max = CTL_IMPORT_MG_MAX;
		if (weight_parse(s, &v) != 0) {
			ctl_import_error(ci, row->line, "qty \"%s\": %s is "
			    "sold by weight, so qty is grams with up to 3 "
			    "decimals, like 453.592", ctl_import_show(s, c,
			    sizeof c), p->sku);
			return (-1);
		}
	} else {
		max = CTL_IMPORT_UNITS_MAX;
		if (strspn(s, "0123456789") != strlen(s) || strlen(s) > 9) {
			ctl_import_error(ci, row->line, "qty \"%s\": %s is "
			    "sold each, so qty is a whole number of units",
			    ctl_import_show(s, c, sizeof c), p->sku);
			return (-1);
		}
		v = strtoll(s, NULL, 10);
	}
	if (v > max) {
		ctl_import_error(ci, row->line, "qty %s is more than one "
		    "package can hold (%s)", s, p->unit_weight ? "100 kg" :
		    "1000000 units");
		return (-1);
	}
	if (v == 0 && row->pk.status != PACKAGE_FINISHED) {
		ctl_import_error(ci, row->line, "qty is 0: only a finished "
		    "package can be empty");
		return (-1);
	}
	row->pk.qty = row->pk.received_qty = v;
	return (0);
}

/* The transaction: ledger checks, then, if all is well, the writes. */
static int
ctl_import_product_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_import	*ci = arg;
	struct ctl_import_row	*row;
	struct product		 p;
	struct buf		 diff;
	char			 subj[32], price[32], *why = NULL;
	uint32_t		 id;
	u_int			 i;
	int			 r, changed;

	ctl_errors_truncate(&ci->errs, ci->nfile);
	buf_free(&ci->preview);
	buf_init(&ci->preview);
	ci->nnew = ci->nupdated = ci->nsame = 0;
	for (i = 0; i < ci->nrows; i++) {
		row = &ci->rows[i];
		row->exists = 0;
		if (!row->ok)
			continue;
		r = store_product_by_sku(t, row->p.sku, &row->old);
		if (r != 0 && r != STORE_NOTFOUND)
			return (-1);
		if (r != 0)
			continue;
		row->exists = 1;
		if (row->old.unit_weight != row->p.unit_weight) {
			ctl_import_error(ci, row->line, "SKU %s is sold %s: its "
			    "unit does not change (give it a new SKU)",
			    row->p.sku, row->old.unit_weight ? "by weight" :
			    "each");
			continue;
		}
		/* An update keeps what the file does not carry. */
		p = row->old;
		strlcpy(p.name, row->p.name, sizeof p.name);
		strlcpy(p.category, row->p.category, sizeof p.category);
		p.price = row->p.price;
		p.thc = row->p.thc;
		if (inventory_product_check(&p, &why) != 0) {
			ctl_import_error(ci, row->line, "SKU %s: %s",
			    row->p.sku, why);
			free(why);
			why = NULL;
			continue;
		}
		row->p = p;
	}
	if (ci->errs.n != 0) {
		xasprintf(cause, "errors");
		return (-1);
	}
	for (i = 0; i < ci->nrows; i++) {
		row = &ci->rows[i];
		if (!row->exists) {
			ci->nnew++;
			buf_printf(&ci->preview, "new %s: %s, %s, %s, price "
			    "%s\n", row->p.sku, row->p.name, row->p.category,
			    store_product_unit_name(row->p.unit_weight),
			    money_fmt(row->p.price, price, sizeof price));
			continue;
		}
		buf_init(&diff);
		inventory_product_diff(&row->p, &row->old, &diff);
		if (diff.len == 0)
			ci->nsame++;
		else {
			ci->nupdated++;
			buf_printf(&ci->preview, "update %s: %s\n",
			    row->p.sku, buf_cstr(&diff));
		}
		buf_free(&diff);
	}
	if (ci->dry_run) {
		xasprintf(cause, "a dry run");
		return (-1);
	}
	id = store_product_next_id(t);
	for (i = 0; i < ci->nrows && t->ret == 0; i++) {
		row = &ci->rows[i];
		if (row->exists) {
			if (inventory_product_update(t, &row->p, &row->old, 0,
			    CTL_AUDIT_WHO, ci->who, &changed, cause) != 0)
				return (-1);
			continue;
		}
		row->p.id = id++;
		row->p.created = util_now();
		store_product_put(t, &row->p, NULL);
		snprintf(subj, sizeof subj, "product %u", row->p.id);
		audit_append(t, 0, 0, CTL_AUDIT_WHO, "product.import", subj,
		    "sku=%s unit=%s price=%s thc=%d", row->p.sku,
		    store_product_unit_name(row->p.unit_weight),
		    money_fmt(row->p.price, price, sizeof price), row->p.thc);
	}
	return (t->ret != 0 ? -1 : 0);
}

static int
ctl_import_package_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_import	*ci = arg;
	struct ctl_import_row	*row;
	struct product		 p;
	struct package		 old;
	char			 c[48];
	u_int			 i;
	int			 r;

	ctl_errors_truncate(&ci->errs, ci->nfile);
	for (i = 0; i < ci->nrows; i++) {
		row = &ci->rows[i];
		if (!row->ok)
			continue;
		r = store_package_get(t, row->pk.tag, &old);
		if (r == 0) {
			ctl_import_error(ci, row->line, "package %s already "
			    "exists", row->pk.tag);
		} else if (r != STORE_NOTFOUND)
			return (-1);
		r = store_product_by_sku(t, row->f[KC_SKU], &p);
		if (r == STORE_NOTFOUND) {
			ctl_import_error(ci, row->line, "no product with SKU "
			    "%s (import the products first)",
			    ctl_import_show(row->f[KC_SKU], c, sizeof c));
			continue;
		}
		if (r != 0)
			return (-1);
		row->pk.product = p.id;
		if (ctl_import_qty(ci, row, &p) != 0)
			continue;
		if (p.unit_weight)
			weight_fmt(row->pk.qty, row->qty, sizeof row->qty);
		else {
			snprintf(row->qty, sizeof row->qty, "%lld",
			    (long long)row->pk.qty);
		}
	}
	if (ci->errs.n != 0) {
		xasprintf(cause, "errors");
		return (-1);
	}
	for (i = 0; i < ci->nrows && t->ret == 0; i++) {
		row = &ci->rows[i];
		row->pk.received = util_now();
		store_package_put(t, &row->pk, NULL);
		audit_append(t, 0, 0, CTL_AUDIT_WHO, "package.import",
		    row->pk.tag, "sku=%s batch=%s qty=%s status=%s",
		    row->f[KC_SKU], row->pk.batch, row->qty,
		    store_package_status_name(row->pk.status));
	}
	return (t->ret != 0 ? -1 : 0);
}

static void
ctl_import_free(struct ctl_import *ci)
{
	u_int	i, j;

	for (i = 0; i < ci->nrows; i++) {
		for (j = 0; j < CTL_IMPORT_COLS; j++)
			free(ci->rows[i].f[j]);
	}
	free(ci->rows);
	ctl_errors_truncate(&ci->errs, 0);
	buf_free(&ci->preview);
}

/*
 * The checks that need only the file (tests/fuzz/fuzz-csv.c calls this
 * too): read PATH into ci's rows, check each and flag duplicates. No
 * ledger is touched. -1 (reported) if the file cannot be read at all.
 */
static int
ctl_import_parse(struct ctl_import *ci, enum ctl_import_kind kind,
    const char *path)
{
	u_int	i;

	memset(ci, 0, sizeof *ci);
	buf_init(&ci->preview);
	ci->kind = kind;
	ci->file = strcmp(path, "-") == 0 ? "stdin" : path;
	if (kind == CTL_IMPORT_PRODUCT)
		ci->cols = ctl_import_product_cols;
	else
		ci->cols = ctl_import_package_cols;
	for (ci->ncols = 0; ci->cols[ci->ncols].name != NULL; ci->ncols++)
		/* nothing */;

	if (ctl_import_read(ci, path) != 0)
		return (-1);
	for (i = 0; i < ci->nrows; i++) {
		if (kind == CTL_IMPORT_PRODUCT)
			ctl_import_product_row(ci, &ci->rows[i]);
		else
			ctl_import_package_row(ci, &ci->rows[i]);
	}
	if (kind == CTL_IMPORT_PRODUCT)
		ctl_import_dups(ci, PC_SKU, "SKU");
	else
		ctl_import_dups(ci, KC_TAG, "tag");
	ci->nfile = ci->errs.n;
	return (0);
}

static int
ctl_import_run(struct ctl *ctl, struct ctl_args *args,
    enum ctl_import_kind kind)
{
	struct ctl_import	 ci;
	const char		*path = args->argv[0], *what;
	char			*cause = NULL;
	int			 r;

	what = kind == CTL_IMPORT_PRODUCT ? "product" : "package";
	if (ctl_import_parse(&ci, kind, path) != 0) {
		ctl_import_free(&ci);
		return (-1);
	}

	if (kind == CTL_IMPORT_PRODUCT) {
		ci.dry_run = stashctl_flag(args, "dry-run");
		ctl_who(ci.who, sizeof ci.who);
	}

	/* Ledger checks run even after file errors, to report them all. */
	r = store_write(ctl->st, kind == CTL_IMPORT_PRODUCT ?
	    ctl_import_product_cb : ctl_import_package_cb, &ci, &cause);
	if (ctl_errors_report(&ci.errs, ci.file) != 0) {
		free(cause);
		ctl_import_free(&ci);
		return (-1);
	}
	if (r != 0 && ci.dry_run) {
		free(cause);
		if (ctl->json) {
			stashctl_json_print(json_pack("{s:s,s:o,s:b,s:i,s:i,"
			    "s:i,s:o}", "import", what, "file",
			    stashctl_json_str(ci.file), "dry_run", 1, "new",
			    (int)ci.nnew, "updated", (int)ci.nupdated,
			    "unchanged", (int)ci.nsame, "changes",
			    stashctl_json_str(buf_cstr(&ci.preview))));
		} else {
			fputs(buf_cstr(&ci.preview), stdout);
			printf("dry run: %u new, %u to update, %u unchanged; "
			    "nothing was imported\n", ci.nnew, ci.nupdated,
			    ci.nsame);
		}
		ctl_import_free(&ci);
		return (0);
	}
	if (r != 0) {
		stashctl_error("%s: %s; nothing was imported", ci.file,
		    cause != NULL ? cause : "write failed");
		free(cause);
		ctl_import_free(&ci);
		return (-1);
	}
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:s,s:o,s:i}", "import", what,
		    "file", stashctl_json_str(ci.file), "count",
		    (int)ci.nrows));
	} else if (kind == CTL_IMPORT_PRODUCT &&
	    ci.nupdated + ci.nsame != 0) {
		fputs(buf_cstr(&ci.preview), stdout);
		printf("imported %u product%s from %s: %u new, %u updated, "
		    "%u unchanged\n", ci.nrows, ci.nrows == 1 ? "" : "s",
		    ci.file, ci.nnew, ci.nupdated, ci.nsame);
	} else {
		printf("imported %u %s%s from %s\n", ci.nrows, what,
		    ci.nrows == 1 ? "" : "s", ci.file);
	}
	ctl_import_free(&ci);
	return (0);
}

int
ctl_import_product(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_import_run(ctl, args, CTL_IMPORT_PRODUCT));
}

int
ctl_import_package(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_import_run(ctl, args, CTL_IMPORT_PACKAGE));
}
