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
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "client-op.h"

/*
 * The manager's stock console (F1 on the register): a package by tag,
 * scanned or typed (package.get: where it is, how much, its lab result, a
 * hold over it, its history). On the package shown: F2 moves it
 * (package.move), F3 adjusts it with a reason (package.adjust; destruction
 * asks for a witness's staff ID and PIN), F4 holds or F5 recalls a
 * package, batch, product or supplier (hold.set), F6 releases a hold
 * (hold.release), F7 traces a batch, product or supplier (trace), F8
 * prints a shelf label. F9 opens receiving, F11 lists low stock and
 * F12 what is expiring. The lower half is a scrolling list of whichever
 * was asked last.
 *
 * Waste of a product sold by weight at a terminal with a scale: the
 * adjustment's weight is the scale's settled (STABLE) reading, taken off
 * with Enter on an empty change, as the register takes a weighed line;
 * motion is never taken. A typed weight is still possible. Either way the
 * note sent with package.adjust starts with where the weight came from
 * ("scale 1.250 g" or "typed weight"), so the adjustment record says it.
 */

enum screen_inventory_mode {
	INVENTORY_TAG,		/* a tag to show */
	INVENTORY_PROMPT,	/* answering a question */
	INVENTORY_WAIT,		/* a request is out */
};

typedef void	(*screen_inventory_cb)(const char *);

struct screen_inventory_row {
	char		*text;
	enum ui_colour	 colour;
};

static void	screen_inventory_enter(void *);
static void	screen_inventory_leave(void);
static void	screen_inventory_key(int, int64_t);
static void	screen_inventory_notify(const struct client_op_event *);
static void	screen_inventory_draw(const struct ui_rect *);

const struct screen_entry screen_inventory_entry = {
	.name = "inventory",
	.enter = screen_inventory_enter,
	.leave = screen_inventory_leave,
	.key = screen_inventory_key,
	.notify = screen_inventory_notify,
	.draw = screen_inventory_draw,
};
#define INVENTORY_ME	((void *)&screen_inventory_entry)

static const struct ui_fkey screen_inventory_keys[] = {
	{ "F2", "Move" },
	{ "F3", "Adj" },
	{ "F4", "Hold" },
	{ "F5", "Rcl" },
	{ "F6", "Rel" },
	{ "F7", "Trace" },
	{ "F8", "Label" },
	{ "F9", "Recv" },
	{ "F11", "Low" },
	{ "F12", "Exp" },
};
/* What each key needs; a key the session may not use is not offered. */
static const uint32_t screen_inventory_key_perms[] = {
	PERM_INV_RECEIVE, PERM_INV_ADJUST, PERM_INV_ADJUST, PERM_INV_ADJUST,
	PERM_INV_ADJUST, 0, 0, PERM_INV_RECEIVE, 0, 0
};
static const struct ui_fkey screen_inventory_prompt_keys[] = {
	{ "Enter", "OK" },
	{ "Esc", "Cancel" },
};
#define nitems(a) (sizeof (a) / sizeof (a)[0])

#define INVENTORY_PANE	7	/* rows of package details */

static enum screen_inventory_mode screen_inventory_mode;
static struct ui_input		 screen_inventory_in;
static struct client_wedge	 screen_inventory_wedge;
static struct ui_list		 screen_inventory_list;
static struct client_op_package	 screen_inventory_pkg;	/* tag "": none */
static char			 screen_inventory_title[128];
static struct screen_inventory_row *screen_inventory_rows;
static u_int			 screen_inventory_nrows;
static char			 screen_inventory_prompt[160];
static screen_inventory_cb	 screen_inventory_done;

/* What an adjustment or hold is being built from. */
static int64_t			 screen_inventory_delta;
static char			 screen_inventory_reason[32];
static int64_t			 screen_inventory_witness;
static char			 screen_inventory_pin[32];
static char			 screen_inventory_scope[16];
static char			 screen_inventory_skey[64];
static int			 screen_inventory_recall;
static char			 screen_inventory_why[129];	/* hold reason */
static int			 screen_inventory_weighing;	/* scale on */
static char			 screen_inventory_source[48];	/* of weight */

static void	screen_inventory_show(const char *);

static void
screen_inventory_clear_rows(void)
{
	u_int	i;

	for (i = 0; i < screen_inventory_nrows; i++)
		free(screen_inventory_rows[i].text);
	free(screen_inventory_rows);
	screen_inventory_rows = NULL;
	screen_inventory_nrows = 0;
	ui_list_init(&screen_inventory_list, NULL, NULL);
}

static void printflike(2, 3)
screen_inventory_row(enum ui_colour c, const char *fmt, ...)
{
	struct screen_inventory_row	*r;
	va_list				 ap;

	screen_inventory_rows = xreallocarray(screen_inventory_rows,
	    screen_inventory_nrows + 1, sizeof *screen_inventory_rows);
	r = &screen_inventory_rows[screen_inventory_nrows++];
	va_start(ap, fmt);
	if (vasprintf(&r->text, fmt, ap) == -1)
		fatal("%s", __func__);
	va_end(ap);
	r->colour = c;
}

static void
screen_inventory_line(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	if (idx >= screen_inventory_nrows) {
		*out = '\0';
		return;
	}
	snprintf(out, len, "%s", screen_inventory_rows[idx].text);
	*c = screen_inventory_rows[idx].colour;
}

/* Rows are ready: show them, first selected. */
static void
screen_inventory_rows_done(const char *fmt, ...)
{
	va_list	ap;
	u_int	n = screen_inventory_nrows;

	va_start(ap, fmt);
	vsnprintf(screen_inventory_title, sizeof screen_inventory_title, fmt,
	    ap);
	va_end(ap);
	ui_list_init(&screen_inventory_list, screen_inventory_line, NULL);
	ui_list_set_count(&screen_inventory_list, n);
	ui_screen_dirty();
}

static char *
screen_inventory_qty(int weighed, int64_t v, char *out, size_t len)
{
	if (weighed)
		return (weight_fmt(v, out, len));
	snprintf(out, len, "%lld", (long long)v);
	return (out);
}

static char *
screen_inventory_date(int64_t d, char *out, size_t len)
{
	if (d <= 0)
		snprintf(out, len, "-");
	else
		snprintf(out, len, "%04lld-%02lld-%02lld", (long long)d / 10000,
		    (long long)(d / 100) % 100, (long long)d % 100);
	return (out);
}

/* Is a package shown? */
static int
screen_inventory_package(void)
{
	return (screen_inventory_pkg.tag[0] != '\0');
}

/* Is the package shown sold by weight (its figures in mg)? */
static int
screen_inventory_weighed(void)
{
	return (screen_inventory_pkg.weighed);
}

static void
screen_inventory_set_mode(enum screen_inventory_mode mode)
{
	screen_inventory_mode = mode;
	ui_screen_dirty();
}

static void
screen_inventory_ask(const char *prompt, const char *text, int flags,
    screen_inventory_cb done)
{
	snprintf(screen_inventory_prompt, sizeof screen_inventory_prompt,
	    "%s", prompt);
	ui_input_init(&screen_inventory_in, 100, flags);
	if (text != NULL)
		ui_input_set(&screen_inventory_in, text, 0);
	screen_inventory_done = done;
	screen_inventory_set_mode(INVENTORY_PROMPT);
}

static void
screen_inventory_reset_input(void)
{
	screen_inventory_weighing = 0;
	ui_input_init(&screen_inventory_in, 64, 0);
	screen_inventory_set_mode(INVENTORY_TAG);
}

/* The package's history as the list. */
static void
screen_inventory_history(void)
{
	const struct client_op_adjust	*h;
	int				 weighed = screen_inventory_weighed();
	char				 when[32], d[32], after[32];
	u_int				 i;
	int64_t				 delta;

	screen_inventory_clear_rows();
	for (i = 0; i < screen_inventory_pkg.nhistory; i++) {
		h = &screen_inventory_pkg.history[i];
		client_session_time_str(h->time, when, sizeof when);
		when[16] = '\0';
		delta = h->delta;
		screen_inventory_qty(weighed, delta < 0 ? -delta : delta, d,
		    sizeof d);
		screen_inventory_qty(weighed, h->qty_after, after,
		    sizeof after);
		if (h->move)
			screen_inventory_row(UI_NORMAL, " %s  move  %s -> %s  "
			    "staff %lld", when, h->from, h->to,
			    (long long)h->staff);
		else
			screen_inventory_row(delta < 0 ? UI_WARN : UI_NORMAL,
			    " %s  %c%-10s  left %-10s %-14s %s", when,
			    delta < 0 ? '-' : '+', d, after, h->reason,
			    h->note);
	}
	screen_inventory_rows_done("History of %s (%u)",
	    screen_inventory_pkg.tag, screen_inventory_nrows);
}

static void
screen_inventory_get_done(const struct client_op_error *err,
    struct client_op_package *pk, __unused void *arg)
{
	screen_inventory_reset_input();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	client_op_package_take(&screen_inventory_pkg, pk);
	screen_inventory_history();
	if (screen_inventory_pkg.has_hold)
		ui_status_set(UI_WARN, "%s is held: it cannot be sold",
		    screen_inventory_pkg.tag);
	else
		ui_status_clear();
}

static void
screen_inventory_show(const char *tag)
{
	char	t[64];
	size_t	i;

	for (i = 0; tag[i] != '\0' && i < sizeof t - 1; i++)
		t[i] = toupper((u_char)tag[i]);
	t[i] = '\0';
	screen_inventory_set_mode(INVENTORY_WAIT);
	ui_status_set(UI_INFO, "Looking up %s...", t);
	client_op_package_get(t, screen_inventory_get_done, INVENTORY_ME);
}

/* A move or adjustment answered with the package: show it again. */
static void
screen_inventory_pkg_done(const struct client_op_error *err,
    struct client_op_package *pk, __unused void *arg)
{
	screen_inventory_reset_input();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	screen_inventory_show(pk->tag);
	ui_status_set(UI_OK, "Done: %s now has %s", pk->tag, pk->location);
}

static int
screen_inventory_need_package(void)
{
	if (!screen_inventory_package()) {
		ui_status_set(UI_ERROR, "Scan or type a package tag first");
		ui_screen_beep();
		return (0);
	}
	return (1);
}

static int
screen_inventory_need_manager(void)
{
	if (!(client_session.perms & PERM_INV_ADJUST)) {
		ui_status_set(UI_ERROR, "Only a manager can do that: log out "
		    "(F10) and let a manager log in");
		ui_screen_beep();
		return (0);
	}
	return (1);
}

/* F2: move. */
static void
screen_inventory_got_move(const char *text)
{
	if (*text == '\0') {
		screen_inventory_reset_input();
		return;
	}
	screen_inventory_set_mode(INVENTORY_WAIT);
	client_op_package_move(screen_inventory_pkg.tag, text,
	    screen_inventory_pkg_done, INVENTORY_ME);
}

/* F3: adjust, in steps: the change, the reason, a witness, a note. */
static void
screen_inventory_send_adjust(const char *note)
{
	struct client_op_adjust_req	req;
	char				full[160];

	memset(&req, 0, sizeof req);
	req.tag = screen_inventory_pkg.tag;
	req.delta = screen_inventory_delta;
	req.reason = screen_inventory_reason;
	if (*screen_inventory_source != '\0') {
		/* The server keeps 128 bytes of note. */
		snprintf(full, sizeof full, "%s%s%.100s",
		    screen_inventory_source, *note != '\0' ? "; " : "", note);
		req.note = full;
	} else
		req.note = note;
	/* Where a weight came from, kept with the adjustment. */
	if (strncmp(screen_inventory_source, "scale ", 6) == 0)
		req.weight = CLIENT_OP_WEIGHT_SCALE;
	else if (screen_inventory_weighed())
		req.weight = CLIENT_OP_WEIGHT_TYPED;
	if (screen_inventory_witness != 0) {
		req.witness = screen_inventory_witness;
		req.pin = screen_inventory_pin;
	}
	screen_inventory_set_mode(INVENTORY_WAIT);
	ui_status_set(UI_INFO, "Adjusting...");
	client_op_package_adjust(&req, screen_inventory_pkg_done, INVENTORY_ME);
	explicit_bzero(screen_inventory_pin, sizeof screen_inventory_pin);
}

static void
screen_inventory_got_note(const char *text)
{
	screen_inventory_send_adjust(text);
}

static void
screen_inventory_got_pin(const char *text)
{
	snprintf(screen_inventory_pin, sizeof screen_inventory_pin, "%s",
	    text);
	screen_inventory_ask("Note:", NULL, 0, screen_inventory_got_note);
}

static void
screen_inventory_got_witness(const char *text)
{
	const char	*errstr;

	screen_inventory_witness = util_strtonum(text, 1, INT32_MAX, &errstr);
	if (errstr != NULL) {
		ui_status_set(UI_ERROR, "Type the witness's staff ID (another "
		    "staff member)");
		ui_screen_beep();
		screen_inventory_set_mode(INVENTORY_PROMPT);
		return;
	}
	screen_inventory_ask("Witness PIN:", NULL, UI_INPUT_DIGITS |
	    UI_INPUT_MASKED, screen_inventory_got_pin);
}

static void
screen_inventory_got_reason(const char *text)
{
	static const char *reasons[] = { "damage", "expired", "destruction",
	    "theft", "loss", "scale-variance", "entry-error", "count",
	    "quality-control" };
	size_t	i;

	for (i = 0; i < nitems(reasons); i++) {
		if (strcmp(text, reasons[i]) == 0)
			break;
	}
	if (i == nitems(reasons)) {
		ui_status_set(UI_ERROR, "Reasons: damage expired destruction "
		    "theft loss scale-variance entry-error count "
		    "quality-control");
		ui_screen_beep();
		screen_inventory_set_mode(INVENTORY_PROMPT);
		return;
	}
	snprintf(screen_inventory_reason, sizeof screen_inventory_reason, "%s",
	    text);
	screen_inventory_witness = 0;
	if (strcmp(text, "destruction") == 0) {
		ui_status_set(UI_WARN, "Destruction needs a witness: another "
		    "staff member types their ID and PIN");
		screen_inventory_ask("Witness staff ID:", NULL,
		    UI_INPUT_DIGITS, screen_inventory_got_witness);
		return;
	}
	screen_inventory_ask("Note:", NULL, 0, screen_inventory_got_note);
}

/* Enter on an empty change with a scale: its settled weight, taken off. */
static int
screen_inventory_weigh(int64_t *v)
{
	char	text[64], q[32];
	int	st;

	st = client_dev_scale(v, text, sizeof text);
	if (st != CLIENT_DEV_STABLE || *v <= 0) {
		ui_status_set(UI_ERROR, "Not taken: the scale shows %s%s; wait "
		    "for STABLE or type the change", text, st ==
		    CLIENT_DEV_MOTION && strcmp(text, "moving") != 0 ?
		    " (settling)" : "");
		ui_screen_beep();
		return (-1);
	}
	snprintf(screen_inventory_source, sizeof screen_inventory_source,
	    "scale %s", weight_fmt(*v, q, sizeof q));
	return (0);
}

static void
screen_inventory_got_delta(const char *text)
{
	int64_t	 v;
	int	 neg = 0, scale;
	const char *errstr, *p = text;

	scale = screen_inventory_weighing;
	*screen_inventory_source = '\0';
	if (scale && *text == '\0') {
		if (screen_inventory_weigh(&v) != 0) {
			screen_inventory_set_mode(INVENTORY_PROMPT);
			return;
		}
		screen_inventory_weighing = 0;
		screen_inventory_delta = -v;
		ui_status_set(UI_OK, "Taking off %s: damage expired "
		    "destruction theft loss scale-variance entry-error count "
		    "quality-control", screen_inventory_source + 6);
		screen_inventory_ask("Reason:", NULL, 0,
		    screen_inventory_got_reason);
		return;
	}
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (screen_inventory_weighed()) {
		if (weight_parse(p, &v) != 0)
			v = -1;
	} else {
		v = util_strtonum(p, 0, 100000000, &errstr);
		if (errstr != NULL)
			v = -1;
	}
	if (v <= 0) {
		ui_status_set(UI_ERROR, "Type the change, e.g. -2 (or -1.5 "
		    "grams); + adds for a count or an entry error");
		ui_screen_beep();
		screen_inventory_set_mode(INVENTORY_PROMPT);
		return;
	}
	screen_inventory_delta = neg ? -v : v;
	screen_inventory_weighing = 0;
	if (scale) {
		/* A scale is here but the weight was typed: say so. */
		strlcpy(screen_inventory_source, "typed weight",
		    sizeof screen_inventory_source);
		ui_status_set(UI_WARN, "Typed weight, marked typed in the "
		    "record: damage expired destruction theft loss "
		    "scale-variance entry-error count quality-control");
	} else
		ui_status_set(UI_INFO, "damage expired destruction theft loss "
		    "scale-variance entry-error count quality-control");
	screen_inventory_ask("Reason:", NULL, 0, screen_inventory_got_reason);
}

/* F3: the change, from the scale for a weighed package when there is one. */
static void
screen_inventory_adjust(void)
{
	int	weight;

	if (!screen_inventory_need_package() ||
	    !screen_inventory_need_manager())
		return;
	weight = screen_inventory_weighed();
	*screen_inventory_source = '\0';
	if (weight && client_dev_has(CLIENT_DEV_SCALE)) {
		screen_inventory_ask("Change in grams, e.g. -1.5 (Enter: the "
		    "scale's weight off):", NULL, 0,
		    screen_inventory_got_delta);
		screen_inventory_weighing = 1;
		ui_status_set(UI_INFO, "Put the waste on the scale: Enter "
		    "takes its weight off once STABLE");
		return;
	}
	screen_inventory_ask(weight ? "Change in grams (e.g. -1.5):" :
	    "Change in units (e.g. -2):", NULL, 0,
	    screen_inventory_got_delta);
}

/* "scope key" as typed. */
static int
screen_inventory_scope_key(const char *text)
{
	static const char	*scopes[] = { "package", "batch", "product",
				    "supplier" };
	const char		*sp;
	size_t			 i, n;

	if ((sp = strchr(text, ' ')) == NULL || sp[1] == '\0')
		goto bad;
	n = sp - text;
	for (i = 0; i < nitems(scopes); i++) {
		if (strlen(scopes[i]) == n && strncmp(text, scopes[i], n) == 0)
			break;
	}
	if (i == nitems(scopes))
		goto bad;
	snprintf(screen_inventory_scope, sizeof screen_inventory_scope, "%s",
	    scopes[i]);
	snprintf(screen_inventory_skey, sizeof screen_inventory_skey, "%s",
	    sp + 1);
	return (0);
bad:
	ui_status_set(UI_ERROR, "Type a scope and a key: package TAG, batch "
	    "BATCH, product NAME or SKU, supplier LICENCE");
	ui_screen_beep();
	screen_inventory_set_mode(INVENTORY_PROMPT);
	return (-1);
}

static void
screen_inventory_hold_done(const struct client_op_error *err,
    __unused void *arg)
{
	screen_inventory_reset_input();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	if (screen_inventory_package())
		screen_inventory_show(screen_inventory_pkg.tag);
	ui_status_set(UI_OK, "%s %s %s: done", screen_inventory_scope,
	    screen_inventory_skey, screen_inventory_recall == 2 ? "released" :
	    screen_inventory_recall ? "recalled" : "held");
}

static void	screen_inventory_send_hold(void);

static void
screen_inventory_got_confirm(const char *text)
{
	if (strcmp(text, "y") != 0 && strcmp(text, "yes") != 0) {
		screen_inventory_reset_input();
		ui_status_set(UI_INFO, "Not recalled");
		return;
	}
	screen_inventory_send_hold();
}

/* What the recall will hold, to confirm. */
static void
screen_inventory_preview_done(const struct client_op_error *err,
    const struct client_op_hold_preview *p, __unused void *arg)
{
	char	what[96], name[80], g[32];

	screen_inventory_reset_input();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	/* The key as stashd keeps it: a product by its number. */
	snprintf(screen_inventory_skey, sizeof screen_inventory_skey, "%s",
	    p->key);
	if (p->has_product)
		snprintf(name, sizeof name, "%.20s %.30s", p->sku, p->name);
	else
		snprintf(name, sizeof name, "%.15s %.40s", p->scope, p->key);
	weight_fmt(p->mg, g, sizeof g);
	if (p->units != 0 && p->mg != 0)
		snprintf(what, sizeof what, "%lld units and %s",
		    (long long)p->units, g);
	else if (p->mg != 0)
		snprintf(what, sizeof what, "%s", g);
	else
		snprintf(what, sizeof what, "%lld unit%s", (long long)p->units,
		    p->units == 1 ? "" : "s");
	ui_status_set(UI_WARN, "Recall %s: holds %lld package%s, %s", name,
	    (long long)p->packages, p->packages == 1 ? "" : "s", what);
	screen_inventory_ask("Recall? Every register stops selling it "
	    "(y/n):", NULL, 0, screen_inventory_got_confirm);
}

static void
screen_inventory_got_hold_reason(const char *text)
{
	if (*text == '\0') {
		ui_status_set(UI_ERROR, "Type the reason (it is audited and "
		    "shown at every register)");
		ui_screen_beep();
		screen_inventory_set_mode(INVENTORY_PROMPT);
		return;
	}
	snprintf(screen_inventory_why, sizeof screen_inventory_why, "%s",
	    text);
	/* A recall asks first, saying how much it will hold. */
	if (screen_inventory_recall == 1) {
		screen_inventory_set_mode(INVENTORY_WAIT);
		client_op_hold_preview(screen_inventory_scope,
		    screen_inventory_skey, screen_inventory_preview_done,
		    INVENTORY_ME);
		return;
	}
	screen_inventory_send_hold();
}

static void
screen_inventory_send_hold(void)
{
	struct client_op_hold_req	req;

	req.scope = screen_inventory_scope;
	req.key = screen_inventory_skey;
	req.reason = screen_inventory_why;
	req.recall = screen_inventory_recall == 1;
	screen_inventory_set_mode(INVENTORY_WAIT);
	if (screen_inventory_recall == 2)
		client_op_hold_release(&req, screen_inventory_hold_done,
		    INVENTORY_ME);
	else
		client_op_hold_set(&req, screen_inventory_hold_done,
		    INVENTORY_ME);
}

static void
screen_inventory_got_scope(const char *text)
{
	if (screen_inventory_scope_key(text) != 0)
		return;
	screen_inventory_ask("Reason:", NULL, 0,
	    screen_inventory_got_hold_reason);
}

/* F4, F5, F6: hold, recall (1), release (2), starting from the package. */
static void
screen_inventory_hold(int how)
{
	const struct client_op_package	*pkg = &screen_inventory_pkg;
	char				 text[128];

	if (!screen_inventory_need_manager())
		return;
	screen_inventory_recall = how;
	if (how == 2 && pkg->has_hold)
		snprintf(text, sizeof text, "%.15s %.40s", pkg->hold.scope,
		    pkg->hold.key);
	else if (screen_inventory_package())
		snprintf(text, sizeof text, "batch %.40s", pkg->batch);
	else
		snprintf(text, sizeof text, "batch ");
	screen_inventory_ask(how == 2 ? "Release (scope key):" : how ?
	    "Recall (scope key):" : "Hold (scope key):", text, 0,
	    screen_inventory_got_scope);
	ui_status_set(UI_INFO, "Scope: package TAG, batch BATCH, product "
	    "NAME or SKU, supplier LICENCE");
}

/* F7: trace. */
static void
screen_inventory_trace_done(const struct client_op_error *err,
    const struct client_op_trace *t, __unused void *arg)
{
	const struct client_op_package		*p;
	const struct client_op_trace_sale	*s;
	char					 q[32], r[32], sold[32];
	char					 when[32];
	u_int					 i, j;

	screen_inventory_reset_input();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	screen_inventory_clear_rows();
	for (i = 0; i < t->npackages; i++) {
		p = &t->packages[i];
		screen_inventory_row(strcmp(p->status, "active") == 0 ?
		    UI_NORMAL : UI_WARN,
		    " %-24s %-10.10s %-8s left %s of %s, sold %s", p->tag,
		    p->location, p->status, screen_inventory_qty(p->weighed,
		    p->qty, q, sizeof q), screen_inventory_qty(p->weighed,
		    p->received_qty, r, sizeof r), screen_inventory_qty(
		    p->weighed, p->sold, sold, sizeof sold));
		for (j = 0; j < p->nsales; j++) {
			s = &p->sales[j];
			client_session_time_str(s->time, when, sizeof when);
			when[16] = '\0';
			screen_inventory_row(s->void_ ? UI_VOID : UI_DIM,
			    "    sale #%-7lld %s  %-12.12s %10s  %s",
			    (long long)s->sale, when, s->terminal,
			    screen_inventory_qty(p->weighed, s->qty, q,
			    sizeof q), s->void_ ? "void" : "complete");
		}
	}
	screen_inventory_rows_done("Trace %s %s: %u package%s, received %lld, "
	    "on hand %lld, sold %lld%s", t->scope, t->key, t->npackages,
	    t->npackages == 1 ? "" : "s", (long long)t->received,
	    (long long)t->on_hand, (long long)t->sold, t->truncated ?
	    " (truncated)" : "");
	ui_status_set(UI_OK, "Traced %s %s", t->scope, t->key);
}

static void
screen_inventory_got_trace(const char *text)
{
	if (screen_inventory_scope_key(text) != 0)
		return;
	screen_inventory_set_mode(INVENTORY_WAIT);
	ui_status_set(UI_INFO, "Tracing %s %s...", screen_inventory_scope,
	    screen_inventory_skey);
	client_op_inventory_trace(screen_inventory_scope, screen_inventory_skey,
	    screen_inventory_trace_done, INVENTORY_ME);
}

static void
screen_inventory_trace(void)
{
	char	text[128];

	if (screen_inventory_package())
		snprintf(text, sizeof text, "batch %s",
		    screen_inventory_pkg.batch);
	else
		snprintf(text, sizeof text, "batch ");
	screen_inventory_ask("Trace (scope key):", text, 0,
	    screen_inventory_got_trace);
	ui_status_set(UI_INFO, "Scope: package TAG, batch BATCH, product "
	    "NAME or SKU, supplier LICENCE");
}

/* ^L: the package's lab result, entered or corrected. */
static void
screen_inventory_lab(void)
{
	static char		tag[TAG_LEN + 1];	/* shown on return */
	struct screen_lab_arg	a;

	if (!screen_inventory_need_package() ||
	    !screen_inventory_need_manager())
		return;
	snprintf(tag, sizeof tag, "%s", screen_inventory_pkg.tag);
	a.tag = tag;
	a.back = "inventory";
	a.back_arg = tag;
	screen_go("lab", &a);
}

/* F8: a shelf label on the label printer, or the receipt printer. */
static void
screen_inventory_label(void)
{
	const struct client_op_package	*pkg = &screen_inventory_pkg;
	char				 q[32], *cause;

	if (!screen_inventory_need_package())
		return;
	screen_inventory_qty(pkg->weighed, pkg->qty, q, sizeof q);
	if (client_dev_label(pkg->tag, pkg->name, pkg->batch, q,
	    &cause) != 0) {
		ui_status_set(UI_ERROR, "No label: %s", cause);
		free(cause);
		ui_screen_beep();
		return;
	}
	ui_status_set(UI_OK, "Label for %s sent to %s", pkg->tag,
	    client_dev_label_where());
}

/*
 * A list stashd answered in pages: the screen shows the first, and says
 * where the rest is.
 */
static const char *
screen_inventory_more(int more, const char *what)
{
	static char	text[80];

	if (!more)
		return ("");
	snprintf(text, sizeof text, " (first page: stashctl inventory %s "
	    "lists all)", what);
	return (text);
}

/* F11, F12: low stock and expiring packages. */
static void
screen_inventory_low_done(const struct client_op_error *err,
    const struct client_op_low *l, __unused void *arg)
{
	const struct client_op_low_row	*p;
	char				 a[32], b[32], c[32];
	u_int				 i;

	screen_inventory_reset_input();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	screen_inventory_clear_rows();
	for (i = 0; i < l->n; i++) {
		p = &l->list[i];
		screen_inventory_row(UI_WARN, " %-14.14s %-24.24s on hand %-10s "
		    "reorder %-10s short %s", p->sku, p->name,
		    screen_inventory_qty(p->weighed, p->sellable, a, sizeof a),
		    screen_inventory_qty(p->weighed, p->reorder, b, sizeof b),
		    screen_inventory_qty(p->weighed, p->shortfall, c,
		    sizeof c));
	}
	screen_inventory_rows_done("Low stock: %u product%s under the reorder "
	    "point%s", screen_inventory_nrows, screen_inventory_nrows == 1 ?
	    "" : "s", screen_inventory_more(l->more, "low"));
	ui_status_clear();
}

static void
screen_inventory_expiring_done(const struct client_op_error *err,
    const struct client_op_expiring *e, __unused void *arg)
{
	const struct client_op_expiring_row	*p;
	char					 q[32], x[32], l[32];
	u_int					 i;

	screen_inventory_reset_input();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	screen_inventory_clear_rows();
	for (i = 0; i < e->n; i++) {
		p = &e->list[i];
		screen_inventory_row(p->expired ? UI_ERROR : UI_WARN,
		    " %-24s %-16.16s %9s %-8.8s exp %s lab %s%s", p->tag,
		    p->name, screen_inventory_qty(p->weighed, p->qty, q,
		    sizeof q), p->location, screen_inventory_date(p->expires,
		    x, sizeof x), screen_inventory_date(p->lab_expires, l,
		    sizeof l), p->expired ? " EXPIRED" : "");
	}
	screen_inventory_rows_done("Expiring within %lld days: %u package%s%s",
	    (long long)e->days, screen_inventory_nrows,
	    screen_inventory_nrows == 1 ? "" : "s",
	    screen_inventory_more(e->more, "expiring"));
	ui_status_clear();
}

/* arg: a tag to show at once (back from the lab screen), or NULL. */
static void
screen_inventory_enter(void *arg)
{
	screen_inventory_clear_rows();
	snprintf(screen_inventory_title, sizeof screen_inventory_title,
	    "Scan or type a package tag");
	client_wedge_reset(&screen_inventory_wedge);
	client_dev_on_scan(screen_inventory_show);
	screen_inventory_reset_input();
	ui_status_set(UI_INFO, "Stock: scan or type a package tag; F7 "
	    "trace, ^L lab result");
	if (arg != NULL)
		screen_inventory_show(arg);
}

static void
screen_inventory_leave(void)
{
	client_dev_on_scan(NULL);
	screen_inventory_clear_rows();
	client_op_package_free(&screen_inventory_pkg);
	ui_input_clear(&screen_inventory_in);
	explicit_bzero(screen_inventory_pin, sizeof screen_inventory_pin);
}

static void
screen_inventory_key(int key, int64_t when)
{
	char	code[WEDGE_MAX], text[UI_INPUT_MAX];

	if (screen_inventory_mode == INVENTORY_WAIT)
		return;
	if (screen_inventory_mode == INVENTORY_PROMPT) {
		if (key == UI_KEY_ESCAPE) {
			explicit_bzero(screen_inventory_pin,
			    sizeof screen_inventory_pin);
			screen_inventory_reset_input();
			ui_status_clear();
		} else if (key == UI_KEY_ENTER) {
			snprintf(text, sizeof text, "%s",
			    ui_input_text(&screen_inventory_in));
			ui_input_clear(&screen_inventory_in);
			screen_inventory_done(text);
			explicit_bzero(text, sizeof text);
		} else if (ui_input_key(&screen_inventory_in, key) ==
		    UI_INPUT_REFUSED)
			ui_screen_beep();
		return;
	}
	if (client_wedge_key(&screen_inventory_wedge, key, when))
		ui_input_mark(&screen_inventory_in);
	if (key == UI_KEY_ENTER && client_wedge_enter(&screen_inventory_wedge,
	    when, code, sizeof code)) {
		ui_input_restore(&screen_inventory_in);
		screen_inventory_show(code);
		return;
	}
	if (screen_common_key(key))
		return;
	switch (key) {
	case UI_KEY_ENTER:
		if (!ui_input_empty(&screen_inventory_in)) {
			snprintf(text, sizeof text, "%s",
			    ui_input_text(&screen_inventory_in));
			ui_input_set(&screen_inventory_in, "", 0);
			screen_inventory_show(text);
		}
		return;
	case UI_KEY_ESCAPE:
		if (!ui_input_empty(&screen_inventory_in))
			ui_input_set(&screen_inventory_in, "", 0);
		else
			screen_go("register", NULL);
		return;
	case UI_KEY_UP:
	case UI_KEY_DOWN:
	case UI_KEY_PPAGE:
	case UI_KEY_NPAGE:
		ui_list_key(&screen_inventory_list, key);
		return;
	case UI_KEY_F(2):
		if (screen_inventory_need_package())
			screen_inventory_ask("Move to (floor, vault, express, "
			    "quarantine, vehicle:NAME):", NULL, 0,
			    screen_inventory_got_move);
		return;
	case UI_KEY_F(3):
		screen_inventory_adjust();
		return;
	case UI_KEY_F(4):
		screen_inventory_hold(0);
		return;
	case UI_KEY_F(5):
		screen_inventory_hold(1);
		return;
	case UI_KEY_F(6):
		screen_inventory_hold(2);
		return;
	case UI_KEY_F(7):
		screen_inventory_trace();
		return;
	case UI_KEY_F(8):
		screen_inventory_label();
		return;
	case UI_KEY_F(9):
		screen_go("intake", (void *)"inventory");
		return;
	case UI_KEY_CTRL('l'):	/* the F-keys are all taken */
		screen_inventory_lab();
		return;
	case UI_KEY_CTRL('p'):
		screen_go("catalog", NULL);
		return;
	case UI_KEY_CTRL('t'):
		screen_go("staff", NULL);
		return;
	case UI_KEY_CTRL('k'):
		screen_go("count", NULL);
		return;
	case UI_KEY_CTRL('g'):
		screen_go("pack", (void *)"inventory");
		return;
	case UI_KEY_CTRL('d'):
		screen_go("dispatch", NULL);
		return;
	case UI_KEY_CTRL('b'):
		screen_go("dashboard", NULL);
		return;
	case UI_KEY_CTRL('e'):
		screen_go("reports", NULL);
		return;
	case UI_KEY_CTRL('n'):
		screen_go("inspect", NULL);
		return;
	case UI_KEY_F(11):
		screen_inventory_set_mode(INVENTORY_WAIT);
		client_op_inventory_low(screen_inventory_low_done,
		    INVENTORY_ME);
		return;
	case UI_KEY_F(12):
		screen_inventory_set_mode(INVENTORY_WAIT);
		client_op_inventory_expiring(30,
		    screen_inventory_expiring_done, INVENTORY_ME);
		return;
	}
	if (ui_input_key(&screen_inventory_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_inventory_notify(const struct client_op_event *ev)
{
	if (!screen_inventory_package() ||
	    screen_inventory_mode != INVENTORY_TAG)
		return;
	if (ev->type == CLIENT_OP_EVENT_HOLD ||
	    ev->type == CLIENT_OP_EVENT_CONNECTION)
		screen_inventory_show(screen_inventory_pkg.tag);
}

static void
screen_inventory_draw_package(const struct ui_rect *r)
{
	const struct client_op_package	*p = &screen_inventory_pkg;
	const struct client_op_lab	*lab = &p->lab;
	char				 q[32], rq[32], d1[16], d2[16], d3[16];
	char				 gate[256];
	int				 y = r->y, x = r->x + 1, w = r->w - 2;

	if (!screen_inventory_package()) {
		ui_draw_str(y + 1, x, w, UI_DIM, "No package shown: scan a "
		    "tag, or type one and press Enter.");
		ui_draw_str(y + 3, x, w, UI_DIM, "^L lab result  ^P products  "
		    "^T staff  ^K counts");
		return;
	}
	ui_draw_text(y++, x, w, UI_TOTAL, "%s  %s (%s)", p->tag, p->name,
	    p->sku);
	ui_draw_text(y++, x, w, strcmp(p->status, "active") == 0 ? UI_OK :
	    UI_WARN, "Status %s  at %s  qty %s of %s received", p->status,
	    p->location, screen_inventory_qty(p->weighed, p->qty, q, sizeof q),
	    screen_inventory_qty(p->weighed, p->received_qty, rq, sizeof rq));
	ui_draw_text(y++, x, w, UI_NORMAL, "Batch %s  supplier %s  "
	    "expires %s", p->batch, p->supplier, screen_inventory_date(
	    p->expires, d1, sizeof d1));
	ui_draw_text(y++, x, w, strcmp(lab->status, "pass") == 0 ? UI_NORMAL :
	    UI_WARN, "Lab %s THC %lld.%lld%% CBD %lld.%lld%% %s tested %s "
	    "to %s", lab->status, (long long)lab->thc / 10,
	    (long long)lab->thc % 10, (long long)lab->cbd / 10,
	    (long long)lab->cbd % 10, lab->lab, screen_inventory_date(
	    lab->tested, d2, sizeof d2), screen_inventory_date(lab->expires,
	    d3, sizeof d3));
	if (p->has_hold)
		ui_draw_text(y++, x, w, UI_ERROR, "%s %s %s: %s",
		    p->hold.recall ? "RECALL" : "HOLD", p->hold.scope,
		    p->hold.key, p->hold.reason);
	else
		ui_draw_str(y++, x, w, UI_DIM, "No hold");
	/* Why the register will not sell it, and what to do. */
	if (!screen_lab_gate(p, gate, sizeof gate))
		ui_draw_text(y, x, w, UI_ERROR, "%s", gate);
}

/* The scale's reading while its weight may be taken. */
static void
screen_inventory_draw_scale(int y, const struct ui_rect *r)
{
	char	text[64];
	int64_t	mg;
	int	st;

	st = client_dev_scale(&mg, text, sizeof text);
	ui_draw_fill(y, r->x, r->w, UI_NORMAL);
	ui_draw_text(y, r->x + 1, r->w - 2, st == CLIENT_DEV_STABLE ? UI_OK :
	    UI_WARN, "Scale: %s%s", text, st == CLIENT_DEV_STABLE ?
	    "  STABLE" : st == CLIENT_DEV_MOTION && strcmp(text, "moving") !=
	    0 ? "  (settling)" : "");
}

/*
 * The key bar: only the keys this session's permissions allow, read at
 * each draw, so a role changed under a logged-in session (a "perms" event,
 * screen.c) takes the manager's keys away at once.
 */
static void
screen_inventory_draw_keys(void)
{
	struct ui_fkey	keys[nitems(screen_inventory_keys)];
	u_int		i, n = 0;

	for (i = 0; i < nitems(screen_inventory_keys); i++) {
		if ((client_session.perms & screen_inventory_key_perms[i]) ==
		    screen_inventory_key_perms[i])
			keys[n++] = screen_inventory_keys[i];
	}
	ui_fkeys_draw(ui_screen_rows() - 1, keys, n);
}

static void
screen_inventory_draw(const struct ui_rect *r)
{
	struct ui_rect	 list;
	int		 prompt = screen_inventory_mode == INVENTORY_PROMPT;

	screen_inventory_draw_package(r);
	ui_draw_fill(r->y + INVENTORY_PANE - 1, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y + INVENTORY_PANE - 1, r->x + 1, r->w - 2, UI_HEADER,
	    screen_inventory_title);
	list.x = r->x;
	list.y = r->y + INVENTORY_PANE;
	list.w = r->w;
	list.h = r->h - INVENTORY_PANE - 1;
	if (screen_inventory_nrows != 0)
		ui_list_draw(&screen_inventory_list, &list);
	if (prompt && screen_inventory_weighing)
		screen_inventory_draw_scale(r->y + r->h - 2, r);
	ui_input_draw(&screen_inventory_in, r->y + r->h - 1, r->x + 1,
	    r->w - 2, prompt ? screen_inventory_prompt : "Tag:", 1);
	if (prompt)
		ui_fkeys_draw(ui_screen_rows() - 1, screen_inventory_prompt_keys,
		    nitems(screen_inventory_prompt_keys));
	else
		screen_inventory_draw_keys();
}
