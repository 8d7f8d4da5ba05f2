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
 * Packages, holds, traces and stock lists (package.*, hold.*, trace,
 * inventory.*). Typed so far: package.get, as the manifest screen reads
 * it.
 */

static const struct client_op_error client_op_inventory_bad = {
	"bad-reply", "stashd's answer about the package could not be read"
};

/* A PACKAGE object; -1 if it is not one. */
int
client_op_package_parse(json_t *p, struct client_op_package *pk)
{
	memset(pk, 0, sizeof *pk);
	if (!json_is_object(p))
		return (-1);
	client_op_copy(pk->tag, sizeof pk->tag, p, "tag");
	client_op_copy(pk->status, sizeof pk->status, p, "status");
	client_op_copy(pk->location, sizeof pk->location, p, "location");
	return (0);
}

static void
client_op_package_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_package_cb		cb = (client_op_package_cb)call->cb;
	struct client_op_package	pk;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_package_parse(json_object_get(result, "package"),
	    &pk) != 0) {
		cb(&client_op_inventory_bad, NULL, call->arg);
		return;
	}
	cb(err, &pk, call->arg);
}

/* package.get {"tag":".."}. */
json_int_t
client_op_package_get(const char *tag, client_op_package_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "package.get" };

	req.args = json_pack("{s:s}", "tag", tag);
	return (client_op_call(&req, client_op_package_reply, (client_op_fn)cb,
	    arg));
}
