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

#include "store.h"
#include "inventory.h"
#include "outbox.h"
#include "reconcile.h"

/*
 * Reconciliation with the state: its active packages (GET
 * /packages/v2/active, paged by metrc.c) against the ledger. A quantity
 * that differs is explained when the reports still in the outbox would
 * bring the state's figure to ours: a sale not yet reported (the state
 * has more), an adjustment, a return or a void not yet reported. What is
 * left is a difference, with those reports. A package the state holds or
 * has recalled is held here too, in a write op, and every terminal hears
 * of it as from hold.set, so a cart in progress is marked.
 *
 * Quantities are compared in thousandths of the package's unit (the
 * state's Grams or Each, ours mg or units) and reported in ours.
 */

#define RECONCILE_SCAN		100000	/* outbox entries looked at */

/* What a job still owed does to the state's figure for each package. */
static void
reconcile_effect(json_t *pending, const char *tag, int64_t effect,
    const struct outbox_job *j)
{
	json_t		*p;
	json_int_t	 all, certain;

	if ((p = json_object_get(pending, tag)) == NULL) {
		p = json_pack("{s:I, s:I, s:[]}", "effect", (json_int_t)0,
		    "certain", (json_int_t)0, "events");
		json_object_set_new(pending, tag, p);
	}
	all = json_integer_value(json_object_get(p, "effect")) + effect;
	json_object_set_new(p, "effect", json_integer(all));
	if (!j->uncertain) {
		certain = json_integer_value(json_object_get(p, "certain")) +
		    effect;
		json_object_set_new(p, "certain", json_integer(certain));
	}
	json_array_append_new(json_object_get(p, "events"), json_pack(
	    "{s:I, s:s, s:s, s:s, s:I, s:b}", "job", (json_int_t)j->id,
	    "kind", outbox_kind_name(j->kind), "state",
	    outbox_state_name(j->state), "ref", j->ref, "effect",
	    (json_int_t)effect, "uncertain", j->uncertain));
}

/* Every report still owed (pending or an exception), by package. */
static json_t *
reconcile_pending(struct store_txn *t)
{
	struct store_iter	 it;
	struct outbox_job	 j;
	struct sale		*s;
	struct sale_return	*ret;
	struct adjust		 a;
	json_t			*pending;
	u_int			 i, n = 0;

	pending = json_object();
	s = xmalloc(sizeof *s);
	ret = xmalloc(sizeof *ret);
	store_iter_init(t, &it, DB_OUTBOX_DUE, NULL, 0, 0);
	while (n++ < RECONCILE_SCAN && store_iter_next(&it)) {
		if (it.klen != 16 ||
		    outbox_get(t, store_key_get_u64(it.key + 8), &j) != 0)
			break;
		switch (j.kind) {
		case OUTBOX_RECEIPT:
		case OUTBOX_DELETE:
			/* A sale not reported: the state has it all still.
			 * A void not reported: the state has it sold. */
			if (store_sale_get(t, j.subject, s) != 0)
				break;
			for (i = 0; i < s->nlines; i++) {
				reconcile_effect(pending, s->lines[i].tag,
				    j.kind == OUTBOX_RECEIPT ?
				    s->lines[i].qty : -s->lines[i].qty, &j);
			}
			break;
		case OUTBOX_ADJUST:
			if (store_adjust_get(t, j.subject, &a) == 0)
				reconcile_effect(pending, a.tag, -a.delta, &j);
			break;
		case OUTBOX_RETURN:
			if (store_return_get(t, j.subject, ret) != 0)
				break;
			for (i = 0; i < ret->nlines; i++) {
				reconcile_effect(pending, ret->lines[i].tag,
				    -ret->lines[i].qty, &j);
			}
			break;
		case OUTBOX_LOCATION:
			break;	/* a move changes no quantity */
		}
	}
	store_iter_done(&it);
	free(ret);
	free(s);
	return (pending);
}

/* The state's Quantity (money_json_milli); -1 if absent or negative. */
static int64_t
reconcile_thousandths(json_t *v)
{
	int64_t	th;

	if (money_json_milli(v, &th) != 0 || th < 0)
		return (-1);
	return (th);
}

static json_t *
reconcile_diff(const char *tag, const char *kind, json_t *ours,
    json_t *state, const char *unit, json_t *pending)
{
	json_t	*d, *p;

	d = json_pack("{s:s, s:s, s:o, s:o, s:s}", "tag", tag, "kind", kind,
	    "ours", ours, "state", state, "unit", unit);
	p = pending != NULL ? json_object_get(pending, tag) : NULL;
	if (p != NULL)
		json_object_set(d, "pending", json_object_get(p, "events"));
	else
		json_object_set_new(d, "pending", json_array());
	return (d);
}

/*
 * Compare; the result, and in *holds what is to be held here. NULL with
 * t->ret set if the ledger could not be read.
 */
json_t *
reconcile_compare(struct store_txn *t, json_t *packages, json_t **holds)
{
	struct store_iter	 it;
	struct package		 pk;
	struct product		 p;
	struct hold		 h;
	json_t			*pending, *seen, *diffs, *explained, *held;
	json_t			*sp, *pe, *d;
	const char		*tag, *unit;
	int64_t			 state, ours, all, certain, scale;
	size_t			 i;
	int			 onhold, recalled, compared = 0;
	char			 up[TAG_LEN + 1];

	pending = reconcile_pending(t);
	seen = json_object();
	diffs = json_array();
	explained = json_array();
	held = json_array();
	*holds = json_array();
	json_array_foreach(packages, i, sp) {
		tag = json_string_value(json_object_get(sp, "Label"));
		if (tag == NULL || strlen(tag) != TAG_LEN)
			continue;
		strlcpy(up, tag, sizeof up);
		util_tag_upper(up);
		json_object_set_new(seen, up, json_true());
		state = reconcile_thousandths(json_object_get(sp, "Quantity"));
		if (store_package_get(t, up, &pk) != 0) {
			if (t->ret != 0)
				break;
			json_array_append_new(diffs, reconcile_diff(up,
			    "not-here", json_null(), state >= 0 ?
			    json_integer(state) : json_null(), "thousandths",
			    NULL));
			continue;
		}
		compared++;
		if (store_product_get(t, pk.product, &p) != 0)
			p.unit_weight = 0;
		scale = p.unit_weight ? 1 : 1000;
		unit = p.unit_weight ? "mg" : "each";

		/* Quantity, allowing for what the outbox still owes. */
		ours = pk.qty;
		pe = json_object_get(pending, up);
		all = json_integer_value(json_object_get(pe, "effect"));
		certain = json_integer_value(json_object_get(pe, "certain"));
		if (state >= 0 && state != ours * scale) {
			d = reconcile_diff(up, "quantity", json_integer(ours),
			    json_integer(state / scale), unit, pending);
			if (state == (ours + all) * scale ||
			    state == (ours + certain) * scale)
				json_array_append_new(explained, d);
			else {
				json_object_set_new(d, "unexplained",
				    json_integer(state / scale - ours - all));
				json_array_append_new(diffs, d);
			}
		}

		/* The state's hold or recall is ours too. */
		onhold = json_is_true(json_object_get(sp, "IsOnHold"));
		recalled = json_is_true(json_object_get(sp, "IsOnRecall"));
		if (!onhold && !recalled)
			continue;
		if (store_hold_get(t, HOLD_PACKAGE, up, &h) == 0)
			continue;
		if (t->ret != 0)
			break;
		d = reconcile_diff(up, "hold", json_string("not held"),
		    json_string(recalled ? "recalled" : "on hold"), unit,
		    NULL);
		json_object_set_new(d, "action", json_string("held here"));
		json_array_append_new(diffs, d);
		json_array_append_new(held, json_string(up));
		json_array_append_new(*holds, json_pack("{s:s, s:b}", "tag",
		    up, "recall", recalled));
	}

	/* Ours, with stock, that the state does not list as active. */
	store_iter_init(t, &it, DB_PACKAGE, NULL, 0, 0);
	while (t->ret == 0 && store_iter_next(&it)) {
		if (store_package_decode(it.val, it.vlen, &pk) != 0 ||
		    pk.qty <= 0 || json_object_get(seen, pk.tag) != NULL)
			continue;
		if (store_product_get(t, pk.product, &p) != 0)
			p.unit_weight = 0;
		json_array_append_new(diffs, reconcile_diff(pk.tag,
		    "not-at-state", json_integer(pk.qty), json_null(),
		    p.unit_weight ? "mg" : "each", pending));
	}
	store_iter_done(&it);
	json_decref(pending);
	json_decref(seen);
	if (t->ret != 0) {
		json_decref(diffs);
		json_decref(explained);
		json_decref(held);
		json_decref(*holds);
		*holds = NULL;
		return (NULL);
	}
	return (json_pack("{s:I, s:i, s:o, s:o, s:o}", "packages",
	    (json_int_t)json_array_size(packages), "compared", compared,
	    "differences", diffs, "explained", explained, "held", held));
}
