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

/*
 * This terminal's sales for the shift (sale.list since the login), newest
 * first, with their count and total. Enter shows a sale, F7 voids it.
 */

#define SALES_LIMIT	500

static void	screen_sales_enter(void *);
static void	screen_sales_leave(void);
static void	screen_sales_key(int, int64_t);
static void	screen_sales_event(json_t *);
static void	screen_sales_draw(const struct ui_rect *);

const struct screen_entry screen_sales_entry = {
	.name = "sales",
	.enter = screen_sales_enter,
	.leave = screen_sales_leave,
	.key = screen_sales_key,
	.event = screen_sales_event,
	.draw = screen_sales_draw,
};

static const struct ui_fkey screen_sales_keys[] = {
	{ "Enter", "Show" },
	{ "F5", "Refresh" },
	{ "F7", "Void" },
	{ "Esc", "Register" },
	{ "F10", "Logout" },
};

static json_t		*screen_sales_result;
static struct ui_list	 screen_sales_list;
static int		 screen_sales_busy;
static int64_t		 screen_sales_keep;	/* select this id on load */

static json_t *
screen_sales_row(u_int idx)
{
	return (json_array_get(json_object_get(screen_sales_result, "sales"),
	    idx));
}

static void
screen_sales_line(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	json_t		*row = screen_sales_row(idx);
	char		 when[32], total[32];
	const char	*status;

	client_session_time_str(json_integer_value(json_object_get(row,
	    "time")), when, sizeof when);
	money_fmt(json_integer_value(json_object_get(row, "total")), total,
	    sizeof total);
	status = json_string_value(json_object_get(row, "status"));
	if (status == NULL)
		status = "?";
	snprintf(out, len, " %7lld  %s  %6lld  %5lld  %10s  %s",
	    (long long)json_integer_value(json_object_get(row, "id")),
	    when + 11, (long long)json_integer_value(json_object_get(row,
	    "staff")), (long long)json_integer_value(json_object_get(row,
	    "lines")), total, status);
	if (strcmp(status, "void") == 0)
		*c = UI_VOID;
}

static void
screen_sales_done(json_t *result, const char *code, const char *message,
    __unused void *arg)
{
	json_t	*sales, *row;
	size_t	 i;

	screen_sales_busy = 0;
	ui_screen_dirty();
	if (result == NULL) {
		screen_request_error(code, message);
		return;
	}
	if (screen_sales_result != NULL)
		json_decref(screen_sales_result);
	screen_sales_result = json_incref(result);
	sales = json_object_get(result, "sales");
	ui_list_set_count(&screen_sales_list, (u_int)json_array_size(sales));
	json_array_foreach(sales, i, row) {
		if (json_integer_value(json_object_get(row, "id")) ==
		    screen_sales_keep) {
			ui_list_select(&screen_sales_list, (u_int)i);
			break;
		}
	}
	if (json_array_size(sales) == 0)
		ui_status_set(UI_INFO, "No sales at this terminal yet this "
		    "shift");
	else
		ui_status_clear();
}

static void
screen_sales_load(void)
{
	json_t	*args;

	args = json_object();
	json_object_set_new(args, "terminal",
	    json_string(client_session.terminal));
	if (client_session.shift_start != 0)
		json_object_set_new(args, "since",
		    json_integer(client_session.shift_start));
	json_object_set_new(args, "limit", json_integer(SALES_LIMIT));
	screen_sales_busy = 1;
	ui_status_set(UI_INFO, "Loading sales...");
	client_request("sale.list", args, screen_sales_done,
	    (void *)&screen_sales_entry);
}

static void
screen_sales_enter(void *arg)
{
	ui_list_init(&screen_sales_list, screen_sales_line, NULL);
	screen_sales_keep = (int64_t)(intptr_t)arg;
	screen_sales_load();
}

static void
screen_sales_leave(void)
{
	if (screen_sales_result != NULL)
		json_decref(screen_sales_result);
	screen_sales_result = NULL;
}

static void
screen_sales_key(int key, __unused int64_t when)
{
	json_t		*row;
	int64_t		 id;
	const char	*status;

	if (ui_list_key(&screen_sales_list, key))
		return;
	if (screen_common_key(key))
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
	case UI_KEY_F(6):
		screen_go("register", NULL);
		return;
	case UI_KEY_F(5):
		if (!screen_sales_busy) {
			row = screen_sales_row(screen_sales_list.sel);
			screen_sales_keep = json_integer_value(
			    json_object_get(row, "id"));
			screen_sales_load();
		}
		return;
	case UI_KEY_ENTER:
	case UI_KEY_F(7):
		break;
	default:
		return;
	}
	row = screen_sales_row(screen_sales_list.sel);
	if (row == NULL) {
		ui_status_set(UI_ERROR, "No sale selected");
		return;
	}
	id = json_integer_value(json_object_get(row, "id"));
	if (key == UI_KEY_ENTER) {
		screen_go("detail", (void *)(intptr_t)id);
		return;
	}
	status = json_string_value(json_object_get(row, "status"));
	if (status != NULL && strcmp(status, "void") == 0) {
		ui_status_set(UI_ERROR, "Sale #%lld is already void",
		    (long long)id);
		return;
	}
	screen_go("void", (void *)(intptr_t)id);
}

static void
screen_sales_event(json_t *ev)
{
	const char	*event;

	event = json_string_value(json_object_get(ev, "event"));
	if (event != NULL && strcmp(event, "connection") == 0 &&
	    screen_sales_result == NULL && !screen_sales_busy)
		screen_sales_load();
}

static void
screen_sales_draw(const struct ui_rect *r)
{
	struct ui_rect	 list;
	char		 since[32], total[32], *s;
	json_int_t	 count;

	if (client_session.shift_start != 0) {
		client_session_time_str(client_session.shift_start, since,
		    sizeof since);
		since[16] = '\0';
	} else
		snprintf(since, sizeof since, "login");
	if (screen_sales_result != NULL) {
		count = json_integer_value(json_object_get(screen_sales_result,
		    "count"));
		money_fmt(json_integer_value(json_object_get(
		    screen_sales_result, "total")), total, sizeof total);
		xasprintf(&s, "Sales at %s since %s: %lld sale%s, total %s",
		    client_session.terminal, since, (long long)count,
		    count == 1 ? "" : "s", total);
	} else
		xasprintf(&s, "Sales at %s since %s", client_session.terminal,
		    since);
	ui_draw_str(r->y, r->x + 1, r->w - 2, UI_TOTAL, s);
	free(s);

	ui_draw_fill(r->y + 1, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y + 1, r->x, r->w, UI_HEADER,
	    "    Sale  Time        Staff  Lines       Total  Status");
	list.x = r->x;
	list.y = r->y + 2;
	list.w = r->w;
	list.h = r->h - 2;
	ui_list_draw(&screen_sales_list, &list);

	ui_fkeys_draw(ui_screen_rows() - 1, screen_sales_keys,
	    sizeof screen_sales_keys / sizeof screen_sales_keys[0]);
}
