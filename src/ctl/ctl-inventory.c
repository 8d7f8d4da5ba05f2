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

#include "ctl.h"
#include "intake.h"
#include "reply.h"

/*
 * stashctl inventory list|low|expiring: listings, each read in one read
 * transaction whose output is printed only once it has ended.
 */

struct ctl_inventory_list {
	struct stashctl_list	 l;
	const char		*location;	/* only these, or NULL */
};

static int
ctl_inventory_list_one(const struct package *pk, void *arg)
{
	struct ctl_inventory_list	*il = arg;
	struct stashctl_list		*l = &il->l;
	struct product			 p;
	char				 q[32], c[48], sku[SKU_MAX + 1];

	if (il->location != NULL && strcmp(pk->location, il->location) != 0)
		return (0);
	if (store_product_get(&l->t, pk->product, &p) != 0)
		return (-1);
	if (l->arr != NULL) {
		json_array_append_new(l->arr, reply_package_get(&l->t, pk));
		return (0);
	}
	stashctl_qty(p.unit_weight, pk->qty, q, sizeof q);
	fprintf(l->f, "%-24s  %-12s %-24s %12s  %-10s %-10s %s\n", pk->tag,
	    stashctl_clean(p.sku, sku, 13), stashctl_clean(p.name, c, 25), q,
	    pk->location, store_package_status_name(pk->status),
	    store_package_lab_name(pk->lab.status));
	return (0);
}

int
ctl_inventory_list(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_inventory_list	 il;
	char				 head[160];

	snprintf(head, sizeof head, "%-24s  %-12s %-24s %12s  %-10s %-10s "
	    "%s\n", "TAG", "SKU", "PRODUCT", "ON HAND", "LOCATION", "STATUS",
	    "LAB");
	if (stashctl_list_begin(ctl, &il.l, head) != 0)
		return (-1);
	il.location = stashctl_opt(args, "location");
	store_package_walk(&il.l.t, ctl_inventory_list_one, &il);
	return (stashctl_list_end(&il.l));
}

/*
 * inventory low and expiring follow the pages of inventory_low and
 * inventory_expiring (the ops' walks) in the one read transaction; with
 * --json the pages are joined into one array.
 */
struct ctl_inventory_rows {
	FILE	*f;
	json_t	*all;		/* --json: the rows, else NULL */
};

static void
ctl_inventory_low_row(const struct inventory_low_row *row, void *arg)
{
	struct ctl_inventory_rows	*ir = arg;
	const struct product		*p = row->product;
	char				 a[32], b[32], c[48];

	if (ir->all != NULL) {
		json_array_append_new(ir->all, reply_low(row));
		return;
	}
	stashctl_qty(p->unit_weight, row->sellable, a, sizeof a);
	stashctl_qty(p->unit_weight, p->reorder, b, sizeof b);
	fprintf(ir->f, "%-14s %-32s %12s %12s\n", p->sku,
	    stashctl_clean(p->name, c, 33), a, b);
}

int
ctl_inventory_low(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct store_txn		 t;
	struct stashctl_out		 out;
	struct ctl_inventory_rows	 ir;
	uint32_t			 before = 0;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	ir.f = stashctl_out_open(&out);
	ir.all = ctl->json ? json_array() : NULL;
	if (!ctl->json)
		fprintf(ir.f, "%-14s %-32s %12s %12s\n", "SKU", "PRODUCT",
		    "SELLABLE", "REORDER AT");
	do {
		if (inventory_low(&t, before, INVENTORY_LIST_MAX,
		    ctl_inventory_low_row, &ir, &before) != 0)
			break;
	} while (before != 0);
	if (t.ret != 0) {
		json_decref(ir.all);
		ir.all = NULL;
	}
	return (stashctl_list_done(&t, &out, ir.all));
}

static void
ctl_inventory_expiring_row(const struct inventory_expiring_row *row,
    void *arg)
{
	struct ctl_inventory_rows	*ir = arg;
	const struct package		*pk = row->package;
	char				 q[32], c[48], d1[16], d2[16];

	if (ir->all != NULL) {
		json_array_append_new(ir->all, reply_expiring(row));
		return;
	}
	stashctl_qty(row->product->unit_weight, pk->qty, q, sizeof q);
	fprintf(ir->f, "%-24s  %-24s %12s  %-10s  %-10s %s\n", pk->tag,
	    stashctl_clean(row->product->name, c, 25), q,
	    stashctl_date(pk->expires, d1, sizeof d1),
	    stashctl_date(pk->lab.expires, d2, sizeof d2),
	    row->expired ? "EXPIRED" : "");
}

int
ctl_inventory_expiring(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn		 t;
	struct stashctl_out		 out;
	struct ctl_inventory_rows	 ir;
	const char			*s, *errstr;
	char				 before[TAG_LEN + 1], next[TAG_LEN + 1];
	int				 days = 30, today;

	if ((s = stashctl_opt(args, "days")) != NULL) {
		days = (int)util_strtonum(s, 0, 3650, &errstr);
		if (errstr != NULL) {
			stashctl_error("--days %s: a number of days, 0 to "
			    "3650", s);
			return (-1);
		}
	}
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	ir.f = stashctl_out_open(&out);
	ir.all = ctl->json ? json_array() : NULL;
	today = util_local_date(util_now(), ctl->info.tz);
	if (!ctl->json)
		fprintf(ir.f, "%-24s  %-24s %12s  %-10s  %-10s %s\n", "TAG",
		    "PRODUCT", "ON HAND", "EXPIRES", "LAB UNTIL", "");
	before[0] = '\0';
	do {
		if (inventory_expiring(&t, today, intake_date_add(today,
		    days), before[0] != '\0' ? before : NULL,
		    INVENTORY_LIST_MAX, ctl_inventory_expiring_row, &ir,
		    next) != 0)
			break;
		strlcpy(before, next, sizeof before);
	} while (before[0] != '\0');
	if (t.ret != 0) {
		json_decref(ir.all);
		ir.all = NULL;
	}
	return (stashctl_list_done(&t, &out, ir.all));
}
