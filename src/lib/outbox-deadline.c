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

#include "store.h"
#include "outbox-deadline.h"

/*
 * Each unreported event has the deadline of its customer type: a sale to
 * a patient or a caregiver (or a void or return of one, or its delivery,
 * planned or retailer) the rule file's medical deadline, everything else (adult sales, adjustments) its adult
 * one; where the file has none, or no rule file is loaded, the
 * metrc-deadline option's. The status shows the event with the least time
 * left, and warns as outbox_deadline_left does.
 */

/* Is this job's sale a medical one (patient, caregiver, out of state)? */
static int
outbox_deadline_medical(struct store_txn *t, const struct outbox_job *j,
    struct sale *s, struct sale_return *ret)
{
	struct customer	cu;
	uint64_t	sale;

	switch (j->kind) {
	case OUTBOX_RECEIPT:
	case OUTBOX_DELETE:
	case OUTBOX_DELIVERY:
	case OUTBOX_RETAILER_SALE:
		sale = j->subject;
		break;
	case OUTBOX_RETURN:
		if (store_return_get(t, j->subject, ret) != 0)
			return (0);
		sale = ret->sale;
		break;
	default:
		/* Adjustments and moves: the adult (general) deadline. */
		return (0);
	}
	if (store_sale_get(t, sale, s) != 0 || s->customer == 0 ||
	    store_customer_get(t, s->customer, &cu) != 0)
		return (0);
	return (cu.type == CUSTOMER_MEDICAL || cu.type == CUSTOMER_CAREGIVER ||
	    cu.type == CUSTOMER_OOS_PATIENT);
}

static int64_t
outbox_deadline_of(const struct rules *r, int medical, int64_t fallback,
    const char **source)
{
	int	which = medical ? RULES_DEADLINE_MEDICAL : RULES_DEADLINE_ADULT;

	if (r != NULL && r->deadline[which] > 0) {
		*source = "rules";
		return (r->deadline[which]);
	}
	*source = "metrc-deadline";
	return (fallback);
}

/* The walk of the pending jobs for the status. */
struct outbox_deadline_walk {
	struct store_txn	*t;
	struct outbox_deadline	*dl;
	int64_t			 now;
	int64_t			 best_left;
	const char		*asrc, *msrc;
	struct sale		*s;
	struct sale_return	*ret;
};

/* One pending job: is it the nearest its deadline so far? */
static int
outbox_deadline_one(const struct outbox_job *j, void *arg)
{
	struct outbox_deadline_walk	*w = arg;
	struct outbox_deadline		*dl = w->dl;
	int64_t				 d, left;
	int				 medical;

	if (j->created > w->now)
		return (0);	/* held, not owed yet (outbox_destroy) */
	medical = outbox_deadline_medical(w->t, j, w->s, w->ret);
	d = medical ? dl->medical : dl->adult;
	left = d * 1000000 - (w->now - j->created);
	if (dl->oldest == 0 || left < w->best_left) {
		dl->oldest = j->created;
		w->best_left = left;
		dl->deadline = d;
		dl->source = medical ? w->msrc : w->asrc;
		dl->is_medical = medical;
	}
	return (0);
}

/*
 * The deadline part of the status, for the unreported event nearest its
 * deadline (none: dl->oldest is 0): which deadline (adult or medical),
 * where it came from (the rule file or the metrc-deadline option, with
 * the rule file's citation) and both deadlines in force. r may be NULL.
 * -1 if the ledger failed (t->ret says why).
 */
int
outbox_deadline_status(struct store_txn *t, const struct rules *r,
    int64_t fallback, int64_t now, struct outbox_deadline *dl)
{
	struct outbox_deadline_walk	w;

	memset(dl, 0, sizeof *dl);
	memset(&w, 0, sizeof w);
	w.t = t;
	w.dl = dl;
	w.now = now;
	dl->adult = outbox_deadline_of(r, 0, fallback, &w.asrc);
	dl->medical = outbox_deadline_of(r, 1, fallback, &w.msrc);
	dl->deadline = dl->adult;
	dl->source = w.asrc;
	dl->cite = NULL;
	w.s = xmalloc(sizeof *w.s);
	w.ret = xmalloc(sizeof *w.ret);
	outbox_due_walk(t, OUTBOX_DEADLINE_SCAN, outbox_deadline_one, &w);
	free(w.ret);
	free(w.s);
	if (dl->oldest != 0 && strcmp(dl->source, "rules") == 0)
		dl->cite = r->deadline_cite[dl->is_medical ?
		    RULES_DEADLINE_MEDICAL : RULES_DEADLINE_ADULT];
	return (t->ret != 0 ? -1 : 0);
}

/*
 * How long the nearest event has left at now, in seconds (negative once
 * passed), and a warning (in buf, len bytes) once less than a quarter of
 * the deadline is left or it has passed; buf is empty if there is none.
 */
int64_t
outbox_deadline_left(const struct outbox_deadline *dl, int64_t now,
    char *buf, size_t len)
{
	int64_t	age, left;

	buf[0] = '\0';
	if (dl->oldest == 0)
		return (0);
	age = (now - dl->oldest) / 1000000;
	left = dl->deadline - age;
	if (left < 0) {
		snprintf(buf, len, "the oldest unreported event is %lld "
		    "seconds old, past the state's %lld-second reporting "
		    "deadline: it will be in the exception report",
		    (long long)age, (long long)dl->deadline);
	} else if (age * 100 >= dl->deadline * OUTBOX_WARN_PCT) {
		snprintf(buf, len, "the oldest unreported event is %lld "
		    "seconds old; the state's reporting deadline is passed in "
		    "%lld seconds: check the connection to the state system",
		    (long long)age, (long long)left);
	}
	return (left);
}
