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
 * The store settings that are policy, not law (F9 on the staff screen):
 * each with its value in force and where it comes from, the ledger (set
 * here or with stashctl) or stash.conf (settings.get). Enter or F2 edits
 * the one selected (settings.set, an admin's): stashd checks the value
 * and refuses a bad one with the rule it breaks, changing nothing. A
 * settings event (a change from anywhere) reads them again. Esc goes back
 * to the staff screen.
 */

static void	screen_settings_enter(void *);
static void	screen_settings_leave(void);
static void	screen_settings_key(int, int64_t);
static void	screen_settings_draw(const struct ui_rect *);
static void	screen_settings_notify(const struct client_op_event *);

const struct screen_entry screen_settings_entry = {
	.name = "settings",
	.enter = screen_settings_enter,
	.leave = screen_settings_leave,
	.key = screen_settings_key,
	.draw = screen_settings_draw,
	.notify = screen_settings_notify,
	.perm = PERM_STAFF,
};

#define SETTINGS_ME	((void *)&screen_settings_entry)

static const struct ui_fkey screen_settings_keys[] = {
	{ "Enter", "Edit" },
	{ "F5", "Refresh" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};

static struct client_op_setting	*screen_settings_list;
static u_int			 screen_settings_n;
static struct ui_list		 screen_settings_ui;
static struct ui_input		 screen_settings_in;
static int			 screen_settings_editing;
static int			 screen_settings_busy;

static void
screen_settings_line(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	const struct client_op_setting	*s;

	if (idx >= screen_settings_n)
		return;
	s = &screen_settings_list[idx];
	if (strcmp(s->source, "ledger") != 0)
		*c = UI_DIM;
	snprintf(out, len, " %-26s %-10s %s", s->key, s->source,
	    *s->value != '\0' ? s->value : "(none)");
}

static void
screen_settings_got(const struct client_op_error *err,
    const struct client_op_settings *l, __unused void *arg)
{
	screen_settings_busy = 0;
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	free(screen_settings_list);
	screen_settings_list = NULL;
	screen_settings_n = l->n;
	if (l->n != 0) {
		screen_settings_list = xcalloc(l->n,
		    sizeof *screen_settings_list);
		memcpy(screen_settings_list, l->list, l->n *
		    sizeof *screen_settings_list);
	}
	ui_list_set_count(&screen_settings_ui, screen_settings_n);
	ui_screen_dirty();
}

static void
screen_settings_load(void)
{
	screen_settings_busy = 1;
	client_op_settings_get(screen_settings_got, SETTINGS_ME);
}

static const struct client_op_setting *
screen_settings_selected(void)
{
	if (screen_settings_ui.sel >= screen_settings_n)
		return (NULL);
	return (&screen_settings_list[screen_settings_ui.sel]);
}

static void
screen_settings_set(const struct client_op_error *err, __unused void *arg)
{
	screen_settings_busy = 0;
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	ui_status_set(UI_OK, "Saved: in force now on every terminal");
	screen_settings_load();
}

static void
screen_settings_enter(__unused void *arg)
{
	ui_list_init(&screen_settings_ui, screen_settings_line, NULL);
	screen_settings_editing = 0;
	ui_status_set(UI_INFO, "Store settings: Enter changes the one "
	    "selected");
	screen_settings_load();
}

static void
screen_settings_leave(void)
{
	free(screen_settings_list);
	screen_settings_list = NULL;
	screen_settings_n = 0;
	ui_input_clear(&screen_settings_in);
}

static void
screen_settings_notify(const struct client_op_event *ev)
{
	if ((ev->type == CLIENT_OP_EVENT_SETTINGS ||
	    (ev->type == CLIENT_OP_EVENT_CONNECTION && ev->state != NULL &&
	    strcmp(ev->state, "ready") == 0)) && !screen_settings_editing)
		screen_settings_load();
}

static void
screen_settings_key(int key, __unused int64_t when)
{
	const struct client_op_setting	*s;

	if (screen_common_key(key))
		return;
	if (screen_settings_editing) {
		if (key == UI_KEY_ESCAPE) {
			screen_settings_editing = 0;
			ui_status_clear();
		} else if (key == UI_KEY_ENTER) {
			screen_settings_editing = 0;
			if ((s = screen_settings_selected()) == NULL)
				return;
			screen_settings_busy = 1;
			client_op_settings_set(s->key,
			    ui_input_text(&screen_settings_in),
			    screen_settings_set, SETTINGS_ME);
		} else if (ui_input_key(&screen_settings_in, key) ==
		    UI_INPUT_REFUSED)
			ui_screen_beep();
		return;
	}
	if (screen_settings_busy)
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
		screen_go("staff", NULL);
		return;
	case UI_KEY_F(5):
		screen_settings_load();
		return;
	case UI_KEY_ENTER:
	case UI_KEY_F(2):
		if ((s = screen_settings_selected()) == NULL)
			return;
		ui_input_init(&screen_settings_in, UI_INPUT_MAX - 1, 0);
		ui_input_set(&screen_settings_in, s->value, 1);
		screen_settings_editing = 1;
		ui_status_set(UI_INFO, "%s", s->help);
		return;
	}
	ui_list_key(&screen_settings_ui, key);
}

static void
screen_settings_draw(const struct ui_rect *r)
{
	const struct client_op_setting	*s;
	struct ui_rect			 list;
	char				 prompt[64];

	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y, r->x + 1, r->w - 2, UI_HEADER,
	    " Setting                    From       Value");
	list.x = r->x;
	list.y = r->y + 1;
	list.w = r->w;
	list.h = r->h - 2;
	ui_list_draw(&screen_settings_ui, &list);
	if (screen_settings_editing &&
	    (s = screen_settings_selected()) != NULL) {
		snprintf(prompt, sizeof prompt, "%s:", s->key);
		ui_input_draw(&screen_settings_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, prompt, 1);
	}
	ui_fkeys_draw(ui_screen_rows() - 1, screen_settings_keys,
	    sizeof screen_settings_keys / sizeof screen_settings_keys[0]);
}
