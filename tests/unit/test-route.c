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

#include "unit.h"

#include "stash.h"
#include "route.h"

/*
 * route.c: great-circle distances and their rounding; the optimum for 12
 * stops or fewer without windows, checked against exact solvers written
 * here (every order for up to 8 stops, Held-Karp above) on random
 * instances from a fixed seed; the heuristic alone (no exact solver) on
 * the same; windows (a tight early window goes first, lateness reported
 * per stop, a feasible schedule found among 25 stops); a supplied one-way
 * duration matrix; the input's validation.
 */

#define T0	1781474400	/* 2026-06-14T22:00:00Z */

/* A random problem: n stops within about 15 km of a depot in Denver. */
static void
rand_problem(uint64_t *rs, u_int n, struct route_problem *p)
{
	u_int	i;

	memset(p, 0, sizeof *p);
	p->depot.lat = 39739000;
	p->depot.lon = -104990000;
	p->n = n;
	p->stops = xcalloc(n + 1, sizeof *p->stops);
	p->speed = 30000;
	p->detour = 1000;
	p->depart = T0;
	for (i = 0; i < n; i++) {
		xsnprintf(p->stops[i].id, sizeof p->stops[i].id, "S%u", i);
		p->stops[i].at.lat = p->depot.lat - 135000 +
		    (int32_t)(unit_rand(rs) % 270000);
		p->stops[i].at.lon = p->depot.lon - 175000 +
		    (int32_t)(unit_rand(rs) % 350000);
	}
}

/* The leg i -> j of what route.c minimises (0 is the depot). */
static int64_t
leg(const struct route_problem *p, u_int i, u_int j)
{
	return (p->dur != NULL ? route_duration(p, i, j) :
	    route_distance(p, i, j));
}

static int
next_perm(u_int *a, u_int n)
{
	u_int	i, j, t;

	if (n < 2)
		return (0);
	i = n - 1;
	while (i > 0 && a[i - 1] >= a[i])
		i--;
	if (i == 0)
		return (0);
	j = n - 1;
	while (a[j] <= a[i - 1])
		j--;
	t = a[i - 1]; a[i - 1] = a[j]; a[j] = t;
	for (j = n - 1; i < j; i++, j--) {
		t = a[i]; a[i] = a[j]; a[j] = t;
	}
	return (1);
}

/* Every order (n <= 8): the least cost of a tour. */
static int64_t
brute_force(const struct route_problem *p)
{
	u_int	a[8], i;
	int64_t	best = INT64_MAX, c;

	for (i = 0; i < p->n; i++)
		a[i] = i + 1;
	do {
		c = leg(p, 0, a[0]) + leg(p, a[p->n - 1], 0);
		for (i = 1; i < p->n; i++)
			c += leg(p, a[i - 1], a[i]);
		if (c < best)
			best = c;
	} while (next_perm(a, p->n));
	return (best);
}

/* Held-Karp, written apart from route.c's (n <= 12). */
static int64_t
held_karp(const struct route_problem *p)
{
	u_int	 n = p->n, S, j, k;
	int64_t	*f, best = INT64_MAX, v;

	f = xcalloc((size_t)n << n, sizeof *f);
	for (S = 1; S < (1U << n); S++) {
		for (j = 0; j < n; j++) {
			int64_t *fj = &f[(size_t)S * n + j];

			if (!(S >> j & 1))
				continue;
			if (S == 1U << j) {
				*fj = leg(p, 0, j + 1);
				continue;
			}
			*fj = INT64_MAX;
			for (k = 0; k < n; k++) {
				if (k == j || !(S >> k & 1))
					continue;
				v = f[(size_t)(S ^ (1U << j)) * n + k] +
				    leg(p, k + 1, j + 1);
				if (v < *fj)
					*fj = v;
			}
		}
	}
	for (j = 0; j < n; j++) {
		v = f[(size_t)((1U << n) - 1) * n + j] + leg(p, j + 1, 0);
		if (v < best)
			best = v;
	}
	free(f);
	return (best);
}

static void
check_permutation(const struct route_result *r, u_int n)
{
	u_char	seen[ROUTE_STOPS_MAX];
	u_int	i;

	assert_int_equal(r->n, n);
	memset(seen, 0, sizeof seen);
	for (i = 0; i < n; i++) {
		assert_true(r->order[i] < n);
		assert_false(seen[r->order[i]]);
		seen[r->order[i]] = 1;
	}
}

static void
test_gc(void **state)
{
	struct route_point	a = { 0, 0 }, b = { 1000000, 0 };
	struct route_point	sf = { 37774900, -122419400 };
	struct route_point	la = { 34052200, -118243700 };
	struct route_problem	p;
	struct route_stop	s;

	/* One degree of a meridian: 6371008.8 m * pi / 180. */
	assert_int_equal(route_gc(&a, &b), 111195);
	assert_int_equal(route_gc(&b, &a), 111195);
	assert_int_equal(route_gc(&a, &a), 0);
	/* San Francisco to Los Angeles, about 559 km. */
	assert_true(route_gc(&sf, &la) > 558000 && route_gc(&sf, &la) < 560000);
	assert_int_equal(route_gc(&sf, &la), route_gc(&la, &sf));

	/* 111195 m * 1.300 = 144553.5, halves up; at 30 km/h 17346.48 s. */
	memset(&p, 0, sizeof p);
	memset(&s, 0, sizeof s);
	s.at = b;
	p.depot = a;
	p.n = 1;
	p.stops = &s;
	p.speed = 30000;
	p.detour = 1300;
	assert_int_equal(route_distance(&p, 0, 1), 144554);
	assert_int_equal(route_duration(&p, 0, 1), 17346);
	p.detour = 1000;
	assert_int_equal(route_distance(&p, 1, 0), 111195);
	/* 111195 * 3600 / 30000 = 13343.4 */
	assert_int_equal(route_duration(&p, 1, 0), 13343);
}

/* The optimum, by the defaults, for 1 to 12 stops. */
static void
test_exact(void **state)
{
	struct route_problem	p;
	struct route_result	r;
	uint64_t		rs = 0x1234567;
	int64_t			best;
	u_int			n, k;

	for (n = 1; n <= ROUTE_EXACT_MAX; n++) {
		for (k = 0; k < (n <= 8 ? 40U : 8U); k++) {
			rand_problem(&rs, n, &p);
			best = n <= 8 ? brute_force(&p) : held_karp(&p);
			route_solve(&p, NULL, &r);
			check_permutation(&r, n);
			if (r.distance != best)
				fail_msg("n=%u case %u: %lld m, optimum %lld",
				    n, k, (long long)r.distance,
				    (long long)best);
			assert_int_equal(r.cost, best);
			assert_true(r.optimal);
			assert_int_equal(r.late_total, 0);
			route_result_free(&r);
			route_problem_free(&p);
		}
	}
}

/*
 * The heuristic alone (nearest neighbour, 2-opt, or-opt, iterated local
 * search) also finds the optimum on these sizes.
 */
static void
test_heuristic_small(void **state)
{
	struct route_problem	p;
	struct route_result	r;
	struct route_opts	o;
	uint64_t		rs = 0xabcdef;
	int64_t			best;
	u_int			n, k;

	route_opts_default(&o);
	o.exact = 0;
	for (n = 2; n <= ROUTE_EXACT_MAX; n++) {
		for (k = 0; k < 10; k++) {
			rand_problem(&rs, n, &p);
			best = n <= 8 ? brute_force(&p) : held_karp(&p);
			route_solve(&p, &o, &r);
			check_permutation(&r, n);
			if (r.distance != best)
				fail_msg("n=%u case %u: %lld m, optimum %lld",
				    n, k, (long long)r.distance,
				    (long long)best);
			route_result_free(&r);
			route_problem_free(&p);
		}
	}
}

/* A one-way duration matrix: minimised as given, exactly. */
static void
test_matrix(void **state)
{
	struct route_problem	p;
	struct route_result	r;
	uint64_t		rs = 0x77;
	u_int			n, i, j, k, m;

	for (k = 0; k < 20; k++) {
		n = 3 + k % 6;
		rand_problem(&rs, n, &p);
		m = n + 1;
		p.dur = xcalloc((size_t)m * m, sizeof *p.dur);
		p.dist = xcalloc((size_t)m * m, sizeof *p.dist);
		for (i = 0; i < m; i++) {
			for (j = 0; j < m; j++) {
				p.dur[i * m + j] = i == j ? 0 :
				    60 + unit_rand(&rs) % 1800;
				p.dist[i * m + j] = 7 * p.dur[i * m + j];
			}
		}
		route_solve(&p, NULL, &r);
		check_permutation(&r, n);
		assert_int_equal(r.cost, brute_force(&p));
		assert_int_equal(r.distance, 7 * r.cost);
		assert_int_equal(r.duration, r.cost);
		route_result_free(&r);
		route_problem_free(&p);
	}
}

/* A stop whose window closes soon goes first, though it is the farthest. */
static void
test_window_first(void **state)
{
	struct route_problem	p;
	struct route_result	r;
	struct route_opts	o;
	uint64_t		rs = 0x99;
	u_int			i, far = 0, exact;
	int64_t			d, dmax = 0;

	for (exact = 0; exact <= 1; exact++) {
		rand_problem(&rs, exact ? 6 : 20, &p);
		for (i = 0; i < p.n; i++) {
			d = route_distance(&p, 0, i + 1);
			if (d > dmax) {
				dmax = d;
				far = i;
			}
		}
		p.stops[far].window = 1;
		p.stops[far].open = T0;
		p.stops[far].close = T0 + route_duration(&p, 0, far + 1) + 60;
		for (i = 0; i < p.n; i++)
			p.stops[i].service = 300;
		route_opts_default(&o);
		o.exact = exact;
		route_solve(&p, &o, &r);
		check_permutation(&r, p.n);
		assert_int_equal(r.order[0], far);
		assert_int_equal(r.late_total, 0);
		assert_int_equal(r.late[0], 0);
		assert_int_equal(r.arrive[0], T0 + route_duration(&p, 0,
		    far + 1));
		route_result_free(&r);
		route_problem_free(&p);
		dmax = 0;
	}
}

/*
 * Two stops that cannot both be on time: one is late, by exactly its
 * arrival less its window's close, and the lateness is the least there is.
 */
static void
test_window_late(void **state)
{
	struct route_problem	p;
	struct route_result	r;
	int64_t			t1, t2, t12, late_a, late_b;
	u_int			i, nlate = 0;

	memset(&p, 0, sizeof p);
	p.depot.lat = 39739000;
	p.depot.lon = -104990000;
	p.n = 2;
	p.stops = xcalloc(3, sizeof *p.stops);
	p.speed = 30000;
	p.detour = 1300;
	p.depart = T0;
	strlcpy(p.stops[0].id, "north", sizeof p.stops[0].id);
	p.stops[0].at.lat = p.depot.lat + 40000;
	p.stops[0].at.lon = p.depot.lon;
	strlcpy(p.stops[1].id, "south", sizeof p.stops[1].id);
	p.stops[1].at.lat = p.depot.lat - 30000;
	p.stops[1].at.lon = p.depot.lon;
	for (i = 0; i < 2; i++) {
		p.stops[i].window = 1;
		p.stops[i].open = T0;
		p.stops[i].close = T0 + 900;
		p.stops[i].service = 120;
	}
	t1 = route_duration(&p, 0, 1);
	t2 = route_duration(&p, 0, 2);
	t12 = route_duration(&p, 1, 2);
	/* north then south: south is late; south then north: north. */
	late_a = t1 + 120 + t12 - 900;
	late_b = t2 + 120 + route_duration(&p, 2, 1) - 900;
	assert_true(late_a > 0 && late_b > 0);

	route_solve(&p, NULL, &r);
	check_permutation(&r, 2);
	assert_int_equal(r.late_total, late_a < late_b ? late_a : late_b);
	assert_int_equal(r.order[0], late_a < late_b ? 0U : 1U);
	for (i = 0; i < 2; i++) {
		if (r.late[i] > 0) {
			nlate++;
			assert_int_equal(r.late[i], r.arrive[i] -
			    p.stops[r.order[i]].close);
		}
	}
	assert_int_equal(nlate, 1);
	assert_int_equal(r.late[0], 0);
	assert_int_equal(r.duration, r.back - T0);
	route_result_free(&r);
	route_problem_free(&p);
}

/*
 * 25 stops, windows set around the times of a random order (so some order
 * is on time everywhere): the heuristic finds one with no lateness.
 */
static void
test_window_feasible(void **state)
{
	struct route_problem	p;
	struct route_result	r, plan;
	uint64_t		rs = 0x4242;
	u_int			order[25], i, j, t, k;

	for (k = 0; k < 3; k++) {
		rand_problem(&rs, 25, &p);
		for (i = 0; i < p.n; i++) {
			order[i] = i;
			p.stops[i].service = 240;
		}
		for (i = p.n - 1; i > 0; i--) {
			j = unit_rand(&rs) % (i + 1);
			t = order[i]; order[i] = order[j]; order[j] = t;
		}
		route_evaluate(&p, order, &plan);
		for (i = 0; i < p.n; i++) {
			if (i % 2 == 1)
				continue;	/* half without a window */
			p.stops[order[i]].window = 1;
			p.stops[order[i]].open = plan.arrive[i] - 600;
			p.stops[order[i]].close = plan.arrive[i] + 300;
		}
		route_result_free(&plan);
		route_solve(&p, NULL, &r);
		check_permutation(&r, p.n);
		assert_false(r.optimal);
		if (r.late_total != 0)
			fail_msg("case %u: %lld s late", k,
			    (long long)r.late_total);
		route_result_free(&r);
		route_problem_free(&p);
	}
}

static int
parse(const char *text, struct route_problem *p, char **cause)
{
	json_t		*j;
	json_error_t	 e;
	int		 rc;

	j = json_loads(text, 0, &e);
	if (j == NULL)
		fail_msg("bad test JSON: %s: %s", e.text, text);
	rc = route_parse(j, T0 + 5, p, cause);
	json_decref(j);
	return (rc);
}

static void
parse_bad(const char *text, const char *want)
{
	struct route_problem	 p;
	char			*cause = NULL;

	if (parse(text, &p, &cause) == 0)
		fail_msg("accepted: %s", text);
	if (cause == NULL || strstr(cause, want) == NULL)
		fail_msg("%s: \"%s\", wanted \"%s\"", text,
		    cause != NULL ? cause : "(none)", want);
	free(cause);
}

#define D	"\"depot\":{\"lat\":39.7,\"lon\":-104.9}"
#define W	"[\"2026-06-14T15:00:00-07:00\",\"2026-06-14T16:00:00-07:00\"]"

static void
test_parse(void **state)
{
	struct route_problem	 p;
	struct buf		 b;
	char			*cause = NULL;
	u_int			 i;

	assert_int_equal(parse("{" D ",\"speed_kmh\":25.5,\"detour\":1.25,"
	    "\"stops\":[{\"id\":\"A\",\"lat\":39.7512346,\"lon\":-104.95,"
	    "\"service_s\":300,\"window\":" W "},{\"id\":\"B\",\"lat\":40,"
	    "\"lon\":-105}]}", &p, &cause), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.speed, 25500);
	assert_int_equal(p.detour, 1250);
	assert_int_equal(p.stops[0].at.lat, 39751235);	/* nearest */
	assert_int_equal(p.stops[0].at.lon, -104950000);
	assert_int_equal(p.stops[0].service, 300);
	assert_true(p.stops[0].window);
	assert_int_equal(p.stops[0].open, T0);
	assert_int_equal(p.stops[0].close, T0 + 3600);
	assert_false(p.stops[1].window);
	/* No "depart": the earliest window's start. */
	assert_int_equal(p.depart, T0);
	route_problem_free(&p);

	/* Neither "depart" nor a window: now. Defaults for the rest. */
	assert_int_equal(parse("{" D ",\"stops\":[]}", &p, &cause), 0);
	assert_int_equal(p.depart, T0 + 5);
	assert_int_equal(p.speed, ROUTE_SPEED_DEFAULT);
	assert_int_equal(p.detour, ROUTE_DETOUR_DEFAULT);
	route_problem_free(&p);

	assert_int_equal(parse("{" D ",\"depart\":\"2026-06-14T14:30:00-07:00\","
	    "\"stops\":[{\"id\":\"A\",\"lat\":0,\"lon\":0,\"window\":" W "}]}",
	    &p, &cause), 0);
	assert_int_equal(p.depart, T0 - 1800);
	route_problem_free(&p);

	parse_bad("[]", "not a JSON object");
	parse_bad("{\"stops\":[]}", "depot: missing");
	parse_bad("{\"depot\":{\"lat\":91,\"lon\":0},\"stops\":[]}",
	    "depot.lat: not a latitude");
	parse_bad("{\"depot\":{\"lat\":0},\"stops\":[]}", "depot.lon: missing");
	parse_bad("{" D "}", "stops: missing");
	parse_bad("{" D ",\"stops\":[],\"colour\":1}", "colour: unknown field");
	parse_bad("{" D ",\"stops\":[],\"speed_kmh\":0}", "speed_kmh:");
	parse_bad("{" D ",\"stops\":[],\"detour\":0.9}", "detour:");
	parse_bad("{" D ",\"stops\":[],\"depart\":\"soon\"}", "depart:");
	parse_bad("{" D ",\"stops\":[{\"id\":\"A\",\"lat\":0,\"lon\":181}]}",
	    "stops[0].lon: not a longitude");
	parse_bad("{" D ",\"stops\":[{\"id\":\"A\",\"lat\":\"x\",\"lon\":1}]}",
	    "stops[0].lat: not a latitude");
	parse_bad("{" D ",\"stops\":[{\"id\":\"A\",\"lat\":1,\"lon\":1},"
	    "{\"id\":\"A\",\"lat\":2,\"lon\":2}]}",
	    "stops[1].id: \"A\" is already the id of stops[0]");
	parse_bad("{" D ",\"stops\":[{\"lat\":1,\"lon\":1}]}",
	    "stops[0].id: missing");
	parse_bad("{" D ",\"stops\":[{\"id\":\"\",\"lat\":1,\"lon\":1}]}",
	    "stops[0].id: not 1 to 32");
	parse_bad("{" D ",\"stops\":[{\"id\":\"A\",\"lat\":1,\"lon\":1,"
	    "\"service_s\":-1}]}", "stops[0].service_s:");
	parse_bad("{" D ",\"stops\":[{\"id\":\"A\",\"lat\":1,\"lon\":1,"
	    "\"window\":[\"2026-06-14T16:00:00-07:00\","
	    "\"2026-06-14T15:00:00-07:00\"]}]}",
	    "stops[0].window: ends before it starts");
	parse_bad("{" D ",\"stops\":[{\"id\":\"A\",\"lat\":1,\"lon\":1,"
	    "\"window\":[\"2026-06-14T16:00:00-07:00\"]}]}",
	    "stops[0].window: not two times");
	parse_bad("{" D ",\"stops\":[{\"id\":\"A\",\"lat\":1,\"lon\":1,"
	    "\"window\":[\"today\",\"2026-06-14T15:00:00-07:00\"]}]}",
	    "stops[0].window[0]:");
	parse_bad("{" D ",\"stops\":[{\"id\":\"A\",\"lat\":1,\"lon\":1,"
	    "\"eta\":1}]}", "stops[0].eta: unknown field");
	parse_bad("{" D ",\"stops\":[{\"id\":\"A\",\"lat\":1,\"lon\":1}],"
	    "\"durations_s\":[[0,1],[1]]}", "durations_s: not 2 rows of 2");
	parse_bad("{" D ",\"stops\":[{\"id\":\"A\",\"lat\":1,\"lon\":1}],"
	    "\"distances_m\":[[0,1],[-1,0]]}", "distances_m[1][0]:");

	/* ROUTE_STOPS_MAX stops are fine, one more is refused. */
	for (i = ROUTE_STOPS_MAX; i <= ROUTE_STOPS_MAX + 1; i++) {
		u_int x;

		buf_init(&b);
		buf_addstr(&b, "{" D ",\"stops\":[");
		for (x = 0; x < i; x++)
			buf_printf(&b, "%s{\"id\":\"s%u\",\"lat\":39.%u,"
			    "\"lon\":-104.%u}", x ? "," : "", x, x, x);
		buf_addstr(&b, "]}");
		if (i == ROUTE_STOPS_MAX) {
			assert_int_equal(parse(buf_cstr(&b), &p, &cause), 0);
			route_problem_free(&p);
		} else
			parse_bad(buf_cstr(&b), "stops: 101 stops, more than "
			    "the 100");
		buf_free(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gc),
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_heuristic_small),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_window_first),
		cmocka_unit_test(test_window_late),
		cmocka_unit_test(test_window_feasible),
		cmocka_unit_test(test_parse),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-route", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("route", tests, NULL, NULL));
}
