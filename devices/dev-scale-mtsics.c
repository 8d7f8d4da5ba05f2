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
 * Mettler Toledo MT-SICS (lab balances, bench scales, IND terminals),
 * default 9600 8N1. Commands and replies end in CR LF. A reply is the
 * command, a status letter and for weights a value right-aligned in a
 * 10-character field and a unit, so it is split on runs of spaces (public
 * MT-SICS reference manual; the mt-sics and InstrumentKit test suites).
 * Status: S stable, D dynamic (moving), I busy, + overload, - underload,
 * A done. ES, ET and EL are syntax, transmission and logic errors.
 */

static void	dev_scale_mtsics_line(const u_char *, size_t, dev_emit_cb,
		    void *);

#define MTSICS_TOKENS	6

/* What the scale is sent for each request (none: it cannot be asked). */
static const char *const dev_scale_mtsics_cmds[DEV_REQ_PAPER + 1] = {
	[DEV_REQ_WEIGH] = "S\r\n",
	[DEV_REQ_ZERO] = "Z\r\n",
	[DEV_REQ_TARE] = "T\r\n",
	[DEV_REQ_CLEAR_TARE] = "TAC\r\n",
};

static void *
dev_scale_mtsics_create(const char *opts, char **err)
{
	struct dev_line	*l;

	l = xcalloc(1, sizeof *l);
	dev_line_init(l, DEV_LINE_MAX, 0, '\n', 0, "the scale", "line",
	    dev_scale_mtsics_line);
	l->cmds = dev_scale_mtsics_cmds;
	return (l);
}

/* Split on runs of spaces, a "quoted string" being one token. */
static u_int
dev_scale_mtsics_split(const char *s, size_t len, const char **tok,
    size_t *tlen)
{
	size_t	i = 0, start;
	u_int	n = 0;

	while (i < len && n < MTSICS_TOKENS) {
		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			break;
		start = i;
		if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				;
			if (i < len)
				i++;
		} else {
			while (i < len && s[i] != ' ')
				i++;
		}
		tok[n] = s + start;
		tlen[n++] = i - start;
	}
	return (n);
}

static int
dev_scale_mtsics_is(const char *t, size_t len, const char *want)
{
	return (strlen(want) == len && memcmp(t, want, len) == 0);
}

static void
dev_scale_mtsics_line(const u_char *data, size_t len, dev_emit_cb cb,
    void *arg)
{
	const char	*s = (const char *)data;
	const char	*tok[MTSICS_TOKENS];
	size_t		 tlen[MTSICS_TOKENS];
	u_int		 n, i;
	int		 tare, zero;
	char		 st;

	for (i = 0; i < len; i++) {
		if ((u_char)s[i] < 0x20 || (u_char)s[i] > 0x7e) {
			dev_emit_status(cb, arg, DEV_ST_GARBAGE,
			    "the scale sent bytes that are not MT-SICS: "
			    "check the protocol and line settings");
			return;
		}
	}
	n = dev_scale_mtsics_split(s, len, tok, tlen);
	if (n == 0)
		return;
	if (n == 1 && dev_scale_mtsics_is(tok[0], tlen[0], "ES")) {
		dev_emit_status(cb, arg, DEV_ST_ERROR,
		    "the scale did not understand the command (ES)");
		return;
	}
	if (n == 1 && dev_scale_mtsics_is(tok[0], tlen[0], "ET")) {
		dev_emit_status(cb, arg, DEV_ST_ERROR, "the scale received a "
		    "garbled command (ET): check baud rate and parity");
		return;
	}
	if (n == 1 && dev_scale_mtsics_is(tok[0], tlen[0], "EL")) {
		dev_emit_status(cb, arg, DEV_ST_ERROR,
		    "the scale refused the command (EL)");
		return;
	}
	if (n < 2 || tlen[1] != 1)
		goto garbage;
	st = tok[1][0];

	/* Information replies (I0 lists, I4 serial number, @ reset). */
	if (tok[0][0] == 'I' && tlen[0] <= 3) {
		if (st == 'I') {
			dev_emit_status(cb, arg, DEV_ST_BUSY,
			    "the scale is busy: try again");
		} else
			dev_emit_status(cb, arg, DEV_ST_INFO, "scale information");
		return;
	}

	zero = dev_scale_mtsics_is(tok[0], tlen[0], "Z") ||
	    dev_scale_mtsics_is(tok[0], tlen[0], "ZI");
	tare = dev_scale_mtsics_is(tok[0], tlen[0], "T") ||
	    dev_scale_mtsics_is(tok[0], tlen[0], "TI") ||
	    dev_scale_mtsics_is(tok[0], tlen[0], "TA");
	if (!zero && !tare && !dev_scale_mtsics_is(tok[0], tlen[0], "S") &&
	    !dev_scale_mtsics_is(tok[0], tlen[0], "TAC") &&
	    !dev_scale_mtsics_is(tok[0], tlen[0], "X"))
		goto garbage;

	switch (st) {
	case 'I':
		dev_emit_status(cb, arg, DEV_ST_BUSY,
		    "the scale is busy or could not settle: try again");
		return;
	case '+':
		dev_emit_status(cb, arg, DEV_ST_OVERLOAD,
		    "the scale is overloaded: take weight off the pan");
		return;
	case '-':
		dev_emit_status(cb, arg, DEV_ST_UNDERLOAD,
		    "the scale is under its zero: check the pan is on");
		return;
	case 'S':
	case 'D':
	case 'A':
		break;
	default:
		goto garbage;
	}
	if (n == 2) {
		/* An acknowledgement: Z A, ZI S, TAC A, and the SICS-like
		 * intermediate "T A" / "X A" which carry no value. */
		if (zero || dev_scale_mtsics_is(tok[0], tlen[0], "TAC"))
			dev_emit_status(cb, arg, DEV_ST_OK, "done");
		return;
	}
	if (n != 4 || zero)
		goto garbage;
	if (tare) {
		dev_emit_weight(cb, arg, tok[2], tlen[2], tok[3], tlen[3],
		    DEV_W_TARE|(st == 'D' ? 0 : DEV_W_STABLE));
		return;
	}
	if (st == 'A')
		goto garbage;
	dev_emit_weight(cb, arg, tok[2], tlen[2], tok[3], tlen[3],
	    st == 'S' ? DEV_W_STABLE : 0);
	return;

garbage:
	dev_emit_status(cb, arg, DEV_ST_GARBAGE,
	    "the scale sent a reply that is not MT-SICS");
}

const struct dev_driver dev_scale_mtsics_entry = {
	"mt-sics", DEV_SCALE, "9600 8N1",
	"Mettler Toledo MT-SICS balances and IND terminals",
	dev_scale_mtsics_create, dev_line_free, dev_line_feed_cb,
	dev_line_idle_cb, dev_line_request
};
