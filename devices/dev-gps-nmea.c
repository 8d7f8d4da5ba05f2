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
 * NMEA 0183 GPS receivers (delivery vehicles), 9600 or 4800 8N1. A
 * sentence is '$', a talker (GP, GN, GL, GA, GB), a type, comma-separated
 * fields that may be empty, '*', two hex digits, CR LF, 82 characters at
 * most. The checksum is the XOR of every byte between '$' and '*'. Only RMC
 * and GGA are used: a position comes only from an RMC with status A and a
 * mode other than N, or a GGA with fix quality above 0. Latitude is
 * ddmm.mmmm and longitude dddmm.mmmm; they become integer microdegrees.
 * RMC dates are ddmmyy, taken as 20yy.
 */

#define NMEA_MAX	96		/* 82 plus slack for long receivers */
#define NMEA_FIELDS	24

struct dev_gps_nmea {
	struct dev_frame	 frame;
	int			 in;
	size_t			 junk;
};

static int
dev_gps_nmea_hex(char c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	return (-1);
}

/* Digits to an integer; n digits exactly. */
static int
dev_gps_nmea_num(const char *s, size_t n, int64_t *out)
{
	size_t	i;
	int64_t	v = 0;

	if (n == 0 || n > 12)
		return (-1);
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return (0);
}

/* A decimal fraction ".dddd" as millionths; up to 6 digits used. */
static int
dev_gps_nmea_frac(const char *s, size_t n, int64_t *out)
{
	size_t	i;
	int64_t	v = 0, scale = 100000;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		if (i < 6) {
			v += (s[i] - '0') * scale;
			scale /= 10;
		}
	}
	*out = v;
	return (0);
}

/* ddmm.mmmm (degree digits = dd) and a hemisphere to microdegrees. */
static int
dev_gps_nmea_coord(const char *s, size_t n, const char *h, size_t hn,
    int dd, int64_t max, int64_t *out)
{
	const char	*dot;
	size_t		 ip;
	int64_t		 deg, min, frac;

	if (n == 0 || hn != 1)
		return (-1);
	dot = memchr(s, '.', n);
	ip = dot != NULL ? (size_t)(dot - s) : n;
	if (ip != (size_t)dd + 2)
		return (-1);
	if (dev_gps_nmea_num(s, dd, &deg) != 0 ||
	    dev_gps_nmea_num(s + dd, 2, &min) != 0)
		return (-1);
	frac = 0;
	if (dot != NULL && dev_gps_nmea_frac(dot + 1, n - ip - 1, &frac) != 0)
		return (-1);
	if (min >= 60)
		return (-1);
	/* micro = deg * 1e6 + minutes * 1e6 / 60, rounded half up. */
	*out = deg * 1000000 + ((min * 1000000 + frac) * 10 + 300) / 600;
	if (*out > max * 1000000)
		return (-1);
	switch (*h) {
	case 'N':
	case 'E':
		break;
	case 'S':
	case 'W':
		*out = -*out;
		break;
	default:
		return (-1);
	}
	return (0);
}

/* hhmmss[.sss] to microseconds since midnight. */
static int
dev_gps_nmea_time(const char *s, size_t n, int64_t *out)
{
	int64_t	h, m, sec, frac = 0;

	if (n < 6 || dev_gps_nmea_num(s, 2, &h) != 0 ||
	    dev_gps_nmea_num(s + 2, 2, &m) != 0 ||
	    dev_gps_nmea_num(s + 4, 2, &sec) != 0)
		return (-1);
	if (n > 6 && (s[6] != '.' || dev_gps_nmea_frac(s + 7, n - 7,
	    &frac) != 0))
		return (-1);
	if (h > 23 || m > 59 || sec > 60)
		return (-1);
	*out = ((h * 60 + m) * 60 + sec) * 1000000 + frac;
	return (0);
}

static void
dev_gps_nmea_status(struct dev_event *ev, enum dev_status_code st,
    const char *msg)
{
	memset(ev, 0, sizeof *ev);
	ev->type = DEV_EV_STATUS;
	ev->status = st;
	strlcpy(ev->msg, msg, sizeof ev->msg);
}

/*
 * One sentence, without CR LF. 1 and ev filled (a position or a status),
 * 0 when the sentence is valid but not one this driver uses.
 */
int
dev_gps_nmea_sentence(const char *s, size_t len, struct dev_event *ev)
{
	const char	*f[NMEA_FIELDS], *star, *dot;
	size_t		 fl[NMEA_FIELDS], i, n = 0, start, ip;
	u_char		 cs = 0;
	int		 hi, lo, rmc;
	int64_t		 day, mon, yr, q, v, frac;
	struct dev_position *pos = &ev->pos;

	if (len < 7 || s[0] != '$' || (star = memchr(s, '*', len)) == NULL ||
	    (size_t)(star - s) + 3 != len) {
		dev_gps_nmea_status(ev, DEV_ST_GARBAGE,
		    "the GPS sent a line that is not an NMEA sentence");
		return (1);
	}
	for (i = 1; s + i < star; i++) {
		if ((u_char)s[i] < 0x20 || (u_char)s[i] > 0x7e) {
			dev_gps_nmea_status(ev, DEV_ST_GARBAGE,
			    "the GPS sent bytes that are not NMEA: check the "
			    "baud rate");
			return (1);
		}
		cs ^= (u_char)s[i];
	}
	hi = dev_gps_nmea_hex(star[1]);
	lo = dev_gps_nmea_hex(star[2]);
	if (hi < 0 || lo < 0 || cs != (hi << 4 | lo)) {
		dev_gps_nmea_status(ev, DEV_ST_CHECKSUM,
		    "the GPS sent a sentence with a bad checksum: ignored");
		return (1);
	}
	for (start = 1, i = 1; ; i++) {
		if (s + i == star || s[i] == ',') {
			if (n == NMEA_FIELDS)
				break;
			f[n] = s + start;
			fl[n++] = i - start;
			start = i + 1;
			if (s + i == star)
				break;
		}
	}
	if (fl[0] != 5)
		return (0);
	if (memcmp(f[0] + 2, "RMC", 3) == 0)
		rmc = 1;
	else if (memcmp(f[0] + 2, "GGA", 3) == 0)
		rmc = 0;
	else
		return (0);

	memset(ev, 0, sizeof *ev);
	ev->type = DEV_EV_POSITION;
	pos->time = -1;
	pos->speed = -1;
	pos->satellites = -1;
	if (rmc) {
		if (n < 10)
			goto bad;
		if (fl[2] != 1 || f[2][0] != 'A' ||
		    (n > 12 && fl[12] == 1 && f[12][0] == 'N'))
			goto nofix;
		if (dev_gps_nmea_time(f[1], fl[1], &pos->tod) != 0 ||
		    dev_gps_nmea_coord(f[3], fl[3], f[4], fl[4], 2, 90,
		    &pos->lat) != 0 ||
		    dev_gps_nmea_coord(f[5], fl[5], f[6], fl[6], 3, 180,
		    &pos->lon) != 0)
			goto bad;
		if (fl[9] != 6 || dev_gps_nmea_num(f[9], 2, &day) != 0 ||
		    dev_gps_nmea_num(f[9] + 2, 2, &mon) != 0 ||
		    dev_gps_nmea_num(f[9] + 4, 2, &yr) != 0 || mon < 1 ||
		    mon > 12 || day < 1 || day > 31)
			goto bad;
		pos->time = util_days(2000 + yr, (int)mon, (int)day) *
		    INT64_C(86400000000) + pos->tod;
		if (fl[7] > 0) {
			if ((dot = memchr(f[7], '.', fl[7])) != NULL)
				ip = dot - f[7];
			else
				ip = fl[7];
			frac = 0;
			if (dev_gps_nmea_num(f[7], ip, &v) != 0 ||
			    (dot != NULL && dev_gps_nmea_frac(dot + 1,
			    fl[7] - ip - 1, &frac) != 0))
				goto bad;
			pos->speed = v * 1000 + frac / 1000;	/* knots */
		}
	} else {
		if (n < 8)
			goto bad;
		if (dev_gps_nmea_num(f[6], fl[6], &q) != 0)
			goto bad;
		if (q == 0)
			goto nofix;
		if (dev_gps_nmea_time(f[1], fl[1], &pos->tod) != 0 ||
		    dev_gps_nmea_coord(f[2], fl[2], f[3], fl[3], 2, 90,
		    &pos->lat) != 0 ||
		    dev_gps_nmea_coord(f[4], fl[4], f[5], fl[5], 3, 180,
		    &pos->lon) != 0)
			goto bad;
		pos->quality = q;
		if (fl[7] > 0 && dev_gps_nmea_num(f[7], fl[7], &v) == 0)
			pos->satellites = v;
	}
	pos->fix = 1;
	return (1);

nofix:
	dev_gps_nmea_status(ev, DEV_ST_NOFIX,
	    "the GPS has no fix: no position yet");
	return (1);
bad:
	dev_gps_nmea_status(ev, DEV_ST_GARBAGE,
	    "the GPS sent a sentence with a malformed field");
	return (1);
}

static void *
dev_gps_nmea_create(const char *opts, char **err)
{
	struct dev_gps_nmea	*s;

	s = xcalloc(1, sizeof *s);
	dev_frame_init(&s->frame, NMEA_MAX);
	return (s);
}

static void
dev_gps_nmea_free(void *p)
{
	free(p);
}

static void
dev_gps_nmea_junk(struct dev_gps_nmea *s, dev_emit_cb cb, void *arg)
{
	if (s->junk != 0) {
		dev_emit_status(cb, arg, DEV_ST_GARBAGE, "the GPS sent %zu "
		    "bytes outside a sentence: check the baud rate", s->junk);
	}
	s->junk = 0;
}

static void
dev_gps_nmea_feed(void *p, const u_char *data, size_t len, dev_emit_cb cb,
    void *arg)
{
	struct dev_gps_nmea	*s = p;
	struct dev_frame	*f = &s->frame;
	struct dev_event	 ev;
	size_t			 i;

	for (i = 0; i < len; i++) {
		if (data[i] == '$') {
			if (s->in && !f->overflow)
				s->junk += f->len;
			dev_gps_nmea_junk(s, cb, arg);
			s->in = 1;
			dev_frame_reset(f);
		} else if (!s->in) {
			if (data[i] != '\r' && data[i] != '\n')
				s->junk++;
			continue;
		} else if (data[i] == '\n' || data[i] == '\r') {
			if (!f->overflow && dev_gps_nmea_sentence(
			    (char *)f->data, f->len, &ev))
				cb(&ev, arg);
			s->in = 0;
			dev_frame_reset(f);
			continue;
		}
		if (dev_frame_add(f, data[i]) != 0) {
			dev_emit_status(cb, arg, DEV_ST_TOO_LONG,
			    "the GPS sent a sentence over %zu bytes: dropped",
			    f->max);
		}
	}
}

static void
dev_gps_nmea_idle(void *p, dev_emit_cb cb, void *arg)
{
	struct dev_gps_nmea	*s = p;

	if (s->in && !s->frame.overflow && s->frame.len != 0)
		s->junk += s->frame.len;
	s->in = 0;
	dev_frame_reset(&s->frame);
	dev_gps_nmea_junk(s, cb, arg);
}

static int
dev_gps_nmea_request(void *p, enum dev_request req, struct buf *b)
{
	return (-1);
}

const struct dev_driver dev_gps_nmea_entry = {
	"nmea", DEV_GPS, "9600 8N1",
	"NMEA 0183 GPS (RMC and GGA)",
	dev_gps_nmea_create, dev_gps_nmea_free, dev_gps_nmea_feed,
	dev_gps_nmea_idle, dev_gps_nmea_request
};
