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

#include <curl/curl.h>

#include "server.h"
#include "inventory.h"
#include "trip.h"
#include "metrc-payload.h"
#include "outbox.h"
#include "metrc.h"

/*
 * A trip as one Metrc retailer (dynamic) delivery (metrc-delivery
 * retailer, or the rule file's "delivery metrc retailer"), through the
 * outbox like every report (outbox.c): the trip's job creates it with
 * what left on board (POST .../retailer) and then departs it
 * (.../retailer/depart); each stop's sale is its own job
 * (.../retailer/sale), sent once the delivery has departed; the end
 * (.../retailer/end) is sent once every sale is in. They share the trip
 * job's number as their key (metrc.c), so they go one after the other.
 *
 * Never twice, as for a planned delivery: a POST whose answer was lost
 * leaves its job uncertain, and before anything is sent again it is
 * looked up: the create among the state's active retailer deliveries
 * (same DateTime, driver, plate and packages on board); a depart, sale
 * or end by reading the delivery back (departed; the sale among its
 * Destinations; ended).
 *
 * What was on board is what each package held when it moved into the
 * vehicle (the move record trip.load wrote), so the create and the end
 * say the same whatever the drain's delay.
 *
 * A restock (trip.restock: floating stock taken on board mid-trip) is a
 * job of its own (.../retailer/restock) keyed like the others, so it
 * goes after the depart and before the end; its packages are the trip's
 * floating ones its reference names (outbox_retailer_restock_range),
 * each as it moved into the vehicle. Uncertain, it is looked for by
 * reading the delivery back: every one of its packages on board is
 * proof it was applied. The end lists the floating packages too.
 */

#define METRC_RD_STOCK	512

struct metrc_rd {
	struct trip			*tr;
	struct staff			 driver;
	struct vehicle			 v;
	u_int				 n;
	char				 tags[METRC_RD_STOCK][TAG_LEN + 1];
	struct metrc_retailer_stock	 stock[METRC_RD_STOCK];
	struct metrc_stop		 stops[TRIP_ORDERS];
	struct metrc_delivery		 dests[TRIP_ORDERS];
	struct order			*orders;	/* the stops' records, */
	struct customer			*cus;		/* the stops point into */
	struct metrc_retailer		 r;
};

static void
metrc_rd_free(struct metrc_rd *rd)
{
	if (rd == NULL)
		return;
	free(rd->orders);
	free(rd->cus);
	free(rd->tr);
	free(rd);
}

/* The last move of a package into the vehicle before it left. */
struct metrc_rd_move {
	const char	*loc;
	int64_t		 before;	/* 0: any time */
	int64_t		 qty;		/* -1: none */
};

static void
metrc_rd_move_cb(const struct adjust *a, void *arg)
{
	struct metrc_rd_move	*mv = arg;

	if (a->kind == ADJUST_MOVE && strcmp(a->to, mv->loc) == 0 &&
	    (mv->before == 0 || a->time <= mv->before))
		mv->qty = a->qty_after;
}

static int
metrc_rd_add(struct store_txn *t, struct metrc_rd *rd, const char *tag,
    const char *loc, int64_t before)
{
	struct metrc_rd_move	 mv;
	struct package		 pk;
	struct product		 p;
	struct metrc_retailer_stock *s;
	u_int			 i;

	for (i = 0; i < rd->n; i++) {
		if (strcmp(rd->tags[i], tag) == 0)
			return (0);
	}
	if (rd->n == METRC_RD_STOCK || store_package_get(t, tag, &pk) != 0 ||
	    store_product_get(t, pk.product, &p) != 0)
		return (-1);
	mv.loc = loc;
	mv.before = before;
	mv.qty = -1;
	if (inventory_history(t, tag, metrc_rd_move_cb, &mv) != 0 ||
	    mv.qty <= 0)
		return (-1);
	strlcpy(rd->tags[rd->n], tag, sizeof rd->tags[rd->n]);
	s = &rd->stock[rd->n];
	s->tag = rd->tags[rd->n];
	s->qty = mv.qty;
	s->weight = p.unit_weight;
	if (money_line_total(p.unit_weight, mv.qty, p.price, &s->price) != 0)
		return (-1);
	rd->n++;
	return (0);
}

/*
 * A trip's retailer delivery from the ledger, with the floating packages
 * first to last - 1 restocked on the road (none: 0, 0); NULL if it cannot
 * be built.
 */
static struct metrc_rd *
metrc_rd_load(struct store_txn *t, uint64_t trip, u_int first, u_int last)
{
	struct metrc_rd	*rd;
	struct order	*o;
	char		 loc[LOCATION_MAX + 1];
	u_int		 i, k;
	int		 bad = 0;

	rd = xcalloc(1, sizeof *rd);
	rd->tr = xmalloc(sizeof *rd->tr);
	if (store_trip_get(t, trip, rd->tr) != 0 ||
	    store_staff_get(t, rd->tr->driver, &rd->driver) != 0 ||
	    store_vehicle_get(t, rd->tr->plate, &rd->v) != 0) {
		metrc_rd_free(rd);
		return (NULL);
	}
	trip_vehicle_location(rd->tr->plate, loc, sizeof loc);
	o = xmalloc(sizeof *o);
	for (i = 0; !bad && i < rd->tr->norders; i++) {
		if (store_order_get(t, rd->tr->orders[i], o) != 0) {
			bad = 1;
			break;
		}
		for (k = 0; !bad && k < o->npicks; k++)
			bad = metrc_rd_add(t, rd, o->picks[k].tag, loc,
			    rd->tr->departed) != 0;
	}
	free(o);
	/* Floating stock restocked on the road (first to last - 1). */
	for (k = first; !bad && k < last && k < rd->tr->nfloat; k++)
		bad = metrc_rd_add(t, rd, rd->tr->floating[k].tag, loc, 0) != 0;
	if (bad || rd->n == 0) {
		metrc_rd_free(rd);
		return (NULL);
	}
	metrc_crew(&rd->r.crew, &rd->driver, &rd->v);
	rd->r.at = rd->tr->departed;
	rd->r.depart_at = rd->tr->departed;
	rd->r.stock = rd->stock;
	rd->r.nstock = rd->n;
	return (rd);
}

/*
 * A restock job's packages alone (the trip's floating ones it names),
 * at the time the last of them moved on board; NULL if it cannot be
 * built. The next leg's stops are not restated (Destinations null).
 */
static struct metrc_rd *
metrc_rd_restocked(struct store_txn *t, const struct outbox_job *j)
{
	struct metrc_rd	*rd;
	u_int		 first, n, i;

	if (outbox_retailer_restock_range(j, &first, &n) != 0 ||
	    (rd = metrc_rd_load(t, j->subject, first, first + n)) == NULL)
		return (NULL);
	if (rd->n < n) {
		metrc_rd_free(rd);
		return (NULL);
	}
	/* Only the restocked (added last): not what the orders had. */
	for (i = 0; rd->n != n && i < n; i++) {
		rd->stock[i] = rd->stock[rd->n - n + i];
		memcpy(rd->tags[i], rd->tags[rd->n - n + i],
		    sizeof rd->tags[i]);
		rd->stock[i].tag = rd->tags[i];
	}
	rd->n = n;
	rd->r.stock = rd->stock;
	rd->r.nstock = n;
	rd->r.at = j->created;
	rd->r.depart_at = j->created;
	return (rd);
}

/*
 * The create's Destinations: each stop, in the trip's order, with what
 * was packed for it and its estimated arrival from the departure
 * (trip_eta: straight lines; the departure itself if the store has no
 * location). -1 if a stop's records are missing or it has nothing packed.
 */
static int
metrc_rd_stops(struct metrc *m, struct store_txn *t, struct metrc_rd *rd)
{
	struct trip_conf	 c;
	struct order		*o;
	struct customer		*cu, *pt;
	int64_t			 eta[TRIP_ORDERS];
	u_int			 i;

	op_trip_conf_srv(m->srv, &c);
	c.now = rd->tr->departed;
	trip_eta(t, rd->tr, &c, rd->tr->departed, eta);
	if (rd->tr->norders == 0)
		return (-1);
	rd->orders = xcalloc(rd->tr->norders, sizeof *rd->orders);
	rd->cus = xcalloc(2 * (size_t)rd->tr->norders, sizeof *rd->cus);
	for (i = 0; i < rd->tr->norders; i++) {
		o = &rd->orders[i];
		cu = &rd->cus[2 * i];
		pt = &rd->cus[2 * i + 1];
		if (store_order_get(t, rd->tr->orders[i], o) != 0 ||
		    store_customer_get(t, o->customer, cu) != 0)
			return (-1);
		if (o->patient == 0 || store_customer_get(t, o->patient,
		    pt) != 0)
			pt = NULL;
		if (metrc_payload_stop(&rd->stops[i], o, cu, pt, eta[i] != 0 ?
		    eta[i] : rd->tr->departed) != 0)
			return (-1);
		rd->dests[i] = rd->stops[i].d;
	}
	rd->r.stops = rd->dests;
	rd->r.nstops = rd->tr->norders;
	return (0);
}

/*
 * What is left of each package on board once the trip's sales are out
 * (those reported as its sales: not a late one reported as a receipt).
 */
static void
metrc_rd_left(struct store_txn *t, struct metrc_rd *rd)
{
	struct order	*o;
	struct sale	*s;
	u_int		 i, k, l;

	o = xmalloc(sizeof *o);
	s = xmalloc(sizeof *s);
	for (i = 0; i < rd->tr->norders; i++) {
		/* A late sale reported as a receipt is not the trip's. */
		if (store_order_get(t, rd->tr->orders[i], o) != 0 ||
		    o->status != ORDER_DELIVERED || o->sale == 0 ||
		    !outbox_delivered(t, o->sale) ||
		    store_sale_get(t, o->sale, s) != 0)
			continue;
		for (l = 0; l < s->nlines; l++) {
			for (k = 0; k < rd->n; k++) {
				if (strcmp(rd->tags[k], s->lines[l].tag) == 0)
					rd->stock[k].qty -= s->lines[l].qty;
			}
		}
	}
	for (k = 0; k < rd->n; k++) {
		if (rd->stock[k].qty < 0)
			rd->stock[k].qty = 0;
	}
	free(s);
	free(o);
}

/* The job that created the retailer delivery a sale or an end belongs to. */
static int
metrc_rd_trip_job(struct store_txn *t, const struct outbox_job *j,
    struct outbox_job *rd)
{
	struct order	*o;
	int		 r;

	if (j->kind == OUTBOX_RETAILER) {
		*rd = *j;
		return (0);
	}
	if (j->kind == OUTBOX_RETAILER_END ||
	    j->kind == OUTBOX_RETAILER_RESTOCK)
		return (outbox_get(t, j->link, rd));
	o = xmalloc(sizeof *o);
	r = store_order_get(t, j->link, o);
	if (r == 0)
		r = outbox_retailer_job(t, o->trip, rd);
	free(o);
	return (r);
}

/* The key (metrc.c) of a retailer job: its trip job's number. */
uint64_t
metrc_rd_key(struct store_txn *t, const struct outbox_job *j)
{
	struct outbox_job	rd;

	if (metrc_rd_trip_job(t, j, &rd) != 0)
		return (j->id);
	return (rd.id);
}

static void
metrc_rd_id_url(struct metrc *m, struct metrc_req *rq, int64_t id)
{
	char	idstr[32];

	snprintf(idstr, sizeof idstr, "%lld", (long long)id);
	metrc_url(m, rq, "/sales/v2/deliveries/retailer/%s", idstr);
}

/* A page of the state's active retailer deliveries, from rq->page. */
static void
metrc_rd_list_url(struct metrc *m, struct metrc_req *rq)
{
	metrc_url_page(m, rq, "/sales/v2/deliveries/retailer/active%s");
}

/* The trip's job: create, then depart (metrc_steps). */
static const struct metrc_steps metrc_steps_retailer = {
	MC_RD_LOOKUP, "/sales/v2/deliveries/retailer/active%s",
	MC_RD_GET, "/sales/v2/deliveries/retailer/%s",
	MC_RD, "/sales/v2/deliveries/retailer%s",
	MC_RD_DEPART, "/sales/v2/deliveries/retailer/depart%s",
};

/*
 * The request for a retailer job due now, into rq: 0, or -1 if it must
 * wait (a sale or an end before the delivery has departed, an end before
 * every sale is in).
 */
int
metrc_rd_pick(struct metrc *m, struct store_txn *t, const struct outbox_job *j,
    struct metrc_req *rq)
{
	struct outbox_job	rd;

	if (j->kind == OUTBOX_RETAILER) {
		metrc_steps(m, rq, j, &metrc_steps_retailer);
		return (0);
	}
	if (metrc_rd_trip_job(t, j, &rd) != 0 || rd.state != OUTBOX_DONE ||
	    rd.state_id == 0)
		return (-1);
	if (j->kind == OUTBOX_RETAILER_END &&
	    !outbox_retailer_sales_done(t, j->subject))
		return (-1);
	if (j->uncertain) {
		rq->call = MC_RD_GET;
		metrc_rd_id_url(m, rq, rd.state_id);
	} else if (j->kind == OUTBOX_RETAILER_SALE) {
		rq->call = MC_RD_SALE;
		metrc_url(m, rq, "/sales/v2/deliveries/retailer/sale%s", NULL);
	} else if (j->kind == OUTBOX_RETAILER_RESTOCK) {
		rq->call = MC_RD_RESTOCK;
		metrc_url(m, rq, "/sales/v2/deliveries/retailer/restock%s",
		    NULL);
	} else {
		rq->call = MC_RD_END;
		metrc_url(m, rq, "/sales/v2/deliveries/retailer/end%s", NULL);
	}
	return (0);
}

/*
 * The body of a retailer job's step: 0, -1 if the ledger records it is
 * built from are missing (an exception), 1 if the step is no longer the
 * job's (it moved on since it was picked: not sent).
 */
int
metrc_rd_json(struct metrc *m, struct store_txn *t, const struct outbox_job *j,
    enum metrc_call call, struct buf *b)
{
	const char		*tz = m->srv->info.tz;
	struct outbox_job	 rj;
	struct metrc_rd		*rd;
	struct metrc_dlv	*x;
	int			 r;

	switch (call) {
	case MC_RD:
		if (j->kind != OUTBOX_RETAILER || j->state_id != 0)
			return (1);
		if ((rd = metrc_rd_load(t, j->subject, 0, 0)) == NULL)
			return (-1);
		r = -1;
		if (metrc_rd_stops(m, t, rd) == 0)
			r = metrc_payload_retailer(b, &rd->r, tz);
		metrc_rd_free(rd);
		return (r);
	case MC_RD_DEPART:
		if (j->kind != OUTBOX_RETAILER || j->state_id == 0)
			return (1);
		metrc_payload_retailer_depart(b, j->state_id);
		return (0);
	case MC_RD_RESTOCK:
		if (metrc_rd_trip_job(t, j, &rj) != 0 || rj.state_id == 0 ||
		    (rd = metrc_rd_restocked(t, j)) == NULL)
			return (-1);
		rd->r.state_id = rj.state_id;
		r = metrc_payload_retailer_restock(b, &rd->r, tz);
		metrc_rd_free(rd);
		return (r);
	case MC_RD_SALE:
	case MC_RD_END:
		if (metrc_rd_trip_job(t, j, &rj) != 0 || rj.state_id == 0)
			return (-1);
		if (call == MC_RD_SALE) {
			if ((x = metrc_dlv_load(t, j)) == NULL)
				return (-1);
			r = metrc_payload_retailer_sale(b, rj.state_id, &x->d,
			    tz);
			metrc_dlv_free(x);
			return (r);
		}
		/* A late sale came in since the end was picked: it waits. */
		if (!outbox_retailer_sales_done(t, j->subject))
			return (1);
		if ((rd = metrc_rd_load(t, j->subject, 0, TRIP_FLOAT)) == NULL)
			return (-1);
		metrc_rd_left(t, rd);
		r = metrc_payload_retailer_end(b, rj.state_id,
		    rd->tr->closed != 0 ? rd->tr->closed : util_now(),
		    rd->stock, rd->n, tz);
		metrc_rd_free(rd);
		return (r);
	default:
		return (-1);
	}
}

/* Ours was not on this page of the active list: ask for the next. */
static void
metrc_rd_next_page(struct metrc *m, struct metrc_req *rq, int pages)
{
	struct metrc_req	*nrq;

	nrq = metrc_req_page(rq, rq->page + 1, pages);
	metrc_rd_list_url(m, nrq);
	metrc_rate_take(m, util_now());
	metrc_curl_start(m, nrq);
}

static void
metrc_rd_msg(struct metrc_result *res, enum metrc_outcome o, const char *msg)
{
	res->outcome = o;
	if (o == MO_LOOKUP_RETRY)
		res->contact = 0;
	strlcpy(res->msg, msg, sizeof res->msg);
}

/* An uncertain create, against a page of the state's active list. */
static int
metrc_rd_lookup(struct metrc *m, struct store_txn *t, struct metrc_req *rq,
    const struct outbox_job *j, struct metrc_result *res)
{
	struct metrc_delivery_state	 st;
	struct metrc_rd			*rd;
	int				 r, pages = 0;

	/* Unbuildable: the create follows, and metrc_mark refuses it. */
	if ((rd = metrc_rd_load(t, j->subject, 0, 0)) == NULL) {
		res->outcome = MO_NOTFOUND;
		return (0);
	}
	r = metrc_payload_retailer_found(&rq->reply, &rd->r, m->srv->info.tz,
	    &st, &pages);
	metrc_rd_free(rd);
	switch (metrc_list_verdict(res, rq, r, pages, "retailer delivery "
	    "list", "retailer deliveries", "this trip")) {
	case 1:
		metrc_rd_next_page(m, rq, pages);
		return (1);
	case -1:
		res->ids[0] = st.id;
		res->outcome = st.departed ? MO_DONE : MO_FOUND;
		break;
	}
	return (0);
}

/*
 * What a retailer delivery read back (st; r < 0: unreadable) says of an
 * uncertain step, into res: at the state (done), not there (send it),
 * or an exception if the delivery was voided or ended first.
 */
static void
metrc_rd_verdict(struct metrc_result *res, int r, int done,
    const struct metrc_delivery_state *st)
{
	res->ids[0] = 0;
	if (r < 0)
		metrc_rd_msg(res, MO_LOOKUP_RETRY, "the state's retailer "
		    "delivery could not be read");
	else if (done)
		res->outcome = MO_DONE;
	else if (st->voided || st->done)
		metrc_rd_msg(res, MO_EXCEPTION, "the retailer delivery was "
		    "voided or ended at the state before this reached it: "
		    "check it there");
	else
		res->outcome = MO_NOTFOUND;
}

/*
 * An uncertain restock, against the delivery read back: done if every
 * package it put on board is there, not found if none is.
 */
static void
metrc_rd_read_restock(struct metrc *m, struct store_txn *t,
    struct metrc_req *rq, const struct outbox_job *j,
    struct metrc_result *res)
{
	struct metrc_delivery_state	 st;
	struct metrc_rd			*rd;
	const char			*tags[METRC_RD_STOCK];
	u_int				 i, n;
	int				 r;

	if ((rd = metrc_rd_restocked(t, j)) == NULL) {
		/* Unbuildable: the restock follows, and is refused. */
		res->outcome = MO_NOTFOUND;
		return;
	}
	n = rd->n;
	for (i = 0; i < n; i++)
		tags[i] = rd->tags[i];
	r = metrc_payload_retailer_onboard(&rq->reply, tags, n, &st);
	metrc_rd_free(rd);
	if (r > 0 && r != (int)n) {
		res->ids[0] = 0;
		metrc_rd_msg(res, MO_EXCEPTION, "only some of a restock's "
		    "packages are on the state's retailer delivery: check it "
		    "there");
	} else
		metrc_rd_verdict(res, r, r == (int)n, &st);
}

/* An uncertain depart, sale or end, against the delivery read back. */
static void
metrc_rd_read(struct metrc *m, struct store_txn *t, struct metrc_req *rq,
    const struct outbox_job *j, struct metrc_result *res)
{
	struct metrc_delivery_state	 st;
	struct metrc_dlv		*x = NULL;
	int				 r;

	if (j->kind == OUTBOX_RETAILER_RESTOCK) {
		metrc_rd_read_restock(m, t, rq, j, res);
		return;
	}
	if (j->kind == OUTBOX_RETAILER_SALE &&
	    (x = metrc_dlv_load(t, j)) == NULL) {
		/* Unbuildable: the sale follows, and metrc_mark refuses it. */
		res->outcome = MO_NOTFOUND;
		return;
	}
	r = metrc_payload_delivery_read(&rq->reply, x != NULL ? &x->d : NULL,
	    m->srv->info.tz, &st);
	if (x != NULL)
		metrc_dlv_free(x);
	if (r == 2) {
		res->ids[0] = 0;
		metrc_rd_msg(res, MO_EXCEPTION, "two sales of the retailer "
		    "delivery look like this one: check them at the state");
	} else
		metrc_rd_verdict(res, r, (j->kind == OUTBOX_RETAILER &&
		    st.departed) || (j->kind == OUTBOX_RETAILER_SALE &&
		    r == 1) || (j->kind == OUTBOX_RETAILER_END && st.done), &st);
}

/*
 * The answer to a retailer lookup (2xx) into res: 1 if the next page of
 * the list was asked instead (res unused).
 */
int
metrc_rd_found(struct metrc *m, struct metrc_req *rq,
    struct metrc_result *res)
{
	struct store_txn	 t;
	struct outbox_job	 j;
	int			 r = 0;

	if (store_begin(m->srv->st, &t, 0) != 0) {
		metrc_rd_msg(res, MO_LOOKUP_RETRY, "the ledger could not be "
		    "read to match the state's answer");
		return (0);
	}
	if (outbox_get(&t, rq->jobs[0], &j) != 0)
		metrc_rd_msg(res, MO_LOOKUP_RETRY, "the job could not be "
		    "read to match the state's answer");
	else if (rq->call == MC_RD_LOOKUP)
		r = metrc_rd_lookup(m, &t, rq, &j, res);
	else
		metrc_rd_read(m, &t, rq, &j, res);
	store_abort(&t);
	return (r);
}
