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
 * Holds and recalls. A hold names a package, a batch, a product or a
 * supplier's licence; a package is held if any of the four matches it, so
 * a recall of a batch blocks every package of it at once, including ones
 * received later.
 */

#define HOLD_KIND	'H'
enum { HO_SCOPE = 1, HO_KEY, HO_RECALL, HO_REASON, HO_STAFF, HO_TIME };

static const struct {
	int		 scope;
	const char	*name;
} store_hold_scopes[] = {
	{ HOLD_PACKAGE, "package" },
	{ HOLD_BATCH, "batch" },
	{ HOLD_PRODUCT, "product" },
	{ HOLD_SUPPLIER, "supplier" },
};

const char *
store_hold_scope_name(int scope)
{
	size_t	i;

	for (i = 0; i < sizeof store_hold_scopes / sizeof *store_hold_scopes;
	    i++) {
		if (store_hold_scopes[i].scope == scope)
			return (store_hold_scopes[i].name);
	}
	return ("unknown");
}

int
store_hold_scope_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof store_hold_scopes / sizeof *store_hold_scopes;
	    i++) {
		if (strcmp(store_hold_scopes[i].name, name) == 0)
			return (store_hold_scopes[i].scope);
	}
	return (-1);
}

static void
store_hold_key(struct store_key *k, int scope, const char *key)
{
	u_char	s = (u_char)scope;

	store_key_init(k);
	memcpy(k->data, &s, 1);
	k->len = 1;
	store_key_str(k, key);
}

int
store_hold_decode(const u_char *v, size_t vlen, struct hold *h)
{
	struct codec	c;
	int64_t		scope = 0, recall = 0, staff = 0;

	memset(h, 0, sizeof *h);
	if (codec_open(&c, v, vlen, HOLD_KIND) != 0 ||
	    codec_get_i64(&c, HO_SCOPE, &scope) != 0 ||
	    codec_get_str(&c, HO_KEY, h->key, sizeof h->key) != 0 ||
	    codec_get_i64(&c, HO_RECALL, &recall) < 0 ||
	    codec_get_str(&c, HO_REASON, h->reason, sizeof h->reason) < 0 ||
	    codec_get_i64(&c, HO_STAFF, &staff) < 0 ||
	    codec_get_i64(&c, HO_TIME, &h->time) < 0)
		return (-1);
	h->scope = (int)scope;
	h->recall = recall != 0;
	h->staff = (uint32_t)staff;
	return (0);
}

int
store_hold_get(struct store_txn *t, int scope, const char *key,
    struct hold *h)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	if (strlen(key) > LICENCE_MAX)
		return (STORE_NOTFOUND);
	store_hold_key(&k, scope, key);
	if ((r = store_get(t, DB_HOLD, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	if (store_hold_decode(v, vlen, h) != 0) {
		store_fail(t, STORE_CORRUPT, "hold record damaged");
		return (STORE_CORRUPT);
	}
	return (0);
}

void
store_hold_put(struct store_txn *t, const struct hold *h)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, HOLD_KIND, 1);
	codec_i64(&b, HO_SCOPE, h->scope);
	codec_str(&b, HO_KEY, h->key);
	codec_i64(&b, HO_RECALL, h->recall);
	codec_str(&b, HO_REASON, h->reason);
	codec_i64(&b, HO_STAFF, h->staff);
	codec_i64(&b, HO_TIME, h->time);
	store_hold_key(&k, h->scope, h->key);
	store_put(t, DB_HOLD, k.data, k.len, b.data, b.len);
	buf_free(&b);
}

void
store_hold_del(struct store_txn *t, int scope, const char *key)
{
	struct store_key	k;

	store_hold_key(&k, scope, key);
	store_del(t, DB_HOLD, k.data, k.len);
}

/*
 * Is this package held by any hold? 0 with *h the first that matches
 * (package, then batch, product, supplier), STORE_NOTFOUND if none.
 */
int
store_hold_match(struct store_txn *t, const struct package *pk, struct hold *h)
{
	char	id[16];
	int	r;

	if ((r = store_hold_get(t, HOLD_PACKAGE, pk->tag, h)) !=
	    STORE_NOTFOUND)
		return (r);
	if (pk->batch[0] != '\0' && (r = store_hold_get(t, HOLD_BATCH,
	    pk->batch, h)) != STORE_NOTFOUND)
		return (r);
	snprintf(id, sizeof id, "%u", pk->product);
	if ((r = store_hold_get(t, HOLD_PRODUCT, id, h)) != STORE_NOTFOUND)
		return (r);
	if (pk->supplier[0] != '\0')
		return (store_hold_get(t, HOLD_SUPPLIER, pk->supplier, h));
	return (STORE_NOTFOUND);
}
