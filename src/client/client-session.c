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

#include "client.h"

/*
 * What the terminal knows about its store (from hello) and the staff member
 * logged in (from login). PINs are never kept: the login screen sends the
 * PIN and wipes it.
 *
 * The shift: the sales screen lists this terminal's sales since the shift
 * began, in server time (the terminal's clock may be off; the offset comes
 * from a ping after hello). A shift begins at login and survives a lost
 * session when the same person logs back in; F10 (log out) ends it.
 */

struct client_session	client_session;

static void
client_session_set(char **field, json_t *obj, const char *key)
{
	json_t	*v;

	free(*field);
	v = json_object_get(obj, key);
	if (json_is_string(v))
		*field = xstrdup(json_string_value(v));
	else
		*field = xstrdup("");
}

void
client_session_init(const char *terminal)
{
	memset(&client_session, 0, sizeof client_session);
	client_session.terminal = xstrdup(terminal);
	client_session.boot = util_now();
	client_session.server = xstrdup("");
	client_session.store_name = xstrdup("");
	client_session.store_licence = xstrdup("");
	client_session.store_state = xstrdup("");
	client_session.store_tz = xstrdup("");
	client_session.staff_name = xstrdup("");
	client_session.staff_role = xstrdup("");
}

/* The hello result. */
int
client_session_hello(json_t *result, char **cause)
{
	json_t	*store, *version;

	version = json_object_get(result, "version");
	if (!json_is_integer(version) ||
	    json_integer_value(version) != PROTOCOL_VERSION) {
		xasprintf(cause, "stashd speaks another protocol version; "
		    "update this terminal or the server");
		return (-1);
	}
	store = json_object_get(result, "store");
	if (!json_is_object(store)) {
		xasprintf(cause, "stashd sent no store in its hello reply");
		return (-1);
	}
	client_session_set(&client_session.server, result, "server");
	client_session_set(&client_session.store_name, store, "name");
	client_session_set(&client_session.store_licence, store, "licence");
	client_session_set(&client_session.store_state, store, "state");
	client_session_set(&client_session.store_tz, store, "tz");
	return (0);
}

/* A ping result: the server's clock. */
void
client_session_time(json_t *result)
{
	json_t	*t;

	t = json_object_get(result, "time");
	if (json_is_integer(t))
		client_session.offset = json_integer_value(t) - util_now();
}

/* The login result. */
int
client_session_login(json_t *result, char **cause)
{
	json_t		*staff, *id, *perms, *p;
	size_t		 i;
	int64_t		 prev = client_session.staff_id;

	staff = json_object_get(result, "staff");
	id = json_object_get(staff, "id");
	if (!json_is_object(staff) || !json_is_integer(id)) {
		xasprintf(cause, "stashd's login reply has no staff member");
		return (-1);
	}
	client_session.staff_id = json_integer_value(id);
	client_session_set(&client_session.staff_name, staff, "name");
	client_session_set(&client_session.staff_role, staff, "role");
	client_session.perms = 0;
	perms = json_object_get(result, "permissions");
	json_array_foreach(perms, i, p) {
		if (json_is_string(p))
			client_session.perms |= perm_find(json_string_value(p));
	}
	if (client_session.shift_start == 0 ||
	    prev != client_session.staff_id)
		client_session.shift_start = client_session_now();
	client_session.logged_in = 1;
	return (0);
}

/* The session ended; end_shift when the person chose to log out. */
void
client_session_logout(int end_shift)
{
	client_session.logged_in = 0;
	client_session.perms = 0;
	if (end_shift) {
		client_session.shift_start = 0;
		client_session.staff_id = 0;
	}
}

/* Now, in server time. */
int64_t
client_session_now(void)
{
	return (util_now() + client_session.offset);
}

/* A time in the store's zone. */
char *
client_session_time_str(int64_t t, char *out, size_t len)
{
	return (util_time_str(t, client_session.store_tz, out, len));
}

/* "Dana Smith" -> "Dana", for receipts. */
char *
client_session_first_name(const char *name, char *out, size_t len)
{
	size_t	n;

	n = strcspn(name, " ");
	snprintf(out, len, "%.*s", (int)n, name);
	return (out);
}
