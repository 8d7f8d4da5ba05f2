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
#include "screen-register.h"

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
 * this sale, and with the cart counted once stashd has quoted it. A
 * caregiver picks the patient they buy for. F9 makes the sale a walk-in
 * again, and so does every completed sale: the next customer is attached
 * on purpose. Scanning an ID at the customer prompt (a keyboard-wedge
 * scanner's PDF417, or the serial ID scanner at any time the customer may
 * change) attaches the customer with that ID number, or adds them from
 * the ID as the door does (screen-register-customer.c). F2 at the
 * customer prompt adds a new customer from their ID typed in, for staff
 * allowed to (id.type) when the scanner fails.
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

static void	screen_register_enter(void *);
static void	screen_register_leave(void);
static void	screen_register_key(int, int64_t);
static void	screen_register_notify(const struct client_op_event *);
static void	screen_register_draw(const struct ui_rect *);
static void	screen_register_dev_scan(const char *code);
static void	screen_register_qty_text(const struct cart_line *cl, char *out,
		     size_t len);
static void	screen_register_scan(const char *code);
static void	screen_register_key_item(int key);
static void	screen_register_hold_event(const struct client_op_event *ev);
static void	screen_register_draw_refused(const struct ui_rect *list);

const struct screen_entry screen_register_entry = {
	.name = "register",
	.enter = screen_register_enter,
	.leave = screen_register_leave,
	.key = screen_register_key,
	.notify = screen_register_notify,
	.draw = screen_register_draw,
};

struct screen_register	screen_register = {
	.reason_key = "outage_reason",
};

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
	{ "^R", "Compliance" },
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
	{ "^R", "Compliance" },
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
static const struct ui_fkey screen_register_customer_keys[] = {
	{ "Enter", "Find" },
	{ "F2", "New customer" },
	{ "Esc", "Cancel" },
};
static const struct ui_fkey screen_register_tender_keys[] = {
	{ "Enter", "Take cash" },
	{ "F2", "Card" },
	{ "Esc", "Back to cart" },
};

/* A serial scanner's scan (client-dev.c): as a keyboard-wedge scan. */
static void
screen_register_dev_scan(const char *code)
{
	screen_register_scan(code);
	ui_screen_dirty();
}

/* Copy s into out padded or cut to w characters. */
void
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

void
screen_register_set_mode(enum screen_register_mode mode, const char *name)
{
	const struct cart_line	*cl;
	char			 buf[64];
	int64_t			 total;

	R.mode = mode;
	free(R.prompt);
	R.prompt = NULL;
	if (mode != REGISTER_WEIGHT && R.weigh.raw != NULL)
		client_op_item_free(&R.weigh);
	if (mode != REGISTER_PICK && R.found.raw != NULL)
		client_op_item_products_free(&R.found);
	if (mode != REGISTER_CUSTOMER_PICK && R.has_customers) {
		client_op_customer_list_free(&R.customers);
		R.has_customers = 0;
	}
	if (mode != REGISTER_PATIENT_PICK)
		screen_register_patients_free();
	if (mode != REGISTER_NEW)
		screen_register_id_wipe();

	switch (mode) {
	case REGISTER_ITEM:
		ui_input_init(&R.in, 64, 0);
		R.prompt = xstrdup("Tag or SKU:");
		break;
	case REGISTER_WEIGHT:
		ui_input_init(&R.in, 10, UI_INPUT_DECIMAL);
		xasprintf(&R.prompt, "Grams of %s:", name);
		break;
	case REGISTER_QTY:
		cl = &client_cart.lines[R.cart.sel];
		ui_input_init(&R.in, 10,
		    cl->weight ? UI_INPUT_DECIMAL : UI_INPUT_DIGITS);
		screen_register_qty_text(cl, buf, sizeof buf);
		ui_input_set(&R.in, buf, 1);
		xasprintf(&R.prompt, "%s of %s:",
		    cl->weight ? "Grams" : "Quantity", cl->name);
		break;
	case REGISTER_SEARCH:
		ui_input_init(&R.in, 40, 0);
		R.prompt = xstrdup("Search products:");
		break;
	case REGISTER_CUSTOMER:
		ui_input_init(&R.in, 40, 0);
		R.prompt = xstrdup("Customer:");
		break;
	case REGISTER_PICK:
	case REGISTER_COMMIT:
	case REGISTER_CUSTOMER_PICK:
	case REGISTER_PATIENT_PICK:
		ui_input_init(&R.in, 1, 0);
		break;
	case REGISTER_OUTAGE:
		ui_input_init(&R.in, 128, 0);
		R.prompt = xstrdup(strcmp(
		    R.reason_key, "override_reason") == 0 ?
		    "Why override the limit:" : "Why sell without the state:");
		break;
	case REGISTER_APPROVER:
		ui_input_init(&R.in, 10, UI_INPUT_DIGITS);
		R.prompt = xstrdup("Manager's staff ID:");
		break;
	case REGISTER_APPROVER_PIN:
		ui_input_init(&R.in, 32, UI_INPUT_MASKED);
		R.prompt = xstrdup("Manager's PIN:");
		break;
	case REGISTER_DISC_KIND:
		ui_input_init(&R.in, 10, 0);
		R.prompt = xstrdup("Discount (m s v e o p):");
		break;
	case REGISTER_DISC_VALUE:
		ui_input_init(&R.in, 10, 0);
		xasprintf(&R.prompt, "%s discount, 10%% or "
		    "5.00:", name);
		break;
	case REGISTER_DISC_LINE:
		ui_input_init(&R.in, 3, UI_INPUT_DIGITS);
		R.prompt = xstrdup(
		    "On line (Enter: whole cart):");
		break;
	case REGISTER_DISC_REASON:
		ui_input_init(&R.in, 64, 0);
		R.prompt = xstrdup("Why (one-off discount):");
		break;
	case REGISTER_REDEEM:
		ui_input_init(&R.in, 10, UI_INPUT_DIGITS);
		xasprintf(&R.prompt,
		    "Points to redeem (of %lld):", (long long)
		    client_customer_loyalty());
		break;
	case REGISTER_TENDER:
		ui_input_init(&R.in, 12, UI_INPUT_DECIMAL);
		/* Exact cash: the total with taxes, as stashd said. */
		if (client_cart_due(&total) != 0)
			total = 0;
		ui_input_set(&R.in, money_fmt(total -
		    client_cart.card, buf, sizeof buf), 1);
		R.prompt = xstrdup(client_cart.card > 0 ?
		    "Cash for the rest:" : "Cash tendered:");
		break;
	case REGISTER_CARD:
		ui_input_init(&R.in, 12, UI_INPUT_DECIMAL);
		if (client_cart_due(&total) != 0)
			total = 0;
		ui_input_set(&R.in, money_fmt(total, buf,
		    sizeof buf), 1);
		R.prompt = xstrdup("Card amount:");
		break;
	case REGISTER_CARD_REF:
		ui_input_init(&R.in, 32, 0);
		R.prompt = xstrdup("Card terminal's reference:");
		break;
	case REGISTER_NEW:
		screen_register_new_prompt();
		break;
	}
	ui_screen_dirty();
}

static void
screen_register_enter(void *arg)
{
	ui_list_init(&R.cart, screen_register_cart_line, NULL);
	ui_list_init(&R.pick, screen_register_pick_line, NULL);
	ui_list_init(&R.cpick, screen_register_cpick_line, NULL);
	ui_list_set_count(&R.cart, client_cart_rows());
	if (client_cart.n != 0)
		ui_list_select(&R.cart, client_cart.n - 1);
	client_wedge_reset(&R.wedge);
	client_dev_on_scan(screen_register_dev_scan);
	client_idscan_free(&R.idscan);
	client_idscan_init(&R.idscan, client_mode.base, client_idscan_to,
	    &screen_register_wedge);
	client_dev_on_id(screen_register_id);
	client_cart_watch(1);
	R.lookups = 0;
	screen_register_set_mode(REGISTER_ITEM, NULL);
	if (!client_cart.quote_valid)
		client_cart_quote();	/* back after a login: ask again */
	screen_register_retry();
	if (client_customer.id != 0 && !client_customer.loading &&
	    client_session.logged_in)
		client_customer_refresh();
	/* Called from the queue: a struct client_op_customer. */
	if (arg != NULL)
		screen_register_choose(arg);
}

static void
screen_register_leave(void)
{
	client_dev_on_scan(NULL);
	client_dev_on_id(NULL);
	client_cart_watch(0);
	client_idscan_free(&R.idscan);
	screen_register_set_mode(REGISTER_ITEM, NULL);	/* frees the lists */
	if (R.weigh.raw != NULL)
		client_op_item_free(&R.weigh);
	free(R.prompt);
	R.prompt = NULL;
	ui_input_clear(&R.in);
}

/* A scanner sent a code: it goes to the cart, whatever was open. */
static void
screen_register_scan(const char *code)
{
	log_debug("%s: scan of %zu characters", __func__, strlen(code));
	if (R.mode == REGISTER_COMMIT) {
		ui_status_set(UI_ERROR, "Wait: the sale is being recorded. "
		    "Scan again after.");
		ui_screen_beep();
		return;
	}
	if (R.mode == REGISTER_CUSTOMER) {
		ui_input_set(&R.in, code, 0);
		screen_register_customer_search();
		return;
	}
	/* Fast typing (or a badge) at the approval prompts is typing. */
	if (R.mode == REGISTER_OUTAGE ||
	    R.mode == REGISTER_APPROVER ||
	    R.mode == REGISTER_APPROVER_PIN ||
	    R.mode == REGISTER_CARD ||
	    R.mode == REGISTER_CARD_REF ||
	    R.mode == REGISTER_NEW) {
		ui_input_set(&R.in, code, 0);
		if (R.mode == REGISTER_NEW && R.nstep < REGISTER_NEW_N)
			screen_register_new_next();
		else if (R.mode == REGISTER_NEW)
			ui_screen_beep();
		else if (R.mode == REGISTER_CARD)
			screen_register_card_amount();
		else if (R.mode == REGISTER_CARD_REF)
			screen_register_card_ref();
		else if (R.mode == REGISTER_OUTAGE)
			screen_register_outage_reason();
		else if (R.mode == REGISTER_APPROVER)
			screen_register_approver_id();
		else
			screen_register_approver_pin();
		return;
	}
	/* And at the discount's prompts (a quick "10%"). */
	switch (R.mode) {
	case REGISTER_DISC_KIND:
		ui_input_set(&R.in, code, 0);
		screen_register_disc_kind();
		return;
	case REGISTER_DISC_VALUE:
		ui_input_set(&R.in, code, 0);
		screen_register_disc_value();
		return;
	case REGISTER_DISC_LINE:
		ui_input_set(&R.in, code, 0);
		screen_register_disc_line();
		return;
	case REGISTER_DISC_REASON:
		ui_input_set(&R.in, code, 0);
		screen_register_disc_reason();
		return;
	case REGISTER_REDEEM:
		ui_input_set(&R.in, code, 0);
		screen_register_redeem();
		return;
	default:
		break;
	}
	if (R.mode != REGISTER_ITEM) {
		if (R.mode == REGISTER_TENDER)
			R.repay = 1;
		screen_register_set_mode(REGISTER_ITEM, NULL);
	}
	screen_register_lookup(code);
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
		if (R.cart.sel >= client_cart.n &&
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
		if (ui_input_empty(&R.in)) {
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
		ui_list_key(&R.cart, key);
		return;
	case UI_KEY_ESCAPE:
		ui_input_set(&R.in, "", 0);
		return;
	case UI_KEY_ENTER:
		if (ui_input_empty(&R.in)) {
			screen_register_tender();
			return;
		}
		screen_register_lookup(ui_input_text(&R.in));
		ui_input_set(&R.in, "", 0);
		return;
	}
	if (ui_input_key(&R.in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_register_key(int key, int64_t when)
{
	char	code[WEDGE_MAX];

	ui_list_set_count(&R.cart, client_cart_rows());
	/* An ID's PDF417 from a wedge scanner, '@' first (client-idscan.c). */
	if (client_idscan_capturing(&R.idscan)) {
		client_idscan_key(&R.idscan, key);
		return;
	}
	if (key == '@' && R.mode != REGISTER_ITEM &&
	    screen_register_id_ready() && ui_input_empty(&R.in)) {
		client_wedge_reset(&R.wedge);
		client_idscan_start(&R.idscan);
		ui_status_set(UI_INFO, "Reading the ID...");
		return;
	}
	if (client_wedge_key(&R.wedge, key, when))
		ui_input_mark(&R.in);
	if (key == UI_KEY_ENTER && client_wedge_enter(&R.wedge,
	    when, code, sizeof code)) {
		ui_input_restore(&R.in);
		screen_register_scan(code);
		return;
	}

	if (R.mode == REGISTER_COMMIT)
		return;		/* wait for stashd */
	if (screen_common_key(key))
		return;
	if (R.mode == REGISTER_ITEM) {
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
	if (key == UI_KEY_F(2) && R.mode == REGISTER_TENDER) {
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
	if (key == UI_KEY_F(2) && (R.mode == REGISTER_CUSTOMER ||
	    R.mode == REGISTER_CUSTOMER_PICK)) {
		screen_register_new();
		return;
	}
	if (R.mode == REGISTER_NEW && R.nstep == REGISTER_NEW_N &&
	    key != UI_KEY_ESCAPE)
		return;		/* the customer is being added */
	if (R.mode == REGISTER_NEW && R.nstep == REGISTER_NEW_TYPE &&
	    key != UI_KEY_ENTER && UI_KEY_PRINTABLE(key)) {
		ui_input_set(&R.in, "", 0);
		ui_input_key(&R.in, key);
		screen_register_new_next();
		return;
	}
	if (R.mode == REGISTER_PICK) {
		if (key == UI_KEY_ENTER)
			screen_register_pick_one();
		else
			ui_list_key(&R.pick, key);
		return;
	}
	if (R.mode == REGISTER_CUSTOMER_PICK) {
		if (key == UI_KEY_ENTER)
			screen_register_cpick_enter();
		else
			ui_list_key(&R.cpick, key);
		return;
	}
	if (R.mode == REGISTER_PATIENT_PICK) {
		if (key == UI_KEY_ENTER && R.patients_wait == 0)
			screen_register_cpick_enter();
		else
			ui_list_key(&R.cpick, key);
		return;
	}
	if (key == UI_KEY_ENTER) {
		switch (R.mode) {
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
		case REGISTER_NEW:
			screen_register_new_next();
			break;
		default:
			break;
		}
		return;
	}
	if (ui_input_key(&R.in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

/* A hold or recall covering a line in the cart: say so, and mark it. */
static void
screen_register_hold_event(const struct client_op_event *ev)
{
	int	set, n;

	if (ev->state == NULL || ev->scope == NULL || ev->key == NULL)
		return;
	set = strcmp(ev->state, "set") == 0;
	n = client_cart_hold(ev->scope, ev->key, set);
	if (n == 0)
		return;
	if (set)
		ui_status_set(UI_ERROR, "%s %s %s: %d line%s marked H cannot "
		    "be sold%s%s%s", ev->recall ? "RECALL" : "HOLD", ev->scope,
		    ev->key, n, n == 1 ? "" : "s", ev->reason != NULL ? " (" :
		    "", ev->reason != NULL ? ev->reason : "",
		    ev->reason != NULL ? ")" : "");
	else
		ui_status_set(UI_OK, "Hold on %s %s released: %d line%s can be "
		    "sold again", ev->scope, ev->key, n, n == 1 ? "" : "s");
	ui_screen_dirty();
}

static void
screen_register_notify(const struct client_op_event *ev)
{
	switch (ev->type) {
	case CLIENT_OP_EVENT_CONNECTION:
		if (ev->state != NULL && strcmp(ev->state, "ready") == 0)
			screen_register_retry();
		break;
	case CLIENT_OP_EVENT_HOLD:
		screen_register_hold_event(ev);
		break;
	case CLIENT_OP_EVENT_STOCK:
		if (ev->tag != NULL && ev->has_qty &&
		    client_cart_stock(ev->tag, ev->qty))
			ui_screen_dirty();
		break;
	default:
		break;
	}
}

/* Column widths for a list w wide: the name takes what is left. */
void
screen_register_columns(int w, int *namew, int *tagw)
{
	*tagw = w >= 88 ? TAG_LEN : 12;
	*namew = w - 34 - *tagw;
	if (*namew < 8)
		*namew = 8;
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

	ui_list_set_count(&R.cart, client_cart_rows());
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
		ui_list_draw(&R.cart, &list);
	if (client_cart.in_doubt && !client_cart.pending) {
		ui_draw_fill(list.y + list.h - 1, r->x, r->w, UI_WARN);
		ui_draw_centre(list.y + list.h - 1, r->x, r->w, UI_WARN,
		    "Last sale not confirmed: it is sent again when "
		    "connected (F5 to try now)");
	}

	if (client_cart.disc_refused[0] != '\0')
		screen_register_draw_refused(&list);
	screen_register_draw_totals(r->y + r->h - 2, r->w);

	switch (R.mode) {
	case REGISTER_COMMIT:
		ui_draw_str(r->y + r->h - 1, r->x + 1, r->w - 2, UI_PROMPT,
		    "Recording the sale, please wait...");
		keys = NULL;
		nkeys = 0;
		break;
	case REGISTER_PICK:
		ui_input_draw(&R.in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, "Choose a product:", 0);
		keys = screen_register_pick_keys;
		nkeys = nitems(screen_register_pick_keys);
		break;
	case REGISTER_CUSTOMER_PICK:
	case REGISTER_PATIENT_PICK:
		ui_input_draw(&R.in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, R.mode == REGISTER_PATIENT_PICK ?
		    "Choose the patient:" : "Choose the customer:", 0);
		keys = screen_register_cpick_keys;
		nkeys = nitems(screen_register_cpick_keys);
		break;
	default:
		ui_input_draw(&R.in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, R.prompt, 1);
		if (R.mode == REGISTER_ITEM &&
		    client_customer.id != 0) {
			keys = screen_register_item_cust_keys;
			nkeys = nitems(screen_register_item_cust_keys);
		} else if (R.mode == REGISTER_ITEM) {
			keys = screen_register_item_keys;
			nkeys = nitems(screen_register_item_keys);
		} else if (R.mode == REGISTER_CUSTOMER) {
			keys = screen_register_customer_keys;
			nkeys = nitems(screen_register_customer_keys);
		} else if (R.mode == REGISTER_TENDER) {
			keys = screen_register_tender_keys;
			nkeys = nitems(screen_register_tender_keys);
		} else {
			keys = screen_register_prompt_keys;
			nkeys = nitems(screen_register_prompt_keys);
		}
		break;
	}
	ui_fkeys_draw(rows - 1, keys, nkeys);

	if (R.mode == REGISTER_PICK &&
	    R.found.raw != NULL)
		screen_register_draw_pick(r);
	if ((R.mode == REGISTER_CUSTOMER_PICK &&
	    R.has_customers) ||
	    (R.mode == REGISTER_PATIENT_PICK &&
	    R.patients_wait == 0 &&
	    R.npatients != 0))
		screen_register_draw_cpick(r);
}
