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
 * The manager's staff screen (^T on the stock console): every staff member
 * with their role, whether they may log in and whether they are locked out
 * (staff.list). Up and Down select; F2 gives the one selected another role
 * (staff.role: an admin's; stashd refuses anyone else, and keeps the last
 * admin), from their next login. F5 reads the list again; Esc goes back.
 */

static void	screen_staff_enter(void *);
static void	screen_staff_leave(void);
static void	screen_staff_key(int, int64_t);
static void	screen_staff_draw(const struct ui_rect *);

const struct screen_entry screen_staff_entry = {
	.name = "staff",
	.enter = screen_staff_enter,
	.leave = screen_staff_leave,
	.key = screen_staff_key,
	.draw = screen_staff_draw,
};

#define STAFF_ME	((void *)&screen_staff_entry)

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static const struct ui_fkey screen_staff_keys[] = {
	{ "Up/Down", "Select" },
	{ "F2", "Role" },
	{ "F5", "Refresh" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};

static struct client_op_staff	*screen_staff_list;
static u_int			 screen_staff_n;
static struct ui_list		 screen_staff_ui;
static struct ui_input		 screen_staff_in;
static int			 screen_staff_asking;
static int			 screen_staff_busy;
static int64_t			 screen_staff_want;	/* select after load */

static void
screen_staff_line(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	const struct client_op_staff	*s;

	if (idx >= screen_staff_n)
		return;
	s = &screen_staff_list[idx];
	if (!s->active || s->locked)
		*c = UI_WARN;
	snprintf(out, len, " %5lld  %-30.30s %-10s %s", (long long)s->id,
	    s->name, s->role, !s->active ? "inactive" : s->locked ? "locked" :
	    "");
}

static void
screen_staff_listed(const struct client_op_error *err,
    const struct client_op_staff_list *l, __unused void *arg)
{
	u_int	i;

	screen_staff_busy = 0;
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	free(screen_staff_list);
	screen_staff_list = NULL;
	screen_staff_n = l->n;
	if (l->n != 0) {
		screen_staff_list = xcalloc(l->n, sizeof *screen_staff_list);
		memcpy(screen_staff_list, l->list, l->n *
		    sizeof *screen_staff_list);
	}
	ui_list_set_count(&screen_staff_ui, screen_staff_n);
	for (i = 0; i < screen_staff_n; i++) {
		if (screen_staff_list[i].id == screen_staff_want)
			screen_staff_ui.sel = i;
	}
	ui_screen_dirty();
}

static void
screen_staff_load(void)
{
	screen_staff_busy = 1;
	client_op_staff_list(screen_staff_listed, STAFF_ME);
}

static void
screen_staff_roled(const struct client_op_error *err,
    const struct client_op_staff_role *r, __unused void *arg)
{
	screen_staff_busy = 0;
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	screen_staff_want = r->id;
	ui_status_set(UI_OK, "%s is now %s (was %s), from their next login",
	    r->name, r->role, r->was);
	screen_staff_load();
}

static const struct client_op_staff *
screen_staff_selected(void)
{
	if (screen_staff_ui.sel >= screen_staff_n)
		return (NULL);
	return (&screen_staff_list[screen_staff_ui.sel]);
}

static void
screen_staff_enter(__unused void *arg)
{
	ui_list_init(&screen_staff_ui, screen_staff_line, NULL);
	screen_staff_asking = 0;
	screen_staff_want = 0;
	ui_status_set(UI_INFO, "Staff: select someone, F2 gives them another "
	    "role");
	screen_staff_load();
}

static void
screen_staff_leave(void)
{
	free(screen_staff_list);
	screen_staff_list = NULL;
	screen_staff_n = 0;
	ui_input_clear(&screen_staff_in);
}

static void
screen_staff_key(int key, __unused int64_t when)
{
	const struct client_op_staff	*s;
	char				 role[UI_INPUT_MAX];

	if (screen_common_key(key))
		return;
	if (screen_staff_asking) {
		if (key == UI_KEY_ESCAPE) {
			screen_staff_asking = 0;
			ui_status_clear();
		} else if (key == UI_KEY_ENTER) {
			snprintf(role, sizeof role, "%s",
			    ui_input_text(&screen_staff_in));
			screen_staff_asking = 0;
			if ((s = screen_staff_selected()) == NULL ||
			    role[0] == '\0')
				return;
			screen_staff_busy = 1;
			client_op_staff_role(s->id, role, screen_staff_roled,
			    STAFF_ME);
		} else if (ui_input_key(&screen_staff_in, key) ==
		    UI_INPUT_REFUSED)
			ui_screen_beep();
		return;
	}
	if (screen_staff_busy)
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
		screen_go("inventory", NULL);
		return;
	case UI_KEY_F(5):
		screen_staff_load();
		return;
	case UI_KEY_F(2):
		if (screen_staff_selected() == NULL)
			return;
		ui_input_init(&screen_staff_in, 16, 0);
		screen_staff_asking = 1;
		ui_status_set(UI_INFO, "Roles: budtender, receiver, manager, "
		    "driver, admin, auditor");
		return;
	}
	ui_list_key(&screen_staff_ui, key);
}

static void
screen_staff_draw(const struct ui_rect *r)
{
	const struct client_op_staff	*s;
	struct ui_rect			 list;
	char				 prompt[96];

	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y, r->x + 1, r->w - 2, UI_HEADER,
	    "    ID  Name                           Role");
	list.x = r->x;
	list.y = r->y + 1;
	list.w = r->w;
	list.h = r->h - 2;
	ui_list_draw(&screen_staff_ui, &list);
	if (screen_staff_asking && (s = screen_staff_selected()) != NULL) {
		snprintf(prompt, sizeof prompt, "New role for %.30s (now %s):",
		    s->name, s->role);
		ui_input_draw(&screen_staff_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, prompt, 1);
	}
	ui_fkeys_draw(ui_screen_rows() - 1, screen_staff_keys,
	    nitems(screen_staff_keys));
}
