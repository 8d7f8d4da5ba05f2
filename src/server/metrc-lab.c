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

#include "server.h"
#include "intake.h"
#include "metrc-payload.h"
#include "outbox.h"
#include "metrc.h"

/*
 * Lab results from the state. A package received from a state transfer
 * (its manifest line keeps the state's PackageId) that comes into stock
 * with no lab result is asked for at GET /labtests/v2/results?packageId=
 * &licenseNumber= (intake.close calls metrc_lab_want). One request at a
 * time on the drainer's curl multi, paced with the licence's other
 * requests. What comes back is read by metrc_payload_labtests and written
 * through op_package_lab_apply (intake_lab: the same checks, hold and
 * release as a result typed in), audited as package.lab from the
 * terminal "metrc": the state's word. A result already on the package (a
 * manager typed one first) is never overwritten; one typed later
 * overrides the state's.
 *
 * No answer, a 5xx or a 429, or no released result yet: asked again
 * after metrc_backoff, up to METRC_LAB_TRIES times. A 4xx other than 429
 * drops the package (logged). The list is in memory: a package still
 * waiting when stashd stops gets its result typed in (stock screen,
 * stashctl package lab).
 */

#define METRC_LAB_MAX		1000	/* packages waiting */
#define METRC_LAB_TRIES		12

struct metrc_lab {
	char			 tag[TAG_LEN + 1];
	int64_t			 state_id;
	int			 tries;
	int64_t			 due;
	TAILQ_ENTRY(metrc_lab)	 entry;
};

static struct {
	TAILQ_HEAD(, metrc_lab)	 list;
	u_int			 n;
	int			 init;
	struct metrc_lab	*busy;		/* asked, answer not in */
	struct metrc_req	*rq;
	struct event		*ev;
} ml;

static void	metrc_lab_schedule(struct metrc *);

static void
metrc_lab_init(void)
{
	if (!ml.init) {
		TAILQ_INIT(&ml.list);
		ml.init = 1;
	}
}

/* Ask the state for a package's lab result, soon. */
void
metrc_lab_want(const char *tag, int64_t state_id)
{
	struct metrc		*m = metrc;
	struct metrc_lab	*l;

	if (m == NULL || state_id <= 0)
		return;
	metrc_lab_init();
	TAILQ_FOREACH(l, &ml.list, entry) {
		if (strcmp(l->tag, tag) == 0)
			return;
	}
	if (ml.busy != NULL && strcmp(ml.busy->tag, tag) == 0)
		return;
	if (ml.n >= METRC_LAB_MAX) {
		log_warnx("metrc: lab results: %u packages waiting already; "
		    "%s is not asked for (enter its result by hand)", ml.n,
		    tag);
		return;
	}
	l = xcalloc(1, sizeof *l);
	strlcpy(l->tag, tag, sizeof l->tag);
	l->state_id = state_id;
	l->due = util_now();
	TAILQ_INSERT_TAIL(&ml.list, l, entry);
	ml.n++;
	metrc_lab_schedule(m);
}

static void
metrc_lab_free(struct metrc_lab *l)
{
	free(l);
}

/* Back in the list, due after a backoff; dropped after the last try. */
static void
metrc_lab_again(struct metrc *m, struct metrc_lab *l, const char *why)
{
	if (++l->tries >= METRC_LAB_TRIES) {
		log_warnx("metrc: lab result for %s: %s; given up after %d "
		    "tries (enter it by hand)", l->tag, why, l->tries);
		metrc_lab_free(l);
		return;
	}
	log_info("metrc: lab result for %s: %s; asking again", l->tag, why);
	l->due = util_now() + metrc_backoff(l->tries);
	TAILQ_INSERT_TAIL(&ml.list, l, entry);
	ml.n++;
}

struct metrc_lab_write {
	char			 tag[TAG_LEN + 1];
	struct lab_result	 lab;
};

/*
 * Write op: the state's result into the package, unless it has one by
 * now; a package not in the ledger is an error (nothing written).
 */
static int
metrc_lab_apply(struct op_ctx *ctx)
{
	struct metrc_lab_write	*w = ctx->data;
	struct package		 pk;
	int			 r;

	r = store_package_get(ctx->txn, w->tag, &pk);
	if (r == STORE_NOTFOUND) {
		op_error(ctx, "not-found", "no package with tag %s", w->tag);
		return (-1);
	}
	if (r != 0)
		return (op_store_error(ctx));
	if (pk.lab.status != LAB_NONE) {
		log_info("metrc: lab result for %s: the package has one "
		    "already; the state's is not written", w->tag);
		ctx->result = json_object();
		return (0);
	}
	if (op_package_lab_apply(ctx, w->tag, &w->lab, 0, "metrc") != 0) {
		log_warnx("metrc: lab result for %s not written: %s", w->tag,
		    json_string_value(json_object_get(ctx->error,
		    "message")));
		return (-1);
	}
	log_info("metrc: lab result for %s from the state: %s", w->tag,
	    store_package_lab_name(w->lab.status));
	return (0);
}

static void
metrc_lab_done_req(struct metrc *m, struct metrc_lab *l, long status,
    CURLcode cc, struct metrc_req *rq)
{
	struct metrc_lab_write	*w;
	struct lab_result	 lab;
	char			 msg[OUTBOX_ERROR_MAX + 1], why[320];
	int			 r;

	if (cc != CURLE_OK) {
		snprintf(why, sizeof why, "no answer from the state system: "
		    "%s", *rq->errbuf != '\0' ? rq->errbuf :
		    curl_easy_strerror(cc));
		metrc_lab_again(m, l, why);
		return;
	}
	if (status == 429 || status >= 500) {
		metrc_payload_message(&rq->reply, msg, sizeof msg);
		if (status == 429 && rq->retry_after >= 0)
			metrc_rate_hold(m, util_now() +
			    rq->retry_after * 1000000LL);
		snprintf(why, sizeof why, "HTTP %ld from the state system: "
		    "%s", status, msg);
		metrc_lab_again(m, l, why);
		return;
	}
	m->last_contact = util_now();
	if (status != 200) {
		metrc_payload_message(&rq->reply, msg, sizeof msg);
		if (status == 401)
			metrc_401(m, rq, msg);
		log_warnx("metrc: lab result for %s: HTTP %ld from the state "
		    "system: %s (enter it by hand)", l->tag, status, msg);
		metrc_lab_free(l);
		return;
	}
	r = metrc_payload_labtests(&rq->reply, &lab);
	if (r < 0) {
		metrc_lab_again(m, l, "a reply that cannot be read");
		return;
	}
	if (r > 0) {
		metrc_lab_again(m, l, "the state has no released result yet");
		return;
	}
	w = xcalloc(1, sizeof *w);
	strlcpy(w->tag, l->tag, sizeof w->tag);
	w->lab = lab;
	batch_write(m->srv, "package.lab", metrc_lab_apply, w, free, NULL);
	metrc_lab_free(l);
}

/* The answer to the request in flight (metrc_curl_check). */
void
metrc_lab_done(struct metrc *m, struct metrc_req *rq, CURLcode cc)
{
	struct metrc_lab	*l = ml.busy;
	long			 status = 0;

	ml.busy = NULL;
	ml.rq = NULL;
	if (l != NULL) {
		curl_easy_getinfo(rq->easy, CURLINFO_RESPONSE_CODE, &status);
		metrc_lab_done_req(m, l, status, cc, rq);
	}
	metrc_lab_schedule(m);
}

/* Send the first package that is due, if the licence's pace allows. */
static void
metrc_lab_cb(evutil_socket_t fd, short what, void *arg)
{
	struct metrc		*m = arg;
	struct metrc_lab	*l;
	struct metrc_req	*rq;
	int64_t			 now = util_now();
	char			*url;

	if (ml.busy != NULL || m->srv->quit)
		return;
	if (m->broken) {
		metrc_lab_schedule(m);
		return;
	}
	TAILQ_FOREACH(l, &ml.list, entry) {
		if (l->due <= now)
			break;
	}
	if (l == NULL || m->hold_until > now || metrc_rate_wait(m, now) > 0) {
		metrc_lab_schedule(m);
		return;
	}
	TAILQ_REMOVE(&ml.list, l, entry);
	ml.n--;
	ml.busy = l;
	rq = metrc_req_new(m, MC_LAB);
	metrc_url(m, rq, "/labtests/v2/results%s", NULL);
	xasprintf(&url, "%s&packageId=%lld", rq->url,
	    (long long)l->state_id);
	free(rq->url);
	rq->url = url;
	ml.rq = rq;
	metrc_curl_start(m, rq);
}

/* The timer for the next package due (or the pace's next slot). */
static void
metrc_lab_schedule(struct metrc *m)
{
	struct metrc_lab	*l;
	struct timeval		 tv;
	int64_t			 now = util_now(), due = INT64_MAX, wait;

	if (!ml.init || ml.busy != NULL)
		return;
	TAILQ_FOREACH(l, &ml.list, entry) {
		if (l->due < due)
			due = l->due;
	}
	if (due == INT64_MAX)
		return;
	wait = due - now;
	if (m->hold_until - now > wait)
		wait = m->hold_until - now;
	if (metrc_rate_wait(m, now) > wait)
		wait = metrc_rate_wait(m, now);
	if (m->broken && wait < 60 * 1000000LL)
		wait = 60 * 1000000LL;	/* keys refused: look now and then */
	if (wait < 0)
		wait = 0;
	if (ml.ev == NULL)
		ml.ev = evtimer_new(m->srv->base, metrc_lab_cb, m);
	tv.tv_sec = wait / 1000000;
	tv.tv_usec = wait % 1000000;
	evtimer_add(ml.ev, &tv);
}

/* stashd stops: the list and the request in flight go. */
void
metrc_lab_stop(struct metrc *m)
{
	struct metrc_lab	*l;

	if (!ml.init)
		return;
	if (ml.rq != NULL) {
		curl_multi_remove_handle(m->loop.multi, ml.rq->easy);
		metrc_curl_free(ml.rq);
		ml.rq = NULL;
	}
	if (ml.busy != NULL)
		metrc_lab_free(ml.busy);
	ml.busy = NULL;
	while ((l = TAILQ_FIRST(&ml.list)) != NULL) {
		TAILQ_REMOVE(&ml.list, l, entry);
		metrc_lab_free(l);
	}
	ml.n = 0;
	if (ml.ev != NULL)
		event_free(ml.ev);
	ml.ev = NULL;
}
