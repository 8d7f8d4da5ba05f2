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

#include "unit.h"

#include "store.h"
#include "auth.h"

/*
 * auth.c: enrolment codes and credentials, the hash their stored form
 * takes (without case or dashes), PIN rules, and the slow PIN hash (once).
 */

static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

static void
test_code_format(void **state)
{
	char	code[AUTH_CODE_LEN + 1], prev[AUTH_CODE_LEN + 1];
	u_int	seen[256], i, j, same = 0;

	(void)state;
	memset(seen, 0, sizeof seen);
	prev[0] = '\0';
	for (i = 0; i < 2000; i++) {
		memset(code, 'z', sizeof code);
		auth_code_new(code, sizeof code);
		assert_int_equal(strlen(code), AUTH_CODE_LEN);
		for (j = 0; j < AUTH_CODE_LEN; j++) {
			if (j == 4 || j == 9) {
				assert_int_equal(code[j], '-');
				continue;
			}
			if (strchr(alphabet, code[j]) == NULL)
				fail_msg("code %s: '%c' is not in the "
				    "alphabet", code, code[j]);
			seen[(u_char)code[j]]++;
		}
		if (strcmp(code, prev) == 0)
			same++;
		strlcpy(prev, code, sizeof prev);
	}
	/* No look-alikes ever, and (very nearly surely) every letter. */
	assert_int_equal(seen['0'] + seen['O'] + seen['1'] + seen['I'] +
	    seen['l'], 0);
	for (i = 0; alphabet[i] != '\0'; i++)
		assert_true(seen[(u_char)alphabet[i]] > 0);
	assert_int_equal(same, 0);
}

static void
test_cred_format(void **state)
{
	char	a[AUTH_CRED_LEN + 1], b[AUTH_CRED_LEN + 1];
	u_char	raw[32];

	(void)state;
	auth_cred_new(a, sizeof a);
	auth_cred_new(b, sizeof b);
	assert_int_equal(strlen(a), AUTH_CRED_LEN);
	assert_int_equal(strspn(a, "0123456789abcdef"), AUTH_CRED_LEN);
	assert_string_not_equal(a, b);
	assert_int_equal(util_unhex(a, raw, sizeof raw), 0);
}

static void
test_secret_hash(void **state)
{
	u_char	h1[32], h2[32], h3[32];
	char	code[AUTH_CODE_LEN + 1], typed[64];
	size_t	i, j;

	(void)state;
	auth_secret_hash("ABCD-EFGH-JKLM", h1);
	auth_secret_hash("abcd-efgh-jklm", h2);
	assert_true(auth_secret_equal(h1, h2));
	auth_secret_hash("ABCDEFGHJKLM", h2);
	assert_true(auth_secret_equal(h1, h2));
	auth_secret_hash("abcd efgh-jklm", h2);
	assert_true(auth_secret_equal(h1, h2));
	auth_secret_hash("aBcD--eFgH  jKlM", h2);
	assert_true(auth_secret_equal(h1, h2));

	/* One character off is another secret. */
	auth_secret_hash("ABCD-EFGH-JKLN", h3);
	assert_false(auth_secret_equal(h1, h3));
	auth_secret_hash("ABCD-EFGH-JKL", h3);
	assert_false(auth_secret_equal(h1, h3));
	auth_secret_hash("", h3);
	assert_false(auth_secret_equal(h1, h3));

	/* A fresh code typed in lower case with spaces is still that code. */
	auth_code_new(code, sizeof code);
	auth_secret_hash(code, h1);
	for (i = 0, j = 0; code[i] != '\0'; i++) {
		typed[j++] = code[i] == '-' ? ' ' :
		    (char)((code[i] >= 'A' && code[i] <= 'Z') ?
		    code[i] - 'A' + 'a' : code[i]);
	}
	typed[j] = '\0';
	auth_secret_hash(typed, h2);
	assert_true(auth_secret_equal(h1, h2));

	/* A credential hash is stable. */
	auth_secret_hash("00ff", h1);
	auth_secret_hash("00FF", h2);
	assert_true(auth_secret_equal(h1, h2));
	assert_memory_not_equal(h1, h3, 32);
}

static void
test_pin_valid(void **state)
{
	static const char	*good[] = { "1234", "0000", "123456789012",
	    "98765" };
	static const char	*bad[] = { "", "1", "123", "1234567890123",
	    "12a4", "12 34", "-1234", "1234\n", "abcd",
	    "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94" };
	char			*cause;
	size_t			 i;

	/* The last bad one is 1234 in full-width digits. */
	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		cause = NULL;
		if (auth_pin_valid(good[i], &cause) != 0)
			fail_msg("PIN %s refused: %s", good[i], cause);
		assert_null(cause);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		if (auth_pin_valid(bad[i], &cause) != -1)
			fail_msg("PIN \"%s\" accepted", bad[i]);
		assert_non_null(cause);
		free(cause);
	}
}

static void
test_pin_hash_verify(void **state)
{
	char	hash[128], again[128];

	(void)state;
	memset(hash, 0, sizeof hash);
	assert_int_equal(auth_pin_hash("482913", hash, sizeof hash), 0);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_null(strstr(hash, "482913"));
	assert_int_equal(auth_pin_verify(hash, "482913"), 0);
	assert_int_equal(auth_pin_verify(hash, "482914"), -1);
	assert_int_equal(auth_pin_verify("", "482913"), -1);
	assert_int_equal(auth_pin_verify("not a hash", "482913"), -1);

	/* Salted: the same PIN hashes differently each time. */
	assert_int_equal(auth_pin_hash("482913", again, sizeof again), 0);
	assert_string_not_equal(hash, again);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_format),
		cmocka_unit_test(test_cred_format),
		cmocka_unit_test(test_secret_hash),
		cmocka_unit_test(test_pin_valid),
		cmocka_unit_test(test_pin_hash_verify),
	};

	/* Line by line, so a crash keeps the results before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-auth", LOGDEST_STDERR, 0);
	if (auth_init() != 0) {
		fprintf(stderr, "auth_init failed\n");
		return (1);
	}
	return (cmocka_run_group_tests_name("auth", tests, NULL, NULL));
}
