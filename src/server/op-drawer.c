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
#include "reply.h"

/*
 * The drawer ops and the X report, the open drawer so far (drawer.h says
 * what a drawer is). The Z report is in op-report.c.
 */

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
	enum drawer_err		de;
	char			subj[48], a[32], *cause = NULL;
	int			r;

	if (op_drawer_amount(ctx, "float", &fl) != 0)
		return (-1);
	de = drawer_open(ctx->txn, ctx->c->terminal, ctx->c->staff, fl, &d,
	    &cause);
	if (de == DRAWER_E_STORE)
		return (op_store_error(ctx));
	if (de != DRAWER_OK) {
		r = op_error(ctx, drawer_err_code(de), "%s", cause);
		free(cause);
		return (r);
	}
	snprintf(subj, sizeof subj, "drawer %llu", (unsigned long long)d.id);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "drawer.open", subj, "float=%s", money_fmt(fl, a, sizeof a));
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	memset(&dt, 0, sizeof dt);
	ctx->result = json_pack("{s:o}", "drawer", reply_drawer(&d, &dt));
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
	/* The note is optional: absent or empty, none. */
	if (proto_arg_note(ctx->args, "note", DRAWER_NOTE_MAX, &note,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (amount == 0)
		return (op_error(ctx, "bad-request", "a drop takes some cash"));
	if (store_drawer_open_get(ctx->txn, ctx->c->terminal, &d) != 0)
		return (op_error(ctx, "not-found", "no drawer is open on %s",
		    ctx->c->terminal));
	if (drawer_sum(ctx->txn, &d, &dt) != 0)
		return (op_store_error(ctx));
	if (amount > drawer_expected(&d, &dt))
		return (op_error(ctx, "bad-request", "the drawer should hold "
		    "only %s", money_fmt(drawer_expected(&d, &dt), a,
		    sizeof a)));
	d.drops += amount;
	store_drawer_put(ctx->txn, &d);
	snprintf(subj, sizeof subj, "drawer %llu", (unsigned long long)d.id);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "drawer.drop", subj, "amount=%s note=%s", money_fmt(amount, a,
	    sizeof a), note);
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	ctx->result = json_pack("{s:o}", "drawer", reply_drawer(&d, &dt));
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
	if (drawer_sum(ctx->txn, &d, &dt) != 0)
		return (op_store_error(ctx));
	d.status = DRAWER_CLOSED;
	d.closed_by = ctx->c->staff;
	d.counted = counted;
	d.expected = drawer_expected(&d, &dt);
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
	ctx->result = json_pack("{s:o}", "drawer", reply_drawer(&d, &dt));
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
	if (drawer_sum(ctx->txn, &d, &dt) != 0)
		return (op_store_error(ctx));
	ctx->result = json_pack("{s:o}", "drawer", reply_drawer(&d, &dt));
	return (0);
}

struct op_drawer_list {
	struct store_txn	*t;
	json_t			*list;
};

static int
op_drawer_list_add(const struct terminal *tm, void *arg)
{
	struct op_drawer_list	*dl = arg;
	struct drawer		 d;
	struct drawer_totals	 dt;
	struct staff		 s;
	json_t			*j;
	int			 r;

	r = store_drawer_open_get(dl->t, tm->name, &d);
	if (r == STORE_NOTFOUND)
		return (0);
	if (r != 0 || drawer_sum(dl->t, &d, &dt) != 0)
		return (-1);
	j = reply_drawer(&d, &dt);
	r = store_staff_get(dl->t, d.opened_by, &s);
	if (r != 0 && r != STORE_NOTFOUND) {
		json_decref(j);
		return (-1);
	}
	json_object_set_new(j, "staff", json_string(r == 0 ? s.name : ""));
	json_array_append_new(dl->list, j);
	return (0);
}

/*
 * The store's open drawers, for the manager's dashboard: each terminal's
 * (in name order) with who opened it and the cash it should hold now. A
 * store has a handful of terminals, each with at most one open drawer.
 */
int
op_drawer_list(struct op_ctx *ctx)
{
	struct op_drawer_list	dl;

	dl.t = ctx->txn;
	dl.list = json_array();
	if (store_terminal_walk(ctx->txn, op_drawer_list_add, &dl) != 0 ||
	    ctx->txn->ret != 0) {
		json_decref(dl.list);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "drawers", dl.list);
	return (0);
}
