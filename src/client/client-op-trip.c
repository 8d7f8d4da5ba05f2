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
 * Trips, for the dispatch board: trip.list (with the store's location,
 * for the map), trip.assign and trip.optimise.
 */

/* A TRIP (doc/protocol.md, Trips). */
int
client_op_trip_parse(json_t *j, struct client_op_trip *t)
{
	json_t	*o;
	size_t	 i;

	memset(t, 0, sizeof *t);
	t->read_at = util_now();
	if (!json_is_integer(json_object_get(j, "id")) ||
	    !json_is_array(json_object_get(j, "orders")))
		return (-1);
	t->id = client_op_int(j, "id");
	client_op_copy(t->status, sizeof t->status, j, "status");
	t->driver = client_op_int(j, "driver");
	client_op_copy(t->vehicle, sizeof t->vehicle, j, "vehicle");
	json_array_foreach(json_object_get(j, "orders"), i, o) {
		if (t->norders == CLIENT_OP_TRIP_ORDERS)
			break;
		t->orders[t->norders].id = client_op_int(o, "id");
		client_op_copy(t->orders[t->norders].status,
		    sizeof t->orders[0].status, o, "status");
		t->norders++;
	}
	if (json_is_object(o = json_object_get(j, "last_fix")))
		t->fix_at = client_op_int(o, "at");
	t->off_route = json_is_true(json_object_get(j, "off_route"));
	t->exceptions = client_op_int(j, "exceptions");
	t->rerouted = json_is_object(json_object_get(j, "rerouted"));
	if (json_is_integer(o = json_object_get(j, "eta_drift_s"))) {
		t->has_drift = 1;
		t->eta_drift_s = json_integer_value(o);
	}
	return (0);
}

static int
client_op_trip_row(json_t *j, void *el)
{
	return (client_op_trip_parse(j, el));
}

int
client_op_trip_parse_list(json_t *result, struct client_op_trips *l)
{
	json_t	*a, *s;

	memset(l, 0, sizeof *l);
	if (!json_is_array(a = json_object_get(result, "trips")))
		return (-1);
	if (json_is_object(s = json_object_get(result, "store"))) {
		l->located = 1;
		l->lat = client_op_int(s, "lat");
		l->lon = client_op_int(s, "lon");
	}
	l->list = client_op_rows(a, &l->n, sizeof *l->list,
	    client_op_trip_row);
	if (l->n != json_array_size(a)) {
		client_op_trip_list_free(l);
		return (-1);
	}
	return (0);
}

void
client_op_trip_list_free(struct client_op_trips *l)
{
	free(l->list);
	memset(l, 0, sizeof *l);
}

void
client_op_trip_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_trip_cb	 cb = (client_op_trip_cb)call->cb;
	struct client_op_trip	*t;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	t = xmalloc(sizeof *t);
	if (client_op_trip_parse(json_object_get(result, "trip"), t) != 0)
		cb(&client_op_bad_reply, NULL, call->arg);
	else
		cb(err, t, call->arg);
	free(t);
}

static void
client_op_trip_list_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_trips_cb	cb = (client_op_trips_cb)call->cb;
	struct client_op_trips	l;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_trip_parse_list(result, &l) != 0) {
		cb(&client_op_bad_reply, NULL, call->arg);
		return;
	}
	cb(err, &l, call->arg);
	client_op_trip_list_free(&l);
}

/* Every trip (stashd gives at most 200). */
json_int_t
client_op_trip_list(client_op_trips_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "trip.list" };

	req.args = json_object();
	return (client_op_call(&req, client_op_trip_list_reply,
	    (client_op_fn)cb, arg));
}

/* An order onto a planned trip, as its last stop. */
json_int_t
client_op_trip_assign(int64_t trip, int64_t order, client_op_trip_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "trip.assign" };

	req.args = json_pack("{s:I, s:I}", "id", (json_int_t)trip, "order",
	    (json_int_t)order);
	return (client_op_call(&req, client_op_trip_reply, (client_op_fn)cb,
	    arg));
}

json_int_t
client_op_trip_optimise(int64_t trip, client_op_trip_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "trip.optimise" };

	req.args = json_pack("{s:I}", "id", (json_int_t)trip);
	return (client_op_call(&req, client_op_trip_reply, (client_op_fn)cb,
	    arg));
}
