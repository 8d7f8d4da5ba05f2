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
 * Typed requests in flight. Each keeps the domain's reply parser and the
 * caller's typed callback until the reply comes; a caller that goes away
 * (a screen left) forgets its callbacks, and the reply is then dropped
 * when it comes. The calls still waiting when stash exits are freed by
 * client_op_free.
 */

TAILQ_HEAD(client_op_calls, client_op_call);
static struct client_op_calls	client_op_calls =
    TAILQ_HEAD_INITIALIZER(client_op_calls);

static void
client_op_call_reply(json_t *result, const char *code, const char *message,
    void *arg)
{
	struct client_op_call	*call = arg;
	struct client_op_error	 err = { NULL, NULL };

	TAILQ_REMOVE(&client_op_calls, call, entry);
	if (result == NULL)
		client_op_error_set(&err, code, message);
	if (call->cb != NULL)
		call->reply(result, &err, call);
	free(call);
}

/*
 * Send a typed request: reply parses the result (or takes the error) and
 * calls cb with arg. Takes the reference to req->args.
 */
json_int_t
client_op_call(struct client_op_req *req, client_op_reply_fn reply,
    client_op_fn cb, void *arg)
{
	struct client_op_call	*call;

	call = xcalloc(1, sizeof *call);
	call->reply = reply;
	call->cb = cb;
	call->arg = arg;
	TAILQ_INSERT_TAIL(&client_op_calls, call, entry);
	return (client_op_send(req, client_op_call_reply, call));
}

/* The reply of an op whose caller wants only success or why not. */
void
client_op_call_done(__unused json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	((client_op_done_cb)call->cb)(err, call->arg);
}

/* Drop the callbacks of everything arg asked (the screen went away). */
void
client_op_forget(void *arg)
{
	struct client_op_call	*call;

	TAILQ_FOREACH(call, &client_op_calls, entry) {
		if (call->arg == arg)
			call->cb = NULL;
	}
}

/* At exit, after client_free: the replies will never come. */
void
client_op_free(void)
{
	struct client_op_call	*call;

	while ((call = TAILQ_FIRST(&client_op_calls)) != NULL) {
		TAILQ_REMOVE(&client_op_calls, call, entry);
		free(call);
	}
}

/* A reply's string member, or "" if it has none. */
const char *
client_op_str(json_t *obj, const char *key)
{
	json_t	*v = json_object_get(obj, key);

	return (json_is_string(v) ? json_string_value(v) : "");
}

/* A reply's integer member, or 0 if it has none. */
int64_t
client_op_int(json_t *obj, const char *key)
{
	json_t	*v = json_object_get(obj, key);

	return (json_is_integer(v) ? (int64_t)json_integer_value(v) : 0);
}

/* Copy a reply's string member into a fixed buffer ("" if none). */
void
client_op_copy(char *out, size_t len, json_t *obj, const char *key)
{
	strlcpy(out, client_op_str(obj, key), len);
}
