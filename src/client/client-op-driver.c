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
 * The driver's terminal (doc/protocol.md, "The driver's handheld"):
 * trip.take, trip.handheld and trip.sync. trip.handheld's result is the
 * bundle the handheld keeps as it came (client-journal.c) and reads into
 * its own model (client-driver.c); trip.sync's answers are parsed here.
 */

static const struct client_op_error client_op_driver_bad = {
	"bad-reply", "stashd's answer could not be read"
};

/* trip.take {"id":T}: this driver takes the loaded trip on this terminal. */
json_int_t
client_op_driver_take(int64_t trip, client_op_done_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "trip.take" };

	req.args = json_pack("{s:I}", "id", (json_int_t)trip);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}

static void
client_op_driver_handheld_reply(json_t *result,
    const struct client_op_error *err, struct client_op_call *call)
{
	client_op_driver_bundle_cb	cb;

	cb = (client_op_driver_bundle_cb)call->cb;
	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (!json_is_object(json_object_get(result, "trip")) ||
	    !json_is_array(json_object_get(result, "stops")) ||
	    !json_is_string(json_object_get(result, "rules"))) {
		cb(&client_op_driver_bad, NULL, call->arg);
		return;
	}
	cb(err, result, call->arg);
}

/* trip.handheld {"id":T}: everything the trip needs offline (borrowed). */
json_int_t
client_op_driver_handheld(int64_t trip, client_op_driver_bundle_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "trip.handheld" };

	req.args = json_pack("{s:I}", "id", (json_int_t)trip);
	return (client_op_call(&req, client_op_driver_handheld_reply,
	    (client_op_fn)cb, arg));
}

/* trip.sync's "acked": one answer per entry. */
int
client_op_driver_parse_acks(json_t *result, struct journal_ack **out,
    u_int *n)
{
	struct journal_ack	*a;
	json_t			*arr, *o;
	const char		*key, *r;
	size_t			 i;

	*out = NULL;
	*n = 0;
	if (!json_is_array(arr = json_object_get(result, "acked")))
		return (-1);
	a = xcalloc(json_array_size(arr) + 1, sizeof *a);
	json_array_foreach(arr, i, o) {
		if (!json_is_integer(json_object_get(o, "seq")) ||
		    (key = client_op_str(o, "key")) == NULL ||
		    (r = client_op_str(o, "result")) == NULL ||
		    client_op_int(o, "seq") <= 0) {
			free(a);
			return (-1);
		}
		a[i].seq = (uint64_t)client_op_int(o, "seq");
		strlcpy(a[i].key, key, sizeof a[i].key);
		strlcpy(a[i].result, r, sizeof a[i].result);
		a[i].sale = client_op_int(o, "sale");
		if (a[i].sale < 0)
			a[i].sale = 0;
		client_op_copy(a[i].exception, sizeof a[i].exception, o,
		    "exception");
		if (strcmp(r, "done") != 0 && strcmp(r, "duplicate") != 0 &&
		    strcmp(r, "exception") != 0) {
			free(a);
			return (-1);
		}
	}
	*out = a;
	*n = (u_int)json_array_size(arr);
	return (0);
}

static void
client_op_driver_sync_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_driver_sync_cb	 cb;
	struct journal_ack		*a;
	u_int				 n;

	cb = (client_op_driver_sync_cb)call->cb;
	if (err->code != NULL) {
		cb(err, NULL, 0, call->arg);
		return;
	}
	if (client_op_driver_parse_acks(result, &a, &n) != 0) {
		cb(&client_op_driver_bad, NULL, 0, call->arg);
		return;
	}
	cb(err, a, n, call->arg);
	free(a);
}

/*
 * trip.sync {"id":T,"entries":[ENTRY...]}: the journal's entries as they
 * were written (each the ENTRY's JSON text), in order.
 */
json_int_t
client_op_driver_sync(int64_t trip, const struct journal_entry *e, u_int n,
    client_op_driver_sync_cb cb, void *arg)
{
	struct client_op_req	 req = { .op = "trip.sync" };
	json_t			*entries, *j;
	json_error_t		 jerr;
	u_int			 i;

	entries = json_array();
	for (i = 0; i < n; i++) {
		if ((j = json_loads(e[i].json, 0, &jerr)) == NULL)
			fatalx("%s: entry %llu does not parse", __func__,
			    (unsigned long long)e[i].seq);
		json_array_append_new(entries, j);
	}
	req.args = json_pack("{s:I, s:o}", "id", (json_int_t)trip, "entries",
	    entries);
	return (client_op_call(&req, client_op_driver_sync_reply,
	    (client_op_fn)cb, arg));
}

/* trip.get {"id":T}: the trip as stashd has it (its status, for the close). */
json_int_t
client_op_driver_trip(int64_t trip, client_op_trip_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "trip.get" };

	req.args = json_pack("{s:I}", "id", (json_int_t)trip);
	return (client_op_call(&req, client_op_trip_reply, (client_op_fn)cb,
	    arg));
}
