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

#include "stash.h"
#include "store.h"
#include "trip.h"
#include "route.h"
#include "sale.h"
#include "rules.h"
#include "inventory.h"

/*
 * A driver's handheld (stash --driver). The driver takes a loaded trip
 * over from the loader with their own PIN on the handheld, which binds
 * the trip to it; only that handheld, in that driver's session, syncs
 * the trip's journal. Each journal entry is applied once: its key's
 * result is kept in the same transaction as what it commits, so an
 * entry sent again is answered with that result. A delivery is the sale
 * that happened, at the entry's time: one that breaks a limit or sells a
 * package held since is committed all the same and becomes a delivery
 * exception; so is one synced after the store closed the trip (the
 * close's return of the order and loss of its goods are undone first:
 * trip_sync_late). One that cannot be committed at all (stock gone, cash
 * short) is an exception with no sale. Either way it is answered, never
 * refused, so the handheld never retries it.
 */

/* May this staff member on this terminal act on the trip's handheld? */
int
trip_handheld_check(const struct trip *tr, uint32_t staff,
    const char *terminal, int bound, char **cause)
{
	if (tr->driver != staff) {
		xasprintf(cause, "trip %llu is driver %u's: only they take it "
		    "and sync it", (unsigned long long)tr->id, tr->driver);
		return (-1);
	}
	if (!bound)
		return (0);
	if (tr->handheld[0] == '\0') {
		xasprintf(cause, "trip %llu has not been taken over on a "
		    "handheld: take it (trip.take) first",
		    (unsigned long long)tr->id);
		return (-1);
	}
	if (strcmp(tr->handheld, terminal) != 0) {
		xasprintf(cause, "trip %llu is held by handheld %s, not this "
		    "terminal", (unsigned long long)tr->id, tr->handheld);
		return (-1);
	}
	return (0);
}

/*
 * Chain of custody: the driver takes the loaded (or departed) trip over
 * on this handheld. Taking it again on the same handheld changes
 * nothing; another handheld is refused until a manager releases it.
 */
enum order_err
trip_take(struct store_txn *t, uint64_t id, uint32_t staff,
    const char *terminal, int64_t now, struct trip *tr, char **cause)
{
	char	subj[32];

	if (store_trip_get(t, id, tr) != 0) {
		if (t->ret != 0)
			return (order_store_err(t, cause));
		xasprintf(cause, "no trip %llu", (unsigned long long)id);
		return (ORDER_E_NOTFOUND);
	}
	if (tr->status != TRIP_LOADED && tr->status != TRIP_OUT) {
		xasprintf(cause, "trip %llu is %s: a trip is taken over once "
		    "loaded", (unsigned long long)id,
		    store_trip_status_name(tr->status));
		return (ORDER_E_CONFLICT);
	}
	if (tr->handheld[0] != '\0') {
		if (strcmp(tr->handheld, terminal) == 0)
			return (ORDER_OK);
		xasprintf(cause, "trip %llu is held by handheld %s since it "
		    "was taken over: a manager releases it (trip.release) "
		    "before another takes it", (unsigned long long)id,
		    tr->handheld);
		return (ORDER_E_CONFLICT);
	}
	tr->taken_by = staff;
	tr->taken_at = now;
	strlcpy(tr->handheld, terminal, sizeof tr->handheld);
	store_trip_put(t, tr);
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)id);
	audit_append(t, staff, 0, terminal, "trip.take", subj, "driver=%u "
	    "loaded_by=%u handheld=%s vehicle=%s", tr->driver, tr->loaded_by,
	    terminal, tr->plate);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* A manager frees a trip from the handheld that took it. */
enum order_err
trip_release(struct store_txn *t, uint64_t id, uint32_t staff,
    const char *terminal, struct trip *tr, char **cause)
{
	char	subj[32], was[TERMINAL_NAME_MAX + 1];

	if (store_trip_get(t, id, tr) != 0) {
		if (t->ret != 0)
			return (order_store_err(t, cause));
		xasprintf(cause, "no trip %llu", (unsigned long long)id);
		return (ORDER_E_NOTFOUND);
	}
	if (tr->handheld[0] == '\0') {
		xasprintf(cause, "trip %llu is not held by a handheld",
		    (unsigned long long)id);
		return (ORDER_E_CONFLICT);
	}
	strlcpy(was, tr->handheld, sizeof was);
	tr->handheld[0] = '\0';
	store_trip_put(t, tr);
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)id);
	audit_append(t, staff, 0, terminal, "trip.release", subj,
	    "handheld=%s taken_by=%u", was, tr->taken_by);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

static int
trip_sync_on_trip(const struct trip *tr, uint64_t order)
{
	u_int	i;

	for (i = 0; i < tr->norders; i++) {
		if (tr->orders[i] == order)
			return (1);
	}
	return (0);
}

/*
 * A delivery: the order's packages sold to its customer at the entry's
 * time, through sale_commit as trip.deliver does (limits re-checked,
 * compliance outbox, audit). SALE_OK with *s; s->accepted says what it
 * broke.
 */
static enum sale_err
trip_sync_deliver(struct store_txn *t, const struct trip_sync_entry *e,
    const struct sale_request *tmpl, struct sale *s, int *replayed,
    char **cause)
{
	struct sale_request	*rq;
	struct order		*o;
	u_int			 i;
	int			 r;
	enum sale_err		 se;

	o = xmalloc(sizeof *o);
	if ((r = store_order_get(t, e->order, o)) != 0) {
		free(o);
		if (r != STORE_NOTFOUND)
			return (SALE_E_STORE);
		xasprintf(cause, "no order %llu",
		    (unsigned long long)e->order);
		return (SALE_E_NOTFOUND);
	}
	rq = xmalloc(sizeof *rq);
	*rq = *tmpl;
	rq->ref = e->key;
	rq->at = e->at;
	rq->customer = o->customer;
	rq->patient = o->patient;
	rq->order = o->id;
	rq->handheld = 1;
	rq->nlines = o->npicks;
	for (i = 0; i < o->npicks && i < MAX_SALE_LINES; i++) {
		strlcpy(rq->lines[i].tag, o->picks[i].tag,
		    sizeof rq->lines[i].tag);
		rq->lines[i].qty = o->picks[i].qty;
		rq->lines[i].typed = 0;	/* weighed and approved at packing */
	}
	rq->cash = e->cash;
	rq->card = 0;
	rq->card_all = e->card_ref != NULL;
	rq->card_ref = e->card_ref;
	free(o);
	se = sale_commit(t, rq, s, replayed, cause);
	free(rq);
	return (se);
}

/*
 * The order of entry e on closed trip tr, when the close returned it
 * (the handheld had not synced what happened to it): *o, 1. Else 0.
 */
static int
trip_sync_returned(struct store_txn *t, const struct trip *tr,
    const struct trip_sync_entry *e, struct order *o)
{
	if (tr->status != TRIP_CLOSED || store_order_get(t, e->order, o) != 0)
		return (0);
	return (o->trip == tr->id && o->status == ORDER_RETURNED);
}

/*
 * A delivery synced after its trip was closed: the driver handed the
 * order over, so the close was wrong to return it and to write off what
 * it held as lost. Undo that, in t: each package's loss written at the
 * close is given back (an entry-error adjustment, as much of it as the
 * order held of that package) and the order is out on the trip again,
 * its picks as they were, for the delivery to commit as any other. What
 * was done is said in msg for the manager's exception. ORDER_OK (also
 * when the order was not returned by the close: nothing to undo).
 */
static enum order_err
trip_sync_late(struct store_txn *t, const struct trip *tr,
    const struct trip_sync_entry *e, const struct sale_request *tmpl,
    char *msg, size_t len, char **cause)
{
	struct order	*o, *old;
	struct trip	*ntr;
	struct package	 pk;
	int64_t		 back;
	u_int		 i, k, given = 0;
	char		 note[64];
	enum order_err	 oe = ORDER_OK;

	o = xmalloc(sizeof *o);
	ntr = xmalloc(sizeof *ntr);
	if (!trip_sync_returned(t, tr, e, o) ||
	    store_trip_get(t, tr->id, ntr) != 0)
		goto out;
	snprintf(note, sizeof note, "trip %llu: order %llu was delivered",
	    (unsigned long long)tr->id, (unsigned long long)o->id);
	for (i = 0; i < o->npicks; i++) {
		for (k = 0; k < ntr->nmissing; k++) {
			if (strcmp(ntr->missing[k].tag, o->picks[i].tag) == 0)
				break;
		}
		if (k == ntr->nmissing)
			continue;
		back = ntr->missing[k].qty < o->picks[i].qty ?
		    ntr->missing[k].qty : o->picks[i].qty;
		if (back <= 0)
			continue;
		if (inventory_adjust(t, o->picks[i].tag, back, "entry-error",
		    note, tmpl->staff, 0, tmpl->terminal, &pk, cause) != 0) {
			oe = t->ret != 0 ? order_store_err(t, cause) :
			    ORDER_E_CONFLICT;
			goto out;
		}
		if ((ntr->missing[k].qty -= back) == 0) {
			memmove(&ntr->missing[k], &ntr->missing[k + 1],
			    (ntr->nmissing - k - 1) * sizeof ntr->missing[0]);
			ntr->nmissing--;
		}
		given++;
	}
	store_trip_put(t, ntr);
	old = xmalloc(sizeof *old);
	*old = *o;
	order_history_add(o, ORDER_OUT, util_now(), tmpl->staff,
	    tmpl->terminal, "delivered before the trip closed");
	store_order_put(t, o, old);
	free(old);
	for (i = 0; i < o->npicks; i++)
		store_pick_put(t, o->picks[i].tag, o->id, o->picks[i].qty);
	snprintf(msg, len, "delivered before trip %llu was closed and synced "
	    "after: the close's return of order %llu %s undone; count the "
	    "trip's cash again", (unsigned long long)tr->id,
	    (unsigned long long)o->id, given == 0 ? "is" : (given == 1 ?
	    "and its loss of 1 package are" : "and its losses of packages "
	    "are"));
	if (t->ret != 0)
		oe = order_store_err(t, cause);
out:
	free(ntr);
	free(o);
	return (oe);
}

/*
 * The ID the driver scanned at the door against the customer who bought:
 * what does not match (date of birth, ID number) or had expired on the
 * day joins the exception's message. Nothing of the ID is kept.
 */
static void
trip_sync_idcheck(struct store_txn *t, const struct trip_sync_entry *e,
    uint32_t customer, const char *tz, struct trip_sync_result *res)
{
	struct customer	 cu;
	char		 a[40], b[40], why[160];
	size_t		 len;

	if (!e->id_scanned || customer == 0 ||
	    store_customer_get(t, customer, &cu) != 0)
		return;
	why[0] = '\0';
	if (e->id_dob != 0 && e->id_dob != cu.dob)
		strlcpy(why, ", date of birth", sizeof why);
	if (e->id_number != NULL && cu.id_number[0] != '\0') {
		store_customer_norm('I', e->id_number, a, sizeof a);
		store_customer_norm('I', cu.id_number, b, sizeof b);
		if (strcmp(a, b) != 0) {
			len = strlen(why);
			snprintf(why + len, sizeof why - len, ", ID number");
		}
	}
	len = strlen(res->message);
	if (why[0] != '\0')
		snprintf(res->message + len, sizeof res->message - len,
		    "%sthe ID scanned at the door does not match customer "
		    "%u's record (%s)", len == 0 ? "" : "; ", customer,
		    why + 2);
	len = strlen(res->message);
	if (e->id_expiry != 0 && e->id_expiry < util_local_date(e->at, tz))
		snprintf(res->message + len, sizeof res->message - len,
		    "%sthe ID scanned at the door had expired",
		    len == 0 ? "" : "; ");
}

static void
trip_sync_event(struct store_txn *t, const struct trip *tr,
    const struct trip_sync_entry *e, uint64_t sale, uint32_t staff,
    const char *terminal)
{
	struct trip_event	ev;

	if (e->hasfix)
		store_gps_put(t, tr->id, &e->fix);
	if (e->kind == TRIP_EV_FIX)
		return;
	memset(&ev, 0, sizeof ev);
	ev.trip = tr->id;
	ev.at = e->at;
	ev.seq = e->seq;
	ev.kind = e->kind;
	ev.order = e->order;
	if (e->reason != NULL)
		strlcpy(ev.reason, e->reason, sizeof ev.reason);
	ev.sale = sale;
	ev.hasfix = e->hasfix;
	ev.fix = e->fix;
	ev.staff = staff;
	strlcpy(ev.terminal, terminal, sizeof ev.terminal);
	ev.nroute = e->nroute;
	memcpy(ev.route, e->route, e->nroute * sizeof ev.route[0]);
	store_trip_event_put(t, &ev);
}

/*
 * The driver's route changed (a reorder entry): the stops in their new
 * order, each on the trip and once; audited. The trip's own order (its
 * manifest's) stays; the dispatch board's leg follows the new one.
 */
static enum order_err
trip_sync_route(struct store_txn *t, const struct trip *tr,
    const struct trip_sync_entry *e, const struct sale_request *tmpl,
    char **cause)
{
	struct buf	b;
	u_int		i, j;
	char		subj[32];

	buf_init(&b);
	for (i = 0; i < e->nroute; i++) {
		for (j = 0; j < i && e->route[j] != e->route[i]; j++)
			;
		if (j < i || !trip_sync_on_trip(tr, e->route[i])) {
			xasprintf(cause, "the new route names order %llu %s",
			    (unsigned long long)e->route[i], j < i ? "twice" :
			    "which is not on the trip");
			buf_free(&b);
			return (ORDER_E_CONFLICT);
		}
		buf_printf(&b, "%s%llu", i == 0 ? "" : ",",
		    (unsigned long long)e->route[i]);
	}
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)tr->id);
	audit_append(t, tmpl->staff, 0, tmpl->terminal, "trip.route", subj,
	    "orders=%.*s reason=%s", (int)b.len, (char *)b.data, e->reason);
	buf_free(&b);
	return (t->ret != 0 ? order_store_err(t, cause) : ORDER_OK);
}

/* Apply one entry in t. ORDER_OK, ORDER_E_STORE, or why it could not. */
static enum order_err
trip_sync_apply(struct store_txn *t, const struct trip *tr,
    const struct trip_conf *c, const struct trip_sync_entry *e,
    const struct sale_request *tmpl, struct trip_sync_result *res,
    char **cause)
{
	struct trip_conf	 ec;
	struct trip		*ntr;
	struct order		*o;
	struct sale		*s;
	enum sale_err		 se;
	enum order_err		 oe;
	char			 subj[32], late[200];
	size_t			 len;
	int			 replayed = 0;

	if (e->order != 0 && !trip_sync_on_trip(tr, e->order)) {
		xasprintf(cause, "order %llu is not on trip %llu",
		    (unsigned long long)e->order, (unsigned long long)tr->id);
		return (ORDER_E_CONFLICT);
	}
	switch (e->kind) {
	case TRIP_EV_DELIVER:
		late[0] = '\0';
		if ((oe = trip_sync_late(t, tr, e, tmpl, late, sizeof late,
		    cause)) != ORDER_OK)
			return (oe);
		s = xmalloc(sizeof *s);
		se = trip_sync_deliver(t, e, tmpl, s, &replayed, cause);
		if (se == SALE_E_STORE || (se == SALE_OK && t->ret != 0)) {
			free(s);
			return (order_store_err(t, cause));
		}
		if (se != SALE_OK) {
			free(s);
			return (ORDER_E_CONFLICT);
		}
		res->sale = s->id;
		/*
		 * Sold under this key already, its own result since
		 * forgotten (store_sync_prune): the same sale, once.
		 */
		if (replayed) {
			free(s);
			res->duplicate = 1;
			return (ORDER_OK);
		}
		strlcpy(res->message, late, sizeof res->message);
		len = strlen(res->message);
		if (s->accepted[0] != '\0')
			snprintf(res->message + len, sizeof res->message - len,
			    "%s%s", len == 0 ? "" : "; ", s->accepted);
		trip_sync_idcheck(t, e, s->customer, tmpl->tz, res);
		free(s);
		break;
	case TRIP_EV_FAIL:
		o = xmalloc(sizeof *o);
		if (trip_sync_returned(t, tr, e, o)) {
			/* The close returned it: so the failure did. */
			free(o);
			snprintf(subj, sizeof subj, "order %llu",
			    (unsigned long long)e->order);
			audit_append(t, tmpl->staff, 0, tmpl->terminal,
			    "trip.fail", subj, "trip=%llu reason=%s closed",
			    (unsigned long long)tr->id, e->reason);
			break;
		}
		free(o);
		ec = *c;
		ec.now = e->at;
		ntr = xmalloc(sizeof *ntr);
		oe = trip_fail(t, tr->id, e->order, &ec, e->reason,
		    tmpl->staff, tmpl->terminal, ntr, cause);
		free(ntr);
		if (oe != ORDER_OK)
			return (oe);
		break;
	case TRIP_EV_REORDER:
		if ((oe = trip_sync_route(t, tr, e, tmpl, cause)) != ORDER_OK)
			return (oe);
		break;
	case TRIP_EV_SKIP:
		snprintf(subj, sizeof subj, "order %llu",
		    (unsigned long long)e->order);
		audit_append(t, tmpl->staff, 0, tmpl->terminal, "trip.skip",
		    subj, "trip=%llu reason=%s", (unsigned long long)tr->id,
		    e->reason != NULL ? e->reason : "");
		break;
	}
	trip_sync_event(t, tr, e, res->sale, tmpl->staff, tmpl->terminal);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* Keep an exception for the manager, audited; its number in res. */
static void
trip_sync_exception(struct store_txn *t, const struct trip *tr,
    const struct trip_sync_entry *e, const struct sale_request *tmpl,
    struct trip_sync_result *res)
{
	struct dexc	*x;
	char		 subj[32];

	x = xcalloc(1, sizeof *x);
	x->id = store_dexc_next_id(t);
	x->trip = tr->id;
	x->order = e->order;
	x->sale = res->sale;
	strlcpy(x->key, e->key, sizeof x->key);
	x->kind = e->kind;
	x->at = e->at;
	x->time = util_now();
	x->staff = tmpl->staff;
	strlcpy(x->terminal, tmpl->terminal, sizeof x->terminal);
	strlcpy(x->message, res->message, sizeof x->message);
	x->status = DEXC_OPEN;
	store_dexc_put(t, x);
	snprintf(subj, sizeof subj, "trip %llu", (unsigned long long)tr->id);
	audit_append(t, tmpl->staff, 0, tmpl->terminal, "trip.exception",
	    subj, "exception=%llu key=%s kind=%s order=%llu sale=%llu",
	    (unsigned long long)x->id, e->key, store_trip_ev_name(e->kind),
	    (unsigned long long)e->order, (unsigned long long)res->sale);
	res->exception = x->id;
	free(x);
}

/*
 * One journal entry of the trip's handheld, in t (the caller's write
 * transaction, which commits it durably before the reply): a key seen
 * before is answered with its result; otherwise the entry is applied in
 * a nested transaction and its result kept under its key. tmpl is the
 * sale request every delivery starts from (the session's staff and
 * terminal, the store's rules). ORDER_OK with *res, or ORDER_E_STORE.
 */
enum order_err
trip_sync(struct store_txn *t, const struct trip *tr,
    const struct trip_conf *c, const struct trip_sync_entry *e,
    const struct sale_request *tmpl, struct trip_sync_result *res,
    char **cause)
{
	struct store_txn	 ct;
	struct sync_rec		 sr;
	struct dexc		*x;
	char			*why = NULL;
	int			 r;
	enum order_err		 oe;

	memset(res, 0, sizeof *res);
	r = store_sync_get(t, e->key, &sr);
	if (r == 0) {
		res->duplicate = 1;
		res->result = sr.result;
		res->sale = sr.sale;
		res->exception = sr.exception;
		x = xmalloc(sizeof *x);
		if (sr.exception != 0 && store_dexc_get(t, sr.exception,
		    x) == 0)
			strlcpy(res->message, x->message,
			    sizeof res->message);
		free(x);
		if (t->ret != 0)
			return (order_store_err(t, cause));
		return (ORDER_OK);
	}
	if (r != STORE_NOTFOUND)
		return (order_store_err(t, cause));

	if (store_begin_child(t, &ct) != 0)
		return (order_store_err(t, cause));
	oe = trip_sync_apply(&ct, tr, c, e, tmpl, res, &why);
	if (oe == ORDER_OK)
		r = store_commit(&ct);
	else {
		r = ct.ret;
		store_abort(&ct);
	}
	if (r != 0 || oe == ORDER_E_STORE) {
		free(why);
		store_fail(t, r != 0 ? r : STORE_ERROR, "sync entry %s",
		    e->key);
		return (order_store_err(t, cause));
	}
	if (oe != ORDER_OK) {
		/* Nothing of it was written: the manager sees why. */
		res->sale = 0;
		strlcpy(res->message, why != NULL ? why : "not applied",
		    sizeof res->message);
		trip_sync_event(t, tr, e, 0, tmpl->staff, tmpl->terminal);
	}
	free(why);
	if (res->message[0] != '\0')
		trip_sync_exception(t, tr, e, tmpl, res);
	res->result = res->exception != 0 ? SYNC_EXCEPTION : SYNC_DONE;

	memset(&sr, 0, sizeof sr);
	strlcpy(sr.key, e->key, sizeof sr.key);
	sr.trip = tr->id;
	sr.seq = e->seq;
	sr.kind = e->kind;
	sr.result = res->result;
	sr.sale = res->sale;
	sr.exception = res->exception;
	sr.time = util_now();
	sr.at = e->at;
	store_sync_put(t, &sr);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* A manager closes an exception with a note; audited. */
enum order_err
trip_exception_resolve(struct store_txn *t, uint64_t id, const char *note,
    uint32_t staff, const char *terminal, struct dexc *x, char **cause)
{
	char	subj[40];
	int	r;

	if ((r = store_dexc_get(t, id, x)) == STORE_NOTFOUND) {
		xasprintf(cause, "no delivery exception %llu",
		    (unsigned long long)id);
		return (ORDER_E_NOTFOUND);
	}
	if (r != 0)
		return (order_store_err(t, cause));
	if (x->status != DEXC_OPEN) {
		xasprintf(cause, "delivery exception %llu was resolved "
		    "already", (unsigned long long)id);
		return (ORDER_E_CONFLICT);
	}
	if (*note == '\0' || strlen(note) >= sizeof x->note ||
	    !util_printable(note, strlen(note))) {
		xasprintf(cause, "a resolution needs a note (1 to %zu "
		    "printable characters)", sizeof x->note - 1);
		return (ORDER_E_INVALID);
	}
	x->status = DEXC_RESOLVED;
	x->resolved_by = staff;
	x->resolved_at = util_now();
	strlcpy(x->note, note, sizeof x->note);
	store_dexc_put(t, x);
	snprintf(subj, sizeof subj, "delivery exception %llu",
	    (unsigned long long)id);
	audit_append(t, staff, 0, terminal, "trip.exception.resolve", subj,
	    "trip=%llu sale=%llu note=%s", (unsigned long long)x->trip,
	    (unsigned long long)x->sale, note);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/*
 * Metres from a point to the straight segment a-b (micro-degrees): the
 * nearest point of the segment, found in a flat frame around the point
 * (good for a city's distances), measured as order_distance measures.
 */
int64_t
trip_off_path(int64_t plat, int64_t plon, int64_t alat, int64_t alon,
    int64_t blat, int64_t blon)
{
	double	kx, ky, ax, ay, bx, by, l2, u;

	kx = (double)order_distance(plat, plon, plat, plon + 100000) / 1e5;
	ky = (double)order_distance(plat, plon, plat + 100000, plon) / 1e5;
	ax = (double)(alon - plon) * kx;
	ay = (double)(alat - plat) * ky;
	bx = (double)(blon - plon) * kx;
	by = (double)(blat - plat) * ky;
	l2 = (bx - ax) * (bx - ax) + (by - ay) * (by - ay);
	u = l2 > 0 ? (-ax * (bx - ax) - ay * (by - ay)) / l2 : 0;
	if (u < 0)
		u = 0;
	else if (u > 1)
		u = 1;
	return (order_distance(plat, plon, alat + (int64_t)(u * (double)
	    (blat - alat)), alon + (int64_t)(u * (double)(blon - alon))));
}

/* Which of a trip's stops are skipped now (a skip not followed by more). */
struct trip_leg_skips {
	const struct trip	*tr;
	int			*skipped;	/* by the stop's place */
	u_int			*place;		/* the route: stops' places */
};

/*
 * The route after a reorder: the places of the orders it names, in its
 * order, then the trip's others in theirs.
 */
static void
trip_leg_route(const struct trip *tr, const struct trip_event *ev,
    u_int *place)
{
	u_int	i, j, n = 0;
	int	*taken;

	taken = xcalloc(tr->norders + 1, sizeof *taken);
	for (i = 0; i < ev->nroute; i++) {
		for (j = 0; j < tr->norders; j++) {
			if (tr->orders[j] == ev->route[i] && !taken[j]) {
				taken[j] = 1;
				place[n++] = j;
				break;
			}
		}
	}
	for (j = 0; j < tr->norders; j++) {
		if (!taken[j])
			place[n++] = j;
	}
	free(taken);
}

static int
trip_leg_event(const struct trip_event *ev, void *arg)
{
	struct trip_leg_skips	*s = arg;
	u_int			 i;

	if (ev->kind == TRIP_EV_REORDER) {
		trip_leg_route(s->tr, ev, s->place);
		return (0);
	}
	if (ev->order == 0 || ev->kind == TRIP_EV_FIX)
		return (0);
	for (i = 0; i < s->tr->norders; i++) {
		if (s->tr->orders[i] == ev->order) {
			s->skipped[i] = ev->kind == TRIP_EV_SKIP;
			break;
		}
	}
	return (0);
}

/*
 * The leg a trip out is on, along its route (the trip's order, or the
 * driver's last reorder): from its previous stop (the store before
 * the first) to its next: the first order still out that the driver has
 * not skipped (a skipped order stays out: they may come back to it),
 * else the first skipped one (coming back), else the store. A stop
 * skipped is passed by, not a leg's end; an event after the skip (an
 * arrival) makes it a stop again. The leg's ends as positions (from, to)
 * and as indexes in the trip's orders: prev the stop it left, next the
 * one it goes to (-1: the store). 0, or -1 when the store or a stop has
 * no position.
 */
int
trip_leg_stops(struct store_txn *t, const struct trip *tr,
    const struct trip_conf *c, int64_t *from, int64_t *to, int *prev,
    int *next)
{
	struct trip_leg_skips	 s;
	struct order		*o;
	int64_t			 back[2] = { 0, 0 };
	u_int			 i, k;
	int			 r = 0, haveback = 0, backi = -1;

	*prev = *next = -1;
	if (!c->located)
		return (-1);
	from[0] = to[0] = c->lat;
	from[1] = to[1] = c->lon;
	s.tr = tr;
	s.skipped = xcalloc(tr->norders + 1, sizeof *s.skipped);
	s.place = xcalloc(tr->norders + 1, sizeof *s.place);
	for (i = 0; i < tr->norders; i++)
		s.place[i] = i;
	if (store_trip_event_walk(t, tr->id, trip_leg_event, &s) != 0) {
		free(s.skipped);
		free(s.place);
		return (-1);
	}
	o = xmalloc(sizeof *o);
	for (k = 0; k < tr->norders; k++) {
		i = s.place[k];
		if (store_order_get(t, tr->orders[i], o) != 0 || !o->located) {
			r = -1;
			break;
		}
		if (o->status == ORDER_OUT && s.skipped[i]) {
			if (!haveback) {
				back[0] = o->lat;
				back[1] = o->lon;
				haveback = 1;
				backi = (int)i;
			}
			continue;
		}
		if (o->status == ORDER_OUT) {
			to[0] = o->lat;
			to[1] = o->lon;
			*next = (int)i;
			haveback = 0;
			break;
		}
		from[0] = o->lat;
		from[1] = o->lon;
		*prev = (int)i;
	}
	if (r == 0 && haveback) {
		to[0] = back[0];
		to[1] = back[1];
		*next = backi;
	}
	free(o);
	free(s.skipped);
	free(s.place);
	return (r);
}

/*
 * The arrival at a point metres away (straight line) for a driver seen
 * at at (us): route.c's estimate, the distance stretched by the detour
 * (thousandths) and driven at speed (metres an hour), each rounded to
 * the nearest metre and second as route_distance and route_duration
 * round, so it is the planner's own figure to the second.
 */
int64_t
trip_drift_eta(int64_t at, int64_t metres, int64_t speed, int64_t detour)
{
	int64_t	road;

	road = (metres * detour + 500) / 1000;
	return (at + (road * 3600 + speed / 2) / speed * 1000000);
}

/*
 * A trip out's next stop ETA (us) and its drift from the ETA planned at
 * departure (seconds, positive: late), on the leg trip_leg_stops found
 * (to, prev, next): from the driver's last fix f, the straight line to
 * the next stop at the planner's speed and detour; without one (f NULL),
 * now plus the planned leg. -1 when it is not out, has no plan (departed
 * before plans were kept) or no next stop. Reads nothing: the caller has
 * the leg and the fix, which it needs for the off-route test as well.
 */
int
trip_drift(const struct trip *tr, const int64_t *to, int prev, int next,
    const struct gps_fix *f, int64_t now, int64_t *next_eta, int64_t *drift)
{
	struct route_point	a, b;
	int64_t			leg, start;

	if (tr->status != TRIP_OUT || next < 0 || tr->planned[next] == 0)
		return (-1);
	if (f != NULL) {
		a.lat = (int32_t)f->lat;
		a.lon = (int32_t)f->lon;
		b.lat = (int32_t)to[0];
		b.lon = (int32_t)to[1];
		*next_eta = trip_drift_eta(f->at, route_gc(&a, &b),
		    ROUTE_SPEED_DEFAULT, ROUTE_DETOUR_DEFAULT);
	} else {
		start = prev >= 0 ? tr->planned[prev] : tr->departed;
		leg = tr->planned[next] - start;
		*next_eta = now + (leg > 0 ? leg : 0);
	}
	*drift = (*next_eta - tr->planned[next]) / 1000000;
	return (0);
}
