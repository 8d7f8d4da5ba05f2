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
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store.h"

/*
 * The audit trail is data, not a log: an append-only table keyed by
 * sequence number, written in the same transaction as the change it
 * records. Each record holds the hash of the one before; its own hash is
 * BLAKE2b-256 over its encoding (which includes that previous hash), so
 * changing, removing or reordering any record breaks every hash after it.
 * The meta counter "audit.last" catches a removed tail.
 *
 *   value = encoding || hash[32]
 */

#define AUDIT_KIND	'A'
enum { AU_SEQ = 1, AU_TIME, AU_STAFF, AU_APPROVER, AU_TERMINAL, AU_ACTION,
    AU_SUBJECT, AU_DETAIL, AU_PREV };

static void
audit_encode(const struct audit *a, struct buf *b)
{
	codec_begin(b, AUDIT_KIND, 1);
	codec_i64(b, AU_SEQ, (int64_t)a->seq);
	codec_i64(b, AU_TIME, a->time);
	codec_i64(b, AU_STAFF, a->staff);
	codec_i64(b, AU_APPROVER, a->approver);
	codec_str(b, AU_TERMINAL, a->terminal);
	codec_str(b, AU_ACTION, a->action);
	codec_str(b, AU_SUBJECT, a->subject);
	codec_str(b, AU_DETAIL, a->detail);
	codec_bytes(b, AU_PREV, a->prev, AUDIT_HASH);
}

static int
audit_decode(const u_char *v, size_t vlen, struct audit *a)
{
	struct codec	 c;
	const u_char	*p;
	size_t		 n;
	int64_t		 seq = 0, staff = 0, approver = 0;

	memset(a, 0, sizeof *a);
	if (vlen < AUDIT_HASH + 2)
		return (-1);
	if (codec_open(&c, v, vlen - AUDIT_HASH, AUDIT_KIND) != 0 ||
	    codec_get_i64(&c, AU_SEQ, &seq) != 0 ||
	    codec_get_i64(&c, AU_TIME, &a->time) < 0 ||
	    codec_get_i64(&c, AU_STAFF, &staff) < 0 ||
	    codec_get_i64(&c, AU_APPROVER, &approver) < 0 ||
	    codec_get_str(&c, AU_TERMINAL, a->terminal,
	    sizeof a->terminal) < 0 ||
	    codec_get_str(&c, AU_ACTION, a->action, sizeof a->action) < 0 ||
	    codec_get_str(&c, AU_SUBJECT, a->subject, sizeof a->subject) < 0 ||
	    codec_get_str(&c, AU_DETAIL, a->detail, sizeof a->detail) < 0 ||
	    codec_get_bytes(&c, AU_PREV, &p, &n) != 0 || n != AUDIT_HASH)
		return (-1);
	memcpy(a->prev, p, AUDIT_HASH);
	memcpy(a->hash, v + vlen - AUDIT_HASH, AUDIT_HASH);
	a->seq = (uint64_t)seq;
	a->staff = (uint32_t)staff;
	a->approver = (uint32_t)approver;
	return (0);
}

/*
 * Append a record in this transaction. staff is who did it (0 for the
 * system or stashctl), approver who approved it (0 if nobody); terminal may
 * be NULL.
 */
void
audit_append(struct store_txn *t, uint32_t staff, uint32_t approver,
    const char *terminal, const char *action, const char *subject,
    const char *fmt, ...)
{
	struct audit		 a, last;
	struct store_key	 k;
	struct buf		 b;
	va_list			 ap;
	uint64_t		 seq;

	if (t->ret != 0)
		return;
	memset(&a, 0, sizeof a);
	seq = store_last_u64(t, DB_AUDIT);
	if (seq != 0) {
		if (audit_get(t, seq, &last) != 0) {
			store_fail(t, STORE_CORRUPT, "audit %llu damaged",
			    (unsigned long long)seq);
			return;
		}
		memcpy(a.prev, last.hash, AUDIT_HASH);
	}
	a.seq = seq + 1;
	a.time = util_now();
	a.staff = staff;
	a.approver = approver;
	strlcpy(a.terminal, terminal != NULL ? terminal : "",
	    sizeof a.terminal);
	strlcpy(a.action, action, sizeof a.action);
	strlcpy(a.subject, subject != NULL ? subject : "", sizeof a.subject);
	va_start(ap, fmt);
	vsnprintf(a.detail, sizeof a.detail, fmt, ap);
	va_end(ap);

	buf_init(&b);
	audit_encode(&a, &b);
	crypto_generichash(a.hash, AUDIT_HASH, b.data, b.len, NULL, 0);
	buf_add(&b, a.hash, AUDIT_HASH);
	store_key_init(&k);
	store_key_u64(&k, a.seq);
	store_put(t, DB_AUDIT, k.data, k.len, b.data, b.len);
	buf_free(&b);
	store_meta_put_i64(t, "audit.last", (int64_t)a.seq);
}

int
audit_get(struct store_txn *t, uint64_t seq, struct audit *a)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	store_key_init(&k);
	store_key_u64(&k, seq);
	if ((r = store_get(t, DB_AUDIT, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	if (audit_decode(v, vlen, a) != 0 || a->seq != seq)
		return (STORE_CORRUPT);
	return (0);
}

/*
 * Walk the whole chain. Returns 0 when every record is whole and linked;
 * otherwise -1 with *bad the first bad sequence number and *cause why.
 * *count is the number of records checked.
 */
int
audit_verify(struct store_txn *t, uint64_t *count, uint64_t *bad,
    char **cause)
{
	struct store_iter	it;
	struct audit		a;
	u_char			prev[AUDIT_HASH], h[AUDIT_HASH];
	uint64_t		expect = 1, last;

	*count = 0;
	*bad = 0;
	memset(prev, 0, sizeof prev);
	store_iter_init(t, &it, DB_AUDIT, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (it.klen != 8 || store_key_get_u64(it.key) != expect) {
			*bad = expect;
			xasprintf(cause, "record %llu is missing",
			    (unsigned long long)expect);
			goto fail;
		}
		if (audit_decode(it.val, it.vlen, &a) != 0 ||
		    a.seq != expect) {
			*bad = expect;
			xasprintf(cause, "record %llu does not decode",
			    (unsigned long long)expect);
			goto fail;
		}
		crypto_generichash(h, AUDIT_HASH, it.val,
		    it.vlen - AUDIT_HASH, NULL, 0);
		if (sodium_memcmp(h, a.hash, AUDIT_HASH) != 0) {
			*bad = expect;
			xasprintf(cause, "record %llu has been altered "
			    "(hash mismatch)", (unsigned long long)expect);
			goto fail;
		}
		if (sodium_memcmp(prev, a.prev, AUDIT_HASH) != 0) {
			*bad = expect;
			xasprintf(cause, "record %llu does not follow record "
			    "%llu (chain broken)", (unsigned long long)expect,
			    (unsigned long long)expect - 1);
			goto fail;
		}
		memcpy(prev, a.hash, AUDIT_HASH);
		(*count)++;
		expect++;
	}
	if (t->ret != 0) {
		xasprintf(cause, "ledger error: %s", t->err);
		return (-1);
	}
	last = (uint64_t)store_meta_get_i64(t, "audit.last");
	if (last != expect - 1) {
		*bad = expect;
		xasprintf(cause, "chain ends at record %llu but %llu were "
		    "written (records removed)", (unsigned long long)expect - 1,
		    (unsigned long long)last);
		return (-1);
	}
	return (0);

fail:
	store_iter_done(&it);
	return (-1);
}

/* The sequence numbers of the latest n records, newest first; how many. */
size_t
audit_latest(struct store_txn *t, uint64_t *seqs, size_t n)
{
	struct store_iter	it;
	size_t			i = 0;

	store_iter_init(t, &it, DB_AUDIT, NULL, 0, 1);
	while (i < n && store_iter_next(&it)) {
		if (it.klen == 8)
			seqs[i++] = store_key_get_u64(it.key);
	}
	store_iter_done(&it);
	return (i);
}
