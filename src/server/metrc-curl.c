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
#include "metrc-conf.h"
#include "metrc-payload.h"
#include "outbox.h"
#include "metrc.h"

/*
 * libcurl's multi interface on libevent, after curl's multi-event.c: one
 * event per socket curl watches, one timer, and the finished transfers
 * handed to whichever part of the drain started them.
 */

void
metrc_curl_free(struct metrc_req *rq)
{
	curl_loop_req_clear(rq->easy, rq->hdrs, &rq->reply);
	free(rq->url);
	buf_free(&rq->body);
	free(rq);
}

static size_t
metrc_curl_write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct metrc_req	*rq = arg;

	return (curl_loop_keep(&rq->reply, METRC_MAX_REPLY, p, size * n));
}

static size_t
metrc_curl_header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct metrc_req	*rq = arg;
	size_t			 len = size * n;
	char			 line[64];
	const char		*errstr;

	if (len > 12 && len < sizeof line &&
	    strncasecmp(p, "Retry-After:", 12) == 0) {
		memcpy(line, p + 12, len - 12);
		line[len - 12] = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		rq->retry_after = (long)util_strtonum(line + strspn(line, " \t"),
		    0, METRC_MAX_BACKOFF, &errstr);
		if (errstr != NULL)
			rq->retry_after = -1;
	}
	return (len);
}

void
metrc_curl_start(struct metrc *m, struct metrc_req *rq)
{
	CURL	*e;
	long	 t;

	rq->retry_after = -1;
	rq->easy = e = curl_loop_easy(rq, rq->errbuf, metrc_curl_write_cb);
	curl_easy_setopt(e, CURLOPT_URL, rq->url);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, metrc_curl_header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, rq);
	/* A customer is waiting on a patient check: the shorter wait. */
	t = m->timeout;
	if (rq->call == MC_PATIENT && m->patient_timeout < t)
		t = m->patient_timeout;
	metrc_conf_easy(e, m->userpwd, t);
	rq->hdrs = curl_slist_append(rq->hdrs, "Accept: application/json");
	switch (rq->call) {
	case MC_UPDATE:
	case MC_LOCATION:
	case MC_DLV_COMPLETE:
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, "PUT");
		/* FALLTHROUGH */
	case MC_RECEIPTS:
	case MC_ADJUST:
	case MC_DELIVERY:
	case MC_RD:
	case MC_RD_DEPART:
	case MC_RD_SALE:
	case MC_RD_END:
	case MC_RD_RESTOCK:
		rq->hdrs = curl_slist_append(rq->hdrs,
		    "Content-Type: application/json");
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, rq->body.data);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)rq->body.len);
		break;
	case MC_DELETE:
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, "DELETE");
		break;
	default:
		break;
	}
	/*
	 * libcurl silently sends a request again when a reused connection
	 * dies before the reply: for a POST that could report twice. Writes
	 * go on a fresh connection, and an error comes back to us instead.
	 */
	if (!METRC_LOOKUP_CALL(rq->call) && rq->call != MC_PATIENT &&
	    rq->call != MC_PACKAGES && rq->call != MC_LAB) {
		curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, rq->hdrs);
	rq->started = 1;
	if (rq->slot != NULL)
		rq->slot->rq = rq;
	else {
		/* Not paced, but the jobs' requests make room for it. */
		metrc_rate_take(m, util_now());
	}
	/* A patient check's URL holds the card number: never logged. */
	if (rq->call == MC_PATIENT)
		log_debug("metrc: patient status check");
	else
		log_debug("metrc: %s", rq->url);
	if (curl_multi_add_handle(m->loop.multi, e) != CURLM_OK)
		fatalx("curl_multi_add_handle failed");
}

void
metrc_curl_check(void *arg)
{
	struct metrc		*m = arg;
	struct metrc_req	*rq;
	CURLMsg			*msg;
	int			 left;
	CURLcode		 cc;

	while ((msg = curl_multi_info_read(m->loop.multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE || metrc_transfers_done(msg))
			continue;
		cc = msg->data.result;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &rq);
		curl_multi_remove_handle(m->loop.multi, msg->easy_handle);
		if (rq->call == MC_PATIENT) {
			TAILQ_REMOVE(&m->patients, rq, entry);
			m->npatients--;
			metrc_patient_done(m, rq, cc);
			metrc_curl_free(rq);
			continue;
		}
		if (rq->call == MC_LAB) {
			metrc_lab_done(m, rq, cc);
			metrc_curl_free(rq);
			continue;
		}
		if (rq->call == MC_PACKAGES) {
			if (m->recon != NULL && m->recon->rq == rq)
				m->recon->rq = NULL;
			metrc_recon_done(m, rq, cc);
			metrc_curl_free(rq);
			continue;
		}
		if (rq->slot != NULL)
			rq->slot->rq = NULL;
		metrc_done(m, rq, cc);
		metrc_curl_free(rq);
	}
}
