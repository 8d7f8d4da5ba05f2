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
#include <stdlib.h>
#include <string.h>

#include "client-op.h"

/*
 * Receiving (stash --intake, or F1 then F9 from the register): the open
 * manifests (intake.list); Enter opens one and shows its lines (intake.get)
 * with what was shipped, what was received, the state and any discrepancy.
 *
 * A package tag, scanned (a keyboard-wedge or serial scanner) or typed,
 * asks for what arrived: a count, or for a product sold by weight the
 * scale's settled weight: taken at once when the scale is STABLE, else the
 * prompt shows the scale live and Enter on an empty line takes it once it
 * is STABLE (motion is never taken); grams may be typed instead, and the
 * status line says the weight was typed. A settled weight is not taken for
 * a second package until the scale's reading has changed since the last
 * one was taken (the last package is still on it). intake.scan records
 * it; a short, over, extra or wrong product line turns red at once. F7
 * prints a shelf label for the selected line (client_dev_label: the label
 * printer, else the receipt printer). A manager resolves the selected line
 * (F6: accept, reject, or accept part of it, with a note: intake.resolve);
 * F8 closes the manifest (intake.close), which stashd refuses, naming a
 * tag, while any line is unsettled.
 *
 * F2 on the list types a new manifest in (screen-manifest.c), which opens
 * here once stashd has created it.
 */

enum screen_intake_mode {
	INTAKE_LIST,		/* the open manifests */
	INTAKE_LINES,		/* one manifest's lines; scan a tag */
	INTAKE_PROMPT,		/* typing an answer (qty, note) */
	INTAKE_ACTION,		/* resolve: a, r or p */
	INTAKE_WAIT,		/* a request is out */
};

typedef void	(*screen_intake_cb)(const char *);

static void	screen_intake_enter(void *);
static void	screen_intake_leave(void);
static void	screen_intake_key(int, int64_t);
static void	screen_intake_notify(const struct client_op_event *);
static void	screen_intake_draw(const struct ui_rect *);

const struct screen_entry screen_intake_entry = {
	.name = "intake",
	.enter = screen_intake_enter,
	.leave = screen_intake_leave,
	.key = screen_intake_key,
	.notify = screen_intake_notify,
	.draw = screen_intake_draw,
};
#define INTAKE_ME	((void *)&screen_intake_entry)

static const struct ui_fkey screen_intake_list_keys[] = {
	{ "Enter", "Open" },
	{ "F2", "New" },
	{ "F5", "Refresh" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_intake_line_keys[] = {
	{ "Scan/type", "Tag" },
	{ "F5", "Refresh" },
	{ "F6", "Resolve" },
	{ "F7", "Label" },
	{ "F8", "Close" },
	{ "Esc", "Manifests" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_intake_prompt_keys[] = {
	{ "Enter", "OK" },
	{ "Esc", "Cancel" },
};
static const struct ui_fkey screen_intake_action_keys[] = {
	{ "a", "Accept" },
	{ "r", "Reject" },
	{ "p", "Partial" },
	{ "Esc", "Cancel" },
};
#define nitems(a) (sizeof (a) / sizeof (a)[0])

#define INTAKE_DISC_COL	67	/* where a line's discrepancy is drawn */

static enum screen_intake_mode	 screen_intake_mode;
static enum screen_intake_mode	 screen_intake_after;	/* after a prompt */
static const char		*screen_intake_back;	/* Esc from the list */
static struct ui_input		 screen_intake_in;
static struct client_wedge	 screen_intake_wedge;
static struct ui_list		 screen_intake_mlist;
static struct ui_list		 screen_intake_llist;
/* What is known of a product on the manifest (product.search). */
struct screen_intake_product {
	char		 sku[CLIENT_OP_SKU];
	char		 name[CLIENT_OP_NAME];
	int		 weighed;	/* sold by weight: figures in mg */
};

static struct client_op_manifest_list screen_intake_manifests;
static struct client_op_manifest screen_intake_manifest;	/* with lines */
static int			 screen_intake_shown;	/* a manifest is open */
static struct screen_intake_product *screen_intake_products;
static u_int			 screen_intake_nproducts;
static int			 screen_intake_learning;	/* entered */
static char			 screen_intake_number[64];	/* open one */
static int64_t			 screen_intake_held;	/* held at close */
static char			 screen_intake_prompt[160];
static screen_intake_cb		 screen_intake_done;
static int			 screen_intake_scans;	/* a scan interrupts */
static int			 screen_intake_quiet;	/* keep the status */
static int			 screen_intake_weighing;	/* show scale */
static struct client_dev_taken	 screen_intake_taken;	/* from the scale */
static char			 screen_intake_tag[64];		/* in hand */
static const char		*screen_intake_action;
static int64_t			 screen_intake_qty;
static char			 screen_intake_want[64];	/* to open */
static u_int			 screen_intake_created;	/* its packages */

static void	screen_intake_load(void);
static void	screen_intake_got_note(const char *);
static void	screen_intake_open(const char *);

/* The end of a tag, which tells the packages of a manifest apart. */
static const char *
screen_intake_short(const char *tag)
{
	size_t	len = strlen(tag);

	return (len > 10 ? tag + len - 10 : tag);
}

static struct client_op_intake_line *
screen_intake_line_by_tag(const char *tag, size_t *idx)
{
	int	i;

	i = client_op_intake_manifest_find(&screen_intake_manifest, tag);
	if (i == -1)
		return (NULL);
	if (idx != NULL)
		*idx = (size_t)i;
	return (&screen_intake_manifest.lines[i]);
}

/* The selected line, or NULL. */
static struct client_op_intake_line *
screen_intake_selected(void)
{
	if (screen_intake_llist.sel >= screen_intake_manifest.nlines)
		return (NULL);
	return (&screen_intake_manifest.lines[screen_intake_llist.sel]);
}

static struct screen_intake_product *
screen_intake_product_find(const char *sku)
{
	u_int	i;

	for (i = 0; i < screen_intake_nproducts; i++) {
		if (strcmp(screen_intake_products[i].sku, sku) == 0)
			return (&screen_intake_products[i]);
	}
	return (NULL);
}

/* The product of a line (the one found on it, if scanned with a SKU). */
static const struct screen_intake_product *
screen_intake_product(const struct client_op_intake_line *line)
{
	const char	*sku;

	if (line == NULL)
		return (NULL);
	sku = line->found_sku;
	if (*sku == '\0')
		sku = line->sku;
	return (screen_intake_product_find(sku));
}

static int
screen_intake_by_weight(const struct client_op_intake_line *line)
{
	const struct screen_intake_product	*p;

	p = screen_intake_product(line);
	return (p != NULL && p->weighed);
}

/* A line's quantity shipped, or received (received non-zero). */
static char *
screen_intake_qty_str(const struct client_op_intake_line *line, int received,
    char *out, size_t len)
{
	int	has = received ? line->has_received : line->has_shipped;
	int64_t	v = received ? line->received : line->shipped;

	if (!has)
		snprintf(out, len, "-");
	else if (screen_intake_by_weight(line))
		weight_fmt(v, out, len);
	else
		snprintf(out, len, "%lld", (long long)v);
	return (out);
}

static enum ui_colour
screen_intake_line_colour(const struct client_op_intake_line *line)
{
	const char	*state = line->state, *disc = line->discrepancy;

	if (*state == '\0' || *disc == '\0')
		return (UI_NORMAL);
	if (strcmp(state, "rejected") == 0)
		return (UI_DIM);
	if (strcmp(disc, "none") != 0)
		return (strcmp(state, "pending") == 0 ? UI_ERROR : UI_WARN);
	if (strcmp(state, "accepted") == 0)
		return (UI_OK);
	return (UI_NORMAL);
}

static void
screen_intake_mline(__unused void *arg, u_int idx, char *out, size_t len,
    __unused enum ui_colour *c)
{
	const struct client_op_manifest	*m;

	if (idx >= screen_intake_manifests.n) {
		*out = '\0';
		return;
	}
	m = &screen_intake_manifests.list[idx];
	snprintf(out, len, " %-20.20s %-20.20s %8lld %8lld %8lld",
	    m->manifest, m->supplier, (long long)m->packages,
	    (long long)m->pending, (long long)m->discrepancies);
	if (m->discrepancies != 0)
		*c = UI_WARN;
}

static void
screen_intake_lline(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	const struct client_op_intake_line	*line;
	const struct screen_intake_product	*p;
	const char				*name;
	char					 shipped[32], received[32];

	if (idx >= screen_intake_manifest.nlines) {
		*out = '\0';
		return;
	}
	line = &screen_intake_manifest.lines[idx];
	p = screen_intake_product(line);
	name = p != NULL ? p->name : line->sku;
	snprintf(out, len, "%-24.24s %-12.12s %9s %9s %-8.8s %s", line->tag,
	    name, screen_intake_qty_str(line, 0, shipped, sizeof shipped),
	    line->scanned ? screen_intake_qty_str(line, 1, received,
	    sizeof received) : "-", line->state, line->discrepancy);
	*c = screen_intake_line_colour(line);
}

static void
screen_intake_set_mode(enum screen_intake_mode mode)
{
	screen_intake_mode = mode;
	ui_screen_dirty();
}

/* Ask for a line of text; done gets it on Enter. */
static void
screen_intake_ask(const char *prompt, int flags, screen_intake_cb done)
{
	snprintf(screen_intake_prompt, sizeof screen_intake_prompt, "%s",
	    prompt);
	ui_input_init(&screen_intake_in, 100, flags);
	screen_intake_done = done;
	screen_intake_weighing = 0;
	screen_intake_scans = done != screen_intake_got_note;
	screen_intake_after = INTAKE_LINES;
	screen_intake_set_mode(INTAKE_PROMPT);
}

static void
screen_intake_products_done(const struct client_op_error *err,
    struct client_op_product_list *l, __unused void *arg)
{
	struct screen_intake_product	*p;
	u_int				 i;

	if (err->code != NULL || !screen_intake_learning)
		return;
	for (i = 0; i < l->n; i++) {
		if (l->list[i].sku == NULL)
			continue;
		if ((p = screen_intake_product_find(l->list[i].sku)) == NULL) {
			screen_intake_products = xreallocarray(
			    screen_intake_products, screen_intake_nproducts + 1,
			    sizeof *screen_intake_products);
			p = &screen_intake_products[screen_intake_nproducts++];
		}
		memset(p, 0, sizeof *p);
		strlcpy(p->sku, l->list[i].sku, sizeof p->sku);
		strlcpy(p->name, l->list[i].name != NULL ? l->list[i].name :
		    "", sizeof p->name);
		p->weighed = l->list[i].unit != NULL &&
		    strcmp(l->list[i].unit, "weight") == 0;
	}
	ui_screen_dirty();
}

/* Learn the names and units of the products on the manifest. */
static void
screen_intake_learn(void)
{
	const char	*sku, **seen = NULL;
	u_int		 i, j, nseen = 0;

	for (i = 0; i < screen_intake_manifest.nlines; i++) {
		sku = screen_intake_manifest.lines[i].sku;
		if (*sku == '\0' || screen_intake_product_find(sku) != NULL)
			continue;
		for (j = 0; j < nseen; j++) {
			if (strcmp(seen[j], sku) == 0)
				break;
		}
		if (j != nseen)
			continue;
		seen = xreallocarray(seen, nseen + 1, sizeof *seen);
		seen[nseen++] = sku;
		client_op_item_search(sku, 50, screen_intake_products_done,
		    INTAKE_ME);
	}
	free(seen);
}

static void
screen_intake_list_done(const struct client_op_error *err,
    struct client_op_manifest_list *l, __unused void *arg)
{
	u_int	n;

	if (screen_intake_mode == INTAKE_WAIT)
		screen_intake_set_mode(INTAKE_LIST);
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	client_op_intake_list_move(&screen_intake_manifests, l);
	n = screen_intake_manifests.n;
	ui_list_set_count(&screen_intake_mlist, n);
	if (screen_intake_quiet)
		screen_intake_quiet = 0;
	else if (n == 0)
		ui_status_set(UI_INFO, "No open manifests: F2 types one in, "
		    "or stashctl manifest import reads one");
	else
		ui_status_set(UI_INFO, "%u open manifest%s: choose one and "
		    "press Enter", n, n == 1 ? "" : "s");
}

static void
screen_intake_load(void)
{
	screen_intake_set_mode(INTAKE_WAIT);
	ui_status_set(UI_INFO, "Loading the open manifests...");
	client_op_intake_list(screen_intake_list_done, INTAKE_ME);
}

static void
screen_intake_get_done(const struct client_op_error *err,
    struct client_op_manifest *m, __unused void *arg)
{
	screen_intake_set_mode(INTAKE_LINES);
	if (err->code != NULL) {
		screen_intake_created = 0;
		screen_request_error(err->code, err->message);
		if (!screen_intake_shown)
			screen_intake_set_mode(INTAKE_LIST);
		return;
	}
	client_op_intake_manifest_move(&screen_intake_manifest, m);
	screen_intake_shown = 1;
	ui_list_set_count(&screen_intake_llist, screen_intake_manifest.nlines);
	screen_intake_learn();
	if (strcmp(screen_intake_manifest.status, "open") != 0 &&
	    screen_intake_held != 0)
		ui_status_set(UI_WARN, "Manifest %s closed: %lld on hold with "
		    "no passing lab result: select a line, ^L enters it",
		    screen_intake_number, (long long)screen_intake_held);
	else if (strcmp(screen_intake_manifest.status, "open") != 0)
		ui_status_set(UI_WARN, "Manifest %s is closed: ^L enters a "
		    "line's lab result", screen_intake_number);
	else if (screen_intake_created != 0)
		ui_status_set(UI_OK, "Manifest %s created with %u package%s: "
		    "scan each package tag", screen_intake_number,
		    screen_intake_created, screen_intake_created == 1 ? "" :
		    "s");
	else
		ui_status_set(UI_INFO, "Scan each package tag (or type it and "
		    "press Enter)");
	screen_intake_created = 0;
	screen_intake_held = 0;
}

static void
screen_intake_open(const char *number)
{
	snprintf(screen_intake_number, sizeof screen_intake_number, "%s",
	    number);
	client_wedge_reset(&screen_intake_wedge);
	ui_input_init(&screen_intake_in, 64, 0);
	screen_intake_set_mode(INTAKE_WAIT);
	ui_status_set(UI_INFO, "Opening manifest %s...", number);
	client_op_intake_get(number, screen_intake_get_done, INTAKE_ME);
}

/* A line came back from intake.scan or intake.resolve: put it in place. */
static void
screen_intake_update(const struct client_op_intake_line *in)
{
	const struct client_op_intake_line	*line;
	const char				*tag, *disc, *state;
	char					 shipped[32], received[32];
	u_int					 idx;

	if (*in->tag == '\0' || !screen_intake_shown)
		return;
	idx = client_op_intake_manifest_put(&screen_intake_manifest, in);
	ui_list_set_count(&screen_intake_llist, screen_intake_manifest.nlines);
	ui_list_select(&screen_intake_llist, idx);
	screen_intake_learn();

	line = &screen_intake_manifest.lines[idx];
	tag = line->tag;
	disc = line->discrepancy;
	state = line->state;
	screen_intake_qty_str(line, 0, shipped, sizeof shipped);
	screen_intake_qty_str(line, 1, received, sizeof received);
	if (*disc == '\0' || *state == '\0')
		return;
	if (strcmp(state, "pending") != 0)
		ui_status_set(UI_OK, "%s: %s%s%s", tag, state,
		    strcmp(disc, "none") != 0 ? " (" : "",
		    strcmp(disc, "none") != 0 ? disc : "");
	else if (strcmp(disc, "none") != 0) {
		ui_status_set(UI_ERROR, "%s %s: %s received, %s shipped -- "
		    "manager: F6", disc, tag, received, shipped);
		ui_screen_beep();
	} else
		ui_status_set(UI_OK, "%s received: %s", tag, received);
}

static void
screen_intake_line_done(const struct client_op_error *err,
    const struct client_op_intake_line *line, __unused void *arg)
{
	screen_intake_set_mode(INTAKE_LINES);
	ui_input_init(&screen_intake_in, 64, 0);
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	screen_intake_update(line);
}

/* What arrived; weight: CLIENT_OP_WEIGHT_NONE for a count. */
static void
screen_intake_send_scan(int64_t qty, int weight)
{
	struct client_op_intake_scan_req	req;

	memset(&req, 0, sizeof req);
	req.manifest = screen_intake_number;
	req.tag = screen_intake_tag;
	req.qty = qty;
	req.weight = weight;
	screen_intake_set_mode(INTAKE_WAIT);
	ui_status_set(UI_INFO, "Recording %s...", screen_intake_tag);
	client_op_intake_scan(&req, screen_intake_line_done, INTAKE_ME);
}

static void
screen_intake_got_count(const char *text)
{
	const char	*errstr;
	int64_t		 n;

	n = util_strtonum(text, 0, 100000000, &errstr);
	if (errstr != NULL) {
		ui_status_set(UI_ERROR, "Type how many units arrived, e.g. 10");
		ui_screen_beep();
		screen_intake_set_mode(INTAKE_PROMPT);
		return;
	}
	screen_intake_send_scan(n, CLIENT_OP_WEIGHT_NONE);
}

static void
screen_intake_got_grams(const char *text)
{
	char	w[64];
	int64_t	mg;
	int	st;

	if (*text == '\0') {
		st = client_dev_scale(&mg, w, sizeof w);
		if (st != CLIENT_DEV_STABLE) {
			ui_status_set(UI_ERROR, "Not taken: the scale shows "
			    "%s; wait for STABLE or type the grams", w);
			ui_screen_beep();
			screen_intake_set_mode(INTAKE_PROMPT);
			return;
		}
		if (client_dev_scale_stale(&screen_intake_taken)) {
			ui_status_set(UI_ERROR, "Not taken: the scale still "
			    "shows the last package (%s); put %s on it", w,
			    screen_intake_short(screen_intake_tag));
			ui_screen_beep();
			screen_intake_set_mode(INTAKE_PROMPT);
			return;
		}
		client_dev_scale_took(&screen_intake_taken);
		screen_intake_weighing = 0;
		screen_intake_send_scan(mg, CLIENT_OP_WEIGHT_SCALE);
		return;
	}
	if (weight_parse(text, &mg) != 0 || mg < 0) {
		ui_status_set(UI_ERROR, "Type the weight in grams, e.g. 100.5");
		ui_screen_beep();
		screen_intake_set_mode(INTAKE_PROMPT);
		return;
	}
	screen_intake_weighing = 0;
	screen_intake_send_scan(mg, CLIENT_OP_WEIGHT_TYPED);
	if (client_dev_has(CLIENT_DEV_SCALE))
		ui_status_set(UI_WARN, "Recording %s: typed weight, not the "
		    "scale's", screen_intake_tag);
}

/* A tag was scanned or typed: ask what arrived (or weigh it). */
static void
screen_intake_tag_in(const char *code)
{
	struct client_op_intake_line	*line;
	char				 prompt[160], shipped[32], w[64];
	int64_t	 mg;
	size_t	 idx, i;

	if (screen_intake_mode == INTAKE_LIST || !screen_intake_shown) {
		ui_status_set(UI_ERROR, "Open a manifest first (Enter on it), "
		    "then scan");
		ui_screen_beep();
		return;
	}
	if (screen_intake_mode == INTAKE_WAIT) {
		ui_status_set(UI_ERROR, "Wait for stashd, then scan %s again",
		    code);
		ui_screen_beep();
		return;
	}
	for (i = 0; code[i] != '\0' && i < sizeof screen_intake_tag - 1; i++)
		screen_intake_tag[i] = toupper((u_char)code[i]);
	screen_intake_tag[i] = '\0';

	line = screen_intake_line_by_tag(screen_intake_tag, &idx);
	if (line == NULL) {
		snprintf(prompt, sizeof prompt, "%s is NOT on the manifest "
		    "(extra): units:", screen_intake_tag);
		screen_intake_ask(prompt, UI_INPUT_DIGITS,
		    screen_intake_got_count);
		ui_status_set(UI_WARN, "%s is not on manifest %s: it will be "
		    "an extra line", screen_intake_tag, screen_intake_number);
		return;
	}
	ui_list_select(&screen_intake_llist, (u_int)idx);
	screen_intake_qty_str(line, 0, shipped, sizeof shipped);
	if (screen_intake_by_weight(line)) {
		if (client_dev_has(CLIENT_DEV_SCALE) &&
		    client_dev_scale(&mg, w, sizeof w) == CLIENT_DEV_STABLE &&
		    !client_dev_scale_stale(&screen_intake_taken)) {
			client_dev_scale_took(&screen_intake_taken);
			screen_intake_send_scan(mg, CLIENT_OP_WEIGHT_SCALE);
			return;
		}
		snprintf(prompt, sizeof prompt, "%s grams (shipped %s)%s:",
		    screen_intake_short(screen_intake_tag), shipped,
		    client_dev_has(CLIENT_DEV_SCALE) ? ", Enter: scale" : "");
		screen_intake_ask(prompt, UI_INPUT_DECIMAL,
		    screen_intake_got_grams);
		screen_intake_weighing = client_dev_has(CLIENT_DEV_SCALE);
	} else {
		snprintf(prompt, sizeof prompt, "%s units (shipped %s):",
		    screen_intake_short(screen_intake_tag), shipped);
		screen_intake_ask(prompt, UI_INPUT_DIGITS,
		    screen_intake_got_count);
	}
	if (screen_intake_weighing &&
	    client_dev_scale_stale(&screen_intake_taken))
		ui_status_set(UI_WARN, "The scale still shows the last "
		    "package: put %s on it, Enter takes it once STABLE",
		    screen_intake_short(screen_intake_tag));
	else if (screen_intake_weighing)
		ui_status_set(UI_INFO, "Put %s on the scale: Enter takes the "
		    "weight once STABLE", screen_intake_tag);
	else
		ui_status_set(UI_INFO, "Count what arrived in %s",
		    screen_intake_tag);
}

static void
screen_intake_dev_scan(const char *code)
{
	if (screen_intake_mode == INTAKE_PROMPT ||
	    screen_intake_mode == INTAKE_ACTION)
		screen_intake_set_mode(INTAKE_LINES);
	screen_intake_tag_in(code);
	ui_screen_dirty();
}

static void
screen_intake_got_note(const char *text)
{
	struct client_op_intake_resolve_req	req;

	if (*text == '\0') {
		ui_status_set(UI_ERROR, "Type a note saying why (for the "
		    "audit record)");
		ui_screen_beep();
		screen_intake_set_mode(INTAKE_PROMPT);
		return;
	}
	req.manifest = screen_intake_number;
	req.tag = screen_intake_tag;
	req.action = screen_intake_action;
	req.qty = screen_intake_qty;
	req.note = text;
	screen_intake_set_mode(INTAKE_WAIT);
	ui_status_set(UI_INFO, "Resolving %s...", screen_intake_tag);
	client_op_intake_resolve(&req, screen_intake_line_done, INTAKE_ME);
}

static void
screen_intake_got_partial(const char *text)
{
	struct client_op_intake_line	*line;
	const char			*errstr;
	int64_t				 q;

	line = screen_intake_line_by_tag(screen_intake_tag, NULL);
	if (screen_intake_by_weight(line)) {
		if (weight_parse(text, &q) != 0)
			q = -1;
	} else {
		q = util_strtonum(text, 0, 100000000, &errstr);
		if (errstr != NULL)
			q = -1;
	}
	if (q < 0) {
		ui_status_set(UI_ERROR, "Type how much to accept (%s)",
		    screen_intake_by_weight(line) ? "grams, e.g. 50" :
		    "units");
		ui_screen_beep();
		screen_intake_set_mode(INTAKE_PROMPT);
		return;
	}
	screen_intake_qty = q;
	screen_intake_ask("Note:", 0, screen_intake_got_note);
}

static void
screen_intake_resolve(void)
{
	const struct client_op_intake_line	*line;

	if (!(client_session.perms & PERM_INV_ADJUST)) {
		ui_status_set(UI_ERROR, "Only a manager can resolve a line: "
		    "log out (F10) and let a manager log in");
		ui_screen_beep();
		return;
	}
	if ((line = screen_intake_selected()) == NULL) {
		ui_status_set(UI_ERROR, "No line selected");
		return;
	}
	snprintf(screen_intake_tag, sizeof screen_intake_tag, "%s",
	    line->tag);
	screen_intake_set_mode(INTAKE_ACTION);
	ui_status_set(UI_WARN, "Resolve %s (%s): a accept, r reject, "
	    "p accept part", line->tag, line->discrepancy);
}

static void
screen_intake_action_key(int key)
{
	struct client_op_intake_line	*line;
	char				 prompt[128];

	switch (key) {
	case 'a':
	case 'A':
		screen_intake_action = "accept";
		break;
	case 'r':
	case 'R':
		screen_intake_action = "reject";
		break;
	case 'p':
	case 'P':
		screen_intake_action = "partial";
		line = screen_intake_line_by_tag(screen_intake_tag, NULL);
		snprintf(prompt, sizeof prompt, "Accept how much of %s (%s):",
		    screen_intake_short(screen_intake_tag), screen_intake_by_weight(line) ?
		    "grams" : "units");
		screen_intake_ask(prompt, screen_intake_by_weight(line) ?
		    UI_INPUT_DECIMAL : UI_INPUT_DIGITS,
		    screen_intake_got_partial);
		ui_status_clear();
		return;
	case UI_KEY_ESCAPE:
		screen_intake_set_mode(INTAKE_LINES);
		ui_status_clear();
		return;
	default:
		ui_screen_beep();
		return;
	}
	screen_intake_ask("Note:", 0, screen_intake_got_note);
	ui_status_clear();
}

/* F7: a shelf label for the selected line, with what was received. */
static void
screen_intake_label(void)
{
	const struct client_op_intake_line	*line;
	const struct screen_intake_product	*p;
	const char				*name;
	char					 q[32], *cause;

	if ((line = screen_intake_selected()) == NULL) {
		ui_status_set(UI_ERROR, "No line selected");
		return;
	}
	p = screen_intake_product(line);
	name = p != NULL ? p->name : line->sku;
	screen_intake_qty_str(line, line->scanned, q, sizeof q);
	if (client_dev_label(line->tag, name, line->batch, q, &cause) != 0) {
		ui_status_set(UI_ERROR, "No label: %s", cause);
		free(cause);
		ui_screen_beep();
		return;
	}
	ui_status_set(UI_OK, "Label for %s sent to %s", line->tag,
	    client_dev_label_where());
}

/*
 * ^L: the selected line's lab result, once its package is in stock (the
 * manifest closed); back to these lines after.
 */
static void
screen_intake_lab(void)
{
	static char			 tag[TAG_LEN + 1];
	const struct client_op_intake_line *line;
	struct screen_lab_arg		 a;

	if ((line = screen_intake_selected()) == NULL)
		return;
	if (strcmp(screen_intake_manifest.status, "closed") != 0) {
		ui_status_set(UI_ERROR, "Close the manifest first (F8): a lab "
		    "result is entered for a package in stock");
		ui_screen_beep();
		return;
	}
	snprintf(tag, sizeof tag, "%s", line->tag);
	snprintf(screen_intake_want, sizeof screen_intake_want, "%s",
	    screen_intake_number);
	a.tag = tag;
	a.back = "intake";
	a.back_arg = (void *)screen_intake_back;
	screen_go("lab", &a);
}

static void
screen_intake_close_done(const struct client_op_error *err,
    const struct client_op_intake_closed *c, __unused void *arg)
{
	char	number[sizeof screen_intake_number];

	screen_intake_set_mode(INTAKE_LINES);
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	client_op_intake_manifest_free(&screen_intake_manifest);
	screen_intake_shown = 0;
	/* Packages held for their lab result: keep the lines to enter it. */
	if (c->held != 0) {
		snprintf(number, sizeof number, "%s", screen_intake_number);
		screen_intake_held = c->held;
		screen_intake_open(number);
		return;
	}
	screen_intake_load();
	screen_intake_quiet = 1;
	ui_status_set(UI_OK, "Manifest %s closed: %lld package%s in the "
	    "vault, %lld on hold", screen_intake_number, (long long)c->created,
	    c->created == 1 ? "" : "s", (long long)c->held);
}

static void
screen_intake_close(void)
{
	screen_intake_set_mode(INTAKE_WAIT);
	ui_status_set(UI_INFO, "Closing manifest %s...", screen_intake_number);
	client_op_intake_close(screen_intake_number, screen_intake_close_done,
	    INTAKE_ME);
}

/* Open this manifest (just created, with n packages) on entering. */
void
screen_intake_show(const char *number, u_int n)
{
	snprintf(screen_intake_want, sizeof screen_intake_want, "%s", number);
	screen_intake_created = n;
}

static void
screen_intake_enter(void *arg)
{
	char	number[sizeof screen_intake_want];

	ui_list_init(&screen_intake_mlist, screen_intake_mline, NULL);
	ui_list_init(&screen_intake_llist, screen_intake_lline, NULL);
	ui_input_init(&screen_intake_in, 64, 0);
	client_wedge_reset(&screen_intake_wedge);
	client_dev_on_scan(screen_intake_dev_scan);
	screen_intake_back = arg != NULL ? arg : "register";
	screen_intake_learning = 1;
	if (screen_intake_want[0] != '\0') {
		snprintf(number, sizeof number, "%s", screen_intake_want);
		screen_intake_want[0] = '\0';
		screen_intake_open(number);
		return;
	}
	screen_intake_load();
}

static void
screen_intake_leave(void)
{
	client_dev_on_scan(NULL);
	client_op_intake_list_free(&screen_intake_manifests);
	client_op_intake_manifest_free(&screen_intake_manifest);
	screen_intake_shown = 0;
	free(screen_intake_products);
	screen_intake_products = NULL;
	screen_intake_nproducts = 0;
	screen_intake_learning = 0;
	ui_input_clear(&screen_intake_in);
}

static void
screen_intake_key(int key, int64_t when)
{
	char		 code[WEDGE_MAX], text[UI_INPUT_MAX];

	if (screen_intake_mode == INTAKE_LINES ||
	    (screen_intake_mode == INTAKE_PROMPT && screen_intake_scans)) {
		if (client_wedge_key(&screen_intake_wedge, key, when))
			ui_input_mark(&screen_intake_in);
		if (key == UI_KEY_ENTER && client_wedge_enter(
		    &screen_intake_wedge, when, code, sizeof code)) {
			ui_input_restore(&screen_intake_in);
			screen_intake_dev_scan(code);
			return;
		}
	}
	switch (screen_intake_mode) {
	case INTAKE_WAIT:
		return;
	case INTAKE_ACTION:
		screen_intake_action_key(key);
		return;
	case INTAKE_PROMPT:
		if (key == UI_KEY_ESCAPE) {
			screen_intake_set_mode(screen_intake_after);
			ui_input_init(&screen_intake_in, 64, 0);
			ui_status_clear();
		} else if (key == UI_KEY_ENTER) {
			snprintf(text, sizeof text, "%s",
			    ui_input_text(&screen_intake_in));
			screen_intake_set_mode(screen_intake_after);
			screen_intake_done(text);
		} else if (ui_input_key(&screen_intake_in, key) ==
		    UI_INPUT_REFUSED)
			ui_screen_beep();
		return;
	default:
		break;
	}
	if (screen_common_key(key))
		return;
	if (screen_intake_mode == INTAKE_LIST) {
		if (ui_list_key(&screen_intake_mlist, key))
			return;
		switch (key) {
		case UI_KEY_ENTER:
			if (screen_intake_mlist.sel >=
			    screen_intake_manifests.n) {
				ui_status_set(UI_ERROR, "No manifest "
				    "selected");
				return;
			}
			screen_intake_open(screen_intake_manifests.list[
			    screen_intake_mlist.sel].manifest);
			return;
		case UI_KEY_F(2):
			if (!(client_session.perms & PERM_INV_RECEIVE)) {
				ui_status_set(UI_ERROR, "Typing a manifest in "
				    "needs a receiver or a manager");
				ui_screen_beep();
				return;
			}
			screen_go("manifest", (void *)screen_intake_back);
			return;
		case UI_KEY_F(5):
			screen_intake_load();
			return;
		case UI_KEY_CTRL('g'):
			screen_go("pack", (void *)"intake");
			return;
		case UI_KEY_ESCAPE:
			if (client_mode.intake && strcmp(screen_intake_back,
			    "register") == 0)
				return;
			screen_go(screen_intake_back, NULL);
			return;
		}
		return;
	}

	/* INTAKE_LINES */
	switch (key) {
	case UI_KEY_UP:
	case UI_KEY_DOWN:
	case UI_KEY_PPAGE:
	case UI_KEY_NPAGE:
	case UI_KEY_HOME:
	case UI_KEY_END:
		if (ui_input_empty(&screen_intake_in) || key == UI_KEY_UP ||
		    key == UI_KEY_DOWN || key == UI_KEY_PPAGE ||
		    key == UI_KEY_NPAGE) {
			ui_list_key(&screen_intake_llist, key);
			return;
		}
		break;
	case UI_KEY_ENTER:
		if (!ui_input_empty(&screen_intake_in)) {
			snprintf(text, sizeof text, "%s",
			    ui_input_text(&screen_intake_in));
			ui_input_set(&screen_intake_in, "", 0);
			screen_intake_tag_in(text);
		}
		return;
	case UI_KEY_F(5):
		screen_intake_open(screen_intake_number);
		return;
	case UI_KEY_F(6):
		screen_intake_resolve();
		return;
	case UI_KEY_F(7):
		screen_intake_label();
		return;
	case UI_KEY_F(8):
		screen_intake_close();
		return;
	case UI_KEY_CTRL('l'):
		screen_intake_lab();
		return;
	case UI_KEY_ESCAPE:
		if (!ui_input_empty(&screen_intake_in)) {
			ui_input_set(&screen_intake_in, "", 0);
			return;
		}
		client_op_intake_manifest_free(&screen_intake_manifest);
		screen_intake_shown = 0;
		screen_intake_load();
		return;
	}
	if (ui_input_key(&screen_intake_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_intake_notify(const struct client_op_event *ev)
{
	if (ev->type != CLIENT_OP_EVENT_CONNECTION)
		return;
	if (screen_intake_shown)
		screen_intake_open(screen_intake_number);
	else
		screen_intake_load();
}

/* The scale's reading while its weight may be taken. */
static void
screen_intake_draw_scale(int y, const struct ui_rect *r)
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

static void
screen_intake_draw(const struct ui_rect *r)
{
	struct ui_rect				 list;
	const struct client_op_intake_line	*line;
	const char				*state, *disc;
	u_int					 i, pending = 0, flagged = 0;
	u_int					 n, sel;
	int					 prompt;

	list.x = r->x;
	list.w = r->w;
	if (!screen_intake_shown) {
		ui_draw_str(r->y, r->x + 1, r->w - 2, UI_TOTAL,
		    "Receiving: open manifests");
		ui_draw_fill(r->y + 1, r->x, r->w, UI_HEADER);
		ui_draw_str(r->y + 1, r->x, r->w, UI_HEADER,
		    " Manifest             Supplier             Packages  "
		    "Pending  Discrep");
		list.y = r->y + 2;
		list.h = r->h - 2;
		ui_list_draw(&screen_intake_mlist, &list);
		ui_screen_cursor(-1, -1);
		ui_fkeys_draw(ui_screen_rows() - 1, screen_intake_list_keys,
		    nitems(screen_intake_list_keys));
		return;
	}

	n = screen_intake_manifest.nlines;
	for (i = 0; i < n; i++) {
		state = screen_intake_manifest.lines[i].state;
		disc = screen_intake_manifest.lines[i].discrepancy;
		if (strcmp(state, "pending") == 0) {
			pending++;
			if (*disc != '\0' && strcmp(disc, "none") != 0)
				flagged++;
		}
	}
	ui_draw_text(r->y, r->x + 1, r->w - 2, UI_TOTAL,
	    "Manifest %s from %s: %u line%s, %u pending", screen_intake_number,
	    screen_intake_manifest.supplier, n, n == 1 ? "" : "s", pending);
	if (flagged != 0)
		ui_draw_text(r->y, r->x + r->w - 20, 19, UI_ERROR,
		    "%u DISCREPANC%s", flagged, flagged == 1 ? "Y" : "IES");
	ui_draw_fill(r->y + 1, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y + 1, r->x, r->w, UI_HEADER,
	    "Tag                      Product       Shipped  Received "
	    "State    Discrepancy");
	prompt = screen_intake_mode == INTAKE_PROMPT;
	list.y = r->y + 2;
	list.h = r->h - 3 - (prompt && screen_intake_weighing);
	ui_list_draw(&screen_intake_llist, &list);
	if (prompt && screen_intake_weighing)
		screen_intake_draw_scale(r->y + r->h - 2, r);

	/* The selected line keeps its discrepancy in colour. */
	sel = screen_intake_llist.sel;
	line = screen_intake_selected();
	if (line != NULL && sel >= screen_intake_llist.top &&
	    sel - screen_intake_llist.top < (u_int)list.h &&
	    screen_intake_line_colour(line) != UI_NORMAL)
		ui_draw_str(list.y + (int)(sel - screen_intake_llist.top),
		    list.x + INTAKE_DISC_COL, list.w - INTAKE_DISC_COL - 1,
		    screen_intake_line_colour(line), line->discrepancy);

	ui_input_draw(&screen_intake_in, r->y + r->h - 1, r->x + 1, r->w - 2,
	    prompt ? screen_intake_prompt : "Tag:", 1);
	if (screen_intake_mode == INTAKE_ACTION) {
		ui_screen_cursor(-1, -1);
		ui_fkeys_draw(ui_screen_rows() - 1, screen_intake_action_keys,
		    nitems(screen_intake_action_keys));
	} else if (prompt)
		ui_fkeys_draw(ui_screen_rows() - 1, screen_intake_prompt_keys,
		    nitems(screen_intake_prompt_keys));
	else
		ui_fkeys_draw(ui_screen_rows() - 1, screen_intake_line_keys,
		    nitems(screen_intake_line_keys));
}
