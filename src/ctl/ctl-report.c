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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "reply.h"
#include "sale.h"

/*
 * stashctl report: the manager's reports (report-run.c) as text, JSON or
 * CSV, read from the ledger opened read-only (LMDB readers never hold up
 * stashd); report lines streams every sale line of a period as CSV;
 * report rebuild makes the rollups again from the ledger; report dump
 * prints them (to compare with a rebuild).
 */

/* An integer in a column's unit as text: 12.34 (cents, %), 1.234 (g). */
static char *
ctl_report_cell(int kind, int64_t v, const char *tz, char *out, size_t len)
{
	uint64_t	a = v < 0 ? -(uint64_t)v : (uint64_t)v;
	const char	*sign = v < 0 ? "-" : "";
	time_t		 secs;
	struct tm	 tm;
	struct util_tz	 z;

	switch (kind) {
	case REPORT_CENTS:
	case REPORT_PERCENT:
		snprintf(out, len, "%s%llu.%02llu", sign,
		    (unsigned long long)(a / 100),
		    (unsigned long long)(a % 100));
		break;
	case REPORT_GRAMS:
		snprintf(out, len, "%s%llu.%03llu", sign,
		    (unsigned long long)(a / 1000),
		    (unsigned long long)(a % 1000));
		break;
	case REPORT_TIME:
		secs = (time_t)(v / 1000000);
		util_tz_enter(&z, tz);
		localtime_r(&secs, &tm);
		util_tz_leave(&z);
		strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm);
		break;
	default:
		snprintf(out, len, "%lld", (long long)v);
		break;
	}
	return (out);
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void
ctl_report_csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void
ctl_report_csv_row(FILE *f, const struct report_table *rt,
    const struct report_row *row, const char *tz)
{
	char	buf[64];
	u_int	j;

	for (j = 0; j < rt->ncolumns; j++) {
		if (j != 0)
			fputc(',', f);
		if (rt->columns[j].kind == REPORT_TEXT)
			ctl_report_csv_field(f, row->cells[j].text);
		else
			fputs(ctl_report_cell(rt->columns[j].kind,
			    row->cells[j].v, tz, buf, sizeof buf), f);
	}
	fputc('\n', f);
}

static void
ctl_report_csv(FILE *f, const struct report_table *rt, const char *tz)
{
	u_int	i;

	for (i = 0; i < rt->ncolumns; i++) {
		if (i != 0)
			fputc(',', f);
		ctl_report_csv_field(f, rt->columns[i].name);
	}
	fputc('\n', f);
	for (i = 0; i < rt->nrows; i++)
		ctl_report_csv_row(f, rt, &rt->rows[i], tz);
	if (rt->has_total)
		ctl_report_csv_row(f, rt, &rt->total, tz);
}

/* Text: one "name: value" block a row (the tables are wide). */
static void
ctl_report_text(FILE *f, const struct report_table *rt, int from, int to,
    const char *tz)
{
	const struct report_row	*row;
	char			 c[REPORT_TEXT_MAX + 1];
	u_int			 i, j, w = 0;

	for (j = 0; j < rt->ncolumns; j++) {
		if (strlen(rt->columns[j].name) > w)
			w = (u_int)strlen(rt->columns[j].name);
	}
	fprintf(f, "%s report, %04d-%02d-%02d to %04d-%02d-%02d\n", rt->title,
	    from / 10000, from / 100 % 100, from % 100, to / 10000,
	    to / 100 % 100, to % 100);
	for (i = 0; i <= rt->nrows; i++) {
		if (i == rt->nrows && !rt->has_total)
			break;
		row = i < rt->nrows ? &rt->rows[i] : &rt->total;
		fputc('\n', f);
		for (j = 0; j < rt->ncolumns; j++) {
			if (rt->columns[j].kind == REPORT_TEXT)
				stashctl_clean(row->cells[j].text, c, sizeof c);
			else
				ctl_report_cell(rt->columns[j].kind,
				    row->cells[j].v, tz, c, sizeof c);
			fprintf(f, "  %-*s  %s%s\n", (int)w,
			    rt->columns[j].name, c,
			    rt->columns[j].kind == REPORT_PERCENT ? "%" : "");
		}
	}
}

/* --filter k=v[,k=v...] into the query. */
static int
ctl_report_filters(struct report_query *q, const char *s)
{
	char	*copy, *p, *w, *eq, *cause = NULL;
	int	 r = 0;

	copy = p = xstrdup(s);
	while (r == 0 && (w = strsep(&p, ",")) != NULL) {
		if ((eq = strchr(w, '=')) == NULL) {
			stashctl_error("--filter %s: NAME=VALUE", w);
			r = -1;
			break;
		}
		*eq = '\0';
		if (report_query_filter(q, w, eq + 1, &cause) != 0) {
			stashctl_error("%s", cause);
			free(cause);
			r = -1;
		}
	}
	free(copy);
	return (r);
}

/* The query from the command line; -1 after saying what is wrong. */
static int
ctl_report_query(struct ctl *ctl, struct ctl_args *args, const char *name,
    struct report_query *q)
{
	const char	*s, *to;
	char		*cause = NULL;

	report_query_init(q, ctl->info.tz, util_now());
	if (strlcpy(q->name, name, sizeof q->name) >= sizeof q->name) {
		stashctl_error("no report %s (there are %s)", name,
		    report_names());
		return (-1);
	}
	to = stashctl_opt(args, "to");
	if (report_query_period(q, stashctl_opt(args, "from"), to,
	    &cause) != 0 ||
	    ((s = stashctl_opt(args, "by")) != NULL &&
	    report_query_by(q, s, &cause) != 0)) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	if ((s = stashctl_opt(args, "filter")) != NULL &&
	    ctl_report_filters(q, s) != 0)
		return (-1);
	if ((s = stashctl_opt(args, "compare")) != NULL) {
		if (strcmp(s, "previous") == 0)
			q->compare = REPORT_CMP_PREVIOUS;
		else if (strcmp(s, "last-year") == 0)
			q->compare = REPORT_CMP_YEAR;
		else {
			stashctl_error("--compare %s: previous or last-year",
			    s);
			return (-1);
		}
	}
	if ((s = stashctl_opt(args, "point-value")) != NULL) {
		const char	*errstr;

		q->point_value = util_strtonum(s, 0, 100000, &errstr);
		if (errstr != NULL) {
			stashctl_error("--point-value %s: cents, 0 to 100000",
			    s);
			return (-1);
		}
	}
	return (0);
}

int
ctl_report(struct ctl *ctl, struct ctl_args *args)
{
	struct report_query	 q;
	struct report_table	 rt;
	struct store_txn	 t;
	struct util_tz		 z;
	int64_t			 schema;
	char			*cause = NULL;
	int			 csv = stashctl_flag(args, "csv"), r, kind;

	if ((kind = ctl_chart_kind(args)) == -1)
		return (1);
	if (ctl_report_query(ctl, args, args->argv[0], &q) != 0)
		return (1);
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (1);
	}
	/* A ledger from before the rollups (read-only: not migrated). */
	if ((schema = store_meta_get_i64(&t, "schema")) < 4) {
		store_abort(&t);
		stashctl_error("this ledger (schema %lld) has no rollups yet: "
		    "start stashd once, or run stashctl report rebuild",
		    (long long)schema);
		return (1);
	}
	util_tz_enter(&z, ctl->info.tz);
	r = report_run(&t, &q, &rt, &cause);
	util_tz_leave(&z);
	store_abort(&t);
	if (r != 0) {
		stashctl_error("%s", cause);
		free(cause);
		report_table_free(&rt);
		return (1);
	}
	if (stashctl_opt(args, "svg") != NULL) {
		r = ctl_chart_svg(ctl, args, &rt, kind);
		report_table_free(&rt);
		return (r);
	}
	if (ctl->json) {
		stashctl_json_print(reply_report(&rt, q.from, q.to));
	} else if (csv)
		ctl_report_csv(stdout, &rt, ctl->info.tz);
	else
		ctl_report_text(stdout, &rt, q.from, q.to, ctl->info.tz);
	report_table_free(&rt);
	return (0);
}

static const char ctl_report_head[] = "sale,ref,time,terminal,staff,"
    "customer,customer_type,channel,status,line,tag,product,name,category,"
    "qty,unit,price,gross,discount,tax,net,total,cost\n";

/* A buffered CSV writer of integers and plain text, for the export. */
struct ctl_report_out {
	char	buf[65536];
	size_t	len;
	FILE	*f;
};

static void
ctl_report_flush(struct ctl_report_out *o)
{
	if (o->len != 0)
		fwrite(o->buf, 1, o->len, o->f);
	o->len = 0;
}

static void
ctl_report_put(struct ctl_report_out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > sizeof o->buf)
		ctl_report_flush(o);
	if (n >= sizeof o->buf) {
		fwrite(s, 1, n, o->f);
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
ctl_report_str(struct ctl_report_out *o, const char *s)
{
	char	q[2 * REPORT_TEXT_MAX + 3];
	size_t	n = 0;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		ctl_report_put(o, s, strlen(s));
		ctl_report_put(o, ",", 1);
		return;
	}
	q[n++] = '"';
	for (; *s != '\0' && n < sizeof q - 3; s++) {
		if (*s == '"')
			q[n++] = '"';
		q[n++] = *s;
	}
	q[n++] = '"';
	q[n++] = ',';
	ctl_report_put(o, q, n);
}

/* An integer, with point digits after a decimal point (cents: 2). */
static void
ctl_report_int(struct ctl_report_out *o, int64_t v, int point, int last)
{
	char		tmp[32];
	size_t		n = sizeof tmp;
	uint64_t	a = v < 0 ? -(uint64_t)v : (uint64_t)v;
	int		d = 0;

	tmp[--n] = last ? '\n' : ',';
	do {
		if (point != 0 && d == point)
			tmp[--n] = '.';
		tmp[--n] = (char)('0' + a % 10);
		a /= 10;
		d++;
	} while (a != 0 || (point != 0 && d <= point));
	if (v < 0)
		tmp[--n] = '-';
	ctl_report_put(o, tmp + n, sizeof tmp - n);
}

/*
 * stashctl report lines --csv: every line of every sale in the period
 * (void ones too, with their status), oldest first, streamed: money in
 * cents as decimal, weights in grams. One read transaction on the
 * ledger opened read-only, which stashd's writes never wait for.
 */
/* What the export's walk carries from sale to sale. */
struct ctl_report_walk {
	struct store_txn	*t;
	struct ctl_report_out	*o;
	struct report_ctx	*c;
	struct roll		*fig;
	const char		*tz;
	int			 from;
	int			 to;
};

/* One sale's lines as CSV rows; stop past the period's last day. */
static int
ctl_report_line_cb(struct sale *s, void *arg)
{
	struct ctl_report_walk		*w = arg;
	struct ctl_report_out		*o = w->o;
	const struct report_prod	*p;
	const struct sale_line		*l;
	char				 when[32];
	int				 sday;
	u_int				 i;

	util_time_str(s->time, w->tz, when, sizeof when);
	sday = atoi(when) * 10000 + atoi(when + 5) * 100 + atoi(when + 8);
	if (sday < w->from)
		return (0);
	if (sday > w->to)
		return (1);
	if (s->status == SALE_COMPLETE)
		roll_lines(w->t, s, w->fig);
	else
		memset(w->fig, 0, s->nlines * sizeof *w->fig);
	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		p = report_prod(w->c, l->product);
		ctl_report_int(o, (int64_t)s->id, 0, 0);
		ctl_report_str(o, s->ref);
		ctl_report_str(o, when);
		ctl_report_str(o, s->terminal);
		ctl_report_int(o, s->staff, 0, 0);
		ctl_report_int(o, s->customer, 0, 0);
		ctl_report_str(o, store_customer_type_name(
		    roll_sale_ctype(w->t, s)));
		ctl_report_str(o, roll_channel_name(s->channel));
		ctl_report_str(o, s->status == SALE_VOID ? "void" :
		    "complete");
		ctl_report_int(o, i + 1, 0, 0);
		ctl_report_str(o, l->tag);
		ctl_report_int(o, l->product, 0, 0);
		ctl_report_str(o, l->name);
		ctl_report_str(o, p != NULL ? w->c->strs[p->category] : "");
		ctl_report_int(o, l->qty, l->unit_weight ? 3 : 0, 0);
		ctl_report_str(o, l->unit_weight ? "g" : "each");
		ctl_report_int(o, l->price, 2, 0);
		ctl_report_int(o, l->total, 2, 0);
		ctl_report_int(o, w->fig[i].v[ROLL_DISCOUNT], 2, 0);
		ctl_report_int(o, w->fig[i].v[ROLL_TAX], 2, 0);
		ctl_report_int(o, w->fig[i].v[ROLL_NET], 2, 0);
		ctl_report_int(o, w->fig[i].v[ROLL_TOTAL], 2, 0);
		ctl_report_int(o, w->fig[i].v[ROLL_COST], 2, 1);
	}
	return (0);
}

int
ctl_report_lines(struct ctl *ctl, struct ctl_args *args)
{
	struct report_query	 q;
	struct store_txn	 t;
	struct ctl_report_walk	 w;
	struct sale		*s;
	struct report_ctx	 c;
	struct util_tz		 z;
	int64_t			 since;

	if (!stashctl_flag(args, "csv")) {
		stashctl_error("report lines: only --csv");
		return (1);
	}
	if (ctl_report_query(ctl, args, "lines", &q) != 0)
		return (1);
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (1);
	}
	/* The products and their categories, once. */
	if (report_ctx_init(&c, &t, &q) != 0) {
		stashctl_error("%s", t.err);
		report_ctx_free(&c);
		store_abort(&t);
		return (1);
	}
	memset(&w, 0, sizeof w);
	w.t = &t;
	w.c = &c;
	w.tz = ctl->info.tz;
	w.from = q.from;
	w.to = q.to;
	s = xmalloc(sizeof *s);
	w.fig = xreallocarray(NULL, MAX_SALE_LINES, sizeof *w.fig);
	w.o = xcalloc(1, sizeof *w.o);
	w.o->f = stdout;
	/* A day starts at most 14 hours before its UTC midnight. */
	since = ((int64_t)report_day_number(q.from) * 86400 - 14 * 3600) *
	    1000000;
	ctl_report_put(w.o, ctl_report_head, sizeof ctl_report_head - 1);
	/* The store's zone for the whole walk, not read again per sale. */
	util_tz_enter(&z, ctl->info.tz);
	store_sale_walk_since(&t, since, s, ctl_report_line_cb, &w);
	util_tz_leave(&z);
	ctl_report_flush(w.o);
	report_ctx_free(&c);
	free(w.o);
	free(w.fig);
	free(s);
	if (t.ret != 0) {
		stashctl_error("%s", t.err);
		store_abort(&t);
		return (1);
	}
	store_abort(&t);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		stashctl_error("writing the export failed");
		return (1);
	}
	return (0);
}

static int
ctl_report_rebuild_cb(struct store_txn *t, void *arg, char **cause)
{
	uint64_t	*n = arg;

	if (roll_rebuild(t, n) != 0) {
		xasprintf(cause, "%s", t->err);
		return (-1);
	}
	audit_append(t, 0, 0, CTL_AUDIT_WHO, "report.rebuild", "rollups",
	    "records=%llu", (unsigned long long)*n);
	return (0);
}

/* stashctl report rebuild: the rollups made again, in one transaction. */
int
ctl_report_rebuild(struct ctl *ctl, struct ctl_args *args)
{
	uint64_t	n = 0;

	if (stashctl_write(ctl, ctl_report_rebuild_cb, &n) != 0)
		return (1);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:I}", "records",
		    (json_int_t)n));
	else
		printf("rollups rebuilt from %llu sales, returns and "
		    "adjustments\n", (unsigned long long)n);
	return (0);
}

/*
 * stashctl report dump: every rollup row, a line each (table, key in
 * hex, the non-zero sums), in key order: two dumps of the same rollups
 * are the same text.
 */
/* One rollup row as a line: table, key in hex, the non-zero sums. */
static int
ctl_report_dump_row(const char *table, const u_char *key, size_t klen,
    const struct roll *r, __unused void *arg)
{
	char	hex[2 * 256 + 1];	/* a store_key */
	u_int	j;

	if (klen > sizeof hex / 2)
		return (1);
	util_hex(key, klen, hex);
	printf("%s %s", table, hex);
	for (j = 0; j < ROLL_FIELDS; j++) {
		if (r->v[j] != 0)
			printf(" %u=%lld", j, (long long)r->v[j]);
	}
	putchar('\n');
	return (0);
}

int
ctl_report_dump(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	t;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (1);
	}
	roll_walk(&t, ctl_report_dump_row, NULL);
	store_abort(&t);
	if (t.ret != 0) {
		stashctl_error("%s", t.err);
		return (1);
	}
	return (0);
}
