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
 * The ZPL II shelf label encoder: the whole label byte for byte, text
 * that would be a command escaped with ^FH, long text cut on a character
 * boundary, and tags that cannot be a Code 128 barcode refused.
 */

static void
test_label(void **state)
{
	static const char want[] = "^XA\n^CI28\n^LH0,0\n"
	    "^FO30,20^A0N,40,40^FH_^FDBlue Dream 3.5g^FS\n"
	    "^FO30,70^A0N,28,28^FDBatch ^FS\n"
	    "^FO130,70^A0N,28,28^FH_^FDB-2026-01^FS\n"
	    "^FO30,105^A0N,28,28^FDQty ^FS\n"
	    "^FO130,105^A0N,28,28^FH_^FD12^FS\n"
	    "^FO30,145^BY2^BCN,80,Y,N,N^FD1A4060300000000000001001^FS\n"
	    "^PQ1\n^XZ\n";
	struct buf	b;

	(void)state;
	buf_init(&b);
	assert_int_equal(dev_label_zpl(&b, "1A4060300000000000001001",
	    "Blue Dream 3.5g", "B-2026-01", "12"), 0);
	assert_int_equal(b.len, sizeof want - 1);
	assert_memory_equal(b.data, want, sizeof want - 1);
	buf_free(&b);
}

static void
test_escape(void **state)
{
	struct buf	 b;
	char		*s;

	(void)state;
	buf_init(&b);

	/* ^, ~, _ and control bytes cannot start a command. */
	assert_int_equal(dev_label_zpl(&b, "TAG1", "A^XZ~JA_\x01", "", ""), 0);
	s = buf_cstr(&b);
	assert_non_null(strstr(s, "^FDA_5EXZ_7EJA_5F_01^FS"));
	assert_null(strstr(s, "Batch"));
	assert_null(strstr(s, "Qty"));
	assert_string_equal(s + strlen(s) - 4, "^XZ\n");
	buf_reset(&b);

	/* Cut at 48 bytes, never inside a UTF-8 sequence. */
	assert_int_equal(dev_label_zpl(&b, "TAG1", "1234567890123456789012345"
	    "6789012345678901234567\xc3\xa9xyz", "", ""), 0);
	s = buf_cstr(&b);
	assert_non_null(strstr(s, "^FD1234567890123456789012345678901234567890"
	    "1234567^FS"));
	buf_reset(&b);
	assert_int_equal(dev_label_zpl(&b, "TAG1", "1234567890123456789012345"
	    "678901234567890123456\xc3\xa9xyz", "", ""), 0);
	s = buf_cstr(&b);
	assert_non_null(strstr(s, "^FD1234567890123456789012345678901234567890"
	    "123456\xc3\xa9^FS"));
	buf_free(&b);
}

static void
test_refused(void **state)
{
	struct buf	b;

	(void)state;
	buf_init(&b);
	assert_int_equal(dev_label_zpl(&b, "", "x", "", ""), -1);
	assert_int_equal(dev_label_zpl(&b, "1a40603", "x", "", ""), -1);
	assert_int_equal(dev_label_zpl(&b, "1A4^XZ", "x", "", ""), -1);
	assert_int_equal(dev_label_zpl(&b, "1A40603000000000000010011A406030"
	    "000000000", "x", "", ""), -1);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_refused),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-dev-zpl", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("dev-zpl", tests, NULL, NULL));
}
