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
 * Not built yet (issue 13, "Packing and trips"): trip.create, .assign,
 * .unassign, .reorder, .optimise, .check, .load, .depart, .close and the
 * manifest. store-trip.c already keeps the trip record (struct trip) and
 * the picks they will load; order.c's order_reserve skips an order whose
 * packages are loaded (unreserved) and order_deliver closes an order
 * sold out of a vehicle.
 */

#endif /* TRIP_H */
