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

#include <stdlib.h>
#include <string.h>

#include "outbox.h"
#include "report.h"
#include "reconcile.h"
#include "state-system.h"

/*
 * The reports of operations: the state reports (compliance, from the
 * outbox) and deliveries (from the orders and trips). Both tables hold a
 * record per event, numbered in time order, so the walks go newest first
 * and stop at the period's start.
 */

/*
 * Compliance: the state reports made in the period by kind and status
 * (or day, cause ...): how many were done, are pending, were refused
 * (exceptions, and how long the open ones have waited, on average, since
 * they first failed) or cancelled; how many were not reported live
 * (late: an outage or a refusal; by day they show the outage periods);
 * how many needed a correction (failed, then done) and how long that
 * took. And the reconciliations with the state the ledger keeps (kind
 * "reconciliation"): how many ran and the differences they found, by
 * kind, and those the reports not yet sent explained; by day, week or
 * month, the differences over time.
 */
static int64_t
report_resolve_seconds(const struct report_group *g)
{
	return (g->x[6] > 0 ? g->x[7] / g->x[6] : 0);
}

static int64_t
report_exception_age(const struct report_group *g)
{
	return (g->x[3] > 0 ? g->x[8] / g->x[3] : 0);
}

/*
 * What happened at (UTC us) as a report's source: 1 in the period, 0
 * after it, -1 before it (the walks go newest first: stop there).
 */
static int
report_ops_src(struct report_ctx *c, int64_t at, struct report_src *src)
{
	memset(src, 0, sizeof *src);
	src->day = util_local_date(at, c->q->tz);
	if (src->day < c->q->from)
		return (-1);
	if (src->day > c->q->to)
		return (0);
	src->channel = src->ctype = -1;
	return (1);
}

/* The reconciliations of the period into the compliance report. */
static void
report_reconciliations(struct report_ctx *c)
{
	struct store_iter	 it;
	struct reconcile_run	 r;
	struct report_src	 src;
	struct report_group	*g;
	u_int			 i;
	int			 in;

	store_iter_init(c->t, &it, DB_RECONCILE, NULL, 0, 1);
	while (store_iter_next(&it) && report_scan(c) == 0) {
		if (store_reconcile_decode(it.val, it.vlen, &r) != 0)
			continue;
		if ((in = report_ops_src(c, r.at, &src)) <= 0) {
			if (in < 0)
				break;
			continue;
		}
		src.kind = "reconciliation";
		src.status = "done";
		src.cause = "none";
		g = report_group(c, &src);
		g->x[9]++;
		for (i = 0; i < RECONCILE_KINDS; i++) {
			g->x[10] += r.kinds[i];
			g->x[11 + i] += r.kinds[i];
		}
		g->x[15] += r.explained;
	}
	store_iter_done(&it);
}

int
report_compliance(struct report_ctx *c, struct report_table *rt)
{
	static const struct report_spec sp[] = {
		{ "reports", REPORT_COUNT, REPORT_X, 0, 0, REPORT_KEY },
		{ "done", REPORT_COUNT, REPORT_X, 1, 0, 0 },
		{ "pending", REPORT_COUNT, REPORT_X, 2, 0, 0 },
		{ "exceptions", REPORT_COUNT, REPORT_X, 3, 0, 0 },
		{ "cancelled", REPORT_COUNT, REPORT_X, 4, 0, 0 },
		{ "late", REPORT_COUNT, REPORT_X, 5, 0, 0 },
		{ "corrected", REPORT_COUNT, REPORT_X, 6, 0, 0 },
		{ "resolve_seconds", REPORT_COUNT, REPORT_FN, 0,
		    report_resolve_seconds, 0 },
		{ "exception_age_seconds", REPORT_COUNT, REPORT_FN, 0,
		    report_exception_age, 0 },
		{ "reconciliations", REPORT_COUNT, REPORT_X, 9, 0, 0 },
		{ "differences", REPORT_COUNT, REPORT_X, 10, 0, 0 },
		{ "not_here", REPORT_COUNT, REPORT_X, 11, 0, 0 },
		{ "quantity", REPORT_COUNT, REPORT_X, 12, 0, 0 },
		{ "state_holds", REPORT_COUNT, REPORT_X, 13, 0, 0 },
		{ "not_at_state", REPORT_COUNT, REPORT_X, 14, 0, 0 },
		{ "explained", REPORT_COUNT, REPORT_X, 15, 0, 0 },
	};
	struct store_iter	 it;
	struct outbox_job	 j;
	struct report_src	 src;
	struct report_group	*g;
	int64_t			 live;
	int			 in;

	/* Late as the store's state system counts it (state-system.c). */
	live = state_system_of(c->t)->live * 1000000;
	store_iter_init(c->t, &it, DB_OUTBOX, NULL, 0, 1);
	while (store_iter_next(&it) && report_scan(c) == 0) {
		if (outbox_decode(it.val, it.vlen, &j) != 0)
			continue;
		if ((in = report_ops_src(c, j.created, &src)) <= 0) {
			if (in < 0)
				break;
			continue;
		}
		src.kind = outbox_kind_name(j.kind);
		src.status = outbox_state_name(j.state);
		src.cause = j.state == OUTBOX_EXCEPTION ? j.error :
		    j.why[0] != '\0' ? j.why : "none";
		g = report_group(c, &src);
		g->x[0]++;
		switch (j.state) {
		case OUTBOX_DONE:
			g->x[1]++;
			break;
		case OUTBOX_PENDING:
			g->x[2]++;
			break;
		case OUTBOX_EXCEPTION:
			g->x[3]++;
			g->x[8] += (c->q->now - (j.failed != 0 ? j.failed :
			    j.created)) / 1000000;
			break;
		case OUTBOX_CANCELLED:
			g->x[4]++;
			break;
		}
		if (outbox_late_within(&j, c->q->now, live))
			g->x[5]++;
		if (j.failed != 0 && j.state == OUTBOX_DONE) {
			g->x[6]++;
			g->x[7] += (j.done - j.failed) / 1000000;
		}
	}
	store_iter_done(&it);
	if (c->t->ret == 0)
		report_reconciliations(c);
	if (c->t->ret != 0)
		return (-1);
	report_emit(c, rt, sp, sizeof sp / sizeof sp[0], -1);
	return (0);
}

/* When an order reached status (its history), 0 if it never did. */
static int64_t
report_order_when(const struct order *o, int status, const char **reason)
{
	u_int	i;

	for (i = o->nhistory; i > 0; i--) {
		if (o->history[i - 1].status == status) {
			if (reason != NULL)
				*reason = o->history[i - 1].reason;
			return (o->history[i - 1].time);
		}
	}
	return (0);
}

/*
 * Delivery: orders placed in the period by channel (or day, status,
 * cause: why a delivery failed), how many were delivered (and of those,
 * within their window), failed, cancelled or expired, what the delivered
 * ones came to; the total row adds the trips that left in the period
 * and their stops per trip.
 */
static int64_t
report_on_time_pct(const struct report_group *g)
{
	return (report_pct(g->x[2], g->x[1]));
}

int
report_delivery(struct report_ctx *c, struct report_table *rt)
{
	static const struct report_spec sp[] = {
		{ "orders", REPORT_COUNT, REPORT_X, 0, 0, REPORT_KEY },
		{ "delivered", REPORT_COUNT, REPORT_X, 1, 0, 0 },
		{ "on_time", REPORT_COUNT, REPORT_X, 2, 0, 0 },
		{ "on_time_pct", REPORT_PERCENT, REPORT_FN, 0,
		    report_on_time_pct, 0 },
		{ "failed", REPORT_COUNT, REPORT_X, 3, 0, 0 },
		{ "cancelled", REPORT_COUNT, REPORT_X, 4, 0, 0 },
		{ "open", REPORT_COUNT, REPORT_X, 5, 0, 0 },
		{ "delivered_value", REPORT_CENTS, REPORT_X, 6, 0, 0 },
		{ "trips", REPORT_COUNT, REPORT_X, 7, 0, REPORT_NOTOTAL },
		{ "stops_per_trip_x100", REPORT_COUNT, REPORT_X, 7, 0,
		    REPORT_NOTOTAL },
	};
	struct store_iter	 it;
	struct order		*o;
	struct trip		*tr;
	struct report_src	 src;
	struct report_group	*g;
	const char		*why;
	int64_t			 at, trips = 0, stops = 0;
	u_int			 base;
	int			 day, in;

	o = xmalloc(sizeof *o);
	store_iter_init(c->t, &it, DB_ORDER, NULL, 0, 1);
	while (store_iter_next(&it) && report_scan(c) == 0) {
		if (store_order_decode(it.val, it.vlen, o) != 0)
			continue;
		if ((in = report_ops_src(c, o->created, &src)) <= 0) {
			if (in < 0)
				break;
			continue;
		}
		src.channel = o->channel;
		src.staff = o->staff;
		src.customer = o->customer;
		src.status = store_order_status_name(o->status);
		why = "none";
		if (o->status == ORDER_FAILED || o->status == ORDER_RETURNED)
			(void)report_order_when(o, o->status, &why);
		src.cause = why[0] != '\0' ? why : "none";
		if (c->q->channel != -1 && src.channel != c->q->channel)
			continue;
		g = report_group(c, &src);
		g->x[0]++;
		switch (o->status) {
		case ORDER_DELIVERED:
			g->x[1]++;
			g->x[6] += o->total;
			at = report_order_when(o, ORDER_DELIVERED, NULL);
			if (o->window_end == 0 || (at != 0 &&
			    at <= o->window_end))
				g->x[2]++;
			break;
		case ORDER_FAILED:
		case ORDER_RETURNED:
			g->x[3]++;
			break;
		case ORDER_CANCELLED:
		case ORDER_EXPIRED:
			g->x[4]++;
			break;
		default:
			g->x[5]++;	/* still open */
			break;
		}
	}
	store_iter_done(&it);
	free(o);

	tr = xmalloc(sizeof *tr);
	store_iter_init(c->t, &it, DB_TRIP, NULL, 0, 1);
	while (c->t->ret == 0 && store_iter_next(&it) &&
	    report_scan(c) == 0) {
		if (it.klen != 8 ||
		    store_trip_get(c->t, store_key_get_u64(it.key), tr) != 0)
			continue;
		day = util_local_date(tr->created, c->q->tz);
		if (day < c->q->from)
			break;
		if (day > c->q->to || tr->departed == 0)
			continue;
		trips++;
		stops += tr->norders;
	}
	store_iter_done(&it);
	free(tr);
	if (c->t->ret != 0)
		return (-1);

	base = report_emit(c, rt, sp, sizeof sp / sizeof sp[0], -1);
	/* Trips are not by group: the total row's. */
	rt->total.cells[base + 8].v = trips;
	rt->total.cells[base + 9].v = report_x100(stops, trips);
	return (0);
}
