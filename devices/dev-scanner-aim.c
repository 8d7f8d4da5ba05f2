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

#include "stash.h"
#include "dev.h"

/*
 * Barcode scanners in serial mode (RS-232 or USB-CDC), set to send AIM
 * symbology identifiers (ISO/IEC 15424: ']', a code letter, a modifier).
 * A scan is framed by a suffix (option suffix=cr|lf|crlf|etx|tab) or, with
 * suffix=none, by an idle gap reported by the transport: ID cards (PDF417)
 * carry CR and LF in their data, so they need ETX or the gap.
 *
 * A scan is then recognised: an AAMVA ID becomes an ID event; GS1 element
 * strings (]C1, ]Q3, ]d2, ]e0) give AIs 01, 10, 17 and 21 with the GTIN
 * check digit verified (GS1 General Specifications: AI table, mod-10 check
 * digit, GS ends a variable-length field); a 24-character [0-9A-Z] code is
 * a Metrc tag; an https URL is kept whole, with a tag or GS1 Digital Link
 * keys (/01/, /10/, /21/) taken from its path. EAN and UPC check digits are
 * verified; a scan that fails a check is reported and never produced.
 */

enum dev_scanner_suffix {
	SUFFIX_CR,
	SUFFIX_LF,
	SUFFIX_CRLF,
	SUFFIX_ETX,
	SUFFIX_TAB,
	SUFFIX_NONE,
};

struct dev_scanner_aim {
	struct dev_frame	 frame;
	enum dev_scanner_suffix	 suffix;
	int			 skip_lf;
};

static const struct {
	char			 code;
	char			 mod;	/* 0 any */
	enum dev_symbology	 sym;
} dev_scanner_aim_ids[] = {
	{ 'E', '0', DEV_SYM_EAN13 },
	{ 'E', '3', DEV_SYM_EAN_ADDON },
	{ 'E', '4', DEV_SYM_EAN8 },
	{ 'C', '1', DEV_SYM_GS1_128 },
	{ 'C', 0, DEV_SYM_CODE128 },
	{ 'I', 0, DEV_SYM_ITF },
	{ 'A', 0, DEV_SYM_CODE39 },
	{ 'e', 0, DEV_SYM_DATABAR },
	{ 'Q', '3', DEV_SYM_GS1_QR },
	{ 'Q', 0, DEV_SYM_QR },
	{ 'd', '2', DEV_SYM_GS1_DATAMATRIX },
	{ 'd', 0, DEV_SYM_DATAMATRIX },
	{ 'L', 0, DEV_SYM_PDF417 },
};

/* GS1 mod-10 check digit over s (len digits, last one the check). */
int
dev_scanner_aim_gs1_check(const char *s, size_t len)
{
	size_t	i;
	int	sum = 0, w = 3;

	if (len < 2)
		return (0);
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
	}
	for (i = len - 1; i-- > 0; w = (w == 3 ? 1 : 3))
		sum += (s[i] - '0') * w;
	return ((10 - sum % 10) % 10 == s[len - 1] - '0');
}

static int
dev_scanner_aim_tag(const u_char *p, size_t len)
{
	size_t	i;

	if (len != TAG_LEN)
		return (0);
	for (i = 0; i < len; i++) {
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'A' &&
		    p[i] <= 'Z')))
			return (0);
	}
	return (1);
}

static void
dev_scanner_aim_set(char *out, size_t outlen, const u_char *p, size_t len)
{
	if (len >= outlen)
		len = outlen - 1;
	memcpy(out, p, len);
	out[len] = '\0';
}

/* Fixed lengths of the data after the AI, by AI prefix; -1 variable. */
static int
dev_scanner_aim_ai(const u_char *p, size_t len, size_t *ailen, int *datalen)
{
	int	a;

	if (len < 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return (-1);
	a = (p[0] - '0') * 10 + (p[1] - '0');
	*ailen = 2;
	switch (a) {
	case 0:
		*datalen = 18;
		return (0);
	case 1:
	case 2:
		*datalen = 14;
		return (0);
	case 10:
	case 21:
	case 22:
		*datalen = -1;
		return (0);
	case 11:
	case 12:
	case 13:
	case 15:
	case 16:
	case 17:
		*datalen = 6;
		return (0);
	case 20:
		*datalen = 2;
		return (0);
	case 30:
	case 37:
		*datalen = -1;
		return (0);
	case 31:
	case 32:
	case 33:
	case 34:
	case 35:
	case 36:
		*ailen = 4;
		*datalen = 6;
		return (0);
	}
	if (len >= 4 && memcmp(p, "7003", 4) == 0) {
		*ailen = 4;
		*datalen = 10;
		return (0);
	}
	return (-1);		/* not an AI this parser knows */
}

/* Parse a GS1 element string; -1 with a message if it does not parse. */
static int
dev_scanner_aim_gs1(struct dev_scan *sc, const u_char *p, size_t len,
    char *err, size_t errlen)
{
	size_t		 i = 0, ailen, n;
	int		 dl;
	const u_char	*v;

	while (i < len) {
		if (p[i] == 0x1d) {
			i++;
			continue;
		}
		if (dev_scanner_aim_ai(p + i, len - i, &ailen, &dl) != 0) {
			snprintf(err, errlen, "unknown GS1 application "
			    "identifier in the scan");
			return (-1);
		}
		if (i + ailen > len)
			goto short_;
		v = p + i + ailen;
		if (dl >= 0) {
			n = dl;
			if (i + ailen + n > len)
				goto short_;
		} else {
			for (n = 0; i + ailen + n < len &&
			    v[n] != 0x1d; n++)
				;
			if (n == 0 || n > 30)
				goto short_;
		}
		if (memcmp(p + i, "01", 2) == 0) {
			if (!dev_scanner_aim_gs1_check((const char *)v, 14)) {
				snprintf(err, errlen, "the GTIN check digit is "
				    "wrong: scan again");
				return (-1);
			}
			dev_scanner_aim_set(sc->gtin, sizeof sc->gtin, v, n);
		} else if (memcmp(p + i, "10", 2) == 0) {
			if (n > 20)
				goto short_;
			dev_scanner_aim_set(sc->lot, sizeof sc->lot, v, n);
		} else if (memcmp(p + i, "17", 2) == 0)
			dev_scanner_aim_set(sc->expiry, sizeof sc->expiry, v, n);
		else if (memcmp(p + i, "21", 2) == 0) {
			if (n > 20)
				goto short_;
			dev_scanner_aim_set(sc->serial, sizeof sc->serial, v, n);
		}
		i += ailen + n;
	}
	return (0);

short_:
	snprintf(err, errlen, "a GS1 field in the scan is cut short or too "
	    "long");
	return (-1);
}

/* An https URL: a Metrc tag or GS1 Digital Link keys in its path. */
static void
dev_scanner_aim_url(struct dev_scan *sc, const u_char *p, size_t len)
{
	const u_char	*seg, *end = p + len, *next, *host;
	const u_char	*key = NULL;
	size_t		 klen = 0, slen;

	host = p + (len > 8 && memcmp(p, "https://", 8) == 0 ? 8 : 7);
	if ((seg = memchr(host, '/', end - host)) == NULL)
		return;
	for (seg++; seg < end; seg = next + 1) {
		if ((next = memchr(seg, '/', end - seg)) == NULL)
			next = end;
		slen = next - seg;
		if (memchr(seg, '?', slen) != NULL)
			slen = (const u_char *)memchr(seg, '?', slen) - seg;
		if (dev_scanner_aim_tag(seg, slen))
			dev_scanner_aim_set(sc->tag, sizeof sc->tag, seg, slen);
		if (key != NULL) {
			if (klen == 2 && memcmp(key, "01", 2) == 0 &&
			    slen == 14 &&
			    dev_scanner_aim_gs1_check((const char *)seg, 14))
				dev_scanner_aim_set(sc->gtin, sizeof sc->gtin,
				    seg, slen);
			else if (klen == 2 && memcmp(key, "10", 2) == 0)
				dev_scanner_aim_set(sc->lot, sizeof sc->lot,
				    seg, slen);
			else if (klen == 2 && memcmp(key, "21", 2) == 0)
				dev_scanner_aim_set(sc->serial,
				    sizeof sc->serial, seg, slen);
			key = NULL;
		} else {
			key = seg;
			klen = slen;
		}
		if (next == end)
			break;
	}
}

/*
 * Classify one framed scan into ev: a scan, an ID, or a status saying why
 * it was refused.
 */
void
dev_scanner_aim_classify(const u_char *p, size_t len, struct dev_event *ev)
{
	struct dev_scan	*sc = &ev->scan;
	size_t		 i;
	char		 err[DEV_MSG_MAX];
	int		 gs1 = 0;

	enum dev_symbology	 sym = DEV_SYM_UNKNOWN;
	char			 aim[4] = "";

	memset(ev, 0, sizeof *ev);
	if (len >= 3 && p[0] == ']') {
		memcpy(aim, p, 3);
		sym = DEV_SYM_OTHER;
		for (i = 0; i < sizeof dev_scanner_aim_ids /
		    sizeof dev_scanner_aim_ids[0]; i++) {
			if (dev_scanner_aim_ids[i].code == (char)p[1] &&
			    (dev_scanner_aim_ids[i].mod == 0 ||
			    dev_scanner_aim_ids[i].mod == (char)p[2])) {
				sym = dev_scanner_aim_ids[i].sym;
				break;
			}
		}
		p += 3;
		len -= 3;
	}
	if (len == 0) {
		strlcpy(err, "the scanner sent an empty scan", sizeof err);
		goto refuse;
	}
	if (len > DEV_SCAN_MAX)
		len = DEV_SCAN_MAX;

	/* The ID and the scan share the event: the ID is tried first. */
	if (sym == DEV_SYM_PDF417 || dev_id_aamva_detect(p, len)) {
		if (dev_id_aamva_parse(p, len, &ev->id, err, sizeof err) == 0) {
			ev->type = DEV_EV_ID;
			return;
		}
		if (sym == DEV_SYM_PDF417 || p[0] == '@')
			goto refuse;
		memset(ev, 0, sizeof *ev);
	}
	ev->type = DEV_EV_SCAN;
	sc->symbology = sym;
	memcpy(sc->aim, aim, sizeof sc->aim);

	memcpy(sc->data, p, len);
	sc->data[len] = '\0';
	sc->len = len;

	switch (sc->symbology) {
	case DEV_SYM_EAN13:
	case DEV_SYM_EAN8:
		if (!dev_scanner_aim_gs1_check((const char *)p, len)) {
			strlcpy(err, "the barcode check digit is wrong: scan "
			    "again", sizeof err);
			goto refuse;
		}
		return;
	case DEV_SYM_GS1_128:
	case DEV_SYM_GS1_QR:
	case DEV_SYM_GS1_DATAMATRIX:
	case DEV_SYM_DATABAR:
		gs1 = 1;
		break;
	default:
		break;
	}
	if (gs1) {
		if (dev_scanner_aim_gs1(sc, p, len, err, sizeof err) != 0)
			goto refuse;
		sc->kind = DEV_SCAN_GS1;
		return;
	}
	if (dev_scanner_aim_tag(p, len)) {
		sc->kind = DEV_SCAN_METRC_TAG;
		dev_scanner_aim_set(sc->tag, sizeof sc->tag, p, len);
		return;
	}
	if ((len > 8 && memcmp(p, "https://", 8) == 0) ||
	    (len > 7 && memcmp(p, "http://", 7) == 0)) {
		sc->kind = DEV_SCAN_RETAIL_URL;
		dev_scanner_aim_url(sc, p, len);
	}
	return;

refuse:
	memset(ev, 0, sizeof *ev);
	ev->type = DEV_EV_STATUS;
	ev->status = DEV_ST_GARBAGE;
	strlcpy(ev->msg, err, sizeof ev->msg);
}

static void *
dev_scanner_aim_create(const char *opts, char **err)
{
	struct dev_scanner_aim	*s;
	char			 v[16];
	static const char	*names[] = { "cr", "lf", "crlf", "etx", "tab",
	    "none" };
	u_int			 i;

	s = xcalloc(1, sizeof *s);
	dev_frame_init(&s->frame, DEV_SCAN_MAX + 3);
	s->suffix = SUFFIX_CR;
	switch (dev_opt(opts, "suffix", v, sizeof v)) {
	case 0:
		return (s);
	case 1:
		for (i = 0; i < sizeof names / sizeof names[0]; i++) {
			if (strcmp(v, names[i]) == 0) {
				s->suffix = i;
				return (s);
			}
		}
		break;
	}
	xasprintf(err, "unknown scanner suffix (use cr, lf, crlf, etx, tab "
	    "or none)");
	free(s);
	return (NULL);
}

static void
dev_scanner_aim_free(void *p)
{
	free(p);
}

static void
dev_scanner_aim_emit(struct dev_scanner_aim *s, dev_emit_cb cb, void *arg)
{
	struct dev_event	*ev;

	if (s->frame.overflow) {
		dev_frame_reset(&s->frame);
		return;
	}
	if (s->frame.len == 0)
		return;
	ev = xmalloc(sizeof *ev);
	dev_scanner_aim_classify(s->frame.data, s->frame.len, ev);
	cb(ev, arg);
	freezero(ev, sizeof *ev);
	dev_frame_reset(&s->frame);
}

static void
dev_scanner_aim_feed(void *p, const u_char *data, size_t len, dev_emit_cb cb,
    void *arg)
{
	struct dev_scanner_aim	*s = p;
	size_t			 i;
	u_char			 c;
	int			 end;

	for (i = 0; i < len; i++) {
		c = data[i];
		if (s->skip_lf) {
			s->skip_lf = 0;
			if (c == '\n')
				continue;
		}
		switch (s->suffix) {
		case SUFFIX_CR:
			end = c == '\r';
			s->skip_lf = end;
			break;
		case SUFFIX_LF:
			end = c == '\n';
			break;
		case SUFFIX_CRLF:
			end = c == '\n' && s->frame.len > 0 &&
			    s->frame.data[s->frame.len - 1] == '\r';
			if (end)
				s->frame.len--;
			break;
		case SUFFIX_ETX:
			end = c == 0x03;
			break;
		case SUFFIX_TAB:
			end = c == '\t';
			break;
		default:
			end = 0;
			break;
		}
		if (end) {
			dev_scanner_aim_emit(s, cb, arg);
			continue;
		}
		if (dev_frame_add(&s->frame, c) != 0) {
			dev_emit_status(cb, arg, DEV_ST_TOO_LONG,
			    "the scan is over %zu bytes: dropped",
			    s->frame.max);
		}
	}
}

static void
dev_scanner_aim_idle(void *p, dev_emit_cb cb, void *arg)
{
	struct dev_scanner_aim	*s = p;

	if (s->suffix == SUFFIX_NONE)
		dev_scanner_aim_emit(s, cb, arg);
	else if (s->frame.len != 0 && !s->frame.overflow) {
		dev_emit_status(cb, arg, DEV_ST_GARBAGE, "the scanner sent a "
		    "scan without its suffix: check the suffix setting");
	}
	dev_frame_reset(&s->frame);
	s->skip_lf = 0;
}

static int
dev_scanner_aim_request(void *p, enum dev_request req, struct buf *b)
{
	return (-1);
}

const struct dev_driver dev_scanner_aim_entry = {
	"scanner", DEV_SCANNER, "9600 8N1",
	"serial barcode scanner with AIM ids (option suffix=cr|lf|crlf|etx|"
	    "tab|none)",
	dev_scanner_aim_create, dev_scanner_aim_free, dev_scanner_aim_feed,
	dev_scanner_aim_idle, dev_scanner_aim_request
};
