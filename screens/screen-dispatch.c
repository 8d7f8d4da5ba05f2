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

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "client-op.h"

/*
 * The dispatch board (^D on the stock console): the open and recent
 * delivery and pickup orders by status (new, packing, packed, assigned,
 * out, delivered, failed, returned) with their ages; the trips with their
 * driver, vehicle, stops done and left and, when out, how late or early
 * the next stop is against the ETA planned at departure; and a map panel: the store (@)
 * and every order with coordinates on a latitude/longitude box scaled to
 * the panel, a trip's stops by their trip's number, other orders as *,
 * the selected order as #. F2 assigns the selected order to a planned
 * trip (trip.assign); F3 re-optimises a trip's stops (trip.optimise). The
 * board reads everything again on each order, trip and stock event. A
 * trip with no fix is late by the time since it was read as well (stashd
 * counts its ETA as now plus the planned leg), so its drift ticks on the
 * board between events; with a fix the drift stands until the next fix.
 */

enum screen_dispatch_mode {
	DISPATCH_BOARD,
	DISPATCH_PROMPT,
	DISPATCH_WAIT,
};

typedef void	(*screen_dispatch_cb)(const char *);

static void	screen_dispatch_enter(void *);
static void	screen_dispatch_leave(void);
static void	screen_dispatch_key(int, int64_t);
static void	screen_dispatch_notify(const struct client_op_event *);
static void	screen_dispatch_draw(const struct ui_rect *);

const struct screen_entry screen_dispatch_entry = {
	.name = "dispatch",
	.enter = screen_dispatch_enter,
	.leave = screen_dispatch_leave,
	.key = screen_dispatch_key,
	.draw = screen_dispatch_draw,
	.notify = screen_dispatch_notify,
};

#define DISPATCH_ME	((void *)&screen_dispatch_entry)

#define nitems(a) (sizeof (a) / sizeof (a)[0])
#ifndef MINIMUM
#define MINIMUM(a, b)	((a) < (b) ? (a) : (b))
#endif
#ifndef MAXIMUM
#define MAXIMUM(a, b)	((a) > (b) ? (a) : (b))
#endif

static const struct ui_fkey screen_dispatch_keys[] = {
	{ "F2", "Assign" },
	{ "F3", "Optimise" },
	{ "F5", "Refresh" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_dispatch_prompt_keys[] = {
	{ "Enter", "OK" },
	{ "Esc", "Cancel" },
};

/* The board's statuses, in their order. */
static const char *screen_dispatch_status[] = {
	"new", "packing", "packed", "assigned", "out", "delivered", "failed",
	"returned",
};

static enum screen_dispatch_mode screen_dispatch_mode;
static struct client_op_order	*screen_dispatch_orders;
static u_int			 screen_dispatch_norders;
static struct client_op_trips	 screen_dispatch_trips;
static struct ui_list		 screen_dispatch_list;
static struct ui_input		 screen_dispatch_in;
static char			 screen_dispatch_prompt[96];
static screen_dispatch_cb	 screen_dispatch_done;
static struct event		*screen_dispatch_tick_ev;	/* each second */

static void	screen_dispatch_load(void);

static int
screen_dispatch_rank(const char *status)
{
	u_int	i;

	for (i = 0; i < nitems(screen_dispatch_status); i++) {
		if (strcmp(status, screen_dispatch_status[i]) == 0)
			return ((int)i);
	}
	return (-1);
}

static int
screen_dispatch_cmp(const void *a, const void *b)
{
	const struct client_op_order	*x = a, *y = b;
	int				 d;

	d = screen_dispatch_rank(x->status) - screen_dispatch_rank(y->status);
	if (d != 0)
		return (d);
	return (x->created < y->created ? -1 : x->created > y->created);
}

static void
screen_dispatch_idle(void)
{
	ui_input_init(&screen_dispatch_in, 16, 0);
	screen_dispatch_mode = DISPATCH_BOARD;
	ui_screen_dirty();
}

static void
screen_dispatch_ask(const char *prompt, screen_dispatch_cb done)
{
	snprintf(screen_dispatch_prompt, sizeof screen_dispatch_prompt, "%s",
	    prompt);
	ui_input_init(&screen_dispatch_in, 16, UI_INPUT_DIGITS);
	screen_dispatch_done = done;
	screen_dispatch_mode = DISPATCH_PROMPT;
	ui_screen_dirty();
}

static const char *
screen_dispatch_age(int64_t t, char *out, size_t len)
{
	int64_t	s = (util_now() - t) / 1000000;

	if (s < 0)
		s = 0;
	if (s < 3600)
		snprintf(out, len, "%lldm", (long long)(s / 60));
	else if (s < 86400)
		snprintf(out, len, "%lldh", (long long)(s / 3600));
	else
		snprintf(out, len, "%lldd", (long long)(s / 86400));
	return (out);
}

/*
 * A trip's ETA drift in whole minutes, toward zero: "+12m late", "on
 * time" (under a minute either way), "-3m early"; "" when unknown.
 */
static const char *
screen_dispatch_drift(const struct client_op_trip *t, char *out, size_t len)
{
	long long	m;
	int64_t		s;

	if (!t->has_drift) {
		*out = '\0';
		return (out);
	}
	s = t->eta_drift_s;
	if (t->fix_at == 0)	/* now plus the leg: later as time goes */
		s += (util_now() - t->read_at) / 1000000;
	m = (long long)(s / 60);
	if (m > 999)		/* a row's room: "+999m late" at most */
		m = 999;
	else if (m < -999)
		m = -999;
	if (m > 0)
		snprintf(out, len, " +%lldm late", m);
	else if (m < 0)
		snprintf(out, len, " %lldm early", m);
	else
		snprintf(out, len, " on time");
	return (out);
}

static void
screen_dispatch_line(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	const struct client_op_order	*o;
	char				 age[16], trip[16];

	if (idx >= screen_dispatch_norders)
		return;
	o = &screen_dispatch_orders[idx];
	if (strcmp(o->status, "failed") == 0)
		*c = UI_ERROR;
	else if (strcmp(o->status, "delivered") == 0 ||
	    strcmp(o->status, "returned") == 0)
		*c = UI_DIM;
	trip[0] = '\0';
	if (o->trip != 0)
		snprintf(trip, sizeof trip, "T%lld", (long long)o->trip);
	snprintf(out, len, " #%-4lld %-9s %-8.8s %4s %s", (long long)o->id,
	    o->status, o->channel, screen_dispatch_age(o->created, age,
	    sizeof age), trip);
}

static void
screen_dispatch_listed(const struct client_op_error *err,
    const struct client_op_orders *l, __unused void *arg)
{
	u_int	i;

	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	free(screen_dispatch_orders);
	screen_dispatch_orders = NULL;
	screen_dispatch_norders = 0;
	if (l->n != 0)
		screen_dispatch_orders = xcalloc(l->n,
		    sizeof *screen_dispatch_orders);
	for (i = 0; i < l->n; i++) {
		if (screen_dispatch_rank(l->list[i].status) != -1)
			screen_dispatch_orders[screen_dispatch_norders++] =
			    l->list[i];
	}
	if (screen_dispatch_norders != 0)
		qsort(screen_dispatch_orders, screen_dispatch_norders,
		    sizeof *screen_dispatch_orders, screen_dispatch_cmp);
	ui_list_set_count(&screen_dispatch_list, screen_dispatch_norders);
	ui_screen_dirty();
}

static void
screen_dispatch_tripped(const struct client_op_error *err,
    const struct client_op_trips *l, __unused void *arg)
{
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	client_op_trip_list_free(&screen_dispatch_trips);
	screen_dispatch_trips = *l;
	if (l->n != 0) {
		screen_dispatch_trips.list = xcalloc(l->n, sizeof *l->list);
		memcpy(screen_dispatch_trips.list, l->list, l->n *
		    sizeof *l->list);
	}
	ui_screen_dirty();
}

static void
screen_dispatch_load(void)
{
	client_op_order_list(NULL, screen_dispatch_listed, DISPATCH_ME);
	client_op_trip_list(screen_dispatch_tripped, DISPATCH_ME);
}

static const struct client_op_order *
screen_dispatch_selected(void)
{
	if (screen_dispatch_list.sel >= screen_dispatch_norders)
		return (NULL);
	return (&screen_dispatch_orders[screen_dispatch_list.sel]);
}

static void
screen_dispatch_trip_done(const struct client_op_error *err,
    const struct client_op_trip *t, void *arg)
{
	screen_dispatch_idle();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	ui_status_set(UI_OK, "Trip %lld %s: %u stop%s", (long long)t->id,
	    arg == NULL ? "optimised" : "assigned", t->norders,
	    t->norders == 1 ? "" : "s");
	screen_dispatch_load();
}

static int64_t
screen_dispatch_number(const char *text)
{
	const char	*errstr;
	long long	 n;

	n = util_strtonum(text, 1, INT64_MAX, &errstr);
	if (errstr != NULL) {
		ui_status_set(UI_ERROR, "Type the trip's number, e.g. 1");
		ui_screen_beep();
		return (0);
	}
	return (n);
}

static void
screen_dispatch_got_assign(const char *text)
{
	const struct client_op_order	*o;
	int64_t				 trip;

	if ((o = screen_dispatch_selected()) == NULL ||
	    (trip = screen_dispatch_number(text)) == 0)
		return;
	screen_dispatch_mode = DISPATCH_WAIT;
	client_op_trip_assign(trip, o->id, screen_dispatch_trip_done,
	    DISPATCH_ME);
}

static void
screen_dispatch_got_optimise(const char *text)
{
	int64_t	trip;

	if ((trip = screen_dispatch_number(text)) == 0)
		return;
	screen_dispatch_mode = DISPATCH_WAIT;
	client_op_trip_optimise(trip, screen_dispatch_trip_done, NULL);
}

/* Each second: a drift without a fix moves on, so draw the board again. */
static void
screen_dispatch_tick(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	u_int	i;

	for (i = 0; i < screen_dispatch_trips.n; i++) {
		if (screen_dispatch_trips.list[i].has_drift &&
		    screen_dispatch_trips.list[i].fix_at == 0) {
			ui_screen_dirty();
			break;
		}
	}
}

static void
screen_dispatch_enter(__unused void *arg)
{
	struct timeval	tv = { 1, 0 };

	free(screen_dispatch_orders);
	screen_dispatch_orders = NULL;
	screen_dispatch_norders = 0;
	memset(&screen_dispatch_trips, 0, sizeof screen_dispatch_trips);
	ui_list_init(&screen_dispatch_list, screen_dispatch_line, NULL);
	screen_dispatch_idle();
	screen_dispatch_load();
	screen_dispatch_tick_ev = event_new(client_mode.base, -1, EV_PERSIST,
	    screen_dispatch_tick, NULL);
	evtimer_add(screen_dispatch_tick_ev, &tv);
	ui_status_set(UI_INFO, "Dispatch: F2 assigns the selected order to "
	    "a trip");
}

static void
screen_dispatch_leave(void)
{
	if (screen_dispatch_tick_ev != NULL)
		event_free(screen_dispatch_tick_ev);
	screen_dispatch_tick_ev = NULL;
	free(screen_dispatch_orders);
	screen_dispatch_orders = NULL;
	screen_dispatch_norders = 0;
	client_op_trip_list_free(&screen_dispatch_trips);
	ui_input_clear(&screen_dispatch_in);
}

static void
screen_dispatch_notify(const struct client_op_event *ev)
{
	if (ev->type == CLIENT_OP_EVENT_CONNECTION ||
	    ev->type == CLIENT_OP_EVENT_STOCK || (ev->name != NULL &&
	    (strcmp(ev->name, "order") == 0 || strcmp(ev->name, "trip") == 0 ||
	    strcmp(ev->name, "resync") == 0)))
		screen_dispatch_load();
}

static void
screen_dispatch_key(int key, __unused int64_t when)
{
	const struct client_op_order	*o;
	char				 text[UI_INPUT_MAX], p[96];

	if (screen_dispatch_mode == DISPATCH_WAIT)
		return;
	if (screen_dispatch_mode == DISPATCH_PROMPT) {
		if (key == UI_KEY_ESCAPE) {
			screen_dispatch_idle();
			ui_status_clear();
		} else if (key == UI_KEY_ENTER) {
			snprintf(text, sizeof text, "%s",
			    ui_input_text(&screen_dispatch_in));
			screen_dispatch_done(text);
		} else if (ui_input_key(&screen_dispatch_in, key) ==
		    UI_INPUT_REFUSED)
			ui_screen_beep();
		return;
	}
	if (screen_common_key(key))
		return;
	if (ui_list_key(&screen_dispatch_list, key))
		return;
	switch (key) {
	case UI_KEY_F(2):
		if ((o = screen_dispatch_selected()) == NULL) {
			ui_status_set(UI_ERROR, "No order selected");
			return;
		}
		snprintf(p, sizeof p, "Assign order %lld to trip:",
		    (long long)o->id);
		screen_dispatch_ask(p, screen_dispatch_got_assign);
		return;
	case UI_KEY_F(3):
		screen_dispatch_ask("Re-optimise trip:",
		    screen_dispatch_got_optimise);
		return;
	case UI_KEY_F(5):
		screen_dispatch_load();
		return;
	case UI_KEY_ESCAPE:
		screen_go("inventory", NULL);
		return;
	}
}

/* The trip an order is a stop of, and its number there (1..). */
static const struct client_op_trip *
screen_dispatch_trip_of(int64_t order, u_int *stop)
{
	const struct client_op_trip	*t;
	u_int				 i, k;

	for (i = 0; i < screen_dispatch_trips.n; i++) {
		t = &screen_dispatch_trips.list[i];
		for (k = 0; k < t->norders; k++) {
			if (t->orders[k].id == order) {
				*stop = k + 1;
				return (t);
			}
		}
	}
	return (NULL);
}

/*
 * The map: a box of latitude and longitude around the store and every
 * order with coordinates, with a margin, scaled to the panel (north up).
 */
static void
screen_dispatch_map(const struct ui_rect *r)
{
	const struct client_op_trips	*tl = &screen_dispatch_trips;
	const struct client_op_order	*o, *sel = screen_dispatch_selected();
	const struct client_op_trip	*t;
	struct ui_rect			 in;
	int64_t				 lat0, lat1, lon0, lon1, d;
	int				 any = 0, y, x;
	u_int				 i, stop;
	char				 mark[4];

	ui_draw_box(r, UI_BOX, "Map");
	in.x = r->x + 1;
	in.y = r->y + 1;
	in.w = r->w - 2;
	in.h = r->h - 2;
	if (in.w < 4 || in.h < 3)
		return;
	lat0 = lon0 = INT64_MAX;
	lat1 = lon1 = INT64_MIN;
	if (tl->located) {
		lat0 = lat1 = tl->lat;
		lon0 = lon1 = tl->lon;
		any = 1;
	}
	for (i = 0; i < screen_dispatch_norders; i++) {
		o = &screen_dispatch_orders[i];
		if (!o->has_address)
			continue;
		lat0 = MINIMUM(lat0, o->lat);
		lat1 = MAXIMUM(lat1, o->lat);
		lon0 = MINIMUM(lon0, o->lon);
		lon1 = MAXIMUM(lon1, o->lon);
		any = 1;
	}
	if (!any) {
		ui_draw_str(in.y + in.h / 2, in.x + 1, in.w - 2, UI_DIM,
		    "no addresses");
		return;
	}
	/* A margin of a tenth, and at least 0.002 degrees across. */
	d = MAXIMUM((lat1 - lat0) / 10, 1000);
	lat0 -= d;
	lat1 += d;
	d = MAXIMUM((lon1 - lon0) / 10, 1000);
	lon0 -= d;
	lon1 += d;
	for (y = 0; y < in.h; y++) {
		for (x = 0; x < in.w; x++)
			ui_draw_str(in.y + y, in.x + x, 1, UI_DIM, ".");
	}
#define MAP_Y(lat) (in.y + (int)((lat1 - (lat)) * (in.h - 1) / (lat1 - lat0)))
#define MAP_X(lon) (in.x + (int)(((lon) - lon0) * (in.w - 1) / (lon1 - lon0)))
	for (i = 0; i < screen_dispatch_norders; i++) {
		o = &screen_dispatch_orders[i];
		if (!o->has_address || o == sel)
			continue;
		t = screen_dispatch_trip_of(o->id, &stop);
		if (t != NULL)
			snprintf(mark, sizeof mark, "%lld", (long long)(t->id %
			    10));
		else
			snprintf(mark, sizeof mark, "*");
		ui_draw_str(MAP_Y(o->lat), MAP_X(o->lon), 1, t != NULL ?
		    UI_OK : UI_WARN, mark);
	}
	if (sel != NULL && sel->has_address)
		ui_draw_str(MAP_Y(sel->lat), MAP_X(sel->lon), 1, UI_SELECTED,
		    "#");
	if (tl->located)
		ui_draw_str(MAP_Y(tl->lat), MAP_X(tl->lon), 1, UI_TITLE, "@");
#undef MAP_Y
#undef MAP_X
}

static void
screen_dispatch_draw(const struct ui_rect *r)
{
	const struct client_op_trip	*t;
	struct ui_rect			 list, map;
	char				 counts[128], age[16], drift[32], state[32];
	size_t				 off = 0;
	u_int				 i, k, n, done, ntrips;
	int				 left, y;

	left = r->w - MAXIMUM(r->w * 2 / 5, 24);
	map.x = r->x + left;
	map.y = r->y;
	map.w = r->w - left;
	map.h = r->h - 1;

	for (i = 0; i < nitems(screen_dispatch_status); i++) {
		for (n = k = 0; k < screen_dispatch_norders; k++)
			n += strcmp(screen_dispatch_orders[k].status,
			    screen_dispatch_status[i]) == 0;
		if (n == 0)
			continue;
		off += snprintf(counts + off, sizeof counts - off, "%s%s %u",
		    off == 0 ? "" : " ", screen_dispatch_status[i], n);
		if (off >= sizeof counts)
			break;
	}
	ui_draw_fill(r->y, r->x, left, UI_HEADER);
	ui_draw_text(r->y, r->x + 1, left - 2, UI_HEADER, "Orders: %s",
	    off == 0 ? "none" : counts);

	ntrips = MINIMUM(screen_dispatch_trips.n, (u_int)MAXIMUM(r->h / 3,
	    2));
	list.x = r->x;
	list.y = r->y + 1;
	list.w = left;
	list.h = r->h - 3 - (int)ntrips;
	if (screen_dispatch_norders != 0)
		ui_list_draw(&screen_dispatch_list, &list);
	y = list.y + list.h;
	ui_draw_fill(y, r->x, left, UI_HEADER);
	ui_draw_text(y, r->x + 1, left - 2, UI_HEADER, "Trips: %u",
	    screen_dispatch_trips.n);
	for (i = 0; i < ntrips; i++) {
		t = &screen_dispatch_trips.list[i];
		for (done = k = 0; k < t->norders; k++)
			done += strcmp(t->orders[k].status, "delivered") == 0 ||
			    strcmp(t->orders[k].status, "failed") == 0;
		/*
		 * A trip out with an ETA drift shows it where its status
		 * was (it is out): the row keeps to the panel's width.
		 */
		screen_dispatch_drift(t, drift, sizeof drift);
		if (*drift != '\0')
			snprintf(state, sizeof state, "%-7s", drift + 1);
		else
			snprintf(state, sizeof state, "%-7s", t->status);
		if (t->fix_at == 0) {
			ui_draw_text(y + 1 + (int)i, r->x + 1, left - 2,
			    UI_NORMAL, "T%-3lld %s drv %-3lld %-8.8s %u done "
			    "%u left", (long long)t->id, state,
			    (long long)t->driver, t->vehicle, done,
			    t->norders - done);
			continue;
		}
		/* A handheld's trip: its last fix's age, off its leg? */
		ui_draw_text(y + 1 + (int)i, r->x + 1, left - 2, t->off_route ||
		    t->exceptions != 0 ? UI_WARN : UI_NORMAL, "T%-3lld %s "
		    "drv %-3lld %u/%u fix %s%s%s%s", (long long)t->id,
		    state, (long long)t->driver, done, t->norders,
		    screen_dispatch_age(t->fix_at, age, sizeof age),
		    t->off_route ? " OFF ROUTE" : "", t->rerouted ? " REROUTED" :
		    "", t->exceptions != 0 ? " EXC" : "");
	}
	screen_dispatch_map(&map);

	if (screen_dispatch_mode == DISPATCH_PROMPT) {
		ui_input_draw(&screen_dispatch_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, screen_dispatch_prompt, 1);
		ui_fkeys_draw(ui_screen_rows() - 1,
		    screen_dispatch_prompt_keys,
		    nitems(screen_dispatch_prompt_keys));
	} else
		ui_fkeys_draw(ui_screen_rows() - 1, screen_dispatch_keys,
		    nitems(screen_dispatch_keys));
}
