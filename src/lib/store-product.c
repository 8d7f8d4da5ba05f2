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

#include <string.h>

#include "store.h"

/* Products, keyed by number, with an index by SKU. */

#define PRODUCT_KIND	'P'
enum { PR_ID = 1, PR_SKU, PR_NAME, PR_CATEGORY, PR_UNIT, PR_PRICE, PR_THC,
    PR_CREATED, PR_NET, PR_FLOWER, PR_CONC, PR_THC_UG, PR_OTHER, PR_VOLUME,
    PR_ROUTE, PR_MEASURED, PR_REORDER, PR_UNIT_COST, PR_INACTIVE };

const char *
store_product_unit_name(int unit_weight)
{
	return (unit_weight ? "weight" : "each");
}

int
store_product_decode(const u_char *v, size_t vlen, struct product *p)
{
	struct codec	c;
	int64_t		id = 0, unit = 0, thc = 0, measured = 0, inactive = 0;

	memset(p, 0, sizeof *p);
	if (codec_open(&c, v, vlen, PRODUCT_KIND) != 0 ||
	    codec_get_i64(&c, PR_ID, &id) < 0 ||
	    codec_get_str(&c, PR_SKU, p->sku, sizeof p->sku) < 0 ||
	    codec_get_str(&c, PR_NAME, p->name, sizeof p->name) < 0 ||
	    codec_get_str(&c, PR_CATEGORY, p->category,
	    sizeof p->category) < 0 ||
	    codec_get_i64(&c, PR_UNIT, &unit) < 0 ||
	    codec_get_i64(&c, PR_PRICE, &p->price) < 0 ||
	    codec_get_i64(&c, PR_THC, &thc) < 0 ||
	    codec_get_i64(&c, PR_CREATED, &p->created) < 0 ||
	    codec_get_i64(&c, PR_NET, &p->net_ug) < 0 ||
	    codec_get_i64(&c, PR_FLOWER, &p->flower_ug) < 0 ||
	    codec_get_i64(&c, PR_CONC, &p->conc_ug) < 0 ||
	    codec_get_i64(&c, PR_THC_UG, &p->thc_ug) < 0 ||
	    codec_get_i64(&c, PR_OTHER, &p->other_ug) < 0 ||
	    codec_get_i64(&c, PR_VOLUME, &p->volume_ul) < 0 ||
	    codec_get_str(&c, PR_ROUTE, p->route, sizeof p->route) < 0 ||
	    codec_get_i64(&c, PR_MEASURED, &measured) < 0 ||
	    codec_get_i64(&c, PR_REORDER, &p->reorder) < 0 ||
	    codec_get_i64(&c, PR_UNIT_COST, &p->unit_cost) < 0 ||
	    codec_get_i64(&c, PR_INACTIVE, &inactive) < 0 ||
	    id <= 0 || id > UINT32_MAX || p->reorder < 0 || p->unit_cost < 0)
		return (-1);
	p->inactive = inactive != 0;
	p->measured = measured != 0;
	p->id = (uint32_t)id;
	p->unit_weight = unit != 0;
	p->thc = (int)thc;
	return (0);
}

int
store_product_get(struct store_txn *t, uint32_t id, struct product *p)
{
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	if ((r = store_get_u32(t, DB_PRODUCT, id, &v, &vlen)) != 0)
		return (r);
	if (store_product_decode(v, vlen, p) != 0 || p->id != id)
		return (store_damaged(t, "product", id));
	return (0);
}

int
store_product_by_sku(struct store_txn *t, const char *sku, struct product *p)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	if (strlen(sku) > SKU_MAX)
		return (STORE_NOTFOUND);
	store_key_init(&k);
	store_key_str(&k, sku);
	if ((r = store_get(t, DB_PRODUCT_SKU, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	if (vlen != 4) {
		store_fail(t, STORE_CORRUPT, "SKU index damaged");
		return (STORE_CORRUPT);
	}
	return (store_product_get(t, store_key_get_u32(v), p));
}

/* Write a product; old is its previous version (NULL if new). */
void
store_product_put(struct store_txn *t, const struct product *p,
    const struct product *old)
{
	struct store_key	k, sk;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, PRODUCT_KIND, 1);
	codec_i64(&b, PR_ID, p->id);
	codec_str(&b, PR_SKU, p->sku);
	codec_str(&b, PR_NAME, p->name);
	codec_str(&b, PR_CATEGORY, p->category);
	codec_i64(&b, PR_UNIT, p->unit_weight);
	codec_i64(&b, PR_PRICE, p->price);
	codec_i64(&b, PR_THC, p->thc);
	codec_i64(&b, PR_CREATED, p->created);
	if (p->measured) {
		codec_i64(&b, PR_NET, p->net_ug);
		codec_i64(&b, PR_FLOWER, p->flower_ug);
		codec_i64(&b, PR_CONC, p->conc_ug);
		codec_i64(&b, PR_THC_UG, p->thc_ug);
		codec_i64(&b, PR_OTHER, p->other_ug);
		codec_i64(&b, PR_VOLUME, p->volume_ul);
		codec_str(&b, PR_ROUTE, p->route);
		codec_i64(&b, PR_MEASURED, 1);
	}
	if (p->reorder != 0)
		codec_i64(&b, PR_REORDER, p->reorder);
	if (p->unit_cost != 0)
		codec_i64(&b, PR_UNIT_COST, p->unit_cost);
	if (p->inactive)
		codec_i64(&b, PR_INACTIVE, 1);
	store_key_init(&k);
	store_key_u32(&k, p->id);
	store_put(t, DB_PRODUCT, k.data, k.len, b.data, b.len);
	buf_free(&b);

	if (old != NULL && strcmp(old->sku, p->sku) != 0) {
		store_key_init(&sk);
		store_key_str(&sk, old->sku);
		store_del(t, DB_PRODUCT_SKU, sk.data, sk.len);
	}
	store_key_init(&sk);
	store_key_str(&sk, p->sku);
	store_put(t, DB_PRODUCT_SKU, sk.data, sk.len, k.data, k.len);
}

uint32_t
store_product_next_id(struct store_txn *t)
{
	return ((uint32_t)store_last_u64(t, DB_PRODUCT) + 1);
}
