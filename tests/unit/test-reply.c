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

#include "reply.h"

/*
 * reply.c: the encoders between the domain's C data and the protocol's
 * JSON. Each test encodes known data and compares the whole object, so a
 * field renamed, moved, retyped, added or dropped fails here before a
 * terminal or a script notices.
 */

/* The object as compact JSON, in the encoder's field order. */
static void
expect(json_t *j, const char *want)
{
	char	*s;

	assert_non_null(j);
	s = json_dumps(j, JSON_COMPACT|JSON_PRESERVE_ORDER|JSON_ENCODE_ANY);
	assert_non_null(s);
	if (strcmp(s, want) != 0)
		fail_msg("got\n%s\nwant\n%s", s, want);
	free(s);
	json_decref(j);
}

/* One field of an encoded object (the object is freed); NULL if absent. */
static json_t *
field(json_t *j, const char *key)
{
	json_t	*v;

	assert_non_null(j);
	if ((v = json_object_get(j, key)) != NULL)
		json_incref(v);
	json_decref(j);
	return (v);
}

static int
setup(void **state)
{
	struct fixture	*f;

	if ((f = fixture_open("reply", (size_t)4 << 20)) == NULL)
		return (-1);
	*state = f;
	return (0);
}

#define TAG_A	"1A40603000000000000000A1"
#define TAG_B	"1A40603000000000000000B1"

static void
test_manifest(void **state)
{
	struct manifest		m;
	struct manifest_line	l;

	(void)state;
	memset(&m, 0, sizeof m);
	strlcpy(m.number, "M1", sizeof m.number);
	strlcpy(m.supplier, "LIC-1", sizeof m.supplier);
	m.created = 1700000000000000LL;
	m.status = MANIFEST_CLOSED;
	m.staff = 7;
	m.closed = 1700000001000000LL;
	expect(reply_manifest(&m), "{\"manifest\":\"M1\",\"supplier\":"
	    "\"LIC-1\",\"created\":1700000000000000,\"status\":\"closed\","
	    "\"note\":\"\",\"staff\":7,\"closed\":1700000001000000}");

	memset(&l, 0, sizeof l);
	strlcpy(l.manifest, "M1", sizeof l.manifest);
	strlcpy(l.tag, TAG_A, sizeof l.tag);
	strlcpy(l.sku, "SKU-A", sizeof l.sku);
	l.product = 1;
	strlcpy(l.batch, "BA", sizeof l.batch);
	l.harvested = 20260101;
	l.shipped = 1000;
	l.received = 990;
	l.scanned = 1;
	l.scan_time = 5;
	l.state = LINE_PENDING;
	l.disc = DISC_NONE;
	l.lab.status = LAB_PASS;
	l.lab.thc = 210;
	strlcpy(l.lab.lab, "LAB", sizeof l.lab.lab);
	strlcpy(l.lab.cert, "COA-1", sizeof l.lab.cert);
	l.weighed = ADJUST_WEIGHED_SCALE;
	expect(reply_manifest_line(&l), "{\"manifest\":\"M1\",\"tag\":\""
	    TAG_A "\",\"sku\":\"SKU-A\",\"product\":1,\"found_sku\":\"\","
	    "\"found_product\":0,\"batch\":\"BA\",\"harvested\":20260101,"
	    "\"shipped\":1000,\"received\":990,\"scanned\":true,"
	    "\"scan_time\":5,\"state\":\"pending\",\"discrepancy\":\"none\","
	    "\"note\":\"\",\"accepted\":0,\"resolved_by\":0,\"lab\":{"
	    "\"status\":\"pass\",\"thc\":210,\"cbd\":0,\"lab\":\"LAB\","
	    "\"tested\":0,\"expires\":0,\"certificate\":\"COA-1\"},"
	    "\"weight\":\"scale\"}");
	/* No weight said: no "weight" at all. */
	l.weighed = ADJUST_WEIGHED_NONE;
	assert_null(field(reply_manifest_line(&l), "weight"));
}

/* A two-line manifest on the ledger: its tally, with and without lines. */
static void
test_manifest_full(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct manifest		 m;
	struct manifest_line	 l[2];
	struct product		 p;
	json_t			*j;
	char			*cause = NULL;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	memset(&p, 0, sizeof p);
	p.id = 1;
	strlcpy(p.sku, "SKU-A", sizeof p.sku);
	strlcpy(p.name, "A", sizeof p.name);
	strlcpy(p.category, "flower", sizeof p.category);
	store_product_put(&t, &p, NULL);
	p.id = 2;
	strlcpy(p.sku, "SKU-B", sizeof p.sku);
	store_product_put(&t, &p, NULL);
	memset(&m, 0, sizeof m);
	strlcpy(m.number, "M1", sizeof m.number);
	strlcpy(m.supplier, "LIC-1", sizeof m.supplier);
	memset(l, 0, sizeof l);
	strlcpy(l[0].tag, TAG_A, sizeof l[0].tag);
	strlcpy(l[0].sku, "SKU-A", sizeof l[0].sku);
	l[0].shipped = 1000;
	strlcpy(l[1].tag, TAG_B, sizeof l[1].tag);
	strlcpy(l[1].sku, "SKU-B", sizeof l[1].sku);
	l[1].shipped = 5;
	assert_int_equal(intake_create(&t, &m, l, 2, 1, "t", &cause),
	    INTAKE_OK);
	assert_int_equal(store_manifest_get(&t, "M1", &m), 0);

	j = reply_manifest_full(&t, &m, 0);
	assert_int_equal(json_integer_value(json_object_get(j, "packages")),
	    2);
	assert_true(json_is_integer(json_object_get(j, "pending")));
	assert_true(json_is_integer(json_object_get(j, "discrepancies")));
	assert_null(json_object_get(j, "lines"));
	json_decref(j);

	j = reply_manifest_full(&t, &m, 1);
	assert_int_equal(json_array_size(json_object_get(j, "lines")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "lines"), 1), "tag")), TAG_B);
	json_decref(j);
	assert_int_equal(t.ret, 0);
	store_abort(&t);
}

/* A blind count still open shows no expected figures and no variances. */
static void
test_count(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct count_line	 cl;
	struct count		 cn;
	json_t			*j, *line;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	memset(&cn, 0, sizeof cn);
	cn.id = 3;
	cn.status = COUNT_OPEN;
	cn.blind = 1;
	store_count_put(&t, &cn);
	memset(&cl, 0, sizeof cl);
	cl.count = 3;
	strlcpy(cl.tag, TAG_A, sizeof cl.tag);
	cl.expected = 10;
	cl.counted = 8;
	cl.recorded = 1;
	store_count_line_put(&t, &cl);

	j = reply_count(&t, &cn);
	expect(json_incref(json_array_get(json_object_get(j, "lines"), 0)),
	    "{\"tag\":\"" TAG_A "\",\"recorded\":true,\"counted\":8}");
	assert_null(json_object_get(j, "variances"));
	assert_int_equal(json_integer_value(json_object_get(j, "counted")), 1);
	json_decref(j);

	cn.status = COUNT_FINISHED;
	j = reply_count(&t, &cn);
	line = json_array_get(json_object_get(j, "lines"), 0);
	assert_int_equal(json_integer_value(json_object_get(line,
	    "expected")), 10);
	assert_int_equal(json_integer_value(json_object_get(line,
	    "variance")), -2);
	assert_int_equal(json_integer_value(json_object_get(j, "variances")),
	    1);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "finished");
	json_decref(j);
	store_abort(&t);
}

static void
test_package(void **state)
{
	struct inventory_package_info	 pi;
	struct inventory_low_row	 low;
	struct inventory_expiring_row	 exp;
	struct package			 pk;
	struct adjust			 a;
	struct sale_brief		 b;

	(void)state;
	memset(&pi, 0, sizeof pi);
	memset(&pk, 0, sizeof pk);
	strlcpy(pk.tag, TAG_A, sizeof pk.tag);
	strlcpy(pk.batch, "BA", sizeof pk.batch);
	pk.qty = 3;
	pk.received_qty = 5;
	pk.status = PACKAGE_ACTIVE;
	strlcpy(pk.location, "floor", sizeof pk.location);
	pk.expires = 20270101;
	pk.unit_cost = 250;
	expect(reply_package(&pk, &pi), "{\"tag\":\"" TAG_A "\",\"batch\":"
	    "\"BA\",\"supplier\":\"\",\"qty\":3,\"received_qty\":5,"
	    "\"status\":\"active\",\"location\":\"floor\",\"harvested\":0,"
	    "\"packaged\":0,\"expires\":20270101,\"unit_cost\":250,\"lab\":{"
	    "\"status\":\"none\",\"thc\":0,\"cbd\":0,\"lab\":\"\","
	    "\"tested\":0,\"expires\":0,\"certificate\":\"\"}}");

	pi.has_product = 1;
	pi.product.id = 4;
	strlcpy(pi.product.sku, "SKU-A", sizeof pi.product.sku);
	strlcpy(pi.product.name, "A", sizeof pi.product.name);
	strlcpy(pi.product.category, "flower", sizeof pi.product.category);
	pi.product.unit_weight = 1;
	pi.product.price = 1000;
	pi.product.thc = 200;
	pi.product.reorder = 10;
	pi.product.unit_cost = 450;
	expect(reply_product(&pi.product), "{\"id\":4,\"sku\":\"SKU-A\","
	    "\"name\":\"A\",\"category\":\"flower\",\"unit\":\"weight\","
	    "\"price\":1000,\"thc\":200,\"unit_cost\":450,\"active\":true}");
	/* A product no longer sold says so. */
	pi.product.inactive = 1;
	expect(field(reply_product(&pi.product), "active"), "false");
	pi.product.inactive = 0;
	pi.held = 1;
	pi.hold.scope = HOLD_BATCH;
	strlcpy(pi.hold.key, "BA", sizeof pi.hold.key);
	pi.hold.recall = 1;
	strlcpy(pi.hold.reason, "why", sizeof pi.hold.reason);
	expect(field(reply_package(&pk, &pi), "hold"),
	    "{\"scope\":\"batch\",\"key\":\"BA\",\"recall\":true,"
	    "\"reason\":\"why\"}");

	low.product = &pi.product;
	low.sellable = 4;
	low.on_hand = 6;
	expect(reply_low(&low), "{\"product\":4,\"sku\":\"SKU-A\",\"name\":"
	    "\"A\",\"category\":\"flower\",\"unit\":\"weight\",\"reorder\":10,"
	    "\"sellable\":4,\"on_hand\":6,\"short\":6}");
	exp.package = &pk;
	exp.product = &pi.product;
	exp.expired = 1;
	expect(reply_expiring(&exp), "{\"tag\":\"" TAG_A "\",\"product\":4,"
	    "\"sku\":\"SKU-A\",\"name\":\"A\",\"unit\":\"weight\",\"qty\":3,"
	    "\"location\":\"floor\",\"status\":\"active\",\"expires\":"
	    "20270101,\"lab_expires\":0,\"expired\":true}");

	memset(&a, 0, sizeof a);
	a.id = 9;
	a.kind = ADJUST_MOVE;
	strlcpy(a.from, "vault", sizeof a.from);
	strlcpy(a.to, "floor", sizeof a.to);
	a.weighed = ADJUST_WEIGHED_TYPED;
	expect(reply_adjust(&a), "{\"id\":9,\"time\":0,\"kind\":\"move\","
	    "\"delta\":0,\"qty_after\":0,\"reason\":\"\",\"note\":\"\","
	    "\"from\":\"vault\",\"to\":\"floor\",\"staff\":0,\"witness\":0,"
	    "\"terminal\":\"\",\"weight\":\"typed\"}");

	memset(&b, 0, sizeof b);
	b.time = 1;
	b.staff = 2;
	b.status = SALE_VOID;
	strlcpy(b.terminal, "reg1", sizeof b.terminal);
	b.qty = 3;
	expect(reply_trace_sale(12, &b), "{\"sale\":12,\"time\":1,"
	    "\"terminal\":\"reg1\",\"staff\":2,\"qty\":3,\"status\":\"void\","
	    "\"delivered\":false}");
	b.status = SALE_COMPLETE;
	b.delivered = 1;
	expect(reply_trace_sale(13, &b), "{\"sale\":13,\"time\":1,"
	    "\"terminal\":\"reg1\",\"staff\":2,\"qty\":3,"
	    "\"status\":\"complete\",\"delivered\":true}");
}

static void
test_limits(void **state)
{
	struct rules_pool	pool;
	struct limits_result	res;
	char			*why = (char *)"over the day's flower";

	(void)state;
	memset(&pool, 0, sizeof pool);
	strlcpy(pool.name, "flower", sizeof pool.name);
	pool.window = LW_ROLLING;
	pool.days = 30;
	pool.kind = LK_MASS;
	memset(&res, 0, sizeof res);
	res.npools = 1;
	res.pools[0].pool = &pool;
	res.pools[0].used = 30000;
	res.pools[0].cap = 28000;
	res.pools[0].over = 1;
	res.reasons = &why;
	res.nreasons = 1;
	expect(reply_limits(&res), "{\"verdict\":\"reject\",\"pools\":[{"
	    "\"name\":\"flower\",\"window\":\"rolling 30 days\",\"used\":30000,"
	    "\"cap\":28000,\"remaining\":0,\"unit\":\"mg\",\"over\":true}],"
	    "\"reasons\":[\"over the day's flower\"]}");
}

static void
test_deadline(void **state)
{
	struct outbox_deadline	dl;
	int64_t			now = 1000000000000000LL;

	(void)state;
	memset(&dl, 0, sizeof dl);
	dl.adult = dl.deadline = 86400;
	dl.medical = 3600;
	dl.source = "metrc-deadline";
	expect(reply_deadline(&dl, now), "{\"deadline\":86400,"
	    "\"oldest_unreported\":null,\"deadline_left\":null,\"warning\":"
	    "null,\"deadline_type\":null,\"deadline_source\":"
	    "\"metrc-deadline\",\"deadlines\":{\"adult\":86400,"
	    "\"medical\":3600}}");

	/* A medical sale 3000 s old of 3600: warned, from the rule file. */
	dl.oldest = now - 3000 * 1000000LL;
	dl.deadline = 3600;
	dl.is_medical = 1;
	dl.source = "rules";
	dl.cite = "R 1";
	expect(reply_deadline(&dl, now), "{\"deadline\":3600,"
	    "\"oldest_unreported\":999997000000000,\"deadline_left\":600,"
	    "\"warning\":\"the oldest unreported event is 3000 seconds old; "
	    "the state's reporting deadline is passed in 600 seconds: check "
	    "the connection to the state system\",\"deadline_type\":"
	    "\"medical\",\"deadline_source\":\"rules\",\"deadline_cite\":"
	    "\"R 1\",\"deadlines\":{\"adult\":86400,\"medical\":3600}}");

	/* Fresh: no warning, but the figures. */
	dl.oldest = now - 10 * 1000000LL;
	expect(field(reply_deadline(&dl, now), "warning"), "null");
}

static void
test_reconcile(void **state)
{
	struct reconcile_diff	d;
	struct reconcile_event	e;

	(void)state;
	memset(&d, 0, sizeof d);
	d.tag = TAG_A;
	d.kind = RECONCILE_NOT_HERE;
	d.ours = -1;
	d.state = 5000;
	d.unit = "thousandths";
	expect(reply_reconcile_diff(&d), "{\"tag\":\"" TAG_A "\",\"kind\":"
	    "\"not-here\",\"ours\":null,\"state\":5000,\"unit\":"
	    "\"thousandths\",\"pending\":[]}");

	memset(&e, 0, sizeof e);
	e.job = 4;
	e.kind = OUTBOX_RECEIPT;
	e.state = OUTBOX_PENDING;
	strlcpy(e.ref, "S-1", sizeof e.ref);
	e.effect = 2;
	d.kind = RECONCILE_QUANTITY;
	d.ours = 3;
	d.state = 9;
	d.unit = "each";
	d.unexplained = 4;
	d.pending = &e;
	d.npending = 1;
	expect(reply_reconcile_diff(&d), "{\"tag\":\"" TAG_A "\",\"kind\":"
	    "\"quantity\",\"ours\":3,\"state\":9,\"unit\":\"each\","
	    "\"pending\":[{\"job\":4,\"kind\":\"receipt\",\"state\":"
	    "\"pending\",\"ref\":\"S-1\",\"effect\":2,\"uncertain\":false}],"
	    "\"unexplained\":4}");
	d.explained = 1;
	assert_null(field(reply_reconcile_diff(&d), "unexplained"));

	memset(&d, 0, sizeof d);
	d.tag = TAG_B;
	d.kind = RECONCILE_HOLD;
	d.ours = d.state = -1;
	d.unit = "mg";
	d.recalled = 1;
	expect(reply_reconcile_diff(&d), "{\"tag\":\"" TAG_B "\",\"kind\":"
	    "\"hold\",\"ours\":\"not held\",\"state\":\"recalled\",\"unit\":"
	    "\"mg\",\"pending\":[],\"action\":\"held here\"}");
}

static void
test_registry(void **state)
{
	json_t	*st;

	(void)state;
	st = json_pack("{s:s, s:I, s:b, s:[{s:b, s:{s:{s:I}}}]}", "state",
	    "ok", "checked", (json_int_t)5, "cached", 1, "registrations",
	    "active", 1, "allotment", "flower", "available_moz",
	    (json_int_t)700);
	expect(reply_registry(st, 1, NULL), "{\"checked\":5,\"cached\":true,"
	    "\"status\":\"active\",\"available_moz\":{\"flower\":700,\"thc\":"
	    "null,\"concentrate\":null,\"infused\":null},\"registrations\":[{"
	    "\"active\":true,\"allotment\":{\"flower\":{\"available_moz\":"
	    "700}}}]}");
	json_decref(st);

	st = json_pack("{s:s, s:s}", "state", "unreachable", "reason",
	    "timed out");
	expect(reply_registry(st, 1, NULL), "{\"checked\":0,\"cached\":false,"
	    "\"status\":\"unreachable\",\"reason\":\"timed out\",\"policy\":"
	    "\"block\",\"admit\":false}");
	json_decref(st);

	/* Another state's card: not in this state's registry. */
	st = json_pack("{s:s, s:[]}", "state", "ok", "registrations");
	expect(reply_registry(st, 0, NULL), "{\"checked\":0,\"cached\":false,"
	    "\"status\":\"off\"}");
	json_decref(st);
}

static void
test_drawer(void **state)
{
	struct drawer		d;
	struct drawer_totals	dt;
	struct report_z		z;

	(void)state;
	memset(&d, 0, sizeof d);
	memset(&dt, 0, sizeof dt);
	d.id = 3;
	strlcpy(d.terminal, "register-1", sizeof d.terminal);
	d.status = DRAWER_OPEN;
	d.opened = 100;
	d.opened_by = 2;
	d.float_cents = 10000;
	d.drops = 1000;
	dt.sales = 1;
	dt.total = 4025;
	dt.cash_in = 8050;
	dt.void_cash = 4025;
	dt.cash = 4025;
	dt.voids = 1;
	dt.voided = 4025;
	dt.refunds = 1;
	dt.refunds_cash = 500;
	expect(reply_drawer(&d, &dt), "{\"id\":3,\"terminal\":\"register-1\","
	    "\"status\":\"open\",\"opened\":100,\"closed\":0,\"float\":10000,"
	    "\"drops\":1000,\"sales\":1,\"total\":4025,\"cash\":4025,"
	    "\"voids\":1,\"voided\":4025,\"expected\":12525,\"counted\":0,"
	    "\"over_short\":0,\"opened_by\":2,\"card\":0,\"cash_in\":8050,"
	    "\"void_cash\":4025,\"refunds\":{\"count\":1,\"cash\":500,"
	    "\"card\":0}}");

	/* A Z report with one sale outside the day's (no) drawers. */
	memset(&z, 0, sizeof z);
	z.tie.day = 4025;
	z.tie.outside = z.tie.nout = 1;
	z.tie.out[0].kind = REPORT_Z_SALE;
	z.tie.out[0].id = z.tie.out[0].sale = 7;
	strlcpy(z.tie.out[0].terminal, "register-3",
	    sizeof z.tie.out[0].terminal);
	z.tie.out[0].time = 200;
	z.tie.out[0].amount = 4025;
	z.tie.out[0].drawer = 4;
	z.tie.out[0].why = REPORT_Z_DRAWER_OPEN;
	expect(field(reply_z("2026-01-02", &z), "cash"), "{\"ties_out\":false,"
	    "\"day\":4025,\"drawers\":0,\"difference\":4025,\"outside\":1,"
	    "\"moves\":[{\"kind\":\"sale\",\"id\":7,\"sale\":7,\"terminal\":"
	    "\"register-3\",\"time\":200,\"amount\":4025,\"drawer\":4,"
	    "\"why\":\"drawer-open\"}]}");
}

/*
 * A report table: its columns and kinds, a row an array of cells, the
 * total row; a text cell that is not UTF-8 keeps its place as '?'s.
 */
static void
test_table(void **state)
{
	struct report_table	 rt;
	struct report_row	*row;
	json_t			*j, *r;
	u_int			 a, b;

	(void)state;
	report_table_init(&rt, "sales");
	a = report_table_column(&rt, "day", REPORT_TEXT);
	b = report_table_column(&rt, "net", REPORT_CENTS);
	row = report_table_row(&rt);
	report_table_text(row, a, "2026-11-02");
	row->cells[b].v = 1234;
	row = report_table_row(&rt);
	report_table_text(row, a, "bad \xff byte");
	row->cells[b].v = -5;
	j = reply_report(&rt, 20261102, 20261103);
	assert_string_equal(json_string_value(json_object_get(j, "from")),
	    "2026-11-02");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "columns"), 1), "kind")), "cents");
	r = json_array_get(json_object_get(j, "rows"), 1);
	assert_int_equal(json_array_size(r), 2);
	assert_string_equal(json_string_value(json_array_get(r, 0)),
	    "bad ? byte");
	assert_int_equal(json_integer_value(json_array_get(r, 1)), -5);
	assert_true(json_is_null(json_object_get(j, "total")));
	json_decref(j);
	report_table_free(&rt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest),
		cmocka_unit_test(test_table),
		cmocka_unit_test_setup_teardown(test_manifest_full, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_count, setup,
		    fixture_teardown),
		cmocka_unit_test(test_package),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_reconcile),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_drawer),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
