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
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/*
 * sim-scale: a scale on a pty, for trying the device setup and the
 * register by hand or from scripts. It prints the pty's path, then answers
 * the protocol's weigh command (or, for CAS, sends continuously) with a
 * fixed weight. Open the path through
 * libserialport with tests/sim/ptyshim.so preloaded. It runs until killed.
 * With -c it also reads commands from standard input, one a line, so a
 * script can put a package on or take one off: "w MILLIGRAMS" sets the
 * weight, "m 1" or "m 0" starts or stops the motion; an unknown line is
 * reported on standard error and ignored.
 *
 * usage: sim-scale [-c] [-p mt-sics|toledo-8217|nci|sma|and|cas|ohaus]
 *            [-w milligrams] [-m]        (-m: every other reading moving)
 */

static const char	*sim_proto = "mt-sics";
static long long	 sim_mg = 3540;
static int		 sim_motion;
static u_long		 sim_count;
static char		 sim_cmd[128];
static size_t		 sim_cmdlen;

/* The weight as grams with 2 decimals (lb for the pound-only formats). */
static void
sim_frame(char *out, size_t len)
{
	long long	g = sim_mg / 1000, cg = (sim_mg % 1000) / 10;
	int		moving = sim_motion && (sim_count++ % 2) == 1;

	if (strcmp(sim_proto, "mt-sics") == 0) {
		snprintf(out, len, "S %c %7lld.%02lld g\r\n", moving ? 'D' : 'S',
		    g, cg);
	} else if (strcmp(sim_proto, "toledo-8217") == 0) {
		if (moving)
			snprintf(out, len, "\002?A\r");
		else
			snprintf(out, len, "\002%03lld.%02lld\r", g, cg);
	} else if (strcmp(sim_proto, "nci") == 0) {
		if (moving)
			snprintf(out, len, "\n10\r\003");
		else {
			snprintf(out, len, "\n%04lld.%02lld g\r\n00\r\003", g,
			    cg);
		}
	} else if (strcmp(sim_proto, "sma") == 0) {
		snprintf(out, len, "\n 1G%c %7lld.%02lld g \r",
		    moving ? 'M' : ' ', g, cg);
	} else if (strcmp(sim_proto, "and") == 0) {
		snprintf(out, len, "%s,+%05lld.%02lld  g\r\n",
		    moving ? "US" : "ST", g, cg);
	} else if (strcmp(sim_proto, "cas") == 0) {
		/* 22 bytes: ID byte 0x01, lamp byte 0xc0, 8-char weight. */
		snprintf(out, len, "%s,GS,\001\300,%5lld.%02lld  g\r\n",
		    moving ? "US" : "ST", g, cg);
	} else {
		snprintf(out, len, "%9lld.%02lld g   %c\r\n", g, cg,
		    moving ? '?' : ' ');
	}
}

static __attribute__((__noreturn__)) void
sim_usage(void)
{
	fprintf(stderr, "usage: sim-scale [-c] [-p mt-sics|toledo-8217|nci|"
	    "sma|and|cas|ohaus] [-w milligrams] [-m]\n");
	exit(1);
}

/* One command line from standard input (-c). */
static void
sim_command(const char *line)
{
	char		*end;
	long long	 v;

	if ((line[0] != 'w' && line[0] != 'm') || line[1] != ' ')
		goto bad;
	v = strtoll(line + 2, &end, 10);
	if (end == line + 2 || *end != '\0')
		goto bad;
	if (line[0] == 'w') {
		if (v < 0 || v > 99999999)
			goto bad;
		sim_mg = v;
	} else
		sim_motion = v != 0;
	return;
bad:
	fprintf(stderr, "sim-scale: unknown command \"%s\" (want \"w "
	    "MILLIGRAMS\" or \"m 0|1\")\n", line);
}

/* Bytes on standard input: run each whole line; -1 at end of file. */
static int
sim_stdin(void)
{
	char	in[128];
	ssize_t	n, i;

	if ((n = read(STDIN_FILENO, in, sizeof in)) <= 0)
		return (n == 0 || errno != EINTR ? -1 : 0);
	for (i = 0; i < n; i++) {
		if (in[i] == '\r')
			continue;
		if (in[i] != '\n') {
			if (sim_cmdlen < sizeof sim_cmd - 1)
				sim_cmd[sim_cmdlen++] = in[i];
			continue;
		}
		sim_cmd[sim_cmdlen] = '\0';
		if (sim_cmdlen != 0)
			sim_command(sim_cmd);
		sim_cmdlen = 0;
	}
	return (0);
}

int
main(int argc, char **argv)
{
	struct pollfd	pfd[2];
	struct termios	tio;
	char		name[64], frame[128], in[256];
	int		master, slave, ch, continuous, commands = 0;
	nfds_t		nfds;
	ssize_t		n;

	while ((ch = getopt(argc, argv, "cmp:w:")) != -1) {
		switch (ch) {
		case 'c':
			commands = 1;
			break;
		case 'm':
			sim_motion = 1;
			break;
		case 'p':
			sim_proto = optarg;
			break;
		case 'w':
			sim_mg = strtoll(optarg, NULL, 10);
			break;
		default:
			sim_usage();
		}
	}
	if (sim_mg < 0 || sim_mg > 99999999)
		sim_usage();
	signal(SIGPIPE, SIG_IGN);
	if (openpty(&master, &slave, name, NULL, NULL) != 0) {
		fprintf(stderr, "sim-scale: no pty: %s\n", strerror(errno));
		return (1);
	}
	tcgetattr(slave, &tio);
	cfmakeraw(&tio);
	tcsetattr(slave, TCSANOW, &tio);
	printf("%s\n", name);
	fflush(stdout);
	continuous = strcmp(sim_proto, "cas") == 0;

	pfd[0].fd = master;
	pfd[0].events = POLLIN;
	pfd[1].fd = STDIN_FILENO;
	pfd[1].events = POLLIN;
	pfd[1].revents = 0;
	nfds = commands ? 2 : 1;
	for (;;) {
		if (poll(pfd, nfds, continuous ? 200 : -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (nfds == 2 && (pfd[1].revents & (POLLIN | POLLHUP))) {
			if (sim_stdin() != 0)
				nfds = 1;	/* no more commands */
		}
		if (continuous) {
			sim_frame(frame, sizeof frame);
			if (write(master, frame, strlen(frame)) < 0)
				continue;
		}
		if (!(pfd[0].revents & POLLIN))
			continue;
		if ((n = read(master, in, sizeof in)) <= 0)
			continue;
		/* Any command containing W, S or P asks for a weight. */
		if (memchr(in, 'W', n) || memchr(in, 'S', n) ||
		    memchr(in, 'P', n) || memchr(in, 'Q', n)) {
			sim_frame(frame, sizeof frame);
			if (write(master, frame, strlen(frame)) < 0)
				continue;
		}
	}
	close(master);
	close(slave);
	return (0);
}
