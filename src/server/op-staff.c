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
#include "auth.h"

/*
 * The staff ops: the list for the manager's staff screen, and a new role
 * for someone (auth_staff_role, which stashctl staff role shares: the
 * store's last active admin keeps theirs).
 */

static int
op_staff_list_add(const struct staff *s, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:b, s:b}",
	    "id", (json_int_t)s->id, "name", s->name, "role",
	    perm_role_name(s->role), "active", s->active, "locked",
	    s->locked_until > util_now()));
	return (0);
}

int
op_staff_list(struct op_ctx *ctx)
{
	json_t	*list;

	list = json_array();
	if (store_staff_walk(ctx->txn, op_staff_list_add, list) != 0 ||
	    ctx->txn->ret != 0) {
		json_decref(list);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "staff", list);
	return (0);
}

/* Write op. */
int
op_staff_role(struct op_ctx *ctx)
{
	struct staff	 s;
	const char	*name;
	char		*cause = NULL;
	json_int_t	 id;
	int		 role, was;

	if (proto_arg_int(ctx->args, "staff", 1, 1, UINT32_MAX, &id,
	    &cause) != 0 || proto_arg_str(ctx->args, "role", 1, 16, &name,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	if ((role = perm_role_find(name)) == -1)
		return (op_error(ctx, "bad-request", "\"role\" is one of "
		    "budtender, receiver, manager, driver, admin, auditor"));
	switch (auth_staff_role(ctx->txn, (uint32_t)id, role, ctx->c->staff,
	    ctx->c->terminal, &s, &was, &cause)) {
	case AUTH_ROLE_OK:
	case AUTH_ROLE_SAME:
		break;
	case AUTH_ROLE_NOTFOUND:
		op_error(ctx, "not-found", "%s", cause);
		free(cause);
		return (-1);
	case AUTH_ROLE_LASTADMIN:
		op_error(ctx, "conflict", "%s", cause);
		free(cause);
		return (-1);
	default:
		free(cause);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:I, s:s, s:s, s:s}", "staff",
	    (json_int_t)s.id, "name", s.name, "role", perm_role_name(role),
	    "was", perm_role_name(was));
	return (0);
}
