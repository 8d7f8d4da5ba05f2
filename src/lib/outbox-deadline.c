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
 * a patient or a caregiver (or a void or return of one) the rule file's
 * medical deadline, everything else (adult sales, adjustments) its adult
 * one; where the file has none, or no rule file is loaded, the
 * metrc-deadline option's. The status shows the event with the least time
 * left, and warns as outbox_deadline_json does.
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

/*
 * The deadline part of the status (outbox_deadline_json's, for the event
 * nearest its deadline) with "deadline_type" (adult or medical),
 * "deadline_source" (rules or metrc-deadline), the rule file's citation
 * and both deadlines in force. r may be NULL.
 */
json_t *
outbox_deadline_status(struct store_txn *t, const struct rules *r,
    int64_t fallback, int64_t now)
{
	struct store_iter	 it;
	struct outbox_job	 j;
	struct outbox_stats	 os;
	struct sale		*s;
	struct sale_return	*ret;
	json_t			*o;
	const char		*src, *best_src = NULL, *asrc, *msrc;
	int64_t			 dl, left, best_left = 0, best_dl, adult, med;
	int			 medical, best_medical = 0;
	u_int			 n = 0;

	memset(&os, 0, sizeof os);
	adult = outbox_deadline_of(r, 0, fallback, &asrc);
	med = outbox_deadline_of(r, 1, fallback, &msrc);
	best_dl = adult;
	s = xmalloc(sizeof *s);
	ret = xmalloc(sizeof *ret);
	store_iter_init(t, &it, DB_OUTBOX_DUE, NULL, 0, 0);
	while (n++ < OUTBOX_DEADLINE_SCAN && store_iter_next(&it)) {
		if (it.klen != 16 || store_key_get_u64(it.key) == OUTBOX_NEVER)
			break;
		if (outbox_get(t, store_key_get_u64(it.key + 8), &j) != 0)
			break;
		medical = outbox_deadline_medical(t, &j, s, ret);
		dl = medical ? med : adult;
		src = medical ? msrc : asrc;
		left = dl * 1000000 - (now - j.created);
		if (os.oldest == 0 || left < best_left) {
			os.oldest = j.created;
			best_left = left;
			best_dl = dl;
			best_src = src;
			best_medical = medical;
		}
	}
	store_iter_done(&it);
	free(ret);
	free(s);
	o = outbox_deadline_json(&os, best_dl, now);
	json_object_set_new(o, "deadline_type", os.oldest != 0 ?
	    json_string(best_medical ? "medical" : "adult") : json_null());
	json_object_set_new(o, "deadline_source", json_string(best_src != NULL ?
	    best_src : asrc));
	if (os.oldest != 0 && strcmp(best_src, "rules") == 0)
		json_object_set_new(o, "deadline_cite", json_string(
		    r->deadline_cite[best_medical ? RULES_DEADLINE_MEDICAL :
		    RULES_DEADLINE_ADULT]));
	json_object_set_new(o, "deadlines", json_pack("{s:I, s:I}", "adult",
	    (json_int_t)adult, "medical", (json_int_t)med));
	return (o);
}
