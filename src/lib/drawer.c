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

#include "drawer.h"

/* Add a return's refund to the totals by how it went back. */
void
drawer_refund(struct drawer_totals *dt, const struct sale_return *r)
{
	dt->refunds++;
	if (r->method == REFUND_CASH)
		dt->refunds_cash += r->refund;
	else if (r->method == REFUND_CARD)
		dt->refunds_card += r->refund;
}

/*
 * Sum the sales and returns of a terminal (NULL: all) between from and to
 * (UTC us, to 0 = now), newest first so the walk stops at from. 0, or -1
 * on a store error.
 */
int
drawer_sum(struct store_txn *t, const char *terminal, int64_t from,
    int64_t to, struct drawer_totals *dt)
{
	struct store_iter	 it;
	struct sale		*s;
	struct sale_return	*r;

	memset(dt, 0, sizeof *dt);
	s = xmalloc(sizeof *s);
	store_iter_init(t, &it, DB_SALE, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_sale_decode(it.val, it.vlen, s) != 0) {
			store_fail(t, STORE_CORRUPT, "sale damaged");
			break;
		}
		if (s->time < from)
			break;
		if ((to != 0 && s->time > to) || (terminal != NULL &&
		    strcmp(s->terminal, terminal) != 0))
			continue;
		if (s->status == SALE_VOID) {
			dt->voids++;
			dt->voided += s->total;
			continue;
		}
		dt->sales++;
		dt->total += s->total;
		dt->cash += s->tendered - s->change;
		dt->card += s->card;
	}
	store_iter_done(&it);
	free(s);
	if (t->ret != 0)
		return (-1);

	r = xmalloc(sizeof *r);
	store_iter_init(t, &it, DB_RETURN, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_return_decode(it.val, it.vlen, r) != 0) {
			store_fail(t, STORE_CORRUPT, "return damaged");
			break;
		}
		if (r->time < from)
			break;
		if ((to != 0 && r->time > to) || (terminal != NULL &&
		    strcmp(r->terminal, terminal) != 0))
			continue;
		drawer_refund(dt, r);
	}
	store_iter_done(&it);
	free(r);
	return (t->ret != 0 ? -1 : 0);
}

/* What the drawer should hold: float, cash kept, less refunds and drops. */
int64_t
drawer_expected(const struct drawer *d, const struct drawer_totals *dt)
{
	return (d->float_cents + dt->cash - dt->refunds_cash - d->drops);
}
