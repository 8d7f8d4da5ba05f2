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
#include "intake.h"
#include "inventory.h"
#include "rules.h"
#include "reply.h"

/*
 * Inventory over the protocol: a package's record and history,
 * adjustments (with a witness for destruction), moves, holds and recalls,
 * and the trace an inspector or a recall asks for.
 */

struct adjust_state {
	char		 tag[TAG_LEN + 1];
	int64_t		 delta;
	char		 reason[33];
	char		 note[129];
	uint32_t	 witness;
	int		 weighed;	/* ADJUST_WEIGHED_* */
	int		 ok;
};

static int
op_inventory_tag(struct op_ctx *ctx, const char *name, char *tag)
{
	return (op_intake_tag(ctx, ctx->args, name, tag));
}

static void
op_inventory_stock_event(struct op_ctx *ctx, const struct package *pk)
{
	op_event(ctx, reply_stock_event(ctx->txn, pk,
	    op_order_available(ctx->txn, pk), 1));
}

int
op_package_get(struct op_ctx *ctx)
{
	struct package	pk;
	char		tag[TAG_LEN + 1];
	int		r;

	if (op_inventory_tag(ctx, "tag", tag) != 0)
		return (-1);
	r = store_package_get(ctx->txn, tag, &pk);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no package with tag %s",
		    tag));
	if (r != 0)
		return (op_store_error(ctx));
	ctx->result = json_pack("{s:o, s:o}", "package",
	    reply_package_get(ctx->txn, &pk), "history",
	    reply_history(ctx->txn, tag));
	return (ctx->txn->ret != 0 ? op_store_error(ctx) : 0);
}

static int
op_package_adjust_write(struct op_ctx *ctx)
{
	struct adjust_state	*as = ctx->data;
	struct package		 pk;
	struct staff		 w;
	char			*cause = NULL;

	if (as->witness != 0) {
		if (op_staff_check(ctx, as->witness, &w, "approval") != 0)
			return (ctx->txn->ret != 0 ? -1 : 0);
		if (!as->ok) {
			if (op_pin_failed(ctx, &w) == 0)
				op_error(ctx, "approval", "witness refused: "
				    "wrong PIN for staff %u", as->witness);
			return (0);
		}
		if (w.failed != 0) {
			w.failed = 0;
			store_staff_put(ctx->txn, &w);
		}
	}
	if (inventory_adjust_wait(ctx->txn, as->tag, as->delta, as->reason,
	    as->note, ctx->c->staff, as->witness, ctx->c->terminal,
	    ctx->srv->rules != NULL ? ctx->srv->rules->quarantine : 0,
	    as->weighed, &pk, &cause) != 0)
		return (op_failed(ctx, "bad-request", cause));
	op_inventory_stock_event(ctx, &pk);
	ctx->result = json_pack("{s:o}", "package",
	    reply_package_get(ctx->txn, &pk));
	return (ctx->txn->ret != 0 ? -1 : 0);
}

static void
op_package_adjust_pin_cb(int ok, void *arg)
{
	struct op_ctx		*ctx = arg;
	struct adjust_state	*as = ctx->data;

	as->ok = ok;
	batch_run(ctx->srv, ctx, op_package_adjust_write);
}

/*
 * Async when the reason needs a witness (their PIN is checked off the
 * loop, like a void's approval); otherwise one write.
 */
int
op_package_adjust(struct op_ctx *ctx)
{
	const struct inventory_reason	*ir;
	struct adjust_state		*as;
	struct staff			 w;
	json_t				*jw;
	const char			*reason, *note = "", *pin, *weight = NULL;
	json_int_t			 delta, wid;
	char				*cause = NULL;

	as = xcalloc(1, sizeof *as);
	ctx->data = as;
	ctx->free_data = free;
	if (op_inventory_tag(ctx, "tag", as->tag) != 0)
		return (-1);
	if (proto_arg_int(ctx->args, "delta", 1, -1000000000, 1000000000,
	    &delta, &cause) != 0 || proto_arg_str(ctx->args, "reason", 1, 32,
	    &reason, &cause) != 0 || proto_arg_note(ctx->args, "note", 128,
	    &note, &cause) < 0 || proto_arg_str(ctx->args, "weight", 0, 8,
	    &weight, &cause) < 0)
		return (op_bad_request(ctx, cause));
	if ((as->weighed = store_adjust_weighed_find(weight)) == -1)
		return (op_error(ctx, "bad-request", "\"weight\" is \"scale\" "
		    "or \"typed\""));
	if ((ir = inventory_reason_find(reason)) == NULL)
		return (op_error(ctx, "bad-request", "unknown adjustment "
		    "reason \"%s\"", reason));
	as->delta = delta;
	strlcpy(as->reason, reason, sizeof as->reason);
	strlcpy(as->note, note, sizeof as->note);

	jw = json_object_get(ctx->args, "witness");
	if (!ir->witness) {
		batch_run(ctx->srv, ctx, op_package_adjust_write);
		return (0);
	}
	if (jw == NULL)
		return (op_error(ctx, "approval", "a %s needs a witness: a "
		    "second staff member's ID and PIN", reason));
	if (!json_is_object(jw) || proto_arg_int(jw, "staff", 1, 1,
	    UINT32_MAX, &wid, &cause) != 0 || proto_arg_str(jw, "pin", 1, 32,
	    &pin, &cause) != 0) {
		if (cause == NULL)
			xasprintf(&cause, "\"witness\" must be an object");
		return (op_bad_request(ctx, cause));
	}
	if ((uint32_t)wid == ctx->c->staff)
		return (op_error(ctx, "approval", "the witness must be "
		    "someone else"));
	if (op_staff_check(ctx, (uint32_t)wid, &w, "approval") != 0)
		return (-1);
	as->witness = w.id;
	if (op_pin_verify(ctx, &w, pin, op_package_adjust_pin_cb) != 0)
		return (-1);
	return (0);
}

/* Write op. */
int
op_package_move(struct op_ctx *ctx)
{
	struct package	 pk;
	const char	*to;
	char		 tag[TAG_LEN + 1], *cause = NULL;

	if (op_inventory_tag(ctx, "tag", tag) != 0)
		return (-1);
	if (proto_arg_str(ctx->args, "to", 1, LOCATION_MAX, &to, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if (inventory_move(ctx->txn, tag, to, ctx->c->staff, ctx->c->terminal,
	    &pk, &cause) != 0)
		return (op_failed(ctx, "bad-request", cause));
	op_inventory_stock_event(ctx, &pk);
	ctx->result = json_pack("{s:o}", "package",
	    reply_package_get(ctx->txn, &pk));
	return (0);
}

static int
op_hold_args(struct op_ctx *ctx, int *scope, const char **key)
{
	const char	*s;
	char		*cause = NULL;

	if (proto_arg_str(ctx->args, "scope", 1, 16, &s, &cause) != 0 ||
	    proto_arg_str(ctx->args, "key", 1, LICENCE_MAX, key, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if ((*scope = store_hold_scope_find(s)) == -1)
		return (op_error(ctx, "bad-request", "scope must be package, "
		    "batch, product or supplier"));
	return (0);
}

/*
 * The key as the ledger keeps it (inventory_scope_key): a product may be
 * named by number, SKU or name, a tag in any case.
 */
static int
op_hold_key(struct op_ctx *ctx, int scope, const char **key, char *buf,
    size_t len)
{
	char	*cause = NULL;
	int	 r;

	r = inventory_scope_key(ctx->txn, scope, *key, buf, len, &cause);
	if (r == INVENTORY_OK) {
		*key = buf;
		return (0);
	}
	return (op_inventory_error(ctx, r, cause));
}

/*
 * The reply for an inventory function's error r (not INVENTORY_OK): a
 * ledger error, "not-found", or "bad-request" with cause, which is freed.
 * Returns -1.
 */
int
op_inventory_error(struct op_ctx *ctx, int r, char *cause)
{
	if (r == INVENTORY_E_STORE) {
		free(cause);
		return (op_store_error(ctx));
	}
	op_error(ctx, r == INVENTORY_E_NOTFOUND ? "not-found" : "bad-request",
	    "%s", cause);
	free(cause);
	return (-1);
}

/* Write op: a hold or a recall, pushed to every terminal at once. */
int
op_hold_set(struct op_ctx *ctx)
{
	const char	*key, *reason;
	char		*cause = NULL, kbuf[LICENCE_MAX + 1];
	int		 scope, recall = 0;
	json_t		*jr;

	if (op_hold_args(ctx, &scope, &key) != 0)
		return (-1);
	if (proto_arg_str(ctx->args, "reason", 1, 128, &reason, &cause) != 0)
		return (op_bad_request(ctx, cause));
	jr = json_object_get(ctx->args, "recall");
	if (jr != NULL && !json_is_boolean(jr))
		return (op_error(ctx, "bad-request", "\"recall\" must be true "
		    "or false"));
	recall = json_is_true(jr);
	if (op_hold_key(ctx, scope, &key, kbuf, sizeof kbuf) != 0)
		return (-1);
	if (inventory_hold(ctx->txn, scope, key, recall, reason,
	    ctx->c->staff, ctx->c->terminal, &cause) != 0)
		return (op_failed(ctx, "not-found", cause));
	op_event(ctx, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}", "event",
	    "hold", "state", "set", "scope", store_hold_scope_name(scope),
	    "key", key, "recall", recall, "reason", reason));
	ctx->result = json_pack("{s:s, s:s, s:b}", "scope",
	    store_hold_scope_name(scope), "key", key, "recall", recall);
	return (0);
}

/* Write op. */
int
op_hold_release(struct op_ctx *ctx)
{
	struct package	 pk;
	const char	*key, *reason;
	char		*cause = NULL, kbuf[LICENCE_MAX + 1];
	int		 scope, r;

	if (op_hold_args(ctx, &scope, &key) != 0)
		return (-1);
	if (proto_arg_str(ctx->args, "reason", 1, 128, &reason, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if (op_hold_key(ctx, scope, &key, kbuf, sizeof kbuf) != 0)
		return (-1);
	switch (r = inventory_release(ctx->txn, scope, key, reason,
	    ctx->c->staff, ctx->c->terminal, &cause)) {
	case INVENTORY_OK:
		break;
	case INVENTORY_E_STORE:
		free(cause);
		return (op_store_error(ctx));
	default:	/* no such hold; a lab hold whose result does not pass */
		op_error(ctx, r == INVENTORY_E_NOTFOUND ? "not-found" :
		    "conflict", "%s", cause);
		free(cause);
		return (-1);
	}
	op_event(ctx, json_pack("{s:s, s:s, s:s, s:s}", "event", "hold",
	    "state", "released", "scope", store_hold_scope_name(scope), "key",
	    key));
	/* A package released shows its status at once on every terminal. */
	if (scope == HOLD_PACKAGE && store_package_get(ctx->txn, key,
	    &pk) == 0)
		op_inventory_stock_event(ctx, &pk);
	ctx->result = json_object();
	return (0);
}

/*
 * What a hold or recall would cover, before it is put on: the screens ask
 * before a recall, showing how many packages and units it will hold.
 */
int
op_hold_preview(struct op_ctx *ctx)
{
	struct product	 p;
	const char	*key;
	char		 kbuf[LICENCE_MAX + 1];
	int		 scope, isprod;
	u_int		 packages;
	int64_t		 units, mg;

	if (op_hold_args(ctx, &scope, &key) != 0 ||
	    op_hold_key(ctx, scope, &key, kbuf, sizeof kbuf) != 0)
		return (-1);
	if (inventory_scope_stock(ctx->txn, scope, key, &packages, &units,
	    &mg) != 0)
		return (op_store_error(ctx));
	isprod = scope == HOLD_PRODUCT && store_product_get(ctx->txn,
	    (uint32_t)strtoul(key, NULL, 10), &p) == 0;
	ctx->result = reply_hold_preview(scope, key, isprod ? &p : NULL,
	    packages, units, mg);
	return (0);
}

/* One hold or recall, for hold.list. */
static void
op_hold_list_add(const struct hold *h, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:b, s:s, s:I, s:I}",
	    "scope", store_hold_scope_name(h->scope), "key", h->key, "recall",
	    h->recall, "reason", h->reason, "staff", (json_int_t)h->staff,
	    "time", (json_int_t)h->time));
}

int
op_hold_list(struct op_ctx *ctx)
{
	json_t	*list;

	list = json_array();
	if (inventory_holds(ctx->txn, op_hold_list_add, list) != 0) {
		json_decref(list);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "holds", list);
	return (0);
}

/*
 * Trace a package, batch, product or supplier: every package, where it is
 * and how much is left, every sale of it, every adjustment. The answer to
 * a recall or an inspector, from the indexes only (inventory_trace, which
 * stashctl trace shares).
 */
int
op_trace(struct op_ctx *ctx)
{
	const char	*key, *tag = NULL;
	char		*cause = NULL;
	json_t		*ja;
	json_int_t	 sale = 0, limit = 2000;
	int		 scope;

	if (op_hold_args(ctx, &scope, &key) != 0)
		return (-1);
	if (proto_arg_int(ctx->args, "limit", 0, 1, 20000, &limit,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	if ((ja = json_object_get(ctx->args, "after")) != NULL) {
		if (!json_is_object(ja))
			return (op_error(ctx, "bad-request", "\"after\" is "
			    "the \"next\" of the page before"));
		if (proto_arg_str(ja, "tag", 1, TAG_LEN, &tag, &cause) != 0 ||
		    proto_arg_int(ja, "sale", 1, 0, INT64_MAX, &sale,
		    &cause) != 0)
			return (op_bad_request(ctx, cause));
	}
	switch (reply_trace(ctx->txn, scope, key, tag, (uint64_t)sale,
	    (u_int)limit, &ctx->result, &cause)) {
	case INVENTORY_OK:
		return (0);
	case INVENTORY_E_INVALID:
		op_error(ctx, "bad-request", "%s", cause);
		break;
	case INVENTORY_E_NOTFOUND:
		op_error(ctx, "not-found", "%s", cause);
		break;
	case INVENTORY_E_STORE:
		free(cause);
		return (op_store_error(ctx));
	}
	free(cause);
	return (-1);
}

/*
 * A lab result into a package through intake_lab, in the op's write
 * transaction, with the hold and stock events every terminal sees: the
 * package.lab op's and the state's (metrc-lab.c, staff 0). 0, or -1 with
 * the op's error set.
 */
int
op_package_lab_apply(struct op_ctx *ctx, const char *tag,
    const struct lab_result *lab, uint32_t staff, const char *terminal)
{
	struct package		 pk;
	struct hold		 h, h2;
	char			*cause = NULL;
	enum intake_err		 e;
	int			 before, after;

	before = store_hold_get(ctx->txn, HOLD_PACKAGE, tag, &h);
	if (before != 0 && before != STORE_NOTFOUND)
		return (op_store_error(ctx));
	e = intake_lab(ctx->txn, tag, lab, ctx->srv->info.tz, staff,
	    terminal, &pk, &cause);
	if (e != INTAKE_OK)
		return (op_intake_fail(ctx, e, cause));
	after = store_hold_get(ctx->txn, HOLD_PACKAGE, tag, &h2);
	if (before == STORE_NOTFOUND && after == 0)
		op_intake_hold_event(ctx, &h2, 1);
	else if (before == 0 && after == STORE_NOTFOUND)
		op_intake_hold_event(ctx, &h, 0);
	op_event(ctx, reply_stock_event(ctx->txn, &pk,
	    op_order_available(ctx->txn, &pk), 1));
	ctx->result = json_pack("{s:o}", "package",
	    reply_package_get(ctx->txn, &pk));
	return (ctx->txn->ret != 0 ? -1 : 0);
}

/* Write op: a lab result for a package in stock. */
int
op_package_lab(struct op_ctx *ctx)
{
	struct lab_result	 lab;
	char			 tag[TAG_LEN + 1];

	if (op_intake_tag(ctx, ctx->args, "tag", tag) != 0 ||
	    op_intake_lab(ctx, ctx->args, &lab) != 0)
		return (-1);
	return (op_package_lab_apply(ctx, tag, &lab, ctx->c->staff,
	    ctx->c->terminal));
}

static void
op_inventory_low_row(const struct inventory_low_row *row, void *arg)
{
	json_array_append_new(arg, reply_low(row));
}

static void
op_inventory_expiring_row(const struct inventory_expiring_row *row,
    void *arg)
{
	json_array_append_new(arg, reply_expiring(row));
}

/*
 * A page of products under their reorder point (inventory_low): "before"
 * is the "next" of the page before. The first page has the shape it had
 * when the whole table was one reply.
 */
int
op_inventory_low(struct op_ctx *ctx)
{
	json_int_t	 before = 0, limit = INVENTORY_LIST_PAGE;
	json_t		*arr;
	char		*cause = NULL;
	uint32_t	 next;

	if (proto_arg_int(ctx->args, "before", 0, 1, UINT32_MAX, &before,
	    &cause) < 0 || proto_arg_int(ctx->args, "limit", 0, 1,
	    INVENTORY_LIST_MAX, &limit, &cause) < 0)
		return (op_bad_request(ctx, cause));
	arr = json_array();
	if (inventory_low(ctx->txn, (uint32_t)before, (u_int)limit,
	    op_inventory_low_row, arr, &next) != 0) {
		json_decref(arr);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "products", arr);
	if (next != 0)
		json_object_set_new(ctx->result, "next", json_integer(next));
	return (0);
}

/* A page of packages expiring within days (inventory_expiring). */
int
op_inventory_expiring(struct op_ctx *ctx)
{
	json_int_t	 days = 30, limit = INVENTORY_LIST_PAGE;
	json_t		*arr;
	const char	*before = NULL;
	char		*cause = NULL, tag[TAG_LEN + 1], next[TAG_LEN + 1];
	int		 today;

	if (proto_arg_int(ctx->args, "days", 0, 0, 3650, &days, &cause) < 0 ||
	    proto_arg_int(ctx->args, "limit", 0, 1, INVENTORY_LIST_MAX,
	    &limit, &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (json_object_get(ctx->args, "before") != NULL) {
		if (op_intake_tag(ctx, ctx->args, "before", tag) != 0)
			return (-1);
		before = tag;
	}
	today = util_local_date(util_now(), ctx->srv->info.tz);
	arr = json_array();
	if (inventory_expiring(ctx->txn, today, intake_date_add(today,
	    (int)days), before, (u_int)limit, op_inventory_expiring_row, arr,
	    next) != 0) {
		json_decref(arr);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:i, s:o}", "days", (int)days, "packages",
	    arr);
	if (next[0] != '\0')
		json_object_set_new(ctx->result, "next", json_string(next));
	return (0);
}
