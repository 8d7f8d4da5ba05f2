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
 * The item ops: item.lookup (a tag or SKU to a package) and product.search.
 * The parsers are pure; strings are borrowed from the reply (raw).
 */

/*
 * An item.lookup result: {"tag":..,"product":{"id","name","sku","unit",
 * "price"},"batch":..,"supplier":..,"qty":N}. What is missing is NULL, or
 * -1 for the price and the quantity on hand; client-cart.c says whether
 * that is enough to sell.
 */
int
client_op_item_parse_item(json_t *result, struct client_op_item *it)
{
	json_t	*product, *v;

	memset(it, 0, sizeof *it);
	it->price = it->onhand = -1;
	if (!json_is_object(result))
		return (-1);
	it->raw = json_incref(result);
	it->tag = client_op_str(result, "tag");
	product = json_object_get(result, "product");
	it->product_ok = json_is_object(product);
	it->product = client_op_int(product, "id");
	it->name = client_op_str(product, "name");
	it->sku = client_op_str(product, "sku");
	it->unit = client_op_str(product, "unit");
	v = json_object_get(product, "price");
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		it->price = json_integer_value(v);
	it->batch = client_op_str(result, "batch");
	it->supplier = client_op_str(result, "supplier");
	v = json_object_get(result, "qty");
	if (json_is_integer(v))
		it->onhand = json_integer_value(v);
	return (0);
}

void
client_op_item_copy(struct client_op_item *dst,
    const struct client_op_item *src)
{
	*dst = *src;
	if (dst->raw != NULL)
		json_incref(dst->raw);
}

void
client_op_item_free(struct client_op_item *it)
{
	if (it->raw != NULL)
		json_decref(it->raw);
	memset(it, 0, sizeof *it);
}

/* A product.search result: {"products":[{name,sku,unit,price,stock}]}. */
int
client_op_item_parse_products(json_t *result,
    struct client_op_product_list *l)
{
	struct client_op_product	*p;
	json_t				*list, *o;
	size_t				 i, n;

	memset(l, 0, sizeof *l);
	list = json_object_get(result, "products");
	if (!json_is_array(list))
		return (-1);
	l->raw = json_incref(result);
	n = json_array_size(list);
	if (n != 0)
		l->list = xcalloc(n, sizeof *l->list);
	json_array_foreach(list, i, o) {
		p = &l->list[l->n++];
		p->name = client_op_str(o, "name");
		p->sku = client_op_str(o, "sku");
		p->unit = client_op_str(o, "unit");
		p->price = client_op_int(o, "price");
		p->stock = client_op_int(o, "stock");
	}
	return (0);
}

void
client_op_item_products_free(struct client_op_product_list *l)
{
	free(l->list);
	if (l->raw != NULL)
		json_decref(l->raw);
	memset(l, 0, sizeof *l);
}

static void
client_op_item_looked_up(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	struct client_op_item	 it;

	if (result == NULL) {
		((client_op_item_cb)call->cb)(err, NULL, call->arg);
		return;
	}
	client_op_item_parse_item(result, &it);
	((client_op_item_cb)call->cb)(err, &it, call->arg);
	client_op_item_free(&it);
}

/* Look a package tag or a SKU up. */
json_int_t
client_op_item_lookup(const char *code, client_op_item_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "item.lookup" };

	req.args = json_pack("{s:s}", "code", code);
	return (client_op_call(&req, client_op_item_looked_up,
	    (client_op_fn)cb, arg));
}

static void
client_op_item_found(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	struct client_op_product_list	 l;

	if (result == NULL) {
		((client_op_product_cb)call->cb)(err, NULL, call->arg);
		return;
	}
	client_op_item_parse_products(result, &l);
	((client_op_product_cb)call->cb)(err, &l, call->arg);
	client_op_item_products_free(&l);
}

/* Products whose name or SKU matches q, at most limit. */
json_int_t
client_op_item_search(const char *q, u_int limit, client_op_product_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "product.search" };

	req.args = json_pack("{s:s, s:i}", "q", q, "limit", (int)limit);
	return (client_op_call(&req, client_op_item_found,
	    (client_op_fn)cb, arg));
}

/* A product.get or product.update result's product. */
int
client_op_item_parse_product(json_t *result, struct client_op_product_full *p)
{
	json_t	*o;

	memset(p, 0, sizeof *p);
	o = json_object_get(result, "product");
	if (!json_is_object(o) || !json_is_integer(json_object_get(o, "id")))
		return (-1);
	p->id = client_op_int(o, "id");
	client_op_copy(p->sku, sizeof p->sku, o, "sku");
	client_op_copy(p->name, sizeof p->name, o, "name");
	client_op_copy(p->category, sizeof p->category, o, "category");
	p->weighed = strcmp(client_op_str(o, "unit") != NULL ?
	    client_op_str(o, "unit") : "", "weight") == 0;
	p->price = client_op_int(o, "price");
	p->unit_cost = client_op_int(o, "unit_cost");
	p->thc = client_op_int(o, "thc");
	p->reorder = client_op_int(o, "reorder");
	p->active = json_is_true(json_object_get(o, "active"));
	p->changed = json_is_true(json_object_get(result, "changed"));
	return (0);
}

static void
client_op_item_product_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_product_full_cb	cb = (client_op_product_full_cb)call->cb;
	struct client_op_product_full	p;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_item_parse_product(result, &p) != 0) {
		cb(&client_op_bad_reply, NULL, call->arg);
		return;
	}
	cb(err, &p, call->arg);
}

/* product.get: a product by number, SKU or name. */
json_int_t
client_op_product_get(const char *key, client_op_product_full_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "product.get" };

	req.args = json_pack("{s:s}", "product", key);
	return (client_op_call(&req, client_op_item_product_reply,
	    (client_op_fn)cb, arg));
}

/*
 * product.update: the fields the manager's product screen edits (a NULL
 * string or a negative figure is left as it is).
 */
json_int_t
client_op_product_update(const struct client_op_product_req *in,
    client_op_product_full_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "product.update" };

	req.args = json_pack("{s:I}", "product", (json_int_t)in->id);
	if (in->name != NULL)
		json_object_set_new(req.args, "name", json_string(in->name));
	if (in->category != NULL)
		json_object_set_new(req.args, "category",
		    json_string(in->category));
	if (in->price >= 0)
		json_object_set_new(req.args, "price",
		    json_integer(in->price));
	if (in->unit_cost >= 0)
		json_object_set_new(req.args, "unit_cost",
		    json_integer(in->unit_cost));
	if (in->thc >= 0)
		json_object_set_new(req.args, "thc", json_integer(in->thc));
	if (in->reorder >= 0)
		json_object_set_new(req.args, "reorder",
		    json_integer(in->reorder));
	if (in->active >= 0)
		json_object_set_new(req.args, "active",
		    json_boolean(in->active));
	return (client_op_call(&req, client_op_item_product_reply,
	    (client_op_fn)cb, arg));
}
