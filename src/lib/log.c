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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <sys/time.h>

#include "stash.h"

/*
 * Logging to stderr or syslog. Level 0 logs warnings, 1 (-v) adds info, 2
 * (-vv) adds debug. Callers never pass personal data (names, IDs, PINs,
 * dates of birth) or secrets: log staff by number and terminals by name.
 */

static enum log_dest	 log_dest = LOGDEST_STDERR;
static int		 log_level;
static const char	*log_name = "stash";

void
log_open(const char *name, enum log_dest dest, int level)
{
	log_name = name;
	log_dest = dest;
	log_level = level;
	if (dest == LOGDEST_SYSLOG)
		openlog(name, LOG_PID|LOG_NDELAY, LOG_DAEMON);
}

void
log_set_level(int level)
{
	log_level = level;
}

int
log_get_level(void)
{
	return (log_level);
}

static void
log_vwrite(int pri, const char *fmt, va_list ap, const char *suffix)
{
	char		 msg[1024], stamp[32];
	struct timeval	 tv;
	struct tm	 tm;
	size_t		 i;

	if (log_dest == LOGDEST_NONE)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	/* Escape control characters: a log line is one line. */
	for (i = 0; msg[i] != '\0'; i++) {
		if ((u_char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = '?';
	}
	if (log_dest == LOGDEST_SYSLOG) {
		if (suffix != NULL)
			syslog(pri, "%s: %s", msg, suffix);
		else
			syslog(pri, "%s", msg);
		return;
	}
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	if (suffix != NULL)
		fprintf(stderr, "%s.%06ldZ %s: %s: %s\n", stamp,
		    (long)tv.tv_usec, log_name, msg, suffix);
	else
		fprintf(stderr, "%s.%06ldZ %s: %s\n", stamp, (long)tv.tv_usec,
		    log_name, msg);
	fflush(stderr);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, fmt, ap, NULL);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, fmt, ap, strerror(saved));
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < 1)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_INFO, fmt, ap, NULL);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < 2)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_DEBUG, fmt, ap, NULL);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, fmt, ap, strerror(saved));
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, fmt, ap, NULL);
	va_end(ap);
	exit(1);
}
