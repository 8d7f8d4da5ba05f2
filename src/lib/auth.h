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
enum {
	AUTH_ROLE_OK = 0,
	AUTH_ROLE_SAME,		/* already had that role */
	AUTH_ROLE_NOTFOUND,
	AUTH_ROLE_LASTADMIN,	/* would leave no active admin */
	AUTH_ROLE_STORE,	/* the ledger failed: t->ret */
};
int		 auth_staff_role(struct store_txn *, uint32_t, int, uint32_t,
		     const char *, struct staff *, int *, char **);

#endif /* AUTH_H */
