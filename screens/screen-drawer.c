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

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client-op.h"

/*
 * The cash drawer of this register (F12 at the register): open it with the
 * counted float, take cash to the safe (a drop, with an optional note),
 * see the X report (F4, drawer.report: the open drawer's figures so far)
 * and close it with a blind count: what the drawer should hold is not on
 * the screen while it is counted (nor on entering, until F4 asks), and is
 * shown with the over/short once the count is in. The Z report of a day
 * (report.z) needs the reports permission; stashd's refusal is shown as
 * it is, and the report says whether the day's cash ties out with the
 * drawers or shows the difference and the sales in none of them.
 *
 * Every figure shown is stashd's: the terminal works nothing out.
 */

enum screen_drawer_mode {
	DRAWER_VIEW,		/* the drawer's figures */
	DRAWER_FLOAT,		/* the counted float to open with */
	DRAWER_DROP,		/* the amount of a drop */
	DRAWER_NOTE,		/* the drop's note */
	DRAWER_COUNT,		/* the count to close with */
	DRAWER_DATE,		/* the day of a Z report */
	DRAWER_Z,		/* the Z report */
};

static void	screen_drawer_enter(void *);
static void	screen_drawer_leave(void);
static void	screen_drawer_key(int, int64_t);
static void	screen_drawer_draw(const struct ui_rect *);

const struct screen_entry screen_drawer_entry = {
	.name = "drawer",
	.enter = screen_drawer_enter,
	.leave = screen_drawer_leave,
	.key = screen_drawer_key,
	.draw = screen_drawer_draw,
};
#define DRAWER_ME	((void *)&screen_drawer_entry)

static const struct ui_fkey screen_drawer_view_keys[] = {
	{ "F2", "Open" },
	{ "F3", "Drop" },
	{ "F4", "X report" },
	{ "F5", "Close" },
	{ "F6", "Z report" },
	{ "Esc", "Register" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_drawer_prompt_keys[] = {
	{ "Enter", "OK" },
	{ "Esc", "Cancel" },
};
static const struct ui_fkey screen_drawer_z_keys[] = {
	{ "Up/Down", "Scroll" },
	{ "F6", "Another day" },
	{ "Esc", "Drawer" },
};
#define nitems(a) (sizeof (a) / sizeof (a)[0])

#define DRAWER_Z_LINES	256
#define DRAWER_NOTE_LEN	120	/* a drop's note; stashd keeps up to 128 */

static enum screen_drawer_mode	 screen_drawer_mode;
static struct ui_input		 screen_drawer_in;
static int			 screen_drawer_busy;
static int			 screen_drawer_none;	/* none is open */
static int			 screen_drawer_blind;	/* expected not shown */
static int			 screen_drawer_x;	/* F4 asked */
static struct client_op_drawer	 screen_drawer_d;	/* a DRAWER */
static struct client_op_drawer	*screen_drawer_info;	/* or NULL */
static int64_t			 screen_drawer_drop;	/* cents */
static char			*screen_drawer_z[DRAWER_Z_LINES];
static u_int			 screen_drawer_zn;
static struct ui_list		 screen_drawer_zlist;

static void	screen_drawer_z_line(void *, u_int, char *, size_t,
		    enum ui_colour *);

/* A figure of the drawer as stashd said it. */
#define screen_drawer_num(d, f)	((d) != NULL ? (d)->f : 0)

static void
screen_drawer_set_mode(enum screen_drawer_mode mode)
{
	char	today[64];

	screen_drawer_mode = mode;
	switch (mode) {
	case DRAWER_FLOAT:
	case DRAWER_DROP:
	case DRAWER_COUNT:
		ui_input_init(&screen_drawer_in, 12, UI_INPUT_DECIMAL);
		break;
	case DRAWER_NOTE:
		ui_input_init(&screen_drawer_in, DRAWER_NOTE_LEN, 0);
		break;
	case DRAWER_DATE:
		ui_input_init(&screen_drawer_in, 10, 0);
		client_session_time_str(client_session_now(), today,
		    sizeof today);
		today[10] = '\0';
		ui_input_set(&screen_drawer_in, today, 1);
		break;
	default:
		ui_input_init(&screen_drawer_in, 1, 0);
		break;
	}
	ui_screen_dirty();
}

static void
screen_drawer_z_free(void)
{
	u_int	i;

	for (i = 0; i < screen_drawer_zn; i++)
		free(screen_drawer_z[i]);
	screen_drawer_zn = 0;
}

static void
screen_drawer_z_add(const char *fmt, ...)
{
	va_list	ap;

	if (screen_drawer_zn == DRAWER_Z_LINES)
		return;
	va_start(ap, fmt);
	xvasprintf(&screen_drawer_z[screen_drawer_zn++], fmt, ap);
	va_end(ap);
}

/* Keep what stashd said of the drawer. */
static void
screen_drawer_set(const struct client_op_drawer *d)
{
	if (d == NULL)
		return;
	screen_drawer_d = *d;
	screen_drawer_info = &screen_drawer_d;
	screen_drawer_none = 0;
}

static int
screen_drawer_is_open(void)
{
	if (screen_drawer_info == NULL)
		return (0);
	return (strcmp(screen_drawer_info->status, "open") == 0);
}

static void
screen_drawer_report_done(const struct client_op_error *err,
    const struct client_op_drawer *d, __unused void *arg)
{
	int	x = screen_drawer_x;

	screen_drawer_busy = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		if (strcmp(err->code, "not-found") == 0) {
			screen_drawer_none = 1;
			if (screen_drawer_is_open())
				screen_drawer_info = NULL;
			ui_status_set(UI_INFO, "No drawer is open on this "
			    "register: F2 opens one with the counted float");
			return;
		}
		screen_request_error(err->code, err->message);
		return;
	}
	screen_drawer_set(d);
	if (x) {
		screen_drawer_blind = 0;
		ui_status_set(UI_OK, "X report as of now");
	} else if (screen_drawer_is_open())
		ui_status_set(UI_INFO, "F4 shows the X report; F5 closes the "
		    "drawer with a blind count");
}

/*
 * The open drawer: its X report (F4, x set: what it should hold shown),
 * or, on entering, the drawer without what it should hold.
 */
static void
screen_drawer_report(int x)
{
	screen_drawer_busy = 1;
	screen_drawer_x = x;
	client_op_drawer_report(screen_drawer_report_done, DRAWER_ME);
}

static void
screen_drawer_enter(__unused void *arg)
{
	screen_drawer_busy = 0;
	screen_drawer_blind = 1;
	screen_drawer_set_mode(DRAWER_VIEW);
	ui_list_init(&screen_drawer_zlist, screen_drawer_z_line, NULL);
	screen_drawer_report(0);
}

static void
screen_drawer_leave(void)
{
	screen_drawer_z_free();
	screen_drawer_info = NULL;
	screen_drawer_none = 0;
	screen_drawer_busy = 0;
	ui_input_clear(&screen_drawer_in);
}

static void
screen_drawer_done(const struct client_op_error *err,
    const struct client_op_drawer *d, void *arg)
{
	const char	*what = arg;
	char		 a[32], b[32];
	int64_t		 os;

	screen_drawer_busy = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	screen_drawer_set(d);
	screen_drawer_set_mode(DRAWER_VIEW);
	screen_drawer_blind = strcmp(what, "close") != 0;
	if (strcmp(what, "close") == 0) {
		os = screen_drawer_num(screen_drawer_info, over_short);
		money_fmt(os < 0 ? -os : os, a, sizeof a);
		money_fmt(screen_drawer_num(screen_drawer_info, expected), b,
		    sizeof b);
		log_info("drawer %lld closed", (long long)screen_drawer_num(
		    screen_drawer_info, id));
		if (os == 0)
			ui_status_set(UI_OK, "Drawer closed: even (expected %s)",
			    b);
		else {
			ui_status_set(os < 0 ? UI_ERROR : UI_WARN, "Drawer "
			    "closed: %s %s (expected %s)", os < 0 ? "SHORT" :
			    "OVER", a, b);
		}
	} else if (strcmp(what, "open") == 0)
		ui_status_set(UI_OK, "Drawer open with a float of %s",
		    money_fmt(screen_drawer_num(screen_drawer_info, float_cash),
		    a, sizeof a));
	else
		ui_status_set(UI_OK, "Drop recorded: %s to the safe",
		    money_fmt(screen_drawer_drop, a, sizeof a));
}

/* An amount typed in the input, in cents; -1 if it is not one. */
static int64_t
screen_drawer_amount(int zero_ok)
{
	int64_t	v;

	if (money_parse(ui_input_text(&screen_drawer_in), &v) != 0 || v < 0 ||
	    (v == 0 && !zero_ok)) {
		ui_status_set(UI_ERROR, "Type an amount of cash, e.g. 200.00");
		ui_screen_beep();
		return (-1);
	}
	return (v);
}

/* Before a drawer.* request: busy until it answers. */
static void
screen_drawer_asking(void)
{
	screen_drawer_busy = 1;
	ui_status_set(UI_INFO, "Asking stashd...");
}

/* "YYYY-MM-DD HH:MM" of a time in µs. */
static char *
screen_drawer_time(int64_t t, char *out, size_t len)
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

static void
screen_drawer_z_line(__unused void *arg, u_int idx, char *out, size_t len,
    __unused enum ui_colour *c)
{
	if (idx < screen_drawer_zn)
		strlcpy(out, screen_drawer_z[idx], len);
}

/* A DRAWER as one line of the Z report. */
static void
screen_drawer_z_drawer(const struct client_op_drawer *d)
{
	char		f[32], e[32], n[32], o[32], t[32];
	const char	*term;

	term = d->terminal[0] != '\0' ? d->terminal : "?";
	screen_drawer_time(d->closed, t, sizeof t);
	screen_drawer_z_add("  #%-4lld %-12.12s %5s %10s %10s %10s %9s",
	    (long long)d->id, term, t + 11,
	    money_fmt(d->float_cash, f, sizeof f),
	    money_fmt(d->expected, e, sizeof e),
	    money_fmt(d->counted, n, sizeof n),
	    money_fmt(d->over_short, o, sizeof o));
}

/* Totals of sales as one line: "sales N  total X  cash X  card X ...". */
static void
screen_drawer_z_totals(const struct client_op_z_totals *r)
{
	char	t[32], ca[32], cd[32], v[32];

	screen_drawer_z_add("  %-14.14s %5lld %11s %10s %10s %4lld %9s",
	    r->name, (long long)r->sales, money_fmt(r->total, t, sizeof t),
	    money_fmt(r->cash, ca, sizeof ca),
	    money_fmt(r->card, cd, sizeof cd),
	    (long long)r->voids, money_fmt(r->voided, v, sizeof v));
	if (r->refunds != 0) {
		screen_drawer_z_add("  %-14s %5lld refunds: cash %s, card %s",
		    "", (long long)r->refunds,
		    money_fmt(r->refunds_cash, ca, sizeof ca),
		    money_fmt(r->refunds_card, cd, sizeof cd));
	}
}

/* Whether the day's cash ties out with the drawers, and if not why. */
static void
screen_drawer_z_tie(const struct client_op_z_report *z)
{
	const struct client_op_z_move	*m;
	const char			*why;
	char				 a[32], b[32], w[48];
	u_int				 i;

	screen_drawer_z_add("%s", "");
	money_fmt(z->cash_day, a, sizeof a);
	if (z->ties_out) {
		screen_drawer_z_add("Cash ties out: the day's cash %s is all "
		    "in the drawers closed that day", a);
		return;
	}
	money_fmt(z->cash_drawers, b, sizeof b);
	screen_drawer_z_add("Cash does NOT tie out: the day's cash %s, the "
	    "drawers' %s", a, b);
	screen_drawer_z_add("  difference %s; %lld cash movement%s outside "
	    "the day's drawers:", money_fmt(z->difference, a, sizeof a),
	    (long long)z->outside, z->outside == 1 ? "" : "s");
	for (i = 0; i < z->nmoves; i++) {
		m = &z->moves[i];
		if (strcmp(m->why, "no-drawer") == 0)
			why = "in no drawer";
		else if (strcmp(m->why, "drawer-open") == 0) {
			snprintf(w, sizeof w, "drawer #%lld still open",
			    (long long)m->drawer);
			why = w;
		} else if (strcmp(m->why, "drawer-other-day") == 0) {
			snprintf(w, sizeof w, "drawer #%lld closed another day",
			    (long long)m->drawer);
			why = w;
		} else
			why = "made on another day";
		screen_drawer_z_add("  %-6.6s sale %-6lld %-12.12s %10s  %s",
		    m->kind, (long long)m->sale, m->terminal,
		    money_fmt(m->amount, a, sizeof a), why);
	}
	if ((int64_t)z->nmoves < z->outside)
		screen_drawer_z_add("  ... and %lld more",
		    (long long)(z->outside - z->nmoves));
}

static void
screen_drawer_z_done(const struct client_op_error *err,
    const struct client_op_z_report *z, __unused void *arg)
{
	const char	*date;
	u_int		 i;

	screen_drawer_busy = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_drawer_set_mode(DRAWER_VIEW);
		screen_request_error(err->code, err->message);
		return;
	}
	screen_drawer_z_free();
	date = z->date[0] != '\0' ? z->date : NULL;
	screen_drawer_z_add("Z report for %s", date != NULL ? date : "?");
	screen_drawer_z_add("%s", "");
	screen_drawer_z_add("  %-14s %5s %11s %10s %10s %4s %9s", "Register",
	    "Sales", "Total", "Cash", "Card", "Void", "Voided");
	for (i = 0; i < z->nregisters; i++)
		screen_drawer_z_totals(&z->registers[i]);
	screen_drawer_z_totals(&z->store);
	screen_drawer_z_add("%s", "");
	if (z->ndrawers == 0)
		screen_drawer_z_add("No drawer was closed that day");
	else {
		screen_drawer_z_add("Drawers closed that day:");
		screen_drawer_z_add("  %-5s %-12s %5s %10s %10s %10s %9s",
		    "No.", "Register", "At", "Float", "Expected", "Counted",
		    "Over/sh.");
		for (i = 0; i < z->ndrawers; i++)
			screen_drawer_z_drawer(&z->drawers[i]);
	}
	screen_drawer_z_tie(z);
	ui_list_init(&screen_drawer_zlist, screen_drawer_z_line, NULL);
	screen_drawer_zlist.noselect = 1;
	ui_list_set_count(&screen_drawer_zlist, screen_drawer_zn);
	screen_drawer_set_mode(DRAWER_Z);
	ui_status_set(UI_OK, "Z report for %s", date != NULL ? date : "?");
}

static void
screen_drawer_zreport(void)
{
	const char	*s = ui_input_text(&screen_drawer_in);
	int		 y, m, d;

	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 ||
	    d < 1 || d > 31) {
		ui_status_set(UI_ERROR, "Type the day as YYYY-MM-DD");
		ui_screen_beep();
		return;
	}
	screen_drawer_busy = 1;
	ui_status_set(UI_INFO, "Asking stashd for the Z report...");
	client_op_drawer_z(s, screen_drawer_z_done, DRAWER_ME);
}

/* Enter in one of the prompts. */
static void
screen_drawer_enter_key(void)
{
	int64_t		 v;
	const char	*note;

	switch (screen_drawer_mode) {
	case DRAWER_FLOAT:
		if ((v = screen_drawer_amount(1)) < 0)
			return;
		screen_drawer_asking();
		client_op_drawer_open(v, screen_drawer_done, (void *)"open");
		break;
	case DRAWER_DROP:
		if ((v = screen_drawer_amount(0)) < 0)
			return;
		screen_drawer_drop = v;
		screen_drawer_set_mode(DRAWER_NOTE);
		ui_status_set(UI_INFO, "Who took it, the bag number (up to %d "
		    "characters), or Enter for no note", DRAWER_NOTE_LEN);
		break;
	case DRAWER_NOTE:
		note = ui_input_text(&screen_drawer_in);
		screen_drawer_asking();
		client_op_drawer_drop(screen_drawer_drop, note,
		    screen_drawer_done, (void *)"drop");
		break;
	case DRAWER_COUNT:
		if ((v = screen_drawer_amount(1)) < 0)
			return;
		screen_drawer_asking();
		client_op_drawer_close(v, screen_drawer_done,
		    (void *)"close");
		break;
	case DRAWER_DATE:
		screen_drawer_zreport();
		break;
	default:
		break;
	}
}

static void
screen_drawer_key_view(int key)
{
	switch (key) {
	case UI_KEY_ESCAPE:
	case UI_KEY_F(12):
		screen_go("register", NULL);
		return;
	case UI_KEY_F(2):
		if (screen_drawer_is_open()) {
			ui_status_set(UI_ERROR, "A drawer is open already: "
			    "close it (F5) before opening another");
			return;
		}
		screen_drawer_set_mode(DRAWER_FLOAT);
		ui_status_set(UI_INFO, "Count the float and type it");
		return;
	case UI_KEY_F(3):
		screen_drawer_set_mode(DRAWER_DROP);
		ui_status_set(UI_INFO, "Type the cash taken to the safe");
		return;
	case UI_KEY_F(4):
		screen_drawer_report(1);
		return;
	case UI_KEY_F(5):
		screen_drawer_blind = 1;
		screen_drawer_set_mode(DRAWER_COUNT);
		ui_status_set(UI_INFO, "Blind count: type the cash in the drawer; "
		    "what it should hold is shown after");
		return;
	case UI_KEY_F(6):
		screen_drawer_set_mode(DRAWER_DATE);
		ui_status_set(UI_INFO, "The day of the Z report (Enter: "
		    "today)");
		return;
	}
}

static void
screen_drawer_key(int key, __unused int64_t when)
{
	if (screen_drawer_busy)
		return;
	if (screen_common_key(key))
		return;
	switch (screen_drawer_mode) {
	case DRAWER_VIEW:
		screen_drawer_key_view(key);
		return;
	case DRAWER_Z:
		if (key == UI_KEY_ESCAPE) {
			screen_drawer_set_mode(DRAWER_VIEW);
			ui_status_clear();
		} else if (key == UI_KEY_F(6))
			screen_drawer_set_mode(DRAWER_DATE);
		else
			ui_list_key(&screen_drawer_zlist, key);
		return;
	default:
		break;
	}
	if (key == UI_KEY_ESCAPE) {
		screen_drawer_set_mode(DRAWER_VIEW);
		ui_status_set(UI_INFO, "Cancelled");
		return;
	}
	if (key == UI_KEY_ENTER) {
		screen_drawer_enter_key();
		return;
	}
	if (ui_input_key(&screen_drawer_in, key) == UI_INPUT_REFUSED) {
		if (screen_drawer_mode == DRAWER_NOTE &&
		    strlen(ui_input_text(&screen_drawer_in)) >=
		    DRAWER_NOTE_LEN)
			ui_status_set(UI_ERROR, "A note is at most %d "
			    "characters", DRAWER_NOTE_LEN);
		ui_screen_beep();
	}
}

/* One figure: a label and an amount, right-aligned at column 44. */
static void
screen_drawer_figure(int y, const char *label, int64_t v, enum ui_colour c)
{
	char	a[32];

	ui_draw_str(y, 4, 28, c, label);
	ui_draw_right(y, 30, 14, c, money_fmt(v, a, sizeof a));
}

static void
screen_drawer_draw_info(const struct ui_rect *r)
{
	const struct client_op_drawer *d = screen_drawer_info;
	char	 t[32], s[160], a[32];
	int	 y = r->y + 2, open = screen_drawer_is_open();
	int64_t	 os;

	screen_drawer_time(open ? d->opened : d->closed, t, sizeof t);
	snprintf(s, sizeof s, "Drawer %lld: %s %s", (long long)
	    d->id, open ? "OPEN since" : "CLOSED at", t);
	ui_draw_str(y, 2, r->w - 4, UI_TOTAL, s);
	y += 2;
	if (open && screen_drawer_mode == DRAWER_COUNT) {
		ui_draw_str(y++, 4, r->w - 8, UI_NORMAL, "Blind count: count "
		    "every note and coin in the drawer and type the total.");
		ui_draw_str(y, 4, r->w - 8, UI_NORMAL, "What the drawer "
		    "should hold is shown once the count is in.");
		return;
	}
	if (open && screen_drawer_blind) {
		screen_drawer_figure(y++, "Float", d->float_cash, UI_NORMAL);
		screen_drawer_figure(y++, "Drops to the safe", -d->drops,
		    UI_NORMAL);
		y++;
		ui_draw_str(y, 4, r->w - 8, UI_DIM, "Sales and what the drawer "
		    "should hold: F4 X report");
		return;
	}
	screen_drawer_figure(y++, "Float", d->float_cash, UI_NORMAL);
	screen_drawer_figure(y++, "Cash from sales", d->cash, UI_NORMAL);
	screen_drawer_figure(y++, "Cash refunds", -d->refunds_cash,
	    UI_NORMAL);
	screen_drawer_figure(y++, "Drops to the safe", -d->drops, UI_NORMAL);
	ui_draw_hline(y++, 30, 14, UI_DIM);
	screen_drawer_figure(y++, "Expected in the drawer",
	    d->expected, UI_TOTAL);
	y++;
	snprintf(s, sizeof s, "Sales: %lld, total %s", (long long)
	    d->sales, money_fmt(d->total, a, sizeof a));
	ui_draw_str(y++, 4, r->w - 8, UI_NORMAL, s);
	snprintf(s, sizeof s, "Card: %s", money_fmt(d->card, a, sizeof a));
	ui_draw_str(y++, 4, r->w - 8, UI_NORMAL, s);
	snprintf(s, sizeof s, "Refunds: %lld, to cards %s", (long long)
	    d->refunds_count,
	    money_fmt(d->refunds_card, a, sizeof a));
	ui_draw_str(y++, 4, r->w - 8, UI_NORMAL, s);
	snprintf(s, sizeof s, "Voids: %lld, voided %s", (long long)
	    d->voids, money_fmt(d->voided, a, sizeof a));
	ui_draw_str(y++, 4, r->w - 8, UI_NORMAL, s);
	if (open)
		return;
	y++;
	screen_drawer_figure(y++, "Counted", d->counted, UI_NORMAL);
	os = d->over_short;
	screen_drawer_figure(y, "Over / short", os, os < 0 ? UI_ERROR :
	    (os > 0 ? UI_WARN : UI_OK));
	ui_draw_str(y, 46, 10, os < 0 ? UI_ERROR : (os > 0 ? UI_WARN : UI_OK),
	    os < 0 ? "SHORT" : (os > 0 ? "OVER" : "EVEN"));
}

static void
screen_drawer_draw(const struct ui_rect *r)
{
	const struct ui_fkey	*keys;
	struct ui_rect		 list;
	u_int			 nkeys;
	const char		*prompt = NULL;
	char			 head[128];

	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	snprintf(head, sizeof head, "Cash drawer: %s", client_session.terminal);
	ui_draw_str(r->y, r->x + 1, r->w - 2, UI_HEADER, head);

	if (screen_drawer_mode == DRAWER_Z) {
		list.x = r->x + 1;
		list.y = r->y + 2;
		list.w = r->w - 2;
		list.h = r->h - 2;
		ui_list_draw(&screen_drawer_zlist, &list);
		ui_screen_cursor(-1, -1);
		ui_fkeys_draw(ui_screen_rows() - 1, screen_drawer_z_keys,
		    nitems(screen_drawer_z_keys));
		return;
	}

	if (screen_drawer_info != NULL)
		screen_drawer_draw_info(r);
	else if (screen_drawer_none)
		ui_draw_centre(r->y + 5, r->x, r->w, UI_DIM, "No drawer is "
		    "open on this register: F2 opens one");
	else
		ui_draw_centre(r->y + 5, r->x, r->w, UI_DIM, "Asking stashd "
		    "for the drawer...");

	switch (screen_drawer_mode) {
	case DRAWER_FLOAT:
		prompt = "Counted float:";
		break;
	case DRAWER_DROP:
		prompt = "Cash to the safe:";
		break;
	case DRAWER_NOTE:
		prompt = "Note for the drop:";
		break;
	case DRAWER_COUNT:
		prompt = "Counted in the drawer:";
		break;
	case DRAWER_DATE:
		prompt = "Z report for the day (YYYY-MM-DD):";
		break;
	default:
		break;
	}
	if (prompt != NULL) {
		ui_input_draw(&screen_drawer_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, prompt, 1);
		keys = screen_drawer_prompt_keys;
		nkeys = nitems(screen_drawer_prompt_keys);
	} else {
		ui_screen_cursor(-1, -1);
		keys = screen_drawer_view_keys;
		nkeys = nitems(screen_drawer_view_keys);
	}
	ui_fkeys_draw(ui_screen_rows() - 1, keys, nkeys);
}
