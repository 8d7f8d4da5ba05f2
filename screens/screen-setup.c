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
 * Device setup (F7 on the register, or stash --setup): the devices of this
 * terminal and the serial ports of the machine. A device is a line of the
 * device file, "ROLE DRIVER PORT [OPTIONS]", typed or edited here and
 * checked by the same parser as the file; Enter on a port starts such a
 * line for it. Every change is applied at once so it can be tried: the
 * scale's reading and the last scan are shown live, F5 prints a test
 * receipt or label or writes to the display. F6 saves the file.
 */

enum screen_setup_mode {
	SETUP_LIST,
	SETUP_EDIT,		/* typing a device line */
};

static void	screen_setup_enter(void *);
static void	screen_setup_leave(void);
static void	screen_setup_key(int, int64_t);
static void	screen_setup_draw(const struct ui_rect *);

const struct screen_entry screen_setup_entry = {
	.name = "setup",
	.enter = screen_setup_enter,
	.leave = screen_setup_leave,
	.key = screen_setup_key,
	.draw = screen_setup_draw,
};

static const struct ui_fkey screen_setup_keys[] = {
	{ "Tab", "Devices/Ports" },
	{ "Enter", "Edit" },
	{ "F2", "Add" },
	{ "F4", "Del" },
	{ "F5", "Test" },
	{ "F6", "Save" },
	{ "Esc", "Back" },
};
static const struct ui_fkey screen_setup_edit_keys[] = {
	{ "Enter", "Apply" },
	{ "Esc", "Cancel" },
};
#define nitems(a) (sizeof (a) / sizeof (a)[0])

#define SETUP_PORTS_MAX		32
#define SETUP_DEV_ROWS		6	/* one of each role */

static enum screen_setup_mode	 screen_setup_mode;
static struct client_dev_conf	 screen_setup_conf[CLIENT_DEV_MAX];
static u_int			 screen_setup_n;
static int			 screen_setup_edit;	/* line, or -1 new */
static int			 screen_setup_dirty;	/* not saved */
static int			 screen_setup_focus;	/* 0 devices, 1 ports */
static char			 screen_setup_ports[SETUP_PORTS_MAX][128];
static u_int			 screen_setup_nports;
static struct ui_list		 screen_setup_devs;
static struct ui_list		 screen_setup_plist;
static struct ui_input		 screen_setup_in;

static void
screen_setup_dev_line(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	const struct client_dev_conf	*dc;
	const char			*status = "";

	dc = client_dev_get(idx, &status, c);
	if (dc == NULL) {
		snprintf(out, len, "(none)");
		return;
	}
	snprintf(out, len, "%-8s %-12s %-30.30s %s", client_dev_role_name(
	    dc->role), dc->driver, dc->port, status);
	if (*c == UI_OK || *c == UI_DIM)
		*c = UI_NORMAL;
}

static void
screen_setup_port_line(__unused void *arg, u_int idx, char *out, size_t len,
    __unused enum ui_colour *c)
{
	u_int	i;

	for (i = 0; i < screen_setup_n; i++) {
		if (strncmp(screen_setup_conf[i].port,
		    screen_setup_ports[idx], strlen(screen_setup_ports[idx]))
		    == 0)
			break;
	}
	snprintf(out, len, "%-60s %s", screen_setup_ports[idx],
	    i < screen_setup_n ? client_dev_role_name(
	    screen_setup_conf[i].role) : "");
}

static void
screen_setup_scan(const char *code)
{
	ui_status_set(UI_OK, "Scanned: %s", code);
}

static void
screen_setup_refresh(void)
{
	u_int	i;

	screen_setup_n = client_dev_count();
	for (i = 0; i < screen_setup_n; i++)
		screen_setup_conf[i] = *client_dev_get(i, NULL, NULL);
	screen_setup_nports = client_dev_ports(screen_setup_ports,
	    SETUP_PORTS_MAX);
	ui_list_set_count(&screen_setup_devs, screen_setup_n);
	ui_list_set_count(&screen_setup_plist, screen_setup_nports);
}

static void
screen_setup_enter(__unused void *arg)
{
	ui_list_init(&screen_setup_devs, screen_setup_dev_line, NULL);
	ui_list_init(&screen_setup_plist, screen_setup_port_line, NULL);
	screen_setup_mode = SETUP_LIST;
	screen_setup_focus = client_dev_count() != 0 ? 0 : 1;
	screen_setup_refresh();
	client_dev_on_scan(screen_setup_scan);
	ui_status_set(UI_INFO, "Devices of this terminal (%s)",
	    client_dev_path);
}

static void
screen_setup_leave(void)
{
	client_dev_on_scan(NULL);
	ui_input_clear(&screen_setup_in);
}

/* Apply the working list: the devices restart with it. */
static int
screen_setup_apply(void)
{
	char	*cause;

	if (client_dev_start(client_mode.base, screen_setup_conf, screen_setup_n,
	    &cause) != 0) {
		ui_status_set(UI_ERROR, "%s", cause);
		free(cause);
		ui_screen_beep();
		return (-1);
	}
	screen_setup_dirty = 1;
	screen_setup_refresh();
	return (0);
}

static void
screen_setup_start_edit(int idx, const char *text)
{
	screen_setup_mode = SETUP_EDIT;
	screen_setup_edit = idx;
	ui_input_init(&screen_setup_in, 120, 0);
	ui_input_set(&screen_setup_in, text, 0);
	ui_status_set(UI_INFO, "Type ROLE DRIVER PORT [OPTIONS], e.g. scale "
	    "mt-sics /dev/ttyUSB0:9600:8N1");
}

static void
screen_setup_commit_edit(void)
{
	struct client_dev_conf	 c, old[CLIENT_DEV_MAX];
	char			*cause;
	u_int			 i, oldn = screen_setup_n;
	int			 r;

	r = client_dev_parse_line(ui_input_text(&screen_setup_in), &c,
	    &cause);
	if (r < 0) {
		ui_status_set(UI_ERROR, "%s", cause);
		free(cause);
		ui_screen_beep();
		return;
	}
	if (r == 0) {
		ui_status_set(UI_ERROR, "Type a device, e.g. scale mt-sics "
		    "/dev/ttyUSB0:9600:8N1");
		return;
	}
	for (i = 0; i < screen_setup_n; i++) {
		if ((int)i == screen_setup_edit)
			continue;
		if (screen_setup_conf[i].role == c.role) {
			ui_status_set(UI_ERROR, "There is a %s already: edit "
			    "or delete it first", client_dev_role_name(c.role));
			ui_screen_beep();
			return;
		}
		if (strcmp(screen_setup_conf[i].port, c.port) == 0) {
			ui_status_set(UI_ERROR, "Port %s is used by the %s",
			    c.port, client_dev_role_name(
			    screen_setup_conf[i].role));
			ui_screen_beep();
			return;
		}
	}
	memcpy(old, screen_setup_conf, sizeof old);
	if (screen_setup_edit >= 0 && (u_int)screen_setup_edit < screen_setup_n)
		screen_setup_conf[screen_setup_edit] = c;
	else if (screen_setup_n < CLIENT_DEV_MAX)
		screen_setup_conf[screen_setup_n++] = c;
	if (screen_setup_apply() != 0) {
		memcpy(screen_setup_conf, old, sizeof old);
		screen_setup_n = oldn;
		return;
	}
	screen_setup_mode = SETUP_LIST;
	screen_setup_focus = 0;
	for (i = 0; i < screen_setup_n; i++) {
		if (screen_setup_conf[i].role == c.role)
			ui_list_select(&screen_setup_devs, i);
	}
	ui_status_set(UI_OK, "The %s is set up: F5 tests it, F6 saves",
	    client_dev_role_name(c.role));
}

static void
screen_setup_test(void)
{
	const struct client_dev_conf	*c;
	char				*cause, text[64];
	int64_t				 mg;
	int				 st;

	c = client_dev_get(screen_setup_devs.sel, NULL, NULL);
	if (screen_setup_focus != 0 || c == NULL) {
		ui_status_set(UI_ERROR, "Choose a device first (Tab to the "
		    "device list)");
		return;
	}
	switch (c->role) {
	case CLIENT_DEV_SCALE:
		st = client_dev_scale(&mg, text, sizeof text);
		if (st == CLIENT_DEV_STABLE)
			ui_status_set(UI_OK, "Scale test: %s, stable", text);
		else
			ui_status_set(UI_WARN, "Scale test: %s (not stable)",
			    text);
		break;
	case CLIENT_DEV_PRINTER:
		if (client_dev_print_test(&cause) != 0) {
			ui_status_set(UI_ERROR, "Printer test: %s", cause);
			free(cause);
		} else
			ui_status_set(UI_OK, "Printer test: a test receipt "
			    "was sent");
		break;
	case CLIENT_DEV_LABEL:
		if (client_dev_label_test(&cause) != 0) {
			ui_status_set(UI_ERROR, "Label printer test: %s",
			    cause);
			free(cause);
		} else
			ui_status_set(UI_OK, "Label printer test: a test "
			    "label (STASH-TEST) was sent");
		break;
	case CLIENT_DEV_DISPLAY:
		if (client_dev_display("stash display test",
		    client_session.terminal) != 0)
			ui_status_set(UI_ERROR, "Display test: the display is "
			    "not connected");
		else
			ui_status_set(UI_OK, "Display test: it should read "
			    "\"stash display test\"");
		break;
	default:
		ui_status_set(UI_INFO, "Scan something: the code is shown "
		    "here");
		break;
	}
}

static void
screen_setup_save(void)
{
	char	*cause;

	if (client_dev_save(client_dev_path, screen_setup_conf,
	    screen_setup_n, &cause) != 0) {
		ui_status_set(UI_ERROR, "Not saved: %s", cause);
		free(cause);
		ui_screen_beep();
		return;
	}
	screen_setup_dirty = 0;
	ui_status_set(UI_OK, "Saved %u device%s to %s", screen_setup_n,
	    screen_setup_n == 1 ? "" : "s", client_dev_path);
}

static void
screen_setup_back(void)
{
	if (!client_session.logged_in)
		screen_go("login", NULL);
	else if (client_mode.door)
		screen_go("door", NULL);
	else
		screen_go("register", NULL);
	if (screen_setup_dirty)
		ui_status_set(UI_WARN, "Device changes are in use but not "
		    "saved (F7, then F6 saves them)");
}

static void
screen_setup_key(int key, __unused int64_t when)
{
	char	line[512];
	u_int	i;

	if (screen_setup_mode == SETUP_EDIT) {
		if (key == UI_KEY_ESCAPE) {
			screen_setup_mode = SETUP_LIST;
			ui_status_clear();
		} else if (key == UI_KEY_ENTER)
			screen_setup_commit_edit();
		else if (ui_input_key(&screen_setup_in, key) ==
		    UI_INPUT_REFUSED)
			ui_screen_beep();
		return;
	}
	if (client_session.logged_in && screen_common_key(key))
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
	case UI_KEY_F(7):
		screen_setup_back();
		return;
	case UI_KEY_TAB:
	case UI_KEY_BTAB:
		screen_setup_focus = !screen_setup_focus;
		return;
	case UI_KEY_F(2):
		screen_setup_start_edit(-1, "");
		return;
	case UI_KEY_F(4):
	case UI_KEY_DELETE:
		if (screen_setup_focus != 0 || screen_setup_n == 0)
			return;
		i = screen_setup_devs.sel;
		if (i >= screen_setup_n)
			return;
		memmove(&screen_setup_conf[i], &screen_setup_conf[i + 1],
		    (screen_setup_n - i - 1) * sizeof screen_setup_conf[0]);
		screen_setup_n--;
		if (screen_setup_apply() == 0)
			ui_status_set(UI_OK, "Removed: F6 saves");
		return;
	case UI_KEY_F(5):
		screen_setup_test();
		return;
	case UI_KEY_F(6):
		screen_setup_save();
		return;
	case UI_KEY_ENTER:
		if (screen_setup_focus == 0) {
			i = screen_setup_devs.sel;
			if (i >= screen_setup_n) {
				screen_setup_start_edit(-1, "");
				return;
			}
			snprintf(line, sizeof line, "%s %s %s%s%s",
			    client_dev_role_name(screen_setup_conf[i].role),
			    screen_setup_conf[i].driver,
			    screen_setup_conf[i].port,
			    *screen_setup_conf[i].options != '\0' ? " " : "",
			    screen_setup_conf[i].options);
			screen_setup_start_edit((int)i, line);
		} else if (screen_setup_plist.sel < screen_setup_nports) {
			snprintf(line, sizeof line, "scale mt-sics %s:9600:8N1",
			    screen_setup_ports[screen_setup_plist.sel]);
			screen_setup_start_edit(-1, line);
		}
		return;
	}
	ui_list_key(screen_setup_focus == 0 ? &screen_setup_devs :
	    &screen_setup_plist, key);
}

static void
screen_setup_heading(int y, const struct ui_rect *r, int focused,
    const char *text)
{
	ui_draw_fill(y, r->x, r->w, UI_HEADER);
	ui_draw_str(y, r->x, r->w, focused ? UI_TITLE : UI_HEADER, text);
}

static void
screen_setup_draw(const struct ui_rect *r)
{
	struct ui_rect	 list;
	char		*s, text[64], scan[80];
	int64_t		 mg;
	int		 y = r->y, st, ph;
	enum ui_colour	 c;

	xasprintf(&s, " Devices of this terminal%s", screen_setup_dirty ?
	    " (in use, not saved: F6 saves)" : "");
	screen_setup_heading(y++, r, screen_setup_focus == 0, s);
	free(s);
	list.x = r->x;
	list.y = y;
	list.w = r->w;
	list.h = SETUP_DEV_ROWS;
	if (screen_setup_n == 0) {
		ui_draw_str(y, r->x + 1, r->w - 2, UI_DIM, "No devices: "
		    "Tab to a port and press Enter, or F2 to type one");
	} else {
		screen_setup_devs.noselect = screen_setup_focus != 0;
		ui_list_draw(&screen_setup_devs, &list);
	}
	y += SETUP_DEV_ROWS;

	screen_setup_heading(y++, r, screen_setup_focus == 1,
	    " Serial ports on this machine");
	ph = r->h - (y - r->y) - 4;
	list.y = y;
	list.h = ph;
	if (screen_setup_nports == 0) {
		ui_draw_str(y, r->x + 1, r->w - 2, UI_DIM, "No serial port "
		    "found (by-id, ttyUSB*, ttyACM*, ttyS*); F2 types one");
	} else {
		screen_setup_plist.noselect = screen_setup_focus != 1;
		ui_list_draw(&screen_setup_plist, &list);
	}
	y += ph;

	/* Live: the scale and the last scan. */
	screen_setup_heading(y++, r, 0, " Live");
	if (client_dev_has(CLIENT_DEV_SCALE)) {
		st = client_dev_scale(&mg, text, sizeof text);
		c = st == CLIENT_DEV_STABLE ? UI_OK : st == CLIENT_DEV_NONE ?
		    UI_DIM : UI_WARN;
		xasprintf(&s, "Scale: %s%s", text, st == CLIENT_DEV_STABLE ?
		    "  STABLE" : st == CLIENT_DEV_MOTION &&
		    strcmp(text, "moving") != 0 ? "  (settling)" : "");
		ui_draw_fill(y, r->x, r->w, UI_NORMAL);
		ui_draw_str(y, r->x + 1, r->w / 2 - 1, c, s);
		free(s);
	} else
		ui_draw_str(y, r->x + 1, r->w / 2 - 1, UI_DIM, "Scale: none");
	snprintf(scan, sizeof scan, "Last scan: %s",
	    *client_dev_last_scan() != '\0' ? client_dev_last_scan() : "-");
	ui_draw_str(y, r->x + r->w / 2, r->w / 2 - 1, UI_NORMAL, scan);

	if (screen_setup_mode == SETUP_EDIT) {
		ui_input_draw(&screen_setup_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, "Device:", 1);
		ui_fkeys_draw(ui_screen_rows() - 1, screen_setup_edit_keys,
		    nitems(screen_setup_edit_keys));
	} else {
		ui_screen_cursor(-1, -1);
		ui_fkeys_draw(ui_screen_rows() - 1, screen_setup_keys,
		    nitems(screen_setup_keys));
	}
}
