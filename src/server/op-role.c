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
 * Roles as data: the built-in ones (perm.c) and those an admin defines
 * with a chosen set of permissions (auth.c, shared with stashctl role).
 * A role's new permissions reach the sessions holding it at their next op.
 */

/* The names of a set of permissions, in bit order. */
json_t *
op_role_perms(uint32_t perms)
{
	json_t		*a;
	uint32_t	 bit;

	a = json_array();
	for (bit = 1; bit != 0 && bit <= PERM_ALL; bit <<= 1) {
		if ((perms & bit) && perm_name(bit) != NULL)
			json_array_append_new(a, json_string(perm_name(bit)));
	}
	return (a);
}

static int
op_role_list_add(struct store_txn *t, json_t *list, int role,
    const char *name, uint32_t perms, int builtin)
{
	int	n;

	if ((n = auth_role_users(t, role)) < 0)
		return (-1);
	json_array_append_new(list, json_pack("{s:s, s:b, s:o, s:i}", "name",
	    name, "builtin", builtin, "perms", op_role_perms(perms), "staff",
	    n));
	return (0);
}

struct op_role_list {
	struct store_txn	*t;
	json_t			*list;
};

static int
op_role_list_cb(const struct role_def *ro, void *arg)
{
	struct op_role_list	*rl = arg;

	return (op_role_list_add(rl->t, rl->list, (int)ro->id, ro->name,
	    ro->perms, 0) != 0);
}

int
op_role_list(struct op_ctx *ctx)
{
	struct op_role_list	rl;
	json_t			*all;
	int			 i;

	rl.t = ctx->txn;
	rl.list = json_array();
	for (i = 1; i <= ROLE_MAX; i++) {
		if (op_role_list_add(ctx->txn, rl.list, i, perm_role_name(i),
		    perm_role_perms(i), 1) != 0)
			break;
	}
	if (ctx->txn->ret == 0)
		store_role_walk(ctx->txn, op_role_list_cb, &rl);
	if (ctx->txn->ret != 0) {
		json_decref(rl.list);
		return (op_store_error(ctx));
	}
	all = op_role_perms(PERM_ALL);
	ctx->result = json_pack("{s:o, s:o}", "roles", rl.list, "perms", all);
	return (0);
}

/* Write op: {"name", "perms":["sale",...]}. */
int
op_role_define(struct op_ctx *ctx)
{
	struct role_def	 ro;
	const char	*name;
	json_t		*perms, *p;
	size_t		 i;
	uint32_t	 mask = 0, bit, was;
	char		*cause = NULL, known[512];
	int		 r;

	if (proto_arg_str(ctx->args, "name", 1, ROLE_NAME_MAX, &name,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	perms = json_object_get(ctx->args, "perms");
	if (!json_is_array(perms) || json_array_size(perms) > 64)
		return (op_error(ctx, "bad-request", "\"perms\" must be a list "
		    "of permission names"));
	json_array_foreach(perms, i, p) {
		if (!json_is_string(p) ||
		    (bit = perm_find(json_string_value(p))) == 0) {
			perm_list_str(PERM_ALL, known, sizeof known);
			return (op_error(ctx, "bad-request", "\"perms\"[%zu] "
			    "is not a permission (the permissions are %s)", i,
			    known));
		}
		mask |= bit;
	}
	r = auth_role_define(ctx->txn, name, mask, ctx->c->staff,
	    ctx->c->terminal, &ro, &was, &cause);
	if (r != AUTH_OK && r != AUTH_SAME)
		return (op_staff_auth_error(ctx, r, cause));
	if (r == AUTH_OK)
		op_perms_changed(ctx);
	ctx->result = json_pack("{s:s, s:o, s:o, s:b}", "name", ro.name,
	    "perms", op_role_perms(ro.perms), "was", op_role_perms(was),
	    "changed", r == AUTH_OK);
	return (0);
}

/* Write op: {"name"}. */
int
op_role_delete(struct op_ctx *ctx)
{
	const char	*name;
	char		*cause = NULL;
	int		 r;

	if (proto_arg_str(ctx->args, "name", 1, ROLE_NAME_MAX, &name,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	r = auth_role_delete(ctx->txn, name, ctx->c->staff, ctx->c->terminal,
	    &cause);
	if (r != AUTH_OK)
		return (op_staff_auth_error(ctx, r, cause));
	ctx->result = json_pack("{s:s}", "name", name);
	return (0);
}
