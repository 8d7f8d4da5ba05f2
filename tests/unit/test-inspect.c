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
#include "order.h"
#include "trip.h"

/*
 * inspect.c: a customer's deliveries as lines of at most the width asked
 * and as JSON. A line cut at the width never splits a UTF-8 character
 * (stashd sends the lines as JSON strings, which must be UTF-8), and an
 * unknown customer is STORE_NOTFOUND with a message.
 */

struct lines {
	u_int	n;
	int	bad;		/* a line not UTF-8, or too wide */
	int	cut;		/* the address line, cut */
};

static void
check_line(const char *line, void *arg)
{
	struct lines	*l = arg;
	json_t		*j;

	l->n++;
	if (strlen(line) > 40 || (j = json_string(line)) == NULL) {
		l->bad = 1;
		return;
	}
	json_decref(j);
	if (strncmp(line, "    12xxx", 9) == 0)
		l->cut = strlen(line) == 39;
}

static void
test_customer(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct store_info	 si;
	struct customer		 cu;
	struct order		 o;
	struct inspect		 in;
	struct lines		 l;
	json_t			*d;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	memset(&cu, 0, sizeof cu);
	cu.id = 7;
	cu.type = 1;
	strlcpy(cu.first, "Zoë", sizeof cu.first);
	strlcpy(cu.last, "Ørsted", sizeof cu.last);
	cu.dob = 19800203;
	store_customer_put(&t, &cu, NULL);
	memset(&o, 0, sizeof o);
	o.id = 3;
	o.customer = 7;
	o.channel = ORDER_DELIVERY;
	o.status = ORDER_OUT;
	o.trip = 2;
	strlcpy(o.ref, "web-3", sizeof o.ref);
	o.window_start = o.created = 1;
	o.window_end = 2;
	o.nlines = 1;
	o.lines[0].product = 1;
	o.lines[0].qty = 1;
	/* The line is "    " and the street: "ß" is its 40th and 41st bytes. */
	strlcpy(o.street, "12", sizeof o.street);
	memset(o.street + 2, 'x', 33);
	strlcpy(o.street + 35, "ßstraße 9", sizeof o.street - 35);
	strlcpy(o.city, "Denver", sizeof o.city);
	strlcpy(o.state, "CO", sizeof o.state);
	strlcpy(o.zip, "80202", sizeof o.zip);
	store_order_put(&t, &o, NULL);
	assert_int_equal(t.ret, 0);

	memset(&si, 0, sizeof si);
	strlcpy(si.tz, "America/Denver", sizeof si.tz);
	memset(&in, 0, sizeof in);
	memset(&l, 0, sizeof l);
	in.t = &t;
	in.info = &si;
	in.width = 40;
	in.line = check_line;
	in.arg = &l;
	if (inspect_customer(&in, 7) != 0)
		fail_msg("inspect_customer: %s", t.err);
	assert_false(l.bad);
	assert_true(l.cut);
	assert_int_equal(l.n, in.lines);
	assert_true(l.n >= 4);
	assert_string_equal(json_string_value(json_object_get(in.json,
	    "name")), "Zoë Ørsted");
	d = json_array_get(json_object_get(in.json, "deliveries"), 0);
	assert_int_equal(json_integer_value(json_object_get(d, "order")), 3);
	assert_string_equal(json_string_value(json_object_get(d, "status")),
	    "out");
	assert_string_equal(json_string_value(json_object_get(d, "street")),
	    o.street);
	json_decref(in.json);

	memset(&in, 0, sizeof in);
	in.t = &t;
	in.info = &si;
	assert_int_equal(inspect_customer(&in, 8), STORE_NOTFOUND);
	assert_string_equal(in.err, "no customer 8");
	assert_null(in.json);
	store_abort(&t);
}

static int
setup(void **state)
{
	*state = fixture_open("inspect", 16 * 1024 * 1024);
	return (*state == NULL ? -1 : 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_customer, setup,
		    fixture_teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
