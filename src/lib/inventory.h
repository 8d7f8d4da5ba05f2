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

#ifndef INVENTORY_H
#define INVENTORY_H

/* Stock: where a package may be sold from, adjustments, moves, holds. */

#include "store.h"

struct inventory_reason {
	const char	*name;		/* ours, on the protocol */
	const char	*metrc;		/* the state system's usual name */
	int		 witness;	/* a second staff member must witness */
	int		 report;	/* flagged for the state's loss report */
	int		 increase;	/* may add stock */
};

/*
 * The most one package holds, and so the most one adjustment moves:
 * units, or mg for a product sold by weight (100 kg). An increase also
 * stops at twice what the package was received with (at least
 * INVENTORY_SLACK_UNITS or _MG more): stock a package never had is not
 * found by correcting an entry.
 */
#define INVENTORY_UNITS_MAX	INT64_C(1000000)
#define INVENTORY_MG_MAX	INT64_C(100000000)
#define INVENTORY_SLACK_UNITS	INT64_C(10)
#define INVENTORY_SLACK_MG	INT64_C(10000)

/* inventory.c */
int		 inventory_pick(struct store_txn *, const struct product *,
		     struct package *, int64_t *);
int		 inventory_product_search(struct store_txn *, const char *,
		     u_int, void (*)(const struct product *, int64_t, void *),
		     void *);
int		 inventory_holds(struct store_txn *,
		     void (*)(const struct hold *, void *), void *);
const struct inventory_reason *inventory_reason_find(const char *);
const struct inventory_reason *inventory_reasons(size_t *);
int		 inventory_location_valid(const char *);
int		 inventory_package_get(struct store_txn *, const char *,
		     struct package *, struct product *, char **);
int		 inventory_product_check(const struct product *, char **);
int		 inventory_product_find(struct store_txn *, const char *,
		     struct product *, char **);
int		 inventory_scope_key(struct store_txn *, int, const char *,
		     char *, size_t, char **);
int		 inventory_scope_stock(struct store_txn *, int, const char *,
		     u_int *, int64_t *, int64_t *);
void		 inventory_product_diff(const struct product *,
		     const struct product *, struct buf *);
int		 inventory_product_update(struct store_txn *,
		     const struct product *, const struct product *, uint32_t,
		     const char *, const char *, int *, char **);
int		 inventory_sellable(struct store_txn *, const struct package *,
		     const struct product *, char **);
int		 inventory_adjust(struct store_txn *, const char *, int64_t,
		     const char *, const char *, uint32_t, uint32_t,
		     const char *, struct package *, char **);
int		 inventory_adjust_wait(struct store_txn *, const char *, int64_t,
		     const char *, const char *, uint32_t, uint32_t,
		     const char *, int, int, struct package *, char **);
int		 inventory_move(struct store_txn *, const char *, const char *,
		     uint32_t, const char *, struct package *, char **);
int		 inventory_hold(struct store_txn *, int, const char *, int,
		     const char *, uint32_t, const char *, char **);
int		 inventory_release(struct store_txn *, int, const char *,
		     const char *, uint32_t, const char *, char **);
/* The reason of a hold put on until a package's lab result passes. */
#define INVENTORY_LAB_HOLD	"lab: "
const char	*inventory_status_name(const struct package *, int);
enum inventory_err {
	INVENTORY_OK = 0,
	INVENTORY_E_INVALID,
	INVENTORY_E_NOTFOUND,
	INVENTORY_E_STORE,
};
/* What a package record alone does not say: its product and its hold. */
struct inventory_package_info {
	struct product	 product;
	int		 has_product;	/* 0: no longer in the catalogue */
	struct hold	 hold;
	int		 held;		/* hold is the one that applies */
	int		 on_delivery;	/* in a vehicle on a loaded or out
					   trip (the trace only) */
};
void		 inventory_package_info(struct store_txn *,
		     const struct package *, struct inventory_package_info *);
int		 inventory_history(struct store_txn *, const char *,
		     void (*)(const struct adjust *, void *), void *);
#define INVENTORY_LIST_PAGE	500	/* report rows in a page by default */
#define INVENTORY_LIST_MAX	2000	/* report rows in a page at most */
struct inventory_low_row {
	const struct product	*product;
	int64_t			 sellable;	/* not held, in date, tested */
	int64_t			 on_hand;
};
int		 inventory_low(struct store_txn *, uint32_t, u_int,
		     void (*)(const struct inventory_low_row *, void *), void *,
		     uint32_t *);
struct inventory_expiring_row {
	const struct package	*package;
	const struct product	*product;
	int			 expired;	/* already past today */
};
int		 inventory_expiring(struct store_txn *, int, int, const char *,
		     u_int, void (*)(const struct inventory_expiring_row *,
		     void *), void *, char *);
struct inventory_trace_cb {
	void	(*package)(const struct package *,
		    const struct inventory_package_info *, int, void *);
	void	(*sale)(uint64_t, const struct sale_brief *, void *);
	void	(*adjust)(const struct adjust *, void *);
	void	(*done)(int64_t, void *);
	void	 *arg;
};
struct inventory_trace_totals {
	int64_t		 received;
	int64_t		 on_hand;
	int64_t		 sold;
	int64_t		 voided;
	int64_t		 out_on_delivery; /* on hand in a vehicle on a trip */
	int64_t		 delivered;	/* of sold: through delivery orders */
	int		 more;			/* the page is full */
	char		 next_tag[TAG_LEN + 1];	/* then: where it ended */
	uint64_t	 next_sale;
};
int		 inventory_trace(struct store_txn *, int, const char *,
		     const char *, uint64_t, u_int,
		     const struct inventory_trace_cb *,
		     struct inventory_trace_totals *, char **);

#endif /* INVENTORY_H */
