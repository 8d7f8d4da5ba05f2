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
	inspect_deg(fx->lat, la, sizeof la);
	inspect_deg(fx->lon, lo, sizeof lo);
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
	u_int			 i;

	ctl_driver_utc(ev->at, when, sizeof when);
	if (ev->order != 0)
		snprintf(name, sizeof name, "%s order %llu",
		    store_trip_ev_name(ev->kind), (unsigned long long)ev->order);
	else
		strlcpy(name, store_trip_ev_name(ev->kind), sizeof name);
	switch (ct->form) {
	case TRACK_JSON:
		json_array_append_new(ct->events, reply_trip_event(ev));
		break;
	case TRACK_GPX:
		if (!ev->hasfix)
			break;
		fprintf(f, "  <wpt lat=\"%s\" lon=\"%s\"><time>%s</time>"
		    "<name>%s</name>", inspect_deg(ev->fix.lat, la,
		    sizeof la), inspect_deg(ev->fix.lon, lo, sizeof lo),
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
		fprintf(f, "%-6s %s", store_trip_ev_name(ev->kind), when);
		if (ev->order != 0)
			fprintf(f, "  order %llu", (unsigned long long)ev->order);
		for (i = 0; i < ev->nroute; i++)
			fprintf(f, "%s%llu", i == 0 ? "  route " : ",",
			    (unsigned long long)ev->route[i]);
		if (ev->sale != 0)
			fprintf(f, "  sale %llu", (unsigned long long)ev->sale);
		if (ev->reason[0] != '\0')
			fprintf(f, "  %s", ev->reason);
		if (ev->hasfix)
			fprintf(f, "  at %s,%s", inspect_deg(ev->fix.lat, la,
			    sizeof la), inspect_deg(ev->fix.lon, lo,
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

/* --- an inspector's questions (inspect.c) --- */

struct ctl_drv_rep {
	struct ctl		*ctl;
	struct store_txn	 t;
	struct inspect		 in;
	FILE			*f;		/* the lines */
	char			*text;
	size_t			 len;
};

static void
ctl_driver_line(const char *line, void *arg)
{
	fprintf(arg, "%s\n", line);
}

/*
 * Ask one question (fn with its argument) and print the answer: JSON,
 * pages (--pages, as ctl-trace.c prints them), or the lines.
 */
static int
ctl_driver_ask(struct ctl *ctl, struct ctl_args *args,
    int (*fn)(struct inspect *, const void *), const void *arg)
{
	struct ctl_drv_rep	 r;
	FILE			*in;
	int			 pages, rc;

	pages = stashctl_flag(args, "pages");
	if (pages && ctl->json) {
		stashctl_error("--json or --pages, not both");
		return (-1);
	}
	memset(&r, 0, sizeof r);
	if (store_begin(ctl->st, &r.t, 0) != 0) {
		stashctl_error("%s", r.t.err);
		return (-1);
	}
	if ((r.f = open_memstream(&r.text, &r.len)) == NULL)
		fatal("open_memstream");
	r.in.t = &r.t;
	r.in.info = &ctl->info;
	r.in.width = CTL_PAGE_WIDTH;
	if (!ctl->json) {
		r.in.line = ctl_driver_line;
		r.in.arg = r.f;
	}
	rc = fn(&r.in, arg);
	if (rc == STORE_NOTFOUND)
		stashctl_error("%s", r.in.err);
	else if (rc != 0)
		stashctl_error("%s: %s", store_strerror(r.t.ret), r.t.err);
	store_abort(&r.t);
	fflush(r.f);
	if (rc == 0 && ctl->json) {
		stashctl_json_print(r.in.json);
		r.in.json = NULL;
	} else if (rc == 0 && pages) {
		/* The lines written, read back a page at a time. */
		if (r.len == 0 || (in = fmemopen(r.text, r.len, "r")) == NULL)
			fatal("fmemopen");
		rc = ctl_rep_pages(ctl, r.in.title, in, r.in.lines,
		    util_now());
		fclose(in);
	} else if (rc == 0)
		fwrite(r.text, 1, r.len, stdout);
	json_decref(r.in.json);
	fclose(r.f);
	free(r.text);
	return (rc == 0 ? 0 : -1);
}

static int
ctl_driver_day_fn(struct inspect *in, const void *arg)
{
	const char	*date = arg;

	return (inspect_day(in, valid_date_parse(date), date));
}

/* trip day YYYY-MM-DD [--pages]: the day's trips and their manifests. */
int
ctl_driver_day(struct ctl *ctl, struct ctl_args *args)
{
	int	day;

	if ((day = valid_date_parse(args->argv[0])) < 19700101 ||
	    !valid_date_real(day)) {
		stashctl_error("%s is not a date like 2026-12-07",
		    args->argv[0]);
		return (-1);
	}
	return (ctl_driver_ask(ctl, args, ctl_driver_day_fn, args->argv[0]));
}

static int
ctl_driver_stops_fn(struct inspect *in, const void *arg)
{
	return (inspect_stops(in, (uint64_t)*(const int64_t *)arg));
}

/* trip stops TRIP [--pages]: each stop, its times and GPS points. */
int
ctl_driver_stops(struct ctl *ctl, struct ctl_args *args)
{
	int64_t	id;

	if ((id = ctl_driver_number(args, "trip", INT64_MAX)) == -1)
		return (-1);
	return (ctl_driver_ask(ctl, args, ctl_driver_stops_fn, &id));
}

static int
ctl_driver_customer_fn(struct inspect *in, const void *arg)
{
	return (inspect_customer(in, (uint32_t)*(const int64_t *)arg));
}

/* customer deliveries C [--pages]: the customer's delivery orders. */
int
ctl_driver_customer(struct ctl *ctl, struct ctl_args *args)
{
	int64_t	id;

	if ((id = ctl_driver_number(args, "customer", UINT32_MAX)) == -1)
		return (-1);
	return (ctl_driver_ask(ctl, args, ctl_driver_customer_fn, &id));
}
