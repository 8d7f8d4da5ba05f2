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

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <sodium.h>

#include "server.h"
#include "inventory.h"
#include "metrc-conf.h"
#include "metrc-payload.h"
#include "outbox.h"
#include "sale.h"
#include "metrc.h"
#include "state-adapter.h"

/*
 * The compliance drainer: sends the outbox (outbox.c) to Metrc v2 with
 * libcurl multi on stashd's event base, as curl's multi-event.c does (one
 * event per socket from the socket callback, one timer from the timer
 * callback).
 *
 * Never twice: before a POST or DELETE its jobs are marked "uncertain" in a
 * durable write; only a definite answer clears the mark. A job marked
 * uncertain (an ambiguous failure, or a crash mid-send) is looked up by its
 * ExternalReceiptNumber (adjustments: by our reference in ReasonNote)
 * before it is sent again. Every result is written back through the group
 * commit (batch_run).
 *
 * Pace and overlap: requests for the licence leave at most metrc-rate a
 * second (a token bucket of METRC_RATE_BURST tokens), and up to
 * METRC_INFLIGHT of them may be in flight at once, each in a slot that
 * claims its jobs from the moment they are picked until their result is
 * durable. A job claimed by a slot is never picked again, so no two
 * requests carry the same job; and the jobs of one sale (its receipt, the
 * void's delete, a return's update) claim the receipt job as their "key",
 * so they go one after the other, in order: a void is never sent while
 * its receipt's POST is in flight. A 429 holds the whole licence until its
 * Retry-After is over; other failures put the job's due time back with
 * backoff, as before.
 */

struct metrc	*metrc;

static void	metrc_next(struct metrc *);

/* --- small helpers --- */

static void
metrc_kick(struct metrc *m)
{
	struct timeval	tv = { 0, 0 };

	evtimer_add(m->kick_ev, &tv);
}

/* Look again in wait µs. */
/* A free slot, or NULL if METRC_INFLIGHT requests are under way. */
static struct metrc_slot *
metrc_slot_get(struct metrc *m)
{
	u_int	i;

	for (i = 0; i < METRC_INFLIGHT; i++) {
		if (!m->slots[i].used)
			return (&m->slots[i]);
	}
	return (NULL);
}

/*
 * Is a job (id, of the sale whose receipt job is key; 0 if none) under
 * way, or another job of its sale?
 */
static int
metrc_claimed(struct metrc *m, uint64_t id, uint64_t key)
{
	struct metrc_slot	*sl;
	u_int			 i, k;

	for (i = 0; i < METRC_INFLIGHT; i++) {
		sl = &m->slots[i];
		if (!sl->used)
			continue;
		if (sl->key != 0 && (sl->key == id || sl->key == key))
			return (1);
		for (k = 0; k < sl->njobs; k++) {
			if (sl->jobs[k] == id || (key != 0 &&
			    sl->jobs[k] == key))
				return (1);
		}
	}
	return (0);
}

int64_t
metrc_backoff(int attempts)
{
	return (curl_loop_backoff(attempts, METRC_MAX_BACKOFF));
}

static void
metrc_msg(struct metrc_result *res, const char *a, const char *b)
{
	struct buf	t;

	buf_init(&t);
	buf_addstr(&t, a);
	buf_addstr(&t, b);
	strlcpy(res->msg, buf_cstr(&t), sizeof res->msg);
	buf_free(&t);
}

/* --- writing results through the group commit --- */

struct metrc_write {
	struct metrc		*m;
	struct metrc_req	*rq;		/* the mark: send once durable */
	struct metrc_result	*res;
	struct metrc_slot	*slot;		/* the result: free it after */
};

/* A slot's jobs are free to be picked again: their result is durable. */
static void
metrc_slot_free(struct metrc *m, struct metrc_slot *sl)
{
	memset(sl, 0, sizeof *sl);
	metrc_kick(m);
}

static void
metrc_write_free(void *arg)
{
	struct metrc_write	*w = arg;
	struct metrc		*m = w->m;
	struct metrc_slot	*sl;

	if (w->rq != NULL && !w->rq->started) {
		/* Nothing left to send, or the mark was not written. */
		sl = w->rq->slot;
		metrc_curl_free(w->rq);
		metrc_slot_free(m, sl);
	} else if (w->rq == NULL && w->slot != NULL)
		metrc_slot_free(m, w->slot);
	free(w->res);
	free(w);
}

static void
metrc_write(struct metrc *m, op_fn fn, struct metrc_write *w, op_done_fn done)
{
	batch_write(m->srv, "compliance.drain", fn, w, metrc_write_free,
	    done);
}

/*
 * The drain's reading of an answer, for job i of it, as the one result
 * (state-system.c, through Metrc's entry of the table).
 */
static void
metrc_state(const struct metrc_result *res, u_int i, int lookup,
    struct state_result *r)
{
	struct state_answer	a;

	memset(&a, 0, sizeof a);
	a.lookup = lookup;
	a.code = res->outcome;
	a.id = i < res->njobs ? res->ids[i] : 0;
	a.delay = res->delay;
	a.text = res->msg;
	state_system_find("metrc")->result(&a, r);
}

/*
 * A result on job j. After a lookup the job stays as uncertain as it was
 * unless the state answered for it; after a send, an unknown result
 * leaves it uncertain (looked up next) and any other clears the mark.
 */
static void
metrc_outcome(struct store_txn *t, struct outbox_job *j,
    const struct state_result *r, int lookup, int64_t now)
{
	if (r->outcome != STATE_DONE && !((r->flags & STATE_F_ABSENT) &&
	    j->kind == OUTBOX_DELETE)) {
		strlcpy(j->error, r->reason, sizeof j->error);
		if (!(r->flags & STATE_F_ABSENT))
			outbox_failed(j, now, r->reason);
	}
	switch (r->outcome) {
	case STATE_DONE:
		j->uncertain = 0;
		if (r->flags & STATE_F_STEP) {
			/* This step is at the state: the next now. */
			j->state_id = r->id;
			j->due = now;
			break;
		}
		/*
		 * A delivery's complete, a retailer delivery's depart (or
		 * their lookups) have no Id: the create's stays.
		 */
		if ((j->kind != OUTBOX_DELIVERY &&
		    j->kind != OUTBOX_RETAILER) || r->id != 0)
			j->state_id = r->id;
		outbox_done(t, j, now);
		break;
	case STATE_UNKNOWN:
		if (lookup) {
			/* The lookup failed: look up again later. */
			j->due = now + (r->delay >= 0 ? r->delay :
			    metrc_backoff(j->attempts + 1));
			break;
		}
		j->uncertain = 1;
		j->due = now + (r->delay >= 0 ? r->delay :
		    metrc_backoff(j->attempts));
		if (j->state == OUTBOX_CANCELLED && j->kind == OUTBOX_RECEIPT)
			outbox_void_sent(t, j, 0);
		break;
	case STATE_RETRY:
		if (r->flags & STATE_F_ABSENT) {
			j->uncertain = 0;
			j->due = now;
			if (j->kind == OUTBOX_DELETE) {
				j->state = OUTBOX_DONE;	/* nothing to void */
				j->done = now;
			}
			break;
		}
		if (r->flags & STATE_F_ALONE) {
			j->uncertain = 0;
			j->solo = 1;
			j->due = now;
			break;
		}
		if (!lookup)
			j->uncertain = 0;
		/* Held: the loop holds everything, not the job. */
		if (!(r->flags & STATE_F_HOLD))
			j->due = now + (r->delay >= 0 ? r->delay :
			    metrc_backoff(j->attempts + 1));
		break;
	case STATE_REJECTED:
		if (!lookup)
			j->uncertain = 0;
		if (j->state == OUTBOX_PENDING)
			j->state = OUTBOX_EXCEPTION;
		break;
	}
	/*
	 * A PUT may be sent again as it is: a return's sets the receipt, a
	 * move's sets where the package is; neither adds.
	 */
	if (j->kind == OUTBOX_RETURN || j->kind == OUTBOX_LOCATION)
		j->uncertain = 0;
}

static int
metrc_apply(struct op_ctx *ctx)
{
	struct metrc_write	*w = ctx->data;
	struct metrc_result	*res = w->res;
	struct store_txn	*t = ctx->txn;
	struct state_result	 r;
	struct outbox_job	 j, old;
	int64_t			 now = util_now();
	int			 lookup;
	u_int			 i;

	lookup = METRC_LOOKUP_CALL(res->call);
	for (i = 0; i < res->njobs; i++) {
		if (outbox_get(t, res->jobs[i], &j) != 0) {
			if (t->ret != 0)
				return (-1);
			continue;
		}
		old = j;
		if (j.state == OUTBOX_DONE)
			continue;
		metrc_state(res, i, lookup, &r);
		metrc_outcome(t, &j, &r, lookup, now);
		outbox_put(t, &old, &j);
	}
	if (res->contact) {
		outbox_contact(t, now);
		w->m->last_contact = now;
	}
	metrc_state(res, 0, lookup, &r);
	if (r.flags & STATE_F_HOLD) {
		store_meta_put_i64(t, "metrc-broken", now);
		store_meta_put_i64(t, "metrc-broken-why", w->m->broken_why);
	} else if (res->contact && store_meta_get_i64(t, "metrc-broken") != 0)
		store_meta_put_i64(t, "metrc-broken", 0);
	ctx->result = json_object();
	return (t->ret != 0 ? -1 : 0);
}

/* --- building requests from the ledger --- */

/*
 * One receipt: 0, or -1 if the sale cannot be reported as it is. With a
 * state Id, the receipt as it stands after returns (metrc-payload.c).
 */
static int
metrc_receipt_json(struct store_txn *t, const char *tz, uint64_t sale,
    const char *ref, int64_t state_id, struct buf *b)
{
	struct sale	*s;
	struct customer	 buyer, patient;
	int		 hb, hp, r;

	s = xmalloc(sizeof *s);
	if (store_sale_get(t, sale, s) != 0) {
		free(s);
		return (-1);
	}
	hb = s->customer != 0 &&
	    store_customer_get(t, s->customer, &buyer) == 0;
	hp = hb && buyer.type == CUSTOMER_CAREGIVER &&
	    store_customer_get(t, s->patient, &patient) == 0;
	r = metrc_payload_receipt(b, s, hb ? &buyer : NULL,
	    hp ? &patient : NULL, tz, ref, state_id);
	free(s);
	return (r);
}

/* Is anything of a sale left after its returns? -1 if it is not there. */
static int
metrc_sale_left(struct store_txn *t, uint64_t sale)
{
	struct sale	*s;
	u_int		 i;
	int		 left = 0;

	s = xmalloc(sizeof *s);
	if (store_sale_get(t, sale, s) != 0) {
		free(s);
		return (-1);
	}
	for (i = 0; i < s->nlines; i++) {
		if (s->lines[i].qty > s->lines[i].returned)
			left = 1;
	}
	free(s);
	return (left);
}

/* A return: the receipt updated, by the Id the receipt job got. */
static int
metrc_return_json(struct store_txn *t, const char *tz,
    const struct outbox_job *j, struct buf *b)
{
	struct outbox_job	rj;

	if (outbox_get(t, j->link, &rj) != 0 || rj.state_id == 0)
		return (-1);
	return (metrc_receipt_json(t, tz, rj.subject, rj.ref, rj.state_id,
	    b));
}

/* A delivery order's sale as the state sees it (metrc.h). */
void
metrc_dlv_free(struct metrc_dlv *x)
{
	free(x->s);
	free(x->o);
	free(x->tr);
	free(x);
}

/* A trip's driver and vehicle, as a delivery names them. */
void
metrc_crew(struct metrc_delivery_crew *c, const struct staff *driver,
    const struct vehicle *v)
{
	c->driver_name = driver->name;
	c->driver_licence = driver->licence;
	c->driver_employee_id = driver->employee;
	c->vehicle_make = v->make;
	c->vehicle_model = v->model;
	c->vehicle_plate = v->plate;
}

/* NULL if a ledger record it is built from is missing. */
struct metrc_dlv *
metrc_dlv_load(struct store_txn *t, const struct outbox_job *j)
{
	struct metrc_dlv		*x;
	u_int				 i;

	x = xcalloc(1, sizeof *x);
	x->s = xmalloc(sizeof *x->s);
	x->o = xmalloc(sizeof *x->o);
	x->tr = xmalloc(sizeof *x->tr);
	if (store_sale_get(t, j->subject, x->s) != 0 ||
	    store_order_get(t, j->link, x->o) != 0 ||
	    store_trip_get(t, x->o->trip, x->tr) != 0 ||
	    store_staff_get(t, x->tr->driver, &x->driver) != 0 ||
	    store_vehicle_get(t, x->tr->plate, &x->v) != 0 ||
	    store_customer_get(t, x->o->customer, &x->cu) != 0 ||
	    x->s->nlines == 0 || x->s->nlines > MAX_SALE_LINES) {
		metrc_dlv_free(x);
		return (NULL);
	}
	x->d.ref = j->ref;
	metrc_crew(&x->d.crew, &x->driver, &x->v);
	metrc_payload_to(&x->d.to, x->name, sizeof x->name, x->o, &x->cu,
	    x->o->patient != 0 && store_customer_get(t, x->o->patient,
	    &x->pt) == 0 ? &x->pt : NULL);
	x->d.sold_at = x->s->time;
	x->d.depart_at = x->tr->departed != 0 ? x->tr->departed :
	    x->tr->depart_at;
	if (x->d.depart_at == 0 || x->d.depart_at > x->s->time)
		x->d.depart_at = x->s->time;
	x->d.arrive_at = x->s->time;
	for (i = 0; i < x->s->nlines; i++) {
		x->lines[i].tag = x->s->lines[i].tag;
		x->lines[i].qty = x->s->lines[i].qty;
		x->lines[i].weight = x->s->lines[i].unit_weight;
		x->lines[i].amount = metrc_payload_line_amount(x->s, i);
		x->accepted[i] = x->s->lines[i].tag;
	}
	x->d.lines = x->lines;
	x->d.nlines = x->s->nlines;
	return (x);
}

/*
 * The create (state_id 0) or the complete: every package was accepted
 * (a delivery's sale sells what the customer took; what came back on a
 * failed order was never sold and is not reported).
 */
static int
metrc_delivery_json(struct store_txn *t, const char *tz,
    const struct outbox_job *j, struct buf *b)
{
	struct metrc_dlv		*x;
	struct metrc_delivery_done	 c;
	int				 r;

	if ((x = metrc_dlv_load(t, j)) == NULL)
		return (-1);
	if (j->state_id == 0)
		r = metrc_payload_delivery(b, &x->d, tz);
	else {
		memset(&c, 0, sizeof c);
		c.state_id = j->state_id;
		c.arrived_at = x->s->time;
		c.accepted = x->accepted;
		c.naccepted = x->s->nlines;
		r = metrc_payload_delivery_done(b, &c, tz);
	}
	metrc_dlv_free(x);
	return (r);
}

/* What the lookup after an uncertain create matches on, into rq. */
static int
metrc_dlv_fields(struct store_txn *t, const struct outbox_job *j,
    struct metrc_req *rq)
{
	struct metrc_dlv	*x;
	u_int			 i;

	if ((x = metrc_dlv_load(t, j)) == NULL)
		return (-1);
	rq->dlv_sold = x->d.sold_at;
	for (i = 0; i < x->d.nlines; i++) {
		rq->dlv_lines[i] = x->lines[i];
		strlcpy(rq->dlv_tags[i], x->lines[i].tag,
		    sizeof rq->dlv_tags[i]);
		rq->dlv_lines[i].tag = rq->dlv_tags[i];
	}
	rq->dlv_nlines = x->d.nlines;
	metrc_dlv_free(x);
	return (0);
}

/*
 * What an adjustment looks like at the state: its label, its quantity in
 * thousandths of the unit reported (mg are thousandths of a gram), and its
 * store-local date. 0, or -1 if the ledger records are missing.
 */
static int
metrc_adjust_fields(struct store_txn *t, const char *tz, uint64_t id,
    char *label, int64_t *milli, char *date)
{
	struct adjust	a;
	struct package	pk;
	struct product	p;
	int		d;

	if (store_adjust_get(t, id, &a) != 0 ||
	    store_package_get(t, a.tag, &pk) != 0 ||
	    store_product_get(t, pk.product, &p) != 0)
		return (-1);
	strlcpy(label, a.tag, TAG_LEN + 1);
	*milli = p.unit_weight ? a.delta : a.delta * 1000;
	d = util_local_date(a.time, tz);
	if (d < 10000101 || d > 99991231)
		return (-1);
	snprintf(date, 11, "%04d-%02d-%02d", (d / 10000) % 10000,
	    (d / 100 % 100) % 100, (d % 100) % 100);
	return (0);
}

/* Our reason by the state's name, or NULL with why (metrc-payload.c). */
static const char *
metrc_reason_name(struct metrc *m, const struct inventory_reason *ir,
    char *why, size_t len)
{
	return (metrc_payload_reason(m->reason_map, m->reasons, ir, why, len));
}

/*
 * One adjustment: 0, or -1 with why set if the state cannot take it as it
 * is, or why empty if the ledger records it is built from are missing.
 */
static int
metrc_adjust_json(struct metrc *m, struct store_txn *t, const char *tz,
    const struct outbox_job *j, struct buf *b, char *why, size_t len)
{
	const struct inventory_reason	*ir;
	struct adjust			 a;
	struct package			 pk;
	struct product			 p;
	const char			*reason;

	*why = '\0';
	if (store_adjust_get(t, j->subject, &a) != 0 ||
	    store_package_get(t, a.tag, &pk) != 0 ||
	    store_product_get(t, pk.product, &p) != 0 ||
	    (ir = inventory_reason_find(a.reason)) == NULL)
		return (-1);
	if ((reason = metrc_reason_name(m, ir, why, len)) == NULL)
		return (-1);
	return (metrc_payload_adjust(b, &a, &p, reason, j->ref, tz));
}

/*
 * A move: where the package is now, by the state's name for it
 * (metrc-locations; unmapped, ours as it is), on the move's store-local
 * date. The package's location now rather than this move's destination:
 * moves go one at a time, so whichever order a retry puts them in, the
 * last one sent says where the package is. -1 if the ledger records are
 * missing.
 */
static int
metrc_location_json(struct metrc *m, struct store_txn *t, const char *tz,
    const struct outbox_job *j, struct buf *b)
{
	struct adjust	 a;
	struct package	 pk;
	const char	*name;

	if (store_adjust_get(t, j->subject, &a) != 0 ||
	    a.kind != ADJUST_MOVE || store_package_get(t, a.tag, &pk) != 0)
		return (-1);
	name = json_string_value(json_object_get(m->location_map,
	    pk.location));
	if (name == NULL)
		name = pk.location;
	metrc_payload_location(b, pk.tag, name, a.time, tz);
	return (0);
}

/* --- the mark: what is about to be sent is uncertain until answered --- */

static int
metrc_mark(struct op_ctx *ctx)
{
	struct metrc_write	*w = ctx->data;
	struct metrc_req	*rq = w->rq;
	struct store_txn	*t = ctx->txn;
	struct outbox_job	 j, old;
	struct buf		 one;
	const char		*tz = w->m->srv->info.tz;
	char			 why[OUTBOX_ERROR_MAX + 1];
	u_int			 i, n = 0;
	int			 r;

	buf_reset(&rq->body);
	buf_init(&one);
	if (rq->call != MC_DELETE)
		buf_addc(&rq->body, '[');
	for (i = 0; i < rq->njobs; i++) {
		if (outbox_get(t, rq->jobs[i], &j) != 0) {
			if (t->ret != 0)
				break;
			continue;
		}
		/* Voided, or looked at elsewhere, since it was chosen. */
		if (j.state != OUTBOX_PENDING || j.uncertain)
			continue;
		buf_reset(&one);
		r = 0;
		*why = '\0';
		if (rq->call == MC_ADJUST && w->m->reasons == NULL)
			continue;	/* the reasons first: picked again */
		if (rq->call == MC_RECEIPTS)
			r = metrc_receipt_json(t, tz, j.subject, j.ref, 0,
			    &one);
		else if (rq->call == MC_ADJUST)
			r = metrc_adjust_json(w->m, t, tz, &j, &one, why,
			    sizeof why);
		else if (rq->call == MC_UPDATE)
			r = metrc_return_json(t, tz, &j, &one);
		else if (rq->call == MC_LOCATION)
			r = metrc_location_json(w->m, t, tz, &j, &one);
		else if (rq->call == MC_DELIVERY ||
		    rq->call == MC_DLV_COMPLETE) {
			/* The step chosen must still be the job's. */
			if ((j.state_id == 0) != (rq->call == MC_DELIVERY))
				continue;
			r = metrc_delivery_json(t, tz, &j, &one);
		} else if (rq->call == MC_RD || rq->call == MC_RD_DEPART ||
		    rq->call == MC_RD_SALE || rq->call == MC_RD_END ||
		    rq->call == MC_RD_RESTOCK) {
			/* The step chosen must still be the job's. */
			if ((r = metrc_rd_json(w->m, t, &j, rq->call,
			    &one)) == 1)
				continue;
		}
		old = j;
		if (r != 0) {
			if (t->ret != 0)
				break;
			j.state = OUTBOX_EXCEPTION;
			strlcpy(j.error, *why != '\0' ? why : "the ledger "
			    "record this report is built from is missing",
			    sizeof j.error);
			outbox_failed(&j, util_now(), j.error);
			outbox_put(t, &old, &j);
			/*
			 * The state may add the reason before a person
			 * retries: read its list again then.
			 */
			if (*why != '\0')
				w->m->reasons_when = 0;
			log_warnx("compliance: %s not sent: %s", j.ref,
			    j.error);
			continue;
		}
		if (rq->call != MC_DELETE && n != 0)
			buf_addc(&rq->body, ',');
		buf_add(&rq->body, one.data, one.len);
		/*
		 * A PUT (a return, a move) may be sent again as it is; a
		 * POST or a DELETE is looked up first, and so is a
		 * delivery's complete (a second one is refused).
		 */
		j.uncertain = j.kind != OUTBOX_RETURN &&
		    j.kind != OUTBOX_LOCATION;
		j.attempts++;
		outbox_put(t, &old, &j);
		rq->jobs[n] = j.id;
		strlcpy(rq->refs[n], j.ref, sizeof rq->refs[n]);
		n++;
	}
	buf_free(&one);
	if (rq->call != MC_DELETE)
		buf_addc(&rq->body, ']');
	buf_addc(&rq->body, '\0');
	rq->body.len--;
	rq->njobs = n;
	ctx->result = json_object();
	return (t->ret != 0 ? -1 : 0);
}

static void
metrc_mark_done(struct op_ctx *ctx)
{
	struct metrc_write	*w = ctx->data;

	if (w->rq->njobs != 0)
		metrc_curl_start(w->m, w->rq);
}

/* --- answers --- */

static void
metrc_result(struct metrc *m, struct metrc_req *rq, struct metrc_result *res)
{
	struct metrc_write	*w;

	res->m = m;
	res->call = rq->call;
	res->njobs = rq->njobs;
	memcpy(res->jobs, rq->jobs, sizeof res->jobs);
	w = xcalloc(1, sizeof *w);
	w->m = m;
	w->res = res;
	w->slot = rq->slot;
	metrc_write(m, metrc_apply, w, NULL);
}

/* A 401: the keys (the integration is broken) or one object? */
int
metrc_401(struct metrc *m, struct metrc_req *rq, const char *msg)
{
	int64_t	why;

	if (strstr(msg, "V1") != NULL || strstr(msg, "v1") != NULL)
		why = OUTBOX_BROKEN_V1KEY;
	else if (strstr(msg, "license number") != NULL)
		why = OUTBOX_BROKEN_LICENCE;
	else if (strstr(msg, "not valid for") != NULL)
		return (0);	/* this object only */
	else
		why = OUTBOX_BROKEN_KEYS;
	if (!m->broken) {
		log_warnx("compliance: reporting to the state is STOPPED: %s",
		    outbox_broken_name(why));
	}
	m->broken = 1;
	m->broken_why = why;
	m->hold_until = util_now() + METRC_BROKEN_HOLD;
	return (1);
}

/* The state's adjustment reasons, kept in m->reasons; -1 if unreadable. */
static int
metrc_parse_reasons(struct metrc *m, struct metrc_req *rq)
{
	json_t	*names;

	if ((names = metrc_payload_reasons(&rq->reply)) == NULL)
		return (-1);
	if (m->reasons != NULL)
		json_decref(m->reasons);
	m->reasons = names;
	m->reasons_when = util_now();
	log_info("compliance: the state offers %zu adjustment reasons",
	    json_array_size(names));
	return (0);
}

/* Is our adjustment on this page of the state's (metrc-payload.c)? */
static int
metrc_parse_adjustments(struct metrc_req *rq, int *pages)
{
	return (metrc_payload_adjustments(&rq->reply, rq->refs[0],
	    rq->adj_label, rq->adj_date, rq->adj_milli, pages));
}

static void	metrc_adj_url(struct metrc *, struct metrc_req *);

/* A new request of m's for call, its URL and body still to come. */
struct metrc_req *
metrc_req_new(struct metrc *m, enum metrc_call call)
{
	struct metrc_req	*rq;

	rq = xcalloc(1, sizeof *rq);
	rq->m = m;
	rq->call = call;
	buf_init(&rq->body);
	buf_init(&rq->reply);
	return (rq);
}

/*
 * The next page of a lookup, in the same slot as rq (its jobs stay
 * claimed): the same call, jobs and key; the caller adds what the lookup
 * matches on and the URL, and starts it. A page past the last of a
 * lastModified window's piece is the first of its next piece
 * (metrc_url_page).
 */
struct metrc_req *
metrc_req_page(const struct metrc_req *rq, int page, int pages)
{
	struct metrc_req	*nrq;

	nrq = metrc_req_new(rq->m, rq->call);
	memcpy(nrq->jobs, rq->jobs, sizeof nrq->jobs);
	memcpy(nrq->refs, rq->refs, sizeof nrq->refs);
	nrq->njobs = rq->njobs;
	nrq->slot = rq->slot;
	nrq->key = rq->key;
	nrq->page = page;
	nrq->pages = pages;
	nrq->lm_from = rq->lm_from;
	nrq->piece = rq->piece;
	/* Past the last page of a window's piece: the next piece's first. */
	if (pages != 0 && page > pages && rq->lm_from != 0) {
		nrq->piece = rq->piece + 1;
		nrq->page = 1;
		nrq->pages = 0;
	}
	return (nrq);
}

/*
 * Ours was not on this page of the adjustment history: ask for the next,
 * in the same slot (its job stays claimed). Page 1 first, to learn how
 * many there are, then from the last back, as the newest are likeliest
 * at the end. 0 if asked, -1 if every page has been read.
 */
static int
metrc_adj_next(struct metrc *m, struct metrc_req *rq, int pages)
{
	struct metrc_req	*nrq;
	int			 next;

	if (rq->page == 1)
		next = pages;
	else
		next = rq->page - 1;
	if (next <= 1)
		return (-1);
	nrq = metrc_req_page(rq, next, pages);
	strlcpy(nrq->adj_label, rq->adj_label, sizeof nrq->adj_label);
	nrq->adj_milli = rq->adj_milli;
	strlcpy(nrq->adj_date, rq->adj_date, sizeof nrq->adj_date);
	metrc_adj_url(m, nrq);
	metrc_rate_take(m, util_now());
	metrc_curl_start(m, nrq);
	return (0);
}

/* A page of the state's active deliveries, from rq->page. */
static void
metrc_dlv_url(struct metrc *m, struct metrc_req *rq)
{
	metrc_url_page(m, rq, "/sales/v2/deliveries/active%s");
}

/*
 * What a page of the state's active list says of an uncertain create (r
 * and pages as metrc_payload_delivery_found's; list, plural and ours name
 * them in the messages): -1 if ours is there (the caller takes its Id),
 * 1 if the next page is to be asked, else 0 with res set: not there
 * (create it again), or unsure.
 */
int
metrc_list_verdict(struct metrc_result *res, const struct metrc_req *rq,
    int r, int pages, const char *list, const char *plural, const char *ours)
{
	if (r < 0) {
		res->contact = 0;
		res->outcome = MO_LOOKUP_RETRY;
		snprintf(res->msg, sizeof res->msg, "the state's %s could not "
		    "be read", list);
	} else if (r == 2) {
		res->outcome = MO_EXCEPTION;
		snprintf(res->msg, sizeof res->msg, "two %s at the state look "
		    "like %s: check them at the state before retrying", plural,
		    ours);
	} else if (r == 1)
		return (-1);
	else if (pages > METRC_RECON_PAGES) {
		res->outcome = MO_EXCEPTION;
		snprintf(res->msg, sizeof res->msg, "the state's %s is too "
		    "long to be sure %s is not there: check it at the state "
		    "before retrying", list, ours);
	} else if (rq->page < pages || (rq->lm_from != 0 &&
	    metrc_payload_window_piece(rq->lm_from, util_now(),
	    rq->m->window_hours, rq->piece + 1, NULL, 0) == 0))
		return (1);	/* the next page, or the window's next piece */
	else
		res->outcome = MO_NOTFOUND;
	return (0);
}

/*
 * After an uncertain create: is our delivery among the state's active
 * ones (metrc_payload_delivery_found)? Every page is read, in order, in
 * the job's slot. 1 if the next page was asked (res unused), else 0 with
 * res set: found (MO_FOUND, its Id: complete it next), not there
 * (MO_NOTFOUND: create it again), or unsure.
 */
static int
metrc_dlv_found(struct metrc *m, struct metrc_req *rq,
    struct metrc_result *res)
{
	struct metrc_delivery		 d;
	struct metrc_delivery_state	 st;
	struct metrc_req		*nrq;
	int				 r, pages = 0;

	memset(&d, 0, sizeof d);
	d.sold_at = rq->dlv_sold;
	d.lines = rq->dlv_lines;
	d.nlines = rq->dlv_nlines;
	r = metrc_payload_delivery_found(&rq->reply, &d, m->srv->info.tz, &st,
	    &pages);
	switch (metrc_list_verdict(res, rq, r, pages, "delivery list",
	    "deliveries", "this delivery")) {
	case 1:
		nrq = metrc_req_page(rq, rq->page + 1, pages);
		nrq->dlv_sold = rq->dlv_sold;
		memcpy(nrq->dlv_tags, rq->dlv_tags, sizeof nrq->dlv_tags);
		memcpy(nrq->dlv_lines, rq->dlv_lines, sizeof nrq->dlv_lines);
		for (r = 0; r < (int)rq->dlv_nlines; r++)
			nrq->dlv_lines[r].tag = nrq->dlv_tags[r];
		nrq->dlv_nlines = rq->dlv_nlines;
		metrc_dlv_url(m, nrq);
		metrc_rate_take(m, util_now());
		metrc_curl_start(m, nrq);
		return (1);
	case -1:
		res->ids[0] = st.id;
		res->outcome = st.done ? MO_DONE : MO_FOUND;
		break;
	}
	return (0);
}

/*
 * After an uncertain complete: the delivery by its Id. Completed: done;
 * not yet: complete it again; voided at the state: a person must look.
 */
static void
metrc_dlv_read(struct metrc *m, struct metrc_req *rq,
    struct metrc_result *res)
{
	struct metrc_delivery_state	st;

	if (metrc_payload_delivery_read(&rq->reply, NULL, m->srv->info.tz,
	    &st) < 0) {
		res->contact = 0;
		res->outcome = MO_LOOKUP_RETRY;
		snprintf(res->msg, sizeof res->msg, "the state's delivery "
		    "could not be read");
	} else if (st.voided) {
		res->outcome = MO_EXCEPTION;
		snprintf(res->msg, sizeof res->msg, "the delivery was voided "
		    "at the state before it was completed: check it there");
	} else {
		res->ids[0] = 0;
		res->outcome = st.done ? MO_DONE : MO_NOTFOUND;
	}
}

/* A 2xx whose body could not be read: it may have been applied. */
static void
metrc_unreadable(struct metrc_result *res, long status)
{
	res->contact = 0;
	res->outcome = MO_AMBIGUOUS;
	snprintf(res->msg, sizeof res->msg, "the state's reply (HTTP %ld) "
	    "could not be read", status);
}

void
metrc_done(struct metrc *m, struct metrc_req *rq, CURLcode cc)
{
	struct metrc_result	*res;
	long			 status = 0;
	int64_t			 id = 0;
	int			 archived = 0, lookup, r, pages;

	res = xcalloc(1, sizeof *res);
	res->delay = -1;
	lookup = METRC_LOOKUP_CALL(rq->call);
	curl_easy_getinfo(rq->easy, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK) {
		metrc_msg(res, "no answer from the state system: ",
		    *rq->errbuf != '\0' ? rq->errbuf :
		    curl_easy_strerror(cc));
		if (lookup)
			res->outcome = MO_LOOKUP_RETRY;
		else if (cc == CURLE_COULDNT_CONNECT ||
		    cc == CURLE_COULDNT_RESOLVE_HOST)
			res->outcome = MO_RETRY;	/* never reached it */
		else
			res->outcome = MO_AMBIGUOUS;
		log_warnx("compliance: %s", res->msg);
		goto out;
	}
	metrc_payload_message(&rq->reply, res->msg, sizeof res->msg);
	if (status >= 200 && status < 300) {
		res->contact = 1;
		switch (rq->call) {
		case MC_RECEIPTS:
		case MC_ADJUST:
			if (metrc_payload_ids(&rq->reply, rq->njobs,
			    res->ids) == 0)
				res->outcome = MO_DONE;
			else
				metrc_unreadable(res, status);
			break;
		case MC_DELETE:
		case MC_UPDATE:
		case MC_LOCATION:
		case MC_DLV_COMPLETE:
		case MC_RD_DEPART:
		case MC_RD_SALE:
		case MC_RD_END:
		case MC_RD_RESTOCK:
			res->outcome = MO_DONE;
			res->ids[0] = 0;
			break;
		case MC_RD_LOOKUP:
		case MC_RD_GET:
			if (metrc_rd_found(m, rq, res) == 1) {
				free(res);	/* the next page is asked */
				return;
			}
			break;
		case MC_RD:
		case MC_DELIVERY:
			/* Created: its Id, and the complete is next. */
			if (metrc_payload_ids(&rq->reply, 1, res->ids) == 0 &&
			    res->ids[0] != 0)
				res->outcome = MO_FOUND;
			else
				metrc_unreadable(res, status);
			break;
		case MC_DLV_LOOKUP:
			if (metrc_dlv_found(m, rq, res) == 1) {
				free(res);	/* the next page is asked */
				return;
			}
			break;
		case MC_DLV_GET:
			metrc_dlv_read(m, rq, res);
			break;
		case MC_REASONS:
			if (metrc_parse_reasons(m, rq) != 0) {
				res->contact = 0;
				res->outcome = MO_LOOKUP_RETRY;
				snprintf(res->msg, sizeof res->msg, "the "
				    "state's adjustment reasons could not be "
				    "read");
				break;
			}
			if (m->broken) {
				log_warnx("compliance: the state accepts the "
				    "keys again: reporting resumed");
				m->broken = 0;
				m->broken_why = 0;
			}
			/* Nothing to write: the job is picked again now. */
			metrc_slot_free(m, rq->slot);
			free(res);
			return;
		case MC_LOOKUP:
			if ((r = metrc_payload_receipt_found(&rq->reply, &id,
			    &archived)) == -1) {
				res->outcome = MO_NOTFOUND;
				break;
			}
			if (r == 0) {
				res->contact = 0;
				res->outcome = MO_LOOKUP_RETRY;
				snprintf(res->msg, sizeof res->msg, "the "
				    "state's lookup reply could not be read");
				break;
			}
			/* A void's lookup: delete it unless already void. */
			res->ids[0] = id;
			if (strstr(rq->refs[0], "-void") != NULL)
				res->outcome = archived ? MO_DONE : MO_FOUND;
			else
				res->outcome = MO_DONE;
			break;
		case MC_ADJ_LOOKUP:
			pages = 0;
			r = metrc_parse_adjustments(rq, &pages);
			if (r < 0) {
				res->contact = 0;
				res->outcome = MO_LOOKUP_RETRY;
				snprintf(res->msg, sizeof res->msg, "the "
				    "state's adjustment list could not be "
				    "read");
			} else if (r == 1) {
				res->ids[0] = 0;	/* records have none */
				res->outcome = MO_DONE;
			} else if (pages > METRC_RECON_PAGES) {
				res->outcome = MO_EXCEPTION;
				snprintf(res->msg, sizeof res->msg, "the "
				    "state's adjustment history is too long "
				    "to be sure this adjustment is not there: "
				    "check it at the state before retrying");
			} else if (metrc_adj_next(m, rq, pages) == 0) {
				free(res);	/* the next page is asked */
				return;
			} else
				res->outcome = MO_NOTFOUND;
			break;
		case MC_PATIENT:
		case MC_PACKAGES:
		case MC_LAB:
			break;	/* metrc_patient_done, metrc_recon_done,
				   metrc_lab_done */
		}
		if (res->contact && m->broken) {
			log_warnx("compliance: the state accepts the keys "
			    "again: reporting resumed");
			m->broken = 0;
			m->broken_why = 0;
		}
		goto out;
	}
	if (status == 404 && (rq->call == MC_DLV_GET ||
	    rq->call == MC_RD_GET)) {
		res->outcome = MO_EXCEPTION;
		snprintf(res->msg, sizeof res->msg, "HTTP 404: the state has "
		    "no delivery %s any more: check it at the state before "
		    "retrying", rq->refs[0]);
		goto out;
	}
	if (status == 404 && rq->call == MC_LOOKUP) {
		res->contact = 1;
		res->outcome = MO_NOTFOUND;
		goto out;
	}
	if (status == 401 && metrc_401(m, rq, res->msg)) {
		res->outcome = MO_BROKEN;
		goto out;
	}
	if (status == 429) {
		res->outcome = lookup ? MO_LOOKUP_RETRY : MO_RETRY;
		if (rq->retry_after >= 0)
			res->delay = rq->retry_after * 1000000LL;
		else
			res->delay = metrc_backoff(2);
		metrc_rate_hold(m, util_now() + res->delay);
		log_info("compliance: rate limited (429), waiting %lld ms",
		    (long long)(res->delay / 1000));
		goto out;
	}
	if (status >= 500) {
		res->outcome = lookup ? MO_LOOKUP_RETRY : MO_AMBIGUOUS;
		log_warnx("compliance: HTTP %ld from the state system for "
		    "%s: the job holds its message", status, rq->refs[0]);
		goto out;
	}
	if ((status == 400 || status == 413) && rq->njobs > 1) {
		res->outcome = MO_SOLO;
		goto out;
	}
	/* 400, a per-object 401, 403, 404, 405: refused. */
	res->outcome = MO_EXCEPTION;
	{
		char		 tmp[OUTBOX_ERROR_MAX + 1], code[96];
		const char	*what = "";

		if (rq->call == MC_REASONS)
			what = "the state's adjustment reasons could not be "
			    "read: ";
		else if (rq->call == MC_LOCATION)
			what = "(check metrc-locations) ";
		else if (rq->call == MC_ADJUST)
			m->reasons_when = 0;	/* read them again */
		strlcpy(tmp, res->msg, sizeof tmp);
		snprintf(code, sizeof code, "%sHTTP %ld: ", what, status);
		metrc_msg(res, code, tmp);
	}
	/* The state's words can name the patient: kept on the job only. */
	log_warnx("compliance: the state refused %s (HTTP %ld): the job "
	    "holds its message", rq->refs[0], status);
out:
	metrc_result(m, rq, res);
}

/* --- choosing what to send --- */

void
metrc_url(struct metrc *m, struct metrc_req *rq, const char *fmt,
    const char *arg)
{
	char	*lic, *a = NULL, *path;

	lic = curl_easy_escape(NULL, m->licence, 0);
	if (arg != NULL)
		a = curl_easy_escape(NULL, arg, 0);
	xasprintf(&path, fmt, a != NULL ? a : "");
	free(rq->url);
	xasprintf(&rq->url, "%s%s?licenseNumber=%s", m->url, path, lic);
	free(path);
	curl_free(lic);
	if (a != NULL)
		curl_free(a);
}

/*
 * A page of the adjustment history: it takes licenseNumber, pageNumber
 * and pageSize only (no lastModified window in the v2 descriptions).
 */
static void
metrc_adj_url(struct metrc *m, struct metrc_req *rq)
{
	metrc_url_page(m, rq, "/packages/v2/adjustments%s");
}

/*
 * Page rq->page of a list (fmt as metrc_url's), METRC_PAGE_SIZE a page;
 * with rq->lm_from, only what changed from then to now (the delivery
 * lists: metrc_payload_window), in pieces of metrc-window-hours at most
 * (rq->piece of them): how long a window Metrc takes a call is not
 * published (verify it in the sandbox).
 */
void
metrc_url_page(struct metrc *m, struct metrc_req *rq, const char *fmt)
{
	char	*url, win[METRC_WINDOW_MAX];

	metrc_url(m, rq, fmt, NULL);
	*win = '\0';
	if (rq->lm_from != 0)
		(void)metrc_payload_window_piece(rq->lm_from, util_now(),
		    m->window_hours, rq->piece, win, sizeof win);
	xasprintf(&url, "%s&pageNumber=%d&pageSize=%d%s", rq->url, rq->page,
	    METRC_PAGE_SIZE, win);
	free(rq->url);
	rq->url = url;
}

/* Is a move's PUT under way? Moves go one at a time (see below). */
static int
metrc_moving(struct metrc *m)
{
	u_int	i;

	for (i = 0; i < METRC_INFLIGHT; i++) {
		if (m->slots[i].used && m->slots[i].location)
			return (1);
	}
	return (0);
}

/*
 * A job of two steps at the state (a delivery created, then completed or
 * departed): the step due, or the lookup that must come before it is
 * sent again after an uncertain attempt (the list, before the create has
 * an Id; the delivery by its Id after).
 */
const struct metrc_steps metrc_steps_planned = {
	MC_DLV_LOOKUP, "/sales/v2/deliveries/active%s",
	MC_DLV_GET, "/sales/v2/deliveries/%s",
	MC_DELIVERY, "/sales/v2/deliveries%s",
	MC_DLV_COMPLETE, "/sales/v2/deliveries/complete%s",
};

void
metrc_steps(struct metrc *m, struct metrc_req *rq, const struct outbox_job *j,
    const struct metrc_steps *st)
{
	char	idstr[32];

	if (j->uncertain && j->state_id == 0) {
		/* What we may have created is no older than the job. */
		rq->call = st->lookup;
		rq->page = 1;
		rq->lm_from = j->created;
		metrc_url_page(m, rq, st->list);
	} else if (j->uncertain) {
		rq->call = st->get;
		snprintf(idstr, sizeof idstr, "%lld", (long long)j->state_id);
		metrc_url(m, rq, st->one, idstr);
	} else if (j->state_id == 0) {
		/* metrc_mark: an exception if unbuildable */
		rq->call = st->create;
		metrc_url(m, rq, st->create_url, NULL);
	} else {
		rq->call = st->then;
		metrc_url(m, rq, st->then_url, NULL);
	}
}

/* The picker's walk of the due jobs (metrc_pick). */
struct metrc_pick {
	struct metrc		*m;
	struct store_txn	*t;
	struct metrc_req	*rq;
	int64_t			 now;
};

/*
 * One pending job, in due order: into rq if it can go now (the first
 * names the request; receipts fill a batch after it). Non-zero stops the
 * walk: not yet due, or the request is complete.
 */
static int
metrc_pick_one(const struct outbox_job *jp, void *arg)
{
	struct metrc_pick	*pk = arg;
	struct metrc		*m = pk->m;
	struct store_txn	*t = pk->t;
	struct metrc_req	*rq = pk->rq;
	const struct outbox_job	 j = *jp;
	struct outbox_job	 rj;
	int64_t			 now = pk->now;
	uint64_t		 key;
	char			 ref[MAX_REF + 1], idstr[32];

	if (j.due > now)
		return (1);
	if (j.state != OUTBOX_PENDING)
		return (0);
	/* Under way in another request, or another of its sale. */
	key = (j.kind == OUTBOX_RECEIPT || j.kind ==
	    OUTBOX_DELIVERY) ? j.id : (j.kind ==
	    OUTBOX_ADJUST || j.kind == OUTBOX_LOCATION) ? 0 : j.link;
	/* A trip's retailer jobs go one at a time, in order. */
	if (j.kind == OUTBOX_RETAILER || j.kind ==
	    OUTBOX_RETAILER_SALE || j.kind == OUTBOX_RETAILER_END ||
	    j.kind == OUTBOX_RETAILER_RESTOCK)
		key = metrc_rd_key(t, &j);
	if (metrc_claimed(m, j.id, key))
		return (0);
	/*
	 * One move at a time, in order: each says where its package
	 * is now, so the last to arrive must be the last sent.
	 */
	if (j.kind == OUTBOX_LOCATION && metrc_moving(m))
		return (0);
	if (rq->njobs != 0) {
		/* Filling a batch of receipts. */
		if (j.kind != OUTBOX_RECEIPT || j.uncertain || j.solo)
			return (0);
		rq->jobs[rq->njobs++] = j.id;
		return (rq->njobs == METRC_BATCH);
	}
	rq->jobs[0] = j.id;
	strlcpy(rq->refs[0], j.ref, sizeof rq->refs[0]);
	rq->njobs = 1;
	rq->key = key;
	switch (j.kind) {
	case OUTBOX_RECEIPT:
		if (j.uncertain) {
			rq->call = MC_LOOKUP;
			metrc_url(m, rq,
			    "/sales/v2/receipts/external/%s", j.ref);
			return (1);
		}
		rq->call = MC_RECEIPTS;
		metrc_url(m, rq, "/sales/v2/receipts%s", NULL);
		if (j.solo)
			return (1);
		break;
	case OUTBOX_DELETE:
		if (j.uncertain || j.state_id == 0) {
			rq->call = MC_LOOKUP;
			outbox_receipt_ref(t, j.subject, ref,
			    sizeof ref);
			metrc_url(m, rq,
			    "/sales/v2/receipts/external/%s", ref);
		} else {
			rq->call = MC_DELETE;
			snprintf(idstr, sizeof idstr, "%lld",
			    (long long)j.state_id);
			metrc_url(m, rq, "/sales/v2/receipts/%s",
			    idstr);
		}
		return (1);
	case OUTBOX_RETURN:
		/* Its receipt must be at the state, with an Id. */
		if (outbox_get(t, j.link, &rj) != 0 ||
		    rj.state != OUTBOX_DONE || rj.state_id == 0) {
			rq->njobs = 0;
			return (0);
		}
		if (metrc_sale_left(t, rj.subject) == 0) {
			/* All of it came back: void the receipt. */
			rq->call = MC_DELETE;
			snprintf(idstr, sizeof idstr, "%lld",
			    (long long)rj.state_id);
			metrc_url(m, rq, "/sales/v2/receipts/%s",
			    idstr);
		} else {
			rq->call = MC_UPDATE;
			metrc_url(m, rq, "/sales/v2/receipts%s", NULL);
		}
		return (1);
	case OUTBOX_ADJUST:
		if (j.uncertain) {
			rq->call = MC_ADJ_LOOKUP;
			if (metrc_adjust_fields(t, m->srv->info.tz,
			    j.subject, rq->adj_label, &rq->adj_milli,
			    rq->adj_date) != 0) {
				/* metrc_mark makes it an exception */
				rq->call = MC_ADJUST;
				metrc_url(m, rq, "/packages/v2/adjust%s",
				    NULL);
				return (1);
			}
			rq->page = 1;
			metrc_adj_url(m, rq);
		} else if (m->reasons == NULL ||
		    now - m->reasons_when > METRC_REASONS_TTL) {
			/*
			 * The state's reasons first, in this job's
			 * slot; the job is picked again once they
			 * are read.
			 */
			rq->call = MC_REASONS;
			metrc_url(m, rq,
			    "/packages/v2/adjust/reasons%s", NULL);
		} else {
			rq->call = MC_ADJUST;
			metrc_url(m, rq, "/packages/v2/adjust%s", NULL);
		}
		return (1);
	case OUTBOX_LOCATION:
		/*
		 * A PUT that sets where the package is: sent again
		 * as it is after any failure, with no lookup (there
		 * is nothing to find: the state keeps no record of
		 * the request, and a second one changes nothing).
		 */
		rq->call = MC_LOCATION;
		metrc_url(m, rq, "/packages/v2/location%s", NULL);
		return (1);
	case OUTBOX_DELIVERY:
		/*
		 * Create, then complete; before either is sent
		 * again after an uncertain attempt, look it up.
		 * Unbuildable: no lines match, so the create
		 * follows, and metrc_mark makes it an exception.
		 */
		if (j.uncertain && j.state_id == 0)
			(void)metrc_dlv_fields(t, &j, rq);
		metrc_steps(m, rq, &j, &metrc_steps_planned);
		return (1);
	case OUTBOX_RETAILER:
	case OUTBOX_RETAILER_SALE:
	case OUTBOX_RETAILER_END:
	case OUTBOX_RETAILER_RESTOCK:
		/* A sale, restock or end waits for what comes first. */
		if (metrc_rd_pick(m, t, &j, rq) != 0) {
			rq->njobs = 0;
			return (0);
		}
		return (1);
	}
	return (0);
}

/* Find due work in a short read transaction; 0 if there is some. */
static int
metrc_pick(struct metrc *m, struct store_txn *t, struct metrc_req *rq)
{
	struct metrc_pick	pk = { m, t, rq, util_now() };

	outbox_due_walk(t, METRC_SCAN + METRC_INFLIGHT * METRC_BATCH,
	    metrc_pick_one, &pk);
	return (rq->njobs != 0 ? 0 : -1);
}

/* Start what is due, as far as the slots and the rate allow. */
static void
metrc_next(struct metrc *m)
{
	struct store_txn	 t;
	struct metrc_req	*rq;
	struct metrc_write	*w;
	struct metrc_slot	*sl;
	int64_t			 now, wait;
	int			 r;

	while (!m->srv->quit && (sl = metrc_slot_get(m)) != NULL) {
		now = util_now();
		if ((wait = metrc_rate_wait(m, now)) > 0) {
			/* Told to wait (429), or paced: look again then. */
			op_timer_arm(m->kick_ev, wait);
			return;
		}
		if (store_begin(m->srv->st, &t, 0) != 0) {
			log_warnx("compliance: cannot read the ledger: %s",
			    t.err);
			return;
		}
		rq = metrc_req_new(m, MC_RECEIPTS);	/* metrc_pick sets it */
		r = metrc_pick(m, &t, rq);
		store_abort(&t);
		if (r != 0) {
			metrc_curl_free(rq);
			return;
		}
		/* Claimed until the result is durable (metrc_write_free). */
		sl->used = 1;
		memcpy(sl->jobs, rq->jobs, sizeof sl->jobs);
		sl->njobs = rq->njobs;
		sl->key = rq->key;
		sl->location = rq->call == MC_LOCATION;
		rq->slot = sl;
		metrc_rate_take(m, now);
		if (METRC_LOOKUP_CALL(rq->call)) {
			metrc_curl_start(m, rq);
			continue;
		}
		w = xcalloc(1, sizeof *w);
		w->m = m;
		w->rq = rq;
		metrc_write(m, metrc_mark, w, metrc_mark_done);
	}
}

static void
metrc_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct metrc	*m = arg;

	metrc_transfers_poll(m->srv, m->loop.multi, m->url, m->licence,
	    m->userpwd, m->timeout);
	metrc_next(arg);
}

static void
metrc_wake_cb(evutil_socket_t fd, short what, void *arg)
{
	metrc_next(arg);
}

/*
 * A durable commit may have written report jobs (a sale, a void, an
 * adjustment): look at the outbox soon rather than at the next
 * metrc-interval tick, so a sale reaches the state in about a tenth of a
 * second. At most METRC_WAKE_US apart, however busy the register.
 */
#define METRC_WAKE_US	100000
static void
metrc_committed(struct server *srv, int ok, json_t *events, void *arg)
{
	struct metrc	*m = arg;
	struct timeval	 tv = { 0, METRC_WAKE_US };

	if (!ok || evtimer_pending(m->wake_ev, NULL))
		return;
	evtimer_add(m->wake_ev, &tv);
}

/* --- configuration --- */

static int
metrc_reason_valid(const char *name)
{
	return (inventory_reason_find(name) != NULL);
}

/* Start reporting if metrc-url is set. */
int
metrc_start(struct server *srv, char **cause)
{
	struct metrc	*m;
	struct timeval	 tv;
	const char	*url, *secrets, *lic;
	char		*userpwd = NULL;
	size_t		 len;

	url = options_string(srv->opts, "metrc-url");
	if (*url == '\0') {
		log_info("compliance: metrc-url is not set: reports wait in "
		    "the outbox");
		return (0);
	}
	secrets = options_string(srv->opts, "metrc-secrets");
	if (metrc_conf_check(url, secrets, &userpwd, cause) != 0)
		return (-1);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("curl_global_init failed");

	m = metrc = xcalloc(1, sizeof *m);
	m->srv = srv;
	m->userpwd = userpwd;
	m->url = xstrdup(url);
	len = strlen(m->url);
	while (len > 0 && m->url[len - 1] == '/')
		m->url[--len] = '\0';
	lic = options_string(srv->opts, "metrc-licence");
	strlcpy(m->licence, *lic != '\0' ? lic : srv->info.licence,
	    sizeof m->licence);
	m->timeout = (long)options_number(srv->opts, "metrc-timeout");
	m->window_hours = (int)options_number(srv->opts, "metrc-window-hours");
	m->patient_timeout = (long)options_number(srv->opts,
	    "metrc-patient-timeout");
	m->rate_gap = 1000000 / options_number(srv->opts, "metrc-rate");
	if ((m->reason_map = metrc_conf_map("metrc-reasons",
	    options_string(srv->opts, "metrc-reasons"), metrc_reason_valid,
	    "one of our adjustment reasons", cause)) == NULL ||
	    (m->location_map = metrc_conf_map("metrc-locations",
	    options_string(srv->opts, "metrc-locations"),
	    inventory_location_valid, "one of our locations (floor, vault, "
	    "express, quarantine or vehicle:NAME)", cause)) == NULL) {
		if (m->reason_map != NULL)
			json_decref(m->reason_map);
		freezero(m->userpwd, strlen(m->userpwd));
		free(m->url);
		free(m);
		metrc = NULL;
		curl_global_cleanup();
		return (-1);
	}
	TAILQ_INIT(&m->patients);
	curl_loop_init(&m->loop, srv->base, metrc_curl_check, m);
	m->kick_ev = evtimer_new(srv->base, metrc_tick_cb, m);
	m->wake_ev = evtimer_new(srv->base, metrc_wake_cb, m);
	m->tick_ev = event_new(srv->base, -1, EV_PERSIST, metrc_tick_cb, m);
	tv.tv_sec = options_number(srv->opts, "metrc-interval");
	tv.tv_usec = 0;
	event_add(m->tick_ev, &tv);
	tv.tv_sec = options_number(srv->opts, "metrc-reconcile");
	if (tv.tv_sec > 0) {
		m->recon_ev = event_new(srv->base, -1, EV_PERSIST,
		    metrc_recon_tick_cb, m);
		event_add(m->recon_ev, &tv);
	}
	batch_hook_add(srv, metrc_committed, m);
	metrc_kick(m);
	log_warnx("compliance: reporting to %s as licence %s", m->url,
	    m->licence);
	return (0);
}

void
metrc_stop(struct server *srv)
{
	struct metrc		*m = metrc;
	struct metrc_req	*rq;
	u_int			 i;

	if (m == NULL)
		return;
	batch_hook_remove(srv, metrc_committed, m);
	/* A request still in flight stays "uncertain": looked up later. */
	for (i = 0; i < METRC_INFLIGHT; i++) {
		if ((rq = m->slots[i].rq) == NULL)
			continue;
		curl_multi_remove_handle(m->loop.multi, rq->easy);
		metrc_curl_free(rq);
		m->slots[i].rq = NULL;
	}
	metrc_recon_stop(m);
	metrc_lab_stop(m);
	if (m->recon_ev != NULL)
		event_free(m->recon_ev);
	while ((rq = TAILQ_FIRST(&m->patients)) != NULL) {
		TAILQ_REMOVE(&m->patients, rq, entry);
		curl_multi_remove_handle(m->loop.multi, rq->easy);
		if (rq->cb != NULL)
			rq->cb(NULL, rq->arg);
		metrc_curl_free(rq);
	}
	for (i = 0; i < METRC_PATIENT_CACHE; i++) {
		if (m->cards[i].status != NULL)
			json_decref(m->cards[i].status);
	}
	curl_loop_free(&m->loop);
	event_free(m->kick_ev);
	event_free(m->wake_ev);
	event_free(m->tick_ev);
	json_decref(m->reason_map);
	json_decref(m->location_map);
	if (m->reasons != NULL)
		json_decref(m->reasons);
	freezero(m->userpwd, strlen(m->userpwd));
	free(m->url);
	free(m);
	metrc = NULL;
	curl_global_cleanup();
}

/*
 * compliance.status's Metrc part, over what the ledger says (o): off
 * without metrc-url; when on, broken and why as this run knows them, its
 * last contact (lab, patient and reconciliation calls count, which the
 * ledger does not keep) and a reconciliation still reading.
 */
int
metrc_state_status(struct op_ctx *ctx, json_t *o)
{
	if (metrc == NULL) {
		json_object_set_new(o, "enabled", json_false());
		return (0);
	}
	json_object_set_new(o, "broken", json_boolean(metrc->broken));
	json_object_set_new(o, "broken_reason", json_string(
	    outbox_broken_name(metrc->broken ? metrc->broken_why : 0)));
	if (metrc->last_contact != 0)
		json_object_set_new(o, "last_contact",
		    json_integer(metrc->last_contact));
	if (metrc->recon != NULL)
		json_object_set_new(o, "reconcile", json_string("reading"));
	return (0);
}

/* Is state reporting configured (metrc-url set)? */
int
metrc_enabled(void)
{
	return (metrc != NULL);
}
