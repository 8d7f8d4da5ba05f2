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

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobq.h"
#include "notify.h"

/*
 * The notification outbox (notify.h): jobs written in the transaction of
 * the order event they tell the customer of, read and marked by stashd's
 * drain and by stashctl notify.
 */

#define NOTIFY_REC	'N'
enum { NO_ID = 1, NO_CHANNEL, NO_KIND, NO_STATE, NO_ORDER, NO_TO, NO_FIRST,
    NO_ETA, NO_CREATED, NO_DUE, NO_DONE, NO_ATTEMPTS, NO_ERROR };

/* Scan at most this many pending jobs for the oldest one. */
#define NOTIFY_STATS_SCAN	10000

static const char *notify_kinds[] = {
	[NOTIFY_CONFIRMED] = "confirmed",
	[NOTIFY_PACKED] = "packed",
	[NOTIFY_OUT] = "out-for-delivery",
	[NOTIFY_SOON] = "arriving-soon",
	[NOTIFY_DELIVERED] = "delivered",
	[NOTIFY_FAILED] = "failed",
};
static const char *notify_channels[] = {
	[NOTIFY_MAIL] = "mail",
	[NOTIFY_WEBHOOK] = "webhook",
};
static const char *notify_states[] = {
	[NOTIFY_PENDING] = "pending",
	[NOTIFY_DONE] = "done",
	[NOTIFY_EXCEPTION] = "exception",
};

const char *
notify_kind_name(int kind)
{
	if (kind < NOTIFY_KIND_FIRST || kind > NOTIFY_KIND_LAST)
		return ("?");
	return (notify_kinds[kind]);
}

int
notify_kind_find(const char *name)
{
	int	i;

	for (i = NOTIFY_KIND_FIRST; i <= NOTIFY_KIND_LAST; i++) {
		if (strcmp(notify_kinds[i], name) == 0)
			return (i);
	}
	return (0);
}

const char *
notify_channel_name(int channel)
{
	if (channel < NOTIFY_MAIL || channel > NOTIFY_WEBHOOK)
		return ("?");
	return (notify_channels[channel]);
}

const char *
notify_state_name(int state)
{
	if (state < NOTIFY_PENDING || state > NOTIFY_EXCEPTION)
		return ("?");
	return (notify_states[state]);
}

/* The notification's stable id: the same on every attempt. */
void
notify_id(const char *licence, uint64_t job, char *out, size_t len)
{
	snprintf(out, len, "stash-%s-n-%llu", licence,
	    (unsigned long long)job);
}

/*
 * The wait before attempt n+1 after n failed ones: base doubled each
 * time, at most max (µs).
 */
int64_t
notify_backoff(int attempts, int64_t base, int64_t max)
{
	int64_t	d = base;
	int	i;

	for (i = 1; i < attempts && d < max; i++)
		d *= 2;
	return (d > max ? max : d);
}

/*
 * An address we will put in an SMTP envelope and a To: header: one '@'
 * with something either side, printable ASCII without spaces, quotes,
 * angle brackets or anything else that could end a command or a header.
 */
int
notify_email_valid(const char *s)
{
	const char	*at = NULL, *p;
	size_t		 n = strlen(s);

	if (n < 3 || n > NOTIFY_EMAIL_MAX)
		return (0);
	for (p = s; *p != '\0'; p++) {
		if (*p <= ' ' || *p >= 0x7f || strchr("<>()[]\\,;:\"", *p))
			return (0);
		if (*p == '@') {
			if (at != NULL)
				return (0);
			at = p;
		}
	}
	return (at != NULL && at != s && at[1] != '\0' && at[1] != '.');
}

/* A phone number: an optional '+', then 4 to 20 digits. */
int
notify_phone_valid(const char *s)
{
	size_t	n = 0;

	if (*s == '+')
		s++;
	for (; *s != '\0'; s++) {
		if (!isdigit((u_char)*s))
			return (0);
		n++;
	}
	return (n >= 4 && n <= 20);
}

/* A first name: printable UTF-8 text, no control characters. */
static int
notify_first_valid(const char *s)
{
	char	*cause = NULL;

	if (valid_text(s, strlen(s), NOTIFY_FIRST_MAX, "first name",
	    &cause) != 0) {
		free(cause);
		return (0);
	}
	return (1);
}

/*
 * Is the event one we can write? 0, or -1 with why in cause (which names
 * the field but never repeats its value: it may be a customer's address).
 */
int
notify_event_check(const struct notify_event *ev, char *cause, size_t len)
{
	if (ev->order == 0) {
		snprintf(cause, len, "a notification needs an order number");
		return (-1);
	}
	if (ev->kind < NOTIFY_KIND_FIRST || ev->kind > NOTIFY_KIND_LAST) {
		snprintf(cause, len, "unknown notification event %d",
		    ev->kind);
		return (-1);
	}
	if ((ev->kind == NOTIFY_OUT || ev->kind == NOTIFY_SOON) &&
	    ev->eta <= 0) {
		snprintf(cause, len, "an ETA is needed for %s",
		    notify_kind_name(ev->kind));
		return (-1);
	}
	if (*ev->email != '\0' && !notify_email_valid(ev->email)) {
		snprintf(cause, len, "the e-mail address is not one a "
		    "message can be sent to");
		return (-1);
	}
	if (*ev->phone != '\0' && !notify_phone_valid(ev->phone)) {
		snprintf(cause, len, "the phone number is not digits with "
		    "an optional leading +");
		return (-1);
	}
	if (*ev->first != '\0' && !notify_first_valid(ev->first)) {
		snprintf(cause, len, "the first name is not printable text");
		return (-1);
	}
	return (0);
}

int
notify_decode(const u_char *v, size_t vlen, struct notify_job *j)
{
	struct codec	c;
	int64_t		id = 0, channel = 0, kind = 0, state = 0, order = 0;
	int64_t		attempts = 0;

	memset(j, 0, sizeof *j);
	if (codec_open(&c, v, vlen, NOTIFY_REC) != 0 ||
	    codec_get_i64(&c, NO_ID, &id) != 0 ||
	    codec_get_i64(&c, NO_CHANNEL, &channel) != 0 ||
	    codec_get_i64(&c, NO_KIND, &kind) != 0 ||
	    codec_get_i64(&c, NO_STATE, &state) != 0 ||
	    codec_get_i64(&c, NO_ORDER, &order) != 0 ||
	    codec_get_str(&c, NO_TO, j->to, sizeof j->to) < 0 ||
	    codec_get_str(&c, NO_FIRST, j->first, sizeof j->first) < 0 ||
	    codec_get_i64(&c, NO_ETA, &j->eta) < 0 ||
	    codec_get_i64(&c, NO_CREATED, &j->created) < 0 ||
	    codec_get_i64(&c, NO_DUE, &j->due) < 0 ||
	    codec_get_i64(&c, NO_DONE, &j->done) < 0 ||
	    codec_get_i64(&c, NO_ATTEMPTS, &attempts) < 0 ||
	    codec_get_str(&c, NO_ERROR, j->error, sizeof j->error) < 0 ||
	    id <= 0 || channel < NOTIFY_MAIL || channel > NOTIFY_WEBHOOK ||
	    kind < NOTIFY_KIND_FIRST || kind > NOTIFY_KIND_LAST ||
	    state < NOTIFY_PENDING || state > NOTIFY_EXCEPTION ||
	    order <= 0 || attempts < 0 || attempts > INT32_MAX)
		return (-1);
	j->id = (uint64_t)id;
	j->channel = (int)channel;
	j->kind = (int)kind;
	j->state = (int)state;
	j->order = (uint64_t)order;
	j->attempts = (int)attempts;
	return (0);
}

/* The record's place in the due index (jobq.h). */
static int
notify_slot(const void *rec, uint64_t *id, uint64_t *due)
{
	const struct notify_job	*j = rec;

	*id = j->id;
	if (j->state == NOTIFY_EXCEPTION)
		*due = NOTIFY_NEVER;
	else
		*due = (uint64_t)(j->due < 0 ? 0 : j->due);
	return (j->state == NOTIFY_PENDING || j->state == NOTIFY_EXCEPTION);
}

static int
notify_decode_rec(const u_char *v, size_t vlen, void *rec)
{
	return (notify_decode(v, vlen, rec));
}

static void
notify_encode(struct buf *b, const void *rec)
{
	const struct notify_job	*j = rec;

	codec_begin(b, NOTIFY_REC, 1);
	codec_i64(b, NO_ID, (int64_t)j->id);
	codec_i64(b, NO_CHANNEL, j->channel);
	codec_i64(b, NO_KIND, j->kind);
	codec_i64(b, NO_STATE, j->state);
	codec_i64(b, NO_ORDER, (int64_t)j->order);
	codec_str(b, NO_TO, j->to);
	if (*j->first != '\0')
		codec_str(b, NO_FIRST, j->first);
	if (j->eta != 0)
		codec_i64(b, NO_ETA, j->eta);
	codec_i64(b, NO_CREATED, j->created);
	codec_i64(b, NO_DUE, j->due);
	if (j->done != 0)
		codec_i64(b, NO_DONE, j->done);
	codec_i64(b, NO_ATTEMPTS, j->attempts);
	if (*j->error != '\0')
		codec_str(b, NO_ERROR, j->error);
}

/* The notifications as a job queue. */
static const struct jobq notify_q = {
	DB_NOTIFY, DB_NOTIFY_DUE, "notification", sizeof (struct notify_job),
	notify_decode_rec, notify_encode, notify_slot
};

/* The number the next notification job will get. */
uint64_t
notify_next_id(struct store_txn *t)
{
	return (jobq_next(t, &notify_q));
}

int
notify_get(struct store_txn *t, uint64_t id, struct notify_job *j)
{
	return (jobq_get(t, &notify_q, id, j));
}

/* Write a job; old (NULL for a new one) keeps the due index right. */
void
notify_put(struct store_txn *t, const struct notify_job *old,
    const struct notify_job *j)
{
	jobq_put(t, &notify_q, old, j);
}

static void
notify_add(struct store_txn *t, const struct notify_event *ev, int channel,
    const char *to, const char *first, int64_t now)
{
	struct notify_job	j;

	memset(&j, 0, sizeof j);
	j.id = jobq_next(t, &notify_q);
	j.channel = channel;
	j.kind = ev->kind;
	j.state = NOTIFY_PENDING;
	j.order = ev->order;
	strlcpy(j.to, to, sizeof j.to);
	strlcpy(j.first, first, sizeof j.first);
	j.eta = ev->eta;
	j.created = j.due = now;
	notify_put(t, NULL, &j);
}

/*
 * Write the jobs for an order event, in the caller's transaction: one for
 * the customer's e-mail address and one for their phone (the webhook),
 * each only if there is one. Returns how many were written (0 when the
 * customer did not consent or left no contact), or -1: the event is not
 * valid (the transaction is failed with why) or the store failed.
 */
int
notify_enqueue(struct store_txn *t, const struct notify_event *given)
{
	struct notify_event	ev = *given;
	struct customer		cu;
	char			cause[128];
	int64_t			now = util_now();
	int			n = 0;

	if (t->ret != 0)
		return (-1);
	if (notify_event_check(&ev, cause, sizeof cause) != 0) {
		store_fail(t, STORE_ERROR, "%s", cause);
		return (-1);
	}
	if (!ev.consent)
		return (0);
	if (ev.customer != 0) {
		if (store_customer_get(t, ev.customer, &cu) != 0) {
			if (t->ret == 0)
				store_fail(t, STORE_ERROR, "no customer %u",
				    ev.customer);
			return (-1);
		}
		/* The record's contact, checked as if given. */
		if (*ev.email == '\0' && notify_email_valid(cu.email))
			strlcpy(ev.email, cu.email, sizeof ev.email);
		if (*ev.phone == '\0' && notify_phone_valid(cu.phone))
			strlcpy(ev.phone, cu.phone, sizeof ev.phone);
		if (*ev.first == '\0' && notify_first_valid(cu.first))
			strlcpy(ev.first, cu.first, sizeof ev.first);
	}
	if (*ev.email != '\0') {
		notify_add(t, &ev, NOTIFY_MAIL, ev.email, ev.first, now);
		n++;
	}
	if (*ev.phone != '\0') {
		notify_add(t, &ev, NOTIFY_WEBHOOK, ev.phone, ev.first, now);
		n++;
	}
	return (t->ret != 0 ? -1 : n);
}

/* Put an exception back in the queue, due now. */
int
notify_retry(struct store_txn *t, uint64_t id, char **cause)
{
	struct notify_job	j, old;
	int			r;

	r = notify_get(t, id, &j);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no notification %llu",
		    (unsigned long long)id);
		return (-1);
	}
	if (r != 0) {
		xasprintf(cause, "%s", store_strerror(r));
		return (-1);
	}
	if (j.state != NOTIFY_EXCEPTION) {
		xasprintf(cause, "notification %llu is %s, not an exception",
		    (unsigned long long)id, notify_state_name(j.state));
		return (-1);
	}
	old = j;
	j.state = NOTIFY_PENDING;
	j.due = util_now();
	j.attempts = 0;
	notify_put(t, &old, &j);
	if (t->ret != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	return (0);
}

/*
 * Counts for stashctl notify status. The pending jobs' channels and the
 * oldest are looked for in the first NOTIFY_STATS_SCAN entries only.
 */
static int
notify_stats_one(const void *rec, void *arg)
{
	const struct notify_job	*j = rec;
	struct notify_stats	*ns = arg;

	ns->pending[j->channel]++;
	if (ns->oldest == 0 || j->created < ns->oldest)
		ns->oldest = j->created;
	return (0);
}

void
notify_stats(struct store_txn *t, struct notify_stats *ns)
{
	uint64_t	all;

	memset(ns, 0, sizeof *ns);
	all = store_count(t, DB_NOTIFY);
	ns->exceptions = jobq_exceptions(t, &notify_q);
	jobq_walk_due(t, &notify_q, NOTIFY_STATS_SCAN, notify_stats_one, ns);
	ns->done = all - ns->exceptions - ns->pending[NOTIFY_MAIL] -
	    ns->pending[NOTIFY_WEBHOOK];
}

/* A walk's typed callback, called from the queue's. */
struct notify_each {
	int		(*cb)(const struct notify_job *, void *);
	void		 *arg;
};

static int
notify_each(const void *rec, void *arg)
{
	struct notify_each	*e = arg;

	return (e->cb(rec, e->arg));
}

/*
 * The pending jobs in due order, at most max of them, until cb returns
 * non-zero. -1 if the walk failed (t->ret says why).
 */
int
notify_walk_due(struct store_txn *t, u_int max,
    int (*cb)(const struct notify_job *, void *), void *arg)
{
	struct notify_each	e = { cb, arg };

	return (jobq_walk_due(t, &notify_q, max, notify_each, &e));
}

/* The exceptions, oldest first, until cb returns non-zero. */
int
notify_exception_walk(struct store_txn *t,
    int (*cb)(const struct notify_job *, void *), void *arg)
{
	struct notify_each	e = { cb, arg };

	return (jobq_exception_walk(t, &notify_q, notify_each, &e));
}
