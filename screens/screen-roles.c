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
 * Roles (F8 on the staff screen): the built-in ones and those an admin
 * defined, with how many staff hold each (role.list). Enter shows the
 * selected role's permissions, one a line, ticked or not; for a defined
 * role Space ticks or unticks the one selected and F2 saves the whole set
 * (role.define: staff holding the role have it from their next action).
 * F3 defines a new role (its name, then its permissions); F8 twice
 * deletes a defined role nobody holds. Esc goes back a step.
 */

static void	screen_roles_enter(void *);
static void	screen_roles_leave(void);
static void	screen_roles_key(int, int64_t);
static void	screen_roles_draw(const struct ui_rect *);

const struct screen_entry screen_roles_entry = {
	.name = "roles",
	.enter = screen_roles_enter,
	.leave = screen_roles_leave,
	.key = screen_roles_key,
	.draw = screen_roles_draw,
	.perm = PERM_STAFF,
};

#define ROLES_ME	((void *)&screen_roles_entry)
#define nitems(a) (sizeof (a) / sizeof (a)[0])

static const struct ui_fkey screen_roles_list_keys[] = {
	{ "Enter", "Permissions" },
	{ "F3", "New role" },
	{ "F5", "Refresh" },
	{ "F8", "Delete" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};

static const struct ui_fkey screen_roles_edit_keys[] = {
	{ "Space", "Tick" },
	{ "F2", "Save" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};

static struct client_op_role	*screen_roles_list;
static u_int			 screen_roles_n;
static struct ui_list		 screen_roles_ui;
static struct ui_list		 screen_roles_perm_ui;
static struct ui_input		 screen_roles_in;
static int			 screen_roles_naming;	/* F3: a name */
static int			 screen_roles_editing;	/* the ticks shown */
static int			 screen_roles_busy;
static char			 screen_roles_deleting[ROLE_NAME_MAX + 1];

/* What is being edited: a role's name, whether built in, its ticks. */
static struct client_op_role	 screen_roles_edit;
static uint32_t			 screen_roles_bits[32];
static u_int			 screen_roles_nbits;

static void
screen_roles_line(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	const struct client_op_role	*r;
	uint32_t			 bit;
	u_int				 n = 0;

	if (idx >= screen_roles_n)
		return;
	r = &screen_roles_list[idx];
	if (r->builtin)
		*c = UI_DIM;
	for (bit = 1; bit != 0 && bit <= PERM_ALL; bit <<= 1) {
		if (r->perms & bit)
			n++;
	}
	snprintf(out, len, " %-24s %-9s %5d  %u permission%s", r->name,
	    r->builtin ? "built-in" : "defined", r->staff, n, n == 1 ? "" :
	    "s");
}

static void
screen_roles_perm_line(__unused void *arg, u_int idx, char *out, size_t len,
    __unused enum ui_colour *c)
{
	uint32_t	bit;

	if (idx >= screen_roles_nbits)
		return;
	bit = screen_roles_bits[idx];
	snprintf(out, len, " [%c] %s", (screen_roles_edit.perms & bit) ?
	    'x' : ' ', perm_name(bit));
}

static void
screen_roles_listed(const struct client_op_error *err,
    const struct client_op_role_list *l, __unused void *arg)
{
	screen_roles_busy = 0;
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	free(screen_roles_list);
	screen_roles_list = NULL;
	screen_roles_n = l->n;
	if (l->n != 0) {
		screen_roles_list = xcalloc(l->n, sizeof *screen_roles_list);
		memcpy(screen_roles_list, l->list, l->n *
		    sizeof *screen_roles_list);
	}
	ui_list_set_count(&screen_roles_ui, screen_roles_n);
	ui_screen_dirty();
}

static void
screen_roles_load(void)
{
	screen_roles_busy = 1;
	client_op_role_list(screen_roles_listed, ROLES_ME);
}

static void
screen_roles_done(const struct client_op_error *err, void *arg)
{
	screen_roles_busy = 0;
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	ui_status_set(UI_OK, "%s", (const char *)arg);
	screen_roles_editing = 0;
	screen_roles_load();
}

static void
screen_roles_enter(__unused void *arg)
{
	uint32_t	bit;

	ui_list_init(&screen_roles_ui, screen_roles_line, NULL);
	ui_list_init(&screen_roles_perm_ui, screen_roles_perm_line, NULL);
	screen_roles_nbits = 0;
	for (bit = 1; bit != 0 && bit <= PERM_ALL; bit <<= 1) {
		if (perm_name(bit) != NULL &&
		    screen_roles_nbits < nitems(screen_roles_bits))
			screen_roles_bits[screen_roles_nbits++] = bit;
	}
	ui_list_set_count(&screen_roles_perm_ui, screen_roles_nbits);
	screen_roles_naming = screen_roles_editing = 0;
	screen_roles_deleting[0] = '\0';
	ui_status_set(UI_INFO, "Roles: Enter shows a role's permissions, F3 "
	    "defines a new one");
	screen_roles_load();
}

static void
screen_roles_leave(void)
{
	free(screen_roles_list);
	screen_roles_list = NULL;
	screen_roles_n = 0;
	ui_input_clear(&screen_roles_in);
}

/* Show role r's permissions to tick. */
static void
screen_roles_open(const struct client_op_role *r)
{
	screen_roles_edit = *r;
	screen_roles_editing = 1;
	ui_list_select(&screen_roles_perm_ui, 0);
	if (r->builtin)
		ui_status_set(UI_INFO, "%s is built in: its permissions stay "
		    "as they are", r->name);
	else
		ui_status_set(UI_INFO, "%s: Space ticks, F2 saves", r->name);
}

static void
screen_roles_edit_key(int key)
{
	static char	msg[96];
	uint32_t	bit;

	switch (key) {
	case UI_KEY_ESCAPE:
		screen_roles_editing = 0;
		ui_status_clear();
		return;
	case ' ':
		if (screen_roles_edit.builtin ||
		    screen_roles_perm_ui.sel >= screen_roles_nbits)
			return;
		bit = screen_roles_bits[screen_roles_perm_ui.sel];
		screen_roles_edit.perms ^= bit;
		return;
	case UI_KEY_F(2):
		if (screen_roles_edit.builtin)
			return;
		snprintf(msg, sizeof msg, "Role %s saved: in force from its "
		    "staff's next action", screen_roles_edit.name);
		screen_roles_busy = 1;
		client_op_role_define(screen_roles_edit.name,
		    screen_roles_edit.perms, screen_roles_done, msg);
		return;
	}
	ui_list_key(&screen_roles_perm_ui, key);
}

static void
screen_roles_key(int key, __unused int64_t when)
{
	const struct client_op_role	*r = NULL;
	struct client_op_role		 fresh;
	static char			 msg[96];

	if (screen_common_key(key))
		return;
	if (screen_roles_naming) {
		if (key == UI_KEY_ESCAPE) {
			screen_roles_naming = 0;
			ui_status_clear();
		} else if (key == UI_KEY_ENTER) {
			screen_roles_naming = 0;
			if (ui_input_empty(&screen_roles_in))
				return;
			memset(&fresh, 0, sizeof fresh);
			strlcpy(fresh.name, ui_input_text(&screen_roles_in),
			    sizeof fresh.name);
			screen_roles_open(&fresh);
		} else if (ui_input_key(&screen_roles_in, key) ==
		    UI_INPUT_REFUSED)
			ui_screen_beep();
		return;
	}
	if (screen_roles_busy)
		return;
	if (screen_roles_editing) {
		screen_roles_edit_key(key);
		return;
	}
	if (screen_roles_ui.sel < screen_roles_n)
		r = &screen_roles_list[screen_roles_ui.sel];
	if (key != UI_KEY_F(8))
		screen_roles_deleting[0] = '\0';
	switch (key) {
	case UI_KEY_ESCAPE:
		screen_go("staff", NULL);
		return;
	case UI_KEY_F(5):
		screen_roles_load();
		return;
	case UI_KEY_ENTER:
		if (r != NULL)
			screen_roles_open(r);
		return;
	case UI_KEY_F(3):
		ui_input_init(&screen_roles_in, ROLE_NAME_MAX, 0);
		screen_roles_naming = 1;
		ui_status_set(UI_INFO, "A name: a-z, 0-9 and '-', a letter "
		    "first");
		return;
	case UI_KEY_F(8):
		if (r == NULL || r->builtin)
			return;
		if (strcmp(screen_roles_deleting, r->name) != 0) {
			strlcpy(screen_roles_deleting, r->name,
			    sizeof screen_roles_deleting);
			ui_status_set(UI_WARN, "F8 again deletes role %s",
			    r->name);
			return;
		}
		screen_roles_deleting[0] = '\0';
		snprintf(msg, sizeof msg, "Role %s deleted", r->name);
		screen_roles_busy = 1;
		client_op_role_delete(r->name, screen_roles_done, msg);
		return;
	}
	ui_list_key(&screen_roles_ui, key);
}

static void
screen_roles_draw(const struct ui_rect *r)
{
	struct ui_rect	list;
	char		title[80];

	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	list.x = r->x;
	list.y = r->y + 1;
	list.w = r->w;
	list.h = r->h - 2;
	if (screen_roles_editing) {
		snprintf(title, sizeof title, " Permissions of %s%s",
		    screen_roles_edit.name, screen_roles_edit.builtin ?
		    " (built in)" : "");
		ui_draw_str(r->y, r->x + 1, r->w - 2, UI_HEADER, title);
		ui_list_draw(&screen_roles_perm_ui, &list);
		ui_fkeys_draw(ui_screen_rows() - 1, screen_roles_edit_keys,
		    nitems(screen_roles_edit_keys));
		return;
	}
	ui_draw_str(r->y, r->x + 1, r->w - 2, UI_HEADER,
	    " Role                     Kind      Staff  Permissions");
	ui_list_draw(&screen_roles_ui, &list);
	if (screen_roles_naming)
		ui_input_draw(&screen_roles_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, "New role's name:", 1);
	ui_fkeys_draw(ui_screen_rows() - 1, screen_roles_list_keys,
	    nitems(screen_roles_list_keys));
}
