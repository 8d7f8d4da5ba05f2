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

#ifndef DRAWER_H
#define DRAWER_H

/*
 * Cash drawers and the Z report as the business sees them. A drawer is
 * opened on a register with a counted float, takes cash drops, and is
 * closed with a count; the difference from what the sales say should be
 * there is over or short. A Z report is a store-local day per register
 * and in all. Refunds paid in cash come out of the drawer of the register
 * that made the return; refunds to a card are shown apart. The drawer
 * record is in store.h.
 */

#include "store.h"

struct drawer_totals {
	u_int		sales;
	int64_t		total;		/* complete sales */
	int64_t		cash;		/* cash kept: tendered less change */
	int64_t		card;
	u_int		voids;
	int64_t		voided;
	u_int		refunds;	/* returns */
	int64_t		refunds_cash;	/* out of the drawer */
	int64_t		refunds_card;	/* back to cards */
};

/* drawer.c */
void		 drawer_refund(struct drawer_totals *,
		     const struct sale_return *);
int		 drawer_sum(struct store_txn *, const char *, int64_t, int64_t,
		     struct drawer_totals *);
int64_t		 drawer_expected(const struct drawer *,
		     const struct drawer_totals *);

/* report.c: the Z report of a store-local day. */
struct report_zreg {
	char			terminal[TERMINAL_NAME_MAX + 1];
	struct drawer_totals	totals;
};
struct report_zdrawer {
	struct drawer		drawer;
	struct drawer_totals	totals;
};
struct report_z {
	struct drawer_totals	 store;		/* every register */
	struct report_zreg	*regs;		/* by first seen, newest first */
	u_int			 nregs;
	struct report_zdrawer	*drawers;	/* closed that day */
	u_int			 ndrawers;
};
int		 report_z(struct store_txn *, int, const char *,
		     struct report_z *);
void		 report_z_free(struct report_z *);

#endif /* DRAWER_H */
