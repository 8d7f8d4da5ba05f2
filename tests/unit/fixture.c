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
#include "store.h"

/*
 * The test ledger the store, audit, sale and intake tests start from: a
 * fresh LMDB environment in a directory of its own, removed afterwards.
 */

/* A new ledger with a map of mapsize bytes; NULL (and why) if it fails. */
struct fixture *
fixture_open(const char *what, size_t mapsize)
{
	struct fixture	*f;
	char			*cause = NULL;

	f = xcalloc(1, sizeof *f);
	unit_tmpdir(f->dir, sizeof f->dir, what);
	if (store_open(f->dir, mapsize, 0, &f->st, &cause) != 0) {
		fprintf(stderr, "store_open: %s\n", cause);
		free(cause);
		unit_rmrf(f->dir);
		free(f);
		return (NULL);
	}
	return (f);
}

/* A cmocka teardown: close the ledger, remove its directory. */
int
fixture_teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->st);
	unit_rmrf(f->dir);
	free(f);
	return (0);
}

/*
 * A package as the tests make them: active on the floor, batch B1,
 * received at time 1, qty on hand as received; the caller sets the rest
 * and writes it.
 */
void
fixture_package(struct package *pk, const char *tag, uint32_t product,
    int64_t qty)
{
	memset(pk, 0, sizeof *pk);
	strlcpy(pk->tag, tag, sizeof pk->tag);
	pk->product = product;
	strlcpy(pk->batch, "B1", sizeof pk->batch);
	pk->qty = pk->received_qty = qty;
	pk->status = PACKAGE_ACTIVE;
	pk->received = 1;
	strlcpy(pk->location, "floor", sizeof pk->location);
}

/*
 * A sale of two lines for the payload tests: 2 units at 15.00 (package
 * ...0001) and 3.5 g at 10.00 a gram (...0002), 65.00 in all, no tax.
 */
struct sale *
fixture_sale_two(void)
{
	struct sale	*s;

	s = xcalloc(1, sizeof *s);
	s->id = 9;
	s->time = INT64_C(1795726980000000);
	s->nlines = 2;
	strlcpy(s->lines[0].tag, "6647210000000001", sizeof s->lines[0].tag);
	s->lines[0].qty = 2;
	s->lines[0].price = 1500;
	s->lines[0].total = 3000;
	s->lines[0].tax = -1;
	strlcpy(s->lines[1].tag, "6647210000000002", sizeof s->lines[1].tag);
	s->lines[1].unit_weight = 1;
	s->lines[1].qty = 3500;
	s->lines[1].price = 1000;
	s->lines[1].total = 3500;
	s->lines[1].tax = -1;
	s->subtotal = 6500;
	s->total = 6500;
	return (s);
}
