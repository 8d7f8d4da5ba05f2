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

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "store.h"
#include "rules.h"
#include "customer.h"
#include "inventory.h"
#include "sale.h"
#include "order.h"
#include "notify.h"
#include "trip.h"
#include "queue.h"

/*
 * Orders: a customer's request for delivery or pickup that reserves
 * stock by product the moment it is placed. Available stock is what the
 * register may still sell: a product's sellable stock on hand (active
 * packages on the floor or at the express window, not held) less what
 * the open orders have reserved of it. An order is taken only if every
 * line fits what is available, and a sale only if it leaves the
 * product's sellable stock at or above its reservations (sale.c), so
 * between them stock is never promised twice.
 */

const char *
order_err_code(enum order_err e)
{
	switch (e) {
	case ORDER_OK:
		return ("ok");
	case ORDER_E_INVALID:
		return ("bad-request");
	case ORDER_E_NOTFOUND:
		return ("not-found");
	case ORDER_E_STOCK:
		return ("insufficient-stock");
	case ORDER_E_ELIGIBLE:
		return ("eligibility");
	case ORDER_E_LIMIT:
		return ("limit");
	case ORDER_E_ZONE:
		return ("zone");
	case ORDER_E_CONFLICT:
		return ("conflict");
	case ORDER_E_RULE:
		return ("delivery-rule");
	case ORDER_E_STORE:
		break;
	}
	return ("internal");
}

enum order_err
order_store_err(struct store_txn *t, char **cause)
{
	xasprintf(cause, "the ledger failed: %s", t->err[0] != '\0' ?
	    t->err : store_strerror(t->ret));
	return (ORDER_E_STORE);
}

/* The order ID names, or ORDER_E_NOTFOUND with "no order ID". */
enum order_err
order_get(struct store_txn *t, uint64_t id, struct order *o, char **cause)
{
	int	r;

	if ((r = store_order_get(t, id, o)) == STORE_NOTFOUND) {
		xasprintf(cause, "no order %llu", (unsigned long long)id);
		return (ORDER_E_NOTFOUND);
	}
	if (r != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* Open orders hold their stock and count against the customer's limits. */
int
order_status_open(int status)
{
	return (status >= ORDER_NEW && status <= ORDER_OUT);
}

/* --- the arithmetic of reservations (tests/unit/test-order.c) --- */

/* What the register may still sell of a product: never below zero. */
int64_t
order_available(int64_t sellable, int64_t reserved)
{
	if (sellable <= reserved)
		return (0);
	return (sellable - reserved);
}

/*
 * What may be sold from one package: its own stock, but no more than the
 * product has available (the reservation is by product, so it is
 * covered by whichever packages are left).
 */
int64_t
order_package_available(int64_t qty, int64_t sellable, int64_t reserved)
{
	int64_t	a = order_available(sellable, reserved);

	if (qty <= 0)
		return (0);
	return (qty < a ? qty : a);
}

/* A product's sellable stock on hand and its reservations. 0 or -1. */
int
order_stock(struct store_txn *t, uint32_t product, int64_t *sellable,
    int64_t *reserved)
{
	struct product	p;

	*sellable = *reserved = 0;
	if (store_product_get(t, product, &p) != 0)
		return (t->ret != 0 ? -1 : 0);
	if (inventory_pick(t, &p, NULL, sellable) < 0)
		return (-1);
	*reserved = store_reserve_get(t, product);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * What the register may sell from this package (as stored) now. 0 or -1.
 * With nothing of its product reserved, the product's sellable stock
 * holds this package's own, so that alone is the bound and the other
 * packages are not summed: a stock event after every sale asks this.
 */
int
order_available_package(struct store_txn *t, const struct package *pk,
    int64_t *avail)
{
	struct product	 p;
	int64_t		 own, sellable, reserved;
	char		*cause = NULL;

	*avail = 0;
	if (store_product_get(t, pk->product, &p) != 0)
		return (t->ret != 0 ? -1 : 0);
	if (inventory_sellable(t, pk, &p, &cause) != 0) {
		free(cause);
		return (t->ret != 0 ? -1 : 0);
	}
	/* What orders packed of this package is theirs already. */
	own = pk->qty - store_pick_sum(t, pk->tag, 0);
	reserved = store_reserve_get(t, pk->product);
	if (t->ret != 0)
		return (-1);
	if (reserved <= 0) {
		*avail = own > 0 ? own : 0;
		return (0);
	}
	if (inventory_pick(t, &p, NULL, &sellable) < 0)
		return (-1);
	*avail = order_package_available(own, sellable, reserved);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * A product's packages with what is available of each (for the stock
 * events a reservation changes): at most max of them. 0 or -1.
 */
int
order_product_packages(struct store_txn *t, uint32_t product, u_int max,
    void (*cb)(const struct package *, int64_t, void *), void *arg)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct package		*pks;
	char			 tag[TAG_LEN + 1];
	int64_t			 avail;
	u_int			 n = 0, i;

	pks = xcalloc(max, sizeof *pks);
	store_key_init(&k);
	store_key_u32(&k, product);
	store_iter_init(t, &it, DB_PACKAGE_PRODUCT, k.data, k.len, 0);
	while (n < max && store_iter_next(&it)) {
		if (it.klen != 4 + TAG_LEN)
			continue;
		memcpy(tag, it.key + 4, TAG_LEN);
		tag[TAG_LEN] = '\0';
		if (store_package_get(t, tag, &pks[n]) == 0 && pks[n].qty > 0)
			n++;
	}
	store_iter_done(&it);
	for (i = 0; i < n && t->ret == 0; i++) {
		if (order_available_package(t, &pks[i], &avail) != 0)
			break;
		cb(&pks[i], avail, arg);
	}
	free(pks);
	return (t->ret != 0 ? -1 : 0);
}

static void
order_qty_str(int unit_weight, int64_t qty, char *out, size_t len)
{
	if (unit_weight)
		weight_fmt(qty, out, len);
	else
		snprintf(out, len, "%lld", (long long)qty);
}

/* --- the store's delivery zones --- */

/* "LAT,LON" in micro-degrees. */
static int
order_latlon_parse(const char *s, int64_t *lat, int64_t *lon)
{
	const char	*errstr;
	char		 buf[64], *comma;

	if (strlcpy(buf, s, sizeof buf) >= sizeof buf ||
	    (comma = strchr(buf, ',')) == NULL)
		return (-1);
	*comma++ = '\0';
	*lat = util_strtonum(buf, -90000000, 90000000, &errstr);
	if (errstr != NULL)
		return (-1);
	*lon = util_strtonum(comma, -180000000, 180000000, &errstr);
	if (errstr != NULL)
		return (-1);
	return (0);
}

/*
 * The store-location and delivery-zones settings (stash.conf(5)): the
 * store at "LAT,LON" in micro-degrees, and zones "RADIUS:FEE,..." in
 * metres and cents, radii rising. Both empty: no delivery. 0, or -1 with
 * *cause naming the setting.
 */
int
order_zones_parse(const char *location, const char *zones,
    struct order_conf *c, char **cause)
{
	const char	*errstr;
	char		*copy, *p, *item, *colon;
	int64_t		 radius, fee;

	c->located = 0;
	c->nzones = 0;
	if (*location != '\0') {
		if (order_latlon_parse(location, &c->lat, &c->lon) != 0) {
			xasprintf(cause, "store-location \"%s\": give the "
			    "store's latitude and longitude in micro-degrees, "
			    "LAT,LON (e.g. 39739200,-104990300)", location);
			return (-1);
		}
		c->located = 1;
	}
	if (*zones == '\0')
		return (0);
	if (!c->located) {
		xasprintf(cause, "delivery-zones needs store-location: zones "
		    "are distances from the store");
		return (-1);
	}
	copy = p = xstrdup(zones);
	while ((item = strsep(&p, ",")) != NULL) {
		if ((colon = strchr(item, ':')) == NULL)
			goto bad;
		*colon++ = '\0';
		radius = util_strtonum(item, 1, 1000000, &errstr);
		if (errstr != NULL)
			goto bad;
		fee = util_strtonum(colon, 0, 10000000, &errstr);
		if (errstr != NULL)
			goto bad;
		if (c->nzones == ORDER_ZONES) {
			xasprintf(cause, "delivery-zones: at most %d zones",
			    ORDER_ZONES);
			free(copy);
			return (-1);
		}
		if (c->nzones > 0 && radius <= c->zones[c->nzones - 1].radius) {
			xasprintf(cause, "delivery-zones: the radii must rise "
			    "(%lld after %lld)", (long long)radius,
			    (long long)c->zones[c->nzones - 1].radius);
			free(copy);
			return (-1);
		}
		c->zones[c->nzones].radius = radius;
		c->zones[c->nzones].fee = fee;
		c->nzones++;
	}
	free(copy);
	return (0);

bad:
	xasprintf(cause, "delivery-zones \"%s\": give RADIUS:FEE pairs, "
	    "metres (1 to 1000000) and cents, e.g. 5000:500,12000:900",
	    zones);
	free(copy);
	return (-1);
}

/*
 * A delivery setting that a rule file line may decide (stash.conf(5)):
 * delivery-fee-taxed (no or yes, the rule file's "delivery fee-taxed")
 * and metrc-delivery (planned or retailer, its "delivery metrc"). Empty:
 * the rule file's word on day (YYYYMMDD, store-local), else the first.
 * 0 with 0 or 1 in *v, or -1 with *cause naming the setting's words.
 */
int
order_setting(const char *name, const char *setting, const struct rules *r,
    int day, int *v, char **cause)
{
	const char	*w0, *w1;
	enum rules_dkind kind;

	if (strcmp(name, ORDER_FEE_TAXED) == 0) {
		w0 = "no";
		w1 = "yes";
		kind = RD_FEE_TAXED;
	} else {
		w0 = "planned";
		w1 = "retailer";
		kind = RD_METRC;
	}
	if (setting == NULL || *setting == '\0')
		*v = rules_delivery_value(r, kind, day, 0) != 0;
	else if (strcmp(setting, w0) == 0)
		*v = 0;
	else if (strcmp(setting, w1) == 0)
		*v = 1;
	else {
		xasprintf(cause, "%s \"%s\": give %s or %s, or leave it "
		    "empty for the rule file's word", name, setting, w0, w1);
		return (-1);
	}
	return (0);
}

/* cos(x) for |x| <= pi/2 by its series: no libm, error below 1e-9. */
static double
order_cos(double x)
{
	double	x2 = x * x, term = 1, sum = 1;
	int	i;

	for (i = 1; i <= 9; i++) {
		term *= -x2 / ((2 * i - 1) * (2 * i));
		sum += term;
	}
	return (sum);
}

static double
order_sqrt(double v)
{
	double	x = v > 1 ? v : 1;
	int	i;

	if (v <= 0)
		return (0);
	for (i = 0; i < 64; i++)
		x = (x + v / x) / 2;
	return (x);
}

/*
 * Metres between two points (micro-degrees), on the equirectangular
 * projection at their mean latitude: within a fraction of a per cent of
 * the great-circle distance over the tens of kilometres of a delivery
 * zone. Rounded to the metre.
 */
int64_t
order_distance(int64_t lat1, int64_t lon1, int64_t lat2, int64_t lon2)
{
	const double	rad = 3.14159265358979323846 / 180e6;
	const double	earth = 6371008.8;	/* mean radius, m */
	double		dlat, dlon, x, y;
	int64_t		d;

	d = lon2 - lon1;
	if (d > 180000000)
		d -= 360000000;
	else if (d < -180000000)
		d += 360000000;
	dlon = (double)d * rad;
	dlat = (double)(lat2 - lat1) * rad;
	x = dlon * order_cos((double)(lat1 + lat2) / 2 * rad);
	y = dlat;
	return ((int64_t)(earth * order_sqrt(x * x + y * y) + 0.5));
}

/* --- the document --- */

static int
order_bad(char **cause, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	xvasprintf(cause, fmt, ap);
	va_end(ap);
	return (-1);
}

/* Refuse keys the document does not have: a typo is not ignored. */
static int
order_keys(json_t *o, const char *where, const char *const *keys,
    char **cause)
{
	const char	*key;
	json_t		*v;
	u_int		 i;

	json_object_foreach(o, key, v) {
		for (i = 0; keys[i] != NULL; i++) {
			if (strcmp(key, keys[i]) == 0)
				break;
		}
		if (keys[i] == NULL)
			return (order_bad(cause, "%s has no field \"%.32s\"",
			    where, key));
	}
	return (0);
}

static int
order_str(json_t *o, const char *name, int required, size_t max, char *out,
    size_t len, char **cause)
{
	const char	*s;
	int		 r;

	if ((r = proto_arg_str(o, name, required, max, &s, cause)) != 0)
		return (r < 0 ? -1 : 0);
	strlcpy(out, s, len);
	return (0);
}

static int
order_address_parse(json_t *a, struct order_request *rq, char **cause)
{
	static const char *const keys[] = { "street", "city", "state", "zip",
	    "lat", "lon", NULL };
	json_int_t	 v;
	size_t		 i;

	if (!json_is_object(a))
		return (order_bad(cause, "\"address\" must be an object: "
		    "street, city, state, zip, lat, lon"));
	if (order_keys(a, "\"address\"", keys, cause) != 0 ||
	    order_str(a, "street", 1, ORDER_STREET_MAX, rq->street,
	    sizeof rq->street, cause) != 0 ||
	    order_str(a, "city", 1, ORDER_CITY_MAX, rq->city,
	    sizeof rq->city, cause) != 0 ||
	    order_str(a, "state", 1, 2, rq->state, sizeof rq->state,
	    cause) != 0 ||
	    order_str(a, "zip", 1, ORDER_ZIP_MAX, rq->zip, sizeof rq->zip,
	    cause) != 0)
		return (-1);
	if (!valid_state_code(rq->state))
		return (order_bad(cause, "\"state\" must be a state's USPS "
		    "code in capitals, e.g. CO"));
	for (i = 0; rq->zip[i] != '\0'; i++) {
		if ((rq->zip[i] < '0' || rq->zip[i] > '9') &&
		    !(rq->zip[i] == '-' && i == 5))
			return (order_bad(cause, "\"zip\" must be a ZIP code: "
			    "5 digits, or ZIP+4 as 12345-6789"));
	}
	if (i != 5 && i != 10)
		return (order_bad(cause, "\"zip\" must be a ZIP code: 5 "
		    "digits, or ZIP+4 as 12345-6789"));
	if (proto_arg_int(a, "lat", 1, -90000000, 90000000, &v, cause) != 0)
		return (order_bad(cause, "%s (micro-degrees: 39.7392 is "
		    "39739200)", (free(*cause), "\"lat\" must be a whole "
		    "number from -90000000 to 90000000")));
	rq->lat = v;
	if (proto_arg_int(a, "lon", 1, -180000000, 180000000, &v, cause) != 0)
		return (order_bad(cause, "%s (micro-degrees: -104.9903 is "
		    "-104990300)", (free(*cause), "\"lon\" must be a whole "
		    "number from -180000000 to 180000000")));
	rq->lon = v;
	rq->located = 1;
	return (0);
}

static int
order_lines_parse(json_t *a, struct order_request *rq, char **cause)
{
	static const char *const keys[] = { "product", "sku", "qty", NULL };
	json_t		*l;
	json_int_t	 v;
	size_t		 i;
	char		 where[32];
	int		 r;

	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > ORDER_LINES)
		return (order_bad(cause, "\"lines\" must be an array of 1 to "
		    "%d lines", ORDER_LINES));
	json_array_foreach(a, i, l) {
		snprintf(where, sizeof where, "line %zu", i + 1);
		if (!json_is_object(l))
			return (order_bad(cause, "%s must be an object: "
			    "product (or sku) and qty", where));
		if (order_keys(l, where, keys, cause) != 0)
			return (-1);
		r = proto_arg_int(l, "product", 0, 1, UINT32_MAX, &v, cause);
		if (r < 0)
			return (order_bad(cause, "%s: %s", where,
			    (free(*cause), "\"product\" must be a product "
			    "number")));
		if (r == 0)
			rq->lines[i].product = (uint32_t)v;
		if (order_str(l, "sku", 0, SKU_MAX, rq->lines[i].sku,
		    sizeof rq->lines[i].sku, cause) != 0)
			return (-1);
		if ((rq->lines[i].product != 0) ==
		    (rq->lines[i].sku[0] != '\0'))
			return (order_bad(cause, "%s: give the product by "
			    "\"product\" (its number) or by \"sku\", one of "
			    "the two", where));
		if (proto_arg_int(l, "qty", 1, 1, 1000000000, &v, cause) != 0)
			return (order_bad(cause, "%s: %s", where,
			    (free(*cause), "\"qty\" must be a whole number "
			    "from 1 to 1000000000 (units, or mg for a product "
			    "sold by weight)")));
		rq->lines[i].qty = v;
	}
	rq->nlines = (u_int)json_array_size(a);
	return (0);
}

/*
 * The order document (doc/protocol.md, order.create): every field
 * checked, unknown fields refused. 0, or -1 with *cause naming the field.
 * The parts that need the ledger or the clock (the customer, products,
 * stock, a window still to come) are order_create's.
 */
int
order_parse(json_t *doc, struct order_request *rq, char **cause)
{
	static const char *const keys[] = { "ref", "customer", "patient",
	    "channel", "address", "window", "lines", "notes", "notify", NULL };
	static const char *const wkeys[] = { "start", "end", NULL };
	json_t		*w, *a;
	json_int_t	 v;
	char		 channel[16];
	int		 r;

	memset(rq, 0, sizeof *rq);
	if (!json_is_object(doc))
		return (order_bad(cause, "an order is a JSON object"));
	if (order_keys(doc, "an order", keys, cause) != 0 ||
	    order_str(doc, "ref", 1, MAX_REF, rq->ref, sizeof rq->ref,
	    cause) != 0)
		return (-1);
	if (!util_printable(rq->ref, strlen(rq->ref)) ||
	    strchr(rq->ref, ' ') != NULL)
		return (order_bad(cause, "\"ref\" must be 1 to %d printable "
		    "characters without spaces", MAX_REF));
	if (proto_arg_int(doc, "customer", 1, 1, UINT32_MAX, &v, cause) != 0)
		return (-1);
	rq->customer = (uint32_t)v;
	if ((r = proto_arg_int(doc, "patient", 0, 1, UINT32_MAX, &v,
	    cause)) < 0)
		return (-1);
	if (r == 0)
		rq->patient = (uint32_t)v;
	if (order_str(doc, "channel", 1, 15, channel, sizeof channel,
	    cause) != 0)
		return (-1);
	if ((rq->channel = store_order_channel_find(channel)) == -1)
		return (order_bad(cause, "\"channel\" must be \"delivery\" or "
		    "\"pickup\""));
	a = json_object_get(doc, "address");
	if (rq->channel == ORDER_DELIVERY) {
		if (a == NULL)
			return (order_bad(cause, "a delivery needs "
			    "\"address\": street, city, state, zip, lat, "
			    "lon"));
		if (order_address_parse(a, rq, cause) != 0)
			return (-1);
	} else if (a != NULL && !json_is_null(a))
		return (order_bad(cause, "a pickup order takes no "
		    "\"address\""));
	w = json_object_get(doc, "window");
	if (!json_is_object(w))
		return (order_bad(cause, "\"window\" is required: "
		    "{\"start\":us,\"end\":us}, UTC microseconds"));
	if (order_keys(w, "\"window\"", wkeys, cause) != 0 ||
	    proto_arg_int(w, "start", 1, 0, INT64_C(4102444800000000), &v,
	    cause) != 0)
		return (-1);
	rq->window_start = v;
	if (proto_arg_int(w, "end", 1, 0, INT64_C(4102444800000000), &v,
	    cause) != 0)
		return (-1);
	rq->window_end = v;
	if (rq->window_end <= rq->window_start)
		return (order_bad(cause, "\"window\": the end must come after "
		    "the start"));
	if (rq->window_end - rq->window_start > ORDER_WINDOW_MAX)
		return (order_bad(cause, "\"window\" is longer than 14 days"));
	if (order_lines_parse(json_object_get(doc, "lines"), rq, cause) != 0)
		return (-1);
	if (order_str(doc, "notes", 0, ORDER_NOTES_MAX, rq->notes,
	    sizeof rq->notes, cause) != 0)
		return (-1);
	a = json_object_get(doc, "notify");
	if (a != NULL && !json_is_boolean(a))
		return (order_bad(cause, "\"notify\" is true (the customer "
		    "agreed to hear about the order) or false"));
	rq->notify = json_is_true(a);
	return (0);
}

/* --- limits --- */

struct order_open_walk {
	struct store_txn	*t;
	uint32_t		 subject;
	uint64_t		 exclude;
	int64_t			 at;
	struct limits_request	*req;
	struct order		*o;
	u_int			 n;
};

static int
order_limits_open_cb(uint64_t id, void *arg)
{
	struct order_open_walk	*w = arg;
	struct order		*o = w->o;
	struct product		 p;
	u_int			 i;

	if (id == w->exclude || store_order_get(w->t, id, o) != 0)
		return (w->t->ret != 0);
	if (!order_status_open(o->status) ||
	    (o->patient != 0 ? o->patient : o->customer) != w->subject)
		return (0);
	for (i = 0; i < o->nlines; i++) {
		if (store_product_get(w->t, o->lines[i].product, &p) != 0)
			continue;
		w->req->history = xreallocarray(w->req->history,
		    w->req->nhistory + 1, sizeof *w->req->history);
		customer_limits_line(&p, o->lines[i].qty, w->at,
		    &w->req->history[w->req->nhistory++]);
	}
	w->n++;
	return (0);
}

/*
 * The open orders of subject (but exclude) as purchases made at at, added
 * to req->history: what they will take counts already, in every window.
 * *n is how many orders. 0 or -1.
 */
int
order_limits_open(struct store_txn *t, uint32_t subject, uint64_t exclude,
    int64_t at, struct limits_request *req, u_int *n)
{
	struct order_open_walk	w;
	int			r;

	memset(&w, 0, sizeof w);
	w.t = t;
	w.subject = subject;
	w.exclude = exclude;
	w.at = at;
	w.req = req;
	w.o = xmalloc(sizeof *w.o);
	r = store_order_walk_customer(t, subject, order_limits_open_cb, &w);
	free(w.o);
	*n = w.n;
	return (r != 0 || t->ret != 0 ? -1 : 0);
}

/* --- create, cancel, expire --- */

static int
order_same(const struct order *o, const struct order_request *rq,
    const uint32_t *products)
{
	u_int	i;

	if (o->customer != rq->customer || o->patient != rq->patient ||
	    o->channel != rq->channel || o->nlines != rq->nlines ||
	    o->window_start != rq->window_start ||
	    o->window_end != rq->window_end ||
	    strcmp(o->street, rq->street) != 0 ||
	    strcmp(o->zip, rq->zip) != 0 || o->lat != rq->lat ||
	    o->lon != rq->lon || strcmp(o->notes, rq->notes) != 0)
		return (0);
	for (i = 0; i < o->nlines; i++) {
		if (o->lines[i].product != products[i] ||
		    o->lines[i].qty != rq->lines[i].qty)
			return (0);
	}
	return (1);
}

/* The customer and whose limits: as sale.c checks them at the register. */
static enum order_err
order_check_customer(struct store_txn *t, const struct order_request *rq,
    int today, struct customer *buyer, struct customer *patient,
    struct customer **subject, char **cause)
{
	int	r;

	r = store_customer_get(t, rq->customer, buyer);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no customer %u", rq->customer);
		return (ORDER_E_NOTFOUND);
	}
	if (r != 0)
		return (order_store_err(t, cause));
	*subject = buyer;
	if (buyer->type == CUSTOMER_CAREGIVER) {
		if (rq->patient == 0) {
			xasprintf(cause, "a caregiver orders for a patient: "
			    "say which (\"patient\")");
			return (ORDER_E_ELIGIBLE);
		}
		r = store_customer_get(t, rq->patient, patient);
		if (r == STORE_NOTFOUND) {
			xasprintf(cause, "no customer %u", rq->patient);
			return (ORDER_E_NOTFOUND);
		}
		if (r != 0)
			return (order_store_err(t, cause));
		if (customer_eligible_patient(buyer, patient, today,
		    cause) != 0)
			return (ORDER_E_ELIGIBLE);
		*subject = patient;
	} else if (rq->patient != 0) {
		xasprintf(cause, "only a caregiver orders for a patient");
		return (ORDER_E_ELIGIBLE);
	}
	return (ORDER_OK);
}

static enum order_err
order_check_limits(struct store_txn *t, const struct order_conf *c,
    const struct customer *buyer, const struct customer *subject,
    const struct order *o, int64_t now, int today, char **cause)
{
	struct limits_request	 req;
	struct limits_result	 res;
	struct product		 p;
	struct buf		 b;
	u_int			 i, nopen = 0;

	if (customer_limits_request(t, c->rules, buyer, subject, c->state,
	    now, today, &req) != 0 || order_limits_open(t, subject->id, 0,
	    now, &req, &nopen) != 0) {
		limits_request_free(&req);
		return (order_store_err(t, cause));
	}
	req.cart = xcalloc(o->nlines, sizeof *req.cart);
	for (i = 0; i < o->nlines; i++) {
		if (store_product_get(t, o->lines[i].product, &p) != 0) {
			limits_request_free(&req);
			return (order_store_err(t, cause));
		}
		customer_limits_line(&p, o->lines[i].qty, now, &req.cart[i]);
	}
	req.ncart = o->nlines;
	memset(&res, 0, sizeof res);
	limits_eval(c->rules, &req, &res);
	limits_request_free(&req);
	if (res.allow) {
		limits_result_free(&res);
		return (ORDER_OK);
	}
	buf_init(&b);
	buf_printf(&b, "over the %s purchase limit", c->rules->id);
	for (i = 0; i < res.nreasons; i++)
		buf_printf(&b, "%s %s", i == 0 ? ":" : ";", res.reasons[i]);
	if (nopen > 0)
		buf_printf(&b, " (counting the customer's %u open order%s)",
		    nopen, nopen == 1 ? "" : "s");
	*cause = xstrdup(buf_cstr(&b));
	buf_free(&b);
	limits_result_free(&res);
	return (ORDER_E_LIMIT);
}

/*
 * The taxes on the lines, as at the register (sale.c), and the delivery
 * fee with its taxes if it is taxed: the total the door will charge.
 */
static enum order_err
order_taxes(struct store_txn *t, const struct order_conf *c,
    struct order *o, char **cause)
{
	struct sale	*s;
	u_int		 i;
	int		 taxed;

	s = xcalloc(1, sizeof *s);
	for (i = 0; i < o->nlines; i++) {
		s->lines[i].product = o->lines[i].product;
		strlcpy(s->lines[i].name, o->lines[i].name,
		    sizeof s->lines[i].name);
		s->lines[i].unit_weight = o->lines[i].unit_weight;
		s->lines[i].qty = o->lines[i].qty;
		s->lines[i].price = o->lines[i].price;
		s->lines[i].total = o->lines[i].total;
		s->subtotal += o->lines[i].total;
	}
	s->nlines = o->nlines;
	if (order_setting(ORDER_FEE_TAXED, c->fee_taxed, c->rules,
	    util_local_date(c->now != 0 ? c->now : util_now(), c->tz),
	    &taxed, cause) != 0) {
		free(s);
		return (ORDER_E_INVALID);
	}
	if (sale_price_taxes(t, c->rules, o->customer, o->fee, taxed, s,
	    cause) != SALE_OK) {
		free(s);
		return (t->ret != 0 ? order_store_err(t, cause) :
		    ORDER_E_INVALID);
	}
	memcpy(o->taxes, s->taxes, sizeof o->taxes);
	o->ntaxes = s->ntaxes;
	o->tax = s->tax;
	o->tax_included = s->tax_included;
	for (i = 0; i < o->nlines; i++)
		o->lines[i].tax = s->lines[i].tax;
	o->total = s->total;
	free(s);
	return (ORDER_OK);
}

static enum order_err
order_zone(const struct order_conf *c, struct order *o, char **cause)
{
	u_int	i;
	char	a[32];

	o->zone = 0;
	o->fee = 0;
	o->distance = -1;
	if (o->channel != ORDER_DELIVERY)
		return (ORDER_OK);
	if (c->nzones == 0) {
		xasprintf(cause, "this store has no delivery zones (set "
		    "store-location and delivery-zones): take it as a pickup "
		    "order");
		return (ORDER_E_ZONE);
	}
	o->distance = order_distance(c->lat, c->lon, o->lat, o->lon);
	for (i = 0; i < c->nzones; i++) {
		if (o->distance <= c->zones[i].radius) {
			o->zone = i + 1;
			o->fee = c->zones[i].fee;
			return (ORDER_OK);
		}
	}
	snprintf(a, sizeof a, "%lld.%01lld km", (long long)(o->distance /
	    1000), (long long)(o->distance % 1000 / 100));
	xasprintf(cause, "the address is %s from the store, beyond the "
	    "furthest delivery zone (%lld m)", a,
	    (long long)c->zones[c->nzones - 1].radius);
	return (ORDER_E_ZONE);
}

/*
 * Tell the customer of an order's event (notify.h), in the caller's
 * transaction, when they agreed to hear of it; a failure is the
 * transaction's.
 */
void
order_notify(struct store_txn *t, const struct order *o, int kind,
    int64_t eta)
{
	struct notify_event	ev;

	if (!o->notify)
		return;
	memset(&ev, 0, sizeof ev);
	ev.order = o->id;
	ev.kind = kind;
	ev.customer = o->customer;
	ev.consent = 1;
	ev.eta = eta;
	notify_enqueue(t, &ev);
}

void
order_history_add(struct order *o, int status, int64_t when, uint32_t staff,
    const char *terminal, const char *reason)
{
	struct order_event	*e;

	if (o->nhistory == ORDER_HISTORY) {
		/* Keep the first (who placed it); drop the next oldest. */
		memmove(&o->history[1], &o->history[2],
		    (ORDER_HISTORY - 2) * sizeof o->history[0]);
		o->nhistory--;
	}
	e = &o->history[o->nhistory++];
	memset(e, 0, sizeof *e);
	e->status = status;
	e->time = when;
	e->staff = staff;
	strlcpy(e->terminal, terminal, sizeof e->terminal);
	if (reason != NULL)
		strlcpy(e->reason, reason, sizeof e->reason);
	o->status = status;
}

/*
 * Reserve (sign 1) or release (sign -1) an order's lines. Once its
 * packages are loaded (unreserved) they hold its stock where they are,
 * off the shelves, and there is nothing by product to release.
 */
void
order_reserve(struct store_txn *t, const struct order *o, int sign)
{
	u_int	i;

	if (o->unreserved)
		return;
	for (i = 0; i < o->nlines; i++)
		store_reserve_put(t, o->lines[i].product,
		    store_reserve_get(t, o->lines[i].product) +
		    sign * o->lines[i].qty);
}

/*
 * Place an order: the customer eligible, every product known and sold
 * and its quantity available, the purchase limits met counting the
 * customer's other open orders, prices and taxes as at the register and
 * the delivery fee from the store's zones; then the order, its
 * reservations and the audit record. On ORDER_OK *replayed says whether
 * the ref had already placed this order (nothing new written).
 */
enum order_err
order_create(struct store_txn *t, const struct order_conf *c,
    const struct order_request *rq, struct order *o, int *replayed,
    char **cause)
{
	struct customer	 buyer, patient, *subject = NULL;
	struct product	 p;
	uint32_t	 products[ORDER_LINES];
	uint64_t	 id;
	int64_t		 now = c->now != 0 ? c->now : util_now();
	int64_t		 sellable, reserved;
	int		 today, r;
	u_int		 i, j;
	enum order_err	 e;
	char		 a[32], b[32], d[32], subj[32];

	*replayed = 0;
	if (rq->nlines == 0 || rq->nlines > ORDER_LINES) {
		xasprintf(cause, "an order has 1 to %d lines", ORDER_LINES);
		return (ORDER_E_INVALID);
	}
	memset(o, 0, sizeof *o);
	for (i = 0; i < rq->nlines; i++) {
		if (rq->lines[i].product != 0)
			r = store_product_get(t, rq->lines[i].product, &p);
		else
			r = store_product_by_sku(t, rq->lines[i].sku, &p);
		if (r == STORE_NOTFOUND) {
			if (rq->lines[i].product != 0)
				xasprintf(cause, "line %u: no product %u",
				    i + 1, rq->lines[i].product);
			else
				xasprintf(cause, "line %u: no product with "
				    "SKU %s", i + 1, rq->lines[i].sku);
			return (ORDER_E_NOTFOUND);
		}
		if (r != 0)
			return (order_store_err(t, cause));
		products[i] = p.id;
		for (j = 0; j < i; j++) {
			if (products[j] == p.id) {
				xasprintf(cause, "%s is on lines %u and %u: "
				    "one line a product", p.name, j + 1, i + 1);
				return (ORDER_E_INVALID);
			}
		}
		o->lines[i].product = p.id;
		strlcpy(o->lines[i].name, p.name, sizeof o->lines[i].name);
		o->lines[i].unit_weight = p.unit_weight;
		o->lines[i].qty = rq->lines[i].qty;
		o->lines[i].price = p.price;
	}
	o->nlines = rq->nlines;

	r = store_order_by_ref(t, rq->ref, &id);
	if (r == 0) {
		if (store_order_get(t, id, o) != 0)
			return (order_store_err(t, cause));
		if (!order_same(o, rq, products)) {
			xasprintf(cause, "order ref %s was already used for "
			    "order %llu with other contents", rq->ref,
			    (unsigned long long)id);
			return (ORDER_E_CONFLICT);
		}
		*replayed = 1;
		return (ORDER_OK);
	}
	if (r != STORE_NOTFOUND)
		return (order_store_err(t, cause));

	if (rq->window_end <= now) {
		xasprintf(cause, "the requested window has already ended");
		return (ORDER_E_INVALID);
	}
	today = util_local_date(now, c->tz);
	if ((e = order_check_customer(t, rq, today, &buyer, &patient,
	    &subject, cause)) != ORDER_OK)
		return (e);
	if (customer_eligible(&buyer, today, c->rules, cause) != 0)
		return (ORDER_E_ELIGIBLE);

	for (i = 0; i < o->nlines; i++) {
		if (store_product_get(t, o->lines[i].product, &p) != 0)
			return (order_store_err(t, cause));
		if (p.inactive) {
			xasprintf(cause, "%s is no longer sold (inactive)",
			    p.name);
			return (ORDER_E_STOCK);
		}
		if (order_stock(t, p.id, &sellable, &reserved) != 0)
			return (order_store_err(t, cause));
		if (o->lines[i].qty > order_available(sellable, reserved)) {
			order_qty_str(p.unit_weight, order_available(
			    sellable, reserved), a, sizeof a);
			order_qty_str(p.unit_weight, reserved, b, sizeof b);
			order_qty_str(p.unit_weight, o->lines[i].qty, d,
			    sizeof d);
			xasprintf(cause, "%s (%s): %s available (%s reserved "
			    "by other orders), %s asked", p.name, p.sku, a, b,
			    d);
			return (ORDER_E_STOCK);
		}
		if (money_line_total(p.unit_weight, o->lines[i].qty, p.price,
		    &o->lines[i].total) != 0 ||
		    o->subtotal > INT64_C(1000000000000) - o->lines[i].total) {
			xasprintf(cause, "line %u: the total is out of range",
			    i + 1);
			return (ORDER_E_INVALID);
		}
		o->subtotal += o->lines[i].total;
	}

	o->customer = rq->customer;
	o->patient = rq->patient;
	o->channel = rq->channel;
	strlcpy(o->street, rq->street, sizeof o->street);
	strlcpy(o->city, rq->city, sizeof o->city);
	strlcpy(o->state, rq->state, sizeof o->state);
	strlcpy(o->zip, rq->zip, sizeof o->zip);
	o->located = rq->located;
	o->lat = rq->lat;
	o->lon = rq->lon;
	o->window_start = rq->window_start;
	o->window_end = rq->window_end;
	strlcpy(o->notes, rq->notes, sizeof o->notes);
	if ((e = order_zone(c, o, cause)) != ORDER_OK)
		return (e);
	if (c->rules != NULL && (e = order_check_limits(t, c, &buyer, subject,
	    o, now, today, cause)) != ORDER_OK)
		return (e);
	if ((e = order_taxes(t, c, o, cause)) != ORDER_OK)
		return (e);

	/* Checked: now write. */
	o->id = store_order_next_id(t);
	strlcpy(o->ref, rq->ref, sizeof o->ref);
	o->created = now;
	o->staff = rq->staff;
	strlcpy(o->terminal, rq->terminal, sizeof o->terminal);
	if (c->expiry > 0)
		o->expires = o->window_end + c->expiry * 1000000;
	o->notify = rq->notify;
	order_history_add(o, ORDER_NEW, now, rq->staff, rq->terminal, NULL);
	order_reserve(t, o, 1);
	store_order_put(t, o, NULL);
	order_notify(t, o, NOTIFY_CONFIRMED, 0);
	snprintf(subj, sizeof subj, "order %llu", (unsigned long long)o->id);
	money_fmt(o->total, a, sizeof a);
	money_fmt(o->fee, b, sizeof b);
	audit_append(t, rq->staff, 0, rq->terminal, "order.create", subj,
	    "ref=%s customer=%u channel=%s lines=%u total=%s fee=%s", o->ref,
	    o->customer, store_order_channel_name(o->channel), o->nlines, a,
	    b);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/*
 * Leave an open status for a closed one, releasing the stock: the
 * reservation by product and what it had picked of each package.
 */
void
order_close(struct store_txn *t, struct order *o, int status, int64_t now,
    uint32_t staff, const char *terminal, const char *reason)
{
	struct order	*old;
	u_int		 i;

	old = xmalloc(sizeof *old);
	*old = *o;
	order_history_add(o, status, now, staff, terminal, reason);
	order_reserve(t, old, -1);
	for (i = 0; i < old->npicks; i++)
		store_pick_put(t, old->picks[i].tag, old->id, 0);
	store_order_put(t, o, old);
	free(old);
}

/*
 * The order handed over in sale (sale.c, sale.commit with "order"): it
 * is delivered (or, a pickup, picked up), its reservation and picks are
 * consumed by the sale in the same transaction, and cash is what the
 * sale took in cash (a trip's driver accounts for it).
 */
enum order_err
order_deliver(struct store_txn *t, uint64_t id, uint64_t sale, int64_t cash,
    uint32_t staff, const char *terminal, int64_t now, char **cause)
{
	struct order	*o;
	char		 subj[32], a[32];
	enum order_err	 e;

	o = xmalloc(sizeof *o);
	if ((e = order_get(t, id, o, cause)) != ORDER_OK) {
		free(o);
		return (e);
	}
	o->sale = sale;
	o->collected = cash;
	order_close(t, o, ORDER_DELIVERED, now, staff, terminal, NULL);
	if (o->channel == ORDER_DELIVERY) {
		trip_delivered(t, o, cash);
		order_notify(t, o, NOTIFY_DELIVERED, 0);
	}
	snprintf(subj, sizeof subj, "order %llu", (unsigned long long)id);
	money_fmt(cash, a, sizeof a);
	audit_append(t, staff, 0, terminal, "order.deliver", subj,
	    "sale=%llu channel=%s trip=%llu cash=%s", (unsigned long long)sale,
	    store_order_channel_name(o->channel), (unsigned long long)o->trip,
	    a);
	free(o);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/*
 * Cancel an order not yet on its way (new, packing or packed): its stock
 * is released. Once assigned to a trip it comes off the trip first.
 */
enum order_err
order_cancel(struct store_txn *t, uint64_t id, uint32_t staff,
    const char *terminal, const char *reason, int64_t now, struct order *o,
    char **cause)
{
	char		subj[32];
	int		left;
	enum order_err	e;

	if ((e = order_get(t, id, o, cause)) != ORDER_OK)
		return (e);
	if (o->status != ORDER_NEW && o->status != ORDER_PACKING &&
	    o->status != ORDER_PACKED) {
		xasprintf(cause, "order %llu is %s: %s",
		    (unsigned long long)id, store_order_status_name(o->status),
		    order_status_open(o->status) ? "take it off its trip "
		    "first" : "it can no longer be cancelled");
		return (ORDER_E_CONFLICT);
	}
	if (now == 0)
		now = util_now();
	order_close(t, o, ORDER_CANCELLED, now, staff, terminal, reason);
	/* A sealed pickup waiting at the door: no one will come for it. */
	left = queue_order_leave(t, id, now);
	snprintf(subj, sizeof subj, "order %llu", (unsigned long long)id);
	audit_append(t, staff, 0, terminal, "order.cancel", subj,
	    "reason=%s%s", reason, left ? " queue=left" : "");
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/*
 * Expire an order still to be packed whose deadline (its window's end
 * plus order-expiry, fixed when it was placed) has passed: its stock is
 * released and the audit says so. ORDER_E_CONFLICT if it is not due.
 */
enum order_err
order_expire(struct store_txn *t, uint64_t id, int64_t now, struct order *o,
    char **cause)
{
	char		subj[32];
	enum order_err	e;

	if ((e = order_get(t, id, o, cause)) != ORDER_OK)
		return (e);
	if ((o->status != ORDER_NEW && o->status != ORDER_PACKING) ||
	    o->expires == 0 || o->expires > now) {
		xasprintf(cause, "order %llu is not due to expire",
		    (unsigned long long)id);
		return (ORDER_E_CONFLICT);
	}
	order_close(t, o, ORDER_EXPIRED, now, 0, "stashd",
	    "not packed in time");
	snprintf(subj, sizeof subj, "order %llu", (unsigned long long)id);
	audit_append(t, 0, 0, "stashd", "order.expire", subj, "window_end=%lld "
	    "expires=%lld", (long long)o->window_end, (long long)o->expires);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* --- listing --- */

struct order_list_walk {
	struct store_txn	*t;
	struct order		*o;
	void			(*cb)(const struct order *, void *);
	void			*arg;
	u_int			 n;
	u_int			 limit;
	uint64_t		 last;
	int			 more;
};

static int
order_list_cb(uint64_t id, void *arg)
{
	struct order_list_walk	*w = arg;

	if (w->n == w->limit) {
		w->more = 1;
		return (1);
	}
	if (store_order_get(w->t, id, w->o) != 0)
		return (1);
	w->cb(w->o, w->arg);
	w->last = id;
	w->n++;
	return (0);
}

/*
 * Orders in a status (0: any), newest first, below before (0: from the
 * newest), at most limit: cb with each. *next is the before of the next
 * page, 0 if there is none. Returns how many, or -1 on a store error.
 */
int
order_list(struct store_txn *t, int status, uint64_t before, u_int limit,
    void (*cb)(const struct order *, void *), void *arg, uint64_t *next)
{
	struct order_list_walk	w;

	memset(&w, 0, sizeof w);
	w.t = t;
	w.o = xmalloc(sizeof *w.o);
	w.cb = cb;
	w.arg = arg;
	w.limit = limit;
	store_order_walk_status(t, status, before, order_list_cb, &w);
	free(w.o);
	*next = w.more ? w.last : 0;
	return (t->ret != 0 ? -1 : (int)w.n);
}
