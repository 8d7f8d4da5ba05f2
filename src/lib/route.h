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

#ifndef ROUTE_H
#define ROUTE_H

/*
 * The delivery route optimiser (route.c): pure computation, no network, no
 * event loop, no ledger. A depot, up to ROUTE_STOPS_MAX stops with
 * coordinates, service times and optional time windows, a speed and a
 * detour factor; or a supplied matrix of road durations (and distances).
 * The answer is the order to visit the stops in, leaving the depot and
 * coming back to it, with when each stop is reached and how late.
 *
 * Units are integers: coordinates in microdegrees, distances in metres,
 * times in seconds (UTC seconds since the epoch for instants), speed in
 * metres per hour, the detour factor in thousandths. Only the great-circle
 * formula works in doubles; see route_gc() for where it rounds.
 */

#include "stash.h"

#define ROUTE_STOPS_MAX		100	/* stops in one problem */
#define ROUTE_ID_MAX		32	/* bytes in a stop's id */
#define ROUTE_SERVICE_MAX	86400	/* seconds at one stop */
#define ROUTE_MATRIX_MAX	10000000 /* one matrix entry, s or m */
#define ROUTE_INPUT_MAX		(1024 * 1024)	/* the JSON document */
#define ROUTE_EXACT_MAX		12	/* windowless: solved exactly */
#define ROUTE_EXACT_WIN_MAX	8	/* with windows: solved exactly */

#define ROUTE_SPEED_DEFAULT	30000	/* m/h: 30 km/h */
#define ROUTE_DETOUR_DEFAULT	1300	/* thousandths: 1.3 */

struct route_point {
	int32_t		 lat;		/* microdegrees, -90e6..90e6 */
	int32_t		 lon;		/* microdegrees, -180e6..180e6 */
};

struct route_stop {
	char		 id[ROUTE_ID_MAX + 1];
	struct route_point at;
	int64_t		 service;	/* seconds spent at the stop */
	int		 window;	/* has a time window */
	int64_t		 open;		/* UTC seconds: earliest start */
	int64_t		 close;		/* UTC seconds: latest start */
};

struct route_problem {
	struct route_point depot;
	u_int		 n;
	struct route_stop *stops;
	int64_t		 speed;		/* metres per hour */
	int64_t		 detour;	/* thousandths, >= 1000 */
	int64_t		 depart;	/* UTC seconds */
	int64_t		*dur;		/* (n+1)^2 seconds, or NULL */
	int64_t		*dist;		/* (n+1)^2 metres, or NULL */
};

struct route_opts {
	int		 exact;		/* use the exact solvers when small */
	u_int		 kicks;		/* perturbations; 0: the default */
	uint64_t	 seed;		/* the search's random numbers */
};

struct route_result {
	u_int		 n;
	u_int		*order;		/* stop indices, in visiting order */
	int64_t		*arrive;	/* per position: UTC seconds */
	int64_t		*late;		/* per position: seconds late */
	int64_t		 depart;	/* UTC seconds */
	int64_t		 back;		/* UTC seconds, at the depot again */
	int64_t		 distance;	/* metres */
	int64_t		 duration;	/* seconds, back - depart */
	int64_t		 late_total;	/* seconds, summed over stops */
	int64_t		 cost;		/* what was minimised after lateness */
	int		 optimal;	/* proven optimal (exact solver) */
};

/* route.c */
int64_t		 route_gc(const struct route_point *,
		     const struct route_point *);
int64_t		 route_distance(const struct route_problem *, u_int, u_int);
int64_t		 route_duration(const struct route_problem *, u_int, u_int);
int		 route_parse(json_t *, int64_t, struct route_problem *,
		     char **);
void		 route_problem_free(struct route_problem *);
void		 route_opts_default(struct route_opts *);
int		 route_solve(const struct route_problem *,
		     const struct route_opts *, struct route_result *);
void		 route_evaluate(const struct route_problem *, const u_int *,
		     struct route_result *);
void		 route_result_free(struct route_result *);
struct buf;
void		 route_osrm_url(struct buf *, const char *,
		     const struct route_point *, u_int);
const char	*route_osrm_table(long, const void *, size_t, u_int,
		     int64_t **, int64_t **);

#endif /* ROUTE_H */
