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

#ifndef SALE_H
#define SALE_H

/*
 * Sales, voids and returns as business operations: what a terminal asks
 * for (struct sale_request, struct return_request) and what can go wrong.
 * Each runs in the caller's one write transaction. The sale and return
 * records are in store.h.
 */

#include "store.h"

/* sale.c: the sale and void operations, one transaction each. */
#define SALE_REGISTRY_KINDS	4	/* flower, thc, concentrate, infused */
struct sale_request {
	const char	*ref;
	const char	*terminal;
	int64_t		 at;		/* when, us; 0: now. Never from the
					   protocol: imported history and
					   benchmarks only */
	uint32_t	 staff;
	uint32_t	 customer;	/* 0: walk-in */
	uint32_t	 patient;	/* a caregiver's patient */
	u_int		 nlines;
	struct {
		char	 tag[TAG_LEN + 1];
		int64_t	 qty;
		int	 typed;		/* weight typed, not from the scale */
	}		 lines[MAX_SALE_LINES];
	uint32_t	 perms;		/* the staff member's */
	uint64_t	 order;		/* the packed order it hands over */
	int		 senior_age;	/* senior-age, years */
	const char	*outage_reason;	/* manual entry in an outage */
	const char	*override_reason; /* a manager overrides a limit */
	int64_t		 cash;
	int64_t		 card;		/* paid by card, 0 if none */
	const char	*card_ref;
	int		 card_all;	/* the card pays the whole total */
	/*
	 * A delivery a driver's handheld made offline and syncs now: the
	 * goods are gone, so a purchase limit broken since or a package
	 * held or recalled since does not refuse it; the sale is committed
	 * and s->accepted says what it broke.
	 */
	int		 handheld;
	struct rules	*rules;		/* purchase limits, or NULL */
	const char	*state;		/* the store's: residency */
	const char	*tz;		/* the store's: local days */
	const char	*fee_taxed;	/* delivery-fee-taxed, or NULL */
	u_int		 ndiscounts;	/* kind, line, percent or value, reason */
	struct sale_discount discounts[SALE_DISCOUNTS];
	int64_t		 redeem;	/* loyalty points to spend */
	uint32_t	 approver;	/* verified, or 0 */
	uint32_t	 approvals;	/* PERM_*: what approver may approve */
	int64_t		 threshold;	/* discount-threshold, per mille */
	int64_t		 points_per_dollar;
	int64_t		 point_value;	/* cents */
	/*
	 * The state's patient registry on the subject of a medical sale:
	 * off (not asked), ok with what is left per Metrc category in
	 * thousandths of an ounce (-1: no figure), or unreachable.
	 */
	int		 registry;	/* SALE_REGISTRY_* */
	int64_t		 registry_moz[SALE_REGISTRY_KINDS];
	int64_t		 registry_at;	/* when the state answered, us */
	char		 registry_why[128];	/* not-found, unreachable */
};
#define SALE_REGISTRY_OFF		0
#define SALE_REGISTRY_OK		1
#define SALE_REGISTRY_UNREACHABLE	2
#define SALE_REGISTRY_NOTFOUND		3	/* or no active card */
#define SALE_REGISTRY_CHECKING		4	/* a quote: no answer yet */
const char	*sale_registry_name(int);
struct return_request {
	uint64_t	 sale;
	const char	*terminal;
	uint32_t	 staff;
	uint32_t	 approver;
	const char	*reason;
	int		 method;	/* REFUND_CASH or REFUND_CARD */
	const char	*card_ref;	/* a card refund's reference */
	u_int		 nlines;
	struct {
		char	 tag[TAG_LEN + 1];
		int64_t	 qty;
	}		 lines[MAX_SALE_LINES];
};
enum sale_err {
	SALE_OK = 0,
	SALE_E_NOTFOUND,
	SALE_E_NOTSELLABLE,
	SALE_E_STOCK,
	SALE_E_TENDER,
	SALE_E_CONFLICT,
	SALE_E_INVALID,
	SALE_E_STORE,
	SALE_E_ELIGIBLE,	/* the customer may not buy */
	SALE_E_LIMIT,		/* over a purchase limit */
	SALE_E_APPROVAL,	/* a manager must approve */
};
const char	*sale_err_code(enum sale_err);
struct limits_result;
enum sale_err	 sale_prepare(struct store_txn *, const struct sale_request *,
		     struct sale *, struct limits_result **, char **);
enum sale_err	 sale_commit(struct store_txn *, const struct sale_request *,
		     struct sale *, int *, char **);
enum sale_err	 sale_void(struct store_txn *, uint64_t, uint32_t, uint32_t,
		     const char *, const char *, struct sale *, char **);
enum sale_err	 sale_return(struct store_txn *, const struct return_request *,
		     struct sale *, struct sale_return *, char **);
int64_t		 sale_line_paid(const struct sale *, u_int);
int		 sale_line_of(const struct sale *, const char *);
enum sale_err	 sale_price_taxes(struct store_txn *, const struct rules *,
		     uint32_t, int64_t, int, struct sale *, char **);
struct sale_query {
	int64_t		 since;		/* no older than this, us */
	uint32_t	 staff;		/* 0: anyone */
	const char	*terminal;	/* NULL: any */
	uint64_t	 before;	/* below this sale id; 0: the newest */
	u_int		 limit;		/* sales given at most */
	u_int		 scan;		/* sales examined at most */
};
int		 sale_list(struct store_txn *, const struct sale_query *,
		     void (*)(const struct sale *, void *), void *,
		     uint64_t *, int *);

#endif /* SALE_H */
