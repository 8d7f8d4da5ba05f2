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

/* The meta table: schema version, the store's identity, counters. */

#define META_INFO	'M'
enum { MI_NAME = 1, MI_LICENCE, MI_STATE, MI_TZ, MI_CREATED };

static void
store_meta_key(struct store_key *k, const char *name)
{
	store_key_init(k);
	store_key_str(k, name);
}

int
store_meta_get_info(struct store_txn *t, struct store_info *si)
{
	struct store_key	 k;
	struct codec		 c;
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	memset(si, 0, sizeof *si);
	store_meta_key(&k, "info");
	if ((r = store_get(t, DB_META, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	if (codec_open(&c, v, vlen, META_INFO) != 0 ||
	    codec_get_str(&c, MI_NAME, si->name, sizeof si->name) < 0 ||
	    codec_get_str(&c, MI_LICENCE, si->licence, sizeof si->licence) < 0 ||
	    codec_get_str(&c, MI_STATE, si->state, sizeof si->state) < 0 ||
	    codec_get_str(&c, MI_TZ, si->tz, sizeof si->tz) < 0 ||
	    codec_get_i64(&c, MI_CREATED, &si->created) < 0) {
		store_fail(t, STORE_CORRUPT, "store info record damaged");
		return (STORE_CORRUPT);
	}
	return (0);
}

void
store_meta_put_info(struct store_txn *t, const struct store_info *si)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, META_INFO, 1);
	codec_str(&b, MI_NAME, si->name);
	codec_str(&b, MI_LICENCE, si->licence);
	codec_str(&b, MI_STATE, si->state);
	codec_str(&b, MI_TZ, si->tz);
	codec_i64(&b, MI_CREATED, si->created);
	store_meta_key(&k, "info");
	store_put(t, DB_META, k.data, k.len, b.data, b.len);
	buf_free(&b);
}

/* A named counter; 0 when absent. */
int64_t
store_meta_get_i64(struct store_txn *t, const char *name)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;

	store_meta_key(&k, name);
	if (store_get(t, DB_META, k.data, k.len, &v, &vlen) != 0)
		return (0);
	if (vlen != 8) {
		store_fail(t, STORE_CORRUPT, "meta %s damaged", name);
		return (0);
	}
	return ((int64_t)store_key_get_u64(v));
}

void
store_meta_put_i64(struct store_txn *t, const char *name, int64_t v)
{
	struct store_key	k, val;

	store_meta_key(&k, name);
	store_key_init(&val);
	store_key_u64(&val, (uint64_t)v);
	store_put(t, DB_META, k.data, k.len, val.data, val.len);
}

/* A named string: 0, STORE_NOTFOUND or the ledger's error. */
int
store_meta_get_str(struct store_txn *t, const char *name, char *out,
    size_t len)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	store_meta_key(&k, name);
	if ((r = store_get(t, DB_META, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	if (vlen >= len || memchr(v, '\0', vlen) != NULL) {
		store_fail(t, STORE_CORRUPT, "meta %s damaged", name);
		return (STORE_CORRUPT);
	}
	memcpy(out, v, vlen);
	out[vlen] = '\0';
	return (0);
}

void
store_meta_put_str(struct store_txn *t, const char *name, const char *v)
{
	struct store_key	k;

	store_meta_key(&k, name);
	store_put(t, DB_META, k.data, k.len, v, strlen(v));
}

/* How many records the main tables hold (stashctl info). */
void
store_meta_counts(struct store_txn *t, struct store_counts *sc)
{
	sc->staff = store_count(t, DB_STAFF);
	sc->terminals = store_count(t, DB_TERMINAL);
	sc->products = store_count(t, DB_PRODUCT);
	sc->packages = store_count(t, DB_PACKAGE);
	sc->sales = store_count(t, DB_SALE);
	sc->audit = store_count(t, DB_AUDIT);
}
