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
 * The reports of what was sold, all read from the rollups (store-roll.c):
 * sales, products and margin, staff, hours, customers. Ratios are in
 * hundredths (a column named *_x100) or in hundredths of a percent.
 */

/* Do the query's filters or groupings name products? */
static int
report_by_products(const struct report_query *q)
{
	u_int	i;

	if (q->product != 0 || q->category[0] != '\0' || q->brand[0] != '\0')
		return (1);
	for (i = 0; i < q->nby; i++) {
		switch (q->by[i]) {
		case REPORT_BY_PRODUCT:
		case REPORT_BY_CATEGORY:
		case REPORT_BY_BRAND:
			return (1);
		}
	}
	return (0);
}

static int64_t
report_average_basket(const struct report_group *g)
{
	if (g->r.v[ROLL_TXNS] <= 0 || g->r.v[ROLL_TOTAL] < 0)
		return (0);
	return (money_muldiv(g->r.v[ROLL_TOTAL], 1, g->r.v[ROLL_TXNS]));
}

static int64_t
report_units_per_txn(const struct report_group *g)
{
	return (report_x100(g->r.v[ROLL_UNITS], g->r.v[ROLL_TXNS]));
}

/*
 * Sales: gross, discounts, net, taxes by level, tenders, refunds, voids,
 * the average basket and units per sale. Read from the sales as a whole,
 * or, filtered or grouped by product, from their lines (which carry no
 * tenders or taxes by level: those columns are 0 then).
 */
int
report_sales(struct report_ctx *c, struct report_table *rt)
{
	static const struct report_spec sp[] = {
		{ "transactions", REPORT_COUNT, REPORT_ROLL, ROLL_TXNS, 0, 0 },
		{ "units", REPORT_COUNT, REPORT_ROLL, ROLL_UNITS, 0, 0 },
		{ "weight", REPORT_GRAMS, REPORT_ROLL, ROLL_MG, 0, 0 },
		{ "gross", REPORT_CENTS, REPORT_ROLL, ROLL_GROSS, 0, 0 },
		{ "discounts", REPORT_CENTS, REPORT_ROLL, ROLL_DISCOUNT, 0, 0 },
		{ "net", REPORT_CENTS, REPORT_ROLL, ROLL_NET, 0, REPORT_KEY },
		{ "tax", REPORT_CENTS, REPORT_ROLL, ROLL_TAX, 0, 0 },
		{ "tax_excise", REPORT_CENTS, REPORT_ROLL, ROLL_TAX_EXCISE, 0,
		    0 },
		{ "tax_state", REPORT_CENTS, REPORT_ROLL, ROLL_TAX_STATE, 0,
		    0 },
		{ "tax_county", REPORT_CENTS, REPORT_ROLL, ROLL_TAX_COUNTY, 0,
		    0 },
		{ "tax_city", REPORT_CENTS, REPORT_ROLL, ROLL_TAX_CITY, 0, 0 },
		{ "tax_district", REPORT_CENTS, REPORT_ROLL, ROLL_TAX_DISTRICT,
		    0, 0 },
		{ "total", REPORT_CENTS, REPORT_ROLL, ROLL_TOTAL, 0, 0 },
		{ "cash", REPORT_CENTS, REPORT_ROLL, ROLL_CASH, 0, 0 },
		{ "card", REPORT_CENTS, REPORT_ROLL, ROLL_CARD, 0, 0 },
		{ "returns", REPORT_COUNT, REPORT_ROLL, ROLL_RETURNS, 0, 0 },
		{ "refunds", REPORT_CENTS, REPORT_ROLL, ROLL_REFUND, 0, 0 },
		{ "refunds_cash", REPORT_CENTS, REPORT_ROLL, ROLL_REFUND_CASH,
		    0, 0 },
		{ "refunds_card", REPORT_CENTS, REPORT_ROLL, ROLL_REFUND_CARD,
		    0, 0 },
		{ "voids", REPORT_COUNT, REPORT_ROLL, ROLL_VOIDS, 0, 0 },
		{ "voided", REPORT_CENTS, REPORT_ROLL, ROLL_VOIDED, 0, 0 },
		{ "cost", REPORT_CENTS, REPORT_ROLL, ROLL_COST, 0, 0 },
		{ "points_earned", REPORT_COUNT, REPORT_ROLL, ROLL_EARNED, 0,
		    0 },
		{ "points_redeemed", REPORT_COUNT, REPORT_ROLL, ROLL_REDEEMED,
		    0, 0 },
		{ "average_basket", REPORT_CENTS, REPORT_FN, 0,
		    report_average_basket, 0 },
		{ "units_per_txn_x100", REPORT_COUNT, REPORT_FN, 0,
		    report_units_per_txn, 0 },
	};

	if (report_sales_walk(c, !report_by_products(c->q), c->q->from,
	    c->q->to) != 0)
		return (-1);
	report_emit(c, rt, sp, sizeof sp / sizeof sp[0], -1);
	return (0);
}

static int64_t
report_margin(const struct report_group *g)
{
	return (g->r.v[ROLL_NET] - g->r.v[ROLL_COST]);
}

static int64_t
report_margin_pct(const struct report_group *g)
{
	return (report_pct(report_margin(g), g->r.v[ROLL_NET]));
}

/*
 * Products and margin: units, revenue (net of discounts and taxes), the
 * cost of the packages sold, margin and margin %, best sellers first; by
 * product, products with no sales in the period (slow movers) last.
 */
int
report_products(struct report_ctx *c, struct report_table *rt)
{
	static const struct report_spec sp[] = {
		{ "transactions", REPORT_COUNT, REPORT_ROLL, ROLL_TXNS, 0, 0 },
		{ "units", REPORT_COUNT, REPORT_ROLL, ROLL_UNITS, 0, 0 },
		{ "weight", REPORT_GRAMS, REPORT_ROLL, ROLL_MG, 0, 0 },
		{ "revenue", REPORT_CENTS, REPORT_ROLL, ROLL_NET, 0,
		    REPORT_KEY },
		{ "cost", REPORT_CENTS, REPORT_ROLL, ROLL_COST, 0, 0 },
		{ "margin", REPORT_CENTS, REPORT_FN, 0, report_margin, 0 },
		{ "margin_pct", REPORT_PERCENT, REPORT_FN, 0,
		    report_margin_pct, 0 },
		{ "discounts", REPORT_CENTS, REPORT_ROLL, ROLL_DISCOUNT, 0, 0 },
		{ "refunds", REPORT_CENTS, REPORT_ROLL, ROLL_REFUND, 0, 0 },
		{ "returned_units", REPORT_COUNT, REPORT_ROLL,
		    ROLL_REFUND_UNITS, 0, 0 },
		{ "returned_weight", REPORT_GRAMS, REPORT_ROLL, ROLL_REFUND_MG,
		    0, 0 },
		{ "voids", REPORT_COUNT, REPORT_ROLL, ROLL_VOIDS, 0, 0 },
	};
	struct report_src	 src;
	u_int			 i;

	if (report_sales_walk(c, 0, c->q->from, c->q->to) != 0)
		return (-1);
	if (c->q->nby == 1 && c->q->by[0] == REPORT_BY_PRODUCT &&
	    c->q->channel == -1 && c->q->ctype == -1 && c->q->staff == 0 &&
	    c->q->terminal[0] == '\0') {
		for (i = 0; i < c->nprods; i++) {
			memset(&src, 0, sizeof src);
			src.product = c->prods[i].id;
			src.channel = src.ctype = -1;
			if (report_match(c, &src))
				(void)report_group(c, &src);
		}
	}
	report_emit(c, rt, sp, sizeof sp / sizeof sp[0], ROLL_NET);
	return (0);
}

/*
 * The rollup by day, hour and staff into the groups (filtered by staff
 * only: it has no other dimension).
 */
static int
report_hour_walk(struct report_ctx *c)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct report_src	 src;
	struct report_group	*g;
	struct roll		 r;

	store_key_init(&k);
	store_key_u32(&k, (uint32_t)c->q->from);
	store_iter_init(c->t, &it, DB_ROLL_HOUR, NULL, 0, 0);
	store_iter_after(&it, k.data, k.len);
	while (store_iter_next(&it)) {
		if (it.klen != 12 || roll_decode(it.val, it.vlen, &r) != 0) {
			store_fail(c->t, STORE_CORRUPT, "rollup damaged");
			break;
		}
		memset(&src, 0, sizeof src);
		src.day = (int)store_key_get_u32(it.key);
		src.hour = (int)store_key_get_u32(it.key + 4);
		src.staff = store_key_get_u32(it.key + 8);
		src.channel = src.ctype = -1;
		if (src.day > c->q->to)
			break;
		if (c->q->staff != 0 && src.staff != c->q->staff)
			continue;
		g = report_group(c, &src);
		roll_sum(&g->r, &r);
		if (r.v[ROLL_TXNS] > 0)
			g->x[0]++;	/* an hour with sales */
	}
	store_iter_done(&it);
	return (c->t->ret != 0 ? -1 : 0);
}

/* Drawers closed in the period, by who closed them: over or short. */
static int
report_drawers(struct report_ctx *c)
{
	struct store_iter	 it;
	struct report_src	 src;
	struct report_group	*g;
	struct drawer		 d;

	store_iter_init(c->t, &it, DB_DRAWER, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_drawer_decode(it.val, it.vlen, &d) != 0)
			continue;
		/* Newest first: one opened days before the period ends it. */
		if (report_day_add(util_local_date(d.opened, c->q->tz), 2) <
		    c->q->from)
			break;
		if (d.status != DRAWER_CLOSED)
			continue;
		memset(&src, 0, sizeof src);
		src.day = util_local_date(d.closed, c->q->tz);
		if (src.day < c->q->from || src.day > c->q->to)
			continue;
		src.staff = d.closed_by;
		src.terminal = d.terminal;
		src.channel = src.ctype = -1;
		if (c->q->staff != 0 && src.staff != c->q->staff)
			continue;
		g = report_group(c, &src);
		g->x[1]++;
		g->x[2] += d.counted - d.expected;
	}
	store_iter_done(&it);
	return (c->t->ret != 0 ? -1 : 0);
}

static int64_t
report_items_per_hour(const struct report_group *g)
{
	return (report_x100(g->r.v[ROLL_UNITS], g->x[0]));
}

/*
 * Staff: sales, items per hour with sales, voids made, discounts given,
 * approvals (discounts, limit overrides, voids and returns a manager
 * approved), returns, and the over or short of the drawers they closed.
 */
int
report_staff(struct report_ctx *c, struct report_table *rt)
{
	static const struct report_spec sp[] = {
		{ "transactions", REPORT_COUNT, REPORT_ROLL, ROLL_TXNS, 0, 0 },
		{ "units", REPORT_COUNT, REPORT_ROLL, ROLL_UNITS, 0, 0 },
		{ "weight", REPORT_GRAMS, REPORT_ROLL, ROLL_MG, 0, 0 },
		{ "net", REPORT_CENTS, REPORT_ROLL, ROLL_NET, 0, REPORT_KEY },
		{ "discounts", REPORT_CENTS, REPORT_ROLL, ROLL_DISCOUNT, 0, 0 },
		{ "hours", REPORT_COUNT, REPORT_X, 0, 0, 0 },
		{ "items_per_hour_x100", REPORT_COUNT, REPORT_FN, 0,
		    report_items_per_hour, 0 },
		{ "voids", REPORT_COUNT, REPORT_ROLL, ROLL_VOIDS_DONE, 0, 0 },
		{ "approvals", REPORT_COUNT, REPORT_ROLL, ROLL_APPROVALS, 0,
		    0 },
		{ "returns", REPORT_COUNT, REPORT_ROLL, ROLL_RETURNS, 0, 0 },
		{ "drawers_closed", REPORT_COUNT, REPORT_X, 1, 0, 0 },
		{ "over_short", REPORT_CENTS, REPORT_X, 2, 0, 0 },
	};

	if (report_hour_walk(c) != 0 || report_drawers(c) != 0)
		return (-1);
	report_emit(c, rt, sp, sizeof sp / sizeof sp[0], -1);
	return (0);
}

/* Hours: sales by hour of day and day of week, for staffing. */
int
report_hours(struct report_ctx *c, struct report_table *rt)
{
	static const struct report_spec sp[] = {
		{ "transactions", REPORT_COUNT, REPORT_ROLL, ROLL_TXNS, 0, 0 },
		{ "units", REPORT_COUNT, REPORT_ROLL, ROLL_UNITS, 0, 0 },
		{ "net", REPORT_CENTS, REPORT_ROLL, ROLL_NET, 0, REPORT_KEY },
		{ "total", REPORT_CENTS, REPORT_ROLL, ROLL_TOTAL, 0, 0 },
		{ "average_basket", REPORT_CENTS, REPORT_FN, 0,
		    report_average_basket, 0 },
	};

	if (report_hour_walk(c) != 0)
		return (-1);
	report_groups_keep(c, ROLL_TXNS);
	report_emit(c, rt, sp, sizeof sp / sizeof sp[0], -1);
	return (0);
}

/* A customer's visits in one group. */
struct report_visit {
	u_int		group;
	uint32_t	customer;
	int		first;		/* their first day in the group */
	int64_t		visits;
	int64_t		delivery;
	int64_t		pickup;
};

static int
report_visit_cmp(const void *a, const void *b)
{
	const struct report_visit	*va = a, *vb = b;

	if (va->group != vb->group)
		return (va->group < vb->group ? -1 : 1);
	if (va->customer != vb->customer)
		return (va->customer < vb->customer ? -1 : 1);
	return (va->first < vb->first ? -1 : va->first > vb->first);
}

/*
 * The loyalty points customers hold now: points change only with sales
 * (earned less redeemed, given back by a void), so they are the sum of
 * every day's sales as a whole in roll.product, a row a day, not a walk
 * of every customer.
 */
static int
report_points_outstanding(struct report_ctx *c, int64_t *out)
{
	struct store_iter	it;
	struct store_key	k;
	struct roll		r;
	int			day;

	*out = 0;
	store_iter_init(c->t, &it, DB_ROLL_PRODUCT, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (it.klen != 8)
			break;
		day = (int)store_key_get_u32(it.key);
		if (store_key_get_u32(it.key + 4) == 0) {
			if (roll_decode(it.val, it.vlen, &r) != 0) {
				store_fail(c->t, STORE_CORRUPT, "rollup damaged");
				break;
			}
			*out += r.v[ROLL_EARNED] - r.v[ROLL_REDEEMED];
		}
		/* On to the next day's first row. */
		store_iter_done(&it);
		store_key_init(&k);
		store_key_u32(&k, (uint32_t)report_day_add(day, 1));
		store_iter_init(c->t, &it, DB_ROLL_PRODUCT, NULL, 0, 0);
		store_iter_after(&it, k.data, k.len);
	}
	store_iter_done(&it);
	return (c->t->ret != 0 ? -1 : 0);
}

/* The first day a customer ever came (from roll.customer), 0 if never. */
static int
report_first_visit(struct store_txn *t, uint32_t customer)
{
	struct store_iter	it;
	struct store_key	k;
	int			day = 0;

	store_key_init(&k);
	store_key_u32(&k, customer);
	store_iter_init(t, &it, DB_ROLL_CUSTOMER, k.data, k.len, 0);
	if (store_iter_next(&it) && it.klen == 8)
		day = (int)store_key_get_u32(it.key + 4);
	store_iter_done(&it);
	return (day);
}

/*
 * Customers: how many came, how many for the first time ever, visits per
 * customer in store, for pickup and by delivery, what they spent and
 * bought (by weight, per customer: with the filter customer-type=medical,
 * the patients' use of their allotments); by customer, the top customers
 * first. The total row also says the loyalty points outstanding now and
 * what they are worth (a liability).
 */
static int64_t
report_returning(const struct report_group *g)
{
	return (g->x[0] - g->x[1]);
}

static int64_t
report_visits_per(const struct report_group *g)
{
	return (report_x100(g->r.v[ROLL_TXNS], g->x[0]));
}

static int64_t
report_instore_visits(const struct report_group *g)
{
	return (g->r.v[ROLL_TXNS] - g->r.v[ROLL_DELIVERY] -
	    g->r.v[ROLL_PICKUP]);
}

static int64_t
report_instore_per(const struct report_group *g)
{
	return (report_x100(report_instore_visits(g), g->x[3]));
}

static int64_t
report_delivery_per(const struct report_group *g)
{
	return (report_x100(g->r.v[ROLL_DELIVERY], g->x[2]));
}

/* What a customer bought by weight, on average: a patient's allotment. */
static int64_t
report_weight_per(const struct report_group *g)
{
	return (g->x[0] > 0 && g->r.v[ROLL_MG] > 0 ?
	    money_muldiv(g->r.v[ROLL_MG], 1, g->x[0]) : 0);
}

int
report_customers(struct report_ctx *c, struct report_table *rt)
{
	static const struct report_spec sp[] = {
		{ "customers", REPORT_COUNT, REPORT_X, 0, 0, REPORT_NOTOTAL },
		{ "new", REPORT_COUNT, REPORT_X, 1, 0, REPORT_NOTOTAL },
		{ "returning", REPORT_COUNT, REPORT_FN, 0, report_returning,
		    REPORT_NOTOTAL },
		{ "visits", REPORT_COUNT, REPORT_ROLL, ROLL_TXNS, 0, 0 },
		{ "visits_per_customer_x100", REPORT_COUNT, REPORT_FN, 0,
		    report_visits_per, REPORT_NOTOTAL },
		{ "instore_customers", REPORT_COUNT, REPORT_X, 3, 0,
		    REPORT_NOTOTAL },
		{ "instore_visits", REPORT_COUNT, REPORT_FN, 0,
		    report_instore_visits, 0 },
		{ "pickup_customers", REPORT_COUNT, REPORT_X, 4, 0,
		    REPORT_NOTOTAL },
		{ "pickup_visits", REPORT_COUNT, REPORT_ROLL, ROLL_PICKUP, 0,
		    0 },
		{ "delivery_customers", REPORT_COUNT, REPORT_X, 2, 0,
		    REPORT_NOTOTAL },
		{ "delivery_visits", REPORT_COUNT, REPORT_ROLL, ROLL_DELIVERY,
		    0, 0 },
		{ "instore_per_customer_x100", REPORT_COUNT, REPORT_FN, 0,
		    report_instore_per, REPORT_NOTOTAL },
		{ "delivery_per_customer_x100", REPORT_COUNT, REPORT_FN, 0,
		    report_delivery_per, REPORT_NOTOTAL },
		{ "net", REPORT_CENTS, REPORT_ROLL, ROLL_NET, 0, REPORT_KEY },
		{ "units", REPORT_COUNT, REPORT_ROLL, ROLL_UNITS, 0, 0 },
		{ "weight", REPORT_GRAMS, REPORT_ROLL, ROLL_MG, 0, 0 },
		{ "weight_per_customer", REPORT_GRAMS, REPORT_FN, 0,
		    report_weight_per, REPORT_NOTOTAL },
		{ "points_outstanding", REPORT_COUNT, REPORT_X, 7, 0,
		    REPORT_NOTOTAL },
		{ "loyalty_liability", REPORT_CENTS, REPORT_X, 7, 0,
		    REPORT_NOTOTAL },
	};
	struct store_iter	 it;
	struct store_key	 k;
	struct report_src	 src;
	struct report_group	*g;
	struct report_visit	*v = NULL, *p;
	struct customer		 cu;
	struct roll		 r;
	size_t			 nv = 0, sv = 0, i, j;
	int64_t			 outstanding = 0;
	u_int			 base, gi;

	store_key_init(&k);
	store_key_u32(&k, (uint32_t)c->q->from);
	store_iter_init(c->t, &it, DB_ROLL_VISIT, NULL, 0, 0);
	store_iter_after(&it, k.data, k.len);
	while (store_iter_next(&it) && report_scan(c) == 0) {
		if (it.klen != 8 || roll_decode(it.val, it.vlen, &r) != 0) {
			store_fail(c->t, STORE_CORRUPT, "rollup damaged");
			break;
		}
		memset(&src, 0, sizeof src);
		src.day = (int)store_key_get_u32(it.key);
		src.customer = store_key_get_u32(it.key + 4);
		src.channel = src.ctype = -1;
		if (src.day > c->q->to)
			break;
		/* A type filter: the customer's type now. */
		if (c->q->ctype != -1 && (store_customer_get(c->t,
		    src.customer, &cu) != 0 || cu.type != c->q->ctype))
			continue;
		g = report_group(c, &src);
		roll_sum(&g->r, &r);
		if (nv == sv) {
			sv = sv == 0 ? 256 : sv * 2;
			v = xreallocarray(v, sv, sizeof *v);
		}
		p = &v[nv++];
		p->group = (u_int)(g - c->groups);
		p->customer = src.customer;
		p->first = src.day;
		p->visits = r.v[ROLL_TXNS];
		p->delivery = r.v[ROLL_DELIVERY];
		p->pickup = r.v[ROLL_PICKUP];
	}
	store_iter_done(&it);
	if (c->t->ret != 0) {
		free(v);
		return (-1);
	}

	/* Per group: each customer once, new if their first day is here. */
	if (nv > 0)
		qsort(v, nv, sizeof *v, report_visit_cmp);
	for (i = 0; i < nv; i = j) {
		int64_t	vis = 0, del = 0, pick = 0;

		g = &c->groups[v[i].group];
		for (j = i; j < nv && v[j].group == v[i].group &&
		    v[j].customer == v[i].customer; j++) {
			vis += v[j].visits;
			del += v[j].delivery;
			pick += v[j].pickup;
		}
		if (vis <= 0)
			continue;
		if (report_scan(c) != 0)
			break;
		g->x[0]++;				/* customers */
		if (report_first_visit(c->t, v[i].customer) == v[i].first)
			g->x[1]++;			/* new */
		if (del > 0)
			g->x[2]++;			/* by delivery */
		if (vis - del - pick > 0)
			g->x[3]++;			/* in store */
		if (pick > 0)
			g->x[4]++;
	}
	free(v);

	if (report_points_outstanding(c, &outstanding) != 0)
		return (-1);

	gi = 0;
	for (i = 0; i < c->q->nby; i++)
		gi |= c->q->by[i] == REPORT_BY_CUSTOMER;
	report_groups_keep(c, ROLL_TXNS);
	base = report_emit(c, rt, sp, sizeof sp / sizeof sp[0],
	    gi ? ROLL_NET : -1);
	/* The points outstanding now, in the total row only. */
	rt->total.cells[base + 17].v = outstanding;
	rt->total.cells[base + 18].v = outstanding > 0 &&
	    c->q->point_value > 0 ? money_muldiv(outstanding,
	    c->q->point_value, 1) : 0;
	return (0);
}
