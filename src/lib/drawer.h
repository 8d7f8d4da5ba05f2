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
 *
 * Every cash movement belongs to exactly one drawer session: a sale's
 * cash kept goes into the drawer open on its register, named on the sale
 * (cash needs one: drawer_for_cash); a void gives that cash back out of
 * the same drawer, so only while it is open; a cash refund comes out of
 * the drawer open on the register making the return, named on the
 * return. A register marked card-only (stashctl terminal set NAME
 * card-only yes) takes no cash and opens no drawer.
 */

#include "store.h"

struct drawer_totals {
	u_int		sales;
	int64_t		total;		/* complete sales */
	int64_t		cash;		/* cash kept: tendered less change,
					   of the sales not void */
	int64_t		cash_in;	/* kept by every sale, void or not */
	int64_t		void_cash;	/* given back by voids */
	int64_t		card;
	u_int		voids;
	int64_t		voided;
	u_int		refunds;	/* returns */
	int64_t		refunds_cash;	/* out of the drawer */
	int64_t		refunds_card;	/* back to cards */
};

#define DRAWER_NOTE_MAX	128	/* a drop's note, bytes */

/* drawer.c */
enum drawer_err {
	DRAWER_OK = 0,
	DRAWER_E_CONFLICT,	/* one is open already */
	DRAWER_E_CARD_ONLY,	/* the register takes no cash */
	DRAWER_E_NONE,		/* no drawer is open */
	DRAWER_E_STORE,
};
const char	*drawer_err_code(enum drawer_err);
enum drawer_err	 drawer_open(struct store_txn *, const char *, uint32_t,
		     int64_t, struct drawer *, char **);
enum drawer_err	 drawer_for_cash(struct store_txn *, const char *,
		     const char *, struct drawer *, char **);
int		 drawer_has(const struct drawer *, const char *, uint64_t);
void		 drawer_sale(struct drawer_totals *, const struct sale *);
void		 drawer_refund(struct drawer_totals *,
		     const struct sale_return *);
int		 drawer_sum(struct store_txn *, const struct drawer *,
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
/*
 * Whether the day's cash ties out: every cash movement of the day (a
 * sale's cash in, a void's and a cash refund's out) against those of the
 * drawers closed that day. A movement of the day in no such drawer, or in
 * one of them but on another day, is listed (the first REPORT_Z_OUT_MAX)
 * and makes the difference: day - drawers = the listed, summed.
 */
#define REPORT_Z_OUT_MAX	50
enum report_zkind { REPORT_Z_SALE = 1, REPORT_Z_VOID, REPORT_Z_REFUND };
enum report_zwhy {
	REPORT_Z_NO_DRAWER = 1,		/* taken with no drawer */
	REPORT_Z_DRAWER_OPEN,		/* its drawer is still open */
	REPORT_Z_DRAWER_OTHER_DAY,	/* its drawer closed another day */
	REPORT_Z_OTHER_DAY,		/* a day's drawer, another day's */
};
struct report_zmove {
	int		 kind;		/* REPORT_Z_* */
	uint64_t	 id;		/* the sale, or the return */
	uint64_t	 sale;
	char		 terminal[TERMINAL_NAME_MAX + 1];
	int64_t		 time;
	int64_t		 amount;	/* into a drawer; out is negative */
	uint64_t	 drawer;	/* 0: none */
	int		 why;		/* REPORT_Z_NO_DRAWER ... */
};
struct report_ztie {
	int64_t			 day;		/* the day's movements, net */
	int64_t			 drawers;	/* the day's drawers', net */
	struct report_zmove	 out[REPORT_Z_OUT_MAX];
	u_int			 nout;		/* listed */
	u_int			 outside;	/* in all */
};
struct report_z {
	struct drawer_totals	 store;		/* every register */
	struct report_zreg	*regs;		/* by first seen, newest first */
	u_int			 nregs;
	struct report_zdrawer	*drawers;	/* closed that day */
	u_int			 ndrawers;
	struct report_ztie	 tie;
};
const char	*report_z_why(int);
const char	*report_z_kind(int);
int		 report_z(struct store_txn *, int, const char *,
		     struct report_z *);
void		 report_z_free(struct report_z *);

#endif /* DRAWER_H */
