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

#ifndef CURL_LOOP_H
#define CURL_LOOP_H

/*
 * libcurl's multi interface on libevent, after curl's multi-event.c: one
 * event per socket curl watches and one timer. After curl has run, check
 * is called to take the finished transfers off the multi; the Metrc drain
 * (metrc-curl.c) and the notification drain (notify-curl.c) each have one.
 */

#include <curl/curl.h>
#include <event2/event.h>

struct curl_loop {
	CURLM			*multi;
	struct event_base	*base;
	struct event		*timer_ev;	/* curl's timeout */
	void			(*check)(void *);
	void			*arg;
};

/* curl-loop.c */
void	curl_loop_init(struct curl_loop *, struct event_base *,
	    void (*)(void *), void *);
void	curl_loop_free(struct curl_loop *);
struct buf;
size_t	curl_loop_keep(struct buf *, size_t, const char *, size_t);
int64_t	curl_loop_backoff(int, int64_t);
CURL	*curl_loop_easy(void *, char *, curl_write_callback);
void	curl_loop_add_fresh(struct curl_loop *, CURL *);
void	curl_loop_req_clear(CURL *, struct curl_slist *, struct buf *);

#endif /* CURL_LOOP_H */
