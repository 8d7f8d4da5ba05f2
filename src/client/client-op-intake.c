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

#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "client-op.h"

/*
 * Receiving: manifests (intake.*). The intake station looks SKUs up with
 * the item ops' product.search (client-op-item.c).
 */

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
