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
#include <strings.h>

#include "client-op.h"

/*
 * A manifest typed in at the receiving station (F2 on the list of open
 * manifests), for a store whose manifests come on paper: its number, the
 * supplier's licence and an optional note, then each package: its tag
 * (scanned or typed), SKU (looked up at once with product.search, which
 * also says whether it is counted or weighed), what was shipped (units, or
 * grams for a product sold by weight), batch and harvest date. F4 removes
 * the selected package, F3 edits the number, supplier and note again.
 *
 * F8, or Enter on an empty tag, sends them all at once (intake.create). A
 * refusal (a tag in stock or typed twice, an unknown SKU, a number in use)
 * is shown as stashd says it and nothing typed is lost; once created, the
 * manifest opens in the receiving view, ready to be scanned. Esc asks
 * before throwing away what was typed.
 */

/* As stashd takes them (intake.h, store.h). */
#define MANIFEST_NUMBER_MAX	40
#define MANIFEST_LICENCE_MAX	40
#define MANIFEST_NOTE_MAX	100
#define MANIFEST_SKU_MAX	32
#define MANIFEST_BATCH_MAX	40
#define MANIFEST_PACKAGES_MAX	1000
#define MANIFEST_QTY_MAX	100000000	/* units or mg */

enum screen_manifest_step {
	MANIFEST_NUMBER,
	MANIFEST_SUPPLIER,
	MANIFEST_NOTE,
	MANIFEST_TAG,		/* the next package, or send */
	MANIFEST_SKU,
	MANIFEST_QTY,
	MANIFEST_BATCH,
	MANIFEST_HARVESTED,
	MANIFEST_DISCARD,	/* Esc: throw it all away? */
	MANIFEST_WAIT,		/* a request is out */
};

struct screen_manifest_pkg {
	char		 tag[TAG_LEN + 1];
	char		 sku[MANIFEST_SKU_MAX + 1];
	char		 name[64];
	int		 weight;	/* qty in mg */
	int64_t		 qty;		/* shipped: units or mg */
	char		 batch[MANIFEST_BATCH_MAX + 1];
	int		 harvested;	/* YYYYMMDD, or 0 */
};

static void	screen_manifest_enter(void *);
static void	screen_manifest_leave(void);
static void	screen_manifest_key(int, int64_t);
static void	screen_manifest_draw(const struct ui_rect *);

const struct screen_entry screen_manifest_entry = {
	.name = "manifest",
	.enter = screen_manifest_enter,
	.leave = screen_manifest_leave,
	.key = screen_manifest_key,
	.draw = screen_manifest_draw,
};
#define MANIFEST_ME	((void *)&screen_manifest_entry)

static const struct ui_fkey screen_manifest_header_keys[] = {
	{ "Enter", "Next" },
	{ "Esc", "Cancel" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_manifest_tag_keys[] = {
	{ "Scan/type", "Tag" },
	{ "F3", "Number" },
	{ "F4", "Remove" },
	{ "F8", "Send" },
	{ "Esc", "Discard" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_manifest_pkg_keys[] = {
	{ "Enter", "Next" },
	{ "Esc", "Drop package" },
};
static const struct ui_fkey screen_manifest_discard_keys[] = {
	{ "y", "Throw away" },
	{ "n", "Keep typing" },
};
#define nitems(a) (sizeof (a) / sizeof (a)[0])

static enum screen_manifest_step screen_manifest_step;
static enum screen_manifest_step screen_manifest_resume; /* after Esc, n */
static struct ui_input		 screen_manifest_saved;	/* its input */
static int			 screen_manifest_editing; /* F3: header again */
static void			*screen_manifest_back;	/* intake's Esc */
static struct ui_input		 screen_manifest_in;
static struct ui_list		 screen_manifest_list;
static char			 screen_manifest_number[MANIFEST_NUMBER_MAX + 1];
static char			 screen_manifest_supplier[
				     MANIFEST_LICENCE_MAX + 1];
static char			 screen_manifest_note[MANIFEST_NOTE_MAX + 1];
static struct screen_manifest_pkg *screen_manifest_pkgs;
static u_int			 screen_manifest_n;
static struct screen_manifest_pkg screen_manifest_new;	/* being typed */

static void	screen_manifest_ask(enum screen_manifest_step);
static void	screen_manifest_refuse(const char *, ...) printflike(1, 2);

static void
screen_manifest_set_step(enum screen_manifest_step step)
{
	screen_manifest_step = step;
	ui_screen_dirty();
}

static int
screen_manifest_typed(void)
{
	return (screen_manifest_number[0] != '\0' || screen_manifest_n != 0);
}

static void
screen_manifest_refuse(const char *fmt, ...)
{
	va_list	ap;
	char	msg[256];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ui_status_set(UI_ERROR, "%s", msg);
	ui_screen_beep();
}

static char *
screen_manifest_qty_str(const struct screen_manifest_pkg *p, char *out,
    size_t len)
{
	if (p->weight)
		weight_fmt(p->qty, out, len);
	else
		snprintf(out, len, "%lld", (long long)p->qty);
	return (out);
}

static char *
screen_manifest_date_str(int d, char *out, size_t len)
{
	if (d == 0)
		snprintf(out, len, "-");
	else
		snprintf(out, len, "%04d-%02d-%02d", d / 10000, (d / 100) % 100,
		    d % 100);
	return (out);
}

/* YYYY-MM-DD (or YYYYMMDD) to YYYYMMDD; 0 if empty, -1 if not a date. */
static int
screen_manifest_date_parse(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	char		 digits[9];
	const char	*errstr;
	size_t		 i, n = 0;
	int		 d, y, m, day;

	if (*s == '\0' || strcasecmp(s, "none") == 0)
		return (0);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '-' && (n == 4 || n == 6))
			continue;
		if (!isdigit((u_char)s[i]) || n == 8)
			return (-1);
		digits[n++] = s[i];
	}
	if (n != 8)
		return (-1);
	digits[n] = '\0';
	d = (int)util_strtonum(digits, 19000101, 99991231, &errstr);
	if (errstr != NULL)
		return (-1);
	y = d / 10000;
	m = (d / 100) % 100;
	day = d % 100;
	if (m < 1 || m > 12 || day < 1 || day > days[m - 1])
		return (-1);
	if (m == 2 && day == 29 && (y % 4 != 0 || (y % 100 == 0 &&
	    y % 400 != 0)))
		return (-1);
	return (d);
}

static void
screen_manifest_line(__unused void *arg, u_int idx, char *out, size_t len,
    __unused enum ui_colour *c)
{
	struct screen_manifest_pkg	*p;
	char				 q[32], d[16];

	if (idx >= screen_manifest_n) {
		*out = '\0';
		return;
	}
	p = &screen_manifest_pkgs[idx];
	snprintf(out, len, " %-24s %-17.17s %11s %-12.12s %s", p->tag,
	    p->name[0] != '\0' ? p->name : p->sku,
	    screen_manifest_qty_str(p, q, sizeof q), p->batch,
	    screen_manifest_date_str(p->harvested, d, sizeof d));
}

static void
screen_manifest_prompt(char *out, size_t len)
{
	switch (screen_manifest_step) {
	case MANIFEST_NUMBER:
		snprintf(out, len, "Manifest number:");
		break;
	case MANIFEST_SUPPLIER:
		snprintf(out, len, "Supplier's licence:");
		break;
	case MANIFEST_NOTE:
		snprintf(out, len, "Note (optional):");
		break;
	case MANIFEST_TAG:
		snprintf(out, len, "Package %u tag (Enter on none: send):",
		    screen_manifest_n + 1);
		break;
	case MANIFEST_SKU:
		snprintf(out, len, "SKU:");
		break;
	case MANIFEST_QTY:
		snprintf(out, len, "Shipped, %s:", screen_manifest_new.weight ?
		    "grams" : "units");
		break;
	case MANIFEST_BATCH:
		snprintf(out, len, "Batch:");
		break;
	case MANIFEST_HARVESTED:
		snprintf(out, len, "Harvested YYYY-MM-DD (optional):");
		break;
	default:
		snprintf(out, len, "Wait:");
		break;
	}
}

/* Ask for a step's answer, with what it had (or the last package's). */
static void
screen_manifest_ask(enum screen_manifest_step step)
{
	struct screen_manifest_pkg	*last = NULL;
	struct ui_input			*in = &screen_manifest_in;
	char				 d[16];

	if (screen_manifest_n != 0)
		last = &screen_manifest_pkgs[screen_manifest_n - 1];
	switch (step) {
	case MANIFEST_NUMBER:
		ui_input_init(in, MANIFEST_NUMBER_MAX, 0);
		ui_input_set(in, screen_manifest_number,
		    screen_manifest_editing);
		break;
	case MANIFEST_SUPPLIER:
		ui_input_init(in, MANIFEST_LICENCE_MAX, 0);
		ui_input_set(in, screen_manifest_supplier,
		    screen_manifest_editing);
		break;
	case MANIFEST_NOTE:
		ui_input_init(in, MANIFEST_NOTE_MAX, 0);
		ui_input_set(in, screen_manifest_note,
		    screen_manifest_editing);
		break;
	case MANIFEST_TAG:
		ui_input_init(in, 32, 0);
		break;
	case MANIFEST_SKU:
		ui_input_init(in, MANIFEST_SKU_MAX, 0);
		if (last != NULL)
			ui_input_set(in, last->sku, 1);
		break;
	case MANIFEST_QTY:
		ui_input_init(in, 12, screen_manifest_new.weight ?
		    UI_INPUT_DECIMAL : UI_INPUT_DIGITS);
		break;
	case MANIFEST_BATCH:
		ui_input_init(in, MANIFEST_BATCH_MAX, 0);
		if (last != NULL)
			ui_input_set(in, last->batch, 1);
		break;
	case MANIFEST_HARVESTED:
		ui_input_init(in, 10, 0);
		if (last != NULL && last->harvested != 0)
			ui_input_set(in, screen_manifest_date_str(
			    last->harvested, d, sizeof d), 1);
		break;
	default:
		break;
	}
	screen_manifest_set_step(step);
}

static struct screen_manifest_pkg *
screen_manifest_find(const char *tag, u_int *idx)
{
	u_int	i;

	for (i = 0; i < screen_manifest_n; i++) {
		if (strcmp(screen_manifest_pkgs[i].tag, tag) == 0) {
			if (idx != NULL)
				*idx = i;
			return (&screen_manifest_pkgs[i]);
		}
	}
	return (NULL);
}

static void
screen_manifest_add(void)
{
	struct screen_manifest_pkg	*p;
	char				 q[32];

	screen_manifest_pkgs = xreallocarray(screen_manifest_pkgs,
	    screen_manifest_n + 1, sizeof *screen_manifest_pkgs);
	p = &screen_manifest_pkgs[screen_manifest_n++];
	*p = screen_manifest_new;
	memset(&screen_manifest_new, 0, sizeof screen_manifest_new);
	ui_list_set_count(&screen_manifest_list, screen_manifest_n);
	ui_list_select(&screen_manifest_list, screen_manifest_n - 1);
	ui_status_set(UI_OK, "Package %u added: %s, %s %s. Scan the next tag, "
	    "or F8 to send", screen_manifest_n, p->tag,
	    screen_manifest_qty_str(p, q, sizeof q), p->sku);
	screen_manifest_ask(MANIFEST_TAG);
}

static void
screen_manifest_remove(void)
{
	u_int	sel = screen_manifest_list.sel;
	char	tag[TAG_LEN + 1];

	if (screen_manifest_n == 0 || sel >= screen_manifest_n) {
		screen_manifest_refuse("No package to remove");
		return;
	}
	snprintf(tag, sizeof tag, "%s", screen_manifest_pkgs[sel].tag);
	memmove(&screen_manifest_pkgs[sel], &screen_manifest_pkgs[sel + 1],
	    (screen_manifest_n - sel - 1) * sizeof *screen_manifest_pkgs);
	screen_manifest_n--;
	ui_list_set_count(&screen_manifest_list, screen_manifest_n);
	ui_status_set(UI_OK, "Removed package %s (%u left)", tag,
	    screen_manifest_n);
	ui_screen_dirty();
}

/* The products search came back: is the SKU one of them? */
static void
screen_manifest_sku_done(const struct client_op_error *err,
    struct client_op_product_list *ps, __unused void *arg)
{
	const struct client_op_product	*p;
	const char			*sku;
	char				 near[128];
	size_t				 len;
	u_int				 i;

	screen_manifest_step = MANIFEST_SKU;
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	for (i = 0; i < ps->n; i++) {
		p = &ps->list[i];
		sku = p->sku;
		if (sku == NULL ||
		    strcasecmp(sku, ui_input_text(&screen_manifest_in)) != 0)
			continue;
		snprintf(screen_manifest_new.sku, sizeof screen_manifest_new.sku,
		    "%s", sku);
		snprintf(screen_manifest_new.name,
		    sizeof screen_manifest_new.name, "%s",
		    p->name != NULL ? p->name : "");
		screen_manifest_new.weight = p->unit != NULL &&
		    strcmp(p->unit, "weight") == 0;
		ui_status_set(UI_INFO, "%s: %s, %s", sku,
		    screen_manifest_new.name, screen_manifest_new.weight ?
		    "sold by weight: type the grams shipped" :
		    "counted: type the units shipped");
		screen_manifest_ask(MANIFEST_QTY);
		return;
	}
	near[0] = '\0';
	for (i = 0; i < ps->n && i < 3; i++) {
		if (ps->list[i].sku == NULL)
			continue;
		len = strlen(near);
		snprintf(near + len, sizeof near - len, "%s%s",
		    len == 0 ? "; did you mean " : ", ", ps->list[i].sku);
	}
	screen_manifest_refuse("No product with SKU %s%s%s",
	    ui_input_text(&screen_manifest_in), near, near[0] != '\0' ? "?" :
	    ": check the SKU on the manifest");
}

/* A new package's tag must not be in stock already. */
static void
screen_manifest_tag_done(const struct client_op_error *err,
    struct client_op_package *p, __unused void *arg)
{
	const char	*tag = screen_manifest_new.tag;

	screen_manifest_set_step(MANIFEST_TAG);
	if (err->code != NULL && strcmp(err->code, "not-found") == 0) {
		ui_status_set(UI_INFO, "Package %s: type its SKU (the "
		    "product)", tag);
		screen_manifest_ask(MANIFEST_SKU);
		return;
	}
	memset(&screen_manifest_new, 0, sizeof screen_manifest_new);
	if (err->code != NULL) {
		screen_request_error(err->code, err->message);
		return;
	}
	screen_manifest_refuse("%s is already in stock (%s, %s): check the "
	    "tag on the package", ui_input_text(&screen_manifest_in),
	    p->status[0] != '\0' ? p->status : "?",
	    p->location[0] != '\0' ? p->location : "?");
}

static void
screen_manifest_got_tag(const char *text)
{
	char	tag[TAG_LEN + 2];
	u_int	idx;

	snprintf(tag, sizeof tag, "%s", text);
	util_tag_upper(tag);
	if (strlen(text) != TAG_LEN || !util_tag_valid(tag)) {
		screen_manifest_refuse("%s is not a package tag (24 "
		    "characters 0-9, A-F)", text);
		return;
	}
	if (screen_manifest_find(tag, &idx) != NULL) {
		ui_list_select(&screen_manifest_list, idx);
		screen_manifest_refuse("%s is already package %u of this "
		    "manifest", tag, idx + 1);
		ui_input_clear(&screen_manifest_in);
		return;
	}
	memset(&screen_manifest_new, 0, sizeof screen_manifest_new);
	strlcpy(screen_manifest_new.tag, tag, sizeof screen_manifest_new.tag);
	ui_input_set(&screen_manifest_in, tag, 0);
	screen_manifest_set_step(MANIFEST_WAIT);
	ui_status_set(UI_INFO, "Checking %s...", tag);
	client_op_package_get(tag, screen_manifest_tag_done, MANIFEST_ME);
}

static void
screen_manifest_sent(const struct client_op_error *err, __unused void *arg)
{
	const char	*code = err->code, *message = err->message;
	char		 number[MANIFEST_NUMBER_MAX + 1];
	u_int		 i, n = screen_manifest_n;

	if (code != NULL) {
		screen_manifest_ask(MANIFEST_TAG);
		/* Point at the package stashd names. */
		for (i = 0; i < screen_manifest_n; i++) {
			if (strstr(message, screen_manifest_pkgs[i].tag) !=
			    NULL) {
				ui_list_select(&screen_manifest_list, i);
				break;
			}
		}
		if (i < screen_manifest_n)
			screen_manifest_refuse("%s: F4 removes it (type it "
			    "again to fix it), then F8 sends again", message);
		else if (strcmp(code, "conflict") == 0)
			screen_manifest_refuse("%s: F3 changes the number, "
			    "then F8 sends again", message);
		else
			screen_request_error(code, message);
		return;
	}
	snprintf(number, sizeof number, "%s", screen_manifest_number);
	screen_intake_show(number, n);
	screen_go("intake", screen_manifest_back);
}

static void
screen_manifest_send(void)
{
	struct screen_manifest_pkg	*p;
	struct client_op_intake_new	 in;
	struct client_op_intake_pkg	*pkgs;
	u_int				 i;

	if (screen_manifest_number[0] == '\0' ||
	    screen_manifest_supplier[0] == '\0') {
		screen_manifest_refuse("The manifest needs its number and the "
		    "supplier's licence: F3");
		return;
	}
	if (screen_manifest_n == 0) {
		screen_manifest_refuse("No packages yet: scan or type the "
		    "first tag");
		return;
	}
	pkgs = xcalloc(screen_manifest_n, sizeof *pkgs);
	for (i = 0; i < screen_manifest_n; i++) {
		p = &screen_manifest_pkgs[i];
		pkgs[i].tag = p->tag;
		pkgs[i].sku = p->sku;
		pkgs[i].batch = p->batch;
		pkgs[i].qty = p->qty;
		pkgs[i].harvested = p->harvested;
	}
	in.manifest = screen_manifest_number;
	in.supplier = screen_manifest_supplier;
	in.note = screen_manifest_note;
	in.pkgs = pkgs;
	in.n = screen_manifest_n;
	screen_manifest_set_step(MANIFEST_WAIT);
	ui_status_set(UI_INFO, "Sending manifest %s (%u package%s)...",
	    screen_manifest_number, screen_manifest_n,
	    screen_manifest_n == 1 ? "" : "s");
	client_op_intake_create(&in, screen_manifest_sent, MANIFEST_ME);
	free(pkgs);
}

/* Enter on a step. */
static void
screen_manifest_answer(const char *text)
{
	const char	*errstr;
	int64_t		 q;
	int		 d, today;

	switch (screen_manifest_step) {
	case MANIFEST_NUMBER:
		if (*text == '\0' || !util_printable(text, strlen(text))) {
			screen_manifest_refuse("Type the manifest's number, "
			    "as on the paper");
			return;
		}
		snprintf(screen_manifest_number, sizeof screen_manifest_number,
		    "%s", text);
		ui_status_set(UI_INFO, "Type the supplier's licence number");
		screen_manifest_ask(MANIFEST_SUPPLIER);
		break;
	case MANIFEST_SUPPLIER:
		if (*text == '\0' || !util_printable(text, strlen(text))) {
			screen_manifest_refuse("Type the supplier's licence "
			    "number, as on the manifest");
			return;
		}
		snprintf(screen_manifest_supplier,
		    sizeof screen_manifest_supplier, "%s", text);
		ui_status_set(UI_INFO, "A note if needed (driver, seal), or "
		    "Enter");
		screen_manifest_ask(MANIFEST_NOTE);
		break;
	case MANIFEST_NOTE:
		if (!util_printable(text, strlen(text))) {
			screen_manifest_refuse("The note must be plain text");
			return;
		}
		snprintf(screen_manifest_note, sizeof screen_manifest_note,
		    "%s", text);
		screen_manifest_editing = 0;
		ui_status_set(UI_INFO, "Scan or type each package's tag");
		screen_manifest_ask(MANIFEST_TAG);
		break;
	case MANIFEST_TAG:
		if (*text == '\0')
			screen_manifest_send();
		else if (screen_manifest_n == MANIFEST_PACKAGES_MAX)
			screen_manifest_refuse("A manifest takes at most %d "
			    "packages: send this one (F8)",
			    MANIFEST_PACKAGES_MAX);
		else
			screen_manifest_got_tag(text);
		break;
	case MANIFEST_SKU:
		if (*text == '\0') {
			screen_manifest_refuse("Type the package's SKU");
			return;
		}
		screen_manifest_set_step(MANIFEST_WAIT);
		ui_status_set(UI_INFO, "Looking up %s...", text);
		client_op_item_search(text, 50, screen_manifest_sku_done,
		    MANIFEST_ME);
		break;
	case MANIFEST_QTY:
		if (screen_manifest_new.weight) {
			if (weight_parse(text, &q) != 0)
				q = 0;
		} else {
			q = util_strtonum(text, 1, MANIFEST_QTY_MAX, &errstr);
			if (errstr != NULL)
				q = 0;
		}
		if (q <= 0 || q > MANIFEST_QTY_MAX) {
			screen_manifest_refuse("Type what was shipped: %s",
			    screen_manifest_new.weight ? "grams, e.g. 453.6" :
			    "units, e.g. 10");
			return;
		}
		screen_manifest_new.qty = q;
		ui_status_set(UI_INFO, "The package's batch (Enter keeps the "
		    "last one)");
		screen_manifest_ask(MANIFEST_BATCH);
		break;
	case MANIFEST_BATCH:
		if (!util_printable(text, strlen(text))) {
			screen_manifest_refuse("The batch must be plain text");
			return;
		}
		snprintf(screen_manifest_new.batch,
		    sizeof screen_manifest_new.batch, "%s", text);
		ui_status_set(UI_INFO, "The harvest date, or none (or nothing) "
		    "if there is none");
		screen_manifest_ask(MANIFEST_HARVESTED);
		break;
	case MANIFEST_HARVESTED:
		d = screen_manifest_date_parse(text);
		if (d < 0) {
			screen_manifest_refuse("Type the harvest date as "
			    "YYYY-MM-DD, e.g. 2026-01-31, or none");
			return;
		}
		today = client_session.store_tz != NULL ? util_local_date(
		    client_session_now(), client_session.store_tz) : 0;
		if (d != 0 && today != 0 && d > today) {
			screen_manifest_refuse("%s is in the future: check the "
			    "harvest date", text);
			return;
		}
		screen_manifest_new.harvested = d;
		screen_manifest_add();
		break;
	default:
		break;
	}
}

/* A scanner (not a keyboard wedge) read a code. */
static void
screen_manifest_dev_scan(const char *code)
{
	if (screen_manifest_step == MANIFEST_TAG)
		screen_manifest_got_tag(code);
	else if (screen_manifest_step == MANIFEST_SKU) {
		ui_input_set(&screen_manifest_in, code, 0);
		screen_manifest_answer(code);
	} else
		screen_manifest_refuse("Scanned %s, not taken: finish this "
		    "step (Enter) first", code);
	ui_screen_dirty();
}

/* Esc: back a step, or ask before throwing the manifest away. */
static void
screen_manifest_escape(void)
{
	enum screen_manifest_step	step = screen_manifest_step;

	switch (step) {
	case MANIFEST_SKU:
	case MANIFEST_QTY:
	case MANIFEST_BATCH:
	case MANIFEST_HARVESTED:
		ui_status_set(UI_WARN, "Package %s not added",
		    screen_manifest_new.tag);
		memset(&screen_manifest_new, 0, sizeof screen_manifest_new);
		screen_manifest_ask(MANIFEST_TAG);
		return;
	case MANIFEST_TAG:
		if (!ui_input_empty(&screen_manifest_in)) {
			ui_input_clear(&screen_manifest_in);
			ui_screen_dirty();
			return;
		}
		break;
	default:
		if (screen_manifest_editing) {
			screen_manifest_editing = 0;
			ui_status_clear();
			screen_manifest_ask(MANIFEST_TAG);
			return;
		}
		break;
	}
	if (!screen_manifest_typed() && ui_input_empty(&screen_manifest_in)) {
		screen_go("intake", screen_manifest_back);
		return;
	}
	screen_manifest_resume = step;
	screen_manifest_saved = screen_manifest_in;
	screen_manifest_set_step(MANIFEST_DISCARD);
	ui_status_set(UI_WARN, "Throw away manifest %s and its %u package%s? "
	    "y or n", screen_manifest_number[0] != '\0' ?
	    screen_manifest_number : "(no number)", screen_manifest_n,
	    screen_manifest_n == 1 ? "" : "s");
}

static void
screen_manifest_enter(void *arg)
{
	screen_manifest_back = arg;
	ui_list_init(&screen_manifest_list, screen_manifest_line, NULL);
	screen_manifest_number[0] = '\0';
	screen_manifest_supplier[0] = '\0';
	screen_manifest_note[0] = '\0';
	free(screen_manifest_pkgs);
	screen_manifest_pkgs = NULL;
	screen_manifest_n = 0;
	screen_manifest_editing = 0;
	memset(&screen_manifest_new, 0, sizeof screen_manifest_new);
	client_dev_on_scan(screen_manifest_dev_scan);
	screen_manifest_ask(MANIFEST_NUMBER);
	ui_status_set(UI_INFO, "New manifest: type its number, as on the "
	    "paper manifest");
}

static void
screen_manifest_leave(void)
{
	client_dev_on_scan(NULL);
	free(screen_manifest_pkgs);
	screen_manifest_pkgs = NULL;
	screen_manifest_n = 0;
	ui_input_clear(&screen_manifest_in);
	ui_input_clear(&screen_manifest_saved);
}

static void
screen_manifest_key(int key, __unused int64_t when)
{
	char	text[UI_INPUT_MAX];

	switch (screen_manifest_step) {
	case MANIFEST_WAIT:
		return;
	case MANIFEST_DISCARD:
		if (key == 'y' || key == 'Y')
			screen_go("intake", screen_manifest_back);
		else if (key == 'n' || key == 'N' || key == UI_KEY_ESCAPE) {
			screen_manifest_set_step(screen_manifest_resume);
			screen_manifest_in = screen_manifest_saved;
			ui_status_set(UI_INFO, "Kept: go on typing");
		} else
			ui_screen_beep();
		return;
	default:
		break;
	}

	switch (key) {
	case UI_KEY_ESCAPE:
		screen_manifest_escape();
		return;
	case UI_KEY_ENTER:
		snprintf(text, sizeof text, "%s",
		    ui_input_text(&screen_manifest_in));
		screen_manifest_answer(text);
		return;
	case UI_KEY_F(10):
		if (screen_manifest_typed()) {
			screen_manifest_refuse("Send the manifest (F8) or "
			    "throw it away (Esc) before logging out");
			return;
		}
		screen_logout();
		return;
	}

	if (screen_manifest_step != MANIFEST_TAG) {
		if (key == UI_KEY_F(3) || key == UI_KEY_F(4) ||
		    key == UI_KEY_F(8)) {
			screen_manifest_refuse("Finish this step (Enter) or "
			    "cancel it (Esc) first");
			return;
		}
	} else {
		switch (key) {
		case UI_KEY_UP:
		case UI_KEY_DOWN:
		case UI_KEY_PPAGE:
		case UI_KEY_NPAGE:
			ui_list_key(&screen_manifest_list, key);
			return;
		case UI_KEY_F(3):
			screen_manifest_editing = 1;
			ui_status_set(UI_INFO, "Change the number, supplier "
			    "and note (Enter keeps each)");
			screen_manifest_ask(MANIFEST_NUMBER);
			return;
		case UI_KEY_DELETE:
			if (!ui_input_empty(&screen_manifest_in))
				break;
			/* FALLTHROUGH */
		case UI_KEY_F(4):
			screen_manifest_remove();
			return;
		case UI_KEY_F(8):
			screen_manifest_send();
			return;
		}
	}
	if (ui_input_key(&screen_manifest_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_manifest_draw(const struct ui_rect *r)
{
	struct screen_manifest_pkg	*p = &screen_manifest_new;
	struct ui_rect			 list;
	const struct ui_fkey		*keys;
	u_int				 nkeys;
	char				 prompt[64], q[32];

	if (screen_manifest_number[0] == '\0')
		ui_draw_str(r->y, r->x + 1, r->w - 2, UI_TOTAL,
		    "New manifest (typed in)");
	else
		ui_draw_text(r->y, r->x + 1, r->w - 2, UI_TOTAL,
		    "New manifest %s from %s: %u package%s",
		    screen_manifest_number, screen_manifest_supplier[0] !=
		    '\0' ? screen_manifest_supplier : "?", screen_manifest_n,
		    screen_manifest_n == 1 ? "" : "s");
	if (screen_manifest_note[0] != '\0')
		ui_draw_text(r->y + 1, r->x + 1, r->w - 2, UI_DIM, "Note: %s",
		    screen_manifest_note);
	ui_draw_fill(r->y + 2, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y + 2, r->x, r->w, UI_HEADER,
	    " Tag                      Product               Shipped "
	    "Batch        Harvested");
	list.x = r->x;
	list.w = r->w;
	list.y = r->y + 3;
	list.h = r->h - 5;
	ui_list_draw(&screen_manifest_list, &list);

	/* The package being typed. */
	if (p->tag[0] != '\0' && screen_manifest_step != MANIFEST_TAG &&
	    screen_manifest_step != MANIFEST_DISCARD)
		ui_draw_text(r->y + r->h - 2, r->x + 1, r->w - 2, UI_INFO,
		    "Package %u: %s  %s%s%s  %s", screen_manifest_n + 1, p->tag,
		    p->sku, p->name[0] != '\0' ? " " : "", p->name,
		    p->qty != 0 ? screen_manifest_qty_str(p, q, sizeof q) :
		    "");

	screen_manifest_prompt(prompt, sizeof prompt);
	if (screen_manifest_step == MANIFEST_DISCARD) {
		ui_screen_cursor(-1, -1);
		keys = screen_manifest_discard_keys;
		nkeys = nitems(screen_manifest_discard_keys);
	} else if (screen_manifest_step == MANIFEST_WAIT) {
		ui_input_draw(&screen_manifest_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, prompt, 0);
		ui_screen_cursor(-1, -1);
		keys = NULL;
		nkeys = 0;
	} else {
		ui_input_draw(&screen_manifest_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, prompt, 1);
		if (screen_manifest_step == MANIFEST_TAG) {
			keys = screen_manifest_tag_keys;
			nkeys = nitems(screen_manifest_tag_keys);
		} else if (screen_manifest_step <= MANIFEST_NOTE) {
			keys = screen_manifest_header_keys;
			nkeys = nitems(screen_manifest_header_keys);
		} else {
			keys = screen_manifest_pkg_keys;
			nkeys = nitems(screen_manifest_pkg_keys);
		}
	}
	ui_fkeys_draw(ui_screen_rows() - 1, keys, nkeys);
}
