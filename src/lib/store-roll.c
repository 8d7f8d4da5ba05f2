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
#include <time.h>

#include "sale.h"

/*
 * Rollups: sums per store-local day, kept in the write transaction of the
 * sale, void, return or adjustment they summarise (store_sale_put,
 * store_return_add and store_adjust_add call in here, nothing else does),
 * so a report over a year reads at most a year of days.
 *
 * A record's contribution is a function of the record alone (and, for
 * records from before the sale kept them, of the customer's type and the
 * package's cost now): a sale written again moves the sums from what it
 * was to what it is (a void takes its sales out and counts the void), so
 * the rollups always equal what roll_rebuild makes from the ledger.
 *
 * The tables (keys built with store-key.c, big-endian, so a day's rows
 * are one prefix and a period one range):
 *   roll		day, product, staff, channel, customer type, terminal:
 *			product 0 is the sale as a whole (transactions,
 *			tenders, taxes by level, loyalty), every other a
 *			product's lines; refunds on the return's day, by who
 *			made the return
 *   roll.product	day, product (0: the sales as a whole): the same
 *			sums without the other dimensions, for the reports
 *			that do not ask for them
 *   roll.hour		day, local hour, staff: sales, voids made and
 *			approvals given (staffing, items per hour)
 *   roll.adjust	day, reason, location: quantity adjustments
 *   roll.visit		day, customer: visits and their channels
 *   roll.customer	customer, day: the same, to tell a customer's
 *			first visit
 *   roll.category	day, category: the products' sums by the category
 *			each product had when it was sold (kept with the
 *			line), for the reports by category: a few rows a day
 *   roll.till		terminal, day, staff, channel, customer type: the
 *			rows of roll for the sales as a whole (product 0),
 *			register first, so a register's report over a year
 *			reads its own rows, not every register's
 *   roll.staff		staff, day, channel, customer type, terminal: the
 *			same rows staff member first, for one's report
 */

#define ROLL_KIND	'U'
#define ROLL_ACC_MAX	(2 * MAX_SALE_LINES + 16)

struct roll_ent {
	enum store_db		db;
	struct store_key	key;
	struct roll		r;
};

struct roll_acc {
	struct roll_ent		*e;
	u_int			 n;
	u_int			 size;
};

/* A sale's channel: in store, or its order's (store_order_channel_name). */
const char *
roll_channel_name(int channel)
{
	if (channel == ROLL_CHANNEL_STORE)
		return ("in-store");
	return (store_order_channel_name(channel));
}

int
roll_channel_find(const char *s)
{
	if (strcmp(s, "in-store") == 0 || strcmp(s, "instore") == 0)
		return (ROLL_CHANNEL_STORE);
	return (store_order_channel_find(s));
}

/* The store-local day (YYYYMMDD) and hour of a UTC time. */
static void
roll_local(int64_t t, const char *tz, int *day, int *hour)
{
	struct util_tz	z;
	struct tm	tm;
	time_t		secs = (time_t)(t / 1000000);

	util_tz_enter(&z, tz);
	localtime_r(&secs, &tm);
	util_tz_leave(&z);
	*day = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday;
	*hour = tm.tm_hour;
}

/* The entry for (db, key), made if need be. */
static struct roll *
roll_acc_get(struct roll_acc *acc, enum store_db db,
    const struct store_key *k)
{
	struct roll_ent	*e;
	u_int		 i;

	for (i = 0; i < acc->n; i++) {
		e = &acc->e[i];
		if (e->db == db && e->key.len == k->len &&
		    memcmp(e->key.data, k->data, k->len) == 0)
			return (&e->r);
	}
	if (acc->n == acc->size) {
		acc->size = acc->size == 0 ? 16 : acc->size * 2;
		acc->e = xreallocarray(acc->e, acc->size, sizeof *acc->e);
	}
	e = &acc->e[acc->n++];
	memset(e, 0, sizeof *e);
	e->db = db;
	e->key = *k;
	return (&e->r);
}

static void
roll_key_fine(struct store_key *k, int day, uint32_t product,
    uint32_t staff, int channel, int ctype, const char *terminal)
{
	store_key_init(k);
	store_key_u32(k, (uint32_t)day);
	store_key_u32(k, product);
	store_key_u32(k, staff);
	store_key_u32(k, (uint32_t)channel);
	store_key_u32(k, (uint32_t)ctype);
	store_key_str(k, terminal);
}

static void
roll_key_till(struct store_key *k, int day, uint32_t staff, int channel,
    int ctype, const char *terminal)
{
	store_key_init(k);
	store_key_str(k, terminal);
	store_key_u32(k, (uint32_t)day);
	store_key_u32(k, staff);
	store_key_u32(k, (uint32_t)channel);
	store_key_u32(k, (uint32_t)ctype);
}

static void
roll_key_staff(struct store_key *k, int day, uint32_t staff, int channel,
    int ctype, const char *terminal)
{
	store_key_init(k);
	store_key_u32(k, staff);
	store_key_u32(k, (uint32_t)day);
	store_key_u32(k, (uint32_t)channel);
	store_key_u32(k, (uint32_t)ctype);
	store_key_str(k, terminal);
}

static void
roll_key_2(struct store_key *k, uint32_t a, uint32_t b)
{
	store_key_init(k);
	store_key_u32(k, a);
	store_key_u32(k, b);
}

static void
roll_key_hour(struct store_key *k, int day, int hour, uint32_t staff)
{
	store_key_init(k);
	store_key_u32(k, (uint32_t)day);
	store_key_u32(k, (uint32_t)hour);
	store_key_u32(k, staff);
}

/*
 * A key's terminal (16-bit length, then the name) at p, with left bytes
 * from there: the bytes it takes, or -1.
 */
static int
roll_key_terminal(const u_char *p, size_t left, struct roll_key *k)
{
	size_t	n;

	if (left < 2)
		return (-1);
	n = (size_t)p[0] << 8 | p[1];
	if (n > left - 2 || n >= sizeof k->terminal)
		return (-1);
	memcpy(k->terminal, p + 2, n);
	k->terminal[n] = '\0';
	return ((int)(2 + n));
}

/* A roll key: day, product, staff, channel, customer type, terminal. */
int
roll_key_parse(const u_char *p, size_t len, struct roll_key *k)
{
	memset(k, 0, sizeof *k);
	if (len < 20 || roll_key_terminal(p + 20, len - 20, k) !=
	    (int)(len - 20))
		return (-1);
	k->day = (int)store_key_get_u32(p);
	k->product = store_key_get_u32(p + 4);
	k->staff = store_key_get_u32(p + 8);
	k->channel = (int)store_key_get_u32(p + 12);
	k->ctype = (int)store_key_get_u32(p + 16);
	return (0);
}

/* A roll.till key: terminal, day, staff, channel, customer type. */
int
roll_till_key_parse(const u_char *p, size_t len, struct roll_key *k)
{
	int	n;

	memset(k, 0, sizeof *k);
	if ((n = roll_key_terminal(p, len, k)) == -1 ||
	    len - (size_t)n != 16)
		return (-1);
	p += n;
	k->day = (int)store_key_get_u32(p);
	k->staff = store_key_get_u32(p + 4);
	k->channel = (int)store_key_get_u32(p + 8);
	k->ctype = (int)store_key_get_u32(p + 12);
	return (0);
}

/* A roll.staff key: staff, day, channel, customer type, terminal. */
int
roll_staff_key_parse(const u_char *p, size_t len, struct roll_key *k)
{
	memset(k, 0, sizeof *k);
	if (len < 16 || roll_key_terminal(p + 16, len - 16, k) !=
	    (int)(len - 16))
		return (-1);
	k->staff = store_key_get_u32(p);
	k->day = (int)store_key_get_u32(p + 4);
	k->channel = (int)store_key_get_u32(p + 8);
	k->ctype = (int)store_key_get_u32(p + 12);
	return (0);
}

/* The customer's type a sale counts under (a walk-in is adult use). */
int
roll_sale_ctype(struct store_txn *t, const struct sale *s)
{
	struct customer	cu;

	if (s->ctype != 0)
		return (s->ctype);
	if (s->customer == 0 || store_customer_get(t, s->customer, &cu) != 0)
		return (CUSTOMER_ADULT);
	return (cu.type);
}

/*
 * What a package cost, cents per unit or per gram: its own unit cost (from
 * its manifest or import), or, when it has none, its product's.
 */
int64_t
roll_unit_cost(struct store_txn *t, const struct package *pk)
{
	struct product	p;

	if (pk->unit_cost > 0)
		return (pk->unit_cost);
	if (store_product_get(t, pk->product, &p) != 0)
		return (0);
	return (p.unit_cost);
}

/*
 * What line i of a sale cost the packages: kept with the line, or for a
 * sale from before, the package's unit cost now (per gram by weight,
 * rounded half up).
 */
static int64_t
roll_line_cost(struct store_txn *t, const struct sale_line *l)
{
	struct package	pk;

	if (l->cost >= 0)
		return (l->cost);
	if (store_package_get(t, l->tag, &pk) != 0)
		return (0);
	return (money_muldiv(l->qty, roll_unit_cost(t, &pk),
	    l->unit_weight ? 1000 : 1));
}

/*
 * Each line's share of the taxes: the one kept with it, or (older sales)
 * the taxes shared out by line price with running sums, so the shares add
 * up to the sale's taxes.
 */
static void
roll_line_taxes(const struct sale *s, int64_t *tax)
{
	int64_t	cum = 0, prev = 0, next;
	u_int	i;
	int	kept = 1;

	for (i = 0; i < s->nlines; i++) {
		if (s->lines[i].tax < 0)
			kept = 0;
	}
	for (i = 0; i < s->nlines; i++) {
		if (kept) {
			tax[i] = s->lines[i].tax;
			continue;
		}
		cum += s->lines[i].total;
		next = s->subtotal <= 0 ? 0 : money_muldiv(s->tax, cum,
		    s->subtotal);
		tax[i] = next - prev;
		prev = next;
	}
}

/*
 * What each line of a complete sale comes to (out[0..nlines-1]): units or
 * mg, its price (gross), its share of the discounts and of the taxes, net
 * (what it cost the customer less its taxes), total (what it cost the
 * customer: sale_line_paid, so the lines add up to the sale) and the cost
 * of its goods; ROLL_TXNS is 1 on a product's first line only.
 */
void
roll_lines(struct store_txn *t, const struct sale *s, struct roll *out)
{
	const struct sale_line	*l;
	int64_t			 tax[MAX_SALE_LINES], paid;
	u_int			 i, j;

	roll_line_taxes(s, tax);
	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		memset(&out[i], 0, sizeof out[i]);
		for (j = 0; j < i; j++) {
			if (s->lines[j].product == l->product)
				break;
		}
		out[i].v[ROLL_TXNS] = j == i;
		out[i].v[ROLL_LINES] = 1;
		out[i].v[l->unit_weight ? ROLL_MG : ROLL_UNITS] = l->qty;
		paid = sale_line_paid(s, i);
		out[i].v[ROLL_GROSS] = l->total;
		out[i].v[ROLL_TAX] = tax[i];
		out[i].v[ROLL_TOTAL] = paid;
		out[i].v[ROLL_NET] = paid - tax[i];
		out[i].v[ROLL_DISCOUNT] = l->total - paid +
		    (s->tax_included ? 0 : tax[i]);
		out[i].v[ROLL_COST] = roll_line_cost(t, l);
	}
}

/*
 * Add sums to a product's (or, product 0, the sale's) fine and coarse rows,
 * and a product's to its category's (category NULL: the sale's).
 */
static void
roll_acc_both(struct roll_acc *acc, int day, uint32_t product,
    const char *category, uint32_t staff, int channel, int ctype,
    const char *terminal, const struct roll *r)
{
	struct store_key	k;

	roll_key_fine(&k, day, product, staff, channel, ctype, terminal);
	roll_sum(roll_acc_get(acc, DB_ROLL, &k), r);
	if (product == 0) {
		roll_key_till(&k, day, staff, channel, ctype, terminal);
		roll_sum(roll_acc_get(acc, DB_ROLL_TILL, &k), r);
		roll_key_staff(&k, day, staff, channel, ctype, terminal);
		roll_sum(roll_acc_get(acc, DB_ROLL_STAFF, &k), r);
	}
	roll_key_2(&k, (uint32_t)day, product);
	roll_sum(roll_acc_get(acc, DB_ROLL_PRODUCT, &k), r);
	if (category == NULL)
		return;
	store_key_init(&k);
	store_key_u32(&k, (uint32_t)day);
	store_key_str(&k, category);
	roll_sum(roll_acc_get(acc, DB_ROLL_CATEGORY, &k), r);
}

/*
 * The category a line counts under: kept with it, or for a sale from
 * before, its product's now (buf holds it).
 */
static const char *
roll_line_category(struct store_txn *t, const struct sale_line *l,
    char *buf, size_t len)
{
	struct product	p;

	if (l->category[0] != '\0')
		return (l->category);
	if (store_product_get(t, l->product, &p) != 0)
		p.category[0] = '\0';
	strlcpy(buf, p.category, len);
	return (buf);
}

/* Add (sign 1) or take out (sign -1) what a sale contributes. */
static void
roll_sale_acc(struct store_txn *t, const char *tz, struct roll_acc *acc,
    const struct sale *s, int sign)
{
	struct store_key	 k;
	struct roll		 whole, line, *lines;
	const struct sale_line	*l;
	char			 cat[CATEGORY_MAX + 1];
	int			 day, hour, vday, vhour, ctype;
	u_int			 i, j;

	roll_local(s->time, tz, &day, &hour);
	ctype = roll_sale_ctype(t, s);
	memset(&whole, 0, sizeof whole);
	if (s->status == SALE_VOID) {
		whole.v[ROLL_VOIDS] = sign;
		whole.v[ROLL_VOIDED] = sign * s->total;
		roll_acc_both(acc, day, 0, NULL, s->staff, s->channel, ctype,
		    s->terminal, &whole);
		for (i = 0; i < s->nlines; i++) {
			l = &s->lines[i];
			memset(&line, 0, sizeof line);
			line.v[ROLL_VOIDS] = sign;
			line.v[ROLL_VOIDED] = sign * l->total;
			roll_acc_both(acc, day, l->product,
			    roll_line_category(t, l, cat, sizeof cat), s->staff,
			    s->channel, ctype, s->terminal, &line);
		}
		roll_local(s->void_time, tz, &vday, &vhour);
		roll_key_hour(&k, vday, vhour, s->void_staff);
		roll_acc_get(acc, DB_ROLL_HOUR, &k)->v[ROLL_VOIDS_DONE] += sign;
		if (s->void_approver != 0) {
			roll_key_hour(&k, vday, vhour, s->void_approver);
			roll_acc_get(acc, DB_ROLL_HOUR,
			    &k)->v[ROLL_APPROVALS] += sign;
		}
		return;
	}

	lines = xreallocarray(NULL, s->nlines + 1, sizeof *lines);
	roll_lines(t, s, lines);
	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		line = lines[i];
		whole.v[ROLL_UNITS] += line.v[ROLL_UNITS];
		whole.v[ROLL_MG] += line.v[ROLL_MG];
		whole.v[ROLL_COST] += line.v[ROLL_COST];
		for (j = 0; j < ROLL_FIELDS; j++)
			line.v[j] *= sign;
		roll_acc_both(acc, day, l->product, roll_line_category(t, l,
		    cat, sizeof cat), s->staff, s->channel, ctype, s->terminal,
		    &line);
	}
	free(lines);

	whole.v[ROLL_TXNS] = 1;
	whole.v[ROLL_LINES] = s->nlines;
	whole.v[ROLL_GROSS] = s->subtotal;
	whole.v[ROLL_DISCOUNT] = s->discount;
	whole.v[ROLL_NET] = s->total - s->tax;
	whole.v[ROLL_TAX] = s->tax;
	for (i = 0; i < s->ntaxes; i++) {
		if (s->taxes[i].level >= 0 && s->taxes[i].level <= 4)
			whole.v[ROLL_TAX_EXCISE + s->taxes[i].level] +=
			    s->taxes[i].amount;
	}
	whole.v[ROLL_TOTAL] = s->total;
	whole.v[ROLL_CASH] = s->tendered - s->change;
	whole.v[ROLL_CARD] = s->card;
	whole.v[ROLL_EARNED] = s->points_earned;
	whole.v[ROLL_REDEEMED] = s->points_redeemed;
	for (j = 0; j < ROLL_FIELDS; j++)
		whole.v[j] *= sign;
	roll_acc_both(acc, day, 0, NULL, s->staff, s->channel, ctype,
	    s->terminal, &whole);
	for (i = 0; i < s->ndiscounts; i++) {
		if (s->discounts[i].approver == 0)
			continue;
		roll_key_hour(&k, day, hour, s->discounts[i].approver);
		roll_acc_get(acc, DB_ROLL_HOUR, &k)->v[ROLL_APPROVALS] += sign;
	}
	if (s->override_approver != 0) {
		roll_key_hour(&k, day, hour, s->override_approver);
		roll_acc_get(acc, DB_ROLL_HOUR, &k)->v[ROLL_APPROVALS] += sign;
	}

	memset(&line, 0, sizeof line);
	line.v[ROLL_TXNS] = whole.v[ROLL_TXNS];
	line.v[ROLL_UNITS] = whole.v[ROLL_UNITS];
	line.v[ROLL_MG] = whole.v[ROLL_MG];
	line.v[ROLL_NET] = whole.v[ROLL_NET];
	line.v[ROLL_TOTAL] = whole.v[ROLL_TOTAL];
	line.v[ROLL_DISCOUNT] = whole.v[ROLL_DISCOUNT];
	roll_key_hour(&k, day, hour, s->staff);
	roll_sum(roll_acc_get(acc, DB_ROLL_HOUR, &k), &line);

	if (s->customer == 0)
		return;
	memset(&line, 0, sizeof line);
	line.v[ROLL_TXNS] = sign;
	line.v[ROLL_UNITS] = whole.v[ROLL_UNITS];
	line.v[ROLL_MG] = whole.v[ROLL_MG];
	line.v[ROLL_NET] = whole.v[ROLL_NET];
	line.v[ROLL_TOTAL] = whole.v[ROLL_TOTAL];
	if (s->channel == ORDER_DELIVERY)
		line.v[ROLL_DELIVERY] = sign;
	else if (s->channel == ORDER_PICKUP)
		line.v[ROLL_PICKUP] = sign;
	roll_key_2(&k, (uint32_t)day, s->customer);
	roll_sum(roll_acc_get(acc, DB_ROLL_VISIT, &k), &line);
	roll_key_2(&k, s->customer, (uint32_t)day);
	roll_sum(roll_acc_get(acc, DB_ROLL_CUSTOMER, &k), &line);
}

/* What a return contributes, on its own day, by who made it. */
static void
roll_return_acc(struct store_txn *t, const char *tz, struct roll_acc *acc,
    const struct sale_return *rt, const struct sale *s)
{
	struct store_key	 k;
	struct roll		 whole, line;
	const struct sale_return_line *rl;
	const struct sale_line	*l;
	char			 cat[CATEGORY_MAX + 1];
	int			 day, hour, ctype;
	u_int			 i, j;

	roll_local(rt->time, tz, &day, &hour);
	ctype = roll_sale_ctype(t, s);
	memset(&whole, 0, sizeof whole);
	whole.v[ROLL_RETURNS] = 1;
	whole.v[ROLL_REFUND] = rt->refund;
	if (rt->method == REFUND_CASH)
		whole.v[ROLL_REFUND_CASH] = rt->refund;
	else if (rt->method == REFUND_CARD)
		whole.v[ROLL_REFUND_CARD] = rt->refund;
	for (i = 0; i < rt->nlines; i++) {
		rl = &rt->lines[i];
		for (j = 0; j < s->nlines; j++) {
			if (strcmp(s->lines[j].tag, rl->tag) == 0)
				break;
		}
		if (j == s->nlines)
			continue;
		l = &s->lines[j];
		memset(&line, 0, sizeof line);
		line.v[ROLL_RETURNS] = 1;
		line.v[ROLL_REFUND] = rl->refund;
		line.v[l->unit_weight ? ROLL_REFUND_MG : ROLL_REFUND_UNITS] =
		    rl->qty;
		whole.v[l->unit_weight ? ROLL_REFUND_MG : ROLL_REFUND_UNITS] +=
		    rl->qty;
		roll_acc_both(acc, day, l->product, roll_line_category(t, l,
		    cat, sizeof cat), rt->staff, s->channel, ctype,
		    rt->terminal, &line);
	}
	roll_acc_both(acc, day, 0, NULL, rt->staff, s->channel, ctype,
	    rt->terminal, &whole);
	roll_key_hour(&k, day, hour, rt->staff);
	roll_acc_get(acc, DB_ROLL_HOUR, &k)->v[ROLL_RETURNS]++;
	if (rt->approver != 0) {
		roll_key_hour(&k, day, hour, rt->approver);
		roll_acc_get(acc, DB_ROLL_HOUR, &k)->v[ROLL_APPROVALS]++;
	}
}

/* A quantity adjustment, by day, reason and where the package was. */
static void
roll_adjust_acc(struct store_txn *t, const char *tz, struct roll_acc *acc,
    const struct adjust *a)
{
	struct store_key	 k;
	struct roll		*r;
	struct package		 pk;
	struct product		 p;
	int			 day, hour, weight = 0;

	if (a->kind != ADJUST_QTY)
		return;
	roll_local(a->time, tz, &day, &hour);
	if (store_package_get(t, a->tag, &pk) == 0 &&
	    store_product_get(t, pk.product, &p) == 0)
		weight = p.unit_weight;
	store_key_init(&k);
	store_key_u32(&k, (uint32_t)day);
	store_key_str(&k, a->reason);
	store_key_str(&k, a->location);
	r = roll_acc_get(acc, DB_ROLL_ADJUST, &k);
	r->v[ROLL_COUNT]++;
	r->v[weight ? ROLL_MG : ROLL_UNITS] += a->delta;
	r->v[ROLL_COST] += a->cost;
	r->v[ROLL_RETAIL] += a->retail;
}

void
roll_sum(struct roll *to, const struct roll *from)
{
	u_int	i;

	for (i = 0; i < ROLL_FIELDS; i++)
		to->v[i] += from->v[i];
}

/*
 * A rollup's sums. Reports decode thousands a run: the record is read in
 * one pass (codec_get_i64_all checks its framing as it goes), not first
 * checked by codec_open.
 */
int
roll_decode(const u_char *v, size_t vlen, struct roll *r)
{
	struct codec	c;

	memset(r, 0, sizeof *r);
	if (vlen < 2 || v[0] != ROLL_KIND)
		return (-1);
	c.p = v;
	c.len = vlen;
	c.kind = v[0];
	c.version = v[1];
	return (codec_get_i64_all(&c, r->v, ROLL_FIELDS) != 0 ? -1 : 0);
}

/*
 * The new value of a rollup row: what it was (v, NULL if none) plus r;
 * nothing if it sums to nothing (the row goes). -1 if it was damaged.
 */
static int
roll_add(const u_char *v, size_t vlen, struct buf *b, void *arg)
{
	const struct roll	*add = arg;
	struct roll		 r;
	u_int			 j;

	memset(&r, 0, sizeof r);
	if (v != NULL && roll_decode(v, vlen, &r) != 0)
		return (-1);
	roll_sum(&r, add);
	codec_begin(b, ROLL_KIND, 1);
	for (j = 0; j < ROLL_FIELDS; j++) {
		if (r.v[j] != 0)
			codec_i64(b, j + 1, r.v[j]);
	}
	if (b->len == 2)
		b->len = 0;
	return (0);
}

/* Add the accumulated sums to the tables; a row that sums to nothing goes. */
static void
roll_acc_flush(struct store_txn *t, struct roll_acc *acc)
{
	struct roll_ent	*e;
	u_int		 i, j, changed;

	for (i = 0; i < acc->n && t->ret == 0; i++) {
		e = &acc->e[i];
		for (changed = 0, j = 0; j < ROLL_FIELDS; j++)
			changed |= e->r.v[j] != 0;
		if (!changed)
			continue;
		if (store_update(t, e->db, e->key.data, e->key.len, roll_add,
		    &e->r) == -1 && t->ret == 0)
			store_fail(t, STORE_CORRUPT, "rollup damaged");
	}
	free(acc->e);
	memset(acc, 0, sizeof *acc);
}

static void
roll_tz(struct store_txn *t, char *tz, size_t len)
{
	struct store_info	si;

	if (store_meta_get_info(t, &si) != 0)
		si.tz[0] = '\0';
	strlcpy(tz, si.tz, len);
}

/* A sale written: from what it was (old, NULL if new) to what it is. */
void
roll_sale(struct store_txn *t, const struct sale *old, const struct sale *s)
{
	struct roll_acc	acc;
	char		tz[65];

	if (t->ret != 0)
		return;
	memset(&acc, 0, sizeof acc);
	roll_tz(t, tz, sizeof tz);
	if (old != NULL)
		roll_sale_acc(t, tz, &acc, old, -1);
	roll_sale_acc(t, tz, &acc, s, 1);
	roll_acc_flush(t, &acc);
}

/* A return added (its sale written already). */
void
roll_return(struct store_txn *t, const struct sale_return *r)
{
	struct roll_acc	 acc;
	struct sale	*s;
	char		 tz[65];

	if (t->ret != 0)
		return;
	s = xmalloc(sizeof *s);
	if (store_sale_get(t, r->sale, s) == 0) {
		memset(&acc, 0, sizeof acc);
		roll_tz(t, tz, sizeof tz);
		roll_return_acc(t, tz, &acc, r, s);
		roll_acc_flush(t, &acc);
	}
	free(s);
}

void
roll_adjust(struct store_txn *t, const struct adjust *a)
{
	struct roll_acc	acc;
	char		tz[65];

	if (t->ret != 0 || a->kind != ADJUST_QTY)
		return;
	memset(&acc, 0, sizeof acc);
	roll_tz(t, tz, sizeof tz);
	roll_adjust_acc(t, tz, &acc, a);
	roll_acc_flush(t, &acc);
}

/*
 * Build every rollup again from the sales, returns and adjustments (the
 * schema 4 migration and stashctl report rebuild), in the caller's
 * transaction. Sales that came from an order and do not say so are given
 * their order's channel first. *n is the records read. 0, or -1 (t->ret).
 */
int
roll_rebuild(struct store_txn *t, uint64_t *n)
{
	static const enum store_db dbs[] = { DB_ROLL, DB_ROLL_PRODUCT,
	    DB_ROLL_HOUR, DB_ROLL_ADJUST, DB_ROLL_VISIT, DB_ROLL_CUSTOMER,
	    DB_ROLL_CATEGORY, DB_ROLL_TILL, DB_ROLL_STAFF };
	struct store_iter	 it;
	struct roll_acc		 acc;
	struct order		*o;
	struct sale		*s;
	struct sale_return	 r;
	struct adjust		 a;
	struct util_tz		 z;
	char			 tz[65];
	u_int			 i;

	*n = 0;
	o = xmalloc(sizeof *o);
	s = xmalloc(sizeof *s);
	store_iter_init(t, &it, DB_ORDER, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_order_decode(it.val, it.vlen, o) != 0) {
			store_fail(t, STORE_CORRUPT, "order damaged");
			break;
		}
		if (o->sale == 0 || store_sale_get(t, o->sale, s) != 0 ||
		    s->channel == o->channel)
			continue;
		s->channel = o->channel;
		store_sale_put(t, s, 0);
	}
	store_iter_done(&it);
	free(o);

	for (i = 0; i < sizeof dbs / sizeof dbs[0]; i++)
		store_clear(t, dbs[i]);
	roll_tz(t, tz, sizeof tz);
	/* The zone once for the whole walk (util_tz_enter re-reads it). */
	util_tz_enter(&z, tz);
	memset(&acc, 0, sizeof acc);
	store_iter_init(t, &it, DB_SALE, NULL, 0, 0);
	while (t->ret == 0 && store_iter_next(&it)) {
		if (store_sale_decode(it.val, it.vlen, s) != 0) {
			store_fail(t, STORE_CORRUPT, "sale damaged");
			break;
		}
		roll_sale_acc(t, tz, &acc, s, 1);
		roll_acc_flush(t, &acc);
		(*n)++;
	}
	store_iter_done(&it);
	store_iter_init(t, &it, DB_RETURN, NULL, 0, 0);
	while (t->ret == 0 && store_iter_next(&it)) {
		if (store_return_decode(it.val, it.vlen, &r) != 0) {
			store_fail(t, STORE_CORRUPT, "return damaged");
			break;
		}
		if (store_sale_get(t, r.sale, s) != 0)
			continue;
		roll_return_acc(t, tz, &acc, &r, s);
		roll_acc_flush(t, &acc);
		(*n)++;
	}
	store_iter_done(&it);
	store_iter_init(t, &it, DB_ADJUST, NULL, 0, 0);
	while (t->ret == 0 && store_iter_next(&it)) {
		if (store_adjust_decode(it.val, it.vlen, &a) != 0) {
			store_fail(t, STORE_CORRUPT, "adjustment damaged");
			break;
		}
		if (!a.valued)
			store_adjust_value(t, &a);
		roll_adjust_acc(t, tz, &acc, &a);
		roll_acc_flush(t, &acc);
		(*n)++;
	}
	store_iter_done(&it);
	util_tz_leave(&z);
	free(s);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * roll.till and roll.staff made again from roll: its rows of the sales as
 * a whole, keyed register first and staff member first (the schema 5
 * migration: cheaper than a rebuild, and the same by construction,
 * roll_acc_both writing all three). *n: rows read from roll.
 */
int
roll_till_build(struct store_txn *t, uint64_t *n)
{
	struct store_iter	it;
	struct store_key	k;
	struct roll_key		rk;

	*n = 0;
	store_clear(t, DB_ROLL_TILL);
	store_clear(t, DB_ROLL_STAFF);
	store_iter_init(t, &it, DB_ROLL, NULL, 0, 0);
	while (t->ret == 0 && store_iter_next(&it)) {
		if (roll_key_parse(it.key, it.klen, &rk) != 0) {
			store_fail(t, STORE_CORRUPT, "rollup damaged");
			break;
		}
		if (rk.product != 0)
			continue;
		roll_key_till(&k, rk.day, rk.staff, rk.channel, rk.ctype,
		    rk.terminal);
		store_put(t, DB_ROLL_TILL, k.data, k.len, it.val, it.vlen);
		roll_key_staff(&k, rk.day, rk.staff, rk.channel, rk.ctype,
		    rk.terminal);
		store_put(t, DB_ROLL_STAFF, k.data, k.len, it.val, it.vlen);
		(*n)++;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Every rollup row, table by table in key order, until cb returns
 * non-zero: the table's name, the row's key bytes and its sums
 * (stashctl report dump). -1 if a row is damaged or the walk failed.
 */
int
roll_walk(struct store_txn *t, int (*cb)(const char *, const u_char *,
    size_t, const struct roll *, void *), void *arg)
{
	static const struct {
		enum store_db	 db;
		const char	*name;
	} dbs[] = {
		{ DB_ROLL, "roll" },
		{ DB_ROLL_PRODUCT, "roll.product" },
		{ DB_ROLL_HOUR, "roll.hour" },
		{ DB_ROLL_ADJUST, "roll.adjust" },
		{ DB_ROLL_VISIT, "roll.visit" },
		{ DB_ROLL_CUSTOMER, "roll.customer" },
		{ DB_ROLL_CATEGORY, "roll.category" },
		{ DB_ROLL_TILL, "roll.till" },
		{ DB_ROLL_STAFF, "roll.staff" },
	};
	struct store_iter	it;
	struct roll		r;
	u_int			i;
	int			stop = 0;

	for (i = 0; i < sizeof dbs / sizeof dbs[0] && !stop; i++) {
		store_iter_init(t, &it, dbs[i].db, NULL, 0, 0);
		while (store_iter_next(&it)) {
			if (roll_decode(it.val, it.vlen, &r) != 0) {
				store_fail(t, STORE_CORRUPT, "rollup damaged");
				break;
			}
			if ((stop = cb(dbs[i].name, it.key, it.klen, &r,
			    arg)) != 0)
				break;
		}
		store_iter_done(&it);
	}
	return (t->ret != 0 ? -1 : 0);
}
