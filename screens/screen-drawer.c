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
 * counted float, take cash to the safe (a drop, with a note), see the X
 * report (drawer.report: the open drawer's figures so far) and close it
 * with a count, which shows what was expected and the over/short. The Z
 * report of a day (report.z) needs the reports permission; stashd's
 * refusal is shown as it is.
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

static enum screen_drawer_mode	 screen_drawer_mode;
static struct ui_input		 screen_drawer_in;
static int			 screen_drawer_busy;
static int			 screen_drawer_none;	/* none is open */
static json_t			*screen_drawer_info;	/* a DRAWER */
static int64_t			 screen_drawer_drop;	/* cents */
static char			*screen_drawer_z[DRAWER_Z_LINES];
static u_int			 screen_drawer_zn;
static struct ui_list		 screen_drawer_zlist;

static void	screen_drawer_z_line(void *, u_int, char *, size_t,
		    enum ui_colour *);

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
		ui_input_init(&screen_drawer_in, 60, 0);
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
screen_drawer_set(json_t *result)
{
	json_t	*d = json_object_get(result, "drawer");

	if (!json_is_object(d))
		return;
	if (screen_drawer_info != NULL)
		json_decref(screen_drawer_info);
	screen_drawer_info = json_incref(d);
	screen_drawer_none = 0;
}

static int64_t
screen_drawer_int(json_t *d, const char *key)
{
	return (json_integer_value(json_object_get(d, key)));
}

static int
screen_drawer_is_open(void)
{
	const char	*st;

	if (screen_drawer_info == NULL)
		return (0);
	st = json_string_value(json_object_get(screen_drawer_info, "status"));
	return (st != NULL && strcmp(st, "open") == 0);
}

static void
screen_drawer_report_done(json_t *result, const char *code,
    const char *message, __unused void *arg)
{
	screen_drawer_busy = 0;
	ui_screen_dirty();
	if (result == NULL) {
		if (strcmp(code, "not-found") == 0) {
			screen_drawer_none = 1;
			if (screen_drawer_is_open()) {
				json_decref(screen_drawer_info);
				screen_drawer_info = NULL;
			}
			ui_status_set(UI_INFO, "No drawer is open on this "
			    "register: F2 opens one with the counted float");
			return;
		}
		screen_request_error(code, message);
		return;
	}
	screen_drawer_set(result);
	ui_status_set(UI_OK, "X report as of now");
}

/* F4: the X report, the open drawer's figures so far. */
static void
screen_drawer_report(void)
{
	screen_drawer_busy = 1;
	client_request("drawer.report", NULL, screen_drawer_report_done,
	    DRAWER_ME);
}

static void
screen_drawer_enter(__unused void *arg)
{
	screen_drawer_busy = 0;
	screen_drawer_set_mode(DRAWER_VIEW);
	ui_list_init(&screen_drawer_zlist, screen_drawer_z_line, NULL);
	screen_drawer_report();
}

static void
screen_drawer_leave(void)
{
	screen_drawer_z_free();
	if (screen_drawer_info != NULL)
		json_decref(screen_drawer_info);
	screen_drawer_info = NULL;
	screen_drawer_none = 0;
	screen_drawer_busy = 0;
	ui_input_clear(&screen_drawer_in);
}

static void
screen_drawer_done(json_t *result, const char *code, const char *message,
    void *arg)
{
	const char	*what = arg;
	char		 a[32], b[32];
	int64_t		 os;

	screen_drawer_busy = 0;
	ui_screen_dirty();
	if (result == NULL) {
		screen_request_error(code, message);
		return;
	}
	screen_drawer_set(result);
	screen_drawer_set_mode(DRAWER_VIEW);
	if (strcmp(what, "close") == 0) {
		os = screen_drawer_int(screen_drawer_info, "over_short");
		money_fmt(os < 0 ? -os : os, a, sizeof a);
		money_fmt(screen_drawer_int(screen_drawer_info, "expected"), b,
		    sizeof b);
		log_info("drawer %lld closed", (long long)screen_drawer_int(
		    screen_drawer_info, "id"));
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
		    money_fmt(screen_drawer_int(screen_drawer_info, "float"), a,
		    sizeof a));
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

static void
screen_drawer_send(const char *op, json_t *args, const char *what)
{
	screen_drawer_busy = 1;
	ui_status_set(UI_INFO, "Asking stashd...");
	client_request(op, args, screen_drawer_done, (void *)what);
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
screen_drawer_z_drawer(json_t *d)
{
	char		f[32], e[32], n[32], o[32], t[32];
	const char	*term;

	term = json_string_value(json_object_get(d, "terminal"));
	screen_drawer_time(screen_drawer_int(d, "closed"), t, sizeof t);
	screen_drawer_z_add("  #%-4lld %-12.12s %5s %10s %10s %10s %9s",
	    (long long)screen_drawer_int(d, "id"), term != NULL ? term : "?",
	    t + 11, money_fmt(screen_drawer_int(d, "float"), f, sizeof f),
	    money_fmt(screen_drawer_int(d, "expected"), e, sizeof e),
	    money_fmt(screen_drawer_int(d, "counted"), n, sizeof n),
	    money_fmt(screen_drawer_int(d, "over_short"), o, sizeof o));
}

/* Totals of sales as one line: "sales N  total X  cash X  card X ...". */
static void
screen_drawer_z_totals(const char *name, json_t *r)
{
	char	t[32], ca[32], cd[32], v[32];

	screen_drawer_z_add("  %-14.14s %5lld %11s %10s %10s %4lld %9s", name,
	    (long long)screen_drawer_int(r, "sales"),
	    money_fmt(screen_drawer_int(r, "total"), t, sizeof t),
	    money_fmt(screen_drawer_int(r, "cash"), ca, sizeof ca),
	    money_fmt(screen_drawer_int(r, "card"), cd, sizeof cd),
	    (long long)screen_drawer_int(r, "voids"),
	    money_fmt(screen_drawer_int(r, "voided"), v, sizeof v));
	if (screen_drawer_int(r, "refunds") != 0) {
		screen_drawer_z_add("  %-14s %5lld refunds: cash %s, card %s",
		    "", (long long)screen_drawer_int(r, "refunds"),
		    money_fmt(screen_drawer_int(r, "refunds_cash"), ca,
		    sizeof ca), money_fmt(screen_drawer_int(r,
		    "refunds_card"), cd, sizeof cd));
	}
}

static void
screen_drawer_z_done(json_t *result, const char *code, const char *message,
    __unused void *arg)
{
	json_t		*regs, *r, *drawers, *d;
	const char	*name, *date;
	size_t		 i;

	screen_drawer_busy = 0;
	ui_screen_dirty();
	if (result == NULL) {
		screen_drawer_set_mode(DRAWER_VIEW);
		screen_request_error(code, message);
		return;
	}
	screen_drawer_z_free();
	date = json_string_value(json_object_get(result, "date"));
	screen_drawer_z_add("Z report for %s", date != NULL ? date : "?");
	screen_drawer_z_add("%s", "");
	screen_drawer_z_add("  %-14s %5s %11s %10s %10s %4s %9s", "Register",
	    "Sales", "Total", "Cash", "Card", "Void", "Voided");
	regs = json_object_get(result, "registers");
	json_object_foreach(regs, name, r)
		screen_drawer_z_totals(name, r);
	screen_drawer_z_totals("STORE", json_object_get(result, "store"));
	screen_drawer_z_add("%s", "");
	drawers = json_object_get(result, "drawers");
	if (json_array_size(drawers) == 0)
		screen_drawer_z_add("No drawer was closed that day");
	else {
		screen_drawer_z_add("Drawers closed that day:");
		screen_drawer_z_add("  %-5s %-12s %5s %10s %10s %10s %9s",
		    "No.", "Register", "At", "Float", "Expected", "Counted",
		    "Over/sh.");
		json_array_foreach(drawers, i, d)
			screen_drawer_z_drawer(d);
	}
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
	client_request("report.z", json_pack("{s:s}", "date", s),
	    screen_drawer_z_done, DRAWER_ME);
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
		screen_drawer_send("drawer.open", json_pack("{s:I}", "float",
		    (json_int_t)v), "open");
		break;
	case DRAWER_DROP:
		if ((v = screen_drawer_amount(0)) < 0)
			return;
		screen_drawer_drop = v;
		screen_drawer_set_mode(DRAWER_NOTE);
		ui_status_set(UI_INFO, "A note for the drop (who took it, "
		    "the bag number), or Enter for none");
		break;
	case DRAWER_NOTE:
		note = ui_input_text(&screen_drawer_in);
		screen_drawer_send("drawer.drop", json_pack("{s:I, s:s}",
		    "amount", (json_int_t)screen_drawer_drop, "note", note),
		    "drop");
		break;
	case DRAWER_COUNT:
		if ((v = screen_drawer_amount(1)) < 0)
			return;
		screen_drawer_send("drawer.close", json_pack("{s:I}",
		    "counted", (json_int_t)v), "close");
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
		screen_drawer_report();
		return;
	case UI_KEY_F(5):
		screen_drawer_set_mode(DRAWER_COUNT);
		ui_status_set(UI_INFO, "Count the drawer and type what is in "
		    "it");
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
	if (ui_input_key(&screen_drawer_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
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
	json_t	*d = screen_drawer_info;
	char	 t[32], s[160], a[32];
	int	 y = r->y + 2, open = screen_drawer_is_open();
	int64_t	 os;

	screen_drawer_time(screen_drawer_int(d, open ? "opened" : "closed"),
	    t, sizeof t);
	snprintf(s, sizeof s, "Drawer %lld: %s %s", (long long)
	    screen_drawer_int(d, "id"), open ? "OPEN since" : "CLOSED at", t);
	ui_draw_str(y, 2, r->w - 4, UI_TOTAL, s);
	y += 2;
	screen_drawer_figure(y++, "Float", screen_drawer_int(d, "float"),
	    UI_NORMAL);
	screen_drawer_figure(y++, "Cash from sales", screen_drawer_int(d,
	    "cash"), UI_NORMAL);
	screen_drawer_figure(y++, "Cash refunds", -screen_drawer_int(
	    json_object_get(d, "refunds"), "cash"), UI_NORMAL);
	screen_drawer_figure(y++, "Drops to the safe", -screen_drawer_int(d,
	    "drops"), UI_NORMAL);
	ui_draw_hline(y++, 30, 14, UI_DIM);
	screen_drawer_figure(y++, "Expected in the drawer",
	    screen_drawer_int(d, "expected"), UI_TOTAL);
	y++;
	snprintf(s, sizeof s, "Sales: %lld, total %s", (long long)
	    screen_drawer_int(d, "sales"), money_fmt(screen_drawer_int(d,
	    "total"), a, sizeof a));
	ui_draw_str(y++, 4, r->w - 8, UI_NORMAL, s);
	snprintf(s, sizeof s, "Card: %s", money_fmt(screen_drawer_int(d,
	    "card"), a, sizeof a));
	ui_draw_str(y++, 4, r->w - 8, UI_NORMAL, s);
	snprintf(s, sizeof s, "Refunds: %lld, to cards %s", (long long)
	    screen_drawer_int(json_object_get(d, "refunds"), "count"),
	    money_fmt(screen_drawer_int(json_object_get(d, "refunds"),
	    "card"), a, sizeof a));
	ui_draw_str(y++, 4, r->w - 8, UI_NORMAL, s);
	snprintf(s, sizeof s, "Voids: %lld, voided %s", (long long)
	    screen_drawer_int(d, "voids"), money_fmt(screen_drawer_int(d,
	    "voided"), a, sizeof a));
	ui_draw_str(y++, 4, r->w - 8, UI_NORMAL, s);
	if (open)
		return;
	y++;
	screen_drawer_figure(y++, "Counted", screen_drawer_int(d, "counted"),
	    UI_NORMAL);
	os = screen_drawer_int(d, "over_short");
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
