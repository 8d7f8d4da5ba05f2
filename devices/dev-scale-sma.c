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
 * SMA SCP-0499 (Scale Manufacturers Association). A command is LF, one
 * letter, CR: W weight, Z zero, T tare, C clear tare. The reply is LF,
 * then status (space OK, Z centre of zero, O over, U under, E zero error,
 * T tare error), range ('1'), G/N/T gross, net or tare, M for motion or a
 * space, a reserved space, a 10-character right-justified weight (dashes
 * on an error), a unit of up to 3 characters padded either side, CR. An
 * unknown command gets LF ? CR.
 */

static void	dev_scale_sma_frame(const u_char *, size_t, dev_emit_cb,
		    void *);

/* What the scale is sent for each request (none: it cannot be asked). */
static const char *const dev_scale_sma_cmds[DEV_REQ_PAPER + 1] = {
	[DEV_REQ_WEIGH] = "\nW\r",
	[DEV_REQ_ZERO] = "\nZ\r",
	[DEV_REQ_TARE] = "\nT\r",
	[DEV_REQ_CLEAR_TARE] = "\nC\r",
};

static void *
dev_scale_sma_create(const char *opts, char **err)
{
	struct dev_line	*l;

	l = xcalloc(1, sizeof *l);
	dev_line_init(l, 64, '\n', '\r', DEV_LINE_RESTART,
	    "the scale", "frame", dev_scale_sma_frame);
	l->cmds = dev_scale_sma_cmds;
	return (l);
}

static void
dev_scale_sma_frame(const u_char *data, size_t len, dev_emit_cb cb,
    void *arg)
{
	const char	*p = (const char *)data;
	int		 flags = DEV_W_STABLE;

	if (len == 1 && p[0] == '?') {
		dev_emit_status(cb, arg, DEV_ST_ERROR,
		    "the scale did not understand the command");
		return;
	}
	if (len < 16 || len > 18 || p[1] != '1' || p[4] != ' ')
		goto garbage;
	switch (p[0]) {
	case ' ':
		break;
	case 'Z':
		flags |= DEV_W_ZEROED;
		break;
	case 'O':
		dev_emit_status(cb, arg, DEV_ST_OVERLOAD,
		    "the scale is over capacity: take weight off the pan");
		return;
	case 'U':
		dev_emit_status(cb, arg, DEV_ST_UNDERLOAD,
		    "the scale is under zero: zero it");
		return;
	case 'E':
		dev_emit_status(cb, arg, DEV_ST_ERROR,
		    "the scale cannot zero: empty the pan and zero it again");
		return;
	case 'T':
		dev_emit_status(cb, arg, DEV_ST_ERROR,
		    "the scale refused the tare");
		return;
	default:
		goto garbage;
	}
	switch (p[2]) {
	case 'G':
		break;
	case 'N':
		flags |= DEV_W_NET;
		break;
	case 'T':
		flags |= DEV_W_TARE;
		break;
	default:
		goto garbage;
	}
	if (p[3] == 'M')
		flags &= ~DEV_W_STABLE;
	else if (p[3] != ' ')
		goto garbage;
	dev_emit_weight(cb, arg, p + 5, 10, p + 15, len - 15, flags);
	return;

garbage:
	dev_emit_status(cb, arg, DEV_ST_GARBAGE,
	    "the scale sent a frame that is not SMA: check the protocol");
}

const struct dev_driver dev_scale_sma_entry = {
	"sma", DEV_SCALE, "9600 8N1",
	"SMA SCP-0499 scales",
	dev_scale_sma_create, dev_line_free, dev_line_feed_cb,
	dev_line_idle_cb, dev_line_request
};
