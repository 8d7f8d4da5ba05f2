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
#include <time.h>

#include "ctl.h"
#include "reply.h"
#include "trip.h"

/*
 * What drivers' handhelds synced, read from the ledger: the delivery
 * exceptions a manager resolves (trip exceptions), a trip's GPS trail
 * with its stop events (trip track: text, JSON, GPX 1.1 or CSV), and an
 * inspector's questions (trip day, trip stops, customer deliveries: text,
 * JSON, or printable pages as ctl-trace.c prints them). Customers' names
 * are in them (the inspector asks to whom): standard output only.
 */

#define CTL_DRIVER_EXC_MAX	1000

struct ctl_driver_list {
	struct stashctl_list	 l;
	u_int			 n;
};

static int
ctl_driver_exception(const struct dexc *x, void *arg)
{
	struct ctl_driver_list	*dl = arg;
	char			 when[64], msg[sizeof x->message];

	if (dl->n++ >= CTL_DRIVER_EXC_MAX)
		return (1);
	if (dl->l.arr != NULL) {
		json_array_append_new(dl->l.arr, reply_dexc(x));
		return (0);
	}
	fprintf(dl->l.f, "%6llu  %-8s  %5llu  %6llu  %6llu  %-19s  %s\n",
	    (unsigned long long)x->id, store_dexc_status_name(x->status),
	    (unsigned long long)x->trip, (unsigned long long)x->order,
	    (unsigned long long)x->sale, stashctl_time(dl->l.ctl, x->at, when,
	    sizeof when), stashctl_clean(x->message, msg, sizeof msg));
	return (0);
}

/* trip exceptions [--all]: the open ones, or every one. */
int
ctl_driver_exceptions(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_driver_list	 dl;
	char			 head[128];

	snprintf(head, sizeof head, "%6s  %-8s  %5s  %6s  %6s  %-19s  %s\n",
	    "EXC", "STATUS", "TRIP", "ORDER", "SALE", "AT", "WHAT IT BROKE");
	dl.n = 0;
	if (stashctl_list_begin(ctl, &dl.l, head) != 0)
		return (-1);
	store_dexc_walk(&dl.l.t, stashctl_flag(args, "all") ? 0 : DEXC_OPEN,
	    ctl_driver_exception, &dl);
	return (stashctl_list_end(&dl.l));
}

/* The command's number argument (a trip's, a customer's), or -1. */
static int64_t
ctl_driver_number(struct ctl_args *args, const char *what, int64_t max)
{
	const char	*errstr;
	int64_t		 n;

	n = util_strtonum(args->argv[0], 1, max, &errstr);
	if (errstr != NULL) {
		stashctl_error("%s number %s: %s", what, args->argv[0],
		    errstr);
		return (-1);
	}
	return (n);
}

/* --- trip track --- */

enum ctl_track_form { TRACK_TEXT, TRACK_JSON, TRACK_GPX, TRACK_CSV };

struct ctl_track {
	struct stashctl_list	 l;
	enum ctl_track_form	 form;
	json_t			*fixes;		/* --json */
	json_t			*events;
	u_int			 n;
};

/* Micro-degrees as decimal degrees, "-104.970000". */
static const char *
ctl_driver_deg(int64_t ud, char *out, size_t len)
{
	uint64_t	a = ud < 0 ? (uint64_t)-ud : (uint64_t)ud;

	snprintf(out, len, "%s%llu.%06llu", ud < 0 ? "-" : "",
	    (unsigned long long)(a / 1000000),
	    (unsigned long long)(a % 1000000));
	return (out);
}

/* UTC as XML Schema's dateTime (GPX's time): 2026-12-07T00:08:22Z. */
static const char *
ctl_driver_utc(int64_t us, char *out, size_t len)
{
	time_t		secs = (time_t)(us / 1000000);
	struct tm	tm;

	gmtime_r(&secs, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return (out);
}

/* Text for XML character data and attributes. */
static void
ctl_driver_xml(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
			break;
		}
	}
}

/* NMEA fix quality as GPX's fixType, or NULL: 1 is a plain GPS fix. */
static const char *
ctl_driver_fixtype(int quality)
{
	switch (quality) {
	case 0:
		return ("none");
	case 2:
		return ("dgps");
	case 3:
		return ("pps");
	}
	return (NULL);
}

static int
ctl_driver_track_fix(const struct gps_fix *fx, void *arg)
{
	struct ctl_track	*ct = arg;
	FILE			*f = ct->l.f;
	char			 la[32], lo[32], when[32];
	const char		*ft;

	ct->n++;
	ctl_driver_deg(fx->lat, la, sizeof la);
	ctl_driver_deg(fx->lon, lo, sizeof lo);
	ctl_driver_utc(fx->at, when, sizeof when);
	switch (ct->form) {
	case TRACK_JSON:
		json_array_append_new(ct->fixes, reply_fix(fx));
		break;
	case TRACK_GPX:
		fprintf(f, "      <trkpt lat=\"%s\" lon=\"%s\"><time>%s</time>",
		    la, lo, when);
		if ((ft = ctl_driver_fixtype(fx->quality)) != NULL)
			fprintf(f, "<fix>%s</fix>", ft);
		fprintf(f, "<sat>%d</sat></trkpt>\n", fx->sats);
		break;
	case TRACK_CSV:
		fprintf(f, "%s,%s,%s,%d,%d,%s\n", when, la, lo, fx->quality,
		    fx->sats, fx->stale ? "yes" : "no");
		break;
	case TRACK_TEXT:
		fprintf(f, "fix    %s  %s,%s  quality %d  sats %d%s\n", when,
		    la, lo, fx->quality, fx->sats, fx->stale ? "  stale" : "");
		break;
	}
	return (0);
}

static int
ctl_driver_track_event(const struct trip_event *ev, void *arg)
{
	struct ctl_track	*ct = arg;
	FILE			*f = ct->l.f;
	char			 la[32], lo[32], when[32], name[64];

	ctl_driver_utc(ev->at, when, sizeof when);
	snprintf(name, sizeof name, "%s order %llu",
	    store_trip_ev_name(ev->kind), (unsigned long long)ev->order);
	switch (ct->form) {
	case TRACK_JSON:
		json_array_append_new(ct->events, reply_trip_event(ev));
		break;
	case TRACK_GPX:
		if (!ev->hasfix)
			break;
		fprintf(f, "  <wpt lat=\"%s\" lon=\"%s\"><time>%s</time>"
		    "<name>%s</name>", ctl_driver_deg(ev->fix.lat, la,
		    sizeof la), ctl_driver_deg(ev->fix.lon, lo, sizeof lo),
		    when, name);
		if (ev->reason[0] != '\0') {
			fputs("<desc>", f);
			ctl_driver_xml(f, ev->reason);
			fputs("</desc>", f);
		}
		fprintf(f, "<type>%s</type></wpt>\n",
		    store_trip_ev_name(ev->kind));
		break;
	case TRACK_CSV:
		break;
	case TRACK_TEXT:
		fprintf(f, "%-6s %s  order %llu", store_trip_ev_name(ev->kind),
		    when, (unsigned long long)ev->order);
		if (ev->sale != 0)
			fprintf(f, "  sale %llu", (unsigned long long)ev->sale);
		if (ev->reason[0] != '\0')
			fprintf(f, "  %s", ev->reason);
		if (ev->hasfix)
			fprintf(f, "  at %s,%s", ctl_driver_deg(ev->fix.lat, la,
			    sizeof la), ctl_driver_deg(ev->fix.lon, lo,
			    sizeof lo));
		fputc('\n', f);
		break;
	}
	return (0);
}

/* trip track TRIP [--gpx | --csv]: the GPS trail, the stop events. */
int
ctl_driver_track(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_track	 ct;
	struct trip		 tr;
	char			 when[32];
	int64_t			 id;
	FILE			*f;

	if ((id = ctl_driver_number(args, "trip", INT64_MAX)) == -1)
		return (-1);
	memset(&ct, 0, sizeof ct);
	ct.form = stashctl_flag(args, "gpx") ? TRACK_GPX :
	    stashctl_flag(args, "csv") ? TRACK_CSV : ctl->json ? TRACK_JSON :
	    TRACK_TEXT;
	if (stashctl_flag(args, "gpx") && stashctl_flag(args, "csv")) {
		stashctl_error("--gpx or --csv, not both");
		return (-1);
	}
	if (stashctl_list_begin(ctl, &ct.l, NULL) != 0)
		return (-1);
	if (store_trip_get(&ct.l.t, (uint64_t)id, &tr) != 0) {
		if (ct.l.t.ret == 0)
			stashctl_error("no trip %lld", (long long)id);
		else
			stashctl_error("%s", ct.l.t.err);
		store_abort(&ct.l.t);
		json_decref(ct.l.arr);
		stashctl_out_done(&ct.l.out, 0);
		return (-1);
	}
	f = ct.l.f;
	switch (ct.form) {
	case TRACK_JSON:
		json_decref(ct.l.arr);
		ct.fixes = json_array();
		ct.events = json_array();
		ct.l.arr = json_pack("{s:I, s:o, s:o}", "trip", (json_int_t)id,
		    "fixes", ct.fixes, "events", ct.events);
		break;
	case TRACK_GPX:
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<gpx version=\"1.1\" creator=\"stash\" "
		    "xmlns=\"http://www.topografix.com/GPX/1/1\">\n"
		    "  <metadata><name>", f);
		fprintf(f, "Trip %lld", (long long)id);
		fputs("</name><desc>", f);
		ctl_driver_xml(f, ctl->info.name);
		fputs(", licence ", f);
		ctl_driver_xml(f, ctl->info.licence);
		fprintf(f, "; vehicle %s, driver %u</desc><time>%s</time>"
		    "</metadata>\n", tr.plate, tr.driver, ctl_driver_utc(
		    util_now(), when, sizeof when));
		break;
	case TRACK_CSV:
		fputs("time,lat,lon,quality,sats,stale\n", f);
		break;
	case TRACK_TEXT:
		fprintf(f, "trip %lld  %s  vehicle %s  driver %u\n",
		    (long long)id, store_trip_status_name(tr.status), tr.plate,
		    tr.driver);
		break;
	}
	/* GPX: the stops as waypoints first (the schema's order). */
	if (ct.form != TRACK_CSV)
		store_trip_event_walk(&ct.l.t, (uint64_t)id,
		    ctl_driver_track_event, &ct);
	if (ct.form == TRACK_GPX)
		fprintf(f, "  <trk><name>Trip %lld</name><trkseg>\n",
		    (long long)id);
	store_gps_walk(&ct.l.t, (uint64_t)id, 0, ctl_driver_track_fix, &ct);
	if (ct.form == TRACK_GPX)
		fputs("  </trkseg></trk>\n</gpx>\n", f);
	if (ct.form == TRACK_TEXT)
		fprintf(f, "%u fixes\n", ct.n);
	return (stashctl_list_end(&ct.l));
}

/* --- an inspector's questions --- */

struct ctl_drv_rep {
	struct ctl		*ctl;
	struct store_txn	 t;
	int			 pages;		/* --pages */
	json_t			*json;		/* --json */
	FILE			*f;		/* else the lines */
	char			*text;
	size_t			 len;
	u_int			 lines;
};

static int
ctl_driver_rep_begin(struct ctl *ctl, struct ctl_args *args,
    struct ctl_drv_rep *r)
{
	memset(r, 0, sizeof *r);
	r->ctl = ctl;
	r->pages = stashctl_flag(args, "pages");
	if (r->pages && ctl->json) {
		stashctl_error("--json or --pages, not both");
		return (-1);
	}
	if (store_begin(ctl->st, &r->t, 0) != 0) {
		stashctl_error("%s", r->t.err);
		return (-1);
	}
	if ((r->f = open_memstream(&r->text, &r->len)) == NULL)
		fatal("open_memstream");
	return (0);
}

/* A line of the report, cut at 80 columns. */
static void printflike(2, 3)
ctl_driver_line(struct ctl_drv_rep *r, const char *fmt, ...)
{
	va_list	ap;
	char	buf[CTL_PAGE_WIDTH * 4], clean[CTL_PAGE_WIDTH * 4];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	stashctl_clean(buf, clean, sizeof clean);
	fprintf(r->f, "%.*s\n", CTL_PAGE_WIDTH, clean);
	r->lines++;
}

static void
ctl_driver_manifest_cb(const char *line, void *arg)
{
	ctl_driver_line(arg, "%s", line);
}

static void
ctl_driver_manifest_json(const char *line, void *arg)
{
	json_array_append_new(arg, json_string(line));
}

/* End the read, then print: JSON, pages under title, or the lines. */
static int
ctl_driver_rep_end(struct ctl_drv_rep *r, const char *title)
{
	FILE	*in;
	int	 rc = 0;

	if (r->t.ret != 0) {
		stashctl_error("%s: %s", store_strerror(r->t.ret), r->t.err);
		rc = -1;
	}
	store_abort(&r->t);
	fflush(r->f);
	if (rc == 0 && r->json != NULL)
		stashctl_json_print(r->json);
	else if (rc == 0 && r->pages) {
		/* The lines written, read back a page at a time. */
		if (r->len == 0 || (in = fmemopen(r->text, r->len, "r")) ==
		    NULL)
			fatal("fmemopen");
		rc = ctl_rep_pages(r->ctl, title, in, r->lines, util_now());
		fclose(in);
	}
	else if (rc == 0)
		fwrite(r->text, 1, r->len, stdout);
	else
		json_decref(r->json);
	fclose(r->f);
	free(r->text);
	return (rc);
}

static const char *
ctl_driver_clock(struct ctl *ctl, int64_t t, char *out, size_t len)
{
	char	full[32];

	stashctl_time(ctl, t, full, sizeof full);
	strlcpy(out, t == 0 ? "-" : full + 11, len);	/* HH:MM:SS */
	return (out);
}

/* The time a trip counts for a day: departed, else planned, else made. */
static int64_t
ctl_driver_trip_time(const struct trip *tr)
{
	if (tr->departed != 0)
		return (tr->departed);
	if (tr->depart_at != 0)
		return (tr->depart_at);
	return (tr->created);
}

struct ctl_drv_day {
	struct ctl_drv_rep	*r;
	int			 day;
	u_int			 n;
	struct trip		*trips;		/* oldest first */
};

static int
ctl_driver_day_cb(const struct trip *tr, void *arg)
{
	struct ctl_drv_day	*d = arg;

	if (util_local_date(ctl_driver_trip_time(tr), d->r->ctl->info.tz) !=
	    d->day)
		return (0);
	d->trips = xreallocarray(d->trips, d->n + 1, sizeof *d->trips);
	d->trips[d->n++] = *tr;
	return (0);
}

/* trip day YYYY-MM-DD [--pages]: the day's trips and their manifests. */
int
ctl_driver_day(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_drv_rep	 r;
	struct ctl_drv_day	 d;
	struct trip		*tr;
	json_t			*a, *lines;
	char			 title[96], t1[32], t2[32];
	u_int			 i;
	int			 day;

	if ((day = valid_date_parse(args->argv[0])) < 19700101 ||
	    !valid_date_real(day)) {
		stashctl_error("%s is not a date like 2026-12-07",
		    args->argv[0]);
		return (-1);
	}
	if (ctl_driver_rep_begin(ctl, args, &r) != 0)
		return (-1);
	memset(&d, 0, sizeof d);
	d.r = &r;
	d.day = day;
	store_trip_walk(&r.t, 0, ctl_driver_day_cb, &d);
	a = ctl->json ? json_array() : NULL;
	ctl_driver_line(&r, "Trips of %s: %u", args->argv[0], d.n);
	for (i = d.n; i-- > 0;) {
		tr = &d.trips[i];
		lines = json_array();
		if (a == NULL) {
			ctl_driver_line(&r, "%s", "");
			ctl_driver_line(&r, "Trip %llu  %s  driver %u  vehicle "
			    "%s  departed %s  closed %s", (unsigned long long)
			    tr->id, store_trip_status_name(tr->status),
			    tr->driver, tr->plate, ctl_driver_clock(ctl,
			    tr->departed, t1, sizeof t1), ctl_driver_clock(ctl,
			    tr->closed, t2, sizeof t2));
			trip_manifest(&r.t, tr, &ctl->info, ctl->info.tz,
			    CTL_PAGE_WIDTH, ctl_driver_manifest_cb, &r);
		} else {
			trip_manifest(&r.t, tr, &ctl->info, ctl->info.tz,
			    CTL_PAGE_WIDTH, ctl_driver_manifest_json, lines);
			json_array_append_new(a, json_pack("{s:o, s:o}", "trip",
			    ctl_trip_json(&r.t, tr), "manifest", lines));
			continue;
		}
		json_decref(lines);
	}
	free(d.trips);
	if (a != NULL)
		r.json = json_pack("{s:s, s:o}", "date", args->argv[0],
		    "trips", a);
	snprintf(title, sizeof title, "TRIPS AND MANIFESTS OF %s",
	    args->argv[0]);
	return (ctl_driver_rep_end(&r, title));
}

struct ctl_drv_stops {
	struct ctl_drv_rep	*r;
	uint64_t		 order;
	json_t			*events;	/* --json */
	u_int			 n;
};

static int
ctl_driver_stop_event(const struct trip_event *ev, void *arg)
{
	struct ctl_drv_stops	*s = arg;
	char			 when[32], la[32], lo[32], at[80];

	if (ev->order != s->order)
		return (0);
	s->n++;
	if (s->events != NULL) {
		json_array_append_new(s->events, reply_trip_event(ev));
		return (0);
	}
	at[0] = '\0';
	if (ev->hasfix)
		snprintf(at, sizeof at, "  at %s,%s%s", ctl_driver_deg(
		    ev->fix.lat, la, sizeof la), ctl_driver_deg(ev->fix.lon,
		    lo, sizeof lo), ev->fix.stale ? " (stale)" : "");
	ctl_driver_line(s->r, "    %-7s %s%s", store_trip_ev_name(ev->kind),
	    stashctl_time(s->r->ctl, ev->at, when, sizeof when), at);
	if (ev->reason[0] != '\0')
		ctl_driver_line(s->r, "            reason: %s", ev->reason);
	if (ev->sale != 0)
		ctl_driver_line(s->r, "            sale %llu",
		    (unsigned long long)ev->sale);
	return (0);
}

static void
ctl_driver_name(struct store_txn *t, uint32_t id, char *out, size_t len)
{
	struct customer	cu;

	if (store_customer_get(t, id, &cu) == 0)
		snprintf(out, len, "%s %s", cu.first, cu.last);
	else
		snprintf(out, len, "customer %u", id);
}

/* trip stops TRIP [--pages]: each stop, its times and GPS points. */
int
ctl_driver_stops(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_drv_rep	 r;
	struct ctl_drv_stops	 s;
	struct trip		 tr;
	struct order		*o;
	json_t			*a = NULL;
	char			 title[64], name[96], t1[32];
	int64_t			 id;
	u_int			 i;

	if ((id = ctl_driver_number(args, "trip", INT64_MAX)) == -1)
		return (-1);
	if (ctl_driver_rep_begin(ctl, args, &r) != 0)
		return (-1);
	if (store_trip_get(&r.t, (uint64_t)id, &tr) != 0) {
		if (r.t.ret == 0)
			stashctl_error("no trip %lld", (long long)id);
		r.t.ret = r.t.ret != 0 ? r.t.ret : STORE_NOTFOUND;
		return (ctl_driver_rep_end(&r, ""));
	}
	if (ctl->json)
		a = json_array();
	else {
		ctl_driver_line(&r, "Trip %lld  %s  driver %u  vehicle %s  "
		    "ledger %s", (long long)id, store_trip_status_name(
		    tr.status), tr.driver, tr.plate, tr.ledger[0] != '\0' ?
		    tr.ledger : "-");
		ctl_driver_line(&r, "Departed %s", stashctl_time(ctl,
		    tr.departed, t1, sizeof t1));
		ctl_driver_line(&r, "Closed   %s", stashctl_time(ctl,
		    tr.closed, t1, sizeof t1));
	}
	o = xmalloc(sizeof *o);
	for (i = 0; i < tr.norders; i++) {
		if (store_order_get(&r.t, tr.orders[i], o) != 0)
			continue;
		memset(&s, 0, sizeof s);
		s.r = &r;
		s.order = o->id;
		ctl_driver_name(&r.t, o->customer, name, sizeof name);
		if (a != NULL)
			s.events = json_array();
		else {
			ctl_driver_line(&r, "%s", "");
			ctl_driver_line(&r, "Stop %u  order %llu  %s  %s", i + 1,
			    (unsigned long long)o->id, store_order_status_name(
			    o->status), name);
			ctl_driver_line(&r, "    %s, %s, %s %s", o->street,
			    o->city, o->state, o->zip);
		}
		store_trip_event_walk(&r.t, tr.id, ctl_driver_stop_event, &s);
		if (a != NULL)
			json_array_append_new(a, json_pack("{s:i, s:I, s:s, "
			    "s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:I, s:o}",
			    "seq", (int)i + 1, "order", (json_int_t)o->id,
			    "status", store_order_status_name(o->status),
			    "customer", "id", (json_int_t)o->customer, "name",
			    name, "street", o->street, "city", o->city,
			    "state", o->state, "zip", o->zip, "sale",
			    (json_int_t)o->sale, "events", s.events));
		else if (s.n == 0)
			ctl_driver_line(&r, "    no stop events synced");
	}
	free(o);
	if (a != NULL)
		r.json = json_pack("{s:o, s:o}", "trip", ctl_trip_json(&r.t,
		    &tr), "stops", a);
	snprintf(title, sizeof title, "STOPS OF TRIP %lld", (long long)id);
	return (ctl_driver_rep_end(&r, title));
}

struct ctl_drv_cust {
	struct ctl_drv_rep	*r;
	json_t			*a;
	u_int			 n;
};

/* The deliver event of an order on its trip, if one was synced. */
struct ctl_drv_find {
	uint64_t		 order;
	struct trip_event	 ev;
	int			 found;
};

static int
ctl_driver_find_cb(const struct trip_event *ev, void *arg)
{
	struct ctl_drv_find	*f = arg;

	if (ev->order != f->order || (ev->kind != TRIP_EV_DELIVER &&
	    ev->kind != TRIP_EV_FAIL))
		return (0);
	f->ev = *ev;
	f->found = 1;
	return (0);
}

static int
ctl_driver_cust_cb(uint64_t id, void *arg)
{
	struct ctl_drv_cust	*c = arg;
	struct ctl_drv_rep	*r = c->r;
	struct ctl_drv_find	 f;
	struct order		*o;
	int64_t			 when = 0;
	char			 t1[32], la[32], lo[32];
	u_int			 i;

	o = xmalloc(sizeof *o);
	if (store_order_get(&r->t, id, o) != 0 ||
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
		store_trip_event_walk(&r->t, o->trip, ctl_driver_find_cb, &f);
	c->n++;
	if (c->a != NULL)
		json_array_append_new(c->a, json_pack("{s:I, s:s, s:I, s:I, "
		    "s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "order",
		    (json_int_t)o->id, "status", store_order_status_name(
		    o->status), "trip", (json_int_t)o->trip, "sale",
		    (json_int_t)o->sale, "time", (json_int_t)when, "total",
		    (json_int_t)o->total, "street", o->street, "city", o->city,
		    "state", o->state, "zip", o->zip, "fix", f.found &&
		    f.ev.hasfix ? reply_fix(&f.ev.fix) : json_null()));
	else {
		ctl_driver_line(r, "Order %llu  %-9s  %s  trip %llu  sale %llu",
		    (unsigned long long)o->id, store_order_status_name(
		    o->status), stashctl_time(r->ctl, when, t1, sizeof t1),
		    (unsigned long long)o->trip, (unsigned long long)o->sale);
		ctl_driver_line(r, "    %s, %s, %s %s", o->street, o->city,
		    o->state, o->zip);
		if (f.found && f.ev.hasfix)
			ctl_driver_line(r, "    %s at %s,%s",
			    store_trip_ev_name(f.ev.kind), ctl_driver_deg(
			    f.ev.fix.lat, la, sizeof la), ctl_driver_deg(
			    f.ev.fix.lon, lo, sizeof lo));
	}
	free(o);
	return (0);
}

/* customer deliveries C [--pages]: the customer's delivery orders. */
int
ctl_driver_customer(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_drv_rep	 r;
	struct ctl_drv_cust	 c;
	struct customer		 cu;
	char			 title[64], d[16], name[96];
	int64_t			 id;

	if ((id = ctl_driver_number(args, "customer", UINT32_MAX)) == -1)
		return (-1);
	if (ctl_driver_rep_begin(ctl, args, &r) != 0)
		return (-1);
	if (store_customer_get(&r.t, (uint32_t)id, &cu) != 0) {
		if (r.t.ret == 0)
			stashctl_error("no customer %lld", (long long)id);
		r.t.ret = r.t.ret != 0 ? r.t.ret : STORE_NOTFOUND;
		return (ctl_driver_rep_end(&r, ""));
	}
	memset(&c, 0, sizeof c);
	c.r = &r;
	snprintf(name, sizeof name, "%s %s", cu.first, cu.last);
	if (ctl->json)
		c.a = json_array();
	else {
		ctl_driver_line(&r, "Customer %lld  %s  born %s  %s",
		    (long long)id, name, stashctl_date(cu.dob, d, sizeof d),
		    store_customer_type_name(cu.type));
		ctl_driver_line(&r, "%s", "");
	}
	store_order_walk_customer(&r.t, (uint32_t)id, ctl_driver_cust_cb, &c);
	if (c.a != NULL)
		r.json = json_pack("{s:I, s:s, s:o}", "customer", (json_int_t)id,
		    "name", name, "deliveries", c.a);
	else if (c.n == 0)
		ctl_driver_line(&r, "No deliveries.");
	snprintf(title, sizeof title, "DELIVERIES TO CUSTOMER %lld",
	    (long long)id);
	return (ctl_driver_rep_end(&r, title));
}
