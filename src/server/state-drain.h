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
struct options;
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

/* A request's head: each adapter's request has it first. */
struct state_req {
	int			 call;		/* the adapter's enum */
	uint64_t		 job;
	CURL			*easy;
	struct curl_slist	*hdrs;
	struct buf		 reply;
	size_t			 reply_max;
	char			 errbuf[CURL_ERROR_SIZE];
	int			 started;
	json_t			*step;		/* a lookup step's */
};

/* A mark's or a result's write: each adapter's has this head first. */
struct state_write {
	struct state_drain	*d;
	struct state_req	*rq;
	struct state_result	 res;
};

/*
 * What both BioTrack adapters hold (first in each): the drain, the
 * login, the lookups and the state's rooms.
 */
#define STATE_SITE_SECRETS	4
struct state_site {
	struct state_drain	 d;		/* srv, loop, the one rq */
	char			*url;
	char			*secrets[STATE_SITE_SECRETS];
	u_int			 nsecrets;
	long			 timeout;
	char			 session[128];	/* a session id, a token */
	int64_t			 hold_until;
	int64_t			 destroy_wait;	/* µs, schedule to destroy */
	struct state_look	 lk;		/* lookups, a reconciliation */
	json_t			*rooms;		/* the state's; NULL: unread */
	int64_t			 rooms_at;	/* when read */
	int64_t			 rooms_hold;	/* not again before */
	json_t			*room_map;	/* biotrack-rooms */
};

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
void	*state_drain_begin(struct state_drain *, int64_t, size_t, int64_t *);
int	state_drain_next_job(struct state_drain *, void *, int64_t,
	    struct outbox_job *, struct outbox_job *, int *);
CURL	*state_req_easy(struct state_req *, const char *, size_t, long);
void	state_req_send(struct state_drain *, struct state_req *,
	    const char *);
void	state_req_clear(struct state_req *);
void	*state_write_new(struct state_drain *, void *, size_t);
void	state_write_mark(struct state_drain *, const char *,
	    int (*)(struct op_ctx *), void (*)(struct op_ctx *), void *);
void	state_write_apply(struct state_drain *, const char *,
	    int (*)(struct op_ctx *), void *);
void	state_json_free(void *);
int	state_site_start(struct state_site *, struct server *, const char *,
	    const char *, const char *const *, u_int, void (*)(void *, void *,
	    CURLcode), void (*)(void *), void (*)(void *), char **);
void	state_site_stop(struct state_site *);
int	state_site_reconcile(struct state_site *, struct op_ctx *,
	    const char *, const char *, const char *);
int	state_site_check_url(struct options *, const char *, const char *,
	    char **);
int	state_site_check(struct options *, const char *, const char *const *,
	    u_int, const char *, char **);
void	state_site_destroy(struct state_site *, struct store_txn *,
	    const struct outbox_job *, struct outbox_job *, int, int64_t);
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
