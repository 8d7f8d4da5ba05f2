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

#include <sys/queue.h>

#include <string.h>

#include "client-op.h"

/*
 * Pushed events, parsed once before a screen sees them: the connection
 * hooks (client.c) hand the raw event to client_op_event_push, which gives
 * the typed event to the handler the screens set (screens/screen.c).
 */

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static client_op_event_cb	client_op_event_handler;

static const struct {
	const char			*name;
	enum client_op_event_type	 type;
} client_op_event_types[] = {
	{ "connection", CLIENT_OP_EVENT_CONNECTION },
	{ "session", CLIENT_OP_EVENT_SESSION },
	{ "queue", CLIENT_OP_EVENT_QUEUE },
	{ "hold", CLIENT_OP_EVENT_HOLD },
	{ "stock", CLIENT_OP_EVENT_STOCK },
	{ "settings", CLIENT_OP_EVENT_SETTINGS },
	{ "perms", CLIENT_OP_EVENT_PERMS },
};

/* What the state said of a patient (a queue ENTRY's or customer.get's). */
void
client_op_patient_state_parse(json_t *st, struct client_op_patient_state *ps)
{
	json_t	*v;

	memset(ps, 0, sizeof *ps);
	if (!json_is_object(st))
		return;
	client_op_copy(ps->status, sizeof ps->status, st, "status");
	client_op_copy(ps->message, sizeof ps->message, st, "message");
	client_op_copy(ps->policy, sizeof ps->policy, st, "policy");
	ps->admit = json_is_true(json_object_get(st, "admit"));
	v = json_object_get(json_object_get(st, "available_moz"), "flower");
	if (json_is_integer(v)) {
		ps->has_flower = 1;
		ps->flower_moz = json_integer_value(v);
	}
}

/* A queue ENTRY; -1 if it has no ticket. */
int
client_op_queue_parse_entry(json_t *e, struct client_op_queue_entry *qe)
{
	json_t	*t;

	memset(qe, 0, sizeof *qe);
	t = json_object_get(e, "ticket");
	if (!json_is_integer(t))
		return (-1);
	qe->ticket = json_integer_value(t);
	qe->customer = client_op_int(e, "customer");
	qe->added = client_op_int(e, "added");
	client_op_copy(qe->name, sizeof qe->name, e, "name");
	client_op_patient_state_parse(json_object_get(e, "state"), &qe->state);
	return (0);
}

/*
 * An event as stashd pushed it. Returns -1 if it names no event; a queue
 * event without a valid entry is CLIENT_OP_EVENT_OTHER. What an event
 * does not say is NULL (0 for the numbers, has_qty 0 without a qty).
 */
int
client_op_event_parse(json_t *raw, struct client_op_event *ev)
{
	const char	*name;
	json_t		*qty;
	size_t		 i;

	memset(ev, 0, sizeof *ev);
	ev->raw = raw;
	name = json_string_value(json_object_get(raw, "event"));
	if (name == NULL)
		return (-1);
	ev->name = name;
	ev->state = json_string_value(json_object_get(raw, "state"));
	ev->message = json_string_value(json_object_get(raw, "message"));
	ev->tag = client_op_str(raw, "tag");
	qty = json_object_get(raw, "qty");
	if (json_is_integer(qty)) {
		ev->has_qty = 1;
		ev->qty = json_integer_value(qty);
	}
	ev->scope = client_op_str(raw, "scope");
	ev->key = client_op_str(raw, "key");
	ev->reason = client_op_str(raw, "reason");
	ev->recall = json_is_true(json_object_get(raw, "recall"));
	for (i = 0; i < nitems(client_op_event_types); i++) {
		if (strcmp(client_op_event_types[i].name, name) == 0) {
			ev->type = client_op_event_types[i].type;
			break;
		}
	}
	if (ev->type == CLIENT_OP_EVENT_QUEUE &&
	    (ev->state == NULL || client_op_queue_parse_entry(
	    json_object_get(raw, "entry"), &ev->entry) != 0))
		ev->type = CLIENT_OP_EVENT_OTHER;
	return (0);
}

/* Where the typed events go. */
void
client_op_event_on(client_op_event_cb cb)
{
	client_op_event_handler = cb;
}

/* A client_hooks event hook: parse and hand on. */
void
client_op_event_push(json_t *raw)
{
	struct client_op_event	ev;

	if (client_op_event_parse(raw, &ev) != 0)
		return;
	if (client_op_event_handler != NULL)
		client_op_event_handler(&ev);
}

/* The client's own event: connected again, requests may be sent. */
void
client_op_event_connected(void)
{
	json_t	*raw;

	raw = json_pack("{s:s, s:s}", "event", "connection", "state",
	    "ready");
	client_op_event_push(raw);
	json_decref(raw);
}
