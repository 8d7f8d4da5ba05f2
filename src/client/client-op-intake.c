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
#include "config.h"

#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "client-op.h"

/*
 * Receiving: manifests (intake.*) and the product look-up the intake
 * station does for the SKUs on them.
 */

/* product.search's result: {"products":[PRODUCT...]}. */
int
client_op_intake_parse_products(json_t *result, struct client_op_products *ps)
{
	struct client_op_product	*p;
	json_t				*list, *j, *sku;
	size_t				 i;

	memset(ps, 0, sizeof *ps);
	list = json_object_get(result, "products");
	if (json_array_size(list) == 0)
		return (0);
	ps->list = xcalloc(json_array_size(list), sizeof *ps->list);
	json_array_foreach(list, i, j) {
		sku = json_object_get(j, "sku");
		if (!json_is_string(sku))
			continue;
		p = &ps->list[ps->n++];
		client_op_copy(p->sku, sizeof p->sku, j, "sku");
		client_op_copy(p->name, sizeof p->name, j, "name");
		p->weight = strcmp(client_op_str(j, "unit"), "weight") == 0;
	}
	return (0);
}

void
client_op_intake_products_free(struct client_op_products *ps)
{
	free(ps->list);
	memset(ps, 0, sizeof *ps);
}

static void
client_op_intake_products_reply(json_t *result,
    const struct client_op_error *err, struct client_op_call *call)
{
	client_op_products_cb		cb = (client_op_products_cb)call->cb;
	struct client_op_products	ps;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	client_op_intake_parse_products(result, &ps);
	cb(err, &ps, call->arg);
	client_op_intake_products_free(&ps);
}

/* product.search {"q":"..","limit":50}: products by SKU or name. */
json_int_t
client_op_intake_products(const char *q, client_op_products_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "product.search" };

	req.args = json_pack("{s:s, s:i}", "q", q, "limit", 50);
	return (client_op_call(&req, client_op_intake_products_reply,
	    (client_op_fn)cb, arg));
}

/* intake.create: a manifest typed at the station, with its packages. */
json_int_t
client_op_intake_create(const struct client_op_intake_new *in,
    client_op_done_cb cb, void *arg)
{
	struct client_op_req		 req = { .op = "intake.create" };
	const struct client_op_intake_pkg *p;
	json_t				*pkgs, *jp;
	u_int				 i;

	pkgs = json_array();
	for (i = 0; i < in->n; i++) {
		p = &in->pkgs[i];
		jp = json_pack("{s:s, s:s, s:s, s:I}", "tag", p->tag, "sku",
		    p->sku, "batch", p->batch, "qty", (json_int_t)p->qty);
		if (p->harvested != 0)
			json_object_set_new(jp, "harvested",
			    json_integer(p->harvested));
		json_array_append_new(pkgs, jp);
	}
	req.args = json_pack("{s:s, s:s, s:s, s:o}", "manifest", in->manifest,
	    "supplier", in->supplier, "note", in->note, "packages", pkgs);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}
