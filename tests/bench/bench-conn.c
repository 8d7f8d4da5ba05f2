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
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

/*
 * The driver: N terminal connections on one thread, poll() over them,
 * requests written as NDJSON lines, replies matched by id. Each connection
 * has at most one request in flight (a terminal waits for its reply), so
 * a reply's latency is the time from the write of its request to the read
 * of the line. Pushed events are counted and skipped without decoding when
 * the line starts with "event" as stashd writes them.
 */

#define BENCH_READ	65536

void
bench_pool_open(struct bench_pool *p, u_int n, u_int port)
{
	struct sockaddr_in	 sin;
	struct bench_conn	*c;
	u_int			 i;
	int			 on = 1, tries;

	memset(p, 0, sizeof *p);
	p->c = xcalloc(n, sizeof *p->c);
	p->pfd = xcalloc(n, sizeof *p->pfd);
	p->n = n;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < n; i++) {
		c = &p->c[i];
		c->idx = i;
		c->next_id = 1;
		c->wait_id = -1;
		for (tries = 0;; tries++) {
			if ((c->fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
				bench_fatal("socket: %s", strerror(errno));
			if (connect(c->fd, (struct sockaddr *)&sin,
			    sizeof sin) == 0)
				break;
			if (tries == 10)
				bench_fatal("connect to port %u (connection "
				    "%u): %s", port, i, strerror(errno));
			close(c->fd);
			usleep(100000);
		}
		/* As the real terminal does (client.c). */
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
		if (fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) |
		    O_NONBLOCK) == -1)
			bench_fatal("fcntl: %s", strerror(errno));
	}
}

void
bench_pool_close(struct bench_pool *p)
{
	u_int	i;

	for (i = 0; i < p->n; i++) {
		close(p->c[i].fd);
		free(p->c[i].in);
		free(p->c[i].out);
		if (p->c[i].reply != NULL)
			json_decref(p->c[i].reply);
	}
	free(p->c);
	free(p->pfd);
	memset(p, 0, sizeof *p);
}

static void
bench_conn_flush(struct bench_conn *c)
{
	ssize_t	n;

	while (c->outoff < c->outlen) {
		n = write(c->fd, c->out + c->outoff, c->outlen - c->outoff);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			bench_fatal("connection %u: write: %s", c->idx,
			    strerror(errno));
		}
		c->outoff += (size_t)n;
	}
	c->outoff = c->outlen = 0;
}

/* Send {"id":N,"op":OP,"args":ARGS}; ARGS is printf'd JSON. */
void
bench_conn_send(struct bench_conn *c, const char *op, const char *fmt, ...)
{
	va_list	ap;
	char	args[2048];
	int	n;
	size_t	need;

	va_start(ap, fmt);
	n = vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof args)
		bench_fatal("request too long");
	need = c->outlen + (size_t)n + 96 + strlen(op);
	if (need > c->outsize) {
		c->outsize = need * 2;
		c->out = xrealloc(c->out, c->outsize);
	}
	c->wait_id = c->next_id++;
	c->outlen += (size_t)snprintf(c->out + c->outlen,
	    c->outsize - c->outlen, "{\"id\":%lld,\"op\":\"%s\",\"args\":%s}\n",
	    (long long)c->wait_id, op, args);
	c->sent = bench_sys_ns();
	bench_conn_flush(c);
}

/* The error code of a reply, or NULL for a result. */
const char *
bench_reply_error(json_t *reply)
{
	json_t	*e;

	if (json_object_get(reply, "result") != NULL)
		return (NULL);
	e = json_object_get(reply, "error");
	if (e == NULL)
		return ("no-result");
	if (json_string_value(json_object_get(e, "code")) == NULL)
		return ("no-code");
	return (json_string_value(json_object_get(e, "code")));
}

/* Handle the complete lines in c's input; returns the replies seen. */
static int
bench_conn_lines(struct bench_pool *p, struct bench_conn *c, int64_t now,
    bench_reply_cb cb, void *arg)
{
	json_t		*j, *jid;
	json_error_t	 err;
	char		*line, *nl;
	size_t		 off = 0, len;
	int		 replies = 0;

	while (off < c->inlen &&
	    (nl = memchr(c->in + off, '\n', c->inlen - off)) != NULL) {
		line = c->in + off;
		len = (size_t)(nl - line);
		off += len + 1;
		if (len > 9 && memcmp(line, "{\"event\":", 9) == 0) {
			c->events++;
			p->events++;
			continue;
		}
		j = json_loadb(line, len, 0, &err);
		if (j == NULL)
			bench_fatal("connection %u: bad line from stashd: %s",
			    c->idx, err.text);
		if (json_object_get(j, "event") != NULL) {
			c->events++;
			p->events++;
			json_decref(j);
			continue;
		}
		jid = json_object_get(j, "id");
		if (!json_is_integer(jid) ||
		    json_integer_value(jid) != c->wait_id) {
			bench_fatal("connection %u: reply for id %lld, "
			    "waiting for %lld: %.*s", c->idx,
			    json_is_integer(jid) ?
			    (long long)json_integer_value(jid) : -1LL,
			    (long long)c->wait_id, (int)len, line);
		}
		c->wait_id = -1;
		if (c->reply != NULL)
			json_decref(c->reply);
		c->reply = j;
		replies++;
		if (cb != NULL)
			cb(p, c, j, now - c->sent, arg);
	}
	if (off != 0) {
		memmove(c->in, c->in + off, c->inlen - off);
		c->inlen -= off;
	}
	return (replies);
}

static int
bench_conn_read(struct bench_pool *p, struct bench_conn *c, bench_reply_cb cb,
    void *arg)
{
	ssize_t	n;
	int	replies = 0;

	for (;;) {
		if (c->insize - c->inlen < BENCH_READ) {
			c->insize = c->inlen + BENCH_READ * 2;
			c->in = xrealloc(c->in, c->insize);
		}
		n = read(c->fd, c->in + c->inlen, c->insize - c->inlen);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			bench_fatal("connection %u: read: %s", c->idx,
			    strerror(errno));
		}
		if (n == 0) {
			c->in[c->inlen < c->insize ? c->inlen : 0] = '\0';
			bench_fatal("connection %u: stashd closed it (%zu "
			    "bytes unread: %.200s)", c->idx, c->inlen, c->in);
		}
		c->inlen += (size_t)n;
		p->bytes_in += (size_t)n;
		replies += bench_conn_lines(p, c, bench_sys_ns(), cb, arg);
		if ((size_t)n < BENCH_READ)
			break;
	}
	return (replies);
}

/*
 * One poll over connections [from, to): read what arrived, call cb for each
 * reply (it may send the next request). Returns the number of replies.
 */
int
bench_pool_poll(struct bench_pool *p, u_int from, u_int to, int timeout,
    bench_reply_cb cb, void *arg)
{
	struct bench_conn	*c;
	u_int			 i, n = 0;
	int			 r, replies = 0;

	for (i = from; i < to; i++) {
		c = &p->c[i];
		p->pfd[n].fd = c->fd;
		p->pfd[n].events = POLLIN;
		if (c->outoff < c->outlen)
			p->pfd[n].events |= POLLOUT;
		p->pfd[n].revents = 0;
		n++;
	}
	r = poll(p->pfd, n, timeout);
	bench_check();
	if (r == -1) {
		if (errno == EINTR)
			return (0);
		bench_fatal("poll: %s", strerror(errno));
	}
	if (r == 0)
		return (0);
	for (i = 0; i < n; i++) {
		if (p->pfd[i].revents == 0)
			continue;
		c = &p->c[from + i];
		if (p->pfd[i].revents & POLLOUT)
			bench_conn_flush(c);
		if (p->pfd[i].revents & (POLLIN|POLLHUP|POLLERR))
			replies += bench_conn_read(p, c, cb, arg);
	}
	return (replies);
}

/* Wait until no connection in [from, to) has a request in flight. */
void
bench_pool_wait(struct bench_pool *p, u_int from, u_int to, int64_t deadline,
    bench_reply_cb cb, void *arg, const char *what)
{
	u_int	i;

	for (;;) {
		for (i = from; i < to; i++) {
			if (p->c[i].wait_id != -1)
				break;
		}
		if (i == to)
			return;
		if (bench_sys_ns() > deadline)
			bench_fatal("%s: no reply on connection %u in time",
			    what, i);
		bench_pool_poll(p, from, to, 1000, cb, arg);
	}
}

static void
bench_pool_check_cb(struct bench_pool *p, struct bench_conn *c, json_t *reply,
    int64_t ns, void *arg)
{
	const char	*what = arg, *code;
	char		*s;

	if ((code = bench_reply_error(reply)) == NULL)
		return;
	s = json_dumps(reply, JSON_COMPACT);
	bench_fatal("%s on connection %u (terminal bench-%03u) failed: %s",
	    what, c->idx, c->idx, s);
}

/*
 * Send the same request on every connection in [from, to) and wait for
 * every reply; any error is fatal. Returns nothing useful but the time.
 */
int
bench_pool_call(struct bench_pool *p, u_int from, u_int to, int64_t timeout,
    const char *op, const char *fmt, ...)
{
	va_list	ap;
	char	args[2048];
	u_int	i;

	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	for (i = from; i < to; i++)
		bench_conn_send(&p->c[i], op, "%s", args);
	bench_pool_wait(p, from, to, bench_sys_ns() + timeout,
	    bench_pool_check_cb, (void *)op, op);
	return (0);
}

/*
 * hello (each connection as terminal bench-IDX with its credential), then
 * login of staff 1 on all of them at once. *login_ns is how long the logins
 * took from the first request to the last reply: Argon2id on stashd's PIN
 * workers.
 */
int
bench_pool_handshake(struct bench_pool *p, struct bench_ledger *l, u_int from,
    u_int to, int64_t *login_ns)
{
	int64_t	t0;
	u_int	i;

	for (i = from; i < to; i++) {
		bench_conn_send(&p->c[i], "hello", "{\"version\":%d,"
		    "\"terminal\":\"bench-%03u\",\"credential\":\"%s\"}",
		    PROTOCOL_VERSION, i, l->cred[i]);
	}
	bench_pool_wait(p, from, to, bench_sys_ns() + 30 * 1000000000LL,
	    bench_pool_check_cb, (void *)"hello", "hello");
	t0 = bench_sys_ns();
	/*
	 * Argon2id: allow a second per login, and then some. stashd counts a
	 * staff member's PIN checks in flight towards the lockout and refuses
	 * more than a few at once ("busy"), so staff 1 logs in two
	 * terminals at a time.
	 */
	for (i = from; i < to; i += 2) {
		bench_pool_call(p, i, i + 2 < to ? i + 2 : to,
		    32 * 1000000000LL, "login",
		    "{\"staff\":1,\"pin\":\"%s\"}", BENCH_PIN);
	}
	*login_ns = bench_sys_ns() - t0;
	return (0);
}
