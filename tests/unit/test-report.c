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


#include "unit.h"
#include "stash.h"
#include "drawer.h"
#include "inventory.h"
#include "outbox.h"
#include "report.h"
#include "rules.h"
#include "sale.h"

/*
 * The reports over a known ledger: sales on three past days (imported
 * with their times, through sale_commit as the register makes them), a
 * delivery and a failed one, a void, a return and an adjustment today.
 * Every report's figures are checked exactly against the sales records
 * and hand-made sums, and they tie out: the sales report's total is the
 * Z reports' sum, its net the products' revenue, margin revenue less the
 * cost of the packages sold; the rollups equal a rebuild, and the
 * schema 4 migration builds them for a ledger that had none.
 */

#define TZ		"America/Denver"
#define D1		20261102
#define D2		20261103
#define D3		20261104

#define TAG_A	"1A4060300000000000001001"	/* Blue Dream, 35.00 each */
#define TAG_B	"1A4060300000000000002001"	/* GG4 bulk, 10.00 a gram */
#define TAG_C	"1A4060300000000000003001"	/* gummies, 20.00 each */

#define COST_A	1200		/* the product's: the package has none */
#define COST_B	300		/* the package's, a gram */
#define COST_C	800

static struct rules	*report_rules;

/* UTC microseconds of a store-local day and hour. */
static int64_t
at(int day, int hour)
{
	return (util_local_time(day, hour, TZ));
}

static void
product(struct store_txn *t, uint32_t id, const char *sku, const char *cat,
    int weight, int64_t price, int64_t cost)
{
	struct product	p;

	memset(&p, 0, sizeof p);
	p.id = id;
	strlcpy(p.sku, sku, sizeof p.sku);
	snprintf(p.name, sizeof p.name, "Product %s", sku);
	strlcpy(p.category, cat, sizeof p.category);
	p.unit_weight = weight;
	p.price = price;
	p.thc = 200;
	p.measured = 1;
	p.net_ug = 1000000;
	p.flower_ug = strcmp(cat, "flower") == 0 ? 1000000 : 0;
	p.thc_ug = 200000;
	p.unit_cost = cost;
	store_product_put(t, &p, NULL);
}

static void
package(struct store_txn *t, const char *tag, uint32_t product, int64_t qty,
    int64_t cost, const char *supplier)
{
	struct package	pk;

	fixture_package(&pk, tag, product, qty);
	pk.unit_cost = cost;
	strlcpy(pk.supplier, supplier, sizeof pk.supplier);
	store_package_put(t, &pk, NULL);
}

static void
customer(struct store_txn *t, uint32_t id, int type)
{
	struct customer	c;

	memset(&c, 0, sizeof c);
	c.id = id;
	c.type = type;
	strlcpy(c.first, "Test", sizeof c.first);
	snprintf(c.last, sizeof c.last, "Customer%u", id);
	c.dob = 19800101;
	strlcpy(c.residence, "CO", sizeof c.residence);
	strlcpy(c.id_type, "dl", sizeof c.id_type);
	snprintf(c.id_number, sizeof c.id_number, "DL%u", id);
	strlcpy(c.id_state, "CO", sizeof c.id_state);
	c.id_expires = 20301231;
	if (type == CUSTOMER_MEDICAL) {
		snprintf(c.card_number, sizeof c.card_number, "MC%u", id);
		strlcpy(c.card_state, "CO", sizeof c.card_state);
		c.card_expires = 20301231;
	}
	store_customer_put(t, &c, NULL);
}

/* An order as the order screens leave it, written as it is. */
static void
order(struct store_txn *t, uint64_t id, uint32_t cust, int status,
    int64_t created, int64_t window_end, const char *why)
{
	struct order	*o;

	o = xcalloc(1, sizeof *o);
	o->id = id;
	snprintf(o->ref, sizeof o->ref, "ord-%llu", (unsigned long long)id);
	o->customer = cust;
	o->channel = ORDER_DELIVERY;
	o->status = status;
	o->created = created;
	o->window_start = created;
	o->window_end = window_end;
	o->staff = 3;
	strlcpy(o->terminal, "register-1", sizeof o->terminal);
	o->nlines = 1;
	o->lines[0].product = 3;
	strlcpy(o->lines[0].name, "Product GUM", sizeof o->lines[0].name);
	o->lines[0].qty = 1;
	o->lines[0].price = o->lines[0].total = 2000;
	o->subtotal = o->total = 2000;
	o->npicks = 1;
	strlcpy(o->picks[0].tag, TAG_C, sizeof o->picks[0].tag);
	o->picks[0].qty = 1;
	o->unreserved = 1;
	o->nhistory = 1;
	o->history[0].status = status;
	o->history[0].time = created + 3600000000LL;
	strlcpy(o->history[0].reason, why, sizeof o->history[0].reason);
	store_order_put(t, o, NULL);
	free(o);
}

static uint64_t
sell(struct fixture *f, const char *ref, int day, int hour, uint32_t staff,
    uint32_t cust, const char *tag1, int64_t q1, const char *tag2, int64_t q2,
    int64_t discount, uint64_t ord, int64_t card)
{
	struct sale_request	 rq;
	struct store_txn	 t;
	struct sale		*s;
	char			*cause = NULL;
	int			 replayed;
	uint64_t		 id;

	memset(&rq, 0, sizeof rq);
	rq.ref = ref;
	rq.terminal = "register-1";
	rq.staff = staff;
	rq.customer = cust;
	rq.at = at(day, hour);
	rq.rules = report_rules;
	rq.state = "CO";
	rq.tz = TZ;
	rq.threshold = 1000;
	rq.points_per_dollar = 1;
	rq.point_value = 1;
	rq.order = ord;
	strlcpy(rq.lines[0].tag, tag1, sizeof rq.lines[0].tag);
	rq.lines[0].qty = q1;
	rq.nlines = 1;
	if (tag2 != NULL) {
		strlcpy(rq.lines[1].tag, tag2, sizeof rq.lines[1].tag);
		rq.lines[1].qty = q2;
		rq.nlines = 2;
	}
	if (discount != 0) {
		rq.ndiscounts = 1;
		rq.discounts[0].kind = DISCOUNT_ONEOFF;
		rq.discounts[0].value = discount;
		strlcpy(rq.discounts[0].reason, "regular",
		    sizeof rq.discounts[0].reason);
	}
	s = xmalloc(sizeof *s);
	/* Part by card (less than any total here), the rest in cash. */
	rq.card = card;
	rq.card_ref = card != 0 ? "AUTH-1" : NULL;
	rq.cash = 1000000;
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	if (sale_commit(&t, &rq, s, &replayed, &cause) != SALE_OK)
		fail_msg("sale %s: %s (%s)", ref, cause, t.err);
	assert_int_equal(store_commit(&t), 0);
	id = s->id;
	free(s);
	return (id);
}

struct sums {
	int64_t	txns, gross, discount, net, tax, total, cost;
};

/* The sales of days from..to summed from their records: what to expect. */
static int
sum_sale(const struct sale *s, void *arg)
{
	struct sums	*sm = arg;
	int		 day = util_local_date(s->time, TZ);
	u_int		 i;

	if (day < sm[1].txns || day > sm[1].gross || s->status != SALE_COMPLETE)
		return (0);
	sm->txns++;
	sm->gross += s->subtotal;
	sm->discount += s->discount;
	sm->tax += s->tax;
	sm->total += s->total;
	sm->net += s->total - s->tax;
	for (i = 0; i < s->nlines; i++)
		sm->cost += s->lines[i].cost;
	return (0);
}

static void
expect(struct fixture *f, int from, int to, struct sums *out)
{
	struct store_txn	t;
	struct sums		sm[2];

	memset(sm, 0, sizeof sm);
	sm[1].txns = from;
	sm[1].gross = to;
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_sale_walk(&t, 0, sum_sale, sm), 0);
	store_abort(&t);
	*out = sm[0];
}

static void
run(struct fixture *f, struct report_query *q, struct report_table *rt)
{
	struct store_txn	 t;
	char			*cause = NULL;

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	if (report_run(&t, q, rt, &cause) != 0)
		fail_msg("report %s: %s", q->name, cause);
	store_abort(&t);
}

static void
query(struct report_query *q, const char *name, int from, int to,
    const char *by)
{
	char	*cause = NULL;

	report_query_init(q, TZ, util_now());
	strlcpy(q->name, name, sizeof q->name);
	q->from = from;
	q->to = to;
	if (by != NULL && report_query_by(q, by, &cause) != 0)
		fail_msg("%s", cause);
}

/* A cell by column name (a row, or the total row if row is NULL). */
static int64_t
cell(const struct report_table *rt, const struct report_row *row,
    const char *name)
{
	int	c;

	if ((c = report_table_find(rt, name)) == -1)
		fail_msg("report %s has no column %s", rt->title, name);
	if (row == NULL) {
		assert_true(rt->has_total);
		row = &rt->total;
	}
	return (row->cells[c].v);
}

/* The row whose first column reads label. */
static const struct report_row *
row_of(const struct report_table *rt, const char *label)
{
	u_int	i;

	for (i = 0; i < rt->nrows; i++) {
		if (strcmp(rt->rows[i].cells[0].text, label) == 0)
			return (&rt->rows[i]);
	}
	fail_msg("report %s has no row %s", rt->title, label);
	return (NULL);
}

/* Every rollup row as text, in key order. */
static char *
dump(struct fixture *f)
{
	static const enum store_db dbs[] = { DB_ROLL, DB_ROLL_PRODUCT,
	    DB_ROLL_HOUR, DB_ROLL_ADJUST, DB_ROLL_VISIT, DB_ROLL_CUSTOMER,
	    DB_ROLL_CATEGORY };
	struct store_txn	 t;
	struct store_iter	 it;
	struct buf		 b;
	char			 hex[520], *out;
	u_int			 i;

	buf_init(&b);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	for (i = 0; i < sizeof dbs / sizeof dbs[0]; i++) {
		store_iter_init(&t, &it, dbs[i], NULL, 0, 0);
		while (store_iter_next(&it)) {
			util_hex(it.key, it.klen, hex);
			buf_printf(&b, "%u %s ", i, hex);
			util_hex(it.val, it.vlen, hex);
			buf_printf(&b, "%s\n", hex);
		}
		store_iter_done(&it);
	}
	assert_int_equal(t.ret, 0);
	store_abort(&t);
	out = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return (out);
}

static int
setup(void **state)
{
	struct fixture		*f;
	struct store_txn	 t;
	struct store_info	 si;
	struct drawer		 d;
	struct return_request	 rr;
	struct sale		*s;
	struct sale_return	 ret;
	struct package		 pk;
	char			*cause = NULL, path[512];
	FILE			*fp;
	uint64_t		 s3, s4;

	if ((f = fixture_open("report", (size_t)16 << 20)) == NULL)
		return (-1);
	snprintf(path, sizeof path, "%s/US-XX", f->dir);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "stash-rules 1\njurisdiction US-XX\nname \"Test\"\n"
	    "zone " TZ "\neffective 2020-01-01\nverified 2026-11-27\n"
	    "cite \"Test Act\"\npricing added\n"
	    "tax ex 15%% adult \"c\" level excise on flower\n"
	    "tax st 2.9%% adult,medical \"c\" level state\n"
	    "pool p\n\twho adult,medical,caregiver\n\twindow transaction\n"
	    "\tterm * units 1000units optional\n");
	fclose(fp);
	if ((report_rules = rules_load(path, &cause)) == NULL)
		fail_msg("%s", cause);
	snprintf(path, sizeof path, "%s/local", f->dir);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "stash-taxes 1\njurisdiction US-XX\nverified 2026-11-27\n"
	    "tax ci 4%% adult \"c\" level city\n");
	fclose(fp);
	if (rules_tax_local(report_rules, path, &cause) != 0)
		fail_msg("%s", cause);

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	memset(&si, 0, sizeof si);
	strlcpy(si.name, "Report Test", sizeof si.name);
	strlcpy(si.state, "CO", sizeof si.state);
	strlcpy(si.tz, TZ, sizeof si.tz);
	store_meta_put_info(&t, &si);
	product(&t, 1, "BD", "flower", 0, 3500, COST_A);
	product(&t, 2, "GG4", "flower", 1, 1000, 999);
	product(&t, 3, "GUM", "edible", 0, 2000, COST_C);
	package(&t, TAG_A, 1, 100, 0, "SUP-1");
	package(&t, TAG_B, 2, 100000, COST_B, "SUP-1");
	package(&t, TAG_C, 3, 100, 0, "SUP-2");
	customer(&t, 1, CUSTOMER_ADULT);
	customer(&t, 2, CUSTOMER_MEDICAL);
	order(&t, 1, 1, ORDER_OUT, at(D3, 9), at(D3, 14), "");
	order(&t, 2, 2, ORDER_FAILED, at(D3, 9), at(D3, 14), "no one home");
	if (drawer_open(&t, "register-1", 2, 10000, &d, &cause) != DRAWER_OK)
		fail_msg("%s", cause);
	assert_int_equal(store_commit(&t), 0);

	sell(f, "s1", D1, 10, 2, 0, TAG_A, 2, NULL, 0, 0, 0, 0);
	sell(f, "s2", D1, 15, 3, 1, TAG_B, 3500, TAG_C, 1, 500, 0, 0);
	s3 = sell(f, "s3", D2, 11, 2, 2, TAG_A, 1, TAG_C, 2, 0, 0, 0);
	s4 = sell(f, "s4", D2, 18, 3, 0, TAG_B, 1000, NULL, 0, 0, 0, 0);
	sell(f, "s5", D3, 12, 3, 1, TAG_C, 1, NULL, 0, 0, 1, 0);
	sell(f, "s6", D3, 13, 2, 2, TAG_A, 1, NULL, 0, 0, 0, 3000);

	/* Today: a void, a return and an adjustment. */
	s = xmalloc(sizeof *s);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	if (sale_void(&t, s4, 3, 2, "register-1", "changed mind", s,
	    &cause) != SALE_OK)
		fail_msg("void: %s", cause);
	memset(&rr, 0, sizeof rr);
	rr.sale = s3;
	rr.terminal = "register-1";
	rr.staff = 2;
	rr.approver = 1;
	rr.reason = "test";
	rr.method = REFUND_CASH;
	rr.nlines = 1;
	strlcpy(rr.lines[0].tag, TAG_C, sizeof rr.lines[0].tag);
	rr.lines[0].qty = 1;
	if (sale_return(&t, &rr, s, &ret, &cause) != SALE_OK)
		fail_msg("return: %s", cause);
	if (inventory_adjust(&t, TAG_A, -1, "damage", "dropped", 2, 0,
	    "register-1", &pk, &cause) != 0)
		fail_msg("adjust: %s", cause);
	assert_int_equal(store_commit(&t), 0);
	free(s);
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	rules_free(report_rules);
	report_rules = NULL;
	return (fixture_teardown(state));
}

/* Sales by day: each day's figures are its sales', the total the Zs'. */
static void
test_sales(void **state)
{
	struct fixture		*f = *state;
	struct report_query	 q;
	struct report_table	 rt;
	struct store_txn	 t;
	struct report_z		 z;
	struct sums		 e;
	const struct report_row	*row;
	int			 days[] = { D1, D2, D3 }, today;
	int64_t			 ztotal = 0, zsales = 0;
	char			 label[16];
	u_int			 i;

	query(&q, "sales", D1, D3, "day");
	run(f, &q, &rt);
	assert_int_equal(rt.nrows, 3);
	for (i = 0; i < 3; i++) {
		snprintf(label, sizeof label, "%04d-%02d-%02d", days[i] / 10000,
		    days[i] / 100 % 100, days[i] % 100);
		row = row_of(&rt, label);
		expect(f, days[i], days[i], &e);
		assert_int_equal(cell(&rt, row, "transactions"), e.txns);
		assert_int_equal(cell(&rt, row, "gross"), e.gross);
		assert_int_equal(cell(&rt, row, "discounts"), e.discount);
		assert_int_equal(cell(&rt, row, "net"), e.net);
		assert_int_equal(cell(&rt, row, "tax"), e.tax);
		assert_int_equal(cell(&rt, row, "total"), e.total);
		assert_int_equal(cell(&rt, row, "cost"), e.cost);
		assert_int_equal(cell(&rt, row, "tax"),
		    cell(&rt, row, "tax_excise") + cell(&rt, row, "tax_state") +
		    cell(&rt, row, "tax_city"));

		assert_int_equal(store_begin(f->st, &t, 0), 0);
		assert_int_equal(report_z(&t, days[i], TZ, &z), 0);
		store_abort(&t);
		ztotal += z.store.total;
		zsales += z.store.sales;
		assert_int_equal(cell(&rt, row, "total"), z.store.total);
		assert_int_equal(cell(&rt, row, "voids"), z.store.voids);
		assert_int_equal(cell(&rt, row, "cash") +
		    cell(&rt, row, "card"), z.store.cash + z.store.card);
		report_z_free(&z);
	}
	/* By hand: 2 + 2 sales on D1 and D3, 1 on D2 (s4 is void). */
	assert_int_equal(cell(&rt, row_of(&rt, "2026-11-02"), "transactions"),
	    2);
	assert_int_equal(cell(&rt, row_of(&rt, "2026-11-03"), "transactions"),
	    1);
	assert_int_equal(cell(&rt, row_of(&rt, "2026-11-03"), "voids"), 1);
	assert_int_equal(cell(&rt, row_of(&rt, "2026-11-02"), "discounts"),
	    500);
	assert_int_equal(cell(&rt, row_of(&rt, "2026-11-02"), "gross"),
	    7000 + 3500 + 2000);
	assert_int_equal(cell(&rt, row_of(&rt, "2026-11-04"), "card"), 3000);
	/* The units: 2 + 1 on D1, 1 + 2 on D2, 1 + 1 on D3; 3.5 g on D1. */
	assert_int_equal(cell(&rt, NULL, "units"), 8);
	assert_int_equal(cell(&rt, NULL, "weight"), 3500);
	assert_int_equal(cell(&rt, NULL, "total"), ztotal);
	assert_int_equal(cell(&rt, NULL, "transactions"), zsales);
	assert_int_equal(cell(&rt, NULL, "cost"),
	    4 * COST_A + 3500 * COST_B / 1000 + 4 * COST_C);
	report_table_free(&rt);

	/* The return is today's: the refunds are the Z's of today. */
	today = util_local_date(util_now(), TZ);
	query(&q, "sales", today, today, NULL);
	run(f, &q, &rt);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(report_z(&t, today, TZ, &z), 0);
	store_abort(&t);
	assert_int_equal(cell(&rt, NULL, "returns"), 1);
	assert_int_equal(cell(&rt, NULL, "refunds"), z.store.refunds_cash +
	    z.store.refunds_card);
	assert_int_equal(cell(&rt, NULL, "refunds_cash"), z.store.refunds_cash);
	assert_true(cell(&rt, NULL, "refunds") > 2000);	/* taxes back too */
	report_z_free(&z);
	report_table_free(&rt);
}

/* Margin: revenue less the cost of the packages sold, per product. */
static void
test_products(void **state)
{
	struct fixture		*f = *state;
	struct report_query	 q;
	struct report_table	 rt, st;
	const struct report_row	*a, *b, *c;
	struct sums		 e;

	query(&q, "products", D1, D3, NULL);
	run(f, &q, &rt);
	assert_int_equal(rt.nrows, 3);
	a = row_of(&rt, "Product BD");
	b = row_of(&rt, "Product GG4");
	c = row_of(&rt, "Product GUM");
	assert_int_equal(cell(&rt, a, "units"), 4);
	assert_int_equal(cell(&rt, a, "cost"), 4 * COST_A);
	assert_int_equal(cell(&rt, b, "weight"), 3500);
	assert_int_equal(cell(&rt, b, "cost"), 3500 * COST_B / 1000);
	assert_int_equal(cell(&rt, b, "voids"), 1);
	assert_int_equal(cell(&rt, c, "units"), 4);
	assert_int_equal(cell(&rt, c, "cost"), 4 * COST_C);
	assert_int_equal(cell(&rt, a, "margin"), cell(&rt, a, "revenue") -
	    cell(&rt, a, "cost"));
	assert_int_equal(cell(&rt, a, "margin_pct"),
	    report_pct(cell(&rt, a, "margin"), cell(&rt, a, "revenue")));
	/* Best first. */
	assert_true(cell(&rt, &rt.rows[0], "revenue") >=
	    cell(&rt, &rt.rows[1], "revenue"));

	/* Ties out with the sales report and the sales themselves. */
	expect(f, D1, D3, &e);
	query(&q, "sales", D1, D3, "month");
	run(f, &q, &st);
	assert_int_equal(cell(&rt, NULL, "revenue"), cell(&st, NULL, "net"));
	assert_int_equal(cell(&rt, NULL, "revenue"), e.net);
	assert_int_equal(cell(&rt, NULL, "cost"), e.cost);
	assert_int_equal(cell(&rt, NULL, "margin"), e.net - e.cost);
	assert_int_equal(cell(&rt, NULL, "discounts"), cell(&st, NULL,
	    "discounts"));
	report_table_free(&st);
	report_table_free(&rt);

	/* By category, split by customer type. */
	query(&q, "products", D1, D3, "category,customer-type");
	run(f, &q, &rt);
	assert_int_equal(rt.nrows, 4);	/* flower, edible x adult, medical */
	report_table_free(&rt);

	/* Filtered: edibles only; by channel: the delivery. */
	query(&q, "sales", D1, D3, "channel");
	assert_int_equal(report_query_filter(&q, "category", "edible", NULL),
	    0);
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, row_of(&rt, "delivery"), "units"), 1);
	assert_int_equal(cell(&rt, row_of(&rt, "in-store"), "units"), 3);
	assert_int_equal(cell(&rt, NULL, "cost"), 4 * COST_C);
	report_table_free(&rt);
	/* By category: the category rollup; by product number: a seek. */
	query(&q, "sales", D1, D3, "category");
	run(f, &q, &rt);
	assert_int_equal(rt.nrows, 2);
	assert_int_equal(cell(&rt, row_of(&rt, "edible"), "units"), 4);
	assert_int_equal(cell(&rt, row_of(&rt, "edible"), "cost"),
	    4 * COST_C);
	assert_int_equal(cell(&rt, row_of(&rt, "flower"), "weight"), 3500);
	assert_int_equal(cell(&rt, row_of(&rt, "flower"), "cost"),
	    4 * COST_A + 3500 * COST_B / 1000);
	assert_int_equal(cell(&rt, NULL, "net"), e.net);
	report_table_free(&rt);
	query(&q, "sales", D1, D3, "day");
	assert_int_equal(report_query_filter(&q, "product", "3", NULL), 0);
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, row_of(&rt, "2026-11-02"), "units"), 1);
	assert_int_equal(cell(&rt, row_of(&rt, "2026-11-03"), "units"), 2);
	assert_int_equal(cell(&rt, row_of(&rt, "2026-11-04"), "units"), 1);
	report_table_free(&rt);
	query(&q, "sales", D1, D3, "staff");
	assert_int_equal(report_query_filter(&q, "product", "1", NULL), 0);
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, row_of(&rt, "2"), "units"), 4);
	assert_int_equal(rt.nrows, 1);
	report_table_free(&rt);
	query(&q, "sales", D1, D3, "customer-type");
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, row_of(&rt, "medical"), "transactions"), 2);
	assert_int_equal(cell(&rt, row_of(&rt, "adult"), "transactions"), 3);
	report_table_free(&rt);
}

/* Compared with the previous period, by position. */
static void
test_compare(void **state)
{
	struct fixture		*f = *state;
	struct report_query	 q;
	struct report_table	 rt;
	struct store_txn	 t;
	struct sums		 d1, d2;
	char			*cause = NULL;

	expect(f, D1, D1, &d1);
	expect(f, D2, D2, &d2);
	query(&q, "sales", D2, D2, "day");
	q.compare = REPORT_CMP_PREVIOUS;
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, &rt.rows[0], "net"), d2.net);
	assert_int_equal(cell(&rt, &rt.rows[0], "net_compare"), d1.net);
	assert_int_equal(cell(&rt, &rt.rows[0], "change"),
	    report_pct(d2.net - d1.net, d1.net));
	report_table_free(&rt);

	/* A grouping the report cannot make is refused, not all zero. */
	query(&q, "sales", D1, D3, "hour");
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(report_run(&t, &q, &rt, &cause), -1);
	store_abort(&t);
	assert_non_null(strstr(cause, "does not group by hour"));
	free(cause);
	report_table_free(&rt);
}

static void
test_customers_staff(void **state)
{
	struct fixture		*f = *state;
	struct report_query	 q;
	struct report_table	 rt;
	struct store_txn	 t;
	struct customer		 c1, c2;
	const struct report_row	*row;

	query(&q, "customers", D1, D3, NULL);
	q.point_value = 2;
	run(f, &q, &rt);
	assert_int_equal(rt.nrows, 1);
	row = &rt.rows[0];
	/* The points held now: the customers' balances, from the rollups. */
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_customer_get(&t, 1, &c1), 0);
	assert_int_equal(store_customer_get(&t, 2, &c2), 0);
	store_abort(&t);
	assert_true(c1.loyalty > 0 && c2.loyalty > 0);
	assert_int_equal(cell(&rt, NULL, "points_outstanding"), c1.loyalty +
	    c2.loyalty);
	assert_int_equal(cell(&rt, NULL, "loyalty_liability"),
	    2 * (c1.loyalty + c2.loyalty));
	assert_int_equal(cell(&rt, row, "customers"), 2);
	assert_int_equal(cell(&rt, row, "new"), 2);
	assert_int_equal(cell(&rt, row, "visits"), 4);
	assert_int_equal(cell(&rt, row, "delivery_visits"), 1);
	assert_int_equal(cell(&rt, row, "delivery_customers"), 1);
	assert_int_equal(cell(&rt, row, "instore_visits"), 3);
	report_table_free(&rt);
	/* The patients' purchases; an adult's by weight, per customer. */
	query(&q, "customers", D1, D3, NULL);
	assert_int_equal(report_query_filter(&q, "customer-type", "medical",
	    NULL), 0);
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, &rt.rows[0], "customers"), 1);
	assert_int_equal(cell(&rt, &rt.rows[0], "units"), 4);
	assert_int_equal(cell(&rt, &rt.rows[0], "weight"), 0);
	report_table_free(&rt);
	query(&q, "customers", D1, D3, NULL);
	assert_int_equal(report_query_filter(&q, "customer-type", "adult",
	    NULL), 0);
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, &rt.rows[0], "units"), 2);
	assert_int_equal(cell(&rt, &rt.rows[0], "weight_per_customer"), 3500);
	report_table_free(&rt);
	/* On D3 both had come before: returning. */
	query(&q, "customers", D3, D3, "day");
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, &rt.rows[0], "new"), 0);
	assert_int_equal(cell(&rt, &rt.rows[0], "returning"), 2);
	report_table_free(&rt);

	query(&q, "staff", D1, D3, NULL);
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, row_of(&rt, "2"), "transactions"), 3);
	assert_int_equal(cell(&rt, row_of(&rt, "3"), "transactions"), 2);
	assert_int_equal(cell(&rt, row_of(&rt, "3"), "discounts"), 500);
	report_table_free(&rt);
	query(&q, "staff", util_local_date(util_now(), TZ),
	    util_local_date(util_now(), TZ), NULL);
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, row_of(&rt, "3"), "voids"), 1);
	assert_int_equal(cell(&rt, NULL, "approvals"), 2); /* void, return */
	assert_int_equal(cell(&rt, row_of(&rt, "2"), "returns"), 1);
	report_table_free(&rt);

	query(&q, "hours", D1, D3, "hour");
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, row_of(&rt, "10:00"), "transactions"), 1);
	assert_int_equal(cell(&rt, NULL, "transactions"), 5);
	report_table_free(&rt);
}

static void
test_stock_ops(void **state)
{
	struct fixture		*f = *state;
	struct report_query	 q;
	struct report_table	 rt;
	struct store_txn	 t;
	struct outbox_job	 j, old;
	char			*cause = NULL;
	int			 today = util_local_date(util_now(), TZ);

	query(&q, "shrink", today, today, NULL);
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, row_of(&rt, "damage"), "units"), -1);
	assert_int_equal(cell(&rt, row_of(&rt, "damage"), "cost"), -COST_A);
	assert_int_equal(cell(&rt, row_of(&rt, "damage"), "retail"), -3500);
	assert_int_equal(cell(&rt, row_of(&rt, "return"), "units"), 1);
	report_table_free(&rt);

	/*
	 * Stock now: A 100 less 4 sold and 1 damaged; B 100 g less 3.5 g;
	 * the gummies' package went to quarantine with the return: not
	 * stock.
	 */
	query(&q, "inventory", today, today, "category");
	run(f, &q, &rt);
	assert_int_equal(rt.nrows, 1);
	assert_int_equal(cell(&rt, row_of(&rt, "flower"), "value_cost"),
	    95 * COST_A + 96500 * COST_B / 1000);
	assert_int_equal(cell(&rt, row_of(&rt, "flower"), "value_retail"),
	    95 * 3500 + 96500 * 1000 / 1000);
	assert_int_equal(cell(&rt, row_of(&rt, "flower"), "units"), 95);
	assert_int_equal(cell(&rt, row_of(&rt, "flower"), "weight"), 96500);
	report_table_free(&rt);
	/* Stock has no channel: a channel filter leaves it whole. */
	query(&q, "inventory", today, today, "category");
	assert_int_equal(report_query_filter(&q, "channel", "delivery", NULL),
	    0);
	assert_int_equal(report_query_filter(&q, "category", "flower", NULL),
	    0);
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, row_of(&rt, "flower"), "units"), 95);
	report_table_free(&rt);

	query(&q, "delivery", D3, D3, "status");
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, NULL, "orders"), 2);
	assert_int_equal(cell(&rt, row_of(&rt, "delivered"), "on_time"), 1);
	assert_int_equal(cell(&rt, row_of(&rt, "failed"), "failed"), 1);
	report_table_free(&rt);
	query(&q, "delivery", D3, D3, "cause");
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, row_of(&rt, "no one home"), "failed"), 1);
	report_table_free(&rt);

	query(&q, "reorder", D1, D3, NULL);
	run(f, &q, &rt);
	/* Blue Dream: 4 sold in 3 days, 95 on hand: 95 * 3 / 4 days. */
	assert_int_equal(cell(&rt, row_of(&rt, "Product BD"),
	    "days_of_supply"), 71);
	/* Gummies: none on hand; 4 in 3 days lasts 28 days at 37.3. */
	assert_int_equal(cell(&rt, row_of(&rt, "Product GUM"), "on_hand"), 0);
	assert_int_equal(cell(&rt, row_of(&rt, "Product GUM"), "suggest"), 38);
	report_table_free(&rt);

	query(&q, "compliance", today, today, "kind");
	run(f, &q, &rt);
	assert_true(cell(&rt, NULL, "reports") >= 2);	/* void, return */
	report_table_free(&rt);
	/* The state refused one 100 s ago: an exception, waiting. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(outbox_get(&t, 1, &j), 0);
	old = j;
	j.state = OUTBOX_EXCEPTION;
	j.failed = util_now() - 100 * 1000000LL;
	strlcpy(j.error, "bad tag", sizeof j.error);
	outbox_put(&t, &old, &j);
	assert_int_equal(store_commit(&t), 0);
	query(&q, "compliance", today, today, "cause");
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, row_of(&rt, "bad tag"), "exceptions"), 1);
	assert_true(cell(&rt, row_of(&rt, "bad tag"),
	    "exception_age_seconds") >= 100);
	report_table_free(&rt);
	/* On stashd's loop a report reads at most so many records. */
	q.scan_max = 2;
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(report_run(&t, &q, &rt, &cause), -1);
	store_abort(&t);
	assert_non_null(strstr(cause, "more than 2 records"));
	free(cause);
	report_table_free(&rt);
}

/* The rollups equal a rebuild; schema 4 builds them for an old ledger. */
static void
test_rebuild(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct report_query	 q;
	struct report_table	 rt;
	struct sale		*sl;
	char			*before, *after, *cause = NULL;
	uint64_t		 n;
	int64_t			 cost;
	u_int			 i;

	before = dump(f);
	assert_true(strlen(before) > 100);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(roll_rebuild(&t, &n), 0);
	assert_int_equal(n, store_count(&t, DB_SALE) +
	    store_count(&t, DB_RETURN) + store_count(&t, DB_ADJUST));
	assert_int_equal(store_commit(&t), 0);
	after = dump(f);
	assert_string_equal(before, after);
	free(after);

	/*
	 * A sale from before sales kept their lines' cost and category and
	 * the customer's type: the same figures, from the packages,
	 * products and customer now, and still what a rebuild makes.
	 */
	query(&q, "sales", D1, D3, "category");
	run(f, &q, &rt);
	cost = cell(&rt, NULL, "cost");
	report_table_free(&rt);
	sl = xmalloc(sizeof *sl);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(store_sale_get(&t, 2, sl), 0);	/* s2, customer 1 */
	for (i = 0; i < sl->nlines; i++) {
		sl->lines[i].cost = -1;
		sl->lines[i].category[0] = '\0';
	}
	sl->ctype = 0;
	store_sale_put(&t, sl, 0);
	assert_int_equal(store_commit(&t), 0);
	free(sl);
	run(f, &q, &rt);
	assert_int_equal(cell(&rt, NULL, "cost"), cost);
	report_table_free(&rt);
	free(before);
	before = dump(f);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(roll_rebuild(&t, &n), 0);
	assert_int_equal(store_commit(&t), 0);
	after = dump(f);
	assert_string_equal(before, after);
	free(after);

	/* A schema 3 ledger, with no rollups: opening it makes them. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_clear(&t, DB_ROLL);
	store_clear(&t, DB_ROLL_PRODUCT);
	store_clear(&t, DB_ROLL_HOUR);
	store_clear(&t, DB_ROLL_ADJUST);
	store_clear(&t, DB_ROLL_VISIT);
	store_clear(&t, DB_ROLL_CUSTOMER);
	store_clear(&t, DB_ROLL_CATEGORY);
	store_meta_put_i64(&t, "schema", 3);
	assert_int_equal(store_commit(&t), 0);
	after = dump(f);
	assert_string_equal(after, "");
	free(after);
	store_close(f->st);
	if (store_open(f->dir, (size_t)16 << 20, 0, &f->st, &cause) != 0)
		fail_msg("%s", cause);
	after = dump(f);
	assert_string_equal(before, after);
	free(after);
	free(before);
}

static void
test_query(void **state)
{
	struct report_query	 q;
	char			*cause = NULL;

	(void)state;
	report_query_init(&q, TZ, at(20261209, 12));	/* a Wednesday */
	assert_int_equal(report_query_period(&q, "week", NULL, &cause), 0);
	assert_int_equal(q.from, 20261207);
	assert_int_equal(q.to, 20261209);
	assert_int_equal(report_query_period(&q, "last-month", NULL, &cause),
	    0);
	assert_int_equal(q.from, 20261101);
	assert_int_equal(q.to, 20261130);
	assert_int_equal(report_query_period(&q, "2026-03-01", "2026-02-01",
	    &cause), -1);
	assert_non_null(strstr(cause, "before"));
	free(cause);
	assert_int_equal(report_query_by(&q, "nonsense", &cause), -1);
	free(cause);
	assert_int_equal(report_query_filter(&q, "channel", "drone", &cause),
	    -1);
	free(cause);
	assert_int_equal(report_day_add(20240228, 1), 20240229);
	assert_int_equal(report_day_add(20241231, 1), 20250101);
	assert_int_equal(report_day_number(19700101), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sales, setup, teardown),
		cmocka_unit_test_setup_teardown(test_products, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_compare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_customers_staff, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_stock_ops, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rebuild, setup, teardown),
		cmocka_unit_test(test_query),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
