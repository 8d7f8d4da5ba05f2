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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/util.h>

#include "stash.h"
#include "dev.h"

/*
 * The TCP transport: network receipt printers (raw port 9100) and serial
 * device servers. A bufferevent on the caller's event base; the host must
 * be a numeric address (no blocking name lookup on the loop). A closed or
 * failed connection is reported and retried with a doubling backoff.
 */

#define XPORT_TCP_BACKOFF_MIN	500		/* ms */
#define XPORT_TCP_BACKOFF_MAX	16000

struct xport_tcp {
	struct event_base	*base;
	struct sockaddr_storage	 ss;
	int			 sslen;
	char			 name[128];
	struct bufferevent	*bev;
	struct event		*reopen;
	int			 backoff;
	int			 up;
	xport_read_cb		 read_cb;
	xport_state_cb		 state_cb;
	void			*arg;
};

static void	xport_tcp_connect(struct xport_tcp *);

static void
xport_tcp_state(struct xport_tcp *x, enum xport_state st, const char *msg)
{
	if (x->state_cb != NULL)
		x->state_cb(st, msg, x->arg);
}

static void
xport_tcp_down(struct xport_tcp *x, const char *why)
{
	struct timeval	tv;
	char		msg[DEV_MSG_MAX];

	if (x->bev != NULL) {
		bufferevent_free(x->bev);
		x->bev = NULL;
	}
	x->up = 0;
	snprintf(msg, sizeof msg, "%s: %s: reconnecting", x->name, why);
	xport_tcp_state(x, XPORT_DOWN, msg);
	tv.tv_sec = x->backoff / 1000;
	tv.tv_usec = (x->backoff % 1000) * 1000;
	evtimer_add(x->reopen, &tv);
	x->backoff *= 2;
	if (x->backoff > XPORT_TCP_BACKOFF_MAX)
		x->backoff = XPORT_TCP_BACKOFF_MAX;
}

static void
xport_tcp_on_read(struct bufferevent *bev, void *arg)
{
	struct xport_tcp	*x = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	u_char			 buf[512];
	int			 n;

	while ((n = evbuffer_remove(in, buf, sizeof buf)) > 0) {
		x->read_cb(buf, (size_t)n, x->arg);
		if (x->bev != bev)
			return;
	}
}

static void
xport_tcp_on_event(struct bufferevent *bev, short what, void *arg)
{
	struct xport_tcp	*x = arg;
	char			 msg[DEV_MSG_MAX];

	if (what & BEV_EVENT_CONNECTED) {
		x->up = 1;
		x->backoff = XPORT_TCP_BACKOFF_MIN;
		snprintf(msg, sizeof msg, "%s connected", x->name);
		xport_tcp_state(x, XPORT_UP, msg);
		return;
	}
	if (what & BEV_EVENT_EOF)
		xport_tcp_down(x, "the device closed the connection");
	else if (what & BEV_EVENT_ERROR) {
		xport_tcp_down(x, evutil_socket_error_to_string(
		    EVUTIL_SOCKET_ERROR()));
	}
}

static void
xport_tcp_on_reopen(evutil_socket_t fd, short events, void *arg)
{
	xport_tcp_connect(arg);
}

static void
xport_tcp_connect(struct xport_tcp *x)
{
	x->bev = bufferevent_socket_new(x->base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (x->bev == NULL) {
		xport_tcp_down(x, "cannot make a socket");
		return;
	}
	bufferevent_setcb(x->bev, xport_tcp_on_read, NULL, xport_tcp_on_event,
	    x);
	bufferevent_enable(x->bev, EV_READ|EV_WRITE);
	if (bufferevent_socket_connect(x->bev, (struct sockaddr *)&x->ss,
	    x->sslen) != 0)
		xport_tcp_down(x, "cannot connect");
}

/* host is a numeric IPv4 or IPv6 address; port defaults to 9100. */
struct xport_tcp *
xport_tcp_open(struct event_base *base, const char *host, const char *port,
    xport_read_cb read_cb, xport_state_cb state_cb, void *arg)
{
	struct xport_tcp	*x;
	char			 addr[160];

	x = xcalloc(1, sizeof *x);
	if (port == NULL)
		port = "9100";
	if (strchr(host, ':') != NULL)
		snprintf(addr, sizeof addr, "[%s]:%s", host, port);
	else
		snprintf(addr, sizeof addr, "%s:%s", host, port);
	x->sslen = sizeof x->ss;
	if (evutil_parse_sockaddr_port(addr, (struct sockaddr *)&x->ss,
	    &x->sslen) != 0) {
		free(x);
		return (NULL);
	}
	strlcpy(x->name, addr, sizeof x->name);
	x->base = base;
	x->read_cb = read_cb;
	x->state_cb = state_cb;
	x->arg = arg;
	x->backoff = XPORT_TCP_BACKOFF_MIN;
	x->reopen = evtimer_new(base, xport_tcp_on_reopen, x);
	xport_tcp_connect(x);
	return (x);
}

int
xport_tcp_write(struct xport_tcp *x, const void *p, size_t len)
{
	if (x->bev == NULL)
		return (-1);
	return (bufferevent_write(x->bev, p, len));
}

int
xport_tcp_up(struct xport_tcp *x)
{
	return (x->up);
}

void
xport_tcp_close(struct xport_tcp *x)
{
	if (x == NULL)
		return;
	if (x->bev != NULL)
		bufferevent_free(x->bev);
	if (x->reopen != NULL)
		event_free(x->reopen);
	free(x);
}
