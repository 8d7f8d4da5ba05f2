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

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "client-op.h"
#include "dev.h"

/*
 * An ID scan from a keyboard-wedge scanner, shared by the door and the
 * register. The scanner types the card's PDF417 payload, which holds LF,
 * RS and CR of its own, so Enter cannot end it: an '@' at the start of a
 * burst (client_idscan_start) turns on key capture (ui_key_capture) and
 * every byte is kept as it came until the input has been quiet for
 * IDSCAN_IDLE, the idle-gap framing the serial AAMVA driver uses. Then the
 * bytes go to its parser (devices/dev-id-aamva.c) and the caller is given
 * the ID, or a message saying why it could not be read. A serial ID
 * scanner's ID comes parsed from client-dev.c (client_dev_on_id) instead.
 *
 * The payload is wiped once parsed; the ID given to the callback is wiped
 * after it returns (the callback copies what it keeps). Nothing is logged.
 */

#define IDSCAN_IDLE	250000		/* µs of quiet that end a scan */

static void	client_idscan_idle(evutil_socket_t, short, void *);

/*
 * The callback a screen that takes IDs as a serial scanner gives them
 * wants: the ID to to->fn, or why it could not be read on the status line,
 * with a beep. arg is the struct client_idscan_to.
 */
void
client_idscan_to(const struct dev_id *id, const char *err, void *arg)
{
	const struct client_idscan_to	*to = arg;

	ui_screen_dirty();
	if (id == NULL) {
		ui_status_set(UI_ERROR, "%s", err);
		ui_screen_beep();
		return;
	}
	to->fn(id);
}

void
client_idscan_init(struct client_idscan *is, struct event_base *base,
    client_idscan_cb cb, void *arg)
{
	memset(is, 0, sizeof *is);
	is->buf = xcalloc(1, DEV_SCAN_MAX);
	is->size = DEV_SCAN_MAX;
	is->ev = evtimer_new(base, client_idscan_idle, is);
	if (is->ev == NULL)
		fatalx("%s: evtimer_new", __func__);
	is->cb = cb;
	is->arg = arg;
}

void
client_idscan_free(struct client_idscan *is)
{
	if (is->buf == NULL)
		return;
	if (is->capturing)
		ui_key_capture(0);
	event_free(is->ev);
	explicit_bzero(is->buf, is->size);
	free(is->buf);
	memset(is, 0, sizeof *is);
}

/* Is a scan being read? Keys go to client_idscan_key meanwhile. */
int
client_idscan_capturing(const struct client_idscan *is)
{
	return (is->capturing);
}

/* An '@' started a burst: read the rest of it as an ID. */
void
client_idscan_start(struct client_idscan *is)
{
	struct timeval	tv = { 0, IDSCAN_IDLE };

	explicit_bzero(is->buf, is->size);
	is->buf[0] = '@';
	is->len = 1;
	is->overflow = 0;
	is->capturing = 1;
	ui_key_capture(1);
	evtimer_add(is->ev, &tv);
}

/* A byte of the scan. */
void
client_idscan_key(struct client_idscan *is, int key)
{
	struct timeval	tv = { 0, IDSCAN_IDLE };

	if (key >= 0 && key < 0x100) {
		if (is->len < is->size)
			is->buf[is->len++] = (u_char)key;
		else
			is->overflow = 1;
	}
	evtimer_add(is->ev, &tv);
}

/* The scanner has been quiet: the payload is complete. */
static void
client_idscan_idle(__unused evutil_socket_t fd, __unused short events,
    void *arg)
{
	struct client_idscan	*is = arg;
	struct dev_id		 id;
	char			 err[DEV_MSG_MAX], msg[DEV_MSG_MAX + 32];

	ui_key_capture(0);
	is->capturing = 0;
	memset(&id, 0, sizeof id);
	if (is->overflow) {
		explicit_bzero(is->buf, is->size);
		is->len = 0;
		is->cb(NULL, "That scan was too long to be an ID: scan again",
		    is->arg);
		return;
	}
	if (dev_id_aamva_parse(is->buf, is->len, &id, err, sizeof err) != 0) {
		explicit_bzero(is->buf, is->size);
		is->len = 0;
		explicit_bzero(&id, sizeof id);
		snprintf(msg, sizeof msg, "Cannot read the ID: %s", err);
		is->cb(NULL, msg, is->arg);
		return;
	}
	explicit_bzero(is->buf, is->size);
	is->len = 0;
	log_debug("idscan: ID scanned (AAMVA version %d)", id.version);
	is->cb(&id, NULL, is->arg);
	explicit_bzero(&id, sizeof id);
}

/*
 * The customer of a customer.search reply whose ID number is number, or
 * NULL: a search matches names and phones too, and only the same ID
 * document is the same person.
 */
const struct client_op_customer *
client_idscan_match(const struct client_op_customer_list *l,
    const char *number)
{
	const char	*n;
	u_int		 i;

	for (i = 0; i < l->n; i++) {
		n = l->list[i].id_number;
		if (n != NULL && *n != '\0' && strcasecmp(n, number) == 0)
			return (&l->list[i]);
	}
	return (NULL);
}
