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

#ifndef SCREEN_REGISTER_H
#define SCREEN_REGISTER_H

/*
 * The register's state and the functions its files share:
 * screen-register.c (the mode machine and the drawing frame),
 * screen-register-cart.c (lines, lookups, weighing, product search),
 * screen-register-customer.c (the customer panel and search),
 * screen-register-tender.c (payment and the commit) and
 * screen-register-discount.c (^D: discounts and points).
 */

#include "client-op.h"

enum screen_register_mode {
	REGISTER_ITEM,		/* a tag or SKU */
	REGISTER_WEIGHT,	/* grams of a weighed product */
	REGISTER_QTY,		/* a new quantity for the selected line */
	REGISTER_SEARCH,	/* words to search products for */
	REGISTER_PICK,		/* pick one of the products found */
	REGISTER_TENDER,	/* cash tendered */
	REGISTER_CARD,		/* paid by card: the amount */
	REGISTER_CARD_REF,	/* and the card terminal's reference */
	REGISTER_COMMIT,	/* waiting for sale.commit */
	REGISTER_CUSTOMER,	/* words to search customers for */
	REGISTER_CUSTOMER_PICK,	/* pick one of the customers found */
	REGISTER_PATIENT_PICK,	/* a caregiver's patient */
	REGISTER_OUTAGE,	/* why: the state is down, or a limit overridden */
	REGISTER_APPROVER,	/* a manager's staff ID, for a typed weight */
	REGISTER_APPROVER_PIN,	/* and their PIN */
	REGISTER_DISC_KIND,	/* ^D: which discount */
	REGISTER_DISC_VALUE,	/* "10%" or "5.00" */
	REGISTER_DISC_LINE,	/* on a line, or the whole cart */
	REGISTER_DISC_REASON,	/* why, for a one-off */
	REGISTER_REDEEM,	/* loyalty points to spend */
	REGISTER_NEW,		/* a new customer's ID, typed: R.nstep */
};

/* The new customer's details, asked one after the other. */
enum screen_register_new {
	REGISTER_NEW_TYPE,	/* a: adult, m: medical */
	REGISTER_NEW_FIRST,
	REGISTER_NEW_LAST,
	REGISTER_NEW_DOB,
	REGISTER_NEW_ID,	/* the ID document's number */
	REGISTER_NEW_ID_EXPIRES,
	REGISTER_NEW_CARD,	/* medical: the card's number */
	REGISTER_NEW_CARD_EXPIRES,
	REGISTER_NEW_REASON,	/* why the ID was not scanned */
	REGISTER_NEW_N
};

#define REGISTER_PICK_NAME	28	/* product name in the search list */
#define REGISTER_CUST_NAME	26	/* customer name in the search list */
#define REGISTER_PANEL_POOLS	2	/* most rows for the limit pools */
#define REGISTER_ME		((void *)&screen_register_entry)
#ifndef nitems
#define nitems(a) (sizeof (a) / sizeof (a)[0])
#endif

struct screen_register {
	enum screen_register_mode	 mode;
	struct ui_input			 in;
	char				*prompt;
	struct client_wedge		 wedge;
	struct ui_list			 cart;
	u_int				 lookups;	/* item.lookup out */
	int				 repay;	/* scan cut payment */

	/* Cart: the product search and the item being weighed. */
	struct ui_list			 pick;
	struct client_op_product_list	 found;
	struct client_op_item		 weigh;

	/* Customer: those found, a caregiver and their patients. */
	struct ui_list			 cpick;
	struct client_op_customer_list	 customers;
	int				 has_customers;
	struct client_op_customer	 carer;
	struct client_op_customer	 patients[CLIENT_OP_PATIENTS];
	u_int				 npatients;
	u_int				 patients_wait;

	/*
	 * Tender: the manager approving a typed weight or a manual entry
	 * while the state's patient registry is down, between the prompts;
	 * the entry's reason and which reason the prompt asks
	 * ("outage_reason" or "override_reason"); the card amount being
	 * taken.
	 */
	uint32_t			 approver;
	char				 outage[129];
	const char			*reason_key;
	int64_t				 card;

	/* Discount: the one being asked for. */
	struct cart_discount		 disc;

	/* A new customer typed in: the step and the answers so far. */
	enum screen_register_new	 nstep;
	int				 nmedical;
	char				 nf[REGISTER_NEW_N][64];

	/* An ID scanned for the customer: being looked up, or added. */
	struct client_idscan		 idscan;	/* wedge scans */
	struct dev_id			*nid;	/* NULL: typed */
	int				 nlookup; /* customer.search out */
};
extern struct screen_register	 screen_register;
#define R screen_register

/* screen-register.c */
void	screen_register_columns(int w, int *namew, int *tagw);
void	screen_register_pad(char *out, size_t len, const char *s, int w);
void	screen_register_set_mode(enum screen_register_mode mode,
		     const char *name);

/* screen-register-cart.c */
void	screen_register_cart_line(void *arg, u_int idx, char *out, size_t len,
		     enum ui_colour *c);
void	screen_register_draw_pick(const struct ui_rect *r);
void	screen_register_lookup(const char *text);
void	screen_register_pick_line(void *arg, u_int idx, char *out, size_t len,
		     enum ui_colour *c);
void	screen_register_pick_one(void);
void	screen_register_qty(void);
void	screen_register_remove(void);
void	screen_register_search(void);
void	screen_register_weight(void);

/* screen-register-customer.c */
void	screen_register_choose(const struct client_op_customer *cu);
void	screen_register_cpick_enter(void);
void	screen_register_cpick_line(void *arg, u_int idx, char *out, size_t len,
		     enum ui_colour *c);
void	screen_register_customer(void);
void	screen_register_id(const struct dev_id *id);
extern struct client_idscan_to screen_register_wedge;
int	screen_register_id_ready(void);
void	screen_register_id_wipe(void);
void	screen_register_customer_search(void);
void	screen_register_draw_cpick(const struct ui_rect *r);
void	screen_register_new(void);
void	screen_register_new_next(void);
void	screen_register_new_prompt(void);
int	screen_register_draw_panel(const struct ui_rect *r);
void	screen_register_patients_free(void);
void	screen_register_walkin(void);

/* screen-register-tender.c */
void	screen_register_approver_id(void);
void	screen_register_approver_pin(void);
void	screen_register_card_amount(void);
void	screen_register_card_ref(void);
void	screen_register_draw_totals(int y, int w);
void	screen_register_outage_reason(void);
void	screen_register_retry(void);
void	screen_register_take_cash(void);
void	screen_register_tender(void);

/* screen-register-discount.c */
void	screen_register_disc_kind(void);
void	screen_register_disc_line(void);
void	screen_register_disc_line_text(u_int i, int namew, int tagw, char *out,
		     size_t len);
void	screen_register_disc_reason(void);
void	screen_register_disc_remove(u_int i);
void	screen_register_disc_value(void);
void	screen_register_discount(void);
void	screen_register_redeem(void);

#endif /* SCREEN_REGISTER_H */
