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

#include <stdlib.h>
#include <string.h>

#include "report.h"

/*
 * The reports of stock: what it is worth now (inventory), how fast it
 * turns (turnover), what was lost (shrink, from the adjustments rollup)
 * and what to order (reorder). Stock on hand is the packages as they are
 * now: the ledger keeps no history of valuations.
 */

#define REPORT_EXPIRING_DAYS	30
#define REPORT_LEAD_DAYS	14	/* reorder: days until it arrives */
#define REPORT_COVER_DAYS	14	/* and days it should last after */

/* What qty of a product is worth at per (cents per unit or per gram). */
static int64_t
report_value(const struct report_prod *p, int64_t qty, int64_t per)
{
	if (qty <= 0 || per <= 0)
		return (0);
	return (money_muldiv(qty, per, p->unit_weight ? 1000 : 1));
}

/* Is a package stock on hand (not finished, not quarantined)? */
static int
report_on_hand(const struct package *pk)
{
	return (pk->qty > 0 && pk->status != PACKAGE_FINISHED &&
	    pk->status != PACKAGE_QUARANTINE);
}

/*
 * Walk the packages on hand that pass the query's product filters: cb
 * gets each with its product.
 */
static int
report_packages(struct report_ctx *c,
    void (*cb)(struct report_ctx *, const struct package *,
    const struct report_prod *, void *), void *arg)
{
	struct store_iter		 it;
	struct package			 pk;
	struct report_src		 src;
	const struct report_prod	*p;

	store_iter_init(c->t, &it, DB_PACKAGE, NULL, 0, 0);
	while (store_iter_next(&it) && report_scan(c) == 0) {
		if (store_package_decode(it.val, it.vlen, &pk) != 0) {
			store_fail(c->t, STORE_CORRUPT, "package damaged");
			break;
		}
		if (!report_on_hand(&pk) ||
		    (p = report_prod(c, pk.product)) == NULL)
			continue;
		/* Stock has no staff, register, channel or type: any. */
		memset(&src, 0, sizeof src);
		src.product = pk.product;
		src.staff = c->q->staff;
		src.channel = c->q->channel;
		src.ctype = c->q->ctype;
		src.terminal = c->q->terminal;
		if (!report_match(c, &src))
			continue;
		cb(c, &pk, p, arg);
	}
	store_iter_done(&it);
	return (c->t->ret != 0 ? -1 : 0);
}

static void
report_inventory_one(struct report_ctx *c, const struct package *pk,
    const struct report_prod *p, void *arg)
{
	struct report_src	 src;
	struct report_group	*g;
	int			 soon = *(int *)arg;
	int64_t			 cost, retail;

	memset(&src, 0, sizeof src);
	src.product = pk->product;
	src.str2 = pk->location[0] != '\0' ? pk->location : "floor";
	src.day = c->q->to;
	src.channel = src.ctype = -1;
	g = report_group(c, &src);
	cost = report_value(p, pk->qty, pk->unit_cost > 0 ? pk->unit_cost :
	    p->unit_cost);
	retail = report_value(p, pk->qty, p->price);
	g->x[0]++;
	g->x[p->unit_weight ? 2 : 1] += pk->qty;
	g->x[3] += cost;
	g->x[4] += retail;
	if (pk->expires != 0 && pk->expires <= soon) {
		g->x[5] += cost;
		g->x[6] += retail;
	}
}

/*
 * Inventory: the stock on hand valued at cost and at retail, by location
 * (or category, product ...), and the value of what expires within 30
 * days of the period's end.
 */
int
report_inventory(struct report_ctx *c, struct report_table *rt)
{
	static const struct report_spec sp[] = {
		{ "packages", REPORT_COUNT, REPORT_X, 0, 0, 0 },
		{ "units", REPORT_COUNT, REPORT_X, 1, 0, 0 },
		{ "weight", REPORT_GRAMS, REPORT_X, 2, 0, 0 },
		{ "value_cost", REPORT_CENTS, REPORT_X, 3, 0, REPORT_KEY },
		{ "value_retail", REPORT_CENTS, REPORT_X, 4, 0, 0 },
		{ "expiring_cost", REPORT_CENTS, REPORT_X, 5, 0, 0 },
		{ "expiring_retail", REPORT_CENTS, REPORT_X, 6, 0, 0 },
	};
	int	soon;

	soon = report_day_add(c->q->to, REPORT_EXPIRING_DAYS);
	if (report_packages(c, report_inventory_one, &soon) != 0)
		return (-1);
	report_emit(c, rt, sp, sizeof sp / sizeof sp[0], -1);
	return (0);
}

/* Stock at cost by category (interned index), for turnover. */
static void
report_turnover_one(struct report_ctx *c, const struct package *pk,
    const struct report_prod *p, void *arg)
{
	int64_t	*bycat = arg;

	bycat[p->category] += report_value(p, pk->qty, pk->unit_cost > 0 ?
	    pk->unit_cost : p->unit_cost);
}

/* The days of group g inside the period (by month: its days there). */
static int
report_group_days(struct report_ctx *c, const struct report_group *g)
{
	int	from = c->q->from, to = c->q->to, m;
	u_int	i;

	for (i = 0; i < c->q->nby; i++) {
		if (c->q->by[i] == REPORT_BY_MONTH) {
			m = (int)g->key[i];
			if (from < m * 100 + 1)
				from = m * 100 + 1;
			if (to > m * 100 + 31)
				to = m * 100 + 31;
			while (to > from && !valid_date_real(to))
				to--;
		} else if (c->q->by[i] == REPORT_BY_DAY)
			from = to = (int)g->key[i];
		else if (c->q->by[i] == REPORT_BY_WEEK) {
			if (from < (int)g->key[i])
				from = (int)g->key[i];
			if (to > report_day_add((int)g->key[i], 6))
				to = report_day_add((int)g->key[i], 6);
		}
	}
	return (report_day_number(to) - report_day_number(from) + 1);
}

static int64_t
report_turnover_x100(const struct report_group *g)
{
	return (report_x100(g->r.v[ROLL_COST], g->x[0]));
}

static int64_t
report_days_of_supply(const struct report_group *g)
{
	if (g->r.v[ROLL_COST] <= 0 || g->x[0] <= 0)
		return (0);
	return (money_muldiv(g->x[0], g->x[1], g->r.v[ROLL_COST]));
}

/*
 * Turnover: the cost of what each category sold per month, against the
 * stock at cost it holds now: turnover (cost sold / stock, in
 * hundredths, for the group's days) and days of supply (stock / cost
 * sold a day). The total row is the whole period against all the stock.
 */
int
report_turnover(struct report_ctx *c, struct report_table *rt)
{
	static const struct report_spec sp[] = {
		{ "cost_sold", REPORT_CENTS, REPORT_ROLL, ROLL_COST, 0,
		    REPORT_KEY },
		{ "units", REPORT_COUNT, REPORT_ROLL, ROLL_UNITS, 0, 0 },
		{ "weight", REPORT_GRAMS, REPORT_ROLL, ROLL_MG, 0, 0 },
		{ "stock_cost", REPORT_CENTS, REPORT_X, 0, 0, 0 },
		{ "turnover_x100", REPORT_COUNT, REPORT_FN, 0,
		    report_turnover_x100, 0 },
		{ "days_of_supply", REPORT_COUNT, REPORT_FN, 0,
		    report_days_of_supply, 0 },
		{ "days", REPORT_COUNT, REPORT_X, 1, 0, 0 },
	};
	struct report_group	*g, all;
	int64_t			*bycat, stock = 0;
	u_int			 i, k, base;

	if (report_sales_walk(c, 0, c->q->from, c->q->to) != 0)
		return (-1);
	bycat = xcalloc(c->nstrs + 1, sizeof *bycat);
	if (report_packages(c, report_turnover_one, bycat) != 0) {
		free(bycat);
		return (-1);
	}
	for (i = 0; i < c->nstrs; i++)
		stock += bycat[i];
	memset(&all, 0, sizeof all);
	for (i = 0; i < c->ngroups; i++) {
		g = &c->groups[i];
		roll_sum(&all.r, &g->r);
		g->x[0] = stock;
		for (k = 0; k < c->q->nby; k++) {
			if (c->q->by[k] == REPORT_BY_CATEGORY)
				g->x[0] = g->key[k] >= 0 &&
				    (u_int)g->key[k] < c->nstrs ?
				    bycat[g->key[k]] : 0;
		}
		g->x[1] = report_group_days(c, g);
	}
	free(bycat);
	base = report_emit(c, rt, sp, sizeof sp / sizeof sp[0], -1);
	all.x[0] = stock;
	all.x[1] = report_day_number(c->q->to) -
	    report_day_number(c->q->from) + 1;
	rt->total.cells[base + 3].v = all.x[0];
	rt->total.cells[base + 4].v = report_turnover_x100(&all);
	rt->total.cells[base + 5].v = report_days_of_supply(&all);
	rt->total.cells[base + 6].v = all.x[1];
	return (0);
}

static void
report_reorder_one(struct report_ctx *c, const struct package *pk,
    const struct report_prod *p, void *arg)
{
	struct report_src	src;

	memset(&src, 0, sizeof src);
	src.product = pk->product;
	src.day = c->q->to;
	src.channel = src.ctype = -1;
	report_group(c, &src)->x[0] += pk->qty;
}

/*
 * Reorder: for each product, the stock on hand, what sold a day over the
 * period (units or mg, in hundredths), the days it lasts at that rate
 * (-1: none sold), and what to order so that it lasts REPORT_LEAD_DAYS +
 * REPORT_COVER_DAYS (or reaches its reorder point), rounded up to a
 * whole unit or gram. A product's figures are in units or in mg, as it
 * is sold: x[0] stock, x[1] sold, x[2] the period's days, x[3] the
 * reorder point, x[4] is by weight.
 */
static int64_t
report_reorder_qty(const struct report_group *g, int weight, int want)
{
	return (g->x[4] == weight ? g->x[want] : 0);
}

static int64_t
report_on_hand_each(const struct report_group *g)
{
	return (report_reorder_qty(g, 0, 0));
}

static int64_t
report_on_hand_mg(const struct report_group *g)
{
	return (report_reorder_qty(g, 1, 0));
}

static int64_t
report_sold_each(const struct report_group *g)
{
	return (report_reorder_qty(g, 0, 1));
}

static int64_t
report_sold_mg(const struct report_group *g)
{
	return (report_reorder_qty(g, 1, 1));
}

static int64_t
report_per_day(const struct report_group *g)
{
	return (report_x100(g->x[1], g->x[2]));
}

static int64_t
report_supply_days(const struct report_group *g)
{
	return (g->x[1] > 0 ? g->x[0] * g->x[2] / g->x[1] : -1);
}

static int64_t
report_suggest(const struct report_group *g)
{
	int64_t	need;

	need = g->x[1] > 0 && g->x[2] > 0 ? (g->x[1] * (REPORT_LEAD_DAYS +
	    REPORT_COVER_DAYS) + g->x[2] - 1) / g->x[2] : 0;
	if (need < g->x[3])
		need = g->x[3];
	need -= g->x[0];
	if (need < 0)
		need = 0;
	if (g->x[4])
		need = (need + 999) / 1000 * 1000;
	return (need);
}

static int64_t
report_suggest_each(const struct report_group *g)
{
	return (g->x[4] ? 0 : report_suggest(g));
}

static int64_t
report_suggest_mg(const struct report_group *g)
{
	return (g->x[4] ? report_suggest(g) : 0);
}

int
report_reorder(struct report_ctx *c, struct report_table *rt)
{
	static const struct report_spec sp[] = {
		{ "on_hand", REPORT_COUNT, REPORT_FN, 0, report_on_hand_each,
		    0 },
		{ "on_hand_weight", REPORT_GRAMS, REPORT_FN, 0,
		    report_on_hand_mg, 0 },
		{ "sold", REPORT_COUNT, REPORT_FN, 0, report_sold_each,
		    REPORT_KEY },
		{ "sold_weight", REPORT_GRAMS, REPORT_FN, 0, report_sold_mg,
		    0 },
		{ "per_day_x100", REPORT_COUNT, REPORT_FN, 0, report_per_day,
		    REPORT_NOTOTAL },
		{ "days_of_supply", REPORT_COUNT, REPORT_FN, 0,
		    report_supply_days, REPORT_NOTOTAL },
		{ "reorder_point", REPORT_COUNT, REPORT_X, 3, 0,
		    REPORT_NOTOTAL },
		{ "suggest", REPORT_COUNT, REPORT_FN, 0, report_suggest_each,
		    REPORT_NOTOTAL },
		{ "suggest_weight", REPORT_GRAMS, REPORT_FN, 0,
		    report_suggest_mg, REPORT_NOTOTAL },
	};
	const struct report_query	*q0 = c->q;
	const struct report_prod	*p;
	struct report_group		*g;
	struct report_query		 q;
	u_int				 i;

	q = *c->q;
	q.nby = 1;
	q.by[0] = REPORT_BY_PRODUCT;
	c->q = &q;
	if (report_sales_walk(c, 0, q.from, q.to) != 0 ||
	    report_packages(c, report_reorder_one, NULL) != 0) {
		c->q = q0;
		return (-1);
	}
	for (i = 0; i < c->ngroups; i++) {
		g = &c->groups[i];
		if ((p = report_prod(c, (uint32_t)g->key[0])) == NULL)
			continue;
		g->x[4] = p->unit_weight;
		g->x[1] = p->unit_weight ? g->r.v[ROLL_MG] : g->r.v[ROLL_UNITS];
		g->x[2] = report_day_number(q.to) - report_day_number(q.from) +
		    1;
		g->x[3] = p->reorder;
	}
	report_emit(c, rt, sp, sizeof sp / sizeof sp[0], -1);
	c->q = q0;
	return (0);
}

/* Shrink: quantity adjustments by reason (and location, day ...). */
int
report_shrink(struct report_ctx *c, struct report_table *rt)
{
	static const struct report_spec sp[] = {
		{ "adjustments", REPORT_COUNT, REPORT_ROLL, ROLL_COUNT, 0, 0 },
		{ "units", REPORT_COUNT, REPORT_ROLL, ROLL_UNITS, 0, 0 },
		{ "weight", REPORT_GRAMS, REPORT_ROLL, ROLL_MG, 0, 0 },
		{ "cost", REPORT_CENTS, REPORT_ROLL, ROLL_COST, 0, REPORT_KEY },
		{ "retail", REPORT_CENTS, REPORT_ROLL, ROLL_RETAIL, 0, 0 },
	};
	struct store_iter	 it;
	struct store_key	 k;
	struct report_src	 src;
	struct report_group	*g;
	struct roll		 r;
	char			 reason[34], location[LOCATION_MAX + 1];
	size_t			 n, m;

	store_key_init(&k);
	store_key_u32(&k, (uint32_t)c->q->from);
	store_iter_init(c->t, &it, DB_ROLL_ADJUST, NULL, 0, 0);
	store_iter_after(&it, k.data, k.len);
	while (store_iter_next(&it)) {
		if (it.klen < 8)
			goto bad;
		n = (size_t)it.key[4] << 8 | it.key[5];
		if (n >= sizeof reason || 8 + n > it.klen)
			goto bad;
		m = (size_t)it.key[6 + n] << 8 | it.key[7 + n];
		if (m >= sizeof location || 8 + n + m != it.klen ||
		    roll_decode(it.val, it.vlen, &r) != 0)
			goto bad;
		memcpy(reason, it.key + 6, n);
		reason[n] = '\0';
		memcpy(location, it.key + 8 + n, m);
		location[m] = '\0';
		memset(&src, 0, sizeof src);
		src.day = (int)store_key_get_u32(it.key);
		if (src.day > c->q->to)
			break;
		src.str = reason;
		src.str2 = location;
		src.channel = src.ctype = -1;
		g = report_group(c, &src);
		roll_sum(&g->r, &r);
	}
	store_iter_done(&it);
	if (c->t->ret != 0)
		return (-1);
	report_emit(c, rt, sp, sizeof sp / sizeof sp[0], -1);
	return (0);

bad:
	store_iter_done(&it);
	store_fail(c->t, STORE_CORRUPT, "rollup damaged");
	return (-1);
}
