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
 * The register's cart: look a tag or SKU up and add it, weigh a bulk
 * product (the scale, or typed grams a manager approves), change a
 * quantity, remove a line, search products and pick one.
 */

static void	screen_register_add(const struct client_op_item *item,
		     int64_t qty);
static void	screen_register_lookup_done(const struct client_op_error *err,
		     struct client_op_item *item, void *arg);
static void	screen_register_search_done(const struct client_op_error *err,
		     struct client_op_product_list *l, void *arg);

/* Put a line in the cart and say so. */
static void
screen_register_add(const struct client_op_item *item, int64_t qty)
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
	ui_list_set_count(&R.cart, client_cart_rows());
	ui_list_select(&R.cart, (u_int)idx);
	cl = &client_cart.lines[idx];
	if (cl->weight)
		weight_fmt(cl->qty, q, sizeof q);
	else
		snprintf(q, sizeof q, "%lld", (long long)cl->qty);
	if (R.repay) {
		R.repay = 0;
		ui_status_set(UI_WARN, "Added %s: the total changed, take "
		    "payment again (F5)", cl->name);
	} else if (cl->onhand >= 0 && cl->qty > cl->onhand) {
		ui_status_set(UI_WARN, "Added %s (now %s) -- more than the "
		    "%lld on hand", cl->name, q, (long long)cl->onhand);
	} else
		ui_status_set(UI_OK, "Added %s (now %s)", cl->name, q);
}

static void
screen_register_lookup_done(const struct client_op_error *err,
    struct client_op_item *item, __unused void *arg)
{
	const char	*name;

	if (R.lookups > 0)
		R.lookups--;
	ui_screen_dirty();
	if (err->code != NULL) {
		R.repay = 0;
		screen_request_error(err->code, err->message);
		return;
	}
	name = item->name;
	if (name == NULL)
		name = "this product";
	if (item->unit != NULL && strcmp(item->unit, "weight") == 0) {
		if (R.mode == REGISTER_WEIGHT) {
			ui_status_set(UI_WARN, "Weigh the first item, then "
			    "scan %s again", name);
			ui_screen_beep();
			return;
		}
		if (R.mode == REGISTER_COMMIT ||
		    client_cart_locked()) {
			ui_status_set(UI_ERROR, "Not added: the last sale is "
			    "not confirmed yet");
			return;
		}
		screen_register_set_mode(REGISTER_WEIGHT, name);
		client_op_item_copy(&R.weigh, item);
		if (client_dev_has(CLIENT_DEV_SCALE))
			ui_status_set(UI_INFO, "Put %s on the scale: Enter "
			    "takes the weight once STABLE", name);
		else
			ui_status_set(UI_INFO, "Weigh %s and type the grams "
			    "(e.g. 3.5)", name);
		return;
	}
	screen_register_add(item, 1);
}

/* Look a tag or SKU up; the reply adds it to the cart. */
void
screen_register_lookup(const char *text)
{
	char	 code[WEDGE_MAX];
	size_t	 n;

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
	R.lookups++;
	ui_status_set(UI_INFO, "Looking up %s...", code);
	client_op_item_lookup(code, screen_register_lookup_done, REGISTER_ME);
}

void
screen_register_weight(void)
{
	char	text[64], q[32];
	int64_t	mg;
	int	st, idx;

	/* With a scale: an empty input takes its settled weight. */
	if (client_dev_has(CLIENT_DEV_SCALE) &&
	    ui_input_empty(&R.in)) {
		st = client_dev_scale(&mg, text, sizeof text);
		if (st != CLIENT_DEV_STABLE) {
			ui_status_set(UI_ERROR, "Not taken: the scale shows "
			    "%s%s; wait for STABLE", text, st ==
			    CLIENT_DEV_MOTION && strcmp(text, "moving") != 0 ?
			    " (settling)" : "");
			ui_screen_beep();
			return;
		}
		if (R.weigh.raw != NULL) {
			screen_register_add(&R.weigh, mg);
			ui_status_set(UI_OK, "Weighed %s on the scale",
			    weight_fmt(mg, q, sizeof q));
		}
		screen_register_set_mode(REGISTER_ITEM, NULL);
		return;
	}
	if (weight_parse(ui_input_text(&R.in), &mg) != 0 ||
	    mg <= 0) {
		ui_status_set(UI_ERROR, "Type the weight in grams, e.g. 3.5");
		ui_screen_beep();
		return;
	}
	if (R.weigh.raw != NULL) {
		screen_register_add(&R.weigh, mg);
		/*
		 * A typed weight goes to stashd as typed: it needs the
		 * weight.type permission or a manager's approval, asked for
		 * if the sale is refused for it.
		 */
		idx = (int)R.cart.sel;
		if (idx < (int)client_cart.n) {
			client_cart.lines[idx].typed = 1;
			ui_status_set(UI_WARN, "Typed weight, line marked W: "
			    "a manager approves it at payment");
		}
	}
	screen_register_set_mode(REGISTER_ITEM, NULL);
}

void
screen_register_qty(void)
{
	struct cart_line	*cl;
	const char		*errstr;
	char			*cause, name[128];
	int64_t			 qty;
	u_int			 sel = R.cart.sel;

	if (sel >= client_cart.n) {
		screen_register_set_mode(REGISTER_ITEM, NULL);
		return;
	}
	cl = &client_cart.lines[sel];
	if (cl->weight) {
		if (weight_parse(ui_input_text(&R.in), &qty) != 0)
			qty = -1;
	} else {
		qty = util_strtonum(ui_input_text(&R.in), 0,
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
		ui_list_set_count(&R.cart, client_cart_rows());
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

void
screen_register_remove(void)
{
	char	name[128];
	u_int	sel = R.cart.sel;

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
	ui_list_set_count(&R.cart, client_cart_rows());
	ui_status_set(UI_OK, "Removed %s", name);
}

static void
screen_register_search_done(const struct client_op_error *err,
    struct client_op_product_list *l, __unused void *arg)
{
	ui_screen_dirty();
	if (R.mode != REGISTER_SEARCH)
		return;		/* a scan took over meanwhile */
	if (err->code != NULL) {
		screen_register_set_mode(REGISTER_ITEM, NULL);
		screen_request_error(err->code, err->message);
		return;
	}
	if (l->n == 0) {
		screen_register_set_mode(REGISTER_SEARCH, NULL);
		ui_status_set(UI_WARN, "No product matches: try other words");
		return;
	}
	screen_register_set_mode(REGISTER_PICK, NULL);
	R.found = *l;		/* kept: the reply's strings with it */
	memset(l, 0, sizeof *l);
	ui_list_init(&R.pick, screen_register_pick_line, NULL);
	ui_list_set_count(&R.pick, R.found.n);
	ui_status_set(UI_INFO, "%u product%s found: choose one and press "
	    "Enter", R.found.n, R.found.n == 1 ? "" : "s");
}

void
screen_register_search(void)
{
	const char	*q = ui_input_text(&R.in);

	if (*q == '\0') {
		screen_register_set_mode(REGISTER_ITEM, NULL);
		return;
	}
	ui_status_set(UI_INFO, "Searching...");
	client_op_item_search(q, 20, screen_register_search_done, REGISTER_ME);
}

void
screen_register_pick_one(void)
{
	const char	*sku = NULL;
	char		 code[WEDGE_MAX];

	if (R.pick.sel < R.found.n)
		sku = R.found.list[R.pick.sel].sku;
	if (sku == NULL) {
		screen_register_set_mode(REGISTER_ITEM, NULL);
		return;
	}
	snprintf(code, sizeof code, "%s", sku);
	screen_register_set_mode(REGISTER_ITEM, NULL);
	screen_register_lookup(code);
}

void
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
	    cl->held ? 'H' : cl->over[0] != '\0' ? 'L' : (cl->onhand >= 0 &&
	    cl->qty > cl->onhand ? '!' : cl->typed ? 'W' : ' '), name, tagw,
	    tag, qty, price, total);
	if (cl->over[0] != '\0')
		*c = UI_ERROR;
	else if (cl->held || (cl->onhand >= 0 && cl->qty > cl->onhand))
		*c = UI_WARN;
}

void
screen_register_pick_line(__unused void *arg, u_int idx, char *out,
    size_t len, enum ui_colour *c)
{
	const struct client_op_product	*p;
	char				 pname[256], price[32];
	int				 namew;

	if (idx >= R.found.n)
		return;
	p = &R.found.list[idx];
	namew = REGISTER_PICK_NAME;
	screen_register_pad(pname, sizeof pname, p->name != NULL ? p->name :
	    "?", namew);
	money_fmt(p->price, price, sizeof price);
	if (p->unit != NULL && strcmp(p->unit, "weight") == 0) {
		strncat(price, "/g", sizeof price - strlen(price) - 1);
		snprintf(out, len, "%s %-12.12s %9s %7lld g", pname,
		    p->sku != NULL ? p->sku : "", price,
		    (long long)(p->stock / 1000));
	} else {
		snprintf(out, len, "%s %-12.12s %9s %7lld", pname,
		    p->sku != NULL ? p->sku : "", price, (long long)p->stock);
	}
	if (p->stock <= 0)
		*c = UI_DIM;
}

void
screen_register_draw_pick(const struct ui_rect *r)
{
	struct ui_rect	 in;
	u_int		 n;
	int		 h, namew;
	char		 head[256], pname[64];

	n = R.found.n;
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
	ui_list_draw(&R.pick, &in);
}
