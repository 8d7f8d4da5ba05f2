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
#include "rules.h"
#include "customer.h"
#include "sale.h"
#include "order.h"
#include "reply.h"

/* Sales over the protocol: commit, read, list and void. */

/* A commit waiting for its approver's PIN check, then the batch. */
struct commit_state {
	struct sale_request	 rq;
	uint32_t		 approver;	/* PIN to check, or 0 */
	int			 ok;
	int			 ask;		/* ask the state's registry */
	int			 instate;	/* about this state's card */
	char			 card[64];
};

/* The same for a return. */
/*
 * The approval of a void or a return (the op table's approve column): who
 * approved, whether their PIN is still to be checked, how it went, and the
 * write to run after. First in each op's state, so ctx->data points to it.
 */
struct op_sale_approval {
	uint32_t	 approver;
	int		 check;		/* check approver's PIN */
	int		 ok;
	int		(*write)(struct op_ctx *);
};

struct return_state {
	struct op_sale_approval	 ap;
	struct return_request	 rq;
	char			 reason[129];
};

struct void_state {
	struct op_sale_approval	 ap;
	uint64_t		 sale;
	char			 reason[129];
};

/* The customer type (LC_*) of a sale, for the rules: a walk-in is adult. */
static uint32_t
op_sale_who(struct store_txn *t, const struct sale *s)
{
	struct customer	cu;

	if (s->customer == 0 || store_customer_get(t, s->customer, &cu) != 0)
		return (LC_ADULT);
	switch (cu.type) {
	case CUSTOMER_MEDICAL:
	case CUSTOMER_OOS_PATIENT:
		return (LC_MEDICAL);
	case CUSTOMER_CAREGIVER:
		return (LC_CAREGIVER);
	}
	return (LC_ADULT);
}

/*
 * A line's THC content in mg (rounded down): as kept with the sale, or
 * for sales from before it was kept, from its product now.
 */
static int64_t
op_sale_line_thc(struct store_txn *t, const struct sale_line *l)
{
	struct product	p;

	if (l->thc_mg >= 0)
		return (l->thc_mg);	/* kept with the sale */
	if (store_product_get(t, l->product, &p) != 0)
		return (-1);
	return (sale_line_thc_mg(&p, l->unit_weight, l->qty));
}

/*
 * What the rule file wants on this sale's receipt (doc/protocol.md,
 * "receipt"): the licence, the tags, THC per line for this customer type,
 * and the warning statements for it.
 */
static json_t *
op_sale_receipt(const struct rules *r, uint32_t who)
{
	json_t	*ws;
	u_int	 i;

	ws = json_array();
	for (i = 0; i < r->nwarnings; i++) {
		if ((r->warnings[i].who & who) != 0)
			json_array_append_new(ws,
			    json_string(r->warnings[i].text));
	}
	return (json_pack("{s:b, s:b, s:b, s:o}", "licence",
	    (r->receipt & RULES_RECEIPT_LICENCE) != 0, "tags",
	    (r->receipt & RULES_RECEIPT_TAGS) != 0, "thc",
	    (r->receipt & RULES_RECEIPT_THC) != 0 &&
	    (r->receipt_thc_who & who) != 0, "warnings", ws));
}

static json_t *
op_sale_json(struct store_txn *t, const struct rules *r, const struct sale *s)
{
	struct staff		 st;
	const struct sale_line	*l;
	const struct sale_discount *d;
	struct customer		 cu;
	json_t			*j, *lines, *line, *ds;
	int64_t			 thc;
	u_int			 i;

	if (store_staff_get(t, s->staff, &st) != 0)
		strlcpy(st.name, "?", sizeof st.name);
	lines = json_array();
	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		line = json_pack("{s:s, s:I, s:s, s:s, s:I, s:I, s:I}", "tag",
		    l->tag, "product", (json_int_t)l->product, "name", l->name,
		    "unit", store_product_unit_name(l->unit_weight), "qty",
		    (json_int_t)l->qty, "price", (json_int_t)l->price,
		    "total", (json_int_t)l->total);
		if (l->returned != 0)
			json_object_set_new(line, "returned",
			    json_integer(l->returned));
		if (l->typed)
			json_object_set_new(line, "weight", json_string(
			    "typed"));
		if ((thc = op_sale_line_thc(t, l)) >= 0)
			json_object_set_new(line, "thc_mg", json_integer(thc));
		json_array_append_new(lines, line);
	}
	j = json_pack("{s:I, s:s, s:I, s:s, s:{s:I, s:s}, s:o, s:I, s:I, "
	    "s:I, s:I, s:s}", "id", (json_int_t)s->id, "ref", s->ref, "time",
	    (json_int_t)s->time, "terminal", s->terminal, "staff", "id",
	    (json_int_t)s->staff, "name", st.name, "lines", lines,
	    "subtotal", (json_int_t)s->subtotal, "total",
	    (json_int_t)s->total, "tendered", (json_int_t)s->tendered,
	    "change", (json_int_t)s->change, "status",
	    s->status == SALE_VOID ? "void" : "complete");
	if (s->ndiscounts != 0) {
		ds = json_array();
		for (i = 0; i < s->ndiscounts; i++) {
			d = &s->discounts[i];
			line = json_pack("{s:s, s:I}", "kind",
			    store_sale_discount_name(d->kind), "amount",
			    (json_int_t)d->amount);
			if (d->line != 0)
				json_object_set_new(line, "line",
				    json_integer(d->line));
			else
				json_object_set_new(line, "cart", json_true());
			if (d->kind == DISCOUNT_LOYALTY)
				json_object_set_new(line, "points",
				    json_integer(d->value));
			else if (d->percent != 0)
				json_object_set_new(line, "percent",
				    json_integer(d->percent));
			if (d->reason[0] != '\0')
				json_object_set_new(line, "reason",
				    json_string(d->reason));
			if (d->approver != 0)
				json_object_set_new(line, "approver",
				    json_integer(d->approver));
			json_array_append_new(ds, line);
		}
		json_object_set_new(j, "discounts", ds);
		json_object_set_new(j, "discount", json_integer(s->discount));
	}
	/* An order's delivery fee, charged at the door, and its taxes. */
	if (s->fee != 0)
		json_object_set_new(j, "fee", json_pack("{s:I, s:I}", "amount",
		    (json_int_t)s->fee, "tax", (json_int_t)s->fee_tax));
	if (s->customer != 0) {
		if (store_customer_get(t, s->customer, &cu) != 0)
			cu.loyalty = 0;
		json_object_set_new(j, "loyalty", json_pack("{s:I, s:I, s:I}",
		    "earned", (json_int_t)s->points_earned, "redeemed",
		    (json_int_t)s->points_redeemed, "balance",
		    (json_int_t)cu.loyalty));
	}
	if (s->refunded != 0)
		json_object_set_new(j, "refunded", json_integer(s->refunded));
	if (s->drawer != 0)
		json_object_set_new(j, "drawer", json_integer(s->drawer));
	if (s->ntaxes != 0) {
		json_t	*taxes = json_array();

		for (i = 0; i < s->ntaxes; i++) {
			const struct sale_tax	*tx = &s->taxes[i];
			json_t			*jt;

			jt = json_pack("{s:s, s:s, s:s, s:I, s:I}", "name",
			    tx->name, "label", tx->label[0] != '\0' ?
			    tx->label : tx->name, "level",
			    rules_tax_level_name(tx->level), "rate_ppm",
			    (json_int_t)tx->ppm, "amount",
			    (json_int_t)tx->amount);
			if (tx->per_mg != 0)
				json_object_set_new(jt, "per_mg",
				    json_integer(tx->per_mg));
			json_array_append_new(taxes, jt);
		}
		json_object_set_new(j, "taxes", taxes);
		json_object_set_new(j, "tax", json_integer(s->tax));
		json_object_set_new(j, "tax_included",
		    json_boolean(s->tax_included));
	}
	if (s->card != 0)
		json_object_set_new(j, "card", json_pack("{s:I, s:s}", "amount",
		    (json_int_t)s->card, "ref", s->card_ref));
	if (s->customer != 0)
		json_object_set_new(j, "customer", json_integer(s->customer));
	if (s->patient != 0)
		json_object_set_new(j, "patient", json_integer(s->patient));
	if (s->status == SALE_VOID) {
		json_object_set_new(j, "void", json_pack("{s:I, s:I, s:I, "
		    "s:s}", "time", (json_int_t)s->void_time, "staff",
		    (json_int_t)s->void_staff, "approver",
		    (json_int_t)s->void_approver, "reason", s->void_reason));
	}
	if (r != NULL)
		json_object_set_new(j, "receipt", op_sale_receipt(r,
		    op_sale_who(t, s)));
	return (j);
}

static int
op_sale_error(struct op_ctx *ctx, enum sale_err e, char *cause)
{
	if (e == SALE_E_STORE) {
		free(cause);
		return (op_store_error(ctx));
	}
	op_error(ctx, sale_err_code(e), "%s", cause);
	free(cause);
	return (-1);
}

/* Push the new quantity of every package a sale touched. */
void
op_sale_stock_events(struct op_ctx *ctx, const struct sale *s)
{
	struct package	pk;
	u_int		i;

	for (i = 0; i < s->nlines; i++) {
		if (store_package_get(ctx->txn, s->lines[i].tag, &pk) != 0)
			continue;
		op_event(ctx, reply_stock_event(ctx->txn, &pk,
		    op_order_available(ctx->txn, &pk), 0));
	}
}

/*
 * "discounts":[{"kind":K, "line":N?, "percent":P | "amount":CENTS,
 * "reason":".."}]: line 1..100 or none for the cart; a oneoff needs a
 * reason. 0, or -1 with the error reply set.
 */
static int
op_sale_discounts(struct op_ctx *ctx, struct sale_request *rq)
{
	struct sale_discount	*d;
	json_t			*list, *o;
	const char		*kind, *reason = NULL;
	json_int_t		 line = 0, pct = 0, amount = 0;
	char			*cause = NULL;
	size_t			 i;

	list = json_object_get(ctx->args, "discounts");
	if (list == NULL)
		return (0);
	if (!json_is_array(list) || json_array_size(list) >= SALE_DISCOUNTS)
		return (op_error(ctx, "bad-request", "\"discounts\" must be a "
		    "list of at most %d discounts", SALE_DISCOUNTS - 1));
	json_array_foreach(list, i, o) {
		line = pct = amount = 0;
		reason = NULL;
		if (!json_is_object(o) || proto_arg_str(o, "kind", 1, 16,
		    &kind, &cause) != 0 || proto_arg_int(o, "line", 0, 1,
		    MAX_SALE_LINES, &line, &cause) < 0 || proto_arg_int(o,
		    "percent", 0, 1, 100, &pct, &cause) < 0 ||
		    proto_arg_int(o, "amount", 0, 1, 1000000000, &amount,
		    &cause) < 0 || proto_arg_str(o, "reason", 0, 64, &reason,
		    &cause) < 0) {
			if (cause == NULL)
				xasprintf(&cause, "not an object");
			op_error(ctx, "bad-request", "discount %zu: %s", i + 1,
			    cause);
			free(cause);
			return (-1);
		}
		d = &rq->discounts[i];
		memset(d, 0, sizeof *d);
		d->kind = store_sale_discount_find(kind);
		if (d->kind == -1 || d->kind == DISCOUNT_LOYALTY)
			return (op_error(ctx, "bad-request", "discount %zu: "
			    "kind is medical, senior, veteran, employee or "
			    "oneoff (points: \"redeem\")", i + 1));
		if ((pct == 0) == (amount == 0))
			return (op_error(ctx, "bad-request", "discount %zu: "
			    "give either \"percent\" or \"amount\" (cents)",
			    i + 1));
		if (d->kind == DISCOUNT_ONEOFF && (reason == NULL ||
		    *reason == '\0'))
			return (op_error(ctx, "bad-request", "discount %zu: a "
			    "oneoff discount needs a \"reason\"", i + 1));
		d->line = (u_int)line;
		d->percent = pct;
		d->value = amount;
		if (reason != NULL)
			strlcpy(d->reason, reason, sizeof d->reason);
	}
	rq->ndiscounts = json_array_size(list);
	return (0);
}

/*
 * The "lines" of a sale or a return: a list of 1 to MAX_SALE_LINES, or
 * NULL with the error reply set.
 */
static json_t *
op_sale_lines(struct op_ctx *ctx)
{
	json_t	*lines;

	lines = json_object_get(ctx->args, "lines");
	if (!json_is_array(lines) || json_array_size(lines) == 0 ||
	    json_array_size(lines) > MAX_SALE_LINES) {
		op_error(ctx, "bad-request", "\"lines\" must be a list of 1 to "
		    "%d lines", MAX_SALE_LINES);
		return (NULL);
	}
	return (lines);
}

/*
 * The lines, customer and patient of a sale.commit or sale.quote, and for
 * a commit its ref and tender. 0, or -1 with the error reply set.
 */
static int
op_sale_request(struct op_ctx *ctx, struct sale_request *rq, int commit)
{
	json_t		*lines, *line, *tender, *card;
	const char	*tag, *source;
	json_int_t	 qty, cash = 0, cardamt = 0, cust = 0, pat = 0;
	json_int_t	 redeem = 0, ord = 0;
	char		*cause = NULL;
	size_t		 i;

	if (commit && proto_arg_str(ctx->args, "ref", 1, MAX_REF, &rq->ref,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	if ((lines = op_sale_lines(ctx)) == NULL)
		return (-1);
	json_array_foreach(lines, i, line) {
		if (!json_is_object(line) || proto_arg_str(line, "tag", 1,
		    TAG_LEN, &tag, &cause) != 0 || proto_arg_int(line, "qty",
		    1, 1, 1000000000, &qty, &cause) != 0) {
			if (cause == NULL)
				xasprintf(&cause, "line %zu is not an object",
				    i + 1);
			op_error(ctx, "bad-request", "line %zu: %s", i + 1,
			    cause);
			free(cause);
			return (-1);
		}
		strlcpy(rq->lines[i].tag, tag, sizeof rq->lines[i].tag);
		util_tag_upper(rq->lines[i].tag);
		if (!util_tag_valid(rq->lines[i].tag))
			return (op_error(ctx, "bad-request", "line %zu: %s is "
			    "not a package tag (24 characters 0-9, A-F)",
			    i + 1, tag));
		rq->lines[i].qty = qty;
		/*
		 * A weighed line's weight comes from the scale (a stable
		 * reading) or was typed: said as "weight", else typed.
		 */
		source = "typed";
		if (proto_arg_str(line, "weight", 0, 8, &source, &cause) < 0 ||
		    (strcmp(source, "scale") != 0 &&
		    strcmp(source, "typed") != 0)) {
			free(cause);
			return (op_error(ctx, "bad-request", "line %zu: "
			    "\"weight\" is \"scale\" or \"typed\"", i + 1));
		}
		rq->lines[i].typed = strcmp(source, "typed") == 0;
	}
	rq->nlines = json_array_size(lines);
	if (commit) {
		/* {"cash":N} and/or {"card":{"amount":N,"ref":".."}}. */
		tender = json_object_get(ctx->args, "tender");
		if (!json_is_object(tender))
			return (op_error(ctx, "bad-request", "\"tender\" must "
			    "be an object with cash and/or card"));
		card = json_object_get(tender, "card");
		if (proto_arg_int(tender, "cash", card == NULL, 0, 1000000000,
		    &cash, &cause) < 0)
			return (op_bad_request(ctx, cause));
		if (card != NULL) {
			if (!json_is_object(card) || proto_arg_int(card,
			    "amount", 1, 1, 1000000000, &cardamt,
			    &cause) != 0 || proto_arg_str(card, "ref", 1, 32,
			    &rq->card_ref, &cause) != 0) {
				if (cause == NULL)
					xasprintf(&cause, "\"card\" must be "
					    "an object");
				return (op_bad_request(ctx, cause));
			}
			rq->card = cardamt;
		}
		rq->cash = cash;
	}
	if (proto_arg_int(ctx->args, "customer", 0, 1, UINT32_MAX, &cust,
	    &cause) < 0 || proto_arg_int(ctx->args, "patient", 0, 1,
	    UINT32_MAX, &pat, &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (op_sale_discounts(ctx, rq) != 0)
		return (-1);
	if (proto_arg_int(ctx->args, "redeem", 0, 1, INT32_MAX, &redeem,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	rq->redeem = redeem;
	if (proto_arg_int(ctx->args, "order", 0, 1, INT64_MAX, &ord,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	rq->order = (uint64_t)ord;
	if (proto_arg_str(ctx->args, "outage_reason", 0, 128,
	    &rq->outage_reason, &cause) < 0 || proto_arg_str(ctx->args,
	    "override_reason", 0, 128, &rq->override_reason, &cause) < 0)
		return (op_bad_request(ctx, cause));
	rq->customer = (uint32_t)cust;
	rq->patient = (uint32_t)pat;
	op_sale_request_store(ctx, rq);
	return (0);
}

/*
 * What a sale request takes from the session and the store's settings:
 * who sells where, under which rules, discount and loyalty settings and
 * whether an order's delivery fee is taxed (sale.commit, trip.sync).
 */
void
op_sale_request_store(struct op_ctx *ctx, struct sale_request *rq)
{
	rq->terminal = ctx->c->terminal;
	rq->staff = ctx->c->staff;
	rq->perms = ctx->c->perms;
	rq->rules = ctx->srv->rules;
	rq->state = ctx->srv->info.state;
	rq->tz = ctx->srv->info.tz;
	rq->senior_age = options_number(ctx->srv->opts, "senior-age");
	rq->threshold = options_number(ctx->srv->opts, "discount-threshold");
	rq->points_per_dollar = options_number(ctx->srv->opts,
	    "loyalty-points-per-dollar");
	rq->point_value = options_number(ctx->srv->opts,
	    "loyalty-point-value");
	rq->fee_taxed = options_string(ctx->srv->opts, ORDER_FEE_TAXED);
}

/*
 * A medical sale made while the state's patient registry could not be
 * reached, under the rules' outage safe harbour or a manager's manual
 * entry (with their reason): the audit says so.
 */
static void
op_sale_outage_audit(struct op_ctx *ctx, const struct sale *s)
{
	struct commit_state	*cs = ctx->data;
	const struct rules	*r = cs->rq.rules;
	char			 subj[40];
	int			 manual;

	manual = r != NULL && r->outage == RULES_OUTAGE_MANUAL;
	snprintf(subj, sizeof subj, "sale %llu", (unsigned long long)s->id);
	audit_append(ctx->txn, ctx->c->staff, manual ? cs->rq.approver : 0,
	    ctx->c->terminal, "sale.state-unreachable", subj, "the state's "
	    "patient registry was unreachable (%s): sold on our own ledger "
	    "under the %s outage rule (%s)%s%s", cs->rq.registry_why,
	    rules_outage_name(r != NULL ? r->outage : RULES_OUTAGE_BLOCK),
	    r != NULL && r->outage_cite != NULL ? r->outage_cite :
	    "no citation", manual ? "; manual entry approved, reason=" : "",
	    manual ? cs->rq.outage_reason : "");
}

/*
 * The hot path's reply, written with no jansson tree (reply_sale_line);
 * -1 if it cannot be, and the tree is built.
 */
static int
op_sale_reply(struct op_ctx *ctx, const struct sale *s, int replayed)
{
	static struct buf	b;	/* the loop thread's, kept */

	if (reply_sale_line(&b, ctx->id, ctx->txn, ctx->srv->rules,
	    op_sale_who(ctx->txn, s), s, replayed) != 0)
		return (-1);
	ctx->frame = conn_frame_buf(&b);
	return (0);
}

static int
op_sale_commit_write(struct op_ctx *ctx)
{
	struct commit_state	*cs = ctx->data;
	struct sale		*s;
	char			*cause = NULL;
	int			 replayed, r;
	enum sale_err		 e;

	if (cs->approver != 0) {
		if (op_approver_check(ctx, cs->approver, cs->ok) != 0)
			return (ctx->txn->ret != 0 ? -1 : 0);
		cs->rq.approver = cs->approver;
	}
	s = xcalloc(1, sizeof *s);
	e = sale_commit(ctx->txn, &cs->rq, s, &replayed, &cause);
	if (e != SALE_OK) {
		free(s);
		return (op_sale_error(ctx, e, cause));
	}
	if (replayed)
		log_info("sale ref replayed: sale %llu",
		    (unsigned long long)s->id);
	else {
		op_sale_stock_events(ctx, s);
		if (cs->rq.registry == SALE_REGISTRY_UNREACHABLE)
			op_sale_outage_audit(ctx, s);
	}
	if (op_sale_reply(ctx, s, replayed) != 0)
		ctx->result = json_pack("{s:o, s:b}", "sale", op_sale_json(
		    ctx->txn, ctx->srv->rules, s), "replayed", replayed);
	free(s);
	r = ctx->txn->ret != 0 ? -1 : 0;
	return (r);
}

/* The registry's answer on a medical sale's patient: now write it. */
static void
op_sale_registry_cb(json_t *res, void *arg)
{
	struct op_ctx		*ctx = arg;
	struct commit_state	*cs = ctx->data;

	if (res == NULL) {
		op_error(ctx, "unavailable", "stashd is stopping");
		op_finish(ctx);
		return;
	}
	customer_registry_read(res, cs->instate, &cs->rq);
	json_decref(res);
	batch_run(ctx->srv, ctx, op_sale_commit_write);
}

/*
 * Before the write, a medical sale's patient is looked up in the state's
 * registry (from the minute's cache, or asked without blocking).
 */
static void
op_sale_commit_go(struct op_ctx *ctx)
{
	struct commit_state	*cs = ctx->data;
	json_t			*res;

	if (cs->ask) {
		if (metrc_patient_ask(cs->card, op_sale_registry_cb, ctx,
		    &res) == 0)
			return;
		customer_registry_read(res, cs->instate, &cs->rq);
		json_decref(res);
	}
	batch_run(ctx->srv, ctx, op_sale_commit_write);
}

static void
op_sale_commit_pin_cb(int ok, void *arg)
{
	struct op_ctx		*ctx = arg;
	struct commit_state	*cs = ctx->data;

	cs->ok = ok;
	op_sale_commit_go(ctx);
}

/*
 * Should this sale's patient be looked up in the state's registry? Sets
 * rq->registry off if not (no state reporting, or not a medical sale).
 * 0, or -1 with the error reply set.
 */
static int
op_sale_registry(struct op_ctx *ctx, struct sale_request *rq, char *card,
    size_t len, int *instate)
{
	int	r;

	rq->registry = SALE_REGISTRY_OFF;
	if (!metrc_enabled())
		return (0);
	r = customer_registry_card(ctx->txn, rq->customer, rq->patient, card,
	    len, instate);
	if (r < 0)
		return (op_store_error(ctx));
	return (r);
}

/*
 * Async. Some sales need an approval (the op table's approve column, one
 * permission per case: discounts beyond the threshold, a typed weight, a
 * limit overridden, a manual entry in a registry outage), given on this
 * terminal with "approver" (checked off the loop like a void's) or held
 * by the staff member logged in; sale.c decides which cases apply.
 * Replies after the commit.
 */
int
op_sale_commit(struct op_ctx *ctx)
{
	const struct op_entry	*oe = op_find(ctx->op);
	struct commit_state	*cs;
	struct staff		 ap;
	const char		*pin;
	int			 r;

	cs = xcalloc(1, sizeof *cs);
	if (op_sale_request(ctx, &cs->rq, 1) != 0 ||
	    (r = op_approver(ctx, oe->approve, &ap, &pin,
	    &cs->rq.approvals)) < 0) {
		free(cs);
		return (-1);
	}
	if (r == 0 && cs->rq.approvals != 0)
		cs->rq.approver = ctx->c->staff;
	if ((cs->ask = op_sale_registry(ctx, &cs->rq, cs->card,
	    sizeof cs->card, &cs->instate)) < 0) {
		free(cs);
		return (-1);
	}
	ctx->data = cs;
	ctx->free_data = free;
	if (r == 1) {
		cs->approver = ap.id;
		if (op_pin_verify(ctx, &ap, pin, op_sale_commit_pin_cb) != 0)
			return (-1);
	} else
		op_sale_commit_go(ctx);
	return (0);
}

/* Has this sale a weight typed in rather than read from the scale? */
static int
op_sale_typed(const struct sale *s)
{
	u_int	i;

	for (i = 0; i < s->nlines; i++) {
		if (s->lines[i].typed)
			return (1);
	}
	return (0);
}

/*
 * The register's live view of a cart: what it costs (lines, taxes,
 * total) and what it leaves of each purchase limit, or why it cannot be
 * sold. Writes nothing.
 */
int
op_sale_quote(struct op_ctx *ctx)
{
	struct sale_request	*rq;
	struct sale		*s;
	struct limits_result	*limits = NULL;
	json_t			*j, *res, *jl = json_null();
	char			*cause = NULL, card[64];
	enum sale_err		 e;
	uint32_t		 need;
	int			 r = -1, ask, instate;

	rq = xcalloc(1, sizeof *rq);
	s = xcalloc(1, sizeof *s);
	if (op_sale_request(ctx, rq, 0) != 0)
		goto out;
	/* The registry's answer if it is at hand; else ask, for later. */
	if ((ask = op_sale_registry(ctx, rq, card, sizeof card,
	    &instate)) < 0)
		goto out;
	if (ask) {
		if (metrc_patient_ask(card, NULL, NULL, &res) == 0)
			rq->registry = SALE_REGISTRY_CHECKING;
		else {
			customer_registry_read(res, instate, rq);
			json_decref(res);
		}
	}
	e = sale_prepare(ctx->txn, rq, s, &limits, &cause);
	if (e == SALE_E_STORE || e == SALE_E_INVALID) {
		r = op_sale_error(ctx, e, cause);
		goto out;
	}
	j = op_sale_json(ctx->txn, ctx->srv->rules, s);
	json_object_del(j, "id");
	json_object_del(j, "ref");
	json_object_del(j, "status");
	json_object_set_new(j, "ok", json_boolean(e == SALE_OK));
	/*
	 * The quote checks no approver: what the commit would need that
	 * the staff member logged in does not hold.
	 */
	need = 0;
	if (s->approval)
		need |= PERM_DISCOUNT_APPROVE;
	if (op_sale_typed(s))
		need |= PERM_WEIGHT_TYPE;
	if (e == SALE_E_APPROVAL)
		need |= s->overridden[0] != '\0' ? PERM_LIMIT_OVERRIDE :
		    PERM_OUTAGE_MANUAL;
	json_object_set_new(j, "approval_required", json_boolean(
	    (need & ~ctx->c->perms) != 0));
	if (e != SALE_OK) {
		json_object_set_new(j, "error", json_pack("{s:s, s:s}", "code",
		    sale_err_code(e), "message", cause));
		free(cause);
	}
	if (limits != NULL) {
		jl = reply_limits(limits);
		json_object_set_new(jl, "jurisdiction",
		    json_string(rq->rules->id));
		json_object_set_new(jl, "state",
		    json_string(sale_registry_name(rq->registry)));
	}
	json_object_set_new(j, "limits", jl);
	ctx->result = json_pack("{s:o}", "quote", j);
	r = 0;
out:
	if (limits != NULL) {
		limits_result_free(limits);
		free(limits);
	}
	free(rq);
	free(s);
	return (r);
}

int
op_sale_get(struct op_ctx *ctx)
{
	struct sale	*s;
	json_int_t	 id;
	char		*cause = NULL;
	int		 r;

	if (proto_arg_int(ctx->args, "id", 1, 1, INT64_MAX, &id, &cause) != 0)
		return (op_bad_request(ctx, cause));
	s = xmalloc(sizeof *s);
	r = store_sale_get(ctx->txn, (uint64_t)id, s);
	if (r == STORE_NOTFOUND) {
		free(s);
		return (op_error(ctx, "not-found", "no sale %lld",
		    (long long)id));
	}
	if (r != 0) {
		free(s);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "sale", op_sale_json(ctx->txn,
	    ctx->srv->rules, s));
	free(s);
	return (0);
}

/*
 * Newest first. One call examines at most OP_SALE_LIST_SCAN sales, so a
 * filter that matches little never holds the loop for long; "next" then
 * says where to continue ("before").
 */
#define OP_SALE_LIST_SCAN	5000
struct op_sale_list {
	json_t	*list;
	int64_t	 total;		/* of the complete sales listed */
};

/* One sale of a listing, for sale.list. */
static void
op_sale_list_add(const struct sale *s, void *arg)
{
	struct op_sale_list	*sl = arg;

	if (s->status == SALE_COMPLETE)
		sl->total += s->total;
	json_array_append_new(sl->list, json_pack("{s:I, s:I, s:s, s:I, s:I, "
	    "s:I, s:s}", "id", (json_int_t)s->id, "time", (json_int_t)s->time,
	    "terminal", s->terminal, "staff", (json_int_t)s->staff, "lines",
	    (json_int_t)s->nlines, "total", (json_int_t)s->total, "status",
	    s->status == SALE_VOID ? "void" : "complete"));
}

int
op_sale_list(struct op_ctx *ctx)
{
	struct sale_query	 q;
	struct op_sale_list	 sl;
	const char		*terminal = NULL;
	json_int_t		 since = 0, staff = 0, limit = 50, before = 0;
	char			*cause = NULL;
	uint64_t		 next;
	int			 more;

	if (proto_arg_int(ctx->args, "since", 0, 0, INT64_MAX, &since,
	    &cause) < 0 || proto_arg_int(ctx->args, "staff", 0, 0,
	    UINT32_MAX, &staff, &cause) < 0 || proto_arg_int(ctx->args,
	    "limit", 0, 1, 500, &limit, &cause) < 0 ||
	    proto_arg_str(ctx->args, "terminal", 0, TERMINAL_NAME_MAX,
	    &terminal, &cause) < 0 || proto_arg_int(ctx->args, "before", 0,
	    1, INT64_MAX, &before, &cause) < 0)
		return (op_bad_request(ctx, cause));

	memset(&q, 0, sizeof q);
	q.since = since;
	q.staff = (uint32_t)staff;
	q.terminal = terminal;
	q.before = (uint64_t)before;
	q.limit = (u_int)limit;
	q.scan = OP_SALE_LIST_SCAN;
	sl.list = json_array();
	sl.total = 0;
	if (sale_list(ctx->txn, &q, op_sale_list_add, &sl, &next, &more) < 0) {
		json_decref(sl.list);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o, s:I, s:I}", "sales", sl.list, "count",
	    (json_int_t)json_array_size(sl.list), "total",
	    (json_int_t)sl.total);
	if (more)
		json_object_set_new(ctx->result, "next", json_integer(next));
	return (0);
}

/*
 * In the batch: a refused approver's PIN ends it (the reply is set), else
 * the op's write; either way a failed transaction fails the batch.
 */
static int
op_sale_approved_write(struct op_ctx *ctx)
{
	struct op_sale_approval	*a = ctx->data;

	if ((!a->check || op_approver_check(ctx, a->approver, a->ok) == 0) &&
	    a->write(ctx) != 0)
		return (-1);
	return (ctx->txn->ret != 0 ? -1 : 0);
}

static void
op_sale_approval_pin_cb(int ok, void *arg)
{
	struct op_ctx		*ctx = arg;
	struct op_sale_approval	*a = ctx->data;

	a->ok = ok;
	batch_run(ctx->srv, ctx, op_sale_approved_write);
}

/*
 * The approval step of a void or a return, once op_approver has said who
 * approves (how is 0: the staff member logged in holds the approval; 1: ap
 * gave their PIN on this terminal, checked like a login, wrong PINs
 * counting towards ap's lockout). Then write runs in a batch, after the
 * PIN check if there is one. ctx->data is the op's state, a first in it.
 */
static int
op_sale_approve(struct op_ctx *ctx, struct op_sale_approval *a, int how,
    const struct staff *ap, const char *pin, int (*write)(struct op_ctx *))
{
	a->approver = how == 1 ? ap->id : ctx->c->staff;
	a->check = how == 1;
	a->write = write;
	if (how == 0)
		batch_run(ctx->srv, ctx, op_sale_approved_write);
	else if (op_pin_verify(ctx, ap, pin, op_sale_approval_pin_cb) != 0)
		return (-1);
	return (0);
}

static int
op_sale_void_write(struct op_ctx *ctx)
{
	struct void_state	*vs = ctx->data;
	struct sale		*s;
	char			*cause = NULL;
	enum sale_err		 e;

	s = xmalloc(sizeof *s);
	e = sale_void(ctx->txn, vs->sale, ctx->c->staff, vs->ap.approver,
	    ctx->c->terminal, vs->reason, s, &cause);
	if (e != SALE_OK) {
		free(s);
		return (op_sale_error(ctx, e, cause));
	}
	op_sale_stock_events(ctx, s);
	ctx->result = json_pack("{s:o}", "sale", op_sale_json(ctx->txn,
	    ctx->srv->rules, s));
	free(s);
	return (0);
}

/*
 * A void needs the approval the op table names (void, a manager's): the
 * staff member logged in holds it, or an approver gives their staff
 * number and PIN on this terminal, checked like a login (wrong PINs count
 * towards the approver's lockout). Async: replies after the PIN check and
 * the commit.
 */
int
op_sale_void(struct op_ctx *ctx)
{
	const struct op_entry	*oe = op_find(ctx->op);
	struct void_state	*vs;
	struct sale		*s;
	struct staff		 ap;
	const char		*reason, *pin;
	json_int_t		 id;
	uint32_t		 granted;
	char			*cause = NULL;
	int			 r, a;

	if (proto_arg_int(ctx->args, "id", 1, 1, INT64_MAX, &id, &cause) != 0 ||
	    proto_arg_str(ctx->args, "reason", 1, 128, &reason, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if ((a = op_approver(ctx, oe->approve, &ap, &pin, &granted)) < 0)
		return (-1);

	s = xmalloc(sizeof *s);
	r = store_sale_get(ctx->txn, (uint64_t)id, s);
	if (r == 0 && s->status == SALE_VOID)
		r = 1;
	free(s);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no sale %lld",
		    (long long)id));
	if (r == 1)
		return (op_error(ctx, "conflict", "sale %lld is already void",
		    (long long)id));
	if (r != 0)
		return (op_store_error(ctx));

	vs = xcalloc(1, sizeof *vs);
	vs->sale = (uint64_t)id;
	strlcpy(vs->reason, reason, sizeof vs->reason);
	ctx->data = vs;
	ctx->free_data = free;
	return (op_sale_approve(ctx, &vs->ap, a, &ap, pin, op_sale_void_write));
}

static int
op_sale_return_write(struct op_ctx *ctx)
{
	struct return_state	*rs = ctx->data;
	struct sale		*s;
	struct sale_return	*ret;
	json_t			*lines;
	char			*cause = NULL;
	enum sale_err		 e;
	u_int			 i;

	rs->rq.approver = rs->ap.approver;
	s = xmalloc(sizeof *s);
	ret = xmalloc(sizeof *ret);
	e = sale_return(ctx->txn, &rs->rq, s, ret, &cause);
	if (e != SALE_OK) {
		free(ret);
		free(s);
		return (op_sale_error(ctx, e, cause));
	}
	op_sale_stock_events(ctx, s);
	lines = json_array();
	for (i = 0; i < ret->nlines; i++)
		json_array_append_new(lines, json_pack("{s:s, s:I, s:I}",
		    "tag", ret->lines[i].tag, "qty",
		    (json_int_t)ret->lines[i].qty, "refund",
		    (json_int_t)ret->lines[i].refund));
	ctx->result = json_pack("{s:{s:I, s:I, s:o, s:I, s:s, s:s, s:I, s:s}, "
	    "s:o}", "return", "id", (json_int_t)ret->id, "sale",
	    (json_int_t)ret->sale, "lines", lines, "refund",
	    (json_int_t)ret->refund, "method", store_return_method_name(
	    ret->method), "reason", ret->reason, "approver",
	    (json_int_t)ret->approver, "location", "quarantine", "sale",
	    op_sale_json(ctx->txn, ctx->srv->rules, s));
	if (ret->method == REFUND_CARD)
		json_object_set_new(json_object_get(ctx->result, "return"),
		    "card_ref", json_string(ret->card_ref));
	if (ret->drawer != 0)
		json_object_set_new(json_object_get(ctx->result, "return"),
		    "drawer", json_integer(ret->drawer));
	free(ret);
	free(s);
	return (0);
}

/*
 * Goods back from a sale: refunded, quarantined, the allowance given back.
 * Approved like a void (the op table's approve column): "approver" with
 * their PIN, or the staff member logged in holding it. Async: replies
 * after the PIN check and the commit.
 */
int
op_sale_return(struct op_ctx *ctx)
{
	const struct op_entry	*oe = op_find(ctx->op);
	struct return_state	*rs;
	struct sale		*s;
	struct staff		 ap;
	json_t			*lines, *line;
	const char		*reason, *tag, *pin, *method = NULL;
	json_int_t		 id, qty;
	char			*cause = NULL;
	uint32_t		 granted;
	size_t			 i;
	int			 r;

	if (proto_arg_int(ctx->args, "sale", 1, 1, INT64_MAX, &id,
	    &cause) != 0 || proto_arg_str(ctx->args, "reason", 1, 128,
	    &reason, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if ((lines = op_sale_lines(ctx)) == NULL)
		return (-1);
	rs = xcalloc(1, sizeof *rs);
	json_array_foreach(lines, i, line) {
		if (!json_is_object(line) || proto_arg_str(line, "tag", 1,
		    TAG_LEN, &tag, &cause) != 0 || proto_arg_int(line, "qty",
		    1, 1, 1000000000, &qty, &cause) != 0) {
			if (cause == NULL)
				xasprintf(&cause, "not an object");
			op_error(ctx, "bad-request", "line %zu: %s", i + 1,
			    cause);
			free(cause);
			free(rs);
			return (-1);
		}
		strlcpy(rs->rq.lines[i].tag, tag, sizeof rs->rq.lines[i].tag);
		util_tag_upper(rs->rq.lines[i].tag);
		rs->rq.lines[i].qty = qty;
	}
	rs->rq.nlines = json_array_size(lines);
	rs->rq.sale = (uint64_t)id;
	strlcpy(rs->reason, reason, sizeof rs->reason);
	rs->rq.reason = rs->reason;
	/*
	 * How the refund goes back: "refund":"cash" (from the drawer) or
	 * "card" with "card_ref"; a sale paid all in cash goes back in
	 * cash when nothing is said.
	 */
	if (proto_arg_str(ctx->args, "refund", 0, 8, &method, &cause) < 0 ||
	    proto_arg_str(ctx->args, "card_ref", 0, 32, &rs->rq.card_ref,
	    &cause) < 0) {
		free(rs);
		return (op_bad_request(ctx, cause));
	}
	if (method == NULL) {
		s = xmalloc(sizeof *s);
		r = store_sale_get(ctx->txn, (uint64_t)id, s);
		if (r == 0 && s->card == 0)
			method = "cash";
		free(s);
		if (r != 0 && r != STORE_NOTFOUND) {
			free(rs);
			return (op_store_error(ctx));
		}
		if (r == 0 && method == NULL) {
			free(rs);
			return (op_error(ctx, "bad-request", "sale %lld was "
			    "paid by card: say how the refund goes back "
			    "(\"refund\": \"cash\", or \"card\" with the card "
			    "terminal's \"card_ref\")", (long long)id));
		}
	}
	if (method != NULL && strcmp(method, "cash") == 0)
		rs->rq.method = REFUND_CASH;
	else if (method != NULL && strcmp(method, "card") == 0)
		rs->rq.method = REFUND_CARD;
	else if (method != NULL) {
		free(rs);
		return (op_error(ctx, "bad-request", "\"refund\" is \"cash\" "
		    "or \"card\""));
	}
	rs->rq.terminal = ctx->c->terminal;
	rs->rq.staff = ctx->c->staff;

	if ((r = op_approver(ctx, oe->approve, &ap, &pin, &granted)) < 0) {
		free(rs);
		return (-1);
	}
	ctx->data = rs;
	ctx->free_data = free;
	return (op_sale_approve(ctx, &rs->ap, r, &ap, pin,
	    op_sale_return_write));
}
