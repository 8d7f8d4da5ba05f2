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
 * The register's tender: cash, a card (all or part), the commit with its
 * ref (sent again, safely, when in doubt), and the manager's approval
 * and reason when stashd asks for them; the totals row.
 */

static void	screen_register_commit_done(const struct client_op_error *err,
		     struct client_op_sale *sale, void *arg);
static void	screen_register_send_commit_as(int64_t cash, uint32_t approver,
		     const char *pin);
static void	screen_register_send_commit(int64_t cash);
static void	screen_register_draw_devices(int y, int w, const char *total);

static void
screen_register_commit_done(const struct client_op_error *err,
    struct client_op_sale *sale, __unused void *arg)
{
	const char	*code = err->code, *message = err->message, *p;
	char		*cause = NULL, hint[256];
	int		 printed = 0;

	ui_screen_dirty();
	if (code == NULL) {
		if (sale != NULL)
			printed = client_dev_sale(sale->raw, &cause);
		client_cart_answered();
		log_info("sale %lld committed (ref %s)", (long long)
		    (sale != NULL ? sale->id : 0), client_cart.ref);
		client_cart_clear();
		/* The next sale is a walk-in until someone is attached. */
		client_customer_clear();
		screen_go("complete", sale);
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
	if (strcmp(code, "tender") == 0 &&
	    (p = strstr(message, "register first, or ")) != NULL) {
		/* No drawer: here, F12 is the drawer. */
		snprintf(hint, sizeof hint, "%.*sregister first (F12), or %s",
		    (int)(p - message), message, p + 19);
		message = hint;
	}
	screen_request_error(code, message);
	R.outage[0] = '\0';
	if (strcmp(code, "approval") == 0 &&
	    strstr(message, "outage_reason") != NULL) {
		R.reason_key = "outage_reason";
		screen_register_set_mode(REGISTER_OUTAGE, NULL);
		ui_status_set(UI_WARN, "%s", message);
	} else if (strcmp(code, "limit") == 0 &&
	    strstr(message, "override_reason") != NULL) {
		/* The rule file lets a manager override this limit. */
		R.reason_key = "override_reason";
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
	struct client_op_sale_req	req;

	client_cart_commit_args(&req, cash);
	if (approver != 0) {
		req.approver = approver;
		req.pin = pin;
	}
	if (R.outage[0] != '\0') {
		req.reason_key = R.reason_key;
		req.reason = R.outage;
	}
	client_cart_sent();
	screen_register_set_mode(REGISTER_COMMIT, NULL);
	client_op_sale_commit(&req, screen_register_commit_done, REGISTER_ME);
	client_cart_commit_args_free(&req);
}

static void
screen_register_send_commit(int64_t cash)
{
	R.outage[0] = '\0';
	screen_register_send_commit_as(cash, 0, NULL);
}

/*
 * A typed weight, or a patient's sale while the state cannot be reached
 * under the rules' manual entry, refused for want of a manager: the
 * reason (for the entry), their staff ID, then their PIN, and the same
 * sale (the same ref) goes again with them.
 */
void
screen_register_outage_reason(void)
{
	if (ui_input_empty(&R.in)) {
		ui_status_set(UI_ERROR, "Type why the sale goes ahead%s",
		    strcmp(R.reason_key, "override_reason") == 0 ?
		    " over the limit" : " without the state");
		ui_screen_beep();
		return;
	}
	strlcpy(R.outage, ui_input_text(&R.in),
	    sizeof R.outage);
	screen_register_set_mode(REGISTER_APPROVER, NULL);
	ui_status_set(UI_INFO, "A manager approves: their staff ID, then PIN");
}

void
screen_register_approver_id(void)
{
	const char	*errstr;
	long long	 id;

	id = util_strtonum(ui_input_text(&R.in), 1, INT32_MAX,
	    &errstr);
	if (errstr != NULL) {
		ui_status_set(UI_ERROR, "Type the manager's staff ID");
		ui_screen_beep();
		return;
	}
	R.approver = (uint32_t)id;
	screen_register_set_mode(REGISTER_APPROVER_PIN, NULL);
}

void
screen_register_approver_pin(void)
{
	char	pin[33];

	if (ui_input_empty(&R.in)) {
		ui_status_set(UI_ERROR, "The manager types their PIN");
		ui_screen_beep();
		return;
	}
	strlcpy(pin, ui_input_text(&R.in), sizeof pin);
	ui_input_clear(&R.in);
	ui_status_set(UI_INFO, "Recording the sale...");
	screen_register_send_commit_as(client_cart.cash,
	    R.approver, pin);
	explicit_bzero(pin, sizeof pin);
	R.approver = 0;
	R.outage[0] = '\0';
}

/* Send a sale left in doubt again, with its ref, once we can. */
void
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

void
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

void
screen_register_take_cash(void)
{
	int64_t	cash, total;
	char	c[32], t[32];

	if (money_parse(ui_input_text(&R.in), &cash) != 0) {
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
void
screen_register_card_amount(void)
{
	int64_t	amount, total;
	char	a[32], t[32];

	if (client_cart_due(&total) != 0) {
		client_cart_quote();
		ui_status_set(UI_WARN, "Waiting for the total from stashd");
		return;
	}
	if (money_parse(ui_input_text(&R.in), &amount) != 0 ||
	    amount <= 0 || amount > total) {
		ui_status_set(UI_ERROR, "Type what the card pays, up to the "
		    "total %s (no cash back on a card)", money_fmt(total, t,
		    sizeof t));
		ui_screen_beep();
		return;
	}
	R.card = amount;
	screen_register_set_mode(REGISTER_CARD_REF, NULL);
	ui_status_set(UI_INFO, "Card %s: run it on the card terminal, then "
	    "type its reference", money_fmt(amount, a, sizeof a));
}

void
screen_register_card_ref(void)
{
	int64_t	total;
	char	a[32], r[32];

	if (ui_input_empty(&R.in)) {
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
	client_cart.card = R.card;
	strlcpy(client_cart.card_ref, ui_input_text(&R.in),
	    sizeof client_cart.card_ref);
	R.card = 0;
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
	if (R.mode == REGISTER_WEIGHT &&
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

void
screen_register_draw_totals(int y, int w)
{
	int64_t	 total, cash;
	char	 t[32], c[32], ch[32], card[32], *s;

	ui_draw_fill(y, 0, w, UI_NORMAL);
	if (client_cart_due(&total) != 0 && client_cart_total(&total) != 0)
		total = 0;
	money_fmt(total, t, sizeof t);
	if (R.mode == REGISTER_TENDER && client_cart.card > 0) {
		if (money_parse(ui_input_text(&R.in), &cash) != 0)
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
	if (R.mode == REGISTER_TENDER) {
		if (money_parse(ui_input_text(&R.in), &cash) != 0)
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
	/*
	 * Never TOTAL 0.00 for a cart with lines: until stashd prices it
	 * (or when it cannot), the catalogue's figure before tax.
	 */
	if (client_cart.n != 0 && (!client_cart.quote_valid ||
	    (!client_cart.quote_ok && total == 0))) {
		if (client_cart_total(&total) != 0)
			xasprintf(&s, "TOTAL ...");
		else
			xasprintf(&s, "%s + tax", money_fmt(total, t,
			    sizeof t));
	} else if (!client_cart.quote_valid && client_cart.n != 0)
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
