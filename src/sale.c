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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "outbox.h"
#include "rules.h"

/*
 * A sale and a void, each inside the caller's one write transaction: the
 * sale record, every package change and the audit record land together or
 * not at all (DESIGN rule 1). Prices come from the catalogue, never from
 * the terminal.
 */

static const char *sale_err_codes[] = {
	[SALE_OK] = "ok",
	[SALE_E_NOTFOUND] = "not-found",
	[SALE_E_NOTSELLABLE] = "not-sellable",
	[SALE_E_STOCK] = "insufficient-stock",
	[SALE_E_TENDER] = "tender",
	[SALE_E_CONFLICT] = "conflict",
	[SALE_E_INVALID] = "bad-request",
	[SALE_E_STORE] = "internal",
	[SALE_E_ELIGIBLE] = "eligibility",
	[SALE_E_LIMIT] = "limit",
};

const char *
sale_err_code(enum sale_err e)
{
	return (sale_err_codes[e]);
}

static enum sale_err
sale_store_err(struct store_txn *t, char **cause)
{
	xasprintf(cause, "%s", store_strerror(t->ret));
	return (SALE_E_STORE);
}

static void
sale_qty_str(int unit_weight, int64_t qty, char *out, size_t len)
{
	if (unit_weight)
		weight_fmt(qty, out, len);
	else
		snprintf(out, len, "%lld", (long long)qty);
}

/* Does an existing sale match this request exactly? */
static int
sale_same(const struct sale *s, const struct sale_request *rq)
{
	u_int	i;

	if (s->nlines != rq->nlines || s->tendered != rq->cash ||
	    s->card != rq->card ||
	    strcmp(s->terminal, rq->terminal) != 0 ||
	    s->customer != rq->customer || s->patient != rq->patient)
		return (0);
	for (i = 0; i < rq->nlines; i++) {
		if (strcmp(s->lines[i].tag, rq->lines[i].tag) != 0 ||
		    s->lines[i].qty != rq->lines[i].qty)
			return (0);
	}
	return (1);
}

/*
 * Who is buying, for whom, and within which limits. The buyer must be
 * eligible today (ID, age, card); a caregiver names a linked patient,
 * whose limits the purchase counts against. With rules, the cart together
 * with the subject's purchases in the rules' windows must fit every pool;
 * a walk-in (no customer) is held to the stricter reading. Sets
 * s->customer and s->patient.
 */
static enum sale_err
sale_check_customer(struct store_txn *t, const struct sale_request *rq,
    struct sale *s, json_t **limits, char **cause)
{
	struct customer		 buyer, patient, *subject = NULL;
	struct limits_request	 req;
	struct limits_result	 res;
	struct product		 p;
	struct buf		 b;
	int64_t			 now = util_now();
	int			 today, r;
	u_int			 i;

	today = util_local_date(now, rq->tz);
	if (rq->customer != 0) {
		r = store_customer_get(t, rq->customer, &buyer);
		if (r == STORE_NOTFOUND) {
			xasprintf(cause, "no customer %u", rq->customer);
			return (SALE_E_NOTFOUND);
		}
		if (r != 0)
			return (sale_store_err(t, cause));
		if (customer_eligible(&buyer, today, cause) != 0)
			return (SALE_E_ELIGIBLE);
		subject = &buyer;
		if (buyer.type == CUSTOMER_CAREGIVER) {
			if (rq->patient == 0) {
				xasprintf(cause, "a caregiver buys for a "
				    "patient: choose which");
				return (SALE_E_ELIGIBLE);
			}
			r = store_customer_get(t, rq->patient, &patient);
			if (r == STORE_NOTFOUND) {
				xasprintf(cause, "no customer %u",
				    rq->patient);
				return (SALE_E_NOTFOUND);
			}
			if (r != 0)
				return (sale_store_err(t, cause));
			if (customer_eligible_patient(&buyer, &patient, today,
			    cause) != 0)
				return (SALE_E_ELIGIBLE);
			subject = &patient;
		} else if (rq->patient != 0) {
			xasprintf(cause, "only a caregiver buys for a patient");
			return (SALE_E_ELIGIBLE);
		}
	} else if (rq->patient != 0) {
		xasprintf(cause, "a patient's purchase needs the caregiver");
		return (SALE_E_INVALID);
	}
	s->customer = rq->customer;
	s->patient = rq->patient;
	if (rq->rules == NULL)
		return (SALE_OK);

	if (customer_limits_request(t, rq->rules, subject != NULL ? &buyer :
	    NULL, subject, rq->state, now, today, &req) != 0) {
		limits_request_free(&req);
		return (sale_store_err(t, cause));
	}
	req.cart = xcalloc(s->nlines, sizeof *req.cart);
	for (i = 0; i < s->nlines; i++) {
		if (store_product_get(t, s->lines[i].product, &p) != 0) {
			limits_request_free(&req);
			return (sale_store_err(t, cause));
		}
		customer_limits_line(&p, s->lines[i].qty, now, &req.cart[i]);
	}
	req.ncart = s->nlines;
	limits_eval(rq->rules, &req, &res);
	limits_request_free(&req);
	if (limits != NULL) {
		*limits = limits_result_json(&res);
		json_object_set_new(*limits, "jurisdiction",
		    json_string(rq->rules->id));
	}
	if (res.allow) {
		limits_result_free(&res);
		return (SALE_OK);
	}
	buf_init(&b);
	buf_printf(&b, "over the %s purchase limit", rq->rules->id);
	for (i = 0; i < res.nreasons; i++)
		buf_printf(&b, "%s %s", i == 0 ? ":" : ";", res.reasons[i]);
	*cause = xstrdup(buf_cstr(&b));
	buf_free(&b);
	limits_result_free(&res);
	return (SALE_E_LIMIT);
}

/* No sale comes near: it keeps the tax arithmetic inside 64 bits. */
#define SALE_MAX_TOTAL	INT64_C(1000000000000)	/* cents: $10 billion */

/* Adult-use or medical, for the taxes: a walk-in is adult use. */
static uint32_t
sale_tax_type(struct store_txn *t, const struct sale_request *rq)
{
	struct customer	cu;

	if (rq->customer == 0 || store_customer_get(t, rq->customer, &cu) != 0)
		return (LC_ADULT);
	return (cu.type == CUSTOMER_ADULT ? LC_ADULT : LC_MEDICAL);
}

/*
 * The taxes of the rules that apply to this customer type (LC_*), on the
 * whole sale, each rounded half up to the cent on its own. With prices
 * that include the taxes, the price before tax is subtotal / (1 + the
 * rates), rounded half up; each tax is its rate of that; any cent left
 * over by the rounding goes to the last tax, so that price and taxes add
 * up to the subtotal exactly.
 */
static void
sale_taxes(const struct rules *r, uint32_t type, struct sale *s)
{
	struct sale_tax	*tx;
	int64_t		 rates = 0, base;
	u_int		 i;

	s->ntaxes = 0;
	s->tax = 0;
	s->total = s->subtotal;
	if (r == NULL)
		return;
	for (i = 0; i < r->ntaxes && s->ntaxes < SALE_TAXES; i++) {
		if ((r->taxes[i].who & type) == 0)
			continue;
		tx = &s->taxes[s->ntaxes++];
		strlcpy(tx->name, r->taxes[i].name, sizeof tx->name);
		tx->ppm = r->taxes[i].ppm;
		rates += tx->ppm;
	}
	if (s->ntaxes == 0)
		return;
	s->tax_included = r->tax_included;
	base = s->subtotal;
	if (s->tax_included)
		base = (s->subtotal * 1000000 + (1000000 + rates) / 2) /
		    (1000000 + rates);
	for (i = 0; i < s->ntaxes; i++) {
		tx = &s->taxes[i];
		tx->amount = (base * tx->ppm + 500000) / 1000000;
		s->tax += tx->amount;
	}
	if (s->tax_included) {
		s->taxes[s->ntaxes - 1].amount += s->subtotal - base - s->tax;
		s->tax = s->subtotal - base;
	} else
		s->total = s->subtotal + s->tax;
}

/*
 * Everything about a sale but the tender and the writing: the lines from
 * the catalogue and the packages (sellable, enough on hand), the customer
 * (eligible, within every purchase limit) and the taxes. With limits, the
 * pools after this cart (caller decrefs). sale_commit and sale.quote
 * (the register's live view of a cart) both use it.
 */
enum sale_err
sale_prepare(struct store_txn *t, const struct sale_request *rq,
    struct sale *s, json_t **limits, char **cause)
{
	struct package	 pk;
	struct product	 p;
	struct sale_line *l;
	u_int		 i, j;
	int		 r;
	enum sale_err	 e;
	char		 a[32], b[32];

	if (limits != NULL)
		*limits = NULL;
	if (rq->nlines == 0 || rq->nlines > MAX_SALE_LINES) {
		xasprintf(cause, "a sale has 1 to %d lines", MAX_SALE_LINES);
		return (SALE_E_INVALID);
	}
	memset(s, 0, sizeof *s);
	for (i = 0; i < rq->nlines; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(rq->lines[i].tag, rq->lines[j].tag) == 0) {
				xasprintf(cause, "package %s is on two lines",
				    rq->lines[i].tag);
				return (SALE_E_INVALID);
			}
		}
		r = store_package_get(t, rq->lines[i].tag, &pk);
		if (r == STORE_NOTFOUND) {
			xasprintf(cause, "no package with tag %s",
			    rq->lines[i].tag);
			return (SALE_E_NOTFOUND);
		}
		if (r != 0)
			return (sale_store_err(t, cause));
		if (store_product_get(t, pk.product, &p) != 0) {
			if (t->ret != 0)
				return (sale_store_err(t, cause));
			xasprintf(cause, "package %s has no product", pk.tag);
			return (SALE_E_NOTSELLABLE);
		}
		if (inventory_sellable(t, &pk, &p, cause) != 0)
			return (SALE_E_NOTSELLABLE);
		if (rq->lines[i].qty <= 0) {
			xasprintf(cause, "quantity for %s must be positive",
			    pk.tag);
			return (SALE_E_INVALID);
		}
		if (rq->lines[i].qty > pk.qty) {
			sale_qty_str(p.unit_weight, pk.qty, a, sizeof a);
			sale_qty_str(p.unit_weight, rq->lines[i].qty, b,
			    sizeof b);
			xasprintf(cause, "package %s (%s) has %s on hand, %s "
			    "asked", pk.tag, p.name, a, b);
			return (SALE_E_STOCK);
		}
		l = &s->lines[i];
		strlcpy(l->tag, pk.tag, sizeof l->tag);
		l->product = p.id;
		strlcpy(l->name, p.name, sizeof l->name);
		l->unit_weight = p.unit_weight;
		l->qty = rq->lines[i].qty;
		l->price = p.price;
		if (money_line_total(p.unit_weight, l->qty, l->price,
		    &l->total) != 0 || s->subtotal > SALE_MAX_TOTAL - l->total) {
			xasprintf(cause, "line total for %s is out of range",
			    pk.tag);
			return (SALE_E_INVALID);
		}
		s->subtotal += l->total;
	}
	s->nlines = rq->nlines;
	s->total = s->subtotal;
	sale_taxes(rq->rules, sale_tax_type(t, rq), s);
	if ((e = sale_check_customer(t, rq, s, limits, cause)) != SALE_OK)
		return (e);
	return (SALE_OK);
}

/*
 * Commit a sale. On SALE_OK *s is the sale and *replayed says whether it
 * had already been committed under the same ref (nothing new written).
 */
enum sale_err
sale_commit(struct store_txn *t, const struct sale_request *rq, struct sale *s,
    int *replayed, char **cause)
{
	struct package	 pk;
	uint64_t	 id;
	u_int		 i;
	int		 r;
	enum sale_err	 e;
	char		 a[32], b[32], c[32], subj[32];

	*replayed = 0;
	r = store_sale_by_ref(t, rq->ref, &id);
	if (r == 0) {
		if (store_sale_get(t, id, s) != 0)
			return (sale_store_err(t, cause));
		if (!sale_same(s, rq)) {
			xasprintf(cause, "sale ref %s was already used for "
			    "sale %llu with other contents", rq->ref,
			    (unsigned long long)id);
			return (SALE_E_CONFLICT);
		}
		*replayed = 1;
		return (SALE_OK);
	}
	if (r != STORE_NOTFOUND)
		return (sale_store_err(t, cause));

	if ((e = sale_prepare(t, rq, s, NULL, cause)) != SALE_OK)
		return (e);
	/*
	 * Tenders: card up to the total (no cash back on a card), cash for
	 * the rest; change comes from the cash.
	 */
	if (rq->card < 0 || rq->card > s->total) {
		money_fmt(s->total, a, sizeof a);
		xasprintf(cause, "a card payment can be at most the total %s",
		    a);
		return (SALE_E_TENDER);
	}
	if (rq->card > 0 && (rq->card_ref == NULL || *rq->card_ref == '\0')) {
		xasprintf(cause, "a card payment needs the card terminal's "
		    "reference");
		return (SALE_E_TENDER);
	}
	if (rq->cash < s->total - rq->card) {
		money_fmt(s->total - rq->card, a, sizeof a);
		money_fmt(rq->cash, b, sizeof b);
		xasprintf(cause, "cash tendered %s is less than the %s due", b,
		    a);
		return (SALE_E_TENDER);
	}
	s->tendered = rq->cash;
	s->card = rq->card;
	if (rq->card > 0)
		strlcpy(s->card_ref, rq->card_ref, sizeof s->card_ref);
	s->change = rq->cash + rq->card - s->total;

	/* Validated: now write. */
	for (i = 0; i < s->nlines; i++) {
		if (store_package_get(t, s->lines[i].tag, &pk) != 0)
			return (sale_store_err(t, cause));
		pk.qty -= s->lines[i].qty;
		store_package_put(t, &pk, &pk);
	}
	s->id = store_sale_next_id(t);
	strlcpy(s->ref, rq->ref, sizeof s->ref);
	s->time = util_now();
	strlcpy(s->terminal, rq->terminal, sizeof s->terminal);
	s->staff = rq->staff;
	s->status = SALE_COMPLETE;
	store_sale_put(t, s, 1);
	outbox_sale(t, s);
	snprintf(subj, sizeof subj, "sale %llu", (unsigned long long)s->id);
	money_fmt(s->total, a, sizeof a);
	money_fmt(s->tendered, b, sizeof b);
	money_fmt(s->card, c, sizeof c);
	audit_append(t, rq->staff, 0, rq->terminal, "sale.commit", subj,
	    "lines=%u total=%s cash=%s card=%s", s->nlines, a, b, c);
	if (t->ret != 0)
		return (sale_store_err(t, cause));
	return (SALE_OK);
}

/*
 * Void a sale: stock goes back to every package, the sale is marked void,
 * and the audit names who asked and who approved.
 */
enum sale_err
sale_void(struct store_txn *t, uint64_t id, uint32_t staff, uint32_t approver,
    const char *terminal, const char *reason, struct sale *s, char **cause)
{
	struct package	pk;
	u_int		i;
	int		r;
	char		subj[32], a[32];

	r = store_sale_get(t, id, s);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no sale %llu", (unsigned long long)id);
		return (SALE_E_NOTFOUND);
	}
	if (r != 0)
		return (sale_store_err(t, cause));
	if (s->status == SALE_VOID) {
		xasprintf(cause, "sale %llu is already void",
		    (unsigned long long)id);
		return (SALE_E_CONFLICT);
	}
	for (i = 0; i < s->nlines; i++) {
		r = store_package_get(t, s->lines[i].tag, &pk);
		if (r != 0) {
			if (t->ret != 0)
				return (sale_store_err(t, cause));
			xasprintf(cause, "package %s of sale %llu is gone",
			    s->lines[i].tag, (unsigned long long)id);
			return (SALE_E_CONFLICT);
		}
		pk.qty += s->lines[i].qty;
		store_package_put(t, &pk, &pk);
	}
	s->status = SALE_VOID;
	s->void_time = util_now();
	s->void_staff = staff;
	s->void_approver = approver;
	strlcpy(s->void_reason, reason, sizeof s->void_reason);
	store_sale_put(t, s, 0);
	outbox_void(t, s);
	snprintf(subj, sizeof subj, "sale %llu", (unsigned long long)id);
	money_fmt(s->total, a, sizeof a);
	audit_append(t, staff, approver, terminal, "sale.void", subj,
	    "total=%s reason=%s", a, reason);
	if (t->ret != 0)
		return (sale_store_err(t, cause));
	return (SALE_OK);
}
