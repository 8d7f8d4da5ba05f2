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
 * This terminal's sales for the shift (sale.list since the login), newest
 * first, with their count and total. Enter shows a sale, F7 voids it.
 */

#define SALES_LIMIT	500

static void	screen_sales_enter(void *);
static void	screen_sales_leave(void);
static void	screen_sales_key(int, int64_t);
static void	screen_sales_notify(const struct client_op_event *);
static void	screen_sales_draw(const struct ui_rect *);

const struct screen_entry screen_sales_entry = {
	.name = "sales",
	.enter = screen_sales_enter,
	.leave = screen_sales_leave,
	.key = screen_sales_key,
	.notify = screen_sales_notify,
	.draw = screen_sales_draw,
};

static const struct ui_fkey screen_sales_keys[] = {
	{ "Enter", "Show" },
	{ "F5", "Refresh" },
	{ "F7", "Void" },
	{ "Esc", "Register" },
	{ "F10", "Logout" },
};

static struct client_op_sale_list screen_sales_result;	/* raw: loaded */
static struct ui_list	 screen_sales_list;
static int		 screen_sales_busy;
static int64_t		 screen_sales_keep;	/* select this id on load */

static const struct client_op_sale_row *
screen_sales_row(u_int idx)
{
	if (idx >= screen_sales_result.n)
		return (NULL);
	return (&screen_sales_result.rows[idx]);
}

static void
screen_sales_line(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	const struct client_op_sale_row	*row = screen_sales_row(idx);
	char				 when[32], total[32];
	const char			*status;

	if (row == NULL)
		return;
	client_session_time_str(row->time, when, sizeof when);
	money_fmt(row->total, total, sizeof total);
	status = row->status;
	if (status == NULL)
		status = "?";
	snprintf(out, len, " %7lld  %s  %6lld  %5lld  %10s  %s",
	    (long long)row->id, when + 11, (long long)row->staff,
	    (long long)row->lines, total, status);
	if (strcmp(status, "void") == 0)
		*c = UI_VOID;
}

static void
screen_sales_done(const struct client_op_error *err,
    struct client_op_sale_list *l, __unused void *arg)
{
	u_int	i;

	screen_sales_busy = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	if (l == NULL)
		return;
	client_op_sale_list_free(&screen_sales_result);
	screen_sales_result = *l;	/* kept: the reply with it */
	memset(l, 0, sizeof *l);
	ui_list_set_count(&screen_sales_list, screen_sales_result.n);
	for (i = 0; i < screen_sales_result.n; i++) {
		if (screen_sales_result.rows[i].id == screen_sales_keep) {
			ui_list_select(&screen_sales_list, i);
			break;
		}
	}
	if (screen_sales_result.n == 0)
		ui_status_set(UI_INFO, "No sales at this terminal yet this "
		    "shift");
	else
		ui_status_clear();
}

static void
screen_sales_load(void)
{
	screen_sales_busy = 1;
	ui_status_set(UI_INFO, "Loading sales...");
	client_op_sale_list(client_session.terminal,
	    client_session.shift_start, SALES_LIMIT, screen_sales_done,
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
	client_op_sale_list_free(&screen_sales_result);
}

static void
screen_sales_key(int key, __unused int64_t when)
{
	const struct client_op_sale_row	*row;
	int64_t				 id;
	const char			*status;

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
			screen_sales_keep = row != NULL ? row->id : 0;
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
	id = row->id;
	if (key == UI_KEY_ENTER) {
		screen_go("detail", (void *)(intptr_t)id);
		return;
	}
	status = row->status;
	if (status != NULL && strcmp(status, "void") == 0) {
		ui_status_set(UI_ERROR, "Sale #%lld is already void",
		    (long long)id);
		return;
	}
	screen_go("void", (void *)(intptr_t)id);
}

static void
screen_sales_notify(const struct client_op_event *ev)
{
	if (ev->type == CLIENT_OP_EVENT_CONNECTION &&
	    screen_sales_result.raw == NULL && !screen_sales_busy)
		screen_sales_load();
}

static void
screen_sales_draw(const struct ui_rect *r)
{
	struct ui_rect	 list;
	char		 since[32], total[32], *s;
	int64_t		 count;

	if (client_session.shift_start != 0) {
		client_session_time_str(client_session.shift_start, since,
		    sizeof since);
		since[16] = '\0';
	} else
		snprintf(since, sizeof since, "login");
	if (screen_sales_result.raw != NULL) {
		count = screen_sales_result.count;
		money_fmt(screen_sales_result.total, total, sizeof total);
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
