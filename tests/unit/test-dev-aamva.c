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
 * AAMVA DL/ID PDF417 payloads (AAMVA DL/ID Card Design Standard, Annex D).
 * The samples are synthetic or anonymised ones published with open-source
 * parsers: a 2020 (v10) Virginia layout with two subfiles, a 2000 (v1)
 * Maryland "AAMVA" file with a full name in DAA, CCYYMMDD dates and a
 * declared subfile length past the end of the data, and a 2013 (v8)
 * Ontario layout. Then the quirks seen on real cards: BOM, garbled
 * header, offset 0000, letters in an offset, trailing spaces, stripped
 * separators.
 */

#define VA "@\n\x1e\rANSI 636000100102DL00410278ZV03190008DLDAQT64235789\n" \
	"DCSSAMPLE\nDDEN\nDACMICHAEL\nDDFN\nDADJOHN\nDDGN\nDCUJR\nDCAD\n" \
	"DCBK\nDCDPH\nDBD06062019\nDBB06061986\nDBA12102024\nDBC1\n" \
	"DAU068 in\nDAYBRO\nDAG2300 WEST BROAD STREET\nDAIRICHMOND\nDAJVA\n" \
	"DAK232690000  \nDCF2424244747474786102204\nDCGUSA\nDCK123456789\n" \
	"DDAF\nDDB06062018\nDDC06062020\nDDD1\rZVZVA01\r"
#define MD "@\n\x1e\rAAMVA6360030101DL00290192DLDAQK-134-123-145-103\n" \
	"DAAJOHNSON,JACK,,3RD\nDAG1234 BARNEYS INN PL\nDAIBALTIMORE\nDAJMD\n" \
	"DAK21230 \nDARC \nDAS \nDAT \nDAU505\nDAW135\nDBA20170209\n" \
	"DBB19910209\nDBC1\nDBD20120210\nDBHN\r"
#define ON "@\n\x1e\rANSI 636012080001DL00310213DLDCAG\nDCBNONE\nDCDNONE\n" \
	"DBA20290603\nDCSSAMPLE\nDACJANE\nDADNONE\nDBD20240607\n" \
	"DBB19960603\nDBC2\nDAYBRO\nDAU165 cm\nDAG123 QUEEN ST W\n" \
	"DAITORONTO\nDAJON\nDAKM5H 2M9    \nDAQS1234-56789-60603\n" \
	"DCFZZ1234567\nDCGCAN\nDDEN\nDDFN\nDDGN\r"

static struct dev_id	id;
static char		err[DEV_MSG_MAX];

static int
parse(const char *s, size_t len)
{
	err[0] = '\0';
	return (dev_id_aamva_parse((const u_char *)s, len, &id, err,
	    sizeof err));
}

static void
test_virginia(void **state)
{
	(void)state;
	assert_int_equal(sizeof VA - 1, 327);
	assert_int_equal(parse(VA, sizeof VA - 1), 0);
	assert_int_equal(id.version, 10);
	assert_string_equal(id.iin, "636000");
	assert_string_equal(id.type, "DL");
	assert_string_equal(id.number, "T64235789");
	assert_string_equal(id.family, "SAMPLE");
	assert_string_equal(id.given, "MICHAEL");
	assert_string_equal(id.middle, "JOHN");
	assert_string_equal(id.suffix, "JR");
	assert_int_equal(id.birth, 19860606);
	assert_int_equal(id.expiry, 20241210);
	assert_int_equal(id.issued, 20190606);
	assert_int_equal(id.sex, 'M');
	assert_string_equal(id.street, "2300 WEST BROAD STREET");
	assert_string_equal(id.city, "RICHMOND");
	assert_string_equal(id.state, "VA");
	assert_string_equal(id.postal, "232690000");	/* trimmed */
	assert_string_equal(id.country, "USA");
	assert_true(id.real_id);
	assert_int_equal(id.nelements, 28);

	/* Through the scanner driver: PDF417 framed by ETX, or by idle. */
	TD_RUN("scanner", "suffix=etx", "]L2" VA "\x03", 0);
	assert_int_equal(td_out.n, 1);
	assert_int_equal(td_out.ev[0].type, DEV_EV_ID);
	assert_int_equal(td_out.ev[0].id.birth, 19860606);
	TD_RUN("scanner", "suffix=none", VA, 1);
	assert_int_equal(td_out.n, 1);
	assert_int_equal(td_out.ev[0].type, DEV_EV_ID);
	TD_RUN("aamva", NULL, VA, 1);
	assert_int_equal(td_out.n, 1);
	assert_int_equal(td_out.ev[0].type, DEV_EV_ID);
	assert_string_equal(td_out.ev[0].id.number, "T64235789");
}

static void
test_maryland_v1(void **state)
{
	(void)state;
	assert_int_equal(sizeof MD - 1, 201);
	assert_int_equal(parse(MD, sizeof MD - 1), 0);
	assert_int_equal(id.version, 1);
	assert_string_equal(id.number, "K-134-123-145-103");
	assert_string_equal(id.family, "JOHNSON");
	assert_string_equal(id.given, "JACK");
	assert_string_equal(id.middle, "");
	assert_string_equal(id.suffix, "3RD");
	assert_int_equal(id.birth, 19910209);
	assert_int_equal(id.expiry, 20170209);
	assert_string_equal(id.postal, "21230");
	assert_string_equal(id.state, "MD");
}

static void
test_ontario_v8(void **state)
{
	(void)state;
	assert_int_equal(sizeof ON - 1, 244);
	assert_int_equal(parse(ON, sizeof ON - 1), 0);
	assert_int_equal(id.version, 8);
	assert_string_equal(id.number, "S1234-56789-60603");
	assert_string_equal(id.given, "JANE");
	assert_int_equal(id.birth, 19960603);
	assert_int_equal(id.expiry, 20290603);
	assert_int_equal(id.sex, 'F');
	assert_string_equal(id.postal, "M5H 2M9");
	assert_string_equal(id.country, "CAN");
	assert_false(id.real_id);
}

static void
test_quirks(void **state)
{
	char	b[512];
	int	n;

	(void)state;
	/* A UTF-8 BOM before '@'. */
	n = snprintf(b, sizeof b, "\xef\xbb\xbf%s", ON);
	assert_int_equal(parse(b, n), 0);
	assert_int_equal(id.birth, 19960603);
	/* A garbled header: "@a ANSI". */
	n = snprintf(b, sizeof b, "@a %s", ON + 4);
	assert_int_equal(parse(b, n), 0);
	/* Offset 0000 (Ontario), letters in the offset (Alberta). */
	snprintf(b, sizeof b, "%s", ON);
	memcpy(b + 23, "00000000", 8);
	assert_int_equal(parse(b, sizeof ON - 1), 0);
	assert_string_equal(id.number, "S1234-56789-60603");
	memcpy(b + 23, "abac0213", 8);
	assert_int_equal(parse(b, sizeof ON - 1), 0);
	/* Cut short: the date of birth missing. */
	assert_int_equal(parse(ON, 120), -1);
	assert_true(err[0] != '\0');
	/* Every separator stripped. */
	n = 0;
	for (const char *p = ON; *p != '\0'; p++) {
		if (*p != '\n' || p - ON < 2)
			b[n++] = *p;
	}
	assert_int_equal(parse(b, n), -1);
	/* Bad dates, no header, truncated header, too many entries. */
	assert_int_equal(dev_id_aamva_date("02302020", 8), -1);
	assert_int_equal(dev_id_aamva_date("02292021", 8), -1);
	assert_int_equal(dev_id_aamva_date("02292024", 8), 20240229);
	assert_int_equal(dev_id_aamva_date("20240229M", 9), 20240229);
	assert_int_equal(dev_id_aamva_date("00000000", 8), 0);
	assert_int_equal(dev_id_aamva_date("1234", 4), -1);
	assert_int_equal(dev_id_aamva_date("18991231", 8), -1);
	assert_int_equal(parse("hello", 5), -1);
	assert_int_equal(parse("@\n\x1e\rANSI 6360", 14), -1);
	assert_int_equal(parse("@\n\x1e\rANSI 636000100199DL", 26), -1);
	/* A bad date of birth is refused, not guessed. */
	snprintf(b, sizeof b, "%s", VA);
	memcpy(strstr(b, "DBB") + 3, "13401986", 8);
	assert_int_equal(parse(b, sizeof VA - 1), -1);
	/* A PDF417 that is not an ID is reported, not produced. */
	TD_RUN("scanner", "suffix=etx", "]L2hello world\x03", 0);
	td_none_good();
	td_status(0, DEV_ST_GARBAGE);
	/* Random bytes never give an ID. */
	{
		uint64_t	seed = 42;
		u_int		i, j;

		for (i = 0; i < 2000; i++) {
			snprintf(b, sizeof b, "%s", VA);
			for (j = 0; j < 4; j++)
				b[unit_rand(&seed) % (sizeof VA - 1)] =
				    unit_rand(&seed);
			(void)parse(b, sizeof VA - 1);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virginia),
		cmocka_unit_test(test_maryland_v1),
		cmocka_unit_test(test_ontario_v8),
		cmocka_unit_test(test_quirks),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-dev-aamva", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("dev-aamva", tests, NULL, NULL));
}
