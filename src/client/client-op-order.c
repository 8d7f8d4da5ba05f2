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

#include "client.h"
#include "client-op.h"

/*
 * Orders and packing, for the packing screen and the dispatch board:
 * order.list, order.pick, order.pack, order.unpack and order.seal. Orders
 * and pick lists are fixed-size structs; a list of orders is allocated
 * (client_op_order_list_free).
 */

/* An ORDER (doc/protocol.md, order.create). */
int
client_op_order_parse(json_t *j, struct client_op_order *o)
{
	struct client_op_order_pick	*pk;
	json_t				*a, *p;
	size_t				 i;

	memset(o, 0, sizeof *o);
	if (!json_is_integer(json_object_get(j, "id")) ||
	    client_op_str(j, "status") == NULL)
		return (-1);
	o->id = client_op_int(j, "id");
	client_op_copy(o->ref, sizeof o->ref, j, "ref");
	client_op_copy(o->status, sizeof o->status, j, "status");
	client_op_copy(o->channel, sizeof o->channel, j, "channel");
	o->customer = client_op_int(j, "customer");
	o->created = client_op_int(j, "created");
	o->total = client_op_int(j, "total");
	o->trip = client_op_int(j, "trip");
	if (json_is_object(a = json_object_get(j, "address"))) {
		o->has_address = 1;
		o->lat = client_op_int(a, "lat");
		o->lon = client_op_int(a, "lon");
		client_op_copy(o->street, sizeof o->street, a, "street");
	}
	o->nlines = json_array_size(json_object_get(j, "lines"));
	json_array_foreach(json_object_get(j, "picks"), i, p) {
		if (o->npicks == CLIENT_OP_ORDER_PICKS || !json_is_object(p))
			break;
		pk = &o->picks[o->npicks++];
		client_op_copy(pk->tag, sizeof pk->tag, p, "tag");
		pk->line = client_op_int(p, "line");
		pk->qty = client_op_int(p, "qty");
	}
	return (0);
}

static int
client_op_order_row(json_t *j, void *el)
{
	return (client_op_order_parse(j, el));
}

/* order.list's result; -1 if any ORDER in it is not one. */
int
client_op_order_parse_list(json_t *result, struct client_op_orders *l)
{
	json_t	*a = json_object_get(result, "orders");

	memset(l, 0, sizeof *l);
	if (!json_is_array(a))
		return (-1);
	l->list = client_op_rows(a, &l->n, sizeof *l->list,
	    client_op_order_row);
	if (l->n != json_array_size(a)) {
		client_op_order_list_free(l);
		return (-1);
	}
	return (0);
}

void
client_op_order_list_free(struct client_op_orders *l)
{
	free(l->list);
	memset(l, 0, sizeof *l);
}

/* order.pick's result: the lines, each with its packages. */
int
client_op_order_parse_pick(json_t *result, struct client_op_picklist *pl)
{
	struct client_op_pick_line	*l;
	struct client_op_pick_pkg	*pk;
	json_t				*a, *o, *p;
	size_t				 i, k;

	memset(pl, 0, sizeof *pl);
	if (!json_is_integer(json_object_get(result, "order")) ||
	    !json_is_array(a = json_object_get(result, "lines")))
		return (-1);
	pl->order = client_op_int(result, "order");
	client_op_copy(pl->status, sizeof pl->status, result, "status");
	json_array_foreach(a, i, o) {
		if (pl->n == CLIENT_OP_ORDER_LINES || !json_is_object(o))
			return (-1);
		l = &pl->lines[pl->n++];
		l->line = client_op_int(o, "line");
		l->product = client_op_int(o, "product");
		client_op_copy(l->name, sizeof l->name, o, "name");
		l->by_weight = json_is_true(json_object_get(o, "by_weight"));
		l->qty = client_op_int(o, "qty");
		l->need = client_op_int(o, "need");
		json_array_foreach(json_object_get(o, "packages"), k, p) {
			if (l->npkgs == CLIENT_OP_PICK_PKGS)
				break;
			pk = &l->pkgs[l->npkgs++];
			client_op_copy(pk->tag, sizeof pk->tag, p, "tag");
			client_op_copy(pk->location, sizeof pk->location, p,
			    "location");
			pk->qty = client_op_int(p, "qty");
			pk->free = client_op_int(p, "free");
			pk->first = json_is_true(json_object_get(p, "first"));
		}
	}
	return (0);
}

/* order.seal's label: the order number and its lines of text. */
int
client_op_order_parse_label(json_t *label, struct client_op_bag_label *b)
{
	json_t	*t;
	size_t	 i;

	memset(b, 0, sizeof *b);
	if (!json_is_integer(json_object_get(label, "order")) ||
	    !json_is_array(json_object_get(label, "text")))
		return (-1);
	b->order = client_op_int(label, "order");
	json_array_foreach(json_object_get(label, "text"), i, t) {
		if (b->ntext == CLIENT_OP_LABEL_LINES || !json_is_string(t))
			break;
		strlcpy(b->text[b->ntext++], json_string_value(t),
		    sizeof b->text[0]);
	}
	return (0);
}

static void
client_op_order_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_order_cb	 cb = (client_op_order_cb)call->cb;
	struct client_op_order	*o;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	o = xmalloc(sizeof *o);
	if (client_op_order_parse(json_object_get(result, "order"), o) != 0)
		cb(&client_op_bad_reply, NULL, call->arg);
	else
		cb(err, o, call->arg);
	free(o);
}

static void
client_op_order_list_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_orders_cb	cb = (client_op_orders_cb)call->cb;
	struct client_op_orders	l;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_order_parse_list(result, &l) != 0) {
		cb(&client_op_bad_reply, NULL, call->arg);
		return;
	}
	cb(err, &l, call->arg);
	client_op_order_list_free(&l);
}

static void
client_op_order_pick_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_pick_cb		 cb = (client_op_pick_cb)call->cb;
	struct client_op_picklist	*pl;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	pl = xmalloc(sizeof *pl);
	if (client_op_order_parse_pick(result, pl) != 0)
		cb(&client_op_bad_reply, NULL, call->arg);
	else
		cb(err, pl, call->arg);
	free(pl);
}

static void
client_op_order_seal_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_seal_cb		 cb = (client_op_seal_cb)call->cb;
	struct client_op_order		*o;
	struct client_op_bag_label	 b;

	if (err->code != NULL) {
		cb(err, NULL, NULL, call->arg);
		return;
	}
	o = xmalloc(sizeof *o);
	if (client_op_order_parse(json_object_get(result, "order"), o) != 0 ||
	    client_op_order_parse_label(json_object_get(result, "label"),
	    &b) != 0)
		cb(&client_op_bad_reply, NULL, NULL, call->arg);
	else
		cb(err, o, &b, call->arg);
	free(o);
}

/* order.list of one status (NULL: every order), newest first, 100. */
json_int_t
client_op_order_list(const char *status, client_op_orders_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "order.list" };

	req.args = json_pack("{s:i}", "limit", 100);
	if (status != NULL)
		json_object_set_new(req.args, "status", json_string(status));
	return (client_op_call(&req, client_op_order_list_reply,
	    (client_op_fn)cb, arg));
}

json_int_t
client_op_order_pick(int64_t id, client_op_pick_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "order.pick" };

	req.args = json_pack("{s:I}", "id", (json_int_t)id);
	return (client_op_call(&req, client_op_order_pick_reply,
	    (client_op_fn)cb, arg));
}

/* A scanned package; weight (mg) and its source for a weighed line. */
json_int_t
client_op_order_pack(int64_t id, const char *tag, int64_t mg, int source,
    client_op_order_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "order.pack" };

	req.args = json_pack("{s:I, s:s}", "id", (json_int_t)id, "tag", tag);
	if (source != CLIENT_OP_WEIGHT_NONE) {
		json_object_set_new(req.args, "weight", json_integer(mg));
		json_object_set_new(req.args, "weight_source", json_string(
		    source == CLIENT_OP_WEIGHT_SCALE ? "scale" : "typed"));
	}
	return (client_op_call(&req, client_op_order_reply, (client_op_fn)cb,
	    arg));
}

json_int_t
client_op_order_unpack(int64_t id, const char *tag, client_op_order_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "order.unpack" };

	req.args = json_pack("{s:I, s:s}", "id", (json_int_t)id, "tag", tag);
	return (client_op_call(&req, client_op_order_reply, (client_op_fn)cb,
	    arg));
}

json_int_t
client_op_order_seal(int64_t id, client_op_seal_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "order.seal" };

	req.args = json_pack("{s:I}", "id", (json_int_t)id);
	return (client_op_call(&req, client_op_order_seal_reply,
	    (client_op_fn)cb, arg));
}
