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
#define CTL_COMPLIANCE_DEADLINE	86400	/* metrc-deadline's default */

/* --deadline SECONDS, or the default of stashd's metrc-deadline. */
static int
ctl_compliance_deadline(struct ctl_args *args, int64_t *deadline)
{
	const char	*s, *errstr;

	*deadline = CTL_COMPLIANCE_DEADLINE;
	if ((s = stashctl_opt(args, "deadline")) == NULL)
		return (0);
	*deadline = util_strtonum(s, 60, 31622400, &errstr);
	if (errstr != NULL) {
		stashctl_error("--deadline %s: %s (seconds, 60 to 31622400, as "
		    "metrc-deadline in stash.conf)", s, errstr);
		return (-1);
	}
	return (0);
}

int
ctl_compliance_status(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct outbox_stats	 os;
	json_t			*o, *dl;
	char			 when[64];
	int64_t			 now = util_now(), deadline;

	if (ctl_compliance_deadline(args, &deadline) != 0)
		return (-1);
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
	dl = outbox_deadline_json(&os, deadline, now);
	if (ctl->json) {
		o = json_pack("{s:I, s:I, s:o, s:o, s:b, s:s}",
		    "pending", (json_int_t)os.pending, "exceptions",
		    (json_int_t)os.exceptions, "oldest_age", os.oldest != 0 ?
		    json_integer((now - os.oldest) / 1000000) : json_null(),
		    "last_contact", os.last_contact != 0 ?
		    json_integer(os.last_contact) : json_null(), "broken",
		    os.broken != 0, "broken_reason", outbox_broken_name(
		    os.broken != 0 ? os.broken_why : 0));
		json_object_update(o, dl);
		json_decref(dl);
		stashctl_json_print(o);
		return (0);
	}
	printf("pending:      %llu\n", (unsigned long long)os.pending);
	printf("exceptions:   %llu%s\n", (unsigned long long)os.exceptions,
	    os.exceptions != 0 ? " (stashctl compliance exceptions)" : "");
	if (os.oldest != 0) {
		printf("oldest:       %lld seconds unreported (since %s)\n",
		    (long long)((now - os.oldest) / 1000000),
		    stashctl_time(ctl, os.oldest, when, sizeof when));
	}
	printf("deadline:     %lld seconds\n", (long long)deadline);
	printf("last contact: %s\n", os.last_contact != 0 ?
	    stashctl_time(ctl, os.last_contact, when, sizeof when) : "never");
	if (os.broken != 0)
		printf("BROKEN:       %s\n", outbox_broken_name(os.broken_why));
	if (json_is_string(json_object_get(dl, "warning"))) {
		printf("WARNING:      %s\n", json_string_value(
		    json_object_get(dl, "warning")));
	}
	json_decref(dl);
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

/* YYYY-MM-DD as the YYYYMMDD of util_local_date, or -1. */
static int
ctl_compliance_day(const char *s)
{
	int	i, y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return (-1);
	for (i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return (-1);
	}
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return (-1);
	return (y * 10000 + m * 100 + d);
}

static const char *
ctl_compliance_outcome(const struct outbox_job *j)
{
	switch (j->state) {
	case OUTBOX_DONE:
		if (j->done - j->created > OUTBOX_LIVE)
			return ("reported late");
		return ("reported on a later attempt");
	case OUTBOX_EXCEPTION:
		return ("refused by the state");
	case OUTBOX_CANCELLED:
		return ("voided before it was confirmed");
	}
	return ("not yet reported");
}

/*
 * The regulator's exception report: every event of the days --from to
 * --to (store-local) that was not reported live (outbox.h: OUTBOX_LIVE),
 * with when it happened, when reporting first failed and why, and when it
 * finally reached the state (or that it has not).
 */
int
ctl_compliance_exception_report(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct outbox_job	 j;
	json_t			*arr = NULL;
	const char		*from_s, *to_s;
	char			 w1[64], w2[64], w3[64], msg[OUTBOX_ERROR_MAX + 1];
	int64_t			 now = util_now(), deadline;
	int			 from, to, day;
	u_int			 n = 0, late = 0;

	from_s = stashctl_opt(args, "from");
	to_s = stashctl_opt(args, "to");
	if (from_s == NULL || to_s == NULL) {
		stashctl_error("exception-report needs --from YYYY-MM-DD and "
		    "--to YYYY-MM-DD");
		return (-1);
	}
	if ((from = ctl_compliance_day(from_s)) < 0) {
		stashctl_error("--from %s: not a date (YYYY-MM-DD)", from_s);
		return (-1);
	}
	if ((to = ctl_compliance_day(to_s)) < 0) {
		stashctl_error("--to %s: not a date (YYYY-MM-DD)", to_s);
		return (-1);
	}
	if (to < from) {
		stashctl_error("--to %s is before --from %s", to_s, from_s);
		return (-1);
	}
	if (ctl_compliance_deadline(args, &deadline) != 0)
		return (-1);
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	if (ctl->json)
		arr = json_array();
	else {
		printf("Compliance exception report: licence %s, %s to %s "
		    "(%s)\n", ctl->info.licence, from_s, to_s, ctl->info.tz);
		printf("Events not reported to the state system live, and "
		    "why.\n\n");
		printf("%-12s  %-32s  %-19s  %-19s  %-19s  %s\n", "KIND",
		    "REFERENCE", "EVENT", "FIRST FAILED", "REPORTED",
		    "CAUSE / OUTCOME");
	}
	store_iter_init(&t, &it, DB_OUTBOX, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (outbox_decode(it.val, it.vlen, &j) != 0) {
			store_fail(&t, STORE_CORRUPT, "outbox job damaged");
			break;
		}
		day = util_local_date(j.created, ctl->info.tz);
		if (day < from || day > to || !outbox_late(&j, now))
			continue;
		n++;
		if (j.state == OUTBOX_DONE && j.done - j.created >
		    deadline * 1000000)
			late++;
		if (arr != NULL) {
			json_array_append_new(arr, json_pack("{s:I, s:s, s:s, "
			    "s:I, s:s, s:I, s:o, s:s, s:o, s:i, s:o, s:b}",
			    "job", (json_int_t)j.id, "kind",
			    outbox_kind_name(j.kind), "ref", j.ref,
			    "subject", (json_int_t)j.subject, "state",
			    outbox_state_name(j.state), "created",
			    (json_int_t)j.created, "first_failed",
			    j.failed != 0 ? json_integer(j.failed) :
			    json_null(), "why", j.failed != 0 ? j.why :
			    (j.state == OUTBOX_EXCEPTION ? j.error :
			    "not sent: reporting was off or held back"),
			    "reported", j.state == OUTBOX_DONE ?
			    json_integer(j.done) : json_null(), "attempts",
			    j.attempts, "delay", j.state == OUTBOX_DONE ?
			    json_integer((j.done - j.created) / 1000000) :
			    json_null(), "past_deadline",
			    (j.state == OUTBOX_DONE ? j.done : now) -
			    j.created > deadline * 1000000));
			continue;
		}
		stashctl_time(ctl, j.created, w1, sizeof w1);
		if (j.failed != 0)
			stashctl_time(ctl, j.failed, w2, sizeof w2);
		else
			strlcpy(w2, "-", sizeof w2);
		if (j.state == OUTBOX_DONE)
			stashctl_time(ctl, j.done, w3, sizeof w3);
		else
			strlcpy(w3, "-", sizeof w3);
		printf("%-12s  %-32s  %-19s  %-19s  %-19s  %s: %s\n",
		    outbox_kind_name(j.kind), j.ref, w1, w2, w3,
		    ctl_compliance_outcome(&j), stashctl_clean(j.failed != 0 ?
		    j.why : (j.state == OUTBOX_EXCEPTION ? j.error :
		    "not sent: reporting was off or held back"), msg,
		    sizeof msg));
	}
	store_iter_done(&it);
	store_abort(&t);
	if (t.ret != 0) {
		if (arr != NULL)
			json_decref(arr);
		stashctl_error("%s", t.err);
		return (-1);
	}
	if (arr != NULL) {
		stashctl_json_print(json_pack("{s:s, s:s, s:s, s:I, s:o}",
		    "licence", ctl->info.licence, "from", from_s, "to", to_s,
		    "deadline", (json_int_t)deadline, "events", arr));
		return (0);
	}
	printf("\n%u event%s not reported live, %u reported after the "
	    "%lld-second deadline.\n", n, n == 1 ? "" : "s", late,
	    (long long)deadline);
	return (0);
}
