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
#include "biotrack-payload.h"
#include "outbox.h"
#include "outbox-deadline.h"

/*
 * biotrack-payload.c: every request builder's exact JSON (keys sorted)
 * and the answer reader: success as a number or a string, a leaked
 * Content-Type line, an expired session by its text, an unknown nonce,
 * and what is no answer at all.
 */

static void
test_requests(void **state)
{
	struct sale		*s = fixture_sale_two();
	struct sale_return	 ret;
	struct adjust		 a;
	char			*j, nonce[BIOTRACK_NONCE_MAX + 1];

	biotrack_nonce(nonce, sizeof nonce, "stash-L-9", 3);
	assert_string_equal(nonce, "stash-L-9-3");
	j = biotrack_login("123456789", "api", "secret");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":\"login\","
	    "\"license_number\":\"123456789\",\"password\":\"secret\","
	    "\"username\":\"api\"}");
	free(j);
	j = biotrack_dispense(s, "register-1", "S1", nonce);
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":\"sale_dispense\","
	    "\"data\":[{\"barcodeid\":\"6647210000000001\",\"price\":\"30.00\","
	    "\"quantity\":2},{\"barcodeid\":\"6647210000000002\",\"price\":"
	    "\"35.00\",\"quantity\":\"3.500000\"}],\"nonce\":\"stash-L-9-3\","
	    "\"sale_time\":1795726980,\"sessionid\":\"S1\",\"terminal_id\":"
	    "\"register-1\"}");
	free(j);
	memset(&ret, 0, sizeof ret);
	ret.time = s->time + 60000000;
	ret.nlines = 1;
	strlcpy(ret.lines[0].tag, "6647210000000001", sizeof ret.lines[0].tag);
	ret.lines[0].qty = 1;
	j = biotrack_refund(s, &ret, 77, "S1", "n2");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":\"sale_refund\","
	    "\"data\":[{\"barcodeid\":\"6647210000000001\",\"price\":\"15.00\","
	    "\"quantity\":1}],\"nonce\":\"n2\",\"sale_time\":1795727040,"
	    "\"sessionid\":\"S1\",\"transactionid\":77}");
	free(j);
	j = biotrack_void(77, "S1", "n3");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":\"sale_void\","
	    "\"nonce\":\"n3\",\"sessionid\":\"S1\",\"transactionid\":77}");
	free(j);
	memset(&a, 0, sizeof a);
	strlcpy(a.tag, "6647210000000002", sizeof a.tag);
	strlcpy(a.reason, "theft", sizeof a.reason);
	a.delta = -500;
	a.qty_after = 3000;
	j = biotrack_adjust(&a, 1, "S1", "n4");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":"
	    "\"inventory_adjust\",\"data\":{\"barcodeid\":\"6647210000000002\","
	    "\"quantity\":\"3.000000\",\"quantity_uom\":\"g\",\"reason\":"
	    "\"theft\",\"type\":2},\"nonce\":\"n4\",\"sessionid\":\"S1\"}");
	free(j);
	strlcpy(a.reason, "destruction", sizeof a.reason);
	j = biotrack_adjust(&a, 1, "S1", "n5");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":"
	    "\"inventory_destroy_schedule\",\"barcodeid\":[\"6647210000000002\""
	    "],\"nonce\":\"n5\",\"reason\":\"destruction\",\"reason_extended\":"
	    "0,\"sessionid\":\"S1\"}");
	free(j);
	assert_true(biotrack_destroys(&a));
	j = biotrack_destroy(a.tag, "S1", "n6");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":"
	    "\"inventory_destroy\",\"barcodeid\":\"6647210000000002\","
	    "\"nonce\":\"n6\",\"sessionid\":\"S1\"}");
	free(j);
	strlcpy(a.reason, "theft", sizeof a.reason);
	assert_false(biotrack_destroys(&a));
	j = biotrack_replay("stash-L-9-3", "S1", "stash-L-9-4");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":\"nonce_replay\","
	    "\"nonce\":\"stash-L-9-4\",\"nonce_replay\":\"stash-L-9-3\","
	    "\"sessionid\":\"S1\"}");
	free(j);
	free(s);
}

static int
answer(const char *s, struct biotrack_answer *a)
{
	return (biotrack_answer(s, strlen(s), a));
}

static void
test_answers(void **state)
{
	struct biotrack_answer	a;
	struct state_result	r;

	assert_int_equal(answer("{\"success\":1,\"transactionid\":4410,"
	    "\"sessiontime\":1}", &a), 0);
	biotrack_result(200, 1, &a, &r);
	assert_int_equal(r.outcome, STATE_DONE);
	assert_int_equal(r.id, 4410);
	/* Older servers: a Content-Type line in the body, "1" a string. */
	assert_int_equal(answer("Content-Type: text/plain\r\n\r\n{\"success\":"
	    "\"1\",\"sessionid\":\"abc\"}", &a), 0);
	assert_true(a.success);
	assert_string_equal(a.sessionid, "abc");
	assert_int_equal(answer("{\"success\":0,\"error\":\"Your session has "
	    "expired.\",\"errorcode\":63}", &a), 0);
	assert_true(a.expired);
	biotrack_result(200, 1, &a, &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	assert_int_equal(answer("{\"success\":0,\"error\":\"Invalid barcode "
	    "for this location\",\"errorcode\":\"602\"}", &a), 0);
	assert_false(a.expired);
	biotrack_result(200, 1, &a, &r);
	assert_int_equal(r.outcome, STATE_REJECTED);
	assert_non_null(strstr(r.reason, "602"));
	assert_non_null(strstr(r.reason, "Invalid barcode"));
	assert_int_equal(answer("{\"success\":0,\"error\":\"Nonce not found."
	    "\",\"errorcode\":\"602\"}", &a), 0);
	assert_true(a.unknown_nonce);
	/* No answer: the request may have been applied. */
	assert_int_equal(answer("", &a), -1);
	assert_int_equal(answer("<html>busy</html>", &a), -1);
	assert_int_equal(answer("[1]", &a), -1);
	biotrack_result(200, 0, &a, &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	biotrack_result(502, 1, &a, &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	biotrack_result(0, 0, &a, &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	assert_non_null(strstr(r.reason, "no answer"));
}

/* A refusal's body, read and taken as the adapter's result into r. */
static enum state_outcome
refusal(const char *body, struct biotrack_answer *a, struct state_result *r)
{
	assert_int_equal(answer(body, a), 0);
	assert_false(a->success);
	biotrack_result(200, 1, a, r);
	return (r->outcome);
}

/*
 * A refusal by its code and its words together (BioTrack reuses 602 and
 * has changed its words): code 63 is an expired session whatever it says,
 * and so are words saying "session" then "expired" under 602; a 602 that
 * names a session and the word expired the other way round, or any other
 * 602, is a refusal for a person, not a login and an immediate resend.
 */
static void
test_refusals(void **state)
{
	struct biotrack_answer	a;
	struct state_result	r;

	(void)state;
	assert_int_equal(refusal("{\"success\":0,\"error\":\"Session timed "
	    "out.\",\"errorcode\":\"63\"}", &a, &r), STATE_RETRY);
	assert_true(a.expired);
	assert_int_equal(refusal("{\"success\":0,\"error\":\"Your SESSION "
	    "has expired, please log in\",\"errorcode\":\"602\"}", &a, &r),
	    STATE_RETRY);
	assert_true(a.expired);
	assert_int_equal(refusal("{\"success\":0,\"error\":\"Expired "
	    "licence: this session cannot sell\",\"errorcode\":\"602\"}",
	    &a, &r), STATE_REJECTED);
	assert_false(a.expired);
	assert_non_null(strstr(r.reason, "Expired licence"));
	/* A request stash built wrong: the API version, the action. */
	assert_int_equal(refusal("{\"success\":0,\"error\":\"Invalid API "
	    "version.\",\"errorcode\":17}", &a, &r), STATE_REJECTED);
	assert_false(a.expired || a.unknown_nonce || a.none);
	assert_non_null(strstr(r.reason, "error 17"));
	assert_int_equal(refusal("{\"success\":0,\"error\":\"No action "
	    "given.\",\"errorcode\":62}", &a, &r), STATE_REJECTED);
	assert_false(a.expired || a.unknown_nonce || a.none);
	assert_int_equal(refusal("{\"success\":0,\"error\":\"Please specify "
	    "a valid license number.\",\"errorcode\":\"602\"}", &a, &r),
	    STATE_REJECTED);
	assert_false(a.expired || a.unknown_nonce || a.none);
}

static json_t *
load(const char *s)
{
	json_t	*o;

	assert_non_null(o = biotrack_load(s, strlen(s)));
	return (o);
}

/* A list's row's field. */
static const char *
str_at(json_t *l, size_t i, const char *key)
{
	return (json_string_value(json_object_get(json_array_get(l, i), key)));
}

static json_int_t
int_at(json_t *l, size_t i, const char *key)
{
	return (json_integer_value(json_object_get(json_array_get(l, i), key)));
}

/* biotrack_milli of v (taken): the thousandths, or -1. */
static int64_t
milli(json_t *v)
{
	int64_t	m;

	if (biotrack_milli(v, &m) != 0)
		m = -1;
	json_decref(v);
	return (m);
}

/*
 * The lookups: their requests, BioTrack's 16-digit barcodes as our tags
 * and back, quantities that come as strings, a 602 that means "none",
 * the inbound manifests and their items, and sync_inventory as the
 * packages the reconciliation compares (deleted and empty rows left out).
 */
static void
test_lookups(void **state)
{
	char	*j, tag[TAG_LEN + 1];
	json_t	*o, *l;
	char	 why[256];

	(void)state;
	j = biotrack_manifest_lookup("418921", "S1", "n1");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":"
	    "\"inventory_manifest_lookup\",\"location\":\"418921\","
	    "\"nonce\":\"n1\",\"sessionid\":\"S1\"}");
	free(j);
	j = biotrack_transfer_lookup("418921", "7815325929358807", "S1", "n2");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":"
	    "\"inventory_transfer_lookup\",\"location\":\"418921\","
	    "\"manifest_id\":\"7815325929358807\",\"nonce\":\"n2\","
	    "\"sessionid\":\"S1\"}");
	free(j);
	/* A manifest received: what was taken in, grams and units. */
	l = json_array();
	json_array_append_new(l, biotrack_receive_item(
	    "000000006033571320007909", 453500, 1));
	json_array_append_new(l, biotrack_receive_item(
	    "000000006033573300000126", 3, 0));
	j = biotrack_transfer_inbound("418921", l, "S1", "n5");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":"
	    "\"inventory_transfer_inbound\",\"data\":[{\"barcodeid\":"
	    "\"6033571320007909\",\"quantity\":\"453.500000\"},"
	    "{\"barcodeid\":\"6033573300000126\",\"quantity\":3}],"
	    "\"location\":\"418921\",\"nonce\":\"n5\",\"sessionid\":"
	    "\"S1\"}");
	free(j);
	j = biotrack_sync_check("S1", "n3");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":\"sync_check\","
	    "\"download\":0,\"nonce\":\"n3\",\"sessionid\":\"S1\"}");
	free(j);
	j = biotrack_sync("inventory", "S1", "n4");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":"
	    "\"sync_inventory\",\"download\":1,\"nonce\":\"n4\",\"sessionid\":"
	    "\"S1\",\"transaction_start\":0}");
	free(j);

	/* Barcodes and tags. */
	assert_int_equal(biotrack_tag("6033573300000126", tag, sizeof tag), 0);
	assert_string_equal(tag, "000000006033573300000126");
	assert_string_equal(biotrack_barcode(tag), "6033573300000126");
	assert_string_equal(biotrack_barcode("1A4FF0100000022000000123"),
	    "1A4FF0100000022000000123");
	assert_int_equal(biotrack_tag("1a4ff0100000022000000123", tag,
	    sizeof tag), 0);
	assert_string_equal(tag, "1A4FF0100000022000000123");
	assert_int_equal(biotrack_tag("60335733000001", tag, sizeof tag), -1);
	assert_int_equal(biotrack_tag("603357330000012X", tag, sizeof tag),
	    -1);

	/* Quantities. */
	assert_int_equal(milli(json_string("2246")), 2246000);
	assert_int_equal(milli(json_string("3.5")), 3500);
	assert_int_equal(milli(json_string("0.12345")), 123);
	assert_int_equal(milli(json_real(7.25)), 7250);
	assert_int_equal(milli(json_string("-1")), -1);
	assert_int_equal(milli(json_string("3g")), -1);

	/*
	 * Manifests: a list, none, or a refusal. An ID that is a number is
	 * the transfer a receipt is queued for; one that is not (or does not
	 * read back the same) has none.
	 */
	o = load("{\"success\":1,\"data\":[{\"manifest_id\":"
	    "\"7815325929358807\",\"license_number\":\"412345\"},"
	    "{\"manifest_id\":7815325929358808},{\"license_number\":\"1\"},"
	    "{\"manifest_id\":\"M-77\"},{\"manifest_id\":\"0042\"}]}");
	assert_non_null(l = biotrack_manifest_list(o));
	assert_int_equal(json_array_size(l), 4);
	assert_string_equal(str_at(l, 0, "manifest"), "7815325929358807");
	assert_string_equal(str_at(l, 0, "supplier"), "412345");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l,
	    0), "transfer")), 7815325929358807LL);
	assert_string_equal(str_at(l, 1, "manifest"), "7815325929358808");
	assert_string_equal(str_at(l, 1, "supplier"), "");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l,
	    1), "transfer")), 7815325929358808LL);
	assert_string_equal(str_at(l, 2, "manifest"), "M-77");
	assert_null(json_object_get(json_array_get(l, 2), "transfer"));
	assert_string_equal(str_at(l, 3, "manifest"), "0042");
	assert_null(json_object_get(json_array_get(l, 3), "transfer"));
	json_decref(l);
	json_decref(o);
	o = load("{\"success\":0,\"errorcode\":\"602\",\"error\":"
	    "\"No inbound transfers were found.\"}");
	assert_non_null(l = biotrack_manifest_list(o));
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);
	json_decref(o);
	o = load("{\"success\":0,\"errorcode\":\"602\",\"error\":"
	    "\"Please specify a valid license number.\"}");
	assert_null(biotrack_manifest_list(o));
	json_decref(o);

	/* A manifest's items. */
	o = load("{\"success\":\"1\",\"data\":[{\"barcode_id\":"
	    "\"6033571320007909\",\"quantity\":\"2246\",\"product\":"
	    "\"Flower Lot\",\"inventorytype\":13},{\"barcode_id\":"
	    "\"6033573300000126\",\"quantity\":\"1\",\"product\":"
	    "\"Dutch Treat 3.5 grams\"}]}");
	assert_non_null(l = biotrack_transfer_items(o, why, sizeof why));
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(str_at(l, 0, "tag"), "000000006033571320007909");
	assert_string_equal(str_at(l, 0, "product"), "Flower Lot");
	assert_int_equal(int_at(l, 0, "milli"), 2246000);
	assert_int_equal(int_at(l, 1, "milli"), 1000);
	json_decref(l);
	json_decref(o);
	o = load("{\"success\":1,\"data\":[{\"barcode_id\":\"12\","
	    "\"quantity\":\"1\",\"product\":\"X\"}]}");
	assert_null(biotrack_transfer_items(o, why, sizeof why));
	assert_non_null(strstr(why, "item 1"));
	json_decref(o);
	o = load("{\"success\":0,\"errorcode\":602,\"error\":"
	    "\"No outstanding inbound inventory items were found.\"}");
	assert_non_null(l = biotrack_transfer_items(o, why, sizeof why));
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);
	json_decref(o);

	/* The state's inventory, as packages to compare. */
	o = load("{\"success\":1,\"inventory\":[{\"id\":\"6033571320007909\","
	    "\"remaining_quantity\":\"12.5\",\"deleted\":\"0\"},{\"id\":"
	    "\"6033571320007910\",\"remaining_quantity\":\"4\",\"deleted\":"
	    "\"1\"},{\"id\":\"6033571320007911\",\"remaining_quantity\":"
	    "\"0\"},{\"id\":\"6033571320007912\",\"remaining_quantity\":3}]}");
	assert_non_null(l = biotrack_inventory(o, why, sizeof why));
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(str_at(l, 0, "Label"), "000000006033571320007909");
	assert_true(json_real_value(json_object_get(json_array_get(l, 0),
	    "Quantity")) == 12.5);
	assert_string_equal(str_at(l, 1, "Label"), "000000006033571320007912");
	json_decref(l);
	json_decref(o);
	o = load("{\"success\":0,\"errorcode\":\"602\",\"error\":\"Denied.\"}");
	assert_null(biotrack_inventory(o, why, sizeof why));
	assert_non_null(strstr(why, "Denied."));
	json_decref(o);
}

/*
 * A destruction's destroy held for the waiting period (outbox_destroy) is
 * not pending and does not age the deadline until it is due; a job in a
 * retry's backoff (due later, created earlier: Metrc's and every
 * adapter's) still is pending and still ages it.
 */
static void
test_held(void **state)
{
	struct fixture		*f;
	struct store_txn	 t;
	struct outbox_job	 first, j, old;
	struct outbox_stats	 os;
	struct outbox_deadline	 dl;
	struct adjust		 a;
	int64_t			 now = util_now();

	(void)state;
	assert_non_null(f = fixture_open("biotrack-held", 16 << 20));
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	memset(&a, 0, sizeof a);
	a.id = 4;
	a.kind = ADJUST_QTY;
	assert_int_equal(outbox_adjust(&t, &a), 0);
	assert_int_equal(outbox_get(&t, 1, &first), 0);
	old = first;
	outbox_done(&t, &first, now);
	outbox_put(&t, &old, &first);
	assert_int_equal(outbox_destroy(&t, &first,
	    now + INT64_C(72) * 3600 * 1000000), 0);
	assert_int_equal(outbox_get(&t, 2, &j), 0);
	assert_int_equal(j.kind, OUTBOX_DESTROY);
	assert_int_equal(j.state, OUTBOX_PENDING);
	assert_int_equal(j.link, 1);
	assert_int_equal(j.subject, 4);
	assert_string_equal(outbox_kind_name(j.kind), "destroy");

	outbox_stats(&t, &os);
	assert_int_equal(os.pending, 0);
	assert_int_equal(os.held, 1);
	assert_int_equal(os.oldest, 0);
	assert_int_equal(outbox_deadline_status(&t, NULL, 86400, util_now(),
	    &dl), 0);
	assert_int_equal(dl.oldest, 0);
	assert_false(outbox_late(&j, util_now()));

	/* A report in backoff: pending, and ageing, as before. */
	memset(&a, 0, sizeof a);
	a.id = 5;
	a.kind = ADJUST_QTY;
	assert_int_equal(outbox_adjust(&t, &a), 0);
	assert_int_equal(outbox_get(&t, 3, &j), 0);
	old = j;
	j.attempts = 1;
	j.due = now + INT64_C(3600) * 1000000;
	outbox_put(&t, &old, &j);
	outbox_stats(&t, &os);
	assert_int_equal(os.pending, 1);
	assert_int_equal(os.held, 1);
	assert_int_equal(os.oldest, j.created);
	assert_int_equal(outbox_deadline_status(&t, NULL, 86400, util_now(),
	    &dl), 0);
	assert_int_equal(dl.oldest, j.created);

	/* Once due, the destroy is owed: pending, ageing from then. */
	assert_int_equal(outbox_get(&t, 2, &j), 0);
	old = j;
	j.created = j.due = now - 1000000;
	outbox_put(&t, &old, &j);
	outbox_stats(&t, &os);
	assert_int_equal(os.pending, 2);
	assert_int_equal(os.held, 0);
	assert_int_equal(os.oldest, now - 1000000);
	store_abort(&t);
	fixture_teardown((void **)&f);
}

/*
 * Moves: inventory_move's request, sync_inventory_room's rows as the
 * state's rooms (deleted and unreadable rows left out), and the room for
 * our location: biotrack-rooms by number or by name, else the state's
 * room of our location's name in any case; none is an error that names
 * the setting and lists the state's rooms.
 */
static void
test_rooms(void **state)
{
	char		*j, *cause = NULL, why[OUTBOX_ERROR_MAX + 1];
	json_t		*o, *rooms, *map;
	int64_t		 room;

	(void)state;
	j = biotrack_move("000000006647210000000002", 102, "S1", "n7");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":"
	    "\"inventory_move\",\"data\":[{\"barcodeid\":\"6647210000000002\","
	    "\"room\":102}],\"nonce\":\"n7\",\"sessionid\":\"S1\"}");
	free(j);
	j = biotrack_sync("inventory_room", "S1", "n8");
	assert_string_equal(j, "{\"API\":\"4.0\",\"action\":"
	    "\"sync_inventory_room\",\"download\":1,\"nonce\":\"n8\","
	    "\"sessionid\":\"S1\",\"transaction_start\":0}");
	free(j);

	o = load("{\"success\":\"1\",\"inventory_room\":["
	    "{\"roomid\":\"101\",\"name\":\"Vault\",\"deleted\":\"0\"},"
	    "{\"roomid\":102,\"name\":\"Sales Floor\"},"
	    "{\"roomid\":\"103\",\"name\":\"Old Room\",\"deleted\":\"1\"},"
	    "{\"roomid\":\"x\",\"name\":\"Bad\"},{\"name\":\"No id\"},"
	    "{\"roomid\":\"104\"}]}");
	assert_non_null(rooms = biotrack_rooms(o, why, sizeof why));
	json_decref(o);
	assert_int_equal(json_array_size(rooms), 2);
	assert_int_equal(int_at(rooms, 0, "id"), 101);
	assert_string_equal(str_at(rooms, 0, "name"), "Vault");
	assert_int_equal(int_at(rooms, 1, "id"), 102);
	o = load("{\"success\":0,\"errorcode\":\"602\",\"error\":\"No.\"}");
	assert_null(biotrack_rooms(o, why, sizeof why));
	assert_non_null(strstr(why, "sync_inventory_room"));
	assert_non_null(strstr(why, "602"));
	json_decref(o);

	assert_null(biotrack_room_map("nowhere=5", &cause));
	assert_non_null(strstr(cause, "biotrack-rooms"));
	free(cause);
	assert_non_null(map = biotrack_room_map("floor=Sales floor; "
	    "vehicle:VAN1=77;quarantine=Nowhere", &cause));
	/* By name, any case; by biotrack-rooms' name; by its number. */
	assert_int_equal(biotrack_room(rooms, map, "vault", &room, why,
	    sizeof why), 0);
	assert_int_equal(room, 101);
	assert_int_equal(biotrack_room(rooms, map, "floor", &room, why,
	    sizeof why), 0);
	assert_int_equal(room, 102);
	assert_int_equal(biotrack_room(NULL, map, "vehicle:VAN1", &room, why,
	    sizeof why), 0);
	assert_int_equal(room, 77);
	/* None: what to set, and the state's rooms. */
	assert_int_equal(biotrack_room(rooms, map, "express", &room, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "express=ROOM to biotrack-rooms"));
	assert_non_null(strstr(why, "compliance retry"));
	assert_non_null(strstr(why, "101 Vault, 102 Sales Floor"));
	assert_int_equal(biotrack_room(rooms, map, "quarantine", &room, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "maps quarantine to \"Nowhere\""));
	assert_int_equal(biotrack_room(NULL, map, "vault", &room, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "could not be read"));
	json_decref(map);
	json_decref(rooms);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_held),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_rooms),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-biotrack", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("biotrack", tests, NULL, NULL));
}
