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

/*
 * Incoming manifests, keyed by manifest number, and their lines, keyed by
 * manifest number then package tag (so a manifest's lines are one prefix).
 */

#define MANIFEST_KIND		'M'
#define MANIFEST_LINE_KIND	'L'
enum { MF_NUMBER = 1, MF_SUPPLIER, MF_CREATED, MF_STATUS, MF_NOTE, MF_STAFF,
    MF_CLOSED };
enum { ML_MANIFEST = 1, ML_TAG, ML_SKU, ML_PRODUCT, ML_FOUND_SKU,
    ML_FOUND_PRODUCT, ML_BATCH, ML_HARVESTED, ML_SHIPPED, ML_RECEIVED,
    ML_SCANNED, ML_SCAN_TIME, ML_STATE, ML_DISC, ML_NOTE, ML_ACCEPTED,
    ML_RESOLVED_BY, ML_LAB_STATUS, ML_LAB_THC, ML_LAB_CBD, ML_LAB_NAME,
    ML_LAB_TESTED, ML_LAB_EXPIRES, ML_WEIGHED, ML_LAB_CERT, ML_STATE_ID };

static const char *manifest_state_names[] = {
	[LINE_PENDING] = "pending",
	[LINE_ACCEPTED] = "accepted",
	[LINE_REJECTED] = "rejected",
	[LINE_PARTIAL] = "partial",
};

static const char *manifest_disc_names[] = {
	[DISC_NONE] = "none",
	[DISC_MISSING] = "missing",
	[DISC_EXTRA] = "extra",
	[DISC_SHORT] = "short",
	[DISC_OVER] = "over",
	[DISC_WRONG_PRODUCT] = "wrong-product",
};

const char *
store_manifest_status_name(int status)
{
	switch (status) {
	case MANIFEST_OPEN:
		return ("open");
	case MANIFEST_CLOSED:
		return ("closed");
	}
	return ("unknown");
}

const char *
store_manifest_state_name(int state)
{
	if (state < LINE_PENDING || state > LINE_PARTIAL)
		return ("unknown");
	return (manifest_state_names[state]);
}

const char *
store_manifest_disc_name(int disc)
{
	if (disc < DISC_NONE || disc > DISC_WRONG_PRODUCT)
		return ("unknown");
	return (manifest_disc_names[disc]);
}

static int
store_manifest_int(struct codec *c, u_int tag, int64_t min, int64_t max,
    int *out)
{
	int64_t	v = 0;

	if (codec_get_i64(c, tag, &v) < 0 || v < min || v > max)
		return (-1);
	*out = (int)v;
	return (0);
}

static int
store_manifest_u32(struct codec *c, u_int tag, uint32_t *out)
{
	int64_t	v = 0;

	if (codec_get_i64(c, tag, &v) < 0 || v < 0 || v > UINT32_MAX)
		return (-1);
	*out = (uint32_t)v;
	return (0);
}

int
store_manifest_decode(const u_char *v, size_t vlen, struct manifest *m)
{
	struct codec	c;

	memset(m, 0, sizeof *m);
	if (codec_open(&c, v, vlen, MANIFEST_KIND) != 0 ||
	    codec_get_str(&c, MF_NUMBER, m->number, sizeof m->number) != 0 ||
	    codec_get_str(&c, MF_SUPPLIER, m->supplier,
	    sizeof m->supplier) < 0 ||
	    codec_get_i64(&c, MF_CREATED, &m->created) < 0 ||
	    store_manifest_int(&c, MF_STATUS, MANIFEST_OPEN, MANIFEST_CLOSED,
	    &m->status) != 0 ||
	    codec_get_str(&c, MF_NOTE, m->note, sizeof m->note) < 0 ||
	    store_manifest_u32(&c, MF_STAFF, &m->staff) != 0 ||
	    codec_get_i64(&c, MF_CLOSED, &m->closed) < 0)
		return (-1);
	return (0);
}

int
store_manifest_get(struct store_txn *t, const char *number,
    struct manifest *m)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	if (strlen(number) == 0 || strlen(number) > MANIFEST_MAX)
		return (STORE_NOTFOUND);
	store_key_init(&k);
	store_key_str(&k, number);
	if ((r = store_get(t, DB_MANIFEST, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	if (store_manifest_decode(v, vlen, m) != 0 ||
	    strcmp(m->number, number) != 0) {
		store_fail(t, STORE_CORRUPT, "manifest %s record damaged",
		    number);
		return (STORE_CORRUPT);
	}
	return (0);
}

void
store_manifest_put(struct store_txn *t, const struct manifest *m)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, MANIFEST_KIND, 1);
	codec_str(&b, MF_NUMBER, m->number);
	codec_str(&b, MF_SUPPLIER, m->supplier);
	codec_i64(&b, MF_CREATED, m->created);
	codec_i64(&b, MF_STATUS, m->status);
	codec_str(&b, MF_NOTE, m->note);
	codec_i64(&b, MF_STAFF, m->staff);
	codec_i64(&b, MF_CLOSED, m->closed);
	store_key_init(&k);
	store_key_str(&k, m->number);
	store_put(t, DB_MANIFEST, k.data, k.len, b.data, b.len);
	buf_free(&b);
}

/* The key prefix of a manifest's lines. */
void
store_manifest_line_prefix(struct store_key *k, const char *number)
{
	store_key_init(k);
	store_key_str(k, number);
}

int
store_manifest_line_decode(const u_char *v, size_t vlen,
    struct manifest_line *l)
{
	struct codec	c;
	int64_t		thc = 0, cbd = 0;

	memset(l, 0, sizeof *l);
	if (codec_open(&c, v, vlen, MANIFEST_LINE_KIND) != 0 ||
	    codec_get_str(&c, ML_MANIFEST, l->manifest,
	    sizeof l->manifest) != 0 ||
	    codec_get_str(&c, ML_TAG, l->tag, sizeof l->tag) != 0 ||
	    codec_get_str(&c, ML_SKU, l->sku, sizeof l->sku) < 0 ||
	    store_manifest_u32(&c, ML_PRODUCT, &l->product) != 0 ||
	    codec_get_str(&c, ML_FOUND_SKU, l->found_sku,
	    sizeof l->found_sku) < 0 ||
	    store_manifest_u32(&c, ML_FOUND_PRODUCT, &l->found_product) != 0 ||
	    codec_get_str(&c, ML_BATCH, l->batch, sizeof l->batch) < 0 ||
	    store_manifest_int(&c, ML_HARVESTED, 0, 99991231,
	    &l->harvested) != 0 ||
	    codec_get_i64(&c, ML_SHIPPED, &l->shipped) < 0 ||
	    codec_get_i64(&c, ML_RECEIVED, &l->received) < 0 ||
	    store_manifest_int(&c, ML_SCANNED, 0, 1, &l->scanned) != 0 ||
	    codec_get_i64(&c, ML_SCAN_TIME, &l->scan_time) < 0 ||
	    store_manifest_int(&c, ML_STATE, LINE_PENDING, LINE_PARTIAL,
	    &l->state) != 0 ||
	    store_manifest_int(&c, ML_DISC, DISC_NONE, DISC_WRONG_PRODUCT,
	    &l->disc) != 0 ||
	    codec_get_str(&c, ML_NOTE, l->note, sizeof l->note) < 0 ||
	    codec_get_i64(&c, ML_ACCEPTED, &l->accepted) < 0 ||
	    store_manifest_u32(&c, ML_RESOLVED_BY, &l->resolved_by) != 0 ||
	    store_manifest_int(&c, ML_LAB_STATUS, LAB_NONE, LAB_FAIL,
	    &l->lab.status) != 0 ||
	    codec_get_i64(&c, ML_LAB_THC, &thc) < 0 ||
	    codec_get_i64(&c, ML_LAB_CBD, &cbd) < 0 ||
	    codec_get_str(&c, ML_LAB_NAME, l->lab.lab,
	    sizeof l->lab.lab) < 0 ||
	    store_manifest_int(&c, ML_LAB_TESTED, 0, 99991231,
	    &l->lab.tested) != 0 ||
	    store_manifest_int(&c, ML_LAB_EXPIRES, 0, 99991231,
	    &l->lab.expires) != 0 ||
	    store_manifest_int(&c, ML_WEIGHED, 0, ADJUST_WEIGHED_TYPED,
	    &l->weighed) != 0 ||
	    codec_get_str(&c, ML_LAB_CERT, l->lab.cert,
	    sizeof l->lab.cert) < 0 ||
	    codec_get_i64(&c, ML_STATE_ID, &l->state_id) < 0 ||
	    l->state_id < 0 ||
	    thc < 0 || thc > 1000 || cbd < 0 || cbd > 1000)
		return (-1);
	l->lab.thc = (int)thc;
	l->lab.cbd = (int)cbd;
	return (0);
}

static void
store_manifest_line_key(struct store_key *k, const char *number,
    const char *tag)
{
	store_manifest_line_prefix(k, number);
	if (sizeof k->data - k->len < TAG_LEN)
		fatalx("store_manifest_line_key: key too long");
	memcpy(k->data + k->len, tag, TAG_LEN);
	k->len += TAG_LEN;
}

int
store_manifest_line_get(struct store_txn *t, const char *number,
    const char *tag, struct manifest_line *l)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	if (strlen(number) == 0 || strlen(number) > MANIFEST_MAX ||
	    strlen(tag) != TAG_LEN)
		return (STORE_NOTFOUND);
	store_manifest_line_key(&k, number, tag);
	if ((r = store_get(t, DB_MANIFEST_LINE, k.data, k.len, &v,
	    &vlen)) != 0)
		return (r);
	if (store_manifest_line_decode(v, vlen, l) != 0 ||
	    strcmp(l->tag, tag) != 0) {
		store_fail(t, STORE_CORRUPT, "manifest %s line %s damaged",
		    number, tag);
		return (STORE_CORRUPT);
	}
	return (0);
}

void
store_manifest_line_put(struct store_txn *t, const struct manifest_line *l)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, MANIFEST_LINE_KIND, 1);
	codec_str(&b, ML_MANIFEST, l->manifest);
	codec_str(&b, ML_TAG, l->tag);
	codec_str(&b, ML_SKU, l->sku);
	codec_i64(&b, ML_PRODUCT, l->product);
	codec_str(&b, ML_FOUND_SKU, l->found_sku);
	codec_i64(&b, ML_FOUND_PRODUCT, l->found_product);
	codec_str(&b, ML_BATCH, l->batch);
	codec_i64(&b, ML_HARVESTED, l->harvested);
	codec_i64(&b, ML_SHIPPED, l->shipped);
	codec_i64(&b, ML_RECEIVED, l->received);
	codec_i64(&b, ML_SCANNED, l->scanned);
	codec_i64(&b, ML_SCAN_TIME, l->scan_time);
	codec_i64(&b, ML_STATE, l->state);
	codec_i64(&b, ML_DISC, l->disc);
	codec_str(&b, ML_NOTE, l->note);
	codec_i64(&b, ML_ACCEPTED, l->accepted);
	codec_i64(&b, ML_RESOLVED_BY, l->resolved_by);
	codec_i64(&b, ML_LAB_STATUS, l->lab.status);
	codec_i64(&b, ML_LAB_THC, l->lab.thc);
	codec_i64(&b, ML_LAB_CBD, l->lab.cbd);
	codec_str(&b, ML_LAB_NAME, l->lab.lab);
	codec_i64(&b, ML_LAB_TESTED, l->lab.tested);
	codec_i64(&b, ML_LAB_EXPIRES, l->lab.expires);
	if (l->weighed != ADJUST_WEIGHED_NONE)
		codec_i64(&b, ML_WEIGHED, l->weighed);
	if (l->state_id != 0)
		codec_i64(&b, ML_STATE_ID, l->state_id);
	if (l->lab.cert[0] != '\0')
		codec_str(&b, ML_LAB_CERT, l->lab.cert);
	store_manifest_line_key(&k, l->manifest, l->tag);
	store_put(t, DB_MANIFEST_LINE, k.data, k.len, b.data, b.len);
	buf_free(&b);
}
