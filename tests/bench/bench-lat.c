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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/* Latencies: an array of nanoseconds, sorted on demand for percentiles. */

void
bench_lat_init(struct bench_lat *l)
{
	memset(l, 0, sizeof *l);
}

void
bench_lat_add(struct bench_lat *l, int64_t ns)
{
	if (l->n == l->size) {
		l->size = l->size == 0 ? 4096 : l->size * 2;
		l->v = xreallocarray(l->v, l->size, sizeof *l->v);
	}
	l->v[l->n++] = ns;
	l->sorted = 0;
}

void
bench_lat_free(struct bench_lat *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int
bench_lat_cmp(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x < y ? -1 : x > y);
}

/* The p-th percentile (0 < p <= 100), nearest rank; -1 when empty. */
int64_t
bench_lat_pct(struct bench_lat *l, double p)
{
	size_t	rank;

	if (l->n == 0)
		return (-1);
	if (!l->sorted) {
		qsort(l->v, l->n, sizeof *l->v, bench_lat_cmp);
		l->sorted = 1;
	}
	rank = (size_t)(p / 100.0 * (double)l->n + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > l->n)
		rank = l->n;
	return (l->v[rank - 1]);
}

/* 1234567 ns -> "1.23 ms", 45678 -> "45.7 us". */
char *
bench_lat_fmt(int64_t ns, char *out, size_t len)
{
	if (ns < 0)
		snprintf(out, len, "-");
	else if (ns < 1000000)
		snprintf(out, len, "%.1f us", (double)ns / 1e3);
	else if (ns < 1000000000)
		snprintf(out, len, "%.2f ms", (double)ns / 1e6);
	else
		snprintf(out, len, "%.2f s", (double)ns / 1e9);
	return (out);
}
