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
 * trip.c keeps vehicles and drivers' details. The records are in
 * store.h; the errors are order.h's.
 */

#include "store.h"
#include "order.h"

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
int		 trip_vehicle_location(const char *, char *, size_t);
enum order_err	 trip_vehicle_add(struct store_txn *, const struct vehicle *,
		     uint32_t, const char *, char **);
enum order_err	 trip_vehicle_remove(struct store_txn *, const char *,
		     uint32_t, const char *, char **);
enum order_err	 trip_driver_set(struct store_txn *, uint32_t, const char *,
		     const char *, int, uint32_t, const char *, struct staff *,
		     char **);

/*
 * trip.c: trips. A trip is planned (driver, vehicle, orders in stop
 * order), checked against the rule file's delivery rules, loaded (every
 * package its orders were packed from moves into "vehicle:PLATE", the
 * whole package: what it holds beyond the orders rides as unordered
 * stock), departs, delivers or fails each order and is closed by
 * scanning back what came home. The caller gives what the store knows
 * (struct trip_conf); each call is in its one write transaction.
 */
struct rules;
struct delivery_result;
/*
 * Road travel times between a trip's stops (route-url, an OSRM table):
 * for the orders in this order, (n + 1)^2 seconds and metres, the depot
 * first. Used only while the trip still has these orders in this order.
 */
struct trip_roads {
	u_int			 n;
	const uint64_t		*orders;
	const int64_t		*dur;
	const int64_t		*dist;		/* or NULL */
};
struct trip_conf {
	const struct rules	*rules;		/* NULL: no rule file */
	const char		*state;		/* the store's, two letters */
	const char		*tz;
	int			 located;	/* the depot is known */
	int64_t			 lat;		/* micro-degrees */
	int64_t			 lon;
	int64_t			 now;		/* us; 0: the clock */
	const char		*metrc_delivery;	/* the setting, or NULL */
	const struct trip_roads	*roads;		/* or NULL: straight lines */
};
struct trip_return {
	char		 tag[TAG_LEN + 1];
	int64_t		 qty;		/* counted; -1: what the record says */
};
struct trip_restock {
	char		 tag[TAG_LEN + 1];
	int64_t		 qty;		/* what it holds; 0: not checked */
};
struct trip_close_sum {
	int64_t		 collected;
	int64_t		 counted;
	int64_t		 over_short;	/* counted - collected */
	u_int		 returned;	/* packages back in the vault */
	u_int		 missing;	/* written off as a loss */
};
#define TRIP_MANIFEST_COLS	80
#define TRIP_RECEIPT_COLS	42
int64_t		 trip_over_short(int64_t, int64_t);
int64_t		 trip_shortfall(int64_t, int64_t);
enum order_err	 trip_get(struct store_txn *, uint64_t, struct trip *, char **);
enum order_err	 trip_create(struct store_txn *, uint32_t, const char *,
		     const uint64_t *, u_int, int64_t, uint32_t, const char *,
		     struct trip *, char **);
enum order_err	 trip_assign(struct store_txn *, uint64_t, uint64_t, int,
		     uint32_t, const char *, struct trip *, char **);
enum order_err	 trip_reorder(struct store_txn *, uint64_t, const uint64_t *,
		     u_int, uint32_t, const char *, struct trip *, char **);
enum order_err	 trip_optimise(struct store_txn *, uint64_t,
		     const struct trip_conf *, uint32_t, const char *,
		     struct trip *, char **);
struct route_point;
int		 trip_points(struct store_txn *, const struct trip *,
		     const struct trip_conf *, struct route_point *);
int		 trip_eta(struct store_txn *, const struct trip *,
		     const struct trip_conf *, int64_t, int64_t *);
enum order_err	 trip_check(struct store_txn *, const struct trip *,
		     const struct trip_conf *, struct delivery_result *,
		     char **);
enum order_err	 trip_load(struct store_txn *, uint64_t,
		     const struct trip_conf *, uint32_t, const char *,
		     struct trip *, char **);
enum order_err	 trip_depart(struct store_txn *, uint64_t,
		     const struct trip_conf *, const char *, uint32_t,
		     const char *, struct trip *, int64_t *, char **);
enum order_err	 trip_restock(struct store_txn *, uint64_t,
		     const struct trip_conf *, const struct trip_restock *,
		     u_int, uint32_t, const char *, struct trip *, char **);
void		 trip_delivered(struct store_txn *, const struct order *,
		     int64_t);
enum order_err	 trip_fail(struct store_txn *, uint64_t, uint64_t,
		     const struct trip_conf *, const char *, uint32_t,
		     const char *, struct trip *, char **);
enum order_err	 trip_close(struct store_txn *, uint64_t,
		     const struct trip_return *, u_int, int64_t, uint32_t,
		     const char *, struct trip *, struct trip_close_sum *,
		     char **);
int		 trip_onboard(struct store_txn *, const char *,
		     int (*)(const struct package *, void *), void *);
u_int		 trip_manifest(struct store_txn *, const struct trip *,
		     const struct store_info *, const char *, u_int,
		     void (*)(const char *, void *), void *);

/*
 * trip-sync.c: a driver's handheld takes a trip over and syncs its
 * journal, each entry once (the key's result is kept with what it
 * committed); what cannot stand is a delivery exception for a manager.
 */
struct sale_request;
struct trip_sync_entry {
	const char	*key;		/* "<terminal>-<trip>-<seq>" */
	int64_t		 seq;
	int64_t		 at;		/* when it happened, us */
	int		 kind;		/* TRIP_EV_* */
	uint64_t	 order;		/* 0: a fix */
	const char	*reason;	/* skip, fail, reorder */
	int64_t		 cash;		/* deliver: cash handed over */
	const char	*card_ref;	/* deliver: paid by card, or NULL */
	int		 hasfix;
	struct gps_fix	 fix;
	int		 id_scanned;	/* deliver: the ID read at the door */
	int		 id_dob;	/* YYYYMMDD, 0: not read */
	const char	*id_number;	/* NULL: not read */
	int		 id_expiry;	/* YYYYMMDD, 0: not read */
	u_int		 nroute;	/* reorder: the stops' new order */
	uint64_t	 route[TRIP_ORDERS];
};
struct trip_sync_result {
	int		 result;	/* SYNC_* */
	int		 duplicate;	/* answered from its key */
	uint64_t	 sale;
	uint64_t	 exception;
	char		 message[384];	/* the exception's */
};
int		 trip_handheld_check(const struct trip *, uint32_t,
		     const char *, int, char **);
enum order_err	 trip_take(struct store_txn *, uint64_t, uint32_t,
		     const char *, int64_t, struct trip *, char **);
enum order_err	 trip_release(struct store_txn *, uint64_t, uint32_t,
		     const char *, struct trip *, char **);
enum order_err	 trip_sync(struct store_txn *, const struct trip *,
		     const struct trip_conf *, const struct trip_sync_entry *,
		     const struct sale_request *, struct trip_sync_result *,
		     char **);
enum order_err	 trip_exception_resolve(struct store_txn *, uint64_t,
		     const char *, uint32_t, const char *, struct dexc *,
		     char **);
int64_t		 trip_off_path(int64_t, int64_t, int64_t, int64_t, int64_t,
		     int64_t);
int		 trip_leg_stops(struct store_txn *, const struct trip *,
		     const struct trip_conf *, int64_t *, int64_t *, int *,
		     int *);
int64_t		 trip_drift_eta(int64_t, int64_t, int64_t, int64_t);
int		 trip_drift(const struct trip *, const int64_t *, int, int,
		     const struct gps_fix *, int64_t, int64_t *, int64_t *);

/*
 * inspect.c: an inspector's questions, as JSON and as lines of at most
 * width columns (line NULL: JSON only). 0, STORE_NOTFOUND with err, or -1
 * on a store error (the transaction's).
 */
struct inspect {
	struct store_txn	*t;
	const struct store_info	*info;
	u_int			 width;
	void			(*line)(const char *, void *);
	void			*arg;
	json_t			*json;		/* the answer */
	u_int			 lines;		/* lines given to line */
	char			 title[96];	/* for a printed page */
	char			 err[128];
};
const char	*inspect_deg(int64_t, char *, size_t);
int		 inspect_day(struct inspect *, int, const char *);
int		 inspect_stops(struct inspect *, uint64_t);
int		 inspect_customer(struct inspect *, uint32_t);

#endif /* TRIP_H */
