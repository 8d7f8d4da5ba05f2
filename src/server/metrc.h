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

#ifndef METRC_H
#define METRC_H

/*
 * stashd's side of Metrc, private to its files: metrc.c (the drain: the
 * outbox state machine and its writes through the group commit),
 * metrc-rate.c (the licence's token bucket), metrc-curl.c (libcurl multi
 * on libevent), metrc-patient.c (patient checks and their cache),
 * metrc-recon.c (reconciliation, a page at a time), metrc-transfers.c
 * (incoming transfers), metrc-lab.c (the state's lab results). What goes on the wire and how replies read is
 * src/lib/metrc-payload.c.
 */

#include <curl/curl.h>

#include "curl-loop.h"

#define METRC_CARD_MAX		64		/* a patient card number */
#define METRC_SCAN		64		/* due index entries per look */
#define METRC_MAX_REPLY		(4 * 1024 * 1024)
#define METRC_MAX_BACKOFF	3600		/* seconds */
#define METRC_BROKEN_HOLD	(300 * 1000000LL)
#define METRC_PATIENT_CACHE	64		/* cards remembered */
#define METRC_PATIENT_TTL	(60 * 1000000LL)	/* as the state's */
#define METRC_PATIENT_MAX	32		/* checks in flight */
#define METRC_PAGE_SIZE		20		/* Metrc's largest page */
#define METRC_RECON_TRIES	8		/* a page, before giving up */
#define METRC_INFLIGHT		4		/* job requests at once; Metrc
						   allows 10 concurrent GETs a
						   facility */
#define METRC_REASONS_TTL	(3600 * 1000000LL) /* the state's adjustment
						   reasons, kept this long */
#define METRC_RATE_BURST	1		/* tokens: Metrc counts whole
						   seconds, a burst at the end
						   of one and the start of the
						   next would be refused */

enum metrc_call {
	MC_RECEIPTS,		/* POST /sales/v2/receipts */
	MC_LOOKUP,		/* GET /sales/v2/receipts/external/{n} */
	MC_DELETE,		/* DELETE /sales/v2/receipts/{id} */
	MC_ADJUST,		/* POST /packages/v2/adjust */
	MC_ADJ_LOOKUP,		/* GET /packages/v2/adjustments */
	MC_PATIENT,		/* GET /patients/v2/statuses/{n}: not a job */
	MC_UPDATE,		/* PUT /sales/v2/receipts: a return */
	MC_PACKAGES,		/* GET /packages/v2/active: reconciliation */
	MC_REASONS,		/* GET /packages/v2/adjust/reasons: for an
				   adjustment, in its slot */
	MC_LOCATION,		/* PUT /packages/v2/location: a move */
	MC_LAB,			/* GET /labtests/v2/results: not a job */
	MC_DELIVERY,		/* POST /sales/v2/deliveries */
	MC_DLV_COMPLETE,	/* PUT /sales/v2/deliveries/complete */
	MC_DLV_LOOKUP,		/* GET /sales/v2/deliveries/active: after an
				   uncertain create */
	MC_DLV_GET,		/* GET /sales/v2/deliveries/{id}: after an
				   uncertain complete */
	MC_RD,			/* POST /sales/v2/deliveries/retailer */
	MC_RD_DEPART,		/* POST .../retailer/depart */
	MC_RD_SALE,		/* POST .../retailer/sale */
	MC_RD_END,		/* POST .../retailer/end */
	MC_RD_LOOKUP,		/* GET .../retailer/active: after an
				   uncertain create */
	MC_RD_GET,		/* GET .../retailer/{id}: after an uncertain
				   depart, sale, end or restock */
	MC_RD_RESTOCK,		/* POST .../retailer/restock */
};
#define METRC_LOOKUP_CALL(c) ((c) == MC_LOOKUP || (c) == MC_ADJ_LOOKUP || \
	(c) == MC_REASONS || (c) == MC_DLV_LOOKUP || (c) == MC_DLV_GET || \
	(c) == MC_RD_LOOKUP || (c) == MC_RD_GET)

/* enum metrc_outcome: metrc-payload.h (the state adapter reads it). */

struct metrc {
	struct server		*srv;
	struct curl_loop	 loop;		/* curl's multi */
	struct event		*tick_ev;	/* look for due jobs */
	struct event		*kick_ev;	/* look again at once */
	struct event		*wake_ev;	/* a commit wrote reports */
	char			*url;
	char			 licence[LICENCE_MAX + 1];
	char			*userpwd;	/* vendor:user, never logged */
	long			 timeout;
	long			 patient_timeout; /* a customer waits */
	int			 window_hours;	/* a lookup's lastModified
						   window at most */
	int64_t			 hold_until;	/* 429 or broken */
	int64_t			 rate_gap;	/* µs between requests */
	int64_t			 rate_next;	/* the bucket: when the next
						   request may go (GCRA) */
	int			 broken;
	int64_t			 broken_why;
	int64_t			 last_contact;
	json_t			*reason_map;	/* metrc-reasons */
	json_t			*location_map; /* metrc-locations */
	json_t			*reasons;	/* the state's, or NULL */
	int64_t			 reasons_when;	/* read then */
	struct metrc_slot {
		int		 used;
		uint64_t	 jobs[METRC_BATCH];	/* claimed */
		u_int		 njobs;
		uint64_t	 key;		/* the sale's receipt job */
		int		 location;	/* a move: one at a time */
		struct metrc_req *rq;		/* in curl's hands, or NULL */
	}			 slots[METRC_INFLIGHT];
	struct metrc_recon	*recon;		/* a reconciliation running */
	struct event		*recon_ev;	/* metrc-reconcile */
	TAILQ_HEAD(, metrc_req)	 patients;	/* checks in flight */
	u_int			 npatients;
	struct metrc_card {
		char		 card[METRC_CARD_MAX + 1];
		int64_t		 when;
		json_t		*status;
	}			 cards[METRC_PATIENT_CACHE];
};
extern struct metrc	*metrc;

struct metrc_req {
	struct metrc		*m;
	CURL			*easy;
	enum metrc_call		 call;
	uint64_t		 jobs[METRC_BATCH];
	char			 refs[METRC_BATCH][MAX_REF + 1];
	u_int			 njobs;
	char			*url;
	struct buf		 body;
	struct buf		 reply;
	struct curl_slist	*hdrs;
	char			 errbuf[CURL_ERROR_SIZE];
	long			 retry_after;	/* seconds, -1 if none */
	int			 started;
	struct metrc_slot	*slot;		/* a job request's */
	uint64_t		 key;		/* see struct metrc_slot */
	/* MC_ADJ_LOOKUP: what our adjustment looks like at the state. */
	char			 adj_label[TAG_LEN + 1];
	int64_t			 adj_milli;	/* thousandths of its unit */
	char			 adj_date[11];	/* YYYY-MM-DD */
	/* MC_DLV_LOOKUP: what our delivery looks like at the state. */
	int64_t			 dlv_sold;	/* SalesDateTime */
	struct metrc_delivery_line dlv_lines[MAX_SALE_LINES];
	char			 dlv_tags[MAX_SALE_LINES][TAG_LEN + 1];
	u_int			 dlv_nlines;
	int			 page;		/* the page asked for */
	int			 pages;		/* 0 until the first answer */
	int64_t			 lm_from;	/* a lastModified window from
						   this (µs) to now; 0: none */
	u_int			 piece;		/* of it, metrc-window-hours
						   each */
	metrc_patient_cb	 cb;		/* MC_PATIENT: the answer to */
	void			*arg;
	char			 card[METRC_CARD_MAX + 1];
	TAILQ_ENTRY(metrc_req)	 entry;
};

struct metrc_result {
	struct metrc		*m;
	enum metrc_call		 call;
	u_int			 njobs;
	uint64_t		 jobs[METRC_BATCH];
	int64_t			 ids[METRC_BATCH];
	enum metrc_outcome	 outcome;
	int64_t			 delay;		/* µs; -1: backoff */
	int			 contact;
	char			 msg[OUTBOX_ERROR_MAX + 1];
};

/* A reconciliation: the state's active packages, a page at a time. */
struct metrc_recon {
	struct op_ctx		*ctx;		/* who asked; op_new's if the
					   timer */
	json_t			*packages;
	int			 page;
	int			 tries;
	struct event		*retry_ev;
	struct metrc_req	*rq;		/* the page in flight */
};

/*
 * A delivery order's sale as Metrc's planned delivery (metrc-payload.h):
 * the trip's driver and vehicle, the order's customer and address, the
 * sale's packages. Filled from the ledger by metrc_dlv_load.
 */
struct metrc_dlv {
	struct sale			*s;
	struct order			*o;
	struct trip			*tr;
	struct staff			 driver;
	struct vehicle			 v;
	struct customer			 cu, pt;
	char				 name[96];
	struct metrc_delivery_line	 lines[MAX_SALE_LINES];
	const char			*accepted[MAX_SALE_LINES];
	struct metrc_delivery		 d;
};

struct metrc_steps {
	enum metrc_call		 lookup;	/* the list, after an uncertain
						   create */
	const char		*list;
	enum metrc_call		 get;		/* one by its Id, after an
						   uncertain second step */
	const char		*one;
	enum metrc_call		 create;
	const char		*create_url;
	enum metrc_call		 then;		/* once created */
	const char		*then_url;
};

/* metrc.c */
extern const struct metrc_steps metrc_steps_planned;
void	metrc_steps(struct metrc *m, struct metrc_req *rq,
	    const struct outbox_job *j, const struct metrc_steps *st);
int64_t	metrc_backoff(int attempts);
struct metrc_dlv *metrc_dlv_load(struct store_txn *t,
	    const struct outbox_job *j);
void	metrc_dlv_free(struct metrc_dlv *x);
void	metrc_crew(struct metrc_delivery_crew *c, const struct staff *driver,
	    const struct vehicle *v);
struct metrc_req *metrc_req_new(struct metrc *m, enum metrc_call call);
struct metrc_req *metrc_req_page(const struct metrc_req *rq, int page,
	    int pages);
int	metrc_401(struct metrc *m, struct metrc_req *rq, const char *msg);
void	metrc_done(struct metrc *m, struct metrc_req *rq, CURLcode cc);
void	metrc_url(struct metrc *m, struct metrc_req *rq, const char *fmt,
		    const char *arg);
void	metrc_url_page(struct metrc *m, struct metrc_req *rq,
	    const char *fmt);

int	metrc_list_verdict(struct metrc_result *, const struct metrc_req *,
	    int, int, const char *, const char *, const char *);

/* metrc-retailer.c */
uint64_t metrc_rd_key(struct store_txn *t, const struct outbox_job *j);
int	metrc_rd_pick(struct metrc *m, struct store_txn *t,
	    const struct outbox_job *j, struct metrc_req *rq);
int	metrc_rd_json(struct metrc *m, struct store_txn *t,
	    const struct outbox_job *j, enum metrc_call call, struct buf *b);
int	metrc_rd_found(struct metrc *m, struct metrc_req *rq,
	    struct metrc_result *res);

/* metrc-rate.c */
int64_t	metrc_rate_wait(struct metrc *m, int64_t now);
void	metrc_rate_take(struct metrc *m, int64_t now);
void	metrc_rate_hold(struct metrc *m, int64_t until);

/* metrc-curl.c */
void	metrc_curl_free(struct metrc_req *rq);
void	metrc_curl_start(struct metrc *m, struct metrc_req *rq);
void	metrc_curl_check(void *);

/* metrc-patient.c */
void	metrc_patient_done(struct metrc *m, struct metrc_req *rq, CURLcode cc);

/* metrc-lab.c */
void	metrc_lab_done(struct metrc *m, struct metrc_req *rq, CURLcode cc);
void	metrc_lab_stop(struct metrc *m);

/* metrc-recon.c */
void	metrc_recon_done(struct metrc *m, struct metrc_req *rq, CURLcode cc);
void	metrc_recon_tick_cb(evutil_socket_t fd, short what, void *arg);
void	metrc_recon_stop(struct metrc *m);

#endif /* METRC_H */
