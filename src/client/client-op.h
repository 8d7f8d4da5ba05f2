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

#ifndef CLIENT_OP_H
#define CLIENT_OP_H

/*
 * The terminal's protocol layer: typed requests and replies for every op
 * the terminal uses (doc/protocol.md). Screens call only these and the
 * widget kit; no screen names an op or reads a reply's JSON. Changing an
 * op's arguments touches one client-op-<domain>.c.
 *
 * Each typed request builds its arguments and goes out through
 * client_op_send (client-op.c), the one place a request leaves the
 * terminal (the driver's offline journal is not kept here but in
 * client-journal.c, and sent with trip.sync: client-op-driver.c). Each
 * typed reply is parsed into C data before the caller's callback runs;
 * the callback gets a struct client_op_error with code NULL on success,
 * always as its first argument (then the reply's data, then arg).
 */

#include <sys/queue.h>

#include "client.h"

struct client_op_error {
	const char	*code;		/* NULL: success */
	const char	*message;	/* for the person, when code is set */
};
/* An answer the typed layer could not read (a domain may word its own). */
extern const struct client_op_error client_op_bad_reply;

/*
 * A request as data: the op, its arguments (owned) and its idempotency
 * key (the op's own "ref" or similar, already in args), or "" for a
 * request that is safe to repeat or must not be replayed.
 */
#define CLIENT_OP_KEY_MAX	64
struct client_op_req {
	const char	*op;
	json_t		*args;
	char		 key[CLIENT_OP_KEY_MAX + 1];
	void		*owner;		/* for client_forget, or NULL: arg */
	void		(*drop)(void *);	/* frees arg when done */
};

/*
 * A typed request in flight (client-op.c): the domain's reply function
 * parses the result and calls the caller's typed callback (cb, cast back
 * to its own type by that domain) with arg. client.c owns the call and
 * frees it; client_forget(arg) drops typed and raw requests alike.
 */
struct client_op_call;
typedef void	(*client_op_reply_fn)(json_t *, const struct client_op_error *,
		    struct client_op_call *);
typedef void	(*client_op_fn)(void);
struct client_op_call {
	client_op_reply_fn	 reply;
	client_op_fn		 cb;
	void			*arg;
};
/* The callback of an op whose reply says nothing more than yes or no. */
typedef void	(*client_op_done_cb)(const struct client_op_error *, void *);

/* client-op.c */
json_int_t	 client_op_send(struct client_op_req *, client_cb, void *);
json_int_t	 client_op_call(struct client_op_req *, client_op_reply_fn,
		     client_op_fn, void *);
void		 client_op_call_done(json_t *, const struct client_op_error *,
		     struct client_op_call *);
void		 client_op_error_set(struct client_op_error *, const char *,
		     const char *);
const char	*client_op_str(json_t *, const char *);
int64_t		 client_op_int(json_t *, const char *);
char		*client_op_staff_message(const char *, const char *,
		     char *, size_t);
void		 client_op_copy(char *, size_t, json_t *, const char *);
typedef int	 (*client_op_row_fn)(json_t *, void *);
void		*client_op_rows(json_t *, u_int *, size_t, client_op_row_fn);

/*
 * client-op-event.c: what stashd pushes (and the client's own connection
 * event), parsed once before a screen's notify() sees it. Strings are
 * borrowed for the call; what the event does not say is NULL (0 for the
 * numbers). raw is the event as it came, for a screen not typed yet.
 */
enum client_op_event_type {
	CLIENT_OP_EVENT_OTHER,
	CLIENT_OP_EVENT_CONNECTION,	/* state "ready": connected again */
	CLIENT_OP_EVENT_SESSION,	/* state, message */
	CLIENT_OP_EVENT_QUEUE,		/* state added|called|left, entry */
	CLIENT_OP_EVENT_HOLD,		/* state set|released */
	CLIENT_OP_EVENT_STOCK,
	CLIENT_OP_EVENT_SETTINGS,	/* read the settings again */
	CLIENT_OP_EVENT_PERMS,		/* read the session again */
};
/* A queue ENTRY (doc/protocol.md, queue.*). */
struct client_op_queue_entry {
	int64_t		 ticket;		/* 0: none */
	int64_t		 customer;
	int64_t		 added;			/* µs, server time */
	char		 name[64];		/* first name, last initial */
	struct client_op_patient_state {
		char	 status[16];	/* "" (none), active, inactive, ... */
		char	 message[128];
		char	 policy[32];
		int	 admit;
		int	 has_flower;
		int64_t	 flower_moz;	/* available, thousandths of oz */
	}		 state;
};
struct client_op_event {
	enum client_op_event_type	 type;
	const char			*name;	/* "queue", "hold", ... */
	const char			*state;	/* "ready", "set", "added" ... */
	const char			*message;
	const char			*tag;	/* stock */
	int				 has_qty;
	int64_t				 qty;
	const char			*scope;	/* hold: tag, batch, product */
	const char			*key;
	const char			*reason;
	int				 recall;
	struct client_op_queue_entry	 entry;	/* CLIENT_OP_EVENT_QUEUE */
	json_t				*raw;
};
typedef void	(*client_op_event_cb)(const struct client_op_event *);
int		 client_op_event_parse(json_t *, struct client_op_event *);
void		 client_op_event_on(client_op_event_cb);
void		 client_op_event_push(json_t *);
void		 client_op_event_connected(void);
void		 client_op_patient_state_parse(json_t *,
		     struct client_op_patient_state *);
int		 client_op_queue_parse_entry(json_t *,
		     struct client_op_queue_entry *);

/* Typed requests follow, a section a domain (client-op-<domain>.c). */

/* client-op-session.c */
json_int_t	 client_op_session_login(int64_t, const char *, const char *,
		     client_op_done_cb, void *);
void		 client_op_session_logout(void);
void		 client_op_session_refresh(void (*)(const char *));

/* client-op-sale.c */

/* A line of a cart, as sale.quote and sale.commit take it. */
#define CLIENT_OP_WEIGHT_NONE	0	/* sold by the unit */
#define CLIENT_OP_WEIGHT_SCALE	1	/* weighed on the scale */
#define CLIENT_OP_WEIGHT_TYPED	2	/* weight typed by hand */
struct client_op_sale_line {
	const char	*tag;
	int64_t		 qty;		/* units or mg */
	int		 weight;	/* CLIENT_OP_WEIGHT_* */
};
struct client_op_sale_discount {
	const char	*kind;
	u_int		 line;		/* 1-based, or 0: the whole cart */
	int		 percent;	/* or 0: amount says */
	int64_t		 amount;
	const char	*reason;	/* a one-off's, else NULL */
};
/*
 * sale.quote and sale.commit. A quote uses lines, customer, patient,
 * discounts and redeem; a commit also ref (its idempotency key), the
 * tender and, when a manager approves, approver and pin, and a reason
 * under reason_key ("outage_reason" or "override_reason").
 */
struct client_op_sale_req {
	const struct client_op_sale_line	*lines;
	u_int					 nlines;
	int64_t					 customer;	/* or 0 */
	int64_t					 patient;	/* or 0 */
	const struct client_op_sale_discount	*discounts;
	u_int					 ndiscounts;
	int64_t					 redeem;	/* or 0 */

	const char				*ref;
	int64_t					 cash;
	int64_t					 card;		/* or 0 */
	const char				*card_ref;
	uint32_t				 approver;	/* or 0 */
	const char				*pin;
	const char				*reason_key;
	const char				*reason;	/* or NULL */
};

/* A sale.quote reply. */
#define CLIENT_OP_QUOTE_TAXES		8
#define CLIENT_OP_QUOTE_DISCOUNTS	17
struct client_op_quote {
	int		 has_total;	/* else the reply had no quote */
	int		 ok;		/* the cart could be sold */
	char		 error[256];	/* why not, or "" */
	int		 approval;	/* a manager must approve */
	int64_t		 discount;
	int64_t		 total;
	int64_t		 tax;
	u_int		 ntaxes;
	struct {
		char	 label[48];
		int64_t	 amount;
	}		 taxes[CLIENT_OP_QUOTE_TAXES];
	u_int		 ndiscounts;
	struct {
		char	 kind[16];	/* "loyalty" for the points */
		int	 cart;		/* on the whole cart */
		u_int	 line;
		int64_t	 amount;
	}		 discounts[CLIENT_OP_QUOTE_DISCOUNTS];
	int		 has_limits;	/* else limits are off (null) */
	u_int		 npools;
	struct cart_pool pools[CART_POOLS];	/* with this cart counted */
};

/* A SALE (sale.get, sale.commit, sale.void, sale.return). */
struct client_op_sale_item {
	const char	*tag;
	const char	*name;
	int		 weighed;	/* qty and returned in mg */
	int64_t		 qty;
	int64_t		 returned;
};
struct client_op_sale {
	int64_t			 id;
	const char		*status;	/* complete, void, or NULL */
	int64_t			 time;
	int64_t			 total;
	int64_t			 tendered;
	int64_t			 change;
	int64_t			 card;		/* paid by card, or 0 */
	int64_t			 drawer;	/* its cash's drawer, or 0 */
	struct client_op_sale_item *lines;
	u_int			 nlines;
	json_t			*raw;	/* for client-receipt.c and printing */
};

/* A row of sale.list, and the list. */
struct client_op_sale_row {
	int64_t		 id;
	int64_t		 time;
	int64_t		 staff;
	int64_t		 lines;
	int64_t		 total;
	const char	*status;	/* or NULL */
};
struct client_op_sale_list {
	struct client_op_sale_row *rows;
	u_int		 n;
	int64_t		 count;
	int64_t		 total;
	json_t		*raw;
};

/* sale.return: what comes back, and the reply. */
struct client_op_return_line {
	const char	*tag;
	int64_t		 qty;
	int64_t		 refund;	/* in a reply */
};
struct client_op_return_req {
	int64_t				 sale;
	const struct client_op_return_line *lines;
	u_int				 nlines;
	const char			*reason;
	const char			*card_ref;	/* or NULL: cash */
	uint32_t			 approver;	/* or 0 */
	const char			*pin;
};
struct client_op_return {
	int64_t			 id;
	int64_t			 refund;
	const char		*method;
	const char		*card_ref;
	const char		*location;
	struct client_op_return_line *lines;
	u_int			 nlines;
	json_t			*raw;
};

typedef void	(*client_op_quote_cb)(const struct client_op_error *,
		     const struct client_op_quote *, void *);
typedef void	(*client_op_sale_cb)(const struct client_op_error *,
		     struct client_op_sale *, void *);
typedef void	(*client_op_sale_list_cb)(const struct client_op_error *,
		     struct client_op_sale_list *, void *);
typedef void	(*client_op_return_cb)(const struct client_op_error *,
		     struct client_op_return *, struct client_op_sale *,
		     void *);

int		 client_op_sale_parse_quote(json_t *, struct client_op_quote *);
int		 client_op_sale_parse_sale(json_t *, struct client_op_sale *);
void		 client_op_sale_free(struct client_op_sale *);
void		 client_op_sale_move(struct client_op_sale *,
		     struct client_op_sale *);
int		 client_op_sale_parse_list(json_t *,
		     struct client_op_sale_list *);
void		 client_op_sale_list_free(struct client_op_sale_list *);
int		 client_op_sale_parse_return(json_t *,
		     struct client_op_return *);
void		 client_op_sale_return_free(struct client_op_return *);
json_int_t	 client_op_sale_quote(const struct client_op_sale_req *,
		     client_op_quote_cb, void *);
json_int_t	 client_op_sale_commit(const struct client_op_sale_req *,
		     client_op_sale_cb, void *);
json_int_t	 client_op_sale_get(int64_t, client_op_sale_cb, void *);
json_int_t	 client_op_sale_list(const char *, int64_t, u_int,
		     client_op_sale_list_cb, void *);
json_int_t	 client_op_sale_void(int64_t, const char *, uint32_t,
		     const char *, client_op_sale_cb, void *);
json_int_t	 client_op_sale_return(const struct client_op_return_req *,
		     client_op_return_cb, void *);

/* client-op-customer.c */

/* A CUSTOMER (customer.search, customer.get, queue.call). */
#define CLIENT_OP_PATIENTS	16
struct client_op_customer {
	int64_t		 id;		/* 0: none */
	const char	*first;
	const char	*last;
	const char	*type;		/* adult, medical, caregiver ... */
	const char	*phone;
	const char	*dob;		/* YYYY-MM-DD */
	const char	*id_number;	/* of the ID document */
	const char	*id_expires;	/* YYYY-MM-DD, or NULL */
	int		 has_card;	/* a medical card */
	const char	*card_expires;	/* YYYY-MM-DD, or NULL */
	int64_t		 loyalty;
	int64_t		 patients[CLIENT_OP_PATIENTS];	/* a caregiver's */
	u_int		 npatients;
	json_t		*raw;
};
/* A limit pool of customer.get: what is left before this sale. */
struct client_op_pool {
	const char	*name;
	const char	*unit;		/* mg, ml, units */
	const char	*window;
	int64_t		 remaining;
	int64_t		 cap;
};
/* customer.get: who, eligibility, the limit pools. */
#define CLIENT_OP_ELIGIBLE_UNKNOWN	-1	/* not said (yet) */
#define CLIENT_OP_LIMITS_UNKNOWN	0	/* not said */
#define CLIENT_OP_LIMITS_OFF		1	/* limits are off */
#define CLIENT_OP_LIMITS_POOLS		2	/* pools says */
struct client_op_customer_info {
	struct client_op_customer customer;
	int		 eligible;	/* 1, 0 or CLIENT_OP_ELIGIBLE_UNKNOWN */
	const char	*reason;	/* when not eligible, or NULL */
	int		 limits;	/* CLIENT_OP_LIMITS_* */
	struct client_op_pool *pools;
	u_int		 npools;
	struct client_op_patient_state state;	/* the state registry's */
	json_t		*raw;
};
/* A customer from a scanned ID (customer.create). */
struct client_op_customer_new {
	int			 medical;
	const struct dev_id	*id;		/* scanned, or NULL: typed */
	const char		*card;		/* medical: the card's number */
	const char		*card_expires;	/* YYYY-MM-DD */

	/* Typed from the ID (id NULL): needs id.type and a reason. */
	const char		*first;
	const char		*last;
	const char		*dob;		/* YYYY-MM-DD */
	const char		*id_number;
	const char		*id_state;
	const char		*id_expires;	/* YYYY-MM-DD */
	const char		*reason;	/* why it was not scanned */
};
struct client_op_customer_list {
	struct client_op_customer *list;
	u_int		 n;
};
typedef void	(*client_op_customer_cb)(const struct client_op_error *,
		     struct client_op_customer_info *, void *);
typedef void	(*client_op_customer_list_cb)(
		     const struct client_op_error *,
		     struct client_op_customer_list *, void *);

int		 client_op_customer_parse_customer(json_t *,
		     struct client_op_customer *);
void		 client_op_customer_copy(struct client_op_customer *,
		     const struct client_op_customer *);
void		 client_op_customer_free(struct client_op_customer *);
int		 client_op_customer_parse_info(json_t *,
		     struct client_op_customer_info *);
void		 client_op_customer_info_free(struct client_op_customer_info *);
void		 client_op_customer_info_move(struct client_op_customer_info *,
		     struct client_op_customer_info *);
int		 client_op_customer_parse_list(json_t *,
		     struct client_op_customer_list *);
void		 client_op_customer_list_free(struct client_op_customer_list *);
char		*client_op_customer_name(const struct client_op_customer *,
		     char *, size_t);
json_int_t	 client_op_customer_get(int64_t, int64_t,
		     client_op_customer_cb, void *);
json_int_t	 client_op_customer_search(const char *,
		     client_op_customer_list_cb, void *);
json_int_t	 client_op_customer_create(const struct client_op_customer_new *,
		     client_op_customer_cb, void *);

/* client-op-item.c */

/* item.lookup: a package and its product. */
struct client_op_item {
	const char	*tag;		/* NULL if not a string */
	int		 product_ok;	/* the reply had a product */
	int64_t		 product;
	const char	*name;
	const char	*sku;
	const char	*unit;		/* each, weight, or NULL */
	int64_t		 price;		/* cents, or -1 if not said */
	const char	*batch;
	const char	*supplier;
	int64_t		 onhand;	/* units or mg, or -1 */
	json_t		*raw;
};
/* A product.search result. */
struct client_op_product {
	const char	*name;
	const char	*sku;
	const char	*unit;
	int64_t		 price;
	int64_t		 stock;
};
struct client_op_product_list {
	struct client_op_product *list;
	u_int		 n;
	json_t		*raw;
};
typedef void	(*client_op_item_cb)(const struct client_op_error *,
		     struct client_op_item *, void *);
typedef void	(*client_op_product_cb)(const struct client_op_error *,
		     struct client_op_product_list *, void *);

int		 client_op_item_parse_item(json_t *, struct client_op_item *);
void		 client_op_item_copy(struct client_op_item *,
		     const struct client_op_item *);
void		 client_op_item_free(struct client_op_item *);
int		 client_op_item_parse_products(json_t *,
		     struct client_op_product_list *);
void		 client_op_item_products_free(struct client_op_product_list *);
json_int_t	 client_op_item_lookup(const char *, client_op_item_cb, void *);
json_int_t	 client_op_item_search(const char *, u_int,
		     client_op_product_cb, void *);

/* client-op-queue.c */
struct client_op_queue_list {
	struct client_op_queue_entry	*entries;	/* oldest first */
	u_int				 n;
};
/* queue.call's reply: the entry, and the CUSTOMER for the register. */
struct client_op_queue_called {
	struct client_op_queue_entry	 entry;
	struct client_op_customer	 customer;	/* id 0: none */
};
typedef void	(*client_op_queue_list_cb)(const struct client_op_error *,
		    const struct client_op_queue_list *, void *);
typedef void	(*client_op_queue_entry_cb)(const struct client_op_error *,
		    const struct client_op_queue_entry *, void *);
typedef void	(*client_op_queue_called_cb)(const struct client_op_error *,
		    const struct client_op_queue_called *, void *);
json_int_t	 client_op_queue_list(client_op_queue_list_cb, void *);
json_int_t	 client_op_queue_add(int64_t, client_op_queue_entry_cb, void *);
json_int_t	 client_op_queue_call(int64_t, client_op_queue_called_cb,
		     void *);
json_int_t	 client_op_queue_remove(int64_t, client_op_done_cb, void *);
int		 client_op_queue_parse_list(json_t *,
		     struct client_op_queue_list *);
void		 client_op_queue_list_free(struct client_op_queue_list *);
int		 client_op_queue_list_find(const struct client_op_queue_list *,
		     int64_t);
void		 client_op_queue_list_add(struct client_op_queue_list *,
		     const struct client_op_queue_entry *);
void		 client_op_queue_list_remove(struct client_op_queue_list *,
		     u_int);

/* client-op-drawer.c */
/* A DRAWER (drawer.*, report.z). Amounts in cents, times in µs. */
struct client_op_drawer {
	int64_t		 id;
	char		 status[16];	/* open, closed */
	char		 terminal[65];	/* "" if not said */
	int64_t		 opened;
	int64_t		 closed;
	int64_t		 float_cash;	/* "float" */
	int64_t		 cash;
	int64_t		 drops;
	int64_t		 expected;
	int64_t		 counted;
	int64_t		 over_short;
	int64_t		 sales;
	int64_t		 total;
	int64_t		 card;
	int64_t		 voids;
	int64_t		 voided;
	int64_t		 refunds_count;	/* "refunds":{"count","cash","card"} */
	int64_t		 refunds_cash;
	int64_t		 refunds_card;
	int64_t		 opened_by;
	char		 staff[65];	/* drawer.list: who opened it */
};
/* One register's (or the store's) sales in a Z report. */
struct client_op_z_totals {
	char		 name[65];
	int64_t		 sales;
	int64_t		 total;
	int64_t		 cash;
	int64_t		 card;
	int64_t		 voids;
	int64_t		 voided;
	int64_t		 refunds;
	int64_t		 refunds_cash;
	int64_t		 refunds_card;
};
/* A cash movement of the day outside the day's drawers (report.z). */
struct client_op_z_move {
	char		 kind[8];	/* sale, void, refund */
	int64_t		 sale;
	char		 terminal[65];
	int64_t		 amount;	/* into a drawer; out negative */
	int64_t		 drawer;	/* 0: none */
	char		 why[20];	/* no-drawer, drawer-open,
					   drawer-other-day, other-day */
};
struct client_op_z_report {
	char				 date[16];	/* "" if not said */
	/* Whether the day's cash ties out with the drawers closed that day. */
	int				 ties_out;
	int64_t				 cash_day;
	int64_t				 cash_drawers;
	int64_t				 difference;
	int64_t				 outside;	/* in all */
	struct client_op_z_move		*moves;		/* the first */
	u_int				 nmoves;
	struct client_op_z_totals	*registers;
	u_int				 nregisters;
	struct client_op_z_totals	 store;
	struct client_op_drawer		*drawers;	/* closed that day */
	u_int				 ndrawers;
};
/* drawer is NULL when the reply holds none (the screen keeps its own). */
typedef void	(*client_op_drawer_cb)(const struct client_op_error *,
		    const struct client_op_drawer *, void *);
typedef void	(*client_op_z_cb)(const struct client_op_error *,
		    const struct client_op_z_report *, void *);
json_int_t	 client_op_drawer_report(client_op_drawer_cb, void *);
json_int_t	 client_op_drawer_open(int64_t, client_op_drawer_cb, void *);
json_int_t	 client_op_drawer_drop(int64_t, const char *,
		     client_op_drawer_cb, void *);
json_int_t	 client_op_drawer_close(int64_t, client_op_drawer_cb, void *);
json_int_t	 client_op_drawer_z(const char *, client_op_z_cb, void *);
int		 client_op_drawer_parse(json_t *, struct client_op_drawer *);
int		 client_op_drawer_parse_z(json_t *,
		     struct client_op_z_report *);
void		 client_op_drawer_z_free(struct client_op_z_report *);
/* drawer.list: the store's open drawers (n of them; NULL on an error). */
typedef void	(*client_op_drawers_cb)(const struct client_op_error *,
		    const struct client_op_drawer *, u_int, void *);
json_int_t	 client_op_drawer_list(client_op_drawers_cb, void *);

/* client-op-inventory.c */
/*
 * Packages, holds, traces and stock lists. Strings are copied into the
 * structs (a screen keeps a package as long as it shows it); the lists
 * a package or a reply carries are allocated and freed with the matching
 * _free. None of these ops has an idempotency key: package.adjust and
 * package.move must not be replayed blindly, the others are read-only or
 * say the same thing twice (hold.set, hold.release).
 */
#define CLIENT_OP_TEXT	129	/* a note or a reason, as the ledger keeps it */
#define CLIENT_OP_NAME	81	/* a product's name */
#define CLIENT_OP_CODE	41	/* a batch, a licence, a manifest number */
#define CLIENT_OP_SKU	33
/* A LAB result (of a PACKAGE, of a manifest LINE). Dates YYYYMMDD, or 0. */
struct client_op_lab {
	char		 status[8];	/* pass, fail, none, or "" */
	int64_t		 thc;		/* per mille */
	int64_t		 cbd;
	char		 lab[CLIENT_OP_CODE];	/* the lab's licence */
	int		 tested;
	int		 expires;
	char		 cert[65];	/* the certificate of analysis number */
};
/* A hold or recall: over a PACKAGE, or a row of hold.list. */
struct client_op_hold {
	char		 scope[16];	/* package, batch, product, supplier */
	char		 key[CLIENT_OP_CODE];
	int		 recall;
	char		 reason[CLIENT_OP_TEXT];
	int64_t		 staff;		/* hold.list only, else 0 */
	int64_t		 time;		/* µs; hold.list only */
};
/* An ADJUST: a line of a package's history (an adjustment or a move). */
struct client_op_adjust {
	int64_t		 id;
	int64_t		 time;		/* µs */
	int		 move;		/* kind "move", else "adjust" */
	int64_t		 delta;		/* units or mg */
	int64_t		 qty_after;
	char		 reason[33];
	char		 note[CLIENT_OP_TEXT];
	char		 from[25];	/* a move's */
	char		 to[25];
	int64_t		 staff;
	int64_t		 witness;	/* or 0 */
	char		 terminal[33];
	char		 weight[8];	/* scale, typed, or "" */
};
/* A sale of a package, in a trace. */
struct client_op_trace_sale {
	int64_t		 sale;
	int64_t		 time;		/* µs */
	char		 terminal[33];
	int64_t		 staff;
	int64_t		 qty;
	int		 void_;		/* status "void", else "complete" */
};
/*
 * A PACKAGE (package.get, .move, .adjust, a trace's packages) with its
 * product (when the reply has one), the hold over it, and what the reply
 * adds: package.get and a trace its history, a trace its sales.
 */
struct client_op_package {
	char		 tag[TAG_LEN + 1];
	char		 batch[CLIENT_OP_CODE];
	char		 supplier[CLIENT_OP_CODE];	/* source licence */
	int64_t		 qty;		/* on hand: units or mg */
	int64_t		 received_qty;
	char		 status[24];	/* active, hold, quarantine, finished */
	char		 location[40];
	int		 harvested;	/* YYYYMMDD, or 0 */
	int		 packaged;
	int		 expires;
	int64_t		 unit_cost;	/* cents */
	struct client_op_lab lab;
	int		 has_product;
	int64_t		 product;
	char		 sku[CLIENT_OP_SKU];
	char		 name[CLIENT_OP_NAME];
	char		 category[17];
	int		 weighed;	/* product unit "weight": qty in mg */
	int64_t		 price;
	int		 has_hold;
	struct client_op_hold hold;
	struct client_op_adjust *history;	/* oldest first */
	u_int		 nhistory;
	struct client_op_trace_sale *sales;	/* a trace's */
	u_int		 nsales;
	int64_t		 sold;		/* a trace's, on its page */
	int		 continued;	/* a trace page starts inside it */
};
/* trace: a page (the first) of what a scope's packages became. */
struct client_op_trace {
	char		 scope[16];
	char		 key[CLIENT_OP_CODE];
	struct client_op_package *packages;
	u_int		 npackages;
	int64_t		 received;	/* the totals of the page */
	int64_t		 on_hand;
	int64_t		 sold;
	int64_t		 voided;
	int		 truncated;	/* there is a next page */
};
struct client_op_hold_list {
	struct client_op_hold	*list;
	u_int			 n;
};
/* inventory.low: a page of products under their reorder point. */
struct client_op_low_row {
	int64_t		 product;
	char		 sku[CLIENT_OP_SKU];
	char		 name[CLIENT_OP_NAME];
	char		 category[17];
	int		 weighed;	/* unit "weight": figures in mg */
	int64_t		 reorder;
	int64_t		 sellable;
	int64_t		 on_hand;
	int64_t		 shortfall;	/* "short" */
};
struct client_op_low {
	struct client_op_low_row *list;
	u_int		 n;
	int		 more;		/* a "next" page */
	int64_t		 next;
};
/* inventory.expiring: a page of packages expiring within days. */
struct client_op_expiring_row {
	char		 tag[TAG_LEN + 1];
	int64_t		 product;
	char		 sku[CLIENT_OP_SKU];
	char		 name[CLIENT_OP_NAME];
	int		 weighed;
	int64_t		 qty;
	char		 location[40];
	char		 status[24];
	int		 expires;	/* YYYYMMDD, or 0 */
	int		 lab_expires;
	int		 expired;
};
struct client_op_expiring {
	int64_t		 days;
	struct client_op_expiring_row *list;
	u_int		 n;
	int		 more;
	char		 next[TAG_LEN + 1];
};
/* package.adjust. */
struct client_op_adjust_req {
	const char	*tag;
	int64_t		 delta;		/* units or mg; negative takes away */
	const char	*reason;
	const char	*note;		/* or NULL */
	int		 weight;	/* CLIENT_OP_WEIGHT_* */
	int64_t		 witness;	/* staff, or 0 */
	const char	*pin;		/* the witness's */
};
/* hold.set (recall 0 or 1) and hold.release. */
struct client_op_hold_req {
	const char	*scope;
	const char	*key;
	const char	*reason;
	int		 recall;
};
/*
 * The package is NULL with an error (code "not-found": no such tag); it
 * is the reply's, freed after the callback unless the callback takes it
 * (client_op_package_take). The trace and the lists are the reply's too.
 */
typedef void	(*client_op_package_cb)(const struct client_op_error *,
		    struct client_op_package *, void *);
typedef void	(*client_op_trace_cb)(const struct client_op_error *,
		    const struct client_op_trace *, void *);
typedef void	(*client_op_hold_list_cb)(const struct client_op_error *,
		    const struct client_op_hold_list *, void *);
typedef void	(*client_op_low_cb)(const struct client_op_error *,
		    const struct client_op_low *, void *);
typedef void	(*client_op_expiring_cb)(const struct client_op_error *,
		    const struct client_op_expiring *, void *);
json_int_t	 client_op_package_get(const char *, client_op_package_cb,
		     void *);
json_int_t	 client_op_package_move(const char *, const char *,
		     client_op_package_cb, void *);
json_int_t	 client_op_package_adjust(const struct client_op_adjust_req *,
		     client_op_package_cb, void *);
/* Stock counts (client-op-count.c). */
struct client_op_count_line {
	char		 tag[TAG_LEN + 1];
	int64_t		 product;
	int		 recorded;
	int64_t		 counted;	/* units or mg, when recorded */
	int		 has_expected;	/* not while a blind count is open */
	int64_t		 expected;
	int64_t		 variance;
	int64_t		 adjustment;
};
struct client_op_count {
	int64_t		 id;
	int		 finished;
	int		 blind;
	char		 location[40];
	char		 category[17];
	int64_t		 packages;
	int64_t		 counted;
	int		 has_variances;
	int64_t		 variances;
	int64_t		 adjustments;	/* count.finish's */
	struct client_op_count_line *lines;	/* count.report */
	u_int		 n;
};
typedef void	(*client_op_count_cb)(const struct client_op_error *,
		     const struct client_op_count *, void *);
int		 client_op_count_parse(json_t *, struct client_op_count *);
void		 client_op_count_free(struct client_op_count *);
json_int_t	 client_op_count_start(const char *, const char *, int,
		     client_op_count_cb, void *);
json_int_t	 client_op_count_record(int64_t, const char *, int64_t,
		     client_op_done_cb, void *);
json_int_t	 client_op_count_report(int64_t, client_op_count_cb, void *);
json_int_t	 client_op_count_finish(int64_t, int, client_op_count_cb,
		     void *);

/* Orders and packing (client-op-order.c). */
#define CLIENT_OP_ORDER_LINES	32
#define CLIENT_OP_ORDER_PICKS	64
#define CLIENT_OP_PICK_PKGS	8
#define CLIENT_OP_LABEL_LINES	8
struct client_op_order {
	int64_t		 id;
	char		 ref[65];
	char		 status[16];
	char		 channel[16];
	int64_t		 customer;
	int64_t		 created;	/* µs */
	int64_t		 total;		/* cents */
	int64_t		 trip;		/* 0: none */
	int		 has_address;
	int64_t		 lat, lon;	/* micro-degrees */
	char		 street[64];
	u_int		 nlines;
	u_int		 npicks;
	struct client_op_order_pick {
		char	 tag[TAG_LEN + 1];
		int64_t	 line;
		int64_t	 qty;
	}		 picks[CLIENT_OP_ORDER_PICKS];
};
struct client_op_orders {
	struct client_op_order	*list;
	u_int			 n;
};
struct client_op_picklist {
	int64_t		 order;
	char		 status[16];
	u_int		 n;
	struct client_op_pick_line {
		int64_t	 line;
		int64_t	 product;
		char	 name[64];
		int	 by_weight;
		int64_t	 qty;
		int64_t	 need;	/* what is still to pack */
		u_int	 npkgs;
		struct client_op_pick_pkg {
			char	 tag[TAG_LEN + 1];
			char	 location[40];
			int64_t	 qty;
			int64_t	 free;
			int	 first;
		}	 pkgs[CLIENT_OP_PICK_PKGS];
	}		 lines[CLIENT_OP_ORDER_LINES];
};
struct client_op_bag_label {
	int64_t		 order;
	u_int		 ntext;
	char		 text[CLIENT_OP_LABEL_LINES][33];
};
typedef void	(*client_op_order_cb)(const struct client_op_error *,
		     const struct client_op_order *, void *);
typedef void	(*client_op_orders_cb)(const struct client_op_error *,
		     const struct client_op_orders *, void *);
typedef void	(*client_op_pick_cb)(const struct client_op_error *,
		     const struct client_op_picklist *, void *);
typedef void	(*client_op_seal_cb)(const struct client_op_error *,
		     const struct client_op_order *,
		     const struct client_op_bag_label *, void *);
int		 client_op_order_parse(json_t *, struct client_op_order *);
int		 client_op_order_parse_list(json_t *,
		     struct client_op_orders *);
void		 client_op_order_list_free(struct client_op_orders *);
int		 client_op_order_parse_pick(json_t *,
		     struct client_op_picklist *);
int		 client_op_order_parse_label(json_t *,
		     struct client_op_bag_label *);
json_int_t	 client_op_order_list(const char *, client_op_orders_cb,
		     void *);
json_int_t	 client_op_order_pick(int64_t, client_op_pick_cb, void *);
json_int_t	 client_op_order_pack(int64_t, const char *, int64_t, int,
		     client_op_order_cb, void *);
json_int_t	 client_op_order_unpack(int64_t, const char *,
		     client_op_order_cb, void *);
json_int_t	 client_op_order_seal(int64_t, client_op_seal_cb, void *);

/*
 * An inspector's questions (client-op-inspect.c): trip.day, trip.stops
 * and customer.deliveries. lines borrow from raw; n is the trips, stops
 * or deliveries the answer has.
 */
struct client_op_inspect {
	char		 title[96];
	const char	**lines;
	u_int		 nlines;
	u_int		 n;
	json_t		*raw;
};
typedef void	(*client_op_inspect_cb)(const struct client_op_error *,
		     struct client_op_inspect *, void *);
int		 client_op_inspect_parse(json_t *, struct client_op_inspect *);
void		 client_op_inspect_free(struct client_op_inspect *);
json_int_t	 client_op_inspect_day(const char *, u_int,
		     client_op_inspect_cb, void *);
json_int_t	 client_op_inspect_stops(int64_t, u_int, client_op_inspect_cb,
		     void *);
json_int_t	 client_op_inspect_customer(int64_t, u_int,
		     client_op_inspect_cb, void *);

/* Trips, for the dispatch board (client-op-trip.c). */
#define CLIENT_OP_TRIP_ORDERS	64
struct client_op_trip {
	int64_t		 id;
	char		 status[16];
	int64_t		 driver;
	char		 vehicle[16];
	u_int		 norders;
	struct client_op_trip_stop {
		int64_t	 id;
		char	 status[16];
	}		 orders[CLIENT_OP_TRIP_ORDERS];	/* stop order */
	int64_t		 fix_at;	/* its handheld's last fix, 0: none */
	int		 off_route;	/* that fix is off its leg */
	int64_t		 exceptions;	/* open delivery exceptions */
	int		 rerouted;	/* the driver changed the route */
	int		 has_drift;	/* eta_drift_s is known */
	int64_t		 eta_drift_s;	/* next stop vs plan, s; +: late */
	int64_t		 read_at;	/* when it was read, us */
};
struct client_op_trips {
	struct client_op_trip	*list;
	u_int			 n;
	int			 located;	/* the store's location known */
	int64_t			 lat, lon;	/* micro-degrees */
};
typedef void	(*client_op_trip_cb)(const struct client_op_error *,
		     const struct client_op_trip *, void *);
typedef void	(*client_op_trips_cb)(const struct client_op_error *,
		     const struct client_op_trips *, void *);
int		 client_op_trip_parse(json_t *, struct client_op_trip *);
int		 client_op_trip_parse_list(json_t *, struct client_op_trips *);
void		 client_op_trip_list_free(struct client_op_trips *);
void		 client_op_trip_reply(json_t *, const struct client_op_error *,
		     struct client_op_call *);
json_int_t	 client_op_trip_list(client_op_trips_cb, void *);
json_int_t	 client_op_trip_assign(int64_t, int64_t, client_op_trip_cb,
		     void *);
json_int_t	 client_op_trip_optimise(int64_t, client_op_trip_cb, void *);

/* The driver's handheld: trip.take, .handheld, .sync (client-op-driver.c). */
typedef void	(*client_op_driver_bundle_cb)(const struct client_op_error *,
		     json_t *, void *);
typedef void	(*client_op_driver_sync_cb)(const struct client_op_error *,
		     const struct journal_ack *, u_int, void *);
json_int_t	 client_op_driver_take(int64_t, client_op_done_cb, void *);
json_int_t	 client_op_driver_trip(int64_t, client_op_trip_cb, void *);
json_int_t	 client_op_driver_handheld(int64_t, client_op_driver_bundle_cb,
		     void *);
int		 client_op_driver_parse_acks(json_t *, struct journal_ack **,
		     u_int *);
json_int_t	 client_op_driver_sync(int64_t, const struct journal_entry *,
		     u_int, client_op_driver_sync_cb, void *);

/*
 * staff.list, staff.role, staff.add, staff.pin.reset, staff.lock,
 * staff.unlock, staff.deactivate, role.list, role.define, role.delete
 * (client-op-staff.c).
 */
struct client_op_staff {
	int64_t		 id;
	char		 name[64];
	char		 role[ROLE_NAME_MAX + 1];
	int		 active;
	int		 locked;
	int		 deactivated;
	int		 pin_change;
};
struct client_op_staff_list {
	struct client_op_staff	*list;
	u_int			 n;
};
struct client_op_staff_role {
	int64_t		 id;
	char		 name[64];
	char		 role[ROLE_NAME_MAX + 1];
	char		 was[ROLE_NAME_MAX + 1];
};
/* staff.add and staff.pin.reset: who, and their one-time PIN. */
struct client_op_staff_new {
	int64_t		 id;
	char		 name[64];
	char		 role[ROLE_NAME_MAX + 1];
	char		 pin[16];
};
enum client_op_staff_change {
	CLIENT_OP_STAFF_LOCK,
	CLIENT_OP_STAFF_UNLOCK,
	CLIENT_OP_STAFF_DEACTIVATE,
};
struct client_op_role {
	char		 name[ROLE_NAME_MAX + 1];
	int		 builtin;
	uint32_t	 perms;
	int		 staff;		/* how many hold it */
};
struct client_op_role_list {
	struct client_op_role	*list;
	u_int			 n;
};
typedef void	(*client_op_staff_list_cb)(const struct client_op_error *,
		     const struct client_op_staff_list *, void *);
typedef void	(*client_op_staff_role_cb)(const struct client_op_error *,
		     const struct client_op_staff_role *, void *);
typedef void	(*client_op_staff_new_cb)(const struct client_op_error *,
		     const struct client_op_staff_new *, void *);
typedef void	(*client_op_role_list_cb)(const struct client_op_error *,
		     const struct client_op_role_list *, void *);
int		 client_op_staff_parse_list(json_t *,
		     struct client_op_staff_list *);
void		 client_op_staff_list_free(struct client_op_staff_list *);
int		 client_op_staff_parse_role(json_t *,
		     struct client_op_staff_role *);
json_int_t	 client_op_staff_list(int, client_op_staff_list_cb, void *);
json_int_t	 client_op_staff_role(int64_t, const char *,
		     client_op_staff_role_cb, void *);
json_int_t	 client_op_staff_add(const char *, const char *,
		     client_op_staff_new_cb, void *);
json_int_t	 client_op_staff_pin_reset(int64_t, client_op_staff_new_cb,
		     void *);
json_int_t	 client_op_staff_change(int64_t, enum client_op_staff_change,
		     client_op_done_cb, void *);
int		 client_op_role_parse_list(json_t *,
		     struct client_op_role_list *);
json_int_t	 client_op_role_list(client_op_role_list_cb, void *);
json_int_t	 client_op_role_define(const char *, uint32_t,
		     client_op_done_cb, void *);
json_int_t	 client_op_role_delete(const char *, client_op_done_cb,
		     void *);

/* settings.get and settings.set (client-op-settings.c). */
struct client_op_setting {
	char		 key[32];
	char		 value[512];
	char		 source[16];	/* ledger, stash.conf */
	char		 help[160];
};
struct client_op_settings {
	struct client_op_setting	*list;
	u_int				 n;
};
typedef void	(*client_op_settings_cb)(const struct client_op_error *,
		     const struct client_op_settings *, void *);
int		 client_op_settings_parse(json_t *,
		     struct client_op_settings *);
json_int_t	 client_op_settings_get(client_op_settings_cb, void *);
json_int_t	 client_op_settings_set(const char *, const char *,
		     client_op_done_cb, void *);
void		 client_op_settings_refresh(void);

/* product.get and product.update: a product as the catalogue keeps it. */
struct client_op_product_full {
	int64_t		 id;
	char		 sku[CLIENT_OP_SKU];
	char		 name[CLIENT_OP_NAME];
	char		 category[17];
	int		 weighed;	/* unit "weight": per gram, mg */
	int64_t		 price;		/* cents */
	int64_t		 unit_cost;
	int64_t		 thc;		/* per mille */
	int64_t		 reorder;
	int		 active;
	int		 changed;	/* product.update changed something */
};
struct client_op_product_req {
	int64_t		 id;
	const char	*name;		/* NULL: as it is */
	const char	*category;
	int64_t		 price;		/* -1: as it is */
	int64_t		 unit_cost;
	int64_t		 thc;
	int64_t		 reorder;
	int		 active;	/* -1: as it is */
};
typedef void	(*client_op_product_full_cb)(const struct client_op_error *,
		     const struct client_op_product_full *, void *);
int		 client_op_item_parse_product(json_t *,
		     struct client_op_product_full *);
json_int_t	 client_op_product_get(const char *, client_op_product_full_cb,
		     void *);
json_int_t	 client_op_product_update(const struct client_op_product_req *,
		     client_op_product_full_cb, void *);
/* package.lab: a lab result entered or corrected (status pass or fail). */
struct client_op_lab_req {
	const char	*tag;
	const char	*status;	/* pass, fail */
	int64_t		 thc;		/* per mille */
	int64_t		 cbd;
	const char	*lab;		/* the lab's licence, or NULL */
	int		 tested;	/* YYYYMMDD, or 0 */
	int		 expires;
	const char	*cert;		/* or NULL */
};
json_int_t	 client_op_package_lab(const struct client_op_lab_req *,
		     client_op_package_cb, void *);
json_int_t	 client_op_hold_set(const struct client_op_hold_req *,
		     client_op_done_cb, void *);
json_int_t	 client_op_hold_release(const struct client_op_hold_req *,
		     client_op_done_cb, void *);
json_int_t	 client_op_hold_list(client_op_hold_list_cb, void *);
/* hold.preview: what a hold or recall would cover now. */
struct client_op_hold_preview {
	char		 scope[16];
	char		 key[CLIENT_OP_CODE];	/* as the ledger keeps it */
	int		 has_product;
	char		 sku[CLIENT_OP_SKU];
	char		 name[CLIENT_OP_NAME];
	int64_t		 packages;	/* with stock */
	int64_t		 units;
	int64_t		 mg;
};
typedef void	(*client_op_hold_preview_cb)(const struct client_op_error *,
		    const struct client_op_hold_preview *, void *);
json_int_t	 client_op_hold_preview(const char *, const char *,
		     client_op_hold_preview_cb, void *);
int		 client_op_inventory_parse_preview(json_t *,
		     struct client_op_hold_preview *);
json_int_t	 client_op_inventory_trace(const char *, const char *,
		     client_op_trace_cb, void *);
json_int_t	 client_op_inventory_low(client_op_low_cb, void *);
json_int_t	 client_op_inventory_expiring(int, client_op_expiring_cb,
		     void *);
int		 client_op_package_parse(json_t *, struct client_op_package *);
void		 client_op_package_free(struct client_op_package *);
void		 client_op_package_take(struct client_op_package *,
		     struct client_op_package *);
void		 client_op_lab_parse(json_t *, struct client_op_lab *);
int		 client_op_inventory_parse_get(json_t *,
		     struct client_op_package *);
int		 client_op_inventory_parse_trace(json_t *,
		     struct client_op_trace *);
void		 client_op_inventory_trace_free(struct client_op_trace *);
int		 client_op_inventory_parse_holds(json_t *,
		     struct client_op_hold_list *);
void		 client_op_inventory_holds_free(struct client_op_hold_list *);
int		 client_op_inventory_parse_low(json_t *, struct client_op_low *);
void		 client_op_inventory_low_free(struct client_op_low *);
int		 client_op_inventory_parse_expiring(json_t *,
		     struct client_op_expiring *);
void		 client_op_inventory_expiring_free(struct client_op_expiring *);

/* client-op-intake.c */
/* A manifest typed at the intake station (intake.create). */
struct client_op_intake_pkg {
	const char	*tag;
	const char	*sku;
	const char	*batch;
	int64_t		 qty;		/* units or mg */
	int		 harvested;	/* YYYYMMDD, or 0 */
};
struct client_op_intake_new {
	const char			*manifest;
	const char			*supplier;
	const char			*note;
	const struct client_op_intake_pkg *pkgs;
	u_int				 n;
};
/* A manifest LINE: a package shipped, what arrived, what was decided. */
struct client_op_intake_line {
	char		 manifest[CLIENT_OP_CODE];
	char		 tag[TAG_LEN + 1];
	char		 sku[CLIENT_OP_SKU];
	int64_t		 product;
	char		 found_sku[CLIENT_OP_SKU];	/* scanned with, or "" */
	int64_t		 found_product;
	char		 batch[CLIENT_OP_CODE];
	int		 harvested;	/* YYYYMMDD, or 0 */
	int		 has_shipped;	/* the reply said */
	int64_t		 shipped;	/* units or mg */
	int		 has_received;
	int64_t		 received;
	int		 scanned;
	int64_t		 scan_time;	/* µs */
	char		 state[12];	/* pending, accepted, rejected, partial */
	char		 discrepancy[16];	/* none, missing, extra, ... */
	char		 note[CLIENT_OP_TEXT];
	int64_t		 accepted;
	int64_t		 resolved_by;
	char		 weight[8];	/* scale, typed, or "" */
	struct client_op_lab lab;
};
/* A MANIFEST, with its tallies (intake.list, intake.get) and lines. */
struct client_op_manifest {
	char		 manifest[CLIENT_OP_CODE];
	char		 supplier[CLIENT_OP_CODE];
	int64_t		 created;	/* µs */
	char		 status[8];	/* open, closed */
	char		 note[CLIENT_OP_TEXT];
	int64_t		 staff;
	int64_t		 closed;	/* µs, or 0 */
	int64_t		 packages;
	int64_t		 pending;
	int64_t		 discrepancies;
	struct client_op_intake_line *lines;	/* intake.get */
	u_int		 nlines;
};
struct client_op_manifest_list {
	struct client_op_manifest *list;	/* without lines */
	u_int		 n;
};
/* intake.close's reply. */
struct client_op_intake_closed {
	char		 manifest[CLIENT_OP_CODE];
	int64_t		 created;	/* packages now in the vault */
	int64_t		 held;		/* of them on hold */
};
/* intake.scan: what arrived. */
struct client_op_intake_scan_req {
	const char	*manifest;
	const char	*tag;
	int64_t		 qty;		/* units or mg */
	int		 weight;	/* CLIENT_OP_WEIGHT_* */
	const char	*sku;		/* the product on it, or NULL */
};
/* intake.resolve: accept, reject or partial (qty of it). */
struct client_op_intake_resolve_req {
	const char	*manifest;
	const char	*tag;
	const char	*action;
	int64_t		 qty;		/* partial only */
	const char	*note;
};
/* The manifest and the list are the reply's: take them with _move. */
typedef void	(*client_op_manifest_list_cb)(const struct client_op_error *,
		    struct client_op_manifest_list *, void *);
typedef void	(*client_op_manifest_cb)(const struct client_op_error *,
		    struct client_op_manifest *, void *);
typedef void	(*client_op_intake_line_cb)(const struct client_op_error *,
		    const struct client_op_intake_line *, void *);
typedef void	(*client_op_intake_closed_cb)(const struct client_op_error *,
		    const struct client_op_intake_closed *, void *);
json_int_t	 client_op_intake_create(const struct client_op_intake_new *,
		     client_op_done_cb, void *);
json_int_t	 client_op_intake_list(client_op_manifest_list_cb, void *);
json_int_t	 client_op_intake_get(const char *, client_op_manifest_cb,
		     void *);
json_int_t	 client_op_intake_scan(const struct client_op_intake_scan_req *,
		     client_op_intake_line_cb, void *);
json_int_t	 client_op_intake_resolve(
		     const struct client_op_intake_resolve_req *,
		     client_op_intake_line_cb, void *);
json_int_t	 client_op_intake_close(const char *,
		     client_op_intake_closed_cb, void *);
int		 client_op_intake_parse_line(json_t *,
		     struct client_op_intake_line *);
int		 client_op_intake_parse_manifest(json_t *,
		     struct client_op_manifest *);
void		 client_op_intake_manifest_free(struct client_op_manifest *);
void		 client_op_intake_manifest_move(struct client_op_manifest *,
		     struct client_op_manifest *);
int		 client_op_intake_manifest_find(const struct client_op_manifest *,
		     const char *);
u_int		 client_op_intake_manifest_put(struct client_op_manifest *,
		     const struct client_op_intake_line *);
int		 client_op_intake_parse_list(json_t *,
		     struct client_op_manifest_list *);
void		 client_op_intake_list_free(struct client_op_manifest_list *);
void		 client_op_intake_list_move(struct client_op_manifest_list *,
		     struct client_op_manifest_list *);
int		 client_op_intake_parse_closed(json_t *,
		     struct client_op_intake_closed *);

/*
 * client-op-compliance.c: reporting to the state (compliance.*). The
 * exceptions and the reconciliation are handed to the callback to keep:
 * it owns them and frees them with the matching _free.
 */
struct client_op_compliance_status {
	int		 enabled;
	int64_t		 pending;
	int64_t		 exceptions;
	int64_t		 deadline;		/* s */
	int64_t		 deadline_left;		/* s */
	char		 deadline_type[16];	/* adult, medical or "" */
	int		 has_oldest;
	int64_t		 oldest_unreported;	/* µs */
	int		 has_last_contact;
	int64_t		 last_contact;		/* µs */
	int		 broken;
	char		 broken_reason[256];
	int		 has_warning;
	char		 warning[256];
	/* BioTrack v2024: its approval, Florida's outage notice (s; 0 none) */
	int64_t		 approval_expires;
	char		 approval_warning[256];
	int64_t		 outage_since;
	int64_t		 outage_notice_due;
	int64_t		 approval_days_left;
	/* Which state system stashd reports to (state-system). */
	char		 state_system[24];
	/* CCRS: the Sunday the oldest unaccepted week is due, YYYY-MM-DD */
	int		 has_ccrs;
	char		 ccrs_due[16];
	int		 ccrs_overdue;
	int64_t		 ccrs_last_export;	/* µs; 0 never */
	int64_t		 ccrs_last_upload;	/* µs; 0 never */
};
struct client_op_compliance_exception {
	int64_t		 job;
	char		 kind[24];		/* receipt, adjustment, ... */
	char		 ref[72];
	int64_t		 subject;		/* the sale or adjustment */
	int64_t		 created;		/* µs */
	int64_t		 attempts;
	char		 message[512];		/* the state's */
};
struct client_op_compliance_exceptions {
	struct client_op_compliance_exception	*list;
	u_int					 n;
	int					 more;
};
/* A pending report of a difference. */
struct client_op_compliance_pending {
	int64_t		 job;
	char		 kind[24];
	int64_t		 effect;
	char		 state[16];		/* pending, exception */
	int		 uncertain;
};
/* A figure of a difference: a number, a word, or none (null). */
#define CLIENT_OP_FIGURE_NONE	0
#define CLIENT_OP_FIGURE_INT	1
#define CLIENT_OP_FIGURE_STR	2
struct client_op_compliance_figure {
	int		 type;
	int64_t		 n;
	char		 s[32];
};
struct client_op_compliance_diff {
	char					 tag[32];
	char					 kind[16];
	char					 unit[16];
	char					 action[128];
	struct client_op_compliance_figure	 ours;
	struct client_op_compliance_figure	 state;
	struct client_op_compliance_pending	*pending;
	u_int					 npending;
};
struct client_op_compliance_recon {
	int64_t				 compared;
	struct client_op_compliance_diff *diffs;
	u_int				 ndiffs;
	u_int				 nexplained;
	u_int				 nheld;
};
typedef void	(*client_op_compliance_status_cb)(
		    const struct client_op_error *,
		    const struct client_op_compliance_status *, void *);
typedef void	(*client_op_compliance_exceptions_cb)(
		    const struct client_op_error *,
		    struct client_op_compliance_exceptions *, void *);
typedef void	(*client_op_compliance_recon_cb)(
		    const struct client_op_error *,
		    struct client_op_compliance_recon *, void *);
json_int_t	 client_op_compliance_status(client_op_compliance_status_cb,
		     void *);
json_int_t	 client_op_compliance_exceptions(
		     client_op_compliance_exceptions_cb, void *);
json_int_t	 client_op_compliance_reconcile(client_op_compliance_recon_cb,
		     void *);
json_int_t	 client_op_compliance_retry(int64_t, client_op_done_cb, void *);
void		 client_op_compliance_parse_status(json_t *,
		     struct client_op_compliance_status *);
int		 client_op_compliance_parse_exceptions(json_t *,
		     struct client_op_compliance_exceptions *);
int		 client_op_compliance_parse_recon(json_t *,
		     struct client_op_compliance_recon *);
void		 client_op_compliance_exceptions_free(
		     struct client_op_compliance_exceptions *);
void		 client_op_compliance_recon_free(
		     struct client_op_compliance_recon *);

/* client-op-report.c: report.run, a report's table. */
struct report_table;
struct client_op_report_req {
	const char	*name;
	const char	*from;		/* YYYY-MM-DD */
	const char	*to;
	const char	*by;		/* or NULL */
	const char	*compare;	/* previous, last-year, or NULL */
};
typedef void	(*client_op_report_cb)(const struct client_op_error *,
		    const struct report_table *, void *);
int		 client_op_report_parse_table(json_t *, struct report_table *);
json_int_t	 client_op_report_run(const struct client_op_report_req *,
		     client_op_report_cb, void *);

#endif /* CLIENT_OP_H */
