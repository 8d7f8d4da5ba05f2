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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "intake.h"
#include "reply.h"

/*
 * stashctl manifest import|list|show.
 *
 * A manifest CSV is outside input (DESIGN rule 6): every row is checked,
 * every error is reported as FILE:LINE: message, and if there is any,
 * nothing is imported; otherwise each manifest is created through
 * intake_create, all in one transaction.
 */

#define CTL_MAN_ROWS_MAX	20000

enum { MC_MANIFEST, MC_SUPPLIER, MC_TAG, MC_SKU, MC_BATCH, MC_QTY,
    MC_HARVESTED, MC_LAB_STATUS, MC_LAB_THC, MC_LAB_CBD, MC_LAB, MC_TESTED,
    MC_LAB_EXPIRES, MC_NCOLS };

static const struct ctl_csv_col ctl_manifest_cols[MC_NCOLS] = {
	[MC_MANIFEST] = { "manifest", 1 },
	[MC_SUPPLIER] = { "supplier", 1 },
	[MC_TAG] = { "tag", 1 },
	[MC_SKU] = { "sku", 1 },
	[MC_BATCH] = { "batch", 1 },
	[MC_QTY] = { "qty", 1 },
	[MC_HARVESTED] = { "harvested", 0 },
	[MC_LAB_STATUS] = { "lab_status", 0 },
	[MC_LAB_THC] = { "lab_thc", 0 },
	[MC_LAB_CBD] = { "lab_cbd", 0 },
	[MC_LAB] = { "lab", 0 },
	[MC_TESTED] = { "tested", 0 },
	[MC_LAB_EXPIRES] = { "lab_expires", 0 },
};

struct ctl_manifest_row {
	u_int			 line;
	int			 ok;
	char			*f[MC_NCOLS];
	struct manifest_line	 l;
};

struct ctl_manifest {
	const char		*file;
	struct ctl_manifest_row	*rows;
	u_int			 nrows;
	struct ctl_errors	 errs;
	u_int			 nfile;
	u_int			 nmanifests;
	u_int			 alloc;
	int			 today;	/* YYYYMMDD, store's zone */
};

/* A row of the file: its cells, for the reader to fill. */
static char **
ctl_manifest_add(void *arg, u_int line)
{
	struct ctl_manifest	*cm = arg;
	struct ctl_manifest_row	*row;

	cm->rows = ctl_csv_grow(cm->rows, cm->nrows, &cm->alloc,
	    sizeof *cm->rows);
	row = &cm->rows[cm->nrows++];
	row->line = line;
	row->ok = 1;
	return (row->f);
}

/* YYYY-MM-DD or YYYYMMDD; empty is 0. Bounds: ctl_manifest_bounds. */
static int
ctl_manifest_date(const char *s, int *out)
{
	size_t	n = strlen(s);
	int	d;

	*out = 0;
	if (n == 0)
		return (0);
	if (n == 8 && strspn(s, "0123456789") == 8)
		d = atoi(s);
	else if ((d = valid_date_parse(s)) == -1)
		return (-1);
	*out = d;
	return (intake_date_valid(d) ? 0 : -1);
}

/* A percentage with at most one decimal, into per mille; "" is none. */
static int
ctl_manifest_tenths(const char *s, int *out)
{
	int64_t	v;

	*out = 0;
	if (*s == '\0')
		return (0);
	if (ctl_import_tenths(s, &v) != 0 || v > 1000)
		return (-1);
	*out = (int)v;
	return (0);
}

/* A row's dates within the bounds of their kinds (valid_date). */
static int
ctl_manifest_bounds(struct ctl_manifest *cm, struct ctl_manifest_row *row)
{
	struct manifest_line	*l = &row->l;
	char			*cause = NULL;
	int			 bad = 0;

	if ((l->harvested != 0 && valid_date(l->harvested,
	    VALID_DATE_BUSINESS, cm->today, "harvested", &cause) != 0) ||
	    (l->lab.tested != 0 && valid_date(l->lab.tested,
	    VALID_DATE_BUSINESS, cm->today, "tested", &cause) != 0) ||
	    (l->lab.expires != 0 && valid_date(l->lab.expires,
	    VALID_DATE_EXPIRY, cm->today, "lab_expires", &cause) != 0)) {
		ctl_errors_add(&cm->errs, row->line, "column %s", cause);
		free(cause);
		bad = 1;
	}
	return (bad ? -1 : 0);
}

/* File checks of one row. */
static void
ctl_manifest_row(struct ctl_manifest *cm, struct ctl_manifest_row *row)
{
	static const struct {
		int		 col;
		size_t		 max;
	} text[] = {
		{ MC_MANIFEST, MANIFEST_MAX }, { MC_SUPPLIER, LICENCE_MAX },
		{ MC_SKU, SKU_MAX }, { MC_BATCH, BATCH_MAX },
		{ MC_LAB, LICENCE_MAX }
	};
	struct manifest_line	*l = &row->l;
	char			 c[48], *s;
	int			 bad = 0;
	size_t			 i;

	for (i = 0; i < sizeof text / sizeof text[0]; i++) {
		if (ctl_csv_cell(&cm->errs, row->line,
		    ctl_manifest_cols[text[i].col].name, row->f[text[i].col],
		    text[i].max) != 0) {
			row->ok = 0;
			return;
		}
	}

	if (*row->f[MC_MANIFEST] == '\0' ||
	    strlen(row->f[MC_MANIFEST]) > MANIFEST_MAX) {
		ctl_errors_add(&cm->errs, row->line, "manifest number must be 1 "
		    "to %d characters", MANIFEST_MAX);
		bad = 1;
	}
	if (*row->f[MC_SUPPLIER] == '\0' ||
	    strlen(row->f[MC_SUPPLIER]) > LICENCE_MAX) {
		ctl_errors_add(&cm->errs, row->line, "supplier licence must be 1 "
		    "to %d characters", LICENCE_MAX);
		bad = 1;
	}
	util_tag_upper(row->f[MC_TAG]);
	if (!util_tag_valid(row->f[MC_TAG])) {
		ctl_errors_add(&cm->errs, row->line, "tag \"%s\" is not a package "
		    "tag: 24 hexadecimal characters",
		    stashctl_clean(row->f[MC_TAG], c, sizeof c));
		bad = 1;
	} else
		strlcpy(l->tag, row->f[MC_TAG], sizeof l->tag);
	if (*row->f[MC_SKU] == '\0' || strlen(row->f[MC_SKU]) > SKU_MAX) {
		ctl_errors_add(&cm->errs, row->line, "SKU must be 1 to %d "
		    "characters", SKU_MAX);
		bad = 1;
	} else
		strlcpy(l->sku, row->f[MC_SKU], sizeof l->sku);
	if (strlen(row->f[MC_BATCH]) > BATCH_MAX) {
		ctl_errors_add(&cm->errs, row->line, "batch is longer than %d "
		    "characters", BATCH_MAX);
		bad = 1;
	} else
		strlcpy(l->batch, row->f[MC_BATCH], sizeof l->batch);
	if (*row->f[MC_QTY] == '\0') {
		ctl_errors_add(&cm->errs, row->line, "qty is empty");
		bad = 1;
	}
	if (ctl_manifest_date(row->f[MC_HARVESTED], &l->harvested) != 0) {
		ctl_errors_add(&cm->errs, row->line, "harvested \"%s\" is not a "
		    "date like 2026-03-01", stashctl_clean(
		    row->f[MC_HARVESTED], c, sizeof c));
		bad = 1;
	}
	if (ctl_manifest_date(row->f[MC_TESTED], &l->lab.tested) != 0 ||
	    ctl_manifest_date(row->f[MC_LAB_EXPIRES], &l->lab.expires) != 0) {
		ctl_errors_add(&cm->errs, row->line, "tested and lab_expires are "
		    "dates like 2026-03-01");
		bad = 1;
	}
	for (s = row->f[MC_LAB_STATUS]; *s != '\0'; s++)
		*s = (char)tolower((u_char)*s);
	s = row->f[MC_LAB_STATUS];
	if (*s == '\0' || strcmp(s, "none") == 0)
		l->lab.status = LAB_NONE;
	else if (strcmp(s, "pass") == 0 || strcmp(s, "passed") == 0)
		l->lab.status = LAB_PASS;
	else if (strcmp(s, "fail") == 0 || strcmp(s, "failed") == 0)
		l->lab.status = LAB_FAIL;
	else {
		ctl_errors_add(&cm->errs, row->line, "lab_status \"%s\" must be "
		    "pass, fail or empty", stashctl_clean(s, c, sizeof c));
		bad = 1;
	}
	if (ctl_manifest_tenths(row->f[MC_LAB_THC], &l->lab.thc) != 0 ||
	    ctl_manifest_tenths(row->f[MC_LAB_CBD], &l->lab.cbd) != 0) {
		ctl_errors_add(&cm->errs, row->line, "lab_thc and lab_cbd are "
		    "percentages with at most one decimal, like 22.5");
		bad = 1;
	}
	if (strlen(row->f[MC_LAB]) > LICENCE_MAX) {
		ctl_errors_add(&cm->errs, row->line, "lab licence is longer than "
		    "%d characters", LICENCE_MAX);
		bad = 1;
	} else
		strlcpy(l->lab.lab, row->f[MC_LAB], sizeof l->lab.lab);
	if (!bad && ctl_manifest_bounds(cm, row) != 0)
		bad = 1;
	if (bad)
		row->ok = 0;
}

/* A row's qty once its product is known: whole units, or grams. */
static int
ctl_manifest_qty(struct ctl_manifest *cm, struct ctl_manifest_row *row,
    const struct product *p)
{
	int64_t	v;

	if (ctl_csv_qty(&cm->errs, row->line, row->f[MC_QTY], p, 1, &v) != 0)
		return (-1);
	row->l.shipped = v;
	return (0);
}

/* The transaction: ledger checks, then one intake_create per manifest. */
static int
ctl_manifest_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_manifest	*cm = arg;
	struct ctl_manifest_row	*row, *first;
	struct manifest_line	*lines;
	struct manifest		 m;
	struct product		 p;
	char			*why = NULL, c[48];
	u_int			 i, j, n;
	int			 r, *done;
	enum intake_err		 e;

	ctl_errors_truncate(&cm->errs, cm->nfile);
	cm->nmanifests = 0;
	for (i = 0; i < cm->nrows; i++) {
		row = &cm->rows[i];
		if (!row->ok)
			continue;
		r = store_product_by_sku(t, row->l.sku, &p);
		if (r == STORE_NOTFOUND) {
			ctl_errors_add(&cm->errs, row->line, "no product with SKU "
			    "%s (import the products first)",
			    stashctl_clean(row->l.sku, c, sizeof c));
			row->ok = 0;
			continue;
		}
		if (r != 0)
			return (-1);
		if (ctl_manifest_qty(cm, row, &p) != 0)
			row->ok = 0;
	}
	if (cm->errs.n != 0) {
		xasprintf(cause, "errors");
		return (-1);
	}
	done = xcalloc(cm->nrows, sizeof *done);
	lines = xcalloc(cm->nrows, sizeof *lines);
	for (i = 0; i < cm->nrows; i++) {
		if (done[i])
			continue;
		first = &cm->rows[i];
		memset(&m, 0, sizeof m);
		strlcpy(m.number, first->f[MC_MANIFEST], sizeof m.number);
		strlcpy(m.supplier, first->f[MC_SUPPLIER], sizeof m.supplier);
		n = 0;
		for (j = i; j < cm->nrows; j++) {
			row = &cm->rows[j];
			if (strcmp(row->f[MC_MANIFEST], m.number) != 0)
				continue;
			done[j] = 1;
			if (strcmp(row->f[MC_SUPPLIER], m.supplier) != 0) {
				ctl_errors_add(&cm->errs, row->line, "manifest %s "
				    "has supplier %s on line %u, not %s",
				    m.number, m.supplier, first->line,
				    stashctl_clean(row->f[MC_SUPPLIER], c,
				    sizeof c));
				continue;
			}
			lines[n++] = row->l;
		}
		e = intake_create(t, &m, lines, n, 0, CTL_AUDIT_WHO, &why);
		if (e == INTAKE_E_STORE) {
			free(why);
			free(lines);
			free(done);
			return (-1);
		}
		if (e != INTAKE_OK)
			ctl_errors_add(&cm->errs, first->line, "%s", why);
		free(why);
		why = NULL;
		cm->nmanifests++;
	}
	free(lines);
	free(done);
	if (cm->errs.n != 0) {
		xasprintf(cause, "errors");
		return (-1);
	}
	return (t->ret != 0 ? -1 : 0);
}

static void
ctl_manifest_free(struct ctl_manifest *cm)
{
	u_int	i, j;

	for (i = 0; i < cm->nrows; i++) {
		for (j = 0; j < MC_NCOLS; j++)
			free(cm->rows[i].f[j]);
	}
	free(cm->rows);
	ctl_errors_truncate(&cm->errs, 0);
}

/*
 * The checks that need only the file (tests/fuzz/fuzz-csv.c calls this
 * too): PATH read into cm's rows, each checked. No ledger is touched. -1
 * (reported) if the file cannot be read at all.
 */
static int
ctl_manifest_parse(struct ctl_manifest *cm, const char *path, int today)
{
	struct ctl_csv	t;
	u_int		i;

	memset(cm, 0, sizeof *cm);
	cm->file = strcmp(path, "-") == 0 ? "stdin" : path;
	cm->today = today;

	memset(&t, 0, sizeof t);
	t.file = cm->file;
	t.cols = ctl_manifest_cols;
	t.ncols = MC_NCOLS;
	t.rows_max = CTL_MAN_ROWS_MAX;
	t.errs = &cm->errs;
	t.add = ctl_manifest_add;
	t.arg = cm;
	if (ctl_csv_table(&t, path) != 0)
		return (-1);
	for (i = 0; i < cm->nrows; i++)
		ctl_manifest_row(cm, &cm->rows[i]);
	cm->nfile = cm->errs.n;
	return (0);
}

int
ctl_manifest_import(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_manifest	 cm;
	const char		*path = args->argv[0];
	char			*cause = NULL;
	int			 r;

	if (ctl_manifest_parse(&cm, path,
	    util_local_date(util_now(), ctl->info.tz)) != 0) {
		ctl_manifest_free(&cm);
		return (-1);
	}
	r = store_write(ctl->st, ctl_manifest_cb, &cm, &cause);
	if (ctl_errors_report(&cm.errs, cm.file) != 0) {
		free(cause);
		ctl_manifest_free(&cm);
		return (-1);
	}
	if (r != 0) {
		stashctl_error("%s: %s; nothing was imported", cm.file,
		    cause != NULL ? cause : "write failed");
		free(cause);
		ctl_manifest_free(&cm);
		return (-1);
	}
	if (ctl->json)
		stashctl_json_print(json_pack("{s:s,s:o,s:i,s:i}", "import",
		    "manifest", "file", stashctl_json_str(cm.file),
		    "manifests", (int)cm.nmanifests, "packages",
		    (int)cm.nrows));
	else
		printf("imported %u manifest%s (%u package%s) from %s\n",
		    cm.nmanifests, cm.nmanifests == 1 ? "" : "s", cm.nrows,
		    cm.nrows == 1 ? "" : "s", cm.file);
	ctl_manifest_free(&cm);
	return (0);
}

struct ctl_manifest_list {
	struct stashctl_list	 l;
	int			 all;	/* closed ones too */
};

static int
ctl_manifest_list_one(const struct manifest *m, void *arg)
{
	struct ctl_manifest_list	*ml = arg;
	struct stashctl_list		*l = &ml->l;
	struct intake_tally		 it;
	char				 tm[64];

	if (!ml->all && m->status != MANIFEST_OPEN)
		return (0);
	if (l->arr != NULL) {
		json_array_append_new(l->arr, reply_manifest_full(&l->t, m, 0));
		return (0);
	}
	intake_manifest_tally(&l->t, m->number, &it, NULL, NULL);
	fprintf(l->f, "%-20s %-20s %-19s %-7s %8u %8u %8u\n", m->number,
	    m->supplier, stashctl_time(l->ctl, m->created, tm, sizeof tm),
	    store_manifest_status_name(m->status), it.packages, it.pending,
	    it.discrepancies);
	return (0);
}

int
ctl_manifest_list(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_manifest_list	 ml;
	char				 head[160];

	snprintf(head, sizeof head, "%-20s %-20s %-19s %-7s %8s %8s %8s\n",
	    "MANIFEST", "SUPPLIER", "CREATED", "STATUS", "PACKAGES", "PENDING",
	    "DISCREP");
	if (stashctl_list_begin(ctl, &ml.l, head) != 0)
		return (-1);
	ml.all = stashctl_flag(args, "all");
	intake_manifest_walk(&ml.l.t, ctl_manifest_list_one, &ml);
	return (stashctl_list_end(&ml.l));
}

static int
ctl_manifest_show_line(const struct manifest_line *l, void *arg)
{
	FILE	*f = arg;

	fprintf(f, "%-24s  %-12s %-14s %12lld %12lld  %-9s %-13s %s\n",
	    l->tag, l->sku, l->batch, (long long)l->shipped,
	    (long long)l->received, store_manifest_state_name(l->state),
	    store_manifest_disc_name(l->disc),
	    store_package_lab_name(l->lab.status));
	return (0);
}

int
ctl_manifest_show(struct ctl *ctl, struct ctl_args *args)
{
	struct stashctl_list	 l;
	struct manifest		 m;
	char			 tm[64];
	int			 r;

	if (stashctl_list_begin(ctl, &l, NULL) != 0)
		return (-1);
	r = store_manifest_get(&l.t, args->argv[0], &m);
	if (r == STORE_NOTFOUND) {
		store_abort(&l.t);
		stashctl_out_done(&l.out, 0);
		json_decref(l.arr);
		stashctl_error("no manifest %s", args->argv[0]);
		return (-1);
	}
	if (r != 0)
		return (stashctl_list_end(&l));
	if (l.arr != NULL) {
		json_decref(l.arr);
		l.arr = reply_manifest_full(&l.t, &m, 1);
		return (stashctl_list_end(&l));
	}
	fprintf(l.f, "manifest %s from %s, created %s, %s\n", m.number,
	    m.supplier, stashctl_time(ctl, m.created, tm, sizeof tm),
	    store_manifest_status_name(m.status));
	fprintf(l.f, "%-24s  %-12s %-14s %12s %12s  %-9s %-13s %s\n", "TAG",
	    "SKU", "BATCH", "SHIPPED", "RECEIVED", "STATE", "DISCREPANCY",
	    "LAB");
	intake_line_walk(&l.t, m.number, ctl_manifest_show_line, l.f);
	return (stashctl_list_end(&l));
}
