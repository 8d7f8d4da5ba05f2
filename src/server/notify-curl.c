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

#include "notify-drain.h"

/*
 * The notification drain's libcurl multi handle on the server's event
 * base (after curl's multi-event.c, as metrc-curl.c does for Metrc: an
 * event per socket curl watches and one timer), the two kinds of send,
 * and what each answer means for the job.
 *
 * Nothing here logs a URL (it may carry a token or a password), an
 * address, a phone number, or what a server said back (it may quote the
 * address): only codes.
 */

void
notify_curl_free(struct notify_req *rq)
{
	if (rq->easy != NULL)
		curl_easy_cleanup(rq->easy);
	curl_slist_free_all(rq->hdrs);
	curl_slist_free_all(rq->rcpt);
	free(rq->body);
	free(rq);
}

/* The mail for the DATA command, a piece at a time. */
static size_t
notify_curl_read_cb(char *p, size_t size, size_t n, void *arg)
{
	struct notify_req	*rq = arg;
	size_t			 want = size * n, left = rq->len - rq->off;

	if (want > left)
		want = left;
	memcpy(p, rq->body + rq->off, want);
	rq->off += want;
	return (want);
}

/* A webhook's answer is not kept (it may echo the phone): only counted. */
static size_t
notify_curl_write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct notify_req	*rq = arg;

	(void)p;
	rq->replied += size * n;
	if (rq->replied > NOTIFY_MAX_REPLY)
		return (0);	/* a receiver that talks on: fail it */
	return (size * n);
}

static void
notify_curl_check(void *arg)
{
	struct notify_drain	*d = arg;
	struct notify_req	*rq;
	CURLMsg			*msg;
	int			 left;

	while ((msg = curl_multi_info_read(d->loop.multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &rq);
		curl_multi_remove_handle(d->loop.multi, msg->easy_handle);
		notify_done(d, rq, msg->data.result);
	}
}

void
notify_curl_init(struct notify_drain *d)
{
	curl_loop_init(&d->loop, d->srv->base, notify_curl_check, d);
}

void
notify_curl_start(struct notify_drain *d, struct notify_req *rq)
{
	CURL	*e;
	char	 sig[NOTIFY_SIGNATURE_LEN + 1], *h, id[NOTIFY_ID_MAX + 1];

	rq->easy = e = curl_easy_init();
	if (e == NULL)
		fatalx("curl_easy_init failed");
	curl_easy_setopt(e, CURLOPT_PRIVATE, rq);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, rq->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, d->timeout < 10 ?
	    d->timeout : 10L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, d->timeout);
	/*
	 * A fresh connection each time: libcurl resends a request by
	 * itself when a reused connection dies, and we want to know.
	 */
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	if (rq->channel == NOTIFY_MAIL) {
		curl_easy_setopt(e, CURLOPT_URL, d->smtp_url);
		curl_easy_setopt(e, CURLOPT_USE_SSL, d->smtp_tls ?
		    (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
		if (d->smtp_user != NULL) {
			curl_easy_setopt(e, CURLOPT_USERNAME, d->smtp_user);
			curl_easy_setopt(e, CURLOPT_PASSWORD, d->smtp_pass);
		}
		xasprintf(&h, "<%s>", d->smtp_from);
		curl_easy_setopt(e, CURLOPT_MAIL_FROM, h);	/* copied */
		free(h);
		/* rcpt: the job's address, checked when it was written. */
		curl_easy_setopt(e, CURLOPT_MAIL_RCPT, rq->rcpt);
		curl_easy_setopt(e, CURLOPT_READFUNCTION, notify_curl_read_cb);
		curl_easy_setopt(e, CURLOPT_READDATA, rq);
		curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE,
		    (curl_off_t)rq->len);
	} else {
		curl_easy_setopt(e, CURLOPT_URL, d->webhook_url);
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(e, CURLOPT_WRITEFUNCTION,
		    notify_curl_write_cb);
		curl_easy_setopt(e, CURLOPT_WRITEDATA, rq);
		notify_sign(d->secret, d->secretlen, (u_char *)rq->body,
		    rq->len, sig, sizeof sig);
		notify_id(d->ns.licence, rq->job, id, sizeof id);
		rq->hdrs = curl_slist_append(rq->hdrs,
		    "Content-Type: application/json");
		xasprintf(&h, "X-Stash-Id: %s", id);
		rq->hdrs = curl_slist_append(rq->hdrs, h);
		free(h);
		xasprintf(&h, "X-Stash-Event: %s", notify_kind_name(rq->kind));
		rq->hdrs = curl_slist_append(rq->hdrs, h);
		free(h);
		xasprintf(&h, "X-Stash-Signature: %s", sig);
		rq->hdrs = curl_slist_append(rq->hdrs, h);
		free(h);
		/* No "Expect: 100-continue" round trip. */
		rq->hdrs = curl_slist_append(rq->hdrs, "Expect:");
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, rq->hdrs);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, rq->body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)rq->len);
	}
	if (curl_multi_add_handle(d->loop.multi, e) != CURLM_OK)
		fatalx("curl_multi_add_handle failed");
}

/*
 * What an answer means. Mail: done only on the server's final 250 after
 * the message (libcurl returns CURLE_OK only then); a 5xx to the sender,
 * the recipient or the message is for good, except a refused login (the
 * store's settings, not the message); anything else is tried again.
 * Webhook: 2xx done; 408, 425, 429 and 5xx again; any other answer is for
 * good; no answer at all is tried again.
 */
void
notify_curl_classify(struct notify_req *rq, CURLcode cc, long code)
{
	if (rq->channel == NOTIFY_MAIL) {
		if (cc == CURLE_OK) {
			rq->outcome = NOTIFY_SENT;
			return;
		}
		if (cc == CURLE_LOGIN_DENIED) {
			rq->outcome = NOTIFY_AGAIN;
			snprintf(rq->why, sizeof rq->why, "the mail server "
			    "refused the login: check smtp-user and "
			    "smtp-secret");
			return;
		}
		if (code >= 500 && code <= 599) {
			rq->outcome = NOTIFY_REFUSED;
			snprintf(rq->why, sizeof rq->why, "the mail server "
			    "refused the %s for good (SMTP %ld)",
			    strncmp(rq->errbuf, "RCPT", 4) == 0 ?
			    "recipient" : strncmp(rq->errbuf, "MAIL", 4) ==
			    0 ? "sender (smtp-from)" : "message", code);
			return;
		}
		rq->outcome = NOTIFY_AGAIN;
		if (code >= 400 && code <= 499)
			snprintf(rq->why, sizeof rq->why, "the mail server "
			    "said try later (SMTP %ld)", code);
		else
			snprintf(rq->why, sizeof rq->why, "mail not sent: %s",
			    curl_easy_strerror(cc));
		return;
	}
	if (cc != CURLE_OK) {
		rq->outcome = NOTIFY_AGAIN;
		snprintf(rq->why, sizeof rq->why, "webhook not reached: %s",
		    curl_easy_strerror(cc));
		return;
	}
	if (code >= 200 && code <= 299) {
		rq->outcome = NOTIFY_SENT;
		return;
	}
	if (code == 408 || code == 425 || code == 429 ||
	    (code >= 500 && code <= 599) || code < 200) {
		rq->outcome = NOTIFY_AGAIN;
		snprintf(rq->why, sizeof rq->why, "the webhook said try "
		    "later (HTTP %ld)", code);
		return;
	}
	rq->outcome = NOTIFY_REFUSED;
	if (code >= 300 && code <= 399)
		snprintf(rq->why, sizeof rq->why, "the webhook answered a "
		    "redirect (HTTP %ld): set webhook-url to where it leads",
		    code);
	else
		snprintf(rq->why, sizeof rq->why, "the webhook refused it "
		    "(HTTP %ld)", code);
}
