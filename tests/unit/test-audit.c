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

#include <sodium.h>

#include "unit.h"

#include "store.h"
#include "auth.h"

/*
 * audit.c: the hash-chained audit trail. A whole chain verifies; any
 * changed byte, a removed record (in the middle or at the tail), a reorder
 * or a record rewritten with a fresh hash of its own is found, and the
 * first bad sequence number is named.
 */

#define NREC	12

static int
setup(void **state)
{
	struct fixture		*f;
	struct store_txn	 t;
	u_int			 i;

	if ((f = fixture_open("audit", 65536)) == NULL)
		return (-1);
	/* NREC records over three transactions. */
	for (i = 0; i < NREC; i++) {
		if (i % 4 == 0 && store_begin(f->st, &t, 1) != 0)
			return (-1);
		audit_append(&t, i + 1, i % 3 == 0 ? 9 : 0,
		    i % 2 ? "register-1" : NULL, "test.action", "subject",
		    "record %u detail, with some text to alter", i + 1);
		if (i % 4 == 3 && store_commit(&t) != 0)
			return (-1);
	}
	*state = f;
	return (0);
}

/* Verify in t; returns the result and fills bad, count and cause. */
static int
verify(struct store_txn *t, uint64_t *count, uint64_t *bad, char **cause)
{
	*cause = NULL;
	return (audit_verify(t, count, bad, cause));
}

/* Copy record seq's stored value. */
static size_t
get_raw(struct store_txn *t, uint64_t seq, u_char *out, size_t size)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;

	store_key_init(&k);
	store_key_u64(&k, seq);
	assert_int_equal(store_get(t, DB_AUDIT, k.data, k.len, &v, &vlen), 0);
	assert_true(vlen <= size);
	memcpy(out, v, vlen);
	return (vlen);
}

static void
put_raw(struct store_txn *t, uint64_t seq, const u_char *v, size_t vlen)
{
	struct store_key	k;

	store_key_init(&k);
	store_key_u64(&k, seq);
	store_put(t, DB_AUDIT, k.data, k.len, v, vlen);
	assert_int_equal(t->ret, 0);
}

static void
del_raw(struct store_txn *t, uint64_t seq)
{
	struct store_key	k;

	store_key_init(&k);
	store_key_u64(&k, seq);
	store_del(t, DB_AUDIT, k.data, k.len);
	assert_int_equal(t->ret, 0);
}

static void
expect_bad(struct store_txn *t, uint64_t want, const char *word)
{
	uint64_t	 count, bad;
	char		*cause, num[32];

	if (verify(t, &count, &bad, &cause) == 0)
		fail_msg("verify passed, expected record %llu to be bad",
		    (unsigned long long)want);
	assert_non_null(cause);
	if (bad != want)
		fail_msg("bad record %llu, expected %llu (%s)",
		    (unsigned long long)bad, (unsigned long long)want, cause);
	snprintf(num, sizeof num, "%llu", (unsigned long long)want);
	if (strstr(cause, num) == NULL ||
	    (word != NULL && strstr(cause, word) == NULL))
		fail_msg("cause does not name record %s (%s): %s", num,
		    word != NULL ? word : "", cause);
	free(cause);
}

static void
test_verify_whole(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct audit		 a, prev;
	uint64_t		 count = 99, bad = 99, i;
	u_char			 zero[AUDIT_HASH];
	char			*cause, want[64];

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	if (verify(&t, &count, &bad, &cause) != 0)
		fail_msg("verify: %s", cause);
	assert_int_equal(count, NREC);
	assert_int_equal(bad, 0);
	assert_int_equal(store_meta_get_i64(&t, "audit.last"), NREC);

	memset(zero, 0, sizeof zero);
	memset(&prev, 0, sizeof prev);
	for (i = 1; i <= NREC; i++) {
		assert_int_equal(audit_get(&t, i, &a), 0);
		assert_int_equal(a.seq, i);
		assert_int_equal(a.staff, i);
		assert_int_equal(a.approver, (i - 1) % 3 == 0 ? 9 : 0);
		assert_string_equal(a.terminal, (i - 1) % 2 ?
		    "register-1" : "");
		assert_string_equal(a.action, "test.action");
		assert_string_equal(a.subject, "subject");
		snprintf(want, sizeof want, "record %llu detail, with some "
		    "text to alter", (unsigned long long)i);
		assert_string_equal(a.detail, want);
		assert_true(a.time > 0);
		/* The chain: each record holds the hash before it. */
		if (i == 1)
			assert_memory_equal(a.prev, zero, AUDIT_HASH);
		else
			assert_memory_equal(a.prev, prev.hash, AUDIT_HASH);
		assert_memory_not_equal(a.hash, zero, AUDIT_HASH);
		prev = a;
	}
	assert_int_equal(audit_get(&t, NREC + 1, &a), STORE_NOTFOUND);
	store_abort(&t);
}

static void
test_verify_empty(void **state)
{
	struct store		*st;
	struct store_txn	 t;
	char			 dir[256], *cause = NULL;
	uint64_t		 count = 5, bad = 5;

	(void)state;
	unit_tmpdir(dir, sizeof dir, "audit-empty");
	assert_int_equal(store_open(dir, 0, 0, &st, &cause), 0);
	assert_int_equal(store_begin(st, &t, 0), 0);
	assert_int_equal(verify(&t, &count, &bad, &cause), 0);
	assert_int_equal(count, 0);
	assert_int_equal(bad, 0);
	store_abort(&t);
	store_close(st);
	unit_rmrf(dir);
}

static void
test_flip_every_byte(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	u_char			 orig[1024], v[1024];
	size_t			 vlen, i;
	uint64_t		 seq = 5, count, bad;
	char			*cause;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	vlen = get_raw(&t, seq, orig, sizeof orig);
	for (i = 0; i < vlen; i++) {
		memcpy(v, orig, vlen);
		v[i] ^= 0x01;
		put_raw(&t, seq, v, vlen);
		expect_bad(&t, seq, NULL);
	}
	/* Put back, it verifies again. */
	put_raw(&t, seq, orig, vlen);
	assert_int_equal(verify(&t, &count, &bad, &cause), 0);
	assert_int_equal(count, NREC);
	store_abort(&t);
}

static void
test_flip_committed(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	u_char			 v[1024];
	size_t			 vlen;
	char			*p;

	/* Alter one letter of the detail text, commit, verify afresh. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	vlen = get_raw(&t, 3, v, sizeof v);
	p = memmem(v, vlen, "alter", 5);
	assert_non_null(p);
	*p = 'A';
	put_raw(&t, 3, v, vlen);
	assert_int_equal(store_commit(&t), 0);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	expect_bad(&t, 3, "altered");
	store_abort(&t);
}

static void
test_delete_last(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	uint64_t		 count, bad;
	char			*cause;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	del_raw(&t, NREC);
	expect_bad(&t, NREC, "removed");
	/* and the one before as well: the first one missing is named */
	del_raw(&t, NREC - 1);
	assert_int_equal(verify(&t, &count, &bad, &cause), -1);
	assert_int_equal(bad, NREC - 1);
	assert_int_equal(count, NREC - 2);
	assert_non_null(strstr(cause, "removed"));
	free(cause);
	store_abort(&t);
}

static void
test_delete_middle(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	del_raw(&t, 7);
	expect_bad(&t, 7, "missing");
	store_abort(&t);

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	del_raw(&t, 1);
	expect_bad(&t, 1, "missing");
	store_abort(&t);
}

static void
test_delete_all(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	uint64_t		 i;

	/* An empty trail where records were written is not a clean one. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	for (i = 1; i <= NREC; i++)
		del_raw(&t, i);
	assert_int_equal(store_count(&t, DB_AUDIT), 0);
	expect_bad(&t, 1, "removed");
	store_abort(&t);
}

static void
test_reorder(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	u_char			 a[1024], b[1024];
	size_t			 alen, blen;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	alen = get_raw(&t, 4, a, sizeof a);
	blen = get_raw(&t, 5, b, sizeof b);
	put_raw(&t, 4, b, blen);
	put_raw(&t, 5, a, alen);
	expect_bad(&t, 4, NULL);
	store_abort(&t);
}

static void
test_rehashed_record(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	u_char			 v[1024];
	size_t			 vlen;
	char			*p;

	/*
	 * Rewrite record 6 and give it a correct hash of its own: it now
	 * passes alone, but record 7 no longer follows it.
	 */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	vlen = get_raw(&t, 6, v, sizeof v);
	p = memmem(v, vlen, "alter", 5);
	assert_non_null(p);
	memcpy(p, "ALTER", 5);
	crypto_generichash(v + vlen - AUDIT_HASH, AUDIT_HASH, v,
	    vlen - AUDIT_HASH, NULL, 0);
	put_raw(&t, 6, v, vlen);
	expect_bad(&t, 7, "chain");
	store_abort(&t);
}

static void
test_append_continues_chain(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct audit		 a, b;
	uint64_t		 count, bad;
	char			*cause;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	audit_append(&t, 0, 0, NULL, "later", NULL, "%s", "no subject");
	assert_int_equal(store_commit(&t), 0);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(verify(&t, &count, &bad, &cause), 0);
	assert_int_equal(count, NREC + 1);
	assert_int_equal(audit_get(&t, NREC, &a), 0);
	assert_int_equal(audit_get(&t, NREC + 1, &b), 0);
	assert_memory_equal(b.prev, a.hash, AUDIT_HASH);
	assert_string_equal(b.subject, "");
	assert_string_equal(b.action, "later");
	store_abort(&t);
}

static void
test_append_on_damage_refused(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	u_char			 v[1024];
	size_t			 vlen;

	/* The last record does not decode: appending must not go on. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	vlen = get_raw(&t, NREC, v, sizeof v);
	v[0] ^= 0xff;	/* the kind byte */
	put_raw(&t, NREC, v, vlen);
	audit_append(&t, 1, 0, NULL, "after.damage", NULL, "x");
	assert_int_equal(t.ret, STORE_CORRUPT);
	assert_int_not_equal(store_commit(&t), 0);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_meta_get_i64(&t, "audit.last"), NREC);
	assert_int_equal(store_count(&t, DB_AUDIT), NREC);
	store_abort(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_verify_whole),
		cmocka_unit_test(test_verify_empty),
		T(test_flip_every_byte),
		T(test_flip_committed),
		T(test_delete_last),
		T(test_delete_middle),
		T(test_delete_all),
		T(test_reorder),
		T(test_rehashed_record),
		T(test_append_continues_chain),
		T(test_append_on_damage_refused),
#undef T
	};

	/* Line by line, so a crash keeps the results before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-audit", LOGDEST_STDERR, 0);
	if (auth_init() != 0)
		return (1);
	return (cmocka_run_group_tests_name("audit", tests, NULL, NULL));
}
