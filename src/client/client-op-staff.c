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

/* The staff ops, for the manager's staff screen: staff.list, staff.role. */

static const struct client_op_error client_op_staff_bad = {
	"bad-reply", "stashd's answer could not be read"
};

static int
client_op_staff_parse_one(json_t *o, void *el)
{
	struct client_op_staff	*s = el;

	s->id = client_op_int(o, "id");
	client_op_copy(s->name, sizeof s->name, o, "name");
	client_op_copy(s->role, sizeof s->role, o, "role");
	s->active = json_is_true(json_object_get(o, "active"));
	s->locked = json_is_true(json_object_get(o, "locked"));
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
		cb(&client_op_staff_bad, NULL, call->arg);
		return;
	}
	cb(err, &l, call->arg);
	client_op_staff_list_free(&l);
}

json_int_t
client_op_staff_list(client_op_staff_list_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "staff.list" };

	req.args = json_object();
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
		cb(&client_op_staff_bad, NULL, call->arg);
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
