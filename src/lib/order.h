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


#ifndef ORDER_H
#define ORDER_H

/*
 * Orders for delivery or pickup as business operations: the document a
 * client sends (struct order_request, parsed by order_parse for stashd
 * and stashctl alike), what the store's zones and rules make of it, and
 * the stock it reserves by product. Each operation runs in the caller's
 * one write transaction, with its audit record. The order record is in
 * store.h.
 */

#include "store.h"

struct rules;

/* The store's delivery zones: rings around the store, nearest first. */
#define ORDER_ZONES	16
struct order_zone {
	int64_t		 radius;	/* metres */
	int64_t		 fee;		/* cents */
};
struct order_conf {
	struct rules	*rules;		/* limits and taxes, or NULL */
	const char	*state;		/* the store's: residency */
	const char	*tz;		/* the store's: local days */
	int64_t		 expiry;	/* s past the window's end; 0: never */
	int		 located;	/* the store's lat and lon are set */
	int64_t		 lat;		/* micro-degrees */
	int64_t		 lon;
	u_int		 nzones;
	struct order_zone zones[ORDER_ZONES];
	int64_t		 now;		/* us; 0: the clock (tests only) */
	const char	*fee_taxed;	/* delivery-fee-taxed, or NULL */
};

/* The document of order.create and "stashctl order create --json". */
struct order_request {
	char		 ref[MAX_REF + 1];
	uint32_t	 customer;
	uint32_t	 patient;	/* a caregiver's patient, or 0 */
	int		 channel;
	char		 street[ORDER_STREET_MAX + 1];
	char		 city[ORDER_CITY_MAX + 1];
	char		 state[4];
	char		 zip[ORDER_ZIP_MAX + 1];
	int		 located;
	int64_t		 lat;		/* micro-degrees */
	int64_t		 lon;
	int64_t		 window_start;	/* UTC us */
	int64_t		 window_end;
	u_int		 nlines;
	struct {
		uint32_t product;	/* 0: by sku */
		char	 sku[SKU_MAX + 1];
		int64_t	 qty;		/* units or mg */
	}		 lines[ORDER_LINES];
	char		 notes[ORDER_NOTES_MAX + 1];
	int		 notify;	/* the customer agreed to hear of it */
	/* Not from the document: who is asking, and where. */
	uint32_t	 staff;
	const char	*terminal;
};

enum order_err {
	ORDER_OK = 0,
	ORDER_E_INVALID,	/* bad-request */
	ORDER_E_NOTFOUND,	/* not-found */
	ORDER_E_STOCK,		/* insufficient-stock: not available */
	ORDER_E_ELIGIBLE,	/* eligibility */
	ORDER_E_LIMIT,		/* limit: over a purchase limit */
	ORDER_E_ZONE,		/* zone: outside every delivery zone */
	ORDER_E_CONFLICT,	/* conflict: ref reused, or not now */
	ORDER_E_RULE,		/* delivery-rule: a trip breaks a rule */
	ORDER_E_STORE,		/* internal */
};
const char	*order_err_code(enum order_err);

/* order.c */
#define ORDER_WINDOW_MAX	(INT64_C(14) * 86400 * 1000000)
int		 order_parse(json_t *, struct order_request *, char **);
int		 order_zones_parse(const char *, const char *,
		     struct order_conf *, char **);
#define ORDER_FEE_TAXED		"delivery-fee-taxed"
#define ORDER_METRC_DELIVERY	"metrc-delivery"
int		 order_setting(const char *, const char *,
		     const struct rules *, int, int *, char **);
int64_t		 order_distance(int64_t, int64_t, int64_t, int64_t);
int		 order_status_open(int);
int64_t		 order_available(int64_t, int64_t);
int64_t		 order_package_available(int64_t, int64_t, int64_t);
int		 order_stock(struct store_txn *, uint32_t, int64_t *,
		     int64_t *);
int		 order_available_package(struct store_txn *,
		     const struct package *, int64_t *);
int		 order_product_packages(struct store_txn *, uint32_t, u_int,
		     void (*)(const struct package *, int64_t, void *),
		     void *);
struct limits_request;
int		 order_limits_open(struct store_txn *, uint32_t, uint64_t,
		     int64_t, struct limits_request *, u_int *);
enum order_err	 order_create(struct store_txn *, const struct order_conf *,
		     const struct order_request *, struct order *, int *,
		     char **);
enum order_err	 order_cancel(struct store_txn *, uint64_t, uint32_t,
		     const char *, const char *, int64_t, struct order *,
		     char **);
enum order_err	 order_expire(struct store_txn *, uint64_t, int64_t,
		     struct order *, char **);
enum order_err	 order_deliver(struct store_txn *, uint64_t, uint64_t,
		     int64_t, uint32_t, const char *, int64_t, char **);
enum order_err	 order_store_err(struct store_txn *, char **);
enum order_err	 order_get(struct store_txn *, uint64_t, struct order *,
		     char **);
void		 order_notify(struct store_txn *, const struct order *, int,
		     int64_t);
void		 order_history_add(struct order *, int, int64_t, uint32_t,
		     const char *, const char *);
void		 order_reserve(struct store_txn *, const struct order *, int);
void		 order_close(struct store_txn *, struct order *, int, int64_t,
		     uint32_t, const char *, const char *);
int		 order_list(struct store_txn *, int, uint64_t, u_int,
		     void (*)(const struct order *, void *), void *,
		     uint64_t *);

#endif /* ORDER_H */
