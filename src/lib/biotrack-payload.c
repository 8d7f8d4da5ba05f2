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

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "biotrack-payload.h"
#include "metrc-payload.h"
#include "outbox.h"

/*
 * BioTrack legacy 4.0 requests and answers (biotrack-payload.h).
 *
 * Points the public sources leave open, kept here in one place each:
 * the quantity inventory_adjust takes (we send what the lot holds after
 * the adjustment, in grams or units, six decimals); the reason codes
 * (OpenTHC's: 1 audit, 2 theft, 4 correction, 6 depletion); the shape of
 * nonce_replay's answer (the earlier answer itself; a nonce it never saw
 * as an error whose text says so); a sale line's price (pre-tax, after
 * discounts, as Metrc's TotalAmount).
 */

/* A request's nonce: our reference and the attempt, unique per send. */
void
biotrack_nonce(char *out, size_t len, const char *ref, int attempt)
{
	snprintf(out, len, "%s-%d", ref, attempt);
}

static json_t *
biotrack_envelope(const char *action, const char *session, const char *nonce)
{
	json_t	*o;

	o = json_pack("{s:s, s:s}", "API", "4.0", "action", action);
	if (session != NULL)
		json_object_set_new(o, "sessionid", json_string(session));
	if (nonce != NULL)
		json_object_set_new(o, "nonce", json_string(nonce));
	return (o);
}

static char *
biotrack_dump(json_t *o)
{
	char	*s;

	s = json_dumps(o, JSON_COMPACT|JSON_SORT_KEYS);
	json_decref(o);
	if (s == NULL)
		fatalx("json_dumps failed");
	return (s);
}

/* Units as they are; mg as grams with six decimals (a string). */
static json_t *
biotrack_qty(int64_t q, int weight)
{
	char	s[32];

	if (!weight)
		return (json_integer(q));
	snprintf(s, sizeof s, "%s%lld.%03lld000", q < 0 ? "-" : "",
	    (long long)(q < 0 ? -q : q) / 1000,
	    (long long)(q < 0 ? -q : q) % 1000);
	return (json_string(s));
}

static json_t *
biotrack_price(int64_t cents)
{
	char	s[32];

	return (json_string(money_fmt(cents, s, sizeof s)));
}

/* login: the company's UBI, a user and its password (never logged). */
char *
biotrack_login(const char *ubi, const char *user, const char *password)
{
	json_t	*o;

	o = biotrack_envelope("login", NULL, NULL);
	json_object_set_new(o, "license_number", json_string(ubi));
	json_object_set_new(o, "username", json_string(user));
	json_object_set_new(o, "password", json_string(password));
	return (biotrack_dump(o));
}

static json_t *
biotrack_line(const struct sale *s, u_int i, int64_t qty)
{
	int64_t	amount;

	amount = metrc_payload_line_amount(s, i);
	if (qty != s->lines[i].qty)
		amount = money_muldiv(amount, qty, s->lines[i].qty);
	return (json_pack("{s:s, s:o, s:o}", "barcodeid", s->lines[i].tag,
	    "quantity", biotrack_qty(qty, s->lines[i].unit_weight), "price",
	    biotrack_price(amount)));
}

/* sale_dispense: every line of a sale, at its time (Unix seconds). */
char *
biotrack_dispense(const struct sale *s, const char *terminal,
    const char *session, const char *nonce)
{
	json_t	*o, *data;
	u_int	 i;

	o = biotrack_envelope("sale_dispense", session, nonce);
	json_object_set_new(o, "terminal_id", json_string(terminal));
	json_object_set_new(o, "sale_time", json_integer(s->time / 1000000));
	data = json_array();
	for (i = 0; i < s->nlines; i++)
		json_array_append_new(data, biotrack_line(s, i,
		    s->lines[i].qty));
	json_object_set_new(o, "data", data);
	return (biotrack_dump(o));
}

/* sale_refund: what came back, against the sale's transaction. */
char *
biotrack_refund(const struct sale *s, const struct sale_return *ret,
    int64_t transaction, const char *session, const char *nonce)
{
	json_t	*o, *data;
	u_int	 i, k;

	o = biotrack_envelope("sale_refund", session, nonce);
	json_object_set_new(o, "transactionid", json_integer(transaction));
	json_object_set_new(o, "sale_time", json_integer(ret->time /
	    1000000));
	data = json_array();
	for (k = 0; k < ret->nlines; k++) {
		for (i = 0; i < s->nlines; i++) {
			if (strcmp(s->lines[i].tag, ret->lines[k].tag) == 0)
				break;
		}
		if (i == s->nlines || ret->lines[k].qty <= 0)
			continue;
		json_array_append_new(data, biotrack_line(s, i,
		    ret->lines[k].qty));
	}
	json_object_set_new(o, "data", data);
	return (biotrack_dump(o));
}

char *
biotrack_void(int64_t transaction, const char *session, const char *nonce)
{
	json_t	*o;

	o = biotrack_envelope("sale_void", session, nonce);
	json_object_set_new(o, "transactionid", json_integer(transaction));
	return (biotrack_dump(o));
}

/* Is this adjustment a destruction (two steps at BioTrack)? */
int
biotrack_destroys(const struct adjust *a)
{
	return (strcmp(a->reason, "destruction") == 0 ||
	    strcmp(a->reason, "damage") == 0 ||
	    strcmp(a->reason, "expired") == 0);
}

/*
 * A quantity adjustment (inventory_adjust), or a destruction: its first
 * step, inventory_destroy_schedule; the state's waiting period runs from
 * there, and biotrack_destroy is the second.
 */
char *
biotrack_adjust(const struct adjust *a, int weight, const char *session,
    const char *nonce)
{
	static const struct {
		const char	*ours;
		int		 code;
	} codes[] = {
		{ "theft", 2 }, { "count", 1 }, { "entry-error", 4 },
		{ "scale-variance", 4 }, { "loss", 6 },
		{ "quality-control", 6 },
	};
	json_t	*o;
	size_t	 i;
	int	 code = 4;

	if (biotrack_destroys(a)) {
		o = biotrack_envelope("inventory_destroy_schedule", session,
		    nonce);
		json_object_set_new(o, "barcodeid", json_pack("[s]", a->tag));
		json_object_set_new(o, "reason_extended", json_integer(0));
		json_object_set_new(o, "reason", json_string(a->reason));
		return (biotrack_dump(o));
	}
	for (i = 0; i < sizeof codes / sizeof *codes; i++) {
		if (strcmp(codes[i].ours, a->reason) == 0)
			code = codes[i].code;
	}
	o = biotrack_envelope("inventory_adjust", session, nonce);
	json_object_set_new(o, "data", json_pack("{s:s, s:o, s:s, s:i, s:s}",
	    "barcodeid", a->tag, "quantity", biotrack_qty(a->qty_after,
	    weight), "quantity_uom", weight ? "g" : "each", "type", code,
	    "reason", *a->note != '\0' ? a->note : a->reason));
	return (biotrack_dump(o));
}

/*
 * A destruction's second step, once the waiting period after its
 * schedule has passed: inventory_destroy of the package.
 */
char *
biotrack_destroy(const char *tag, const char *session, const char *nonce)
{
	json_t	*o;

	o = biotrack_envelope("inventory_destroy", session, nonce);
	json_object_set_new(o, "barcodeid", json_string(tag));
	return (biotrack_dump(o));
}

/* nonce_replay: the answer to an earlier request, by its nonce. */
char *
biotrack_replay(const char *of, const char *session, const char *nonce)
{
	json_t	*o;

	o = biotrack_envelope("nonce_replay", session, nonce);
	json_object_set_new(o, "nonce_replay", json_string(of));
	return (biotrack_dump(o));
}

/* Does s contain what, in any case? */
static int
biotrack_has(const char *s, const char *what)
{
	size_t	n = strlen(what);

	for (; *s != '\0'; s++) {
		if (strncasecmp(s, what, n) == 0)
			return (1);
	}
	return (0);
}

/*
 * An answer's body: 0 with a filled in, or -1 if it is no answer
 * (empty, not JSON, not an object). A leaked "Content-Type:" line before
 * the JSON is passed over; success may be a number or a string.
 */
int
biotrack_answer(const char *body, size_t len, struct biotrack_answer *a)
{
	json_t		*o, *v;
	json_error_t	 e;
	const char	*p = body, *end = body + len, *s;

	memset(a, 0, sizeof *a);
	if (len == 0 || len > BIOTRACK_MAX_REPLY)
		return (-1);
	while (p < end && *p != '{') {
		if (!isspace((u_char)*p) && (size_t)(end - p) > 13 &&
		    strncasecmp(p, "Content-Type:", 13) == 0) {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		if (!isspace((u_char)*p))
			return (-1);
		p++;
	}
	if ((o = json_loadb(p, (size_t)(end - p), 0, &e)) == NULL)
		return (-1);
	if (!json_is_object(o)) {
		json_decref(o);
		return (-1);
	}
	v = json_object_get(o, "success");
	if (json_is_integer(v))
		a->success = json_integer_value(v) == 1;
	else if (json_is_string(v))
		a->success = strcmp(json_string_value(v), "1") == 0;
	else if (json_is_true(v))
		a->success = 1;
	v = json_object_get(o, "transactionid");
	if (json_is_integer(v) && json_integer_value(v) > 0)
		a->transactionid = json_integer_value(v);
	else if (json_is_string(v))
		a->transactionid = strtoll(json_string_value(v), NULL, 10);
	if (a->transactionid < 0)
		a->transactionid = 0;
	if ((s = json_string_value(json_object_get(o, "sessionid"))) != NULL)
		strlcpy(a->sessionid, s, sizeof a->sessionid);
	if ((s = json_string_value(json_object_get(o, "error"))) != NULL)
		strlcpy(a->error, s, sizeof a->error);
	v = json_object_get(o, "errorcode");
	if (json_is_string(v))
		strlcpy(a->errorcode, json_string_value(v),
		    sizeof a->errorcode);
	else if (json_is_integer(v))
		snprintf(a->errorcode, sizeof a->errorcode, "%lld",
		    (long long)json_integer_value(v));
	json_decref(o);
	if (!a->success) {
		a->expired = biotrack_has(a->error, "session") &&
		    biotrack_has(a->error, "expired");
		a->unknown_nonce = biotrack_has(a->error, "nonce") &&
		    (biotrack_has(a->error, "not found") ||
		    biotrack_has(a->error, "unknown"));
	}
	return (0);
}

/*
 * An answer as the adapters' result: no answer, a status other than 200
 * or a body that is none: unknown (the request may have been applied:
 * replay its nonce); an expired session: retry after a login (the
 * request was refused, not applied); success: done, the transaction; any
 * other error: refused, code and text, for a person.
 */
void
biotrack_result(long status, int parsed, const struct biotrack_answer *a,
    struct state_result *r)
{
	char	msg[BIOTRACK_ERROR_MAX + 64];

	if (status != 200 || !parsed) {
		snprintf(msg, sizeof msg, status == 0 ? "no answer from "
		    "BioTrack" : "HTTP %ld from BioTrack, or no answer in "
		    "its body", status);
		state_result_set(r, STATE_UNKNOWN, 0, msg);
		return;
	}
	if (a->success) {
		state_result_set(r, STATE_DONE, a->transactionid, "");
		return;
	}
	if (a->expired) {
		state_result_set(r, STATE_RETRY, 0, "the BioTrack session "
		    "expired: logging in again");
		return;
	}
	snprintf(msg, sizeof msg, "BioTrack refused it (error %s): %s",
	    *a->errorcode != '\0' ? a->errorcode : "?",
	    *a->error != '\0' ? a->error : "no text");
	state_result_set(r, STATE_REJECTED, 0, msg);
}
