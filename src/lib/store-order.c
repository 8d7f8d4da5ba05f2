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

#include "store.h"

/*
 * Orders, keyed by number (rising with time), with indexes by the
 * client's ref (idempotent creation), by status (listings), by customer
 * (their open orders count against their limits) and by expiry deadline
 * (for orders still to be packed). The reserve table holds, per product,
 * how much the open orders have reserved; available is on hand less it.
 */

#define ORDER_KIND	'O'
#define OLINE_KIND	'o'
#define OTAX_KIND	't'
#define OEVENT_KIND	'e'
#define OPICK_KIND	'p'
#define RESERVE_KIND	'V'
enum { OR_ID = 1, OR_REF, OR_CUSTOMER, OR_PATIENT, OR_CHANNEL, OR_STREET,
    OR_CITY, OR_STATE, OR_ZIP, OR_LAT, OR_LON, OR_WSTART, OR_WEND, OR_LINE,
    OR_SUBTOTAL, OR_TAX, OR_TAX_INCLUDED, OR_ZONE, OR_DISTANCE, OR_FEE,
    OR_TOTAL, OR_NOTES, OR_STATUS, OR_CREATED, OR_STAFF, OR_TERMINAL,
    OR_EXPIRES, OR_EVENT, OR_PICK, OR_PACKER, OR_SEALED, OR_UNRESERVED,
    OR_TRIP, OR_SALE, OR_COLLECTED, OR_NOTIFY };
enum { OL_PRODUCT = 1, OL_NAME, OL_UNIT, OL_QTY, OL_PRICE, OL_TOTAL,
    OL_TAX };
enum { OT_NAME = 1, OT_LABEL, OT_LEVEL, OT_PPM, OT_PER_MG, OT_AMOUNT };
enum { OE_STATUS = 1, OE_TIME, OE_STAFF, OE_TERMINAL, OE_REASON };
enum { RS_QTY = 1 };
enum { OP_TAG = 1, OP_LINE, OP_QTY, OP_WEIGHED };

static const char *store_order_status_names[] = {
	[ORDER_NEW] = "new",
	[ORDER_PACKING] = "packing",
	[ORDER_PACKED] = "packed",
	[ORDER_ASSIGNED] = "assigned",
	[ORDER_OUT] = "out",
	[ORDER_DELIVERED] = "delivered",
	[ORDER_FAILED] = "failed",
	[ORDER_RETURNED] = "returned",
	[ORDER_CANCELLED] = "cancelled",
	[ORDER_EXPIRED] = "expired",
};

const char *
store_order_status_name(int status)
{
	if (status < 1 || status > ORDER_STATUS_MAX)
		return ("unknown");
	return (store_order_status_names[status]);
}

int
store_order_status_find(const char *name)
{
	int	i;

	for (i = 1; i <= ORDER_STATUS_MAX; i++) {
		if (strcmp(store_order_status_names[i], name) == 0)
			return (i);
	}
	return (-1);
}

const char *
store_order_channel_name(int channel)
{
	switch (channel) {
	case ORDER_DELIVERY:
		return ("delivery");
	case ORDER_PICKUP:
		return ("pickup");
	}
	return ("unknown");
}

int
store_order_channel_find(const char *name)
{
	if (strcmp(name, "delivery") == 0)
		return (ORDER_DELIVERY);
	if (strcmp(name, "pickup") == 0)
		return (ORDER_PICKUP);
	return (-1);
}

static int
store_order_decode_line(const u_char *v, size_t vlen, struct order_line *l)
{
	struct codec	c;
	int64_t		product = 0, unit = 0;

	memset(l, 0, sizeof *l);
	if (codec_open(&c, v, vlen, OLINE_KIND) != 0 ||
	    codec_get_i64(&c, OL_PRODUCT, &product) != 0 ||
	    codec_get_str(&c, OL_NAME, l->name, sizeof l->name) < 0 ||
	    codec_get_i64(&c, OL_UNIT, &unit) < 0 ||
	    codec_get_i64(&c, OL_QTY, &l->qty) != 0 ||
	    codec_get_i64(&c, OL_PRICE, &l->price) < 0 ||
	    codec_get_i64(&c, OL_TOTAL, &l->total) < 0 ||
	    codec_get_i64(&c, OL_TAX, &l->tax) < 0 ||
	    product <= 0 || product > UINT32_MAX || l->qty <= 0)
		return (-1);
	l->product = (uint32_t)product;
	l->unit_weight = unit != 0;
	return (0);
}

static int
store_order_decode_tax(const u_char *v, size_t vlen, struct sale_tax *tx)
{
	struct codec	c;
	int64_t		level = 0;

	memset(tx, 0, sizeof *tx);
	if (codec_open(&c, v, vlen, OTAX_KIND) != 0 ||
	    codec_get_str(&c, OT_NAME, tx->name, sizeof tx->name) != 0 ||
	    codec_get_str(&c, OT_LABEL, tx->label, sizeof tx->label) < 0 ||
	    codec_get_i64(&c, OT_LEVEL, &level) < 0 ||
	    codec_get_i64(&c, OT_PPM, &tx->ppm) < 0 ||
	    codec_get_i64(&c, OT_PER_MG, &tx->per_mg) < 0 ||
	    codec_get_i64(&c, OT_AMOUNT, &tx->amount) != 0 ||
	    level < 0 || level > 4)
		return (-1);
	tx->level = (int)level;
	return (0);
}

static int
store_order_decode_event(const u_char *v, size_t vlen, struct order_event *e)
{
	struct codec	c;
	int64_t		status = 0, staff = 0;

	memset(e, 0, sizeof *e);
	if (codec_open(&c, v, vlen, OEVENT_KIND) != 0 ||
	    codec_get_i64(&c, OE_STATUS, &status) != 0 ||
	    codec_get_i64(&c, OE_TIME, &e->time) != 0 ||
	    codec_get_i64(&c, OE_STAFF, &staff) < 0 ||
	    codec_get_str(&c, OE_TERMINAL, e->terminal,
	    sizeof e->terminal) < 0 ||
	    codec_get_str(&c, OE_REASON, e->reason, sizeof e->reason) < 0 ||
	    status < 1 || status > ORDER_STATUS_MAX || staff < 0 ||
	    staff > UINT32_MAX)
		return (-1);
	e->status = (int)status;
	e->staff = (uint32_t)staff;
	return (0);
}

static int
store_order_decode_pick(const u_char *v, size_t vlen, const struct order *o,
    struct order_pick *p)
{
	struct codec	c;
	int64_t		line = -1, weighed = 0;

	memset(p, 0, sizeof *p);
	if (codec_open(&c, v, vlen, OPICK_KIND) != 0 ||
	    codec_get_str(&c, OP_TAG, p->tag, sizeof p->tag) != 0 ||
	    codec_get_i64(&c, OP_LINE, &line) != 0 ||
	    codec_get_i64(&c, OP_QTY, &p->qty) != 0 ||
	    codec_get_i64(&c, OP_WEIGHED, &weighed) < 0 ||
	    line < 0 || line >= (int64_t)o->nlines || p->qty <= 0 ||
	    weighed < 0 || weighed > 2)
		return (-1);
	p->line = (u_int)line;
	p->weighed = (int)weighed;
	return (0);
}

int
store_order_decode(const u_char *v, size_t vlen, struct order *o)
{
	struct codec	 c;
	const u_char	*lv;
	size_t		 pos, llen;
	int64_t		 id = 0, customer = 0, patient = 0, channel = 0;
	int64_t		 incl = 0, zone = 0, status = 0, staff = 0;
	int64_t		 packer = 0, unres = 0, trip = 0, sale = 0, notify = 0;
	int		 lat, lon;

	memset(o, 0, sizeof *o);
	o->distance = -1;
	if (codec_open(&c, v, vlen, ORDER_KIND) != 0 ||
	    codec_get_i64(&c, OR_ID, &id) != 0 ||
	    codec_get_str(&c, OR_REF, o->ref, sizeof o->ref) != 0 ||
	    codec_get_i64(&c, OR_CUSTOMER, &customer) != 0 ||
	    codec_get_i64(&c, OR_PATIENT, &patient) < 0 ||
	    codec_get_i64(&c, OR_CHANNEL, &channel) != 0 ||
	    codec_get_str(&c, OR_STREET, o->street, sizeof o->street) < 0 ||
	    codec_get_str(&c, OR_CITY, o->city, sizeof o->city) < 0 ||
	    codec_get_str(&c, OR_STATE, o->state, sizeof o->state) < 0 ||
	    codec_get_str(&c, OR_ZIP, o->zip, sizeof o->zip) < 0 ||
	    (lat = codec_get_i64(&c, OR_LAT, &o->lat)) < 0 ||
	    (lon = codec_get_i64(&c, OR_LON, &o->lon)) < 0 ||
	    codec_get_i64(&c, OR_WSTART, &o->window_start) != 0 ||
	    codec_get_i64(&c, OR_WEND, &o->window_end) != 0 ||
	    codec_get_i64(&c, OR_SUBTOTAL, &o->subtotal) < 0 ||
	    codec_get_i64(&c, OR_TAX_INCLUDED, &incl) < 0 ||
	    codec_get_i64(&c, OR_ZONE, &zone) < 0 ||
	    codec_get_i64(&c, OR_DISTANCE, &o->distance) < 0 ||
	    codec_get_i64(&c, OR_FEE, &o->fee) < 0 ||
	    codec_get_i64(&c, OR_TOTAL, &o->total) < 0 ||
	    codec_get_str(&c, OR_NOTES, o->notes, sizeof o->notes) < 0 ||
	    codec_get_i64(&c, OR_STATUS, &status) != 0 ||
	    codec_get_i64(&c, OR_CREATED, &o->created) != 0 ||
	    codec_get_i64(&c, OR_STAFF, &staff) < 0 ||
	    codec_get_str(&c, OR_TERMINAL, o->terminal,
	    sizeof o->terminal) < 0 ||
	    codec_get_i64(&c, OR_EXPIRES, &o->expires) < 0 ||
	    codec_get_i64(&c, OR_PACKER, &packer) < 0 ||
	    codec_get_i64(&c, OR_SEALED, &o->sealed) < 0 ||
	    codec_get_i64(&c, OR_UNRESERVED, &unres) < 0 ||
	    codec_get_i64(&c, OR_TRIP, &trip) < 0 ||
	    codec_get_i64(&c, OR_SALE, &sale) < 0 ||
	    codec_get_i64(&c, OR_COLLECTED, &o->collected) < 0 ||
	    codec_get_i64(&c, OR_NOTIFY, &notify) < 0 ||
	    packer < 0 || packer > UINT32_MAX || trip < 0 || sale < 0 ||
	    id <= 0 || customer <= 0 || customer > UINT32_MAX ||
	    patient < 0 || patient > UINT32_MAX ||
	    (channel != ORDER_DELIVERY && channel != ORDER_PICKUP) ||
	    status < 1 || status > ORDER_STATUS_MAX || staff < 0 ||
	    staff > UINT32_MAX || zone < 0 || zone > 255)
		return (-1);
	o->id = (uint64_t)id;
	o->customer = (uint32_t)customer;
	o->patient = (uint32_t)patient;
	o->channel = (int)channel;
	o->located = lat == 0 && lon == 0;
	o->tax_included = incl != 0;
	o->zone = (u_int)zone;
	o->status = (int)status;
	o->staff = (uint32_t)staff;
	o->packer = (uint32_t)packer;
	o->unreserved = unres != 0;
	o->notify = notify != 0;
	o->trip = (uint64_t)trip;
	o->sale = (uint64_t)sale;
	pos = 0;
	while (codec_next(&c, &pos, OR_LINE, &lv, &llen)) {
		if (o->nlines == ORDER_LINES || store_order_decode_line(lv,
		    llen, &o->lines[o->nlines]) != 0)
			return (-1);
		o->nlines++;
	}
	pos = 0;
	while (codec_next(&c, &pos, OR_TAX, &lv, &llen)) {
		if (o->ntaxes == SALE_TAXES || store_order_decode_tax(lv, llen,
		    &o->taxes[o->ntaxes]) != 0)
			return (-1);
		o->tax += o->taxes[o->ntaxes++].amount;
	}
	pos = 0;
	while (codec_next(&c, &pos, OR_EVENT, &lv, &llen)) {
		if (o->nhistory == ORDER_HISTORY || store_order_decode_event(lv,
		    llen, &o->history[o->nhistory]) != 0)
			return (-1);
		o->nhistory++;
	}
	if (o->nlines == 0)
		return (-1);
	pos = 0;
	while (codec_next(&c, &pos, OR_PICK, &lv, &llen)) {
		if (o->npicks == ORDER_PICKS || store_order_decode_pick(lv,
		    llen, o, &o->picks[o->npicks]) != 0)
			return (-1);
		o->npicks++;
	}
	return (0);
}

int
store_order_get(struct store_txn *t, uint64_t id, struct order *o)
{
	const u_char	*v;
	size_t		 vlen;
	int		 r;

	if ((r = store_get_u64(t, DB_ORDER, id, &v, &vlen)) != 0)
		return (r);
	if (store_order_decode(v, vlen, o) != 0 || o->id != id)
		return (store_damaged(t, "order", id));
	return (0);
}

int
store_order_by_ref(struct store_txn *t, const char *ref, uint64_t *id)
{
	return (store_get_ref(t, DB_ORDER_REF, ref, "order ref", id));
}

uint64_t
store_order_next_id(struct store_txn *t)
{
	return (store_last_u64(t, DB_ORDER) + 1);
}

static void
store_order_status_key(struct store_key *k, int status, uint64_t id)
{
	u_char	s = (u_char)status;

	store_key_init(k);
	memcpy(k->data, &s, 1);
	k->len = 1;
	store_key_u64(k, id);
}

static void
store_order_due_key(struct store_key *k, int64_t due, uint64_t id)
{
	store_key_init(k);
	store_key_u64(k, (uint64_t)due);
	store_key_u64(k, id);
}

/* Is an order in this status waiting on the expiry deadline? */
static int
store_order_dues(const struct order *o)
{
	return (o->expires > 0 && (o->status == ORDER_NEW ||
	    o->status == ORDER_PACKING));
}

/*
 * Write an order; old is what it was (NULL for a new order: the ref and
 * customer indexes are added). The status and expiry indexes follow the
 * status.
 */
void
store_order_put(struct store_txn *t, const struct order *o,
    const struct order *old)
{
	struct store_key	 k, ik;
	struct buf		 b, lb;
	const struct order_line	*l;
	const struct order_event *e;
	u_int			 i;

	buf_init(&b);
	buf_init(&lb);
	codec_begin(&b, ORDER_KIND, 1);
	codec_i64(&b, OR_ID, (int64_t)o->id);
	codec_str(&b, OR_REF, o->ref);
	codec_i64(&b, OR_CUSTOMER, o->customer);
	if (o->patient != 0)
		codec_i64(&b, OR_PATIENT, o->patient);
	codec_i64(&b, OR_CHANNEL, o->channel);
	if (o->street[0] != '\0')
		codec_str(&b, OR_STREET, o->street);
	if (o->city[0] != '\0')
		codec_str(&b, OR_CITY, o->city);
	if (o->state[0] != '\0')
		codec_str(&b, OR_STATE, o->state);
	if (o->zip[0] != '\0')
		codec_str(&b, OR_ZIP, o->zip);
	if (o->located) {
		codec_i64(&b, OR_LAT, o->lat);
		codec_i64(&b, OR_LON, o->lon);
	}
	codec_i64(&b, OR_WSTART, o->window_start);
	codec_i64(&b, OR_WEND, o->window_end);
	for (i = 0; i < o->nlines; i++) {
		l = &o->lines[i];
		codec_begin(&lb, OLINE_KIND, 1);
		codec_i64(&lb, OL_PRODUCT, l->product);
		codec_str(&lb, OL_NAME, l->name);
		codec_i64(&lb, OL_UNIT, l->unit_weight);
		codec_i64(&lb, OL_QTY, l->qty);
		codec_i64(&lb, OL_PRICE, l->price);
		codec_i64(&lb, OL_TOTAL, l->total);
		codec_i64(&lb, OL_TAX, l->tax);
		codec_bytes(&b, OR_LINE, lb.data, lb.len);
	}
	codec_i64(&b, OR_SUBTOTAL, o->subtotal);
	for (i = 0; i < o->ntaxes; i++) {
		codec_begin(&lb, OTAX_KIND, 1);
		codec_str(&lb, OT_NAME, o->taxes[i].name);
		if (o->taxes[i].label[0] != '\0')
			codec_str(&lb, OT_LABEL, o->taxes[i].label);
		codec_i64(&lb, OT_LEVEL, o->taxes[i].level);
		codec_i64(&lb, OT_PPM, o->taxes[i].ppm);
		if (o->taxes[i].per_mg != 0)
			codec_i64(&lb, OT_PER_MG, o->taxes[i].per_mg);
		codec_i64(&lb, OT_AMOUNT, o->taxes[i].amount);
		codec_bytes(&b, OR_TAX, lb.data, lb.len);
	}
	if (o->tax_included)
		codec_i64(&b, OR_TAX_INCLUDED, 1);
	if (o->zone != 0)
		codec_i64(&b, OR_ZONE, o->zone);
	if (o->distance >= 0)
		codec_i64(&b, OR_DISTANCE, o->distance);
	codec_i64(&b, OR_FEE, o->fee);
	codec_i64(&b, OR_TOTAL, o->total);
	if (o->notes[0] != '\0')
		codec_str(&b, OR_NOTES, o->notes);
	codec_i64(&b, OR_STATUS, o->status);
	codec_i64(&b, OR_CREATED, o->created);
	codec_i64(&b, OR_STAFF, o->staff);
	codec_str(&b, OR_TERMINAL, o->terminal);
	if (o->expires > 0)
		codec_i64(&b, OR_EXPIRES, o->expires);
	for (i = 0; i < o->nhistory; i++) {
		e = &o->history[i];
		codec_begin(&lb, OEVENT_KIND, 1);
		codec_i64(&lb, OE_STATUS, e->status);
		codec_i64(&lb, OE_TIME, e->time);
		codec_i64(&lb, OE_STAFF, e->staff);
		codec_str(&lb, OE_TERMINAL, e->terminal);
		if (e->reason[0] != '\0')
			codec_str(&lb, OE_REASON, e->reason);
		codec_bytes(&b, OR_EVENT, lb.data, lb.len);
	}
	for (i = 0; i < o->npicks; i++) {
		codec_begin(&lb, OPICK_KIND, 1);
		codec_str(&lb, OP_TAG, o->picks[i].tag);
		codec_i64(&lb, OP_LINE, o->picks[i].line);
		codec_i64(&lb, OP_QTY, o->picks[i].qty);
		if (o->picks[i].weighed != 0)
			codec_i64(&lb, OP_WEIGHED, o->picks[i].weighed);
		codec_bytes(&b, OR_PICK, lb.data, lb.len);
	}
	if (o->packer != 0) {
		codec_i64(&b, OR_PACKER, o->packer);
		codec_i64(&b, OR_SEALED, o->sealed);
	}
	if (o->unreserved)
		codec_i64(&b, OR_UNRESERVED, 1);
	if (o->trip != 0)
		codec_i64(&b, OR_TRIP, (int64_t)o->trip);
	if (o->notify)
		codec_i64(&b, OR_NOTIFY, 1);
	if (o->sale != 0) {
		codec_i64(&b, OR_SALE, (int64_t)o->sale);
		codec_i64(&b, OR_COLLECTED, o->collected);
	}
	store_key_init(&k);
	store_key_u64(&k, o->id);
	store_put(t, DB_ORDER, k.data, k.len, b.data, b.len);
	buf_free(&b);
	buf_free(&lb);

	if (old == NULL) {
		store_key_init(&ik);
		store_key_str(&ik, o->ref);
		store_put(t, DB_ORDER_REF, ik.data, ik.len, k.data, k.len);
		store_key_init(&ik);
		store_key_u32(&ik, o->customer);
		store_key_u64(&ik, o->id);
		store_put(t, DB_ORDER_CUSTOMER, ik.data, ik.len, "", 0);
		if (o->patient != 0 && o->patient != o->customer) {
			store_key_init(&ik);
			store_key_u32(&ik, o->patient);
			store_key_u64(&ik, o->id);
			store_put(t, DB_ORDER_CUSTOMER, ik.data, ik.len, "",
			    0);
		}
	}
	if (old == NULL || old->status != o->status) {
		if (old != NULL) {
			store_order_status_key(&ik, old->status, old->id);
			store_del(t, DB_ORDER_STATUS, ik.data, ik.len);
		}
		store_order_status_key(&ik, o->status, o->id);
		store_put(t, DB_ORDER_STATUS, ik.data, ik.len, "", 0);
	}
	if (old != NULL && store_order_dues(old) && (!store_order_dues(o) ||
	    old->expires != o->expires)) {
		store_order_due_key(&ik, old->expires, old->id);
		store_del(t, DB_ORDER_DUE, ik.data, ik.len);
	}
	if (store_order_dues(o) && (old == NULL || !store_order_dues(old) ||
	    old->expires != o->expires)) {
		store_order_due_key(&ik, o->expires, o->id);
		store_put(t, DB_ORDER_DUE, ik.data, ik.len, "", 0);
	}
}

/*
 * The orders in a status (0: any), newest first, below id before (0: from
 * the newest): cb with each id until it returns non-zero. 0, or -1 on a
 * store error.
 */
int
store_order_walk_status(struct store_txn *t, int status, uint64_t before,
    int (*cb)(uint64_t, void *), void *arg)
{
	struct store_iter	 it;
	struct store_key	 k;
	u_char			 s = (u_char)status;
	uint64_t		 id;

	if (status == 0) {
		store_iter_init(t, &it, DB_ORDER, NULL, 0, 1);
		if (before != 0) {
			store_key_init(&k);
			store_key_u64(&k, before);
			store_iter_before(&it, k.data, k.len);
		}
		while (store_iter_next(&it)) {
			if (it.klen != 8)
				continue;
			if (cb(store_key_get_u64(it.key), arg) != 0)
				break;
		}
		store_iter_done(&it);
		return (t->ret != 0 ? -1 : 0);
	}
	store_iter_init(t, &it, DB_ORDER_STATUS, &s, 1, 1);
	if (before != 0) {
		store_order_status_key(&k, status, before);
		store_iter_before(&it, k.data, k.len);
	}
	while (store_iter_next(&it)) {
		if (it.klen != 9)
			continue;
		id = store_key_get_u64(it.key + 1);
		if (cb(id, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/* Every order of a customer (as buyer or patient), newest first. */
int
store_order_walk_customer(struct store_txn *t, uint32_t customer,
    int (*cb)(uint64_t, void *), void *arg)
{
	struct store_iter	 it;
	struct store_key	 k;

	store_key_init(&k);
	store_key_u32(&k, customer);
	store_iter_init(t, &it, DB_ORDER_CUSTOMER, k.data, k.len, 1);
	while (store_iter_next(&it)) {
		if (it.klen != 12)
			continue;
		if (cb(store_key_get_u64(it.key + 4), arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * The order whose expiry deadline comes first, if it is at or before now:
 * 0 with *id, STORE_NOTFOUND if none is due, or a store error.
 */
int
store_order_due(struct store_txn *t, int64_t now, uint64_t *id)
{
	struct store_iter	it;
	int			r = STORE_NOTFOUND;

	store_iter_init(t, &it, DB_ORDER_DUE, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (it.klen != 16)
			continue;
		if ((int64_t)store_key_get_u64(it.key) <= now) {
			*id = store_key_get_u64(it.key + 8);
			r = 0;
		}
		break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? t->ret : r);
}

/* How much of a product the open orders hold (units or mg). */
int64_t
store_reserve_get(struct store_txn *t, uint32_t product)
{
	struct store_key	 k;
	struct codec		 c;
	const u_char		*v;
	size_t			 vlen;
	int64_t			 qty = 0;

	store_key_init(&k);
	store_key_u32(&k, product);
	if (store_get(t, DB_RESERVE, k.data, k.len, &v, &vlen) != 0)
		return (0);
	if (codec_open(&c, v, vlen, RESERVE_KIND) != 0 ||
	    codec_get_i64(&c, RS_QTY, &qty) != 0 || qty < 0) {
		store_fail(t, STORE_CORRUPT, "reservation of product %u "
		    "damaged", product);
		return (0);
	}
	return (qty);
}

/* Set what the open orders hold of a product; 0 removes the record. */
void
store_reserve_put(struct store_txn *t, uint32_t product, int64_t qty)
{
	struct store_key	k;
	struct buf		b;

	if (qty < 0) {
		store_fail(t, STORE_CORRUPT, "reservation of product %u would "
		    "go below zero", product);
		return;
	}
	store_key_init(&k);
	store_key_u32(&k, product);
	if (qty == 0) {
		store_del(t, DB_RESERVE, k.data, k.len);
		return;
	}
	buf_init(&b);
	codec_begin(&b, RESERVE_KIND, 1);
	codec_i64(&b, RS_QTY, qty);
	store_put(t, DB_RESERVE, k.data, k.len, b.data, b.len);
	buf_free(&b);
}
