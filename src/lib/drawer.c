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

const char *
drawer_err_code(enum drawer_err e)
{
	switch (e) {
	case DRAWER_OK:
		return ("ok");
	case DRAWER_E_CONFLICT:
		return ("conflict");
	case DRAWER_E_CARD_ONLY:
	case DRAWER_E_NONE:
		return ("tender");
	case DRAWER_E_STORE:
		break;
	}
	return ("internal");
}

/* Whether terminal is marked card-only: 1, 0, or -1 on a store error. */
static int
drawer_card_only(struct store_txn *t, const char *terminal)
{
	struct terminal	tm;
	int		r;

	r = store_terminal_get(t, terminal, &tm);
	if (r == STORE_NOTFOUND)
		return (0);
	if (r != 0)
		return (-1);
	return (tm.card_only);
}

/*
 * Open a drawer on terminal with a counted float: one at a time, and none
 * on a card-only register. *d is the new drawer (written, not audited:
 * the caller audits).
 */
enum drawer_err
drawer_open(struct store_txn *t, const char *terminal, uint32_t staff,
    int64_t float_cents, struct drawer *d, char **cause)
{
	int	r;

	if ((r = drawer_card_only(t, terminal)) != 0) {
		if (r == -1)
			return (DRAWER_E_STORE);
		xasprintf(cause, "%s is a card-only register: it takes no "
		    "cash and opens no drawer", terminal);
		return (DRAWER_E_CARD_ONLY);
	}
	r = store_drawer_open_get(t, terminal, d);
	if (r == 0) {
		xasprintf(cause, "drawer %llu is already open on %s: close it "
		    "first", (unsigned long long)d->id, terminal);
		return (DRAWER_E_CONFLICT);
	}
	if (r != STORE_NOTFOUND)
		return (DRAWER_E_STORE);
	memset(d, 0, sizeof *d);
	strlcpy(d->terminal, terminal, sizeof d->terminal);
	d->status = DRAWER_OPEN;
	d->tracked = 1;
	d->opened = util_now();
	d->opened_by = staff;
	d->float_cents = float_cents;
	store_drawer_put(t, d);
	return (t->ret != 0 ? DRAWER_E_STORE : DRAWER_OK);
}

/*
 * The drawer cash taken or paid out on terminal goes through: its open
 * drawer in *d. Otherwise why not, ending with instead (what to do rather
 * than cash: "take card").
 */
enum drawer_err
drawer_for_cash(struct store_txn *t, const char *terminal,
    const char *instead, struct drawer *d, char **cause)
{
	int	r;

	if ((r = drawer_card_only(t, terminal)) != 0) {
		if (r == -1)
			return (DRAWER_E_STORE);
		xasprintf(cause, "%s is a card-only register and takes no "
		    "cash: %s", terminal, instead);
		return (DRAWER_E_CARD_ONLY);
	}
	r = store_drawer_open_get(t, terminal, d);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no drawer is open: open a drawer on this "
		    "register first, or %s", instead);
		return (DRAWER_E_NONE);
	}
	return (r != 0 ? DRAWER_E_STORE : DRAWER_OK);
}

/*
 * Whether a sale or return of terminal naming drawer id (0: none) is d's
 * (its time aside): named, or for a drawer from before sales named
 * theirs, one of its register's.
 */
int
drawer_has(const struct drawer *d, const char *terminal, uint64_t id)
{
	if (d->tracked)
		return (id == d->id);
	return (id == 0 && strcmp(terminal, d->terminal) == 0);
}

/* Add a sale to the totals: its cash in, and back out if it is void. */
void
drawer_sale(struct drawer_totals *dt, const struct sale *s)
{
	int64_t	cash = s->tendered - s->change;

	dt->cash_in += cash;
	if (s->status == SALE_VOID) {
		dt->voids++;
		dt->voided += s->total;
		dt->void_cash += cash;
		return;
	}
	dt->sales++;
	dt->total += s->total;
	dt->cash += cash;
	dt->card += s->card;
}

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
 * Sum the sales and returns of drawer d (drawer_has) between its opening
 * and its closing (open: now), newest first so the walk stops at its
 * opening. A void gives the cash back out of the sale's own drawer, so
 * it is found with the sale. 0, or -1 on a store error.
 */
int
drawer_sum(struct store_txn *t, const struct drawer *d,
    struct drawer_totals *dt)
{
	struct store_iter	 it;
	struct sale		*s;
	struct sale_return	*r;
	int64_t			 from = d->opened, to = d->closed;

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
		if ((to != 0 && s->time > to) ||
		    !drawer_has(d, s->terminal, s->drawer))
			continue;
		drawer_sale(dt, s);
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
		if ((to != 0 && r->time > to) ||
		    !drawer_has(d, r->terminal, r->drawer))
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
