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
 * AAMVA DL/ID card PDF417 payloads (Annex D of the AAMVA DL/ID Card Design
 * Standard, all versions from the 2000 edition to the 2020 one). The
 * header is '@', LF, RS, CR, the file type ("ANSI " or, on old cards,
 * "AAMVA"), a 6-digit IIN, a 2-digit version, for version 2 and later a
 * 2-digit jurisdiction version, then the number of entries and one
 * 10-byte designator per subfile (type, 4-digit offset, 4-digit length).
 * A subfile is its type then elements (3-letter ID and value) separated by
 * LF and ended by CR.
 *
 * Real cards do not always follow it: a UTF-8 BOM before '@', a garbled
 * header, offsets of 0000 or letters, lengths past the end of the data,
 * trailing spaces in values, MMDDCCYY or CCYYMMDD dates regardless of
 * country. So the file type is searched for, offsets that do not point at
 * the subfile type are replaced by a search, lengths are clamped, values
 * are trimmed and dates are told apart by their first four digits. Data
 * with every separator stripped is refused. Nothing read here is logged.
 */

#define AAMVA_MAX_ENTRIES	20

struct dev_id_aamva {
	struct dev_frame	frame;
};

/* Looks like an AAMVA payload: '@' and a file type near the start. */
int
dev_id_aamva_detect(const u_char *p, size_t len)
{
	size_t	i;

	if (len > 64)
		len = 64;
	for (i = 0; i + 5 <= len; i++) {
		if (memcmp(p + i, "ANSI ", 5) == 0 ||
		    memcmp(p + i, "AAMVA", 5) == 0)
			return (memchr(p, '@', i) != NULL);
	}
	return (0);
}

static int
dev_id_aamva_digits(const u_char *p, size_t n, int *out)
{
	size_t	i;
	int	v = 0;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return (-1);
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return (0);
}

/*
 * A date as YYYYMMDD: the first 8 characters (some states append junk);
 * CCYYMMDD when the first four digits are 1300 or more, else MMDDCCYY.
 * 0 for no date (absent or 00000000), -1 when it is not a real date.
 */
int
dev_id_aamva_date(const char *s, size_t len)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	 a, y, m, d;
	const u_char	*p = (const u_char *)s;

	if (len == 0)
		return (0);
	if (len < 8 || dev_id_aamva_digits(p, 8, &a) != 0)
		return (-1);
	if (a == 0)
		return (0);
	if (dev_id_aamva_digits(p, 4, &a) != 0)
		return (-1);
	if (a >= 1300) {
		y = a;
		dev_id_aamva_digits(p + 4, 2, &m);
		dev_id_aamva_digits(p + 6, 2, &d);
	} else {
		dev_id_aamva_digits(p, 2, &m);
		dev_id_aamva_digits(p + 2, 2, &d);
		dev_id_aamva_digits(p + 4, 4, &y);
	}
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return (-1);
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return (-1);
	return (y * 10000 + m * 100 + d);
}

/* Copy a value, printable ASCII only (anything else becomes '?'). */
static void
dev_id_aamva_copy(char *out, size_t outlen, const u_char *p, size_t len)
{
	size_t	i;

	if (len >= outlen)
		len = outlen - 1;
	for (i = 0; i < len; i++)
		out[i] = (p[i] >= 0x20 && p[i] < 0x7f) ? p[i] : '?';
	out[len] = '\0';
}

/* The n'th comma-separated part of a value. */
static void
dev_id_aamva_part(char *out, size_t outlen, const u_char *p, size_t len,
    u_int n)
{
	size_t	start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i == len || p[i] == ',') {
			if (n-- == 0) {
				while (start < i && p[start] == ' ')
					start++;
				dev_id_aamva_copy(out, outlen, p + start,
				    i - start);
				return;
			}
			start = i + 1;
		}
	}
	*out = '\0';
}

static int
dev_id_aamva_element(struct dev_id *id, const u_char *e, size_t len,
    char *err, size_t errlen)
{
	const u_char	*v = e + 3;
	size_t		 vlen;
	int		*date = NULL, d;

	while (len > 3 && (e[len - 1] == ' ' || e[len - 1] == '\r'))
		len--;
	if (len < 3)
		return (0);
	vlen = len - 3;
	id->nelements++;
	if (memcmp(e, "DAQ", 3) == 0)
		dev_id_aamva_copy(id->number, sizeof id->number, v, vlen);
	else if (memcmp(e, "DCS", 3) == 0 || memcmp(e, "DAB", 3) == 0)
		dev_id_aamva_copy(id->family, sizeof id->family, v, vlen);
	else if (memcmp(e, "DAC", 3) == 0)
		dev_id_aamva_copy(id->given, sizeof id->given, v, vlen);
	else if (memcmp(e, "DCT", 3) == 0) {
		dev_id_aamva_part(id->given, sizeof id->given, v, vlen, 0);
		if (id->middle[0] == '\0') {
			dev_id_aamva_part(id->middle, sizeof id->middle, v,
			    vlen, 1);
		}
	} else if (memcmp(e, "DAD", 3) == 0)
		dev_id_aamva_copy(id->middle, sizeof id->middle, v, vlen);
	else if (memcmp(e, "DAA", 3) == 0) {
		dev_id_aamva_part(id->family, sizeof id->family, v, vlen, 0);
		dev_id_aamva_part(id->given, sizeof id->given, v, vlen, 1);
		dev_id_aamva_part(id->middle, sizeof id->middle, v, vlen, 2);
		dev_id_aamva_part(id->suffix, sizeof id->suffix, v, vlen, 3);
	} else if (memcmp(e, "DCU", 3) == 0)
		dev_id_aamva_copy(id->suffix, sizeof id->suffix, v, vlen);
	else if (memcmp(e, "DBB", 3) == 0)
		date = &id->birth;
	else if (memcmp(e, "DBA", 3) == 0)
		date = &id->expiry;
	else if (memcmp(e, "DBD", 3) == 0)
		date = &id->issued;
	else if (memcmp(e, "DDJ", 3) == 0)
		date = &id->under21_until;
	else if (memcmp(e, "DBC", 3) == 0 && vlen > 0) {
		switch (v[0]) {
		case '1':
		case 'M':
			id->sex = 'M';
			break;
		case '2':
		case 'F':
			id->sex = 'F';
			break;
		default:
			id->sex = 'X';
			break;
		}
	} else if (memcmp(e, "DAG", 3) == 0 || memcmp(e, "DAL", 3) == 0)
		dev_id_aamva_copy(id->street, sizeof id->street, v, vlen);
	else if (memcmp(e, "DAI", 3) == 0)
		dev_id_aamva_copy(id->city, sizeof id->city, v, vlen);
	else if (memcmp(e, "DAJ", 3) == 0)
		dev_id_aamva_copy(id->state, sizeof id->state, v, vlen);
	else if (memcmp(e, "DAK", 3) == 0)
		dev_id_aamva_copy(id->postal, sizeof id->postal, v, vlen);
	else if (memcmp(e, "DCG", 3) == 0)
		dev_id_aamva_copy(id->country, sizeof id->country, v, vlen);
	else if (memcmp(e, "DDA", 3) == 0)
		id->real_id = vlen > 0 && v[0] == 'F';
	if (date != NULL) {
		if ((d = dev_id_aamva_date((const char *)v, vlen)) < 0) {
			snprintf(err, errlen, "the ID has an unreadable date "
			    "(%.3s)", e);
			return (-1);
		}
		*date = d;
	}
	return (0);
}

/* Find type followed by an element ID ("DLDAQ") at or after from. */
static const u_char *
dev_id_aamva_search(const u_char *p, size_t len, size_t from,
    const u_char *type)
{
	size_t	i;

	for (i = from; i + 5 <= len; i++) {
		if (p[i] == type[0] && p[i + 1] == type[1] &&
		    p[i + 2] == 'D' && p[i + 3] >= 'A' && p[i + 3] <= 'Z')
			return (p + i);
	}
	return (NULL);
}

int
dev_id_aamva_parse(const u_char *buf, size_t buflen, struct dev_id *id,
    char *err, size_t errlen)
{
	const u_char	*p, *ft = NULL, *d, *sub, *end, *e;
	size_t		 len, i, hdr, off, slen, desig;
	int		 n, v, o, l, found = 0;

	memset(id, 0, sizeof *id);
	if ((p = memchr(buf, '@', buflen < 64 ? buflen : 64)) == NULL) {
		snprintf(err, errlen, "not an ID barcode (no '@' header)");
		return (-1);
	}
	len = buflen - (p - buf);
	for (i = 1; i + 5 <= len && i < 16; i++) {
		if (memcmp(p + i, "ANSI ", 5) == 0 ||
		    memcmp(p + i, "AAMVA", 5) == 0) {
			ft = p + i;
			break;
		}
	}
	if (ft == NULL) {
		snprintf(err, errlen, "not an AAMVA ID barcode (no file type)");
		return (-1);
	}
	hdr = (ft - p) + 5;
	if (hdr + 10 > len || dev_id_aamva_digits(p + hdr + 6, 2, &v) != 0) {
		snprintf(err, errlen, "the ID barcode header is cut short");
		return (-1);
	}
	dev_id_aamva_copy(id->iin, sizeof id->iin, p + hdr, 6);
	id->version = v;
	hdr += v >= 2 ? 10 : 8;		/* IIN, version, [jur. version] */
	if (hdr + 2 > len || dev_id_aamva_digits(p + hdr, 2, &n) != 0 ||
	    n < 1 || n > AAMVA_MAX_ENTRIES) {
		snprintf(err, errlen, "the ID barcode has a bad entry count");
		return (-1);
	}
	hdr += 2;
	desig = hdr;
	if (desig + 10 * (size_t)n > len) {
		snprintf(err, errlen, "the ID barcode is cut short");
		return (-1);
	}
	for (i = 0; i < (size_t)n && !found; i++) {
		d = p + desig + 10 * i;
		if (!((d[0] == 'D' && d[1] == 'L') || (d[0] == 'I' &&
		    d[1] == 'D')))
			continue;
		sub = NULL;
		if (dev_id_aamva_digits(d + 2, 4, &o) == 0 &&
		    dev_id_aamva_digits(d + 6, 4, &l) == 0 &&
		    (size_t)o + 2 < len && p[o] == d[0] && p[o + 1] == d[1]) {
			sub = p + o;
			off = o;
			slen = (size_t)l;
			if (off + slen > len)
				slen = len - off;	/* clamp */
		}
		if (sub == NULL) {
			sub = dev_id_aamva_search(p, len, desig + 10 * n, d);
			if (sub == NULL)
				continue;
			slen = len - (sub - p);
		}
		id->type[0] = d[0];
		id->type[1] = d[1];
		end = sub + slen;
		if ((e = memchr(sub, '\r', slen)) != NULL)
			end = e;
		for (e = sub + 2; e < end; e = d + 1) {
			if ((d = memchr(e, '\n', end - e)) == NULL)
				d = end;
			if (dev_id_aamva_element(id, e, d - e, err,
			    errlen) != 0)
				return (-1);
		}
		found = 1;
	}
	if (!found) {
		snprintf(err, errlen, "the ID barcode has no DL or ID subfile");
		return (-1);
	}
	if (id->nelements < 3) {
		snprintf(err, errlen, "the ID barcode has no field separators "
		    "(scanner in keyboard mode?): enter the ID by hand");
		return (-1);
	}
	if (id->birth <= 0) {
		snprintf(err, errlen, "the ID barcode has no date of birth");
		return (-1);
	}
	if (id->number[0] == '\0') {
		snprintf(err, errlen, "the ID barcode has no ID number");
		return (-1);
	}
	return (0);
}

static void *
dev_id_aamva_create(const char *opts, char **err)
{
	struct dev_id_aamva	*s;

	s = xcalloc(1, sizeof *s);
	dev_frame_init(&s->frame, DEV_SCAN_MAX);
	return (s);
}

static void
dev_id_aamva_free(void *p)
{
	free(p);
}

/* The payload holds CR and LF itself: it is framed by an idle gap. */
static void
dev_id_aamva_feed(void *p, const u_char *data, size_t len, dev_emit_cb cb,
    void *arg)
{
	struct dev_id_aamva	*s = p;
	size_t			 i;

	for (i = 0; i < len; i++) {
		if (dev_frame_add(&s->frame, data[i]) != 0) {
			dev_emit_status(cb, arg, DEV_ST_TOO_LONG,
			    "the ID scan is over %zu bytes: dropped",
			    s->frame.max);
		}
	}
}

static void
dev_id_aamva_idle(void *p, dev_emit_cb cb, void *arg)
{
	struct dev_id_aamva	*s = p;
	struct dev_event	*ev;
	char			 err[DEV_MSG_MAX];

	if (s->frame.len == 0 || s->frame.overflow) {
		dev_frame_reset(&s->frame);
		return;
	}
	ev = xcalloc(1, sizeof *ev);
	if (dev_id_aamva_parse(s->frame.data, s->frame.len, &ev->id, err,
	    sizeof err) != 0)
		dev_emit_status(cb, arg, DEV_ST_GARBAGE, "%s", err);
	else {
		ev->type = DEV_EV_ID;
		cb(ev, arg);
	}
	freezero(ev, sizeof *ev);
	dev_frame_reset(&s->frame);
}

static int
dev_id_aamva_request(void *p, enum dev_request req, struct buf *b)
{
	return (-1);
}

const struct dev_driver dev_id_aamva_entry = {
	"aamva", DEV_IDCARD, "9600 8N1",
	"AAMVA driver licence and ID card PDF417 (framed by idle gap)",
	dev_id_aamva_create, dev_id_aamva_free, dev_id_aamva_feed,
	dev_id_aamva_idle, dev_id_aamva_request
};
