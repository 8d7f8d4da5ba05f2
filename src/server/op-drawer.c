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

#include "server.h"

/*
 * Cash drawers and the X and Z reports. A drawer is opened on a register
 * with a counted float, takes cash drops, and is closed with a count; the
 * difference from what the sales say should be there is over or short.
 * An X report is the open drawer so far; a Z report is a store-local day
 * per register and in all. Refunds paid in cash come out of the drawer of
 * the register that made the return; refunds to a card are shown apart.
 */

struct drawer_totals {
	u_int		sales;
	int64_t		total;		/* complete sales */
	int64_t		cash;		/* cash kept: tendered less change */
	int64_t		card;
	u_int		voids;
	int64_t		voided;
	u_int		refunds;	/* returns */
	int64_t		refunds_cash;	/* out of the drawer */
	int64_t		refunds_card;	/* back to cards */
};

/* Add a return's refund to the totals by how it went back. */
static void
op_drawer_refund(struct drawer_totals *dt, const struct sale_return *r)
{
	dt->refunds++;
	if (r->method == REFUND_CASH)
		dt->refunds_cash += r->refund;
	else if (r->method == REFUND_CARD)
		dt->refunds_card += r->refund;
}

/*
 * Sum the sales of a terminal (NULL: all) between from and to (UTC µs,
 * to 0 = now), newest first so the walk stops at from.
 */
static int
op_drawer_sum(struct store_txn *t, const char *terminal, int64_t from,
    int64_t to, struct drawer_totals *dt)
{
	struct store_iter	 it;
	struct sale		*s;
	struct sale_return	*r;

	memset(dt, 0, sizeof *dt);
	s = xmalloc(sizeof *s);
	store_iter_init(t, &it, DB_SALE, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_sale_decode(it.val, it.vlen, s) != 0) {
			store_fail(t, STORE_CORRUPT, "sale damaged");
			break;
		}
		if (s->time < from)
			break;
		if ((to != 0 && s->time > to) || (terminal != NULL &&
		    strcmp(s->terminal, terminal) != 0))
			continue;
		if (s->status == SALE_VOID) {
			dt->voids++;
			dt->voided += s->total;
			continue;
		}
		dt->sales++;
		dt->total += s->total;
		dt->cash += s->tendered - s->change;
		dt->card += s->card;
	}
	store_iter_done(&it);
	free(s);
	if (t->ret != 0)
		return (-1);

	r = xmalloc(sizeof *r);
	store_iter_init(t, &it, DB_RETURN, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_return_decode(it.val, it.vlen, r) != 0) {
			store_fail(t, STORE_CORRUPT, "return damaged");
			break;
		}
		if (r->time < from)
			break;
		if ((to != 0 && r->time > to) || (terminal != NULL &&
		    strcmp(r->terminal, terminal) != 0))
			continue;
		op_drawer_refund(dt, r);
	}
	store_iter_done(&it);
	free(r);
	return (t->ret != 0 ? -1 : 0);
}

/* What the drawer should hold: float, cash kept, less refunds and drops. */
static int64_t
op_drawer_expected(const struct drawer *d, const struct drawer_totals *dt)
{
	return (d->float_cents + dt->cash - dt->refunds_cash - d->drops);
}

static json_t *
op_drawer_json(const struct drawer *d, const struct drawer_totals *dt)
{
	int64_t	 expected = op_drawer_expected(d, dt);
	json_t	*j;

	j = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:I, s:I, s:I, s:I, s:I, s:I}", "id", (json_int_t)d->id,
	    "terminal", d->terminal, "status", d->status == DRAWER_OPEN ?
	    "open" : "closed", "opened", (json_int_t)d->opened, "closed",
	    (json_int_t)d->closed, "float", (json_int_t)d->float_cents,
	    "drops", (json_int_t)d->drops, "sales", (json_int_t)dt->sales,
	    "total", (json_int_t)dt->total, "cash", (json_int_t)dt->cash,
	    "voids", (json_int_t)dt->voids, "voided", (json_int_t)dt->voided,
	    "expected", (json_int_t)(d->status == DRAWER_OPEN ? expected :
	    d->expected), "counted", (json_int_t)d->counted, "over_short",
	    (json_int_t)(d->status == DRAWER_OPEN ? 0 : d->counted -
	    d->expected), "opened_by", (json_int_t)d->opened_by);
	json_object_set_new(j, "card", json_integer(dt->card));
	json_object_set_new(j, "refunds", json_pack("{s:I, s:I, s:I}",
	    "count", (json_int_t)dt->refunds, "cash",
	    (json_int_t)dt->refunds_cash, "card",
	    (json_int_t)dt->refunds_card));
	return (j);
}

static int
op_drawer_amount(struct op_ctx *ctx, const char *name, json_int_t *v)
{
	char	*cause = NULL;

	if (proto_arg_int(ctx->args, name, 1, 0, 100000000, v, &cause) != 0)
		return (op_bad_request(ctx, cause));
	return (0);
}

/* Write op. */
int
op_drawer_open(struct op_ctx *ctx)
{
	struct drawer		d;
	struct drawer_totals	dt;
	json_int_t		fl;
	char			subj[48], a[32];

	if (op_drawer_amount(ctx, "float", &fl) != 0)
		return (-1);
	if (store_drawer_open_get(ctx->txn, ctx->c->terminal, &d) == 0)
		return (op_error(ctx, "conflict", "drawer %llu is already open "
		    "on %s: close it first", (unsigned long long)d.id,
		    ctx->c->terminal));
	memset(&d, 0, sizeof d);
	strlcpy(d.terminal, ctx->c->terminal, sizeof d.terminal);
	d.status = DRAWER_OPEN;
	d.opened = util_now();
	d.opened_by = ctx->c->staff;
	d.float_cents = fl;
	store_drawer_put(ctx->txn, &d);
	snprintf(subj, sizeof subj, "drawer %llu", (unsigned long long)d.id);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "drawer.open", subj, "float=%s", money_fmt(fl, a, sizeof a));
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	memset(&dt, 0, sizeof dt);
	ctx->result = json_pack("{s:o}", "drawer", op_drawer_json(&d, &dt));
	return (0);
}

/* Write op: cash taken out of the drawer to the safe. */
int
op_drawer_drop(struct op_ctx *ctx)
{
	struct drawer		d;
	struct drawer_totals	dt;
	json_int_t		amount;
	const char		*note = "";
	char			*cause = NULL, subj[48], a[32];

	if (op_drawer_amount(ctx, "amount", &amount) != 0)
		return (-1);
	if (proto_arg_str(ctx->args, "note", 0, 128, &note, &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (amount == 0)
		return (op_error(ctx, "bad-request", "a drop takes some cash"));
	if (store_drawer_open_get(ctx->txn, ctx->c->terminal, &d) != 0)
		return (op_error(ctx, "not-found", "no drawer is open on %s",
		    ctx->c->terminal));
	if (op_drawer_sum(ctx->txn, ctx->c->terminal, d.opened, 0, &dt) != 0)
		return (op_store_error(ctx));
	if (amount > op_drawer_expected(&d, &dt))
		return (op_error(ctx, "bad-request", "the drawer should hold "
		    "only %s", money_fmt(op_drawer_expected(&d, &dt), a,
		    sizeof a)));
	d.drops += amount;
	store_drawer_put(ctx->txn, &d);
	snprintf(subj, sizeof subj, "drawer %llu", (unsigned long long)d.id);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "drawer.drop", subj, "amount=%s note=%s", money_fmt(amount, a,
	    sizeof a), note);
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	ctx->result = json_pack("{s:o}", "drawer", op_drawer_json(&d, &dt));
	return (0);
}

/* Write op: the count at the end of the shift; over/short recorded. */
int
op_drawer_close(struct op_ctx *ctx)
{
	struct drawer		d;
	struct drawer_totals	dt;
	json_int_t		counted;
	char			subj[48], a[32], b[32], c[32], e[32];

	if (op_drawer_amount(ctx, "counted", &counted) != 0)
		return (-1);
	if (store_drawer_open_get(ctx->txn, ctx->c->terminal, &d) != 0)
		return (op_error(ctx, "not-found", "no drawer is open on %s",
		    ctx->c->terminal));
	d.closed = util_now();
	if (op_drawer_sum(ctx->txn, ctx->c->terminal, d.opened, d.closed,
	    &dt) != 0)
		return (op_store_error(ctx));
	d.status = DRAWER_CLOSED;
	d.closed_by = ctx->c->staff;
	d.counted = counted;
	d.expected = op_drawer_expected(&d, &dt);
	d.refunds = dt.refunds_cash;
	store_drawer_put(ctx->txn, &d);
	snprintf(subj, sizeof subj, "drawer %llu", (unsigned long long)d.id);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "drawer.close", subj, "expected=%s counted=%s over_short=%s "
	    "refunds_cash=%s", money_fmt(d.expected, a, sizeof a),
	    money_fmt(counted, b, sizeof b), money_fmt(counted - d.expected,
	    c, sizeof c), money_fmt(dt.refunds_cash, e, sizeof e));
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	ctx->result = json_pack("{s:o}", "drawer", op_drawer_json(&d, &dt));
	return (0);
}

/* The X report: this terminal's open drawer (or a given one) so far. */
int
op_drawer_report(struct op_ctx *ctx)
{
	struct drawer		d;
	struct drawer_totals	dt;
	json_int_t		id = 0;
	char			*cause = NULL;
	int			r;

	if (proto_arg_int(ctx->args, "drawer", 0, 1, INT64_MAX, &id,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (id != 0)
		r = store_drawer_get(ctx->txn, (uint64_t)id, &d);
	else
		r = store_drawer_open_get(ctx->txn, ctx->c->terminal, &d);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", id != 0 ? "no drawer %lld" :
		    "no drawer is open on this terminal", (long long)id));
	if (r != 0)
		return (op_store_error(ctx));
	if (op_drawer_sum(ctx->txn, d.terminal, d.opened, d.closed, &dt) != 0)
		return (op_store_error(ctx));
	ctx->result = json_pack("{s:o}", "drawer", op_drawer_json(&d, &dt));
	return (0);
}

/* A register's line of the Z report, made at its first sale or return. */
static json_t *
op_drawer_zreg(json_t *regs, const char *terminal)
{
	json_t	*reg;

	if ((reg = json_object_get(regs, terminal)) != NULL)
		return (reg);
	reg = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "sales", (json_int_t)0, "total", (json_int_t)0, "cash",
	    (json_int_t)0, "card", (json_int_t)0, "voids", (json_int_t)0,
	    "voided", (json_int_t)0, "refunds", (json_int_t)0,
	    "refunds_cash", (json_int_t)0, "refunds_card", (json_int_t)0);
	json_object_set_new(regs, terminal, reg);
	return (reg);
}

/*
 * The Z report of a store-local day: every sale of the day per register
 * and in all, and every drawer closed that day with its over/short.
 */
int
op_report_z(struct op_ctx *ctx)
{
	struct store_iter	 it;
	struct sale		*s;
	struct sale_return	*r;
	struct drawer		 d;
	struct drawer_totals	 all, dt;
	const char		*date, *tz = ctx->srv->info.tz;
	char			*cause = NULL;
	json_t			*regs, *reg, *drawers;
	int			 day, sday;

	if (proto_arg_str(ctx->args, "date", 1, 10, &date, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if ((day = valid_date_parse(date)) == -1)
		return (op_error(ctx, "bad-request", "date must be YYYY-MM-DD"));
	if (valid_date(day, VALID_DATE_BUSINESS, util_local_date(util_now(),
	    tz), "date", &cause) != 0)
		return (op_bad_request(ctx, cause));

	memset(&all, 0, sizeof all);
	regs = json_object();
	s = xmalloc(sizeof *s);
	store_iter_init(ctx->txn, &it, DB_SALE, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_sale_decode(it.val, it.vlen, s) != 0)
			continue;
		sday = util_local_date(s->time, tz);
		if (sday < day)
			break;
		if (sday > day)
			continue;
		reg = op_drawer_zreg(regs, s->terminal);
#define ZADD(k, v) json_object_set_new(reg, k, json_integer(			json_integer_value(json_object_get(reg, k)) + (v)))
		if (s->status == SALE_VOID) {
			ZADD("voids", 1);
			ZADD("voided", s->total);
			all.voids++;
			all.voided += s->total;
		} else {
			ZADD("sales", 1);
			ZADD("total", s->total);
			ZADD("cash", s->tendered - s->change);
			ZADD("card", s->card);
			all.sales++;
			all.total += s->total;
			all.cash += s->tendered - s->change;
			all.card += s->card;
		}
#undef ZADD
	}
	store_iter_done(&it);
	free(s);

	/* The day's refunds, by how they went back. */
	r = xmalloc(sizeof *r);
	store_iter_init(ctx->txn, &it, DB_RETURN, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_return_decode(it.val, it.vlen, r) != 0)
			continue;
		sday = util_local_date(r->time, tz);
		if (sday < day)
			break;
		if (sday > day)
			continue;
		reg = op_drawer_zreg(regs, r->terminal);
		memset(&dt, 0, sizeof dt);
		op_drawer_refund(&dt, r);
		op_drawer_refund(&all, r);
		json_object_set_new(reg, "refunds", json_integer(
		    json_integer_value(json_object_get(reg, "refunds")) + 1));
		json_object_set_new(reg, "refunds_cash", json_integer(
		    json_integer_value(json_object_get(reg, "refunds_cash")) +
		    dt.refunds_cash));
		json_object_set_new(reg, "refunds_card", json_integer(
		    json_integer_value(json_object_get(reg, "refunds_card")) +
		    dt.refunds_card));
	}
	store_iter_done(&it);
	free(r);

	drawers = json_array();
	store_iter_init(ctx->txn, &it, DB_DRAWER, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_drawer_decode(it.val, it.vlen, &d) != 0)
			continue;
		if (util_local_date(d.opened, tz) < day - 1)
			break;
		if (d.status != DRAWER_CLOSED ||
		    util_local_date(d.closed, tz) != day)
			continue;
		memset(&dt, 0, sizeof dt);
		if (op_drawer_sum(ctx->txn, d.terminal, d.opened, d.closed,
		    &dt) != 0)
			break;
		json_array_append_new(drawers, op_drawer_json(&d, &dt));
	}
	store_iter_done(&it);
	if (ctx->txn->ret != 0) {
		json_decref(regs);
		json_decref(drawers);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:s, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:I, s:I, s:I}, s:o}", "date", date, "registers", regs, "store",
	    "sales", (json_int_t)all.sales, "total", (json_int_t)all.total,
	    "cash", (json_int_t)all.cash, "card", (json_int_t)all.card,
	    "voids", (json_int_t)all.voids, "voided", (json_int_t)all.voided,
	    "refunds", (json_int_t)all.refunds, "refunds_cash",
	    (json_int_t)all.refunds_cash, "refunds_card",
	    (json_int_t)all.refunds_card, "drawers", drawers);
	return (0);
}
