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
#include <string.h>

#include "ctl.h"

/* stashctl stock list: packages and what is on hand. */

/* --- stock --- */

int
ctl_stock_list(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct package		 pk;
	struct product		 p;
	struct stashctl_out	 out;
	json_t			*arr = NULL;
	FILE			*f;
	char			 qty[32], c[48], sku[SKU_MAX + 1];

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	f = stashctl_out_open(&out);
	if (ctl->json)
		arr = json_array();
	else {
		fprintf(f, "%-24s  %-14s %-32s %14s  %s\n", "TAG", "SKU",
		    "PRODUCT", "ON HAND", "STATUS");
	}
	store_iter_init(&t, &it, DB_PACKAGE, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_package_decode(it.val, it.vlen, &pk) != 0) {
			store_fail(&t, STORE_CORRUPT, "package %.*s record "
			    "damaged", (int)(it.klen > TAG_LEN ? TAG_LEN :
			    it.klen), (const char *)it.key);
			break;
		}
		if (store_product_get(&t, pk.product, &p) != 0) {
			if (t.ret != 0)
				break;
			memset(&p, 0, sizeof p);
			strlcpy(p.name, "(no such product)", sizeof p.name);
		}
		if (arr != NULL) {
			json_array_append_new(arr, json_pack("{s:s,s:o,s:o,"
			    "s:s,s:I,s:I,s:o,s:s}", "tag", pk.tag, "sku",
			    stashctl_json_str(p.sku), "product",
			    stashctl_json_str(p.name), "unit",
			    store_product_unit_name(p.unit_weight), "qty",
			    (json_int_t)pk.qty, "received_qty",
			    (json_int_t)pk.received_qty, "batch",
			    stashctl_json_str(pk.batch), "status",
			    store_package_status_name(pk.status)));
			continue;
		}
		stashctl_qty(p.unit_weight, pk.qty, qty, sizeof qty);
		fprintf(f, "%-24s  %-14s %-32s %14s  %s\n", pk.tag,
		    stashctl_clean(p.sku, sku, sizeof sku),
		    stashctl_clean(p.name, c, 33), qty,
		    store_package_status_name(pk.status));
	}
	store_iter_done(&it);
	return (stashctl_list_done(&t, &out, arr));
}
