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

#include "store.h"
#include "rules.h"
#include "customer.h"
#include "sale.h"

/*
 * Who may buy, and what they have bought that purchase limits count.
 *
 * Ages: adult use is 21 and over in every state stash ships rules for
 * (contrib/rules/README.md); a medical patient buys from 18 (younger
 * patients buy through a caregiver); a caregiver must be 21. These are the
 * common readings; a state that differs needs them in its rule file.
 */

#define CUSTOMER_ADULT_AGE	21

/* Whole years from a YYYYMMDD birth date to a YYYYMMDD day. */
int
customer_age(int dob, int today)
{
	if (dob <= 0 || today < dob)
		return (-1);
	return ((today - dob) / 10000);
}

static const char *
customer_date(int d, char *out, size_t len)
{
	snprintf(out, len, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
	return (out);
}

/*
 * May this customer buy today (YYYYMMDD, store-local)? 0 if so; else -1
 * with *cause for the budtender. A caregiver is checked as the buyer; the
 * patient is checked with customer_eligible_patient. The youngest patient
 * who buys and the youngest caregiver come from the rule file (r may be
 * NULL: 18 and 21).
 */
int
customer_eligible(const struct customer *cu, int today, const struct rules *r,
    char **cause)
{
	char	d[16];
	int	age, medical_age, caregiver_age;

	medical_age = r != NULL ? r->medical_age : RULES_MEDICAL_AGE;
	caregiver_age = r != NULL ? r->caregiver_age : RULES_CAREGIVER_AGE;

	if (cu->id_expires != 0 && cu->id_expires < today) {
		xasprintf(cause, "the customer's ID expired on %s: an unexpired "
		    "ID is needed", customer_date(cu->id_expires, d, sizeof d));
		return (-1);
	}
	if ((age = customer_age(cu->dob, today)) < 0) {
		xasprintf(cause, "the customer has no valid date of birth on "
		    "file: scan their ID");
		return (-1);
	}
	switch (cu->type) {
	case CUSTOMER_ADULT:
		if (age < CUSTOMER_ADULT_AGE) {
			xasprintf(cause, "the customer is %d: adult-use sales "
			    "are for %d and over", age, CUSTOMER_ADULT_AGE);
			return (-1);
		}
		return (0);
	case CUSTOMER_CAREGIVER:
		if (age < caregiver_age) {
			xasprintf(cause, "a caregiver must be %d or over",
			    caregiver_age);
			return (-1);
		}
		break;
	case CUSTOMER_MEDICAL:
	case CUSTOMER_OOS_PATIENT:
		if (age < medical_age) {
			xasprintf(cause, "the patient is %d: under %d, their "
			    "caregiver buys for them", age, medical_age);
			return (-1);
		}
		break;
	default:
		xasprintf(cause, "the customer's type is not known");
		return (-1);
	}
	if (cu->card_number[0] == '\0' || cu->card_expires == 0) {
		xasprintf(cause, "no %s card on file", cu->type ==
		    CUSTOMER_CAREGIVER ? "caregiver" : "medical");
		return (-1);
	}
	if (cu->card_expires < today) {
		xasprintf(cause, "the %s card expired on %s", cu->type ==
		    CUSTOMER_CAREGIVER ? "caregiver" : "medical",
		    customer_date(cu->card_expires, d, sizeof d));
		return (-1);
	}
	return (0);
}

/* A caregiver's patient: linked, a patient, card valid (any age). */
int
customer_eligible_patient(const struct customer *cg, const struct customer *pt,
    int today, char **cause)
{
	char	d[16];
	u_int	i;

	for (i = 0; i < cg->npatients; i++) {
		if (cg->patients[i] == pt->id)
			break;
	}
	if (i == cg->npatients) {
		xasprintf(cause, "customer %u is not a patient of caregiver %u",
		    pt->id, cg->id);
		return (-1);
	}
	if (pt->type != CUSTOMER_MEDICAL && pt->type != CUSTOMER_OOS_PATIENT) {
		xasprintf(cause, "customer %u is not a medical patient", pt->id);
		return (-1);
	}
	if (pt->card_expires == 0 || pt->card_expires < today) {
		xasprintf(cause, "patient %u's medical card %s", pt->id,
		    pt->card_expires == 0 ? "is not on file" : "has expired");
		if (pt->card_expires != 0) {
			free(*cause);
			xasprintf(cause, "patient %u's medical card expired on "
			    "%s", pt->id, customer_date(pt->card_expires, d,
			    sizeof d));
		}
		return (-1);
	}
	return (0);
}

/*
 * A product's measures as one limits line: per unit for products sold
 * each, and for products sold by weight the grams of this line (rounded
 * up: never count less than was sold).
 */
void
customer_limits_line(const struct product *p, int64_t qty, int64_t at,
    struct limits_line *l)
{
	char	cat[CATEGORY_MAX + 1];
	size_t	i, j;

	memset(l, 0, sizeof *l);
	for (i = j = 0; p->category[i] != '\0'; i++) {
		if (p->category[i] != '-')
			cat[j++] = p->category[i];
	}
	cat[j] = '\0';
	l->at = at;
	l->category = rules_category(cat);
	l->route = p->route[0] != '\0' ? rules_route(p->route) : -1;
	if (!p->measured)
		return;		/* all zero: a rule that needs one refuses */
	if (!p->unit_weight) {
		l->qty = qty;
		l->m[LM_NET] = p->net_ug;
		l->m[LM_FLOWER] = p->flower_ug;
		l->m[LM_CONC] = p->conc_ug;
		l->m[LM_THC] = p->thc_ug;
		l->m[LM_OTHER] = p->other_ug;
		l->m[LM_VOLUME] = p->volume_ul;
		l->m[LM_UNITS] = 1;
		return;
	}
	/* Per gram, times qty mg / 1000, rounded up. */
	l->qty = 1;
	l->m[LM_NET] = (p->net_ug * qty + 999) / 1000;
	l->m[LM_FLOWER] = (p->flower_ug * qty + 999) / 1000;
	l->m[LM_CONC] = (p->conc_ug * qty + 999) / 1000;
	l->m[LM_THC] = (p->thc_ug * qty + 999) / 1000;
	l->m[LM_OTHER] = (p->other_ug * qty + 999) / 1000;
	l->m[LM_VOLUME] = (p->volume_ul * qty + 999) / 1000;
	l->m[LM_UNITS] = 1;
}

/* How far back any pool of these rules looks, in days. */
static int
customer_lookback_days(const struct rules *r)
{
	u_int	i;
	int	days = 1;

	for (i = 0; i < r->npools; i++) {
		switch (r->pools[i].window) {
		case LW_ROLLING:
			if (r->pools[i].days > days)
				days = r->pools[i].days;
			break;
		case LW_MONTH:
			if (days < 31)
				days = 31;
			break;
		default:
			break;
		}
	}
	return (days + 2);	/* a day either side for time zones */
}

/*
 * The purchases of subject that limits count: complete sales whose
 * subject it is, within the rules' longest window, newest first.
 * Appends to req->history (caller frees with limits_request_free).
 */
int
customer_limits_history(struct store_txn *t, const struct rules *r,
    uint32_t subject, int64_t now, struct limits_request *req)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct sale		*s;
	struct product		 p;
	int64_t			 since;
	u_int			 i;

	since = now - (int64_t)customer_lookback_days(r) * 86400 * 1000000;
	s = xmalloc(sizeof *s);
	store_key_init(&k);
	store_key_u32(&k, subject);
	store_iter_init(t, &it, DB_SALE_CUSTOMER, k.data, k.len, 1);
	while (store_iter_next(&it)) {
		if (it.klen != 12 || store_sale_get(t,
		    store_key_get_u64(it.key + 4), s) != 0)
			continue;
		if (s->time < since)
			break;
		if (s->status != SALE_COMPLETE ||
		    store_sale_subject(s) != subject)
			continue;
		/* What was returned no longer counts. */
		for (i = 0; i < s->nlines; i++) {
			if (s->lines[i].qty - s->lines[i].returned <= 0 ||
			    store_product_get(t, s->lines[i].product, &p) != 0)
				continue;
			req->history = xreallocarray(req->history,
			    req->nhistory + 1, sizeof *req->history);
			customer_limits_line(&p, s->lines[i].qty -
			    s->lines[i].returned, s->time,
			    &req->history[req->nhistory++]);
		}
	}
	store_iter_done(&it);
	free(s);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Set up a limits request for a purchase now by this customer (NULL: a
 * walk-in, counted as a non-resident adult of 21 with no history, the
 * stricter reading) for this subject.
 */
int
customer_limits_request(struct store_txn *t, const struct rules *r,
    const struct customer *buyer, const struct customer *subject,
    const char *state, int64_t now, int today, struct limits_request *req)
{
	limits_request_defaults(r, req);
	req->at = now;
	if (subject == NULL) {
		req->type = LC_ADULT;
		req->age = CUSTOMER_ADULT_AGE;
		req->resident = 0;
		return (0);
	}
	if (buyer != NULL && buyer->type == CUSTOMER_CAREGIVER &&
	    buyer != subject)
		req->type = LC_CAREGIVER;
	else if (subject->type == CUSTOMER_ADULT)
		req->type = LC_ADULT;
	else
		req->type = LC_MEDICAL;
	req->age = customer_age(subject->dob, today);
	req->resident = strcmp(subject->residence, state) == 0;
	return (customer_limits_history(t, r, subject->id, now, req));
}

/*
 * The card to ask the state's patient registry about for a sale to this
 * customer (for a caregiver, to their patient): 1 with card set if the
 * subject is a medical or out-of-state patient with a card on file (and
 * *instate if the card is this state's), 0 if the sale is not medical,
 * -1 on a store error. Eligibility itself is sale_prepare's.
 */
int
customer_registry_card(struct store_txn *t, uint32_t cust, uint32_t pat,
    char *card, size_t len, int *instate)
{
	struct customer	cu;

	if (cust == 0)
		return (0);
	if (store_customer_get(t, cust, &cu) != 0)
		return (t->ret != 0 ? -1 : 0);
	if (cu.type == CUSTOMER_CAREGIVER) {
		if (pat == 0)
			return (0);
		if (store_customer_get(t, pat, &cu) != 0)
			return (t->ret != 0 ? -1 : 0);
	}
	if (cu.type != CUSTOMER_MEDICAL && cu.type != CUSTOMER_OOS_PATIENT)
		return (0);
	if (cu.card_number[0] == '\0')
		return (0);
	strlcpy(card, cu.card_number, len);
	*instate = (cu.type == CUSTOMER_MEDICAL);
	return (1);
}

/*
 * The registry's answer (metrc_patient's JSON) into a sale request: what
 * every active registration leaves per category (the least, if several),
 * in thousandths of an ounce.
 */
void
customer_registry_read(json_t *status, int instate, struct sale_request *rq)
{
	static const char	*kinds[SALE_REGISTRY_KINDS] = { "flower",
				    "thc", "concentrate", "infused" };
	const char		*st, *why;
	json_t			*regs, *r, *a;
	json_int_t		 v;
	size_t			 i;
	u_int			 k;
	int			 active = 0;

	for (k = 0; k < SALE_REGISTRY_KINDS; k++)
		rq->registry_moz[k] = -1;
	rq->registry_why[0] = '\0';
	rq->registry_at = json_integer_value(json_object_get(status,
	    "checked"));
	st = json_string_value(json_object_get(status, "state"));
	if (st == NULL || strcmp(st, "unreachable") == 0) {
		rq->registry = SALE_REGISTRY_UNREACHABLE;
		why = json_string_value(json_object_get(status, "reason"));
		strlcpy(rq->registry_why, why != NULL ? why : "no answer",
		    sizeof rq->registry_why);
		return;
	}
	regs = json_object_get(status, "registrations");
	json_array_foreach(regs, i, r) {
		if (!json_is_true(json_object_get(r, "active")))
			continue;
		active = 1;
		for (k = 0; k < SALE_REGISTRY_KINDS; k++) {
			a = json_object_get(json_object_get(json_object_get(r,
			    "allotment"), kinds[k]), "available_moz");
			if (!json_is_integer(a))
				continue;
			v = json_integer_value(a);
			if (v < 0)
				v = 0;
			if (rq->registry_moz[k] == -1 ||
			    v < rq->registry_moz[k])
				rq->registry_moz[k] = v;
		}
	}
	if (active) {
		rq->registry = SALE_REGISTRY_OK;
		return;
	}
	/* Another state's card is not in this state's registry. */
	rq->registry = instate ? SALE_REGISTRY_NOTFOUND : SALE_REGISTRY_OFF;
	strlcpy(rq->registry_why, "the state's patient registry has no active "
	    "registration for this patient's card", sizeof rq->registry_why);
}

/*
 * The state's remaining allotment as the allotment of the medical pools
 * it measures: a pool whose every term counts flower (concentrate, THC)
 * weight at the pool's own cap takes the state's flower (concentrate,
 * THC) ounces, 28.349523125 g each, rounded down. Infused ounces match no
 * measure of ours and are left out; so is a pool with no state figure.
 * What we sold the subject since the state answered (at most a minute
 * ago; req's history) is not in its figure yet and comes off it.
 */
void
customer_limits_registry(const struct rules *r, const int64_t *moz,
    int64_t since, struct limits_request *req)
{
	const struct rules_pool	*p;
	const struct rules_term	*t;
	const struct limits_line *l;
	enum limits_measure	 m;
	int64_t			 v, sold;
	uint32_t		 cat;
	u_int			 i, j, h;
	int			 k;

	for (i = 0; i < r->npools; i++) {
		p = &r->pools[i];
		if ((p->who & (LC_MEDICAL | LC_CAREGIVER)) == 0 ||
		    p->kind != LK_MASS || p->nterms == 0)
			continue;
		m = p->terms[0].measure;
		for (j = 0; j < p->nterms; j++) {
			if (p->terms[j].measure != m ||
			    p->terms[j].cap != p->cap)
				break;
		}
		if (j != p->nterms)
			continue;
		if (m == LM_FLOWER)
			k = 0;
		else if (m == LM_THC)
			k = 1;
		else if (m == LM_CONC)
			k = 2;
		else
			continue;
		if (moz[k] < 0 || req->nallotment == RULES_POOLS_MAX)
			continue;
		/* 1/1000 oz = 28349.523125 ug = 226796185/8000 ug. */
		v = moz[k] > INT64_C(40000000000) ? INT64_C(40000000000) :
		    moz[k];
		v = v * 226796185 / 8000;
		/* By category alone (not route): the stricter reading. */
		sold = 0;
		for (h = 0; h < req->nhistory; h++) {
			l = &req->history[h];
			cat = 1U << l->category;
			for (j = 0; j < p->nterms; j++) {
				t = &p->terms[j];
				if ((t->cat_yes == 0 || (t->cat_yes & cat)) &&
				    (t->cat_no & cat) == 0)
					break;
			}
			if (l->at < since || j == p->nterms || l->qty <= 0 ||
			    l->m[m] <= 0 || l->m[m] > INT64_MAX / l->qty)
				continue;
			sold += l->m[m] * l->qty;
			if (sold >= v)
				break;
		}
		req->allotment[req->nallotment].pool = (int)i;
		req->allotment[req->nallotment].value = sold >= v ? 0 :
		    v - sold;
		req->nallotment++;
	}
}

/*
 * The profile holding an ID document's number, if any: 0 with cu filled,
 * or STORE_NOTFOUND. One profile per ID document is the rule this serves.
 */
int
customer_find_id_number(struct store_txn *t, const char *number,
    struct customer *cu)
{
	struct store_iter	 it;
	struct store_key	 k;
	char			 norm[40];
	int			 found;

	store_customer_norm('I', number, norm, sizeof norm);
	store_key_init(&k);
	k.data[0] = 'I';
	memcpy(k.data + 1, norm, strlen(norm) + 1);
	k.len = 1 + strlen(norm) + 1;
	store_iter_init(t, &it, DB_CUSTOMER_INDEX, k.data, k.len, 0);
	found = store_iter_next(&it) && it.klen == k.len + 4 &&
	    store_customer_get(t, store_key_get_u32(it.key + k.len), cu) == 0;
	store_iter_done(&it);
	return (found ? 0 : STORE_NOTFOUND);
}

/*
 * A customer's purchases, newest first: cb is called for each of at most
 * max sales. Returns how many were given, or -1 on a store error.
 */
int
customer_history(struct store_txn *t, uint32_t id, u_int max,
    void (*cb)(const struct sale *, void *), void *arg)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct sale		*s;
	u_int			 n = 0;

	s = xmalloc(sizeof *s);
	store_key_init(&k);
	store_key_u32(&k, id);
	store_iter_init(t, &it, DB_SALE_CUSTOMER, k.data, k.len, 1);
	while (n < max && store_iter_next(&it)) {
		if (it.klen != 12 || store_sale_get(t,
		    store_key_get_u64(it.key + 4), s) != 0)
			continue;
		cb(s, arg);
		n++;
	}
	free(s);
	return (store_iter_count(&it, n));
}

/*
 * Search by name ("last first" prefix), phone, ID or card number: cb is
 * called once for each of at most max customers found. Returns how many,
 * or -1 on a store error.
 */
int
customer_search(struct store_txn *t, const char *q, u_int max,
    void (*cb)(const struct customer *, void *), void *arg)
{
	static const char	 kinds[] = "NPIC";
	struct store_iter	 it;
	struct store_key	 k;
	struct customer		 cu;
	char			 norm[96];
	uint32_t		*seen;
	u_int			 i, j, n = 0;

	if (max == 0)
		return (0);
	seen = xcalloc(max, sizeof *seen);
	for (i = 0; kinds[i] != '\0'; i++) {
		store_customer_norm(kinds[i], q, norm, sizeof norm);
		if (norm[0] == '\0')
			continue;
		store_key_init(&k);
		k.data[0] = (u_char)kinds[i];
		memcpy(k.data + 1, norm, strlen(norm));
		k.len = 1 + strlen(norm);
		store_iter_init(t, &it, DB_CUSTOMER_INDEX, k.data, k.len, 0);
		while (n < max && store_iter_next(&it)) {
			if (it.klen < k.len + 5)
				continue;
			if (store_customer_get(t,
			    store_key_get_u32(it.key + it.klen - 4), &cu) != 0)
				continue;
			for (j = 0; j < n; j++) {
				if (seen[j] == cu.id)
					break;
			}
			if (j != n)
				continue;
			seen[n++] = cu.id;
			cb(&cu, arg);
		}
		store_iter_done(&it);
	}
	free(seen);
	return (t->ret != 0 ? -1 : (int)n);
}
