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

/* Staff records, keyed by staff number. */

#define STAFF_KIND	'S'
enum { SF_ID = 1, SF_NAME, SF_ROLE, SF_PIN, SF_FAILED, SF_LOCKED, SF_ACTIVE,
    SF_CREATED, SF_LICENCE, SF_EMPLOYEE, SF_BORN, SF_PIN_CHANGE, SF_GONE };

int
store_staff_get(struct store_txn *t, uint32_t id, struct staff *s)
{
	struct codec		 c;
	const u_char		*v;
	size_t			 vlen;
	int64_t			 n = 0, role = 0, failed = 0, active = 0;
	int64_t			 born = 0, pin_change = 0;
	int			 r;

	memset(s, 0, sizeof *s);
	if ((r = store_get_u32(t, DB_STAFF, id, &v, &vlen)) != 0)
		return (r);
	if (codec_open(&c, v, vlen, STAFF_KIND) != 0 ||
	    codec_get_i64(&c, SF_ID, &n) < 0 ||
	    codec_get_str(&c, SF_NAME, s->name, sizeof s->name) < 0 ||
	    codec_get_i64(&c, SF_ROLE, &role) < 0 ||
	    codec_get_str(&c, SF_PIN, s->pin_hash, sizeof s->pin_hash) < 0 ||
	    codec_get_i64(&c, SF_FAILED, &failed) < 0 ||
	    codec_get_i64(&c, SF_LOCKED, &s->locked_until) < 0 ||
	    codec_get_i64(&c, SF_ACTIVE, &active) < 0 ||
	    codec_get_i64(&c, SF_CREATED, &s->created) < 0 ||
	    codec_get_str(&c, SF_LICENCE, s->licence, sizeof s->licence) < 0 ||
	    codec_get_str(&c, SF_EMPLOYEE, s->employee,
	    sizeof s->employee) < 0 ||
	    codec_get_i64(&c, SF_BORN, &born) < 0 ||
	    codec_get_i64(&c, SF_PIN_CHANGE, &pin_change) < 0 ||
	    codec_get_i64(&c, SF_GONE, &s->deactivated) < 0 ||
	    n != id) {
		store_fail(t, STORE_CORRUPT, "staff %u record damaged", id);
		return (STORE_CORRUPT);
	}
	s->id = id;
	s->role = (int)role;
	s->failed = (int)failed;
	s->active = (int)active;
	s->born = (int)born;
	s->pin_change = pin_change != 0;
	return (0);
}

void
store_staff_put(struct store_txn *t, const struct staff *s)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, STAFF_KIND, 1);
	codec_i64(&b, SF_ID, s->id);
	codec_str(&b, SF_NAME, s->name);
	codec_i64(&b, SF_ROLE, s->role);
	codec_str(&b, SF_PIN, s->pin_hash);
	codec_i64(&b, SF_FAILED, s->failed);
	codec_i64(&b, SF_LOCKED, s->locked_until);
	codec_i64(&b, SF_ACTIVE, s->active);
	codec_i64(&b, SF_CREATED, s->created);
	if (s->licence[0] != '\0')
		codec_str(&b, SF_LICENCE, s->licence);
	if (s->employee[0] != '\0')
		codec_str(&b, SF_EMPLOYEE, s->employee);
	if (s->born != 0)
		codec_i64(&b, SF_BORN, s->born);
	if (s->pin_change)
		codec_i64(&b, SF_PIN_CHANGE, 1);
	if (s->deactivated != 0)
		codec_i64(&b, SF_GONE, s->deactivated);
	store_key_init(&k);
	store_key_u32(&k, s->id);
	store_put(t, DB_STAFF, k.data, k.len, b.data, b.len);
	buf_free(&b);
	store_staff_generation_bump(t);
}

/*
 * The staff generation: a counter in the meta table that every change to
 * a staff record, a role, a terminal or a store setting bumps, in the
 * same transaction. stashd reads it before each op and compares it with
 * the one its session last checked against: only when it moved does it
 * read the staff member, their role and the terminal again. stashctl
 * writes the ledger from its own process, so an in-memory counter would
 * not see its changes.
 */
int64_t
store_staff_generation(struct store_txn *t)
{
	return (store_meta_get_i64(t, "staff-generation"));
}

void
store_staff_generation_bump(struct store_txn *t)
{
	store_meta_put_i64(t, "staff-generation",
	    store_staff_generation(t) + 1);
}

uint32_t
store_staff_next_id(struct store_txn *t)
{
	return ((uint32_t)store_last_u64(t, DB_STAFF) + 1);
}

/*
 * Every staff member in number order, until cb returns non-zero. -1 if the
 * walk failed (t->ret says why).
 */
int
store_staff_walk(struct store_txn *t, int (*cb)(const struct staff *, void *),
    void *arg)
{
	struct store_iter	it;
	struct staff		s;

	store_iter_init(t, &it, DB_STAFF, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (it.klen != 4 ||
		    store_staff_get(t, store_key_get_u32(it.key), &s) != 0)
			break;
		if (cb(&s, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}
