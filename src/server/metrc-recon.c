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

#include "server.h"
#include "metrc-payload.h"
#include "outbox.h"
#include "metrc.h"

/* --- reconciliation: GET /packages/v2/active, a page at a time --- */

static void	metrc_recon_page(struct metrc *);

static void
metrc_recon_end(struct metrc *m, const char *why)
{
	struct metrc_recon	*rc = m->recon;
	json_t			*packages;

	m->recon = NULL;
	if (rc->retry_ev != NULL)
		event_free(rc->retry_ev);
	packages = rc->packages;
	if (why != NULL) {
		log_warnx("compliance: reconciliation failed: %s", why);
		op_error(rc->ctx, "unavailable", "the state's package list "
		    "could not be read: %s", why);
		op_finish(rc->ctx);
		json_decref(packages);
	} else
		reconcile_finish(m->srv, rc->ctx, packages);
	free(rc);
}

static void
metrc_recon_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct metrc	*m = arg;

	if (m->recon != NULL)
		metrc_recon_page(m);
}

static void
metrc_recon_page(struct metrc *m)
{
	struct metrc_recon	*rc = m->recon;
	struct metrc_req	*rq;

	rq = metrc_req_new(m, MC_PACKAGES);
	rq->page = rc->page;
	metrc_url_page(m, rq, "/packages/v2/active%s");
	rc->rq = rq;
	metrc_curl_start(m, rq);
}

/* One page back: keep its packages and ask for the next, or finish. */
void
metrc_recon_done(struct metrc *m, struct metrc_req *rq, CURLcode cc)
{
	struct metrc_recon	*rc = m->recon;
	struct timeval		 tv;
	json_int_t		 pages;
	ssize_t			 n;
	long			 status = 0;
	int64_t			 delay;
	char			 msg[OUTBOX_ERROR_MAX + 1], why[320];

	if (rc == NULL)
		return;
	curl_easy_getinfo(rq->easy, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK || status == 429 || status >= 500) {
		if (cc != CURLE_OK)
			snprintf(why, sizeof why, "no answer from the state "
			    "system: %s", *rq->errbuf != '\0' ? rq->errbuf :
			    curl_easy_strerror(cc));
		else {
			metrc_payload_message(&rq->reply, msg, sizeof msg);
			snprintf(why, sizeof why, "HTTP %ld from the state "
			    "system: %s", status, msg);
		}
		if (++rc->tries >= METRC_RECON_TRIES) {
			metrc_recon_end(m, why);
			return;
		}
		if (status == 429 && rq->retry_after >= 0)
			delay = rq->retry_after * 1000000LL;
		else
			delay = metrc_backoff(rc->tries);
		if (status == 429)
			metrc_rate_hold(m, util_now() + delay);
		tv.tv_sec = delay / 1000000;
		tv.tv_usec = delay % 1000000;
		if (rc->retry_ev == NULL)
			rc->retry_ev = evtimer_new(m->srv->base,
			    metrc_recon_retry_cb, m);
		evtimer_add(rc->retry_ev, &tv);
		return;
	}
	if (status != 200) {
		metrc_payload_message(&rq->reply, msg, sizeof msg);
		if (status == 401)
			metrc_401(m, rq, msg);
		snprintf(why, sizeof why, "HTTP %ld from the state system: %s",
		    status, msg);
		metrc_recon_end(m, why);
		return;
	}
	m->last_contact = util_now();
	if ((n = metrc_payload_packages(&rq->reply, rc->packages,
	    &pages)) < 0) {
		metrc_recon_end(m, "the state's reply has no Data list");
		return;
	}
	rc->tries = 0;
	if (rc->page < pages && rc->page < METRC_RECON_PAGES && n != 0) {
		/*
		 * The next page is asked from the event loop, not from inside
		 * curl's callback, where a new request never got going.
		 */
		rc->page++;
		tv.tv_sec = tv.tv_usec = 0;
		if (rc->retry_ev == NULL)
			rc->retry_ev = evtimer_new(m->srv->base,
			    metrc_recon_retry_cb, m);
		evtimer_add(rc->retry_ev, &tv);
		return;
	}
	metrc_recon_end(m, NULL);
}

static int
metrc_recon_start(struct metrc *m, struct op_ctx *ctx)
{
	struct metrc_recon	*rc;

	if (m->recon != NULL || reconcile_busy()) {
		op_error(ctx, "conflict", "a reconciliation with the state is "
		    "already running: try again when it has finished");
		return (-1);
	}
	if (m->broken) {
		op_error(ctx, "unavailable", "%s",
		    outbox_broken_name(m->broken_why));
		return (-1);
	}
	rc = m->recon = xcalloc(1, sizeof *rc);
	rc->ctx = ctx;
	rc->packages = json_array();
	rc->page = 1;
	metrc_recon_page(m);
	return (0);
}

void
metrc_recon_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct metrc	*m = arg;
	struct op_ctx	*ctx;

	if (m->recon != NULL || reconcile_busy() || m->broken ||
	    m->srv->quit)
		return;
	ctx = op_new(m->srv, "compliance.reconcile");
	if (metrc_recon_start(m, ctx) != 0)
		op_finish(ctx);
}

/*
 * compliance.reconcile: the state's active packages against ours
 * (reconcile.c). 0 if the op is left to finish later, -1 with the error
 * set.
 */
int
metrc_reconcile(struct op_ctx *ctx)
{
	if (metrc == NULL) {
		op_error(ctx, "unavailable", "state reporting is off: "
		    "metrc-url is not set, so there is nothing to reconcile "
		    "with");
		return (-1);
	}
	return (metrc_recon_start(metrc, ctx));
}

void
metrc_recon_stop(struct metrc *m)
{
	struct metrc_recon	*rc = m->recon;

	reconcile_stop();
	if (rc == NULL)
		return;
	if (rc->rq != NULL) {
		curl_multi_remove_handle(m->loop.multi, rc->rq->easy);
		metrc_curl_free(rc->rq);
	}
	m->recon = NULL;
	if (rc->retry_ev != NULL)
		event_free(rc->retry_ev);
	op_error(rc->ctx, "unavailable", "stashd is stopping");
	op_finish(rc->ctx);
	json_decref(rc->packages);
	free(rc);
}
