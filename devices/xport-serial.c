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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <libserialport.h>

#include "stash.h"
#include "dev.h"

/*
 * The serial transport: libserialport for serial and USB-serial ports
 * (the only file that includes libserialport.h), the port's fd handed to
 * libevent, non-blocking reads and writes. Line settings are always set
 * explicitly after opening (libserialport applies no defaults).
 *
 * sp_nonblocking_read() maps EAGAIN to 0, so "no data" and EOF look the
 * same: a read error, or several empty reads right after readable events,
 * means the device went away. It is then closed, reported, and reopened
 * with a doubling backoff until it comes back. Silence longer than the
 * configured limit is reported too; neither ever becomes a reading.
 */

#define XPORT_BACKOFF_MIN	250		/* ms */
#define XPORT_BACKOFF_MAX	8000
#define XPORT_EMPTY_MAX		3		/* empty reads = hang-up */
#define XPORT_READ_SIZE		512

struct xport_serial {
	struct event_base		*base;
	struct xport_serial_config	 cfg;
	struct sp_port			*sp;
	int				 fd;
	struct event			*rd;
	struct event			*wr;
	struct event			*reopen;
	struct event			*quiet;
	struct buf			 out;
	int				 backoff;
	int				 empty;
	int				 silence;	/* seconds, 0 off */
	int				 silent;
	int				 up;
	xport_read_cb			 read_cb;
	xport_state_cb			 state_cb;
	void				*arg;
};

static void	xport_serial_down(struct xport_serial *, const char *);
static int	xport_serial_try(struct xport_serial *, char *, size_t);

/* "9600 8N1", "2400 7E1", "9600 8N1 rtscts", "4800 7N2 xonxoff". */
int
xport_serial_settings(const char *s, struct xport_serial_config *cfg,
    char **err)
{
	char	flow[16] = "";
	char	bits, parity, stop;
	int	baud, n;

	n = sscanf(s, "%d %c%c%c %15s", &baud, &bits, &parity, &stop, flow);
	if (n < 4 || baud < 50 || baud > 4000000 || bits < '5' ||
	    bits > '8' || strchr("NEO", parity) == NULL ||
	    (stop != '1' && stop != '2')) {
		xasprintf(err, "bad serial settings \"%s\" (want e.g. "
		    "\"9600 8N1\" or \"2400 7E1 rtscts\")", s);
		return (-1);
	}
	cfg->baud = baud;
	cfg->bits = bits - '0';
	cfg->parity = parity;
	cfg->stop = stop - '0';
	if (n < 5 || strcmp(flow, "none") == 0)
		cfg->flow = 0;
	else if (strcmp(flow, "rtscts") == 0)
		cfg->flow = 1;
	else if (strcmp(flow, "xonxoff") == 0)
		cfg->flow = 2;
	else {
		xasprintf(err, "bad flow control \"%s\" (want none, rtscts or "
		    "xonxoff)", flow);
		return (-1);
	}
	return (0);
}

static void
xport_serial_state(struct xport_serial *x, enum xport_state st,
    const char *msg)
{
	if (x->state_cb != NULL)
		x->state_cb(st, msg, x->arg);
}

static void
xport_serial_quiet_arm(struct xport_serial *x)
{
	struct timeval	tv;

	if (x->silence <= 0 || x->quiet == NULL)
		return;
	tv.tv_sec = x->silence;
	tv.tv_usec = 0;
	evtimer_add(x->quiet, &tv);
}

static void
xport_serial_on_quiet(evutil_socket_t fd, short events, void *arg)
{
	struct xport_serial	*x = arg;
	char			 msg[512];

	if (!x->up || x->silent)
		return;
	x->silent = 1;
	snprintf(msg, sizeof msg, "%s has sent nothing for %d seconds: check "
	    "the cable and the device's output setting", x->cfg.path,
	    x->silence);
	xport_serial_state(x, XPORT_SILENT, msg);
}

static void
xport_serial_on_read(evutil_socket_t fd, short events, void *arg)
{
	struct xport_serial	*x = arg;
	u_char			 buf[XPORT_READ_SIZE];
	enum sp_return		 n;
	int			 got = 0;
	char			*e;

	for (;;) {
		n = sp_nonblocking_read(x->sp, buf, sizeof buf);
		if (n < 0) {
			e = sp_last_error_message();
			xport_serial_down(x, e);
			sp_free_error_message(e);
			return;
		}
		if (n == 0)
			break;
		got = 1;
		x->silent = 0;
		x->read_cb(buf, (size_t)n, x->arg);
		if (!x->up)	/* closed by the callback */
			return;
	}
	if (got) {
		x->empty = 0;
		xport_serial_quiet_arm(x);
	} else if (++x->empty >= XPORT_EMPTY_MAX)
		xport_serial_down(x, "hang-up");
}

static void
xport_serial_on_write(evutil_socket_t fd, short events, void *arg)
{
	struct xport_serial	*x = arg;
	enum sp_return		 n;
	char			*e;

	if (x->out.len == 0)
		return;
	n = sp_nonblocking_write(x->sp, x->out.data, x->out.len);
	if (n < 0) {
		e = sp_last_error_message();
		xport_serial_down(x, e);
		sp_free_error_message(e);
		return;
	}
	memmove(x->out.data, x->out.data + n, x->out.len - n);
	x->out.len -= n;
	if (x->out.len != 0)
		event_add(x->wr, NULL);
}

static void
xport_serial_on_reopen(evutil_socket_t fd, short events, void *arg)
{
	struct xport_serial	*x = arg;
	struct timeval		 tv;
	char			 err[DEV_MSG_MAX];

	if (xport_serial_try(x, err, sizeof err) == 0)
		return;
	log_debug("%s: still unavailable: %s", x->cfg.path, err);
	x->backoff *= 2;
	if (x->backoff > XPORT_BACKOFF_MAX)
		x->backoff = XPORT_BACKOFF_MAX;
	tv.tv_sec = x->backoff / 1000;
	tv.tv_usec = (x->backoff % 1000) * 1000;
	evtimer_add(x->reopen, &tv);
}

static void
xport_serial_release(struct xport_serial *x)
{
	if (x->rd != NULL) {
		event_free(x->rd);
		x->rd = NULL;
	}
	if (x->wr != NULL) {
		event_free(x->wr);
		x->wr = NULL;
	}
	if (x->sp != NULL) {
		sp_close(x->sp);
		sp_free_port(x->sp);
		x->sp = NULL;
	}
	x->fd = -1;
	x->up = 0;
	buf_reset(&x->out);
}

static void
xport_serial_down(struct xport_serial *x, const char *why)
{
	struct timeval	tv;
	char		msg[512];

	xport_serial_release(x);
	if (x->quiet != NULL)
		evtimer_del(x->quiet);
	snprintf(msg, sizeof msg, "%s went away (%s): reconnecting",
	    x->cfg.path, why);
	log_info("%s", msg);
	xport_serial_state(x, XPORT_DOWN, msg);
	x->backoff = XPORT_BACKOFF_MIN;
	tv.tv_sec = 0;
	tv.tv_usec = x->backoff * 1000;
	evtimer_add(x->reopen, &tv);
}

static int
xport_serial_try(struct xport_serial *x, char *err, size_t errlen)
{
	const struct xport_serial_config *c = &x->cfg;
	enum sp_parity	 parity;
	char		*e = NULL, msg[512];
	const char	*what;

	if (sp_get_port_by_name(c->path, &x->sp) != SP_OK) {
		x->sp = NULL;
		what = "no such port";
		goto fail;
	}
	if (sp_open(x->sp, SP_MODE_READ_WRITE) != SP_OK) {
		what = "cannot open";
		goto fail;
	}
	parity = c->parity == 'E' ? SP_PARITY_EVEN : c->parity == 'O' ?
	    SP_PARITY_ODD : SP_PARITY_NONE;
	what = "cannot set the line settings";
	if (sp_set_baudrate(x->sp, c->baud) != SP_OK ||
	    sp_set_bits(x->sp, c->bits) != SP_OK ||
	    sp_set_parity(x->sp, parity) != SP_OK ||
	    sp_set_stopbits(x->sp, c->stop) != SP_OK ||
	    sp_set_flowcontrol(x->sp, c->flow == 1 ? SP_FLOWCONTROL_RTSCTS :
	    c->flow == 2 ? SP_FLOWCONTROL_XONXOFF : SP_FLOWCONTROL_NONE) !=
	    SP_OK)
		goto fail;
	if (sp_get_port_handle(x->sp, &x->fd) != SP_OK) {
		what = "no file descriptor";
		goto fail;
	}
	x->rd = event_new(x->base, x->fd, EV_READ|EV_PERSIST,
	    xport_serial_on_read, x);
	x->wr = event_new(x->base, x->fd, EV_WRITE, xport_serial_on_write, x);
	if (x->rd == NULL || x->wr == NULL || event_add(x->rd, NULL) != 0) {
		what = "cannot watch the port";
		goto fail;
	}
	x->up = 1;
	x->empty = 0;
	x->silent = 0;
	x->backoff = XPORT_BACKOFF_MIN;
	xport_serial_quiet_arm(x);
	snprintf(msg, sizeof msg, "%s open at %d %d%c%d", c->path, c->baud,
	    c->bits, c->parity, c->stop);
	xport_serial_state(x, XPORT_UP, msg);
	return (0);

fail:
	e = sp_last_error_message();
	snprintf(err, errlen, "%s: %s: %s", c->path, what,
	    e != NULL ? e : "unknown error");
	if (e != NULL)
		sp_free_error_message(e);
	xport_serial_release(x);
	return (-1);
}

/*
 * Open a port and watch it. If it cannot be opened now, that is reported
 * (XPORT_DOWN) and retried with backoff; NULL only for bad settings.
 */
struct xport_serial *
xport_serial_open(struct event_base *base,
    const struct xport_serial_config *cfg, xport_read_cb read_cb,
    xport_state_cb state_cb, void *arg)
{
	struct xport_serial	*x;
	struct timeval		 tv;
	char			 err[DEV_MSG_MAX];

	if (cfg->path[0] == '\0' || cfg->baud <= 0)
		return (NULL);
	x = xcalloc(1, sizeof *x);
	x->base = base;
	x->cfg = *cfg;
	x->fd = -1;
	x->read_cb = read_cb;
	x->state_cb = state_cb;
	x->arg = arg;
	buf_init(&x->out);
	x->reopen = evtimer_new(base, xport_serial_on_reopen, x);
	x->quiet = evtimer_new(base, xport_serial_on_quiet, x);
	x->backoff = XPORT_BACKOFF_MIN;
	if (xport_serial_try(x, err, sizeof err) != 0) {
		log_info("%s: retrying", err);
		xport_serial_state(x, XPORT_DOWN, err);
		tv.tv_sec = 0;
		tv.tv_usec = x->backoff * 1000;
		evtimer_add(x->reopen, &tv);
	}
	return (x);
}

/* Queue bytes for the device; -1 if it is not connected. */
int
xport_serial_write(struct xport_serial *x, const void *p, size_t len)
{
	if (!x->up)
		return (-1);
	buf_add(&x->out, p, len);
	xport_serial_on_write(x->fd, EV_WRITE, x);
	return (0);
}

void
xport_serial_silence(struct xport_serial *x, int seconds)
{
	x->silence = seconds;
	if (x->up)
		xport_serial_quiet_arm(x);
}

int
xport_serial_up(struct xport_serial *x)
{
	return (x->up);
}

void
xport_serial_close(struct xport_serial *x)
{
	if (x == NULL)
		return;
	xport_serial_release(x);
	if (x->reopen != NULL)
		event_free(x->reopen);
	if (x->quiet != NULL)
		event_free(x->quiet);
	buf_free(&x->out);
	free(x);
}
