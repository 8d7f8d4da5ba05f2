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

#include "screen-driver.h"

/*
 * One stop at the door, online or not: the order (address, notes, what it
 * holds, what is due) and its customer. The customer's ID is scanned (a
 * serial ID scanner, or a keyboard-wedge scanner through client-idscan.c:
 * an '@' starts it; AAMVA) or typed with i; its name and date of birth must be
 * the order's customer's, and age, expiry and the limits are checked on
 * the handheld (client_driver_check). Then c takes cash (the change is
 * shown) or k a card reference, and the delivery is journalled before the
 * screen says done; the receipt is shown (and printed, with a printer).
 * r refuses with a reason from the trip's list (the one a failed check
 * calls for is offered first); a arrived, d departed; Esc the route.
 */

enum screen_stop_mode {
	STOP_VIEW,
	STOP_RECEIPT,
};

static void	screen_driver_stop_enter(void *);
static void	screen_driver_stop_leave(void);
static void	screen_driver_stop_key(int, int64_t);
static void	screen_driver_stop_draw(const struct ui_rect *);

const struct screen_entry screen_driver_stop_entry = {
	"driver-stop",
	screen_driver_stop_enter,
	screen_driver_stop_leave,
	screen_driver_stop_key,
	screen_driver_stop_draw,
	NULL,
	0		/* any session */
};

static const struct ui_fkey screen_driver_stop_keys[] = {
	{ "i", "Type ID" }, { "c", "Cash" }, { "k", "Card" },
	{ "r", "Refuse" }, { "a", "Arrived" }, { "d", "Departed" },
	{ "Esc", "Route" },
};
static const struct ui_fkey screen_driver_receipt_keys[] = {
	{ "Enter", "Back to the route" },
};

static enum screen_stop_mode	 screen_stop_mode;
static struct driver_stop	*screen_stop;
static struct driver_id		 screen_stop_id;
static int			 screen_stop_have_id;
static int			 screen_stop_ok;	/* the checks passed */
static char			 screen_stop_why[256];
static const char		*screen_stop_reason;	/* the check's */
static struct client_receipt	 screen_stop_receipt;
static struct client_idscan	 screen_stop_wedge;
static int64_t			 screen_stop_change;

/* The typed ID, asked one field after the other. */
static void	screen_stop_typed_first(const char *);

static void
screen_stop_checked(void)
{
	screen_stop_have_id = 1;
	screen_stop_ok = client_driver_check(screen_stop, &screen_stop_id,
	    screen_stop_why, sizeof screen_stop_why, &screen_stop_reason) == 0;
	if (screen_stop_ok) {
		snprintf(screen_stop_why, sizeof screen_stop_why, "ID OK: "
		    "take payment (c cash, k card)");
		ui_status_set(UI_OK, "ID OK");
	} else {
		ui_status_set(UI_ERROR, "%s", screen_stop_why);
		ui_screen_beep();
	}
	ui_screen_dirty();
}

static void
screen_stop_scanned(const struct dev_id *id)
{
	if (screen_stop == NULL || screen_stop_mode != STOP_VIEW ||
	    screen_stop->outcome != DRIVER_OPEN)
		return;
	screen_driver_prompt_cancel();
	client_driver_id_from_dev(id, &screen_stop_id);
	screen_stop_checked();
}

/* A keyboard-wedge scanner's ID is taken as a serial scanner's. */
static struct client_idscan_to	screen_stop_wedge_to = { screen_stop_scanned };

static void
screen_stop_typed_expiry(const char *text)
{
	if ((screen_stop_id.expiry = client_driver_date(text)) == 0) {
		ui_status_set(UI_ERROR, "The expiry as YYYY-MM-DD");
		return;
	}
	screen_stop_checked();
}

static void
screen_stop_typed_number(const char *text)
{
	strlcpy(screen_stop_id.number, text, sizeof screen_stop_id.number);
	screen_driver_ask("ID expires (YYYY-MM-DD):", 0,
	    screen_stop_typed_expiry);
}

static void
screen_stop_typed_dob(const char *text)
{
	if ((screen_stop_id.dob = client_driver_date(text)) == 0) {
		ui_status_set(UI_ERROR, "The date of birth as YYYY-MM-DD");
		return;
	}
	screen_driver_ask("ID number:", 0, screen_stop_typed_number);
}

static void
screen_stop_typed_last(const char *text)
{
	strlcpy(screen_stop_id.last, text, sizeof screen_stop_id.last);
	snprintf(screen_stop_id.name, sizeof screen_stop_id.name, "%s %s",
	    screen_stop_id.first, screen_stop_id.last);
	screen_driver_ask("Date of birth (YYYY-MM-DD):", 0,
	    screen_stop_typed_dob);
}

static void
screen_stop_typed_first(const char *text)
{
	memset(&screen_stop_id, 0, sizeof screen_stop_id);
	strlcpy(screen_stop_id.first, text, sizeof screen_stop_id.first);
	screen_driver_ask("Last name on the ID:", 0, screen_stop_typed_last);
}

/* Journal the delivery with its tender (card, or cash); then the receipt. */
static void
screen_stop_deliver(int64_t cash, const char *card)
{
	char	*cause = NULL;
	int	 rc;

	rc = client_driver_deliver(screen_stop, &screen_stop_id, cash, card,
	    &cause);
	screen_driver_recorded(rc, cause);
	if (rc != 0)
		return;
	if (client_driver_print_receipt(screen_stop, &screen_stop_receipt, 42,
	    &cause) != 0) {
		ui_status_set(UI_WARN, "Delivered and recorded; the receipt "
		    "did not print: %s", cause);
		free(cause);
	}
	screen_stop_mode = STOP_RECEIPT;
	ui_screen_dirty();
}

static void
screen_stop_got_cash(const char *text)
{
	int64_t	cash;

	if (money_parse(text, &cash) != 0 || cash < screen_stop->total) {
		ui_status_set(UI_ERROR, "Type the cash taken, at least the "
		    "total (e.g. 60.00)");
		return;
	}
	screen_stop_change = cash - screen_stop->total;
	screen_stop_deliver(cash, NULL);
}

static void
screen_stop_got_card(const char *text)
{
	if (*text == '\0' || strlen(text) > 32) {
		ui_status_set(UI_ERROR, "Type the card terminal's reference "
		    "(up to 32 characters)");
		return;
	}
	screen_stop_change = 0;
	screen_stop_deliver(0, text);
}

static void
screen_stop_got_reason(const char *text)
{
	const char	*reason = text;
	char		*cause = NULL;
	int		 n, rc;

	n = atoi(text);
	if (n >= 1 && (u_int)n <= client_driver.nrefusals)
		reason = client_driver.refusals[n - 1];
	else if (*text == '\0' && screen_stop_reason != NULL)
		reason = screen_stop_reason;
	if (*reason == '\0' || !client_driver_refusal_ok(reason)) {
		ui_status_set(UI_ERROR, "Pick a reason from the list (its "
		    "number or name)");
		return;
	}
	rc = client_driver_reason("fail", screen_stop, reason, &cause);
	if (rc == 0)
		screen_go("driver", NULL);	/* clears the status line */
	screen_driver_recorded(rc, cause);
}

static void
screen_driver_stop_enter(void *arg)
{
	screen_stop = arg;
	screen_stop_mode = STOP_VIEW;
	screen_stop_have_id = screen_stop_ok = 0;
	screen_stop_reason = NULL;
	screen_stop_why[0] = '\0';
	memset(&screen_stop_id, 0, sizeof screen_stop_id);
	client_dev_on_id(screen_stop_scanned);
	client_idscan_free(&screen_stop_wedge);
	client_idscan_init(&screen_stop_wedge, client_mode.base,
	    client_idscan_to, &screen_stop_wedge_to);
	if (screen_stop->outcome == DRIVER_OPEN)
		ui_status_set(UI_INFO, "Scan the customer's ID (or i to type "
		    "it)");
}

static void
screen_driver_stop_leave(void)
{
	client_dev_on_id(NULL);
	client_idscan_free(&screen_stop_wedge);
	screen_driver_prompt_cancel();
	client_receipt_free(&screen_stop_receipt);
	explicit_bzero(&screen_stop_id, sizeof screen_stop_id);
	screen_stop = NULL;
}

static void
screen_driver_stop_key(int key, __unused int64_t when)
{
	char	*cause = NULL, prompt[96];

	if (client_idscan_capturing(&screen_stop_wedge)) {
		client_idscan_key(&screen_stop_wedge, key);
		return;
	}
	if (key == '@' && screen_stop_mode == STOP_VIEW &&
	    !screen_driver_prompting() && screen_stop->outcome ==
	    DRIVER_OPEN) {
		client_idscan_start(&screen_stop_wedge);
		ui_status_set(UI_INFO, "Reading the ID...");
		return;
	}
	if (screen_driver_prompt_key(key))
		return;
	if (screen_stop_mode == STOP_RECEIPT) {
		if (key == UI_KEY_ENTER || key == UI_KEY_ESCAPE)
			screen_go("driver", NULL);
		return;
	}
	if (screen_common_key(key))
		return;
	if (key == UI_KEY_ESCAPE) {
		screen_go("driver", NULL);
		return;
	}
	if (key == 'a' || key == 'A') {
		if (screen_stop->arrived == 0)
			screen_driver_recorded(client_driver_record("arrive",
			    screen_stop, NULL, &cause), cause);
		return;
	}
	if (key == 'd' || key == 'D') {
		if (screen_stop->departed == 0)
			screen_driver_recorded(client_driver_record("depart",
			    screen_stop, NULL, &cause), cause);
		return;
	}
	if (screen_stop->outcome != DRIVER_OPEN) {
		ui_status_set(UI_WARN, "This stop is done");
		return;
	}
	switch (key) {
	case 'i':
	case 'I':
		screen_driver_ask("First name on the ID:", 0,
		    screen_stop_typed_first);
		return;
	case 'c':
	case 'C':
	case 'k':
	case 'K':
		if (!screen_stop_ok) {
			ui_status_set(UI_ERROR, "Check the customer's ID first "
			    "(scan it, or i to type it)");
			return;
		}
		if (key == 'c' || key == 'C')
			screen_driver_ask("Cash taken:", UI_INPUT_DECIMAL,
			    screen_stop_got_cash);
		else
			screen_driver_ask("Card terminal reference:", 0,
			    screen_stop_got_card);
		return;
	case 'r':
	case 'R':
		if (screen_stop_reason != NULL && !screen_stop_ok)
			snprintf(prompt, sizeof prompt, "Reason (Enter: %s):",
			    screen_stop_reason);
		else
			snprintf(prompt, sizeof prompt, "Reason (number or "
			    "name):");
		screen_driver_ask(prompt, 0, screen_stop_got_reason);
		return;
	}
}

static void
screen_stop_draw_receipt(const struct ui_rect *r)
{
	u_int	i;
	int	y = r->y + 1, x;

	x = r->x + (r->w - 44) / 2;
	ui_draw_text(y++, r->x + 1, r->w - 2, UI_BIG, "DELIVERED -- change "
	    "%lld.%02lld", (long long)(screen_stop_change / 100),
	    (long long)(screen_stop_change % 100));
	for (i = 0; i < screen_stop_receipt.n && y < r->y + r->h; i++)
		ui_draw_str(y++, x, 44, UI_NORMAL, screen_stop_receipt.lines[i]);
	ui_fkeys_draw(ui_screen_rows() - 1, screen_driver_receipt_keys,
	    nitems(screen_driver_receipt_keys));
}

static void
screen_driver_stop_draw(const struct ui_rect *r)
{
	const struct driver_stop	*s = screen_stop;
	const struct driver_person	*p = &s->customer;
	char				 eta[16], a[32], b[32], c[32];
	char				 list[256];
	int				 y = r->y + 1, bottom;
	size_t				 off = 0;
	u_int				 i;

	screen_driver_status(r->y);
	if (screen_stop_mode == STOP_RECEIPT) {
		screen_stop_draw_receipt(r);
		return;
	}
	ui_draw_fill(y, r->x, r->w, UI_HEADER);
	ui_draw_text(y++, r->x + 1, r->w - 2, UI_HEADER, "Order %lld  ETA %s  "
	    "%s", (long long)s->order, screen_driver_hhmm(s->eta, eta,
	    sizeof eta), s->address);
	ui_draw_text(y++, r->x + 1, r->w - 2, UI_NORMAL, "Customer: %s (%s)%s",
	    p->name, p->type, s->patient.present ? "  for a patient" : "");
	ui_draw_text(y++, r->x + 1, r->w - 2, UI_DIM, "Notes: %s",
	    s->notes[0] != '\0' ? s->notes : "-");
	bottom = r->y + r->h - 4;
	for (i = 0; i < s->nlines && y < bottom - 1; i++) {
		money_fmt(s->lines[i].price, a, sizeof a);
		ui_draw_text(y++, r->x + 1, r->w - 2, UI_NORMAL,
		    " %-30.30s %-24s %5lld %9s", s->lines[i].name,
		    s->lines[i].tag, (long long)s->lines[i].qty, a);
	}
	money_fmt(s->total, a, sizeof a);
	money_fmt(s->tax, b, sizeof b);
	money_fmt(s->fee, c, sizeof c);
	ui_draw_text(y++, r->x + 1, r->w - 2, UI_TOTAL, "TOTAL %s  (tax %s, "
	    "delivery %s)", a, b, c);

	switch (s->outcome) {
	case DRIVER_DELIVERED:
		ui_draw_text(bottom, r->x + 1, r->w - 2, s->exception[0] !=
		    '\0' ? UI_WARN : UI_OK, "Delivered%s%s", s->exception[0] !=
		    '\0' ? " -- EXCEPTION: " : (s->synced ? ", synced" :
		    ", waiting to sync"), s->exception);
		break;
	case DRIVER_FAILED:
	case DRIVER_SKIPPED:
		ui_draw_text(bottom, r->x + 1, r->w - 2, UI_DIM, "%s: %s",
		    s->outcome == DRIVER_FAILED ? "Refused" : "Skipped",
		    s->reason);
		break;
	default:
		if (screen_stop_have_id)
			ui_draw_text(bottom, r->x + 1, r->w - 2, screen_stop_ok ?
			    UI_PASS : UI_ERROR, "%s", screen_stop_why);
		else
			ui_draw_text(bottom, r->x + 1, r->w - 2, UI_INFO,
			    "Scan the customer's ID%s", s->arrived == 0 ?
			    " (a: mark arrived)" : "");
		break;
	}
	for (i = 0; i < client_driver.nrefusals && off < sizeof list; i++)
		off += snprintf(list + off, sizeof list - off, "%s%u %s",
		    i == 0 ? "" : "  ", i + 1, client_driver.refusals[i]);
	if (client_driver.nrefusals != 0)
		ui_draw_text(bottom + 1, r->x + 1, r->w - 2, UI_DIM,
		    "Reasons: %s", list);
	if (screen_driver_prompting())
		screen_driver_prompt_draw(r->y + r->h - 1, r->x + 1, r->w - 2);
	else
		ui_fkeys_draw(ui_screen_rows() - 1, screen_driver_stop_keys,
		    nitems(screen_driver_stop_keys));
}
