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
#include "outbox.h"

/*
 * stashctl compliance status|exceptions: the compliance outbox read
 * straight from the ledger (stashd may be running). The broken flag is the
 * one stashd last recorded.
 */

#define CTL_COMPLIANCE_MAX	10000

int
ctl_compliance_status(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	t;
	struct outbox_stats	os;
	char			when[64];
	int64_t			now = util_now();

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	outbox_stats(&t, &os);
	store_abort(&t);
	if (t.ret != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:I, s:I, s:o, s:o, s:b, s:s}",
		    "pending", (json_int_t)os.pending, "exceptions",
		    (json_int_t)os.exceptions, "oldest_age", os.oldest != 0 ?
		    json_integer((now - os.oldest) / 1000000) : json_null(),
		    "last_contact", os.last_contact != 0 ?
		    json_integer(os.last_contact) : json_null(), "broken",
		    os.broken != 0, "broken_reason", outbox_broken_name(
		    os.broken != 0 ? os.broken_why : 0)));
		return (0);
	}
	printf("pending:      %llu\n", (unsigned long long)os.pending);
	printf("exceptions:   %llu%s\n", (unsigned long long)os.exceptions,
	    os.exceptions != 0 ? " (stashctl compliance exceptions)" : "");
	if (os.oldest != 0)
		printf("oldest:       %lld seconds unreported\n",
		    (long long)((now - os.oldest) / 1000000));
	printf("last contact: %s\n", os.last_contact != 0 ?
	    stashctl_time(ctl, os.last_contact, when, sizeof when) : "never");
	if (os.broken != 0)
		printf("BROKEN:       %s\n", outbox_broken_name(os.broken_why));
	return (0);
}

int
ctl_compliance_exceptions(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct store_key	 k;
	struct outbox_job	 j;
	json_t			*arr = NULL;
	char			 when[64], msg[OUTBOX_ERROR_MAX + 1];
	u_int			 n = 0;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	if (ctl->json)
		arr = json_array();
	else
		printf("%8s  %-12s  %-19s  %-28s  %s\n", "JOB", "KIND",
		    "CREATED", "REFERENCE", "STATE'S MESSAGE");
	store_key_init(&k);
	store_key_u64(&k, OUTBOX_NEVER);
	store_iter_init(&t, &it, DB_OUTBOX_DUE, k.data, k.len, 0);
	while (n++ < CTL_COMPLIANCE_MAX && store_iter_next(&it)) {
		if (it.klen != 16 || outbox_get(&t,
		    store_key_get_u64(it.key + 8), &j) != 0)
			break;
		if (arr != NULL) {
			json_array_append_new(arr, json_pack("{s:I, s:s, s:s, "
			    "s:I, s:I, s:i, s:s}", "job", (json_int_t)j.id,
			    "kind", outbox_kind_name(j.kind), "ref", j.ref,
			    "subject", (json_int_t)j.subject, "created",
			    (json_int_t)j.created, "attempts", j.attempts,
			    "message", j.error));
			continue;
		}
		printf("%8llu  %-12s  %-19s  %-28s  %s\n",
		    (unsigned long long)j.id, outbox_kind_name(j.kind),
		    stashctl_time(ctl, j.created, when, sizeof when), j.ref,
		    stashctl_clean(j.error, msg, sizeof msg));
	}
	store_iter_done(&it);
	store_abort(&t);
	if (t.ret != 0) {
		if (arr != NULL)
			json_decref(arr);
		stashctl_error("%s", t.err);
		return (-1);
	}
	if (arr != NULL)
		stashctl_json_print(arr);
	return (0);
}
