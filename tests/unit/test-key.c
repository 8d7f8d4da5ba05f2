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

#include "unit.h"

#include "store.h"

/*
 * store-key.c: byte order of keys is numeric order for integers, and
 * length-prefixed strings never run into the next field.
 */

static int
key_cmp(const struct store_key *a, const struct store_key *b)
{
	size_t	n = a->len < b->len ? a->len : b->len;
	int	r;

	if ((r = memcmp(a->data, b->data, n)) != 0)
		return (r < 0 ? -1 : 1);
	if (a->len == b->len)
		return (0);
	return (a->len < b->len ? -1 : 1);
}

static int
num_cmp(uint64_t a, uint64_t b)
{
	return (a < b ? -1 : (a > b ? 1 : 0));
}

static void
test_u32_order(void **state)
{
	struct store_key	a, b;
	uint64_t		seed = UINT64_C(0x0123456789abcdef);
	uint32_t		x, y;
	u_int			i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		x = (uint32_t)unit_rand(&seed);
		y = (uint32_t)unit_rand(&seed);
		if (i % 4 == 1)
			y = x + 1;	/* neighbours, with carries */
		else if (i % 4 == 2)
			y = x >> (unit_rand(&seed) % 32);
		store_key_init(&a);
		store_key_u32(&a, x);
		store_key_init(&b);
		store_key_u32(&b, y);
		assert_int_equal(a.len, 4);
		if (key_cmp(&a, &b) != num_cmp(x, y))
			fail_msg("u32 %u vs %u: key order %d", x, y,
			    key_cmp(&a, &b));
		assert_int_equal(store_key_get_u32(a.data), x);
		assert_int_equal(store_key_get_u32(b.data), y);
	}
}

static void
test_u64_order(void **state)
{
	struct store_key	a, b;
	uint64_t		seed = UINT64_C(0xfeedfacecafebeef), x, y;
	u_int			i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		x = unit_rand(&seed) >> (unit_rand(&seed) % 64);
		y = unit_rand(&seed) >> (unit_rand(&seed) % 64);
		if (i % 3 == 1)
			y = x + 1;
		store_key_init(&a);
		store_key_u64(&a, x);
		store_key_init(&b);
		store_key_u64(&b, y);
		assert_int_equal(a.len, 8);
		if (key_cmp(&a, &b) != num_cmp(x, y))
			fail_msg("u64 %llu vs %llu: key order %d",
			    (unsigned long long)x, (unsigned long long)y,
			    key_cmp(&a, &b));
		if (store_key_get_u64(a.data) != x)
			fail_msg("u64 %llu came back as %llu",
			    (unsigned long long)x,
			    (unsigned long long)store_key_get_u64(a.data));
	}
}

static void
test_edges(void **state)
{
	static const uint64_t	 v[] = { 0, 1, 0xff, 0x100, 0xffff, 0x10000,
	    0xffffffff, UINT64_C(0x100000000), UINT64_C(0x7fffffffffffffff),
	    UINT64_C(0x8000000000000000), UINT64_MAX - 1, UINT64_MAX };
	struct store_key	 a, b;
	size_t			 i;

	(void)state;
	for (i = 0; i + 1 < sizeof v / sizeof v[0]; i++) {
		store_key_init(&a);
		store_key_u64(&a, v[i]);
		store_key_init(&b);
		store_key_u64(&b, v[i + 1]);
		if (key_cmp(&a, &b) >= 0)
			fail_msg("%llx does not sort before %llx",
			    (unsigned long long)v[i],
			    (unsigned long long)v[i + 1]);
	}
	store_key_init(&a);
	store_key_u32(&a, 0x01020304);
	assert_memory_equal(a.data, "\x01\x02\x03\x04", 4);
}

static void
test_compound_order(void **state)
{
	struct store_key	a, b;
	uint64_t		seed = 99, p1, p2, s1, s2;
	u_int			i;
	int			want;

	(void)state;
	/* (u32, u64) pairs sort by the first field, then the second. */
	for (i = 0; i < 20000; i++) {
		p1 = unit_rand(&seed) % 4;
		p2 = unit_rand(&seed) % 4;
		s1 = unit_rand(&seed);
		s2 = unit_rand(&seed);
		store_key_init(&a);
		store_key_u32(&a, (uint32_t)p1);
		store_key_u64(&a, s1);
		store_key_init(&b);
		store_key_u32(&b, (uint32_t)p2);
		store_key_u64(&b, s2);
		want = num_cmp(p1, p2) != 0 ? num_cmp(p1, p2) : num_cmp(s1, s2);
		assert_int_equal(key_cmp(&a, &b), want);
	}
}

static void
test_strings_no_collision(void **state)
{
	static const char	*pairs[][2] = {
		{ "ab", "c" }, { "a", "bc" }, { "abc", "" }, { "", "abc" },
		{ "a", "" }, { "", "a" }, { "", "" },
	};
	struct store_key	 k[sizeof pairs / sizeof pairs[0]];
	size_t			 i, j, n = sizeof pairs / sizeof pairs[0];

	(void)state;
	for (i = 0; i < n; i++) {
		store_key_init(&k[i]);
		store_key_str(&k[i], pairs[i][0]);
		store_key_str(&k[i], pairs[i][1]);
		assert_int_equal(k[i].len,
		    4 + strlen(pairs[i][0]) + strlen(pairs[i][1]));
	}
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (key_cmp(&k[i], &k[j]) == 0)
				fail_msg("\"%s\"+\"%s\" collides with "
				    "\"%s\"+\"%s\"", pairs[i][0], pairs[i][1],
				    pairs[j][0], pairs[j][1]);
		}
	}
	/* The prefix is a big-endian 16-bit length. */
	store_key_init(&k[0]);
	store_key_str(&k[0], "xyz");
	assert_memory_equal(k[0].data, "\0\3xyz", 5);
}

static void
test_string_then_int(void **state)
{
	struct store_key	a, b;
	char			s[250];

	(void)state;
	/* A string field followed by an integer cannot be confused. */
	store_key_init(&a);
	store_key_str(&a, "A");
	store_key_u32(&a, 0x42424242);
	store_key_init(&b);
	store_key_str(&b, "ABBBB");
	assert_int_not_equal(key_cmp(&a, &b), 0);
	assert_int_equal(a.len, 2 + 1 + 4);
	assert_int_equal(b.len, 2 + 5);
	assert_int_equal(store_key_get_u32(a.data + 3), 0x42424242);

	/* A long string still fits and keeps its length. */
	memset(s, 'q', sizeof s - 1);
	s[sizeof s - 1] = '\0';
	store_key_init(&a);
	store_key_str(&a, s);
	assert_int_equal(a.len, 2 + 249);
	assert_int_equal(a.data[0], 0);
	assert_int_equal(a.data[1], 249);
}

/*
 * A tag in an index key: packed two hex digits to a byte, in the tags'
 * order; what is not a tag is kept as it is, a key of another length.
 */
static void
test_key_tag(void **state)
{
	static const char	*tags[] = { "000000000000000000000000",
				    "1A4060300000000000001001",
				    "1A4060300000000000001002",
				    "1A40603000000000000010A0",
				    "1B00000000000000000000FF",
				    "FFFFFFFFFFFFFFFFFFFFFFFF" };
	struct store_key	 a, b;
	u_int			 i;

	(void)state;
	for (i = 0; i + 1 < sizeof tags / sizeof tags[0]; i++) {
		store_key_init(&a);
		store_key_tag(&a, tags[i]);
		store_key_init(&b);
		store_key_tag(&b, tags[i + 1]);
		assert_int_equal(a.len, STORE_TAG_PACKED);
		assert_int_equal(b.len, STORE_TAG_PACKED);
		assert_true(memcmp(a.data, b.data, a.len) < 0);
	}
	store_key_init(&a);
	store_key_tag(&a, "1A4060300000000000001001");
	assert_int_equal(a.data[0], 0x1a);
	assert_int_equal(a.data[11], 0x01);
	store_key_init(&a);
	store_key_tag(&a, "1a4060300000000000001001");
	assert_int_equal(a.len, TAG_LEN);
	assert_memory_equal(a.data, "1a4060300000000000001001", TAG_LEN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u32_order),
		cmocka_unit_test(test_u64_order),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_compound_order),
		cmocka_unit_test(test_strings_no_collision),
		cmocka_unit_test(test_string_then_int),
		cmocka_unit_test(test_key_tag),
	};

	/* Line by line, so a crash keeps the results before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-key", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("key", tests, NULL, NULL));
}
