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

#include <sys/stat.h>

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "biotrack-payload.h"
#include "biotrack24-payload.h"
#include "ccrs-export.h"
#include "inventory.h"
#include "metrc-conf.h"
#include "outbox.h"
#include "outbox-deadline.h"
#include "reconcile.h"
#include "reply.h"
#include "state-system.h"

/*
 * stashctl compliance status|exceptions|retry|reconcile: the compliance
 * outbox read (and, for retry, written) straight from the ledger (stashd
 * may be running: it sends what retry puts back at its next look, within
 * metrc-interval). The broken flag is the one stashd last recorded.
 * reconcile asks the state itself, as stashd's compliance.reconcile does,
 * with stash.conf's settings for its state-system: Metrc's active packages
 * (metrc-*), or BioTrack's legacy inventory (biotrack-*: login,
 * sync_check, sync_inventory, built and read by biotrack-payload.c), or
 * BioTrack v2024's (biotrack24-*: GET /v1/sync and the inventory's pages,
 * ctl-biotrack24.c); the comparison is the one stashd makes
 * (reply_reconcile).
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

/*
 * The store's state system (the one stashd last ran) and, unless
 * --deadline says, its own deadline where it has one (CCRS: the week).
 */
static const struct state_system *
ctl_compliance_system(struct store_txn *t, struct ctl_args *args,
    int64_t *deadline)
{
	const struct state_system	*sys;

	sys = state_system_of(t);
	if (stashctl_opt(args, "deadline") == NULL)
		*deadline = state_system_deadline(sys, *deadline);
	return (sys);
}

/*
 * The store's rule file, for its reporting deadlines: from --rules-dir,
 * $STASH_RULES, or where stashd finds it. NULL (said on stderr) if it
 * cannot be read; the deadline is then --deadline's.
 */
static struct rules *
ctl_compliance_rules(struct ctl *ctl, struct ctl_args *args)
{
	struct rules	*r;
	const char	*dir;
	char		 id[16], *cause = NULL;

	if ((dir = stashctl_opt(args, "rules-dir")) == NULL)
		dir = rules_dir(getenv("STASH_RULES"));
	snprintf(id, sizeof id, "US-%s", ctl->info.state);
	if ((r = rules_find(dir, id, &cause)) == NULL) {
		stashctl_error("%s; the deadline is --deadline's (give the "
		    "rules with --rules-dir DIR)", cause);
		free(cause);
	}
	return (r);
}

/*
 * A BioTrack v2024 store's own deadlines, as stashd last wrote them: the
 * licensee's approval (it lapses 100 days after it is given) and
 * Florida's outage notice (a link down over two hours is reported to the
 * state within three hours of its start).
 */
struct ctl_bt24 {
	int64_t	expires;	/* µs; 0: not set */
	int	days_left;
	int	warn;		/* within biotrack24-approval-warn */
	int64_t	down_since;	/* µs; 0: the link is up */
	int64_t	notice_due;	/* µs; 0: not yet two hours */
};

static void
ctl_compliance_bt24(struct store_txn *t, int64_t now, struct ctl_bt24 *b)
{
	memset(b, 0, sizeof *b);
	b->expires = store_meta_get_i64(t, "biotrack24-approval-expires");
	if (b->expires != 0) {
		b->days_left = b->expires <= now ? 0 : (int)((b->expires -
		    now + 86400000000LL - 1) / 86400000000LL);
		b->warn = b->days_left <= store_meta_get_i64(t,
		    "biotrack24-approval-warn");
	}
	b->down_since = store_meta_get_i64(t, "biotrack24-down-since");
	b->notice_due = biotrack24_outage_due(b->down_since, now);
}

static json_t *
ctl_compliance_bt24_json(const struct ctl_bt24 *b)
{
	return (json_pack("{s:o, s:i, s:b, s:o, s:o}", "approval_expires",
	    b->expires != 0 ? json_integer(b->expires / 1000000) :
	    json_null(), "approval_days_left", b->days_left,
	    "approval_warning", b->warn, "outage_since", b->down_since != 0 ?
	    json_integer(b->down_since / 1000000) : json_null(),
	    "outage_notice_due", b->notice_due != 0 ?
	    json_integer(b->notice_due / 1000000) : json_null()));
}

static void
ctl_compliance_bt24_print(struct ctl *ctl, const struct ctl_bt24 *b)
{
	char	when[64];

	if (b->expires != 0)
		printf("approval:     BioTrack's lapses %s (%d day%s)%s\n",
		    stashctl_time(ctl, b->expires, when, sizeof when),
		    b->days_left, b->days_left == 1 ? "" : "s", b->warn ?
		    " RENEW: the licence's admin must approve stash again" :
		    "");
	if (b->down_since != 0)
		printf("outage:       no answer from BioTrack since %s\n",
		    stashctl_time(ctl, b->down_since, when, sizeof when));
	if (b->notice_due != 0)
		printf("NOTICE DUE:   over two hours down: tell the state "
		    "(Florida OMMU) by %s\n", stashctl_time(ctl, b->notice_due,
		    when, sizeof when));
}

int
ctl_compliance_status(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_bt24		 bt24;
	const struct state_system *sys;
	struct store_txn	 t;
	struct outbox_stats	 os;
	struct outbox_deadline	 dl;
	struct rules		*r;
	json_t			*o;
	char			 when[64], warning[OUTBOX_DEADLINE_WARN_MAX];
	char			 ccrs_due_day[16];
	int64_t			 now = util_now(), deadline, left;
	int			 due, ccrs_overdue = 0, is_ccrs;

	if (ctl_compliance_deadline(args, &deadline) != 0)
		return (-1);
	r = ctl_compliance_rules(ctl, args);
	if (store_begin(ctl->st, &t, 0) != 0) {
		rules_free(r);
		stashctl_error("%s", t.err);
		return (-1);
	}
	outbox_stats(&t, &os);
	/* A CCRS store: its weekly deadline. */
	sys = ctl_compliance_system(&t, args, &deadline);
	is_ccrs = strcmp(sys->name, "ccrs") == 0;
	outbox_deadline_status(&t, r, deadline, now, &dl);
	ctl_compliance_bt24(&t, now, &bt24);
	*ccrs_due_day = '\0';
	if (is_ccrs &&
	    (due = ccrs_due(&t, ctl->info.tz, now, &ccrs_overdue)) != 0)
		snprintf(ccrs_due_day, sizeof ccrs_due_day, "%04d-%02d-%02d",
		    due / 10000, (due / 100) % 100, due % 100);
	store_abort(&t);
	if (t.ret != 0) {
		rules_free(r);
		stashctl_error("%s", t.err);
		return (-1);
	}
	if (ctl->json) {
		o = json_pack("{s:I, s:I, s:o, s:o, s:b, s:s}",
		    "pending", (json_int_t)os.pending, "exceptions",
		    (json_int_t)os.exceptions, "oldest_age", os.oldest != 0 ?
		    json_integer((now - os.oldest) / 1000000) : json_null(),
		    "last_contact", os.last_contact != 0 ?
		    json_integer(os.last_contact) : json_null(), "broken",
		    os.broken != 0, "broken_reason", outbox_broken_name(
		    os.broken != 0 ? os.broken_why : 0));
		json_object_set_new(o, "held", json_integer(os.held));
		json_object_set_new(o, "state_system", json_string(sys->name));
		json_object_update_new(o, reply_deadline(&dl, now));
		if (ccrs_due_day[0] != '\0')
			json_object_set_new(o, "ccrs", json_pack("{s:s, s:b}",
			    "due", ccrs_due_day, "overdue", ccrs_overdue));
		if (bt24.expires != 0 || bt24.down_since != 0)
			json_object_set_new(o, "biotrack24",
			    ctl_compliance_bt24_json(&bt24));
		rules_free(r);
		stashctl_json_print(o);
		return (0);
	}
	printf("state system: %s\n", sys->name);
	printf("pending:      %llu\n", (unsigned long long)os.pending);
	printf("exceptions:   %llu%s\n", (unsigned long long)os.exceptions,
	    os.exceptions != 0 ? " (stashctl compliance exceptions)" : "");
	if (os.held != 0)
		printf("held:         %llu (not owed yet: destroys waiting out "
		    "the state's period)\n", (unsigned long long)os.held);
	if (os.oldest != 0) {
		printf("oldest:       %lld seconds unreported (since %s)\n",
		    (long long)((now - os.oldest) / 1000000),
		    stashctl_time(ctl, os.oldest, when, sizeof when));
	}
	printf("deadline:     adult %lld, medical %lld seconds (%s)\n",
	    (long long)dl.adult, (long long)dl.medical,
	    strcmp(dl.source, "rules") == 0 ? "the rule file" : "--deadline");
	left = outbox_deadline_left(&dl, now, warning, sizeof warning);
	if (dl.oldest != 0) {
		printf("nearest:      a%s %s event, %lld seconds left of %lld\n",
		    dl.is_medical ? "" : "n", dl.is_medical ? "medical" :
		    "adult", (long long)left, (long long)dl.deadline);
	}
	printf("last contact: %s\n", os.last_contact != 0 ?
	    stashctl_time(ctl, os.last_contact, when, sizeof when) : "never");
	if (ccrs_due_day[0] != '\0')
		printf("CCRS due:     %s (the week's files, by that Sunday)%s\n",
		    ccrs_due_day, ccrs_overdue ? " OVERDUE" : "");
	ctl_compliance_bt24_print(ctl, &bt24);
	if (os.broken != 0)
		printf("BROKEN:       %s\n", outbox_broken_name(os.broken_why));
	if (warning[0] != '\0')
		printf("WARNING:      %s\n", warning);
	rules_free(r);
	return (0);
}

struct ctl_compliance_list {
	struct stashctl_list	 l;
	u_int			 n;
};

static int
ctl_compliance_exception(const struct outbox_job *j, void *arg)
{
	struct ctl_compliance_list	*cl = arg;
	char				 when[64], msg[OUTBOX_ERROR_MAX + 1];

	if (cl->n++ >= CTL_COMPLIANCE_MAX)
		return (1);
	if (cl->l.arr != NULL) {
		json_array_append_new(cl->l.arr, json_pack("{s:I, s:s, s:s, s:I, "
		    "s:I, s:i, s:s}", "job", (json_int_t)j->id, "kind",
		    outbox_kind_name(j->kind), "ref", j->ref, "subject",
		    (json_int_t)j->subject, "created", (json_int_t)j->created,
		    "attempts", j->attempts, "message", j->error));
		return (0);
	}
	fprintf(cl->l.f, "%8llu  %-12s  %-19s  %-28s  %s\n",
	    (unsigned long long)j->id, outbox_kind_name(j->kind),
	    stashctl_time(cl->l.ctl, j->created, when, sizeof when), j->ref,
	    stashctl_clean(j->error, msg, sizeof msg));
	return (0);
}

int
ctl_compliance_exceptions(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_compliance_list	 cl;
	char				 head[128];

	snprintf(head, sizeof head, "%8s  %-12s  %-19s  %-28s  %s\n", "JOB",
	    "KIND", "CREATED", "REFERENCE", "STATE'S MESSAGE");
	cl.n = 0;
	if (stashctl_list_begin(ctl, &cl.l, head) != 0)
		return (-1);
	outbox_exception_walk(&cl.l.t, ctl_compliance_exception, &cl);
	return (stashctl_list_end(&cl.l));
}

/* YYYY-MM-DD, a real day since 1970, as the YYYYMMDD of util_local_date. */
static int
ctl_compliance_day(const char *s)
{
	int	d;

	if ((d = valid_date_parse(s)) < 19700101 || !valid_date_real(d))
		return (-1);
	return (d);
}

static const char *
ctl_compliance_outcome(const struct outbox_job *j, int64_t live)
{
	switch (j->state) {
	case OUTBOX_DONE:
		if (j->done - j->created > live)
			return ("reported late");
		return ("reported on a later attempt");
	case OUTBOX_EXCEPTION:
		return ("refused by the state");
	case OUTBOX_CANCELLED:
		return ("voided before it was confirmed");
	}
	return ("not yet reported");
}

struct ctl_compliance_report {
	struct ctl	*ctl;
	json_t		*arr;		/* --json, else NULL */
	int		 from;		/* YYYYMMDD */
	int		 to;
	int64_t		 now;
	int64_t		 deadline;	/* seconds */
	int64_t		 live;		/* µs: the state system's */
	u_int		 n;
	u_int		 late;
};

static int
ctl_compliance_report_one(const struct outbox_job *j, void *arg)
{
	struct ctl_compliance_report	*r = arg;
	char				 w1[64], w2[64], w3[64];
	char				 msg[OUTBOX_ERROR_MAX + 1];
	int				 day;

	day = util_local_date(j->created, r->ctl->info.tz);
	if (day < r->from || day > r->to || !outbox_late_within(j, r->now,
	    r->live))
		return (0);
	r->n++;
	if (j->state == OUTBOX_DONE && j->done - j->created >
	    r->deadline * 1000000)
		r->late++;
	if (r->arr != NULL) {
		json_array_append_new(r->arr, json_pack("{s:I, s:s, s:s, "
		    "s:I, s:s, s:I, s:o, s:s, s:o, s:i, s:o, s:b}",
		    "job", (json_int_t)j->id, "kind",
		    outbox_kind_name(j->kind), "ref", j->ref,
		    "subject", (json_int_t)j->subject, "state",
		    outbox_state_name(j->state), "created",
		    (json_int_t)j->created, "first_failed",
		    j->failed != 0 ? json_integer(j->failed) :
		    json_null(), "why", j->failed != 0 ? j->why :
		    (j->state == OUTBOX_EXCEPTION ? j->error :
		    "not sent: reporting was off or held back"),
		    "reported", j->state == OUTBOX_DONE ?
		    json_integer(j->done) : json_null(), "attempts",
		    j->attempts, "delay", j->state == OUTBOX_DONE ?
		    json_integer((j->done - j->created) / 1000000) :
		    json_null(), "past_deadline",
		    (j->state == OUTBOX_DONE ? j->done : r->now) -
		    j->created > r->deadline * 1000000));
		return (0);
	}
	stashctl_time(r->ctl, j->created, w1, sizeof w1);
	if (j->failed != 0)
		stashctl_time(r->ctl, j->failed, w2, sizeof w2);
	else
		strlcpy(w2, "-", sizeof w2);
	if (j->state == OUTBOX_DONE)
		stashctl_time(r->ctl, j->done, w3, sizeof w3);
	else
		strlcpy(w3, "-", sizeof w3);
	printf("%-12s  %-32s  %-19s  %-19s  %-19s  %s: %s\n",
	    outbox_kind_name(j->kind), j->ref, w1, w2, w3,
	    ctl_compliance_outcome(j, r->live), stashctl_clean(j->failed != 0 ?
	    j->why : (j->state == OUTBOX_EXCEPTION ? j->error :
	    "not sent: reporting was off or held back"), msg,
	    sizeof msg));
	return (0);
}

/*
 * The regulator's exception report: every event of the days --from to
 * --to (store-local) that was not reported live (outbox.h: OUTBOX_LIVE,
 * or the store's state system's own: CCRS's week),
 * with when it happened, when reporting first failed and why, and when it
 * finally reached the state (or that it has not).
 */
int
ctl_compliance_exception_report(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn		 t;
	struct ctl_compliance_report	 r;
	struct ctl_bt24			 bt24;
	const struct state_system	*sys;
	const char			*from_s, *to_s;
	int64_t				 deadline;
	int				 from, to;

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
	sys = ctl_compliance_system(&t, args, &deadline);
	memset(&r, 0, sizeof r);
	r.ctl = ctl;
	r.from = from;
	r.to = to;
	r.now = util_now();
	r.deadline = deadline;
	r.live = sys->live * 1000000;
	if (ctl->json)
		r.arr = json_array();
	else {
		printf("Compliance exception report: licence %s, %s to %s "
		    "(%s), reporting to %s\n", ctl->info.licence, from_s, to_s,
		    ctl->info.tz, sys->name);
		printf("Events not reported to the state system live, and "
		    "why.\n\n");
		printf("%-12s  %-32s  %-19s  %-19s  %-19s  %s\n", "KIND",
		    "REFERENCE", "EVENT", "FIRST FAILED", "REPORTED",
		    "CAUSE / OUTCOME");
	}
	outbox_walk(&t, ctl_compliance_report_one, &r);
	ctl_compliance_bt24(&t, r.now, &bt24);
	store_abort(&t);
	if (t.ret != 0) {
		if (r.arr != NULL)
			json_decref(r.arr);
		stashctl_error("%s", t.err);
		return (-1);
	}
	if (r.arr != NULL) {
		stashctl_json_print(json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, "
		    "s:o}", "licence", ctl->info.licence, "state_system",
		    sys->name, "from", from_s, "to", to_s,
		    "deadline", (json_int_t)deadline, "events", r.arr,
		    "outage", bt24.down_since != 0 ?
		    ctl_compliance_bt24_json(&bt24) : json_null()));
		return (0);
	}
	if (bt24.down_since != 0) {
		printf("\n");
		ctl_compliance_bt24_print(ctl, &bt24);
	}
	printf("\n%u event%s not reported live, %u reported after the "
	    "%lld-second deadline.\n", r.n, r.n == 1 ? "" : "s", r.late,
	    (long long)deadline);
	return (0);
}

/* --- retry: exceptions a person has fixed, back to pending --- */

struct ctl_compliance_retry {
	uint64_t	*ids;
	u_int		 n;
	json_t		*done;		/* [{job, kind, ref}] */
};

static int
ctl_compliance_retry_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_compliance_retry	*cr = arg;
	struct outbox_job		 j;
	char				 subj[40];
	u_int				 i;

	json_array_clear(cr->done);
	for (i = 0; i < cr->n; i++) {
		if (outbox_retry(t, cr->ids[i], cause) != 0)
			return (-1);
		if (outbox_get(t, cr->ids[i], &j) != 0)
			return (-1);
		snprintf(subj, sizeof subj, "compliance job %llu",
		    (unsigned long long)j.id);
		audit_append(t, 0, 0, CTL_AUDIT_WHO, "compliance.retry", subj,
		    "moved back to pending");
		json_array_append_new(cr->done, json_pack("{s:I, s:s, s:s}",
		    "job", (json_int_t)j.id, "kind", outbox_kind_name(j.kind),
		    "ref", j.ref));
	}
	return (t->ret != 0 ? -1 : 0);
}

static int
ctl_compliance_all_one(const struct outbox_job *j, void *arg)
{
	struct ctl_compliance_retry	*cr = arg;

	if (cr->n >= CTL_COMPLIANCE_MAX)
		return (1);
	cr->ids = xreallocarray(cr->ids, cr->n + 1, sizeof *cr->ids);
	cr->ids[cr->n++] = j->id;
	return (0);
}

/* Every exception's job number, in due order. */
static int
ctl_compliance_all(struct ctl *ctl, struct ctl_compliance_retry *cr)
{
	struct store_txn	t;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	outbox_exception_walk(&t, ctl_compliance_all_one, cr);
	store_abort(&t);
	if (t.ret != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	return (0);
}

/*
 * stashctl compliance retry JOB|--all: after a person fixed what the state
 * refused, send the job again (stashd does, at its next look). Audited as
 * compliance.retry, as from the dashboard.
 */
int
ctl_compliance_retry(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_compliance_retry	 cr;
	const char			*errstr;
	json_t				*o;
	size_t				 i;
	int				 all = stashctl_flag(args, "all");
	char				 ref[MAX_REF + 1];

	memset(&cr, 0, sizeof cr);
	if (all == (args->argc == 1)) {
		stashctl_error("retry needs one job number (stashctl "
		    "compliance exceptions lists them) or --all");
		return (-1);
	}
	if (all) {
		if (ctl_compliance_all(ctl, &cr) != 0)
			return (-1);
	} else {
		cr.ids = xcalloc(1, sizeof *cr.ids);
		cr.ids[0] = util_strtonum(args->argv[0], 1, INT64_MAX,
		    &errstr);
		if (errstr != NULL) {
			stashctl_error("job %s: %s (a job number from "
			    "stashctl compliance exceptions)", args->argv[0],
			    errstr);
			free(cr.ids);
			return (-1);
		}
		cr.n = 1;
	}
	cr.done = json_array();
	if (cr.n != 0 && stashctl_write(ctl, ctl_compliance_retry_cb,
	    &cr) != 0) {
		json_decref(cr.done);
		free(cr.ids);
		return (-1);
	}
	free(cr.ids);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:o}", "retried", cr.done));
		return (0);
	}
	json_array_foreach(cr.done, i, o) {
		printf("compliance job %lld (%s %s) is pending again\n",
		    (long long)json_integer_value(json_object_get(o, "job")),
		    json_string_value(json_object_get(o, "kind")),
		    stashctl_clean(json_string_value(json_object_get(o, "ref")),
		    ref, sizeof ref));
	}
	if (json_array_size(cr.done) == 0)
		printf("no exceptions to retry\n");
	else
		printf("stashd sends %s at its next look (metrc-interval)\n",
		    json_array_size(cr.done) == 1 ? "it" : "them");
	json_decref(cr.done);
	return (0);
}

/* --- reconcile: the state's active packages against the ledger --- */

#define CTL_RECON_PAGE		20	/* Metrc's largest page */
#define CTL_RECON_PAGES		10000
#define CTL_RECON_REPLY		(4 * 1024 * 1024)
#define CTL_RECON_RUNS		50	/* runs --history lists, unless asked */

struct ctl_recon {
	const char	*system;	/* state-system */
	const char	*url;
	char		 licence[LICENCE_MAX + 1];
	char		*userpwd;	/* vendor:user, never printed */
	char		*bt[3];		/* BioTrack's ubi, username,
					   password: never printed */
	long		 timeout;
	struct buf	 reply;
	char		 errbuf[CURL_ERROR_SIZE];
};

/*
 * A curl write callback into the struct buf at arg, refusing (the
 * transfer fails) past CTL_CURL_REPLY_MAX: stashctl's synchronous calls
 * (the reconciliation's pages, the route service's table).
 */
size_t
ctl_curl_write(char *p, size_t size, size_t n, void *arg)
{
	struct buf	*b = arg;

	if (size != 0 && n > (CTL_CURL_REPLY_MAX - b->len) / size)
		return (0);
	buf_add(b, p, size * n);
	return (size * n);
}

/* One page of GET /packages/v2/active into packages; its TotalPages. */
static int
ctl_compliance_page(struct ctl_recon *cr, CURL *e, int page,
    json_t *packages, json_int_t *pages)
{
	json_t		*j, *data;
	json_error_t	 je;
	char		*lic, *url;
	long		 status = 0;
	CURLcode	 cc;

	lic = curl_easy_escape(e, cr->licence, 0);
	xasprintf(&url, "%s/packages/v2/active?licenseNumber=%s&pageSize=%d"
	    "&pageNumber=%d", cr->url, lic, CTL_RECON_PAGE, page);
	curl_free(lic);
	buf_free(&cr->reply);
	buf_init(&cr->reply);
	cr->errbuf[0] = '\0';
	curl_easy_setopt(e, CURLOPT_URL, url);
	cc = curl_easy_perform(e);
	free(url);
	if (cc != CURLE_OK) {
		stashctl_error("the state system did not answer (%s): %s",
		    cr->url, cr->errbuf[0] != '\0' ? cr->errbuf :
		    curl_easy_strerror(cc));
		return (-1);
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		stashctl_error("HTTP %ld from the state system for the package "
		    "list%s", status, status == 401 ? ": the keys in "
		    "metrc-secrets are refused" : "");
		return (-1);
	}
	j = json_loadb((const char *)cr->reply.data, cr->reply.len, 0, &je);
	data = json_is_object(j) ? json_object_get(j, "Data") : NULL;
	if (!json_is_array(data)) {
		if (j != NULL)
			json_decref(j);
		stashctl_error("the state's reply has no Data list");
		return (-1);
	}
	json_array_extend(packages, data);
	*pages = json_array_size(data) == 0 ? 0 :
	    json_integer_value(json_object_get(j, "TotalPages"));
	json_decref(j);
	return (0);
}

/* A handle for the state's calls, answers into cr->reply; NULL if none. */
static CURL *
ctl_compliance_easy(struct ctl_recon *cr)
{
	CURL	*e;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 ||
	    (e = curl_easy_init()) == NULL) {
		stashctl_error("cannot initialise libcurl");
		return (NULL);
	}
	buf_init(&cr->reply);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, cr->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, ctl_curl_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &cr->reply);
	metrc_conf_easy(e, cr->userpwd, cr->timeout);
	return (e);
}

/* Every active package at the state, or NULL. Blocking: this is a CLI. */
static json_t *
ctl_compliance_fetch(struct ctl_recon *cr)
{
	CURL		*e;
	json_t		*packages;
	json_int_t	 pages = 1;
	int		 page;

	if ((e = ctl_compliance_easy(cr)) == NULL)
		return (NULL);
	packages = json_array();
	for (page = 1; page <= pages && page <= CTL_RECON_PAGES; page++) {
		if (ctl_compliance_page(cr, e, page, packages, &pages) != 0) {
			json_decref(packages);
			packages = NULL;
			break;
		}
	}
	buf_free(&cr->reply);
	curl_easy_cleanup(e);
	curl_global_cleanup();
	return (packages);
}

/*
 * One BioTrack (API 4.0) call: body (taken) posted, its answer's object;
 * NULL, said why, if there is none or BioTrack refused it (what names
 * the call).
 */
static json_t *
ctl_compliance_bt_call(struct ctl_recon *cr, CURL *e, char *body,
    const char *what)
{
	struct biotrack_answer	 a;
	json_t			*o = NULL;
	long			 status = 0;
	CURLcode		 cc;

	buf_free(&cr->reply);
	buf_init(&cr->reply);
	cr->errbuf[0] = '\0';
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	cc = curl_easy_perform(e);
	freezero(body, strlen(body));
	if (cc != CURLE_OK) {
		stashctl_error("BioTrack did not answer %s (%s): %s", what,
		    cr->url, cr->errbuf[0] != '\0' ? cr->errbuf :
		    curl_easy_strerror(cc));
		return (NULL);
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200 || (o = biotrack_load((const char *)cr->reply.data,
	    cr->reply.len)) == NULL) {
		stashctl_error("HTTP %ld from BioTrack for %s, or no answer in "
		    "its body", status, what);
		return (NULL);
	}
	biotrack_read(o, &a);
	if (!a.success) {
		stashctl_error("BioTrack refused %s (error %s): %s%s", what,
		    *a.errorcode != '\0' ? a.errorcode : "?", a.error,
		    strcmp(what, "the login") == 0 ? " (check biotrack-secrets)" :
		    "");
		json_decref(o);
		return (NULL);
	}
	return (o);
}

/*
 * BioTrack's inventory as the packages the comparison takes: a login,
 * sync_check, then sync_inventory, as stashd's compliance.reconcile
 * asks (state-biotrack.c). NULL, said why, if it cannot be had.
 */
static json_t *
ctl_compliance_bt_fetch(struct ctl_recon *cr)
{
	struct curl_slist	*hdrs = NULL;
	struct biotrack_answer	 a;
	CURL			*e;
	json_t			*o, *packages = NULL;
	char			 session[sizeof a.sessionid];
	char			 tag[128], nonce[BIOTRACK_NONCE_MAX + 1];
	char			 why[BIOTRACK_ERROR_MAX + 64];

	if ((e = ctl_compliance_easy(cr)) == NULL)
		return (NULL);
	curl_easy_setopt(e, CURLOPT_URL, cr->url);
	curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_NONE);
	/* BioTrack wants text/JSON, not application/json. */
	hdrs = curl_slist_append(hdrs, "Content-Type: text/JSON");
	hdrs = curl_slist_append(hdrs, "Accept: application/json");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
	*session = '\0';
	if ((o = ctl_compliance_bt_call(cr, e, biotrack_login(cr->bt[0],
	    cr->bt[1], cr->bt[2]), "the login")) == NULL)
		goto out;
	biotrack_read(o, &a);
	json_decref(o);
	strlcpy(session, a.sessionid, sizeof session);
	/* Nonces of our own: stashd's are the outbox's references. */
	snprintf(tag, sizeof tag, "stashctl-%s-recon-%lld", cr->licence,
	    (long long)util_now());
	biotrack_nonce(nonce, sizeof nonce, tag, 1);
	if ((o = ctl_compliance_bt_call(cr, e, biotrack_sync_check(session,
	    nonce), "sync_check")) == NULL)
		goto out;
	json_decref(o);
	biotrack_nonce(nonce, sizeof nonce, tag, 2);
	if ((o = ctl_compliance_bt_call(cr, e, biotrack_sync("inventory",
	    session, nonce), "sync_inventory")) == NULL)
		goto out;
	if ((packages = biotrack_inventory(o, why, sizeof why)) == NULL)
		stashctl_error("%s", why);
	json_decref(o);
out:
	explicit_bzero(session, sizeof session);
	curl_slist_free_all(hdrs);
	buf_free(&cr->reply);
	curl_easy_cleanup(e);
	curl_global_cleanup();
	return (packages);
}

/*
 * The run's last transaction: the state's holds and recalls, held here
 * too (as stashd does), and the run into the ledger's history.
 */
struct ctl_recon_record {
	json_t			*holds;
	struct reconcile_run	*run;
};

static int
ctl_compliance_hold_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_recon_record	*rr = arg;
	json_t		*holds = rr->holds, *o;
	struct hold	 h;
	const char	*tag;
	size_t		 i;
	int		 recall;

	json_array_foreach(holds, i, o) {
		tag = json_string_value(json_object_get(o, "tag"));
		recall = json_is_true(json_object_get(o, "recall"));
		if (store_hold_get(t, HOLD_PACKAGE, tag, &h) == 0)
			continue;
		if (inventory_hold(t, HOLD_PACKAGE, tag, recall, recall ?
		    "state: recalled" : "state: on hold", 0, CTL_AUDIT_WHO,
		    cause) != 0)
			return (-1);
	}
	rr->run->at = util_now();
	strlcpy(rr->run->who, CTL_AUDIT_WHO, sizeof rr->run->who);
	store_reconcile_put(t, rr->run);
	return (t->ret != 0 ? -1 : 0);
}

/* stash.conf's biotrack-* settings, as stashd reads them. */
static int
ctl_compliance_bt_config(struct ctl *ctl, const char *conf,
    struct options *opts, struct ctl_recon *cr)
{
	char	*cause = NULL;

	strlcpy(cr->licence, ctl->info.licence, sizeof cr->licence);
	cr->url = options_string(opts, "biotrack-url");
	cr->timeout = (long)options_number(opts, "biotrack-timeout");
	if (*cr->url == '\0') {
		stashctl_error("%s: state-system biotrack but biotrack-url is "
		    "not set, so there is no state system to reconcile with",
		    conf);
		return (-1);
	}
	if (metrc_conf_url(cr->url, &cause) != 0 ||
	    state_conf_secrets(options_string(opts, "biotrack-secrets"),
	    "biotrack-secrets", biotrack_secret_names, cr->bt, 3,
	    &cause) != 0) {
		stashctl_error("%s: %s", conf, cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* stash.conf, as stashd reads it; its path into conf. */
static int
ctl_compliance_options(struct ctl_args *args, struct options **opts,
    const char **conf)
{
	char	*cause = NULL;

	if ((*conf = stashctl_opt(args, "config")) == NULL)
		*conf = STASH_SYSCONFDIR "/stash/stash.conf";
	*opts = options_create();
	if (options_load(*opts, *conf, &cause) != 0) {
		stashctl_error("%s (give stashd's configuration with "
		    "--config FILE)", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/*
 * stash.conf's settings for its state-system, as stashd reads them; a
 * system with nothing to reconcile with says why. biotrack-v2024's are
 * read where its inventory is asked for (ctl_biotrack24_inventory).
 */
static int
ctl_compliance_config(struct ctl *ctl, const char *conf,
    struct options **opts, struct ctl_recon *cr)
{
	const char	*lic;
	char		*cause = NULL;

	cr->system = options_string(*opts, "state-system");
	if (strcmp(cr->system, "biotrack") == 0)
		return (ctl_compliance_bt_config(ctl, conf, *opts, cr));
	if (strcmp(cr->system, "biotrack-v2024") == 0)
		return (0);
	if (strcmp(cr->system, "ccrs") == 0) {
		stashctl_error("%s: state-system ccrs: CCRS has no API to read "
		    "the state's inventory from, so there is nothing to "
		    "reconcile with (the state's answers to uploaded files come "
		    "in with stashctl compliance ccrs results)", conf);
		return (-1);
	}
	if (strcmp(cr->system, "none") == 0) {
		stashctl_error("%s: state-system none: this store reports to no "
		    "state system, so there is nothing to reconcile with", conf);
		return (-1);
	}
	if (strcmp(cr->system, "metrc") != 0) {
		stashctl_error("%s: state-system \"%s\" is not one stashd "
		    "knows", conf, cr->system);
		return (-1);
	}
	cr->url = options_string(*opts, "metrc-url");
	if (*cr->url == '\0') {
		stashctl_error("%s: metrc-url is not set, so there is no "
		    "state system to reconcile with", conf);
		return (-1);
	}
	if (metrc_conf_url(cr->url, &cause) != 0) {
		stashctl_error("%s: %s", conf, cause);
		free(cause);
		return (-1);
	}
	lic = options_string(*opts, "metrc-licence");
	strlcpy(cr->licence, *lic != '\0' ? lic : ctl->info.licence,
	    sizeof cr->licence);
	cr->timeout = (long)options_number(*opts, "metrc-timeout");
	if (metrc_conf_secrets(options_string(*opts, "metrc-secrets"),
	    &cr->userpwd, &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* One side of a difference: a quantity with its unit, a string, or "-". */
static const char *
ctl_compliance_side(json_t *v, const char *unit, char *out, size_t len)
{
	if (json_is_integer(v))
		snprintf(out, len, "%lld %s", (long long)json_integer_value(v),
		    unit);
	else
		strlcpy(out, json_is_string(v) ? json_string_value(v) : "-",
		    len);
	return (out);
}

static void
ctl_compliance_diff_print(json_t *d)
{
	const char	*kind = json_string_value(json_object_get(d, "kind"));
	const char	*unit = json_string_value(json_object_get(d, "unit"));
	char		 a[64], b[64];

	ctl_compliance_side(json_object_get(d, "ours"), unit, a, sizeof a);
	ctl_compliance_side(json_object_get(d, "state"), unit, b, sizeof b);
	printf("%-24s  %-12s  %-16s  %-16s  %s\n", json_string_value(
	    json_object_get(d, "tag")), kind, a, b,
	    json_is_string(json_object_get(d, "action")) ? json_string_value(
	    json_object_get(d, "action")) : (json_array_size(json_object_get(d,
	    "pending")) != 0 ? "reports pending" : ""));
}

/* One run of the history, a line of the listing. */
static void
ctl_compliance_run(const struct reconcile_run *r, void *arg)
{
	json_array_append_new(arg, reply_reconcile_run(r));
}

/*
 * stashctl compliance reconcile --history [--limit N]: the reconciliations
 * the ledger keeps, newest first, and what each found.
 */
static int
ctl_compliance_history(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	json_t			*runs, *o, *k;
	const char		*s, *errstr;
	char			 when[64];
	size_t			 i, limit = CTL_RECON_RUNS;
	int			 more;

	if ((s = stashctl_opt(args, "limit")) != NULL) {
		limit = util_strtonum(s, 1, CTL_COMPLIANCE_MAX, &errstr);
		if (errstr != NULL) {
			stashctl_error("--limit %s: %s (runs, 1 to %d)", s,
			    errstr, CTL_COMPLIANCE_MAX);
			return (-1);
		}
	}
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	runs = json_array();
	if (store_reconcile_list(&t, 0, limit, ctl_compliance_run, runs,
	    &more) != 0) {
		stashctl_error("%s", t.err);
		store_abort(&t);
		json_decref(runs);
		return (-1);
	}
	store_abort(&t);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:o, s:b}", "runs", runs,
		    "more", more));
		return (0);
	}
	printf("%-20s  %-10s  %8s  %8s  %11s  %8s  %8s  %12s  %9s  %4s\n",
	    "WHEN", "WHO", "PACKAGES", "COMPARED", "DIFFERENCES", "NOT-HERE",
	    "QUANTITY", "NOT-AT-STATE", "EXPLAINED", "HELD");
	json_array_foreach(runs, i, o) {
		k = json_object_get(o, "by_kind");
		s = json_string_value(json_object_get(o, "who"));
		printf("%-20s  %-10s  %8lld  %8lld  %11lld  %8lld  %8lld  "
		    "%12lld  %9lld  %4lld\n", stashctl_time(ctl,
		    json_integer_value(json_object_get(o, "at")), when,
		    sizeof when), *s != '\0' ? s : "stashd",
		    (long long)json_integer_value(json_object_get(o,
		    "packages")), (long long)json_integer_value(
		    json_object_get(o, "compared")), (long long)
		    json_integer_value(json_object_get(o, "differences")),
		    (long long)json_integer_value(json_object_get(k,
		    "not-here")), (long long)json_integer_value(
		    json_object_get(k, "quantity")), (long long)
		    json_integer_value(json_object_get(k, "not-at-state")),
		    (long long)json_integer_value(json_object_get(o,
		    "explained")), (long long)json_integer_value(
		    json_object_get(o, "held")));
	}
	if (json_array_size(runs) == 0)
		printf("no reconciliation with the state kept yet\n");
	else if (more)
		printf("older runs left: --limit N lists more\n");
	json_decref(runs);
	return (0);
}

/*
 * stashctl compliance reconcile: ask the state for its active packages
 * now and print where they differ from the ledger. Exit 0 when nothing
 * differs, CTL_EXIT_DIFFERENT when something does, 1 on an error.
 */
int
ctl_compliance_reconcile(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_recon	 cr;
	struct ctl_recon_record	 rr;
	struct reconcile_run	 run;
	struct options		*opts = NULL;
	struct store_txn	 t;
	json_t			*packages, *result, *holds = NULL, *d;
	const char		*conf;
	size_t			 i, n;
	int			 r = -1;

	if (stashctl_flag(args, "history"))
		return (ctl_compliance_history(ctl, args));
	memset(&cr, 0, sizeof cr);
	memset(&run, 0, sizeof run);
	if (ctl_compliance_options(args, &opts, &conf) != 0)
		goto out;
	if (ctl_compliance_config(ctl, conf, &opts, &cr) != 0)
		goto out;
	if (strcmp(cr.system, "biotrack-v2024") == 0)
		packages = ctl_biotrack24_inventory(opts, conf, cr.licence,
		    sizeof cr.licence);
	else if (strcmp(cr.system, "biotrack") == 0)
		packages = ctl_compliance_bt_fetch(&cr);
	else
		packages = ctl_compliance_fetch(&cr);
	if (packages == NULL)
		goto out;
	if (store_begin(ctl->st, &t, 0) != 0) {
		json_decref(packages);
		stashctl_error("%s", t.err);
		goto out;
	}
	result = reply_reconcile(&t, packages, &holds, &run);
	store_abort(&t);
	json_decref(packages);
	if (result == NULL) {
		stashctl_error("%s", t.err);
		goto out;
	}
	rr.holds = holds;
	rr.run = &run;
	if (stashctl_write(ctl, ctl_compliance_hold_cb, &rr) != 0) {
		json_decref(result);
		goto out;
	}
	n = json_array_size(json_object_get(result, "differences"));
	r = n != 0 ? CTL_EXIT_DIFFERENT : 0;
	if (ctl->json) {
		stashctl_json_print(result);
		goto out;
	}
	printf("reconciled with %s (licence %s): %lld packages, %lld "
	    "compared\n", strcmp(cr.system, "biotrack") == 0 ? "BioTrack" :
	    strcmp(cr.system, "biotrack-v2024") == 0 ? "BioTrack v2024" :
	    "the state", cr.licence, (long long)json_integer_value(
	    json_object_get(result, "packages")), (long long)
	    json_integer_value(json_object_get(result, "compared")));
	if (n != 0) {
		printf("%-24s  %-12s  %-16s  %-16s  %s\n", "PACKAGE", "KIND",
		    "OURS", "STATE", "");
		json_array_foreach(json_object_get(result, "differences"), i,
		    d)
			ctl_compliance_diff_print(d);
	}
	printf("%zu difference%s, %zu explained by reports not yet sent, "
	    "%zu held here as the state holds them\n", n, n == 1 ? "" : "s",
	    json_array_size(json_object_get(result, "explained")),
	    json_array_size(json_object_get(result, "held")));
	json_decref(result);
out:
	if (holds != NULL)
		json_decref(holds);
	if (cr.userpwd != NULL)
		freezero(cr.userpwd, strlen(cr.userpwd));
	for (i = 0; i < 3; i++) {
		if (cr.bt[i] != NULL)
			freezero(cr.bt[i], strlen(cr.bt[i]));
	}
	if (opts != NULL)
		options_free(opts);
	return (r);
}
