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

#include <stdlib.h>
#include <string.h>

#include "client-op.h"

/*
 * The one place a typed request leaves the terminal: straight to
 * client_request. (The driver's offline journal is a journal of stop
 * outcomes, client-journal.c, sent with trip.sync, not a queue here.)
 * Takes the reference to req->args. A typed request passes its own context
 * as arg, the asker as req->owner (what client_forget names) and a drop
 * that frees the context whatever becomes of the request.
 */
json_int_t
client_op_send(struct client_op_req *req, client_cb cb, void *arg)
{
	json_t	*args;

	args = req->args;
	req->args = NULL;
	return (client_request_owned(req->op, args, cb, arg,
	    req->owner != NULL ? req->owner : arg, req->drop));
}

/*
 * stashd's error, as staff read it: the one place the terminal turns the
 * server's words for administrators into words for the shop floor. No op
 * names ("may not package.move: needs permission inventory.receive"), no
 * option names ("(option senior-age)"), no internal codes or record
 * numbers; and for each, what to do instead. Returns out.
 */
char *
client_op_staff_message(const char *code, const char *message, char *out,
    size_t len)
{
	const char	*p, *q, *role;
	char		 buf[512], rbuf[32];
	size_t		 o = 0, n;

	if (message == NULL)
		message = "";
	if (code == NULL)
		code = "";

	/* "NAME (ROLE) may not OP: needs permission PERM" (the op table). */
	if (strcmp(code, "permission") == 0 &&
	    (p = strstr(message, " may not ")) != NULL &&
	    strstr(p, ": needs permission ") != NULL) {
		role = NULL;
		if ((q = strchr(message, '(')) != NULL && q < p &&
		    (n = strcspn(q + 1, ")")) < sizeof rbuf) {
			memcpy(rbuf, q + 1, n);
			rbuf[n] = '\0';
			role = rbuf;
		}
		/* A manager's refusal goes to the one above: an admin. */
		snprintf(out, len, "Not allowed for %s%s: ask %s to do it, or "
		    "to log in here", role != NULL ? "a " : "your role",
		    role != NULL ? role : "", role != NULL &&
		    strcmp(role, "manager") == 0 ? "an administrator" :
		    "a manager");
		return (out);
	}
	if (strcmp(code, "internal") == 0 || strcmp(code, "bad-reply") == 0 ||
	    strcmp(code, "unknown-op") == 0) {
		snprintf(out, len, "Something went wrong on the server; nothing "
		    "was changed. Try again, and tell a manager if it goes on");
		return (out);
	}
	if (strcmp(code, "version") == 0) {
		snprintf(out, len, "This terminal's software does not match the "
		    "server's: tell a manager");
		return (out);
	}

	/* "(option NAME)": the store's setting; "customer 12 is": they. */
	for (p = message; *p != '\0' && o + 1 < sizeof buf; /* nothing */) {
		if (strncmp(p, "(option ", 8) == 0 &&
		    (q = strchr(p, ')')) != NULL) {
			n = strlcpy(buf + o, "(the store's setting)",
			    sizeof buf - o);
			o = o + n < sizeof buf ? o + n : sizeof buf - 1;
			p = q + 1;
			continue;
		}
		if (strncmp(p, "customer ", 9) == 0 && p[9] >= '0' &&
		    p[9] <= '9') {
			q = p + 9;
			while (*q >= '0' && *q <= '9')
				q++;
			n = strlcpy(buf + o, "the customer", sizeof buf - o);
			o = o + n < sizeof buf ? o + n : sizeof buf - 1;
			p = q;
			continue;
		}
		buf[o++] = *p++;
	}
	buf[o] = '\0';
	snprintf(out, len, "%s", buf);
	return (out);
}

const struct client_op_error client_op_bad_reply = {
	"bad-reply", "stashd's answer could not be read"
};

/* Fill an error from a raw reply's code and message. */
void
client_op_error_set(struct client_op_error *err, const char *code,
    const char *message)
{
	err->code = code;
	err->message = message != NULL ? message : "";
}

static void
client_op_call_drop(void *arg)
{
	free(arg);
}

/* The raw reply of a typed request: hand it to the domain's parser. */
static void
client_op_call_reply(json_t *result, const char *code, const char *message,
    void *arg)
{
	struct client_op_call	*call = arg;
	struct client_op_error	 err = { NULL, NULL };

	if (result == NULL)
		client_op_error_set(&err, code, message);
	call->reply(result, &err, call);
}

/*
 * Send a typed request: reply (the domain's) parses the result, or takes
 * the error, and calls cb with arg, both from the struct client_op_call
 * it is given. Takes the reference to req->args. The asker (req->owner,
 * or arg) is what client_forget names: a screen that goes away forgets
 * its raw and typed requests alike, and the call is freed by client.c
 * whatever becomes of the request (answered, failed, forgotten, or still
 * waiting at exit).
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
	if (req->owner == NULL)
		req->owner = arg;
	req->drop = client_op_call_drop;
	return (client_op_send(req, client_op_call_reply, call));
}

/* The reply of an op whose caller wants only success or why not. */
void
client_op_call_done(__unused json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	((client_op_done_cb)call->cb)(err, call->arg);
}

/* A reply's string member, or NULL. */
const char *
client_op_str(json_t *o, const char *key)
{
	return (json_string_value(json_object_get(o, key)));
}

/* A reply's integer member, or 0. */
int64_t
client_op_int(json_t *o, const char *key)
{
	return (json_integer_value(json_object_get(o, key)));
}

/* Copy a reply's string member into a fixed buffer ("" if none). */
void
client_op_copy(char *out, size_t len, json_t *obj, const char *key)
{
	const char	*v;

	v = client_op_str(obj, key);
	strlcpy(out, v != NULL ? v : "", len);
}

/*
 * Read the JSON array a into a new array of elements of size bytes
 * (NULL when a is empty or no array): fn fills one element from each
 * object in a and returns 0 to keep it or -1 to leave it out; anything
 * but an object is left out. *n counts what was kept.
 */
void *
client_op_rows(json_t *a, u_int *n, size_t size, client_op_row_fn fn)
{
	char	*base, *el;
	json_t	*o;
	size_t	 i;

	*n = 0;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return (NULL);
	base = xcalloc(json_array_size(a), size);
	json_array_foreach(a, i, o) {
		if (!json_is_object(o))
			continue;
		el = base + (size_t)*n * size;
		if (fn(o, el) == 0)
			(*n)++;
		else
			memset(el, 0, size);
	}
	return (base);
}
