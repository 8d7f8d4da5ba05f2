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

#ifndef OUTBOX_H
#define OUTBOX_H

/*
 * The compliance outbox: every event the state system must hear of leaves a
 * job in the ledger in the same transaction as the event (DESIGN rule 1),
 * and the drainer (metrc.c, in stashd) sends it later. A job holds what
 * names the event (a sale or an adjustment number); the report itself is
 * built from the ledger when it is sent.
 *
 *   DB_OUTBOX	  u64 job -> job
 *   DB_OUTBOX_DUE  u64 due, u64 job -> empty: pending jobs by due time, and
 *		  exceptions at due OUTBOX_NEVER
 *   DB_OUTBOX_REF  str ref -> u64 job: the external reference
 */

#include "store.h"

enum outbox_kind {
	OUTBOX_RECEIPT = 1,	/* POST /sales/v2/receipts */
	OUTBOX_DELETE,		/* DELETE /sales/v2/receipts/{id} */
	OUTBOX_ADJUST,		/* POST /packages/v2/adjust */
	OUTBOX_RETURN,		/* PUT /sales/v2/receipts: fewer goods */
	OUTBOX_LOCATION,	/* PUT /packages/v2/location: a move */
	OUTBOX_DELIVERY,	/* POST /sales/v2/deliveries, then PUT
				   .../complete: a trip's sale */
	OUTBOX_RETAILER,	/* POST .../deliveries/retailer, then
				   .../retailer/depart: a trip leaving */
	OUTBOX_RETAILER_SALE,	/* POST .../retailer/sale: a stop's sale */
	OUTBOX_RETAILER_END,	/* POST .../retailer/end: the trip back */
	OUTBOX_DESTROY,		/* a destruction's second step, held until
				   the state's waiting period ends
				   (BioTrack's inventory_destroy) */
	OUTBOX_RETAILER_RESTOCK,/* POST .../retailer/restock: more on
				   board mid-trip */
	OUTBOX_TRANSFER_RECEIVE,/* an inbound transfer taken in at intake:
				   subject the state's transfer (BioTrack
				   v2024's PUT .../transfer/{id}/receive,
				   legacy inventory_transfer_inbound) */
};
#define OUTBOX_KIND_FIRST	OUTBOX_RECEIPT
#define OUTBOX_KIND_LAST	OUTBOX_TRANSFER_RECEIVE
enum outbox_state {
	OUTBOX_PENDING = 1,
	OUTBOX_DONE,
	OUTBOX_EXCEPTION,	/* refused by the state: a person must look */
	OUTBOX_CANCELLED,	/* voided before it was sent */
};
#define OUTBOX_NEVER	UINT64_MAX	/* due time of an exception */
#define OUTBOX_ERROR_MAX 255

struct outbox_job {
	uint64_t	id;
	int		kind;
	int		state;
	uint64_t	subject;	/* sale, adjustment (a move's too) or
					   return number */
	uint64_t	link;		/* a delete, a return: the receipt job;
					   a delivery, a retailer sale: its
					   order; a retailer end: the retailer
					   delivery's job */
	char		ref[MAX_REF + 1];	/* ExternalReceiptNumber */
	int64_t		created;
	int64_t		due;
	int		attempts;
	int		uncertain;	/* may have reached the state: look up
					   before sending again */
	int		solo;		/* send alone, not in a batch */
	int64_t		state_id;	/* the state's Id once reported (a
					   delivery: created, not complete
					   until done) */
	int64_t		done;		/* when it was done or cancelled */
	char		error[OUTBOX_ERROR_MAX + 1];
	int64_t		failed;		/* first failed attempt; 0 if none */
	char		why[OUTBOX_ERROR_MAX + 1];	/* and its cause */
};

struct outbox_stats {
	uint64_t	pending;
	uint64_t	exceptions;
	uint64_t	held;		/* pending, but not owed yet (a job
					   held until its due time): not in
					   pending nor oldest */
	int64_t		oldest;		/* created, oldest pending; 0 if none */
	int64_t		last_contact;	/* last reply from the state */
	int64_t		broken;		/* when flagged broken; 0 if not */
	int64_t		broken_why;	/* OUTBOX_BROKEN_* */
};
/*
 * A report not confirmed within OUTBOX_LIVE of its event, or one that
 * failed at least once, was not reported live: the exception report lists
 * it. The status warns when the oldest pending report has used
 * OUTBOX_WARN_PCT per cent of the reporting deadline (metrc-deadline).
 */
#define OUTBOX_LIVE_S		300
#define OUTBOX_LIVE		(OUTBOX_LIVE_S * 1000000LL)
#define OUTBOX_WARN_PCT		75
#define OUTBOX_BROKEN_V1KEY	1
#define OUTBOX_BROKEN_KEYS	2
#define OUTBOX_BROKEN_LICENCE	3
#define OUTBOX_BROKEN_LOGIN	4

/*
 * What a state system said of a report, whichever system it is (each
 * adapter reads its own answers into this; state-adapter.h).
 */
enum state_outcome {
	STATE_DONE = 1,		/* the state has it, under its id */
	STATE_RETRY,		/* not applied: send again later */
	STATE_REJECTED,		/* refused: reason says what to do */
	STATE_UNKNOWN		/* may have been applied: look it up */
};
#define STATE_REASON_MAX	OUTBOX_ERROR_MAX
struct state_result {
	enum state_outcome	 outcome;
	int64_t			 id;		/* the state's, 0 if none */
	char			 reason[STATE_REASON_MAX + 1];
	int64_t			 delay;		/* RETRY, UNKNOWN: µs before the
						   next try; -1: the drain's
						   backoff */
	int			 flags;		/* STATE_F_* */
};
/*
 * What qualifies a result, for the drain that acts on it: STEP, the state
 * has this step of a job of several (a delivery created, a void's receipt
 * found) and the next is due now; ABSENT, a lookup (or the state's file)
 * says it does not have it, so nothing was applied and it goes again now;
 * ALONE, a batch was refused and each of its jobs goes alone; HOLD, our
 * credentials are refused, so everything waits and not the job; SESSION,
 * the session or token expired: log in again first.
 */
#define STATE_F_STEP		0x01
#define STATE_F_ABSENT		0x02
#define STATE_F_ALONE		0x04
#define STATE_F_HOLD		0x08
#define STATE_F_SESSION		0x10

/* outbox.c */
int		 outbox_sale(struct store_txn *, const struct sale *);
int		 outbox_delivery(struct store_txn *, const struct sale *,
		     uint64_t);
int		 outbox_delivered(struct store_txn *, uint64_t);
int		 outbox_retailer(struct store_txn *, const struct trip *);
int		 outbox_retailer_job(struct store_txn *, uint64_t,
		     struct outbox_job *);
int		 outbox_retailer_sale(struct store_txn *, const struct sale *,
		     uint64_t);
int		 outbox_retailer_end(struct store_txn *, const struct trip *);
int		 outbox_retailer_sales_done(struct store_txn *, uint64_t);
int		 outbox_retailer_restock(struct store_txn *,
		     const struct trip *, const struct outbox_job *, u_int,
		     u_int);
int		 outbox_retailer_restocks_done(struct store_txn *,
		     const struct trip *);
int		 outbox_retailer_restock_range(const struct outbox_job *,
		     u_int *, u_int *);
int		 outbox_void(struct store_txn *, const struct sale *);
int		 outbox_adjust(struct store_txn *, const struct adjust *);
int		 outbox_move(struct store_txn *, const struct adjust *);
int		 outbox_destroy(struct store_txn *, const struct outbox_job *,
		     int64_t);
void		 outbox_transfer_mark(struct store_txn *, const char *,
		     int64_t);
int		 outbox_transfer_received(struct store_txn *, const char *);
int		 outbox_return(struct store_txn *, const struct sale *,
		     const struct sale_return *);
int		 outbox_get(struct store_txn *, uint64_t, struct outbox_job *);
int		 outbox_decode(const u_char *, size_t, struct outbox_job *);
void		 outbox_put(struct store_txn *, const struct outbox_job *,
		     const struct outbox_job *);
uint64_t	 outbox_add(struct store_txn *, struct outbox_job *);
void		 outbox_void_sent(struct store_txn *,
		     const struct outbox_job *, int64_t);
int		 outbox_retry(struct store_txn *, uint64_t, char **);
void		 outbox_stats(struct store_txn *, struct outbox_stats *);
void		 outbox_contact(struct store_txn *, int64_t);
int		 outbox_exceptions(struct store_txn *, u_int,
		     void (*)(const struct outbox_job *, void *), void *,
		     int *);
void		 outbox_failed(struct outbox_job *, int64_t, const char *);
int		 outbox_late(const struct outbox_job *, int64_t);
int		 outbox_late_within(const struct outbox_job *, int64_t,
		     int64_t);
const char	*outbox_kind_name(int);
const char	*outbox_state_name(int);
const char	*outbox_broken_name(int64_t);
void		 outbox_receipt_ref(struct store_txn *, uint64_t, char *,
		     size_t);
struct jobq_pos;
int		 outbox_walk_on(struct store_txn *, struct jobq_pos *, u_int,
		     int (*)(const struct outbox_job *, void *), void *);
int		 outbox_walk(struct store_txn *,
		     int (*)(const struct outbox_job *, void *), void *);
int		 outbox_exception_walk(struct store_txn *,
		     int (*)(const struct outbox_job *, void *), void *);
int		 outbox_due_walk(struct store_txn *, u_int,
		     int (*)(const struct outbox_job *, void *), void *);
void		 outbox_done(struct store_txn *, struct outbox_job *, int64_t);
void		 state_result_set(struct state_result *, enum state_outcome,
		     int64_t, const char *);

#endif /* OUTBOX_H */
