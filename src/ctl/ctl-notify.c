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
#include "notify.h"

/*
 * stashctl notify status|exceptions|retry|send: the customer-notification
 * outbox (notify.h) read, and for retry and send written, straight from
 * the ledger; stashd sends what is due at its next look (within
 * notify-interval). Listings name the order, the event and the channel,
 * never the customer's address or phone.
 */

#define CTL_NOTIFY_MAX	10000

int
ctl_notify_status(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	t;
	struct notify_stats	ns;
	char			when[64];
	int64_t			now = util_now();

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	notify_stats(&t, &ns);
	store_abort(&t);
	if (t.ret != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}",
		    "pending", (json_int_t)(ns.pending[NOTIFY_MAIL] +
		    ns.pending[NOTIFY_WEBHOOK]), "pending_mail",
		    (json_int_t)ns.pending[NOTIFY_MAIL], "pending_webhook",
		    (json_int_t)ns.pending[NOTIFY_WEBHOOK], "exceptions",
		    (json_int_t)ns.exceptions, "done", (json_int_t)ns.done,
		    "oldest_age", ns.oldest != 0 ?
		    json_integer((now - ns.oldest) / 1000000) : json_null()));
		return (0);
	}
	printf("pending:    %llu (mail %llu, webhook %llu)\n",
	    (unsigned long long)(ns.pending[NOTIFY_MAIL] +
	    ns.pending[NOTIFY_WEBHOOK]),
	    (unsigned long long)ns.pending[NOTIFY_MAIL],
	    (unsigned long long)ns.pending[NOTIFY_WEBHOOK]);
	printf("exceptions: %llu%s\n", (unsigned long long)ns.exceptions,
	    ns.exceptions != 0 ? " (stashctl notify exceptions)" : "");
	printf("done:       %llu\n", (unsigned long long)ns.done);
	if (ns.oldest != 0) {
		printf("oldest:     %lld seconds unsent (since %s)\n",
		    (long long)((now - ns.oldest) / 1000000),
		    stashctl_time(ctl, ns.oldest, when, sizeof when));
	}
	return (0);
}

struct ctl_notify_list {
	struct stashctl_list	 l;
	u_int			 n;
};

static int
ctl_notify_exception(const struct notify_job *j, void *arg)
{
	struct ctl_notify_list	*cl = arg;
	char			 when[64], msg[NOTIFY_ERROR_MAX + 1];

	if (cl->n++ >= CTL_NOTIFY_MAX)
		return (1);
	if (cl->l.arr != NULL) {
		json_array_append_new(cl->l.arr, json_pack("{s:I, s:s, s:s, "
		    "s:I, s:I, s:i, s:s}", "job", (json_int_t)j->id,
		    "channel", notify_channel_name(j->channel), "event",
		    notify_kind_name(j->kind), "order", (json_int_t)j->order,
		    "created", (json_int_t)j->created, "attempts",
		    j->attempts, "message", j->error));
		return (0);
	}
	fprintf(cl->l.f, "%8llu  %-7s  %8llu  %-16s  %-19s  %s\n",
	    (unsigned long long)j->id, notify_channel_name(j->channel),
	    (unsigned long long)j->order, notify_kind_name(j->kind),
	    stashctl_time(cl->l.ctl, j->created, when, sizeof when),
	    stashctl_clean(j->error, msg, sizeof msg));
	return (0);
}

int
ctl_notify_exceptions(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_notify_list	cl;
	char			head[128];

	snprintf(head, sizeof head, "%8s  %-7s  %8s  %-16s  %-19s  %s\n",
	    "JOB", "CHANNEL", "ORDER", "EVENT", "CREATED", "WHY");
	cl.n = 0;
	if (stashctl_list_begin(ctl, &cl.l, head) != 0)
		return (-1);
	notify_exception_walk(&cl.l.t, ctl_notify_exception, &cl);
	return (stashctl_list_end(&cl.l));
}

struct ctl_notify_retry {
	uint64_t	job;
};

static int
ctl_notify_retry_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_notify_retry	*cr = arg;
	char			 subj[40];

	if (notify_retry(t, cr->job, cause) != 0)
		return (-1);
	snprintf(subj, sizeof subj, "notification %llu",
	    (unsigned long long)cr->job);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, "notify.retry", subj,
	    "moved back to pending");
	return (t->ret != 0 ? -1 : 0);
}

/* stashctl notify retry JOB: send a refused notification again. */
int
ctl_notify_retry(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_notify_retry	 cr;
	const char		*errstr;

	cr.job = (uint64_t)util_strtonum(args->argv[0], 1, INT64_MAX,
	    &errstr);
	if (errstr != NULL) {
		stashctl_error("notification %s: %s", args->argv[0], errstr);
		return (-1);
	}
	if (stashctl_write(ctl, ctl_notify_retry_cb, &cr) != 0)
		return (-1);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:I}", "job",
		    (json_int_t)cr.job));
	else
		printf("notification %llu is pending again\n",
		    (unsigned long long)cr.job);
	return (0);
}

struct ctl_notify_send {
	struct notify_event	ev;
	int			n;
	uint64_t		first;
};

static int
ctl_notify_send_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_notify_send	*cs = arg;
	char			 subj[40];

	cs->first = notify_next_id(t);
	if ((cs->n = notify_enqueue(t, &cs->ev)) < 0) {
		xasprintf(cause, "%s", t->err);
		return (-1);
	}
	snprintf(subj, sizeof subj, "order %llu",
	    (unsigned long long)cs->ev.order);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, "notify.send", subj,
	    "%s: %d notification(s)", notify_kind_name(cs->ev.kind), cs->n);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * stashctl notify send --order N --event EVENT [--email A] [--phone P]
 * [--first NAME] [--customer ID] [--eta MINUTES] [--no-consent]: write an
 * order event's notifications through notify_enqueue, as the order code
 * does in its own transaction (for tests and for trying a store's mail
 * and webhook settings before orders exist).
 */
int
ctl_notify_send(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_notify_send	 cs;
	const char		*s, *errstr;
	char			 cause[128];
	int64_t			 v;

	memset(&cs, 0, sizeof cs);
	cs.ev.consent = !stashctl_flag(args, "no-consent");
	if ((s = stashctl_opt(args, "order")) == NULL) {
		stashctl_error("--order N is needed");
		return (-1);
	}
	cs.ev.order = (uint64_t)util_strtonum(s, 1, INT64_MAX, &errstr);
	if (errstr != NULL) {
		stashctl_error("--order %s: %s", s, errstr);
		return (-1);
	}
	if ((s = stashctl_opt(args, "event")) == NULL ||
	    (cs.ev.kind = notify_kind_find(s)) == 0) {
		stashctl_error("--event is one of confirmed, packed, "
		    "out-for-delivery, arriving-soon, delivered, failed");
		return (-1);
	}
	if ((s = stashctl_opt(args, "customer")) != NULL) {
		cs.ev.customer = (uint32_t)util_strtonum(s, 1, UINT32_MAX,
		    &errstr);
		if (errstr != NULL) {
			stashctl_error("--customer %s: %s", s, errstr);
			return (-1);
		}
	}
	if ((s = stashctl_opt(args, "eta")) != NULL) {
		v = util_strtonum(s, 0, 24 * 60, &errstr);
		if (errstr != NULL) {
			stashctl_error("--eta %s: minutes from now, 0 to "
			    "1440: %s", s, errstr);
			return (-1);
		}
		cs.ev.eta = util_now() + v * 60 * 1000000;
	}
	if ((s = stashctl_opt(args, "email")) != NULL)
		strlcpy(cs.ev.email, s, sizeof cs.ev.email);
	if ((s = stashctl_opt(args, "phone")) != NULL)
		strlcpy(cs.ev.phone, s, sizeof cs.ev.phone);
	if ((s = stashctl_opt(args, "first")) != NULL)
		strlcpy(cs.ev.first, s, sizeof cs.ev.first);
	if (notify_event_check(&cs.ev, cause, sizeof cause) != 0) {
		stashctl_error("%s", cause);
		return (-1);
	}
	if (cs.ev.customer == 0 && *cs.ev.email == '\0' &&
	    *cs.ev.phone == '\0') {
		stashctl_error("give --email, --phone or --customer: whom to "
		    "tell");
		return (-1);
	}
	if (stashctl_write(ctl, ctl_notify_send_cb, &cs) != 0)
		return (-1);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:i, s:o}", "written", cs.n,
		    "first_job", cs.n != 0 ? json_integer((json_int_t)cs.first)
		    : json_null()));
		return (0);
	}
	if (cs.n == 0)
		printf("nothing written: no consent or no contact\n");
	else
		printf("%d notification(s) written, from job %llu\n", cs.n,
		    (unsigned long long)cs.first);
	return (0);
}
