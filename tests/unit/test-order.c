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
#include "rules.h"
#include "sale.h"
#include "order.h"

/*
 * order.c: the arithmetic of reservations (available = sellable on hand
 * less reserved, by product; a package's share of it), orders reserving
 * and releasing on a real ledger and the register refused what they
 * hold, the purchase limits counting the customer's other open orders
 * (with the CO rule file of the source tree), the document's parser, and
 * the zones and distances.
 */

#ifndef RULES_SRCDIR
#error "RULES_SRCDIR: the source tree's contrib/rules (Makefile.am)"
#endif

#define TAG_A		"1A4060300000000000001001"	/* product 1: 6 */
#define TAG_B		"1A4060300000000000001002"	/* product 1: 4 */
#define TAG_HELD	"1A4060300000000000001003"	/* product 1: 5, held */
#define NOW		INT64_C(1781000000000000)	/* 2026-06 */
#define HOUR		INT64_C(3600000000)

static void
add_product(struct store_txn *t, uint32_t id, const char *sku, int64_t g)
{
	struct product	p;

	memset(&p, 0, sizeof p);
	p.id = id;
	strlcpy(p.sku, sku, sizeof p.sku);
	snprintf(p.name, sizeof p.name, "Flower %s", sku);
	strlcpy(p.category, "flower", sizeof p.category);
	p.price = 5000;
	p.thc = 200;
	p.measured = 1;
	p.net_ug = p.flower_ug = g * 1000000;
	store_product_put(t, &p, NULL);
}

static void
add_package(struct store_txn *t, const char *tag, uint32_t product,
    int64_t qty, int status)
{
	struct package	pk;

	fixture_package(&pk, tag, product, qty);
	pk.status = status;
	store_package_put(t, &pk, NULL);
}

static void
add_customer(struct store_txn *t, uint32_t id)
{
	struct customer	cu;

	memset(&cu, 0, sizeof cu);
	cu.id = id;
	cu.type = CUSTOMER_ADULT;
	snprintf(cu.first, sizeof cu.first, "C%u", id);
	strlcpy(cu.last, "Test", sizeof cu.last);
	cu.dob = 19800101;
	strlcpy(cu.id_type, "dl", sizeof cu.id_type);
	snprintf(cu.id_number, sizeof cu.id_number, "T%u", id);
	strlcpy(cu.id_state, "CO", sizeof cu.id_state);
	cu.id_expires = 20400101;
	strlcpy(cu.residence, "CO", sizeof cu.residence);
	store_customer_put(t, &cu, NULL);
}

struct ctx {
	struct fixture		*f;
	struct order_conf	 conf;
};

static int
setup(void **state)
{
	struct ctx		*c;
	struct store_txn	 t;
	char			*cause = NULL;

	c = xcalloc(1, sizeof *c);
	if ((c->f = fixture_open("order", 1 << 20)) == NULL)
		return (-1);
	if (store_begin(c->f->st, &t, 1) != 0)
		return (-1);
	add_product(&t, 1, "FL-7", 7);		/* 7 g each */
	add_package(&t, TAG_A, 1, 6, PACKAGE_ACTIVE);
	add_package(&t, TAG_B, 1, 4, PACKAGE_ACTIVE);
	add_package(&t, TAG_HELD, 1, 5, PACKAGE_HOLD);
	add_customer(&t, 1);
	add_customer(&t, 2);
	if (store_commit(&t) != 0)
		return (-1);
	if ((c->conf.rules = rules_find(RULES_SRCDIR, "US-CO",
	    &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		return (-1);
	}
	c->conf.state = "CO";
	c->conf.tz = "America/Denver";
	c->conf.expiry = 60;
	c->conf.now = NOW;
	*state = c;
	return (0);
}

static int
teardown(void **state)
{
	struct ctx	*c = *state;

	rules_free(c->conf.rules);
	*state = c->f;
	fixture_teardown(state);
	free(c);
	return (0);
}

static void
request(struct order_request *rq, const char *ref, uint32_t cust, int64_t qty)
{
	memset(rq, 0, sizeof *rq);
	strlcpy(rq->ref, ref, sizeof rq->ref);
	rq->customer = cust;
	rq->channel = ORDER_PICKUP;
	rq->window_start = NOW;
	rq->window_end = NOW + HOUR;
	rq->nlines = 1;
	rq->lines[0].product = 1;
	rq->lines[0].qty = qty;
	rq->terminal = "test";
	rq->staff = 1;
}

static enum order_err
create(struct ctx *c, const struct order_request *rq, struct order *o,
    char **cause)
{
	struct store_txn	t;
	enum order_err		e;
	int			replayed;

	assert_int_equal(store_begin(c->f->st, &t, 1), 0);
	*cause = NULL;
	e = order_create(&t, &c->conf, rq, o, &replayed, cause);
	if (e == ORDER_OK)
		assert_int_equal(store_commit(&t), 0);
	else
		store_abort(&t);
	return (e);
}

static int64_t
reserved(struct ctx *c)
{
	struct store_txn	t;
	int64_t			r;

	assert_int_equal(store_begin(c->f->st, &t, 0), 0);
	r = store_reserve_get(&t, 1);
	store_abort(&t);
	return (r);
}

/* Could the register sell qty of TAG_A now? */
static enum sale_err
sell(struct ctx *c, int64_t qty, char **cause)
{
	struct store_txn	 t;
	struct sale_request	*rq;
	struct sale		*s;
	enum sale_err		 e;

	rq = xcalloc(1, sizeof *rq);
	s = xcalloc(1, sizeof *s);
	rq->ref = "r";
	rq->terminal = "test";
	rq->nlines = 1;
	strlcpy(rq->lines[0].tag, TAG_A, sizeof rq->lines[0].tag);
	rq->lines[0].qty = qty;
	rq->tz = "America/Denver";
	rq->state = "CO";
	assert_int_equal(store_begin(c->f->st, &t, 0), 0);
	*cause = NULL;
	e = sale_prepare(&t, rq, s, NULL, cause);
	store_abort(&t);
	free(rq);
	free(s);
	return (e);
}

static void
test_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(order_available(10, 3), 7);
	assert_int_equal(order_available(3, 10), 0);
	assert_int_equal(order_available(5, 5), 0);
	assert_int_equal(order_available(0, 0), 0);
	/* A package's share: its own stock, capped by the product's. */
	assert_int_equal(order_package_available(4, 10, 3), 4);
	assert_int_equal(order_package_available(8, 10, 3), 7);
	assert_int_equal(order_package_available(6, 10, 10), 0);
	assert_int_equal(order_package_available(0, 10, 3), 0);
	assert_int_equal(order_package_available(-2, 10, 3), 0);
	assert_int_equal(order_package_available(5, 2, 3), 0);
	assert_true(order_status_open(ORDER_NEW));
	assert_true(order_status_open(ORDER_OUT));
	assert_false(order_status_open(ORDER_DELIVERED));
	assert_false(order_status_open(ORDER_CANCELLED));
	assert_false(order_status_open(ORDER_EXPIRED));
}

/* What one package may still sell, as the stock events report it. */
static int64_t
available(struct ctx *c, const char *tag)
{
	struct store_txn	t;
	struct package		pk;
	int64_t			avail = -1;

	assert_int_equal(store_begin(c->f->st, &t, 0), 0);
	assert_int_equal(store_package_get(&t, tag, &pk), 0);
	assert_int_equal(order_available_package(&t, &pk, &avail), 0);
	store_abort(&t);
	return (avail);
}

/*
 * With nothing reserved a package's own stock is what it may sell (the
 * other packages are not summed); once the product has a reservation
 * the product's free stock caps it.
 */
static void
test_available(void **state)
{
	struct ctx		*c = *state;
	struct order_request	 rq;
	struct order		*o;
	char			*cause;

	o = xmalloc(sizeof *o);
	assert_int_equal(reserved(c), 0);
	assert_int_equal(available(c, TAG_A), 6);
	assert_int_equal(available(c, TAG_B), 4);
	assert_int_equal(available(c, TAG_HELD), 0);
	/* 10 sellable, 3 + 2 reserved: 5 free, less than A's own 6. */
	request(&rq, "a", 1, 3);
	assert_int_equal(create(c, &rq, o, &cause), ORDER_OK);
	assert_int_equal(available(c, TAG_A), 6);
	request(&rq, "b", 2, 2);
	assert_int_equal(create(c, &rq, o, &cause), ORDER_OK);
	assert_int_equal(reserved(c), 5);
	assert_int_equal(available(c, TAG_A), 5);
	assert_int_equal(available(c, TAG_B), 4);
	assert_int_equal(available(c, TAG_HELD), 0);
	free(o);
}

/* Reserve, and the register cannot take it; cancel and expire release. */
static void
test_reserve(void **state)
{
	struct ctx		*c = *state;
	struct order_request	 rq;
	struct order		*o;
	struct store_txn	 t;
	struct package		 pk;
	char			*cause;

	o = xmalloc(sizeof *o);
	/* 10 sellable (the held 5 do not count): 3 reserved, 7 left. */
	request(&rq, "a", 1, 3);
	assert_int_equal(create(c, &rq, o, &cause), ORDER_OK);
	assert_int_equal(reserved(c), 3);
	assert_int_equal(o->expires, NOW + HOUR + 60 * INT64_C(1000000));
	assert_int_equal(available(c, TAG_A), 6);  /* 6 of 7 are in it */
	/* 8 cannot be promised: 7 are available. */
	request(&rq, "b", 2, 8);
	assert_int_equal(create(c, &rq, o, &cause), ORDER_E_STOCK);
	assert_non_null(strstr(cause, "7 available"));
	free(cause);
	request(&rq, "b", 2, 1);
	assert_int_equal(create(c, &rq, o, &cause), ORDER_OK);
	assert_int_equal(reserved(c), 4);
	/* The register: 6 of TAG_A, but only 6 of the product are free. */
	assert_int_equal(sell(c, 6, &cause), SALE_OK);
	free(cause);
	assert_int_equal(store_begin(c->f->st, &t, 1), 0);
	assert_int_equal(store_package_get(&t, TAG_B, &pk), 0);
	pk.qty = 1;	/* B down to 1: 7 sellable, 4 reserved */
	store_package_put(&t, &pk, &pk);
	assert_int_equal(store_commit(&t), 0);
	assert_int_equal(sell(c, 4, &cause), SALE_E_STOCK);
	assert_non_null(strstr(cause, "reserved"));
	free(cause);
	assert_int_equal(sell(c, 3, &cause), SALE_OK);
	free(cause);

	/* Cancel releases the 3; expiry (past its deadline) the 1. */
	assert_int_equal(store_begin(c->f->st, &t, 1), 0);
	assert_int_equal(order_cancel(&t, 1, 1, "test", "why", NOW, o,
	    &cause), ORDER_OK);
	assert_int_equal(o->status, ORDER_CANCELLED);
	assert_int_equal(o->nhistory, 2);
	assert_int_equal(store_commit(&t), 0);
	assert_int_equal(reserved(c), 1);
	assert_int_equal(store_begin(c->f->st, &t, 1), 0);
	assert_int_equal(order_cancel(&t, 1, 1, "test", "again", NOW, o,
	    &cause), ORDER_E_CONFLICT);
	free(cause);
	assert_int_equal(order_expire(&t, 2, NOW, o, &cause),
	    ORDER_E_CONFLICT);	/* not due yet */
	free(cause);
	assert_int_equal(order_expire(&t, 2, NOW + 2 * HOUR, o, &cause),
	    ORDER_OK);
	assert_int_equal(o->status, ORDER_EXPIRED);
	assert_int_equal(store_commit(&t), 0);
	assert_int_equal(reserved(c), 0);
	free(o);
}

/* Limits count the other open orders, and only open ones. */
static void
test_limits_open(void **state)
{
	struct ctx		*c = *state;
	struct order_request	 rq;
	struct order		*o;
	struct store_txn	 t;
	struct limits_request	 req;
	u_int			 n;
	char			*cause;

	o = xmalloc(sizeof *o);
	request(&rq, "l1", 1, 3);		/* 21 g of the ounce */
	assert_int_equal(create(c, &rq, o, &cause), ORDER_OK);
	assert_int_equal(store_begin(c->f->st, &t, 0), 0);
	memset(&req, 0, sizeof req);
	assert_int_equal(order_limits_open(&t, 1, 0, NOW, &req, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(req.nhistory, 1);
	assert_int_equal(req.history[0].qty, 3);
	assert_int_equal(req.history[0].at, NOW);
	limits_request_free(&req);
	memset(&req, 0, sizeof req);
	assert_int_equal(order_limits_open(&t, 1, o->id, NOW, &req, &n), 0);
	assert_int_equal(n, 0);		/* excluded */
	limits_request_free(&req);
	store_abort(&t);
	/* 14 g alone fits; with the open 21 g it is over the ounce. */
	request(&rq, "l2", 1, 2);
	assert_int_equal(create(c, &rq, o, &cause), ORDER_E_LIMIT);
	assert_non_null(strstr(cause, "co_adult_day"));
	assert_non_null(strstr(cause, "1 open order"));
	free(cause);
	/* Another customer is not affected. */
	request(&rq, "l3", 2, 2);
	assert_int_equal(create(c, &rq, o, &cause), ORDER_OK);
	/* Once the first is cancelled, the second fits. */
	assert_int_equal(store_begin(c->f->st, &t, 1), 0);
	assert_int_equal(order_cancel(&t, 1, 1, "test", "x", NOW, o, &cause),
	    ORDER_OK);
	assert_int_equal(store_commit(&t), 0);
	request(&rq, "l2", 1, 2);
	assert_int_equal(create(c, &rq, o, &cause), ORDER_OK);
	free(o);
}

static int
parse(const char *text, struct order_request *rq, char **cause)
{
	json_t	*j;
	int	 r;

	j = json_loads(text, 0, NULL);
	assert_non_null(j);
	*cause = NULL;
	r = order_parse(j, rq, cause);
	json_decref(j);
	return (r);
}

static void
test_parse(void **state)
{
	static const struct {
		const char	*doc;
		const char	*why;
	} bad[] = {
		{ "[]", "object" },
		{ "{\"customer\":1}", "ref" },
		{ "{\"ref\":\"a b\",\"customer\":1}", "ref" },
		{ "{\"ref\":\"a\",\"customer\":1,\"channel\":\"drone\"}",
		  "channel" },
		{ "{\"ref\":\"a\",\"customer\":1,\"channel\":\"delivery\"}",
		  "address" },
		{ "{\"ref\":\"a\",\"customer\":1,\"channel\":\"pickup\","
		  "\"address\":{}}", "pickup" },
		{ "{\"ref\":\"a\",\"customer\":1,\"channel\":\"pickup\","
		  "\"window\":{\"start\":2,\"end\":1}}", "window" },
		{ "{\"ref\":\"a\",\"customer\":1,\"channel\":\"pickup\","
		  "\"window\":{\"start\":1,\"end\":2},\"lines\":[]}", "lines" },
		{ "{\"ref\":\"a\",\"customer\":1,\"channel\":\"pickup\","
		  "\"window\":{\"start\":1,\"end\":2},\"lines\":[{\"qty\":1}]}",
		  "product" },
		{ "{\"ref\":\"a\",\"customer\":1,\"channel\":\"pickup\","
		  "\"window\":{\"start\":1,\"end\":2},\"lines\":[{\"sku\":\"X\","
		  "\"qty\":1.5}]}", "qty" },
		{ "{\"ref\":\"a\",\"customer\":1,\"channel\":\"pickup\","
		  "\"window\":{\"start\":1,\"end\":2},\"lines\":[{\"sku\":\"X\","
		  "\"qty\":1}],\"tip\":5}", "tip" },
		{ "{\"ref\":\"a\",\"customer\":1,\"channel\":\"delivery\","
		  "\"address\":{\"street\":\"s\",\"city\":\"c\",\"state\":\"CO\","
		  "\"zip\":\"8020\",\"lat\":1,\"lon\":1}}", "zip" },
		{ "{\"ref\":\"a\",\"customer\":1,\"channel\":\"delivery\","
		  "\"address\":{\"street\":\"s\",\"city\":\"c\",\"state\":\"CO\","
		  "\"zip\":\"80202\",\"lat\":91000000,\"lon\":1}}", "lat" },
	};
	struct order_request	 rq;
	char			*cause;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse(bad[i].doc, &rq, &cause) == 0)
			fail_msg("accepted %s", bad[i].doc);
		if (strstr(cause, bad[i].why) == NULL)
			fail_msg("%s: \"%s\" does not name %s", bad[i].doc,
			    cause, bad[i].why);
		free(cause);
	}
	assert_int_equal(parse("{\"ref\":\"w-1\",\"customer\":3,"
	    "\"channel\":\"delivery\",\"address\":{\"street\":\"1 Main\","
	    "\"city\":\"Denver\",\"state\":\"CO\",\"zip\":\"80202-1234\","
	    "\"lat\":39750000,\"lon\":-104999000},\"window\":{\"start\":1,"
	    "\"end\":2},\"lines\":[{\"sku\":\"FL-7\",\"qty\":2},"
	    "{\"product\":4,\"qty\":3500}],\"notes\":\"ring\"}", &rq, &cause),
	    0);
	assert_string_equal(rq.ref, "w-1");
	assert_int_equal(rq.customer, 3);
	assert_int_equal(rq.channel, ORDER_DELIVERY);
	assert_int_equal(rq.lon, -104999000);
	assert_true(rq.located);
	assert_int_equal(rq.nlines, 2);
	assert_string_equal(rq.lines[0].sku, "FL-7");
	assert_int_equal(rq.lines[1].product, 4);
	assert_int_equal(rq.lines[1].qty, 3500);
	assert_string_equal(rq.notes, "ring");
}

static void
test_zones(void **state)
{
	struct order_conf	 c;
	char			*cause = NULL;
	int64_t			 d;

	(void)state;
	/* Denver to Boulder: about 38.9 km on the great circle. */
	d = order_distance(39739200, -104990300, 40015000, -105270500);
	assert_true(d > 38500 && d < 39300);
	assert_int_equal(order_distance(1, 2, 1, 2), 0);
	/* Across the antimeridian: 0.2 degrees of longitude at the equator. */
	d = order_distance(0, 179900000, 0, -179900000);
	assert_true(d > 22000 && d < 22500);

	memset(&c, 0, sizeof c);
	assert_int_equal(order_zones_parse("39739200,-104990300",
	    "5000:500,12000:900", &c, &cause), 0);
	assert_int_equal(c.nzones, 2);
	assert_int_equal(c.zones[1].radius, 12000);
	assert_int_equal(c.zones[1].fee, 900);
	assert_int_equal(order_zones_parse("", "", &c, &cause), 0);
	assert_int_equal(c.nzones, 0);
	assert_int_equal(order_zones_parse("", "5000:500", &c, &cause), -1);
	free(cause);
	assert_int_equal(order_zones_parse("1,2", "5000:500,4000:100", &c,
	    &cause), -1);
	assert_non_null(strstr(cause, "rise"));
	free(cause);
	assert_int_equal(order_zones_parse("1,2", "5000", &c, &cause), -1);
	free(cause);
	assert_int_equal(order_zones_parse("95000000,2", "", &c, &cause), -1);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arithmetic),
		cmocka_unit_test_setup_teardown(test_reserve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_available, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_limits_open, setup,
		    teardown),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_zones),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
