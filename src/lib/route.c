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

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stash.h"
#include "rules.h"
#include "route.h"

/*
 * The route optimiser: the order in which to visit a trip's stops, leaving
 * the depot and coming back to it.
 *
 * What is minimised, in this order: the total lateness (the seconds by
 * which service starts after a stop's window closes, summed over stops),
 * then the travel cost: the distance in metres, or, when a duration matrix
 * is supplied (road durations from a routing service), the travel time.
 * Without windows and with the detour factor 1 this is the travelling
 * salesman's tour over great-circle distances.
 *
 * How: small problems are solved exactly (Held-Karp dynamic programming
 * without windows up to ROUTE_EXACT_MAX stops, a pruned search of every
 * order with windows up to ROUTE_EXACT_WIN_MAX). Larger ones start from a
 * nearest-neighbour tour (and, with windows, from the stops in order of
 * their windows' close), improved by 2-opt and or-opt (moving runs of one
 * to three stops, either way round) until neither helps, then by iterated
 * local search: a random double-bridge change of the best tour, improved
 * again, kept when it is no worse. The random numbers come from a fixed
 * seed, so the same problem always gives the same answer.
 *
 * Time at a stop: a van arriving before the window opens waits; service
 * then takes service_s. Arriving after the window closes is lateness. A
 * stop without a window is never late.
 *
 * Rounding (DESIGN rule 2: integers, the rounding written down here):
 * coordinates are whole microdegrees (the input rounded to the nearest);
 * the great-circle distance is computed in doubles (haversine, on a sphere
 * of the mean Earth radius, 6371008.8 m) and rounded to the nearest metre;
 * the road estimate is that times the detour (in thousandths), rounded to
 * the nearest metre, halves up; a leg's time is its distance over the speed
 * (metres per hour), rounded to the nearest second, halves up. Every sum
 * after that is exact.
 */

#define ROUTE_EARTH_R		6371008.8	/* metres, mean radius */
#define ROUTE_SEED		0x5eed0f5a5b0c7a11ULL
#define ROUTE_WORK_BUDGET	10000000ULL	/* legs scored, windows or one-way */
#define ROUTE_KICKS_PER_STOP	50	/* iterated local search, no windows */

struct route_ctx {
	const struct route_problem *p;
	u_int			 n;	/* stops */
	u_int			 m;	/* nodes: the depot, then the stops */
	int64_t			*cost;	/* m * m: what is minimised */
	int64_t			*time;	/* m * m: seconds */
	int			 windows;
	int			 symmetric;
	uint64_t		 rng;
	uint64_t		 work;	/* leg look-ups so far */
	u_int			*cand;	/* n + 2: a candidate tour */
};

struct route_score {
	int64_t			 late;
	int64_t			 cost;
};

#define RC(c, i, j)	((c)->cost[(size_t)(i) * (c)->m + (j)])
#define RT(c, i, j)	((c)->time[(size_t)(i) * (c)->m + (j)])

/* --- distances ------------------------------------------------------- */

/*
 * The great-circle distance in metres (haversine), rounded to the nearest
 * metre. The same for (a, b) and (b, a).
 */
int64_t
route_gc(const struct route_point *a, const struct route_point *b)
{
	double	lat1, lat2, dlat, dlon, h;

	lat1 = a->lat * (M_PI / 180e6);
	lat2 = b->lat * (M_PI / 180e6);
	dlat = (b->lat - (double)a->lat) * (M_PI / 180e6);
	dlon = (b->lon - (double)a->lon) * (M_PI / 180e6);
	h = sin(dlat / 2) * sin(dlat / 2) +
	    cos(lat1) * cos(lat2) * sin(dlon / 2) * sin(dlon / 2);
	if (h > 1)
		h = 1;
	return ((int64_t)llround(2 * ROUTE_EARTH_R * asin(sqrt(h))));
}

static const struct route_point *
route_node(const struct route_problem *p, u_int i)
{
	return (i == 0 ? &p->depot : &p->stops[i - 1].at);
}

/* The road distance of the leg i -> j (0 is the depot, k is stop k - 1). */
int64_t
route_distance(const struct route_problem *p, u_int i, u_int j)
{
	if (p->dist != NULL)
		return (p->dist[(size_t)i * (p->n + 1) + j]);
	return ((route_gc(route_node(p, i), route_node(p, j)) * p->detour +
	    500) / 1000);
}

/* The travel time of the leg i -> j in seconds. */
int64_t
route_duration(const struct route_problem *p, u_int i, u_int j)
{
	if (p->dur != NULL)
		return (p->dur[(size_t)i * (p->n + 1) + j]);
	return ((route_distance(p, i, j) * 3600 + p->speed / 2) / p->speed);
}

/* --- the input --------------------------------------------------------- */

static int
route_point_parse(json_t *o, const char *where, struct route_point *pt,
    char **cause)
{
	const char	*key;
	json_t		*v;
	double		 d;
	int		 have = 0;

	if (!json_is_object(o))
		return (util_bad(cause, "%s: not an object with lat and lon",
		    where));
	json_object_foreach(o, key, v) {
		if (strcmp(key, "lat") == 0) {
			if (valid_json_number(v, -90, 90, &d) != 0)
				return (util_bad(cause, "%s.lat: not a "
				    "latitude (a number from -90 to 90)",
				    where));
			pt->lat = (int32_t)lrint(d * 1e6);
			have |= 1;
		} else if (strcmp(key, "lon") == 0) {
			if (valid_json_number(v, -180, 180, &d) != 0)
				return (util_bad(cause, "%s.lon: not a "
				    "longitude (a number from -180 to 180)",
				    where));
			pt->lon = (int32_t)lrint(d * 1e6);
			have |= 2;
		} else if (strcmp(where, "depot") == 0)
			return (util_bad(cause, "%s.%.32s: unknown field",
			    where, key));
	}
	if (!(have & 1))
		return (util_bad(cause, "%s.lat: missing", where));
	if (!(have & 2))
		return (util_bad(cause, "%s.lon: missing", where));
	return (0);
}

static int
route_time_parse(json_t *v, int64_t *out)
{
	int64_t	us;

	if (!json_is_string(v) ||
	    limits_time_parse(json_string_value(v), &us) != 0)
		return (-1);
	*out = us / 1000000;
	return (0);
}

static int
route_stop_parse(json_t *o, u_int idx, struct route_stop *s, char **cause)
{
	const char	*key, *id;
	json_t		*v;
	char		 w[32];
	size_t		 len;

	xsnprintf(w, sizeof w, "stops[%u]", idx);
	if (!json_is_object(o))
		return (util_bad(cause, "%s: not an object", w));
	memset(s, 0, sizeof *s);
	json_object_foreach(o, key, v) {
		if (strcmp(key, "id") == 0) {
			if (!json_is_string(v))
				return (util_bad(cause, "%s.id: not a string",
				    w));
			id = json_string_value(v);
			len = json_string_length(v);
			if (len == 0 || len > ROUTE_ID_MAX ||
			    strlen(id) != len || !util_printable(id, len))
				return (util_bad(cause, "%s.id: not 1 to %d "
				    "printable characters", w, ROUTE_ID_MAX));
			memcpy(s->id, id, len + 1);
		} else if (strcmp(key, "lat") == 0 ||
		    strcmp(key, "lon") == 0)
			continue;
		else if (strcmp(key, "service_s") == 0) {
			if (!json_is_integer(v) ||
			    json_integer_value(v) < 0 ||
			    json_integer_value(v) > ROUTE_SERVICE_MAX)
				return (util_bad(cause, "%s.service_s: not "
				    "whole seconds from 0 to %d", w,
				    ROUTE_SERVICE_MAX));
			s->service = json_integer_value(v);
		} else if (strcmp(key, "window") == 0) {
			if (json_is_null(v))
				continue;
			if (!json_is_array(v) || json_array_size(v) != 2)
				return (util_bad(cause, "%s.window: not two "
				    "times [start, end]", w));
			if (route_time_parse(json_array_get(v, 0),
			    &s->open) != 0)
				return (util_bad(cause, "%s.window[0]: not a "
				    "time like 2026-06-14T15:00:00-07:00", w));
			if (route_time_parse(json_array_get(v, 1),
			    &s->close) != 0)
				return (util_bad(cause, "%s.window[1]: not a "
				    "time like 2026-06-14T16:00:00-07:00", w));
			if (s->close < s->open)
				return (util_bad(cause, "%s.window: ends before "
				    "it starts", w));
			s->window = 1;
		} else
			return (util_bad(cause, "%s.%.32s: unknown field", w,
			    key));
	}
	if (s->id[0] == '\0')
		return (util_bad(cause, "%s.id: missing", w));
	return (route_point_parse(o, w, &s->at, cause));
}

static int
route_matrix_parse(json_t *v, const char *where, u_int m, int64_t **out,
    char **cause)
{
	json_t	*row, *x;
	u_int	 i, j;

	if (!json_is_array(v) || json_array_size(v) != m)
		goto bad;
	*out = xreallocarray(NULL, (size_t)m * m, sizeof **out);
	for (i = 0; i < m; i++) {
		row = json_array_get(v, i);
		if (!json_is_array(row) || json_array_size(row) != m)
			goto bad;
		for (j = 0; j < m; j++) {
			x = json_array_get(row, j);
			if (!json_is_integer(x) || json_integer_value(x) < 0 ||
			    json_integer_value(x) > ROUTE_MATRIX_MAX)
				return (util_bad(cause, "%s[%u][%u]: not a "
				    "whole number from 0 to %d", where, i, j,
				    ROUTE_MATRIX_MAX));
			(*out)[(size_t)i * m + j] = json_integer_value(x);
		}
	}
	return (0);
bad:
	return (util_bad(cause, "%s: not %u rows of %u numbers (row and "
	    "column 0 are the depot, then the stops in order)", where, m, m));
}

/*
 * A problem from its JSON document (stashctl(8) "route"): every field is
 * checked and an error names the first one wrong. now (UTC seconds) is the
 * departure when there is neither "depart" nor a window.
 */
int
route_parse(json_t *o, int64_t now, struct route_problem *p, char **cause)
{
	const char	*key;
	json_t		*v, *stops;
	double		 d;
	u_int		 i, j;
	int		 have_depart = 0, have_open = 0;

	memset(p, 0, sizeof *p);
	*cause = NULL;
	p->speed = ROUTE_SPEED_DEFAULT;
	p->detour = ROUTE_DETOUR_DEFAULT;
	if (!json_is_object(o)) {
		util_bad(cause, "not a JSON object");
		goto fail;
	}
	json_object_foreach(o, key, v) {
		if (strcmp(key, "depot") != 0 && strcmp(key, "stops") != 0 &&
		    strcmp(key, "speed_kmh") != 0 &&
		    strcmp(key, "detour") != 0 && strcmp(key, "depart") != 0 &&
		    strcmp(key, "durations_s") != 0 &&
		    strcmp(key, "distances_m") != 0) {
			util_bad(cause, "%.32s: unknown field", key);
			goto fail;
		}
	}

	if ((v = json_object_get(o, "depot")) == NULL) {
		util_bad(cause, "depot: missing");
		goto fail;
	}
	if (route_point_parse(v, "depot", &p->depot, cause) != 0)
		goto fail;

	if ((v = json_object_get(o, "speed_kmh")) != NULL) {
		if (valid_json_number(v, 1, 200, &d) != 0) {
			util_bad(cause, "speed_kmh: not a number from 1 to "
			    "200");
			goto fail;
		}
		p->speed = llround(d * 1000);
	}
	if ((v = json_object_get(o, "detour")) != NULL) {
		if (valid_json_number(v, 1, 5, &d) != 0) {
			util_bad(cause, "detour: not a number from 1 to 5");
			goto fail;
		}
		p->detour = llround(d * 1000);
	}
	if ((v = json_object_get(o, "depart")) != NULL) {
		if (route_time_parse(v, &p->depart) != 0) {
			util_bad(cause, "depart: not a time like "
			    "2026-06-14T14:30:00-07:00");
			goto fail;
		}
		have_depart = 1;
	}

	stops = json_object_get(o, "stops");
	if (stops == NULL || !json_is_array(stops)) {
		util_bad(cause, "stops: missing, or not an array");
		goto fail;
	}
	if (json_array_size(stops) > ROUTE_STOPS_MAX) {
		util_bad(cause, "stops: %zu stops, more than the %d a route "
		    "may have", json_array_size(stops), ROUTE_STOPS_MAX);
		goto fail;
	}
	p->n = json_array_size(stops);
	p->stops = xcalloc(p->n + 1, sizeof *p->stops);
	for (i = 0; i < p->n; i++) {
		if (route_stop_parse(json_array_get(stops, i), i,
		    &p->stops[i], cause) != 0)
			goto fail;
		for (j = 0; j < i; j++) {
			if (strcmp(p->stops[j].id, p->stops[i].id) == 0) {
				util_bad(cause, "stops[%u].id: \"%s\" is "
				    "already the id of stops[%u]", i,
				    p->stops[i].id, j);
				goto fail;
			}
		}
		if (!have_depart && p->stops[i].window &&
		    (!have_open || p->stops[i].open < p->depart)) {
			p->depart = p->stops[i].open;
			have_open = 1;
		}
	}
	if (!have_depart && !have_open)
		p->depart = now;

	if ((v = json_object_get(o, "durations_s")) != NULL &&
	    route_matrix_parse(v, "durations_s", p->n + 1, &p->dur,
	    cause) != 0)
		goto fail;
	if ((v = json_object_get(o, "distances_m")) != NULL &&
	    route_matrix_parse(v, "distances_m", p->n + 1, &p->dist,
	    cause) != 0)
		goto fail;
	return (0);

fail:
	route_problem_free(p);
	return (-1);
}

void
route_problem_free(struct route_problem *p)
{
	free(p->stops);
	free(p->dur);
	free(p->dist);
	memset(p, 0, sizeof *p);
}

/* --- scoring ----------------------------------------------------------- */

static int
route_better(const struct route_score *a, const struct route_score *b)
{
	return (a->late < b->late || (a->late == b->late && a->cost < b->cost));
}

/* Score a tour: a[0] = a[n + 1] = 0 (the depot), a[1..n] the stops. */
static void
route_score(struct route_ctx *c, const u_int *a, struct route_score *s)
{
	const struct route_stop	*st;
	int64_t			 now = c->p->depart;
	u_int			 i;

	s->late = s->cost = 0;
	for (i = 1; i <= c->n + 1; i++) {
		s->cost += RC(c, a[i - 1], a[i]);
		if (!c->windows || i > c->n)
			continue;
		now += RT(c, a[i - 1], a[i]);
		st = &c->p->stops[a[i] - 1];
		if (st->window) {
			if (now < st->open)
				now = st->open;
			else if (now > st->close)
				s->late += now - st->close;
		}
		now += st->service;
	}
	c->work += c->n + 1;
}

static uint64_t
route_random(struct route_ctx *c)
{
	uint64_t	x = c->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (c->rng = x);
}

/* --- local search ------------------------------------------------------ */

static void
route_reverse(u_int *a, u_int i, u_int j)
{
	u_int	t;

	for (; i < j; i++, j--) {
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/*
 * Move the run a[i..i+k-1] to between a[j] and a[j+1] (j outside the run
 * and not i - 1), reversed if rev; into out.
 */
static void
route_move(const u_int *a, u_int n, u_int i, u_int k, u_int j, int rev,
    u_int *out)
{
	u_int	o = 0, x, y;

	for (x = 0; x <= n + 1; x++) {
		if (x >= i && x < i + k)
			continue;
		out[o++] = a[x];
		if (x == j) {
			for (y = 0; y < k; y++)
				out[o++] = a[rev ? i + k - 1 - y : i + y];
		}
	}
}

/* The same moves, each tour scored whole: windows or a one-way cost. */
static void
route_improve_full(struct route_ctx *c, u_int *a, struct route_score *s)
{
	struct route_score	 t;
	u_int			 n = c->n, i, j, k, e, size;
	int			 improved = 1, rev, moved;

	size = (n + 2) * sizeof *a;
	while (improved && c->work < ROUTE_WORK_BUDGET) {
		improved = 0;
		for (i = 0; i + 2 <= n; i++) {
			for (j = i + 1; j <= n; j++) {
				if (i == 0 && j == 1)
					continue;
				memcpy(c->cand, a, size);
				route_reverse(c->cand, i + 1, j);
				route_score(c, c->cand, &t);
				if (route_better(&t, s)) {
					memcpy(a, c->cand, size);
					*s = t;
					improved = 1;
				}
			}
		}
		for (k = 1; k <= 3 && k < n; k++) {
			for (i = 1; i + k - 1 <= n; i++) {
				e = i + k - 1;
				for (j = 0; j <= n; j++) {
					if (j + 1 >= i && j <= e)
						continue;
					moved = 0;
					for (rev = 0; rev <= (k > 1); rev++) {
						route_move(a, n, i, k, j, rev,
						    c->cand);
						route_score(c, c->cand, &t);
						if (route_better(&t, s)) {
							memcpy(a, c->cand,
							    size);
							*s = t;
							improved = moved = 1;
							break;
						}
					}
					if (moved)
						break;
				}
			}
		}
	}
}

static void
route_improve(struct route_ctx *c, u_int *a, struct route_score *s)
{
	route_improve_full(c, a, s);
}

/* The double bridge: A B C D becomes A C B D, cut at random. */
static void
route_kick(struct route_ctx *c, const u_int *a, u_int *out)
{
	u_int	n = c->n, p[3], t, o, x;

	do {
		p[0] = 1 + route_random(c) % n;
		p[1] = 1 + route_random(c) % n;
		p[2] = 1 + route_random(c) % n;
		if (p[0] > p[1]) { t = p[0]; p[0] = p[1]; p[1] = t; }
		if (p[1] > p[2]) { t = p[1]; p[1] = p[2]; p[2] = t; }
		if (p[0] > p[1]) { t = p[0]; p[0] = p[1]; p[1] = t; }
	} while (p[0] == p[1] || p[1] == p[2]);
	o = 0;
	for (x = 0; x < p[0]; x++)
		out[o++] = a[x];
	for (x = p[1]; x < p[2]; x++)
		out[o++] = a[x];
	for (x = p[0]; x < p[1]; x++)
		out[o++] = a[x];
	for (x = p[2]; x <= n + 1; x++)
		out[o++] = a[x];
}

/* --- the symmetric tour without windows: a cycle, searched locally ---- */

/*
 * Without windows and with a symmetric cost, the tour is a cycle of the m
 * nodes (the depot is one of them), its direction does not matter, and a
 * move's effect is a difference of a few legs. The local search is 2-opt
 * and or-opt restricted to each node's ROUTE_NEIGHBOURS nearest nodes,
 * with a queue of the nodes whose surroundings changed ("don't look
 * bits"), so a search after a double-bridge kick only looks near the kick.
 */

#define ROUTE_NEIGHBOURS	10

struct route_cycle {
	struct route_ctx	*c;
	u_int			 m;
	u_int			*t;	/* the cycle, by position */
	u_int			*pos;	/* each node's position */
	u_int			*nbr;	/* m * k: nearest first */
	u_int			 k;
	u_int			*queue;
	u_char			*queued;
	u_int			 qhead;
	u_int			 qlen;
	u_int			*tmp;
	int64_t			 cost;
};

#define CY_NEXT(y, i)	((i) + 1 == (y)->m ? 0 : (i) + 1)
#define CY_PREV(y, i)	((i) == 0 ? (y)->m - 1 : (i) - 1)

static void
route_cycle_push(struct route_cycle *y, u_int v)
{
	if (y->queued[v])
		return;
	y->queued[v] = 1;
	y->queue[(y->qhead + y->qlen++) % y->m] = v;
}

static int64_t
route_cycle_cost(struct route_cycle *y)
{
	int64_t	s = 0;
	u_int	i;

	for (i = 0; i < y->m; i++)
		s += RC(y->c, y->t[i], y->t[CY_NEXT(y, i)]);
	return (s);
}

/* Reverse positions i..j (forward, inclusive), or the rest if shorter. */
static void
route_cycle_reverse(struct route_cycle *y, u_int i, u_int j)
{
	u_int	len = (j + y->m - i) % y->m + 1, n, v;

	if (2 * len > y->m) {
		v = i;
		i = CY_NEXT(y, j);
		j = CY_PREV(y, v);
		len = y->m - len;
	}
	for (n = len / 2; n > 0; n--) {
		v = y->t[i];
		y->t[i] = y->t[j];
		y->t[j] = v;
		y->pos[y->t[i]] = i;
		y->pos[y->t[j]] = j;
		i = CY_NEXT(y, i);
		j = CY_PREV(y, j);
	}
}

static int
route_cycle_2opt(struct route_cycle *y, u_int x)
{
	struct route_ctx	*c = y->c;
	u_int			 i = y->pos[x], j, n, a, b, z, zz;
	int64_t			 d;

	a = y->t[CY_PREV(y, i)];
	b = y->t[CY_NEXT(y, i)];
	for (n = 0; n < y->k; n++) {
		z = y->nbr[x * y->k + n];
		j = y->pos[z];
		/* x -> b, z -> zz become x -> z, b -> zz. */
		if (RC(c, x, z) < RC(c, x, b)) {
			zz = y->t[CY_NEXT(y, j)];
			if (z != b && zz != x) {
				d = RC(c, x, z) + RC(c, b, zz) -
				    RC(c, x, b) - RC(c, z, zz);
				if (d < 0) {
					route_cycle_reverse(y, CY_NEXT(y, i),
					    j);
					y->cost += d;
					route_cycle_push(y, b);
					route_cycle_push(y, z);
					route_cycle_push(y, zz);
					return (1);
				}
			}
		}
		/* a -> x, zz -> z become a -> zz, x -> z. */
		if (RC(c, x, z) < RC(c, a, x)) {
			zz = y->t[CY_PREV(y, j)];
			if (z != a && zz != x) {
				d = RC(c, x, z) + RC(c, a, zz) -
				    RC(c, a, x) - RC(c, zz, z);
				if (d < 0) {
					route_cycle_reverse(y, i,
					    CY_PREV(y, j));
					y->cost += d;
					route_cycle_push(y, a);
					route_cycle_push(y, z);
					route_cycle_push(y, zz);
					return (1);
				}
			}
		}
	}
	return (0);
}

/*
 * Move the k nodes from position s onwards to between u and its successor,
 * reversed if rev.
 */
static void
route_cycle_move(struct route_cycle *y, u_int s, u_int k, u_int u, int rev)
{
	u_int	i, o = 0, p, x;

	p = (s + k) % y->m;
	for (i = 0; i < y->m - k; i++) {
		x = y->t[(p + i) % y->m];
		y->tmp[o++] = x;
		if (x != u)
			continue;
		for (x = 0; x < k; x++)
			y->tmp[o++] = y->t[(s + (rev ? k - 1 - x : x)) % y->m];
	}
	memcpy(y->t, y->tmp, y->m * sizeof *y->t);
	for (i = 0; i < y->m; i++)
		y->pos[y->t[i]] = i;
}

static int
route_cycle_or(struct route_cycle *y, u_int x)
{
	struct route_ctx	*c = y->c;
	u_int			 i = y->pos[x], s, k, n, z, u, v, s1, s2, p, q;
	int			 back, rev;
	int64_t			 gain, add;

	for (k = 1; k <= 3 && k + 3 <= y->m; k++) {
		for (back = 0; back <= (k > 1); back++) {
			/* The run s1..s2, x at one end; p before, q after. */
			s = back ? (i + y->m - (k - 1)) % y->m : i;
			s1 = y->t[s];
			s2 = y->t[(s + k - 1) % y->m];
			p = y->t[CY_PREV(y, s)];
			q = y->t[(s + k) % y->m];
			gain = RC(c, p, s1) + RC(c, s2, q) - RC(c, p, q);
			if (gain <= 0)
				continue;
			for (n = 0; n < y->k; n++) {
				z = y->nbr[x * y->k + n];
				if (RC(c, x, z) >= gain)
					break;
				if ((y->pos[z] + y->m - s) % y->m < k)
					continue;
				/* Between z and its successor, x next to z. */
				u = z;
				v = y->t[CY_NEXT(y, y->pos[z])];
				rev = back;
				if (z != p) {
					add = RC(c, u, rev ? s2 : s1) +
					    RC(c, rev ? s1 : s2, v) -
					    RC(c, u, v);
					if (add < gain)
						goto apply;
				}
				/* Between z's predecessor and z. */
				v = z;
				u = y->t[CY_PREV(y, y->pos[z])];
				rev = !back;
				if (z != q) {
					add = RC(c, u, rev ? s2 : s1) +
					    RC(c, rev ? s1 : s2, v) -
					    RC(c, u, v);
					if (add < gain)
						goto apply;
				}
			}
		}
	}
	return (0);

apply:
	route_cycle_move(y, s, k, u, rev);
	y->cost += add - gain;
	route_cycle_push(y, p);
	route_cycle_push(y, q);
	route_cycle_push(y, s1);
	route_cycle_push(y, s2);
	route_cycle_push(y, u);
	route_cycle_push(y, v);
	return (1);
}

static void
route_cycle_search(struct route_cycle *y)
{
	u_int	x;

	while (y->qlen > 0) {
		x = y->queue[y->qhead];
		y->qhead = (y->qhead + 1) % y->m;
		y->qlen--;
		y->queued[x] = 0;
		y->c->work += y->k;
		if (route_cycle_2opt(y, x) || route_cycle_or(y, x))
			route_cycle_push(y, x);
	}
}

/* Node i's k nearest other nodes, nearest first (ties: lower node). */
static void
route_cycle_nearest(struct route_cycle *y, u_int i)
{
	const int64_t	*row = &y->c->cost[(size_t)i * y->m];
	u_int		*l = &y->nbr[(size_t)i * y->k], n = 0, j, x;

	for (j = 0; j < y->m; j++) {
		if (j == i)
			continue;
		if (n == y->k && row[j] >= row[l[n - 1]])
			continue;
		x = n < y->k ? n++ : n - 1;
		for (; x > 0 && row[l[x - 1]] > row[j]; x--)
			l[x] = l[x - 1];
		l[x] = j;
	}
}

/* The double bridge on the cycle, then a search near its four joins. */
static void
route_cycle_kick(struct route_cycle *y)
{
	u_int	p[3], v, o = 0, i;

	do {
		for (i = 0; i < 3; i++)
			p[i] = 1 + route_random(y->c) % (y->m - 1);
		if (p[0] > p[1]) { v = p[0]; p[0] = p[1]; p[1] = v; }
		if (p[1] > p[2]) { v = p[1]; p[1] = p[2]; p[2] = v; }
		if (p[0] > p[1]) { v = p[0]; p[0] = p[1]; p[1] = v; }
	} while (p[0] == p[1] || p[1] == p[2]);
	for (i = 0; i < p[0]; i++)
		y->tmp[o++] = y->t[i];
	for (i = p[1]; i < p[2]; i++)
		y->tmp[o++] = y->t[i];
	for (i = p[0]; i < p[1]; i++)
		y->tmp[o++] = y->t[i];
	for (i = p[2]; i < y->m; i++)
		y->tmp[o++] = y->t[i];
	for (i = 0; i < 3; i++) {
		route_cycle_push(y, y->t[p[i] - 1]);
		route_cycle_push(y, y->t[p[i]]);
	}
	route_cycle_push(y, y->t[0]);
	route_cycle_push(y, y->t[y->m - 1]);
	memcpy(y->t, y->tmp, y->m * sizeof *y->t);
	for (i = 0; i < y->m; i++)
		y->pos[y->t[i]] = i;
	y->cost = route_cycle_cost(y);
}

/*
 * Improve the tour a (score s): local search, then kicks (iterated local
 * search), keeping the best; a is written back starting at the depot.
 */
static void
route_cycle_solve(struct route_ctx *c, const struct route_opts *o, u_int *a,
    struct route_score *s)
{
	struct route_cycle	 y;
	u_int			*best, kicks, i, j;
	int64_t			 best_cost;

	memset(&y, 0, sizeof y);
	y.c = c;
	y.m = c->m;
	y.k = c->m - 1 < ROUTE_NEIGHBOURS ? c->m - 1 : ROUTE_NEIGHBOURS;
	y.t = xcalloc(y.m, sizeof *y.t);
	y.pos = xcalloc(y.m, sizeof *y.pos);
	y.queue = xcalloc(y.m, sizeof *y.queue);
	y.queued = xcalloc(y.m, 1);
	y.tmp = xcalloc(y.m, sizeof *y.tmp);
	y.nbr = xreallocarray(NULL, (size_t)y.m * y.k, sizeof *y.nbr);
	best = xcalloc(y.m, sizeof *best);
	for (i = 0; i < y.m; i++)
		route_cycle_nearest(&y, i);
	for (i = 0; i < y.m; i++) {
		y.t[i] = a[i];
		y.pos[a[i]] = i;
		route_cycle_push(&y, a[i]);
	}
	y.cost = s->cost;
	route_cycle_search(&y);

	kicks = o->kicks != 0 ? o->kicks : ROUTE_KICKS_PER_STOP * c->n;
	memcpy(best, y.t, y.m * sizeof *best);
	best_cost = y.cost;
	for (i = 0; i < kicks && c->m >= 5; i++) {
		route_cycle_kick(&y);
		route_cycle_search(&y);
		if (y.cost <= best_cost) {
			memcpy(best, y.t, y.m * sizeof *best);
			best_cost = y.cost;
		} else {
			memcpy(y.t, best, y.m * sizeof *y.t);
			for (j = 0; j < y.m; j++)
				y.pos[y.t[j]] = j;
			y.cost = best_cost;
		}
	}

	for (i = 0; i < y.m && best[i] != 0; i++)
		;
	for (j = 0; j < y.m; j++)
		a[j] = best[(i + j) % y.m];
	a[y.m] = 0;
	s->late = 0;
	s->cost = best_cost;
	free(best);
	free(y.nbr);
	free(y.tmp);
	free(y.queued);
	free(y.queue);
	free(y.pos);
	free(y.t);
}

/* --- construction ------------------------------------------------------ */

static void
route_nearest(struct route_ctx *c, u_int *a)
{
	u_char	*used;
	u_int	 n = c->n, i, j, best, prev = 0;

	used = xcalloc(n + 1, 1);
	a[0] = a[n + 1] = 0;
	for (i = 1; i <= n; i++) {
		best = 0;
		for (j = 1; j <= n; j++) {
			if (!used[j] && (best == 0 ||
			    RC(c, prev, j) < RC(c, prev, best)))
				best = j;
		}
		used[best] = 1;
		a[i] = prev = best;
	}
	free(used);
}

/* Does stop x (1-based) come before stop y by its window's close? */
static int
route_closes_first(const struct route_problem *p, u_int x, u_int y)
{
	const struct route_stop	*s = &p->stops[x - 1], *t = &p->stops[y - 1];

	if (s->window != t->window)
		return (s->window);
	if (s->window && s->close != t->close)
		return (s->close < t->close);
	if (s->window && s->open != t->open)
		return (s->open < t->open);
	return (x < y);
}

/* The stops in order of their windows' close (those without, last). */
static void
route_by_close(struct route_ctx *c, u_int *a)
{
	u_int	i, j, x;

	a[0] = a[c->n + 1] = 0;
	for (i = 1; i <= c->n; i++) {
		x = i;
		for (j = i; j > 1 && route_closes_first(c->p, x, a[j - 1]); j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/* --- exact solvers ----------------------------------------------------- */

/* Held-Karp over the cost: no windows, n <= ROUTE_EXACT_MAX. */
static void
route_exact_dp(struct route_ctx *c, u_int *a, struct route_score *s)
{
	u_int		 n = c->n, full = (1U << n) - 1, mask, j, k, last;
	int64_t		*dp, v, best;
	u_char		*from;

	dp = xreallocarray(NULL, (size_t)(full + 1) * n, sizeof *dp);
	from = xreallocarray(NULL, (size_t)(full + 1) * n, 1);
	for (mask = 1; mask <= full; mask++) {
		for (j = 0; j < n; j++) {
			if (!(mask & (1U << j)))
				continue;
			if (mask == (1U << j)) {
				dp[(size_t)mask * n + j] = RC(c, 0, j + 1);
				from[(size_t)mask * n + j] = j;
				continue;
			}
			best = INT64_MAX;
			for (k = 0; k < n; k++) {
				if (k == j || !(mask & (1U << k)))
					continue;
				v = dp[(size_t)(mask & ~(1U << j)) * n + k] +
				    RC(c, k + 1, j + 1);
				if (v < best) {
					best = v;
					from[(size_t)mask * n + j] = k;
				}
			}
			dp[(size_t)mask * n + j] = best;
		}
	}
	best = INT64_MAX;
	last = 0;
	for (j = 0; j < n; j++) {
		v = dp[(size_t)full * n + j] + RC(c, j + 1, 0);
		if (v < best) {
			best = v;
			last = j;
		}
	}
	a[0] = a[n + 1] = 0;
	mask = full;
	for (k = n; k > 0; k--) {
		a[k] = last + 1;
		j = from[(size_t)mask * n + last];
		mask &= ~(1U << last);
		last = j;
	}
	s->late = 0;
	s->cost = best;
	free(from);
	free(dp);
}

struct route_dfs {
	struct route_ctx	*c;
	u_int			*cur;
	u_int			*best;
	struct route_score	 score;
	u_int			 used;
};

static void
route_exact_dfs(struct route_dfs *d, u_int depth, int64_t now, int64_t late,
    int64_t cost)
{
	struct route_ctx	*c = d->c;
	const struct route_stop	*st;
	struct route_score	 s;
	u_int			 prev = d->cur[depth - 1], j;
	int64_t			 t, l;

	if (depth > c->n) {
		s.late = late;
		s.cost = cost + RC(c, prev, 0);
		if (route_better(&s, &d->score)) {
			d->score = s;
			memcpy(d->best, d->cur, (c->n + 2) * sizeof *d->cur);
		}
		return;
	}
	for (j = 1; j <= c->n; j++) {
		if (d->used & (1U << j))
			continue;
		st = &c->p->stops[j - 1];
		t = now + RT(c, prev, j);
		l = late;
		if (st->window) {
			if (t < st->open)
				t = st->open;
			else if (t > st->close)
				l += t - st->close;
		}
		s.late = l;
		s.cost = cost + RC(c, prev, j);
		/* Neither sum can fall further down this branch. */
		if (!route_better(&s, &d->score))
			continue;
		d->used |= 1U << j;
		d->cur[depth] = j;
		route_exact_dfs(d, depth + 1, t + st->service, l, s.cost);
		d->used &= ~(1U << j);
	}
}

/* Every order, pruned: windows, n <= ROUTE_EXACT_WIN_MAX. */
static void
route_exact_search(struct route_ctx *c, u_int *a, struct route_score *s)
{
	struct route_dfs	d;

	memset(&d, 0, sizeof d);
	d.c = c;
	d.cur = xcalloc(c->n + 2, sizeof *d.cur);
	d.best = a;
	/* Start from a's score so the search only has to beat it. */
	route_score(c, a, &d.score);
	d.score.cost++;
	route_exact_dfs(&d, 1, c->p->depart, 0, 0);
	route_score(c, a, s);
	free(d.cur);
}

/* --- solving ----------------------------------------------------------- */

void
route_opts_default(struct route_opts *o)
{
	o->exact = 1;
	o->kicks = 0;
	o->seed = ROUTE_SEED;
}

static void
route_ctx_init(struct route_ctx *c, const struct route_problem *p,
    const struct route_opts *o)
{
	u_int	i, j;
	size_t	x, y;

	memset(c, 0, sizeof *c);
	c->p = p;
	c->n = p->n;
	c->m = p->n + 1;
	c->rng = o->seed != 0 ? o->seed : ROUTE_SEED;
	c->cost = xreallocarray(NULL, (size_t)c->m * c->m, sizeof *c->cost);
	c->time = xreallocarray(NULL, (size_t)c->m * c->m, sizeof *c->time);
	c->cand = xcalloc(c->n + 2, sizeof *c->cand);
	for (i = 0; i < c->m; i++) {
		for (j = 0; j < c->m; j++) {
			x = (size_t)i * c->m + j;
			y = (size_t)j * c->m + i;
			if (p->dur == NULL && p->dist == NULL && j < i) {
				/* The estimate is symmetric: reuse it. */
				c->cost[x] = c->cost[y];
				c->time[x] = c->time[y];
				continue;
			}
			c->time[x] = route_duration(p, i, j);
			c->cost[x] = p->dur != NULL ? c->time[x] :
			    route_distance(p, i, j);
		}
	}
	c->symmetric = 1;
	for (i = 0; i < c->m && c->symmetric; i++) {
		for (j = 0; j < i; j++) {
			if (RC(c, i, j) != RC(c, j, i)) {
				c->symmetric = 0;
				break;
			}
		}
	}
	for (i = 0; i < c->n; i++) {
		if (p->stops[i].window)
			c->windows = 1;
	}
}

static void
route_ctx_free(struct route_ctx *c)
{
	free(c->cost);
	free(c->time);
	free(c->cand);
}

/* Iterated local search from a local optimum a (score s). */
static void
route_iterate(struct route_ctx *c, const struct route_opts *o, u_int *a,
    struct route_score *s)
{
	struct route_score	 t;
	u_int			*b, kicks, i, size;

	if (c->n < 5)
		return;
	kicks = o->kicks;
	if (kicks == 0)
		kicks = c->windows ? 20 * c->n : 50 * c->n;
	size = (c->n + 2) * sizeof *a;
	b = xcalloc(c->n + 2, sizeof *b);
	for (i = 0; i < kicks && c->work < ROUTE_WORK_BUDGET; i++) {
		route_kick(c, a, b);
		route_score(c, b, &t);
		route_improve(c, b, &t);
		if (!route_better(s, &t)) {
			memcpy(a, b, size);
			*s = t;
		}
	}
	free(b);
}

/*
 * Solve p: the order, times and lateness into r (free it with
 * route_result_free). opts may be NULL for the defaults.
 */
int
route_solve(const struct route_problem *p, const struct route_opts *opts,
    struct route_result *r)
{
	struct route_opts	 def;
	struct route_ctx	 c;
	struct route_score	 s, t;
	u_int			*a, *b, i;
	int			 optimal = 0;

	if (opts == NULL) {
		route_opts_default(&def);
		opts = &def;
	}
	route_ctx_init(&c, p, opts);
	a = xcalloc(c.n + 2, sizeof *a);
	b = xcalloc(c.n + 2, sizeof *b);

	route_nearest(&c, a);
	route_score(&c, a, &s);
	if (opts->exact && !c.windows && c.n <= ROUTE_EXACT_MAX &&
	    c.n > 0) {
		route_exact_dp(&c, a, &s);
		optimal = 1;
	} else {
		if (!c.windows && c.symmetric) {
			route_cycle_solve(&c, opts, a, &s);
			goto done;
		}
		route_improve(&c, a, &s);
		if (c.windows) {
			route_by_close(&c, b);
			route_score(&c, b, &t);
			route_improve(&c, b, &t);
			if (route_better(&t, &s)) {
				memcpy(a, b, (c.n + 2) * sizeof *a);
				s = t;
			}
		}
		if (opts->exact && c.windows &&
		    c.n <= ROUTE_EXACT_WIN_MAX) {
			route_exact_search(&c, a, &s);
			optimal = 1;
		} else
			route_iterate(&c, opts, a, &s);
	}
done:
	if (c.n <= 1)
		optimal = 1;

	for (i = 0; i < c.n; i++)
		b[i] = a[i + 1] - 1;
	route_evaluate(p, b, r);
	r->optimal = optimal;
	r->cost = s.cost;
	free(b);
	free(a);
	route_ctx_free(&c);
	return (0);
}

/* The times, distance and lateness of visiting the stops in order. */
void
route_evaluate(const struct route_problem *p, const u_int *order,
    struct route_result *r)
{
	const struct route_stop	*st;
	int64_t			 now = p->depart;
	u_int			 i, prev = 0, node;

	memset(r, 0, sizeof *r);
	r->n = p->n;
	r->order = xcalloc(p->n + 1, sizeof *r->order);
	r->arrive = xcalloc(p->n + 1, sizeof *r->arrive);
	r->late = xcalloc(p->n + 1, sizeof *r->late);
	r->depart = p->depart;
	for (i = 0; i < p->n; i++) {
		node = order[i] + 1;
		st = &p->stops[order[i]];
		r->order[i] = order[i];
		r->distance += route_distance(p, prev, node);
		r->cost += p->dur != NULL ? route_duration(p, prev, node) :
		    route_distance(p, prev, node);
		now += route_duration(p, prev, node);
		r->arrive[i] = now;
		if (st->window) {
			if (now < st->open)
				now = st->open;
			else if (now > st->close) {
				r->late[i] = now - st->close;
				r->late_total += r->late[i];
			}
		}
		now += st->service;
		prev = node;
	}
	r->distance += route_distance(p, prev, 0);
	r->cost += p->dur != NULL ? route_duration(p, prev, 0) :
	    route_distance(p, prev, 0);
	now += route_duration(p, prev, 0);
	r->back = now;
	r->duration = now - p->depart;
}

void
route_result_free(struct route_result *r)
{
	free(r->order);
	free(r->arrive);
	free(r->late);
	memset(r, 0, sizeof *r);
}

/*
 * OSRM's table service (route-url): the question for the road times
 * between n points (the depot first) and the reading of its answer,
 * shared by stashd (route-osrm.c, without blocking) and stashctl
 * (ctl-route.c, synchronously).
 */

/* "-104.990300" from micro-degrees. */
static void
route_osrm_deg(struct buf *b, int32_t v)
{
	int64_t	a = v < 0 ? -(int64_t)v : v;

	buf_printf(b, "%s%lld.%06lld", v < 0 ? "-" : "", (long long)(a /
	    1000000), (long long)(a % 1000000));
}

/* The table's URL into u (NUL-terminated): url/table/v1/driving/LON,LAT;... */
void
route_osrm_url(struct buf *u, const char *url, const struct route_point *pts,
    u_int n)
{
	u_int	i;

	buf_addstr(u, url);
	while (u->len > 0 && ((char *)u->data)[u->len - 1] == '/')
		u->len--;
	buf_addstr(u, "/table/v1/driving/");
	for (i = 0; i < n; i++) {
		if (i != 0)
			buf_addc(u, ';');
		route_osrm_deg(u, pts[i].lon);
		buf_addc(u, ',');
		route_osrm_deg(u, pts[i].lat);
	}
	buf_addstr(u, "?annotations=duration,distance");
	buf_addc(u, '\0');
}

/* One n x n matrix of whole non-negative numbers, rounded; -1 if not. */
static int
route_osrm_matrix(json_t *a, u_int n, int64_t **out)
{
	json_t	*row, *v;
	size_t	 i, k;
	double	 d;

	if (!json_is_array(a) || json_array_size(a) != n)
		return (-1);
	*out = xcalloc((size_t)n * n, sizeof **out);
	json_array_foreach(a, i, row) {
		if (!json_is_array(row) || json_array_size(row) != n)
			goto bad;
		json_array_foreach(row, k, v) {
			if (!json_is_number(v))
				goto bad;	/* null: no road between */
			d = json_number_value(v);
			if (!(d >= 0 && d <= ROUTE_MATRIX_MAX))
				goto bad;
			(*out)[i * n + k] = (int64_t)(d + 0.5);
		}
	}
	return (0);
bad:
	free(*out);
	*out = NULL;
	return (-1);
}

/*
 * The service's answer (HTTP status, body) for n points: NULL with the
 * durations (and the distances, if it gave them; else NULL) as n x n
 * matrices the caller frees, or why it cannot be used.
 */
const char *
route_osrm_table(long status, const void *body, size_t len, u_int n,
    int64_t **dur, int64_t **dist)
{
	json_t		*j;
	json_error_t	 e;
	const char	*why = NULL, *code;

	*dur = *dist = NULL;
	if (status != 200)
		return ("the route service refused the table");
	if ((j = json_loadb(body, len, 0, &e)) == NULL)
		return ("the route service's answer is not a table");
	code = json_string_value(json_object_get(j, "code"));
	if (!json_is_object(j) || code == NULL || strcmp(code, "Ok") != 0)
		why = "the route service's answer is not a table";
	else if (route_osrm_matrix(json_object_get(j, "durations"), n,
	    dur) != 0)
		why = "the route service gave no road time between two stops";
	else if (json_object_get(j, "distances") != NULL &&
	    route_osrm_matrix(json_object_get(j, "distances"), n, dist) != 0)
		why = "the route service gave no road distance between two "
		    "stops";
	json_decref(j);
	if (why != NULL) {
		free(*dur);
		free(*dist);
		*dur = *dist = NULL;
	}
	return (why);
}
