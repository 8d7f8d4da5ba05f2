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
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "store.h"
#include "auth.h"

/*
 * Secrets. Staff PINs are stored as Argon2id (libsodium crypto_pwhash_str,
 * interactive limits): slow on purpose, so stashd verifies them on worker
 * threads, never on the event loop. Terminal enrolment codes and
 * credentials are random and long, so a fast BLAKE2b hash of them is
 * enough; only the hash is stored.
 */

/* Letters and digits that cannot be misread for each other. */
static const char auth_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

int
auth_init(void)
{
	return (sodium_init() < 0 ? -1 : 0);
}

/* A PIN is 4 to 12 digits. */
int
auth_pin_valid(const char *pin, char **cause)
{
	size_t	i, n = strlen(pin);

	if (n < 4 || n > 12) {
		xasprintf(cause, "a PIN is 4 to 12 digits");
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if (!isdigit((u_char)pin[i])) {
			xasprintf(cause, "a PIN is digits only");
			return (-1);
		}
	}
	return (0);
}

int
auth_pin_hash(const char *pin, char *out, size_t len)
{
	if (len < crypto_pwhash_STRBYTES)
		fatalx("auth_pin_hash: buffer too small");
	if (crypto_pwhash_str(out, pin, strlen(pin),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return (-1);
	return (0);
}

/* 0 if the PIN matches the stored hash. Slow: not on the event loop. */
int
auth_pin_verify(const char *hash, const char *pin)
{
	if (*hash == '\0')
		return (-1);
	return (crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0 ? 0 : -1);
}

/* A one-time enrolment code, XXXX-XXXX-XXXX (about 60 bits). */
void
auth_code_new(char *out, size_t len)
{
	u_int	i, j = 0;

	if (len < AUTH_CODE_LEN + 1)
		fatalx("auth_code_new: buffer too small");
	for (i = 0; i < 12; i++) {
		if (i != 0 && i % 4 == 0)
			out[j++] = '-';
		out[j++] = auth_alphabet[randombytes_uniform(
		    sizeof auth_alphabet - 1)];
	}
	out[j] = '\0';
}

/* A one-time PIN: six random digits, for a new or reset staff member. */
void
auth_pin_new(char *out, size_t len)
{
	u_int	i;

	if (len < 7)
		fatalx("auth_pin_new: buffer too small");
	for (i = 0; i < 6; i++)
		out[i] = '0' + randombytes_uniform(10);
	out[i] = '\0';
}

void
auth_cred_new(char *out, size_t len)
{
	u_char	raw[32];

	if (len < AUTH_CRED_LEN + 1)
		fatalx("auth_cred_new: buffer too small");
	randombytes_buf(raw, sizeof raw);
	util_hex(raw, sizeof raw, out);
	sodium_memzero(raw, sizeof raw);
}

/*
 * Hash a code or credential for storage. Codes are compared without case or
 * dashes, so "abcd efgh-jklm" as typed is the same code.
 */
void
auth_secret_hash(const char *secret, u_char *out)
{
	char	norm[128];
	size_t	i, j = 0;

	for (i = 0; secret[i] != '\0' && j < sizeof norm - 1; i++) {
		if (secret[i] == '-' || secret[i] == ' ')
			continue;
		norm[j++] = toupper((u_char)secret[i]);
	}
	norm[j] = '\0';
	crypto_generichash(out, 32, (u_char *)norm, j, NULL, 0);
	sodium_memzero(norm, sizeof norm);
}

int
auth_secret_equal(const u_char *a, const u_char *b)
{
	return (sodium_memcmp(a, b, 32) == 0);
}

/*
 * Staff and roles as an admin changes them, for stashd's ops and stashctl
 * alike: each function checks, changes the records and appends the audit
 * record in the caller's write transaction, as done by staff (0: stashctl
 * or the system) from terminal. They return AUTH_OK, AUTH_SAME (nothing
 * to change), AUTH_NOTFOUND, AUTH_BAD or AUTH_CONFLICT (with *cause) or
 * AUTH_STORE (t->ret).
 */

/*
 * A role's name and permissions, built-in or defined: 0, STORE_NOTFOUND
 * or the ledger's error.
 */
int
auth_role_get(struct store_txn *t, int role, char *name, size_t len,
    uint32_t *perms)
{
	struct role_def	ro;
	int		r;

	if (role >= 1 && role <= ROLE_MAX) {
		if (name != NULL)
			strlcpy(name, perm_role_name(role), len);
		*perms = perm_role_perms(role);
		return (0);
	}
	if (role < ROLE_CUSTOM) {
		if (name != NULL)
			strlcpy(name, "unknown", len);
		*perms = 0;
		return (STORE_NOTFOUND);
	}
	if ((r = store_role_get(t, (uint32_t)role, &ro)) != 0) {
		if (name != NULL)
			strlcpy(name, "unknown", len);
		*perms = 0;
		return (r);
	}
	if (name != NULL)
		strlcpy(name, ro.name, len);
	*perms = ro.perms;
	return (0);
}

/* A role by name, built-in or defined: 0, STORE_NOTFOUND or an error. */
int
auth_role_find(struct store_txn *t, const char *name, int *role,
    uint32_t *perms)
{
	struct role_def	ro;
	int		r;

	if ((*role = perm_role_find(name)) != -1) {
		*perms = perm_role_perms(*role);
		return (0);
	}
	if ((r = store_role_find(t, name, &ro)) != 0)
		return (r);
	*role = (int)ro.id;
	*perms = ro.perms;
	return (0);
}

/* Every role's name, for the message refusing an unknown one. */
static int
auth_role_names_cb(const struct role_def *ro, void *arg)
{
	buf_printf(arg, ", %s", ro->name);
	return (0);
}

static int
auth_role_unknown(struct store_txn *t, const char *name, int ret,
    char **cause)
{
	struct buf	b;
	int		i;

	buf_init(&b);
	for (i = 1; i <= ROLE_MAX; i++)
		buf_printf(&b, "%s%s", i == 1 ? "" : ", ", perm_role_name(i));
	if (store_role_walk(t, auth_role_names_cb, &b) != 0) {
		buf_free(&b);
		return (AUTH_STORE);
	}
	xasprintf(cause, "no role \"%s\" (the roles are %s)", name,
	    buf_cstr(&b));
	buf_free(&b);
	return (ret);
}

struct auth_admins {
	struct store_txn	*t;
	uint32_t		 except;	/* this staff member loses it */
	int			 role;		/* this role would have */
	uint32_t		 perms;		/* these permissions */
	u_int			 n;
};

static int
auth_admins_count(const struct staff *s, void *arg)
{
	struct auth_admins	*aa = arg;
	uint32_t		 perms;

	if (s->id == aa->except || !s->active || s->deactivated != 0)
		return (0);
	if (s->role == aa->role)
		perms = aa->perms;
	else if (auth_role_get(aa->t, s->role, NULL, 0, &perms) != 0 &&
	    aa->t->ret != 0)
		return (1);
	if (perms & PERM_ROLES)
		aa->n++;
	return (aa->n != 0);
}

/*
 * Would the store keep a staff member who may log in and administer staff
 * (their role holds PERM_ROLES) if staff member except lost it and role
 * had perms? AUTH_OK if so, else AUTH_CONFLICT with *cause, or AUTH_STORE.
 */
static int
auth_admin_left(struct store_txn *t, uint32_t except, int role,
    uint32_t perms, char **cause)
{
	struct auth_admins	aa;

	memset(&aa, 0, sizeof aa);
	aa.t = t;
	aa.except = except;
	aa.role = role;
	aa.perms = perms;
	if (store_staff_walk(t, auth_admins_count, &aa) != 0 || t->ret != 0)
		return (AUTH_STORE);
	if (aa.n != 0)
		return (AUTH_OK);
	if (except != 0)
		xasprintf(cause, "staff %u is the store's last active admin: "
		    "make another staff member admin first", except);
	else
		xasprintf(cause, "no active staff member would be left with "
		    "the roles permission: make another staff member admin "
		    "first");
	return (AUTH_CONFLICT);
}

static int
auth_staff_get(struct store_txn *t, uint32_t id, struct staff *s,
    char **cause)
{
	int	r;

	r = store_staff_get(t, id, s);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no staff member %u", id);
		return (AUTH_NOTFOUND);
	}
	return (r != 0 ? AUTH_STORE : AUTH_OK);
}

/*
 * Give staff member id the role named name. Refuses an unknown staff
 * member or role, a deactivated member, and leaving the store without an
 * admin who can log in. *s is the record after, was and now the role
 * names before and after.
 */
int
auth_staff_role(struct store_txn *t, uint32_t id, const char *name,
    uint32_t staff, const char *terminal, struct staff *s, char *was,
    char *now, size_t len, char **cause)
{
	uint32_t	perms, old;
	char		subj[32];
	int		r, role;

	if ((r = auth_staff_get(t, id, s, cause)) != AUTH_OK)
		return (r);
	r = auth_role_find(t, name, &role, &perms);
	if (r == STORE_NOTFOUND)
		return (auth_role_unknown(t, name, AUTH_BAD, cause));
	if (r != 0)
		return (AUTH_STORE);
	if (auth_role_get(t, s->role, was, len, &old) != 0 && t->ret != 0)
		return (AUTH_STORE);
	strlcpy(now, name, len);
	if (s->role == role)
		return (AUTH_SAME);
	if (s->deactivated != 0) {
		xasprintf(cause, "staff %u is deactivated", id);
		return (AUTH_CONFLICT);
	}
	if ((old & PERM_ROLES) && (perms & PERM_ROLES) == 0 &&
	    (r = auth_admin_left(t, id, 0, 0, cause)) != AUTH_OK)
		return (r);
	s->role = role;
	store_staff_put(t, s);
	snprintf(subj, sizeof subj, "staff %u", id);
	audit_append(t, staff, 0, terminal, "staff.role", subj,
	    "role=%s was=%s", now, was);
	return (t->ret != 0 ? AUTH_STORE : AUTH_OK);
}

/*
 * A new staff member with role name and PIN hash; pin_change: the PIN is
 * a one-time one they replace at their first login. *id is their number.
 */
int
auth_staff_add(struct store_txn *t, const char *name, const char *role,
    const char *hash, int pin_change, uint32_t staff, const char *terminal,
    uint32_t *id, char **cause)
{
	struct staff	s;
	uint32_t	perms;
	char		subj[32];
	int		r;

	memset(&s, 0, sizeof s);
	if (*name == '\0' || valid_text(name, strlen(name), sizeof s.name - 1,
	    "name", cause) != 0) {
		if (*name == '\0')
			xasprintf(cause, "a staff member needs a name");
		return (AUTH_BAD);
	}
	r = auth_role_find(t, role, &s.role, &perms);
	if (r == STORE_NOTFOUND)
		return (auth_role_unknown(t, role, AUTH_BAD, cause));
	if (r != 0)
		return (AUTH_STORE);
	s.id = store_staff_next_id(t);
	if (t->ret != 0)
		return (AUTH_STORE);
	if (s.id == 0) {
		xasprintf(cause, "no staff numbers left");
		return (AUTH_CONFLICT);
	}
	strlcpy(s.name, name, sizeof s.name);
	strlcpy(s.pin_hash, hash, sizeof s.pin_hash);
	s.pin_change = pin_change;
	s.active = 1;
	s.created = util_now();
	store_staff_put(t, &s);
	snprintf(subj, sizeof subj, "staff %u", s.id);
	audit_append(t, staff, 0, terminal, "staff.add", subj, "role=%s%s",
	    role, pin_change ? " one-time PIN" : "");
	*id = s.id;
	return (t->ret != 0 ? AUTH_STORE : AUTH_OK);
}

static const char *auth_change_actions[] = {
	[AUTH_LOCK] = "staff.lock",
	[AUTH_UNLOCK] = "staff.unlock",
	[AUTH_DEACTIVATE] = "staff.deactivate",
	[AUTH_PIN] = "staff.pin",
	[AUTH_PIN_RESET] = "staff.pin.reset",
	[AUTH_PIN_SET] = "staff.pin.set",
};

/*
 * Lock (no login until unlocked), unlock (also clears a lockout after
 * wrong PINs), deactivate (for good: history and audit keep them, they
 * never log in again), or a new PIN hash: AUTH_PIN set by an admin,
 * AUTH_PIN_RESET a one-time one they replace at their next login,
 * AUTH_PIN_SET the one they chose. The store's last admin is neither
 * locked nor deactivated. *s is the record after.
 */
int
auth_staff_change(struct store_txn *t, uint32_t id, enum auth_change what,
    const char *hash, uint32_t staff, const char *terminal, struct staff *s,
    char **cause)
{
	uint32_t	perms;
	char		subj[32];
	int		r;

	if ((r = auth_staff_get(t, id, s, cause)) != AUTH_OK)
		return (r);
	if (s->deactivated != 0) {
		if (what == AUTH_DEACTIVATE)
			return (AUTH_SAME);
		xasprintf(cause, "staff %u is deactivated: their history is "
		    "kept, but they cannot log in again (add them anew)", id);
		return (AUTH_CONFLICT);
	}
	if (what == AUTH_LOCK || what == AUTH_DEACTIVATE) {
		if (what == AUTH_LOCK && !s->active)
			return (AUTH_SAME);
		if (auth_role_get(t, s->role, NULL, 0, &perms) != 0 &&
		    t->ret != 0)
			return (AUTH_STORE);
		if (s->active && (perms & PERM_ROLES) &&
		    (r = auth_admin_left(t, id, 0, 0, cause)) != AUTH_OK)
			return (r);
	}
	switch (what) {
	case AUTH_LOCK:
		s->active = 0;
		break;
	case AUTH_UNLOCK:
		if (s->active && s->failed == 0 && s->locked_until == 0)
			return (AUTH_SAME);
		s->active = 1;
		s->failed = 0;
		s->locked_until = 0;
		break;
	case AUTH_DEACTIVATE:
		s->active = 0;
		s->deactivated = util_now();
		break;
	case AUTH_PIN:
	case AUTH_PIN_RESET:
	case AUTH_PIN_SET:
		strlcpy(s->pin_hash, hash, sizeof s->pin_hash);
		s->pin_change = what == AUTH_PIN_RESET;
		s->failed = 0;
		s->locked_until = 0;
		break;
	}
	store_staff_put(t, s);
	snprintf(subj, sizeof subj, "staff %u", s->id);
	audit_append(t, staff, 0, terminal, auth_change_actions[what], subj,
	    "%s", "");
	return (t->ret != 0 ? AUTH_STORE : AUTH_OK);
}

/* A role's name: 1 to ROLE_NAME_MAX of a-z, 0-9 and '-', a letter first. */
static int
auth_role_name_valid(const char *name, char **cause)
{
	size_t	i, n = strlen(name);

	for (i = 0; i < n; i++) {
		if (!islower((u_char)name[i]) && !isdigit((u_char)name[i]) &&
		    name[i] != '-')
			break;
	}
	if (n == 0 || n > ROLE_NAME_MAX || i != n ||
	    !islower((u_char)name[0])) {
		xasprintf(cause, "a role's name is 1 to %d of a-z, 0-9 and "
		    "'-', a letter first", ROLE_NAME_MAX);
		return (-1);
	}
	return (0);
}

/*
 * Define role name with permissions perms, or give a defined one new
 * permissions. The built-in roles stay as they are; the store keeps an
 * admin. *ro is the role after, *was its permissions before (0: new).
 */
int
auth_role_define(struct store_txn *t, const char *name, uint32_t perms,
    uint32_t staff, const char *terminal, struct role_def *ro, uint32_t *was,
    char **cause)
{
	char	subj[48], list[512], old[512];
	int	r;

	if (auth_role_name_valid(name, cause) != 0)
		return (AUTH_BAD);
	if (perm_role_find(name) != -1) {
		xasprintf(cause, "%s is a built-in role: define another name",
		    name);
		return (AUTH_CONFLICT);
	}
	if ((perms & ~PERM_ALL) != 0) {
		xasprintf(cause, "unknown permission bits %#x", perms);
		return (AUTH_BAD);
	}
	r = store_role_find(t, name, ro);
	if (r != 0 && r != STORE_NOTFOUND)
		return (AUTH_STORE);
	*was = 0;
	if (r == 0) {
		*was = ro->perms;
		if (ro->perms == perms)
			return (AUTH_SAME);
		if ((ro->perms & PERM_ROLES) && (perms & PERM_ROLES) == 0 &&
		    (r = auth_admin_left(t, 0, (int)ro->id, perms,
		    cause)) != AUTH_OK)
			return (r);
	} else {
		ro->id = store_role_next_id(t);
		if (t->ret != 0)
			return (AUTH_STORE);
		if (ro->id == 0) {
			xasprintf(cause, "no role numbers left");
			return (AUTH_CONFLICT);
		}
		strlcpy(ro->name, name, sizeof ro->name);
		ro->created = util_now();
	}
	ro->perms = perms;
	store_role_put(t, ro);
	perm_list_str(perms, list, sizeof list);
	perm_list_str(*was, old, sizeof old);
	snprintf(subj, sizeof subj, "role %s", name);
	audit_append(t, staff, 0, terminal, "role.define", subj,
	    "perms=%s was=%s", list, old);
	return (t->ret != 0 ? AUTH_STORE : AUTH_OK);
}

struct auth_role_users {
	int	role;
	u_int	n;
};

static int
auth_role_users_cb(const struct staff *s, void *arg)
{
	struct auth_role_users	*ru = arg;

	if (s->role == ru->role)
		ru->n++;
	return (0);
}

/* How many staff (deactivated ones too) hold role; -1: the ledger failed. */
int
auth_role_users(struct store_txn *t, int role)
{
	struct auth_role_users	ru;

	ru.role = role;
	ru.n = 0;
	if (store_staff_walk(t, auth_role_users_cb, &ru) != 0 || t->ret != 0)
		return (-1);
	return ((int)ru.n);
}

/* Delete defined role name, which no staff member holds. */
int
auth_role_delete(struct store_txn *t, const char *name, uint32_t staff,
    const char *terminal, char **cause)
{
	struct role_def	ro;
	char		subj[48], list[512];
	int		r, n;

	if (perm_role_find(name) != -1) {
		xasprintf(cause, "%s is a built-in role and stays", name);
		return (AUTH_CONFLICT);
	}
	r = store_role_find(t, name, &ro);
	if (r == STORE_NOTFOUND)
		return (auth_role_unknown(t, name, AUTH_NOTFOUND, cause));
	if (r != 0)
		return (AUTH_STORE);
	if ((n = auth_role_users(t, (int)ro.id)) < 0)
		return (AUTH_STORE);
	if (n != 0) {
		xasprintf(cause, "role %s is held by %d staff member%s "
		    "(deactivated ones count: their history names it): give "
		    "them another role first", name, n, n == 1 ? "" : "s");
		return (AUTH_CONFLICT);
	}
	store_role_del(t, ro.id);
	perm_list_str(ro.perms, list, sizeof list);
	snprintf(subj, sizeof subj, "role %s", name);
	audit_append(t, staff, 0, terminal, "role.delete", subj, "perms=%s",
	    list);
	return (t->ret != 0 ? AUTH_STORE : AUTH_OK);
}
