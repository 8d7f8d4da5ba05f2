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
#include <time.h>

#include <event2/event.h>

#include "client.h"
#include "client-op.h"
#include "report.h"

/*
 * The manager's dashboard (Ctrl-B on the stock screen): the store's day at
 * a glance. Today's sales so far against the same weekday last week (the
 * Z reports of both days) and by hour (report.run's "hours": a
 * sparkline, and a chart of both days under everything else, as big as
 * the window allows); products under their reorder point; what waits to
 * be reported to the state and what it refused; this register's drawer
 * and the drawers closed today; the delivery and pickup orders waiting to
 * be packed or sent. Each part is asked of stashd on its own and shows
 * what went wrong with it, so one refusal does not blank the rest.
 *
 * Everything is asked again every minute while the dashboard is shown,
 * the figures kept until the new ones come. Tab (or t) turns the chart
 * into its table; F5 asks everything again at once; F6 opens the
 * reports; Esc goes back to the stock screen.
 */

static void	screen_dashboard_enter(void *);
static void	screen_dashboard_leave(void);
static void	screen_dashboard_key(int, int64_t);
static void	screen_dashboard_draw(const struct ui_rect *);
static void	screen_dashboard_notify(const struct client_op_event *);

const struct screen_entry screen_dashboard_entry = {
	.name = "dashboard",
	.enter = screen_dashboard_enter,
	.leave = screen_dashboard_leave,
	.key = screen_dashboard_key,
	.draw = screen_dashboard_draw,
	.notify = screen_dashboard_notify,
	.perm = PERM_REPORTS,
};

#define DASH_ME		((void *)&screen_dashboard_entry)
#define DASH_DRAWERS	16	/* open drawers named */
#define DASH_DAY	(INT64_C(86400) * 1000000)
#define DASH_WAITING	3		/* order statuses that wait */
#define DASH_REFRESH	60		/* s between refreshes */

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static const struct ui_fkey screen_dashboard_keys[] = {
	{ "Tab", "Table" },
	{ "F5", "Refresh" },
	{ "F6", "Reports" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};

static const char *screen_dashboard_waiting[DASH_WAITING] = {
	"new", "packing", "packed"
};

/* One part of the dashboard: asked, answered, or why not. */
struct dash_part {
	int	 asked;
	int	 done;
	char	 error[160];
};

static struct {
	char			 today[11];	/* YYYY-MM-DD */
	char			 last[11];	/* a week before */
	char			 weekday[4];	/* "Mon" */
	int			 hour;		/* now, store time */
	char			 asof[6];	/* "HH:MM", asked then */

	struct dash_part	 z[2];		/* today, last week */
	int64_t			 sales[2];	/* complete sales */
	int64_t			 total[2];	/* their totals */
	int64_t			 refunds[2];
	int64_t			 closed;	/* closed today */
	int64_t			 over_short;

	struct dash_part	 hours[2];
	int64_t			 hourly[2][24];	/* net by hour */

	struct dash_part	 low;
	u_int			 nlow;
	int			 low_more;
	char			 low_names[160];

	struct dash_part	 comp;
	int64_t			 pending;
	int64_t			 exceptions;
	int			 broken;

	struct dash_part	 drawer;
	int			 drawer_open;	/* this register's */
	int64_t			 drawer_since;
	int64_t			 drawer_expected;
	struct client_op_drawer	 drawers[DASH_DRAWERS];	/* the store's open */
	u_int			 ndrawers;	/* kept */
	u_int			 nopen;		/* in all */
	int64_t			 open_expected;	/* in all of them */

	struct dash_part	 orders[DASH_WAITING];
	u_int			 norders[DASH_WAITING];
	int			 orders_more;	/* a bit a status */

	struct ui_chart		 chart;
	struct event		*ev;		/* the refresh */
} D;

static void
screen_dashboard_fail(struct dash_part *p, const struct client_op_error *err)
{
	char	buf[160];

	p->done = 1;
	snprintf(p->error, sizeof p->error, "%s", client_op_staff_message(
	    err->code, err->message, buf, sizeof buf));
	ui_screen_dirty();
}

static void
screen_dashboard_ok(struct dash_part *p)
{
	p->done = 1;
	p->error[0] = '\0';
}

/* Whether a part's answer came back; if not, say so in its place. */
static int
screen_dashboard_ready(const struct dash_part *p, int y, int x, int w)
{
	if (!p->done) {
		ui_draw_str(y, x, w, UI_DIM, "asking stashd...");
		return (0);
	}
	if (p->error[0] != '\0') {
		ui_draw_str(y, x, w, UI_ERROR, p->error);
		return (0);
	}
	return (1);
}

/* The chart of both days by hour, once either has come. */
static void
screen_dashboard_chart(void)
{
	struct chart	c;
	char		label[12];	/* "%02d" of an int */
	int		h, s, i;

	chart_init(&c, CHART_BAR, CHART_CENTS, "Net sales by hour");
	strlcpy(c.xname, "hour", sizeof c.xname);
	for (i = 0; i < 2; i++) {
		if (!D.hours[i].done || D.hours[i].error[0] != '\0')
			continue;
		s = chart_series(&c, i == 0 ? D.today : D.last);
		for (h = 0; h < 24; h++) {
			if ((u_int)h == c.npoints) {
				snprintf(label, sizeof label, "%02d", h);
				chart_point(&c, label);
			}
			chart_set(&c, (u_int)s, (u_int)h, D.hourly[i][h]);
		}
	}
	ui_chart_set(&D.chart, &c);
}

static void
screen_dashboard_z_done(const struct client_op_error *err,
    const struct client_op_z_report *z, void *arg)
{
	int	i = arg == DASH_ME ? 0 : 1;
	u_int	d;

	if (err->code != NULL) {
		screen_dashboard_fail(&D.z[i], err);
		return;
	}
	screen_dashboard_ok(&D.z[i]);
	D.sales[i] = z->store.sales;
	D.total[i] = z->store.total;
	D.refunds[i] = z->store.refunds_cash + z->store.refunds_card;
	if (i == 0) {
		D.closed = z->ndrawers;
		D.over_short = 0;
		for (d = 0; d < z->ndrawers; d++)
			D.over_short += z->drawers[d].over_short;
	}
	ui_screen_dirty();
}

/* The "net" column of the hours report by hour into hourly[]. */
static void
screen_dashboard_hours_done(const struct client_op_error *err,
    const struct report_table *rt, void *arg)
{
	int		 i = arg == DASH_ME ? 0 : 1, hour, net, h;
	u_int		 r;
	const char	*t;

	if (err->code != NULL) {
		screen_dashboard_fail(&D.hours[i], err);
		screen_dashboard_chart();
		return;
	}
	hour = report_table_find(rt, "hour");
	net = report_table_find(rt, "net");
	if (hour == -1 || net == -1) {
		screen_dashboard_ok(&D.hours[i]);
		snprintf(D.hours[i].error, sizeof D.hours[i].error,
		    "the hours report has no hour or net column");
		return;
	}
	memset(D.hourly[i], 0, sizeof D.hourly[i]);
	for (r = 0; r < rt->nrows; r++) {
		/* "14:00" */
		t = rt->rows[r].cells[hour].text;
		if (rt->columns[hour].kind != REPORT_TEXT || t == NULL ||
		    t[0] < '0' || t[0] > '2' || t[1] < '0' || t[1] > '9')
			continue;
		h = (t[0] - '0') * 10 + (t[1] - '0');
		if (h < 24)
			D.hourly[i][h] += rt->rows[r].cells[net].v;
	}
	screen_dashboard_ok(&D.hours[i]);
	screen_dashboard_chart();
	ui_screen_dirty();
}

static void
screen_dashboard_low_done(const struct client_op_error *err,
    const struct client_op_low *l, __unused void *arg)
{
	size_t	used = 0;
	u_int	i;

	if (err->code != NULL) {
		screen_dashboard_fail(&D.low, err);
		return;
	}
	screen_dashboard_ok(&D.low);
	D.nlow = l->n;
	D.low_more = l->more;
	D.low_names[0] = '\0';
	for (i = 0; i < l->n && used < sizeof D.low_names - 1; i++) {
		snprintf(D.low_names + used, sizeof D.low_names - used,
		    "%s%s", i == 0 ? "" : ", ", l->list[i].name);
		used = strlen(D.low_names);
	}
	ui_screen_dirty();
}

static void
screen_dashboard_comp_done(const struct client_op_error *err,
    const struct client_op_compliance_status *st, __unused void *arg)
{
	if (err->code != NULL) {
		screen_dashboard_fail(&D.comp, err);
		return;
	}
	screen_dashboard_ok(&D.comp);
	D.pending = st->pending;
	D.exceptions = st->exceptions;
	D.broken = st->broken;
	ui_screen_dirty();
}

/*
 * The store's open drawers (drawer.list): how many, the cash they should
 * hold in all, each one's terminal, who opened it, since when and its
 * expected cash; this register's is among them.
 */
static void
screen_dashboard_drawers_done(const struct client_op_error *err,
    const struct client_op_drawer *list, u_int n, __unused void *arg)
{
	u_int	i;

	if (err->code != NULL) {
		screen_dashboard_fail(&D.drawer, err);
		return;
	}
	screen_dashboard_ok(&D.drawer);
	D.drawer_open = 0;
	D.nopen = n;
	D.ndrawers = 0;
	D.open_expected = 0;
	for (i = 0; i < n; i++) {
		D.open_expected += list[i].expected;
		if (strcmp(list[i].terminal, client_session.terminal) == 0) {
			D.drawer_open = 1;
			D.drawer_since = list[i].opened;
			D.drawer_expected = list[i].expected;
		}
		if (D.ndrawers < DASH_DRAWERS)
			D.drawers[D.ndrawers++] = list[i];
	}
	ui_screen_dirty();
}

static void
screen_dashboard_orders_done(const struct client_op_error *err,
    const struct client_op_orders *o, void *arg)
{
	u_int	i;

	for (i = 0; i < DASH_WAITING; i++) {
		if (arg == &D.orders[i])
			break;
	}
	if (i == DASH_WAITING)
		return;
	if (err->code != NULL) {
		screen_dashboard_fail(&D.orders[i], err);
		return;
	}
	screen_dashboard_ok(&D.orders[i]);
	D.norders[i] = o->n;
	if (o->n >= 100)
		D.orders_more |= 1 << i;
	else
		D.orders_more &= ~(1 << i);
	ui_screen_dirty();
}

/*
 * Forget what was asked: the screen manager forgets what DASH_ME asked,
 * but last week's Z report and hours and the orders are asked with their
 * own part as the asker, to tell the answers apart.
 */
static void
screen_dashboard_forget(void)
{
	u_int	i;

	client_forget(DASH_ME);
	client_forget(&D.z[1]);
	client_forget(&D.hours[1]);
	for (i = 0; i < DASH_WAITING; i++)
		client_forget(&D.orders[i]);
}

/*
 * The dates, and every part asked again; fresh: what was shown goes
 * (entering, F5), else it stays until the new answer (the minute's
 * refresh).
 */
static void
screen_dashboard_load(int fresh)
{
	struct client_op_report_req	 q;
	char				 buf[32];
	int64_t				 now = client_session_now();
	time_t				 secs = (time_t)(now / 1000000);
	struct util_tz			 z;
	struct tm			 tm;
	u_int				 i;

	screen_dashboard_forget();
	if (fresh) {
		memset(D.z, 0, sizeof D.z);
		memset(D.hours, 0, sizeof D.hours);
		memset(&D.low, 0, sizeof D.low);
		memset(&D.comp, 0, sizeof D.comp);
		memset(&D.drawer, 0, sizeof D.drawer);
		memset(D.orders, 0, sizeof D.orders);
		D.orders_more = 0;
	}

	/* "YYYY-MM-DD HH:MM:SS" in the store's zone. */
	client_session_time_str(now, buf, sizeof buf);
	snprintf(D.today, sizeof D.today, "%.10s", buf);
	D.hour = (buf[11] - '0') * 10 + (buf[12] - '0');
	snprintf(D.asof, sizeof D.asof, "%.5s", buf + 11);
	client_session_time_str(now - 7 * DASH_DAY, buf, sizeof buf);
	snprintf(D.last, sizeof D.last, "%.10s", buf);
	util_tz_enter(&z, client_session.store_tz);
	localtime_r(&secs, &tm);
	strftime(D.weekday, sizeof D.weekday, "%a", &tm);
	util_tz_leave(&z);

	client_op_drawer_z(D.today, screen_dashboard_z_done, DASH_ME);
	client_op_drawer_z(D.last, screen_dashboard_z_done, &D.z[1]);
	memset(&q, 0, sizeof q);
	q.name = "hours";	/* sales by hour of day */
	q.by = "hour";
	q.from = q.to = D.today;
	client_op_report_run(&q, screen_dashboard_hours_done, DASH_ME);
	q.from = q.to = D.last;
	client_op_report_run(&q, screen_dashboard_hours_done, &D.hours[1]);
	client_op_inventory_low(screen_dashboard_low_done, DASH_ME);
	client_op_compliance_status(screen_dashboard_comp_done, DASH_ME);
	client_op_drawer_list(screen_dashboard_drawers_done, DASH_ME);
	for (i = 0; i < DASH_WAITING; i++)
		client_op_order_list(screen_dashboard_waiting[i],
		    screen_dashboard_orders_done, &D.orders[i]);
	ui_screen_dirty();
}

/* Every minute while it is shown, the figures asked again. */
static void
screen_dashboard_timer(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	struct timeval	tv = { DASH_REFRESH, 0 };

	screen_dashboard_load(0);
	evtimer_add(D.ev, &tv);
}

static void
screen_dashboard_enter(__unused void *arg)
{
	struct timeval	tv = { DASH_REFRESH, 0 };

	ui_chart_init(&D.chart);
	if (!(client_session.perms & PERM_REPORTS)) {
		screen_go("inventory", NULL);
		ui_status_set(UI_ERROR, "The dashboard is for managers: a %s "
		    "may not see the store's reports",
		    client_session.staff_role);
		ui_screen_beep();
		return;
	}
	screen_dashboard_load(1);
	screen_dashboard_chart();
	D.ev = evtimer_new(client_mode.base, screen_dashboard_timer, NULL);
	evtimer_add(D.ev, &tv);
	ui_status_set(UI_INFO, "The store today; F5 asks again, Tab shows the "
	    "chart as a table");
}

static void
screen_dashboard_leave(void)
{
	screen_dashboard_forget();
	if (D.ev != NULL)
		event_free(D.ev);
	D.ev = NULL;
	ui_chart_free(&D.chart);
}

static void
screen_dashboard_key(int key, __unused int64_t when)
{
	if (screen_common_key(key))
		return;
	if (ui_chart_key(&D.chart, key))
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
		screen_go("inventory", NULL);
		return;
	case UI_KEY_F(5):
		screen_dashboard_load(1);
		ui_status_set(UI_INFO, "Asked again");
		return;
	case UI_KEY_F(6):
		screen_go("reports", NULL);
		return;
	}
}

static void
screen_dashboard_notify(const struct client_op_event *ev)
{
	if (ev->type == CLIENT_OP_EVENT_CONNECTION)
		screen_dashboard_load(1);
}

/* Whether both parts were answered. */
static int
screen_dashboard_both(const struct dash_part *a, const struct dash_part *b)
{
	return (a->done && a->error[0] == '\0' && b->done &&
	    b->error[0] == '\0');
}

/* "+23%" of now against then, or NULL when then is nothing. */
static char *
screen_dashboard_change(int64_t now, int64_t then, char *out, size_t len,
    enum ui_colour *c)
{
	int64_t	pct;

	*c = UI_DIM;
	if (then <= 0 || now < 0)
		return (NULL);
	pct = money_muldiv(now > then ? now - then : then - now, 100, then);
	snprintf(out, len, "%s%lld%%", now >= then ? "+" : "-",
	    (long long)pct);
	*c = now >= then ? UI_OK : UI_WARN;
	return (out);
}

/* The label column of a row, and where its figures start. */
static int
screen_dashboard_label(int y, const struct ui_rect *r, const char *label)
{
	ui_draw_str(y, r->x + 1, 15, UI_PROMPT, label);
	return (r->x + 17);
}

static void
screen_dashboard_draw_sales(const struct ui_rect *r, int y)
{
	char		 a[32], b[32], pct[16], line[160];
	enum ui_colour	 c;
	int64_t		 now = 0, then = 0;
	int		 x, w = r->w - 18, h, i;

	x = screen_dashboard_label(y, r, "Today so far");
	if (screen_dashboard_ready(&D.z[0], y, x, w)) {
		chart_full(CHART_CENTS, D.total[0], a, sizeof a);
		chart_full(CHART_CENTS, D.refunds[0], b, sizeof b);
		snprintf(line, sizeof line, "%s in %lld sale%s, refunds %s",
		    a, (long long)D.sales[0], D.sales[0] == 1 ? "" : "s", b);
		ui_draw_str(y, x, w, UI_TOTAL, line);
	}
	y++;
	snprintf(line, sizeof line, "Last %s", D.weekday);
	x = screen_dashboard_label(y, r, line);
	if (screen_dashboard_ready(&D.z[1], y, x, w)) {
		chart_full(CHART_CENTS, D.total[1], a, sizeof a);
		snprintf(line, sizeof line, "%s in %lld sale%s all day (%s)",
		    a, (long long)D.sales[1], D.sales[1] == 1 ? "" : "s",
		    D.last);
		i = ui_draw_str(y, x, w, UI_NORMAL, line);
		/*
		 * The change: net by this hour against net by the same
		 * hour, when both days' hours came; else what was paid
		 * today so far against all of last week's day.
		 */
		if (screen_dashboard_both(&D.hours[0], &D.hours[1])) {
			for (h = 0; h < 24; h++) {
				now += D.hourly[0][h];
				if (h <= D.hour)
					then += D.hourly[1][h];
			}
			chart_full(CHART_CENTS, then, b, sizeof b);
			snprintf(line, sizeof line, ", %s net by %02d:59", b,
			    D.hour);
			i += ui_draw_str(y, x + i, w - i, UI_NORMAL, line);
		} else if (screen_dashboard_both(&D.z[0], &D.z[1])) {
			now = D.total[0];
			then = D.total[1];
		} else
			now = then = -1;
		if (screen_dashboard_change(now, then, pct, sizeof pct,
		    &c) != NULL)
			ui_draw_str(y, x + i + 2, w - i - 2, c, pct);
	}
	y++;
	x = screen_dashboard_label(y, r, "By hour");
	if (screen_dashboard_ready(&D.hours[0], y, x, w)) {
		i = ui_chart_spark(y, x, 24, D.hourly[0], 24, UI_SERIES1);
		ui_draw_str(y, x + i + 2, w - i - 2, UI_DIM, "00-23h today");
	}
}

/*
 * Each open drawer, "register-1 Dana 08:02 $212.50", as many as fit on
 * the row (the count above says how many there are in all).
 */
static void
screen_dashboard_draw_drawers(int y, int x, int w)
{
	const struct client_op_drawer	*d;
	char				 a[32], b[32], who[32], one[160];
	u_int				 i;
	int				 at = 0, len;

	if (D.nopen == 0) {
		ui_draw_str(y, x, w, UI_DIM, "none");
		return;
	}
	for (i = 0; i < D.ndrawers; i++) {
		d = &D.drawers[i];
		client_session_time_str(d->opened, b, sizeof b);
		chart_full(CHART_CENTS, d->expected, a, sizeof a);
		client_session_first_name(d->staff, who, sizeof who);
		len = snprintf(one, sizeof one, "%s%s %s %.5s %s", i == 0 ?
		    "" : ", ", d->terminal, who, b + 11, a);
		if (at + len > w) {
			ui_draw_str(y, x + at, w - at, UI_DIM, i == 0 ? one :
			    ", ...");
			return;
		}
		ui_draw_str(y, x + at, w - at, UI_NORMAL, one);
		at += len;
	}
}

static void
screen_dashboard_draw(const struct ui_rect *r)
{
	char		 a[32], line[256];
	struct ui_rect	 cr;
	int		 x, y = r->y, w = r->w - 18;
	u_int		 i, n;

	ui_draw_fill(y, r->x, r->w, UI_HEADER);
	snprintf(line, sizeof line, " Dashboard: %s %s as of %s", D.weekday,
	    D.today, D.asof);
	ui_draw_str(y, r->x, r->w, UI_HEADER, line);
	y += 1;
	screen_dashboard_draw_sales(r, y);
	y += 3;

	x = screen_dashboard_label(y, r, "Low stock");
	if (screen_dashboard_ready(&D.low, y, x, w)) {
		snprintf(line, sizeof line, "%u%s product%s under the reorder "
		    "point%s%s", D.nlow, D.low_more ? "+" : "", D.nlow == 1 ?
		    "" : "s", D.nlow != 0 ? ": " : "", D.low_names);
		ui_draw_str(y, x, w, D.nlow != 0 ? UI_WARN : UI_NORMAL, line);
	}
	y++;
	x = screen_dashboard_label(y, r, "Compliance");
	if (screen_dashboard_ready(&D.comp, y, x, w)) {
		snprintf(line, sizeof line, "%lld exception%s open, %lld "
		    "report%s pending%s", (long long)D.exceptions,
		    D.exceptions == 1 ? "" : "s", (long long)D.pending,
		    D.pending == 1 ? "" : "s", D.broken ?
		    "; the state refuses our keys" : "");
		ui_draw_str(y, x, w, D.exceptions != 0 || D.broken ? UI_WARN :
		    UI_NORMAL, line);
	}
	y++;
	x = screen_dashboard_label(y, r, "Drawers");
	if (screen_dashboard_ready(&D.drawer, y, x, w)) {
		chart_full(CHART_CENTS, D.open_expected, a, sizeof a);
		snprintf(line, sizeof line, "%u open (%s expected), %s here",
		    D.nopen, a, D.drawer_open ? "one" : "none");
		n = (u_int)ui_draw_str(y, x, w, UI_NORMAL, line);
		if (D.z[0].done && D.z[0].error[0] == '\0') {
			chart_full(CHART_CENTS, D.over_short, a, sizeof a);
			snprintf(line, sizeof line, "; %lld closed today, over/"
			    "short %s", (long long)D.closed, a);
			ui_draw_str(y, x + (int)n, w - (int)n,
			    D.over_short != 0 ? UI_WARN : UI_NORMAL, line);
		}
	}
	y++;
	x = screen_dashboard_label(y, r, "Open drawers");
	if (D.drawer.done && D.drawer.error[0] == '\0')
		screen_dashboard_draw_drawers(y, x, w);
	y++;
	x = screen_dashboard_label(y, r, "Orders waiting");
	for (i = 0; i < DASH_WAITING; i++) {
		if (!D.orders[i].done || D.orders[i].error[0] != '\0')
			break;
	}
	if (i < DASH_WAITING)
		screen_dashboard_ready(&D.orders[i], y, x, w);
	else {
		snprintf(line, sizeof line, "%u new, %u packing, %u packed%s",
		    D.norders[0], D.norders[1], D.norders[2], D.orders_more ?
		    " (100 or more)" : "");
		ui_draw_str(y, x, w, UI_NORMAL, line);
	}
	y += 2;

	/* The chart takes what is left. */
	cr.x = r->x + 1;
	cr.y = y;
	cr.w = r->w - 2;
	cr.h = r->y + r->h - y;
	if (cr.h >= 5)
		ui_chart_draw(&D.chart, &cr);
	ui_fkeys_draw(ui_screen_rows() - 1, screen_dashboard_keys,
	    nitems(screen_dashboard_keys));
}
