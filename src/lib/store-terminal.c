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

/* Terminals, keyed by name. Secrets are stored only as BLAKE2b hashes. */

#define TERMINAL_KIND	'T'
enum { TM_NAME = 1, TM_STATUS, TM_CODE, TM_CODE_EXPIRES, TM_CRED, TM_CREATED,
    TM_ENROLLED, TM_CARD_ONLY };

const char *
store_terminal_status_name(int status)
{
	switch (status) {
	case TERMINAL_PENDING:
		return ("pending");
	case TERMINAL_ACTIVE:
		return ("active");
	case TERMINAL_REVOKED:
		return ("revoked");
	}
	return ("unknown");
}

static int
store_terminal_hash(struct codec *c, u_int tag, u_char *out)
{
	const u_char	*p;
	size_t		 n;

	if (codec_get_bytes(c, tag, &p, &n) != 0) {
		memset(out, 0, 32);
		return (0);
	}
	if (n != 32)
		return (-1);
	memcpy(out, p, 32);
	return (0);
}

int
store_terminal_get(struct store_txn *t, const char *name, struct terminal *tm)
{
	struct store_key	 k;
	struct codec		 c;
	const u_char		*v;
	size_t			 vlen;
	int64_t			 status = 0, card_only = 0;
	int			 r;

	memset(tm, 0, sizeof *tm);
	if (strlen(name) > TERMINAL_NAME_MAX)
		return (STORE_NOTFOUND);
	store_key_init(&k);
	store_key_str(&k, name);
	if ((r = store_get(t, DB_TERMINAL, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	if (codec_open(&c, v, vlen, TERMINAL_KIND) != 0 ||
	    codec_get_str(&c, TM_NAME, tm->name, sizeof tm->name) < 0 ||
	    codec_get_i64(&c, TM_STATUS, &status) < 0 ||
	    store_terminal_hash(&c, TM_CODE, tm->code_hash) != 0 ||
	    codec_get_i64(&c, TM_CODE_EXPIRES, &tm->code_expires) < 0 ||
	    store_terminal_hash(&c, TM_CRED, tm->cred_hash) != 0 ||
	    codec_get_i64(&c, TM_CREATED, &tm->created) < 0 ||
	    codec_get_i64(&c, TM_ENROLLED, &tm->enrolled) < 0 ||
	    codec_get_i64(&c, TM_CARD_ONLY, &card_only) < 0) {
		store_fail(t, STORE_CORRUPT, "terminal record damaged");
		return (STORE_CORRUPT);
	}
	tm->status = (int)status;
	tm->card_only = card_only != 0;
	return (0);
}

void
store_terminal_put(struct store_txn *t, const struct terminal *tm)
{
	struct store_key	k;
	struct buf		b;

	buf_init(&b);
	codec_begin(&b, TERMINAL_KIND, 1);
	codec_str(&b, TM_NAME, tm->name);
	codec_i64(&b, TM_STATUS, tm->status);
	codec_bytes(&b, TM_CODE, tm->code_hash, 32);
	codec_i64(&b, TM_CODE_EXPIRES, tm->code_expires);
	codec_bytes(&b, TM_CRED, tm->cred_hash, 32);
	codec_i64(&b, TM_CREATED, tm->created);
	codec_i64(&b, TM_ENROLLED, tm->enrolled);
	if (tm->card_only)
		codec_i64(&b, TM_CARD_ONLY, 1);
	store_key_init(&k);
	store_key_str(&k, tm->name);
	store_put(t, DB_TERMINAL, k.data, k.len, b.data, b.len);
	buf_free(&b);
	store_staff_generation_bump(t);
}

/*
 * Every terminal in name order, until cb returns non-zero. -1 if the walk
 * failed (t->ret says why).
 */
int
store_terminal_walk(struct store_txn *t,
    int (*cb)(const struct terminal *, void *), void *arg)
{
	struct store_iter	it;
	struct terminal		tm;
	char			name[TERMINAL_NAME_MAX + 1];
	size_t			n;

	store_iter_init(t, &it, DB_TERMINAL, NULL, 0, 0);
	while (store_iter_next(&it)) {
		/* Key: 16-bit length, then the name. */
		if (it.klen < 2)
			break;
		n = (size_t)it.key[0] << 8 | it.key[1];
		if (n != it.klen - 2 || n > TERMINAL_NAME_MAX) {
			store_fail(t, STORE_CORRUPT, "terminal key damaged");
			break;
		}
		memcpy(name, it.key + 2, n);
		name[n] = '\0';
		if (store_terminal_get(t, name, &tm) != 0)
			break;
		if (cb(&tm, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}
