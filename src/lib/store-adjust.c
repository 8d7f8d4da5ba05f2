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

#include "store.h"

/*
 * Adjustments, moves and status changes of packages: an append-only table
 * keyed by number, indexed by tag, so a package's whole history is one
 * prefix scan.
 */

#define ADJUST_KIND	'J'
enum { AJ_ID = 1, AJ_TIME, AJ_KIND, AJ_TAG, AJ_DELTA, AJ_AFTER, AJ_REASON,
    AJ_NOTE, AJ_FROM, AJ_TO, AJ_STAFF, AJ_WITNESS, AJ_TERMINAL, AJ_WEIGHED,
    AJ_LOCATION, AJ_COST, AJ_RETAIL };

int
store_adjust_decode(const u_char *v, size_t vlen, struct adjust *a)
{
	struct codec	c;
	int64_t		id = 0, kind = 0, staff = 0, witness = 0, weighed = 0;
	int		r = 1;

	memset(a, 0, sizeof *a);
	if (codec_open(&c, v, vlen, ADJUST_KIND) != 0 ||
	    codec_get_i64(&c, AJ_ID, &id) != 0 ||
	    codec_get_i64(&c, AJ_TIME, &a->time) < 0 ||
	    codec_get_i64(&c, AJ_KIND, &kind) < 0 ||
	    codec_get_str(&c, AJ_TAG, a->tag, sizeof a->tag) != 0 ||
	    codec_get_i64(&c, AJ_DELTA, &a->delta) < 0 ||
	    codec_get_i64(&c, AJ_AFTER, &a->qty_after) < 0 ||
	    codec_get_str(&c, AJ_REASON, a->reason, sizeof a->reason) < 0 ||
	    codec_get_str(&c, AJ_NOTE, a->note, sizeof a->note) < 0 ||
	    codec_get_str(&c, AJ_FROM, a->from, sizeof a->from) < 0 ||
	    codec_get_str(&c, AJ_TO, a->to, sizeof a->to) < 0 ||
	    codec_get_i64(&c, AJ_STAFF, &staff) < 0 ||
	    codec_get_i64(&c, AJ_WITNESS, &witness) < 0 ||
	    codec_get_str(&c, AJ_TERMINAL, a->terminal,
	    sizeof a->terminal) < 0 ||
	    codec_get_i64(&c, AJ_WEIGHED, &weighed) < 0 ||
	    codec_get_str(&c, AJ_LOCATION, a->location,
	    sizeof a->location) < 0 ||
	    (r = codec_get_i64(&c, AJ_COST, &a->cost)) < 0 ||
	    codec_get_i64(&c, AJ_RETAIL, &a->retail) < 0 || id <= 0 ||
	    weighed < 0 || weighed > ADJUST_WEIGHED_TYPED)
		return (-1);
	a->weighed = (int)weighed;
	a->valued = r == 0;
	a->id = (uint64_t)id;
	a->kind = (int)kind;
	a->staff = (uint32_t)staff;
	a->witness = (uint32_t)witness;
	return (0);
}

/* "scale" or "typed", as the protocol says it; NULL for NONE. */
const char *
store_adjust_weighed_name(int weighed)
{
	switch (weighed) {
	case ADJUST_WEIGHED_SCALE:
		return ("scale");
	case ADJUST_WEIGHED_TYPED:
		return ("typed");
	}
	return (NULL);
}

/* The protocol's "weight" (NULL: not said); -1 if not scale or typed. */
int
store_adjust_weighed_find(const char *s)
{
	if (s == NULL)
		return (ADJUST_WEIGHED_NONE);
	if (strcmp(s, "scale") == 0)
		return (ADJUST_WEIGHED_SCALE);
	if (strcmp(s, "typed") == 0)
		return (ADJUST_WEIGHED_TYPED);
	return (-1);
}

/*
 * What an adjustment of a package is worth, at its unit cost (the
 * product's if it has none, roll_unit_cost) and at its
 * product's price, and where the package is: a->location, a->cost and
 * a->retail (a->valued 0 when the package or product is not found). By
 * weight the unit cost and price are per gram and the delta in mg:
 * delta * per gram / 1000, rounded half away from zero.
 */
void
store_adjust_value(struct store_txn *t, struct adjust *a)
{
	struct package	pk;
	struct product	p;
	int64_t		per = 1, n;

	a->valued = 0;
	a->cost = a->retail = 0;
	if (store_package_get(t, a->tag, &pk) != 0)
		return;
	if (a->location[0] == '\0')
		strlcpy(a->location, pk.location[0] != '\0' ? pk.location :
		    "floor", sizeof a->location);
	if (store_product_get(t, pk.product, &p) != 0)
		return;
	if (p.unit_weight)
		per = 1000;
	n = a->delta < 0 ? -a->delta : a->delta;
	a->cost = money_muldiv(n, roll_unit_cost(t, &pk), per);
	a->retail = money_muldiv(n, p.price, per);
	if (a->delta < 0) {
		a->cost = -a->cost;
		a->retail = -a->retail;
	}
	a->valued = 1;
}

/*
 * Append: a->id and a->time are set here, and what it is worth
 * (store_adjust_value); the rollups count it.
 */
void
store_adjust_add(struct store_txn *t, struct adjust *a)
{
	struct store_key	k, ik;
	struct buf		b;

	a->id = store_last_u64(t, DB_ADJUST) + 1;
	a->time = util_now();
	store_adjust_value(t, a);
	buf_init(&b);
	codec_begin(&b, ADJUST_KIND, 1);
	codec_i64(&b, AJ_ID, (int64_t)a->id);
	codec_i64(&b, AJ_TIME, a->time);
	codec_i64(&b, AJ_KIND, a->kind);
	codec_str(&b, AJ_TAG, a->tag);
	codec_i64(&b, AJ_DELTA, a->delta);
	codec_i64(&b, AJ_AFTER, a->qty_after);
	codec_str(&b, AJ_REASON, a->reason);
	codec_str(&b, AJ_NOTE, a->note);
	codec_str(&b, AJ_FROM, a->from);
	codec_str(&b, AJ_TO, a->to);
	codec_i64(&b, AJ_STAFF, a->staff);
	codec_i64(&b, AJ_WITNESS, a->witness);
	codec_str(&b, AJ_TERMINAL, a->terminal);
	if (a->weighed != ADJUST_WEIGHED_NONE)
		codec_i64(&b, AJ_WEIGHED, a->weighed);
	if (a->location[0] != '\0')
		codec_str(&b, AJ_LOCATION, a->location);
	if (a->valued) {
		codec_i64(&b, AJ_COST, a->cost);
		codec_i64(&b, AJ_RETAIL, a->retail);
	}
	store_key_init(&k);
	store_key_u64(&k, a->id);
	store_put(t, DB_ADJUST, k.data, k.len, b.data, b.len);
	buf_free(&b);

	store_key_init(&ik);
	memcpy(ik.data, a->tag, TAG_LEN);
	ik.len = TAG_LEN;
	store_key_u64(&ik, a->id);
	store_put(t, DB_ADJUST_TAG, ik.data, ik.len, "", 0);
	roll_adjust(t, a);
}

int
store_adjust_get(struct store_txn *t, uint64_t id, struct adjust *a)
{
	const u_char	*v;
	size_t		 vlen;
	int		 r;

	if ((r = store_get_u64(t, DB_ADJUST, id, &v, &vlen)) != 0)
		return (r);
	if (store_adjust_decode(v, vlen, a) != 0 || a->id != id)
		return (store_damaged(t, "adjustment", id));
	return (0);
}
