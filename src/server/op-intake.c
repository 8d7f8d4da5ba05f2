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
#include "reply.h"

/*
 * Intake over the protocol: manifests, scans, a manager's resolutions and
 * closing (which creates the packages). The rules are in intake.c. The
 * argument readers here are shared with op-count.c and package.lab.
 */

#define OP_INTAKE_MAX_LINES	1000	/* packages on one manifest */
#define OP_INTAKE_MAX_ROWS	5000	/* rows in a discrepancy page */
#define OP_INTAKE_SCAN		20000	/* lines examined in one page */

int
op_intake_fail(struct op_ctx *ctx, enum intake_err e, char *cause)
{
	if (e == INTAKE_E_STORE) {
		free(cause);
		return (op_store_error(ctx));
	}
	op_error(ctx, intake_err_code(e), "%s", cause);
	free(cause);
	return (-1);
}

int
op_intake_tag(struct op_ctx *ctx, json_t *args, const char *name, char *tag)
{
	const char	*s;
	char		*cause = NULL;

	if (proto_arg_str(args, name, 1, TAG_LEN, &s, &cause) != 0)
		return (op_bad_request(ctx, cause));
	strlcpy(tag, s, TAG_LEN + 1);
	util_tag_upper(tag);
	if (!util_tag_valid(tag))
		return (op_error(ctx, "bad-request", "%s is not a package tag "
		    "(24 characters 0-9, A-F)", s));
	return (0);
}

static int
op_intake_number(struct op_ctx *ctx, const char **number)
{
	char	*cause = NULL;

	if (proto_arg_str(ctx->args, "manifest", 1, MANIFEST_MAX, number,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	return (0);
}

/*
 * A YYYYMMDD argument, 0 if absent: a real day within the bounds of its
 * kind (doc/protocol.md, "Values").
 */
static int
op_intake_date(struct op_ctx *ctx, json_t *args, const char *name,
    enum valid_date_kind kind, int *out)
{
	json_int_t	 v = 0;
	char		*cause = NULL;

	if (proto_arg_int(args, name, 0, 0, 99991231, &v, &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (v != 0 && valid_date((int)v, kind, util_local_date(util_now(),
	    ctx->srv->info.tz), name, &cause) != 0)
		return (op_bad_request(ctx, cause));
	*out = (int)v;
	return (0);
}

/*
 * {status, thc, cbd, lab, tested, expires, certificate}: thc and cbd per
 * mille.
 */
int
op_intake_lab(struct op_ctx *ctx, json_t *args, struct lab_result *lab)
{
	const char	*s, *name = "", *cert = "";
	json_int_t	 thc = 0, cbd = 0;
	char		*cause = NULL;

	memset(lab, 0, sizeof *lab);
	if (proto_arg_str(args, "status", 1, 8, &s, &cause) != 0 ||
	    proto_arg_int(args, "thc", 0, 0, 1000, &thc, &cause) < 0 ||
	    proto_arg_int(args, "cbd", 0, 0, 1000, &cbd, &cause) < 0 ||
	    proto_arg_str(args, "lab", 0, LICENCE_MAX, &name, &cause) < 0 ||
	    proto_arg_str(args, "certificate", 0, LAB_CERT_MAX, &cert,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	if (strcmp(s, "pass") == 0)
		lab->status = LAB_PASS;
	else if (strcmp(s, "fail") == 0)
		lab->status = LAB_FAIL;
	else if (strcmp(s, "none") == 0)
		lab->status = LAB_NONE;
	else
		return (op_error(ctx, "bad-request", "lab \"status\" must be "
		    "pass, fail or none"));
	lab->thc = (int)thc;
	lab->cbd = (int)cbd;
	strlcpy(lab->lab, name, sizeof lab->lab);
	strlcpy(lab->cert, cert, sizeof lab->cert);
	if (op_intake_date(ctx, args, "tested", VALID_DATE_BUSINESS,
	    &lab->tested) != 0 || op_intake_date(ctx, args, "expires",
	    VALID_DATE_EXPIRY, &lab->expires) != 0)
		return (-1);
	return (0);
}

/* Write op. */
int
op_intake_create(struct op_ctx *ctx)
{
	struct manifest		 m;
	struct manifest_line	*lines, *l;
	const char		*number, *supplier, *note = "", *sku, *batch;
	json_t			*pkgs, *jp, *jl;
	json_int_t		 qty;
	char			*cause = NULL;
	enum intake_err		 e;
	size_t			 i, n;

	if (op_intake_number(ctx, &number) != 0)
		return (-1);
	if (proto_arg_str(ctx->args, "supplier", 1, LICENCE_MAX, &supplier,
	    &cause) != 0 || proto_arg_note(ctx->args, "note", 128, &note,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	pkgs = json_object_get(ctx->args, "packages");
	if (!json_is_array(pkgs) || (n = json_array_size(pkgs)) == 0 ||
	    n > OP_INTAKE_MAX_LINES)
		return (op_error(ctx, "bad-request", "\"packages\" must be a "
		    "list of 1 to %d packages", OP_INTAKE_MAX_LINES));
	memset(&m, 0, sizeof m);
	strlcpy(m.number, number, sizeof m.number);
	strlcpy(m.supplier, supplier, sizeof m.supplier);
	strlcpy(m.note, note, sizeof m.note);
	lines = xcalloc(n, sizeof *lines);
	json_array_foreach(pkgs, i, jp) {
		l = &lines[i];
		if (!json_is_object(jp)) {
			free(lines);
			return (op_error(ctx, "bad-request", "package %zu is "
			    "not an object", i + 1));
		}
		batch = "";
		if (op_intake_tag(ctx, jp, "tag", l->tag) != 0 ||
		    op_intake_date(ctx, jp, "harvested", VALID_DATE_BUSINESS,
		    &l->harvested) != 0) {
			free(lines);
			return (-1);
		}
		if (proto_arg_str(jp, "sku", 1, SKU_MAX, &sku, &cause) != 0 ||
		    proto_arg_str(jp, "batch", 0, BATCH_MAX, &batch,
		    &cause) < 0 || proto_arg_int(jp, "qty", 1, 1,
		    INT64_C(100000000), &qty, &cause) != 0) {
			free(lines);
			return (op_bad_request(ctx, cause));
		}
		strlcpy(l->sku, sku, sizeof l->sku);
		strlcpy(l->batch, batch, sizeof l->batch);
		l->shipped = qty;
		jl = json_object_get(jp, "lab");
		if (jl != NULL && (!json_is_object(jl) ||
		    op_intake_lab(ctx, jl, &l->lab) != 0)) {
			free(lines);
			if (ctx->error == NULL)
				return (op_error(ctx, "bad-request", "\"lab\" "
				    "must be an object"));
			return (-1);
		}
	}
	e = intake_create(ctx->txn, &m, lines, (u_int)n, ctx->c->staff,
	    ctx->c->terminal, &cause);
	free(lines);
	if (e != INTAKE_OK)
		return (op_intake_fail(ctx, e, cause));
	ctx->result = json_pack("{s:s, s:i}", "manifest", m.number,
	    "packages", (int)n);
	return (0);
}

struct op_intake_list {
	struct store_txn	*txn;
	json_t			*arr;
};

/* One open manifest, for intake.list. */
static int
op_intake_list_add(const struct manifest *m, void *arg)
{
	struct op_intake_list	*il = arg;

	if (m->status == MANIFEST_OPEN)
		json_array_append_new(il->arr,
		    reply_manifest_full(il->txn, m, 0));
	return (0);
}

int
op_intake_list(struct op_ctx *ctx)
{
	struct op_intake_list	 il;
	json_t			*arr;

	arr = json_array();
	il.txn = ctx->txn;
	il.arr = arr;
	if (intake_manifest_walk(ctx->txn, op_intake_list_add, &il) != 0) {
		json_decref(arr);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "manifests", arr);
	return (0);
}

int
op_intake_get(struct op_ctx *ctx)
{
	struct manifest	 m;
	const char	*number;
	int		 r;

	if (op_intake_number(ctx, &number) != 0)
		return (-1);
	r = store_manifest_get(ctx->txn, number, &m);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no manifest %s", number));
	if (r != 0)
		return (op_store_error(ctx));
	ctx->result = json_pack("{s:o}", "manifest",
	    reply_manifest_full(ctx->txn, &m, 1));
	return (ctx->txn->ret != 0 ? op_store_error(ctx) : 0);
}

/* Write op. */
int
op_intake_scan(struct op_ctx *ctx)
{
	struct manifest_line	 l;
	const char		*number, *sku = NULL, *weight = NULL;
	json_int_t		 qty;
	char			 tag[TAG_LEN + 1], *cause = NULL;
	enum intake_err		 e;
	int			 weighed;

	if (op_intake_number(ctx, &number) != 0 ||
	    op_intake_tag(ctx, ctx->args, "tag", tag) != 0)
		return (-1);
	if (proto_arg_int(ctx->args, "qty", 1, 1, INT64_C(100000000), &qty,
	    &cause) != 0 || proto_arg_str(ctx->args, "sku", 0, SKU_MAX, &sku,
	    &cause) < 0 || proto_arg_str(ctx->args, "weight", 0, 8, &weight,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	if ((weighed = store_adjust_weighed_find(weight)) == -1)
		return (op_error(ctx, "bad-request", "\"weight\" is \"scale\" "
		    "or \"typed\""));
	e = intake_scan(ctx->txn, number, tag, qty, sku, weighed,
	    options_number(ctx->srv->opts, "intake-tolerance"),
	    ctx->c->staff, ctx->c->terminal, &l, &cause);
	if (e != INTAKE_OK)
		return (op_intake_fail(ctx, e, cause));
	ctx->result = json_pack("{s:o}", "line", reply_manifest_line(&l));
	return (0);
}

/* Write op: a manager's decision. */
int
op_intake_resolve(struct op_ctx *ctx)
{
	struct manifest_line	 l;
	const char		*number, *action, *note;
	json_int_t		 qty = 0;
	char			 tag[TAG_LEN + 1], *cause = NULL;
	enum intake_err		 e;
	int			 a;

	if (op_intake_number(ctx, &number) != 0 ||
	    op_intake_tag(ctx, ctx->args, "tag", tag) != 0)
		return (-1);
	if (proto_arg_str(ctx->args, "action", 1, 16, &action, &cause) != 0 ||
	    proto_arg_int(ctx->args, "qty", 0, 1, INT64_C(100000000), &qty,
	    &cause) < 0 || proto_arg_str(ctx->args, "note", 1, 128, &note,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	if (strcmp(action, "accept") == 0)
		a = INTAKE_ACCEPT;
	else if (strcmp(action, "reject") == 0)
		a = INTAKE_REJECT;
	else if (strcmp(action, "partial") == 0)
		a = INTAKE_PARTIAL;
	else
		return (op_error(ctx, "bad-request", "\"action\" must be "
		    "accept, reject or partial"));
	if (a == INTAKE_PARTIAL && qty == 0)
		return (op_error(ctx, "bad-request", "a partial acceptance "
		    "needs \"qty\": how much to take into stock"));
	e = intake_resolve(ctx->txn, number, tag, a, qty, note,
	    ctx->c->staff, ctx->c->terminal, &l, &cause);
	if (e != INTAKE_OK)
		return (op_intake_fail(ctx, e, cause));
	ctx->result = json_pack("{s:o}", "line", reply_manifest_line(&l));
	return (0);
}

#define OP_INTAKE_LAB_HOLD	"lab: "	/* intake.c's INTAKE_LAB_HOLD */

/*
 * Tell every terminal about a hold this op put on or lifted, as hold.set
 * does, so a cart in progress is marked.
 */
void
op_intake_hold_event(struct op_ctx *ctx, const struct hold *h, int set)
{
	op_event(ctx, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}", "event",
	    "hold", "state", set ? "set" : "released", "scope",
	    store_hold_scope_name(h->scope), "key", h->key, "recall",
	    h->recall, "reason", h->reason));
}

/* A line of a closed manifest: announce its lab hold, if it got one. */
static int
op_intake_held_line(const struct manifest_line *l, void *arg)
{
	struct op_ctx	*ctx = arg;
	struct hold	 h;

	if (l->state == LINE_REJECTED || l->accepted <= 0)
		return (0);
	if (store_hold_get(ctx->txn, HOLD_PACKAGE, l->tag, &h) == 0 &&
	    strncmp(h.reason, OP_INTAKE_LAB_HOLD,
	    strlen(OP_INTAKE_LAB_HOLD)) == 0)
		op_intake_hold_event(ctx, &h, 1);
	return (0);
}

/* The lab holds intake.close put on the packages of a manifest. */
static void
op_intake_held(struct op_ctx *ctx, const char *number)
{
	intake_line_walk(ctx->txn, number, op_intake_held_line, ctx);
}

/*
 * A package in stock from a state transfer with no lab result: ask the
 * state for it (metrc-lab.c). The answer is written by its own op, after
 * this one has committed.
 */
static int
op_intake_ask_lab(const struct manifest_line *l, void *arg)
{
	if (l->state_id > 0 && l->lab.status == LAB_NONE &&
	    l->state != LINE_REJECTED && l->accepted > 0)
		metrc_lab_want(l->tag, l->state_id);
	return (0);
}

/* Write op: one transaction creates every accepted package. */
int
op_intake_close(struct op_ctx *ctx)
{
	const char	*number;
	char		*cause = NULL;
	enum intake_err	 e;
	u_int		 created, held;

	if (op_intake_number(ctx, &number) != 0)
		return (-1);
	e = intake_close(ctx->txn, number, ctx->srv->info.tz, ctx->c->staff,
	    ctx->c->terminal, &created, &held, &cause);
	if (e != INTAKE_OK)
		return (op_intake_fail(ctx, e, cause));
	if (held != 0)
		op_intake_held(ctx, number);
	intake_line_walk(ctx->txn, number, op_intake_ask_lab, NULL);
	ctx->result = json_pack("{s:s, s:i, s:i}", "manifest", number,
	    "created", (int)created, "held", (int)held);
	return (0);
}

/* One line with a discrepancy, with its manifest's supplier and date. */
static void
op_intake_disc_add(const struct manifest_line *l, const struct manifest *m,
    void *arg)
{
	json_t	*j;

	j = reply_manifest_line(l);
	json_object_set_new(j, "supplier", json_string(m->supplier));
	json_object_set_new(j, "created", json_integer(m->created));
	json_array_append_new(arg, j);
}

/*
 * Lines with a discrepancy, on manifests created between from and to, a
 * page at a time (intake_discrepancies): manifests in descending number, starting below "before"
 * (the "next" of the page before). A manifest is never split across pages
 * (so a page may hold more than limit rows by the rest of one manifest);
 * no new manifest is started once limit rows are in the page or
 * OP_INTAKE_SCAN lines have been examined, and "next" then names the last
 * manifest examined.
 */
int
op_intake_discrepancies(struct op_ctx *ctx)
{
	struct intake_disc_query q;
	json_int_t		 from = 0, to = INT64_MAX;
	json_int_t		 limit = OP_INTAKE_MAX_ROWS;
	json_t			*arr;
	const char		*before = NULL;
	char			*cause = NULL, next[MANIFEST_MAX + 1];

	if (proto_arg_int(ctx->args, "from", 0, 0, INT64_MAX, &from,
	    &cause) < 0 || proto_arg_int(ctx->args, "to", 0, 0, INT64_MAX,
	    &to, &cause) < 0 || proto_arg_int(ctx->args, "limit", 0, 1,
	    OP_INTAKE_MAX_ROWS, &limit, &cause) < 0 ||
	    proto_arg_str(ctx->args, "before", 0, MANIFEST_MAX, &before,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	memset(&q, 0, sizeof q);
	q.from = from;
	q.to = to;
	q.before = before;
	q.limit = (u_int)limit;
	q.scan = OP_INTAKE_SCAN;
	arr = json_array();
	if (intake_discrepancies(ctx->txn, &q, op_intake_disc_add, arr, next,
	    sizeof next) < 0) {
		json_decref(arr);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o, s:b}", "discrepancies", arr,
	    "truncated", next[0] != '\0');
	if (next[0] != '\0')
		json_object_set_new(ctx->result, "next", json_string(next));
	return (0);
}
