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

static int
ctl_stock_list_one(const struct package *pk, void *arg)
{
	struct stashctl_list	*l = arg;
	struct product		 p;
	char			 qty[32], c[48], sku[SKU_MAX + 1];

	if (store_product_get(&l->t, pk->product, &p) != 0) {
		if (l->t.ret != 0)
			return (-1);
		memset(&p, 0, sizeof p);
		strlcpy(p.name, "(no such product)", sizeof p.name);
	}
	if (l->arr != NULL) {
		json_array_append_new(l->arr, json_pack("{s:s,s:o,s:o,s:s,s:I,"
		    "s:I,s:o,s:s}", "tag", pk->tag, "sku",
		    stashctl_json_str(p.sku), "product",
		    stashctl_json_str(p.name), "unit",
		    store_product_unit_name(p.unit_weight), "qty",
		    (json_int_t)pk->qty, "received_qty",
		    (json_int_t)pk->received_qty, "batch",
		    stashctl_json_str(pk->batch), "status",
		    store_package_status_name(pk->status)));
		return (0);
	}
	stashctl_qty(p.unit_weight, pk->qty, qty, sizeof qty);
	fprintf(l->f, "%-24s  %-14s %-32s %14s  %s\n", pk->tag,
	    stashctl_clean(p.sku, sku, sizeof sku), stashctl_clean(p.name, c,
	    33), qty, store_package_status_name(pk->status));
	return (0);
}

int
ctl_stock_list(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct stashctl_list	 l;
	char			 head[160];

	snprintf(head, sizeof head, "%-24s  %-14s %-32s %14s  %s\n", "TAG",
	    "SKU", "PRODUCT", "ON HAND", "STATUS");
	if (stashctl_list_begin(ctl, &l, head) != 0)
		return (-1);
	store_package_walk(&l.t, ctl_stock_list_one, &l);
	return (stashctl_list_end(&l));
}
