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

#include <sys/wait.h>

#include "unit.h"

#include "store.h"

/*
 * store*.c: the LMDB wrapper and the record types. Every test runs on its
 * own ledger in a fresh temporary directory, opened asking for a tiny map.
 * (LMDB gives a new environment at least its 1 MiB default, and store_open
 * keeps the larger, so the growth tests write past whatever store_mapsize
 * says rather than past 64 KiB.)
 */

#define TINY_MAP	65536

static void	reopen(struct fixture *);

static int
setup(void **state)
{
	struct fixture	*f;

	if ((f = fixture_open("store", TINY_MAP)) == NULL)
		return (-1);
	*state = f;
	return (0);
}

static void
reopen(struct fixture *f)
{
	char	*cause = NULL;

	store_close(f->st);
	f->st = NULL;
	if (store_open(f->dir, TINY_MAP, 0, &f->st, &cause) != 0)
		fail_msg("reopen: %s", cause);
}

static void
test_open(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	char			*cause = NULL;
	struct store		*ro;

	assert_string_equal(store_path(f->st), f->dir);
	assert_true(store_mapsize(f->st) >= TINY_MAP);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_meta_get_i64(&t, "schema"), STORE_SCHEMA);
	assert_int_equal(store_count(&t, DB_STAFF), 0);
	assert_int_equal(store_last_u64(&t, DB_SALE), 0);
	store_abort(&t);

	/* A second, read-only handle on the same ledger. */
	assert_int_equal(store_open(f->dir, 0, 1, &ro, &cause), 0);
	assert_int_equal(store_begin(ro, &t, 0), 0);
	assert_int_equal(store_meta_get_i64(&t, "schema"), STORE_SCHEMA);
	store_abort(&t);
	store_close(ro);
}

static void
test_put_get_del(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	const u_char		*v;
	size_t			 vlen;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_put(&t, DB_META, "k1", 2, "one", 3);
	store_put(&t, DB_META, "k2", 2, "two", 3);
	assert_int_equal(store_get(&t, DB_META, "k1", 2, &v, &vlen), 0);
	assert_int_equal(vlen, 3);
	assert_memory_equal(v, "one", 3);
	/* Overwrite. */
	store_put(&t, DB_META, "k1", 2, "uno!", 4);
	assert_int_equal(store_get(&t, DB_META, "k1", 2, &v, &vlen), 0);
	assert_int_equal(vlen, 4);
	assert_memory_equal(v, "uno!", 4);
	/* Not found and already-exists do not poison the transaction. */
	assert_int_equal(store_get(&t, DB_META, "nope", 4, &v, &vlen),
	    STORE_NOTFOUND);
	assert_int_equal(store_put_new(&t, DB_META, "k2", 2, "dos", 3),
	    STORE_EXISTS);
	assert_int_equal(t.ret, 0);
	assert_int_equal(store_get(&t, DB_META, "k2", 2, &v, &vlen), 0);
	assert_memory_equal(v, "two", 3);
	assert_int_equal(store_put_new(&t, DB_META, "k3", 2, "three", 5), 0);
	store_del(&t, DB_META, "k2", 2);
	store_del(&t, DB_META, "absent", 6);	/* not an error */
	assert_int_equal(t.ret, 0);
	assert_int_equal(store_commit(&t), 0);

	/* The committed state, seen from a new transaction. */
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_get(&t, DB_META, "k1", 2, &v, &vlen), 0);
	assert_memory_equal(v, "uno!", 4);
	assert_int_equal(store_get(&t, DB_META, "k2", 2, &v, &vlen),
	    STORE_NOTFOUND);
	assert_int_equal(store_get(&t, DB_META, "k3", 2, &v, &vlen), 0);
	assert_memory_equal(v, "three", 5);
	/* Tables are separate. */
	assert_int_equal(store_get(&t, DB_STAFF, "k1", 2, &v, &vlen),
	    STORE_NOTFOUND);
	store_abort(&t);

	/* An aborted transaction leaves nothing. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_put(&t, DB_META, "k4", 2, "four", 4);
	store_del(&t, DB_META, "k1", 2);
	store_abort(&t);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_get(&t, DB_META, "k4", 2, &v, &vlen),
	    STORE_NOTFOUND);
	assert_int_equal(store_get(&t, DB_META, "k1", 2, &v, &vlen), 0);
	store_abort(&t);

	/* And it all survives closing and opening again. */
	reopen(f);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_get(&t, DB_META, "k3", 2, &v, &vlen), 0);
	assert_memory_equal(v, "three", 5);
	store_abort(&t);
}

/* store_update's function: append arg's text, "" deletes, "!" refuses. */
static int
update_append(const u_char *v, size_t vlen, struct buf *b, void *arg)
{
	const char	*add = arg;

	if (strcmp(add, "!") == 0)
		return (-1);
	if (*add == '\0')
		return (0);
	if (v != NULL)
		buf_add(b, v, vlen);
	buf_addstr(b, add);
	return (0);
}

/* Read, change and write back one key in one call (the rollups' path). */
static void
test_update(void **state)
{
	struct fixture	*f = *state;
	struct store_txn t, child;
	const u_char	*v;
	size_t		 vlen;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	/* No key yet: made; then added to, in a child too. */
	assert_int_equal(store_update(&t, DB_META, "u1", 2, update_append,
	    (void *)"ab"), 0);
	assert_int_equal(store_update(&t, DB_META, "u1", 2, update_append,
	    (void *)"cd"), 0);
	assert_int_equal(store_begin_child(&t, &child), 0);
	assert_int_equal(store_update(&child, DB_META, "u1", 2,
	    update_append, (void *)"efghijklmnop"), 0);
	assert_int_equal(store_commit(&child), 0);
	assert_int_equal(store_get(&t, DB_META, "u1", 2, &v, &vlen), 0);
	assert_int_equal(vlen, 16);
	assert_memory_equal(v, "abcdefghijklmnop", 16);
	/* Refused: nothing written, the transaction not failed. */
	assert_int_equal(store_update(&t, DB_META, "u1", 2, update_append,
	    (void *)"!"), -1);
	assert_int_equal(t.ret, 0);
	assert_int_equal(store_update(&t, DB_META, "u2", 2, update_append,
	    (void *)"!"), -1);
	assert_int_equal(store_get(&t, DB_META, "u2", 2, &v, &vlen),
	    STORE_NOTFOUND);
	/* Nothing left in b: the key goes (and an absent key stays so). */
	store_put(&t, DB_META, "u3", 2, "x", 1);
	assert_int_equal(store_update(&t, DB_META, "u3", 2, update_append,
	    (void *)""), 0);
	assert_int_equal(store_update(&t, DB_META, "u4", 2, update_append,
	    (void *)""), 0);
	assert_int_equal(store_get(&t, DB_META, "u3", 2, &v, &vlen),
	    STORE_NOTFOUND);
	assert_int_equal(store_get(&t, DB_META, "u4", 2, &v, &vlen),
	    STORE_NOTFOUND);
	assert_int_equal(store_commit(&t), 0);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_get(&t, DB_META, "u1", 2, &v, &vlen), 0);
	assert_memory_equal(v, "abcdefghijklmnop", 16);
	assert_int_equal(store_get(&t, DB_META, "u2", 2, &v, &vlen),
	    STORE_NOTFOUND);
	store_abort(&t);
}

/* Keys for the iterator tests, from a small alphabet rich in 0x00/0xff. */
struct ikey {
	u_char	b[4];
	size_t	n;
};

static int
ikey_cmp(const void *a0, const void *b0)
{
	const struct ikey	*a = a0, *b = b0;
	size_t			 n = a->n < b->n ? a->n : b->n;
	int			 r;

	if ((r = memcmp(a->b, b->b, n)) != 0)
		return (r);
	return (a->n < b->n ? -1 : (a->n > b->n ? 1 : 0));
}

/* Check a scan against the sorted keys filtered by prefix. */
static void
check_scan(struct store_txn *t, const struct ikey *keys, size_t nkeys,
    const u_char *prefix, size_t plen, int reverse)
{
	struct store_iter	it;
	size_t			i, idx, seen = 0, want[300], nwant = 0;
	char			hex[16];

	util_hex(prefix, plen, hex);
	for (i = 0; i < nkeys; i++) {
		idx = reverse ? nkeys - 1 - i : i;
		if (keys[idx].n >= plen &&
		    (plen == 0 || memcmp(keys[idx].b, prefix, plen) == 0))
			want[nwant++] = idx;
	}
	store_iter_init(t, &it, DB_PACKAGE_PRODUCT, prefix, plen, reverse);
	while (store_iter_next(&it)) {
		if (seen >= nwant)
			fail_msg("prefix %s%s: more keys than expected", hex,
			    reverse ? " reverse" : "");
		idx = want[seen];
		if (it.klen != keys[idx].n ||
		    memcmp(it.key, keys[idx].b, it.klen) != 0)
			fail_msg("prefix %s%s: key %zu out of order", hex,
			    reverse ? " reverse" : "", seen);
		assert_int_equal(it.vlen, 1);
		assert_int_equal(it.val[0], (u_char)idx ^ 0x5a);
		seen++;
	}
	assert_int_equal(t->ret, 0);
	if (seen != nwant)
		fail_msg("prefix %s%s: %zu keys, expected %zu", hex,
		    reverse ? " reverse" : "", seen, nwant);
	store_iter_done(&it);
}

static void
test_iter_prefixes(void **state)
{
	static const u_char	 alpha[] = { 0x00, 0x01, 0x7f, 0xfe, 0xff };
	static const struct ikey fixed[] = {
		{ { 0x01 }, 1 }, { { 0x01, 0x00 }, 2 }, { { 0x01, 0xff }, 2 },
		{ { 0x01, 0xff, 0x00 }, 3 }, { { 0x01, 0xff, 0xff }, 3 },
		{ { 0x01, 0xff, 0xff, 0xff }, 4 }, { { 0x02 }, 1 },
		{ { 0x02, 0x00 }, 2 }, { { 0xff }, 1 }, { { 0xff, 0xff }, 2 },
		{ { 0xff, 0xff, 0x01 }, 3 },
	};
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct ikey		 keys[300], p;
	size_t			 nkeys, i, j;
	uint64_t		 seed = 31337;
	u_char			 val;
	int			 round, dup;

	for (round = 0; round < 2; round++) {
		/* Round 0: the fixed keys; round 1: random ones. */
		if (round == 0) {
			nkeys = sizeof fixed / sizeof fixed[0];
			memcpy(keys, fixed, sizeof fixed);
		} else {
			nkeys = 0;
			for (i = 0; i < 250; i++) {
				memset(&p, 0, sizeof p);
				p.n = 1 + unit_rand(&seed) % 4;
				for (j = 0; j < p.n; j++) {
					p.b[j] = alpha[unit_rand(&seed) %
					    sizeof alpha];
				}
				dup = 0;
				for (j = 0; j < nkeys; j++) {
					if (ikey_cmp(&keys[j], &p) == 0)
						dup = 1;
				}
				if (!dup)
					keys[nkeys++] = p;
			}
		}
		qsort(keys, nkeys, sizeof keys[0], ikey_cmp);

		assert_int_equal(store_begin(f->st, &t, 1), 0);
		/* Empty table first. */
		check_scan(&t, keys, 0, NULL, 0, 0);
		check_scan(&t, keys, 0, NULL, 0, 1);
		for (i = 0; i < nkeys; i++) {
			val = (u_char)i ^ 0x5a;
			store_put(&t, DB_PACKAGE_PRODUCT, keys[i].b, keys[i].n,
			    &val, 1);
		}
		assert_int_equal(store_count(&t, DB_PACKAGE_PRODUCT), nkeys);

		/* Every prefix of up to three bytes from the alphabet. */
		check_scan(&t, keys, nkeys, NULL, 0, 0);
		check_scan(&t, keys, nkeys, NULL, 0, 1);
		for (i = 0; i < sizeof alpha; i++) {
			p.b[0] = alpha[i];
			check_scan(&t, keys, nkeys, p.b, 1, 0);
			check_scan(&t, keys, nkeys, p.b, 1, 1);
			for (j = 0; j < sizeof alpha * sizeof alpha; j++) {
				p.b[1] = alpha[j % sizeof alpha];
				p.b[2] = alpha[j / sizeof alpha];
				check_scan(&t, keys, nkeys, p.b, 2, 0);
				check_scan(&t, keys, nkeys, p.b, 2, 1);
				check_scan(&t, keys, nkeys, p.b, 3, 0);
				check_scan(&t, keys, nkeys, p.b, 3, 1);
			}
		}
		/* Prefixes ending in (or made of) 0xff, by name. */
		check_scan(&t, keys, nkeys, (const u_char *)"\x01\xff", 2, 1);
		check_scan(&t, keys, nkeys, (const u_char *)"\x01\xff\xff", 3,
		    1);
		check_scan(&t, keys, nkeys, (const u_char *)"\xff", 1, 1);
		check_scan(&t, keys, nkeys, (const u_char *)"\xff\xff", 2, 1);
		check_scan(&t, keys, nkeys, (const u_char *)"\x03", 1, 1);
		store_abort(&t);
	}
}

static void
test_iter_fixed_expectations(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct store_iter	 it;
	static const char	*keys[] = { "a", "b\xff", "b\xff\x01",
	    "b\xff\xff", "c" };
	static const char	*want_rev[] = { "b\xff\xff", "b\xff\x01",
	    "b\xff" };
	size_t			 i, n;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		store_put(&t, DB_SALE_TAG, keys[i], strlen(keys[i]), "", 0);
	/* Reverse from a prefix ending in 0xff, with a key after it. */
	n = 0;
	store_iter_init(&t, &it, DB_SALE_TAG, "b\xff", 2, 1);
	while (store_iter_next(&it)) {
		assert_true(n < 3);
		assert_int_equal(it.klen, strlen(want_rev[n]));
		assert_memory_equal(it.key, want_rev[n], it.klen);
		n++;
	}
	store_iter_done(&it);
	assert_int_equal(n, 3);
	/* Stopping early and calling done twice is fine. */
	store_iter_init(&t, &it, DB_SALE_TAG, "b", 1, 0);
	assert_int_equal(store_iter_next(&it), 1);
	assert_int_equal(it.klen, 2);
	store_iter_done(&it);
	store_iter_done(&it);
	assert_int_equal(store_iter_next(&it), 0);
	assert_int_equal(t.ret, 0);
	store_abort(&t);
}

static void
test_sticky_error(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct store_iter	 it;
	u_char			 bigkey[600];
	const u_char		*v;
	size_t			 vlen;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_put(&t, DB_META, "before", 6, "1", 1);
	assert_int_equal(t.ret, 0);
	/* A key longer than LMDB allows: the first failure. */
	memset(bigkey, 'k', sizeof bigkey);
	store_put(&t, DB_META, bigkey, sizeof bigkey, "x", 1);
	assert_int_not_equal(t.ret, 0);
	assert_int_equal(t.ret, STORE_LIMIT);
	assert_true(t.err[0] != '\0');

	/* Every later call does nothing and reports the first error. */
	store_put(&t, DB_META, "after", 5, "2", 1);
	assert_int_equal(store_get(&t, DB_META, "before", 6, &v, &vlen),
	    STORE_LIMIT);
	assert_int_equal(store_put_new(&t, DB_META, "new", 3, "3", 1),
	    STORE_LIMIT);
	store_del(&t, DB_META, "before", 6);
	store_fail(&t, STORE_CORRUPT, "a second failure");
	assert_int_equal(t.ret, STORE_LIMIT);	/* the first one stays */
	store_iter_init(&t, &it, DB_META, NULL, 0, 0);
	assert_int_equal(store_iter_next(&it), 0);
	store_iter_done(&it);
	assert_int_equal(store_count(&t, DB_META), 0);

	/* Commit returns the error and writes nothing. */
	assert_int_equal(store_commit(&t), STORE_LIMIT);
	assert_int_equal(store_commit(&t), STORE_LIMIT);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_get(&t, DB_META, "before", 6, &v, &vlen),
	    STORE_NOTFOUND);
	assert_int_equal(store_get(&t, DB_META, "after", 5, &v, &vlen),
	    STORE_NOTFOUND);
	assert_int_equal(store_get(&t, DB_META, "new", 3, &v, &vlen),
	    STORE_NOTFOUND);
	store_abort(&t);

	/* An empty key is refused the same way. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_put(&t, DB_META, "", 0, "x", 1);
	assert_int_not_equal(t.ret, 0);
	assert_int_not_equal(store_commit(&t), 0);
}

/* Values for the growth tests: key i holds a pattern seeded by i. */
#define GROW_VLEN	1000

static void
grow_value(uint32_t i, u_char *out)
{
	uint64_t	seed = (uint64_t)i * 2654435761u + 1;
	size_t		j;

	for (j = 0; j < GROW_VLEN; j++)
		out[j] = (u_char)unit_rand(&seed);
}

struct grow_arg {
	uint32_t	first;
	uint32_t	count;
	int		check;	/* return -1 as soon as t->ret is set */
	u_int		calls;
};

static int
grow_cb(struct store_txn *t, void *arg, char **cause)
{
	struct grow_arg		*ga = arg;
	struct store_key	 k;
	u_char			 v[GROW_VLEN];
	uint32_t		 i;

	ga->calls++;
	for (i = ga->first; i < ga->first + ga->count; i++) {
		store_key_init(&k);
		store_key_u32(&k, i);
		grow_value(i, v);
		store_put(t, DB_PRODUCT, k.data, k.len, v, sizeof v);
		if (ga->check && t->ret != 0) {
			xasprintf(cause, "put %u: %s", i, t->err);
			return (-1);
		}
	}
	return (0);
}

static void
check_grown(struct store *st, uint32_t n)
{
	struct store_txn	 t;
	struct store_key	 k;
	u_char			 want[GROW_VLEN];
	const u_char		*v;
	size_t			 vlen;
	uint32_t		 i;

	assert_int_equal(store_begin(st, &t, 0), 0);
	assert_int_equal(store_count(&t, DB_PRODUCT), n);
	for (i = 0; i < n; i++) {
		store_key_init(&k);
		store_key_u32(&k, i);
		if (store_get(&t, DB_PRODUCT, k.data, k.len, &v, &vlen) != 0)
			fail_msg("value %u of %u is missing", i, n);
		grow_value(i, want);
		assert_int_equal(vlen, GROW_VLEN);
		assert_memory_equal(v, want, GROW_VLEN);
	}
	store_abort(&t);
}

static void
test_write_grows_map(void **state)
{
	struct fixture	*f = *state;
	struct grow_arg	 ga;
	size_t		 first, before;
	uint32_t	 n;
	char		*cause = NULL;
	u_int		 grows = 0, chunk;

	first = store_mapsize(f->st);

	/* One transaction larger than the whole map: grown, retried once. */
	memset(&ga, 0, sizeof ga);
	ga.first = 0;
	ga.count = (uint32_t)(first * 5 / 4 / GROW_VLEN);
	ga.check = 1;
	if (store_write(f->st, grow_cb, &ga, &cause) != 0)
		fail_msg("store_write: %s", cause);
	assert_int_equal(ga.calls, 2);
	assert_true(store_mapsize(f->st) > first);
	n = ga.count;
	check_grown(f->st, n);

	/*
	 * Chunks of 64 KiB until the data is three times the first map,
	 * this time leaving it to the commit to find the map full.
	 */
	chunk = 65536 / GROW_VLEN;
	while ((size_t)n * GROW_VLEN < 3 * first) {
		before = store_mapsize(f->st);
		memset(&ga, 0, sizeof ga);
		ga.first = n;
		ga.count = chunk;
		ga.check = 0;
		if (store_write(f->st, grow_cb, &ga, &cause) != 0)
			fail_msg("store_write at %u: %s", n, cause);
		if (store_mapsize(f->st) > before) {
			assert_int_equal(ga.calls, 2);
			grows++;
		} else
			assert_int_equal(ga.calls, 1);
		n += chunk;
	}
	assert_true(grows >= 1);
	assert_true(store_mapsize(f->st) >= 3 * first);
	check_grown(f->st, n);

	/* The grown map is what the file says on the next open. */
	before = store_mapsize(f->st);
	reopen(f);
	assert_int_equal(store_mapsize(f->st), before);
	check_grown(f->st, n);
}

static void
test_write_too_big_refused(void **state)
{
	struct fixture	*f = *state;
	struct grow_arg	 ga;
	char		*cause = NULL;
	size_t		 first;

	first = store_mapsize(f->st);
	memset(&ga, 0, sizeof ga);
	ga.count = 10;
	assert_int_equal(store_write(f->st, grow_cb, &ga, &cause), 0);

	/* Four maps' worth in one go: one growth is not enough. */
	memset(&ga, 0, sizeof ga);
	ga.first = 10;
	ga.count = (uint32_t)(first * 4 / GROW_VLEN);
	ga.check = 0;
	assert_int_equal(store_write(f->st, grow_cb, &ga, &cause), -1);
	assert_non_null(cause);
	assert_true(strlen(cause) > 0);
	free(cause);
	assert_int_equal(ga.calls, 2);
	/* Nothing of it was written; what was there is whole. */
	check_grown(f->st, 10);
}

static int
fail_cb(struct store_txn *t, void *arg, char **cause)
{
	u_int	*calls = arg;

	(*calls)++;
	store_put(t, DB_META, "half", 4, "written", 7);
	xasprintf(cause, "refused by the operation");
	return (-1);
}

static void
test_write_fn_error(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	const u_char		*v;
	size_t			 vlen;
	char			*cause = NULL;
	u_int			 calls = 0;

	assert_int_equal(store_write(f->st, fail_cb, &calls, &cause), -1);
	assert_int_equal(calls, 1);
	assert_non_null(cause);
	assert_string_equal(cause, "refused by the operation");
	free(cause);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_get(&t, DB_META, "half", 4, &v, &vlen),
	    STORE_NOTFOUND);
	store_abort(&t);
}

static void
test_child_txn(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t, c;
	const u_char		*v;
	size_t			 vlen;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_put(&t, DB_META, "parent", 6, "P", 1);
	assert_int_equal(store_begin_child(&t, &c), 0);
	store_put(&c, DB_META, "child", 5, "C", 1);
	store_del(&c, DB_META, "parent", 6);
	assert_int_equal(store_get(&c, DB_META, "child", 5, &v, &vlen), 0);
	store_abort(&c);
	/* The child's changes are gone; the parent's are all there. */
	assert_int_equal(store_get(&t, DB_META, "child", 5, &v, &vlen),
	    STORE_NOTFOUND);
	assert_int_equal(store_get(&t, DB_META, "parent", 6, &v, &vlen), 0);

	/* A child that fails is thrown away whole, the parent carries on. */
	assert_int_equal(store_begin_child(&t, &c), 0);
	store_put(&c, DB_META, "child2", 6, "C", 1);
	store_fail(&c, STORE_ERROR, "the operation gave up");
	assert_int_equal(store_commit(&c), STORE_ERROR);
	assert_int_equal(t.ret, 0);
	assert_int_equal(store_get(&t, DB_META, "child2", 6, &v, &vlen),
	    STORE_NOTFOUND);

	/* A child that commits hands its writes to the parent. */
	assert_int_equal(store_begin_child(&t, &c), 0);
	store_put(&c, DB_META, "child3", 6, "D", 1);
	assert_int_equal(store_commit(&c), 0);
	assert_int_equal(store_get(&t, DB_META, "child3", 6, &v, &vlen), 0);
	assert_int_equal(store_commit(&t), 0);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_get(&t, DB_META, "parent", 6, &v, &vlen), 0);
	assert_memory_equal(v, "P", 1);
	assert_int_equal(store_get(&t, DB_META, "child", 5, &v, &vlen),
	    STORE_NOTFOUND);
	assert_int_equal(store_get(&t, DB_META, "child2", 6, &v, &vlen),
	    STORE_NOTFOUND);
	assert_int_equal(store_get(&t, DB_META, "child3", 6, &v, &vlen), 0);
	store_abort(&t);

	/* No child of a failed parent. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_fail(&t, STORE_ERROR, "parent gave up");
	assert_int_not_equal(store_begin_child(&t, &c), 0);
	assert_int_not_equal(c.ret, 0);
	store_abort(&t);
}

/*
 * In a child process on a ledger of its own (an LMDB env must not cross a
 * fork): open a transaction of the given kind (0 read, 1 write, 2 nested
 * write) and grow the map inside it. Exits 0 if store_grow returned, 1 if
 * it refused (fatalx), 2 if the setup failed.
 */
static int
grow_inside(const char *dir, int kind)
{
	struct store		*st;
	struct store_txn	 t, c;
	char			 path[512], *cause = NULL;
	pid_t			 pid;
	int			 status;

	snprintf(path, sizeof path, "%s/child%d", dir, kind);
	if ((pid = fork()) == -1)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		if (store_open(path, TINY_MAP, 0, &st, &cause) != 0)
			_exit(2);
		if (store_begin(st, &t, kind != 0) != 0)
			_exit(2);
		if (kind == 2 && store_begin_child(&t, &c) != 0)
			_exit(2);
		store_grow(st);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) == -1)
		fail_msg("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status))
		fail_msg("child died by signal %d", WTERMSIG(status));
	return (WEXITSTATUS(status));
}

/*
 * LMDB's rule: the map is resized only while the process has no
 * transaction open. store_grow refuses (a broken invariant) inside any,
 * and the count of open transactions comes back to zero after every way
 * of ending one.
 */
static void
test_grow_needs_no_txn(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t, c;
	size_t			 size;

	assert_int_equal(grow_inside(f->dir, 0), 1);
	assert_int_equal(grow_inside(f->dir, 1), 1);
	assert_int_equal(grow_inside(f->dir, 2), 1);

	assert_int_equal(store_txns_open(f->st), 0);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_txns_open(f->st), 1);
	store_abort(&t);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(store_begin_child(&t, &c), 0);
	assert_int_equal(store_txns_open(f->st), 2);
	store_put(&c, DB_META, "k", 1, "v", 1);
	assert_int_equal(store_commit(&c), 0);
	assert_int_equal(store_begin_child(&t, &c), 0);
	store_abort(&c);
	assert_int_equal(store_begin_child(&t, &c), 0);
	store_fail(&c, STORE_ERROR, "gave up");
	assert_int_equal(store_commit(&c), STORE_ERROR);
	assert_int_equal(store_txns_open(f->st), 1);
	assert_int_equal(store_commit(&t), 0);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_fail(&t, STORE_ERROR, "gave up");
	assert_int_equal(store_commit(&t), STORE_ERROR);
	assert_int_equal(store_txns_open(f->st), 0);

	/* With nothing open it grows. */
	size = store_mapsize(f->st);
	assert_int_equal(store_grow(f->st), 0);
	assert_true(store_mapsize(f->st) > size);
}

static void
test_schema_refused(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct store		*st;
	char			*cause = NULL, want[32];

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_meta_put_i64(&t, "schema", STORE_SCHEMA + 1);
	assert_int_equal(store_commit(&t), 0);
	store_close(f->st);
	f->st = NULL;

	assert_int_equal(store_open(f->dir, TINY_MAP, 0, &st, &cause), -1);
	assert_null(st);
	assert_non_null(cause);
	snprintf(want, sizeof want, "schema %d", STORE_SCHEMA + 1);
	if (strstr(cause, want) == NULL || strstr(cause, "newer") == NULL)
		fail_msg("unexpected refusal: %s", cause);
	free(cause);

	/* Put it back so the teardown can close a ledger. */
	assert_int_equal(store_open(f->dir, TINY_MAP, 1, &f->st, &cause), 0);
}

static void
test_schema_damaged(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct store_key	 k;

	/* A schema value of the wrong size is damage, not "new ledger". */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_key_init(&k);
	store_key_str(&k, "schema");
	store_put(&t, DB_META, k.data, k.len, "\1", 1);
	assert_int_equal(store_commit(&t), 0);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_meta_get_i64(&t, "schema"), 0);
	assert_int_equal(t.ret, STORE_CORRUPT);
	store_abort(&t);
}

/*
 * Schema 3: whether a package is held is kept in the holds table alone. A
 * schema 2 ledger's packages with status "hold" become active: one with a
 * hold keeps it; one whose hold was released is active (as its release
 * meant) when its lab result passed, else gets the lab's hold.
 */
static void
test_schema_3(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct package		 pk, got;
	struct hold		 h;
	static const char	*tags[] = { "1A4060300000000000001001",
				    "1A4060300000000000001002",
				    "1A4060300000000000001003",
				    "1A4060300000000000001004" };

	memset(&pk, 0, sizeof pk);
	pk.product = 3;
	pk.qty = pk.received_qty = 10;
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	/* 0: held, with its hold; 1: released, lab passed; 2: released,
	 * no lab result; 3: active all along. */
	strlcpy(pk.tag, tags[0], sizeof pk.tag);
	pk.status = PACKAGE_HOLD;
	store_package_put(&t, &pk, NULL);
	memset(&h, 0, sizeof h);
	h.scope = HOLD_PACKAGE;
	strlcpy(h.key, tags[0], sizeof h.key);
	strlcpy(h.reason, "damaged", sizeof h.reason);
	store_hold_put(&t, &h);
	strlcpy(pk.tag, tags[1], sizeof pk.tag);
	pk.lab.status = LAB_PASS;
	store_package_put(&t, &pk, NULL);
	strlcpy(pk.tag, tags[2], sizeof pk.tag);
	pk.lab.status = LAB_NONE;
	store_package_put(&t, &pk, NULL);
	strlcpy(pk.tag, tags[3], sizeof pk.tag);
	pk.status = PACKAGE_ACTIVE;
	store_package_put(&t, &pk, NULL);
	store_meta_put_i64(&t, "schema", 2);
	assert_int_equal(store_commit(&t), 0);
	reopen(f);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_meta_get_i64(&t, "schema"), STORE_SCHEMA);
	assert_int_equal(store_package_get(&t, tags[0], &got), 0);
	assert_int_equal(got.status, PACKAGE_ACTIVE);
	assert_int_equal(store_hold_get(&t, HOLD_PACKAGE, tags[0], &h), 0);
	assert_string_equal(h.reason, "damaged");
	assert_int_equal(store_package_get(&t, tags[1], &got), 0);
	assert_int_equal(got.status, PACKAGE_ACTIVE);
	assert_int_equal(store_hold_get(&t, HOLD_PACKAGE, tags[1], &h),
	    STORE_NOTFOUND);
	assert_int_equal(store_package_get(&t, tags[2], &got), 0);
	assert_int_equal(got.status, PACKAGE_ACTIVE);
	assert_int_equal(store_hold_get(&t, HOLD_PACKAGE, tags[2], &h), 0);
	assert_string_equal(h.reason, "lab: no lab result");
	assert_int_equal(store_hold_get(&t, HOLD_PACKAGE, tags[3], &h),
	    STORE_NOTFOUND);
	store_abort(&t);
}

/* Every row of a table, "hex(key)=hex(val)" a line, in key order. */
static char *
dump_db(struct store_txn *t, enum store_db db)
{
	struct store_iter	 it;
	struct buf		 b;
	char			 hex[2 * 512 + 1], *out;

	buf_init(&b);
	store_iter_init(t, &it, db, NULL, 0, 0);
	while (store_iter_next(&it)) {
		assert_true(it.klen <= 512 && it.vlen <= 512);
		util_hex(it.key, it.klen, hex);
		buf_add(&b, hex, strlen(hex));
		buf_add(&b, "=", 1);
		util_hex(it.val, it.vlen, hex);
		buf_add(&b, hex, strlen(hex));
		buf_add(&b, "\n", 1);
	}
	store_iter_done(&it);
	out = xstrndup((const char *)b.data, b.len);
	buf_free(&b);
	return (out);
}

/*
 * Schema 5: the sales as a whole by register first (roll.till) and by
 * staff member first (roll.staff). A sale keeps them (with roll, in the
 * same transaction); a schema 4 ledger, which has roll but not these,
 * gets them made from roll, the same rows.
 */
static void
test_schema_5(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct sale		*s;
	char			*before, *after, *fine, *sbefore, *safter;
	u_int			 i;

	s = xcalloc(1, sizeof *s);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	for (i = 0; i < 4; i++) {
		memset(s, 0, sizeof *s);
		s->id = i + 1;
		s->time = INT64_C(1764000000000000) + (int64_t)i *
		    INT64_C(86400000000) / 2;
		snprintf(s->terminal, sizeof s->terminal, "till-%u", i % 2);
		s->staff = 2 + i % 3;
		s->status = SALE_COMPLETE;
		s->nlines = 2;
		s->lines[0].product = 7;
		s->lines[0].qty = 1;
		s->lines[0].total = 1000;
		s->lines[0].cost = 400;
		s->lines[1].product = 9;
		s->lines[1].qty = 2;
		s->lines[1].total = 3000 + i;
		s->lines[1].cost = 1000;
		s->subtotal = s->total = s->tendered = 4000 + i;
		store_sale_put(&t, s, 0);
	}
	assert_int_equal(t.ret, 0);
	before = dump_db(&t, DB_ROLL_TILL);
	sbefore = dump_db(&t, DB_ROLL_STAFF);
	fine = dump_db(&t, DB_ROLL);
	/* Two registers, each on a day or two: rows, fewer than roll's. */
	assert_true(strlen(before) > 0);
	assert_true(strlen(fine) > strlen(before));
	assert_true(strlen(sbefore) == strlen(before));
	store_clear(&t, DB_ROLL_TILL);
	store_clear(&t, DB_ROLL_STAFF);
	store_meta_put_i64(&t, "schema", 4);
	assert_int_equal(store_commit(&t), 0);
	reopen(f);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_meta_get_i64(&t, "schema"), STORE_SCHEMA);
	after = dump_db(&t, DB_ROLL_TILL);
	safter = dump_db(&t, DB_ROLL_STAFF);
	assert_string_equal(after, before);
	assert_string_equal(safter, sbefore);
	store_abort(&t);
	free(before);
	free(after);
	free(sbefore);
	free(safter);
	free(fine);
	free(s);
}

static void
test_meta(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct store_info	 si, got;

	memset(&si, 0, sizeof si);
	strlcpy(si.name, "Green Leaf Dispensary", sizeof si.name);
	strlcpy(si.licence, "402R-00123", sizeof si.licence);
	strlcpy(si.state, "CO", sizeof si.state);
	strlcpy(si.tz, "America/Denver", sizeof si.tz);
	si.created = INT64_C(1732660000123456);

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(store_meta_get_info(&t, &got), STORE_NOTFOUND);
	assert_int_equal(t.ret, 0);
	store_meta_put_info(&t, &si);
	store_meta_put_i64(&t, "counter", -42);
	store_meta_put_i64(&t, "big", INT64_MAX);
	assert_int_equal(store_commit(&t), 0);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_meta_get_info(&t, &got), 0);
	assert_string_equal(got.name, si.name);
	assert_string_equal(got.licence, si.licence);
	assert_string_equal(got.state, si.state);
	assert_string_equal(got.tz, si.tz);
	assert_int_equal(got.created, si.created);
	assert_int_equal(store_meta_get_i64(&t, "counter"), -42);
	assert_int_equal(store_meta_get_i64(&t, "big"), INT64_MAX);
	assert_int_equal(store_meta_get_i64(&t, "absent"), 0);
	assert_int_equal(t.ret, 0);
	store_abort(&t);
}

static void
test_staff_record(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct staff		 s, got;
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	u_char			 copy[512];

	memset(&s, 0, sizeof s);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(store_staff_next_id(&t), 1);
	s.id = 7;
	strlcpy(s.name, "Dana \xc3\x81lvarez", sizeof s.name);
	s.role = ROLE_MANAGER;
	strlcpy(s.pin_hash, "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
	    sizeof s.pin_hash);
	s.failed = 3;
	s.locked_until = INT64_C(1732660999000000);
	s.active = 1;
	s.created = INT64_C(1732000000000001);
	store_staff_put(&t, &s);
	s.id = 2;
	s.active = 0;
	store_staff_put(&t, &s);
	assert_int_equal(store_staff_next_id(&t), 8);
	assert_int_equal(store_commit(&t), 0);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_staff_get(&t, 7, &got), 0);
	assert_int_equal(got.id, 7);
	assert_string_equal(got.name, s.name);
	assert_int_equal(got.role, ROLE_MANAGER);
	assert_string_equal(got.pin_hash, s.pin_hash);
	assert_int_equal(got.failed, 3);
	assert_int_equal(got.locked_until, s.locked_until);
	assert_int_equal(got.active, 1);
	assert_int_equal(got.created, s.created);
	assert_int_equal(store_staff_get(&t, 2, &got), 0);
	assert_int_equal(got.active, 0);
	assert_int_equal(store_staff_get(&t, 3, &got), STORE_NOTFOUND);
	assert_int_equal(t.ret, 0);
	store_abort(&t);

	/* A damaged record is refused and poisons the transaction. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_key_init(&k);
	store_key_u32(&k, 9);
	store_put(&t, DB_STAFF, k.data, k.len, "S\1\1\x7f", 4);
	assert_int_equal(store_staff_get(&t, 9, &got), STORE_CORRUPT);
	assert_int_equal(t.ret, STORE_CORRUPT);
	store_abort(&t);

	/* So is a staff record filed under another number. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	s.id = 11;
	store_staff_put(&t, &s);
	store_key_init(&k);
	store_key_u32(&k, 11);
	assert_int_equal(store_get(&t, DB_STAFF, k.data, k.len, &v, &vlen), 0);
	assert_true(vlen <= sizeof copy);
	memcpy(copy, v, vlen);
	store_key_init(&k);
	store_key_u32(&k, 12);
	store_put(&t, DB_STAFF, k.data, k.len, copy, vlen);
	assert_int_equal(store_staff_get(&t, 12, &got), STORE_CORRUPT);
	store_abort(&t);
}

static void
test_terminal_record(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct terminal		 tm, got;
	size_t			 i;

	memset(&tm, 0, sizeof tm);
	strlcpy(tm.name, "register-1", sizeof tm.name);
	tm.status = TERMINAL_ACTIVE;
	for (i = 0; i < 32; i++) {
		tm.code_hash[i] = (u_char)i;
		tm.cred_hash[i] = (u_char)(0xff - i);
	}
	tm.code_expires = INT64_C(1732660000000000);
	tm.created = INT64_C(1732000000000000);
	tm.enrolled = INT64_C(1732100000000000);

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_terminal_put(&t, &tm);
	assert_int_equal(store_commit(&t), 0);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_terminal_get(&t, "register-1", &got), 0);
	assert_string_equal(got.name, tm.name);
	assert_int_equal(got.status, TERMINAL_ACTIVE);
	assert_memory_equal(got.code_hash, tm.code_hash, 32);
	assert_memory_equal(got.cred_hash, tm.cred_hash, 32);
	assert_int_equal(got.code_expires, tm.code_expires);
	assert_int_equal(got.created, tm.created);
	assert_int_equal(got.enrolled, tm.enrolled);
	assert_int_equal(store_terminal_get(&t, "register-2", &got),
	    STORE_NOTFOUND);
	assert_int_equal(store_terminal_get(&t, "register", &got),
	    STORE_NOTFOUND);
	assert_int_equal(store_terminal_get(&t,
	    "a-name-longer-than-thirty-two-characters", &got),
	    STORE_NOTFOUND);
	assert_int_equal(t.ret, 0);
	store_abort(&t);
	assert_string_equal(store_terminal_status_name(TERMINAL_PENDING),
	    "pending");
	assert_string_equal(store_terminal_status_name(TERMINAL_REVOKED),
	    "revoked");
	assert_string_equal(store_terminal_status_name(99), "unknown");
}

static void
test_product_record(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct product		 p, old, got;

	memset(&p, 0, sizeof p);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(store_product_next_id(&t), 1);
	p.id = store_product_next_id(&t);
	strlcpy(p.sku, "FL-BD-1", sizeof p.sku);
	strlcpy(p.name, "Blue Dream 3.5g", sizeof p.name);
	strlcpy(p.category, "flower", sizeof p.category);
	p.unit_weight = 0;
	p.price = 3500;
	p.thc = 220;
	p.created = INT64_C(1732000000000000);
	store_product_put(&t, &p, NULL);
	assert_int_equal(store_product_next_id(&t), 2);
	assert_int_equal(store_commit(&t), 0);

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(store_product_get(&t, 1, &got), 0);
	assert_int_equal(got.id, 1);
	assert_string_equal(got.sku, "FL-BD-1");
	assert_string_equal(got.name, p.name);
	assert_string_equal(got.category, "flower");
	assert_int_equal(got.unit_weight, 0);
	assert_int_equal(got.price, 3500);
	assert_int_equal(got.thc, 220);
	assert_int_equal(got.created, p.created);
	memset(&got, 0, sizeof got);
	assert_int_equal(store_product_by_sku(&t, "FL-BD-1", &got), 0);
	assert_int_equal(got.id, 1);
	assert_string_equal(got.name, p.name);
	assert_int_equal(store_product_by_sku(&t, "FL-BD-2", &got),
	    STORE_NOTFOUND);

	/* A new SKU moves the index entry. */
	old = p;
	strlcpy(p.sku, "FL-BD-35", sizeof p.sku);
	p.unit_weight = 1;
	p.price = 1099;
	store_product_put(&t, &p, &old);
	assert_int_equal(store_product_by_sku(&t, "FL-BD-1", &got),
	    STORE_NOTFOUND);
	assert_int_equal(store_product_by_sku(&t, "FL-BD-35", &got), 0);
	assert_int_equal(got.id, 1);
	assert_int_equal(got.unit_weight, 1);
	assert_int_equal(got.price, 1099);
	assert_int_equal(store_count(&t, DB_PRODUCT_SKU), 1);
	assert_int_equal(t.ret, 0);
	assert_int_equal(store_commit(&t), 0);
	assert_string_equal(store_product_unit_name(1), "weight");
	assert_string_equal(store_product_unit_name(0), "each");
}

static void
test_package_record(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct store_iter	 it;
	struct store_key	 k;
	struct package		 pk, got;
	u_int			 n;

	memset(&pk, 0, sizeof pk);
	strlcpy(pk.tag, "1A4060300000000000001001", sizeof pk.tag);
	pk.product = 3;
	strlcpy(pk.batch, "BD-2024-11", sizeof pk.batch);
	pk.qty = 12000;
	pk.received_qty = 14000;
	pk.status = PACKAGE_ACTIVE;
	pk.received = INT64_C(1732000000000000);

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_package_put(&t, &pk, NULL);
	strlcpy(pk.tag, "1A4060300000000000001002", sizeof pk.tag);
	pk.status = PACKAGE_HOLD;
	store_package_put(&t, &pk, NULL);
	strlcpy(pk.tag, "1A4060300000000000009999", sizeof pk.tag);
	pk.product = 4;
	store_package_put(&t, &pk, NULL);
	assert_int_equal(store_commit(&t), 0);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_package_get(&t, "1A4060300000000000001001",
	    &got), 0);
	assert_string_equal(got.tag, "1A4060300000000000001001");
	assert_int_equal(got.product, 3);
	assert_string_equal(got.batch, "BD-2024-11");
	assert_int_equal(got.qty, 12000);
	assert_int_equal(got.received_qty, 14000);
	assert_int_equal(got.status, PACKAGE_ACTIVE);
	assert_int_equal(got.received, pk.received);
	assert_int_equal(store_package_get(&t, "1A4060300000000000001002",
	    &got), 0);
	assert_int_equal(got.status, PACKAGE_HOLD);
	assert_int_equal(store_package_get(&t, "1A4060300000000000001003",
	    &got), STORE_NOTFOUND);
	assert_int_equal(store_package_get(&t, "1A406", &got),
	    STORE_NOTFOUND);

	/* The product index holds exactly product 3's two tags, in order. */
	store_key_init(&k);
	store_key_u32(&k, 3);
	n = 0;
	store_iter_init(&t, &it, DB_PACKAGE_PRODUCT, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		assert_int_equal(it.klen, 4 + TAG_LEN);
		assert_memory_equal(it.key + 4, n == 0 ?
		    "1A4060300000000000001001" : "1A4060300000000000001002",
		    TAG_LEN);
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(store_count(&t, DB_PACKAGE_PRODUCT), 3);
	assert_int_equal(t.ret, 0);
	store_abort(&t);

	assert_string_equal(store_package_status_name(PACKAGE_QUARANTINE),
	    "quarantine");
	assert_int_equal(store_package_status_find("finished"),
	    PACKAGE_FINISHED);
	assert_int_equal(store_package_status_find("hold"), PACKAGE_HOLD);
	assert_int_equal(store_package_status_find("gone"), -1);
	assert_string_equal(store_package_status_name(0), "unknown");
}

static void
check_sale_equal(const struct sale *a, const struct sale *b)
{
	u_int	i;

	assert_int_equal(a->id, b->id);
	assert_string_equal(a->ref, b->ref);
	assert_int_equal(a->time, b->time);
	assert_string_equal(a->terminal, b->terminal);
	assert_int_equal(a->staff, b->staff);
	assert_int_equal(a->nlines, b->nlines);
	for (i = 0; i < a->nlines; i++) {
		assert_string_equal(a->lines[i].tag, b->lines[i].tag);
		assert_int_equal(a->lines[i].product, b->lines[i].product);
		assert_string_equal(a->lines[i].name, b->lines[i].name);
		assert_int_equal(a->lines[i].unit_weight,
		    b->lines[i].unit_weight);
		assert_int_equal(a->lines[i].qty, b->lines[i].qty);
		assert_int_equal(a->lines[i].price, b->lines[i].price);
		assert_int_equal(a->lines[i].total, b->lines[i].total);
	}
	assert_int_equal(a->subtotal, b->subtotal);
	assert_int_equal(a->total, b->total);
	assert_int_equal(a->tendered, b->tendered);
	assert_int_equal(a->change, b->change);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->void_time, b->void_time);
	assert_int_equal(a->void_staff, b->void_staff);
	assert_int_equal(a->void_approver, b->void_approver);
	assert_string_equal(a->void_reason, b->void_reason);
}

/*
 * The refs of sales: a new sale's in sale.ref.recent, by block; those of
 * blocks before the last two move to sale.ref. Every ref is found, in
 * either, with its sale; a ledger whose refs are all in sale.ref (before
 * schema 6) is found the same.
 */
static void
test_sale_ref_recent(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct store_iter	 it;
	struct sale		*s;
	char			 ref[MAX_REF + 1];
	uint64_t		 id, n, blocks[3] = { 0, 0, 0 };
	u_int			 i;

	s = xcalloc(1, sizeof *s);
	for (i = 1; i <= 600; i++) {
		if (i % 100 == 1)
			assert_int_equal(store_begin(f->st, &t, 1), 0);
		memset(s, 0, sizeof *s);
		s->id = i;
		snprintf(s->ref, sizeof s->ref, "till-%u:1:%u", i % 7, i);
		s->time = INT64_C(1764000000000000) + i;
		strlcpy(s->terminal, "till-1", sizeof s->terminal);
		s->status = SALE_COMPLETE;
		store_sale_put(&t, s, 1);
		assert_int_equal(t.ret, 0);
		if (i % 100 == 0)
			assert_int_equal(store_commit(&t), 0);
	}
	free(s);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	/* Sales 1-255 are block 0, moved when block 2 (from 512) began. */
	assert_int_equal(store_count(&t, DB_SALE_REF), 255);
	assert_int_equal(store_count(&t, DB_SALE_REF_RECENT), 600 - 255);
	store_iter_init(&t, &it, DB_SALE_REF_RECENT, NULL, 0, 0);
	while (store_iter_next(&it)) {
		assert_true(it.klen > 4);
		n = store_key_get_u32(it.key);
		assert_true(n >= 1 && n <= 2);
		blocks[n]++;
	}
	store_iter_done(&it);
	assert_int_equal(blocks[1], 256);
	assert_int_equal(blocks[2], 600 - 511);
	for (i = 1; i <= 600; i++) {
		snprintf(ref, sizeof ref, "till-%u:1:%u", i % 7, i);
		assert_int_equal(store_sale_by_ref(&t, ref, &id), 0);
		assert_int_equal(id, i);
	}
	assert_int_equal(store_sale_by_ref(&t, "till-1:1:601", &id),
	    STORE_NOTFOUND);
	store_abort(&t);

	/* All in sale.ref, as a schema 5 ledger has them. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_clear(&t, DB_SALE_REF_RECENT);
	assert_int_equal(store_sale_by_ref(&t, "till-3:1:10", &id), 0);
	assert_int_equal(store_sale_by_ref(&t, "till-1:1:300", &id),
	    STORE_NOTFOUND);
	store_abort(&t);
}

static void
test_sale_record(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct store_sale_tags	 w;
	struct sale		*s, *got;
	uint64_t		 id;
	u_int			 i, n;

	s = xcalloc(1, sizeof *s);
	got = xcalloc(1, sizeof *got);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(store_sale_next_id(&t), 1);
	s->id = 1;
	strlcpy(s->ref, "register-1:1732660000:7", sizeof s->ref);
	s->time = INT64_C(1732660000000123);
	strlcpy(s->terminal, "register-1", sizeof s->terminal);
	s->staff = 2;
	s->nlines = MAX_SALE_LINES;
	for (i = 0; i < s->nlines; i++) {
		snprintf(s->lines[i].tag, sizeof s->lines[i].tag,
		    "1A40603000000000000%05u", i % 100000);
		s->lines[i].product = i + 1;
		snprintf(s->lines[i].name, sizeof s->lines[i].name,
		    "Product %u", i);
		s->lines[i].unit_weight = i % 2;
		s->lines[i].qty = i + 1;
		s->lines[i].price = 100 * i;
		s->lines[i].total = (int64_t)i * 1000;
		s->subtotal += s->lines[i].total;
	}
	s->total = s->subtotal;
	s->tendered = s->total + 55;
	s->change = 55;
	s->status = SALE_COMPLETE;
	store_sale_put(&t, s, 1);
	assert_int_equal(store_sale_next_id(&t), 2);
	assert_int_equal(store_commit(&t), 0);

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(store_sale_get(&t, 1, got), 0);
	check_sale_equal(s, got);
	assert_int_equal(store_sale_by_ref(&t, s->ref, &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(store_sale_by_ref(&t, "register-1:other", &id),
	    STORE_NOTFOUND);
	assert_int_equal(store_sale_get(&t, 2, got), STORE_NOTFOUND);
	/* The tag index finds the sale by any of its packages. */
	n = 0;
	store_sale_tags_init(&t, &w, s->lines[42].tag, 0);
	while (store_sale_tags_next(&w, &id)) {
		assert_int_equal(id, 1);
		n++;
	}
	store_sale_tags_done(&w);
	assert_int_equal(n, 1);
	assert_int_equal(store_count(&t, DB_SALE_TAG), MAX_SALE_LINES);

	/* Voided: the void fields come back too. */
	s->status = SALE_VOID;
	s->void_time = s->time + 60000000;
	s->void_staff = 2;
	s->void_approver = 1;
	strlcpy(s->void_reason, "customer changed mind",
	    sizeof s->void_reason);
	store_sale_put(&t, s, 0);
	assert_int_equal(store_sale_get(&t, 1, got), 0);
	check_sale_equal(s, got);
	assert_int_equal(store_count(&t, DB_SALE_REF) +
	    store_count(&t, DB_SALE_REF_RECENT), 1);
	assert_int_equal(t.ret, 0);
	assert_int_equal(store_commit(&t), 0);
	free(s);
	free(got);
}

static void
test_backup(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct store		*b;
	char			 dir[300], *cause = NULL;
	const u_char		*v;
	size_t			 vlen;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_put(&t, DB_META, "kept", 4, "yes", 3);
	assert_int_equal(store_commit(&t), 0);
	snprintf(dir, sizeof dir, "%s/backup/one", f->dir);
	if (store_backup(f->st, dir, &cause) != 0)
		fail_msg("backup: %s", cause);
	assert_int_equal(store_open(dir, 0, 1, &b, &cause), 0);
	assert_int_equal(store_begin(b, &t, 0), 0);
	assert_int_equal(store_get(&t, DB_META, "kept", 4, &v, &vlen), 0);
	assert_memory_equal(v, "yes", 3);
	assert_int_equal(store_meta_get_i64(&t, "schema"), STORE_SCHEMA);
	store_abort(&t);
	store_close(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_open),
		T(test_put_get_del),
		T(test_update),
		T(test_iter_prefixes),
		T(test_iter_fixed_expectations),
		T(test_sticky_error),
		T(test_write_grows_map),
		T(test_write_too_big_refused),
		T(test_write_fn_error),
		T(test_child_txn),
		T(test_grow_needs_no_txn),
		T(test_schema_refused),
		T(test_schema_damaged),
		T(test_schema_3),
		T(test_schema_5),
		T(test_meta),
		T(test_staff_record),
		T(test_terminal_record),
		T(test_product_record),
		T(test_package_record),
		T(test_sale_record),
		T(test_sale_ref_recent),
		T(test_backup),
#undef T
	};

	/* Line by line, so a crash keeps the results before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-store", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("store", tests, NULL, NULL));
}
