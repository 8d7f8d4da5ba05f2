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

#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "dev.h"

/*
 * Toledo 8217 (Mettler Ariva-S, Viva POS counter scales), 9600 7E1. The
 * host sends W, Z, T or C with no terminator. A weight comes back as STX,
 * optional spaces, the digits, an optional N, CR; a status as STX, '?',
 * one status byte, CR, where bit 0 is motion and bit 1 over capacity or
 * under zero. The probe "Ehello" is echoed as STX E CR "hello". The unit
 * is not sent: it is the scale's configured one (option unit=, default lb).
 */

struct dev_scale_toledo {
	struct dev_frame	 frame;
	int			 in;		/* inside STX .. CR */
	size_t			 junk;		/* bytes outside a frame */
	int			 echo;		/* skipping the probe echo */
	char			 unit[8];
};

static void *
dev_scale_toledo_create(const char *opts, char **err)
{
	struct dev_scale_toledo	*s;

	s = xcalloc(1, sizeof *s);
	dev_frame_init(&s->frame, 32);
	if (dev_opt(opts, "unit", s->unit, sizeof s->unit) != 1)
		strlcpy(s->unit, "lb", sizeof s->unit);
	if (dev_unit_parse(s->unit, strlen(s->unit)) == DEV_UNIT_NONE) {
		xasprintf(err, "unknown unit %s (use g, kg, lb or oz)",
		    s->unit);
		free(s);
		return (NULL);
	}
	return (s);
}

static void
dev_scale_toledo_free(void *p)
{
	free(p);
}

static void
dev_scale_toledo_junk(struct dev_scale_toledo *s, dev_emit_cb cb, void *arg)
{
	if (s->junk != 0) {
		dev_emit_status(cb, arg, DEV_ST_GARBAGE, "the scale sent %zu "
		    "bytes outside a frame: check the protocol and line "
		    "settings (7E1)", s->junk);
	}
	s->junk = 0;
}

static void
dev_scale_toledo_frame(struct dev_scale_toledo *s, dev_emit_cb cb,
    void *arg)
{
	const char	*p = (const char *)s->frame.data;
	size_t		 len = s->frame.len, i;
	u_char		 st;

	while (len > 0 && *p == ' ') {
		p++;
		len--;
	}
	if (len == 1 && *p == 'E') {
		s->echo = 1;
		dev_emit_status(cb, arg, DEV_ST_INFO,
		    "the scale answered the probe");
		return;
	}
	if (len == 2 && p[0] == '?') {
		st = (u_char)p[1];
		if (st & 0x01) {
			dev_emit_status(cb, arg, DEV_ST_MOTION,
			    "the scale is not stable: wait for it to settle");
		} else if (st & 0x02) {
			dev_emit_status(cb, arg, DEV_ST_OVERLOAD, "the scale "
			    "is over capacity or under zero: check the pan");
		} else {
			dev_emit_status(cb, arg, DEV_ST_ERROR,
			    "the scale reports status 0x%02x", st);
		}
		return;
	}
	if (len > 0 && p[len - 1] == 'N')
		len--;
	for (i = 0; i < len; i++) {
		if ((p[i] < '0' || p[i] > '9') && p[i] != '.')
			break;
	}
	if (len == 0 || i != len) {
		dev_emit_status(cb, arg, DEV_ST_GARBAGE,
		    "the scale sent a frame that is not a Toledo 8217 reply");
		return;
	}
	/* A weight reply is only sent once the scale is settled. */
	dev_emit_weight(cb, arg, p, len, s->unit, strlen(s->unit),
	    DEV_W_STABLE);
}

static void
dev_scale_toledo_feed(void *p, const u_char *data, size_t len,
    dev_emit_cb cb, void *arg)
{
	struct dev_scale_toledo	*s = p;
	size_t			 i;
	u_char			 c;

	for (i = 0; i < len; i++) {
		c = data[i];
		if (c == 0x02) {
			dev_scale_toledo_junk(s, cb, arg);
			s->echo = 0;
			s->in = 1;
			dev_frame_reset(&s->frame);
			continue;
		}
		if (!s->in) {
			if (s->echo && c >= 0x20 && c < 0x7f)
				continue;
			s->echo = 0;
			s->junk++;
			continue;
		}
		if (c == '\r') {
			s->in = 0;
			if (!s->frame.overflow)
				dev_scale_toledo_frame(s, cb, arg);
			dev_frame_reset(&s->frame);
			continue;
		}
		if (dev_frame_add(&s->frame, c) != 0) {
			dev_emit_status(cb, arg, DEV_ST_TOO_LONG,
			    "the scale sent a frame over %zu bytes: dropped",
			    s->frame.max);
		}
	}
}

static void
dev_scale_toledo_idle(void *p, dev_emit_cb cb, void *arg)
{
	struct dev_scale_toledo	*s = p;

	if (s->in && !s->frame.overflow) {
		dev_emit_status(cb, arg, DEV_ST_GARBAGE,
		    "the scale stopped in the middle of a frame");
	}
	s->in = 0;
	s->echo = 0;
	dev_frame_reset(&s->frame);
	dev_scale_toledo_junk(s, cb, arg);
}

static int
dev_scale_toledo_request(void *p, enum dev_request req, struct buf *b)
{
	switch (req) {
	case DEV_REQ_WEIGH:
		buf_addstr(b, "W");
		return (0);
	case DEV_REQ_ZERO:
		buf_addstr(b, "Z");
		return (0);
	case DEV_REQ_TARE:
		buf_addstr(b, "T");
		return (0);
	case DEV_REQ_CLEAR_TARE:
		buf_addstr(b, "C");
		return (0);
	default:
		return (-1);
	}
}

const struct dev_driver dev_scale_toledo_entry = {
	"toledo-8217", DEV_SCALE, "9600 7E1",
	"Toledo 8217 counter scales (option unit=lb|kg|g|oz)",
	dev_scale_toledo_create, dev_scale_toledo_free, dev_scale_toledo_feed,
	dev_scale_toledo_idle, dev_scale_toledo_request
};
