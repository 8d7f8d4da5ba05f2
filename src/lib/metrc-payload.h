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

#ifndef METRC_PAYLOAD_H
#define METRC_PAYLOAD_H

/*
 * metrc-payload.c: what goes to Metrc and what comes back, as pure
 * functions of C records and reply bodies (no ledger, no network): the
 * receipt, adjustment and location payloads, and the parsers of Metrc's
 * replies. stashd's drain (src/server/metrc*.c) reads the ledger, calls
 * these, and sends; tests/unit/test-metrc-payload.c and
 * tests/fuzz/fuzz-metrc.c call them directly.
 */

struct sale;
struct customer;
struct adjust;
struct product;
struct inventory_reason;
struct lab_result;
struct order;

/*
 * How metrc.c's drain reads an answer (with what only the request knows:
 * the call, its batch, its pages, Retry-After); state-system.c makes it
 * the adapters' one result.
 */
enum metrc_outcome {
	MO_DONE,		/* the state has it: id */
	MO_AMBIGUOUS,		/* may have been applied: look up first */
	MO_RETRY,		/* not applied: send again later */
	MO_LOOKUP_RETRY,	/* a lookup failed: look up again later */
	MO_NOTFOUND,		/* looked up, not there: send now */
	MO_FOUND,		/* a void's receipt found: delete it now */
	MO_EXCEPTION,		/* refused: a person must look */
	MO_SOLO,		/* a batch refused: send each alone */
	MO_BROKEN,		/* the keys are refused */
};

#define METRC_BATCH		10	/* Metrc's object limit a request */
#define METRC_RECON_PAGES	10000	/* pages read at most (200,000) */
#define METRC_WINDOW_SLACK	600	/* s either side of a lastModified
					   window: the state's clock */
#define METRC_WINDOW_MAX	96	/* its query string's bytes */
#define METRC_REASONS_MAX	200	/* reasons read from a reply */
#define METRC_NAME_MAX		100	/* the longest reason or location
					   name of the state's taken */

/*
 * Deliveries (Metrc's sales deliveries, v2). A planned delivery is one
 * order: POST /sales/v2/deliveries, then PUT .../complete with what was
 * accepted and what came back. A retailer (dynamic) delivery carries
 * stock not yet sold: POST .../retailer with it on board, .../depart, a
 * .../sale per stop, .../restock, .../end with what is left.
 *
 * Times are UTC microseconds, sent as the store's local time without a
 * zone (Metrc's form, 2026-11-26T14:03:00.000); 0 is sent as null.
 * Strings NULL or "" are sent as null. A line's qty is milligrams when
 * weight is set ("Grams"), else units ("Each"); money is cents.
 *
 * Finding a delivery again after an uncertain POST (a timeout, a reset,
 * a 5xx): a receipt carries our reference in ExternalReceiptNumber, but
 * no field of a delivery's body in the v2 descriptions is echoed back
 * as ours alone: the delivery read back (GET .../active) has no external
 * number; its transactions have no InvoiceNumber; ConsumerId is the
 * customer's and PlannedRoute is the route text the state prints (and a
 * facility may not allow it). So ref is ours, for the drain and its
 * logs, and is not sent; the lookup matches what we sent that comes back
 * unchanged: SalesDateTime (to the second: Metrc writes .000) and every
 * package label with its quantity. A retailer delivery matches on its
 * DateTime, DriverEmployeeId, VehicleLicensePlateNumber and the packages
 * on board; a stop's sale on its SalesDateTime and packages among the
 * Destinations. Two matches are reported as such (2), never guessed.
 */
struct metrc_delivery_line {
	const char	*tag;
	int64_t		 qty;		/* mg when weight, else units */
	int		 weight;
	int64_t		 amount;	/* cents: TotalAmount, pre-tax */
};

struct metrc_delivery_crew {
	const char	*driver_name;
	const char	*driver_licence;	/* DriversLicenseNumber */
	const char	*driver_employee_id;
	const char	*phone;			/* PhoneNumberForQuestions */
	const char	*vehicle_make;
	const char	*vehicle_model;
	const char	*vehicle_plate;
};

struct metrc_delivery_recipient {
	const char	*customer_type;	/* SalesCustomerType; NULL: Consumer */
	const char	*patient_licence;
	const char	*consumer_id;
	const char	*name;
	const char	*street1;
	const char	*street2;
	const char	*city;
	const char	*county;
	const char	*state;
	const char	*postal_code;
	const char	*zone_id;
};

struct metrc_delivery {
	int64_t				 state_id;	/* PUT; 0: POST */
	const char			*ref;		/* ours, not sent */
	struct metrc_delivery_crew	 crew;
	struct metrc_delivery_recipient	 to;
	const char			*route;		/* PlannedRoute */
	int64_t				 sold_at;	/* SalesDateTime */
	int64_t				 depart_at;	/* estimated */
	int64_t				 arrive_at;	/* estimated */
	const struct metrc_delivery_line *lines;
	u_int				 nlines;
};

struct metrc_delivery_return {
	const char	*tag;
	int64_t		 qty;		/* verified, mg or units */
	int		 weight;
	const char	*reason;	/* one of .../returnreasons */
	const char	*note;
};

struct metrc_delivery_done {
	int64_t				 state_id;
	int64_t				 arrived_at;
	const char			*payment_type;	/* NULL: null */
	const char * const		*accepted;	/* labels */
	u_int				 naccepted;
	const struct metrc_delivery_return *returned;
	u_int				 nreturned;
};

/*
 * A trip's stop (its order, the customer and a caregiver's patient) as a
 * delivery's recipient and what was packed for it: the storage a
 * retailer delivery's Destinations point into (metrc_payload_stop).
 */
#define METRC_STOP_LINES	64	/* ORDER_PICKS */
struct metrc_stop {
	char				 name[96];
	struct metrc_delivery_line	 lines[METRC_STOP_LINES];
	struct metrc_delivery		 d;
};

/* A package on board a retailer delivery (create, restock, end). */
struct metrc_retailer_stock {
	const char	*tag;
	int64_t		 qty;		/* mg or units */
	int		 weight;
	int64_t		 price;		/* cents: TotalPrice at retail */
	int		 remove;	/* restock: RemoveCurrentPackage */
};

struct metrc_retailer {
	int64_t				 state_id;	/* restock */
	const char			*ref;		/* ours, not sent */
	struct metrc_delivery_crew	 crew;
	int64_t				 at;		/* DateTime */
	int64_t				 depart_at;	/* estimated */
	const struct metrc_delivery	*stops;		/* Destinations */
	u_int				 nstops;
	const struct metrc_retailer_stock *stock;	/* Packages */
	u_int				 nstock;
};

/* What a delivery looks like to the state, read back. */
struct metrc_delivery_state {
	int64_t		 id;
	int		 departed;
	int		 done;		/* completed or ended */
	int		 voided;
	u_int		 stops;		/* a retailer delivery's sales */
};

/* Building requests. */
void		 metrc_payload_str(struct buf *, const char *);
void		 metrc_payload_dec(struct buf *, int64_t, int);
void		 metrc_payload_time(int64_t, const char *, char *, size_t);
void		 metrc_payload_window(int64_t, int64_t, char *, size_t);
int		 metrc_payload_window_piece(int64_t, int64_t, int, u_int,
		     char *, size_t);
void		 metrc_payload_to(struct metrc_delivery_recipient *, char *,
		     size_t, const struct order *, const struct customer *,
		     const struct customer *);
int		 metrc_payload_stop(struct metrc_stop *, const struct order *,
		     const struct customer *, const struct customer *,
		     int64_t);
int64_t		 metrc_payload_line_amount(const struct sale *, u_int);
int		 metrc_payload_receipt(struct buf *, const struct sale *,
		     const struct customer *, const struct customer *,
		     const char *, const char *, int64_t);
int		 metrc_payload_adjust(struct buf *, const struct adjust *,
		     const struct product *, const char *, const char *,
		     const char *);
void		 metrc_payload_location(struct buf *, const char *,
		     const char *, int64_t, const char *);
const char	*metrc_payload_reason(json_t *, json_t *,
		     const struct inventory_reason *, char *, size_t);

int		 metrc_payload_delivery(struct buf *,
		     const struct metrc_delivery *, const char *);
int		 metrc_payload_delivery_done(struct buf *,
		     const struct metrc_delivery_done *, const char *);
int		 metrc_payload_retailer(struct buf *,
		     const struct metrc_retailer *, const char *);
void		 metrc_payload_retailer_depart(struct buf *, int64_t);
int		 metrc_payload_retailer_sale(struct buf *, int64_t,
		     const struct metrc_delivery *, const char *);
int		 metrc_payload_retailer_restock(struct buf *,
		     const struct metrc_retailer *, const char *);
int		 metrc_payload_retailer_onboard(const struct buf *,
		     const char * const *, u_int,
		     struct metrc_delivery_state *);
int		 metrc_payload_retailer_end(struct buf *, int64_t, int64_t,
		     const struct metrc_retailer_stock *, u_int,
		     const char *);

/* Reading replies. */
void		 metrc_payload_message(const struct buf *, char *, size_t);
int		 metrc_payload_ids(const struct buf *, u_int, int64_t *);
int		 metrc_payload_receipt_found(const struct buf *, int64_t *,
		     int *);
json_t		*metrc_payload_reasons(const struct buf *);
int		 metrc_payload_adjustments(const struct buf *, const char *,
		     const char *, const char *, int64_t, int *);
json_t		*metrc_payload_patient(const struct buf *, const char *);
ssize_t		 metrc_payload_packages(const struct buf *, json_t *,
		     json_int_t *);
int		 metrc_payload_list(const struct buf *, json_t *, int *);
int64_t		 metrc_payload_shipped(json_t *, int);
int		 metrc_payload_labtests(const struct buf *,
		     struct lab_result *);
int		 metrc_payload_delivery_found(const struct buf *,
		     const struct metrc_delivery *, const char *,
		     struct metrc_delivery_state *, int *);
int		 metrc_payload_retailer_found(const struct buf *,
		     const struct metrc_retailer *, const char *,
		     struct metrc_delivery_state *, int *);
int		 metrc_payload_delivery_read(const struct buf *,
		     const struct metrc_delivery *, const char *,
		     struct metrc_delivery_state *);

#endif /* METRC_PAYLOAD_H */
