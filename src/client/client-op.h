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

#include <sys/queue.h>

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
};

/* client-op.c */
json_int_t	 client_op_send(struct client_op_req *, client_cb, void *);
void		 client_op_error_set(struct client_op_error *, const char *,
		     const char *);

/*
 * client-op-call.c: a typed request in flight. The domain's reply function
 * parses the result and calls the caller's typed callback (cb, cast back
 * to its own type by that domain); client_op_forget(arg) drops the
 * callbacks of everything arg asked, as client_forget does for raw ones.
 */
struct client_op_call;
typedef void	(*client_op_reply_fn)(json_t *, const struct client_op_error *,
		    struct client_op_call *);
typedef void	(*client_op_fn)(void);
struct client_op_call {
	client_op_reply_fn	 reply;
	client_op_fn		 cb;		/* NULL once forgotten */
	void			*arg;
	TAILQ_ENTRY(client_op_call) entry;
};
/* The callback of an op whose reply says nothing more than yes or no. */
typedef void	(*client_op_done_cb)(const struct client_op_error *, void *);
json_int_t	 client_op_call(struct client_op_req *, client_op_reply_fn,
		     client_op_fn, void *);
void		 client_op_call_done(json_t *, const struct client_op_error *,
		     struct client_op_call *);
void		 client_op_forget(void *);
void		 client_op_free(void);
const char	*client_op_str(json_t *, const char *);
int64_t		 client_op_int(json_t *, const char *);
void		 client_op_copy(char *, size_t, json_t *, const char *);

/*
 * client-op-event.c: what stashd pushes (and the client's own connection
 * event), parsed before a screen sees it. Strings are borrowed for the
 * call. raw is the event as it came, for a screen not typed yet.
 */
enum client_op_event_type {
	CLIENT_OP_EVENT_OTHER,
	CLIENT_OP_EVENT_CONNECTION,	/* state "ready": connected again */
	CLIENT_OP_EVENT_SESSION,	/* state, message */
	CLIENT_OP_EVENT_QUEUE,		/* state added|called|left, entry */
	CLIENT_OP_EVENT_HOLD,		/* state set|released */
	CLIENT_OP_EVENT_STOCK,
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
	const char			*state;
	const char			*message;
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
json_int_t	 client_op_session_login(int64_t, const char *,
		     client_op_done_cb, void *);
void		 client_op_session_logout(void);

/* client-op-sale.c */

/* client-op-customer.c */

/* client-op-item.c */

/* client-op-queue.c */
struct client_op_queue_list {
	struct client_op_queue_entry	*entries;	/* oldest first */
	u_int				 n;
};
/* queue.call's reply: the entry, and the CUSTOMER for the register. */
struct client_op_queue_called {
	struct client_op_queue_entry	 entry;
	void				*customer;	/* a json_t, or NULL */
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

/*
 * client-op-door.c: the door station's customer look-ups (customer.get,
 * .search, .create) as the door needs them. To be folded with
 * client-op-customer.c.
 */
struct client_op_door_customer {
	int64_t		 id;
	char		 name[128];	/* "first last" */
	char		 type[16];	/* adult, medical */
	char		 dob[16];	/* YYYY-MM-DD or "" */
	char		 id_number[64];	/* id_doc's */
	int		 has_id_expires;
	char		 id_expires[16];
	int		 has_card;	/* a medical card */
	int		 has_card_expires;
	char		 card_expires[16];
};
/* customer.get's verdict. */
struct client_op_door_verdict {
	struct client_op_door_customer	 customer;
	int				 eligible;
	int				 has_reason;
	char				 reason[256];
	struct client_op_patient_state	 state;
};
struct client_op_door_found {
	struct client_op_door_customer	*customers;
	u_int				 n;
};
/* A customer from a scanned ID (customer.create). */
struct client_op_door_new {
	int			 medical;
	const struct dev_id	*id;
	const char		*card;		/* medical: the card's number */
	const char		*card_expires;	/* YYYY-MM-DD */
};
typedef void	(*client_op_door_verdict_cb)(const struct client_op_error *,
		    const struct client_op_door_verdict *, void *);
typedef void	(*client_op_door_found_cb)(const struct client_op_error *,
		    const struct client_op_door_found *, void *);
typedef void	(*client_op_door_created_cb)(const struct client_op_error *,
		    const struct client_op_door_customer *, void *);
json_int_t	 client_op_door_get(int64_t, client_op_door_verdict_cb, void *);
json_int_t	 client_op_door_search(const char *, client_op_door_found_cb,
		     void *);
json_int_t	 client_op_door_create(const struct client_op_door_new *,
		     client_op_door_created_cb, void *);
void		 client_op_door_parse_customer(json_t *,
		     struct client_op_door_customer *);
int		 client_op_door_parse_verdict(json_t *,
		     struct client_op_door_verdict *);
int		 client_op_door_parse_found(json_t *,
		     struct client_op_door_found *);
void		 client_op_door_found_free(struct client_op_door_found *);

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
struct client_op_z_report {
	char				 date[16];	/* "" if not said */
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

/* client-op-inventory.c */
/* A PACKAGE (package.get), as far as the screens typed so far read it. */
struct client_op_package {
	char		 tag[TAG_LEN + 1];
	char		 status[24];
	char		 location[40];
};
/* package is NULL with an error; code "not-found": no such tag. */
typedef void	(*client_op_package_cb)(const struct client_op_error *,
		    const struct client_op_package *, void *);
json_int_t	 client_op_package_get(const char *, client_op_package_cb,
		     void *);
int		 client_op_package_parse(json_t *, struct client_op_package *);

/* client-op-intake.c */
/* A product found by product.search (to be folded with the item ops). */
struct client_op_product {
	char		 sku[33];	/* SKU_MAX (store.h) + 1 */
	char		 name[64];
	int		 weight;	/* sold by weight (unit "weight") */
};
struct client_op_products {
	struct client_op_product	*list;
	u_int				 n;
};
typedef void	(*client_op_products_cb)(const struct client_op_error *,
		    const struct client_op_products *, void *);
json_int_t	 client_op_intake_products(const char *, client_op_products_cb,
		     void *);
int		 client_op_intake_parse_products(json_t *,
		     struct client_op_products *);
void		 client_op_intake_products_free(struct client_op_products *);
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
json_int_t	 client_op_intake_create(const struct client_op_intake_new *,
		     client_op_done_cb, void *);

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

#endif /* CLIENT_OP_H */
