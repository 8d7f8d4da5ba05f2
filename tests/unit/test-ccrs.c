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
#include "ccrs.h"
#include "outbox.h"

/*
 * ccrs.c: each row builder's exact bytes, the preamble, the value rules
 * (no quotes or commas, CRLF, MM/DD/YYYY, decimal dollars, grams), the
 * excise, the weekly deadline, and the reader of the state's answers.
 */

static const struct ccrs_stamp ins = { "Jo", 20261205, 0, CCRS_INSERT };
static const struct ccrs_stamp upd = { "Jo", 20261205, 20261207,
    CCRS_UPDATE };
static const struct ccrs_stamp del = { "Jo", 20261205, 20261207,
    CCRS_DELETE };

static void
expect(struct buf *b, const char *want)
{
	assert_string_equal(buf_cstr(b), want);
	buf_reset(b);
}

static void
test_values(void **state)
{
	struct buf	b;

	buf_init(&b);
	ccrs_clean(&b, "a,\"b\"\tc\r\nd", 100);
	expect(&b, "ab c  d");
	ccrs_clean(&b, "abcdef", 3);
	expect(&b, "abc");
	ccrs_date(&b, 20260107);
	expect(&b, "01/07/2026");
	ccrs_money(&b, 2750);
	expect(&b, "27.50");
	ccrs_money(&b, 5);
	expect(&b, "0.05");
	ccrs_qty(&b, 3500, 1);
	expect(&b, "3.5");
	ccrs_qty(&b, 1000, 1);
	expect(&b, "1");
	ccrs_qty(&b, 1, 1);
	expect(&b, "0.001");
	ccrs_qty(&b, 2, 0);
	expect(&b, "2");
	buf_free(&b);
	/* The LCB's example: 27.50 less 9.00 at 37%: 6.85. */
	assert_int_equal(ccrs_excise(1850), 685);
	assert_int_equal(ccrs_excise(0), 0);
	assert_int_equal(ccrs_excise(-5), 0);
	assert_string_equal(ccrs_op_name(CCRS_UPDATE), "Update");
	assert_int_equal(ccrs_file_find("InventoryAdjustment"), CCRS_ADJUST);
	assert_int_equal(ccrs_file_find("Plant"), -1);
}

static void
test_week_due(void **state)
{
	/* 2026-12-06 is a Sunday: its week is due the next Sunday. */
	assert_int_equal(ccrs_week_due(20261206), 20261213);
	assert_int_equal(ccrs_week_due(20261212), 20261213);	/* Saturday */
	assert_int_equal(ccrs_week_due(20261209), 20261213);
	assert_int_equal(ccrs_week_due(20261231), 20270103);	/* a new year */
	assert_int_equal(ccrs_week_due(20280228), 20280305);	/* leap */
}

static void
test_preamble(void **state)
{
	struct buf	b;

	buf_init(&b);
	ccrs_preamble(&b, CCRS_AREA, "Jo, Manager", 20261207, 2);
	expect(&b, "SubmittedBy,Jo Manager,,,,,,,\r\n"
	    "SubmittedDate,12/07/2026,,,,,,,\r\n"
	    "NumberRecords,2,,,,,,,\r\n"
	    "LicenseNumber,Area,IsQuarantine,ExternalIdentifier,CreatedBy,"
	    "CreatedDate,UpdatedBy,UpdatedDate,Operation\r\n");
	ccrs_preamble(&b, CCRS_STRAIN, "Jo", 20261207, 0);
	expect(&b, "SubmittedBy,Jo,,,\r\nSubmittedDate,12/07/2026,,,\r\n"
	    "NumberRecords,0,,,\r\n"
	    "LicenseNumber,Strain,StrainType,CreatedBy,CreatedDate\r\n");
	buf_free(&b);
}

static void
test_rows(void **state)
{
	struct buf		b;
	struct ccrs_sale_row	r;

	buf_init(&b);
	ccrs_row_strain(&b, "412345", "Blue, Dream", "Hybrid", &ins);
	expect(&b, "412345,Blue Dream,Hybrid,Jo,12/05/2026\r\n");
	ccrs_row_area(&b, "412345", "quarantine", 1, "area-quarantine", &ins);
	expect(&b, "412345,quarantine,TRUE,area-quarantine,Jo,12/05/2026,,,"
	    "Insert\r\n");
	ccrs_row_product(&b, "412345", "Usable Cannabis", "Gelato 3.5g",
	    "flower", 3500, "product-GEL35", &upd);
	expect(&b, "412345,EndProduct,Usable Cannabis,Gelato 3.5g,flower,3.5,"
	    "product-GEL35,Jo,12/05/2026,Jo,12/07/2026,Update\r\n");
	/* On hand over what it came with is cut; no cost is one cent. */
	ccrs_row_inventory(&b, "412345", "Gelato", "floor", "Gelato 3.5g", 10,
	    12, 0, 0, "TAG1", &ins);
	expect(&b, "412345,Gelato,floor,Gelato 3.5g,10,10,0.01,FALSE,TAG1,Jo,"
	    "12/05/2026,,,Insert\r\n");
	ccrs_row_inventory(&b, "412345", "Gelato", "vault", "Gelato bulk",
	    450000, 448250, 1, 90000, "TAG2", &upd);
	expect(&b, "412345,Gelato,vault,Gelato bulk,450,448.25,900.00,FALSE,"
	    "TAG2,Jo,12/05/2026,Jo,12/07/2026,Update\r\n");
	ccrs_row_transfer(&b, "403117", "412345", "SRC1", "TAG1", 10, 0,
	    20261204, "xfer-TAG1", &ins);
	expect(&b, "403117,412345,SRC1,TAG1,10,12/04/2026,xfer-TAG1,Jo,"
	    "12/05/2026,,,Insert\r\n");
	/* A removal is filed as a positive quantity. */
	ccrs_row_adjust(&b, "412345", "TAG2", "Destruction", "dropped, wet",
	    -1500, 1, 20261205, "adj-7", &ins);
	expect(&b, "412345,TAG2,Destruction,dropped wet,1.5,12/05/2026,adj-7,"
	    "Jo,12/05/2026,,,Insert\r\n");
	memset(&r, 0, sizeof r);
	r.inventory = "TAG1";
	r.date = 20261205;
	r.qty = 2;
	r.price = 2750;
	r.discount = 900;
	r.sales_tax = 168;
	r.excise = ccrs_excise(2750 - 900);
	r.sale = "stash-1";
	r.detail = "stash-1-1";
	ccrs_row_sale(&b, "412345", &r, &ins);
	expect(&b, "412345,,TAG1,,RecreationalRetail,12/05/2026,2,27.50,9.00,"
	    "1.68,6.85,stash-1,stash-1-1,Jo,12/05/2026,,,Insert\r\n");
	r.medical = 1;
	r.weight = 1;
	r.qty = 3500;
	ccrs_row_sale(&b, "412345", &r, &del);
	expect(&b, "412345,,TAG1,,RecreationalMedical,12/05/2026,3.5,27.50,"
	    "9.00,1.68,6.85,stash-1,stash-1-1,Jo,12/05/2026,Jo,12/07/2026,"
	    "Delete\r\n");
	buf_free(&b);
}

static void
test_maps(void **state)
{
	assert_string_equal(ccrs_product_type("flower"), "Usable Cannabis");
	assert_string_equal(ccrs_product_type("beverage"), "Liquid Edible");
	assert_null(ccrs_product_type("hat"));
	assert_string_equal(ccrs_reason("destruction"), "Destruction");
	assert_string_equal(ccrs_reason("loss"), "Lost");
	assert_string_equal(ccrs_reason("quality-control"), "Other");
	assert_int_equal(ccrs_classify("Duplicate Sale for Licensee"),
	    CCRS_EXISTS);
	assert_int_equal(ccrs_classify("SaleDetailExternalIdentifier not "
	    "found"), CCRS_MISSING);
	assert_int_equal(ccrs_classify("LicenseNumber is not assigned to "
	    "Integrator"), CCRS_UNAUTHORISED);
	assert_int_equal(ccrs_classify("Invalid InventoryExternalIdentifier"),
	    CCRS_INVALID);
}

/* The adapter's one result type, from each class of answer. */
static void
test_result(void **state)
{
	struct state_result	r;

	ccrs_result(CCRS_EXISTS, 7, "Duplicate Sale for Licensee", &r);
	assert_int_equal(r.outcome, STATE_DONE);
	assert_int_equal(r.id, 7);
	ccrs_result(CCRS_MISSING, 0, "ExternalIdentifier not found", &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	ccrs_result(CCRS_UNAUTHORISED, 0, "Integrator is not authorized to "
	    "update licensee", &r);
	assert_int_equal(r.outcome, STATE_REJECTED);
	assert_non_null(strstr(r.reason, "assign the integrator"));
	ccrs_result(CCRS_INVALID, 0, "Invalid InventoryExternalIdentifier",
	    &r);
	assert_int_equal(r.outcome, STATE_REJECTED);
	assert_non_null(strstr(r.reason, "Invalid InventoryExternal"));
	assert_non_null(strstr(r.reason, "retry"));
	ccrs_result(0, 0, NULL, &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	assert_string_equal(r.reason, "");
}

struct got {
	struct ccrs_answer	a[8];
	u_int			n;
};

static int
collect(const struct ccrs_answer *a, void *arg)
{
	struct got	*g = arg;

	if (g->n < 8)
		g->a[g->n++] = *a;
	return (0);
}

static int
parse(const char *s, struct got *g, struct ccrs_result *res, char **cause)
{
	memset(g, 0, sizeof *g);
	*cause = NULL;
	return (ccrs_results_parse(s, strlen(s), collect, g, res, cause));
}

static void
test_results(void **state)
{
	struct ccrs_result	 res;
	struct got		 g;
	char			*cause;

	/* An error CSV, reordered, a message with commas and colons. */
	assert_int_equal(parse("InventoryIdentifier,ExternalIdentifier,"
	    "LicenseNumber,Strain,Area,Product,InitialQuantity,ErrorMessage\r\n"
	    "9,TAG1,412345,G,floor,P,10,Duplicate External Identifier\r\n"
	    "9,TAG2,412345,G,floor,P,10,Operation must be Insert, Update or "
	    "Delete:Duplicate External Identifier\r\n", &g, &res, &cause), 0);
	assert_int_equal(res.kind, CCRS_RESULT_ERRORS);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.a[0].file, CCRS_INVENTORY);
	assert_string_equal(g.a[0].key, "TAG1");
	assert_int_equal(g.a[0].cls, CCRS_EXISTS);
	assert_string_equal(g.a[1].message, "Operation must be Insert, Update "
	    "or Delete:Duplicate External Identifier");
	assert_int_equal(g.a[1].cls, CCRS_INVALID);	/* the worst part */

	/* With our preamble, keyed by the sale detail. */
	assert_int_equal(parse("SubmittedBy,Jo\nSubmittedDate,12/07/2026\n"
	    "NumberRecords,1\nLicenseNumber,SoldToLicenseNumber,"
	    "InventoryExternalIdentifier,SaleDetailExternalIdentifier,"
	    "ErrorMessage\n412345,,TAG1,s-1-1,SaleDetailExternalIdentifier not "
	    "found\n", &g, &res, &cause), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.a[0].file, CCRS_SALE);
	assert_string_equal(g.a[0].key, "s-1-1");
	assert_int_equal(g.a[0].cls, CCRS_MISSING);

	assert_int_equal(parse("Subject: CCRS Processing Successful\n\nThe "
	    "file Sale_412345_20261207010203.csv was processed.\n", &g, &res,
	    &cause), 0);
	assert_int_equal(res.kind, CCRS_RESULT_SUCCESS);
	assert_string_equal(res.upload, "Sale_412345_20261207010203.csv");

	assert_int_equal(parse("Subject: CCRS Processing Error: "
	    "Area_412345_20261207010203.csv\n\nCheckSum and number of records "
	    "don't match\n", &g, &res, &cause), 0);
	assert_int_equal(res.kind, CCRS_RESULT_REFUSED);
	assert_string_equal(res.upload, "Area_412345_20261207010203.csv");
	assert_string_equal(res.message, "CheckSum and number of records don't "
	    "match");

	/* What is not a result is refused, saying what it is not. */
	assert_int_equal(parse("a,b\n1,2\n", &g, &res, &cause), -1);
	assert_non_null(strstr(cause, "ErrorMessage"));
	free(cause);
	assert_int_equal(parse("Subject: CCRS errors for file: x.csv\n", &g,
	    &res, &cause), -1);
	assert_non_null(strstr(cause, "attached"));
	free(cause);
	assert_int_equal(parse("", &g, &res, &cause), -1);
	free(cause);
	assert_int_equal(ccrs_results_parse("a\0b", 3, collect, &g, &res,
	    &cause), -1);
	assert_non_null(strstr(cause, "NUL"));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_week_due),
		cmocka_unit_test(test_preamble),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_result),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-ccrs", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("ccrs", tests, NULL, NULL));
}
