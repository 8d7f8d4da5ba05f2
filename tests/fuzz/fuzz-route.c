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
 * libFuzzer harness for "stashctl route" input (route.c's route_parse):
 * any bytes as the JSON document. A bad problem must be refused with a
 * message; a good one is solved (with few kicks, to keep each run short)
 * and the answer must visit every stop once, late only where a window
 * closed before the arrival. Seeds: tests/fuzz/corpus/route.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "route.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct route_problem	 p;
	struct route_result	 r;
	struct route_opts	 o;
	json_t			*j;
	json_error_t		 e;
	char			*cause;
	u_char			 seen[ROUTE_STOPS_MAX];
	u_int			 i;

	if (size > ROUTE_INPUT_MAX)
		return (0);
	j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		return (0);
	if (route_parse(j, 1781474400, &p, &cause) != 0) {
		if (cause == NULL)
			abort();	/* a refusal always says why */
		free(cause);
		json_decref(j);
		return (0);
	}
	json_decref(j);
	route_opts_default(&o);
	o.kicks = 20;
	route_solve(&p, &o, &r);
	if (r.n != p.n)
		abort();
	memset(seen, 0, sizeof seen);
	for (i = 0; i < r.n; i++) {
		if (r.order[i] >= p.n || seen[r.order[i]])
			abort();
		seen[r.order[i]] = 1;
		if (r.late[i] < 0 || (r.late[i] > 0 &&
		    (!p.stops[r.order[i]].window ||
		    r.arrive[i] - r.late[i] != p.stops[r.order[i]].close)))
			abort();
	}
	if (r.distance < 0 || r.duration < 0)
		abort();
	route_result_free(&r);
	route_problem_free(&p);
	return (0);
}
