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

#include "server.h"
#include "reply.h"

/* Reports over the protocol; the figures come from report.c. */

/*
 * The Z report of a store-local day: every sale of the day per register
 * and in all, every drawer closed that day with its over/short, and
 * whether the day's cash ties out with those drawers.
 */
int
op_report_z(struct op_ctx *ctx)
{
	struct report_z	 z;
	const char	*date, *tz = ctx->srv->info.tz;
	char		*cause = NULL;
	int		 day;

	if (proto_arg_str(ctx->args, "date", 1, 10, &date, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if ((day = valid_date_parse(date)) == -1)
		return (op_error(ctx, "bad-request", "date must be YYYY-MM-DD"));
	if (valid_date(day, VALID_DATE_BUSINESS, util_local_date(util_now(),
	    tz), "date", &cause) != 0)
		return (op_bad_request(ctx, cause));

	if (report_z(ctx->txn, day, tz, &z) != 0) {
		report_z_free(&z);
		return (op_store_error(ctx));
	}
	ctx->result = reply_z(date, &z);
	report_z_free(&z);
	return (0);
}

/*
 * report.run {"name":..,"from":..,"to":..,"by":..,"filter":{..},
 * "compare":"previous|last-year"}: a manager's report (report-run.c) as
 * a table. The sales reports read rollups, a few rows a day; the others
 * read their own tables for the period, at most OP_REPORT_SCAN records
 * on the loop (a longer one is refused: stashctl report has no limit).
 */
#define OP_REPORT_SCAN	200000
int
op_report_run(struct op_ctx *ctx)
{
	struct report_query	 q;
	struct report_table	 rt;
	json_t			*filter, *v;
	const char		*name, *k;
	const char		*from = NULL, *to = NULL, *by = NULL;
	const char		*cmp = NULL;
	char			*cause = NULL;

	if (proto_arg_str(ctx->args, "name", 1, REPORT_NAME_MAX, &name,
	    &cause) != 0 ||
	    proto_arg_str(ctx->args, "from", 0, 16, &from, &cause) < 0 ||
	    proto_arg_str(ctx->args, "to", 0, 10, &to, &cause) < 0 ||
	    proto_arg_str(ctx->args, "by", 0, 64, &by, &cause) < 0 ||
	    proto_arg_str(ctx->args, "compare", 0, 16, &cmp, &cause) < 0)
		return (op_bad_request(ctx, cause));
	report_query_init(&q, ctx->srv->info.tz, util_now());
	strlcpy(q.name, name, sizeof q.name);
	q.point_value = options_number(ctx->srv->opts, "loyalty-point-value");
	q.scan_max = OP_REPORT_SCAN;
	if (report_query_period(&q, from, to, &cause) != 0 ||
	    (by != NULL && report_query_by(&q, by, &cause) != 0))
		return (op_bad_request(ctx, cause));
	if (cmp != NULL) {
		if (strcmp(cmp, "previous") == 0)
			q.compare = REPORT_CMP_PREVIOUS;
		else if (strcmp(cmp, "last-year") == 0)
			q.compare = REPORT_CMP_YEAR;
		else
			return (op_error(ctx, "bad-request", "compare: "
			    "previous or last-year"));
	}
	filter = json_object_get(ctx->args, "filter");
	if (filter != NULL && !json_is_object(filter))
		return (op_error(ctx, "bad-request", "filter: an object of "
		    "names and values"));
	if (filter != NULL) {
		json_object_foreach(filter, k, v) {
			if (!json_is_string(v) && !json_is_integer(v))
				return (op_error(ctx, "bad-request", "filter "
				    "%s: a string or a number", k));
			if (json_is_integer(v)) {
				char	num[32];

				snprintf(num, sizeof num, "%lld",
				    (long long)json_integer_value(v));
				if (report_query_filter(&q, k, num,
				    &cause) != 0)
					return (op_bad_request(ctx, cause));
			} else if (report_query_filter(&q, k,
			    json_string_value(v), &cause) != 0)
				return (op_bad_request(ctx, cause));
		}
	}
	if (report_run(ctx->txn, &q, &rt, &cause) != 0) {
		report_table_free(&rt);
		if (ctx->txn->ret != 0) {
			free(cause);
			return (op_store_error(ctx));
		}
		return (op_bad_request(ctx, cause));
	}
	ctx->result = reply_report(&rt, q.from, q.to);
	report_table_free(&rt);
	return (0);
}
