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

#include "stash.h"
#include "store.h"
#include "customer.h"
#include "inventory.h"
#include "metrc-payload.h"
#include "sale.h"

/*
 * Metrc's JSON, both ways. Builders append to a buf what one object of a
 * request body looks like; parsers read a reply body (outside input,
 * DESIGN rule 6: any bytes, bounded, never trusted) into C values. Field
 * names are Metrc's (v2 API): sales receipts, package adjustments and
 * locations, patient statuses, active packages, transfers.
 */

/* Append a JSON string (escaped by jansson). */
void
metrc_payload_str(struct buf *b, const char *s)
{
	json_t	*j;
	char	*out;

	j = json_string(s);
	if (j == NULL)		/* not UTF-8 */
		j = json_string("?");
	out = json_dumps(j, JSON_ENCODE_ANY);
	buf_addstr(b, out);
	free(out);
	json_decref(j);
}

/* An integer with places decimals, exactly: 3500, 3 -> 3.500. */
void
metrc_payload_dec(struct buf *b, int64_t v, int places)
{
	int64_t		scale = places == 3 ? 1000 : 100;
	uint64_t	u;

	if (v < 0) {
		buf_addc(b, '-');
		u = (uint64_t)0 - (uint64_t)v;
	} else
		u = (uint64_t)v;
	buf_printf(b, "%llu.%0*llu", (unsigned long long)(u / scale), places,
	    (unsigned long long)(u % scale));
}

/* Facility-local time without a zone: 2026-11-26T14:03:00.000. */
void
metrc_payload_time(int64_t t, const char *tz, char *out, size_t len)
{
	char	tmp[32];

	util_time_str(t, tz, tmp, sizeof tmp);
	if (strlen(tmp) > 10)
		tmp[10] = 'T';
	snprintf(out, len, "%s.000", tmp);
}

/*
 * The lastModified window of a list lookup, as the tail of its query
 * string: from `from` (µs; the job's creation) less METRC_WINDOW_SLACK to
 * `to` (µs; now) plus it, in UTC to the second with a Z, so that a clock
 * at the state a little off ours still puts what we sent inside it. The
 * retailer delivery lists take no lookup without one.
 */
void
metrc_payload_window(int64_t from, int64_t to, char *out, size_t len)
{
	char		 t[2][32];
	time_t		 secs;
	struct tm	 tm;
	int		 i;

	for (i = 0; i < 2; i++) {
		secs = (time_t)((i == 0 ? from : to) / 1000000) +
		    (i == 0 ? -METRC_WINDOW_SLACK : METRC_WINDOW_SLACK);
		if (gmtime_r(&secs, &tm) == NULL ||
		    strftime(t[i], sizeof t[i], "%Y-%m-%dT%H:%M:%SZ",
		    &tm) == 0)
			strlcpy(t[i], "1970-01-01T00:00:00Z", sizeof t[i]);
	}
	snprintf(out, len, "&lastModifiedStart=%s&lastModifiedEnd=%s", t[0],
	    t[1]);
}

/*
 * Piece `piece` (0 first) of a lastModified window from `from` to `to`
 * (µs), each piece no longer than `hours` as sent (METRC_WINDOW_SLACK
 * either side included), oldest first (LastModified only moves forward):
 * its query string tail into out (unless NULL), 0; -1 if the window has
 * fewer pieces. Piece 0 always exists.
 */
int
metrc_payload_window_piece(int64_t from, int64_t to, int hours, u_int piece,
    char *out, size_t len)
{
	int64_t	span, start, end;

	span = ((int64_t)hours * 3600 - 2 * METRC_WINDOW_SLACK) * 1000000;
	if (span <= 0)
		span = 1000000;
	if (to < from)
		to = from;
	if (piece != 0 && (to == from || (to - from - 1) / span <
	    (int64_t)piece))
		return (-1);
	start = from + (int64_t)piece * span;
	end = to - start > span ? start + span : to;
	if (out != NULL)
		metrc_payload_window(start, end, out, len);
	return (0);
}

/* "Key": after a comma unless it is an object's first. */
static void
metrc_payload_key(struct buf *b, const char *key)
{
	if (b->len == 0 || ((const char *)b->data)[b->len - 1] != '{')
		buf_addc(b, ',');
	buf_printf(b, "\"%s\":", key);
}

/* ,"Key":"value" or ,"Key":null when s is NULL or empty. */
static void
metrc_payload_field(struct buf *b, const char *key, const char *s)
{
	metrc_payload_key(b, key);
	if (s == NULL || *s == '\0')
		buf_addstr(b, "null");
	else
		metrc_payload_str(b, s);
}

/* ,"Key":"2026-11-26T14:03:00.000" (store-local, no zone) or null. */
static void
metrc_payload_when(struct buf *b, const char *key, int64_t t, const char *tz)
{
	char	when[40];

	metrc_payload_key(b, key);
	if (t == 0) {
		buf_addstr(b, "null");
		return;
	}
	metrc_payload_time(t, tz, when, sizeof when);
	metrc_payload_str(b, when);
}

/* A quantity in its unit: grams from mg (3 places), or whole units. */
static void
metrc_payload_qty(struct buf *b, int64_t qty, int weight)
{
	if (weight)
		metrc_payload_dec(b, qty, 3);
	else
		buf_printf(b, "%lld", (long long)qty);
}

static const char *
metrc_payload_unit(int weight)
{
	return (weight ? "Grams" : "Each");
}

/*
 * A package's label, and its quantity in its unit, under the names the
 * call gives them ("Label","Quantity","UnitOfMeasure" or its own).
 */
static void
metrc_payload_pkg(struct buf *b, const char * const *keys, const char *tag,
    int64_t qty, int weight)
{
	metrc_payload_key(b, keys[0]);
	metrc_payload_str(b, tag);
	metrc_payload_key(b, keys[1]);
	metrc_payload_qty(b, qty, weight);
	metrc_payload_key(b, keys[2]);
	metrc_payload_str(b, metrc_payload_unit(weight));
}

/* One of a sale's Transactions (receipt or delivery), amount in cents. */
static void
metrc_payload_txn(struct buf *b, int first, const char *tag, int64_t qty,
    int weight, int64_t amount)
{
	static const char * const keys[] = { "PackageLabel", "Quantity",
	    "UnitOfMeasure" };

	buf_addstr(b, first ? "{" : ",{");
	metrc_payload_pkg(b, keys, tag, qty, weight);
	metrc_payload_key(b, "TotalAmount");
	metrc_payload_dec(b, amount, 2);
	buf_addstr(b, "}");
}

/*
 * The customer's fields of a receipt (buyer and, for a caregiver, their
 * patient; NULL when the sale has none or they are not in the ledger):
 * appended to b; returns SalesCustomerType.
 */
static const char *
metrc_payload_customer(const struct customer *buyer,
    const struct customer *patient, struct buf *b)
{
	if (buyer == NULL)
		return ("Consumer");
	switch (buyer->type) {
	case CUSTOMER_MEDICAL:
		buf_addstr(b, ",\"PatientLicenseNumber\":");
		metrc_payload_str(b, buyer->card_number);
		return ("Patient");
	case CUSTOMER_CAREGIVER:
		if (patient != NULL) {
			buf_addstr(b, ",\"PatientLicenseNumber\":");
			metrc_payload_str(b, patient->card_number);
		}
		buf_addstr(b, ",\"CaregiverLicenseNumber\":");
		metrc_payload_str(b, buyer->card_number);
		return ("Caregiver");
	case CUSTOMER_OOS_PATIENT:
		buf_addstr(b, ",\"PatientLicenseNumber\":");
		metrc_payload_str(b, buyer->card_number);
		buf_addstr(b, ",\"IdentificationMethod\":");
		metrc_payload_str(b, buyer->card_state);
		return ("ExternalPatient");
	}
	return ("Consumer");
}

/*
 * A line's TotalAmount: Metrc wants the pre-tax price after discounts
 * ("TotalAmount = pre-tax price after discounts", wiki-or.metrc.com/sales,
 * in the Metrc sales documentation). sale_line_paid() is
 * what the line cost after every discount, with its share of the taxes
 * when they are added to the price; that share is the difference between
 * the line paid with the sale's taxes added and with none, and it comes off
 * too when the taxes are inside the prices. Sales that keep each line's
 * share of the taxes (a tax may fall on some categories only) take off
 * exactly that share.
 */
int64_t
metrc_payload_line_amount(const struct sale *s, u_int line)
{
	struct sale	*c;
	int64_t		 taxed, untaxed;

	if (s->tax == 0)
		return (sale_line_paid(s, line));
	if (s->lines[line].tax >= 0)
		return (sale_line_paid(s, line) - s->lines[line].tax);
	c = xmalloc(sizeof *c);
	memcpy(c, s, sizeof *c);
	c->tax_included = 0;
	taxed = sale_line_paid(c, line);
	c->tax = 0;
	untaxed = sale_line_paid(c, line);
	free(c);
	if (!s->tax_included)
		return (untaxed);
	return (untaxed - (taxed - untaxed));
}

/*
 * One receipt of sale s (its buyer and patient as for
 * metrc_payload_customer): 0, or -1 if nothing of it is left to report.
 * With a state Id, the receipt as it stands after returns, for a PUT: the
 * lines less what came back, each amount in proportion.
 */
int
metrc_payload_receipt(struct buf *b, const struct sale *s,
    const struct customer *buyer, const struct customer *patient,
    const char *tz, const char *ref, int64_t state_id)
{
	const struct sale_line	*l;
	struct buf		 extra;
	const char		*type;
	char			 when[40];
	int64_t			 qty, amount;
	u_int			 i, n = 0;

	buf_init(&extra);
	type = metrc_payload_customer(buyer, patient, &extra);
	metrc_payload_time(s->time, tz, when, sizeof when);
	buf_addstr(b, "{");
	if (state_id != 0)
		buf_printf(b, "\"Id\":%lld,", (long long)state_id);
	buf_addstr(b, "\"SalesDateTime\":");
	metrc_payload_str(b, when);
	buf_addstr(b, ",\"ExternalReceiptNumber\":");
	metrc_payload_str(b, ref);
	buf_addstr(b, ",\"SalesCustomerType\":");
	metrc_payload_str(b, type);
	buf_add(b, extra.data, extra.len);
	buf_free(&extra);
	buf_addstr(b, ",\"Transactions\":[");
	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		qty = l->qty;
		amount = metrc_payload_line_amount(s, i);
		if (state_id != 0 && l->returned != 0) {
			qty = l->qty - l->returned;
			if (qty <= 0)
				continue;
			amount = money_muldiv(amount, qty, l->qty);
		}
		metrc_payload_txn(b, n++ == 0, l->tag, qty, l->unit_weight,
		    amount);
	}
	buf_addstr(b, "]}");
	return (n != 0 ? 0 : -1);
}

/*
 * One adjustment a of a package of product p, by the state's reason name,
 * with our reference ref in the note (the lookup finds it there), on its
 * store-local date. 0 (the way the other builders answer).
 */
int
metrc_payload_adjust(struct buf *b, const struct adjust *a,
    const struct product *p, const char *reason, const char *ref,
    const char *tz)
{
	static const char * const keys[] = { "Label", "Quantity",
	    "UnitOfMeasure" };
	struct buf	 note;
	int		 date;
	char		 ds[16];

	date = util_local_date(a->time, tz);
	snprintf(ds, sizeof ds, "%04d-%02d-%02d", date / 10000,
	    date / 100 % 100, date % 100);
	buf_addstr(b, "{");
	metrc_payload_pkg(b, keys, a->tag, a->delta, p->unit_weight);
	buf_addstr(b, ",\"AdjustmentReason\":");
	metrc_payload_str(b, reason);
	buf_addstr(b, ",\"AdjustmentDate\":");
	metrc_payload_str(b, ds);
	buf_init(&note);
	buf_addstr(&note, ref);
	if (*a->note != '\0')
		buf_printf(&note, ": %s", a->note);
	buf_addstr(b, ",\"ReasonNote\":");
	metrc_payload_str(b, buf_cstr(&note));
	buf_free(&note);
	buf_addstr(b, "}");
	return (0);
}

/* A package's location (by the state's name for it) on a store-local date. */
void
metrc_payload_location(struct buf *b, const char *tag, const char *name,
    int64_t when, const char *tz)
{
	int	date;

	date = util_local_date(when, tz);
	buf_addstr(b, "{\"Label\":");
	metrc_payload_str(b, tag);
	buf_addstr(b, ",\"Location\":");
	metrc_payload_str(b, name);
	buf_printf(b, ",\"MoveDate\":\"%04d-%02d-%02d\"}", date / 10000,
	    date / 100 % 100, date % 100);
}

/* The state's spelling of a name in its list (any case), or NULL. */
static const char *
metrc_payload_offered(json_t *reasons, const char *name)
{
	json_t	*v;
	size_t	 i;

	if (name == NULL)
		return (NULL);
	json_array_foreach(reasons, i, v) {
		if (strcasecmp(json_string_value(v), name) == 0)
			return (json_string_value(v));
	}
	return (NULL);
}

/*
 * Our reason by the state's name. Reasons are the state's own (GET
 * /packages/v2/adjust/reasons: the list reasons): the name the map
 * (metrc-reasons) gives ours, else Metrc's usual name (inventory.c's
 * table), else our own name, whichever the state offers, in any case.
 * NULL with why if it offers none of them: a person must map it or report
 * it by hand.
 */
const char *
metrc_payload_reason(json_t *map, json_t *reasons,
    const struct inventory_reason *ir, char *why, size_t len)
{
	const char	*mapped, *name;
	struct buf	 t;
	json_t		*v;
	size_t		 i;

	mapped = json_string_value(json_object_get(map, ir->name));
	if (mapped != NULL) {
		if ((name = metrc_payload_offered(reasons, mapped)) != NULL)
			return (name);
	} else if ((name = metrc_payload_offered(reasons,
	    ir->metrc)) != NULL ||
	    (name = metrc_payload_offered(reasons, ir->name)) != NULL)
		return (name);
	buf_init(&t);
	if (mapped != NULL)
		buf_printf(&t, "metrc-reasons maps %s to \"%s\", which the "
		    "state does not offer", ir->name, mapped);
	else
		buf_printf(&t, "the state has no reason for %s", ir->name);
	buf_addstr(&t, "; it offers: ");
	json_array_foreach(reasons, i, v)
		buf_printf(&t, "%s%s", i == 0 ? "" : ", ",
		    json_string_value(v));
	if (json_array_size(reasons) == 0)
		buf_addstr(&t, "none");
	buf_addstr(&t, " (set metrc-reasons, then retry)");
	strlcpy(why, buf_cstr(&t), len);
	if (strlen(buf_cstr(&t)) >= len && len > 4)
		memcpy(why + len - 4, "...", 4);
	buf_free(&t);
	return (NULL);
}

/* The state's message from a reply body, printable and bounded. */
void
metrc_payload_message(const struct buf *b, char *out, size_t len)
{
	json_t		*j, *v, *m;
	json_error_t	 e;
	struct buf	 t;
	size_t		 i, k;
	const char	*s;

	buf_init(&t);
	j = json_loadb((const char *)b->data, b->len, 0, &e);
	if (json_is_object(j)) {
		if ((m = json_object_get(j, "Message")) == NULL)
			m = json_object_get(j, "message");
		if (json_is_string(m))
			buf_addstr(&t, json_string_value(m));
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			if (json_is_object(v))
				v = json_object_get(v, "message");
			if (!json_is_string(v))
				continue;
			if (t.len != 0)
				buf_addstr(&t, "; ");
			buf_addstr(&t, json_string_value(v));
		}
	}
	if (j != NULL)
		json_decref(j);
	if (t.len == 0 && b->len != 0)
		buf_add(&t, b->data, b->len > 200 ? 200 : b->len);
	if (t.len == 0)
		buf_addstr(&t, "(no message)");
	s = buf_cstr(&t);
	for (i = 0, k = 0; s[i] != '\0' && k + 1 < len; i++)
		out[k++] = isprint((u_char)s[i]) ? s[i] : ' ';
	out[k] = '\0';
	buf_free(&t);
}

/* The Ids of n posted objects, in order, into ids; 0, or -1 if not n. */
int
metrc_payload_ids(const struct buf *reply, u_int n, int64_t *ids)
{
	json_t		*j, *list, *v;
	json_error_t	 e;
	size_t		 i;
	int		 ok = 0;

	j = json_loadb((const char *)reply->data, reply->len, 0, &e);
	list = json_is_object(j) ? json_object_get(j, "Ids") : NULL;
	if (json_is_array(list) && json_array_size(list) == n) {
		ok = 1;
		json_array_foreach(list, i, v) {
			if (!json_is_integer(v) || json_integer_value(v) <= 0)
				ok = 0;
			else
				ids[i] = json_integer_value(v);
		}
	}
	if (j != NULL)
		json_decref(j);
	return (ok ? 0 : -1);
}

/*
 * A looked-up receipt: 1 with its Id (archived set if voided), 0 if the
 * reply cannot be read, -1 if it says there is none. The descriptions
 * disagree on the shape: one receipt (ThunkMetrc's) or the v2 list
 * wrapper {Data: [...], ...} (OpenMetrc's), so both are read. In a list
 * a live receipt wins over a voided one (a void's lookup deletes only a
 * live one); an empty list is "not there".
 */
int
metrc_payload_receipt_found(const struct buf *reply, int64_t *id,
    int *archived)
{
	json_t		*j, *v, *a, *data, *o;
	json_error_t	 e;
	size_t		 i, n;
	int		 ok = 0, dead;

	j = json_loadb((const char *)reply->data, reply->len, 0, &e);
	if (!json_is_object(j))
		goto out;
	data = json_object_get(j, "Data");
	if (data != NULL && !json_is_array(data))
		goto out;
	if ((n = data != NULL ? json_array_size(data) : 1) == 0) {
		ok = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		o = data != NULL ? json_array_get(data, i) : j;
		v = json_object_get(o, "Id");
		a = json_object_get(o, "ArchivedDate");
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			ok = 0;		/* one unreadable: trust none */
			break;
		}
		dead = a != NULL && !json_is_null(a) && !(json_is_string(a) &&
		    strncmp(json_string_value(a), "0001-01-01", 10) == 0);
		if (ok && !*archived)
			continue;	/* a live one is kept */
		*id = json_integer_value(v);
		*archived = dead;
		ok = 1;
	}
out:
	if (j != NULL)
		json_decref(j);
	return (ok);
}

/*
 * GET /packages/v2/adjust/reasons: the v2 list wrapper (or a bare array)
 * of {Name, RequiresNote, ...}: the names, or NULL if the reply cannot be
 * read. Our ReasonNote always carries our reference, so RequiresNote is
 * met.
 */
json_t *
metrc_payload_reasons(const struct buf *reply)
{
	json_t		*j, *list, *v, *name, *names;
	json_error_t	 e;
	size_t		 i;
	const char	*s;

	j = json_loadb((const char *)reply->data, reply->len, 0, &e);
	list = json_is_object(j) ? json_object_get(j, "Data") : j;
	if (!json_is_array(list) || json_array_size(list) > METRC_REASONS_MAX) {
		if (j != NULL)
			json_decref(j);
		return (NULL);
	}
	names = json_array();
	json_array_foreach(list, i, v) {
		name = json_object_get(v, "Name");
		if (!json_is_string(name))
			continue;
		s = json_string_value(name);
		if (*s == '\0' || strlen(s) > METRC_NAME_MAX)
			continue;
		json_array_append(names, name);
	}
	json_decref(j);
	return (names);
}

/*
 * A page of GET /packages/v2/adjustments. The records carry no Id of
 * their own, so ours is the one with its label, quantity (milli,
 * thousandths) and date whose AdjustmentNote starts with our reference
 * ref (unique to the job; we put it in the ReasonNote we sent). 1 if it
 * is on this page, 0 if not (*pages set from TotalPages), -1 if the page
 * cannot be read.
 */
int
metrc_payload_adjustments(const struct buf *reply, const char *ref,
    const char *label0, const char *date0, int64_t milli, int *pages)
{
	json_t		*j, *list, *a, *note, *label, *date;
	json_error_t	 e;
	json_int_t	 tp;
	int64_t		 q;
	size_t		 i, n;
	const char	*s;
	int		 r = -1;

	j = json_loadb((const char *)reply->data, reply->len, 0, &e);
	list = json_is_object(j) ? json_object_get(j, "Data") : NULL;
	if (json_is_array(list)) {
		r = 0;
		tp = json_integer_value(json_object_get(j, "TotalPages"));
		*pages = tp < 1 ? 1 : tp > METRC_RECON_PAGES ?
		    METRC_RECON_PAGES + 1 : (int)tp;
		n = strlen(ref);
		json_array_foreach(list, i, a) {
			note = json_object_get(a, "AdjustmentNote");
			label = json_object_get(a, "PackageLabel");
			date = json_object_get(a, "AdjustmentDate");
			if (!json_is_string(note) || !json_is_string(label) ||
			    !json_is_string(date))
				continue;
			s = json_string_value(note);
			if (strncmp(s, ref, n) != 0 ||
			    (s[n] != '\0' && s[n] != ':'))
				continue;
			if (strcasecmp(json_string_value(label), label0) != 0 ||
			    strncmp(json_string_value(date), date0, 10) != 0 ||
			    money_json_milli(json_object_get(a,
			    "AdjustmentQuantity"), &q) != 0 ||
			    q != milli)
				continue;
			r = 1;
			break;
		}
	}
	if (j != NULL)
		json_decref(j);
	return (r);
}

/* Ounces as the state writes them (2.000) in thousandths; -1 if absent. */
static json_int_t
metrc_payload_oz(json_t *o, const char *key)
{
	int64_t	v;

	if (money_json_milli(json_object_get(o, key), &v) != 0)
		return (-1);
	return (v);
}

/*
 * PurchaseAmountDays, a JSON number (31.0 as often as 31): whole days,
 * rounded to the nearest (a fraction of a day has no meaning for a
 * window); 0 if absent or out of range.
 */
static json_int_t
metrc_payload_days(json_t *v)
{
	double	d;

	if (valid_json_number(v, 0, 36600, &d) != 0)	/* a century */
		return (0);
	return ((json_int_t)(d + 0.5));
}

/*
 * GET /patients/v2/statuses/{card}: the state's registrations, in our
 * words (ounces in thousandths); NULL if the reply is not a list.
 */
json_t *
metrc_payload_patient(const struct buf *b, const char *card)
{
	static const char	*kinds[] = { "Flower", "Thc", "Concentrate",
				    "Infused" };
	json_t			*j, *o, *regs, *r, *allot;
	json_error_t		 e;
	json_int_t		 a, p, v;
	size_t			 i, k;
	char			 key[64];
	const char		*s;
	int			 active = 0;

	j = json_loadb((const char *)b->data, b->len, 0, &e);
	if (!json_is_array(j)) {
		if (j != NULL)
			json_decref(j);
		return (NULL);
	}
	regs = json_array();
	json_array_foreach(j, i, o) {
		if (!json_is_object(o))
			continue;
		allot = json_object();
		for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			snprintf(key, sizeof key, "%sOuncesAllowed", kinds[k]);
			a = metrc_payload_oz(o, key);
			snprintf(key, sizeof key, "%sOuncesPurchased",
			    kinds[k]);
			p = metrc_payload_oz(o, key);
			snprintf(key, sizeof key, "%sOuncesAvailable",
			    kinds[k]);
			v = metrc_payload_oz(o, key);
			if (a < 0 && p < 0 && v < 0)
				continue;
			snprintf(key, sizeof key, "%c%s",
			    tolower((u_char)kinds[k][0]), kinds[k] + 1);
			json_object_set_new(allot, key, json_pack(
			    "{s:o, s:o, s:o}", "allowed_moz", a >= 0 ?
			    json_integer(a) : json_null(), "purchased_moz",
			    p >= 0 ? json_integer(p) : json_null(),
			    "available_moz", v >= 0 ? json_integer(v) :
			    json_null()));
		}
		r = json_pack("{s:b, s:o}", "active",
		    json_is_true(json_object_get(o, "Active")), "allotment",
		    allot);
		if (json_is_true(json_object_get(o, "Active")))
			active = 1;
		s = json_string_value(json_object_get(o, "RegistrationNumber"));
		if (s != NULL && util_printable(s, strlen(s)))
			json_object_set_new(r, "registration", json_string(s));
		s = json_string_value(json_object_get(o,
		    "PatientLicenseExpirationDate"));
		if (s != NULL && strlen(s) >= 10 && util_printable(s, strlen(s)))
			json_object_set_new(r, "expires", json_stringn(s, 10));
		json_object_set_new(r, "days", json_integer(
		    metrc_payload_days(json_object_get(o,
		    "PurchaseAmountDays"))));
		json_array_append_new(regs, r);
	}
	json_decref(j);
	return (json_pack("{s:s, s:s, s:b, s:o}", "card", card, "state",
	    json_array_size(regs) != 0 ? "ok" : "not-found", "active",
	    active, "registrations", regs));
}

/*
 * A page of active packages: its Data list appended to packages and
 * *pages its TotalPages; the number on the page, or -1 if the reply has
 * no Data list.
 */
ssize_t
metrc_payload_packages(const struct buf *reply, json_t *packages,
    json_int_t *pages)
{
	json_t		*j, *data;
	json_error_t	 e;
	size_t		 n;

	j = json_loadb((const char *)reply->data, reply->len, 0, &e);
	data = json_is_object(j) ? json_object_get(j, "Data") : NULL;
	if (!json_is_array(data)) {
		if (j != NULL)
			json_decref(j);
		return (-1);
	}
	json_array_extend(packages, data);
	n = json_array_size(data);
	*pages = json_integer_value(json_object_get(j, "TotalPages"));
	json_decref(j);
	return ((ssize_t)n);
}

/*
 * A page of a list (a bare array, or an object with Data): its items
 * appended to into and *pages its TotalPages; -1 if it cannot be read.
 */
int
metrc_payload_list(const struct buf *reply, json_t *into, int *pages)
{
	json_t		*j, *data;
	json_error_t	 err;

	j = json_loadb((const char *)reply->data, reply->len, 0, &err);
	data = json_is_array(j) ? j : json_object_get(j, "Data");
	if (!json_is_array(data)) {
		json_decref(j);
		return (-1);
	}
	json_array_extend(into, data);
	*pages = (int)json_integer_value(json_object_get(j, "TotalPages"));
	json_decref(j);
	return (0);
}

/*
 * A transfer package's shipped quantity in our units (units, or mg by
 * weight); -1 if it cannot be read or is not in those units.
 */
int64_t
metrc_payload_shipped(json_t *p, int weight)
{
	const char	*uom;
	int64_t		 th;

	uom = json_string_value(json_object_get(p,
	    "ShippedUnitOfMeasureName"));
	if (money_json_milli(json_object_get(p, "ShippedQuantity"),
	    &th) != 0 || th < 0)
		th = -1;
	if (uom == NULL || th < 0)
		return (-1);
	if (!weight)
		return (strcmp(uom, "Each") == 0 && th % 1000 == 0 ?
		    th / 1000 : -1);
	if (strcmp(uom, "Grams") == 0)
		return (th);
	if (strcmp(uom, "Milligrams") == 0)
		return (th / 1000);
	if (strcmp(uom, "Kilograms") == 0)
		return (th * 1000);
	if (strcmp(uom, "Ounces") == 0)		/* 28349.523125 mg */
		return (th * 28349523125 / 1000000000);
	if (strcmp(uom, "Pounds") == 0)		/* 453592.37 mg */
		return (th * 45359237 / 100000);
	return (-1);
}

/* --- deliveries --- */

static void
metrc_payload_crew(struct buf *b, const struct metrc_delivery_crew *c)
{
	metrc_payload_field(b, "DriverEmployeeId", c->driver_employee_id);
	metrc_payload_field(b, "DriverName", c->driver_name);
	metrc_payload_field(b, "DriversLicenseNumber", c->driver_licence);
	metrc_payload_field(b, "PhoneNumberForQuestions", c->phone);
	metrc_payload_field(b, "VehicleMake", c->vehicle_make);
	metrc_payload_field(b, "VehicleModel", c->vehicle_model);
	metrc_payload_field(b, "VehicleLicensePlateNumber", c->vehicle_plate);
}

/* The recipient; a stop's sale (retailer/sale) has no RecipientZoneId. */
static void
metrc_payload_recipient(struct buf *b, const struct metrc_delivery_recipient *r,
    int zone)
{
	metrc_payload_key(b, "SalesCustomerType");
	metrc_payload_str(b, r->customer_type != NULL &&
	    *r->customer_type != '\0' ? r->customer_type : "Consumer");
	metrc_payload_field(b, "PatientLicenseNumber", r->patient_licence);
	metrc_payload_field(b, "ConsumerId", r->consumer_id);
	metrc_payload_field(b, "RecipientName", r->name);
	metrc_payload_field(b, "RecipientAddressStreet1", r->street1);
	metrc_payload_field(b, "RecipientAddressStreet2", r->street2);
	metrc_payload_field(b, "RecipientAddressCity", r->city);
	metrc_payload_field(b, "RecipientAddressCounty", r->county);
	metrc_payload_field(b, "RecipientAddressState", r->state);
	metrc_payload_field(b, "RecipientAddressPostalCode", r->postal_code);
	if (zone)
		metrc_payload_field(b, "RecipientZoneId", r->zone_id);
}

/* ,"Transactions":[...] as a receipt's; -1 if there are none. */
static int
metrc_payload_lines(struct buf *b, const struct metrc_delivery_line *l,
    u_int n)
{
	u_int	i;

	buf_addstr(b, ",\"Transactions\":[");
	for (i = 0; i < n; i++)
		metrc_payload_txn(b, i == 0, l[i].tag, l[i].qty, l[i].weight,
		    l[i].amount);
	buf_addstr(b, "]");
	return (n != 0 ? 0 : -1);
}

/*
 * The end a planned delivery and a retailer delivery's sale share: the
 * route, the estimated times, the packages, and the closing brace. -1 if
 * it sells nothing.
 */
static int
metrc_payload_leg(struct buf *b, const struct metrc_delivery *d,
    const char *tz)
{
	int	r;

	metrc_payload_field(b, "PlannedRoute", d->route);
	metrc_payload_when(b, "EstimatedDepartureDateTime", d->depart_at, tz);
	metrc_payload_when(b, "EstimatedArrivalDateTime", d->arrive_at, tz);
	r = metrc_payload_lines(b, d->lines, d->nlines);
	buf_addstr(b, "}");
	return (r);
}

/*
 * One planned delivery for POST /sales/v2/deliveries, or with its state
 * Id for PUT (an edit before it is completed). -1 if it sells nothing.
 */
int
metrc_payload_delivery(struct buf *b, const struct metrc_delivery *d,
    const char *tz)
{
	buf_addstr(b, "{");
	if (d->state_id != 0)
		buf_printf(b, "\"Id\":%lld,", (long long)d->state_id);
	buf_addstr(b, "\"TransporterFacilityLicenseNumber\":null");
	metrc_payload_when(b, "SalesDateTime", d->sold_at, tz);
	metrc_payload_recipient(b, &d->to, 1);
	metrc_payload_crew(b, &d->crew);
	return (metrc_payload_leg(b, d, tz));
}

/*
 * PUT /sales/v2/deliveries/complete: each package of the delivery once,
 * accepted (its label) or returned (the quantity counted back, the
 * state's reason name, a note). -1 if it lists no package.
 */
int
metrc_payload_delivery_done(struct buf *b, const struct metrc_delivery_done *c,
    const char *tz)
{
	static const char * const		 keys[] = { "Label",
						    "ReturnQuantityVerified",
						    "ReturnUnitOfMeasure" };
	const struct metrc_delivery_return	*x;
	u_int					 i;

	buf_printf(b, "{\"Id\":%lld", (long long)c->state_id);
	metrc_payload_when(b, "ActualArrivalDateTime", c->arrived_at, tz);
	metrc_payload_field(b, "PaymentType", c->payment_type);
	buf_addstr(b, ",\"AcceptedPackages\":[");
	for (i = 0; i < c->naccepted; i++) {
		if (i != 0)
			buf_addc(b, ',');
		metrc_payload_str(b, c->accepted[i]);
	}
	buf_addstr(b, "],\"ReturnedPackages\":[");
	for (i = 0; i < c->nreturned; i++) {
		x = &c->returned[i];
		buf_addstr(b, i == 0 ? "{" : ",{");
		metrc_payload_pkg(b, keys, x->tag, x->qty, x->weight);
		metrc_payload_field(b, "ReturnReason", x->reason);
		/* The descriptions send an empty note, not null. */
		buf_addstr(b, ",\"ReturnReasonNote\":");
		metrc_payload_str(b, x->note != NULL ? x->note : "");
		buf_addstr(b, "}");
	}
	buf_addstr(b, "]}");
	return (c->naccepted + c->nreturned != 0 ? 0 : -1);
}

/* ,"Packages":[...] on board (create, restock); at is each one's time. */
static void
metrc_payload_stock(struct buf *b, const struct metrc_retailer_stock *s,
    u_int n, int restock, int64_t at, const char *tz)
{
	u_int	i;

	buf_addstr(b, ",\"Packages\":[");
	for (i = 0; i < n; i++) {
		buf_addstr(b, i == 0 ? "{" : ",{");
		buf_addstr(b, "\"PackageLabel\":");
		metrc_payload_str(b, s[i].tag);
		if (!restock)
			metrc_payload_when(b, "DateTime", at, tz);
		buf_addstr(b, ",\"Quantity\":");
		metrc_payload_qty(b, s[i].qty, s[i].weight);
		buf_printf(b, ",\"UnitOfMeasure\":\"%s\",\"TotalPrice\":",
		    metrc_payload_unit(s[i].weight));
		metrc_payload_dec(b, s[i].price, 2);
		if (restock)
			buf_printf(b, ",\"RemoveCurrentPackage\":%s",
			    s[i].remove ? "true" : "false");
		buf_addstr(b, "}");
	}
	buf_addstr(b, "]");
}

/*
 * Who receives a delivery: the order's customer by name, at its address;
 * a patient by their card, a caregiver by their patient's (pt, or NULL).
 * name (len bytes) holds the name to points into.
 */
void
metrc_payload_to(struct metrc_delivery_recipient *to, char *name,
    size_t len, const struct order *o, const struct customer *cu,
    const struct customer *pt)
{
	memset(to, 0, sizeof *to);
	snprintf(name, len, "%s %s", cu->first, cu->last);
	to->name = name;
	switch (cu->type) {
	case CUSTOMER_MEDICAL:
	case CUSTOMER_OOS_PATIENT:
		to->customer_type = "Patient";
		to->patient_licence = cu->card_number;
		break;
	case CUSTOMER_CAREGIVER:
		to->customer_type = "Caregiver";
		if (pt != NULL)
			to->patient_licence = pt->card_number;
		break;
	}
	to->street1 = o->street;
	to->city = o->city;
	to->state = o->state;
	to->postal_code = o->zip;
}

/*
 * A trip's stop as one of a retailer delivery's Destinations: its
 * recipient, its estimated arrival (arrive_at, µs) and what was packed
 * for it, each package at the order line's price (pre-tax, as a sale's
 * TotalAmount). -1 if it has nothing packed or a price overflows.
 */
int
metrc_payload_stop(struct metrc_stop *st, const struct order *o,
    const struct customer *cu, const struct customer *pt, int64_t arrive_at)
{
	const struct order_pick	*pk;
	const struct order_line	*l;
	u_int			 i;

	_Static_assert(METRC_STOP_LINES >= ORDER_PICKS, "METRC_STOP_LINES");
	memset(st, 0, sizeof *st);
	metrc_payload_to(&st->d.to, st->name, sizeof st->name, o, cu, pt);
	st->d.arrive_at = arrive_at;
	if (o->npicks == 0 || o->npicks > ORDER_PICKS)
		return (-1);
	for (i = 0; i < o->npicks; i++) {
		pk = &o->picks[i];
		if (pk->line >= o->nlines)
			return (-1);
		l = &o->lines[pk->line];
		st->lines[i].tag = pk->tag;
		st->lines[i].qty = pk->qty;
		st->lines[i].weight = l->unit_weight;
		if (money_line_total(l->unit_weight, pk->qty, l->price,
		    &st->lines[i].amount) != 0)
			return (-1);
	}
	st->d.lines = st->lines;
	st->d.nlines = o->npicks;
	return (0);
}

/* ,"Destinations":[...]: the planned stops, each like a delivery's sale. */
static void
metrc_payload_stops(struct buf *b, const struct metrc_delivery *d, u_int n,
    const char *tz)
{
	u_int	i;

	buf_addstr(b, ",\"Destinations\":");
	if (n == 0) {
		buf_addstr(b, "null");
		return;
	}
	buf_addstr(b, "[");
	for (i = 0; i < n; i++) {
		buf_addstr(b, i == 0 ? "{" : ",{");
		metrc_payload_recipient(b, &d[i].to, 1);
		metrc_payload_when(b, "EstimatedArrivalDateTime", d[i].arrive_at,
		    tz);
		metrc_payload_lines(b, d[i].lines, d[i].nlines);
		buf_addstr(b, "}");
	}
	buf_addstr(b, "]");
}

/*
 * What a retailer delivery's create and restock share: when, the
 * departure, the stops, what is on board, and the closing brace. -1 if
 * nothing is on board.
 */
static int
metrc_payload_board(struct buf *b, const struct metrc_retailer *r,
    int restock, const char *tz)
{
	metrc_payload_when(b, "DateTime", r->at, tz);
	metrc_payload_when(b, "EstimatedDepartureDateTime", r->depart_at, tz);
	metrc_payload_stops(b, r->stops, r->nstops, tz);
	metrc_payload_stock(b, r->stock, r->nstock, restock, r->at, tz);
	buf_addstr(b, "}");
	return (r->nstock != 0 ? 0 : -1);
}

/*
 * POST /sales/v2/deliveries/retailer: the crew, the planned stops if
 * any, and the stock on board (the ledger). -1 if nothing is on board.
 */
int
metrc_payload_retailer(struct buf *b, const struct metrc_retailer *r,
    const char *tz)
{
	buf_addstr(b, "{");
	metrc_payload_crew(b, &r->crew);
	return (metrc_payload_board(b, r, 0, tz));
}

/* POST /sales/v2/deliveries/retailer/depart. */
void
metrc_payload_retailer_depart(struct buf *b, int64_t state_id)
{
	buf_printf(b, "{\"RetailerDeliveryId\":%lld}", (long long)state_id);
}

/*
 * POST /sales/v2/deliveries/retailer/sale: one stop's sale from retailer
 * delivery state_id (its crew is the delivery's, not repeated). -1 if it
 * sells nothing.
 */
int
metrc_payload_retailer_sale(struct buf *b, int64_t state_id,
    const struct metrc_delivery *d, const char *tz)
{
	buf_printf(b, "{\"RetailerDeliveryId\":%lld", (long long)state_id);
	metrc_payload_when(b, "SalesDateTime", d->sold_at, tz);
	metrc_payload_recipient(b, &d->to, 0);
	metrc_payload_field(b, "PhoneNumberForQuestions", d->crew.phone);
	return (metrc_payload_leg(b, d, tz));
}

/*
 * POST /sales/v2/deliveries/retailer/restock of r->state_id: packages
 * put on board, or taken off (remove), and the next leg's stops. -1 if
 * it changes nothing on board.
 */
int
metrc_payload_retailer_restock(struct buf *b, const struct metrc_retailer *r,
    const char *tz)
{
	buf_printf(b, "{\"RetailerDeliveryId\":%lld", (long long)r->state_id);
	return (metrc_payload_board(b, r, 1, tz));
}

/*
 * POST /sales/v2/deliveries/retailer/end: arrived back at arrived_at
 * with what is left of each package on board (price unused). 0; an end
 * with nothing left lists no package.
 */
int
metrc_payload_retailer_end(struct buf *b, int64_t state_id, int64_t arrived_at,
    const struct metrc_retailer_stock *left, u_int n, const char *tz)
{
	static const char * const keys[] = { "Label", "EndQuantity",
	    "EndUnitOfMeasure" };
	u_int	i;

	buf_printf(b, "{\"RetailerDeliveryId\":%lld", (long long)state_id);
	metrc_payload_when(b, "ActualArrivalDateTime", arrived_at, tz);
	buf_addstr(b, ",\"Packages\":[");
	for (i = 0; i < n; i++) {
		buf_addstr(b, i == 0 ? "{" : ",{");
		metrc_payload_pkg(b, keys, left[i].tag, left[i].qty,
		    left[i].weight);
		buf_addstr(b, "}");
	}
	buf_addstr(b, "]}");
	return (0);
}

/* Is the string at key of o the same second as t (store-local)? */
static int
metrc_payload_same_time(json_t *o, const char *key, int64_t t, const char *tz)
{
	json_t	*v = json_object_get(o, key);
	char	 when[40];

	if (!json_is_string(v) || t == 0)
		return (0);
	metrc_payload_time(t, tz, when, sizeof when);
	return (strncmp(json_string_value(v), when, 19) == 0);
}

/*
 * Does a list of the state's (each entry with the label at lkey and the
 * quantity at qkey) hold exactly these labels and quantities, in any
 * order? The lists are at most Metrc's few packages a delivery, so the
 * walk is n by m.
 */
static int
metrc_payload_same_packages(json_t *list, const char *lkey, const char *qkey,
    const char * const *tags, const int64_t *qty, const int *weight, u_int n)
{
	json_t		*x;
	const char	*label;
	int64_t		 q, want;
	size_t		 k;
	u_int		 i, m, found, ours;

	if (!json_is_array(list) || json_array_size(list) != n || n == 0)
		return (0);
	for (i = 0; i < n; i++) {
		want = weight[i] ? qty[i] : qty[i] * 1000;
		/* A package may be on two lines: count each pair. */
		ours = 0;
		for (m = 0; m < n; m++) {
			if (strcasecmp(tags[m], tags[i]) == 0 &&
			    (weight[m] ? qty[m] : qty[m] * 1000) == want)
				ours++;
		}
		found = 0;
		json_array_foreach(list, k, x) {
			label = json_string_value(json_object_get(x, lkey));
			if (label == NULL || strcasecmp(label, tags[i]) != 0 ||
			    money_json_milli(json_object_get(x, qkey),
			    &q) != 0 || q != want)
				continue;
			found++;
		}
		if (found != ours)
			return (0);
	}
	return (1);
}

/* A delivery's (or a stop's) lines as the arrays the match takes. */
static int
metrc_payload_match_lines(json_t *list, const char *lkey, const char *qkey,
    const struct metrc_delivery_line *l, u_int n)
{
	const char	**tags;
	int64_t		 *qty;
	int		 *weight, r;
	u_int		  i;

	if (n == 0 || n > 1000)
		return (0);
	tags = xcalloc(n, sizeof *tags);
	qty = xcalloc(n, sizeof *qty);
	weight = xcalloc(n, sizeof *weight);
	for (i = 0; i < n; i++) {
		tags[i] = l[i].tag;
		qty[i] = l[i].qty;
		weight[i] = l[i].weight;
	}
	r = metrc_payload_same_packages(list, lkey, qkey, tags, qty, weight,
	    n);
	free(tags);
	free(qty);
	free(weight);
	return (r);
}

/* What the state says of one delivery object (planned or retailer). */
static void
metrc_payload_dstate(json_t *o, struct metrc_delivery_state *st)
{
	json_t	*v;

	memset(st, 0, sizeof *st);
	v = json_object_get(o, "Id");
	st->id = json_is_integer(v) ? json_integer_value(v) : 0;
	st->departed = json_is_string(json_object_get(o,
	    "ActualDepartureDateTime"));
	st->done = json_is_string(json_object_get(o, "CompletedDateTime")) ||
	    json_is_string(json_object_get(o, "ActualArrivalDateTime"));
	st->voided = json_is_string(json_object_get(o, "VoidedDate"));
	v = json_object_get(o, "Destinations");
	st->stops = json_is_array(v) ? json_array_size(v) : 0;
}

/* The Data of a list page, and its TotalPages into *pages. */
static json_t *
metrc_payload_page(json_t *j, int *pages)
{
	json_t		*list;
	json_int_t	 tp;

	list = json_is_object(j) ? json_object_get(j, "Data") : NULL;
	if (!json_is_array(list))
		return (NULL);
	tp = json_integer_value(json_object_get(j, "TotalPages"));
	*pages = tp < 1 ? 1 : tp > METRC_RECON_PAGES ?
	    METRC_RECON_PAGES + 1 : (int)tp;
	return (list);
}

/*
 * How many of list's objects match: 0, 1 (*found is it) or 2 for more
 * than one (a person must tell which).
 */
static int
metrc_payload_unique(json_t *list, int (*match)(json_t *, const void *),
    const void *arg, json_t **found)
{
	json_t	*o;
	size_t	 i;
	int	 r = 0;

	json_array_foreach(list, i, o) {
		if (!match(o, arg))
			continue;
		if (++r == 2)
			break;
		if (found != NULL)
			*found = o;
	}
	return (r);
}

/* A planned delivery (or a retailer stop's sale) and the store's zone. */
struct metrc_payload_dmatch {
	const struct metrc_delivery	*d;
	const char			*tz;
};

/* Same SalesDateTime and the same packages and quantities. */
static int
metrc_payload_dmatch(json_t *o, const void *arg)
{
	const struct metrc_payload_dmatch	*m = arg;

	return (metrc_payload_same_time(o, "SalesDateTime", m->d->sold_at,
	    m->tz) && metrc_payload_match_lines(json_object_get(o,
	    "Transactions"), "PackageLabel", "QuantitySold", m->d->lines,
	    m->d->nlines));
}

/*
 * A page of deliveries (a reply): the one that match says is the one, its
 * state in st. As metrc_payload_unique, or -1 if the page cannot be read
 * (*pages from TotalPages).
 */
static int
metrc_payload_page_found(const struct buf *reply,
    int (*match)(json_t *, const void *), const void *arg,
    struct metrc_delivery_state *st, int *pages)
{
	json_t		*j, *list, *o = NULL;
	json_error_t	 e;
	int		 r = -1;

	j = json_loadb((const char *)reply->data, reply->len, 0, &e);
	if ((list = metrc_payload_page(j, pages)) != NULL) {
		r = metrc_payload_unique(list, match, arg, &o);
		if (r == 1)
			metrc_payload_dstate(o, st);
	}
	if (j != NULL)
		json_decref(j);
	return (r);
}

/*
 * A page of GET /sales/v2/deliveries/active (or inactive): is delivery d
 * on it? Matched on its SalesDateTime and its packages and quantities
 * (see metrc-payload.h). 1 with its state in st if once, 2 if more than
 * one matches (a person must tell), 0 if none on this page (*pages from
 * TotalPages), -1 if the page cannot be read.
 */
int
metrc_payload_delivery_found(const struct buf *reply,
    const struct metrc_delivery *d, const char *tz,
    struct metrc_delivery_state *st, int *pages)
{
	struct metrc_payload_dmatch	 m = { d, tz };

	return (metrc_payload_page_found(reply, metrc_payload_dmatch, &m, st,
	    pages));
}

/* A retailer delivery as created: its packages split for the matcher. */
struct metrc_payload_rmatch {
	const struct metrc_retailer	*rd;
	const char			*tz;
	const char			**tags;
	int64_t				*qty;
	int				*weight;
};

/* Same DateTime, driver, plate and packages on board. */
static int
metrc_payload_rmatch(json_t *o, const void *arg)
{
	const struct metrc_payload_rmatch	*m = arg;
	const struct metrc_retailer		*rd = m->rd;
	const char				*s;

	if (!metrc_payload_same_time(o, "DateTime", rd->at, m->tz))
		return (0);
	s = json_string_value(json_object_get(o, "DriverEmployeeId"));
	if (s == NULL || rd->crew.driver_employee_id == NULL ||
	    strcmp(s, rd->crew.driver_employee_id) != 0)
		return (0);
	s = json_string_value(json_object_get(o,
	    "VehicleLicensePlateNumber"));
	if (s == NULL || rd->crew.vehicle_plate == NULL ||
	    strcasecmp(s, rd->crew.vehicle_plate) != 0)
		return (0);
	return (metrc_payload_same_packages(json_object_get(o, "Packages"),
	    "PackageLabel", "Quantity", m->tags, m->qty, m->weight,
	    rd->nstock));
}

/*
 * A page of GET /sales/v2/deliveries/retailer/active: is retailer
 * delivery r on it? Matched on DateTime, DriverEmployeeId,
 * VehicleLicensePlateNumber and the packages on board (before any sale:
 * the lookup follows the create). As metrc_payload_delivery_found.
 */
int
metrc_payload_retailer_found(const struct buf *reply,
    const struct metrc_retailer *rd, const char *tz,
    struct metrc_delivery_state *st, int *pages)
{
	struct metrc_payload_rmatch	 m;
	int				 r;
	u_int				 k;

	if (rd->nstock == 0 || rd->nstock > 1000)
		return (-1);
	m.rd = rd;
	m.tz = tz;
	m.tags = xcalloc(rd->nstock, sizeof *m.tags);
	m.qty = xcalloc(rd->nstock, sizeof *m.qty);
	m.weight = xcalloc(rd->nstock, sizeof *m.weight);
	for (k = 0; k < rd->nstock; k++) {
		m.tags[k] = rd->stock[k].tag;
		m.qty[k] = rd->stock[k].qty;
		m.weight[k] = rd->stock[k].weight;
	}
	r = metrc_payload_page_found(reply, metrc_payload_rmatch, &m, st,
	    pages);
	free(m.tags);
	free(m.qty);
	free(m.weight);
	return (r);
}

/*
 * A delivery read back (GET .../deliveries/{id}, .../retailer/{id}): the
 * document (json_decref it) with *st its state, or NULL if it is not one.
 */
static json_t *
metrc_payload_delivery_json(const struct buf *reply,
    struct metrc_delivery_state *st)
{
	json_t		*j;
	json_error_t	 e;

	j = json_loadb((const char *)reply->data, reply->len, 0, &e);
	if (json_is_object(j) && json_is_integer(json_object_get(j, "Id"))) {
		metrc_payload_dstate(j, st);
		return (j);
	}
	if (j != NULL)
		json_decref(j);
	return (NULL);
}

/*
 * One delivery read back (GET /sales/v2/deliveries/{id} or
 * .../retailer/{id}) into st: departed, completed or ended, voided, its
 * stops. With stop, is that sale among its Destinations (matched as a
 * planned delivery is)? -1 if the reply cannot be read, else how many
 * stops match (0, 1, or 2 for more than one); 0 without a stop.
 */
int
metrc_payload_delivery_read(const struct buf *reply,
    const struct metrc_delivery *stop, const char *tz,
    struct metrc_delivery_state *st)
{
	struct metrc_payload_dmatch	 m = { stop, tz };
	json_t				*j;
	int				 r = -1;

	if ((j = metrc_payload_delivery_json(reply, st)) != NULL) {
		r = 0;
		if (stop != NULL)
			r = metrc_payload_unique(json_object_get(j,
			    "Destinations"), metrc_payload_dmatch, &m, NULL);
	}
	if (j != NULL)
		json_decref(j);
	return (r);
}

/*
 * A retailer delivery read back (GET .../retailer/{id}): how many of the
 * n packages tags are on board (in its Packages, not removed), -1 if it
 * cannot be read; *st its state.
 */
int
metrc_payload_retailer_onboard(const struct buf *reply,
    const char * const *tags, u_int n, struct metrc_delivery_state *st)
{
	json_t		*j, *p;
	const char	*label;
	size_t		 k;
	u_int		 i;
	int		 r = -1;

	if ((j = metrc_payload_delivery_json(reply, st)) != NULL) {
		r = 0;
		json_array_foreach(json_object_get(j, "Packages"), k, p) {
			label = json_string_value(json_object_get(p,
			    "PackageLabel"));
			if (label == NULL ||
			    json_is_true(json_object_get(p, "Removed")))
				continue;
			for (i = 0; i < n; i++) {
				if (strcmp(tags[i], label) == 0) {
					r++;
					break;
				}
			}
		}
	}
	if (j != NULL)
		json_decref(j);
	return (r);
}

/*
 * A test's level in per mille, from its TestTypeName's unit: "(%)", or no
 * unit, is percent (x 10); "mg/g" is already per mille (1 mg/g is 0.1%).
 * The level comes in thousandths (money_json_milli) and is rounded half up
 * to the per mille: 22.45% is 225, 0.04% is 0. -1 for any other unit (mg
 * a serving or a unit cannot be a share without the unit's weight) or a
 * level out of 0 to 100%.
 */
static int
metrc_payload_lab_level(const char *type, json_t *v)
{
	int64_t	th, pm;

	if (money_json_milli(v, &th) != 0 || th < 0)
		return (-1);
	if (strstr(type, "mg/g") != NULL)
		pm = (th + 500) / 1000;
	else if (strchr(type, '%') != NULL || strstr(type, "mg") == NULL)
		pm = (th + 50) / 100;
	else
		return (-1);
	return (pm > 1000 ? -1 : (int)pm);
}

/* "YYYY-MM-DD…" as YYYYMMDD, or 0. */
static int
metrc_payload_lab_date(json_t *v)
{
	const char	*s = json_string_value(v);
	int		 y, m, d;

	if (s == NULL || strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d", &y, &m,
	    &d) != 3 || s[4] != '-' || s[7] != '-')
		return (0);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
		return (0);
	return (y * 10000 + m * 100 + d);
}

/*
 * Does a test type name THC (or CBD)? "THC", "Total THC (%)", "THC (mg/g)
 * Raw Plant Material"; not THCa or CBDa, the acids before heating, nor
 * Delta-8 and the like. 2 for a "Total" figure, which wins over the rest.
 */
static int
metrc_payload_lab_kind(const char *type, const char *what)
{
	const char	*p;
	size_t		 n = strlen(what);

	for (p = type; (p = strstr(p, what)) != NULL; p += n) {
		if ((p != type && isalnum((u_char)p[-1])) ||
		    isalnum((u_char)p[n]))
			continue;
		if (strncasecmp(type, "Total ", 6) == 0)
			return (2);
		if (strchr(type, '-') != NULL)
			continue;	/* Delta-9 THC and the like */
		return (1);
	}
	return (0);
}

static int
metrc_payload_lab_revoked(json_t *r, const char *key)
{
	json_t	*v = json_object_get(r, key);

	return (v != NULL && !json_is_null(v));
}

/*
 * GET /labtests/v2/results?packageId=&licenseNumber=: one row per test
 * (TestTypeName, TestPassed, TestResultLevel), each with the package's
 * OverallPassed, LabFacilityName, TestPerformedDate and
 * ExpirationDateTime. Only rows released (ResultReleased) and not revoked
 * (RevokedDate, LabTestDetailRevokedDate null) count. Into lab: pass if
 * every counted row's OverallPassed and TestPassed is true, else fail;
 * THC and CBD per mille (metrc_payload_lab_level; 0 if no row names
 * them); the lab's name (cut to our length); the latest test date; the
 * earliest expiry. 0 with lab filled, 1 when the state has no released
 * result yet, -1 if the reply cannot be read.
 */
int
metrc_payload_labtests(const struct buf *reply, struct lab_result *lab)
{
	json_t		*rows, *r, *v;
	const char	*type, *name;
	int		 pages, n = 0, pass = 1, k, thc_k = 0, cbd_k = 0, lv;
	int		 date;
	size_t		 i;

	memset(lab, 0, sizeof *lab);
	rows = json_array();
	if (metrc_payload_list(reply, rows, &pages) != 0) {
		json_decref(rows);
		return (-1);
	}
	json_array_foreach(rows, i, r) {
		if (!json_is_object(r))
			goto bad;
		/* An absent revocation date is null: not revoked. */
		if (!json_is_true(json_object_get(r, "ResultReleased")) ||
		    metrc_payload_lab_revoked(r, "RevokedDate") ||
		    metrc_payload_lab_revoked(r, "LabTestDetailRevokedDate"))
			continue;
		n++;
		if (!json_is_boolean(json_object_get(r, "OverallPassed")) ||
		    !json_is_boolean(json_object_get(r, "TestPassed")))
			goto bad;
		if (!json_is_true(json_object_get(r, "OverallPassed")) ||
		    !json_is_true(json_object_get(r, "TestPassed")))
			pass = 0;
		if ((type = json_string_value(json_object_get(r,
		    "TestTypeName"))) == NULL)
			type = "";
		v = json_object_get(r, "TestResultLevel");
		if ((k = metrc_payload_lab_kind(type, "THC")) > thc_k &&
		    (lv = metrc_payload_lab_level(type, v)) >= 0) {
			lab->thc = lv;
			thc_k = k;
		}
		if ((k = metrc_payload_lab_kind(type, "CBD")) > cbd_k &&
		    (lv = metrc_payload_lab_level(type, v)) >= 0) {
			lab->cbd = lv;
			cbd_k = k;
		}
		name = json_string_value(json_object_get(r,
		    "LabFacilityName"));
		if (name != NULL && lab->lab[0] == '\0')
			strlcpy(lab->lab, name, sizeof lab->lab);
		date = metrc_payload_lab_date(json_object_get(r,
		    "TestPerformedDate"));
		if (date > lab->tested)
			lab->tested = date;
		date = metrc_payload_lab_date(json_object_get(r,
		    "ExpirationDateTime"));
		if (date != 0 && (lab->expires == 0 || date < lab->expires))
			lab->expires = date;
	}
	json_decref(rows);
	if (n == 0)
		return (1);
	lab->status = pass ? LAB_PASS : LAB_FAIL;
	return (0);

bad:
	json_decref(rows);
	memset(lab, 0, sizeof *lab);
	return (-1);
}
