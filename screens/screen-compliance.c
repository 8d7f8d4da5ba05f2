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

#include <event2/event.h>

#include "client-op.h"

/*
 * The compliance dashboard (Ctrl-R at the register): how reporting to the
 * state stands. compliance.status (pending reports, exceptions, the oldest
 * unreported event against the deadline and its warning, the last contact
 * with the state, whether the integration is broken and why) and
 * compliance.exceptions are asked again every few seconds while it is
 * open. Enter shows an exception whole, F2 retries it (compliance.retry),
 * F3 runs a reconciliation (compliance.reconcile) and lists what differs.
 *
 * Every figure is stashd's; a refusal (no reports permission) is shown as
 * stashd words it.
 */

enum screen_compliance_mode {
	COMPLIANCE_EXCEPTIONS,	/* the exceptions list */
	COMPLIANCE_DIFFERENCES,	/* the last reconciliation's differences */
	COMPLIANCE_DETAIL,	/* one exception, whole */
};

static void	screen_compliance_enter(void *);
static void	screen_compliance_leave(void);
static void	screen_compliance_key(int, int64_t);
static void	screen_compliance_notify(const struct client_op_event *);
static void	screen_compliance_draw(const struct ui_rect *);

const struct screen_entry screen_compliance_entry = {
	.name = "compliance",
	.enter = screen_compliance_enter,
	.leave = screen_compliance_leave,
	.key = screen_compliance_key,
	.notify = screen_compliance_notify,
	.draw = screen_compliance_draw,
};
#define COMPLIANCE_ME	((void *)&screen_compliance_entry)

static const struct ui_fkey screen_compliance_keys[] = {
	{ "Enter", "Show" },
	{ "F2", "Retry" },
	{ "F3", "Reconcile" },
	{ "F5", "Refresh" },
	{ "Tab", "Exc/Diff" },
	{ "Esc", "Register" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_compliance_refused_keys[] = {
	{ "F5", "Ask again" },
	{ "Esc", "Register" },
	{ "F10", "Logout" },
};
#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* How often the dashboard asks stashd again while it is open. */
#define COMPLIANCE_REFRESH	3	/* s */

/* Rows under the exceptions for the selected one's message. */
#define COMPLIANCE_PREVIEW	3

static enum screen_compliance_mode	 screen_compliance_mode;
static struct event			*screen_compliance_ev;
static int				 screen_compliance_asking;
static int				 screen_compliance_reconciling;
static struct client_op_compliance_status screen_compliance_st;
static struct client_op_compliance_status *screen_compliance_status;
static struct client_op_compliance_exceptions *screen_compliance_exc;
static char				*screen_compliance_refused;
static int64_t				 screen_compliance_asked;
static int64_t				 screen_compliance_job;	/* retried */
static struct ui_list			 screen_compliance_elist;
static struct ui_list			 screen_compliance_dlist;

/* The latest reconciliation run here: kept while stash runs. */
static struct client_op_compliance_recon *screen_compliance_recon;
static int64_t				 screen_compliance_recon_at;

static void	screen_compliance_ask(void);


/* A span of seconds as "2d 03h", "5h 07m", "12m 30s" or "45s". */
static char *
screen_compliance_span(int64_t s, char *out, size_t len)
{
	if (s < 0)
		s = -s;
	if (s >= 86400)
		snprintf(out, len, "%lldd %02lldh", (long long)(s / 86400),
		    (long long)(s % 86400 / 3600));
	else if (s >= 3600)
		snprintf(out, len, "%lldh %02lldm", (long long)(s / 3600),
		    (long long)(s % 3600 / 60));
	else if (s >= 60)
		snprintf(out, len, "%lldm %02llds", (long long)(s / 60),
		    (long long)(s % 60));
	else
		snprintf(out, len, "%llds", (long long)s);
	return (out);
}

/* "YYYY-MM-DD HH:MM" of a time in µs. */
static char *
screen_compliance_time(int64_t t, char *out, size_t len)
{
	if (t <= 0) {
		strlcpy(out, "-", len);
		return (out);
	}
	client_session_time_str(t, out, len);
	if (strlen(out) > 16)
		out[16] = '\0';
	return (out);
}

static const struct client_op_compliance_exception *
screen_compliance_selected(void)
{
	if (screen_compliance_exc == NULL ||
	    screen_compliance_elist.sel >= screen_compliance_exc->n)
		return (NULL);
	return (&screen_compliance_exc->list[screen_compliance_elist.sel]);
}

static u_int
screen_compliance_ndiffs(void)
{
	return (screen_compliance_recon != NULL ?
	    screen_compliance_recon->ndiffs : 0);
}

static void
screen_compliance_exc_free(void)
{
	if (screen_compliance_exc != NULL) {
		client_op_compliance_exceptions_free(screen_compliance_exc);
		free(screen_compliance_exc);
	}
	screen_compliance_exc = NULL;
}

static void
screen_compliance_timer(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	screen_compliance_ask();
}

static void
screen_compliance_arm(void)
{
	struct timeval	tv = { COMPLIANCE_REFRESH, 0 };

	if (screen_compliance_ev != NULL)
		evtimer_add(screen_compliance_ev, &tv);
}

/* A refusal or failure of the status or the list. */
static void
screen_compliance_failed(const char *code, const char *message)
{
	const char	*now = ui_status_text();
	char		 buf[512];

	if (strcmp(code, "permission") == 0) {
		free(screen_compliance_refused);
		screen_compliance_refused = xstrdup(client_op_staff_message(
		    code, message, buf, sizeof buf));
	}
	client_op_staff_message(code, message, buf, sizeof buf);
	message = buf;		/* as the status line has it */
	/*
	 * Refreshing: say it once, not every few seconds. The status line
	 * has it with a capital first (screen_request_error).
	 */
	if (*now == '\0' || *message == '\0' ||
	    strcmp(now + 1, message + 1) != 0)
		screen_request_error(code, message);
}

static void
screen_compliance_status_done(const struct client_op_error *err,
    const struct client_op_compliance_status *st, __unused void *arg)
{
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_compliance_asking = 0;
		screen_compliance_failed(err->code, err->message);
		if (strcmp(err->code, "permission") != 0)
			screen_compliance_arm();
		return;
	}
	free(screen_compliance_refused);
	screen_compliance_refused = NULL;
	screen_compliance_st = *st;
	screen_compliance_status = &screen_compliance_st;
	screen_compliance_asked = util_now();
}

static void
screen_compliance_exc_done(const struct client_op_error *err,
    struct client_op_compliance_exceptions *ex, __unused void *arg)
{
	screen_compliance_asking = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		if (strcmp(err->code, "permission") != 0) {
			screen_compliance_failed(err->code, err->message);
			screen_compliance_arm();
		}
		return;
	}
	screen_compliance_exc_free();
	screen_compliance_exc = ex;
	ui_list_set_count(&screen_compliance_elist, ex->n);
	if (screen_compliance_mode == COMPLIANCE_DETAIL &&
	    screen_compliance_selected() == NULL)
		screen_compliance_mode = COMPLIANCE_EXCEPTIONS;
	screen_compliance_arm();
}

/* Ask stashd for the status and the exceptions (one pair at a time). */
static void
screen_compliance_ask(void)
{
	if (screen_compliance_asking)
		return;
	screen_compliance_asking = 1;
	client_op_compliance_status(screen_compliance_status_done,
	    COMPLIANCE_ME);
	client_op_compliance_exceptions(screen_compliance_exc_done,
	    COMPLIANCE_ME);
}

static void
screen_compliance_exc_line(__unused void *arg, u_int idx, char *out,
    size_t len, __unused enum ui_colour *c)
{
	const struct client_op_compliance_exception *e;

	if (screen_compliance_exc == NULL || idx >= screen_compliance_exc->n)
		return;
	e = &screen_compliance_exc->list[idx];
	snprintf(out, len, "%-6lld %-12.12s %-24.24s %3lld  %s",
	    (long long)e->job, e->kind, e->ref, (long long)e->attempts,
	    e->message);
}

/* The pending events of a difference: "#12 receipt +1 (exception)". */
static void
screen_compliance_events(const struct client_op_compliance_diff *d,
    char *out, size_t len)
{
	const struct client_op_compliance_pending *ev;
	size_t		 off = 0;
	u_int		 i;
	int		 n;

	*out = '\0';
	for (i = 0; i < d->npending; i++) {
		if (off >= len)
			break;
		ev = &d->pending[i];
		n = snprintf(out + off, len - off, "%s#%lld %s %+lld%s%s",
		    i == 0 ? "" : ", ", (long long)ev->job, ev->kind,
		    (long long)ev->effect,
		    strcmp(ev->state, "exception") == 0 ? " (exception)" : "",
		    ev->uncertain ? " ?" : "");
		if (n < 0)
			break;
		off += n;
	}
	if (*out == '\0')
		strlcpy(out, "none", len);
}

/*
 * A figure of a difference in its unit: units as they are, mg as grams,
 * thousandths as a decimal; "-" when there is none (JSON null).
 */
static char *
screen_compliance_figure(const struct client_op_compliance_diff *d,
    const struct client_op_compliance_figure *v, char *out, size_t len)
{
	const char	*unit = d->unit;
	long long	 n, a;

	if (v->type == CLIENT_OP_FIGURE_INT) {
		n = v->n;
		a = n < 0 ? -n : n;
		if (strcmp(unit, "mg") == 0 || strcmp(unit, "thousandths") == 0)
			snprintf(out, len, "%s%lld.%03lld%s", n < 0 ? "-" : "",
			    a / 1000, a % 1000, *unit == 'm' ? "g" : "");
		else
			snprintf(out, len, "%lld", n);
	} else if (v->type == CLIENT_OP_FIGURE_STR)
		snprintf(out, len, "%s", v->s);
	else
		strlcpy(out, "-", len);
	return (out);
}

static void
screen_compliance_diff_line(__unused void *arg, u_int idx, char *out,
    size_t len, enum ui_colour *c)
{
	const struct client_op_compliance_diff *d;
	char		 ours[32], state[32], events[256];
	const char	*kind, *action;

	if (idx >= screen_compliance_ndiffs())
		return;
	d = &screen_compliance_recon->diffs[idx];
	kind = d->kind;
	screen_compliance_events(d, events, sizeof events);
	action = d->action;
	snprintf(out, len, "%-24.24s %-12.12s %9s %9s  %s%s%s",
	    d->tag, kind,
	    screen_compliance_figure(d, &d->ours, ours, sizeof ours),
	    screen_compliance_figure(d, &d->state, state, sizeof state), events,
	    *action != '\0' ? "; " : "", action);
	if (strcmp(kind, "hold") == 0)
		*c = UI_WARN;
}

static void
screen_compliance_reconcile_done(const struct client_op_error *err,
    struct client_op_compliance_recon *rc, __unused void *arg)
{
	u_int	 n;

	screen_compliance_reconciling = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	if (screen_compliance_recon != NULL) {
		client_op_compliance_recon_free(screen_compliance_recon);
		free(screen_compliance_recon);
	}
	screen_compliance_recon = rc;
	screen_compliance_recon_at = util_now();
	n = rc->ndiffs;
	ui_list_init(&screen_compliance_dlist, screen_compliance_diff_line,
	    NULL);
	ui_list_set_count(&screen_compliance_dlist, n);
	screen_compliance_mode = COMPLIANCE_DIFFERENCES;
	ui_status_set(n == 0 ? UI_OK : UI_WARN, "Reconciled %lld packages: "
	    "%u difference%s, %u explained by unsent reports, %u held",
	    (long long)rc->compared, n, n == 1 ? "" : "s", rc->nexplained,
	    rc->nheld);
	screen_compliance_ask();
}

/* F3: compare the state's active packages with ours. */
static void
screen_compliance_reconcile(void)
{
	if (screen_compliance_reconciling) {
		ui_status_set(UI_INFO, "Still reconciling: the state's packages "
		    "are read 20 at a time");
		return;
	}
	screen_compliance_reconciling = 1;
	ui_status_set(UI_INFO, "Reading the state's active packages and "
	    "comparing them with ours...");
	client_op_compliance_reconcile(screen_compliance_reconcile_done,
	    COMPLIANCE_ME);
}

static void
screen_compliance_retry_done(const struct client_op_error *err,
    __unused void *arg)
{
	long long	job = screen_compliance_job;

	ui_screen_dirty();
	if (err->code != NULL) {
		if (strcmp(err->code, "not-found") == 0) {
			ui_status_set(UI_WARN, "Job %lld is not an exception "
			    "any more: it was retried or sent already", job);
			screen_compliance_ask();
			return;
		}
		screen_request_error(err->code, err->message);
		return;
	}
	ui_status_set(UI_OK, "Job %lld is back in the queue: it is sent to "
	    "the state at once", job);
	screen_compliance_mode = COMPLIANCE_EXCEPTIONS;
	screen_compliance_ask();
}

/* F2: send the selected exception again (once the cause is fixed). */
static void
screen_compliance_retry(void)
{
	const struct client_op_compliance_exception *e;
	int64_t		 job;

	e = screen_compliance_selected();
	if (e == NULL) {
		ui_status_set(UI_INFO, "No exception is selected: there is "
		    "nothing to retry");
		return;
	}
	job = screen_compliance_job = e->job;
	ui_status_set(UI_INFO, "Retrying job %lld...", (long long)job);
	client_op_compliance_retry(job, screen_compliance_retry_done,
	    COMPLIANCE_ME);
}

static void
screen_compliance_enter(__unused void *arg)
{
	screen_compliance_mode = COMPLIANCE_EXCEPTIONS;
	screen_compliance_asking = 0;
	screen_compliance_reconciling = 0;
	ui_list_init(&screen_compliance_elist, screen_compliance_exc_line,
	    NULL);
	ui_list_init(&screen_compliance_dlist, screen_compliance_diff_line,
	    NULL);
	if (screen_compliance_recon != NULL)
		ui_list_set_count(&screen_compliance_dlist,
		    screen_compliance_ndiffs());
	if (screen_compliance_ev == NULL)
		screen_compliance_ev = evtimer_new(client_mode.base,
		    screen_compliance_timer, NULL);
	screen_compliance_ask();
}

static void
screen_compliance_leave(void)
{
	if (screen_compliance_ev != NULL)
		event_free(screen_compliance_ev);
	screen_compliance_ev = NULL;
	screen_compliance_status = NULL;
	screen_compliance_exc_free();
	free(screen_compliance_refused);
	screen_compliance_refused = NULL;
	screen_compliance_asking = 0;
	screen_compliance_reconciling = 0;
}

static void
screen_compliance_key(int key, __unused int64_t when)
{
	if (screen_common_key(key))
		return;
	if (screen_compliance_mode == COMPLIANCE_DETAIL) {
		if (key == UI_KEY_F(2))
			screen_compliance_retry();
		else if (key == UI_KEY_ESCAPE || key == UI_KEY_ENTER)
			screen_compliance_mode = COMPLIANCE_EXCEPTIONS;
		return;
	}
	switch (key) {
	case UI_KEY_ESCAPE:
		screen_go("register", NULL);
		return;
	case UI_KEY_F(5):
		ui_status_set(UI_INFO, "Asking stashd...");
		screen_compliance_ask();
		return;
	}
	if (screen_compliance_refused != NULL)
		return;
	switch (key) {
	case UI_KEY_F(3):
		screen_compliance_reconcile();
		return;
	case UI_KEY_TAB:
	case UI_KEY_BTAB:
		if (screen_compliance_mode == COMPLIANCE_EXCEPTIONS) {
			screen_compliance_mode = COMPLIANCE_DIFFERENCES;
			if (screen_compliance_recon == NULL)
				ui_status_set(UI_INFO, "No reconciliation run "
				    "here yet: F3 runs one");
		} else
			screen_compliance_mode = COMPLIANCE_EXCEPTIONS;
		return;
	}
	if (screen_compliance_mode == COMPLIANCE_DIFFERENCES) {
		if (key == UI_KEY_F(2) || key == UI_KEY_ENTER)
			ui_status_set(UI_INFO, "Tab shows the exceptions: "
			    "Enter and F2 work on them");
		else
			ui_list_key(&screen_compliance_dlist, key);
		return;
	}
	switch (key) {
	case UI_KEY_ENTER:
		if (screen_compliance_selected() != NULL)
			screen_compliance_mode = COMPLIANCE_DETAIL;
		return;
	case UI_KEY_F(2):
		screen_compliance_retry();
		return;
	}
	ui_list_key(&screen_compliance_elist, key);
}

static void
screen_compliance_notify(const struct client_op_event *ev)
{
	const char	*state = ev->state;

	if (ev->type == CLIENT_OP_EVENT_CONNECTION &&
	    state != NULL && strcmp(state, "ready") == 0) {
		screen_compliance_asking = 0;
		screen_compliance_ask();
	}
}

/* Draw wrapped text from row y, at most max rows; returns the rows used. */
static int
screen_compliance_wrap(int y, int x, int w, int max, enum ui_colour c,
    const char *text)
{
	char	*lines[4];
	int	 n, i;

	if (max > (int)nitems(lines))
		max = nitems(lines);
	n = ui_dialog_wrap(text, w, lines, max);
	for (i = 0; i < n; i++) {
		ui_draw_str(y + i, x, w, c, lines[i]);
		free(lines[i]);
	}
	return (n);
}

/* The figures of compliance.status; returns the next free row. */
/*
 * A BioTrack v2024 store: when the licensee's approval lapses (warned
 * before), and an outage with Florida's notice deadline once it is over
 * two hours old.
 */
static int
screen_compliance_bt24(const struct client_op_compliance_status *s, int y,
    int w)
{
	char	line[384], t[32];

	if (s->approval_expires != 0) {
		snprintf(line, sizeof line, "BioTrack approval: %s %s (%lld "
		    "day%s left)%s%s", s->approval_days_left > 0 ? "lapses" :
		    "lapsed", screen_compliance_time(s->approval_expires *
		    1000000, t, sizeof t), (long long)s->approval_days_left,
		    s->approval_days_left == 1 ? "" : "s",
		    *s->approval_warning != '\0' ? ": " : "",
		    s->approval_warning);
		y += screen_compliance_wrap(y, 2, w, 2,
		    *s->approval_warning != '\0' ? UI_WARN : UI_NORMAL, line);
	}
	if (s->outage_since != 0) {
		snprintf(line, sizeof line, "No answer from BioTrack since %s",
		    screen_compliance_time(s->outage_since * 1000000, t,
		    sizeof t));
		ui_draw_str(y++, 2, w, UI_WARN, line);
	}
	if (s->outage_notice_due != 0) {
		snprintf(line, sizeof line, "Over two hours down: tell the "
		    "state (OMMU) by %s", screen_compliance_time(
		    s->outage_notice_due * 1000000, t, sizeof t));
		y += screen_compliance_wrap(y, 2, w, 2, UI_ERROR, line);
	}
	return (y);
}

/* The state system's name, as its users know it (state-system NAME). */
static const char *
screen_compliance_system(const char *name)
{
	if (strcmp(name, "metrc") == 0)
		return ("Metrc");
	if (strcmp(name, "biotrack") == 0)
		return ("BioTrack");
	if (strcmp(name, "biotrack-v2024") == 0)
		return ("BioTrack (v2024)");
	if (strcmp(name, "ccrs") == 0)
		return ("CCRS (Washington)");
	return (NULL);
}

/* The header: which state system, once stashd has said. */
static const char *
screen_compliance_title(char *out, size_t len)
{
	const struct client_op_compliance_status *s = screen_compliance_status;
	const char	*name;

	if (s == NULL || *s->state_system == '\0')
		return ("Compliance: reporting to the state");
	if ((name = screen_compliance_system(s->state_system)) == NULL)
		return ("Compliance: no state system (state-system none)");
	snprintf(out, len, "Compliance: reporting to %s", name);
	return (out);
}

/*
 * CCRS has no API: the files stashd writes are uploaded by a person, and
 * each week's must be in by the Sunday after it (the week of the oldest
 * report not yet accepted is the one due).
 */
static int
screen_compliance_ccrs(const struct client_op_compliance_status *s, int y,
    int w)
{
	char	line[256], a[32], b[32];

	if (!s->has_ccrs)
		return (y);
	if (*s->ccrs_due == '\0')
		ui_draw_str(y++, 2, w, UI_OK, "CCRS: every week's files are "
		    "accepted");
	else {
		snprintf(line, sizeof line, "CCRS: this week's files are due "
		    "by Sunday %s%s", s->ccrs_due, s->ccrs_overdue ?
		    ": OVERDUE" : "");
		ui_draw_str(y++, 2, w, s->ccrs_overdue ? UI_ERROR : UI_NORMAL,
		    line);
	}
	snprintf(line, sizeof line, "Files last written %s; last uploaded %s",
	    s->ccrs_last_export != 0 ? screen_compliance_time(
	    s->ccrs_last_export, a, sizeof a) : "never",
	    s->ccrs_last_upload != 0 ? screen_compliance_time(
	    s->ccrs_last_upload, b, sizeof b) : "never");
	ui_draw_str(y++, 2, w, UI_NORMAL, line);
	return (y);
}

static int
screen_compliance_draw_status(const struct ui_rect *r, int y)
{
	const struct client_op_compliance_status *s = screen_compliance_status;
	const char	*type;
	char		 line[384], a[32], b[32], t[32];
	int64_t		 left, deadline, now = util_now();
	enum ui_colour	 c;
	int		 w = r->w - 4;

	if (!s->enabled)
		ui_draw_str(y++, 2, w, UI_WARN, strcmp(s->state_system,
		    "none") == 0 ? "Reporting to the state is off: stashd's "
		    "stash.conf says state-system none" : "Reporting to the "
		    "state is off: metrc-url is not set in stashd's "
		    "stash.conf");
	snprintf(line, sizeof line, "Pending reports: %lld      "
	    "Exceptions: %lld", (long long)s->pending,
	    (long long)s->exceptions);
	ui_draw_str(y++, 2, w, s->exceptions != 0 ? UI_ERROR : UI_TOTAL, line);

	deadline = s->deadline;
	if (s->has_oldest) {
		left = s->deadline_left;
		screen_compliance_span((now - s->oldest_unreported) / 1000000,
		    a, sizeof a);
		screen_compliance_span(deadline, b, sizeof b);
		screen_compliance_span(left, t, sizeof t);
		/* The event nearest its deadline, of its customer type. */
		type = s->deadline_type;
		if (*type == '\0')
			type = "unreported";
		if (left < 0) {
			c = UI_ERROR;
			snprintf(line, sizeof line, "Oldest %s event: %s ago; "
			    "deadline %s: LATE by %s", type, a, b, t);
		} else {
			c = s->has_warning ? UI_WARN : UI_NORMAL;
			snprintf(line, sizeof line, "Oldest %s event: %s ago; "
			    "deadline %s: %s left", type, a, b, t);
		}
	} else if (s->exceptions != 0) {
		c = UI_NORMAL;
		snprintf(line, sizeof line, "Nothing waiting to be sent "
		    "(deadline %s); the exceptions need a manager",
		    screen_compliance_span(deadline, b, sizeof b));
	} else {
		c = UI_OK;
		snprintf(line, sizeof line, "Every event is reported (deadline "
		    "%s)", screen_compliance_span(deadline, b, sizeof b));
	}
	ui_draw_str(y++, 2, w, c, line);

	if (s->has_last_contact) {
		snprintf(line, sizeof line, "Last contact with the state: %s "
		    "(%s ago)", screen_compliance_time(s->last_contact, t,
		    sizeof t), screen_compliance_span((now - s->last_contact) /
		    1000000, a, sizeof a));
		ui_draw_str(y++, 2, w, UI_NORMAL, line);
	} else
		ui_draw_str(y++, 2, w, UI_WARN, "Last contact with the state: "
		    "never");

	if (s->broken) {
		snprintf(line, sizeof line, "Integration BROKEN: %s",
		    s->broken_reason);
		y += screen_compliance_wrap(y, 2, w, 2, UI_ERROR, line);
	} else if (!s->enabled)
		ui_draw_str(y++, 2, w, UI_WARN, "Integration: off (the "
		    "reports wait in the outbox until it is set up)");
	else
		ui_draw_str(y++, 2, w, UI_OK, "Integration: working");

	if (s->has_warning && *s->warning != '\0') {
		snprintf(line, sizeof line, "Warning: %s", s->warning);
		y += screen_compliance_wrap(y, 2, w, 2, UI_WARN, line);
	}
	y = screen_compliance_bt24(s, y, w);
	y = screen_compliance_ccrs(s, y, w);
	return (y);
}

static void
screen_compliance_draw_detail(void)
{
	const struct client_op_compliance_exception *e;
	char	*text, t[32];

	e = screen_compliance_selected();
	if (e == NULL)
		return;
	xasprintf(&text, "Job %lld: %s %s (%s %lld)\nQueued %s, %lld "
	    "attempt%s\n\nThe state said: %s", (long long)e->job, e->kind,
	    e->ref, strcmp(e->kind, "adjustment") == 0 ? "adjustment" :
	    strcmp(e->kind, "location") == 0 ? "move" : "sale",
	    (long long)e->subject, screen_compliance_time(e->created, t,
	    sizeof t), (long long)e->attempts, e->attempts == 1 ? "" : "s",
	    e->message);
	ui_dialog_message("Exception", text, "F2: retry   Esc: back",
	    UI_ERROR);
	free(text);
}

/* Under the list: the selected exception's message, as much as fits. */
static void
screen_compliance_draw_preview(const struct ui_rect *r)
{
	const struct client_op_compliance_exception *e;
	char	*text;
	int	 y = r->y + r->h - COMPLIANCE_PREVIEW;

	e = screen_compliance_selected();
	if (e == NULL)
		return;
	ui_draw_hline(y, r->x + 1, r->w - 2, UI_DIM);
	xasprintf(&text, "Job %lld: %s", (long long)e->job, e->message);
	screen_compliance_wrap(y + 1, 2, r->w - 4, COMPLIANCE_PREVIEW - 1,
	    UI_NORMAL, text);
	free(text);
}

static void
screen_compliance_draw(const struct ui_rect *r)
{
	struct ui_rect	 list;
	char		 head[160], t[32];
	int		 y = r->y;
	u_int		 n;

	ui_draw_fill(y, r->x, r->w, UI_HEADER);
	ui_draw_str(y, r->x + 1, r->w - 2, UI_HEADER,
	    screen_compliance_title(head, sizeof head));
	if (screen_compliance_asked != 0) {
		client_session_time_str(screen_compliance_asked, t, sizeof t);
		snprintf(head, sizeof head, "as of %.8s", t + 11);
		ui_draw_right(y, r->x + r->w - 20, 19, UI_HEADER, head);
	}
	y += 2;
	ui_screen_cursor(-1, -1);
	if (screen_compliance_refused != NULL) {
		ui_fkeys_draw(ui_screen_rows() - 1,
		    screen_compliance_refused_keys,
		    nitems(screen_compliance_refused_keys));
		screen_compliance_wrap(y, 2, r->w - 4, 4, UI_ERROR,
		    screen_compliance_refused);
		return;
	}
	ui_fkeys_draw(ui_screen_rows() - 1, screen_compliance_keys,
	    nitems(screen_compliance_keys));
	if (screen_compliance_status == NULL) {
		ui_draw_centre(y + 3, r->x, r->w, UI_DIM, "Asking stashd how "
		    "reporting to the state stands...");
		return;
	}
	y = screen_compliance_draw_status(r, y) + 1;

	if (screen_compliance_mode == COMPLIANCE_DIFFERENCES) {
		if (screen_compliance_recon == NULL) {
			ui_draw_str(y, 2, r->w - 4, UI_DIM, "No reconciliation "
			    "run here yet: F3 compares the state's packages "
			    "with ours");
			return;
		}
		n = screen_compliance_ndiffs();
		screen_compliance_time(screen_compliance_recon_at, t, sizeof t);
		snprintf(head, sizeof head, "Reconciliation at %s: %u "
		    "difference%s (%lld compared)   Tab: exceptions", t + 11, n,
		    n == 1 ? "" : "s",
		    (long long)screen_compliance_recon->compared);
		ui_draw_str(y++, 1, r->w - 2, UI_TOTAL, head);
		if (n == 0) {
			ui_draw_str(y, 2, r->w - 4, UI_OK, "The state's "
			    "packages agree with ours");
			return;
		}
		snprintf(head, sizeof head, "%-24s %-12s %9s %9s  %s", "Tag",
		    "Kind", "Ours", "State's", "Pending reports");
		ui_draw_str(y++, 1, r->w - 2, UI_HEADER, head);
		list.x = r->x + 1;
		list.y = y;
		list.w = r->w - 2;
		list.h = r->y + r->h - y;
		ui_list_draw(&screen_compliance_dlist, &list);
		return;
	}

	n = screen_compliance_exc != NULL ? screen_compliance_exc->n : 0;
	snprintf(head, sizeof head, "Exceptions (%u%s): reports the state "
	    "refused   Tab: reconciliation", n, screen_compliance_exc != NULL &&
	    screen_compliance_exc->more ?
	    " or more" : "");
	ui_draw_str(y++, 1, r->w - 2, UI_TOTAL, head);
	if (n == 0) {
		ui_draw_str(y, 2, r->w - 4, UI_OK, "No exceptions: the state "
		    "has taken every report sent");
		return;
	}
	snprintf(head, sizeof head, "%-6s %-12s %-24s %3s  %s", "Job", "Kind",
	    "Ref", "Try", "The state's message");
	ui_draw_str(y++, 1, r->w - 2, UI_HEADER, head);
	list.x = r->x + 1;
	list.y = y;
	list.w = r->w - 2;
	list.h = r->y + r->h - y - COMPLIANCE_PREVIEW;
	ui_list_draw(&screen_compliance_elist, &list);
	screen_compliance_draw_preview(r);
	if (screen_compliance_mode == COMPLIANCE_DETAIL)
		screen_compliance_draw_detail();
}
