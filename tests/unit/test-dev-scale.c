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
 * The scale drivers. Vectors follow the public protocol descriptions:
 * MT-SICS replies as in the MT-SICS reference manual (and the mt-sics and
 * InstrumentKit test suites); Toledo 8217 STX/CR framing with the '?'
 * status byte; NCI standard frames built from the SCP-01 simulator's
 * format; SMA SCP-0499 fields by position; A&D 15-character standard
 * format (GX/GF manual examples); CAS 22-byte frame with a raw ID byte (a
 * real CI-200A empty-pan frame) and the clone format; Ohaus print lines.
 * Every one is also fed byte by byte and split at every point (td_run).
 */

static void
test_mtsics(void **state)
{
	(void)state;
	TD_RUN("mt-sics", NULL, "S S     100.00 g\r\n", 0);
	assert_int_equal(td_out.n, 1);
	td_weight(0, 10000, 2, DEV_UNIT_G, 100000, DEV_W_STABLE);

	/* Dynamic: never a weight. */
	TD_RUN("mt-sics", NULL, "S D     129.07 g\r\n", 0);
	td_status(0, DEV_ST_MOTION);
	TD_RUN("mt-sics", NULL, "S S     129.07 g\r\nS D     129.07 g\r\n",
	    0);
	assert_int_equal(td_out.n, 2);
	td_weight(0, 12907, 2, DEV_UNIT_G, 129070, DEV_W_STABLE);
	td_status(1, DEV_ST_MOTION);

	/* Every error reply. */
	TD_RUN("mt-sics", NULL, "S +\r\nS -\r\nS I\r\nES\r\nET\r\nEL\r\n", 0);
	assert_int_equal(td_out.n, 6);
	td_status(0, DEV_ST_OVERLOAD);
	td_status(1, DEV_ST_UNDERLOAD);
	td_status(2, DEV_ST_BUSY);
	td_status(3, DEV_ST_ERROR);
	td_status(4, DEV_ST_ERROR);
	td_status(5, DEV_ST_ERROR);

	/* Negative, zero, kilograms, pounds (not converted). */
	TD_RUN("mt-sics", NULL, "S S     -12.50 g\r\nS S       0.00 g\r\n"
	    "S S     1.2345 kg\r\nS S     1.25 lb\r\n", 0);
	assert_int_equal(td_out.n, 4);
	td_status(0, DEV_ST_UNDERLOAD);
	td_status(1, DEV_ST_ZERO);
	td_weight(2, 12345, 4, DEV_UNIT_KG, 1234500, DEV_W_STABLE);
	td_weight(3, 125, 2, DEV_UNIT_LB, -1, DEV_W_STABLE);

	/* Zero and tare acknowledgements; the tare value itself. */
	TD_RUN("mt-sics", NULL, "Z A\r\nZI D\r\nT S      2.486 g\r\n"
	    "TA A 2.486 g\r\nTAC A\r\nZ I\r\nT +\r\n", 0);
	assert_int_equal(td_out.n, 7);
	td_status(0, DEV_ST_OK);
	td_status(1, DEV_ST_OK);
	td_weight(2, 2486, 3, DEV_UNIT_G, 2486, DEV_W_STABLE|DEV_W_TARE);
	td_weight(3, 2486, 3, DEV_UNIT_G, 2486, DEV_W_STABLE|DEV_W_TARE);
	td_status(4, DEV_ST_OK);
	td_status(5, DEV_ST_BUSY);
	td_status(6, DEV_ST_OVERLOAD);

	/* A multi-line I0 list split across reads, and SICS-like "T A". */
	TD_RUN("mt-sics", NULL, "I0 B 0 \"I0\"\r\nI0 B 1 \"D\"\r\n"
	    "I0 B 3 \"CLR\"\r\nI0 A\r\nT A\r\n", 0);
	assert_int_equal(td_out.n, 4);
	td_status(0, DEV_ST_INFO);
	td_status(3, DEV_ST_INFO);

	/* Garbage, a bad unit, an unterminated line at idle. */
	TD_RUN("mt-sics", NULL, "\x01\xff\x80zz\r\nS S 12.x g\r\n"
	    "S S 12.00 furlong\r\nQ Q\r\nS S 1", 1);
	td_none_good();
	assert_int_equal(td_out.n, 5);
	td_status(0, DEV_ST_GARBAGE);
	td_status(4, DEV_ST_GARBAGE);
}

static void
test_mtsics_long(void **state)
{
	char	line[1024];

	(void)state;
	memset(line, '9', sizeof line);
	memcpy(line, "S S ", 4);
	memcpy(line + sizeof line - 4, " g\r\n", 4);
	td_run("mt-sics", NULL, line, sizeof line, 0);
	assert_int_equal(td_out.n, 1);
	td_status(0, DEV_ST_TOO_LONG);
	/* The next line is read normally. */
	TD_RUN("mt-sics", NULL, "S S " "99999999999999999999999999 g\r\n"
	    "S S     3.54 g\r\n", 0);
	assert_int_equal(td_out.n, 2);
	td_status(0, DEV_ST_GARBAGE);
	td_weight(1, 354, 2, DEV_UNIT_G, 3540, DEV_W_STABLE);
}

static void
test_toledo(void **state)
{
	const struct dev_driver	*d;
	struct buf		 b;
	char			*err = NULL;

	(void)state;
	TD_RUN("toledo-8217", NULL, "\x02" "001.25\r", 0);
	assert_int_equal(td_out.n, 1);
	td_weight(0, 125, 2, DEV_UNIT_LB, -1, DEV_W_STABLE);
	TD_RUN("toledo-8217", "unit=kg", "\x02  0.355N\r", 0);
	td_weight(0, 355, 3, DEV_UNIT_KG, 355000, DEV_W_STABLE);
	/* Status: motion, over/under, both (status byte as a letter). */
	TD_RUN("toledo-8217", NULL, "\x02?A\r\x02?B\r\x02?C\r", 0);
	assert_int_equal(td_out.n, 3);
	td_status(0, DEV_ST_MOTION);
	td_status(1, DEV_ST_OVERLOAD);
	td_status(2, DEV_ST_MOTION);
	/* The probe echo is not garbage; noise outside a frame is. */
	TD_RUN("toledo-8217", NULL, "\x02" "E\rhello", 1);
	assert_int_equal(td_out.n, 1);
	td_status(0, DEV_ST_INFO);
	TD_RUN("toledo-8217", NULL, "xx\x02" "1.2.3\r\x02" "000.00\r\x02"
	    "12", 1);
	td_none_good();
	assert_int_equal(td_out.n, 4);
	td_status(0, DEV_ST_GARBAGE);
	td_status(1, DEV_ST_GARBAGE);
	td_status(2, DEV_ST_ZERO);
	td_status(3, DEV_ST_GARBAGE);

	d = dev_find("toledo-8217");
	buf_init(&b);
	assert_int_equal(d->request(NULL, DEV_REQ_WEIGH, &b), 0);
	assert_int_equal(d->request(NULL, DEV_REQ_TARE, &b), 0);
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.data, "WT", 2);
	assert_int_equal(d->request(NULL, DEV_REQ_PAPER, &b), -1);
	buf_free(&b);
	assert_null(d->create("unit=stone", &err));
	assert_non_null(strstr(err, "unknown unit"));
	free(err);
}

static void
test_nci(void **state)
{
	(void)state;
	TD_RUN("nci", NULL, "\n0001.25LB\r\n00\r\x03", 0);
	assert_int_equal(td_out.n, 1);
	td_weight(0, 125, 2, DEV_UNIT_LB, -1, DEV_W_STABLE);
	TD_RUN("nci", NULL, "\n0012.50 g\r\n00\r\x03", 0);
	td_weight(0, 1250, 2, DEV_UNIT_G, 12500, DEV_W_STABLE);
	/* Status-only replies: motion, zero, motion+zero, under, over,
	 * RAM error, OK, SCP-02 'S' prefix, parity bit set. */
	TD_RUN("nci", NULL, "\n10\r\x03\n20\r\x03\n30\r\x03\n01\r\x03"
	    "\n02\r\x03\n40\r\x03\n00\r\x03\nS10\r\x03\n\xb1\xb0\r\x03", 0);
	assert_int_equal(td_out.n, 9);
	td_status(0, DEV_ST_MOTION);
	td_status(1, DEV_ST_ZERO);
	td_status(2, DEV_ST_MOTION);
	td_status(3, DEV_ST_UNDERLOAD);
	td_status(4, DEV_ST_OVERLOAD);
	td_status(5, DEV_ST_ERROR);
	td_status(6, DEV_ST_OK);
	td_status(7, DEV_ST_MOTION);
	td_status(8, DEV_ST_MOTION);
	/* Unknown command; garbage; a weight whose status says motion. */
	TD_RUN("nci", NULL, "\n?\r\x03junk\n0001.25LB\r\n10\r\x03\nAB\r\x03",
	    0);
	td_none_good();
	assert_int_equal(td_out.n, 4);
	td_status(0, DEV_ST_ERROR);
	td_status(1, DEV_ST_GARBAGE);
	td_status(2, DEV_ST_MOTION);
	td_status(3, DEV_ST_GARBAGE);
}

static void
test_sma(void **state)
{
	(void)state;
	TD_RUN("sma", NULL, "\n 1G        1.25lb\r", 0);
	assert_int_equal(td_out.n, 1);
	td_weight(0, 125, 2, DEV_UNIT_LB, -1, DEV_W_STABLE);
	TD_RUN("sma", NULL, "\n 1N        3.54 g \r\n 1GM       3.50 g\r", 0);
	assert_int_equal(td_out.n, 2);
	td_weight(0, 354, 2, DEV_UNIT_G, 3540, DEV_W_STABLE|DEV_W_NET);
	td_status(1, DEV_ST_MOTION);
	TD_RUN("sma", NULL, "\nO1G  ----------lb\r\nU1G  ----------lb\r"
	    "\nE1G  ----------lb\r\nT1G  ----------lb\r\n?\r"
	    "\nZ1G        0.00lb\r", 0);
	td_none_good();
	assert_int_equal(td_out.n, 6);
	td_status(0, DEV_ST_OVERLOAD);
	td_status(1, DEV_ST_UNDERLOAD);
	td_status(2, DEV_ST_ERROR);
	td_status(3, DEV_ST_ERROR);
	td_status(4, DEV_ST_ERROR);
	td_status(5, DEV_ST_ZERO);
	TD_RUN("sma", NULL, "noise\n 1X        1.25lb\r\n 1G", 1);
	td_none_good();
	assert_int_equal(td_out.n, 3);
}

static void
test_and(void **state)
{
	(void)state;
	TD_RUN("and", NULL, "ST,+00012.34  g\r\n", 0);
	assert_int_equal(td_out.n, 1);
	td_weight(0, 1234, 2, DEV_UNIT_G, 12340, DEV_W_STABLE);
	TD_RUN("and", NULL, "ST,+0013.538  g\r\nUS,-00018.37  g\r\n"
	    "ST,+00000.00 lb\r\nOL,+9999999  g\r\nQT,+00000012 PC\r\n", 0);
	assert_int_equal(td_out.n, 5);
	td_weight(0, 13538, 3, DEV_UNIT_G, 13538, DEV_W_STABLE);
	td_status(1, DEV_ST_MOTION);
	td_status(2, DEV_ST_ZERO);
	td_status(3, DEV_ST_OVERLOAD);
	td_status(4, DEV_ST_INFO);
	/* ID and date lines are skipped; errors and garbage reported. */
	TD_RUN("and", NULL, "ID,0123456\r\n2026/11/27\r\nEC,E11\r\n"
	    "ST,+00012.34 g\r\n\x01\x02\r\nST,+00003.54  g\r\n", 0);
	assert_int_equal(td_out.n, 4);
	td_status(0, DEV_ST_ERROR);
	td_status(1, DEV_ST_GARBAGE);
	td_status(2, DEV_ST_GARBAGE);
	td_weight(3, 354, 2, DEV_UNIT_G, 3540, DEV_W_STABLE);
}

static void
test_cas(void **state)
{
	static const u_char empty[] = { 0x53, 0x54, 0x2c, 0x47, 0x53, 0x2c,
	    0x00, 0xc5, 0x2c, 0x20, 0x20, 0x20, 0x20, 0x20, 0x30, 0x2e, 0x30,
	    0x20, 0x6b, 0x67, 0x0d, 0x0a };

	(void)state;
	td_run("cas", NULL, empty, sizeof empty, 0);
	assert_int_equal(td_out.n, 1);
	td_status(0, DEV_ST_ZERO);
	/* The ID byte may be CR or a comma. */
	TD_RUN("cas", NULL, "ST,NT,\r\xc0,   1.234 kg\r\n"
	    "US,GS,,\xc0,   1.234 kg\r\nOL,GS,1\xc0,   -.--- kg\r\n", 0);
	assert_int_equal(td_out.n, 3);
	td_weight(0, 1234, 3, DEV_UNIT_KG, 1234000, DEV_W_STABLE|DEV_W_NET);
	td_status(1, DEV_ST_MOTION);
	td_status(2, DEV_ST_OVERLOAD);
	/* The clone format. */
	TD_RUN("cas", NULL, "ST,GS,+  1.234kg\r\nUS,GS,+  1.234kg\r\n", 0);
	assert_int_equal(td_out.n, 2);
	td_weight(0, 1234, 3, DEV_UNIT_KG, 1234000, DEV_W_STABLE);
	td_status(1, DEV_ST_MOTION);
	TD_RUN("cas", NULL, "hello\r\nST,XX,+  1.234kg\r\nST,GS", 1);
	td_none_good();
	assert_int_equal(td_out.n, 3);
}

static void
test_ohaus(void **state)
{
	(void)state;
	TD_RUN("ohaus", NULL, "    53.98 g     \r\n", 0);
	assert_int_equal(td_out.n, 1);
	td_weight(0, 5398, 2, DEV_UNIT_G, 53980, DEV_W_STABLE);
	TD_RUN("ohaus", NULL, "    53.98 g   ?\r\n    53.98 g   N\r\n"
	    "   -1.00 g\r\nOK!\r\nES\r\n", 0);
	assert_int_equal(td_out.n, 5);
	td_status(0, DEV_ST_MOTION);
	td_weight(1, 5398, 2, DEV_UNIT_G, 53980, DEV_W_STABLE|DEV_W_NET);
	td_status(2, DEV_ST_UNDERLOAD);
	td_status(3, DEV_ST_OK);
	td_status(4, DEV_ST_BUSY);
	TD_RUN("ohaus", NULL, "g 53.98\r\n 53.98 g X\r\n\xff\xfe\r\n", 0);
	td_none_good();
	assert_int_equal(td_out.n, 3);
}

static void
test_weight_parse(void **state)
{
	struct dev_weight	w;
	int			neg;

	(void)state;
	assert_int_equal(dev_weight_parse("  1.2345", 8, "g", 1, &w, &neg), 0);
	assert_int_equal(w.mg, -1);	/* finer than a milligram */
	assert_int_equal(dev_weight_parse("1.2340", 6, "g", 1, &w, &neg), 0);
	assert_int_equal(w.mg, 1234);
	assert_int_equal(dev_weight_parse("1..2", 4, "g", 1, &w, &neg), -1);
	assert_int_equal(dev_weight_parse("", 0, "g", 1, &w, &neg), -1);
	assert_int_equal(dev_weight_parse("+", 1, "g", 1, &w, &neg), -1);
	assert_int_equal(dev_weight_parse("1 2", 3, "g", 1, &w, &neg), -1);
	assert_int_equal(dev_weight_parse("12", 2, "", 0, &w, &neg), -1);
	assert_int_equal(dev_weight_parse("- 5", 3, "oz", 2, &w, &neg), 0);
	assert_true(neg);
	assert_int_equal(w.unit, DEV_UNIT_OZ);
	assert_int_equal(dev_unit_parse(" LB", 3), DEV_UNIT_LB);
	assert_int_equal(dev_unit_parse("lbs", 3), DEV_UNIT_LB);
	assert_int_equal(dev_unit_parse("g  ", 3), DEV_UNIT_G);
	assert_non_null(dev_find("cas"));
	assert_null(dev_find("nope"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mtsics),
		cmocka_unit_test(test_mtsics_long),
		cmocka_unit_test(test_toledo),
		cmocka_unit_test(test_nci),
		cmocka_unit_test(test_sma),
		cmocka_unit_test(test_and),
		cmocka_unit_test(test_cas),
		cmocka_unit_test(test_ohaus),
		cmocka_unit_test(test_weight_parse),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-dev-scale", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("dev-scale", tests, NULL, NULL));
}
