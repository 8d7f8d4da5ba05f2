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
 * Returns: goods a customer brought back from a sale and what they were
 * refunded, keyed by number. The sale itself carries each line's returned
 * quantity and the sum refunded; this is the record of each return.
 */

#define RETURN_KIND	'R'
#define RLINE_KIND	'r'
enum { RE_ID = 1, RE_SALE, RE_TIME, RE_TERMINAL, RE_STAFF, RE_APPROVER,
    RE_REASON, RE_LINE, RE_REFUND, RE_METHOD, RE_CARD_REF,
    RE_DRAWER };
enum { RL_TAG = 1, RL_QTY, RL_REFUND };

int
store_return_decode(const u_char *v, size_t vlen, struct sale_return *r)
{
	struct codec		 c, lc;
	struct sale_return_line	*l;
	const u_char		*lv;
	size_t			 pos = 0, llen;
	int64_t			 id = 0, sale = 0, staff = 0;
	int64_t			 approver = 0, method = 0, drawer = 0;

	memset(r, 0, sizeof *r);
	if (codec_open(&c, v, vlen, RETURN_KIND) != 0 ||
	    codec_get_i64(&c, RE_ID, &id) != 0 ||
	    codec_get_i64(&c, RE_SALE, &sale) != 0 ||
	    codec_get_i64(&c, RE_TIME, &r->time) != 0 ||
	    codec_get_str(&c, RE_TERMINAL, r->terminal,
	    sizeof r->terminal) < 0 ||
	    codec_get_i64(&c, RE_STAFF, &staff) < 0 ||
	    codec_get_i64(&c, RE_APPROVER, &approver) < 0 ||
	    codec_get_str(&c, RE_REASON, r->reason, sizeof r->reason) < 0 ||
	    codec_get_i64(&c, RE_REFUND, &r->refund) != 0 ||
	    codec_get_i64(&c, RE_METHOD, &method) < 0 ||
	    codec_get_str(&c, RE_CARD_REF, r->card_ref,
	    sizeof r->card_ref) < 0 ||
	    codec_get_i64(&c, RE_DRAWER, &drawer) < 0 || drawer < 0 ||
	    method < REFUND_UNRECORDED || method > REFUND_CARD ||
	    id <= 0 || sale <= 0 || staff < 0 || staff > UINT32_MAX ||
	    approver < 0 || approver > UINT32_MAX)
		return (-1);
	while (codec_next(&c, &pos, RE_LINE, &lv, &llen)) {
		if (r->nlines == MAX_SALE_LINES ||
		    codec_open(&lc, lv, llen, RLINE_KIND) != 0)
			return (-1);
		l = &r->lines[r->nlines++];
		if (codec_get_str(&lc, RL_TAG, l->tag, sizeof l->tag) != 0 ||
		    codec_get_i64(&lc, RL_QTY, &l->qty) != 0 ||
		    codec_get_i64(&lc, RL_REFUND, &l->refund) != 0)
			return (-1);
	}
	r->id = (uint64_t)id;
	r->sale = (uint64_t)sale;
	r->staff = (uint32_t)staff;
	r->approver = (uint32_t)approver;
	r->method = (int)method;
	r->drawer = (uint64_t)drawer;
	return (0);
}

/* "cash", "card", or "unrecorded" for a return from before methods. */
const char *
store_return_method_name(int method)
{
	switch (method) {
	case REFUND_CASH:
		return ("cash");
	case REFUND_CARD:
		return ("card");
	}
	return ("unrecorded");
}

int
store_return_get(struct store_txn *t, uint64_t id, struct sale_return *r)
{
	const u_char	*v;
	size_t		 vlen;
	int		 rc;

	if ((rc = store_get_u64(t, DB_RETURN, id, &v, &vlen)) != 0)
		return (rc);
	if (store_return_decode(v, vlen, r) != 0 || r->id != id)
		return (store_damaged(t, "return", id));
	return (0);
}

/*
 * Add a return under the next number (set in r->id), after its sale is
 * written (the rollups read it).
 */
void
store_return_add(struct store_txn *t, struct sale_return *r)
{
	struct store_key	 k;
	struct buf		 b, lb;
	u_int			 i;

	r->id = store_last_u64(t, DB_RETURN) + 1;
	buf_init(&b);
	buf_init(&lb);
	codec_begin(&b, RETURN_KIND, 1);
	codec_i64(&b, RE_ID, (int64_t)r->id);
	codec_i64(&b, RE_SALE, (int64_t)r->sale);
	codec_i64(&b, RE_TIME, r->time);
	codec_str(&b, RE_TERMINAL, r->terminal);
	codec_i64(&b, RE_STAFF, r->staff);
	codec_i64(&b, RE_APPROVER, r->approver);
	codec_str(&b, RE_REASON, r->reason);
	for (i = 0; i < r->nlines; i++) {
		codec_begin(&lb, RLINE_KIND, 1);
		codec_str(&lb, RL_TAG, r->lines[i].tag);
		codec_i64(&lb, RL_QTY, r->lines[i].qty);
		codec_i64(&lb, RL_REFUND, r->lines[i].refund);
		codec_bytes(&b, RE_LINE, lb.data, lb.len);
	}
	codec_i64(&b, RE_REFUND, r->refund);
	if (r->method != REFUND_UNRECORDED)
		codec_i64(&b, RE_METHOD, r->method);
	if (r->card_ref[0] != '\0')
		codec_str(&b, RE_CARD_REF, r->card_ref);
	if (r->drawer != 0)
		codec_i64(&b, RE_DRAWER, (int64_t)r->drawer);
	store_key_init(&k);
	store_key_u64(&k, r->id);
	store_put(t, DB_RETURN, k.data, k.len, b.data, b.len);
	buf_free(&b);
	buf_free(&lb);
	roll_return(t, r);
}
