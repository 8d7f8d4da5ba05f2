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
 * Receipts from the sale as stashd sends it (client-receipt.c): what the
 * rule file's "receipt" object asks for is printed (THC per line only
 * when it applies to the sale's customer, the warning statements folded
 * to the width, the licence said to be missing when it is), and nothing
 * else is.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "client.h"

/* What client-session.c would hold; the receipt reads only these. */
struct client_session	client_session;

char *
client_session_time_str(int64_t t, char *out, size_t len)
{
	snprintf(out, len, "t%lld", (long long)t);
	return (out);
}

char *
client_session_first_name(const char *name, char *out, size_t len)
{
	snprintf(out, len, "%.*s", (int)strcspn(name, " "), name);
	return (out);
}

static const char *receipt_warning = "There may be health risks "
    "associated with the consumption of this product. Keep out of the "
    "reach of children.";

/* A two-line sale, with the receipt object as given. */
static json_t *
receipt_sale(json_t *receipt)
{
	json_t	*sale;

	sale = json_pack("{s:I, s:I, s:s, s:s, s:{s:I, s:s}, s:[{s:s, s:s, "
	    "s:s, s:I, s:I, s:I, s:I}, {s:s, s:s, s:s, s:I, s:I, s:I, s:I}], "
	    "s:I, s:I, s:I, s:I}", "id", (json_int_t)7, "time",
	    (json_int_t)1, "terminal", "register-1", "status", "complete",
	    "staff", "id", (json_int_t)3, "name", "Dana Smith", "lines",
	    "name", "Blue Dream 3.5g", "tag", "1A4060300000000000001001",
	    "unit", "each", "qty", (json_int_t)2, "price", (json_int_t)3500,
	    "total", (json_int_t)7000, "thc_mg", (json_int_t)1540,
	    "name", "Bulk", "tag", "1A4060300000000000002001",
	    "unit", "weight", "qty", (json_int_t)3540, "price",
	    (json_int_t)1000, "total", (json_int_t)3540, "thc_mg",
	    (json_int_t)885, "subtotal", (json_int_t)10540, "total",
	    (json_int_t)10540, "tendered", (json_int_t)11000, "change",
	    (json_int_t)460);
	if (receipt != NULL)
		json_object_set_new(sale, "receipt", receipt);
	return (sale);
}

/* How many of the receipt's lines hold s. */
static u_int
receipt_count(const struct client_receipt *r, const char *s)
{
	u_int	i, n = 0;

	for (i = 0; i < r->n; i++) {
		if (strstr(r->lines[i], s) != NULL)
			n++;
	}
	return (n);
}

static void
receipt_setup(const char *licence)
{
	client_session.store_name = (char *)"Test Store";
	client_session.store_licence = (char *)licence;
}

static void
test_thc_when_asked(void **state)
{
	struct client_receipt	 r;
	json_t			*sale;
	u_int			 i;

	(void)state;
	receipt_setup("402R-00042");
	sale = receipt_sale(json_pack("{s:b, s:b, s:b, s:[]}", "licence", 1,
	    "tags", 1, "thc", 1, "warnings"));
	client_receipt_build(&r, sale, 40);
	assert_int_equal(receipt_count(&r, "THC "), 2);
	/* On the line of its own tag. */
	for (i = 0; i < r.n; i++) {
		if (strstr(r.lines[i], "1A4060300000000000001001") != NULL)
			assert_non_null(strstr(r.lines[i], "THC 1540 mg"));
		if (strstr(r.lines[i], "1A4060300000000000002001") != NULL)
			assert_non_null(strstr(r.lines[i], "THC 885 mg"));
	}
	assert_int_equal(receipt_count(&r, "Licence 402R-00042"), 1);
	client_receipt_free(&r);
	json_decref(sale);
}

static void
test_no_thc_unless_asked(void **state)
{
	struct client_receipt	 r;
	json_t			*sale;

	(void)state;
	receipt_setup("402R-00042");
	sale = receipt_sale(json_pack("{s:b, s:b, s:b, s:[]}", "licence", 1,
	    "tags", 1, "thc", 0, "warnings"));
	client_receipt_build(&r, sale, 40);
	assert_int_equal(receipt_count(&r, "THC"), 0);
	/* The tags are there whatever the rules say. */
	assert_int_equal(receipt_count(&r, "1A4060300000000000001001"), 1);
	assert_int_equal(receipt_count(&r, "1A4060300000000000002001"), 1);
	client_receipt_free(&r);
	json_decref(sale);

	/* No rule file at all: no THC either. */
	sale = receipt_sale(NULL);
	client_receipt_build(&r, sale, 40);
	assert_int_equal(receipt_count(&r, "THC"), 0);
	assert_int_equal(receipt_count(&r, "1A4060300000000000002001"), 1);
	client_receipt_free(&r);
	json_decref(sale);
}

static void
test_warnings_folded(void **state)
{
	struct client_receipt	 r;
	json_t			*sale;
	size_t			 len = 0;
	u_int			 i, w;
	char			*joined;

	(void)state;
	receipt_setup("402R-00042");
	for (w = 24; w <= 48; w += 8) {
		sale = receipt_sale(json_pack("{s:b, s:b, s:b, s:[s]}",
		    "licence", 1, "tags", 1, "thc", 0, "warnings",
		    receipt_warning));
		client_receipt_build(&r, sale, w);
		joined = xstrdup("");
		for (i = 0; i < r.n; i++) {
			if (strstr(r.lines[i], "health") != NULL ||
			    len != 0) {
				if (*r.lines[i] == '\0')
					break;
				assert_true(strlen(r.lines[i]) <= w);
				len = strlen(joined);
				joined = xrealloc(joined, len +
				    strlen(r.lines[i]) + 2);
				snprintf(joined + len, strlen(r.lines[i]) + 2,
				    "%s%s", len != 0 ? " " : "", r.lines[i]);
				len = strlen(joined);
			}
		}
		/* Every word, in order, nothing lost at the folds. */
		assert_string_equal(joined, receipt_warning);
		free(joined);
		len = 0;
		client_receipt_free(&r);
		json_decref(sale);
	}
}

static void
test_licence_missing(void **state)
{
	struct client_receipt	 r;
	json_t			*sale;

	(void)state;
	receipt_setup("");
	sale = receipt_sale(json_pack("{s:b, s:b, s:b, s:[]}", "licence", 1,
	    "tags", 1, "thc", 0, "warnings"));
	client_receipt_build(&r, sale, 40);
	assert_int_equal(receipt_count(&r, "NOT SET"), 1);
	client_receipt_free(&r);
	json_decref(sale);

	sale = receipt_sale(json_pack("{s:b, s:b, s:b, s:[]}", "licence", 0,
	    "tags", 1, "thc", 0, "warnings"));
	client_receipt_build(&r, sale, 40);
	assert_int_equal(receipt_count(&r, "Licence"), 0);
	client_receipt_free(&r);
	json_decref(sale);
}

/* Discounts taken off by kind, the points, and what came back. */
static void
test_discounts_loyalty_returns(void **state)
{
	struct client_receipt	 r;
	json_t			*sale, *line;
	u_int			 i, found = 0;

	(void)state;
	receipt_setup("402R-00042");
	sale = receipt_sale(NULL);
	json_object_set_new(sale, "discounts", json_pack("[{s:s, s:I, s:I, "
	    "s:b}, {s:s, s:I, s:I, s:s}, {s:s, s:I, s:I, s:b}]",
	    "kind", "senior", "amount", (json_int_t)1054, "percent",
	    (json_int_t)10, "cart", 1,
	    "kind", "oneoff", "amount", (json_int_t)150, "line",
	    (json_int_t)2, "reason", "dented tin",
	    "kind", "loyalty", "amount", (json_int_t)300, "points",
	    (json_int_t)300, "cart", 1));
	json_object_set_new(sale, "loyalty", json_pack("{s:I, s:I, s:I}",
	    "earned", (json_int_t)90, "redeemed", (json_int_t)300, "balance",
	    (json_int_t)1234));
	json_object_set_new(sale, "refunded", json_integer(3850));
	line = json_array_get(json_object_get(sale, "lines"), 1);
	json_object_set_new(line, "returned", json_integer(1500));
	client_receipt_build(&r, sale, 42);
	for (i = 0; i < r.n; i++) {
		if (strstr(r.lines[i], "Senior discount 10%") != NULL &&
		    strstr(r.lines[i], "-10.54") != NULL)
			found |= 1;
		if (strstr(r.lines[i], "Discount (line 2): dented tin") !=
		    NULL && strstr(r.lines[i], "-1.50") != NULL)
			found |= 2;
		if (strstr(r.lines[i], "Loyalty 300 points") != NULL &&
		    strstr(r.lines[i], "-3.00") != NULL)
			found |= 4;
		if (strstr(r.lines[i], "Points earned 90") != NULL &&
		    strstr(r.lines[i], "balance 1234") != NULL)
			found |= 8;
		if (strstr(r.lines[i], "RETURNED 1.500 g") != NULL)
			found |= 16;
		if (strstr(r.lines[i], "Refunded (returns)") != NULL &&
		    strstr(r.lines[i], "38.50") != NULL)
			found |= 32;
		assert_true(strlen(r.lines[i]) <= 42);
	}
	assert_int_equal(found, 63);
	client_receipt_free(&r);
	json_decref(sale);

	/* A walk-in's sale: no points line. */
	sale = receipt_sale(NULL);
	client_receipt_build(&r, sale, 42);
	assert_int_equal(receipt_count(&r, "Points"), 0);
	assert_int_equal(receipt_count(&r, "RETURNED"), 0);
	client_receipt_free(&r);
	json_decref(sale);
}

/* A tax label longer than the paper: folded, and the amount kept. */
/* The store's footer (a setting), folded to the width; none when empty. */
static void
test_footer(void **state)
{
	struct client_receipt	 r;
	json_t			*sale;
	u_int			 i;

	(void)state;
	receipt_setup("402R-00042");
	sale = receipt_sale(NULL);
	client_session.receipt_footer = (char *)"Thanks for visiting: "
	    "bring this receipt back for 5% off your next visit";
	client_receipt_build(&r, sale, 32);
	assert_int_equal(receipt_count(&r, "Thanks for visiting"), 1);
	assert_int_equal(receipt_count(&r, "next visit"), 1);
	for (i = 0; i < r.n; i++)
		assert_true(strlen(r.lines[i]) <= 32);
	client_receipt_free(&r);
	client_session.receipt_footer = (char *)"";
	client_receipt_build(&r, sale, 32);
	assert_int_equal(receipt_count(&r, "Thanks for visiting"), 0);
	client_receipt_free(&r);
	client_session.receipt_footer = NULL;
	json_decref(sale);
}

static void
test_long_label(void **state)
{
	struct client_receipt	 r;
	json_t			*sale;
	u_int			 i, w, amount = 0;

	(void)state;
	receipt_setup("402R-00042");
	for (w = 32; w <= 42; w += 10) {
		sale = receipt_sale(NULL);
		json_object_set_new(sale, "taxes", json_pack("[{s:s, s:s, "
		    "s:I, s:I}]", "name", "co_retail", "label", "Colorado "
		    "retail marijuana sales tax", "rate_ppm",
		    (json_int_t)150000, "amount", (json_int_t)1581));
		client_receipt_build(&r, sale, w);
		for (i = 0; i < r.n; i++) {
			assert_true(strlen(r.lines[i]) <= w);
			if (strstr(r.lines[i], "15.81") != NULL)
				amount++;
		}
		assert_int_equal(receipt_count(&r, "Colorado"), 1);
		client_receipt_free(&r);
		json_decref(sale);
	}
	assert_int_equal(amount, 2);
}

/* An order's delivery fee on a line of its own, before the taxes. */
static void
test_delivery_fee(void **state)
{
	struct client_receipt	 r;
	json_t			*sale;
	u_int			 i, fee = 0, tax = 0;

	(void)state;
	receipt_setup("402R-00042");
	sale = receipt_sale(NULL);
	json_object_set_new(sale, "fee", json_pack("{s:I, s:I}", "amount",
	    (json_int_t)900, "tax", (json_int_t)0));
	json_object_set_new(sale, "taxes", json_pack("[{s:s, s:I, s:I}]",
	    "name", "sales", "rate_ppm", (json_int_t)72500, "amount",
	    (json_int_t)764));
	client_receipt_build(&r, sale, 42);
	for (i = 0; i < r.n; i++) {
		if (strstr(r.lines[i], "Delivery fee") != NULL) {
			assert_non_null(strstr(r.lines[i], "9.00"));
			assert_int_equal(tax, 0);
			fee++;
		}
		if (strstr(r.lines[i], "sales 7.25%") != NULL)
			tax++;
	}
	assert_int_equal(fee, 1);
	assert_int_equal(tax, 1);
	client_receipt_free(&r);
	json_decref(sale);

	/* No fee: no line. */
	sale = receipt_sale(NULL);
	client_receipt_build(&r, sale, 42);
	assert_int_equal(receipt_count(&r, "Delivery fee"), 0);
	client_receipt_free(&r);
	json_decref(sale);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thc_when_asked),
		cmocka_unit_test(test_no_thc_unless_asked),
		cmocka_unit_test(test_warnings_folded),
		cmocka_unit_test(test_licence_missing),
		cmocka_unit_test(test_discounts_loyalty_returns),
		cmocka_unit_test(test_long_label),
		cmocka_unit_test(test_footer),
		cmocka_unit_test(test_delivery_fee),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
