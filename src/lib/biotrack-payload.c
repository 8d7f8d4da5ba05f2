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
#include "sale.h"
#include "biotrack-payload.h"
#include "inventory.h"
#include "metrc-conf.h"
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

/*
 * BioTrack's barcodes are 16 digits; the ledger's tags are TAG_LEN
 * characters. A barcode is kept as a tag with eight zeros before it
 * (biotrack_tag), and sent without them (biotrack_barcode); a tag of
 * another form (a store that came from Metrc) is sent as it is.
 */
#define BIOTRACK_BARCODE_LEN	16
#define BIOTRACK_PAD		(TAG_LEN - BIOTRACK_BARCODE_LEN)

const char *
biotrack_barcode(const char *tag)
{
	size_t	i;

	if (strlen(tag) != TAG_LEN)
		return (tag);
	for (i = 0; i < BIOTRACK_PAD; i++) {
		if (tag[i] != '0')
			return (tag);
	}
	for (; i < TAG_LEN; i++) {
		if (!isdigit((u_char)tag[i]))
			return (tag);
	}
	return (tag + BIOTRACK_PAD);
}

/* A barcode the state gives as our tag; -1 if it is neither form. */
int
biotrack_tag(const char *barcode, char *out, size_t len)
{
	size_t	i, n = strlen(barcode);

	if (n == TAG_LEN) {
		strlcpy(out, barcode, len);
		util_tag_upper(out);
		return (0);
	}
	if (n != BIOTRACK_BARCODE_LEN || len < TAG_LEN + 1)
		return (-1);
	for (i = 0; i < n; i++) {
		if (!isdigit((u_char)barcode[i]))
			return (-1);
	}
	memset(out, '0', BIOTRACK_PAD);
	memcpy(out + BIOTRACK_PAD, barcode, n + 1);
	return (0);
}

/* biotrack-secrets' lines: the company's UBI and the API user. */
const char *const biotrack_secret_names[3] = { "ubi", "username",
    "password" };

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
	return (json_pack("{s:s, s:o, s:o}", "barcodeid",
	    biotrack_barcode(s->lines[i].tag),
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
	u_int	 k;
	int	 i;

	o = biotrack_envelope("sale_refund", session, nonce);
	json_object_set_new(o, "transactionid", json_integer(transaction));
	json_object_set_new(o, "sale_time", json_integer(ret->time /
	    1000000));
	data = json_array();
	for (k = 0; k < ret->nlines; k++) {
		if ((i = sale_line_of(s, ret->lines[k].tag)) == -1 ||
		    ret->lines[k].qty <= 0)
			continue;
		json_array_append_new(data, biotrack_line(s, (u_int)i,
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
		json_object_set_new(o, "barcodeid", json_pack("[s]",
		    biotrack_barcode(a->tag)));
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
	    "barcodeid", biotrack_barcode(a->tag), "quantity",
	    biotrack_qty(a->qty_after,
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
	json_object_set_new(o, "barcodeid", json_string(biotrack_barcode(tag)));
	return (biotrack_dump(o));
}

/*
 * inventory_move: the package into one of the state's rooms (a number;
 * biotrack_room says which).
 */
char *
biotrack_move(const char *tag, int64_t room, const char *session,
    const char *nonce)
{
	json_t	*o;

	o = biotrack_envelope("inventory_move", session, nonce);
	json_object_set_new(o, "data", json_pack("[{s:s, s:I}]", "barcodeid",
	    biotrack_barcode(tag), "room", (json_int_t)room));
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

/* Where s contains what, in any case: just after it, or NULL. */
static const char *
biotrack_has(const char *s, const char *what)
{
	size_t	n = strlen(what);

	for (; *s != '\0'; s++) {
		if (strncasecmp(s, what, n) == 0)
			return (s + n);
	}
	return (NULL);
}

/*
 * An answer's body as its object, or NULL if it is no answer (empty, not
 * JSON, not an object). A leaked "Content-Type:" line before the JSON is
 * passed over.
 */
json_t *
biotrack_load(const char *body, size_t len)
{
	json_t		*o;
	json_error_t	 e;
	const char	*p = body, *end = body + len;

	if (len == 0 || len > BIOTRACK_MAX_REPLY)
		return (NULL);
	while (p < end && *p != '{') {
		if (!isspace((u_char)*p) && (size_t)(end - p) > 13 &&
		    strncasecmp(p, "Content-Type:", 13) == 0) {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		if (!isspace((u_char)*p))
			return (NULL);
		p++;
	}
	if ((o = json_loadb(p, (size_t)(end - p), 0, &e)) == NULL)
		return (NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return (NULL);
	}
	return (o);
}

/*
 * A loaded answer's outcome into a; success may be a number or a string.
 * A refusal is read by its code and its text together, as BioTrack reuses
 * code 602 for unrelated refusals and has changed its words unannounced:
 * - the session expired: code 63 (whatever its words), or words saying
 *   "session" then "expired" (under 602 or any code): log in again and
 *   send it again, it was not applied;
 * - a nonce_replay of a nonce never seen ("nonce" and "not found" or
 *   "unknown", 602): the request was not applied;
 * - a lookup finding nothing ("no inbound" or "no outstanding", 602):
 *   an empty list;
 * - anything else (602 with other words, 17 or 62 for a request stash
 *   built wrong): refused, for a person to read (biotrack_result).
 */
void
biotrack_read(json_t *o, struct biotrack_answer *a)
{
	json_t		*v;
	const char	*s, *p;

	memset(a, 0, sizeof *a);
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
	if (!a->success) {
		a->expired = strcmp(a->errorcode, BIOTRACK_EXPIRED) == 0 ||
		    ((p = biotrack_has(a->error, "session")) != NULL &&
		    biotrack_has(p, "expired") != NULL);
		a->unknown_nonce = biotrack_has(a->error, "nonce") != NULL &&
		    (biotrack_has(a->error, "not found") != NULL ||
		    biotrack_has(a->error, "unknown") != NULL);
		a->none = biotrack_has(a->error, "no inbound") != NULL ||
		    biotrack_has(a->error, "no outstanding") != NULL;
	}
}

/* An answer's body: 0 with a filled in, or -1 if it is no answer. */
int
biotrack_answer(const char *body, size_t len, struct biotrack_answer *a)
{
	json_t	*o;

	memset(a, 0, sizeof *a);
	if ((o = biotrack_load(body, len)) == NULL)
		return (-1);
	biotrack_read(o, a);
	json_decref(o);
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

/* --- lookups: inbound transfers and the state's inventory --- */

/* inventory_manifest_lookup: the manifests inbound to our location. */
char *
biotrack_manifest_lookup(const char *location, const char *session,
    const char *nonce)
{
	json_t	*o;

	o = biotrack_envelope("inventory_manifest_lookup", session, nonce);
	json_object_set_new(o, "location", json_string(location));
	return (biotrack_dump(o));
}

/* inventory_transfer_lookup: one manifest's items. */
char *
biotrack_transfer_lookup(const char *location, const char *manifest,
    const char *session, const char *nonce)
{
	json_t	*o;

	o = biotrack_envelope("inventory_transfer_lookup", session, nonce);
	json_object_set_new(o, "location", json_string(location));
	json_object_set_new(o, "manifest_id", json_string(manifest));
	return (biotrack_dump(o));
}

/* An item of a transfer's receipt: what we took in of a package. */
json_t *
biotrack_receive_item(const char *tag, int64_t qty, int weight)
{
	return (json_pack("{s:s, s:o}", "barcodeid", biotrack_barcode(tag),
	    "quantity", biotrack_qty(qty, weight)));
}

/*
 * inventory_transfer_inbound: an inbound manifest received at location
 * (our licence), with the items taken in (items, biotrack_receive_item's;
 * the request keeps it). The barcodes say which manifest: the call names
 * none.
 */
char *
biotrack_transfer_inbound(const char *location, json_t *items,
    const char *session, const char *nonce)
{
	json_t	*o;

	o = biotrack_envelope("inventory_transfer_inbound", session, nonce);
	json_object_set_new(o, "location", json_string(location));
	json_object_set_new(o, "data", items);
	return (biotrack_dump(o));
}

/* sync_check: which tables changed (nothing downloaded). */
char *
biotrack_sync_check(const char *session, const char *nonce)
{
	json_t	*o;

	o = biotrack_envelope("sync_check", session, nonce);
	json_object_set_new(o, "download", json_integer(0));
	return (biotrack_dump(o));
}

/* sync_TABLE: the whole table, from its first transaction. */
char *
biotrack_sync(const char *table, const char *session, const char *nonce)
{
	json_t	*o;
	char	 action[64];

	snprintf(action, sizeof action, "sync_%s", table);
	o = biotrack_envelope(action, session, nonce);
	json_object_set_new(o, "download", json_integer(1));
	json_object_set_new(o, "transaction_start", json_integer(0));
	return (biotrack_dump(o));
}

/*
 * A number BioTrack sends, often as a string ("2246", "3.5"), in
 * thousandths: 0 with out set, -1 if it is none or negative. Places past
 * the third are dropped.
 */
int
biotrack_milli(json_t *v, int64_t *out)
{
	const char	*s, *p;
	int64_t		 whole = 0, frac = 0;
	int		 places = 0;

	if (!json_is_string(v))
		return (money_json_milli(v, out) != 0 || *out < 0 ? -1 : 0);
	s = json_string_value(v);
	for (p = s; isdigit((u_char)*p); p++) {
		if (whole > INT64_MAX / 10000)
			return (-1);
		whole = whole * 10 + (*p - '0');
	}
	if (p == s)
		return (-1);
	if (*p == '.') {
		for (p++; isdigit((u_char)*p); p++) {
			if (places++ < 3)
				frac = frac * 10 + (*p - '0');
		}
	}
	if (*p != '\0')
		return (-1);
	for (; places < 3; places++)
		frac *= 10;
	*out = whole * 1000 + frac;
	return (0);
}

/* A string or a number BioTrack sends, as text; NULL if neither. */
static const char *
biotrack_text(json_t *v, char *buf, size_t len)
{
	if (json_is_string(v))
		return (json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return (buf);
	}
	return (NULL);
}

/*
 * inventory_manifest_lookup's answer: [{manifest, supplier, transfer}]
 * (supplier "" if the row names no sender; transfer the manifest's ID as a
 * number, left out if it is not one, so no receipt can be queued for it).
 * Its row shape is not published: we read
 * data[] rows' manifest_id and license_number (unconfirmed). A 602 that
 * says there are no inbound transfers is an empty list; any other
 * refusal NULL.
 */
json_t *
biotrack_manifest_list(json_t *o)
{
	struct biotrack_answer	 a;
	json_t			*out, *row, *m;
	const char		*id, *from, *errstr;
	char			 b1[32], b2[32], b3[32];
	int64_t			 n;
	size_t			 i;

	biotrack_read(o, &a);
	if (!a.success)
		return (a.none ? json_array() : NULL);
	out = json_array();
	json_array_foreach(json_object_get(o, "data"), i, row) {
		id = biotrack_text(json_object_get(row, "manifest_id"), b1,
		    sizeof b1);
		from = biotrack_text(json_object_get(row, "license_number"),
		    b2, sizeof b2);
		if (id == NULL || *id == '\0')
			continue;
		m = json_pack("{s:s, s:s}", "manifest", id, "supplier",
		    from != NULL ? from : "");
		/* A number that reads back the same: its receipt's job. */
		n = util_strtonum(id, 1, INT64_MAX, &errstr);
		snprintf(b3, sizeof b3, "%lld", (long long)n);
		if (errstr == NULL && strcmp(b3, id) == 0)
			json_object_set_new(m, "transfer", json_integer(n));
		json_array_append_new(out, m);
	}
	return (out);
}

/*
 * inventory_transfer_lookup's answer: [{tag, product, milli}], milli the
 * quantity in thousandths of the item's unit (grams or units). NULL with
 * why if a row cannot be read, or BioTrack refused (a 602 saying there
 * is nothing outstanding is an empty list).
 */
json_t *
biotrack_transfer_items(json_t *o, char *why, size_t len)
{
	struct biotrack_answer	 a;
	json_t			*out, *row, *item;
	size_t			 i;

	biotrack_read(o, &a);
	if (!a.success) {
		if (a.none)
			return (json_array());
		snprintf(why, len, "BioTrack refused the lookup (error %s): "
		    "%s", *a.errorcode != '\0' ? a.errorcode : "?", a.error);
		return (NULL);
	}
	out = json_array();
	json_array_foreach(json_object_get(o, "data"), i, row) {
		if ((item = biotrack_item(json_object_get(row, "barcode_id"),
		    json_object_get(row, "product"), json_object_get(row,
		    "quantity"))) == NULL) {
			snprintf(why, len, "item %zu has no barcode, product or "
			    "quantity that can be read", i + 1);
			json_decref(out);
			return (NULL);
		}
		json_array_append_new(out, item);
	}
	return (out);
}

/* Did BioTrack refuse the call (what)? 1 with why (its code and text). */
static int
biotrack_refused(json_t *o, const char *what, char *why, size_t len)
{
	struct biotrack_answer	a;

	biotrack_read(o, &a);
	if (a.success)
		return (0);
	snprintf(why, len, "BioTrack refused %s (error %s): %s", what,
	    *a.errorcode != '\0' ? a.errorcode : "?", a.error);
	return (1);
}

/* Is a sync row deleted ("1", 1 or true)? */
static int
biotrack_deleted(json_t *del)
{
	return ((json_is_string(del) && strcmp(json_string_value(del),
	    "1") == 0) || json_is_true(del) || (json_is_integer(del) &&
	    json_integer_value(del) != 0));
}

/*
 * A list of the state's rooms as [{id, name}]: each row's idkey (a
 * positive number, or a string of one) and namekey; deleted rows
 * (delkey) and rows without both are left out. Both adapters' answers
 * come here (sync_inventory_room's rows, GET /v1/inventory/room's).
 */
json_t *
biotrack_room_rows(json_t *rows, const char *idkey, const char *namekey,
    const char *delkey)
{
	json_t		*out, *row, *v;
	const char	*name;
	char		*end;
	int64_t		 id;
	size_t		 i;

	out = json_array();
	json_array_foreach(rows, i, row) {
		v = json_object_get(row, idkey);
		id = 0;
		if (json_is_integer(v))
			id = json_integer_value(v);
		else if (json_is_string(v)) {
			id = strtoll(json_string_value(v), &end, 10);
			if (*end != '\0' || end == json_string_value(v))
				id = 0;
		}
		name = json_string_value(json_object_get(row, namekey));
		if (id <= 0 || name == NULL || *name == '\0' ||
		    biotrack_deleted(json_object_get(row, delkey)))
			continue;
		json_array_append_new(out, json_pack("{s:I, s:s}", "id",
		    (json_int_t)id, "name", name));
	}
	return (out);
}

/*
 * sync_inventory_room's answer as the state's rooms, [{id, name}]. Rows
 * are read from "inventory_room"[]: roomid, name, deleted (unconfirmed:
 * the public sources name the table, not its columns). NULL with why if
 * BioTrack refused.
 */
json_t *
biotrack_rooms(json_t *o, char *why, size_t len)
{
	if (biotrack_refused(o, "sync_inventory_room", why, len))
		return (NULL);
	return (biotrack_room_rows(json_object_get(o, "inventory_room"),
	    "roomid", "name", "deleted"));
}

/*
 * The state's room (id) for our location, for a move: biotrack-rooms'
 * entry for it (map, ours -> a room's id, or its name), else the state's
 * room named as our location is (in any case). rooms is the state's list
 * ([{id, name}]; NULL if it could not be read). 0 with *room, or -1 with
 * why: what a manager sets so that the move can go.
 */
int
biotrack_room(json_t *rooms, json_t *map, const char *location,
    int64_t *room, char *why, size_t len)
{
	json_t		*r;
	const char	*want, *name;
	char		*end, list[96];
	size_t		 i, n;

	*room = 0;
	want = json_string_value(json_object_get(map, location));
	if (want != NULL) {
		*room = strtoll(want, &end, 10);
		if (*end == '\0' && *room > 0)
			return (0);
		*room = 0;
	} else
		want = location;
	*list = '\0';
	json_array_foreach(rooms, i, r) {
		name = json_string_value(json_object_get(r, "name"));
		if (name != NULL && strcasecmp(name, want) == 0) {
			*room = json_integer_value(json_object_get(r, "id"));
			return (0);
		}
		n = strlen(list);
		if (n + 4 < sizeof list)
			snprintf(list + n, sizeof list - n, "%s%lld %s",
			    n != 0 ? ", " : "", (long long)json_integer_value(
			    json_object_get(r, "id")), name);
	}
	if (strlen(list) + 4 >= sizeof list)
		strlcpy(list + sizeof list - 5, "...", 4);
	if (want != location)
		snprintf(why, len, "biotrack-rooms maps %s to \"%s\", no room "
		    "of the state's: correct it in stash.conf, restart stashd, "
		    "then stashctl compliance retry (%s%s)", location, want,
		    rooms == NULL ? "its rooms could not be read" : "its rooms: ",
		    rooms == NULL ? "" : *list != '\0' ? list : "none");
	else
		snprintf(why, len, "no BioTrack room for our location %s: add "
		    "%s=ROOM to biotrack-rooms in stash.conf, restart stashd, "
		    "then stashctl compliance retry (%s%s)", location, location,
		    rooms == NULL ? "the state's rooms could not be read" :
		    "the state's rooms: ", rooms == NULL ? "" : *list != '\0' ?
		    list : "none");
	return (-1);
}

/* biotrack-rooms (ours=ROOM;...) as a map, or NULL with cause. */
json_t *
biotrack_room_map(const char *value, char **cause)
{
	return (metrc_conf_map("biotrack-rooms", value,
	    inventory_location_valid, "one of our locations (floor, vault, "
	    "express, quarantine or vehicle:NAME)", cause));
}

/*
 * sync_inventory's answer as the packages the reconciliation compares
 * (reconcile-compare.c): [{Label, Quantity}], Quantity in the item's unit.
 * Rows are read from "inventory"[]: id (the 16-digit barcode),
 * remaining_quantity, deleted (unconfirmed: the public sources name the
 * table, not its columns). Deleted rows and rows with nothing left are
 * not active. NULL with why if BioTrack refused.
 */
json_t *
biotrack_inventory(json_t *o, char *why, size_t len)
{
	json_t			*out, *row, *pk;
	size_t			 i;

	if (biotrack_refused(o, "sync_inventory", why, len))
		return (NULL);
	out = json_array();
	json_array_foreach(json_object_get(o, "inventory"), i, row) {
		if ((pk = biotrack_package(json_object_get(row, "id"),
		    json_object_get(row, "deleted"), json_object_get(row,
		    "remaining_quantity"))) != NULL)
			json_array_append_new(out, pk);
	}
	return (out);
}

/*
 * A transfer's item as intake takes it: {tag, product, milli}, milli the
 * quantity in thousandths of the item's unit (grams or units); NULL if
 * its barcode, product name or quantity cannot be read (both adapters'
 * inbound transfers).
 */
json_t *
biotrack_item(json_t *barcode, json_t *product, json_t *qty)
{
	char	tag[TAG_LEN + 1];
	int64_t	milli;

	if (!json_is_string(barcode) || biotrack_tag(json_string_value(
	    barcode), tag, sizeof tag) != 0 || !json_is_string(product) ||
	    biotrack_milli(qty, &milli) != 0 || milli <= 0)
		return (NULL);
	return (json_pack("{s:s, s:s, s:I}", "tag", tag, "product",
	    json_string_value(product), "milli", (json_int_t)milli));
}

/*
 * An inventory row as the reconciliation compares it (reconcile-compare.c):
 * {Label, Quantity}, Quantity in the item's unit; NULL if the row is
 * deleted ("1", true or non-zero), has nothing left, or cannot be read
 * (both adapters' reconciliations).
 */
json_t *
biotrack_package(json_t *barcode, json_t *deleted, json_t *qty)
{
	char	tag[TAG_LEN + 1];
	int64_t	milli;

	if (!json_is_string(barcode) || biotrack_tag(json_string_value(
	    barcode), tag, sizeof tag) != 0 || biotrack_deleted(deleted) ||
	    biotrack_milli(qty, &milli) != 0 || milli == 0)
		return (NULL);
	return (json_pack("{s:s, s:f}", "Label", tag, "Quantity",
	    (double)milli / 1000));
}
