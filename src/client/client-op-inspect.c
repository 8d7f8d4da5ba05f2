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

#include "client.h"
#include "client-op.h"

/*
 * An inspector's questions, asked of stashd for the manager's console
 * (doc/protocol.md, Trips): a day's trips and manifests (trip.day), a
 * trip's stops (trip.stops), a customer's deliveries
 * (customer.deliveries). Each answer comes as stashctl prints it, lines
 * of 80 columns under a title; the console lists and prints those.
 */

static const struct client_op_error client_op_inspect_bad = {
	"bad-reply", "stashd's answer could not be read"
};

/* The answer's title, lines and count; -1 if it is not one. */
int
client_op_inspect_parse(json_t *j, struct client_op_inspect *in)
{
	static const char	*what[] = { "trips", "stops", "deliveries" };
	json_t			*a, *l;
	size_t			 i;

	memset(in, 0, sizeof *in);
	if (!json_is_string(json_object_get(j, "title")) ||
	    !json_is_array(a = json_object_get(j, "lines")))
		return (-1);
	for (i = 0; i < sizeof what / sizeof what[0]; i++) {
		if (json_is_array(l = json_object_get(j, what[i]))) {
			in->n = json_array_size(l);
			break;
		}
	}
	if (i == sizeof what / sizeof what[0])
		return (-1);
	client_op_copy(in->title, sizeof in->title, j, "title");
	in->lines = xreallocarray(NULL, json_array_size(a) + 1,
	    sizeof *in->lines);
	json_array_foreach(a, i, l) {
		if (!json_is_string(l)) {
			client_op_inspect_free(in);
			return (-1);
		}
		in->lines[in->nlines++] = json_string_value(l);
	}
	in->raw = json_incref(j);
	return (0);
}

void
client_op_inspect_free(struct client_op_inspect *in)
{
	free(in->lines);
	json_decref(in->raw);
	memset(in, 0, sizeof *in);
}

static void
client_op_inspect_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_inspect_cb		cb = (client_op_inspect_cb)call->cb;
	struct client_op_inspect	in;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_inspect_parse(result, &in) != 0) {
		cb(&client_op_inspect_bad, NULL, call->arg);
		return;
	}
	cb(err, &in, call->arg);	/* it may keep in, zeroing it */
	client_op_inspect_free(&in);
}

static json_int_t
client_op_inspect_ask(const char *op, json_t *args, u_int width,
    client_op_inspect_cb cb, void *arg)
{
	struct client_op_req	req;

	memset(&req, 0, sizeof req);
	req.op = op;
	req.args = args;
	json_object_set_new(args, "width", json_integer(width));
	return (client_op_call(&req, client_op_inspect_reply,
	    (client_op_fn)cb, arg));
}

/*
 * A day's trips and manifests (date as YYYY-MM-DD), in lines of width
 * columns (40 to 200).
 */
json_int_t
client_op_inspect_day(const char *date, u_int width, client_op_inspect_cb cb,
    void *arg)
{
	return (client_op_inspect_ask("trip.day", json_pack("{s:s}", "date",
	    date), width, cb, arg));
}

/* A trip's stops, with their times and GPS points. */
json_int_t
client_op_inspect_stops(int64_t trip, u_int width, client_op_inspect_cb cb,
    void *arg)
{
	return (client_op_inspect_ask("trip.stops", json_pack("{s:I}", "id",
	    (json_int_t)trip), width, cb, arg));
}

/* A customer's deliveries. */
json_int_t
client_op_inspect_customer(int64_t customer, u_int width,
    client_op_inspect_cb cb, void *arg)
{
	return (client_op_inspect_ask("customer.deliveries", json_pack(
	    "{s:I}", "id", (json_int_t)customer), width, cb, arg));
}
