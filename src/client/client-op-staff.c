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
 * The staff and role ops, for the manager's staff and roles screens:
 * staff.list, staff.role, staff.add, staff.pin.reset, staff.lock,
 * staff.unlock, staff.deactivate, role.list, role.define, role.delete.
 */

static int
client_op_staff_parse_one(json_t *o, void *el)
{
	struct client_op_staff	*s = el;

	s->id = client_op_int(o, "id");
	client_op_copy(s->name, sizeof s->name, o, "name");
	client_op_copy(s->role, sizeof s->role, o, "role");
	s->active = json_is_true(json_object_get(o, "active"));
	s->locked = json_is_true(json_object_get(o, "locked"));
	s->deactivated = json_is_true(json_object_get(o, "deactivated"));
	s->pin_change = json_is_true(json_object_get(o, "pin_change"));
	return (0);
}

/* A staff.list result: {"staff":[{"id","name","role","active","locked"}]}. */
int
client_op_staff_parse_list(json_t *result, struct client_op_staff_list *l)
{
	json_t	*list = json_object_get(result, "staff");

	memset(l, 0, sizeof *l);
	if (!json_is_array(list))
		return (-1);
	l->list = client_op_rows(list, &l->n, sizeof *l->list,
	    client_op_staff_parse_one);
	return (0);
}

void
client_op_staff_list_free(struct client_op_staff_list *l)
{
	free(l->list);
	memset(l, 0, sizeof *l);
}

static void
client_op_staff_listed(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_staff_list_cb		cb = (client_op_staff_list_cb)call->cb;
	struct client_op_staff_list	l;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_staff_parse_list(result, &l) != 0) {
		cb(&client_op_bad_reply, NULL, call->arg);
		return;
	}
	cb(err, &l, call->arg);
	client_op_staff_list_free(&l);
}

/* all: deactivated staff too. */
json_int_t
client_op_staff_list(int all, client_op_staff_list_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "staff.list" };

	req.args = json_pack("{s:b}", "all", all);
	return (client_op_call(&req, client_op_staff_listed, (client_op_fn)cb,
	    arg));
}

/* A staff.role result: {"staff","name","role","was"}. */
int
client_op_staff_parse_role(json_t *result, struct client_op_staff_role *r)
{
	memset(r, 0, sizeof *r);
	if (!json_is_integer(json_object_get(result, "staff")))
		return (-1);
	r->id = client_op_int(result, "staff");
	client_op_copy(r->name, sizeof r->name, result, "name");
	client_op_copy(r->role, sizeof r->role, result, "role");
	client_op_copy(r->was, sizeof r->was, result, "was");
	return (0);
}

static void
client_op_staff_roled(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_staff_role_cb		cb = (client_op_staff_role_cb)call->cb;
	struct client_op_staff_role	r;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_staff_parse_role(result, &r) != 0) {
		cb(&client_op_bad_reply, NULL, call->arg);
		return;
	}
	cb(err, &r, call->arg);
}

json_int_t
client_op_staff_role(int64_t id, const char *role, client_op_staff_role_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "staff.role" };

	req.args = json_pack("{s:I, s:s}", "staff", (json_int_t)id, "role",
	    role);
	return (client_op_call(&req, client_op_staff_roled, (client_op_fn)cb,
	    arg));
}

/* A staff.add or staff.pin.reset result: a staff entry and "pin". */
static void
client_op_staff_newed(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_staff_new_cb		cb = (client_op_staff_new_cb)call->cb;
	struct client_op_staff_new	n;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	memset(&n, 0, sizeof n);
	if (!json_is_integer(json_object_get(result, "id")) ||
	    client_op_str(result, "pin") == NULL) {
		cb(&client_op_bad_reply, NULL, call->arg);
		return;
	}
	n.id = client_op_int(result, "id");
	client_op_copy(n.name, sizeof n.name, result, "name");
	client_op_copy(n.role, sizeof n.role, result, "role");
	client_op_copy(n.pin, sizeof n.pin, result, "pin");
	cb(err, &n, call->arg);
	explicit_bzero(n.pin, sizeof n.pin);
}

json_int_t
client_op_staff_add(const char *name, const char *role,
    client_op_staff_new_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "staff.add" };

	req.args = json_pack("{s:s, s:s}", "name", name, "role", role);
	return (client_op_call(&req, client_op_staff_newed, (client_op_fn)cb,
	    arg));
}

json_int_t
client_op_staff_pin_reset(int64_t id, client_op_staff_new_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "staff.pin.reset" };

	req.args = json_pack("{s:I}", "staff", (json_int_t)id);
	return (client_op_call(&req, client_op_staff_newed, (client_op_fn)cb,
	    arg));
}

json_int_t
client_op_staff_change(int64_t id, enum client_op_staff_change what,
    client_op_done_cb cb, void *arg)
{
	static const char	*ops[] = {
		[CLIENT_OP_STAFF_LOCK] = "staff.lock",
		[CLIENT_OP_STAFF_UNLOCK] = "staff.unlock",
		[CLIENT_OP_STAFF_DEACTIVATE] = "staff.deactivate",
	};
	struct client_op_req	req = { .op = ops[what] };

	req.args = json_pack("{s:I}", "staff", (json_int_t)id);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}

static int
client_op_role_row(json_t *o, void *el)
{
	struct client_op_role	*r = el;
	json_t			*p;
	size_t			 j;

	if (client_op_str(o, "name") == NULL)
		return (-1);
	client_op_copy(r->name, sizeof r->name, o, "name");
	r->builtin = json_is_true(json_object_get(o, "builtin"));
	r->staff = (int)client_op_int(o, "staff");
	json_array_foreach(json_object_get(o, "perms"), j, p) {
		if (json_is_string(p))
			r->perms |= perm_find(json_string_value(p));
	}
	return (0);
}

/*
 * A role.list result: {"roles":[{"name","builtin","perms":[..],"staff"}]}.
 * Permissions this terminal does not know are left out.
 */
int
client_op_role_parse_list(json_t *result, struct client_op_role_list *l)
{
	json_t	*list = json_object_get(result, "roles");

	memset(l, 0, sizeof *l);
	if (!json_is_array(list))
		return (-1);
	l->list = client_op_rows(list, &l->n, sizeof *l->list,
	    client_op_role_row);
	return (0);
}

static void
client_op_role_listed(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_role_list_cb		cb = (client_op_role_list_cb)call->cb;
	struct client_op_role_list	l;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_role_parse_list(result, &l) != 0) {
		cb(&client_op_bad_reply, NULL, call->arg);
		return;
	}
	cb(err, &l, call->arg);
	free(l.list);
}

json_int_t
client_op_role_list(client_op_role_list_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "role.list" };

	req.args = json_object();
	return (client_op_call(&req, client_op_role_listed, (client_op_fn)cb,
	    arg));
}

/* role.define: the role's whole set of permissions. */
json_int_t
client_op_role_define(const char *name, uint32_t perms, client_op_done_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "role.define" };
	json_t			*list;
	uint32_t		 bit;

	list = json_array();
	for (bit = 1; bit != 0 && bit <= PERM_ALL; bit <<= 1) {
		if ((perms & bit) && perm_name(bit) != NULL)
			json_array_append_new(list,
			    json_string(perm_name(bit)));
	}
	req.args = json_pack("{s:s, s:o}", "name", name, "perms", list);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}

json_int_t
client_op_role_delete(const char *name, client_op_done_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "role.delete" };

	req.args = json_pack("{s:s}", "name", name);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}
