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

#include <stdio.h>
#include <string.h>

#include "store.h"

/*
 * Cash drawer sessions, keyed by number; the open one of each terminal is
 * named in the meta table ("drawer.<terminal>").
 */

#define DRAWER_KIND	'D'
enum { DR_ID = 1, DR_TERMINAL, DR_STATUS, DR_OPENED, DR_CLOSED,
    DR_OPENED_BY, DR_CLOSED_BY, DR_FLOAT, DR_DROPS, DR_COUNTED,
    DR_EXPECTED, DR_REFUNDS, DR_TRACKED };

int
store_drawer_decode(const u_char *v, size_t vlen, struct drawer *d)
{
	struct codec	c;
	int64_t		id = 0, status = 0, ob = 0, cb = 0, tracked = 0;

	memset(d, 0, sizeof *d);
	if (codec_open(&c, v, vlen, DRAWER_KIND) != 0 ||
	    codec_get_i64(&c, DR_ID, &id) != 0 ||
	    codec_get_str(&c, DR_TERMINAL, d->terminal,
	    sizeof d->terminal) != 0 ||
	    codec_get_i64(&c, DR_STATUS, &status) < 0 ||
	    codec_get_i64(&c, DR_OPENED, &d->opened) < 0 ||
	    codec_get_i64(&c, DR_CLOSED, &d->closed) < 0 ||
	    codec_get_i64(&c, DR_OPENED_BY, &ob) < 0 ||
	    codec_get_i64(&c, DR_CLOSED_BY, &cb) < 0 ||
	    codec_get_i64(&c, DR_FLOAT, &d->float_cents) < 0 ||
	    codec_get_i64(&c, DR_DROPS, &d->drops) < 0 ||
	    codec_get_i64(&c, DR_COUNTED, &d->counted) < 0 ||
	    codec_get_i64(&c, DR_EXPECTED, &d->expected) < 0 ||
	    codec_get_i64(&c, DR_REFUNDS, &d->refunds) < 0 ||
	    codec_get_i64(&c, DR_TRACKED, &tracked) < 0 || id <= 0)
		return (-1);
	d->tracked = tracked != 0;
	d->id = (uint64_t)id;
	d->status = (int)status;
	d->opened_by = (uint32_t)ob;
	d->closed_by = (uint32_t)cb;
	return (0);
}

int
store_drawer_get(struct store_txn *t, uint64_t id, struct drawer *d)
{
	const u_char	*v;
	size_t		 vlen;
	int		 r;

	if ((r = store_get_u64(t, DB_DRAWER, id, &v, &vlen)) != 0)
		return (r);
	if (store_drawer_decode(v, vlen, d) != 0)
		return (store_damaged(t, "drawer", id));
	return (0);
}

/* The open drawer of a terminal: 0 and *d, or STORE_NOTFOUND. */
int
store_drawer_open_get(struct store_txn *t, const char *terminal,
    struct drawer *d)
{
	char	name[64];
	int64_t	id;

	snprintf(name, sizeof name, "drawer.%s", terminal);
	if ((id = store_meta_get_i64(t, name)) == 0)
		return (t->ret != 0 ? t->ret : STORE_NOTFOUND);
	return (store_drawer_get(t, (uint64_t)id, d));
}

/* Write a drawer (a new one, id 0, gets its number) and its open mark. */
void
store_drawer_put(struct store_txn *t, struct drawer *d)
{
	struct store_key	k;
	struct buf		b;
	char			name[64];

	if (d->id == 0)
		d->id = store_last_u64(t, DB_DRAWER) + 1;
	buf_init(&b);
	codec_begin(&b, DRAWER_KIND, 1);
	codec_i64(&b, DR_ID, (int64_t)d->id);
	codec_str(&b, DR_TERMINAL, d->terminal);
	codec_i64(&b, DR_STATUS, d->status);
	codec_i64(&b, DR_OPENED, d->opened);
	codec_i64(&b, DR_CLOSED, d->closed);
	codec_i64(&b, DR_OPENED_BY, d->opened_by);
	codec_i64(&b, DR_CLOSED_BY, d->closed_by);
	codec_i64(&b, DR_FLOAT, d->float_cents);
	codec_i64(&b, DR_DROPS, d->drops);
	codec_i64(&b, DR_COUNTED, d->counted);
	codec_i64(&b, DR_EXPECTED, d->expected);
	if (d->refunds != 0)
		codec_i64(&b, DR_REFUNDS, d->refunds);
	if (d->tracked)
		codec_i64(&b, DR_TRACKED, 1);
	store_key_init(&k);
	store_key_u64(&k, d->id);
	store_put(t, DB_DRAWER, k.data, k.len, b.data, b.len);
	buf_free(&b);
	snprintf(name, sizeof name, "drawer.%s", d->terminal);
	store_meta_put_i64(t, name, d->status == DRAWER_OPEN ?
	    (int64_t)d->id : 0);
}
