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
 * Ohaus (Scout, Navigator, Ranger, Defender, Adventurer), 9600 8N1. Lines
 * end in CR LF: the value, the unit, '?' when unstable and an optional N
 * for net, padded with spaces. T and Z answer OK!; a busy scale answers
 * ES. SP asks for a stable print.
 */

static void	dev_scale_ohaus_line(const u_char *, size_t, dev_emit_cb,
		    void *);

/* What the scale is sent for each request (none: it cannot be asked). */
static const char *const dev_scale_ohaus_cmds[DEV_REQ_PAPER + 1] = {
	[DEV_REQ_WEIGH] = "SP\r\n",
	[DEV_REQ_ZERO] = "Z\r\n",
	[DEV_REQ_TARE] = "T\r\n",
};

static void *
dev_scale_ohaus_create(const char *opts, char **err)
{
	struct dev_line	*l;

	l = xcalloc(1, sizeof *l);
	dev_line_init(l, DEV_LINE_MAX, 0, '\n', 0, "the scale", "line",
	    dev_scale_ohaus_line);
	l->cmds = dev_scale_ohaus_cmds;
	return (l);
}

static void
dev_scale_ohaus_line(const u_char *data, size_t len, dev_emit_cb cb,
    void *arg)
{
	const char	*p = (const char *)data;
	size_t		 i, ustart, uend;
	int		 flags = DEV_W_STABLE;

	for (i = 0; i < len; i++) {
		if ((u_char)p[i] < 0x20 || (u_char)p[i] > 0x7e) {
			dev_emit_status(cb, arg, DEV_ST_GARBAGE,
			    "the scale sent bytes that are not Ohaus output: "
			    "check the protocol and line settings");
			return;
		}
	}
	while (len > 0 && p[len - 1] == ' ')
		len--;
	while (len > 0 && *p == ' ') {
		p++;
		len--;
	}
	if (len == 0)
		return;
	if (len == 3 && memcmp(p, "OK!", 3) == 0) {
		dev_emit_status(cb, arg, DEV_ST_OK, "done");
		return;
	}
	if (len == 2 && memcmp(p, "ES", 2) == 0) {
		dev_emit_status(cb, arg, DEV_ST_BUSY,
		    "the scale is busy or did not understand: try again");
		return;
	}
	/* The unit is the first word that starts with a letter. */
	for (ustart = 0; ustart < len; ustart++) {
		if ((p[ustart] >= 'a' && p[ustart] <= 'z') ||
		    (p[ustart] >= 'A' && p[ustart] <= 'Z'))
			break;
	}
	if (ustart == 0 || ustart == len || p[ustart - 1] != ' ')
		goto garbage;
	for (uend = ustart; uend < len && p[uend] != ' '; uend++)
		;
	for (i = uend; i < len; i++) {
		if (p[i] == ' ')
			continue;
		if (p[i] == '?')
			flags &= ~DEV_W_STABLE;
		else if (p[i] == 'N')
			flags |= DEV_W_NET;
		else if (p[i] != 'G')
			goto garbage;
	}
	dev_emit_weight(cb, arg, p, ustart, p + ustart, uend - ustart, flags);
	return;

garbage:
	dev_emit_status(cb, arg, DEV_ST_GARBAGE,
	    "the scale sent a line that is not Ohaus output");
}

const struct dev_driver dev_scale_ohaus_entry = {
	"ohaus", DEV_SCALE, "9600 8N1",
	"Ohaus balances (Scout, Navigator, Ranger, Defender, Adventurer)",
	dev_scale_ohaus_create, dev_line_free, dev_line_feed_cb,
	dev_line_idle_cb, dev_line_request
};
