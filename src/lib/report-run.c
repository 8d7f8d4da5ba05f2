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

#include "report.h"

/*
 * Running a report: the query (period, grouping, filters, comparison),
 * what the reports share (the products, interned names, groups keyed by
 * up to two integers, the walk over the sales rollups), and report_run,
 * which picks the report and adds the comparison.
 */

static const char *report_by_names[REPORT_BY_MAX] = {
	[REPORT_BY_NONE] = "none",
	[REPORT_BY_DAY] = "day",
	[REPORT_BY_WEEK] = "week",
	[REPORT_BY_MONTH] = "month",
	[REPORT_BY_HOUR] = "hour",
	[REPORT_BY_WEEKDAY] = "weekday",
	[REPORT_BY_CATEGORY] = "category",
	[REPORT_BY_PRODUCT] = "product",
	[REPORT_BY_BRAND] = "brand",
	[REPORT_BY_STAFF] = "staff",
	[REPORT_BY_TERMINAL] = "terminal",
	[REPORT_BY_CHANNEL] = "channel",
	[REPORT_BY_CTYPE] = "customer-type",
	[REPORT_BY_CUSTOMER] = "customer",
	[REPORT_BY_LOCATION] = "location",
	[REPORT_BY_REASON] = "reason",
	[REPORT_BY_KIND] = "kind",
	[REPORT_BY_STATUS] = "status",
	[REPORT_BY_CAUSE] = "cause",
};

/* The reports, how each groups when not told, and how it may group. */
#define B(x)		(1U << REPORT_BY_ ## x)
#define B_TIME		(B(DAY) | B(WEEK) | B(MONTH) | B(WEEKDAY))
#define B_PRODUCT	(B(CATEGORY) | B(PRODUCT) | B(BRAND))
#define B_SALE		(B(STAFF) | B(TERMINAL) | B(CHANNEL) | B(CTYPE))
static const struct {
	const char	*name;
	int		(*fn)(struct report_ctx *, struct report_table *);
	int		 by[REPORT_BYS];
	u_int		 may;
} report_list[] = {
	{ "sales", report_sales, { REPORT_BY_DAY, 0 },
	    B_TIME | B_PRODUCT | B_SALE },
	{ "products", report_products, { REPORT_BY_PRODUCT, 0 },
	    B_TIME | B_PRODUCT | B_SALE },
	{ "inventory", report_inventory, { REPORT_BY_LOCATION, 0 },
	    B(LOCATION) | B_PRODUCT },
	{ "turnover", report_turnover, { REPORT_BY_CATEGORY,
	    REPORT_BY_MONTH }, B_TIME | B_PRODUCT },
	{ "shrink", report_shrink, { REPORT_BY_REASON, 0 },
	    B_TIME | B(REASON) | B(LOCATION) },
	{ "reorder", report_reorder, { REPORT_BY_PRODUCT, 0 }, B(PRODUCT) },
	{ "customers", report_customers, { REPORT_BY_MONTH, 0 },
	    B_TIME | B(CUSTOMER) },
	{ "staff", report_staff, { REPORT_BY_STAFF, 0 },
	    B_TIME | B(HOUR) | B(STAFF) },
	{ "hours", report_hours, { REPORT_BY_WEEKDAY, REPORT_BY_HOUR },
	    B_TIME | B(HOUR) | B(STAFF) },
	{ "compliance", report_compliance, { REPORT_BY_KIND,
	    REPORT_BY_STATUS }, B_TIME | B(KIND) | B(STATUS) | B(CAUSE) },
	{ "delivery", report_delivery, { REPORT_BY_DAY, 0 },
	    B_TIME | B(CHANNEL) | B(STATUS) | B(CAUSE) | B(STAFF) |
	    B(CUSTOMER) },
};
#undef B
#undef B_TIME
#undef B_PRODUCT
#undef B_SALE
#define REPORT_NREPORTS	(sizeof report_list / sizeof report_list[0])

const char *
report_names(void)
{
	return ("sales, products, inventory, turnover, shrink, reorder, "
	    "customers, staff, hours, compliance, delivery");
}

const char *
report_by_name(int by)
{
	if (by < 0 || by >= REPORT_BY_MAX)
		return ("unknown");
	return (report_by_names[by]);
}

int
report_by_find(const char *s)
{
	int	i;

	if (strcmp(s, "ctype") == 0)
		return (REPORT_BY_CTYPE);
	if (strcmp(s, "supplier") == 0)
		return (REPORT_BY_BRAND);
	for (i = 0; i < REPORT_BY_MAX; i++) {
		if (strcmp(report_by_names[i], s) == 0)
			return (i);
	}
	return (-1);
}

/*
 * Days as numbers (days since 1970-01-01, util_days) and back (H.
 * Hinnant's civil_from_days), for periods, weeks and weekdays without time
 * zones: a day here is already store-local.
 */
int
report_day_number(int ymd)
{
	return ((int)util_days(ymd / 10000, ymd / 100 % 100, ymd % 100));
}

static int
report_day_civil(int z)
{
	int	era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	return ((y + (m <= 2)) * 10000 + m * 100 + d);
}

int
report_day_add(int ymd, int n)
{
	return (report_day_civil(report_day_number(ymd) + n));
}

/* 0 Monday .. 6 Sunday (1970-01-01 was a Thursday). */
static int
report_weekday(int ymd)
{
	return ((report_day_number(ymd) % 7 + 7 + 3) % 7);
}

void
report_query_init(struct report_query *q, const char *tz, int64_t now)
{
	memset(q, 0, sizeof *q);
	q->tz = tz;
	q->now = now;
	q->channel = q->ctype = -1;
	q->to = q->from = util_local_date(now, tz);
}

/* "category" or "category,week": up to REPORT_BYS groupings. */
int
report_query_by(struct report_query *q, const char *s, char **cause)
{
	char	*copy, *p, *w;
	int	 by;

	q->nby = 0;
	copy = p = xstrdup(s);
	while ((w = strsep(&p, ",")) != NULL) {
		if ((by = report_by_find(w)) == -1 || by == REPORT_BY_NONE) {
			xasprintf(cause, "by %s: not a grouping (day, week, "
			    "month, hour, weekday, category, product, brand, "
			    "staff, terminal, channel, customer-type, "
			    "customer, location, reason, kind, status, cause)",
			    w);
			free(copy);
			return (-1);
		}
		if (q->nby == REPORT_BYS) {
			xasprintf(cause, "by: at most %d groupings",
			    REPORT_BYS);
			free(copy);
			return (-1);
		}
		q->by[q->nby++] = by;
	}
	free(copy);
	return (0);
}

static int
report_query_date(const char *s, int *out)
{
	int	d;

	if ((d = valid_date_parse(s)) < 19700101 || !valid_date_real(d))
		return (-1);
	*out = d;
	return (0);
}

/*
 * The period: from and to as YYYY-MM-DD (to, if NULL, is from), or from a
 * word: today, yesterday, week (this week from Monday), month (this
 * month), year (this year), last-week, last-month, last-year.
 */
int
report_query_period(struct report_query *q, const char *from, const char *to,
    char **cause)
{
	int	today = util_local_date(q->now, q->tz), wd;

	if (from == NULL)
		from = "today";
	wd = report_weekday(today);
	if (strcmp(from, "today") == 0 || strcmp(from, "day") == 0)
		q->from = q->to = today;
	else if (strcmp(from, "yesterday") == 0)
		q->from = q->to = report_day_add(today, -1);
	else if (strcmp(from, "week") == 0) {
		q->from = report_day_add(today, -wd);
		q->to = today;
	} else if (strcmp(from, "last-week") == 0) {
		q->from = report_day_add(today, -wd - 7);
		q->to = report_day_add(q->from, 6);
	} else if (strcmp(from, "month") == 0) {
		q->from = today / 100 * 100 + 1;
		q->to = today;
	} else if (strcmp(from, "last-month") == 0) {
		q->to = report_day_add(today / 100 * 100 + 1, -1);
		q->from = q->to / 100 * 100 + 1;
	} else if (strcmp(from, "year") == 0) {
		q->from = today / 10000 * 10000 + 101;
		q->to = today;
	} else if (strcmp(from, "last-year") == 0) {
		q->from = (today / 10000 - 1) * 10000 + 101;
		q->to = (today / 10000 - 1) * 10000 + 1231;
	} else {
		if (report_query_date(from, &q->from) != 0) {
			xasprintf(cause, "from %s: a date YYYY-MM-DD or today, "
			    "yesterday, week, month, year, last-week, "
			    "last-month, last-year", from);
			return (-1);
		}
		q->to = q->from;
		if (to != NULL && report_query_date(to, &q->to) != 0) {
			xasprintf(cause, "to %s: a date YYYY-MM-DD", to);
			return (-1);
		}
		if (q->to < q->from) {
			xasprintf(cause, "to %s is before from %s", to, from);
			return (-1);
		}
		return (0);
	}
	if (to != NULL) {
		xasprintf(cause, "to goes with a date from, not %s", from);
		return (-1);
	}
	return (0);
}

static int
report_query_id(const char *v, uint32_t *id)
{
	const char	*errstr;

	*id = (uint32_t)util_strtonum(v, 1, UINT32_MAX, &errstr);
	return (errstr != NULL ? -1 : 0);
}

/* A filter, key=value: what is summed is only what matches. */
int
report_query_filter(struct report_query *q, const char *k, const char *v,
    char **cause)
{
	if (strcmp(k, "category") == 0) {
		if (strlcpy(q->category, v, sizeof q->category) >=
		    sizeof q->category)
			goto toolong;
	} else if (strcmp(k, "product") == 0) {
		if (report_query_id(v, &q->product) != 0)
			goto bad;
	} else if (strcmp(k, "brand") == 0 || strcmp(k, "supplier") == 0) {
		if (strlcpy(q->brand, v, sizeof q->brand) >= sizeof q->brand)
			goto toolong;
	} else if (strcmp(k, "staff") == 0) {
		if (report_query_id(v, &q->staff) != 0)
			goto bad;
	} else if (strcmp(k, "terminal") == 0) {
		if (strlcpy(q->terminal, v, sizeof q->terminal) >=
		    sizeof q->terminal)
			goto toolong;
	} else if (strcmp(k, "channel") == 0) {
		if ((q->channel = roll_channel_find(v)) == -1) {
			xasprintf(cause, "filter channel: in-store, pickup or "
			    "delivery, not %s", v);
			return (-1);
		}
	} else if (strcmp(k, "customer-type") == 0 ||
	    strcmp(k, "ctype") == 0) {
		if ((q->ctype = store_customer_type_find(v)) == -1) {
			xasprintf(cause, "filter customer-type: adult, "
			    "medical, caregiver or oos-patient, not %s", v);
			return (-1);
		}
	} else {
		xasprintf(cause, "filter %s: not a filter (category, product, "
		    "brand, staff, terminal, channel, customer-type)", k);
		return (-1);
	}
	return (0);

bad:
	xasprintf(cause, "filter %s: a number, not %s", k, v);
	return (-1);
toolong:
	xasprintf(cause, "filter %s: too long", k);
	return (-1);
}

int
report_intern(struct report_ctx *c, const char *s)
{
	u_int	i;

	for (i = 0; i < c->nstrs; i++) {
		if (strcmp(c->strs[i], s) == 0)
			return ((int)i);
	}
	c->strs = xreallocarray(c->strs, c->nstrs + 1, sizeof *c->strs);
	c->strs[c->nstrs] = xstrdup(s);
	return ((int)c->nstrs++);
}

static int
report_intern_find(struct report_ctx *c, const char *s)
{
	u_int	i;

	for (i = 0; i < c->nstrs; i++) {
		if (strcmp(c->strs[i], s) == 0)
			return ((int)i);
	}
	return (-2);	/* asked for, matches nothing */
}

const struct report_prod *
report_prod(struct report_ctx *c, uint32_t id)
{
	u_int	lo = 0, hi = c->nprods, mid;

	if (c->byid != NULL)
		return (id <= c->maxid ? c->byid[id] : NULL);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->prods[mid].id == id)
			return (&c->prods[mid]);
		if (c->prods[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (NULL);
}

/*
 * The products (in id order: the table's key order), their categories
 * and brands (the supplier of a package of the product) interned.
 */
int
report_ctx_init(struct report_ctx *c, struct store_txn *t,
    const struct report_query *q)
{
	struct store_iter	 it, pit;
	struct store_key	 k;
	struct report_prod	*rp;
	struct product		 p;
	struct package		 pk;
	char			 tag[TAG_LEN + 1];
	u_int			 i;

	memset(c, 0, sizeof *c);
	c->t = t;
	c->q = q;
	c->kday = -1;
	store_iter_init(t, &it, DB_PRODUCT, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_product_decode(it.val, it.vlen, &p) != 0) {
			store_fail(t, STORE_CORRUPT, "product damaged");
			break;
		}
		c->prods = xreallocarray(c->prods, c->nprods + 1,
		    sizeof *c->prods);
		rp = &c->prods[c->nprods++];
		memset(rp, 0, sizeof *rp);
		rp->id = p.id;
		strlcpy(rp->name, p.name, sizeof rp->name);
		rp->category = report_intern(c, p.category);
		rp->unit_weight = p.unit_weight;
		rp->price = p.price;
		rp->unit_cost = p.unit_cost;
		rp->reorder = p.reorder;
		rp->brand = -1;
		store_key_init(&k);
		store_key_u32(&k, p.id);
		store_iter_init(t, &pit, DB_PACKAGE_PRODUCT, k.data, k.len, 0);
		if (store_iter_next(&pit) && pit.klen == 4 + TAG_LEN) {
			memcpy(tag, pit.key + 4, TAG_LEN);
			tag[TAG_LEN] = '\0';
			if (store_package_get(t, tag, &pk) == 0 &&
			    pk.supplier[0] != '\0')
				rp->brand = report_intern(c, pk.supplier);
		}
		store_iter_done(&pit);
	}
	store_iter_done(&it);
	/* Product numbers are dense: index them when they are few enough. */
	if (c->nprods != 0 && c->prods[c->nprods - 1].id < 1000000) {
		c->maxid = c->prods[c->nprods - 1].id;
		c->byid = xcalloc(c->maxid + 1, sizeof *c->byid);
		for (i = 0; i < c->nprods; i++)
			c->byid[c->prods[i].id] = &c->prods[i];
	}
	c->fcat = q->category[0] != '\0' ?
	    report_intern_find(c, q->category) : -1;
	c->fbrand = q->brand[0] != '\0' ? report_intern_find(c, q->brand) : -1;
	return (t->ret != 0 ? -1 : 0);
}

void
report_ctx_free(struct report_ctx *c)
{
	u_int	i;

	for (i = 0; i < c->nstrs; i++)
		free(c->strs[i]);
	free(c->strs);
	free(c->prods);
	free(c->byid);
	free(c->cause);
	free(c->groups);
	free(c->hash);
	memset(c, 0, sizeof *c);
}

/* Does what src sums pass the query's filters? */
int
report_match(struct report_ctx *c, const struct report_src *src)
{
	const struct report_query	*q = c->q;
	const struct report_prod	*p;

	if (q->staff != 0 && src->staff != q->staff)
		return (0);
	if (q->channel != -1 && src->channel != q->channel)
		return (0);
	if (q->ctype != -1 && src->ctype != q->ctype)
		return (0);
	if (q->terminal[0] != '\0' && (src->terminal == NULL ||
	    strcmp(src->terminal, q->terminal) != 0))
		return (0);
	if (q->product != 0 && src->product != q->product)
		return (0);
	if (src->category != 0)
		return (c->fcat == -1 || c->fcat == src->category - 1);
	if (c->fcat != -1 || c->fbrand != -1) {
		if ((p = report_prod(c, src->product)) == NULL)
			return (0);
		if (c->fcat != -1 && p->category != c->fcat)
			return (0);
		if (c->fbrand != -1 && p->brand != c->fbrand)
			return (0);
	}
	return (1);
}

/* The key of src under one grouping. */
static int64_t
report_key(struct report_ctx *c, int by, const struct report_src *src)
{
	const struct report_prod	*p;

	/* Rollups come a day at a time: its week once a day. */
	if ((by == REPORT_BY_WEEK || by == REPORT_BY_WEEKDAY) &&
	    src->day != c->kday) {
		c->kday = src->day;
		c->kwday = report_weekday(src->day);
		c->kweek = report_day_add(src->day, -(int)c->kwday);
	}
	switch (by) {
	case REPORT_BY_DAY:
		return (src->day);
	case REPORT_BY_WEEK:
		return (c->kweek);
	case REPORT_BY_MONTH:
		return (src->day / 100);
	case REPORT_BY_HOUR:
		return (src->hour);
	case REPORT_BY_WEEKDAY:
		return (c->kwday);
	case REPORT_BY_CATEGORY:
		if (src->category != 0)
			return (src->category - 1);
		p = report_prod(c, src->product);
		return (p != NULL ? p->category : -1);
	case REPORT_BY_BRAND:
		p = report_prod(c, src->product);
		return (p != NULL ? p->brand : -1);
	case REPORT_BY_PRODUCT:
		return (src->product);
	case REPORT_BY_STAFF:
		return (src->staff);
	case REPORT_BY_TERMINAL:
		return (src->terminal != NULL ?
		    report_intern(c, src->terminal) : -1);
	case REPORT_BY_CHANNEL:
		return (src->channel);
	case REPORT_BY_CTYPE:
		return (src->ctype);
	case REPORT_BY_CUSTOMER:
		return (src->customer);
	case REPORT_BY_LOCATION:
		return (src->str2 != NULL ? report_intern(c, src->str2) : -1);
	case REPORT_BY_REASON:
		return (src->str != NULL ? report_intern(c, src->str) : -1);
	case REPORT_BY_KIND:
		return (src->kind != NULL ? report_intern(c, src->kind) : -1);
	case REPORT_BY_STATUS:
		return (src->status != NULL ? report_intern(c, src->status) :
		    -1);
	case REPORT_BY_CAUSE:
		return (src->cause != NULL ? report_intern(c, src->cause) : -1);
	}
	return (0);
}

static u_int
report_hash(const int64_t *k)
{
	uint64_t	h;

	h = (uint64_t)k[0] * 0x9e3779b97f4a7c15ULL;
	h ^= (uint64_t)k[1] + 0x632be59bd9b4e019ULL + (h << 6) + (h >> 2);
	return ((u_int)(h ^ (h >> 29)));
}

static void
report_rehash(struct report_ctx *c)
{
	u_int	i, j;

	free(c->hash);
	c->hsize = c->hsize == 0 ? 256 : c->hsize * 2;
	c->hash = xreallocarray(NULL, c->hsize, sizeof *c->hash);
	memset(c->hash, 0xff, c->hsize * sizeof *c->hash);
	for (i = 0; i < c->ngroups; i++) {
		j = report_hash(c->groups[i].key) & (c->hsize - 1);
		while (c->hash[j] != UINT32_MAX)
			j = (j + 1) & (c->hsize - 1);
		c->hash[j] = i;
	}
}

/* The group what src sums goes into, made if need be. */
struct report_group *
report_group(struct report_ctx *c, const struct report_src *src)
{
	struct report_group	*g;
	int64_t			 k[REPORT_BYS] = { 0, 0 };
	u_int			 i, j;

	for (i = 0; i < c->q->nby; i++)
		k[i] = report_key(c, c->q->by[i], src);
	if (c->hsize == 0 || c->ngroups * 2 >= c->hsize)
		report_rehash(c);
	j = report_hash(k) & (c->hsize - 1);
	while (c->hash[j] != UINT32_MAX) {
		g = &c->groups[c->hash[j]];
		if (g->key[0] == k[0] && g->key[1] == k[1])
			return (g);
		j = (j + 1) & (c->hsize - 1);
	}
	if (c->ngroups == c->gsize) {
		c->gsize = c->gsize == 0 ? 64 : c->gsize * 2;
		c->groups = xreallocarray(c->groups, c->gsize,
		    sizeof *c->groups);
	}
	c->hash[j] = c->ngroups;
	g = &c->groups[c->ngroups++];
	memset(g, 0, sizeof *g);
	g->key[0] = k[0];
	g->key[1] = k[1];
	return (g);
}

void
report_groups_reset(struct report_ctx *c)
{
	c->ngroups = 0;
	if (c->hash != NULL)
		memset(c->hash, 0xff, c->hsize * sizeof *c->hash);
}

/* Does the query need the rollup with every dimension? */
int
report_fine(const struct report_query *q)
{
	u_int	i;

	if (q->staff != 0 || q->terminal[0] != '\0' || q->channel != -1 ||
	    q->ctype != -1)
		return (1);
	for (i = 0; i < q->nby; i++) {
		switch (q->by[i]) {
		case REPORT_BY_STAFF:
		case REPORT_BY_TERMINAL:
		case REPORT_BY_CHANNEL:
		case REPORT_BY_CTYPE:
			return (1);
		}
	}
	return (0);
}

/*
 * Which rollup answers the query: by category (a few rows a day) when it
 * asks nothing of products but their category and of sales but their
 * time; else the one by day and product; the one with every dimension
 * only when it asks for staff, register, channel or customer type (the
 * sales as a whole of one register or staff member: roll.till or
 * roll.staff, the same rows register or staff member first).
 */
static enum store_db
report_rollup(const struct report_query *q, int whole)
{
	u_int	i;

	/*
	 * One register's (one staff member's) sales as a whole: their own
	 * rows, register (staff member) first.
	 */
	if (whole && q->terminal[0] != '\0')
		return (DB_ROLL_TILL);
	if (whole && q->staff != 0)
		return (DB_ROLL_STAFF);
	if (report_fine(q))
		return (DB_ROLL);
	if (whole || q->product != 0 || q->brand[0] != '\0')
		return (DB_ROLL_PRODUCT);
	for (i = 0; i < q->nby; i++) {
		switch (q->by[i]) {
		case REPORT_BY_CATEGORY:
		case REPORT_BY_DAY:
		case REPORT_BY_WEEK:
		case REPORT_BY_MONTH:
		case REPORT_BY_WEEKDAY:
			break;
		default:
			return (DB_ROLL_PRODUCT);
		}
	}
	return (DB_ROLL_CATEGORY);
}

/*
 * Go to the first rollup key of a day (and product), when the rest of a
 * day is of no use: a day's sales as a whole come first in it. The walk
 * starts above a key: in roll.product, (day, product) is a whole key, so
 * it starts above the one before.
 */
static void
report_walk_seek(struct report_ctx *c, struct store_iter *it,
    enum store_db db, int day, uint32_t product)
{
	struct store_key	k;

	store_iter_done(it);
	store_key_init(&k);
	if (db == DB_ROLL_TILL)
		store_key_str(&k, c->q->terminal);
	else if (db == DB_ROLL_STAFF)
		store_key_u32(&k, c->q->staff);
	store_key_u32(&k, (uint32_t)day);
	if (product != 0)
		store_key_u32(&k, db == DB_ROLL_PRODUCT ? product - 1 :
		    product);
	store_iter_init(c->t, it, db, NULL, 0, 0);
	store_iter_after(it, k.data, k.len);
}

/*
 * Sum the sales rollups of days from..to into the groups: the sales as a
 * whole (whole) or their products' lines, from the rollup report_rollup
 * picks. 0, or -1 on a store error.
 */
int
report_sales_walk(struct report_ctx *c, int whole, int from, int to)
{
	struct store_iter	 it;
	struct report_src	 src;
	struct roll_key		 rk;
	struct roll		 r;
	enum store_db		 db = report_rollup(c->q, whole);
	uint32_t		 want = c->q->product;
	size_t			 n;
	char			 cat[CATEGORY_MAX + 1];

	memset(&it, 0, sizeof it);
	store_iter_init(c->t, &it, db, NULL, 0, 0);
	report_walk_seek(c, &it, db, from, whole ? 0 : want);
	while (store_iter_next(&it)) {
		/* The fine rollup has about a row a sale line: bounded too. */
		if (db == DB_ROLL && report_scan(c) != 0)
			break;
		memset(&src, 0, sizeof src);
		if (db == DB_ROLL_TILL) {
			if (roll_till_key_parse(it.key, it.klen, &rk) != 0)
				goto bad;
			/* Past the register's rows: done. */
			if (strcmp(rk.terminal, c->q->terminal) != 0)
				break;
		} else if (db == DB_ROLL_STAFF) {
			if (roll_staff_key_parse(it.key, it.klen, &rk) != 0)
				goto bad;
			if (rk.staff != c->q->staff)
				break;
		} else if (db == DB_ROLL) {
			if (roll_key_parse(it.key, it.klen, &rk) != 0)
				goto bad;
		}
		if (db == DB_ROLL || db == DB_ROLL_TILL ||
		    db == DB_ROLL_STAFF) {
			src.day = rk.day;
			src.product = rk.product;
			src.staff = rk.staff;
			src.channel = rk.channel;
			src.ctype = rk.ctype;
			src.terminal = rk.terminal;
		} else if (db == DB_ROLL_PRODUCT) {
			if (it.klen != 8)
				goto bad;
			src.day = (int)store_key_get_u32(it.key);
			src.product = store_key_get_u32(it.key + 4);
			src.channel = src.ctype = -1;
		} else {
			if (it.klen < 6)
				goto bad;
			n = (size_t)it.key[4] << 8 | it.key[5];
			if (n >= sizeof cat || it.klen != 6 + n)
				goto bad;
			memcpy(cat, it.key + 6, n);
			cat[n] = '\0';
			src.day = (int)store_key_get_u32(it.key);
			src.category = report_intern(c, cat) + 1;
			src.channel = src.ctype = -1;
		}
		if (src.day > to)
			break;
		/*
		 * Past what the day can give (its sales as a whole, or the
		 * product asked for): on to the next day.
		 */
		if ((db == DB_ROLL || db == DB_ROLL_PRODUCT) &&
		    ((whole && src.product != 0) ||
		    (!whole && want != 0 && src.product > want))) {
			report_walk_seek(c, &it, db, report_day_add(src.day, 1),
			    whole ? 0 : want);
			continue;
		}
		if ((db == DB_ROLL || db == DB_ROLL_PRODUCT) &&
		    (src.product == 0) != (whole != 0))
			continue;
		if (!report_match(c, &src))
			continue;
		if (roll_decode(it.val, it.vlen, &r) != 0)
			goto bad;
		roll_sum(&report_group(c, &src)->r, &r);
	}
	store_iter_done(&it);
	return (c->t->ret != 0 ? -1 : 0);

bad:
	store_iter_done(&it);
	store_fail(c->t, STORE_CORRUPT, "rollup damaged");
	return (-1);
}

/* A text column for each grouping. */
void
report_columns_by(struct report_ctx *c, struct report_table *rt)
{
	u_int	i;

	for (i = 0; i < c->q->nby; i++)
		report_table_column(rt, report_by_name(c->q->by[i]),
		    REPORT_TEXT);
}

/* Is a grouping's key an interned name? */
static int
report_by_text(int by)
{
	switch (by) {
	case REPORT_BY_CATEGORY:
	case REPORT_BY_BRAND:
	case REPORT_BY_TERMINAL:
	case REPORT_BY_LOCATION:
	case REPORT_BY_REASON:
	case REPORT_BY_KIND:
	case REPORT_BY_STATUS:
	case REPORT_BY_CAUSE:
		return (1);
	}
	return (0);
}

static void
report_label(struct report_ctx *c, int by, int64_t key, char *buf,
    size_t len)
{
	static const char		*wd[] = { "Mon", "Tue", "Wed", "Thu",
					    "Fri", "Sat", "Sun" };
	const struct report_prod	*p;
	struct staff			 st;

	if (report_by_text(by)) {
		if (key >= 0 && (u_int)key < c->nstrs)
			strlcpy(buf, c->strs[key], len);
		else
			strlcpy(buf, "none", len);
		return;
	}
	switch (by) {
	case REPORT_BY_DAY:
	case REPORT_BY_WEEK:
		snprintf(buf, len, "%04d-%02d-%02d", (int)(key / 10000),
		    (int)(key / 100 % 100), (int)(key % 100));
		return;
	case REPORT_BY_MONTH:
		snprintf(buf, len, "%04d-%02d", (int)(key / 100),
		    (int)(key % 100));
		return;
	case REPORT_BY_HOUR:
		snprintf(buf, len, "%02d:00", (int)key);
		return;
	case REPORT_BY_WEEKDAY:
		strlcpy(buf, key >= 0 && key < 7 ? wd[key] : "?", len);
		return;
	case REPORT_BY_PRODUCT:
		p = report_prod(c, (uint32_t)key);
		if (p != NULL)
			strlcpy(buf, p->name, len);
		else
			snprintf(buf, len, "product %lld", (long long)key);
		return;
	case REPORT_BY_STAFF:
		if (key != 0 && store_staff_get(c->t, (uint32_t)key, &st) == 0)
			snprintf(buf, len, "%lld %s", (long long)key, st.name);
		else
			snprintf(buf, len, "%lld", (long long)key);
		return;
	case REPORT_BY_CHANNEL:
		strlcpy(buf, roll_channel_name((int)key), len);
		return;
	case REPORT_BY_CTYPE:
		strlcpy(buf, store_customer_type_name((int)key), len);
		return;
	case REPORT_BY_CUSTOMER:
		snprintf(buf, len, "%lld", (long long)key);
		return;
	}
	strlcpy(buf, "all", len);
}

/* A row for group g, its grouping columns filled. */
struct report_row *
report_row_by(struct report_ctx *c, struct report_table *rt,
    const struct report_group *g)
{
	struct report_row	*row;
	char			 buf[REPORT_TEXT_MAX + 1];
	u_int			 i;

	row = report_table_row(rt);
	for (i = 0; i < c->q->nby; i++) {
		report_label(c, c->q->by[i], g->key[i], buf, sizeof buf);
		report_table_text(row, i, buf);
	}
	return (row);
}

static int			 report_sort_field;

static int
report_sort_cmp(const void *a, const void *b)
{
	const struct report_group	*ga = a, *gb = b;
	int64_t				 va, vb;
	u_int				 i;

	if (report_sort_field >= 0) {
		va = ga->r.v[report_sort_field];
		vb = gb->r.v[report_sort_field];
		if (va != vb)
			return (va > vb ? -1 : 1);
	}
	for (i = 0; i < REPORT_BYS; i++) {
		if (ga->key[i] != gb->key[i])
			return (ga->key[i] < gb->key[i] ? -1 : 1);
	}
	return (0);
}

/*
 * Order the groups: by a figure, largest first (field, ROLL_*), or by
 * their keys (field -1: days in order). Text keys sort by name.
 */
static void
report_sort(struct report_ctx *c, int field)
{
	u_int	i, j, k;
	int	*rank, r;

	/* Interned text keys sort by their text: rank them first. */
	rank = xreallocarray(NULL, c->nstrs + 1, sizeof *rank);
	for (i = 0; i < c->nstrs; i++) {
		for (r = 0, j = 0; j < c->nstrs; j++)
			r += strcmp(c->strs[j], c->strs[i]) < 0;
		rank[i] = r;
	}
	for (i = 0; i < c->ngroups; i++) {
		for (k = 0; k < c->q->nby; k++) {
			if (report_by_text(c->q->by[k]) &&
			    c->groups[i].key[k] >= 0)
				c->groups[i].key[k] = (int64_t)
				    rank[c->groups[i].key[k]] << 20 |
				    c->groups[i].key[k];
		}
	}
	report_sort_field = field;
	if (c->ngroups > 1)
		qsort(c->groups, c->ngroups, sizeof *c->groups,
		    report_sort_cmp);
	for (i = 0; i < c->ngroups; i++) {
		for (k = 0; k < c->q->nby; k++) {
			if (report_by_text(c->q->by[k]) &&
			    c->groups[i].key[k] >= 0)
				c->groups[i].key[k] &= 0xfffff;
		}
	}
	if (c->hash != NULL)
		report_rehash(c);
	free(rank);
}

/* part of whole in hundredths of a percent, rounded half up; 0 of 0. */
int64_t
report_pct(int64_t part, int64_t whole)
{
	int64_t	n;

	if (whole == 0)
		return (0);
	n = part < 0 ? -part : part;
	n = money_muldiv(n, 10000, whole < 0 ? -whole : whole);
	return ((part < 0) != (whole < 0) ? -n : n);
}

/* a / b in hundredths, rounded half up; 0 if b is 0 or a negative. */
int64_t
report_x100(int64_t a, int64_t b)
{
	if (b <= 0 || a < 0)
		return (0);
	return (money_muldiv(a, 100, b));
}

static int64_t
report_spec_value(const struct report_spec *sp, const struct report_group *g)
{
	switch (sp->src) {
	case REPORT_ROLL:
		return (g->r.v[sp->i]);
	case REPORT_X:
		return (g->x[sp->i]);
	}
	return (sp->fn(g));
}

/*
 * The table of the groups, sorted (report_sort: by a sum largest first,
 * or -1 by their keys): a text column per grouping, then a column per
 * spec, a row per group; the total row is the specs applied to the
 * groups summed (so a ratio there is the ratio of the sums), but 0 in a
 * REPORT_NOTOTAL column. Returns the index of the first spec's column.
 */
u_int
report_emit(struct report_ctx *c, struct report_table *rt,
    const struct report_spec *sp, u_int n, int sort)
{
	struct report_group	 all;
	struct report_row	*row;
	u_int			 i, j, base;

	report_sort(c, sort);
	report_columns_by(c, rt);
	base = rt->ncolumns;
	for (j = 0; j < n; j++) {
		report_table_column(rt, sp[j].name, sp[j].kind);
		if (sp[j].flags & REPORT_KEY)
			rt->key = (int)(base + j);
	}
	memset(&all, 0, sizeof all);
	for (i = 0; i < c->ngroups; i++) {
		roll_sum(&all.r, &c->groups[i].r);
		for (j = 0; j < REPORT_EXTRA; j++)
			all.x[j] += c->groups[i].x[j];
		row = report_row_by(c, rt, &c->groups[i]);
		for (j = 0; j < n; j++)
			row->cells[base + j].v = report_spec_value(&sp[j],
			    &c->groups[i]);
	}
	rt->has_total = 1;
	memset(&rt->total, 0, sizeof rt->total);
	for (j = 0; j < base; j++)
		rt->total.cells[j].text = xstrdup(j == 0 ? "total" : "");
	for (j = 0; j < n; j++) {
		if ((sp[j].flags & REPORT_NOTOTAL) == 0)
			rt->total.cells[base + j].v = report_spec_value(&sp[j],
			    &all);
	}
	return (base);
}

/*
 * One more record read outside the rollups: -1 (and why) past the
 * query's scan_max, so a report on stashd's loop stays short whatever
 * the period (stashctl has no limit).
 */
int
report_scan(struct report_ctx *c)
{
	if (c->q->scan_max == 0 || ++c->scanned <= c->q->scan_max)
		return (0);
	if (c->cause == NULL)
		xasprintf(&c->cause, "the %s report would read more than %llu "
		    "records: ask for a shorter period, or run stashctl report "
		    "%s, which has no limit", c->q->name,
		    (unsigned long long)c->q->scan_max, c->q->name);
	return (-1);
}

/* Keep the groups whose sum field is above 0 (the hours with sales). */
void
report_groups_keep(struct report_ctx *c, int field)
{
	u_int	i, n = 0;

	for (i = 0; i < c->ngroups; i++) {
		if (c->groups[i].r.v[field] > 0)
			c->groups[n++] = c->groups[i];
	}
	c->ngroups = n;
	if (c->hash != NULL)
		report_rehash(c);
}

/* The row of other whose group columns read as row's; NULL if none. */
static const struct report_row *
report_run_match(const struct report_table *rt, const struct report_row *row,
    const struct report_table *other, u_int idx, int by_position, u_int nby)
{
	u_int	i, j;

	if (by_position)
		return (idx < other->nrows ? &other->rows[idx] : NULL);
	for (i = 0; i < other->nrows; i++) {
		for (j = 0; j < nby; j++) {
			if (strcmp(row->cells[j].text,
			    other->rows[i].cells[j].text) != 0)
				break;
		}
		if (j == nby)
			return (&other->rows[i]);
	}
	return (NULL);
}

static int
report_run_one(struct store_txn *t, const struct report_query *q,
    int (*fn)(struct report_ctx *, struct report_table *),
    struct report_table *rt, char **cause)
{
	struct report_ctx	c;
	int			r;

	if ((r = report_ctx_init(&c, t, q)) == 0)
		r = fn(&c, rt);
	if (r != 0 || c.cause != NULL) {
		r = -1;
		if (c.cause != NULL) {
			*cause = c.cause;
			c.cause = NULL;
		} else
			xasprintf(cause, "%s", t->ret != 0 ? t->err :
			    "the report failed");
	}
	report_ctx_free(&c);
	return (r);
}

/*
 * Run the report q names into rt (report_table_free it either way). With
 * a comparison, the same report over the previous period of the same
 * length, or the same days a year before, gives two more columns: its key
 * figure there and the change in per cent. Rows match by their groups'
 * names, or when the first grouping is by time, by position. 0, or -1
 * with *cause (a query the report cannot answer, or a store error).
 */
int
report_run(struct store_txn *t, const struct report_query *q,
    struct report_table *rt, char **cause)
{
	struct report_query	 q0, cq;
	struct report_table	 other;
	const struct report_row	*o;
	struct report_row	*row;
	u_int			 i, n, cc, pc;
	int			 (*fn)(struct report_ctx *,
				     struct report_table *) = NULL;
	int			 len, by_position;
	char			 name[REPORT_NAME_MAX + 1];

	report_table_init(rt, q->name);
	q0 = *q;
	for (i = 0; i < REPORT_NREPORTS; i++) {
		if (strcmp(report_list[i].name, q->name) == 0)
			break;
	}
	if (i == REPORT_NREPORTS) {
		xasprintf(cause, "no report %s (there are %s)", q->name,
		    report_names());
		return (-1);
	}
	fn = report_list[i].fn;
	for (n = 0; n < q0.nby; n++) {
		if (report_list[i].may & (1U << q0.by[n]))
			continue;
		xasprintf(cause, "the %s report does not group by %s (see "
		    "doc/protocol.md, report.run)", q->name,
		    report_by_name(q0.by[n]));
		return (-1);
	}
	if (q0.nby == 0) {
		for (n = 0; n < REPORT_BYS && report_list[i].by[n] != 0; n++)
			q0.by[n] = report_list[i].by[n];
		q0.nby = n;
	}
	q = &q0;
	if (report_run_one(t, q, fn, rt, cause) != 0)
		return (-1);
	if (q->compare == REPORT_CMP_NONE || rt->key < 0)
		return (0);

	cq = *q;
	len = report_day_number(q->to) - report_day_number(q->from) + 1;
	if (q->compare == REPORT_CMP_PREVIOUS) {
		cq.to = report_day_add(q->from, -1);
		cq.from = report_day_add(q->from, -len);
	} else {
		cq.from = q->from - 10000;
		cq.to = q->to - 10000;
		if (!valid_date_real(cq.from))
			cq.from = report_day_add(cq.from, -1); /* 29 Feb */
		if (!valid_date_real(cq.to))
			cq.to = report_day_add(cq.to, -1);
	}
	report_table_init(&other, q->name);
	if (report_run_one(t, &cq, fn, &other, cause) != 0) {
		report_table_free(&other);
		return (-1);
	}
	if (rt->ncolumns + 2 > REPORT_COLUMNS) {
		report_table_free(&other);
		return (0);
	}
	snprintf(name, sizeof name, "%s_compare", rt->columns[rt->key].name);
	cc = report_table_column(rt, name, rt->columns[rt->key].kind);
	pc = report_table_column(rt, "change", REPORT_PERCENT);
	n = q->nby;
	by_position = n > 0 && (q->by[0] == REPORT_BY_DAY ||
	    q->by[0] == REPORT_BY_WEEK || q->by[0] == REPORT_BY_MONTH);
	for (i = 0; i < rt->nrows; i++) {
		row = &rt->rows[i];
		o = report_run_match(rt, row, &other, i, by_position, n);
		row->cells[cc].v = o != NULL ? o->cells[rt->key].v : 0;
		row->cells[pc].v = report_pct(row->cells[rt->key].v -
		    row->cells[cc].v, row->cells[cc].v);
	}
	if (rt->has_total) {
		rt->total.cells[cc].v = other.has_total ?
		    other.total.cells[rt->key].v : 0;
		rt->total.cells[pc].v = report_pct(rt->total.cells[rt->key].v -
		    rt->total.cells[cc].v, rt->total.cells[cc].v);
	}
	report_table_free(&other);
	return (0);
}
