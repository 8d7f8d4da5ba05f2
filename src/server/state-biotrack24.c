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

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "server.h"
#include "biotrack-payload.h"
#include "biotrack24-payload.h"
#include "intake.h"
#include "metrc-conf.h"
#include "state-adapter.h"
#include "state-drain.h"

/*
 * The BioTrack v2024 adapter (state-system biotrack-v2024, Florida): the
 * outbox's jobs sent one at a time to biotrack24-url's licensee API with
 * libcurl multi on the loop.
 *
 * A session token from POST /v1/user/login (X-Ubi, X-License) goes with
 * every call as X-Session-Token; a 401 means it expired: the request was
 * refused, not applied, and is sent again after a new login.
 *
 * Never twice: v2024 has no nonce replay, so every write carries the
 * job's reference as RequestID and ExternalID, and the job is marked
 * uncertain in a durable write before it leaves. An uncertain job (no
 * answer, a 5xx, a crash mid-send) is looked up by its ExternalID before
 * anything is sent again (biotrack24_lookup): found, it is done with the
 * state's transaction; not listed, nothing was applied and it goes again.
 *
 * Florida: an outage over two hours must be reported to the state within
 * three hours of its start. The start of the outage (the first send with
 * no answer after one that had one) is kept in the store, and the
 * compliance dashboard shows the notice's deadline (biotrack24_status).
 *
 * A destruction goes in two steps: PUT /v1/inventory/destroy/schedule,
 * and once it is confirmed (answered, or found by its lookup) a second
 * job (outbox_destroy, in the same write) held for biotrack-destroy-wait
 * that sends PUT /v1/inventory/destroy, looked up among the adjustments
 * by its own ExternalID like any other write.
 *
 * Lookups go on the same line, between reports, as the legacy adapter's
 * do: every biotrack-transfers seconds GET /v1/inventory/transfer/inbound
 * (page after page, by NextCursor) and each transfer not yet in the
 * ledger becomes a manifest for the receiver to check, numbered by the
 * transfer's ID (state_drain_manifest, as state-biotrack.c and
 * metrc-transfers.c make theirs). The manifest is marked with the
 * transfer, and its close at intake queues a receipt job
 * (OUTBOX_TRANSFER_RECEIVE, in the close's write) that sends PUT
 * /v1/inventory/transfer/{id}/receive with what was taken in: BioTrack
 * holds a transfer's packages until it is received, so they could not
 * be sold there before. An uncertain receipt is looked up by its
 * transfer (GET .../transfer/inbound/{id}: Received or not).
 * compliance.reconcile asks GET /v1/sync, then GET /v1/inventory page
 * after page, and hands the state's inventory to the comparison Metrc's
 * and the legacy reconciliation use (reconcile.c).
 *
 * A move goes as PUT /v1/inventory/move of the package into the room it
 * is in now, the room found as the legacy adapter finds it (the state's
 * rooms from GET /v1/inventory/room matched by name, or biotrack-rooms;
 * no room: an exception naming the setting). v2024 has no way to look a
 * move up (no GET lists moves), so an uncertain move is sent again as it
 * is: it sets where the package is, the same place each time, so a
 * second one changes nothing at the state (and carries the same
 * RequestID and ExternalID, should the state refuse a repeated one).
 *
 * Not yet: NY's OAuth flow (the approval day comes from
 * biotrack24-approved).
 */

#define B24_MAX_BACKOFF	3600	/* seconds */
#define B24_LOGIN_HOLD	(60 * 1000000LL)
#define B24_TERMINAL	"biotrack24-transfers"
#define B24_PAGES_MAX	10000	/* a list's pages in one poll or run */
#define B24_ROOMS_TTL	(300 * 1000000LL)	/* the state's rooms, kept */

enum b24_call {
	B24_LOGIN,
	B24_SEND,		/* the job's own request */
	B24_LOOKUP,		/* an uncertain job, by its ExternalID */
	B24_LOOKUP_SALE,	/* a void's sale, for its id */
	B24_LOOK,		/* a lookup step (b24.lk) */
	B24_ROOMS		/* the state's rooms, before a move */
};

struct b24_req {
	struct state_req	 h;		/* call: enum b24_call */
	struct biotrack24_req	 r;
};

struct b24 {
	struct state_site	 s;		/* secrets: ubi, license, user,
						   password; session: token */
	int			 pages;		/* of the list under way */
};
static struct b24	*b24;

static void	b24_look_done(struct b24 *, struct b24_req *, long);
static int	b24_look_next(struct b24 *, struct b24_req *);

static const char *const b24_secret_names[] = { "ubi", "license",
    "username", "password" };

static void
b24_req_free(void *arg)
{
	struct b24_req	*rq = arg;

	state_req_clear(&rq->h);
	free(rq->r.body);
	free(rq);
}

static void
b24_start(struct b24 *b, struct b24_req *rq)
{
	CURL	*e;
	char	*url;

	xasprintf(&url, "%s%s", b->s.url, rq->r.path);
	e = state_req_easy(&rq->h, url, BIOTRACK24_MAX_REPLY, b->s.timeout);
	free(url);
	rq->h.hdrs = state_conf_headers(rq->h.call == B24_LOGIN ? NULL :
	    b->s.session, b->s.secrets[0], b->s.secrets[1]);
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, rq->r.method);
	state_req_send(&b->s.d, &rq->h, rq->r.body);
}

/* --- results, written through the group commit --- */

struct b24_write {
	struct state_write	 h;		/* rq: a struct b24_req */
	int			 found;		/* a lookup's */
	int			 answered;	/* any HTTP answer */
	int			 resend;	/* an uncertain move, again */
};

static int64_t
b24_backoff(int attempts)
{
	return (curl_loop_backoff(attempts, B24_MAX_BACKOFF));
}

/* A lookup's answer: found, not there, or still unknown. */
static void
b24_apply_lookup(struct store_txn *t, struct b24_write *w,
    struct outbox_job *j, int64_t now)
{
	if (w->h.rq->call == B24_LOOKUP_SALE) {
		if (w->found == 1) {
			j->state_id = w->h.res.id;
			j->due = now;
		} else if (w->found == -1) {
			j->state = OUTBOX_DONE;
			j->done = now;
			strlcpy(j->error, "the sale never reached BioTrack: "
			    "nothing to void", sizeof j->error);
		} else
			j->due = now + b24_backoff(++j->attempts);
		return;
	}
	if (w->found == 1) {
		if (w->h.res.id != 0)
			j->state_id = w->h.res.id;
		outbox_done(t, j, now);
	} else if (w->found == -1) {
		/* Not applied there: sent again. */
		j->uncertain = 0;
		j->due = now;
	} else
		j->due = now + b24_backoff(j->attempts);
}

/* Whether BioTrack answers (the outage's start, for Florida's notice). */
static void
b24_link_set(struct store_txn *t, int answered)
{
	if (answered) {
		outbox_contact(t, util_now());
		store_meta_put_i64(t, "biotrack24-down-since", 0);
	} else if (store_meta_get_i64(t, "biotrack24-down-since") == 0)
		store_meta_put_i64(t, "biotrack24-down-since", util_now());
}

/*
 * For stashctl, which reads the store and not stash.conf: the approval's
 * expiry and its warning's days.
 */
static void
b24_meta(struct b24 *b, struct store_txn *t)
{
	const char	*day;
	int64_t		 exp = 0;

	day = options_string(b->s.d.srv->opts, "biotrack24-approved");
	if (*day == '\0' || biotrack24_approval_left(day, 0, &exp) < 0)
		exp = 0;
	store_meta_put_i64(t, "biotrack24-approval-expires", exp);
	store_meta_put_i64(t, "biotrack24-approval-warn", options_number(
	    b->s.d.srv->opts, "biotrack24-approval-warn"));
}

static int
b24_apply(struct op_ctx *ctx)
{
	struct b24_write	*w = ctx->data;
	struct b24		*b = w->h.d->arg;
	struct store_txn	*t = ctx->txn;
	struct outbox_job	 j, old;
	int64_t			 now = util_now();

	if (outbox_get(t, w->h.rq->job, &j) != 0)
		return (t->ret != 0 ? -1 : 0);
	old = j;
	if (w->h.rq->call != B24_SEND)
		b24_apply_lookup(t, w, &j, now);
	else {
		/* An unknown outcome stays uncertain: looked up next. */
		state_drain_outcome(t, &j, &w->h.res, now, B24_MAX_BACKOFF);
	}
	/* A scheduled destruction, confirmed: its destroy after the wait. */
	state_site_destroy(&b->s, t, &old, &j, j.state == OUTBOX_DONE, now);
	outbox_put(t, &old, &j);
	b24_meta(b, t);
	b24_link_set(t, w->answered);
	ctx->result = json_object();
	return (t->ret != 0 ? -1 : 0);
}

static int
b24_link_apply(struct op_ctx *ctx)
{
	b24_link_set(ctx->txn, ctx->data != NULL);
	ctx->result = json_object();
	return (ctx->txn->ret != 0 ? -1 : 0);
}

static void
b24_login_done(struct b24 *b, struct b24_req *rq,
    const struct biotrack24_answer *a)
{
	/* A login is the first request after a start: it tells too. */
	batch_write(b->s.d.srv, "compliance.biotrack24-link", b24_link_apply,
	    a->status != 0 && a->status < 500 ? b : NULL, NULL, NULL);
	b->s.d.rq = NULL;
	if (a->status >= 200 && a->status < 300 && *a->token != '\0') {
		strlcpy(b->s.session, a->token, sizeof b->s.session);
		state_drain_login(&b->s.d, "biotrack-v2024", 0);
		log_info("compliance: logged in to BioTrack v2024");
		op_timer_arm(b->s.d.kick_ev, 0);
	} else {
		log_warnx("compliance: BioTrack v2024 refused the login "
		    "(HTTP %ld): check biotrack24-secrets and the licence's "
		    "approval; trying again in a minute", a->status);
		if (a->status == 401 || a->status == 403)	/* refused */
			state_drain_login(&b->s.d, "biotrack-v2024",
			    OUTBOX_BROKEN_LOGIN);
		b->s.hold_until = util_now() + B24_LOGIN_HOLD;
		op_timer_arm(b->s.d.kick_ev, B24_LOGIN_HOLD);
	}
	b24_req_free(rq);
}

/* The state's rooms, read or not: moves go, or wait a minute. */
static void
b24_rooms_done(struct b24 *b, struct b24_req *rq, long status)
{
	json_t	*list;
	char	 why[256];

	b->s.d.rq = NULL;
	list = biotrack24_rooms(status, (const char *)rq->h.reply.data,
	    rq->h.reply.len, why, sizeof why);
	if (status == 401)
		*b->s.session = '\0';	/* refused: asked again after a login */
	else if (list == NULL) {
		log_warnx("compliance: BioTrack v2024's rooms could not be "
		    "read (%s): moves wait, asked again in a minute", why);
		b->s.rooms_hold = util_now() + STATE_DRAIN_LATER;
	} else {
		json_decref(b->s.rooms);
		b->s.rooms = list;
		list = NULL;
		b->s.rooms_at = util_now();
		b->s.rooms_hold = 0;
	}
	json_decref(list);
	/* The request done with: the next step now. */
	state_drain_release(&b->s.d, rq, 0);
}

/* A finished transfer: its answer read, its result written. */
static void
b24_done(void *arg, void *rqarg, CURLcode cc)
{
	struct b24		*b = arg;
	struct b24_req		*rq = rqarg;
	struct biotrack24_answer	 a;
	struct b24_write		*w;
	long				 status = 0;

	if (cc == CURLE_OK)
		curl_easy_getinfo(rq->h.easy, CURLINFO_RESPONSE_CODE, &status);
	if (rq->h.call == B24_LOOK) {
		b24_look_done(b, rq, status);
		return;
	}
	if (rq->h.call == B24_LOGIN) {
		if (biotrack24_answer(status, (const char *)rq->h.reply.data,
		    rq->h.reply.len, &a) != 0)
			a.parsed = 0;
		b24_login_done(b, rq, &a);
		return;
	}
	if (rq->h.call == B24_ROOMS) {
		b24_rooms_done(b, rq, status);
		return;
	}
	w = state_write_new(&b->s.d, rq, sizeof *w);
	w->answered = status != 0 && status < 500;
	state_drain_result("biotrack-v2024", rq->h.call != B24_SEND, status,
	    &rq->h.reply, &w->h.res);
	if (w->h.res.flags & STATE_F_SESSION) {
		*b->s.session = '\0';
		log_info("compliance: BioTrack v2024: the session token "
		    "expired: logging in again");
	}
	if (rq->h.call != B24_SEND) {
		w->found = w->h.res.outcome == STATE_DONE ? 1 :
		    (w->h.res.flags & STATE_F_ABSENT) ? -1 : 0;
		if (rq->h.call == B24_LOOKUP_SALE && w->found == 1 &&
		    w->h.res.id == 0)
			w->found = 0;
	} else if (w->h.res.outcome == STATE_REJECTED)
		log_warnx("compliance: BioTrack v2024 refused job %llu (the "
		    "job holds its words)", (unsigned long long)rq->h.job);
	state_write_apply(&b->s.d, "compliance.biotrack24", b24_apply, w);
}

/* --- building a job's request, in the write that marks it --- */

/*
 * The job's request in rq; 0 if built, else -1 with why (it cannot be
 * sent: an exception) or note (nothing to send: done, and why).
 */
static int
b24_build(struct b24 *b, struct store_txn *t, const struct outbox_job *j,
    struct biotrack24_req *rq, char *why, size_t len, char *note,
    size_t notelen)
{
	struct state_job	sj;
	json_t			*items;
	int64_t			room;
	int			r;

	if (j->kind == OUTBOX_TRANSFER_RECEIVE) {
		/* The manifest is numbered by the transfer: its ID. */
		if ((items = state_drain_received(t, j,
		    biotrack24_receive_item, why, len)) == NULL)
			return (-1);
		biotrack24_receive((int64_t)j->subject, items, j->ref, rq);
		return (0);
	}
	if (state_drain_job(t, j, 1, &sj, why, len, note, notelen) != 0)
		return (-1);
	switch (j->kind) {
	case OUTBOX_RECEIPT:
	case OUTBOX_DELIVERY:
		biotrack24_sale(sj.s, j->ref, rq);
		break;
	case OUTBOX_DELETE:
		biotrack24_void(j->state_id, j->ref, rq);
		break;
	case OUTBOX_RETURN:
		biotrack24_refund(sj.s, &sj.ret, sj.sale_id, j->ref, rq);
		break;
	case OUTBOX_ADJUST:
		biotrack24_adjust(&sj.a, sj.unit_weight, j->ref, rq);
		break;
	case OUTBOX_DESTROY:
		biotrack24_destroy(sj.a.tag, j->ref, rq);
		break;
	case OUTBOX_LOCATION:
		if ((r = state_drain_room(b->s.rooms, b->s.room_map, &sj, &room,
		    why, len, note, notelen)) != 0)
			return (r);
		biotrack24_move(sj.a.tag, room, j->ref, rq);
		break;
	default:
		break;
	}
	free(sj.s);
	return (0);
}

static int
b24_mark_build(void *arg, struct store_txn *t, struct outbox_job *j,
    char *why, size_t len, char *note, size_t notelen)
{
	struct b24_write	*w = arg;
	struct b24_req		*rq = (struct b24_req *)w->h.rq;

	return (b24_build(w->h.d->arg, t, j, &rq->r, why, len, note,
	    notelen));
}

static int
b24_mark(struct op_ctx *ctx)
{
	struct b24_write	*w = ctx->data;
	struct outbox_job	 j, old;

	if (w->resend && outbox_get(ctx->txn, w->h.rq->job, &j) == 0 &&
	    j.uncertain && j.kind == OUTBOX_LOCATION) {
		/* No lookup for a move: sent again, as it is (above). */
		old = j;
		j.uncertain = 0;
		outbox_put(ctx->txn, &old, &j);
	}
	return (state_drain_mark(ctx, w->h.rq->job, b24_mark_build, w));
}

static void
b24_mark_done(struct op_ctx *ctx)
{
	struct b24_write	*w = ctx->data;
	struct b24_req		*rq = (struct b24_req *)w->h.rq;

	if (rq->r.method != NULL)
		b24_start(w->h.d->arg, rq);
}

/* --- picking the next job --- */

static void
b24_next(void *arg)
{
	struct b24	*b = arg;
	struct outbox_job	 j;
	int64_t			 now;
	struct b24_req		*rq;
	struct b24_write	*w;
	struct outbox_job	 rj;
	int			 have_rj;

	if ((rq = state_drain_begin(&b->s.d, b->s.hold_until, sizeof *rq,
	    &now)) == NULL)
		return;
	if (*b->s.session == '\0') {
		rq->h.call = B24_LOGIN;
		biotrack24_login(b->s.secrets[2], b->s.secrets[3], &rq->r);
		b24_start(b, rq);
		return;
	}
	if (b24_look_next(b, rq))
		return;
	if (!state_drain_next_job(&b->s.d, rq, now, &j, &rj, &have_rj))
		return;
	if (j.kind == OUTBOX_LOCATION && now >= b->s.rooms_hold &&
	    (b->s.rooms == NULL || now - b->s.rooms_at > B24_ROOMS_TTL)) {
		/* The state's rooms first; the move is picked again after. */
		rq->h.call = B24_ROOMS;
		biotrack24_rooms_req(&rq->r);
		b24_start(b, rq);
		return;
	}
	rq->h.job = j.id;
	if (j.uncertain && j.kind != OUTBOX_LOCATION) {
		/* Sent, no answer: looked up, never sent blindly again. */
		rq->h.call = B24_LOOKUP;
		biotrack24_lookup(j.kind, j.kind == OUTBOX_TRANSFER_RECEIVE ?
		    (int64_t)j.subject : j.state_id, j.ref, &rq->r);
		b24_start(b, rq);
		return;
	}
	if (j.kind == OUTBOX_DELETE && j.state_id == 0 && have_rj &&
	    rj.attempts > 0) {
		/* The void's sale went out: its id, by its ExternalID. */
		rq->h.call = B24_LOOKUP_SALE;
		biotrack24_lookup(rj.kind, 0, rj.ref, &rq->r);
		b24_start(b, rq);
		return;
	}
	rq->h.call = B24_SEND;
	w = state_write_new(&b->s.d, rq, sizeof *w);
	w->resend = j.uncertain;
	state_write_mark(&b->s.d, "compliance.biotrack24-mark", b24_mark,
	    b24_mark_done, w);
}

/* --- lookups: inbound transfers, the state's inventory --- */

/* The next lookup step, sent on rq; 0 if there is none. */
static int
b24_look_next(struct b24 *b, struct b24_req *rq)
{
	json_t		*step;
	const char	*kind, *cursor;

	if ((step = state_look_next(&b->s.lk, b->s.d.srv, "inbound")) == NULL)
		return (0);
	kind = json_string_value(json_object_get(step, "step"));
	cursor = json_string_value(json_object_get(step, "cursor"));
	if (strcmp(kind, "inbound") == 0)
		biotrack24_inbound(cursor, &rq->r);
	else if (strcmp(kind, "sync") == 0)
		biotrack24_sync(&rq->r);
	else
		biotrack24_inventory_page(cursor, &rq->r);
	rq->h.call = B24_LOOK;
	rq->h.step = json_incref(step);
	b24_start(b, rq);
	return (1);
}

/* Write op: an inbound transfer (ctx->data) becomes a manifest. */
static int
b24_manifest_create(struct op_ctx *ctx)
{
	return (state_drain_manifest(ctx, B24_TERMINAL, "BioTrack v2024"));
}

/* A page of inbound transfers: each not in the ledger made a manifest. */
static void
b24_inbound(struct b24 *b, json_t *rows)
{
	json_t		*list, *tr;
	const char	*number, *why;
	size_t		 i;

	list = biotrack24_transfers(rows);
	json_array_foreach(list, i, tr) {
		number = json_string_value(json_object_get(tr, "manifest"));
		if ((why = json_string_value(json_object_get(tr, "why"))) !=
		    NULL) {
			log_warnx("compliance: BioTrack v2024 transfer %s: %s "
			    "(asked again at the next poll)", number, why);
			continue;
		}
		if (strlen(number) > MANIFEST_MAX ||
		    intake_manifest_have(b->s.d.srv->st, number) != 0)
			continue;	/* made, or cannot say */
		batch_write(b->s.d.srv, "intake.create", b24_manifest_create,
		    json_incref(tr), state_json_free, NULL);
	}
	json_decref(list);
}

/* A lookup's answer: what it leads to. */
static void
b24_look_done(struct b24 *b, struct b24_req *rq, long status)
{
	json_t		*rows, *more;
	const char	*kind;
	char		 why[256], next[BIOTRACK24_CURSOR_MAX + 1];
	int		 recon;

	b->s.d.rq = NULL;
	kind = json_string_value(json_object_get(rq->h.step, "step"));
	recon = json_is_true(json_object_get(rq->h.step, "recon"));
	if (status == 401) {
		/* The token expired: the step again after a login. */
		*b->s.session = '\0';
		goto out;
	}
	json_array_remove(b->s.lk.steps, 0);
	if (strcmp(kind, "sync") == 0) {
		if (biotrack24_synced(status, (const char *)rq->h.reply.data,
		    rq->h.reply.len, why, sizeof why) != 0)
			state_look_fail(&b->s.lk, why);
		goto out;
	}
	rows = biotrack24_page(status, (const char *)rq->h.reply.data,
	    rq->h.reply.len, next, sizeof next, why, sizeof why);
	if (rows == NULL) {
		if (recon)
			state_look_fail(&b->s.lk, why);
		else
			log_warnx("compliance: BioTrack v2024 inbound "
			    "transfers: %s (asked again at the next poll)",
			    why);
		goto out;
	}
	if (json_object_get(rq->h.step, "cursor") == NULL)
		b->pages = 0;
	if (!recon)
		b24_inbound(b, rows);
	else if (b->s.lk.packages != NULL)
		biotrack24_inventory(rows, b->s.lk.packages);
	json_decref(rows);
	if (*next != '\0' && ++b->pages < B24_PAGES_MAX) {
		/* The next page: the same step, at its cursor. */
		more = json_deep_copy(rq->h.step);
		json_object_set_new(more, "cursor", json_string(next));
		json_array_insert_new(b->s.lk.steps, 0, more);
		goto out;
	}
	if (*next != '\0' && recon) {
		state_look_fail(&b->s.lk, "BioTrack's inventory runs past its "
		    "page limit");
		goto out;
	}
	if (recon)
		state_look_done(&b->s.lk, b->s.d.srv, NULL);
out:
	/* The request done with: the next step now. */
	state_drain_release(&b->s.d, rq, 0);
}

/*
 * compliance.reconcile: the state's inventory (GET /v1/sync, then GET
 * /v1/inventory page after page) against ours (reconcile.c). 0 if the op
 * is left to finish later, -1 with the error set.
 */
int
biotrack24_reconcile(struct op_ctx *ctx)
{
	return (state_site_reconcile(b24 != NULL ? &b24->s : NULL, ctx,
	    "BioTrack v2024", "sync", "inventory"));
}

/* --- configuration and the dashboard --- */

int
biotrack24_check(struct options *o, char **cause)
{
	const char	*day;
	int64_t		 exp;

	if (state_site_check_url(o, "biotrack24-url", "state-system "
	    "biotrack-v2024: set biotrack24-url, the licensee API's address",
	    cause) != 0)
		return (-1);
	day = options_string(o, "biotrack24-approved");
	if (*day != '\0' && biotrack24_approval_left(day, 0, &exp) < 0) {
		xasprintf(cause, "biotrack24-approved \"%s\": not a day "
		    "(YYYY-MM-DD)", day);
		return (-1);
	}
	return (state_site_check(o, "biotrack24-secrets", b24_secret_names, 4,
	    "state-system biotrack-v2024: set biotrack24-secrets, a file of "
	    "ubi, license, username and password lines, mode 0600", cause));
}

/*
 * What only v2024 has on the dashboard: the approval's expiry (and a
 * warning biotrack24-approval-warn days before), and Florida's outage
 * notice: once the link has been down two hours, the notice is due three
 * hours after the outage began.
 */
int
biotrack24_status(struct op_ctx *ctx, json_t *o)
{
	const char	*day;
	int64_t		 now = util_now(), exp, since, due;
	int		 left, warn;

	day = options_string(ctx->srv->opts, "biotrack24-approved");
	warn = (int)options_number(ctx->srv->opts,
	    "biotrack24-approval-warn");
	if (*day != '\0' && (left = biotrack24_approval_left(day, now,
	    &exp)) >= 0) {
		json_object_set_new(o, "approval_expires",
		    json_integer(exp / 1000000));
		json_object_set_new(o, "approval_days_left",
		    json_integer(left));
		json_object_set_new(o, "approval_warning", left <= warn ?
		    json_string(left == 0 ? "nothing is reported until the "
		    "licence's admin approves stash again in BioTrack" :
		    "the licence's admin must approve stash again in "
		    "BioTrack before then") : json_null());
	} else
		json_object_set_new(o, "approval_expires", json_null());
	since = store_meta_get_i64(ctx->txn, "biotrack24-down-since");
	json_object_set_new(o, "outage_since", since != 0 ?
	    json_integer(since / 1000000) : json_null());
	due = biotrack24_outage_due(since, now);
	json_object_set_new(o, "outage_notice_due", due != 0 ?
	    json_integer(due / 1000000) : json_null());
	return (ctx->txn->ret != 0 ? -1 : 0);
}

int
biotrack24_start(struct server *srv, char **cause)
{
	struct b24	*b;

	b = xcalloc(1, sizeof *b);
	if (state_site_start(&b->s, srv, "biotrack24-url",
	    "biotrack24-secrets", b24_secret_names, 4, b24_done, b24_next,
	    b24_req_free, cause) != 0) {
		free(b);
		return (-1);
	}
	b24 = b;
	log_warnx("compliance: reporting to BioTrack v2024 at %s", b->s.url);
	return (0);
}

void
biotrack24_stop(struct server *srv)
{
	struct b24	*b = b24;

	if (b == NULL)
		return;
	/* A request in flight stays uncertain: it is looked up later. */
	state_site_stop(&b->s);
	free(b);
	b24 = NULL;
}
