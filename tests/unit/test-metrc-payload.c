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
#include "store.h"
#include "customer.h"
#include "inventory.h"
#include "metrc-payload.h"
#include "sale.h"

/*
 * metrc-payload.c: the request bodies stashd sends Metrc and its reading
 * of Metrc's replies, checked field by field against the names of the
 * state's v2 API (sales receipts, package adjustments and locations,
 * patient statuses, lists). Each builder's output is parsed back with
 * jansson, so a test fails on invalid JSON as well as on a wrong field.
 */

#define TZ	"America/Denver"
/* 2026-11-26 21:03:00 UTC: 14:03 in Denver (MST, UTC-7). */
#define WHEN	INT64_C(1795726980000000)

static json_t *
parse(struct buf *b)
{
	json_t		*j;
	json_error_t	 e;

	j = json_loadb((const char *)b->data, b->len, 0, &e);
	if (j == NULL)
		fail_msg("not JSON (%s): %.*s", e.text, (int)b->len,
		    (const char *)b->data);
	return (j);
}

static void
reply(struct buf *b, const char *s)
{
	buf_init(b);
	buf_addstr(b, s);
}

static const char *
str(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	return (json_string_value(v));
}

/* A sale of one each-unit line and one line by weight, no tax. */
static struct sale *
sale_two_lines(void)
{
	struct sale	*s;

	s = xcalloc(1, sizeof *s);
	s->id = 7;
	s->time = WHEN;
	s->nlines = 2;
	strlcpy(s->lines[0].tag, "1A4060300000000000001001",
	    sizeof s->lines[0].tag);
	s->lines[0].qty = 2;
	s->lines[0].price = 3500;
	s->lines[0].total = 7000;
	s->lines[0].tax = 0;
	strlcpy(s->lines[1].tag, "1A4060300000000000001002",
	    sizeof s->lines[1].tag);
	s->lines[1].unit_weight = 1;
	s->lines[1].qty = 3500;		/* mg */
	s->lines[1].price = 1000;
	s->lines[1].total = 3500;
	s->lines[1].tax = 0;
	s->subtotal = s->total = 10500;
	return (s);
}

static void
test_receipt_consumer(void **state)
{
	struct sale	*s = sale_two_lines();
	struct buf	 b;
	json_t		*j, *tr, *l;

	buf_init(&b);
	assert_int_equal(metrc_payload_receipt(&b, s, NULL, NULL, TZ,
	    "stash-402R-00042-7", 0), 0);
	j = parse(&b);
	assert_null(json_object_get(j, "Id"));
	assert_string_equal(str(j, "SalesDateTime"), "2026-11-26T14:03:00.000");
	assert_string_equal(str(j, "ExternalReceiptNumber"),
	    "stash-402R-00042-7");
	assert_string_equal(str(j, "SalesCustomerType"), "Consumer");
	assert_null(json_object_get(j, "PatientLicenseNumber"));
	tr = json_object_get(j, "Transactions");
	assert_int_equal(json_array_size(tr), 2);
	l = json_array_get(tr, 0);
	assert_string_equal(str(l, "PackageLabel"), "1A4060300000000000001001");
	assert_true(json_is_integer(json_object_get(l, "Quantity")));
	assert_int_equal(json_integer_value(json_object_get(l, "Quantity")),
	    2);
	assert_string_equal(str(l, "UnitOfMeasure"), "Each");
	/* Decimals are written exactly, never through a float. */
	assert_non_null(strstr(buf_cstr(&b), "\"TotalAmount\":70.00"));
	l = json_array_get(tr, 1);
	assert_string_equal(str(l, "UnitOfMeasure"), "Grams");
	assert_non_null(strstr(buf_cstr(&b), "\"Quantity\":3.500"));
	assert_non_null(strstr(buf_cstr(&b), "\"TotalAmount\":35.00"));
	json_decref(j);
	buf_free(&b);
	free(s);
}

static void
test_receipt_patients(void **state)
{
	struct sale	*s = sale_two_lines();
	struct customer	 buyer, patient;
	struct buf	 b;
	json_t		*j;

	memset(&buyer, 0, sizeof buyer);
	memset(&patient, 0, sizeof patient);
	buyer.type = CUSTOMER_MEDICAL;
	strlcpy(buyer.card_number, "CO-PAT-0001", sizeof buyer.card_number);
	buf_init(&b);
	assert_int_equal(metrc_payload_receipt(&b, s, &buyer, NULL, TZ,
	    "r1", 0), 0);
	j = parse(&b);
	assert_string_equal(str(j, "SalesCustomerType"), "Patient");
	assert_string_equal(str(j, "PatientLicenseNumber"), "CO-PAT-0001");
	json_decref(j);

	/* A caregiver buys for their patient: both cards go. */
	buyer.type = CUSTOMER_CAREGIVER;
	strlcpy(buyer.card_number, "CO-CG-0001", sizeof buyer.card_number);
	patient.type = CUSTOMER_MEDICAL;
	strlcpy(patient.card_number, "CO-PAT-0002",
	    sizeof patient.card_number);
	buf_reset(&b);
	assert_int_equal(metrc_payload_receipt(&b, s, &buyer, &patient, TZ,
	    "r2", 0), 0);
	j = parse(&b);
	assert_string_equal(str(j, "SalesCustomerType"), "Caregiver");
	assert_string_equal(str(j, "PatientLicenseNumber"), "CO-PAT-0002");
	assert_string_equal(str(j, "CaregiverLicenseNumber"), "CO-CG-0001");
	json_decref(j);

	/* An out-of-state patient: their card and its state. */
	buyer.type = CUSTOMER_OOS_PATIENT;
	strlcpy(buyer.card_number, "OK-9", sizeof buyer.card_number);
	strlcpy(buyer.card_state, "OK", sizeof buyer.card_state);
	buf_reset(&b);
	assert_int_equal(metrc_payload_receipt(&b, s, &buyer, NULL, TZ,
	    "r3", 0), 0);
	j = parse(&b);
	assert_string_equal(str(j, "SalesCustomerType"), "ExternalPatient");
	assert_string_equal(str(j, "PatientLicenseNumber"), "OK-9");
	assert_string_equal(str(j, "IdentificationMethod"), "OK");
	json_decref(j);
	buf_free(&b);
	free(s);
}

/* After returns, a PUT by the state's Id of what is left, in proportion. */
static void
test_receipt_after_returns(void **state)
{
	struct sale	*s = sale_two_lines();
	struct buf	 b;
	json_t		*j, *tr;

	s->lines[0].returned = 1;
	s->lines[1].returned = 3500;	/* all of it */
	buf_init(&b);
	assert_int_equal(metrc_payload_receipt(&b, s, NULL, NULL, TZ, "r",
	    991), 0);
	j = parse(&b);
	assert_int_equal(json_integer_value(json_object_get(j, "Id")), 991);
	tr = json_object_get(j, "Transactions");
	assert_int_equal(json_array_size(tr), 1);
	assert_int_equal(json_integer_value(json_object_get(
	    json_array_get(tr, 0), "Quantity")), 1);
	assert_non_null(strstr(buf_cstr(&b), "\"TotalAmount\":35.00"));
	json_decref(j);

	/* Nothing left: nothing to send. */
	s->lines[0].returned = 2;
	buf_reset(&b);
	assert_int_equal(metrc_payload_receipt(&b, s, NULL, NULL, TZ, "r",
	    991), -1);
	buf_free(&b);
	free(s);
}

static void
test_adjust(void **state)
{
	struct adjust	 a;
	struct product	 p;
	struct buf	 b;
	json_t		*j;

	memset(&a, 0, sizeof a);
	memset(&p, 0, sizeof p);
	strlcpy(a.tag, "1A4060300000000000001001", sizeof a.tag);
	a.time = WHEN;
	a.delta = -1500;
	strlcpy(a.note, "dropped", sizeof a.note);
	p.unit_weight = 1;
	buf_init(&b);
	assert_int_equal(metrc_payload_adjust(&b, &a, &p, "Waste",
	    "stash-402R-00042-adj-3", TZ), 0);
	j = parse(&b);
	assert_string_equal(str(j, "Label"), "1A4060300000000000001001");
	assert_non_null(strstr(buf_cstr(&b), "\"Quantity\":-1.500"));
	assert_string_equal(str(j, "UnitOfMeasure"), "Grams");
	assert_string_equal(str(j, "AdjustmentReason"), "Waste");
	assert_string_equal(str(j, "AdjustmentDate"), "2026-11-26");
	/* Our reference leads the note: the lookup finds the record by it. */
	assert_string_equal(str(j, "ReasonNote"),
	    "stash-402R-00042-adj-3: dropped");
	json_decref(j);

	p.unit_weight = 0;
	a.delta = -2;
	a.note[0] = '\0';
	buf_reset(&b);
	assert_int_equal(metrc_payload_adjust(&b, &a, &p, "Damage", "ref",
	    TZ), 0);
	j = parse(&b);
	assert_int_equal(json_integer_value(json_object_get(j, "Quantity")),
	    -2);
	assert_string_equal(str(j, "UnitOfMeasure"), "Each");
	assert_string_equal(str(j, "ReasonNote"), "ref");
	json_decref(j);
	buf_free(&b);
}

static void
test_location(void **state)
{
	struct buf	 b;
	json_t		*j;

	buf_init(&b);
	metrc_payload_location(&b, "1A4060300000000000001001", "Vault \"B\"",
	    WHEN, TZ);
	j = parse(&b);
	assert_string_equal(str(j, "Label"), "1A4060300000000000001001");
	assert_string_equal(str(j, "Location"), "Vault \"B\"");
	assert_string_equal(str(j, "MoveDate"), "2026-11-26");
	json_decref(j);
	buf_free(&b);
}

static void
test_reason(void **state)
{
	const struct inventory_reason	*ir;
	json_t				*reasons, *map;
	const char			*name;
	char				 why[256];

	reasons = json_pack("[s, s]", "WASTE", "Theft");
	map = json_object();
	ir = inventory_reason_find("destruction");
	assert_non_null(ir);
	/* Metrc's usual name, in the state's own case. */
	name = metrc_payload_reason(map, reasons, ir, why, sizeof why);
	assert_non_null(name);
	assert_string_equal(name, "WASTE");
	/* Offered under none of its names: why says what is offered. */
	ir = inventory_reason_find("damage");
	assert_null(metrc_payload_reason(map, reasons, ir, why, sizeof why));
	assert_non_null(strstr(why, "WASTE, Theft"));
	/* A map names one the state does not offer. */
	json_object_set_new(map, "damage", json_string("Broken"));
	assert_null(metrc_payload_reason(map, reasons, ir, why, sizeof why));
	assert_non_null(strstr(why, "\"Broken\""));
	json_decref(map);
	json_decref(reasons);
}

static void
test_parse_ids_and_receipt(void **state)
{
	struct buf	 b;
	int64_t		 ids[METRC_BATCH], id;
	int		 archived;

	reply(&b, "{\"Ids\":[11,12]}");
	assert_int_equal(metrc_payload_ids(&b, 2, ids), 0);
	assert_int_equal(ids[0], 11);
	assert_int_equal(ids[1], 12);
	/* One short, or not a positive integer: not read. */
	assert_int_equal(metrc_payload_ids(&b, 3, ids), -1);
	buf_free(&b);
	reply(&b, "{\"Ids\":[11,\"12\"]}");
	assert_int_equal(metrc_payload_ids(&b, 2, ids), -1);
	buf_free(&b);

	reply(&b, "{\"Id\":4401,\"ArchivedDate\":null}");
	assert_int_equal(metrc_payload_receipt_found(&b, &id, &archived), 1);
	assert_int_equal(id, 4401);
	assert_int_equal(archived, 0);
	buf_free(&b);
	reply(&b, "{\"Id\":4401,\"ArchivedDate\":\"2026-11-27T10:00:00Z\"}");
	assert_int_equal(metrc_payload_receipt_found(&b, &id, &archived), 1);
	assert_int_equal(archived, 1);
	buf_free(&b);
	reply(&b, "{\"Id\":4401,\"ArchivedDate\":\"0001-01-01T00:00:00\"}");
	assert_int_equal(metrc_payload_receipt_found(&b, &id, &archived), 1);
	assert_int_equal(archived, 0);
	buf_free(&b);
	reply(&b, "{\"Message\":\"No receipt found\"}");
	assert_int_equal(metrc_payload_receipt_found(&b, &id, &archived), 0);
	buf_free(&b);
	/* The v2 list wrapper: a live receipt wins, an empty list is none. */
	archived = 0;
	reply(&b, "{\"Data\":[{\"Id\":7,\"ArchivedDate\":\"2026-11-27\"},"
	    "{\"Id\":8,\"ArchivedDate\":null}],\"Total\":2}");
	assert_int_equal(metrc_payload_receipt_found(&b, &id, &archived), 1);
	assert_int_equal(id, 8);
	assert_int_equal(archived, 0);
	buf_free(&b);
	archived = 0;
	reply(&b, "{\"Data\":[{\"Id\":7,\"ArchivedDate\":\"2026-11-27\"}]}");
	assert_int_equal(metrc_payload_receipt_found(&b, &id, &archived), 1);
	assert_int_equal(id, 7);
	assert_int_equal(archived, 1);
	buf_free(&b);
	reply(&b, "{\"Data\":[],\"Total\":0}");
	assert_int_equal(metrc_payload_receipt_found(&b, &id, &archived), -1);
	buf_free(&b);
	reply(&b, "{\"Data\":[{\"Id\":\"x\"}]}");
	assert_int_equal(metrc_payload_receipt_found(&b, &id, &archived), 0);
	buf_free(&b);
}

static void
test_parse_adjustments(void **state)
{
	struct buf	 b;
	int		 pages = 0;
	const char	*ref = "stash-402R-00042-adj-3";

	reply(&b, "{\"Data\":[{\"PackageLabel\":\"1A40603000000000000"
	    "01001\",\"AdjustmentNote\":\"stash-402R-00042-adj-30\","
	    "\"AdjustmentDate\":\"2026-11-26\",\"AdjustmentQuantity\":-1.5},"
	    "{\"PackageLabel\":\"1a4060300000000000001001\","
	    "\"AdjustmentNote\":\"stash-402R-00042-adj-3: dropped\","
	    "\"AdjustmentDate\":\"2026-11-26T00:00:00\","
	    "\"AdjustmentQuantity\":-1.5}],\"TotalPages\":4}");
	/* The second record: the first's note only starts like ours. */
	assert_int_equal(metrc_payload_adjustments(&b, ref,
	    "1A4060300000000000001001", "2026-11-26", -1500, &pages), 1);
	assert_int_equal(pages, 4);
	/* Another quantity: not ours. */
	assert_int_equal(metrc_payload_adjustments(&b, ref,
	    "1A4060300000000000001001", "2026-11-26", -2000, &pages), 0);
	buf_free(&b);
	reply(&b, "[]");
	assert_int_equal(metrc_payload_adjustments(&b, ref, "x", "y", 0,
	    &pages), -1);
	buf_free(&b);
}

static void
test_parse_reasons_message(void **state)
{
	struct buf	 b;
	json_t		*names;
	char		 msg[16];

	reply(&b, "{\"Data\":[{\"Name\":\"Waste\",\"RequiresNote\":true},"
	    "{\"Name\":\"\"},{\"Nope\":1},{\"Name\":\"Theft\"}]}");
	names = metrc_payload_reasons(&b);
	assert_non_null(names);
	assert_int_equal(json_array_size(names), 2);
	assert_string_equal(json_string_value(json_array_get(names, 1)),
	    "Theft");
	json_decref(names);
	buf_free(&b);
	reply(&b, "{\"Data\":7}");
	assert_null(metrc_payload_reasons(&b));
	buf_free(&b);

	/* The state's message, bounded and printable. */
	reply(&b, "[{\"message\":\"bad\\tlabel\"},{\"message\":\"and more "
	    "besides\"}]");
	metrc_payload_message(&b, msg, sizeof msg);
	assert_string_equal(msg, "bad label; and ");
	buf_free(&b);
	reply(&b, "");
	metrc_payload_message(&b, msg, sizeof msg);
	assert_string_equal(msg, "(no message)");
	buf_free(&b);
}

static void
test_parse_patient(void **state)
{
	struct buf	 b;
	json_t		*r, *reg, *fl;

	reply(&b, "[{\"Active\":true,\"RegistrationNumber\":\"R-1\","
	    "\"PatientLicenseExpirationDate\":\"2027-03-01T00:00:00\","
	    "\"FlowerOuncesAllowed\":2.0,\"FlowerOuncesPurchased\":0.5,"
	    "\"FlowerOuncesAvailable\":1.5,\"PurchaseAmountDays\":31.0}]");
	r = metrc_payload_patient(&b, "CO-PAT-0001");
	assert_non_null(r);
	assert_string_equal(str(r, "state"), "ok");
	assert_true(json_is_true(json_object_get(r, "active")));
	reg = json_array_get(json_object_get(r, "registrations"), 0);
	assert_string_equal(str(reg, "registration"), "R-1");
	assert_string_equal(str(reg, "expires"), "2027-03-01");
	assert_int_equal(json_integer_value(json_object_get(reg, "days")), 31);
	fl = json_object_get(json_object_get(reg, "allotment"), "flower");
	assert_int_equal(json_integer_value(json_object_get(fl,
	    "allowed_moz")), 2000);
	assert_int_equal(json_integer_value(json_object_get(fl,
	    "available_moz")), 1500);
	assert_null(json_object_get(json_object_get(reg, "allotment"),
	    "thc"));
	json_decref(r);
	buf_free(&b);

	reply(&b, "[]");
	r = metrc_payload_patient(&b, "CO-PAT-0009");
	assert_string_equal(str(r, "state"), "not-found");
	json_decref(r);
	buf_free(&b);
	reply(&b, "{\"Message\":\"denied\"}");
	assert_null(metrc_payload_patient(&b, "CO-PAT-0009"));
	buf_free(&b);
}

static void
test_parse_lists(void **state)
{
	struct buf	 b;
	json_t		*into, *p;
	json_int_t	 jp;
	int		 pages;

	into = json_array();
	reply(&b, "{\"Data\":[{\"Label\":\"A\"},{\"Label\":\"B\"}],"
	    "\"TotalPages\":3}");
	assert_int_equal(metrc_payload_packages(&b, into, &jp), 2);
	assert_int_equal(jp, 3);
	assert_int_equal(metrc_payload_list(&b, into, &pages), 0);
	assert_int_equal(pages, 3);
	assert_int_equal(json_array_size(into), 4);
	buf_free(&b);
	reply(&b, "[{\"Id\":1}]");		/* a bare list */
	assert_int_equal(metrc_payload_list(&b, into, &pages), 0);
	assert_int_equal(metrc_payload_packages(&b, into, &jp), -1);
	buf_free(&b);
	json_decref(into);

	p = json_pack("{s:s, s:f}", "ShippedUnitOfMeasureName", "Ounces",
	    "ShippedQuantity", 1.0);
	assert_int_equal(metrc_payload_shipped(p, 1), 28349);
	assert_int_equal(metrc_payload_shipped(p, 0), -1);
	json_decref(p);
	p = json_pack("{s:s, s:i}", "ShippedUnitOfMeasureName", "Each",
	    "ShippedQuantity", 12);
	assert_int_equal(metrc_payload_shipped(p, 0), 12);
	json_decref(p);
	p = json_pack("{s:s, s:s}", "ShippedUnitOfMeasureName", "Grams",
	    "ShippedQuantity", "lots");
	assert_int_equal(metrc_payload_shipped(p, 1), -1);
	json_decref(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_receipt_consumer),
		cmocka_unit_test(test_receipt_patients),
		cmocka_unit_test(test_receipt_after_returns),
		cmocka_unit_test(test_adjust),
		cmocka_unit_test(test_location),
		cmocka_unit_test(test_reason),
		cmocka_unit_test(test_parse_ids_and_receipt),
		cmocka_unit_test(test_parse_adjustments),
		cmocka_unit_test(test_parse_reasons_message),
		cmocka_unit_test(test_parse_patient),
		cmocka_unit_test(test_parse_lists),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-metrc-payload", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("metrc-payload", tests, NULL,
	    NULL));
}
