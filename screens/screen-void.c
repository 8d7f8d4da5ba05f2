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
 * Void a sale: the reason, then a manager's staff ID and PIN typed on this
 * terminal (the approval), sent as one sale.void. The PIN is wiped as soon
 * as it is sent. The server's refusal (approval, permission, conflict,
 * locked) is shown as it comes, and the PIN asked for again.
 *
 * It says what goes back to the customer: the cash the sale kept
 * (tendered less change), out of the drawer that took it, and what goes
 * back to the card on the card terminal.
 */

#define VOID_REASON_MAX	120

enum screen_void_field {
	VOID_REASON,
	VOID_STAFF,
	VOID_PIN,
};

static void	screen_void_enter(void *);
static void	screen_void_leave(void);
static void	screen_void_key(int, int64_t);
static void	screen_void_draw(const struct ui_rect *);

const struct screen_entry screen_void_entry = {
	.name = "void",
	.enter = screen_void_enter,
	.leave = screen_void_leave,
	.key = screen_void_key,
	.draw = screen_void_draw,
};

static const struct ui_fkey screen_void_keys[] = {
	{ "Enter", "Next/Void" },
	{ "Tab", "Field" },
	{ "Esc", "Cancel" },
};
static const struct ui_fkey screen_void_done_keys[] = {
	{ "Any key", "Back to sales" },
};

static int64_t			 screen_void_id;
static struct client_op_sale	 screen_void_sale;	/* raw: loaded */
static struct ui_input		 screen_void_reason;
static struct ui_input		 screen_void_staff;
static struct ui_input		 screen_void_pin;
static enum screen_void_field	 screen_void_focus;
static int			 screen_void_busy;
static int			 screen_void_done;

/*
 * What goes back to the customer, into out: "Give back 40.25 in cash
 * (drawer #3) and 35.00 to the card", or "" while the sale is not loaded.
 */
static void
screen_void_back(char *out, size_t len)
{
	const struct client_op_sale	*s = &screen_void_sale;
	int64_t				 cash = s->tendered - s->change;
	char				 a[32], b[32], d[32] = "";

	*out = '\0';
	if (s->raw == NULL)
		return;
	money_fmt(cash, a, sizeof a);
	money_fmt(s->card, b, sizeof b);
	if (s->drawer != 0)
		snprintf(d, sizeof d, " (drawer #%lld)", (long long)s->drawer);
	if (cash > 0 && s->card > 0)
		snprintf(out, len, "Give back %s in cash%s and %s to the card",
		    a, d, b);
	else if (cash > 0)
		snprintf(out, len, "Give back %s in cash%s", a, d);
	else if (s->card > 0)
		snprintf(out, len, "No cash back: %s goes back to the card", b);
	else
		strlcpy(out, "Nothing was paid: no money goes back", len);
}

static void
screen_void_got(const struct client_op_error *err, struct client_op_sale *sale,
    __unused void *arg)
{
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	if (sale != NULL)
		client_op_sale_move(&screen_void_sale, sale);
}

static void
screen_void_enter(void *arg)
{
	screen_void_id = (int64_t)(intptr_t)arg;
	memset(&screen_void_sale, 0, sizeof screen_void_sale);
	ui_input_init(&screen_void_reason, VOID_REASON_MAX, 0);
	ui_input_init(&screen_void_staff, 9, UI_INPUT_DIGITS);
	ui_input_init(&screen_void_pin, 32, UI_INPUT_MASKED);
	screen_void_focus = VOID_REASON;
	screen_void_busy = 0;
	screen_void_done = 0;
	client_op_sale_get(screen_void_id, screen_void_got,
	    (void *)&screen_void_entry);
}

static void
screen_void_leave(void)
{
	ui_input_clear(&screen_void_reason);
	ui_input_clear(&screen_void_staff);
	ui_input_clear(&screen_void_pin);
	client_op_sale_free(&screen_void_sale);
}

static void
screen_void_done_cb(const struct client_op_error *err,
    struct client_op_sale *sale, __unused void *arg)
{
	const char	*code = err->code, *message = err->message;
	char		 back[96];

	screen_void_busy = 0;
	ui_screen_dirty();
	if (code != NULL) {
		screen_request_error(code, message);
		if (strcmp(code, "conflict") == 0 ||
		    strcmp(code, "not-found") == 0)
			screen_void_done = 1;	/* nothing more to do here */
		else if (strcmp(code, "locked") == 0)
			screen_void_focus = VOID_STAFF;
		else if (strcmp(code, "approval") == 0)
			screen_void_focus = VOID_PIN;
		return;
	}
	if (sale != NULL)
		client_op_sale_move(&screen_void_sale, sale);
	screen_void_done = 1;
	log_info("sale %lld voided", (long long)screen_void_id);
	screen_void_back(back, sizeof back);
	ui_status_set(UI_OK, "Sale #%lld is void. %s", (long long)
	    screen_void_id, back);
}

static void
screen_void_submit(void)
{
	const char	*errstr;
	int64_t		 staff;
	if (ui_input_empty(&screen_void_reason)) {
		ui_status_set(UI_ERROR, "Type why the sale is voided");
		screen_void_focus = VOID_REASON;
		return;
	}
	staff = util_strtonum(ui_input_text(&screen_void_staff), 1, INT32_MAX,
	    &errstr);
	if (errstr != NULL) {
		ui_status_set(UI_ERROR, "Type the approving manager's staff "
		    "ID");
		screen_void_focus = VOID_STAFF;
		return;
	}
	if (ui_input_empty(&screen_void_pin)) {
		ui_status_set(UI_ERROR, "The manager types their PIN");
		screen_void_focus = VOID_PIN;
		return;
	}
	client_op_sale_void(screen_void_id, ui_input_text(&screen_void_reason),
	    (uint32_t)staff, ui_input_text(&screen_void_pin),
	    screen_void_done_cb, (void *)&screen_void_entry);
	ui_input_clear(&screen_void_pin);
	screen_void_busy = 1;
	ui_status_set(UI_INFO, "Voiding sale #%lld...",
	    (long long)screen_void_id);
}

static void
screen_void_key(int key, __unused int64_t when)
{
	struct ui_input	*in;

	if (screen_void_done) {
		if (!screen_common_key(key))
			screen_go("sales", (void *)(intptr_t)screen_void_id);
		return;
	}
	if (screen_void_busy)
		return;
	if (screen_common_key(key))
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
		screen_go("sales", (void *)(intptr_t)screen_void_id);
		ui_status_set(UI_INFO, "Void cancelled");
		return;
	case UI_KEY_TAB:
	case UI_KEY_DOWN:
		screen_void_focus = (screen_void_focus + 1) % 3;
		return;
	case UI_KEY_BTAB:
	case UI_KEY_UP:
		screen_void_focus = (screen_void_focus + 2) % 3;
		return;
	case UI_KEY_ENTER:
		if (screen_void_focus == VOID_PIN)
			screen_void_submit();
		else
			screen_void_focus++;
		return;
	}
	switch (screen_void_focus) {
	case VOID_REASON:
		in = &screen_void_reason;
		break;
	case VOID_STAFF:
		in = &screen_void_staff;
		break;
	default:
		in = &screen_void_pin;
		break;
	}
	if (ui_input_key(in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_void_draw(const struct ui_rect *r)
{
	struct ui_rect	 box;
	char		 when[32], total[32], back[96], *s, *title;
	const char	*status;
	int		 y, focus;

	box.w = 64;
	box.h = 15;
	box.x = r->x + (r->w - box.w) / 2;
	box.y = r->y + (r->h - box.h) / 2;
	xasprintf(&title, "Void sale #%lld", (long long)screen_void_id);
	ui_draw_box(&box, screen_void_done ? UI_BOX : UI_WARN, title);
	free(title);
	y = box.y + 2;

	if (screen_void_sale.raw != NULL) {
		client_session_time_str(screen_void_sale.time, when,
		    sizeof when);
		money_fmt(screen_void_sale.total, total, sizeof total);
		status = screen_void_sale.status;
		xasprintf(&s, "%s, %u line%s, total %s (%s)", when,
		    screen_void_sale.nlines, screen_void_sale.nlines == 1 ?
		    "" : "s", total, status != NULL ? status : "?");
		ui_draw_centre(y, box.x + 1, box.w - 2, UI_NORMAL, s);
		free(s);
	}
	y++;
	screen_void_back(back, sizeof back);
	ui_draw_centre(y, box.x + 1, box.w - 2, UI_TOTAL, back);
	y++;

	if (screen_void_done) {
		status = screen_void_sale.status;
		if (status != NULL && strcmp(status, "void") == 0) {
			ui_draw_centre(y + 1, box.x + 1, box.w - 2, UI_VOID,
			    "*** VOID ***");
			ui_draw_centre(y + 3, box.x + 1, box.w - 2, UI_NORMAL,
			    "The stock of every line is back on hand.");
		}
		ui_draw_centre(box.y + box.h - 2, box.x + 1, box.w - 2, UI_DIM,
		    "Press any key to go back to the sales");
		ui_fkeys_draw(ui_screen_rows() - 1, screen_void_done_keys, 1);
		return;
	}

	focus = !screen_void_busy;
	ui_input_draw(&screen_void_reason, y, box.x + 3, box.w - 6,
	    "Reason:     ", focus && screen_void_focus == VOID_REASON);
	y += 2;
	ui_draw_str(y++, box.x + 3, box.w - 6, UI_DIM,
	    "A manager approves the void on this terminal:");
	y++;
	ui_input_draw(&screen_void_staff, y, box.x + 3, 30, "Manager ID: ",
	    focus && screen_void_focus == VOID_STAFF);
	y += 2;
	ui_input_draw(&screen_void_pin, y, box.x + 3, 30, "Manager PIN:",
	    focus && screen_void_focus == VOID_PIN);

	ui_fkeys_draw(ui_screen_rows() - 1, screen_void_keys,
	    sizeof screen_void_keys / sizeof screen_void_keys[0]);
}
