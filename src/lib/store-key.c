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
 * Keys: integers big-endian and fixed width so that byte order is numeric
 * order; strings with a 16-bit big-endian length first so that a string key
 * never runs into the next field.
 */

void
store_key_init(struct store_key *k)
{
	k->len = 0;
}

static void
store_key_add(struct store_key *k, const void *p, size_t n)
{
	if (n > sizeof k->data - k->len)
		fatalx("store_key_add: key too long");
	memcpy(k->data + k->len, p, n);
	k->len += n;
}

void
store_key_u32(struct store_key *k, uint32_t v)
{
	u_char	b[4];

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
	store_key_add(k, b, 4);
}

void
store_key_u64(struct store_key *k, uint64_t v)
{
	store_key_u32(k, (uint32_t)(v >> 32));
	store_key_u32(k, (uint32_t)v);
}

/*
 * A package tag in an index key (sale.tag): a tag is 24 upper-case hex
 * digits (util_tag_valid), packed two to a byte, STORE_TAG_PACKED bytes;
 * so an index entry is 12 bytes shorter and a page holds more of them.
 * Packed, the byte order is the tags' order. Anything that is not such a
 * tag (no path writes one) is kept as its TAG_LEN characters: the key's
 * length tells the two apart.
 */
void
store_key_tag(struct store_key *k, const char *tag)
{
	u_char	b[STORE_TAG_PACKED];
	u_int	i, n;
	char	c;

	if (!util_tag_valid(tag)) {
		store_key_add(k, tag, TAG_LEN);
		return;
	}
	for (i = 0; i < TAG_LEN; i++) {
		c = tag[i];
		n = c <= '9' ? (u_int)(c - '0') : (u_int)(c - 'A' + 10);
		if (i % 2 == 0)
			b[i / 2] = n << 4;
		else
			b[i / 2] |= n;
	}
	store_key_add(k, b, sizeof b);
}

void
store_key_str(struct store_key *k, const char *s)
{
	size_t	n = strlen(s);
	u_char	b[2];

	if (n > 0xffff)
		fatalx("store_key_str: string too long");
	b[0] = n >> 8;
	b[1] = n;
	store_key_add(k, b, 2);
	store_key_add(k, s, n);
}

uint32_t
store_key_get_u32(const u_char *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3]);
}

uint64_t
store_key_get_u64(const u_char *p)
{
	return ((uint64_t)store_key_get_u32(p) << 32 | store_key_get_u32(p + 4));
}
