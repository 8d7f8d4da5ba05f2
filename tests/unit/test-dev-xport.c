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
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <pty.h>
#include <signal.h>
#include <termios.h>

#include "unit.h"

#include <event2/event.h>

#include "stash.h"
#include "dev.h"

/*
 * The serial transport end to end: a scale simulator (a child process on
 * the master side of a pty, speaking MT-SICS) and xport-serial opening the
 * slave through the real libserialport, with tests/sim/ptyshim.so
 * preloaded so libserialport accepts a pty (it does not otherwise; see the
 * shim). The test re-executes itself with LD_PRELOAD set. The child sends
 * stable and moving weights split across writes and then exits, which is
 * the unplug: the transport must report it and start reconnecting.
 */

struct xt {
	struct event_base	*base;
	const struct dev_driver	*drv;
	void			*drvstate;
	int			 go;		/* pipe to the simulator */
	int			 ups, downs, silences;
	int64_t			 mg[8];
	int			 nweights, nmotion, other;
};

static void
xt_event(const struct dev_event *ev, void *arg)
{
	struct xt	*t = arg;

	if (ev->type == DEV_EV_WEIGHT && t->nweights < 8)
		t->mg[t->nweights++] = ev->weight.mg;
	else if (ev->type == DEV_EV_STATUS && ev->status == DEV_ST_MOTION)
		t->nmotion++;
	else
		t->other++;
}

static void
xt_read(const u_char *p, size_t len, void *arg)
{
	struct xt	*t = arg;

	t->drv->feed(t->drvstate, p, len, xt_event, t);
}

static void
xt_state(enum xport_state st, const char *msg, void *arg)
{
	struct xt	*t = arg;

	assert_non_null(msg);
	switch (st) {
	case XPORT_UP:
		/* Start the simulator once the port is open. */
		t->ups++;
		assert_int_equal(write(t->go, "g", 1), 1);
		break;
	case XPORT_DOWN:
		if (t->ups > t->downs) {
			t->downs++;
			event_base_loopexit(t->base, NULL);
		}
		break;
	case XPORT_SILENT:
		t->silences++;
		break;
	}
}

static void
xt_timeout(evutil_socket_t fd, short events, void *arg)
{
	struct xt	*t = arg;

	event_base_loopbreak(t->base);
}

/* The simulator: wait for "go", send, pause (silence), send, exit. */
static __dead void
xt_simulator(int master, int go)
{
	static const char *parts[] = {
		"S S     100.00 g\r\nS D    ",
		" 101.00 g\r\nS S      3.",
		"54 g\r\n",
	};
	struct timespec	 ts = { 0, 20 * 1000 * 1000 };
	char		 c;
	size_t		 i;

	if (read(go, &c, 1) != 1)
		_exit(1);
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (write(master, parts[i], strlen(parts[i])) < 0)
			_exit(1);
		nanosleep(&ts, NULL);
	}
	ts.tv_sec = 1;
	ts.tv_nsec = 300 * 1000 * 1000;
	nanosleep(&ts, NULL);		/* longer than the silence limit */
	if (write(master, "S S       1.00 g\r\n", 18) < 0)
		_exit(1);
	ts.tv_sec = 0;
	ts.tv_nsec = 100 * 1000 * 1000;
	nanosleep(&ts, NULL);
	_exit(0);			/* closes the master: unplugged */
}

static void
test_scale_over_pty(void **state)
{
	struct xport_serial_config	 cfg;
	struct xport_serial		*x;
	struct termios			 tio;
	struct event			*to;
	struct timeval			 tv = { 10, 0 };
	struct xt			 t;
	char				*err = NULL, name[64];
	int				 master, slave, p[2], status;
	pid_t				 pid;

	(void)state;
	memset(&t, 0, sizeof t);
	assert_int_equal(openpty(&master, &slave, name, NULL, NULL), 0);
	assert_int_equal(tcgetattr(slave, &tio), 0);
	cfmakeraw(&tio);
	assert_int_equal(tcsetattr(slave, TCSANOW, &tio), 0);
	assert_int_equal(pipe(p), 0);
	if ((pid = fork()) == 0) {
		close(slave);
		close(p[1]);
		xt_simulator(master, p[0]);
	}
	assert_true(pid > 0);
	close(master);
	close(p[0]);
	t.go = p[1];

	memset(&cfg, 0, sizeof cfg);
	strlcpy(cfg.path, name, sizeof cfg.path);
	assert_int_equal(xport_serial_settings("9600 8N1", &cfg, &err), 0);
	t.base = event_base_new();
	t.drv = dev_find("mt-sics");
	t.drvstate = t.drv->create(NULL, &err);
	to = evtimer_new(t.base, xt_timeout, &t);
	evtimer_add(to, &tv);
	x = xport_serial_open(t.base, &cfg, xt_read, xt_state, &t);
	assert_non_null(x);
	xport_serial_silence(x, 1);
	event_base_dispatch(t.base);

	assert_int_equal(t.ups, 1);
	assert_int_equal(t.downs, 1);		/* the unplug was seen */
	assert_false(xport_serial_up(x));
	assert_int_equal(t.nweights, 3);
	assert_int_equal(t.mg[0], 100000);
	assert_int_equal(t.mg[1], 3540);
	assert_int_equal(t.mg[2], 1000);
	assert_int_equal(t.nmotion, 1);
	assert_int_equal(t.other, 0);
	assert_int_equal(t.silences, 1);

	xport_serial_close(x);
	t.drv->free(t.drvstate);
	event_free(to);
	event_base_free(t.base);
	close(slave);
	close(p[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A scale that sends one weight and hangs up. */
static pid_t
xt_spawn(int *slave, char *name, size_t len, int *go, const char *frame)
{
	struct termios	 tio;
	struct timespec	 ts = { 0, 100 * 1000 * 1000 };
	int		 master, p[2];
	pid_t		 pid;
	char		 c, buf[64];

	assert_int_equal(openpty(&master, slave, buf, NULL, NULL), 0);
	strlcpy(name, buf, len);
	assert_int_equal(tcgetattr(*slave, &tio), 0);
	cfmakeraw(&tio);
	assert_int_equal(tcsetattr(*slave, TCSANOW, &tio), 0);
	assert_int_equal(pipe(p), 0);
	if ((pid = fork()) == 0) {
		close(*slave);
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(1);
		if (write(master, frame, strlen(frame)) < 0)
			_exit(1);
		nanosleep(&ts, NULL);
		_exit(0);
	}
	assert_true(pid > 0);
	close(master);
	close(p[0]);
	*go = p[1];
	return (pid);
}

/*
 * Unplug and replug on the same path: the transport reopens by itself.
 * A pty can only come back under the same name if the kernel hands out
 * the same number again; if another process took it, this case is skipped.
 */
static void
test_replug(void **state)
{
	struct xport_serial_config	 cfg;
	struct xport_serial		*x;
	struct event			*to;
	struct timeval			 tv = { 10, 0 };
	struct xt			 t;
	char				*err = NULL, name[64], again[64];
	int				 slave, status;
	pid_t				 pid;

	(void)state;
	memset(&t, 0, sizeof t);
	pid = xt_spawn(&slave, name, sizeof name, &t.go,
	    "S S       1.00 g\r\n");
	memset(&cfg, 0, sizeof cfg);
	strlcpy(cfg.path, name, sizeof cfg.path);
	assert_int_equal(xport_serial_settings("9600 8N1", &cfg, &err), 0);
	t.base = event_base_new();
	t.drv = dev_find("mt-sics");
	t.drvstate = t.drv->create(NULL, &err);
	to = evtimer_new(t.base, xt_timeout, &t);
	evtimer_add(to, &tv);
	x = xport_serial_open(t.base, &cfg, xt_read, xt_state, &t);
	event_base_dispatch(t.base);
	assert_int_equal(t.downs, 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(slave);
	close(t.go);

	/* Plug a new one in; with luck under the same name. */
	pid = xt_spawn(&slave, again, sizeof again, &t.go,
	    "S S       7.00 g\r\n");
	if (strcmp(name, again) == 0) {
		evtimer_add(to, &tv);
		event_base_dispatch(t.base);
		assert_int_equal(t.ups, 2);
		assert_int_equal(t.downs, 2);
		assert_int_equal(t.nweights, 2);
		assert_int_equal(t.mg[0], 1000);
		assert_int_equal(t.mg[1], 7000);
	} else
		assert_int_equal(write(t.go, "g", 1), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(slave);
	close(t.go);
	xport_serial_close(x);
	t.drv->free(t.drvstate);
	event_free(to);
	event_base_free(t.base);
	if (strcmp(name, again) != 0)
		skip();
}

/*
 * The TCP transport against a local "printer": the client asks for the
 * status (DLE EOT 1), the printer answers online (0x12) and hangs up; the
 * answer is decoded and the hang-up reported.
 */
struct xt_tcp {
	struct event_base	*base;
	struct event		*acc, *rd;
	struct xport_tcp	*x;
	void			*printer;	/* driver state */
	int			 lfd, cfd;
	int			 ups, downs, online;
	u_char			 got[8];
	size_t			 ngot;
};

static void
xt_tcp_event(const struct dev_event *ev, void *arg)
{
	struct xt_tcp	*t = arg;

	if (ev->type == DEV_EV_STATUS && ev->status == DEV_ST_OK)
		t->online++;
}

static void
xt_tcp_read(const u_char *p, size_t len, void *arg)
{
	struct xt_tcp	*t = arg;

	dev_printer_escpos_entry.feed(t->printer, p, len, xt_tcp_event, t);
}

static void
xt_tcp_timeout(evutil_socket_t fd, short events, void *arg)
{
	struct xt_tcp	*t = arg;

	event_base_loopbreak(t->base);
}

static void
xt_tcp_state(enum xport_state st, const char *msg, void *arg)
{
	struct xt_tcp	*t = arg;
	struct buf	 b;

	if (st == XPORT_UP) {
		t->ups++;
		buf_init(&b);
		dev_printer_escpos_entry.request(t->printer, DEV_REQ_STATUS,
		    &b);
		assert_int_equal(xport_tcp_write(t->x, b.data, b.len), 0);
		buf_free(&b);
	} else if (st == XPORT_DOWN && t->ups > 0) {
		t->downs++;
		event_base_loopexit(t->base, NULL);
	}
}

static void
xt_tcp_on_conn(evutil_socket_t fd, short events, void *arg)
{
	struct xt_tcp	*t = arg;
	ssize_t		 n;

	n = read(t->cfd, t->got + t->ngot, sizeof t->got - t->ngot);
	if (n > 0)
		t->ngot += n;
	if (t->ngot >= 3) {
		assert_int_equal(write(t->cfd, "\x12", 1), 1);
		event_del(t->rd);
		close(t->cfd);
	}
}

static void
xt_tcp_on_accept(evutil_socket_t fd, short events, void *arg)
{
	struct xt_tcp	*t = arg;

	t->cfd = accept(t->lfd, NULL, NULL);
	assert_true(t->cfd >= 0);
	t->rd = event_new(t->base, t->cfd, EV_READ|EV_PERSIST,
	    xt_tcp_on_conn, t);
	event_add(t->rd, NULL);
}

static void
test_tcp_printer(void **state)
{
	struct sockaddr_in	 sin;
	socklen_t		 slen = sizeof sin;
	struct xt_tcp		 t;
	struct event		*to;
	struct timeval		 tv = { 10, 0 };
	char			 port[16];

	(void)state;
	memset(&t, 0, sizeof t);
	t.lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(t.lfd >= 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(t.lfd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(listen(t.lfd, 1), 0);
	assert_int_equal(getsockname(t.lfd, (struct sockaddr *)&sin, &slen),
	    0);
	snprintf(port, sizeof port, "%u", ntohs(sin.sin_port));
	t.base = event_base_new();
	t.acc = event_new(t.base, t.lfd, EV_READ, xt_tcp_on_accept, &t);
	event_add(t.acc, NULL);
	to = evtimer_new(t.base, xt_tcp_timeout, &t);
	t.printer = dev_printer_escpos_entry.create(NULL, &(char *){ NULL });
	evtimer_add(to, &tv);
	assert_null(xport_tcp_open(t.base, "printer.example", port,
	    xt_tcp_read, xt_tcp_state, &t));	/* names are refused */
	t.x = xport_tcp_open(t.base, "127.0.0.1", port, xt_tcp_read,
	    xt_tcp_state, &t);
	assert_non_null(t.x);
	event_base_dispatch(t.base);
	assert_int_equal(t.ups, 1);
	assert_int_equal(t.downs, 1);
	assert_int_equal(t.ngot, 3);
	assert_memory_equal(t.got, "\x10\x04\x01", 3);
	assert_int_equal(t.online, 1);
	assert_false(xport_tcp_up(t.x));
	xport_tcp_close(t.x);
	dev_printer_escpos_entry.free(t.printer);
	event_free(t.acc);
	event_free(t.rd);
	event_free(to);
	event_base_free(t.base);
	close(t.lfd);
}

static void
test_settings(void **state)
{
	struct xport_serial_config	 cfg;
	char				*err = NULL;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	assert_int_equal(xport_serial_settings("2400 7E1", &cfg, &err), 0);
	assert_int_equal(cfg.baud, 2400);
	assert_int_equal(cfg.bits, 7);
	assert_int_equal(cfg.parity, 'E');
	assert_int_equal(cfg.stop, 1);
	assert_int_equal(xport_serial_settings("4800 7N2 rtscts", &cfg, &err),
	    0);
	assert_int_equal(cfg.flow, 1);
	assert_int_equal(xport_serial_settings("9600 9X1", &cfg, &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(xport_serial_settings("9600 8N1 maybe", &cfg, &err),
	    -1);
	free(err);
}

/* A port that does not exist: reported, retried, never a crash. */
static void
test_missing_port(void **state)
{
	struct xport_serial_config	 cfg;
	struct xport_serial		*x;
	struct event_base		*base;
	struct timeval			 tv = { 0, 300 * 1000 };

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	strlcpy(cfg.path, "/dev/ttyNOSUCH9", sizeof cfg.path);
	cfg.baud = 9600;
	cfg.bits = 8;
	cfg.parity = 'N';
	cfg.stop = 1;
	base = event_base_new();
	x = xport_serial_open(base, &cfg, NULL, NULL, NULL);
	assert_non_null(x);
	assert_false(xport_serial_up(x));
	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
	assert_false(xport_serial_up(x));
	xport_serial_close(x);
	event_base_free(base);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_missing_port),
		cmocka_unit_test(test_scale_over_pty),
		cmocka_unit_test(test_replug),
		cmocka_unit_test(test_tcp_printer),
	};
	const char	*pre = getenv("LD_PRELOAD");

	/* Run under the pty shim: re-execute with it preloaded. */
	if (pre == NULL || strstr(pre, "ptyshim") == NULL) {
		char	*asan;

		if (access(PTYSHIM, R_OK) != 0) {
			printf("Bail out! %s not built (make check builds "
			    "it)\n", PTYSHIM);
			return (1);
		}
		setenv("LD_PRELOAD", PTYSHIM, 1);
		/* Under ASan the shim comes first: tell ASan that is fine. */
		pre = getenv("ASAN_OPTIONS");
		xasprintf(&asan, "%s%sverify_asan_link_order=0",
		    pre != NULL ? pre : "", pre != NULL && *pre != '\0' ?
		    ":" : "");
		setenv("ASAN_OPTIONS", asan, 1);
		free(asan);
		execv("/proc/self/exe", argv);
		fprintf(stderr, "cannot re-execute with the pty shim: %s\n",
		    strerror(errno));
		return (1);
	}
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-dev-xport", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("dev-xport", tests, NULL, NULL));
}
