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
 * libFuzzer harness for the order document (order.create's args, and
 * what "stashctl order create --json" reads on stdin): order_parse must
 * refuse bad input with a message naming what was wrong, never crash or
 * read past what it was given; an accepted document must hold what the
 * parser promises (a ref, a customer, 1..ORDER_LINES lines each by
 * product or SKU with a positive quantity, a window that ends after it
 * starts, an address only for a delivery). Also the zone settings'
 * parser, on the same bytes split at the first newline. Seeds:
 * tests/fuzz/corpus/order.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "order.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_zones(const uint8_t *data, size_t size)
{
	struct order_conf	 c;
	char			*s, *nl, *cause = NULL;
	u_int			 i;

	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if ((nl = strchr(s, '\n')) == NULL) {
		free(s);
		return;
	}
	*nl++ = '\0';
	memset(&c, 0, sizeof c);
	if (order_zones_parse(s, nl, &c, &cause) != 0) {
		if (cause == NULL || *cause == '\0')
			abort();
		free(cause);
	} else {
		if (c.nzones > ORDER_ZONES)
			abort();
		for (i = 1; i < c.nzones; i++) {
			if (c.zones[i].radius <= c.zones[i - 1].radius)
				abort();
		}
		if (c.located)
			(void)order_distance(c.lat, c.lon, -c.lat, -c.lon);
	}
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct order_request	 rq;
	json_t			*j;
	json_error_t		 e;
	char			*cause = NULL;
	u_int			 i;

	fuzz_zones(data, size);
	j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		return (0);
	if (order_parse(j, &rq, &cause) != 0) {
		if (cause == NULL || *cause == '\0')
			abort();
		free(cause);
		json_decref(j);
		return (0);
	}
	if (rq.ref[0] == '\0' || rq.customer == 0 || rq.nlines == 0 ||
	    rq.nlines > ORDER_LINES || rq.window_end <= rq.window_start ||
	    (rq.channel == ORDER_DELIVERY) != rq.located)
		abort();
	for (i = 0; i < rq.nlines; i++) {
		if (rq.lines[i].qty <= 0 || (rq.lines[i].product != 0) ==
		    (rq.lines[i].sku[0] != '\0'))
			abort();
	}
	json_decref(j);
	return (0);
}
