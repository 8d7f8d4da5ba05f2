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
#include <time.h>

#include "store.h"
#include "sale.h"
#include "biotrack-payload.h"
#include "biotrack24-payload.h"
#include "metrc-payload.h"
#include "outbox.h"

/*
 * BioTrack v2024 requests and answers (biotrack24-payload.h). Only the
 * answers' shapes are known; the request field names, the rows of its
 * lists and the adjustment codes below are our reading, unconfirmed, and
 * all of them are in this one table so that a correction is one line.
 */
static const struct {
	const char	*ours;
	const char	*theirs;
} biotrack24_fields[] = {
	{ "request-id", "RequestID" },		/* idempotency: our ref */
	{ "external-id", "ExternalID" },	/* the lookup key */
	{ "items", "Item" },
	{ "barcode", "Barcode" },
	{ "quantity", "Quantity" },
	{ "price", "Price" },
	{ "created", "CreatedOn" },
	{ "reason", "Reason" },
	{ "adjust-type", "AdjustmentType" },
	{ "login-user", "Username" },
	{ "login-password", "Password" },
	/* Answers: lists (paged), inbound transfers, the inventory. */
	{ "data", "Data" },			/* and the rooms' list */
	{ "next-cursor", "NextCursor" },
	{ "cursor", "Cursor" },			/* the query's parameter */
	{ "id", "ID" },				/* a transfer's, a room's */
	{ "transfer-manifest", "ManifestID" },
	{ "transfer-sender", "FromLicense" },
	{ "product", "Product" },		/* an item's name */
	{ "received", "Received" },		/* a transfer, received */
	{ "remaining", "RemainingAmount" },	/* an inventory row's */
	{ "deleted", "Deleted" },
	{ "sync", "Sync" },			/* /v1/sync's tables */
	/* A move (PUT /v1/inventory/move) and the rooms' list. */
	{ "room", "RoomID" },
	{ "room-name", "Name" },
	/* Our adjustment reasons as BioTrack's adjustment types. */
	{ "theft", "2" },
	{ "count", "1" },
	{ "entry-error", "4" },
	{ "scale-variance", "4" },
	{ "loss", "6" },
	{ "quality-control", "6" },
	{ "other", "4" },
};

const char *
biotrack24_field(const char *ours)
{
	size_t	i;

	for (i = 0; i < sizeof biotrack24_fields / sizeof *biotrack24_fields;
	    i++) {
		if (strcmp(biotrack24_fields[i].ours, ours) == 0)
			return (biotrack24_fields[i].theirs);
	}
	return (biotrack24_field("other"));
}

#define F(x)	biotrack24_field(x)

static void
biotrack24_set(struct biotrack24_req *rq, const char *method, json_t *o,
    const char *fmt, ...)
{
	va_list	ap;

	rq->method = method;
	va_start(ap, fmt);
	vsnprintf(rq->path, sizeof rq->path, fmt, ap);
	va_end(ap);
	rq->body = NULL;
	if (o != NULL) {
		rq->body = json_dumps(o, JSON_COMPACT|JSON_SORT_KEYS);
		json_decref(o);
		if (rq->body == NULL)
			fatalx("json_dumps failed");
	}
}

static json_t *
biotrack24_write(const char *ref)
{
	return (json_pack("{s:s, s:s}", F("request-id"), ref,
	    F("external-id"), ref));
}

/* A quantity: units as an integer, milligrams as grams "1.500". */
static json_t *
biotrack24_qty(int64_t q, int weight)
{
	char	s[32];
	int64_t	a = q < 0 ? -q : q;

	if (!weight)
		return (json_integer(q));
	snprintf(s, sizeof s, "%s%lld.%03lld", q < 0 ? "-" : "",
	    (long long)(a / 1000), (long long)(a % 1000));
	return (json_string(s));
}

static json_t *
biotrack24_item(const struct sale *s, u_int i, int64_t qty)
{
	int64_t	amount;
	char	m[32];

	amount = metrc_payload_line_amount(s, i);
	if (qty != s->lines[i].qty)
		amount = money_muldiv(amount, qty, s->lines[i].qty);
	return (json_pack("{s:s, s:o, s:s}", F("barcode"), biotrack_barcode(
	    s->lines[i].tag), F("quantity"), biotrack24_qty(qty,
	    s->lines[i].unit_weight),
	    F("price"), money_fmt(amount, m, sizeof m)));
}

void
biotrack24_login(const char *user, const char *password,
    struct biotrack24_req *rq)
{
	biotrack24_set(rq, "POST", json_pack("{s:s, s:s}", F("login-user"),
	    user, F("login-password"), password), "/v1/user/login");
}

void
biotrack24_sale(const struct sale *s, const char *ref,
    struct biotrack24_req *rq)
{
	json_t	*o, *items;
	u_int	 i;

	o = biotrack24_write(ref);
	json_object_set_new(o, F("created"), json_integer(s->time / 1000000));
	items = json_array();
	for (i = 0; i < s->nlines; i++)
		json_array_append_new(items, biotrack24_item(s, i,
		    s->lines[i].qty));
	json_object_set_new(o, F("items"), items);
	biotrack24_set(rq, "POST", o, "/v1/sale");
}

void
biotrack24_refund(const struct sale *s, const struct sale_return *ret,
    int64_t transaction, const char *ref, struct biotrack24_req *rq)
{
	json_t	*o, *items;
	u_int	 k;
	int	 i;

	o = biotrack24_write(ref);
	json_object_set_new(o, F("created"), json_integer(ret->time /
	    1000000));
	items = json_array();
	for (k = 0; k < ret->nlines; k++) {
		if ((i = sale_line_of(s, ret->lines[k].tag)) == -1 ||
		    ret->lines[k].qty <= 0)
			continue;
		json_array_append_new(items, biotrack24_item(s, (u_int)i,
		    ret->lines[k].qty));
	}
	json_object_set_new(o, F("items"), items);
	biotrack24_set(rq, "POST", o, "/v1/sale/%lld/refund",
	    (long long)transaction);
}

void
biotrack24_void(int64_t transaction, const char *ref,
    struct biotrack24_req *rq)
{
	biotrack24_set(rq, "PUT", biotrack24_write(ref), "/v1/sale/%lld/void",
	    (long long)transaction);
}

void
biotrack24_adjust(const struct adjust *a, int weight, const char *ref,
    struct biotrack24_req *rq)
{
	json_t	*o;

	o = biotrack24_write(ref);
	json_object_set_new(o, F("barcode"), json_string(biotrack_barcode(
	    a->tag)));
	json_object_set_new(o, F("reason"), json_string(*a->note != '\0' ?
	    a->note : a->reason));
	if (biotrack_destroys(a)) {
		biotrack24_set(rq, "PUT", o, "/v1/inventory/destroy/schedule");
		return;
	}
	json_object_set_new(o, F("quantity"), biotrack24_qty(a->qty_after,
	    weight));
	json_object_set_new(o, F("adjust-type"), json_integer(strtol(
	    F(a->reason), NULL, 10)));
	biotrack24_set(rq, "PUT", o, "/v1/inventory/adjust");
}

/*
 * A move: the package into one of the state's rooms (its ID, from
 * GET /v1/inventory/room).
 */
void
biotrack24_move(const char *tag, int64_t room, const char *ref,
    struct biotrack24_req *rq)
{
	json_t	*o;

	o = biotrack24_write(ref);
	json_object_set_new(o, F("barcode"), json_string(biotrack_barcode(
	    tag)));
	json_object_set_new(o, F("room"), json_integer(room));
	biotrack24_set(rq, "PUT", o, "/v1/inventory/move");
}

/* The state's rooms: GET /v1/inventory/room. */
void
biotrack24_rooms_req(struct biotrack24_req *rq)
{
	biotrack24_set(rq, "GET", NULL, "/v1/inventory/room");
}

/*
 * GET /v1/inventory/room's answer as the state's rooms, [{id, name}]:
 * the rows of its Data list (or the body, if it is a list), each an ID,
 * a Name and Deleted (unconfirmed: in biotrack24_fields). NULL with why
 * if it is not a 2xx with such a list.
 */
json_t *
biotrack24_rooms(long status, const char *body, size_t len, char *why,
    size_t whylen)
{
	json_t		*o, *rows, *out;
	json_error_t	 e;

	o = NULL;
	if (status >= 200 && status < 300 && len > 0 &&
	    len <= BIOTRACK24_MAX_REPLY)
		o = json_loadb(body, len, 0, &e);
	rows = json_is_array(o) ? o : json_object_get(o, F("data"));
	if (!json_is_array(rows)) {
		snprintf(why, whylen, status == 0 ? "no answer from BioTrack" :
		    "HTTP %ld from BioTrack, or no list of rooms in its body",
		    status);
		json_decref(o);
		return (NULL);
	}
	out = biotrack_room_rows(rows, F("id"), F("room-name"),
	    F("deleted"));
	json_decref(o);
	return (out);
}

/*
 * A destruction's second step, once the waiting period after its schedule
 * (biotrack24_adjust) has passed: PUT /v1/inventory/destroy.
 */
void
biotrack24_destroy(const char *tag, const char *ref,
    struct biotrack24_req *rq)
{
	json_t	*o;

	o = biotrack24_write(ref);
	json_object_set_new(o, F("barcode"), json_string(biotrack_barcode(
	    tag)));
	biotrack24_set(rq, "PUT", o, "/v1/inventory/destroy");
}

/* An item of a transfer's receipt: what we took in of a package. */
json_t *
biotrack24_receive_item(const char *tag, int64_t qty, int weight)
{
	return (json_pack("{s:s, s:o}", F("barcode"), biotrack_barcode(tag),
	    F("quantity"), biotrack24_qty(qty, weight)));
}

/*
 * An inbound transfer received at intake: PUT
 * /v1/inventory/transfer/{id}/receive with the items taken in (items,
 * biotrack24_receive_item's; the request keeps it).
 */
void
biotrack24_receive(int64_t transfer, json_t *items, const char *ref,
    struct biotrack24_req *rq)
{
	json_t	*o;

	o = biotrack24_write(ref);
	json_object_set_new(o, F("items"), items);
	biotrack24_set(rq, "PUT", o, "/v1/inventory/transfer/%lld/receive",
	    (long long)transfer);
}

/* s in a query string: all but [A-Za-z0-9._~-] as %XX. */
static const char *
biotrack24_escape(const char *s, char *q, size_t len)
{
	const char	*c;
	char		*p = q;

	for (c = s; *c != '\0' && p < q + len - 4; c++) {
		if (isalnum((u_char)*c) || strchr("-._~", *c) != NULL)
			*p++ = *c;
		else
			p += snprintf(p, 4, "%%%02X", (u_char)*c);
	}
	*p = '\0';
	return (q);
}

/* A GET of a paged list: its first page, or the one cursor names. */
static void
biotrack24_list(const char *path, const char *cursor,
    struct biotrack24_req *rq)
{
	char	q[3 * BIOTRACK24_CURSOR_MAX + 1];

	if (cursor == NULL || *cursor == '\0')
		biotrack24_set(rq, "GET", NULL, "%s", path);
	else
		biotrack24_set(rq, "GET", NULL, "%s?%s=%s", path, F("cursor"),
		    biotrack24_escape(cursor, q, sizeof q));
}

/* The transfers inbound to us, a page at a time. */
void
biotrack24_inbound(const char *cursor, struct biotrack24_req *rq)
{
	biotrack24_list("/v1/inventory/transfer/inbound", cursor, rq);
}

/* The state's inventory of ours, a page at a time. */
void
biotrack24_inventory_page(const char *cursor, struct biotrack24_req *rq)
{
	biotrack24_list("/v1/inventory", cursor, rq);
}

/* GET /v1/sync: each table's last transaction (a reconciliation's first). */
void
biotrack24_sync(struct biotrack24_req *rq)
{
	biotrack24_set(rq, "GET", NULL, "/v1/sync");
}

/*
 * How an uncertain send of this kind is found: a sale or refund by its
 * ExternalID among the sales, an adjustment or destruction among the
 * adjustments, a void by its sale (voided there or not; id is the sale's
 * transaction), a transfer's receipt by the transfer (received there or
 * not; id is the transfer's).
 */
void
biotrack24_lookup(int kind, int64_t id, const char *ref,
    struct biotrack24_req *rq)
{
	char	q[3 * MAX_REF + 1];

	ref = biotrack24_escape(ref, q, sizeof q);
	switch (kind) {
	case OUTBOX_DELETE:
		biotrack24_set(rq, "GET", NULL, "/v1/sale/%lld",
		    (long long)id);
		break;
	case OUTBOX_TRANSFER_RECEIVE:
		biotrack24_set(rq, "GET", NULL,
		    "/v1/inventory/transfer/inbound/%lld", (long long)id);
		break;
	case OUTBOX_ADJUST:
	case OUTBOX_DESTROY:
		biotrack24_set(rq, "GET", NULL,
		    "/v1/inventory/adjustment?ExternalID=%s", ref);
		break;
	default:
		biotrack24_set(rq, "GET", NULL, "/v1/sale?ExternalID=%s", ref);
		break;
	}
}

static int64_t
biotrack24_id(json_t *o)
{
	json_t		*v;
	const char	*keys[] = { "TransactionID", "transactionID", "ID" };
	size_t		 i;
	int64_t		 n;

	for (i = 0; i < sizeof keys / sizeof *keys; i++) {
		v = json_object_get(o, keys[i]);
		if (json_is_integer(v))
			n = json_integer_value(v);
		else if (json_is_string(v))
			n = strtoll(json_string_value(v), NULL, 10);
		else
			continue;
		if (n > 0)
			return (n);
	}
	return (0);
}

/*
 * An answer: its status, and from its body the transaction (at the top,
 * or the first of a lookup's Data list), a login's token and a message.
 * A lookup's found is 1 if it lists the record (a void's sale: if it is
 * Deleted there; a receipt's transfer: if it is Received), -1 if not.
 * Returns -1 if a 2xx body is not JSON.
 */
int
biotrack24_answer(long status, const char *body, size_t len,
    struct biotrack24_answer *a)
{
	json_t		*o, *v, *d;
	json_error_t	 e;
	const char	*s;

	memset(a, 0, sizeof a[0]);
	a->status = status;
	if (len == 0 || len > BIOTRACK24_MAX_REPLY ||
	    (o = json_loadb(body, len, 0, &e)) == NULL)
		return (status >= 200 && status < 300 ? -1 : 0);
	if (!json_is_object(o)) {
		json_decref(o);
		return (status >= 200 && status < 300 ? -1 : 0);
	}
	a->parsed = 1;
	a->transactionid = biotrack24_id(o);
	if ((s = json_string_value(json_object_get(o, "SessionToken"))) !=
	    NULL || (s = json_string_value(json_object_get(o, "token"))) !=
	    NULL)
		strlcpy(a->token, s, sizeof a->token);
	if ((s = json_string_value(json_object_get(o, "Message"))) != NULL ||
	    (s = json_string_value(json_object_get(o, "message"))) != NULL ||
	    (s = json_string_value(json_object_get(o, "error"))) != NULL)
		strlcpy(a->message, s, sizeof a->message);
	d = json_object_get(o, "Data");
	if (json_is_array(d)) {
		a->found = json_array_size(d) > 0 ? 1 : -1;
		if (a->found == 1)
			a->transactionid = biotrack24_id(json_array_get(d, 0));
	} else if ((v = json_object_get(o, F("deleted"))) != NULL ||
	    (v = json_object_get(o, F("received"))) != NULL)
		a->found = json_is_true(v) || json_integer_value(v) == 1 ?
		    1 : -1;
	json_decref(o);
	return (0);
}

/*
 * An answer as a result: 2xx done; 401 the token expired (refused, not
 * applied: log in again); 400, 404, 409 or 422 refused with its words;
 * anything else (no answer, 429, 5xx, a 2xx we cannot read) unknown:
 * looked up before it is sent again.
 */
void
biotrack24_result(const struct biotrack24_answer *a, struct state_result *r)
{
	char	msg[512];

	if (a->status >= 200 && a->status < 300 && a->parsed) {
		state_result_set(r, STATE_DONE, a->transactionid, "");
		return;
	}
	if (a->status == 401) {
		state_result_set(r, STATE_RETRY, 0, "the BioTrack session "
		    "token expired: logging in again");
		return;
	}
	if (a->status == 400 || a->status == 404 || a->status == 409 ||
	    a->status == 422) {
		snprintf(msg, sizeof msg, "BioTrack refused it (HTTP %ld): %s",
		    a->status, *a->message != '\0' ? a->message : "no text");
		state_result_set(r, STATE_REJECTED, 0, msg);
		return;
	}
	if (a->status == 0)
		strlcpy(msg, "no answer from BioTrack", sizeof msg);
	else
		snprintf(msg, sizeof msg, "HTTP %ld from BioTrack, or no "
		    "answer in its body", a->status);
	state_result_set(r, STATE_UNKNOWN, 0, msg);
}

/* --- lists: inbound transfers, the inventory, /v1/sync --- */

/*
 * A page of a list (biotrack24_inbound, biotrack24_inventory_page): its
 * Data rows (the caller frees them) and the next page's cursor into next
 * ("" if this was the last). NULL with why if the page cannot be had: a
 * status not 2xx (a 401 is the caller's to see first), a body that is
 * not an object with a Data list, or a cursor too long to send back.
 */
json_t *
biotrack24_page(long status, const char *body, size_t len, char *next,
    size_t nextlen, char *why, size_t whylen)
{
	json_t		*o, *data, *c;
	json_error_t	 e;

	*next = '\0';
	if (status < 200 || status >= 300) {
		if (status == 0)
			snprintf(why, whylen, "no answer from BioTrack");
		else
			snprintf(why, whylen, "HTTP %ld from BioTrack", status);
		return (NULL);
	}
	if (len == 0 || len > BIOTRACK24_MAX_REPLY ||
	    (o = json_loadb(body, len, 0, &e)) == NULL) {
		snprintf(why, whylen, "BioTrack's answer is not JSON");
		return (NULL);
	}
	data = json_is_object(o) ? json_object_get(o, F("data")) : NULL;
	c = json_is_object(o) ? json_object_get(o, F("next-cursor")) : NULL;
	if (!json_is_array(data) || (c != NULL && !json_is_null(c) &&
	    (!json_is_string(c) || strlen(json_string_value(c)) >
	    BIOTRACK24_CURSOR_MAX || strlen(json_string_value(c)) >=
	    nextlen))) {
		snprintf(why, whylen, "BioTrack's answer has no %s list, or a "
		    "%s that cannot be read", F("data"), F("next-cursor"));
		json_decref(o);
		return (NULL);
	}
	if (json_is_string(c))
		strlcpy(next, json_string_value(c), nextlen);
	json_incref(data);
	json_decref(o);
	return (data);
}

/* A transfer's ID: a whole number above 0 (or a string of one), or 0. */
static int64_t
biotrack24_number(json_t *v)
{
	const char	*errstr;
	int64_t		 n;

	if (json_is_integer(v))
		return (json_integer_value(v) > 0 ? json_integer_value(v) : 0);
	if (!json_is_string(v))
		return (0);
	n = util_strtonum(json_string_value(v), 1, INT64_MAX, &errstr);
	return (errstr == NULL ? n : 0);
}

/*
 * The inbound transfers of a page's rows, each as intake is to make it:
 * {manifest (the transfer's ID as text), transfer, supplier (its sender,
 * "" if none), note, items [{tag, product, milli}]}; or {manifest,
 * transfer, why} if one of its items cannot be read (it is made from a
 * later poll, or by hand). Rows with no ID are left out.
 */
json_t *
biotrack24_transfers(json_t *rows)
{
	json_t		*out, *row, *items, *it, *item, *o;
	const char	*from, *man;
	char		 num[32], why[128];
	int64_t		 id;
	size_t		 i, k, n;

	out = json_array();
	json_array_foreach(rows, i, row) {
		if ((id = biotrack24_number(json_object_get(row,
		    F("id")))) == 0)
			continue;
		snprintf(num, sizeof num, "%lld", (long long)id);
		from = json_string_value(json_object_get(row,
		    F("transfer-sender")));
		man = json_string_value(json_object_get(row,
		    F("transfer-manifest")));
		o = json_pack("{s:s, s:I, s:s}", "manifest", num, "transfer",
		    (json_int_t)id, "supplier", from != NULL ? from : "");
		json_object_set_new(o, "note", json_sprintf("BioTrack inbound "
		    "transfer %s%s%.60s", num, man != NULL ? ", manifest " : "",
		    man != NULL ? man : ""));
		items = json_array();
		json_array_foreach(json_object_get(row, F("items")), k, it) {
			if ((item = biotrack_item(json_object_get(it,
			    F("barcode")), json_object_get(it, F("product")),
			    json_object_get(it, F("quantity")))) == NULL)
				break;
			json_array_append_new(items, item);
		}
		n = json_array_size(json_object_get(row, F("items")));
		if (n == 0 || k != n) {
			snprintf(why, sizeof why, n == 0 ? "no items" : "item "
			    "%zu has no barcode, product or quantity that can "
			    "be read", k + 1);
			json_object_set_new(o, "why", json_string(why));
			json_decref(items);
		} else
			json_object_set_new(o, "items", items);
		json_array_append_new(out, o);
	}
	return (out);
}

/*
 * A page of GET /v1/inventory's rows, onto packages as the reconciliation
 * compares them (biotrack_package): Barcode, RemainingAmount, Deleted.
 */
void
biotrack24_inventory(json_t *rows, json_t *packages)
{
	json_t	*row, *pk;
	size_t	 i;

	json_array_foreach(rows, i, row) {
		if ((pk = biotrack_package(json_object_get(row, F("barcode")),
		    json_object_get(row, F("deleted")), json_object_get(row,
		    F("remaining")))) != NULL)
			json_array_append_new(packages, pk);
	}
}

/*
 * GET /v1/sync's answer: 0 if it lists the state's tables (Sync, an
 * object); -1 with why if not.
 */
int
biotrack24_synced(long status, const char *body, size_t len, char *why,
    size_t whylen)
{
	json_t		*o;
	json_error_t	 e;
	int		 ok;

	if (status < 200 || status >= 300) {
		snprintf(why, whylen, status == 0 ? "no answer from BioTrack "
		    "to /v1/sync" : "HTTP %ld from BioTrack to /v1/sync",
		    status);
		return (-1);
	}
	if (len == 0 || len > BIOTRACK24_MAX_REPLY ||
	    (o = json_loadb(body, len, 0, &e)) == NULL) {
		snprintf(why, whylen, "BioTrack's answer to /v1/sync is not "
		    "JSON");
		return (-1);
	}
	ok = json_is_object(o) && json_is_object(json_object_get(o,
	    F("sync")));
	json_decref(o);
	if (!ok) {
		snprintf(why, whylen, "BioTrack's answer to /v1/sync lists no "
		    "tables (%s)", F("sync"));
		return (-1);
	}
	return (0);
}

/*
 * The days left of the licensee's approval given on day (YYYY-MM-DD; it
 * lasts BIOTRACK24_APPROVAL_DAYS), at now (µs since the epoch, UTC); and
 * the expiry itself (µs). -1 if day is not a date.
 */
int
biotrack24_approval_left(const char *day, int64_t now, int64_t *expires)
{
	struct tm	tm;
	char		*end;
	time_t		t;

	memset(&tm, 0, sizeof tm);
	if (strlen(day) != 10 || (end = strptime(day, "%Y-%m-%d", &tm)) ==
	    NULL || *end != '\0')
		return (-1);
	if ((t = timegm(&tm)) == (time_t)-1)
		return (-1);
	*expires = ((int64_t)t + BIOTRACK24_APPROVAL_DAYS * 86400LL) *
	    1000000;
	if (*expires <= now)
		return (0);
	return ((int)((*expires - now + 86400000000LL - 1) / 86400000000LL));
}

/*
 * Florida's rule: a link down over two hours is reported to the state no
 * later than three hours after it began. The notice's deadline for an
 * outage that began at since (µs), or 0 if it is not yet two hours old.
 */
int64_t
biotrack24_outage_due(int64_t since, int64_t now)
{
	if (since == 0 || now - since <= 2 * 3600 * 1000000LL)
		return (0);
	return (since + 3 * 3600 * 1000000LL);
}
