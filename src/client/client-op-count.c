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
 * Stock counts, for the count screen: count.start, count.record,
 * count.report and count.finish. A count's report is a struct
 * client_op_count (its lines without the expected figures while a blind
 * count is open).
 */

static int
client_op_count_line_row(json_t *o, void *el)
{
	struct client_op_count_line	*l = el;

	client_op_copy(l->tag, sizeof l->tag, o, "tag");
	l->product = client_op_int(o, "product");
	l->recorded = json_is_true(json_object_get(o, "recorded"));
	l->counted = client_op_int(o, "counted");
	l->has_expected = json_is_integer(json_object_get(o,
	    "expected"));
	l->expected = client_op_int(o, "expected");
	l->variance = client_op_int(o, "variance");
	l->adjustment = client_op_int(o, "adjustment");
	return (0);
}

/* A count.report or count.finish result. */
int
client_op_count_parse(json_t *result, struct client_op_count *c)
{
	json_t	*list;

	memset(c, 0, sizeof *c);
	list = json_object_get(result, "lines");
	if (!json_is_integer(json_object_get(result, "count")) ||
	    !json_is_array(list))
		return (-1);
	c->id = client_op_int(result, "count");
	c->finished = strcmp(client_op_str(result, "status") != NULL ?
	    client_op_str(result, "status") : "", "finished") == 0;
	c->blind = json_is_true(json_object_get(result, "blind"));
	client_op_copy(c->location, sizeof c->location, result, "location");
	client_op_copy(c->category, sizeof c->category, result, "category");
	c->packages = client_op_int(result, "packages");
	c->counted = client_op_int(result, "counted");
	c->has_variances = json_is_integer(json_object_get(result,
	    "variances"));
	c->variances = client_op_int(result, "variances");
	c->adjustments = client_op_int(result, "adjustments");
	c->lines = client_op_rows(list, &c->n, sizeof *c->lines,
	    client_op_count_line_row);
	return (0);
}

void
client_op_count_free(struct client_op_count *c)
{
	free(c->lines);
	memset(c, 0, sizeof *c);
}

/* count.start's result: the count's number and packages, as a report. */
static int
client_op_count_parse_started(json_t *result, struct client_op_count *c)
{
	memset(c, 0, sizeof *c);
	if (!json_is_integer(json_object_get(result, "count")))
		return (-1);
	c->id = client_op_int(result, "count");
	c->packages = client_op_int(result, "packages");
	c->blind = json_is_true(json_object_get(result, "blind"));
	return (0);
}

/* A count op's reply, its result read by parse, to the caller's cb. */
static void
client_op_count_answer(json_t *result, const struct client_op_error *err,
    struct client_op_call *call,
    int (*parse)(json_t *, struct client_op_count *))
{
	client_op_count_cb	cb = (client_op_count_cb)call->cb;
	struct client_op_count	c;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (parse(result, &c) != 0) {
		cb(&client_op_bad_reply, NULL, call->arg);
		return;
	}
	cb(err, &c, call->arg);
	client_op_count_free(&c);
}

static void
client_op_count_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_count_answer(result, err, call, client_op_count_parse);
}

static void
client_op_count_started(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_count_answer(result, err, call,
	    client_op_count_parse_started);
}

/* location and category NULL for every package with stock. */
json_int_t
client_op_count_start(const char *location, const char *category, int blind,
    client_op_count_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "count.start" };

	req.args = json_pack("{s:b}", "blind", blind);
	if (location != NULL)
		json_object_set_new(req.args, "location",
		    json_string(location));
	if (category != NULL)
		json_object_set_new(req.args, "category",
		    json_string(category));
	return (client_op_call(&req, client_op_count_started,
	    (client_op_fn)cb, arg));
}

/* count.record: what was found of a package (units or mg). */
json_int_t
client_op_count_record(int64_t count, const char *tag, int64_t qty,
    client_op_done_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "count.record" };

	req.args = json_pack("{s:I, s:s, s:I}", "count", (json_int_t)count,
	    "tag", tag, "qty", (json_int_t)qty);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}

json_int_t
client_op_count_report(int64_t count, client_op_count_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "count.report" };

	req.args = json_pack("{s:I}", "count", (json_int_t)count);
	return (client_op_call(&req, client_op_count_reply, (client_op_fn)cb,
	    arg));
}

/* count.finish: with adjust, each variance becomes an adjustment. */
json_int_t
client_op_count_finish(int64_t count, int adjust, client_op_count_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "count.finish" };

	req.args = json_pack("{s:I, s:b}", "count", (json_int_t)count,
	    "adjust", adjust);
	return (client_op_call(&req, client_op_count_reply, (client_op_fn)cb,
	    arg));
}
