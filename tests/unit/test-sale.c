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

#include "rules.h"
#include "store.h"
#include "auth.h"
#include "drawer.h"
#include "sale.h"
#include "inventory.h"

/*
 * sale.c: a sale and a void, each in one transaction. Stock moves, the
 * audit records and the idempotent ref; every refusal leaves the ledger as
 * it was, even when the caller commits the transaction anyway.
 */

#define TAG_EACH	"1A4060300000000000001001"	/* 10 units */
#define TAG_WEIGHT	"1A4060300000000000002001"	/* 28350 mg */
#define TAG_HOLD	"1A4060300000000000003001"
#define TAG_QUAR	"1A4060300000000000003002"
#define TAG_DONE	"1A4060300000000000003003"
#define TAG_ORPHAN	"1A4060300000000000004001"	/* no product */
#define TAG_W1		"1A4060300000000000005001"
#define TAG_W2		"1A4060300000000000005002"
#define TAG_W3		"1A4060300000000000005003"
#define TAG_ABSENT	"1A40603000000000000FFFFF"

#define PRICE_EACH	3500	/* cents each */
#define PRICE_WEIGHT	1099	/* cents per gram */
#define PRICE_ODD	333	/* cents per gram */

static void
add_product(struct store_txn *t, uint32_t id, const char *sku, int weight,
    int64_t price)
{
	struct product	p;

	memset(&p, 0, sizeof p);
	p.id = id;
	strlcpy(p.sku, sku, sizeof p.sku);
	snprintf(p.name, sizeof p.name, "Product %s", sku);
	strlcpy(p.category, "flower", sizeof p.category);
	p.unit_weight = weight;
	p.price = price;
	p.thc = 200;
	store_product_put(t, &p, NULL);
}

static void
add_package(struct store_txn *t, const char *tag, uint32_t product,
    int64_t qty, int status)
{
	struct package	pk;

	memset(&pk, 0, sizeof pk);
	strlcpy(pk.tag, tag, sizeof pk.tag);
	pk.product = product;
	strlcpy(pk.batch, "B1", sizeof pk.batch);
	pk.qty = qty;
	pk.received_qty = qty;
	pk.status = status;
	pk.received = 1;
	store_package_put(t, &pk, NULL);
}

static int
setup(void **state)
{
	struct fixture		*f;
	struct store_txn	 t;
	struct drawer		 d;
	char			*cause = NULL;

	if ((f = fixture_open("sale", 65536)) == NULL)
		return (-1);
	if (store_begin(f->st, &t, 1) != 0)
		return (-1);
	/* Cash needs a drawer open on the register. */
	if (drawer_open(&t, "register-1", 2, 10000, &d, &cause) != DRAWER_OK)
		return (-1);
	add_product(&t, 1, "EACH-1", 0, PRICE_EACH);
	add_product(&t, 2, "WEIGHT-1", 1, PRICE_WEIGHT);
	add_product(&t, 3, "WEIGHT-ODD", 1, PRICE_ODD);
	add_package(&t, TAG_EACH, 1, 10, PACKAGE_ACTIVE);
	add_package(&t, TAG_WEIGHT, 2, 28350, PACKAGE_ACTIVE);
	add_package(&t, TAG_HOLD, 1, 5, PACKAGE_HOLD);
	add_package(&t, TAG_QUAR, 1, 5, PACKAGE_QUARANTINE);
	add_package(&t, TAG_DONE, 1, 5, PACKAGE_FINISHED);
	add_package(&t, TAG_ORPHAN, 99, 5, PACKAGE_ACTIVE);
	add_package(&t, TAG_W1, 3, 10000, PACKAGE_ACTIVE);
	add_package(&t, TAG_W2, 3, 10000, PACKAGE_ACTIVE);
	add_package(&t, TAG_W3, 3, 10000, PACKAGE_ACTIVE);
	if (store_commit(&t) != 0)
		return (-1);
	*state = f;
	return (0);
}

static void
request(struct sale_request *rq, const char *ref, int64_t cash)
{
	memset(rq, 0, sizeof *rq);
	rq->ref = ref;
	rq->terminal = "register-1";
	rq->staff = 2;
	rq->cash = cash;
}

static void
line(struct sale_request *rq, const char *tag, int64_t qty)
{
	strlcpy(rq->lines[rq->nlines].tag, tag, sizeof rq->lines[0].tag);
	rq->lines[rq->nlines].qty = qty;
	rq->nlines++;
}

/*
 * Run sale_commit in its own transaction and commit that transaction
 * whatever the result, so a refusal that wrote anything would show.
 */
static enum sale_err
run_sale(struct fixture *f, const struct sale_request *rq, struct sale *s,
    int *replayed, char **cause)
{
	struct store_txn	t;
	enum sale_err		e;

	*cause = NULL;
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	e = sale_commit(&t, rq, s, replayed, cause);
	if (e != SALE_E_STORE)
		assert_int_equal(t.ret, 0);
	if (e != SALE_OK)
		assert_non_null(*cause);
	assert_int_equal(store_commit(&t), 0);
	return (e);
}

static enum sale_err
run_void(struct fixture *f, uint64_t id, struct sale *s, char **cause)
{
	struct store_txn	t;
	enum sale_err		e;

	*cause = NULL;
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	e = sale_void(&t, id, 3, 1, "register-1", "customer changed mind", s,
	    cause);
	if (e != SALE_OK)
		assert_non_null(*cause);
	assert_int_equal(store_commit(&t), 0);
	return (e);
}

static int64_t
stock(struct fixture *f, const char *tag)
{
	struct store_txn	t;
	struct package		pk;

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_package_get(&t, tag, &pk), 0);
	store_abort(&t);
	return (pk.qty);
}

static uint64_t
count(struct fixture *f, enum store_db db)
{
	struct store_txn	t;
	uint64_t		n;

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	n = store_count(&t, db);
	store_abort(&t);
	return (n);
}

static void
check_audit(struct fixture *f, uint64_t want)
{
	struct store_txn	 t;
	uint64_t		 n, bad;
	char			*cause = NULL;

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	if (audit_verify(&t, &n, &bad, &cause) != 0)
		fail_msg("audit: %s", cause);
	assert_int_equal(n, want);
	store_abort(&t);
}

static void
test_commit(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s, got;
	struct store_txn	 t;
	struct audit		 a;
	uint64_t		 id;
	int			 replayed = -1;
	char			*cause;

	request(&rq, "register-1:1:1", 20000);
	line(&rq, TAG_EACH, 2);
	line(&rq, TAG_WEIGHT, 3500);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	assert_int_equal(replayed, 0);
	assert_int_equal(s.id, 1);
	assert_int_equal(s.status, SALE_COMPLETE);
	assert_int_equal(s.nlines, 2);
	assert_string_equal(s.lines[0].tag, TAG_EACH);
	assert_int_equal(s.lines[0].product, 1);
	assert_int_equal(s.lines[0].unit_weight, 0);
	assert_int_equal(s.lines[0].price, PRICE_EACH);
	assert_int_equal(s.lines[0].total, 2 * PRICE_EACH);
	assert_int_equal(s.lines[1].unit_weight, 1);
	assert_int_equal(s.lines[1].price, PRICE_WEIGHT);
	/* 3.5 g at 10.99/g = 38.465: half up to 38.47 */
	assert_int_equal(s.lines[1].total, 3847);
	assert_int_equal(s.subtotal, 7000 + 3847);
	assert_int_equal(s.total, s.subtotal);
	assert_int_equal(s.tendered, 20000);
	assert_int_equal(s.change, 20000 - s.total);
	assert_string_equal(s.ref, "register-1:1:1");
	assert_string_equal(s.terminal, "register-1");
	assert_int_equal(s.staff, 2);
	assert_true(s.time > 0);

	assert_int_equal(stock(f, TAG_EACH), 8);
	assert_int_equal(stock(f, TAG_WEIGHT), 28350 - 3500);
	assert_int_equal(count(f, DB_SALE), 1);
	assert_int_equal(count(f, DB_SALE_TAG), 2);

	/* What was committed is what was returned. */
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_sale_by_ref(&t, "register-1:1:1", &id), 0);
	assert_int_equal(id, s.id);
	assert_int_equal(store_sale_get(&t, id, &got), 0);
	assert_int_equal(got.total, s.total);
	assert_int_equal(got.nlines, 2);
	assert_int_equal(got.lines[1].total, 3847);
	assert_int_equal(got.time, s.time);
	/* And the audit names it. */
	assert_int_equal(audit_get(&t, 1, &a), 0);
	assert_string_equal(a.action, "sale.commit");
	assert_string_equal(a.subject, "sale 1");
	assert_string_equal(a.terminal, "register-1");
	assert_int_equal(a.staff, 2);
	store_abort(&t);
	check_audit(f, 1);

	/* The next sale takes the next number. */
	request(&rq, "register-1:1:2", 3500);
	line(&rq, TAG_EACH, 1);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	assert_int_equal(s.id, 2);
	assert_int_equal(s.change, 0);
	assert_int_equal(stock(f, TAG_EACH), 7);
	check_audit(f, 2);
}

static void
test_sell_out(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s;
	int			 replayed;
	char			*cause;

	/* All that is on hand can be sold; then nothing more. */
	request(&rq, "r:all", 100000);
	line(&rq, TAG_EACH, 10);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	assert_int_equal(stock(f, TAG_EACH), 0);
	request(&rq, "r:one-more", 100000);
	line(&rq, TAG_EACH, 1);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause),
	    SALE_E_STOCK);
	free(cause);
	assert_int_equal(stock(f, TAG_EACH), 0);
}

/* A refused request: the error it must get, and nothing written. */
static void
refused(struct fixture *f, const struct sale_request *rq, enum sale_err want,
    const char *what)
{
	struct sale		 s;
	struct store_txn	 t;
	uint64_t		 id;
	int			 replayed = -1;
	char			*cause = NULL;
	enum sale_err		 e;
	static const char	*tags[] = { TAG_EACH, TAG_WEIGHT, TAG_HOLD,
	    TAG_W1 };
	int64_t			 before[4];
	size_t			 i;

	for (i = 0; i < 4; i++)
		before[i] = stock(f, tags[i]);
	e = run_sale(f, rq, &s, &replayed, &cause);
	if (e != want)
		fail_msg("%s: %s (%s), expected %s", what, sale_err_code(e),
		    cause != NULL ? cause : "", sale_err_code(want));
	assert_int_equal(replayed, 0);
	free(cause);
	for (i = 0; i < 4; i++) {
		if (stock(f, tags[i]) != before[i])
			fail_msg("%s: stock of %s moved", what, tags[i]);
	}
	assert_int_equal(count(f, DB_SALE), 0);
	assert_int_equal(count(f, DB_SALE_REF), 0);
	assert_int_equal(count(f, DB_SALE_REF_RECENT), 0);
	assert_int_equal(count(f, DB_SALE_TAG), 0);
	assert_int_equal(count(f, DB_AUDIT), 0);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_sale_by_ref(&t, rq->ref, &id), STORE_NOTFOUND);
	assert_int_equal(store_meta_get_i64(&t, "audit.last"), 0);
	store_abort(&t);
}

static void
test_refusals(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	u_int			 i;

	request(&rq, "r:stock", 100000);
	line(&rq, TAG_EACH, 11);
	refused(f, &rq, SALE_E_STOCK, "11 of 10");

	request(&rq, "r:stock-mg", 1000000);
	line(&rq, TAG_WEIGHT, 28351);
	refused(f, &rq, SALE_E_STOCK, "28351 mg of 28350");

	/* The first line is fine, the second is not: neither moves. */
	request(&rq, "r:second", 1000000);
	line(&rq, TAG_EACH, 1);
	line(&rq, TAG_WEIGHT, 30000);
	refused(f, &rq, SALE_E_STOCK, "second line short");

	request(&rq, "r:hold", 100000);
	line(&rq, TAG_HOLD, 1);
	refused(f, &rq, SALE_E_NOTSELLABLE, "held package");
	request(&rq, "r:quarantine", 100000);
	line(&rq, TAG_EACH, 1);
	line(&rq, TAG_QUAR, 1);
	refused(f, &rq, SALE_E_NOTSELLABLE, "quarantined package");
	request(&rq, "r:finished", 100000);
	line(&rq, TAG_DONE, 1);
	refused(f, &rq, SALE_E_NOTSELLABLE, "finished package");
	request(&rq, "r:orphan", 100000);
	line(&rq, TAG_ORPHAN, 1);
	refused(f, &rq, SALE_E_NOTSELLABLE, "package without product");

	request(&rq, "r:unknown", 100000);
	line(&rq, TAG_EACH, 1);
	line(&rq, TAG_ABSENT, 1);
	refused(f, &rq, SALE_E_NOTFOUND, "unknown tag");
	request(&rq, "r:short-tag", 100000);
	line(&rq, "1A406", 1);
	refused(f, &rq, SALE_E_NOTFOUND, "short tag");

	request(&rq, "r:dup", 100000);
	line(&rq, TAG_EACH, 1);
	line(&rq, TAG_WEIGHT, 1000);
	line(&rq, TAG_EACH, 1);
	refused(f, &rq, SALE_E_INVALID, "duplicate tag");

	request(&rq, "r:cash", 2 * PRICE_EACH - 1);
	line(&rq, TAG_EACH, 2);
	refused(f, &rq, SALE_E_TENDER, "one cent short");
	request(&rq, "r:no-cash", 0);
	line(&rq, TAG_W1, 1500);
	refused(f, &rq, SALE_E_TENDER, "no cash");

	request(&rq, "r:empty", 100000);
	refused(f, &rq, SALE_E_INVALID, "no lines");
	request(&rq, "r:zero", 100000);
	line(&rq, TAG_EACH, 0);
	refused(f, &rq, SALE_E_INVALID, "zero quantity");
	request(&rq, "r:negative", 100000);
	line(&rq, TAG_EACH, -3);
	refused(f, &rq, SALE_E_INVALID, "negative quantity");
	request(&rq, "r:too-many", 100000);
	for (i = 0; i < MAX_SALE_LINES; i++)
		line(&rq, TAG_EACH, 1);
	rq.nlines = MAX_SALE_LINES + 1;
	refused(f, &rq, SALE_E_INVALID, "too many lines");
}

static void
test_replay(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s, again;
	int			 replayed = -1;
	char			*cause;

	request(&rq, "register-1:99:1", 10000);
	line(&rq, TAG_EACH, 2);
	line(&rq, TAG_W1, 1500);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	assert_int_equal(replayed, 0);
	assert_int_equal(stock(f, TAG_EACH), 8);

	/* The terminal never heard the reply and sends it again. */
	assert_int_equal(run_sale(f, &rq, &again, &replayed, &cause),
	    SALE_OK);
	assert_int_equal(replayed, 1);
	assert_int_equal(again.id, s.id);
	assert_int_equal(again.total, s.total);
	assert_int_equal(again.time, s.time);
	assert_int_equal(again.change, s.change);
	assert_int_equal(again.nlines, 2);
	assert_int_equal(stock(f, TAG_EACH), 8);
	assert_int_equal(stock(f, TAG_W1), 10000 - 1500);
	assert_int_equal(count(f, DB_SALE), 1);
	check_audit(f, 1);
}

static void
test_ref_conflict(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s;
	int			 replayed;
	char			*cause;

	request(&rq, "register-1:5:5", 10000);
	line(&rq, TAG_EACH, 2);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);

	/* Same ref, another quantity. */
	request(&rq, "register-1:5:5", 10000);
	line(&rq, TAG_EACH, 1);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause),
	    SALE_E_CONFLICT);
	assert_int_equal(replayed, 0);
	free(cause);
	/* Same ref, another package. */
	request(&rq, "register-1:5:5", 10000);
	line(&rq, TAG_W1, 2);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause),
	    SALE_E_CONFLICT);
	free(cause);
	/* Same ref, an extra line. */
	request(&rq, "register-1:5:5", 10000);
	line(&rq, TAG_EACH, 2);
	line(&rq, TAG_W1, 2);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause),
	    SALE_E_CONFLICT);
	free(cause);
	/* Same ref, other cash. */
	request(&rq, "register-1:5:5", 20000);
	line(&rq, TAG_EACH, 2);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause),
	    SALE_E_CONFLICT);
	free(cause);

	assert_int_equal(stock(f, TAG_EACH), 8);
	assert_int_equal(stock(f, TAG_W1), 10000);
	assert_int_equal(count(f, DB_SALE), 1);
	check_audit(f, 1);
}

static void
test_void(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s, v, got;
	struct store_txn	 t;
	struct audit		 a;
	int			 replayed;
	char			*cause;

	request(&rq, "register-1:7:7", 100000);
	line(&rq, TAG_EACH, 3);
	line(&rq, TAG_WEIGHT, 7000);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	assert_int_equal(stock(f, TAG_EACH), 7);
	assert_int_equal(stock(f, TAG_WEIGHT), 28350 - 7000);

	assert_int_equal(run_void(f, s.id, &v, &cause), SALE_OK);
	assert_int_equal(v.status, SALE_VOID);
	assert_int_equal(v.void_staff, 3);
	assert_int_equal(v.void_approver, 1);
	assert_string_equal(v.void_reason, "customer changed mind");
	assert_true(v.void_time >= s.time);
	assert_int_equal(stock(f, TAG_EACH), 10);
	assert_int_equal(stock(f, TAG_WEIGHT), 28350);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_sale_get(&t, s.id, &got), 0);
	assert_int_equal(got.status, SALE_VOID);
	assert_int_equal(got.void_approver, 1);
	assert_int_equal(got.total, s.total);
	assert_int_equal(audit_get(&t, 2, &a), 0);
	assert_string_equal(a.action, "sale.void");
	assert_int_equal(a.staff, 3);
	assert_int_equal(a.approver, 1);
	store_abort(&t);
	check_audit(f, 2);

	/* A second void is a conflict and moves nothing. */
	assert_int_equal(run_void(f, s.id, &v, &cause), SALE_E_CONFLICT);
	free(cause);
	assert_int_equal(stock(f, TAG_EACH), 10);
	assert_int_equal(stock(f, TAG_WEIGHT), 28350);
	check_audit(f, 2);

	/* A void of no sale. */
	assert_int_equal(run_void(f, 12345, &v, &cause), SALE_E_NOTFOUND);
	free(cause);
	check_audit(f, 2);

	/* The same ref again is still that (void) sale, not a new one. */
	assert_int_equal(run_sale(f, &rq, &got, &replayed, &cause), SALE_OK);
	assert_int_equal(replayed, 1);
	assert_int_equal(got.id, s.id);
	assert_int_equal(got.status, SALE_VOID);
	assert_int_equal(stock(f, TAG_EACH), 10);
	assert_int_equal(count(f, DB_SALE), 1);
}

static void
test_weight_rounding(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s;
	int			 replayed;
	char			*cause;

	/* 3.33 a gram: 1.5 g = 4.995 (up), 1.499 g = 4.99167, 1 mg = 0.00333 */
	request(&rq, "register-1:w:1", 1000);
	line(&rq, TAG_W1, 1500);
	line(&rq, TAG_W2, 1499);
	line(&rq, TAG_W3, 1);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	assert_int_equal(s.lines[0].total, 500);
	assert_int_equal(s.lines[1].total, 499);
	assert_int_equal(s.lines[2].total, 0);
	/* Each line is rounded on its own, then added. */
	assert_int_equal(s.subtotal, 999);
	assert_int_equal(s.total, 999);
	assert_int_equal(s.change, 1);
	assert_int_equal(stock(f, TAG_W1), 10000 - 1500);
	assert_int_equal(stock(f, TAG_W2), 10000 - 1499);
	assert_int_equal(stock(f, TAG_W3), 10000 - 1);
}

/*
 * Taxes (contrib/rules/README.md, "Taxes"). The products: flower at
 * 10.05 each (two packages, 40% THC), an edible at 10.10 (100 mg THC,
 * 5%), and an edible with no THC entered.
 */
#define TAG_FL1		"1A4060300000000000006001"
#define TAG_FL2		"1A4060300000000000006002"
#define TAG_ED		"1A4060300000000000006003"
#define TAG_ED_BARE	"1A4060300000000000006004"
#define TAX_HEAD \
	"stash-rules 1\n" \
	"jurisdiction US-XX\n" \
	"name \"Test\"\n" \
	"zone America/Denver\n" \
	"effective 2020-01-01\n" \
	"verified 2026-11-27\n" \
	"cite \"Test Act\"\n"
#define TAX_POOL \
	"pool p\n" \
	"\twho adult,medical,caregiver\n" \
	"\twindow transaction\n" \
	"\tterm * units 1000units optional\n"

static void
tax_products(struct fixture *f)
{
	struct store_txn	t;
	struct product		p;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	memset(&p, 0, sizeof p);
	p.id = 20;
	strlcpy(p.sku, "TAX-FLOWER", sizeof p.sku);
	strlcpy(p.name, "Tax flower", sizeof p.name);
	strlcpy(p.category, "flower", sizeof p.category);
	p.price = 1005;
	p.thc = 400;
	p.measured = 1;
	p.net_ug = 1000000;
	p.flower_ug = 1000000;
	p.thc_ug = 400000;
	store_product_put(&t, &p, NULL);
	p.id = 21;
	strlcpy(p.sku, "TAX-EDIBLE", sizeof p.sku);
	strlcpy(p.name, "Tax edible", sizeof p.name);
	strlcpy(p.category, "edible", sizeof p.category);
	p.price = 1010;
	p.thc = 50;
	p.flower_ug = 0;
	p.thc_ug = 100000;
	store_product_put(&t, &p, NULL);
	p.id = 22;
	strlcpy(p.sku, "TAX-BARE", sizeof p.sku);
	p.measured = 0;
	p.thc_ug = 0;
	store_product_put(&t, &p, NULL);
	add_package(&t, TAG_FL1, 20, 10, PACKAGE_ACTIVE);
	add_package(&t, TAG_FL2, 20, 10, PACKAGE_ACTIVE);
	add_package(&t, TAG_ED, 21, 10, PACKAGE_ACTIVE);
	add_package(&t, TAG_ED_BARE, 22, 10, PACKAGE_ACTIVE);
	assert_int_equal(store_commit(&t), 0);
}

static struct rules *
tax_rules(struct fixture *f, const char *taxes, const char *local)
{
	struct rules	*r;
	char		 path[512], *cause = NULL;
	FILE		*fp;

	snprintf(path, sizeof path, "%s/US-XX", f->dir);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "%s%s%s", TAX_HEAD, taxes, TAX_POOL);
	fclose(fp);
	if ((r = rules_load(path, &cause)) == NULL)
		fail_msg("%s", cause);
	if (local == NULL)
		return (r);
	snprintf(path, sizeof path, "%s/local", f->dir);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "stash-taxes 1\njurisdiction US-XX\n"
	    "verified 2026-11-27\n%s", local);
	fclose(fp);
	if (rules_tax_local(r, path, &cause) != 0)
		fail_msg("%s", cause);
	return (r);
}

static const struct sale_tax *
tax_named(const struct sale *s, const char *name)
{
	u_int	i;

	for (i = 0; i < s->ntaxes; i++) {
		if (strcmp(s->taxes[i].name, name) == 0)
			return (&s->taxes[i]);
	}
	fail_msg("no tax %s on the sale", name);
	return (NULL);
}

/* x * part / whole, rounded half up, as sale.c shares money out. */
static int64_t
sale_share_of(int64_t x, int64_t part, int64_t whole)
{
	return ((x * part * 2 + whole) / (whole * 2));
}

static void
test_tax_added(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s, got;
	struct store_txn	 t;
	struct rules		*r;
	int			 replayed;
	char			*cause;

	tax_products(f);
	r = tax_rules(f, "pricing added\n"
	    "tax fl 10% adult \"c\" level excise label \"Flower tax\" "
	    "on flower\n"
	    "tax ed 5% adult \"c\" on edible\n"
	    "tax all 2.5% adult \"c\"\n"
	    "tax med 4% medical \"c\"\n"
	    "tax hi 1% adult \"c\" on flower potency >40%\n"
	    "tax up 0.1% adult \"c\" on edible round up\n", NULL);
	request(&rq, "tax:1", 10000);
	rq.rules = r;
	line(&rq, TAG_FL1, 1);
	line(&rq, TAG_FL2, 1);
	line(&rq, TAG_ED, 1);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	assert_int_equal(s.subtotal, 1005 + 1005 + 1010);
	/*
	 * Each tax once on the sum of its lines, never per line: flower
	 * 20.10 x 10% = 2.01 (per line it would be 1.005 + 1.005, 1.01 +
	 * 1.01 = 2.02); the edible 10.10 x 5% = 0.505, half up to 0.51;
	 * everything 30.20 x 2.5% = 0.755, half up to 0.76; round up:
	 * 10.10 x 0.1% = 0.0101 up to 0.02.
	 */
	assert_int_equal(tax_named(&s, "fl")->amount, 201);
	assert_int_equal(tax_named(&s, "ed")->amount, 51);
	assert_int_equal(tax_named(&s, "all")->amount, 76);
	assert_int_equal(tax_named(&s, "up")->amount, 2);
	/* Not listed: the medical tax, and the one no line's potency meets. */
	assert_int_equal(s.ntaxes, 4);
	assert_string_equal(tax_named(&s, "fl")->label, "Flower tax");
	assert_int_equal(tax_named(&s, "fl")->level, RULES_TAX_EXCISE);
	assert_string_equal(tax_named(&s, "ed")->label, "ed");
	assert_int_equal(tax_named(&s, "ed")->level, RULES_TAX_STATE);
	assert_int_equal(s.tax, 201 + 51 + 76 + 2);
	assert_int_equal(s.total, s.subtotal + s.tax);
	assert_false(s.tax_included);
	/* The ledger keeps the labels and levels. */
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_sale_get(&t, s.id, &got), 0);
	store_abort(&t);
	assert_int_equal(got.ntaxes, s.ntaxes);
	assert_string_equal(tax_named(&got, "fl")->label, "Flower tax");
	assert_int_equal(tax_named(&got, "fl")->level, RULES_TAX_EXCISE);
	assert_int_equal(got.tax, s.tax);
	/*
	 * Each line keeps its share of the taxes that fall on it, by
	 * running sums: the flower tax 2.01 over 10.05 + 10.05 is 1.01 +
	 * 1.00; "all" 0.76 over 10.05, 10.05, 10.10 is 0.25, 0.26, 0.25;
	 * the edible alone has "ed" and "up". A return of the edible gives
	 * back 10.10 + 0.78, not a share of the flower tax by price (11.20).
	 */
	/* The THC as sold is kept with each line (400 mg, 100 mg a unit). */
	assert_int_equal(got.lines[0].thc_mg, 400);
	assert_int_equal(got.lines[2].thc_mg, 100);
	assert_int_equal(got.lines[0].tax, 101 + 25);
	assert_int_equal(got.lines[1].tax, 100 + 26);
	assert_int_equal(got.lines[2].tax, 51 + 25 + 2);
	assert_int_equal(got.lines[0].tax + got.lines[1].tax +
	    got.lines[2].tax, got.tax);
	assert_int_equal(sale_line_paid(&got, 2), 1010 + 78);
	assert_int_equal(sale_line_paid(&got, 0) + sale_line_paid(&got, 1) +
	    sale_line_paid(&got, 2), got.total);
	/* A sale from before the shares were kept: by price. */
	got.lines[0].tax = got.lines[1].tax = got.lines[2].tax = -1;
	assert_int_equal(sale_line_paid(&got, 2), 1010 + 110);
	rules_free(r);
}

/*
 * A tax on the price plus the excise (California's sales tax): the
 * excise first, then the tax on each line's price and its share of it.
 */
static void
test_tax_compound(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s;
	struct rules		*r;
	int			 replayed;
	char			*cause;

	tax_products(f);
	r = tax_rules(f, "pricing added\n"
	    "tax ex 15% adult \"c\" level excise\n"
	    "tax st 7.25% adult \"c\" base price+excise\n"
	    "tax fst 1% adult \"c\" on flower base price+excise\n", NULL);
	request(&rq, "tax:c", 10000);
	rq.rules = r;
	line(&rq, TAG_FL1, 1);
	line(&rq, TAG_ED, 1);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	/*
	 * ex: 20.15 x 15% = 3.0225 -> 3.02, shared 1.51 and 1.51 by
	 * price; st: (20.15 + 3.02) x 7.25% = 1.679825 -> 1.68; fst: the
	 * flower's (10.05 + 1.51) x 1% = 0.1156 -> 0.12.
	 */
	assert_int_equal(tax_named(&s, "ex")->amount, 302);
	assert_int_equal(tax_named(&s, "st")->amount, 168);
	assert_int_equal(tax_named(&s, "fst")->amount, 12);
	assert_int_equal(s.tax, 302 + 168 + 12);
	assert_int_equal(s.total, 2015 + 482);
	/* st shared by 11.56 and 11.61: 0.84 and 0.84; fst on the flower. */
	assert_int_equal(s.lines[0].tax, 151 + 84 + 12);
	assert_int_equal(s.lines[1].tax, 151 + 84);
	rules_free(r);
}

static void
test_tax_included(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s;
	struct rules		*r;
	int			 replayed;
	char			*cause;

	tax_products(f);
	r = tax_rules(f, "pricing included\n"
	    "tax fl 10% adult \"c\" on flower\n"
	    "tax all 5% adult \"c\"\n", NULL);
	request(&rq, "tax:2", 10000);
	rq.rules = r;
	line(&rq, TAG_FL1, 1);
	line(&rq, TAG_FL2, 1);
	line(&rq, TAG_ED, 1);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	/*
	 * Flower (both taxes): 20.10 / 1.15 = 17.478 -> 17.48 before tax;
	 * the edible (5% only): 10.10 / 1.05 = 9.619 -> 9.62. So 2.62 +
	 * 0.48 = 3.10 of tax in 30.20. fl is 10% of 17.48 = 1.748 -> 1.75;
	 * all is 5% of 27.10 = 1.355, half up 1.36, less the cent the
	 * rounding left over (1.75 + 1.36 = 3.11): 1.35.
	 */
	assert_true(s.tax_included);
	assert_int_equal(s.total, s.subtotal);
	assert_int_equal(s.tax, 310);
	assert_int_equal(tax_named(&s, "fl")->amount, 175);
	assert_int_equal(tax_named(&s, "all")->amount, 135);
	assert_int_equal(s.change, 10000 - s.subtotal);
	/*
	 * The lines' shares add up to the tax inside the prices; the
	 * edible carries only "all"; the pre-tax amounts add up too.
	 */
	assert_int_equal(s.lines[0].tax + s.lines[1].tax + s.lines[2].tax,
	    310);
	assert_int_equal(s.lines[2].tax, 135 - sale_share_of(135, 1005 + 1005,
	    1005 + 1005 + 1010));
	assert_int_equal(sale_line_paid(&s, 0) + sale_line_paid(&s, 1) +
	    sale_line_paid(&s, 2), s.total);
	rules_free(r);
}

/*
 * An order's delivery fee (sale_price_taxes, as order.create and the sale
 * at the door price it): untaxed unless asked; taxed, it bears the taxes
 * on the price of all goods only (no excise, none on one category), each
 * into its own line, rounded as that tax rounds; with taxes included in
 * the prices, the fee includes them too.
 */
static void
test_fee(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct sale		 s;
	struct rules		*r;
	char			*cause = NULL;

	tax_products(f);
	r = tax_rules(f, "tax ex 15% adult \"c\" level excise\n"
	    "tax st 7.25% adult \"c\" level state\n",
	    "tax ct 2.5% adult \"c\" level city round up\n"
	    "tax ed 3% adult \"c\" level county on edible\n");
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	memset(&s, 0, sizeof s);
	s.nlines = 1;
	s.lines[0].product = 20;	/* flower: no "ed" */
	s.lines[0].qty = 1;
	s.lines[0].price = s.lines[0].total = s.subtotal = 1005;
	assert_int_equal(sale_price_taxes(&t, r, 0, 995, 0, &s, &cause),
	    SALE_OK);
	assert_int_equal(s.fee, 995);
	assert_int_equal(s.fee_tax, 0);
	assert_int_equal(s.total, s.subtotal + s.tax + 995);

	memset(&s.taxes, 0, sizeof s.taxes);
	assert_int_equal(sale_price_taxes(&t, r, 0, 995, 1, &s, &cause),
	    SALE_OK);
	/* 7.25% of 9.95 = 0.7214 -> 0.72; 2.5% = 0.24875, up: 0.25. */
	assert_int_equal(s.fee_tax, 72 + 25);
	assert_int_equal(tax_named(&s, "ex")->amount, 151);	/* goods */
	assert_int_equal(tax_named(&s, "ct")->amount, (1005 * 25 + 999) /
	    1000 + 25);
	assert_int_equal(s.total, s.subtotal + s.tax + 995);
	assert_int_equal(s.ntaxes, 3);	/* "ed" on neither */
	rules_free(r);

	/* Prices with the taxes in: 9.95 holds 7.25%: 0.6726 -> 0.67. */
	r = tax_rules(f, "pricing included\n"
	    "tax st 7.25% adult \"c\" level state\n", NULL);
	memset(&s.taxes, 0, sizeof s.taxes);
	assert_int_equal(sale_price_taxes(&t, r, 0, 995, 1, &s, &cause),
	    SALE_OK);
	assert_true(s.tax_included);
	assert_int_equal(s.fee_tax, 67);
	assert_int_equal(s.total, s.subtotal + 995);
	store_abort(&t);
	rules_free(r);
}

static void
test_tax_per_mg(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s;
	struct rules		*r;
	int			 replayed;
	char			*cause;

	tax_products(f);
	r = tax_rules(f, "tax mg 0.625c/mg adult \"c\" on edible\n"
	    "tax fmg 0.0001c/mg adult \"c\" on flower\n", NULL);
	request(&rq, "tax:3", 10000);
	rq.rules = r;
	line(&rq, TAG_ED, 3);
	line(&rq, TAG_FL1, 1);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	/*
	 * 3 x 100 mg at 0.625 cents = 187.5 cents, half up to 1.88;
	 * 400 mg at 0.0001 cents = 0.04 cents: 0.00, still listed.
	 */
	assert_int_equal(tax_named(&s, "mg")->amount, 188);
	assert_int_equal(tax_named(&s, "mg")->per_mg, 625000);
	assert_int_equal(tax_named(&s, "fmg")->amount, 0);
	assert_int_equal(s.total, s.subtotal + 188);

	/* No THC entered: the tax cannot be worked out; nothing sold. */
	request(&rq, "tax:4", 10000);
	rq.rules = r;
	line(&rq, TAG_ED_BARE, 1);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause),
	    SALE_E_NOTSELLABLE);
	assert_non_null(strstr(cause, "no THC content entered"));
	free(cause);
	assert_int_equal(stock(f, TAG_ED_BARE), 10);
	rules_free(r);
}

static void
test_tax_local_file(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s;
	struct rules		*r;
	int			 replayed;
	char			*cause;

	tax_products(f);
	r = tax_rules(f, "tax st 2.9% adult \"c\"\n",
	    "tax city 5.5% adult \"c\" level city label \"City tax\"\n"
	    "tax dist 0.1% adult \"c\" level district on edible\n");
	request(&rq, "tax:5", 10000);
	rq.rules = r;
	line(&rq, TAG_FL1, 1);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	/*
	 * 10.05 x 2.9% = 0.29145 -> 0.29; x 5.5% = 0.55275 -> 0.55; the
	 * district tax is on edibles only: not listed.
	 */
	assert_int_equal(s.ntaxes, 2);
	assert_int_equal(tax_named(&s, "st")->amount, 29);
	assert_int_equal(tax_named(&s, "city")->amount, 55);
	assert_int_equal(tax_named(&s, "city")->level, RULES_TAX_CITY);
	assert_string_equal(tax_named(&s, "city")->label, "City tax");
	assert_int_equal(s.total, 1005 + 29 + 55);
	rules_free(r);
}

/* The audit record at seq n. */
static void
audit_at(struct fixture *f, uint64_t n, struct audit *a)
{
	struct store_txn	t;

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(audit_get(&t, n, a), 0);
	store_abort(&t);
}

/*
 * A weight typed rather than read from the scale: refused (nothing moves)
 * without weight.type or an approver; with either, sold, and each typed
 * line audited (naming the approver when one was needed). A counted
 * product's line is never "typed".
 */
static void
test_typed_weight(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s;
	struct audit		 a;
	int			 replayed;
	char			*cause = NULL;

	request(&rq, "t:typed", 1000000);
	rq.perms = PERM_SALE;
	line(&rq, TAG_EACH, 1);
	line(&rq, TAG_WEIGHT, 3500);
	rq.lines[1].typed = 1;
	refused(f, &rq, SALE_E_APPROVAL, "typed weight, no permission");

	/* A counted line marked typed is not a weight: sold. */
	request(&rq, "t:each", 1000000);
	rq.perms = PERM_SALE;
	line(&rq, TAG_EACH, 1);
	rq.lines[0].typed = 1;
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	assert_false(s.lines[0].typed);
	check_audit(f, 1);

	/* The scale's weight: sold, one audit record. */
	request(&rq, "t:scale", 1000000);
	rq.perms = PERM_SALE;
	line(&rq, TAG_WEIGHT, 3500);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	check_audit(f, 2);

	/* With an approver: sold, the typed line audited with them. */
	request(&rq, "t:approved", 1000000);
	rq.perms = PERM_SALE;
	rq.approver = 1;
	rq.approvals = PERM_WEIGHT_TYPE;
	line(&rq, TAG_EACH, 1);
	line(&rq, TAG_WEIGHT, 2750);
	rq.lines[1].typed = 1;
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	assert_true(s.lines[1].typed);
	check_audit(f, 4);
	audit_at(f, 4, &a);
	assert_string_equal(a.action, "sale.weight-typed");
	assert_int_equal(a.approver, 1);
	assert_non_null(strstr(a.detail, "line=2"));
	assert_non_null(strstr(a.detail, TAG_WEIGHT));
	assert_non_null(strstr(a.detail, "2.750 g"));

	/* With weight.type: sold, audited without an approver. */
	request(&rq, "t:perm", 1000000);
	rq.perms = PERM_SALE | PERM_WEIGHT_TYPE;
	line(&rq, TAG_WEIGHT, 1000);
	rq.lines[0].typed = 1;
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	check_audit(f, 6);
	audit_at(f, 6, &a);
	assert_string_equal(a.action, "sale.weight-typed");
	assert_int_equal(a.approver, 0);
	assert_int_equal(stock(f, TAG_WEIGHT), 28350 - 3500 - 2750 - 1000);
}

static enum sale_err
run_return(struct fixture *f, uint64_t sale, const char *tag, int method,
    const char *card_ref, struct sale_return *ret)
{
	struct store_txn	 t;
	struct return_request	 rq;
	struct sale		 s;
	char			*cause = NULL;
	enum sale_err		 e;

	memset(&rq, 0, sizeof rq);
	rq.sale = sale;
	rq.terminal = "register-1";
	rq.staff = 3;
	rq.approver = 1;
	rq.reason = "test";
	rq.method = method;
	rq.card_ref = card_ref;
	strlcpy(rq.lines[0].tag, tag, sizeof rq.lines[0].tag);
	rq.lines[0].qty = 1;
	rq.nlines = 1;
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	e = sale_return(&t, &rq, &s, ret, &cause);
	if (e != SALE_OK)
		assert_non_null(cause);
	free(cause);
	if (e == SALE_OK)
		assert_int_equal(store_commit(&t), 0);
	else
		store_abort(&t);
	return (e);
}

/*
 * How a refund went back is kept on the return record: cash, or card with
 * the reference and no more than the card paid.
 */
static void
test_return_method(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 cash, card, got_sale;
	struct sale_return	 ret, got;
	struct return_request	 rr;
	struct store_txn	 t;
	int			 replayed;
	char			*cause = NULL;

	request(&rq, "m:cash", 100000);
	line(&rq, TAG_EACH, 2);
	assert_int_equal(run_sale(f, &rq, &cash, &replayed, &cause), SALE_OK);
	request(&rq, "m:card", 0);
	rq.card_ref = "AUTH-9";
	line(&rq, TAG_W1, 1000);
	line(&rq, TAG_EACH, 2);
	rq.card = PRICE_EACH * 2 + PRICE_ODD;
	assert_int_equal(run_sale(f, &rq, &card, &replayed, &cause), SALE_OK);

	/* A tag on two lines of a return is refused, naming it. */
	memset(&rr, 0, sizeof rr);
	rr.sale = card.id;
	rr.terminal = "register-1";
	rr.staff = 3;
	rr.approver = 1;
	rr.reason = "test";
	rr.method = REFUND_CARD;
	rr.card_ref = "AUTH-9-R";
	strlcpy(rr.lines[0].tag, TAG_EACH, sizeof rr.lines[0].tag);
	strlcpy(rr.lines[1].tag, TAG_EACH, sizeof rr.lines[1].tag);
	rr.lines[0].qty = rr.lines[1].qty = 1;
	rr.nlines = 2;
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(sale_return(&t, &rr, &got_sale, &ret, &cause),
	    SALE_E_INVALID);
	store_abort(&t);
	assert_non_null(strstr(cause, "package " TAG_EACH " is on two lines"));
	free(cause);
	cause = NULL;

	assert_int_equal(run_return(f, cash.id, TAG_EACH, REFUND_UNRECORDED,
	    NULL, &ret), SALE_E_INVALID);
	assert_int_equal(run_return(f, cash.id, TAG_EACH, REFUND_CARD, "X",
	    &ret), SALE_E_TENDER);
	assert_int_equal(run_return(f, card.id, TAG_EACH, REFUND_CARD, NULL,
	    &ret), SALE_E_TENDER);
	assert_int_equal(run_return(f, card.id, TAG_EACH, REFUND_CARD, "",
	    &ret), SALE_E_TENDER);
	assert_int_equal(count(f, DB_RETURN), 0);

	assert_int_equal(run_return(f, cash.id, TAG_EACH, REFUND_CASH, NULL,
	    &ret), SALE_OK);
	assert_int_equal(ret.refund, PRICE_EACH);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_return_get(&t, ret.id, &got), 0);
	store_abort(&t);
	assert_int_equal(got.method, REFUND_CASH);
	assert_string_equal(got.card_ref, "");

	assert_int_equal(run_return(f, card.id, TAG_EACH, REFUND_CARD,
	    "AUTH-9-R", &ret), SALE_OK);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_return_get(&t, ret.id, &got), 0);
	store_abort(&t);
	assert_int_equal(got.method, REFUND_CARD);
	assert_string_equal(got.card_ref, "AUTH-9-R");
	assert_int_equal(got.refund, PRICE_EACH);
	assert_string_equal(store_return_method_name(got.method), "card");
	assert_string_equal(store_return_method_name(REFUND_UNRECORDED),
	    "unrecorded");
}

/*
 * The new customer fields are optional tags: a profile without them (as
 * written before them) reads as not a veteran and not staff.
 */
static void
test_customer_fields(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct customer		 cu, got;

	memset(&cu, 0, sizeof cu);
	cu.id = 1;
	cu.type = CUSTOMER_ADULT;
	strlcpy(cu.first, "Old", sizeof cu.first);
	strlcpy(cu.last, "Record", sizeof cu.last);
	cu.dob = 19500101;
	strlcpy(cu.id_number, "OLD1", sizeof cu.id_number);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_customer_put(&t, &cu, NULL);
	cu.id = 2;
	strlcpy(cu.id_number, "NEW2", sizeof cu.id_number);
	cu.veteran = 1;
	cu.employee = 7;
	store_customer_put(&t, &cu, NULL);
	assert_int_equal(store_commit(&t), 0);

	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_customer_get(&t, 1, &got), 0);
	assert_int_equal(got.veteran, 0);
	assert_int_equal(got.employee, 0);
	assert_int_equal(got.dob, 19500101);
	assert_int_equal(store_customer_get(&t, 2, &got), 0);
	assert_int_equal(got.veteran, 1);
	assert_int_equal(got.employee, 7);
	store_abort(&t);
}

static void
test_err_codes(void **state)
{
	(void)state;
	/* The codes of doc/protocol.md. */
	assert_string_equal(sale_err_code(SALE_E_NOTFOUND), "not-found");
	assert_string_equal(sale_err_code(SALE_E_NOTSELLABLE), "not-sellable");
	assert_string_equal(sale_err_code(SALE_E_STOCK), "insufficient-stock");
	assert_string_equal(sale_err_code(SALE_E_TENDER), "tender");
	assert_string_equal(sale_err_code(SALE_E_CONFLICT), "conflict");
	assert_string_equal(sale_err_code(SALE_E_INVALID), "bad-request");
	assert_string_equal(sale_err_code(SALE_E_STORE), "internal");
}

/*
 * Cash goes through a drawer: none open on the register, a cash sale is
 * refused and nothing is written; card is taken; a cash sale names the
 * drawer; once that drawer is closed the sale cannot be voided.
 */
static void
test_cash_drawer(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		*s = xmalloc(sizeof *s);
	struct store_txn	 t;
	struct drawer		 d;
	char			*cause;
	int			 replayed;

	request(&rq, "nd-1", 10000);
	rq.terminal = "register-2";
	line(&rq, TAG_EACH, 1);
	assert_int_equal(run_sale(f, &rq, s, &replayed, &cause),
	    SALE_E_TENDER);
	assert_non_null(strstr(cause, "open a drawer on this register first, "
	    "or take card"));
	free(cause);
	assert_int_equal(stock(f, TAG_EACH), 10);
	rq.cash = 0;
	rq.card = PRICE_EACH;	/* no taxes here */
	rq.card_ref = "AUTH-1";
	rq.ref = "nd-2";
	assert_int_equal(run_sale(f, &rq, s, &replayed, &cause), SALE_OK);
	assert_int_equal(s->drawer, 0);

	request(&rq, "d-1", 10000);
	line(&rq, TAG_EACH, 1);
	assert_int_equal(run_sale(f, &rq, s, &replayed, &cause), SALE_OK);
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(store_drawer_open_get(&t, "register-1", &d), 0);
	assert_int_equal(s->drawer, d.id);
	d.status = DRAWER_CLOSED;
	d.closed = util_now();
	store_drawer_put(&t, &d);
	assert_int_equal(store_commit(&t), 0);
	assert_int_equal(run_void(f, s->id, s, &cause), SALE_E_CONFLICT);
	assert_non_null(strstr(cause, "return"));
	free(cause);
	free(s);
}

/* The sales a trace of tag lists, in order, into ids; how many. */
struct trace_ids {
	uint64_t	ids[8];
	u_int		n;
};

static void
trace_package(const struct package *pk,
    const struct inventory_package_info *pi, int cont, void *arg)
{
	(void)pk;
	(void)pi;
	(void)cont;
	(void)arg;
}

static void
trace_sale(uint64_t id, const struct sale_brief *b, void *arg)
{
	struct trace_ids	*ti = arg;

	(void)b;
	if (ti->n < sizeof ti->ids / sizeof ti->ids[0])
		ti->ids[ti->n] = id;
	ti->n++;
}

static void
trace_adjust(const struct adjust *a, void *arg)
{
	(void)a;
	(void)arg;
}

static void
trace_done(int64_t sold, void *arg)
{
	(void)sold;
	(void)arg;
}

static u_int
trace_tag(struct fixture *f, const char *tag, struct trace_ids *ti)
{
	struct inventory_trace_cb	 cb = { trace_package, trace_sale,
					     trace_adjust, trace_done, NULL };
	struct inventory_trace_totals	 tr;
	struct store_txn		 t;
	char				*cause = NULL;

	memset(ti, 0, sizeof *ti);
	cb.arg = ti;
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(inventory_trace(&t, HOLD_PACKAGE, tag, NULL, 0, 0,
	    &cb, &tr, &cause), INVENTORY_OK);
	store_abort(&t);
	return (ti->n);
}

/*
 * Schema 6 keys sale.tag by the block of sale numbers and the packed tag.
 * A schema 5 ledger, whose entries are the tag's characters and the sale
 * (more of them than the migration moves in one chunk), is re-keyed when
 * it is opened, each package given its span of sales: a trace
 * still finds every sale of a package, a ref its sale, and a sale after
 * the migration is traced with the ones before it.
 */
static void
test_tag_schema_6(void **state)
{
	struct fixture		*f = *state;
	struct sale_request	 rq;
	struct sale		 s;
	struct store_txn	 t;
	struct store_iter	 it;
	struct trace_ids	 ti;
	struct store_key	 k;
	struct store_sale_tags	 w;
	char			*cause = NULL, dir[sizeof f->dir];
	uint64_t		 id;
	u_int			 i, n;
	int			 replayed;

	request(&rq, "register-1:1:1", 20000);
	line(&rq, TAG_EACH, 1);
	line(&rq, TAG_WEIGHT, 1000);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	request(&rq, "register-1:1:2", 20000);
	line(&rq, TAG_EACH, 2);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);

	/* The index as schema 5 wrote it; 4200 more entries of one tag. */
	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_clear(&t, DB_SALE_TAG);
	for (id = 1; id <= 2; id++) {
		assert_int_equal(store_sale_get(&t, id, &s), 0);
		for (i = 0; i < s.nlines; i++) {
			store_key_init(&k);
			memcpy(k.data, s.lines[i].tag, TAG_LEN);
			k.len = TAG_LEN;
			store_key_u64(&k, id);
			store_put(&t, DB_SALE_TAG, k.data, k.len, "", 0);
		}
	}
	for (i = 0; i < 4200; i++) {
		store_key_init(&k);
		memcpy(k.data, TAG_ABSENT, TAG_LEN);
		k.len = TAG_LEN;
		store_key_u64(&k, 1000 + i);
		store_put(&t, DB_SALE_TAG, k.data, k.len, "", 0);
	}
	store_meta_put_i64(&t, "schema", 5);
	assert_int_equal(store_commit(&t), 0);

	/* Read, not migrated (a stashctl of this stash on it): still found. */
	store_close(f->st);
	f->st = NULL;
	strlcpy(dir, f->dir, sizeof dir);
	if (store_open(dir, 65536, 1, &f->st, &cause) != 0)
		fail_msg("read-only: %s", cause);
	assert_int_equal(trace_tag(f, TAG_EACH, &ti), 2);
	assert_int_equal(ti.ids[1], 2);
	store_close(f->st);
	if (store_open(dir, 65536, 0, &f->st, &cause) != 0)
		fail_msg("reopen: %s", cause);

	assert_int_equal(count(f, DB_SALE_TAG), 3 + 4200);
	assert_int_equal(store_begin(f->st, &t, 0), 0);
	assert_int_equal(store_meta_get_i64(&t, "schema"), STORE_SCHEMA);
	n = 0;
	store_iter_init(&t, &it, DB_SALE_TAG, NULL, 0, 0);
	while (store_iter_next(&it)) {
		assert_int_equal(it.klen, 4 + STORE_TAG_PACKED + 8);
		n++;
	}
	store_iter_done(&it);
	assert_int_equal(n, 3 + 4200);
	/* Three packages, each with its span of sales. */
	assert_int_equal(store_count(&t, DB_SALE_TAG_SPAN), 3);
	/* Seventeen blocks of sale numbers, walked in order. */
	n = 0;
	store_sale_tags_init(&t, &w, TAG_ABSENT, 0);
	while (store_sale_tags_next(&w, &id))
		assert_int_equal(id, 1000 + n++);
	store_sale_tags_done(&w);
	assert_int_equal(n, 4200);
	/* From where a page ended. */
	n = 0;
	store_sale_tags_init(&t, &w, TAG_ABSENT, 4999);
	while (store_sale_tags_next(&w, &id))
		assert_int_equal(id, 5000 + n++);
	store_sale_tags_done(&w);
	assert_int_equal(n, 200);
	assert_int_equal(store_sale_by_ref(&t, "register-1:1:1", &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(store_sale_by_ref(&t, "register-1:1:2", &id), 0);
	assert_int_equal(id, 2);
	store_abort(&t);

	assert_int_equal(trace_tag(f, TAG_EACH, &ti), 2);
	assert_int_equal(ti.ids[0], 1);
	assert_int_equal(ti.ids[1], 2);
	assert_int_equal(trace_tag(f, TAG_WEIGHT, &ti), 1);
	assert_int_equal(ti.ids[0], 1);

	request(&rq, "register-1:1:3", 20000);
	line(&rq, TAG_EACH, 1);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	assert_int_equal(trace_tag(f, TAG_EACH, &ti), 3);
	assert_int_equal(ti.ids[2], s.id);
	assert_int_equal(trace_tag(f, TAG_WEIGHT, &ti), 1);
	/* The replay is found by its ref, and writes nothing. */
	request(&rq, "register-1:1:1", 20000);
	line(&rq, TAG_EACH, 1);
	line(&rq, TAG_WEIGHT, 1000);
	assert_int_equal(run_sale(f, &rq, &s, &replayed, &cause), SALE_OK);
	assert_int_equal(replayed, 1);
	assert_int_equal(s.id, 1);
	assert_int_equal(count(f, DB_SALE), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_commit),
		T(test_sell_out),
		T(test_refusals),
		T(test_replay),
		T(test_ref_conflict),
		T(test_void),
		T(test_weight_rounding),
		T(test_tax_added),
		T(test_tax_compound),
		T(test_tax_included),
		T(test_tax_per_mg),
		T(test_fee),
		T(test_tax_local_file),
		T(test_typed_weight),
		T(test_return_method),
		T(test_customer_fields),
		T(test_cash_drawer),
		T(test_tag_schema_6),
		cmocka_unit_test(test_err_codes),
#undef T
	};

	/* Line by line, so a crash keeps the results before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-sale", LOGDEST_STDERR, 0);
	if (auth_init() != 0)
		return (1);
	return (cmocka_run_group_tests_name("sale", tests, NULL, NULL));
}
