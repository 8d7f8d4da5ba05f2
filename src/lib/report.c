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

/* Drawers by terminal, then by when they opened. */
static int
report_z_cmp(const void *a, const void *b)
{
	const struct report_zdrawer	*da = *(struct report_zdrawer * const *)a;
	const struct report_zdrawer	*db = *(struct report_zdrawer * const *)b;
	int				 r;

	if ((r = strcmp(da->drawer.terminal, db->drawer.terminal)) != 0)
		return (r);
	if (da->drawer.opened != db->drawer.opened)
		return (da->drawer.opened < db->drawer.opened ? -1 : 1);
	return (0);
}

/*
 * The totals of every drawer of terminal open at time (between its opening
 * and its closing, both included), called with each: a binary search in
 * the sorted drawers for the last opened at or before time, then back
 * over any earlier ones that were still open.
 */
static void
report_z_drawers(struct report_zdrawer **by, u_int n, const char *terminal,
    int64_t time, void (*fn)(struct drawer_totals *, const void *),
    const void *arg)
{
	struct report_zdrawer	*zd;
	u_int			 lo = 0, hi = n, mid;
	int			 r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strcmp(by[mid]->drawer.terminal, terminal);
		if (r < 0 || (r == 0 && by[mid]->drawer.opened <= time))
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo-- > 0) {
		zd = by[lo];
		if (strcmp(zd->drawer.terminal, terminal) != 0)
			break;
		if (zd->drawer.closed >= time)
			fn(&zd->totals, arg);
	}
}

static void
report_z_sale(struct drawer_totals *dt, const void *arg)
{
	const struct sale	*s = arg;

	if (s->status == SALE_VOID) {
		dt->voids++;
		dt->voided += s->total;
		return;
	}
	dt->sales++;
	dt->total += s->total;
	dt->cash += s->tendered - s->change;
	dt->card += s->card;
}

static void
report_z_return(struct drawer_totals *dt, const void *arg)
{
	drawer_refund(dt, arg);
}

/*
 * The Z report of a store-local day (YYYYMMDD in time zone tz): every sale
 * and return of the day per register and in all, and every drawer closed
 * that day with its totals. 0, or -1 on a store error; z is freed with
 * report_z_free either way.
 *
 * One walk of the sales and one of the returns, newest first, whatever
 * the number of drawers: the drawers closed that day are found first, and
 * each sale or return is added to the day's totals and to the drawer of
 * its register that was open at the time (a binary search). The walks
 * stop at the day's start or the earliest of those drawers' openings.
 */
int
report_z(struct store_txn *t, int day, const char *tz, struct report_z *z)
{
	struct store_iter	  it;
	struct sale		 *s;
	struct sale_return	 *r;
	struct drawer		  d;
	struct report_zdrawer	 *zd, **by = NULL;
	int64_t			  from = INT64_MAX;
	int			  sday;
	u_int			  i;

	memset(z, 0, sizeof *z);
	store_iter_init(t, &it, DB_DRAWER, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_drawer_decode(it.val, it.vlen, &d) != 0)
			continue;
		if (util_local_date(d.opened, tz) < day - 1)
			break;
		if (d.status != DRAWER_CLOSED ||
		    util_local_date(d.closed, tz) != day)
			continue;
		z->drawers = xreallocarray(z->drawers, z->ndrawers + 1,
		    sizeof *z->drawers);
		zd = &z->drawers[z->ndrawers++];
		memset(zd, 0, sizeof *zd);
		zd->drawer = d;
		if (d.opened < from)
			from = d.opened;
	}
	store_iter_done(&it);
	if (t->ret != 0)
		return (-1);
	if (z->ndrawers != 0) {
		by = xreallocarray(NULL, z->ndrawers, sizeof *by);
		for (i = 0; i < z->ndrawers; i++)
			by[i] = &z->drawers[i];
		qsort(by, z->ndrawers, sizeof *by, report_z_cmp);
	}

	s = xmalloc(sizeof *s);
	store_iter_init(t, &it, DB_SALE, NULL, 0, 1);
	while (store_iter_next(&it)) {
		if (store_sale_decode(it.val, it.vlen, s) != 0) {
			if (z->ndrawers == 0)
				continue;
			store_fail(t, STORE_CORRUPT, "sale damaged");
			break;
		}
		sday = util_local_date(s->time, tz);
		if (sday < day && s->time < from)
			break;
		if (z->ndrawers != 0)
			report_z_drawers(by, z->ndrawers, s->terminal, s->time,
			    report_z_sale, s);
		if (sday != day)
			continue;
		report_z_sale(report_z_reg(z, s->terminal), s);
		report_z_sale(&z->store, s);
	}
	store_iter_done(&it);
	free(s);

	/* The refunds, by how they went back. */
	r = xmalloc(sizeof *r);
	store_iter_init(t, &it, DB_RETURN, NULL, 0, 1);
	while (t->ret == 0 && store_iter_next(&it)) {
		if (store_return_decode(it.val, it.vlen, r) != 0) {
			if (z->ndrawers == 0)
				continue;
			store_fail(t, STORE_CORRUPT, "return damaged");
			break;
		}
		sday = util_local_date(r->time, tz);
		if (sday < day && r->time < from)
			break;
		if (z->ndrawers != 0)
			report_z_drawers(by, z->ndrawers, r->terminal, r->time,
			    report_z_return, r);
		if (sday != day)
			continue;
		drawer_refund(report_z_reg(z, r->terminal), r);
		drawer_refund(&z->store, r);
	}
	store_iter_done(&it);
	free(r);
	free(by);
	return (t->ret != 0 ? -1 : 0);
}

void
report_z_free(struct report_z *z)
{
	free(z->regs);
	free(z->drawers);
	memset(z, 0, sizeof *z);
}
