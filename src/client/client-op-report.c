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
#include "report.h"

/*
 * report.run, for the manager's dashboard and reports screens: a report's
 * table as stashd encodes it (reply_table: title, columns of name and
 * kind, rows of cells) back into a struct report_table, which
 * chart_from_table turns into a chart.
 */

static const struct client_op_error client_op_report_bad = {
	"bad-reply", "stashd's report could not be read"
};

static int
client_op_report_kind(const char *name)
{
	int	k;

	for (k = REPORT_TEXT; k <= REPORT_TIME; k++) {
		if (strcmp(report_kind_name(k), name) == 0)
			return (k);
	}
	return (-1);
}

/*
 * A table: {"title","columns":[{"name","kind"}],"rows":[[..]]}, either
 * the result itself or its "table". -1 (and nothing kept) if it is not one.
 */
int
client_op_report_parse_table(json_t *result, struct report_table *rt)
{
	json_t		*cols, *rows, *row, *col, *cell, *t;
	const char	*name, *kind;
	size_t		 i, j;
	int		 k;
	struct report_row *r;

	report_table_init(rt, "");
	t = json_object_get(result, "table");
	if (json_is_object(t))
		result = t;
	cols = json_object_get(result, "columns");
	rows = json_object_get(result, "rows");
	if (!json_is_array(cols) || !json_is_array(rows) ||
	    json_array_size(cols) > REPORT_COLUMNS)
		return (-1);
	if ((name = client_op_str(result, "title")) != NULL)
		strlcpy(rt->title, name, sizeof rt->title);
	json_array_foreach(cols, i, col) {
		name = client_op_str(col, "name");
		kind = client_op_str(col, "kind");
		if (name == NULL || kind == NULL ||
		    (k = client_op_report_kind(kind)) == -1)
			goto bad;
		report_table_column(rt, name, k);
	}
	json_array_foreach(rows, i, row) {
		if (!json_is_array(row) || json_array_size(row) !=
		    rt->ncolumns)
			goto bad;
		r = report_table_row(rt);
		json_array_foreach(row, j, cell) {
			if (rt->columns[j].kind == REPORT_TEXT) {
				if (!json_is_string(cell))
					goto bad;
				report_table_text(r, (u_int)j,
				    json_string_value(cell));
			} else {
				if (!json_is_integer(cell))
					goto bad;
				r->cells[j].v = json_integer_value(cell);
			}
		}
	}
	return (0);

bad:
	report_table_free(rt);
	return (-1);
}

static void
client_op_report_ran(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_report_cb	cb = (client_op_report_cb)call->cb;
	struct report_table	rt;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_report_parse_table(result, &rt) != 0) {
		cb(&client_op_report_bad, NULL, call->arg);
		return;
	}
	cb(err, &rt, call->arg);
	report_table_free(&rt);
}

/* Run a report: name, from and to (YYYY-MM-DD), by and compare (or NULL). */
json_int_t
client_op_report_run(const struct client_op_report_req *q,
    client_op_report_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "report.run" };

	req.args = json_pack("{s:s}", "name", q->name);
	if (q->from != NULL)
		json_object_set_new(req.args, "from", json_string(q->from));
	if (q->to != NULL)
		json_object_set_new(req.args, "to", json_string(q->to));
	if (q->by != NULL)
		json_object_set_new(req.args, "by", json_string(q->by));
	if (q->compare != NULL)
		json_object_set_new(req.args, "compare",
		    json_string(q->compare));
	return (client_op_call(&req, client_op_report_ran, (client_op_fn)cb,
	    arg));
}
