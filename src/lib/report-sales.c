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

/*
 * Sales: gross, discounts, net, taxes by level, tenders, refunds, voids,
 * the average basket and units per sale. Read from the sales as a whole,
 * or, filtered or grouped by product, from their lines (which carry no
 * tenders or taxes by level: those columns are 0 then).
 */
int
report_sales(struct report_ctx *c, struct report_table *rt)
{
	static const struct {
		const char	*name;
		int		 kind;
		int		 field;
	} cols[] = {
		{ "transactions", REPORT_COUNT, ROLL_TXNS },
		{ "units", REPORT_COUNT, ROLL_UNITS },
		{ "weight", REPORT_GRAMS, ROLL_MG },
		{ "gross", REPORT_CENTS, ROLL_GROSS },
		{ "discounts", REPORT_CENTS, ROLL_DISCOUNT },
		{ "net", REPORT_CENTS, ROLL_NET },
		{ "tax", REPORT_CENTS, ROLL_TAX },
		{ "tax_excise", REPORT_CENTS, ROLL_TAX_EXCISE },
		{ "tax_state", REPORT_CENTS, ROLL_TAX_STATE },
		{ "tax_county", REPORT_CENTS, ROLL_TAX_COUNTY },
		{ "tax_city", REPORT_CENTS, ROLL_TAX_CITY },
		{ "tax_district", REPORT_CENTS, ROLL_TAX_DISTRICT },
		{ "total", REPORT_CENTS, ROLL_TOTAL },
		{ "cash", REPORT_CENTS, ROLL_CASH },
		{ "card", REPORT_CENTS, ROLL_CARD },
		{ "returns", REPORT_COUNT, ROLL_RETURNS },
		{ "refunds", REPORT_CENTS, ROLL_REFUND },
		{ "refunds_cash", REPORT_CENTS, ROLL_REFUND_CASH },
		{ "refunds_card", REPORT_CENTS, ROLL_REFUND_CARD },
		{ "voids", REPORT_COUNT, ROLL_VOIDS },
		{ "voided", REPORT_CENTS, ROLL_VOIDED },
		{ "cost", REPORT_CENTS, ROLL_COST },
		{ "points_earned", REPORT_COUNT, ROLL_EARNED },
		{ "points_redeemed", REPORT_COUNT, ROLL_REDEEMED },
	};
	const u_int		 ncols = sizeof cols / sizeof cols[0];
	struct report_group	*g;
	struct report_row	*row;
	u_int			 i, j, base, avg, upt;

	if (report_sales_walk(c, !report_by_products(c->q), c->q->from,
	    c->q->to) != 0)
		return (-1);
	report_sort(c, -1);
	report_columns_by(c, rt);
	base = rt->ncolumns;
	for (j = 0; j < ncols; j++)
		report_table_column(rt, cols[j].name, cols[j].kind);
	avg = report_table_column(rt, "average_basket", REPORT_CENTS);
	upt = report_table_column(rt, "units_per_txn_x100", REPORT_COUNT);
	rt->key = (int)(base + 5);	/* net */
	for (i = 0; i < c->ngroups; i++) {
		g = &c->groups[i];
		row = report_row_by(c, rt, g);
		for (j = 0; j < ncols; j++)
			row->cells[base + j].v = g->r.v[cols[j].field];
		row->cells[avg].v = g->r.v[ROLL_TXNS] > 0 ?
		    money_muldiv(g->r.v[ROLL_TOTAL] < 0 ? 0 :
		    g->r.v[ROLL_TOTAL], 1, g->r.v[ROLL_TXNS]) : 0;
		row->cells[upt].v = report_x100(g->r.v[ROLL_UNITS],
		    g->r.v[ROLL_TXNS]);
	}
	report_total(rt);
	rt->total.cells[avg].v = rt->total.cells[base].v > 0 ?
	    money_muldiv(rt->total.cells[base + 12].v < 0 ? 0 :
	    rt->total.cells[base + 12].v, 1, rt->total.cells[base].v) : 0;
	rt->total.cells[upt].v = report_x100(rt->total.cells[base + 1].v,
	    rt->total.cells[base].v);
	return (0);
}

/*
 * Products and margin: units, revenue (net of discounts and taxes), the
 * cost of the packages sold, margin and margin %, best sellers first; by
 * product, products with no sales in the period (slow movers) last.
 */
int
report_products(struct report_ctx *c, struct report_table *rt)
{
	struct report_group	*g;
	struct report_row	*row;
	struct report_src	 src;
	u_int			 i, base, by_product = 0;

	if (report_sales_walk(c, 0, c->q->from, c->q->to) != 0)
		return (-1);
	for (i = 0; i < c->q->nby; i++)
		by_product |= c->q->by[i] == REPORT_BY_PRODUCT;
	if (c->q->nby == 1 && by_product) {
		for (i = 0; i < c->nprods; i++) {
			memset(&src, 0, sizeof src);
			src.product = c->prods[i].id;
			src.channel = src.ctype = -1;
			if (c->q->channel == -1 && c->q->ctype == -1 &&
			    c->q->staff == 0 && c->q->terminal[0] == '\0' &&
			    report_match(c, &src))
				(void)report_group(c, &src);
		}
	}
	report_sort(c, ROLL_NET);
	report_columns_by(c, rt);
	base = rt->ncolumns;
	report_table_column(rt, "transactions", REPORT_COUNT);
	report_table_column(rt, "units", REPORT_COUNT);
	report_table_column(rt, "weight", REPORT_GRAMS);
	report_table_column(rt, "revenue", REPORT_CENTS);
	report_table_column(rt, "cost", REPORT_CENTS);
	report_table_column(rt, "margin", REPORT_CENTS);
	report_table_column(rt, "margin_pct", REPORT_PERCENT);
	report_table_column(rt, "discounts", REPORT_CENTS);
	report_table_column(rt, "refunds", REPORT_CENTS);
	report_table_column(rt, "returned_units", REPORT_COUNT);
	report_table_column(rt, "returned_weight", REPORT_GRAMS);
	report_table_column(rt, "voids", REPORT_COUNT);
	rt->key = (int)(base + 3);
	for (i = 0; i < c->ngroups; i++) {
		g = &c->groups[i];
		row = report_row_by(c, rt, g);
		row->cells[base].v = g->r.v[ROLL_TXNS];
		row->cells[base + 1].v = g->r.v[ROLL_UNITS];
		row->cells[base + 2].v = g->r.v[ROLL_MG];
		row->cells[base + 3].v = g->r.v[ROLL_NET];
		row->cells[base + 4].v = g->r.v[ROLL_COST];
		row->cells[base + 5].v = g->r.v[ROLL_NET] - g->r.v[ROLL_COST];
		row->cells[base + 6].v = report_pct(row->cells[base + 5].v,
		    g->r.v[ROLL_NET]);
		row->cells[base + 7].v = g->r.v[ROLL_DISCOUNT];
		row->cells[base + 8].v = g->r.v[ROLL_REFUND];
		row->cells[base + 9].v = g->r.v[ROLL_REFUND_UNITS];
		row->cells[base + 10].v = g->r.v[ROLL_REFUND_MG];
		row->cells[base + 11].v = g->r.v[ROLL_VOIDS];
	}
	report_total(rt);
	rt->total.cells[base + 6].v = report_pct(rt->total.cells[base + 5].v,
	    rt->total.cells[base + 3].v);
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

/*
 * Staff: sales, items per hour with sales, voids made, discounts given,
 * approvals (discounts, voids and returns a manager approved), returns,
 * and the over or short of the drawers they closed.
 */
int
report_staff(struct report_ctx *c, struct report_table *rt)
{
	struct report_group	*g;
	struct report_row	*row;
	u_int			 i, base;

	if (report_hour_walk(c) != 0 || report_drawers(c) != 0)
		return (-1);
	report_sort(c, -1);
	report_columns_by(c, rt);
	base = rt->ncolumns;
	report_table_column(rt, "transactions", REPORT_COUNT);
	report_table_column(rt, "units", REPORT_COUNT);
	report_table_column(rt, "weight", REPORT_GRAMS);
	report_table_column(rt, "net", REPORT_CENTS);
	report_table_column(rt, "discounts", REPORT_CENTS);
	report_table_column(rt, "hours", REPORT_COUNT);
	report_table_column(rt, "items_per_hour_x100", REPORT_COUNT);
	report_table_column(rt, "voids", REPORT_COUNT);
	report_table_column(rt, "approvals", REPORT_COUNT);
	report_table_column(rt, "returns", REPORT_COUNT);
	report_table_column(rt, "drawers_closed", REPORT_COUNT);
	report_table_column(rt, "over_short", REPORT_CENTS);
	rt->key = (int)(base + 3);
	for (i = 0; i < c->ngroups; i++) {
		g = &c->groups[i];
		row = report_row_by(c, rt, g);
		row->cells[base].v = g->r.v[ROLL_TXNS];
		row->cells[base + 1].v = g->r.v[ROLL_UNITS];
		row->cells[base + 2].v = g->r.v[ROLL_MG];
		row->cells[base + 3].v = g->r.v[ROLL_NET];
		row->cells[base + 4].v = g->r.v[ROLL_DISCOUNT];
		row->cells[base + 5].v = g->x[0];
		row->cells[base + 6].v = report_x100(g->r.v[ROLL_UNITS],
		    g->x[0]);
		row->cells[base + 7].v = g->r.v[ROLL_VOIDS_DONE];
		row->cells[base + 8].v = g->r.v[ROLL_APPROVALS];
		row->cells[base + 9].v = g->r.v[ROLL_RETURNS];
		row->cells[base + 10].v = g->x[1];
		row->cells[base + 11].v = g->x[2];
	}
	report_total(rt);
	rt->total.cells[base + 6].v = report_x100(rt->total.cells[base + 1].v,
	    rt->total.cells[base + 5].v);
	return (0);
}

/* Hours: sales by hour of day and day of week, for staffing. */
int
report_hours(struct report_ctx *c, struct report_table *rt)
{
	struct report_group	*g;
	struct report_row	*row;
	u_int			 i, base;

	if (report_hour_walk(c) != 0)
		return (-1);
	report_sort(c, -1);
	report_columns_by(c, rt);
	base = rt->ncolumns;
	report_table_column(rt, "transactions", REPORT_COUNT);
	report_table_column(rt, "units", REPORT_COUNT);
	report_table_column(rt, "net", REPORT_CENTS);
	report_table_column(rt, "total", REPORT_CENTS);
	report_table_column(rt, "average_basket", REPORT_CENTS);
	rt->key = (int)(base + 2);
	for (i = 0; i < c->ngroups; i++) {
		g = &c->groups[i];
		if (g->r.v[ROLL_TXNS] == 0)
			continue;
		row = report_row_by(c, rt, g);
		row->cells[base].v = g->r.v[ROLL_TXNS];
		row->cells[base + 1].v = g->r.v[ROLL_UNITS];
		row->cells[base + 2].v = g->r.v[ROLL_NET];
		row->cells[base + 3].v = g->r.v[ROLL_TOTAL];
		row->cells[base + 4].v = g->r.v[ROLL_TOTAL] > 0 ?
		    money_muldiv(g->r.v[ROLL_TOTAL], 1, g->r.v[ROLL_TXNS]) : 0;
	}
	report_total(rt);
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
 * customer in store, for pickup and by delivery, what they spent; by
 * customer, the top customers first. The total row also says the
 * loyalty points outstanding now and what they are worth (a liability).
 */
int
report_customers(struct report_ctx *c, struct report_table *rt)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct report_src	 src;
	struct report_group	*g;
	struct report_row	*row;
	struct report_visit	*v = NULL, *p;
	struct customer		 cu;
	struct roll		 r;
	size_t			 nv = 0, sv = 0, i, j;
	int64_t			 outstanding = 0, instore;
	u_int			 base, gi;

	store_key_init(&k);
	store_key_u32(&k, (uint32_t)c->q->from);
	store_iter_init(c->t, &it, DB_ROLL_VISIT, NULL, 0, 0);
	store_iter_after(&it, k.data, k.len);
	while (store_iter_next(&it)) {
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

	store_iter_init(c->t, &it, DB_CUSTOMER, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_customer_decode(it.val, it.vlen, &cu) == 0)
			outstanding += cu.loyalty;
	}
	store_iter_done(&it);
	if (c->t->ret != 0)
		return (-1);

	gi = 0;
	for (i = 0; i < c->q->nby; i++)
		gi |= c->q->by[i] == REPORT_BY_CUSTOMER;
	report_sort(c, gi ? ROLL_NET : -1);
	report_columns_by(c, rt);
	base = rt->ncolumns;
	report_table_column(rt, "customers", REPORT_COUNT);
	report_table_column(rt, "new", REPORT_COUNT);
	report_table_column(rt, "returning", REPORT_COUNT);
	report_table_column(rt, "visits", REPORT_COUNT);
	report_table_column(rt, "visits_per_customer_x100", REPORT_COUNT);
	report_table_column(rt, "instore_customers", REPORT_COUNT);
	report_table_column(rt, "instore_visits", REPORT_COUNT);
	report_table_column(rt, "pickup_customers", REPORT_COUNT);
	report_table_column(rt, "pickup_visits", REPORT_COUNT);
	report_table_column(rt, "delivery_customers", REPORT_COUNT);
	report_table_column(rt, "delivery_visits", REPORT_COUNT);
	report_table_column(rt, "instore_per_customer_x100", REPORT_COUNT);
	report_table_column(rt, "delivery_per_customer_x100", REPORT_COUNT);
	report_table_column(rt, "net", REPORT_CENTS);
	report_table_column(rt, "points_outstanding", REPORT_COUNT);
	report_table_column(rt, "loyalty_liability", REPORT_CENTS);
	rt->key = (int)(base + 13);
	for (i = 0; i < c->ngroups; i++) {
		g = &c->groups[i];
		if (g->r.v[ROLL_TXNS] <= 0)
			continue;
		row = report_row_by(c, rt, g);
		instore = g->r.v[ROLL_TXNS] - g->r.v[ROLL_DELIVERY] -
		    g->r.v[ROLL_PICKUP];
		row->cells[base].v = g->x[0];
		row->cells[base + 1].v = g->x[1];
		row->cells[base + 2].v = g->x[0] - g->x[1];
		row->cells[base + 3].v = g->r.v[ROLL_TXNS];
		row->cells[base + 4].v = report_x100(g->r.v[ROLL_TXNS], g->x[0]);
		row->cells[base + 5].v = g->x[3];
		row->cells[base + 6].v = instore;
		row->cells[base + 7].v = g->x[4];
		row->cells[base + 8].v = g->r.v[ROLL_PICKUP];
		row->cells[base + 9].v = g->x[2];
		row->cells[base + 10].v = g->r.v[ROLL_DELIVERY];
		row->cells[base + 11].v = report_x100(instore, g->x[3]);
		row->cells[base + 12].v = report_x100(g->r.v[ROLL_DELIVERY],
		    g->x[2]);
		row->cells[base + 13].v = g->r.v[ROLL_NET];
	}
	report_total(rt);
	/* Customers are counted once in all, not once per group. */
	rt->total.cells[base].v = rt->total.cells[base + 1].v = 0;
	rt->total.cells[base + 2].v = rt->total.cells[base + 4].v = 0;
	rt->total.cells[base + 5].v = rt->total.cells[base + 7].v = 0;
	rt->total.cells[base + 9].v = rt->total.cells[base + 11].v = 0;
	rt->total.cells[base + 12].v = 0;
	rt->total.cells[base + 14].v = outstanding;
	rt->total.cells[base + 15].v = outstanding > 0 && c->q->point_value > 0 ?
	    money_muldiv(outstanding, c->q->point_value, 1) : 0;
	return (0);
}
