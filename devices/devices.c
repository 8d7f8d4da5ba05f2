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

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "stash.h"
#include "dev.h"

/*
 * The table of device drivers by name, and what the drivers share: a
 * bounded frame accumulator, weight number parsing and status events.
 * Nothing here does I/O.
 */

const struct dev_driver *dev_table[] = {
	&dev_scale_mtsics_entry,
	&dev_scale_toledo_entry,
	&dev_scale_nci_entry,
	&dev_scale_sma_entry,
	&dev_scale_and_entry,
	&dev_scale_cas_entry,
	&dev_scale_ohaus_entry,
	&dev_scanner_aim_entry,
	&dev_id_aamva_entry,
	&dev_gps_nmea_entry,
	&dev_printer_escpos_entry,
	NULL
};

const struct dev_driver *
dev_find(const char *name)
{
	const struct dev_driver	**d;

	for (d = dev_table; *d != NULL; d++) {
		if (strcmp((*d)->name, name) == 0)
			return (*d);
	}
	return (NULL);
}

static const struct {
	enum dev_unit	 unit;
	const char	*name;
} dev_units[] = {
	{ DEV_UNIT_MG, "mg" },
	{ DEV_UNIT_G, "g" },
	{ DEV_UNIT_KG, "kg" },
	{ DEV_UNIT_OZ, "oz" },
	{ DEV_UNIT_LB, "lb" },
	{ DEV_UNIT_LB, "lbs" },
	{ DEV_UNIT_CT, "ct" },
};

const char *
dev_unit_name(enum dev_unit unit)
{
	size_t	i;

	for (i = 0; i < sizeof dev_units / sizeof dev_units[0]; i++) {
		if (dev_units[i].unit == unit)
			return (dev_units[i].name);
	}
	return ("none");
}

/* A unit as the scale spells it, spaces trimmed, any case. */
enum dev_unit
dev_unit_parse(const char *s, size_t len)
{
	size_t	i;

	while (len > 0 && *s == ' ') {
		s++;
		len--;
	}
	while (len > 0 && s[len - 1] == ' ')
		len--;
	for (i = 0; i < sizeof dev_units / sizeof dev_units[0]; i++) {
		if (strlen(dev_units[i].name) == len &&
		    strncasecmp(dev_units[i].name, s, len) == 0)
			return (dev_units[i].unit);
	}
	return (DEV_UNIT_NONE);
}

const char *
dev_status_name(enum dev_status_code st)
{
	static const char *names[] = {
		"ok", "motion", "overload", "underload", "zero", "busy",
		"error", "garbage", "too-long", "checksum", "no-fix",
		"paper-near-end", "paper-out", "offline", "info"
	};

	if ((size_t)st >= sizeof names / sizeof names[0])
		return ("unknown");
	return (names[st]);
}

const char *
dev_symbology_name(enum dev_symbology sym)
{
	static const char *names[] = {
		"unknown", "ean13", "ean-addon", "ean8", "code128", "gs1-128",
		"itf", "code39", "databar", "qr", "gs1-qr", "datamatrix",
		"gs1-datamatrix", "pdf417", "other"
	};

	if ((size_t)sym >= sizeof names / sizeof names[0])
		return ("unknown");
	return (names[sym]);
}

void
dev_frame_init(struct dev_frame *f, size_t max)
{
	if (max == 0 || max > sizeof f->data)
		max = sizeof f->data;
	f->max = max;
	f->len = 0;
	f->overflow = 0;
}

/* Add a byte; -1 (once) when the frame goes over its bound. */
int
dev_frame_add(struct dev_frame *f, u_char c)
{
	if (f->overflow)
		return (0);
	if (f->len >= f->max) {
		f->overflow = 1;
		f->len = 0;
		return (-1);
	}
	f->data[f->len++] = c;
	return (0);
}

void
dev_frame_reset(struct dev_frame *f)
{
	f->len = 0;
	f->overflow = 0;
}

void
dev_emit_status(dev_emit_cb cb, void *arg, enum dev_status_code st,
    const char *fmt, ...)
{
	struct dev_event	 ev;
	va_list			 ap;

	memset(&ev, 0, sizeof ev);
	ev.type = DEV_EV_STATUS;
	ev.status = st;
	va_start(ap, fmt);
	vsnprintf(ev.msg, sizeof ev.msg, fmt, ap);
	va_end(ap);
	cb(&ev, arg);
}

/*
 * Parse a scale's number: spaces, an optional sign (spaces may follow it),
 * digits with at most one point, spaces. *neg is set for a minus. The unit
 * is parsed too; 0 on success, -1 if either is not what a scale sends.
 * At most 12 digits, so milligrams of kilograms cannot overflow.
 */
int
dev_weight_parse(const char *s, size_t len, const char *u, size_t ulen,
    struct dev_weight *w, int *neg)
{
	size_t	 i = 0;
	int	 digits = 0, point = 0;
	int64_t	 v = 0, p;

	memset(w, 0, sizeof *w);
	w->mg = -1;
	*neg = 0;
	while (i < len && s[i] == ' ')
		i++;
	if (i < len && (s[i] == '+' || s[i] == '-')) {
		*neg = s[i] == '-';
		i++;
		while (i < len && s[i] == ' ')
			i++;
	}
	for (; i < len && s[i] != ' '; i++) {
		if (s[i] == '.') {
			if (point)
				return (-1);
			point = 1;
			continue;
		}
		if (!isdigit((u_char)s[i]) || digits >= 12)
			return (-1);
		v = v * 10 + (s[i] - '0');
		digits++;
		if (point)
			w->decimals++;
	}
	while (i < len && s[i] == ' ')
		i++;
	if (i != len || digits == 0)
		return (-1);
	w->value = v;
	w->unit = dev_unit_parse(u, ulen);
	if (w->unit == DEV_UNIT_NONE)
		return (-1);

	/* Exact milligrams for metric units only; never rounded. */
	switch (w->unit) {
	case DEV_UNIT_MG:
		p = 0;
		break;
	case DEV_UNIT_G:
		p = 3;
		break;
	case DEV_UNIT_KG:
		p = 6;
		break;
	default:
		return (0);
	}
	p -= w->decimals;
	if (p >= 0) {
		w->mg = v;
		while (p-- > 0)
			w->mg *= 10;
	} else {
		for (; p < 0; p++) {
			if (v % 10 != 0)
				return (0);	/* finer than 1 mg: no mg */
			v /= 10;
		}
		w->mg = v;
	}
	return (0);
}

/*
 * Turn a reading into an event. Only a stable, positive reading in a known
 * unit becomes a weight; everything else is a status saying why not.
 */
void
dev_emit_weight(dev_emit_cb cb, void *arg, const char *s, size_t len,
    const char *u, size_t ulen, int flags)
{
	struct dev_event	ev;
	int			neg;

	memset(&ev, 0, sizeof ev);
	if (dev_weight_parse(s, len, u, ulen, &ev.weight, &neg) != 0) {
		dev_emit_status(cb, arg, DEV_ST_GARBAGE,
		    "the scale sent a weight that cannot be read");
		return;
	}
	if (!(flags & DEV_W_STABLE)) {
		dev_emit_status(cb, arg, DEV_ST_MOTION,
		    "the scale is not stable: wait for it to settle");
		return;
	}
	if (neg) {
		dev_emit_status(cb, arg, DEV_ST_UNDERLOAD,
		    "the scale reads below zero: zero or re-tare it");
		return;
	}
	if (ev.weight.value == 0 && !(flags & DEV_W_TARE)) {
		dev_emit_status(cb, arg, DEV_ST_ZERO,
		    "the scale reads zero: nothing on the pan");
		return;
	}
	ev.type = DEV_EV_WEIGHT;
	ev.weight.flags = flags;
	cb(&ev, arg);
}

/* Find name=value in "a=1,b=2"; 1 found, 0 not, -1 value too long. */
int
dev_opt(const char *opts, const char *name, char *out, size_t len)
{
	const char	*p, *eq, *end;
	size_t		 n = strlen(name);

	if (opts == NULL)
		return (0);
	for (p = opts; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', end - p);
		if (eq == NULL || (size_t)(eq - p) != n ||
		    strncmp(p, name, n) != 0)
			continue;
		if ((size_t)(end - eq - 1) >= len)
			return (-1);
		memcpy(out, eq + 1, end - eq - 1);
		out[end - eq - 1] = '\0';
		return (1);
	}
	return (0);
}

/* Bytes for a message: printable ASCII kept, the rest as \xNN, bounded. */
void
dev_printable(const u_char *p, size_t len, char *out, size_t outlen)
{
	size_t	i, o = 0;
	int	n;

	if (outlen == 0)
		return;
	for (i = 0; i < len; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') {
			if (o + 1 >= outlen)
				break;
			out[o++] = p[i];
			continue;
		}
		if (o + 5 >= outlen)
			break;
		n = snprintf(out + o, outlen - o, "\\x%02x", p[i]);
		o += n;
	}
	out[o] = '\0';
}
