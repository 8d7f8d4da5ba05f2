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
 * Product and package import from CSV, read by ctl-csv.c (RFC 4180
 * quoting; the first line names the columns, in any order).
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

#define CTL_IMPORT_ROWS_MAX	100000
#define CTL_IMPORT_COLS		6
#define CTL_IMPORT_PRICE_MAX	INT64_C(9999999)	/* $99,999.99 */

enum ctl_import_kind { CTL_IMPORT_PRODUCT, CTL_IMPORT_PACKAGE };

/* Column positions in a row, whatever the order in the file. */
enum { PC_SKU, PC_NAME, PC_CATEGORY, PC_UNIT, PC_PRICE, PC_THC };
enum { KC_TAG, KC_SKU, KC_BATCH, KC_QTY, KC_STATUS };

static const struct ctl_csv_col ctl_import_product_cols[] = {
	[PC_SKU] = { "sku", 1 },
	[PC_NAME] = { "name", 1 },
	[PC_CATEGORY] = { "category", 1 },
	[PC_UNIT] = { "unit", 1 },
	[PC_PRICE] = { "price", 1 },
	[PC_THC] = { "thc", 1 },
};

static const struct ctl_csv_col ctl_import_package_cols[] = {
	[KC_TAG] = { "tag", 1 },
	[KC_SKU] = { "sku", 1 },
	[KC_BATCH] = { "batch", 1 },
	[KC_QTY] = { "qty", 1 },
	[KC_STATUS] = { "status", 0 },
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

	struct ctl_import_row		*rows;
	u_int				 nrows;
	u_int				 alloc;

	struct ctl_errors		 errs;
	u_int				 nfile;	/* from the file checks */

	int				 dry_run;	/* products */
	char				 who[128];
	struct buf			 preview;	/* products: changes */
	u_int				 nnew;
	u_int				 nupdated;
	u_int				 nsame;
};

/* A row of the file: its cells, for the reader to fill. */
static char **
ctl_import_add(void *arg, u_int line)
{
	struct ctl_import	*ci = arg;
	struct ctl_import_row	*row;

	ci->rows = ctl_csv_grow(ci->rows, ci->nrows, &ci->alloc,
	    sizeof *ci->rows);
	row = &ci->rows[ci->nrows++];
	row->line = line;
	row->ok = 1;
	return (row->f);
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
		ctl_errors_add(&ci->errs, keys[i].line, "%s %s is already on line "
		    "%u", what, ctl_csv_show(keys[i].key, c, sizeof c),
		    first);
		for (row = ci->rows; row->line != keys[i].line; row++)
			/* nothing */;
		row->ok = 0;
	}
	free(keys);
}

static int
ctl_import_sku_check(struct ctl_import *ci, u_int line, const char *sku)
{
	char	c[48], up[TAG_LEN + 2];
	size_t	i, n = strlen(sku);

	if (n == 0) {
		ctl_errors_add(&ci->errs, line, "SKU is empty");
		return (-1);
	}
	if (n > SKU_MAX) {
		ctl_errors_add(&ci->errs, line, "SKU \"%s\" must be 1 to %d "
		    "characters", ctl_csv_show(sku, c, sizeof c), SKU_MAX);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if ((u_char)sku[i] <= 0x20 || (u_char)sku[i] >= 0x7f) {
			ctl_errors_add(&ci->errs, line, "SKU \"%s\": letters, "
			    "digits and punctuation only, no spaces",
			    ctl_csv_show(sku, c, sizeof c));
			return (-1);
		}
	}
	if (ctl_csv_cell(&ci->errs, line, "sku", sku, SKU_MAX) != 0)
		return (-1);
	if (ci->kind == CTL_IMPORT_PRODUCT && n == TAG_LEN) {
		strlcpy(up, sku, sizeof up);
		util_tag_upper(up);
		if (util_tag_valid(up)) {
			ctl_errors_add(&ci->errs, line, "SKU %s looks like a "
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
		ctl_errors_add(&ci->errs, line, "column %s", cause);
		free(cause);
		return (-1);
	}
	return (ctl_csv_cell(&ci->errs, line, what, s, max));
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
		ctl_errors_add(&ci->errs, row->line, "unit \"%s\" must be each or "
		    "weight", ctl_csv_show(row->f[PC_UNIT], c, sizeof c));
		bad = 1;
	}

	if (money_parse(row->f[PC_PRICE], &v) != 0) {
		ctl_errors_add(&ci->errs, row->line, "price \"%s\" is not an amount "
		    "in dollars like 35.00", ctl_csv_show(row->f[PC_PRICE],
		    c, sizeof c));
		bad = 1;
	} else if (v < 1 || v > CTL_IMPORT_PRICE_MAX) {
		ctl_errors_add(&ci->errs, row->line, "price %s is out of range "
		    "(0.01 to 99999.99)", row->f[PC_PRICE]);
		bad = 1;
	} else
		p->price = v;

	if (ctl_import_tenths(row->f[PC_THC], &v) != 0) {
		ctl_errors_add(&ci->errs, row->line, "thc \"%s\" is not a "
		    "percentage with at most one decimal, like 22.5",
		    ctl_csv_show(row->f[PC_THC], c, sizeof c));
		bad = 1;
	} else if (v > 1000) {
		ctl_errors_add(&ci->errs, row->line, "thc %s%% is over 100%%",
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
		ctl_errors_add(&ci->errs, row->line, "tag \"%s\" is not a package "
		    "tag: 24 hexadecimal characters, like "
		    "1A4060300000000000001001", ctl_csv_show(
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
		ctl_errors_add(&ci->errs, row->line, "status \"%s\" must be active, "
		    "hold, quarantine or finished (empty means active)",
		    ctl_csv_show(row->f[KC_STATUS], c, sizeof c));
		bad = 1;
	}
	if (*row->f[KC_QTY] == '\0') {
		ctl_errors_add(&ci->errs, row->line, "qty is empty");
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
	int64_t	v;

	if (ctl_csv_qty(&ci->errs, row->line, row->f[KC_QTY], p, 0, &v) != 0)
		return (-1);
	if (v == 0 && row->pk.status != PACKAGE_FINISHED) {
		ctl_errors_add(&ci->errs, row->line, "qty is 0: only a finished "
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
			ctl_errors_add(&ci->errs, row->line, "SKU %s is sold %s: its "
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
			ctl_errors_add(&ci->errs, row->line, "SKU %s: %s",
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
			ctl_errors_add(&ci->errs, row->line, "package %s already "
			    "exists", row->pk.tag);
		} else if (r != STORE_NOTFOUND)
			return (-1);
		r = store_product_by_sku(t, row->f[KC_SKU], &p);
		if (r == STORE_NOTFOUND) {
			ctl_errors_add(&ci->errs, row->line, "no product with SKU "
			    "%s (import the products first)",
			    ctl_csv_show(row->f[KC_SKU], c, sizeof c));
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
	struct ctl_csv	t;
	u_int		i;

	memset(ci, 0, sizeof *ci);
	buf_init(&ci->preview);
	ci->kind = kind;
	ci->file = strcmp(path, "-") == 0 ? "stdin" : path;

	memset(&t, 0, sizeof t);
	t.file = ci->file;
	if (kind == CTL_IMPORT_PRODUCT) {
		t.cols = ctl_import_product_cols;
		t.ncols = sizeof ctl_import_product_cols /
		    sizeof *ctl_import_product_cols;
	} else {
		t.cols = ctl_import_package_cols;
		t.ncols = sizeof ctl_import_package_cols /
		    sizeof *ctl_import_package_cols;
	}
	t.rows_max = CTL_IMPORT_ROWS_MAX;
	t.errs = &ci->errs;
	t.add = ctl_import_add;
	t.arg = ci;
	if (ctl_csv_table(&t, path) != 0)
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

