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
#include <sys/queue.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/util.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "client.h"

/*
 * The connection to stashd: one bufferevent (TLS or not) on the client's
 * loop, NDJSON frames (proto.c), requests numbered from 1 with a callback
 * each, answered in order. On connect the client sends enroll (once, with
 * -E) and hello; only then are other requests sent.
 *
 * When the connection goes, every request still waiting is answered with
 * "disconnected" (it may or may not have run), and the client reconnects by
 * itself, 250 ms after the loss, then doubling to 5 s between attempts.
 * Requests made while it is down are answered "offline" at once (on the
 * next loop pass, never from inside client_request).
 */

#define CLIENT_BACKOFF_MIN	250	/* ms */
#define CLIENT_BACKOFF_MAX	5000	/* ms */
#define CLIENT_HANDSHAKE_TIME	10	/* s for connect, TLS and hello */

struct client_req {
	json_int_t		 id;
	client_cb		 cb;
	void			*arg;
	void			*owner;		/* for client_forget */
	void			(*drop)(void *);	/* frees arg */
	const char		*code;		/* a failure without a reply */
	char			*message;
	TAILQ_ENTRY(client_req)	 entry;
};
TAILQ_HEAD(client_reqs, client_req);

static struct event_base	*client_base;
static struct evdns_base	*client_dns;
static struct client_config	*client_cfg;
static const struct client_hooks *client_hooks;
static SSL_CTX			*client_ssl_ctx;
static SSL			*client_ssl;
static struct bufferevent	*client_bev;
static enum client_state	 client_st = CLIENT_DISCONNECTED;
static char			*client_err;
static char			*client_addr;
static int			 client_once;
static int			 client_refused;
static int			 client_backoff = CLIENT_BACKOFF_MIN;
static struct event		*client_retry_ev;
static struct event		*client_flush_ev;
static json_int_t		 client_next_id = 1;
static struct client_reqs	 client_reqs =
				     TAILQ_HEAD_INITIALIZER(client_reqs);
static struct client_reqs	 client_failed =
				     TAILQ_HEAD_INITIALIZER(client_failed);

static void	client_read_cb(struct bufferevent *, void *);
static void	client_event_cb(struct bufferevent *, short, void *);
static void	client_retry_cb(evutil_socket_t, short, void *);
static void	client_flush_cb(evutil_socket_t, short, void *);
static void	client_lost(const char *);
static void	client_handshake(void);
static void	client_hello(void);
static json_int_t client_send(const char *, json_t *, client_cb, void *);
static json_int_t client_send_req(const char *, json_t *,
		    struct client_req *);

int
client_init(struct event_base *base, struct client_config *cfg,
    const struct client_hooks *hooks, char **cause)
{
	client_base = base;
	client_cfg = cfg;
	client_hooks = hooks;
	xasprintf(&client_addr, "%s:%s", cfg->host, cfg->port);

	client_dns = evdns_base_new(base, EVDNS_BASE_INITIALIZE_NAMESERVERS);
	if (client_dns == NULL)
		client_dns = evdns_base_new(base, 0);
	if (client_dns == NULL) {
		xasprintf(cause, "cannot set up name resolution");
		return (-1);
	}
	if (cfg->tls) {
		client_ssl_ctx = client_tls_context(cfg->ca_file, cause);
		if (client_ssl_ctx == NULL)
			return (-1);
	}
	client_retry_ev = evtimer_new(base, client_retry_cb, NULL);
	client_flush_ev = evtimer_new(base, client_flush_cb, NULL);
	client_err = xstrdup("connecting");
	return (0);
}

static void
client_req_free(struct client_req *r)
{
	if (r->drop != NULL)
		r->drop(r->arg);
	free(r->message);
	free(r);
}

void
client_free(void)
{
	struct client_req	*r;

	while ((r = TAILQ_FIRST(&client_reqs)) != NULL) {
		TAILQ_REMOVE(&client_reqs, r, entry);
		client_req_free(r);
	}
	while ((r = TAILQ_FIRST(&client_failed)) != NULL) {
		TAILQ_REMOVE(&client_failed, r, entry);
		client_req_free(r);
	}
	if (client_bev != NULL)
		bufferevent_free(client_bev);
	client_bev = NULL;
	if (client_retry_ev != NULL)
		event_free(client_retry_ev);
	if (client_flush_ev != NULL)
		event_free(client_flush_ev);
	client_retry_ev = client_flush_ev = NULL;
	if (client_dns != NULL)
		evdns_base_free(client_dns, 0);
	client_dns = NULL;
	if (client_ssl_ctx != NULL)
		SSL_CTX_free(client_ssl_ctx);
	client_ssl_ctx = NULL;
	free(client_err);
	free(client_addr);
	client_err = client_addr = NULL;
}

enum client_state
client_state(void)
{
	return (client_st);
}

/* Why the connection is not up (for the banner). */
const char *
client_error(void)
{
	return (client_err != NULL ? client_err : "");
}

int
client_connected_once(void)
{
	return (client_once);
}

const char *
client_address(void)
{
	return (client_addr);
}

static void
client_set_state(enum client_state st)
{
	client_st = st;
	if (client_hooks->state != NULL)
		client_hooks->state();
}

/* Start connecting (now); nothing if a connection exists. */
void
client_connect(void)
{
	struct timeval	tv = { CLIENT_HANDSHAKE_TIME, 0 };
	int		verify;

	if (client_bev != NULL || client_refused)
		return;
	evtimer_del(client_retry_ev);
	log_debug("%s: connecting to %s", __func__, client_addr);

	if (client_cfg->tls) {
		/* With a pinned fingerprint and no CA, the pin is the trust. */
		verify = client_cfg->ca_file != NULL ||
		    client_cfg->fingerprint == NULL;
		client_ssl = client_tls_new(client_ssl_ctx, client_cfg->host,
		    verify);
		client_bev = bufferevent_openssl_socket_new(client_base, -1,
		    client_ssl, BUFFEREVENT_SSL_CONNECTING,
		    BEV_OPT_CLOSE_ON_FREE|BEV_OPT_DEFER_CALLBACKS);
	} else {
		client_ssl = NULL;
		client_bev = bufferevent_socket_new(client_base, -1,
		    BEV_OPT_CLOSE_ON_FREE|BEV_OPT_DEFER_CALLBACKS);
	}
	if (client_bev == NULL)
		fatalx("cannot create a bufferevent");
	bufferevent_setcb(client_bev, client_read_cb, NULL, client_event_cb,
	    NULL);
	bufferevent_enable(client_bev, EV_READ|EV_WRITE);
	bufferevent_set_timeouts(client_bev, &tv, &tv);
	client_set_state(CLIENT_CONNECTING);
	if (bufferevent_socket_connect_hostname(client_bev, client_dns,
	    AF_UNSPEC, client_cfg->host, atoi(client_cfg->port)) != 0)
		client_lost("cannot start connecting");
}

static void
client_retry_cb(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	client_connect();
}

/* Answer the requests that failed without a reply. */
static void
client_flush_cb(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	struct client_req	*r;

	while ((r = TAILQ_FIRST(&client_failed)) != NULL) {
		TAILQ_REMOVE(&client_failed, r, entry);
		if (r->cb != NULL)
			r->cb(NULL, r->code, r->message, r->arg);
		client_req_free(r);
	}
}

static void
client_fail_later(struct client_req *r, const char *code, const char *msg)
{
	struct timeval	tv = { 0, 0 };

	r->code = code;
	free(r->message);
	r->message = xstrdup(msg);
	TAILQ_INSERT_TAIL(&client_failed, r, entry);
	evtimer_add(client_flush_ev, &tv);
}

/*
 * The connection is gone: answer what was waiting, then reconnect after the
 * backoff. Safe to call from the bufferevent's own callbacks.
 */
static void
client_lost(const char *why)
{
	struct client_reqs	 old = TAILQ_HEAD_INITIALIZER(old);
	struct client_req	*r;
	struct timeval		 tv;

	log_info("connection to %s lost: %s", client_addr, why);
	if (client_bev != NULL)
		bufferevent_free(client_bev);
	client_bev = NULL;
	client_ssl = NULL;
	free(client_err);
	client_err = xstrdup(why);

	if (!client_refused) {
		tv.tv_sec = client_backoff / 1000;
		tv.tv_usec = (client_backoff % 1000) * 1000;
		evtimer_add(client_retry_ev, &tv);
		client_backoff *= 2;
		if (client_backoff > CLIENT_BACKOFF_MAX)
			client_backoff = CLIENT_BACKOFF_MAX;
	}

	TAILQ_CONCAT(&old, &client_reqs, entry);
	client_st = CLIENT_DISCONNECTED;
	while ((r = TAILQ_FIRST(&old)) != NULL) {
		TAILQ_REMOVE(&old, r, entry);
		if (r->cb != NULL) {
			r->cb(NULL, "disconnected", "the connection to stashd "
			    "was lost before it answered: try again", r->arg);
		}
		client_req_free(r);
	}
	client_set_state(CLIENT_DISCONNECTED);
}

static void
client_socket_options(void)
{
	evutil_socket_t	fd;
	int		on = 1, idle = 30, intvl = 10, cnt = 3;

	/* A dead link (cable pulled) is noticed in about a minute. */
	fd = bufferevent_getfd(client_bev);
	if (fd == -1)
		return;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
#ifdef TCP_KEEPIDLE
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
#endif
}

static void
client_event_cb(struct bufferevent *bev, short what, __unused void *arg)
{
	char		*cause = NULL, *why;
	unsigned long	 e;
	int		 dns, err;

	if (what & BEV_EVENT_CONNECTED) {
		client_socket_options();
		if (client_ssl != NULL && client_tls_check(client_ssl,
		    client_cfg->fingerprint, &cause) != 0) {
			client_lost(cause);
			free(cause);
			return;
		}
		log_info("connected to %s", client_addr);
		client_set_state(CLIENT_HANDSHAKE);
		client_handshake();
		return;
	}

	err = EVUTIL_SOCKET_ERROR();
	if (what & BEV_EVENT_TIMEOUT)
		why = xstrdup("stashd did not answer in time");
	else if ((dns = bufferevent_socket_get_dns_error(bev)) != 0) {
		xasprintf(&why, "cannot find %s: %s", client_cfg->host,
		    evutil_gai_strerror(dns));
	} else if (client_ssl != NULL &&
	    (e = bufferevent_get_openssl_error(bev)) != 0) {
		why = client_tls_error(client_ssl, e);
		while (bufferevent_get_openssl_error(bev) != 0)
			/* drain */;
	} else if (client_ssl != NULL && client_st == CLIENT_CONNECTING &&
	    SSL_get_verify_result(client_ssl) != X509_V_OK)
		why = client_tls_error(client_ssl, 0);
	else if ((what & BEV_EVENT_EOF) && client_st == CLIENT_CONNECTING &&
	    client_ssl != NULL)
		why = client_tls_error(client_ssl, 0);
	else if (what & BEV_EVENT_EOF)
		why = xstrdup("stashd closed the connection");
	else if (err != 0)
		why = xstrdup(evutil_socket_error_to_string(err));
	else
		why = xstrdup("connection error");
	client_lost(why);
	free(why);
}

static void
client_dispatch(json_t *j)
{
	struct client_req	*r;
	json_t			*id, *error, *result, *v;
	const char		*code, *message;
	json_int_t		 n;

	if (json_is_string(json_object_get(j, "event"))) {
		if (client_hooks->event != NULL)
			client_hooks->event(j);
		return;
	}
	id = json_object_get(j, "id");
	error = json_object_get(j, "error");
	if (!json_is_integer(id)) {
		/* An error with no id: stashd closes after it. */
		v = json_object_get(error, "message");
		log_warnx("stashd: %s", json_is_string(v) ?
		    json_string_value(v) : "error without an id");
		client_lost(json_is_string(v) ? json_string_value(v) :
		    "stashd refused a frame");
		return;
	}
	n = json_integer_value(id);
	TAILQ_FOREACH(r, &client_reqs, entry) {
		if (r->id == n)
			break;
	}
	if (r == NULL) {
		log_warnx("stashd answered request %lld, which was not asked",
		    (long long)n);
		return;
	}
	TAILQ_REMOVE(&client_reqs, r, entry);

	if (json_is_object(error)) {
		v = json_object_get(error, "code");
		code = json_is_string(v) ? json_string_value(v) : "internal";
		v = json_object_get(error, "message");
		message = json_is_string(v) ? json_string_value(v) : code;
		log_debug("%s: request %lld: %s", __func__, (long long)n, code);
		if (r->cb != NULL)
			r->cb(NULL, code, message, r->arg);
		if (strcmp(code, "no-session") == 0 &&
		    client_hooks->no_session != NULL)
			client_hooks->no_session(message);
	} else {
		result = json_object_get(j, "result");
		if (!json_is_object(result))
			result = NULL;
		if (r->cb != NULL) {
			if (result == NULL) {
				result = json_object();
				r->cb(result, NULL, NULL, r->arg);
				json_decref(result);
			} else
				r->cb(result, NULL, NULL, r->arg);
		}
	}
	client_req_free(r);
}

static void
client_read_cb(struct bufferevent *bev, __unused void *arg)
{
	struct evbuffer		*in = bufferevent_get_input(bev);
	json_t			*j;
	char			*cause, *why;
	enum proto_read		 pr;

	while (client_bev == bev) {
		pr = proto_read(in, MAX_FRAME_REPLY, &j, &cause);
		if (pr == PROTO_MORE)
			return;
		if (pr != PROTO_OK) {
			xasprintf(&why, "stashd sent a bad frame: %s", cause);
			free(cause);
			client_lost(why);
			free(why);
			return;
		}
		client_dispatch(j);
		json_decref(j);
	}
}

/* Put a request on the wire. */
static json_int_t
client_send(const char *op, json_t *args, client_cb cb, void *arg)
{
	struct client_req	*r;

	r = xcalloc(1, sizeof *r);
	r->cb = cb;
	r->arg = arg;
	r->owner = arg;
	return (client_send_req(op, args, r));
}

static json_int_t
client_send_req(const char *op, json_t *args, struct client_req *r)
{
	json_t			*j;

	r->id = client_next_id++;
	j = json_object();
	json_object_set_new(j, "id", json_integer(r->id));
	json_object_set_new(j, "op", json_string(op));
	if (args != NULL)
		json_object_set_new(j, "args", args);
	proto_write(bufferevent_get_output(client_bev), j);
	TAILQ_INSERT_TAIL(&client_reqs, r, entry);
	log_debug("%s: request %lld: %s", __func__, (long long)r->id, op);
	return (r->id);
}

/*
 * Ask stashd; cb is called once with the answer. Takes the reference to
 * args. arg identifies the asker for client_forget. Returns the id, or 0 if
 * not connected (cb is then called with "offline" on the next loop pass).
 */
json_int_t
client_request(const char *op, json_t *args, client_cb cb, void *arg)
{
	return (client_request_owned(op, args, cb, arg, arg, NULL));
}

/*
 * As client_request, for a typed request (client-op.c): arg is its own
 * context, owner identifies the asker for client_forget, and drop (if not
 * NULL) frees arg once the request is answered, failed or forgotten.
 */
json_int_t
client_request_owned(const char *op, json_t *args, client_cb cb, void *arg,
    void *owner, void (*drop)(void *))
{
	struct client_req	*r;

	r = xcalloc(1, sizeof *r);
	r->cb = cb;
	r->arg = arg;
	r->owner = owner;
	r->drop = drop;
	if (client_st != CLIENT_READY || client_bev == NULL) {
		json_decref(args);
		client_fail_later(r, "offline", "not connected to stashd: "
		    "try again once the connection is back");
		return (0);
	}
	return (client_send_req(op, args, r));
}

/* Drop the callbacks of everything arg asked (the screen went away). */
void
client_forget(void *arg)
{
	struct client_req	*r;

	TAILQ_FOREACH(r, &client_reqs, entry) {
		if (r->owner == arg)
			r->cb = NULL;
	}
	TAILQ_FOREACH(r, &client_failed, entry) {
		if (r->owner == arg)
			r->cb = NULL;
	}
}

static void
client_refuse(const char *message)
{
	client_refused = 1;
	evtimer_del(client_retry_ev);
	if (client_hooks->refused != NULL)
		client_hooks->refused(message);
}

static void
client_ping_done(json_t *result, __unused const char *code,
    __unused const char *message, __unused void *arg)
{
	if (result != NULL)
		client_session_time(result);
}

static void
client_hello_done(json_t *result, const char *code, const char *message,
    __unused void *arg)
{
	char	*cause, *s;

	if (result == NULL) {
		if (strcmp(code, "disconnected") == 0)
			return;
		xasprintf(&s, "stashd refused this terminal (%s): %s", code,
		    message);
		client_refuse(s);
		free(s);
		return;
	}
	if (client_session_hello(result, &cause) != 0) {
		client_refuse(cause);
		free(cause);
		return;
	}
	log_info("terminal %s ready on %s", client_cfg->terminal,
	    client_addr);
	bufferevent_set_timeouts(client_bev, NULL, NULL);
	client_backoff = CLIENT_BACKOFF_MIN;
	client_once = 1;
	free(client_err);
	client_err = NULL;
	/*
	 * A staff session belongs to its connection: on a new one (stashd
	 * restarted, or the network dropped) nobody is logged in. Say so now,
	 * before the screen's next request, not when a sale is refused.
	 */
	if (client_session.logged_in) {
		log_info("reconnected: the staff session did not survive");
		client_session_logout(0);
		if (client_hooks->session_lost != NULL)
			client_hooks->session_lost();
	}
	client_set_state(CLIENT_READY);
	client_send("ping", NULL, client_ping_done, NULL);
	client_cart_watch_connected();
}

static void
client_hello(void)
{
	json_t	*args;

	args = json_object();
	json_object_set_new(args, "version", json_integer(PROTOCOL_VERSION));
	json_object_set_new(args, "terminal",
	    json_string(client_cfg->terminal));
	json_object_set_new(args, "credential",
	    json_string(client_cfg->credential));
	client_send("hello", args, client_hello_done, NULL);
}

static void
client_enrol_done(json_t *result, const char *code, const char *message,
    __unused void *arg)
{
	json_t		*v;
	const char	*cred;
	char		*cause, *s;
	u_char		 raw[32];

	if (result == NULL) {
		if (strcmp(code, "disconnected") == 0)
			return;
		xasprintf(&s, "enrolment refused (%s): %s", code, message);
		client_refuse(s);
		free(s);
		return;
	}
	v = json_object_get(result, "credential");
	cred = json_is_string(v) ? json_string_value(v) : "";
	if (strlen(cred) != 64 || util_unhex(cred, raw, sizeof raw) != 0) {
		client_refuse("stashd's enrolment reply has no valid "
		    "credential");
		return;
	}
	explicit_bzero(raw, sizeof raw);
	if (client_cred_save(client_cfg->cred_path, cred, &cause) != 0) {
		xasprintf(&s, "enrolled, but %s", cause);
		free(cause);
		client_refuse(s);
		free(s);
		return;
	}
	memcpy(client_cfg->credential, cred, 65);
	log_info("terminal %s enrolled; credential saved in %s",
	    client_cfg->terminal, client_cfg->cred_path);
	explicit_bzero(client_cfg->enrol_code, strlen(client_cfg->enrol_code));
	free(client_cfg->enrol_code);
	client_cfg->enrol_code = NULL;
	client_hello();
}

static void
client_handshake(void)
{
	json_t	*args;

	if (client_cfg->enrol_code != NULL) {
		args = json_object();
		json_object_set_new(args, "terminal",
		    json_string(client_cfg->terminal));
		json_object_set_new(args, "code",
		    json_string(client_cfg->enrol_code));
		client_send("enroll", args, client_enrol_done, NULL);
		return;
	}
	client_hello();
}
