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
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "server.h"

/*
 * Terminal connections: read NDJSON frames, check each request's phase and
 * permission against the op table, run it, and send replies in request
 * order. A bad frame gets one error reply and the connection closes once
 * that reply is written; other connections never notice.
 */

#define CONN_MAX_PENDING	256		/* pipelined requests */
#define CONN_MAX_OUTPUT		(32 * 1024 * 1024)
#define CONN_LINGER_TIME	(3 * 1000000LL)	/* after a protocol error */

/*
 * Pushed events are the one output a terminal did not ask for, so they are
 * what is bounded: a terminal with more than CONN_PUSH_OUTPUT bytes unread,
 * or CONN_PUSH_QUEUED pushes waiting behind a slow reply, gets no more
 * until it has read everything, and then one {"event":"resync"} to say it
 * missed some. Replies are never dropped; a terminal that does not read
 * them is closed at CONN_MAX_OUTPUT.
 */
#define CONN_PUSH_OUTPUT	(64 * 1024)
#define CONN_PUSH_QUEUED	64

/*
 * The kernel's send buffer, fixed: left to autotune, it grows to megabytes
 * for a terminal that does not read (tcp_wmem), unseen by the bounds above.
 */
#define CONN_SNDBUF		(64 * 1024)

static void	conn_read_cb(struct bufferevent *, void *);
static void	conn_write_cb(struct bufferevent *, void *);
static void	conn_event_cb(struct bufferevent *, short, void *);

/*
 * Make room for a stranger: a connection still in its handshake may not
 * hold a place a terminal needs. Handshakes may take handshake_max places
 * (half); once half of those are taken, one address may hold no more than
 * handshake_addr of them (so a burst of terminals behind one address is
 * fine until someone floods). Past either bound, or with every place
 * taken, the oldest handshake (from that address first) is closed to let
 * the new one in: an attacker who keeps connecting only pushes out its
 * own. 0 if the new connection may be taken.
 */
static int
conn_make_room(struct server *srv, const char *host)
{
	struct conn	*c, *oldest = NULL, *oldest_here = NULL;
	u_int		 n = 0, here = 0;

	TAILQ_FOREACH(c, &srv->conns, entry) {
		if (c->phase != PHASE_HANDSHAKE || c->refs != 0 || c->doomed)
			continue;
		n++;
		if (oldest == NULL)
			oldest = c;
		if (strcmp(c->host, host) == 0) {
			here++;
			if (oldest_here == NULL)
				oldest_here = c;
		}
	}
	if (n >= srv->handshake_max / 2 && here >= srv->handshake_addr &&
	    oldest_here != NULL) {
		log_info("connection %u: %u handshakes from %s, closing the "
		    "oldest", oldest_here->id, here, host);
		if (oldest_here == oldest)
			oldest = TAILQ_NEXT(oldest, entry);
		conn_close(oldest_here);
		n--;
		/* The next oldest handshake overall, if the first went. */
		while (oldest != NULL && (oldest->phase != PHASE_HANDSHAKE ||
		    oldest->refs != 0 || oldest->doomed))
			oldest = TAILQ_NEXT(oldest, entry);
	}
	if ((n >= srv->handshake_max || srv->nconns >= srv->max_conns) &&
	    oldest != NULL) {
		log_info("connection %u: closing the oldest handshake to make "
		    "room", oldest->id);
		conn_close(oldest);
	}
	return (srv->nconns >= srv->max_conns ? -1 : 0);
}

void
conn_accept(struct server *srv, int fd, const char *peer, const char *host,
    void *ssl)
{
	struct conn	*c;
	int		 one = 1, sndbuf = CONN_SNDBUF;

	if (srv->quit || conn_make_room(srv, host) != 0) {
		log_warnx("refusing connection from %s: %s", peer,
		    srv->quit ? "shutting down" : "too many connections");
		evutil_closesocket(fd);
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->srv = srv;
	c->id = ++srv->next_conn_id;
	strlcpy(c->peer, peer, sizeof c->peer);
	strlcpy(c->host, host, sizeof c->host);
	c->phase = PHASE_HANDSHAKE;
	c->connected = c->last_active = util_monotonic();
	TAILQ_INIT(&c->replies);
	/*
	 * Replies are small and written whole: without TCP_NODELAY, Nagle
	 * holds a reply behind an unacknowledged event for up to 40 ms.
	 */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	if (ssl != NULL) {
		c->bev = server_tls_bev(srv, fd);
		c->tls = 1;
	} else
		c->bev = bufferevent_socket_new(srv->base, fd,
		    BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		log_warnx("connection %u: cannot set up", c->id);
		evutil_closesocket(fd);
		free(c);
		return;
	}
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb,
	    c);
	/* Never buffer more than one frame's worth from a terminal. */
	bufferevent_setwatermark(c->bev, EV_READ, 0, srv->max_frame);
	bufferevent_enable(c->bev, EV_READ|EV_WRITE);
	TAILQ_INSERT_TAIL(&srv->conns, c, entry);
	srv->nconns++;
	log_info("connection %u from %s%s", c->id, peer,
	    c->tls ? " (TLS)" : "");
}

/*
 * Frames are encoded into one scratch buffer, kept between uses (only the
 * loop thread encodes), then copied into a frame of their exact size.
 */
static struct buf	conn_scratch;

/* Append j to b as one NDJSON line. j is kept. */
void
conn_frame_line(struct buf *b, const json_t *j)
{
	if (proto_dump(j, b) != 0)
		fatalx("conn_frame_line: cannot encode");
	buf_addc(b, '\n');
}

/* A frame of b's lines. */
struct frame *
conn_frame_buf(const struct buf *b)
{
	struct frame	*f;

	f = xmalloc(sizeof *f + b->len);
	f->refs = 1;
	f->len = b->len;
	memcpy(f->data, b->data, b->len);
	return (f);
}

/* Encode a frame once; takes the reference to j. */
struct frame *
conn_frame_new(json_t *j)
{
	buf_reset(&conn_scratch);
	conn_frame_line(&conn_scratch, j);
	json_decref(j);
	return (conn_frame_buf(&conn_scratch));
}

void
conn_frame_unref(struct frame *f)
{
	if (--f->refs == 0)
		free(f);
}

void
conn_ref(struct conn *c)
{
	c->refs++;
}

static void
conn_free(struct conn *c)
{
	struct reply	*r;

	while ((r = TAILQ_FIRST(&c->replies)) != NULL) {
		TAILQ_REMOVE(&c->replies, r, entry);
		if (r->frame != NULL)
			conn_frame_unref(r->frame);
		free(r);
	}
	free(c->stock_tags);
	free(c);
}

void
conn_unref(struct conn *c)
{
	if (--c->refs == 0 && c->dead)
		conn_free(c);
}

/*
 * Close now: the connection is gone, async work still holding it finishes.
 * Never while a walk of srv->conns is on the connection (use
 * conn_close_later there).
 */
void
conn_close(struct conn *c)
{
	struct server	*srv = c->srv;

	if (c->dead)
		return;
	log_info("connection %u closed", c->id);
	c->dead = 1;
	bufferevent_free(c->bev);
	c->bev = NULL;
	TAILQ_REMOVE(&srv->conns, c, entry);
	srv->nconns--;
	if (c->refs == 0)
		conn_free(c);
}

/* Stop the connection now, close it after the loop pass (server_reap). */
void
conn_close_later(struct conn *c)
{
	if (c->dead || c->doomed)
		return;
	c->doomed = 1;
	bufferevent_disable(c->bev, EV_READ|EV_WRITE);
	c->srv->reap = 1;
}

/* Write every reply at the head of the queue that is ready. */
void
conn_flush(struct conn *c)
{
	struct evbuffer	*out;
	struct reply	*r;

	if (c->dead || c->doomed)
		return;
	out = bufferevent_get_output(c->bev);
	while ((r = TAILQ_FIRST(&c->replies)) != NULL && r->frame != NULL) {
		TAILQ_REMOVE(&c->replies, r, entry);
		c->nreplies--;
		if (r->push) {
			c->npush--;
			if (c->resync || evbuffer_get_length(out) >
			    CONN_PUSH_OUTPUT)
				c->resync = 1;	/* dropped */
			else
				evbuffer_add(out, r->frame->data,
				    r->frame->len);
		} else
			evbuffer_add(out, r->frame->data, r->frame->len);
		conn_frame_unref(r->frame);
		free(r);
	}
	if (evbuffer_get_length(out) > CONN_MAX_OUTPUT) {
		log_warnx("connection %u: not reading its replies, closing",
		    c->id);
		conn_close_later(c);
	}
}

/* A frame goes out after the replies already queued; takes a ref. */
void
conn_push(struct conn *c, struct frame *f)
{
	struct reply	*r;

	if (c->dead || c->doomed) {
		conn_frame_unref(f);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->frame = f;
	TAILQ_INSERT_TAIL(&c->replies, r, entry);
	c->nreplies++;
	conn_flush(c);
}

/*
 * A pass's pushed events (server_push_events), behind any reply still
 * being worked on, or dropped if the terminal is behind (see
 * CONN_PUSH_OUTPUT). Does not take f's reference; never closes c.
 */
void
conn_push_event(struct conn *c, struct frame *f)
{
	struct evbuffer	*out;
	struct reply	*r;

	if (c->dead || c->doomed || c->closing)
		return;
	out = bufferevent_get_output(c->bev);
	if (c->resync || evbuffer_get_length(out) > CONN_PUSH_OUTPUT ||
	    c->npush >= CONN_PUSH_QUEUED) {
		if (!c->resync)
			log_info("connection %u: behind on its events, "
			    "holding them until it reads", c->id);
		c->resync = 1;
		return;
	}
	if (TAILQ_EMPTY(&c->replies)) {
		evbuffer_add(out, f->data, f->len);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->frame = f;
	r->push = 1;
	f->refs++;
	TAILQ_INSERT_TAIL(&c->replies, r, entry);
	c->nreplies++;
	c->npush++;
}

/* Send a protocol error and close once it is written. */
static void
conn_protocol_error(struct conn *c, json_int_t id, const char *code,
    const char *cause)
{
	log_warnx("connection %u: %s: %s", c->id, code, cause);
	conn_push(c, conn_frame_new(proto_error(id, code, "%s", cause)));
	if (c->dead)
		return;
	/*
	 * Keep reading (and discarding) until the peer has our reply: closing
	 * with unread input would reset the connection and could destroy the
	 * reply in flight.
	 */
	c->closing = util_monotonic();
	evbuffer_drain(bufferevent_get_input(c->bev),
	    evbuffer_get_length(bufferevent_get_input(c->bev)));
	conn_write_cb(c->bev, c);
}

static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct conn		*c = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	json_t			*req;
	char			*cause;
	enum proto_read		 r;
	size_t			 limit;

	if (c->closing) {
		evbuffer_drain(in, evbuffer_get_length(in));
		return;
	}
	if (c->srv->quit)
		return;		/* stopping: start nothing new */
	while (!c->dead && !c->closing) {
		/*
		 * Before a staff login only small frames (hello, enroll,
		 * login, ping): an unknown peer cannot make stashd hold a
		 * large frame's worth of memory.
		 */
		limit = c->srv->max_frame;
		if (c->phase != PHASE_SESSION && limit > MAX_FRAME_LOGIN)
			limit = MAX_FRAME_LOGIN;
		r = proto_read(in, limit, &req, &cause);
		if (r == PROTO_MORE)
			break;
		if (r == PROTO_TOO_LARGE) {
			conn_protocol_error(c, -1, "too-large", cause);
			free(cause);
			break;
		}
		if (r == PROTO_BAD) {
			conn_protocol_error(c, -1, "bad-frame", cause);
			free(cause);
			break;
		}
		conn_dispatch(c, req);
	}
}

static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct conn	*c = arg;
	json_t		*ev;

	/* All read: say what was missed, once, and push again. */
	if (c->resync && !c->closing && !c->doomed &&
	    evbuffer_get_length(bufferevent_get_output(bev)) == 0 &&
	    c->npush == 0) {
		c->resync = 0;
		log_info("connection %u: caught up, sending resync", c->id);
		ev = json_pack("{s:s, s:s}", "event", "resync", "message",
		    "events were missed: read the state again");
		conn_push(c, conn_frame_new(ev));
		return;
	}
	if (!c->closing || !TAILQ_EMPTY(&c->replies) ||
	    evbuffer_get_length(bufferevent_get_output(bev)) != 0)
		return;
	if (c->tls) {
		conn_close(c);
		return;
	}
	/* All sent: half-close and wait for the peer to close (or the sweep). */
	if (!c->shut) {
		c->shut = 1;
		shutdown(bufferevent_getfd(bev), SHUT_WR);
	}
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn	*c = arg;

	if (what & BEV_EVENT_ERROR)
		log_info("connection %u: %s", c->id,
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	if (what & (BEV_EVENT_EOF|BEV_EVENT_ERROR))
		conn_close(c);
}

/*
 * A request's reply goes back the way it came: into its slot (replies
 * leave in request order), or nowhere if the terminal has gone.
 */
static void
conn_op_reply_frame(struct op_ctx *ctx, struct frame *f)
{
	struct conn	*c = ctx->c;

	ctx->slot->frame = f;
	if (c->dead) {
		TAILQ_REMOVE(&c->replies, ctx->slot, entry);
		conn_frame_unref(ctx->slot->frame);
		free(ctx->slot);
	} else
		conn_flush(c);
	ctx->slot = NULL;
}

static void
conn_op_reply(struct op_ctx *ctx, json_t *reply)
{
	conn_op_reply_frame(ctx, conn_frame_new(reply));
}

/* The request is gone: so is its hold on the connection. */
static void
conn_op_release(struct op_ctx *ctx)
{
	conn_unref(ctx->c);
}

static const struct op_owner conn_op_owner = {
	conn_op_reply,
	conn_op_release,
	conn_op_reply_frame
};

/* Check the envelope, phase and permission, then run the op. */
void
conn_dispatch(struct conn *c, json_t *req)
{
	struct server		*srv = c->srv;
	const struct op_entry	*oe;
	struct op_ctx		*ctx;
	struct store_txn	 txn;
	json_int_t		 id;
	const char		*op;
	json_t			*args;
	char			*cause = NULL;
	int			 r;

	if (proto_check_request(req, &id, &op, &args, &cause) != 0) {
		conn_protocol_error(c, id, "bad-frame", cause);
		free(cause);
		json_decref(req);
		return;
	}
	if (c->nreplies >= CONN_MAX_PENDING) {
		conn_protocol_error(c, id, "bad-frame",
		    "too many requests waiting for replies");
		json_decref(req);
		return;
	}

	ctx = xcalloc(1, sizeof *ctx);
	ctx->srv = srv;
	ctx->c = c;
	ctx->owner = &conn_op_owner;
	ctx->id = id;
	ctx->req = req;
	ctx->op = op;
	ctx->args = args;
	ctx->slot = xcalloc(1, sizeof *ctx->slot);
	TAILQ_INSERT_TAIL(&c->replies, ctx->slot, entry);
	c->nreplies++;
	conn_ref(c);

	if ((oe = op_find(op)) == NULL) {
		op_error(ctx, "unknown-op", "no such operation: %.40s", op);
		goto finish;
	}
	if (c->phase < oe->phase) {
		if (c->phase == PHASE_HANDSHAKE)
			op_error(ctx, "not-enrolled", "send hello first");
		else
			op_error(ctx, "no-session", "log in first");
		goto finish;
	}
	if (oe->phase == PHASE_HANDSHAKE && c->phase != PHASE_HANDSHAKE) {
		op_error(ctx, "bad-request", "%s is only for the handshake",
		    op);
		goto finish;
	}
	if (store_begin(srv->st, &txn, 0) != 0) {
		log_warnx("read transaction: %s", txn.err);
		op_error(ctx, "internal", "the ledger cannot be read");
		goto finish;
	}
	ctx->txn = &txn;
	/* A locked staff member or a revoked terminal goes now. */
	if (c->phase != PHASE_HANDSHAKE &&
	    (r = op_session_valid(ctx)) != 0) {
		store_abort(&txn);
		ctx->txn = NULL;
		if (r < 0)
			goto finish;
		op_session_end(ctx);
		return;
	}
	/* Only staff actions keep a session alive, not pings. */
	if (oe->phase == PHASE_SESSION)
		c->last_active = util_monotonic();
	if ((c->perms & oe->perm) != oe->perm) {
		store_abort(&txn);
		ctx->txn = NULL;
		op_error(ctx, "permission", "%s (%s) may not %s: needs "
		    "permission %s", c->staff_name, c->role_name,
		    op, perm_name(oe->perm));
		goto finish;
	}

	if (oe->flags & OP_WRITE) {
		store_abort(&txn);
		ctx->txn = NULL;
		batch_run(srv, ctx, oe->exec);
		return;
	}
	r = oe->exec(ctx);
	store_abort(&txn);
	/*
	 * An async op that returned 0 owns ctx now (it is waiting for a PIN
	 * check or in the batch) and finishes it itself: do not touch it.
	 */
	if ((oe->flags & OP_ASYNC) && r == 0)
		return;
	ctx->txn = NULL;

finish:
	op_finish(ctx);
}

/* Put the result or error in the reply slot, flush, free. */
/*
 * End a staff session, keeping the terminal connected; the terminal is
 * pushed a session event with state (expired, locked, revoked) and why.
 */
void
conn_end_session(struct conn *c, const char *state, const char *why)
{
	json_t	*ev;

	if (c->phase != PHASE_SESSION)
		return;
	log_info("connection %u: staff %u session ended (%s)", c->id,
	    c->staff, why);
	c->phase = PHASE_TERMINAL;
	c->staff = 0;
	c->role = 0;
	c->perms = 0;
	c->staff_name[0] = '\0';
	ev = json_pack("{s:s, s:s, s:s}", "event", "session", "state",
	    state, "message", why);
	conn_push(c, conn_frame_new(ev));
}

/* Close once the replies queued so far are written; read nothing more. */
void
conn_drop(struct conn *c)
{
	if (c->dead || c->closing)
		return;
	c->closing = util_monotonic();
	evbuffer_drain(bufferevent_get_input(c->bev),
	    evbuffer_get_length(bufferevent_get_input(c->bev)));
	conn_write_cb(c->bev, c);
}

/* Once a second: idle sessions end, silent handshakes are dropped. */
void
conn_sweep(struct server *srv)
{
	struct conn	*c, *c1;
	int64_t		 now = util_monotonic();
	char		 why[64];

	TAILQ_FOREACH_SAFE(c, &srv->conns, entry, c1) {
		if (c->doomed)
			continue;	/* server_reap closes it */
		if (c->closing && now - c->closing > CONN_LINGER_TIME) {
			conn_close(c);
			continue;
		}
		if (c->phase == PHASE_HANDSHAKE &&
		    now - c->connected > srv->handshake_time && c->refs == 0) {
			log_info("connection %u: no hello in %lld s, closing",
			    c->id, (long long)(srv->handshake_time / 1000000));
			conn_close(c);
			continue;
		}
		if (c->phase == PHASE_SESSION &&
		    now - c->last_active > srv->session_idle) {
			if (srv->session_idle < 120000000)
				snprintf(why, sizeof why, "logged out after "
				    "%lld seconds idle", (long long)
				    (srv->session_idle / 1000000));
			else
				snprintf(why, sizeof why, "logged out after "
				    "%lld minutes idle", (long long)
				    (srv->session_idle / 60000000));
			conn_end_session(c, "expired", why);
		}
	}
}
