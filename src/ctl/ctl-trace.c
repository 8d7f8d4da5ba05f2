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

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "intake.h"
#include "reply.h"

/*
 * stashctl trace: every package, sale and adjustment of a batch, product,
 * supplier or package, as text, CSV, JSON or a printable report. The walk
 * is inventory_trace, encoded by reply_trace as the trace op encodes it.
 */

/* One page of a trace; the totals are printed once, after the last. */
static void
ctl_trace_text(struct ctl *ctl, FILE *f, json_t *tr, int csv, int first)
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
		w = strcmp(stashctl_jstr(prod, "unit"), "weight") == 0;
		sales = json_object_get(pk, "sales");
		if (!csv && !json_is_true(json_object_get(pk, "continued"))) {
			stashctl_qty(w, json_integer_value(json_object_get(pk,
			    "qty")), q, sizeof q);
			fprintf(f, "package %s  %s  %s  batch %s  %s on hand "
			    "in the %s (%s)%s\n", stashctl_jstr(pk, "tag"),
			    stashctl_jstr(prod, "sku"), stashctl_clean(
			    stashctl_jstr(prod, "name"), c, 33),
			    stashctl_jstr(pk, "batch"), q, stashctl_jstr(pk,
			    "location"), stashctl_jstr(pk, "status"),
			    json_is_true(json_object_get(pk, "on_delivery")) ?
			    ", out on delivery" : "");
		}
		json_array_foreach(sales, j, s) {
			stashctl_qty(w, json_integer_value(json_object_get(s,
			    "qty")), q, sizeof q);
			stashctl_time(ctl, json_integer_value(json_object_get(s,
			    "time")), tm, sizeof tm);
			if (!csv) {
				fprintf(f, "  sale %-8lld %s  %-12s staff %-4lld "
				    "%10s  %s\n", (long long)json_integer_value(
				    json_object_get(s, "sale")), tm,
				    stashctl_jstr(s, "terminal"),
				    (long long)json_integer_value(
				    json_object_get(s, "staff")), q,
				    json_is_true(json_object_get(s,
				    "delivered")) ? "delivered" :
				    stashctl_jstr(s, "status"));
				continue;
			}
			/* Names came from outside: text cells (valid.c). */
			valid_csv_cell(f, stashctl_jstr(pk, "tag"), 1, 0);
			valid_csv_cell(f, stashctl_jstr(prod, "sku"), 1, 0);
			valid_csv_cell(f, stashctl_jstr(prod, "name"), 1, 0);
			valid_csv_cell(f, stashctl_jstr(pk, "batch"), 1, 0);
			valid_csv_cell(f, stashctl_jstr(pk, "supplier"), 1, 0);
			snprintf(num, sizeof num, "%lld", (long long)
			    json_integer_value(json_object_get(s, "sale")));
			valid_csv_cell(f, num, 0, 0);
			valid_csv_cell(f, tm, 0, 0);
			valid_csv_cell(f, stashctl_jstr(s, "terminal"), 1, 0);
			snprintf(num, sizeof num, "%lld", (long long)
			    json_integer_value(json_object_get(s, "staff")));
			valid_csv_cell(f, num, 0, 0);
			valid_csv_cell(f, q, 0, 0);
			valid_csv_cell(f, stashctl_jstr(s, "status"), 1, 1);
		}
	}
}

/* Add a page to the whole trace: its packages, its totals. */
static void
ctl_trace_merge(json_t *all, json_t *tr)
{
	json_t		*pk, *prev, *pkgs, *tot, *atot, *v;
	const char	*name;
	size_t		 i;

	pkgs = json_object_get(all, "packages");
	json_array_foreach(json_object_get(tr, "packages"), i, pk) {
		prev = json_array_get(pkgs, json_array_size(pkgs) - 1);
		if (json_is_true(json_object_get(pk, "continued")) &&
		    prev != NULL && strcmp(stashctl_jstr(prev, "tag"),
		    stashctl_jstr(pk, "tag")) == 0) {
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
	REP_DELIVERED,
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
	[REP_DELIVERED] = { "Delivered",
	    "Delivered", "sale" },
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
	const char	*tag = stashctl_jstr(pk, "tag");
	char		 name[CTL_REP_WIDTH * 4];

	if (strcmp(g->tag, tag) == 0)
		return;
	strlcpy(g->tag, tag, sizeof g->tag);
	ctl_rep_line(g->f, &g->lines, "  package %s  %s  %s", tag,
	    stashctl_jstr(prod, "sku"), ctl_rep_fit(stashctl_jstr(prod,
	    "name"), 30, 0, name, sizeof name));
}

static enum ctl_rep_group_id
ctl_rep_location(const char *loc, int on_delivery)
{
	if (on_delivery)
		return (REP_DELIVERY);
	if (strcmp(loc, "floor") == 0)
		return (REP_FLOOR);
	if (strcmp(loc, "vault") == 0)
		return (REP_VAULT);
	if (strcmp(loc, "express") == 0)
		return (REP_EXPRESS);
	if (strcmp(loc, "quarantine") == 0)
		return (REP_QUARANTINE);
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
	const char		*tag = stashctl_jstr(pk, "tag");
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

	if (strcmp(stashctl_jstr(js, "status"), "void") == 0)
		g = &r->g[REP_VOID];
	else if (json_is_true(json_object_get(js, "delivered")))
		g = &r->g[REP_DELIVERED];
	else
		g = &r->g[REP_SOLD];
	ctl_rep_head(g, pk, prod);
	stashctl_qty(w, qty, q, sizeof q);
	ctl_rep_line(g->f, &g->lines, "    %-8llu %s %-16.16s %s %11s",
	    (unsigned long long)id, ref, tm, cust, q);
	ctl_rep_count(g, w, qty);
	if (returned <= 0 || g == &r->g[REP_VOID])
		return;
	g = &r->g[REP_RETURNED];
	ctl_rep_head(g, pk, prod);
	stashctl_qty(w, returned, q, sizeof q);
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
		if (strcmp(stashctl_jstr(a, "kind"), "adjust") != 0 ||
		    delta == 0 || strcmp(stashctl_jstr(a, "reason"),
		    "return") == 0)
			continue;
		stashctl_time(r->ctl, json_integer_value(json_object_get(a,
		    "time")), tm, sizeof tm);
		if (strcmp(stashctl_jstr(a, "reason"), "destruction") == 0) {
			g = &r->g[REP_DESTROYED];
			stashctl_qty(w, -delta, q, sizeof q);
			ctl_rep_line(g->f, &g->lines, "  %-16.16s %-24s %12s "
			    "%5lld %7lld", tm, stashctl_jstr(pk, "tag"), q,
			    (long long)json_integer_value(json_object_get(a,
			    "staff")), (long long)json_integer_value(
			    json_object_get(a, "witness")));
			if (*stashctl_jstr(a, "note") != '\0')
				ctl_rep_line(g->f, &g->lines, "      note: %s",
				    ctl_rep_fit(stashctl_jstr(a, "note"), 68,
				    0, note, sizeof note));
			ctl_rep_count(g, w, -delta);
			continue;
		}
		g = &r->g[REP_ADJUSTED];
		stashctl_qty(w, delta, q, sizeof q);
		ctl_rep_line(g->f, &g->lines, "  %-16.16s %-24s %s %12s %5lld",
		    tm, stashctl_jstr(pk, "tag"), ctl_rep_fit(stashctl_jstr(a,
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
		w = strcmp(stashctl_jstr(prod, "unit"), "weight") == 0;
		if (!json_is_true(json_object_get(pk, "continued"))) {
			r->packages++;
			recv = json_integer_value(json_object_get(pk,
			    "received_qty"));
			if (w)
				r->recv_mg += recv;
			else
				r->recv_units += recv;
			qty = json_integer_value(json_object_get(pk, "qty"));
			loc = stashctl_jstr(pk, "location");
			if (qty > 0) {
				id = ctl_rep_location(loc, json_is_true(
				    json_object_get(pk, "on_delivery")));
				g = &r->g[id];
				stashctl_qty(w, qty, q, sizeof q);
				ctl_rep_fit(stashctl_jstr(prod, "sku"), 12, 1,
				    sku, sizeof sku);
				ctl_rep_fit(stashctl_jstr(prod, "name"),
				    id == REP_DELIVERY ? 22 : id ==
				    REP_ELSEWHERE ? 11 : 17, 1, name,
				    sizeof name);
				ctl_rep_fit(id == REP_DELIVERY ? loc + 8 :
				    id == REP_ELSEWHERE ? loc :
				    stashctl_jstr(pk, "status"), 16, 0, where,
				    sizeof where);
				if (id == REP_DELIVERY)
					ctl_rep_line(g->f, &g->lines,
					    "  %-24s %s %11s %s",
					    stashctl_jstr(pk, "tag"), name, q,
					    where);
				else
					ctl_rep_line(g->f, &g->lines,
					    "  %-24s %s %s %11s %s",
					    stashctl_jstr(pk, "tag"), sku, name,
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
	case REP_DELIVERED:
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
		ctl_rep_line(f, n, "  %-16s %-24s %-15s %12s %5s", "TIME",
		    "TAG", "REASON", "QTY", "STAFF");
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
		ctl_rep_line(f, n, "  %-40s %5u  %s", ctl_rep_groups[i].label,
		    g->rows, ctl_rep_total(g->units, g->mg, tot, sizeof tot));
	}
	ctl_rep_line(f, n, "%s", "");

	for (i = 0; i < REP_NGROUPS; i++) {
		g = &r->g[i];
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

/*
 * Write a body of lines lines (FILE at its start or not) as 66-line
 * pages to standard output, each headed with title, the store and its
 * licence, when it was generated and "Page N of M", pages separated by
 * form feeds. The trip and customer reports of ctl-driver.c print
 * theirs the same way.
 */
int
ctl_rep_pages(struct ctl *ctl, const char *title, FILE *body, u_int lines,
    int64_t when)
{
	u_int	 body_lines = CTL_REP_BODY, pages, p, i;
	size_t	 len = 0;
	ssize_t	 got;
	char	*line = NULL, left[CTL_REP_WIDTH * 4], right[64], now[32];
	char	 name[CTL_REP_WIDTH * 4];
	FILE	*f = stdout;

	pages = (lines + body_lines - 1) / body_lines;
	if (pages == 0)
		pages = 1;
	stashctl_time(ctl, when, now, sizeof now);
	rewind(body);
	for (p = 1; p <= pages; p++) {
		if (p > 1)
			fputc('\f', f);
		snprintf(right, sizeof right, "Page %u of %u", p, pages);
		fprintf(f, "%s%*s\n", ctl_rep_fit(title, CTL_REP_WIDTH -
		    strlen(right) - 1, 1, name, sizeof name), (int)strlen(
		    right) + 1, right);
		snprintf(left, sizeof left, "%s, licence %s", ctl->info.name,
		    ctl->info.licence);
		snprintf(right, sizeof right, "Generated %.16s", now);
		fprintf(f, "%s%*s\n", ctl_rep_fit(left, CTL_REP_WIDTH -
		    strlen(right) - 1, 1, name, sizeof name), (int)strlen(
		    right) + 1, right);
		for (i = 0; i < CTL_REP_WIDTH; i++)
			fputc('-', f);
		fputc('\n', f);
		for (i = 0; i < body_lines; i++) {
			if ((got = getline(&line, &len, body)) > 0)
				fwrite(line, 1, (size_t)got, f);
			else
				fputc('\n', f);
		}
	}
	free(line);
	fflush(f);
	return (ferror(f) ? -1 : 0);
}

/* Write the trace's body as pages to standard output. */
static int
ctl_rep_print(struct ctl_rep *r, int scope, const char *key)
{
	char	title[CTL_REP_WIDTH * 4], k[128];

	snprintf(title, sizeof title, "TRACE REPORT: %s %s",
	    store_hold_scope_name(scope), ctl_rep_fit(key, 40, 0, k,
	    sizeof k));
	return (ctl_rep_pages(r->ctl, title, r->body, r->lines, r->now));
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
 * Where the trace goes on after page tr (its "next": the tag and sale
 * the next page starts after), and tr freed: 0 when tr was the last.
 */
static int
ctl_trace_next(json_t *tr, char *after, size_t len, uint64_t *sale)
{
	json_t	*next;
	int	 more = 0;

	if ((next = json_object_get(tr, "next")) != NULL) {
		strlcpy(after, stashctl_jstr(next, "tag"), len);
		*sale = (uint64_t)json_integer_value(json_object_get(next,
		    "sale"));
		more = 1;
	}
	json_decref(tr);
	return (more);
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
	json_t			*tr;
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
		rc = reply_trace(&t, scope, key, first ? NULL : after, sale,
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
		if (!ctl_trace_next(tr, after, sizeof after, &sale))
			break;
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
	struct stashctl_out	 out;
	json_t			*tr = NULL, *all = NULL, *tot, *v;
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
	stashctl_out_open(&out);
	/* Every page, in the one read transaction. */
	for (;;) {
		r = reply_trace(&t, scope, args->argv[1], first ? NULL :
		    after, sale, 20000, &tr, &cause);
		if (r != INVENTORY_OK) {
			if (r != INVENTORY_E_STORE)
				stashctl_error("%s", cause);
			free(cause);
			json_decref(all);
			if (r != INVENTORY_E_STORE) {
				store_abort(&t);
				stashctl_out_done(&out, 0);
				return (-1);
			}
			return (stashctl_list_done(&t, &out, NULL));
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
			ctl_trace_merge(all, tr);
		else {
			ctl_trace_text(ctl, out.f, tr, csv, first);
			ctl_trace_merge(all, tr);
			json_array_clear(json_object_get(all, "packages"));
		}
		first = 0;
		if (!ctl_trace_next(tr, after, sizeof after, &sale))
			break;
	}
	if (ctl->json && !csv)
		return (stashctl_list_done(&t, &out, all));
	if (!csv) {
		tot = json_object_get(all, "totals");
		fprintf(out.f, "totals: received %lld, on hand %lld (out on "
		    "delivery %lld), sold %lld (delivered %lld), voided %lld\n",
		    (long long)json_integer_value(json_object_get(tot,
		    "received")), (long long)json_integer_value(
		    json_object_get(tot, "on_hand")), (long long)
		    json_integer_value(json_object_get(tot, "out_on_delivery")),
		    (long long)json_integer_value(json_object_get(tot, "sold")),
		    (long long)json_integer_value(json_object_get(tot,
		    "delivered")), (long long)json_integer_value(
		    json_object_get(tot, "voided")));
	}
	json_decref(all);
	return (stashctl_list_done(&t, &out, NULL));
}

struct ctl_recall {
	int		 scope;
	const char	*given;
	const char	*reason;
	char		 key[LICENCE_MAX + 1];
	u_int		 packages;
	int64_t		 units;
	int64_t		 mg;
	int		 changed;	/* stock moved since the preview */
};

static int
ctl_recall_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_recall	*rc = arg;
	u_int			 packages;
	int64_t			 units, mg;

	if (inventory_scope_stock(t, rc->scope, rc->key, &packages, &units,
	    &mg) != 0)
		return (-1);
	rc->changed = packages != rc->packages || units != rc->units ||
	    mg != rc->mg;
	rc->packages = packages;
	rc->units = units;
	rc->mg = mg;
	return (inventory_hold(t, rc->scope, rc->key, 1, rc->reason, 0,
	    CTL_AUDIT_WHO, cause));
}

static const char *
ctl_recall_what(struct ctl_recall *rc, char *out, size_t len)
{
	char	g[32];

	weight_fmt(rc->mg, g, sizeof g);
	if (rc->units != 0 && rc->mg != 0)
		snprintf(out, len, "%u package%s: %lld unit%s and %s",
		    rc->packages, rc->packages == 1 ? "" : "s",
		    (long long)rc->units, rc->units == 1 ? "" : "s", g);
	else if (rc->mg != 0)
		snprintf(out, len, "%u package%s: %s", rc->packages,
		    rc->packages == 1 ? "" : "s", g);
	else
		snprintf(out, len, "%u package%s: %lld unit%s", rc->packages,
		    rc->packages == 1 ? "" : "s", (long long)rc->units,
		    rc->units == 1 ? "" : "s");
	return (out);
}

/*
 * recall SCOPE KEY --reason TEXT [--yes]: say what the recall will hold,
 * ask, then recall (inventory_hold, as the protocol's hold.set with
 * recall). A product may be named by SKU or name.
 */
int
ctl_recall(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct ctl_recall	 rc;
	struct product		 p;
	char			*cause = NULL, what[128], name[96], c[64];
	char			 answer[16];
	int			 r;

	memset(&rc, 0, sizeof rc);
	if ((rc.scope = store_hold_scope_find(args->argv[0])) == -1) {
		stashctl_error("recall %s: recall a batch, product, supplier "
		    "or package", stashctl_clean(args->argv[0], c, sizeof c));
		return (-1);
	}
	rc.given = args->argv[1];
	if ((rc.reason = stashctl_opt(args, "reason")) == NULL ||
	    stashctl_text_valid(rc.reason, 128, "the reason", &cause) != 0) {
		stashctl_error("%s", cause != NULL ? cause : "a recall needs "
		    "--reason (the state's or the lab's notice, in a few "
		    "words)");
		free(cause);
		return (-1);
	}

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	r = inventory_scope_key(&t, rc.scope, rc.given, rc.key, sizeof rc.key,
	    &cause);
	if (r == INVENTORY_OK && inventory_scope_stock(&t, rc.scope, rc.key,
	    &rc.packages, &rc.units, &rc.mg) != 0) {
		r = INVENTORY_E_STORE;
		xasprintf(&cause, "%s", store_strerror(t.ret));
	}
	name[0] = '\0';
	if (r == INVENTORY_OK && rc.scope == HOLD_PRODUCT &&
	    store_product_get(&t, (uint32_t)strtoul(rc.key, NULL, 10),
	    &p) == 0)
		snprintf(name, sizeof name, " (%s, %s)", p.sku,
		    stashctl_clean(p.name, c, sizeof c));
	store_abort(&t);
	if (r != INVENTORY_OK) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}

	ctl_recall_what(&rc, what, sizeof what);
	if (!stashctl_flag(args, "yes")) {
		printf("recall %s %s%s holds %s\nrecall? [y/N] ",
		    store_hold_scope_name(rc.scope), rc.key, name, what);
		fflush(stdout);
		if (fgets(answer, sizeof answer, stdin) == NULL ||
		    (strcmp(answer, "y\n") != 0 && strcmp(answer, "yes\n") !=
		    0 && strcmp(answer, "y") != 0 && strcmp(answer, "yes") !=
		    0)) {
			printf("\n");
			stashctl_error("nothing was recalled");
			return (-1);
		}
	}
	if (stashctl_write(ctl, ctl_recall_cb, &rc) != 0)
		return (-1);
	ctl_recall_what(&rc, what, sizeof what);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:s, s:s, s:b, s:i, s:I, s:I}",
		    "scope", store_hold_scope_name(rc.scope), "key", rc.key,
		    "recall", 1, "packages", (int)rc.packages, "units",
		    (json_int_t)rc.units, "mg", (json_int_t)rc.mg));
	else
		printf("recalled %s %s%s: %s held%s\n",
		    store_hold_scope_name(rc.scope), rc.key, name, what,
		    rc.changed ? " (stock moved since the question)" : "");
	return (0);
}
