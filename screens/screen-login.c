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

#include "client-op.h"

/*
 * Login: staff ID and PIN. The PIN is masked, sent once and wiped; stash
 * never keeps it (a lost session means logging in again, with the cart
 * kept). The server's refusal (bad-login, locked until ...) is shown as it
 * comes. A one-time PIN (a new staff member's, or one an admin reset) is
 * refused with pin-change: the screen then asks for a new PIN twice and
 * logs in with both, keeping the one-time PIN masked until then.
 */

static void	screen_login_enter(void *);
static void	screen_login_leave(void);
static void	screen_login_key(int, int64_t);
static void	screen_login_draw(const struct ui_rect *);

const struct screen_entry screen_login_entry = {
	.name = "login",
	.enter = screen_login_enter,
	.leave = screen_login_leave,
	.key = screen_login_key,
	.draw = screen_login_draw,
};

static const struct ui_fkey screen_login_keys[] = {
	{ "Enter", "Next/Log in" },
	{ "Tab", "Field" },
	{ "F10", "Quit" },
};

static struct ui_input	screen_login_id;
static struct ui_input	screen_login_pin;
static struct ui_input	screen_login_new;
static struct ui_input	screen_login_again;
static int		screen_login_focus;	/* ID, PIN, new, again */
static int		screen_login_change;	/* choosing a new PIN */
static int		screen_login_busy;
static int		screen_login_quit;	/* F10 once with a cart */

static void
screen_login_enter(__unused void *arg)
{
	ui_input_init(&screen_login_id, 9, UI_INPUT_DIGITS);
	ui_input_init(&screen_login_pin, 32, UI_INPUT_MASKED);
	ui_input_init(&screen_login_new, 12, UI_INPUT_MASKED|UI_INPUT_DIGITS);
	ui_input_init(&screen_login_again, 12,
	    UI_INPUT_MASKED|UI_INPUT_DIGITS);
	screen_login_change = 0;
	screen_login_focus = 0;
	screen_login_busy = 0;
	screen_login_quit = 0;
}

/* Forget the PINs typed; back to the staff ID and PIN. */
static void
screen_login_forget(void)
{
	ui_input_clear(&screen_login_pin);
	ui_input_clear(&screen_login_new);
	ui_input_clear(&screen_login_again);
	screen_login_change = 0;
}

static void
screen_login_leave(void)
{
	ui_input_clear(&screen_login_id);
	screen_login_forget();
}

static void
screen_login_done(const struct client_op_error *err, __unused void *arg)
{
	const char	*code = err->code;

	screen_login_busy = 0;
	ui_screen_dirty();
	/* A driver's refused PIN is not kept to log in again with. */
	if (code != NULL && client_mode.driver)
		client_driver_credentials(0, "");
	if (code != NULL && strcmp(code, "bad-reply") == 0) {
		ui_status_set(UI_ERROR, "%s", err->message);
		return;
	}
	if (code != NULL && strcmp(code, "pin-change") == 0) {
		/* The one-time PIN was right: keep it for the next try. */
		ui_input_clear(&screen_login_new);
		ui_input_clear(&screen_login_again);
		screen_login_change = 1;
		screen_login_focus = 2;
		ui_status_set(UI_WARN, "That PIN was a one-time one: choose "
		    "your own PIN (4 to 12 digits), twice");
		return;
	}
	screen_login_forget();
	if (code != NULL) {
		screen_request_error(code, err->message);
		screen_login_focus = strcmp(code, "bad-login") == 0 ? 1 : 0;
		if (strcmp(code, "locked") == 0) {
			ui_input_clear(&screen_login_id);
			screen_login_focus = 0;
		}
		return;
	}
	log_info("staff %lld logged in", (long long)client_session.staff_id);
	if (client_mode.driver) {
		screen_go("driver", NULL);
		client_driver_connected();
		ui_status_set(UI_OK, "Welcome, %s", client_session.staff_name);
		return;
	}
	if (client_mode.door) {
		screen_go("door", NULL);
		ui_status_set(UI_OK, "Welcome, %s: scan an ID",
		    client_session.staff_name);
		return;
	}
	if (client_mode.intake) {
		screen_go("intake", NULL);
		ui_status_set(UI_OK, "Welcome, %s: open a manifest",
		    client_session.staff_name);
		return;
	}
	screen_go("register", NULL);
	if (client_cart.n != 0) {
		ui_status_set(UI_OK, "Welcome back, %s: the cart is as you "
		    "left it", client_session.staff_name);
	} else
		ui_status_set(UI_OK, "Welcome, %s", client_session.staff_name);
}

static void
screen_login_submit(void)
{
	const char	*errstr;
	char		*cause;
	int64_t		 id;

	id = util_strtonum(ui_input_text(&screen_login_id), 1, INT32_MAX,
	    &errstr);
	if (errstr != NULL) {
		ui_status_set(UI_ERROR, "Type your staff ID (a number)");
		screen_login_focus = 0;
		return;
	}
	if (ui_input_empty(&screen_login_pin)) {
		ui_status_set(UI_ERROR, "Type your PIN");
		screen_login_focus = 1;
		return;
	}
	if (client_mode.driver && client_state() != CLIENT_READY) {
		if (client_driver_offline_login(id,
		    ui_input_text(&screen_login_pin), &cause) != 0) {
			ui_input_clear(&screen_login_pin);
			ui_status_set(UI_ERROR, "%s", cause);
			free(cause);
			return;
		}
		ui_input_clear(&screen_login_pin);
		screen_go("driver", NULL);
		ui_status_set(UI_WARN, "OFFLINE: working from this handheld's "
		    "journal; it syncs when the store is back");
		return;
	}
	if (client_mode.driver)
		client_driver_credentials(id, ui_input_text(&screen_login_pin));
	if (screen_login_change) {
		if (ui_input_empty(&screen_login_new) ||
		    strcmp(ui_input_text(&screen_login_new),
		    ui_input_text(&screen_login_again)) != 0) {
			ui_status_set(UI_ERROR, "The two new PINs differ: type "
			    "it again, twice");
			ui_input_clear(&screen_login_new);
			ui_input_clear(&screen_login_again);
			screen_login_focus = 2;
			return;
		}
		client_op_session_login(id, ui_input_text(&screen_login_pin),
		    ui_input_text(&screen_login_new), screen_login_done,
		    (void *)&screen_login_entry);
	} else
		client_op_session_login(id, ui_input_text(&screen_login_pin),
		    NULL, screen_login_done, (void *)&screen_login_entry);
	screen_login_busy = 1;
	ui_status_set(UI_INFO, "Checking...");
}

static void
screen_login_key(int key, __unused int64_t when)
{
	struct ui_input	*in;

	if (screen_login_busy)
		return;
	if (key == UI_KEY_F(10)) {
		if (client_cart.n != 0 && !screen_login_quit) {
			screen_login_quit = 1;
			if (client_cart_locked()) {
				ui_status_set(UI_WARN, "The last sale is not "
				    "confirmed yet: F10 again quits anyway");
			} else {
				ui_status_set(UI_WARN, "The cart has %u lines "
				    "not sold: F10 again quits anyway",
				    client_cart.n);
			}
			return;
		}
		client_exit(0, NULL);
		return;
	}
	screen_login_quit = 0;
	switch (key) {
	case UI_KEY_TAB:
	case UI_KEY_BTAB:
	case UI_KEY_UP:
	case UI_KEY_DOWN:
		if (screen_login_change)
			screen_login_focus = screen_login_focus == 2 ? 3 : 2;
		else
			screen_login_focus = !screen_login_focus;
		return;
	case UI_KEY_ESCAPE:
		ui_input_clear(&screen_login_id);
		screen_login_forget();
		screen_login_focus = 0;
		return;
	case UI_KEY_ENTER:
		if (screen_login_focus == 2) {
			screen_login_focus = 3;
			return;
		}
		if (screen_login_focus == 0) {
			if (ui_input_empty(&screen_login_id))
				ui_status_set(UI_ERROR, "Type your staff ID");
			else
				screen_login_focus = 1;
			return;
		}
		screen_login_submit();
		return;
	}
	switch (screen_login_focus) {
	case 0:
		in = &screen_login_id;
		break;
	case 1:
		in = &screen_login_pin;
		break;
	case 2:
		in = &screen_login_new;
		break;
	default:
		in = &screen_login_again;
		break;
	}
	if (ui_input_key(in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_login_draw(const struct ui_rect *r)
{
	struct ui_rect	 box;
	char		 total[32], *s;
	int		 w = 56, h = 12, y;
	int64_t		 t;

	box.w = w;
	box.h = h;
	box.x = r->x + (r->w - w) / 2;
	box.y = r->y + (r->h - h) / 2;
	if (box.y < r->y)
		box.y = r->y;
	ui_draw_box(&box, UI_BOX, "Log in");
	y = box.y + 2;
	ui_draw_centre(y++, box.x + 1, w - 2, UI_TOTAL,
	    *client_session.store_name != '\0' ? client_session.store_name :
	    "stash");
	xasprintf(&s, "Terminal %s", client_session.terminal);
	ui_draw_centre(y++, box.x + 1, w - 2, UI_DIM, s);
	free(s);
	y++;
	ui_input_draw(&screen_login_id, y++, box.x + 6, 30, "Staff ID:",
	    screen_login_focus == 0 && !screen_login_busy);
	y++;
	if (screen_login_change) {
		ui_input_draw(&screen_login_new, y++, box.x + 6, 30,
		    "New PIN: ", screen_login_focus == 2 &&
		    !screen_login_busy);
		ui_input_draw(&screen_login_again, y++, box.x + 6, 30,
		    "Again:   ", screen_login_focus == 3 &&
		    !screen_login_busy);
	} else {
		ui_input_draw(&screen_login_pin, y++, box.x + 6, 30,
		    "PIN:     ", screen_login_focus == 1 &&
		    !screen_login_busy);
		y++;
	}
	if (client_cart.n != 0) {
		if (client_cart_total(&t) != 0)
			t = 0;
		xasprintf(&s, "A cart of %u line%s (%s) is kept for you",
		    client_cart.n, client_cart.n == 1 ? "" : "s",
		    money_fmt(t, total, sizeof total));
		ui_draw_centre(y, box.x + 1, w - 2, UI_WARN, s);
		free(s);
	}
	if (ui_key_esc_fkeys())
		ui_draw_centre(box.y + h - 2, box.x + 1, w - 2, UI_DIM,
		    "No F-keys? Esc then a digit: Esc 2 = F2, Esc 0 = F10");
	ui_fkeys_draw(ui_screen_rows() - 1, screen_login_keys,
	    sizeof screen_login_keys / sizeof screen_login_keys[0]);
}
