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

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stash.h"

/*
 * The checks every value from outside goes through (DESIGN rule 6): one
 * for dates, one for text, the US state codes, the cells a spreadsheet
 * would run as formulas, and whether a host is loopback. Protocol
 * arguments, CSV imports and command lines all use these, so a value
 * refused in one place is refused in every place.
 */

/* Days in each month of a common year. */
static const int valid_mdays[] = {
	31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
};

/* Is YYYYMMDD a real day of the Gregorian calendar (years 1..9999)? */
int
valid_date_real(int d)
{
	int	y = d / 10000, m = (d / 100) % 100, day = d % 100, leap;

	if (d <= 0 || y < 1 || y > 9999 || m < 1 || m > 12 || day < 1)
		return (0);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return (day <= valid_mdays[m - 1] + (m == 2 && leap));
}

/* "YYYY-MM-DD" (exactly) into YYYYMMDD; -1 if it is not that. */
int
valid_date_parse(const char *s)
{
	int	i, d = 0;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return (-1);
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		d = d * 10 + (s[i] - '0');
	}
	return (d);
}

/* The bounds of each kind of date, given today (YYYYMMDD). */
static void
valid_date_bounds(enum valid_date_kind kind, int today, int *min, int *max)
{
	int	y = today / 10000, md = today % 10000;

	if (md == 229)
		md = 228;	/* 29 February plus whole years */
	*min = VALID_DATE_BUSINESS_MIN;
	*max = today;
	switch (kind) {
	case VALID_DATE_BIRTH:
		*min = VALID_DATE_BIRTH_MIN;
		*max = today;
		break;
	case VALID_DATE_BUSINESS:
		*max = (y + VALID_DATE_BUSINESS_YEARS) * 10000 + md;
		break;
	case VALID_DATE_EXPIRY:
		*max = (y + VALID_DATE_EXPIRY_YEARS) * 10000 + md;
		break;
	}
}

/*
 * Check a YYYYMMDD date of a kind against today: a real calendar day
 * within the kind's bounds (doc/protocol.md, "Values"). 0 if so, else -1
 * and *cause naming what (the field's name).
 */
int
valid_date(int d, enum valid_date_kind kind, int today, const char *what,
    char **cause)
{
	int	min, max;

	if (!valid_date_real(d)) {
		xasprintf(cause, "\"%s\" is not a real calendar date", what);
		return (-1);
	}
	valid_date_bounds(kind, today, &min, &max);
	if (d < min) {
		xasprintf(cause, "\"%s\" is before %04d-%02d-%02d", what,
		    min / 10000, min / 100 % 100, min % 100);
		return (-1);
	}
	if (d > max) {
		if (kind == VALID_DATE_BIRTH)
			xasprintf(cause, "\"%s\" is in the future", what);
		else {
			xasprintf(cause, "\"%s\" is after %04d-%02d-%02d (more "
			    "than %d year%s ahead)", what, max / 10000,
			    max / 100 % 100, max % 100,
			    kind == VALID_DATE_EXPIRY ?
			    VALID_DATE_EXPIRY_YEARS : VALID_DATE_BUSINESS_YEARS,
			    (kind == VALID_DATE_EXPIRY ?
			    VALID_DATE_EXPIRY_YEARS :
			    VALID_DATE_BUSINESS_YEARS) == 1 ? "" : "s");
		}
		return (-1);
	}
	return (0);
}

/*
 * Decode one UTF-8 sequence at s (n bytes left): the code point, or -1 for
 * an invalid sequence (overlong, a surrogate, beyond U+10FFFF, truncated).
 * *len is the sequence's length.
 */
static long
valid_utf8_next(const u_char *s, size_t n, size_t *len)
{
	long	cp;
	size_t	i, need;

	if (s[0] < 0x80) {
		*len = 1;
		return (s[0]);
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		cp = s[0] & 0x07;
	} else
		return (-1);
	if (n < need)
		return (-1);
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (-1);
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return (-1);
	*len = need;
	return (cp);
}

/*
 * Text from outside: len bytes (no NUL among them) of valid UTF-8, at most
 * max bytes, with no control characters (C0, DEL, C1) and none of the
 * bidirectional embedding, override and isolate characters (U+202A to
 * U+202E, U+2066 to U+2069) that make a name display as something else.
 * Empty text passes (whether a field may be empty is the caller's). 0 if
 * it is good, else -1 and *cause naming what.
 */
int
valid_text(const char *s, size_t len, size_t max, const char *what,
    char **cause)
{
	const u_char	*p = (const u_char *)s;
	size_t		 i, n;
	long		 cp;

	if (len > max) {
		xasprintf(cause, "\"%s\" is longer than %zu bytes", what, max);
		return (-1);
	}
	for (i = 0; i < len; i += n) {
		if ((cp = valid_utf8_next(p + i, len - i, &n)) == -1) {
			xasprintf(cause, "\"%s\" is not valid UTF-8", what);
			return (-1);
		}
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			xasprintf(cause, "\"%s\" contains a control character "
			    "(U+%04lX)", what, cp);
			return (-1);
		}
		if ((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069)) {
			xasprintf(cause, "\"%s\" contains a text direction "
			    "control (U+%04lX)", what, cp);
			return (-1);
		}
	}
	return (0);
}

/*
 * Would a spreadsheet take this cell as a formula? OWASP's list of
 * leading characters: = + - @, tab and carriage return.
 */
int
valid_formula_lead(const char *s)
{
	return (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL);
}

/*
 * Write one CSV cell (RFC 4180): quoted when it holds a comma, quote or
 * line end. A text cell that a spreadsheet would run as a formula is
 * written with a leading single quote, and quoted, so it shows as the
 * text it is; a number cell (text == 0: a figure stash formatted itself,
 * like -350 or 12.50) is written as it is so it stays a number. last ends
 * the row.
 */
void
valid_csv_cell(FILE *f, const char *s, int text, int last)
{
	int	formula = text && valid_formula_lead(s);

	if (formula || strpbrk(s, ",\"\r\n") != NULL) {
		fputc('"', f);
		if (formula)
			fputc('\'', f);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else
		fputs(s, f);
	fputc(last ? '\n' : ',', f);
}

/*
 * The two-letter codes of the US states, the District of Columbia and the
 * US territories (USPS), then the Canadian provinces and territories
 * (Canada Post): the jurisdictions that issue AAMVA driver's licences and
 * ID cards, which the door's scanner reads. Used for an ID's issuing
 * state, a medical card's state and a customer's residence.
 */
static const char *valid_states[] = {
	"AK", "AL", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL",
	"GA", "GU", "HI", "IA", "ID", "IL", "IN", "KS", "KY", "LA", "MA",
	"MD", "ME", "MI", "MN", "MO", "MP", "MS", "MT", "NC", "ND", "NE",
	"NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "PR", "RI",
	"SC", "SD", "TN", "TX", "UT", "VA", "VI", "VT", "WA", "WI", "WV",
	"WY",
	"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC",
	"SK", "YT"
};

/* Is s one of those codes (upper case)? */
int
valid_state_code(const char *s)
{
	size_t	i;

	for (i = 0; i < sizeof valid_states / sizeof *valid_states; i++) {
		if (strcmp(s, valid_states[i]) == 0)
			return (1);
	}
	return (0);
}

/*
 * Is host a loopback address: "localhost", an IPv4 address in
 * 127.0.0.0/8 or ::1 (also as ::ffff:127.x.y.z)? Any other name is not,
 * whatever it resolves to: the answer must not depend on the resolver.
 */
int
valid_host_loopback(const char *host)
{
	struct in_addr	 in4;
	struct in6_addr	 in6;
	char		 buf[64];
	size_t		 n = strlen(host);

	if (strcasecmp(host, "localhost") == 0 ||
	    strcasecmp(host, "localhost.") == 0)
		return (1);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']' &&
	    n - 2 < sizeof buf) {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		host = buf;
	}
	if (inet_pton(AF_INET, host, &in4) == 1)
		return ((ntohl(in4.s_addr) >> 24) == 127);
	if (inet_pton(AF_INET6, host, &in6) == 1) {
		if (IN6_IS_ADDR_LOOPBACK(&in6))
			return (1);
		return (IN6_IS_ADDR_V4MAPPED(&in6) && in6.s6_addr[12] == 127);
	}
	return (0);
}

/*
 * A JSON number, integer or real (a state's 31.0 as often as 31), from min
 * to max: 0 with *out, or -1 (not a number, out of range, NaN).
 */
int
valid_json_number(json_t *v, double min, double max, double *out)
{
	double	d;

	if (json_is_integer(v))
		d = (double)json_integer_value(v);
	else if (json_is_real(v))
		d = json_real_value(v);
	else
		return (-1);
	if (!(d >= min && d <= max))
		return (-1);
	*out = d;
	return (0);
}
