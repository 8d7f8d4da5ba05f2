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
 * What a driver's handheld synced (trip-sync.c): the result of each
 * journal key, the stop events and GPS fixes of each trip, and the
 * delivery exceptions a manager looks at. Events are keyed by trip, time
 * and the handheld's sequence; fixes by trip and time (a fix sent twice
 * is one fix); exceptions by number, rising with time.
 */

#define SYNC_KIND	'y'
#define EVENT_KIND	'E'
#define FIX_KIND	'g'
#define DEXC_KIND	'X'
enum { SY_KEY = 1, SY_TRIP, SY_SEQ, SY_KIND, SY_RESULT, SY_SALE, SY_EXC,
    SY_TIME, SY_AT };
enum { EV_KIND = 1, EV_ORDER, EV_REASON, EV_SALE, EV_FIX, EV_STAFF,
    EV_TERMINAL, EV_ROUTE };
enum { FX_AT = 1, FX_LAT, FX_LON, FX_QUALITY, FX_SATS, FX_STALE };
enum { DX_ID = 1, DX_TRIP, DX_ORDER, DX_SALE, DX_KEY, DX_KIND, DX_AT,
    DX_TIME, DX_STAFF, DX_TERMINAL, DX_MESSAGE, DX_STATUS, DX_RESOLVED_BY,
    DX_RESOLVED_AT, DX_NOTE };

static const char *store_trip_ev_names[] = {
	[TRIP_EV_ARRIVE] = "arrive",
	[TRIP_EV_DEPART] = "depart",
	[TRIP_EV_SKIP] = "skip",
	[TRIP_EV_DELIVER] = "deliver",
	[TRIP_EV_FAIL] = "fail",
	[TRIP_EV_FIX] = "fix",
	[TRIP_EV_REORDER] = "reorder",
	[TRIP_EV_NOGPS] = "nogps",
};

const char *
store_trip_ev_name(int kind)
{
	if (kind < 1 || kind > TRIP_EV_MAX)
		return ("unknown");
	return (store_trip_ev_names[kind]);
}

int
store_trip_ev_find(const char *name)
{
	int	i;

	for (i = 1; i <= TRIP_EV_MAX; i++) {
		if (strcmp(store_trip_ev_names[i], name) == 0)
			return (i);
	}
	return (-1);
}

/* --- journal keys --- */

int
store_sync_get(struct store_txn *t, const char *key, struct sync_rec *sr)
{
	struct store_key	 k;
	struct codec		 c;
	const u_char		*v;
	size_t			 vlen;
	int64_t			 trip = 0, sale = 0, exc = 0, kind = 0, res = 0;
	int			 r;

	store_key_init(&k);
	store_key_str(&k, key);
	if ((r = store_get(t, DB_SYNC, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	memset(sr, 0, sizeof *sr);
	if (codec_open(&c, v, vlen, SYNC_KIND) != 0 ||
	    codec_get_str(&c, SY_KEY, sr->key, sizeof sr->key) != 0 ||
	    codec_get_i64(&c, SY_TRIP, &trip) != 0 ||
	    codec_get_i64(&c, SY_SEQ, &sr->seq) != 0 ||
	    codec_get_i64(&c, SY_KIND, &kind) != 0 ||
	    codec_get_i64(&c, SY_RESULT, &res) != 0 ||
	    codec_get_i64(&c, SY_SALE, &sale) < 0 ||
	    codec_get_i64(&c, SY_EXC, &exc) < 0 ||
	    codec_get_i64(&c, SY_TIME, &sr->time) < 0 ||
	    codec_get_i64(&c, SY_AT, &sr->at) < 0 || trip <= 0 ||
	    sale < 0 || exc < 0 || kind < 1 || kind > TRIP_EV_MAX ||
	    (res != SYNC_DONE && res != SYNC_EXCEPTION)) {
		store_fail(t, STORE_CORRUPT, "sync record damaged");
		return (STORE_CORRUPT);
	}
	sr->trip = (uint64_t)trip;
	sr->kind = (int)kind;
	sr->result = (int)res;
	sr->sale = (uint64_t)sale;
	sr->exception = (uint64_t)exc;
	return (0);
}

void
store_sync_put(struct store_txn *t, const struct sync_rec *sr)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, SYNC_KIND, 1);
	codec_str(&b, SY_KEY, sr->key);
	codec_i64(&b, SY_TRIP, (int64_t)sr->trip);
	codec_i64(&b, SY_SEQ, sr->seq);
	codec_i64(&b, SY_KIND, sr->kind);
	codec_i64(&b, SY_RESULT, sr->result);
	if (sr->sale != 0)
		codec_i64(&b, SY_SALE, (int64_t)sr->sale);
	if (sr->exception != 0)
		codec_i64(&b, SY_EXC, (int64_t)sr->exception);
	codec_i64(&b, SY_TIME, sr->time);
	codec_i64(&b, SY_AT, sr->at);
	store_key_init(&k);
	store_key_str(&k, sr->key);
	store_put(t, DB_SYNC, k.data, k.len, b.data, b.len);
	buf_free(&b);
}

/*
 * Forget the results of journal entries that happened before before (a
 * handheld resends its journal within days; a delivery's sale still
 * knows its key as its ref), looking at max keys at most from after the first
 * *fromlen bytes of from (0: the start). from (STORE_RESUME_MAX bytes)
 * and *fromlen are left where to go on, *fromlen 0 at the end. The
 * number forgotten.
 */
u_int
store_sync_prune(struct store_txn *t, int64_t before, u_int max,
    u_char *from, size_t *fromlen)
{
	struct store_iter	  it;
	struct codec		  c;
	struct store_key	 *keys;
	int64_t			  when;
	u_int			  n = 0, seen = 0, i;

	keys = xcalloc(max + 1, sizeof *keys);
	store_iter_init(t, &it, DB_SYNC, NULL, 0, 0);
	if (*fromlen != 0)
		store_iter_after(&it, from, *fromlen);
	*fromlen = 0;
	while (store_iter_next(&it)) {
		if (seen++ == max) {
			/* Go on from the last one looked at. */
			*fromlen = keys[max].len < STORE_RESUME_MAX ?
			    keys[max].len : STORE_RESUME_MAX;
			memcpy(from, keys[max].data, *fromlen);
			break;
		}
		when = 0;
		if (it.klen > sizeof keys[0].data ||
		    codec_open(&c, it.val, it.vlen, SYNC_KIND) != 0 ||
		    codec_get_i64(&c, SY_AT, &when) < 0) {
			store_fail(t, STORE_CORRUPT, "sync record damaged");
			break;
		}
		memcpy(keys[max].data, it.key, it.klen);
		keys[max].len = it.klen;
		if (when < before)
			keys[n++] = keys[max];
	}
	store_iter_done(&it);
	for (i = 0; i < n && t->ret == 0; i++)
		store_del(t, DB_SYNC, keys[i].data, keys[i].len);
	free(keys);
	return (n);
}

/* --- GPS fixes --- */

static void
store_gps_encode(struct buf *b, const struct gps_fix *f)
{
	codec_begin(b, FIX_KIND, 1);
	codec_i64(b, FX_AT, f->at);
	codec_i64(b, FX_LAT, f->lat);
	codec_i64(b, FX_LON, f->lon);
	codec_i64(b, FX_QUALITY, f->quality);
	codec_i64(b, FX_SATS, f->sats);
	codec_i64(b, FX_STALE, f->stale);
}

static int
store_gps_decode(const u_char *v, size_t vlen, struct gps_fix *f)
{
	struct codec	c;
	int64_t		q = 0, sats = 0, stale = 0;

	memset(f, 0, sizeof *f);
	if (codec_open(&c, v, vlen, FIX_KIND) != 0 ||
	    codec_get_i64(&c, FX_AT, &f->at) != 0 ||
	    codec_get_i64(&c, FX_LAT, &f->lat) != 0 ||
	    codec_get_i64(&c, FX_LON, &f->lon) != 0 ||
	    codec_get_i64(&c, FX_QUALITY, &q) < 0 ||
	    codec_get_i64(&c, FX_SATS, &sats) < 0 ||
	    codec_get_i64(&c, FX_STALE, &stale) < 0 || q < 0 || q > 8 ||
	    sats < 0 || sats > 255)
		return (-1);
	f->quality = (int)q;
	f->sats = (int)sats;
	f->stale = stale != 0;
	return (0);
}

void
store_gps_put(struct store_txn *t, uint64_t trip, const struct gps_fix *f)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	store_gps_encode(&b, f);
	store_key_init(&k);
	store_key_u64(&k, trip);
	store_key_u64(&k, (uint64_t)f->at);
	store_put(t, DB_GPS, k.data, k.len, b.data, b.len);
	buf_free(&b);
}

/*
 * A trip's fixes in time order (trip 0: every trip's, trip by trip) from
 * since (us): cb until it returns non-zero.
 */
int
store_gps_walk(struct store_txn *t, uint64_t trip, int64_t since,
    int (*cb)(const struct gps_fix *, void *), void *arg)
{
	struct store_iter	it;
	struct store_key	k;
	struct gps_fix		f;

	store_key_init(&k);
	if (trip != 0)
		store_key_u64(&k, trip);
	store_iter_init(t, &it, DB_GPS, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		if (store_gps_decode(it.val, it.vlen, &f) != 0) {
			store_fail(t, STORE_CORRUPT, "GPS fix damaged");
			break;
		}
		if (f.at < since)
			continue;
		if (cb(&f, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/* A trip's latest fix: 0, or STORE_NOTFOUND. */
int
store_gps_last(struct store_txn *t, uint64_t trip, struct gps_fix *f)
{
	struct store_iter	it;
	struct store_key	k;
	int			r = STORE_NOTFOUND;

	store_key_init(&k);
	store_key_u64(&k, trip);
	store_iter_init(t, &it, DB_GPS, k.data, k.len, 1);
	if (store_iter_next(&it)) {
		if (store_gps_decode(it.val, it.vlen, f) != 0) {
			store_fail(t, STORE_CORRUPT, "GPS fix damaged");
			r = STORE_CORRUPT;
		} else
			r = 0;
	}
	store_iter_done(&it);
	return (r);
}

/*
 * Delete fixes older than before, trip by trip from the oldest, looking
 * at max fixes at most: the number deleted; *more if it stopped short.
 * A trip whose first fix is not older ends it (later trips are newer).
 */
u_int
store_gps_prune(struct store_txn *t, int64_t before, u_int max, int *more)
{
	struct store_iter	 it;
	struct gps_fix		 f;
	u_char			(*keys)[16];
	uint64_t		 trip = 0;
	u_int			 n = 0, seen = 0, i;
	int			 first = 1;

	*more = 0;
	keys = xcalloc(max + 1, sizeof *keys);
	store_iter_init(t, &it, DB_GPS, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (it.klen != 16 || store_gps_decode(it.val, it.vlen,
		    &f) != 0) {
			store_fail(t, STORE_CORRUPT, "GPS fix damaged");
			break;
		}
		if (seen++ == max) {
			*more = 1;
			break;
		}
		if (store_key_get_u64(it.key) != trip) {
			trip = store_key_get_u64(it.key);
			first = 1;
		}
		if (f.at >= before) {
			if (first)
				break;
			continue;
		}
		first = 0;
		memcpy(keys[n++], it.key, 16);
	}
	store_iter_done(&it);
	for (i = 0; i < n && t->ret == 0; i++)
		store_del(t, DB_GPS, keys[i], 16);
	free(keys);
	return (n);
}

/* --- stop events --- */

void
store_trip_event_put(struct store_txn *t, const struct trip_event *ev)
{
	struct store_key	k;
	struct buf		b, fb;
	u_char			rb[8];
	u_int			i, j;

	buf_init(&b);
	buf_init(&fb);
	codec_begin(&b, EVENT_KIND, 1);
	codec_i64(&b, EV_KIND, ev->kind);
	if (ev->order != 0)
		codec_i64(&b, EV_ORDER, (int64_t)ev->order);
	if (ev->reason[0] != '\0')
		codec_str(&b, EV_REASON, ev->reason);
	if (ev->sale != 0)
		codec_i64(&b, EV_SALE, (int64_t)ev->sale);
	if (ev->hasfix) {
		store_gps_encode(&fb, &ev->fix);
		codec_bytes(&b, EV_FIX, fb.data, fb.len);
	}
	codec_i64(&b, EV_STAFF, ev->staff);
	codec_str(&b, EV_TERMINAL, ev->terminal);
	if (ev->nroute > 0) {
		/* The orders as 8 bytes each, most significant first. */
		buf_free(&fb);
		buf_init(&fb);
		for (i = 0; i < ev->nroute && i < TRIP_ORDERS; i++) {
			for (j = 0; j < 8; j++)
				rb[j] = (u_char)(ev->route[i] >> (56 - 8 * j));
			buf_add(&fb, rb, 8);
		}
		codec_bytes(&b, EV_ROUTE, fb.data, fb.len);
	}
	store_key_init(&k);
	store_key_u64(&k, ev->trip);
	store_key_u64(&k, (uint64_t)ev->at);
	store_key_u64(&k, (uint64_t)ev->seq);
	store_put(t, DB_TRIP_EVENT, k.data, k.len, b.data, b.len);
	buf_free(&b);
	buf_free(&fb);
}

static int
store_trip_event_decode(const u_char *key, size_t klen, const u_char *v,
    size_t vlen, struct trip_event *ev)
{
	struct codec	 c;
	const u_char	*fv;
	size_t		 flen;
	int64_t		 kind = 0, order = 0, sale = 0, staff = 0;
	int		 r;

	memset(ev, 0, sizeof *ev);
	if (klen != 24 || codec_open(&c, v, vlen, EVENT_KIND) != 0 ||
	    codec_get_i64(&c, EV_KIND, &kind) != 0 ||
	    codec_get_i64(&c, EV_ORDER, &order) < 0 ||
	    codec_get_str(&c, EV_REASON, ev->reason, sizeof ev->reason) < 0 ||
	    codec_get_i64(&c, EV_SALE, &sale) < 0 ||
	    codec_get_i64(&c, EV_STAFF, &staff) < 0 ||
	    codec_get_str(&c, EV_TERMINAL, ev->terminal,
	    sizeof ev->terminal) < 0 || kind < 1 || kind > TRIP_EV_MAX ||
	    order < 0 || sale < 0 || staff < 0 || staff > UINT32_MAX)
		return (-1);
	if ((r = codec_get_bytes(&c, EV_FIX, &fv, &flen)) < 0)
		return (-1);
	if (r == 0) {
		if (store_gps_decode(fv, flen, &ev->fix) != 0)
			return (-1);
		ev->hasfix = 1;
	}
	if ((r = codec_get_bytes(&c, EV_ROUTE, &fv, &flen)) < 0)
		return (-1);
	if (r == 0) {
		if (flen % 8 != 0 || flen / 8 > TRIP_ORDERS)
			return (-1);
		for (ev->nroute = 0; ev->nroute < flen / 8; ev->nroute++)
			ev->route[ev->nroute] = store_key_get_u64(fv +
			    8 * ev->nroute);
	}
	ev->trip = store_key_get_u64(key);
	ev->at = (int64_t)store_key_get_u64(key + 8);
	ev->seq = (int64_t)store_key_get_u64(key + 16);
	ev->kind = (int)kind;
	ev->order = (uint64_t)order;
	ev->sale = (uint64_t)sale;
	ev->staff = (uint32_t)staff;
	return (0);
}

/* A trip's stop events in time order: cb until it returns non-zero. */
int
store_trip_event_walk(struct store_txn *t, uint64_t trip,
    int (*cb)(const struct trip_event *, void *), void *arg)
{
	struct store_iter	it;
	struct store_key	k;
	struct trip_event	ev;

	store_key_init(&k);
	store_key_u64(&k, trip);
	store_iter_init(t, &it, DB_TRIP_EVENT, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		if (store_trip_event_decode(it.key, it.klen, it.val, it.vlen,
		    &ev) != 0) {
			store_fail(t, STORE_CORRUPT, "trip event damaged");
			break;
		}
		if (cb(&ev, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/* --- delivery exceptions --- */

static const char *store_dexc_status_names[] = {
	[DEXC_OPEN] = "open",
	[DEXC_RESOLVED] = "resolved",
};

const char *
store_dexc_status_name(int status)
{
	if (status < DEXC_OPEN || status > DEXC_RESOLVED)
		return ("unknown");
	return (store_dexc_status_names[status]);
}

int
store_dexc_status_find(const char *name)
{
	int	i;

	for (i = DEXC_OPEN; i <= DEXC_RESOLVED; i++) {
		if (strcmp(store_dexc_status_names[i], name) == 0)
			return (i);
	}
	return (-1);
}

static int
store_dexc_decode(const u_char *v, size_t vlen, struct dexc *x)
{
	struct codec	c;
	int64_t		id = 0, trip = 0, order = 0, sale = 0, kind = 0;
	int64_t		staff = 0, status = 0, rb = 0;

	memset(x, 0, sizeof *x);
	if (codec_open(&c, v, vlen, DEXC_KIND) != 0 ||
	    codec_get_i64(&c, DX_ID, &id) != 0 ||
	    codec_get_i64(&c, DX_TRIP, &trip) != 0 ||
	    codec_get_i64(&c, DX_ORDER, &order) < 0 ||
	    codec_get_i64(&c, DX_SALE, &sale) < 0 ||
	    codec_get_str(&c, DX_KEY, x->key, sizeof x->key) != 0 ||
	    codec_get_i64(&c, DX_KIND, &kind) != 0 ||
	    codec_get_i64(&c, DX_AT, &x->at) != 0 ||
	    codec_get_i64(&c, DX_TIME, &x->time) != 0 ||
	    codec_get_i64(&c, DX_STAFF, &staff) < 0 ||
	    codec_get_str(&c, DX_TERMINAL, x->terminal,
	    sizeof x->terminal) < 0 ||
	    codec_get_str(&c, DX_MESSAGE, x->message,
	    sizeof x->message) != 0 ||
	    codec_get_i64(&c, DX_STATUS, &status) != 0 ||
	    codec_get_i64(&c, DX_RESOLVED_BY, &rb) < 0 ||
	    codec_get_i64(&c, DX_RESOLVED_AT, &x->resolved_at) < 0 ||
	    codec_get_str(&c, DX_NOTE, x->note, sizeof x->note) < 0 ||
	    id <= 0 || trip <= 0 || order < 0 || sale < 0 || kind < 1 ||
	    kind > TRIP_EV_MAX || staff < 0 || staff > UINT32_MAX ||
	    (status != DEXC_OPEN && status != DEXC_RESOLVED) || rb < 0 ||
	    rb > UINT32_MAX)
		return (-1);
	x->id = (uint64_t)id;
	x->trip = (uint64_t)trip;
	x->order = (uint64_t)order;
	x->sale = (uint64_t)sale;
	x->kind = (int)kind;
	x->staff = (uint32_t)staff;
	x->status = (int)status;
	x->resolved_by = (uint32_t)rb;
	return (0);
}

int
store_dexc_get(struct store_txn *t, uint64_t id, struct dexc *x)
{
	const u_char	*v;
	size_t		 vlen;
	int		 r;

	if ((r = store_get_u64(t, DB_DEXC, id, &v, &vlen)) != 0)
		return (r);
	if (store_dexc_decode(v, vlen, x) != 0 || x->id != id)
		return (store_damaged(t, "delivery exception", id));
	return (0);
}

void
store_dexc_put(struct store_txn *t, const struct dexc *x)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, DEXC_KIND, 1);
	codec_i64(&b, DX_ID, (int64_t)x->id);
	codec_i64(&b, DX_TRIP, (int64_t)x->trip);
	if (x->order != 0)
		codec_i64(&b, DX_ORDER, (int64_t)x->order);
	if (x->sale != 0)
		codec_i64(&b, DX_SALE, (int64_t)x->sale);
	codec_str(&b, DX_KEY, x->key);
	codec_i64(&b, DX_KIND, x->kind);
	codec_i64(&b, DX_AT, x->at);
	codec_i64(&b, DX_TIME, x->time);
	codec_i64(&b, DX_STAFF, x->staff);
	codec_str(&b, DX_TERMINAL, x->terminal);
	codec_str(&b, DX_MESSAGE, x->message);
	codec_i64(&b, DX_STATUS, x->status);
	if (x->resolved_by != 0) {
		codec_i64(&b, DX_RESOLVED_BY, x->resolved_by);
		codec_i64(&b, DX_RESOLVED_AT, x->resolved_at);
		codec_str(&b, DX_NOTE, x->note);
	}
	store_key_init(&k);
	store_key_u64(&k, x->id);
	store_put(t, DB_DEXC, k.data, k.len, b.data, b.len);
	buf_free(&b);
}

uint64_t
store_dexc_next_id(struct store_txn *t)
{
	return (store_last_u64(t, DB_DEXC) + 1);
}

/* Exceptions in a status (0: any), oldest first: cb until non-zero. */
int
store_dexc_walk(struct store_txn *t, int status,
    int (*cb)(const struct dexc *, void *), void *arg)
{
	struct store_iter	 it;
	struct dexc		*x;

	x = xmalloc(sizeof *x);
	store_iter_init(t, &it, DB_DEXC, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_dexc_decode(it.val, it.vlen, x) != 0) {
			store_fail(t, STORE_CORRUPT, "delivery exception "
			    "damaged");
			break;
		}
		if (status != 0 && x->status != status)
			continue;
		if (cb(x, arg) != 0)
			break;
	}
	store_iter_done(&it);
	free(x);
	return (t->ret != 0 ? -1 : 0);
}
