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

#include "ctl.h"
#include "reply.h"
#include "trip.h"

/*
 * What drivers' handhelds synced, read from the ledger: the delivery
 * exceptions a manager resolves (trip exceptions).
 */

#define CTL_DRIVER_EXC_MAX	1000

struct ctl_driver_list {
	struct stashctl_list	 l;
	u_int			 n;
};

static int
ctl_driver_exception(const struct dexc *x, void *arg)
{
	struct ctl_driver_list	*dl = arg;
	char			 when[64], msg[sizeof x->message];

	if (dl->n++ >= CTL_DRIVER_EXC_MAX)
		return (1);
	if (dl->l.arr != NULL) {
		json_array_append_new(dl->l.arr, reply_dexc(x));
		return (0);
	}
	fprintf(dl->l.f, "%6llu  %-8s  %5llu  %6llu  %6llu  %-19s  %s\n",
	    (unsigned long long)x->id, store_dexc_status_name(x->status),
	    (unsigned long long)x->trip, (unsigned long long)x->order,
	    (unsigned long long)x->sale, stashctl_time(dl->l.ctl, x->at, when,
	    sizeof when), stashctl_clean(x->message, msg, sizeof msg));
	return (0);
}

/* trip exceptions [--all]: the open ones, or every one. */
int
ctl_driver_exceptions(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_driver_list	 dl;
	char			 head[128];

	snprintf(head, sizeof head, "%6s  %-8s  %5s  %6s  %6s  %-19s  %s\n",
	    "EXC", "STATUS", "TRIP", "ORDER", "SALE", "AT", "WHAT IT BROKE");
	dl.n = 0;
	if (stashctl_list_begin(ctl, &dl.l, head) != 0)
		return (-1);
	store_dexc_walk(&dl.l.t, stashctl_flag(args, "all") ? 0 : DEXC_OPEN,
	    ctl_driver_exception, &dl);
	return (stashctl_list_end(&dl.l));
}
