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

#include <ctype.h>

#include "unit.h"

#include "stash.h"

/*
 * perm.c: each role's permissions are exactly those of the table in
 * doc/protocol.md ("Roles and permissions"). The table is written out
 * here, and when the document can be found ($top_srcdir, as make check
 * sets it) it is read and compared as well, so the two cannot drift apart.
 */

static const struct {
	const char	*role;
	const char	*perms;	/* as in the document */
} doc_table[] = {
	{ "budtender", "sale, sale.read, inventory.read, order" },
	{ "receiver", "inventory.read, inventory.receive" },
	{ "manager", "sale, sale.read, void, inventory.read, "
	    "inventory.receive, inventory.adjust, reports, staff, delivery, "
	    "weight.type, discount.approve, limit.override, outage.manual, "
	    "id.type, order, catalog" },
	{ "driver", "delivery, inventory.read" },
	{ "admin", "every permission" },
	{ "auditor", "sale.read, inventory.read, reports, audit.read" },
};

static const char *all_perms[] = {
	"sale", "sale.read", "void", "inventory.read", "inventory.receive",
	"inventory.adjust", "reports", "staff", "delivery", "audit.read",
	"weight.type", "discount.approve", "limit.override", "outage.manual",
	"id.type", "order", "catalog", "roles", "settings",
};

/* "sale, sale.read" -> the bits; fails the test on an unknown name. */
static uint32_t
perms_of(const char *list)
{
	char		*copy, *p, *name;
	uint32_t	 set = 0, bit;
	size_t		 i;

	if (strcmp(list, "every permission") == 0) {
		for (i = 0; i < sizeof all_perms / sizeof all_perms[0]; i++)
			set |= perm_find(all_perms[i]);
		return (set);
	}
	copy = xstrdup(list);
	p = copy;
	while ((name = strsep(&p, ",")) != NULL) {
		while (isspace((u_char)*name) || *name == '`')
			name++;
		for (i = strlen(name); i > 0 && (isspace((u_char)name[i - 1]) ||
		    name[i - 1] == '`'); i--)
			name[i - 1] = '\0';
		if (*name == '\0')
			continue;
		if ((bit = perm_find(name)) == 0)
			fail_msg("unknown permission \"%s\"", name);
		set |= bit;
	}
	free(copy);
	return (set);
}

static char *
perms_str(uint32_t set, char *out, size_t len)
{
	uint32_t	bit;
	size_t		n = 0;

	out[0] = '\0';
	for (bit = 1; bit != 0; bit <<= 1) {
		if ((set & bit) && n < len) {
			n += (size_t)snprintf(out + n, len - n, "%s%s",
			    n == 0 ? "" : ",", perm_name(bit) != NULL ?
			    perm_name(bit) : "?");
		}
	}
	return (out);
}

static void
check_role(const char *role, uint32_t want)
{
	int		r;
	uint32_t	got;
	char		a[256], b[256];

	r = perm_role_find(role);
	if (r < 1)
		fail_msg("no role %s", role);
	assert_string_equal(perm_role_name(r), role);
	got = perm_role_perms(r);
	if (got != want)
		fail_msg("%s has [%s], the table says [%s]", role,
		    perms_str(got, a, sizeof a), perms_str(want, b, sizeof b));
}

static void
test_names(void **state)
{
	uint32_t	bit, seen = 0;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof all_perms / sizeof all_perms[0]; i++) {
		bit = perm_find(all_perms[i]);
		assert_int_not_equal(bit, 0);
		assert_int_equal(bit & (bit - 1), 0);	/* one bit */
		assert_int_equal(seen & bit, 0);	/* its own */
		seen |= bit;
		assert_string_equal(perm_name(bit), all_perms[i]);
	}
	assert_int_equal(seen, PERM_ALL);
	assert_int_equal(perm_find("bogus"), 0);
	assert_int_equal(perm_find(""), 0);
	assert_int_equal(perm_find("SALE"), 0);
	assert_null(perm_name(0));
	assert_null(perm_name(PERM_SALE | PERM_VOID));

	assert_string_equal(perm_role_name(0), "unknown");
	assert_string_equal(perm_role_name(ROLE_MAX + 1), "unknown");
	assert_string_equal(perm_role_name(-1), "unknown");
	assert_int_equal(perm_role_perms(0), 0);
	assert_int_equal(perm_role_perms(ROLE_MAX + 1), 0);
	assert_int_equal(perm_role_find("nobody"), -1);
	assert_int_equal(perm_role_find(""), -1);
}

static void
test_roles_match_table(void **state)
{
	size_t	i;
	int	r;

	(void)state;
	for (i = 0; i < sizeof doc_table / sizeof doc_table[0]; i++)
		check_role(doc_table[i].role, perms_of(doc_table[i].perms));
	/* Every role is in the table. */
	for (r = 1; r <= ROLE_MAX; r++) {
		for (i = 0; i < sizeof doc_table / sizeof doc_table[0]; i++) {
			if (strcmp(doc_table[i].role, perm_role_name(r)) == 0)
				break;
		}
		if (i == sizeof doc_table / sizeof doc_table[0])
			fail_msg("role %s is not in the table",
			    perm_role_name(r));
	}
	assert_int_equal(perm_role_perms(ROLE_ADMIN), PERM_ALL);
}

static void
test_auditor_read_only(void **state)
{
	static const char	*writes[] = { "sale", "void",
	    "inventory.receive", "inventory.adjust", "staff", "delivery",
	    "order" };
	uint32_t		 p;
	size_t			 i;

	(void)state;
	p = perm_role_perms(perm_role_find("auditor"));
	assert_int_not_equal(p, 0);
	for (i = 0; i < sizeof writes / sizeof writes[0]; i++) {
		if (p & perm_find(writes[i]))
			fail_msg("auditor may %s", writes[i]);
	}
	assert_true(p & PERM_AUDIT_READ);
	assert_true(p & PERM_SALE_READ);
	/* Only admin and auditor read the audit trail. */
	for (i = 1; i <= ROLE_MAX; i++) {
		if ((int)i == ROLE_ADMIN || (int)i == ROLE_AUDITOR)
			continue;
		if (perm_role_perms((int)i) & PERM_AUDIT_READ)
			fail_msg("%s may read the audit trail",
			    perm_role_name((int)i));
	}
	/* Voids need the void permission: only manager and admin. */
	for (i = 1; i <= ROLE_MAX; i++) {
		if ((perm_role_perms((int)i) & PERM_VOID) &&
		    (int)i != ROLE_MANAGER && (int)i != ROLE_ADMIN)
			fail_msg("%s may void", perm_role_name((int)i));
	}
}

/* A role an admin defines names its permissions as a list. */
static void
test_list(void **state)
{
	uint32_t	 p;
	char		*cause = NULL, out[512];

	(void)state;
	assert_int_equal(perm_list_parse("sale, void,inventory.read", &p,
	    &cause), 0);
	assert_int_equal(p, PERM_SALE|PERM_VOID|PERM_INV_READ);
	perm_list_str(p, out, sizeof out);
	assert_string_equal(out, "sale,void,inventory.read");
	assert_int_equal(perm_list_parse("", &p, &cause), 0);
	assert_int_equal(p, 0);
	perm_list_str(0, out, sizeof out);
	assert_string_equal(out, "");
	assert_int_equal(perm_list_parse("sale,fly", &p, &cause), -1);
	assert_non_null(strstr(cause, "\"fly\""));
	assert_non_null(strstr(cause, "settings"));
	free(cause);
	perm_list_str(PERM_ALL, out, sizeof out);
	assert_int_equal(perm_list_parse(out, &p, &cause), 0);
	assert_int_equal(p, PERM_ALL);
	perm_list_str(PERM_ALL, out, 10);	/* cut short, still a string */
	assert_true(strlen(out) < 10);
}

/* Compare with the document itself, when it can be found. */
static void
test_document_table(void **state)
{
	FILE		*fp = NULL;
	char		 path[1024], line[1024], *cells[4], *p, *q;
	const char	*top;
	int		 in = 0, rows = 0, n;

	(void)state;
	if ((top = getenv("top_srcdir")) != NULL) {
		snprintf(path, sizeof path, "%s/doc/protocol.md", top);
		fp = fopen(path, "r");
	}
	if (fp == NULL) {
		strlcpy(path, "doc/protocol.md", sizeof path);
		fp = fopen(path, "r");
	}
	if (fp == NULL) {
		/* Run by hand from elsewhere: the table above must do. */
		print_message("# doc/protocol.md not found, not compared\n");
		return;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		if (strncmp(line, "## ", 3) == 0) {
			in = strncmp(line, "## Roles and permissions", 24) == 0;
			continue;
		}
		if (!in || line[0] != '|' || strstr(line, "---") != NULL)
			continue;
		/* | role | permissions | */
		n = 0;
		p = line + 1;
		while (n < 3 && (q = strchr(p, '|')) != NULL) {
			*q = '\0';
			cells[n++] = p;
			p = q + 1;
		}
		if (n < 2)
			continue;
		while (isspace((u_char)*cells[0]))
			cells[0]++;
		cells[0][strcspn(cells[0], " ")] = '\0';
		if (strcmp(cells[0], "role") == 0)
			continue;
		/* drop a note in brackets: "(read-only: ...)" */
		if ((q = strchr(cells[1], '(')) != NULL)
			*q = '\0';
		while (isspace((u_char)*cells[1]))
			cells[1]++;
		for (q = cells[1] + strlen(cells[1]); q > cells[1] &&
		    isspace((u_char)q[-1]); q--)
			q[-1] = '\0';
		check_role(cells[0], perms_of(cells[1]));
		rows++;
	}
	fclose(fp);
	if (rows != ROLE_MAX)
		fail_msg("%s lists %d roles, there are %d", path, rows,
		    ROLE_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_roles_match_table),
		cmocka_unit_test(test_auditor_read_only),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_document_table),
	};

	/* Line by line, so a crash keeps the results before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-perm", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("perm", tests, NULL, NULL));
}
