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

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "inventory.h"
#include "reply.h"

/* Looking things up at the register: a scanned tag or SKU, a name search. */

static json_t *
op_item_json(struct store_txn *t, const struct package *pk,
    const struct product *p)
{
	return (json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "tag",
	    pk->tag, "qty", (json_int_t)pk->qty, "available",
	    (json_int_t)op_order_available(t, pk), "status",
	    store_package_status_name(pk->status), "batch", pk->batch,
	    "supplier", pk->supplier, "location", pk->location, "product",
	    reply_product(p)));
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
		ctx->result = op_item_json(ctx->txn, &pk, &p);
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
	r = inventory_pick(ctx->txn, &p, &pk, &stock);
	if (r < 0)
		return (op_store_error(ctx));
	if (r == 0)
		return (op_error(ctx, "insufficient-stock", "no sellable "
		    "stock of %s (%s)", p.sku, p.name));
	ctx->result = op_item_json(ctx->txn, &pk, &p);
	return (0);
}

/* One product found, with its sellable stock, for product.search. */
static void
op_product_search_add(const struct product *p, int64_t stock, void *arg)
{
	json_t	*jp;

	jp = reply_product(p);
	json_object_set_new(jp, "stock", json_integer(stock));
	json_array_append_new(arg, jp);
}

int
op_product_search(struct op_ctx *ctx)
{
	const char	*q;
	json_int_t	 limit = 20;
	json_t		*list;
	char		*cause = NULL;

	if (proto_arg_str(ctx->args, "q", 1, 64, &q, &cause) != 0 ||
	    proto_arg_int(ctx->args, "limit", 0, 1, 50, &limit, &cause) < 0)
		return (op_bad_request(ctx, cause));
	list = json_array();
	if (inventory_product_search(ctx->txn, q, (u_int)limit,
	    op_product_search_add, list) < 0) {
		json_decref(list);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "products", list);
	return (0);
}

/* Write op: a product's reorder point (0: none). */
int
op_product_set_reorder(struct op_ctx *ctx)
{
	struct product	 p, old;
	json_t		*jp;
	json_int_t	 reorder;
	char		*cause = NULL, subj[32];
	int		 r;

	if (proto_arg_int(ctx->args, "reorder", 1, 0, INT64_C(100000000),
	    &reorder, &cause) != 0)
		return (op_bad_request(ctx, cause));
	jp = json_object_get(ctx->args, "product");
	if (json_is_integer(jp) && json_integer_value(jp) > 0 &&
	    json_integer_value(jp) <= UINT32_MAX)
		r = store_product_get(ctx->txn,
		    (uint32_t)json_integer_value(jp), &old);
	else if (json_is_string(jp))
		r = store_product_by_sku(ctx->txn, json_string_value(jp),
		    &old);
	else
		return (op_error(ctx, "bad-request", "\"product\" is a "
		    "product number or a SKU"));
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no such product"));
	if (r != 0)
		return (op_store_error(ctx));
	p = old;
	p.reorder = reorder;
	store_product_put(ctx->txn, &p, &old);
	snprintf(subj, sizeof subj, "product %u", p.id);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "product.reorder", subj, "sku=%s reorder=%lld was=%lld", p.sku,
	    (long long)reorder, (long long)old.reorder);
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	ctx->result = json_pack("{s:I, s:s, s:I}", "product",
	    (json_int_t)p.id, "sku", p.sku, "reorder", (json_int_t)reorder);
	return (0);
}

/* The product as product.update answers it: with its measures. */
static json_t *
op_product_full(const struct product *p)
{
	json_t	*j;

	j = reply_product(p);
	json_object_update_new(j, json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:I, s:s}", "reorder", (json_int_t)p->reorder, "net_ug",
	    (json_int_t)p->net_ug, "flower_ug", (json_int_t)p->flower_ug,
	    "conc_ug", (json_int_t)p->conc_ug, "thc_ug", (json_int_t)p->thc_ug,
	    "other_ug", (json_int_t)p->other_ug, "volume_ul",
	    (json_int_t)p->volume_ul, "route", p->route));
	return (j);
}

/* The product named by "product" (a number, SKU or name): 0, or -1. */
static int
op_product_arg(struct op_ctx *ctx, struct product *p)
{
	const char	*key;
	char		*cause = NULL, num[24];
	json_t		*ja;
	int		 r;

	ja = json_object_get(ctx->args, "product");
	if (json_is_integer(ja)) {
		snprintf(num, sizeof num, "%lld",
		    (long long)json_integer_value(ja));
		key = num;
	} else if (proto_arg_str(ctx->args, "product", 1, NAME_MAX_, &key,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	r = inventory_product_find(ctx->txn, key, p, &cause);
	if (r == INVENTORY_OK)
		return (0);
	return (op_inventory_error(ctx, r, cause));
}

/* A product with its measures, for the manager's product screen. */
int
op_product_get(struct op_ctx *ctx)
{
	struct product	p;

	if (op_product_arg(ctx, &p) != 0)
		return (-1);
	ctx->result = json_pack("{s:o}", "product", op_product_full(&p));
	return (0);
}

/*
 * Write op: edit a product, the fields stashctl product set takes (the SKU
 * and unit never change). inventory_product_update checks the whole
 * product and audits the change (a price change as product.price, with
 * the old price and who made it).
 */
int
op_product_update(struct op_ctx *ctx)
{
	static const struct {
		const char	*name;
		size_t		 off;
		json_int_t	 max;
		int		 measure;
	} ints[] = {
		{ "price", offsetof(struct product, price), INT64_C(9999999), 0 },
		{ "unit_cost", offsetof(struct product, unit_cost),
		  INT64_C(9999999), 0 },
		{ "reorder", offsetof(struct product, reorder),
		  INT64_C(100000000), 0 },
		{ "net_ug", offsetof(struct product, net_ug),
		  INT64_C(1000000000000), 1 },
		{ "flower_ug", offsetof(struct product, flower_ug),
		  INT64_C(1000000000000), 1 },
		{ "conc_ug", offsetof(struct product, conc_ug),
		  INT64_C(1000000000000), 1 },
		{ "thc_ug", offsetof(struct product, thc_ug),
		  INT64_C(1000000000000), 1 },
		{ "other_ug", offsetof(struct product, other_ug),
		  INT64_C(1000000000000), 1 },
		{ "volume_ul", offsetof(struct product, volume_ul),
		  INT64_C(1000000000000), 1 },
	};
	struct product	 p, old;
	const char	*s;
	char		*cause = NULL;
	json_t		*ja;
	json_int_t	 v;
	size_t		 i;
	int		 r, changed;

	if (op_product_arg(ctx, &old) != 0)
		return (-1);
	p = old;
	if ((r = proto_arg_str(ctx->args, "name", 0, NAME_MAX_, &s,
	    &cause)) < 0)
		return (op_bad_request(ctx, cause));
	if (r == 0)
		strlcpy(p.name, s, sizeof p.name);
	if ((r = proto_arg_str(ctx->args, "category", 0, CATEGORY_MAX, &s,
	    &cause)) < 0)
		return (op_bad_request(ctx, cause));
	if (r == 0)
		strlcpy(p.category, s, sizeof p.category);
	if ((r = proto_arg_int(ctx->args, "thc", 0, 0, 1000, &v,
	    &cause)) < 0)
		return (op_bad_request(ctx, cause));
	if (r == 0)
		p.thc = (int)v;
	for (i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		if ((r = proto_arg_int(ctx->args, ints[i].name, 0, 0,
		    ints[i].max, &v, &cause)) < 0)
			return (op_bad_request(ctx, cause));
		if (r == 0) {
			*(int64_t *)((char *)&p + ints[i].off) = v;
			if (ints[i].measure)
				p.measured = 1;
		}
	}
	if ((r = proto_arg_str(ctx->args, "route", 0, sizeof p.route - 1, &s,
	    &cause)) < 0)
		return (op_bad_request(ctx, cause));
	if (r == 0) {
		strlcpy(p.route, strcmp(s, "none") == 0 ? "" : s,
		    sizeof p.route);
		p.measured = 1;
	}
	if ((ja = json_object_get(ctx->args, "active")) != NULL) {
		if (!json_is_boolean(ja))
			return (op_error(ctx, "bad-request", "\"active\" must "
			    "be true or false"));
		p.inactive = !json_is_true(ja);
	}
	/* Who and when: the audit record's staff, terminal and time. */
	if (inventory_product_update(ctx->txn, &p, &old, ctx->c->staff,
	    ctx->c->terminal, NULL, &changed, &cause) != 0)
		return (op_failed(ctx, "bad-request", cause));
	ctx->result = json_pack("{s:o, s:b}", "product", op_product_full(&p),
	    "changed", changed);
	return (0);
}
