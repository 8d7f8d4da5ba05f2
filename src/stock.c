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

#include "intake.h"

/*
 * Stock reports shared by stashd and stashctl: products under their
 * reorder point, and packages whose expiry or lab result runs out soon.
 * Both walk a whole table: they are reports, not register paths.
 */

/* Products whose sellable stock is under their reorder point. */
json_t *
stock_low(struct store_txn *t)
{
	struct store_iter	 it, pit;
	struct store_key	 k;
	struct product		 p;
	struct package		 pk;
	char			 tag[TAG_LEN + 1], *cause;
	int64_t			 sellable, on_hand;
	json_t			*arr;

	arr = json_array();
	store_iter_init(t, &it, DB_PRODUCT, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_product_decode(it.val, it.vlen, &p) != 0) {
			store_fail(t, STORE_CORRUPT, "a product record is "
			    "damaged");
			break;
		}
		if (p.reorder <= 0)
			continue;
		sellable = on_hand = 0;
		store_key_init(&k);
		store_key_u32(&k, p.id);
		store_iter_init(t, &pit, DB_PACKAGE_PRODUCT, k.data, k.len, 0);
		while (store_iter_next(&pit)) {
			if (pit.klen != k.len + TAG_LEN)
				continue;
			memcpy(tag, pit.key + k.len, TAG_LEN);
			tag[TAG_LEN] = '\0';
			if (store_package_get(t, tag, &pk) != 0)
				break;
			if (pk.status == PACKAGE_FINISHED)
				continue;
			on_hand += pk.qty;
			cause = NULL;
			if (inventory_sellable(t, &pk, &p, &cause) == 0)
				sellable += pk.qty;
			free(cause);
		}
		store_iter_done(&pit);
		if (t->ret != 0)
			break;
		if (sellable >= p.reorder)
			continue;
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:s, s:I, s:I, s:I, s:I}", "product", (json_int_t)p.id,
		    "sku", p.sku, "name", p.name, "category", p.category,
		    "unit", store_product_unit_name(p.unit_weight), "reorder",
		    (json_int_t)p.reorder, "sellable", (json_int_t)sellable,
		    "on_hand", (json_int_t)on_hand, "short",
		    (json_int_t)(p.reorder - sellable)));
	}
	store_iter_done(&it);
	if (t->ret != 0) {
		json_decref(arr);
		return (NULL);
	}
	return (arr);
}

/*
 * Packages with stock whose expiry date or lab result expiry is on or
 * before limit (YYYYMMDD); today marks those already past.
 */
json_t *
stock_expiring(struct store_txn *t, int today, int limit)
{
	struct store_iter	 it;
	struct package		 pk;
	struct product		 p;
	json_t			*arr;
	int			 first;

	arr = json_array();
	store_iter_init(t, &it, DB_PACKAGE, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_package_decode(it.val, it.vlen, &pk) != 0) {
			store_fail(t, STORE_CORRUPT, "a package record is "
			    "damaged");
			break;
		}
		if (pk.status == PACKAGE_FINISHED || pk.qty <= 0)
			continue;
		first = pk.expires;
		if (pk.lab.expires != 0 && (first == 0 ||
		    pk.lab.expires < first))
			first = pk.lab.expires;
		if (first == 0 || first > limit)
			continue;
		if (store_product_get(t, pk.product, &p) != 0)
			break;
		json_array_append_new(arr, json_pack("{s:s, s:I, s:s, s:s, "
		    "s:s, s:I, s:s, s:s, s:i, s:i, s:b}", "tag", pk.tag,
		    "product", (json_int_t)p.id, "sku", p.sku, "name", p.name,
		    "unit", store_product_unit_name(p.unit_weight), "qty",
		    (json_int_t)pk.qty, "location", pk.location, "status",
		    store_package_status_name(pk.status), "expires",
		    pk.expires, "lab_expires", pk.lab.expires, "expired",
		    first < today));
	}
	store_iter_done(&it);
	if (t->ret != 0) {
		json_decref(arr);
		return (NULL);
	}
	return (arr);
}
