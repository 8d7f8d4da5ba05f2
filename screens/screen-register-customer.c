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

#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "dev.h"
#include "screen-register.h"

/*
 * The register's customer: F8 searches (name, phone, ID or card number),
 * a caregiver names the patient they buy for, F9 makes the sale a
 * walk-in; the panel above the cart shows eligibility and the limit pools.
 * The cart is told when the customer changes (client-customer.c does not
 * call into it).
 *
 * A scanned ID (a wedge scanner's PDF417 at the customer prompt, or the
 * serial ID scanner) is looked up by its number as at the door: the
 * customer with that ID is attached; someone new is asked adult or medical
 * (with the card) and added with id_scanned, which needs no id.type, then
 * attached; stashd's verdict on an under-age or expired ID shows as NOT
 * ELIGIBLE in the panel and the sale is refused. The card's fields are
 * kept only until then, and wiped.
 */

static void	screen_register_attach(const struct client_op_customer *cu,
		     const struct client_op_customer *patient);
static void	screen_register_patient_done(
		     const struct client_op_error *err,
		     struct client_op_customer_info *ci, void *arg);
static void	screen_register_customer_done(
		     const struct client_op_error *err,
		     struct client_op_customer_list *l, void *arg);
static const struct client_op_customer *	screen_register_cpick_get(
		     u_int idx);
static void	screen_register_new_done(const struct client_op_error *err,
		     struct client_op_customer_info *ci, void *arg);
static int	screen_register_new_date(const char *s, char *out,
		     size_t len);
static void	screen_register_id_found(const struct client_op_error *err,
		     struct client_op_customer_list *l, void *arg);

/* Attach a customer (and patient) to the sale. */
static void
screen_register_attach(const struct client_op_customer *cu,
    const struct client_op_customer *patient)
{
	struct client_op_customer	c, p;
	char				name[128], pname[128];
	int				r;
	u_int				dropped = 0;

	/* Leaving the pick frees the lists these may be in. */
	client_op_customer_copy(&c, cu);
	if (patient != NULL)
		client_op_customer_copy(&p, patient);
	screen_register_set_mode(REGISTER_ITEM, NULL);
	if (c.id != client_customer.id)
		dropped = client_cart_customer_changed();
	if (client_cart_locked())
		r = -1;
	else if ((r = client_customer_set(&c, patient != NULL ? &p :
	    NULL)) == 0)
		client_cart_touch();
	ui_list_set_count(&R.cart, client_cart_rows());
	client_op_customer_name(&c, name, sizeof name);
	if (patient != NULL)
		client_op_customer_name(&p, pname, sizeof pname);
	client_op_customer_free(&c);
	if (patient != NULL)
		client_op_customer_free(&p);
	if (r != 0) {
		ui_status_set(UI_ERROR, "The customer cannot change until the "
		    "last sale is confirmed");
		return;
	}
	if (patient != NULL) {
		ui_status_set(UI_OK, "Customer %s, buying for %s", name,
		    pname);
	} else
		ui_status_set(UI_OK, "Customer %s%s", name, dropped != 0 ?
		    " (the last customer's discounts are taken off)" : "");
}

/* A patient of the caregiver being attached answered (or not). */
static void
screen_register_patient_done(const struct client_op_error *err,
    struct client_op_customer_info *ci, __unused void *arg)
{
	u_int	i;

	ui_screen_dirty();
	if (R.mode != REGISTER_PATIENT_PICK || R.patients_wait == 0)
		return;
	R.patients_wait--;
	if (err->code == NULL && ci != NULL) {
		for (i = 0; i < R.npatients; i++) {
			if (R.carer.patients[i] != ci->customer.id)
				continue;
			client_op_customer_free(&R.patients[i]);
			client_op_customer_copy(&R.patients[i], &ci->customer);
		}
	}
	if (R.patients_wait != 0)
		return;
	if (R.npatients == 1) {
		screen_register_attach(&R.carer, &R.patients[0]);
		return;
	}
	ui_list_init(&R.cpick, screen_register_cpick_line, NULL);
	ui_list_set_count(&R.cpick, R.npatients);
	ui_status_set(UI_INFO, "A caregiver: choose the patient they buy for "
	    "and press Enter");
}

/* A customer was chosen: a caregiver also names the patient. */
void
screen_register_choose(const struct client_op_customer *cu)
{
	struct client_op_customer	carer;
	u_int				i;

	if (cu->type == NULL || strcmp(cu->type, "caregiver") != 0 ||
	    cu->npatients == 0) {
		screen_register_attach(cu, NULL);
		return;
	}
	client_op_customer_copy(&carer, cu);
	screen_register_set_mode(REGISTER_PATIENT_PICK, NULL);
	screen_register_patients_free();
	R.carer = carer;
	for (i = 0; i < carer.npatients; i++) {
		/* A stand-in until the patient's name comes. */
		memset(&R.patients[i], 0, sizeof R.patients[i]);
		R.patients[i].id = carer.patients[i];
		R.patients[i].first = "patient";
		R.patients[i].last = "";
		R.patients[i].type = "medical";
		R.npatients++;
		R.patients_wait++;
		client_op_customer_get(carer.patients[i], 0,
		    screen_register_patient_done, REGISTER_ME);
	}
	ui_status_set(UI_INFO, "Looking up the caregiver's patients...");
}

/* Forget a caregiver's patients (and the caregiver). */
void
screen_register_patients_free(void)
{
	u_int	i;

	client_op_customer_free(&R.carer);
	for (i = 0; i < R.npatients; i++)
		client_op_customer_free(&R.patients[i]);
	R.npatients = 0;
	R.patients_wait = 0;
}

static void
screen_register_customer_done(const struct client_op_error *err,
    struct client_op_customer_list *l, __unused void *arg)
{
	ui_screen_dirty();
	if (R.mode != REGISTER_CUSTOMER)
		return;		/* cancelled, or a scan took over */
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	if (l->n == 0) {
		ui_status_set(UI_WARN, "No customer matches \"%s\": try the "
		    "last name, phone, ID or card number; F2 adds them",
		    ui_input_text(&R.in));
		ui_screen_beep();
		return;
	}
	if (l->n == 1) {
		screen_register_choose(&l->list[0]);
		return;
	}
	screen_register_set_mode(REGISTER_CUSTOMER_PICK, NULL);
	R.customers = *l;	/* kept: the reply's strings with it */
	R.has_customers = 1;
	memset(l, 0, sizeof *l);
	ui_list_init(&R.cpick, screen_register_cpick_line, NULL);
	ui_list_set_count(&R.cpick, R.customers.n);
	ui_status_set(UI_INFO, "%u customers found: choose one and press "
	    "Enter", R.customers.n);
}

void
screen_register_customer_search(void)
{
	const char	*q = ui_input_text(&R.in);

	while (*q == ' ')
		q++;
	if (*q == '\0') {
		ui_status_set(UI_ERROR, "Type the start of the last name, a "
		    "phone number, or an ID or card number");
		return;
	}
	ui_status_set(UI_INFO, "Looking for the customer...");
	client_op_customer_search(q, screen_register_customer_done,
	    REGISTER_ME);
}

/* F8: search for a customer to attach. */
void
screen_register_customer(void)
{
	if (client_cart_locked()) {
		ui_status_set(UI_ERROR, "The customer cannot change until the "
		    "last sale is confirmed");
		return;
	}
	screen_register_set_mode(REGISTER_CUSTOMER, NULL);
	ui_status_set(UI_INFO, "Type the start of the last name, a phone, ID "
	    "or card number, or scan the card");
}

/* F9: no customer (a walk-in). */
void
screen_register_walkin(void)
{
	u_int	n;

	if (client_customer.id == 0) {
		ui_status_set(UI_INFO, "This sale is a walk-in already (F8 "
		    "attaches a customer)");
		return;
	}
	if (client_cart_locked()) {
		ui_status_set(UI_ERROR, "The customer cannot change until the "
		    "last sale is confirmed");
		return;
	}
	n = client_cart_customer_changed();
	client_customer_clear();
	client_cart_touch();
	ui_list_set_count(&R.cart, client_cart_rows());
	ui_status_set(UI_OK, "Walk-in: no customer on this sale%s", n != 0 ?
	    " (the customer's discounts and points are taken off)" : "");
}

/* The customers found, or a caregiver's patients. */
static const struct client_op_customer *
screen_register_cpick_get(u_int idx)
{
	if (R.mode == REGISTER_PATIENT_PICK)
		return (idx < R.npatients ? &R.patients[idx] : NULL);
	return (idx < R.customers.n ? &R.customers.list[idx] : NULL);
}

void
screen_register_cpick_line(__unused void *arg, u_int idx, char *out,
    size_t len, enum ui_colour *c)
{
	const struct client_op_customer	*cu;
	char				 name[128], pname[128], age[16];
	int				 a;

	if ((cu = screen_register_cpick_get(idx)) == NULL)
		return;
	client_op_customer_name(cu, name, sizeof name);
	screen_register_pad(pname, sizeof pname, name, REGISTER_CUST_NAME);
	a = client_customer_age(cu->dob);
	if (a >= 0)
		snprintf(age, sizeof age, "%d", a);
	else
		snprintf(age, sizeof age, "?");
	snprintf(out, len, "%s %-11.11s %3s %-14.14s %s", pname,
	    cu->type != NULL ? cu->type : "", age,
	    cu->phone != NULL ? cu->phone : "",
	    cu->id_number != NULL ? cu->id_number : "");
	*c = UI_NORMAL;
}

/* Enter on the customers found, or on a caregiver's patients. */
void
screen_register_cpick_enter(void)
{
	const struct client_op_customer	*cu;

	cu = screen_register_cpick_get(R.cpick.sel);
	if (cu == NULL)
		return;
	if (R.mode == REGISTER_PATIENT_PICK) {
		if (R.patients_wait == 0)
			screen_register_attach(&R.carer, cu);
	} else
		screen_register_choose(cu);
}

void
screen_register_draw_cpick(const struct ui_rect *r)
{
	struct ui_rect	 in;
	u_int		 n;
	int		 h;
	char		 head[256], pname[64];

	n = R.mode == REGISTER_PATIENT_PICK ? R.npatients : R.customers.n;
	h = (int)n + 3;
	if (h > r->h)
		h = r->h;
	ui_dialog_frame(r->w - 4, h, R.mode ==
	    REGISTER_PATIENT_PICK ? "Which patient is this for?" :
	    "Choose the customer", UI_BOX, &in);
	screen_register_pad(pname, sizeof pname, "Name", REGISTER_CUST_NAME);
	snprintf(head, sizeof head, "%s %-11s %3s %-14s %s", pname, "Type",
	    "Age", "Phone", "ID number");
	ui_draw_fill(in.y, in.x, in.w, UI_HEADER);
	ui_draw_str(in.y, in.x, in.w, UI_HEADER, head);
	in.y++;
	in.h--;
	ui_list_draw(&R.cpick, &in);
}

/* Rows of text wrapped to the panel's width, in colour c; returns y. */
static int
screen_register_panel_rows(const struct ui_rect *r, int y, const char *s,
    int max, enum ui_colour c)
{
	char	*lines[4];
	int	 n, i;

	if (max > (int)nitems(lines))
		max = nitems(lines);
	n = ui_dialog_wrap(s, r->w - 2, lines, max);
	for (i = 0; i < n; i++) {
		ui_draw_fill(y, r->x, r->w, c == UI_ERROR ? UI_ERROR :
		    UI_NORMAL);
		ui_draw_str(y++, r->x + 1, r->w - 2, c, lines[i]);
		free(lines[i]);
	}
	return (y);
}

/*
 * The lines the last quote says go over a limit pool, with the pool and
 * by how much, and the last refusal: for a customer and a walk-in alike.
 */
static int
screen_register_panel_over(const struct ui_rect *r, int y)
{
	const struct cart_line	*cl;
	char			*s = NULL, *t;
	u_int			 i;

	for (i = 0; i < client_cart.n; i++) {
		cl = &client_cart.lines[i];
		if (cl->over[0] == '\0')
			continue;
		xasprintf(&t, "%s%sLine %u %s goes over %s", s != NULL ? s :
		    "", s != NULL ? "; " : "", i + 1, cl->name, cl->over);
		free(s);
		s = t;
	}
	if (s != NULL) {
		xasprintf(&t, "%s: take it off (F4) or lower it (F3)", s);
		y = screen_register_panel_rows(r, y, t, 2, UI_ERROR);
		free(t);
		free(s);
	}
	if (client_customer.refused != NULL) {
		xasprintf(&s, "Refused: %s (the cart is kept)",
		    client_customer.refused);
		y = screen_register_panel_rows(r, y, s, 3, UI_ERROR);
		free(s);
	}
	return (y);
}

/*
 * The customer panel above the cart: who, eligibility, what is left of
 * each limit pool (with this cart counted once stashd has quoted it;
 * before, what customer.get said), the lines that go over, the last
 * refusal. Returns its rows.
 */
int
screen_register_draw_panel(const struct ui_rect *r)
{
	const struct client_op_customer_info	*ci = client_customer.info;
	const struct client_op_customer		*cu, *pt;
	const struct client_op_pool		*pool;
	const struct cart_pool			*cp;
	char					 name[128], ptname[128];
	char					 rem[32], cap[32], *s, *t;
	int					 y = r->y, age, empty = 0;
	u_int					 k;

	if (client_customer.id == 0 || ci == NULL)
		return (screen_register_panel_over(r, y) - r->y);
	cu = &ci->customer;
	client_op_customer_name(cu, name, sizeof name);
	age = client_customer_age(cu->dob);
	xasprintf(&s, "Customer: %s, %s, %d, loyalty %lld", name,
	    cu->type != NULL ? cu->type : "?", age, (long long)cu->loyalty);
	pt = client_customer.patient_info;
	if (pt != NULL) {
		client_op_customer_name(pt, ptname, sizeof ptname);
		xasprintf(&t, "%s; for %s, %d", s, ptname,
		    client_customer_age(pt->dob));
		free(s);
		s = t;
	}
	ui_draw_fill(y, r->x, r->w, UI_NORMAL);
	ui_draw_str(y, r->x + 1, r->w - 15, UI_TOTAL, s);
	free(s);

	if (client_customer.stale)
		ui_draw_right(y, r->x, r->w - 1, UI_WARN, "not checked");
	else if (ci->eligible == CLIENT_OP_ELIGIBLE_UNKNOWN)
		ui_draw_right(y, r->x, r->w - 1, UI_DIM, "checking...");
	else if (ci->eligible)
		ui_draw_right(y, r->x, r->w - 1, UI_OK, "ELIGIBLE");
	else {
		ui_draw_right(y, r->x, r->w - 1, UI_ERROR, "NOT ELIGIBLE");
		y++;
		xasprintf(&s, "Not eligible: %s", ci->reason != NULL ?
		    ci->reason : "(no reason given)");
		ui_draw_fill(y, r->x, r->w, UI_ERROR);
		ui_draw_str(y, r->x + 1, r->w - 2, UI_ERROR, s);
		free(s);
	}
	y++;

	/* The pools, wrapped over at most REGISTER_PANEL_POOLS rows. */
	if (ci->eligible != CLIENT_OP_ELIGIBLE_UNKNOWN &&
	    ci->limits == CLIENT_OP_LIMITS_OFF)
		s = xstrdup("No purchase limits (limits are off)");
	else if (client_cart.n != 0 && client_cart.has_limits &&
	    client_cart.npools != 0) {
		s = xstrdup("Left with this cart:");
		for (k = 0; k < client_cart.npools; k++) {
			cp = &client_cart.pools[k];
			client_customer_amount(cp->remaining, cp->unit, rem,
			    sizeof rem);
			client_customer_amount(cp->cap, cp->unit, cap,
			    sizeof cap);
			if (cp->remaining <= 0)
				empty = 1;
			xasprintf(&t, "%s%s %s: %s of %s/%s%s", s, k == 0 ? "" :
			    ";", cp->name, rem, cap, cp->window, cp->over ?
			    " OVER" : "");
			free(s);
			s = t;
		}
	} else if (ci->limits != CLIENT_OP_LIMITS_POOLS)
		s = NULL;
	else if (ci->npools == 0)
		s = xstrdup("No limit pool applies to this customer");
	else {
		s = xstrdup("Left before this sale:");
		for (k = 0; k < ci->npools; k++) {
			pool = &ci->pools[k];
			client_customer_amount(pool->remaining, pool->unit,
			    rem, sizeof rem);
			client_customer_amount(pool->cap, pool->unit, cap,
			    sizeof cap);
			if (pool->remaining <= 0)
				empty = 1;
			xasprintf(&t, "%s%s %s: %s of %s/%s", s, k == 0 ? "" :
			    ";", pool->name != NULL ? pool->name : "?", rem,
			    cap, pool->window != NULL ? pool->window : "?");
			free(s);
			s = t;
		}
	}
	if (s != NULL) {
		y = screen_register_panel_rows(r, y, s, REGISTER_PANEL_POOLS,
		    empty ? UI_WARN : UI_NORMAL);
		free(s);
	}
	y = screen_register_panel_over(r, y);
	return (y - r->y);
}

/*
 * F2 at the customer prompt: a new customer from their ID, typed because
 * the scanner would not read it. The same details the door's create
 * sends; stashd takes a typed date of birth only from staff holding
 * id.type, with a reason, and audits it as typed.
 */
void
screen_register_new(void)
{
	if (client_cart_locked()) {
		ui_status_set(UI_ERROR, "The customer cannot change until the "
		    "last sale is confirmed");
		return;
	}
	if ((client_session.perms & PERM_ID_TYPE) == 0) {
		ui_status_set(UI_ERROR, "Typing an ID needs a manager: scan "
		    "it at the door, or a manager logs in here");
		ui_screen_beep();
		return;
	}
	memset(R.nf, 0, sizeof R.nf);
	R.nmedical = 0;
	R.nstep = REGISTER_NEW_TYPE;
	screen_register_set_mode(REGISTER_NEW, NULL);
	ui_status_set(UI_INFO, "New customer from their ID: a for adult, "
	    "m for a medical patient (Esc cancels)");
}

/* The prompt for the step the new customer is at. */
void
screen_register_new_prompt(void)
{
	static const char	*prompts[REGISTER_NEW_N] = {
		"Adult or medical (a/m):",
		"First name:",
		"Last name:",
		"Date of birth (YYYY-MM-DD):",
		"ID number:",
		"ID expires (YYYY-MM-DD):",
		"Medical card number:",
		"Card expires (YYYY-MM-DD):",
		"Why typed (the ID would not scan):",
	};
	size_t			 max;

	if (R.nstep >= REGISTER_NEW_N) {	/* sent: waiting for stashd */
		ui_input_init(&R.in, 1, 0);
		R.prompt = xstrdup(R.nlookup ? "Looking the ID up, please "
		    "wait..." : "Adding the customer, please wait...");
		return;
	}
	switch (R.nstep) {
	case REGISTER_NEW_TYPE:
		max = 1;
		break;
	case REGISTER_NEW_DOB:
	case REGISTER_NEW_ID_EXPIRES:
	case REGISTER_NEW_CARD_EXPIRES:
		max = 10;
		break;
	case REGISTER_NEW_FIRST:
	case REGISTER_NEW_LAST:
		max = 40;
		break;
	default:
		max = sizeof R.nf[0] - 1;
		break;
	}
	ui_input_init(&R.in, max, 0);
	R.prompt = xstrdup(prompts[R.nstep]);
}

/* A typed date, YYYY-MM-DD: 0 with it in out, else -1. */
static int
screen_register_new_date(const char *s, char *out, size_t len)
{
	int	y, m, d;

	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1900 ||
	    y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return (-1);
	snprintf(out, len, "%04d-%02d-%02d", y, m, d);
	return (0);
}

/* Enter on a step: check the answer, ask the next, or send it all. */
void
screen_register_new_next(void)
{
	struct client_op_customer_new	 cn;
	const char			*s = ui_input_text(&R.in);
	char				 v[64];
	size_t				 n;

	while (*s == ' ')
		s++;
	snprintf(v, sizeof v, "%s", s);
	n = strlen(v);
	while (n > 0 && v[n - 1] == ' ')
		v[--n] = '\0';

	switch (R.nstep) {
	case REGISTER_NEW_TYPE:
		if (strcasecmp(v, "a") != 0 && strcasecmp(v, "m") != 0) {
			ui_input_set(&R.in, "", 0);
			ui_status_set(UI_ERROR, "Press a for an adult, m for a "
			    "medical patient");
			ui_screen_beep();
			return;
		}
		R.nmedical = strcasecmp(v, "m") == 0;
		break;
	case REGISTER_NEW_DOB:
	case REGISTER_NEW_ID_EXPIRES:
	case REGISTER_NEW_CARD_EXPIRES:
		if (screen_register_new_date(v, v, sizeof v) != 0) {
			ui_status_set(UI_ERROR, "Type the date as YYYY-MM-DD, "
			    "e.g. %s", R.nstep == REGISTER_NEW_DOB ?
			    "1990-02-03" : "2030-06-30");
			ui_screen_beep();
			return;
		}
		if (R.nstep == REGISTER_NEW_DOB && client_customer_age(v) < 0) {
			ui_status_set(UI_ERROR, "That date of birth is in the "
			    "future: type it as on the ID");
			ui_screen_beep();
			return;
		}
		break;
	default:
		if (n == 0) {
			ui_status_set(UI_ERROR, "Type it as on the %s, or Esc "
			    "to cancel", R.nstep == REGISTER_NEW_CARD ?
			    "medical card" : R.nstep == REGISTER_NEW_REASON ?
			    "reason the ID would not scan" : "ID");
			ui_screen_beep();
			return;
		}
		break;
	}
	snprintf(R.nf[R.nstep], sizeof R.nf[R.nstep], "%s", v);
	R.nstep++;
	if (R.nid != NULL && R.nstep == REGISTER_NEW_FIRST)
		R.nstep = REGISTER_NEW_CARD;	/* the rest is scanned */
	if (R.nstep == REGISTER_NEW_CARD && !R.nmedical)
		R.nstep = REGISTER_NEW_REASON;
	if (R.nid != NULL && R.nstep == REGISTER_NEW_REASON)
		R.nstep = REGISTER_NEW_N;	/* scanned: no reason */
	if (R.nstep < REGISTER_NEW_N) {
		screen_register_set_mode(REGISTER_NEW, NULL);
		if (R.nstep == REGISTER_NEW_REASON)
			ui_status_set(UI_INFO, "Say why the ID was typed: it "
			    "is kept with the record of who added them");
		else
			ui_status_clear();
		return;
	}

	memset(&cn, 0, sizeof cn);
	cn.medical = R.nmedical;
	if (R.nid != NULL) {
		cn.id = R.nid;
		cn.card = R.nf[REGISTER_NEW_CARD];
		cn.card_expires = R.nmedical ?
		    R.nf[REGISTER_NEW_CARD_EXPIRES] : NULL;
		screen_register_set_mode(REGISTER_NEW, NULL);	/* waiting */
		ui_status_set(UI_INFO, "Adding the customer from the ID...");
		client_op_customer_create(&cn, screen_register_new_done,
		    REGISTER_ME);
		return;
	}
	cn.first = R.nf[REGISTER_NEW_FIRST];
	cn.last = R.nf[REGISTER_NEW_LAST];
	cn.dob = R.nf[REGISTER_NEW_DOB];
	cn.id_number = R.nf[REGISTER_NEW_ID];
	cn.id_state = client_session.store_state;
	cn.id_expires = R.nf[REGISTER_NEW_ID_EXPIRES];
	cn.card = R.nf[REGISTER_NEW_CARD];
	cn.card_expires = R.nf[REGISTER_NEW_CARD_EXPIRES];
	cn.reason = R.nf[REGISTER_NEW_REASON];
	screen_register_set_mode(REGISTER_NEW, NULL);	/* waiting */
	ui_status_set(UI_INFO, "Adding the customer...");
	client_op_customer_create(&cn, screen_register_new_done, REGISTER_ME);
}

static void
screen_register_new_done(const struct client_op_error *err,
    struct client_op_customer_info *ci, __unused void *arg)
{
	ui_screen_dirty();
	if (R.mode != REGISTER_NEW || R.nstep != REGISTER_NEW_N)
		return;		/* cancelled meanwhile */
	if (err->code != NULL && R.nid != NULL) {
		/* Scanned: ask adult or medical again; Esc cancels. */
		R.nstep = REGISTER_NEW_TYPE;
		screen_register_set_mode(REGISTER_NEW, NULL);
		screen_request_error(err->code, err->message);
		return;
	}
	if (err->code != NULL) {
		/* Back to the last step: Esc starts again. */
		R.nstep = REGISTER_NEW_REASON;
		screen_register_set_mode(REGISTER_NEW, NULL);
		ui_input_set(&R.in, R.nf[REGISTER_NEW_REASON], 1);
		screen_request_error(err->code, err->message);
		return;
	}
	explicit_bzero(R.nf, sizeof R.nf);
	log_info("register: customer %lld added from a %s ID",
	    (long long)ci->customer.id, R.nid != NULL ? "scanned" : "typed");
	screen_register_set_mode(REGISTER_ITEM, NULL);
	screen_register_choose(&ci->customer);
}

/* Forget the scanned ID, if any. */
void
screen_register_id_wipe(void)
{
	if (R.nid != NULL) {
		explicit_bzero(R.nid, sizeof *R.nid);
		free(R.nid);
		R.nid = NULL;
		explicit_bzero(R.nf, sizeof R.nf);
	}
	R.nlookup = 0;
}

/*
 * May an ID be scanned for the customer now? At the customer prompt, the
 * customers found or the new-customer form (not while it is being sent);
 * a serial ID scanner's scan also while building the cart.
 */
int
screen_register_id_ready(void)
{
	if (client_cart_locked())
		return (0);
	switch (R.mode) {
	case REGISTER_ITEM:
	case REGISTER_CUSTOMER:
	case REGISTER_CUSTOMER_PICK:
		return (1);
	case REGISTER_NEW:
		return (R.nstep != REGISTER_NEW_N);
	default:
		return (0);
	}
}

/* YYYY-MM-DD of a YYYYMMDD date. */
static void
screen_register_id_date(int d, char *out, size_t len)
{
	snprintf(out, len, "%04d-%02d-%02d", d / 10000, (d / 100) % 100,
	    d % 100);
}

static void
screen_register_id_found(const struct client_op_error *err,
    struct client_op_customer_list *l, __unused void *arg)
{
	const struct client_op_customer	*cu;
	struct dev_id			*id = R.nid;
	char				 dob[16], exp[24];

	ui_screen_dirty();
	if (R.mode != REGISTER_NEW || id == NULL || !R.nlookup)
		return;		/* cancelled meanwhile */
	R.nlookup = 0;
	if (err->code != NULL) {
		screen_register_set_mode(REGISTER_CUSTOMER, NULL);
		screen_request_error(err->code, err->message);
		return;
	}
	if ((cu = client_idscan_match(l, id->number)) != NULL) {
		screen_register_set_mode(REGISTER_ITEM, NULL);	/* wipes */
		screen_register_choose(cu);
		return;
	}
	/* Someone new: what the ID says, and adult or medical. */
	screen_register_id_date(id->birth, dob, sizeof dob);
	if (id->expiry > 0)
		screen_register_id_date(id->expiry, exp, sizeof exp);
	else
		snprintf(exp, sizeof exp, "none on the card");
	R.nstep = REGISTER_NEW_TYPE;
	screen_register_set_mode(REGISTER_NEW, NULL);
	ui_status_set(UI_INFO, "New: %s %s, born %s, %s %s, expires %s",
	    id->given, id->family, dob, id->state, id->number, exp);
}

/*
 * An ID scanned for the customer (the serial ID scanner, or a wedge scan
 * read by client-idscan.c): find its owner by ID number, or add them.
 */
void
screen_register_id(const struct dev_id *id)
{
	ui_screen_dirty();
	if (!screen_register_id_ready()) {
		ui_status_set(UI_WARN, client_cart_locked() ? "The customer "
		    "cannot change until the last sale is confirmed" :
		    "Finish this step (or Esc) before scanning an ID");
		ui_screen_beep();
		return;
	}
	screen_register_set_mode(REGISTER_ITEM, NULL);	/* wipes the last */
	R.nid = xcalloc(1, sizeof *R.nid);
	memcpy(R.nid, id, sizeof *R.nid);
	R.nmedical = 0;
	memset(R.nf, 0, sizeof R.nf);
	R.nstep = REGISTER_NEW_N;
	R.nlookup = 1;
	screen_register_set_mode(REGISTER_NEW, NULL);
	ui_status_set(UI_INFO, "Looking the ID up...");
	client_op_customer_search(R.nid->number, screen_register_id_found,
	    REGISTER_ME);
}

/* A wedge scanner's ID is taken as the serial scanner's. */
struct client_idscan_to	screen_register_wedge = { screen_register_id };
