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

/*
 * The driver's handheld store (client-journal.c): the file is 0600; the
 * bundle is kept and read back whole; entries are numbered with their
 * keys, pending until acknowledged, acknowledged only under their own
 * key; a damaged or truncated entry is reported and not trusted; the wipe
 * is refused while anything is unsent, and afterwards none of the
 * customers' names, dates of birth or ID numbers is anywhere in the file.
 */

#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "client.h"

#define NAME1	"Zebulon Quixotically"
#define DOB1	"1987-03-14"
#define IDN1	"Q9876543210"
#define NAME2	"Marigold Featherstonehaugh"
#define DOB2	"1990-11-02"
#define IDN2	"W1122334455"

static char	test_dir[256];
static char	test_path[300];

static int
test_setup(void **state)
{
	char	*cause = NULL;

	(void)state;
	unit_tmpdir(test_dir, sizeof test_dir, "journal");
	snprintf(test_path, sizeof test_path, "%s/sub/h1.driver", test_dir);
	if (client_journal_open(test_path, "h1", &cause) != 0)
		fail_msg("open: %s", cause);
	return (0);
}

static int
test_teardown(void **state)
{
	(void)state;
	client_journal_close();
	unit_rmrf(test_dir);
	return (0);
}

static json_t *
test_bundle(void)
{
	json_error_t	 jerr;
	json_t		*b;

	b = json_loads("{\"trip\":{\"id\":7},\"rules\":\"stash-rules 1\","
	    "\"refusals\":[\"not-home\"],\"stops\":["
	    "{\"order\":11,\"seq\":1,\"address\":\"1 Elm St\",\"customer\":"
	    "{\"name\":\"" NAME1 "\",\"dob\":\"" DOB1 "\",\"id_number\":\""
	    IDN1 "\"}},"
	    "{\"order\":12,\"seq\":2,\"address\":\"2 Oak St\",\"customer\":"
	    "{\"name\":\"" NAME2 "\",\"dob\":\"" DOB2 "\",\"id_number\":\""
	    IDN2 "\"}}]}", 0, &jerr);
	assert_non_null(b);
	return (b);
}

static void
test_append(const char *kind, int64_t order, struct journal_entry *e)
{
	json_t	*f;
	char	*cause = NULL;

	f = json_pack("{s:I}", "order", (json_int_t)order);
	if (strcmp(kind, "deliver") == 0)
		json_object_set_new(f, "id_scan", json_pack("{s:s, s:s, s:s}",
		    "name", NAME1, "dob", DOB1, "id_number", IDN1));
	if (client_journal_append(kind, f, e, &cause) != 0)
		fail_msg("append: %s", cause);
	json_decref(f);
}

/* Is needle anywhere in the file's bytes? */
static int
test_in_file(const char *path, const char *needle)
{
	FILE	*f;
	char	*data;
	long	 size;
	size_t	 n, len = strlen(needle), i;
	int	 found = 0;

	assert_non_null(f = fopen(path, "rb"));
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)size + 1);
	n = fread(data, 1, (size_t)size, f);
	fclose(f);
	for (i = 0; i + len <= n; i++) {
		if (memcmp(data + i, needle, len) == 0) {
			found = 1;
			break;
		}
	}
	free(data);
	return (found);
}

static void
test_file_mode(void **state)
{
	struct stat	sb;

	(void)state;
	assert_int_equal(stat(test_path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

static void
test_bundle_kept(void **state)
{
	json_t	*b, *got;
	char	*cause = NULL;

	(void)state;
	b = test_bundle();
	if (client_journal_load(7, b, &cause) != 0)
		fail_msg("load: %s", cause);
	assert_int_equal(client_journal_trip(), 7);
	got = client_journal_bundle(&cause);
	assert_non_null(got);
	assert_true(json_equal(b, got));
	json_decref(got);
	json_decref(b);
}

static void
test_entries(void **state)
{
	struct journal_entry	e, p[8];
	struct journal_ack	a[2];
	json_t			*b;
	char			*cause = NULL;
	u_int			n, unsent, exc, done, i;

	(void)state;
	b = test_bundle();
	assert_int_equal(client_journal_load(7, b, &cause), 0);
	json_decref(b);
	test_append("arrive", 11, &e);
	assert_int_equal(e.seq, 1);
	assert_string_equal(e.key, "h1-7-1");
	client_journal_entry_free(&e);
	test_append("deliver", 11, &e);
	assert_string_equal(e.key, "h1-7-2");
	assert_non_null(strstr(e.json, "\"kind\":\"deliver\""));
	client_journal_entry_free(&e);
	test_append("fail", 12, &e);
	client_journal_entry_free(&e);

	assert_int_equal(client_journal_pending(p, 8, &n, &cause), 0);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++)
		assert_int_equal(p[i].seq, i + 1);
	for (i = 0; i < n; i++)
		client_journal_entry_free(&p[i]);

	/* An answer under another key is not this entry's. */
	memset(a, 0, sizeof a);
	a[0].seq = 1;
	strlcpy(a[0].key, "h2-7-1", sizeof a[0].key);
	strlcpy(a[0].result, "done", sizeof a[0].result);
	a[1].seq = 2;
	strlcpy(a[1].key, "h1-7-2", sizeof a[1].key);
	strlcpy(a[1].result, "exception", sizeof a[1].result);
	a[1].sale = 41;
	strlcpy(a[1].exception, "over the limit now", sizeof a[1].exception);
	assert_int_equal(client_journal_ack(a, 2, &done, &cause), 0);
	assert_int_equal(done, 1);
	assert_int_equal(client_journal_counts(&unsent, &exc), 0);
	assert_int_equal(unsent, 2);
	assert_int_equal(exc, 1);
	assert_int_equal(client_journal_pending(p, 8, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].seq, 1);
	assert_int_equal(p[1].seq, 3);
	for (i = 0; i < n; i++)
		client_journal_entry_free(&p[i]);

	/* Numbers go on after a reopen. */
	client_journal_close();
	assert_int_equal(client_journal_open(test_path, "h1", &cause), 0);
	test_append("depart", 11, &e);
	assert_int_equal(e.seq, 4);
	client_journal_entry_free(&e);
}

static void
test_damaged(void **state)
{
	struct journal_entry	 e, d;
	struct buf		 b;
	char			*cause = NULL;
	size_t			 i;
	u_int			 bad = 0;

	(void)state;
	memset(&e, 0, sizeof e);
	e.seq = 3;
	e.at = 1000;
	strlcpy(e.key, "h1-7-3", sizeof e.key);
	strlcpy(e.kind, "fail", sizeof e.kind);
	e.json = xstrdup("{\"at\":1000,\"key\":\"h1-7-3\",\"kind\":\"fail\","
	    "\"order\":12,\"reason\":\"not-home\",\"seq\":3}");
	buf_init(&b);
	client_journal_encode(&b, &e);
	assert_int_equal(client_journal_decode(b.data, b.len, &d, &cause), 0);
	assert_int_equal(d.seq, 3);
	assert_string_equal(d.json, e.json);
	client_journal_entry_free(&d);

	/* Every truncation and every flipped byte is refused. */
	for (i = 0; i < b.len; i++) {
		if (client_journal_decode(b.data, i, &d, &cause) == 0)
			fail_msg("truncated at %zu accepted", i);
		free(cause);
		b.data[i] ^= 0x20;
		if (client_journal_decode(b.data, b.len, &d, &cause) == 0)
			fail_msg("byte %zu flipped accepted", i);
		free(cause);
		b.data[i] ^= 0x20;
		bad++;
	}
	assert_int_equal(bad, b.len);

	/* A seal that matches a content that does not match its fields. */
	free(e.json);
	e.json = xstrdup("{\"at\":1000,\"key\":\"h1-7-4\",\"kind\":\"fail\","
	    "\"seq\":3}");
	client_journal_encode(&b, &e);
	assert_int_equal(client_journal_decode(b.data, b.len, &d, &cause), -1);
	assert_non_null(strstr(cause, "does not match"));
	free(cause);
	buf_free(&b);
	client_journal_entry_free(&e);
}

static void
test_wipe(void **state)
{
	struct journal_entry	 e, p[8];
	struct journal_ack	 a[8];
	json_t			*b;
	char			*cause = NULL, lock[320];
	u_int			 n, i;
	struct stat		 sb;

	(void)state;
	b = test_bundle();
	assert_int_equal(client_journal_load(7, b, &cause), 0);
	json_decref(b);
	test_append("arrive", 11, &e);
	client_journal_entry_free(&e);
	test_append("deliver", 11, &e);
	client_journal_entry_free(&e);
	assert_true(test_in_file(test_path, NAME1));
	assert_true(test_in_file(test_path, IDN2));

	/* Not while something has not reached stashd. */
	assert_int_equal(client_journal_wipe(&cause), -1);
	assert_non_null(strstr(cause, "not reached the store"));
	free(cause);
	assert_int_equal(client_journal_trip(), 7);

	assert_int_equal(client_journal_pending(p, 8, &n, &cause), 0);
	memset(a, 0, sizeof a);
	for (i = 0; i < n; i++) {
		a[i].seq = p[i].seq;
		strlcpy(a[i].key, p[i].key, sizeof a[i].key);
		strlcpy(a[i].result, "done", sizeof a[i].result);
		client_journal_entry_free(&p[i]);
	}
	assert_int_equal(client_journal_ack(a, n, NULL, &cause), 0);
	if (client_journal_wipe(&cause) != 0)
		fail_msg("wipe: %s", cause);
	assert_int_equal(client_journal_trip(), 0);
	assert_int_equal(stat(test_path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_false(test_in_file(test_path, NAME1));
	assert_false(test_in_file(test_path, NAME2));
	assert_false(test_in_file(test_path, DOB1));
	assert_false(test_in_file(test_path, DOB2));
	assert_false(test_in_file(test_path, IDN1));
	assert_false(test_in_file(test_path, IDN2));
	assert_false(test_in_file(test_path, "1 Elm St"));
	snprintf(lock, sizeof lock, "%s-lock", test_path);
	if (stat(lock, &sb) == 0) {
		assert_false(test_in_file(lock, NAME1));
		assert_false(test_in_file(lock, IDN1));
	}
	assert_null(client_journal_bundle(&cause));
	free(cause);

	/* Still usable: the next trip's numbers follow on. */
	b = test_bundle();
	assert_int_equal(client_journal_load(8, b, &cause), 0);
	json_decref(b);
	test_append("arrive", 11, &e);
	assert_int_equal(e.seq, 3);
	assert_string_equal(e.key, "h1-8-3");
	client_journal_entry_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_file_mode, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_bundle_kept, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_entries, test_setup,
		    test_teardown),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test_setup_teardown(test_wipe, test_setup,
		    test_teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
