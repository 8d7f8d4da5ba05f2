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

struct auth_admins {
	uint32_t	except;
	u_int		n;
};

static int
auth_admins_count(const struct staff *s, void *arg)
{
	struct auth_admins	*aa = arg;

	if (s->id != aa->except && s->role == ROLE_ADMIN && s->active)
		aa->n++;
	return (0);
}

/*
 * Give staff member id a new role, audited as done by staff (0: stashctl
 * or the system) from terminal. Refuses an unknown staff member and leaving
 * the store without an admin who can log in. *s is the record after.
 * Returns AUTH_ROLE_OK, _SAME (nothing to change), _NOTFOUND, _LASTADMIN
 * or _STORE (t->ret).
 */
int
auth_staff_role(struct store_txn *t, uint32_t id, int role, uint32_t staff,
    const char *terminal, struct staff *s, int *was, char **cause)
{
	struct auth_admins	aa;
	char			subj[32];
	int			r;

	r = store_staff_get(t, id, s);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no staff member %u", id);
		return (AUTH_ROLE_NOTFOUND);
	}
	if (r != 0)
		return (AUTH_ROLE_STORE);
	*was = s->role;
	if (s->role == role)
		return (AUTH_ROLE_SAME);
	if (s->role == ROLE_ADMIN) {
		memset(&aa, 0, sizeof aa);
		aa.except = id;
		if (store_staff_walk(t, auth_admins_count, &aa) != 0 ||
		    t->ret != 0)
			return (AUTH_ROLE_STORE);
		if (aa.n == 0) {
			xasprintf(cause, "staff %u is the store's last active "
			    "admin: make another staff member admin first",
			    id);
			return (AUTH_ROLE_LASTADMIN);
		}
	}
	s->role = role;
	store_staff_put(t, s);
	snprintf(subj, sizeof subj, "staff %u", id);
	audit_append(t, staff, 0, terminal, "staff.role", subj,
	    "role=%s was=%s", perm_role_name(role), perm_role_name(*was));
	return (t->ret != 0 ? AUTH_ROLE_STORE : AUTH_ROLE_OK);
}
