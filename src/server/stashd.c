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
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

/* stashd: the store server. See stashd(8). */

static __dead void
usage(void)
{
	fprintf(stderr, "usage: stashd [-nv] [-d datadir] [-f file] "
	    "[-l addr:port] [-o name=value] [-P portfile]\n");
	exit(2);
}

static void
stashd_write_port(const char *path, u_int port)
{
	char	 tmp[4096];
	FILE	*f;

	/* Written whole and renamed, so a reader never sees half a file. */
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		fatal("cannot write %s", tmp);
	fprintf(f, "%u\n", port);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		fatal("cannot write %s", path);
}

int
main(int argc, char **argv)
{
	struct server	 srv;
	struct options	*o;
	const char	*conf = NULL, *portfile = NULL;
	char		*cause, *eq, *name;
	int		 ch, check = 0, verbose = 0, explicit = 0;
	struct stat	 sb;
	char		**sets = NULL;
	int		  nsets = 0, i;

	o = options_create();
	/* Command-line settings win over the file: keep them for later. */

	while ((ch = getopt(argc, argv, "d:f:l:no:P:v")) != -1) {
		switch (ch) {
		case 'd':
			sets = xreallocarray(sets, nsets + 1, sizeof *sets);
			xasprintf(&sets[nsets++], "data-dir=%s", optarg);
			break;
		case 'f':
			conf = optarg;
			explicit = 1;
			break;
		case 'l':
			sets = xreallocarray(sets, nsets + 1, sizeof *sets);
			xasprintf(&sets[nsets++], "listen=%s", optarg);
			break;
		case 'n':
			check = 1;
			break;
		case 'o':
			sets = xreallocarray(sets, nsets + 1, sizeof *sets);
			sets[nsets++] = xstrdup(optarg);
			break;
		case 'P':
			portfile = optarg;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	log_open("stashd", LOGDEST_STDERR, verbose);

	if (conf == NULL)
		conf = STASH_SYSCONFDIR "/stash/stash.conf";
	if (explicit || stat(conf, &sb) == 0) {
		if (options_load(o, conf, &cause) != 0) {
			fprintf(stderr, "stashd: %s\n", cause);
			return (1);
		}
	}
	for (i = 0; i < nsets; i++) {
		name = sets[i];
		if ((eq = strchr(name, '=')) == NULL) {
			fprintf(stderr, "stashd: -o %s: expected name=value\n",
			    name);
			return (1);
		}
		*eq = '\0';
		if (options_set(o, name, eq + 1, &cause) != 0) {
			fprintf(stderr, "stashd: %s\n", cause);
			return (1);
		}
		free(name);
	}
	free(sets);
	if (check) {
		struct sockaddr_storage	ss;
		int			sslen;

		if (server_check(o, &ss, &sslen, &cause) != 0) {
			fprintf(stderr, "stashd: %s\n", cause);
			free(cause);
			options_free(o);
			return (1);
		}
		if (verbose)
			options_dump(o, stdout);
		printf("stashd: configuration OK\n");
		options_free(o);
		return (0);
	}
	if (strcmp(options_string(o, "log"), "syslog") == 0)
		log_open("stashd", LOGDEST_SYSLOG, verbose);
	else if (strcmp(options_string(o, "log"), "stderr") != 0) {
		fprintf(stderr, "stashd: log: expected stderr or syslog\n");
		return (1);
	}

	memset(&srv, 0, sizeof srv);
	srv.opts = o;
	server = &srv;
	if (server_start(&srv, &cause) != 0) {
		log_warnx("%s", cause);
		fprintf(stderr, "stashd: %s\n", cause);
		return (1);
	}
	if (portfile != NULL)
		stashd_write_port(portfile, srv.port);
	server_loop(&srv);
	options_free(o);
	return (0);
}
