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
#include "intake.h"
#include "reconcile.h"
#include "state-adapter.h"
#include "state-drain.h"

/*
 * The BioTrack legacy (API 4.0) adapter in stashd (state-system
 * biotrack): the outbox's jobs sent one at a time to biotrack-url's
 * serverjson.asp with libcurl multi on the loop (no rate limit is
 * published: writes for a licence go one after another, no closer than
 * biotrack-rate allows if it is set).
 *
 * Never twice: a job's nonce is its reference and its attempt number,
 * and the attempt is counted, and the job marked uncertain, in a durable
 * write before the request leaves. A job still uncertain (no answer, a
 * 5xx, a crash mid-send) is asked for with nonce_replay of that nonce
 * before anything is sent again: the earlier answer settles it, and a
 * nonce BioTrack never saw means nothing was applied and the next attempt
 * (a new nonce) goes. A session that expired is logged into again (the
 * request was refused, not applied). A void needs the sale's transaction
 * id; one whose sale was voided mid-send asks the sale's nonce for it.
 *
 * A destruction goes in two steps: inventory_destroy_schedule, and once
 * it is confirmed a second job (outbox_destroy) held for
 * biotrack-destroy-wait (72 h by default) that sends inventory_destroy.
 *
 * Lookups go on the same line, between reports: every
 * biotrack-transfers seconds the manifests inbound to our location
 * (inventory_manifest_lookup) and the items of each not yet in the ledger
 * (inventory_transfer_lookup) become manifests for the receiver to check
 * (as metrc-transfers.c does for Metrc). A manifest whose ID is a number
 * is marked with it, and its close at intake queues a receipt job
 * (OUTBOX_TRANSFER_RECEIVE) that sends inventory_transfer_inbound with
 * what was taken in: BioTrack holds the packages until then. Never twice,
 * as every job: by its nonce. compliance.reconcile asks
 * sync_check, then sync_inventory, and hands the state's inventory to the
 * comparison Metrc's reconciliation uses (reconcile.c).
 *
 * A move (package.move, a trip's load) goes as inventory_move of the
 * package into the room it is in now (state_drain_job). BioTrack's rooms
 * are numbers: the state's list (sync_inventory_room, read before the
 * first move and again when it is over BT_ROOMS_TTL old) is matched by
 * name to our location, unless biotrack-rooms maps it; a location with no
 * room is an exception that names the setting to add (stashctl compliance
 * retry sends it once stashd runs with it). Never twice, as every job: by
 * its nonce.
 *
 * Not yet: medical card checks.
 */

#define BT_MAX_BACKOFF	3600	/* seconds */
#define BT_LOGIN_HOLD	(60 * 1000000LL)
#define BT_ROOMS_TTL	(300 * 1000000LL)	/* the state's rooms, kept */
#define BT_ROOMS_HOLD	(60 * 1000000LL)	/* after a failed read */

enum bt_call {
	BT_LOGIN,
	BT_SEND,		/* the job's own request */
	BT_REPLAY,		/* an uncertain job's nonce */
	BT_REPLAY_SALE,		/* a void's sale's nonce, for its id */
	BT_LOOKUP		/* a lookup step (bt.look) */
};

struct bt_req {
	struct state_req	 h;		/* call: enum bt_call */
	char			*body;
};

struct bt {
	struct state_site	 s;		/* secrets: ubi, user, pass */
	uint64_t		 looks;		/* lookups sent: nonces */
};
static struct bt	*bt;

static void	bt_next(void *);
static void	bt_look_done(struct bt *, struct bt_req *, long);
static int	bt_look_next(struct bt *, struct bt_req *);

static void
bt_req_free(void *arg)
{
	struct bt_req	*rq = arg;

	state_req_clear(&rq->h);
	free(rq->body);
	free(rq);
}

static void
bt_start(struct bt *b, struct bt_req *rq)
{
	state_req_easy(&rq->h, b->s.url, BIOTRACK_MAX_REPLY, b->s.timeout);
	/* BioTrack wants text/JSON, not application/json. */
	rq->h.hdrs = curl_slist_append(rq->h.hdrs, "Content-Type: text/JSON");
	rq->h.hdrs = curl_slist_append(rq->h.hdrs,
	    "Accept: application/json");
	state_req_send(&b->s.d, &rq->h, rq->body);
}

/* --- results, written through the group commit --- */

struct bt_write {
	struct state_write	 h;		/* rq: a struct bt_req */
	int			 unknown_nonce;
};

static int64_t
bt_backoff(int attempts)
{
	return (curl_loop_backoff(attempts, BT_MAX_BACKOFF));
}

static int
bt_apply(struct op_ctx *ctx)
{
	struct bt_write		*w = ctx->data;
	struct bt		*b = w->h.d->arg;
	struct store_txn	*t = ctx->txn;
	struct outbox_job	 j, old;
	int64_t			 now = util_now();

	if (outbox_get(t, w->h.rq->job, &j) != 0)
		return (t->ret != 0 ? -1 : 0);
	old = j;
	if (w->h.rq->call == BT_REPLAY_SALE) {
		/* A void's sale: its id, or it never reached BioTrack. */
		if (w->h.res.outcome == STATE_DONE) {
			j.state_id = w->h.res.id;
			j.due = now;
		} else if (w->unknown_nonce) {
			j.state = OUTBOX_DONE;
			j.done = now;
		} else
			j.due = now + bt_backoff(++j.attempts);
		outbox_put(t, &old, &j);
		ctx->result = json_object();
		return (t->ret != 0 ? -1 : 0);
	}
	if (w->unknown_nonce) {
		/* Never applied: the next attempt, with a new nonce. */
		j.uncertain = 0;
		j.due = now;
		outbox_put(t, &old, &j);
		ctx->result = json_object();
		return (t->ret != 0 ? -1 : 0);
	}
	/* An unknown outcome stays uncertain: its nonce is asked next. */
	state_drain_outcome(t, &j, &w->h.res, now, BT_MAX_BACKOFF);
	/* A scheduled destruction: its destroy after the wait. */
	state_site_destroy(&b->s, t, &old, &j, w->h.res.outcome == STATE_DONE,
	    now);
	outbox_put(t, &old, &j);
	outbox_contact(t, now);
	ctx->result = json_object();
	return (t->ret != 0 ? -1 : 0);
}

/* A finished transfer: its answer read, its result written. */
static void
bt_done(void *arg, void *rqarg, CURLcode cc)
{
	struct bt		*b = arg;
	struct bt_req		*rq = rqarg;
	struct biotrack_answer	 a;
	struct bt_write		*w;
	long			 status = 0;
	int			 parsed;

	if (cc == CURLE_OK)
		curl_easy_getinfo(rq->h.easy, CURLINFO_RESPONSE_CODE, &status);
	if (rq->h.call == BT_LOOKUP) {
		bt_look_done(b, rq, cc == CURLE_OK ? status : 0);
		return;
	}
	if (rq->h.call == BT_LOGIN) {
		parsed = cc == CURLE_OK && biotrack_answer((const char *)
		    rq->h.reply.data, rq->h.reply.len, &a) == 0;
		b->s.d.rq = NULL;
		if (status == 200 && parsed && a.success &&
		    *a.sessionid != '\0') {
			strlcpy(b->s.session, a.sessionid, sizeof b->s.session);
			state_drain_login(&b->s.d, "biotrack", 0);
			log_info("compliance: logged in to BioTrack");
			op_timer_arm(b->s.d.kick_ev, 0);
		} else {
			log_warnx("compliance: BioTrack refused the login "
			    "(%s%s): check biotrack-secrets; trying again in a "
			    "minute", status == 0 ? "no answer" : "error ",
			    status == 0 ? "" : a.errorcode);
			if (status == 200 && parsed)	/* refused */
				state_drain_login(&b->s.d, "biotrack",
				    OUTBOX_BROKEN_LOGIN);
			b->s.hold_until = util_now() + BT_LOGIN_HOLD;
			op_timer_arm(b->s.d.kick_ev, BT_LOGIN_HOLD);
		}
		bt_req_free(rq);
		return;
	}
	w = state_write_new(&b->s.d, rq, sizeof *w);
	state_drain_result("biotrack", rq->h.call != BT_SEND, status,
	    &rq->h.reply, &w->h.res);
	if (w->h.res.flags & STATE_F_SESSION)
		*b->s.session = '\0';
	w->unknown_nonce = (w->h.res.flags & STATE_F_ABSENT) != 0;
	if (w->unknown_nonce)
		log_info("compliance: BioTrack: job %llu: its nonce is unknown "
		    "there: not applied, sent again", (unsigned long long)
		    rq->h.job);
	else if (w->h.res.outcome == STATE_RETRY)
		log_info("compliance: BioTrack: the session expired: logging "
		    "in again");
	else if (w->h.res.outcome == STATE_REJECTED)
		log_warnx("compliance: BioTrack refused job %llu (the job "
		    "holds its words)", (unsigned long long)rq->h.job);
	state_write_apply(&b->s.d, "compliance.biotrack", bt_apply, w);
}

/* --- building a job's request, in the write that marks it --- */

static char *
bt_nonce_of(const struct outbox_job *j, int attempt, char *out, size_t len)
{
	biotrack_nonce(out, len, j->ref, attempt);
	return (out);
}

/*
 * The job's request; or NULL with why (it cannot be sent: an exception)
 * or with note (nothing to send: done, and why).
 */
static char *
bt_build(struct bt *b, struct store_txn *t, const struct outbox_job *j,
    const char *nonce, char *why, size_t len, char *note, size_t notelen,
    int *later)
{
	struct state_job	 sj;
	struct store_info	 info;
	json_t			*items;
	char			*body = NULL;
	int64_t			 room;

	if (j->kind == OUTBOX_TRANSFER_RECEIVE) {
		/* Received at our licence, BioTrack's "location". */
		if (store_meta_get_info(t, &info) != 0) {
			snprintf(why, len, "the store's licence is not in the "
			    "ledger");
			return (NULL);
		}
		if ((items = state_drain_received(t, j, biotrack_receive_item,
		    why, len)) == NULL)
			return (NULL);
		return (biotrack_transfer_inbound(info.licence, items,
		    b->s.session, nonce));
	}
	if (state_drain_job(t, j, 1, &sj, why, len, note, notelen) != 0)
		return (NULL);
	switch (j->kind) {
	case OUTBOX_RECEIPT:
	case OUTBOX_DELIVERY:
		body = biotrack_dispense(sj.s, sj.s->terminal, b->s.session,
		    nonce);
		break;
	case OUTBOX_DELETE:
		body = biotrack_void(j->state_id, b->s.session, nonce);
		break;
	case OUTBOX_RETURN:
		body = biotrack_refund(sj.s, &sj.ret, sj.sale_id, b->s.session,
		    nonce);
		break;
	case OUTBOX_ADJUST:
		body = biotrack_adjust(&sj.a, sj.unit_weight, b->s.session,
		    nonce);
		break;
	case OUTBOX_DESTROY:
		body = biotrack_destroy(sj.a.tag, b->s.session, nonce);
		break;
	case OUTBOX_LOCATION:
		*later = state_drain_room(b->s.rooms, b->s.room_map, &sj, &room,
		    why, len, note, notelen) == 1;
		if (*why == '\0' && *note == '\0')
			body = biotrack_move(sj.a.tag, room, b->s.session,
			    nonce);
		break;
	default:
		break;
	}
	free(sj.s);
	return (body);
}

static int
bt_mark_build(void *arg, struct store_txn *t, struct outbox_job *j,
    char *why, size_t len, char *note, size_t notelen)
{
	struct bt_write	*w = arg;
	struct bt_req	*rq = (struct bt_req *)w->h.rq;
	char		 nonce[BIOTRACK_NONCE_MAX + 1];
	int		 later = 0;

	bt_nonce_of(j, j->attempts + 1, nonce, sizeof nonce);
	rq->body = bt_build(w->h.d->arg, t, j, nonce, why, len, note,
	    notelen, &later);
	if (rq->body == NULL)
		return (later ? 1 : -1);
	return (0);
}

static int
bt_mark(struct op_ctx *ctx)
{
	struct bt_write	*w = ctx->data;

	return (state_drain_mark(ctx, w->h.rq->job, bt_mark_build, w));
}

static void
bt_mark_done(struct op_ctx *ctx)
{
	struct bt_write	*w = ctx->data;
	struct bt_req	*rq = (struct bt_req *)w->h.rq;

	if (rq->body != NULL)
		bt_start(w->h.d->arg, rq);
}

/* --- picking the next job --- */

/* A request that needs no mark: a replay, from a read. */
static void
bt_replay(struct bt *b, struct bt_req *rq, const struct outbox_job *of,
    const struct outbox_job *j)
{
	char	nonce[BIOTRACK_NONCE_MAX + 1], self[BIOTRACK_NONCE_MAX + 1];
	char	tag[BIOTRACK_NONCE_MAX + 1];

	/* The replay's own nonce: never used before, never again. */
	bt_nonce_of(of, of->attempts, nonce, sizeof nonce);
	snprintf(tag, sizeof tag, "%s-replay-%lld", j->ref,
	    (long long)util_now());
	biotrack_nonce(self, sizeof self, tag, j->attempts);
	rq->body = biotrack_replay(nonce, b->s.session, self);
	bt_start(b, rq);
}

static void
bt_next(void *arg)
{
	struct bt	*b = arg;
	struct outbox_job	 j;
	int64_t			 now;
	struct bt_req		*rq;
	struct bt_write		*w;
	struct outbox_job	 rj;
	int			 have_rj;

	if ((rq = state_drain_begin(&b->s.d, b->s.hold_until, sizeof *rq,
	    &now)) == NULL)
		return;
	if (*b->s.session == '\0') {
		rq->h.call = BT_LOGIN;
		rq->body = biotrack_login(b->s.secrets[0], b->s.secrets[1],
		    b->s.secrets[2]);
		bt_start(b, rq);
		return;
	}
	if (bt_look_next(b, rq))
		return;
	if (!state_drain_next_job(&b->s.d, rq, now, &j, &rj, &have_rj))
		return;
	if (j.kind == OUTBOX_LOCATION && !j.uncertain && now >=
	    b->s.rooms_hold && (b->s.rooms == NULL || now - b->s.rooms_at >
	    BT_ROOMS_TTL)) {
		/* The state's rooms first; the move is picked again after. */
		json_array_append_new(b->s.lk.steps, json_pack("{s:s}", "step",
		    "rooms"));
		if (bt_look_next(b, rq))
			return;
	}
	rq->h.job = j.id;
	if (j.uncertain) {
		rq->h.call = BT_REPLAY;
		bt_replay(b, rq, &j, &j);
		return;
	}
	if (j.kind == OUTBOX_DELETE && j.state_id == 0) {
		/* The sale's id: ask its last nonce (none sent: nothing). */
		rq->h.call = BT_REPLAY_SALE;
		if (have_rj && rj.attempts > 0) {
			bt_replay(b, rq, &rj, &j);
			return;
		}
		rq->h.call = BT_SEND;
	}
	rq->h.call = rq->h.call == BT_REPLAY_SALE ? BT_REPLAY_SALE : BT_SEND;
	w = state_write_new(&b->s.d, rq, sizeof *w);
	state_write_mark(&b->s.d, "compliance.biotrack-mark", bt_mark,
	    bt_mark_done, w);
}

/* --- lookups: inbound transfers, the state's inventory --- */

#define BT_TERMINAL	"biotrack-transfers"

/* Our licence, BioTrack's "location"; "" if the ledger cannot say. */
static void
bt_location(struct bt *b, char *out, size_t len)
{
	struct store_txn	t;
	struct store_info	info;

	*out = '\0';
	if (store_begin(b->s.d.srv->st, &t, 0) != 0)
		return;
	if (store_meta_get_info(&t, &info) == 0)
		strlcpy(out, info.licence, len);
	store_abort(&t);
}

/* The next lookup step, sent on rq; 0 if there is none. */
static int
bt_look_next(struct bt *b, struct bt_req *rq)
{
	json_t		*step;
	const char	*kind;
	char		 where[LICENCE_MAX + 1], tag[128];
	char		 nonce[BIOTRACK_NONCE_MAX + 1];
	int64_t		 now = util_now();

	if ((step = state_look_next(&b->s.lk, b->s.d.srv, "manifests")) == NULL)
		return (0);
	kind = json_string_value(json_object_get(step, "step"));
	bt_location(b, where, sizeof where);
	snprintf(tag, sizeof tag, "stash-%s-look-%lld", where,
	    (long long)now);
	biotrack_nonce(nonce, sizeof nonce, tag, (int)(++b->looks % 1000000));
	if (strcmp(kind, "manifests") == 0)
		rq->body = biotrack_manifest_lookup(where, b->s.session, nonce);
	else if (strcmp(kind, "transfer") == 0)
		rq->body = biotrack_transfer_lookup(where, json_string_value(
		    json_object_get(step, "manifest")), b->s.session, nonce);
	else if (strcmp(kind, "sync_check") == 0)
		rq->body = biotrack_sync_check(b->s.session, nonce);
	else if (strcmp(kind, "rooms") == 0)
		rq->body = biotrack_sync("inventory_room", b->s.session, nonce);
	else
		rq->body = biotrack_sync("inventory", b->s.session, nonce);
	rq->h.call = BT_LOOKUP;
	rq->h.step = json_incref(step);
	bt_start(b, rq);
	return (1);
}

/* Write op: an inbound manifest's items (ctx->data) become a manifest. */
static int
bt_manifest_create(struct op_ctx *ctx)
{
	return (state_drain_manifest(ctx, BT_TERMINAL, "BioTrack"));
}

/* The state's rooms read (list), or not (NULL, why). */
static void
bt_rooms_done(struct bt *b, json_t *list, const char *why)
{
	if (list == NULL) {
		log_warnx("compliance: BioTrack's rooms could not be read "
		    "(%s): moves wait, asked again in a minute", why);
		b->s.rooms_hold = util_now() + BT_ROOMS_HOLD;
		return;
	}
	json_decref(b->s.rooms);
	b->s.rooms = list;
	b->s.rooms_at = util_now();
	b->s.rooms_hold = 0;
	log_info("compliance: BioTrack has %zu room%s", json_array_size(list),
	    json_array_size(list) == 1 ? "" : "s");
}

/* A lookup's answer: what it leads to. */
static void
bt_look_done(struct bt *b, struct bt_req *rq, long status)
{
	struct biotrack_answer	 a;
	json_t			*o = NULL, *list, *m;
	const char		*kind;
	char			 why[BIOTRACK_ERROR_MAX + 64];
	size_t			 i;

	b->s.d.rq = NULL;
	kind = json_string_value(json_object_get(rq->h.step, "step"));
	if (status == 200)
		o = biotrack_load((const char *)rq->h.reply.data,
		    rq->h.reply.len);
	memset(&a, 0, sizeof a);
	if (o != NULL)
		biotrack_read(o, &a);
	if (o != NULL && !a.success && a.expired) {
		/* Refused for the session: the step again after a login. */
		*b->s.session = '\0';
		goto out;
	}
	json_array_remove(b->s.lk.steps, 0);
	if (o == NULL) {
		snprintf(why, sizeof why, status == 0 ? "no answer from "
		    "BioTrack" : "HTTP %ld from BioTrack, or no answer in its "
		    "body", status);
		if (strncmp(kind, "sync_", 5) == 0)
			state_look_fail(&b->s.lk, why);
		else if (strcmp(kind, "rooms") == 0)
			bt_rooms_done(b, NULL, why);
		else
			log_warnx("compliance: BioTrack inbound transfers: %s "
			    "(asked again at the next poll)", why);
		goto out;
	}
	if (strcmp(kind, "manifests") == 0) {
		if ((list = biotrack_manifest_list(o)) == NULL) {
			log_warnx("compliance: BioTrack refused the manifest "
			    "lookup (error %s): %s", a.errorcode, a.error);
			goto out;
		}
		json_array_foreach(list, i, m) {
			if (strlen(json_string_value(json_object_get(m,
			    "manifest"))) > MANIFEST_MAX ||
			    intake_manifest_have(b->s.d.srv->st,
			    json_string_value(json_object_get(m,
			    "manifest"))) != 0)
				continue;	/* made, or cannot say */
			json_object_set_new(m, "step", json_string("transfer"));
			json_array_append(b->s.lk.steps, m);
		}
		json_decref(list);
	} else if (strcmp(kind, "transfer") == 0) {
		if ((list = biotrack_transfer_items(o, why, sizeof why)) ==
		    NULL)
			log_warnx("compliance: BioTrack manifest %s: %s",
			    json_string_value(json_object_get(rq->h.step,
			    "manifest")), why);
		else if (json_array_size(list) == 0)
			json_decref(list);
		else {
			m = json_pack("{s:O, s:O, s:o}", "manifest",
			    json_object_get(rq->h.step, "manifest"), "supplier",
			    json_object_get(rq->h.step, "supplier"), "items",
			    list);
			if (json_object_get(rq->h.step, "transfer") != NULL)
				json_object_set(m, "transfer", json_object_get(
				    rq->h.step, "transfer"));
			else
				log_warnx("compliance: BioTrack manifest %s: "
				    "its ID is not a number, so its receipt "
				    "cannot be reported: receive it in "
				    "BioTrack", json_string_value(
				    json_object_get(rq->h.step, "manifest")));
			batch_write(b->s.d.srv, "intake.create",
			    bt_manifest_create, m, state_json_free, NULL);
		}
	} else if (strcmp(kind, "rooms") == 0) {
		list = biotrack_rooms(o, why, sizeof why);
		bt_rooms_done(b, list, why);
	} else if (strcmp(kind, "sync_check") == 0) {
		if (!a.success) {
			snprintf(why, sizeof why, "BioTrack refused sync_check "
			    "(error %s): %s", a.errorcode, a.error);
			state_look_fail(&b->s.lk, why);
		}
	} else {
		if ((list = biotrack_inventory(o, why, sizeof why)) == NULL)
			state_look_fail(&b->s.lk, why);
		else
			state_look_done(&b->s.lk, b->s.d.srv, list);
	}
out:
	json_decref(o);
	/* The request done with: the next step now. */
	state_drain_release(&b->s.d, rq, 0);
}

/*
 * compliance.reconcile: the state's inventory (sync_check, then
 * sync_inventory) against ours (reconcile.c). 0 if the op is left to
 * finish later, -1 with the error set.
 */
int
biotrack_reconcile(struct op_ctx *ctx)
{
	return (state_site_reconcile(bt != NULL ? &bt->s : NULL, ctx,
	    "BioTrack", "sync_check", "sync_inventory"));
}

/* --- configuration --- */

int
biotrack_check(struct options *o, char **cause)
{
	if (state_site_check_url(o, "biotrack-url", "state-system biotrack: "
	    "set biotrack-url, the state's serverjson.asp address",
	    cause) != 0)
		return (-1);
	return (state_site_check(o, "biotrack-secrets", biotrack_secret_names,
	    3, "state-system biotrack: set biotrack-secrets, a file of ubi, "
	    "username and password lines, mode 0600", cause));
}

int
biotrack_start(struct server *srv, char **cause)
{
	struct bt	*b;

	b = xcalloc(1, sizeof *b);
	if (state_site_start(&b->s, srv, "biotrack-url", "biotrack-secrets",
	    biotrack_secret_names, 3, bt_done, bt_next, bt_req_free,
	    cause) != 0) {
		free(b);
		return (-1);
	}
	bt = b;
	log_warnx("compliance: reporting to BioTrack (API 4.0) at %s",
	    b->s.url);
	return (0);
}

void
biotrack_stop(struct server *srv)
{
	struct bt	*b = bt;

	if (b == NULL)
		return;
	/* A request in flight stays uncertain: its nonce is asked later. */
	state_site_stop(&b->s);
	free(b);
	bt = NULL;
}
