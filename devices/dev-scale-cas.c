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
 * CAS (CI-200A, CI-2001, NT, PD-II), 9600 8N1, 22-byte frames: ST/US/OL,
 * comma, GS/NT, comma, a raw device-ID byte (any value, even CR or a
 * comma), a lamp byte (bit 7 set, bit 5 clear; bit 0 zero, 1 tare,
 * 4 hold), comma, an 8-character weight, a space, a 2-character unit,
 * CR LF. It is parsed by position. Clones send "ST,GS,+  1.234kg" CR LF.
 * The lamp byte has bit 7 set, so CR LF cannot occur inside a frame.
 */

static void	dev_scale_cas_line(const u_char *, size_t, dev_emit_cb,
		    void *);

static void *
dev_scale_cas_create(const char *opts, char **err)
{
	struct dev_line	*l;

	l = xcalloc(1, sizeof *l);
	dev_line_init(l, 64, 0, '\n', DEV_LINE_CRLF, "the scale",
	    "frame", dev_scale_cas_line);
	/* Continuous output: nothing to ask (no l->cmds). */
	return (l);
}

static void
dev_scale_cas_line(const u_char *p, size_t len, dev_emit_cb cb, void *arg)
{
	const char	*w;
	size_t		 wlen, u;
	int		 flags = 0;

	if (len < 9 || p[2] != ',' || p[5] != ',')
		goto garbage;
	if (memcmp(p + 3, "NT", 2) == 0)
		flags |= DEV_W_NET;
	else if (memcmp(p + 3, "GS", 2) != 0)
		goto garbage;
	if (len == 20 && p[8] == ',' && (p[7] & 0xa0) == 0x80) {
		if (p[17] != ' ')
			goto garbage;
		if (p[7] & 0x01)
			flags |= DEV_W_ZEROED;
		w = (const char *)p + 9;
		wlen = 8;
		u = 18;
	} else {
		/* A clone: value then unit letters. */
		w = (const char *)p + 6;
		for (u = 6; u < len; u++) {
			if ((p[u] >= 'a' && p[u] <= 'z') ||
			    (p[u] >= 'A' && p[u] <= 'Z'))
				break;
		}
		wlen = u - 6;
		if (wlen == 0 || u == len)
			goto garbage;
	}
	if (memcmp(p, "OL", 2) == 0) {
		dev_emit_status(cb, arg, DEV_ST_OVERLOAD,
		    "the scale is overloaded: take weight off the pan");
		return;
	}
	if (memcmp(p, "ST", 2) == 0)
		flags |= DEV_W_STABLE;
	else if (memcmp(p, "US", 2) != 0)
		goto garbage;
	dev_emit_weight(cb, arg, w, wlen, (const char *)p + u, len - u,
	    flags);
	return;

garbage:
	dev_emit_status(cb, arg, DEV_ST_GARBAGE,
	    "the scale sent a frame that is not CAS: check the protocol");
}

const struct dev_driver dev_scale_cas_entry = {
	"cas", DEV_SCALE, "9600 8N1",
	"CAS indicators, 22-byte continuous format and clones",
	dev_scale_cas_create, dev_line_free, dev_line_feed_cb,
	dev_line_idle_cb, dev_line_request
};
