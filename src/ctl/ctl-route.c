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

#include "ctl.h"
#include "route.h"

/*
 * stashctl route: a route problem as JSON on standard input (stashctl(8)),
 * the order to visit the stops in on standard output, as a table or, with
 * --json, {"order", "distance_m", "duration_s", "late", ...}. No ledger is
 * opened and nothing goes over the network: route.c works it out from
 * great-circle distances, or from a matrix in the input. Bad input is
 * refused with a message naming the field (exit 1).
 */

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
ctl_route_json(const struct route_problem *p, const struct route_result *r)
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
	json_object_set_new(o, "stops", stops);
	return (o);
}

static void
ctl_route_text(const struct route_problem *p, const struct route_result *r)
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
	printf("%s\n", r->optimal ? " (optimal)" : "");
}

int
ctl_route(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct route_problem	 p;
	struct route_result	 r;
	json_t			*j;
	char			*cause;

	if ((j = stashctl_read_json(ROUTE_INPUT_MAX, &cause)) == NULL) {
		stashctl_error("route: %s", cause);
		free(cause);
		return (-1);
	}
	if (route_parse(j, util_now() / 1000000, &p, &cause) != 0) {
		stashctl_error("route: %s", cause);
		free(cause);
		json_decref(j);
		return (-1);
	}
	json_decref(j);
	route_solve(&p, NULL, &r);
	if (ctl->json)
		stashctl_json_print(ctl_route_json(&p, &r));
	else
		ctl_route_text(&p, &r);
	route_result_free(&r);
	route_problem_free(&p);
	return (0);
}
