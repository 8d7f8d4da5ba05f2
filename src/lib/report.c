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

const char *
report_z_kind(int kind)
{
	switch (kind) {
	case REPORT_Z_SALE:
		return ("sale");
	case REPORT_Z_VOID:
		return ("void");
	case REPORT_Z_REFUND:
		return ("refund");
	}
	return ("unknown");
}

const char *
report_z_why(int why)
{
	switch (why) {
	case REPORT_Z_NO_DRAWER:
		return ("no-drawer");
	case REPORT_Z_DRAWER_OPEN:
		return ("drawer-open");
	case REPORT_Z_DRAWER_OTHER_DAY:
		return ("drawer-other-day");
	case REPORT_Z_OTHER_DAY:
		return ("other-day");
	}
	return ("unknown");
}

/* The walks' state: the day's drawers, sorted two ways. */
struct report_zwalk {
	struct report_z		 *z;
	int			  day;
	const char		 *tz;
	struct report_zdrawer	**ids;		/* tracked, by number */
	u_int			  nids;
	struct report_zdrawer	**old;		/* untracked: by terminal,
						   then opening */
	u_int			  nold;
};

static int
report_z_cmp_id(const void *a, const void *b)
{
	const struct report_zdrawer	*da = *(struct report_zdrawer * const *)a;
	const struct report_zdrawer	*db = *(struct report_zdrawer * const *)b;

	if (da->drawer.id == db->drawer.id)
		return (0);
	return (da->drawer.id < db->drawer.id ? -1 : 1);
}

static int
report_z_cmp_old(const void *a, const void *b)
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
 * The day's drawer a sale or return of terminal at time naming drawer id
 * belongs to, or NULL: by number (a binary search), or, naming none, a
 * drawer from before sales named theirs that was open on that register
 * at the time (the last opened at or before it, if not closed before).
 */
static struct report_zdrawer *
report_z_find(struct report_zwalk *w, const char *terminal, uint64_t id,
    int64_t time)
{
	struct report_zdrawer	*zd;
	u_int			 lo, hi, mid;
	int			 r;

	if (id != 0) {
		lo = 0;
		hi = w->nids;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (w->ids[mid]->drawer.id == id)
				return (w->ids[mid]);
			if (w->ids[mid]->drawer.id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		return (NULL);
	}
	lo = 0;
	hi = w->nold;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strcmp(w->old[mid]->drawer.terminal, terminal);
		if (r < 0 || (r == 0 && w->old[mid]->drawer.opened <= time))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return (NULL);
	zd = w->old[lo - 1];
	if (strcmp(zd->drawer.terminal, terminal) != 0 ||
	    zd->drawer.closed < time)
		return (NULL);
	return (zd);
}

/*
 * A cash movement (amount: into a drawer, out negative), to the day's
 * side if it was made that day and the drawers' if it is in one of the
 * day's; listed when it is on one side only.
 */
static void
report_z_move(struct report_zwalk *w, int kind, uint64_t id, uint64_t sale,
    const char *terminal, int64_t time, int64_t amount, uint64_t drawer,
    const struct report_zdrawer *zd)
{
	struct report_ztie	*tie = &w->z->tie;
	struct report_zmove	*m;
	int			 in_day;

	if (amount == 0)
		return;
	in_day = util_local_date(time, w->tz) == w->day;
	if (in_day)
		tie->day += amount;
	if (zd != NULL)
		tie->drawers += amount;
	if (in_day == (zd != NULL))
		return;
	tie->outside++;
	if (tie->nout == REPORT_Z_OUT_MAX)
		return;
	m = &tie->out[tie->nout++];
	memset(m, 0, sizeof *m);
	m->kind = kind;
	m->id = id;
	m->sale = sale;
	strlcpy(m->terminal, terminal, sizeof m->terminal);
	m->time = time;
	m->amount = amount;
	m->drawer = drawer;
	if (zd != NULL)
		m->why = REPORT_Z_OTHER_DAY;
	else if (drawer == 0)
		m->why = REPORT_Z_NO_DRAWER;
	else
		m->why = REPORT_Z_DRAWER_OPEN;	/* or closed: looked up */
}

/*
 * The Z report of a store-local day (YYYYMMDD in time zone tz): every sale
 * and return of the day per register and in all, every drawer closed that
 * day with its totals, and whether the day's cash ties out with those
 * drawers (struct report_ztie). 0, or -1 on a store error; z is freed
 * with report_z_free either way.
 *
 * One walk of the sales and one of the returns, newest first, whatever
 * the number of drawers: the drawers closed that day are found first, and
 * each sale or return is added to the day's totals and to the day's
 * drawer it names (or, from before sales named theirs, the one open on
 * its register at the time). A void's cash goes back out of its sale's
 * drawer while that is open, so it is found with the sale. The walks stop
 * at the day's start or the earliest of those drawers' openings.
 */
int
report_z(struct store_txn *t, int day, const char *tz, struct report_z *z)
{
	struct report_zwalk	  w;
	struct store_iter	  it;
	struct sale		 *s;
	struct sale_return	 *r;
	struct drawer		  d;
	struct report_zdrawer	 *zd;
	struct report_zmove	 *m;
	int64_t			  from = INT64_MAX, cash;
	int			  sday;
	u_int			  i;

	memset(z, 0, sizeof *z);
	memset(&w, 0, sizeof w);
	w.z = z;
	w.day = day;
	w.tz = tz;
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
		w.ids = xreallocarray(NULL, z->ndrawers, sizeof *w.ids);
		w.old = xreallocarray(NULL, z->ndrawers, sizeof *w.old);
		for (i = 0; i < z->ndrawers; i++) {
			if (z->drawers[i].drawer.tracked)
				w.ids[w.nids++] = &z->drawers[i];
			else
				w.old[w.nold++] = &z->drawers[i];
		}
		qsort(w.ids, w.nids, sizeof *w.ids, report_z_cmp_id);
		qsort(w.old, w.nold, sizeof *w.old, report_z_cmp_old);
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
		zd = report_z_find(&w, s->terminal, s->drawer, s->time);
		if (zd != NULL)
			drawer_sale(&zd->totals, s);
		cash = s->tendered - s->change;
		report_z_move(&w, REPORT_Z_SALE, s->id, s->id, s->terminal,
		    s->time, cash, s->drawer, zd);
		if (s->status == SALE_VOID)
			report_z_move(&w, REPORT_Z_VOID, s->id, s->id,
			    s->terminal, s->void_time, -cash, s->drawer, zd);
		if (sday != day)
			continue;
		drawer_sale(report_z_reg(z, s->terminal), s);
		drawer_sale(&z->store, s);
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
		zd = report_z_find(&w, r->terminal, r->drawer, r->time);
		if (zd != NULL)
			drawer_refund(&zd->totals, r);
		if (r->method == REFUND_CASH)
			report_z_move(&w, REPORT_Z_REFUND, r->id, r->sale,
			    r->terminal, r->time, -r->refund, r->drawer, zd);
		if (sday != day)
			continue;
		drawer_refund(report_z_reg(z, r->terminal), r);
		drawer_refund(&z->store, r);
	}
	store_iter_done(&it);
	free(r);
	free(w.ids);
	free(w.old);

	/* Is the drawer of a movement listed still open? */
	for (i = 0; t->ret == 0 && i < z->tie.nout; i++) {
		m = &z->tie.out[i];
		if (m->why != REPORT_Z_DRAWER_OPEN)
			continue;
		if (store_drawer_get(t, m->drawer, &d) == 0 &&
		    d.status == DRAWER_CLOSED)
			m->why = REPORT_Z_DRAWER_OTHER_DAY;
	}
	return (t->ret != 0 ? -1 : 0);
}

void
report_z_free(struct report_z *z)
{
	free(z->regs);
	free(z->drawers);
	memset(z, 0, sizeof *z);
}
