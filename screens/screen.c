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

#include <event2/event.h>

#include "client-op.h"

/*
 * The screen table and the screen manager. One screen is current; keys and
 * pushed events go to it, and it draws the body of the screen. The manager
 * draws what is common: the title line, the connection banner, the status
 * line, and the two modal boxes (confirm log out, terminal refused).
 *
 * A screen's notify() gets the server's pushed events, typed
 * (client-op-event.c), and one of the client's own: a connection event
 * with state "ready" when the terminal is connected again (the register
 * resends a sale left in doubt; a logged-in screen has gone back to login
 * first, the session having gone with the old connection), or when stashd
 * says with
 * {"event":"resync"} that it dropped events this terminal was too far
 * behind to take: either way, read the state again.
 */

/* The smallest screen stash draws on (80x24 everywhere). */
#define SCREEN_MIN_COLS		80
#define SCREEN_MIN_ROWS		24

/* The connection banner's most rows. */
#define SCREEN_BANNER_LINES	3

/* How long the "terminal refused" box stays before stash exits. */
#define SCREEN_REFUSED_WAIT	5	/* s */

const struct screen_entry *screen_table[] = {
	&screen_login_entry,
	&screen_register_entry,
	&screen_complete_entry,
	&screen_sales_entry,
	&screen_detail_entry,
	&screen_void_entry,
	&screen_return_entry,
	&screen_door_entry,
	&screen_queue_entry,
	&screen_drawer_entry,
	&screen_setup_entry,
	&screen_intake_entry,
	&screen_manifest_entry,
	&screen_inventory_entry,
	&screen_compliance_entry,
	&screen_lab_entry,
	&screen_catalog_entry,
	&screen_staff_entry,
	&screen_count_entry,
	&screen_pack_entry,
	&screen_dispatch_entry,
	&screen_roles_entry,
	&screen_settings_entry,
	&screen_dashboard_entry,
	&screen_reports_entry,
	&screen_inspect_entry,
	&screen_driver_entry,
	&screen_driver_stop_entry,
	NULL
};

enum screen_modal {
	SCREEN_MODAL_NONE,
	SCREEN_MODAL_LOGOUT,	/* log out with a cart? */
	SCREEN_MODAL_REFUSED,	/* hello or enroll refused: exit */
};

static const struct screen_entry	*screen_cur;
static enum screen_modal		 screen_modal;
static char				*screen_refused_msg;
static struct event			*screen_clock_ev;
static struct event			*screen_refused_ev;

static void	screen_hook_state(void);
static void	screen_hook_event(const struct client_op_event *);
static void	screen_hook_no_session(const char *);
static void	screen_hook_session_lost(void);
static void	screen_hook_refused(const char *);

const struct client_hooks screen_hooks = {
	.state = screen_hook_state,
	.event = client_op_event_push,
	.no_session = screen_hook_no_session,
	.session_lost = screen_hook_session_lost,
	.refused = screen_hook_refused,
};

/* The clock in the title line: redraw at each new minute. */
static void
screen_clock(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	struct timeval	tv;
	int64_t		now = util_now();

	tv.tv_sec = 60 - (now / 1000000) % 60;
	tv.tv_usec = 0;
	evtimer_add(screen_clock_ev, &tv);
	ui_screen_dirty();
}

static void
screen_refused_timeout(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	client_exit(1, "%s", screen_refused_msg);
}

void
screen_init(void)
{
	client_op_event_on(screen_hook_event);
	screen_clock_ev = evtimer_new(client_mode.base, screen_clock, NULL);
	screen_refused_ev = evtimer_new(client_mode.base,
	    screen_refused_timeout, NULL);
	screen_clock(-1, 0, NULL);
	screen_go("login", NULL);
}

void
screen_free(void)
{
	if (screen_cur != NULL) {
		client_forget((void *)screen_cur);
		screen_cur->leave();
	}
	screen_cur = NULL;
	if (screen_clock_ev != NULL)
		event_free(screen_clock_ev);
	if (screen_refused_ev != NULL)
		event_free(screen_refused_ev);
	screen_clock_ev = screen_refused_ev = NULL;
	free(screen_refused_msg);
	screen_refused_msg = NULL;
}

const struct screen_entry *
screen_find(const char *name)
{
	const struct screen_entry	**e;

	for (e = screen_table; *e != NULL; e++) {
		if (strcmp((*e)->name, name) == 0)
			return (*e);
	}
	return (NULL);
}

const struct screen_entry *
screen_current(void)
{
	return (screen_cur);
}

/*
 * Make a screen current. The old one leaves first and its requests are
 * forgotten; the status line is cleared, so a caller with something to say
 * sets it after.
 */
void
screen_go(const char *name, void *arg)
{
	const struct screen_entry	*e;

	e = screen_find(name);
	if (e == NULL)
		fatalx("%s: no screen %s", __func__, name);
	if (screen_cur != NULL) {
		client_forget((void *)screen_cur);
		screen_cur->leave();
	}
	ui_status_clear();
	screen_cur = e;
	log_debug("%s: %s", __func__, name);
	e->enter(arg);
	ui_screen_dirty();
}

static void
screen_do_logout(void)
{
	client_op_session_logout();
	client_session_logout(1);
	if (client_mode.driver)
		client_driver_credentials(0, "");	/* no login by itself */
	client_cart_clear();
	client_customer_clear();
	screen_go("login", NULL);
	ui_status_set(UI_OK, "Logged out");
}

/* F10: log out, asking first if there is a cart. */
void
screen_logout(void)
{
	if (client_cart_locked()) {
		ui_status_set(UI_ERROR, "The last sale is not confirmed yet: "
		    "wait for stashd to answer, then log out");
		return;
	}
	if (client_cart.n != 0) {
		screen_modal = SCREEN_MODAL_LOGOUT;
		ui_screen_dirty();
		return;
	}
	screen_do_logout();
}

/* Keys every logged-in screen shares; returns 1 if handled. */
int
screen_common_key(int key)
{
	if (key == UI_KEY_F(10)) {
		screen_logout();
		return (1);
	}
	return (0);
}

/*
 * A request failed: say why on the status line, in staff's words
 * (client_op_staff_message), starting with a capital.
 */
void
screen_request_error(const char *code, const char *message)
{
	enum ui_colour	c = UI_ERROR;
	char		buf[512], c0;

	message = client_op_staff_message(code, message, buf, sizeof buf);
	c0 = *message;

	if (strcmp(code, "offline") == 0 ||
	    strcmp(code, "disconnected") == 0 ||
	    strcmp(code, "no-session") == 0)
		c = UI_WARN;
	if (c0 >= 'a' && c0 <= 'z')
		ui_status_set(c, "%c%s", c0 - 'a' + 'A', message + 1);
	else
		ui_status_set(c, "%s", message);
	ui_screen_beep();
}

void
screen_key(int key, int64_t when)
{
	if (screen_modal == SCREEN_MODAL_REFUSED) {
		client_exit(1, "%s", screen_refused_msg);
		return;
	}
	if (screen_modal == SCREEN_MODAL_LOGOUT) {
		ui_screen_dirty();
		if (key == 'y' || key == 'Y' || key == UI_KEY_F(10)) {
			screen_modal = SCREEN_MODAL_NONE;
			screen_do_logout();
		} else if (key == 'n' || key == 'N' || key == UI_KEY_ESCAPE ||
		    key == UI_KEY_ENTER)
			screen_modal = SCREEN_MODAL_NONE;
		return;
	}
	if (ui_screen_cols() < SCREEN_MIN_COLS ||
	    ui_screen_rows() < SCREEN_MIN_ROWS)
		return;
	/* ^O: the next page of function keys, where they do not all fit. */
	if (key == UI_KEY_CTRL('o') && ui_fkeys_more())
		return;
	if (screen_cur != NULL)
		screen_cur->key(key, when);
	ui_screen_dirty();
}

static void
screen_hook_state(void)
{
	ui_screen_dirty();
	if (client_state() != CLIENT_READY || screen_cur == NULL)
		return;
	if (client_mode.driver)
		client_driver_connected();
	client_op_event_connected();
}

/*
 * The session read again after a "perms" event: the keys follow it (each
 * screen draws them from client_session), and a screen the new role may
 * not be on (its entry's perm: the dashboard and the reports, the staff,
 * roles and settings screens) gives way to the stock screen.
 */
static void
screen_perms_changed(const char *role)
{
	uint32_t	lost;

	log_info("session read again: role %s", role);
	lost = screen_cur != NULL ? screen_cur->perm & ~client_session.perms :
	    0;
	if (lost != 0) {
		screen_go("inventory", NULL);
		if (lost & PERM_REPORTS)
			ui_status_set(UI_WARN, "Your role is now %s: the "
			    "reports are for managers", role);
		else
			ui_status_set(UI_WARN, "Your role is now %s: the staff "
			    "screens need the staff permission", role);
		return;
	}
	ui_status_set(UI_INFO, "Your role is now %s: the keys and screens "
	    "follow it", role);
	ui_screen_dirty();
}

static void
screen_hook_event(const struct client_op_event *ev)
{
	const char	*state, *message;
	char		 why[256];

	if (ev->type == CLIENT_OP_EVENT_SESSION) {
		state = ev->state;
		message = ev->message;
		/*
		 * Idle, or ended by a manager (locked, revoked). The refusal
		 * of the op that found a lock may have come first and sent
		 * us to the login screen already: still say why.
		 */
		if (state != NULL && (strcmp(state, "expired") == 0 ||
		    strcmp(state, "locked") == 0 ||
		    strcmp(state, "revoked") == 0) &&
		    (client_session.logged_in ||
		    strcmp(state, "expired") != 0)) {
			snprintf(why, sizeof why, "%s", message != NULL ?
			    message : "session ended");
			if (why[0] >= 'a' && why[0] <= 'z')
				why[0] = why[0] - 'a' + 'A';
			if (client_session.logged_in) {
				log_info("session %s: back to login", state);
				client_session_logout(0);
				if (client_driver_relogin())
					return;
				screen_go("login", NULL);
			}
			ui_status_set(UI_WARN, "%s%s%s", why,
			    strcmp(state, "expired") == 0 ? ": log in again" :
			    "", client_cart.n != 0 ? " (the cart is kept)" : "");
			return;
		}
	}
	if (ev->type == CLIENT_OP_EVENT_SETTINGS)
		client_op_settings_refresh();
	if (ev->type == CLIENT_OP_EVENT_PERMS)
		client_op_session_refresh(screen_perms_changed);
	if (ev->name != NULL && strcmp(ev->name, "resync") == 0) {
		/*
		 * stashd held back events while this terminal was behind:
		 * what it shows may be stale. Each screen reads its state
		 * again on "connection ready", so say that.
		 */
		log_info("stashd: events were missed: refreshing");
		screen_hook_state();
		return;
	}
	if (screen_cur != NULL) {
		if (screen_cur->notify != NULL)
			screen_cur->notify(ev);
	}
	ui_screen_dirty();
}

static void
screen_hook_no_session(const char *message)
{
	if (screen_cur == &screen_login_entry)
		return;
	log_info("no session (%s): back to login", message);
	client_session_logout(0);
	if (client_driver_relogin())
		return;		/* the driver's screen stays */
	screen_go("login", NULL);
	ui_status_set(UI_WARN, "Your session has ended: log in again%s",
	    client_cart.n != 0 ? " (the cart is kept)" : "");
}

/*
 * Connected again, but the session went with the old connection: back to
 * login at once, the cart kept (a sale in doubt is sent again once someone
 * logs in and the register is back).
 */
static void
screen_hook_session_lost(void)
{
	if (screen_modal == SCREEN_MODAL_LOGOUT)
		screen_modal = SCREEN_MODAL_NONE;
	if (screen_cur != &screen_login_entry && client_driver_relogin()) {
		log_info("reconnected: the driver logs in again");
		return;		/* the driver works on, online again */
	}
	if (screen_cur != &screen_login_entry) {
		log_info("reconnected without a session: back to login");
		screen_go("login", NULL);
	}
	ui_status_set(UI_WARN, "Session ended when the connection was lost: "
	    "log in again%s", client_cart.n != 0 ? " (the cart is kept)" : "");
	ui_screen_beep();
}

static void
screen_hook_refused(const char *message)
{
	struct timeval	tv = { SCREEN_REFUSED_WAIT, 0 };

	log_warnx("%s", message);
	free(screen_refused_msg);
	screen_refused_msg = xstrdup(message);
	screen_modal = SCREEN_MODAL_REFUSED;
	evtimer_add(screen_refused_ev, &tv);
	ui_screen_dirty();
}

static void
screen_draw_title(void)
{
	char	 clock[32], *left, staff[128];

	client_session_time_str(util_now(), clock, sizeof clock);
	clock[16] = '\0';	/* "YYYY-MM-DD HH:MM" */
	if (client_session.logged_in)
		xsnprintf(staff, sizeof staff, " | %s (%s)",
		    client_session.staff_name, client_session.staff_role);
	else
		staff[0] = '\0';
	xasprintf(&left, "stash | %s%s%s%s",
	    *client_session.store_name != '\0' ? client_session.store_name :
	    "(not connected)", " | ", client_session.terminal, staff);
	ui_status_title(0, left, clock);
	free(left);
}

/* The banner while not connected; long reasons wrap. Returns its rows. */
static int
screen_draw_banner(int y)
{
	char			*s, *lines[SCREEN_BANNER_LINES];
	enum client_state	 st = client_state();
	int			 n, i;

	if (st == CLIENT_READY)
		return (0);
	if (client_connected_once()) {
		if (st == CLIENT_DISCONNECTED)
			xasprintf(&s, "Connection to stashd lost -- "
			    "reconnecting... (%s)", client_error());
		else
			xasprintf(&s, "Connection to stashd lost -- "
			    "reconnecting...");
	} else if (st == CLIENT_DISCONNECTED)
		xasprintf(&s, "Cannot reach stashd at %s (%s) -- retrying...",
		    client_address(), client_error());
	else
		xasprintf(&s, "Connecting to stashd at %s...",
		    client_address());
	n = ui_dialog_wrap(s, ui_screen_cols() - 2, lines, SCREEN_BANNER_LINES);
	free(s);
	for (i = 0; i < n; i++) {
		ui_status_banner(y + i, lines[i]);
		free(lines[i]);
	}
	return (n);
}

void
screen_draw(void)
{
	struct ui_rect	 body;
	int		 rows, cols;
	char		*s;

	ui_screen_begin();
	rows = ui_screen_rows();
	cols = ui_screen_cols();
	if (cols < SCREEN_MIN_COLS || rows < SCREEN_MIN_ROWS) {
		xasprintf(&s, "stash needs a %dx%d screen (this one is %dx%d)",
		    SCREEN_MIN_COLS, SCREEN_MIN_ROWS, cols, rows);
		ui_draw_str(rows / 2, 0, cols, UI_ERROR, s);
		free(s);
		ui_screen_end();
		return;
	}

	screen_draw_title();
	body.y = 1 + screen_draw_banner(1);
	body.x = 0;
	body.w = cols;
	body.h = rows - 1 - ui_status_rows() - body.y;
	if (screen_cur != NULL)
		screen_cur->draw(&body);
	ui_status_draw(rows - 1 - ui_status_rows());

	switch (screen_modal) {
	case SCREEN_MODAL_NONE:
		break;
	case SCREEN_MODAL_LOGOUT:
		xasprintf(&s, "The cart has %u line%s. Log out and empty it?",
		    client_cart.n, client_cart.n == 1 ? "" : "s");
		ui_dialog_message("Log out", s, "y: log out   n / Esc: stay",
		    UI_WARN);
		free(s);
		ui_screen_cursor(-1, -1);
		break;
	case SCREEN_MODAL_REFUSED:
		ui_dialog_message("Cannot continue", screen_refused_msg,
		    "press any key to exit", UI_ERROR);
		ui_screen_cursor(-1, -1);
		break;
	}
	ui_screen_end();
}
