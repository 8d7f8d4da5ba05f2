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
    PK_RECEIVED, PK_SUPPLIER, PK_HARVESTED, PK_PACKAGED, PK_EXPIRES,
    PK_UNIT_COST, PK_LOCATION, PK_LAB_STATUS, PK_LAB_THC, PK_LAB_CBD,
    PK_LAB_NAME, PK_LAB_TESTED, PK_LAB_EXPIRES, PK_LAB_CERT };

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

const char *
store_package_lab_name(int status)
{
	switch (status) {
	case LAB_PASS:
		return ("pass");
	case LAB_FAIL:
		return ("fail");
	}
	return ("none");
}

/* A YYYYMMDD date field: 0 or a plausible date. */
static int
store_package_date(struct codec *c, u_int tag, int *out)
{
	int64_t	v = 0;

	if (codec_get_i64(c, tag, &v) < 0 || v < 0 || v > 99991231)
		return (-1);
	*out = (int)v;
	return (0);
}

int
store_package_decode(const u_char *v, size_t vlen, struct package *pk)
{
	struct codec	c;
	int64_t		product = 0, status = 0, lab = 0, thc = 0, cbd = 0;

	memset(pk, 0, sizeof *pk);
	if (codec_open(&c, v, vlen, PACKAGE_KIND) != 0 ||
	    codec_get_str(&c, PK_TAG, pk->tag, sizeof pk->tag) != 0 ||
	    codec_get_i64(&c, PK_PRODUCT, &product) < 0 ||
	    codec_get_str(&c, PK_BATCH, pk->batch, sizeof pk->batch) < 0 ||
	    codec_get_i64(&c, PK_QTY, &pk->qty) < 0 ||
	    codec_get_i64(&c, PK_RECEIVED_QTY, &pk->received_qty) < 0 ||
	    codec_get_i64(&c, PK_STATUS, &status) < 0 ||
	    codec_get_i64(&c, PK_RECEIVED, &pk->received) < 0 ||
	    codec_get_str(&c, PK_SUPPLIER, pk->supplier,
	    sizeof pk->supplier) < 0 ||
	    store_package_date(&c, PK_HARVESTED, &pk->harvested) != 0 ||
	    store_package_date(&c, PK_PACKAGED, &pk->packaged) != 0 ||
	    store_package_date(&c, PK_EXPIRES, &pk->expires) != 0 ||
	    codec_get_i64(&c, PK_UNIT_COST, &pk->unit_cost) < 0 ||
	    codec_get_str(&c, PK_LOCATION, pk->location,
	    sizeof pk->location) < 0 ||
	    codec_get_i64(&c, PK_LAB_STATUS, &lab) < 0 ||
	    codec_get_i64(&c, PK_LAB_THC, &thc) < 0 ||
	    codec_get_i64(&c, PK_LAB_CBD, &cbd) < 0 ||
	    codec_get_str(&c, PK_LAB_NAME, pk->lab.lab,
	    sizeof pk->lab.lab) < 0 ||
	    store_package_date(&c, PK_LAB_TESTED, &pk->lab.tested) != 0 ||
	    store_package_date(&c, PK_LAB_EXPIRES, &pk->lab.expires) != 0 ||
	    codec_get_str(&c, PK_LAB_CERT, pk->lab.cert,
	    sizeof pk->lab.cert) < 0 ||
	    product <= 0 || product > UINT32_MAX || lab < LAB_NONE ||
	    lab > LAB_FAIL || thc < 0 || thc > 1000 || cbd < 0 || cbd > 1000)
		return (-1);
	pk->product = (uint32_t)product;
	pk->status = (int)status;
	pk->lab.status = (int)lab;
	pk->lab.thc = (int)thc;
	pk->lab.cbd = (int)cbd;
	/* Packages from before locations were kept are on the floor. */
	if (pk->location[0] == '\0')
		strlcpy(pk->location, "floor", sizeof pk->location);
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

/* An index key: a u32 or a length-prefixed string, then the tag. */
static void
store_package_index(struct store_txn *t, enum store_db db, uint32_t id,
    const char *str, const char *tag, int add)
{
	struct store_key	k;

	store_key_init(&k);
	if (str != NULL)
		store_key_str(&k, str);
	else
		store_key_u32(&k, id);
	if (sizeof k.data - k.len < TAG_LEN)
		fatalx("store_package_index: key too long");
	memcpy(k.data + k.len, tag, TAG_LEN);
	k.len += TAG_LEN;
	if (add)
		store_put(t, db, k.data, k.len, "", 0);
	else
		store_del(t, db, k.data, k.len);
}

/*
 * Write a package; old is its previous version (NULL if new). The indexes
 * by product, batch and source licence follow what changed.
 */
void
store_package_put(struct store_txn *t, const struct package *pk,
    const struct package *old)
{
	struct buf	b;

	buf_init(&b);
	codec_begin(&b, PACKAGE_KIND, 1);
	codec_str(&b, PK_TAG, pk->tag);
	codec_i64(&b, PK_PRODUCT, pk->product);
	codec_str(&b, PK_BATCH, pk->batch);
	codec_i64(&b, PK_QTY, pk->qty);
	codec_i64(&b, PK_RECEIVED_QTY, pk->received_qty);
	codec_i64(&b, PK_STATUS, pk->status);
	codec_i64(&b, PK_RECEIVED, pk->received);
	codec_str(&b, PK_SUPPLIER, pk->supplier);
	codec_i64(&b, PK_HARVESTED, pk->harvested);
	codec_i64(&b, PK_PACKAGED, pk->packaged);
	codec_i64(&b, PK_EXPIRES, pk->expires);
	codec_i64(&b, PK_UNIT_COST, pk->unit_cost);
	codec_str(&b, PK_LOCATION, pk->location[0] != '\0' ? pk->location :
	    "floor");
	codec_i64(&b, PK_LAB_STATUS, pk->lab.status);
	codec_i64(&b, PK_LAB_THC, pk->lab.thc);
	codec_i64(&b, PK_LAB_CBD, pk->lab.cbd);
	codec_str(&b, PK_LAB_NAME, pk->lab.lab);
	codec_i64(&b, PK_LAB_TESTED, pk->lab.tested);
	codec_i64(&b, PK_LAB_EXPIRES, pk->lab.expires);
	if (pk->lab.cert[0] != '\0')
		codec_str(&b, PK_LAB_CERT, pk->lab.cert);
	store_put(t, DB_PACKAGE, pk->tag, TAG_LEN, b.data, b.len);
	buf_free(&b);

	if (old == NULL || old->product != pk->product) {
		if (old != NULL)
			store_package_index(t, DB_PACKAGE_PRODUCT,
			    old->product, NULL, old->tag, 0);
		store_package_index(t, DB_PACKAGE_PRODUCT, pk->product, NULL,
		    pk->tag, 1);
	}
	if (old == NULL || strcmp(old->batch, pk->batch) != 0) {
		if (old != NULL && old->batch[0] != '\0')
			store_package_index(t, DB_PACKAGE_BATCH, 0, old->batch,
			    old->tag, 0);
		if (pk->batch[0] != '\0')
			store_package_index(t, DB_PACKAGE_BATCH, 0, pk->batch,
			    pk->tag, 1);
	}
	if (old == NULL || strcmp(old->supplier, pk->supplier) != 0) {
		if (old != NULL && old->supplier[0] != '\0')
			store_package_index(t, DB_PACKAGE_SUPPLIER, 0,
			    old->supplier, old->tag, 0);
		if (pk->supplier[0] != '\0')
			store_package_index(t, DB_PACKAGE_SUPPLIER, 0,
			    pk->supplier, pk->tag, 1);
	}
}

/*
 * Every package in tag order, until cb returns non-zero. -1 if the walk
 * failed (t->ret says why).
 */
int
store_package_walk(struct store_txn *t,
    int (*cb)(const struct package *, void *), void *arg)
{
	struct store_iter	it;
	struct package		pk;

	store_iter_init(t, &it, DB_PACKAGE, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_package_decode(it.val, it.vlen, &pk) != 0) {
			store_fail(t, STORE_CORRUPT, "package %.*s record "
			    "damaged", (int)(it.klen > TAG_LEN ? TAG_LEN :
			    it.klen), (const char *)it.key);
			break;
		}
		if (cb(&pk, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}
