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

/*
 * The register: build a cart from scanned or typed package tags and SKUs
 * (or a product search), take cash, commit the sale.
 *
 * One input line at the bottom serves every step (mode): a tag or SKU, the
 * grams of a weighed product, a new quantity, a search, the cash tendered.
 * A barcode scanner types into the same input; client-wedge.c tells a scan
 * from a person by timing, and a scan always goes to the cart: whatever was
 * in the input is put back as it was, the open prompt (cash, grams, search)
 * is cancelled and the code is looked up.
 *
 * F8 attaches a customer (search by name, phone, ID or card number; a scan
 * while the search is open searches for the code): a panel above the cart
 * shows who, their eligibility and what is left of each limit pool before
 * this sale (client-customer.c says why not after it). A caregiver picks
 * the patient they buy for. F9 makes the sale a walk-in again.
 *
 * F11 shows the door queue (screens/screen-queue.c); the customer called
 * from it comes back as the argument of enter and is attached as with F8.
 * F12 is the cash drawer (screens/screen-drawer.c).
 *
 * ^D (Ctrl-D: the F-keys are all taken) gives a discount: the kind, then
 * "10%" or an amount, then a line number or the whole cart, and a reason
 * for a one-off; or, with a customer, spends loyalty points. Each is
 * sent with every sale.quote, so the total shown includes it, and kept
 * only if stashd takes it (client-cart.c). They show as rows under the
 * lines; ^D, F4 or Del on such a row takes it off. Discounts beyond the
 * store's threshold ask for a manager at payment, as a typed weight does.
 */

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
};

static void	screen_register_enter(void *);
static void	screen_register_leave(void);
static void	screen_register_key(int, int64_t);
static void	screen_register_event(json_t *);
static void	screen_register_draw(const struct ui_rect *);
static void	screen_register_outage_reason(void);
static void	screen_register_card_amount(void);
static void	screen_register_card_ref(void);
static void	screen_register_approver_id(void);
static void	screen_register_approver_pin(void);
static void	screen_register_disc_remove(u_int);
static void	screen_register_disc_kind(void);
static void	screen_register_disc_value(void);
static void	screen_register_disc_line(void);
static void	screen_register_disc_reason(void);
static void	screen_register_redeem(void);

const struct screen_entry screen_register_entry = {
	.name = "register",
	.enter = screen_register_enter,
	.leave = screen_register_leave,
	.key = screen_register_key,
	.event = screen_register_event,
	.draw = screen_register_draw,
};
#define REGISTER_ME	((void *)&screen_register_entry)

/*
 * The manager approving a typed weight or a manual entry while the state's
 * patient registry is down, between the prompts; and the entry's reason.
 */
static uint32_t	screen_register_approver;
static char	screen_register_outage[129];
static int64_t	screen_register_card;	/* the card amount being taken */
static struct cart_discount screen_register_disc;	/* being asked for */
/* Which reason the prompt asks: "outage_reason" or "override_reason". */
static const char *screen_register_reason_key = "outage_reason";

static const struct ui_fkey screen_register_item_keys[] = {
	{ "F2", "Find" },
	{ "F3", "Qty" },
	{ "F4", "Del" },
	{ "F5", "Pay" },
	{ "^D", "Disc" },
	{ "F6", "Sales" },
	{ "F7", "Dev" },
	{ "F8", "Customer" },
	{ "F10", "Logout" },
	{ "F11", "Queue" },
	{ "F12", "Drawer" },
};
static const struct ui_fkey screen_register_item_cust_keys[] = {
	{ "F2", "Find" },
	{ "F3", "Qty" },
	{ "F4", "Del" },
	{ "F5", "Pay" },
	{ "^D", "Disc" },
	{ "F6", "Sales" },
	{ "F7", "Dev" },
	{ "F8", "Customer" },
	{ "F9", "Walk-in" },
	{ "F10", "Logout" },
	{ "F11", "Queue" },
	{ "F12", "Drawer" },
};
static const struct ui_fkey screen_register_prompt_keys[] = {
	{ "Enter", "OK" },
	{ "Esc", "Cancel" },
};
static const struct ui_fkey screen_register_pick_keys[] = {
	{ "Up/Down", "Choose" },
	{ "Enter", "Add" },
	{ "Esc", "Cancel" },
};
static const struct ui_fkey screen_register_cpick_keys[] = {
	{ "Up/Down", "Choose" },
	{ "Enter", "Attach" },
	{ "Esc", "Cancel" },
};
static const struct ui_fkey screen_register_tender_keys[] = {
	{ "Enter", "Take cash" },
	{ "F2", "Card" },
	{ "Esc", "Back to cart" },
};
#define nitems(a) (sizeof (a) / sizeof (a)[0])

#define REGISTER_PICK_NAME	28	/* product name in the search list */
#define REGISTER_CUST_NAME	26	/* customer name in the search list */
#define REGISTER_PANEL_POOLS	2	/* most rows for the limit pools */

static enum screen_register_mode screen_register_mode;
static struct ui_input		 screen_register_in;
static struct client_wedge	 screen_register_wedge;
static struct ui_list		 screen_register_cart;
static struct ui_list		 screen_register_pick;
static json_t			*screen_register_found;	/* search results */
static json_t			*screen_register_weigh;	/* item to weigh */
static char			*screen_register_prompt;
static u_int			 screen_register_lookups;
static int			 screen_register_repay;	/* scan cut payment */
static struct ui_list		 screen_register_cpick;	/* customers */
static json_t			*screen_register_customers;
static json_t			*screen_register_carer;	/* a caregiver */
static json_t			*screen_register_patients; /* theirs */
static u_int			 screen_register_patients_wait;

static void	screen_register_cart_line(void *, u_int, char *, size_t,
		    enum ui_colour *);
static void	screen_register_pick_line(void *, u_int, char *, size_t,
		    enum ui_colour *);
static void	screen_register_cpick_line(void *, u_int, char *, size_t,
		    enum ui_colour *);
static void	screen_register_retry(void);
static void	screen_register_customer_search(void);
static void	screen_register_scan(const char *);
static void	screen_register_choose(json_t *);

/* A serial scanner's scan (client-dev.c): as a keyboard-wedge scan. */
static void
screen_register_dev_scan(const char *code)
{
	screen_register_scan(code);
	ui_screen_dirty();
}

/* Copy s into out padded or cut to w characters. */
static void
screen_register_pad(char *out, size_t len, const char *s, int w)
{
	size_t	o = 0;
	int	n = 0;

	while (*s != '\0' && o + 4 < len) {
		if ((*(const u_char *)s & 0xc0) != 0x80) {
			if (n == w)
				break;
			n++;
		}
		out[o++] = *s++;
	}
	while (n < w && o + 1 < len) {
		out[o++] = ' ';
		n++;
	}
	out[o] = '\0';
}

/* A quantity as typed: "2" or "3.5" (grams, no unit). */
static void
screen_register_qty_text(const struct cart_line *cl, char *out, size_t len)
{
	if (cl->weight)
		snprintf(out, len, "%lld.%03lld", (long long)(cl->qty / 1000),
		    (long long)(cl->qty % 1000));
	else
		snprintf(out, len, "%lld", (long long)cl->qty);
}

static void
screen_register_set_mode(enum screen_register_mode mode, const char *name)
{
	const struct cart_line	*cl;
	char			 buf[64];
	int64_t			 total;

	screen_register_mode = mode;
	free(screen_register_prompt);
	screen_register_prompt = NULL;
	if (mode != REGISTER_WEIGHT && screen_register_weigh != NULL) {
		json_decref(screen_register_weigh);
		screen_register_weigh = NULL;
	}
	if (mode != REGISTER_PICK && screen_register_found != NULL) {
		json_decref(screen_register_found);
		screen_register_found = NULL;
	}
	if (mode != REGISTER_CUSTOMER_PICK &&
	    screen_register_customers != NULL) {
		json_decref(screen_register_customers);
		screen_register_customers = NULL;
	}
	if (mode != REGISTER_PATIENT_PICK) {
		if (screen_register_carer != NULL)
			json_decref(screen_register_carer);
		if (screen_register_patients != NULL)
			json_decref(screen_register_patients);
		screen_register_carer = screen_register_patients = NULL;
		screen_register_patients_wait = 0;
	}

	switch (mode) {
	case REGISTER_ITEM:
		ui_input_init(&screen_register_in, 64, 0);
		screen_register_prompt = xstrdup("Tag or SKU:");
		break;
	case REGISTER_WEIGHT:
		ui_input_init(&screen_register_in, 10, UI_INPUT_DECIMAL);
		xasprintf(&screen_register_prompt, "Grams of %s:", name);
		break;
	case REGISTER_QTY:
		cl = &client_cart.lines[screen_register_cart.sel];
		ui_input_init(&screen_register_in, 10,
		    cl->weight ? UI_INPUT_DECIMAL : UI_INPUT_DIGITS);
		screen_register_qty_text(cl, buf, sizeof buf);
		ui_input_set(&screen_register_in, buf, 1);
		xasprintf(&screen_register_prompt, "%s of %s:",
		    cl->weight ? "Grams" : "Quantity", cl->name);
		break;
	case REGISTER_SEARCH:
		ui_input_init(&screen_register_in, 40, 0);
		screen_register_prompt = xstrdup("Search products:");
		break;
	case REGISTER_CUSTOMER:
		ui_input_init(&screen_register_in, 40, 0);
		screen_register_prompt = xstrdup("Customer:");
		break;
	case REGISTER_PICK:
	case REGISTER_COMMIT:
	case REGISTER_CUSTOMER_PICK:
	case REGISTER_PATIENT_PICK:
		ui_input_init(&screen_register_in, 1, 0);
		break;
	case REGISTER_OUTAGE:
		ui_input_init(&screen_register_in, 128, 0);
		screen_register_prompt = xstrdup(strcmp(
		    screen_register_reason_key, "override_reason") == 0 ?
		    "Why override the limit:" : "Why sell without the state:");
		break;
	case REGISTER_APPROVER:
		ui_input_init(&screen_register_in, 10, UI_INPUT_DIGITS);
		screen_register_prompt = xstrdup("Manager's staff ID:");
		break;
	case REGISTER_APPROVER_PIN:
		ui_input_init(&screen_register_in, 32, UI_INPUT_MASKED);
		screen_register_prompt = xstrdup("Manager's PIN:");
		break;
	case REGISTER_DISC_KIND:
		ui_input_init(&screen_register_in, 10, 0);
		screen_register_prompt = xstrdup("Discount (m s v e o p):");
		break;
	case REGISTER_DISC_VALUE:
		ui_input_init(&screen_register_in, 10, 0);
		xasprintf(&screen_register_prompt, "%s discount, 10%% or "
		    "5.00:", name);
		break;
	case REGISTER_DISC_LINE:
		ui_input_init(&screen_register_in, 3, UI_INPUT_DIGITS);
		screen_register_prompt = xstrdup(
		    "On line (Enter: whole cart):");
		break;
	case REGISTER_DISC_REASON:
		ui_input_init(&screen_register_in, 64, 0);
		screen_register_prompt = xstrdup("Why (one-off discount):");
		break;
	case REGISTER_REDEEM:
		ui_input_init(&screen_register_in, 10, UI_INPUT_DIGITS);
		xasprintf(&screen_register_prompt,
		    "Points to redeem (of %lld):", (long long)
		    json_integer_value(json_object_get(client_customer_get(),
		    "loyalty")));
		break;
	case REGISTER_TENDER:
		ui_input_init(&screen_register_in, 12, UI_INPUT_DECIMAL);
		/* Exact cash: the total with taxes, as stashd said. */
		if (client_cart_due(&total) != 0)
			total = 0;
		ui_input_set(&screen_register_in, money_fmt(total -
		    client_cart.card, buf, sizeof buf), 1);
		screen_register_prompt = xstrdup(client_cart.card > 0 ?
		    "Cash for the rest:" : "Cash tendered:");
		break;
	case REGISTER_CARD:
		ui_input_init(&screen_register_in, 12, UI_INPUT_DECIMAL);
		if (client_cart_due(&total) != 0)
			total = 0;
		ui_input_set(&screen_register_in, money_fmt(total, buf,
		    sizeof buf), 1);
		screen_register_prompt = xstrdup("Card amount:");
		break;
	case REGISTER_CARD_REF:
		ui_input_init(&screen_register_in, 32, 0);
		screen_register_prompt = xstrdup("Card terminal's reference:");
		break;
	}
	ui_screen_dirty();
}

static void
screen_register_enter(void *arg)
{
	ui_list_init(&screen_register_cart, screen_register_cart_line, NULL);
	ui_list_init(&screen_register_pick, screen_register_pick_line, NULL);
	ui_list_init(&screen_register_cpick, screen_register_cpick_line, NULL);
	ui_list_set_count(&screen_register_cart, client_cart_rows());
	if (client_cart.n != 0)
		ui_list_select(&screen_register_cart, client_cart.n - 1);
	client_wedge_reset(&screen_register_wedge);
	client_dev_on_scan(screen_register_dev_scan);
	screen_register_lookups = 0;
	screen_register_set_mode(REGISTER_ITEM, NULL);
	if (!client_cart.quote_valid)
		client_cart_quote();	/* back after a login: ask again */
	screen_register_retry();
	if (client_customer.id != 0 && !client_customer.loading &&
	    client_session.logged_in)
		client_customer_refresh();
	if (arg != NULL)
		screen_register_choose(arg);	/* called from the queue */
}

static void
screen_register_leave(void)
{
	client_dev_on_scan(NULL);
	if (screen_register_weigh != NULL)
		json_decref(screen_register_weigh);
	if (screen_register_found != NULL)
		json_decref(screen_register_found);
	screen_register_weigh = screen_register_found = NULL;
	screen_register_set_mode(REGISTER_ITEM, NULL);	/* frees the rest */
	free(screen_register_prompt);
	screen_register_prompt = NULL;
	ui_input_clear(&screen_register_in);
}

/* Put a line in the cart and say so. */
static void
screen_register_add(json_t *item, int64_t qty)
{
	const struct cart_line	*cl;
	char			*cause, q[32];
	int			 idx;

	idx = client_cart_add(item, qty, &cause);
	if (idx == -1) {
		ui_status_set(UI_ERROR, "Not added: %s", cause);
		free(cause);
		ui_screen_beep();
		return;
	}
	ui_list_set_count(&screen_register_cart, client_cart_rows());
	ui_list_select(&screen_register_cart, (u_int)idx);
	cl = &client_cart.lines[idx];
	if (cl->weight)
		weight_fmt(cl->qty, q, sizeof q);
	else
		snprintf(q, sizeof q, "%lld", (long long)cl->qty);
	if (screen_register_repay) {
		screen_register_repay = 0;
		ui_status_set(UI_WARN, "Added %s: the total changed, take "
		    "payment again (F5)", cl->name);
	} else if (cl->onhand >= 0 && cl->qty > cl->onhand) {
		ui_status_set(UI_WARN, "Added %s (now %s) -- more than the "
		    "%lld on hand", cl->name, q, (long long)cl->onhand);
	} else
		ui_status_set(UI_OK, "Added %s (now %s)", cl->name, q);
}

static void
screen_register_lookup_done(json_t *result, const char *code,
    const char *message, __unused void *arg)
{
	json_t		*product;
	const char	*unit, *name;

	if (screen_register_lookups > 0)
		screen_register_lookups--;
	ui_screen_dirty();
	if (result == NULL) {
		screen_register_repay = 0;
		screen_request_error(code, message);
		return;
	}
	product = json_object_get(result, "product");
	unit = json_string_value(json_object_get(product, "unit"));
	name = json_string_value(json_object_get(product, "name"));
	if (name == NULL)
		name = "this product";
	if (unit != NULL && strcmp(unit, "weight") == 0) {
		if (screen_register_mode == REGISTER_WEIGHT) {
			ui_status_set(UI_WARN, "Weigh the first item, then "
			    "scan %s again", name);
			ui_screen_beep();
			return;
		}
		if (screen_register_mode == REGISTER_COMMIT ||
		    client_cart_locked()) {
			ui_status_set(UI_ERROR, "Not added: the last sale is "
			    "not confirmed yet");
			return;
		}
		screen_register_set_mode(REGISTER_WEIGHT, name);
		screen_register_weigh = json_incref(result);
		if (client_dev_has(CLIENT_DEV_SCALE))
			ui_status_set(UI_INFO, "Put %s on the scale: Enter "
			    "takes the weight once STABLE", name);
		else
			ui_status_set(UI_INFO, "Weigh %s and type the grams "
			    "(e.g. 3.5)", name);
		return;
	}
	screen_register_add(result, 1);
}

/* Look a tag or SKU up; the reply adds it to the cart. */
static void
screen_register_lookup(const char *text)
{
	char	 code[WEDGE_MAX];
	size_t	 n;
	json_t	*args;

	while (isspace((u_char)*text))
		text++;
	snprintf(code, sizeof code, "%s", text);
	n = strlen(code);
	while (n > 0 && isspace((u_char)code[n - 1]))
		code[--n] = '\0';
	if (n == 0)
		return;
	if (client_cart_locked()) {
		ui_status_set(UI_ERROR, "Not added: the last sale is not "
		    "confirmed yet");
		ui_screen_beep();
		return;
	}
	if (n == TAG_LEN) {
		util_tag_upper(code);
		if (!util_tag_valid(code))
			snprintf(code, sizeof code, "%s", text);
	}
	args = json_object();
	json_object_set_new(args, "code", json_string(code));
	screen_register_lookups++;
	ui_status_set(UI_INFO, "Looking up %s...", code);
	client_request("item.lookup", args, screen_register_lookup_done,
	    REGISTER_ME);
}

/* A scanner sent a code: it goes to the cart, whatever was open. */
static void
screen_register_scan(const char *code)
{
	log_debug("%s: scan of %zu characters", __func__, strlen(code));
	if (screen_register_mode == REGISTER_COMMIT) {
		ui_status_set(UI_ERROR, "Wait: the sale is being recorded. "
		    "Scan again after.");
		ui_screen_beep();
		return;
	}
	if (screen_register_mode == REGISTER_CUSTOMER) {
		ui_input_set(&screen_register_in, code, 0);
		screen_register_customer_search();
		return;
	}
	/* Fast typing (or a badge) at the approval prompts is typing. */
	if (screen_register_mode == REGISTER_OUTAGE ||
	    screen_register_mode == REGISTER_APPROVER ||
	    screen_register_mode == REGISTER_APPROVER_PIN ||
	    screen_register_mode == REGISTER_CARD ||
	    screen_register_mode == REGISTER_CARD_REF) {
		ui_input_set(&screen_register_in, code, 0);
		if (screen_register_mode == REGISTER_CARD)
			screen_register_card_amount();
		else if (screen_register_mode == REGISTER_CARD_REF)
			screen_register_card_ref();
		else if (screen_register_mode == REGISTER_OUTAGE)
			screen_register_outage_reason();
		else if (screen_register_mode == REGISTER_APPROVER)
			screen_register_approver_id();
		else
			screen_register_approver_pin();
		return;
	}
	/* And at the discount's prompts (a quick "10%"). */
	switch (screen_register_mode) {
	case REGISTER_DISC_KIND:
		ui_input_set(&screen_register_in, code, 0);
		screen_register_disc_kind();
		return;
	case REGISTER_DISC_VALUE:
		ui_input_set(&screen_register_in, code, 0);
		screen_register_disc_value();
		return;
	case REGISTER_DISC_LINE:
		ui_input_set(&screen_register_in, code, 0);
		screen_register_disc_line();
		return;
	case REGISTER_DISC_REASON:
		ui_input_set(&screen_register_in, code, 0);
		screen_register_disc_reason();
		return;
	case REGISTER_REDEEM:
		ui_input_set(&screen_register_in, code, 0);
		screen_register_redeem();
		return;
	default:
		break;
	}
	if (screen_register_mode != REGISTER_ITEM) {
		if (screen_register_mode == REGISTER_TENDER)
			screen_register_repay = 1;
		screen_register_set_mode(REGISTER_ITEM, NULL);
	}
	screen_register_lookup(code);
}

static void
screen_register_commit_done(json_t *result, const char *code,
    const char *message, __unused void *arg)
{
	json_t	*sale;
	char	*cause = NULL;
	int	 printed = 0;

	ui_screen_dirty();
	if (result != NULL) {
		sale = json_object_get(result, "sale");
		if (json_is_object(sale))
			printed = client_dev_sale(sale, &cause);
		client_cart_answered();
		log_info("sale %lld committed (ref %s)", (long long)
		    json_integer_value(json_object_get(sale, "id")),
		    client_cart.ref);
		client_cart_clear();
		client_customer_refresh();	/* the allowance left now */
		screen_go("complete", json_is_object(sale) ? sale : NULL);
		if (printed != 0) {
			ui_status_set(UI_ERROR, "Receipt not printed: %s "
			    "(F6 Sales shows the sale)", cause);
			free(cause);
		}
		return;
	}
	screen_register_set_mode(REGISTER_ITEM, NULL);
	if (strcmp(code, "disconnected") == 0) {
		client_cart_lost();
		ui_status_set(UI_WARN, "Connection lost mid-sale: it is sent "
		    "again, safely, when stashd is back");
		ui_screen_beep();
		return;
	}
	if (strcmp(code, "offline") == 0 || strcmp(code, "no-session") == 0)
		client_cart_unsent();
	else
		client_cart_answered();
	if (strcmp(code, "limit") == 0 || strcmp(code, "eligibility") == 0)
		client_customer_refused(message);
	screen_request_error(code, message);
	screen_register_outage[0] = '\0';
	if (strcmp(code, "approval") == 0 &&
	    strstr(message, "outage_reason") != NULL) {
		screen_register_reason_key = "outage_reason";
		screen_register_set_mode(REGISTER_OUTAGE, NULL);
		ui_status_set(UI_WARN, "%s", message);
	} else if (strcmp(code, "limit") == 0 &&
	    strstr(message, "override_reason") != NULL) {
		/* The rule file lets a manager override this limit. */
		screen_register_reason_key = "override_reason";
		screen_register_set_mode(REGISTER_OUTAGE, NULL);
		ui_status_set(UI_WARN, "%s (Esc: leave it refused)", message);
	} else if (strcmp(code, "approval") == 0 && (client_cart_typed() ||
	    client_cart.ndiscounts != 0)) {
		/* A typed weight, or discounts beyond the threshold. */
		screen_register_set_mode(REGISTER_APPROVER, NULL);
		ui_status_set(UI_WARN, "%s", message);
	}
}

static void
screen_register_send_commit_as(int64_t cash, uint32_t approver,
    const char *pin)
{
	json_t	*args;

	args = client_cart_commit_args(cash);
	if (approver != 0)
		json_object_set_new(args, "approver", json_pack("{s:I, s:s}",
		    "staff", (json_int_t)approver, "pin", pin));
	if (screen_register_outage[0] != '\0')
		json_object_set_new(args, screen_register_reason_key,
		    json_string(screen_register_outage));
	client_cart_sent();
	screen_register_set_mode(REGISTER_COMMIT, NULL);
	client_request("sale.commit", args, screen_register_commit_done,
	    REGISTER_ME);
}

static void
screen_register_send_commit(int64_t cash)
{
	screen_register_outage[0] = '\0';
	screen_register_send_commit_as(cash, 0, NULL);
}

/*
 * A typed weight, or a patient's sale while the state cannot be reached
 * under the rules' manual entry, refused for want of a manager: the
 * reason (for the entry), their staff ID, then their PIN, and the same
 * sale (the same ref) goes again with them.
 */
static void
screen_register_outage_reason(void)
{
	if (ui_input_empty(&screen_register_in)) {
		ui_status_set(UI_ERROR, "Type why the sale goes ahead%s",
		    strcmp(screen_register_reason_key, "override_reason") == 0 ?
		    " over the limit" : " without the state");
		ui_screen_beep();
		return;
	}
	strlcpy(screen_register_outage, ui_input_text(&screen_register_in),
	    sizeof screen_register_outage);
	screen_register_set_mode(REGISTER_APPROVER, NULL);
	ui_status_set(UI_INFO, "A manager approves: their staff ID, then PIN");
}

static void
screen_register_approver_id(void)
{
	const char	*errstr;
	long long	 id;

	id = util_strtonum(ui_input_text(&screen_register_in), 1, INT32_MAX,
	    &errstr);
	if (errstr != NULL) {
		ui_status_set(UI_ERROR, "Type the manager's staff ID");
		ui_screen_beep();
		return;
	}
	screen_register_approver = (uint32_t)id;
	screen_register_set_mode(REGISTER_APPROVER_PIN, NULL);
}

static void
screen_register_approver_pin(void)
{
	char	pin[33];

	if (ui_input_empty(&screen_register_in)) {
		ui_status_set(UI_ERROR, "The manager types their PIN");
		ui_screen_beep();
		return;
	}
	strlcpy(pin, ui_input_text(&screen_register_in), sizeof pin);
	ui_input_clear(&screen_register_in);
	ui_status_set(UI_INFO, "Recording the sale...");
	screen_register_send_commit_as(client_cart.cash,
	    screen_register_approver, pin);
	explicit_bzero(pin, sizeof pin);
	screen_register_approver = 0;
	screen_register_outage[0] = '\0';
}

/* Send a sale left in doubt again, with its ref, once we can. */
static void
screen_register_retry(void)
{
	if (!client_cart.quote_valid && !client_cart.pending &&
	    !client_cart.in_doubt)
		client_cart_quote();
	if (!client_cart.in_doubt || client_cart.pending)
		return;
	if (client_state() != CLIENT_READY || !client_session.logged_in)
		return;
	ui_status_set(UI_INFO, "Sending the last sale again (it cannot be "
	    "sold twice)...");
	screen_register_send_commit(client_cart.cash);
}

static void
screen_register_tender(void)
{
	int64_t	total;
	char	t[32];

	if (client_cart.in_doubt) {
		screen_register_retry();
		return;
	}
	if (client_cart.n == 0) {
		ui_status_set(UI_ERROR, "The cart is empty: scan or type an "
		    "item first");
		ui_screen_beep();
		return;
	}
	if (client_cart_total(&total) != 0) {
		ui_status_set(UI_ERROR, "The total is too large: split the "
		    "sale");
		return;
	}
	if (client_cart_due(&total) != 0) {
		/* Taxes and the total are stashd's to say. */
		client_cart_quote();
		ui_status_set(UI_WARN, "Waiting for the total from stashd: "
		    "press Enter again in a moment");
		return;
	}
	screen_register_set_mode(REGISTER_TENDER, NULL);
	ui_status_set(UI_INFO, "Total %s: Enter takes exact cash, or type the "
	    "amount given", money_fmt(total, t, sizeof t));
}

static void
screen_register_take_cash(void)
{
	int64_t	cash, total;
	char	c[32], t[32];

	if (money_parse(ui_input_text(&screen_register_in), &cash) != 0) {
		ui_status_set(UI_ERROR, "Type the cash given, e.g. 100 or "
		    "72.50");
		ui_screen_beep();
		return;
	}
	if (client_cart_due(&total) != 0) {
		client_cart_quote();
		ui_status_set(UI_WARN, "Waiting for the total from stashd");
		return;
	}
	if (cash < total - client_cart.card) {
		ui_status_set(UI_ERROR, "Cash %s is less than the %s due: "
		    "take more, or Esc to go back",
		    money_fmt(cash, c, sizeof c),
		    money_fmt(total - client_cart.card, t, sizeof t));
		ui_screen_beep();
		return;
	}
	ui_status_set(UI_INFO, "Recording the sale...");
	screen_register_send_commit(cash);
}

/*
 * F2 at the tender: the card terminal takes the amount (all of the total,
 * or part of it: cash pays the rest); its reference goes with the sale.
 */
static void
screen_register_card_amount(void)
{
	int64_t	amount, total;
	char	a[32], t[32];

	if (client_cart_due(&total) != 0) {
		client_cart_quote();
		ui_status_set(UI_WARN, "Waiting for the total from stashd");
		return;
	}
	if (money_parse(ui_input_text(&screen_register_in), &amount) != 0 ||
	    amount <= 0 || amount > total) {
		ui_status_set(UI_ERROR, "Type what the card pays, up to the "
		    "total %s (no cash back on a card)", money_fmt(total, t,
		    sizeof t));
		ui_screen_beep();
		return;
	}
	screen_register_card = amount;
	screen_register_set_mode(REGISTER_CARD_REF, NULL);
	ui_status_set(UI_INFO, "Card %s: run it on the card terminal, then "
	    "type its reference", money_fmt(amount, a, sizeof a));
}

static void
screen_register_card_ref(void)
{
	int64_t	total;
	char	a[32], r[32];

	if (ui_input_empty(&screen_register_in)) {
		ui_status_set(UI_ERROR, "Type the card terminal's reference "
		    "(on its slip)");
		ui_screen_beep();
		return;
	}
	if (client_cart_due(&total) != 0) {
		client_cart_quote();
		ui_status_set(UI_WARN, "Waiting for the total from stashd");
		return;
	}
	client_cart.card = screen_register_card;
	strlcpy(client_cart.card_ref, ui_input_text(&screen_register_in),
	    sizeof client_cart.card_ref);
	screen_register_card = 0;
	if (client_cart.card >= total) {
		ui_status_set(UI_INFO, "Recording the sale...");
		screen_register_send_commit(0);
		return;
	}
	screen_register_set_mode(REGISTER_TENDER, NULL);
	ui_status_set(UI_INFO, "Card %s taken: cash for the rest, %s",
	    money_fmt(client_cart.card, a, sizeof a),
	    money_fmt(total - client_cart.card, r, sizeof r));
}

static void
screen_register_weight(void)
{
	char	text[64], q[32];
	int64_t	mg;
	int	st, idx;

	/* With a scale: an empty input takes its settled weight. */
	if (client_dev_has(CLIENT_DEV_SCALE) &&
	    ui_input_empty(&screen_register_in)) {
		st = client_dev_scale(&mg, text, sizeof text);
		if (st != CLIENT_DEV_STABLE) {
			ui_status_set(UI_ERROR, "Not taken: the scale shows "
			    "%s%s; wait for STABLE", text, st ==
			    CLIENT_DEV_MOTION && strcmp(text, "moving") != 0 ?
			    " (settling)" : "");
			ui_screen_beep();
			return;
		}
		if (screen_register_weigh != NULL) {
			screen_register_add(screen_register_weigh, mg);
			ui_status_set(UI_OK, "Weighed %s on the scale",
			    weight_fmt(mg, q, sizeof q));
		}
		screen_register_set_mode(REGISTER_ITEM, NULL);
		return;
	}
	if (weight_parse(ui_input_text(&screen_register_in), &mg) != 0 ||
	    mg <= 0) {
		ui_status_set(UI_ERROR, "Type the weight in grams, e.g. 3.5");
		ui_screen_beep();
		return;
	}
	if (screen_register_weigh != NULL) {
		screen_register_add(screen_register_weigh, mg);
		/*
		 * A typed weight goes to stashd as typed: it needs the
		 * weight.type permission or a manager's approval, asked for
		 * if the sale is refused for it.
		 */
		idx = (int)screen_register_cart.sel;
		if (idx < (int)client_cart.n) {
			client_cart.lines[idx].typed = 1;
			ui_status_set(UI_WARN, "Typed weight, line marked W: "
			    "a manager approves it at payment");
		}
	}
	screen_register_set_mode(REGISTER_ITEM, NULL);
}

static void
screen_register_qty(void)
{
	struct cart_line	*cl;
	const char		*errstr;
	char			*cause, name[128];
	int64_t			 qty;
	u_int			 sel = screen_register_cart.sel;

	if (sel >= client_cart.n) {
		screen_register_set_mode(REGISTER_ITEM, NULL);
		return;
	}
	cl = &client_cart.lines[sel];
	if (cl->weight) {
		if (weight_parse(ui_input_text(&screen_register_in), &qty) != 0)
			qty = -1;
	} else {
		qty = util_strtonum(ui_input_text(&screen_register_in), 0,
		    1000000, &errstr);
		if (errstr != NULL)
			qty = -1;
	}
	if (qty < 0) {
		ui_status_set(UI_ERROR, "Type a %s, or 0 to remove the line",
		    cl->weight ? "weight in grams (e.g. 3.5)" : "whole number");
		ui_screen_beep();
		return;
	}
	snprintf(name, sizeof name, "%s", cl->name);
	if (qty == 0) {
		client_cart_remove(sel);
		ui_list_set_count(&screen_register_cart, client_cart_rows());
		ui_status_set(UI_OK, "Removed %s", name);
	} else if (client_cart_set_qty(sel, qty, &cause) != 0) {
		ui_status_set(UI_ERROR, "%s", cause);
		free(cause);
		return;
	} else if (cl->weight) {
		/* A weight typed over the scale's is a typed weight. */
		cl->typed = 1;
		ui_status_set(UI_WARN, "Changed %s: a typed weight, marked W",
		    name);
	} else
		ui_status_set(UI_OK, "Changed %s", name);
	screen_register_set_mode(REGISTER_ITEM, NULL);
}

static void
screen_register_remove(void)
{
	char	name[128];
	u_int	sel = screen_register_cart.sel;

	if (client_cart.n == 0 || sel >= client_cart_rows()) {
		ui_status_set(UI_ERROR, "The cart is empty");
		return;
	}
	if (client_cart_locked()) {
		ui_status_set(UI_ERROR, "The last sale is not confirmed yet");
		return;
	}
	if (sel >= client_cart.n) {
		screen_register_disc_remove(sel - client_cart.n);
		return;
	}
	snprintf(name, sizeof name, "%s", client_cart.lines[sel].name);
	client_cart_remove(sel);
	ui_list_set_count(&screen_register_cart, client_cart_rows());
	ui_status_set(UI_OK, "Removed %s", name);
}

static void
screen_register_search_done(json_t *result, const char *code,
    const char *message, __unused void *arg)
{
	json_t	*products;

	ui_screen_dirty();
	if (screen_register_mode != REGISTER_SEARCH)
		return;		/* a scan took over meanwhile */
	if (result == NULL) {
		screen_register_set_mode(REGISTER_ITEM, NULL);
		screen_request_error(code, message);
		return;
	}
	products = json_object_get(result, "products");
	if (!json_is_array(products) || json_array_size(products) == 0) {
		screen_register_set_mode(REGISTER_SEARCH, NULL);
		ui_status_set(UI_WARN, "No product matches: try other words");
		return;
	}
	screen_register_set_mode(REGISTER_PICK, NULL);
	screen_register_found = json_incref(products);
	ui_list_init(&screen_register_pick, screen_register_pick_line, NULL);
	ui_list_set_count(&screen_register_pick,
	    (u_int)json_array_size(products));
	ui_status_set(UI_INFO, "%zu product%s found: choose one and press "
	    "Enter", json_array_size(products),
	    json_array_size(products) == 1 ? "" : "s");
}

static void
screen_register_search(void)
{
	json_t		*args;
	const char	*q = ui_input_text(&screen_register_in);

	if (*q == '\0') {
		screen_register_set_mode(REGISTER_ITEM, NULL);
		return;
	}
	args = json_object();
	json_object_set_new(args, "q", json_string(q));
	json_object_set_new(args, "limit", json_integer(20));
	ui_status_set(UI_INFO, "Searching...");
	client_request("product.search", args, screen_register_search_done,
	    REGISTER_ME);
}

static void
screen_register_pick_one(void)
{
	json_t		*p;
	const char	*sku;
	char		 code[WEDGE_MAX];

	p = json_array_get(screen_register_found, screen_register_pick.sel);
	sku = json_string_value(json_object_get(p, "sku"));
	if (sku == NULL) {
		screen_register_set_mode(REGISTER_ITEM, NULL);
		return;
	}
	snprintf(code, sizeof code, "%s", sku);
	screen_register_set_mode(REGISTER_ITEM, NULL);
	screen_register_lookup(code);
}

/* Attach a customer (and patient) to the sale. */
static void
screen_register_attach(json_t *cu, json_t *patient)
{
	char	name[128], pname[128];
	int	r;
	u_int	dropped = 0;

	/* Leaving the pick frees the lists these may be in. */
	json_incref(cu);
	if (patient != NULL)
		json_incref(patient);
	screen_register_set_mode(REGISTER_ITEM, NULL);
	if (json_integer_value(json_object_get(cu, "id")) != client_customer.id)
		dropped = client_cart_customer_changed();
	r = client_customer_set(cu, patient);
	ui_list_set_count(&screen_register_cart, client_cart_rows());
	client_customer_name(cu, name, sizeof name);
	if (patient != NULL)
		client_customer_name(patient, pname, sizeof pname);
	json_decref(cu);
	if (patient != NULL)
		json_decref(patient);
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
screen_register_patient_done(json_t *result, __unused const char *code,
    __unused const char *message, __unused void *arg)
{
	json_t	*cu, *ids, *v;
	size_t	 i;
	int64_t	 id;

	ui_screen_dirty();
	if (screen_register_mode != REGISTER_PATIENT_PICK ||
	    screen_register_patients_wait == 0)
		return;
	screen_register_patients_wait--;
	if (result != NULL) {
		cu = json_object_get(result, "customer");
		id = json_integer_value(json_object_get(cu, "id"));
		ids = json_object_get(screen_register_carer, "patients");
		json_array_foreach(ids, i, v) {
			if (json_integer_value(v) == id)
				json_array_set(screen_register_patients, i, cu);
		}
	}
	if (screen_register_patients_wait != 0)
		return;
	if (json_array_size(screen_register_patients) == 1) {
		screen_register_attach(screen_register_carer,
		    json_array_get(screen_register_patients, 0));
		return;
	}
	ui_list_init(&screen_register_cpick, screen_register_cpick_line, NULL);
	ui_list_set_count(&screen_register_cpick,
	    (u_int)json_array_size(screen_register_patients));
	ui_status_set(UI_INFO, "A caregiver: choose the patient they buy for "
	    "and press Enter");
}

/* A customer was chosen: a caregiver also names the patient. */
static void
screen_register_choose(json_t *cu)
{
	json_t		*ids, *v, *args;
	const char	*type;
	size_t		 i;

	type = json_string_value(json_object_get(cu, "type"));
	ids = json_object_get(cu, "patients");
	if (type == NULL || strcmp(type, "caregiver") != 0 ||
	    !json_is_array(ids) || json_array_size(ids) == 0) {
		screen_register_attach(cu, NULL);
		return;
	}
	json_incref(cu);
	screen_register_set_mode(REGISTER_PATIENT_PICK, NULL);
	screen_register_carer = cu;
	screen_register_patients = json_array();
	json_array_foreach(ids, i, v) {
		/* A stand-in until the patient's name comes. */
		json_array_append_new(screen_register_patients, json_pack(
		    "{s:O, s:s, s:s, s:s}", "id", v, "first", "patient",
		    "last", "", "type", "medical"));
		args = json_pack("{s:O}", "id", v);
		screen_register_patients_wait++;
		client_request("customer.get", args,
		    screen_register_patient_done, REGISTER_ME);
	}
	ui_status_set(UI_INFO, "Looking up the caregiver's patients...");
}

static void
screen_register_customer_done(json_t *result, const char *code,
    const char *message, __unused void *arg)
{
	json_t	*list;
	size_t	 n;

	ui_screen_dirty();
	if (screen_register_mode != REGISTER_CUSTOMER)
		return;		/* cancelled, or a scan took over */
	if (result == NULL) {
		screen_request_error(code, message);
		return;
	}
	list = json_object_get(result, "customers");
	n = json_is_array(list) ? json_array_size(list) : 0;
	if (n == 0) {
		ui_status_set(UI_WARN, "No customer matches \"%s\": try the "
		    "last name, phone, or ID or card number",
		    ui_input_text(&screen_register_in));
		ui_screen_beep();
		return;
	}
	if (n == 1) {
		screen_register_choose(json_array_get(list, 0));
		return;
	}
	json_incref(list);
	screen_register_set_mode(REGISTER_CUSTOMER_PICK, NULL);
	screen_register_customers = list;
	ui_list_init(&screen_register_cpick, screen_register_cpick_line, NULL);
	ui_list_set_count(&screen_register_cpick, (u_int)n);
	ui_status_set(UI_INFO, "%zu customers found: choose one and press "
	    "Enter", n);
}

static void
screen_register_customer_search(void)
{
	json_t		*args;
	const char	*q = ui_input_text(&screen_register_in);

	while (*q == ' ')
		q++;
	if (*q == '\0') {
		ui_status_set(UI_ERROR, "Type the start of the last name, a "
		    "phone number, or an ID or card number");
		return;
	}
	args = json_object();
	json_object_set_new(args, "q", json_string(q));
	ui_status_set(UI_INFO, "Looking for the customer...");
	client_request("customer.search", args, screen_register_customer_done,
	    REGISTER_ME);
}

/* F8: search for a customer to attach. */
static void
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
static void
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
	ui_list_set_count(&screen_register_cart, client_cart_rows());
	ui_status_set(UI_OK, "Walk-in: no customer on this sale%s", n != 0 ?
	    " (the customer's discounts and points are taken off)" : "");
}

/* The discount kinds ^D offers, by their first letter. */
static const struct {
	const char	*kind;
	const char	*label;
} screen_register_kinds[] = {
	{ "medical", "Medical" },
	{ "senior", "Senior" },
	{ "veteran", "Veteran" },
	{ "employee", "Employee" },
	{ "oneoff", "One-off" },
};

static const char *
screen_register_kind_label(const char *kind)
{
	u_int	i;

	for (i = 0; i < nitems(screen_register_kinds); i++) {
		if (strcmp(screen_register_kinds[i].kind, kind) == 0)
			return (screen_register_kinds[i].label);
	}
	return (kind);
}

/* ^D: a discount, or off with the discount (or points) selected. */
static void
screen_register_discount(void)
{
	u_int	sel = screen_register_cart.sel;

	if (client_cart.n == 0) {
		ui_status_set(UI_ERROR, "The cart is empty: scan the items, "
		    "then ^D gives a discount");
		ui_screen_beep();
		return;
	}
	if (client_cart_locked()) {
		ui_status_set(UI_ERROR, "The last sale is not confirmed yet");
		return;
	}
	if (sel >= client_cart.n && sel < client_cart_rows()) {
		screen_register_disc_remove(sel - client_cart.n);
		return;
	}
	memset(&screen_register_disc, 0, sizeof screen_register_disc);
	screen_register_set_mode(REGISTER_DISC_KIND, NULL);
	if (client_customer.id != 0)
		ui_status_set(UI_INFO, "m medical, s senior, v veteran, e "
		    "employee, o one-off; p points (%lld)", (long long)
		    json_integer_value(json_object_get(client_customer_get(),
		    "loyalty")));
	else
		ui_status_set(UI_INFO, "m medical, s senior, v veteran, e "
		    "employee, o one-off (points: F8 a customer)");
}

/* Take a discount (or the points) row off the cart. */
static void
screen_register_disc_remove(u_int i)
{
	char	*cause;
	char	 what[64];

	if (i < client_cart.ndiscounts) {
		snprintf(what, sizeof what, "%s discount",
		    screen_register_kind_label(client_cart.discounts[i].kind));
		if (client_cart_discount_remove(i) != 0) {
			ui_status_set(UI_ERROR, "The last sale is not "
			    "confirmed yet");
			return;
		}
	} else {
		snprintf(what, sizeof what, "%lld loyalty points",
		    (long long)client_cart.redeem);
		if (client_cart_redeem(0, &cause) != 0) {
			ui_status_set(UI_ERROR, "%s", cause);
			free(cause);
			return;
		}
	}
	ui_list_set_count(&screen_register_cart, client_cart_rows());
	ui_status_set(UI_OK, "Took off the %s", what);
}

static void
screen_register_disc_kind(void)
{
	const char	*t = ui_input_text(&screen_register_in);
	u_int		 i;
	int		 c;

	while (*t == ' ')
		t++;
	c = tolower((u_char)*t);
	if (c == 'p' || c == 'l') {
		if (client_customer.id == 0) {
			ui_status_set(UI_ERROR, "Points are the customer's: "
			    "attach them first (F8)");
			ui_screen_beep();
			return;
		}
		screen_register_set_mode(REGISTER_REDEEM, NULL);
		ui_status_set(UI_INFO, "Type the points to spend (0 takes "
		    "them off)");
		return;
	}
	for (i = 0; i < nitems(screen_register_kinds); i++) {
		if (c == screen_register_kinds[i].kind[0])
			break;
	}
	if (c == '\0' || i == nitems(screen_register_kinds)) {
		ui_status_set(UI_ERROR, "Type m, s, v, e or o%s (Esc: no "
		    "discount)", client_customer.id != 0 ? ", or p" : "");
		ui_screen_beep();
		return;
	}
	strlcpy(screen_register_disc.kind, screen_register_kinds[i].kind,
	    sizeof screen_register_disc.kind);
	screen_register_set_mode(REGISTER_DISC_VALUE,
	    screen_register_kinds[i].label);
	ui_status_set(UI_INFO, "A percentage (10%%) or an amount off (5.00)");
}

static void
screen_register_disc_value(void)
{
	const char	*t = ui_input_text(&screen_register_in), *errstr;
	char		 buf[16], name[48];
	size_t		 n;
	long long	 pc;
	int64_t		 amount;
	u_int		 sel = screen_register_cart.sel;

	snprintf(buf, sizeof buf, "%s", t);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	screen_register_disc.percent = 0;
	screen_register_disc.amount = 0;
	if (n > 0 && buf[n - 1] == '%') {
		buf[--n] = '\0';
		pc = util_strtonum(buf, 1, 100, &errstr);
		if (errstr != NULL) {
			ui_status_set(UI_ERROR, "A percentage is 1%% to 100%%, "
			    "e.g. 10%%");
			ui_screen_beep();
			return;
		}
		screen_register_disc.percent = (int)pc;
	} else if (money_parse(buf, &amount) != 0 || amount <= 0) {
		ui_status_set(UI_ERROR, "Type 10%% for a percentage, or 5.00 "
		    "for an amount off");
		ui_screen_beep();
		return;
	} else
		screen_register_disc.amount = amount;
	screen_register_set_mode(REGISTER_DISC_LINE, NULL);
	if (sel < client_cart.n) {
		screen_register_pad(name, sizeof name,
		    client_cart.lines[sel].name, 24);
		ui_status_set(UI_INFO, "Enter: on the whole cart; or a line "
		    "(%u: %s)", sel + 1, name);
	} else
		ui_status_set(UI_INFO, "Enter: on the whole cart; or a line "
		    "number");
}

/* The discount as asked for goes to the cart: the next quote says. */
static void
screen_register_disc_add(void)
{
	char	*cause;

	if (client_cart_discount_add(&screen_register_disc, &cause) != 0) {
		ui_status_set(UI_ERROR, "No discount: %s", cause);
		free(cause);
		ui_screen_beep();
		return;
	}
	screen_register_set_mode(REGISTER_ITEM, NULL);
	ui_list_set_count(&screen_register_cart, client_cart_rows());
	ui_status_set(UI_INFO, "Asking stashd about the %s discount...",
	    screen_register_kind_label(screen_register_disc.kind));
}

static void
screen_register_disc_line(void)
{
	const char	*errstr;
	long long	 line = 0;

	if (!ui_input_empty(&screen_register_in)) {
		line = util_strtonum(ui_input_text(&screen_register_in), 1,
		    client_cart.n, &errstr);
		if (errstr != NULL) {
			ui_status_set(UI_ERROR, "The cart has lines 1 to %u; "
			    "Enter alone: the whole cart", client_cart.n);
			ui_screen_beep();
			return;
		}
	}
	screen_register_disc.line = (u_int)line;
	if (strcmp(screen_register_disc.kind, "oneoff") == 0) {
		screen_register_set_mode(REGISTER_DISC_REASON, NULL);
		ui_status_set(UI_INFO, "A one-off needs a reason (e.g. "
		    "scuffed box)");
		return;
	}
	screen_register_disc_add();
}

static void
screen_register_disc_reason(void)
{
	const char	*t = ui_input_text(&screen_register_in);

	while (*t == ' ')
		t++;
	if (*t == '\0') {
		ui_status_set(UI_ERROR, "Type why: it goes in the audit");
		ui_screen_beep();
		return;
	}
	strlcpy(screen_register_disc.reason, t,
	    sizeof screen_register_disc.reason);
	screen_register_disc_add();
}

static void
screen_register_redeem(void)
{
	const char	*errstr;
	char		*cause;
	long long	 points;

	points = util_strtonum(ui_input_text(&screen_register_in), 0,
	    INT32_MAX, &errstr);
	if (errstr != NULL) {
		ui_status_set(UI_ERROR, "Type the points to spend");
		ui_screen_beep();
		return;
	}
	if (client_cart_redeem(points, &cause) != 0) {
		ui_status_set(UI_ERROR, "Not redeemed: %s", cause);
		free(cause);
		ui_screen_beep();
		return;
	}
	screen_register_set_mode(REGISTER_ITEM, NULL);
	ui_list_set_count(&screen_register_cart, client_cart_rows());
	if (points == 0)
		ui_status_set(UI_OK, "No points spent on this sale");
	else
		ui_status_set(UI_INFO, "Asking stashd about %lld points...",
		    points);
}

static void
screen_register_key_item(int key)
{
	switch (key) {
	case UI_KEY_F(2):
	case UI_KEY_CTRL('f'):
		screen_register_set_mode(REGISTER_SEARCH, NULL);
		ui_status_set(UI_INFO, "Type part of a product name or SKU");
		return;
	case UI_KEY_CTRL('d'):
		screen_register_discount();
		return;
	case UI_KEY_F(3):
		if (screen_register_cart.sel >= client_cart.n &&
		    client_cart.n != 0) {
			ui_status_set(UI_ERROR, "Choose an item line (Up/Down) "
			    "to change its quantity");
			return;
		}
		if (client_cart.n == 0) {
			ui_status_set(UI_ERROR, "The cart is empty");
			return;
		}
		if (client_cart_locked()) {
			ui_status_set(UI_ERROR, "The last sale is not "
			    "confirmed yet");
			return;
		}
		screen_register_set_mode(REGISTER_QTY, NULL);
		ui_status_set(UI_INFO, "Type the new quantity (0 removes the "
		    "line)");
		return;
	case UI_KEY_F(4):
		screen_register_remove();
		return;
	case UI_KEY_DELETE:
		if (ui_input_empty(&screen_register_in)) {
			screen_register_remove();
			return;
		}
		break;
	case UI_KEY_F(5):
		screen_register_tender();
		return;
	case UI_KEY_F(6):
		screen_go("sales", NULL);
		return;
	case UI_KEY_F(7):
		screen_go("setup", NULL);
		return;
	case UI_KEY_F(1):
		screen_go("inventory", NULL);
		return;
	case UI_KEY_F(8):
		screen_register_customer();
		return;
	case UI_KEY_F(9):
		screen_register_walkin();
		return;
	case UI_KEY_F(11):
		screen_go("queue", NULL);
		return;
	case UI_KEY_F(12):
		screen_go("drawer", NULL);
		return;
	case UI_KEY_CTRL('r'):	/* the F-keys are all taken */
		screen_go("compliance", NULL);
		return;
	case UI_KEY_UP:
	case UI_KEY_DOWN:
	case UI_KEY_PPAGE:
	case UI_KEY_NPAGE:
		ui_list_key(&screen_register_cart, key);
		return;
	case UI_KEY_ESCAPE:
		ui_input_set(&screen_register_in, "", 0);
		return;
	case UI_KEY_ENTER:
		if (ui_input_empty(&screen_register_in)) {
			screen_register_tender();
			return;
		}
		screen_register_lookup(ui_input_text(&screen_register_in));
		ui_input_set(&screen_register_in, "", 0);
		return;
	}
	if (ui_input_key(&screen_register_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_register_key(int key, int64_t when)
{
	char	code[WEDGE_MAX];

	ui_list_set_count(&screen_register_cart, client_cart_rows());
	if (client_wedge_key(&screen_register_wedge, key, when))
		ui_input_mark(&screen_register_in);
	if (key == UI_KEY_ENTER && client_wedge_enter(&screen_register_wedge,
	    when, code, sizeof code)) {
		ui_input_restore(&screen_register_in);
		screen_register_scan(code);
		return;
	}

	if (screen_register_mode == REGISTER_COMMIT)
		return;		/* wait for stashd */
	if (screen_common_key(key))
		return;
	if (screen_register_mode == REGISTER_ITEM) {
		screen_register_key_item(key);
		return;
	}
	if (key == UI_KEY_ESCAPE) {
		screen_register_set_mode(REGISTER_ITEM, NULL);
		ui_status_clear();
		if (client_cart.card > 0 && !client_cart_locked()) {
			ui_status_set(UI_WARN, "The card payment is dropped: "
			    "void it on the card terminal");
			client_cart.card = 0;
			client_cart.card_ref[0] = '\0';
		}
		return;
	}
	if (key == UI_KEY_F(2) && screen_register_mode == REGISTER_TENDER) {
		if (client_cart.card > 0) {
			ui_status_set(UI_ERROR, "A card already pays part: "
			    "cash for the rest, or Esc to start again");
			ui_screen_beep();
			return;
		}
		screen_register_set_mode(REGISTER_CARD, NULL);
		ui_status_set(UI_INFO, "Enter: the card pays it all; or type "
		    "part of it (cash pays the rest)");
		return;
	}
	if (key == UI_KEY_F(6)) {
		screen_go("sales", NULL);
		return;
	}
	if (screen_register_mode == REGISTER_PICK) {
		if (key == UI_KEY_ENTER)
			screen_register_pick_one();
		else
			ui_list_key(&screen_register_pick, key);
		return;
	}
	if (screen_register_mode == REGISTER_CUSTOMER_PICK) {
		if (key == UI_KEY_ENTER) {
			screen_register_choose(json_array_get(
			    screen_register_customers,
			    screen_register_cpick.sel));
		} else
			ui_list_key(&screen_register_cpick, key);
		return;
	}
	if (screen_register_mode == REGISTER_PATIENT_PICK) {
		if (key == UI_KEY_ENTER && screen_register_patients_wait == 0) {
			screen_register_attach(screen_register_carer,
			    json_array_get(screen_register_patients,
			    screen_register_cpick.sel));
		} else
			ui_list_key(&screen_register_cpick, key);
		return;
	}
	if (key == UI_KEY_ENTER) {
		switch (screen_register_mode) {
		case REGISTER_WEIGHT:
			screen_register_weight();
			break;
		case REGISTER_QTY:
			screen_register_qty();
			break;
		case REGISTER_SEARCH:
			screen_register_search();
			break;
		case REGISTER_TENDER:
			screen_register_take_cash();
			break;
		case REGISTER_CARD:
			screen_register_card_amount();
			break;
		case REGISTER_CARD_REF:
			screen_register_card_ref();
			break;
		case REGISTER_CUSTOMER:
			screen_register_customer_search();
			break;
		case REGISTER_OUTAGE:
			screen_register_outage_reason();
			break;
		case REGISTER_APPROVER:
			screen_register_approver_id();
			break;
		case REGISTER_APPROVER_PIN:
			screen_register_approver_pin();
			break;
		case REGISTER_DISC_KIND:
			screen_register_disc_kind();
			break;
		case REGISTER_DISC_VALUE:
			screen_register_disc_value();
			break;
		case REGISTER_DISC_LINE:
			screen_register_disc_line();
			break;
		case REGISTER_DISC_REASON:
			screen_register_disc_reason();
			break;
		case REGISTER_REDEEM:
			screen_register_redeem();
			break;
		default:
			break;
		}
		return;
	}
	if (ui_input_key(&screen_register_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}


/* A hold or recall covering a line in the cart: say so, and mark it. */
static void
screen_register_hold_event(json_t *ev)
{
	const char	*state, *scope, *key, *reason;
	int		 set, n;

	state = json_string_value(json_object_get(ev, "state"));
	scope = json_string_value(json_object_get(ev, "scope"));
	key = json_string_value(json_object_get(ev, "key"));
	reason = json_string_value(json_object_get(ev, "reason"));
	if (state == NULL || scope == NULL || key == NULL)
		return;
	set = strcmp(state, "set") == 0;
	n = client_cart_hold(scope, key, set);
	if (n == 0)
		return;
	if (set)
		ui_status_set(UI_ERROR, "%s %s %s: %d line%s marked H cannot "
		    "be sold%s%s%s", json_is_true(json_object_get(ev,
		    "recall")) ? "RECALL" : "HOLD", scope, key, n,
		    n == 1 ? "" : "s", reason != NULL ? " (" : "",
		    reason != NULL ? reason : "", reason != NULL ? ")" : "");
	else
		ui_status_set(UI_OK, "Hold on %s %s released: %d line%s can be "
		    "sold again", scope, key, n, n == 1 ? "" : "s");
	ui_screen_dirty();
}

static void
screen_register_event(json_t *ev)
{
	const char	*event, *state, *tag;
	json_t		*qty;

	event = json_string_value(json_object_get(ev, "event"));
	if (event == NULL)
		return;
	if (strcmp(event, "connection") == 0) {
		state = json_string_value(json_object_get(ev, "state"));
		if (state != NULL && strcmp(state, "ready") == 0)
			screen_register_retry();
		return;
	}
	if (strcmp(event, "hold") == 0) {
		screen_register_hold_event(ev);
		return;
	}
	if (strcmp(event, "stock") == 0) {
		tag = json_string_value(json_object_get(ev, "tag"));
		qty = json_object_get(ev, "qty");
		if (tag != NULL && json_is_integer(qty) &&
		    client_cart_stock(tag, json_integer_value(qty)))
			ui_screen_dirty();
	}
}

/* Column widths for a list w wide: the name takes what is left. */
static void
screen_register_columns(int w, int *namew, int *tagw)
{
	*tagw = w >= 88 ? TAG_LEN : 12;
	*namew = w - 34 - *tagw;
	if (*namew < 8)
		*namew = 8;
}

/* A discount or the points, under the lines: what stashd takes off. */
static void
screen_register_disc_line_text(u_int i, int namew, int tagw, char *out,
    size_t len)
{
	const struct cart_discount	*d;
	char				 name[256], what[96], on[32], v[32];
	char				 total[32];
	int64_t				 off;

	if (i < client_cart.ndiscounts) {
		d = &client_cart.discounts[i];
		if (strcmp(d->kind, "oneoff") == 0)
			snprintf(what, sizeof what, "One-off: %s", d->reason);
		else
			snprintf(what, sizeof what, "%s discount",
			    screen_register_kind_label(d->kind));
		if (d->line != 0)
			snprintf(on, sizeof on, "line %u", d->line);
		else
			snprintf(on, sizeof on, "cart");
		if (d->percent != 0)
			snprintf(v, sizeof v, "%d%%", d->percent);
		else
			money_fmt(d->amount, v, sizeof v);
		off = d->quoted;
	} else {
		snprintf(what, sizeof what, "Loyalty points");
		snprintf(on, sizeof on, "cart");
		snprintf(v, sizeof v, "%lld pts",
		    (long long)client_cart.redeem);
		off = client_cart.redeem_quoted;
	}
	screen_register_pad(name, sizeof name, what, namew);
	if (off >= 0 && client_cart.quote_valid) {
		total[0] = '-';
		money_fmt(off, total + 1, sizeof total - 1);
	} else
		snprintf(total, sizeof total, "...");
	snprintf(out, len, "   -%s %-*s %8s %9s %9s", name, tagw, on,
	    v, "", total);
}

static void
screen_register_cart_line(__unused void *arg, u_int idx, char *out,
    size_t len, enum ui_colour *c)
{
	const struct cart_line	*cl = &client_cart.lines[idx];
	char			 name[256], tag[32], qty[32], price[32];
	char			 total[32];
	int			 namew, tagw;
	int64_t			 t;

	screen_register_columns(ui_screen_cols() - 1, &namew, &tagw);
	if (idx >= client_cart.n) {
		screen_register_disc_line_text(idx - client_cart.n, namew,
		    tagw, out, len);
		*c = UI_OK;
		return;
	}
	screen_register_pad(name, sizeof name, cl->name, namew);
	ui_draw_abbrev(cl->tag, (size_t)tagw, tag, sizeof tag);
	if (cl->weight)
		weight_fmt(cl->qty, qty, sizeof qty);
	else
		snprintf(qty, sizeof qty, "%lld", (long long)cl->qty);
	money_fmt(cl->price, price, sizeof price);
	if (cl->weight)
		strncat(price, "/g", sizeof price - strlen(price) - 1);
	if (client_cart_line_total(cl, &t) != 0)
		t = 0;
	money_fmt(t, total, sizeof total);
	snprintf(out, len, "%3u%c%s %-*s %8s %9s %9s", idx + 1,
	    cl->held ? 'H' : (cl->onhand >= 0 && cl->qty > cl->onhand ? '!' :
	    cl->typed ? 'W' : ' '), name, tagw, tag, qty, price, total);
	if (cl->held || (cl->onhand >= 0 && cl->qty > cl->onhand))
		*c = UI_WARN;
}

static void
screen_register_pick_line(__unused void *arg, u_int idx, char *out,
    size_t len, enum ui_colour *c)
{
	json_t		*p;
	const char	*name, *sku, *unit;
	char		 pname[256], price[32];
	json_t		*stock;
	int		 namew;

	p = json_array_get(screen_register_found, idx);
	name = json_string_value(json_object_get(p, "name"));
	sku = json_string_value(json_object_get(p, "sku"));
	unit = json_string_value(json_object_get(p, "unit"));
	stock = json_object_get(p, "stock");
	namew = REGISTER_PICK_NAME;
	screen_register_pad(pname, sizeof pname, name != NULL ? name : "?",
	    namew);
	money_fmt(json_integer_value(json_object_get(p, "price")), price,
	    sizeof price);
	if (unit != NULL && strcmp(unit, "weight") == 0) {
		strncat(price, "/g", sizeof price - strlen(price) - 1);
		snprintf(out, len, "%s %-12.12s %9s %7lld g", pname,
		    sku != NULL ? sku : "", price,
		    (long long)(json_integer_value(stock) / 1000));
	} else {
		snprintf(out, len, "%s %-12.12s %9s %7lld", pname,
		    sku != NULL ? sku : "", price,
		    (long long)json_integer_value(stock));
	}
	if (json_integer_value(stock) <= 0)
		*c = UI_DIM;
}

/*
 * The left of the totals row: the scale while weighing, else the line
 * count and the devices' state. The customer display follows the cart.
 */
static void
screen_register_draw_devices(int y, int w, const char *total)
{
	const struct cart_line	*cl;
	enum ui_colour		 c;
	char			 text[64], dev[128], l1[80], l2[80], lt[32];
	char			*s;
	int64_t			 mg, t;
	int			 st;

	if (client_dev_has(CLIENT_DEV_DISPLAY)) {
		if (client_cart.n == 0) {
			snprintf(l1, sizeof l1, "Welcome");
			l2[0] = '\0';
		} else {
			cl = &client_cart.lines[client_cart.n - 1];
			if (client_cart_line_total(cl, &t) != 0)
				t = 0;
			money_fmt(t, lt, sizeof lt);
			snprintf(l1, sizeof l1, "%-*.*s %s",
			    (int)(19 - strlen(lt)), (int)(19 - strlen(lt)),
			    cl->name, lt);
			snprintf(l2, sizeof l2, "TOTAL %14s", total);
		}
		client_dev_display(l1, l2);
	}
	if (screen_register_mode == REGISTER_WEIGHT &&
	    client_dev_has(CLIENT_DEV_SCALE)) {
		st = client_dev_scale(&mg, text, sizeof text);
		xasprintf(&s, "Scale: %s%s", text, st == CLIENT_DEV_STABLE ?
		    "  STABLE" : st == CLIENT_DEV_MOTION &&
		    strcmp(text, "moving") != 0 ? "  (settling)" : "");
		ui_draw_str(y, 1, w / 2, st == CLIENT_DEV_STABLE ? UI_OK :
		    UI_WARN, s);
		free(s);
		return;
	}
	xasprintf(&s, "%u line%s", client_cart.n, client_cart.n == 1 ? "" :
	    "s");
	ui_draw_str(y, 1, w / 2, UI_DIM, s);
	if (client_dev_count() != 0) {
		client_dev_summary(dev, sizeof dev, &c);
		ui_draw_str(y, 2 + (int)strlen(s), w / 2 - 2 - (int)strlen(s),
		    c, dev);
	}
	free(s);
}

static void
screen_register_draw_totals(int y, int w)
{
	int64_t	 total, cash;
	char	 t[32], c[32], ch[32], card[32], *s;

	ui_draw_fill(y, 0, w, UI_NORMAL);
	if (client_cart_due(&total) != 0 && client_cart_total(&total) != 0)
		total = 0;
	money_fmt(total, t, sizeof t);
	if (screen_register_mode == REGISTER_TENDER && client_cart.card > 0) {
		if (money_parse(ui_input_text(&screen_register_in), &cash) != 0)
			cash = -1;
		money_fmt(client_cart.card, card, sizeof card);
		if (cash >= total - client_cart.card) {
			xasprintf(&s, "TOTAL %s  Card %s  Cash %s  CHANGE %s",
			    t, card, money_fmt(cash, c, sizeof c), money_fmt(
			    cash - (total - client_cart.card), ch, sizeof ch));
			ui_draw_right(y, 0, w - 1, UI_TOTAL, s);
		} else {
			xasprintf(&s, "TOTAL %s  Card %s  (cash: at least "
			    "%s)", t, card, money_fmt(total - client_cart.card,
			    c, sizeof c));
			ui_draw_right(y, 0, w - 1, UI_WARN, s);
		}
		free(s);
		return;
	}
	if (screen_register_mode == REGISTER_TENDER) {
		if (money_parse(ui_input_text(&screen_register_in), &cash) != 0)
			cash = -1;
		if (cash >= total) {
			xasprintf(&s, "TOTAL %s   Cash %s   CHANGE DUE %s", t,
			    money_fmt(cash, c, sizeof c),
			    money_fmt(cash - total, ch, sizeof ch));
			ui_draw_right(y, 0, w - 1, UI_TOTAL, s);
		} else {
			xasprintf(&s, "TOTAL %s   (cash must be at least "
			    "that)", t);
			ui_draw_right(y, 0, w - 1, UI_WARN, s);
		}
		free(s);
		return;
	}
	screen_register_draw_devices(y, w, t);
	if (!client_cart.quote_valid && client_cart.n != 0)
		xasprintf(&s, "%s + tax", t);
	else if (client_cart.quote_discount > 0 && client_cart.quote_tax != 0)
		xasprintf(&s, "Disc -%s  Tax %s  TOTAL %s", money_fmt(
		    client_cart.quote_discount, ch, sizeof ch), money_fmt(
		    client_cart.quote_tax, c, sizeof c), t);
	else if (client_cart.quote_discount > 0)
		xasprintf(&s, "Disc -%s  TOTAL %s", money_fmt(
		    client_cart.quote_discount, ch, sizeof ch), t);
	else if (client_cart.quote_tax != 0)
		xasprintf(&s, "Tax %s  TOTAL %s", money_fmt(
		    client_cart.quote_tax, c, sizeof c), t);
	else
		xasprintf(&s, "TOTAL %s", t);
	ui_draw_right(y, w / 2, w / 2 - 1, UI_TOTAL, s);
	free(s);
}

static void
screen_register_draw_pick(const struct ui_rect *r)
{
	struct ui_rect	 in;
	u_int		 n;
	int		 h, namew;
	char		 head[256], pname[64];

	n = (u_int)json_array_size(screen_register_found);
	h = (int)n + 3;
	if (h > r->h)
		h = r->h;
	ui_dialog_frame(r->w - 4, h, "Choose a product", UI_BOX, &in);
	namew = REGISTER_PICK_NAME;
	screen_register_pad(pname, sizeof pname, "Product", namew);
	snprintf(head, sizeof head, "%s %-12s %9s %9s", pname, "SKU", "Price",
	    "In stock");
	ui_draw_fill(in.y, in.x, in.w, UI_HEADER);
	ui_draw_str(in.y, in.x, in.w, UI_HEADER, head);
	in.y++;
	in.h--;
	ui_list_draw(&screen_register_pick, &in);
}

static void
screen_register_cpick_line(__unused void *arg, u_int idx, char *out,
    size_t len, enum ui_colour *c)
{
	json_t		*list, *cu, *doc;
	const char	*type, *phone, *number, *dob;
	char		 name[128], pname[128], age[16];
	int		 a;

	list = screen_register_mode == REGISTER_PATIENT_PICK ?
	    screen_register_patients : screen_register_customers;
	cu = json_array_get(list, idx);
	client_customer_name(cu, name, sizeof name);
	screen_register_pad(pname, sizeof pname, name, REGISTER_CUST_NAME);
	type = json_string_value(json_object_get(cu, "type"));
	phone = json_string_value(json_object_get(cu, "phone"));
	doc = json_object_get(cu, "id_doc");
	number = json_string_value(json_object_get(doc, "number"));
	dob = json_string_value(json_object_get(cu, "dob"));
	a = client_customer_age(dob);
	if (a >= 0)
		snprintf(age, sizeof age, "%d", a);
	else
		snprintf(age, sizeof age, "?");
	snprintf(out, len, "%s %-11.11s %3s %-14.14s %s", pname,
	    type != NULL ? type : "", age, phone != NULL ? phone : "",
	    number != NULL ? number : "");
	*c = UI_NORMAL;
}

static void
screen_register_draw_cpick(const struct ui_rect *r)
{
	struct ui_rect	 in;
	json_t		*list;
	u_int		 n;
	int		 h;
	char		 head[256], pname[64];

	list = screen_register_mode == REGISTER_PATIENT_PICK ?
	    screen_register_patients : screen_register_customers;
	n = (u_int)json_array_size(list);
	h = (int)n + 3;
	if (h > r->h)
		h = r->h;
	ui_dialog_frame(r->w - 4, h, screen_register_mode ==
	    REGISTER_PATIENT_PICK ? "Which patient is this for?" :
	    "Choose the customer", UI_BOX, &in);
	screen_register_pad(pname, sizeof pname, "Name", REGISTER_CUST_NAME);
	snprintf(head, sizeof head, "%s %-11s %3s %-14s %s", pname, "Type",
	    "Age", "Phone", "ID number");
	ui_draw_fill(in.y, in.x, in.w, UI_HEADER);
	ui_draw_str(in.y, in.x, in.w, UI_HEADER, head);
	in.y++;
	in.h--;
	ui_list_draw(&screen_register_cpick, &in);
}

/*
 * The customer panel above the cart: who, eligibility, what is left of
 * each limit pool before this sale, the last refusal. Returns its rows.
 */
static int
screen_register_draw_panel(const struct ui_rect *r)
{
	json_t		*cu, *elig, *limits, *pools, *pool, *pt;
	const char	*type, *reason, *pname, *unit, *win;
	char		 name[128], ptname[128], rem[32], cap[32], *s, *t;
	char		*lines[REGISTER_PANEL_POOLS + 2];
	int		 y = r->y, age, n, i, empty = 0;
	size_t		 k;

	if (client_customer.id == 0)
		return (0);
	cu = client_customer_get();
	client_customer_name(cu, name, sizeof name);
	type = json_string_value(json_object_get(cu, "type"));
	age = client_customer_age(json_string_value(json_object_get(cu,
	    "dob")));
	xasprintf(&s, "Customer: %s, %s, %d, loyalty %lld", name,
	    type != NULL ? type : "?", age,
	    (long long)json_integer_value(json_object_get(cu, "loyalty")));
	pt = client_customer.patient_info;
	if (pt != NULL) {
		client_customer_name(pt, ptname, sizeof ptname);
		xasprintf(&t, "%s; for %s, %d", s, ptname,
		    client_customer_age(json_string_value(json_object_get(pt,
		    "dob"))));
		free(s);
		s = t;
	}
	ui_draw_fill(y, r->x, r->w, UI_NORMAL);
	ui_draw_str(y, r->x + 1, r->w - 15, UI_TOTAL, s);
	free(s);

	elig = json_object_get(client_customer.info, "eligible");
	if (client_customer.stale)
		ui_draw_right(y, r->x, r->w - 1, UI_WARN, "not checked");
	else if (!json_is_object(elig))
		ui_draw_right(y, r->x, r->w - 1, UI_DIM, "checking...");
	else if (json_is_true(json_object_get(elig, "ok")))
		ui_draw_right(y, r->x, r->w - 1, UI_OK, "ELIGIBLE");
	else {
		ui_draw_right(y, r->x, r->w - 1, UI_ERROR, "NOT ELIGIBLE");
		reason = json_string_value(json_object_get(elig, "reason"));
		y++;
		xasprintf(&s, "Not eligible: %s", reason != NULL ? reason :
		    "(no reason given)");
		ui_draw_fill(y, r->x, r->w, UI_ERROR);
		ui_draw_str(y, r->x + 1, r->w - 2, UI_ERROR, s);
		free(s);
	}
	y++;

	/* The pools, wrapped over at most REGISTER_PANEL_POOLS rows. */
	limits = json_object_get(client_customer.info, "limits");
	pools = json_object_get(limits, "pools");
	if (json_is_object(elig) && json_is_null(limits))
		s = xstrdup("No purchase limits (limits are off)");
	else if (!json_is_array(pools))
		s = NULL;
	else if (json_array_size(pools) == 0)
		s = xstrdup("No limit pool applies to this customer");
	else {
		s = xstrdup("Left before this sale:");
		json_array_foreach(pools, k, pool) {
			pname = json_string_value(json_object_get(pool,
			    "name"));
			unit = json_string_value(json_object_get(pool, "unit"));
			win = json_string_value(json_object_get(pool,
			    "window"));
			client_customer_amount(json_integer_value(
			    json_object_get(pool, "remaining")), unit, rem,
			    sizeof rem);
			client_customer_amount(json_integer_value(
			    json_object_get(pool, "cap")), unit, cap,
			    sizeof cap);
			if (json_integer_value(json_object_get(pool,
			    "remaining")) <= 0)
				empty = 1;
			xasprintf(&t, "%s%s %s: %s of %s/%s", s, k == 0 ? "" :
			    ";", pname != NULL ? pname : "?", rem, cap,
			    win != NULL ? win : "?");
			free(s);
			s = t;
		}
	}
	if (s != NULL) {
		n = ui_dialog_wrap(s, r->w - 2, lines, REGISTER_PANEL_POOLS);
		free(s);
		for (i = 0; i < n; i++) {
			ui_draw_fill(y, r->x, r->w, UI_NORMAL);
			ui_draw_str(y++, r->x + 1, r->w - 2, empty ? UI_WARN :
			    UI_NORMAL, lines[i]);
			free(lines[i]);
		}
	}

	if (client_customer.refused != NULL) {
		xasprintf(&s, "Refused: %s (the cart is kept)",
		    client_customer.refused);
		n = ui_dialog_wrap(s, r->w - 2, lines, 2);
		free(s);
		for (i = 0; i < n; i++) {
			ui_draw_fill(y, r->x, r->w, UI_ERROR);
			ui_draw_str(y++, r->x + 1, r->w - 2, UI_ERROR,
			    lines[i]);
			free(lines[i]);
		}
	}
	return (y - r->y);
}

/* Why stashd would not take the last discount, at the foot of the cart. */
static void
screen_register_draw_refused(const struct ui_rect *list)
{
	char	*lines[2];
	int	 n, i, y;

	n = ui_dialog_wrap(client_cart.disc_refused, list->w - 2, lines, 2);
	y = list->y + list->h - n - (client_cart.in_doubt ? 1 : 0);
	for (i = 0; i < n; i++) {
		ui_draw_fill(y, list->x, list->w, UI_ERROR);
		ui_draw_str(y++, list->x + 1, list->w - 2, UI_ERROR, lines[i]);
		free(lines[i]);
	}
}

static void
screen_register_draw(const struct ui_rect *r)
{
	struct ui_rect		 list;
	const struct ui_fkey	*keys;
	u_int			 nkeys;
	int			 namew, tagw, rows = ui_screen_rows();
	char			 head[512], name[256];
	struct ui_rect		 body = *r;
	int			 ph;

	ui_list_set_count(&screen_register_cart, client_cart_rows());
	ph = screen_register_draw_panel(r);
	body.y += ph;
	body.h -= ph;
	r = &body;

	/* Column headings, the cart, the totals, the input. */
	screen_register_columns(r->w - 1, &namew, &tagw);
	screen_register_pad(name, sizeof name, "Item", namew);
	snprintf(head, sizeof head, "  # %s %-*s %8s %9s %9s", name, tagw,
	    "Tag", "Qty", "Price", "Total");
	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y, r->x, r->w, UI_HEADER, head);

	list.x = r->x;
	list.y = r->y + 1;
	list.w = r->w;
	list.h = r->h - 3;
	if (client_cart.n == 0) {
		ui_draw_centre(list.y + list.h / 2 - 1, r->x, r->w, UI_DIM,
		    "Scan a package, type a tag or SKU, or press F2 to search");
		ui_draw_centre(list.y + list.h / 2, r->x, r->w, UI_DIM,
		    "Enter on an empty line (or F5) takes payment");
		ui_draw_centre(list.y + list.h / 2 + 1, r->x, r->w, UI_DIM,
		    "F11 calls the next customer from the queue; F12 is the "
		    "cash drawer");
	} else
		ui_list_draw(&screen_register_cart, &list);
	if (client_cart.in_doubt && !client_cart.pending) {
		ui_draw_fill(list.y + list.h - 1, r->x, r->w, UI_WARN);
		ui_draw_centre(list.y + list.h - 1, r->x, r->w, UI_WARN,
		    "Last sale not confirmed: it is sent again when "
		    "connected (F5 to try now)");
	}

	if (client_cart.disc_refused[0] != '\0')
		screen_register_draw_refused(&list);
	screen_register_draw_totals(r->y + r->h - 2, r->w);

	switch (screen_register_mode) {
	case REGISTER_COMMIT:
		ui_draw_str(r->y + r->h - 1, r->x + 1, r->w - 2, UI_PROMPT,
		    "Recording the sale, please wait...");
		keys = NULL;
		nkeys = 0;
		break;
	case REGISTER_PICK:
		ui_input_draw(&screen_register_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, "Choose a product:", 0);
		keys = screen_register_pick_keys;
		nkeys = nitems(screen_register_pick_keys);
		break;
	case REGISTER_CUSTOMER_PICK:
	case REGISTER_PATIENT_PICK:
		ui_input_draw(&screen_register_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, screen_register_mode == REGISTER_PATIENT_PICK ?
		    "Choose the patient:" : "Choose the customer:", 0);
		keys = screen_register_cpick_keys;
		nkeys = nitems(screen_register_cpick_keys);
		break;
	default:
		ui_input_draw(&screen_register_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, screen_register_prompt, 1);
		if (screen_register_mode == REGISTER_ITEM &&
		    client_customer.id != 0) {
			keys = screen_register_item_cust_keys;
			nkeys = nitems(screen_register_item_cust_keys);
		} else if (screen_register_mode == REGISTER_ITEM) {
			keys = screen_register_item_keys;
			nkeys = nitems(screen_register_item_keys);
		} else if (screen_register_mode == REGISTER_TENDER) {
			keys = screen_register_tender_keys;
			nkeys = nitems(screen_register_tender_keys);
		} else {
			keys = screen_register_prompt_keys;
			nkeys = nitems(screen_register_prompt_keys);
		}
		break;
	}
	ui_fkeys_draw(rows - 1, keys, nkeys);

	if (screen_register_mode == REGISTER_PICK &&
	    screen_register_found != NULL)
		screen_register_draw_pick(r);
	if ((screen_register_mode == REGISTER_CUSTOMER_PICK &&
	    screen_register_customers != NULL) ||
	    (screen_register_mode == REGISTER_PATIENT_PICK &&
	    screen_register_patients_wait == 0 &&
	    screen_register_patients != NULL))
		screen_register_draw_cpick(r);
}
