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

#ifndef TRIP_H
#define TRIP_H

/*
 * Packing, vehicles, trips and the delivery manifest as business
 * operations, each in the caller's one write transaction with its audit
 * record: pack.c fills an order from scanned packages and seals it;
 * trip.c plans, checks against the rule file, loads, sends and closes a
 * trip; trip-manifest.c lays out the state's delivery ledger. The
 * records are in store.h; the errors are order.h's.
 */

#include "store.h"
#include "order.h"

struct rules;
struct delivery_result;

/* pack.c: the pick list, a row a package that may fill a line. */
struct pack_row {
	u_int			 line;		/* index in the order's lines */
	const struct order_line	*ol;
	int64_t			 need;		/* still to pick, units or mg */
	const struct package	*pk;
	int64_t			 free;		/* not picked by another order */
	int			 fefo;		/* the one to take first */
};
struct pack_label {
	uint64_t	 order;
	char		 ref[MAX_REF + 1];
	char		 name[48];	/* first name and last initial */
	u_int		 lines;
	u_int		 packages;
	int64_t		 sealed;	/* us */
	uint32_t	 packer;
	int		 pickup;
};
#define PACK_LABEL_COLS		32
int		 pack_fefo_cmp(const struct package *, const struct package *);
int64_t		 pack_need(const struct order *, u_int);
int		 pack_take(int, int64_t, int64_t, int64_t, int64_t *,
		     const char **);
enum order_err	 pack_list(struct store_txn *, uint64_t,
		     void (*)(const struct pack_row *, void *), void *,
		     struct order *, char **);
enum order_err	 pack_scan(struct store_txn *, uint64_t, const char *,
		     int64_t, int, uint32_t, const char *, struct order *,
		     char **);
enum order_err	 pack_unpack(struct store_txn *, uint64_t, const char *,
		     uint32_t, const char *, struct order *, char **);
enum order_err	 pack_seal(struct store_txn *, uint64_t, uint32_t,
		     const char *, int64_t, struct order *,
		     struct pack_label *, char **);
u_int		 pack_label_lines(const struct pack_label *, const char *,
		     char [][PACK_LABEL_COLS + 1], u_int);


/* trip.c: vehicles and drivers */
enum order_err	 trip_vehicle_add(struct store_txn *, const struct vehicle *,
		     uint32_t, const char *, char **);
enum order_err	 trip_vehicle_remove(struct store_txn *, const char *,
		     uint32_t, const char *, char **);
enum order_err	 trip_driver_set(struct store_txn *, uint32_t, const char *,
		     const char *, int, uint32_t, const char *, struct staff *,
		     char **);

/* trip.c: trips */
struct trip_conf {
	struct rules	*rules;
	const char	*tz;
	int		 located;
	int64_t		 lat, lon;	/* the store: micro-degrees */
	const int	*options;	/* the rule file's options, or NULL */
};
struct trip_request {
	uint32_t	 driver;
	uint32_t	 crew[TRIP_CREW];
	u_int		 ncrew;
	char		 plate[VEHICLE_PLATE_MAX + 1];
	uint64_t	 orders[TRIP_ORDERS];
	u_int		 norders;
	char		 floating[TRIP_FLOAT][TAG_LEN + 1];
	u_int		 nfloat;
	int64_t		 depart_at;
	char		 ledger[TRIP_LEDGER_MAX + 1];
};
struct trip_return {
	char		 tags[TRIP_MISSING][TAG_LEN + 1];
	u_int		 ntags;
	int64_t		 cash;		/* counted, cents */
};
int		 trip_vehicle_location(const char *, char *, size_t);
int64_t		 trip_over_short(int64_t, int64_t);
enum order_err	 trip_create(struct store_txn *, const struct trip_request *,
		     uint32_t, const char *, int64_t, struct trip *, char **);
enum order_err	 trip_assign(struct store_txn *, uint64_t, uint64_t, int,
		     uint32_t, const char *, struct trip *, char **);
enum order_err	 trip_reorder(struct store_txn *, uint64_t, const uint64_t *,
		     u_int, uint32_t, const char *, struct trip *, char **);
enum order_err	 trip_optimise(struct store_txn *, const struct trip_conf *,
		     uint64_t, int64_t, uint32_t, const char *, struct trip *,
		     int64_t *, char **);
enum order_err	 trip_check(struct store_txn *, const struct trip_conf *,
		     uint64_t, int64_t, struct delivery_result *, char **);
char		*trip_refusal(const struct delivery_result *);
enum order_err	 trip_load(struct store_txn *, const struct trip_conf *,
		     uint64_t, uint32_t, const char *, int64_t, struct trip *,
		     char **);
enum order_err	 trip_depart(struct store_txn *, const struct trip_conf *,
		     uint64_t, uint32_t, const char *, int64_t, struct trip *,
		     char **);
enum order_err	 trip_close(struct store_txn *, uint64_t,
		     const struct trip_return *, uint32_t, const char *,
		     int64_t, struct trip *, char **);
enum order_err	 trip_ledger(struct store_txn *, uint64_t, const char *,
		     uint32_t, const char *, struct trip *, char **);

/* trip-manifest.c: every field the state's delivery ledger asks for. */
#define MANIFEST_PAGE_COLS	80
#define MANIFEST_RECEIPT_COLS	42
struct trip_manifest_item {
	char		 tag[TAG_LEN + 1];
	char		 name[NAME_MAX_ + 1];
	char		 category[CATEGORY_MAX + 1];
	int		 unit_weight;
	int64_t		 qty;		/* units or mg */
	int64_t		 value;		/* cents at retail */
	int64_t		 weight;	/* mg, net */
	int		 ordered;	/* in a pending order */
};
struct trip_manifest_stop {
	uint64_t	 order;
	char		 ref[MAX_REF + 1];
	char		 customer[96];	/* full name: the state's record */
	char		 type[16];	/* adult, medical */
	char		 street[ORDER_STREET_MAX + 1];
	char		 city[ORDER_CITY_MAX + 1];
	char		 state[4];
	char		 zip[ORDER_ZIP_MAX + 1];
	int64_t		 window_start, window_end;
	int64_t		 total;		/* cents, what the customer pays */
	u_int		 first, nitems;	/* in items */
};
struct trip_manifest {
	struct trip		 trip;
	char			 retailer[81];
	char			 licence[41];
	char			 tz[65];
	char			 driver[64];
	char			 driver_licence[33];
	char			 driver_employee[33];
	char			 crew[TRIP_CREW][64];
	struct vehicle		 vehicle;
	struct trip_manifest_stop stops[TRIP_ORDERS];
	u_int			 nstops;
	struct trip_manifest_item *items;
	u_int			 nitems;
	int64_t			 value;		/* cents on board, retail */
	int64_t			 unordered;
	int64_t			 weight;
	uint32_t		 fields;	/* RULES_MF_* it holds */
};
int		 trip_manifest_build(struct store_txn *,
		     const struct store_info *, uint64_t, int64_t,
		     struct trip_manifest *, char **);
void		 trip_manifest_free(struct trip_manifest *);
void		 trip_manifest_lines(const struct trip_manifest *, u_int,
		     void (*)(const char *, void *), void *);

#endif /* TRIP_H */
