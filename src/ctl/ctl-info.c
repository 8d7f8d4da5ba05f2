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
#include <string.h>

#include "ctl.h"

/* stashctl info: the store and the size of its tables. */

int
ctl_info(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct store_counts	 sc;
	const struct {
		const char	*name;
		uint64_t	*n;
	} tables[] = {
		{ "staff", &sc.staff },
		{ "terminals", &sc.terminals },
		{ "products", &sc.products },
		{ "packages", &sc.packages },
		{ "sales", &sc.sales },
		{ "audit", &sc.audit },
	};
	struct store_txn	 t;
	struct store_info	*si = &ctl->info;
	json_t			*j, *counts;
	char			 when[32], c[4][128];
	u_int			 i;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	store_meta_counts(&t, &sc);
	store_abort(&t);

	if (ctl->json) {
		counts = json_object();
		for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
			json_object_set_new(counts, tables[i].name,
			    json_integer((json_int_t)*tables[i].n));
		}
		j = json_pack("{s:o,s:o,s:o,s:o,s:I,s:o,s:I,s:o}",
		    "name", stashctl_json_str(si->name),
		    "licence", stashctl_json_str(si->licence),
		    "state", stashctl_json_str(si->state),
		    "tz", stashctl_json_str(si->tz),
		    "created", (json_int_t)si->created,
		    "datadir", stashctl_json_str(ctl->datadir),
		    "mapsize", (json_int_t)store_mapsize(ctl->st),
		    "counts", counts);
		if (j == NULL) {
			stashctl_error("%s: not valid UTF-8", ctl->datadir);
			return (-1);
		}
		stashctl_json_print(j);
		return (0);
	}
	printf("store    %s\n", stashctl_clean(si->name, c[0], sizeof c[0]));
	printf("licence  %s\n", stashctl_clean(si->licence, c[1],
	    sizeof c[1]));
	printf("state    %s\n", stashctl_clean(si->state, c[2], sizeof c[2]));
	printf("tz       %s\n", stashctl_clean(si->tz, c[3], sizeof c[3]));
	printf("created  %s\n", stashctl_time(ctl, si->created, when,
	    sizeof when));
	printf("ledger   %s (map %zu MiB)\n", ctl->datadir,
	    store_mapsize(ctl->st) >> 20);
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		printf("%-10s%llu\n", tables[i].name,
		    (unsigned long long)*tables[i].n);
	}
	return (0);
}
