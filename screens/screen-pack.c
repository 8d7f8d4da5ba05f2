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
 * Packing (^G on the stock console or the intake station's manifest
 * list): the orders to pack (order.list: new and packing), Enter opens
 * one's pick list by line (order.pick: what each line still needs and the
 * package to take first, with its location). Each package is scanned (or
 * its tag typed) into its line (order.pack): a line sold by weight takes
 * the scale's STABLE reading as the intake station does (at once when it
 * is stable and has changed since the last package, else Enter takes it
 * once stable; grams may be typed, sent as typed). stashd refuses a wrong
 * package, saying why, and nothing is written. F6 takes a package back
 * out (order.unpack); F8 seals the order (order.seal) and prints its bag
 * label on the label printer, else the receipt printer. The list follows
 * the order and stock events; Esc goes back.
 */

enum screen_pack_mode {
	PACK_LIST,		/* the orders to pack */
	PACK_LINES,		/* one order's pick list: scan a tag */
	PACK_PROMPT,		/* typing an answer (grams, a tag) */
	PACK_WAIT,		/* a request is out */
};

typedef void	(*screen_pack_cb)(const char *);

static void	screen_pack_enter(void *);
static void	screen_pack_leave(void);
static void	screen_pack_key(int, int64_t);
static void	screen_pack_notify(const struct client_op_event *);
static void	screen_pack_draw(const struct ui_rect *);

const struct screen_entry screen_pack_entry = {
	.name = "pack",
	.enter = screen_pack_enter,
	.leave = screen_pack_leave,
	.key = screen_pack_key,
	.draw = screen_pack_draw,
	.notify = screen_pack_notify,
};

#define PACK_ME	((void *)&screen_pack_entry)

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static const struct ui_fkey screen_pack_list_keys[] = {
	{ "Enter", "Pack" },
	{ "F5", "Refresh" },
	{ "Esc", "Back" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_pack_line_keys[] = {
	{ "Scan/type", "Tag" },
	{ "F5", "Refresh" },
	{ "F6", "Unpack" },
	{ "F8", "Seal" },
	{ "Esc", "Orders" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_pack_prompt_keys[] = {
	{ "Enter", "OK" },
	{ "Esc", "Cancel" },
};

static enum screen_pack_mode	 screen_pack_mode;
static const char		*screen_pack_back;
static struct client_op_order	*screen_pack_orders;	/* new, packing */
static u_int			 screen_pack_norders;
static struct client_op_picklist screen_pack_pick;	/* order 0: none */
static struct ui_list		 screen_pack_olist;
static struct ui_list		 screen_pack_llist;
static struct ui_input		 screen_pack_in;
static char			 screen_pack_prompt[160];
static screen_pack_cb		 screen_pack_done;
static char			 screen_pack_tag[TAG_LEN + 1];
static int			 screen_pack_weighing;
static struct client_dev_taken	 screen_pack_taken;	/* from the scale */

static void	screen_pack_load(void);
static void	screen_pack_open(int64_t);

static void
screen_pack_set_mode(enum screen_pack_mode m)
{
	screen_pack_mode = m;
	ui_screen_dirty();
}

static void
screen_pack_idle(void)
{
	ui_input_init(&screen_pack_in, 64, 0);
	screen_pack_weighing = 0;
	screen_pack_set_mode(screen_pack_pick.order != 0 ? PACK_LINES :
	    PACK_LIST);
}

static void
screen_pack_ask(const char *prompt, int flags, screen_pack_cb done)
{
	snprintf(screen_pack_prompt, sizeof screen_pack_prompt, "%s", prompt);
	ui_input_init(&screen_pack_in, 64, flags);
	screen_pack_done = done;
	screen_pack_set_mode(PACK_PROMPT);
}

/* "2h", "15m": how long ago. */
static const char *
screen_pack_age(int64_t t, char *out, size_t len)
{
	int64_t	s = (util_now() - t) / 1000000;

	if (s < 0)
		s = 0;
	if (s < 3600)
		snprintf(out, len, "%lldm", (long long)(s / 60));
	else if (s < 86400)
		snprintf(out, len, "%lldh%02lldm", (long long)(s / 3600),
		    (long long)(s % 3600 / 60));
	else
		snprintf(out, len, "%lldd", (long long)(s / 86400));
	return (out);
}

static const char *
screen_pack_qty(int by_weight, int64_t v, char *out, size_t len)
{
	if (by_weight)
		snprintf(out, len, "%lld.%03lld g", (long long)(v / 1000),
		    (long long)(v % 1000));
	else
		snprintf(out, len, "%lld", (long long)v);
	return (out);
}

static void
screen_pack_oline(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	const struct client_op_order	*o;
	char				 age[16];

	if (idx >= screen_pack_norders)
		return;
	o = &screen_pack_orders[idx];
	if (strcmp(o->status, "packing") == 0)
		*c = UI_WARN;
	snprintf(out, len, " #%-5lld %-8s %-9s %-16.16s %2u line%s %8s ago",
	    (long long)o->id, o->status, o->channel, o->ref, o->nlines,
	    o->nlines == 1 ? " " : "s", screen_pack_age(o->created, age,
	    sizeof age));
}

static void
screen_pack_lline(__unused void *arg, u_int idx, char *out, size_t len,
    enum ui_colour *c)
{
	const struct client_op_pick_line	*l;
	const struct client_op_pick_pkg		*pk = NULL;
	char					 q[32], n[32];
	u_int					 i;

	if (idx >= screen_pack_pick.n)
		return;
	l = &screen_pack_pick.lines[idx];
	for (i = 0; i < l->npkgs; i++) {
		if (l->pkgs[i].first) {
			pk = &l->pkgs[i];
			break;
		}
	}
	if (l->need == 0) {
		*c = UI_OK;
		snprintf(out, len, " %2lld %-24.24s %9s  packed", (long long)
		    l->line, l->name, screen_pack_qty(l->by_weight, l->qty, q,
		    sizeof q));
		return;
	}
	snprintf(out, len, " %2lld %-24.24s need %-9s %s %s",
	    (long long)l->line, l->name, screen_pack_qty(l->by_weight,
	    l->need, n, sizeof n), pk != NULL ? pk->tag : "none sellable",
	    pk != NULL ? pk->location : "-");
}

/* The orders to pack. */
static void
screen_pack_listed(const struct client_op_error *err,
    const struct client_op_orders *l, __unused void *arg)
{
	u_int	i;

	if (screen_pack_mode == PACK_WAIT)
		screen_pack_idle();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	free(screen_pack_orders);
	screen_pack_orders = NULL;
	screen_pack_norders = 0;
	if (l->n != 0)
		screen_pack_orders = xcalloc(l->n, sizeof *screen_pack_orders);
	for (i = 0; i < l->n; i++) {
		if (strcmp(l->list[i].status, "new") == 0 ||
		    strcmp(l->list[i].status, "packing") == 0)
			screen_pack_orders[screen_pack_norders++] = l->list[i];
	}
	ui_list_set_count(&screen_pack_olist, screen_pack_norders);
	ui_screen_dirty();
}

static void
screen_pack_load(void)
{
	client_op_order_list(NULL, screen_pack_listed, PACK_ME);
}

static void
screen_pack_picked(const struct client_op_error *err,
    const struct client_op_picklist *pl, __unused void *arg)
{
	if (err->code != NULL) {
		screen_pack_idle();
		screen_request_error(err->code, err->message);
		return;
	}
	if (screen_pack_pick.order != pl->order)
		ui_status_set(UI_INFO, "Scan each package into its line; "
		    "the tag shown is the one to take first");
	screen_pack_pick = *pl;
	ui_list_set_count(&screen_pack_llist, screen_pack_pick.n);
	if (screen_pack_mode == PACK_WAIT || screen_pack_mode == PACK_LIST)
		screen_pack_idle();
	ui_screen_dirty();
}

static void
screen_pack_open(int64_t id)
{
	screen_pack_set_mode(PACK_WAIT);
	client_op_order_pick(id, screen_pack_picked, PACK_ME);
}

static const struct client_op_pick_line *
screen_pack_line_of(const char *tag)
{
	u_int	i, k;

	for (i = 0; i < screen_pack_pick.n; i++) {
		for (k = 0; k < screen_pack_pick.lines[i].npkgs; k++) {
			if (strcmp(screen_pack_pick.lines[i].pkgs[k].tag,
			    tag) == 0)
				return (&screen_pack_pick.lines[i]);
		}
	}
	return (NULL);
}

static void
screen_pack_packed(const struct client_op_error *err,
    const struct client_op_order *o, __unused void *arg)
{
	if (err->code != NULL) {
		screen_pack_idle();
		screen_request_error(err->code, err->message);
		ui_screen_beep();
		return;
	}
	ui_status_set(UI_OK, "Packed %s into order %lld", screen_pack_tag,
	    (long long)o->id);
	screen_pack_open(o->id);
}

static void
screen_pack_send(int64_t mg, int source)
{
	screen_pack_set_mode(PACK_WAIT);
	screen_pack_weighing = 0;
	client_op_order_pack(screen_pack_pick.order, screen_pack_tag, mg,
	    source, screen_pack_packed, PACK_ME);
}

static void
screen_pack_got_grams(const char *text)
{
	char	w[64];
	int64_t	mg;

	if (*text == '\0') {
		if (client_dev_scale(&mg, w, sizeof w) != CLIENT_DEV_STABLE) {
			ui_status_set(UI_ERROR, "Not taken: the scale shows "
			    "%s; wait for STABLE or type the grams", w);
			ui_screen_beep();
			return;
		}
		if (client_dev_scale_stale(&screen_pack_taken)) {
			ui_status_set(UI_ERROR, "Not taken: the scale still "
			    "shows the last package (%s)", w);
			ui_screen_beep();
			return;
		}
		client_dev_scale_took(&screen_pack_taken);
		screen_pack_send(mg, CLIENT_OP_WEIGHT_SCALE);
		return;
	}
	if (weight_parse(text, &mg) != 0 || mg <= 0) {
		ui_status_set(UI_ERROR, "Type the weight in grams, e.g. 3.5");
		ui_screen_beep();
		return;
	}
	screen_pack_send(mg, CLIENT_OP_WEIGHT_TYPED);
}

/* A tag scanned or typed: into its line, weighed if the line is. */
static void
screen_pack_tag_in(const char *code)
{
	const struct client_op_pick_line	*l;
	char					 prompt[160], w[64];
	int64_t					 mg;
	size_t					 i;

	if (screen_pack_pick.order == 0) {
		ui_status_set(UI_ERROR, "Open an order first (Enter on it), "
		    "then scan");
		ui_screen_beep();
		return;
	}
	if (screen_pack_mode == PACK_WAIT) {
		ui_status_set(UI_ERROR, "Wait for stashd, then scan %s again",
		    code);
		ui_screen_beep();
		return;
	}
	for (i = 0; code[i] != '\0' && i < sizeof screen_pack_tag - 1; i++)
		screen_pack_tag[i] = toupper((u_char)code[i]);
	screen_pack_tag[i] = '\0';
	l = screen_pack_line_of(screen_pack_tag);
	if (l == NULL || !l->by_weight) {
		screen_pack_send(0, CLIENT_OP_WEIGHT_NONE);
		return;
	}
	if (client_dev_has(CLIENT_DEV_SCALE) &&
	    client_dev_scale(&mg, w, sizeof w) == CLIENT_DEV_STABLE &&
	    !client_dev_scale_stale(&screen_pack_taken)) {
		client_dev_scale_took(&screen_pack_taken);
		screen_pack_send(mg, CLIENT_OP_WEIGHT_SCALE);
		return;
	}
	snprintf(prompt, sizeof prompt, "%s grams (need %lld.%03lld)%s:",
	    screen_pack_tag, (long long)(l->need / 1000),
	    (long long)(l->need % 1000), client_dev_has(CLIENT_DEV_SCALE) ?
	    ", Enter: scale" : "");
	screen_pack_ask(prompt, UI_INPUT_DECIMAL, screen_pack_got_grams);
	screen_pack_weighing = client_dev_has(CLIENT_DEV_SCALE);
	ui_status_set(UI_INFO, "Put %s on the scale: Enter takes the weight "
	    "once STABLE", screen_pack_tag);
}

static void
screen_pack_dev_scan(const char *code)
{
	if (screen_pack_mode == PACK_PROMPT)
		screen_pack_idle();
	screen_pack_tag_in(code);
	ui_screen_dirty();
}

/* F6: a package back out of the order. */
static void
screen_pack_unpacked(const struct client_op_error *err,
    const struct client_op_order *o, __unused void *arg)
{
	if (err->code != NULL) {
		screen_pack_idle();
		screen_request_error(err->code, err->message);
		return;
	}
	ui_status_set(UI_OK, "Took %s back out of order %lld",
	    screen_pack_tag, (long long)o->id);
	screen_pack_open(o->id);
}

static void
screen_pack_got_unpack(const char *text)
{
	size_t	i;

	if (*text == '\0') {
		screen_pack_idle();
		return;
	}
	for (i = 0; text[i] != '\0' && i < sizeof screen_pack_tag - 1; i++)
		screen_pack_tag[i] = toupper((u_char)text[i]);
	screen_pack_tag[i] = '\0';
	screen_pack_set_mode(PACK_WAIT);
	client_op_order_unpack(screen_pack_pick.order, screen_pack_tag,
	    screen_pack_unpacked, PACK_ME);
}

/* F8: sealed, and the bag label printed. */
static void
screen_pack_sealed(const struct client_op_error *err,
    const struct client_op_order *o, const struct client_op_bag_label *b,
    __unused void *arg)
{
	const char	*lines[CLIENT_OP_LABEL_LINES];
	char		 code[32], *cause;
	u_int		 i;

	if (err->code != NULL) {
		screen_pack_idle();
		screen_request_error(err->code, err->message);
		return;
	}
	memset(&screen_pack_pick, 0, sizeof screen_pack_pick);
	screen_pack_idle();
	screen_pack_load();
	for (i = 0; i < b->ntext; i++)
		lines[i] = b->text[i];
	snprintf(code, sizeof code, "ORDER-%lld", (long long)b->order);
	if (client_dev_bag_label(code, lines, b->ntext, &cause) != 0) {
		ui_status_set(UI_WARN, "Order %lld sealed, but no bag label: "
		    "%s", (long long)o->id, cause);
		free(cause);
		ui_screen_beep();
		return;
	}
	ui_status_set(UI_OK, "Order %lld sealed: bag label sent to %s",
	    (long long)o->id, client_dev_label_where());
}

static void
screen_pack_enter(void *arg)
{
	free(screen_pack_orders);
	screen_pack_orders = NULL;
	screen_pack_norders = 0;
	memset(&screen_pack_pick, 0, sizeof screen_pack_pick);
	ui_list_init(&screen_pack_olist, screen_pack_oline, NULL);
	ui_list_init(&screen_pack_llist, screen_pack_lline, NULL);
	screen_pack_back = arg != NULL ? arg : "inventory";
	client_dev_on_scan(screen_pack_dev_scan);
	screen_pack_idle();
	screen_pack_load();
	ui_status_set(UI_INFO, "Orders to pack: Enter opens one");
}

static void
screen_pack_leave(void)
{
	client_dev_on_scan(NULL);
	free(screen_pack_orders);
	screen_pack_orders = NULL;
	screen_pack_norders = 0;
	memset(&screen_pack_pick, 0, sizeof screen_pack_pick);
	ui_input_clear(&screen_pack_in);
}

static void
screen_pack_notify(const struct client_op_event *ev)
{
	if (ev->type != CLIENT_OP_EVENT_CONNECTION &&
	    (ev->name == NULL || (strcmp(ev->name, "order") != 0 &&
	    strcmp(ev->name, "resync") != 0)))
		return;
	screen_pack_load();
	if (screen_pack_pick.order != 0 && screen_pack_mode == PACK_LINES)
		client_op_order_pick(screen_pack_pick.order,
		    screen_pack_picked, PACK_ME);
}

static void
screen_pack_key(int key, __unused int64_t when)
{
	char	text[UI_INPUT_MAX];

	if (screen_pack_mode == PACK_WAIT)
		return;
	if (screen_pack_mode == PACK_PROMPT) {
		if (key == UI_KEY_ESCAPE) {
			screen_pack_idle();
			ui_status_clear();
		} else if (key == UI_KEY_ENTER) {
			snprintf(text, sizeof text, "%s",
			    ui_input_text(&screen_pack_in));
			screen_pack_done(text);
		} else if (ui_input_key(&screen_pack_in, key) ==
		    UI_INPUT_REFUSED)
			ui_screen_beep();
		return;
	}
	if (screen_common_key(key))
		return;
	if (screen_pack_mode == PACK_LIST) {
		if (ui_list_key(&screen_pack_olist, key))
			return;
		switch (key) {
		case UI_KEY_ENTER:
			if (screen_pack_olist.sel >= screen_pack_norders) {
				ui_status_set(UI_ERROR, "No order selected");
				return;
			}
			screen_pack_open(screen_pack_orders[
			    screen_pack_olist.sel].id);
			return;
		case UI_KEY_F(5):
			screen_pack_load();
			return;
		case UI_KEY_ESCAPE:
			screen_go(screen_pack_back, NULL);
			return;
		}
		return;
	}
	switch (key) {
	case UI_KEY_UP:
	case UI_KEY_DOWN:
	case UI_KEY_PPAGE:
	case UI_KEY_NPAGE:
		ui_list_key(&screen_pack_llist, key);
		return;
	case UI_KEY_ENTER:
		if (!ui_input_empty(&screen_pack_in)) {
			snprintf(text, sizeof text, "%s",
			    ui_input_text(&screen_pack_in));
			ui_input_set(&screen_pack_in, "", 0);
			screen_pack_tag_in(text);
		}
		return;
	case UI_KEY_F(5):
		screen_pack_open(screen_pack_pick.order);
		return;
	case UI_KEY_F(6):
		screen_pack_ask("Take out of the order, tag:", 0,
		    screen_pack_got_unpack);
		return;
	case UI_KEY_F(8):
		screen_pack_set_mode(PACK_WAIT);
		client_op_order_seal(screen_pack_pick.order,
		    screen_pack_sealed, PACK_ME);
		return;
	case UI_KEY_ESCAPE:
		if (!ui_input_empty(&screen_pack_in)) {
			ui_input_set(&screen_pack_in, "", 0);
			return;
		}
		memset(&screen_pack_pick, 0, sizeof screen_pack_pick);
		screen_pack_idle();
		screen_pack_load();
		return;
	}
	if (ui_input_key(&screen_pack_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_pack_draw(const struct ui_rect *r)
{
	struct ui_rect	 list;
	char		 text[64];
	int64_t		 mg;
	int		 st, prompt = screen_pack_mode == PACK_PROMPT;
	int		 lines = screen_pack_pick.order != 0;

	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	if (lines)
		ui_draw_text(r->y, r->x + 1, r->w - 2, UI_HEADER,
		    "Order %lld  %s: pick list by line (scan each package)",
		    (long long)screen_pack_pick.order,
		    screen_pack_pick.status);
	else
		ui_draw_text(r->y, r->x + 1, r->w - 2, UI_HEADER,
		    "Orders to pack: %u (new and packing)",
		    screen_pack_norders);
	list.x = r->x;
	list.y = r->y + 1;
	list.w = r->w;
	list.h = r->h - 3;
	if (lines)
		ui_list_draw(&screen_pack_llist, &list);
	else if (screen_pack_norders != 0)
		ui_list_draw(&screen_pack_olist, &list);
	else
		ui_draw_str(r->y + 2, r->x + 2, r->w - 4, UI_DIM,
		    "No orders to pack");
	if (screen_pack_weighing) {
		st = client_dev_scale(&mg, text, sizeof text);
		ui_draw_fill(r->y + r->h - 2, r->x, r->w, UI_NORMAL);
		ui_draw_text(r->y + r->h - 2, r->x + 1, r->w - 2,
		    st == CLIENT_DEV_STABLE ? UI_OK : UI_WARN, "Scale: %s%s",
		    text, st == CLIENT_DEV_STABLE ? "  STABLE" : "");
	}
	if (prompt || screen_pack_mode == PACK_LINES)
		ui_input_draw(&screen_pack_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, prompt ? screen_pack_prompt : "Tag:", 1);
	if (prompt)
		ui_fkeys_draw(ui_screen_rows() - 1, screen_pack_prompt_keys,
		    nitems(screen_pack_prompt_keys));
	else if (lines)
		ui_fkeys_draw(ui_screen_rows() - 1, screen_pack_line_keys,
		    nitems(screen_pack_line_keys));
	else
		ui_fkeys_draw(ui_screen_rows() - 1, screen_pack_list_keys,
		    nitems(screen_pack_list_keys));
}
