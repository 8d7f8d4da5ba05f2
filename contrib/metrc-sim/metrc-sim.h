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

#ifndef METRC_SIM_H
#define METRC_SIM_H

/*
 * stash-metrc-sim: a stateful server speaking the subset of the Metrc v2
 * API a retailer uses (see doc/stash-metrc-sim.1), with fault injection
 * and a request log for tests.
 *
 * The whole state is one jansson tree; each change is appended to a
 * journal beside the state file before it is answered, and the journal is
 * compacted into the state file now and then (metrc-sim-state.c). Quantities in it are integer thousandths of their unit of
 * measure and amounts integer cents; both are converted to and from JSON
 * decimals exactly, never through a float.
 */

#include <event2/event.h>
#include <event2/http.h>

#include "stash.h"

#ifndef nitems
#define nitems(a) (sizeof (a) / sizeof (a)[0])
#endif

#define METRC_SIM_MAX_OBJECTS	10	/* per POST/PUT body, else 413 */
#define METRC_SIM_MAX_PAGE	20	/* pageSize */
#define METRC_SIM_MAX_BODY	(1024 * 1024)
#define METRC_SIM_MAX_LOG	10000	/* requests kept for /_sim/requests */
#define METRC_SIM_HANG		60	/* seconds a "timeout" request hangs */

#define METRC_SIM_VENDOR_KEY	"sim-vendor-key"
#define METRC_SIM_USER_KEY	"sim-user-key"
#define METRC_SIM_V1_KEY	"sim-v1-vendor-key"
#define METRC_SIM_V1_MESSAGE \
	"The provided API key is only valid for V1 API endpoints."

/* Faults, from -f or POST /_sim/faults. */
struct metrc_sim_faults {
	int		 latency_ms;
	int		 fail_rate;	/* per mille; -1: every request */
	int		 fail_next;	/* the next N requests, then clear */
	int		 status;	/* 429, 500, 503 ... */
	int		 retry_after;	/* seconds, 0: no header */
	int		 reset;
	int		 timeout_after_apply;
	int		 malformed;
	int		 v1_key;
	char		 path[128];	/* only paths starting with this */
	char		 method[16];	/* only this method */
	uint64_t	 seed;
	int		 rate_per_sec;	/* requests a licence may make each
					   second, then 429; 0: no limit */
};

/* Requests of one licence in the current second, for rate_per_sec. */
#define METRC_SIM_RATE_SLOTS	16
struct metrc_sim_rate {
	char		 license[64];
	int64_t		 second;
	int		 count;
};

/* One reply, built by a handler and sent (maybe later) by metrc-sim.c. */
struct metrc_sim_reply {
	int		 status;
	char		*body;		/* NULL: empty */
	const char	*ctype;
	int		 changed;	/* state changed: save it */
};

/* One request to a Metrc endpoint. */
struct metrc_sim_req {
	int			 method;	/* EVHTTP_REQ_* */
	const char		*path;
	char			**seg;		/* decoded path segments */
	u_int			 nseg;
	struct evkeyvalq	*query;
	json_t			*body;		/* parsed, NULL if none */
	const char		*license;	/* checked licenseNumber */
	json_t			*facility;
};

struct metrc_sim {
	struct event_base	*base;
	struct evhttp		*http;
	char			*statefile;
	char			*seed;
	char			*vendor_key;
	char			*user_key;
	char			*v1_key;
	json_t			*state;
	json_t			*log;
	json_int_t		 log_seq;
	struct metrc_sim_faults	 faults;
	int			 wrapped;	/* /_sim/shape */
	struct metrc_sim_rate	 rates[METRC_SIM_RATE_SLOTS];
	uint64_t		 rng;
	int64_t			 now;		/* the request's clock, µs */
	int			 jfd;		/* the journal, -1 if none */
	json_int_t		 jseq;		/* its last line's number */
	size_t			 jsize;		/* its length */
	size_t			 state_size;	/* the state file's */
};

/* metrc-sim.c */
void		 metrc_sim_reply_json(struct metrc_sim_reply *, int, json_t *);
void		 metrc_sim_reply_message(struct metrc_sim_reply *, int,
		     const char *, ...) printflike(3, 4);
const char	*metrc_sim_query(struct metrc_sim_req *, const char *);
int64_t		 metrc_sim_now(void);
int		 metrc_sim_replay(struct metrc_sim *, json_t *, char **);

/* metrc-sim-json.c: exact decimals, dates and JSON in and out. */
char		*metrc_sim_json_mark(const char *, size_t, char **);
json_t		*metrc_sim_json_parse(const char *, size_t, char **);
char		*metrc_sim_json_dump(json_t *);
int		 metrc_sim_json_dec(json_t *, int, int64_t *);
json_t		*metrc_sim_json_decimal(int64_t, int);
void		 metrc_sim_json_fmt(int64_t, int, char *, size_t);
const char	*metrc_sim_json_str(json_t *, const char *);
json_int_t	 metrc_sim_json_int(json_t *, const char *);
int		 metrc_sim_json_local(const char *, char *, size_t);
int64_t		 metrc_sim_json_time(const char *);
void		 metrc_sim_json_timefmt(int64_t, char *, size_t);
int		 metrc_sim_json_date(const char *);

/* metrc-sim-state.c */
int		 metrc_sim_state_load(struct metrc_sim *, char **);
int		 metrc_sim_state_save(struct metrc_sim *, char **);
int		 metrc_sim_state_compact(struct metrc_sim *, char **);
int		 metrc_sim_state_journal(struct metrc_sim *, int, char **);
int		 metrc_sim_state_lock(struct metrc_sim *, char **);
int		 metrc_sim_state_record(struct metrc_sim *, const char *,
		     const char *, const char *, size_t, char **);
json_t		*metrc_sim_state_seed(const char *, char **);
json_int_t	 metrc_sim_state_id(struct metrc_sim *);
json_t		*metrc_sim_state_list(struct metrc_sim *, const char *);
json_t		*metrc_sim_state_facility(struct metrc_sim *, const char *);
json_t		*metrc_sim_state_find(struct metrc_sim *, const char *,
		     const char *, const char *);
json_t		*metrc_sim_state_find_id(struct metrc_sim *, const char *,
		     json_int_t);

/* metrc-sim-api.c */
#define METRC_SIM_LIC_NONE	0
#define METRC_SIM_LIC_REQUIRED	1
#define METRC_SIM_LIC_OPTIONAL	2
int		 metrc_sim_api_route(struct metrc_sim *, struct metrc_sim_req *,
		     int *, int *);
const char	*metrc_sim_api_badparam(int, struct metrc_sim_req *);
void		 metrc_sim_api_call(struct metrc_sim *, int,
		     struct metrc_sim_req *, struct metrc_sim_reply *);
int		 metrc_sim_api_hold(struct metrc_sim *, const char *, int, int,
		     char **);
int		 metrc_sim_api_receive(struct metrc_sim *, json_int_t, char **);
int		 metrc_sim_api_lab_set(struct metrc_sim *, const char *, int,
		     char **);
json_t		*metrc_sim_api_reasons_of(json_t *);
int		 metrc_sim_api_set_reasons(struct metrc_sim *, json_t *,
		     char **);

#endif /* METRC_SIM_H */
