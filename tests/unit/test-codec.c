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
 * codec.c: versioned tag-length-value records. Round trips, the varint
 * widths, repeated, unknown and absent tags, and records that are cut
 * short, overlong or garbage, which codec_open must refuse whole.
 */

#define KIND	'X'
#define OTHER	'Y'

/* The bytes a zigzag varint of v takes, worked out from its magnitude. */
static size_t
zigzag_width(int64_t v)
{
	uint64_t	zz;
	size_t		w = 1;

	zz = v < 0 ? ((uint64_t)-(v + 1) << 1) | 1 : (uint64_t)v << 1;
	while (zz >= 0x80) {
		zz >>= 7;
		w++;
	}
	return (w);
}

static void
test_i64_roundtrip(void **state)
{
	static const struct {
		int64_t	v;
		size_t	width;
	} cases[] = {
		{ 0, 1 },
		{ 1, 1 },
		{ -1, 1 },
		{ 63, 1 },		/* largest one-byte positive */
		{ -64, 1 },		/* smallest one-byte negative */
		{ 64, 2 },
		{ -65, 2 },
		{ 8191, 2 },
		{ -8192, 2 },
		{ 8192, 3 },
		{ -8193, 3 },
		{ INT64_C(1) << 55, 9 },
		{ (INT64_C(1) << 62) - 1, 9 },
		{ INT64_C(1) << 62, 10 },
		{ INT64_MAX, 10 },
		{ INT64_MIN, 10 },
		{ INT64_MIN + 1, 10 },
	};
	struct buf	b;
	struct codec	c;
	int64_t		got;
	size_t		i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		codec_begin(&b, KIND, 1);
		codec_i64(&b, 1, cases[i].v);
		/* kind, version, tag, one length byte, the varint */
		assert_int_equal(b.len, 4 + cases[i].width);
		assert_int_equal(zigzag_width(cases[i].v), cases[i].width);
		assert_int_equal(b.data[3], cases[i].width);
		assert_int_equal(codec_open(&c, b.data, b.len, KIND), 0);
		got = 12345;
		assert_int_equal(codec_get_i64(&c, 1, &got), 0);
		if (got != cases[i].v)
			fail_msg("case %zu: %lld came back as %lld", i,
			    (long long)cases[i].v, (long long)got);
	}
	buf_free(&b);
}

static void
test_i64_random(void **state)
{
	struct buf	b;
	struct codec	c;
	int64_t		v[200], got;
	uint64_t	seed = UINT64_C(0x5eed5eed12345678), r;
	u_int		i, shift;

	(void)state;
	buf_init(&b);
	codec_begin(&b, KIND, 7);
	for (i = 0; i < 200; i++) {
		r = unit_rand(&seed);
		shift = (u_int)(unit_rand(&seed) % 64);
		v[i] = (int64_t)(r >> shift);
		if (i % 2)
			v[i] = -v[i];
		codec_i64(&b, i + 1, v[i]);
	}
	assert_int_equal(codec_open(&c, b.data, b.len, KIND), 0);
	assert_int_equal(c.version, 7);
	assert_int_equal(c.kind, KIND);
	for (i = 0; i < 200; i++) {
		assert_int_equal(codec_get_i64(&c, i + 1, &got), 0);
		if (got != v[i])
			fail_msg("tag %u: %lld came back as %lld", i + 1,
			    (long long)v[i], (long long)got);
		assert_int_equal(zigzag_width(v[i]), zigzag_width(got));
	}
	buf_free(&b);
}

static void
test_str_roundtrip(void **state)
{
	struct buf	 b;
	struct codec	 c;
	char		 longs[300], out[400], small[4];
	const char	*strs[] = { "", "a", "Blue Dream 3.5g", "caf\xc3\xa9" };
	size_t		 i;

	(void)state;
	memset(longs, 'z', sizeof longs - 1);
	longs[sizeof longs - 1] = '\0';
	longs[0] = 'A';
	buf_init(&b);
	codec_begin(&b, KIND, 1);
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++)
		codec_str(&b, i + 1, strs[i]);
	codec_str(&b, 10, longs);
	assert_int_equal(codec_open(&c, b.data, b.len, KIND), 0);
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		memset(out, 'x', sizeof out);
		assert_int_equal(codec_get_str(&c, i + 1, out, sizeof out), 0);
		assert_string_equal(out, strs[i]);
	}
	assert_int_equal(codec_get_str(&c, 10, out, sizeof out), 0);
	assert_string_equal(out, longs);

	/* Too long for the buffer: refused, not truncated. */
	assert_int_equal(codec_get_str(&c, 3, small, sizeof small), -1);
	assert_int_equal(codec_get_str(&c, 10, out, 299), -1);
	assert_int_equal(codec_get_str(&c, 10, out, 300), 0);
	/* Exactly fits with its NUL. */
	assert_int_equal(codec_get_str(&c, 2, small, 2), 0);
	assert_string_equal(small, "a");
	buf_free(&b);
}

static void
test_bytes_roundtrip(void **state)
{
	struct buf	 b;
	struct codec	 c;
	u_char		 raw[256];
	const u_char	*p;
	size_t		 n, i;
	char		 out[300];

	(void)state;
	for (i = 0; i < sizeof raw; i++)
		raw[i] = (u_char)(255 - i);
	buf_init(&b);
	codec_begin(&b, KIND, 1);
	codec_bytes(&b, 1, raw, sizeof raw);
	codec_bytes(&b, 2, raw, 0);
	codec_bytes(&b, 3, "a\0b", 3);
	assert_int_equal(codec_open(&c, b.data, b.len, KIND), 0);
	assert_int_equal(codec_get_bytes(&c, 1, &p, &n), 0);
	assert_int_equal(n, sizeof raw);
	assert_memory_equal(p, raw, sizeof raw);
	assert_true(p >= b.data && p + n <= b.data + b.len);
	assert_int_equal(codec_get_bytes(&c, 2, &p, &n), 0);
	assert_int_equal(n, 0);
	/* A string with a NUL inside is refused as a string. */
	assert_int_equal(codec_get_str(&c, 3, out, sizeof out), -1);
	assert_int_equal(codec_get_bytes(&c, 3, &p, &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(p, "a\0b", 3);
	buf_free(&b);
}

static void
test_repeated_tags(void **state)
{
	struct buf	 b;
	struct codec	 c;
	const u_char	*p;
	size_t		 n, pos;
	u_int		 count;
	char		 want[16];
	int64_t		 v;

	(void)state;
	buf_init(&b);
	codec_begin(&b, KIND, 1);
	codec_i64(&b, 1, 42);
	codec_str(&b, 5, "line0");
	codec_i64(&b, 2, 43);
	codec_str(&b, 5, "line1");
	codec_str(&b, 5, "line2");
	codec_i64(&b, 3, 44);
	assert_int_equal(codec_open(&c, b.data, b.len, KIND), 0);

	pos = 0;
	count = 0;
	while (codec_next(&c, &pos, 5, &p, &n)) {
		snprintf(want, sizeof want, "line%u", count);
		assert_int_equal(n, strlen(want));
		assert_memory_equal(p, want, n);
		count++;
	}
	assert_int_equal(count, 3);
	assert_int_equal(pos, b.len);
	/* Another walk from the start sees the same again. */
	pos = 0;
	assert_int_equal(codec_next(&c, &pos, 5, &p, &n), 1);
	assert_memory_equal(p, "line0", 5);
	/* Single-valued getters take the first. */
	assert_int_equal(codec_get_bytes(&c, 5, &p, &n), 0);
	assert_memory_equal(p, "line0", 5);
	/* Tags around the repeated ones are unharmed. */
	assert_int_equal(codec_get_i64(&c, 3, &v), 0);
	assert_int_equal(v, 44);
	pos = 0;
	assert_int_equal(codec_next(&c, &pos, 9, &p, &n), 0);
	buf_free(&b);
}

static void
test_unknown_tags_skipped(void **state)
{
	struct buf	b;
	struct codec	c;
	u_char		junk[200];
	int64_t		v;
	char		s[32];

	(void)state;
	memset(junk, 0xa5, sizeof junk);
	buf_init(&b);
	/* A "newer" record: fields this reader has never heard of. */
	codec_begin(&b, KIND, 9);
	codec_bytes(&b, 200, junk, sizeof junk);
	codec_i64(&b, 1, -77);
	codec_bytes(&b, 0, junk, 3);
	codec_str(&b, 2, "kept");
	codec_bytes(&b, 255, junk, 130);
	assert_int_equal(codec_open(&c, b.data, b.len, KIND), 0);
	assert_int_equal(c.version, 9);
	assert_int_equal(codec_get_i64(&c, 1, &v), 0);
	assert_int_equal(v, -77);
	assert_int_equal(codec_get_str(&c, 2, s, sizeof s), 0);
	assert_string_equal(s, "kept");
	buf_free(&b);
}

static void
test_absent_tags_default(void **state)
{
	struct buf	 b;
	struct codec	 c;
	int64_t		 v = 1234;
	char		 s[8] = "default";
	const u_char	*p = NULL;
	size_t		 n = 99;

	(void)state;
	buf_init(&b);
	codec_begin(&b, KIND, 1);
	codec_i64(&b, 1, 5);
	assert_int_equal(codec_open(&c, b.data, b.len, KIND), 0);
	assert_int_equal(codec_get_i64(&c, 2, &v), 1);
	assert_int_equal(v, 1234);
	assert_int_equal(codec_get_str(&c, 3, s, sizeof s), 1);
	assert_string_equal(s, "default");
	assert_int_equal(codec_get_bytes(&c, 4, &p, &n), 1);
	assert_null(p);
	assert_int_equal(n, 99);

	/* A record with no fields at all is whole, and has nothing. */
	codec_begin(&b, KIND, 1);
	assert_int_equal(b.len, 2);
	assert_int_equal(codec_open(&c, b.data, b.len, KIND), 0);
	assert_int_equal(codec_get_i64(&c, 1, &v), 1);
	assert_int_equal(v, 1234);
	buf_free(&b);
}

static void
test_truncated_refused(void **state)
{
	struct buf	b;
	struct codec	c;
	size_t		bounds[8], nb = 0, len, i;
	int		at_bound, r;

	(void)state;
	buf_init(&b);
	codec_begin(&b, KIND, 1);
	bounds[nb++] = b.len;
	codec_i64(&b, 1, INT64_MIN);
	bounds[nb++] = b.len;
	codec_str(&b, 2, "a string long enough to need a two-byte length: "
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "456789012345678901234567890123456789");
	bounds[nb++] = b.len;
	codec_i64(&b, 3, 300);
	bounds[nb++] = b.len;
	assert_true(b.data[bounds[1] + 1] & 0x80);	/* two-byte length */

	for (len = 0; len <= b.len; len++) {
		at_bound = 0;
		for (i = 0; i < nb; i++) {
			if (bounds[i] == len)
				at_bound = 1;
		}
		r = codec_open(&c, b.data, len, KIND);
		if (at_bound && r != 0)
			fail_msg("whole record of %zu bytes refused", len);
		if (!at_bound && r == 0)
			fail_msg("record cut to %zu of %zu bytes accepted",
			    len, b.len);
	}
	buf_free(&b);
}

static void
test_overlong_refused(void **state)
{
	static const u_char	 len_past_end[] = { KIND, 1, 1, 100, 'a', 'b' };
	static const u_char	 len_eleven[] = { KIND, 1, 1, 0x80, 0x80, 0x80,
	    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 };
	static const u_char	 len_huge[] = { KIND, 1, 1, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 'a' };
	static const u_char	 len_cut[] = { KIND, 1, 1, 0x80 };
	static const u_char	 lone_tag[] = { KIND, 1, 1, 1, 'a', 2 };
	static const u_char	 val_eleven[] = { KIND, 1, 1, 11, 0x80, 0x80,
	    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 };
	static const u_char	 val_bit64[] = { KIND, 1, 1, 10, 0x80, 0x80,
	    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02 };
	static const u_char	 val_trailing[] = { KIND, 1, 1, 2, 0x04, 0x00 };
	static const u_char	 val_empty[] = { KIND, 1, 1, 0 };
	static const u_char	 val_cut[] = { KIND, 1, 1, 1, 0x84 };
	struct codec		 c;
	int64_t			 v = 7;

	(void)state;
	assert_int_equal(codec_open(&c, len_past_end, sizeof len_past_end,
	    KIND), -1);
	assert_int_equal(codec_open(&c, len_eleven, sizeof len_eleven, KIND),
	    -1);
	assert_int_equal(codec_open(&c, len_huge, sizeof len_huge, KIND), -1);
	assert_int_equal(codec_open(&c, len_cut, sizeof len_cut, KIND), -1);
	assert_int_equal(codec_open(&c, lone_tag, sizeof lone_tag, KIND), -1);

	/* Framing is whole but the integer inside is not. */
	assert_int_equal(codec_open(&c, val_eleven, sizeof val_eleven, KIND),
	    0);
	assert_int_equal(codec_get_i64(&c, 1, &v), -1);
	assert_int_equal(codec_open(&c, val_bit64, sizeof val_bit64, KIND), 0);
	assert_int_equal(codec_get_i64(&c, 1, &v), -1);
	assert_int_equal(codec_open(&c, val_trailing, sizeof val_trailing,
	    KIND), 0);
	assert_int_equal(codec_get_i64(&c, 1, &v), -1);
	assert_int_equal(codec_open(&c, val_empty, sizeof val_empty, KIND), 0);
	assert_int_equal(codec_get_i64(&c, 1, &v), -1);
	assert_int_equal(codec_open(&c, val_cut, sizeof val_cut, KIND), 0);
	assert_int_equal(codec_get_i64(&c, 1, &v), -1);
	assert_int_equal(v, 7);
}

static void
test_garbage(void **state)
{
	static const u_char	 ff[] = { KIND, 1, 7, 0xff, 0xff, 0xff, 0xff };
	struct codec		 c;
	u_char			 g[64];
	const u_char		*p;
	uint64_t		 seed = 42, r;
	size_t			 len, i, n, pos;
	u_int			 tag, accepted = 0, refused = 0;

	(void)state;
	assert_int_equal(codec_open(&c, ff, sizeof ff, KIND), -1);
	assert_int_equal(codec_open(&c, ff, 0, KIND), -1);
	assert_int_equal(codec_open(&c, ff, 1, KIND), -1);

	/*
	 * Random bytes behind a right kind byte: whatever codec_open
	 * accepts must only ever hand out values inside the record.
	 */
	for (i = 0; i < 20000; i++) {
		r = unit_rand(&seed);
		len = 2 + r % (sizeof g - 1);
		for (n = 0; n < len; n++)
			g[n] = (u_char)unit_rand(&seed);
		g[0] = KIND;
		if (codec_open(&c, g, len, KIND) != 0) {
			refused++;
			continue;
		}
		accepted++;
		for (tag = 0; tag < 256; tag++) {
			pos = 0;
			while (codec_next(&c, &pos, tag, &p, &n)) {
				assert_true(p >= g && n <= len &&
				    p + n <= g + len);
				assert_true(pos <= len);
			}
		}
	}
	assert_true(refused > 0);
	assert_true(accepted > 0);
}

static void
test_kind_mismatch(void **state)
{
	struct buf	b;
	struct codec	c;

	(void)state;
	buf_init(&b);
	codec_begin(&b, KIND, 1);
	codec_i64(&b, 1, 1);
	assert_int_equal(codec_open(&c, b.data, b.len, KIND), 0);
	assert_int_equal(codec_open(&c, b.data, b.len, OTHER), -1);
	assert_int_equal(codec_open(&c, b.data, b.len, 0), -1);
	/* codec_begin starts over on a used buffer. */
	codec_begin(&b, OTHER, 2);
	assert_int_equal(b.len, 2);
	assert_int_equal(codec_open(&c, b.data, b.len, OTHER), 0);
	assert_int_equal(c.version, 2);
	assert_int_equal(codec_open(&c, b.data, b.len, KIND), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_i64_roundtrip),
		cmocka_unit_test(test_i64_random),
		cmocka_unit_test(test_str_roundtrip),
		cmocka_unit_test(test_bytes_roundtrip),
		cmocka_unit_test(test_repeated_tags),
		cmocka_unit_test(test_unknown_tags_skipped),
		cmocka_unit_test(test_absent_tags_default),
		cmocka_unit_test(test_truncated_refused),
		cmocka_unit_test(test_overlong_refused),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_kind_mismatch),
	};

	/* Line by line, so a crash keeps the results before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-codec", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("codec", tests, NULL, NULL));
}
