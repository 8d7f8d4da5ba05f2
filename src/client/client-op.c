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

#include <string.h>

#include "client-op.h"

/*
 * The one place a typed request leaves the terminal. Today it goes
 * straight to client_request; the driver's offline journal will keep a
 * request with a key here (persisted before it is sent, replayed with the
 * same key after a restart or a reconnect, dropped once answered).
 * Takes the reference to req->args.
 */
json_int_t
client_op_send(struct client_op_req *req, client_cb cb, void *arg)
{
	json_t	*args;

	args = req->args;
	req->args = NULL;
	return (client_request(req->op, args, cb, arg));
}

/* Fill an error from a raw reply's code and message. */
void
client_op_error_set(struct client_op_error *err, const char *code,
    const char *message)
{
	err->code = code;
	err->message = message != NULL ? message : "";
}
