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

#include "reply.h"
#include "trip.h"

/*
 * An inspector's questions, read from the ledger: a day's trips and
 * their manifests, a trip's stops with their times and GPS points, a
 * customer's deliveries. Each answer is JSON (stashctl --json, the ops
 * trip.day, trip.stops and customer.deliveries) and the same answer as
 * lines of at most the asked width (stashctl's text and pages, the
 * console's list and print-out). Customers' names are in them: never
 * into a log.
 */

/* A trip made this many days before the day asked for is not looked at. */
#define INSPECT_DAY_LOOKBACK	62

/* A line of the answer: control characters shown as '?', cut at width. */
static void printflike(2, 3)
inspect_line(struct inspect *in, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[1024];
	size_t	 i;

	if (in->line == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (i = 0; buf[i] != '\0'; i++) {
		if ((u_char)buf[i] < 0x20 || (u_char)buf[i] == 0x7f)
			buf[i] = '?';
	}
	/* Cut at the width, never inside a UTF-8 character. */
	if (in->width != 0 && in->width < strlen(buf)) {
		i = in->width;
		while (i > 0 && ((u_char)buf[i] & 0xc0) == 0x80)
			i--;
		buf[i] = '\0';
	}
	in->line(buf, in->arg);
	in->lines++;
}

static void
inspect_manifest_cb(const char *line, void *arg)
{
	inspect_line(arg, "%s", line);
}

static void
inspect_manifest_json(const char *line, void *arg)
{
	json_array_append_new(arg, json_string(line));
}

/* Micro-degrees as decimal degrees, "-104.970000". */
const char *
inspect_deg(int64_t ud, char *out, size_t len)
{
	uint64_t	a = ud < 0 ? (uint64_t)-ud : (uint64_t)ud;

	snprintf(out, len, "%s%llu.%06llu", ud < 0 ? "-" : "",
	    (unsigned long long)(a / 1000000),
	    (unsigned long long)(a % 1000000));
	return (out);
}

/* A time in the store's zone, "-" for none. */
static const char *
inspect_time(struct inspect *in, int64_t t, char *out, size_t len)
{
	if (t == 0) {
		strlcpy(out, "-", len);
		return (out);
	}
	return (util_time_str(t, in->info->tz, out, len));
}

/* The time of day only, HH:MM:SS. */
static const char *
inspect_clock(struct inspect *in, int64_t t, char *out, size_t len)
{
	char	full[32];

	inspect_time(in, t, full, sizeof full);
	strlcpy(out, t == 0 ? "-" : full + 11, len);
	return (out);
}

/* The time a trip counts for a day: departed, else planned, else made. */
static int64_t
inspect_trip_time(const struct trip *tr)
{
	if (tr->departed != 0)
		return (tr->departed);
	if (tr->depart_at != 0)
		return (tr->depart_at);
	return (tr->created);
}

static int64_t
inspect_daynum(int ymd)
{
	return (util_days(ymd / 10000, (ymd / 100) % 100, ymd % 100));
}

struct inspect_day {
	struct inspect	*in;
	int		 day;
	u_int		 n;
	struct trip	*trips;		/* newest first */
};

static int
inspect_day_cb(const struct trip *tr, void *arg)
{
	struct inspect_day	*d = arg;
	const char		*tz = d->in->info->tz;

	/* Newest first: one made long before the day ends the walk. */
	if (inspect_daynum(d->day) - inspect_daynum(util_local_date(
	    tr->created, tz)) > INSPECT_DAY_LOOKBACK)
		return (1);
	if (util_local_date(inspect_trip_time(tr), tz) != d->day)
		return (0);
	d->trips = xreallocarray(d->trips, d->n + 1, sizeof *d->trips);
	d->trips[d->n++] = *tr;
	return (0);
}

/* A day's trips (day as YYYYMMDD, date as asked) and their manifests. */
int
inspect_day(struct inspect *in, int day, const char *date)
{
	struct inspect_day	 d;
	struct trip		*tr;
	json_t			*a, *lines;
	char			 t1[32], t2[32];
	u_int			 i;

	memset(&d, 0, sizeof d);
	d.in = in;
	d.day = day;
	if (store_trip_walk(in->t, 0, inspect_day_cb, &d) != 0) {
		free(d.trips);
		return (-1);
	}
	a = json_array();
	inspect_line(in, "Trips of %s: %u", date, d.n);
	for (i = d.n; i-- > 0;) {
		tr = &d.trips[i];
		inspect_line(in, "%s", "");
		inspect_line(in, "Trip %llu  %s  driver %u  vehicle %s  "
		    "departed %s  closed %s", (unsigned long long)tr->id,
		    store_trip_status_name(tr->status), tr->driver, tr->plate,
		    inspect_clock(in, tr->departed, t1, sizeof t1),
		    inspect_clock(in, tr->closed, t2, sizeof t2));
		if (in->line != NULL)
			trip_manifest(in->t, tr, in->info, in->info->tz,
			    in->width, inspect_manifest_cb, in);
		lines = json_array();
		trip_manifest(in->t, tr, in->info, in->info->tz, in->width,
		    inspect_manifest_json, lines);
		json_array_append_new(a, json_pack("{s:o, s:o}", "trip",
		    reply_trip(in->t, tr), "manifest", lines));
	}
	free(d.trips);
	in->json = json_pack("{s:s, s:o}", "date", date, "trips", a);
	snprintf(in->title, sizeof in->title, "TRIPS AND MANIFESTS OF %s",
	    date);
	return (in->t->ret != 0 ? -1 : 0);
}

struct inspect_stop {
	struct inspect	*in;
	uint64_t	 order;
	json_t		*events;
	u_int		 n;
};

static int
inspect_stop_event(const struct trip_event *ev, void *arg)
{
	struct inspect_stop	*s = arg;
	char			 when[32], la[32], lo[32], at[80];

	if (ev->order != s->order)
		return (0);
	s->n++;
	json_array_append_new(s->events, reply_trip_event(ev));
	at[0] = '\0';
	if (ev->hasfix)
		snprintf(at, sizeof at, "  at %s,%s%s", inspect_deg(
		    ev->fix.lat, la, sizeof la), inspect_deg(ev->fix.lon,
		    lo, sizeof lo), ev->fix.stale ? " (stale)" : "");
	inspect_line(s->in, "    %-7s %s%s", store_trip_ev_name(ev->kind),
	    inspect_time(s->in, ev->at, when, sizeof when), at);
	if (ev->reason[0] != '\0')
		inspect_line(s->in, "            reason: %s", ev->reason);
	if (ev->sale != 0)
		inspect_line(s->in, "            sale %llu",
		    (unsigned long long)ev->sale);
	return (0);
}

static void
inspect_name(struct store_txn *t, uint32_t id, char *out, size_t len)
{
	struct customer	cu;

	if (store_customer_get(t, id, &cu) == 0)
		snprintf(out, len, "%s %s", cu.first, cu.last);
	else
		snprintf(out, len, "customer %u", id);
}

/* A trip's stops, their times and GPS points; STORE_NOTFOUND: no trip. */
int
inspect_stops(struct inspect *in, uint64_t id)
{
	struct inspect_stop	 s;
	struct trip		 tr;
	struct order		*o;
	json_t			*a;
	char			 name[96], t1[32];
	u_int			 i;
	int			 r;

	if ((r = store_trip_get(in->t, id, &tr)) != 0) {
		if (r == STORE_NOTFOUND)
			snprintf(in->err, sizeof in->err, "no trip %llu",
			    (unsigned long long)id);
		return (r == STORE_NOTFOUND ? r : -1);
	}
	a = json_array();
	inspect_line(in, "Trip %llu  %s  driver %u  vehicle %s  ledger %s",
	    (unsigned long long)id, store_trip_status_name(tr.status),
	    tr.driver, tr.plate, tr.ledger[0] != '\0' ? tr.ledger : "-");
	inspect_line(in, "Departed %s", inspect_time(in, tr.departed, t1,
	    sizeof t1));
	inspect_line(in, "Closed   %s", inspect_time(in, tr.closed, t1,
	    sizeof t1));
	o = xmalloc(sizeof *o);
	for (i = 0; i < tr.norders; i++) {
		if (store_order_get(in->t, tr.orders[i], o) != 0)
			continue;
		memset(&s, 0, sizeof s);
		s.in = in;
		s.order = o->id;
		s.events = json_array();
		inspect_name(in->t, o->customer, name, sizeof name);
		inspect_line(in, "%s", "");
		inspect_line(in, "Stop %u  order %llu  %s  %s", i + 1,
		    (unsigned long long)o->id, store_order_status_name(
		    o->status), name);
		inspect_line(in, "    %s, %s, %s %s", o->street, o->city,
		    o->state, o->zip);
		store_trip_event_walk(in->t, tr.id, inspect_stop_event, &s);
		if (s.n == 0)
			inspect_line(in, "    no stop events synced");
		json_array_append_new(a, json_pack("{s:i, s:I, s:s, "
		    "s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:I, s:o}",
		    "seq", (int)i + 1, "order", (json_int_t)o->id,
		    "status", store_order_status_name(o->status),
		    "customer", "id", (json_int_t)o->customer, "name",
		    name, "street", o->street, "city", o->city,
		    "state", o->state, "zip", o->zip, "sale",
		    (json_int_t)o->sale, "events", s.events));
	}
	free(o);
	in->json = json_pack("{s:o, s:o}", "trip", reply_trip(in->t,
	    &tr), "stops", a);
	snprintf(in->title, sizeof in->title, "STOPS OF TRIP %llu",
	    (unsigned long long)id);
	return (in->t->ret != 0 ? -1 : 0);
}

/* The deliver or fail event of an order on its trip, if one was synced. */
struct inspect_find {
	uint64_t		 order;
	struct trip_event	 ev;
	int			 found;
};

static int
inspect_find_cb(const struct trip_event *ev, void *arg)
{
	struct inspect_find	*f = arg;

	if (ev->order != f->order || (ev->kind != TRIP_EV_DELIVER &&
	    ev->kind != TRIP_EV_FAIL))
		return (0);
	f->ev = *ev;
	f->found = 1;
	return (0);
}

struct inspect_cust {
	struct inspect	*in;
	json_t		*a;
	u_int		 n;
};

static int
inspect_cust_cb(uint64_t id, void *arg)
{
	struct inspect_cust	*c = arg;
	struct inspect		*in = c->in;
	struct inspect_find	 f;
	struct order		*o;
	int64_t			 when = 0;
	char			 t1[32], la[32], lo[32];
	u_int			 i;

	o = xmalloc(sizeof *o);
	if (store_order_get(in->t, id, o) != 0 ||
	    o->channel != ORDER_DELIVERY) {
		free(o);
		return (0);
	}
	for (i = 0; i < o->nhistory; i++) {
		if (o->history[i].status == ORDER_DELIVERED ||
		    o->history[i].status == ORDER_FAILED ||
		    o->history[i].status == ORDER_OUT)
			when = o->history[i].time;
	}
	memset(&f, 0, sizeof f);
	f.order = o->id;
	if (o->trip != 0)
		store_trip_event_walk(in->t, o->trip, inspect_find_cb, &f);
	c->n++;
	json_array_append_new(c->a, json_pack("{s:I, s:s, s:I, s:I, "
	    "s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "order",
	    (json_int_t)o->id, "status", store_order_status_name(
	    o->status), "trip", (json_int_t)o->trip, "sale",
	    (json_int_t)o->sale, "time", (json_int_t)when, "total",
	    (json_int_t)o->total, "street", o->street, "city", o->city,
	    "state", o->state, "zip", o->zip, "fix", f.found &&
	    f.ev.hasfix ? reply_fix(&f.ev.fix) : json_null()));
	inspect_line(in, "Order %llu  %-9s  %s  trip %llu  sale %llu",
	    (unsigned long long)o->id, store_order_status_name(o->status),
	    inspect_time(in, when, t1, sizeof t1), (unsigned long long)o->trip,
	    (unsigned long long)o->sale);
	inspect_line(in, "    %s, %s, %s %s", o->street, o->city, o->state,
	    o->zip);
	if (f.found && f.ev.hasfix)
		inspect_line(in, "    %s at %s,%s", store_trip_ev_name(
		    f.ev.kind), inspect_deg(f.ev.fix.lat, la, sizeof la),
		    inspect_deg(f.ev.fix.lon, lo, sizeof lo));
	free(o);
	return (0);
}

/* A customer's delivery orders; STORE_NOTFOUND: no such customer. */
int
inspect_customer(struct inspect *in, uint32_t id)
{
	struct inspect_cust	 c;
	struct customer		 cu;
	char			 name[96], d[16];
	int			 r;

	if ((r = store_customer_get(in->t, id, &cu)) != 0) {
		if (r == STORE_NOTFOUND)
			snprintf(in->err, sizeof in->err, "no customer %u",
			    id);
		return (r == STORE_NOTFOUND ? r : -1);
	}
	memset(&c, 0, sizeof c);
	c.in = in;
	c.a = json_array();
	snprintf(name, sizeof name, "%s %s", cu.first, cu.last);
	if (cu.dob == 0)
		strlcpy(d, "-", sizeof d);
	else
		snprintf(d, sizeof d, "%04d-%02d-%02d", cu.dob / 10000,
		    (cu.dob / 100) % 100, cu.dob % 100);
	inspect_line(in, "Customer %u  %s  born %s  %s", id, name, d,
	    store_customer_type_name(cu.type));
	inspect_line(in, "%s", "");
	store_order_walk_customer(in->t, id, inspect_cust_cb, &c);
	if (c.n == 0)
		inspect_line(in, "No deliveries.");
	in->json = json_pack("{s:I, s:s, s:o}", "customer", (json_int_t)id,
	    "name", name, "deliveries", c.a);
	snprintf(in->title, sizeof in->title, "DELIVERIES TO CUSTOMER %u", id);
	return (in->t->ret != 0 ? -1 : 0);
}
