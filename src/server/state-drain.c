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

#include <curl/curl.h>
#include <event2/event.h>

#include "server.h"
#include "state-drain.h"

static void
state_drain_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct state_drain	*d = arg;

	d->next(d->arg);
}

/* A commit while idle may have queued a job: look soon. */
static void
state_drain_committed(struct server *srv, int ok, json_t *events, void *arg)
{
	struct state_drain	*d = arg;

	if (ok && d->rq == NULL && !evtimer_pending(d->kick_ev, NULL))
		curl_loop_kick_in(d->kick_ev, 100000);
}

/*
 * Start the drain on srv's loop: next(arg) runs now, every interval
 * seconds and when kicked; check(arg) after curl has run; rq_free frees
 * a request of the adapter's.
 */
void
state_drain_start(struct state_drain *d, struct server *srv,
    int64_t interval, void (*check)(void *), void (*next)(void *),
    void (*rq_free)(void *), void *arg)
{
	struct timeval	tv;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("curl_global_init failed");
	d->srv = srv;
	d->next = next;
	d->rq_free = rq_free;
	d->arg = arg;
	curl_loop_init(&d->loop, srv->base, check, arg);
	d->kick_ev = evtimer_new(srv->base, state_drain_tick_cb, d);
	d->tick_ev = event_new(srv->base, -1, EV_PERSIST, state_drain_tick_cb,
	    d);
	tv.tv_sec = interval;
	tv.tv_usec = 0;
	event_add(d->tick_ev, &tv);
	batch_hook_add(srv, state_drain_committed, d);
	curl_loop_kick_in(d->kick_ev, 0);
}

/*
 * Stop the drain. A request in flight (its handle e, or NULL if none was
 * sent) is dropped: its job stays uncertain and is settled later.
 */
void
state_drain_stop(struct state_drain *d, CURL *e)
{
	batch_hook_remove(d->srv, state_drain_committed, d);
	if (e != NULL) {
		curl_multi_remove_handle(d->loop.multi, e);
		d->rq_free(d->rq);
	}
	curl_loop_free(&d->loop);
	event_free(d->kick_ev);
	event_free(d->tick_ev);
	curl_global_cleanup();
}

/* The request rq is done with: freed, and the next step in wait µs. */
void
state_drain_release(struct state_drain *d, void *rq, int64_t wait)
{
	d->rq = NULL;
	d->rq_free(rq);
	curl_loop_kick_in(d->kick_ev, wait);
}
