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

#ifndef SETTINGS_H
#define SETTINGS_H

/*
 * settings.c: the store's settings that are policy, not law, which an
 * admin changes from the console or stashctl. The ledger's value, when
 * set, overrides stash.conf's.
 */

#include "stash.h"

struct store_txn;
#define SETTINGS_VALUE_MAX	512
enum {
	SETTINGS_OK = 0,
	SETTINGS_SAME,		/* the value it already has */
	SETTINGS_BAD,		/* refused: *cause says which rule */
	SETTINGS_STORE,		/* the ledger failed: t->ret */
};
const char	*settings_name(u_int);
int		 settings_known(const char *);
int		 settings_valid(struct options *, const char *, const char *,
		     char **);
void		 settings_value(struct options *, const char *, char *,
		     size_t);
int		 settings_get(struct store_txn *, const char *, char *, size_t);
int		 settings_set(struct store_txn *, struct options *,
		     const char *, const char *, uint32_t, const char *, char *,
		     size_t, char **);
void		 settings_apply(struct store_txn *, struct options *);

#endif /* SETTINGS_H */
