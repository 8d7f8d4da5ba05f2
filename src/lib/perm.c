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
#include <string.h>

#include "stash.h"

/* Roles and their permission sets: the one table, see doc/protocol.md. */

static const struct {
	const char	*name;
	uint32_t	 perms;
} perm_roles[] = {
	[ROLE_BUDTENDER] = { "budtender", PERM_SALE|PERM_SALE_READ|PERM_INV_READ|
	    PERM_ORDER },
	[ROLE_RECEIVER] = { "receiver", PERM_INV_READ|PERM_INV_RECEIVE },
	[ROLE_MANAGER] = { "manager", PERM_SALE|PERM_SALE_READ|PERM_VOID|
	    PERM_INV_READ|PERM_INV_RECEIVE|PERM_INV_ADJUST|PERM_REPORTS|
	    PERM_STAFF|PERM_WEIGHT_TYPE|PERM_DISCOUNT_APPROVE|
	    PERM_LIMIT_OVERRIDE|PERM_OUTAGE_MANUAL|PERM_ID_TYPE|PERM_ORDER|
	    PERM_CATALOG|PERM_DELIVERY },
	[ROLE_DRIVER] = { "driver", PERM_DELIVERY|PERM_INV_READ },
	[ROLE_ADMIN] = { "admin", PERM_ALL },
	[ROLE_AUDITOR] = { "auditor", PERM_SALE_READ|PERM_INV_READ|
	    PERM_REPORTS|PERM_AUDIT_READ },
};

static const struct {
	uint32_t	 perm;
	const char	*name;
} perm_names[] = {
	{ PERM_SALE, "sale" },
	{ PERM_SALE_READ, "sale.read" },
	{ PERM_VOID, "void" },
	{ PERM_INV_READ, "inventory.read" },
	{ PERM_INV_RECEIVE, "inventory.receive" },
	{ PERM_INV_ADJUST, "inventory.adjust" },
	{ PERM_REPORTS, "reports" },
	{ PERM_STAFF, "staff" },
	{ PERM_DELIVERY, "delivery" },
	{ PERM_AUDIT_READ, "audit.read" },
	{ PERM_WEIGHT_TYPE, "weight.type" },
	{ PERM_DISCOUNT_APPROVE, "discount.approve" },
	{ PERM_LIMIT_OVERRIDE, "limit.override" },
	{ PERM_OUTAGE_MANUAL, "outage.manual" },
	{ PERM_ID_TYPE, "id.type" },
	{ PERM_ORDER, "order" },
	{ PERM_CATALOG, "catalog" },
	{ PERM_ROLES, "roles" },
	{ PERM_SETTINGS, "settings" },
};

const char *
perm_role_name(int role)
{
	if (role < 1 || role > ROLE_MAX)
		return ("unknown");
	return (perm_roles[role].name);
}

int
perm_role_find(const char *name)
{
	int	i;

	for (i = 1; i <= ROLE_MAX; i++) {
		if (strcmp(perm_roles[i].name, name) == 0)
			return (i);
	}
	return (-1);
}

uint32_t
perm_role_perms(int role)
{
	if (role < 1 || role > ROLE_MAX)
		return (0);
	return (perm_roles[role].perms);
}

const char *
perm_name(uint32_t perm)
{
	size_t	i;

	for (i = 0; i < sizeof perm_names / sizeof perm_names[0]; i++) {
		if (perm_names[i].perm == perm)
			return (perm_names[i].name);
	}
	return (NULL);
}

uint32_t
perm_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof perm_names / sizeof perm_names[0]; i++) {
		if (strcmp(perm_names[i].name, name) == 0)
			return (perm_names[i].perm);
	}
	return (0);
}

/*
 * Permissions by name, "sale,void,..." (spaces allowed around the names)
 * into a mask. An unknown name is refused with the list of known ones.
 */
int
perm_list_parse(const char *list, uint32_t *out, char **cause)
{
	char		 name[32], known[512];
	const char	*p = list, *end;
	size_t		 n;
	uint32_t	 bit;

	*out = 0;
	for (;;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = p + strcspn(p, ", ");
		n = (size_t)(end - p);
		if (n >= sizeof name)
			n = sizeof name - 1;
		memcpy(name, p, n);
		name[n] = '\0';
		if ((bit = perm_find(name)) == 0) {
			perm_list_str(PERM_ALL, known, sizeof known);
			xasprintf(cause, "no permission \"%s\" (the "
			    "permissions are %s)", name, known);
			return (-1);
		}
		*out |= bit;
		p = end;
	}
	return (0);
}

/* A mask as "sale,void,...", in the table's order. */
void
perm_list_str(uint32_t perms, char *out, size_t len)
{
	size_t	i, n = 0;

	if (len == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < sizeof perm_names / sizeof perm_names[0]; i++) {
		if ((perms & perm_names[i].perm) == 0 || n >= len)
			continue;
		n += (size_t)snprintf(out + n, len - n, "%s%s", n == 0 ? "" :
		    ",", perm_names[i].name);
	}
}
