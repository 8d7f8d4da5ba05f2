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

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "client-op.h"

/*
 * One sale in detail (sale.get), as its receipt; F7 voids it, F8 takes
 * goods back from it (a return).
 */

#define DETAIL_RECEIPT_W	40

static void	screen_detail_enter(void *);
static void	screen_detail_leave(void);
static void	screen_detail_key(int, int64_t);
static void	screen_detail_draw(const struct ui_rect *);

const struct screen_entry screen_detail_entry = {
	.name = "detail",
	.enter = screen_detail_enter,
	.leave = screen_detail_leave,
	.key = screen_detail_key,
	.draw = screen_detail_draw,
};

static const struct ui_fkey screen_detail_keys[] = {
	{ "Up/Down", "Scroll" },
	{ "F7", "Void" },
	{ "F8", "Return" },
	{ "Esc", "Sales" },
	{ "F10", "Logout" },
};

static int64_t			 screen_detail_id;
static struct client_op_sale	 screen_detail_sale;	/* raw: loaded */
static struct client_receipt	 screen_detail_receipt;
static struct ui_list		 screen_detail_list;

static void
screen_detail_line(__unused void *arg, u_int idx, char *out, size_t len,
    __unused enum ui_colour *c)
{
	if (idx < screen_detail_receipt.n)
		snprintf(out, len, "%s", screen_detail_receipt.lines[idx]);
}

static void
screen_detail_done(const struct client_op_error *err,
    struct client_op_sale *sale, __unused void *arg)
{
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	if (sale == NULL) {
		ui_status_set(UI_ERROR, "stashd sent no sale");
		return;
	}
	client_op_sale_move(&screen_detail_sale, sale);
	client_receipt_build(&screen_detail_receipt, screen_detail_sale.raw,
	    DETAIL_RECEIPT_W - 4);
	ui_list_set_count(&screen_detail_list, screen_detail_receipt.n);
	/* Keep what the screen before said (a return cancelled). */
	if (strncmp(ui_status_text(), "Loading sale", 12) == 0)
		ui_status_clear();
}

static void
screen_detail_enter(void *arg)
{
	screen_detail_id = (int64_t)(intptr_t)arg;
	memset(&screen_detail_sale, 0, sizeof screen_detail_sale);
	memset(&screen_detail_receipt, 0, sizeof screen_detail_receipt);
	ui_list_init(&screen_detail_list, screen_detail_line, NULL);
	screen_detail_list.noselect = 1;
	ui_status_set(UI_INFO, "Loading sale #%lld...",
	    (long long)screen_detail_id);
	client_op_sale_get(screen_detail_id, screen_detail_done,
	    (void *)&screen_detail_entry);
}

static void
screen_detail_leave(void)
{
	client_receipt_free(&screen_detail_receipt);
	client_op_sale_free(&screen_detail_sale);
}

/* F8: a return, from a complete sale with something left to return. */
static void
screen_detail_return(void)
{
	const char	*status;
	u_int		 i;
	int64_t		 left = 0;

	if (screen_detail_sale.raw == NULL) {
		ui_status_set(UI_ERROR, "Sale #%lld is not loaded yet: wait "
		    "for its receipt", (long long)screen_detail_id);
		return;
	}
	status = screen_detail_sale.status;
	if (status != NULL && strcmp(status, "void") == 0) {
		ui_status_set(UI_ERROR, "Sale #%lld is void: its stock is "
		    "already back, nothing can be returned",
		    (long long)screen_detail_id);
		return;
	}
	if (status == NULL || strcmp(status, "complete") != 0) {
		ui_status_set(UI_ERROR, "Sale #%lld is not complete: nothing "
		    "can be returned", (long long)screen_detail_id);
		return;
	}
	for (i = 0; i < screen_detail_sale.nlines; i++) {
		left += screen_detail_sale.lines[i].qty -
		    screen_detail_sale.lines[i].returned;
	}
	if (left <= 0) {
		ui_status_set(UI_ERROR, "Everything sold on sale #%lld was "
		    "returned already", (long long)screen_detail_id);
		return;
	}
	screen_go("return", (void *)(intptr_t)screen_detail_id);
}

static void
screen_detail_key(int key, __unused int64_t when)
{
	const char	*status;

	if (ui_list_key(&screen_detail_list, key))
		return;
	if (screen_common_key(key))
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
	case UI_KEY_ENTER:
		screen_go("sales", (void *)(intptr_t)screen_detail_id);
		break;
	case UI_KEY_F(6):
		screen_go("register", NULL);
		break;
	case UI_KEY_F(7):
		status = screen_detail_sale.status;
		if (status != NULL && strcmp(status, "void") == 0) {
			ui_status_set(UI_ERROR, "Sale #%lld is already void",
			    (long long)screen_detail_id);
			break;
		}
		screen_go("void", (void *)(intptr_t)screen_detail_id);
		break;
	case UI_KEY_F(8):
		screen_detail_return();
		break;
	}
}

static void
screen_detail_draw(const struct ui_rect *r)
{
	struct ui_rect	 box, in;
	char		*title;

	box.w = DETAIL_RECEIPT_W;
	box.h = r->h;
	box.x = r->x + (r->w - box.w) / 2;
	box.y = r->y;
	xasprintf(&title, "Sale #%lld", (long long)screen_detail_id);
	ui_draw_box(&box, UI_BOX, title);
	free(title);
	in.x = box.x + 2;
	in.y = box.y + 1;
	in.w = box.w - 3;
	in.h = box.h - 2;
	ui_list_draw(&screen_detail_list, &in);

	ui_fkeys_draw(ui_screen_rows() - 1, screen_detail_keys,
	    sizeof screen_detail_keys / sizeof screen_detail_keys[0]);
}
