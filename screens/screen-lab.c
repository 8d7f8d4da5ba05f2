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

#include "client.h"
#include "client-op.h"

/*
 * A package's lab result, entered or corrected (^L on the stock console,
 * or on a received line at the intake station): the package as stashd
 * has it, whether the register may sell it and, if not, why and what to
 * do; then each field of the result in turn, the current value offered
 * (Enter keeps it), sent as package.lab. A result that passes lifts the
 * hold put on for the lab; the package is shown again as stashd now has
 * it. Esc goes back to the screen it came from.
 */

enum screen_lab_field {
	LAB_STATUS,
	LAB_THC,
	LAB_CBD,
	LAB_LAB,
	LAB_TESTED,
	LAB_EXPIRES,
	LAB_CERT,
	LAB_NFIELDS,
};

static void	screen_lab_enter(void *);
static void	screen_lab_leave(void);
static void	screen_lab_key(int, int64_t);
static void	screen_lab_notify(const struct client_op_event *);
static void	screen_lab_draw(const struct ui_rect *);

const struct screen_entry screen_lab_entry = {
	.name = "lab",
	.enter = screen_lab_enter,
	.leave = screen_lab_leave,
	.key = screen_lab_key,
	.draw = screen_lab_draw,
	.notify = screen_lab_notify,
};

#define LAB_ME	((void *)&screen_lab_entry)

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static const struct ui_fkey screen_lab_keys[] = {
	{ "Enter", "Next/keep" },
	{ "^L", "Enter again" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};

static const char *screen_lab_prompts[LAB_NFIELDS] = {
	"Result (pass or fail):",
	"THC % (e.g. 21.5):",
	"CBD % (e.g. 0.4):",
	"Testing lab (licence):",
	"Tested (YYYY-MM-DD):",
	"Result expires (YYYY-MM-DD):",
	"Certificate of analysis no.:",
};

static char			 screen_lab_tag[TAG_LEN + 1];
static char			 screen_lab_back[32];
static void			*screen_lab_back_arg;
static struct client_op_package	 screen_lab_pkg;	/* tag "": none yet */
static int			 screen_lab_busy;
static int			 screen_lab_saving;	/* package.lab out */
static int			 screen_lab_first;	/* the first read */
static int			 screen_lab_field;	/* -1: not asking */
static char			 screen_lab_val[LAB_NFIELDS][UI_INPUT_MAX];
static struct ui_input		 screen_lab_in;

static void	screen_lab_ask(int);

/* Per mille as "21.5", and back. */
static void
screen_lab_pm_str(int64_t pm, char *out, size_t len)
{
	snprintf(out, len, "%lld.%lld", (long long)pm / 10,
	    (long long)pm % 10);
}

static int
screen_lab_pm(const char *s, int64_t *pm)
{
	const char	*dot;
	int64_t		 v = 0;
	int		 frac = 0, n = 0;

	if (*s == '\0')
		return (-1);
	for (; *s != '\0' && *s != '.'; s++) {
		if (*s < '0' || *s > '9' || ++n > 4)
			return (-1);
		v = v * 10 + (*s - '0');
	}
	if (*s == '.') {
		dot = s + 1;
		if (dot[0] != '\0' && (dot[0] < '0' || dot[0] > '9'))
			return (-1);
		if (dot[0] != '\0') {
			frac = dot[0] - '0';
			if (dot[1] != '\0')
				return (-1);
		}
	}
	*pm = v * 10 + frac;
	return (*pm > 1000 ? -1 : 0);
}

/* YYYYMMDD as YYYY-MM-DD ("" for 0), and back (0 for ""). */
static void
screen_lab_date_str(int d, char *out, size_t len)
{
	if (d == 0)
		*out = '\0';
	else
		snprintf(out, len, "%04d-%02d-%02d", d / 10000, d / 100 % 100,
		    d % 100);
}

static int
screen_lab_date(const char *s, int *d)
{
	int	y, m, dd;
	char	extra;

	if (*s == '\0') {
		*d = 0;
		return (0);
	}
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &extra) != 3 ||
	    m < 1 || m > 12 || dd < 1 || dd > 31)
		return (-1);
	*d = y * 10000 + m * 100 + dd;
	return (0);
}

static int
screen_lab_today(void)
{
	struct tm	tm;
	time_t		t = time(NULL);

	localtime_r(&t, &tm);
	return ((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday);
}

/*
 * Whether the register may sell the package, and if not why and what to
 * do, in words for staff (the first reason that stops it). 1 if it may.
 */
int
screen_lab_gate(const struct client_op_package *p, char *out, size_t len)
{
	const struct client_op_lab	*lab = &p->lab;
	char				 d[16];
	int				 lab_hold;

	lab_hold = p->has_hold && strncmp(p->hold.reason, "lab: ", 5) == 0;
	if (strcmp(p->status, "quarantine") == 0 ||
	    strcmp(p->status, "finished") == 0) {
		snprintf(out, len, "Not for sale: it is %s%s", p->status,
		    strcmp(p->status, "finished") == 0 ? " (none left)" :
		    " (returned): a manager decides whether it is sold again");
		return (0);
	}
	if (strcmp(lab->status, "pass") != 0) {
		snprintf(out, len, "Not for sale: %s. %s",
		    strcmp(lab->status, "fail") == 0 ? "its lab test failed" :
		    "no lab result", strcmp(lab->status, "fail") == 0 ?
		    "If entered wrongly, correct it (^L)" :
		    "Enter the lab's certificate (^L)");
		return (0);
	}
	if (lab->expires != 0 && lab->expires < screen_lab_today()) {
		screen_lab_date_str(lab->expires, d, sizeof d);
		snprintf(out, len, "Not for sale: its lab result expired on "
		    "%s. Enter the new result (^L)", d);
		return (0);
	}
	if (lab_hold) {
		snprintf(out, len, "Not for sale: held for its lab result "
		    "(%s). Enter a passing result (^L)", p->hold.reason + 5);
		return (0);
	}
	if (p->has_hold) {
		snprintf(out, len, "Not for sale: %s (%s). A manager releases "
		    "it (F6 on the stock screen) once cleared", p->hold.recall ?
		    "recalled" : "on hold", p->hold.reason);
		return (0);
	}
	if (strcmp(p->location, "floor") != 0 &&
	    strcmp(p->location, "express") != 0) {
		snprintf(out, len, "Not for sale from the %s: move it to the "
		    "floor (F2 on the stock screen) to sell it", p->location);
		return (0);
	}
	snprintf(out, len, "For sale: the register may sell it");
	return (1);
}

/* The fields offered: the package's result as stashd has it. */
static void
screen_lab_fill(void)
{
	const struct client_op_lab	*lab = &screen_lab_pkg.lab;
	int				 none;

	none = strcmp(lab->status, "pass") != 0 &&
	    strcmp(lab->status, "fail") != 0;
	snprintf(screen_lab_val[LAB_STATUS], UI_INPUT_MAX, "%s", none ? "" :
	    lab->status);
	if (none) {
		screen_lab_val[LAB_THC][0] = screen_lab_val[LAB_CBD][0] = '\0';
	} else {
		screen_lab_pm_str(lab->thc, screen_lab_val[LAB_THC],
		    UI_INPUT_MAX);
		screen_lab_pm_str(lab->cbd, screen_lab_val[LAB_CBD],
		    UI_INPUT_MAX);
	}
	snprintf(screen_lab_val[LAB_LAB], UI_INPUT_MAX, "%s", lab->lab);
	screen_lab_date_str(lab->tested, screen_lab_val[LAB_TESTED],
	    UI_INPUT_MAX);
	screen_lab_date_str(lab->expires, screen_lab_val[LAB_EXPIRES],
	    UI_INPUT_MAX);
	snprintf(screen_lab_val[LAB_CERT], UI_INPUT_MAX, "%s", lab->cert);
}

static void
screen_lab_got(const struct client_op_error *err,
    struct client_op_package *pkg, __unused void *arg)
{
	char	gate[256];
	int	saved = screen_lab_saving;

	screen_lab_busy = screen_lab_saving = 0;
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		if (saved)
			screen_lab_ask(LAB_STATUS);
		return;
	}
	client_op_package_take(&screen_lab_pkg, pkg);
	screen_lab_fill();
	screen_lab_gate(&screen_lab_pkg, gate, sizeof gate);
	if (saved) {
		screen_lab_field = -1;
		ui_status_set(UI_OK, "Lab result saved for %s: %s",
		    screen_lab_pkg.tag, gate);
	} else if (screen_lab_first) {
		screen_lab_first = 0;
		screen_lab_ask(LAB_STATUS);
	}
}

static void
screen_lab_load(void)
{
	screen_lab_busy = 1;
	client_op_package_get(screen_lab_tag, screen_lab_got, LAB_ME);
}

static void
screen_lab_ask(int field)
{
	screen_lab_field = field;
	ui_input_init(&screen_lab_in, field == LAB_CERT ? 64 : 32,
	    field == LAB_THC || field == LAB_CBD ? UI_INPUT_DECIMAL : 0);
	ui_input_set(&screen_lab_in, screen_lab_val[field], 0);
	if (field == LAB_STATUS)
		ui_status_set(UI_INFO, "Enter the result from the lab's "
		    "certificate; Enter keeps what is shown");
}

static void
screen_lab_send(void)
{
	struct client_op_lab_req	req;

	memset(&req, 0, sizeof req);
	req.tag = screen_lab_pkg.tag;
	req.status = screen_lab_val[LAB_STATUS];
	if (screen_lab_pm(screen_lab_val[LAB_THC], &req.thc) != 0 ||
	    screen_lab_pm(screen_lab_val[LAB_CBD], &req.cbd) != 0)
		fatalx("%s: checked fields", __func__);
	req.lab = screen_lab_val[LAB_LAB];
	if (screen_lab_date(screen_lab_val[LAB_TESTED], &req.tested) != 0 ||
	    screen_lab_date(screen_lab_val[LAB_EXPIRES], &req.expires) != 0)
		fatalx("%s: checked dates", __func__);
	req.cert = screen_lab_val[LAB_CERT];
	screen_lab_busy = screen_lab_saving = 1;
	screen_lab_field = -1;
	ui_status_set(UI_INFO, "Saving the lab result...");
	client_op_package_lab(&req, screen_lab_got, LAB_ME);
}

/* A field typed: checked here so a typo is named at once. */
static void
screen_lab_next(const char *text)
{
	int64_t	pm;
	int	d, f = screen_lab_field;

	switch (f) {
	case LAB_STATUS:
		if (strcmp(text, "pass") != 0 && strcmp(text, "fail") != 0) {
			ui_status_set(UI_ERROR, "Type pass or fail, as the "
			    "certificate says");
			ui_screen_beep();
			return;
		}
		break;
	case LAB_THC:
	case LAB_CBD:
		if (screen_lab_pm(text, &pm) != 0) {
			ui_status_set(UI_ERROR, "Type a percentage from 0 to "
			    "100 with at most one decimal, e.g. 21.5");
			ui_screen_beep();
			return;
		}
		break;
	case LAB_TESTED:
	case LAB_EXPIRES:
		if (screen_lab_date(text, &d) != 0) {
			ui_status_set(UI_ERROR, "Type the date as YYYY-MM-DD, "
			    "e.g. 2026-03-01 (or leave it empty)");
			ui_screen_beep();
			return;
		}
		break;
	}
	snprintf(screen_lab_val[f], UI_INPUT_MAX, "%s", text);
	ui_status_clear();
	if (f + 1 < LAB_NFIELDS)
		screen_lab_ask(f + 1);
	else
		screen_lab_send();
}

static void
screen_lab_enter(void *arg)
{
	const struct screen_lab_arg	*a = arg;

	memset(&screen_lab_pkg, 0, sizeof screen_lab_pkg);
	screen_lab_busy = screen_lab_saving = 0;
	screen_lab_first = 1;
	snprintf(screen_lab_tag, sizeof screen_lab_tag, "%s", a->tag);
	snprintf(screen_lab_back, sizeof screen_lab_back, "%s", a->back);
	screen_lab_back_arg = a->back_arg;
	screen_lab_field = -1;
	ui_input_init(&screen_lab_in, 32, 0);
	ui_status_set(UI_INFO, "Reading package %s...", screen_lab_tag);
	screen_lab_load();
}

static void
screen_lab_leave(void)
{
	client_op_package_free(&screen_lab_pkg);
	ui_input_clear(&screen_lab_in);
}

static void
screen_lab_key(int key, __unused int64_t when)
{
	char	text[UI_INPUT_MAX];

	if (screen_common_key(key))
		return;
	if (key == UI_KEY_ESCAPE) {
		if (screen_lab_field > LAB_STATUS) {
			screen_lab_ask(screen_lab_field - 1);
			return;
		}
		screen_go(screen_lab_back, screen_lab_back_arg);
		return;
	}
	if (screen_lab_busy)
		return;
	if (screen_lab_field == -1) {
		if (key == UI_KEY_CTRL('l') || key == UI_KEY_ENTER)
			screen_lab_ask(LAB_STATUS);
		return;
	}
	if (key == UI_KEY_ENTER) {
		snprintf(text, sizeof text, "%s", ui_input_text(&screen_lab_in));
		screen_lab_next(text);
		return;
	}
	if (ui_input_key(&screen_lab_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

/* A hold on the package set or lifted elsewhere: read it again. */
static void
screen_lab_notify(const struct client_op_event *ev)
{
	if (screen_lab_busy || screen_lab_pkg.tag[0] == '\0')
		return;
	if (ev->type == CLIENT_OP_EVENT_HOLD ||
	    ev->type == CLIENT_OP_EVENT_CONNECTION)
		screen_lab_load();
}

static void
screen_lab_draw(const struct ui_rect *r)
{
	const struct client_op_package	*p = &screen_lab_pkg;
	char				 gate[256], prompt[64];
	int				 y = r->y + 1, x = r->x + 2, w = r->w - 4;
	int				 i, ok;

	ui_draw_text(y++, x, w, UI_TOTAL, "Lab result of %s  %s",
	    screen_lab_tag, p->name);
	if (p->tag[0] == '\0') {
		ui_draw_str(y + 1, x, w, UI_DIM, "Reading the package...");
		return;
	}
	ui_draw_text(y++, x, w, strcmp(p->status, "active") == 0 ? UI_OK :
	    UI_WARN, "Status %s  at %s  batch %s", p->status, p->location,
	    p->batch);
	if (p->has_hold)
		ui_draw_text(y++, x, w, UI_ERROR, "%s %s %s: %s",
		    p->hold.recall ? "RECALL" : "HOLD", p->hold.scope,
		    p->hold.key, p->hold.reason);
	else
		ui_draw_str(y++, x, w, UI_DIM, "No hold");
	ok = screen_lab_gate(p, gate, sizeof gate);
	ui_draw_text(y++, x, w, ok ? UI_OK : UI_ERROR, "%s", gate);
	y++;
	for (i = 0; i < LAB_NFIELDS; i++) {
		snprintf(prompt, sizeof prompt, "%s", screen_lab_prompts[i]);
		if (i == screen_lab_field) {
			ui_input_draw(&screen_lab_in, y++, x, w, prompt, 1);
			continue;
		}
		ui_draw_text(y++, x, w, i < screen_lab_field ? UI_NORMAL :
		    UI_DIM, "%-30s %s", prompt, screen_lab_val[i]);
	}
	if (screen_lab_field == -1)
		ui_draw_str(y + 1, x, w, UI_DIM, "^L or Enter: enter or correct "
		    "the result; Esc: back");
	ui_fkeys_draw(ui_screen_rows() - 1, screen_lab_keys,
	    nitems(screen_lab_keys));
}
