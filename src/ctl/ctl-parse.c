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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stash.h"
#include "ctl.h"
#include "dev.h"

/*
 * stashctl parse aamva|nmea|scan|scale [--protocol NAME] [--options OPTS]:
 * read raw device bytes on stdin, run them through the driver, print one
 * JSON object per event (weights, scans, IDs, positions and the statuses
 * that say why something was not one). The exit status is 0 when at least
 * one weight, scan, ID or position came out. Nothing is logged.
 */

#define CTL_PARSE_MAX	(1024 * 1024)	/* bytes read from stdin */

int	ctl_parse(struct ctl *, struct ctl_args *);

struct ctl_parse_state {
	u_int		 good;
	char		 last[DEV_MSG_MAX];
};

static json_t *
ctl_parse_str(const char *s)
{
	return (s[0] == '\0' ? json_null() : stashctl_json_str(s));
}

static json_t *
ctl_parse_bytes(const u_char *p, size_t len)
{
	json_t	*j;
	char	*hex;

	if ((j = json_stringn((const char *)p, len)) != NULL)
		return (j);
	hex = xmalloc(len * 2 + 1);
	util_hex(p, len, hex);
	j = json_pack("{s:s}", "hex", hex);
	free(hex);
	return (j);
}

static json_t *
ctl_parse_date(int d)
{
	char	s[16];

	if (d <= 0)
		return (json_null());
	snprintf(s, sizeof s, "%04d-%02d-%02d", d / 10000, d / 100 % 100,
	    d % 100);
	return (json_string(s));
}

/* A scaled integer as a decimal string: 12907, 2 -> "129.07". */
static json_t *
ctl_parse_decimal(int64_t v, int decimals)
{
	char		s[48];
	int64_t		p = 1;
	int		i;
	const char	*sign = v < 0 ? "-" : "";

	if (v < 0)
		v = -v;
	for (i = 0; i < decimals; i++)
		p *= 10;
	if (decimals == 0)
		snprintf(s, sizeof s, "%s%lld", sign, (long long)v);
	else {
		snprintf(s, sizeof s, "%s%lld.%0*lld", sign, (long long)(v / p),
		    decimals, (long long)(v % p));
	}
	return (json_string(s));
}

static json_t *
ctl_parse_time(int64_t t)
{
	char	s[32];
	time_t	sec;
	struct tm tm;

	if (t < 0)
		return (json_null());
	sec = t / 1000000;
	if (gmtime_r(&sec, &tm) == NULL)
		return (json_null());
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return (json_string(s));
}

static void
ctl_parse_event(const struct dev_event *ev, void *arg)
{
	struct ctl_parse_state	*ps = arg;
	const struct dev_weight	*w = &ev->weight;
	const struct dev_scan	*sc = &ev->scan;
	const struct dev_id	*id = &ev->id;
	const struct dev_position *pos = &ev->pos;
	json_t			*j = NULL;
	char			 sex[2] = { 0, 0 };

	switch (ev->type) {
	case DEV_EV_WEIGHT:
		j = json_pack("{s:s,s:o,s:s,s:o,s:b,s:b,s:b}", "type", "weight",
		    "value", ctl_parse_decimal(w->value, w->decimals), "unit",
		    dev_unit_name(w->unit), "mg", w->mg >= 0 ?
		    json_integer(w->mg) : json_null(), "stable",
		    (w->flags & DEV_W_STABLE) != 0, "net",
		    (w->flags & DEV_W_NET) != 0, "tare",
		    (w->flags & DEV_W_TARE) != 0);
		break;
	case DEV_EV_SCAN:
		j = json_pack("{s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:o}",
		    "type", "scan", "symbology",
		    dev_symbology_name(sc->symbology), "aim",
		    ctl_parse_str(sc->aim), "kind",
		    sc->kind == DEV_SCAN_METRC_TAG ? "metrc-tag" :
		    sc->kind == DEV_SCAN_GS1 ? "gs1" :
		    sc->kind == DEV_SCAN_RETAIL_URL ? "url" : "plain",
		    "data", ctl_parse_bytes(sc->data, sc->len),
		    "tag", ctl_parse_str(sc->tag),
		    "gtin", ctl_parse_str(sc->gtin),
		    "lot", ctl_parse_str(sc->lot),
		    "expiry", ctl_parse_str(sc->expiry),
		    "serial", ctl_parse_str(sc->serial));
		break;
	case DEV_EV_ID:
		sex[0] = id->sex;
		j = json_pack("{s:s,s:i,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,"
		    "s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b}",
		    "type", "id", "version", id->version, "iin", id->iin,
		    "document", id->type, "number", ctl_parse_str(id->number),
		    "family", ctl_parse_str(id->family),
		    "given", ctl_parse_str(id->given),
		    "middle", ctl_parse_str(id->middle),
		    "suffix", ctl_parse_str(id->suffix),
		    "birth", ctl_parse_date(id->birth),
		    "expiry", ctl_parse_date(id->expiry),
		    "issued", ctl_parse_date(id->issued),
		    "under21_until", ctl_parse_date(id->under21_until),
		    "sex", ctl_parse_str(sex),
		    "street", ctl_parse_str(id->street),
		    "city", ctl_parse_str(id->city),
		    "state", ctl_parse_str(id->state),
		    "postal", ctl_parse_str(id->postal),
		    "country", ctl_parse_str(id->country),
		    "real_id", id->real_id);
		break;
	case DEV_EV_POSITION:
		j = json_pack("{s:s,s:b,s:I,s:I,s:o,s:o,s:o,s:i,s:o}",
		    "type", "position", "fix", pos->fix,
		    "lat_udeg", (json_int_t)pos->lat,
		    "lon_udeg", (json_int_t)pos->lon,
		    "lat", ctl_parse_decimal(pos->lat, 6),
		    "lon", ctl_parse_decimal(pos->lon, 6),
		    "time", ctl_parse_time(pos->time),
		    "quality", pos->quality,
		    "satellites", pos->satellites >= 0 ?
		    json_integer(pos->satellites) : json_null());
		break;
	case DEV_EV_STATUS:
		j = json_pack("{s:s,s:s,s:o}", "type", "status", "status",
		    dev_status_name(ev->status), "message",
		    stashctl_json_str(ev->msg));
		strlcpy(ps->last, ev->msg, sizeof ps->last);
		break;
	}
	if (ev->type != DEV_EV_STATUS)
		ps->good++;
	if (j == NULL) {
		stashctl_error("parse: cannot encode an event as JSON");
		return;
	}
	stashctl_json_print(j);		/* takes the reference */
}

int
ctl_parse(struct ctl *ctl, struct ctl_args *args)
{
	const struct dev_driver	*d;
	const char		*what = args->argv[0], *proto, *opts;
	struct ctl_parse_state	 ps;
	struct buf		 in;
	void			*s;
	char			*err = NULL, auto_opts[32];
	u_char			 chunk[4096];
	ssize_t			 n;

	proto = stashctl_opt(args, "protocol");
	opts = stashctl_opt(args, "options");
	if (strcmp(what, "aamva") == 0)
		d = dev_find("aamva");
	else if (strcmp(what, "nmea") == 0)
		d = dev_find("nmea");
	else if (strcmp(what, "scan") == 0)
		d = dev_find("scanner");
	else if (strcmp(what, "scale") == 0) {
		if (proto == NULL) {
			stashctl_error("parse scale: give --protocol (mt-sics, "
			    "toledo-8217, nci, sma, and, cas or ohaus)");
			return (-1);
		}
		d = dev_find(proto);
		if (d == NULL || d->class != DEV_SCALE) {
			stashctl_error("parse scale: unknown protocol %s (use "
			    "mt-sics, toledo-8217, nci, sma, and, cas or "
			    "ohaus)", proto);
			return (-1);
		}
	} else {
		stashctl_error("parse: unknown kind %s (expected aamva, nmea, "
		    "scan or scale)", what);
		return (-1);
	}

	buf_init(&in);
	for (;;) {
		n = read(STDIN_FILENO, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			stashctl_error("parse: cannot read stdin: %s",
			    strerror(errno));
			buf_free(&in);
			return (-1);
		}
		if (n == 0)
			break;
		if (in.len + n > CTL_PARSE_MAX) {
			stashctl_error("parse: more than %d bytes on stdin",
			    CTL_PARSE_MAX);
			buf_free(&in);
			return (-1);
		}
		buf_add(&in, chunk, n);
	}

	/* A scan without --options: frame on what the input ends with. */
	if (opts == NULL && d == &dev_scanner_aim_entry) {
		if (in.len > 0 && in.data[in.len - 1] == 0x03)
			opts = "suffix=etx";
		else if (in.len > 0 && in.data[in.len - 1] == '\n' &&
		    memchr(in.data, '\r', in.len) == NULL)
			opts = "suffix=lf";
		else if (in.len > 0 && (in.data[in.len - 1] == '\r' ||
		    in.data[in.len - 1] == '\n'))
			opts = "suffix=cr";
		else {
			strlcpy(auto_opts, "suffix=none", sizeof auto_opts);
			opts = auto_opts;
		}
	}
	if ((s = d->create(opts, &err)) == NULL) {
		stashctl_error("parse: %s", err != NULL ? err : "bad options");
		free(err);
		buf_free(&in);
		return (-1);
	}
	memset(&ps, 0, sizeof ps);
	d->feed(s, in.data, in.len, ctl_parse_event, &ps);
	d->idle(s, ctl_parse_event, &ps);
	d->free(s);
	buf_free(&in);
	if (ps.good == 0) {
		if (ps.last[0] != '\0')
			stashctl_error("parse %s: nothing usable: %s", what,
			    ps.last);
		else
			stashctl_error("parse %s: nothing usable in the input",
			    what);
		return (-1);
	}
	return (0);
}
