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
#include "test-dev.h"

/*
 * The serial barcode scanner: AIM symbology identifiers (ISO/IEC 15424),
 * suffix and idle-gap framing, EAN/UPC and GTIN check digits (GS1 General
 * Specifications, mod 10), GS1 element strings with AIs 01, 10, 17, 21
 * (GS ends a variable-length field), Metrc tags (24 characters, 0-9 A-Z),
 * Retail ID and GS1 Digital Link URLs.
 */

static const struct dev_scan *
scan(u_int i)
{
	assert_true(i < td_out.n);
	if (td_out.ev[i].type != DEV_EV_SCAN)
		fail_msg("event %u: not a scan (%s)", i, td_out.ev[i].msg);
	return (&td_out.ev[i].scan);
}

static void
test_ean(void **state)
{
	const struct dev_scan	*s;

	(void)state;
	TD_RUN("scanner", NULL, "]E05901234123457\r", 0);
	assert_int_equal(td_out.n, 1);
	s = scan(0);
	assert_int_equal(s->symbology, DEV_SYM_EAN13);
	assert_string_equal(s->aim, "]E0");
	assert_string_equal((char *)s->data, "5901234123457");
	assert_int_equal(s->kind, DEV_SCAN_PLAIN);
	/* CR LF suffix: the LF is not a second scan. */
	TD_RUN("scanner", NULL, "]E04006381333931\r\n]E00036000291452\r\n", 0);
	assert_int_equal(td_out.n, 2);
	assert_string_equal((char *)scan(1)->data, "0036000291452");
	/* A wrong check digit is refused. */
	TD_RUN("scanner", NULL, "]E05901234123458\r", 0);
	td_none_good();
	td_status(0, DEV_ST_GARBAGE);
	assert_true(dev_scanner_aim_gs1_check("09506000134352", 14));
	assert_true(dev_scanner_aim_gs1_check("036000291452", 12));
	assert_true(dev_scanner_aim_gs1_check("00012345678905", 14));
	assert_false(dev_scanner_aim_gs1_check("00012345678906", 14));
	assert_false(dev_scanner_aim_gs1_check("0001234567890X", 14));
}

static void
test_gs1(void **state)
{
	static const u_char v[] = { 0x5d, 0x43, 0x31, 0x30, 0x31, 0x30, 0x30,
	    0x38, 0x35, 0x30, 0x30, 0x30, 0x36, 0x30, 0x30, 0x30, 0x31, 0x32,
	    0x38, 0x31, 0x37, 0x32, 0x36, 0x31, 0x32, 0x33, 0x31, 0x31, 0x30,
	    0x4c, 0x4f, 0x54, 0x34, 0x32, 0x41, 0x1d, 0x32, 0x31, 0x30, 0x30,
	    0x30, 0x31, 0x32, 0x33, 0x34, '\r' };
	const struct dev_scan	*s;

	(void)state;
	assert_int_equal(sizeof v - 1, 45);
	td_run("scanner", NULL, v, sizeof v, 0);
	assert_int_equal(td_out.n, 1);
	s = scan(0);
	assert_int_equal(s->symbology, DEV_SYM_GS1_128);
	assert_int_equal(s->kind, DEV_SCAN_GS1);
	assert_string_equal(s->gtin, "00850006000128");
	assert_string_equal(s->expiry, "261231");
	assert_string_equal(s->lot, "LOT42A");
	assert_string_equal(s->serial, "0001234");
	/* GS1 DataMatrix, serial last without GS. */
	TD_RUN("scanner", NULL, "]d2010950600013435221ABC\r", 0);
	s = scan(0);
	assert_int_equal(s->symbology, DEV_SYM_GS1_DATAMATRIX);
	assert_string_equal(s->gtin, "09506000134352");
	assert_string_equal(s->serial, "ABC");
	/* Bad GTIN, unknown AI, cut short, lot too long. */
	TD_RUN("scanner", NULL, "]C10100850006000129\r]C199123\r"
	    "]C10100850\r]C110ABCDEFGHIJKLMNOPQRSTU\r", 0);
	td_none_good();
	assert_int_equal(td_out.n, 4);
}

static void
test_metrc(void **state)
{
	const struct dev_scan	*s;

	(void)state;
	TD_RUN("scanner", NULL, "]C01A4FF0100000022000000123\r", 0);
	s = scan(0);
	assert_int_equal(s->symbology, DEV_SYM_CODE128);
	assert_int_equal(s->kind, DEV_SCAN_METRC_TAG);
	assert_string_equal(s->tag, "1A4FF0100000022000000123");
	/* Without AIM ids; 23, 25 and lower-case are not tags. */
	TD_RUN("scanner", "suffix=lf", "1A4FF0100000022000000123\n"
	    "1A4FF010000002200000012\n1A4FF01000000220000001234\n"
	    "1a4ff0100000022000000123\n", 0);
	assert_int_equal(td_out.n, 4);
	assert_int_equal(scan(0)->kind, DEV_SCAN_METRC_TAG);
	assert_int_equal(scan(1)->kind, DEV_SCAN_PLAIN);
	assert_int_equal(scan(2)->kind, DEV_SCAN_PLAIN);
	assert_int_equal(scan(3)->kind, DEV_SCAN_PLAIN);
	/* A Retail ID style QR URL carrying a tag; a Digital Link. */
	TD_RUN("scanner", NULL, "]Q1https://example.test/p/"
	    "1A4FF0100000022000000123?x=1\r]Q1https://id.gs1.org/01/"
	    "09506000134352/10/LOT42A\r", 0);
	s = scan(0);
	assert_int_equal(s->symbology, DEV_SYM_QR);
	assert_int_equal(s->kind, DEV_SCAN_RETAIL_URL);
	assert_string_equal(s->tag, "1A4FF0100000022000000123");
	s = scan(1);
	assert_int_equal(s->kind, DEV_SCAN_RETAIL_URL);
	assert_string_equal(s->gtin, "09506000134352");
	assert_string_equal(s->lot, "LOT42A");
}

static void
test_framing(void **state)
{
	char	big[DEV_SCAN_MAX + 64], *err = NULL;

	(void)state;
	/* ETX, tab and idle framing; control characters kept in data. */
	TD_RUN("scanner", "suffix=etx", "]C0AB\r\nCD\x03]A0XYZ\x03", 0);
	assert_int_equal(td_out.n, 2);
	assert_int_equal(scan(0)->len, 6);
	assert_string_equal((char *)scan(1)->data, "XYZ");
	assert_int_equal(scan(1)->symbology, DEV_SYM_CODE39);
	TD_RUN("scanner", "suffix=tab", "ABC\t", 0);
	assert_int_equal(scan(0)->symbology, DEV_SYM_UNKNOWN);
	TD_RUN("scanner", "suffix=none", "]Q3010950600013435217261231", 1);
	assert_int_equal(scan(0)->symbology, DEV_SYM_GS1_QR);
	assert_string_equal(scan(0)->expiry, "261231");
	/* Missing suffix at idle, empty scans, an unknown AIM id. */
	TD_RUN("scanner", NULL, "\r]E0\r]Z9hello\rABC", 1);
	assert_int_equal(td_out.n, 3);
	td_status(0, DEV_ST_GARBAGE);
	assert_int_equal(scan(1)->symbology, DEV_SYM_OTHER);
	td_status(2, DEV_ST_GARBAGE);
	/* Overlong: dropped with one report, the next scan is read. */
	memset(big, 'A', sizeof big);
	big[sizeof big - 5] = '\r';
	memcpy(big + sizeof big - 4, "XY\r", 3);
	td_run("scanner", NULL, big, sizeof big - 1, 0);
	assert_int_equal(td_out.n, 2);
	td_status(0, DEV_ST_TOO_LONG);
	assert_string_equal((char *)scan(1)->data, "XY");
	assert_null(dev_find("scanner")->create("suffix=bell", &err));
	assert_non_null(strstr(err, "unknown scanner suffix"));
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ean),
		cmocka_unit_test(test_gs1),
		cmocka_unit_test(test_metrc),
		cmocka_unit_test(test_framing),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-dev-scanner", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("dev-scanner", tests, NULL,
	    NULL));
}
