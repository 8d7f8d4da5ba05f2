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

#ifndef AUTH_H
#define AUTH_H

/*
 * Secrets: staff PINs (Argon2id), terminal enrolment codes and
 * credentials (hashed before they are stored).
 */

#include "stash.h"

/* auth.c: PINs, terminal codes and credentials. */
#define AUTH_CODE_LEN	14	/* XXXX-XXXX-XXXX */
#define AUTH_CRED_LEN	64	/* hex of 32 random bytes */
int		 auth_init(void);
int		 auth_pin_valid(const char *, char **);
int		 auth_pin_hash(const char *, char *, size_t);
int		 auth_pin_verify(const char *, const char *);
void		 auth_code_new(char *, size_t);
void		 auth_cred_new(char *, size_t);
void		 auth_secret_hash(const char *, u_char *);
int		 auth_secret_equal(const u_char *, const u_char *);

struct store_txn;
struct staff;
struct role_def;
enum {
	AUTH_OK = 0,
	AUTH_SAME,		/* nothing to change */
	AUTH_NOTFOUND,
	AUTH_BAD,		/* a bad name or value: *cause */
	AUTH_CONFLICT,		/* refused as things are: *cause */
	AUTH_STORE,		/* the ledger failed: t->ret */
};
enum auth_change {
	AUTH_LOCK,
	AUTH_UNLOCK,
	AUTH_DEACTIVATE,
	AUTH_PIN,		/* an admin sets it */
	AUTH_PIN_RESET,		/* one-time: replaced at the next login */
	AUTH_PIN_SET,		/* the staff member's own */
};
int		 auth_role_get(struct store_txn *, int, char *, size_t,
		     uint32_t *);
int		 auth_role_find(struct store_txn *, const char *, int *,
		     uint32_t *);
int		 auth_role_users(struct store_txn *, int);
int		 auth_staff_role(struct store_txn *, uint32_t, const char *,
		     uint32_t, const char *, struct staff *, char *, char *,
		     size_t, char **);
int		 auth_staff_add(struct store_txn *, const char *, const char *,
		     const char *, int, uint32_t, const char *, uint32_t *,
		     char **);
int		 auth_staff_change(struct store_txn *, uint32_t,
		     enum auth_change, const char *, uint32_t, const char *,
		     struct staff *, char **);
int		 auth_role_define(struct store_txn *, const char *, uint32_t,
		     uint32_t, const char *, struct role_def *, uint32_t *,
		     char **);
int		 auth_role_delete(struct store_txn *, const char *, uint32_t,
		     const char *, char **);
void		 auth_pin_new(char *, size_t);

#endif /* AUTH_H */
