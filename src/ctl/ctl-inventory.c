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
		json_array_append_new(l->arr, inventory_package_json(&l->t,
		    pk));
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
int
ctl_inventory_low(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct store_txn	 t;
	struct stashctl_out	 out;
	json_t			*all, *arr, *j;
	FILE			*f;
	size_t			 i;
	char			 a[32], b[32], c[48];
	uint32_t		 before = 0;
	int			 w;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	f = stashctl_out_open(&out);
	all = json_array();
	if (!ctl->json)
		fprintf(f, "%-14s %-32s %12s %12s\n", "SKU", "PRODUCT",
		    "SELLABLE", "REORDER AT");
	do {
		if ((arr = inventory_low(&t, before, INVENTORY_LIST_MAX,
		    &before)) == NULL)
			break;
		if (ctl->json) {
			json_array_extend(all, arr);
			json_decref(arr);
			continue;
		}
		json_array_foreach(arr, i, j) {
			w = strcmp(stashctl_jstr(j, "unit"), "weight") == 0;
			stashctl_qty(w, json_integer_value(json_object_get(j,
			    "sellable")), a, sizeof a);
			stashctl_qty(w, json_integer_value(json_object_get(j,
			    "reorder")), b, sizeof b);
			fprintf(f, "%-14s %-32s %12s %12s\n",
			    stashctl_jstr(j, "sku"), stashctl_clean(
			    stashctl_jstr(j, "name"), c, 33), a, b);
		}
		json_decref(arr);
	} while (before != 0);
	if (!ctl->json || t.ret != 0) {
		json_decref(all);
		all = NULL;
	}
	return (stashctl_list_done(&t, &out, all));
}

int
ctl_inventory_expiring(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct stashctl_out	 out;
	const char		*s, *errstr;
	json_t			*all, *arr, *j;
	FILE			*f;
	size_t			 i;
	char			 q[32], c[48], d1[16], d2[16];
	char			 before[TAG_LEN + 1], next[TAG_LEN + 1];
	int			 days = 30, today, w;

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
	f = stashctl_out_open(&out);
	today = util_local_date(util_now(), ctl->info.tz);
	all = json_array();
	if (!ctl->json)
		fprintf(f, "%-24s  %-24s %12s  %-10s  %-10s %s\n", "TAG",
		    "PRODUCT", "ON HAND", "EXPIRES", "LAB UNTIL", "");
	before[0] = '\0';
	do {
		if ((arr = inventory_expiring(&t, today, intake_date_add(today,
		    days), before[0] != '\0' ? before : NULL,
		    INVENTORY_LIST_MAX, next)) == NULL)
			break;
		strlcpy(before, next, sizeof before);
		if (ctl->json) {
			json_array_extend(all, arr);
			json_decref(arr);
			continue;
		}
		json_array_foreach(arr, i, j) {
			w = strcmp(stashctl_jstr(j, "unit"), "weight") == 0;
			stashctl_qty(w, json_integer_value(json_object_get(j,
			    "qty")), q, sizeof q);
			fprintf(f, "%-24s  %-24s %12s  %-10s  %-10s %s\n",
			    stashctl_jstr(j, "tag"), stashctl_clean(
			    stashctl_jstr(j, "name"), c, 25), q, stashctl_date(
			    (int)json_integer_value(json_object_get(j,
			    "expires")), d1, sizeof d1), stashctl_date(
			    (int)json_integer_value(json_object_get(j,
			    "lab_expires")), d2, sizeof d2),
			    json_is_true(json_object_get(j, "expired")) ?
			    "EXPIRED" : "");
		}
		json_decref(arr);
	} while (before[0] != '\0');
	if (!ctl->json || t.ret != 0) {
		json_decref(all);
		all = NULL;
	}
	return (stashctl_list_done(&t, &out, all));
}
