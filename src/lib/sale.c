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
#include "customer.h"
#include "order.h"
#include "trip.h"
#include "drawer.h"
#include "sale.h"

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
	[SALE_E_APPROVAL] = "approval",
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

/*
 * Whether line i repeats an earlier line's tag: tags is line 0's, each
 * next one stride bytes on (a request's lines). The cause names it.
 */
static int
sale_tag_twice(const char *tags, size_t stride, u_int i, char **cause)
{
	const char	*tag = tags + i * stride;
	u_int		 j;

	for (j = 0; j < i; j++) {
		if (strcmp(tags + j * stride, tag) == 0) {
			xasprintf(cause, "package %s is on two lines", tag);
			return (1);
		}
	}
	return (0);
}

/* Add points (less than 0: take them) to a customer's loyalty; cu is read. */
static enum sale_err
sale_loyalty(struct store_txn *t, uint32_t customer, int64_t points,
    struct customer *cu, char **cause)
{
	struct customer	old;

	if (store_customer_get(t, customer, cu) != 0)
		return (sale_store_err(t, cause));
	old = *cu;
	cu->loyalty += points;
	store_customer_put(t, cu, &old);
	return (SALE_OK);
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
	    (rq->card_all ? s->card == 0 : s->card != rq->card) ||
	    strcmp(s->terminal, rq->terminal) != 0 ||
	    s->customer != rq->customer || s->patient != rq->patient ||
	    s->points_redeemed != rq->redeem ||
	    s->ndiscounts != rq->ndiscounts + (rq->redeem != 0))
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
const char *
sale_registry_name(int registry)
{
	switch (registry) {
	case SALE_REGISTRY_OK:
		return ("ok");
	case SALE_REGISTRY_UNREACHABLE:
		return ("unreachable");
	case SALE_REGISTRY_NOTFOUND:
		return ("not-found");
	case SALE_REGISTRY_CHECKING:
		return ("checking");
	}
	return ("off");
}

/*
 * A cart over a limit: may a manager override it? Only if every pool it
 * is over says so in the rule file (override "citation"), never a pool
 * the state's allotment is in (a patient the state answered for), and
 * only with a manager's approval and a reason. SALE_OK: overridden, the
 * pools named in s->overridden for the audit (the override lasts this
 * sale; nothing is kept on the customer). SALE_E_APPROVAL: it could be,
 * and s->overridden names the pools. Else SALE_E_LIMIT.
 */
static enum sale_err
sale_override(const struct sale_request *rq, const struct limits_result *res,
    struct sale *s)
{
	const struct rules_pool	*p;
	size_t			 len;
	u_int			 i;

	s->overridden[0] = '\0';
	for (i = 0; i < res->npools; i++) {
		if (!res->pools[i].over)
			continue;
		p = res->pools[i].pool;
		if (p == NULL || p->override == NULL ||
		    (rq->registry == SALE_REGISTRY_OK &&
		    (p->who & (LC_MEDICAL | LC_CAREGIVER)) != 0)) {
			s->overridden[0] = '\0';
			return (SALE_E_LIMIT);
		}
		len = strlen(s->overridden);
		snprintf(s->overridden + len, sizeof s->overridden - len,
		    "%s%s", len == 0 ? "" : ",", p->name);
	}
	if (s->overridden[0] == '\0')
		return (SALE_E_LIMIT);
	if ((rq->approvals & PERM_LIMIT_OVERRIDE) == 0 ||
	    rq->override_reason == NULL ||
	    *rq->override_reason == '\0')
		return (SALE_E_APPROVAL);
	return (SALE_OK);
}

/*
 * A medical sale the state's patient registry could not vouch for: an
 * in-state card it has no active registration for is refused; when it
 * cannot be reached, the rule file's outage policy decides (no rule file:
 * refuse). Safe harbour goes on, on our own ledger; a manual entry goes
 * on with a manager's approval and a reason; the commit records the
 * outage in the audit.
 */
static enum sale_err
sale_check_registry(const struct sale_request *rq, char **cause)
{
	int	outage;

	if (rq->registry == SALE_REGISTRY_NOTFOUND) {
		xasprintf(cause, "%s: check the card number, or ask the "
		    "patient to renew their registration", rq->registry_why);
		return (SALE_E_ELIGIBLE);
	}
	if (rq->registry != SALE_REGISTRY_UNREACHABLE)
		return (SALE_OK);
	outage = rq->rules != NULL ? rq->rules->outage : RULES_OUTAGE_BLOCK;
	switch (outage) {
	case RULES_OUTAGE_SAFE:
		return (SALE_OK);
	case RULES_OUTAGE_MANUAL:
		/*
		 * A manager's manual entry: their approval (ID and PIN,
		 * checked before the commit) and why, for the audit; the
		 * sale is held to our own ledger's limits.
		 */
		if ((rq->approvals & PERM_OUTAGE_MANUAL) &&
		    rq->outage_reason != NULL &&
		    *rq->outage_reason != '\0')
			return (SALE_OK);
		xasprintf(cause, "the state's patient registry cannot be "
		    "reached (%s); the rules allow a manual entry: a manager "
		    "must approve (their staff ID and PIN) and give the "
		    "reason (\"outage_reason\"), and the sale is held to our "
		    "own ledger's limits", rq->registry_why);
		return (SALE_E_APPROVAL);
	}
	xasprintf(cause, "the state's patient registry cannot be reached "
	    "(%s); sales to patients are blocked by rule: try again when "
	    "the state answers", rq->registry_why);
	return (SALE_E_ELIGIBLE);
}

/*
 * A handheld's delivery that breaks a rule now (sale_request.handheld):
 * what it broke joins s->accepted and the sale goes on.
 */
static void
sale_accept(struct sale *s, char **cause)
{
	size_t	len = strlen(s->accepted);

	snprintf(s->accepted + len, sizeof s->accepted - len, "%s%s",
	    len == 0 ? "" : "; ", *cause);
	free(*cause);
	*cause = NULL;
}

static enum sale_err
sale_check_customer(struct store_txn *t, const struct sale_request *rq,
    struct sale *s, struct limits_result **limits, char **cause)
{
	struct customer		 buyer, patient, *subject = NULL;
	struct limits_request	 req;
	struct limits_result	 local, *res = &local;
	struct product		 p;
	struct buf		 b;
	int64_t			 now = rq->at != 0 ? rq->at : util_now();
	int			 today, r;
	u_int			 i;
	enum sale_err		 e;

	today = util_local_date(now, rq->tz);
	if (rq->customer != 0) {
		r = store_customer_get(t, rq->customer, &buyer);
		if (r == STORE_NOTFOUND) {
			xasprintf(cause, "no customer %u", rq->customer);
			return (SALE_E_NOTFOUND);
		}
		if (r != 0)
			return (sale_store_err(t, cause));
		if (customer_eligible(&buyer, today, rq->rules, cause) != 0)
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
	if ((e = sale_check_registry(rq, cause)) != SALE_OK)
		return (e);
	if (rq->rules == NULL)
		return (SALE_OK);

	if (customer_limits_request(t, rq->rules, subject != NULL ? &buyer :
	    NULL, subject, rq->state, now, today, &req) != 0) {
		limits_request_free(&req);
		return (sale_store_err(t, cause));
	}
	if (rq->registry == SALE_REGISTRY_OK)
		customer_limits_registry(rq->rules, rq->registry_moz,
		    rq->registry_at, &req);
	req.cart = xcalloc(s->nlines, sizeof *req.cart);
	for (i = 0; i < s->nlines; i++) {
		if (store_product_get(t, s->lines[i].product, &p) != 0) {
			limits_request_free(&req);
			return (sale_store_err(t, cause));
		}
		customer_limits_line(&p, s->lines[i].qty, now, &req.cart[i]);
	}
	req.ncart = s->nlines;
	/* The caller's copy, if it wants one, is the caller's to free. */
	if (limits != NULL)
		res = *limits = xcalloc(1, sizeof **limits);
	limits_eval(rq->rules, &req, res);
	limits_request_free(&req);
	if (res->allow) {
		if (res == &local)
			limits_result_free(res);
		return (SALE_OK);
	}
	if ((e = sale_override(rq, res, s)) == SALE_OK) {
		if (res == &local)
			limits_result_free(res);
		return (SALE_OK);
	}
	buf_init(&b);
	buf_printf(&b, "over the %s purchase limit", rq->rules->id);
	for (i = 0; i < res->nreasons; i++)
		buf_printf(&b, "%s %s", i == 0 ? ":" : ";", res->reasons[i]);
	if (e == SALE_E_APPROVAL)
		buf_printf(&b, "; the rule file lets a manager override %s: "
		    "their staff ID and PIN, and the reason "
		    "(\"override_reason\")", s->overridden);
	*cause = xstrdup(buf_cstr(&b));
	buf_free(&b);
	s->overridden[0] = '\0';
	if (res == &local)
		limits_result_free(res);
	if (rq->handheld) {
		sale_accept(s, cause);
		return (SALE_OK);
	}
	return (SALE_E_LIMIT);
}

/*
 * The THC in a line, mg, for the receipt: the product's THC per unit (or
 * per gram, qty in mg, for products sold by weight), or its potency times
 * its net weight where no THC amount is entered.
 */
int64_t
sale_line_thc_mg(const struct product *p, int unit_weight, int64_t qty)
{
	int64_t	ug;

	ug = p->thc_ug;
	if (ug == 0)
		ug = p->net_ug * p->thc / 1000;
	if (unit_weight)
		return (ug * qty / 1000 / 1000);
	return (ug * qty / 1000);
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
 * What a line brings to the taxes: its price after every discount (its
 * own, and its share of the cart's by running sums rounded half up, as
 * sale_line_paid shares them), its category, route and THC potency (per
 * mille), and its THC in nanograms (for taxes per mg).
 */
struct sale_tax_line {
	int64_t		net;
	int		cat;
	int		route;
	int		potency;
	int		measured;
	int64_t		thc_ng;
};

static enum sale_err
sale_tax_lines(struct store_txn *t, const struct sale *s,
    struct sale_tax_line *tl, char **cause)
{
	struct product	 p;
	struct limits_line ll;
	int64_t		 cart = 0, lines = 0, cum = 0, prev, next;
	u_int		 i;

	for (i = 0; i < s->nlines; i++)
		tl[i].net = s->lines[i].total;
	for (i = 0; i < s->ndiscounts; i++) {
		if (s->discounts[i].line != 0)
			tl[s->discounts[i].line - 1].net -=
			    s->discounts[i].amount;
		else
			cart += s->discounts[i].amount;
	}
	for (i = 0; i < s->nlines; i++)
		lines += tl[i].net;
	for (i = 0; i < s->nlines; i++) {
		prev = lines > 0 ? money_round_div((unsigned __int128)cart *
		    (uint64_t)cum, (uint64_t)lines) : 0;
		cum += tl[i].net;
		next = lines > 0 ? money_round_div((unsigned __int128)cart *
		    (uint64_t)cum, (uint64_t)lines) : 0;
		tl[i].net -= next - prev;

		if (store_product_get(t, s->lines[i].product, &p) != 0) {
			if (t->ret != 0)
				return (sale_store_err(t, cause));
			xasprintf(cause, "package %s has no product",
			    s->lines[i].tag);
			return (SALE_E_NOTSELLABLE);
		}
		customer_limits_line(&p, s->lines[i].qty, 0, &ll);
		tl[i].cat = ll.category;
		tl[i].route = ll.route;
		tl[i].potency = p.thc;
		tl[i].measured = p.measured;
		/* ug per unit (or per gram): x qty units, or x qty mg. */
		if (p.unit_weight)
			tl[i].thc_ng = p.thc_ug * s->lines[i].qty;
		else
			tl[i].thc_ng = p.thc_ug * s->lines[i].qty * 1000;
	}
	return (SALE_OK);
}

static int64_t	sale_share(int64_t, int64_t, int64_t);

/*
 * Share one tax's amount out over the lines it falls on (bit k of on[]),
 * in proportion to what it is levied on (the line's price after
 * discounts, or its THC for a tax per mg), by running sums rounded half
 * up: the shares add up to the tax exactly. A return refunds a line's
 * share, and Metrc's pre-tax line amount takes it off, so a tax on some
 * categories only is never refunded from the lines it did not fall on.
 */
static void
sale_tax_share(const struct sale *s, const int64_t *w, const uint32_t *on,
    u_int k, int64_t amount, int64_t *out)
{
	int64_t	whole = 0, cum = 0, prev;
	u_int	i;

	for (i = 0; i < s->nlines; i++) {
		if (on[i] & (1U << k))
			whole += w[i];
	}
	if (whole <= 0)
		return;
	for (i = 0; i < s->nlines; i++) {
		if ((on[i] & (1U << k)) == 0)
			continue;
		prev = sale_share(amount, cum, whole);
		cum += w[i];
		out[i] += sale_share(amount, cum, whole) - prev;
	}
}

/*
 * The taxes of the rules (the state's and the store's local ones) that
 * apply to this customer type (LC_*) and the lines they fall on; written
 * down in contrib/rules/README.md ("Rounding") and tested there:
 *
 * - Added to the prices: each tax is computed on the sum of the lines it
 *   falls on (after discounts) and rounded half up to the cent once, on
 *   that sum, never per line (or up to the next cent: round up). A tax per mg of THC is the rate times the
 *   THC of those lines, exactly, rounded half up once.
 * - Included in the prices: the lines are grouped by the set of taxes that
 *   fall on them; each group's price before tax is its sum divided by one
 *   plus its rates, rounded half up; each tax is its rate of the sum of
 *   the groups it falls on, rounded half up; the cent or two the rounding
 *   may leave goes to the last tax that falls on any line, so that prices
 *   and taxes add up to the shelf prices exactly.
 *
 * A tax that falls on no line of the sale is not listed.
 */
static enum sale_err
sale_taxes(struct store_txn *t, const struct rules *r, uint32_t type,
    struct sale *s, char **cause)
{
	const struct rules_tax	*rt[SALE_TAXES];
	struct sale_tax_line	 tl[MAX_SALE_LINES];
	struct sale_tax		*tx;
	unsigned __int128	 mg[SALE_TAXES];
	uint32_t		 set[MAX_SALE_LINES], on[MAX_SALE_LINES], m;
	char			 done[MAX_SALE_LINES];
	u_int			 idx[SALE_TAXES];
	int64_t			 base[SALE_TAXES], net, gnet, rates, pre;
	int64_t			 exc[MAX_SALE_LINES], wt[MAX_SALE_LINES];
	int64_t			 lt[MAX_SALE_LINES];
	int64_t			 want = 0;
	int			 hit[SALE_TAXES];
	u_int			 i, j, k, n = 0, last;
	enum sale_err		 e;

	net = s->subtotal - s->discount;
	s->ntaxes = 0;
	s->tax = 0;
	s->total = net;
	for (i = 0; i < s->nlines; i++)
		s->lines[i].tax = 0;
	if (r == NULL)
		return (SALE_OK);
	for (i = 0; i < r->ntaxes; i++) {
		if (!rules_tax_applies(r, &r->taxes[i], type))
			continue;
		if (n == SALE_TAXES) {
			xasprintf(cause, "more than %d taxes apply to this "
			    "sale: %s", SALE_TAXES, r->path);
			return (SALE_E_INVALID);
		}
		rt[n++] = &r->taxes[i];
	}
	if (n == 0)
		return (SALE_OK);
	if ((e = sale_tax_lines(t, s, tl, cause)) != SALE_OK)
		return (e);
	memset(base, 0, sizeof base);
	memset(mg, 0, sizeof mg);
	memset(hit, 0, sizeof hit);
	for (i = 0; i < s->nlines; i++) {
		set[i] = on[i] = 0;
		for (k = 0; k < n; k++) {
			if (!rules_tax_matches(rt[k], tl[i].cat, tl[i].route,
			    tl[i].potency))
				continue;
			hit[k] = 1;
			on[i] |= 1U << k;
			if (rt[k]->per_mg == 0) {
				set[i] |= 1U << k;
				if (!rt[k]->compound)
					base[k] += tl[i].net;
				continue;
			}
			if (!tl[i].measured || tl[i].thc_ng <= 0) {
				xasprintf(cause, "%s (%s) has no THC content "
				    "entered: the %s, per mg of THC, cannot "
				    "be worked out", s->lines[i].name,
				    s->lines[i].tag, rt[k]->label);
				return (SALE_E_NOTSELLABLE);
			}
			/* 1e-6 cents/mg x ng = 1e-12 cents. */
			mg[k] += (unsigned __int128)rt[k]->per_mg *
			    (uint64_t)tl[i].thc_ng;
		}
	}
	s->tax_included = r->tax_included;
	if (s->tax_included) {
		/* Each group of lines under the same taxes, once. */
		memset(base, 0, sizeof base);
		memset(done, 0, sizeof done);
		for (i = 0; i < s->nlines; i++) {
			m = set[i];
			if (m == 0 || done[i])
				continue;
			gnet = 0;
			for (j = i; j < s->nlines; j++) {
				if (set[j] == m) {
					gnet += tl[j].net;
					done[j] = 1;
				}
			}
			rates = 0;
			for (k = 0; k < n; k++) {
				if (m & (1U << k))
					rates += rt[k]->ppm;
			}
			pre = money_round_div(
			    (unsigned __int128)(uint64_t)gnet *
			    1000000, (uint64_t)(1000000 + rates));
			want += gnet - pre;
			for (k = 0; k < n; k++) {
				if (m & (1U << k))
					base[k] += pre;
			}
		}
	}
	last = n;
	for (k = 0; k < n; k++) {
		if (!hit[k])
			continue;
		idx[k] = s->ntaxes;
		tx = &s->taxes[s->ntaxes++];
		memset(tx, 0, sizeof *tx);
		strlcpy(tx->name, rt[k]->name, sizeof tx->name);
		strlcpy(tx->label, rt[k]->label, sizeof tx->label);
		tx->level = rt[k]->level;
		tx->ppm = rt[k]->ppm;
		tx->per_mg = rt[k]->per_mg;
		if (rt[k]->compound)
			continue;	/* below, once the excise is known */
		if (tx->per_mg != 0)
			tx->amount = money_round_div(mg[k] + (rt[k]->round_up ?
			    500000000000ULL - 1 : 0), 1000000000000ULL);
		else {
			tx->amount = money_round_div((unsigned __int128)
			    (uint64_t)(base[k] > 0 ? base[k] : 0) *
			    (uint64_t)tx->ppm + (rt[k]->round_up ?
			    500000 - 1 : 0), 1000000);
			last = s->ntaxes - 1;
		}
		s->tax += tx->amount;
	}
	/*
	 * A tax on the price plus the excise (California's sales tax on
	 * the excise, a rule file's base price+excise; taxes added only):
	 * each line's share of the excise taxes joins its price.
	 */
	memset(exc, 0, sizeof exc);
	for (k = 0; k < n; k++) {
		if (!hit[k] || rt[k]->level != RULES_TAX_EXCISE ||
		    rt[k]->compound)
			continue;
		for (i = 0; i < s->nlines; i++)
			wt[i] = rt[k]->per_mg ? tl[i].thc_ng : tl[i].net;
		sale_tax_share(s, wt, on, k, s->taxes[idx[k]].amount, exc);
	}
	for (k = 0; k < n; k++) {
		if (!hit[k] || !rt[k]->compound)
			continue;
		for (i = 0; i < s->nlines; i++) {
			if (on[i] & (1U << k))
				base[k] += tl[i].net + exc[i];
		}
		tx = &s->taxes[idx[k]];
		tx->amount = money_round_div((unsigned __int128)(uint64_t)
		    (base[k] > 0 ? base[k] : 0) * (uint64_t)tx->ppm +
		    (rt[k]->round_up ? 500000 - 1 : 0), 1000000);
		s->tax += tx->amount;
	}
	if (s->tax_included) {
		if (last != n) {
			s->taxes[last].amount += want - s->tax;
			s->tax = want;
		}
	} else
		s->total = net + s->tax;
	memset(lt, 0, sizeof lt);
	for (k = 0; k < n; k++) {
		if (!hit[k])
			continue;
		for (i = 0; i < s->nlines; i++)
			wt[i] = rt[k]->per_mg ? tl[i].thc_ng : tl[i].net +
			    (rt[k]->compound ? exc[i] : 0);
		sale_tax_share(s, wt, on, k, s->taxes[idx[k]].amount, lt);
	}
	for (i = 0; i < s->nlines; i++)
		s->lines[i].tax = lt[i];
	return (SALE_OK);
}

/*
 * May the customer have a discount of this kind? Medical: a patient or a
 * caregiver; senior: at least rq->senior_age years old today (the store's
 * policy, option senior-age); veteran: the profile says so; employee: the
 * profile is linked to a staff member. A one-off needs no customer. 0, or
 * SALE_E_* with *cause.
 */
static enum sale_err
sale_discount_eligible(struct store_txn *t, const struct sale_request *rq,
    u_int n, int kind, char **cause)
{
	struct customer	 cu;
	const char	*name = store_sale_discount_name(kind);
	int		 age, r;

	if (kind == DISCOUNT_ONEOFF)
		return (SALE_OK);
	if (rq->customer == 0) {
		xasprintf(cause, "discount %u: a %s discount needs the "
		    "customer's profile: choose the customer first", n, name);
		return (SALE_E_ELIGIBLE);
	}
	r = store_customer_get(t, rq->customer, &cu);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no customer %u", rq->customer);
		return (SALE_E_NOTFOUND);
	}
	if (r != 0)
		return (sale_store_err(t, cause));
	switch (kind) {
	case DISCOUNT_MEDICAL:
		if (cu.type != CUSTOMER_ADULT)
			return (SALE_OK);
		xasprintf(cause, "discount %u: customer %u is not a patient "
		    "or caregiver: the medical discount is for them", n,
		    cu.id);
		return (SALE_E_ELIGIBLE);
	case DISCOUNT_SENIOR:
		age = customer_age(cu.dob, util_local_date(util_now(),
		    rq->tz));
		if (age >= rq->senior_age)
			return (SALE_OK);
		if (age < 0) {
			xasprintf(cause, "discount %u: customer %u has no date "
			    "of birth on file: the senior discount needs it", n,
			    cu.id);
			return (SALE_E_ELIGIBLE);
		}
		xasprintf(cause, "discount %u: customer %u is %d; the store's "
		    "senior discount is from %d (option senior-age)", n, cu.id,
		    age, rq->senior_age);
		return (SALE_E_ELIGIBLE);
	case DISCOUNT_VETERAN:
		if (cu.veteran)
			return (SALE_OK);
		xasprintf(cause, "discount %u: customer %u's profile does not "
		    "say they are a veteran: a manager sets it after seeing "
		    "proof of service", n, cu.id);
		return (SALE_E_ELIGIBLE);
	case DISCOUNT_EMPLOYEE:
		if (cu.employee != 0)
			return (SALE_OK);
		xasprintf(cause, "discount %u: customer %u's profile is not "
		    "linked to a staff member: the employee discount is for "
		    "staff", n, cu.id);
		return (SALE_E_ELIGIBLE);
	}
	return (SALE_OK);
}

/*
 * The discounts, before taxes: first those on a line, each on what is left
 * of its line after the ones before it; then those on the cart, each on
 * what is left of the cart; then loyalty points, worth point_value cents
 * each, on what is left. A percentage is rounded half up to the cent on
 * its own base: (base * percent + 50) / 100. An amount may not be more
 * than its base. Above the threshold (per mille of the subtotal, loyalty
 * not counted) a manager must approve: s->approval says so, and with
 * rq->approver every discount but loyalty names the approver.
 */
static enum sale_err
sale_discounts(struct store_txn *t, const struct sale_request *rq,
    struct sale *s, char **cause)
{
	const struct sale_discount	*rd;
	struct sale_discount		*d;
	struct customer			 cu;
	int64_t				 left[MAX_SALE_LINES], base;
	int64_t				 value;
	u_int				 pass, i;
	enum sale_err			 e;
	char				 a[32], b[32];

	for (i = 0; i < s->nlines; i++)
		left[i] = s->lines[i].total;
	s->ndiscounts = 0;
	s->discount = 0;
	if (rq->ndiscounts + (rq->redeem != 0) > SALE_DISCOUNTS) {
		xasprintf(cause, "a sale has at most %d discounts",
		    SALE_DISCOUNTS);
		return (SALE_E_INVALID);
	}
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < rq->ndiscounts; i++) {
			rd = &rq->discounts[i];
			if ((pass == 0) != (rd->line != 0))
				continue;
			if (rd->line > s->nlines) {
				xasprintf(cause, "discount %u is on line %u; "
				    "the sale has %u", i + 1, rd->line,
				    s->nlines);
				return (SALE_E_INVALID);
			}
			if (rd->kind == DISCOUNT_LOYALTY) {
				xasprintf(cause, "loyalty points are "
				    "redeemed with \"redeem\"");
				return (SALE_E_INVALID);
			}
			if ((e = sale_discount_eligible(t, rq, i + 1,
			    rd->kind, cause)) != SALE_OK)
				return (e);
			if (rd->line != 0)
				base = left[rd->line - 1];
			else
				base = s->subtotal - s->discount;
			d = &s->discounts[s->ndiscounts++];
			*d = *rd;
			d->approver = 0;
			if (d->percent != 0)
				d->amount = (base * d->percent + 50) / 100;
			else if (d->value > base) {
				money_fmt(d->value, a, sizeof a);
				money_fmt(base, b, sizeof b);
				xasprintf(cause, "discount %u (%s) is more "
				    "than the %s it applies to", i + 1, a, b);
				return (SALE_E_INVALID);
			} else
				d->amount = d->value;
			if (rd->line != 0)
				left[rd->line - 1] -= d->amount;
			s->discount += d->amount;
		}
	}
	if (s->discount * 1000 > s->subtotal * rq->threshold) {
		s->approval = 1;
		for (i = 0; i < s->ndiscounts; i++)
			s->discounts[i].approver = rq->approver;
	}

	if (rq->redeem == 0)
		return (SALE_OK);
	if (rq->customer == 0) {
		xasprintf(cause, "loyalty points need the customer");
		return (SALE_E_INVALID);
	}
	if (store_customer_get(t, rq->customer, &cu) != 0) {
		if (t->ret != 0)
			return (sale_store_err(t, cause));
		xasprintf(cause, "no customer %u", rq->customer);
		return (SALE_E_NOTFOUND);
	}
	if (rq->redeem < 0 || rq->redeem > cu.loyalty) {
		xasprintf(cause, "customer %u has %lld loyalty points, %lld "
		    "asked", cu.id, (long long)cu.loyalty,
		    (long long)rq->redeem);
		return (SALE_E_INVALID);
	}
	value = rq->redeem * rq->point_value;
	base = s->subtotal - s->discount;
	if (value > base) {
		money_fmt(value, a, sizeof a);
		money_fmt(base, b, sizeof b);
		xasprintf(cause, "%lld points (%s) are more than the %s left "
		    "to pay before tax", (long long)rq->redeem, a, b);
		return (SALE_E_INVALID);
	}
	d = &s->discounts[s->ndiscounts++];
	memset(d, 0, sizeof *d);
	d->kind = DISCOUNT_LOYALTY;
	d->value = rq->redeem;
	d->amount = value;
	s->discount += value;
	s->points_redeemed = rq->redeem;
	return (SALE_OK);
}

/* The share of x that part (of whole) carries, rounded half up. */
static int64_t
sale_share(int64_t x, int64_t part, int64_t whole)
{
	if (whole <= 0)
		return (0);
	return (money_muldiv(x, part, whole));
}

/* The index of the sale's line of package tag, or -1. */
int
sale_line_of(const struct sale *s, const char *tag)
{
	u_int	i;

	for (i = 0; i < s->nlines; i++) {
		if (strcmp(s->lines[i].tag, tag) == 0)
			return ((int)i);
	}
	return (-1);
}

/*
 * What line i cost the customer: its total, less its own discounts and
 * its share of the cart's (loyalty included), plus its share of taxes
 * added to the price. The cart's discounts and the taxes are shared out
 * by running sums, each share the rounded share of the sum so far less
 * the rounded share before it (half up), so the lines add up to the total
 * exactly and no cent is refunded twice. A line's share of the taxes is
 * the one kept with it (sale_tax_share); sales from before it was kept
 * share the taxes out by price.
 */
int64_t
sale_line_paid(const struct sale *s, u_int line)
{
	int64_t	net[MAX_SALE_LINES], cart = 0, lines = 0, cum = 0, prev;
	int64_t	after = 0, cumafter = 0, paid = 0, pretax;
	u_int	i;
	int	kept = 1;

	for (i = 0; i < s->nlines; i++) {
		if (s->lines[i].tax < 0)
			kept = 0;
	}

	for (i = 0; i < s->nlines; i++)
		net[i] = s->lines[i].total;
	for (i = 0; i < s->ndiscounts; i++) {
		if (s->discounts[i].line != 0)
			net[s->discounts[i].line - 1] -= s->discounts[i].amount;
		else
			cart += s->discounts[i].amount;
	}
	for (i = 0; i < s->nlines; i++)
		lines += net[i];
	pretax = lines - cart;
	for (i = 0; i <= line; i++) {
		prev = sale_share(cart, cum, lines);
		cum += net[i];
		after = net[i] - (sale_share(cart, cum, lines) - prev);
		paid = after;
		if (kept) {
			if (!s->tax_included)
				paid += s->lines[i].tax;
			continue;
		}
		if (!s->tax_included && s->tax != 0) {
			prev = sale_share(s->tax, cumafter, pretax);
			cumafter += after;
			paid += sale_share(s->tax, cumafter, pretax) - prev;
		}
	}
	return (paid);
}

/*
 * Stock reserved by delivery and pickup orders (order.c) is not for the
 * counter: a sale must leave each product's sellable stock at or above
 * what the open orders hold of it.
 */
static enum sale_err
sale_check_reserved(struct store_txn *t, const struct sale *s,
    const struct order *o, char **cause)
{
	int64_t	sellable, reserved, selling;
	u_int	i, j, k;
	char	a[32], b[32], c[32];

	for (i = 0; i < s->nlines; i++) {
		for (j = 0; j < i; j++) {
			if (s->lines[j].product == s->lines[i].product)
				break;
		}
		if (j < i)
			continue;	/* this product is counted */
		if (store_reserve_get(t, s->lines[i].product) == 0) {
			if (t->ret != 0)
				return (sale_store_err(t, cause));
			continue;
		}
		selling = 0;
		for (j = i; j < s->nlines; j++) {
			if (s->lines[j].product != s->lines[i].product)
				continue;
			/*
			 * An order's loaded packages are off the shelves and
			 * out of its product's reservation: not counted.
			 */
			for (k = 0; o != NULL && o->unreserved &&
			    k < o->npicks; k++) {
				if (strcmp(o->picks[k].tag,
				    s->lines[j].tag) == 0)
					break;
			}
			if (o == NULL || !o->unreserved || k == o->npicks)
				selling += s->lines[j].qty;
		}
		if (order_stock(t, s->lines[i].product, &sellable,
		    &reserved) != 0)
			return (sale_store_err(t, cause));
		/* The order handed over gives up its own reservation. */
		for (k = 0; o != NULL && !o->unreserved && k < o->nlines;
		    k++) {
			if (o->lines[k].product == s->lines[i].product)
				reserved -= o->lines[k].qty;
		}
		if (selling <= order_available(sellable, reserved))
			continue;
		sale_qty_str(s->lines[i].unit_weight, reserved, a, sizeof a);
		sale_qty_str(s->lines[i].unit_weight, order_available(sellable,
		    reserved), b, sizeof b);
		sale_qty_str(s->lines[i].unit_weight, selling, c, sizeof c);
		xasprintf(cause, "%s: %s of it is reserved for delivery and "
		    "pickup orders; %s can be sold at the counter, %s asked",
		    s->lines[i].name, a, b, c);
		return (SALE_E_STOCK);
	}
	return (SALE_OK);
}

/*
 * A delivery fee charged with the goods (an order's, at the door): it
 * joins the total after the goods' discounts and taxes and earns no
 * loyalty points. Taxed (delivery-fee-taxed, or the rule file's
 * "delivery fee-taxed yes"), it bears each of the file's taxes on the
 * price of all goods that apply to this customer type (not an excise,
 * nor a tax by the mg of THC, nor one on some categories, routes or
 * potencies only: those fall on goods), at its rate, rounded as that
 * tax rounds, into that tax's line. Where
 * the prices include the taxes the fee includes them too, and each tax's
 * share is worked out of it: fee * rate / (1 + the rates), half up.
 */
static enum sale_err
sale_fee(const struct rules *r, uint32_t type, int64_t fee, int taxed,
    struct sale *s, char **cause)
{
	const struct rules_tax	*rt;
	struct sale_tax		*tx;
	int64_t			 rates = 0, amount;
	u_int			 i, k, pass;

	s->fee = fee > 0 ? fee : 0;
	s->fee_tax = 0;
	if (s->fee == 0)
		return (SALE_OK);
	if (taxed && r != NULL)
		s->tax_included = r->tax_included;
	for (pass = 0; taxed && r != NULL && pass < 2; pass++) {
		for (i = 0; i < r->ntaxes; i++) {
			rt = &r->taxes[i];
			if (rt->level == RULES_TAX_EXCISE || rt->per_mg != 0 ||
			    rt->ppm == 0 || rt->on.cat_yes != 0 ||
			    rt->on.route_yes != 0 ||
			    rt->potency_op != RULES_POTENCY_ANY ||
			    !rules_tax_applies(r, rt, type))
				continue;
			if (pass == 0) {
				rates += rt->ppm;
				continue;
			}
			if (s->tax_included)
				amount = money_round_div((unsigned __int128)
				    (uint64_t)fee * (uint64_t)rt->ppm,
				    (unsigned __int128)(1000000 + rates));
			else
				amount = money_round_div((unsigned __int128)
				    (uint64_t)fee * (uint64_t)rt->ppm +
				    (rt->round_up ? 500000 - 1 : 0), 1000000);
			for (k = 0; k < s->ntaxes; k++) {
				if (strcmp(s->taxes[k].name, rt->name) == 0)
					break;
			}
			if (k == s->ntaxes) {
				if (s->ntaxes == SALE_TAXES) {
					xasprintf(cause, "more than %d taxes "
					    "apply to this sale: %s",
					    SALE_TAXES, r->path);
					return (SALE_E_INVALID);
				}
				tx = &s->taxes[s->ntaxes++];
				memset(tx, 0, sizeof *tx);
				strlcpy(tx->name, rt->name, sizeof tx->name);
				strlcpy(tx->label, rt->label,
				    sizeof tx->label);
				tx->level = rt->level;
				tx->ppm = rt->ppm;
			}
			s->taxes[k].amount += amount;
			s->fee_tax += amount;
		}
	}
	s->tax += s->fee_tax;
	s->total += s->fee + (s->tax_included ? 0 : s->fee_tax);
	return (SALE_OK);
}

/* Is the order's delivery fee taxed (sale_fee) in this store today? */
static int
sale_fee_taxed(const struct rules *r, const char *setting, const char *tz)
{
	char	*cause = NULL;
	int	 v = 0;

	/* stashd checks the setting when it starts: not taxed if bad. */
	if (order_setting(ORDER_FEE_TAXED, setting, r,
	    util_local_date(util_now(), tz), &v, &cause) != 0)
		free(cause);
	return (v);
}

/*
 * The taxes of a priced cart that is not a sale (yet): an order's lines
 * (product, qty, price, total; no discounts) and its delivery fee (taxed
 * or not) for this customer, by the same rules and rounding as a sale's.
 */
enum sale_err
sale_price_taxes(struct store_txn *t, const struct rules *r,
    uint32_t customer, int64_t fee, int fee_taxed, struct sale *s,
    char **cause)
{
	struct sale_request	*rq;
	enum sale_err		 e;
	uint32_t		 type;

	rq = xcalloc(1, sizeof *rq);
	rq->customer = customer;
	s->ndiscounts = 0;
	s->discount = 0;
	s->total = s->subtotal;
	type = sale_tax_type(t, rq);
	if ((e = sale_taxes(t, r, type, s, cause)) == SALE_OK)
		e = sale_fee(r, type, fee, fee_taxed, s, cause);
	free(rq);
	return (e);
}

/*
 * Everything about a sale but the tender and the writing: the lines from
 * the catalogue and the packages (sellable, enough on hand), the customer
 * (eligible, within every purchase limit) and the taxes. With limits, the
 * pools after this cart if the limits were looked at, else NULL (the
 * caller frees it: limits_result_free, then free). sale_commit and sale.quote
 * (the register's live view of a cart) both use it.
 */
static enum sale_err
sale_prepare_order(struct store_txn *t, const struct sale_request *rq,
    struct sale *s, struct limits_result **limits, struct order *o,
    char **cause)
{
	struct package	 pk, chk;
	struct product	 p;
	struct sale_line *l;
	u_int		 i, j;
	int		 r, mine;
	int64_t		 others;
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
		if (sale_tag_twice(rq->lines[0].tag, sizeof rq->lines[0], i,
		    cause))
			return (SALE_E_INVALID);
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
		/*
		 * The order's own packed packages are handed over where
		 * they are (the bag by the counter, the vehicle); anything
		 * else must be on the floor.
		 */
		chk = pk;
		mine = 0;
		for (j = 0; o != NULL && j < o->npicks; j++) {
			if (strcmp(o->picks[j].tag, pk.tag) == 0)
				mine = 1;
		}
		if (mine)
			strlcpy(chk.location, "floor", sizeof chk.location);
		if (inventory_sellable(t, &chk, &p, cause) != 0) {
			if (!rq->handheld || t->ret != 0)
				return (SALE_E_NOTSELLABLE);
			sale_accept(s, cause);
		}
		others = store_pick_sum(t, pk.tag, rq->order);
		if (others > 0 && rq->lines[i].qty > pk.qty - others) {
			sale_qty_str(p.unit_weight, others, a, sizeof a);
			sale_qty_str(p.unit_weight, pk.qty - others, b,
			    sizeof b);
			xasprintf(cause, "package %s (%s): %s of it is packed "
			    "for orders; %s can be sold at the counter",
			    pk.tag, p.name, a, b);
			return (SALE_E_STOCK);
		}
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
		strlcpy(l->category, p.category, sizeof l->category);
		l->unit_weight = p.unit_weight;
		l->thc_mg = sale_line_thc_mg(&p, p.unit_weight,
		    rq->lines[i].qty);
		l->typed = p.unit_weight && rq->lines[i].typed;
		l->qty = rq->lines[i].qty;
		l->price = p.price;
		/* What its goods cost (the package's or product's unit cost). */
		l->cost = money_muldiv(l->qty, pk.unit_cost > 0 ?
		    pk.unit_cost : p.unit_cost, p.unit_weight ? 1000 : 1);
		/*
		 * An order's goods at the unit price it was placed at: the
		 * customer was quoted it, whatever the catalogue says now.
		 */
		for (j = 0; o != NULL && j < o->nlines; j++) {
			if (o->lines[j].product == p.id) {
				l->price = o->lines[j].price;
				break;
			}
		}
		if (money_line_total(p.unit_weight, l->qty, l->price,
		    &l->total) != 0 || s->subtotal > SALE_MAX_TOTAL - l->total) {
			xasprintf(cause, "line total for %s is out of range",
			    pk.tag);
			return (SALE_E_INVALID);
		}
		s->subtotal += l->total;
	}
	s->nlines = rq->nlines;
	if ((e = sale_check_reserved(t, s, o, cause)) != SALE_OK)
		return (e);
	s->total = s->subtotal;
	if ((e = sale_discounts(t, rq, s, cause)) != SALE_OK)
		return (e);
	if ((e = sale_taxes(t, rq->rules, sale_tax_type(t, rq), s,
	    cause)) != SALE_OK)
		return (e);
	/*
	 * Loyalty: points_per_dollar for each whole dollar of the total
	 * before tax and after the discounts (cents rounded down), to the
	 * customer who pays; credited by the commit.
	 */
	if (rq->customer != 0)
		s->points_earned = (s->total - s->tax) / 100 *
		    rq->points_per_dollar;
	/* An order's delivery fee is charged where it is handed over. */
	if (o != NULL && (e = sale_fee(rq->rules, sale_tax_type(t, rq),
	    o->fee, sale_fee_taxed(rq->rules, rq->fee_taxed, rq->tz), s,
	    cause)) != SALE_OK)
		return (e);
	if ((e = sale_check_customer(t, rq, s, limits, cause)) != SALE_OK)
		return (e);
	return (SALE_OK);
}

/*
 * A sale that hands over a packed order (sale.commit with "order"): the
 * order is packed for pickup or out on its trip, the sale is for its
 * customer and sells exactly the packages it was packed with, in their
 * quantities. SALE_OK with *o, else why not.
 */
static enum sale_err
sale_order_check(struct store_txn *t, const struct sale_request *rq,
    struct order *o, char **cause)
{
	u_int	i, j;
	int	r;
	char	a[32];

	if ((r = store_order_get(t, rq->order, o)) == STORE_NOTFOUND) {
		xasprintf(cause, "no order %llu", (unsigned long long)rq->order);
		return (SALE_E_NOTFOUND);
	}
	if (r != 0)
		return (sale_store_err(t, cause));
	if (!(o->channel == ORDER_PICKUP && o->status == ORDER_PACKED) &&
	    !(o->channel == ORDER_DELIVERY && o->status == ORDER_OUT)) {
		xasprintf(cause, "order %llu is a %s order and %s: a pickup "
		    "order is sold once packed, a delivery once out on its "
		    "trip", (unsigned long long)o->id,
		    store_order_channel_name(o->channel),
		    store_order_status_name(o->status));
		return (SALE_E_INVALID);
	}
	if (rq->customer != o->customer || rq->patient != o->patient) {
		xasprintf(cause, "order %llu is customer %u's: the sale must "
		    "be for them", (unsigned long long)o->id, o->customer);
		return (SALE_E_INVALID);
	}
	for (i = 0; i < o->npicks; i++) {
		for (j = 0; j < rq->nlines; j++) {
			if (strcmp(rq->lines[j].tag, o->picks[i].tag) == 0)
				break;
		}
		if (j == rq->nlines || rq->lines[j].qty != o->picks[i].qty) {
			sale_qty_str(o->lines[o->picks[i].line].unit_weight,
			    o->picks[i].qty, a, sizeof a);
			xasprintf(cause, "order %llu was packed with %s of "
			    "package %s: the sale sells what the order was "
			    "packed with, no more and no less",
			    (unsigned long long)o->id, a, o->picks[i].tag);
			return (SALE_E_INVALID);
		}
	}
	if (rq->nlines != o->npicks) {
		xasprintf(cause, "order %llu was packed with %u package%s and "
		    "the sale has %u lines: sell the order on its own",
		    (unsigned long long)o->id, o->npicks,
		    o->npicks == 1 ? "" : "s", rq->nlines);
		return (SALE_E_INVALID);
	}
	return (SALE_OK);
}

enum sale_err
sale_prepare(struct store_txn *t, const struct sale_request *rq,
    struct sale *s, struct limits_result **limits, char **cause)
{
	struct order	*o = NULL;
	enum sale_err	 e;

	if (limits != NULL)
		*limits = NULL;
	if (rq->order != 0) {
		o = xmalloc(sizeof *o);
		if ((e = sale_order_check(t, rq, o, cause)) != SALE_OK) {
			free(o);
			return (e);
		}
	}
	e = sale_prepare_order(t, rq, s, limits, o, cause);
	free(o);
	return (e);
}

/*
 * The drawer a sale or return on terminal names: with cash (need), the
 * register's open drawer or an error saying what to do instead; without,
 * the open drawer if there is one, else none. A drawer opened before
 * sales named theirs is not named (it finds its sales by time). 0 and
 * *id, or an error.
 */
static enum sale_err
sale_drawer(struct store_txn *t, const char *terminal, int need,
    const char *instead, uint64_t *id, char **cause)
{
	struct drawer	d;
	enum drawer_err	de;
	int		r;

	*id = 0;
	if (need) {
		de = drawer_for_cash(t, terminal, instead, &d, cause);
		if (de == DRAWER_E_STORE)
			return (sale_store_err(t, cause));
		if (de != DRAWER_OK)
			return (SALE_E_TENDER);
	} else if ((r = store_drawer_open_get(t, terminal, &d)) != 0) {
		if (r != STORE_NOTFOUND)
			return (sale_store_err(t, cause));
		return (SALE_OK);
	}
	if (d.tracked)
		*id = d.id;
	return (SALE_OK);
}

/*
 * Commit a sale. On SALE_OK *s is the sale and *replayed says whether it
 * had already been committed under the same ref (nothing new written).
 * Cash needs a drawer open on the register (imported history, rq->at,
 * belongs to none).
 */
/* The trip of order (0: none) if it is a delivery order on one, or 0. */
static uint64_t
sale_on_trip(struct store_txn *t, uint64_t order)
{
	struct order	*o;
	uint64_t	 trip = 0;

	if (order == 0)
		return (0);
	o = xmalloc(sizeof *o);
	if (store_order_get(t, order, o) == 0 &&
	    o->channel == ORDER_DELIVERY)
		trip = o->trip;
	free(o);
	return (trip);
}

/* The channel of a sale handing over order (0: none, in store). */
static int
sale_channel(struct store_txn *t, uint64_t order)
{
	struct order	*o;
	int		 channel = ROLL_CHANNEL_STORE;

	if (order == 0)
		return (channel);
	o = xmalloc(sizeof *o);
	if (store_order_get(t, order, o) == 0)
		channel = o->channel;
	free(o);
	return (channel);
}

enum sale_err
sale_commit(struct store_txn *t, const struct sale_request *rq, struct sale *s,
    int *replayed, char **cause)
{
	struct package	 pk;
	struct customer	 cu;
	struct outbox_job rd;
	uint64_t	 id, trip;
	u_int		 i;
	int		 r;
	int64_t		 card;
	enum sale_err	 e;
	char		 a[32], b[32], c[32], d[32], subj[32];

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
	if (s->approval && (rq->approvals & PERM_DISCOUNT_APPROVE) == 0) {
		money_fmt(s->discount - s->points_redeemed * rq->point_value,
		    a, sizeof a);
		xasprintf(cause, "a discount of %s is more than %lld.%lld%% "
		    "of the sale: a manager must approve (their staff ID and "
		    "PIN)", a, (long long)rq->threshold / 10,
		    (long long)rq->threshold % 10);
		return (SALE_E_APPROVAL);
	}
	/*
	 * A weight typed in rather than read from the scale: the staff
	 * member's weight.type permission, or a manager's approval.
	 */
	for (i = 0; i < s->nlines; i++) {
		if (!s->lines[i].typed ||
		    ((rq->perms | rq->approvals) & PERM_WEIGHT_TYPE))
			continue;
		weight_fmt(s->lines[i].qty, a, sizeof a);
		xasprintf(cause, "the weight of %s (%s) was typed, not read "
		    "from the scale: a manager must approve (their staff ID "
		    "and PIN), or weigh it on the scale", s->lines[i].name, a);
		return (SALE_E_APPROVAL);
	}
	/*
	 * Tenders: card up to the total (no cash back on a card), cash for
	 * the rest; change comes from the cash.
	 */
	card = rq->card_all ? s->total : rq->card;
	if (card < 0 || card > s->total) {
		money_fmt(s->total, a, sizeof a);
		xasprintf(cause, "a card payment can be at most the total %s",
		    a);
		return (SALE_E_TENDER);
	}
	if (card > 0 && (rq->card_ref == NULL || *rq->card_ref == '\0')) {
		xasprintf(cause, "a card payment needs the card terminal's "
		    "reference");
		return (SALE_E_TENDER);
	}
	if (rq->cash < s->total - card) {
		money_fmt(s->total - card, a, sizeof a);
		money_fmt(rq->cash, b, sizeof b);
		xasprintf(cause, "cash tendered %s is less than the %s due", b,
		    a);
		return (SALE_E_TENDER);
	}
	s->tendered = rq->cash;
	s->card = card;
	if (card > 0)
		strlcpy(s->card_ref, rq->card_ref, sizeof s->card_ref);
	s->change = rq->cash + card - s->total;
	if (rq->at == 0 && (e = sale_drawer(t, rq->terminal, rq->cash > 0,
	    "take card", &s->drawer, cause)) != SALE_OK)
		return (e);

	/* Loyalty: the points earned, less the points redeemed. */
	if (rq->customer != 0 && (e = sale_loyalty(t, rq->customer,
	    s->points_earned - s->points_redeemed, &cu, cause)) != SALE_OK)
		return (e);

	/*
	 * Validated: now write. Each line keeps what its goods cost (the
	 * package's unit cost, or its product's, per gram by weight,
	 * rounded half up: sale_prepare_order worked it out), the
	 * sale its channel and the customer's type, for the reports.
	 */
	for (i = 0; i < s->nlines; i++) {
		if (store_package_get(t, s->lines[i].tag, &pk) != 0)
			return (sale_store_err(t, cause));
		pk.qty -= s->lines[i].qty;
		store_package_put(t, &pk, &pk);
	}
	s->channel = sale_channel(t, rq->order);
	s->ctype = rq->customer != 0 ? cu.type : CUSTOMER_ADULT;
	if (s->overridden[0] != '\0')
		s->override_approver = rq->approver;
	s->id = store_sale_next_id(t);
	strlcpy(s->ref, rq->ref, sizeof s->ref);
	s->time = rq->at != 0 ? rq->at : util_now();
	strlcpy(s->terminal, rq->terminal, sizeof s->terminal);
	s->staff = rq->staff;
	s->status = SALE_COMPLETE;
	store_sale_put(t, s, 1);
	/*
	 * Every sale reaches the state, once: a delivery order's sale on
	 * its trip as Metrc's planned delivery (created and completed by
	 * the drain), or as a sale of the trip's retailer delivery when it
	 * left as one (never also a receipt); any other as a receipt.
	 */
	if ((trip = sale_on_trip(t, rq->order)) == 0)
		outbox_sale(t, s);
	else if (outbox_retailer_job(t, trip, &rd) == 0)
		outbox_retailer_sale(t, s, rq->order);
	else
		outbox_delivery(t, s, rq->order);
	if (rq->order != 0 && order_deliver(t, rq->order, s->id,
	    s->tendered - s->change, rq->staff, rq->terminal, s->time,
	    cause) != ORDER_OK)
		return (t->ret != 0 ? sale_store_err(t, cause) :
		    SALE_E_INVALID);
	snprintf(subj, sizeof subj, "sale %llu", (unsigned long long)s->id);
	money_fmt(s->total, a, sizeof a);
	money_fmt(s->tendered, b, sizeof b);
	money_fmt(s->card, c, sizeof c);
	money_fmt(s->discount, d, sizeof d);
	audit_append(t, rq->staff, s->approval ? rq->approver : 0, rq->terminal,
	    "sale.commit", subj, "lines=%u total=%s cash=%s card=%s "
	    "discount=%s discounts=%u points_earned=%lld points_redeemed=%lld "
	    "drawer=%llu", s->nlines, a, b, c, d, s->ndiscounts,
	    (long long)s->points_earned, (long long)s->points_redeemed,
	    (unsigned long long)s->drawer);
	if (s->overridden[0] != '\0')
		audit_append(t, rq->staff, rq->approver, rq->terminal,
		    "sale.limit-override", subj, "pools=%s reason=%s",
		    s->overridden, rq->override_reason);
	for (i = 0; i < s->nlines; i++) {
		if (!s->lines[i].typed)
			continue;
		weight_fmt(s->lines[i].qty, a, sizeof a);
		audit_append(t, rq->staff, (rq->perms & PERM_WEIGHT_TYPE) ? 0 :
		    rq->approver, rq->terminal, "sale.weight-typed", subj,
		    "line=%u tag=%s weight=%s", i + 1, s->lines[i].tag, a);
	}
	if (t->ret != 0)
		return (sale_store_err(t, cause));
	return (SALE_OK);
}

/*
 * Void a sale: stock goes back to every package, the sale is marked void,
 * and the audit names who asked and who approved. The cash it kept goes
 * back out of the drawer it went into, so that drawer must still be open
 * (once it is closed the goods come back as a return).
 */
enum sale_err
sale_void(struct store_txn *t, uint64_t id, uint32_t staff, uint32_t approver,
    const char *terminal, const char *reason, struct sale *s, char **cause)
{
	struct package	pk;
	struct customer	cu;
	struct drawer	d;
	u_int		i;
	int		r;
	enum sale_err	e;
	char		subj[32], a[32], b[32];

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
	if (outbox_delivered(t, s->id)) {
		xasprintf(cause, "sale %llu was reported to the state as a "
		    "delivery, which stash cannot void there yet: void it in "
		    "Metrc and adjust the stock with a reason",
		    (unsigned long long)id);
		return (SALE_E_CONFLICT);
	}
	for (i = 0; i < s->nlines; i++) {
		if (s->lines[i].returned != 0) {
			xasprintf(cause, "sale %llu has returns: return the "
			    "rest of it instead of voiding it",
			    (unsigned long long)id);
			return (SALE_E_CONFLICT);
		}
	}
	if (s->tendered - s->change > 0 && s->drawer != 0) {
		if (store_drawer_get(t, s->drawer, &d) != 0)
			return (sale_store_err(t, cause));
		if (d.status != DRAWER_OPEN) {
			money_fmt(s->tendered - s->change, a, sizeof a);
			xasprintf(cause, "the %s cash of sale %llu went into "
			    "drawer %llu on %s, which is closed now: take the "
			    "goods back as a return instead", a,
			    (unsigned long long)id,
			    (unsigned long long)d.id, d.terminal);
			return (SALE_E_CONFLICT);
		}
	}
	/* The points earned go back, the points redeemed come back. */
	if (s->customer != 0 && (s->points_earned != 0 ||
	    s->points_redeemed != 0) && (e = sale_loyalty(t, s->customer,
	    s->points_redeemed - s->points_earned, &cu, cause)) != SALE_OK)
		return (e);
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
	money_fmt(s->tendered - s->change, b, sizeof b);
	audit_append(t, staff, approver, terminal, "sale.void", subj,
	    "total=%s cash_back=%s drawer=%llu reason=%s points_earned=%lld "
	    "points_redeemed=%lld", a, b, (unsigned long long)s->drawer,
	    reason, (long long)s->points_earned,
	    (long long)s->points_redeemed);
	if (t->ret != 0)
		return (sale_store_err(t, cause));
	return (SALE_OK);
}

/*
 * A return: some of a sale's lines come back. Each is refunded what it
 * cost the customer (sale_line_paid) in proportion to the quantity, by
 * running sums rounded half up: the refund is the share of everything
 * returned of the line so far less the share of what was returned before,
 * so the line is never refunded more than it cost, and the sale never more
 * than its total. The goods are never sellable again: each package gets
 * the quantity back but is set to quarantine and moved to the
 * "quarantine" location (whatever it still held goes with it, for a
 * manager to look at), with an adjustment record for each. The sale keeps
 * each line's returned quantity, which purchase limits no longer count.
 * r is the return record written.
 */
enum sale_err
sale_return(struct store_txn *t, const struct return_request *rq,
    struct sale *s, struct sale_return *ret, char **cause)
{
	struct sale_line	*l;
	struct sale_return_line	*rl;
	struct package		 pk, old;
	struct adjust		 aj;
	int64_t			 paid, before, after;
	u_int			 i, j;
	int			 r;
	enum sale_err		 e;
	char			 a[32], b[32], subj[32];

	r = store_sale_get(t, rq->sale, s);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no sale %llu", (unsigned long long)rq->sale);
		return (SALE_E_NOTFOUND);
	}
	if (r != 0)
		return (sale_store_err(t, cause));
	if (s->status != SALE_COMPLETE) {
		xasprintf(cause, "sale %llu is void: nothing to return",
		    (unsigned long long)rq->sale);
		return (SALE_E_CONFLICT);
	}
	if (outbox_delivered(t, s->id)) {
		xasprintf(cause, "sale %llu was reported to the state as a "
		    "delivery, which stash cannot take goods back from there "
		    "yet: record it in Metrc and adjust the stock with a reason",
		    (unsigned long long)rq->sale);
		return (SALE_E_CONFLICT);
	}
	if (rq->nlines == 0 || rq->nlines > s->nlines) {
		xasprintf(cause, "a return has 1 to %u lines", s->nlines);
		return (SALE_E_INVALID);
	}
	memset(ret, 0, sizeof *ret);
	for (i = 0; i < rq->nlines; i++) {
		if (sale_tag_twice(rq->lines[0].tag, sizeof rq->lines[0], i,
		    cause))
			return (SALE_E_INVALID);
		for (j = 0; j < s->nlines; j++) {
			if (strcmp(s->lines[j].tag, rq->lines[i].tag) == 0)
				break;
		}
		if (j == s->nlines) {
			xasprintf(cause, "sale %llu has no line for package %s",
			    (unsigned long long)s->id, rq->lines[i].tag);
			return (SALE_E_NOTFOUND);
		}
		l = &s->lines[j];
		if (rq->lines[i].qty <= 0 ||
		    rq->lines[i].qty > l->qty - l->returned) {
			sale_qty_str(l->unit_weight, l->qty - l->returned, a,
			    sizeof a);
			sale_qty_str(l->unit_weight, rq->lines[i].qty, b,
			    sizeof b);
			xasprintf(cause, "package %s: %s may be returned, %s "
			    "asked", l->tag, a, b);
			return (SALE_E_INVALID);
		}
		paid = sale_line_paid(s, j);
		before = money_muldiv(paid, l->returned, l->qty);
		after = money_muldiv(paid, l->returned + rq->lines[i].qty,
		    l->qty);
		rl = &ret->lines[ret->nlines++];
		strlcpy(rl->tag, l->tag, sizeof rl->tag);
		rl->qty = rq->lines[i].qty;
		rl->refund = after - before;
		if (rl->refund > s->total - s->refunded - ret->refund)
			rl->refund = s->total - s->refunded - ret->refund;
		ret->refund += rl->refund;
		l->returned += rq->lines[i].qty;
	}

	/*
	 * How the money goes back: cash from the drawer, or to the card
	 * the sale was paid with (at most what the card paid), with the
	 * card terminal's reference.
	 */
	ret->method = rq->method;
	if (ret->method == REFUND_CARD) {
		if (rq->card_ref == NULL || *rq->card_ref == '\0') {
			xasprintf(cause, "a refund to a card needs the card "
			    "terminal's reference");
			return (SALE_E_TENDER);
		}
		if (ret->refund > s->card) {
			money_fmt(ret->refund, a, sizeof a);
			money_fmt(s->card, b, sizeof b);
			xasprintf(cause, "sale %llu was paid %s by card: a "
			    "refund of %s goes back at least in part in cash",
			    (unsigned long long)s->id, b, a);
			return (SALE_E_TENDER);
		}
		strlcpy(ret->card_ref, rq->card_ref, sizeof ret->card_ref);
	} else if (ret->method != REFUND_CASH) {
		xasprintf(cause, "say how the refund goes back: cash or card");
		return (SALE_E_INVALID);
	}
	/* Cash comes out of the drawer open on this register. */
	if ((e = sale_drawer(t, rq->terminal, ret->method == REFUND_CASH,
	    s->card >= ret->refund ? "refund to the card" : "make the return "
	    "on a register with an open drawer", &ret->drawer,
	    cause)) != SALE_OK)
		return (e);

	/* Validated: now write. */
	for (i = 0; i < ret->nlines; i++) {
		rl = &ret->lines[i];
		r = store_package_get(t, rl->tag, &old);
		if (r != 0) {
			if (t->ret != 0)
				return (sale_store_err(t, cause));
			xasprintf(cause, "package %s of sale %llu is gone",
			    rl->tag, (unsigned long long)s->id);
			return (SALE_E_CONFLICT);
		}
		pk = old;
		pk.qty += rl->qty;
		pk.status = PACKAGE_QUARANTINE;
		strlcpy(pk.location, "quarantine", sizeof pk.location);
		store_package_put(t, &pk, &old);

		memset(&aj, 0, sizeof aj);
		aj.kind = ADJUST_QTY;
		strlcpy(aj.tag, rl->tag, sizeof aj.tag);
		aj.delta = rl->qty;
		aj.qty_after = pk.qty;
		strlcpy(aj.reason, "return", sizeof aj.reason);
		snprintf(aj.note, sizeof aj.note, "returned from sale %llu",
		    (unsigned long long)s->id);
		aj.staff = rq->staff;
		aj.witness = rq->approver;
		strlcpy(aj.terminal, rq->terminal, sizeof aj.terminal);
		store_adjust_add(t, &aj);
		if (old.status != PACKAGE_QUARANTINE) {
			aj.kind = ADJUST_STATUS;
			aj.delta = 0;
			strlcpy(aj.reason, "quarantine", sizeof aj.reason);
			store_adjust_add(t, &aj);
		}
		if (strcmp(old.location, "quarantine") != 0) {
			aj.kind = ADJUST_MOVE;
			aj.delta = 0;
			strlcpy(aj.reason, "move", sizeof aj.reason);
			strlcpy(aj.from, old.location, sizeof aj.from);
			strlcpy(aj.to, "quarantine", sizeof aj.to);
			store_adjust_add(t, &aj);
		}
	}
	s->refunded += ret->refund;
	store_sale_put(t, s, 0);

	ret->sale = s->id;
	ret->time = util_now();
	strlcpy(ret->terminal, rq->terminal, sizeof ret->terminal);
	ret->staff = rq->staff;
	ret->approver = rq->approver;
	strlcpy(ret->reason, rq->reason, sizeof ret->reason);
	store_return_add(t, ret);
	outbox_return(t, s, ret);

	snprintf(subj, sizeof subj, "sale %llu", (unsigned long long)s->id);
	money_fmt(ret->refund, a, sizeof a);
	audit_append(t, rq->staff, rq->approver, rq->terminal, "sale.return",
	    subj, "return=%llu lines=%u refund=%s method=%s%s%s drawer=%llu "
	    "to=quarantine reason=%s", (unsigned long long)ret->id,
	    ret->nlines, a, store_return_method_name(ret->method),
	    ret->method == REFUND_CARD ? " card_ref=" : "",
	    ret->method == REFUND_CARD ? ret->card_ref : "",
	    (unsigned long long)ret->drawer, rq->reason);
	if (t->ret != 0)
		return (sale_store_err(t, cause));
	return (SALE_OK);
}

/*
 * Sales newest first, from below q->before (0: the newest), that match
 * q's filters: cb is given each of at most q->limit. At most q->scan
 * sales are examined, so a filter that matches little never holds the
 * loop for long. *next is where to continue ("before") when *more is set.
 * Returns how many were given, or -1 on a store error.
 */
int
sale_list(struct store_txn *t, const struct sale_query *q,
    void (*cb)(const struct sale *, void *), void *arg, uint64_t *next,
    int *more)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct sale		*s;
	uint64_t		 last;
	u_int			 scanned = 0, n = 0;

	*next = 0;
	*more = 0;
	s = xmalloc(sizeof *s);
	store_iter_init(t, &it, DB_SALE, NULL, 0, 1);
	if (q->before != 0) {
		store_key_init(&k);
		store_key_u64(&k, q->before);
		store_iter_before(&it, k.data, k.len);
	}
	while (store_iter_next(&it)) {
		if (it.klen != 8)
			continue;
		last = store_key_get_u64(it.key);
		if (n >= q->limit || scanned >= q->scan) {
			*more = 1;
			break;
		}
		scanned++;
		*next = last;
		if (store_sale_decode(it.val, it.vlen, s) != 0) {
			store_fail(t, STORE_CORRUPT, "sale damaged");
			break;
		}
		if (s->time < q->since)
			break;		/* newest first: the rest are older */
		if (q->terminal != NULL && strcmp(s->terminal, q->terminal) != 0)
			continue;
		if (q->staff != 0 && s->staff != q->staff)
			continue;
		cb(s, arg);
		n++;
	}
	free(s);
	return (store_iter_count(&it, n));
}
