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

#include "client.h"
#include "client-op.h"
#include "report.h"

/*
 * The manager's reports (Ctrl-E on the stock screen, F6 on the dashboard):
 * pick a report (F2), a period (F3: today, the last 7, 30, 90 or 365 days,
 * or dates typed), a grouping (F4), and see it as a chart (report.run, then
 * chart_from_table). F5 picks the figure charted (or all of the first
 * one's unit together), F6 the kind of chart; both redraw from the table
 * kept, without asking stashd again. F7 compares the period with the one
 * before or the same a year before (a second series). Tab shows the
 * table.
 */

static void	screen_reports_enter(void *);
static void	screen_reports_leave(void);
static void	screen_reports_key(int, int64_t);
static void	screen_reports_draw(const struct ui_rect *);

const struct screen_entry screen_reports_entry = {
	.name = "reports",
	.enter = screen_reports_enter,
	.leave = screen_reports_leave,
	.key = screen_reports_key,
	.draw = screen_reports_draw,
	.perm = PERM_REPORTS,
};

#define REPORTS_ME	((void *)&screen_reports_entry)
#define REPORTS_DAY	(INT64_C(86400) * 1000000)

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static const struct ui_fkey screen_reports_keys[] = {
	{ "F2", "Report" },
	{ "F3", "Period" },
	{ "F4", "By" },
	{ "F5", "Figure" },
	{ "F6", "Chart" },
	{ "F7", "Compare" },
	{ "Tab", "Table" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};

static const char *screen_reports_names[] = {
	"sales", "products", "inventory", "turnover", "shrink", "reorder",
	"customers", "staff", "hours", "compliance", "delivery",
};
/* The first, "-", is the report's own grouping. */
static const char *screen_reports_bys[] = {
	"-", "day", "week", "month", "hour", "weekday", "category", "product",
	"brand", "staff", "terminal", "channel", "customer-type",
	"week,category",
};
/* What the period is compared with: nothing first. */
static const char *screen_reports_compares[] = {
	NULL, "previous", "last-year",
};
/* Days back from today; 0 is today only; -1 asks for the dates. */
static const int screen_reports_periods[] = { 0, 7, 30, 90, 365, -1 };
static const int screen_reports_kinds[] = {
	CHART_BAR, CHART_LINE, CHART_STACK, CHART_HBAR,
};

enum screen_reports_ask {
	REPORTS_NONE,
	REPORTS_FROM,
	REPORTS_TO,
};

static struct {
	u_int			 name;
	u_int			 period;
	u_int			 by;
	u_int			 kind;
	u_int			 compare;
	int			 figure;	/* a column, or -1: all */
	char			 from[11];
	char			 to[11];
	int			 busy;
	int			 have;		/* a table came */
	struct report_table	 table;
	struct ui_chart		 chart;
	enum screen_reports_ask	 ask;
	struct ui_input		 in;
} R;

/* Keep a copy of rt: the reply's goes when the callback returns. */
static void
screen_reports_keep(const struct report_table *rt)
{
	struct report_row	*row;
	u_int			 i, j;

	report_table_free(&R.table);
	report_table_init(&R.table, rt->title);
	for (j = 0; j < rt->ncolumns; j++)
		report_table_column(&R.table, rt->columns[j].name,
		    rt->columns[j].kind);
	for (i = 0; i < rt->nrows; i++) {
		row = report_table_row(&R.table);
		for (j = 0; j < rt->ncolumns; j++) {
			if (rt->columns[j].kind == REPORT_TEXT)
				report_table_text(row, j,
				    rt->rows[i].cells[j].text);
			else
				row->cells[j].v = rt->rows[i].cells[j].v;
		}
	}
	R.have = 1;
}

/* Whether column j is a figure a chart can show. */
static int
screen_reports_is_figure(u_int j)
{
	int	k = R.table.columns[j].kind;

	return (k != REPORT_TEXT && k != REPORT_TIME);
}

/* "YYYY-MM-DD" as YYYYMMDD (checked when typed). */
static int
screen_reports_ymd(const char *s)
{
	return (atoi(s) * 10000 + atoi(s + 5) * 100 + atoi(s + 8));
}

/* The chart again from the table kept, as the keys say. */
static void
screen_reports_chart(void)
{
	struct chart	 c;
	char		*cause = NULL;
	const char	*column = "*";

	if (!R.have)
		return;
	if (R.figure >= 0 && (u_int)R.figure < R.table.ncolumns)
		column = R.table.columns[R.figure].name;
	if (chart_from_table(&c, &R.table, screen_reports_kinds[R.kind],
	    column, client_session.store_tz, &cause) != 0) {
		ui_status_set(UI_WARN, "%s", cause);
		free(cause);
		chart_init(&c, screen_reports_kinds[R.kind], CHART_COUNT,
		    R.table.title);
	}
	/* A day with no sales is a zero between the others, not a gap. */
	if (strcmp(screen_reports_bys[R.by], "day") == 0 || (R.by == 0 &&
	    (strcmp(screen_reports_names[R.name], "sales") == 0 ||
	    strcmp(screen_reports_names[R.name], "delivery") == 0)))
		chart_fill_days(&c, screen_reports_ymd(R.from),
		    screen_reports_ymd(R.to));
	ui_chart_set(&R.chart, &c);
}

/* The first figure named "net", or else the first figure. */
static int
screen_reports_default_figure(void)
{
	u_int	j;
	int	first = -1;

	for (j = 0; j < R.table.ncolumns; j++) {
		if (!screen_reports_is_figure(j))
			continue;
		if (strcmp(R.table.columns[j].name, "net") == 0)
			return ((int)j);
		if (first == -1)
			first = (int)j;
	}
	return (first);
}

static void
screen_reports_ran(const struct client_op_error *err,
    const struct report_table *rt, __unused void *arg)
{
	R.busy = 0;
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	screen_reports_keep(rt);
	R.figure = screen_reports_default_figure();
	screen_reports_chart();
	ui_status_set(UI_OK, "%s: %u row%s", rt->title, rt->nrows,
	    rt->nrows == 1 ? "" : "s");
}

/* The period's dates, unless typed. */
static void
screen_reports_dates(void)
{
	char	buf[32];
	int	days = screen_reports_periods[R.period];
	int64_t	now = client_session_now();

	if (days < 0)
		return;
	client_session_time_str(now, buf, sizeof buf);
	snprintf(R.to, sizeof R.to, "%.10s", buf);
	client_session_time_str(now - (days > 0 ? days - 1 : 0) * REPORTS_DAY,
	    buf, sizeof buf);
	snprintf(R.from, sizeof R.from, "%.10s", buf);
}

static void
screen_reports_run(void)
{
	struct client_op_report_req	q;

	memset(&q, 0, sizeof q);
	q.name = screen_reports_names[R.name];
	q.from = R.from;
	q.to = R.to;
	if (R.by != 0)
		q.by = screen_reports_bys[R.by];
	q.compare = screen_reports_compares[R.compare];
	R.busy = 1;
	ui_status_set(UI_INFO, "Asking stashd for the %s report...", q.name);
	client_op_report_run(&q, screen_reports_ran, REPORTS_ME);
}

static void
screen_reports_enter(__unused void *arg)
{
	ui_chart_init(&R.chart);
	report_table_init(&R.table, "");
	R.have = 0;
	R.ask = REPORTS_NONE;
	if (!(client_session.perms & PERM_REPORTS)) {
		screen_go("inventory", NULL);
		ui_status_set(UI_ERROR, "The reports are for managers: a %s "
		    "may not see them", client_session.staff_role);
		ui_screen_beep();
		return;
	}
	if (R.from[0] == '\0') {
		R.period = 1;		/* the last 7 days */
		screen_reports_dates();
	}
	screen_reports_run();
}

static void
screen_reports_leave(void)
{
	ui_chart_free(&R.chart);
	report_table_free(&R.table);
	R.have = 0;
}

/* A date typed for a custom period. */
static void
screen_reports_typed(void)
{
	const char	*s = ui_input_text(&R.in);

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
		ui_status_set(UI_ERROR, "Type the date as YYYY-MM-DD");
		ui_screen_beep();
		return;
	}
	if (R.ask == REPORTS_FROM) {
		snprintf(R.from, sizeof R.from, "%s", s);
		R.ask = REPORTS_TO;
		ui_input_set(&R.in, R.to, 0);
		return;
	}
	snprintf(R.to, sizeof R.to, "%s", s);
	R.ask = REPORTS_NONE;
	screen_reports_run();
}

static void
screen_reports_next_figure(void)
{
	u_int	j, start;

	if (!R.have)
		return;
	/* Each figure in turn, then -1 (all of one unit), then again. */
	start = R.figure < 0 ? 0 : (u_int)R.figure + 1;
	for (j = start; j < R.table.ncolumns; j++) {
		if (screen_reports_is_figure(j)) {
			R.figure = (int)j;
			screen_reports_chart();
			return;
		}
	}
	R.figure = R.figure < 0 ? screen_reports_default_figure() : -1;
	screen_reports_chart();
}

static void
screen_reports_key(int key, __unused int64_t when)
{
	if (screen_common_key(key))
		return;
	if (R.ask != REPORTS_NONE) {
		if (key == UI_KEY_ESCAPE) {
			R.ask = REPORTS_NONE;
			ui_status_clear();
		} else if (key == UI_KEY_ENTER)
			screen_reports_typed();
		else if (ui_input_key(&R.in, key) == UI_INPUT_REFUSED)
			ui_screen_beep();
		return;
	}
	if (ui_chart_key(&R.chart, key))
		return;
	if (R.busy && key != UI_KEY_ESCAPE)
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
		screen_go("dashboard", NULL);
		return;
	case UI_KEY_F(2):
		R.name = (R.name + 1) % nitems(screen_reports_names);
		screen_reports_run();
		return;
	case UI_KEY_F(3):
		R.period = (R.period + 1) % nitems(screen_reports_periods);
		if (screen_reports_periods[R.period] < 0) {
			ui_input_init(&R.in, 10, 0);
			ui_input_set(&R.in, R.from, 0);
			R.ask = REPORTS_FROM;
			ui_status_set(UI_INFO, "Type the first and last days, "
			    "YYYY-MM-DD; Esc keeps the dates shown");
			return;
		}
		screen_reports_dates();
		screen_reports_run();
		return;
	case UI_KEY_F(4):
		R.by = (R.by + 1) % nitems(screen_reports_bys);
		screen_reports_run();
		return;
	case UI_KEY_F(5):
		screen_reports_next_figure();
		return;
	case UI_KEY_F(6):
		R.kind = (R.kind + 1) % nitems(screen_reports_kinds);
		screen_reports_chart();
		return;
	case UI_KEY_F(7):
		R.compare = (R.compare + 1) % nitems(screen_reports_compares);
		screen_reports_run();
		return;
	case UI_KEY_ENTER:
		screen_reports_run();
		return;
	}
}

static void
screen_reports_draw(const struct ui_rect *r)
{
	struct ui_rect	 cr;
	char		 line[256];
	const char	*figure;

	if (R.figure >= 0 && R.have && (u_int)R.figure < R.table.ncolumns)
		figure = R.table.columns[R.figure].name;
	else
		figure = "all";
	snprintf(line, sizeof line, " %s %s..%s by %s%s%s | %s | %s",
	    screen_reports_names[R.name], R.from, R.to,
	    R.by != 0 ? screen_reports_bys[R.by] : "its own",
	    R.compare != 0 ? " vs " : "", R.compare != 0 ?
	    screen_reports_compares[R.compare] : "", figure,
	    chart_kind_name(screen_reports_kinds[R.kind]));
	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y, r->x, r->w, UI_HEADER, line);
	cr.x = r->x + 1;
	cr.y = r->y + 2;
	cr.w = r->w - 2;
	cr.h = r->h - 3;
	if (R.have)
		ui_chart_draw(&R.chart, &cr);
	else if (R.busy)
		ui_draw_str(cr.y, cr.x, cr.w, UI_DIM, "asking stashd...");
	if (R.ask != REPORTS_NONE)
		ui_input_draw(&R.in, r->y + r->h - 1, r->x + 1, r->w - 2,
		    R.ask == REPORTS_FROM ? "From (YYYY-MM-DD):" :
		    "To (YYYY-MM-DD):", 1);
	ui_fkeys_draw(ui_screen_rows() - 1, screen_reports_keys,
	    nitems(screen_reports_keys));
}
