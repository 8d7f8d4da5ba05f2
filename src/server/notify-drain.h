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

#ifndef NOTIFY_DRAIN_H
#define NOTIFY_DRAIN_H

/*
 * stashd's notification drain, private to notify.c and notify-curl.c
 * (the library's notify.h is the outbox itself): libcurl multi on the
 * server's event base, a few sends at a time, each job's outcome written
 * through the group commit.
 */

#include <curl/curl.h>

#include "server.h"
#include "curl-loop.h"
#include "notify.h"

#define NOTIFY_INFLIGHT		4	/* sends at once */
#define NOTIFY_SCAN		1000	/* due entries looked at a pick */
#define NOTIFY_MAX_REPLY	4096	/* bytes of a webhook's answer kept */

enum notify_outcome {
	NOTIFY_SENT = 1,	/* the receiver took it */
	NOTIFY_AGAIN,		/* not this time: retry after a wait */
	NOTIFY_REFUSED,		/* refused for good: an exception */
};

struct notify_drain;

struct notify_req {
	struct notify_drain	*d;
	uint64_t		 job;
	int			 channel;
	uint64_t		 order;
	int			 kind;
	CURL			*easy;
	struct curl_slist	*hdrs;
	struct curl_slist	*rcpt;
	char			*body;
	size_t			 len;
	size_t			 off;		/* mail: bytes uploaded */
	size_t			 replied;	/* webhook: answer bytes */
	char			 errbuf[CURL_ERROR_SIZE];
	/* The outcome, written by the group commit. */
	int			 outcome;
	char			 why[NOTIFY_ERROR_MAX + 1];
};

struct notify_drain {
	struct server		*srv;
	struct curl_loop	 loop;		/* curl's multi */
	struct event		*tick_ev;	/* notify-interval */
	struct event		*wake_ev;	/* after a commit */

	char			*smtp_url;	/* NULL: no mail */
	int			 smtp_tls;	/* require STARTTLS */
	char			*smtp_from;
	char			*smtp_user;
	char			*smtp_pass;
	char			*webhook_url;	/* NULL: no webhook */
	u_char			*secret;
	size_t			 secretlen;
	long			 timeout;	/* s */
	int64_t			 retry;		/* µs */
	int64_t			 retry_max;
	int64_t			 max_age;

	struct notify_store	 ns;

	/* Jobs being sent or whose outcome is not yet committed. */
	uint64_t		 claimed[NOTIFY_INFLIGHT];
	struct notify_req	*reqs[NOTIFY_INFLIGHT];	/* in flight */
	uint64_t		 sent, again, refused;	/* statistics */
};

/* notify.c */
int		 notify_start(struct server *, char **);
void		 notify_stop(struct server *);
void		 notify_done(struct notify_drain *, struct notify_req *,
		     CURLcode);

/* notify-curl.c */
void		 notify_curl_init(struct notify_drain *);
void		 notify_curl_start(struct notify_drain *, struct notify_req *);
void		 notify_curl_free(struct notify_req *);
void		 notify_curl_classify(struct notify_req *, CURLcode, long);

#endif /* NOTIFY_DRAIN_H */
