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

#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "dev.h"

/*
 * The line framer the scale drivers share. Bytes come in as the line
 * delivers them; whole lines (or frames) go out to the driver's parser, and
 * the framer reports what is wrong with the rest: a line over its bound,
 * bytes outside a frame, a frame cut off when the line went quiet.
 *
 * Two kinds of framing:
 * - lines: every byte belongs to the current line, which ends at the end
 *   byte. With end '\n' a CR before it is dropped; with DEV_LINE_CRLF only
 *   CR LF ends a line (a lone LF is data).
 * - frames: with a start byte, a frame opens at it and ends at the end
 *   byte; bytes between frames are counted and reported as junk when the
 *   next frame opens or the line goes quiet. With DEV_LINE_RESTART a start
 *   byte inside a frame opens a new one (the cut-off one counts as junk);
 *   without it the start byte is data inside a frame.
 */

void
dev_line_init(struct dev_line *l, size_t max, u_char start, u_char end,
    int flags, const char *who, const char *what,
    void (*cb)(const u_char *, size_t, dev_emit_cb, void *))
{
	memset(l, 0, sizeof *l);
	dev_frame_init(&l->frame, max);
	l->start = start;
	l->end = end;
	l->flags = flags;
	l->who = who;
	l->what = what;
	l->cb = cb;
}

static void
dev_line_junk(struct dev_line *l, dev_emit_cb cb, void *arg)
{
	if (l->junk != 0) {
		dev_emit_status(cb, arg, DEV_ST_GARBAGE, "%s sent %zu bytes "
		    "outside a %s", l->who, l->junk, l->what);
	}
	l->junk = 0;
}

/* Is c, with the frame so far, the end of a line or frame? */
static int
dev_line_end(struct dev_line *l, u_char c)
{
	struct dev_frame	*f = &l->frame;

	if (c != l->end)
		return (0);
	if (l->flags & DEV_LINE_CRLF)
		return (f->len > 0 && f->data[f->len - 1] == '\r');
	return (1);
}

void
dev_line_feed(struct dev_line *l, const u_char *data, size_t len,
    dev_emit_cb cb, void *arg)
{
	struct dev_frame	*f = &l->frame;
	size_t			 i, n;
	u_char			 c;

	for (i = 0; i < len; i++) {
		c = data[i];
		if (l->start != 0 && c == l->start &&
		    (!l->in || (l->flags & DEV_LINE_RESTART))) {
			if (l->in && !f->overflow)
				l->junk += f->len;
			dev_line_junk(l, cb, arg);
			l->in = 1;
			dev_frame_reset(f);
			continue;
		}
		if (l->start != 0 && !l->in) {
			l->junk++;
			continue;
		}
		if (dev_line_end(l, c)) {
			if (!f->overflow) {
				n = f->len;
				if (c == '\n' && n > 0 &&
				    f->data[n - 1] == '\r')
					n--;
				l->cb(f->data, n, cb, arg);
			}
			l->in = 0;
			dev_frame_reset(f);
			continue;
		}
		if (dev_frame_add(f, c) != 0) {
			dev_emit_status(cb, arg, DEV_ST_TOO_LONG, "%s sent a "
			    "%s over %zu bytes: dropped", l->who, l->what,
			    f->max);
		}
	}
}

/* The line went quiet: a frame begun and not ended is reported, dropped. */
void
dev_line_idle(struct dev_line *l, dev_emit_cb cb, void *arg)
{
	struct dev_frame	*f = &l->frame;
	int			 cut;

	if (l->start != 0)
		cut = (l->in && !f->overflow) || l->junk != 0;
	else
		cut = f->len != 0 && !f->overflow;
	if (cut) {
		dev_emit_status(cb, arg, DEV_ST_GARBAGE, "%s stopped in the "
		    "middle of a %s", l->who, l->what);
	}
	l->in = 0;
	l->junk = 0;
	dev_frame_reset(f);
}

/*
 * A driver whose state is a struct dev_line and nothing else uses these
 * as its free, feed, idle and request: a request is sent as l->cmds has
 * it, -1 for one the scale has no command for.
 */
void
dev_line_free(void *p)
{
	free(p);
}

void
dev_line_feed_cb(void *p, const u_char *data, size_t len, dev_emit_cb cb,
    void *arg)
{
	dev_line_feed(p, data, len, cb, arg);
}

void
dev_line_idle_cb(void *p, dev_emit_cb cb, void *arg)
{
	dev_line_idle(p, cb, arg);
}

int
dev_line_request(void *p, enum dev_request req, struct buf *b)
{
	struct dev_line	*l = p;

	if (l->cmds == NULL || (u_int)req > DEV_REQ_PAPER ||
	    l->cmds[req] == NULL)
		return (-1);
	buf_addstr(b, l->cmds[req]);
	return (0);
}
