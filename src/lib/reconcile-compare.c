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
#include "intake.h"
#include "jobq.h"
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
	size_t			 sorted;	/* ev[0..sorted) by tag */
};

/*
 * The comparison, a step at a time (reconcile_walk_step): the reports
 * owed, then the state's packages in its order, then ours in tag order.
 * Between steps the ledger may change: a report added since the walk began
 * (a sale meanwhile) is picked up before the next packages are compared,
 * so a package is compared with what was owed when it was read.
 */
enum reconcile_phase {
	RECONCILE_OWED,
	RECONCILE_THEIRS,
	RECONCILE_OURS,
	RECONCILE_DONE,
};
struct reconcile_walk {
	json_t			*packages;
	void			(*cb)(const struct reconcile_diff *, void *);
	void			*arg;
	struct reconcile_summary sum;
	enum reconcile_phase	 phase;
	int			 started;

	struct reconcile_pending rp;
	uint64_t		*jobs;		/* looked at */
	size_t			 njobs;
	size_t			 jobsorted;	/* jobs[0..jobsorted) sorted */
	size_t			 jobsalloc;
	uint64_t		 last_job;	/* the newest looked for */
	size_t			 scanned;	/* outbox entries */

	struct jobq_pos		 due;		/* the due index's walk */
	u_char			 after[64];	/* the scan stopped here */
	size_t			 afterlen;

	size_t			 next;		/* in packages */
	char			(*seen)[TAG_LEN + 1]; /* theirs, hashed */
	size_t			 nslots;
};

/* A kind of difference as the protocol and the reports name it. */
const char *
reconcile_kind_name(enum reconcile_kind kind)
{
	static const char	*names[RECONCILE_KINDS] = { "not-here",
				    "quantity", "hold", "not-at-state" };

	if ((u_int)kind >= RECONCILE_KINDS)
		return ("unknown");
	return (names[kind]);
}

/* A difference into a run's figures (the history the ledger keeps). */
void
reconcile_run_count(struct reconcile_run *r, const struct reconcile_diff *d)
{
	if (d->explained) {
		r->explained++;
		return;
	}
	if ((u_int)d->kind < RECONCILE_KINDS)
		r->kinds[d->kind]++;
	if (d->kind == RECONCILE_HOLD)
		r->held++;
}

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

static int
reconcile_job_cmp(const void *a, const void *b)
{
	const uint64_t	*ja = a, *jb = b;

	return (*ja < *jb ? -1 : *ja > *jb);
}

struct reconcile_receipt {
	struct reconcile_pending	*rp;
	const struct outbox_job		*j;
};

static int
reconcile_received_line(const struct manifest_line *l, void *arg)
{
	struct reconcile_receipt	*rr = arg;

	if (l->state != LINE_REJECTED && l->accepted > 0)
		reconcile_effect(rr->rp, l->tag, -l->accepted, rr->j);
	return (0);
}

/* A transfer's receipt owed: each package taken in, not the state's yet. */
static void
reconcile_received(struct store_txn *t, struct reconcile_pending *rp,
    const struct outbox_job *j)
{
	struct reconcile_receipt	rr;
	char				number[32];

	/* The manifest is numbered by the transfer (state-biotrack24.c). */
	snprintf(number, sizeof number, "%llu",
	    (unsigned long long)j->subject);
	rr.rp = rp;
	rr.j = j;
	intake_line_walk(t, number, reconcile_received_line, &rr);
}

/*
 * A job still owed (pending or an exception), once: its effect on each
 * package it names. 0 if it was looked at already (a job retried since
 * is met again further on in the due index) or owes nothing. One scan
 * meets a job once: the jobs are sorted after each (reconcile_jobs_sort).
 */
static int
reconcile_job(struct store_txn *t, struct reconcile_walk *w,
    const struct outbox_job *j, struct sale *s, struct sale_return *ret)
{
	struct reconcile_pending	*rp = &w->rp;
	struct adjust			 a;
	u_int				 i;

	if (j->state != OUTBOX_PENDING && j->state != OUTBOX_EXCEPTION)
		return (0);
	if (w->jobsorted != 0 && bsearch(&j->id, w->jobs, w->jobsorted,
	    sizeof *w->jobs, reconcile_job_cmp) != NULL)
		return (0);
	if (w->njobs == w->jobsalloc) {
		w->jobsalloc = w->jobsalloc == 0 ? 64 : w->jobsalloc * 2;
		w->jobs = xreallocarray(w->jobs, w->jobsalloc,
		    sizeof *w->jobs);
	}
	w->jobs[w->njobs++] = j->id;

	switch (j->kind) {
	case OUTBOX_DELIVERY:
		/* Created at the state (state_id): taken there already. */
		if (j->state_id != 0)
			break;
		/* FALLTHROUGH */
	case OUTBOX_RECEIPT:
	case OUTBOX_RETAILER_SALE:
	case OUTBOX_DELETE:
		/* A sale not reported: the state has it all still.
		 * A void not reported: the state has it sold. */
		if (store_sale_get(t, j->subject, s) != 0)
			break;
		for (i = 0; i < s->nlines; i++) {
			reconcile_effect(rp, s->lines[i].tag,
			    j->kind != OUTBOX_DELETE ?
			    s->lines[i].qty : -s->lines[i].qty, j);
		}
		break;
	case OUTBOX_ADJUST:
		if (store_adjust_get(t, j->subject, &a) == 0)
			reconcile_effect(rp, a.tag, -a.delta, j);
		break;
	case OUTBOX_RETURN:
		if (store_return_get(t, j->subject, ret) != 0)
			break;
		for (i = 0; i < ret->nlines; i++) {
			reconcile_effect(rp, ret->lines[i].tag,
			    -ret->lines[i].qty, j);
		}
		break;
	case OUTBOX_LOCATION:
		break;	/* a move changes no quantity */
	case OUTBOX_TRANSFER_RECEIVE:
		/* Not received at the state: what came in is not its yet. */
		reconcile_received(t, rp, j);
		break;
	}
	return (1);
}

static void
reconcile_jobs_sort(struct reconcile_walk *w)
{
	if (w->jobsorted == w->njobs)
		return;
	qsort(w->jobs, w->njobs, sizeof *w->jobs, reconcile_job_cmp);
	w->jobsorted = w->njobs;
}

/* A walk of the due index for reconcile_owed. */
struct reconcile_owed_walk {
	struct store_txn	*t;
	struct reconcile_walk	*w;
	struct sale		*s;
	struct sale_return	*ret;
};

static int
reconcile_owed_one(const struct outbox_job *j, void *arg)
{
	struct reconcile_owed_walk	*ow = arg;

	ow->w->scanned++;
	reconcile_job(ow->t, ow->w, j, ow->s, ow->ret);
	return (0);
}

/*
 * The reports owed, up to *budget outbox entries looked at: first those
 * added since the walk began (newer than w->last_job), then, while the
 * phase is RECONCILE_OWED, the due index where the last step left it.
 * Sorted by tag when done.
 */
static void
reconcile_owed(struct store_txn *t, struct reconcile_walk *w, size_t *budget)
{
	struct reconcile_owed_walk	 ow;
	struct store_iter		 it;
	struct store_key		 k;
	struct outbox_job		 j;
	struct sale			*s;
	struct sale_return		*ret;
	size_t				 before, max;
	int				 r;

	s = xmalloc(sizeof *s);
	ret = xmalloc(sizeof *ret);
	if (!w->started) {
		w->started = 1;
		w->last_job = store_last_u64(t, DB_OUTBOX);
	} else {
		store_key_init(&k);
		store_key_u64(&k, w->last_job);
		store_iter_init(t, &it, DB_OUTBOX, NULL, 0, 0);
		store_iter_after(&it, k.data, k.len);
		while (*budget != 0 && store_iter_next(&it)) {
			(*budget)--;
			if (it.klen != 8 || outbox_get(t,
			    store_key_get_u64(it.key), &j) != 0)
				break;
			w->last_job = j.id;
			reconcile_job(t, w, &j, s, ret);
		}
		store_iter_done(&it);
	}
	reconcile_jobs_sort(w);
	if (w->phase == RECONCILE_OWED && *budget != 0 && t->ret == 0) {
		ow.t = t;
		ow.w = w;
		ow.s = s;
		ow.ret = ret;
		before = w->scanned;
		max = RECONCILE_SCAN - w->scanned;
		if (max > *budget)
			max = *budget;
		r = outbox_walk_on(t, &w->due, (u_int)max, reconcile_owed_one,
		    &ow);
		*budget -= w->scanned - before;
		/* The next step goes on where this one stopped, if it did. */
		if (r != 0 || w->scanned == RECONCILE_SCAN) {
			w->phase = RECONCILE_THEIRS;
			w->afterlen = 0;
		}
		reconcile_jobs_sort(w);
	}
	free(ret);
	free(s);
	if (w->rp.sorted != w->rp.n) {
		qsort(w->rp.ev, w->rp.n, sizeof *w->rp.ev,
		    reconcile_event_cmp);
		w->rp.sorted = w->rp.n;
	}
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

/*
 * The state's tags met so far, in an open-addressed table twice the size
 * of its list: in and looked up in constant time, whatever the list's
 * size, and never moved (a difference's tag points into it).
 */
static char *
reconcile_seen_slot(struct reconcile_walk *w, const char *tag)
{
	uint64_t	h = 14695981039346656037ULL;
	const char	*cp;
	size_t		i;

	for (cp = tag; *cp != '\0'; cp++)
		h = (h ^ (u_char)*cp) * 1099511628211ULL;
	for (i = h % w->nslots;; i = (i + 1) % w->nslots) {
		if (w->seen[i][0] == '\0' || strcmp(w->seen[i], tag) == 0)
			return (w->seen[i]);
	}
}

/* The state's packages from where the last step left them. */
static void
reconcile_theirs(struct store_txn *t, struct reconcile_walk *w,
    size_t *budget)
{
	struct reconcile_diff	 d;
	struct package		 pk;
	struct product		 p;
	struct hold		 h;
	json_t			*sp;
	const char		*tag;
	char			 upper[TAG_LEN + 1], *slot;
	int64_t			 state, all, certain, scale;

	while (t->ret == 0 && *budget != 0) {
		if (w->next == w->sum.packages) {
			w->phase = RECONCILE_OURS;
			return;
		}
		(*budget)--;
		sp = json_array_get(w->packages, w->next++);
		tag = json_string_value(json_object_get(sp, "Label"));
		if (tag == NULL || strlen(tag) != TAG_LEN)
			continue;
		memset(&d, 0, sizeof d);
		strlcpy(upper, tag, sizeof upper);
		util_tag_upper(upper);
		slot = reconcile_seen_slot(w, upper);
		strlcpy(slot, upper, TAG_LEN + 1);
		d.tag = slot;
		state = reconcile_thousandths(json_object_get(sp, "Quantity"));
		if (store_package_get(t, d.tag, &pk) != 0) {
			if (t->ret != 0)
				return;
			d.kind = RECONCILE_NOT_HERE;
			d.ours = -1;
			d.state = state;
			d.unit = "thousandths";
			w->cb(&d, w->arg);
			continue;
		}
		w->sum.compared++;
		if (store_product_get(t, pk.product, &p) != 0)
			p.unit_weight = 0;
		scale = p.unit_weight ? 1 : 1000;
		d.unit = p.unit_weight ? "mg" : "each";

		/* Quantity, allowing for what the outbox still owes. */
		d.pending = reconcile_pending_find(&w->rp, d.tag, &d.npending,
		    &all, &certain);
		if (state >= 0 && state != pk.qty * scale) {
			d.kind = RECONCILE_QUANTITY;
			d.ours = pk.qty;
			d.state = state / scale;
			d.explained = state == (pk.qty + all) * scale ||
			    state == (pk.qty + certain) * scale;
			d.unexplained = state / scale - pk.qty - all;
			w->cb(&d, w->arg);
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
			return;
		d.kind = RECONCILE_HOLD;
		d.ours = d.state = -1;
		w->cb(&d, w->arg);
	}
}

/* Ours, with stock, that the state does not list as active. */
static void
reconcile_ours(struct store_txn *t, struct reconcile_walk *w, size_t *budget)
{
	struct reconcile_diff	 d;
	struct store_iter	 it;
	struct package		 pk;
	struct product		 p;
	int64_t			 all, certain;

	store_iter_init(t, &it, DB_PACKAGE, NULL, 0, 0);
	if (w->afterlen != 0)
		store_iter_after(&it, w->after, w->afterlen);
	while (t->ret == 0 && *budget != 0) {
		if (!store_iter_next(&it)) {
			w->phase = RECONCILE_DONE;
			break;
		}
		(*budget)--;
		if (store_iter_keep(&it, w->after, sizeof w->after,
		    &w->afterlen, "package") != 0)
			break;
		if (store_package_decode(it.val, it.vlen, &pk) != 0 ||
		    pk.qty <= 0 || *reconcile_seen_slot(w, pk.tag) != '\0')
			continue;
		if (store_product_get(t, pk.product, &p) != 0)
			p.unit_weight = 0;
		memset(&d, 0, sizeof d);
		d.tag = pk.tag;
		d.kind = RECONCILE_NOT_AT_STATE;
		d.ours = pk.qty;
		d.state = -1;
		d.unit = p.unit_weight ? "mg" : "each";
		d.pending = reconcile_pending_find(&w->rp, d.tag, &d.npending,
		    &all, &certain);
		w->cb(&d, w->arg);
	}
	store_iter_done(&it);
}

/*
 * A comparison of the state's active packages (its JSON, as GET
 * /packages/v2/active gives them, kept until reconcile_walk_free) with the
 * ledger, made by reconcile_walk_step. cb is given each difference: first
 * those of the state's packages in its order (a quantity difference the
 * reports still owed explain has explained set), then ours with stock
 * that the state does not list. A package the state holds or has recalled
 * and we do not is a RECONCILE_HOLD difference: the caller holds it here.
 */
struct reconcile_walk *
reconcile_walk_new(json_t *packages,
    void (*cb)(const struct reconcile_diff *, void *), void *arg)
{
	struct reconcile_walk	*w;

	w = xcalloc(1, sizeof *w);
	w->packages = json_incref(packages);
	w->cb = cb;
	w->arg = arg;
	w->sum.packages = json_array_size(packages);
	w->nslots = 2 * w->sum.packages + 1;
	w->seen = xcalloc(w->nslots, sizeof *w->seen);
	return (w);
}

/*
 * The next step: at most step outbox entries and packages looked at, in
 * the read transaction t (a step's differences are consistent with it).
 * 1 if there is more to do, 0 when done, -1 if the ledger could not be
 * read (t->ret says why).
 */
int
reconcile_walk_step(struct reconcile_walk *w, struct store_txn *t,
    size_t step)
{
	size_t	budget = step;

	if (step == 0)
		fatalx("reconcile_walk_step: no step");
	reconcile_owed(t, w, &budget);
	while (t->ret == 0 && budget != 0 && w->phase != RECONCILE_DONE) {
		switch (w->phase) {
		case RECONCILE_OWED:
			reconcile_owed(t, w, &budget);
			break;
		case RECONCILE_THEIRS:
			reconcile_theirs(t, w, &budget);
			break;
		case RECONCILE_OURS:
			reconcile_ours(t, w, &budget);
			break;
		case RECONCILE_DONE:
			break;
		}
	}
	if (t->ret != 0)
		return (-1);
	return (w->phase != RECONCILE_DONE);
}

/* How many packages the state listed and how many of them were compared. */
const struct reconcile_summary *
reconcile_walk_summary(struct reconcile_walk *w)
{
	return (&w->sum);
}

void
reconcile_walk_free(struct reconcile_walk *w)
{
	if (w == NULL)
		return;
	json_decref(w->packages);
	free(w->rp.ev);
	free(w->jobs);
	free(w->seen);
	free(w);
}

/*
 * The whole comparison in one transaction (stashctl, which has no loop to
 * keep answering): as reconcile_walk_step's differences, *sum as
 * reconcile_walk_summary. -1 if the ledger could not be read.
 */
int
reconcile_compare(struct store_txn *t, json_t *packages,
    void (*cb)(const struct reconcile_diff *, void *), void *arg,
    struct reconcile_summary *sum)
{
	struct reconcile_walk	*w;
	int			 r;

	w = reconcile_walk_new(packages, cb, arg);
	while ((r = reconcile_walk_step(w, t, SIZE_MAX)) == 1)
		;
	*sum = w->sum;
	reconcile_walk_free(w);
	return (r);
}
