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

#include "server.h"
#include "route.h"
#include "curl-loop.h"

/*
 * Road travel times from an OSRM-compatible table service (route-url,
 * stash.conf(5)): GET URL/table/v1/driving/LON,LAT;LON,LAT;...
 * ?annotations=duration,distance, with libcurl's multi interface on the
 * event loop, never blocking it. The answer is the matrix of seconds and
 * metres between every pair of points (the depot first), checked whole:
 * a service that is down, slow (ROUTE_OSRM_TIMEOUT), answers something
 * else, or cannot route between two of the points gives no matrix, and
 * the caller falls back to the optimiser's straight-line estimate.
 *
 * The URL may carry a key: it is never logged.
 */

#define ROUTE_OSRM_TIMEOUT	5L		/* seconds */
#define ROUTE_OSRM_REPLY_MAX	(4 * 1024 * 1024)

struct route_osrm_req {
	CURL			*easy;
	u_int			 n;
	struct buf		 reply;
	char			 errbuf[CURL_ERROR_SIZE];
	route_osrm_cb		 cb;
	void			*arg;
	TAILQ_ENTRY(route_osrm_req) entry;
};

static struct curl_loop			 route_osrm_loop;
static int				 route_osrm_on;
static TAILQ_HEAD(, route_osrm_req)	 route_osrm_reqs =
    TAILQ_HEAD_INITIALIZER(route_osrm_reqs);

static void
route_osrm_free(struct route_osrm_req *rq)
{
	curl_loop_req_clear(rq->easy, NULL, &rq->reply);
	free(rq);
}

static size_t
route_osrm_write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct route_osrm_req	*rq = arg;

	return (curl_loop_keep(&rq->reply, ROUTE_OSRM_REPLY_MAX, p,
	    size * n));
}

static void
route_osrm_done(struct route_osrm_req *rq, CURLcode cc)
{
	int64_t		*dur = NULL, *dist = NULL;
	long		 status = 0;
	const char	*why;

	curl_easy_getinfo(rq->easy, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK)
		why = "no answer from the route service";
	else
		why = route_osrm_table(status, rq->reply.data, rq->reply.len,
		    rq->n, &dur, &dist);
	if (why != NULL)
		log_info("route: %s (HTTP %ld): straight-line estimates", why,
		    status);
	rq->cb(why == NULL ? ROUTE_OSRM_OK : ROUTE_OSRM_FAILED, dur, dist,
	    rq->arg);
}

static void
route_osrm_check(void *arg)
{
	struct route_osrm_req	*rq;
	CURLMsg			*msg;
	int			 left;

	while ((msg = curl_multi_info_read(route_osrm_loop.multi,
	    &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &rq);
		curl_multi_remove_handle(route_osrm_loop.multi,
		    msg->easy_handle);
		TAILQ_REMOVE(&route_osrm_reqs, rq, entry);
		route_osrm_done(rq, msg->data.result);
		route_osrm_free(rq);
	}
}

/*
 * Ask url for the road times between n points (the depot first); cb is
 * called once, later, from the event loop: with the matrices ((n)^2,
 * the caller frees them), with NULLs when there is no answer to use, or
 * with ROUTE_OSRM_STOPPING when stashd stops first.
 */
void
route_osrm_ask(struct server *srv, const char *url,
    const struct route_point *pts, u_int n, route_osrm_cb cb, void *arg)
{
	struct route_osrm_req	*rq;
	struct buf		 u;
	CURL			*e;

	if (!route_osrm_on) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
			fatalx("curl_global_init failed");
		curl_loop_init(&route_osrm_loop, srv->base, route_osrm_check,
		    NULL);
		route_osrm_on = 1;
	}
	buf_init(&u);
	route_osrm_url(&u, url, pts, n);

	rq = xcalloc(1, sizeof *rq);
	rq->n = n;
	rq->cb = cb;
	rq->arg = arg;
	buf_init(&rq->reply);
	rq->easy = e = curl_loop_easy(rq, rq->errbuf, route_osrm_write_cb);
	curl_easy_setopt(e, CURLOPT_URL, (char *)u.data);
	buf_free(&u);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, ROUTE_OSRM_TIMEOUT);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, ROUTE_OSRM_TIMEOUT);
	TAILQ_INSERT_TAIL(&route_osrm_reqs, rq, entry);
	if (curl_multi_add_handle(route_osrm_loop.multi, e) != CURLM_OK)
		fatalx("curl_multi_add_handle failed");
}

/* stashd stops: every question still out is answered "stopping". */
void
route_osrm_stop(void)
{
	struct route_osrm_req	*rq;

	if (!route_osrm_on)
		return;
	while ((rq = TAILQ_FIRST(&route_osrm_reqs)) != NULL) {
		TAILQ_REMOVE(&route_osrm_reqs, rq, entry);
		curl_multi_remove_handle(route_osrm_loop.multi, rq->easy);
		rq->cb(ROUTE_OSRM_STOPPING, NULL, NULL, rq->arg);
		route_osrm_free(rq);
	}
	curl_loop_free(&route_osrm_loop);
	curl_global_cleanup();
	route_osrm_on = 0;
}
