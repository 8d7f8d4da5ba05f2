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
#include "client-op.h"

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
static void	screen_return_notify(const struct client_op_event *);
static void	screen_return_draw(const struct ui_rect *);

const struct screen_entry screen_return_entry = {
	.name = "return",
	.enter = screen_return_enter,
	.leave = screen_return_leave,
	.key = screen_return_key,
	.notify = screen_return_notify,
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
static struct client_op_sale	 screen_return_sale;	/* raw: loaded */
static struct client_op_return	 screen_return_result;	/* raw: made */
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

static const struct client_op_sale_item *
screen_return_line(u_int idx)
{
	if (idx >= screen_return_sale.nlines)
		return (NULL);
	return (&screen_return_sale.lines[idx]);
}

static int64_t
screen_return_left(const struct client_op_sale_item *line)
{
	int64_t	left;

	left = line->qty - line->returned;
	return (left > 0 ? left : 0);
}

/* A line's quantity in units, or weighed, "3.500 g". */
static char *
screen_return_qty_str(const struct client_op_sale_item *line, int64_t qty,
    char *out, size_t len)
{
	if (line != NULL && line->weighed)
		return (weight_fmt(qty, out, len));
	snprintf(out, len, "%lld", (long long)qty);
	return (out);
}

/* The sale's line of a tag. */
static const struct client_op_sale_item *
screen_return_find(const char *tag)
{
	const char	*t;
	u_int		 i;

	if (tag == NULL)
		return (NULL);
	for (i = 0; i < screen_return_sale.nlines; i++) {
		t = screen_return_sale.lines[i].tag;
		if (t != NULL && strcasecmp(t, tag) == 0)
			return (&screen_return_sale.lines[i]);
	}
	return (NULL);
}

static int
screen_return_card_paid(void)
{
	return (screen_return_sale.card > 0);
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
screen_return_got(const struct client_op_error *err,
    struct client_op_sale *sale, __unused void *arg)
{
	const struct client_op_sale_item	*line;
	const char				*status;
	u_int					 i;
	int64_t					 left = 0;

	screen_return_loading = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		if (strcmp(err->code, "not-found") == 0)
			screen_return_done = 1;
		return;
	}
	if (sale == NULL) {
		ui_status_set(UI_ERROR, "stashd sent no sale");
		return;
	}
	client_op_sale_move(&screen_return_sale, sale);
	screen_return_n = screen_return_sale.nlines;
	if (screen_return_n > MAX_SALE_LINES)
		screen_return_n = MAX_SALE_LINES;
	for (i = 0; i < screen_return_n; i++) {
		line = &screen_return_sale.lines[i];
		if (line->weighed)
			ui_input_init(&screen_return_qty[i],
			    RETURN_QTY_WEIGHT_MAX, UI_INPUT_DECIMAL);
		else
			ui_input_init(&screen_return_qty[i],
			    RETURN_QTY_UNITS_MAX, UI_INPUT_DIGITS);
		left += screen_return_left(line);
	}
	status = screen_return_sale.status;
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
	screen_return_loading = 1;
	ui_status_set(UI_INFO, "Loading sale #%lld...",
	    (long long)screen_return_id);
	client_op_sale_get(screen_return_id, screen_return_got,
	    (void *)&screen_return_entry);
}

static void
screen_return_enter(void *arg)
{

	screen_return_id = (int64_t)(intptr_t)arg;
	memset(&screen_return_sale, 0, sizeof screen_return_sale);
	memset(&screen_return_result, 0, sizeof screen_return_result);
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
	client_op_sale_free(&screen_return_sale);
	client_op_sale_return_free(&screen_return_result);
}

static void
screen_return_done_cb(const struct client_op_error *err,
    struct client_op_return *ret, struct client_op_sale *sale,
    __unused void *arg)
{
	const char	*code = err->code, *message = err->message;
	char		 refund[32];

	screen_return_busy = 0;
	ui_screen_dirty();
	if (code != NULL && strcmp(code, "disconnected") == 0) {
		/* It may have been made: sending it again could be twice. */
		ui_status_set(UI_WARN, "The connection was lost before stashd "
		    "answered: open sale #%lld again to see whether the goods "
		    "came back", (long long)screen_return_id);
		ui_screen_beep();
		screen_return_done = 1;
		return;
	}
	if (code != NULL) {
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
	if (ret == NULL) {
		ui_status_set(UI_ERROR, "stashd sent no return: look at sale "
		    "#%lld before trying again", (long long)screen_return_id);
		screen_return_done = 1;
		return;
	}
	screen_return_result = *ret;	/* kept: the reply with it */
	memset(ret, 0, sizeof *ret);
	if (sale != NULL)
		client_op_sale_move(&screen_return_sale, sale);
	screen_return_done = 1;
	money_fmt(screen_return_result.refund, refund, sizeof refund);
	log_info("sale %lld: return %lld, refund %s",
	    (long long)screen_return_id, (long long)screen_return_result.id,
	    refund);
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
	const struct client_op_sale_item *line = screen_return_line(idx);
	struct ui_input	*in = &screen_return_qty[idx];
	const char	*name, *errstr;
	char		 a[32], b[32], c[32];
	int64_t		 qty, left;

	if (ui_input_empty(in))
		return (0);
	name = line->name;
	if (name == NULL)
		name = "this line";
	if (line->weighed) {
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
		    screen_return_qty_str(line, line->qty, b, sizeof b),
		    screen_return_qty_str(line, line->returned, c, sizeof c));
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

/* Check every line's quantity into lines; how many, or -1. */
static int
screen_return_lines(struct client_op_return_line *lines)
{
	int64_t	 qty;
	u_int	 i, n = 0;

	for (i = 0; i < screen_return_n; i++) {
		if ((qty = screen_return_typed(i)) < 0) {
			screen_return_select(i);
			return (-1);
		}
		if (qty == 0)
			continue;
		lines[n].tag = screen_return_line(i)->tag;
		lines[n].qty = qty;
		lines[n].refund = 0;
		n++;
	}
	if (n == 0) {
		ui_status_set(UI_ERROR, "Type the quantity that comes back on "
		    "at least one line");
		screen_return_focus = RETURN_LINES;
		return (-1);
	}
	return ((int)n);
}

static void
screen_return_submit(void)
{
	const char	*errstr;
	int64_t		 staff = 0;
	struct client_op_return_line	lines[MAX_SALE_LINES];
	struct client_op_return_req	req;
	int				n;

	if ((n = screen_return_lines(lines)) < 0)
		return;
	if (ui_input_empty(&screen_return_reason)) {
		ui_status_set(UI_ERROR, "Type why the goods come back");
		screen_return_focus = RETURN_REASON;
		return;
	}
	if (screen_return_asked(RETURN_CARD_REF) &&
	    ui_input_empty(&screen_return_card_ref)) {
		ui_status_set(UI_ERROR, "Type the card terminal's reference "
		    "for the refund, or refund in cash");
		screen_return_focus = RETURN_CARD_REF;
		return;
	}
	if (screen_return_approver) {
		staff = util_strtonum(ui_input_text(&screen_return_staff), 1,
		    INT32_MAX, &errstr);
		if (errstr != NULL) {
				ui_status_set(UI_ERROR, "Type the approving manager's "
			    "staff ID");
			screen_return_focus = RETURN_STAFF;
			return;
		}
		if (ui_input_empty(&screen_return_pin)) {
				ui_status_set(UI_ERROR, "The manager types their PIN");
			screen_return_focus = RETURN_PIN;
			return;
		}
	}

	memset(&req, 0, sizeof req);
	req.sale = screen_return_id;
	req.lines = lines;
	req.nlines = (u_int)n;
	req.reason = ui_input_text(&screen_return_reason);
	if (screen_return_asked(RETURN_CARD_REF))
		req.card_ref = ui_input_text(&screen_return_card_ref);
	if (screen_return_approver) {
		req.approver = (uint32_t)staff;
		req.pin = ui_input_text(&screen_return_pin);
	}
	client_op_sale_return(&req, screen_return_done_cb,
	    (void *)&screen_return_entry);
	ui_input_clear(&screen_return_pin);
	screen_return_busy = 1;
	ui_status_set(UI_INFO, "Returning goods from sale #%lld...",
	    (long long)screen_return_id);
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
	if (screen_return_sale.raw == NULL) {
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
screen_return_notify(const struct client_op_event *ev)
{
	if (ev->type == CLIENT_OP_EVENT_CONNECTION &&
	    screen_return_sale.raw == NULL && !screen_return_done &&
	    !screen_return_loading)
		screen_return_load();
}

static void
screen_return_draw_done(const struct ui_rect *r)
{
	const struct client_op_return		*ret = &screen_return_result;
	const struct client_op_return_line	*line;
	const struct client_op_sale_item	*sold;
	struct ui_rect				 box;
	const char				*method, *ref, *location;
	const char				*tag, *name;
	char					 refund[32], qty[32], *s;
	char					*title;
	u_int					 i;
	int					 y;

	box.w = 64;
	box.h = 15;
	box.x = r->x + (r->w - box.w) / 2;
	box.y = r->y + (r->h - box.h) / 2;
	if (ret->raw == NULL) {
		xasprintf(&title, "Return from sale #%lld",
		    (long long)screen_return_id);
		ui_draw_box(&box, UI_BOX, title);
		free(title);
		ui_draw_centre(box.y + 4, box.x + 1, box.w - 2, UI_NORMAL,
		    "Nothing was returned.");
		goto out;
	}
	xasprintf(&title, "Return #%lld from sale #%lld",
	    (long long)ret->id, (long long)screen_return_id);
	ui_draw_box(&box, UI_BOX, title);
	free(title);
	y = box.y + 2;

	money_fmt(ret->refund, refund, sizeof refund);
	method = ret->method;
	ref = ret->card_ref;
	if (method != NULL && strcmp(method, "card") == 0)
		xasprintf(&s, "Refund %s to the card (reference %s)", refund,
		    ref != NULL ? ref : "?");
	else
		xasprintf(&s, "Refund %s in cash: give it from this drawer",
		    refund);
	ui_draw_centre(y, box.x + 1, box.w - 2, UI_TOTAL, s);
	free(s);
	y += 2;

	for (i = 0; i < ret->nlines; i++) {
		line = &ret->lines[i];
		if (y >= box.y + box.h - 5) {
			ui_draw_str(y++, box.x + 3, box.w - 6, UI_DIM,
			    "... and more: see the sale");
			break;
		}
		tag = line->tag;
		sold = screen_return_find(tag);
		name = sold != NULL ? sold->name : NULL;
		money_fmt(line->refund, refund, sizeof refund);
		screen_return_qty_str(sold, line->qty, qty, sizeof qty);
		xasprintf(&s, "%-26.26s %10s back %12s", name != NULL ? name :
		    (tag != NULL ? tag : "?"), qty, refund);
		ui_draw_str(y++, box.x + 3, box.w - 6, UI_NORMAL, s);
		free(s);
	}
	y++;
	location = ret->location;
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
	const struct client_op_sale_item	*line;
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
	if (screen_return_sale.raw == NULL) {
		xasprintf(&s, "Return from sale #%lld",
		    (long long)screen_return_id);
		ui_draw_str(y, r->x + 1, r->w - 2, UI_TOTAL, s);
		free(s);
		ui_fkeys_draw(ui_screen_rows() - 1, screen_return_load_keys, 1);
		return;
	}
	client_session_time_str(screen_return_sale.time, when, sizeof when);
	when[16] = '\0';
	money_fmt(screen_return_sale.total, total, sizeof total);
	if (screen_return_card_paid()) {
		money_fmt(screen_return_sale.card, a, sizeof a);
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
		name = line->name;
		tag = line->tag;
		snprintf(row, sizeof row, " %-20.20s %-24s %9s %9s ",
		    name != NULL ? name : "?", tag != NULL ? tag : "?",
		    screen_return_qty_str(line, line->qty, a, sizeof a),
		    screen_return_qty_str(line, line->returned, b, sizeof b));
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
