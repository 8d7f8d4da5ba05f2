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
 * The terminal's typed protocol layer (client-op-*.c): each reply parser
 * (sales, customers, items, pushed events, the queue, the drawer, the
 * state reporting) turns a reply's JSON, as stashd sends it, into its
 * struct, with no connection. What is
 * missing comes out as the documented default (NULL, 0, -1, unknown),
 * never as a guess.
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
	assert_non_null(j);
	return (j);
}

static void
test_quote(void **state)
{
	struct client_op_quote	 q;
	json_t			*j;

	(void)state;
	j = parse("{\"quote\":{\"ok\":false,\"total\":2345,\"tax\":345,"
	    "\"discount\":150,\"approval_required\":true,"
	    "\"error\":{\"code\":\"limit\",\"message\":\"flower 28 g\"},"
	    "\"taxes\":[{\"label\":\"Excise\",\"amount\":200},"
	    "{\"name\":\"Sales\",\"amount\":145},{\"amount\":1}],"
	    "\"discounts\":[{\"kind\":\"senior\",\"cart\":true,\"amount\":100},"
	    "{\"kind\":\"oneoff\",\"line\":2,\"amount\":50},"
	    "{\"kind\":\"loyalty\",\"amount\":300}]}}");
	assert_int_equal(client_op_sale_parse_quote(j, &q), 0);
	assert_true(q.has_total);
	assert_false(q.ok);
	assert_string_equal(q.error, "flower 28 g");
	assert_true(q.approval);
	assert_int_equal(q.total, 2345);
	assert_int_equal(q.tax, 345);
	assert_int_equal(q.discount, 150);
	assert_int_equal(q.ntaxes, 3);
	assert_string_equal(q.taxes[0].label, "Excise");
	assert_string_equal(q.taxes[1].label, "Sales");
	assert_string_equal(q.taxes[2].label, "tax");
	assert_int_equal(q.taxes[1].amount, 145);
	assert_int_equal(q.ndiscounts, 3);
	assert_string_equal(q.discounts[0].kind, "senior");
	assert_true(q.discounts[0].cart);
	assert_false(q.discounts[1].cart);
	assert_int_equal(q.discounts[1].line, 2);
	assert_int_equal(q.discounts[1].amount, 50);
	assert_string_equal(q.discounts[2].kind, "loyalty");
	assert_int_equal(q.discounts[2].amount, 300);
	json_decref(j);

	/* No total: no quote. */
	j = parse("{\"quote\":{\"ok\":true}}");
	assert_int_equal(client_op_sale_parse_quote(j, &q), -1);
	assert_false(q.has_total);
	json_decref(j);
}

static void
test_sale(void **state)
{
	struct client_op_sale	 s, m;
	json_t			*j;

	(void)state;
	j = parse("{\"id\":42,\"status\":\"complete\",\"time\":1700000000000000,"
	    "\"total\":5000,\"tendered\":6000,\"change\":1000,"
	    "\"card\":{\"amount\":2500,\"ref\":\"A1\"},"
	    "\"lines\":[{\"tag\":\"1A4FF0100000022000000001\",\"name\":\"OG\","
	    "\"unit\":\"weight\",\"qty\":3500,\"returned\":1000},"
	    "{\"tag\":\"1A4FF0100000022000000002\",\"name\":\"Gummies\","
	    "\"unit\":\"each\",\"qty\":2}]}");
	assert_int_equal(client_op_sale_parse_sale(j, &s), 0);
	json_decref(j);		/* the struct holds its own reference */
	assert_int_equal(s.id, 42);
	assert_string_equal(s.status, "complete");
	assert_int_equal(s.time, 1700000000000000LL);
	assert_int_equal(s.total, 5000);
	assert_int_equal(s.tendered, 6000);
	assert_int_equal(s.change, 1000);
	assert_int_equal(s.card, 2500);
	assert_int_equal(s.nlines, 2);
	assert_string_equal(s.lines[0].name, "OG");
	assert_true(s.lines[0].weighed);
	assert_int_equal(s.lines[0].qty, 3500);
	assert_int_equal(s.lines[0].returned, 1000);
	assert_false(s.lines[1].weighed);
	assert_int_equal(s.lines[1].returned, 0);
	assert_non_null(s.raw);

	memset(&m, 0, sizeof m);
	client_op_sale_move(&m, &s);
	assert_null(s.raw);
	assert_int_equal(m.id, 42);
	assert_string_equal(m.lines[1].name, "Gummies");
	client_op_sale_free(&m);
	client_op_sale_free(&s);

	/* Not an object: nothing. */
	j = parse("[1]");
	assert_int_equal(client_op_sale_parse_sale(j, &s), -1);
	assert_null(s.raw);
	assert_int_equal(s.nlines, 0);
	json_decref(j);
}

static void
test_sale_list(void **state)
{
	struct client_op_sale_list	 l;
	json_t				*j;

	(void)state;
	j = parse("{\"count\":2,\"total\":7000,\"sales\":[{\"id\":7,"
	    "\"time\":5,\"staff\":3,\"lines\":2,\"total\":5000,"
	    "\"status\":\"complete\"},{\"id\":8,\"total\":2000}]}");
	assert_int_equal(client_op_sale_parse_list(j, &l), 0);
	json_decref(j);
	assert_int_equal(l.count, 2);
	assert_int_equal(l.total, 7000);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.rows[0].id, 7);
	assert_int_equal(l.rows[0].staff, 3);
	assert_int_equal(l.rows[0].lines, 2);
	assert_string_equal(l.rows[0].status, "complete");
	assert_int_equal(l.rows[1].id, 8);
	assert_null(l.rows[1].status);
	client_op_sale_list_free(&l);
	assert_null(l.raw);
}

static void
test_return(void **state)
{
	struct client_op_return	 r;
	json_t			*j;

	(void)state;
	j = parse("{\"id\":3,\"refund\":1234,\"method\":\"card\","
	    "\"card_ref\":\"R9\",\"location\":\"quarantine\",\"lines\":["
	    "{\"tag\":\"1A4FF0100000022000000001\",\"qty\":1000,"
	    "\"refund\":1234}]}");
	assert_int_equal(client_op_sale_parse_return(j, &r), 0);
	json_decref(j);
	assert_int_equal(r.id, 3);
	assert_int_equal(r.refund, 1234);
	assert_string_equal(r.method, "card");
	assert_string_equal(r.card_ref, "R9");
	assert_string_equal(r.location, "quarantine");
	assert_int_equal(r.nlines, 1);
	assert_string_equal(r.lines[0].tag, "1A4FF0100000022000000001");
	assert_int_equal(r.lines[0].qty, 1000);
	assert_int_equal(r.lines[0].refund, 1234);
	client_op_sale_return_free(&r);
}

static void
test_customer(void **state)
{
	struct client_op_customer_info	 ci;
	struct client_op_customer_list	 l;
	struct client_op_customer	 c;
	char				 name[64];
	json_t				*j;

	(void)state;
	j = parse("{\"customer\":{\"id\":9,\"first\":\"Ann\",\"last\":\"Lee\","
	    "\"type\":\"caregiver\",\"phone\":\"555\",\"dob\":\"1980-02-03\","
	    "\"id_doc\":{\"number\":\"D123\"},\"loyalty\":250,"
	    "\"patients\":[11,12]},\"eligible\":{\"ok\":false,"
	    "\"reason\":\"card expired\"},\"limits\":{\"pools\":[{\"name\":"
	    "\"flower\",\"unit\":\"mg\",\"window\":\"day\",\"remaining\":0,"
	    "\"cap\":28000}]}}");
	assert_int_equal(client_op_customer_parse_info(j, &ci), 0);
	json_decref(j);
	assert_int_equal(ci.customer.id, 9);
	assert_string_equal(ci.customer.type, "caregiver");
	assert_string_equal(ci.customer.id_number, "D123");
	assert_int_equal(ci.customer.loyalty, 250);
	assert_int_equal(ci.customer.npatients, 2);
	assert_int_equal(ci.customer.patients[1], 12);
	assert_int_equal(ci.eligible, 0);
	assert_string_equal(ci.reason, "card expired");
	assert_int_equal(ci.limits, CLIENT_OP_LIMITS_POOLS);
	assert_int_equal(ci.npools, 1);
	assert_string_equal(ci.pools[0].unit, "mg");
	assert_int_equal(ci.pools[0].cap, 28000);
	assert_int_equal(ci.pools[0].remaining, 0);
	client_op_customer_name(&ci.customer, name, sizeof name);
	assert_string_equal(name, "Ann Lee");

	/* A copy outlives the original. */
	client_op_customer_copy(&c, &ci.customer);
	client_op_customer_info_free(&ci);
	assert_string_equal(c.last, "Lee");
	client_op_customer_free(&c);

	/* Limits off; eligibility not said yet. */
	j = parse("{\"customer\":{\"id\":5,\"first\":\"Bo\"},\"limits\":null}");
	assert_int_equal(client_op_customer_parse_info(j, &ci), 0);
	json_decref(j);
	assert_int_equal(ci.eligible, CLIENT_OP_ELIGIBLE_UNKNOWN);
	assert_int_equal(ci.limits, CLIENT_OP_LIMITS_OFF);
	client_op_customer_name(&ci.customer, name, sizeof name);
	assert_string_equal(name, "Bo");
	client_op_customer_info_free(&ci);

	/* No customer: nothing. */
	j = parse("{\"eligible\":{\"ok\":true}}");
	assert_int_equal(client_op_customer_parse_info(j, &ci), -1);
	json_decref(j);
	client_op_customer_info_free(&ci);

	j = parse("{\"customers\":[{\"id\":1,\"last\":\"A\"},\"junk\","
	    "{\"id\":2,\"last\":\"B\"}]}");
	assert_int_equal(client_op_customer_parse_list(j, &l), 0);
	json_decref(j);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.list[1].id, 2);
	assert_string_equal(l.list[1].last, "B");
	client_op_customer_list_free(&l);
}

static void
test_item(void **state)
{
	struct client_op_item		 it;
	struct client_op_product_list	 l;
	json_t				*j;

	(void)state;
	j = parse("{\"tag\":\"1A4FF0100000022000000001\",\"product\":{"
	    "\"id\":4,\"name\":\"OG\",\"sku\":\"OG-1\",\"unit\":\"weight\","
	    "\"price\":1200},\"batch\":\"B1\",\"supplier\":\"S\","
	    "\"qty\":14000}");
	assert_int_equal(client_op_item_parse_item(j, &it), 0);
	json_decref(j);
	assert_string_equal(it.tag, "1A4FF0100000022000000001");
	assert_true(it.product_ok);
	assert_int_equal(it.product, 4);
	assert_string_equal(it.unit, "weight");
	assert_int_equal(it.price, 1200);
	assert_string_equal(it.batch, "B1");
	assert_int_equal(it.onhand, 14000);
	client_op_item_free(&it);

	/* No product, no price, no stock: said so, not guessed. */
	j = parse("{\"tag\":7,\"product\":{\"price\":-5}}");
	assert_int_equal(client_op_item_parse_item(j, &it), 0);
	json_decref(j);
	assert_null(it.tag);
	assert_true(it.product_ok);
	assert_int_equal(it.price, -1);
	assert_int_equal(it.onhand, -1);
	client_op_item_free(&it);
	j = parse("{\"tag\":\"x\"}");
	assert_int_equal(client_op_item_parse_item(j, &it), 0);
	json_decref(j);
	assert_false(it.product_ok);
	client_op_item_free(&it);

	j = parse("{\"products\":[{\"name\":\"OG\",\"sku\":\"OG-1\","
	    "\"unit\":\"weight\",\"price\":1200,\"stock\":14000},"
	    "{\"name\":\"Gum\"}]}");
	assert_int_equal(client_op_item_parse_products(j, &l), 0);
	json_decref(j);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.list[0].stock, 14000);
	assert_null(l.list[1].sku);
	assert_int_equal(l.list[1].price, 0);
	client_op_item_products_free(&l);
}

static void
test_event(void **state)
{
	struct client_op_event	 ev;
	json_t			*j;

	(void)state;
	j = parse("{\"event\":\"hold\",\"state\":\"set\",\"scope\":\"batch\","
	    "\"key\":\"B1\",\"reason\":\"lab\",\"recall\":true}");
	assert_int_equal(client_op_event_parse(j, &ev), 0);
	assert_int_equal(ev.type, CLIENT_OP_EVENT_HOLD);
	assert_string_equal(ev.name, "hold");
	assert_string_equal(ev.state, "set");
	assert_string_equal(ev.scope, "batch");
	assert_string_equal(ev.key, "B1");
	assert_string_equal(ev.reason, "lab");
	assert_true(ev.recall);
	assert_false(ev.has_qty);
	json_decref(j);

	j = parse("{\"event\":\"stock\",\"tag\":\"T\",\"qty\":0}");
	assert_int_equal(client_op_event_parse(j, &ev), 0);
	assert_int_equal(ev.type, CLIENT_OP_EVENT_STOCK);
	assert_string_equal(ev.tag, "T");
	assert_true(ev.has_qty);
	assert_int_equal(ev.qty, 0);
	json_decref(j);

	j = parse("{\"state\":\"ready\"}");
	assert_int_equal(client_op_event_parse(j, &ev), -1);
	json_decref(j);
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
test_customer_door(void **state)
{
	struct client_op_customer_info	 ci;
	struct client_op_customer_list	 l;
	json_t				*j;

	(void)state;
	j = parse("{\"customer\":{\"id\":12,\"first\":\"Ann\",\"last\":"
	    "\"Bee\",\"type\":\"medical\",\"dob\":\"1980-02-03\",\"id_doc\":"
	    "{\"number\":\"D123\",\"expires\":\"2030-01-01\"},\"card\":"
	    "{\"number\":\"MC1\"}},\"eligible\":{\"ok\":false,\"reason\":"
	    "\"card expired\"},\"state\":{\"status\":\"inactive\","
	    "\"message\":\"revoked\"}}");
	assert_int_equal(client_op_customer_parse_info(j, &ci), 0);
	json_decref(j);
	assert_int_equal(ci.customer.id, 12);
	assert_string_equal(ci.customer.first, "Ann");
	assert_string_equal(ci.customer.type, "medical");
	assert_string_equal(ci.customer.dob, "1980-02-03");
	assert_string_equal(ci.customer.id_number, "D123");
	assert_string_equal(ci.customer.id_expires, "2030-01-01");
	assert_int_equal(ci.customer.has_card, 1);
	assert_null(ci.customer.card_expires);
	assert_int_equal(ci.eligible, 0);
	assert_string_equal(ci.reason, "card expired");
	assert_string_equal(ci.state.status, "inactive");
	assert_string_equal(ci.state.message, "revoked");
	client_op_customer_info_free(&ci);

	j = parse("{\"eligible\":{\"ok\":true}}");
	assert_int_equal(client_op_customer_parse_info(j, &ci), -1);
	json_decref(j);

	j = parse("{\"customers\":[{\"id\":1,\"id_doc\":{\"number\":\"X\"}},"
	    "{\"id\":2}]}");
	assert_int_equal(client_op_customer_parse_list(j, &l), 0);
	json_decref(j);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.list[0].id_number, "X");
	assert_null(l.list[1].id_number);
	assert_null(l.list[1].id_expires);
	assert_int_equal(l.list[1].has_card, 0);
	assert_int_equal(l.list[1].id, 2);
	client_op_customer_list_free(&l);

	j = parse("{\"customers\":7}");
	assert_int_equal(client_op_customer_parse_list(j, &l), -1);
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
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_sale),
		cmocka_unit_test(test_sale_list),
		cmocka_unit_test(test_return),
		cmocka_unit_test(test_customer),
		cmocka_unit_test(test_item),
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_event_queue),
		cmocka_unit_test(test_event_session),
		cmocka_unit_test(test_queue_list),
		cmocka_unit_test(test_customer_door),
		cmocka_unit_test(test_drawer),
		cmocka_unit_test(test_z_report),
		cmocka_unit_test(test_compliance),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
