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

#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "client-op.h"

/*
 * The completed sale: the sale number, total, cash and the change due in big
 * digits on the left, the receipt preview on the right. Any key starts the
 * next sale (the cart is already empty); the arrows scroll the receipt.
 */

#define COMPLETE_RECEIPT_W	40	/* receipt columns (80 mm paper: 42) */

static void	screen_complete_enter(void *);
static void	screen_complete_leave(void);
static void	screen_complete_key(int, int64_t);
static void	screen_complete_draw(const struct ui_rect *);

const struct screen_entry screen_complete_entry = {
	.name = "complete",
	.enter = screen_complete_enter,
	.leave = screen_complete_leave,
	.key = screen_complete_key,
	.draw = screen_complete_draw,
};

static const struct ui_fkey screen_complete_keys[] = {
	{ "Any key", "Next sale" },
	{ "Up/Down", "Scroll receipt" },
	{ "F6", "Sales" },
	{ "F10", "Logout" },
};

static struct client_op_sale	 screen_complete_sale;	/* raw: set */
static struct client_receipt	 screen_complete_receipt;
static struct ui_list		 screen_complete_list;

static void
screen_complete_line(__unused void *arg, u_int idx, char *out, size_t len,
    __unused enum ui_colour *c)
{
	if (idx < screen_complete_receipt.n)
		snprintf(out, len, "%s", screen_complete_receipt.lines[idx]);
}

static void
screen_complete_enter(void *arg)
{
	const struct client_op_sale	*sale = arg;	/* the commit's */

	memset(&screen_complete_sale, 0, sizeof screen_complete_sale);
	memset(&screen_complete_receipt, 0, sizeof screen_complete_receipt);
	if (sale != NULL &&
	    client_op_sale_parse_sale(sale->raw, &screen_complete_sale) == 0) {
		client_receipt_build(&screen_complete_receipt,
		    screen_complete_sale.raw, COMPLETE_RECEIPT_W - 4);
		log_info("sale %lld complete",
		    (long long)screen_complete_sale.id);
	}
	ui_list_init(&screen_complete_list, screen_complete_line, NULL);
	screen_complete_list.noselect = 1;
	ui_list_set_count(&screen_complete_list, screen_complete_receipt.n);
}

static void
screen_complete_leave(void)
{
	client_receipt_free(&screen_complete_receipt);
	client_op_sale_free(&screen_complete_sale);
}

/*
 * Any key starts the next sale. A printable key is passed on to the
 * register: it may be the first character of the next customer's scan.
 */
static void
screen_complete_key(int key, int64_t when)
{
	if (ui_list_key(&screen_complete_list, key))
		return;
	if (screen_common_key(key))
		return;
	if (key == UI_KEY_F(6)) {
		screen_go("sales", NULL);
		return;
	}
	screen_go("register", NULL);
	ui_status_set(UI_INFO, "Ready for the next sale");
	if (UI_KEY_PRINTABLE(key))
		screen_register_entry.key(key, when);
}

static void
screen_complete_draw(const struct ui_rect *r)
{
	struct ui_rect	 box, in;
	char		 a[32], *s;
	int		 lw, x, y, bw;

	box.w = COMPLETE_RECEIPT_W;
	box.h = r->h;
	box.x = r->x + r->w - box.w;
	box.y = r->y;
	lw = box.x - r->x;

	x = r->x + 2;
	y = r->y + 1;
	if (screen_complete_sale.raw == NULL) {
		ui_draw_str(y, x, lw - 3, UI_OK, "Sale recorded");
		ui_draw_str(y + 2, x, lw - 3, UI_NORMAL,
		    "(stashd sent no details: see the sales list, F6)");
	} else {
		xasprintf(&s, "SALE #%lld COMPLETE", (long long)
		    screen_complete_sale.id);
		ui_draw_str(y, x, lw - 3, UI_OK, s);
		free(s);
		y += 2;
		ui_draw_str(y, x, 14, UI_NORMAL, "Lines");
		xasprintf(&s, "%u", screen_complete_sale.nlines);
		ui_draw_right(y, x + 14, 14, UI_NORMAL, s);
		free(s);
		y++;
		ui_draw_str(y, x, 14, UI_NORMAL, "Total");
		ui_draw_right(y, x + 14, 14, UI_TOTAL,
		    money_fmt(screen_complete_sale.total, a, sizeof a));
		y++;
		ui_draw_str(y, x, 14, UI_NORMAL, "Cash tendered");
		ui_draw_right(y, x + 14, 14, UI_NORMAL,
		    money_fmt(screen_complete_sale.tendered, a, sizeof a));
		y += 2;
		ui_draw_str(y, x, lw - 3, UI_BIG, "CHANGE DUE");
		ui_draw_right(y, x + 14, 14, UI_BIG,
		    money_fmt(screen_complete_sale.change, a, sizeof a));
		y++;
		bw = ui_draw_big_width(a);
		if (bw <= lw - 3)
			ui_draw_big(y, x, UI_BIG, a);
		y += 4;
		ui_draw_str(y, x, lw - 3, UI_DIM,
		    "Give the change and the receipt.");
		ui_draw_str(y + 1, x, lw - 3, UI_DIM,
		    "Press any key for the next sale.");
	}

	ui_draw_box(&box, UI_BOX, "Receipt");
	in.x = box.x + 2;
	in.y = box.y + 1;
	in.w = box.w - 3;
	in.h = box.h - 2;
	ui_list_draw(&screen_complete_list, &in);

	ui_fkeys_draw(ui_screen_rows() - 1, screen_complete_keys,
	    sizeof screen_complete_keys / sizeof screen_complete_keys[0]);
}
