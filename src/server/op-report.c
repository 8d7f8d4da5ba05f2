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
