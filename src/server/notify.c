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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify-drain.h"

/*
 * The notification drain: customer notifications (notify.h) sent from the
 * ledger, off the loop's critical path.
 *
 * A pick reads the due jobs in one short read transaction, copies what it
 * needs and ends it; each job is then one libcurl transfer on the loop
 * (notify-curl.c). Its outcome is written by the group commit (batch_write)
 * and the job stays claimed until that write is over, so it is never sent
 * again while its "done" is on the way to the disk. A commit wakes the
 * drain (batch hook) so an order's notification leaves about a tenth of a
 * second after the order; a tick every notify-interval finds what other
 * processes wrote (stashctl) and the retries that came due.
 *
 * Exactly once, as far as a receiver can tell:
 * - a job is written in the transaction of its event, so it exists if and
 *   only if the event does (nothing lost);
 * - it is marked done only after the receiver's yes (a webhook's 2xx, the
 *   SMTP server's final 250 after the message), in a write committed
 *   before the job can be picked again;
 * - between that yes and our commit (stashd killed, the disk full) the
 *   job is still pending and is sent again after the restart, with the
 *   same id and the same bytes: a webhook receiver drops the repeat by its
 *   X-Stash-Id; SMTP has no such thing, so the mail may arrive twice in
 *   that window, with the same Message-ID (which many mail stores fold).
 *   The same holds when the answer itself is lost (a timeout after the
 *   receiver took it).
 */

static struct notify_drain	*notify_drain;

#define NOTIFY_WAKE_US		100000
#define NOTIFY_SECRET_MAX	1024

static void	notify_kick(struct notify_drain *);

/*
 * A secret file: its first line, mode 0600 or stricter, not empty. The
 * value is never echoed.
 */
static int
notify_secret_read(const char *option, const char *path, char **out,
    size_t *outlen, char **cause)
{
	FILE		*f;
	struct stat	 sb;
	char		 line[NOTIFY_SECRET_MAX + 2];
	size_t		 n;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: cannot open %s: %s", option, path,
		    strerror(errno));
		return (-1);
	}
	if (fstat(fileno(f), &sb) != 0 || (sb.st_mode & 077) != 0) {
		xasprintf(cause, "%s: %s can be read by group or others "
		    "(mode %04o): chmod 600 it", option, path,
		    (u_int)(sb.st_mode & 07777));
		fclose(f);
		return (-1);
	}
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n");
	if (n == 0 || n > NOTIFY_SECRET_MAX) {
		explicit_bzero(line, sizeof line);
		xasprintf(cause, "%s: %s: the first line must hold the "
		    "secret (1 to %d bytes)", option, path, NOTIFY_SECRET_MAX);
		return (-1);
	}
	*out = xmalloc(n + 1);
	memcpy(*out, line, n);
	(*out)[n] = '\0';
	*outlen = n;
	explicit_bzero(line, sizeof line);
	return (0);
}

/* The host of scheme://[user@]host[:port]/..., for the loopback rule. */
static void
notify_url_host(const char *url, char *out, size_t len)
{
	const char	*p, *at, *end;
	size_t		 n;

	*out = '\0';
	if ((p = strstr(url, "://")) == NULL)
		return;
	p += 3;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', end - p);
	if (at != NULL)
		p = at + 1;
	if (*p == '[')
		n = strcspn(p, "]") + 1;
	else
		n = strcspn(p, ":/?#");
	if (p + n > end)
		n = end - p;
	if (n >= len)
		n = len - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

static int
notify_conf_webhook(struct notify_drain *d, const char *url, char **cause)
{
	char	host[256], *secret;
	size_t	len;

	notify_url_host(url, host, sizeof host);
	if (strncmp(url, "https://", 8) != 0 &&
	    !(strncmp(url, "http://", 7) == 0 && valid_host_loopback(host))) {
		xasprintf(cause, "webhook-url: must be https:// (plain "
		    "http:// only to a receiver on loopback)");
		return (-1);
	}
	if (*host == '\0') {
		xasprintf(cause, "webhook-url: no host in the URL");
		return (-1);
	}
	if (*options_string(d->srv->opts, "webhook-secret") == '\0') {
		xasprintf(cause, "webhook-url is set but webhook-secret is "
		    "not: name the file holding the signing secret");
		return (-1);
	}
	if (notify_secret_read("webhook-secret", options_string(d->srv->opts,
	    "webhook-secret"), &secret, &len, cause) != 0)
		return (-1);
	d->webhook_url = xstrdup(url);
	d->secret = (u_char *)secret;
	d->secretlen = len;
	return (0);
}

static int
notify_conf_smtp(struct notify_drain *d, const char *url, char **cause)
{
	const char	*from, *user, *file;
	char		 host[256];
	size_t		 len;

	notify_url_host(url, host, sizeof host);
	if ((strncmp(url, "smtp://", 7) != 0 &&
	    strncmp(url, "smtps://", 8) != 0) || *host == '\0') {
		xasprintf(cause, "smtp-url: must be smtp://HOST[:PORT] or "
		    "smtps://HOST[:PORT]");
		return (-1);
	}
	from = options_string(d->srv->opts, "smtp-from");
	if (!notify_email_valid(from)) {
		xasprintf(cause, "smtp-url is set but smtp-from is not a "
		    "plain address (name@domain): set the sender's address");
		return (-1);
	}
	/* Off loopback, plain smtp:// must switch to TLS (STARTTLS). */
	d->smtp_tls = strncmp(url, "smtp://", 7) == 0 &&
	    !valid_host_loopback(host);
	user = options_string(d->srv->opts, "smtp-user");
	file = options_string(d->srv->opts, "smtp-secret");
	if (*user != '\0') {
		if (*file == '\0') {
			xasprintf(cause, "smtp-user is set but smtp-secret is "
			    "not: name the file holding the password");
			return (-1);
		}
		if (notify_secret_read("smtp-secret", file, &d->smtp_pass,
		    &len, cause) != 0)
			return (-1);
		d->smtp_user = xstrdup(user);
	}
	d->smtp_url = xstrdup(url);
	d->smtp_from = xstrdup(from);
	return (0);
}

static int
notify_claimed(struct notify_drain *d, uint64_t job)
{
	u_int	i;

	for (i = 0; i < NOTIFY_INFLIGHT; i++) {
		if (d->claimed[i] == job)
			return (1);
	}
	return (0);
}

static int
notify_free_slot(struct notify_drain *d)
{
	u_int	i;

	for (i = 0; i < NOTIFY_INFLIGHT; i++) {
		if (d->claimed[i] == 0)
			return ((int)i);
	}
	return (-1);
}

static void
notify_release(struct notify_drain *d, uint64_t job)
{
	u_int	i;

	for (i = 0; i < NOTIFY_INFLIGHT; i++) {
		if (d->claimed[i] == job) {
			d->claimed[i] = 0;
			d->reqs[i] = NULL;
		}
	}
}

struct notify_pick {
	struct notify_drain	*d;
	int64_t			 now;
	struct notify_job	 jobs[NOTIFY_INFLIGHT];
	u_int			 n;
	u_int			 want;
};

static int
notify_pick_one(const struct notify_job *j, void *arg)
{
	struct notify_pick	*p = arg;
	struct notify_drain	*d = p->d;
	u_int			 i;

	if (j->due > p->now)
		return (1);	/* in due order: the rest are later */
	if (notify_claimed(d, j->id))
		return (0);
	for (i = 0; i < p->n; i++) {
		if (p->jobs[i].id == j->id)
			return (0);
	}
	if ((j->channel == NOTIFY_MAIL && d->smtp_url == NULL) ||
	    (j->channel == NOTIFY_WEBHOOK && d->webhook_url == NULL))
		return (0);	/* waits for its channel to be set */
	p->jobs[p->n++] = *j;
	return (p->n == p->want);
}

/* Start the sends due now, as many as there are free slots. */
static void
notify_kick(struct notify_drain *d)
{
	struct store_txn	 t;
	struct notify_pick	 p;
	struct notify_req	*rq;
	struct notify_job	*j;
	char			*h;
	u_int			 i;
	int			 slot;

	memset(&p, 0, sizeof p);
	p.d = d;
	p.now = util_now();
	for (i = 0; i < NOTIFY_INFLIGHT; i++) {
		if (d->claimed[i] == 0)
			p.want++;
	}
	if (p.want == 0 || d->srv->quit)
		return;
	if (store_begin(d->srv->st, &t, 0) != 0) {
		log_warnx("notify: cannot read the ledger: %s", t.err);
		return;
	}
	notify_walk_due(&t, NOTIFY_SCAN, notify_pick_one, &p);
	store_abort(&t);
	if (t.ret != 0) {
		log_warnx("notify: cannot read the notifications: %s", t.err);
		return;
	}
	for (i = 0; i < p.n; i++) {
		j = &p.jobs[i];
		if ((slot = notify_free_slot(d)) == -1)
			break;
		rq = xcalloc(1, sizeof *rq);
		rq->d = d;
		rq->job = j->id;
		rq->channel = j->channel;
		rq->order = j->order;
		rq->kind = j->kind;
		if (j->channel == NOTIFY_MAIL) {
			rq->body = notify_mail(&d->ns, j, util_now(),
			    &rq->len);
			xasprintf(&h, "<%s>", j->to);
			rq->rcpt = curl_slist_append(NULL, h);
			free(h);
		} else
			rq->body = notify_webhook_body(&d->ns, j, &rq->len);
		d->claimed[slot] = j->id;
		d->reqs[slot] = rq;
		log_debug("notify: sending %llu (%s, order %llu %s, attempt "
		    "%d)", (unsigned long long)j->id,
		    notify_channel_name(j->channel),
		    (unsigned long long)j->order, notify_kind_name(j->kind),
		    j->attempts + 1);
		notify_curl_start(d, rq);
	}
}

static void
notify_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	notify_kick(arg);
}

/* After each commit: look for new notifications shortly. */
static void
notify_committed(struct server *srv, int ok, json_t *events, void *arg)
{
	struct notify_drain	*d = arg;
	struct timeval		 tv = { 0, NOTIFY_WAKE_US };

	if (!ok || evtimer_pending(d->wake_ev, NULL))
		return;
	evtimer_add(d->wake_ev, &tv);
}

/* The outcome of one send, in the group commit. */
static int
notify_apply(struct op_ctx *ctx)
{
	struct notify_req	*rq = ctx->data;
	struct notify_drain	*d = rq->d;
	struct store_txn	*t = ctx->txn;
	struct notify_job	 j, old;
	int64_t			 now = util_now();
	char			 msg[NOTIFY_ERROR_MAX + 64];
	int			 r;

	if ((r = notify_get(t, rq->job, &j)) != 0)
		return (t->ret != 0 ? -1 : 0);
	if (j.state != NOTIFY_PENDING)
		return (0);
	old = j;
	j.attempts++;
	switch (rq->outcome) {
	case NOTIFY_SENT:
		j.state = NOTIFY_DONE;
		j.done = now;
		j.error[0] = '\0';
		break;
	case NOTIFY_REFUSED:
		j.state = NOTIFY_EXCEPTION;
		strlcpy(j.error, rq->why, sizeof j.error);
		break;
	default:
		strlcpy(j.error, rq->why, sizeof j.error);
		if (now - j.created > d->max_age) {
			j.state = NOTIFY_EXCEPTION;
			snprintf(msg, sizeof msg, "not sent within "
			    "notify-max-age; last: %s", rq->why);
			strlcpy(j.error, msg, sizeof j.error);
			break;
		}
		j.due = now + notify_backoff(j.attempts, d->retry,
		    d->retry_max);
		break;
	}
	notify_put(t, &old, &j);
	ctx->result = json_object();
	return (t->ret != 0 ? -1 : 0);
}

/* Written (or not: then it is sent again): the job may be picked again. */
static void
notify_apply_free(void *arg)
{
	struct notify_req	*rq = arg;
	struct notify_drain	*d = rq->d;
	struct timeval		 tv = { 0, 0 };

	notify_release(d, rq->job);
	notify_curl_free(rq);
	if (!evtimer_pending(d->wake_ev, NULL))
		evtimer_add(d->wake_ev, &tv);
}

/* A transfer ended (notify-curl.c): write what it means. */
void
notify_done(struct notify_drain *d, struct notify_req *rq, CURLcode cc)
{
	long	code = 0;

	curl_easy_getinfo(rq->easy, CURLINFO_RESPONSE_CODE, &code);
	notify_curl_classify(rq, cc, code);
	switch (rq->outcome) {
	case NOTIFY_SENT:
		d->sent++;
		log_info("notify: %llu sent (%s, order %llu %s)",
		    (unsigned long long)rq->job,
		    notify_channel_name(rq->channel),
		    (unsigned long long)rq->order, notify_kind_name(rq->kind));
		break;
	case NOTIFY_REFUSED:
		d->refused++;
		log_warnx("notify: %llu refused, now an exception (%s, order "
		    "%llu %s): %s", (unsigned long long)rq->job,
		    notify_channel_name(rq->channel),
		    (unsigned long long)rq->order, notify_kind_name(rq->kind),
		    rq->why);
		break;
	default:
		d->again++;
		log_info("notify: %llu not sent, will retry (%s, order %llu "
		    "%s): %s", (unsigned long long)rq->job,
		    notify_channel_name(rq->channel),
		    (unsigned long long)rq->order, notify_kind_name(rq->kind),
		    rq->why);
		break;
	}
	curl_easy_cleanup(rq->easy);
	rq->easy = NULL;
	batch_write(d->srv, "notify.drain", notify_apply, rq,
	    notify_apply_free, NULL);
}

static void
notify_free(struct notify_drain *d)
{
	free(d->smtp_url);
	free(d->smtp_from);
	free(d->smtp_user);
	if (d->smtp_pass != NULL)
		freezero(d->smtp_pass, strlen(d->smtp_pass));
	free(d->webhook_url);
	if (d->secret != NULL)
		freezero(d->secret, d->secretlen);
	free(d);
}

/* Start sending if smtp-url or webhook-url is set. */
int
notify_start(struct server *srv, char **cause)
{
	struct notify_drain	*d;
	struct timeval		 tv;
	const char		*smtp, *hook;

	smtp = options_string(srv->opts, "smtp-url");
	hook = options_string(srv->opts, "webhook-url");
	if (*smtp == '\0' && *hook == '\0') {
		log_info("notify: neither smtp-url nor webhook-url is set: "
		    "customer notifications wait in the ledger");
		return (0);
	}
	d = xcalloc(1, sizeof *d);
	d->srv = srv;
	if ((*smtp != '\0' && notify_conf_smtp(d, smtp, cause) != 0) ||
	    (*hook != '\0' && notify_conf_webhook(d, hook, cause) != 0)) {
		notify_free(d);
		return (-1);
	}
	d->timeout = (long)options_number(srv->opts, "notify-timeout");
	d->retry = options_number(srv->opts, "notify-retry") * 1000000;
	d->retry_max = options_number(srv->opts, "notify-retry-max") *
	    1000000;
	d->max_age = options_number(srv->opts, "notify-max-age") * 1000000;
	d->ns.name = srv->info.name;
	d->ns.licence = srv->info.licence;
	d->ns.tz = srv->info.tz;
	d->ns.from = d->smtp_from != NULL ? d->smtp_from : "";
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("curl_global_init failed");
	notify_curl_init(d);
	d->wake_ev = evtimer_new(srv->base, notify_tick_cb, d);
	d->tick_ev = event_new(srv->base, -1, EV_PERSIST, notify_tick_cb, d);
	tv.tv_sec = options_number(srv->opts, "notify-interval");
	tv.tv_usec = 0;
	event_add(d->tick_ev, &tv);
	batch_hook_add(srv, notify_committed, d);
	notify_drain = d;
	log_warnx("notify: customer notifications by %s%s%s",
	    d->smtp_url != NULL ? "mail" : "",
	    d->smtp_url != NULL && d->webhook_url != NULL ? " and " : "",
	    d->webhook_url != NULL ? "signed webhook" : "");
	notify_kick(d);
	return (0);
}

/*
 * At exit, after the last commit. A send still in flight is dropped: its
 * job is pending and goes again after the restart, with the same id.
 */
void
notify_stop(struct server *srv)
{
	struct notify_drain	*d = notify_drain;
	u_int			 i;

	if (d == NULL)
		return;
	batch_hook_remove(srv, notify_committed, d);
	for (i = 0; i < NOTIFY_INFLIGHT; i++) {
		if (d->reqs[i] == NULL || d->reqs[i]->easy == NULL)
			continue;
		curl_multi_remove_handle(d->loop.multi, d->reqs[i]->easy);
		notify_curl_free(d->reqs[i]);
		d->reqs[i] = NULL;
	}
	curl_loop_free(&d->loop);
	event_free(d->wake_ev);
	event_free(d->tick_ev);
	log_info("notify: %llu sent, %llu to retry, %llu refused",
	    (unsigned long long)d->sent, (unsigned long long)d->again,
	    (unsigned long long)d->refused);
	notify_free(d);
	notify_drain = NULL;
	curl_global_cleanup();
}
