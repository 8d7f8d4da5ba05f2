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

#include "client-op.h"

/*
 * The sale ops: sale.quote, sale.commit (its ref is the idempotency key),
 * sale.get, sale.list, sale.void and sale.return. The parsers are pure: a
 * reply's JSON in, C data out, no connection needed (tests/unit).
 * Strings in the parsed structs are borrowed from the reply, which the
 * struct holds (raw) until it is freed.
 */

/* The lines, customer, discounts and points that quote and commit share. */
static json_t *
client_op_sale_cart_args(const struct client_op_sale_req *req)
{
	const struct client_op_sale_line	*l;
	const struct client_op_sale_discount	*d;
	json_t					*args, *lines, *line, *list;
	json_t					*o;
	u_int					 i;

	lines = json_array();
	for (i = 0; i < req->nlines; i++) {
		l = &req->lines[i];
		line = json_object();
		json_object_set_new(line, "tag", json_string(l->tag));
		json_object_set_new(line, "qty", json_integer(l->qty));
		if (l->weight != CLIENT_OP_WEIGHT_NONE)
			json_object_set_new(line, "weight", json_string(
			    l->weight == CLIENT_OP_WEIGHT_TYPED ? "typed" :
			    "scale"));
		json_array_append_new(lines, line);
	}
	args = json_object();
	json_object_set_new(args, "lines", lines);
	if (req->customer != 0) {
		json_object_set_new(args, "customer",
		    json_integer(req->customer));
		if (req->patient != 0)
			json_object_set_new(args, "patient",
			    json_integer(req->patient));
	}
	if (req->ndiscounts != 0) {
		list = json_array();
		for (i = 0; i < req->ndiscounts; i++) {
			d = &req->discounts[i];
			o = json_pack("{s:s}", "kind", d->kind);
			if (d->line != 0)
				json_object_set_new(o, "line",
				    json_integer(d->line));
			if (d->percent != 0)
				json_object_set_new(o, "percent",
				    json_integer(d->percent));
			else
				json_object_set_new(o, "amount",
				    json_integer(d->amount));
			if (d->reason != NULL)
				json_object_set_new(o, "reason",
				    json_string(d->reason));
			json_array_append_new(list, o);
		}
		json_object_set_new(args, "discounts", list);
	}
	if (req->redeem > 0 && req->customer != 0)
		json_object_set_new(args, "redeem", json_integer(req->redeem));
	return (args);
}

/*
 * A sale.quote result: {"quote":{...}}. Returns -1 if there is no quote
 * with a total in it (q->has_total is then 0).
 */
int
client_op_sale_parse_quote(json_t *result, struct client_op_quote *q)
{
	json_t		*quote, *list, *o;
	const char	*s;
	size_t		 i;

	memset(q, 0, sizeof *q);
	quote = json_object_get(result, "quote");
	if (!json_is_integer(json_object_get(quote, "total")))
		return (-1);
	q->has_total = 1;
	q->ok = json_is_true(json_object_get(quote, "ok"));
	s = client_op_str(json_object_get(quote, "error"), "message");
	strlcpy(q->error, s != NULL ? s : "", sizeof q->error);
	q->approval = json_is_true(json_object_get(quote,
	    "approval_required"));
	q->discount = client_op_int(quote, "discount");
	q->total = client_op_int(quote, "total");
	q->tax = client_op_int(quote, "tax");
	list = json_object_get(quote, "taxes");
	json_array_foreach(list, i, o) {
		if (q->ntaxes == CLIENT_OP_QUOTE_TAXES)
			break;
		strlcpy(q->taxes[q->ntaxes].label,
		    client_receipt_tax_label(o),
		    sizeof q->taxes[q->ntaxes].label);
		q->taxes[q->ntaxes].amount = client_op_int(o, "amount");
		q->ntaxes++;
	}
	list = json_object_get(quote, "discounts");
	json_array_foreach(list, i, o) {
		if (q->ndiscounts == CLIENT_OP_QUOTE_DISCOUNTS)
			break;
		s = client_op_str(o, "kind");
		strlcpy(q->discounts[q->ndiscounts].kind, s != NULL ? s : "",
		    sizeof q->discounts[q->ndiscounts].kind);
		q->discounts[q->ndiscounts].cart = json_is_true(
		    json_object_get(o, "cart"));
		q->discounts[q->ndiscounts].line = (u_int)client_op_int(o,
		    "line");
		q->discounts[q->ndiscounts].amount = client_op_int(o,
		    "amount");
		q->ndiscounts++;
	}
	/* What each limit pool would have left: this cart counted. */
	list = json_object_get(json_object_get(quote, "limits"), "pools");
	q->has_limits = json_is_array(list);
	json_array_foreach(list, i, o) {
		if (q->npools == CART_POOLS)
			break;
		client_op_copy(q->pools[q->npools].name,
		    sizeof q->pools[q->npools].name, o, "name");
		client_op_copy(q->pools[q->npools].unit,
		    sizeof q->pools[q->npools].unit, o, "unit");
		client_op_copy(q->pools[q->npools].window,
		    sizeof q->pools[q->npools].window, o, "window");
		q->pools[q->npools].used = client_op_int(o, "used");
		q->pools[q->npools].cap = client_op_int(o, "cap");
		q->pools[q->npools].remaining = client_op_int(o, "remaining");
		q->pools[q->npools].over = json_is_true(json_object_get(o,
		    "over"));
		q->npools++;
	}
	return (0);
}

/* A SALE object. Returns -1 if sale is not an object. */
int
client_op_sale_parse_sale(json_t *sale, struct client_op_sale *s)
{
	struct client_op_sale_item	*it;
	json_t				*lines, *line;
	const char			*unit;
	size_t				 i, n;

	memset(s, 0, sizeof *s);
	if (!json_is_object(sale))
		return (-1);
	s->raw = json_incref(sale);
	s->id = client_op_int(sale, "id");
	s->status = client_op_str(sale, "status");
	s->time = client_op_int(sale, "time");
	s->total = client_op_int(sale, "total");
	s->tendered = client_op_int(sale, "tendered");
	s->change = client_op_int(sale, "change");
	s->card = client_op_int(json_object_get(sale, "card"), "amount");
	s->drawer = client_op_int(sale, "drawer");
	lines = json_object_get(sale, "lines");
	n = json_is_array(lines) ? json_array_size(lines) : 0;
	if (n != 0)
		s->lines = xcalloc(n, sizeof *s->lines);
	json_array_foreach(lines, i, line) {
		it = &s->lines[s->nlines++];
		it->tag = client_op_str(line, "tag");
		it->name = client_op_str(line, "name");
		unit = client_op_str(line, "unit");
		it->weighed = unit != NULL && strcmp(unit, "weight") == 0;
		it->qty = client_op_int(line, "qty");
		it->returned = client_op_int(line, "returned");
	}
	return (0);
}

void
client_op_sale_free(struct client_op_sale *s)
{
	free(s->lines);
	if (s->raw != NULL)
		json_decref(s->raw);
	memset(s, 0, sizeof *s);
}

/* Move a parsed sale into dst (freed first); src is left empty. */
void
client_op_sale_move(struct client_op_sale *dst, struct client_op_sale *src)
{
	client_op_sale_free(dst);
	*dst = *src;
	memset(src, 0, sizeof *src);
}

/* A sale.list result: {"sales":[...],"count":N,"total":N}. */
int
client_op_sale_parse_list(json_t *result, struct client_op_sale_list *l)
{
	struct client_op_sale_row	*r;
	json_t				*sales, *row;
	size_t				 i, n;

	memset(l, 0, sizeof *l);
	if (!json_is_object(result))
		return (-1);
	l->raw = json_incref(result);
	l->count = client_op_int(result, "count");
	l->total = client_op_int(result, "total");
	sales = json_object_get(result, "sales");
	n = json_is_array(sales) ? json_array_size(sales) : 0;
	if (n != 0)
		l->rows = xcalloc(n, sizeof *l->rows);
	json_array_foreach(sales, i, row) {
		r = &l->rows[l->n++];
		r->id = client_op_int(row, "id");
		r->time = client_op_int(row, "time");
		r->staff = client_op_int(row, "staff");
		r->lines = client_op_int(row, "lines");
		r->total = client_op_int(row, "total");
		r->status = client_op_str(row, "status");
	}
	return (0);
}

void
client_op_sale_list_free(struct client_op_sale_list *l)
{
	free(l->rows);
	if (l->raw != NULL)
		json_decref(l->raw);
	memset(l, 0, sizeof *l);
}

/* A RETURN object (sale.return's "return"). -1 if not an object. */
int
client_op_sale_parse_return(json_t *ret, struct client_op_return *r)
{
	struct client_op_return_line	*rl;
	json_t				*lines, *line;
	size_t				 i, n;

	memset(r, 0, sizeof *r);
	if (!json_is_object(ret))
		return (-1);
	r->raw = json_incref(ret);
	r->id = client_op_int(ret, "id");
	r->refund = client_op_int(ret, "refund");
	r->method = client_op_str(ret, "method");
	r->card_ref = client_op_str(ret, "card_ref");
	r->location = client_op_str(ret, "location");
	lines = json_object_get(ret, "lines");
	n = json_is_array(lines) ? json_array_size(lines) : 0;
	if (n != 0)
		r->lines = xcalloc(n, sizeof *r->lines);
	json_array_foreach(lines, i, line) {
		rl = &r->lines[r->nlines++];
		rl->tag = client_op_str(line, "tag");
		rl->qty = client_op_int(line, "qty");
		rl->refund = client_op_int(line, "refund");
	}
	return (0);
}

void
client_op_sale_return_free(struct client_op_return *r)
{
	free(r->lines);
	if (r->raw != NULL)
		json_decref(r->raw);
	memset(r, 0, sizeof *r);
}

static void
client_op_sale_quote_done(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	struct client_op_quote	 q;

	if (result == NULL) {
		((client_op_quote_cb)call->cb)(err, NULL, call->arg);
		return;
	}
	client_op_sale_parse_quote(result, &q);
	((client_op_quote_cb)call->cb)(err, &q, call->arg);
}

/* Ask what the cart costs; cb gets the quote (NULL on an error). */
json_int_t
client_op_sale_quote(const struct client_op_sale_req *req,
    client_op_quote_cb cb, void *arg)
{
	struct client_op_req	r = { .op = "sale.quote" };

	r.args = client_op_sale_cart_args(req);
	return (client_op_call(&r, client_op_sale_quote_done, (client_op_fn)cb,
	    arg));
}

/* A reply with a "sale": cb gets it parsed (NULL if none or an error). */
static void
client_op_sale_done(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	struct client_op_sale	 s;

	if (result == NULL ||
	    client_op_sale_parse_sale(json_object_get(result, "sale"), &s) != 0) {
		((client_op_sale_cb)call->cb)(err, NULL, call->arg);
		return;
	}
	((client_op_sale_cb)call->cb)(err, &s, call->arg);
	client_op_sale_free(&s);
}

/*
 * Commit the sale. The ref is the idempotency key: a commit in doubt is
 * sent again with the same ref and stashd records it once.
 */
json_int_t
client_op_sale_commit(const struct client_op_sale_req *req,
    client_op_sale_cb cb, void *arg)
{
	struct client_op_req	 r;
	json_t			*args, *tender;

	args = client_op_sale_cart_args(req);
	json_object_set_new(args, "ref", json_string(req->ref));
	tender = json_object();
	json_object_set_new(tender, "cash", json_integer(req->cash));
	if (req->card > 0)
		json_object_set_new(tender, "card", json_pack("{s:I, s:s}",
		    "amount", (json_int_t)req->card, "ref", req->card_ref));
	json_object_set_new(args, "tender", tender);
	if (req->approver != 0)
		json_object_set_new(args, "approver", json_pack("{s:I, s:s}",
		    "staff", (json_int_t)req->approver, "pin", req->pin));
	if (req->reason != NULL && req->reason_key != NULL)
		json_object_set_new(args, req->reason_key,
		    json_string(req->reason));
	memset(&r, 0, sizeof r);
	r.op = "sale.commit";
	r.args = args;
	strlcpy(r.key, req->ref, sizeof r.key);
	return (client_op_call(&r, client_op_sale_done, (client_op_fn)cb,
	    arg));
}

json_int_t
client_op_sale_get(int64_t id, client_op_sale_cb cb, void *arg)
{
	struct client_op_req	r = { .op = "sale.get" };

	r.args = json_pack("{s:I}", "id", (json_int_t)id);
	return (client_op_call(&r, client_op_sale_done, (client_op_fn)cb,
	    arg));
}

static void
client_op_sale_list_done(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	struct client_op_sale_list	 l;

	if (result == NULL || client_op_sale_parse_list(result, &l) != 0) {
		((client_op_sale_list_cb)call->cb)(err, NULL, call->arg);
		return;
	}
	((client_op_sale_list_cb)call->cb)(err, &l, call->arg);
	client_op_sale_list_free(&l);
}

/* The sales of terminal since (0: all), at most limit. */
json_int_t
client_op_sale_list(const char *terminal, int64_t since, u_int limit,
    client_op_sale_list_cb cb, void *arg)
{
	struct client_op_req	 r = { .op = "sale.list" };
	json_t			*args;

	args = json_object();
	json_object_set_new(args, "terminal", json_string(terminal));
	if (since != 0)
		json_object_set_new(args, "since", json_integer(since));
	json_object_set_new(args, "limit", json_integer(limit));
	r.args = args;
	return (client_op_call(&r, client_op_sale_list_done,
	    (client_op_fn)cb, arg));
}

/* Void sale id for reason, approved by a manager's staff ID and PIN. */
json_int_t
client_op_sale_void(int64_t id, const char *reason, uint32_t staff,
    const char *pin, client_op_sale_cb cb, void *arg)
{
	struct client_op_req	 r = { .op = "sale.void" };
	json_t			*args;

	args = json_object();
	json_object_set_new(args, "id", json_integer(id));
	json_object_set_new(args, "reason", json_string(reason));
	json_object_set_new(args, "approver", json_pack("{s:I, s:s}",
	    "staff", (json_int_t)staff, "pin", pin));
	r.args = args;
	return (client_op_call(&r, client_op_sale_done,
	    (client_op_fn)cb, arg));
}

static void
client_op_sale_return_done(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	struct client_op_return	 r;
	struct client_op_sale	 s;
	int			 has_sale;

	if (result == NULL) {
		((client_op_return_cb)call->cb)(err, NULL, NULL, call->arg);
		return;
	}
	client_op_sale_parse_return(json_object_get(result, "return"), &r);
	has_sale = client_op_sale_parse_sale(json_object_get(result, "sale"),
	    &s) == 0;
	((client_op_return_cb)call->cb)(err, r.raw != NULL ? &r : NULL,
	    has_sale ? &s : NULL, call->arg);
	client_op_sale_return_free(&r);
	client_op_sale_free(&s);
}

/* Goods back from a sale; cb gets the return and the sale as it is now. */
json_int_t
client_op_sale_return(const struct client_op_return_req *req,
    client_op_return_cb cb, void *arg)
{
	struct client_op_req	 r = { .op = "sale.return" };
	json_t			*args, *lines;
	u_int			 i;

	lines = json_array();
	for (i = 0; i < req->nlines; i++) {
		json_array_append_new(lines, json_pack("{s:s, s:I}", "tag",
		    req->lines[i].tag, "qty", (json_int_t)req->lines[i].qty));
	}
	args = json_object();
	json_object_set_new(args, "sale", json_integer(req->sale));
	json_object_set_new(args, "lines", lines);
	json_object_set_new(args, "reason", json_string(req->reason));
	if (req->card_ref != NULL) {
		json_object_set_new(args, "refund", json_string("card"));
		json_object_set_new(args, "card_ref",
		    json_string(req->card_ref));
	} else
		json_object_set_new(args, "refund", json_string("cash"));
	if (req->approver != 0)
		json_object_set_new(args, "approver", json_pack("{s:I, s:s}",
		    "staff", (json_int_t)req->approver, "pin", req->pin));
	r.args = args;
	return (client_op_call(&r, client_op_sale_return_done,
	    (client_op_fn)cb, arg));
}
