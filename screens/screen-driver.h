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

#ifndef SCREEN_DRIVER_H
#define SCREEN_DRIVER_H

/*
 * The driver's screens (stash --driver): screen-driver.c (taking a trip,
 * the route) and screen-driver-stop.c (one stop: the ID, the payment, the
 * receipt), and what they share: the big status line and a one-line
 * prompt.
 */

#include "client-op.h"

#ifndef nitems
#define nitems(a) (sizeof (a) / sizeof (a)[0])
#endif

typedef void	(*screen_driver_cb)(const char *);

void		 screen_driver_status(int);
void		 screen_driver_ask(const char *, int, screen_driver_cb);
int		 screen_driver_prompting(void);
void		 screen_driver_prompt_cancel(void);
int		 screen_driver_prompt_key(int);
void		 screen_driver_prompt_draw(int, int, int);
char		*screen_driver_hhmm(int64_t, char *, size_t);
void		 screen_driver_recorded(int, char *);

#endif /* SCREEN_DRIVER_H */
