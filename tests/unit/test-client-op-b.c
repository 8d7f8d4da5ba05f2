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
 * The terminal's typed replies (client-op-*.c): pushed events, the queue,
 * the door's customer look-ups and the cash drawer, parsed from JSON as
 * stashd sends it (doc/protocol.md), without a connection.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "client-op.h"

static json_t *
parse(const char *text)
{
	json_error_t	 e;
	json_t		*j;

	j = json_loads(text, 0, &e);
	if (j == NULL)
		fail_msg("bad test JSON: %s", e.text);
	return (j);
}

static void
test_event_queue(void **state)
{
	struct client_op_event	 ev;
	json_t			*j;

	(void)state;
	j = parse("{\"event\":\"queue\",\"state\":\"added\",\"entry\":"
	    "{\"ticket\":7,\"customer\":41,\"name\":\"Ann B.\",\"added\":"
	    "1700000000000000,\"state\":{\"status\":\"active\","
	    "\"available_moz\":{\"flower\":2500}}}}");
	assert_int_equal(client_op_event_parse(j, &ev), 0);
	assert_int_equal(ev.type, CLIENT_OP_EVENT_QUEUE);
	assert_string_equal(ev.state, "added");
	assert_int_equal(ev.entry.ticket, 7);
	assert_int_equal(ev.entry.customer, 41);
	assert_int_equal(ev.entry.added, 1700000000000000LL);
	assert_string_equal(ev.entry.name, "Ann B.");
	assert_string_equal(ev.entry.state.status, "active");
	assert_int_equal(ev.entry.state.has_flower, 1);
	assert_int_equal(ev.entry.state.flower_moz, 2500);
	assert_ptr_equal(ev.raw, j);
	json_decref(j);

	/* A queue event without a ticket is not one the queue can use. */
	j = parse("{\"event\":\"queue\",\"state\":\"left\",\"entry\":{}}");
	assert_int_equal(client_op_event_parse(j, &ev), 0);
	assert_int_equal(ev.type, CLIENT_OP_EVENT_OTHER);
	json_decref(j);

	/* No "event": not an event at all. */
	j = parse("{\"state\":\"added\"}");
	assert_int_equal(client_op_event_parse(j, &ev), -1);
	json_decref(j);
}

static void
test_event_session(void **state)
{
	struct client_op_event	 ev;
	json_t			*j;

	(void)state;
	j = parse("{\"event\":\"session\",\"state\":\"expired\",\"message\":"
	    "\"logged out after 15 minutes idle\"}");
	assert_int_equal(client_op_event_parse(j, &ev), 0);
	assert_int_equal(ev.type, CLIENT_OP_EVENT_SESSION);
	assert_string_equal(ev.state, "expired");
	assert_string_equal(ev.message, "logged out after 15 minutes idle");
	json_decref(j);

	j = parse("{\"event\":\"hold\",\"state\":\"set\"}");
	assert_int_equal(client_op_event_parse(j, &ev), 0);
	assert_int_equal(ev.type, CLIENT_OP_EVENT_HOLD);
	json_decref(j);
}

static void
test_queue_list(void **state)
{
	struct client_op_queue_list	 ql;
	struct client_op_queue_entry	 qe;
	json_t				*j;

	(void)state;
	j = parse("{\"waiting\":[{\"ticket\":3,\"name\":\"A\"},"
	    "{\"name\":\"no ticket\"},{\"ticket\":5,\"name\":\"B\","
	    "\"state\":{\"status\":\"unreachable\",\"policy\":\"admit\","
	    "\"admit\":true}}]}");
	assert_int_equal(client_op_queue_parse_list(j, &ql), 0);
	assert_int_equal(ql.n, 2);
	assert_int_equal(ql.entries[0].ticket, 3);
	assert_int_equal(ql.entries[1].ticket, 5);
	assert_string_equal(ql.entries[1].state.policy, "admit");
	assert_int_equal(ql.entries[1].state.admit, 1);
	assert_int_equal(ql.entries[1].state.has_flower, 0);
	assert_int_equal(client_op_queue_list_find(&ql, 5), 1);
	assert_int_equal(client_op_queue_list_find(&ql, 4), -1);

	memset(&qe, 0, sizeof qe);
	qe.ticket = 9;
	client_op_queue_list_add(&ql, &qe);
	client_op_queue_list_remove(&ql, 0);
	assert_int_equal(ql.n, 2);
	assert_int_equal(ql.entries[0].ticket, 5);
	assert_int_equal(ql.entries[1].ticket, 9);
	client_op_queue_list_remove(&ql, 7);
	assert_int_equal(ql.n, 2);
	client_op_queue_list_free(&ql);
	assert_int_equal(ql.n, 0);
	json_decref(j);

	j = parse("{\"waiting\":{}}");
	assert_int_equal(client_op_queue_parse_list(j, &ql), -1);
	json_decref(j);
}

static void
test_door_verdict(void **state)
{
	struct client_op_door_verdict	 dv;
	struct client_op_door_found	 df;
	json_t				*j;

	(void)state;
	j = parse("{\"customer\":{\"id\":12,\"first\":\"Ann\",\"last\":"
	    "\"Bee\",\"type\":\"medical\",\"dob\":\"1980-02-03\",\"id_doc\":"
	    "{\"number\":\"D123\",\"expires\":\"2030-01-01\"},\"card\":"
	    "{\"number\":\"MC1\"}},\"eligible\":{\"ok\":false,\"reason\":"
	    "\"card expired\"},\"state\":{\"status\":\"inactive\","
	    "\"message\":\"revoked\"}}");
	assert_int_equal(client_op_door_parse_verdict(j, &dv), 0);
	assert_int_equal(dv.customer.id, 12);
	assert_string_equal(dv.customer.name, "Ann Bee");
	assert_string_equal(dv.customer.type, "medical");
	assert_string_equal(dv.customer.dob, "1980-02-03");
	assert_string_equal(dv.customer.id_number, "D123");
	assert_int_equal(dv.customer.has_id_expires, 1);
	assert_string_equal(dv.customer.id_expires, "2030-01-01");
	assert_int_equal(dv.customer.has_card, 1);
	assert_int_equal(dv.customer.has_card_expires, 0);
	assert_int_equal(dv.eligible, 0);
	assert_int_equal(dv.has_reason, 1);
	assert_string_equal(dv.reason, "card expired");
	assert_string_equal(dv.state.status, "inactive");
	assert_string_equal(dv.state.message, "revoked");
	json_decref(j);

	j = parse("{\"eligible\":{\"ok\":true}}");
	assert_int_equal(client_op_door_parse_verdict(j, &dv), -1);
	json_decref(j);

	j = parse("{\"customers\":[{\"id\":1,\"id_doc\":{\"number\":\"X\"}},"
	    "{\"id\":2}]}");
	assert_int_equal(client_op_door_parse_found(j, &df), 0);
	assert_int_equal(df.n, 2);
	assert_string_equal(df.customers[0].id_number, "X");
	assert_string_equal(df.customers[1].id_number, "");
	assert_int_equal(df.customers[1].id, 2);
	client_op_door_found_free(&df);
	json_decref(j);

	j = parse("{\"customers\":7}");
	assert_int_equal(client_op_door_parse_found(j, &df), -1);
	json_decref(j);
}

static void
test_drawer(void **state)
{
	struct client_op_drawer	 dr;
	json_t			*j;

	(void)state;
	j = parse("{\"id\":4,\"status\":\"closed\",\"terminal\":\"reg-1\","
	    "\"float\":20000,\"cash\":5000,\"drops\":1000,\"expected\":24000,"
	    "\"counted\":23900,\"over_short\":-100,\"refunds\":{\"count\":2,"
	    "\"cash\":300,\"card\":700}}");
	assert_int_equal(client_op_drawer_parse(j, &dr), 0);
	assert_int_equal(dr.id, 4);
	assert_string_equal(dr.status, "closed");
	assert_string_equal(dr.terminal, "reg-1");
	assert_int_equal(dr.float_cash, 20000);
	assert_int_equal(dr.expected, 24000);
	assert_int_equal(dr.over_short, -100);
	assert_int_equal(dr.refunds_count, 2);
	assert_int_equal(dr.refunds_cash, 300);
	assert_int_equal(dr.refunds_card, 700);
	assert_int_equal(dr.opened, 0);
	json_decref(j);

	j = parse("[1]");
	assert_int_equal(client_op_drawer_parse(j, &dr), -1);
	json_decref(j);
}

static void
test_z_report(void **state)
{
	struct client_op_z_report	 z;
	json_t				*j;

	(void)state;
	j = parse("{\"date\":\"2026-03-01\",\"registers\":{\"reg-1\":"
	    "{\"sales\":3,\"total\":9000,\"refunds\":1,\"refunds_cash\":50},"
	    "\"reg-2\":{\"sales\":1}},\"store\":{\"sales\":4,\"total\":9500},"
	    "\"drawers\":[{\"id\":1,\"closed\":5},\"junk\",{\"id\":2}]}");
	assert_int_equal(client_op_drawer_parse_z(j, &z), 0);
	assert_string_equal(z.date, "2026-03-01");
	assert_int_equal(z.nregisters, 2);
	assert_string_equal(z.registers[0].name, "reg-1");
	assert_int_equal(z.registers[0].total, 9000);
	assert_int_equal(z.registers[0].refunds_cash, 50);
	assert_string_equal(z.registers[1].name, "reg-2");
	assert_string_equal(z.store.name, "STORE");
	assert_int_equal(z.store.sales, 4);
	assert_int_equal(z.ndrawers, 2);
	assert_int_equal(z.drawers[0].closed, 5);
	assert_int_equal(z.drawers[1].id, 2);
	client_op_drawer_z_free(&z);
	json_decref(j);

	j = parse("{\"date\":\"2026-03-02\"}");
	assert_int_equal(client_op_drawer_parse_z(j, &z), 0);
	assert_int_equal(z.nregisters, 0);
	assert_int_equal(z.ndrawers, 0);
	client_op_drawer_z_free(&z);
	json_decref(j);
}

static void
test_compliance(void **state)
{
	struct client_op_compliance_status	 st;
	struct client_op_compliance_exceptions	 ex;
	struct client_op_compliance_recon	 rc;
	json_t					*j;

	(void)state;
	j = parse("{\"enabled\":true,\"pending\":3,\"exceptions\":1,"
	    "\"deadline\":86400,\"deadline_left\":-5,\"deadline_type\":"
	    "\"medical\",\"oldest_unreported\":100,\"last_contact\":null,"
	    "\"broken\":false,\"warning\":\"\"}");
	client_op_compliance_parse_status(j, &st);
	assert_int_equal(st.enabled, 1);
	assert_int_equal(st.pending, 3);
	assert_int_equal(st.deadline_left, -5);
	assert_string_equal(st.deadline_type, "medical");
	assert_int_equal(st.has_oldest, 1);
	assert_int_equal(st.oldest_unreported, 100);
	assert_int_equal(st.has_last_contact, 0);
	assert_int_equal(st.has_warning, 1);
	assert_string_equal(st.warning, "");
	json_decref(j);

	j = parse("{\"exceptions\":[{\"job\":9,\"kind\":\"receipt\","
	    "\"ref\":\"r-1\",\"attempts\":2,\"message\":\"no such "
	    "package\"}],\"more\":true}");
	assert_int_equal(client_op_compliance_parse_exceptions(j, &ex), 0);
	assert_int_equal(ex.n, 1);
	assert_int_equal(ex.more, 1);
	assert_int_equal(ex.list[0].job, 9);
	assert_string_equal(ex.list[0].ref, "r-1");
	assert_string_equal(ex.list[0].message, "no such package");
	client_op_compliance_exceptions_free(&ex);
	json_decref(j);

	j = parse("{\"compared\":50,\"explained\":[1,2],\"held\":[],"
	    "\"differences\":[{\"tag\":\"T1\",\"kind\":\"quantity\","
	    "\"unit\":\"mg\",\"ours\":1500,\"state\":null,\"pending\":"
	    "[{\"job\":4,\"kind\":\"receipt\",\"effect\":-1,\"state\":"
	    "\"exception\",\"uncertain\":true}]},{\"tag\":\"T2\","
	    "\"ours\":\"Active\"}]}");
	assert_int_equal(client_op_compliance_parse_recon(j, &rc), 0);
	assert_int_equal(rc.compared, 50);
	assert_int_equal(rc.nexplained, 2);
	assert_int_equal(rc.nheld, 0);
	assert_int_equal(rc.ndiffs, 2);
	assert_int_equal(rc.diffs[0].ours.type, CLIENT_OP_FIGURE_INT);
	assert_int_equal(rc.diffs[0].ours.n, 1500);
	assert_int_equal(rc.diffs[0].state.type, CLIENT_OP_FIGURE_NONE);
	assert_int_equal(rc.diffs[0].npending, 1);
	assert_int_equal(rc.diffs[0].pending[0].effect, -1);
	assert_int_equal(rc.diffs[0].pending[0].uncertain, 1);
	assert_int_equal(rc.diffs[1].ours.type, CLIENT_OP_FIGURE_STR);
	assert_string_equal(rc.diffs[1].ours.s, "Active");
	client_op_compliance_recon_free(&rc);
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_queue),
		cmocka_unit_test(test_event_session),
		cmocka_unit_test(test_queue_list),
		cmocka_unit_test(test_door_verdict),
		cmocka_unit_test(test_drawer),
		cmocka_unit_test(test_z_report),
		cmocka_unit_test(test_compliance),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
