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
 * NCI standard protocol (Weigh-Tronix, Avery, Brecknell; SCP-01). The host
 * sends W, S or Z and CR. A weight reply is LF, the weight with its unit
 * ("0001.25LB"), CR LF, the status bytes, CR, ETX; a status reply is LF,
 * the status bytes, CR, ETX; an unknown command gets LF ? CR ETX. When the
 * weight is negative, moving or out of range only the status is sent.
 * Status bytes have bits 4 and 5 set (bit 7 may be parity). Byte 1: bit 0
 * motion, 1 at zero, 2 RAM error, 3 EEPROM error. Byte 2: bit 0 under
 * capacity, 1 over capacity, 2 ROM error, 3 calibration error, 6 another
 * byte follows. SCP-02 puts an S before the status bytes.
 */

static void	dev_scale_nci_frame(const u_char *, size_t, dev_emit_cb,
		    void *);

/* What the scale is sent for each request (none: it cannot be asked). */
static const char *const dev_scale_nci_cmds[DEV_REQ_PAPER + 1] = {
	[DEV_REQ_WEIGH] = "W\r",
	[DEV_REQ_ZERO] = "Z\r",
	[DEV_REQ_STATUS] = "S\r",
};

static void *
dev_scale_nci_create(const char *opts, char **err)
{
	struct dev_line	*l;

	l = xcalloc(1, sizeof *l);
	dev_line_init(l, 64, '\n', 0x03, 0, "the scale", "frame",
	    dev_scale_nci_frame);
	l->cmds = dev_scale_nci_cmds;
	return (l);
}

static void
dev_scale_nci_frame(const u_char *p, size_t len, dev_emit_cb cb, void *arg)
{
	const u_char	*w = NULL, *st;
	size_t		 wlen = 0, stlen, i, u;
	u_char		 b1, b2;

	if (len > 0 && p[len - 1] == '\r')
		len--;
	if (len == 1 && p[0] == '?') {
		dev_emit_status(cb, arg, DEV_ST_ERROR,
		    "the scale did not understand the command");
		return;
	}
	for (i = 0; i + 1 < len; i++) {
		if (p[i] == '\r' && p[i + 1] == '\n') {
			w = p;
			wlen = i;
			break;
		}
	}
	st = w != NULL ? p + wlen + 2 : p;
	stlen = len - (st - p);
	if (stlen > 0 && st[0] == 'S') {
		st++;
		stlen--;
	}
	if (stlen < 2 || stlen > 3)
		goto garbage;
	for (i = 0; i < stlen; i++) {
		if ((st[i] & 0x30) != 0x30)
			goto garbage;
	}
	b1 = st[0] & 0x7f;
	b2 = st[1] & 0x7f;
	if (b1 & 0x0c || b2 & 0x0c) {
		dev_emit_status(cb, arg, DEV_ST_ERROR, "the scale reports an "
		    "internal error (status %c%c): service it", b1, b2);
		return;
	}
	if (b2 & 0x02) {
		dev_emit_status(cb, arg, DEV_ST_OVERLOAD,
		    "the scale is over capacity: take weight off the pan");
		return;
	}
	if (b2 & 0x01) {
		dev_emit_status(cb, arg, DEV_ST_UNDERLOAD,
		    "the scale is under capacity: zero it");
		return;
	}
	if (b1 & 0x01) {
		dev_emit_status(cb, arg, DEV_ST_MOTION,
		    "the scale is not stable: wait for it to settle");
		return;
	}
	if (w == NULL) {
		if (b1 & 0x02) {
			dev_emit_status(cb, arg, DEV_ST_ZERO,
			    "the scale is at zero");
		} else
			dev_emit_status(cb, arg, DEV_ST_OK, "scale ready");
		return;
	}
	for (u = 0; u < wlen; u++) {
		if ((w[u] < '0' || w[u] > '9') && w[u] != '.' && w[u] != ' ' &&
		    w[u] != '-')
			break;
	}
	if (u == 0 || u == wlen)
		goto garbage;
	dev_emit_weight(cb, arg, (const char *)w, u, (const char *)w + u,
	    wlen - u, DEV_W_STABLE);
	return;

garbage:
	dev_emit_status(cb, arg, DEV_ST_GARBAGE,
	    "the scale sent a frame that is not NCI: check the protocol");
}

const struct dev_driver dev_scale_nci_entry = {
	"nci", DEV_SCALE, "9600 7E1",
	"NCI standard (Weigh-Tronix, Avery, Brecknell SCP-01/02)",
	dev_scale_nci_create, dev_line_free, dev_line_feed_cb,
	dev_line_idle_cb, dev_line_request
};
