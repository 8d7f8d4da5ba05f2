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
 * Roles an admin defines, keyed by number (from ROLE_CUSTOM): a name and
 * a set of permissions. The built-in roles are perm.c's table and never
 * stored. A change bumps the staff generation, so that a logged-in
 * session holding the role takes its new permissions on its next op.
 */

#define ROLE_KIND	'R'
enum { RF_ID = 1, RF_NAME, RF_PERMS, RF_CREATED };

int
store_role_get(struct store_txn *t, uint32_t id, struct role_def *ro)
{
	struct codec		 c;
	const u_char		*v;
	size_t			 vlen;
	int64_t			 n = 0, perms = 0;
	int			 r;

	memset(ro, 0, sizeof *ro);
	if ((r = store_get_u32(t, DB_ROLE, id, &v, &vlen)) != 0)
		return (r);
	if (codec_open(&c, v, vlen, ROLE_KIND) != 0 ||
	    codec_get_i64(&c, RF_ID, &n) < 0 ||
	    codec_get_str(&c, RF_NAME, ro->name, sizeof ro->name) < 0 ||
	    codec_get_i64(&c, RF_PERMS, &perms) < 0 ||
	    codec_get_i64(&c, RF_CREATED, &ro->created) < 0 ||
	    n != id || perms < 0 || perms > UINT32_MAX) {
		store_fail(t, STORE_CORRUPT, "role %u record damaged", id);
		return (STORE_CORRUPT);
	}
	ro->id = id;
	ro->perms = (uint32_t)perms;
	return (0);
}

void
store_role_put(struct store_txn *t, const struct role_def *ro)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, ROLE_KIND, 1);
	codec_i64(&b, RF_ID, ro->id);
	codec_str(&b, RF_NAME, ro->name);
	codec_i64(&b, RF_PERMS, ro->perms);
	codec_i64(&b, RF_CREATED, ro->created);
	store_key_init(&k);
	store_key_u32(&k, ro->id);
	store_put(t, DB_ROLE, k.data, k.len, b.data, b.len);
	buf_free(&b);
	store_staff_generation_bump(t);
}

void
store_role_del(struct store_txn *t, uint32_t id)
{
	struct store_key	k;

	store_key_init(&k);
	store_key_u32(&k, id);
	store_del(t, DB_ROLE, k.data, k.len);
	store_staff_generation_bump(t);
}

uint32_t
store_role_next_id(struct store_txn *t)
{
	uint64_t	last;

	last = store_last_u64(t, DB_ROLE);
	if (last < ROLE_CUSTOM)
		return (ROLE_CUSTOM);
	return ((uint32_t)last + 1);
}

/*
 * Every defined role in number order, until cb returns non-zero. -1 if
 * the walk failed (t->ret says why).
 */
int
store_role_walk(struct store_txn *t, int (*cb)(const struct role_def *, void *),
    void *arg)
{
	struct store_iter	it;
	struct role_def		ro;

	store_iter_init(t, &it, DB_ROLE, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (it.klen != 4 ||
		    store_role_get(t, store_key_get_u32(it.key), &ro) != 0)
			break;
		if (cb(&ro, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

struct store_role_find {
	const char	*name;
	struct role_def	*ro;
	int		 found;
};

static int
store_role_find_cb(const struct role_def *ro, void *arg)
{
	struct store_role_find	*rf = arg;

	if (strcmp(ro->name, rf->name) != 0)
		return (0);
	*rf->ro = *ro;
	rf->found = 1;
	return (1);
}

/* A defined role by name: 0, STORE_NOTFOUND, or the ledger's error. */
int
store_role_find(struct store_txn *t, const char *name, struct role_def *ro)
{
	struct store_role_find	rf;

	memset(ro, 0, sizeof *ro);
	rf.name = name;
	rf.ro = ro;
	rf.found = 0;
	if (store_role_walk(t, store_role_find_cb, &rf) != 0)
		return (t->ret);
	return (rf.found ? 0 : STORE_NOTFOUND);
}
