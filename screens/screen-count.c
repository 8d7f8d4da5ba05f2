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

#include "client.h"
#include "client-op.h"

/*
 * Stock counts (^K on the stock console): F2 starts a cycle count of a
 * location or a category, or a full count of all stock, blind unless the
 * counter says otherwise (count.start); F4 opens a count by its number.
 * Each package found is scanned (or its tag typed) and what was found is
 * typed in its units, or grams for a product sold by weight (the package
 * is read first to know which: package.get), then count.record; while a
 * blind count is open the screen shows what was counted, never what was
 * expected. F8 finishes it (count.finish), for a manager: with "y" every
 * variance of a counted package becomes an adjustment; the variance report
 * is then shown. F5 reads the report again; Esc goes back.
 */

enum screen_count_mode {
	COUNT_IDLE,		/* no count open on the screen */
	COUNT_SCAN,		/* a count shown: scan a tag */
	COUNT_PROMPT,		/* typing an answer */
	COUNT_WAIT,		/* a request is out */
};

typedef void	(*screen_count_cb)(const char *);

static void	screen_count_enter(void *);
static void	screen_count_leave(void);
static void	screen_count_key(int, int64_t);
static void	screen_count_draw(const struct ui_rect *);

const struct screen_entry screen_count_entry = {
	.name = "count",
	.enter = screen_count_enter,
	.leave = screen_count_leave,
	.key = screen_count_key,
	.draw = screen_count_draw,
};

#define COUNT_ME	((void *)&screen_count_entry)

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static const struct ui_fkey screen_count_keys[] = {
	{ "Scan/type", "Tag" },
	{ "F2", "New" },
	{ "F4", "Open" },
	{ "F5", "Report" },
	{ "F8", "Finish" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_count_prompt_keys[] = {
	{ "Enter", "OK" },
	{ "Esc", "Cancel" },
};

static enum screen_count_mode	 screen_count_mode;
static struct client_op_count	 screen_count_c;	/* id 0: none */
static struct ui_input		 screen_count_in;
static struct ui_list		 screen_count_list;
static char			 screen_count_prompt[160];
static screen_count_cb		 screen_count_done;
static char			 screen_count_where[64];	/* for F2 */
static char			 screen_count_tag[TAG_LEN + 1];
static int			 screen_count_weighed;

static void	screen_count_load(void);

static void
screen_count_ask(const char *prompt, const char *text, screen_count_cb done)
{
	snprintf(screen_count_prompt, sizeof screen_count_prompt, "%s",
	    prompt);
	ui_input_init(&screen_count_in, 64, 0);
	if (text != NULL)
		ui_input_set(&screen_count_in, text, 0);
	screen_count_done = done;
	screen_count_mode = COUNT_PROMPT;
	ui_screen_dirty();	/* from a reply, too */
}

static void
screen_count_idle(void)
{
	ui_input_init(&screen_count_in, 64, 0);
	screen_count_mode = screen_count_c.id != 0 ? COUNT_SCAN : COUNT_IDLE;
	ui_screen_dirty();
}

/* A figure in the package's units, or grams for mg. */
static const char *
screen_count_qty(int64_t v, char *out, size_t len)
{
	snprintf(out, len, "%lld", (long long)v);
	return (out);
}

static void
screen_count_line(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	const struct client_op_count_line	*l;
	char					 a[32], b[32], v[32];

	if (idx >= screen_count_c.n)
		return;
	l = &screen_count_c.lines[idx];
	if (!l->recorded) {
		*c = UI_DIM;
		snprintf(out, len, " %-24s #%-5lld not counted%s%s", l->tag,
		    (long long)l->product, l->has_expected ? "   expected " : "",
		    l->has_expected ? screen_count_qty(l->expected, b,
		    sizeof b) : "");
		return;
	}
	if (!l->has_expected) {
		snprintf(out, len, " %-24s #%-5lld counted %s", l->tag,
		    (long long)l->product, screen_count_qty(l->counted, a,
		    sizeof a));
		return;
	}
	if (l->variance != 0)
		*c = UI_WARN;
	snprintf(out, len, " %-24s #%-5lld counted %-8s expected %-8s "
	    "variance %s%s", l->tag, (long long)l->product,
	    screen_count_qty(l->counted, a, sizeof a),
	    screen_count_qty(l->expected, b, sizeof b),
	    l->variance > 0 ? "+" : "", screen_count_qty(l->variance, v,
	    sizeof v));
}

static void
screen_count_reported(const struct client_op_error *err,
    const struct client_op_count *c, __unused void *arg)
{
	screen_count_idle();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	client_op_count_free(&screen_count_c);
	screen_count_c = *c;
	if (c->n != 0) {
		screen_count_c.lines = xcalloc(c->n, sizeof *c->lines);
		memcpy(screen_count_c.lines, c->lines, c->n *
		    sizeof *c->lines);
	}
	ui_list_set_count(&screen_count_list, screen_count_c.n);
	screen_count_idle();
}

static void
screen_count_load(void)
{
	screen_count_mode = COUNT_WAIT;
	client_op_count_report(screen_count_c.id, screen_count_reported,
	    COUNT_ME);
}

static void
screen_count_started(const struct client_op_error *err,
    const struct client_op_count *c, __unused void *arg)
{
	screen_count_idle();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	client_op_count_free(&screen_count_c);
	screen_count_c.id = c->id;
	ui_status_set(UI_OK, "Count %lld started: %lld package%s to count%s",
	    (long long)c->id, (long long)c->packages, c->packages == 1 ? "" :
	    "s", c->blind ? " (blind)" : "");
	screen_count_load();
}

/* F2: where, then blind or not. */
static void
screen_count_got_blind(const char *text)
{
	const char	*loc = NULL, *cat = NULL;
	char		*sp;

	if (strcmp(text, "y") != 0 && strcmp(text, "n") != 0) {
		ui_status_set(UI_ERROR, "Type y (blind: the counter does not "
		    "see what is expected) or n");
		ui_screen_beep();
		return;
	}
	if (strncmp(screen_count_where, "category ", 9) == 0)
		cat = screen_count_where + 9;
	else if (strcmp(screen_count_where, "all") != 0)
		loc = screen_count_where;
	if ((sp = strchr(screen_count_where, ' ')) != NULL && cat == NULL)
		*sp = '\0';
	screen_count_mode = COUNT_WAIT;
	ui_status_set(UI_INFO, "Starting the count...");
	client_op_count_start(loc, cat, strcmp(text, "y") == 0,
	    screen_count_started, COUNT_ME);
}

static void
screen_count_got_where(const char *text)
{
	if (*text == '\0') {
		screen_count_idle();
		return;
	}
	snprintf(screen_count_where, sizeof screen_count_where, "%s", text);
	screen_count_ask("Blind count, expected figures hidden? (y/n):", "y",
	    screen_count_got_blind);
}

/* F4: a count by number. */
static void
screen_count_got_number(const char *text)
{
	const char	*errstr;
	long long	 n;

	n = util_strtonum(text, 1, INT64_MAX, &errstr);
	if (errstr != NULL) {
		ui_status_set(UI_ERROR, "Type the count's number, e.g. 3");
		ui_screen_beep();
		return;
	}
	client_op_count_free(&screen_count_c);
	screen_count_c.id = n;
	screen_count_load();
}

/* A tag: what was found of it. */
static void
screen_count_recorded(const struct client_op_error *err, __unused void *arg)
{
	screen_count_idle();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	ui_status_set(UI_OK, "Recorded %s", screen_count_tag);
	screen_count_load();
}

static void
screen_count_got_qty(const char *text)
{
	int64_t		 v;
	const char	*errstr;

	if (screen_count_weighed) {
		if (weight_parse(text, &v) != 0) {
			ui_status_set(UI_ERROR, "Type the grams found, e.g. "
			    "3.5 (0 if none)");
			ui_screen_beep();
			return;
		}
	} else {
		v = util_strtonum(text, 0, 1000000, &errstr);
		if (errstr != NULL) {
			ui_status_set(UI_ERROR, "Type the whole units found, "
			    "e.g. 12 (0 if none)");
			ui_screen_beep();
			return;
		}
	}
	screen_count_mode = COUNT_WAIT;
	client_op_count_record(screen_count_c.id, screen_count_tag, v,
	    screen_count_recorded, COUNT_ME);
}

static void
screen_count_pkg(const struct client_op_error *err,
    struct client_op_package *pk, __unused void *arg)
{
	char	prompt[160];

	screen_count_idle();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	screen_count_weighed = pk->weighed;
	snprintf(prompt, sizeof prompt, "Found of %.24s (%.30s), %s:",
	    pk->tag, pk->name, pk->weighed ? "grams" : "units");
	screen_count_ask(prompt, NULL, screen_count_got_qty);
}

static void
screen_count_tag_in(const char *text)
{
	size_t	i;

	for (i = 0; text[i] != '\0' && i < sizeof screen_count_tag - 1; i++)
		screen_count_tag[i] = toupper((u_char)text[i]);
	screen_count_tag[i] = '\0';
	screen_count_mode = COUNT_WAIT;
	client_op_package_get(screen_count_tag, screen_count_pkg, COUNT_ME);
}

/* F8: finish, with adjustments or not. */
static void
screen_count_finished(const struct client_op_error *err,
    const struct client_op_count *c, void *arg)
{
	screen_count_reported(err, c, arg);
	if (err->code != NULL)
		return;
	ui_status_set(UI_OK, "Count %lld finished: %lld variance%s, %lld "
	    "adjustment%s made", (long long)c->id, (long long)c->variances,
	    c->variances == 1 ? "" : "s", (long long)c->adjustments,
	    c->adjustments == 1 ? "" : "s");
}

static void
screen_count_got_finish(const char *text)
{
	if (strcmp(text, "y") != 0 && strcmp(text, "n") != 0) {
		ui_status_set(UI_ERROR, "Type y (adjust the stock to what was "
		    "counted) or n (finish, change nothing)");
		ui_screen_beep();
		return;
	}
	screen_count_mode = COUNT_WAIT;
	client_op_count_finish(screen_count_c.id, strcmp(text, "y") == 0,
	    screen_count_finished, COUNT_ME);
}

static void
screen_count_enter(__unused void *arg)
{
	memset(&screen_count_c, 0, sizeof screen_count_c);
	ui_list_init(&screen_count_list, screen_count_line, NULL);
	screen_count_idle();
	ui_status_set(UI_INFO, "Counts: F2 starts one, F4 opens one by its "
	    "number");
}

static void
screen_count_leave(void)
{
	client_op_count_free(&screen_count_c);
	ui_input_clear(&screen_count_in);
}

static void
screen_count_key(int key, __unused int64_t when)
{
	char	text[UI_INPUT_MAX];

	if (screen_count_mode == COUNT_WAIT)
		return;
	if (screen_count_mode == COUNT_PROMPT) {
		if (key == UI_KEY_ESCAPE) {
			screen_count_idle();
			ui_status_clear();
		} else if (key == UI_KEY_ENTER) {
			snprintf(text, sizeof text, "%s",
			    ui_input_text(&screen_count_in));
			screen_count_done(text);
		} else if (ui_input_key(&screen_count_in, key) ==
		    UI_INPUT_REFUSED)
			ui_screen_beep();
		return;
	}
	if (screen_common_key(key))
		return;
	switch (key) {
	case UI_KEY_ESCAPE:
		if (!ui_input_empty(&screen_count_in))
			ui_input_set(&screen_count_in, "", 0);
		else
			screen_go("inventory", NULL);
		return;
	case UI_KEY_F(2):
		screen_count_ask("Count where: floor, vault, express, "
		    "quarantine, category NAME, or all:", NULL,
		    screen_count_got_where);
		return;
	case UI_KEY_F(4):
		screen_count_ask("Count number:", NULL,
		    screen_count_got_number);
		return;
	case UI_KEY_F(5):
		if (screen_count_c.id != 0)
			screen_count_load();
		return;
	case UI_KEY_F(8):
		if (screen_count_c.id == 0 || screen_count_c.finished)
			return;
		screen_count_ask("Finish: adjust the stock to what was counted? "
		    "(y/n):", NULL, screen_count_got_finish);
		return;
	case UI_KEY_UP:
	case UI_KEY_DOWN:
	case UI_KEY_PPAGE:
	case UI_KEY_NPAGE:
		ui_list_key(&screen_count_list, key);
		return;
	case UI_KEY_ENTER:
		if (screen_count_mode == COUNT_SCAN &&
		    !ui_input_empty(&screen_count_in)) {
			snprintf(text, sizeof text, "%s",
			    ui_input_text(&screen_count_in));
			ui_input_set(&screen_count_in, "", 0);
			screen_count_tag_in(text);
		}
		return;
	}
	if (screen_count_mode == COUNT_SCAN &&
	    ui_input_key(&screen_count_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_count_draw(const struct ui_rect *r)
{
	const struct client_op_count	*c = &screen_count_c;
	struct ui_rect			 list;
	char				 v[48];
	int				 prompt = screen_count_mode ==
					    COUNT_PROMPT;

	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	if (c->id == 0)
		ui_draw_str(r->y, r->x + 1, r->w - 2, UI_HEADER, "Counts: "
		    "none open on this screen");
	else {
		v[0] = '\0';
		if (c->has_variances)
			snprintf(v, sizeof v, ", %lld variance%s",
			    (long long)c->variances, c->variances == 1 ? "" :
			    "s");
		ui_draw_text(r->y, r->x + 1, r->w - 2, UI_HEADER,
		    "Count %lld  %s%s%s  %s%s: %lld packages, %lld counted%s",
		    (long long)c->id, c->location[0] != '\0' ? c->location :
		    "", c->category[0] != '\0' ? " " : "", c->category,
		    c->finished ? "finished" : "open", c->blind ? " blind" :
		    "", (long long)c->packages, (long long)c->counted, v);
	}
	list.x = r->x;
	list.y = r->y + 1;
	list.w = r->w;
	list.h = r->h - 2;
	if (c->n != 0)
		ui_list_draw(&screen_count_list, &list);
	if (prompt || screen_count_mode == COUNT_SCAN)
		ui_input_draw(&screen_count_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, prompt ? screen_count_prompt : "Tag:", 1);
	if (prompt)
		ui_fkeys_draw(ui_screen_rows() - 1, screen_count_prompt_keys,
		    nitems(screen_count_prompt_keys));
	else
		ui_fkeys_draw(ui_screen_rows() - 1, screen_count_keys,
		    nitems(screen_count_keys));
}
