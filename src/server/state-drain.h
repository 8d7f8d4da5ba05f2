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

#ifndef STATE_DRAIN_H
#define STATE_DRAIN_H

/*
 * One request at a time over curl-loop, for a state system's adapter
 * (state-biotrack.c, state-biotrack24.c): the loop, the timer that runs
 * the adapter's next step (kicked, on an interval, and after a commit
 * while idle), and the one request under way. The adapter supplies what
 * is particular to it: its next step (pick, build, mark, send), what
 * it does with a finished transfer (answer, apply) and how a request is
 * freed.
 */

#include "curl-loop.h"
#include "outbox.h"

struct op_ctx;
struct state_result;
struct store_txn;

struct state_drain {
	struct server		*srv;
	struct curl_loop	 loop;
	struct event		*tick_ev;
	struct event		*kick_ev;
	void			*rq;		/* one at a time */
	void			(*next)(void *);
	void			(*done)(void *, void *, CURLcode);
	void			(*rq_free)(void *);
	void			*arg;
	int64_t			 gap;		/* µs between requests (a rate) */
	int64_t			 next_at;	/* no request before */
};

/* Lookups between reports (state_look_*). */
struct state_look {
	json_t			*steps;		/* {"step", ...}: first next */
	struct op_ctx		*recon;		/* compliance.reconcile's */
	json_t			*packages;	/* the state's, so far */
	int64_t			 poll_next;	/* the next transfers poll */
};

/* What the ledger holds for a job's report (state_drain_job). */
struct state_job {
	struct sale		*s;		/* a sale's, a return's sale */
	struct sale_return	 ret;		/* a return's */
	uint64_t		 sale_id;	/* the return's sale's, there */
	struct adjust		 a;		/* an adjustment's, destroy's */
	int			 unit_weight;	/* an adjustment's product's */
	char			 location[LOCATION_MAX + 1]; /* a move's
						   package's, now */
};
#define STATE_DRAIN_LATER	(60 * 1000000LL)	/* build said not yet */

/* state-drain.c */
void	state_drain_start(struct state_drain *, struct server *, int64_t,
	    void (*)(void *, void *, CURLcode), void (*)(void *),
	    void (*)(void *), void *);
void	state_drain_stop(struct state_drain *, CURL *);
void	state_drain_rate(struct state_drain *, int64_t);
int	state_drain_wait(struct state_drain *, int64_t, int64_t);
void	state_drain_unslot(struct state_drain *);
void	state_drain_release(struct state_drain *, void *, int64_t);
int	state_drain_pick(struct state_drain *, int64_t, struct outbox_job *,
	    struct outbox_job *, int *);
int	state_drain_mark(struct op_ctx *, uint64_t, int (*)(void *,
	    struct store_txn *, struct outbox_job *, char *, size_t, char *,
	    size_t), void *);
int	state_drain_job(struct store_txn *, const struct outbox_job *, int,
	    struct state_job *, char *, size_t, char *, size_t);
int	state_drain_room(json_t *, json_t *, const struct state_job *,
	    int64_t *, char *, size_t, char *, size_t);
void	state_drain_outcome(struct store_txn *, struct outbox_job *,
	    const struct state_result *, int64_t, int64_t);
void	state_drain_login(struct state_drain *, const char *, int64_t);
void	state_drain_result(const char *, int, long, const struct buf *,
	    struct state_result *);
int	state_drain_manifest(struct op_ctx *, const char *, const char *);
json_t	*state_drain_received(struct store_txn *, const struct outbox_job *,
	    json_t *(*)(const char *, int64_t, int), char *, size_t);
void	state_look_init(struct state_look *);
void	state_look_free(struct state_look *);
json_t	*state_look_next(struct state_look *, struct server *, const char *);
int	state_look_reconcile(struct state_look *, struct op_ctx *,
	    const char *, const char *);
void	state_look_fail(struct state_look *, const char *);
void	state_look_done(struct state_look *, struct server *, json_t *);

#endif /* STATE_DRAIN_H */
