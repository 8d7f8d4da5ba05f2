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

#include "client-op.h"

/*
 * Staff sessions: login and logout. A login's reply is taken into
 * client_session (client-session.c) before the caller hears of it.
 */

static void
client_op_session_login_reply(json_t *result,
    const struct client_op_error *err, struct client_op_call *call)
{
	struct client_op_error	 bad;
	char			*cause;

	if (err->code == NULL && client_session_login(result, &cause) != 0) {
		client_op_error_set(&bad, "bad-reply", cause);
		((client_op_done_cb)call->cb)(&bad, call->arg);
		free(cause);
		return;
	}
	if (err->code == NULL)
		client_op_settings_refresh();
	((client_op_done_cb)call->cb)(err, call->arg);
}

/*
 * login {"staff":N,"pin":".."}, with "new_pin" when newpin is not NULL
 * (the staff member replaces a one-time PIN); the PINs are not kept.
 */
json_int_t
client_op_session_login(int64_t staff, const char *pin, const char *newpin,
    client_op_done_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "login" };

	req.args = json_pack("{s:I, s:s}", "staff", (json_int_t)staff, "pin",
	    pin);
	if (newpin != NULL)
		json_object_set_new(req.args, "new_pin", json_string(newpin));
	return (client_op_call(&req, client_op_session_login_reply,
	    (client_op_fn)cb, arg));
}

/* logout: nobody waits for the answer. */
void
client_op_session_logout(void)
{
	struct client_op_req	req = { .op = "logout" };

	client_op_send(&req, NULL, NULL);
}

/*
 * session.get, on a "perms" event: the staff member's role or its
 * permissions changed, so the terminal takes them (client_session) at
 * once instead of at the next login, then tells done the role it now has.
 * A lock or deactivation answers no-session, which the client's
 * no-session hook already takes back to the login screen.
 */
static void
client_op_session_reread(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	void	(*done)(const char *) = (void (*)(const char *))call->cb;
	char	*cause;

	if (err->code != NULL) {
		log_info("session not read again: %s", err->message);
		return;
	}
	if (client_session_login(result, &cause) != 0) {
		log_info("session not read again: %s", cause);
		free(cause);
		return;
	}
	if (done != NULL)
		done(client_session.staff_role);
}

void
client_op_session_refresh(void (*done)(const char *))
{
	struct client_op_req	req = { .op = "session.get" };

	if (!client_session.logged_in)
		return;
	req.args = json_object();
	client_op_call(&req, client_op_session_reread, (client_op_fn)done,
	    NULL);
}
