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
#include "rules.h"
#include "inventory.h"
#include "trip.h"
#include "reply.h"

/*
 * Packing and trips over the protocol: order.pick (the pick list),
 * order.pack and order.unpack (a scanned package in or out of a line),
 * order.seal (the packer and the bag label); trip.* (op-trip.c's second
 * half). Each write is one transaction of the group commit with its audit
 * record (pack.c, trip.c).
 */

static int
op_trip_fail(struct op_ctx *ctx, enum order_err e, char *cause)
{
	if (e == ORDER_E_STORE) {
		free(cause);
		return (op_store_error(ctx));
	}
	op_error(ctx, order_err_code(e), "%s", cause);
	free(cause);
	return (-1);
}

static int
op_trip_id(struct op_ctx *ctx, const char *name, uint64_t *id)
{
	json_int_t	 v;
	char		*cause = NULL;

	if (proto_arg_int(ctx->args, name, 1, 1, INT64_MAX, &v, &cause) != 0)
		return (op_bad_request(ctx, cause));
	*id = (uint64_t)v;
	return (0);
}

static int
op_trip_tag(struct op_ctx *ctx, json_t *j, char *tag)
{
	const char	*s = json_string_value(j);

	if (s == NULL || strlen(s) != TAG_LEN)
		return (op_error(ctx, "bad-request", "a package tag is 24 "
		    "characters 0-9, A-F"));
	strlcpy(tag, s, TAG_LEN + 1);
	util_tag_upper(tag);
	if (!util_tag_valid(tag))
		return (op_error(ctx, "bad-request", "%.32s is not a package "
		    "tag (24 characters 0-9, A-F)", s));
	return (0);
}

static void
op_trip_order_event(struct op_ctx *ctx, const struct order *o)
{
	op_event(ctx, json_pack("{s:s, s:I, s:s}", "event", "order", "id",
	    (json_int_t)o->id, "status", store_order_status_name(o->status)));
}

/* --- packing --- */

static void
op_order_pick_cb(const struct pack_row *r, void *arg)
{
	json_t	*lines = arg, *line, *pks;

	line = json_array_get(lines, r->line);
	pks = json_object_get(line, "packages");
	json_array_append_new(pks, json_pack("{s:s, s:s, s:I, s:I, s:i, "
	    "s:I, s:b}", "tag", r->pk->tag, "location", r->pk->location,
	    "qty", (json_int_t)r->pk->qty, "free", (json_int_t)r->free,
	    "expires", r->pk->expires, "received", (json_int_t)r->pk->received,
	    "first", r->fefo));
}

/* The pick list: each line with what it still needs and its packages. */
int
op_order_pick(struct op_ctx *ctx)
{
	struct order	*o;
	json_t		*lines;
	uint64_t	 id;
	char		*cause = NULL;
	u_int		 i;
	int		 r = 0;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	o = xmalloc(sizeof *o);
	if (store_order_get(ctx->txn, id, o) != 0) {
		free(o);
		return (op_error(ctx, "not-found", "no order %llu",
		    (unsigned long long)id));
	}
	lines = json_array();
	for (i = 0; i < o->nlines; i++)
		json_array_append_new(lines, json_pack("{s:i, s:I, s:s, s:b, "
		    "s:I, s:I, s:[]}", "line", (int)i + 1, "product",
		    (json_int_t)o->lines[i].product, "name", o->lines[i].name,
		    "by_weight", o->lines[i].unit_weight, "qty",
		    (json_int_t)o->lines[i].qty, "need",
		    (json_int_t)pack_need(o, i), "packages"));
	e = pack_list(ctx->txn, id, op_order_pick_cb, lines, o, &cause);
	if (e != ORDER_OK) {
		json_decref(lines);
		r = op_trip_fail(ctx, e, cause);
	} else
		ctx->result = json_pack("{s:I, s:s, s:o}", "order",
		    (json_int_t)id, "status", store_order_status_name(
		    o->status), "lines", lines);
	free(o);
	return (r);
}

/* Write op: a scanned package into its line; weighed lines take weight. */
int
op_order_pack(struct op_ctx *ctx)
{
	struct order	*o;
	const char	*source = NULL;
	json_int_t	 weight = 0;
	uint64_t	 id;
	char		 tag[TAG_LEN + 1], *cause = NULL;
	int		 weighed, r = 0;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0 || op_trip_tag(ctx,
	    json_object_get(ctx->args, "tag"), tag) != 0)
		return (-1);
	if (proto_arg_int(ctx->args, "weight", 0, 1, INVENTORY_MG_MAX,
	    &weight, &cause) < 0 || proto_arg_str(ctx->args,
	    "weight_source", 0, 8, &source, &cause) < 0)
		return (op_bad_request(ctx, cause));
	if ((weighed = store_adjust_weighed_find(source)) == -1)
		return (op_error(ctx, "bad-request", "\"weight_source\" is "
		    "\"scale\" or \"typed\""));
	if (weight != 0 && weighed == ADJUST_WEIGHED_NONE)
		return (op_error(ctx, "bad-request", "a weight says where it "
		    "came from: \"weight_source\" \"scale\" or \"typed\""));
	if (weighed == ADJUST_WEIGHED_TYPED &&
	    (ctx->c->perms & PERM_WEIGHT_TYPE) == 0)
		return (op_error(ctx, "permission", "a typed weight needs "
		    "the weight.type permission: weigh it on the scale"));
	o = xmalloc(sizeof *o);
	e = pack_scan(ctx->txn, id, tag, weight, weighed, ctx->c->staff,
	    ctx->c->terminal, o, &cause);
	if (e != ORDER_OK)
		r = op_trip_fail(ctx, e, cause);
	else {
		op_trip_order_event(ctx, o);
		ctx->result = json_pack("{s:o}", "order", reply_order(o));
	}
	free(o);
	return (r);
}

/* Write op: a package back out of an order being packed. */
int
op_order_unpack(struct op_ctx *ctx)
{
	struct order	*o;
	uint64_t	 id;
	char		 tag[TAG_LEN + 1], *cause = NULL;
	int		 r = 0;
	enum order_err	 e;

	if (op_trip_id(ctx, "id", &id) != 0 || op_trip_tag(ctx,
	    json_object_get(ctx->args, "tag"), tag) != 0)
		return (-1);
	o = xmalloc(sizeof *o);
	e = pack_unpack(ctx->txn, id, tag, ctx->c->staff, ctx->c->terminal,
	    o, &cause);
	if (e != ORDER_OK)
		r = op_trip_fail(ctx, e, cause);
	else
		ctx->result = json_pack("{s:o}", "order", reply_order(o));
	free(o);
	return (r);
}

/* Write op: seal a packed order; the reply has the bag label's fields. */
int
op_order_seal(struct op_ctx *ctx)
{
	struct order		*o;
	struct pack_label	 l;
	json_t			*text;
	char			 lines[8][PACK_LABEL_COLS + 1], *cause = NULL;
	uint64_t		 id;
	u_int			 n, i;
	int			 r = 0;
	enum order_err		 e;

	if (op_trip_id(ctx, "id", &id) != 0)
		return (-1);
	o = xmalloc(sizeof *o);
	e = pack_seal(ctx->txn, id, ctx->c->staff, ctx->c->terminal, 0, o,
	    &l, &cause);
	if (e != ORDER_OK) {
		free(o);
		return (op_trip_fail(ctx, e, cause));
	}
	n = pack_label_lines(&l, ctx->srv->info.tz, lines, 8);
	text = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(text, json_string(lines[i]));
	op_trip_order_event(ctx, o);
	ctx->result = json_pack("{s:o, s:{s:I, s:s, s:s, s:i, s:i, s:I, "
	    "s:I, s:s, s:o}}", "order", reply_order(o), "label", "order",
	    (json_int_t)l.order, "ref", l.ref, "name", l.name, "lines",
	    (int)l.lines, "packages", (int)l.packages, "sealed",
	    (json_int_t)l.sealed, "packer", (json_int_t)l.packer, "channel",
	    l.pickup ? "pickup" : "delivery", "text", text);
	free(o);
	return (r);
}
