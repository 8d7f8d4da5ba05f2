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
 * The register's discounts (^D): the kind, "10%" or an amount, a line or
 * the whole cart, a reason for a one-off; or the customer's loyalty
 * points. Each is kept only if stashd's quote takes it (client-cart.c).
 */

static const char *	screen_register_kind_label(const char *kind);
static void	screen_register_disc_add(void);

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
void
screen_register_discount(void)
{
	u_int	sel = R.cart.sel;

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
	memset(&R.disc, 0, sizeof R.disc);
	screen_register_set_mode(REGISTER_DISC_KIND, NULL);
	if (client_customer.id != 0)
		ui_status_set(UI_INFO, "m medical, s senior, v veteran, e "
		    "employee, o one-off; p points (%lld)", (long long)
		    client_customer_loyalty());
	else
		ui_status_set(UI_INFO, "m medical, s senior, v veteran, e "
		    "employee, o one-off (points: F8 a customer)");
}

/* Take a discount (or the points) row off the cart. */
void
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
	ui_list_set_count(&R.cart, client_cart_rows());
	ui_status_set(UI_OK, "Took off the %s", what);
}

void
screen_register_disc_kind(void)
{
	const char	*t = ui_input_text(&R.in);
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
	strlcpy(R.disc.kind, screen_register_kinds[i].kind,
	    sizeof R.disc.kind);
	screen_register_set_mode(REGISTER_DISC_VALUE,
	    screen_register_kinds[i].label);
	ui_status_set(UI_INFO, "A percentage (10%%) or an amount off (5.00)");
}

void
screen_register_disc_value(void)
{
	const char	*t = ui_input_text(&R.in), *errstr;
	char		 buf[16], name[48];
	size_t		 n;
	long long	 pc;
	int64_t		 amount;
	u_int		 sel = R.cart.sel;

	snprintf(buf, sizeof buf, "%s", t);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	R.disc.percent = 0;
	R.disc.amount = 0;
	if (n > 0 && buf[n - 1] == '%') {
		buf[--n] = '\0';
		pc = util_strtonum(buf, 1, 100, &errstr);
		if (errstr != NULL) {
			ui_status_set(UI_ERROR, "A percentage is 1%% to 100%%, "
			    "e.g. 10%%");
			ui_screen_beep();
			return;
		}
		R.disc.percent = (int)pc;
	} else if (money_parse(buf, &amount) != 0 || amount <= 0) {
		ui_status_set(UI_ERROR, "Type 10%% for a percentage, or 5.00 "
		    "for an amount off");
		ui_screen_beep();
		return;
	} else
		R.disc.amount = amount;
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

	if (client_cart_discount_add(&R.disc, &cause) != 0) {
		ui_status_set(UI_ERROR, "No discount: %s", cause);
		free(cause);
		ui_screen_beep();
		return;
	}
	screen_register_set_mode(REGISTER_ITEM, NULL);
	ui_list_set_count(&R.cart, client_cart_rows());
	ui_status_set(UI_INFO, "Asking stashd about the %s discount...",
	    screen_register_kind_label(R.disc.kind));
}

void
screen_register_disc_line(void)
{
	const char	*errstr;
	long long	 line = 0;

	if (!ui_input_empty(&R.in)) {
		line = util_strtonum(ui_input_text(&R.in), 1,
		    client_cart.n, &errstr);
		if (errstr != NULL) {
			ui_status_set(UI_ERROR, "The cart has lines 1 to %u; "
			    "Enter alone: the whole cart", client_cart.n);
			ui_screen_beep();
			return;
		}
	}
	R.disc.line = (u_int)line;
	if (strcmp(R.disc.kind, "oneoff") == 0) {
		screen_register_set_mode(REGISTER_DISC_REASON, NULL);
		ui_status_set(UI_INFO, "A one-off needs a reason (e.g. "
		    "scuffed box)");
		return;
	}
	screen_register_disc_add();
}

void
screen_register_disc_reason(void)
{
	const char	*t = ui_input_text(&R.in);

	while (*t == ' ')
		t++;
	if (*t == '\0') {
		ui_status_set(UI_ERROR, "Type why: it goes in the audit");
		ui_screen_beep();
		return;
	}
	strlcpy(R.disc.reason, t,
	    sizeof R.disc.reason);
	screen_register_disc_add();
}

void
screen_register_redeem(void)
{
	const char	*errstr;
	char		*cause;
	long long	 points;

	points = util_strtonum(ui_input_text(&R.in), 0,
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
	ui_list_set_count(&R.cart, client_cart_rows());
	if (points == 0)
		ui_status_set(UI_OK, "No points spent on this sale");
	else
		ui_status_set(UI_INFO, "Asking stashd about %lld points...",
		    points);
}

/* A discount or the points, under the lines: what stashd takes off. */
void
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
