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
 * A&D balances (FX-i, GX/GF, EK-i, HV/HW), default 2400 7E1. The standard
 * format is a 2-character header, a comma, a 9-character signed value and
 * a 3-character right-justified unit, CR LF: ST stable, US unstable, OL
 * overload, QT a count (not a weight). ID and date lines may come first
 * and are skipped; EC,Exx is an error reply (A&D instruction manuals).
 */

static void	dev_scale_and_line(const u_char *, size_t, dev_emit_cb,
		    void *);

/* What the scale is sent for each request (none: it cannot be asked). */
static const char *const dev_scale_and_cmds[DEV_REQ_PAPER + 1] = {
	[DEV_REQ_WEIGH] = "S\r\n",
	[DEV_REQ_ZERO] = "Z\r\n",
	[DEV_REQ_TARE] = "T\r\n",
};

static void *
dev_scale_and_create(const char *opts, char **err)
{
	struct dev_line	*l;

	l = xcalloc(1, sizeof *l);
	dev_line_init(l, DEV_LINE_MAX, 0, '\n', 0, "the scale", "line",
	    dev_scale_and_line);
	l->cmds = dev_scale_and_cmds;
	return (l);
}

static void
dev_scale_and_line(const u_char *data, size_t len, dev_emit_cb cb,
    void *arg)
{
	const char	*p = (const char *)data;
	size_t		 i;

	for (i = 0; i < len; i++) {
		if ((u_char)p[i] < 0x20 || (u_char)p[i] > 0x7e) {
			dev_emit_status(cb, arg, DEV_ST_GARBAGE,
			    "the scale sent bytes that are not A&D format: "
			    "check the protocol and line settings (2400 7E1)");
			return;
		}
	}
	if (len >= 3 && memcmp(p, "EC,", 3) == 0) {
		dev_emit_status(cb, arg, DEV_ST_ERROR,
		    "the scale reports error %.*s", (int)(len - 3), p + 3);
		return;
	}
	if (len < 4 || p[2] != ',' || (p[3] != '+' && p[3] != '-'))
		return;		/* an ID or date line */
	if (memcmp(p, "OL", 2) == 0) {	/* the value is not a number */
		dev_emit_status(cb, arg, DEV_ST_OVERLOAD,
		    "the scale is overloaded: take weight off the pan");
		return;
	}
	if (len != 15)
		goto garbage;
	if (memcmp(p, "QT", 2) == 0) {
		dev_emit_status(cb, arg, DEV_ST_INFO,
		    "the scale is in counting mode: set it to weigh");
		return;
	}
	if (memcmp(p, "ST", 2) == 0) {
		dev_emit_weight(cb, arg, p + 3, 9, p + 12, 3, DEV_W_STABLE);
		return;
	}
	if (memcmp(p, "US", 2) == 0) {
		dev_emit_weight(cb, arg, p + 3, 9, p + 12, 3, 0);
		return;
	}
garbage:
	dev_emit_status(cb, arg, DEV_ST_GARBAGE,
	    "the scale sent a line that is not A&D format");
}

const struct dev_driver dev_scale_and_entry = {
	"and", DEV_SCALE, "2400 7E1",
	"A&D balances, standard format",
	dev_scale_and_create, dev_line_free, dev_line_feed_cb,
	dev_line_idle_cb, dev_line_request
};
