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

#include "stash.h"

/*
 * valid.c: the calendar, the bounds of each kind of date, text (UTF-8,
 * controls, direction overrides), US state codes, CSV cells a spreadsheet
 * would run as formulas, and the loopback decision.
 */

#define TODAY	20260315

static void
test_date_real(void **state)
{
	static const int good[] = {
		20260228, 20240229, 20000229, 20261231, 19000101, 20260430
	};
	static const int bad[] = {
		20260230, 20260431, 20250229, 19000229, 21000229, 20261301,
		20260001, 20260100, 20260132, 0, -20260101, 100000101
	};
	size_t	i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (!valid_date_real(good[i]))
			fail_msg("%d refused", good[i]);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (valid_date_real(bad[i]))
			fail_msg("%d accepted", bad[i]);
	}
}

static void
test_date_parse(void **state)
{
	assert_int_equal(valid_date_parse("2026-02-28"), 20260228);
	assert_int_equal(valid_date_parse("0001-01-01"), 10101);
	assert_int_equal(valid_date_parse("2026-2-28"), -1);
	assert_int_equal(valid_date_parse("2026-02-28x"), -1);
	assert_int_equal(valid_date_parse("2026/02/28"), -1);
	assert_int_equal(valid_date_parse("2026-0a-28"), -1);
	assert_int_equal(valid_date_parse("+026-02-28"), -1);
	assert_int_equal(valid_date_parse(""), -1);
	assert_int_equal(valid_date_parse(NULL), -1);
}

static void
check_date(int d, enum valid_date_kind kind, int want_ok, const char *want)
{
	char	*cause = NULL;
	int	 r;

	r = valid_date(d, kind, TODAY, "dob", &cause);
	if (want_ok) {
		if (r != 0)
			fail_msg("%d kind %d refused: %s", d, kind, cause);
		assert_null(cause);
		return;
	}
	if (r == 0)
		fail_msg("%d kind %d accepted", d, kind);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("%d: \"%s\" lacks \"%s\"", d, cause, want);
	free(cause);
}

static void
test_date_bounds(void **state)
{
	check_date(19000101, VALID_DATE_BIRTH, 1, NULL);
	check_date(TODAY, VALID_DATE_BIRTH, 1, NULL);
	check_date(18991231, VALID_DATE_BIRTH, 0, "before 1900-01-01");
	check_date(20260316, VALID_DATE_BIRTH, 0, "in the future");
	check_date(20260230, VALID_DATE_BIRTH, 0, "not a real calendar");
	check_date(10101, VALID_DATE_BUSINESS, 0, "before 2000-01-01");
	check_date(19991231, VALID_DATE_BUSINESS, 0, "before 2000-01-01");
	check_date(20000101, VALID_DATE_BUSINESS, 1, NULL);
	check_date(20270315, VALID_DATE_BUSINESS, 1, NULL);
	check_date(20270316, VALID_DATE_BUSINESS, 0, "after 2027-03-15");
	check_date(99991231, VALID_DATE_BUSINESS, 0, "after");
	check_date(20460315, VALID_DATE_EXPIRY, 1, NULL);
	check_date(20460316, VALID_DATE_EXPIRY, 0, "20 years");
	check_date(20150101, VALID_DATE_EXPIRY, 1, NULL);
}

/* Today a 29 February: a year on is 28 February, not 1 March. */
static void
test_date_leap_today(void **state)
{
	char	*cause = NULL;

	assert_int_equal(valid_date(20290228, VALID_DATE_BUSINESS, 20280229,
	    "d", &cause), 0);
	assert_int_equal(valid_date(20290301, VALID_DATE_BUSINESS, 20280229,
	    "d", &cause), -1);
	free(cause);
}

static void
check_text(const char *s, size_t max, int want_ok, const char *want)
{
	char	*cause = NULL;
	int	 r;

	r = valid_text(s, strlen(s), max, "name", &cause);
	if (want_ok) {
		if (r != 0)
			fail_msg("\"%s\" refused: %s", s, cause);
		return;
	}
	if (r == 0)
		fail_msg("\"%s\" accepted", s);
	if (strstr(cause, want) == NULL || strstr(cause, "\"name\"") == NULL)
		fail_msg("\"%s\": \"%s\" lacks \"%s\"", s, cause, want);
	free(cause);
}

static void
test_text(void **state)
{
	check_text("Mary-Jane O'Neil", 64, 1, NULL);
	check_text("Zo\xc3\xab \xe5\xb1\xb1\xe7\x94\xb0 \xf0\x9f\x8c\xbf",
	    64, 1, NULL);			/* é, CJK, an emoji */
	check_text("", 64, 1, NULL);
	check_text("abcdef", 5, 0, "longer than 5 bytes");
	check_text("tab\there", 64, 0, "control character (U+0009)");
	check_text("del\x7f", 64, 0, "control character (U+007F)");
	check_text("csi\xc2\x9b" "31m", 64, 0, "control character (U+009B)");
	check_text("nel\xc2\x85", 64, 0, "control character (U+0085)");
	check_text("abc\xe2\x80\xae" "gpj.exe", 64, 0,
	    "direction control (U+202E)");
	check_text("\xe2\x80\xaa", 64, 0, "direction control (U+202A)");
	check_text("\xe2\x81\xa6x\xe2\x81\xa9", 64, 0,
	    "direction control (U+2066)");
	check_text("\xe2\x81\xa9", 64, 0, "direction control (U+2069)");
	/* U+2029, a paragraph separator, is not a direction control. */
	check_text("ok \xe2\x80\xa9", 64, 1, NULL);
	check_text("\xc3", 64, 0, "not valid UTF-8");	/* cut short */
	check_text("\xc0\xaf", 64, 0, "not valid UTF-8");	/* overlong */
	check_text("\xe0\x80\xaf", 64, 0, "not valid UTF-8");
	check_text("\xed\xa0\x80", 64, 0, "not valid UTF-8"); /* surrogate */
	check_text("\xf4\x90\x80\x80", 64, 0, "not valid UTF-8");
	check_text("\xff", 64, 0, "not valid UTF-8");
	check_text("a\xe2\x80", 64, 0, "not valid UTF-8");
}

/* A NUL inside the given length is a control character too. */
static void
test_text_nul(void **state)
{
	char	*cause = NULL;

	assert_int_equal(valid_text("a\0b", 3, 64, "x", &cause), -1);
	assert_non_null(strstr(cause, "U+0000"));
	free(cause);
}

static void
test_states(void **state)
{
	static const char *good[] = {
		"CO", "CA", "DC", "PR", "GU", "WY", "ON"
	};
	static const char *bad[] = { "ZZ", "QQ", "co", "", "COL", "XX" };
	size_t	i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(valid_state_code(good[i]));
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (valid_state_code(bad[i]))
			fail_msg("%s accepted", bad[i]);
	}
}

/* Write cells to a memory file and return what came out. */
static char *
csv_row(const char **cells, const int *text, size_t n)
{
	static char	 out[1024];
	FILE		*f;
	size_t		 i;

	f = fmemopen(out, sizeof out, "w");
	assert_non_null(f);
	for (i = 0; i < n; i++)
		valid_csv_cell(f, cells[i], text[i], i == n - 1);
	fclose(f);
	return (out);
}

static void
test_csv_cells(void **state)
{
	const char	*cells[] = {
		"=cmd|' /C calc'!A0", "+SUM(A1)", "@SUM(A1)", "-2+3",
		"\tx", "\rx", "plain", "a,b", "say \"hi\"", "-350", "12.50"
	};
	const int	 text[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 };

	assert_string_equal(csv_row(cells, text, 11),
	    "\"'=cmd|' /C calc'!A0\",\"'+SUM(A1)\",\"'@SUM(A1)\","
	    "\"'-2+3\",\"'\tx\",\"'\rx\",plain,\"a,b\",\"say \"\"hi\"\"\","
	    "-350,12.50\n");
}

static void
test_formula_lead(void **state)
{
	assert_true(valid_formula_lead("=1+2"));
	assert_true(valid_formula_lead("+1"));
	assert_true(valid_formula_lead("-1"));
	assert_true(valid_formula_lead("@x"));
	assert_true(valid_formula_lead("\tx"));
	assert_true(valid_formula_lead("\rx"));
	assert_false(valid_formula_lead(""));
	assert_false(valid_formula_lead("a=1"));
	assert_false(valid_formula_lead(" =1"));
}

static void
test_loopback(void **state)
{
	static const char *yes[] = {
		"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]",
		"localhost", "LOCALHOST", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"
	};
	static const char *no[] = {
		"0.0.0.0", "::", "10.0.0.1", "192.168.1.10", "128.0.0.1",
		"126.255.255.255", "::2", "::ffff:10.0.0.1", "example.com",
		"localhost.example.com", "127.0.0.1.example.com", "",
		"127.1", "fe80::1"
	};
	size_t	i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!valid_host_loopback(yes[i]))
			fail_msg("%s not loopback", yes[i]);
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		if (valid_host_loopback(no[i]))
			fail_msg("%s taken for loopback", no[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_real),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_date_bounds),
		cmocka_unit_test(test_date_leap_today),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_nul),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_csv_cells),
		cmocka_unit_test(test_formula_lead),
		cmocka_unit_test(test_loopback),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-valid", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("valid", tests, NULL, NULL));
}
