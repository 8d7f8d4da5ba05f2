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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "ctl.h"
#include "route.h"

/*
 * stashctl route: a route problem as JSON on standard input (stashctl(8)),
 * the order to visit the stops in on standard output, as a table or, with
 * --json, {"order", "distance_m", "duration_s", "late", "roads", ...}. No
 * ledger is opened: route.c works it out from a matrix in the input, else
 * from the road times of the route service (route-url, from --route-url
 * or stash.conf) where one is set, else from great-circle distances. Bad
 * input is refused with a message naming the field (exit 1).
 */

#define CTL_ROUTE_TIMEOUT	5L		/* seconds, the whole answer */

/*
 * The road times between n points (the depot first) from the route
 * service at url, asked synchronously (stashctl has no event loop to
 * keep), CTL_ROUTE_TIMEOUT seconds at most. 0 with *dur (and *dist, or
 * NULL) for the caller to free; -1 with why on standard error, and the
 * caller goes on on straight lines.
 */
int
ctl_route_roads(const char *url, const struct route_point *pts, u_int n,
    int64_t **dur, int64_t **dist)
{
	struct buf	 u, reply;
	CURL		*e;
	CURLcode	 cc;
	long		 status = 0;
	const char	*why;

	*dur = *dist = NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		stashctl_error("route: curl_global_init failed: straight-line "
		    "estimates");
		return (-1);
	}
	buf_init(&u);
	buf_init(&reply);
	route_osrm_url(&u, url, pts, n);
	if ((e = curl_easy_init()) == NULL)
		fatalx("curl_easy_init failed");
	curl_easy_setopt(e, CURLOPT_URL, (char *)u.data);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, CTL_ROUTE_TIMEOUT);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, CTL_ROUTE_TIMEOUT);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, ctl_curl_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &reply);
	cc = curl_easy_perform(e);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK)
		why = "no answer from the route service";
	else
		why = route_osrm_table(status, reply.data, reply.len, n, dur,
		    dist);
	curl_easy_cleanup(e);
	curl_global_cleanup();
	buf_free(&u);
	buf_free(&reply);
	if (why != NULL) {
		stashctl_error("route: %s (HTTP %ld): straight-line estimates",
		    why, status);
		return (-1);
	}
	return (0);
}

/* Road times for the problem from url, unless it brought its own. */
static int
ctl_route_problem_roads(const char *url, struct route_problem *p)
{
	struct route_point	*pts;
	u_int			 i;
	int			 r;

	if (*url == '\0' || p->dur != NULL)
		return (p->dur != NULL);
	pts = xcalloc(p->n + 1, sizeof *pts);
	pts[0] = p->depot;
	for (i = 0; i < p->n; i++)
		pts[i + 1] = p->stops[i].at;
	r = ctl_route_roads(url, pts, p->n + 1, &p->dur, &p->dist);
	free(pts);
	return (r == 0);
}

/* A UTC time as 2026-06-14T22:00:00Z. */
static const char *
ctl_route_time(int64_t t, char *out, size_t len)
{
	time_t		secs = (time_t)t;
	struct tm	tm;

	if (gmtime_r(&secs, &tm) == NULL ||
	    strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		xsnprintf(out, len, "%lld", (long long)t);
	return (out);
}

/* Seconds as H:MM:SS. */
static const char *
ctl_route_hms(int64_t s, char *out, size_t len)
{
	xsnprintf(out, len, "%lld:%02lld:%02lld", (long long)(s / 3600),
	    (long long)(s / 60 % 60), (long long)(s % 60));
	return (out);
}

static json_t *
ctl_route_json(const struct route_problem *p, const struct route_result *r,
    int roads)
{
	json_t	*o, *order, *late, *stops, *s;
	char	 tb[32];
	u_int	 i;

	order = json_array();
	late = json_array();
	stops = json_array();
	for (i = 0; i < r->n; i++) {
		const char *id = p->stops[r->order[i]].id;

		json_array_append_new(order, stashctl_json_str(id));
		s = json_object();
		json_object_set_new(s, "id", stashctl_json_str(id));
		json_object_set_new(s, "arrive", json_string(
		    ctl_route_time(r->arrive[i], tb, sizeof tb)));
		json_object_set_new(s, "late_s", json_integer(r->late[i]));
		json_array_append_new(stops, s);
		if (r->late[i] > 0) {
			s = json_object();
			json_object_set_new(s, "id", stashctl_json_str(id));
			json_object_set_new(s, "late_s",
			    json_integer(r->late[i]));
			json_array_append_new(late, s);
		}
	}
	o = json_object();
	json_object_set_new(o, "order", order);
	json_object_set_new(o, "distance_m", json_integer(r->distance));
	json_object_set_new(o, "duration_s", json_integer(r->duration));
	json_object_set_new(o, "late", late);
	json_object_set_new(o, "late_s", json_integer(r->late_total));
	json_object_set_new(o, "depart", json_string(ctl_route_time(r->depart,
	    tb, sizeof tb)));
	json_object_set_new(o, "return", json_string(ctl_route_time(r->back,
	    tb, sizeof tb)));
	json_object_set_new(o, "optimal", json_boolean(r->optimal));
	json_object_set_new(o, "roads", json_boolean(roads));
	json_object_set_new(o, "stops", stops);
	return (o);
}

static void
ctl_route_text(const struct route_problem *p, const struct route_result *r,
    int roads)
{
	char	 tb[32], hb[32];
	u_int	 i, nlate = 0;

	printf("%-4s %-32s %-21s %s\n", "#", "STOP", "ARRIVE (UTC)", "LATE");
	printf("%-4s %-32s %s\n", "", "depot (leave)",
	    ctl_route_time(r->depart, tb, sizeof tb));
	for (i = 0; i < r->n; i++) {
		printf("%-4u %-32s %-21s %s\n", i + 1,
		    p->stops[r->order[i]].id,
		    ctl_route_time(r->arrive[i], tb, sizeof tb),
		    r->late[i] > 0 ? ctl_route_hms(r->late[i], hb,
		    sizeof hb) : "-");
		if (r->late[i] > 0)
			nlate++;
	}
	printf("%-4s %-32s %s\n", "", "depot (back)",
	    ctl_route_time(r->back, tb, sizeof tb));
	printf("\n%u stop%s, %lld.%03lld km, %s on the road", r->n,
	    r->n == 1 ? "" : "s", (long long)(r->distance / 1000),
	    (long long)(r->distance % 1000),
	    ctl_route_hms(r->duration, hb, sizeof hb));
	if (nlate == 0)
		printf(", none late");
	else {
		printf(", %u late by %s in all", nlate,
		    ctl_route_hms(r->late_total, hb, sizeof hb));
	}
	printf("%s%s\n", r->optimal ? " (optimal)" : "", roads ?
	    ", on road times" : "");
}

int
ctl_route(struct ctl *ctl, struct ctl_args *args)
{
	struct route_problem	 p;
	struct route_result	 r;
	struct options		*opts = NULL;
	const char		*url;
	json_t			*j;
	char			*cause;
	int			 roads, ret = -1;

	/* --route-url, else stash.conf's (none: straight lines). */
	if ((url = stashctl_opt(args, "route-url")) == NULL) {
		if (ctl_settings_config(args, &opts, NULL) != 0)
			return (-1);
		url = options_string(opts, "route-url");
	}
	if ((j = stashctl_read_json(ROUTE_INPUT_MAX, &cause)) == NULL) {
		stashctl_error("route: %s", cause);
		free(cause);
		goto out;
	}
	if (route_parse(j, util_now() / 1000000, &p, &cause) != 0) {
		stashctl_error("route: %s", cause);
		free(cause);
		json_decref(j);
		goto out;
	}
	json_decref(j);
	roads = ctl_route_problem_roads(url, &p);
	route_solve(&p, NULL, &r);
	if (ctl->json)
		stashctl_json_print(ctl_route_json(&p, &r, roads));
	else
		ctl_route_text(&p, &r, roads);
	route_result_free(&r);
	route_problem_free(&p);
	ret = 0;
out:
	if (opts != NULL)
		options_free(opts);
	return (ret);
}
