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

#include "ctl.h"
#include "auth.h"

/*
 * stashctl role list|define|delete: roles as data (auth.c, shared with
 * stashd's role.* ops). The built-in roles are listed and stay.
 */

static int
ctl_role_list_add(struct stashctl_list *l, int role, const char *name,
    uint32_t perms, int builtin)
{
	char	list[512];
	int	n;

	if ((n = auth_role_users(&l->t, role)) < 0)
		return (-1);
	perm_list_str(perms, list, sizeof list);
	if (l->arr != NULL)
		json_array_append_new(l->arr, json_pack("{s:s,s:b,s:s,s:i}",
		    "name", name, "builtin", builtin, "perms", list, "staff",
		    n));
	else
		fprintf(l->f, "%-24s %-8s %5d  %s\n", name, builtin ?
		    "built-in" : "defined", n, list);
	return (0);
}

static int
ctl_role_list_cb(const struct role_def *ro, void *arg)
{
	return (ctl_role_list_add(arg, (int)ro->id, ro->name, ro->perms, 0));
}

int
ctl_role_list(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct stashctl_list	 l;
	char			 head[128];
	int			 i;

	snprintf(head, sizeof head, "%-24s %-8s %5s  %s\n", "ROLE", "KIND",
	    "STAFF", "PERMISSIONS");
	if (stashctl_list_begin(ctl, &l, head) != 0)
		return (-1);
	for (i = 1; i <= ROLE_MAX; i++) {
		if (ctl_role_list_add(&l, i, perm_role_name(i),
		    perm_role_perms(i), 1) != 0)
			break;
	}
	if (l.t.ret == 0)
		store_role_walk(&l.t, ctl_role_list_cb, &l);
	return (stashctl_list_end(&l));
}

struct ctl_role {
	const char	*name;
	uint32_t	 perms;
	uint32_t	 was;
	int		 r;
	struct role_def	 ro;
};

static int
ctl_role_define_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_role	*cr = arg;

	cr->r = auth_role_define(t, cr->name, cr->perms, 0, CTL_AUDIT_WHO,
	    &cr->ro, &cr->was, cause);
	return (cr->r == AUTH_OK || cr->r == AUTH_SAME ? 0 : -1);
}

/* role define NAME PERM,PERM,...: the role's whole set of permissions. */
int
ctl_role_define(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_role	 cr;
	char		*cause = NULL, list[512];

	memset(&cr, 0, sizeof cr);
	cr.name = args->argv[0];
	if (perm_list_parse(args->argv[1], &cr.perms, &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	if (stashctl_write(ctl, ctl_role_define_cb, &cr) != 0)
		return (-1);
	perm_list_str(cr.perms, list, sizeof list);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:s,s:s,s:b}", "name",
		    cr.ro.name, "perms", list, "changed", cr.r == AUTH_OK));
	else if (cr.r == AUTH_SAME)
		printf("role %s already has %s\n", cr.ro.name, list);
	else
		printf("role %s: %s\n", cr.ro.name, list);
	return (0);
}

static int
ctl_role_delete_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_role	*cr = arg;

	return (auth_role_delete(t, cr->name, 0, CTL_AUDIT_WHO, cause) ==
	    AUTH_OK ? 0 : -1);
}

int
ctl_role_delete(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_role	cr;

	memset(&cr, 0, sizeof cr);
	cr.name = args->argv[0];
	if (stashctl_write(ctl, ctl_role_delete_cb, &cr) != 0)
		return (-1);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:s}", "deleted", cr.name));
	else
		printf("role %s deleted\n", cr.name);
	return (0);
}
