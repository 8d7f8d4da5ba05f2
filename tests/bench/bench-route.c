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

/*
 * bench-route: the route optimiser's figures (doc/benchmarks.md). Not
 * pass/fail. Random problems from fixed seeds, stops within about 15 km of
 * a depot, detour 1, no windows unless said:
 *
 *  - up to 12 stops: the answer against the optimum (Held-Karp here, apart
 *    from route.c's), with the defaults and with the heuristic alone;
 *  - 50 stops: the answer against the best tour of a long search: random
 *    restarts of 2-opt + or-opt (written here) from random orders, and
 *    route.c's own search run much longer from other seeds; the gap is
 *    (answer - best) / best, the goal under 2%;
 *  - solve time at 60 stops (the goal under 50 ms), with and without
 *    windows, and at 100 (ROUTE_STOPS_MAX) with windows.
 *
 * Options: -q quick (fewer instances, shorter reference search).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stash.h"
#include "route.h"

#define T0	1781474400

static uint64_t
br_rand(uint64_t *s)
{
	uint64_t	x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return (x * UINT64_C(2685821657736338717));
}

/*
 * Windows that some order keeps: a random order's arrival times, each
 * window an hour around its stop's, on two stops in three; 3 minutes at
 * each stop.
 */
static void
br_windows(uint64_t *rs, struct route_problem *p)
{
	struct route_result	r;
	u_int			*order, i, j, t;

	order = xcalloc(p->n, sizeof *order);
	for (i = 0; i < p->n; i++) {
		order[i] = i;
		p->stops[i].service = 180;
	}
	for (i = p->n - 1; i > 0; i--) {
		j = br_rand(rs) % (i + 1);
		t = order[i]; order[i] = order[j]; order[j] = t;
	}
	route_evaluate(p, order, &r);
	for (i = 0; i < p->n; i++) {
		if (i % 3 == 2)
			continue;
		p->stops[order[i]].window = 1;
		p->stops[order[i]].open = r.arrive[i] - 1800;
		p->stops[order[i]].close = r.arrive[i] + 1800;
	}
	route_result_free(&r);
	free(order);
}

static void
br_problem(uint64_t *rs, u_int n, int windows, struct route_problem *p)
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
		    (int32_t)(br_rand(rs) % 270000);
		p->stops[i].at.lon = p->depot.lon - 175000 +
		    (int32_t)(br_rand(rs) % 350000);
	}
	if (windows)
		br_windows(rs, p);
}

static int64_t *
br_matrix(const struct route_problem *p)
{
	u_int	 m = p->n + 1, i, j;
	int64_t	*d;

	d = xcalloc((size_t)m * m, sizeof *d);
	for (i = 0; i < m; i++)
		for (j = 0; j < m; j++)
			d[i * m + j] = route_distance(p, i, j);
	return (d);
}

static int64_t
br_held_karp(const struct route_problem *p)
{
	u_int	 n = p->n, m = n + 1, S, j, k;
	int64_t	*f, *d, best = INT64_MAX, v;

	d = br_matrix(p);
	f = xcalloc((size_t)n << n, sizeof *f);
	for (S = 1; S < (1U << n); S++) {
		for (j = 0; j < n; j++) {
			if (!(S >> j & 1))
				continue;
			if (S == 1U << j) {
				f[(size_t)S * n + j] = d[j + 1];
				continue;
			}
			f[(size_t)S * n + j] = INT64_MAX;
			for (k = 0; k < n; k++) {
				if (k == j || !(S >> k & 1))
					continue;
				v = f[(size_t)(S ^ (1U << j)) * n + k] +
				    d[(k + 1) * m + j + 1];
				if (v < f[(size_t)S * n + j])
					f[(size_t)S * n + j] = v;
			}
		}
	}
	for (j = 0; j < n; j++) {
		v = f[(size_t)((1U << n) - 1) * n + j] + d[(j + 1) * m];
		if (v < best)
			best = v;
	}
	free(f);
	free(d);
	return (best);
}

/* 2-opt then or-opt to a local optimum; a[0] = a[n + 1] = 0. */
static int64_t
br_local(const int64_t *d, u_int m, u_int *a, u_int *tmp)
{
	u_int	n = m - 1, i, j, k, e, x, o, y, t;
	int64_t	delta, gain, add, c;
	int	improved = 1;

#define D(u, v)	d[(size_t)(u) * m + (v)]
	while (improved) {
		improved = 0;
		for (i = 0; i + 2 <= n; i++) {
			for (j = i + 2; j <= n; j++) {
				delta = D(a[i], a[j]) + D(a[i + 1], a[j + 1]) -
				    D(a[i], a[i + 1]) - D(a[j], a[j + 1]);
				if (delta < 0) {
					for (x = i + 1, y = j; x < y; x++, y--) {
						t = a[x]; a[x] = a[y]; a[y] = t;
					}
					improved = 1;
				}
			}
		}
		for (k = 1; k <= 3 && k < n; k++) {
			for (i = 1; i + k - 1 <= n; i++) {
				e = i + k - 1;
				gain = D(a[i - 1], a[i]) + D(a[e], a[e + 1]) -
				    D(a[i - 1], a[e + 1]);
				for (j = 0; j <= n; j++) {
					if (j + 1 >= i && j <= e)
						continue;
					add = D(a[j], a[i]) + D(a[e], a[j + 1]) -
					    D(a[j], a[j + 1]);
					if (add >= gain)
						continue;
					o = 0;
					for (x = 0; x <= n + 1; x++) {
						if (x >= i && x <= e)
							continue;
						tmp[o++] = a[x];
						if (x == j)
							for (y = i; y <= e; y++)
								tmp[o++] = a[y];
					}
					memcpy(a, tmp, (n + 2) * sizeof *a);
					improved = 1;
					break;
				}
			}
		}
	}
	c = 0;
	for (i = 0; i <= n; i++)
		c += D(a[i], a[i + 1]);
	return (c);
#undef D
}

/* The best of r random restarts of br_local. */
static int64_t
br_restarts(const struct route_problem *p, u_int r, uint64_t seed)
{
	u_int	 n = p->n, m = n + 1, *a, *tmp, i, j, t, k;
	int64_t	*d, best = INT64_MAX, c;

	d = br_matrix(p);
	a = xcalloc(n + 2, sizeof *a);
	tmp = xcalloc(n + 2, sizeof *tmp);
	for (k = 0; k < r; k++) {
		for (i = 1; i <= n; i++)
			a[i] = i;
		for (i = n; i > 1; i--) {
			j = 1 + br_rand(&seed) % i;
			t = a[i]; a[i] = a[j]; a[j] = t;
		}
		c = br_local(d, m, a, tmp);
		if (c < best)
			best = c;
	}
	free(tmp);
	free(a);
	free(d);
	return (best);
}

/* CPU time in microseconds: the 2 cores here are shared. */
static int64_t
br_cpu(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

static int64_t
br_solve(const struct route_problem *p, const struct route_opts *o,
    double *ms, struct route_result *keep)
{
	struct route_result	r;
	int64_t			t, c;

	t = br_cpu();
	route_solve(p, o, &r);
	*ms = (br_cpu() - t) / 1000.0;
	c = r.cost;
	if (keep != NULL)
		*keep = r;
	else
		route_result_free(&r);
	return (c);
}

static int
br_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static void
br_times(const char *what, u_int n, int windows, u_int count)
{
	struct route_problem	p;
	struct route_result	r;
	double			*ms, sum = 0;
	uint64_t		rs = 0x600d + n + windows;
	int64_t			late = 0;
	u_int			i, nlate = 0;

	ms = xcalloc(count, sizeof *ms);
	for (i = 0; i < count; i++) {
		br_problem(&rs, n, windows, &p);
		br_solve(&p, NULL, &ms[i], &r);
		sum += ms[i];
		late += r.late_total;
		if (r.late_total > 0)
			nlate++;
		route_result_free(&r);
		route_problem_free(&p);
	}
	qsort(ms, count, sizeof *ms, br_cmp);
	printf("%-44s %8.2f ms %8.2f ms %8.2f ms", what, sum / count,
	    ms[count / 2], ms[count - 1]);
	if (windows)
		printf("   (%u/%u late, %lld s)", nlate, count,
		    (long long)late);
	printf("\n");
	free(ms);
}

int
main(int argc, char **argv)
{
	struct route_problem	p;
	struct route_opts	o;
	uint64_t		rs;
	int64_t			best, got, heur, ref, c;
	double			ms, msh, sum_ms, sum_msh, gap, gsum, gmax;
	u_int			n, k, count, hit, hhit, restarts, seeds, s;
	int			ch, quick = 0;

	while ((ch = getopt(argc, argv, "q")) != -1) {
		switch (ch) {
		case 'q':
			quick = 1;
			break;
		default:
			fprintf(stderr, "usage: bench-route [-q]\n");
			return (1);
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("[the route optimiser: random stops within ~15 km, detour 1; "
	    "built %s]\n", BENCH_CFLAGS);

	printf("\n%-10s %-9s %-22s %-12s %-24s %s\n", "stops", "cases",
	    "optimal (defaults)", "mean time", "optimal (heuristic only)",
	    "mean time");
	for (n = 4; n <= ROUTE_EXACT_MAX; n += 2) {
		count = quick ? 10 : (n <= 10 ? 100 : 40);
		rs = 0xbe5c + n;
		hit = hhit = 0;
		sum_ms = sum_msh = 0;
		for (k = 0; k < count; k++) {
			memset(&p, 0, sizeof p);
			br_problem(&rs, n, 0, &p);
			best = br_held_karp(&p);
			got = br_solve(&p, NULL, &ms, NULL);
			route_opts_default(&o);
			o.exact = 0;
			heur = br_solve(&p, &o, &msh, NULL);
			hit += got == best;
			hhit += heur == best;
			sum_ms += ms;
			sum_msh += msh;
			route_problem_free(&p);
		}
		printf("%-10u %-9u %3u/%-18u %7.3f ms   %3u/%-20u %7.3f ms\n",
		    n, count, hit, count, sum_ms / count, hhit, count,
		    sum_msh / count);
	}

	count = quick ? 3 : 10;
	restarts = quick ? 200 : 3000;
	seeds = quick ? 2 : 8;
	printf("\n50 stops, %u cases: the answer against the best of %u "
	    "random restarts\n(2-opt + or-opt) and %u runs of route.c with "
	    "other seeds and 20x the kicks\n", count, restarts, seeds);
	printf("%-6s %-12s %-12s %-12s %-10s %s\n", "case", "answer m",
	    "best m", "restarts m", "gap", "time");
	rs = 0x50;
	gsum = gmax = 0;
	for (k = 0; k < count; k++) {
		br_problem(&rs, 50, 0, &p);
		got = br_solve(&p, NULL, &ms, NULL);
		ref = br_restarts(&p, restarts, 0x1000 + k);
		best = ref;
		for (s = 0; s < seeds; s++) {
			route_opts_default(&o);
			o.seed = 0x9e3779b97f4a7c15ULL * (s + 2);
			o.kicks = 50 * 50 * 20;
			c = br_solve(&p, &o, &msh, NULL);
			if (c < best)
				best = c;
		}
		if (got < best)
			best = got;
		gap = 100.0 * (got - best) / best;
		gsum += gap;
		if (gap > gmax)
			gmax = gap;
		printf("%-6u %-12lld %-12lld %-12lld %6.3f %%   %.2f ms\n", k,
		    (long long)got, (long long)best, (long long)ref, gap, ms);
		route_problem_free(&p);
	}
	printf("%-6s mean gap %.3f %%, worst %.3f %% (goal: under 2%%)\n", "",
	    gsum / count, gmax);

	count = quick ? 5 : 20;
	printf("\nsolve time (CPU), %u cases each (goal: under 50 ms at 60 "
	    "stops)\n",
	    count);
	printf("%-44s %11s %11s %11s\n", "", "mean", "median", "max");
	br_times("60 stops, no windows", 60, 0, count);
	br_times("60 stops, 1 h windows on 2 in 3", 60, 1, count);
	br_times("100 stops, no windows", 100, 0, count);
	br_times("100 stops, 1 h windows on 2 in 3", 100, 1, count);
	return (0);
}
