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
 * Picks, vehicles and trips. A pick is what an open order has taken of a
 * package while it was packed (tag, order -> quantity): the register may
 * sell only the rest of the package. Vehicles are keyed by plate; trips
 * by number, rising with time.
 */

#define PICK_KIND	'k'
#define VEHICLE_KIND	'H'
#define TRIP_KIND	'T'
#define TMISS_KIND	'm'
enum { PK_QTY = 1 };
enum { VH_PLATE = 1, VH_MAKE, VH_MODEL, VH_COLOUR, VH_VIN, VH_GPS,
    VH_CAMERA, VH_ACTIVE, VH_CREATED };
enum { TR_ID = 1, TR_STATUS, TR_DRIVER, TR_CREW, TR_PLATE, TR_ORDER,
    TR_FLOAT, TR_DEPART_AT, TR_LEDGER, TR_CREATED, TR_STAFF, TR_LOADED,
    TR_LOADED_BY, TR_DEPARTED, TR_CLOSED, TR_CLOSED_BY, TR_COLLECTED,
    TR_COUNTED, TR_MISSING, TR_TAKEN_BY, TR_TAKEN_AT, TR_HANDHELD,
    TR_PLANNED };
enum { TM_TAG = 1, TM_QTY, TM_ORDER };

/* --- picks --- */

static void
store_pick_key(struct store_key *k, const char *tag, uint64_t order)
{
	store_key_init(k);
	store_key_str(k, tag);
	store_key_u64(k, order);
}

/* What order has picked of the package: 0 if nothing. */
int64_t
store_pick_get(struct store_txn *t, const char *tag, uint64_t order)
{
	struct store_key	 k;
	struct codec		 c;
	const u_char		*v;
	size_t			 vlen;
	int64_t			 qty = 0;

	store_pick_key(&k, tag, order);
	if (store_get(t, DB_PICK, k.data, k.len, &v, &vlen) != 0)
		return (0);
	if (codec_open(&c, v, vlen, PICK_KIND) != 0 ||
	    codec_get_i64(&c, PK_QTY, &qty) != 0 || qty < 0) {
		store_fail(t, STORE_CORRUPT, "pick record damaged");
		return (0);
	}
	return (qty);
}

void
store_pick_put(struct store_txn *t, const char *tag, uint64_t order,
    int64_t qty)
{
	struct store_key	k;
	struct buf		b;

	store_pick_key(&k, tag, order);
	if (qty <= 0) {
		store_del(t, DB_PICK, k.data, k.len);
		return;
	}
	buf_init(&b);
	codec_begin(&b, PICK_KIND, 1);
	codec_i64(&b, PK_QTY, qty);
	store_put(t, DB_PICK, k.data, k.len, b.data, b.len);
	buf_free(&b);
}

/* The orders that picked from a package: cb(order, qty) until non-zero. */
int
store_pick_walk(struct store_txn *t, const char *tag,
    int (*cb)(uint64_t, int64_t, void *), void *arg)
{
	struct store_iter	it;
	struct store_key	k;
	struct codec		c;
	int64_t			qty;

	store_key_init(&k);
	store_key_str(&k, tag);
	store_iter_init(t, &it, DB_PICK, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		if (it.klen != k.len + 8)
			continue;
		qty = 0;
		if (codec_open(&c, it.val, it.vlen, PICK_KIND) != 0 ||
		    codec_get_i64(&c, PK_QTY, &qty) != 0) {
			store_fail(t, STORE_CORRUPT, "pick record damaged");
			break;
		}
		if (cb(store_key_get_u64(it.key + k.len), qty, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

struct store_pick_sum {
	uint64_t	except;
	int64_t		sum;
};

static int
store_pick_sum_cb(uint64_t order, int64_t qty, void *arg)
{
	struct store_pick_sum	*s = arg;

	if (order != s->except)
		s->sum += qty;
	return (0);
}

/* What the open orders (but except) have picked of a package. */
int64_t
store_pick_sum(struct store_txn *t, const char *tag, uint64_t except)
{
	struct store_pick_sum	s;

	s.except = except;
	s.sum = 0;
	store_pick_walk(t, tag, store_pick_sum_cb, &s);
	return (s.sum);
}

/* --- vehicles --- */

static int
store_vehicle_decode(const u_char *v, size_t vlen, struct vehicle *vh)
{
	struct codec	c;
	int64_t		gps = 0, camera = 0, active = 1;

	memset(vh, 0, sizeof *vh);
	if (codec_open(&c, v, vlen, VEHICLE_KIND) != 0 ||
	    codec_get_str(&c, VH_PLATE, vh->plate, sizeof vh->plate) != 0 ||
	    codec_get_str(&c, VH_MAKE, vh->make, sizeof vh->make) < 0 ||
	    codec_get_str(&c, VH_MODEL, vh->model, sizeof vh->model) < 0 ||
	    codec_get_str(&c, VH_COLOUR, vh->colour, sizeof vh->colour) < 0 ||
	    codec_get_str(&c, VH_VIN, vh->vin, sizeof vh->vin) < 0 ||
	    codec_get_i64(&c, VH_GPS, &gps) < 0 ||
	    codec_get_i64(&c, VH_CAMERA, &camera) < 0 ||
	    codec_get_i64(&c, VH_ACTIVE, &active) < 0 ||
	    codec_get_i64(&c, VH_CREATED, &vh->created) < 0)
		return (-1);
	vh->gps = gps != 0;
	vh->camera = camera != 0;
	vh->active = active != 0;
	return (0);
}

int
store_vehicle_get(struct store_txn *t, const char *plate, struct vehicle *vh)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	store_key_init(&k);
	store_key_str(&k, plate);
	if ((r = store_get(t, DB_VEHICLE, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	if (store_vehicle_decode(v, vlen, vh) != 0) {
		store_fail(t, STORE_CORRUPT, "vehicle record damaged");
		return (STORE_CORRUPT);
	}
	return (0);
}

void
store_vehicle_put(struct store_txn *t, const struct vehicle *vh)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, VEHICLE_KIND, 1);
	codec_str(&b, VH_PLATE, vh->plate);
	codec_str(&b, VH_MAKE, vh->make);
	codec_str(&b, VH_MODEL, vh->model);
	codec_str(&b, VH_COLOUR, vh->colour);
	codec_str(&b, VH_VIN, vh->vin);
	codec_i64(&b, VH_GPS, vh->gps);
	codec_i64(&b, VH_CAMERA, vh->camera);
	codec_i64(&b, VH_ACTIVE, vh->active);
	codec_i64(&b, VH_CREATED, vh->created);
	store_key_init(&k);
	store_key_str(&k, vh->plate);
	store_put(t, DB_VEHICLE, k.data, k.len, b.data, b.len);
	buf_free(&b);
}

int
store_vehicle_walk(struct store_txn *t,
    int (*cb)(const struct vehicle *, void *), void *arg)
{
	struct store_iter	it;
	struct vehicle		vh;

	store_iter_init(t, &it, DB_VEHICLE, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_vehicle_decode(it.val, it.vlen, &vh) != 0) {
			store_fail(t, STORE_CORRUPT, "vehicle record damaged");
			break;
		}
		if (cb(&vh, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/* --- trips --- */

static const char *store_trip_status_names[] = {
	[TRIP_PLANNED] = "planned",
	[TRIP_LOADED] = "loaded",
	[TRIP_OUT] = "out",
	[TRIP_CLOSED] = "closed",
	[TRIP_CANCELLED] = "cancelled",
};

const char *
store_trip_status_name(int status)
{
	if (status < 1 || status > TRIP_STATUS_MAX)
		return ("unknown");
	return (store_trip_status_names[status]);
}

int
store_trip_status_find(const char *name)
{
	int	i;

	for (i = 1; i <= TRIP_STATUS_MAX; i++) {
		if (strcmp(store_trip_status_names[i], name) == 0)
			return (i);
	}
	return (-1);
}

static int
store_trip_decode(const u_char *v, size_t vlen, struct trip *tr)
{
	struct codec	 c, mc;
	const u_char	*lv;
	size_t		 pos, llen;
	int64_t		 id = 0, status = 0, driver = 0, staff = 0, lb = 0;
	int64_t		 cb = 0, n, order, tb = 0;

	memset(tr, 0, sizeof *tr);
	if (codec_open(&c, v, vlen, TRIP_KIND) != 0 ||
	    codec_get_i64(&c, TR_ID, &id) != 0 ||
	    codec_get_i64(&c, TR_STATUS, &status) != 0 ||
	    codec_get_i64(&c, TR_DRIVER, &driver) != 0 ||
	    codec_get_str(&c, TR_PLATE, tr->plate, sizeof tr->plate) != 0 ||
	    codec_get_i64(&c, TR_DEPART_AT, &tr->depart_at) < 0 ||
	    codec_get_str(&c, TR_LEDGER, tr->ledger, sizeof tr->ledger) < 0 ||
	    codec_get_i64(&c, TR_CREATED, &tr->created) < 0 ||
	    codec_get_i64(&c, TR_STAFF, &staff) < 0 ||
	    codec_get_i64(&c, TR_LOADED, &tr->loaded) < 0 ||
	    codec_get_i64(&c, TR_LOADED_BY, &lb) < 0 ||
	    codec_get_i64(&c, TR_DEPARTED, &tr->departed) < 0 ||
	    codec_get_i64(&c, TR_CLOSED, &tr->closed) < 0 ||
	    codec_get_i64(&c, TR_CLOSED_BY, &cb) < 0 ||
	    codec_get_i64(&c, TR_COLLECTED, &tr->collected) < 0 ||
	    codec_get_i64(&c, TR_COUNTED, &tr->counted) < 0 ||
	    codec_get_i64(&c, TR_TAKEN_BY, &tb) < 0 ||
	    codec_get_i64(&c, TR_TAKEN_AT, &tr->taken_at) < 0 ||
	    codec_get_str(&c, TR_HANDHELD, tr->handheld,
	    sizeof tr->handheld) < 0 || tb < 0 || tb > UINT32_MAX ||
	    id <= 0 || status < 1 || status > TRIP_STATUS_MAX ||
	    driver <= 0 || driver > UINT32_MAX || staff < 0 ||
	    staff > UINT32_MAX || lb < 0 || lb > UINT32_MAX || cb < 0 ||
	    cb > UINT32_MAX)
		return (-1);
	tr->id = (uint64_t)id;
	tr->status = (int)status;
	tr->driver = (uint32_t)driver;
	tr->staff = (uint32_t)staff;
	tr->loaded_by = (uint32_t)lb;
	tr->closed_by = (uint32_t)cb;
	tr->taken_by = (uint32_t)tb;
	pos = 0;
	while (codec_next(&c, &pos, TR_CREW, &lv, &llen)) {
		if (tr->ncrew == TRIP_CREW || llen != 8)
			return (-1);
		tr->crew[tr->ncrew++] = store_key_get_u32(lv + 4);
	}
	pos = 0;
	while (codec_next(&c, &pos, TR_ORDER, &lv, &llen)) {
		if (tr->norders == TRIP_ORDERS || llen != 8)
			return (-1);
		tr->orders[tr->norders++] = store_key_get_u64(lv);
	}
	/* The planned ETAs, 8 bytes an order in stop order (none before). */
	pos = 0;
	if (codec_next(&c, &pos, TR_PLANNED, &lv, &llen)) {
		if (llen != (size_t)tr->norders * 8)
			return (-1);
		for (n = 0; n < (int64_t)tr->norders; n++)
			tr->planned[n] = (int64_t)store_key_get_u64(lv + n * 8);
	}
	pos = 0;
	while (codec_next(&c, &pos, TR_FLOAT, &lv, &llen)) {
		if (tr->nfloat == TRIP_FLOAT || llen != TAG_LEN)
			return (-1);
		memcpy(tr->floating[tr->nfloat].tag, lv, TAG_LEN);
		tr->floating[tr->nfloat++].tag[TAG_LEN] = '\0';
	}
	pos = 0;
	while (codec_next(&c, &pos, TR_MISSING, &lv, &llen)) {
		if (tr->nmissing == TRIP_MISSING ||
		    codec_open(&mc, lv, llen, TMISS_KIND) != 0)
			return (-1);
		n = order = 0;
		if (codec_get_str(&mc, TM_TAG, tr->missing[tr->nmissing].tag,
		    TAG_LEN + 1) != 0 || codec_get_i64(&mc, TM_QTY, &n) != 0 ||
		    codec_get_i64(&mc, TM_ORDER, &order) < 0 || order < 0)
			return (-1);
		tr->missing[tr->nmissing].qty = n;
		tr->missing[tr->nmissing++].order = (uint64_t)order;
	}
	return (0);
}

int
store_trip_get(struct store_txn *t, uint64_t id, struct trip *tr)
{
	const u_char	*v;
	size_t		 vlen;
	int		 r;

	if ((r = store_get_u64(t, DB_TRIP, id, &v, &vlen)) != 0)
		return (r);
	if (store_trip_decode(v, vlen, tr) != 0 || tr->id != id)
		return (store_damaged(t, "trip", id));
	return (0);
}

void
store_trip_put(struct store_txn *t, const struct trip *tr)
{
	struct store_key	k;
	struct buf		b, mb;
	u_char			pl[TRIP_ORDERS * 8];
	u_int			i;

	buf_init(&b);
	buf_init(&mb);
	codec_begin(&b, TRIP_KIND, 1);
	codec_i64(&b, TR_ID, (int64_t)tr->id);
	codec_i64(&b, TR_STATUS, tr->status);
	codec_i64(&b, TR_DRIVER, tr->driver);
	for (i = 0; i < tr->ncrew; i++) {
		store_key_init(&k);
		store_key_u64(&k, tr->crew[i]);
		codec_bytes(&b, TR_CREW, k.data, k.len);
	}
	codec_str(&b, TR_PLATE, tr->plate);
	for (i = 0; i < tr->norders; i++) {
		store_key_init(&k);
		store_key_u64(&k, tr->orders[i]);
		codec_bytes(&b, TR_ORDER, k.data, k.len);
	}
	for (i = 0; i < tr->nfloat; i++)
		codec_bytes(&b, TR_FLOAT, tr->floating[i].tag, TAG_LEN);
	if (tr->depart_at != 0)
		codec_i64(&b, TR_DEPART_AT, tr->depart_at);
	if (tr->ledger[0] != '\0')
		codec_str(&b, TR_LEDGER, tr->ledger);
	codec_i64(&b, TR_CREATED, tr->created);
	codec_i64(&b, TR_STAFF, tr->staff);
	if (tr->loaded != 0) {
		codec_i64(&b, TR_LOADED, tr->loaded);
		codec_i64(&b, TR_LOADED_BY, tr->loaded_by);
	}
	if (tr->departed != 0)
		codec_i64(&b, TR_DEPARTED, tr->departed);
	if (tr->closed != 0) {
		codec_i64(&b, TR_CLOSED, tr->closed);
		codec_i64(&b, TR_CLOSED_BY, tr->closed_by);
		codec_i64(&b, TR_COUNTED, tr->counted);
	}
	codec_i64(&b, TR_COLLECTED, tr->collected);
	for (i = 0; i < tr->nmissing; i++) {
		codec_begin(&mb, TMISS_KIND, 1);
		codec_str(&mb, TM_TAG, tr->missing[i].tag);
		codec_i64(&mb, TM_QTY, tr->missing[i].qty);
		if (tr->missing[i].order != 0)
			codec_i64(&mb, TM_ORDER, (int64_t)tr->missing[i].order);
		codec_bytes(&b, TR_MISSING, mb.data, mb.len);
	}
	if (tr->taken_by != 0) {
		codec_i64(&b, TR_TAKEN_BY, tr->taken_by);
		codec_i64(&b, TR_TAKEN_AT, tr->taken_at);
	}
	if (tr->handheld[0] != '\0')
		codec_str(&b, TR_HANDHELD, tr->handheld);
	for (i = 0; i < tr->norders && tr->planned[i] == 0; i++)
		;
	if (i < tr->norders) {
		for (i = 0; i < tr->norders; i++) {
			store_key_init(&k);
			store_key_u64(&k, (uint64_t)tr->planned[i]);
			memcpy(pl + i * 8, k.data, 8);
		}
		codec_bytes(&b, TR_PLANNED, pl, (size_t)tr->norders * 8);
	}
	store_key_init(&k);
	store_key_u64(&k, tr->id);
	store_put(t, DB_TRIP, k.data, k.len, b.data, b.len);
	buf_free(&b);
	buf_free(&mb);
}

uint64_t
store_trip_next_id(struct store_txn *t)
{
	return (store_last_u64(t, DB_TRIP) + 1);
}

/* Trips in a status (0: any), newest first: cb until it returns non-zero. */
int
store_trip_walk(struct store_txn *t, int status,
    int (*cb)(const struct trip *, void *), void *arg)
{
	struct store_iter	 it;
	struct trip		*tr;

	tr = xmalloc(sizeof *tr);
	store_iter_init(t, &it, DB_TRIP, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_trip_decode(it.val, it.vlen, tr) != 0) {
			store_fail(t, STORE_CORRUPT, "trip record damaged");
			break;
		}
		if (status != 0 && tr->status != status)
			continue;
		if (cb(tr, arg) != 0)
			break;
	}
	store_iter_done(&it);
	free(tr);
	return (t->ret != 0 ? -1 : 0);
}
