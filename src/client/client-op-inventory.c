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

#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "client-op.h"

/*
 * Packages, holds, traces and stock lists (package.get, .move, .adjust,
 * hold.set, .release, .list, trace, inventory.low, .expiring). The parsers
 * are pure: a reply's JSON in, C data out (tests/unit/test-client-op.c).
 * Strings are copied; a package's history and sales and the lists are
 * allocated, freed by the matching _free.
 */

static const struct client_op_error client_op_inventory_bad = {
	"bad-reply", "stashd's answer about the stock could not be read"
};

/* A LAB object (none: status ""). */
void
client_op_lab_parse(json_t *o, struct client_op_lab *lab)
{
	memset(lab, 0, sizeof *lab);
	client_op_copy(lab->status, sizeof lab->status, o, "status");
	lab->thc = client_op_int(o, "thc");
	lab->cbd = client_op_int(o, "cbd");
	client_op_copy(lab->lab, sizeof lab->lab, o, "lab");
	lab->tested = (int)client_op_int(o, "tested");
	lab->expires = (int)client_op_int(o, "expires");
	client_op_copy(lab->cert, sizeof lab->cert, o, "certificate");
}

static int
client_op_weighed(json_t *o, const char *key)
{
	const char	*unit = client_op_str(o, key);

	return (unit != NULL && strcmp(unit, "weight") == 0);
}

static void
client_op_hold_parse(json_t *o, struct client_op_hold *h)
{
	memset(h, 0, sizeof *h);
	client_op_copy(h->scope, sizeof h->scope, o, "scope");
	client_op_copy(h->key, sizeof h->key, o, "key");
	h->recall = json_is_true(json_object_get(o, "recall"));
	client_op_copy(h->reason, sizeof h->reason, o, "reason");
	h->staff = client_op_int(o, "staff");
	h->time = client_op_int(o, "time");
}

static int
client_op_hold_row(json_t *o, void *el)
{
	client_op_hold_parse(o, el);
	return (0);
}

/* One ADJUST object. */
static int
client_op_history_one(json_t *o, void *el)
{
	struct client_op_adjust	*a = el;
	const char		*kind;

	a->id = client_op_int(o, "id");
	a->time = client_op_int(o, "time");
	kind = client_op_str(o, "kind");
	a->move = kind != NULL && strcmp(kind, "move") == 0;
	a->delta = client_op_int(o, "delta");
	a->qty_after = client_op_int(o, "qty_after");
	client_op_copy(a->reason, sizeof a->reason, o, "reason");
	client_op_copy(a->note, sizeof a->note, o, "note");
	client_op_copy(a->from, sizeof a->from, o, "from");
	client_op_copy(a->to, sizeof a->to, o, "to");
	a->staff = client_op_int(o, "staff");
	a->witness = client_op_int(o, "witness");
	client_op_copy(a->terminal, sizeof a->terminal, o, "terminal");
	client_op_copy(a->weight, sizeof a->weight, o, "weight");
	return (0);
}

/* A list of ADJUST objects into the package's history (replacing it). */
static void
client_op_history_parse(json_t *list, struct client_op_package *pk)
{
	free(pk->history);
	pk->history = client_op_rows(list, &pk->nhistory,
	    sizeof *pk->history, client_op_history_one);
}

static int
client_op_sales_one(json_t *o, void *el)
{
	struct client_op_trace_sale	*ts = el;
	const char			*status;

	ts->sale = client_op_int(o, "sale");
	ts->time = client_op_int(o, "time");
	client_op_copy(ts->terminal, sizeof ts->terminal, o, "terminal");
	ts->staff = client_op_int(o, "staff");
	ts->qty = client_op_int(o, "qty");
	status = client_op_str(o, "status");
	ts->void_ = status != NULL && strcmp(status, "void") == 0;
	return (0);
}

/* A trace's sales of a package. */
static void
client_op_sales_parse(json_t *list, struct client_op_package *pk)
{
	pk->sales = client_op_rows(list, &pk->nsales, sizeof *pk->sales,
	    client_op_sales_one);
}

/*
 * A PACKAGE object, with its product and hold, and the history, sales
 * and sold a trace adds to it; -1 if it is not one.
 */
int
client_op_package_parse(json_t *p, struct client_op_package *pk)
{
	json_t	*pr, *hold;

	memset(pk, 0, sizeof *pk);
	if (!json_is_object(p))
		return (-1);
	client_op_copy(pk->tag, sizeof pk->tag, p, "tag");
	client_op_copy(pk->batch, sizeof pk->batch, p, "batch");
	client_op_copy(pk->supplier, sizeof pk->supplier, p, "supplier");
	pk->qty = client_op_int(p, "qty");
	pk->received_qty = client_op_int(p, "received_qty");
	client_op_copy(pk->status, sizeof pk->status, p, "status");
	client_op_copy(pk->location, sizeof pk->location, p, "location");
	pk->harvested = (int)client_op_int(p, "harvested");
	pk->packaged = (int)client_op_int(p, "packaged");
	pk->expires = (int)client_op_int(p, "expires");
	pk->unit_cost = client_op_int(p, "unit_cost");
	client_op_lab_parse(json_object_get(p, "lab"), &pk->lab);
	pr = json_object_get(p, "product");
	if (json_is_object(pr)) {
		pk->has_product = 1;
		pk->product = client_op_int(pr, "id");
		client_op_copy(pk->sku, sizeof pk->sku, pr, "sku");
		client_op_copy(pk->name, sizeof pk->name, pr, "name");
		client_op_copy(pk->category, sizeof pk->category, pr,
		    "category");
		pk->weighed = client_op_weighed(pr, "unit");
		pk->price = client_op_int(pr, "price");
	}
	hold = json_object_get(p, "hold");
	if (json_is_object(hold)) {
		pk->has_hold = 1;
		client_op_hold_parse(hold, &pk->hold);
	}
	client_op_history_parse(json_object_get(p, "history"), pk);
	client_op_sales_parse(json_object_get(p, "sales"), pk);
	pk->sold = client_op_int(p, "sold");
	pk->continued = json_is_true(json_object_get(p, "continued"));
	return (0);
}

static int
client_op_package_row(json_t *o, void *el)
{
	return (client_op_package_parse(o, el));
}

void
client_op_package_free(struct client_op_package *pk)
{
	free(pk->history);
	free(pk->sales);
	memset(pk, 0, sizeof *pk);
}

/* Move a parsed package into dst (freed first); src is left empty. */
void
client_op_package_take(struct client_op_package *dst,
    struct client_op_package *src)
{
	client_op_package_free(dst);
	*dst = *src;
	memset(src, 0, sizeof *src);
}

/*
 * A package.get, .move or .adjust result: {"package":PACKAGE} and, from
 * package.get, {"history":[ADJUST...]} beside it.
 */
int
client_op_inventory_parse_get(json_t *result, struct client_op_package *pk)
{
	if (client_op_package_parse(json_object_get(result, "package"),
	    pk) != 0)
		return (-1);
	if (json_object_get(result, "history") != NULL)
		client_op_history_parse(json_object_get(result, "history"), pk);
	return (0);
}

static void
client_op_package_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_package_cb		cb = (client_op_package_cb)call->cb;
	struct client_op_package	pk;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_inventory_parse_get(result, &pk) != 0) {
		cb(&client_op_inventory_bad, NULL, call->arg);
		return;
	}
	cb(err, &pk, call->arg);
	client_op_package_free(&pk);
}

/* package.get {"tag":".."}: the package and its history. */
json_int_t
client_op_package_get(const char *tag, client_op_package_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "package.get" };

	req.args = json_pack("{s:s}", "tag", tag);
	return (client_op_call(&req, client_op_package_reply, (client_op_fn)cb,
	    arg));
}

/* package.move {"tag":..,"to":..}. */
json_int_t
client_op_package_move(const char *tag, const char *to,
    client_op_package_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "package.move" };

	req.args = json_pack("{s:s, s:s}", "tag", tag, "to", to);
	return (client_op_call(&req, client_op_package_reply, (client_op_fn)cb,
	    arg));
}

/* package.lab: a lab result for a package in stock; the package back. */
json_int_t
client_op_package_lab(const struct client_op_lab_req *in,
    client_op_package_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "package.lab" };

	req.args = json_pack("{s:s, s:s, s:I, s:I}", "tag", in->tag,
	    "status", in->status, "thc", (json_int_t)in->thc, "cbd",
	    (json_int_t)in->cbd);
	if (in->lab != NULL && *in->lab != '\0')
		json_object_set_new(req.args, "lab", json_string(in->lab));
	if (in->tested != 0)
		json_object_set_new(req.args, "tested",
		    json_integer(in->tested));
	if (in->expires != 0)
		json_object_set_new(req.args, "expires",
		    json_integer(in->expires));
	if (in->cert != NULL && *in->cert != '\0')
		json_object_set_new(req.args, "certificate",
		    json_string(in->cert));
	return (client_op_call(&req, client_op_package_reply, (client_op_fn)cb,
	    arg));
}

/*
 * package.adjust: the change, its reason, a note, where a weight came
 * from and, for a destruction, the witness.
 */
json_int_t
client_op_package_adjust(const struct client_op_adjust_req *in,
    client_op_package_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "package.adjust" };
	json_t			*args;

	args = json_pack("{s:s, s:I, s:s}", "tag", in->tag, "delta",
	    (json_int_t)in->delta, "reason", in->reason);
	if (in->note != NULL && *in->note != '\0')
		json_object_set_new(args, "note", json_string(in->note));
	if (in->weight != CLIENT_OP_WEIGHT_NONE)
		json_object_set_new(args, "weight", json_string(in->weight ==
		    CLIENT_OP_WEIGHT_SCALE ? "scale" : "typed"));
	if (in->witness != 0)
		json_object_set_new(args, "witness", json_pack("{s:I, s:s}",
		    "staff", (json_int_t)in->witness, "pin",
		    in->pin != NULL ? in->pin : ""));
	req.args = args;
	return (client_op_call(&req, client_op_package_reply, (client_op_fn)cb,
	    arg));
}

/* hold.set {"scope","key","reason","recall"}. */
json_int_t
client_op_hold_set(const struct client_op_hold_req *in, client_op_done_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "hold.set" };

	req.args = json_pack("{s:s, s:s, s:s, s:b}", "scope", in->scope, "key",
	    in->key, "reason", in->reason, "recall", in->recall);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}

/* hold.release {"scope","key","reason"}. */
json_int_t
client_op_hold_release(const struct client_op_hold_req *in,
    client_op_done_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "hold.release" };

	req.args = json_pack("{s:s, s:s, s:s}", "scope", in->scope, "key",
	    in->key, "reason", in->reason);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}

/* A hold.list result: {"holds":[...]}. */
int
client_op_inventory_parse_holds(json_t *result, struct client_op_hold_list *l)
{
	json_t	*list = json_object_get(result, "holds");

	memset(l, 0, sizeof *l);
	if (!json_is_array(list))
		return (-1);
	l->list = client_op_rows(list, &l->n, sizeof *l->list,
	    client_op_hold_row);
	return (0);
}

void
client_op_inventory_holds_free(struct client_op_hold_list *l)
{
	free(l->list);
	memset(l, 0, sizeof *l);
}

static void
client_op_holds_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_hold_list_cb		cb = (client_op_hold_list_cb)call->cb;
	struct client_op_hold_list	l;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_inventory_parse_holds(result, &l) != 0) {
		cb(&client_op_inventory_bad, NULL, call->arg);
		return;
	}
	cb(err, &l, call->arg);
	client_op_inventory_holds_free(&l);
}

json_int_t
client_op_hold_list(client_op_hold_list_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "hold.list" };

	req.args = json_object();
	return (client_op_call(&req, client_op_holds_reply, (client_op_fn)cb,
	    arg));
}

/* A hold.preview result. */
int
client_op_inventory_parse_preview(json_t *result,
    struct client_op_hold_preview *p)
{
	json_t	*o;

	memset(p, 0, sizeof *p);
	if (!json_is_integer(json_object_get(result, "packages")))
		return (-1);
	client_op_copy(p->scope, sizeof p->scope, result, "scope");
	client_op_copy(p->key, sizeof p->key, result, "key");
	p->packages = client_op_int(result, "packages");
	p->units = client_op_int(result, "units");
	p->mg = client_op_int(result, "mg");
	if (json_is_object(o = json_object_get(result, "product"))) {
		p->has_product = 1;
		client_op_copy(p->sku, sizeof p->sku, o, "sku");
		client_op_copy(p->name, sizeof p->name, o, "name");
	}
	return (0);
}

static void
client_op_preview_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_hold_preview_cb	cb = (client_op_hold_preview_cb)call->cb;
	struct client_op_hold_preview	p;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_inventory_parse_preview(result, &p) != 0) {
		cb(&client_op_inventory_bad, NULL, call->arg);
		return;
	}
	cb(err, &p, call->arg);
}

/* hold.preview {"scope","key"}. */
json_int_t
client_op_hold_preview(const char *scope, const char *key,
    client_op_hold_preview_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "hold.preview" };

	req.args = json_pack("{s:s, s:s}", "scope", scope, "key", key);
	return (client_op_call(&req, client_op_preview_reply,
	    (client_op_fn)cb, arg));
}

/* A trace result (one page). */
int
client_op_inventory_parse_trace(json_t *result, struct client_op_trace *t)
{
	json_t	*list, *totals;

	memset(t, 0, sizeof *t);
	list = json_object_get(result, "packages");
	if (!json_is_array(list))
		return (-1);
	client_op_copy(t->scope, sizeof t->scope, result, "scope");
	client_op_copy(t->key, sizeof t->key, result, "key");
	t->packages = client_op_rows(list, &t->npackages, sizeof *t->packages,
	    client_op_package_row);
	totals = json_object_get(result, "totals");
	t->received = client_op_int(totals, "received");
	t->on_hand = client_op_int(totals, "on_hand");
	t->sold = client_op_int(totals, "sold");
	t->voided = client_op_int(totals, "voided");
	t->truncated = json_is_true(json_object_get(result, "truncated"));
	return (0);
}

void
client_op_inventory_trace_free(struct client_op_trace *t)
{
	u_int	i;

	for (i = 0; i < t->npackages; i++)
		client_op_package_free(&t->packages[i]);
	free(t->packages);
	memset(t, 0, sizeof *t);
}

static void
client_op_trace_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_trace_cb	cb = (client_op_trace_cb)call->cb;
	struct client_op_trace	t;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_inventory_parse_trace(result, &t) != 0) {
		cb(&client_op_inventory_bad, NULL, call->arg);
		return;
	}
	cb(err, &t, call->arg);
	client_op_inventory_trace_free(&t);
}

/* trace {"scope","key"}: the first page. */
json_int_t
client_op_inventory_trace(const char *scope, const char *key,
    client_op_trace_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "trace" };

	req.args = json_pack("{s:s, s:s}", "scope", scope, "key", key);
	return (client_op_call(&req, client_op_trace_reply, (client_op_fn)cb,
	    arg));
}

/* Is there a next page ("next" present and not null)? */
static int
client_op_inventory_next(json_t *result)
{
	json_t	*next = json_object_get(result, "next");

	return (next != NULL && !json_is_null(next));
}

static int
client_op_low_row(json_t *o, void *el)
{
	struct client_op_low_row	*r = el;

	r->product = client_op_int(o, "product");
	client_op_copy(r->sku, sizeof r->sku, o, "sku");
	client_op_copy(r->name, sizeof r->name, o, "name");
	client_op_copy(r->category, sizeof r->category, o,
	    "category");
	r->weighed = client_op_weighed(o, "unit");
	r->reorder = client_op_int(o, "reorder");
	r->sellable = client_op_int(o, "sellable");
	r->on_hand = client_op_int(o, "on_hand");
	r->shortfall = client_op_int(o, "short");
	return (0);
}

/* An inventory.low result. */
int
client_op_inventory_parse_low(json_t *result, struct client_op_low *l)
{
	json_t	*list = json_object_get(result, "products");

	memset(l, 0, sizeof *l);
	if (!json_is_array(list))
		return (-1);
	l->list = client_op_rows(list, &l->n, sizeof *l->list,
	    client_op_low_row);
	l->more = client_op_inventory_next(result);
	l->next = client_op_int(result, "next");
	return (0);
}

void
client_op_inventory_low_free(struct client_op_low *l)
{
	free(l->list);
	memset(l, 0, sizeof *l);
}

static void
client_op_low_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_low_cb	cb = (client_op_low_cb)call->cb;
	struct client_op_low	l;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_inventory_parse_low(result, &l) != 0) {
		cb(&client_op_inventory_bad, NULL, call->arg);
		return;
	}
	cb(err, &l, call->arg);
	client_op_inventory_low_free(&l);
}

/* inventory.low: the first page. */
json_int_t
client_op_inventory_low(client_op_low_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "inventory.low" };

	req.args = json_object();
	return (client_op_call(&req, client_op_low_reply, (client_op_fn)cb,
	    arg));
}

static int
client_op_expiring_row(json_t *o, void *el)
{
	struct client_op_expiring_row	*r = el;

	client_op_copy(r->tag, sizeof r->tag, o, "tag");
	r->product = client_op_int(o, "product");
	client_op_copy(r->sku, sizeof r->sku, o, "sku");
	client_op_copy(r->name, sizeof r->name, o, "name");
	r->weighed = client_op_weighed(o, "unit");
	r->qty = client_op_int(o, "qty");
	client_op_copy(r->location, sizeof r->location, o,
	    "location");
	client_op_copy(r->status, sizeof r->status, o, "status");
	r->expires = (int)client_op_int(o, "expires");
	r->lab_expires = (int)client_op_int(o, "lab_expires");
	r->expired = json_is_true(json_object_get(o, "expired"));
	return (0);
}

/* An inventory.expiring result. */
int
client_op_inventory_parse_expiring(json_t *result,
    struct client_op_expiring *e)
{
	json_t	*list = json_object_get(result, "packages");

	memset(e, 0, sizeof *e);
	if (!json_is_array(list))
		return (-1);
	e->days = client_op_int(result, "days");
	e->list = client_op_rows(list, &e->n, sizeof *e->list,
	    client_op_expiring_row);
	e->more = client_op_inventory_next(result);
	client_op_copy(e->next, sizeof e->next, result, "next");
	return (0);
}

void
client_op_inventory_expiring_free(struct client_op_expiring *e)
{
	free(e->list);
	memset(e, 0, sizeof *e);
}

static void
client_op_expiring_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_expiring_cb		cb = (client_op_expiring_cb)call->cb;
	struct client_op_expiring	e;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_inventory_parse_expiring(result, &e) != 0) {
		cb(&client_op_inventory_bad, NULL, call->arg);
		return;
	}
	cb(err, &e, call->arg);
	client_op_inventory_expiring_free(&e);
}

/* inventory.expiring {"days":N}: the first page. */
json_int_t
client_op_inventory_expiring(int days, client_op_expiring_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "inventory.expiring" };

	req.args = json_pack("{s:i}", "days", days);
	return (client_op_call(&req, client_op_expiring_reply,
	    (client_op_fn)cb, arg));
}
