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

#include "intake.h"

/* Stock counts, keyed by number, and their lines, keyed by count and tag. */

#define COUNT_KIND	'C'
#define COUNT_LINE_KIND	'c'
enum { CN_ID = 1, CN_STARTED, CN_FINISHED, CN_STATUS, CN_BLIND,
    CN_ADJUSTED, CN_LOCATION, CN_CATEGORY, CN_STAFF };
enum { CL_COUNT = 1, CL_TAG, CL_EXPECTED, CL_COUNTED, CL_RECORDED, CL_STAFF,
    CL_ADJUST };

static int
store_count_decode(const u_char *v, size_t vlen, struct count *cn)
{
	struct codec	c;
	int64_t		id = 0, status = 0, blind = 0, adj = 0, staff = 0;

	memset(cn, 0, sizeof *cn);
	if (codec_open(&c, v, vlen, COUNT_KIND) != 0 ||
	    codec_get_i64(&c, CN_ID, &id) != 0 ||
	    codec_get_i64(&c, CN_STARTED, &cn->started) < 0 ||
	    codec_get_i64(&c, CN_FINISHED, &cn->finished) < 0 ||
	    codec_get_i64(&c, CN_STATUS, &status) < 0 ||
	    codec_get_i64(&c, CN_BLIND, &blind) < 0 ||
	    codec_get_i64(&c, CN_ADJUSTED, &adj) < 0 ||
	    codec_get_str(&c, CN_LOCATION, cn->location,
	    sizeof cn->location) < 0 ||
	    codec_get_str(&c, CN_CATEGORY, cn->category,
	    sizeof cn->category) < 0 ||
	    codec_get_i64(&c, CN_STAFF, &staff) < 0 ||
	    id <= 0 || status < COUNT_OPEN || status > COUNT_FINISHED ||
	    staff < 0 || staff > UINT32_MAX)
		return (-1);
	cn->id = (uint64_t)id;
	cn->status = (int)status;
	cn->blind = blind != 0;
	cn->adjusted = adj != 0;
	cn->staff = (uint32_t)staff;
	return (0);
}

int
store_count_get(struct store_txn *t, uint64_t id, struct count *cn)
{
	const u_char	*v;
	size_t		 vlen;
	int		 r;

	if ((r = store_get_u64(t, DB_COUNT, id, &v, &vlen)) != 0)
		return (r);
	if (store_count_decode(v, vlen, cn) != 0 || cn->id != id)
		return (store_damaged(t, "count", id));
	return (0);
}

void
store_count_put(struct store_txn *t, const struct count *cn)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, COUNT_KIND, 1);
	codec_i64(&b, CN_ID, (int64_t)cn->id);
	codec_i64(&b, CN_STARTED, cn->started);
	codec_i64(&b, CN_FINISHED, cn->finished);
	codec_i64(&b, CN_STATUS, cn->status);
	codec_i64(&b, CN_BLIND, cn->blind);
	codec_i64(&b, CN_ADJUSTED, cn->adjusted);
	codec_str(&b, CN_LOCATION, cn->location);
	codec_str(&b, CN_CATEGORY, cn->category);
	codec_i64(&b, CN_STAFF, cn->staff);
	store_key_init(&k);
	store_key_u64(&k, cn->id);
	store_put(t, DB_COUNT, k.data, k.len, b.data, b.len);
	buf_free(&b);
}

uint64_t
store_count_next_id(struct store_txn *t)
{
	return (store_last_u64(t, DB_COUNT) + 1);
}

int
store_count_line_decode(const u_char *v, size_t vlen, struct count_line *l)
{
	struct codec	c;
	int64_t		id = 0, rec = 0, staff = 0, adj = 0;

	memset(l, 0, sizeof *l);
	if (codec_open(&c, v, vlen, COUNT_LINE_KIND) != 0 ||
	    codec_get_i64(&c, CL_COUNT, &id) != 0 ||
	    codec_get_str(&c, CL_TAG, l->tag, sizeof l->tag) != 0 ||
	    codec_get_i64(&c, CL_EXPECTED, &l->expected) < 0 ||
	    codec_get_i64(&c, CL_COUNTED, &l->counted) < 0 ||
	    codec_get_i64(&c, CL_RECORDED, &rec) < 0 ||
	    codec_get_i64(&c, CL_STAFF, &staff) < 0 ||
	    codec_get_i64(&c, CL_ADJUST, &adj) < 0 ||
	    id <= 0 || staff < 0 || staff > UINT32_MAX || adj < 0)
		return (-1);
	l->count = (uint64_t)id;
	l->recorded = rec != 0;
	l->staff = (uint32_t)staff;
	l->adjust = (uint64_t)adj;
	return (0);
}

static void
store_count_line_key(struct store_key *k, uint64_t id, const char *tag)
{
	store_key_init(k);
	store_key_u64(k, id);
	memcpy(k->data + k->len, tag, TAG_LEN);
	k->len += TAG_LEN;
}

int
store_count_line_get(struct store_txn *t, uint64_t id, const char *tag,
    struct count_line *l)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	if (strlen(tag) != TAG_LEN)
		return (STORE_NOTFOUND);
	store_count_line_key(&k, id, tag);
	if ((r = store_get(t, DB_COUNT_LINE, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	if (store_count_line_decode(v, vlen, l) != 0 || l->count != id ||
	    strcmp(l->tag, tag) != 0) {
		store_fail(t, STORE_CORRUPT, "count %llu line %s damaged",
		    (unsigned long long)id, tag);
		return (STORE_CORRUPT);
	}
	return (0);
}

void
store_count_line_put(struct store_txn *t, const struct count_line *l)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, COUNT_LINE_KIND, 1);
	codec_i64(&b, CL_COUNT, (int64_t)l->count);
	codec_str(&b, CL_TAG, l->tag);
	codec_i64(&b, CL_EXPECTED, l->expected);
	codec_i64(&b, CL_COUNTED, l->counted);
	codec_i64(&b, CL_RECORDED, l->recorded);
	codec_i64(&b, CL_STAFF, l->staff);
	codec_i64(&b, CL_ADJUST, (int64_t)l->adjust);
	store_count_line_key(&k, l->count, l->tag);
	store_put(t, DB_COUNT_LINE, k.data, k.len, b.data, b.len);
	buf_free(&b);
}
