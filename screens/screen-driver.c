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

#include "screen-driver.h"

/*
 * The driver's route (stash --driver). Without a trip on the handheld:
 * the driver's loaded trips, one taken with Enter (trip.take, then
 * trip.handheld kept in the handheld's file: this needs the connection).
 * With one: its stops in route order with ETA, address and what was done;
 * Enter opens a stop; a / d mark arrived and departed; s skips with a
 * reason; u / n move the selected stop up or down the route (with a
 * reason); F5 syncs now. The big status line says ONLINE or OFFLINE, how
 * many entries wait to sync, and the GPS fix's age.
 */

enum screen_driver_mode {
	DRIVER_PICK,		/* the driver's trips, to take one */
	DRIVER_WAIT,		/* taking one */
	DRIVER_ROUTE,
};

static void	screen_driver_enter(void *);
static void	screen_driver_leave(void);
static void	screen_driver_key(int, int64_t);
static void	screen_driver_draw(const struct ui_rect *);
static void	screen_driver_notify(const struct client_op_event *);

const struct screen_entry screen_driver_entry = {
	"driver",
	screen_driver_enter,
	screen_driver_leave,
	screen_driver_key,
	screen_driver_draw,
	screen_driver_notify,
	0		/* any session */
};

static const struct ui_fkey screen_driver_pick_keys[] = {
	{ "Enter", "Take trip" }, { "F5", "Refresh" }, { "F10", "Log out" },
};
static const struct ui_fkey screen_driver_route_keys[] = {
	{ "Enter", "Stop" }, { "a", "Arrived" }, { "d", "Departed" },
	{ "s", "Skip" }, { "u/n", "Move" }, { "F5", "Sync" },
	{ "F10", "Log out" },
};
static const struct ui_fkey screen_driver_prompt_keys[] = {
	{ "Enter", "OK" }, { "Esc", "Cancel" },
};

static enum screen_driver_mode	 screen_driver_mode;
static struct ui_list		 screen_driver_list;
static struct client_op_trips	 screen_driver_trips;
static int64_t			 screen_driver_mine[64];
static u_int			 screen_driver_nmine;
static int64_t			 screen_driver_taking;

/* The prompt both driver screens use. */
static struct ui_input		 screen_driver_in;
static char			 screen_driver_prompt[96];
static screen_driver_cb		 screen_driver_done;
static int			 screen_driver_asking;

/* --- shared ----------------------------------------------------------- */

char *
screen_driver_hhmm(int64_t t, char *out, size_t len)
{
	char	buf[64];

	if (t == 0) {
		snprintf(out, len, "--:--");
		return (out);
	}
	util_time_str(t, client_driver.tz[0] != '\0' ? client_driver.tz :
	    client_session.store_tz, buf, sizeof buf);
	snprintf(out, len, "%.5s", buf + 11);
	return (out);
}

/* The big status line: connection, what waits to sync, the GPS. */
void
screen_driver_status(int y)
{
	char		 gps[32], sync[48], line[160];
	int64_t		 age;
	int		 online;
	enum ui_colour	 c;

	online = client_state() == CLIENT_READY && client_session.logged_in;
	age = client_driver_fix_age();
	if (age < 0)
		snprintf(gps, sizeof gps, "NO GPS");
	else if (client_driver_fix_stale())
		snprintf(gps, sizeof gps, "GPS STALE %llds", (long long)age);
	else
		snprintf(gps, sizeof gps, "GPS %llds", (long long)age);
	if (client_driver.unsent == 0)
		snprintf(sync, sizeof sync, "ALL SYNCED");
	else
		snprintf(sync, sizeof sync, "%u TO SYNC%s",
		    client_driver.unsent, client_driver.syncing ?
		    " (sending)" : "");
	snprintf(line, sizeof line, "%s  |  %s  |  %s%s", online ? "ONLINE" :
	    "OFFLINE", sync, gps, client_driver.exceptions != 0 ?
	    "  |  EXCEPTIONS" : "");
	c = online ? UI_PASS : UI_BANNER;
	if (client_driver.journal_error[0] != '\0')
		c = UI_ERROR;
	ui_draw_fill(y, 0, 0, c);
	ui_draw_centre(y, 0, ui_screen_cols(), c, line);
}

void
screen_driver_ask(const char *prompt, int flags, screen_driver_cb done)
{
	snprintf(screen_driver_prompt, sizeof screen_driver_prompt, "%s",
	    prompt);
	ui_input_init(&screen_driver_in, 64, flags);
	screen_driver_done = done;
	screen_driver_asking = 1;
	ui_screen_dirty();
}

int
screen_driver_prompting(void)
{
	return (screen_driver_asking);
}

void
screen_driver_prompt_cancel(void)
{
	screen_driver_asking = 0;
	ui_input_clear(&screen_driver_in);
}

/* A key for the prompt, if one is open: 1 if it took it. */
int
screen_driver_prompt_key(int key)
{
	char			text[UI_INPUT_MAX];
	screen_driver_cb	done;

	if (!screen_driver_asking)
		return (0);
	ui_screen_dirty();
	if (key == UI_KEY_ESCAPE) {
		screen_driver_prompt_cancel();
		ui_status_set(UI_INFO, "Cancelled");
		return (1);
	}
	if (key == UI_KEY_ENTER) {
		snprintf(text, sizeof text, "%s",
		    ui_input_text(&screen_driver_in));
		done = screen_driver_done;
		screen_driver_prompt_cancel();
		done(text);
		return (1);
	}
	if (ui_input_key(&screen_driver_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
	return (1);
}

void
screen_driver_prompt_draw(int y, int x, int w)
{
	if (!screen_driver_asking)
		return;
	ui_draw_fill(y, x, w, UI_NORMAL);
	ui_input_draw(&screen_driver_in, y, x, w, screen_driver_prompt, 1);
	ui_fkeys_draw(ui_screen_rows() - 1, screen_driver_prompt_keys,
	    nitems(screen_driver_prompt_keys));
}

/* After client_driver_record: say it is done, or why it is not. */
void
screen_driver_recorded(int rc, char *cause)
{
	if (rc != 0) {
		ui_status_set(UI_ERROR, "NOT recorded: %s", cause);
		ui_screen_beep();
		free(cause);
		return;
	}
	ui_status_set(UI_OK, "Done: recorded on the handheld%s",
	    client_state() == CLIENT_READY ? "" : " (syncs when online)");
}

/* --- taking a trip ---------------------------------------------------- */

static void
screen_driver_pick_line(__unused void *arg, u_int idx, char *out, size_t len,
    __unused enum ui_colour *c)
{
	const struct client_op_trip	*t = NULL;
	u_int				 i;

	for (i = 0; i < screen_driver_trips.n; i++) {
		if (screen_driver_trips.list[i].id == screen_driver_mine[idx])
			t = &screen_driver_trips.list[i];
	}
	if (t == NULL)
		return;
	snprintf(out, len, " Trip %-5lld %-8s vehicle %-10s %u stop%s",
	    (long long)t->id, t->status, t->vehicle, t->norders,
	    t->norders == 1 ? "" : "s");
}

static void
screen_driver_listed(const struct client_op_error *err,
    const struct client_op_trips *l, __unused void *arg)
{
	u_int	i;

	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	client_op_trip_list_free(&screen_driver_trips);
	screen_driver_trips = *l;
	/* The list is ours now: the caller's is not freed twice. */
	screen_driver_trips.list = xreallocarray(NULL, l->n + 1,
	    sizeof *l->list);
	memcpy(screen_driver_trips.list, l->list, l->n * sizeof *l->list);
	screen_driver_nmine = 0;
	for (i = 0; i < l->n && screen_driver_nmine <
	    (u_int)nitems(screen_driver_mine); i++) {
		if (l->list[i].driver != client_session.staff_id ||
		    (strcmp(l->list[i].status, "loaded") != 0 &&
		    strcmp(l->list[i].status, "out") != 0))
			continue;
		screen_driver_mine[screen_driver_nmine++] = l->list[i].id;
	}
	ui_list_set_count(&screen_driver_list, screen_driver_nmine);
	if (screen_driver_nmine == 0)
		ui_status_set(UI_WARN, "No loaded trip for you: ask the "
		    "store to load one, then F5");
	else
		ui_status_set(UI_INFO, "Pick your trip and press Enter to "
		    "take it over");
}

static void
screen_driver_load_trips(void)
{
	client_op_trip_list(screen_driver_listed, (void *)&screen_driver_entry);
}

static void
screen_driver_got_bundle(const struct client_op_error *err,
    __unused void *arg)
{
	ui_screen_dirty();
	if (err->code != NULL && strcmp(err->code, "not-kept") == 0) {
		screen_driver_mode = DRIVER_PICK;
		ui_status_set(UI_ERROR, "The trip could not be kept on this "
		    "handheld: %s", err->message);
		return;
	}
	if (err->code != NULL) {
		screen_driver_mode = DRIVER_PICK;
		screen_request_error(err->code, err->message);
		return;
	}
	screen_driver_mode = DRIVER_ROUTE;
	ui_list_set_count(&screen_driver_list, client_driver.nstops);
	ui_list_select(&screen_driver_list, 0);
	ui_status_set(UI_OK, "Trip %lld is yours: %u stops on this handheld",
	    (long long)client_driver.trip, client_driver.nstops);
}

static void
screen_driver_taken(const struct client_op_error *err, __unused void *arg)
{
	if (err->code != NULL) {
		screen_driver_mode = DRIVER_PICK;
		screen_request_error(err->code, err->message);
		return;
	}
	client_driver_download(screen_driver_taking,
	    screen_driver_got_bundle, (void *)&screen_driver_entry);
	ui_status_set(UI_INFO, "Downloading the trip...");
}

static void
screen_driver_take(void)
{
	if (screen_driver_nmine == 0)
		return;
	if (client_state() != CLIENT_READY) {
		ui_status_set(UI_ERROR, "Taking a trip needs the connection to "
		    "the store");
		return;
	}
	screen_driver_taking = screen_driver_mine[screen_driver_list.sel];
	screen_driver_mode = DRIVER_WAIT;
	client_op_driver_take(screen_driver_taking, screen_driver_taken,
	    (void *)&screen_driver_entry);
	ui_status_set(UI_INFO, "Taking trip %lld...",
	    (long long)screen_driver_taking);
}

/* --- the route -------------------------------------------------------- */

static const char *
screen_driver_state(const struct driver_stop *s, enum ui_colour *c)
{
	switch (s->outcome) {
	case DRIVER_DELIVERED:
		*c = s->exception[0] != '\0' ? UI_WARN : UI_OK;
		return (s->exception[0] != '\0' ? "EXCEPTION" : "delivered");
	case DRIVER_FAILED:
		*c = UI_DIM;
		return ("refused");
	case DRIVER_SKIPPED:
		*c = UI_DIM;
		return ("skipped");
	default:
		break;
	}
	if (s->departed != 0)
		return ("departed");
	if (s->arrived != 0) {
		*c = UI_INFO;
		return ("ARRIVED");
	}
	return ("");
}

static void
screen_driver_route_line(__unused void *arg, u_int idx, char *out,
    size_t len, enum ui_colour *c)
{
	const struct driver_stop	*s;
	const char			*st;
	char				 eta[16];

	s = &client_driver.stops[client_driver.route[idx]];
	st = screen_driver_state(s, c);
	snprintf(out, len, "%2u %s  %-40.40s %-10s %s", idx + 1,
	    screen_driver_hhmm(s->eta, eta, sizeof eta), s->address, st,
	    s->synced ? "" : (s->outcome != DRIVER_OPEN ? "*" : ""));
}

static struct driver_stop *
screen_driver_selected(void)
{
	if (client_driver.nstops == 0 ||
	    screen_driver_list.sel >= client_driver.nstops)
		return (NULL);
	return (&client_driver.stops[client_driver.route[
	    screen_driver_list.sel]]);
}

static void
screen_driver_got_skip(const char *text)
{
	struct driver_stop	*s;
	char			*cause = NULL;
	int			 rc;

	if ((s = screen_driver_selected()) == NULL)
		return;
	if (*text == '\0') {
		ui_status_set(UI_ERROR, "A skip needs a reason");
		return;
	}
	rc = client_driver_reason("skip", s, text, &cause);
	screen_driver_recorded(rc, cause);
}

static u_int	screen_driver_move_to;

static void
screen_driver_got_move(const char *text)
{
	u_int	 from = screen_driver_list.sel;
	char	*cause;

	if (*text == '\0') {
		ui_status_set(UI_ERROR, "A change of route needs a reason");
		return;
	}
	if (client_driver_move(from, screen_driver_move_to, text,
	    &cause) != 0) {
		ui_status_set(UI_ERROR, "The route is not changed: %s", cause);
		free(cause);
		return;
	}
	ui_list_select(&screen_driver_list, screen_driver_move_to);
	log_info("driver: stop moved from %u to %u", from + 1,
	    screen_driver_move_to + 1);
	ui_status_set(UI_OK, "Stop moved to %u (%s)", screen_driver_move_to +
	    1, text);
}

static void
screen_driver_route_key(int key)
{
	struct driver_stop	*s = screen_driver_selected();
	char			*cause = NULL;
	u_int			 sel = screen_driver_list.sel;

	switch (key) {
	case UI_KEY_ENTER:
		if (s != NULL)
			screen_go("driver-stop", s);
		return;
	case 'a':
	case 'A':
		if (s == NULL || s->arrived != 0) {
			ui_status_set(UI_WARN, "Already marked arrived");
			return;
		}
		screen_driver_recorded(client_driver_record("arrive", s, NULL,
		    &cause), cause);
		return;
	case 'd':
	case 'D':
		if (s == NULL || s->departed != 0) {
			ui_status_set(UI_WARN, "Already marked departed");
			return;
		}
		screen_driver_recorded(client_driver_record("depart", s, NULL,
		    &cause), cause);
		return;
	case 's':
	case 'S':
		if (s == NULL || s->outcome != DRIVER_OPEN) {
			ui_status_set(UI_WARN, "This stop is done");
			return;
		}
		screen_driver_ask("Skip: reason:", 0, screen_driver_got_skip);
		return;
	case 'u':
	case 'U':
	case 'n':
	case 'N':
		if (s == NULL)
			return;
		if ((key == 'u' || key == 'U') && sel == 0)
			return;
		if ((key == 'n' || key == 'N') && sel + 1 >=
		    client_driver.nstops)
			return;
		screen_driver_move_to = (key == 'u' || key == 'U') ? sel - 1 :
		    sel + 1;
		screen_driver_ask("Change of route: reason:", 0,
		    screen_driver_got_move);
		return;
	case UI_KEY_F(5):
		client_driver_connected();
		ui_status_set(UI_INFO, client_state() == CLIENT_READY ?
		    "Syncing..." : "Offline: the journal syncs when the "
		    "connection is back");
		return;
	}
}

/* --- the screen ------------------------------------------------------- */

/* The store closed the trip and the handheld is wiped: pick the next. */
static void
screen_driver_closed(void)
{
	screen_go("driver", NULL);
	ui_status_set(UI_OK, "The trip is closed: its customer data is "
	    "wiped from this handheld");
}

static void
screen_driver_enter(__unused void *arg)
{
	client_driver.closed = screen_driver_closed;
	screen_driver_prompt_cancel();
	if (client_driver.trip != 0) {
		screen_driver_mode = DRIVER_ROUTE;
		ui_list_init(&screen_driver_list, screen_driver_route_line,
		    NULL);
		ui_list_set_count(&screen_driver_list, client_driver.nstops);
		return;
	}
	screen_driver_mode = DRIVER_PICK;
	ui_list_init(&screen_driver_list, screen_driver_pick_line, NULL);
	screen_driver_nmine = 0;
	screen_driver_load_trips();
}

static void
screen_driver_leave(void)
{
	screen_driver_prompt_cancel();
	client_op_trip_list_free(&screen_driver_trips);
}

static void
screen_driver_notify(const struct client_op_event *ev)
{
	if (ev->type == CLIENT_OP_EVENT_CONNECTION &&
	    screen_driver_mode == DRIVER_PICK)
		screen_driver_load_trips();
}

static void
screen_driver_key(int key, __unused int64_t when)
{
	if (screen_driver_prompt_key(key))
		return;
	if (screen_driver_mode == DRIVER_WAIT)
		return;
	if (screen_common_key(key))
		return;
	if (ui_list_key(&screen_driver_list, key))
		return;
	if (screen_driver_mode == DRIVER_PICK) {
		if (key == UI_KEY_ENTER)
			screen_driver_take();
		else if (key == UI_KEY_F(5))
			screen_driver_load_trips();
		return;
	}
	screen_driver_route_key(key);
}

static void
screen_driver_draw(const struct ui_rect *r)
{
	struct ui_rect		 list;
	struct driver_stop	*s;
	u_int			 done = 0, i;
	size_t			 off;
	int			 weight;
	char			 eta[16], holds[256];

	screen_driver_status(r->y);
	if (screen_driver_mode != DRIVER_ROUTE) {
		ui_draw_fill(r->y + 1, r->x, r->w, UI_HEADER);
		ui_draw_text(r->y + 1, r->x + 1, r->w - 2, UI_HEADER,
		    "Your trips (take one over from the loader)");
		list.x = r->x;
		list.y = r->y + 2;
		list.w = r->w;
		list.h = r->h - 3;
		ui_list_draw(&screen_driver_list, &list);
		if (screen_driver_prompting())
			screen_driver_prompt_draw(r->y + r->h - 1, r->x + 1,
			    r->w - 2);
		else
			ui_fkeys_draw(ui_screen_rows() - 1,
			    screen_driver_pick_keys,
			    nitems(screen_driver_pick_keys));
		return;
	}
	for (i = 0; i < client_driver.nstops; i++)
		done += client_driver.stops[i].outcome != DRIVER_OPEN;
	ui_draw_fill(r->y + 1, r->x, r->w, UI_HEADER);
	ui_draw_text(r->y + 1, r->x + 1, r->w - 2, UI_HEADER,
	    "Trip %lld  %u of %u stops done   #  ETA    address",
	    (long long)client_driver.trip, done, client_driver.nstops);
	list.x = r->x;
	list.y = r->y + 2;
	list.w = r->w;
	list.h = r->h - 7;
	ui_list_draw(&screen_driver_list, &list);
	if ((s = screen_driver_selected()) != NULL) {
		ui_draw_hline(r->y + r->h - 5, r->x, r->w, UI_DIM);
		ui_draw_text(r->y + r->h - 4, r->x + 1, r->w - 2, UI_NORMAL,
		    "Next: %s  ETA %s", s->address, screen_driver_hhmm(s->eta,
		    eta, sizeof eta));
		for (i = 0, off = 0; i < s->nlines && off < sizeof holds;
		    i++) {
			weight = strcmp(s->lines[i].unit, "weight") == 0;
			off += snprintf(holds + off, sizeof holds - off,
			    "%s%s %s%lld%s", i == 0 ? "" : ", ",
			    s->lines[i].name, weight ? "" : "x",
			    (long long)(weight ? s->lines[i].qty / 1000 :
			    s->lines[i].qty), weight ? " g" : "");
		}
		ui_draw_text(r->y + r->h - 3, r->x + 1, r->w - 2, UI_NORMAL,
		    "Holds: %s", s->nlines != 0 ? holds : "-");
		ui_draw_text(r->y + r->h - 2, r->x + 1, r->w - 2, UI_DIM,
		    "Notes: %s", s->notes[0] != '\0' ? s->notes : "-");
	}
	if (client_driver.journal_error[0] != '\0')
		ui_draw_text(r->y + r->h - 1, r->x + 1, r->w - 2, UI_ERROR,
		    "%s", client_driver.journal_error);
	else if (client_driver.sync_error[0] != '\0')
		ui_draw_text(r->y + r->h - 1, r->x + 1, r->w - 2, UI_WARN,
		    "Sync: %s", client_driver.sync_error);
	if (screen_driver_prompting())
		screen_driver_prompt_draw(r->y + r->h - 1, r->x + 1, r->w - 2);
	else
		ui_fkeys_draw(ui_screen_rows() - 1, screen_driver_route_keys,
		    nitems(screen_driver_route_keys));
}
