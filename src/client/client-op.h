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
 * terminal: that is where the driver's offline journal sits (a request
 * with an idempotency key can be queued, persisted and replayed). Each
 * typed reply is parsed into C data before the caller's callback runs;
 * the callback gets a struct client_op_error with code NULL on success.
 */

#include "client.h"

struct client_op_error {
	const char	*code;		/* NULL: success */
	const char	*message;	/* for the person, when code is set */
};

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
 * A typed request in flight: the typed callback (cast to its type by the
 * client-op-<domain>.c that sent it) and the asker's argument.
 */
struct client_op_call {
	void		(*cb)(void);
	void		*arg;
};

/* client-op.c */
json_int_t	 client_op_send(struct client_op_req *, client_cb, void *);
json_int_t	 client_op_call(const char *, json_t *, const char *,
		     client_cb, void (*)(void), void *);
void		 client_op_error_set(struct client_op_error *, const char *,
		     const char *);
const char	*client_op_str(json_t *, const char *);
int64_t		 client_op_int(json_t *, const char *);

/* Typed requests follow, a section a domain (client-op-<domain>.c). */

/* client-op-session.c */

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

typedef void	(*client_op_quote_cb)(const struct client_op_quote *,
		     const struct client_op_error *, void *);
typedef void	(*client_op_sale_cb)(struct client_op_sale *,
		     const struct client_op_error *, void *);
typedef void	(*client_op_sale_list_cb)(struct client_op_sale_list *,
		     const struct client_op_error *, void *);
typedef void	(*client_op_return_cb)(struct client_op_return *,
		     struct client_op_sale *, const struct client_op_error *,
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
	json_t		*raw;
};
struct client_op_customer_list {
	struct client_op_customer *list;
	u_int		 n;
};
typedef void	(*client_op_customer_cb)(struct client_op_customer_info *,
		     const struct client_op_error *, void *);
typedef void	(*client_op_customer_list_cb)(
		     struct client_op_customer_list *,
		     const struct client_op_error *, void *);

int		 client_op_customer_parse_customer(json_t *,
		     struct client_op_customer *);
void		 client_op_customer_copy(struct client_op_customer *,
		     const struct client_op_customer *);
void		 client_op_customer_free(struct client_op_customer *);
int		 client_op_customer_parse_info(json_t *,
		     struct client_op_customer_info *);
void		 client_op_customer_info_free(struct client_op_customer_info *);
int		 client_op_customer_parse_list(json_t *,
		     struct client_op_customer_list *);
void		 client_op_customer_list_free(struct client_op_customer_list *);
char		*client_op_customer_name(const struct client_op_customer *,
		     char *, size_t);
json_int_t	 client_op_customer_get(int64_t, int64_t,
		     client_op_customer_cb, void *);
json_int_t	 client_op_customer_search(const char *,
		     client_op_customer_list_cb, void *);

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
typedef void	(*client_op_item_cb)(struct client_op_item *,
		     const struct client_op_error *, void *);
typedef void	(*client_op_product_cb)(struct client_op_product_list *,
		     const struct client_op_error *, void *);

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

/* client-op-event.c: a pushed event, as the register's screens read it. */

/*
 * A screen's event() gets the push as stashd sent it; it is opaque to the
 * screen, which reads it only through client_op_event_parse.
 */
typedef json_t	client_op_push;
struct client_op_event {
	const char	*event;		/* "connection", "stock", "hold" ... */
	const char	*state;		/* "ready", "set", "released" ... */
	const char	*tag;		/* stock */
	int		 has_qty;
	int64_t		 qty;
	const char	*scope;		/* hold: tag, batch, product ... */
	const char	*key;
	const char	*reason;
	int		 recall;
};
int		 client_op_event_parse(client_op_push *,
		     struct client_op_event *);

/* client-op-queue.c */

/* client-op-drawer.c */

/* client-op-inventory.c */

/* client-op-intake.c */

/* client-op-compliance.c */

#endif /* CLIENT_OP_H */
