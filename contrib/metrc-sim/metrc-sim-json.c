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

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "metrc-sim.h"

/*
 * Metrc bodies carry quantities and amounts as JSON decimals. jansson would
 * read 1.1 as a double, so before parsing, every number with a fraction or
 * an exponent is turned into a string holding its exact text, and
 * metrc_sim_json_dec reads integers and such strings into integers of a
 * given scale. On the way out a decimal is a string starting with the
 * marker \037, which metrc_sim_json_dump turns back into a bare number.
 */

#define METRC_SIM_DEC_MARK	'\037'
#define METRC_SIM_DEC_MAX	1000000000000000LL	/* 10^15 */

char *
metrc_sim_json_mark(const char *in, size_t len, char **cause)
{
	struct buf	 b;
	size_t		 i, start;
	int		 real;

	buf_init(&b);
	for (i = 0; i < len; i++) {
		if (in[i] == '\0') {
			buf_free(&b);
			*cause = xstrdup("the body contains a NUL byte");
			return (NULL);
		}
		if (in[i] == '"') {
			start = i++;
			while (i < len && in[i] != '"') {
				if (in[i] == '\\' && i + 5 < len &&
				    strncasecmp(in + i, "\\u001f", 6) == 0) {
					buf_free(&b);
					*cause = xstrdup("the body contains "
					    "the control character U+001F");
					return (NULL);
				}
				if (in[i] == '\\' && i + 1 < len)
					i++;
				i++;
			}
			buf_add(&b, in + start, (i < len ? i + 1 : i) - start);
			continue;
		}
		if (in[i] != '-' && !isdigit((u_char)in[i])) {
			buf_addc(&b, in[i]);
			continue;
		}
		start = i;
		real = 0;
		while (i < len && (isdigit((u_char)in[i]) || in[i] == '-' ||
		    in[i] == '+' || in[i] == '.' || in[i] == 'e' ||
		    in[i] == 'E')) {
			if (in[i] == '.' || in[i] == 'e' || in[i] == 'E')
				real = 1;
			i++;
		}
		if (real)
			buf_addc(&b, '"');
		buf_add(&b, in + start, i - start);
		if (real)
			buf_addc(&b, '"');
		i--;
	}
	return (buf_cstr(&b));
}

json_t *
metrc_sim_json_parse(const char *in, size_t len, char **cause)
{
	json_error_t	 e;
	json_t		*j;
	char		*text;

	if ((text = metrc_sim_json_mark(in, len, cause)) == NULL)
		return (NULL);
	j = json_loads(text, JSON_REJECT_DUPLICATES, &e);
	free(text);
	if (j == NULL)
		xasprintf(cause, "the body is not valid JSON (line %d, column "
		    "%d: %s)", e.line, e.column, e.text);
	return (j);
}

char *
metrc_sim_json_dump(json_t *j)
{
	static const char	 mark[] = "\"\\u001";	/* then f or F */
	struct buf		 b;
	char			*text, *p, *q, *end;

	text = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	if (text == NULL)
		fatalx("out of memory writing JSON");
	buf_init(&b);
	for (p = text; (q = strstr(p, mark)) != NULL; p = end + 1) {
		q += sizeof mark - 1;
		if (*q != 'f' && *q != 'F') {
			buf_add(&b, p, q - p);
			end = q - 1;
			continue;
		}
		buf_add(&b, p, q - (sizeof mark - 1) - p);
		q++;
		if ((end = strchr(q, '"')) == NULL)
			fatalx("unterminated decimal in JSON output");
		buf_add(&b, q, end - q);
	}
	buf_addstr(&b, p);
	free(text);
	return (buf_cstr(&b));
}

/* A decimal number: an integer or a string like "-12.50". */
int
metrc_sim_json_dec(json_t *j, int scale, int64_t *out)
{
	const char	*s;
	int64_t		 v = 0, mul = 1;
	int		 neg = 0, digits = 0, frac = -1, i;

	for (i = 0; i < scale; i++)
		mul *= 10;
	if (json_is_integer(j)) {
		v = json_integer_value(j);
		if (v > METRC_SIM_DEC_MAX || v < -METRC_SIM_DEC_MAX)
			return (-1);
		*out = v * mul;
		return (0);
	}
	if (!json_is_string(j))
		return (-1);
	s = json_string_value(j);
	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s != '\0'; s++) {
		if (*s == '.' && frac == -1) {
			frac = 0;
			continue;
		}
		if (!isdigit((u_char)*s))
			return (-1);
		if (frac != -1 && ++frac > scale) {
			if (*s != '0')	/* trailing zeros are exact */
				return (-1);
			continue;
		}
		if (v > METRC_SIM_DEC_MAX)
			return (-1);
		v = v * 10 + (*s - '0');
		digits++;
	}
	if (digits == 0)
		return (-1);
	if (frac == -1)
		frac = 0;
	for (; frac < scale; frac++)
		v *= 10;
	if (v > METRC_SIM_DEC_MAX * mul)
		return (-1);
	*out = neg ? -v : v;
	return (0);
}

/* 1500 at scale 3 is "1.5"; 2000 is "2.0". */
void
metrc_sim_json_fmt(int64_t v, int scale, char *out, size_t len)
{
	uint64_t	u, mul = 1;
	char		frac[32];
	int		i, n;

	for (i = 0; i < scale; i++)
		mul *= 10;
	u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	n = snprintf(frac, sizeof frac, "%0*llu", scale,
	    (unsigned long long)(u % mul));
	while (n > 1 && frac[n - 1] == '0')
		frac[--n] = '\0';
	if (scale == 0)
		strlcpy(frac, "0", sizeof frac);
	snprintf(out, len, "%s%llu.%s", v < 0 ? "-" : "",
	    (unsigned long long)(u / mul), frac);
}

json_t *
metrc_sim_json_decimal(int64_t v, int scale)
{
	char	text[48];

	text[0] = METRC_SIM_DEC_MARK;
	metrc_sim_json_fmt(v, scale, text + 1, sizeof text - 1);
	return (json_string(text));
}

const char *
metrc_sim_json_str(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return (json_is_string(v) ? json_string_value(v) : NULL);
}

json_int_t
metrc_sim_json_int(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return (json_is_integer(v) ? json_integer_value(v) : 0);
}

/* Read "YYYY-MM-DD" at s into tm; return the characters read or 0. */
static size_t
metrc_sim_json_ymd(const char *s, struct tm *tm)
{
	int	i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return (0);
		} else if (!isdigit((u_char)s[i]))
			return (0);
	}
	memset(tm, 0, sizeof *tm);
	tm->tm_year = atoi(s) - 1900;
	tm->tm_mon = atoi(s + 5) - 1;
	tm->tm_mday = atoi(s + 8);
	tm->tm_isdst = -1;
	if (tm->tm_mon < 0 || tm->tm_mon > 11 || tm->tm_mday < 1 ||
	    tm->tm_mday > 31 || tm->tm_year < 0)
		return (0);
	return (10);
}

/* Read "THH:MM:SS[.fff]"; return the characters read or 0. */
static size_t
metrc_sim_json_hms(const char *s, struct tm *tm)
{
	size_t	n;
	int	i;

	if (s[0] != 'T' && s[0] != ' ')
		return (0);
	for (i = 1; i < 9; i++) {
		if (i == 3 || i == 6) {
			if (s[i] != ':')
				return (0);
		} else if (!isdigit((u_char)s[i]))
			return (0);
	}
	tm->tm_hour = atoi(s + 1);
	tm->tm_min = atoi(s + 4);
	tm->tm_sec = atoi(s + 7);
	if (tm->tm_hour > 23 || tm->tm_min > 59 || tm->tm_sec > 60)
		return (0);
	n = 9;
	if (s[n] == '.') {
		n++;
		if (!isdigit((u_char)s[n]))
			return (0);
		while (isdigit((u_char)s[n]))
			n++;
	}
	return (n);
}

int
metrc_sim_json_date(const char *s)
{
	struct tm	tm;

	return (metrc_sim_json_ymd(s, &tm) == 10 && s[10] == '\0');
}

/*
 * A facility-local time without a zone ("2024-05-01T14:03:00.000"),
 * written back as "YYYY-MM-DDTHH:MM:SS.000"; -1 if it is not one (a zone
 * or an offset is an error: SalesDateTime is local time).
 */
int
metrc_sim_json_local(const char *s, char *out, size_t len)
{
	struct tm	tm;
	size_t		n;

	if ((n = metrc_sim_json_ymd(s, &tm)) == 0)
		return (-1);
	if (s[n] == '\0') {
		snprintf(out, len, "%.10sT00:00:00.000", s);
		return (0);
	}
	if (metrc_sim_json_hms(s + n, &tm) == 0 ||
	    s[n + metrc_sim_json_hms(s + n, &tm)] != '\0')
		return (-1);
	snprintf(out, len, "%.10sT%.8s.000", s, s + 11);
	return (0);
}

/* An ISO 8601 time into UTC seconds; no zone means facility-local. */
int64_t
metrc_sim_json_time(const char *s)
{
	struct tm	 tm;
	size_t		 n, m;
	int64_t		 t;
	int		 off, sign;

	if ((n = metrc_sim_json_ymd(s, &tm)) == 0)
		return (-1);
	if (s[n] != '\0') {
		if ((m = metrc_sim_json_hms(s + n, &tm)) == 0)
			return (-1);
		n += m;
	}
	if (s[n] == '\0')
		return ((int64_t)mktime(&tm));
	if (s[n] == 'Z' && s[n + 1] == '\0')
		off = 0;
	else if ((s[n] == '+' || s[n] == '-') && isdigit((u_char)s[n + 1]) &&
	    isdigit((u_char)s[n + 2]) && s[n + 3] == ':' &&
	    isdigit((u_char)s[n + 4]) && isdigit((u_char)s[n + 5]) &&
	    s[n + 6] == '\0') {
		sign = s[n] == '-' ? -1 : 1;
		off = sign * (atoi(s + n + 1) * 3600 + atoi(s + n + 4) * 60);
	} else
		return (-1);
	tm.tm_isdst = 0;
	t = (int64_t)timegm(&tm);
	return (t - off);
}

/* UTC seconds as facility-local time with its offset. */
void
metrc_sim_json_timefmt(int64_t t, char *out, size_t len)
{
	time_t		secs = (time_t)t;
	struct tm	tm;
	char		z[8];

	localtime_r(&secs, &tm);
	strftime(z, sizeof z, "%z", &tm);
	snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02d%.3s:%.2s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, z, z + 3);
}
