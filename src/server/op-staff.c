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
 * The staff ops of the manager's console: the list, and an admin's
 * changes (a new member, another role, a one-time PIN, lock, unlock,
 * deactivate). The changes are auth.c's, which stashctl shares: the
 * store's last active admin keeps the power to administer staff. A change
 * bumps the staff generation, so a session it touches takes it at its
 * next op (op_session_valid).
 */

/* An auth.c refusal as the reply: -1. */
int
op_staff_auth_error(struct op_ctx *ctx, int r, char *cause)
{
	switch (r) {
	case AUTH_NOTFOUND:
		op_error(ctx, "not-found", "%s", cause);
		break;
	case AUTH_BAD:
		op_error(ctx, "bad-request", "%s", cause);
		break;
	case AUTH_CONFLICT:
		op_error(ctx, "conflict", "%s", cause);
		break;
	default:
		free(cause);
		return (op_store_error(ctx));
	}
	free(cause);
	return (-1);
}

static json_t *
op_staff_json(struct store_txn *t, const struct staff *s)
{
	char		role[ROLE_NAME_MAX + 1];
	uint32_t	perms;

	auth_role_get(t, s->role, role, sizeof role, &perms);
	return (json_pack("{s:I, s:s, s:s, s:b, s:b, s:b, s:b}", "id",
	    (json_int_t)s->id, "name", s->name, "role", role, "active",
	    s->active, "locked", s->locked_until > util_now(), "deactivated",
	    s->deactivated != 0, "pin_change", s->pin_change));
}

struct op_staff_list {
	struct store_txn	*t;
	json_t			*list;
	int			 all;
};

static int
op_staff_list_add(const struct staff *s, void *arg)
{
	struct op_staff_list	*sl = arg;

	if (s->deactivated == 0 || sl->all)
		json_array_append_new(sl->list, op_staff_json(sl->t, s));
	return (0);
}

/* Deactivated staff only with "all": pickers never offer them. */
int
op_staff_list(struct op_ctx *ctx)
{
	struct op_staff_list	sl;
	json_t			*all;

	all = json_object_get(ctx->args, "all");
	if (all != NULL && !json_is_boolean(all))
		return (op_error(ctx, "bad-request", "\"all\" must be true or "
		    "false"));
	sl.t = ctx->txn;
	sl.list = json_array();
	sl.all = json_is_true(all);
	if (store_staff_walk(ctx->txn, op_staff_list_add, &sl) != 0 ||
	    ctx->txn->ret != 0) {
		json_decref(sl.list);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "staff", sl.list);
	return (0);
}

/* The request's "staff": 0, or -1 with the error set. */
static int
op_staff_arg(struct op_ctx *ctx, uint32_t *id)
{
	json_int_t	 v;
	char		*cause = NULL;

	if (proto_arg_int(ctx->args, "staff", 1, 1, UINT32_MAX, &v,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	*id = (uint32_t)v;
	return (0);
}

/* Write op. */
int
op_staff_role(struct op_ctx *ctx)
{
	struct staff	 s;
	const char	*name;
	char		*cause = NULL, was[ROLE_NAME_MAX + 1];
	char		 now[ROLE_NAME_MAX + 1];
	uint32_t	 id;
	int		 r;

	if (op_staff_arg(ctx, &id) != 0)
		return (-1);
	if (proto_arg_str(ctx->args, "role", 1, ROLE_NAME_MAX, &name,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	r = auth_staff_role(ctx->txn, id, name, ctx->c->staff,
	    ctx->c->terminal, &s, was, now, sizeof was, &cause);
	if (r != AUTH_OK && r != AUTH_SAME)
		return (op_staff_auth_error(ctx, r, cause));
	if (r == AUTH_OK)
		op_perms_changed(ctx);
	ctx->result = json_pack("{s:I, s:s, s:s, s:s}", "staff",
	    (json_int_t)s.id, "name", s.name, "role", now, "was", was);
	return (0);
}

/* Write ops: lock, unlock, deactivate. */
static int
op_staff_change(struct op_ctx *ctx, enum auth_change what)
{
	struct staff	 s;
	char		*cause = NULL;
	uint32_t	 id;
	int		 r;

	if (op_staff_arg(ctx, &id) != 0)
		return (-1);
	r = auth_staff_change(ctx->txn, id, what, NULL,
	    ctx->c->staff, ctx->c->terminal, &s, &cause);
	if (r != AUTH_OK && r != AUTH_SAME)
		return (op_staff_auth_error(ctx, r, cause));
	if (r == AUTH_OK && what != AUTH_UNLOCK)
		op_perms_changed(ctx);
	ctx->result = op_staff_json(ctx->txn, &s);
	json_object_set_new(ctx->result, "changed", json_boolean(r ==
	    AUTH_OK));
	return (0);
}

int
op_staff_lock(struct op_ctx *ctx)
{
	return (op_staff_change(ctx, AUTH_LOCK));
}

int
op_staff_unlock(struct op_ctx *ctx)
{
	return (op_staff_change(ctx, AUTH_UNLOCK));
}

int
op_staff_deactivate(struct op_ctx *ctx)
{
	return (op_staff_change(ctx, AUTH_DEACTIVATE));
}

/*
 * staff.add and staff.pin.reset: stashd makes a one-time PIN, hashes it
 * on a PIN worker (never on the loop), then writes; the reply carries the
 * PIN once, for the admin to hand over. The staff member replaces it at
 * their next login.
 */
struct op_staff_new {
	uint32_t	 id;		/* pin.reset: who */
	const char	*name;		/* add: borrowed from the request */
	const char	*role;
	char		 pin[8];
	char		 hash[PIN_HASH_LEN];
};

static void
op_staff_new_free(void *arg)
{
	struct op_staff_new	*sn = arg;

	explicit_bzero(sn, sizeof *sn);
	free(sn);
}

static int
op_staff_new_write(struct op_ctx *ctx)
{
	struct op_staff_new	*sn = ctx->data;
	struct staff		 s;
	char			*cause = NULL;
	int			 r;

	if (sn->hash[0] == '\0')
		return (op_error(ctx, "internal", "the one-time PIN could not "
		    "be made: nothing was written"));
	if (sn->name != NULL) {
		r = auth_staff_add(ctx->txn, sn->name, sn->role, sn->hash, 1,
		    ctx->c->staff, ctx->c->terminal, &sn->id, &cause);
		if (r == AUTH_OK)
			r = store_staff_get(ctx->txn, sn->id, &s) == 0 ?
			    AUTH_OK : AUTH_STORE;
	} else
		r = auth_staff_change(ctx->txn, sn->id, AUTH_PIN_RESET,
		    sn->hash, ctx->c->staff, ctx->c->terminal, &s, &cause);
	if (r != AUTH_OK)
		return (op_staff_auth_error(ctx, r, cause));
	ctx->result = op_staff_json(ctx->txn, &s);
	json_object_set_new(ctx->result, "pin", json_string(sn->pin));
	return (ctx->txn->ret != 0 ? -1 : 0);
}

static void
op_staff_new_hashed(int ok, void *arg)
{
	struct op_ctx	*ctx = arg;

	batch_run(ctx->srv, ctx, op_staff_new_write);
}

static int
op_staff_new(struct op_ctx *ctx, struct op_staff_new *sn)
{
	ctx->data = sn;
	ctx->free_data = op_staff_new_free;
	auth_pin_new(sn->pin, sizeof sn->pin);
	return (op_pin_submit(ctx, NULL, NULL, sn->pin, sn->hash,
	    op_staff_new_hashed));
}

/* Async op: {"name","role"}. */
int
op_staff_add(struct op_ctx *ctx)
{
	struct op_staff_new	*sn;
	const char		*name, *role;
	char			*cause = NULL;
	uint32_t		 perms;
	int			 r, n;

	if (proto_arg_str(ctx->args, "name", 1, 63, &name, &cause) != 0 ||
	    proto_arg_str(ctx->args, "role", 1, ROLE_NAME_MAX, &role,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	if (valid_text(name, strlen(name), 63, "name", &cause) != 0)
		return (op_bad_request(ctx, cause));
	/* Refused now rather than after a hash; the write checks again. */
	r = auth_role_find(ctx->txn, role, &n, &perms);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no role \"%s\" (role.list "
		    "shows them)", role));
	if (r != 0)
		return (op_store_error(ctx));
	sn = xcalloc(1, sizeof *sn);
	sn->name = name;
	sn->role = role;
	return (op_staff_new(ctx, sn));
}

/* Async op: {"staff"}. */
int
op_staff_pin_reset(struct op_ctx *ctx)
{
	struct op_staff_new	*sn;
	struct staff		 s;
	uint32_t		 id;
	int			 r;

	if (op_staff_arg(ctx, &id) != 0)
		return (-1);
	/* Refused now rather than after a hash; the write checks again. */
	r = store_staff_get(ctx->txn, id, &s);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no staff member %u", id));
	if (r != 0)
		return (op_store_error(ctx));
	sn = xcalloc(1, sizeof *sn);
	sn->id = id;
	return (op_staff_new(ctx, sn));
}
