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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server.h"
#include "auth.h"

/*
 * The handshake (hello, enroll) and staff sessions (login, logout).
 * Terminals are known by name and a credential whose hash is in the ledger;
 * staff log in with their number and PIN, checked on a worker thread.
 */

struct login_state {
	uint32_t	staff;
	int		ok;
	int		newpin;		/* a new PIN was given: newhash */
	char		newhash[PIN_HASH_LEN];
	int		role;
	char		role_name[ROLE_NAME_MAX + 1];
	uint32_t	perms;
};

static void
op_login_state_free(void *arg)
{
	struct login_state	*ls = arg;

	explicit_bzero(ls->newhash, sizeof ls->newhash);
	free(ls);
}

/* Why a session (or a terminal's connection) ends before an op. */
struct session_end {
	int		revoked;	/* the terminal; else the staff member */
	uint32_t	staff;
	char		why[160];
};

int
op_ping(struct op_ctx *ctx)
{
	ctx->result = json_pack("{s:I}", "time", (json_int_t)util_now());
	return (0);
}

/*
 * events.subscribe {"stock":"all" | [tag, ...]}: the packages whose stock
 * events this connection gets from now on (a register asks for its cart's:
 * every other terminal's sales are then none of its business). Other
 * events are not filtered; a new connection gets every stock event.
 */
int
op_events_subscribe(struct op_ctx *ctx)
{
	struct conn	*c = ctx->c;
	json_t		*v, *o;
	char		(*tags)[TAG_LEN + 1];
	const char	*s;
	size_t		 i, n;

	v = json_object_get(ctx->args, "stock");
	s = json_string_value(v);
	if (s != NULL && strcmp(s, "all") == 0) {
		free(c->stock_tags);
		c->stock_tags = NULL;
		c->nstock = 0;
		c->stock_some = 0;
		log_debug("connection %u: stock events of every package",
		    c->id);
		ctx->result = json_pack("{s:s}", "stock", "all");
		return (0);
	}
	if (!json_is_array(v) || json_array_size(v) > EVENTS_STOCK_MAX)
		return (op_error(ctx, "bad-request", "\"stock\" must be \"all\" "
		    "or a list of at most %d package tags", EVENTS_STOCK_MAX));
	n = json_array_size(v);
	tags = xreallocarray(NULL, n + 1, sizeof *tags);
	json_array_foreach(v, i, o) {
		s = json_string_value(o);
		if (s != NULL && strlen(s) == TAG_LEN) {
			strlcpy(tags[i], s, sizeof tags[i]);
			util_tag_upper(tags[i]);
		}
		if (s == NULL || strlen(s) != TAG_LEN ||
		    !util_tag_valid(tags[i])) {
			free(tags);
			return (op_error(ctx, "bad-request", "\"stock\" %zu: "
			    "not a package tag (%d hexadecimal characters)",
			    i + 1, TAG_LEN));
		}
	}
	free(c->stock_tags);
	c->stock_tags = tags;
	c->nstock = (u_int)n;
	c->stock_some = 1;
	log_debug("connection %u: stock events of %zu package%s", c->id, n,
	    n == 1 ? "" : "s");
	ctx->result = json_pack("{s:I}", "stock", (json_int_t)n);
	return (0);
}

int
op_hello(struct op_ctx *ctx)
{
	struct conn		*c = ctx->c;
	struct store_info	*si = &ctx->srv->info;
	struct terminal		 tm;
	const char		*name, *cred;
	json_int_t		 version;
	u_char			 h[32];
	char			*cause = NULL;
	int			 r;

	if (proto_arg_int(ctx->args, "version", 1, 0, INT32_MAX, &version,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	if (version != PROTOCOL_VERSION)
		return (op_error(ctx, "version", "this server speaks protocol "
		    "version %d, the terminal %lld: upgrade the older one",
		    PROTOCOL_VERSION, (long long)version));
	if (proto_arg_str(ctx->args, "terminal", 1, TERMINAL_NAME_MAX, &name,
	    &cause) != 0 || proto_arg_str(ctx->args, "credential", 1,
	    AUTH_CRED_LEN, &cred, &cause) != 0)
		return (op_bad_request(ctx, cause));

	r = store_terminal_get(ctx->txn, name, &tm);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-enrolled", "terminal %s is not "
		    "enrolled: run \"stashctl terminal add %s\" on the "
		    "server", name, name));
	if (r != 0)
		return (op_store_error(ctx));
	if (tm.status == TERMINAL_REVOKED)
		return (op_error(ctx, "not-enrolled", "terminal %s has been "
		    "revoked", name));
	if (tm.status != TERMINAL_ACTIVE)
		return (op_error(ctx, "not-enrolled", "terminal %s has not "
		    "finished enrolment: enrol it with its one-time code",
		    name));
	auth_secret_hash(cred, h);
	if (!auth_secret_equal(h, tm.cred_hash)) {
		log_warnx("connection %u: wrong credential for terminal %s",
		    c->id, name);
		return (op_error(ctx, "not-enrolled", "terminal %s: "
		    "credential refused (re-enrol the terminal)", name));
	}
	c->phase = PHASE_TERMINAL;
	c->gen = -1;
	strlcpy(c->terminal, name, sizeof c->terminal);
	memcpy(c->cred_hash, h, sizeof c->cred_hash);
	log_info("connection %u: terminal %s", c->id, name);
	ctx->result = json_pack("{s:i, s:s, s:{s:s, s:s, s:s, s:s}, s:s}",
	    "version", PROTOCOL_VERSION, "server", "stashd " STASH_VERSION,
	    "store", "name", si->name, "licence", si->licence, "state",
	    si->state, "tz", si->tz, "terminal", name);
	return (0);
}

/* Write op: exchange a one-time code for a credential. */
int
op_enroll(struct op_ctx *ctx)
{
	struct terminal	 tm;
	const char	*name, *code;
	char		*cause = NULL, cred[AUTH_CRED_LEN + 1];
	u_char		 h[32];
	int		 r;

	if (proto_arg_str(ctx->args, "terminal", 1, TERMINAL_NAME_MAX, &name,
	    &cause) != 0 || proto_arg_str(ctx->args, "code", 1, 32, &code,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	r = store_terminal_get(ctx->txn, name, &tm);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-enrolled", "terminal %s is not "
		    "known: run \"stashctl terminal add %s\" first", name,
		    name));
	if (r != 0)
		return (op_store_error(ctx));
	if (tm.status != TERMINAL_PENDING)
		return (op_error(ctx, "not-enrolled", "terminal %s is %s, not "
		    "waiting for enrolment: ask for a new code", name,
		    store_terminal_status_name(tm.status)));
	if (util_now() > tm.code_expires)
		return (op_error(ctx, "not-enrolled", "the enrolment code for "
		    "%s has expired: ask for a new code", name));
	auth_secret_hash(code, h);
	if (!auth_secret_equal(h, tm.code_hash)) {
		log_warnx("connection %u: wrong enrolment code for %s",
		    ctx->c->id, name);
		return (op_error(ctx, "not-enrolled", "wrong enrolment code "
		    "for terminal %s", name));
	}
	auth_cred_new(cred, sizeof cred);
	auth_secret_hash(cred, tm.cred_hash);
	memset(tm.code_hash, 0, sizeof tm.code_hash);
	tm.code_expires = 0;
	tm.status = TERMINAL_ACTIVE;
	tm.enrolled = util_now();
	store_terminal_put(ctx->txn, &tm);
	audit_append(ctx->txn, 0, 0, name, "terminal.enrol", name,
	    "from %s", ctx->c->peer);
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	ctx->result = json_pack("{s:s}", "credential", cred);
	explicit_bzero(cred, sizeof cred);
	return (0);
}

/*
 * Read a staff member who may act: exists, active, not locked, and (but
 * for a login, badcode "bad-login") holding a PIN of their own.
 */
int
op_staff_check(struct op_ctx *ctx, uint32_t id, struct staff *s,
    const char *badcode)
{
	char		when[32];
	int		r;
	int64_t		now = util_now();

	r = store_staff_get(ctx->txn, id, s);
	if (r != 0 && r != STORE_NOTFOUND)
		return (op_store_error(ctx));
	if (r == STORE_NOTFOUND || !s->active)
		return (op_error(ctx, badcode, "unknown staff ID or wrong "
		    "PIN"));
	/*
	 * A one-time PIN only logs its holder in to choose their own: it
	 * approves and witnesses nothing.
	 */
	if (s->pin_change && strcmp(badcode, "bad-login") != 0)
		return (op_error(ctx, badcode, "staff %u has a one-time PIN: "
		    "they log in and choose their own before they approve",
		    id));
	if (s->locked_until > now) {
		util_time_str(s->locked_until, ctx->srv->info.tz, when,
		    sizeof when);
		return (op_error(ctx, "locked", "staff %u is locked after too "
		    "many wrong PINs until %s; a manager can unlock it",
		    id, when + 11));
	}
	return (0);
}

/*
 * In a write transaction: count a wrong PIN, locking the account at the
 * limit. Sets the error reply (bad-login or locked); returns 1 if the
 * account is now locked. The caller's op returns 0 so that the count is
 * committed.
 */
int
op_pin_failed(struct op_ctx *ctx, struct staff *s)
{
	struct server	*srv = ctx->srv;
	char		 subj[32];

	s->failed++;
	snprintf(subj, sizeof subj, "staff %u", s->id);
	if (s->failed >= srv->lockout_attempts) {
		s->locked_until = util_now() + srv->lockout_time;
		s->failed = 0;
		audit_append(ctx->txn, s->id, 0, ctx->c->terminal,
		    "staff.locked", subj, "after %d wrong PINs",
		    srv->lockout_attempts);
		log_warnx("staff %u locked after %d wrong PINs", s->id,
		    srv->lockout_attempts);
		store_staff_put(ctx->txn, s);
		if (srv->lockout_time < 120000000)
			op_error(ctx, "locked", "wrong PIN: staff %u is now "
			    "locked for %lld seconds; a manager can unlock it",
			    s->id, (long long)(srv->lockout_time / 1000000));
		else
			op_error(ctx, "locked", "wrong PIN: staff %u is now "
			    "locked for %lld minutes; a manager can unlock it",
			    s->id, (long long)(srv->lockout_time / 60000000));
		return (1);
	}
	store_staff_put(ctx->txn, s);
	op_error(ctx, "bad-login", "unknown staff ID or wrong PIN (%d more "
	    "tries before the account locks)", srv->lockout_attempts -
	    s->failed);
	return (0);
}

/*
 * Queue a check of staff member s's PIN for this request; cb(ok, ctx) runs
 * on the loop. Returns -1 with the error set when the check is refused
 * without hashing: the account's checks in flight and wrong PINs already
 * reach the lockout, or too many checks are waiting.
 */
int
op_pin_verify(struct op_ctx *ctx, const struct staff *s, const char *pin,
    pin_cb cb)
{
	return (op_pin_submit(ctx, s, pin, NULL, NULL, cb));
}

/*
 * As op_pin_verify, then hash newpin into newhash (pin_submit); with s
 * NULL only hash it, counted as a check of the session's own staff.
 */
int
op_pin_submit(struct op_ctx *ctx, const struct staff *s, const char *pin,
    const char *newpin, char *newhash, pin_cb cb)
{
	struct staff	me;
	uint32_t	id;

	if (s == NULL) {
		memset(&me, 0, sizeof me);
		me.id = ctx->c->staff;
		s = &me;
		pin = NULL;
	}
	id = s->id;
	switch (pin_submit(ctx->srv->pins, ctx->c->terminal, s, pin, newpin,
	    newhash, cb, ctx)) {
	case PIN_QUEUED:
		return (0);
	case PIN_BUSY_STAFF:
		log_info("connection %u: staff %u has too many PIN checks in "
		    "flight, refused", ctx->c->id, id);
		return (op_error(ctx, "busy", "staff %u has too many PIN "
		    "checks in progress: try again in a moment", id));
	case PIN_BUSY_TERMINAL:
		log_info("connection %u: terminal %s has too many PIN checks "
		    "waiting, refused", ctx->c->id, ctx->c->terminal);
		return (op_error(ctx, "busy", "terminal %s has too many PIN "
		    "checks waiting: try again in a moment", ctx->c->terminal));
	case PIN_BUSY:
		break;
	}
	log_info("connection %u: too many PIN checks waiting, refused",
	    ctx->c->id);
	return (op_error(ctx, "busy", "the server has too many PIN checks "
	    "waiting: try again in a moment"));
}

static int
op_login_write(struct op_ctx *ctx)
{
	struct login_state	*ls = ctx->data;
	struct staff		 s;
	char			 subj[32], *cause = NULL;

	if (op_staff_check(ctx, ls->staff, &s, "bad-login") != 0)
		return (ctx->txn->ret != 0 ? -1 : 0);
	if (!ls->ok) {
		op_pin_failed(ctx, &s);
		return (0);
	}
	if (ls->newpin) {
		if (ls->newhash[0] == '\0')
			return (op_error(ctx, "internal", "the new PIN could "
			    "not be stored: nothing was written"));
		if (auth_staff_change(ctx->txn, s.id, AUTH_PIN_SET,
		    ls->newhash, s.id, ctx->c->terminal, &s, &cause) !=
		    AUTH_OK) {
			free(cause);
			return (op_store_error(ctx));
		}
	} else if (s.failed != 0) {
		s.failed = 0;
		store_staff_put(ctx->txn, &s);
	}
	if (s.pin_change) {
		op_error(ctx, "pin-change", "staff %u has a one-time PIN: "
		    "choose your own PIN to log in (\"new_pin\")", s.id);
		return (ctx->txn->ret != 0 ? -1 : 0);
	}
	ls->role = s.role;
	if (auth_role_get(ctx->txn, s.role, ls->role_name,
	    sizeof ls->role_name, &ls->perms) != 0 && ctx->txn->ret != 0)
		return (op_store_error(ctx));
	snprintf(subj, sizeof subj, "staff %u", s.id);
	audit_append(ctx->txn, s.id, 0, ctx->c->terminal, "login", subj,
	    "role=%s", ls->role_name);
	ctx->result = json_pack("{s:{s:I, s:s, s:s}, s:[], s:I}",
	    "staff", "id", (json_int_t)s.id, "name", s.name, "role",
	    ls->role_name, "permissions", "idle",
	    (json_int_t)(ctx->srv->session_idle / 1000000));
	return (ctx->txn->ret != 0 ? -1 : 0);
}

/*
 * session.get: the session as it stands now, in login's shape: the staff
 * member, their role and its permissions. op_session_valid has read them
 * again before this runs, so a terminal told of a change ({"event":
 * "perms"}) learns it here; a locked or deactivated member's session ends
 * there instead, with no-session.
 */
int
op_session_get(struct op_ctx *ctx)
{
	struct conn	*c = ctx->c;

	ctx->result = json_pack("{s:{s:I, s:s, s:s}, s:o, s:I}",
	    "staff", "id", (json_int_t)c->staff, "name", c->staff_name,
	    "role", c->role_name, "permissions", op_role_perms(c->perms),
	    "idle", (json_int_t)(ctx->srv->session_idle / 1000000));
	return (0);
}

/*
 * A write changed a staff member's role, standing or a role's
 * permissions: after the commit, the sessions it concerns are told
 * (server_perms_notify). The marker event never goes out as it is.
 */
void
op_perms_changed(struct op_ctx *ctx)
{
	op_event(ctx, json_pack("{s:s}", "event", "perms"));
}

/* After the commit: the session starts. */
static void
op_login_done(struct op_ctx *ctx)
{
	struct login_state	*ls = ctx->data;
	struct conn		*c = ctx->c;
	json_t			*jstaff;

	c->busy_login = 0;
	if (ctx->error != NULL || ctx->result == NULL)
		return;
	jstaff = json_object_get(ctx->result, "staff");
	c->phase = PHASE_SESSION;
	c->staff = ls->staff;
	c->role = ls->role;
	strlcpy(c->role_name, ls->role_name, sizeof c->role_name);
	c->perms = ls->perms;
	c->gen = -1;
	strlcpy(c->staff_name, json_string_value(json_object_get(jstaff,
	    "name")), sizeof c->staff_name);
	c->login_time = util_now();
	c->last_active = util_monotonic();
	json_object_set_new(ctx->result, "permissions",
	    op_role_perms(c->perms));
	log_info("connection %u: staff %u logged in", c->id, c->staff);
}

static void
op_login_pin_cb(int ok, void *arg)
{
	struct op_ctx		*ctx = arg;
	struct login_state	*ls = ctx->data;

	ls->ok = ok;
	ctx->done = op_login_done;
	ctx->c->busy_login = 0;
	batch_run(ctx->srv, ctx, op_login_write);
}

int
op_login(struct op_ctx *ctx)
{
	struct login_state	*ls;
	struct staff		 s;
	const char		*pin, *newpin = NULL;
	json_int_t		 id;
	char			*cause = NULL;

	if (proto_arg_int(ctx->args, "staff", 1, 1, UINT32_MAX, &id,
	    &cause) != 0 || proto_arg_str(ctx->args, "pin", 1, 32, &pin,
	    &cause) != 0 || proto_arg_str(ctx->args, "new_pin", 0, 32, &newpin,
	    &cause) == -1)
		return (op_bad_request(ctx, cause));
	if (ctx->c->busy_login)
		return (op_error(ctx, "bad-request", "a login is already in "
		    "progress on this terminal"));
	if (op_staff_check(ctx, (uint32_t)id, &s, "bad-login") != 0)
		return (-1);
	if (auth_pin_valid(pin, &cause) != 0) {
		free(cause);
		return (op_error(ctx, "bad-login", "unknown staff ID or wrong "
		    "PIN"));
	}
	if (newpin != NULL) {
		if (auth_pin_valid(newpin, &cause) != 0) {
			op_error(ctx, "bad-request", "new PIN: %s", cause);
			free(cause);
			return (-1);
		}
		if (strcmp(newpin, pin) == 0)
			return (op_error(ctx, "bad-request", "the new PIN must "
			    "differ from the one it replaces"));
	}
	ls = xcalloc(1, sizeof *ls);
	ls->staff = s.id;
	ls->newpin = newpin != NULL;
	ctx->data = ls;
	ctx->free_data = op_login_state_free;
	if (op_pin_submit(ctx, &s, pin, newpin, ls->newhash,
	    op_login_pin_cb) != 0)
		return (-1);
	/* A new login replaces the session only once it succeeds. */
	ctx->c->busy_login = 1;
	return (0);
}

int
op_logout(struct op_ctx *ctx)
{
	struct conn	*c = ctx->c;

	log_info("connection %u: staff %u logged out", c->id, c->staff);
	c->phase = PHASE_TERMINAL;
	c->staff = 0;
	c->role = 0;
	c->perms = 0;
	c->staff_name[0] = '\0';
	ctx->result = json_object();
	return (0);
}

/*
 * Before each op of a terminal past hello. stashctl locks staff and
 * revokes terminals by writing the ledger from another process, so this
 * reads the ledger: the terminal must still be enrolled with the
 * credential it said hello with, and the staff member logged in must still
 * be active, with the permissions their role has now. Every change to a
 * staff record, a role, a terminal or a setting bumps the staff
 * generation (store-staff.c) in its transaction: when it has not moved
 * since this connection last checked, nothing needs reading again, and
 * the cost is one meta lookup and one integer compare. Returns 0 if the op
 * may run, -1 with the error set if the ledger cannot be read, 1 if the
 * session (a revoked terminal: the connection) must end instead: then
 * op_session_end finishes the request.
 */
int
op_session_valid(struct op_ctx *ctx)
{
	struct conn		*c = ctx->c;
	struct session_end	*se;
	struct terminal		 tm;
	struct staff		 s = { .deactivated = 0 };
	int64_t			 gen;
	int			 r, revoked;

	gen = store_staff_generation(ctx->txn);
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	if (gen == c->gen)
		return (0);
	if (gen != ctx->srv->gen)
		server_settings_reload(ctx->srv, ctx->txn);

	r = store_terminal_get(ctx->txn, c->terminal, &tm);
	if (r != 0 && r != STORE_NOTFOUND)
		return (op_store_error(ctx));
	revoked = r == STORE_NOTFOUND || tm.status != TERMINAL_ACTIVE ||
	    !auth_secret_equal(tm.cred_hash, c->cred_hash);
	if (!revoked && c->phase == PHASE_SESSION) {
		r = store_staff_get(ctx->txn, c->staff, &s);
		if (r != 0 && r != STORE_NOTFOUND)
			return (op_store_error(ctx));
		if (r == 0 && s.active) {
			/* The role now, and what it may do now. */
			c->role = s.role;
			r = auth_role_get(ctx->txn, s.role, c->role_name,
			    sizeof c->role_name, &c->perms);
			if (r != 0 && r != STORE_NOTFOUND)
				return (op_store_error(ctx));
			c->gen = gen;
			return (0);
		}
	} else if (!revoked) {
		c->gen = gen;
		return (0);
	}

	se = xcalloc(1, sizeof *se);
	se->revoked = revoked;
	se->staff = c->phase == PHASE_SESSION ? c->staff : 0;
	if (revoked)
		snprintf(se->why, sizeof se->why, "terminal %s has been "
		    "revoked: the session has ended and the connection "
		    "closes", c->terminal);
	else if (s.deactivated != 0)
		snprintf(se->why, sizeof se->why, "staff %u's account has "
		    "been deactivated: the session has ended", c->staff);
	else
		snprintf(se->why, sizeof se->why, "staff %u's account has "
		    "been locked by a manager: the session has ended",
		    c->staff);
	ctx->data = se;
	ctx->free_data = free;
	return (1);
}

/* In the batch: the audit record of the end, and the refusal. */
static int
op_session_end_write(struct op_ctx *ctx)
{
	struct session_end	*se = ctx->data;
	char			 subj[64];

	if (se->staff != 0)
		snprintf(subj, sizeof subj, "staff %u", se->staff);
	else
		snprintf(subj, sizeof subj, "terminal %s", ctx->c->terminal);
	audit_append(ctx->txn, se->staff, 0, ctx->c->terminal,
	    se->staff != 0 ? "session.end" : "terminal.drop", subj,
	    "%s before %s", se->revoked ? "terminal revoked" : "staff locked",
	    ctx->op);
	if (ctx->txn->ret != 0)
		return (-1);
	if (se->revoked)
		op_error(ctx, "not-enrolled", "%s", se->why);
	else
		op_error(ctx, "no-session", "%s", se->why);
	return (0);
}

/*
 * The op is refused: the session ends now (no later op of it runs), the
 * terminal is told why by a pushed event, a revoked terminal is dropped
 * once the refusal is written, and the end is audited.
 */
void
op_session_end(struct op_ctx *ctx)
{
	struct session_end	*se = ctx->data;
	struct conn		*c = ctx->c;

	log_warnx("connection %u: %s", c->id, se->revoked ? "terminal "
	    "revoked, closing" : "staff locked, session ended");
	conn_end_session(c, se->revoked ? "revoked" : "locked", se->why);
	if (se->revoked)
		conn_drop(c);
	batch_run(ctx->srv, ctx, op_session_end_write);
}
