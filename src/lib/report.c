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

/* A register's totals in the Z report, made at its first sale or return. */
static struct drawer_totals *
report_z_reg(struct report_z *z, const char *terminal)
{
	struct report_zreg	*reg;
	u_int			 i;

	for (i = 0; i < z->nregs; i++) {
		if (strcmp(z->regs[i].terminal, terminal) == 0)
			return (&z->regs[i].totals);
	}
	z->regs = xreallocarray(z->regs, z->nregs + 1, sizeof *z->regs);
	reg = &z->regs[z->nregs++];
	memset(reg, 0, sizeof *reg);
	strlcpy(reg->terminal, terminal, sizeof reg->terminal);
	return (&reg->totals);
}

/*
 * The Z report of a store-local day (YYYYMMDD in time zone tz): every sale
 * and return of the day per register and in all, and every drawer closed
 * that day with its totals. 0, or -1 on a store error; z is freed with
 * report_z_free either way.
 */
int
report_z(struct store_txn *t, int day, const char *tz, struct report_z *z)
{
	struct store_iter	 it;
	struct sale		*s;
	struct sale_return	*r;
	struct drawer		 d;
	struct drawer_totals	*reg, dt;
	struct report_zdrawer	*zd;
	int			 sday;

	memset(z, 0, sizeof *z);
	s = xmalloc(sizeof *s);
	store_iter_init(t, &it, DB_SALE, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_sale_decode(it.val, it.vlen, s) != 0)
			continue;
		sday = util_local_date(s->time, tz);
		if (sday < day)
			break;
		if (sday > day)
			continue;
		reg = report_z_reg(z, s->terminal);
		if (s->status == SALE_VOID) {
			reg->voids++;
			reg->voided += s->total;
			z->store.voids++;
			z->store.voided += s->total;
		} else {
			reg->sales++;
			reg->total += s->total;
			reg->cash += s->tendered - s->change;
			reg->card += s->card;
			z->store.sales++;
			z->store.total += s->total;
			z->store.cash += s->tendered - s->change;
			z->store.card += s->card;
		}
	}
	store_iter_done(&it);
	free(s);

	/* The day's refunds, by how they went back. */
	r = xmalloc(sizeof *r);
	store_iter_init(t, &it, DB_RETURN, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_return_decode(it.val, it.vlen, r) != 0)
			continue;
		sday = util_local_date(r->time, tz);
		if (sday < day)
			break;
		if (sday > day)
			continue;
		drawer_refund(report_z_reg(z, r->terminal), r);
		drawer_refund(&z->store, r);
	}
	store_iter_done(&it);
	free(r);

	store_iter_init(t, &it, DB_DRAWER, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_drawer_decode(it.val, it.vlen, &d) != 0)
			continue;
		if (util_local_date(d.opened, tz) < day - 1)
			break;
		if (d.status != DRAWER_CLOSED ||
		    util_local_date(d.closed, tz) != day)
			continue;
		if (drawer_sum(t, d.terminal, d.opened, d.closed, &dt) != 0)
			break;
		z->drawers = xreallocarray(z->drawers, z->ndrawers + 1,
		    sizeof *z->drawers);
		zd = &z->drawers[z->ndrawers++];
		zd->drawer = d;
		zd->totals = dt;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

void
report_z_free(struct report_z *z)
{
	free(z->regs);
	free(z->drawers);
	memset(z, 0, sizeof *z);
}
