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

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stash.h"

/* UTC wall-clock time in microseconds. */
int64_t
util_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

int64_t
util_monotonic(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

/*
 * Format a UTC microsecond time in the given zone (NULL for the process's
 * local zone). The zone is applied through TZ for the call only, which is
 * not thread-safe: call it from the main thread only (stashd's workers
 * never do).
 */
char *
util_time_str(int64_t t, const char *tz, char *out, size_t len)
{
	return (util_time_fmt(t, tz, "%Y-%m-%d %H:%M:%S", out, len));
}

/* As util_time_str, in a strftime format of the caller's. */
char *
util_time_fmt(int64_t t, const char *tz, const char *fmt, char *out,
    size_t len)
{
	time_t		secs = (time_t)(t / 1000000);
	struct tm	tm;
	struct util_tz	z;

	util_tz_enter(&z, tz);
	localtime_r(&secs, &tm);
	if (strftime(out, len, fmt, &tm) == 0 && len != 0)
		*out = '\0';
	util_tz_leave(&z);
	return (out);
}

/*
 * Make tz the process's zone for a computation (NULL or "" leaves it).
 * Setting TZ makes the C library read the zone file again, which is slow
 * on a hot path, so when TZ already names tz nothing is done: stashd sets
 * TZ to the store's zone once at start. Not thread-safe: the main thread
 * only.
 */
void
util_tz_enter(struct util_tz *z, const char *tz)
{
	const char	*old;

	z->changed = 0;
	z->saved = NULL;
	if (tz == NULL || *tz == '\0')
		return;
	old = getenv("TZ");
	if (old != NULL && strcmp(old, tz) == 0)
		return;
	if (old != NULL)
		z->saved = xstrdup(old);
	setenv("TZ", tz, 1);
	tzset();
	z->changed = 1;
}

void
util_tz_leave(struct util_tz *z)
{
	if (!z->changed)
		return;
	if (z->saved != NULL) {
		setenv("TZ", z->saved, 1);
		free(z->saved);
	} else
		unsetenv("TZ");
	tzset();
	z->changed = 0;
	z->saved = NULL;
}

/*
 * A Metrc package tag is 24 uppercase hexadecimal characters (Metrc API docs'
 * examples; real tags begin 1A4 but the internal fields are not documented,
 * so the tag is treated as opaque). Lower case is accepted by util_tag_upper
 * before this check.
 */
int
util_tag_valid(const char *tag)
{
	size_t	i;

	for (i = 0; i < TAG_LEN; i++) {
		if (!isdigit((u_char)tag[i]) &&
		    !(tag[i] >= 'A' && tag[i] <= 'F'))
			return (0);
	}
	return (tag[TAG_LEN] == '\0');
}

void
util_tag_upper(char *tag)
{
	for (; *tag != '\0'; tag++)
		*tag = toupper((u_char)*tag);
}

/* Is this printable ASCII (no control characters)? */
int
util_printable(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if ((u_char)s[i] < 0x20 || (u_char)s[i] == 0x7f)
			return (0);
	}
	return (1);
}

void
util_hex(const u_char *in, size_t len, char *out)
{
	static const char	hex[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < len; i++) {
		out[i * 2] = hex[in[i] >> 4];
		out[i * 2 + 1] = hex[in[i] & 0xf];
	}
	out[len * 2] = '\0';
}

static int
util_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* Decode exactly len bytes of hex; -1 if the string is not that. */
int
util_unhex(const char *in, u_char *out, size_t len)
{
	size_t	i;
	int	hi, lo;

	if (strlen(in) != len * 2)
		return (-1);
	for (i = 0; i < len; i++) {
		hi = util_hexval((u_char)in[i * 2]);
		lo = util_hexval((u_char)in[i * 2 + 1]);
		if (hi < 0 || lo < 0)
			return (-1);
		out[i] = (u_char)(hi << 4 | lo);
	}
	return (0);
}

/* strtonum(3) for int64_t. */
int64_t
util_strtonum(const char *s, int64_t min, int64_t max, const char **errstr)
{
	long long	 v;
	char		*end;

	*errstr = NULL;
	if (s == NULL || *s == '\0') {
		*errstr = "empty";
		return (0);
	}
	if (*s != '-' && (*s < '0' || *s > '9')) {
		*errstr = "not a number";
		return (0);
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || end == s) {
		*errstr = "not a number";
		return (0);
	}
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*errstr = "too small";
		return (0);
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*errstr = "too large";
		return (0);
	}
	return ((int64_t)v);
}

/* mkdir -p. */
int
util_mkdirs(const char *path, mode_t mode)
{
	char	*copy, *p;

	copy = xstrdup(path);
	for (p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, mode) == -1 && errno != EEXIST) {
			free(copy);
			return (-1);
		}
		*p = '/';
	}
	free(copy);
	if (mkdir(path, mode) == -1 && errno != EEXIST)
		return (-1);
	return (0);
}

#ifndef HAVE_STRLCPY
/* strlcpy(3) for C libraries without it (glibc before 2.38). */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t	len = strlen(src);

	if (size != 0) {
		if (len >= size) {
			memcpy(dst, src, size - 1);
			dst[size - 1] = '\0';
		} else
			memcpy(dst, src, len + 1);
	}
	return (len);
}
#endif

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
int64_t
util_days(int64_t y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468);
}

/*
 * The UTC microsecond time of hour o'clock on a calendar date (YYYYMMDD)
 * in a zone (mktime: a time DST skips is moved on, one it repeats is the
 * first). Not thread-safe, as util_tz_enter.
 */
int64_t
util_local_time(int ymd, int hour, const char *tz)
{
	struct util_tz	z;
	struct tm	tm;
	time_t		t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = ymd / 10000 - 1900;
	tm.tm_mon = ymd / 100 % 100 - 1;
	tm.tm_mday = ymd % 100;
	tm.tm_hour = hour;
	tm.tm_isdst = -1;
	util_tz_enter(&z, tz);
	t = mktime(&tm);
	util_tz_leave(&z);
	return ((int64_t)t * 1000000);
}

/* The calendar date (YYYYMMDD) of a UTC microsecond time in a zone. */
int
util_local_date(int64_t t, const char *tz)
{
	char		 buf[32];
	const char	*errstr;

	util_time_str(t, tz, buf, sizeof buf);
	buf[4] = buf[7] = buf[10] = '\0';
	return ((int)(util_strtonum(buf, 0, 9999, &errstr) * 10000 +
	    util_strtonum(buf + 5, 1, 12, &errstr) * 100 +
	    util_strtonum(buf + 8, 1, 31, &errstr)));
}

/*
 * A reason into *cause for a reader of input (JSON, rule files): the
 * first wins, later ones are dropped. Returns -1, for "return
 * (util_bad(cause, ...))".
 */
int
util_bad(char **cause, const char *fmt, ...)
{
	va_list	ap;

	if (cause == NULL || *cause != NULL)
		return (-1);
	va_start(ap, fmt);
	xvasprintf(cause, fmt, ap);
	va_end(ap);
	return (-1);
}
