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

#ifndef CLIENT_OP_H
#define CLIENT_OP_H

/*
 * The terminal's protocol layer: typed requests and replies for every op
 * the terminal uses (doc/protocol.md). Screens call only these and the
 * widget kit; no screen names an op or reads a reply's JSON. Changing an
 * op's arguments touches one client-op-<domain>.c.
 *
 * Each typed request builds its arguments and goes out through
 * client_op_send (client-op.c), the one place a request leaves the
 * terminal: that is where the driver's offline journal sits (a request
 * with an idempotency key can be queued, persisted and replayed). Each
 * typed reply is parsed into C data before the caller's callback runs;
 * the callback gets a struct client_op_error with code NULL on success.
 */

#include "client.h"

struct client_op_error {
	const char	*code;		/* NULL: success */
	const char	*message;	/* for the person, when code is set */
};

/*
 * A request as data: the op, its arguments (owned) and its idempotency
 * key (the op's own "ref" or similar, already in args), or "" for a
 * request that is safe to repeat or must not be replayed.
 */
#define CLIENT_OP_KEY_MAX	64
struct client_op_req {
	const char	*op;
	json_t		*args;
	char		 key[CLIENT_OP_KEY_MAX + 1];
};

/* client-op.c */
json_int_t	 client_op_send(struct client_op_req *, client_cb, void *);
void		 client_op_error_set(struct client_op_error *, const char *,
		     const char *);

/* Typed requests follow, a section a domain (client-op-<domain>.c). */

/* client-op-session.c */

/* client-op-sale.c */

/* client-op-customer.c */

/* client-op-item.c */

/* client-op-queue.c */

/* client-op-drawer.c */

/* client-op-inventory.c */

/* client-op-intake.c */

/* client-op-compliance.c */

#endif /* CLIENT_OP_H */
