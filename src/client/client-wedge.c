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

#include "client.h"

/*
 * A keyboard-wedge scanner types a code into the terminal as if it were a
 * keyboard, very fast, and ends it with Enter. stash tells it from a person
 * by timing alone, so a scan can be taken as a scan whatever the screen is
 * waiting for (a scan while the cash prompt is open goes to the cart, not
 * into the cash amount).
 *
 * A burst is a run of printable keys with no gap longer than
 * WEDGE_BURST_GAP. A burst followed promptly by Enter is a scan when it has
 * at least WEDGE_MIN_CHARS characters and its keys, Enter included, came at
 * a mean gap under WEDGE_MAX_MEAN_GAP.
 */

/*
 * Codes worth scanning are at least this long: SKUs are six or more
 * characters, package tags 24. Shorter bursts (a PIN typed quickly, "20" for
 * cash) are a person.
 */
#define WEDGE_MIN_CHARS		6

/*
 * Mean time between keys of a scan. Scanners send a character every 1 to
 * 15 ms (USB HID polls at 1 to 8 ms); a fast typist averages 80 ms or more
 * between keys and cannot keep under 30 ms for six keys, key repeat is
 * 33 ms at its usual 30 per second.
 */
#define WEDGE_MAX_MEAN_GAP	30000	/* µs */

/* A pause this long ends a burst: no scanner stops this long mid-code. */
#define WEDGE_BURST_GAP		100000	/* µs */

void
client_wedge_reset(struct client_wedge *w)
{
	memset(w, 0, sizeof *w);
}

/*
 * A key was typed at time now (µs, monotonic). Returns 1 if it starts a new
 * burst: the caller marks its input, to put it back if this was a scan.
 */
int
client_wedge_key(struct client_wedge *w, int key, int64_t now)
{
	if (!UI_KEY_PRINTABLE(key)) {
		if (key != UI_KEY_ENTER)
			client_wedge_reset(w);
		return (0);
	}
	if (w->len == 0 || now - w->last > WEDGE_BURST_GAP ||
	    w->len >= sizeof w->buf - 1) {
		w->buf[0] = (char)key;
		w->len = 1;
		w->first = w->last = now;
		return (1);
	}
	w->buf[w->len++] = (char)key;
	w->last = now;
	return (0);
}

/*
 * Enter was pressed at time now. Returns 1 and the code in out if the burst
 * before it was a scan; 0 if a person typed it. Either way the burst ends.
 */
int
client_wedge_enter(struct client_wedge *w, int64_t now, char *out,
    size_t len)
{
	int	scan = 0;

	if (w->len >= WEDGE_MIN_CHARS && now - w->last <= WEDGE_BURST_GAP &&
	    (now - w->first) / (int64_t)w->len < WEDGE_MAX_MEAN_GAP &&
	    w->len < len) {
		memcpy(out, w->buf, w->len);
		out[w->len] = '\0';
		scan = 1;
	}
	client_wedge_reset(w);
	return (scan);
}
