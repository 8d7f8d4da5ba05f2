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

#include <string.h>

#include <sodium.h>

#include "server.h"
#include "curl-loop.h"

/* libcurl multi on libevent (curl-loop.h). */

static void
curl_loop_event_cb(evutil_socket_t fd, short what, void *arg)
{
	struct curl_loop	*cl = arg;
	int			 running, flags = 0;

	if (what & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(cl->multi, fd, flags, &running);
	/*
	 * Not multi-event.c's "if nothing is running, drop the timer": check
	 * may start another request (the next page of a list) after running
	 * was counted, and its timer must stay.
	 */
	cl->check(cl->arg);
}

static void
curl_loop_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct curl_loop	*cl = arg;
	int			 running;

	curl_multi_socket_action(cl->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	cl->check(cl->arg);
}

static int
curl_loop_socket_cb(CURL *e, curl_socket_t s, int what, void *userp,
    void *socketp)
{
	struct curl_loop	*cl = userp;
	struct event		*ev = socketp;
	short			 kind;

	if (what == CURL_POLL_REMOVE) {
		if (ev != NULL) {
			event_free(ev);
			curl_multi_assign(cl->multi, s, NULL);
		}
		return (0);
	}
	kind = EV_PERSIST;
	if (what & CURL_POLL_IN)
		kind |= EV_READ;
	if (what & CURL_POLL_OUT)
		kind |= EV_WRITE;
	if (ev != NULL) {
		event_del(ev);
		event_assign(ev, cl->base, s, kind, curl_loop_event_cb, cl);
	} else {
		ev = event_new(cl->base, s, kind, curl_loop_event_cb, cl);
		curl_multi_assign(cl->multi, s, ev);
	}
	event_add(ev, NULL);
	return (0);
}

static int
curl_loop_timer_cb(CURLM *multi, long ms, void *userp)
{
	struct curl_loop	*cl = userp;
	struct timeval		 tv;

	if (ms < 0) {
		evtimer_del(cl->timer_ev);
		return (0);
	}
	if (ms == 0)
		ms = 1;	/* as multi-event.c: never call curl from here */
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(cl->timer_ev, &tv);
	return (0);
}

/* A multi on base; check(arg) reads its finished transfers. */
void
curl_loop_init(struct curl_loop *cl, struct event_base *base,
    void (*check)(void *), void *arg)
{
	memset(cl, 0, sizeof *cl);
	cl->base = base;
	cl->check = check;
	cl->arg = arg;
	if ((cl->multi = curl_multi_init()) == NULL)
		fatalx("curl_multi_init failed");
	curl_multi_setopt(cl->multi, CURLMOPT_SOCKETFUNCTION,
	    curl_loop_socket_cb);
	curl_multi_setopt(cl->multi, CURLMOPT_SOCKETDATA, cl);
	curl_multi_setopt(cl->multi, CURLMOPT_TIMERFUNCTION,
	    curl_loop_timer_cb);
	curl_multi_setopt(cl->multi, CURLMOPT_TIMERDATA, cl);
	cl->timer_ev = evtimer_new(base, curl_loop_timeout_cb, cl);
}

/* The transfers are the owner's to remove first. */
void
curl_loop_free(struct curl_loop *cl)
{
	curl_multi_cleanup(cl->multi);
	event_free(cl->timer_ev);
}

/*
 * A write callback's body: the n bytes at p join the reply in b, unless
 * it would grow past max; then 0, and the transfer fails.
 */
size_t
curl_loop_keep(struct buf *b, size_t max, const char *p, size_t n)
{
	if (b->len + n > max)
		return (0);
	buf_add(b, p, n);
	return (n);
}

/*
 * The wait before attempt number attempts of a request to a state
 * system, in microseconds: doubling from a second up to max seconds,
 * with jitter from half to one and a half times.
 */
int64_t
curl_loop_backoff(int attempts, int64_t max)
{
	int64_t	s;

	if (attempts < 1)
		attempts = 1;
	s = attempts > 12 ? max : (int64_t)1 << (attempts - 1);
	if (s > max)
		s = max;
	return (s * 500000 + (int64_t)randombytes_uniform(
	    (uint32_t)(s * 1000)) * 1000);
}

/*
 * A request's curl handle, ready for the loop: arg is its private pointer
 * and the write callback's, errbuf its CURL_ERROR_SIZE error buffer.
 */
CURL *
curl_loop_easy(void *arg, char *errbuf, curl_write_callback cb)
{
	CURL	*e;

	if ((e = curl_easy_init()) == NULL)
		fatalx("curl_easy_init failed");
	curl_easy_setopt(e, CURLOPT_PRIVATE, arg);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, arg);
	return (e);
}

/*
 * Start e on the loop on a connection of its own: a write to a state
 * system is never resent by libcurl on a dead reused connection.
 */
void
curl_loop_add_fresh(struct curl_loop *cl, CURL *e)
{
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	if (curl_multi_add_handle(cl->multi, e) != CURLM_OK)
		fatalx("curl_multi_add_handle failed");
}

/* A finished or abandoned request's handle, headers and reply. */
void
curl_loop_req_clear(CURL *e, struct curl_slist *hdrs, struct buf *reply)
{
	if (e != NULL)
		curl_easy_cleanup(e);
	curl_slist_free_all(hdrs);
	buf_free(reply);
}
