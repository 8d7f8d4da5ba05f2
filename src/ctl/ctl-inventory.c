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
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "intake.h"

/*
 * stashctl inventory list|low|expiring, trace and manifest
 * import|list|show. Reads go straight to the ledger, each in one read
 * transaction whose output is printed only once it has ended; the trace is
 * inventory_trace, the same walk (and the same JSON) as the trace op.
 *
 * A manifest CSV is outside input (DESIGN rule 6): every row is checked,
 * every error is reported as FILE:LINE: message, and if there is any,
 * nothing is imported; otherwise each manifest is created through
 * intake_create, all in one transaction.
 */

#define CTL_INV_ROWS_MAX	20000
#define CTL_INV_FIELDS_MAX	32
#define CTL_INV_MG_MAX		INT64_C(100000000)	/* 100 kg */
#define CTL_INV_UNITS_MAX	1000000

/* A listing built in memory, printed once the transaction has ended. */
struct ctl_inv_out {
	FILE	*f;
	char	*text;
	size_t	 len;
};

static FILE *
ctl_inv_out_open(struct ctl_inv_out *out)
{
	memset(out, 0, sizeof *out);
	if ((out->f = open_memstream(&out->text, &out->len)) == NULL)
		fatal("open_memstream");
	return (out->f);
}

/* End the read transaction; print the text or the JSON unless it failed. */
static int
ctl_inv_done(struct store_txn *t, struct ctl_inv_out *out, json_t *j)
{
	int	ok = t->ret == 0;

	if (!ok)
		stashctl_error("%s: %s", store_strerror(t->ret), t->err);
	store_abort(t);
	fclose(out->f);
	if (ok)
		fwrite(out->text, 1, out->len, stdout);
	free(out->text);
	if (j != NULL) {
		if (ok)
			stashctl_json_print(j);
		else
			json_decref(j);
	}
	return (ok ? 0 : -1);
}

static void
ctl_inv_qty(int unit_weight, int64_t q, char *out, size_t len)
{
	if (unit_weight)
		weight_fmt(q, out, len);
	else
		snprintf(out, len, "%lld", (long long)q);
}

static const char *
ctl_inv_date(int d, char *out, size_t len)
{
	if (d == 0)
		strlcpy(out, "-", len);
	else
		snprintf(out, len, "%04d-%02d-%02d", d / 10000,
		    (d / 100) % 100, d % 100);
	return (out);
}

static const char *
ctl_inv_jstr(json_t *j, const char *name)
{
	const char	*s = json_string_value(json_object_get(j, name));

	return (s != NULL ? s : "");
}

/* --- inventory list, low, expiring --- */

int
ctl_inventory_list(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct package		 pk;
	struct product		 p;
	struct ctl_inv_out	 out;
	const char		*loc = stashctl_opt(args, "location");
	json_t			*arr = NULL;
	FILE			*f;
	char			 q[32], c[48], sku[SKU_MAX + 1];

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	f = ctl_inv_out_open(&out);
	if (ctl->json)
		arr = json_array();
	else
		fprintf(f, "%-24s  %-12s %-24s %12s  %-10s %-10s %s\n", "TAG",
		    "SKU", "PRODUCT", "ON HAND", "LOCATION", "STATUS", "LAB");
	store_iter_init(&t, &it, DB_PACKAGE, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_package_decode(it.val, it.vlen, &pk) != 0) {
			store_fail(&t, STORE_CORRUPT, "a package record is "
			    "damaged");
			break;
		}
		if (loc != NULL && strcmp(pk.location, loc) != 0)
			continue;
		if (store_product_get(&t, pk.product, &p) != 0)
			break;
		if (arr != NULL) {
			json_array_append_new(arr,
			    inventory_package_json(&t, &pk));
			continue;
		}
		ctl_inv_qty(p.unit_weight, pk.qty, q, sizeof q);
		fprintf(f, "%-24s  %-12s %-24s %12s  %-10s %-10s %s\n", pk.tag,
		    stashctl_clean(p.sku, sku, 13), stashctl_clean(p.name, c,
		    25), q, pk.location, store_package_status_name(pk.status),
		    store_package_lab_name(pk.lab.status));
	}
	store_iter_done(&it);
	return (ctl_inv_done(&t, &out, arr));
}

/*
 * inventory low and expiring follow the pages of inventory_low and
 * inventory_expiring (the ops' walks) in the one read transaction; with
 * --json the pages are joined into one array.
 */
int
ctl_inventory_low(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct store_txn	 t;
	struct ctl_inv_out	 out;
	json_t			*all, *arr, *j;
	FILE			*f;
	size_t			 i;
	char			 a[32], b[32], c[48];
	uint32_t		 before = 0;
	int			 w;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	f = ctl_inv_out_open(&out);
	all = json_array();
	if (!ctl->json)
		fprintf(f, "%-14s %-32s %12s %12s\n", "SKU", "PRODUCT",
		    "SELLABLE", "REORDER AT");
	do {
		if ((arr = inventory_low(&t, before, INVENTORY_LIST_MAX,
		    &before)) == NULL)
			break;
		if (ctl->json) {
			json_array_extend(all, arr);
			json_decref(arr);
			continue;
		}
		json_array_foreach(arr, i, j) {
			w = strcmp(ctl_inv_jstr(j, "unit"), "weight") == 0;
			ctl_inv_qty(w, json_integer_value(json_object_get(j,
			    "sellable")), a, sizeof a);
			ctl_inv_qty(w, json_integer_value(json_object_get(j,
			    "reorder")), b, sizeof b);
			fprintf(f, "%-14s %-32s %12s %12s\n",
			    ctl_inv_jstr(j, "sku"), stashctl_clean(
			    ctl_inv_jstr(j, "name"), c, 33), a, b);
		}
		json_decref(arr);
	} while (before != 0);
	if (!ctl->json || t.ret != 0) {
		json_decref(all);
		all = NULL;
	}
	return (ctl_inv_done(&t, &out, all));
}

int
ctl_inventory_expiring(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct ctl_inv_out	 out;
	const char		*s, *errstr;
	json_t			*all, *arr, *j;
	FILE			*f;
	size_t			 i;
	char			 q[32], c[48], d1[16], d2[16];
	char			 before[TAG_LEN + 1], next[TAG_LEN + 1];
	int			 days = 30, today, w;

	if ((s = stashctl_opt(args, "days")) != NULL) {
		days = (int)util_strtonum(s, 0, 3650, &errstr);
		if (errstr != NULL) {
			stashctl_error("--days %s: a number of days, 0 to "
			    "3650", s);
			return (-1);
		}
	}
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	f = ctl_inv_out_open(&out);
	today = util_local_date(util_now(), ctl->info.tz);
	all = json_array();
	if (!ctl->json)
		fprintf(f, "%-24s  %-24s %12s  %-10s  %-10s %s\n", "TAG",
		    "PRODUCT", "ON HAND", "EXPIRES", "LAB UNTIL", "");
	before[0] = '\0';
	do {
		if ((arr = inventory_expiring(&t, today, intake_date_add(today,
		    days), before[0] != '\0' ? before : NULL,
		    INVENTORY_LIST_MAX, next)) == NULL)
			break;
		strlcpy(before, next, sizeof before);
		if (ctl->json) {
			json_array_extend(all, arr);
			json_decref(arr);
			continue;
		}
		json_array_foreach(arr, i, j) {
			w = strcmp(ctl_inv_jstr(j, "unit"), "weight") == 0;
			ctl_inv_qty(w, json_integer_value(json_object_get(j,
			    "qty")), q, sizeof q);
			fprintf(f, "%-24s  %-24s %12s  %-10s  %-10s %s\n",
			    ctl_inv_jstr(j, "tag"), stashctl_clean(
			    ctl_inv_jstr(j, "name"), c, 25), q, ctl_inv_date(
			    (int)json_integer_value(json_object_get(j,
			    "expires")), d1, sizeof d1), ctl_inv_date(
			    (int)json_integer_value(json_object_get(j,
			    "lab_expires")), d2, sizeof d2),
			    json_is_true(json_object_get(j, "expired")) ?
			    "EXPIRED" : "");
		}
		json_decref(arr);
	} while (before[0] != '\0');
	if (!ctl->json || t.ret != 0) {
		json_decref(all);
		all = NULL;
	}
	return (ctl_inv_done(&t, &out, all));
}

/* --- trace --- */

/* One page of a trace; the totals are printed once, after the last. */
static void
ctl_inv_trace_text(struct ctl *ctl, FILE *f, json_t *tr, int csv, int first)
{
	json_t		*pk, *sales, *s, *prod;
	size_t		 i, j;
	char		 q[32], tm[64], c[48], num[32];
	int		 w;

	if (csv && first)
		fprintf(f, "tag,sku,product,batch,supplier,sale,time,terminal,"
		    "staff,qty,status\n");
	json_array_foreach(json_object_get(tr, "packages"), i, pk) {
		prod = json_object_get(pk, "product");
		w = strcmp(ctl_inv_jstr(prod, "unit"), "weight") == 0;
		sales = json_object_get(pk, "sales");
		if (!csv && !json_is_true(json_object_get(pk, "continued"))) {
			ctl_inv_qty(w, json_integer_value(json_object_get(pk,
			    "qty")), q, sizeof q);
			fprintf(f, "package %s  %s  %s  batch %s  %s on hand "
			    "in the %s (%s)\n", ctl_inv_jstr(pk, "tag"),
			    ctl_inv_jstr(prod, "sku"), stashctl_clean(
			    ctl_inv_jstr(prod, "name"), c, 33),
			    ctl_inv_jstr(pk, "batch"), q, ctl_inv_jstr(pk,
			    "location"), ctl_inv_jstr(pk, "status"));
		}
		json_array_foreach(sales, j, s) {
			ctl_inv_qty(w, json_integer_value(json_object_get(s,
			    "qty")), q, sizeof q);
			stashctl_time(ctl, json_integer_value(json_object_get(s,
			    "time")), tm, sizeof tm);
			if (!csv) {
				fprintf(f, "  sale %-8lld %s  %-12s staff %-4lld "
				    "%10s  %s\n", (long long)json_integer_value(
				    json_object_get(s, "sale")), tm,
				    ctl_inv_jstr(s, "terminal"),
				    (long long)json_integer_value(
				    json_object_get(s, "staff")), q,
				    ctl_inv_jstr(s, "status"));
				continue;
			}
			/* Names came from outside: text cells (valid.c). */
			valid_csv_cell(f, ctl_inv_jstr(pk, "tag"), 1, 0);
			valid_csv_cell(f, ctl_inv_jstr(prod, "sku"), 1, 0);
			valid_csv_cell(f, ctl_inv_jstr(prod, "name"), 1, 0);
			valid_csv_cell(f, ctl_inv_jstr(pk, "batch"), 1, 0);
			valid_csv_cell(f, ctl_inv_jstr(pk, "supplier"), 1, 0);
			snprintf(num, sizeof num, "%lld", (long long)
			    json_integer_value(json_object_get(s, "sale")));
			valid_csv_cell(f, num, 0, 0);
			valid_csv_cell(f, tm, 0, 0);
			valid_csv_cell(f, ctl_inv_jstr(s, "terminal"), 1, 0);
			snprintf(num, sizeof num, "%lld", (long long)
			    json_integer_value(json_object_get(s, "staff")));
			valid_csv_cell(f, num, 0, 0);
			valid_csv_cell(f, q, 0, 0);
			valid_csv_cell(f, ctl_inv_jstr(s, "status"), 1, 1);
		}
	}
}

/* Add a page to the whole trace: its packages, its totals. */
static void
ctl_inv_trace_merge(json_t *all, json_t *tr)
{
	json_t		*pk, *prev, *pkgs, *tot, *atot, *v;
	const char	*name;
	size_t		 i;

	pkgs = json_object_get(all, "packages");
	json_array_foreach(json_object_get(tr, "packages"), i, pk) {
		prev = json_array_get(pkgs, json_array_size(pkgs) - 1);
		if (json_is_true(json_object_get(pk, "continued")) &&
		    prev != NULL && strcmp(ctl_inv_jstr(prev, "tag"),
		    ctl_inv_jstr(pk, "tag")) == 0) {
			json_array_extend(json_object_get(prev, "sales"),
			    json_object_get(pk, "sales"));
			json_object_set_new(prev, "sold", json_integer(
			    json_integer_value(json_object_get(prev, "sold")) +
			    json_integer_value(json_object_get(pk, "sold"))));
			continue;
		}
		json_array_append(pkgs, pk);
	}
	atot = json_object_get(all, "totals");
	tot = json_object_get(tr, "totals");
	json_object_foreach(tot, name, v) {
		json_object_set_new(atot, name, json_integer(
		    json_integer_value(json_object_get(atot, name)) +
		    json_integer_value(v)));
	}
}

/* --- trace --report: a printable report, in pages --- */

/*
 * The report is for an inspector's printer: 66-line pages of 80 columns,
 * a header on each (what was traced, page N of M), pages separated by form
 * feeds. The trace is read a page of the trace op at a time
 * (inventory_trace), and each row goes to a temporary file of its group
 * (in stock at each location, out on delivery, sold, ...) so that neither
 * the trace nor the report is ever held whole in memory. Once the read
 * transaction has ended the groups are joined into the body, which then
 * has a known number of lines and so of pages (a group going on over a
 * page break has its title and columns again at the top of the page), and
 * the pages are written.
 * Customers' names are in it (the regulator asks to whom a unit was sold):
 * it goes to standard output only, never to a log.
 */

#define CTL_REP_LINES		66	/* a printed page */
#define CTL_REP_HEAD		3	/* the header on each page */
#define CTL_REP_BODY		(CTL_REP_LINES - CTL_REP_HEAD)
#define CTL_REP_WIDTH		80
#define CTL_REP_TRACE_PAGE	2000	/* sale rows in a page of the trace */

enum ctl_rep_group_id {
	REP_FLOOR,
	REP_VAULT,
	REP_EXPRESS,
	REP_QUARANTINE,
	REP_ELSEWHERE,
	REP_DELIVERY,
	REP_SOLD,
	REP_VOID,
	REP_RETURNED,
	REP_DESTROYED,
	REP_ADJUSTED,
	REP_NGROUPS
};

static const struct {
	const char	*title;
	const char	*label;		/* in the summary */
	const char	*noun;
} ctl_rep_groups[REP_NGROUPS] = {
	[REP_FLOOR] = { "In stock: sales floor", "  on the sales floor",
	    "package" },
	[REP_VAULT] = { "In stock: vault", "  in the vault", "package" },
	[REP_EXPRESS] = { "In stock: express window",
	    "  at the express window", "package" },
	[REP_QUARANTINE] = { "In stock: quarantine", "  in the quarantine",
	    "package" },
	[REP_ELSEWHERE] = { "In stock: other locations", "  elsewhere",
	    "package" },
	[REP_DELIVERY] = { "Out on delivery (in a vehicle)", "Out on delivery",
	    "package" },
	[REP_SOLD] = { "Sold", "Sold", "sale" },
	[REP_VOID] = { "Sales voided (the stock was put back)", "Sales voided",
	    "sale" },
	[REP_RETURNED] = { "Returned by customers", "Returned", "return" },
	[REP_DESTROYED] = { "Destroyed", "Destroyed", "destruction" },
	[REP_ADJUSTED] = { "Other adjustments (damage, theft, loss, count, "
	    "...)", "Other adjustments", "adjustment" },
};

struct ctl_rep_group {
	FILE		*f;
	u_int		 lines;
	u_int		 rows;
	int64_t		 units;
	int64_t		 mg;
	char		 tag[TAG_LEN + 1];	/* the package last headed */
};

struct ctl_rep {
	struct ctl		*ctl;
	struct store_txn	*t;
	struct sale		*sale;
	struct ctl_rep_group	 g[REP_NGROUPS];
	FILE			*body;
	u_int			 lines;		/* in the body */
	u_int			 packages;
	int64_t			 now;		/* when the trace was read */
	int64_t			 recv_units;
	int64_t			 recv_mg;
};

/*
 * Copy s into out as at most cols characters (UTF-8 is cut only between
 * characters), control characters made '?', padded with spaces to cols
 * when pad.
 */
static const char *
ctl_rep_fit(const char *s, u_int cols, int pad, char *out, size_t len)
{
	const u_char	*p = (const u_char *)s;
	size_t		 o = 0, n;
	u_int		 c = 0;

	while (*p != '\0' && c < cols) {
		n = 1;
		if (*p >= 0xc0) {
			while ((p[n] & 0xc0) == 0x80 && n < 4)
				n++;
		} else if (*p >= 0x80) {
			p++;		/* a stray continuation byte */
			continue;
		}
		if (o + n + 1 > len)
			break;
		if (n == 1)
			out[o] = *p < 0x20 || *p == 0x7f ? '?' : (char)*p;
		else
			memcpy(out + o, p, n);
		o += n;
		p += n;
		c++;
	}
	while (pad && c < cols && o + 1 < len) {
		out[o++] = ' ';
		c++;
	}
	out[o] = '\0';
	return (out);
}

/* One line of the report, cut at CTL_REP_WIDTH columns. */
static void printflike(3, 4)
ctl_rep_line(FILE *f, u_int *lines, const char *fmt, ...)
{
	va_list	 ap;
	char	*s, out[CTL_REP_WIDTH * 4 + 1];

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	ctl_rep_fit(s, CTL_REP_WIDTH, 0, out, sizeof out);
	free(s);
	fprintf(f, "%s\n", out);
	(*lines)++;
}

/* A total: "12 units", "3.500 g" or both. */
static const char *
ctl_rep_total(int64_t units, int64_t mg, char *out, size_t len)
{
	const char	*s = units == 1 || units == -1 ? "" : "s";
	char		 w[32];

	weight_fmt(mg, w, sizeof w);
	if (mg != 0 && units != 0)
		snprintf(out, len, "%lld unit%s and %s", (long long)units, s,
		    w);
	else if (mg != 0)
		strlcpy(out, w, len);
	else
		snprintf(out, len, "%lld unit%s", (long long)units, s);
	return (out);
}

static void
ctl_rep_count(struct ctl_rep_group *g, int weight, int64_t q)
{
	g->rows++;
	if (weight)
		g->mg += q;
	else
		g->units += q;
}

/* A package's line above its sales in a sale group. */
static void
ctl_rep_head(struct ctl_rep_group *g, json_t *pk, json_t *prod)
{
	const char	*tag = ctl_inv_jstr(pk, "tag");
	char		 name[CTL_REP_WIDTH * 4];

	if (strcmp(g->tag, tag) == 0)
		return;
	strlcpy(g->tag, tag, sizeof g->tag);
	ctl_rep_line(g->f, &g->lines, "  package %s  %s  %s", tag,
	    ctl_inv_jstr(prod, "sku"), ctl_rep_fit(ctl_inv_jstr(prod,
	    "name"), 30, 0, name, sizeof name));
}

static enum ctl_rep_group_id
ctl_rep_location(const char *loc)
{
	if (strcmp(loc, "floor") == 0)
		return (REP_FLOOR);
	if (strcmp(loc, "vault") == 0)
		return (REP_VAULT);
	if (strcmp(loc, "express") == 0)
		return (REP_EXPRESS);
	if (strcmp(loc, "quarantine") == 0)
		return (REP_QUARANTINE);
	if (strncmp(loc, "vehicle:", 8) == 0)
		return (REP_DELIVERY);
	return (REP_ELSEWHERE);
}

/* Who bought: the customer's name, or walk-in. */
static const char *
ctl_rep_customer(struct ctl_rep *r, const struct sale *s, char *out,
    size_t len)
{
	struct customer	c;

	if (s->customer == 0)
		strlcpy(out, "walk-in", len);
	else if (store_customer_get(r->t, s->customer, &c) == 0)
		snprintf(out, len, "%s, %s", c.last, c.first);
	else
		snprintf(out, len, "customer %u", s->customer);
	return (out);
}

/* A sale of the package into sold or voided, and returned. */
static void
ctl_rep_sale(struct ctl_rep *r, json_t *pk, json_t *prod, int w, json_t *js)
{
	struct sale		*s = r->sale;
	struct ctl_rep_group	*g;
	const char		*tag = ctl_inv_jstr(pk, "tag");
	int64_t			 qty, returned = 0;
	uint64_t		 id;
	u_int			 i;
	char			 tm[32], q[32], who[128], ref[MAX_REF * 4];
	char			 cust[CTL_REP_WIDTH * 4];

	id = (uint64_t)json_integer_value(json_object_get(js, "sale"));
	qty = json_integer_value(json_object_get(js, "qty"));
	if (store_sale_get(r->t, id, s) == 0) {
		ctl_rep_customer(r, s, who, sizeof who);
		ctl_rep_fit(s->ref, 14, 1, ref, sizeof ref);
		for (i = 0; i < s->nlines; i++) {
			if (strcmp(s->lines[i].tag, tag) == 0)
				returned = s->lines[i].returned;
		}
	} else {
		strlcpy(who, "?", sizeof who);
		ctl_rep_fit("?", 14, 1, ref, sizeof ref);
	}
	stashctl_time(r->ctl, json_integer_value(json_object_get(js, "time")),
	    tm, sizeof tm);
	ctl_rep_fit(who, 22, 1, cust, sizeof cust);

	if (strcmp(ctl_inv_jstr(js, "status"), "void") == 0)
		g = &r->g[REP_VOID];
	else
		g = &r->g[REP_SOLD];
	ctl_rep_head(g, pk, prod);
	ctl_inv_qty(w, qty, q, sizeof q);
	ctl_rep_line(g->f, &g->lines, "    %-8llu %s %-16.16s %s %11s",
	    (unsigned long long)id, ref, tm, cust, q);
	ctl_rep_count(g, w, qty);
	if (returned <= 0 || g != &r->g[REP_SOLD])
		return;
	g = &r->g[REP_RETURNED];
	ctl_rep_head(g, pk, prod);
	ctl_inv_qty(w, returned, q, sizeof q);
	ctl_rep_line(g->f, &g->lines, "    %-8llu %s %-16.16s %s %11s",
	    (unsigned long long)id, ref, tm, cust, q);
	ctl_rep_count(g, w, returned);
}

/* A package's destructions and other adjustments (moves are not rows). */
static void
ctl_rep_history(struct ctl_rep *r, json_t *pk, int w)
{
	struct ctl_rep_group	*g;
	json_t			*a;
	size_t			 i;
	int64_t			 delta;
	char			 tm[32], q[32], note[CTL_REP_WIDTH * 4];
	char			 reason[64];

	json_array_foreach(json_object_get(pk, "history"), i, a) {
		/*
		 * Moves and status changes (no change of quantity) are not
		 * rows; a return's putting back is under "Returned", from
		 * its sale.
		 */
		delta = json_integer_value(json_object_get(a, "delta"));
		if (strcmp(ctl_inv_jstr(a, "kind"), "adjust") != 0 ||
		    delta == 0 || strcmp(ctl_inv_jstr(a, "reason"),
		    "return") == 0)
			continue;
		stashctl_time(r->ctl, json_integer_value(json_object_get(a,
		    "time")), tm, sizeof tm);
		if (strcmp(ctl_inv_jstr(a, "reason"), "destruction") == 0) {
			g = &r->g[REP_DESTROYED];
			ctl_inv_qty(w, -delta, q, sizeof q);
			ctl_rep_line(g->f, &g->lines, "  %-16.16s %-24s %12s "
			    "%5lld %7lld", tm, ctl_inv_jstr(pk, "tag"), q,
			    (long long)json_integer_value(json_object_get(a,
			    "staff")), (long long)json_integer_value(
			    json_object_get(a, "witness")));
			if (*ctl_inv_jstr(a, "note") != '\0')
				ctl_rep_line(g->f, &g->lines, "      note: %s",
				    ctl_rep_fit(ctl_inv_jstr(a, "note"), 68,
				    0, note, sizeof note));
			ctl_rep_count(g, w, -delta);
			continue;
		}
		g = &r->g[REP_ADJUSTED];
		ctl_inv_qty(w, delta, q, sizeof q);
		ctl_rep_line(g->f, &g->lines, "  %-16.16s %-24s %s %12s %5lld",
		    tm, ctl_inv_jstr(pk, "tag"), ctl_rep_fit(ctl_inv_jstr(a,
		    "reason"), 15, 1, reason, sizeof reason), q,
		    (long long)json_integer_value(json_object_get(a, "staff")));
		ctl_rep_count(g, w, delta);
	}
}

/* One page of the trace into the groups. */
static void
ctl_rep_page(struct ctl_rep *r, json_t *tr)
{
	struct ctl_rep_group	*g;
	json_t			*pk, *prod, *js;
	const char		*loc;
	size_t			 i, j;
	int64_t			 qty, recv;
	char			 q[32], name[CTL_REP_WIDTH * 4];
	char			 sku[CTL_REP_WIDTH * 4];
	char			 where[CTL_REP_WIDTH * 4];
	enum ctl_rep_group_id	 id;
	int			 w;

	json_array_foreach(json_object_get(tr, "packages"), i, pk) {
		prod = json_object_get(pk, "product");
		w = strcmp(ctl_inv_jstr(prod, "unit"), "weight") == 0;
		if (!json_is_true(json_object_get(pk, "continued"))) {
			r->packages++;
			recv = json_integer_value(json_object_get(pk,
			    "received_qty"));
			if (w)
				r->recv_mg += recv;
			else
				r->recv_units += recv;
			qty = json_integer_value(json_object_get(pk, "qty"));
			loc = ctl_inv_jstr(pk, "location");
			if (qty > 0) {
				id = ctl_rep_location(loc);
				g = &r->g[id];
				ctl_inv_qty(w, qty, q, sizeof q);
				ctl_rep_fit(ctl_inv_jstr(prod, "sku"), 12, 1,
				    sku, sizeof sku);
				ctl_rep_fit(ctl_inv_jstr(prod, "name"),
				    id == REP_DELIVERY ? 22 : 17, 1, name,
				    sizeof name);
				ctl_rep_fit(id == REP_DELIVERY ? loc + 8 :
				    id == REP_ELSEWHERE ? loc :
				    ctl_inv_jstr(pk, "status"), 16, 0, where,
				    sizeof where);
				if (id == REP_DELIVERY)
					ctl_rep_line(g->f, &g->lines,
					    "  %-24s %s %11s %s",
					    ctl_inv_jstr(pk, "tag"), name, q,
					    where);
				else
					ctl_rep_line(g->f, &g->lines,
					    "  %-24s %s %s %11s %s",
					    ctl_inv_jstr(pk, "tag"), sku, name,
					    q, where);
				ctl_rep_count(g, w, qty);
			}
			ctl_rep_history(r, pk, w);
		}
		json_array_foreach(json_object_get(pk, "sales"), j, js)
			ctl_rep_sale(r, pk, prod, w, js);
	}
}

/* A group's column headings, in the widths of its rows. */
static void
ctl_rep_columns(FILE *f, u_int *n, enum ctl_rep_group_id i)
{
	switch (i) {
	case REP_DELIVERY:
		ctl_rep_line(f, n, "  %-24s %-22s %11s %s", "TAG", "PRODUCT",
		    "ON HAND", "VEHICLE");
		break;
	case REP_SOLD:
	case REP_VOID:
	case REP_RETURNED:
		ctl_rep_line(f, n, "    %-8s %-14s %-16s %-22s %11s", "SALE",
		    "RECEIPT", "TIME", "CUSTOMER", "QTY");
		break;
	case REP_DESTROYED:
		ctl_rep_line(f, n, "  %-16s %-24s %12s %5s %7s", "TIME", "TAG",
		    "QTY", "STAFF", "WITNESS");
		break;
	case REP_ADJUSTED:
		ctl_rep_line(f, n, "  %-16s %-24s %-15s %12s %5s", "TIME", "TAG",
		    "REASON", "QTY", "STAFF");
		break;
	default:
		ctl_rep_line(f, n, "  %-24s %-12s %-17s %11s %s", "TAG", "SKU",
		    "PRODUCT", "ON HAND", i == REP_ELSEWHERE ? "LOCATION" :
		    "STATUS");
		break;
	}
}

/* Join the groups into the body, after the title block and a summary. */
static int
ctl_rep_body(struct ctl_rep *r, int scope, const char *key, const char *by)
{
	struct ctl_rep_group	*g;
	struct passwd		*pw;
	FILE			*f = r->body;
	u_int			*n = &r->lines;
	int64_t			 units = 0, mg = 0;
	size_t			 len = 0;
	ssize_t			 got;
	char			*line = NULL, tot[64], now[32], k[128];
	char			 who[128], name[CTL_REP_WIDTH * 4];
	int			 i, rows = 0;

	if (by == NULL) {
		if ((pw = getpwuid(getuid())) != NULL)
			snprintf(who, sizeof who, "login %s", pw->pw_name);
		else
			snprintf(who, sizeof who, "uid %u", (u_int)getuid());
		by = who;
	}
	stashctl_time(r->ctl, r->now, now, sizeof now);
	ctl_rep_line(f, n, "TRACE REPORT");
	ctl_rep_line(f, n, "%s", "");
	ctl_rep_line(f, n, "  Store:      %s", ctl_rep_fit(r->ctl->info.name,
	    60, 0, name, sizeof name));
	ctl_rep_line(f, n, "  Licence:    %s (%s)", r->ctl->info.licence,
	    r->ctl->info.state);
	ctl_rep_line(f, n, "  Traced:     %s %s", store_hold_scope_name(scope),
	    ctl_rep_fit(key, 60, 0, k, sizeof k));
	ctl_rep_line(f, n, "  Generated:  %s (%s)", now, r->ctl->info.tz);
	ctl_rep_line(f, n, "  By:         %s", ctl_rep_fit(by, 60, 0, name,
	    sizeof name));
	ctl_rep_line(f, n, "  Packages:   %u, received %s", r->packages,
	    ctl_rep_total(r->recv_units, r->recv_mg, tot, sizeof tot));
	ctl_rep_line(f, n, "%s", "");
	ctl_rep_line(f, n, "SUMMARY");
	ctl_rep_line(f, n, "  %-40s %5s  %s", "", "COUNT", "QUANTITY");
	for (i = REP_FLOOR; i < REP_DELIVERY; i++) {
		rows += r->g[i].rows;
		units += r->g[i].units;
		mg += r->g[i].mg;
	}
	ctl_rep_line(f, n, "  %-40s %5d  %s", "In stock, all locations", rows,
	    ctl_rep_total(units, mg, tot, sizeof tot));
	for (i = 0; i < REP_NGROUPS; i++) {
		g = &r->g[i];
		if (i == REP_RETURNED)
			ctl_rep_line(f, n, "  %-40s %5d  %s", "Delivered", 0,
			    "0 units");
		ctl_rep_line(f, n, "  %-40s %5u  %s", ctl_rep_groups[i].label,
		    g->rows, ctl_rep_total(g->units, g->mg, tot, sizeof tot));
	}
	ctl_rep_line(f, n, "%s", "");

	for (i = 0; i < REP_NGROUPS; i++) {
		g = &r->g[i];
		if (i == REP_RETURNED) {
			ctl_rep_line(f, n, "Delivered: 0 deliveries, 0 units");
			ctl_rep_line(f, n, "  The ledger has no delivery "
			    "records: a sale is made at the counter.");
			ctl_rep_line(f, n, "  Stock in a vehicle is listed "
			    "under \"Out on delivery\".");
			ctl_rep_line(f, n, "%s", "");
		}
		ctl_rep_line(f, n, "%s: %u %s%s, %s", ctl_rep_groups[i].title,
		    g->rows, ctl_rep_groups[i].noun, g->rows == 1 ? "" : "s",
		    ctl_rep_total(g->units, g->mg, tot, sizeof tot));
		if (g->rows == 0) {
			ctl_rep_line(f, n, "  none");
			ctl_rep_line(f, n, "%s", "");
			continue;
		}
		ctl_rep_columns(f, n, i);
		rewind(g->f);
		while ((got = getline(&line, &len, g->f)) > 0) {
			if (*n % CTL_REP_BODY == 0) {
				/* A new page inside the group. */
				ctl_rep_line(f, n, "%s (continued)",
				    ctl_rep_groups[i].title);
				ctl_rep_columns(f, n, i);
			}
			fwrite(line, 1, (size_t)got, f);
			(*n)++;
		}
		ctl_rep_line(f, n, "%s", "");
	}
	ctl_rep_line(f, n, "End of report.");
	free(line);
	return (ferror(f) ? -1 : 0);
}

/* Write the body as pages, each with its header, to standard output. */
static int
ctl_rep_print(struct ctl_rep *r, int scope, const char *key)
{
	u_int	 body = CTL_REP_BODY, pages, p, i;
	size_t	 len = 0;
	ssize_t	 got;
	char	*line = NULL, left[CTL_REP_WIDTH * 4], right[64], now[32];
	char	 k[128], name[CTL_REP_WIDTH * 4];
	FILE	*f = stdout;

	pages = (r->lines + body - 1) / body;
	if (pages == 0)
		pages = 1;
	stashctl_time(r->ctl, r->now, now, sizeof now);
	rewind(r->body);
	for (p = 1; p <= pages; p++) {
		if (p > 1)
			fputc('\f', f);
		snprintf(left, sizeof left, "TRACE REPORT: %s %s",
		    store_hold_scope_name(scope), ctl_rep_fit(key, 40, 0, k,
		    sizeof k));
		snprintf(right, sizeof right, "Page %u of %u", p, pages);
		fprintf(f, "%s%*s\n", ctl_rep_fit(left, CTL_REP_WIDTH -
		    strlen(right) - 1, 1, name, sizeof name), (int)strlen(
		    right) + 1, right);
		snprintf(left, sizeof left, "%s, licence %s", r->ctl->info.name,
		    r->ctl->info.licence);
		snprintf(right, sizeof right, "Generated %.16s", now);
		fprintf(f, "%s%*s\n", ctl_rep_fit(left, CTL_REP_WIDTH -
		    strlen(right) - 1, 1, name, sizeof name), (int)strlen(
		    right) + 1, right);
		for (i = 0; i < CTL_REP_WIDTH; i++)
			fputc('-', f);
		fputc('\n', f);
		for (i = 0; i < body; i++) {
			if ((got = getline(&line, &len, r->body)) > 0)
				fwrite(line, 1, (size_t)got, f);
			else
				fputc('\n', f);
		}
	}
	free(line);
	fflush(f);
	return (ferror(f) ? -1 : 0);
}

static void
ctl_rep_free(struct ctl_rep *r)
{
	int	i;

	for (i = 0; i < REP_NGROUPS; i++) {
		if (r->g[i].f != NULL)
			fclose(r->g[i].f);
	}
	if (r->body != NULL)
		fclose(r->body);
	free(r->sale);
}

/*
 * stashctl trace ... --report: every page of the trace in one read
 * transaction, into the groups; then the report.
 */
static int
ctl_trace_report(struct ctl *ctl, struct ctl_args *args, int scope)
{
	struct store_txn	 t;
	struct ctl_rep		 r;
	json_t			*tr, *next;
	const char		*key = args->argv[1];
	char			*cause = NULL, after[TAG_LEN + 1];
	uint64_t		 sale = 0;
	int			 i, rc, first = 1, ret = -1;

	memset(&r, 0, sizeof r);
	r.ctl = ctl;
	r.t = &t;
	r.sale = xmalloc(sizeof *r.sale);
	for (i = 0; i < REP_NGROUPS; i++) {
		if ((r.g[i].f = tmpfile()) == NULL) {
			stashctl_error("a temporary file for the report: %s",
			    strerror(errno));
			ctl_rep_free(&r);
			return (-1);
		}
	}
	if ((r.body = tmpfile()) == NULL) {
		stashctl_error("a temporary file for the report: %s",
		    strerror(errno));
		ctl_rep_free(&r);
		return (-1);
	}
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		ctl_rep_free(&r);
		return (-1);
	}
	r.now = util_now();
	for (;;) {
		rc = inventory_trace(&t, scope, key, first ? NULL : after, sale,
		    CTL_REP_TRACE_PAGE, &tr, &cause);
		if (rc != INVENTORY_OK) {
			if (rc == INVENTORY_E_STORE)
				stashctl_error("%s: %s", cause, t.err);
			else
				stashctl_error("%s", cause);
			free(cause);
			store_abort(&t);
			ctl_rep_free(&r);
			return (-1);
		}
		ctl_rep_page(&r, tr);
		first = 0;
		if ((next = json_object_get(tr, "next")) == NULL) {
			json_decref(tr);
			break;
		}
		strlcpy(after, ctl_inv_jstr(next, "tag"), sizeof after);
		sale = (uint64_t)json_integer_value(json_object_get(next,
		    "sale"));
		json_decref(tr);
	}
	if (t.ret != 0) {
		stashctl_error("%s: %s", store_strerror(t.ret), t.err);
		store_abort(&t);
		ctl_rep_free(&r);
		return (-1);
	}
	store_abort(&t);
	for (i = 0; i < REP_NGROUPS; i++) {
		if (ferror(r.g[i].f)) {
			stashctl_error("writing the report's temporary file "
			    "failed (is the temporary directory full?)");
			ctl_rep_free(&r);
			return (-1);
		}
	}
	if (ctl_rep_body(&r, scope, key, stashctl_opt(args, "by")) != 0)
		stashctl_error("writing the report's temporary file failed "
		    "(is the temporary directory full?)");
	else if (ctl_rep_print(&r, scope, key) != 0)
		stashctl_error("writing the report: %s", strerror(errno));
	else
		ret = 0;
	ctl_rep_free(&r);
	return (ret);
}

int
ctl_trace(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct ctl_inv_out	 out;
	json_t			*tr = NULL, *all = NULL, *next, *tot, *v;
	const char		*name;
	char			*cause = NULL, after[TAG_LEN + 1];
	uint64_t		 sale = 0;
	int			 scope, r, csv, first = 1;

	if ((scope = store_hold_scope_find(args->argv[0])) == -1) {
		stashctl_error("trace %s: trace batch, product, supplier or "
		    "package", args->argv[0]);
		return (-1);
	}
	csv = stashctl_flag(args, "csv");
	if (stashctl_flag(args, "report")) {
		if (csv || ctl->json) {
			stashctl_error("trace --report prints a report for a "
			    "printer: leave out %s", csv ? "--csv" : "--json");
			return (-1);
		}
		return (ctl_trace_report(ctl, args, scope));
	}
	if (stashctl_opt(args, "by") != NULL) {
		stashctl_error("trace --by names who made a --report");
		return (-1);
	}
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	ctl_inv_out_open(&out);
	/* Every page, in the one read transaction. */
	for (;;) {
		r = inventory_trace(&t, scope, args->argv[1], first ? NULL :
		    after, sale, 20000, &tr, &cause);
		if (r != INVENTORY_OK) {
			if (r != INVENTORY_E_STORE)
				stashctl_error("%s", cause);
			free(cause);
			json_decref(all);
			if (r != INVENTORY_E_STORE) {
				store_abort(&t);
				fclose(out.f);
				free(out.text);
				return (-1);
			}
			return (ctl_inv_done(&t, &out, NULL));
		}
		if (all == NULL) {
			all = json_deep_copy(tr);
			json_array_clear(json_object_get(all, "packages"));
			json_object_foreach(json_object_get(all, "totals"),
			    name, v)
				json_integer_set(v, 0);
			json_object_del(all, "next");
			json_object_set_new(all, "truncated", json_false());
		}
		if (ctl->json && !csv)
			ctl_inv_trace_merge(all, tr);
		else {
			ctl_inv_trace_text(ctl, out.f, tr, csv, first);
			ctl_inv_trace_merge(all, tr);
			json_array_clear(json_object_get(all, "packages"));
		}
		first = 0;
		next = json_object_get(tr, "next");
		if (next == NULL) {
			json_decref(tr);
			break;
		}
		strlcpy(after, ctl_inv_jstr(next, "tag"), sizeof after);
		sale = (uint64_t)json_integer_value(json_object_get(next,
		    "sale"));
		json_decref(tr);
	}
	if (ctl->json && !csv)
		return (ctl_inv_done(&t, &out, all));
	if (!csv) {
		tot = json_object_get(all, "totals");
		fprintf(out.f, "totals: received %lld, on hand %lld, sold "
		    "%lld, voided %lld\n", (long long)json_integer_value(
		    json_object_get(tot, "received")), (long long)
		    json_integer_value(json_object_get(tot, "on_hand")),
		    (long long)json_integer_value(json_object_get(tot,
		    "sold")), (long long)json_integer_value(json_object_get(tot,
		    "voided")));
	}
	json_decref(all);
	return (ctl_inv_done(&t, &out, NULL));
}

/* --- manifest import, list, show --- */

enum { MC_MANIFEST, MC_SUPPLIER, MC_TAG, MC_SKU, MC_BATCH, MC_QTY,
    MC_HARVESTED, MC_LAB_STATUS, MC_LAB_THC, MC_LAB_CBD, MC_LAB, MC_TESTED,
    MC_LAB_EXPIRES, MC_NCOLS };

static const struct {
	const char	*name;
	int		 required;
} ctl_manifest_cols[MC_NCOLS] = {
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
	int			 map[CTL_INV_FIELDS_MAX];
	u_int			 nfields;
	struct ctl_manifest_row	*rows;
	u_int			 nrows;
	struct ctl_errors	 errs;
	u_int			 nfile;
	u_int			 nmanifests;
	u_int			 alloc;
	int			 header;	/* seen */
	int			 today;	/* YYYYMMDD, store's zone */
};

static void printflike(3, 4)
ctl_manifest_error(struct ctl_manifest *cm, u_int line, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	ctl_errors_vadd(&cm->errs, line, fmt, ap);
	va_end(ap);
}

static int
ctl_manifest_header(struct ctl_manifest *cm, u_int line, char **fields,
    u_int n)
{
	int	seen[MC_NCOLS];
	u_int	i, j, bad = 0;
	char	*f, c[48];

	memset(seen, 0, sizeof seen);
	for (i = 0; i < n; i++) {
		for (f = fields[i]; *f != '\0'; f++)
			*f = (char)tolower((u_char)*f);
		for (j = 0; j < MC_NCOLS; j++) {
			if (strcmp(fields[i], ctl_manifest_cols[j].name) == 0)
				break;
		}
		if (j == MC_NCOLS) {
			ctl_manifest_error(cm, line, "unknown column \"%s\" "
			    "(the columns are manifest,supplier,tag,sku,batch,"
			    "qty,harvested,lab_status,lab_thc,lab_cbd,lab,"
			    "tested,lab_expires)", stashctl_clean(fields[i], c,
			    sizeof c));
			bad++;
			continue;
		}
		if (seen[j]++) {
			ctl_manifest_error(cm, line, "column %s appears twice",
			    ctl_manifest_cols[j].name);
			bad++;
			continue;
		}
		cm->map[i] = (int)j;
	}
	for (j = 0; j < MC_NCOLS; j++) {
		if (ctl_manifest_cols[j].required && !seen[j]) {
			ctl_manifest_error(cm, line, "missing column %s",
			    ctl_manifest_cols[j].name);
			bad++;
		}
	}
	cm->nfields = n;
	return (bad != 0 ? -1 : 0);
}

static void
ctl_manifest_read_err(void *arg, u_int line, const char *msg)
{
	ctl_manifest_error(arg, line, "%s", msg);
}

/* One record: the header names the columns, then a row each. */
static int
ctl_manifest_read_row(void *arg, u_int line, char **fields, u_int n)
{
	struct ctl_manifest	*cm = arg;
	struct ctl_manifest_row	*row;
	u_int			 i;

	if (!cm->header) {
		cm->header = 1;
		return (ctl_manifest_header(cm, line, fields, n));
	}
	if (n != cm->nfields) {
		ctl_manifest_error(cm, line, "%u field%s, the header has %u",
		    n, n == 1 ? "" : "s", cm->nfields);
		return (0);
	}
	if (cm->nrows == CTL_INV_ROWS_MAX) {
		ctl_manifest_error(cm, line, "more than %d rows: split the "
		    "file", CTL_INV_ROWS_MAX);
		return (-1);
	}
	if (cm->nrows == cm->alloc) {
		cm->alloc = cm->alloc == 0 ? 64 : cm->alloc * 2;
		cm->rows = xreallocarray(cm->rows, cm->alloc, sizeof *cm->rows);
	}
	row = &cm->rows[cm->nrows++];
	memset(row, 0, sizeof *row);
	row->line = line;
	row->ok = 1;
	for (i = 0; i < n; i++)
		row->f[cm->map[i]] = xstrdup(fields[i]);
	for (i = 0; i < MC_NCOLS; i++) {
		if (row->f[i] == NULL)
			row->f[i] = xstrdup("");
	}
	return (0);
}

/* Read the manifest CSV with the import's reader. */
static int
ctl_manifest_read(struct ctl_manifest *cm, const char *path)
{
	u_int	records;

	return (ctl_csv_read(path, cm->file, CTL_INV_FIELDS_MAX,
	    ctl_manifest_read_row, ctl_manifest_read_err, cm, &records));
}

/* YYYY-MM-DD or YYYYMMDD; empty is 0. Bounds: ctl_manifest_bounds. */
static int
ctl_manifest_date(const char *s, int *out)
{
	char	buf[9];
	size_t	n = strlen(s);

	*out = 0;
	if (n == 0)
		return (0);
	if (n == 10 && s[4] == '-' && s[7] == '-') {
		memcpy(buf, s, 4);
		memcpy(buf + 4, s + 5, 2);
		memcpy(buf + 6, s + 8, 2);
	} else if (n == 8)
		memcpy(buf, s, 8);
	else
		return (-1);
	buf[8] = '\0';
	if (strspn(buf, "0123456789") != 8)
		return (-1);
	*out = atoi(buf);
	return (intake_date_valid(*out) ? 0 : -1);
}

/* A percentage with at most one decimal, into per mille. */
static int
ctl_manifest_tenths(const char *s, int *out)
{
	int64_t	v = 0;
	int	digits = 0, frac = -1;

	*out = 0;
	if (*s == '\0')
		return (0);
	for (; *s != '\0'; s++) {
		if (*s == '.' && frac == -1) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || frac == 1 || v > 10000)
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
	if (v > 1000)
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
		ctl_manifest_error(cm, row->line, "column %s", cause);
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
		if (ctl_import_cell(&cm->errs, row->line,
		    ctl_manifest_cols[text[i].col].name, row->f[text[i].col],
		    text[i].max) != 0) {
			row->ok = 0;
			return;
		}
	}

	if (*row->f[MC_MANIFEST] == '\0' ||
	    strlen(row->f[MC_MANIFEST]) > MANIFEST_MAX) {
		ctl_manifest_error(cm, row->line, "manifest number must be 1 "
		    "to %d characters", MANIFEST_MAX);
		bad = 1;
	}
	if (*row->f[MC_SUPPLIER] == '\0' ||
	    strlen(row->f[MC_SUPPLIER]) > LICENCE_MAX) {
		ctl_manifest_error(cm, row->line, "supplier licence must be 1 "
		    "to %d characters", LICENCE_MAX);
		bad = 1;
	}
	util_tag_upper(row->f[MC_TAG]);
	if (!util_tag_valid(row->f[MC_TAG])) {
		ctl_manifest_error(cm, row->line, "tag \"%s\" is not a package "
		    "tag: 24 hexadecimal characters",
		    stashctl_clean(row->f[MC_TAG], c, sizeof c));
		bad = 1;
	} else
		strlcpy(l->tag, row->f[MC_TAG], sizeof l->tag);
	if (*row->f[MC_SKU] == '\0' || strlen(row->f[MC_SKU]) > SKU_MAX) {
		ctl_manifest_error(cm, row->line, "SKU must be 1 to %d "
		    "characters", SKU_MAX);
		bad = 1;
	} else
		strlcpy(l->sku, row->f[MC_SKU], sizeof l->sku);
	if (strlen(row->f[MC_BATCH]) > BATCH_MAX) {
		ctl_manifest_error(cm, row->line, "batch is longer than %d "
		    "characters", BATCH_MAX);
		bad = 1;
	} else
		strlcpy(l->batch, row->f[MC_BATCH], sizeof l->batch);
	if (*row->f[MC_QTY] == '\0') {
		ctl_manifest_error(cm, row->line, "qty is empty");
		bad = 1;
	}
	if (ctl_manifest_date(row->f[MC_HARVESTED], &l->harvested) != 0) {
		ctl_manifest_error(cm, row->line, "harvested \"%s\" is not a "
		    "date like 2026-03-01", stashctl_clean(
		    row->f[MC_HARVESTED], c, sizeof c));
		bad = 1;
	}
	if (ctl_manifest_date(row->f[MC_TESTED], &l->lab.tested) != 0 ||
	    ctl_manifest_date(row->f[MC_LAB_EXPIRES], &l->lab.expires) != 0) {
		ctl_manifest_error(cm, row->line, "tested and lab_expires are "
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
		ctl_manifest_error(cm, row->line, "lab_status \"%s\" must be "
		    "pass, fail or empty", stashctl_clean(s, c, sizeof c));
		bad = 1;
	}
	if (ctl_manifest_tenths(row->f[MC_LAB_THC], &l->lab.thc) != 0 ||
	    ctl_manifest_tenths(row->f[MC_LAB_CBD], &l->lab.cbd) != 0) {
		ctl_manifest_error(cm, row->line, "lab_thc and lab_cbd are "
		    "percentages with at most one decimal, like 22.5");
		bad = 1;
	}
	if (strlen(row->f[MC_LAB]) > LICENCE_MAX) {
		ctl_manifest_error(cm, row->line, "lab licence is longer than "
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
	const char	*s = row->f[MC_QTY];
	char		 c[48];
	int64_t		 v;

	if (p->unit_weight) {
		if (weight_parse(s, &v) != 0 || v <= 0 ||
		    v > CTL_INV_MG_MAX) {
			ctl_manifest_error(cm, row->line, "qty \"%s\": %s is "
			    "sold by weight, so qty is grams with up to 3 "
			    "decimals, more than 0 and at most 100 kg",
			    stashctl_clean(s, c, sizeof c), p->sku);
			return (-1);
		}
	} else {
		if (strspn(s, "0123456789") != strlen(s) || strlen(s) > 9 ||
		    (v = strtoll(s, NULL, 10)) <= 0 || v > CTL_INV_UNITS_MAX) {
			ctl_manifest_error(cm, row->line, "qty \"%s\": %s is "
			    "sold each, so qty is a whole number of units, 1 "
			    "to %d", stashctl_clean(s, c, sizeof c), p->sku,
			    CTL_INV_UNITS_MAX);
			return (-1);
		}
	}
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
			ctl_manifest_error(cm, row->line, "no product with SKU "
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
				ctl_manifest_error(cm, row->line, "manifest %s "
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
			ctl_manifest_error(cm, first->line, "%s", why);
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
	u_int	i;

	memset(cm, 0, sizeof *cm);
	cm->file = strcmp(path, "-") == 0 ? "stdin" : path;
	cm->today = today;
	if (ctl_manifest_read(cm, path) != 0)
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

/* A manifest with its lines, or only the counts. */
static json_t *
ctl_manifest_json(struct store_txn *t, const struct manifest *m, int lines)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct manifest_line	 l;
	json_t			*j, *arr;
	int			 n = 0, pending = 0, disc = 0;

	j = intake_manifest_json(m);
	arr = json_array();
	store_manifest_line_prefix(&k, m->number);
	store_iter_init(t, &it, DB_MANIFEST_LINE, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		if (store_manifest_line_decode(it.val, it.vlen, &l) != 0) {
			store_fail(t, STORE_CORRUPT, "manifest %s: a line is "
			    "damaged", m->number);
			break;
		}
		n++;
		pending += l.state == LINE_PENDING;
		disc += l.disc != DISC_NONE;
		if (lines)
			json_array_append_new(arr, intake_line_json(&l));
	}
	store_iter_done(&it);
	json_object_set_new(j, "packages", json_integer(n));
	json_object_set_new(j, "pending", json_integer(pending));
	json_object_set_new(j, "discrepancies", json_integer(disc));
	if (lines)
		json_object_set_new(j, "lines", arr);
	else
		json_decref(arr);
	return (j);
}

int
ctl_manifest_list(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct manifest		 m;
	struct ctl_inv_out	 out;
	json_t			*arr = NULL, *j;
	FILE			*f;
	char			 tm[64];
	int			 all = stashctl_flag(args, "all");

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	f = ctl_inv_out_open(&out);
	if (ctl->json)
		arr = json_array();
	else
		fprintf(f, "%-20s %-20s %-19s %-7s %8s %8s %8s\n", "MANIFEST",
		    "SUPPLIER", "CREATED", "STATUS", "PACKAGES", "PENDING",
		    "DISCREP");
	store_iter_init(&t, &it, DB_MANIFEST, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_manifest_decode(it.val, it.vlen, &m) != 0) {
			store_fail(&t, STORE_CORRUPT, "a manifest record is "
			    "damaged");
			break;
		}
		if (!all && m.status != MANIFEST_OPEN)
			continue;
		j = ctl_manifest_json(&t, &m, 0);
		if (arr != NULL) {
			json_array_append_new(arr, j);
			continue;
		}
		fprintf(f, "%-20s %-20s %-19s %-7s %8lld %8lld %8lld\n",
		    m.number, m.supplier, stashctl_time(ctl, m.created, tm,
		    sizeof tm), store_manifest_status_name(m.status),
		    (long long)json_integer_value(json_object_get(j,
		    "packages")), (long long)json_integer_value(
		    json_object_get(j, "pending")), (long long)
		    json_integer_value(json_object_get(j, "discrepancies")));
		json_decref(j);
	}
	store_iter_done(&it);
	return (ctl_inv_done(&t, &out, arr));
}

int
ctl_manifest_show(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct store_key	 k;
	struct manifest		 m;
	struct manifest_line	 l;
	struct ctl_inv_out	 out;
	FILE			*f;
	char			 tm[64];
	int			 r;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	f = ctl_inv_out_open(&out);
	r = store_manifest_get(&t, args->argv[0], &m);
	if (r == STORE_NOTFOUND) {
		store_abort(&t);
		fclose(out.f);
		free(out.text);
		stashctl_error("no manifest %s", args->argv[0]);
		return (-1);
	}
	if (r != 0)
		return (ctl_inv_done(&t, &out, NULL));
	if (ctl->json)
		return (ctl_inv_done(&t, &out, ctl_manifest_json(&t, &m, 1)));
	fprintf(f, "manifest %s from %s, created %s, %s\n", m.number,
	    m.supplier, stashctl_time(ctl, m.created, tm, sizeof tm),
	    store_manifest_status_name(m.status));
	fprintf(f, "%-24s  %-12s %-14s %12s %12s  %-9s %-13s %s\n", "TAG",
	    "SKU", "BATCH", "SHIPPED", "RECEIVED", "STATE", "DISCREPANCY",
	    "LAB");
	store_manifest_line_prefix(&k, m.number);
	store_iter_init(&t, &it, DB_MANIFEST_LINE, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		if (store_manifest_line_decode(it.val, it.vlen, &l) != 0) {
			store_fail(&t, STORE_CORRUPT, "manifest %s: a line is "
			    "damaged", m.number);
			break;
		}
		fprintf(f, "%-24s  %-12s %-14s %12lld %12lld  %-9s %-13s %s\n",
		    l.tag, l.sku, l.batch, (long long)l.shipped,
		    (long long)l.received, store_manifest_state_name(l.state),
		    store_manifest_disc_name(l.disc),
		    store_package_lab_name(l.lab.status));
	}
	store_iter_done(&it);
	return (ctl_inv_done(&t, &out, NULL));
}
