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
#include <strings.h>

#include "client.h"

/*
 * Goods back from a complete sale: the quantity to return on each line
 * (units, or grams for a weighed line; at most what is left of it), the
 * reason, how the money goes back (cash from this register's drawer, or
 * to the card when a card paid) and a manager's staff ID and PIN typed on
 * this terminal (not asked when a manager is logged in), sent as one
 * sale.return. The PIN is wiped as soon as it is sent. The answer's refund
 * is shown with where the goods went (quarantine); a refusal is shown as
 * stashd words it and the field to fix gets the cursor.
 */

#define RETURN_REASON_MAX	128
#define RETURN_CARD_REF_MAX	32
#define RETURN_QTY_UNITS_MAX	6	/* digits of a count */
#define RETURN_QTY_WEIGHT_MAX	9	/* "28000.000" g */

enum screen_return_field {
	RETURN_LINES,
	RETURN_REASON,
	RETURN_METHOD,
	RETURN_CARD_REF,
	RETURN_STAFF,
	RETURN_PIN,
	RETURN_FIELDS
};

static void	screen_return_enter(void *);
static void	screen_return_leave(void);
static void	screen_return_key(int, int64_t);
static void	screen_return_event(json_t *);
static void	screen_return_draw(const struct ui_rect *);

const struct screen_entry screen_return_entry = {
	.name = "return",
	.enter = screen_return_enter,
	.leave = screen_return_leave,
	.key = screen_return_key,
	.event = screen_return_event,
	.draw = screen_return_draw,
};

static const struct ui_fkey screen_return_keys[] = {
	{ "Up/Down", "Line" },
	{ "Enter", "Next/Return" },
	{ "Tab", "Field" },
	{ "Esc", "Cancel" },
};
static const struct ui_fkey screen_return_method_keys[] = {
	{ "Space", "Cash/Card" },
	{ "Enter", "Next/Return" },
	{ "Tab", "Field" },
	{ "Esc", "Cancel" },
};
static const struct ui_fkey screen_return_load_keys[] = {
	{ "Esc", "Back to the sale" },
};
static const struct ui_fkey screen_return_done_keys[] = {
	{ "Any key", "Back to the sale" },
};

static int64_t			 screen_return_id;
static json_t			*screen_return_sale;
static json_t			*screen_return_result;	/* the return */
static struct ui_input		 screen_return_qty[MAX_SALE_LINES];
static u_int			 screen_return_n;	/* lines of the sale */
static u_int			 screen_return_sel;
static u_int			 screen_return_top;
static struct ui_input		 screen_return_reason;
static struct ui_input		 screen_return_card_ref;
static struct ui_input		 screen_return_staff;
static struct ui_input		 screen_return_pin;
static int			 screen_return_card;	/* refund to card */
static int			 screen_return_approver; /* ask for one */
static enum screen_return_field	 screen_return_focus;
static int			 screen_return_busy;
static int			 screen_return_loading;	/* sale.get out */
static int			 screen_return_done;	/* returned, or not */

static json_t *
screen_return_line(u_int idx)
{
	return (json_array_get(json_object_get(screen_return_sale, "lines"),
	    idx));
}

static int
screen_return_weighed(json_t *line)
{
	const char	*unit;

	unit = json_string_value(json_object_get(line, "unit"));
	return (unit != NULL && strcmp(unit, "weight") == 0);
}

static int64_t
screen_return_left(json_t *line)
{
	int64_t	left;

	left = json_integer_value(json_object_get(line, "qty")) -
	    json_integer_value(json_object_get(line, "returned"));
	return (left > 0 ? left : 0);
}

/* A line's quantity in units, or weighed, "3.500 g". */
static char *
screen_return_qty_str(json_t *line, int64_t qty, char *out, size_t len)
{
	if (screen_return_weighed(line))
		return (weight_fmt(qty, out, len));
	snprintf(out, len, "%lld", (long long)qty);
	return (out);
}

/* The sale's line of a tag. */
static json_t *
screen_return_find(const char *tag)
{
	json_t		*line;
	const char	*t;
	size_t		 i;

	if (tag == NULL)
		return (NULL);
	json_array_foreach(json_object_get(screen_return_sale, "lines"), i,
	    line) {
		t = json_string_value(json_object_get(line, "tag"));
		if (t != NULL && strcasecmp(t, tag) == 0)
			return (line);
	}
	return (NULL);
}

static int
screen_return_card_paid(void)
{
	json_t	*card;

	card = json_object_get(screen_return_sale, "card");
	return (json_integer_value(json_object_get(card, "amount")) > 0);
}

/* Is the field asked for, with this sale and this staff member? */
static int
screen_return_asked(enum screen_return_field f)
{
	switch (f) {
	case RETURN_METHOD:
		return (screen_return_card_paid());
	case RETURN_CARD_REF:
		return (screen_return_card_paid() && screen_return_card);
	case RETURN_STAFF:
	case RETURN_PIN:
		return (screen_return_approver);
	default:
		return (1);
	}
}

static enum screen_return_field
screen_return_last(void)
{
	enum screen_return_field	f = RETURN_FIELDS - 1;

	while (f > RETURN_LINES && !screen_return_asked(f))
		f--;
	return (f);
}

static void
screen_return_move(int dir)
{
	int	f = screen_return_focus;

	do
		f = (f + dir + RETURN_FIELDS) % RETURN_FIELDS;
	while (!screen_return_asked(f));
	screen_return_focus = f;
}

static void
screen_return_got(json_t *result, const char *code, const char *message,
    __unused void *arg)
{
	json_t		*sale, *line;
	const char	*status;
	size_t		 i;
	int64_t		 left = 0;

	screen_return_loading = 0;
	ui_screen_dirty();
	if (result == NULL) {
		screen_request_error(code, message);
		if (strcmp(code, "not-found") == 0)
			screen_return_done = 1;
		return;
	}
	sale = json_object_get(result, "sale");
	if (!json_is_object(sale)) {
		ui_status_set(UI_ERROR, "stashd sent no sale");
		return;
	}
	screen_return_sale = json_incref(sale);
	screen_return_n = json_array_size(json_object_get(sale, "lines"));
	if (screen_return_n > MAX_SALE_LINES)
		screen_return_n = MAX_SALE_LINES;
	json_array_foreach(json_object_get(sale, "lines"), i, line) {
		if (i >= screen_return_n)
			break;
		if (screen_return_weighed(line))
			ui_input_init(&screen_return_qty[i],
			    RETURN_QTY_WEIGHT_MAX, UI_INPUT_DECIMAL);
		else
			ui_input_init(&screen_return_qty[i],
			    RETURN_QTY_UNITS_MAX, UI_INPUT_DIGITS);
		left += screen_return_left(line);
	}
	status = json_string_value(json_object_get(sale, "status"));
	if (status == NULL || strcmp(status, "complete") != 0) {
		ui_status_set(UI_ERROR, "Sale #%lld is %s: nothing can be "
		    "returned from it", (long long)screen_return_id,
		    status != NULL ? status : "not complete");
		screen_return_done = 1;
		return;
	}
	if (left == 0) {
		ui_status_set(UI_ERROR, "Everything sold on sale #%lld was "
		    "returned already", (long long)screen_return_id);
		screen_return_done = 1;
		return;
	}
	if (screen_return_card_paid())
		ui_status_set(UI_INFO, "A card paid: the refund may go back "
		    "to the card");
	else
		ui_status_set(UI_INFO, "Type the quantity to return on each "
		    "line that comes back");
}

static void
screen_return_load(void)
{
	json_t	*args;

	args = json_object();
	json_object_set_new(args, "id", json_integer(screen_return_id));
	screen_return_loading = 1;
	ui_status_set(UI_INFO, "Loading sale #%lld...",
	    (long long)screen_return_id);
	client_request("sale.get", args, screen_return_got,
	    (void *)&screen_return_entry);
}

static void
screen_return_enter(void *arg)
{

	screen_return_id = (int64_t)(intptr_t)arg;
	screen_return_sale = NULL;
	screen_return_result = NULL;
	screen_return_n = 0;
	screen_return_sel = 0;
	screen_return_top = 0;
	ui_input_init(&screen_return_reason, RETURN_REASON_MAX, 0);
	ui_input_init(&screen_return_card_ref, RETURN_CARD_REF_MAX, 0);
	ui_input_init(&screen_return_staff, 9, UI_INPUT_DIGITS);
	ui_input_init(&screen_return_pin, 32, UI_INPUT_MASKED);
	screen_return_card = 0;
	screen_return_approver = !(client_session.perms & PERM_VOID);
	screen_return_focus = RETURN_LINES;
	screen_return_busy = 0;
	screen_return_done = 0;
	screen_return_load();
}

static void
screen_return_leave(void)
{
	u_int	i;

	for (i = 0; i < screen_return_n; i++)
		ui_input_clear(&screen_return_qty[i]);
	screen_return_n = 0;
	ui_input_clear(&screen_return_reason);
	ui_input_clear(&screen_return_card_ref);
	ui_input_clear(&screen_return_staff);
	ui_input_clear(&screen_return_pin);
	if (screen_return_sale != NULL)
		json_decref(screen_return_sale);
	screen_return_sale = NULL;
	if (screen_return_result != NULL)
		json_decref(screen_return_result);
	screen_return_result = NULL;
}

static void
screen_return_done_cb(json_t *result, const char *code, const char *message,
    __unused void *arg)
{
	json_t	*ret, *sale;
	char	 refund[32];

	screen_return_busy = 0;
	ui_screen_dirty();
	if (result == NULL && strcmp(code, "disconnected") == 0) {
		/* It may have been made: sending it again could be twice. */
		ui_status_set(UI_WARN, "The connection was lost before stashd "
		    "answered: open sale #%lld again to see whether the goods "
		    "came back", (long long)screen_return_id);
		ui_screen_beep();
		screen_return_done = 1;
		return;
	}
	if (result == NULL) {
		screen_request_error(code, message);
		if (strcmp(code, "conflict") == 0 ||
		    strcmp(code, "not-found") == 0)
			screen_return_done = 1;	/* nothing more to do here */
		else if (strcmp(code, "approval") == 0) {
			screen_return_approver = 1;
			screen_return_focus = ui_input_empty(
			    &screen_return_staff) ? RETURN_STAFF : RETURN_PIN;
		} else if (strcmp(code, "locked") == 0) {
			screen_return_approver = 1;
			screen_return_focus = RETURN_STAFF;
		} else if (strcmp(code, "tender") == 0)
			screen_return_focus = screen_return_card ?
			    RETURN_CARD_REF : RETURN_METHOD;
		else if (strcmp(code, "bad-request") == 0 &&
		    strstr(message, "refund") != NULL &&
		    screen_return_asked(RETURN_METHOD))
			screen_return_focus = RETURN_METHOD;
		else if (strcmp(code, "bad-request") == 0)
			screen_return_focus = RETURN_LINES;
		return;
	}
	ret = json_object_get(result, "return");
	if (!json_is_object(ret)) {
		ui_status_set(UI_ERROR, "stashd sent no return: look at sale "
		    "#%lld before trying again", (long long)screen_return_id);
		screen_return_done = 1;
		return;
	}
	screen_return_result = json_incref(ret);
	sale = json_object_get(result, "sale");
	if (json_is_object(sale)) {
		if (screen_return_sale != NULL)
			json_decref(screen_return_sale);
		screen_return_sale = json_incref(sale);
	}
	screen_return_done = 1;
	money_fmt(json_integer_value(json_object_get(ret, "refund")), refund,
	    sizeof refund);
	log_info("sale %lld: return %lld, refund %s",
	    (long long)screen_return_id,
	    (long long)json_integer_value(json_object_get(ret, "id")), refund);
	ui_status_set(UI_OK, "Return recorded: refund %s %s", refund,
	    screen_return_card ? "to the card" : "in cash");
}

/*
 * The quantity typed on a line: 0 when nothing is returned of it, -1 (with
 * the status set) when it is not a quantity or more than is left.
 */
static int64_t
screen_return_typed(u_int idx)
{
	json_t		*line = screen_return_line(idx);
	struct ui_input	*in = &screen_return_qty[idx];
	const char	*name, *errstr;
	char		 a[32], b[32], c[32];
	int64_t		 qty, left;

	if (ui_input_empty(in))
		return (0);
	name = json_string_value(json_object_get(line, "name"));
	if (name == NULL)
		name = "this line";
	if (screen_return_weighed(line)) {
		if (weight_parse(ui_input_text(in), &qty) != 0 || qty < 0) {
			ui_status_set(UI_ERROR, "%s: type the weight back in "
			    "grams, e.g. 1.5", name);
			return (-1);
		}
	} else {
		qty = util_strtonum(ui_input_text(in), 0, 1000000, &errstr);
		if (errstr != NULL) {
			ui_status_set(UI_ERROR, "%s: type how many units come "
			    "back", name);
			return (-1);
		}
	}
	left = screen_return_left(line);
	if (qty > left) {
		ui_status_set(UI_ERROR, "%s: at most %s can come back (%s "
		    "sold, %s returned before)", name,
		    screen_return_qty_str(line, left, a, sizeof a),
		    screen_return_qty_str(line, json_integer_value(
		    json_object_get(line, "qty")), b, sizeof b),
		    screen_return_qty_str(line, json_integer_value(
		    json_object_get(line, "returned")), c, sizeof c));
		return (-1);
	}
	return (qty);
}

static void
screen_return_select(u_int idx)
{
	screen_return_sel = idx;
	screen_return_focus = RETURN_LINES;
}

/* Check every line's quantity; the lines to return, or NULL. */
static json_t *
screen_return_lines(void)
{
	json_t	*lines, *line;
	int64_t	 qty;
	u_int	 i;

	lines = json_array();
	for (i = 0; i < screen_return_n; i++) {
		if ((qty = screen_return_typed(i)) < 0) {
			json_decref(lines);
			screen_return_select(i);
			return (NULL);
		}
		if (qty == 0)
			continue;
		line = json_object();
		json_object_set_new(line, "tag", json_string(json_string_value(
		    json_object_get(screen_return_line(i), "tag"))));
		json_object_set_new(line, "qty", json_integer(qty));
		json_array_append_new(lines, line);
	}
	if (json_array_size(lines) == 0) {
		json_decref(lines);
		ui_status_set(UI_ERROR, "Type the quantity that comes back on "
		    "at least one line");
		screen_return_focus = RETURN_LINES;
		return (NULL);
	}
	return (lines);
}

static void
screen_return_submit(void)
{
	const char	*errstr;
	int64_t		 staff = 0;
	json_t		*args, *lines, *approver;

	if ((lines = screen_return_lines()) == NULL)
		return;
	if (ui_input_empty(&screen_return_reason)) {
		json_decref(lines);
		ui_status_set(UI_ERROR, "Type why the goods come back");
		screen_return_focus = RETURN_REASON;
		return;
	}
	if (screen_return_asked(RETURN_CARD_REF) &&
	    ui_input_empty(&screen_return_card_ref)) {
		json_decref(lines);
		ui_status_set(UI_ERROR, "Type the card terminal's reference "
		    "for the refund, or refund in cash");
		screen_return_focus = RETURN_CARD_REF;
		return;
	}
	if (screen_return_approver) {
		staff = util_strtonum(ui_input_text(&screen_return_staff), 1,
		    INT32_MAX, &errstr);
		if (errstr != NULL) {
			json_decref(lines);
			ui_status_set(UI_ERROR, "Type the approving manager's "
			    "staff ID");
			screen_return_focus = RETURN_STAFF;
			return;
		}
		if (ui_input_empty(&screen_return_pin)) {
			json_decref(lines);
			ui_status_set(UI_ERROR, "The manager types their PIN");
			screen_return_focus = RETURN_PIN;
			return;
		}
	}

	args = json_object();
	json_object_set_new(args, "sale", json_integer(screen_return_id));
	json_object_set_new(args, "lines", lines);
	json_object_set_new(args, "reason",
	    json_string(ui_input_text(&screen_return_reason)));
	if (screen_return_asked(RETURN_CARD_REF)) {
		json_object_set_new(args, "refund", json_string("card"));
		json_object_set_new(args, "card_ref",
		    json_string(ui_input_text(&screen_return_card_ref)));
	} else
		json_object_set_new(args, "refund", json_string("cash"));
	if (screen_return_approver) {
		approver = json_object();
		json_object_set_new(approver, "staff", json_integer(staff));
		json_object_set_new(approver, "pin",
		    json_string(ui_input_text(&screen_return_pin)));
		json_object_set_new(args, "approver", approver);
	}
	ui_input_clear(&screen_return_pin);
	screen_return_busy = 1;
	ui_status_set(UI_INFO, "Returning goods from sale #%lld...",
	    (long long)screen_return_id);
	client_request("sale.return", args, screen_return_done_cb,
	    (void *)&screen_return_entry);
}

static void
screen_return_key_lines(int key)
{
	switch (key) {
	case UI_KEY_UP:
		if (screen_return_sel > 0)
			screen_return_sel--;
		return;
	case UI_KEY_DOWN:
		if (screen_return_sel + 1 < screen_return_n)
			screen_return_sel++;
		return;
	case UI_KEY_PPAGE:
	case UI_KEY_HOME:
		screen_return_sel = 0;
		return;
	case UI_KEY_NPAGE:
	case UI_KEY_END:
		if (screen_return_n > 0)
			screen_return_sel = screen_return_n - 1;
		return;
	}
	if (screen_return_sel >= screen_return_n)
		return;
	if (ui_input_key(&screen_return_qty[screen_return_sel], key) ==
	    UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_return_key(int key, __unused int64_t when)
{
	struct ui_input	*in;

	if (screen_return_done) {
		if (!screen_common_key(key))
			screen_go("detail", (void *)(intptr_t)screen_return_id);
		return;
	}
	if (screen_return_busy)
		return;		/* the return is on its way */
	if (screen_return_sale == NULL) {
		if (key == UI_KEY_ESCAPE)
			screen_go("detail", (void *)(intptr_t)screen_return_id);
		else
			screen_common_key(key);
		return;
	}
	if (screen_common_key(key))
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
		screen_go("detail", (void *)(intptr_t)screen_return_id);
		ui_status_set(UI_INFO, "Return cancelled: nothing came back");
		return;
	case UI_KEY_TAB:
	case UI_KEY_BTAB:
		if (screen_return_focus == RETURN_LINES &&
		    screen_return_typed(screen_return_sel) < 0)
			return;
		screen_return_move(key == UI_KEY_TAB ? 1 : -1);
		return;
	case UI_KEY_ENTER:
		if (screen_return_focus == RETURN_LINES) {
			if (screen_return_typed(screen_return_sel) < 0)
				return;
			ui_status_clear();
		}
		if (screen_return_focus == screen_return_last())
			screen_return_submit();
		else
			screen_return_move(1);
		return;
	}
	switch (screen_return_focus) {
	case RETURN_LINES:
		screen_return_key_lines(key);
		return;
	case RETURN_METHOD:
		if (key == ' ' || key == UI_KEY_LEFT || key == UI_KEY_RIGHT)
			screen_return_card = !screen_return_card;
		else if (key == UI_KEY_UP || key == UI_KEY_DOWN)
			screen_return_move(key == UI_KEY_DOWN ? 1 : -1);
		else
			ui_screen_beep();
		return;
	case RETURN_REASON:
		in = &screen_return_reason;
		break;
	case RETURN_CARD_REF:
		in = &screen_return_card_ref;
		break;
	case RETURN_STAFF:
		in = &screen_return_staff;
		break;
	default:
		in = &screen_return_pin;
		break;
	}
	if (key == UI_KEY_UP || key == UI_KEY_DOWN) {
		screen_return_move(key == UI_KEY_DOWN ? 1 : -1);
		return;
	}
	if (ui_input_key(in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_return_event(json_t *ev)
{
	const char	*event;

	event = json_string_value(json_object_get(ev, "event"));
	if (event != NULL && strcmp(event, "connection") == 0 &&
	    screen_return_sale == NULL && !screen_return_done &&
	    !screen_return_loading)
		screen_return_load();
}

static void
screen_return_draw_done(const struct ui_rect *r)
{
	struct ui_rect	 box;
	json_t		*lines, *line;
	json_t		*sold;
	const char	*method, *ref, *location, *tag, *name;
	char		 refund[32], qty[32], *s, *title;
	size_t		 i;
	int		 y;

	box.w = 64;
	box.h = 15;
	box.x = r->x + (r->w - box.w) / 2;
	box.y = r->y + (r->h - box.h) / 2;
	if (screen_return_result == NULL) {
		xasprintf(&title, "Return from sale #%lld",
		    (long long)screen_return_id);
		ui_draw_box(&box, UI_BOX, title);
		free(title);
		ui_draw_centre(box.y + 4, box.x + 1, box.w - 2, UI_NORMAL,
		    "Nothing was returned.");
		goto out;
	}
	xasprintf(&title, "Return #%lld from sale #%lld",
	    (long long)json_integer_value(json_object_get(
	    screen_return_result, "id")), (long long)screen_return_id);
	ui_draw_box(&box, UI_BOX, title);
	free(title);
	y = box.y + 2;

	money_fmt(json_integer_value(json_object_get(screen_return_result,
	    "refund")), refund, sizeof refund);
	method = json_string_value(json_object_get(screen_return_result,
	    "method"));
	ref = json_string_value(json_object_get(screen_return_result,
	    "card_ref"));
	if (method != NULL && strcmp(method, "card") == 0)
		xasprintf(&s, "Refund %s to the card (reference %s)", refund,
		    ref != NULL ? ref : "?");
	else
		xasprintf(&s, "Refund %s in cash: give it from this drawer",
		    refund);
	ui_draw_centre(y, box.x + 1, box.w - 2, UI_TOTAL, s);
	free(s);
	y += 2;

	lines = json_object_get(screen_return_result, "lines");
	json_array_foreach(lines, i, line) {
		if (y >= box.y + box.h - 5) {
			ui_draw_str(y++, box.x + 3, box.w - 6, UI_DIM,
			    "... and more: see the sale");
			break;
		}
		tag = json_string_value(json_object_get(line, "tag"));
		sold = screen_return_find(tag);
		name = json_string_value(json_object_get(sold, "name"));
		money_fmt(json_integer_value(json_object_get(line, "refund")),
		    refund, sizeof refund);
		screen_return_qty_str(sold, json_integer_value(json_object_get(
		    line, "qty")), qty, sizeof qty);
		xasprintf(&s, "%-26.26s %10s back %12s", name != NULL ? name :
		    (tag != NULL ? tag : "?"), qty, refund);
		ui_draw_str(y++, box.x + 3, box.w - 6, UI_NORMAL, s);
		free(s);
	}
	y++;
	location = json_string_value(json_object_get(screen_return_result,
	    "location"));
	xasprintf(&s, "The goods went to %s: a manager decides",
	    location != NULL ? location : "quarantine");
	ui_draw_centre(y++, box.x + 1, box.w - 2, UI_NORMAL, s);
	free(s);
	ui_draw_centre(y, box.x + 1, box.w - 2, UI_NORMAL,
	    "what is sellable again.");
out:
	ui_draw_centre(box.y + box.h - 2, box.x + 1, box.w - 2, UI_DIM,
	    "Press any key to go back to the sale");
	ui_fkeys_draw(ui_screen_rows() - 1, screen_return_done_keys, 1);
}

static void
screen_return_draw(const struct ui_rect *r)
{
	json_t		*line, *card;
	const char	*name, *tag;
	char		 when[32], total[32], a[32], b[32], row[128], *s;
	enum ui_colour	 c;
	u_int		 i, rows;
	int		 y, focus;

	if (screen_return_done) {
		screen_return_draw_done(r);
		return;
	}
	y = r->y;
	if (screen_return_sale == NULL) {
		xasprintf(&s, "Return from sale #%lld",
		    (long long)screen_return_id);
		ui_draw_str(y, r->x + 1, r->w - 2, UI_TOTAL, s);
		free(s);
		ui_fkeys_draw(ui_screen_rows() - 1, screen_return_load_keys, 1);
		return;
	}
	client_session_time_str(json_integer_value(json_object_get(
	    screen_return_sale, "time")), when, sizeof when);
	when[16] = '\0';
	money_fmt(json_integer_value(json_object_get(screen_return_sale,
	    "total")), total, sizeof total);
	card = json_object_get(screen_return_sale, "card");
	if (screen_return_card_paid()) {
		money_fmt(json_integer_value(json_object_get(card, "amount")),
		    a, sizeof a);
		xasprintf(&s, "Return from sale #%lld, %s, total %s (card %s)",
		    (long long)screen_return_id, when, total, a);
	} else
		xasprintf(&s, "Return from sale #%lld, %s, total %s (cash)",
		    (long long)screen_return_id, when, total);
	ui_draw_str(y++, r->x + 1, r->w - 2, UI_TOTAL, s);
	free(s);

	snprintf(row, sizeof row, " %-20s %-24s %9s %9s  %s", "Item", "Tag",
	    "Sold", "Returned", "Return");
	ui_draw_fill(y, r->x, r->w, UI_HEADER);
	ui_draw_str(y++, r->x, r->w, UI_HEADER, row);

	focus = !screen_return_busy;
	rows = r->h > 11 ? (u_int)r->h - 11 : 1;
	if (screen_return_sel < screen_return_top)
		screen_return_top = screen_return_sel;
	if (screen_return_sel >= screen_return_top + rows)
		screen_return_top = screen_return_sel - rows + 1;
	for (i = screen_return_top; i < screen_return_n &&
	    i < screen_return_top + rows; i++, y++) {
		line = screen_return_line(i);
		name = json_string_value(json_object_get(line, "name"));
		tag = json_string_value(json_object_get(line, "tag"));
		snprintf(row, sizeof row, " %-20.20s %-24s %9s %9s ",
		    name != NULL ? name : "?", tag != NULL ? tag : "?",
		    screen_return_qty_str(line, json_integer_value(
		    json_object_get(line, "qty")), a, sizeof a),
		    screen_return_qty_str(line, json_integer_value(
		    json_object_get(line, "returned")), b, sizeof b));
		c = UI_NORMAL;
		if (i == screen_return_sel && screen_return_focus ==
		    RETURN_LINES) {
			c = UI_SELECTED;
			ui_draw_fill(y, r->x, r->w, c);
		} else if (screen_return_left(line) == 0)
			c = UI_DIM;
		ui_draw_str(y, r->x, r->w, c, row);
		if (screen_return_left(line) == 0)
			ui_draw_str(y, r->x + 68, 10, c, "all back");
		else
			ui_input_draw(&screen_return_qty[i], y, r->x + 68, 10,
			    NULL, focus && i == screen_return_sel &&
			    screen_return_focus == RETURN_LINES);
	}
	y = r->y + 2 + (int)rows + 1;

	ui_input_draw(&screen_return_reason, y++, r->x + 1, r->w - 2,
	    "Reason:     ", focus && screen_return_focus == RETURN_REASON);
	if (screen_return_card_paid()) {
		xasprintf(&s, "(%c) cash from this drawer   (%c) to the card",
		    screen_return_card ? ' ' : '*',
		    screen_return_card ? '*' : ' ');
		ui_draw_str(y, r->x + 1, 12, UI_PROMPT, "Refund:");
		ui_draw_str(y, r->x + 14, r->w - 15,
		    screen_return_focus == RETURN_METHOD ? UI_SELECTED :
		    UI_NORMAL, s);
		free(s);
		if (focus && screen_return_focus == RETURN_METHOD)
			ui_screen_cursor(y, r->x + 15 +
			    (screen_return_card ? 28 : 0));
	} else {
		ui_draw_str(y, r->x + 1, 12, UI_PROMPT, "Refund:");
		ui_draw_str(y, r->x + 14, r->w - 15, UI_NORMAL,
		    "cash from this drawer (the sale was paid in cash)");
	}
	y++;
	if (screen_return_asked(RETURN_CARD_REF))
		ui_input_draw(&screen_return_card_ref, y, r->x + 1, 50,
		    "Card ref:   ",
		    focus && screen_return_focus == RETURN_CARD_REF);
	y += 2;
	if (screen_return_approver) {
		ui_draw_str(y++, r->x + 1, r->w - 2, UI_DIM,
		    "A manager approves the return on this terminal:");
		ui_input_draw(&screen_return_staff, y++, r->x + 1, 30,
		    "Manager ID: ",
		    focus && screen_return_focus == RETURN_STAFF);
		ui_input_draw(&screen_return_pin, y, r->x + 1, 30,
		    "Manager PIN:", focus && screen_return_focus == RETURN_PIN);
	} else {
		xasprintf(&s, "Approved by %s (manager logged in)",
		    client_session.staff_name != NULL ?
		    client_session.staff_name : "you");
		ui_draw_str(y, r->x + 1, r->w - 2, UI_DIM, s);
		free(s);
	}

	if (screen_return_focus == RETURN_METHOD)
		ui_fkeys_draw(ui_screen_rows() - 1, screen_return_method_keys,
		    sizeof screen_return_method_keys /
		    sizeof screen_return_method_keys[0]);
	else
		ui_fkeys_draw(ui_screen_rows() - 1, screen_return_keys,
		    sizeof screen_return_keys / sizeof screen_return_keys[0]);
}
