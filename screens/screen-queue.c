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

#include "client-op.h"

/*
 * The door queue: who is waiting, oldest first, and for how long. The list
 * is fetched with queue.list and then kept by the server's queue events
 * (added, called, left), which every terminal gets; the screen showing it
 * (this one at the register, the door station) passes its events on to
 * screen_queue_event. Waiting minutes are worked out from when each
 * customer was added, so they move with the clock without asking again.
 *
 * The queue screen (F11 at the register): Enter calls the customer picked
 * (F2 the one waiting longest) with queue.call, and the register is shown
 * with them attached as F8 would (screen_go passes the CUSTOMER on). F4
 * says the customer picked has left.
 *
 * Queue entries carry only a first name and last initial; nothing of them
 * is logged but ticket and customer numbers.
 */

static void	screen_queue_enter(void *);
static void	screen_queue_leave(void);
static void	screen_queue_key(int, int64_t);
static void	screen_queue_notify(const struct client_op_event *);
static void	screen_queue_draw(const struct ui_rect *);

const struct screen_entry screen_queue_entry = {
	.name = "queue",
	.enter = screen_queue_enter,
	.leave = screen_queue_leave,
	.key = screen_queue_key,
	.notify = screen_queue_notify,
	.draw = screen_queue_draw,
};
#define QUEUE_ME	((void *)&screen_queue_entry)

static const struct ui_fkey screen_queue_keys[] = {
	{ "Enter", "Call" },
	{ "F2", "Call next" },
	{ "F4", "Left" },
	{ "Esc", "Register" },
	{ "F10", "Logout" },
};
#define nitems(a) (sizeof (a) / sizeof (a)[0])

#define QUEUE_NAME	24	/* columns of a name in the list */

static struct client_op_queue_list screen_queue_waiting; /* oldest first */
static int		 screen_queue_loaded;	/* queue.list answered */
static int		 screen_queue_busy;	/* queue.call or remove asked */
static struct ui_list	 screen_queue_list;

/* Whole minutes an entry has waited, by the server's clock. */
static int64_t
screen_queue_minutes(const struct client_op_queue_entry *e)
{
	int64_t	added, now = client_session_now();

	added = e->added;
	if (added <= 0 || added > now)
		return (0);
	return ((now - added) / 60000000);
}

/* One line of the queue: ticket, name, minutes waiting, state. */
static void
screen_queue_line(const struct client_op_queue_entry *e, char *out, size_t len)
{
	const char	*name, *st, *state;
	int64_t		 min;
	char		 when[32];

	name = e->name[0] != '\0' ? e->name : NULL;
	min = screen_queue_minutes(e);
	if (min == 0)
		strlcpy(when, "just now", sizeof when);
	else
		snprintf(when, sizeof when, "%lld min", (long long)min);
	/* A patient: what the state said at check-in. */
	st = e->state.status;
	if (*st == '\0')
		state = "";
	else if (strcmp(st, "active") == 0)
		state = "  state: active";
	else
		state = "  state: NOT CHECKED (outage)";
	snprintf(out, len, " #%-5lld %-*.*s %10s%s",
	    (long long)e->ticket,
	    QUEUE_NAME, QUEUE_NAME, name != NULL ? name : "?", when, state);
}

static void
screen_queue_list_done(const struct client_op_error *err,
    const struct client_op_queue_list *ql, __unused void *arg)
{
	u_int	i;

	ui_screen_dirty();
	if (err->code != NULL) {
		log_debug("%s: %s", __func__, err->code);
		return;
	}
	client_op_queue_list_free(&screen_queue_waiting);
	for (i = 0; i < ql->n; i++)
		client_op_queue_list_add(&screen_queue_waiting,
		    &ql->entries[i]);
	screen_queue_loaded = 1;
	ui_list_set_count(&screen_queue_list, ql->n);
}

/* Ask for the queue as it is now. */
void
screen_queue_refresh(void)
{
	if (!client_session.logged_in)
		return;
	client_forget(&screen_queue_waiting);
	client_op_queue_list(screen_queue_list_done, &screen_queue_waiting);
}

u_int
screen_queue_count(void)
{
	return (screen_queue_waiting.n);
}

/*
 * A pushed event: a queue event changes the list, the connection coming
 * back fetches it again. Returns 1 if the queue changed.
 */
int
screen_queue_event(const struct client_op_event *ev)
{
	const char	*state = ev->state;
	int		 i;

	if (state == NULL)
		return (0);
	if (ev->type == CLIENT_OP_EVENT_CONNECTION) {
		if (strcmp(state, "ready") == 0)
			screen_queue_refresh();
		return (0);
	}
	if (ev->type != CLIENT_OP_EVENT_QUEUE)
		return (0);
	i = client_op_queue_list_find(&screen_queue_waiting, ev->entry.ticket);
	if (strcmp(state, "added") == 0) {
		if (i == -1)
			client_op_queue_list_add(&screen_queue_waiting,
			    &ev->entry);
	} else if (i != -1)
		client_op_queue_list_remove(&screen_queue_waiting, (u_int)i);
	ui_list_set_count(&screen_queue_list, screen_queue_count());
	ui_screen_dirty();
	return (1);
}

/*
 * The waiting list in r, for a screen that shows it beside its own work
 * (the door): a heading and as many entries as fit, oldest first.
 */
void
screen_queue_draw_waiting(const struct ui_rect *r)
{
	char	 line[128], head[64];
	u_int	 n = screen_queue_count(), i, rows;

	if (r->h < 2)
		return;
	if (!screen_queue_loaded && n == 0)
		strlcpy(head, "Queue: ...", sizeof head);
	else if (n == 0)
		strlcpy(head, "Queue: nobody waiting", sizeof head);
	else
		snprintf(head, sizeof head, "Queue: %u waiting", n);
	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y, r->x + 1, r->w - 2, UI_HEADER, head);
	if (n != 0) {
		snprintf(head, sizeof head, "longest %lld min",
		    (long long)screen_queue_minutes(
		    &screen_queue_waiting.entries[0]));
		ui_draw_right(r->y, r->x, r->w - 1, UI_HEADER, head);
	}
	rows = (u_int)r->h - 1;
	for (i = 0; i < n && i < rows; i++) {
		if (i == rows - 1 && n > rows) {
			snprintf(line, sizeof line, " ... and %u more",
			    n - i);
			ui_draw_str(r->y + 1 + (int)i, r->x, r->w, UI_DIM,
			    line);
			break;
		}
		screen_queue_line(&screen_queue_waiting.entries[i], line,
		    sizeof line);
		ui_draw_str(r->y + 1 + (int)i, r->x, r->w, UI_NORMAL, line);
	}
}

static void
screen_queue_list_line(__unused void *arg, u_int idx, char *out, size_t len,
    __unused enum ui_colour *c)
{
	if (idx < screen_queue_waiting.n)
		screen_queue_line(&screen_queue_waiting.entries[idx], out, len);
	else
		*out = '\0';
}

static void
screen_queue_enter(__unused void *arg)
{
	ui_list_init(&screen_queue_list, screen_queue_list_line, NULL);
	ui_list_set_count(&screen_queue_list, screen_queue_count());
	screen_queue_busy = 0;
	screen_queue_refresh();
}

static void
screen_queue_leave(void)
{
	screen_queue_busy = 0;
}

static void
screen_queue_called(const struct client_op_error *err,
    const struct client_op_queue_called *qc, __unused void *arg)
{
	struct client_op_event	 ev;
	const char		*name;
	int64_t			 ticket;

	screen_queue_busy = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		screen_queue_refresh();
		return;
	}
	ticket = qc->entry.ticket;
	name = qc->entry.name[0] != '\0' ? qc->entry.name : NULL;
	log_info("queue: ticket %lld called (customer %lld)",
	    (long long)ticket, (long long)qc->entry.customer);
	memset(&ev, 0, sizeof ev);
	ev.type = CLIENT_OP_EVENT_QUEUE;
	ev.state = "called";
	ev.entry = qc->entry;
	screen_queue_event(&ev);
	if (qc->customer.id == 0) {
		ui_status_set(UI_WARN, "Ticket %lld (%s) called: attach them "
		    "with F8", (long long)ticket, name != NULL ? name : "?");
		screen_go("register", NULL);
		return;
	}
	/* The register attaches the customer, as F8 does. */
	screen_go("register", (void *)&qc->customer);
}

/* Call a ticket to this register (0: the one waiting longest). */
static void
screen_queue_call(int64_t ticket)
{
	if (client_cart_locked()) {
		ui_status_set(UI_ERROR, "The last sale is not confirmed yet: "
		    "wait for stashd, then call the next one");
		return;
	}
	screen_queue_busy = 1;
	ui_status_set(UI_INFO, "Calling...");
	client_op_queue_call(ticket, screen_queue_called, QUEUE_ME);
}

static void
screen_queue_removed(const struct client_op_error *err, __unused void *arg)
{
	screen_queue_busy = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	ui_status_set(UI_OK, "Taken off the queue");
	screen_queue_refresh();
}

static void
screen_queue_remove(int64_t ticket)
{
	screen_queue_busy = 1;
	client_op_queue_remove(ticket, screen_queue_removed, QUEUE_ME);
}

static int64_t
screen_queue_selected(void)
{
	if (screen_queue_list.sel >= screen_queue_count())
		return (0);
	return (screen_queue_waiting.entries[screen_queue_list.sel].ticket);
}

static void
screen_queue_key(int key, __unused int64_t when)
{
	int64_t	ticket;

	if (screen_queue_busy)
		return;
	if (screen_common_key(key))
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
	case UI_KEY_F(11):
		screen_go("register", NULL);
		return;
	case UI_KEY_F(2):
	case UI_KEY_ENTER:
		if (screen_queue_count() == 0) {
			ui_status_set(UI_INFO, "Nobody is waiting");
			return;
		}
		screen_queue_call(key == UI_KEY_ENTER ?
		    screen_queue_selected() : 0);
		return;
	case UI_KEY_F(4):
		ticket = screen_queue_selected();
		if (ticket == 0) {
			ui_status_set(UI_INFO, "Nobody is waiting");
			return;
		}
		screen_queue_remove(ticket);
		return;
	}
	ui_list_key(&screen_queue_list, key);
}

static void
screen_queue_notify(const struct client_op_event *ev)
{
	screen_queue_event(ev);
}

static void
screen_queue_draw(const struct ui_rect *r)
{
	struct ui_rect	list;
	char		head[128];
	u_int		n = screen_queue_count();

	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	snprintf(head, sizeof head, "Queue at the door: %s%u waiting",
	    screen_queue_loaded ? "" : "(loading) ", n);
	ui_draw_str(r->y, r->x + 1, r->w - 2, UI_HEADER, head);
	snprintf(head, sizeof head, " %-6s %-*s %10s", "Ticket", QUEUE_NAME,
	    "Name", "Waiting");
	ui_draw_str(r->y + 2, r->x, r->w, UI_DIM, head);
	list.x = r->x;
	list.y = r->y + 3;
	list.w = r->w;
	list.h = r->h - 4;
	ui_list_set_count(&screen_queue_list, n);
	if (n == 0) {
		ui_draw_centre(list.y + 3, r->x, r->w, UI_DIM,
		    screen_queue_loaded ? "Nobody is waiting" :
		    "Asking stashd for the queue...");
	} else
		ui_list_draw(&screen_queue_list, &list);
	ui_draw_str(r->y + r->h - 1, r->x + 1, r->w - 2, UI_DIM,
	    "Enter calls the customer picked to this register; F2 the one "
	    "waiting longest");
	ui_screen_cursor(-1, -1);
	ui_fkeys_draw(ui_screen_rows() - 1, screen_queue_keys,
	    nitems(screen_queue_keys));
}
