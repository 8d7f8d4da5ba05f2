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
 * state reporting, packages, traces, stock lists and manifests) turns a reply's JSON, as stashd sends it, into its
 * struct, with no connection. What is
 * missing comes out as the documented default (NULL, 0, -1, unknown),
 * never as a guess.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "client-op.h"
#include "report.h"

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

	assert_false(q.has_limits);	/* no "limits": off */

	/* The pools with the cart counted. */
	j = parse("{\"quote\":{\"total\":100,\"ok\":false,\"limits\":"
	    "{\"verdict\":\"reject\",\"pools\":[{\"name\":\"co_adult_day\","
	    "\"window\":\"day\",\"used\":29000,\"cap\":28349,"
	    "\"remaining\":0,\"unit\":\"mg\",\"over\":true},"
	    "{\"name\":\"conc\",\"window\":\"day\",\"used\":1,\"cap\":8000,"
	    "\"remaining\":7999,\"unit\":\"mg\",\"over\":false}]}}}");
	assert_int_equal(client_op_sale_parse_quote(j, &q), 0);
	assert_true(q.has_limits);
	assert_int_equal(q.npools, 2);
	assert_string_equal(q.pools[0].name, "co_adult_day");
	assert_string_equal(q.pools[0].unit, "mg");
	assert_string_equal(q.pools[0].window, "day");
	assert_int_equal(q.pools[0].used, 29000);
	assert_int_equal(q.pools[0].cap, 28349);
	assert_true(q.pools[0].over);
	assert_false(q.pools[1].over);
	assert_int_equal(q.pools[1].remaining, 7999);
	json_decref(j);

	/* No total: no quote. */
	j = parse("{\"quote\":{\"ok\":true}}");
	assert_int_equal(client_op_sale_parse_quote(j, &q), -1);
	assert_false(q.has_total);
	json_decref(j);
}

/* stashd's words for administrators become staff's, in one place. */
static void
test_staff_message(void **state)
{
	char	b[256];

	(void)state;
	client_op_staff_message("permission", "Dana (budtender) may not "
	    "package.move: needs permission inventory.receive", b, sizeof b);
	assert_string_equal(b, "Not allowed for a budtender: ask a manager to "
	    "do it, or to log in here");
	client_op_staff_message("", "customer 12 is 36: senior discount is "
	    "from 65 (option senior-age)", b, sizeof b);
	assert_string_equal(b, "the customer is 36: senior discount is from "
	    "65 (the store's setting)");
	client_op_staff_message("internal", "ledger error: MDB_CORRUPTED", b,
	    sizeof b);
	assert_null(strstr(b, "MDB"));
	client_op_staff_message("limit", "pool co_adult_day (day): over", b,
	    sizeof b);
	assert_string_equal(b, "pool co_adult_day (day): over");
	client_op_staff_message("permission", "only a manager may type a date "
	    "of birth", b, sizeof b);
	assert_string_equal(b, "only a manager may type a date of birth");
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
	assert_int_equal(st.approval_expires, 0);
	assert_int_equal(st.outage_since, 0);
	json_decref(j);
	/* BioTrack v2024's approval and outage. */
	j = parse("{\"approval_expires\":1795726980,\"approval_warning\":"
	    "\"renew\",\"outage_since\":1795700000,\"outage_notice_due\":"
	    "1795710800}");
	client_op_compliance_parse_status(j, &st);
	assert_int_equal(st.approval_expires, 1795726980);
	assert_string_equal(st.approval_warning, "renew");
	assert_int_equal(st.outage_since, 1795700000);
	assert_int_equal(st.outage_notice_due, 1795710800);
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

#define T1	"1A4000000000000000000001"
#define T2	"1A4000000000000000000002"

static void
test_package(void **state)
{
	struct client_op_package	 pk, kept;
	json_t				*j;

	(void)state;
	/* package.get, as stashd answers it. */
	j = parse("{\"package\":{\"tag\":\"" T1 "\",\"batch\":\"B-7\","
	    "\"supplier\":\"LIC-9\",\"qty\":3500,\"received_qty\":28000,"
	    "\"status\":\"hold\",\"location\":\"vault\",\"harvested\":20261001,"
	    "\"packaged\":20261015,\"expires\":20270415,\"unit_cost\":900,"
	    "\"lab\":{\"status\":\"pass\",\"thc\":221,\"cbd\":5,"
	    "\"lab\":\"LAB-1\",\"tested\":20261010,\"expires\":20271010},"
	    "\"product\":{\"id\":3,\"sku\":\"FL-BD\",\"name\":\"Blue Dream\","
	    "\"category\":\"flower\",\"unit\":\"weight\",\"price\":1200,"
	    "\"thc\":221},\"hold\":{\"scope\":\"batch\",\"key\":\"B-7\","
	    "\"recall\":true,\"reason\":\"mould\"}},"
	    "\"history\":[{\"id\":1,\"time\":100,\"kind\":\"move\",\"delta\":0,"
	    "\"qty_after\":28000,\"reason\":\"\",\"note\":\"\",\"from\":\"floor\","
	    "\"to\":\"vault\",\"staff\":2,\"witness\":0,\"terminal\":\"reg-1\"},"
	    "{\"id\":2,\"time\":200,\"kind\":\"adjust\",\"delta\":-24500,"
	    "\"qty_after\":3500,\"reason\":\"destruction\",\"note\":\"scale\","
	    "\"from\":\"\",\"to\":\"\",\"staff\":2,\"witness\":5,"
	    "\"terminal\":\"reg-1\",\"weight\":\"scale\"}]}");
	assert_int_equal(client_op_inventory_parse_get(j, &pk), 0);
	assert_string_equal(pk.tag, T1);
	assert_string_equal(pk.batch, "B-7");
	assert_string_equal(pk.supplier, "LIC-9");
	assert_int_equal(pk.qty, 3500);
	assert_int_equal(pk.received_qty, 28000);
	assert_string_equal(pk.status, "hold");
	assert_string_equal(pk.location, "vault");
	assert_int_equal(pk.harvested, 20261001);
	assert_int_equal(pk.expires, 20270415);
	assert_int_equal(pk.unit_cost, 900);
	assert_string_equal(pk.lab.status, "pass");
	assert_int_equal(pk.lab.thc, 221);
	assert_int_equal(pk.lab.cbd, 5);
	assert_string_equal(pk.lab.lab, "LAB-1");
	assert_int_equal(pk.lab.tested, 20261010);
	assert_int_equal(pk.lab.expires, 20271010);
	assert_true(pk.has_product);
	assert_int_equal(pk.product, 3);
	assert_string_equal(pk.sku, "FL-BD");
	assert_string_equal(pk.name, "Blue Dream");
	assert_true(pk.weighed);
	assert_true(pk.has_hold);
	assert_true(pk.hold.recall);
	assert_string_equal(pk.hold.scope, "batch");
	assert_string_equal(pk.hold.reason, "mould");
	assert_int_equal(pk.nhistory, 2);
	assert_true(pk.history[0].move);
	assert_string_equal(pk.history[0].from, "floor");
	assert_string_equal(pk.history[0].to, "vault");
	assert_false(pk.history[1].move);
	assert_int_equal(pk.history[1].delta, -24500);
	assert_int_equal(pk.history[1].qty_after, 3500);
	assert_int_equal(pk.history[1].witness, 5);
	assert_string_equal(pk.history[1].reason, "destruction");
	assert_string_equal(pk.history[1].weight, "scale");

	/* Taken, the package is the keeper's; the reply's is empty. */
	memset(&kept, 0, sizeof kept);
	client_op_package_take(&kept, &pk);
	assert_int_equal(pk.nhistory, 0);
	assert_null(pk.history);
	assert_int_equal(kept.nhistory, 2);
	client_op_package_free(&pk);
	client_op_package_free(&kept);
	json_decref(j);

	/* package.move: no product, no hold, no history; counted in units. */
	j = parse("{\"package\":{\"tag\":\"" T2 "\",\"qty\":4,"
	    "\"status\":\"active\",\"location\":\"floor\"}}");
	assert_int_equal(client_op_inventory_parse_get(j, &pk), 0);
	assert_false(pk.has_product);
	assert_false(pk.has_hold);
	assert_false(pk.weighed);
	assert_int_equal(pk.nhistory, 0);
	assert_string_equal(pk.lab.status, "");
	assert_string_equal(pk.name, "");
	client_op_package_free(&pk);
	json_decref(j);

	/* No package in the reply is refused, not guessed. */
	j = parse("{\"history\":[]}");
	assert_int_equal(client_op_inventory_parse_get(j, &pk), -1);
	client_op_package_free(&pk);
	json_decref(j);
}

static void
test_trace(void **state)
{
	struct client_op_trace	 t;
	struct client_op_hold_list hl;
	json_t			*j;

	(void)state;
	j = parse("{\"scope\":\"batch\",\"key\":\"B-7\",\"packages\":["
	    "{\"tag\":\"" T1 "\",\"qty\":2,\"received_qty\":10,"
	    "\"status\":\"active\",\"location\":\"floor\",\"product\":"
	    "{\"id\":1,\"unit\":\"each\"},\"sold\":8,\"sales\":["
	    "{\"sale\":41,\"time\":5,\"terminal\":\"reg-1\",\"staff\":2,"
	    "\"qty\":3,\"status\":\"complete\"},{\"sale\":42,\"time\":6,"
	    "\"terminal\":\"reg-2\",\"staff\":3,\"qty\":5,\"status\":\"void\"}],"
	    "\"history\":[{\"id\":9,\"kind\":\"adjust\",\"delta\":-1}]},"
	    "{\"tag\":\"" T2 "\",\"continued\":true,\"sales\":[]}],"
	    "\"totals\":{\"received\":10,\"on_hand\":2,\"sold\":8,"
	    "\"voided\":5},\"truncated\":true,\"next\":{\"tag\":\"" T2 "\","
	    "\"sale\":42}}");
	assert_int_equal(client_op_inventory_parse_trace(j, &t), 0);
	assert_string_equal(t.scope, "batch");
	assert_string_equal(t.key, "B-7");
	assert_int_equal(t.npackages, 2);
	assert_int_equal(t.packages[0].sold, 8);
	assert_int_equal(t.packages[0].nsales, 2);
	assert_int_equal(t.packages[0].sales[0].sale, 41);
	assert_string_equal(t.packages[0].sales[0].terminal, "reg-1");
	assert_false(t.packages[0].sales[0].void_);
	assert_true(t.packages[0].sales[1].void_);
	assert_int_equal(t.packages[0].sales[1].qty, 5);
	assert_int_equal(t.packages[0].nhistory, 1);
	assert_false(t.packages[0].continued);
	assert_true(t.packages[1].continued);
	assert_int_equal(t.packages[1].nsales, 0);
	assert_int_equal(t.received, 10);
	assert_int_equal(t.on_hand, 2);
	assert_int_equal(t.sold, 8);
	assert_int_equal(t.voided, 5);
	assert_true(t.truncated);
	client_op_inventory_trace_free(&t);
	json_decref(j);

	j = parse("{\"error\":\"no packages\"}");
	assert_int_equal(client_op_inventory_parse_trace(j, &t), -1);
	client_op_inventory_trace_free(&t);
	json_decref(j);

	j = parse("{\"holds\":[{\"scope\":\"product\",\"key\":\"3\","
	    "\"recall\":false,\"reason\":\"count\",\"staff\":2,\"time\":7},"
	    "{\"scope\":\"package\",\"key\":\"" T1 "\",\"recall\":true,"
	    "\"reason\":\"lab: no lab result\",\"staff\":0,\"time\":8}]}");
	assert_int_equal(client_op_inventory_parse_holds(j, &hl), 0);
	assert_int_equal(hl.n, 2);
	assert_string_equal(hl.list[0].scope, "product");
	assert_false(hl.list[0].recall);
	assert_int_equal(hl.list[0].staff, 2);
	assert_int_equal(hl.list[0].time, 7);
	assert_true(hl.list[1].recall);
	assert_string_equal(hl.list[1].key, T1);
	client_op_inventory_holds_free(&hl);
	json_decref(j);
}

/* hold.preview: with a product, and without (a batch). */
static void
test_hold_preview(void **state)
{
	struct client_op_hold_preview	 p;
	json_t				*j;

	(void)state;
	j = parse("{\"scope\":\"product\",\"key\":\"3\",\"packages\":2,"
	    "\"units\":40,\"mg\":0,\"product\":{\"id\":3,\"sku\":\"FL-1\","
	    "\"name\":\"OG\"}}");
	assert_int_equal(client_op_inventory_parse_preview(j, &p), 0);
	assert_string_equal(p.scope, "product");
	assert_string_equal(p.key, "3");
	assert_int_equal(p.packages, 2);
	assert_int_equal(p.units, 40);
	assert_true(p.has_product);
	assert_string_equal(p.sku, "FL-1");
	assert_string_equal(p.name, "OG");
	json_decref(j);
	j = parse("{\"scope\":\"batch\",\"key\":\"B\",\"packages\":1,"
	    "\"units\":0,\"mg\":3500}");
	assert_int_equal(client_op_inventory_parse_preview(j, &p), 0);
	assert_false(p.has_product);
	assert_int_equal(p.mg, 3500);
	json_decref(j);
	j = parse("{\"scope\":\"batch\"}");
	assert_int_equal(client_op_inventory_parse_preview(j, &p), -1);
	json_decref(j);
}

/* role.list and settings.get: roles as masks, settings as text. */
static void
test_roles_settings(void **state)
{
	struct client_op_role_list	 l;
	struct client_op_settings	 st;
	json_t				*j;

	(void)state;
	j = parse("{\"roles\":[{\"name\":\"admin\",\"builtin\":true,"
	    "\"perms\":[\"sale\",\"roles\"],\"staff\":1},{\"name\":"
	    "\"shift-lead-of-the-night-x\",\"builtin\":false,\"perms\":"
	    "[\"void\",\"unheard-of\",7],\"staff\":2},{\"builtin\":true}],"
	    "\"perms\":[]}");
	assert_int_equal(client_op_role_parse_list(j, &l), 0);
	assert_int_equal(l.n, 2);		/* the nameless one left out */
	assert_true(l.list[0].builtin);
	assert_int_equal(l.list[0].perms, PERM_SALE|PERM_ROLES);
	assert_false(l.list[1].builtin);
	assert_int_equal(l.list[1].perms, PERM_VOID);	/* unknown ones out */
	assert_int_equal(l.list[1].staff, 2);
	assert_int_equal(strlen(l.list[1].name), ROLE_NAME_MAX); /* cut */
	free(l.list);
	json_decref(j);
	j = parse("{\"roles\":{}}");
	assert_int_equal(client_op_role_parse_list(j, &l), -1);
	json_decref(j);

	j = parse("{\"settings\":[{\"key\":\"senior-age\",\"value\":\"60\","
	    "\"source\":\"ledger\",\"help\":\"h\"},{\"value\":\"x\"},"
	    "{\"key\":\"receipt-footer\",\"value\":\"\",\"source\":"
	    "\"stash.conf\"}]}");
	assert_int_equal(client_op_settings_parse(j, &st), 0);
	assert_int_equal(st.n, 2);
	assert_string_equal(st.list[0].value, "60");
	assert_string_equal(st.list[0].source, "ledger");
	assert_string_equal(st.list[1].key, "receipt-footer");
	assert_string_equal(st.list[1].help, "");
	free(st.list);
	json_decref(j);
	j = parse("{}");
	assert_int_equal(client_op_settings_parse(j, &st), -1);
	json_decref(j);
}

/* staff.list, staff.role and product.get. */
static void
test_staff_product(void **state)
{
	struct client_op_staff_list	 l;
	struct client_op_staff_role	 r;
	struct client_op_product_full	 p;
	json_t				*j;

	(void)state;
	j = parse("{\"staff\":[{\"id\":1,\"name\":\"Ada\",\"role\":\"admin\","
	    "\"active\":true,\"locked\":false},{\"id\":3,\"name\":\"Bo\","
	    "\"role\":\"budtender\",\"active\":false,\"locked\":true}]}");
	assert_int_equal(client_op_staff_parse_list(j, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.list[1].id, 3);
	assert_string_equal(l.list[1].role, "budtender");
	assert_true(l.list[0].active);
	assert_false(l.list[1].active);
	assert_true(l.list[1].locked);
	client_op_staff_list_free(&l);
	json_decref(j);
	j = parse("{\"staff\":3,\"name\":\"Bo\",\"role\":\"receiver\","
	    "\"was\":\"budtender\"}");
	assert_int_equal(client_op_staff_parse_role(j, &r), 0);
	assert_string_equal(r.was, "budtender");
	assert_string_equal(r.role, "receiver");
	json_decref(j);
	j = parse("{\"product\":{\"id\":3,\"sku\":\"FL-1\",\"name\":\"OG\","
	    "\"category\":\"flower\",\"unit\":\"weight\",\"price\":1500,"
	    "\"thc\":240,\"unit_cost\":900,\"active\":false,\"reorder\":4500},"
	    "\"changed\":true}");
	assert_int_equal(client_op_item_parse_product(j, &p), 0);
	assert_int_equal(p.id, 3);
	assert_true(p.weighed);
	assert_int_equal(p.price, 1500);
	assert_int_equal(p.reorder, 4500);
	assert_false(p.active);
	assert_true(p.changed);
	json_decref(j);
	j = parse("{\"products\":[]}");
	assert_int_equal(client_op_item_parse_product(j, &p), -1);
	json_decref(j);
}

/* A count's report: blind (no expected figures), then finished. */
static void
test_count(void **state)
{
	struct client_op_count	 c;
	json_t			*j;

	(void)state;
	j = parse("{\"count\":4,\"status\":\"open\",\"blind\":true,"
	    "\"location\":\"floor\",\"category\":\"\",\"packages\":2,"
	    "\"counted\":1,\"lines\":[{\"tag\":\"" T1 "\",\"recorded\":true,"
	    "\"product\":3,\"counted\":5},{\"tag\":\"" T2 "\","
	    "\"recorded\":false,\"product\":4}]}");
	assert_int_equal(client_op_count_parse(j, &c), 0);
	assert_int_equal(c.id, 4);
	assert_true(c.blind);
	assert_false(c.finished);
	assert_false(c.has_variances);
	assert_int_equal(c.n, 2);
	assert_true(c.lines[0].recorded);
	assert_int_equal(c.lines[0].counted, 5);
	assert_false(c.lines[0].has_expected);
	assert_false(c.lines[1].recorded);
	client_op_count_free(&c);
	json_decref(j);
	j = parse("{\"count\":4,\"status\":\"finished\",\"blind\":true,"
	    "\"packages\":1,\"counted\":1,\"variances\":1,\"adjustments\":1,"
	    "\"lines\":[{\"tag\":\"" T1 "\",\"recorded\":true,\"counted\":5,"
	    "\"expected\":7,\"variance\":-2,\"adjustment\":-2}]}");
	assert_int_equal(client_op_count_parse(j, &c), 0);
	assert_true(c.finished);
	assert_true(c.has_variances);
	assert_int_equal(c.adjustments, 1);
	assert_true(c.lines[0].has_expected);
	assert_int_equal(c.lines[0].variance, -2);
	assert_int_equal(c.lines[0].adjustment, -2);
	client_op_count_free(&c);
	json_decref(j);
}

static void
test_stock_lists(void **state)
{
	struct client_op_low		 l;
	struct client_op_expiring	 e;
	json_t				*j;

	(void)state;
	j = parse("{\"products\":[{\"product\":7,\"sku\":\"FL-1\","
	    "\"name\":\"Haze\",\"category\":\"flower\",\"unit\":\"weight\","
	    "\"reorder\":100000,\"sellable\":30000,\"on_hand\":40000,"
	    "\"short\":70000},{\"product\":6,\"sku\":\"PR-1\",\"name\":\"Roll\","
	    "\"unit\":\"each\",\"reorder\":10,\"sellable\":2,\"on_hand\":2,"
	    "\"short\":8}],\"next\":6}");
	assert_int_equal(client_op_inventory_parse_low(j, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.list[0].product, 7);
	assert_true(l.list[0].weighed);
	assert_int_equal(l.list[0].shortfall, 70000);
	assert_int_equal(l.list[0].on_hand, 40000);
	assert_false(l.list[1].weighed);
	assert_int_equal(l.list[1].sellable, 2);
	assert_true(l.more);
	assert_int_equal(l.next, 6);
	client_op_inventory_low_free(&l);
	json_decref(j);

	/* The last page: no next. */
	j = parse("{\"products\":[]}");
	assert_int_equal(client_op_inventory_parse_low(j, &l), 0);
	assert_int_equal(l.n, 0);
	assert_false(l.more);
	client_op_inventory_low_free(&l);
	json_decref(j);

	j = parse("{\"days\":30,\"packages\":[{\"tag\":\"" T1 "\","
	    "\"product\":7,\"sku\":\"FL-1\",\"name\":\"Haze\",\"unit\":\"weight\","
	    "\"qty\":1500,\"location\":\"floor\",\"status\":\"active\","
	    "\"expires\":20260101,\"lab_expires\":0,\"expired\":true}]}");
	assert_int_equal(client_op_inventory_parse_expiring(j, &e), 0);
	assert_int_equal(e.days, 30);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.list[0].tag, T1);
	assert_true(e.list[0].weighed);
	assert_int_equal(e.list[0].qty, 1500);
	assert_int_equal(e.list[0].expires, 20260101);
	assert_int_equal(e.list[0].lab_expires, 0);
	assert_true(e.list[0].expired);
	assert_false(e.more);
	client_op_inventory_expiring_free(&e);
	json_decref(j);

	j = parse("{\"days\":7,\"packages\":[],\"next\":\"" T2 "\"}");
	assert_int_equal(client_op_inventory_parse_expiring(j, &e), 0);
	assert_true(e.more);
	assert_string_equal(e.next, T2);
	client_op_inventory_expiring_free(&e);
	json_decref(j);
}

static void
test_manifest(void **state)
{
	struct client_op_manifest	 m, kept;
	struct client_op_manifest_list	 ml;
	struct client_op_intake_line	 line;
	struct client_op_intake_closed	 c;
	json_t				*j;

	(void)state;
	j = parse("{\"manifests\":[{\"manifest\":\"MF-1\",\"supplier\":\"LIC\","
	    "\"created\":5,\"status\":\"open\",\"note\":\"\",\"staff\":2,"
	    "\"closed\":0,\"packages\":3,\"pending\":2,\"discrepancies\":1}]}");
	assert_int_equal(client_op_intake_parse_list(j, &ml), 0);
	assert_int_equal(ml.n, 1);
	assert_string_equal(ml.list[0].manifest, "MF-1");
	assert_int_equal(ml.list[0].packages, 3);
	assert_int_equal(ml.list[0].pending, 2);
	assert_int_equal(ml.list[0].discrepancies, 1);
	assert_int_equal(ml.list[0].nlines, 0);
	client_op_intake_list_free(&ml);
	json_decref(j);

	/* intake.get's manifest: two lines, one weighed from the scale. */
	j = parse("{\"manifest\":\"MF-1\",\"supplier\":\"LIC\",\"created\":5,"
	    "\"status\":\"open\",\"note\":\"late\",\"staff\":2,\"closed\":0,"
	    "\"packages\":2,\"pending\":2,\"discrepancies\":1,\"lines\":["
	    "{\"manifest\":\"MF-1\",\"tag\":\"" T1 "\",\"sku\":\"FL-1\","
	    "\"product\":7,\"found_sku\":\"\",\"found_product\":0,"
	    "\"batch\":\"B-1\",\"harvested\":20261001,\"shipped\":100000,"
	    "\"received\":90000,\"scanned\":true,\"scan_time\":9,"
	    "\"state\":\"pending\",\"discrepancy\":\"short\",\"note\":\"\","
	    "\"accepted\":0,\"resolved_by\":0,\"weight\":\"scale\","
	    "\"lab\":{\"status\":\"fail\",\"thc\":180,\"cbd\":2,\"lab\":\"L\","
	    "\"tested\":20261002,\"expires\":20271002}},"
	    "{\"manifest\":\"MF-1\",\"tag\":\"" T2 "\",\"sku\":\"PR-1\","
	    "\"shipped\":10,\"scanned\":false,\"state\":\"pending\","
	    "\"discrepancy\":\"none\"}]}");
	assert_int_equal(client_op_intake_parse_manifest(j, &m), 0);
	assert_string_equal(m.manifest, "MF-1");
	assert_string_equal(m.note, "late");
	assert_int_equal(m.nlines, 2);
	assert_string_equal(m.lines[0].tag, T1);
	assert_int_equal(m.lines[0].product, 7);
	assert_string_equal(m.lines[0].batch, "B-1");
	assert_int_equal(m.lines[0].harvested, 20261001);
	assert_true(m.lines[0].has_shipped);
	assert_int_equal(m.lines[0].shipped, 100000);
	assert_true(m.lines[0].has_received);
	assert_int_equal(m.lines[0].received, 90000);
	assert_true(m.lines[0].scanned);
	assert_string_equal(m.lines[0].state, "pending");
	assert_string_equal(m.lines[0].discrepancy, "short");
	assert_string_equal(m.lines[0].weight, "scale");
	assert_string_equal(m.lines[0].lab.status, "fail");
	assert_int_equal(m.lines[0].lab.thc, 180);
	assert_false(m.lines[1].scanned);
	assert_false(m.lines[1].has_received);
	assert_string_equal(m.lines[1].weight, "");
	json_decref(j);

	/* A tag is found in any case. */
	assert_int_equal(client_op_intake_manifest_find(&m,
	    "1a4000000000000000000002"), 1);
	assert_int_equal(client_op_intake_manifest_find(&m, "nope"), -1);

	/* A resolved line replaces its own; an extra one is added. */
	j = parse("{\"line\":{\"manifest\":\"MF-1\",\"tag\":\"" T2 "\","
	    "\"shipped\":10,\"received\":10,\"scanned\":true,"
	    "\"state\":\"accepted\",\"discrepancy\":\"none\",\"accepted\":10,"
	    "\"resolved_by\":3}}");
	assert_int_equal(client_op_intake_parse_line(json_object_get(j,
	    "line"), &line), 0);
	assert_int_equal(client_op_intake_manifest_put(&m, &line), 1);
	assert_int_equal(m.nlines, 2);
	assert_string_equal(m.lines[1].state, "accepted");
	assert_int_equal(m.lines[1].resolved_by, 3);
	json_decref(j);
	j = parse("{\"manifest\":\"MF-1\",\"tag\":\"1A4000000000000000000003\","
	    "\"shipped\":0,\"received\":4,\"scanned\":true,"
	    "\"state\":\"pending\",\"discrepancy\":\"extra\"}");
	assert_int_equal(client_op_intake_parse_line(j, &line), 0);
	assert_int_equal(client_op_intake_manifest_put(&m, &line), 2);
	assert_int_equal(m.nlines, 3);
	assert_string_equal(m.lines[2].discrepancy, "extra");
	json_decref(j);
	assert_int_equal(client_op_intake_parse_line(NULL, &line), -1);

	memset(&kept, 0, sizeof kept);
	client_op_intake_manifest_move(&kept, &m);
	assert_int_equal(m.nlines, 0);
	assert_int_equal(kept.nlines, 3);
	client_op_intake_manifest_free(&kept);
	client_op_intake_manifest_free(&m);

	j = parse("{\"manifest\":\"MF-1\",\"created\":3,\"held\":1}");
	assert_int_equal(client_op_intake_parse_closed(j, &c), 0);
	assert_string_equal(c.manifest, "MF-1");
	assert_int_equal(c.created, 3);
	assert_int_equal(c.held, 1);
	json_decref(j);
}

/* Orders, a pick list, a bag label and trips, as the board reads them. */
static void
test_order_trip(void **state)
{
	struct client_op_orders		 l;
	struct client_op_picklist	 pl;
	struct client_op_bag_label	 b;
	struct client_op_trips		 tl;
	json_t				*j;

	(void)state;
	j = parse("{\"orders\":[{\"id\":7,\"ref\":\"web-1\","
	    "\"status\":\"packing\",\"channel\":\"delivery\","
	    "\"customer\":12,\"created\":5,\"total\":8550,\"trip\":2,"
	    "\"address\":{\"street\":\"1 Main St\",\"lat\":39750000,"
	    "\"lon\":-104999000},\"lines\":[{},{}],\"picks\":[{\"tag\":"
	    "\"" T1 "\",\"line\":1,\"qty\":2,\"weighed\":null}]},"
	    "{\"id\":8,\"status\":\"new\",\"channel\":\"pickup\","
	    "\"lines\":[{}],\"picks\":[]}]}");
	assert_int_equal(client_op_order_parse_list(j, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.list[0].id, 7);
	assert_string_equal(l.list[0].status, "packing");
	assert_true(l.list[0].has_address);
	assert_int_equal(l.list[0].lon, -104999000);
	assert_int_equal(l.list[0].trip, 2);
	assert_int_equal(l.list[0].nlines, 2);
	assert_int_equal(l.list[0].npicks, 1);
	assert_string_equal(l.list[0].picks[0].tag, T1);
	assert_false(l.list[1].has_address);
	client_op_order_list_free(&l);
	json_decref(j);
	j = parse("{\"orders\":[{\"status\":\"new\"}]}");
	assert_int_equal(client_op_order_parse_list(j, &l), -1);
	json_decref(j);

	j = parse("{\"order\":7,\"status\":\"new\",\"lines\":[{\"line\":1,"
	    "\"product\":3,\"name\":\"OG Kush 3.5g\",\"by_weight\":false,"
	    "\"qty\":2,\"need\":1,\"packages\":[{\"tag\":\"" T1 "\","
	    "\"location\":\"floor\",\"qty\":30,\"free\":29,"
	    "\"first\":true}]}]}");
	assert_int_equal(client_op_order_parse_pick(j, &pl), 0);
	assert_int_equal(pl.order, 7);
	assert_int_equal(pl.n, 1);
	assert_int_equal(pl.lines[0].need, 1);
	assert_int_equal(pl.lines[0].npkgs, 1);
	assert_true(pl.lines[0].pkgs[0].first);
	assert_int_equal(pl.lines[0].pkgs[0].free, 29);
	assert_string_equal(pl.lines[0].pkgs[0].location, "floor");
	json_decref(j);

	j = parse("{\"order\":7,\"text\":[\"ORDER 7\",\"Pat P.\"]}");
	assert_int_equal(client_op_order_parse_label(j, &b), 0);
	assert_int_equal(b.order, 7);
	assert_int_equal(b.ntext, 2);
	assert_string_equal(b.text[1], "Pat P.");
	json_decref(j);

	j = parse("{\"trips\":[{\"id\":1,\"status\":\"planned\","
	    "\"driver\":6,\"vehicle\":\"7ABC123\",\"orders\":[{\"id\":7,"
	    "\"status\":\"assigned\",\"customer\":12}]}],"
	    "\"store\":{\"lat\":39750000,\"lon\":-104999000}}");
	assert_int_equal(client_op_trip_parse_list(j, &tl), 0);
	assert_true(tl.located);
	assert_int_equal(tl.lat, 39750000);
	assert_int_equal(tl.n, 1);
	assert_int_equal(tl.list[0].driver, 6);
	assert_string_equal(tl.list[0].vehicle, "7ABC123");
	assert_int_equal(tl.list[0].norders, 1);
	assert_string_equal(tl.list[0].orders[0].status, "assigned");
	client_op_trip_list_free(&tl);
	json_decref(j);
}

static void
test_report_table(void **state)
{
	static const char	*bad[] = {
		"{\"columns\":[{\"name\":\"day\",\"kind\":\"colour\"}],"
		    "\"rows\":[]}",			/* no such kind */
		"{\"columns\":[{\"name\":\"day\",\"kind\":\"text\"}],"
		    "\"rows\":[[\"a\",1]]}",		/* a cell too many */
		"{\"columns\":[{\"name\":\"day\",\"kind\":\"text\"}],"
		    "\"rows\":[[7]]}",			/* text that is not */
		"{\"columns\":[{\"name\":\"n\",\"kind\":\"cents\"}],"
		    "\"rows\":[[\"7\"]]}",		/* a figure that is not */
		"{\"columns\":[{\"kind\":\"cents\"}],\"rows\":[]}",
		"{\"rows\":[]}",
		"[]",
	};
	struct report_table	 rt;
	json_t			*j;
	size_t			 i;

	(void)state;
	j = parse("{\"title\":\"sales\",\"from\":20261201,"
	    "\"columns\":[{\"name\":\"day\",\"kind\":\"text\"},"
	    "{\"name\":\"net\",\"kind\":\"cents\"},"
	    "{\"name\":\"weight\",\"kind\":\"grams\"}],"
	    "\"rows\":[[\"2026-12-01\",1234,1500],[\"2026-12-02\",-5,0]],"
	    "\"total\":[\"total\",1229,1500]}");
	assert_int_equal(client_op_report_parse_table(j, &rt), 0);
	assert_string_equal(rt.title, "sales");
	assert_int_equal(rt.ncolumns, 3);
	assert_int_equal(rt.columns[2].kind, REPORT_GRAMS);
	assert_int_equal(rt.nrows, 2);
	assert_string_equal(rt.rows[1].cells[0].text, "2026-12-02");
	assert_int_equal(rt.rows[1].cells[1].v, -5);
	assert_int_equal(rt.key, -1);
	report_table_free(&rt);
	json_decref(j);

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = parse(bad[i]);
		if (client_op_report_parse_table(j, &rt) != -1)
			fail_msg("accepted %s", bad[i]);
		assert_int_equal(rt.nrows, 0);	/* nothing kept */
		json_decref(j);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_staff_message),
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
		cmocka_unit_test(test_package),
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_hold_preview),
		cmocka_unit_test(test_staff_product),
		cmocka_unit_test(test_roles_settings),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_stock_lists),
		cmocka_unit_test(test_manifest),
		cmocka_unit_test(test_order_trip),
		cmocka_unit_test(test_report_table),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
