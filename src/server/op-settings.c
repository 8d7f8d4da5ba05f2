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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "settings.h"

/*
 * The store's settings that are policy, not law (settings.c): read by
 * every terminal (the receipt footer), changed by an admin. A change is
 * in force from the commit: stashd's options take it, and every terminal
 * is pushed {"event":"settings"} to read them again.
 */

int
op_settings_get(struct op_ctx *ctx)
{
	const struct option_entry	*oe;
	const char			*name;
	json_t				*list;
	char				 value[SETTINGS_VALUE_MAX];
	u_int				 i;
	int				 r;

	list = json_array();
	for (i = 0; (name = settings_name(i)) != NULL; i++) {
		r = settings_get(ctx->txn, name, value, sizeof value);
		if (r != 0 && r != STORE_NOTFOUND) {
			json_decref(list);
			return (op_store_error(ctx));
		}
		/* What is in force: the ledger's unless stash.conf's won. */
		settings_value(ctx->srv->opts, name, value, sizeof value);
		for (oe = options_table; strcmp(oe->name, name) != 0; oe++)
			/* nothing */;
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}",
		    "key", name, "value", value, "source", r == 0 ? "ledger" :
		    "stash.conf", "help", oe->help));
	}
	ctx->result = json_pack("{s:o}", "settings", list);
	return (0);
}

struct op_settings_set {
	char	key[64];
	char	value[SETTINGS_VALUE_MAX];
};

/* After the commit: in force now, and every terminal told. */
static void
op_settings_set_done(struct op_ctx *ctx)
{
	struct op_settings_set	*ss = ctx->data;
	char			*cause = NULL;

	if (ctx->error != NULL || ss == NULL)
		return;
	if (options_set(ctx->srv->opts, ss->key, ss->value, &cause) != 0) {
		log_warnx("settings.set: %s", cause);	/* validated before */
		free(cause);
		return;
	}
	op_order_zones(ctx->srv);
}

/* Write op: {"key", "value"}. */
int
op_settings_set(struct op_ctx *ctx)
{
	struct op_settings_set	*ss;
	const char		*key, *value;
	json_t			*v;
	char			*cause = NULL, old[SETTINGS_VALUE_MAX];
	int			 r;

	if (proto_arg_str(ctx->args, "key", 1, 63, &key, &cause) != 0)
		return (op_bad_request(ctx, cause));
	/* "" is a value: no receipt footer, no delivery. */
	v = json_object_get(ctx->args, "value");
	if (!json_is_string(v) || json_string_length(v) >= SETTINGS_VALUE_MAX ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return (op_error(ctx, "bad-request", "\"value\" must be text "
		    "of at most %d bytes", SETTINGS_VALUE_MAX - 1));
	value = json_string_value(v);
	r = settings_set(ctx->txn, ctx->srv->opts, key, value, ctx->c->staff,
	    ctx->c->terminal, old, sizeof old, &cause);
	if (r == SETTINGS_BAD)
		return (op_bad_request(ctx, cause));
	if (r == SETTINGS_STORE)
		return (op_store_error(ctx));
	if (r == SETTINGS_OK) {
		ss = xcalloc(1, sizeof *ss);
		strlcpy(ss->key, key, sizeof ss->key);
		strlcpy(ss->value, value, sizeof ss->value);
		ctx->data = ss;
		ctx->free_data = free;
		ctx->done = op_settings_set_done;
		op_event(ctx, json_pack("{s:s, s:s}", "event", "settings",
		    "key", key));
	}
	ctx->result = json_pack("{s:s, s:s, s:s, s:b}", "key", key, "value",
	    value, "was", old, "changed", r == SETTINGS_OK);
	return (0);
}
