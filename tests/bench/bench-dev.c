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
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "stash.h"
#include "dev.h"

/*
 * bench-dev: device figures, not pass/fail (doc/benchmarks.md).
 *
 * 1. Parser throughput: each driver is fed a buffer of its own frames in
 *    512-byte reads, as a transport would. The baseline, measured in the
 *    same run over the same bytes, is memchr() finding every frame end:
 *    the least any framer must do. Figures are MB/s and the ratio to it.
 * 2. Scan-to-event latency: a scan written to a pty reaches the scanner
 *    driver through the real transport (libserialport, libevent, with
 *    tests/sim/ptyshim.so preloaded so libserialport opens a pty). This is
 *    the device half of scan-to-cart; the cart half is the client's.
 *    Baseline: the same bytes through a plain pipe, write then read.
 *
 * Usage: bench-dev [-s seconds per figure] [-n scans]
 */

#define BD_BUF		(4 * 1024 * 1024)
#define BD_READ		512

static double	bd_seconds = 1.0;
static int	bd_scans = 200;
static u_long	bd_events;

static double
bd_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static void
bd_count(const struct dev_event *ev, void *arg)
{
	bd_events++;
}

static size_t
bd_fill(u_char *buf, size_t size, const char *frame, size_t flen,
    u_long *nframes)
{
	size_t	off = 0;

	*nframes = 0;
	while (off + flen <= size) {
		memcpy(buf + off, frame, flen);
		off += flen;
		(*nframes)++;
	}
	return (off);
}

/* memchr over every frame end: the baseline, in MB/s. */
static double
bd_baseline(const u_char *buf, size_t len, u_char end_byte)
{
	const u_char		*p, *end = buf + len;
	double			 t0, t;
	u_long			 rounds = 0;
	static volatile u_long	 n;

	t0 = bd_now();
	do {
		for (p = buf; p < end && (p = memchr(p, end_byte, end - p)) !=
		    NULL; p++)
			n++;
		rounds++;
	} while ((t = bd_now() - t0) < bd_seconds);
	return (rounds * (double)len / t / 1e6);
}

static void
bd_throughput(void)
{
	static const struct {
		const char	*driver;
		const char	*opts;
		const char	*frame;
	} cases[] = {
		{ "mt-sics", NULL, "S S     100.00 g\r\n" },
		{ "and", NULL, "ST,+00012.34  g\r\n" },
		{ "cas", NULL, "ST,GS,\x01\xc0,   1.234 kg\r\n" },
		{ "ohaus", NULL, "    53.98 g     \r\n" },
		{ "nci", NULL, "\n0001.25LB\r\n00\r\x03" },
		{ "sma", NULL, "\n 1G        1.25lb\r\n" },
		{ "toledo-8217", NULL, "\x02" "001.25\r" },
		{ "scanner", "suffix=lf", "]C01A4FF0100000022000000123\n" },
		{ "scanner", "suffix=lf", "]C1010085000600012817261231"
		    "10LOT42A\x1d" "210001234\n" },
		{ "nmea", NULL, "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,"
		    "084.4,230394,003.1,W*6A\r\n" },
	};
	const struct dev_driver	*d;
	u_char			*buf;
	size_t			 len, off, n, i;
	u_long			 nframes, rounds;
	double			 base, t0, t, mbs;
	void			*s;
	char			*err = NULL;

	buf = xmalloc(BD_BUF);
	printf("parser throughput (%d-byte reads, %.1f s each)\n", BD_READ,
	    bd_seconds);
	printf("  %-12s %-4s %10s %12s %9s\n", "driver", "scan", "MB/s",
	    "frames/s", "x memchr");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		d = dev_find(cases[i].driver);
		len = bd_fill(buf, BD_BUF, cases[i].frame,
		    strlen(cases[i].frame), &nframes);
		base = bd_baseline(buf, len,
		    cases[i].frame[strlen(cases[i].frame) - 1]);
		s = d->create(cases[i].opts, &err);
		rounds = 0;
		bd_events = 0;
		t0 = bd_now();
		do {
			for (off = 0; off < len; off += n) {
				n = len - off < BD_READ ? len - off : BD_READ;
				d->feed(s, buf + off, n, bd_count, NULL);
			}
			rounds++;
		} while ((t = bd_now() - t0) < bd_seconds);
		d->free(s);
		mbs = rounds * (double)len / t / 1e6;
		printf("  %-12s %-4.4s %10.1f %12.0f %9.3f\n",
		    cases[i].driver, cases[i].frame[0] == ']' ?
		    cases[i].frame + 1 : "", mbs, rounds * (double)nframes / t,
		    mbs / base);
		if (bd_events != rounds * nframes) {
			printf("  (!) %lu events for %lu frames\n", bd_events,
			    rounds * nframes);
		}
	}
	free(buf);
}

struct bd_lat {
	struct event_base	*base;
	const struct dev_driver	*drv;
	void			*st;
	double			 got;
	int			 up;
};

static void
bd_lat_event(const struct dev_event *ev, void *arg)
{
	struct bd_lat	*l = arg;

	l->got = bd_now();
	event_base_loopbreak(l->base);
}

static void
bd_lat_read(const u_char *p, size_t len, void *arg)
{
	struct bd_lat	*l = arg;

	l->drv->feed(l->st, p, len, bd_lat_event, l);
}

static void
bd_lat_state(enum xport_state st, const char *msg, void *arg)
{
	struct bd_lat	*l = arg;

	l->up = st == XPORT_UP;	/* the open is synchronous */
}

static int
bd_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static void
bd_report(const char *what, double *v, int n)
{
	qsort(v, n, sizeof *v, bd_cmp);
	printf("  %-32s p50 %8.1f us  p99 %8.1f us  max %8.1f us\n", what,
	    v[n / 2] * 1e6, v[(n * 99) / 100] * 1e6, v[n - 1] * 1e6);
}

static void
bd_latency(void)
{
	static const char	 scan[] = "]C01A4FF0100000022000000123\r";
	struct xport_serial_config cfg;
	struct xport_serial	*x;
	struct termios		 tio;
	struct bd_lat		 l;
	double			*lat, *pipelat, t0;
	char			 name[64], b[64], *err = NULL;
	int			 master, slave, p[2], n = 0, m = 0;

	if (openpty(&master, &slave, name, NULL, NULL) != 0) {
		printf("scan latency: no pty (%s)\n", strerror(errno));
		return;
	}
	tcgetattr(slave, &tio);
	cfmakeraw(&tio);
	tcsetattr(slave, TCSANOW, &tio);
	memset(&l, 0, sizeof l);
	memset(&cfg, 0, sizeof cfg);
	strlcpy(cfg.path, name, sizeof cfg.path);
	xport_serial_settings("115200 8N1", &cfg, &err);
	l.base = event_base_new();
	l.drv = dev_find("scanner");
	l.st = l.drv->create(NULL, &err);
	x = xport_serial_open(l.base, &cfg, bd_lat_read, bd_lat_state, &l);
	if (!l.up) {
		printf("scan latency: the transport did not open the pty\n");
		goto out;
	}
	lat = xcalloc(bd_scans, sizeof *lat);
	pipelat = xcalloc(bd_scans, sizeof *pipelat);
	for (n = 0; n < bd_scans; n++) {
		l.got = 0;
		t0 = bd_now();
		if (write(master, scan, sizeof scan - 1) < 0)
			break;
		event_base_dispatch(l.base);
		if (l.got == 0)
			break;
		lat[n] = l.got - t0;
	}
	if (pipe(p) == 0) {
		for (m = 0; m < bd_scans; m++) {
			t0 = bd_now();
			if (write(p[1], scan, sizeof scan - 1) < 0 ||
			    read(p[0], b, sizeof b) < 0)
				break;
			pipelat[m] = bd_now() - t0;
		}
		close(p[0]);
		close(p[1]);
	}
	printf("scan-to-event latency (Code 128 tag, 115200 baud setting)\n");
	if (n > 0)
		bd_report("pty, libserialport, driver", lat, n);
	if (m > 0)
		bd_report("baseline: pipe write and read", pipelat, m);
	if (n != bd_scans)
		printf("  (!) only %d of %d scans came through\n", n, bd_scans);
	free(lat);
	free(pipelat);
out:
	xport_serial_close(x);
	l.drv->free(l.st);
	event_base_free(l.base);
	close(master);
	close(slave);
}

int
main(int argc, char **argv)
{
	const char	*pre = getenv("LD_PRELOAD"), *shim;
	int		 ch;

	while ((ch = getopt(argc, argv, "n:s:")) != -1) {
		switch (ch) {
		case 'n':
			bd_scans = atoi(optarg);
			break;
		case 's':
			bd_seconds = atof(optarg);
			break;
		default:
			fprintf(stderr, "usage: bench-dev [-s seconds] "
			    "[-n scans]\n");
			return (1);
		}
	}
	if (bd_scans < 10)
		bd_scans = 10;
	if (bd_seconds <= 0)
		bd_seconds = 1.0;
	shim = getenv("PTYSHIM");
	if ((pre == NULL || strstr(pre, "ptyshim") == NULL) && shim != NULL &&
	    access(shim, R_OK) == 0) {
		setenv("LD_PRELOAD", shim, 1);
		execv("/proc/self/exe", argv);
	}
	log_open("bench-dev", LOGDEST_NONE, 0);
	bd_throughput();
	if (pre != NULL && strstr(pre, "ptyshim") != NULL)
		bd_latency();
	else
		printf("scan latency: skipped (set PTYSHIM to ptyshim.so)\n");
	return (0);
}
