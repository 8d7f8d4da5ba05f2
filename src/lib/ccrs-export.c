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

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ccrs-export.h"
#include "metrc-payload.h"
#include "outbox.h"
#include "sale.h"

/*
 * The CCRS adapter's ledger side: the outbox's neutral jobs and the
 * ledger's packages become CCRS rows, written to files a person uploads;
 * the state's answers come back through ccrs_results.
 *
 * A job whose rows are in a file stays pending, marked uncertain and due
 * never (CCRS_DUE_WRITTEN), until the state accepts every row of it: the
 * dashboard counts it as unreported until then, and a void of its sale
 * gets a delete job (outbox_void). Master data (strains, areas, products,
 * packages, transfers in) has no job: a record is written once, and
 * again when the state refused it or said it was missing.
 *
 * One export is one write transaction: the records and jobs it marks are
 * committed with the files on disk (each fsync'd, renamed into place);
 * were the commit to fail, the next export writes the same rows again
 * under the same identifiers, and the state answers "Duplicate" to any
 * already filed, which counts as accepted.
 */

#define CCRS_DUE_WRITTEN	INT64_MAX
#define CCRS_JOBS_MAX		1000000	/* jobs looked at in one export */

struct ccrs_x {
	struct store_txn		*t;
	const struct ccrs_conf		*c;
	int64_t				 now;
	int				 today;
	int				 since;		/* YYYYMMDD, 0 */
	struct buf			 rows[CCRS_NFILES];
	u_int				 n[CCRS_NFILES];
	char				 upload[CCRS_NFILES][CCRS_UPLOAD_MAX + 1];
	uint64_t			*jobs;
	size_t				 njobs;
	struct ccrs_export_stats	*st;
};

/* The licence CCRS knows: six digits. */
int
ccrs_licence_valid(const char *s, char **cause)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!isdigit((u_char)s[i]))
			break;
	}
	if (i != 6 || s[i] != '\0') {
		if (cause == NULL)
			return (-1);
		xasprintf(cause, "ccrs-licence \"%s\": CCRS takes the store's "
		    "six-digit WSLCB licence number", s);
		return (-1);
	}
	return (0);
}

/*
 * The operation a record is written with, and the record marked written
 * to this export's file. want is CCRS_DELETE, CCRS_UPDATE (a change: an
 * Insert if it was never written) or CCRS_INSERT (an Update if the state
 * has a version of it).
 */
static int
ccrs_x_mark(struct ccrs_x *x, int file, const char *key, uint64_t job,
    int want)
{
	struct ccrs_record	r, old;
	int			found, op;

	found = store_ccrs_get(x->t, file, key, &r) == 0;
	if (!found) {
		memset(&r, 0, sizeof r);
		r.file = file;
		strlcpy(r.key, key, sizeof r.key);
	}
	old = r;
	if (want == CCRS_DELETE)
		op = CCRS_DELETE;
	else if (want == CCRS_UPDATE)
		op = found && (r.at_state || r.state == CCRS_WRITTEN ||
		    r.state == CCRS_UPLOADED) ? CCRS_UPDATE : CCRS_INSERT;
	else
		op = r.at_state ? CCRS_UPDATE : CCRS_INSERT;
	r.op = op;
	r.state = CCRS_WRITTEN;
	r.job = job;
	strlcpy(r.upload, x->upload[file], sizeof r.upload);
	r.written = x->now;
	r.uploaded = 0;
	r.by[0] = '\0';
	r.error[0] = '\0';
	store_ccrs_put(x->t, found ? &old : NULL, &r);
	x->n[file]++;
	return (op);
}

/* Is a master record to be written: never written, or to be again? */
static int
ccrs_x_need(struct ccrs_x *x, int file, const char *key)
{
	struct ccrs_record	r;

	if (store_ccrs_get(x->t, file, key, &r) != 0)
		return (1);
	return (r.state == CCRS_REWRITE || r.state == CCRS_REJECTED);
}

static void
ccrs_x_stamp(struct ccrs_x *x, struct ccrs_stamp *st, int created, int op)
{
	st->by = x->c->by;
	st->created = created > x->today ? x->today : created;
	st->updated = op == CCRS_INSERT ? 0 : x->today;
	st->op = op;
}

/* Our location as the Area CCRS knows it (vehicles share one). */
static void
ccrs_area_name(const char *loc, char *out, size_t len)
{
	if (*loc == '\0')
		strlcpy(out, "floor", len);
	else if (strncmp(loc, "vehicle:", 8) == 0)
		strlcpy(out, "vehicle", len);
	else
		strlcpy(out, loc, len);
}

static void
ccrs_x_area(struct ccrs_x *x, const char *area)
{
	struct ccrs_stamp	st;
	char			key[CCRS_ID_MAX + 1];
	int			op;

	snprintf(key, sizeof key, "area-%s", area);
	if (!ccrs_x_need(x, CCRS_AREA, key))
		return;
	op = ccrs_x_mark(x, CCRS_AREA, key, 0, CCRS_INSERT);
	ccrs_x_stamp(x, &st, x->today, op);
	ccrs_row_area(&x->rows[CCRS_AREA], x->c->licence, area,
	    strcmp(area, "quarantine") == 0, key, &st);
}

/* The strain a product is filed under: its name (the catalogue has none). */
static void
ccrs_strain_name(const struct product *p, char *out, size_t len)
{
	struct buf	b;

	buf_init(&b);
	ccrs_clean(&b, p->name, CCRS_STRAIN_MAX);
	strlcpy(out, buf_cstr(&b), len);
	buf_free(&b);
}

/* A package's Inventory row, with its product, strain and area first. */
static void
ccrs_x_inventory(struct ccrs_x *x, const struct package *pk, uint64_t job,
    int want)
{
	struct product		p;
	struct ccrs_stamp	st;
	char			key[CCRS_ID_MAX + 1], strain[CCRS_STRAIN_MAX + 1];
	char			area[LOCATION_MAX + 1];
	const char		*type;
	int			op, created;
	int64_t			cost;

	if (store_product_get(x->t, pk->product, &p) != 0)
		return;
	created = pk->received != 0 ? util_local_date(pk->received,
	    x->c->tz) : x->today;
	ccrs_strain_name(&p, strain, sizeof strain);
	if (ccrs_x_need(x, CCRS_STRAIN, strain)) {
		op = ccrs_x_mark(x, CCRS_STRAIN, strain, 0, CCRS_INSERT);
		ccrs_x_stamp(x, &st, x->today, CCRS_INSERT);
		ccrs_row_strain(&x->rows[CCRS_STRAIN], x->c->licence, strain,
		    "Hybrid", &st);
	}
	snprintf(key, sizeof key, "product-%s", p.sku);
	if (ccrs_x_need(x, CCRS_PRODUCT, key)) {
		if ((type = ccrs_product_type(p.category)) == NULL)
			type = "Usable Cannabis";
		op = ccrs_x_mark(x, CCRS_PRODUCT, key, 0, CCRS_INSERT);
		ccrs_x_stamp(x, &st, x->today, op);
		ccrs_row_product(&x->rows[CCRS_PRODUCT], x->c->licence, type,
		    p.name, p.category, !p.unit_weight && p.net_ug >= 1000 ?
		    p.net_ug / 1000 : 1000, key, &st);
	}
	ccrs_area_name(pk->location, area, sizeof area);
	ccrs_x_area(x, area);
	if (want == CCRS_INSERT && !ccrs_x_need(x, CCRS_INVENTORY, pk->tag))
		return;
	op = ccrs_x_mark(x, CCRS_INVENTORY, pk->tag, job, want);
	ccrs_x_stamp(x, &st, created, op);
	cost = pk->unit_cost != 0 ? pk->unit_cost : p.unit_cost;
	cost = p.unit_weight ? money_muldiv(cost, pk->received_qty, 1000) :
	    cost * pk->received_qty;
	ccrs_row_inventory(&x->rows[CCRS_INVENTORY], x->c->licence, strain,
	    area, p.name, pk->received_qty, pk->qty, p.unit_weight, cost,
	    pk->tag, &st);
	/*
	 * Goods in from a Washington licence (six digits): others (a demo's,
	 * an import's) CCRS would refuse, so none is filed.
	 */
	snprintf(key, sizeof key, "xfer-%s", pk->tag);
	if (ccrs_licence_valid(pk->supplier, NULL) != 0 ||
	    !ccrs_x_need(x, CCRS_TRANSFER, key))
		return;
	op = ccrs_x_mark(x, CCRS_TRANSFER, key, 0, CCRS_INSERT);
	ccrs_x_stamp(x, &st, created, op);
	ccrs_row_transfer(&x->rows[CCRS_TRANSFER], pk->supplier,
	    x->c->licence, pk->tag, pk->tag, pk->received_qty, p.unit_weight,
	    created, key, &st);
}

static int
ccrs_x_package(const struct package *pk, void *arg)
{
	ccrs_x_inventory(arg, pk, 0, CCRS_INSERT);
	return (0);
}

/*
 * A sale job's base: the receipt's reference (the SaleExternalIdentifier;
 * a line's is it and the line's number) and the sale. -1 if the ledger
 * has them not.
 */
static int
ccrs_sale_base(struct store_txn *t, const struct outbox_job *j, char *base,
    size_t len, uint64_t *sale)
{
	struct outbox_job	rj;
	struct sale_return	ret;

	switch (j->kind) {
	case OUTBOX_RECEIPT:
	case OUTBOX_DELIVERY:
		strlcpy(base, j->ref, len);
		*sale = j->subject;
		return (0);
	case OUTBOX_DELETE:
		if (outbox_get(t, j->link, &rj) != 0)
			return (-1);
		strlcpy(base, rj.ref, len);
		*sale = j->subject;
		return (0);
	case OUTBOX_RETURN:
		if (outbox_get(t, j->link, &rj) != 0 ||
		    store_return_get(t, j->subject, &ret) != 0)
			return (-1);
		strlcpy(base, rj.ref, len);
		*sale = ret.sale;
		return (0);
	}
	return (-1);
}

static void
ccrs_detail_key(char *out, size_t len, const char *base, u_int line)
{
	snprintf(out, len, "%s-%u", base, line + 1);
}

/* A sale's lines: Insert, Update to what was kept, or Delete. */
static int
ccrs_x_sale(struct ccrs_x *x, const struct outbox_job *j, char *why,
    size_t len)
{
	struct sale		*s, *c;
	struct customer		 cu;
	struct ccrs_sale_row	 r;
	struct ccrs_stamp	 st;
	char			 base[MAX_REF + 1], key[CCRS_ID_MAX + 1];
	uint64_t		 sale;
	int64_t			 gross, paid, tax, kept;
	int			 want, op;
	u_int			 i;

	if (ccrs_sale_base(x->t, j, base, sizeof base, &sale) != 0) {
		snprintf(why, len, "the ledger has no sale for this report");
		return (-1);
	}
	s = xmalloc(sizeof *s);
	c = xmalloc(sizeof *c);
	if (store_sale_get(x->t, sale, s) != 0) {
		free(s);
		free(c);
		snprintf(why, len, "sale %llu is not in the ledger",
		    (unsigned long long)sale);
		return (-1);
	}
	memcpy(c, s, sizeof *c);
	c->ndiscounts = 0;
	c->discount = 0;
	memset(&r, 0, sizeof r);
	r.medical = s->customer != 0 &&
	    store_customer_get(x->t, s->customer, &cu) == 0 &&
	    (cu.type == CUSTOMER_MEDICAL || cu.type == CUSTOMER_CAREGIVER ||
	    cu.type == CUSTOMER_OOS_PATIENT);
	r.date = util_local_date(s->time, x->c->tz);
	r.sale = base;
	for (i = 0; i < s->nlines; i++) {
		ccrs_detail_key(key, sizeof key, base, i);
		kept = s->lines[i].qty - s->lines[i].returned;
		if (j->kind == OUTBOX_DELETE ||
		    (j->kind == OUTBOX_RETURN && kept <= 0))
			want = CCRS_DELETE;
		else if (j->kind == OUTBOX_RETURN)
			want = CCRS_UPDATE;
		else
			want = CCRS_INSERT;
		if (j->kind == OUTBOX_RETURN && s->lines[i].returned == 0 &&
		    want == CCRS_UPDATE)
			continue;	/* untouched by returns */
		op = ccrs_x_mark(x, CCRS_SALE, key, j->id, want);
		ccrs_x_stamp(x, &st, r.date, op);
		paid = metrc_payload_line_amount(s, i);
		gross = metrc_payload_line_amount(c, i);
		tax = s->lines[i].tax >= 0 ? s->lines[i].tax :
		    sale_line_paid(s, i) - paid;
		r.inventory = s->lines[i].tag;
		r.weight = s->lines[i].unit_weight;
		r.qty = s->lines[i].qty;
		if (j->kind == OUTBOX_RETURN && kept > 0) {
			paid = money_muldiv(paid, kept, r.qty);
			gross = money_muldiv(gross, kept, r.qty);
			tax = money_muldiv(tax, kept, r.qty);
			r.qty = kept;
		}
		if (gross < paid)
			gross = paid;
		r.price = gross;
		r.discount = gross - paid;
		r.excise = ccrs_excise(paid);
		r.sales_tax = tax - r.excise > 1 ? tax - r.excise : 0;
		r.detail = key;
		ccrs_row_sale(&x->rows[CCRS_SALE], x->c->licence, &r, &st);
	}
	free(s);
	free(c);
	return (0);
}

/*
 * An adjustment or move job's record and its package, filed first if it
 * never was. -1 with why if the ledger has them not.
 */
static int
ccrs_x_package_of(struct ccrs_x *x, const struct outbox_job *j,
    struct adjust *a, struct package *pk, char *why, size_t len)
{
	if (store_adjust_get(x->t, j->subject, a) != 0 ||
	    store_package_get(x->t, a->tag, pk) != 0) {
		snprintf(why, len, "%s %llu or its package is not in the "
		    "ledger", outbox_kind_name(j->kind),
		    (unsigned long long)j->subject);
		return (-1);
	}
	ccrs_x_inventory(x, pk, 0, CCRS_INSERT);
	return (0);
}

/* An adjustment: quantity taken off. CCRS takes no increase. */
static int
ccrs_x_adjust(struct ccrs_x *x, const struct outbox_job *j, char *why,
    size_t len)
{
	struct adjust		a;
	struct package		pk;
	struct product		p;
	struct ccrs_stamp	st;
	int			op, date;

	if (ccrs_x_package_of(x, j, &a, &pk, why, len) != 0)
		return (-1);
	if (a.delta > 0) {
		snprintf(why, len, "CCRS takes no increase of a package "
		    "(%s, %s): repackage it under a new tag and report that",
		    a.tag, a.reason);
		return (-1);
	}
	p.unit_weight = 0;
	if (store_product_get(x->t, pk.product, &p) != 0 && x->t->ret != 0)
		return (-1);
	date = util_local_date(a.time, x->c->tz);
	op = ccrs_x_mark(x, CCRS_ADJUST, j->ref, j->id, CCRS_INSERT);
	ccrs_x_stamp(x, &st, date, op);
	ccrs_row_adjust(&x->rows[CCRS_ADJUST], x->c->licence, a.tag,
	    ccrs_reason(a.reason), a.note, -a.delta, p.unit_weight, date,
	    j->ref, &st);
	return (0);
}

/* A move: the package's Inventory row again, in its new area. */
static int
ccrs_x_move(struct ccrs_x *x, const struct outbox_job *j, char *why,
    size_t len)
{
	struct adjust	a;
	struct package	pk;

	if (ccrs_x_package_of(x, j, &a, &pk, why, len) != 0)
		return (-1);
	ccrs_x_inventory(x, &pk, j->id, CCRS_UPDATE);
	return (0);
}

/* A job's rows; the job is marked written, or made an exception. */
static void
ccrs_x_job(struct ccrs_x *x, uint64_t id)
{
	struct outbox_job	j, old;
	char			why[OUTBOX_ERROR_MAX + 1];
	int			r = -1;

	if (outbox_get(x->t, id, &j) != 0)
		return;
	old = j;
	*why = '\0';
	switch (j.kind) {
	case OUTBOX_RECEIPT:
	case OUTBOX_DELIVERY:
	case OUTBOX_DELETE:
	case OUTBOX_RETURN:
		r = ccrs_x_sale(x, &j, why, sizeof why);
		break;
	case OUTBOX_ADJUST:
		r = ccrs_x_adjust(x, &j, why, sizeof why);
		break;
	case OUTBOX_LOCATION:
		r = ccrs_x_move(x, &j, why, sizeof why);
		break;
	}
	if (j.state != OUTBOX_PENDING)
		return;		/* --since: written again as it was */
	j.attempts++;
	if (r != 0) {
		strlcpy(j.error, why, sizeof j.error);
		outbox_failed(&j, x->now, why);
		j.state = OUTBOX_EXCEPTION;
		x->st->exceptions++;
	} else {
		j.uncertain = 1;
		j.due = CCRS_DUE_WRITTEN;
		j.error[0] = '\0';
		x->st->jobs++;
	}
	outbox_put(x->t, &old, &j);
}

/* A job to write, of at most CCRS_JOBS_MAX an export. */
static int
ccrs_x_add(struct ccrs_x *x, uint64_t id)
{
	if (x->njobs >= CCRS_JOBS_MAX)
		return (1);
	x->jobs = xreallocarray(x->jobs, x->njobs + 1, sizeof *x->jobs);
	x->jobs[x->njobs++] = id;
	return (0);
}

static int
ccrs_x_due(const struct outbox_job *j, void *arg)
{
	struct ccrs_x	*x = arg;

	if (j->due > x->now || j->state != OUTBOX_PENDING)
		return (1);
	return (ccrs_x_add(x, j->id));
}

/* --since: every job of the day or after, but those voided unsent. */
static int
ccrs_x_since(const struct outbox_job *j, void *arg)
{
	struct ccrs_x	*x = arg;

	if (util_local_date(j->created, x->c->tz) < x->since ||
	    j->state == OUTBOX_CANCELLED ||
	    j->state == OUTBOX_EXCEPTION)
		return (0);
	return (ccrs_x_add(x, j->id));
}

/* Write b to dir/name: a temporary file, fsync'd, renamed into place. */
static int
ccrs_write_file(const char *dir, const char *name, const struct buf *b,
    char **cause)
{
	char	*path, *tmp;
	int	 fd, ok;

	xasprintf(&path, "%s/%s", dir, name);
	xasprintf(&tmp, "%s/.%s.tmp", dir, name);
	if ((fd = open(tmp, O_WRONLY|O_CREAT|O_TRUNC, 0640)) == -1) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		free(path);
		free(tmp);
		return (-1);
	}
	ok = write(fd, b->data, b->len) == (ssize_t)b->len &&
	    fsync(fd) == 0;
	if (close(fd) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		unlink(tmp);
		free(path);
		free(tmp);
		return (-1);
	}
	free(path);
	free(tmp);
	return (0);
}

/*
 * This export's file names: Type_LICENCE_YYYYMMDDhhmmss.csv in the
 * store's time, one second after the last export's at least, so that no
 * two exports name a file alike; and no name a file in dir already has.
 * An export whose commit was lost (a crash after its files were renamed
 * into place) left files the ledger does not know: a person may have
 * uploaded one, and the state's answer names it, so it is never replaced
 * by a file of other rows under its name.
 */
static void
ccrs_x_names(struct ccrs_x *x, const char *dir)
{
	int64_t	when, last;
	char	ts[32], *path;
	int	f, k, n, tries, taken;

	last = store_meta_get_i64(x->t, "ccrs-last-export");
	when = x->now;
	if (when / 1000000 <= last / 1000000)
		when = (last / 1000000 + 1) * 1000000;
	for (tries = 0;; tries++, when += 1000000) {
		util_time_str(when, x->c->tz, ts, sizeof ts);
		for (k = 0, n = 0; ts[k] != '\0'; k++) {
			if (isdigit((u_char)ts[k]))
				ts[n++] = ts[k];
		}
		ts[n] = '\0';
		taken = 0;
		for (f = 0; f < CCRS_NFILES; f++) {
			snprintf(x->upload[f], sizeof x->upload[f],
			    "%s_%s_%s.csv", ccrs_file_name(f), x->c->licence,
			    ts);
			xasprintf(&path, "%s/%s", dir, x->upload[f]);
			if (access(path, F_OK) == 0)
				taken = 1;
			free(path);
		}
		/* A bound, not a case: a day of names taken. */
		if (!taken || tries == 86400)
			break;
	}
	store_meta_put_i64(x->t, "ccrs-last-export", when);
}

/*
 * Write what is owed to the state into dir, in upload order: the master
 * data not yet filed, then every due job (since 0), or every job of
 * since's day (YYYYMMDD, store-local) and after again: the same
 * identifiers, as Updates where the state has them. -1 with cause if a file cannot be
 * written (the caller aborts the transaction).
 */
int
ccrs_export(struct store_txn *t, const struct ccrs_conf *c, const char *dir,
    int64_t now, int since, struct ccrs_export_stats *st, char **cause)
{
	struct ccrs_x	 x;
	struct buf	 file;
	struct util_tz	 z;
	size_t		 i;
	int		 f, r = 0;

	memset(st, 0, sizeof *st);
	memset(&x, 0, sizeof x);
	x.t = t;
	x.c = c;
	x.now = now;
	x.since = since;
	x.st = st;
	util_tz_enter(&z, c->tz);
	x.today = util_local_date(now, c->tz);
	for (f = 0; f < CCRS_NFILES; f++)
		buf_init(&x.rows[f]);
	ccrs_x_names(&x, dir);
	ccrs_x_area(&x, "floor");
	store_package_walk(t, ccrs_x_package, &x);
	if (since > 0)
		outbox_walk(t, ccrs_x_since, &x);
	else
		outbox_due_walk(t, CCRS_JOBS_MAX, ccrs_x_due, &x);
	for (i = 0; i < x.njobs && t->ret == 0; i++)
		ccrs_x_job(&x, x.jobs[i]);
	free(x.jobs);
	buf_init(&file);
	for (f = 0; f < CCRS_NFILES && r == 0 && t->ret == 0; f++) {
		if (x.n[f] == 0)
			continue;
		buf_reset(&file);
		ccrs_preamble(&file, f, c->by, x.today, x.n[f]);
		buf_add(&file, x.rows[f].data, x.rows[f].len);
		r = ccrs_write_file(dir, x.upload[f], &file, cause);
		if (r == 0) {
			strlcpy(st->files[st->nfiles], x.upload[f],
			    sizeof st->files[st->nfiles]);
			st->rows[st->nfiles++] = x.n[f];
		}
	}
	buf_free(&file);
	for (f = 0; f < CCRS_NFILES; f++)
		buf_free(&x.rows[f]);
	util_tz_leave(&z);
	if (r == 0 && t->ret != 0) {
		xasprintf(cause, "%s", t->err);
		r = -1;
	}
	return (r);
}

/* --- the state's answers --- */

/*
 * The records a job's rows are: a sale's lines, an adjustment, a moved
 * package. 0 and *n set, or -1.
 */
static int
ccrs_job_keys(struct store_txn *t, const struct outbox_job *j, int *file,
    char keys[][CCRS_ID_MAX + 1], u_int *n)
{
	struct sale	*s;
	struct adjust	 a;
	char		 base[MAX_REF + 1];
	uint64_t	 sale;
	u_int		 i;

	*n = 0;
	switch (j->kind) {
	case OUTBOX_ADJUST:
		*file = CCRS_ADJUST;
		strlcpy(keys[(*n)++], j->ref, CCRS_ID_MAX + 1);
		return (0);
	case OUTBOX_LOCATION:
		if (store_adjust_get(t, j->subject, &a) != 0)
			return (-1);
		*file = CCRS_INVENTORY;
		strlcpy(keys[(*n)++], a.tag, CCRS_ID_MAX + 1);
		return (0);
	}
	if (ccrs_sale_base(t, j, base, sizeof base, &sale) != 0)
		return (-1);
	s = xmalloc(sizeof *s);
	if (store_sale_get(t, sale, s) != 0) {
		free(s);
		return (-1);
	}
	*file = CCRS_SALE;
	for (i = 0; i < s->nlines; i++)
		ccrs_detail_key(keys[(*n)++], CCRS_ID_MAX + 1, base, i);
	free(s);
	return (0);
}

/* A job whose rows the state has all accepted is done. */
static void
ccrs_job_settle(struct store_txn *t, uint64_t id, int64_t now)
{
	struct outbox_job	 j, old;
	struct ccrs_record	 r;
	char			 keys[MAX_SALE_LINES][CCRS_ID_MAX + 1];
	u_int			 n, i;
	int			 file;

	if (id == 0 || outbox_get(t, id, &j) != 0 ||
	    j.state != OUTBOX_PENDING || ccrs_job_keys(t, &j, &file, keys,
	    &n) != 0)
		return;
	for (i = 0; i < n; i++) {
		if (store_ccrs_get(t, file, keys[i], &r) != 0)
			continue;	/* a line untouched by a return */
		if (r.job == id && r.state != CCRS_ACCEPTED)
			return;
	}
	old = j;
	outbox_done(t, &j, now);
	outbox_put(t, &old, &j);
}

/*
 * A job whose row the state answered for other than "done": written
 * again (retry: the state has it not) or an exception with its words.
 */
static void
ccrs_job_refuse(struct store_txn *t, const struct ccrs_record *r,
    const struct state_result *res, int64_t now)
{
	struct outbox_job	j, old;
	struct buf		b;

	if (r->job == 0 || outbox_get(t, r->job, &j) != 0 ||
	    j.state == OUTBOX_DONE || j.state == OUTBOX_CANCELLED)
		return;
	old = j;
	if (res->outcome == STATE_RETRY) {
		j.state = OUTBOX_PENDING;
		j.uncertain = 0;
		j.due = now;
		outbox_failed(&j, now, res->reason);
	} else {
		buf_init(&b);
		buf_printf(&b, "CCRS %s %s: %s", ccrs_file_name(r->file),
		    r->key, res->reason);
		strlcpy(j.error, buf_cstr(&b), sizeof j.error);
		buf_free(&b);
		outbox_failed(&j, now, j.error);
		j.state = OUTBOX_EXCEPTION;
		j.uncertain = 0;
	}
	outbox_put(t, &old, &j);
}

struct ccrs_apply {
	struct store_txn		*t;
	int64_t				 now;
	struct ccrs_results_stats	*st;
	const struct ccrs_result	*res;
};

static void
ccrs_apply_one(struct ccrs_apply *ap, const struct ccrs_record *cur,
    int cls, const char *msg)
{
	struct ccrs_record	r = *cur;
	struct state_result	res;

	/* A Delete of what the state has not: nothing is left to delete. */
	if (cls == CCRS_MISSING && r.op == CCRS_DELETE)
		cls = CCRS_EXISTS;
	ccrs_result(cls, 0, msg, &res);
	strlcpy(r.error, msg, sizeof r.error);
	switch (res.outcome) {
	case STATE_DONE:
		r.state = CCRS_ACCEPTED;
		r.at_state = r.op != CCRS_DELETE;
		ap->st->accepted++;
		break;
	case STATE_RETRY:
		r.state = CCRS_REWRITE;
		r.at_state = 0;
		ap->st->rewrite++;
		break;
	default:
		r.state = CCRS_REJECTED;
		ap->st->rejected++;
		break;
	}
	store_ccrs_put(ap->t, cur, &r);
	if (res.outcome == STATE_DONE)
		ccrs_job_settle(ap->t, r.job, ap->now);
	else
		ccrs_job_refuse(ap->t, &r, &res, ap->now);
}

static int
ccrs_apply_row(const struct ccrs_answer *a, void *arg)
{
	struct ccrs_apply	*ap = arg;
	struct ccrs_record	 r;

	if (a->file < 0 || store_ccrs_get(ap->t, a->file, a->key, &r) != 0) {
		if (ap->t->ret != 0)
			return (-1);
		if (ap->st->unmatched++ == 0)
			strlcpy(ap->st->first_unmatched, a->key,
			    sizeof ap->st->first_unmatched);
		return (0);
	}
	ccrs_apply_one(ap, &r, a->cls, a->message);
	return (ap->t->ret != 0 ? -1 : 0);
}

/* The rows of an upload the state answered for as a whole. */
static int
ccrs_apply_upload(const struct ccrs_record *r, void *arg)
{
	struct ccrs_apply	*ap = arg;

	if (r->state != CCRS_WRITTEN && r->state != CCRS_UPLOADED)
		return (0);
	if (ap->res->kind == CCRS_RESULT_REFUSED)
		ccrs_apply_one(ap, r, CCRS_INVALID, ap->res->message);
	else
		ccrs_apply_one(ap, r, CCRS_EXISTS, "");
	return (ap->t->ret != 0 ? 1 : 0);
}

/*
 * Import one of the state's answers (ccrs_results_parse): an error CSV's
 * rows each to their record, a success e-mail's or a refusal's to every
 * row of the upload it names (or upload, if given; with an error CSV, the
 * rows of upload it does not list were accepted).
 */
int
ccrs_results(struct store_txn *t, const char *data, size_t len,
    const char *upload, int64_t now, struct ccrs_results_stats *st,
    char **cause)
{
	struct ccrs_apply	ap;
	struct ccrs_result	res;
	const char		*name;

	memset(st, 0, sizeof *st);
	memset(&ap, 0, sizeof ap);
	ap.t = t;
	ap.now = now;
	ap.st = st;
	ap.res = &res;
	if (ccrs_results_parse(data, len, ccrs_apply_row, &ap, &res,
	    cause) != 0) {
		if (*cause == NULL)
			xasprintf(cause, "%s", t->err);
		return (-1);
	}
	st->kind = res.kind;
	name = upload != NULL ? upload : res.upload;
	strlcpy(st->upload, name, sizeof st->upload);
	if (res.kind != CCRS_RESULT_ERRORS && *name == '\0') {
		xasprintf(cause, "the e-mail names none of our files: say "
		    "which with --file NAME");
		return (-1);
	}
	if (*name != '\0') {
		res.kind = res.kind == CCRS_RESULT_ERRORS ?
		    CCRS_RESULT_SUCCESS : res.kind;
		if (store_ccrs_upload_walk(t, name, ccrs_apply_upload,
		    &ap) != 0) {
			xasprintf(cause, "%s", t->err);
			return (-1);
		}
	}
	outbox_contact(t, now);		/* the state's answer */
	if (t->ret != 0) {
		xasprintf(cause, "%s", t->err);
		return (-1);
	}
	return (0);
}

struct ccrs_up {
	struct store_txn	*t;
	const char		*by;
	int64_t			 now;
	u_int			 n;
};

static int
ccrs_uploaded_one(const struct ccrs_record *cur, void *arg)
{
	struct ccrs_up		*u = arg;
	struct ccrs_record	 r = *cur;

	u->n++;
	if (r.state != CCRS_WRITTEN)
		return (0);
	r.state = CCRS_UPLOADED;
	r.uploaded = u->now;
	strlcpy(r.by, u->by, sizeof r.by);
	store_ccrs_put(u->t, cur, &r);
	return (u->t->ret != 0 ? 1 : 0);
}

/* A person uploaded a file we wrote: its rows are with the state now. */
int
ccrs_uploaded(struct store_txn *t, const char *upload, const char *by,
    int64_t now, u_int *n, char **cause)
{
	struct ccrs_up	u;

	memset(&u, 0, sizeof u);
	u.t = t;
	u.by = by;
	u.now = now;
	if (store_ccrs_upload_walk(t, upload, ccrs_uploaded_one, &u) != 0) {
		xasprintf(cause, "%s", t->err);
		return (-1);
	}
	if (u.n == 0) {
		xasprintf(cause, "no rows were written to %s (the names "
		    "\"stashctl compliance ccrs export\" printed)", upload);
		return (-1);
	}
	store_meta_put_i64(t, "ccrs-last-upload", now);
	*n = u.n;
	return (t->ret != 0 ? -1 : 0);
}

/*
 * The weekly deadline: the Sunday after the week of the oldest report
 * not yet accepted (YYYYMMDD, 0 if none), and whether it has passed.
 */
int
ccrs_due(struct store_txn *t, const char *tz, int64_t now, int *overdue)
{
	struct outbox_stats	os;
	int			due;

	outbox_stats(t, &os);
	*overdue = 0;
	if (os.oldest == 0)
		return (0);
	due = ccrs_week_due(util_local_date(os.oldest, tz));
	*overdue = util_local_date(now, tz) > due;
	return (due);
}
