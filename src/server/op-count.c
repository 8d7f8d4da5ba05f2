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
#include "intake.h"

/* Stock counts over the protocol; the rules are in count.c. */

/* Write op. */
int
op_count_start(struct op_ctx *ctx)
{
	struct count	 cn;
	const char	*location = NULL, *category = NULL;
	json_t		*jb;
	char		*cause = NULL;
	enum intake_err	 e;
	u_int		 n;

	if (proto_arg_str(ctx->args, "location", 0, LOCATION_MAX, &location,
	    &cause) < 0 || proto_arg_str(ctx->args, "category", 0,
	    CATEGORY_MAX, &category, &cause) < 0)
		return (op_bad_request(ctx, cause));
	jb = json_object_get(ctx->args, "blind");
	if (jb != NULL && !json_is_boolean(jb))
		return (op_error(ctx, "bad-request", "\"blind\" must be true "
		    "or false"));
	e = count_start(ctx->txn, location, category, json_is_true(jb),
	    ctx->c->staff, ctx->c->terminal, &cn, &n, &cause);
	if (e != INTAKE_OK)
		return (op_intake_fail(ctx, e, cause));
	ctx->result = json_pack("{s:I, s:i, s:b}", "count", (json_int_t)cn.id,
	    "packages", (int)n, "blind", cn.blind);
	return (0);
}

/* Write op. */
int
op_count_record(struct op_ctx *ctx)
{
	struct count_line	 l;
	json_int_t		 id, qty;
	char			 tag[TAG_LEN + 1], *cause = NULL;
	enum intake_err		 e;

	if (proto_arg_int(ctx->args, "count", 1, 1, INT64_MAX, &id,
	    &cause) != 0 || proto_arg_int(ctx->args, "qty", 1, 0,
	    INT64_C(100000000), &qty, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if (op_intake_tag(ctx, ctx->args, "tag", tag) != 0)
		return (-1);
	e = count_record(ctx->txn, (uint64_t)id, tag, qty, ctx->c->staff,
	    ctx->c->terminal, &l, &cause);
	if (e != INTAKE_OK)
		return (op_intake_fail(ctx, e, cause));
	ctx->result = json_pack("{s:I, s:s, s:I}", "count", (json_int_t)id,
	    "tag", tag, "counted", (json_int_t)qty);
	return (0);
}

int
op_count_report(struct op_ctx *ctx)
{
	struct count	 cn;
	json_int_t	 id;
	char		*cause = NULL;
	int		 r;

	if (proto_arg_int(ctx->args, "count", 1, 1, INT64_MAX, &id,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	r = store_count_get(ctx->txn, (uint64_t)id, &cn);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no count %lld",
		    (long long)id));
	if (r != 0 || (ctx->result = count_report(ctx->txn, &cn)) == NULL)
		return (op_store_error(ctx));
	return (0);
}

/* Write op: with adjust, one "count" adjustment per variance. */
int
op_count_finish(struct op_ctx *ctx)
{
	struct count	 cn;
	json_int_t	 id;
	json_t		*ja;
	char		*cause = NULL;
	enum intake_err	 e;
	u_int		 n;

	if (proto_arg_int(ctx->args, "count", 1, 1, INT64_MAX, &id,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	ja = json_object_get(ctx->args, "adjust");
	if (!json_is_boolean(ja))
		return (op_error(ctx, "bad-request", "\"adjust\" must be true "
		    "or false"));
	e = count_finish(ctx->txn, (uint64_t)id, json_is_true(ja),
	    ctx->c->staff, ctx->c->terminal, &n, &cause);
	if (e != INTAKE_OK)
		return (op_intake_fail(ctx, e, cause));
	if (store_count_get(ctx->txn, (uint64_t)id, &cn) != 0 ||
	    (ctx->result = count_report(ctx->txn, &cn)) == NULL)
		return (op_store_error(ctx));
	json_object_set_new(ctx->result, "adjustments", json_integer(n));
	return (0);
}
