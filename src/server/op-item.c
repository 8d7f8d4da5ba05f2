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

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "inventory.h"

/* Looking things up at the register: a scanned tag or SKU, a name search. */

json_t *
op_product_json(const struct product *p)
{
	return (json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:i}",
	    "id", (json_int_t)p->id, "sku", p->sku, "name", p->name,
	    "category", p->category, "unit",
	    store_product_unit_name(p->unit_weight), "price",
	    (json_int_t)p->price, "thc", p->thc));
}

static json_t *
op_item_json(const struct package *pk, const struct product *p)
{
	return (json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:o}", "tag",
	    pk->tag, "qty", (json_int_t)pk->qty, "status",
	    store_package_status_name(pk->status), "batch", pk->batch,
	    "supplier", pk->supplier, "location", pk->location, "product",
	    op_product_json(p)));
}

/*
 * Walk a product's packages; pick the sellable one with stock that came in
 * first (first in, first out), and sum what is sellable.
 */
static int
op_item_pick(struct store_txn *t, const struct product *p,
    struct package *best, int64_t *stock)
{
	struct store_iter	it;
	struct store_key	k;
	struct package		pk;
	char			*cause;
	int			found = 0;

	*stock = 0;
	store_key_init(&k);
	store_key_u32(&k, p->id);
	store_iter_init(t, &it, DB_PACKAGE_PRODUCT, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		char	tag[TAG_LEN + 1];

		if (it.klen != 4 + TAG_LEN)
			continue;
		memcpy(tag, it.key + 4, TAG_LEN);
		tag[TAG_LEN] = '\0';
		if (store_package_get(t, tag, &pk) != 0)
			continue;
		if (pk.qty <= 0)
			continue;
		if (inventory_sellable(t, &pk, p, &cause) != 0) {
			free(cause);
			continue;
		}
		*stock += pk.qty;
		if (best != NULL && (!found || pk.received < best->received)) {
			*best = pk;
			found = 1;
		}
	}
	return (t->ret != 0 ? -1 : found);
}

int
op_item_lookup(struct op_ctx *ctx)
{
	struct package	 pk;
	struct product	 p;
	const char	*code;
	char		*cause = NULL, buf[65];
	int64_t		 stock;
	int		 r;

	if (proto_arg_str(ctx->args, "code", 1, 64, &code, &cause) != 0)
		return (op_bad_request(ctx, cause));
	strlcpy(buf, code, sizeof buf);
	util_tag_upper(buf);

	if (util_tag_valid(buf)) {
		r = store_package_get(ctx->txn, buf, &pk);
		if (r == STORE_NOTFOUND)
			return (op_error(ctx, "not-found", "no package with "
			    "tag %s in this store", buf));
		if (r != 0 || store_product_get(ctx->txn, pk.product, &p) != 0)
			return (op_store_error(ctx));
		if (inventory_sellable(ctx->txn, &pk, &p, &cause) != 0) {
			op_error(ctx, "not-sellable", "%s", cause);
			free(cause);
			return (-1);
		}
		if (pk.qty <= 0)
			return (op_error(ctx, "insufficient-stock", "package "
			    "%s (%s) has none left", pk.tag, p.name));
		ctx->result = op_item_json(&pk, &p);
		return (0);
	}

	r = store_product_by_sku(ctx->txn, code, &p);
	if (r == STORE_NOTFOUND)
		r = store_product_by_sku(ctx->txn, buf, &p);
	if (r == STORE_NOTFOUND) {
		if (strlen(buf) == TAG_LEN)
			return (op_error(ctx, "not-found", "%s is neither a "
			    "valid package tag (24 characters 0-9, A-F) nor a "
			    "SKU", code));
		return (op_error(ctx, "not-found", "no product with SKU %s",
		    code));
	}
	if (r != 0)
		return (op_store_error(ctx));
	r = op_item_pick(ctx->txn, &p, &pk, &stock);
	if (r < 0)
		return (op_store_error(ctx));
	if (r == 0)
		return (op_error(ctx, "insufficient-stock", "no sellable "
		    "stock of %s (%s)", p.sku, p.name));
	ctx->result = op_item_json(&pk, &p);
	return (0);
}

/* Case-insensitive substring. */
static int
op_item_match(const char *hay, const char *needle)
{
	size_t	n = strlen(needle), i;

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n; i++) {
			if (hay[i] == '\0' || tolower((u_char)hay[i]) !=
			    tolower((u_char)needle[i]))
				break;
		}
		if (i == n)
			return (1);
	}
	return (0);
}

int
op_product_search(struct op_ctx *ctx)
{
	struct store_iter	 it;
	struct product		 p;
	const char		*q;
	json_int_t		 limit = 20;
	json_t			*list, *jp;
	char			*cause = NULL;
	int64_t			 stock;

	if (proto_arg_str(ctx->args, "q", 1, 64, &q, &cause) != 0 ||
	    proto_arg_int(ctx->args, "limit", 0, 1, 50, &limit, &cause) < 0)
		return (op_bad_request(ctx, cause));
	list = json_array();
	store_iter_init(ctx->txn, &it, DB_PRODUCT, NULL, 0, 0);
	while ((json_int_t)json_array_size(list) < limit &&
	    store_iter_next(&it)) {
		if (store_product_decode(it.val, it.vlen, &p) != 0)
			continue;
		if (!op_item_match(p.name, q) && !op_item_match(p.sku, q))
			continue;
		if (op_item_pick(ctx->txn, &p, NULL, &stock) < 0)
			break;
		jp = op_product_json(&p);
		json_object_set_new(jp, "stock", json_integer(stock));
		json_array_append_new(list, jp);
	}
	store_iter_done(&it);
	if (ctx->txn->ret != 0) {
		json_decref(list);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "products", list);
	return (0);
}
