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

/* Packages, keyed by state tag, indexed by product. */

#define PACKAGE_KIND	'K'
enum { PK_TAG = 1, PK_PRODUCT, PK_BATCH, PK_QTY, PK_RECEIVED_QTY, PK_STATUS,
    PK_RECEIVED };

static const char *package_status_names[] = {
	[PACKAGE_ACTIVE] = "active",
	[PACKAGE_HOLD] = "hold",
	[PACKAGE_QUARANTINE] = "quarantine",
	[PACKAGE_FINISHED] = "finished",
};

const char *
store_package_status_name(int status)
{
	if (status < PACKAGE_ACTIVE || status > PACKAGE_FINISHED)
		return ("unknown");
	return (package_status_names[status]);
}

int
store_package_status_find(const char *name)
{
	int	i;

	for (i = PACKAGE_ACTIVE; i <= PACKAGE_FINISHED; i++) {
		if (strcmp(package_status_names[i], name) == 0)
			return (i);
	}
	return (-1);
}

int
store_package_decode(const u_char *v, size_t vlen, struct package *pk)
{
	struct codec	c;
	int64_t		product = 0, status = 0;

	memset(pk, 0, sizeof *pk);
	if (codec_open(&c, v, vlen, PACKAGE_KIND) != 0 ||
	    codec_get_str(&c, PK_TAG, pk->tag, sizeof pk->tag) != 0 ||
	    codec_get_i64(&c, PK_PRODUCT, &product) < 0 ||
	    codec_get_str(&c, PK_BATCH, pk->batch, sizeof pk->batch) < 0 ||
	    codec_get_i64(&c, PK_QTY, &pk->qty) < 0 ||
	    codec_get_i64(&c, PK_RECEIVED_QTY, &pk->received_qty) < 0 ||
	    codec_get_i64(&c, PK_STATUS, &status) < 0 ||
	    codec_get_i64(&c, PK_RECEIVED, &pk->received) < 0 ||
	    product <= 0 || product > UINT32_MAX)
		return (-1);
	pk->product = (uint32_t)product;
	pk->status = (int)status;
	return (0);
}

int
store_package_get(struct store_txn *t, const char *tag, struct package *pk)
{
	const u_char	*v;
	size_t		 vlen;
	int		 r;

	if (strlen(tag) != TAG_LEN)
		return (STORE_NOTFOUND);
	if ((r = store_get(t, DB_PACKAGE, tag, TAG_LEN, &v, &vlen)) != 0)
		return (r);
	if (store_package_decode(v, vlen, pk) != 0 ||
	    strcmp(pk->tag, tag) != 0) {
		store_fail(t, STORE_CORRUPT, "package record damaged");
		return (STORE_CORRUPT);
	}
	return (0);
}

/* Write a package; is_new adds it to the product index. */
void
store_package_put(struct store_txn *t, const struct package *pk, int is_new)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, PACKAGE_KIND, 1);
	codec_str(&b, PK_TAG, pk->tag);
	codec_i64(&b, PK_PRODUCT, pk->product);
	codec_str(&b, PK_BATCH, pk->batch);
	codec_i64(&b, PK_QTY, pk->qty);
	codec_i64(&b, PK_RECEIVED_QTY, pk->received_qty);
	codec_i64(&b, PK_STATUS, pk->status);
	codec_i64(&b, PK_RECEIVED, pk->received);
	store_put(t, DB_PACKAGE, pk->tag, TAG_LEN, b.data, b.len);
	buf_free(&b);
	if (is_new) {
		store_key_init(&k);
		store_key_u32(&k, pk->product);
		if (sizeof k.data - k.len < TAG_LEN)
			fatalx("store_package_put: key");
		memcpy(k.data + k.len, pk->tag, TAG_LEN);
		k.len += TAG_LEN;
		store_put(t, DB_PACKAGE_PRODUCT, k.data, k.len, "", 0);
	}
}
