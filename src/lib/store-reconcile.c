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


#include "config.h"

#include <string.h>

#include "store.h"
#include "reconcile.h"

/*
 * The ledger's history of reconciliations with the state: a record per
 * completed run (DB_RECONCILE, u64 id -> run, ids in time order), put in
 * the run's last transaction, with the holds it put on.
 */

#define RECONCILE_RUN_KIND	'R'
enum { RR_ID = 1, RR_AT, RR_STAFF, RR_WHO, RR_PACKAGES, RR_COMPARED,
    RR_NOT_HERE, RR_QUANTITY, RR_HOLD, RR_NOT_AT_STATE, RR_EXPLAINED,
    RR_HELD };

int
store_reconcile_decode(const u_char *v, size_t vlen, struct reconcile_run *r)
{
	struct codec	c;
	int64_t		id = 0, staff = 0;
	u_int		i;

	memset(r, 0, sizeof *r);
	if (codec_open(&c, v, vlen, RECONCILE_RUN_KIND) != 0 ||
	    codec_get_i64(&c, RR_ID, &id) != 0 ||
	    codec_get_i64(&c, RR_AT, &r->at) < 0 ||
	    codec_get_i64(&c, RR_STAFF, &staff) < 0 ||
	    codec_get_str(&c, RR_WHO, r->who, sizeof r->who) < 0 ||
	    codec_get_i64(&c, RR_PACKAGES, &r->packages) < 0 ||
	    codec_get_i64(&c, RR_COMPARED, &r->compared) < 0 ||
	    codec_get_i64(&c, RR_EXPLAINED, &r->explained) < 0 ||
	    codec_get_i64(&c, RR_HELD, &r->held) < 0 ||
	    id <= 0 || staff < 0 || staff > UINT32_MAX)
		return (-1);
	for (i = 0; i < RECONCILE_KINDS; i++) {
		if (codec_get_i64(&c, RR_NOT_HERE + i, &r->kinds[i]) < 0)
			return (-1);
	}
	r->id = (uint64_t)id;
	r->staff = (uint32_t)staff;
	return (0);
}

/* A run into the history; r->id is set to its number. */
void
store_reconcile_put(struct store_txn *t, struct reconcile_run *r)
{
	struct store_key	k;
	struct buf		b;
	u_int			i;

	r->id = store_last_u64(t, DB_RECONCILE) + 1;
	buf_init(&b);
	codec_begin(&b, RECONCILE_RUN_KIND, 1);
	codec_i64(&b, RR_ID, (int64_t)r->id);
	codec_i64(&b, RR_AT, r->at);
	codec_i64(&b, RR_STAFF, r->staff);
	codec_str(&b, RR_WHO, r->who);
	codec_i64(&b, RR_PACKAGES, r->packages);
	codec_i64(&b, RR_COMPARED, r->compared);
	for (i = 0; i < RECONCILE_KINDS; i++)
		codec_i64(&b, RR_NOT_HERE + i, r->kinds[i]);
	codec_i64(&b, RR_EXPLAINED, r->explained);
	codec_i64(&b, RR_HELD, r->held);
	store_key_init(&k);
	store_key_u64(&k, r->id);
	store_put(t, DB_RECONCILE, k.data, k.len, b.data, b.len);
	buf_free(&b);
}

/*
 * The runs newest first, before the run numbered before (0: from the
 * newest), at most max of them, each given to cb. *more says whether
 * older ones are left. -1 if the ledger could not be read.
 */
int
store_reconcile_list(struct store_txn *t, uint64_t before, size_t max,
    void (*cb)(const struct reconcile_run *, void *), void *arg, int *more)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct reconcile_run	 r;
	size_t			 n = 0;

	*more = 0;
	store_iter_init(t, &it, DB_RECONCILE, NULL, 0, 1);
	if (before != 0) {
		store_key_init(&k);
		store_key_u64(&k, before);
		store_iter_before(&it, k.data, k.len);
	}
	while (store_iter_next(&it)) {
		if (store_reconcile_decode(it.val, it.vlen, &r) != 0) {
			store_fail(t, STORE_CORRUPT, "a reconciliation record "
			    "is damaged");
			break;
		}
		if (n == max) {
			*more = 1;
			break;
		}
		cb(&r, arg);
		n++;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}
