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
 * with their role, whether they may log in, are locked out, hold a
 * one-time PIN or have left (staff.list, deactivated ones too). Up and
 * Down select. An admin's keys (stashd refuses anyone else, and keeps the
 * store's last admin): F2 another role, from their next op; F3 adds a
 * member (name, then role) and shows their one-time PIN once; F4 resets
 * the PIN to a one-time one; F6 locks or unlocks; F7 twice deactivates
 * for good. F8 opens the roles, F9 the store settings. F5 reads the list
 * again; Esc goes back.
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
	.perm = PERM_STAFF,
};

#define STAFF_ME	((void *)&screen_staff_entry)

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static const struct ui_fkey screen_staff_keys[] = {
	{ "F2", "Role" },
	{ "F3", "Add" },
	{ "F4", "PIN" },
	{ "F5", "Refresh" },
	{ "F6", "Lock" },
	{ "F7", "Leave" },
	{ "F8", "Roles" },
	{ "F9", "Settings" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};

enum screen_staff_ask {
	STAFF_ASK_NONE,
	STAFF_ASK_ROLE,		/* another role for the one selected */
	STAFF_ASK_NAME,		/* a new member's name */
	STAFF_ASK_NEWROLE,	/* and role */
};

static struct client_op_staff	*screen_staff_list;
static u_int			 screen_staff_n;
static struct ui_list		 screen_staff_ui;
static struct ui_input		 screen_staff_in;
static enum screen_staff_ask	 screen_staff_asking;
static char			 screen_staff_name[64];	/* being added */
static int64_t			 screen_staff_leaving;	/* F7 once: who */
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
	if (s->deactivated)
		*c = UI_DIM;
	else if (!s->active || s->locked)
		*c = UI_WARN;
	snprintf(out, len, " %5lld  %-30.30s %-12s %s", (long long)s->id,
	    s->name, s->role, s->deactivated ? "deactivated" : !s->active ?
	    "locked by an admin" : s->locked ? "locked out (wrong PINs)" :
	    s->pin_change ? "one-time PIN" : "");
}

/* A reply came: 1 if it refused (and says why). */
static int
screen_staff_failed(const struct client_op_error *err)
{
	screen_staff_busy = 0;
	if (err->code == NULL)
		return (0);
	screen_request_error(err->code, err->message);
	return (1);
}

static void
screen_staff_listed(const struct client_op_error *err,
    const struct client_op_staff_list *l, __unused void *arg)
{
	u_int	i;

	if (screen_staff_failed(err))
		return;
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
	client_op_staff_list(1, screen_staff_listed, STAFF_ME);
}

static void
screen_staff_roled(const struct client_op_error *err,
    const struct client_op_staff_role *r, __unused void *arg)
{
	if (screen_staff_failed(err))
		return;
	screen_staff_want = r->id;
	ui_status_set(UI_OK, "%s is now %s (was %s), from their next action",
	    r->name, r->role, r->was);
	screen_staff_load();
}

/* A new member or a reset PIN: the one-time PIN, shown this once. */
static void
screen_staff_newed(const struct client_op_error *err,
    const struct client_op_staff_new *n, __unused void *arg)
{
	if (screen_staff_failed(err))
		return;
	screen_staff_want = n->id;
	ui_status_set(UI_OK, "%s (staff %lld): one-time PIN %s; they choose "
	    "their own at their next login", n->name, (long long)n->id,
	    n->pin);
	screen_staff_load();
}

static void
screen_staff_changed(const struct client_op_error *err, void *arg)
{
	if (screen_staff_failed(err))
		return;
	ui_status_set(UI_OK, "%s", (const char *)arg);
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
	screen_staff_asking = STAFF_ASK_NONE;
	screen_staff_want = 0;
	screen_staff_leaving = 0;
	if (!(client_session.perms & PERM_STAFF)) {
		screen_go("inventory", NULL);
		ui_status_set(UI_ERROR, "The staff screens need the staff "
		    "permission: a %s may not see them",
		    client_session.staff_role);
		ui_screen_beep();
		return;
	}
	ui_status_set(UI_INFO, "Staff: select someone; F2 role, F3 add, F4 "
	    "PIN, F6 lock, F7 leave");
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

/* Ask for text on the screen's last line. */
static void
screen_staff_ask(enum screen_staff_ask what, size_t max, const char *hint)
{
	ui_input_init(&screen_staff_in, max, 0);
	screen_staff_asking = what;
	ui_status_set(UI_INFO, "%s", hint);
}

static void
screen_staff_answer(void)
{
	const struct client_op_staff	*s;
	char				 text[UI_INPUT_MAX];
	enum screen_staff_ask		 what = screen_staff_asking;

	snprintf(text, sizeof text, "%s", ui_input_text(&screen_staff_in));
	screen_staff_asking = STAFF_ASK_NONE;
	if (text[0] == '\0')
		return;
	switch (what) {
	case STAFF_ASK_ROLE:
		if ((s = screen_staff_selected()) == NULL)
			return;
		screen_staff_busy = 1;
		client_op_staff_role(s->id, text, screen_staff_roled,
		    STAFF_ME);
		break;
	case STAFF_ASK_NAME:
		strlcpy(screen_staff_name, text, sizeof screen_staff_name);
		screen_staff_ask(STAFF_ASK_NEWROLE, ROLE_NAME_MAX, "Role: "
		    "budtender, receiver, manager, driver, admin, auditor or "
		    "one defined (F8)");
		break;
	case STAFF_ASK_NEWROLE:
		screen_staff_busy = 1;
		client_op_staff_add(screen_staff_name, text,
		    screen_staff_newed, STAFF_ME);
		break;
	case STAFF_ASK_NONE:
		break;
	}
}

static void
screen_staff_key(int key, __unused int64_t when)
{
	const struct client_op_staff	*s;
	static char			 msg[128];

	if (screen_common_key(key))
		return;
	if (screen_staff_asking != STAFF_ASK_NONE) {
		if (key == UI_KEY_ESCAPE) {
			screen_staff_asking = STAFF_ASK_NONE;
			ui_status_clear();
		} else if (key == UI_KEY_ENTER)
			screen_staff_answer();
		else if (ui_input_key(&screen_staff_in, key) ==
		    UI_INPUT_REFUSED)
			ui_screen_beep();
		return;
	}
	if (screen_staff_busy)
		return;
	s = screen_staff_selected();
	if (key != UI_KEY_F(7))
		screen_staff_leaving = 0;
	switch (key) {
	case UI_KEY_ESCAPE:
		screen_go("inventory", NULL);
		return;
	case UI_KEY_F(5):
		screen_staff_load();
		return;
	case UI_KEY_F(8):
		screen_go("roles", NULL);
		return;
	case UI_KEY_F(9):
		screen_go("settings", NULL);
		return;
	case UI_KEY_F(3):
		screen_staff_ask(STAFF_ASK_NAME, sizeof screen_staff_name - 1,
		    "The new staff member's name, then Enter");
		return;
	case UI_KEY_F(2):
		if (s == NULL || s->deactivated)
			return;
		screen_staff_ask(STAFF_ASK_ROLE, ROLE_NAME_MAX, "Roles: "
		    "budtender, receiver, manager, driver, admin, auditor, or "
		    "one defined (F8)");
		return;
	case UI_KEY_F(4):
		if (s == NULL || s->deactivated)
			return;
		screen_staff_busy = 1;
		client_op_staff_pin_reset(s->id, screen_staff_newed, STAFF_ME);
		return;
	case UI_KEY_F(6):
		if (s == NULL || s->deactivated)
			return;
		screen_staff_want = s->id;
		snprintf(msg, sizeof msg, "%s %s", s->name, s->active &&
		    !s->locked ? "is locked: no login until unlocked" :
		    "may log in again");
		screen_staff_busy = 1;
		client_op_staff_change(s->id, s->active && !s->locked ?
		    CLIENT_OP_STAFF_LOCK : CLIENT_OP_STAFF_UNLOCK,
		    screen_staff_changed, msg);
		return;
	case UI_KEY_F(7):
		if (s == NULL || s->deactivated)
			return;
		if (screen_staff_leaving != s->id) {
			screen_staff_leaving = s->id;
			ui_status_set(UI_WARN, "F7 again: %s leaves for good "
			    "(their history is kept)", s->name);
			return;
		}
		screen_staff_leaving = 0;
		screen_staff_want = s->id;
		snprintf(msg, sizeof msg, "%s is deactivated: their history "
		    "is kept", s->name);
		screen_staff_busy = 1;
		client_op_staff_change(s->id, CLIENT_OP_STAFF_DEACTIVATE,
		    screen_staff_changed, msg);
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
	    "    ID  Name                           Role         State");
	list.x = r->x;
	list.y = r->y + 1;
	list.w = r->w;
	list.h = r->h - 2;
	ui_list_draw(&screen_staff_ui, &list);
	s = screen_staff_selected();
	switch (screen_staff_asking) {
	case STAFF_ASK_ROLE:
		if (s == NULL)
			break;
		snprintf(prompt, sizeof prompt, "New role for %.30s (now %s):",
		    s->name, s->role);
		ui_input_draw(&screen_staff_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, prompt, 1);
		break;
	case STAFF_ASK_NAME:
		ui_input_draw(&screen_staff_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, "New staff member's name:", 1);
		break;
	case STAFF_ASK_NEWROLE:
		snprintf(prompt, sizeof prompt, "Role for %.30s:",
		    screen_staff_name);
		ui_input_draw(&screen_staff_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, prompt, 1);
		break;
	case STAFF_ASK_NONE:
		break;
	}
	ui_fkeys_draw(ui_screen_rows() - 1, screen_staff_keys,
	    nitems(screen_staff_keys));
}
