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

/* stashctl sales list: sales, newest first. */

/* Start of a store-local calendar day (YYYY-MM-DD) in UTC microseconds. */
static int
ctl_sales_day_start(const char *tz, const char *s, int64_t *out)
{
	struct tm	 tm;
	time_t		 secs;
	char		*saved = NULL;
	const char	*old;
	int		 y, m, d;

	if ((d = valid_date_parse(s)) < 19700101 || !valid_date_real(d))
		return (-1);
	y = d / 10000;
	m = (d / 100) % 100;
	d %= 100;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	if ((old = getenv("TZ")) != NULL)
		saved = xstrdup(old);
	setenv("TZ", tz, 1);
	tzset();
	secs = mktime(&tm);
	if (saved != NULL) {
		setenv("TZ", saved, 1);
		free(saved);
	} else
		unsetenv("TZ");
	tzset();
	if (secs == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != m - 1)
		return (-1);
	*out = (int64_t)secs * 1000000;
	return (0);
}

static json_t *
ctl_sales_json(struct store_txn *t, const struct sale *s)
{
	const struct sale_line	*l;
	struct staff		 st;
	json_t			*j, *lines;
	u_int			 i;

	lines = json_array();
	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		json_array_append_new(lines, json_pack("{s:s,s:i,s:o,s:s,s:I,"
		    "s:I,s:I}", "tag", l->tag, "product", (int)l->product,
		    "name", stashctl_json_str(l->name), "unit",
		    store_product_unit_name(l->unit_weight), "qty",
		    (json_int_t)l->qty, "price", (json_int_t)l->price,
		    "total", (json_int_t)l->total));
	}
	if (store_staff_get(t, s->staff, &st) != 0)
		st.name[0] = '\0';
	j = json_pack("{s:I,s:o,s:I,s:o,s:{s:i,s:o},s:o,s:I,s:I,s:I,s:I,s:s}",
	    "id", (json_int_t)s->id, "ref", stashctl_json_str(s->ref),
	    "time", (json_int_t)s->time,
	    "terminal", stashctl_json_str(s->terminal),
	    "staff", "id", (int)s->staff, "name", stashctl_json_str(st.name),
	    "lines", lines, "subtotal", (json_int_t)s->subtotal,
	    "total", (json_int_t)s->total, "tendered", (json_int_t)s->tendered,
	    "change", (json_int_t)s->change,
	    "status", s->status == SALE_VOID ? "void" : "complete");
	if (j != NULL && s->status == SALE_VOID) {
		json_object_set_new(j, "void", json_pack("{s:I,s:i,s:i,s:o}",
		    "time", (json_int_t)s->void_time, "staff",
		    (int)s->void_staff, "approver", (int)s->void_approver,
		    "reason", stashctl_json_str(s->void_reason)));
	}
	return (j);
}

struct ctl_sales_list {
	struct stashctl_list	 l;
	const char		*terminal;	/* only these, or NULL */
	int64_t			 from;
	int64_t			 limit;
	int64_t			 n;
	int64_t			 sum;		/* of complete sales */
};

static int
ctl_sales_list_one(const struct sale *s, void *arg)
{
	struct ctl_sales_list	*sl = arg;
	struct stashctl_list	*l = &sl->l;
	char			 when[32], total[32];
	char			 c[TERMINAL_NAME_MAX + 1];

	if (sl->n >= sl->limit || s->time < sl->from)
		return (1);
	if (sl->terminal != NULL && strcmp(sl->terminal, s->terminal) != 0)
		return (0);
	sl->n++;
	if (s->status == SALE_COMPLETE)
		sl->sum += s->total;
	if (l->arr != NULL) {
		json_array_append_new(l->arr, ctl_sales_json(&l->t, s));
		return (0);
	}
	fprintf(l->f, "%8llu  %-19s  %-16s %6u %5u %10s  %s\n",
	    (unsigned long long)s->id, stashctl_time(l->ctl, s->time, when,
	    sizeof when), stashctl_clean(s->terminal, c, sizeof c), s->staff,
	    s->nlines, money_fmt(s->total, total, sizeof total),
	    s->status == SALE_VOID ? "void" : "complete");
	return (0);
}

int
ctl_sales_list(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_sales_list	 sl;
	const char		*since, *term;
	char			*cause = NULL, head[160], total[32];
	int64_t			 from = 0, limit = 50;

	if (stashctl_limit(args, &limit) != 0)
		return (-1);
	if ((since = stashctl_opt(args, "since")) != NULL &&
	    ctl_sales_day_start(ctl->info.tz, since, &from) != 0) {
		stashctl_error("--since %s: not a date (YYYY-MM-DD)", since);
		return (-1);
	}
	if ((term = stashctl_opt(args, "terminal")) != NULL &&
	    ctl_terminal_name_valid(term, &cause) != 0) {
		stashctl_error("--terminal: %s", cause);
		free(cause);
		return (-1);
	}
	snprintf(head, sizeof head, "%8s  %-19s  %-16s %6s %5s %10s  %s\n",
	    "ID", "TIME", "TERMINAL", "STAFF", "LINES", "TOTAL", "STATUS");
	if (stashctl_list_begin(ctl, &sl.l, head) != 0)
		return (-1);
	sl.terminal = term;
	sl.from = from;
	sl.limit = limit;
	sl.n = sl.sum = 0;
	/* Newest first: sale numbers rise with time. */
	store_sale_walk(&sl.l.t, 1, ctl_sales_list_one, &sl);
	if (sl.l.arr == NULL && sl.l.t.ret == 0) {
		fprintf(sl.l.f, "%lld sale%s, %s in complete sales (times in "
		    "%s)\n", (long long)sl.n, sl.n == 1 ? "" : "s",
		    money_fmt(sl.sum, total, sizeof total), ctl->info.tz);
	}
	return (stashctl_list_end(&sl.l));
}
