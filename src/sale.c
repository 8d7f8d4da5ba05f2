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
    struct sale *s, char **cause)
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

/*
 * Commit a sale. On SALE_OK *s is the sale and *replayed says whether it
 * had already been committed under the same ref (nothing new written).
 */
enum sale_err
sale_commit(struct store_txn *t, const struct sale_request *rq, struct sale *s,
    int *replayed, char **cause)
{
	struct package	 pk;
	struct product	 p;
	struct sale_line *l;
	uint64_t	 id;
	u_int		 i, j;
	int		 r;
	enum sale_err	 e;
	char		 a[32], b[32], subj[32];

	*replayed = 0;
	if (rq->nlines == 0 || rq->nlines > MAX_SALE_LINES) {
		xasprintf(cause, "a sale has 1 to %d lines", MAX_SALE_LINES);
		return (SALE_E_INVALID);
	}
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
		    &l->total) != 0 || s->subtotal > INT64_MAX / 2 - l->total) {
			xasprintf(cause, "line total for %s is out of range",
			    pk.tag);
			return (SALE_E_INVALID);
		}
		s->subtotal += l->total;
	}
	s->nlines = rq->nlines;
	s->total = s->subtotal;
	if ((e = sale_check_customer(t, rq, s, cause)) != SALE_OK)
		return (e);
	if (rq->cash < s->total) {
		money_fmt(s->total, a, sizeof a);
		money_fmt(rq->cash, b, sizeof b);
		xasprintf(cause, "cash tendered %s is less than the total %s",
		    b, a);
		return (SALE_E_TENDER);
	}
	s->tendered = rq->cash;
	s->change = rq->cash - s->total;

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
	snprintf(subj, sizeof subj, "sale %llu", (unsigned long long)s->id);
	money_fmt(s->total, a, sizeof a);
	money_fmt(s->tendered, b, sizeof b);
	audit_append(t, rq->staff, 0, rq->terminal, "sale.commit", subj,
	    "lines=%u total=%s cash=%s", s->nlines, a, b);
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
	snprintf(subj, sizeof subj, "sale %llu", (unsigned long long)id);
	money_fmt(s->total, a, sizeof a);
	audit_append(t, staff, approver, terminal, "sale.void", subj,
	    "total=%s reason=%s", a, reason);
	if (t->ret != 0)
		return (sale_store_err(t, cause));
	return (SALE_OK);
}
