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

#include "customer.h"
#include "sale.h"
#include "order.h"
#include "reply.h"
#include "trip.h"

/*
 * Replies: the domain's C data as the protocol's JSON. Field names, order
 * and types are doc/protocol.md's, and stashctl --json prints the same.
 * Where a reply is a walk (a manifest and its lines, a count, a trace) the
 * encoder drives the domain's walk with a callback of its own; nothing
 * here reads a table itself.
 */

/* --- intake --- */

json_t *
reply_manifest(const struct manifest *m)
{
	return (json_pack("{s:s, s:s, s:I, s:s, s:s, s:I, s:I}", "manifest",
	    m->number, "supplier", m->supplier, "created",
	    (json_int_t)m->created, "status",
	    store_manifest_status_name(m->status), "note", m->note, "staff",
	    (json_int_t)m->staff, "closed", (json_int_t)m->closed));
}

/* A lab result, as in a package and a manifest line. */
static json_t *
reply_lab(const struct lab_result *lab)
{
	return (json_pack("{s:s, s:i, s:i, s:s, s:i, s:i, s:s}", "status",
	    store_package_lab_name(lab->status), "thc", lab->thc, "cbd",
	    lab->cbd, "lab", lab->lab, "tested", lab->tested, "expires",
	    lab->expires, "certificate", lab->cert));
}

json_t *
reply_manifest_line(const struct manifest_line *l)
{
	json_t	*j;

	j = json_pack("{s:s, s:s, s:s, s:I, s:s, s:I, s:s, s:i, s:I, "
	    "s:I, s:b, s:I, s:s, s:s, s:s, s:I, s:I, s:o}", "manifest",
	    l->manifest, "tag", l->tag, "sku", l->sku, "product",
	    (json_int_t)l->product, "found_sku", l->found_sku,
	    "found_product", (json_int_t)l->found_product, "batch", l->batch,
	    "harvested", l->harvested, "shipped", (json_int_t)l->shipped,
	    "received", (json_int_t)l->received, "scanned", l->scanned,
	    "scan_time", (json_int_t)l->scan_time, "state",
	    store_manifest_state_name(l->state), "discrepancy",
	    store_manifest_disc_name(l->disc), "note", l->note, "accepted",
	    (json_int_t)l->accepted, "resolved_by",
	    (json_int_t)l->resolved_by, "lab", reply_lab(&l->lab));
	if (l->weighed != ADJUST_WEIGHED_NONE)
		json_object_set_new(j, "weight", json_string(
		    store_adjust_weighed_name(l->weighed)));
	return (j);
}

static int
reply_manifest_add(const struct manifest_line *l, void *arg)
{
	json_array_append_new(arg, reply_manifest_line(l));
	return (0);
}

/*
 * A manifest as the intake ops and stashctl show it: its fields, how many
 * packages, how many still pending, how many with a discrepancy, and with
 * lines its lines. If the walk fails t->ret says so.
 */
json_t *
reply_manifest_full(struct store_txn *t, const struct manifest *m,
    int with_lines)
{
	struct intake_tally	 it;
	json_t			*j, *lines = NULL;

	if (with_lines)
		lines = json_array();
	j = reply_manifest(m);
	intake_manifest_tally(t, m->number, &it, with_lines ?
	    reply_manifest_add : NULL, lines);
	json_object_set_new(j, "packages", json_integer(it.packages));
	json_object_set_new(j, "pending", json_integer(it.pending));
	json_object_set_new(j, "discrepancies",
	    json_integer(it.discrepancies));
	if (with_lines)
		json_object_set_new(j, "lines", lines);
	return (j);
}

/* --- counts --- */

struct reply_count_walk {
	json_t	*lines;
	int	 hide;
};

static void
reply_count_line(const struct count_line *l, const struct package *pk,
    void *arg)
{
	struct reply_count_walk	*w = arg;
	json_t			*j;

	j = json_pack("{s:s, s:b}", "tag", l->tag, "recorded", l->recorded);
	if (pk != NULL)
		json_object_set_new(j, "product", json_integer(pk->product));
	if (l->recorded)
		json_object_set_new(j, "counted", json_integer(l->counted));
	if (!w->hide) {
		json_object_set_new(j, "expected", json_integer(l->expected));
		if (l->recorded)
			json_object_set_new(j, "variance",
			    json_integer(l->counted - l->expected));
	}
	if (l->adjust != 0)
		json_object_set_new(j, "adjustment",
		    json_integer((json_int_t)l->adjust));
	json_array_append_new(w->lines, j);
}

/*
 * The variance report. While a blind count is open the expected figures
 * and the variances are left out.
 */
json_t *
reply_count(struct store_txn *t, const struct count *cn)
{
	struct reply_count_walk	 w;
	struct count_tally	 ct;
	json_t			*j;

	w.lines = json_array();
	w.hide = cn->blind && cn->status == COUNT_OPEN;
	if (count_report(t, cn, &ct, reply_count_line, &w) != 0) {
		json_decref(w.lines);
		return (NULL);
	}
	j = json_pack("{s:I, s:s, s:b, s:s, s:s, s:I, s:I, s:I, s:b, s:o, "
	    "s:i, s:i}", "count", (json_int_t)cn->id, "status",
	    cn->status == COUNT_OPEN ? "open" : "finished", "blind",
	    cn->blind, "location", cn->location, "category", cn->category,
	    "staff", (json_int_t)cn->staff, "started",
	    (json_int_t)cn->started, "finished", (json_int_t)cn->finished,
	    "adjusted", cn->adjusted, "lines", w.lines, "packages",
	    (int)ct.packages, "counted", (int)ct.counted);
	if (!ct.hide)
		json_object_set_new(j, "variances", json_integer(ct.variances));
	return (j);
}

/* --- inventory --- */

/* A catalogue product, as in item.lookup, product.search and a package. */
json_t *
reply_product(const struct product *p)
{
	return (json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:i, s:I, s:b}",
	    "id", (json_int_t)p->id, "sku", p->sku, "name", p->name,
	    "category", p->category, "unit",
	    store_product_unit_name(p->unit_weight), "price",
	    (json_int_t)p->price, "thc", p->thc, "unit_cost",
	    (json_int_t)p->unit_cost, "active", !p->inactive));
}

json_t *
reply_package(const struct package *pk, const struct inventory_package_info *pi)
{
	json_t	*j;

	j = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:i, s:i, s:i, "
	    "s:I, s:o}", "tag", pk->tag, "batch", pk->batch, "supplier",
	    pk->supplier, "qty", (json_int_t)pk->qty, "received_qty",
	    (json_int_t)pk->received_qty, "status",
	    inventory_status_name(pk, pi->held), "location", pk->location,
	    "harvested", pk->harvested, "packaged", pk->packaged, "expires",
	    pk->expires, "unit_cost", (json_int_t)pk->unit_cost, "lab",
	    reply_lab(&pk->lab));
	if (pi->has_product)
		json_object_set_new(j, "product", reply_product(&pi->product));
	if (pi->held)
		json_object_set_new(j, "hold", json_pack("{s:s, s:s, s:b, "
		    "s:s}", "scope", store_hold_scope_name(pi->hold.scope),
		    "key", pi->hold.key, "recall", pi->hold.recall, "reason",
		    pi->hold.reason));
	return (j);
}

/* A package with its product and hold looked up. */
json_t *
reply_package_get(struct store_txn *t, const struct package *pk)
{
	struct inventory_package_info	pi;

	inventory_package_info(t, pk, &pi);
	return (reply_package(pk, &pi));
}

json_t *
reply_adjust(const struct adjust *a)
{
	json_t	*j;

	j = json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, s:s, s:s, s:s, "
	    "s:I, s:I, s:s}", "id", (json_int_t)a->id, "time",
	    (json_int_t)a->time, "kind", a->kind == ADJUST_MOVE ? "move" :
	    "adjust", "delta", (json_int_t)a->delta, "qty_after",
	    (json_int_t)a->qty_after, "reason", a->reason, "note", a->note,
	    "from", a->from, "to", a->to, "staff", (json_int_t)a->staff,
	    "witness", (json_int_t)a->witness, "terminal", a->terminal);
	if (a->weighed != ADJUST_WEIGHED_NONE)
		json_object_set_new(j, "weight", json_string(
		    store_adjust_weighed_name(a->weighed)));
	return (j);
}

static void
reply_adjust_add(const struct adjust *a, void *arg)
{
	json_array_append_new(arg, reply_adjust(a));
}

/* A package's adjustments and moves, oldest first. */
json_t *
reply_history(struct store_txn *t, const char *tag)
{
	json_t	*list;

	list = json_array();
	inventory_history(t, tag, reply_adjust_add, list);
	return (list);
}

/* A row of inventory.low. */
json_t *
reply_low(const struct inventory_low_row *row)
{
	const struct product	*p = row->product;

	return (json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}",
	    "product", (json_int_t)p->id, "sku", p->sku, "name", p->name,
	    "category", p->category, "unit",
	    store_product_unit_name(p->unit_weight), "reorder",
	    (json_int_t)p->reorder, "sellable", (json_int_t)row->sellable,
	    "on_hand", (json_int_t)row->on_hand, "short",
	    (json_int_t)(p->reorder - row->sellable)));
}

/* A row of inventory.expiring. */
json_t *
reply_expiring(const struct inventory_expiring_row *row)
{
	const struct package	*pk = row->package;
	const struct product	*p = row->product;

	return (json_pack("{s:s, s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:i, "
	    "s:i, s:b}", "tag", pk->tag, "product", (json_int_t)p->id, "sku",
	    p->sku, "name", p->name, "unit",
	    store_product_unit_name(p->unit_weight), "qty",
	    (json_int_t)pk->qty, "location", pk->location, "status",
	    store_package_status_name(pk->status), "expires", pk->expires,
	    "lab_expires", pk->lab.expires, "expired", row->expired));
}

/* A sale of a traced package. */
json_t *
reply_trace_sale(uint64_t id, const struct sale_brief *b)
{
	json_t	*row;

	row = json_object();
	json_object_set_new_nocheck(row, "sale", json_integer((json_int_t)id));
	json_object_set_new_nocheck(row, "time", json_integer(b->time));
	json_object_set_new_nocheck(row, "terminal", json_string(b->terminal));
	json_object_set_new_nocheck(row, "staff", json_integer(b->staff));
	json_object_set_new_nocheck(row, "qty", json_integer(b->qty));
	json_object_set_new_nocheck(row, "status", json_string_nocheck(
	    b->status == SALE_VOID ? "void" : "complete"));
	json_object_set_new_nocheck(row, "delivered",
	    json_boolean(b->delivered));
	return (row);
}

struct reply_trace_walk {
	json_t	*packages;
	json_t	*package;	/* the one being walked */
	json_t	*sales;
	json_t	*history;	/* NULL: continued */
};

static void
reply_trace_package(const struct package *pk,
    const struct inventory_package_info *pi, int continued, void *arg)
{
	struct reply_trace_walk	*w = arg;

	w->package = reply_package(pk, pi);
	json_object_set_new(w->package, "on_delivery",
	    json_boolean(pi->on_delivery));
	w->sales = json_array();
	w->history = continued ? NULL : json_array();
}

static void
reply_trace_sale_add(uint64_t id, const struct sale_brief *b, void *arg)
{
	struct reply_trace_walk	*w = arg;

	json_array_append_new(w->sales, reply_trace_sale(id, b));
}

static void
reply_trace_adjust(const struct adjust *a, void *arg)
{
	struct reply_trace_walk	*w = arg;

	json_array_append_new(w->history, reply_adjust(a));
}

static void
reply_trace_done(int64_t sold, void *arg)
{
	struct reply_trace_walk	*w = arg;

	json_object_set_new(w->package, "sales", w->sales);
	json_object_set_new(w->package, "sold", json_integer(sold));
	if (w->history == NULL)
		json_object_set_new(w->package, "continued", json_true());
	else
		json_object_set_new(w->package, "history", w->history);
	json_array_append_new(w->packages, w->package);
	w->package = w->sales = w->history = NULL;
}

/*
 * What a hold or recall of scope/key would cover now (hold.preview):
 * packages with stock, their units and mg; the product when the scope is
 * one.
 */
json_t *
reply_hold_preview(int scope, const char *key, const struct product *p,
    u_int packages, int64_t units, int64_t mg)
{
	json_t	*j;

	j = json_pack("{s:s, s:s, s:I, s:I, s:I}", "scope",
	    store_hold_scope_name(scope), "key", key, "packages",
	    (json_int_t)packages, "units", (json_int_t)units, "mg",
	    (json_int_t)mg);
	if (p != NULL)
		json_object_set_new(j, "product", json_pack("{s:I, s:s, s:s}",
		    "id", (json_int_t)p->id, "sku", p->sku, "name", p->name));
	return (j);
}

/*
 * A page of a trace (inventory_trace) as the trace op and stashctl trace
 * give it: *out is the result object, with "next" when there is more.
 * Returns inventory_trace's INVENTORY_* (and *cause if not INVENTORY_OK).
 */
int
reply_trace(struct store_txn *t, int scope, const char *key,
    const char *after_tag, uint64_t after_sale, u_int limit, json_t **out,
    char **cause)
{
	struct reply_trace_walk		 w;
	struct inventory_trace_cb	 cb;
	struct inventory_trace_totals	 tr;
	int				 r;

	memset(&w, 0, sizeof w);
	w.packages = json_array();
	cb.package = reply_trace_package;
	cb.sale = reply_trace_sale_add;
	cb.adjust = reply_trace_adjust;
	cb.done = reply_trace_done;
	cb.arg = &w;
	r = inventory_trace(t, scope, key, after_tag, after_sale, limit, &cb,
	    &tr, cause);
	if (r != INVENTORY_OK) {
		/* A walk stopped inside a package leaves it unfinished. */
		json_decref(w.package);
		json_decref(w.sales);
		json_decref(w.history);
		json_decref(w.packages);
		return (r);
	}
	*out = json_pack("{s:s, s:s, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I}, "
	    "s:b}", "scope", store_hold_scope_name(scope), "key", key,
	    "packages", w.packages, "totals", "received",
	    (json_int_t)tr.received, "on_hand", (json_int_t)tr.on_hand,
	    "out_on_delivery", (json_int_t)tr.out_on_delivery, "sold",
	    (json_int_t)tr.sold, "delivered", (json_int_t)tr.delivered,
	    "voided", (json_int_t)tr.voided, "truncated", tr.more);
	if (tr.more)
		json_object_set_new(*out, "next", json_pack("{s:s, s:I}",
		    "tag", tr.next_tag, "sale", (json_int_t)tr.next_sale));
	return (INVENTORY_OK);
}

/* --- limits, deadlines, the state's registry --- */

json_t *
reply_limits(const struct limits_result *res)
{
	const struct limits_pool_result	*pr;
	json_t				*pools, *reasons;
	char				 win[32];
	u_int				 i;

	pools = json_array();
	for (i = 0; i < res->npools; i++) {
		pr = &res->pools[i];
		json_array_append_new(pools, json_pack("{s:s,s:s,s:I,s:I,s:I,"
		    "s:s,s:b}", "name", pr->pool->name, "window",
		    rules_window_str(pr->pool, win, sizeof win),
		    "used", (json_int_t)pr->used, "cap", (json_int_t)pr->cap,
		    "remaining", (json_int_t)pr->remaining,
		    "unit", pr->pool->kind == LK_MASS ? "mg" :
		    pr->pool->kind == LK_VOLUME ? "ml" : "units",
		    "over", pr->over));
	}
	reasons = json_array();
	for (i = 0; i < res->nreasons; i++)
		json_array_append_new(reasons, json_string(res->reasons[i]));
	return (json_pack("{s:s,s:o,s:o}", "verdict",
	    res->allow ? "allow" : "reject", "pools", pools, "reasons",
	    reasons));
}

/*
 * The deadline part of compliance.status, at now: the deadline of the
 * unreported event nearest its own, the age of that event, how long is
 * left and a warning (outbox_deadline_left), with "deadline_type" (adult
 * or medical), "deadline_source" (rules or metrc-deadline), the rule
 * file's citation and both deadlines in force.
 */
json_t *
reply_deadline(const struct outbox_deadline *dl, int64_t now)
{
	char	 warning[OUTBOX_DEADLINE_WARN_MAX];
	int64_t	 left;
	json_t	*o;

	left = outbox_deadline_left(dl, now, warning, sizeof warning);
	if (dl->oldest == 0)
		o = json_pack("{s:I, s:n, s:n, s:n}", "deadline",
		    (json_int_t)dl->deadline, "oldest_unreported",
		    "deadline_left", "warning");
	else
		o = json_pack("{s:I, s:I, s:I, s:o}", "deadline",
		    (json_int_t)dl->deadline, "oldest_unreported",
		    (json_int_t)dl->oldest, "deadline_left", (json_int_t)left,
		    "warning", warning[0] != '\0' ? json_string(warning) :
		    json_null());
	json_object_set_new(o, "deadline_type", dl->oldest != 0 ?
	    json_string(dl->is_medical ? "medical" : "adult") : json_null());
	json_object_set_new(o, "deadline_source", json_string(dl->source));
	if (dl->cite != NULL)
		json_object_set_new(o, "deadline_cite", json_string(dl->cite));
	json_object_set_new(o, "deadlines", json_pack("{s:I, s:I}", "adult",
	    (json_int_t)dl->adult, "medical", (json_int_t)dl->medical));
	return (o);
}

/*
 * The state's word on a patient for the door and the profile, from
 * metrc_patient's answer: "status" active, inactive (no active
 * registration for an in-state card: the state's "message" says why),
 * unreachable (with its "reason", the rule file's outage "policy" and
 * whether a check-in goes on under it, "admit"), or off (another state's
 * card, which this state's registry does not hold); "checked" (when the
 * state answered, us) and "cached"; for an active patient what every
 * category has left ("available_moz": the least of the active
 * registrations, thousandths of an ounce, null where the state gave
 * none) and the registrations as the state gave them.
 */
json_t *
reply_registry(json_t *status, int instate, const struct rules *r)
{
	static const char	*kinds[SALE_REGISTRY_KINDS] = { "flower",
				    "thc", "concentrate", "infused" };
	struct sale_request	*rq;
	json_t			*o, *avail;
	int			 outage;
	u_int			 k;

	rq = xcalloc(1, sizeof *rq);
	customer_registry_read(status, instate, rq);
	o = json_pack("{s:I, s:b}", "checked", (json_int_t)rq->registry_at,
	    "cached", json_is_true(json_object_get(status, "cached")));
	switch (rq->registry) {
	case SALE_REGISTRY_OK:
		avail = json_object();
		for (k = 0; k < SALE_REGISTRY_KINDS; k++) {
			json_object_set_new(avail, kinds[k],
			    rq->registry_moz[k] >= 0 ?
			    json_integer(rq->registry_moz[k]) : json_null());
		}
		json_object_set_new(o, "status", json_string("active"));
		json_object_set_new(o, "available_moz", avail);
		json_object_set(o, "registrations", json_object_get(status,
		    "registrations"));
		break;
	case SALE_REGISTRY_UNREACHABLE:
		outage = r != NULL ? r->outage : RULES_OUTAGE_BLOCK;
		json_object_set_new(o, "status", json_string("unreachable"));
		json_object_set_new(o, "reason", json_string(
		    rq->registry_why));
		json_object_set_new(o, "policy", json_string(
		    rules_outage_name(outage)));
		json_object_set_new(o, "admit", json_boolean(outage !=
		    RULES_OUTAGE_BLOCK));
		break;
	case SALE_REGISTRY_NOTFOUND:
		json_object_set_new(o, "status", json_string("inactive"));
		json_object_set_new(o, "message", json_string(
		    json_is_string(json_object_get(status, "message")) &&
		    *json_string_value(json_object_get(status, "message")) !=
		    '\0' ? json_string_value(json_object_get(status,
		    "message")) : rq->registry_why));
		break;
	default:
		json_object_set_new(o, "status", json_string("off"));
		break;
	}
	free(rq);
	return (o);
}

/* --- reconciliation with the state --- */

struct reply_reconcile {
	json_t			*diffs;
	json_t			*explained;
	json_t			*held;
	json_t			*holds;
	struct reconcile_run	*run;	/* counted, if not NULL */
};

static json_t *
reply_reconcile_qty(int64_t v)
{
	return (v >= 0 ? json_integer(v) : json_null());
}

/* A difference with the state, as compliance.reconcile lists it. */
json_t *
reply_reconcile_diff(const struct reconcile_diff *d)
{
	const struct reconcile_event	*e;
	json_t				*o, *pending;
	size_t				 i;

	pending = json_array();
	for (i = 0; i < d->npending; i++) {
		e = &d->pending[i];
		json_array_append_new(pending, json_pack("{s:I, s:s, s:s, "
		    "s:s, s:I, s:b}", "job", (json_int_t)e->job, "kind",
		    outbox_kind_name(e->kind), "state",
		    outbox_state_name(e->state), "ref", e->ref, "effect",
		    (json_int_t)e->effect, "uncertain", e->uncertain));
	}
	if (d->kind == RECONCILE_HOLD)
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "tag", d->tag,
		    "kind", reconcile_kind_name(d->kind), "ours", "not held", "state",
		    d->recalled ? "recalled" : "on hold", "unit", d->unit,
		    "pending", pending);
	else
		o = json_pack("{s:s, s:s, s:o, s:o, s:s, s:o}", "tag", d->tag,
		    "kind", reconcile_kind_name(d->kind), "ours",
		    reply_reconcile_qty(d->ours), "state",
		    reply_reconcile_qty(d->state), "unit", d->unit, "pending",
		    pending);
	if (d->kind == RECONCILE_QUANTITY && !d->explained)
		json_object_set_new(o, "unexplained",
		    json_integer(d->unexplained));
	if (d->kind == RECONCILE_HOLD)
		json_object_set_new(o, "action", json_string("held here"));
	return (o);
}

/* A difference into its list (cb for reconcile_walk_new). */
void
reply_reconcile_add(const struct reconcile_diff *d, void *arg)
{
	struct reply_reconcile	*w = arg;

	json_array_append_new(d->explained ? w->explained : w->diffs,
	    reply_reconcile_diff(d));
	if (w->run != NULL)
		reconcile_run_count(w->run, d);
	if (d->kind == RECONCILE_HOLD) {
		json_array_append_new(w->held, json_string(d->tag));
		json_array_append_new(w->holds, json_pack("{s:s, s:b}", "tag",
		    d->tag, "recall", d->recalled));
	}
}

/* The lists a comparison's differences go into (reply_reconcile_add). */
struct reply_reconcile *
reply_reconcile_new(void)
{
	struct reply_reconcile	*w;

	w = xcalloc(1, sizeof *w);
	w->diffs = json_array();
	w->explained = json_array();
	w->held = json_array();
	w->holds = json_array();
	return (w);
}

void
reply_reconcile_free(struct reply_reconcile *w)
{
	if (w == NULL)
		return;
	json_decref(w->diffs);
	json_decref(w->explained);
	json_decref(w->held);
	json_decref(w->holds);
	free(w);
}

/*
 * The comparison done (sum its summary): compliance.reconcile's result as
 * stashctl gives it too, and in *holds what is to be held here ({"tag",
 * "recall"} each). w is freed.
 */
json_t *
reply_reconcile_end(struct reply_reconcile *w,
    const struct reconcile_summary *sum, json_t **holds)
{
	json_t	*result;

	*holds = json_incref(w->holds);
	result = json_pack("{s:I, s:i, s:O, s:O, s:O}", "packages",
	    (json_int_t)sum->packages, "compared", sum->compared,
	    "differences", w->diffs, "explained", w->explained, "held",
	    w->held);
	reply_reconcile_free(w);
	return (result);
}

/*
 * The comparison with the state's active packages in one transaction
 * (reconcile_compare), as reply_reconcile_end gives it, and its figures
 * in *run (reconcile_run_count). NULL with t->ret set if the ledger could
 * not be read.
 */
json_t *
reply_reconcile(struct store_txn *t, json_t *packages, json_t **holds,
    struct reconcile_run *run)
{
	struct reply_reconcile		*w;
	struct reconcile_summary	 sum;

	w = reply_reconcile_new();
	w->run = run;
	if (reconcile_compare(t, packages, reply_reconcile_add, w,
	    &sum) != 0) {
		reply_reconcile_free(w);
		*holds = NULL;
		return (NULL);
	}
	run->packages = (int64_t)sum.packages;
	run->compared = sum.compared;
	return (reply_reconcile_end(w, &sum, holds));
}

/*
 * A reconciliation the ledger keeps, as compliance.reconcile.history and
 * stashctl compliance reconcile --history give it.
 */
json_t *
reply_reconcile_run(const struct reconcile_run *r)
{
	json_t	*kinds;
	int64_t	 total = 0;
	u_int	 i;

	kinds = json_object();
	for (i = 0; i < RECONCILE_KINDS; i++) {
		json_object_set_new(kinds, reconcile_kind_name(i),
		    json_integer(r->kinds[i]));
		total += r->kinds[i];
	}
	return (json_pack("{s:I, s:I, s:I, s:s, s:I, s:I, s:I, s:o, s:I, "
	    "s:I}", "id", (json_int_t)r->id, "at", (json_int_t)r->at,
	    "staff", (json_int_t)r->staff, "who", r->who, "packages",
	    (json_int_t)r->packages, "compared", (json_int_t)r->compared,
	    "differences", (json_int_t)total, "by_kind", kinds,
	    "explained", (json_int_t)r->explained, "held",
	    (json_int_t)r->held));
}

/* --- orders --- */

/* An order, as order.get, order.list and stashctl order show --json. */
/* What packing, a trip and the hand-over added to an order. */
static void
reply_order_packing(json_t *j, const struct order *o)
{
	json_t	*picks;
	u_int	 i;

	picks = json_array();
	for (i = 0; i < o->npicks; i++)
		json_array_append_new(picks, json_pack("{s:s, s:i, s:I, s:s?}",
		    "tag", o->picks[i].tag, "line", (int)o->picks[i].line + 1,
		    "qty", (json_int_t)o->picks[i].qty, "weighed",
		    store_adjust_weighed_name(o->picks[i].weighed)));
	json_object_set_new(j, "picks", picks);
	if (o->packer != 0) {
		json_object_set_new(j, "packer", json_integer(o->packer));
		json_object_set_new(j, "sealed", json_integer(o->sealed));
	}
	if (o->trip != 0)
		json_object_set_new(j, "trip", json_integer((json_int_t)o->trip));
	if (o->sale != 0) {
		json_object_set_new(j, "sale", json_integer((json_int_t)o->sale));
		json_object_set_new(j, "collected", json_integer(o->collected));
	}
}

json_t *
reply_order(const struct order *o)
{
	const struct order_line	*l;
	const struct order_event *e;
	json_t			*j, *lines, *taxes, *hist, *je;
	u_int			 i;

	lines = json_array();
	for (i = 0; i < o->nlines; i++) {
		l = &o->lines[i];
		json_array_append_new(lines, json_pack("{s:I, s:s, s:s, s:I, "
		    "s:I, s:I, s:I}", "product", (json_int_t)l->product,
		    "name", l->name, "unit",
		    store_product_unit_name(l->unit_weight), "qty",
		    (json_int_t)l->qty, "price", (json_int_t)l->price, "total",
		    (json_int_t)l->total, "tax", (json_int_t)l->tax));
	}
	taxes = json_array();
	for (i = 0; i < o->ntaxes; i++) {
		json_array_append_new(taxes, json_pack("{s:s, s:s, s:I, s:I}",
		    "name", o->taxes[i].name, "label", o->taxes[i].label[0] !=
		    '\0' ? o->taxes[i].label : o->taxes[i].name, "rate_ppm",
		    (json_int_t)o->taxes[i].ppm, "amount",
		    (json_int_t)o->taxes[i].amount));
	}
	hist = json_array();
	for (i = 0; i < o->nhistory; i++) {
		e = &o->history[i];
		je = json_pack("{s:s, s:I, s:I, s:s}", "status",
		    store_order_status_name(e->status), "time",
		    (json_int_t)e->time, "staff", (json_int_t)e->staff,
		    "terminal", e->terminal);
		if (e->reason[0] != '\0')
			json_object_set_new(je, "reason",
			    json_string(e->reason));
		json_array_append_new(hist, je);
	}
	j = json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)o->id,
	    "ref", o->ref, "status", store_order_status_name(o->status),
	    "channel", store_order_channel_name(o->channel), "customer",
	    (json_int_t)o->customer);
	if (o->patient != 0)
		json_object_set_new(j, "patient", json_integer(o->patient));
	if (o->channel == ORDER_DELIVERY)
		json_object_set_new(j, "address", json_pack("{s:s, s:s, s:s, "
		    "s:s, s:I, s:I}", "street", o->street, "city", o->city,
		    "state", o->state, "zip", o->zip, "lat",
		    (json_int_t)o->lat, "lon", (json_int_t)o->lon));
	json_object_set_new(j, "window", json_pack("{s:I, s:I}", "start",
	    (json_int_t)o->window_start, "end", (json_int_t)o->window_end));
	json_object_set_new(j, "lines", lines);
	json_object_set_new(j, "subtotal", json_integer(o->subtotal));
	json_object_set_new(j, "taxes", taxes);
	json_object_set_new(j, "tax", json_integer(o->tax));
	json_object_set_new(j, "tax_included",
	    json_boolean(o->tax_included));
	if (o->channel == ORDER_DELIVERY) {
		json_object_set_new(j, "zone", json_integer(o->zone));
		json_object_set_new(j, "distance_m",
		    json_integer(o->distance));
	}
	json_object_set_new(j, "fee", json_integer(o->fee));
	json_object_set_new(j, "total", json_integer(o->total));
	json_object_set_new(j, "notes", json_string(o->notes));
	json_object_set_new(j, "created", json_integer(o->created));
	json_object_set_new(j, "staff", json_integer(o->staff));
	json_object_set_new(j, "terminal", json_string(o->terminal));
	if (o->expires != 0)
		json_object_set_new(j, "expires", json_integer(o->expires));
	reply_order_packing(j, o);
	json_object_set_new(j, "history", hist);
	return (j);
}

/*
 * A package's stock event: its quantity on hand, what of it the register
 * may sell (available: less what orders reserve of its product) and the
 * status it shows (held while a hold covers it: the holds table says,
 * inventory_status_name); location when the caller has moved it.
 */
json_t *
reply_stock_event(struct store_txn *t, const struct package *pk,
    int64_t available, int location)
{
	struct hold	 h;
	json_t		*j;

	j = json_pack("{s:s, s:s, s:I, s:I, s:s}", "event", "stock", "tag",
	    pk->tag, "qty", (json_int_t)pk->qty, "available",
	    (json_int_t)available, "status", inventory_status_name(pk,
	    store_hold_match(t, pk, &h) == 0));
	if (location)
		json_object_set_new(j, "location", json_string(pk->location));
	return (j);
}

/* --- cash drawers and the Z report --- */

/* A drawer session with its totals (drawer.h), as DRAWER. */
json_t *
reply_drawer(const struct drawer *d, const struct drawer_totals *dt)
{
	int64_t	 expected = drawer_expected(d, dt);
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
	json_object_set_new(j, "cash_in", json_integer(dt->cash_in));
	json_object_set_new(j, "void_cash", json_integer(dt->void_cash));
	json_object_set_new(j, "refunds", json_pack("{s:I, s:I, s:I}",
	    "count", (json_int_t)dt->refunds, "cash",
	    (json_int_t)dt->refunds_cash, "card",
	    (json_int_t)dt->refunds_card));
	return (j);
}

/* A line of the Z report: a register's totals, or the store's. */
json_t *
reply_z_totals(const struct drawer_totals *dt)
{
	return (json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "sales", (json_int_t)dt->sales, "total", (json_int_t)dt->total,
	    "cash", (json_int_t)dt->cash, "card", (json_int_t)dt->card,
	    "voids", (json_int_t)dt->voids, "voided", (json_int_t)dt->voided,
	    "refunds", (json_int_t)dt->refunds, "refunds_cash",
	    (json_int_t)dt->refunds_cash, "refunds_card",
	    (json_int_t)dt->refunds_card));
}

/* The Z report of date (YYYY-MM-DD), with whether its cash ties out. */
json_t *
reply_z(const char *date, const struct report_z *z)
{
	const struct report_ztie	*tie = &z->tie;
	const struct report_zmove	*m;
	json_t				*regs, *drawers, *out, *jm;
	u_int				 i;

	regs = json_object();
	for (i = 0; i < z->nregs; i++)
		json_object_set_new(regs, z->regs[i].terminal,
		    reply_z_totals(&z->regs[i].totals));
	drawers = json_array();
	for (i = 0; i < z->ndrawers; i++)
		json_array_append_new(drawers,
		    reply_drawer(&z->drawers[i].drawer, &z->drawers[i].totals));
	out = json_array();
	for (i = 0; i < tie->nout; i++) {
		m = &tie->out[i];
		jm = json_pack("{s:s, s:I, s:I, s:s, s:I, s:I, s:I, s:s}",
		    "kind", report_z_kind(m->kind), "id", (json_int_t)m->id,
		    "sale", (json_int_t)m->sale, "terminal", m->terminal,
		    "time", (json_int_t)m->time, "amount",
		    (json_int_t)m->amount, "drawer", (json_int_t)m->drawer,
		    "why", report_z_why(m->why));
		json_array_append_new(out, jm);
	}
	return (json_pack("{s:s, s:o, s:o, s:o, s:{s:b, s:I, s:I, s:I, "
	    "s:i, s:o}}", "date", date, "registers", regs, "store",
	    reply_z_totals(&z->store), "drawers", drawers, "cash",
	    "ties_out", tie->outside == 0 && tie->day == tie->drawers,
	    "day", (json_int_t)tie->day, "drawers", (json_int_t)tie->drawers,
	    "difference", (json_int_t)(tie->day - tie->drawers), "outside",
	    (int)tie->outside, "moves", out));
}

json_t *
reply_dexc(const struct dexc *x)
{
	return (json_pack("{s:I, s:I, s:I, s:I, s:s, s:s, s:I, s:I, s:I, "
	    "s:s, s:s, s:s, s:I, s:I, s:s}", "id", (json_int_t)x->id, "trip",
	    (json_int_t)x->trip, "order", (json_int_t)x->order, "sale",
	    (json_int_t)x->sale, "key", x->key, "kind",
	    store_trip_ev_name(x->kind), "at", (json_int_t)x->at, "time",
	    (json_int_t)x->time, "staff", (json_int_t)x->staff, "terminal",
	    x->terminal, "message", x->message, "status",
	    store_dexc_status_name(x->status), "resolved_by",
	    (json_int_t)x->resolved_by, "resolved_at",
	    (json_int_t)x->resolved_at, "note", x->note));
}

json_t *
reply_fix(const struct gps_fix *f)
{
	return (json_pack("{s:I, s:I, s:I, s:i, s:i, s:b}", "lat",
	    (json_int_t)f->lat, "lon", (json_int_t)f->lon, "at",
	    (json_int_t)f->at, "quality", f->quality, "sats", f->sats,
	    "stale", f->stale));
}

/* A stop event of a trip (trip.track, stashctl trip track and stops). */
json_t *
reply_trip_event(const struct trip_event *ev)
{
	json_t	*j, *a;
	u_int	 i;

	j = json_pack("{s:s, s:I, s:I, s:I, s:s, s:I, s:o}", "kind",
	    store_trip_ev_name(ev->kind), "order", (json_int_t)ev->order,
	    "at", (json_int_t)ev->at, "seq", (json_int_t)ev->seq, "reason",
	    ev->reason, "sale", (json_int_t)ev->sale, "fix", ev->hasfix ?
	    reply_fix(&ev->fix) : json_null());
	if (ev->kind == TRIP_EV_REORDER) {
		a = json_array();
		for (i = 0; i < ev->nroute; i++)
			json_array_append_new(a, json_integer(ev->route[i]));
		json_object_set_new(j, "orders", a);
	}
	return (j);
}

/*
 * A string that may not be UTF-8 (a state's message, an old record): its
 * other bytes become '?', so it is still a string (a report row keeps its
 * columns). NULL is "".
 */
json_t *
reply_string(const char *s)
{
	json_t	*j;
	char	*copy;
	size_t	 i;

	if (s == NULL)
		s = "";
	if ((j = json_string(s)) != NULL)
		return (j);
	copy = xstrdup(s);
	for (i = 0; copy[i] != '\0'; i++) {
		if ((u_char)copy[i] >= 0x80)
			copy[i] = '?';
	}
	j = json_string(copy);
	free(copy);
	return (j != NULL ? j : json_string(""));
}

/*
 * A TRIP (doc/protocol.md, trip.get) as the ledger has it: its orders with
 * their status, what came back missing and, once closed, the cash over or
 * short. trip.* add the live GPS fields (op_trip_gps).
 */
json_t *
reply_trip(struct store_txn *t, const struct trip *tr)
{
	json_t		*orders, *missing, *j, *f;
	struct order	*o;
	u_int		 i;

	orders = json_array();
	o = xmalloc(sizeof *o);
	for (i = 0; i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) != 0)
			continue;
		json_array_append_new(orders, json_pack("{s:I, s:s, s:I}",
		    "id", (json_int_t)o->id, "status",
		    store_order_status_name(o->status), "customer",
		    (json_int_t)o->customer));
	}
	free(o);
	missing = json_array();
	for (i = 0; i < tr->nmissing; i++)
		json_array_append_new(missing, json_pack("{s:s, s:I}", "tag",
		    tr->missing[i].tag, "qty", (json_int_t)tr->missing[i].qty));
	j = json_pack("{s:I, s:s, s:I, s:s, s:o, s:I, s:s, s:I, s:I, "
	    "s:I, s:I, s:I, s:I, s:I, s:o, s:I, s:I, s:s}", "id",
	    (json_int_t)tr->id, "status", store_trip_status_name(tr->status),
	    "driver", (json_int_t)tr->driver, "vehicle", tr->plate, "orders",
	    orders, "depart_at", (json_int_t)tr->depart_at, "ledger",
	    tr->ledger, "created", (json_int_t)tr->created, "loaded",
	    (json_int_t)tr->loaded, "departed", (json_int_t)tr->departed,
	    "closed", (json_int_t)tr->closed, "collected",
	    (json_int_t)tr->collected, "counted", (json_int_t)tr->counted,
	    "over_short", (json_int_t)(tr->status == TRIP_CLOSED ?
	    trip_over_short(tr->collected, tr->counted) : 0), "missing",
	    missing, "taken_by", (json_int_t)tr->taken_by, "taken_at",
	    (json_int_t)tr->taken_at, "handheld", tr->handheld);
	/* Floating stock taken on board on the road (trip.restock). */
	f = json_array();
	for (i = 0; i < tr->nfloat; i++)
		json_array_append_new(f, json_string(tr->floating[i].tag));
	json_object_set_new(j, "floating", f);
	return (j);
}

/* The delivery rules a trip breaks (trip.check, stashctl trip check). */
json_t *
reply_delivery_violations(const struct delivery_result *res)
{
	json_t	*v;
	u_int	 i;

	v = json_array();
	for (i = 0; i < res->nv; i++)
		json_array_append_new(v, json_pack("{s:s, s:i, s:I, s:I, s:s, "
		    "s:i, s:s}", "rule", res->v[i].rule, "order",
		    res->v[i].order, "limit", (json_int_t)res->v[i].limit,
		    "actual", (json_int_t)res->v[i].actual, "cite",
		    res->v[i].cite != NULL ? res->v[i].cite : "", "line",
		    (int)res->v[i].line, "message", res->v[i].message));
	return (v);
}

/* A report row as an array of cells. */
static json_t *
reply_table_row(const struct report_table *rt, const struct report_row *row)
{
	json_t	*a;
	u_int	 j;

	a = json_array();
	for (j = 0; j < rt->ncolumns; j++) {
		if (rt->columns[j].kind == REPORT_TEXT)
			json_array_append_new(a,
			    reply_string(row->cells[j].text));
		else
			json_array_append_new(a, json_integer(row->cells[j].v));
	}
	return (a);
}

/*
 * A report table: {"title", "columns": [{"name", "kind"}], "rows": [[cell,
 * ...]], "total": [cell, ...] or null}, each cell an integer in its
 * column's unit (cents, mg, hundredths of a percent, UTC microseconds) or
 * a string.
 */
json_t *
reply_table(const struct report_table *rt)
{
	json_t	*cols, *rows;
	u_int	 i;

	cols = json_array();
	for (i = 0; i < rt->ncolumns; i++)
		json_array_append_new(cols, json_pack("{s:s,s:s}", "name",
		    rt->columns[i].name, "kind",
		    report_kind_name(rt->columns[i].kind)));
	rows = json_array();
	for (i = 0; i < rt->nrows; i++)
		json_array_append_new(rows, reply_table_row(rt, &rt->rows[i]));
	return (json_pack("{s:s,s:o,s:o,s:o}", "title", rt->title, "columns",
	    cols, "rows", rows, "total", rt->has_total ?
	    reply_table_row(rt, &rt->total) : json_null()));
}

/* A report's table and its period: "from" and "to", YYYY-MM-DD. */
json_t *
reply_report(const struct report_table *rt, int from, int to)
{
	json_t	*j;
	char	 a[16], b[16];

	j = reply_table(rt);
	snprintf(a, sizeof a, "%04d-%02d-%02d", from / 10000,
	    from / 100 % 100, from % 100);
	snprintf(b, sizeof b, "%04d-%02d-%02d", to / 10000, to / 100 % 100,
	    to % 100);
	json_object_set_new(j, "from", json_string(a));
	json_object_set_new(j, "to", json_string(b));
	return (j);
}


/* A sale line's members, as op-sale.c's tree has them. */
static int
reply_sale_line_put(struct buf *b, struct store_txn *t,
    const struct sale_line *l)
{
	struct product	p;
	int64_t		thc = l->thc_mg;

	proto_put_open(b, NULL, '{');
	if (proto_put_str(b, "tag", l->tag) != 0)
		return (-1);
	proto_put_int(b, "product", l->product);
	if (proto_put_str(b, "name", l->name) != 0)
		return (-1);
	proto_put_str(b, "unit", store_product_unit_name(l->unit_weight));
	proto_put_int(b, "qty", l->qty);
	proto_put_int(b, "price", l->price);
	proto_put_int(b, "total", l->total);
	if (l->returned != 0)
		proto_put_int(b, "returned", l->returned);
	if (l->typed)
		proto_put_str(b, "weight", "typed");
	if (thc < 0 && store_product_get(t, l->product, &p) == 0)
		thc = sale_line_thc_mg(&p, l->unit_weight, l->qty);
	if (thc >= 0)
		proto_put_int(b, "thc_mg", thc);
	buf_addc(b, '}');
	return (0);
}

static int
reply_sale_put(struct buf *b, struct store_txn *t, const struct rules *r,
    uint32_t who, const struct sale *s)
{
	const struct sale_discount	*d;
	const struct sale_tax		*tx;
	struct staff			 st;
	struct customer			 cu;
	u_int				 i;

	if (store_staff_get(t, s->staff, &st) != 0)
		strlcpy(st.name, "?", sizeof st.name);
	proto_put_open(b, "sale", '{');
	proto_put_int(b, "id", (json_int_t)s->id);
	if (proto_put_str(b, "ref", s->ref) != 0)
		return (-1);
	proto_put_int(b, "time", s->time);
	if (proto_put_str(b, "terminal", s->terminal) != 0)
		return (-1);
	proto_put_open(b, "staff", '{');
	proto_put_int(b, "id", s->staff);
	if (proto_put_str(b, "name", st.name) != 0)
		return (-1);
	buf_addc(b, '}');
	proto_put_open(b, "lines", '[');
	for (i = 0; i < s->nlines; i++) {
		if (reply_sale_line_put(b, t, &s->lines[i]) != 0)
			return (-1);
	}
	buf_addc(b, ']');
	proto_put_int(b, "subtotal", s->subtotal);
	proto_put_int(b, "total", s->total);
	proto_put_int(b, "tendered", s->tendered);
	proto_put_int(b, "change", s->change);
	proto_put_str(b, "status", s->status == SALE_VOID ? "void" :
	    "complete");
	if (s->ndiscounts != 0) {
		proto_put_open(b, "discounts", '[');
		for (i = 0; i < s->ndiscounts; i++) {
			d = &s->discounts[i];
			proto_put_open(b, NULL, '{');
			proto_put_str(b, "kind",
			    store_sale_discount_name(d->kind));
			proto_put_int(b, "amount", d->amount);
			if (d->line != 0)
				proto_put_int(b, "line", d->line);
			else
				proto_put_bool(b, "cart", 1);
			if (d->kind == DISCOUNT_LOYALTY)
				proto_put_int(b, "points", d->value);
			else if (d->percent != 0)
				proto_put_int(b, "percent", d->percent);
			if (d->reason[0] != '\0' &&
			    proto_put_str(b, "reason", d->reason) != 0)
				return (-1);
			if (d->approver != 0)
				proto_put_int(b, "approver", d->approver);
			buf_addc(b, '}');
		}
		buf_addc(b, ']');
		proto_put_int(b, "discount", s->discount);
	}
	if (s->fee != 0) {
		proto_put_open(b, "fee", '{');
		proto_put_int(b, "amount", s->fee);
		proto_put_int(b, "tax", s->fee_tax);
		buf_addc(b, '}');
	}
	if (s->customer != 0) {
		if (store_customer_get(t, s->customer, &cu) != 0)
			cu.loyalty = 0;
		proto_put_open(b, "loyalty", '{');
		proto_put_int(b, "earned", s->points_earned);
		proto_put_int(b, "redeemed", s->points_redeemed);
		proto_put_int(b, "balance", cu.loyalty);
		buf_addc(b, '}');
	}
	if (s->refunded != 0)
		proto_put_int(b, "refunded", s->refunded);
	if (s->drawer != 0)
		proto_put_int(b, "drawer", s->drawer);
	if (s->ntaxes != 0) {
		proto_put_open(b, "taxes", '[');
		for (i = 0; i < s->ntaxes; i++) {
			tx = &s->taxes[i];
			proto_put_open(b, NULL, '{');
			if (proto_put_str(b, "name", tx->name) != 0 ||
			    proto_put_str(b, "label", tx->label[0] != '\0' ?
			    tx->label : tx->name) != 0)
				return (-1);
			proto_put_str(b, "level",
			    rules_tax_level_name(tx->level));
			proto_put_int(b, "rate_ppm", tx->ppm);
			proto_put_int(b, "amount", tx->amount);
			if (tx->per_mg != 0)
				proto_put_int(b, "per_mg", tx->per_mg);
			buf_addc(b, '}');
		}
		buf_addc(b, ']');
		proto_put_int(b, "tax", s->tax);
		proto_put_bool(b, "tax_included", s->tax_included);
	}
	if (s->card != 0) {
		proto_put_open(b, "card", '{');
		proto_put_int(b, "amount", s->card);
		if (proto_put_str(b, "ref", s->card_ref) != 0)
			return (-1);
		buf_addc(b, '}');
	}
	if (s->customer != 0)
		proto_put_int(b, "customer", s->customer);
	if (s->patient != 0)
		proto_put_int(b, "patient", s->patient);
	if (s->status == SALE_VOID) {
		proto_put_open(b, "void", '{');
		proto_put_int(b, "time", s->void_time);
		proto_put_int(b, "staff", s->void_staff);
		proto_put_int(b, "approver", s->void_approver);
		if (proto_put_str(b, "reason", s->void_reason) != 0)
			return (-1);
		buf_addc(b, '}');
	}
	if (r != NULL) {
		proto_put_open(b, "receipt", '{');
		proto_put_bool(b, "licence",
		    (r->receipt & RULES_RECEIPT_LICENCE) != 0);
		proto_put_bool(b, "tags", (r->receipt & RULES_RECEIPT_TAGS) != 0);
		proto_put_bool(b, "thc", (r->receipt & RULES_RECEIPT_THC) != 0 &&
		    (r->receipt_thc_who & who) != 0);
		proto_put_open(b, "warnings", '[');
		for (i = 0; i < r->nwarnings; i++) {
			if ((r->warnings[i].who & who) != 0 &&
			    proto_put_str(b, NULL, r->warnings[i].text) != 0)
				return (-1);
		}
		buf_addc(b, ']');
		buf_addc(b, '}');
	}
	buf_addc(b, '}');
	return (0);
}

/*
 * sale.commit's whole reply line, {"id":..,"result":{"sale":..,
 * "replayed":..}}, written straight into b (reset first) with no jansson
 * tree: the same members in the same order as op-sale.c's tree for
 * sale.get (sale-reply.py holds them equal). who is the customer type
 * (LC_*) for the receipt. -1 if a string is not UTF-8: build the tree.
 */
int
reply_sale_line(struct buf *b, json_int_t id, struct store_txn *t,
    const struct rules *r, uint32_t who, const struct sale *s, int replayed)
{
	buf_reset(b);
	proto_put_open(b, NULL, '{');
	proto_put_int(b, "id", id);
	proto_put_open(b, "result", '{');
	if (reply_sale_put(b, t, r, who, s) != 0)
		return (-1);
	proto_put_bool(b, "replayed", replayed);
	buf_add(b, "}}\n", 3);
	return (0);
}
