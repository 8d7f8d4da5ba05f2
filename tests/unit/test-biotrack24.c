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
#include "biotrack24-payload.h"
#include "outbox.h"

/*
 * biotrack24-payload.c: each request's method, path and exact body (keys
 * sorted), each answer as a result (2xx done, 401 log in again, 4xx
 * refused with its words, no answer or 5xx unknown), a lookup's found
 * and not found, the approval's 100 days and Florida's outage notice;
 * a destruction's second step, a transfer's receipt and the lists (inbound
 * transfers, the inventory, /v1/sync) and their pages.
 */

#define DAY	INT64_C(86400000000)

static void
test_requests(void **state)
{
	struct sale		*s;
	struct sale_return	 ret;
	struct adjust		 a;
	struct biotrack24_req	 rq;

	biotrack24_login("api", "secret", &rq);
	assert_string_equal(rq.method, "POST");
	assert_string_equal(rq.path, "/v1/user/login");
	assert_string_equal(rq.body, "{\"Password\":\"secret\","
	    "\"Username\":\"api\"}");
	free(rq.body);

	s = fixture_sale_two();
	biotrack24_sale(s, "stash-R-9", &rq);
	assert_string_equal(rq.method, "POST");
	assert_string_equal(rq.path, "/v1/sale");
	assert_string_equal(rq.body, "{\"CreatedOn\":1795726980,"
	    "\"ExternalID\":\"stash-R-9\",\"Item\":[{\"Barcode\":"
	    "\"6647210000000001\",\"Price\":\"30.00\",\"Quantity\":2},"
	    "{\"Barcode\":\"6647210000000002\",\"Price\":\"35.00\","
	    "\"Quantity\":\"3.500\"}],\"RequestID\":\"stash-R-9\"}");
	free(rq.body);

	memset(&ret, 0, sizeof ret);
	ret.time = s->time + 60000000;
	ret.nlines = 1;
	strlcpy(ret.lines[0].tag, "6647210000000001", sizeof ret.lines[0].tag);
	ret.lines[0].qty = 1;
	biotrack24_refund(s, &ret, 77, "stash-R-9-ret-1", &rq);
	assert_string_equal(rq.path, "/v1/sale/77/refund");
	assert_string_equal(rq.body, "{\"CreatedOn\":1795727040,"
	    "\"ExternalID\":\"stash-R-9-ret-1\",\"Item\":[{\"Barcode\":"
	    "\"6647210000000001\",\"Price\":\"15.00\",\"Quantity\":1}],"
	    "\"RequestID\":\"stash-R-9-ret-1\"}");
	free(rq.body);
	free(s);

	biotrack24_void(77, "stash-R-9-void", &rq);
	assert_string_equal(rq.method, "PUT");
	assert_string_equal(rq.path, "/v1/sale/77/void");
	assert_string_equal(rq.body, "{\"ExternalID\":\"stash-R-9-void\","
	    "\"RequestID\":\"stash-R-9-void\"}");
	free(rq.body);

	memset(&a, 0, sizeof a);
	strlcpy(a.tag, "6647210000000002", sizeof a.tag);
	strlcpy(a.reason, "theft", sizeof a.reason);
	a.qty_after = 3000;
	biotrack24_adjust(&a, 1, "adj-1", &rq);
	assert_string_equal(rq.path, "/v1/inventory/adjust");
	assert_string_equal(rq.body, "{\"AdjustmentType\":2,\"Barcode\":"
	    "\"6647210000000002\",\"ExternalID\":\"adj-1\",\"Quantity\":"
	    "\"3.000\",\"Reason\":\"theft\",\"RequestID\":\"adj-1\"}");
	free(rq.body);
	strlcpy(a.reason, "no-such-reason", sizeof a.reason);
	biotrack24_adjust(&a, 0, "adj-2", &rq);
	assert_non_null(strstr(rq.body, "\"AdjustmentType\":4,"));
	assert_non_null(strstr(rq.body, "\"Quantity\":3000,"));
	free(rq.body);
	strlcpy(a.reason, "destruction", sizeof a.reason);
	strlcpy(a.note, "dropped", sizeof a.note);
	biotrack24_adjust(&a, 1, "adj-3", &rq);
	assert_string_equal(rq.path, "/v1/inventory/destroy/schedule");
	assert_string_equal(rq.body, "{\"Barcode\":\"6647210000000002\","
	    "\"ExternalID\":\"adj-3\",\"Reason\":\"dropped\",\"RequestID\":"
	    "\"adj-3\"}");
	free(rq.body);

	biotrack24_lookup(OUTBOX_RECEIPT, 0, "stash-R-9", &rq);
	assert_string_equal(rq.method, "GET");
	assert_null(rq.body);
	assert_string_equal(rq.path, "/v1/sale?ExternalID=stash-R-9");
	biotrack24_lookup(OUTBOX_ADJUST, 0, "adj-1", &rq);
	assert_string_equal(rq.path,
	    "/v1/inventory/adjustment?ExternalID=adj-1");
	biotrack24_lookup(OUTBOX_RECEIPT, 0, "a b&c=d/é", &rq);
	assert_string_equal(rq.path,
	    "/v1/sale?ExternalID=a%20b%26c%3Dd%2F%C3%A9");
	biotrack24_lookup(OUTBOX_DELETE, 77, "v", &rq);
	assert_string_equal(rq.path, "/v1/sale/77");
}

/*
 * Moves: PUT /v1/inventory/move with the room's ID, the rooms' GET, and
 * its answer as the state's rooms (a Data list, or a bare list; deleted
 * rows left out); anything else is no list, with why.
 */
static void
test_rooms(void **state)
{
	struct biotrack24_req	 rq;
	json_t			*l;
	char			 why[256];
	const char		*body;

	(void)state;
	biotrack24_move("1A4000000000000000000011", 202, "stash-L-m-5", &rq);
	assert_string_equal(rq.method, "PUT");
	assert_string_equal(rq.path, "/v1/inventory/move");
	assert_string_equal(rq.body, "{\"Barcode\":\"1A4000000000000000000011\","
	    "\"ExternalID\":\"stash-L-m-5\",\"RequestID\":\"stash-L-m-5\","
	    "\"RoomID\":202}");
	free(rq.body);
	biotrack24_rooms_req(&rq);
	assert_string_equal(rq.method, "GET");
	assert_string_equal(rq.path, "/v1/inventory/room");
	assert_null(rq.body);

	body = "{\"Data\":[{\"ID\":201,\"Name\":\"Vault\"},{\"ID\":\"203\","
	    "\"Name\":\"Gone\",\"Deleted\":true},{\"ID\":202,\"Name\":"
	    "\"Sales Floor\",\"Deleted\":false}],\"NextCursor\":null}";
	assert_non_null(l = biotrack24_rooms(200, body, strlen(body), why,
	    sizeof why));
	assert_int_equal(json_array_size(l), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l,
	    1), "id")), 202);
	assert_string_equal(json_string_value(json_object_get(json_array_get(l,
	    1), "name")), "Sales Floor");
	json_decref(l);
	body = "[{\"ID\":7,\"Name\":\"Back\"}]";
	assert_non_null(l = biotrack24_rooms(200, body, strlen(body), why,
	    sizeof why));
	assert_int_equal(json_array_size(l), 1);
	json_decref(l);
	body = "{\"Message\":\"no\"}";
	assert_null(biotrack24_rooms(500, body, strlen(body), why, sizeof why));
	assert_non_null(strstr(why, "HTTP 500"));
	assert_null(biotrack24_rooms(200, body, strlen(body), why, sizeof why));
	assert_null(biotrack24_rooms(0, "", 0, why, sizeof why));
	assert_string_equal(why, "no answer from BioTrack");
}

static void
test_more_requests(void **state)
{
	struct biotrack24_req	 rq;
	struct sale		*s;
	json_t			*items;

	/* A destruction's second step; BioTrack's 16 digits, unpadded. */
	biotrack24_destroy("000000006647210000000002", "stash-L-dst-3", &rq);
	assert_string_equal(rq.method, "PUT");
	assert_string_equal(rq.path, "/v1/inventory/destroy");
	assert_string_equal(rq.body, "{\"Barcode\":\"6647210000000002\","
	    "\"ExternalID\":\"stash-L-dst-3\",\"RequestID\":"
	    "\"stash-L-dst-3\"}");
	free(rq.body);

	/* A transfer's receipt: what was taken in, grams and units. */
	items = json_array();
	json_array_append_new(items, biotrack24_receive_item(
	    "000000006033571320007909", 453500, 1));
	json_array_append_new(items, biotrack24_receive_item(
	    "1A4FF0100000022000000123", 3, 0));
	biotrack24_receive(INT64_C(7815325929358807), items, "rcv-1", &rq);
	assert_string_equal(rq.method, "PUT");
	assert_string_equal(rq.path,
	    "/v1/inventory/transfer/7815325929358807/receive");
	assert_string_equal(rq.body, "{\"ExternalID\":\"rcv-1\",\"Item\":"
	    "[{\"Barcode\":\"6033571320007909\",\"Quantity\":\"453.500\"},"
	    "{\"Barcode\":\"1A4FF0100000022000000123\",\"Quantity\":3}],"
	    "\"RequestID\":\"rcv-1\"}");
	free(rq.body);

	/* A sale of a package that came in on a transfer: 16 digits. */
	s = xcalloc(1, sizeof *s);
	s->nlines = 1;
	strlcpy(s->lines[0].tag, "000000006033571320007909",
	    sizeof s->lines[0].tag);
	s->lines[0].qty = 1;
	s->lines[0].price = s->lines[0].total = 1000;
	s->lines[0].tax = -1;
	s->subtotal = s->total = 1000;
	biotrack24_sale(s, "r", &rq);
	assert_non_null(strstr(rq.body, "\"Barcode\":\"6033571320007909\""));
	free(rq.body);
	free(s);

	/* Lists: the first page, then the cursor's, escaped. */
	biotrack24_inbound(NULL, &rq);
	assert_string_equal(rq.method, "GET");
	assert_null(rq.body);
	assert_string_equal(rq.path, "/v1/inventory/transfer/inbound");
	biotrack24_inbound("c2", &rq);
	assert_string_equal(rq.path,
	    "/v1/inventory/transfer/inbound?Cursor=c2");
	biotrack24_inventory_page("", &rq);
	assert_string_equal(rq.path, "/v1/inventory");
	biotrack24_inventory_page("a+b/=", &rq);
	assert_string_equal(rq.path, "/v1/inventory?Cursor=a%2Bb%2F%3D");
	biotrack24_sync(&rq);
	assert_string_equal(rq.method, "GET");
	assert_string_equal(rq.path, "/v1/sync");

	/* Lookups of a destroy and of a receipt. */
	biotrack24_lookup(OUTBOX_DESTROY, 0, "stash-L-dst-3", &rq);
	assert_string_equal(rq.path,
	    "/v1/inventory/adjustment?ExternalID=stash-L-dst-3");
	biotrack24_lookup(OUTBOX_TRANSFER_RECEIVE, INT64_C(7815325929358807),
	    "rcv-1", &rq);
	assert_string_equal(rq.path,
	    "/v1/inventory/transfer/inbound/7815325929358807");
}

static json_t *
page(long status, const char *body, char *next, char *why)
{
	return (biotrack24_page(status, body, strlen(body), next,
	    BIOTRACK24_CURSOR_MAX + 1, why, 256));
}

static void
test_lists(void **state)
{
	json_t	*rows, *list, *t, *pk;
	char	 next[BIOTRACK24_CURSOR_MAX + 1], why[256], big[512];

	/* A page and its cursor; the last page has none. */
	rows = page(200, "{\"Data\":[{\"ID\":\"1\"}],\"NextCursor\":\"c1\"}",
	    next, why);
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(next, "c1");
	json_decref(rows);
	rows = page(200, "{\"Data\":[],\"NextCursor\":null}", next, why);
	assert_non_null(rows);
	assert_string_equal(next, "");
	json_decref(rows);
	rows = page(200, "{\"Data\":[]}", next, why);
	assert_non_null(rows);
	json_decref(rows);
	/* What cannot be had, and why. */
	assert_null(page(500, "", next, why));
	assert_non_null(strstr(why, "HTTP 500"));
	assert_null(page(0, "", next, why));
	assert_non_null(strstr(why, "no answer"));
	assert_null(page(200, "<html>", next, why));
	assert_non_null(strstr(why, "not JSON"));
	assert_null(page(200, "{\"Data\":{}}", next, why));
	assert_non_null(strstr(why, "Data"));
	assert_null(page(200, "{\"Data\":[],\"NextCursor\":7}", next, why));
	memset(big, 'x', sizeof big);
	snprintf(big, sizeof big, "{\"Data\":[],\"NextCursor\":\"%0*d\"}",
	    BIOTRACK24_CURSOR_MAX + 1, 0);
	assert_null(page(200, big, next, why));

	/* Inbound transfers: made, or the reason one cannot be. */
	rows = json_loads("[{\"ID\":\"7815325929358807\",\"ManifestID\":"
	    "\"M-42\",\"FromLicense\":\"MMTC-1\",\"Item\":[{\"Barcode\":"
	    "\"6033571320007909\",\"Product\":\"Kush\",\"Quantity\":"
	    "\"453.5\"},{\"Barcode\":\"6033573300000126\",\"Product\":"
	    "\"Gummies\",\"Quantity\":3}]},"
	    "{\"ID\":7815325929358808,\"Item\":[{\"Barcode\":\"12\","
	    "\"Product\":\"Kush\",\"Quantity\":1}]},"
	    "{\"ID\":7815325929358809,\"Item\":[]},"
	    "{\"ID\":\"not a number\",\"Item\":[]},{\"Item\":[]}]", 0, NULL);
	assert_non_null(rows);
	list = biotrack24_transfers(rows);
	json_decref(rows);
	assert_int_equal(json_array_size(list), 3);
	t = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(t, "manifest")),
	    "7815325929358807");
	assert_int_equal(json_integer_value(json_object_get(t, "transfer")),
	    INT64_C(7815325929358807));
	assert_string_equal(json_string_value(json_object_get(t, "supplier")),
	    "MMTC-1");
	assert_non_null(strstr(json_string_value(json_object_get(t, "note")),
	    "manifest M-42"));
	assert_int_equal(json_array_size(json_object_get(t, "items")), 2);
	pk = json_array_get(json_object_get(t, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(pk, "tag")),
	    "000000006033571320007909");
	assert_int_equal(json_integer_value(json_object_get(pk, "milli")),
	    453500);
	pk = json_array_get(json_object_get(t, "items"), 1);
	assert_int_equal(json_integer_value(json_object_get(pk, "milli")),
	    3000);
	t = json_array_get(list, 1);
	assert_string_equal(json_string_value(json_object_get(t, "supplier")),
	    "");
	assert_null(json_object_get(t, "items"));
	assert_non_null(strstr(json_string_value(json_object_get(t, "why")),
	    "item 1"));
	t = json_array_get(list, 2);
	assert_string_equal(json_string_value(json_object_get(t, "why")),
	    "no items");
	json_decref(list);

	/* The inventory: active rows, as the reconciliation reads them. */
	rows = json_loads("[{\"Barcode\":\"6033571320007909\","
	    "\"RemainingAmount\":\"12.25\",\"Deleted\":false},"
	    "{\"Barcode\":\"1A4FF0100000022000000123\",\"RemainingAmount\":"
	    "4},{\"Barcode\":\"6033571320007910\",\"RemainingAmount\":1,"
	    "\"Deleted\":true},{\"Barcode\":\"6033571320007911\","
	    "\"RemainingAmount\":0},{\"Barcode\":\"x\",\"RemainingAmount\":"
	    "1},{\"RemainingAmount\":1}]", 0, NULL);
	list = json_array();
	biotrack24_inventory(rows, list);
	json_decref(rows);
	assert_int_equal(json_array_size(list), 2);
	pk = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(pk, "Label")),
	    "000000006033571320007909");
	assert_true(json_real_value(json_object_get(pk, "Quantity")) == 12.25);
	pk = json_array_get(list, 1);
	assert_string_equal(json_string_value(json_object_get(pk, "Label")),
	    "1A4FF0100000022000000123");
	json_decref(list);

	/* /v1/sync: its tables, or why not. */
	snprintf(big, sizeof big, "{\"SessionTime\":1,\"Sync\":{\"Inventory\":"
	    "3}}");
	assert_int_equal(biotrack24_synced(200, big, strlen(big), why,
	    sizeof why), 0);
	assert_int_equal(biotrack24_synced(200, "{}", 2, why, sizeof why),
	    -1);
	assert_non_null(strstr(why, "Sync"));
	assert_int_equal(biotrack24_synced(503, "", 0, why, sizeof why), -1);
	assert_non_null(strstr(why, "HTTP 503"));
}

static void
answer(long status, const char *body, struct biotrack24_answer *a,
    struct state_result *r)
{
	assert_int_equal(biotrack24_answer(status, body, strlen(body), a), 0);
	biotrack24_result(a, r);
}

static void
test_answers(void **state)
{
	struct biotrack24_answer	a;
	struct state_result		r;

	answer(200, "{\"SessionToken\":\"abc\",\"SessionTime\":1}", &a, &r);
	assert_string_equal(a.token, "abc");
	answer(201, "{\"TransactionID\":4242,\"Inventory\":[]}", &a, &r);
	assert_int_equal(r.outcome, STATE_DONE);
	assert_int_equal(r.id, 4242);
	answer(200, "{\"transactionID\":\"17\"}", &a, &r);
	assert_int_equal(r.id, 17);
	answer(401, "{\"Message\":\"expired\"}", &a, &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	answer(422, "{\"Message\":\"A sale needs an Item.\"}", &a, &r);
	assert_int_equal(r.outcome, STATE_REJECTED);
	assert_non_null(strstr(r.reason, "A sale needs an Item."));
	assert_non_null(strstr(r.reason, "422"));
	answer(500, "", &a, &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	answer(0, "", &a, &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	assert_non_null(strstr(r.reason, "no answer"));
	/* A 2xx that is not JSON: not done, unknown. */
	assert_int_equal(biotrack24_answer(200, "<html>", 6, &a), -1);
	biotrack24_result(&a, &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	/* Lookups. */
	answer(200, "{\"Data\":[{\"ExternalID\":\"x\",\"TransactionID\":9}],"
	    "\"NextCursor\":null}", &a, &r);
	assert_int_equal(a.found, 1);
	assert_int_equal(a.transactionid, 9);
	answer(200, "{\"Data\":[],\"NextCursor\":null}", &a, &r);
	assert_int_equal(a.found, -1);
	answer(200, "{\"TransactionID\":9,\"Deleted\":true}", &a, &r);
	assert_int_equal(a.found, 1);
	answer(200, "{\"TransactionID\":9,\"Deleted\":false}", &a, &r);
	assert_int_equal(a.found, -1);
	answer(200, "{\"TransactionID\":9}", &a, &r);
	assert_int_equal(a.found, 0);
	/* A transfer's receipt, looked up by the transfer. */
	answer(200, "{\"ID\":\"7815325929358807\",\"Received\":true}", &a,
	    &r);
	assert_int_equal(a.found, 1);
	answer(200, "{\"ID\":\"7815325929358807\",\"Received\":false}", &a,
	    &r);
	assert_int_equal(a.found, -1);
}

static void
test_deadlines(void **state)
{
	int64_t	exp, day0 = INT64_C(1767225600000000);	/* 2026-01-01 */

	assert_int_equal(biotrack24_approval_left("2026-01-01", day0, &exp),
	    100);
	assert_int_equal(exp, day0 + 100 * DAY);
	assert_int_equal(biotrack24_approval_left("2026-01-01",
	    day0 + 86 * DAY, &exp), 14);
	assert_int_equal(biotrack24_approval_left("2026-01-01",
	    day0 + 86 * DAY + 1, &exp), 14);
	assert_int_equal(biotrack24_approval_left("2026-01-01",
	    day0 + 100 * DAY, &exp), 0);
	assert_int_equal(biotrack24_approval_left("2026-1-1", day0, &exp), -1);
	assert_int_equal(biotrack24_approval_left("2026-01-01x", day0, &exp),
	    -1);
	assert_int_equal(biotrack24_approval_left("", day0, &exp), -1);

	assert_int_equal(biotrack24_outage_due(0, day0), 0);
	assert_int_equal(biotrack24_outage_due(day0, day0 + 7200000000LL), 0);
	assert_int_equal(biotrack24_outage_due(day0, day0 + 7200000001LL),
	    day0 + 10800000000LL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_more_requests),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_rooms),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-biotrack24", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("biotrack24", tests, NULL, NULL));
}
