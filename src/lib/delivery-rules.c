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
#include <time.h>

#include "rules.h"

/*
 * The delivery checker (contrib/rules/README.md, "Delivery"): a planned
 * trip against the delivery rules of a jurisdiction's rule file, as they
 * stand on the store-local date the trip leaves. Pure: no store, no
 * clock; the caller gives the time and the trip. Every broken rule is
 * returned, not only the first, each with its limit, the trip's figure and
 * the citation, so a dispatcher sees all there is to fix at once.
 *
 * The value on board is summed from the items each time, at the retail
 * price the items carry: after a stop (delivery_rules_stop) or a restock
 * (delivery_rules_restock, delivery_rules_unload) the next check sees the
 * load as it now is. Goods of an order handed over leave the load; goods
 * of an order that failed at the door stay on board and count as
 * unordered from then on (no customer is waiting for them: the stricter
 * reading).
 */

static int printflike(2, 3)
delivery_rules_bad(char **cause, const char *fmt, ...)
{
	va_list	ap;

	if (cause != NULL) {
		va_start(ap, fmt);
		xvasprintf(cause, fmt, ap);
		va_end(ap);
	}
	return (-1);
}

/* The sum of qty * x over the items matching, saturating. */
static int64_t
delivery_rules_sum(__int128 v)
{
	if (v > INT64_MAX)
		return (INT64_MAX);
	return ((int64_t)v);
}

void
delivery_rules_load(const struct delivery_trip *t, struct delivery_load *l)
{
	const struct delivery_item	*it;
	__int128			 total = 0, unordered = 0, weight = 0;
	u_int				 i;
	int				 status;

	memset(l, 0, sizeof *l);
	for (i = 0; i < t->nitems; i++) {
		it = &t->items[i];
		if (it->qty <= 0)
			continue;
		status = DELIVERY_PENDING;
		if (it->order >= 0 && (u_int)it->order < t->norders)
			status = t->orders[it->order].status;
		if (status == DELIVERY_DELIVERED)
			continue;
		total += (__int128)it->qty * it->price;
		weight += (__int128)it->qty * it->weight;
		if (it->order < 0 || status == DELIVERY_FAILED)
			unordered += (__int128)it->qty * it->price;
	}
	for (i = 0; i < t->norders; i++) {
		if (t->orders[i].status == DELIVERY_PENDING)
			l->stops++;
	}
	l->total = delivery_rules_sum(total);
	l->unordered = delivery_rules_sum(unordered);
	l->weight = delivery_rules_sum(weight);
}

/* A figure for a person: 10000.00, 425.242 g, 3, 20:00, 21 years. */
static void
delivery_rules_fmt(enum delivery_unit u, int64_t v, char *out, size_t len)
{
	switch (u) {
	case DU_CENTS:
		out[0] = '$';
		money_fmt(v, out + 1, len - 1);
		break;
	case DU_MG:
		weight_fmt(v, out, len);
		break;
	case DU_MINUTES:
		xsnprintf(out, len, "%02d:%02d", (int)(v / 60),
		    (int)(v % 60));
		break;
	case DU_YEARS:
		xsnprintf(out, len, "%lld years", (long long)v);
		break;
	case DU_COUNT:
	case DU_NONE:
		xsnprintf(out, len, "%lld", (long long)v);
		break;
	}
}

static void printflike(7, 8)
delivery_rules_add(struct delivery_result *res, const char *rule,
    const struct rules_drule *d, int order, enum delivery_unit u,
    int64_t limit_actual[2], const char *fmt, ...)
{
	struct delivery_violation	*v;
	va_list				 ap;
	char				*msg;

	res->v = xreallocarray(res->v, res->nv + 1, sizeof *res->v);
	v = &res->v[res->nv++];
	memset(v, 0, sizeof *v);
	v->rule = rule;
	v->order = order;
	v->unit = u;
	if (limit_actual != NULL) {
		v->limit = limit_actual[0];
		v->actual = limit_actual[1];
	}
	if (d != NULL) {
		v->cite = d->cite;
		v->line = d->line;
	}
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (order >= 0)
		xasprintf(&v->message, "order %d: %s", order + 1, msg);
	else
		v->message = msg, msg = NULL;
	free(msg);
	res->allow = 0;
}

/* A cap on the whole load: over when actual > limit (caps are inclusive). */
static void
delivery_rules_cap(struct delivery_result *res, const struct rules_drule *d,
    enum delivery_unit u, const char *what, int64_t actual)
{
	int64_t	la[2];
	char	a[32], b[32];

	if (actual <= d->value)
		return;
	la[0] = d->value;
	la[1] = actual;
	delivery_rules_fmt(u, actual, a, sizeof a);
	delivery_rules_fmt(u, d->value, b, sizeof b);
	delivery_rules_add(res, rules_dkind_name(d->kind), d, -1, u, la,
	    "%s %s, over the limit of %s", what, a, b);
}

/* The local date (YYYYMMDD) and minute of a UTC time, in the zone set. */
static void
delivery_rules_local(int64_t at, int *day, int *minute)
{
	time_t		secs = (time_t)(at / 1000000);
	struct tm	tm;

	if (at < 0 && at % 1000000 != 0)
		secs--;
	localtime_r(&secs, &tm);
	*day = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday;
	*minute = tm.tm_hour * 60 + tm.tm_min;
}

static int
delivery_rules_valid(const struct delivery_trip *t, char **cause)
{
	const struct delivery_order	*o;
	const struct delivery_item	*it;
	u_int				 i;

	if (t->norders > DELIVERY_ORDERS_MAX || t->nitems > DELIVERY_ITEMS_MAX)
		return (delivery_rules_bad(cause, "a trip holds at most %d "
		    "orders and %d items", DELIVERY_ORDERS_MAX,
		    DELIVERY_ITEMS_MAX));
	if (t->at <= 0)
		return (delivery_rules_bad(cause, "the trip has no time"));
	if (t->crew < 0 || t->crew_min_age < 0)
		return (delivery_rules_bad(cause, "a negative crew or age"));
	for (i = 0; i < t->norders; i++) {
		o = &t->orders[i];
		if (o->dest < 0 || o->dest >= RULES_DEST_COUNT)
			return (delivery_rules_bad(cause, "order %u: no such "
			    "destination kind", i + 1));
		if (o->type != LC_ADULT && o->type != LC_MEDICAL &&
		    o->type != LC_CAREGIVER)
			return (delivery_rules_bad(cause, "order %u: no such "
			    "customer type", i + 1));
		if (o->status < DELIVERY_PENDING ||
		    o->status > DELIVERY_FAILED)
			return (delivery_rules_bad(cause, "order %u: no such "
			    "status", i + 1));
		if (o->prior_today < 0 || o->placed < 0 || o->eta < 0)
			return (delivery_rules_bad(cause, "order %u: a "
			    "negative count or time", i + 1));
	}
	for (i = 0; i < t->nitems; i++) {
		it = &t->items[i];
		if (it->order < -1 || (it->order >= 0 &&
		    (u_int)it->order >= t->norders))
			return (delivery_rules_bad(cause, "item %u: no order "
			    "%d on the trip", i + 1, it->order + 1));
		if (it->qty < 0 || it->price < 0 || it->weight < 0 ||
		    it->price > DELIVERY_FIGURE_MAX || it->qty > DELIVERY_FIGURE_MAX ||
		    it->weight > DELIVERY_FIGURE_MAX)
			return (delivery_rules_bad(cause, "item %u: a negative "
			    "or impossible quantity, price or weight", i + 1));
	}
	return (0);
}

/* Does a rule about orders concern order o (its who)? */
static int
delivery_rules_for(const struct rules_drule *d, const struct delivery_order *o)
{
	return (d->who == 0 || (d->who & (uint32_t)o->type) != 0);
}

/* Is any pending order of the trip one the rule's who names? */
static int
delivery_rules_any(const struct rules_drule *d, const struct delivery_trip *t)
{
	u_int	i;

	if (d->who == 0)
		return (1);
	for (i = 0; i < t->norders; i++) {
		if (t->orders[i].status == DELIVERY_PENDING &&
		    delivery_rules_for(d, &t->orders[i]))
			return (1);
	}
	return (0);
}

static void
delivery_rules_hours(struct delivery_result *res, const struct rules_drule *d,
    int order, const char *what, int minute)
{
	int64_t	la[2];
	char	a[8], b[8], c[8];

	if (minute >= d->value && minute < d->value2)
		return;
	la[0] = minute < d->value ? d->value : d->value2;
	la[1] = minute;
	delivery_rules_fmt(DU_MINUTES, minute, a, sizeof a);
	delivery_rules_fmt(DU_MINUTES, d->value, b, sizeof b);
	delivery_rules_fmt(DU_MINUTES, d->value2, c, sizeof c);
	delivery_rules_add(res, "hours", d, order, DU_MINUTES, la,
	    "%s at %s, outside the delivery hours %s-%s", what, a, b, c);
}

/* The rules about each pending order. */
static void
delivery_rules_orders(const struct rules *r, const struct delivery_trip *t,
    const struct rules_drule *d, struct delivery_result *res)
{
	const struct delivery_order	*o;
	int64_t				 la[2];
	uint32_t			 to;
	u_int				 i, j;
	int				 day, min, pday, pmin, hasto;
	char				 a[8], b[8];

	for (i = 0; i < t->norders; i++) {
		o = &t->orders[i];
		if (o->status != DELIVERY_PENDING || !delivery_rules_for(d, o))
			continue;
		switch (d->kind) {
		case RD_HOURS:
			if (o->eta == 0)
				break;
			delivery_rules_local(o->eta, &day, &min);
			delivery_rules_hours(res, d, (int)i,
			    "the hand-over is expected", min);
			break;
		case RD_CUTOFF:
			if (o->placed == 0) {
				delivery_rules_add(res, "cutoff", d, (int)i,
				    DU_NONE, NULL, "the time the order was "
				    "placed is not known, and orders have a "
				    "cut-off");
				break;
			}
			delivery_rules_local(o->eta != 0 ? o->eta : t->at,
			    &day, &min);
			delivery_rules_local(o->placed, &pday, &pmin);
			if (pday != day || pmin < d->value)
				break;
			la[0] = d->value;
			la[1] = pmin;
			delivery_rules_fmt(DU_MINUTES, pmin, a, sizeof a);
			delivery_rules_fmt(DU_MINUTES, d->value, b, sizeof b);
			delivery_rules_add(res, "cutoff", d, (int)i,
			    DU_MINUTES, la, "placed at %s, not before the "
			    "%s cut-off, and delivered the same day", a, b);
			break;
		case RD_TO:
			/*
			 * Every to line for this order, together, once: at
			 * the first that applies to it.
			 */
			to = 0;
			hasto = 0;
			for (j = 0; j < r->ndrules; j++) {
				if (r->drules[j].kind != RD_TO ||
				    !rules_drule_applies(r, &r->drules[j],
				    res->day, t->options) ||
				    !delivery_rules_for(&r->drules[j], o))
					continue;
				if (!hasto && &r->drules[j] != d)
					break;	/* an earlier line did it */
				to |= r->drules[j].bits;
				hasto = 1;
			}
			if (!hasto || (to & (1U << o->dest)) != 0)
				break;
			delivery_rules_add(res, "to", d, (int)i, DU_NONE,
			    NULL, "a %s is not a destination delivery may go "
			    "to", rules_dest_name(o->dest));
			break;
		case RD_NOT_TO:
			if ((d->bits & (1U << o->dest)) == 0)
				break;
			delivery_rules_add(res, "not-to", d, (int)i, DU_NONE,
			    NULL, "delivery may not go to a %s",
			    rules_dest_name(o->dest));
			break;
		case RD_PREPAID:
			if (!o->prepaid)
				delivery_rules_add(res, "prepaid", d, (int)i,
				    DU_NONE, NULL, "not paid before the trip");
			break;
		case RD_PREVERIFIED:
			if (!o->verified)
				delivery_rules_add(res, "preverified", d,
				    (int)i, DU_NONE, NULL, "the customer's ID "
				    "was not verified before the trip");
			break;
		case RD_PER_DAY:
			if ((int64_t)o->prior_today + 1 <= d->value)
				break;
			la[0] = d->value;
			la[1] = (int64_t)o->prior_today + 1;
			delivery_rules_add(res, "per-day", d, (int)i,
			    DU_COUNT, la, "would be delivery %lld that day to "
			    "this customer or address, over %lld",
			    (long long)la[1], (long long)d->value);
			break;
		default:
			break;
		}
	}
}

/*
 * Check trip t against r's delivery rules at t->at. Returns -1 and *cause
 * for a trip that makes no sense (a bad index, a negative price); else 0,
 * with res->allow and every broken rule in res (free it with
 * delivery_rules_result_free).
 */
int
delivery_rules_check(const struct rules *r, const struct delivery_trip *t,
    struct delivery_result *res, char **cause)
{
	const struct rules_drule	*d;
	struct util_tz			 z;
	int64_t				 la[2];
	uint32_t			 missing;
	u_int				 i;
	int				 dynamic = 0, f;
	char				 buf[512];
	size_t				 off;

	memset(res, 0, sizeof *res);
	res->allow = 1;
	if (cause != NULL)
		*cause = NULL;
	if (delivery_rules_valid(t, cause) != 0)
		return (-1);
	delivery_rules_load(t, &res->load);

	util_tz_enter(&z, r->zone);
	delivery_rules_local(t->at, &res->day, &res->minute);

	if (r->delivery == RULES_DELIVERY_FORBIDDEN) {
		delivery_rules_add(res, "forbidden", NULL, -1, DU_NONE, NULL,
		    "%s does not allow delivery", r->name);
		res->v[res->nv - 1].cite = r->delivery_cite;
		res->v[res->nv - 1].line = r->delivery_line;
		goto out;
	}
	if (r->delivery != RULES_DELIVERY_ALLOWED) {
		delivery_rules_add(res, "unknown", NULL, -1, DU_NONE, NULL,
		    "no delivery rules for %s in %s: counsel adds them "
		    "(contrib/rules/README.md, \"Delivery\") before a trip "
		    "can leave", r->name, r->path);
		res->v[res->nv - 1].cite = r->delivery_cite;
		res->v[res->nv - 1].line = r->delivery_line;
		goto out;
	}

	for (i = 0; i < r->ndrules; i++) {
		d = &r->drules[i];
		if (!rules_drule_applies(r, d, res->day, t->options))
			continue;
		switch (d->kind) {
		case RD_CAP_TOTAL:
			delivery_rules_cap(res, d, DU_CENTS,
			    "the goods on board are worth", res->load.total);
			break;
		case RD_CAP_UNORDERED:
			delivery_rules_cap(res, d, DU_CENTS,
			    "the goods on board no pending order holds are "
			    "worth", res->load.unordered);
			break;
		case RD_CAP_WEIGHT:
			delivery_rules_cap(res, d, DU_MG,
			    "the goods on board weigh", res->load.weight);
			break;
		case RD_STOPS:
			delivery_rules_cap(res, d, DU_COUNT,
			    "the orders still to hand over number",
			    (int64_t)res->load.stops);
			break;
		case RD_CREW:
			if (t->crew >= d->value)
				break;
			la[0] = d->value;
			la[1] = t->crew;
			delivery_rules_add(res, "crew", d, -1, DU_COUNT, la,
			    "%d in the vehicle; at least %lld are needed",
			    t->crew, (long long)d->value);
			break;
		case RD_DRIVER_AGE:
			if (t->crew_min_age >= d->value)
				break;
			la[0] = d->value;
			la[1] = t->crew_min_age;
			delivery_rules_add(res, "driver-age", d, -1, DU_YEARS,
			    la, "the youngest in the vehicle is %d; the "
			    "crew must be %lld or over", t->crew_min_age,
			    (long long)d->value);
			break;
		case RD_LEDGER:
			if (!t->ledger)
				delivery_rules_add(res, "ledger", d, -1,
				    DU_NONE, NULL, "no ledger or manifest in "
				    "the state system before departure");
			break;
		case RD_MANIFEST:
			if ((missing = d->bits & ~t->manifest) == 0)
				break;
			off = 0;
			buf[0] = '\0';
			for (f = 0; f < RULES_MF_COUNT; f++) {
				if ((missing & (1U << f)) == 0)
					continue;
				off += (size_t)snprintf(buf + off,
				    off < sizeof buf ? sizeof buf - off : 0,
				    "%s%s", off == 0 ? "" : ", ",
				    rules_mfield_name(f));
				if (off >= sizeof buf)
					off = sizeof buf - 1;
			}
			la[0] = d->bits;
			la[1] = t->manifest & d->bits;
			delivery_rules_add(res, "manifest", d, -1, DU_NONE,
			    la, "the manifest lacks %s", buf);
			break;
		case RD_DYNAMIC:
			dynamic = (int)d->value;
			break;
		case RD_GPS:
			if (!t->gps)
				delivery_rules_add(res, "gps", d, -1, DU_NONE,
				    NULL, "no GPS device records the trip");
			break;
		case RD_CAMERA:
			if (!t->camera)
				delivery_rules_add(res, "camera", d, -1,
				    DU_NONE, NULL, "no camera in the vehicle");
			break;
		case RD_BODYCAM:
			if (!t->bodycam && delivery_rules_any(d, t))
				delivery_rules_add(res, "bodycam", d, -1,
				    DU_NONE, NULL, "the crew wears no body "
				    "cameras");
			break;
		case RD_HOURS:
			if (delivery_rules_any(d, t))
				delivery_rules_hours(res, d, -1,
				    "the trip leaves", res->minute);
			delivery_rules_orders(r, t, d, res);
			break;
		case RD_CUTOFF:
		case RD_TO:
		case RD_NOT_TO:
		case RD_PREPAID:
		case RD_PREVERIFIED:
		case RD_PER_DAY:
			delivery_rules_orders(r, t, d, res);
			break;
		case RD_GPS_KEEP:
		case RD_CAMERA_KEEP:
		case RD_RECORD:
		case RD_REFUSAL:
		case RD_FEE_TAXED:
		case RD_METRC:
			break;	/* not about leaving */
		}
	}
	if (!dynamic && res->load.unordered > 0) {
		d = NULL;
		for (i = 0; i < r->ndrules; i++) {
			if (r->drules[i].kind == RD_DYNAMIC &&
			    rules_drule_applies(r, &r->drules[i], res->day,
			    t->options))
				d = &r->drules[i];
		}
		la[0] = 0;
		la[1] = res->load.unordered;
		delivery_rules_fmt(DU_CENTS, la[1], buf, sizeof buf);
		delivery_rules_add(res, "dynamic", d, -1, DU_CENTS, la,
		    "%s of goods on board no pending order holds; %s does "
		    "not allow floating stock", buf, r->name);
		if (d == NULL) {
			res->v[res->nv - 1].cite = r->delivery_cite;
			res->v[res->nv - 1].line = r->delivery_line;
		}
	}
out:
	util_tz_leave(&z);
	return (0);
}

void
delivery_rules_result_free(struct delivery_result *res)
{
	u_int	i;

	for (i = 0; i < res->nv; i++)
		free(res->v[i].message);
	free(res->v);
	res->v = NULL;
	res->nv = 0;
}

/*
 * A stop: order (index) handed over (DELIVERY_DELIVERED: its goods leave
 * the vehicle) or not (DELIVERY_FAILED: they stay on board, unordered).
 */
int
delivery_rules_stop(struct delivery_trip *t, u_int order, int outcome,
    char **cause)
{
	if (order >= t->norders)
		return (delivery_rules_bad(cause, "no order %u on the trip",
		    order + 1));
	if (outcome != DELIVERY_DELIVERED && outcome != DELIVERY_FAILED)
		return (delivery_rules_bad(cause, "a stop is delivered or "
		    "failed"));
	if (t->orders[order].status != DELIVERY_PENDING)
		return (delivery_rules_bad(cause, "order %u is already %s",
		    order + 1, t->orders[order].status == DELIVERY_DELIVERED ?
		    "delivered" : "failed"));
	t->orders[order].status = outcome;
	return (0);
}

/*
 * A restock: new orders and new items join the trip (an item's order is
 * an index into the orders after the new ones are appended, or -1 for
 * floating stock). Nothing changes on an error. Check the trip again
 * (with t->at the restock's time) before it leaves.
 */
int
delivery_rules_restock(struct delivery_trip *t,
    const struct delivery_order *orders, u_int norders,
    const struct delivery_item *items, u_int nitems, char **cause)
{
	u_int	i, no = t->norders + norders;

	if (norders > DELIVERY_ORDERS_MAX - t->norders ||
	    nitems > DELIVERY_ITEMS_MAX - t->nitems)
		return (delivery_rules_bad(cause, "a trip holds at most %d "
		    "orders and %d items", DELIVERY_ORDERS_MAX,
		    DELIVERY_ITEMS_MAX));
	for (i = 0; i < nitems; i++) {
		if (items[i].order < -1 || (items[i].order >= 0 &&
		    (u_int)items[i].order >= no))
			return (delivery_rules_bad(cause, "restocked item %u: "
			    "no order %d on the trip", i + 1,
			    items[i].order + 1));
		if (items[i].qty < 0 || items[i].price < 0 ||
		    items[i].weight < 0)
			return (delivery_rules_bad(cause, "restocked item %u: "
			    "a negative quantity, price or weight", i + 1));
	}
	if (norders != 0) {
		t->orders = xreallocarray(t->orders, no, sizeof *t->orders);
		memcpy(t->orders + t->norders, orders,
		    norders * sizeof *orders);
		t->norders = no;
	}
	if (nitems != 0) {
		t->items = xreallocarray(t->items, t->nitems + nitems,
		    sizeof *t->items);
		memcpy(t->items + t->nitems, items, nitems * sizeof *items);
		t->nitems += nitems;
	}
	return (0);
}

/* Take qty of item (index) off the vehicle, back to the store. */
int
delivery_rules_unload(struct delivery_trip *t, u_int item, int64_t qty,
    char **cause)
{
	if (item >= t->nitems)
		return (delivery_rules_bad(cause, "no item %u on the trip",
		    item + 1));
	if (qty <= 0 || qty > t->items[item].qty)
		return (delivery_rules_bad(cause, "item %u: %lld on board, "
		    "cannot take off %lld", item + 1,
		    (long long)t->items[item].qty, (long long)qty));
	t->items[item].qty -= qty;
	return (0);
}
