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
 * The ESC/POS encoder (byte sequences per the Epson ESC/POS command
 * reference), real-time status decoding (DLE EOT 1 and 4), and the two
 * pole display encoders (Epson ESC/POS display commands, Logic Controls
 * native mode).
 */

static void
expect(struct buf *b, const void *want, size_t len)
{
	if (b->len != len || memcmp(b->data, want, len) != 0) {
		char	got[1024], exp[1024];

		util_hex(b->data, b->len > 500 ? 500 : b->len, got);
		util_hex(want, len > 500 ? 500 : len, exp);
		fail_msg("bytes differ:\n got %s\nwant %s", got, exp);
	}
	buf_reset(b);
}

static void
test_receipt(void **state)
{
	static const char want[] = "\x1b\x40\x1b\x74\x10\x1b\x61\x01\x1b\x45"
	    "\x01GREEN LEAF DISPENSARY\n\x1b\x45\x00\x1b\x61\x00"
	    "1/8 oz Flower   3.54 g   $35.00\n\x1d\x56\x41\x03";
	struct buf	b;

	(void)state;
	buf_init(&b);
	dev_printer_escpos_init(&b);
	dev_printer_escpos_codepage(&b, DEV_ESCPOS_WPC1252);
	dev_printer_escpos_align(&b, DEV_ESCPOS_CENTRE);
	dev_printer_escpos_bold(&b, 1);
	dev_printer_escpos_text(&b, "GREEN LEAF DISPENSARY\n");
	dev_printer_escpos_bold(&b, 0);
	dev_printer_escpos_align(&b, DEV_ESCPOS_LEFT);
	dev_printer_escpos_text(&b, "1/8 oz Flower   3.54 g   $35.00\n");
	dev_printer_escpos_feed_cut(&b, 3);
	expect(&b, want, sizeof want - 1);

	/* Styles, feeds, cuts, the drawer. */
	dev_printer_escpos_underline(&b, 1);
	dev_printer_escpos_invert(&b, 1);
	dev_printer_escpos_size(&b, 2, 2);
	dev_printer_escpos_size(&b, 1, 1);
	dev_printer_escpos_feed(&b, 4);
	dev_printer_escpos_cut(&b, 0);
	dev_printer_escpos_cut(&b, 1);
	dev_printer_escpos_drawer(&b, 0);
	expect(&b, "\x1b\x2d\x01\x1d\x42\x01\x1d\x21\x11\x1d\x21\x00"
	    "\x1b\x64\x04\x1d\x56\x00\x1d\x56\x01\x1b\x70\x00\x32\x32", 26);

	/* Control bytes in text cannot become commands. */
	dev_printer_escpos_text(&b, "A\x1b\x40" "B\x1d\x56");
	expect(&b, "A?@B?V", 6);
	buf_free(&b);
}

static void
test_codes(void **state)
{
	static const u_char qr[] = {
	    0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,
	    0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x06,
	    0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31,
	    0x1d, 0x28, 0x6b, 0x1b, 0x00, 0x31, 0x50, 0x30,
	    '1', 'A', '4', 'F', 'F', '0', '1', '0', '0', '0', '0', '0', '0',
	    '2', '2', '0', '0', '0', '0', '0', '0', '1', '2', '3',
	    0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30 };
	static const char c128[] = "\x1d\x6b\x49\x1a\x7b\x42"
	    "1A4FF0100000022000000123";
	struct buf	b;

	(void)state;
	buf_init(&b);
	assert_int_equal(dev_printer_escpos_qr(&b, "1A4FF0100000022000000123",
	    6, 'M'), 0);
	expect(&b, qr, sizeof qr);
	assert_int_equal(dev_printer_escpos_code128(&b,
	    "1A4FF0100000022000000123"), 0);
	expect(&b, c128, sizeof c128 - 1);
	assert_int_equal(dev_printer_escpos_code128(&b, ""), -1);
	assert_int_equal(dev_printer_escpos_code128(&b, "a{b"), -1);
	assert_int_equal(dev_printer_escpos_code128(&b, "a\nb"), -1);
	assert_int_equal(dev_printer_escpos_qr(&b, "x", 0, 'M'), -1);
	assert_int_equal(dev_printer_escpos_qr(&b, "x", 6, 'Z'), -1);
	assert_int_equal(dev_printer_escpos_qr(&b, "x", 6, '\0'), -1);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void
test_status(void **state)
{
	enum dev_status_code	 st;
	const struct dev_driver	*d;
	void			*s;
	struct buf		 b;

	(void)state;
	assert_int_equal(dev_printer_escpos_paper(0x12, &st), 0);
	assert_int_equal(st, DEV_ST_OK);
	assert_int_equal(dev_printer_escpos_paper(0x1e, &st), 0);
	assert_int_equal(st, DEV_ST_PAPER_NEAR_END);
	assert_int_equal(dev_printer_escpos_paper(0x72, &st), 0);
	assert_int_equal(st, DEV_ST_PAPER_OUT);
	assert_int_equal(dev_printer_escpos_paper(0x7e, &st), 0);
	assert_int_equal(st, DEV_ST_PAPER_OUT);
	assert_int_equal(dev_printer_escpos_paper(0x00, &st), -1);
	assert_int_equal(dev_printer_escpos_paper(0xff, &st), -1);
	assert_int_equal(dev_printer_escpos_online(0x12), 1);
	assert_int_equal(dev_printer_escpos_online(0x16), 1);	/* drawer */
	assert_int_equal(dev_printer_escpos_online(0x1a), 0);
	assert_int_equal(dev_printer_escpos_online(0x41), -1);

	/* Through the driver: the request decides how a byte is read. */
	d = dev_find("escpos");
	s = d->create(NULL, &(char *){ NULL });
	buf_init(&b);
	assert_int_equal(d->request(s, DEV_REQ_PAPER, &b), 0);
	expect(&b, "\x10\x04\x04", 3);
	memset(&td_out, 0, sizeof td_out);
	d->feed(s, (const u_char *)"\x72\x1e\x12\xff", 4, td_collect,
	    &td_out);
	assert_int_equal(td_out.n, 4);
	td_status(0, DEV_ST_PAPER_OUT);
	td_status(1, DEV_ST_PAPER_NEAR_END);
	td_status(2, DEV_ST_OK);
	td_status(3, DEV_ST_GARBAGE);
	assert_int_equal(d->request(s, DEV_REQ_STATUS, &b), 0);
	expect(&b, "\x10\x04\x01", 3);
	memset(&td_out, 0, sizeof td_out);
	d->feed(s, (const u_char *)"\x1a\x12", 2, td_collect, &td_out);
	td_status(0, DEV_ST_OFFLINE);
	td_status(1, DEV_ST_OK);
	assert_int_equal(d->request(s, DEV_REQ_WEIGH, &b), -1);
	d->free(s);
	buf_free(&b);
}

static void
test_display(void **state)
{
	static const char epson[] = "\x1b\x40\x0c\x1f\x01\x1f\x24\x01\x01"
	    "Blue Dream 3.5g     \x1f\x24\x01\x02TOTAL        $35.00 ";
	static const char logic[] = "\x1f\x11\x10\x00"
	    "Blue Dream 3.5g     \x10\x14TOTAL        $35.00 ";
	struct buf	b;

	(void)state;
	buf_init(&b);
	dev_display_epson_screen(&b, "Blue Dream 3.5g", "TOTAL        $35.00");
	expect(&b, epson, sizeof epson - 1);
	dev_display_logic_screen(&b, "Blue Dream 3.5g", "TOTAL        $35.00");
	expect(&b, logic, sizeof logic - 1);
	/* Long lines are cut; control bytes replaced. */
	dev_display_logic_screen(&b, "123456789012345678901234", "\x1b@");
	assert_int_equal(b.len, 4 + 20 + 2 + 20);
	assert_memory_equal(b.data + 4, "12345678901234567890", 20);
	assert_memory_equal(b.data + 26, "?@", 2);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_receipt),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_display),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-dev-escpos", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("dev-escpos", tests, NULL, NULL));
}
