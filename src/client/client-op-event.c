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

#include <string.h>

#include "client-op.h"

/*
 * A pushed event (or the client's own "connection" event), read into C
 * data for the screens: they keep the push opaque (client_op_push) and
 * never read its JSON. Strings are borrowed from the push, which lives as
 * long as the screen's event() call.
 */
int
client_op_event_parse(client_op_push *ev, struct client_op_event *e)
{
	json_t	*qty;

	memset(e, 0, sizeof *e);
	e->event = client_op_str(ev, "event");
	if (e->event == NULL)
		return (-1);
	e->state = client_op_str(ev, "state");
	e->tag = client_op_str(ev, "tag");
	qty = json_object_get(ev, "qty");
	if (json_is_integer(qty)) {
		e->has_qty = 1;
		e->qty = json_integer_value(qty);
	}
	e->scope = client_op_str(ev, "scope");
	e->key = client_op_str(ev, "key");
	e->reason = client_op_str(ev, "reason");
	e->recall = json_is_true(json_object_get(ev, "recall"));
	return (0);
}
