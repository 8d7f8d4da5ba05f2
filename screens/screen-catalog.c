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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "client-op.h"

/*
 * The manager's product screen (^P on the stock console): a product by
 * SKU or name (product.get), then each field the screen edits in turn,
 * the current value offered (Enter keeps it): name, category, price, unit
 * cost, THC, reorder point, whether it is sold. product.update saves what
 * changed, audited (a price change with who, where and the old price);
 * the screen says what changed. The limits' measures are stashctl
 * product set's. Esc steps back a field; from the product, back to the
 * stock console.
 */

enum screen_catalog_field {
	CAT_PRODUCT,		/* which product */
	CAT_NAME,
	CAT_CATEGORY,
	CAT_PRICE,
	CAT_COST,
	CAT_THC,
	CAT_REORDER,
	CAT_ACTIVE,
	CAT_NFIELDS,
};

static void	screen_catalog_enter(void *);
static void	screen_catalog_leave(void);
static void	screen_catalog_key(int, int64_t);
static void	screen_catalog_draw(const struct ui_rect *);

const struct screen_entry screen_catalog_entry = {
	.name = "catalog",
	.enter = screen_catalog_enter,
	.leave = screen_catalog_leave,
	.key = screen_catalog_key,
	.draw = screen_catalog_draw,
};

#define CATALOG_ME	((void *)&screen_catalog_entry)

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static const struct ui_fkey screen_catalog_keys[] = {
	{ "Enter", "Next/keep" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};

static const char *screen_catalog_prompts[CAT_NFIELDS] = {
	"Product (SKU or name):",
	"Name:",
	"Category (lower case):",
	"Price (e.g. 35.00):",
	"Unit cost (e.g. 12.00):",
	"THC % (e.g. 22.0):",
	"Reorder point:",
	"Sold (yes or no):",
};

static struct client_op_product_full	 screen_catalog_p;	/* id 0: none */
static int				 screen_catalog_busy;
static int				 screen_catalog_field;
static char		 screen_catalog_val[CAT_NFIELDS][UI_INPUT_MAX];
static struct ui_input			 screen_catalog_in;
static char				 screen_catalog_done[160];

static void
screen_catalog_ask(int field)
{
	screen_catalog_field = field;
	/* Figures are checked on Enter: a letter is named, not dropped. */
	ui_input_init(&screen_catalog_in, field == CAT_NAME ? 80 : 40, 0);
	ui_input_set(&screen_catalog_in, screen_catalog_val[field], 0);
}

static void
screen_catalog_fill(void)
{
	const struct client_op_product_full	*p = &screen_catalog_p;
	char					 g[32];

	snprintf(screen_catalog_val[CAT_NAME], UI_INPUT_MAX, "%.80s", p->name);
	snprintf(screen_catalog_val[CAT_CATEGORY], UI_INPUT_MAX, "%s",
	    p->category);
	money_fmt(p->price, screen_catalog_val[CAT_PRICE], UI_INPUT_MAX);
	money_fmt(p->unit_cost, screen_catalog_val[CAT_COST], UI_INPUT_MAX);
	snprintf(screen_catalog_val[CAT_THC], UI_INPUT_MAX, "%lld.%lld",
	    (long long)p->thc / 10, (long long)p->thc % 10);
	if (p->weighed) {
		weight_fmt(p->reorder, g, sizeof g);
		g[strcspn(g, " ")] = '\0';
		snprintf(screen_catalog_val[CAT_REORDER], UI_INPUT_MAX, "%s",
		    g);
	} else
		snprintf(screen_catalog_val[CAT_REORDER], UI_INPUT_MAX,
		    "%lld", (long long)p->reorder);
	snprintf(screen_catalog_val[CAT_ACTIVE], UI_INPUT_MAX, "%s",
	    p->active ? "yes" : "no");
}

static void
screen_catalog_got(const struct client_op_error *err,
    const struct client_op_product_full *p, __unused void *arg)
{
	screen_catalog_busy = 0;
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		screen_catalog_ask(CAT_PRODUCT);
		return;
	}
	screen_catalog_p = *p;
	screen_catalog_fill();
	screen_catalog_done[0] = '\0';
	ui_status_set(UI_INFO, "Editing %s: Enter keeps what is shown",
	    p->sku);
	screen_catalog_ask(CAT_NAME);
}

/* What changed, in words, for the status line. */
static void
screen_catalog_saved(const struct client_op_error *err,
    const struct client_op_product_full *p, __unused void *arg)
{
	const struct client_op_product_full	*was = &screen_catalog_p;
	char					 a[32], b[32];

	screen_catalog_busy = 0;
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		screen_catalog_ask(CAT_NAME);
		return;
	}
	if (!p->changed)
		snprintf(screen_catalog_done, sizeof screen_catalog_done,
		    "%s: nothing changed", p->sku);
	else if (p->price != was->price)
		snprintf(screen_catalog_done, sizeof screen_catalog_done,
		    "Saved %s: price %s -> %s (audited)", p->sku,
		    money_fmt(was->price, a, sizeof a), money_fmt(p->price, b,
		    sizeof b));
	else
		snprintf(screen_catalog_done, sizeof screen_catalog_done,
		    "Saved %s (audited)", p->sku);
	screen_catalog_p = *p;
	screen_catalog_fill();
	ui_status_set(UI_OK, "%s", screen_catalog_done);
	screen_catalog_val[CAT_PRODUCT][0] = '\0';
	screen_catalog_ask(CAT_PRODUCT);
}

static void
screen_catalog_send(void)
{
	struct client_op_product_req	req;
	int64_t				v;

	memset(&req, 0, sizeof req);
	req.id = screen_catalog_p.id;
	req.name = screen_catalog_val[CAT_NAME];
	req.category = screen_catalog_val[CAT_CATEGORY];
	req.price = money_parse(screen_catalog_val[CAT_PRICE], &v) == 0 ?
	    v : -1;
	req.unit_cost = money_parse(screen_catalog_val[CAT_COST], &v) == 0 ?
	    v : -1;
	req.thc = weight_parse(screen_catalog_val[CAT_THC], &v) == 0 ?
	    v / 100 : -1;	/* "22.0" -> 22000 -> 220 per mille */
	if (screen_catalog_p.weighed)
		req.reorder = weight_parse(screen_catalog_val[CAT_REORDER],
		    &v) == 0 ? v : -1;
	else
		req.reorder = strtoll(screen_catalog_val[CAT_REORDER], NULL,
		    10);
	req.active = strcmp(screen_catalog_val[CAT_ACTIVE], "yes") == 0;
	screen_catalog_busy = 1;
	screen_catalog_field = -1;
	ui_status_set(UI_INFO, "Saving %s...", screen_catalog_p.sku);
	client_op_product_update(&req, screen_catalog_saved, CATALOG_ME);
}

/* A field typed: checked here so a typo is named at once. */
static void
screen_catalog_next(const char *text)
{
	int64_t	v;
	int	f = screen_catalog_field, bad = 0;

	switch (f) {
	case CAT_PRODUCT:
		if (*text == '\0')
			return;
		snprintf(screen_catalog_val[f], UI_INPUT_MAX, "%s", text);
		screen_catalog_busy = 1;
		screen_catalog_field = -1;
		client_op_product_get(text, screen_catalog_got, CATALOG_ME);
		return;
	case CAT_NAME:
	case CAT_CATEGORY:
		bad = *text == '\0';
		break;
	case CAT_PRICE:
	case CAT_COST:
		bad = money_parse(text, &v) != 0 || (f == CAT_PRICE && v < 1);
		break;
	case CAT_THC:
		bad = weight_parse(text, &v) != 0 || v > 100000 ||
		    v % 100 != 0;
		break;
	case CAT_REORDER:
		bad = screen_catalog_p.weighed ? weight_parse(text, &v) != 0 :
		    strspn(text, "0123456789") != strlen(text) || *text == '\0';
		break;
	case CAT_ACTIVE:
		bad = strcmp(text, "yes") != 0 && strcmp(text, "no") != 0;
		break;
	}
	if (bad) {
		ui_status_set(UI_ERROR, "%s %s", screen_catalog_prompts[f],
		    f == CAT_PRICE ? "a price like 35.00" : f == CAT_COST ?
		    "an amount like 12.00, or 0" : f == CAT_THC ?
		    "a percentage with one decimal, e.g. 22.0" :
		    f == CAT_REORDER ? (screen_catalog_p.weighed ?
		    "grams, e.g. 450.5" : "whole units") : f == CAT_ACTIVE ?
		    "yes or no" : "it cannot be empty");
		ui_screen_beep();
		return;
	}
	snprintf(screen_catalog_val[f], UI_INPUT_MAX, "%s", text);
	ui_status_clear();
	if (f + 1 < CAT_NFIELDS)
		screen_catalog_ask(f + 1);
	else
		screen_catalog_send();
}

static void
screen_catalog_enter(__unused void *arg)
{
	memset(&screen_catalog_p, 0, sizeof screen_catalog_p);
	memset(screen_catalog_val, 0, sizeof screen_catalog_val);
	screen_catalog_busy = 0;
	screen_catalog_done[0] = '\0';
	screen_catalog_ask(CAT_PRODUCT);
	ui_status_set(UI_INFO, "Products: type a SKU or a name, then Enter");
}

static void
screen_catalog_leave(void)
{
	ui_input_clear(&screen_catalog_in);
}

static void
screen_catalog_key(int key, __unused int64_t when)
{
	char	text[UI_INPUT_MAX];

	if (screen_common_key(key))
		return;
	if (screen_catalog_busy)
		return;
	if (key == UI_KEY_ESCAPE) {
		if (screen_catalog_field > CAT_NAME)
			screen_catalog_ask(screen_catalog_field - 1);
		else if (screen_catalog_field == CAT_NAME)
			screen_catalog_ask(CAT_PRODUCT);
		else
			screen_go("inventory", NULL);
		return;
	}
	if (key == UI_KEY_ENTER) {
		snprintf(text, sizeof text, "%s",
		    ui_input_text(&screen_catalog_in));
		screen_catalog_next(text);
		return;
	}
	if (ui_input_key(&screen_catalog_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_catalog_draw(const struct ui_rect *r)
{
	const struct client_op_product_full	*p = &screen_catalog_p;
	int					 y = r->y + 1, x = r->x + 2;
	int					 w = r->w - 4, i;

	ui_draw_str(y++, x, w, UI_TOTAL, "Products: edit the catalogue");
	if (p->id != 0) {
		ui_draw_text(y, x, w, UI_NORMAL, "#%lld %s  %s  sold %s  "
		    "price %s", (long long)p->id, p->sku, p->weighed ?
		    "per gram" : "each", p->active ? "yes" : "NO",
		    screen_catalog_val[CAT_PRICE]);
	}
	y += 2;
	for (i = 0; i < CAT_NFIELDS; i++) {
		if (i == screen_catalog_field) {
			ui_input_draw(&screen_catalog_in, y++, x, w,
			    screen_catalog_prompts[i], 1);
			continue;
		}
		if (i != CAT_PRODUCT && p->id == 0)
			continue;
		ui_draw_text(y++, x, w, i == CAT_PRODUCT ? UI_DIM : UI_NORMAL,
		    "%-26s %s", screen_catalog_prompts[i],
		    i == CAT_PRODUCT ? p->sku : screen_catalog_val[i]);
	}
	if (screen_catalog_done[0] != '\0')
		ui_draw_str(y + 1, x, w, UI_OK, screen_catalog_done);
	ui_fkeys_draw(ui_screen_rows() - 1, screen_catalog_keys,
	    nitems(screen_catalog_keys));
}
