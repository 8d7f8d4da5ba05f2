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

#ifndef UNIT_H
#define UNIT_H

/*
 * Shared by the cmocka unit tests (tests/unit/test-*.c): the includes
 * cmocka needs, a temporary directory per test and its removal. Tests run
 * with CMOCKA_MESSAGE_OUTPUT=TAP under build-aux/tap-driver.sh.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* Make a fresh directory under $TMPDIR (or /tmp); fails the test if not. */
static inline void
unit_tmpdir(char *out, size_t len, const char *what)
{
	const char	*base;
	int		 n;

	if ((base = getenv("TMPDIR")) == NULL || *base == '\0')
		base = "/tmp";
	n = snprintf(out, len, "%s/stash-%s-XXXXXX", base, what);
	assert_true(n > 0 && (size_t)n < len);
	if (mkdtemp(out) == NULL)
		fail_msg("mkdtemp %s: %s", out, strerror(errno));
}

static inline int
unit_rmrf_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		return (rmdir(path) == -1 ? -1 : 0);
	return (unlink(path) == -1 ? -1 : 0);
}

/* rm -rf; quiet if the path is already gone. */
static inline void
unit_rmrf(const char *path)
{
	if (path == NULL || *path == '\0')
		return;
	nftw(path, unit_rmrf_one, 16, FTW_DEPTH|FTW_PHYS);
}

/* A small seeded PRNG (xorshift64*), so random cases are repeatable. */
static inline uint64_t
unit_rand(uint64_t *state)
{
	uint64_t	x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (x * UINT64_C(2685821657736338717));
}

/* fixture.c: a fresh ledger, for the tests that link it. */
struct store;
struct fixture {
	char		 dir[256];
	struct store	*st;
};
struct fixture	*fixture_open(const char *, size_t);
int		 fixture_teardown(void **);
struct package;
void		 fixture_package(struct package *, const char *, uint32_t,
		     int64_t);
struct sale;
struct sale	*fixture_sale_two(void);

#endif /* UNIT_H */
