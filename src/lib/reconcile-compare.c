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

/* Every report still owed, by package: sorted by tag, then walk order. */
struct reconcile_pending {
	struct reconcile_event	*ev;
	size_t			 n;
	size_t			 alloc;
};

/* What a job still owed does to the state's figure for a package. */
static void
reconcile_effect(struct reconcile_pending *rp, const char *tag,
    int64_t effect, const struct outbox_job *j)
{
	struct reconcile_event	*e;

	if (rp->n == rp->alloc) {
		rp->alloc = rp->alloc == 0 ? 64 : rp->alloc * 2;
		rp->ev = xreallocarray(rp->ev, rp->alloc, sizeof *rp->ev);
	}
	e = &rp->ev[rp->n];
	memset(e, 0, sizeof *e);
	strlcpy(e->tag, tag, sizeof e->tag);
	e->seq = rp->n++;
	e->job = j->id;
	e->kind = j->kind;
	e->state = j->state;
	strlcpy(e->ref, j->ref, sizeof e->ref);
	e->effect = effect;
	e->uncertain = j->uncertain;
}

static int
reconcile_event_cmp(const void *a, const void *b)
{
	const struct reconcile_event	*ea = a, *eb = b;
	int				 c;

	if ((c = strcmp(ea->tag, eb->tag)) != 0)
		return (c);
	return (ea->seq < eb->seq ? -1 : ea->seq > eb->seq);
}

/* Every report still owed (pending or an exception), by package. */
static void
reconcile_pending(struct store_txn *t, struct reconcile_pending *rp)
{
	struct store_iter	 it;
	struct outbox_job	 j;
	struct sale		*s;
	struct sale_return	*ret;
	struct adjust		 a;
	u_int			 i, n = 0;

	memset(rp, 0, sizeof *rp);
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
				reconcile_effect(rp, s->lines[i].tag,
				    j.kind == OUTBOX_RECEIPT ?
				    s->lines[i].qty : -s->lines[i].qty, &j);
			}
			break;
		case OUTBOX_ADJUST:
			if (store_adjust_get(t, j.subject, &a) == 0)
				reconcile_effect(rp, a.tag, -a.delta, &j);
			break;
		case OUTBOX_RETURN:
			if (store_return_get(t, j.subject, ret) != 0)
				break;
			for (i = 0; i < ret->nlines; i++) {
				reconcile_effect(rp, ret->lines[i].tag,
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
	if (rp->n != 0)
		qsort(rp->ev, rp->n, sizeof *rp->ev, reconcile_event_cmp);
}

/*
 * A package's reports still owed (*n of them, NULL if none) and what they
 * do to the state's figure: all of them, and those certain not to have
 * reached the state.
 */
static const struct reconcile_event *
reconcile_pending_find(const struct reconcile_pending *rp, const char *tag,
    size_t *n, int64_t *all, int64_t *certain)
{
	size_t	lo = 0, hi = rp->n, mid, i;

	*n = 0;
	*all = *certain = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(rp->ev[mid].tag, tag) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < rp->n && strcmp(rp->ev[i].tag, tag) == 0; i++) {
		*all += rp->ev[i].effect;
		if (!rp->ev[i].uncertain)
			*certain += rp->ev[i].effect;
	}
	*n = i - lo;
	return (*n != 0 ? &rp->ev[lo] : NULL);
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

static int
reconcile_tag_cmp(const void *a, const void *b)
{
	return (strcmp(a, b));
}

/*
 * Compare the state's active packages (its JSON, as GET
 * /packages/v2/active gives them) with the ledger. cb is given each
 * difference: first those of the state's packages in its order (a
 * quantity difference the reports still owed explain has explained set),
 * then ours with stock that the state does not list. A package the state
 * holds or has recalled and we do not is a RECONCILE_HOLD difference: the
 * caller holds it here. *sum says how many packages the state listed and
 * how many of them were compared. -1 if the ledger could not be read
 * (t->ret says why).
 */
int
reconcile_compare(struct store_txn *t, json_t *packages,
    void (*cb)(const struct reconcile_diff *, void *), void *arg,
    struct reconcile_summary *sum)
{
	struct reconcile_pending rp;
	struct reconcile_diff	 d;
	struct store_iter	 it;
	struct package		 pk;
	struct product		 p;
	struct hold		 h;
	json_t			*sp;
	const char		*tag;
	char			(*seen)[TAG_LEN + 1];
	int64_t			 state, all, certain, scale;
	size_t			 i, nseen = 0;

	memset(sum, 0, sizeof *sum);
	sum->packages = json_array_size(packages);
	reconcile_pending(t, &rp);
	seen = xcalloc(sum->packages + 1, sizeof *seen);
	json_array_foreach(packages, i, sp) {
		tag = json_string_value(json_object_get(sp, "Label"));
		if (tag == NULL || strlen(tag) != TAG_LEN)
			continue;
		memset(&d, 0, sizeof d);
		d.tag = seen[nseen];
		strlcpy(seen[nseen], tag, sizeof seen[nseen]);
		util_tag_upper(seen[nseen]);
		nseen++;
		state = reconcile_thousandths(json_object_get(sp, "Quantity"));
		if (store_package_get(t, d.tag, &pk) != 0) {
			if (t->ret != 0)
				break;
			d.kind = RECONCILE_NOT_HERE;
			d.ours = -1;
			d.state = state;
			d.unit = "thousandths";
			cb(&d, arg);
			continue;
		}
		sum->compared++;
		if (store_product_get(t, pk.product, &p) != 0)
			p.unit_weight = 0;
		scale = p.unit_weight ? 1 : 1000;
		d.unit = p.unit_weight ? "mg" : "each";

		/* Quantity, allowing for what the outbox still owes. */
		d.pending = reconcile_pending_find(&rp, d.tag, &d.npending,
		    &all, &certain);
		if (state >= 0 && state != pk.qty * scale) {
			d.kind = RECONCILE_QUANTITY;
			d.ours = pk.qty;
			d.state = state / scale;
			d.explained = state == (pk.qty + all) * scale ||
			    state == (pk.qty + certain) * scale;
			d.unexplained = state / scale - pk.qty - all;
			cb(&d, arg);
		}

		/* The state's hold or recall is ours too. */
		d.pending = NULL;
		d.npending = 0;
		d.explained = 0;
		d.recalled = json_is_true(json_object_get(sp, "IsOnRecall"));
		if (!d.recalled && !json_is_true(json_object_get(sp,
		    "IsOnHold")))
			continue;
		if (store_hold_get(t, HOLD_PACKAGE, d.tag, &h) == 0)
			continue;
		if (t->ret != 0)
			break;
		d.kind = RECONCILE_HOLD;
		d.ours = d.state = -1;
		cb(&d, arg);
	}
	if (nseen != 0)
		qsort(seen, nseen, sizeof *seen, reconcile_tag_cmp);

	/* Ours, with stock, that the state does not list as active. */
	store_iter_init(t, &it, DB_PACKAGE, NULL, 0, 0);
	while (t->ret == 0 && store_iter_next(&it)) {
		if (store_package_decode(it.val, it.vlen, &pk) != 0 ||
		    pk.qty <= 0 || (nseen != 0 && bsearch(pk.tag, seen, nseen,
		    sizeof *seen, reconcile_tag_cmp) != NULL))
			continue;
		if (store_product_get(t, pk.product, &p) != 0)
			p.unit_weight = 0;
		memset(&d, 0, sizeof d);
		d.tag = pk.tag;
		d.kind = RECONCILE_NOT_AT_STATE;
		d.ours = pk.qty;
		d.state = -1;
		d.unit = p.unit_weight ? "mg" : "each";
		d.pending = reconcile_pending_find(&rp, d.tag, &d.npending,
		    &all, &certain);
		cb(&d, arg);
	}
	store_iter_done(&it);
	free(rp.ev);
	free(seen);
	return (t->ret != 0 ? -1 : 0);
}
