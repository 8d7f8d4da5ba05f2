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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "client-op.h"

/*
 * An inspector's questions (Ctrl-N on the stock screen), answered while
 * the inspector waits: F2 a day's trips and their manifests (the date
 * typed, Enter for today), F3 a trip's stops with their times and GPS
 * points (the trip's number), F4 a customer's deliveries (the customer's
 * number, or the start of their last name, a phone, ID or card number as
 * the register finds them, then a pick when more than one matches). The
 * answer is a list to scroll, as stashctl prints it; F8 prints it on the
 * receipt printer, F5 asks again.
 */

static void	screen_inspect_enter(void *);
static void	screen_inspect_leave(void);
static void	screen_inspect_key(int, int64_t);
static void	screen_inspect_notify(const struct client_op_event *);
static void	screen_inspect_draw(const struct ui_rect *);

const struct screen_entry screen_inspect_entry = {
	.name = "inspect",
	.enter = screen_inspect_enter,
	.leave = screen_inspect_leave,
	.key = screen_inspect_key,
	.notify = screen_inspect_notify,
	.draw = screen_inspect_draw,
};

#define INSPECT_ME	((void *)&screen_inspect_entry)
#define nitems(a) (sizeof (a) / sizeof (a)[0])

enum screen_inspect_q {
	INSPECT_DAY,
	INSPECT_STOPS,
	INSPECT_CUSTOMER,
};

enum screen_inspect_mode {
	INSPECT_SHOW,		/* the answer, or nothing asked yet */
	INSPECT_ASK,		/* typing the date, trip or customer */
	INSPECT_PICK,		/* customers found by name */
};

static const char *screen_inspect_prompts[] = {
	"Date (YYYY-MM-DD, Enter for today):",
	"Trip number:",
	"Customer (number, or last name, phone, ID or card):",
};

static const struct ui_fkey screen_inspect_keys[] = {
	{ "F2", "Day" },
	{ "F3", "Trip" },
	{ "F4", "Customer" },
	{ "F5", "Again" },
	{ "F8", "Print" },
	{ "Esc", "Stock" },
	{ "F10", "Logout" },
};

static const struct ui_fkey screen_inspect_ask_keys[] = {
	{ "Enter", "Ask" },
	{ "Esc", "Cancel" },
};

static const struct ui_fkey screen_inspect_pick_keys[] = {
	{ "Enter", "Choose" },
	{ "Esc", "Cancel" },
};

static struct {
	enum screen_inspect_mode	 mode;
	enum screen_inspect_q		 q;
	int				 asked;	/* a question went out */
	enum screen_inspect_q		 aq;	/* ... this one */
	char				 arg[16];	/* ... about this */
	int				 busy;
	struct client_op_inspect	 ans;
	struct ui_list			 list;
	struct ui_input			 in;
	struct client_op_customer_list	 found;
	struct ui_list			 pick;
} I;

static void
screen_inspect_line(__unused void *arg, u_int idx, char *out, size_t len,
    __unused enum ui_colour *c)
{
	if (idx < I.ans.nlines)
		snprintf(out, len, " %s", I.ans.lines[idx]);
}

static void
screen_inspect_pick_line(__unused void *arg, u_int idx, char *out,
    size_t len, __unused enum ui_colour *c)
{
	const struct client_op_customer	*cu;
	char				 name[96];

	if (idx >= I.found.n)
		return;
	cu = &I.found.list[idx];
	snprintf(out, len, " %6lld  %-32s  born %s  %s", (long long)cu->id,
	    client_op_customer_name(cu, name, sizeof name), cu->dob != NULL ?
	    cu->dob : "-", cu->type != NULL ? cu->type : "");
}

static void
screen_inspect_done(const struct client_op_error *err,
    struct client_op_inspect *ans, __unused void *arg)
{
	I.busy = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	client_op_inspect_free(&I.ans);
	I.ans = *ans;		/* kept: the reply's strings with it */
	memset(ans, 0, sizeof *ans);
	ui_list_init(&I.list, screen_inspect_line, NULL);
	I.list.noselect = 1;
	ui_list_set_count(&I.list, I.ans.nlines);
	ui_status_set(UI_INFO, "%s: %u found, %u line%s (F8 prints)",
	    I.ans.title, I.ans.n, I.ans.nlines, I.ans.nlines == 1 ? "" : "s");
}

/*
 * Ask stashd the question I.aq about I.arg, its lines as wide as the list
 * shows (less its margin and scroll mark), 40 to 200 columns.
 */
static void
screen_inspect_ask(void)
{
	int	w = ui_screen_cols() - 2;
	u_int	width;

	width = w < 40 ? 40 : w > 200 ? 200 : (u_int)w;

	I.busy = 1;
	I.asked = 1;
	ui_status_set(UI_INFO, "Asking...");
	switch (I.aq) {
	case INSPECT_DAY:
		client_op_inspect_day(I.arg, width, screen_inspect_done,
		    INSPECT_ME);
		break;
	case INSPECT_STOPS:
		client_op_inspect_stops(strtoll(I.arg, NULL, 10), width,
		    screen_inspect_done, INSPECT_ME);
		break;
	case INSPECT_CUSTOMER:
		client_op_inspect_customer(strtoll(I.arg, NULL, 10), width,
		    screen_inspect_done, INSPECT_ME);
		break;
	}
}

static void
screen_inspect_ask_for(enum screen_inspect_q q, const char *arg)
{
	I.mode = INSPECT_SHOW;
	I.aq = q;
	strlcpy(I.arg, arg, sizeof I.arg);
	screen_inspect_ask();
}

static void
screen_inspect_found(const struct client_op_error *err,
    struct client_op_customer_list *l, __unused void *arg)
{
	char	id[16];

	ui_screen_dirty();
	I.busy = 0;
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	if (l->n == 0) {
		ui_status_set(UI_WARN, "No customer matches: try the last "
		    "name, phone, ID or card number");
		ui_screen_beep();
		return;
	}
	if (l->n == 1) {
		snprintf(id, sizeof id, "%lld", (long long)l->list[0].id);
		screen_inspect_ask_for(INSPECT_CUSTOMER, id);
		return;
	}
	client_op_customer_list_free(&I.found);
	I.found = *l;		/* kept: the reply's strings with it */
	memset(l, 0, sizeof *l);
	ui_list_init(&I.pick, screen_inspect_pick_line, NULL);
	ui_list_set_count(&I.pick, I.found.n);
	I.mode = INSPECT_PICK;
	ui_status_set(UI_INFO, "%u customers found: choose one and press "
	    "Enter", I.found.n);
}

/* Enter on the prompt: check what was typed and ask. */
static void
screen_inspect_submit(void)
{
	const char	*s = ui_input_text(&I.in), *errstr;
	char		 today[16];
	int		 d, digits;
	size_t		 i;

	while (*s == ' ')
		s++;
	for (i = 0, digits = *s != '\0'; s[i] != '\0'; i++)
		digits = digits && s[i] >= '0' && s[i] <= '9';
	switch (I.q) {
	case INSPECT_DAY:
		if (*s == '\0') {
			d = util_local_date(util_now(), client_session.store_tz);
			snprintf(today, sizeof today, "%04d-%02d-%02d",
			    d / 10000, (d / 100) % 100, d % 100);
			s = today;
		} else if (strlen(s) != 10 || (d = valid_date_parse(s)) <
		    19700101 || !valid_date_real(d)) {
			ui_status_set(UI_ERROR, "%.10s is not a date like "
			    "2026-12-07", s);
			ui_screen_beep();
			return;
		}
		screen_inspect_ask_for(I.q, s);
		return;
	case INSPECT_STOPS:
	case INSPECT_CUSTOMER:
		if (digits) {
			util_strtonum(s, 1, I.q == INSPECT_STOPS ? INT64_MAX :
			    UINT32_MAX, &errstr);
			if (errstr == NULL) {
				screen_inspect_ask_for(I.q, s);
				return;
			}
		}
		if (I.q == INSPECT_STOPS || *s == '\0') {
			ui_status_set(UI_ERROR, "Type a %s number",
			    I.q == INSPECT_STOPS ? "trip" : "customer's");
			ui_screen_beep();
			return;
		}
		I.busy = 1;
		ui_status_set(UI_INFO, "Looking for the customer...");
		client_op_customer_search(s, screen_inspect_found, INSPECT_ME);
		return;
	}
}

static void
screen_inspect_prompt(enum screen_inspect_q q)
{
	I.q = q;
	I.mode = INSPECT_ASK;
	ui_input_init(&I.in, q == INSPECT_DAY ? 10 : 64, 0);
	ui_status_clear();
}

static void
screen_inspect_print(void)
{
	char	*cause = NULL;

	if (I.ans.raw == NULL) {
		ui_status_set(UI_ERROR, "Nothing to print: ask a question "
		    "first (F2, F3, F4)");
		return;
	}
	if (client_dev_report(I.ans.title, I.ans.lines, I.ans.nlines,
	    &cause) != 0) {
		ui_status_set(UI_ERROR, "Not printed: %s", cause);
		free(cause);
		ui_screen_beep();
		return;
	}
	ui_status_set(UI_OK, "%s sent to the printer", I.ans.title);
}

static void
screen_inspect_enter(__unused void *arg)
{
	memset(&I, 0, sizeof I);
	ui_list_init(&I.list, screen_inspect_line, NULL);
	I.list.noselect = 1;
	ui_status_set(UI_INFO, "Inspector: F2 a day's trips, F3 a trip's "
	    "stops, F4 a customer's deliveries");
}

static void
screen_inspect_leave(void)
{
	client_forget(INSPECT_ME);
	client_op_inspect_free(&I.ans);
	client_op_customer_list_free(&I.found);
}

static void
screen_inspect_key(int key, __unused int64_t when)
{
	if (I.mode == INSPECT_PICK) {
		if (ui_list_key(&I.pick, key))
			return;
		if (key == UI_KEY_ESCAPE) {
			I.mode = INSPECT_SHOW;
			ui_status_clear();
		} else if (key == UI_KEY_ENTER && I.pick.sel < I.found.n) {
			char	id[16];

			snprintf(id, sizeof id, "%lld",
			    (long long)I.found.list[I.pick.sel].id);
			screen_inspect_ask_for(INSPECT_CUSTOMER, id);
		}
		return;
	}
	if (I.mode == INSPECT_ASK) {
		if (key == UI_KEY_ESCAPE) {
			I.mode = INSPECT_SHOW;
			ui_status_clear();
			return;
		}
		if (I.busy)
			return;
		switch (ui_input_key(&I.in, key)) {
		case UI_INPUT_ENTER:
			screen_inspect_submit();
			break;
		case UI_INPUT_REFUSED:
			ui_screen_beep();
			break;
		default:
			break;
		}
		return;
	}
	if (ui_list_key(&I.list, key))
		return;
	if (screen_common_key(key))
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
		screen_go("inventory", NULL);
		return;
	case UI_KEY_F(2):
		screen_inspect_prompt(INSPECT_DAY);
		return;
	case UI_KEY_F(3):
		screen_inspect_prompt(INSPECT_STOPS);
		return;
	case UI_KEY_F(4):
		screen_inspect_prompt(INSPECT_CUSTOMER);
		return;
	case UI_KEY_F(5):
		if (I.asked && !I.busy)
			screen_inspect_ask();
		return;
	case UI_KEY_F(8):
		screen_inspect_print();
		return;
	}
}

static void
screen_inspect_notify(const struct client_op_event *ev)
{
	if (ev->type == CLIENT_OP_EVENT_CONNECTION && I.asked &&
	    I.ans.raw == NULL && !I.busy)
		screen_inspect_ask();
}

static void
screen_inspect_draw(const struct ui_rect *r)
{
	struct ui_rect	list;

	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y, r->x + 1, r->w - 2, UI_HEADER, I.ans.raw != NULL ?
	    I.ans.title : "AN INSPECTOR'S QUESTIONS");
	list.x = r->x;
	list.y = r->y + 1;
	list.w = r->w;
	list.h = r->h - 2;
	if (I.mode == INSPECT_PICK) {
		ui_list_draw(&I.pick, &list);
		ui_fkeys_draw(ui_screen_rows() - 1, screen_inspect_pick_keys,
		    nitems(screen_inspect_pick_keys));
		return;
	}
	if (I.ans.raw != NULL)
		ui_list_draw(&I.list, &list);
	else {
		ui_draw_str(r->y + 2, r->x + 1, r->w - 2, UI_DIM,
		    "F2  a day's trips and their manifests");
		ui_draw_str(r->y + 3, r->x + 1, r->w - 2, UI_DIM,
		    "F3  a trip's stops, with their times and GPS points");
		ui_draw_str(r->y + 4, r->x + 1, r->w - 2, UI_DIM,
		    "F4  a customer's deliveries");
	}
	if (I.mode == INSPECT_ASK) {
		ui_input_draw(&I.in, r->y + r->h - 1, r->x + 1, r->w - 2,
		    screen_inspect_prompts[I.q], 1);
		ui_fkeys_draw(ui_screen_rows() - 1, screen_inspect_ask_keys,
		    nitems(screen_inspect_ask_keys));
	} else
		ui_fkeys_draw(ui_screen_rows() - 1, screen_inspect_keys,
		    nitems(screen_inspect_keys));
}
