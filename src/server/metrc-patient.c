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

#include <string.h>

#include "server.h"
#include "metrc-payload.h"
#include "outbox.h"
#include "metrc.h"

/*
 * Patient verification: GET /patients/v2/statuses/{card}. Answers are
 * kept a minute (as the state's own cache); a check in flight is shared
 * by whoever asks for the same card meanwhile. The card number is in the
 * URL, so no URL of a patient check is ever logged.
 */

static json_t *
metrc_patient_unreachable(const char *card, const char *why)
{
	return (json_pack("{s:s, s:s, s:s}", "card", card, "state",
	    "unreachable", "reason", why));
}

void
metrc_patient_done(struct metrc *m, struct metrc_req *rq, CURLcode cc)
{
	struct metrc_card	*mc, *old = NULL;
	json_t			*res = NULL;
	long			 status = 0;
	char			 msg[OUTBOX_ERROR_MAX + 1], why[320];
	u_int			 i;

	curl_easy_getinfo(rq->easy, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK) {
		snprintf(why, sizeof why, "no answer from the state system: "
		    "%s", *rq->errbuf != '\0' ? rq->errbuf :
		    curl_easy_strerror(cc));
		res = metrc_patient_unreachable(rq->card, why);
	} else if (status == 200) {
		if ((res = metrc_payload_patient(&rq->reply, rq->card)) == NULL)
			res = metrc_patient_unreachable(rq->card, "the "
			    "state's reply could not be read");
	} else if (status == 404 || status == 400) {
		metrc_payload_message(&rq->reply, msg, sizeof msg);
		res = json_pack("{s:s, s:s, s:b, s:[], s:s}", "card", rq->card,
		    "state", "not-found", "active", 0, "registrations",
		    "message", msg);
	} else {
		metrc_payload_message(&rq->reply, msg, sizeof msg);
		if (status == 401)
			metrc_401(m, rq, msg);
		snprintf(why, sizeof why, "HTTP %ld from the state system: %s",
		    status, msg);
		res = metrc_patient_unreachable(rq->card, why);
	}
	if (status >= 200 && status < 500 && status != 401 && status != 429)
		m->last_contact = util_now();
	/* Remember a definite answer for a minute. */
	if (strcmp(json_string_value(json_object_get(res, "state")),
	    "unreachable") != 0) {
		for (i = 0; i < METRC_PATIENT_CACHE; i++) {
			mc = &m->cards[i];
			if (strcmp(mc->card, rq->card) == 0 || mc->when == 0) {
				old = mc;
				break;
			}
			if (old == NULL || mc->when < old->when)
				old = mc;
		}
		if (old->status != NULL)
			json_decref(old->status);
		strlcpy(old->card, rq->card, sizeof old->card);
		old->when = util_now();
		old->status = json_deep_copy(res);
	}
	json_object_set_new(res, "cached", json_false());
	json_object_set_new(res, "checked", json_integer(util_now()));
	if (rq->cb != NULL)
		rq->cb(res, rq->arg);
	else
		json_decref(res);
}

/* compliance.patient's answer; NULL when stashd is stopping. */
static void
metrc_patient_op_cb(json_t *res, void *arg)
{
	struct op_ctx	*ctx = arg;

	if (res == NULL)
		op_error(ctx, "unavailable", "stashd is stopping");
	else
		ctx->result = res;
	op_finish(ctx);
}

/*
 * compliance.patient: the state's word on a card, from the cache if it is
 * less than a minute old, else asked on the drainer's curl multi; the op
 * is finished when the answer comes. 0 if the op is left to finish later.
 */
int
metrc_patient(struct op_ctx *ctx, const char *card)
{
	return (metrc_patient_ask(card, metrc_patient_op_cb, ctx,
	    &ctx->result));
}

/*
 * The cached answer for a card if it is less than a minute old, else
 * NULL. A definite answer only: an unreachable state is never cached.
 */
json_t *
metrc_patient_cached(const char *card)
{
	struct metrc		*m = metrc;
	struct metrc_card	*mc;
	json_t			*res;
	u_int			 i;

	if (m == NULL)
		return (NULL);
	for (i = 0; i < METRC_PATIENT_CACHE; i++) {
		mc = &m->cards[i];
		if (mc->when == 0 || strcmp(mc->card, card) != 0)
			continue;
		if (util_now() - mc->when > METRC_PATIENT_TTL)
			return (NULL);
		res = json_deep_copy(mc->status);
		json_object_set_new(res, "cached", json_true());
		json_object_set_new(res, "checked", json_integer(mc->when));
		return (res);
	}
	return (NULL);
}

/*
 * The state's word on a card: from the cache (or, when the state cannot
 * be asked, "unreachable") at once, -1 with *res set; else asked on the
 * drainer's curl multi, 0, and cb is called with the answer (owned by cb)
 * when it comes, or with NULL if stashd stops first. A NULL cb asks only
 * to fill the cache.
 */
int
metrc_patient_ask(const char *card, metrc_patient_cb cb, void *arg,
    json_t **res)
{
	struct metrc		*m = metrc;
	struct metrc_req	*rq;

	if (m == NULL) {
		*res = metrc_patient_unreachable(card, "state reporting "
		    "is off: metrc-url is not set");
		return (-1);
	}
	if ((*res = metrc_patient_cached(card)) != NULL)
		return (-1);
	if (m->broken) {
		*res = metrc_patient_unreachable(card,
		    outbox_broken_name(m->broken_why));
		return (-1);
	}
	if (m->npatients >= METRC_PATIENT_MAX) {
		*res = metrc_patient_unreachable(card, "too many "
		    "checks waiting for the state system: try again");
		return (-1);
	}
	rq = metrc_req_new(m, MC_PATIENT);
	rq->cb = cb;
	rq->arg = arg;
	strlcpy(rq->card, card, sizeof rq->card);
	metrc_url(m, rq, "/patients/v2/statuses/%s", card);
	TAILQ_INSERT_TAIL(&m->patients, rq, entry);
	m->npatients++;
	metrc_curl_start(m, rq);
	return (0);
}
