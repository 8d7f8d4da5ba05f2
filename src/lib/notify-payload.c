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

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notify.h"

/*
 * What a notification says and how it goes on the wire, as pure functions
 * of a job and the store: the message text (one short built-in template
 * per event, short enough for one SMS when names are), the webhook's JSON
 * body and its signature, and the mail message. A job's body is the same
 * bytes on every attempt, so a receiver may compare a retry with the
 * first.
 */

/* "Hi Ann," or "Hello," when there is no first name. */
static void
notify_greeting(const struct notify_job *j, char *out, size_t len)
{
	if (*j->first != '\0')
		snprintf(out, len, "Hi %s,", j->first);
	else
		snprintf(out, len, "Hello,");
}

/* A time in UTC, RFC 3339: "2026-06-14T22:40:00Z". */
static void
notify_utc(int64_t t, char *out, size_t len)
{
	time_t		secs = (time_t)(t / 1000000);
	struct tm	tm;

	gmtime_r(&secs, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The message the customer reads; the caller frees it. */
char *
notify_text(const struct notify_store *ns, const struct notify_job *j)
{
	char	 hi[64], eta[16], *s = NULL;

	notify_greeting(j, hi, sizeof hi);
	eta[0] = '\0';
	if (j->eta != 0)
		util_time_fmt(j->eta, ns->tz, "%H:%M", eta, sizeof eta);
	switch (j->kind) {
	case NOTIFY_CONFIRMED:
		xasprintf(&s, "%s %s has your order %llu. We will tell you "
		    "when it is packed.", hi, ns->name,
		    (unsigned long long)j->order);
		break;
	case NOTIFY_PACKED:
		xasprintf(&s, "%s your order %llu from %s is packed.", hi,
		    (unsigned long long)j->order, ns->name);
		break;
	case NOTIFY_OUT:
		xasprintf(&s, "%s your order %llu from %s is out for "
		    "delivery, expected around %s.", hi,
		    (unsigned long long)j->order, ns->name, eta);
		break;
	case NOTIFY_SOON:
		xasprintf(&s, "%s your order %llu from %s is arriving soon, "
		    "around %s.", hi, (unsigned long long)j->order, ns->name,
		    eta);
		break;
	case NOTIFY_DELIVERED:
		xasprintf(&s, "%s your order %llu from %s was delivered. "
		    "Thank you.", hi, (unsigned long long)j->order, ns->name);
		break;
	default:
		xasprintf(&s, "%s we could not deliver your order %llu from "
		    "%s. The store will contact you.", hi,
		    (unsigned long long)j->order, ns->name);
		break;
	}
	return (s);
}

/*
 * The webhook's body, compact JSON (the bytes that are signed):
 *
 *   {"id":"stash-LIC-n-7","event":"packed","order":42,"store":"Green
 *    Leaf","licence":"LIC","phone":"+15555550100","first_name":"Ann",
 *    "eta":null,"created":"2026-06-14T22:00:00Z","text":"Hi Ann, ..."}
 */
char *
notify_webhook_body(const struct notify_store *ns, const struct notify_job *j,
    size_t *len)
{
	json_t	*o;
	char	 id[NOTIFY_ID_MAX + 1], eta[32], created[32], *text, *s;

	notify_id(ns->licence, j->id, id, sizeof id);
	notify_utc(j->created, created, sizeof created);
	if (j->eta != 0)
		notify_utc(j->eta, eta, sizeof eta);
	text = notify_text(ns, j);
	o = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:s}",
	    "id", id, "event", notify_kind_name(j->kind), "order",
	    (json_int_t)j->order, "store", ns->name, "licence", ns->licence,
	    "phone", j->to, "first_name", *j->first != '\0' ?
	    json_string(j->first) : json_null(), "eta", j->eta != 0 ?
	    json_string(eta) : json_null(), "created", created, "text", text);
	free(text);
	if (o == NULL)
		fatalx("notify_webhook_body: json_pack failed");
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (s == NULL)
		fatalx("notify_webhook_body: json_dumps failed");
	*len = strlen(s);
	return (s);
}

/*
 * The signature header's value: "sha256=" and the lower-case hex of
 * HMAC-SHA256 over the body with the store's secret. out holds at least
 * NOTIFY_SIGNATURE_LEN + 1.
 */
void
notify_sign(const u_char *key, size_t keylen, const u_char *body,
    size_t len, char *out, size_t outlen)
{
	crypto_auth_hmacsha256_state	st;
	u_char				mac[crypto_auth_hmacsha256_BYTES];

	if (outlen < NOTIFY_SIGNATURE_LEN + 1)
		fatalx("notify_sign: buffer too short");
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	util_hex(mac, sizeof mac, out + 7);
	sodium_memzero(&st, sizeof st);
}

/* Printable ASCII only, for a header: anything else becomes '?'. */
static int
notify_ascii(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((u_char)*s < 0x20 || (u_char)*s > 0x7e)
			return (0);
	}
	return (1);
}

/* A header's text: as it is if ASCII, else RFC 2047 base64 words. */
static void
notify_header_text(struct buf *b, const char *s)
{
	char	enc[256];
	size_t	n, len = strlen(s), i;

	if (notify_ascii(s)) {
		buf_add(b, s, len);
		return;
	}
	/* 45 bytes a word keeps each encoded word under 75 characters. */
	for (i = 0; i < len; i += n) {
		n = len - i > 45 ? 45 : len - i;
		/* Do not split a UTF-8 sequence between words. */
		while (i + n < len && n > 1 &&
		    ((u_char)s[i + n] & 0xc0) == 0x80)
			n--;
		sodium_bin2base64(enc, sizeof enc, (const u_char *)s + i, n,
		    sodium_base64_VARIANT_ORIGINAL);
		if (i != 0)
			buf_add(b, "\r\n ", 3);
		buf_add(b, "=?UTF-8?B?", 10);
		buf_add(b, enc, strlen(enc));
		buf_add(b, "?=", 2);
	}
}

/* A display name: a quoted string if ASCII, else encoded words. */
static void
notify_display_name(struct buf *b, const char *s)
{
	if (!notify_ascii(s)) {
		notify_header_text(b, s);
		return;
	}
	buf_add(b, "\"", 1);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_add(b, "\\", 1);
		buf_add(b, s, 1);
	}
	buf_add(b, "\"", 1);
}

static void
notify_header(struct buf *b, const char *name, const char *value)
{
	buf_add(b, name, strlen(name));
	buf_add(b, ": ", 2);
	buf_add(b, value, strlen(value));
	buf_add(b, "\r\n", 2);
}

/*
 * The mail, headers and body with CRLF line ends, as the SMTP DATA
 * command takes it (libcurl adds the dot-stuffing). now is the Date.
 */
char *
notify_mail(const struct notify_store *ns, const struct notify_job *j,
    int64_t now, size_t *len)
{
	struct buf	 b;
	time_t		 secs = (time_t)(now / 1000000);
	struct tm	 tm;
	char		 id[NOTIFY_ID_MAX + 1], line[256], date[64], *text, *p;
	const char	*dom;
	static const char *subjects[] = {
		[NOTIFY_CONFIRMED] = "confirmed",
		[NOTIFY_PACKED] = "packed",
		[NOTIFY_OUT] = "out for delivery",
		[NOTIFY_SOON] = "arriving soon",
		[NOTIFY_DELIVERED] = "delivered",
		[NOTIFY_FAILED] = "not delivered",
	};

	notify_id(ns->licence, j->id, id, sizeof id);
	gmtime_r(&secs, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	dom = strchr(ns->from, '@');
	dom = dom != NULL ? dom + 1 : "stash.invalid";

	buf_init(&b);
	notify_header(&b, "Date", date);
	buf_add(&b, "From: ", 6);
	notify_display_name(&b, ns->name);
	snprintf(line, sizeof line, " <%s>\r\n", ns->from);
	buf_add(&b, line, strlen(line));
	snprintf(line, sizeof line, "<%s>", j->to);
	notify_header(&b, "To", line);
	buf_add(&b, "Subject: ", 9);
	notify_header_text(&b, ns->name);
	snprintf(line, sizeof line, ": order %llu %s\r\n",
	    (unsigned long long)j->order, subjects[j->kind]);
	buf_add(&b, line, strlen(line));
	snprintf(line, sizeof line, "<%s@%s>", id, dom);
	notify_header(&b, "Message-ID", line);
	notify_header(&b, "X-Stash-Id", id);
	notify_header(&b, "X-Stash-Event", notify_kind_name(j->kind));
	notify_header(&b, "Auto-Submitted", "auto-generated");
	notify_header(&b, "MIME-Version", "1.0");
	notify_header(&b, "Content-Type", "text/plain; charset=utf-8");
	notify_header(&b, "Content-Transfer-Encoding", "8bit");
	buf_add(&b, "\r\n", 2);
	text = notify_text(ns, j);
	for (p = text; *p != '\0'; p++) {
		if (*p == '\n')
			buf_add(&b, "\r\n", 2);
		else
			buf_add(&b, p, 1);
	}
	free(text);
	buf_add(&b, "\r\n", 2);
	*len = b.len;
	buf_add(&b, "", 1);
	return ((char *)b.data);
}
