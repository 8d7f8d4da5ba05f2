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
#ifndef BIOTRACK_SIM_H
#define BIOTRACK_SIM_H

/* stash-biotrack-sim: its legacy surface and its v2024 surface. */

#include <event2/http.h>
#include <jansson.h>

#define SIM24_LICENSE	"MMTC-2019-0042"

struct sim24;

/* biotrack-sim.c */
void		 sim_reply(struct evhttp_request *, int, json_t *);
int		 sim_rows(struct evhttp_request *, const char *, const char *,
		     json_t *, json_t **);

/* biotrack-sim-v2024.c */
struct sim24	*sim24_new(const char *, const char *, const char *,
		     const char *);
int		 sim24_request(struct sim24 *, struct evhttp_request *,
		     const char *, const char *, json_t *);

#endif /* BIOTRACK_SIM_H */
