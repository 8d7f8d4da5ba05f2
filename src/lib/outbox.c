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

#include "intake.h"
#include "jobq.h"
#include "outbox.h"
#include "state-system.h"

/*
 * The compliance outbox (outbox.h): jobs written in the transaction of the
 * event they report. The external reference of a receipt is
 * "stash-LICENCE-SALE": the state keeps it as ExternalReceiptNumber, so the
 * drainer can ask whether a receipt arrived before it sends it again.
 */

#define OUTBOX_KIND	'O'
enum { OB_ID = 1, OB_KIND, OB_STATE, OB_SUBJECT, OB_LINK, OB_REF,
    OB_CREATED, OB_DUE, OB_ATTEMPTS, OB_UNCERTAIN, OB_SOLO, OB_STATE_ID,
    OB_DONE, OB_ERROR, OB_FAILED, OB_WHY };

/* Scan at most this many pending jobs for the oldest one. */
#define OUTBOX_STATS_SCAN	10000

static const char *outbox_kinds[] = {
	[OUTBOX_RECEIPT] = "receipt",
	[OUTBOX_DELETE] = "receipt-void",
	[OUTBOX_ADJUST] = "adjustment",
	[OUTBOX_RETURN] = "receipt-return",
	[OUTBOX_LOCATION] = "location",
	[OUTBOX_DELIVERY] = "delivery",
	[OUTBOX_RETAILER] = "retailer-delivery",
	[OUTBOX_RETAILER_SALE] = "retailer-sale",
	[OUTBOX_RETAILER_END] = "retailer-end",
	[OUTBOX_DESTROY] = "destroy",
	[OUTBOX_RETAILER_RESTOCK] = "retailer-restock",
	[OUTBOX_TRANSFER_RECEIVE] = "transfer-receive",
};
static const char *outbox_states[] = {
	[OUTBOX_PENDING] = "pending",
	[OUTBOX_DONE] = "done",
	[OUTBOX_EXCEPTION] = "exception",
	[OUTBOX_CANCELLED] = "cancelled",
};

const char *
outbox_kind_name(int kind)
{
	if (kind < OUTBOX_KIND_FIRST || kind > OUTBOX_KIND_LAST)
		return ("?");
	return (outbox_kinds[kind]);
}

const char *
outbox_state_name(int state)
{
	if (state < OUTBOX_PENDING || state > OUTBOX_CANCELLED)
		return ("?");
	return (outbox_states[state]);
}

const char *
outbox_broken_name(int64_t why)
{
	switch (why) {
	case 0:
		return ("");
	case OUTBOX_BROKEN_V1KEY:
		return ("the state refused the API key as valid for v1 only: "
		    "ask the state for a v2 key and put it in metrc-secrets");
	case OUTBOX_BROKEN_KEYS:
		return ("the state refused the API keys (wrong, regenerated "
		    "or expired): put the current keys in metrc-secrets");
	case OUTBOX_BROKEN_LICENCE:
		return ("the state says the licence is not valid for this "
		    "user: check metrc-licence and the user's permissions");
	case OUTBOX_BROKEN_LOGIN:
		return ("the state system refused our login (a wrong or "
		    "changed password, or the licence's approval lapsed): put "
		    "the current ones in biotrack-secrets or "
		    "biotrack24-secrets");
	}
	return ("unknown");
}

int
outbox_decode(const u_char *v, size_t vlen, struct outbox_job *j)
{
	struct codec	c;
	int64_t		id = 0, kind = 0, state = 0, subject = 0, link = 0;
	int64_t		attempts = 0, uncertain = 0, solo = 0;

	memset(j, 0, sizeof *j);
	if (codec_open(&c, v, vlen, OUTBOX_KIND) != 0 ||
	    codec_get_i64(&c, OB_ID, &id) != 0 ||
	    codec_get_i64(&c, OB_KIND, &kind) != 0 ||
	    codec_get_i64(&c, OB_STATE, &state) != 0 ||
	    codec_get_i64(&c, OB_SUBJECT, &subject) < 0 ||
	    codec_get_i64(&c, OB_LINK, &link) < 0 ||
	    codec_get_str(&c, OB_REF, j->ref, sizeof j->ref) < 0 ||
	    codec_get_i64(&c, OB_CREATED, &j->created) < 0 ||
	    codec_get_i64(&c, OB_DUE, &j->due) < 0 ||
	    codec_get_i64(&c, OB_ATTEMPTS, &attempts) < 0 ||
	    codec_get_i64(&c, OB_UNCERTAIN, &uncertain) < 0 ||
	    codec_get_i64(&c, OB_SOLO, &solo) < 0 ||
	    codec_get_i64(&c, OB_STATE_ID, &j->state_id) < 0 ||
	    codec_get_i64(&c, OB_DONE, &j->done) < 0 ||
	    codec_get_str(&c, OB_ERROR, j->error, sizeof j->error) < 0 ||
	    codec_get_i64(&c, OB_FAILED, &j->failed) < 0 ||
	    codec_get_str(&c, OB_WHY, j->why, sizeof j->why) < 0 ||
	    id <= 0 || kind < OUTBOX_KIND_FIRST || kind > OUTBOX_KIND_LAST ||
	    state < OUTBOX_PENDING || state > OUTBOX_CANCELLED ||
	    attempts < 0 || attempts > INT32_MAX)
		return (-1);
	j->id = (uint64_t)id;
	j->kind = (int)kind;
	j->state = (int)state;
	j->subject = (uint64_t)subject;
	j->link = (uint64_t)link;
	j->attempts = (int)attempts;
	j->uncertain = uncertain != 0;
	j->solo = solo != 0;
	return (0);
}

/* The record's place in the due index (jobq.h). */
static int
outbox_slot(const void *rec, uint64_t *id, uint64_t *due)
{
	const struct outbox_job	*j = rec;

	*id = j->id;
	if (j->state == OUTBOX_EXCEPTION)
		*due = OUTBOX_NEVER;
	else
		*due = (uint64_t)(j->due < 0 ? 0 : j->due);
	return (j->state == OUTBOX_PENDING || j->state == OUTBOX_EXCEPTION);
}

static int
outbox_decode_rec(const u_char *v, size_t vlen, void *rec)
{
	return (outbox_decode(v, vlen, rec));
}

static void
outbox_encode(struct buf *b, const void *rec)
{
	const struct outbox_job	*j = rec;

	codec_begin(b, OUTBOX_KIND, 1);
	codec_i64(b, OB_ID, (int64_t)j->id);
	codec_i64(b, OB_KIND, j->kind);
	codec_i64(b, OB_STATE, j->state);
	codec_i64(b, OB_SUBJECT, (int64_t)j->subject);
	if (j->link != 0)
		codec_i64(b, OB_LINK, (int64_t)j->link);
	codec_str(b, OB_REF, j->ref);
	codec_i64(b, OB_CREATED, j->created);
	codec_i64(b, OB_DUE, j->due);
	codec_i64(b, OB_ATTEMPTS, j->attempts);
	if (j->uncertain)
		codec_i64(b, OB_UNCERTAIN, 1);
	if (j->solo)
		codec_i64(b, OB_SOLO, 1);
	if (j->state_id != 0)
		codec_i64(b, OB_STATE_ID, j->state_id);
	if (j->done != 0)
		codec_i64(b, OB_DONE, j->done);
	if (*j->error != '\0')
		codec_str(b, OB_ERROR, j->error);
	if (j->failed != 0) {
		codec_i64(b, OB_FAILED, j->failed);
		codec_str(b, OB_WHY, j->why);
	}
}

/* The compliance outbox as a job queue. */
static const struct jobq outbox_q = {
	DB_OUTBOX, DB_OUTBOX_DUE, "outbox job", sizeof (struct outbox_job),
	outbox_decode_rec, outbox_encode, outbox_slot
};

int
outbox_get(struct store_txn *t, uint64_t id, struct outbox_job *j)
{
	return (jobq_get(t, &outbox_q, id, j));
}

/* Write a job; old (NULL for a new one) keeps the indexes right. */
void
outbox_put(struct store_txn *t, const struct outbox_job *old,
    const struct outbox_job *j)
{
	struct store_key	k, dk;

	jobq_put(t, &outbox_q, old, j);
	if (old == NULL && *j->ref != '\0') {
		store_key_init(&k);
		store_key_u64(&k, j->id);
		store_key_init(&dk);
		store_key_str(&dk, j->ref);
		store_put(t, DB_OUTBOX_REF, dk.data, dk.len, k.data, k.len);
	}
}

/* Add a new job, owed and due from at. */
static uint64_t
outbox_add_at(struct store_txn *t, struct outbox_job *j, int64_t at)
{
	j->id = jobq_next(t, &outbox_q);
	j->state = OUTBOX_PENDING;
	j->created = j->due = at;
	outbox_put(t, NULL, j);
	return (j->id);
}

/* Add a new job, due now; returns its number. */
uint64_t
outbox_add(struct store_txn *t, struct outbox_job *j)
{
	return (outbox_add_at(t, j, util_now()));
}

/* A new job: kind, about subject, after link (or 0); the ref is to come. */
static void
outbox_job_init(struct outbox_job *j, int kind, uint64_t subject,
    uint64_t link)
{
	memset(j, 0, sizeof *j);
	j->kind = kind;
	j->subject = subject;
	j->link = link;
}

/* Queue job j: 0, or -1 if the transaction failed. */
static int
outbox_queue(struct store_txn *t, struct outbox_job *j)
{
	outbox_add(t, j);
	return (t->ret != 0 ? -1 : 0);
}

void
outbox_receipt_ref(struct store_txn *t, uint64_t sale, char *out, size_t len)
{
	struct store_info	info;

	if (store_meta_get_info(t, &info) != 0)
		strlcpy(info.licence, "unknown", sizeof info.licence);
	snprintf(out, len, "stash-%s-%llu", info.licence,
	    (unsigned long long)sale);
}

static int
outbox_by_ref(struct store_txn *t, const char *ref, struct outbox_job *j)
{
	uint64_t	id;
	int		r;

	if ((r = store_get_ref(t, DB_OUTBOX_REF, ref, "outbox ref",
	    &id)) != 0)
		return (r);
	return (outbox_get(t, id, j));
}

/* A completed sale: a receipt job. */
int
outbox_sale(struct store_txn *t, const struct sale *s)
{
	struct outbox_job	j;

	outbox_job_init(&j, OUTBOX_RECEIPT, s->id, 0);
	outbox_receipt_ref(t, s->id, j.ref, sizeof j.ref);
	return (outbox_queue(t, &j));
}

/*
 * A delivery order's sale at its stop: Metrc's planned delivery (created,
 * then completed), never also a receipt. The reference is ours only (the
 * state keeps no number of ours on a delivery): "stash-LICENCE-SALE-dlv".
 */
static int
outbox_order_sale(struct store_txn *t, const struct sale *s, uint64_t order,
    int kind, const char *suffix)
{
	struct outbox_job	j;

	outbox_job_init(&j, kind, s->id, order);
	outbox_receipt_ref(t, s->id, j.ref, sizeof j.ref - 4);
	memcpy(j.ref + strlen(j.ref), suffix, 5);
	return (outbox_queue(t, &j));
}

int
outbox_delivery(struct store_txn *t, const struct sale *s, uint64_t order)
{
	return (outbox_order_sale(t, s, order, OUTBOX_DELIVERY, "-dlv"));
}

/* Was sale reported (or is it to be) as a delivery, planned or retailer? */
int
outbox_delivered(struct store_txn *t, uint64_t sale)
{
	struct outbox_job	j;
	char			ref[MAX_REF + 1], rref[MAX_REF + 1];

	outbox_receipt_ref(t, sale, ref, sizeof ref - 4);
	strlcpy(rref, ref, sizeof rref);
	memcpy(ref + strlen(ref), "-dlv", 5);
	memcpy(rref + strlen(rref), "-rds", 5);
	return ((outbox_by_ref(t, ref, &j) == 0 &&
	    j.kind == OUTBOX_DELIVERY) || (outbox_by_ref(t, rref, &j) == 0 &&
	    j.kind == OUTBOX_RETAILER_SALE));
}

/*
 * A trip as one retailer (dynamic) delivery at the state: the job that
 * creates it with what is on board and departs it (as a planned
 * delivery's job creates and completes), the jobs of its stops' sales,
 * and the job that ends it. References are ours only (the state keeps
 * none of ours on a retailer delivery): "stash-LICENCE-trip-N-rd" and
 * "-rde" for the trip, "stash-LICENCE-SALE-rds" for a sale.
 */
static void
outbox_trip_ref(struct store_txn *t, uint64_t trip, const char *suffix,
    char *out, size_t len)
{
	struct store_info	info;

	if (store_meta_get_info(t, &info) != 0)
		strlcpy(info.licence, "unknown", sizeof info.licence);
	snprintf(out, len, "stash-%s-trip-%llu-%s", info.licence,
	    (unsigned long long)trip, suffix);
}

/* The trip leaves: its retailer delivery is created and departed. */
int
outbox_retailer(struct store_txn *t, const struct trip *tr)
{
	struct outbox_job	j;

	outbox_job_init(&j, OUTBOX_RETAILER, tr->id, 0);
	outbox_trip_ref(t, tr->id, "rd", j.ref, sizeof j.ref);
	return (outbox_queue(t, &j));
}

/* The job of a trip's retailer delivery: 0, or STORE_NOTFOUND (planned). */
int
outbox_retailer_job(struct store_txn *t, uint64_t trip, struct outbox_job *j)
{
	char	ref[MAX_REF + 1];

	outbox_trip_ref(t, trip, "rd", ref, sizeof ref);
	return (outbox_by_ref(t, ref, j));
}

/*
 * A stop's sale on a retailer delivery: never also a receipt while the
 * delivery is open at the state. A sale that comes after the trip's end
 * may have reached it (a handheld's delivery synced after the close:
 * trip-sync.c) cannot join the delivery any more: Metrc takes no sale on
 * an ended one, and the end gave the package back to the store's stock
 * with what it held, this sale's part included. So it is reported as
 * what it now is at the state, a receipt of that stock (the trip's
 * exception says why). While the end has not been sent, the sale joins
 * the delivery and the end waits for it (outbox_retailer_sales_done;
 * metrc_rd_json checks again as the end is sent).
 */
int
outbox_retailer_sale(struct store_txn *t, const struct sale *s,
    uint64_t order)
{
	struct outbox_job	 j;
	struct order		*o;
	char			 ref[MAX_REF + 1];
	int			 ended = 0;

	o = xmalloc(sizeof *o);
	if (store_order_get(t, order, o) == 0) {
		outbox_trip_ref(t, o->trip, "rde", ref, sizeof ref);
		ended = outbox_by_ref(t, ref, &j) == 0 &&
		    (j.state == OUTBOX_DONE || j.attempts != 0 || j.uncertain);
	}
	free(o);
	if (ended)
		return (outbox_sale(t, s));
	return (outbox_order_sale(t, s, order, OUTBOX_RETAILER_SALE, "-rds"));
}

/*
 * Is every stop's sale, and every restock, of a trip's retailer delivery
 * at the state (its end waits for them)?
 */
int
outbox_retailer_sales_done(struct store_txn *t, uint64_t trip)
{
	struct trip		*tr;
	struct order		*o;
	struct outbox_job	 j;
	char			 ref[MAX_REF + 1];
	u_int			 i;
	int			 done = 1;

	tr = xmalloc(sizeof *tr);
	o = xmalloc(sizeof *o);
	if (store_trip_get(t, trip, tr) != 0)
		done = 0;
	for (i = 0; done && i < tr->norders; i++) {
		if (store_order_get(t, tr->orders[i], o) != 0) {
			done = 0;
			break;
		}
		if (o->sale == 0)
			continue;
		outbox_receipt_ref(t, o->sale, ref, sizeof ref - 4);
		memcpy(ref + strlen(ref), "-rds", 5);
		if (outbox_by_ref(t, ref, &j) == 0 && j.state != OUTBOX_DONE)
			done = 0;
	}
	free(o);
	if (done)
		done = outbox_retailer_restocks_done(t, tr);
	free(tr);
	return (done);
}

/* The trip is back: its retailer delivery ends (after its sales). */
int
outbox_retailer_end(struct store_txn *t, const struct trip *tr)
{
	struct outbox_job	j, rd;

	if (outbox_retailer_job(t, tr->id, &rd) != 0)
		return (t->ret != 0 ? -1 : 0);
	outbox_job_init(&j, OUTBOX_RETAILER_END, tr->id, rd.id);
	outbox_trip_ref(t, tr->id, "rde", j.ref, sizeof j.ref);
	return (outbox_queue(t, &j));
}

/*
 * A restock of a trip out as a retailer delivery (rd its job): the
 * floating packages first to first + n - 1 of the trip went on board.
 * The range is in the reference ("-rr" FIRST "-" N): a restock never
 * changes once written, and no two restocks of a trip share a first.
 */
int
outbox_retailer_restock(struct store_txn *t, const struct trip *tr,
    const struct outbox_job *rd, u_int first, u_int n)
{
	struct outbox_job	j;
	char			sfx[32];

	memset(&j, 0, sizeof j);
	j.kind = OUTBOX_RETAILER_RESTOCK;
	j.subject = tr->id;
	j.link = rd->id;
	snprintf(sfx, sizeof sfx, "rr%u-%u", first, n);
	outbox_trip_ref(t, tr->id, sfx, j.ref, sizeof j.ref);
	outbox_add(t, &j);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Is every restock of a trip's retailer delivery at the state? The
 * restocks' ranges follow one another over the trip's floating stock,
 * so each is found from where the one before it ended.
 */
int
outbox_retailer_restocks_done(struct store_txn *t, const struct trip *tr)
{
	struct outbox_job	j;
	char			ref[MAX_REF + 1], sfx[32];
	u_int			first = 0, n;

	while (first < tr->nfloat) {
		for (n = 1; first + n <= tr->nfloat; n++) {
			snprintf(sfx, sizeof sfx, "rr%u-%u", first, n);
			outbox_trip_ref(t, tr->id, sfx, ref, sizeof ref);
			if (outbox_by_ref(t, ref, &j) == 0)
				break;
		}
		if (first + n > tr->nfloat)
			return (1);	/* none: not a retailer delivery's */
		if (j.state != OUTBOX_DONE)
			return (0);
		first += n;
	}
	return (1);
}

/* A restock job's floating range: 0, or -1 if its reference has none. */
int
outbox_retailer_restock_range(const struct outbox_job *j, u_int *first,
    u_int *n)
{
	const char	*p;

	if (j->kind != OUTBOX_RETAILER_RESTOCK ||
	    (p = strrchr(j->ref, 'r')) == NULL || p == j->ref || p[-1] != 'r' ||
	    sscanf(p + 1, "%u-%u", first, n) != 2 || *n == 0 ||
	    *first >= TRIP_FLOAT || *n > TRIP_FLOAT - *first)
		return (-1);
	return (0);
}

/*
 * A void: a receipt the state has not had is cancelled; one it has (or
 * may have: an attempt whose outcome is unknown) gets a delete job, which
 * looks the receipt up first when it has no state Id.
 */
int
outbox_void(struct store_txn *t, const struct sale *s)
{
	struct outbox_job	rj, old;
	char			ref[MAX_REF + 1];
	int			r, del = 0;

	outbox_receipt_ref(t, s->id, ref, sizeof ref);
	r = outbox_by_ref(t, ref, &rj);
	if (r == STORE_NOTFOUND)
		return (0);	/* sold before the outbox: nothing sent */
	if (r != 0)
		return (-1);
	switch (rj.state) {
	case OUTBOX_PENDING:
	case OUTBOX_EXCEPTION:
		old = rj;
		del = rj.uncertain;
		rj.state = OUTBOX_CANCELLED;
		rj.done = util_now();
		outbox_put(t, &old, &rj);
		break;
	case OUTBOX_DONE:
		del = 1;
		break;
	default:
		return (0);
	}
	if (del)
		outbox_void_sent(t, &rj, rj.state == OUTBOX_DONE ?
		    rj.state_id : 0);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * A receipt that was voided while a send was in flight, and that the state
 * has (state_id) or may have (0): make sure a delete job follows it.
 */
void
outbox_void_sent(struct store_txn *t, const struct outbox_job *rj,
    int64_t state_id)
{
	struct outbox_job	dj, old;
	char			ref[MAX_REF + 1];
	size_t			n;
	int			r;

	n = strlen(rj->ref);
	if (n > sizeof ref - 6)
		n = sizeof ref - 6;
	memcpy(ref, rj->ref, n);
	memcpy(ref + n, "-void", 6);
	r = outbox_by_ref(t, ref, &dj);
	if (r == 0) {
		if (dj.state == OUTBOX_PENDING && dj.state_id == 0 &&
		    state_id != 0) {
			old = dj;
			dj.state_id = state_id;
			outbox_put(t, &old, &dj);
		}
		return;
	}
	if (r != STORE_NOTFOUND)
		return;
	memset(&dj, 0, sizeof dj);
	dj.kind = OUTBOX_DELETE;
	dj.subject = rj->subject;
	dj.link = rj->id;
	dj.state_id = state_id;
	strlcpy(dj.ref, ref, sizeof dj.ref);
	outbox_add(t, &dj);
}

/*
 * A job for an adjustment record: its ref is "stash-LICENCE-WHAT-ID" (our
 * licence, unknown if the store has none yet).
 */
static int
outbox_adjust_job(struct store_txn *t, uint64_t subject, int kind,
    const char *what, uint64_t link, int64_t at)
{
	struct store_info	info;
	struct outbox_job	j;

	if (store_meta_get_info(t, &info) != 0)
		strlcpy(info.licence, "unknown", sizeof info.licence);
	outbox_job_init(&j, kind, subject, link);
	snprintf(j.ref, sizeof j.ref, "stash-%s-%s-%llu", info.licence, what,
	    (unsigned long long)subject);
	outbox_add_at(t, &j, at);
	return (t->ret != 0 ? -1 : 0);
}

/* A quantity adjustment of a package: an adjust job. */
int
outbox_adjust(struct store_txn *t, const struct adjust *a)
{
	if (a->kind != ADJUST_QTY)
		return (0);
	return (outbox_adjust_job(t, a->id, OUTBOX_ADJUST, "adj", 0,
	    util_now()));
}

/*
 * A package moved to another location (package.move): a location job, in
 * the move's transaction. The drainer tells the state where the package
 * is now (PUT /packages/v2/location), naming our location as the state
 * does (metrc-locations).
 */
int
outbox_move(struct store_txn *t, const struct adjust *a)
{
	if (a->kind != ADJUST_MOVE)
		return (0);
	return (outbox_adjust_job(t, a->id, OUTBOX_LOCATION, "move", 0,
	    util_now()));
}

/*
 * A destruction's second step (a state that destroys in two, BioTrack's
 * inventory_destroy after inventory_destroy_schedule): a job for the same
 * adjustment, ref "...-dst-ID", held until at (the waiting period's end).
 * Nothing is owed before then, so it is created then: until at it is
 * neither pending on the dashboard nor ageing the deadline (outbox_stats),
 * and it is late only if it is not reported live from then.
 */
int
outbox_destroy(struct store_txn *t, const struct outbox_job *first,
    int64_t at)
{
	return (outbox_adjust_job(t, first->subject, OUTBOX_DESTROY, "dst",
	    first->id, at));
}

/*
 * An inbound transfer whose receipt the state wants told (BioTrack holds
 * its packages until then): the manifest made of it is marked with
 * the state's transfer, in the write that makes it, so that its close
 * (intake_close, outbox_transfer_received) queues the receipt's job.
 */
#define OUTBOX_TRANSFER_KEY	"state-transfer:"

void
outbox_transfer_mark(struct store_txn *t, const char *manifest,
    int64_t transfer)
{
	char	key[sizeof OUTBOX_TRANSFER_KEY + MANIFEST_MAX];

	snprintf(key, sizeof key, "%s%s", OUTBOX_TRANSFER_KEY, manifest);
	store_meta_put_i64(t, key, transfer);
}

/* A manifest closed: the receipt of its state's transfer, if it has one. */
int
outbox_transfer_received(struct store_txn *t, const char *manifest)
{
	char	key[sizeof OUTBOX_TRANSFER_KEY + MANIFEST_MAX];
	int64_t	transfer;

	snprintf(key, sizeof key, "%s%s", OUTBOX_TRANSFER_KEY, manifest);
	if ((transfer = store_meta_get_i64(t, key)) <= 0)
		return (t->ret != 0 ? -1 : 0);
	return (outbox_adjust_job(t, (uint64_t)transfer,
	    OUTBOX_TRANSFER_RECEIVE, "rcv", 0, util_now()));
}

/*
 * A return: the state's receipt is updated to what the customer kept (PUT
 * with the receipt's Id, built from the ledger when it is sent, so two
 * returns of one sale can go in either order). Nothing is owed for a sale
 * sold before the outbox or whose receipt was cancelled unsent.
 */
int
outbox_return(struct store_txn *t, const struct sale *s,
    const struct sale_return *ret)
{
	struct outbox_job	rj, j;
	char			ref[MAX_REF + 1], tmp[MAX_REF + 32];
	int			r;

	outbox_receipt_ref(t, s->id, ref, sizeof ref);
	r = outbox_by_ref(t, ref, &rj);
	if (r == STORE_NOTFOUND)
		return (0);
	if (r != 0)
		return (-1);
	if (rj.state == OUTBOX_CANCELLED)
		return (0);
	outbox_job_init(&j, OUTBOX_RETURN, ret->id, rj.id);
	snprintf(tmp, sizeof tmp, "%s-ret-%llu", ref,
	    (unsigned long long)ret->id);
	strlcpy(j.ref, tmp, sizeof j.ref);
	return (outbox_queue(t, &j));
}

/* Put an exception back in the queue, due now. */
int
outbox_retry(struct store_txn *t, uint64_t id, char **cause)
{
	struct outbox_job	j, old;
	int			r;

	r = outbox_get(t, id, &j);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no compliance job %llu",
		    (unsigned long long)id);
		return (-1);
	}
	if (r != 0) {
		xasprintf(cause, "%s", store_strerror(r));
		return (-1);
	}
	if (j.state != OUTBOX_EXCEPTION) {
		xasprintf(cause, "compliance job %llu is %s, not an "
		    "exception", (unsigned long long)id,
		    outbox_state_name(j.state));
		return (-1);
	}
	old = j;
	j.state = OUTBOX_PENDING;
	j.due = util_now();
	j.solo = 1;
	outbox_put(t, &old, &j);
	if (t->ret != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	return (0);
}

/*
 * Counts for the dashboard. Pending jobs are the due index less the
 * exceptions (kept at the end of it) and less the held ones; the oldest
 * pending job, and the held ones, are looked for in the first
 * OUTBOX_STATS_SCAN entries only, so this stays short. A held job
 * (outbox_destroy) is owed from its created time, which is in the future
 * until it is due; a job waiting out a retry's backoff was created in the
 * past and so is pending and ages the deadline as before.
 */
struct outbox_stats_scan {
	struct outbox_stats	*os;
	int64_t			 now;
};

static int
outbox_stats_one(const void *rec, void *arg)
{
	const struct outbox_job		*j = rec;
	struct outbox_stats_scan	*sc = arg;
	struct outbox_stats		*os = sc->os;

	if (j->created > sc->now) {
		os->held++;
		return (0);
	}
	if (os->oldest == 0 || j->created < os->oldest)
		os->oldest = j->created;
	return (0);
}

void
outbox_stats(struct store_txn *t, struct outbox_stats *os)
{
	struct outbox_stats_scan	 sc = { os, util_now() };
	const struct state_system	*sys;

	memset(os, 0, sizeof *os);
	os->exceptions = jobq_exceptions(t, &outbox_q);
	jobq_walk_due(t, &outbox_q, OUTBOX_STATS_SCAN, outbox_stats_one, &sc);
	os->pending = store_count(t, DB_OUTBOX_DUE) - os->exceptions -
	    os->held;
	/*
	 * The state's last answer, whichever system (outbox_contact); a
	 * ledger from before that kept it under the system's own key.
	 */
	os->last_contact = store_meta_get_i64(t, "state-last-contact");
	sys = state_system_of(t);
	if (os->last_contact == 0 && sys->contact != NULL)
		os->last_contact = store_meta_get_i64(t, sys->contact);
	if (sys->broken != NULL) {
		os->broken = store_meta_get_i64(t, sys->broken);
		os->broken_why = store_meta_get_i64(t, sys->broken_why);
	}
}

/*
 * The state system answered (any adapter: an HTTP answer, a BioTrack
 * reply, CCRS's e-mail or error CSV imported): the dashboard's "last
 * contact with the state".
 */
void
outbox_contact(struct store_txn *t, int64_t now)
{
	store_meta_put_i64(t, "state-last-contact", now);
}

/* Remember the first failure of a job, for the exception report. */
void
outbox_failed(struct outbox_job *j, int64_t now, const char *why)
{
	if (j->failed != 0)
		return;
	j->failed = now;
	strlcpy(j->why, why, sizeof j->why);
}

/* Was this job not reported live (outbox.h)? */
int
outbox_late(const struct outbox_job *j, int64_t now)
{
	return (outbox_late_within(j, now, OUTBOX_LIVE));
}

/*
 * The same by the state system's measure: not within live µs of its
 * event (CCRS takes files weekly), or failed once.
 */
int
outbox_late_within(const struct outbox_job *j, int64_t now, int64_t live)
{
	int64_t	end;

	if (j->failed != 0 || j->state == OUTBOX_EXCEPTION)
		return (1);
	if (j->state == OUTBOX_CANCELLED && j->state_id == 0)
		return (0);	/* voided before it went: nothing owed */
	end = j->state == OUTBOX_DONE ? j->done : now;
	return (end - j->created > live);
}

/* A walk's typed callback, called from the queue's. */
struct outbox_each {
	int		(*cb)(const struct outbox_job *, void *);
	void		 *arg;
};

static int
outbox_each(const void *rec, void *arg)
{
	struct outbox_each	*e = arg;

	return (e->cb(rec, e->arg));
}

/*
 * Every job in number order, until cb returns non-zero. -1 if the walk
 * failed (t->ret says why).
 */
int
outbox_walk(struct store_txn *t, int (*cb)(const struct outbox_job *, void *),
    void *arg)
{
	struct outbox_each	e = { cb, arg };

	return (jobq_walk(t, &outbox_q, outbox_each, &e));
}

/*
 * Every job of the due index (exceptions last) from where pos stopped, at
 * most max, until cb returns non-zero; pos left to go on from (the
 * reconciliation's steps). 1 if the index ended, 0 if not, -1 if the walk
 * failed.
 */
int
outbox_walk_on(struct store_txn *t, struct jobq_pos *pos, u_int max,
    int (*cb)(const struct outbox_job *, void *), void *arg)
{
	struct outbox_each	e = { cb, arg };

	return (jobq_walk_on(t, &outbox_q, pos, max, outbox_each, &e));
}

/*
 * The exceptions (jobs the state refused, due never), oldest first, until
 * cb returns non-zero. -1 if the walk failed (t->ret says why).
 */
int
outbox_exception_walk(struct store_txn *t,
    int (*cb)(const struct outbox_job *, void *), void *arg)
{
	struct outbox_each	e = { cb, arg };

	return (jobq_exception_walk(t, &outbox_q, outbox_each, &e));
}

struct outbox_exceptions {
	void		(*cb)(const struct outbox_job *, void *);
	void		 *arg;
	u_int		  max;
	u_int		  n;
	int		  more;
};

static int
outbox_exceptions_one(const struct outbox_job *j, void *arg)
{
	struct outbox_exceptions	*oe = arg;

	if (oe->n >= oe->max) {
		oe->more = 1;
		return (1);
	}
	oe->cb(j, oe->arg);
	oe->n++;
	return (0);
}

/*
 * The jobs the state system refused for good, oldest first: cb is called
 * for each of at most max; *more says whether there were others. Returns
 * how many were given, or -1 on a store error.
 */
int
outbox_exceptions(struct store_txn *t, u_int max,
    void (*cb)(const struct outbox_job *, void *), void *arg, int *more)
{
	struct outbox_exceptions	oe;

	memset(&oe, 0, sizeof oe);
	oe.cb = cb;
	oe.arg = arg;
	oe.max = max;
	if (outbox_exception_walk(t, outbox_exceptions_one, &oe) != 0) {
		*more = 0;
		return (-1);
	}
	*more = oe.more;
	return ((int)oe.n);
}

/*
 * Pending jobs in due order (exceptions come last), at most max, until cb
 * returns non-zero: for a drain with no drainer of its own (CCRS's file
 * writer, ccrs-export.c). -1 if the walk failed.
 */
int
outbox_due_walk(struct store_txn *t, u_int max,
    int (*cb)(const struct outbox_job *, void *), void *arg)
{
	struct outbox_each	e = { cb, arg };

	return (jobq_walk_due(t, &outbox_q, max, outbox_each, &e));
}

/* A result: what, the state's id, and its words. */
void
state_result_set(struct state_result *r, enum state_outcome outcome,
    int64_t id, const char *msg)
{
	memset(r, 0, sizeof *r);
	r->outcome = outcome;
	r->id = id;
	r->delay = -1;
	strlcpy(r->reason, msg != NULL ? msg : "", sizeof r->reason);
}

/*
 * A job the state now has (its id, if any, in j->state_id): done; but a
 * receipt voided while it was on its way stays cancelled and gets its
 * delete job instead. The caller writes j.
 */
void
outbox_done(struct store_txn *t, struct outbox_job *j, int64_t now)
{
	j->uncertain = 0;
	j->error[0] = '\0';
	if (j->state == OUTBOX_CANCELLED && j->kind == OUTBOX_RECEIPT)
		outbox_void_sent(t, j, j->state_id);
	else {
		j->state = OUTBOX_DONE;
		j->done = now;
	}
}
