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
#include "intake.h"
#include "biotrack-payload.h"
#include "metrc-conf.h"
#include "state-adapter.h"
#include "state-drain.h"

static void
state_drain_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct state_drain	*d = arg;

	d->next(d->arg);
}

/* After curl has run: each finished transfer to the adapter's done. */
static void
state_drain_check(void *arg)
{
	struct state_drain	*d = arg;
	CURLMsg			*msg;
	void			*rq;
	int			 left;

	while ((msg = curl_multi_info_read(d->loop.multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    (char **)&rq);
		curl_multi_remove_handle(d->loop.multi, msg->easy_handle);
		d->done(d->arg, rq, msg->data.result);
	}
}

/* A commit while idle may have queued a job: look soon. */
static void
state_drain_committed(struct server *srv, int ok, json_t *events, void *arg)
{
	struct state_drain	*d = arg;

	if (ok && d->rq == NULL && !evtimer_pending(d->kick_ev, NULL))
		op_timer_arm(d->kick_ev, 100000);
}

/*
 * Start the drain on srv's loop: next(arg) runs now, every interval
 * seconds and when kicked; done(arg, rq, result) for each finished
 * transfer; rq_free frees a request of the adapter's.
 */
void
state_drain_start(struct state_drain *d, struct server *srv,
    int64_t interval, void (*done)(void *, void *, CURLcode),
    void (*next)(void *), void (*rq_free)(void *), void *arg)
{
	struct timeval	tv;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("curl_global_init failed");
	d->srv = srv;
	d->next = next;
	d->done = done;
	d->rq_free = rq_free;
	d->arg = arg;
	curl_loop_init(&d->loop, srv->base, state_drain_check, d);
	d->kick_ev = evtimer_new(srv->base, state_drain_tick_cb, d);
	d->tick_ev = event_new(srv->base, -1, EV_PERSIST, state_drain_tick_cb,
	    d);
	tv.tv_sec = interval;
	tv.tv_usec = 0;
	event_add(d->tick_ev, &tv);
	batch_hook_add(srv, state_drain_committed, d);
	op_timer_arm(d->kick_ev, 0);
}

/* At most rate requests a second (0: as fast as answers come). */
void
state_drain_rate(struct state_drain *d, int64_t rate)
{
	d->gap = rate > 0 ? 1000000 / rate : 0;
}

/*
 * Before a request: 1 (the kick timer armed) while the drain must wait,
 * for hold_until (a refused login's pause) or the rate's next slot; else
 * 0 with the slot taken now, so the durable mark before a send falls
 * within the gap.
 */
int
state_drain_wait(struct state_drain *d, int64_t now, int64_t hold_until)
{
	int64_t	until = hold_until > d->next_at ? hold_until : d->next_at;

	if (now < until) {
		op_timer_arm(d->kick_ev, until - now);
		return (1);
	}
	d->next_at = (d->next_at > now ? d->next_at : now) + d->gap;
	return (0);
}

/* Nothing went after state_drain_wait: the slot is not used. */
void
state_drain_unslot(struct state_drain *d)
{
	d->next_at -= d->gap;
}

/*
 * Stop the drain. A request in flight (its handle e, or NULL if none was
 * sent) is dropped: its job stays uncertain and is settled later.
 */
void
state_drain_stop(struct state_drain *d, CURL *e)
{
	batch_hook_remove(d->srv, state_drain_committed, d);
	if (e != NULL) {
		curl_multi_remove_handle(d->loop.multi, e);
		d->rq_free(d->rq);
	}
	curl_loop_free(&d->loop);
	event_free(d->kick_ev);
	event_free(d->tick_ev);
	curl_global_cleanup();
}

/* The request rq is done with: freed, and the next step in wait µs. */
void
state_drain_release(struct state_drain *d, void *rq, int64_t wait)
{
	d->rq = NULL;
	d->rq_free(rq);
	op_timer_arm(d->kick_ev, wait);
}

struct state_drain_pick {
	int64_t			 now;
	struct outbox_job	 j;
	int			 found;
};

static int
state_drain_pick_one(const struct outbox_job *j, void *arg)
{
	struct state_drain_pick	*pk = arg;

	if (j->due > pk->now)
		return (1);
	if (j->state != OUTBOX_PENDING)
		return (0);
	pk->j = *j;
	pk->found = 1;
	return (1);
}

/*
 * The next job due by now, into j: 1, or 0 if none is due, or -1 if the
 * ledger cannot be read. A void not yet given its sale's state id has
 * the sale in rj (*have_rj set) for the sale's id to be looked up.
 */
int
state_drain_pick(struct state_drain *d, int64_t now, struct outbox_job *j,
    struct outbox_job *rj, int *have_rj)
{
	struct store_txn	t;
	struct state_drain_pick	pk;

	*have_rj = 0;
	pk.now = now;
	pk.found = 0;
	if (store_begin(d->srv->st, &t, 0) != 0)
		return (-1);
	outbox_due_walk(&t, 64, state_drain_pick_one, &pk);
	if (pk.found && pk.j.kind == OUTBOX_DELETE && pk.j.state_id == 0)
		*have_rj = outbox_get(&t, pk.j.link, rj) == 0;
	store_abort(&t);
	if (!pk.found)
		return (0);
	*j = pk.j;
	return (1);
}

/*
 * The durable mark before job id is sent, in ctx's write: its attempt
 * counted and the job uncertain, once build(arg, ...) has made its
 * request. A job that cannot be reported goes to the exception report
 * (build says why) or is done unreported (build leaves why empty and
 * says so in note); one that cannot be built yet (build returns 1: what
 * it needs from the state could not be read) is looked at again in a
 * minute. A return waits for its sale to be reported first.
 */
int
state_drain_mark(struct op_ctx *ctx, uint64_t id, int (*build)(void *,
    struct store_txn *, struct outbox_job *, char *, size_t, char *, size_t),
    void *arg)
{
	struct store_txn	*t = ctx->txn;
	struct outbox_job	 j, old, rj;
	char			 why[OUTBOX_ERROR_MAX + 1];
	char			 note[OUTBOX_ERROR_MAX + 1];
	int			 r;

	ctx->result = json_object();
	*note = '\0';
	if (outbox_get(t, id, &j) != 0)
		return (t->ret != 0 ? -1 : 0);
	if (j.state != OUTBOX_PENDING || j.uncertain)
		return (0);	/* voided, or changed, since it was picked */
	old = j;
	/* A return waits for its sale's transaction. */
	if (j.kind == OUTBOX_RETURN && outbox_get(t, j.link, &rj) == 0 &&
	    rj.state == OUTBOX_PENDING) {
		j.due = (rj.due > util_now() ? rj.due : util_now()) + 1000000;
		outbox_put(t, &old, &j);
		return (t->ret != 0 ? -1 : 0);
	}
	if ((r = build(arg, t, &j, why, sizeof why, note, sizeof note)) !=
	    0) {
		if (r == 1) {
			j.due = util_now() + STATE_DRAIN_LATER;
			strlcpy(j.error, why, sizeof j.error);
		} else if (*why != '\0') {
			strlcpy(j.error, why, sizeof j.error);
			outbox_failed(&j, util_now(), why);
			j.state = OUTBOX_EXCEPTION;
		} else {
			j.state = OUTBOX_DONE;
			j.done = util_now();
			strlcpy(j.error, note, sizeof j.error);
		}
		outbox_put(t, &old, &j);
		return (t->ret != 0 ? -1 : 0);
	}
	j.attempts++;
	j.uncertain = 1;
	outbox_put(t, &old, &j);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * A sent job's answer, on j: done (with the state's id), refused for the
 * session or token and not applied (again at once), rejected (to the
 * exception report), or still uncertain (settled next, after a backoff
 * of up to max seconds).
 */
void
state_drain_outcome(struct store_txn *t, struct outbox_job *j,
    const struct state_result *res, int64_t now, int64_t max)
{
	switch (res->outcome) {
	case STATE_DONE:
		if (res->id != 0)
			j->state_id = res->id;
		outbox_done(t, j, now);
		break;
	case STATE_RETRY:
		j->uncertain = 0;
		j->due = now;
		break;
	case STATE_REJECTED:
		j->uncertain = 0;
		strlcpy(j->error, res->reason, sizeof j->error);
		outbox_failed(j, now, res->reason);
		if (j->state == OUTBOX_PENDING)
			j->state = OUTBOX_EXCEPTION;
		break;
	case STATE_UNKNOWN:
		strlcpy(j->error, res->reason, sizeof j->error);
		outbox_failed(j, now, res->reason);
		j->due = now + curl_loop_backoff(j->attempts, max);
		break;
	}
}

/*
 * What the ledger holds for job j's report, into sj (its sale freed by
 * the caller): 0, or -1 with why (it cannot be sent: an exception) or
 * note (nothing to send: done, and why). A destroy is reported only
 * where destroys is set. A move's report says where the package is now
 * (sj->a the move, sj->location the package's location): moves go one at
 * a time, so whichever order a retry puts them in, the last one sent says
 * where the package is.
 */
int
state_drain_job(struct store_txn *t, const struct outbox_job *j,
    int destroys, struct state_job *sj, char *why, size_t len, char *note,
    size_t notelen)
{
	struct outbox_job	rj;
	struct package		pk;
	struct product		p;

	memset(sj, 0, sizeof *sj);
	*why = '\0';
	switch (j->kind) {
	case OUTBOX_RECEIPT:
	case OUTBOX_DELIVERY:
		sj->s = xmalloc(sizeof *sj->s);
		if (store_sale_get(t, j->subject, sj->s) == 0)
			return (0);
		snprintf(why, len, "sale %llu is not in the ledger",
		    (unsigned long long)j->subject);
		goto fail;
	case OUTBOX_DELETE:
		if (j->state_id != 0)
			return (0);
		strlcpy(note, "the sale never reached BioTrack: nothing to "
		    "void", notelen);
		return (-1);
	case OUTBOX_RETURN:
		sj->s = xmalloc(sizeof *sj->s);
		if (outbox_get(t, j->link, &rj) == 0 && rj.state_id != 0 &&
		    store_return_get(t, j->subject, &sj->ret) == 0 &&
		    store_sale_get(t, sj->ret.sale, sj->s) == 0) {
			sj->sale_id = rj.state_id;
			return (0);
		}
		snprintf(why, len, "the return's sale has no BioTrack "
		    "transaction: was it reported?");
		goto fail;
	case OUTBOX_ADJUST:
		if (store_adjust_get(t, j->subject, &sj->a) != 0 ||
		    store_package_get(t, sj->a.tag, &pk) != 0 ||
		    store_product_get(t, pk.product, &p) != 0) {
			snprintf(why, len, "adjustment %llu or its package is "
			    "not in the ledger",
			    (unsigned long long)j->subject);
			return (-1);
		}
		sj->unit_weight = p.unit_weight;
		return (0);
	case OUTBOX_DESTROY:
		if (!destroys)
			break;
		if (store_adjust_get(t, j->subject, &sj->a) != 0) {
			snprintf(why, len, "destruction %llu is not in the "
			    "ledger", (unsigned long long)j->subject);
			return (-1);
		}
		return (0);
	case OUTBOX_LOCATION:
		if (store_adjust_get(t, j->subject, &sj->a) != 0 ||
		    sj->a.kind != ADJUST_MOVE ||
		    store_package_get(t, sj->a.tag, &pk) != 0) {
			snprintf(why, len, "move %llu or its package is not in "
			    "the ledger", (unsigned long long)j->subject);
			return (-1);
		}
		strlcpy(sj->location, pk.location, sizeof sj->location);
		return (0);
	default:
		break;
	}
	strlcpy(note, "BioTrack has no report of this kind", notelen);
	return (-1);

fail:
	free(sj->s);
	sj->s = NULL;
	return (-1);
}

/*
 * Write op: an inbound transfer (ctx->data: {manifest, supplier, note
 * (optional), items [{tag, product, milli}], transfer (optional)}) made a
 * manifest for the receiver to check, once, as terminal; system names the
 * state in the log. Items are matched to our products by name; grams
 * come as milligrams, units whole. A transfer whose receipt the state
 * wants told is marked so in the same write (outbox_transfer_mark): the
 * manifest's close queues the receipt. Both BioTrack adapters' polls.
 */
int
state_drain_manifest(struct op_ctx *ctx, const char *terminal,
    const char *system)
{
	json_t			*d = ctx->data, *items, *it;
	struct manifest		 m;
	struct manifest_line	*lines, *l;
	struct product		 pr;
	const char		*product, *supplier, *note;
	char			*cause = NULL;
	int64_t			 milli, transfer;
	enum intake_err		 e;
	size_t			 i, n;
	int			 made = 0;

	memset(&m, 0, sizeof m);
	strlcpy(m.number, json_string_value(json_object_get(d, "manifest")),
	    sizeof m.number);
	supplier = json_string_value(json_object_get(d, "supplier"));
	strlcpy(m.supplier, *supplier != '\0' ? supplier : system,
	    sizeof m.supplier);
	if ((note = json_string_value(json_object_get(d, "note"))) != NULL)
		strlcpy(m.note, note, sizeof m.note);
	else
		snprintf(m.note, sizeof m.note, "%s inbound manifest %s",
		    system, m.number);
	items = json_object_get(d, "items");
	n = json_array_size(items);
	lines = xcalloc(n, sizeof *lines);
	json_array_foreach(items, i, it) {
		l = &lines[i];
		product = json_string_value(json_object_get(it, "product"));
		milli = json_integer_value(json_object_get(it, "milli"));
		if (intake_product_named(ctx->txn, product, &pr) != 0) {
			xasprintf(&cause, "item %zu: no product named \"%s\" "
			    "here", i + 1, product);
			break;
		}
		strlcpy(l->tag, json_string_value(json_object_get(it, "tag")),
		    sizeof l->tag);
		util_tag_upper(l->tag);
		strlcpy(l->sku, pr.sku, sizeof l->sku);
		/* Grams as mg; units whole. */
		l->shipped = pr.unit_weight ? milli : milli % 1000 == 0 ?
		    milli / 1000 : -1;
		if (l->shipped <= 0) {
			xasprintf(&cause, "item %s: a quantity of whole units "
			    "was expected", l->tag);
			break;
		}
	}
	if (cause != NULL)
		e = INTAKE_E_INVALID;
	else
		e = intake_create_once(ctx->txn, &m, lines, (u_int)n,
		    terminal, &made, &cause);
	free(lines);
	if (e == INTAKE_OK && !made) {
		ctx->result = json_object();
		return (0);
	}
	if (e != INTAKE_OK) {
		log_warnx("compliance: %s manifest %s not made: %s (asked "
		    "again at the next poll)", system, m.number, cause);
		op_error(ctx, intake_err_code(e), "%s", cause);
		free(cause);
		return (-1);
	}
	transfer = json_integer_value(json_object_get(d, "transfer"));
	if (transfer > 0)
		outbox_transfer_mark(ctx->txn, m.number, transfer);
	log_info("compliance: %s inbound manifest %s, %zu item%s", system,
	    m.number, n, n == 1 ? "" : "s");
	ctx->result = json_pack("{s:s, s:i}", "manifest", m.number,
	    "packages", (int)n);
	return (ctx->txn->ret != 0 ? -1 : 0);
}

struct state_drain_receive {
	struct store_txn	*t;
	json_t			*items;
	json_t			*(*item)(const char *, int64_t, int);
	int			 bad;
};

/* A line of a closed manifest: what was taken in, as an item. */
static int
state_drain_receive_line(const struct manifest_line *l, void *arg)
{
	struct state_drain_receive	*r = arg;
	struct product			 p;

	if (l->state == LINE_REJECTED || l->accepted <= 0)
		return (0);
	if (store_product_get(r->t, l->found_product != 0 ?
	    l->found_product : l->product, &p) != 0) {
		r->bad = 1;
		return (r->t->ret != 0 ? -1 : 0);
	}
	json_array_append_new(r->items, r->item(l->tag, l->accepted,
	    p.unit_weight));
	return (0);
}

/*
 * A transfer's receipt (OUTBOX_TRANSFER_RECEIVE, both BioTrack adapters):
 * what was taken in of the manifest numbered by the state's transfer (the
 * job's subject), each line as item(tag, qty, weight) makes it; NULL with
 * why if the manifest is not closed, or a line or its product is not in
 * the ledger.
 */
json_t *
state_drain_received(struct store_txn *t, const struct outbox_job *j,
    json_t *(*item)(const char *, int64_t, int), char *why, size_t len)
{
	struct state_drain_receive	r;
	struct manifest			m;
	char				number[MANIFEST_MAX + 1];

	snprintf(number, sizeof number, "%llu",
	    (unsigned long long)j->subject);
	if (store_manifest_get(t, number, &m) != 0 ||
	    m.status != MANIFEST_CLOSED) {
		snprintf(why, len, "manifest %s, whose receipt this is, is not "
		    "closed in the ledger", number);
		return (NULL);
	}
	memset(&r, 0, sizeof r);
	r.t = t;
	r.item = item;
	r.items = json_array();
	if (intake_line_walk(t, number, state_drain_receive_line, &r) != 0 ||
	    r.bad) {
		json_decref(r.items);
		snprintf(why, len, "manifest %s: a line or its product is "
		    "not in the ledger", number);
		return (NULL);
	}
	return (r.items);
}

/*
 * Lookups between reports (both BioTrack adapters): steps in order, the
 * first next; the poll of inbound transfers every biotrack-transfers
 * seconds; and compliance.reconcile's op, waiting for its steps (marked
 * "recon") to bring the state's inventory.
 */
void
state_look_init(struct state_look *lk)
{
	memset(lk, 0, sizeof *lk);
	lk->steps = json_array();
}

/* stashd stopping: a reconciliation waiting is told so. */
void
state_look_free(struct state_look *lk)
{
	reconcile_stop();
	if (lk->recon != NULL) {
		op_error(lk->recon, "unavailable", "stashd is stopping");
		op_finish(lk->recon);
	}
	json_decref(lk->steps);
	json_decref(lk->packages);
}

/*
 * The next step (borrowed), or NULL: with none left and the poll due, a
 * step named poll first.
 */
json_t *
state_look_next(struct state_look *lk, struct server *srv, const char *poll)
{
	int64_t	now = util_now(), every;

	every = options_number(srv->opts, "biotrack-transfers");
	if (json_array_size(lk->steps) == 0 && every > 0 &&
	    now >= lk->poll_next) {
		json_array_append_new(lk->steps, json_pack("{s:s}", "step",
		    poll));
		lk->poll_next = now + every * 1000000;
	}
	return (json_array_get(lk->steps, 0));
}

/*
 * compliance.reconcile (ctx): its steps, first and then, queued; 0, or -1
 * with the error set if one is already running.
 */
int
state_look_reconcile(struct state_look *lk, struct op_ctx *ctx,
    const char *first, const char *then)
{
	if (lk->recon != NULL || reconcile_busy()) {
		op_error(ctx, "conflict", "a reconciliation with the state is "
		    "already running: try again when it has finished");
		return (-1);
	}
	lk->recon = ctx;
	json_decref(lk->packages);
	lk->packages = json_array();
	json_array_append_new(lk->steps, json_pack("{s:s, s:b}", "step",
	    first, "recon", 1));
	json_array_append_new(lk->steps, json_pack("{s:s, s:b}", "step",
	    then, "recon", 1));
	return (0);
}

/* The reconciliation cannot be had: answered so, its steps dropped. */
void
state_look_fail(struct state_look *lk, const char *why)
{
	size_t	i;

	for (i = json_array_size(lk->steps); i > 0; i--) {
		if (json_is_true(json_object_get(json_array_get(lk->steps,
		    i - 1), "recon")))
			json_array_remove(lk->steps, i - 1);
	}
	json_decref(lk->packages);
	lk->packages = NULL;
	if (lk->recon == NULL)
		return;
	log_warnx("compliance: reconciliation failed: %s", why);
	op_error(lk->recon, "unavailable", "the state's inventory could not "
	    "be read: %s", why);
	op_finish(lk->recon);
	lk->recon = NULL;
}

/*
 * The state's inventory is whole: packages (taken; NULL: those gathered
 * in lk->packages) handed to the comparison (reconcile.c).
 */
void
state_look_done(struct state_look *lk, struct server *srv, json_t *packages)
{
	struct op_ctx	*ctx = lk->recon;

	if (packages == NULL) {
		packages = lk->packages;
		lk->packages = NULL;
	}
	lk->recon = NULL;
	if (ctx == NULL)
		json_decref(packages);
	else
		reconcile_finish(srv, ctx, packages);
}

/*
 * A move's room at BioTrack (both adapters): 0 with *room; 1 if the
 * state's rooms (rooms, NULL) have not been read yet, why saying so (the
 * move waits); -1 with why if our location has no room there (an
 * exception that names the setting to add). A load into a vehicle is
 * not a room move unless biotrack-rooms maps the vehicle to a room:
 * BioTrack follows deliveries on their manifests, so the load is done
 * unreported (-1, why empty, note saying so) rather than an exception
 * no manager could clear.
 */
int
state_drain_room(json_t *rooms, json_t *map, const struct state_job *sj,
    int64_t *room, char *why, size_t len, char *note, size_t notelen)
{
	if (biotrack_room(rooms, map, sj->location, room, why, len) == 0)
		return (0);
	if (rooms == NULL) {
		snprintf(why, len, "waiting for BioTrack's list of rooms, to "
		    "find the room for %s (it could not be read yet)",
		    sj->location);
		return (1);
	}
	if (strncmp(sj->location, "vehicle:", 8) == 0 &&
	    json_object_get(map, sj->location) == NULL) {
		*why = '\0';
		snprintf(note, notelen, "a load into %s is not a room move: "
		    "BioTrack follows deliveries on their manifests (map the "
		    "vehicle in biotrack-rooms to report its loads as moves)",
		    sj->location);
	}
	return (-1);
}

/* What state_drain_login writes: a key, and why (0: taken). */
struct state_drain_login {
	const char	*key;
	int64_t		 why;
};

static int
state_drain_login_apply(struct op_ctx *ctx)
{
	struct state_drain_login	*l = ctx->data;
	const struct state_system	*sys;
	struct store_txn		*t = ctx->txn;

	ctx->result = json_object();
	if ((sys = state_system_find(l->key)) == NULL || sys->broken == NULL)
		return (0);
	if (l->why == 0) {
		if (store_meta_get_i64(t, sys->broken) != 0)
			store_meta_put_i64(t, sys->broken, 0);
	} else if (store_meta_get_i64(t, sys->broken_why) != l->why ||
	    store_meta_get_i64(t, sys->broken) == 0) {
		store_meta_put_i64(t, sys->broken, util_now());
		store_meta_put_i64(t, sys->broken_why, l->why);
	}
	return (t->ret != 0 ? -1 : 0);
}

/*
 * A login's outcome for the dashboard (state-system.c's broken keys of
 * the system named): refused by the state (why, OUTBOX_BROKEN_*), so
 * nothing goes until a person puts the right credentials in; or taken
 * (why 0). No answer at all says nothing of the credentials: not told.
 */
void
state_drain_login(struct state_drain *d, const char *system, int64_t why)
{
	struct state_drain_login	*l;

	l = xcalloc(1, sizeof *l);
	l->key = system;
	l->why = why;
	batch_write(d->srv, "compliance.login", state_drain_login_apply, l,
	    free, NULL);
}

/*
 * A finished transfer's answer (its HTTP status, 0 if none came, and the
 * reply), to a send or to the lookup of an uncertain one, as the one
 * result, through the named system's entry (state-system.c).
 */
void
state_drain_result(const char *system, int lookup, long status,
    const struct buf *reply, struct state_result *r)
{
	struct state_answer	a;

	memset(&a, 0, sizeof a);
	a.lookup = lookup;
	a.status = status;
	a.body = (const char *)reply->data;
	a.len = reply->len;
	state_system_find(system)->result(&a, r);
}

/*
 * The start of an adapter's next step: a new request of size bytes (its
 * head a struct state_req), or NULL if one is under way or it is not yet
 * time.
 */
void *
state_drain_begin(struct state_drain *d, int64_t hold_until, size_t size,
    int64_t *now)
{
	struct state_req	*rq;

	if (d->rq != NULL)
		return (NULL);
	*now = util_now();
	if (state_drain_wait(d, *now, hold_until))
		return (NULL);
	rq = xcalloc(1, size);
	buf_init(&rq->reply);
	return (rq);
}

/*
 * The next due job for rq (state_drain_pick): 1 if there is one; else 0
 * with rq freed (and the slot given up if nothing is due).
 */
int
state_drain_next_job(struct state_drain *d, void *rq, int64_t now,
    struct outbox_job *j, struct outbox_job *rj, int *have_rj)
{
	int	r;

	r = state_drain_pick(d, now, j, rj, have_rj);
	if (r > 0)
		return (1);
	if (r == 0)
		state_drain_unslot(d);
	d->rq_free(rq);
	return (0);
}

static size_t
state_req_write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct state_req	*rq = arg;

	return (curl_loop_keep(&rq->reply, rq->reply_max, p, size * n));
}

/* A request's transfer to url, its answer kept up to max bytes. */
CURL *
state_req_easy(struct state_req *rq, const char *url, size_t max,
    long timeout)
{
	CURL	*e;

	rq->reply_max = max;
	rq->easy = e = curl_loop_easy(rq, rq->errbuf, state_req_write_cb);
	curl_easy_setopt(e, CURLOPT_URL, url);
	metrc_conf_easy(e, NULL, timeout);
	curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_NONE);
	return (e);
}

/* The request (its headers in rq->hdrs, body if any) goes: d's one. */
void
state_req_send(struct state_drain *d, struct state_req *rq,
    const char *body)
{
	CURL	*e = rq->easy;

	curl_easy_setopt(e, CURLOPT_HTTPHEADER, rq->hdrs);
	if (body != NULL) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	rq->started = 1;
	d->rq = rq;
	curl_loop_add_fresh(&d->loop, e);
}

/* What a request's head holds, freed (the adapter frees the rest). */
void
state_req_clear(struct state_req *rq)
{
	curl_loop_req_clear(rq->easy, rq->hdrs, &rq->reply);
	json_decref(rq->step);
}

/* A write of size bytes (its head a struct state_write) for rq. */
void *
state_write_new(struct state_drain *d, void *rq, size_t size)
{
	struct state_write	*w;

	w = xcalloc(1, size);
	w->d = d;
	w->rq = rq;
	return (w);
}

static void
state_write_free(void *arg)
{
	struct state_write	*w = arg;

	if (w->rq != NULL && !w->rq->started) {
		/* A mark that sent nothing, or was not written. */
		state_drain_release(w->d, w->rq, 0);
	}
	free(w);
}

/* The write that marks w's job and builds its request, then done. */
void
state_write_mark(struct state_drain *d, const char *name,
    int (*mark)(struct op_ctx *), void (*done)(struct op_ctx *), void *arg)
{
	struct state_write	*w = arg;

	d->rq = w->rq;
	batch_write(d->srv, name, mark, w, state_write_free, done);
}

static void
state_write_apply_done(struct op_ctx *ctx)
{
	struct state_write	*w = ctx->data;

	state_drain_release(w->d, w->rq, 0);
	w->rq = NULL;
}

static void
state_write_apply_free(void *arg)
{
	struct state_write	*w = arg;

	if (w->rq != NULL) {
		/* The result was not written: the job is looked at again. */
		state_drain_release(w->d, w->rq, 1000000);
	}
	free(w);
}

/* The write of a finished request's result (apply); then the next. */
void
state_write_apply(struct state_drain *d, const char *name,
    int (*apply)(struct op_ctx *), void *arg)
{
	batch_write(d->srv, name, apply, arg, state_write_apply_free,
	    state_write_apply_done);
}

void
state_json_free(void *arg)
{
	json_decref(arg);
}

/*
 * A BioTrack adapter's start: its address (the option urlopt), its n
 * secrets (the file secretsopt, names), the shared biotrack-* settings,
 * and the drain. -1 with cause if the secrets cannot be read.
 */
int
state_site_start(struct state_site *s, struct server *srv,
    const char *urlopt, const char *secretsopt, const char *const *names,
    u_int n, void (*done)(void *, void *, CURLcode), void (*next)(void *),
    void (*rq_free)(void *), char **cause)
{
	if (n > STATE_SITE_SECRETS)
		fatalx("%s: %u secrets", __func__, n);
	if (state_conf_secrets(options_string(srv->opts, secretsopt),
	    secretsopt, names, s->secrets, n, cause) != 0)
		return (-1);
	s->nsecrets = n;
	s->url = xstrdup(options_string(srv->opts, urlopt));
	s->timeout = (long)options_number(srv->opts, "biotrack-timeout");
	state_look_init(&s->lk);
	s->destroy_wait = options_number(srv->opts, "biotrack-destroy-wait") *
	    1000000;
	/* Checked before the start (biotrack_check, biotrack24_check). */
	s->room_map = biotrack_room_map(options_string(srv->opts,
	    "biotrack-rooms"), cause);
	state_drain_start(&s->d, srv, options_number(srv->opts,
	    "biotrack-interval"), done, next, rq_free, s);
	state_drain_rate(&s->d, options_number(srv->opts, "biotrack-rate"));
	return (0);
}

/* The stop: a request in flight stays uncertain, for the next start. */
void
state_site_stop(struct state_site *s)
{
	struct state_req	*rq;
	u_int			 i;

	state_look_free(&s->lk);
	rq = s->d.rq;
	state_drain_stop(&s->d, rq != NULL && rq->started ? rq->easy : NULL);
	for (i = 0; i < s->nsecrets; i++)
		freezero(s->secrets[i], strlen(s->secrets[i]));
	explicit_bzero(s->session, sizeof s->session);
	json_decref(s->rooms);
	json_decref(s->room_map);
	free(s->url);
}

/*
 * compliance.reconcile on s (NULL: the system is not running): first,
 * then second asked, the state's inventory against ours. 0 if the op is
 * left to finish later, -1 with the error set.
 */
int
state_site_reconcile(struct state_site *s, struct op_ctx *ctx,
    const char *system, const char *first, const char *second)
{
	if (s == NULL) {
		op_error(ctx, "unavailable", "%s reporting is not running",
		    system);
		return (-1);
	}
	if (state_look_reconcile(&s->lk, ctx, first, second) != 0)
		return (-1);
	if (s->d.rq == NULL)
		op_timer_arm(s->d.kick_ev, 0);
	return (0);
}

/* Whether the option urlopt is set (else cause is missing) and usable. */
int
state_site_check_url(struct options *o, const char *urlopt,
    const char *missing, char **cause)
{
	const char	*url;

	url = options_string(o, urlopt);
	if (*url == '\0') {
		xasprintf(cause, "%s", missing);
		return (-1);
	}
	return (metrc_conf_url(url, cause));
}

/*
 * Whether the secrets file (the option secretsopt; unset: cause is
 * missing) holds the n names, and biotrack-rooms reads.
 */
int
state_site_check(struct options *o, const char *secretsopt,
    const char *const *names, u_int n, const char *missing, char **cause)
{
	const char	*secrets;
	char		*v[STATE_SITE_SECRETS];
	json_t		*map;
	u_int		 i;

	if (n > STATE_SITE_SECRETS)
		fatalx("%s: %u secrets", __func__, n);
	secrets = options_string(o, secretsopt);
	if (*secrets == '\0') {
		xasprintf(cause, "%s", missing);
		return (-1);
	}
	if (state_conf_secrets(secrets, secretsopt, names, v, n, cause) != 0)
		return (-1);
	for (i = 0; i < n; i++)
		freezero(v[i], strlen(v[i]));
	if ((map = biotrack_room_map(options_string(o, "biotrack-rooms"),
	    cause)) == NULL)
		return (-1);
	json_decref(map);
	return (0);
}

/*
 * A scheduled destruction (old, pending, now j), confirmed (done): its
 * destroy, after biotrack-destroy-wait.
 */
void
state_site_destroy(struct state_site *s, struct store_txn *t,
    const struct outbox_job *old, struct outbox_job *j, int done,
    int64_t now)
{
	struct adjust	a;

	if (done && j->kind == OUTBOX_ADJUST && old->state == OUTBOX_PENDING &&
	    store_adjust_get(t, j->subject, &a) == 0 && biotrack_destroys(&a))
		outbox_destroy(t, j, now + s->destroy_wait);
}
