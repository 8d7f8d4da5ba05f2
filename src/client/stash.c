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
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "client-op.h"

/*
 * stash, the terminal: options, the credential, ncurses, and the libevent
 * loop that carries stdin, the connection to stashd, SIGWINCH and timers.
 * The screen is drawn at most once per pass of the loop, when something
 * marked it dirty.
 *
 * Nothing is ever written to the terminal but the screen: stderr goes to
 * the -l log file or nowhere while ncurses runs, and is given back for the
 * last message after endwin.
 */

static struct event_base	*stash_base;

static int		 stash_done;
static int		 stash_code;
static char		*stash_message;
static int		 stash_stderr = -1;	/* the real stderr, saved */
static int		 stash_clean;		/* main() is tidying up */

static __dead void
stash_usage(void)
{
	fprintf(stderr, "usage: stash [-v] [-s host:port] [-t terminal] "
	    "[-C credfile] [-E code]\n"
	    "             [--tls] [--ca file] [--fingerprint sha256hex] "
	    "[--insecure]\n"
	    "             [--esc-fkeys] [-l logfile] [--door] "
	    "[-D devicefile] [--setup]\n"
	    "             [--intake] [--driver [--journal file] "
	    "[--gps-interval secs] [--wipe]]\n");
	exit(1);
}

static __dead void
stash_die(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "stash: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

/*
 * Leave the loop and exit with code; the message goes to stderr. The
 * library's client_exit comes here through client_mode.exit.
 */
static void
stash_exit(int code, const char *msg)
{
	if (stash_done)
		return;
	stash_done = 1;
	stash_code = code;
	if (msg != NULL)
		stash_message = xstrdup(msg);
	if (stash_base != NULL)
		event_base_loopbreak(stash_base);
}

static void
stash_signal(evutil_socket_t sig, __unused short events, __unused void *arg)
{
	switch (sig) {
	case SIGWINCH:
		ui_screen_resize();
		break;
	case SIGTERM:
	case SIGINT:
	case SIGHUP:
		log_info("signal %d: exiting", (int)sig);
		if (client_cart.n != 0) {
			client_exit(1, "stopped by signal %d with %u lines in "
			    "the cart (not sold)", (int)sig, client_cart.n);
		} else
			stash_exit(0, NULL);
		break;
	}
}

static void
stash_libevent_log(int severity, const char *msg)
{
	if (severity >= EVENT_LOG_WARN)
		log_warnx("libevent: %s", msg);
	else
		log_debug("libevent: %s", msg);
}

/* HOST:PORT, [V6]:PORT or HOST. */
static void
stash_parse_server(const char *s, struct client_config *cfg)
{
	const char	*colon, *end, *errstr;

	if (*s == '[') {
		end = strchr(s, ']');
		if (end == NULL)
			stash_die("-s %s: missing ']'", s);
		cfg->host = xstrndup(s + 1, (size_t)(end - s - 1));
		colon = end[1] == ':' ? end + 1 : NULL;
		if (end[1] != '\0' && colon == NULL)
			stash_die("-s %s: expected [ADDRESS]:PORT", s);
	} else {
		colon = strrchr(s, ':');
		if (colon != NULL && strchr(s, ':') != colon)
			stash_die("-s %s: write an IPv6 address as "
			    "[ADDRESS]:PORT", s);
		cfg->host = colon != NULL ? xstrndup(s, (size_t)(colon - s)) :
		    xstrdup(s);
	}
	if (*cfg->host == '\0')
		stash_die("-s %s: no host", s);
	free(cfg->port);
	if (colon == NULL)
		xasprintf(&cfg->port, "%d", STASH_PORT);
	else {
		util_strtonum(colon + 1, 1, 65535, &errstr);
		if (errstr != NULL)
			stash_die("-s %s: port is %s", s, errstr);
		cfg->port = xstrdup(colon + 1);
	}
}

/* Point stderr at the log file, or at /dev/null; keep the real one. */
static void
stash_redirect_stderr(const char *logfile)
{
	int	fd;

	stash_stderr = dup(STDERR_FILENO);
	if (logfile != NULL) {
		fd = open(logfile, O_WRONLY|O_APPEND|O_CREAT, 0600);
		if (fd == -1)
			stash_die("cannot open log file %s: %s", logfile,
			    strerror(errno));
	} else {
		fd = open("/dev/null", O_WRONLY);
		if (fd == -1)
			stash_die("cannot open /dev/null: %s", strerror(errno));
	}
	dup2(fd, STDERR_FILENO);
	close(fd);
}

static void
stash_restore_stderr(void)
{
	if (stash_stderr == -1)
		return;
	dup2(stash_stderr, STDERR_FILENO);
	close(stash_stderr);
	stash_stderr = -1;
}

/*
 * fatal() and fatalx() exit without tidying: give the terminal back and
 * say where to look. (The reason is in the log, if -l was given.)
 */
static void
stash_atexit(void)
{
	if (stash_clean)
		return;
	ui_screen_done();
	stash_restore_stderr();
	fprintf(stderr, "stash: stopped by an internal error (run with "
	    "-l FILE -v to see why)\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "tls", no_argument, NULL, 'T' },
		{ "ca", required_argument, NULL, 'A' },
		{ "fingerprint", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "door", no_argument, NULL, 'R' },
		{ "setup", no_argument, NULL, 'U' },
		{ "intake", no_argument, NULL, 'N' },
		{ "insecure", no_argument, NULL, 'I' },
		{ "esc-fkeys", no_argument, NULL, 'K' },
		{ "driver", no_argument, NULL, 'V' },
		{ "journal", required_argument, NULL, 'J' },
		{ "gps-interval", required_argument, NULL, 'G' },
		{ "wipe", no_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 }
	};
	struct client_config	 cfg;
	struct event		*ev_winch, *ev_term, *ev_int, *ev_hup;
	const char		*terminal = NULL, *logfile = NULL;
	const char		*devfile = NULL, *journal = NULL;
	const char		*errstr;
	char			*journal_path = NULL;
	int			 wipe = 0, gps_interval = 15;
	struct client_dev_conf	 devs[CLIENT_DEV_MAX];
	u_int			 ndevs = 0;
	char			*cause, fp[65];
	int			 ch, verbose = 0, insecure = 0, esc_fkeys = 0;

	setlocale(LC_ALL, "");
	memset(&cfg, 0, sizeof cfg);
	cfg.host = xstrdup("127.0.0.1");
	xasprintf(&cfg.port, "%d", STASH_PORT);

	while ((ch = getopt_long(argc, argv, "C:D:E:hl:s:t:v", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'C':
			free(cfg.cred_path);
			cfg.cred_path = xstrdup(optarg);
			break;
		case 'D':
			devfile = optarg;
			break;
		case 'E':
			free(cfg.enrol_code);
			cfg.enrol_code = xstrdup(optarg);
			break;
		case 'l':
			logfile = optarg;
			break;
		case 's':
			free(cfg.host);
			stash_parse_server(optarg, &cfg);
			break;
		case 't':
			terminal = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case 'T':
			cfg.tls = 1;
			break;
		case 'R':
			client_mode.door = 1;
			break;
		case 'U':
			client_mode.setup = 1;
			break;
		case 'N':
			client_mode.intake = 1;
			break;
		case 'I':
			insecure = 1;
			break;
		case 'K':
			esc_fkeys = 1;
			break;
		case 'V':
			client_mode.driver = 1;
			break;
		case 'J':
			journal = optarg;
			break;
		case 'G':
			gps_interval = (int)util_strtonum(optarg, 1, 3600,
			    &errstr);
			if (errstr != NULL)
				stash_die("--gps-interval %s: seconds from 1 to "
				    "3600", optarg);
			break;
		case 'W':
			wipe = 1;
			break;
		case 'A':
			cfg.tls = 1;
			free(cfg.ca_file);
			cfg.ca_file = xstrdup(optarg);
			break;
		case 'F':
			cfg.tls = 1;
			if (client_tls_fingerprint_parse(optarg, fp,
			    sizeof fp) != 0)
				stash_die("--fingerprint: expected the SHA-256 "
				    "of the server certificate as 64 hex "
				    "characters (openssl x509 -noout "
				    "-fingerprint -sha256)");
			free(cfg.fingerprint);
			cfg.fingerprint = xstrdup(fp);
			break;
		default:
			stash_usage();
		}
	}
	if (optind != argc)
		stash_usage();
	if ((wipe || journal != NULL) && !client_mode.driver)
		stash_die("--wipe and --journal are for the driver's terminal "
		    "(--driver)");

	/*
	 * The first exchange carries the terminal's credential and then the
	 * staff PINs: in clear text only to this machine, unless told.
	 */
	if (!cfg.tls && !insecure && !valid_host_loopback(cfg.host))
		stash_die("%s is not a loopback address: use --tls (with --ca "
		    "or --fingerprint) so the terminal's credential and PINs "
		    "are not sent in clear text, or --insecure to do so anyway",
		    cfg.host);

	if (terminal == NULL)
		terminal = getenv("STASH_TERMINAL");
	if (terminal == NULL || *terminal == '\0')
		stash_die("no terminal name: use -t NAME or set "
		    "STASH_TERMINAL (the name given to stashctl terminal add)");
	if (strlen(terminal) > 64 || !util_printable(terminal,
	    strlen(terminal)) || strchr(terminal, '/') != NULL)
		stash_die("terminal name \"%s\" is not valid: up to 64 "
		    "printable characters, no '/'", terminal);
	cfg.terminal = xstrdup(terminal);
	if (client_mode.driver) {
		journal_path = journal != NULL ? xstrdup(journal) :
		    client_journal_default_path(terminal);
		if (wipe) {
			log_open("stash", LOGDEST_STDERR, verbose);
			if (client_journal_open(journal_path, terminal,
			    &cause) != 0 || client_journal_wipe(&cause) != 0)
				stash_die("%s", cause);
			client_journal_close();
			printf("%s: the trip's customer data is wiped\n",
			    journal_path);
			free(journal_path);
			exit(0);
		}
	}
	if (cfg.cred_path == NULL)
		cfg.cred_path = client_cred_default_path(terminal);
	if (cfg.enrol_code == NULL &&
	    client_cred_load(cfg.cred_path, cfg.credential,
	    sizeof cfg.credential, &cause) != 0)
		stash_die("%s", cause);
	client_dev_path = devfile != NULL ? xstrdup(devfile) :
	    client_dev_default_path(terminal);
	if (client_dev_load(client_dev_path, devfile != NULL, devs, &ndevs,
	    &cause) != 0)
		stash_die("%s", cause);

	log_open("stash", logfile != NULL ? LOGDEST_STDERR : LOGDEST_NONE,
	    verbose);
	event_set_log_callback(stash_libevent_log);
	signal(SIGPIPE, SIG_IGN);

	stash_base = event_base_new();
	if (stash_base == NULL)
		stash_die("cannot create the event loop");
	client_mode.base = stash_base;
	client_mode.exit = stash_exit;
	client_session_init(terminal);
	if (client_init(stash_base, &cfg, &screen_hooks, &cause) != 0)
		stash_die("%s", cause);
	if (client_mode.driver && client_driver_init(stash_base, journal_path,
	    terminal, gps_interval, &cause) != 0)
		stash_die("%s", cause);
	client_cart_clear();

	stash_redirect_stderr(logfile);
	atexit(stash_atexit);
	log_info("stash %s starting: terminal %s, server %s%s", STASH_VERSION,
	    terminal, client_address(), cfg.tls ? " (TLS)" : "");

	if (ui_screen_init(&cause) != 0) {
		stash_clean = 1;
		stash_restore_stderr();
		stash_die("%s", cause);
	}
	ui_key_init(stash_base, screen_key, esc_fkeys);
	ev_winch = evsignal_new(stash_base, SIGWINCH, stash_signal, NULL);
	ev_term = evsignal_new(stash_base, SIGTERM, stash_signal, NULL);
	ev_int = evsignal_new(stash_base, SIGINT, stash_signal, NULL);
	ev_hup = evsignal_new(stash_base, SIGHUP, stash_signal, NULL);
	evsignal_add(ev_winch, NULL);
	evsignal_add(ev_term, NULL);
	evsignal_add(ev_int, NULL);
	evsignal_add(ev_hup, NULL);

	screen_init();
	if (client_dev_start(stash_base, devs, ndevs, &cause) != 0) {
		ui_status_set(UI_ERROR, "Devices not started: %s", cause);
		free(cause);
	}
	if (client_mode.setup)
		screen_go("setup", NULL);
	client_connect();

	while (!stash_done) {
		if (ui_screen_is_dirty())
			screen_draw();
		if (event_base_loop(stash_base, EVLOOP_ONCE) == -1)
			stash_exit(1, "the event loop failed");
	}

	stash_clean = 1;
	screen_free();
	if (client_mode.driver)
		client_driver_free();
	free(journal_path);
	client_dev_stop();
	free(client_dev_path);
	ui_key_free();
	client_customer_clear();
	client_free();
	client_cart_clear();
	event_free(ev_winch);
	event_free(ev_term);
	event_free(ev_int);
	event_free(ev_hup);
	ui_screen_done();
	event_base_free(stash_base);
	log_info("stash exiting (%d)", stash_code);

	stash_restore_stderr();
	if (stash_message != NULL)
		fprintf(stderr, "stash: %s\n", stash_message);
	free(stash_message);
	explicit_bzero(cfg.credential, sizeof cfg.credential);
	free(cfg.host);
	free(cfg.port);
	free(cfg.terminal);
	free(cfg.cred_path);
	free(cfg.enrol_code);
	free(cfg.ca_file);
	free(cfg.fingerprint);
	return (stash_code);
}
