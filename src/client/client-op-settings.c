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
#include "client-op.h"

/*
 * The store's settings: settings.get for the settings screen and for the
 * receipt footer this terminal prints (read again after each login and
 * each settings event), settings.set for an admin.
 */

/* {"settings":[{"key","value","source","help"}]} */
int
client_op_settings_parse(json_t *result, struct client_op_settings *l)
{
	struct client_op_setting	*s;
	json_t				*list, *o;
	size_t				 i;

	memset(l, 0, sizeof *l);
	list = json_object_get(result, "settings");
	if (!json_is_array(list))
		return (-1);
	if (json_array_size(list) != 0)
		l->list = xcalloc(json_array_size(list), sizeof *l->list);
	json_array_foreach(list, i, o) {
		if (!json_is_object(o) || client_op_str(o, "key") == NULL)
			continue;
		s = &l->list[l->n++];
		client_op_copy(s->key, sizeof s->key, o, "key");
		client_op_copy(s->value, sizeof s->value, o, "value");
		client_op_copy(s->source, sizeof s->source, o, "source");
		client_op_copy(s->help, sizeof s->help, o, "help");
	}
	return (0);
}

static void
client_op_settings_got(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_settings_cb		cb = (client_op_settings_cb)call->cb;
	struct client_op_settings	l;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_settings_parse(result, &l) != 0) {
		cb(&client_op_bad_reply, NULL, call->arg);
		return;
	}
	cb(err, &l, call->arg);
	free(l.list);
}

json_int_t
client_op_settings_get(client_op_settings_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "settings.get" };

	req.args = json_object();
	return (client_op_call(&req, client_op_settings_got,
	    (client_op_fn)cb, arg));
}

json_int_t
client_op_settings_set(const char *key, const char *value,
    client_op_done_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "settings.set" };

	req.args = json_pack("{s:s, s:s}", "key", key, "value", value);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}

/* What the terminal keeps of the settings: the receipt footer. */
static void
client_op_settings_kept(const struct client_op_error *err,
    const struct client_op_settings *l, __unused void *arg)
{
	u_int	i;

	if (err->code != NULL) {
		log_info("settings not read: %s", err->message);
		return;
	}
	for (i = 0; i < l->n; i++) {
		if (strcmp(l->list[i].key, "receipt-footer") != 0)
			continue;
		free(client_session.receipt_footer);
		client_session.receipt_footer = xstrdup(l->list[i].value);
	}
}

static int	client_op_settings_asker;

/* Read the settings again (after a login, on a settings event). */
void
client_op_settings_refresh(void)
{
	if (!client_session.logged_in)
		return;
	client_op_settings_get(client_op_settings_kept,
	    &client_op_settings_asker);
}
