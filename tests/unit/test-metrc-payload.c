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
#include "outbox.h"
#include "outbox-deadline.h"
#include "rules.h"

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

/*
 * Deliveries. The expected names are those of the public Metrc v2
 * descriptions (CreateDeliveries, UpdateDeliveriesComplete,
 * CreateSalesDeliveriesRetailer and the retailer depart, sale, restock
 * and end requests), written out here: an object must carry exactly
 * these, no more and no fewer.
 */
static void
keys_are(json_t *o, const char *what, const char * const *names)
{
	size_t	n;

	if (!json_is_object(o))
		fail_msg("%s is not an object", what);
	for (n = 0; names[n] != NULL; n++) {
		if (json_object_get(o, names[n]) == NULL)
			fail_msg("%s has no \"%s\"", what, names[n]);
	}
	if (json_object_size(o) != n)
		fail_msg("%s has %zu fields, not the %zu named",
		    what, json_object_size(o), n);
}

static const char *planned_keys[] = {
	"TransporterFacilityLicenseNumber", "SalesDateTime",
	"SalesCustomerType", "PatientLicenseNumber", "ConsumerId",
	"DriverEmployeeId", "DriverName", "DriversLicenseNumber",
	"PhoneNumberForQuestions", "VehicleMake", "VehicleModel",
	"VehicleLicensePlateNumber", "RecipientName",
	"RecipientAddressStreet1", "RecipientAddressStreet2",
	"RecipientAddressCity", "RecipientAddressCounty",
	"RecipientAddressState", "RecipientAddressPostalCode",
	"RecipientZoneId", "PlannedRoute", "EstimatedDepartureDateTime",
	"EstimatedArrivalDateTime", "Transactions", NULL
};
static const char *txn_keys[] = {
	"PackageLabel", "Quantity", "UnitOfMeasure", "TotalAmount", NULL
};

static const struct metrc_delivery_line delivery_lines[] = {
	{ "1A4060300000000000001001", 2, 0, 7000 },
	{ "1A4060300000000000002001", 3500, 1, 3500 },
};

static void
delivery_fill(struct metrc_delivery *d)
{
	memset(d, 0, sizeof *d);
	d->ref = "order-41";
	d->crew.driver_name = "Jo Driver";
	d->crew.driver_licence = "D1234567";
	d->crew.driver_employee_id = "E-7";
	d->crew.phone = "+1-303-555-0100";
	d->crew.vehicle_make = "Toyota";
	d->crew.vehicle_model = "Prius";
	d->crew.vehicle_plate = "ABC123";
	d->to.name = "A. Customer";
	d->to.street1 = "1 Main St";
	d->to.street2 = "";
	d->to.city = "Denver";
	d->to.state = "CO";
	d->to.postal_code = "80202";
	d->route = "I-25 N, exit 213";
	d->sold_at = WHEN;
	d->depart_at = WHEN + INT64_C(30) * 60 * 1000000;
	d->arrive_at = WHEN + INT64_C(60) * 60 * 1000000;
	d->lines = delivery_lines;
	d->nlines = 2;
}

static void
check_txns(json_t *t)
{
	json_t	*x;

	assert_int_equal(json_array_size(t), 2);
	x = json_array_get(t, 0);
	keys_are(x, "transaction", txn_keys);
	assert_string_equal(str(x, "PackageLabel"), "1A4060300000000000001001");
	assert_true(json_is_integer(json_object_get(x, "Quantity")));
	assert_int_equal(json_integer_value(json_object_get(x, "Quantity")), 2);
	assert_string_equal(str(x, "UnitOfMeasure"), "Each");
	assert_true(json_real_value(json_object_get(x, "TotalAmount")) ==
	    70.0);
	x = json_array_get(t, 1);
	assert_true(json_real_value(json_object_get(x, "Quantity")) == 3.5);
	assert_string_equal(str(x, "UnitOfMeasure"), "Grams");
	assert_true(json_real_value(json_object_get(x, "TotalAmount")) ==
	    35.0);
}

static void
test_delivery_planned(void **state)
{
	struct metrc_delivery	 d;
	struct buf		 b;
	json_t			*j;
	const char		*put_keys[sizeof planned_keys / sizeof planned_keys[0] + 1];
	size_t			 i;

	delivery_fill(&d);
	buf_init(&b);
	assert_int_equal(metrc_payload_delivery(&b, &d, TZ), 0);
	j = parse(&b);
	keys_are(j, "planned delivery", planned_keys);
	/* Store-local times without a zone, Metrc's form. */
	assert_string_equal(str(j, "SalesDateTime"), "2026-11-26T14:03:00.000");
	assert_string_equal(str(j, "EstimatedDepartureDateTime"),
	    "2026-11-26T14:33:00.000");
	assert_string_equal(str(j, "EstimatedArrivalDateTime"),
	    "2026-11-26T15:03:00.000");
	assert_string_equal(str(j, "SalesCustomerType"), "Consumer");
	assert_string_equal(str(j, "DriverName"), "Jo Driver");
	assert_string_equal(str(j, "DriversLicenseNumber"), "D1234567");
	assert_string_equal(str(j, "DriverEmployeeId"), "E-7");
	assert_string_equal(str(j, "VehicleMake"), "Toyota");
	assert_string_equal(str(j, "VehicleModel"), "Prius");
	assert_string_equal(str(j, "VehicleLicensePlateNumber"), "ABC123");
	assert_string_equal(str(j, "RecipientAddressStreet1"), "1 Main St");
	assert_string_equal(str(j, "PlannedRoute"), "I-25 N, exit 213");
	/* Empty and absent strings are null; our reference is not sent. */
	assert_true(json_is_null(json_object_get(j, "RecipientAddressStreet2")));
	assert_true(json_is_null(json_object_get(j, "RecipientAddressCounty")));
	assert_true(json_is_null(json_object_get(j, "PatientLicenseNumber")));
	assert_null(strstr(buf_cstr(&b), "order-41"));
	check_txns(json_object_get(j, "Transactions"));
	json_decref(j);
	buf_free(&b);

	/* A patient's delivery, edited: PUT carries the state's Id. */
	d.state_id = 901;
	d.to.customer_type = "Patient";
	d.to.patient_licence = "CO-PAT-0001";
	buf_init(&b);
	assert_int_equal(metrc_payload_delivery(&b, &d, TZ), 0);
	j = parse(&b);
	put_keys[0] = "Id";
	for (i = 0; planned_keys[i] != NULL; i++)
		put_keys[i + 1] = planned_keys[i];
	put_keys[i + 1] = NULL;
	keys_are(j, "delivery update", put_keys);
	assert_int_equal(json_integer_value(json_object_get(j, "Id")), 901);
	assert_string_equal(str(j, "SalesCustomerType"), "Patient");
	assert_string_equal(str(j, "PatientLicenseNumber"), "CO-PAT-0001");
	json_decref(j);
	buf_free(&b);

	/* Nothing sold: nothing to report. */
	d.nlines = 0;
	buf_init(&b);
	assert_int_equal(metrc_payload_delivery(&b, &d, TZ), -1);
	buf_free(&b);
}

static void
test_delivery_done(void **state)
{
	static const char *done_keys[] = { "Id", "ActualArrivalDateTime",
	    "PaymentType", "AcceptedPackages", "ReturnedPackages", NULL };
	static const char *ret_keys[] = { "Label", "ReturnQuantityVerified",
	    "ReturnUnitOfMeasure", "ReturnReason", "ReturnReasonNote", NULL };
	static const char *accepted[] = { "1A4060300000000000001001" };
	static const struct metrc_delivery_return returned[] = {
		{ "1A4060300000000000002001", 1500, 1, "Spoilage", NULL },
		{ "1A4060300000000000003001", 1, 0, "Other", "torn bag" },
	};
	struct metrc_delivery_done	 c;
	struct buf			 b;
	json_t				*j, *x;

	memset(&c, 0, sizeof c);
	c.state_id = 901;
	c.arrived_at = WHEN + INT64_C(55) * 60 * 1000000;
	c.accepted = accepted;
	c.naccepted = 1;
	c.returned = returned;
	c.nreturned = 2;
	buf_init(&b);
	assert_int_equal(metrc_payload_delivery_done(&b, &c, TZ), 0);
	j = parse(&b);
	keys_are(j, "completion", done_keys);
	assert_int_equal(json_integer_value(json_object_get(j, "Id")), 901);
	assert_string_equal(str(j, "ActualArrivalDateTime"),
	    "2026-11-26T14:58:00.000");
	assert_true(json_is_null(json_object_get(j, "PaymentType")));
	x = json_object_get(j, "AcceptedPackages");
	assert_int_equal(json_array_size(x), 1);
	assert_string_equal(json_string_value(json_array_get(x, 0)),
	    "1A4060300000000000001001");
	x = json_object_get(j, "ReturnedPackages");
	assert_int_equal(json_array_size(x), 2);
	keys_are(json_array_get(x, 0), "returned package", ret_keys);
	assert_true(json_real_value(json_object_get(json_array_get(x, 0),
	    "ReturnQuantityVerified")) == 1.5);
	assert_string_equal(str(json_array_get(x, 0), "ReturnUnitOfMeasure"),
	    "Grams");
	assert_string_equal(str(json_array_get(x, 0), "ReturnReason"),
	    "Spoilage");
	assert_string_equal(str(json_array_get(x, 0), "ReturnReasonNote"), "");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(x,
	    1), "ReturnQuantityVerified")), 1);
	assert_string_equal(str(json_array_get(x, 1), "ReturnUnitOfMeasure"),
	    "Each");
	assert_string_equal(str(json_array_get(x, 1), "ReturnReasonNote"),
	    "torn bag");
	json_decref(j);
	buf_free(&b);

	c.payment_type = "Cash";
	c.naccepted = c.nreturned = 0;
	buf_init(&b);
	assert_int_equal(metrc_payload_delivery_done(&b, &c, TZ), -1);
	buf_free(&b);
}

static const struct metrc_retailer_stock retailer_stock[] = {
	{ "1A4060300000000000001001", 10, 0, 35000, 0 },
	{ "1A4060300000000000002001", 28000, 1, 28000, 0 },
};

static void
retailer_fill(struct metrc_retailer *r, struct metrc_delivery *stop)
{
	memset(r, 0, sizeof *r);
	delivery_fill(stop);
	r->ref = "trip-9";
	r->crew = stop->crew;
	r->at = WHEN;
	r->depart_at = WHEN + INT64_C(15) * 60 * 1000000;
	r->stock = retailer_stock;
	r->nstock = 2;
}

/* The create with one stop, parsed (*j to free): its only Destination. */
static json_t *
retailer_one_stop(struct metrc_retailer *r, const struct metrc_delivery *stop,
    json_t **j)
{
	struct buf	 b;
	json_t		*x;

	r->stops = stop;
	r->nstops = 1;
	buf_init(&b);
	assert_int_equal(metrc_payload_retailer(&b, r, TZ), 0);
	*j = parse(&b);
	buf_free(&b);
	x = json_object_get(*j, "Destinations");
	assert_int_equal(json_array_size(x), 1);
	return (json_array_get(x, 0));
}

static void
test_retailer_create(void **state)
{
	static const char *create_keys[] = { "DateTime", "DriverEmployeeId",
	    "DriverName", "DriversLicenseNumber", "PhoneNumberForQuestions",
	    "VehicleMake", "VehicleModel", "VehicleLicensePlateNumber",
	    "EstimatedDepartureDateTime", "Destinations", "Packages", NULL };
	static const char *pkg_keys[] = { "DateTime", "PackageLabel",
	    "Quantity", "UnitOfMeasure", "TotalPrice", NULL };
	static const char *dest_keys[] = { "SalesCustomerType",
	    "PatientLicenseNumber", "ConsumerId", "RecipientName",
	    "RecipientAddressStreet1", "RecipientAddressStreet2",
	    "RecipientAddressCity", "RecipientAddressCounty",
	    "RecipientAddressState", "RecipientAddressPostalCode",
	    "RecipientZoneId", "EstimatedArrivalDateTime", "Transactions",
	    NULL };
	struct metrc_retailer	 r;
	struct metrc_delivery	 stop;
	struct buf		 b;
	json_t			*j, *x;

	retailer_fill(&r, &stop);
	buf_init(&b);
	assert_int_equal(metrc_payload_retailer(&b, &r, TZ), 0);
	j = parse(&b);
	keys_are(j, "retailer delivery", create_keys);
	assert_string_equal(str(j, "DateTime"), "2026-11-26T14:03:00.000");
	assert_string_equal(str(j, "EstimatedDepartureDateTime"),
	    "2026-11-26T14:18:00.000");
	assert_string_equal(str(j, "DriverEmployeeId"), "E-7");
	assert_string_equal(str(j, "VehicleLicensePlateNumber"), "ABC123");
	assert_true(json_is_null(json_object_get(j, "Destinations")));
	x = json_object_get(j, "Packages");
	assert_int_equal(json_array_size(x), 2);
	keys_are(json_array_get(x, 0), "package on board", pkg_keys);
	assert_string_equal(str(json_array_get(x, 0), "DateTime"),
	    "2026-11-26T14:03:00.000");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(x,
	    0), "Quantity")), 10);
	assert_string_equal(str(json_array_get(x, 0), "UnitOfMeasure"),
	    "Each");
	assert_true(json_real_value(json_object_get(json_array_get(x, 0),
	    "TotalPrice")) == 350.0);
	assert_true(json_real_value(json_object_get(json_array_get(x, 1),
	    "Quantity")) == 28.0);
	assert_string_equal(str(json_array_get(x, 1), "UnitOfMeasure"),
	    "Grams");
	assert_null(strstr(buf_cstr(&b), "trip-9"));
	json_decref(j);
	buf_free(&b);

	/* With a planned stop. */
	x = retailer_one_stop(&r, &stop, &j);
	keys_are(x, "destination", dest_keys);
	assert_string_equal(str(x, "EstimatedArrivalDateTime"),
	    "2026-11-26T15:03:00.000");
	check_txns(json_object_get(x, "Transactions"));
	json_decref(j);

	r.nstock = 0;
	buf_init(&b);
	assert_int_equal(metrc_payload_retailer(&b, &r, TZ), -1);
	buf_free(&b);
}

static void
test_retailer_steps(void **state)
{
	static const char *depart_keys[] = { "RetailerDeliveryId", NULL };
	static const char *sale_keys[] = { "RetailerDeliveryId",
	    "SalesDateTime", "SalesCustomerType", "PatientLicenseNumber",
	    "ConsumerId", "PhoneNumberForQuestions", "RecipientName",
	    "RecipientAddressStreet1", "RecipientAddressStreet2",
	    "RecipientAddressCity", "RecipientAddressCounty",
	    "RecipientAddressState", "RecipientAddressPostalCode",
	    "PlannedRoute", "EstimatedDepartureDateTime",
	    "EstimatedArrivalDateTime", "Transactions", NULL };
	static const char *restock_keys[] = { "RetailerDeliveryId",
	    "DateTime", "EstimatedDepartureDateTime", "Destinations",
	    "Packages", NULL };
	static const char *restock_pkg_keys[] = { "PackageLabel", "Quantity",
	    "UnitOfMeasure", "TotalPrice", "RemoveCurrentPackage", NULL };
	static const char *end_keys[] = { "RetailerDeliveryId",
	    "ActualArrivalDateTime", "Packages", NULL };
	static const char *end_pkg_keys[] = { "Label", "EndQuantity",
	    "EndUnitOfMeasure", NULL };
	static const struct metrc_retailer_stock restock[] = {
		{ "1A4060300000000000004001", 2, 0, 6000, 0 },
		{ "1A4060300000000000001001", 0, 0, 0, 1 },
	};
	static const struct metrc_retailer_stock left[] = {
		{ "1A4060300000000000001001", 7, 0, 0, 0 },
		{ "1A4060300000000000002001", 24500, 1, 0, 0 },
	};
	struct metrc_retailer	 r;
	struct metrc_delivery	 stop;
	struct buf		 b;
	json_t			*j, *x;

	buf_init(&b);
	metrc_payload_retailer_depart(&b, 77);
	j = parse(&b);
	keys_are(j, "depart", depart_keys);
	assert_int_equal(json_integer_value(json_object_get(j,
	    "RetailerDeliveryId")), 77);
	json_decref(j);
	buf_free(&b);

	retailer_fill(&r, &stop);
	buf_init(&b);
	assert_int_equal(metrc_payload_retailer_sale(&b, 77, &stop, TZ), 0);
	j = parse(&b);
	keys_are(j, "stop's sale", sale_keys);
	assert_int_equal(json_integer_value(json_object_get(j,
	    "RetailerDeliveryId")), 77);
	assert_string_equal(str(j, "SalesDateTime"), "2026-11-26T14:03:00.000");
	assert_string_equal(str(j, "PhoneNumberForQuestions"),
	    "+1-303-555-0100");
	check_txns(json_object_get(j, "Transactions"));
	json_decref(j);
	buf_free(&b);
	stop.nlines = 0;
	buf_init(&b);
	assert_int_equal(metrc_payload_retailer_sale(&b, 77, &stop, TZ), -1);
	buf_free(&b);

	r.state_id = 77;
	r.stock = restock;
	r.nstock = 2;
	buf_init(&b);
	assert_int_equal(metrc_payload_retailer_restock(&b, &r, TZ), 0);
	j = parse(&b);
	keys_are(j, "restock", restock_keys);
	assert_true(json_is_null(json_object_get(j, "Destinations")));
	x = json_object_get(j, "Packages");
	keys_are(json_array_get(x, 0), "restocked package", restock_pkg_keys);
	assert_true(json_is_false(json_object_get(json_array_get(x, 0),
	    "RemoveCurrentPackage")));
	assert_true(json_is_true(json_object_get(json_array_get(x, 1),
	    "RemoveCurrentPackage")));
	json_decref(j);
	buf_free(&b);

	buf_init(&b);
	assert_int_equal(metrc_payload_retailer_end(&b, 77,
	    WHEN + INT64_C(3) * 3600 * 1000000, left, 2, TZ), 0);
	j = parse(&b);
	keys_are(j, "end", end_keys);
	assert_string_equal(str(j, "ActualArrivalDateTime"),
	    "2026-11-26T17:03:00.000");
	x = json_object_get(j, "Packages");
	keys_are(json_array_get(x, 1), "package left", end_pkg_keys);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(x,
	    0), "EndQuantity")), 7);
	assert_true(json_real_value(json_object_get(json_array_get(x, 1),
	    "EndQuantity")) == 24.5);
	assert_string_equal(str(json_array_get(x, 1), "EndUnitOfMeasure"),
	    "Grams");
	json_decref(j);
	buf_free(&b);
}

/* A delivery as the state lists it (GET .../active), ours or not. */
#define DLV(id, when, q1, q2) \
	"{\"Id\":" #id ",\"SalesDateTime\":\"" when "\"," \
	"\"ActualArrivalDateTime\":null,\"CompletedDateTime\":null," \
	"\"VoidedDate\":null,\"Transactions\":[" \
	"{\"PackageLabel\":\"1a4060300000000000002001\",\"QuantitySold\":" q2 \
	"},{\"PackageLabel\":\"1A4060300000000000001001\",\"QuantitySold\":" \
	q1 "}]}"

static void
test_parse_delivery_found(void **state)
{
	struct metrc_delivery		 d;
	struct metrc_delivery_state	 st;
	struct buf			 b;
	int				 pages;

	delivery_fill(&d);
	/* Another second, another quantity, then ours (any order, case). */
	reply(&b, "{\"Data\":[" DLV(5, "2026-11-26T14:03:01.000", "2.0", "3.5")
	    "," DLV(6, "2026-11-26T14:03:00.000", "2.0", "3.6") ","
	    DLV(7, "2026-11-26T14:03:00.000", "2", "3.500") "],"
	    "\"TotalPages\":1}");
	assert_int_equal(metrc_payload_delivery_found(&b, &d, TZ, &st,
	    &pages), 1);
	assert_int_equal(st.id, 7);
	assert_int_equal(st.done, 0);
	assert_int_equal(st.voided, 0);
	buf_free(&b);
	/* Two alike: said so, not guessed. */
	reply(&b, "{\"Data\":[" DLV(6, "2026-11-26T14:03:00.000", "2", "3.5")
	    "," DLV(7, "2026-11-26T14:03:00.000", "2", "3.5") "]}");
	assert_int_equal(metrc_payload_delivery_found(&b, &d, TZ, &st,
	    &pages), 2);
	buf_free(&b);
	/* Not on this page of three. */
	reply(&b, "{\"Data\":[" DLV(5, "2026-11-26T14:03:01.000", "2", "3.5")
	    "],\"TotalPages\":3}");
	assert_int_equal(metrc_payload_delivery_found(&b, &d, TZ, &st,
	    &pages), 0);
	assert_int_equal(pages, 3);
	buf_free(&b);
	/* A line more or less is another delivery. */
	d.nlines = 1;
	reply(&b, "{\"Data\":[" DLV(7, "2026-11-26T14:03:00.000", "2", "3.5")
	    "]}");
	assert_int_equal(metrc_payload_delivery_found(&b, &d, TZ, &st,
	    &pages), 0);
	buf_free(&b);
	reply(&b, "[{\"message\":\"no\"}]");
	assert_int_equal(metrc_payload_delivery_found(&b, &d, TZ, &st,
	    &pages), -1);
	buf_free(&b);
}

static void
test_parse_retailer(void **state)
{
	struct metrc_retailer		 r;
	struct metrc_delivery		 stop;
	struct metrc_delivery_state	 st;
	struct buf			 b;
	int				 pages;
	const char			*pkgs;

	retailer_fill(&r, &stop);
	pkgs = "\"Packages\":[{\"PackageLabel\":\"1A4060300000000000002001\","
	    "\"Quantity\":28.0},{\"PackageLabel\":\"1A4060300000000000001001\","
	    "\"Quantity\":10.0}]";
	reply(&b, "{\"Data\":[{\"Id\":3,\"DateTime\":\"2026-11-26T14:03:00.000\","
	    "\"DriverEmployeeId\":\"E-8\",\"VehicleLicensePlateNumber\":"
	    "\"ABC123\",") ;
	buf_addstr(&b, pkgs);
	buf_addstr(&b, "},{\"Id\":4,\"DateTime\":\"2026-11-26T14:03:00.000\","
	    "\"DriverEmployeeId\":\"E-7\",\"VehicleLicensePlateNumber\":"
	    "\"abc123\",\"ActualDepartureDateTime\":\"2026-11-26T14:20:00-07:00"
	    "\",");
	buf_addstr(&b, pkgs);
	buf_addstr(&b, "}],\"TotalPages\":1}");
	assert_int_equal(metrc_payload_retailer_found(&b, &r, TZ, &st,
	    &pages), 1);
	assert_int_equal(st.id, 4);
	assert_int_equal(st.departed, 1);
	assert_int_equal(st.done, 0);
	buf_free(&b);

	/* One read back: its state, and whether a stop's sale is there. */
	reply(&b, "{\"Id\":4,\"ActualDepartureDateTime\":\"2026-11-26T14:20:00"
	    "-07:00\",\"CompletedDateTime\":null,\"VoidedDate\":null,"
	    "\"Destinations\":[" DLV(40, "2026-11-26T14:03:00.000", "2", "3.5")
	    "]}");
	assert_int_equal(metrc_payload_delivery_read(&b, &stop, TZ, &st), 1);
	assert_int_equal(st.stops, 1);
	assert_int_equal(st.departed, 1);
	stop.sold_at += 1000000;	/* a second later: another sale */
	assert_int_equal(metrc_payload_delivery_read(&b, &stop, TZ, &st), 0);
	assert_int_equal(metrc_payload_delivery_read(&b, NULL, TZ, &st), 0);
	buf_free(&b);
	reply(&b, "{\"Id\":4,\"CompletedDateTime\":\"2026-11-26T18:00:00-07:00"
	    "\",\"VoidedDate\":null}");
	assert_int_equal(metrc_payload_delivery_read(&b, NULL, TZ, &st), 0);
	assert_int_equal(st.done, 1);
	buf_free(&b);
	reply(&b, "{\"Message\":\"No delivery\"}");
	assert_int_equal(metrc_payload_delivery_read(&b, NULL, TZ, &st), -1);
	buf_free(&b);
}

/*
 * GET /labtests/v2/results: a row per test, with the field names of the
 * v2 description; THC and CBD into per mille, pass or fail over every
 * released row.
 */
static void
test_parse_labtests(void **state)
{
	struct buf		b;
	struct lab_result	l;

	reply(&b, "{\"Data\":["
	    "{\"PackageId\":7,\"LabTestResultId\":1,"
	    "\"LabFacilityLicenseNumber\":\"405R-X0001\","
	    "\"LabFacilityName\":\"Front Range Labs\","
	    "\"SourcePackageLabel\":\"1A4FF0100000022000021001\","
	    "\"TestPerformedDate\":\"2026-01-10\",\"OverallPassed\":true,"
	    "\"RevokedDate\":null,\"ResultReleased\":true,"
	    "\"ExpirationDateTime\":\"2027-01-10T00:00:00+00:00\","
	    "\"TestTypeName\":\"THC (%) Raw Plant Material\","
	    "\"TestPassed\":true,\"TestResultLevel\":22.45,"
	    "\"LabTestDetailRevokedDate\":null},"
	    "{\"PackageId\":7,\"LabFacilityName\":\"Front Range Labs\","
	    "\"TestPerformedDate\":\"2026-01-12\",\"OverallPassed\":true,"
	    "\"ResultReleased\":true,"
	    "\"TestTypeName\":\"Total THC (mg/g) Raw Plant Material\","
	    "\"TestPassed\":true,\"TestResultLevel\":231.6},"
	    "{\"PackageId\":7,\"OverallPassed\":true,\"ResultReleased\":true,"
	    "\"TestTypeName\":\"THCa (%)\",\"TestPassed\":true,"
	    "\"TestResultLevel\":25},"
	    "{\"PackageId\":7,\"OverallPassed\":true,\"ResultReleased\":true,"
	    "\"TestTypeName\":\"CBD (%)\",\"TestPassed\":true,"
	    "\"TestResultLevel\":0.04},"
	    "{\"PackageId\":7,\"OverallPassed\":false,"
	    "\"ResultReleased\":false,\"TestTypeName\":\"Microbiologicals\","
	    "\"TestPassed\":false,\"TestResultLevel\":9}],"
	    "\"Total\":5,\"TotalPages\":1}");
	assert_int_equal(metrc_payload_labtests(&b, &l), 0);
	assert_int_equal(l.status, LAB_PASS);
	assert_int_equal(l.thc, 232);	/* Total THC wins; 231.6 mg/g */
	assert_int_equal(l.cbd, 0);	/* 0.04% is 0.4 per mille: 0 */
	assert_string_equal(l.lab, "Front Range Labs");
	assert_int_equal(l.tested, 20260112);
	assert_int_equal(l.expires, 20270110);
	buf_free(&b);

	/* A failed test fails the package; 22.45% rounds half up. */
	reply(&b, "[{\"OverallPassed\":false,\"ResultReleased\":true,"
	    "\"TestTypeName\":\"THC\",\"TestPassed\":true,"
	    "\"TestResultLevel\":22.45,\"TestPerformedDate\":\"2026-01-10\"},"
	    "{\"OverallPassed\":false,\"ResultReleased\":true,"
	    "\"TestTypeName\":\"Pesticides\",\"TestPassed\":false,"
	    "\"TestResultLevel\":1.5}]");
	assert_int_equal(metrc_payload_labtests(&b, &l), 0);
	assert_int_equal(l.status, LAB_FAIL);
	assert_int_equal(l.thc, 225);
	assert_int_equal(l.expires, 0);
	buf_free(&b);

	/* Nothing released, or revoked: no result yet. */
	reply(&b, "{\"Data\":[{\"OverallPassed\":true,\"ResultReleased\":"
	    "false,\"TestTypeName\":\"THC\",\"TestPassed\":true,"
	    "\"TestResultLevel\":20},{\"OverallPassed\":true,"
	    "\"ResultReleased\":true,\"RevokedDate\":\"2026-01-02\","
	    "\"TestTypeName\":\"THC\",\"TestPassed\":true,"
	    "\"TestResultLevel\":20}]}");
	assert_int_equal(metrc_payload_labtests(&b, &l), 1);
	assert_int_equal(l.status, LAB_NONE);
	buf_free(&b);
	reply(&b, "{\"Data\":[],\"TotalPages\":0}");
	assert_int_equal(metrc_payload_labtests(&b, &l), 1);
	buf_free(&b);

	/* Unreadable: not a list, or a pass that is not a boolean. */
	reply(&b, "{\"Message\":\"no\"}");
	assert_int_equal(metrc_payload_labtests(&b, &l), -1);
	buf_free(&b);
	reply(&b, "[{\"OverallPassed\":\"yes\",\"ResultReleased\":true,"
	    "\"TestPassed\":true}]");
	assert_int_equal(metrc_payload_labtests(&b, &l), -1);
	assert_int_equal(l.status, LAB_NONE);
	buf_free(&b);

	/* mg a serving is no share: THC left 0; over 100% likewise. */
	reply(&b, "[{\"OverallPassed\":true,\"ResultReleased\":true,"
	    "\"TestTypeName\":\"THC (mg/serving)\",\"TestPassed\":true,"
	    "\"TestResultLevel\":10},{\"OverallPassed\":true,"
	    "\"ResultReleased\":true,\"TestTypeName\":\"CBD (%)\","
	    "\"TestPassed\":true,\"TestResultLevel\":120}]");
	assert_int_equal(metrc_payload_labtests(&b, &l), 0);
	assert_int_equal(l.thc, 0);
	assert_int_equal(l.cbd, 0);
	buf_free(&b);
}

/*
 * The retailer delivery's create names its stops (Destinations), each
 * from its order: a caregiver by their patient's card, the order's
 * address, its estimated arrival, and each package packed for it at the
 * order line's price.
 */
static void
test_retailer_stops(void **state)
{
	struct metrc_retailer	 r;
	struct metrc_delivery	 stop;
	struct metrc_stop	 st;
	struct order		*o;
	struct customer		 cu, pt;
	json_t			*j, *x;

	(void)state;
	o = xcalloc(1, sizeof *o);
	strlcpy(o->street, "9 Elm St", sizeof o->street);
	strlcpy(o->city, "Denver", sizeof o->city);
	strlcpy(o->state, "CO", sizeof o->state);
	strlcpy(o->zip, "80203", sizeof o->zip);
	o->nlines = 2;
	o->lines[0].unit_weight = 0;
	o->lines[0].price = 3500;		/* $35 each */
	o->lines[1].unit_weight = 1;
	o->lines[1].price = 1000;		/* $10 a gram */
	o->npicks = 2;
	strlcpy(o->picks[0].tag, "1A4060300000000000001001",
	    sizeof o->picks[0].tag);
	o->picks[0].line = 0;
	o->picks[0].qty = 2;
	strlcpy(o->picks[1].tag, "1A4060300000000000001002",
	    sizeof o->picks[1].tag);
	o->picks[1].line = 1;
	o->picks[1].qty = 3500;
	memset(&cu, 0, sizeof cu);
	cu.type = CUSTOMER_CAREGIVER;
	strlcpy(cu.first, "Cara", sizeof cu.first);
	strlcpy(cu.last, "Giver", sizeof cu.last);
	strlcpy(cu.card_number, "CG-0001", sizeof cu.card_number);
	memset(&pt, 0, sizeof pt);
	pt.type = CUSTOMER_MEDICAL;
	strlcpy(pt.card_number, "CO-PAT-0001", sizeof pt.card_number);
	assert_int_equal(metrc_payload_stop(&st, o, &cu, &pt,
	    WHEN + INT64_C(45) * 60 * 1000000), 0);

	retailer_fill(&r, &stop);
	x = retailer_one_stop(&r, &st.d, &j);
	assert_string_equal(str(x, "SalesCustomerType"), "Caregiver");
	assert_string_equal(str(x, "PatientLicenseNumber"), "CO-PAT-0001");
	assert_string_equal(str(x, "RecipientName"), "Cara Giver");
	assert_string_equal(str(x, "RecipientAddressStreet1"), "9 Elm St");
	assert_string_equal(str(x, "RecipientAddressPostalCode"), "80203");
	assert_string_equal(str(x, "EstimatedArrivalDateTime"),
	    "2026-11-26T14:48:00.000");
	check_txns(json_object_get(x, "Transactions"));
	json_decref(j);

	/* A patient is named by their own card; nothing packed: refused. */
	cu.type = CUSTOMER_MEDICAL;
	assert_int_equal(metrc_payload_stop(&st, o, &cu, NULL, WHEN), 0);
	assert_string_equal(st.d.to.customer_type, "Patient");
	assert_string_equal(st.d.to.patient_licence, "CG-0001");
	o->npicks = 0;
	assert_int_equal(metrc_payload_stop(&st, o, &cu, NULL, WHEN), -1);
	free(o);
}

/*
 * The delivery lists' lookups carry a lastModified window (the retailer
 * list's description marks it required): from the job's creation to now,
 * each widened by METRC_WINDOW_SLACK, in UTC.
 */
static void
test_window(void **state)
{
	char	w[METRC_WINDOW_MAX];

	(void)state;
	metrc_payload_window(WHEN, WHEN + INT64_C(3600000000), w, sizeof w);
	assert_int_equal(METRC_WINDOW_SLACK, 600);
	assert_string_equal(w, "&lastModifiedStart=2026-11-26T20:53:00Z"
	    "&lastModifiedEnd=2026-11-26T22:13:00Z");
	assert_true(strlen(w) < sizeof w);
}

/*
 * An uncertain restock is looked for by reading the delivery back: how
 * many of its packages are on board (a removed one is not), -1 if the
 * answer is not a delivery.
 */
static void
test_parse_retailer_onboard(void **state)
{
	static const char *const tags[] = { "1A4060300000000000016001",
	    "1A4060300000000000002001" };
	struct metrc_delivery_state	 st;
	struct buf			 b;

	(void)state;
	buf_init(&b);
	buf_addstr(&b, "{\"Id\":93,\"DepartedDateTime\":null,\"Packages\":["
	    "{\"PackageLabel\":\"1A4060300000000000016001\",\"Removed\":false},"
	    "{\"PackageLabel\":\"1A4060300000000000002001\",\"Removed\":true},"
	    "{\"PackageLabel\":\"1A4060300000000000001003\"}]}");
	assert_int_equal(metrc_payload_retailer_onboard(&b, tags, 2, &st), 1);
	assert_int_equal(st.id, 93);
	assert_int_equal(metrc_payload_retailer_onboard(&b, tags + 1, 1, &st),
	    0);
	buf_free(&b);
	buf_init(&b);
	buf_addstr(&b, "[]");
	assert_int_equal(metrc_payload_retailer_onboard(&b, tags, 2, &st), -1);
	buf_free(&b);
}

/*
 * A lookup's window longer than metrc-window-hours goes in pieces, oldest
 * first, each as sent (slack included) no longer than the hours, each
 * overlapping the one before by twice the slack so nothing falls between.
 */
static void
test_window_pieces(void **state)
{
	static const char *const want[] = {
		"&lastModifiedStart=2026-11-26T20:53:00Z"
		    "&lastModifiedEnd=2026-11-27T20:53:00Z",
		"&lastModifiedStart=2026-11-27T20:33:00Z"
		    "&lastModifiedEnd=2026-11-28T20:33:00Z",
		"&lastModifiedStart=2026-11-28T20:13:00Z"
		    "&lastModifiedEnd=2026-11-28T23:13:00Z",
	};
	char	w[METRC_WINDOW_MAX], one[METRC_WINDOW_MAX];
	int64_t	hour = INT64_C(3600000000);
	u_int	i;

	(void)state;
	/* Within the hours: one piece, the window as it always was. */
	assert_int_equal(metrc_payload_window_piece(WHEN, WHEN + hour, 24, 0,
	    w, sizeof w), 0);
	metrc_payload_window(WHEN, WHEN + hour, one, sizeof one);
	assert_string_equal(w, one);
	assert_int_equal(metrc_payload_window_piece(WHEN, WHEN + hour, 24, 1,
	    NULL, 0), -1);
	/* 50 hours in pieces of 24 at most: three. */
	for (i = 0; i < 3; i++) {
		assert_int_equal(metrc_payload_window_piece(WHEN, WHEN +
		    50 * hour, 24, i, w, sizeof w), 0);
		assert_string_equal(w, want[i]);
	}
	assert_int_equal(metrc_payload_window_piece(WHEN, WHEN + 50 * hour,
	    24, 3, w, sizeof w), -1);
	/* Exactly one piece's span (24 h less the slack both sides): one. */
	assert_int_equal(metrc_payload_window_piece(WHEN, WHEN + 24 * hour -
	    INT64_C(1200000000), 24, 1, NULL, 0), -1);
	assert_int_equal(metrc_payload_window_piece(WHEN, WHEN + 24 * hour -
	    INT64_C(1199000000), 24, 1, NULL, 0), 0);
	/* A clock that went back: one piece, never none. */
	assert_int_equal(metrc_payload_window_piece(WHEN, WHEN - hour, 24, 0,
	    w, sizeof w), 0);
	assert_int_equal(metrc_payload_window_piece(WHEN, WHEN - hour, 24, 1,
	    NULL, 0), -1);
}

/*
 * A planned delivery's job has its customer's reporting deadline, as a
 * retailer delivery's sale has: a patient's, the medical one.
 */
static void
test_deadline_delivery(void **state)
{
	struct fixture		*f;
	struct store_txn	 t;
	struct customer		 cu;
	struct sale		*s;
	struct rules		 r;
	struct outbox_deadline	 dl;
	int			 kind;

	(void)state;
	for (kind = 0; kind < 2; kind++) {
		assert_non_null(f = fixture_open("metrc-deadline", 16 << 20));
		assert_int_equal(store_begin(f->st, &t, 1), 0);
		memset(&cu, 0, sizeof cu);
		cu.id = 5;
		cu.type = CUSTOMER_MEDICAL;
		strlcpy(cu.first, "Pat", sizeof cu.first);
		strlcpy(cu.last, "Ient", sizeof cu.last);
		store_customer_put(&t, &cu, NULL);
		s = xcalloc(1, sizeof *s);
		s->id = 7;
		s->customer = 5;
		s->time = util_now();
		s->status = SALE_COMPLETE;
		store_sale_put(&t, s, 1);
		if (kind == 0)
			assert_int_equal(outbox_delivery(&t, s, 9), 0);
		else
			assert_int_equal(outbox_sale(&t, s), 0);
		memset(&r, 0, sizeof r);
		r.deadline[RULES_DEADLINE_ADULT] = 86400;
		r.deadline[RULES_DEADLINE_MEDICAL] = 3 * 86400;
		assert_int_equal(outbox_deadline_status(&t, &r, 86400,
		    util_now(), &dl), 0);
		assert_int_not_equal(dl.oldest, 0);
		assert_int_equal(dl.is_medical, 1);
		assert_int_equal(dl.deadline, 3 * 86400);
		store_abort(&t);
		free(s);
		fixture_teardown((void **)&f);
	}
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
		cmocka_unit_test(test_parse_labtests),
		cmocka_unit_test(test_delivery_planned),
		cmocka_unit_test(test_delivery_done),
		cmocka_unit_test(test_retailer_create),
		cmocka_unit_test(test_retailer_steps),
		cmocka_unit_test(test_parse_delivery_found),
		cmocka_unit_test(test_parse_retailer),
		cmocka_unit_test(test_deadline_delivery),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_window_pieces),
		cmocka_unit_test(test_parse_retailer_onboard),
		cmocka_unit_test(test_retailer_stops),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-metrc-payload", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("metrc-payload", tests, NULL,
	    NULL));
}
