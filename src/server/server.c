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
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <event2/thread.h>

#include "server.h"
#include "settings.h"
#include "state-adapter.h"
#include "rules.h"
#include "auth.h"
#include "notify-drain.h"

/*
 * The server: listener, signals, the once-a-second sweep, and the loop. The
 * loop runs one libevent pass at a time and commits the pass's writes after
 * it (as tmux's loop callback and Redis's before-sleep do), so every write
 * that arrived in one pass shares one fsync.
 */

struct server	*server;

static void	server_committed(struct server *, int, json_t *, void *);

static int
server_is_loopback(const struct sockaddr *sa)
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;

	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)sa;
		return ((ntohl(sin->sin_addr.s_addr) >> 24) == 127);
	}
	if (sa->sa_family == AF_INET6) {
		sin6 = (const struct sockaddr_in6 *)sa;
		return (IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr));
	}
	return (0);
}

/* ADDR:PORT (or [ADDR6]:PORT) in out, and the address alone in host. */
static void
server_addr_str(const struct sockaddr *sa, char *out, size_t len,
    char *host, size_t hostlen)
{
	char	a[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    a, sizeof a);
		snprintf(out, len, "%s:%u", a,
		    ntohs(((const struct sockaddr_in *)sa)->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, a, sizeof a);
		snprintf(out, len, "[%s]:%u", a,
		    ntohs(((const struct sockaddr_in6 *)sa)->sin6_port));
	} else {
		strlcpy(a, "?", sizeof a);
		strlcpy(out, "?", len);
	}
	if (host != NULL)
		strlcpy(host, a, hostlen);
}

/*
 * Parse ADDR:PORT or [ADDR6]:PORT with a numeric address; port 0 asks the
 * kernel for a free one (evutil_parse_sockaddr_port refuses 0).
 */
static int
server_parse_listen(const char *s, struct sockaddr_storage *ss, int *sslen)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;
	char			 host[INET6_ADDRSTRLEN + 1];
	const char		*colon, *errstr;
	size_t			 n;
	int64_t			 port;

	memset(ss, 0, sizeof *ss);
	if (*s == '[') {
		if ((colon = strstr(s, "]:")) == NULL)
			return (-1);
		n = colon - (s + 1);
		colon++;
		s++;
	} else {
		if ((colon = strrchr(s, ':')) == NULL)
			return (-1);
		n = colon - s;
	}
	if (n == 0 || n >= sizeof host)
		return (-1);
	memcpy(host, s, n);
	host[n] = '\0';
	port = util_strtonum(colon + 1, 0, 65535, &errstr);
	if (errstr != NULL)
		return (-1);
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		*sslen = sizeof *sin;
		return (0);
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		*sslen = sizeof *sin6;
		return (0);
	}
	return (-1);
}

static void
server_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct server	*srv = arg;
	char		 peer[64], host[64];

	server_addr_str(sa, peer, sizeof peer, host, sizeof host);
	evutil_make_socket_nonblocking(fd);
	conn_accept(srv, fd, peer, host, srv->ssl_ctx);
}

static void
server_accept_error_cb(struct evconnlistener *l, void *arg)
{
	int	err = EVUTIL_SOCKET_ERROR();

	/* Out of descriptors and the like: log and keep serving. */
	log_warnx("accept: %s", evutil_socket_error_to_string(err));
}

static void
server_signal_cb(evutil_socket_t sig, short events, void *arg)
{
	struct server	*srv = arg;

	if (sig == SIGHUP) {
		log_info("SIGHUP: nothing to reload yet");
		return;
	}
	log_warnx("%s: finishing in-flight operations, then exiting",
	    sig == SIGTERM ? "SIGTERM" : "SIGINT");
	server_stop(srv);
}

static void
server_sweep_cb(evutil_socket_t fd, short events, void *arg)
{
	struct server		*srv = arg;
	struct store_txn	 t;

	conn_sweep(srv);
	/*
	 * A staff, role or settings change stashctl made from its own
	 * process: seen within a second (one meta read), not only at some
	 * terminal's next op, so the sessions it concerns hear of it now.
	 */
	if (store_begin(srv->st, &t, 0) != 0)
		return;
	if (store_staff_generation(&t) != srv->gen && t.ret == 0)
		server_settings_reload(srv, &t);
	store_abort(&t);
}

/*
 * Check the settings that can be checked without starting: the listen
 * address, the TLS pair (loaded, and matching), and that a network address
 * has TLS. Used by "stashd -n" and at start.
 */
/* rules-dir, or the installed rules, or an uninstalled tree's. */
static const char *
server_rules_dir(struct options *o)
{
	return (rules_dir(options_string(o, "rules-dir")));
}

/*
 * stashd -n and the local tax file: the store's state is in the ledger,
 * which -n does not open, so the file is checked against the rule file of
 * the jurisdiction it names (the start checks that this is the store's).
 */
static int
server_check_taxes(struct options *o, char **cause)
{
	const char	*local;
	struct rules	*r;
	FILE		*f;
	char		*line = NULL, id[16];
	size_t		 cap = 0;
	int		 rc;

	local = options_string(o, "tax-local");
	if (*local == '\0')
		return (0);
	if (!options_number(o, "limits")) {
		xasprintf(cause, "tax-local %s: the local taxes add to the "
		    "state's rule file, and \"limits no\" loads none", local);
		return (-1);
	}
	if ((f = fopen(local, "r")) == NULL) {
		xasprintf(cause, "tax-local %s: %s", local, strerror(errno));
		return (-1);
	}
	*id = '\0';
	while (getline(&line, &cap, f) != -1) {
		if (sscanf(line, "jurisdiction %15s", id) == 1)
			break;
	}
	free(line);
	fclose(f);
	if (*id == '\0') {
		xasprintf(cause, "tax-local %s: no jurisdiction line: say "
		    "whose state's taxes these add to", local);
		return (-1);
	}
	if ((r = rules_find(server_rules_dir(o), id, cause)) == NULL)
		return (-1);
	rc = rules_tax_local(r, local, cause);
	rules_free(r);
	return (rc);
}

int
server_check(struct options *o, struct sockaddr_storage *ss, int *sslen,
    char **cause)
{
	struct server	 tmp;
	const char	*listen, *cert, *key;

	listen = options_string(o, "listen");
	if (server_parse_listen(listen, ss, sslen) != 0) {
		xasprintf(cause, "listen: cannot parse \"%s\" (use ADDR:PORT "
		    "or [ADDR6]:PORT with a numeric address)", listen);
		return (-1);
	}
	cert = options_string(o, "tls-cert");
	key = options_string(o, "tls-key");
	if ((*cert != '\0') != (*key != '\0')) {
		xasprintf(cause, "tls-cert and tls-key must be set together");
		return (-1);
	}
	if (*cert == '\0' && !server_is_loopback((struct sockaddr *)ss) &&
	    !options_number(o, "insecure")) {
		xasprintf(cause, "refusing to listen on %s without TLS: set "
		    "tls-cert and tls-key (or \"insecure yes\" for a closed "
		    "test network)", listen);
		return (-1);
	}
	if (*cert != '\0') {
		memset(&tmp, 0, sizeof tmp);
		if (server_tls_init(&tmp, cert, key, cause) != 0)
			return (-1);
		server_tls_free(&tmp);
	}
	if (state_check(o, cause) != 0)
		return (-1);
	return (server_check_taxes(o, cause));
}

/*
 * The store's purchase-limit rules: the file for US-<state> from
 * rules-dir (or the installed rules, or an uninstalled tree's). stashd
 * does not start without them unless "limits no" says so: it never runs
 * with half a rule set, or none by accident. The store's local taxes
 * (tax-local) are added to the state's; a bad file stops the start too.
 */
static int
server_rules_load(struct server *srv, char **cause)
{
	const char	*dir, *local;
	char		 id[16];

	local = options_string(srv->opts, "tax-local");
	if (!options_number(srv->opts, "limits")) {
		if (*local != '\0') {
			xasprintf(cause, "tax-local %s: the local taxes add to "
			    "the state's rule file, and \"limits no\" loads "
			    "none", local);
			return (-1);
		}
		log_warnx("purchase limits are OFF (limits no): sales are not "
		    "checked against any rule file");
		return (0);
	}
	dir = server_rules_dir(srv->opts);
	snprintf(id, sizeof id, "US-%s", srv->info.state);
	if ((srv->rules = rules_find(dir, id, cause)) == NULL)
		return (-1);
	log_info("purchase limits: %s from %s", id, dir);
	if (*local != '\0') {
		if (rules_tax_local(srv->rules, local, cause) != 0) {
			rules_free(srv->rules);
			srv->rules = NULL;
			return (-1);
		}
		log_info("local taxes from %s", local);
	}
	log_info("taxes: %u (%s)", srv->rules->ntaxes,
	    srv->rules->tax_included ? "included in prices" : "added");
	return (0);
}

/* Open the ledger, TLS and the listener. */
int
server_start(struct server *srv, char **cause)
{
	struct sockaddr_storage	 ss;
	struct store_txn	 t;
	struct event_config	*cfg;
	struct timeval		 tv = { 1, 0 };
	const char		*listen, *cert, *key;
	int			 sslen = sizeof ss, r;
	evutil_socket_t		 fd;
	socklen_t		 len;
	char			 where[64];

	srv->max_frame = (size_t)options_number(srv->opts, "max-frame");
	srv->session_idle = options_number(srv->opts, "session-idle") *
	    1000000;
	srv->lockout_attempts = (int)options_number(srv->opts,
	    "lockout-attempts");
	srv->lockout_time = options_number(srv->opts, "lockout-time") *
	    1000000;
	srv->max_conns = (u_int)options_number(srv->opts, "max-connections");
	srv->handshake_time = options_number(srv->opts, "handshake-timeout") *
	    1000000;
	srv->handshake_addr = (u_int)options_number(srv->opts,
	    "handshake-per-address");
	/* Half the connections at most may be strangers still to say hello. */
	srv->handshake_max = srv->max_conns / 2;
	if (srv->handshake_max == 0)
		srv->handshake_max = 1;
	srv->events = json_array();
	srv->event_tags = json_object();
	TAILQ_INIT(&srv->conns);
	batch_init(&srv->batch);
	batch_hook_add(srv, server_committed, NULL);

	if (server_check(srv->opts, &ss, &sslen, cause) != 0)
		return (-1);
	cert = options_string(srv->opts, "tls-cert");
	key = options_string(srv->opts, "tls-key");
	listen = options_string(srv->opts, "listen");
	if (auth_init() != 0) {
		xasprintf(cause, "libsodium failed to initialise");
		return (-1);
	}
	if (store_open(options_string(srv->opts, "data-dir"),
	    (size_t)options_number(srv->opts, "map-size") << 20, 0, &srv->st,
	    cause) != 0)
		return (-1);
	if (store_begin(srv->st, &t, 0) != 0) {
		xasprintf(cause, "cannot read the ledger: %s", t.err);
		return (-1);
	}
	r = store_meta_get_info(&t, &srv->info);
	if (r == 0) {
		settings_apply(&t, srv->opts);
		srv->gen = store_staff_generation(&t);
	}
	store_abort(&t);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "the ledger in %s is not set up: run "
		    "\"stashctl -d %s init\" (or \"demo\")",
		    options_string(srv->opts, "data-dir"),
		    options_string(srv->opts, "data-dir"));
		return (-1);
	}
	if (r != 0) {
		xasprintf(cause, "cannot read the store's details: %s",
		    store_strerror(r));
		return (-1);
	}

	/*
	 * Store-local days (limits, Z reports, the state's SalesDateTime) are
	 * in the store's zone: make it the process's once, so that working
	 * them out never reloads a zone file on the loop. Logs are UTC.
	 */
	if (*srv->info.tz != '\0') {
		setenv("TZ", srv->info.tz, 1);
		tzset();
	}
	if (server_rules_load(srv, cause) != 0)
		return (-1);
	if (*cert != '\0' && server_tls_init(srv, cert, key, cause) != 0)
		return (-1);

	if (evthread_use_pthreads() != 0)
		fatalx("libevent has no pthreads support");
	/*
	 * With the changelist, a connection's write interest switched off
	 * when its output drains and on again when the next pass adds to it
	 * costs no epoll_ctl at all: changes are applied once, at the wait.
	 */
	if ((cfg = event_config_new()) == NULL)
		fatalx("event_config_new failed");
	event_config_set_flag(cfg, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	srv->base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	if (srv->base == NULL)
		fatalx("event_base_new failed");
	srv->listener = evconnlistener_new_bind(srv->base, server_accept_cb,
	    srv, LEV_OPT_CLOSE_ON_FREE|LEV_OPT_REUSEABLE, 128,
	    (struct sockaddr *)&ss, sslen);
	if (srv->listener == NULL) {
		xasprintf(cause, "cannot listen on %s: %s", listen,
		    strerror(errno));
		return (-1);
	}
	evconnlistener_set_error_cb(srv->listener, server_accept_error_cb);
	fd = evconnlistener_get_fd(srv->listener);
	len = sizeof ss;
	getsockname(fd, (struct sockaddr *)&ss, &len);
	server_addr_str((struct sockaddr *)&ss, where, sizeof where, NULL, 0);
	log_warnx("stashd %s listening on %s%s (store %s)", STASH_VERSION,
	    where, srv->ssl_ctx != NULL ? " with TLS" : "",
	    srv->info.licence);
	srv->port = ntohs(ss.ss_family == AF_INET6 ?
	    ((struct sockaddr_in6 *)&ss)->sin6_port :
	    ((struct sockaddr_in *)&ss)->sin_port);

	srv->pins = pin_pool_create(srv->base,
	    (int)options_number(srv->opts, "pin-workers"),
	    srv->lockout_attempts);
	srv->sweep_ev = event_new(srv->base, -1, EV_PERSIST, server_sweep_cb,
	    srv);
	event_add(srv->sweep_ev, &tv);
	signal(SIGPIPE, SIG_IGN);
	/* A file size limit is a full disk to us: EFBIG, not death. */
	signal(SIGXFSZ, SIG_IGN);
	srv->sigterm_ev = evsignal_new(srv->base, SIGTERM, server_signal_cb,
	    srv);
	srv->sigint_ev = evsignal_new(srv->base, SIGINT, server_signal_cb,
	    srv);
	srv->sighup_ev = evsignal_new(srv->base, SIGHUP, server_signal_cb,
	    srv);
	evsignal_add(srv->sigterm_ev, NULL);
	evsignal_add(srv->sigint_ev, NULL);
	evsignal_add(srv->sighup_ev, NULL);
	op_trip_sync_start(srv);
	if (op_order_start(srv, cause) != 0)
		return (-1);
	if (state_start(srv, cause) != 0)
		return (-1);
	return (notify_start(srv, cause));
}

/* Stop taking connections; the loop ends when in-flight work is done. */
void
server_stop(struct server *srv)
{
	struct conn	*c;

	srv->quit = 1;
	if (srv->listener != NULL)
		evconnlistener_disable(srv->listener);
	/*
	 * Take no new requests: what was read is finished and answered,
	 * what is still unread was never started (the terminal retries it,
	 * with the same ref for a sale, after the restart).
	 */
	TAILQ_FOREACH(c, &srv->conns, entry)
		bufferevent_disable(c->bev, EV_READ);
}

static int
server_output_pending(struct server *srv)
{
	struct conn	*c;

	TAILQ_FOREACH(c, &srv->conns, entry) {
		if (evbuffer_get_length(bufferevent_get_output(c->bev)) != 0)
			return (1);
	}
	return (0);
}

void
server_loop(struct server *srv)
{
	struct conn	*c;
	struct timeval	 tv = { 0, 50000 };
	int64_t		 deadline;

	while (!srv->quit || pin_pool_pending(srv->pins) != 0 ||
	    srv->batch.open) {
		event_base_loop(srv->base, EVLOOP_ONCE);
		batch_commit(srv);
		server_reap(srv);
	}
	/* Give the last replies up to two seconds to leave. */
	deadline = util_monotonic() + 2000000;
	while (server_output_pending(srv) && util_monotonic() < deadline) {
		event_base_loopexit(srv->base, &tv);
		event_base_loop(srv->base, 0);
		batch_commit(srv);
		server_reap(srv);
	}
	while ((c = TAILQ_FIRST(&srv->conns)) != NULL)
		conn_close(c);
	log_warnx("stashd stopped: %llu commits, %llu operations",
	    (unsigned long long)srv->batch.commits,
	    (unsigned long long)srv->batch.committed_ops);
	pin_pool_destroy(srv->pins);
	state_stop(srv);
	op_order_stop();
	op_trip_sync_stop();
	route_osrm_stop();
	notify_stop(srv);
	event_free(srv->sweep_ev);
	event_free(srv->sigterm_ev);
	event_free(srv->sigint_ev);
	event_free(srv->sighup_ev);
	evconnlistener_free(srv->listener);
	event_base_free(srv->base);
	server_tls_free(srv);
	if (srv->rules != NULL)
		rules_free(srv->rules);
	store_close(srv->st);
	free(srv->batch.ops);
	free(srv->batch.full);
	json_decref(srv->events);
	json_decref(srv->event_tags);
}

/*
 * Queue an event for every terminal past the handshake; takes the
 * reference. Events are pushed once per pass (server_push_events), and a
 * package's stock event replaces the one it had earlier in the pass: a
 * terminal wants the last quantity, not each step to it.
 */
static void
server_event(struct server *srv, json_t *ev)
{
	const char	*kind, *tag;
	json_t		*idx, *old;

	kind = json_string_value(json_object_get(ev, "event"));
	tag = json_string_value(json_object_get(ev, "tag"));
	if (kind != NULL && tag != NULL && strcmp(kind, "stock") == 0) {
		idx = json_object_get(srv->event_tags, tag);
		if (idx != NULL) {
			old = json_array_get(srv->events,
			    (size_t)json_integer_value(idx));
			json_object_update(old, ev);
			json_decref(ev);
			return;
		}
		json_object_set_new(srv->event_tags, tag,
		    json_integer((json_int_t)json_array_size(srv->events)));
	}
	json_array_append_new(srv->events, ev);
}

/* Does c get this stock event (events.subscribe)? */
static int
server_stock_wanted(const struct conn *c, const char *tag)
{
	u_int	i;

	if (!c->stock_some || tag == NULL)
		return (1);
	for (i = 0; i < c->nstock; i++) {
		if (strcmp(c->stock_tags[i], tag) == 0)
			return (1);
	}
	return (0);
}

/*
 * The pass's events for a connection that subscribed to some packages'
 * stock: the lines of f it wants (line i is off[i] to off[i + 1], tags[i]
 * its stock event's tag or NULL), in order; f itself if that is all.
 */
static void
server_push_some(struct conn *c, struct frame *f, const size_t *off,
    const char **tags, size_t n)
{
	static struct buf	 b;
	struct frame		*g;
	size_t			 i;

	buf_reset(&b);
	for (i = 0; i < n; i++) {
		if (server_stock_wanted(c, tags[i]))
			buf_add(&b, f->data + off[i], off[i + 1] - off[i]);
	}
	if (b.len == 0)
		return;
	if (b.len == f->len) {
		conn_push_event(c, f);
		return;
	}
	g = conn_frame_buf(&b);
	conn_push_event(c, g);
	conn_frame_unref(g);
}

/*
 * Push the pass's events: encoded once into one frame of NDJSON lines, and
 * added to each connection in one piece (one write each); a connection
 * that subscribed to some packages' stock gets the lines it wants. A
 * connection that is behind gets none and is told to resync when it has
 * caught up.
 */
static void
server_push_events(struct server *srv)
{
	struct buf	 b;
	struct frame	*f;
	struct conn	*c;
	json_t		*ev;
	const char	**tags, *kind;
	size_t		 i, n, *off;

	if ((n = json_array_size(srv->events)) == 0)
		return;
	off = xreallocarray(NULL, n + 1, sizeof *off);
	tags = xreallocarray(NULL, n, sizeof *tags);
	buf_init(&b);
	json_array_foreach(srv->events, i, ev) {
		off[i] = b.len;
		kind = json_string_value(json_object_get(ev, "event"));
		tags[i] = NULL;
		if (kind != NULL && strcmp(kind, "stock") == 0)
			tags[i] = json_string_value(json_object_get(ev, "tag"));
		conn_frame_line(&b, ev);
	}
	off[n] = b.len;
	f = conn_frame_buf(&b);
	buf_free(&b);

	/* Nothing here closes a connection: see conn_close_later. */
	TAILQ_FOREACH(c, &srv->conns, entry) {
		if (c->phase == PHASE_HANDSHAKE)
			continue;
		if (c->stock_some)
			server_push_some(c, f, off, tags, n);
		else
			conn_push_event(c, f);
	}
	conn_frame_unref(f);
	free(off);
	free(tags);
	json_array_clear(srv->events);
	json_object_clear(srv->event_tags);
}

/*
 * After each commit (batch_hook_add): its ops' events, once each, behind
 * the replies already queued.
 */
static void
server_committed(struct server *srv, int ok, json_t *events, void *arg)
{
	struct store_txn	 t;
	json_t			*ev;
	const char		*kind;
	size_t			 i;
	int			 perms = 0;

	json_array_foreach(events, i, ev) {
		kind = json_string_value(json_object_get(ev, "event"));
		if (kind != NULL && strcmp(kind, "perms") == 0) {
			perms = 1;	/* only to whom it concerns, below */
			continue;
		}
		server_event(srv, json_incref(ev));
	}
	server_push_events(srv);
	if (perms && ok) {
		if (store_begin(srv->st, &t, 0) != 0) {
			log_warnx("cannot read the ledger to tell sessions of "
			    "a staff change: %s", t.err);
			return;
		}
		server_perms_notify(srv, &t);
		store_abort(&t);
	}
}

/*
 * A staff member's role, their role's permissions or their standing
 * (locked, deactivated) changed, here or from stashctl: push
 * {"event":"perms"} to each session the change concerns, so its terminal
 * reads its session again (session.get) instead of offering what it may
 * no longer do until the next login. The session itself takes the change
 * at its next op (op_session_valid), so nothing here touches a conn's
 * permissions; a session is told once a staff generation (the commit's
 * notice and the ledger reload that follows at the next op see the same
 * one).
 */
void
server_perms_notify(struct server *srv, struct store_txn *t)
{
	struct conn	*c;
	struct staff	 s;
	struct buf	 b;
	struct frame	*f = NULL;
	json_t		*ev;
	char		 role[ROLE_NAME_MAX + 1];
	uint32_t	 perms;
	int64_t		 gen;
	int		 changed;

	gen = store_staff_generation(t);
	TAILQ_FOREACH(c, &srv->conns, entry) {
		if (c->phase != PHASE_SESSION || c->told == gen)
			continue;
		if (store_staff_get(t, c->staff, &s) != 0 || !s.active)
			changed = 1;
		else if (auth_role_get(t, s.role, role, sizeof role,
		    &perms) != 0)
			changed = 1;
		else
			changed = perms != c->perms ||
			    strcmp(role, c->role_name) != 0;
		if (!changed)
			continue;
		c->told = gen;	/* once a change, however it is found */
		if (f == NULL) {
			ev = json_pack("{s:s, s:s}", "event", "perms",
			    "message", "your role or its permissions changed: "
			    "read the session again");
			buf_init(&b);
			conn_frame_line(&b, ev);
			f = conn_frame_buf(&b);
			buf_free(&b);
			json_decref(ev);
		}
		conn_push_event(c, f);
	}
	if (f != NULL)
		conn_frame_unref(f);
}

/*
 * The staff generation moved (server_start read the settings at the one it
 * had): read the ledger's settings again, for a change stashctl made from
 * its own process. If one changed, every terminal is told to read them.
 */
void
server_settings_reload(struct server *srv, struct store_txn *t)
{
	char		 before[SETTINGS_VALUE_MAX], after[SETTINGS_VALUE_MAX];
	const char	*name;
	u_int		 i, changed = 0;

	for (i = 0; (name = settings_name(i)) != NULL; i++) {
		settings_value(srv->opts, name, before, sizeof before);
		if (settings_get(t, name, after, sizeof after) == 0 &&
		    strcmp(before, after) != 0)
			changed = 1;
	}
	srv->gen = store_staff_generation(t);
	server_perms_notify(srv, t);
	if (!changed)
		return;
	settings_apply(t, srv->opts);
	op_order_zones(srv);
	log_info("settings changed in the ledger: read again");
	server_event(srv, json_pack("{s:s}", "event", "settings"));
	server_push_events(srv);
}

/* Close the connections doomed during the pass, outside any list walk. */
void
server_reap(struct server *srv)
{
	struct conn	*c, *c1;

	if (!srv->reap)
		return;
	srv->reap = 0;
	TAILQ_FOREACH_SAFE(c, &srv->conns, entry, c1) {
		if (c->doomed)
			conn_close(c);
	}
}
