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
 * Records are versioned tag-length-value lists, never raw structs, so a
 * record can gain fields without a migration: readers skip tags they do not
 * know and take defaults for tags that are absent.
 *
 *   record = kind:u8 version:u8 field*
 *   field  = tag:u8 len:varint value[len]
 *
 * Integers are zigzag varints (LEB128) inside the value. A tag may repeat
 * (the lines of a sale). codec_open checks every length before any field is
 * read, so a damaged record is refused whole.
 */

/* A varint into out (at most 10 bytes); returns its length. */
static size_t
codec_varint_put(u_char *out, uint64_t v)
{
	size_t	n = 0;

	while (v >= 0x80) {
		out[n++] = (u_char)(v | 0x80);
		v >>= 7;
	}
	out[n++] = (u_char)v;
	return (n);
}

static void
codec_varint(struct buf *b, uint64_t v)
{
	u_char	tmp[10];

	buf_add(b, tmp, codec_varint_put(tmp, v));
}

/* Read a varint at *off; -1 if it runs past the end or is too long. */
static int
codec_read_varint(const u_char *p, size_t len, size_t *off, uint64_t *v)
{
	u_int	shift = 0;
	u_char	c;

	*v = 0;
	for (;;) {
		if (*off >= len || shift > 63)
			return (-1);
		c = p[(*off)++];
		if (shift == 63 && (c & 0x7e) != 0)
			return (-1);
		*v |= (uint64_t)(c & 0x7f) << shift;
		if ((c & 0x80) == 0)
			return (0);
		shift += 7;
	}
}

void
codec_begin(struct buf *b, u_int kind, u_int version)
{
	buf_reset(b);
	buf_addc(b, (u_char)kind);
	buf_addc(b, (u_char)version);
}

void
codec_bytes(struct buf *b, u_int tag, const void *p, size_t n)
{
	buf_addc(b, (u_char)tag);
	codec_varint(b, n);
	buf_add(b, p, n);
}

void
codec_i64(struct buf *b, u_int tag, int64_t v)
{
	u_char		tmp[10];
	uint64_t	zz;

	zz = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
	codec_bytes(b, tag, tmp, codec_varint_put(tmp, zz));
}

void
codec_str(struct buf *b, u_int tag, const char *s)
{
	codec_bytes(b, tag, s, strlen(s));
}

/*
 * Check a record's framing and its kind; -1 if damaged or another kind.
 * On the way, note where each indexed tag first appears.
 */
int
codec_open(struct codec *c, const u_char *p, size_t len, u_int kind)
{
	size_t		off = 2;
	uint64_t	n;
	u_int		t;

	if (len < 2 || p[0] != kind)
		return (-1);
	c->seen = 0;
	while (off < len) {
		t = p[off];
		if (t < CODEC_INDEX && (c->seen & (UINT64_C(1) << t)) == 0) {
			c->seen |= UINT64_C(1) << t;
			c->first[t] = off;
		}
		off++;	/* tag */
		if (codec_read_varint(p, len, &off, &n) != 0)
			return (-1);
		if (n > len - off)
			return (-1);
		off += n;
	}
	c->p = p;
	c->len = len;
	c->kind = p[0];
	c->version = p[1];
	return (0);
}

/*
 * Walk the fields with this tag: *pos starts at 0. Returns 1 with the value,
 * 0 when there are no more.
 */
int
codec_next(struct codec *c, size_t *pos, u_int tag, const u_char **val,
    size_t *vlen)
{
	size_t		off;
	uint64_t	n;
	u_int		t;

	off = *pos < 2 ? 2 : *pos;
	if (*pos < 2 && tag < CODEC_INDEX) {
		/* From the start: begin at its first field, if any. */
		if ((c->seen & (UINT64_C(1) << tag)) == 0) {
			*pos = c->len;
			return (0);
		}
		off = c->first[tag];
	}
	while (off < c->len) {
		t = c->p[off++];
		codec_read_varint(c->p, c->len, &off, &n); /* checked by open */
		if (t == tag) {
			*val = c->p + off;
			*vlen = n;
			*pos = off + n;
			return (1);
		}
		off += n;
	}
	*pos = c->len;
	return (0);
}

int
codec_get_bytes(struct codec *c, u_int tag, const u_char **val, size_t *vlen)
{
	size_t	pos = 0;

	return (codec_next(c, &pos, tag, val, vlen) ? 0 : 1);
}

/* 0 found, 1 absent (*v untouched), -1 malformed. */
int
codec_get_i64(struct codec *c, u_int tag, int64_t *v)
{
	const u_char	*p;
	size_t		 n, off = 0;
	uint64_t	 zz;

	if (codec_get_bytes(c, tag, &p, &n) != 0)
		return (1);
	if (codec_read_varint(p, n, &off, &zz) != 0 || off != n)
		return (-1);
	*v = (int64_t)(zz >> 1) ^ -(int64_t)(zz & 1);
	return (0);
}

/* Copy a string field into out (NUL-terminated); -1 if it does not fit. */
int
codec_get_str(struct codec *c, u_int tag, char *out, size_t size)
{
	const u_char	*p;
	size_t		 n;

	if (codec_get_bytes(c, tag, &p, &n) != 0)
		return (1);
	if (n >= size || memchr(p, '\0', n) != NULL)
		return (-1);
	memcpy(out, p, n);
	out[n] = '\0';
	return (0);
}

/*
 * Every integer field of a record whose tags are 1..n into v[tag - 1] in
 * one pass (a record of sums: the rollups); other tags are skipped, so a
 * newer record with more fields still reads. -1 if one does not decode.
 */
int
codec_get_i64_all(struct codec *c, int64_t *v, u_int n)
{
	size_t		off = 2, vlen, voff;
	uint64_t	len, zz;
	u_int		tag;

	while (off < c->len) {
		tag = c->p[off++];
		if (codec_read_varint(c->p, c->len, &off, &len) != 0 ||
		    len > c->len - off)
			return (-1);
		vlen = (size_t)len;
		if (tag >= 1 && tag <= n) {
			voff = 0;
			if (codec_read_varint(c->p + off, vlen, &voff,
			    &zz) != 0 || voff != vlen)
				return (-1);
			v[tag - 1] = (int64_t)(zz >> 1) ^ -(int64_t)(zz & 1);
		}
		off += vlen;
	}
	return (0);
}
