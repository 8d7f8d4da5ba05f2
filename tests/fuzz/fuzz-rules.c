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
 * libFuzzer harness for the rule file parser (rules.c): rules_load on the
 * input as a whole rule file, and rules_tax_local on it as a local tax
 * file added to Colorado's rules. A rule file is outside input (DESIGN
 * rule 6): it must be refused with a message, never read past its end,
 * and a refused local tax file must leave the state's taxes as they were.
 * A file that loads has its delivery rules run against a small trip (two
 * orders, floating stock, a stop and a restock): every verdict must carry
 * its reasons. The parser reads a file by path, so each input is written
 * to one temporary file first. Seeds: tests/fuzz/corpus/rules
 * (contrib/rules, and "delivery" with every delivery rule).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stash.h"
#include "rules.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The file, already unlinked: opened again by its /proc/self/fd name. */
static char	fuzz_path[64];
static int	fuzz_fd = -1;

static void
fuzz_write(const uint8_t *data, size_t size)
{
	char	tmp[] = "/tmp/fuzz-rules.XXXXXX";

	if (fuzz_fd == -1) {
		if ((fuzz_fd = mkstemp(tmp)) == -1)
			abort();
		unlink(tmp);
		snprintf(fuzz_path, sizeof fuzz_path, "/proc/self/fd/%d",
		    fuzz_fd);
	}
	if (ftruncate(fuzz_fd, 0) != 0 ||
	    pwrite(fuzz_fd, data, size, 0) != (ssize_t)size)
		abort();
}

/* Check one verdict: refused exactly when it names a broken rule. */
static void
fuzz_verdict(const struct rules *r, const struct delivery_trip *t)
{
	struct delivery_result	 res;
	char			*cause;
	u_int			 i;

	if (delivery_rules_check(r, t, &res, &cause) != 0)
		abort();	/* the trip is well formed */
	if (res.allow != (res.nv == 0))
		abort();
	for (i = 0; i < res.nv; i++) {
		if (res.v[i].rule == NULL || res.v[i].message == NULL ||
		    (r->delivery == RULES_DELIVERY_ALLOWED &&
		    res.v[i].cite == NULL && strcmp(res.v[i].rule,
		    "dynamic") != 0))
			abort();
	}
	delivery_rules_result_free(&res);
}

static void
fuzz_trip(const struct rules *r)
{
	struct delivery_trip	 t;
	struct delivery_order	 o[2];
	struct delivery_item	 it[3], more;
	char			*cause;

	memset(&t, 0, sizeof t);
	memset(o, 0, sizeof o);
	memset(it, 0, sizeof it);
	o[0].type = LC_ADULT;
	o[0].dest = RULES_DEST_RESIDENCE;
	o[0].placed = INT64_C(1781460000) * 1000000;	/* 2026-06-14 */
	o[0].eta = INT64_C(1781470000) * 1000000;
	o[1].type = LC_MEDICAL;
	o[1].dest = RULES_DEST_HOTEL;
	o[1].prior_today = 1;
	it[0].order = 0;
	it[0].qty = 2;
	it[0].price = 400000;
	it[0].weight = 14000;
	it[1].order = 1;
	it[1].qty = 1;
	it[1].price = 300000;
	it[1].weight = 28000;
	it[2].order = -1;
	it[2].qty = 1;
	it[2].price = 350000;
	t.at = INT64_C(1781465000) * 1000000;
	t.orders = xcalloc(2, sizeof *t.orders);
	memcpy(t.orders, o, sizeof o);
	t.norders = 2;
	t.items = xcalloc(3, sizeof *t.items);
	memcpy(t.items, it, sizeof it);
	t.nitems = 3;
	t.crew = 1;
	t.crew_min_age = 20;
	fuzz_verdict(r, &t);
	if (delivery_rules_stop(&t, 0, DELIVERY_DELIVERED, &cause) != 0 ||
	    delivery_rules_stop(&t, 1, DELIVERY_FAILED, &cause) != 0)
		abort();
	more = it[2];
	if (delivery_rules_restock(&t, NULL, 0, &more, 1, &cause) != 0)
		abort();
	t.at += INT64_C(86400) * 200 * 1000000;	/* another season */
	fuzz_verdict(r, &t);
	free(t.orders);
	free(t.items);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rules	*r;
	char		*cause;
	u_int		 ntaxes, i;

	if (size == 0)
		return (0);
	fuzz_write(data + 1, size - 1);
	if (data[0] & 1) {
		/* A local tax file on top of a state's rules. */
		r = rules_load(STASH_SRCRULESDIR "/US-CO", &cause);
		if (r == NULL)
			abort();	/* the shipped file must load */
		ntaxes = r->ntaxes;
		if (rules_tax_local(r, fuzz_path, &cause) != 0) {
			if (r->ntaxes != ntaxes || r->tax_local != NULL)
				abort();	/* half a tax set */
			free(cause);
		}
		rules_free(r);
		return (0);
	}
	if ((r = rules_load(fuzz_path, &cause)) == NULL) {
		if (cause == NULL)
			abort();	/* a refusal always says why */
		free(cause);
		return (0);
	}
	for (i = 0; i < r->npools; i++)
		(void)rules_pool(r, r->pools[i].name);
	for (i = 0; i < r->ndrules; i++) {
		if (r->drules[i].kind == RD_REFUSAL &&
		    rules_refusal(r, r->drules[i].name, NULL) == NULL)
			abort();
	}
	fuzz_trip(r);
	rules_free(r);
	return (0);
}
