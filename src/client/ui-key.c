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

#include <sys/ioctl.h>

#include <curses.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

/*
 * Keys: stdin is an EV_READ event on the client's loop, drained with wgetch
 * in nodelay mode; keys are translated to enum ui_key and handed to one
 * callback with the time they were read (the wedge detector needs it).
 *
 * Escape is Escape. ESC followed by a digit is Escape and then the digit,
 * however close together they come: a budtender who presses Esc and types
 * a staff ID at once means just that, and a busy line or a slow loop may
 * deliver the two bytes in one read. Only on a terminal whose description
 * has no F1..F10 (or with stash --esc-fkeys, for a keyboard without them)
 * is ESC then a digit F1..F10 (ESC 0 is F10), as in mc; there the digit
 * must come within UI_KEY_ESC_WAIT.
 *
 * ncurses decodes the sequences the terminal description knows, waiting
 * ESCDELAY (ui-screen.c) for the rest of one. On a slow serial line a
 * sequence can be split across that wait, so a lone ESC still waits
 * UI_KEY_ESC_WAIT for a CSI or SS3 introducer ('[' or 'O'); what follows
 * it is swallowed whole rather than typed into an input. Any other key
 * ends the wait at once: Escape, then that key.
 *
 * Capture (ui_key_capture): an ID card's PDF417 payload typed by a
 * keyboard-wedge scanner holds LF, CR and RS of its own. While capture is
 * on, every byte is handed over as it came (CR is 0x0d, LF 0x0a, not
 * Enter; ESC is not a prefix), for the door screen to frame by an idle gap
 * and give to the AAMVA parser.
 */

/*
 * How long a lone ESC waits for the rest of a split sequence (or, with
 * ESC-digit function keys, for a digit: people press ESC then 5 slowly).
 */
#define UI_KEY_ESC_WAIT		400000	/* µs */

/* Empty reads in a row that mean the terminal is gone. */
#define UI_KEY_EMPTY_MAX	3

enum ui_key_esc {
	UI_KEY_ESC_NONE,
	UI_KEY_ESC_WAIT_DIGIT,	/* ESC read, waiting for a digit */
	UI_KEY_ESC_CSI,		/* inside ESC [ ... final */
	UI_KEY_ESC_SS3,		/* inside ESC O final */
};

static struct event	*ui_key_ev;
static struct event	*ui_key_timer;
static ui_key_cb	 ui_key_callback;
static enum ui_key_esc	 ui_key_esc;
static int64_t		 ui_key_esc_time;
static u_int		 ui_key_empty;	/* readable but empty, in a row */
static int		 ui_key_capturing;
static int		 ui_key_esc_fkeys_on; /* ESC digit is an F-key */

static void	ui_key_read(evutil_socket_t, short, void *);
static void	ui_key_timeout(evutil_socket_t, short, void *);
static void	ui_key_raw(int, int64_t);
static int	ui_key_translate(int);

/* Does the terminal description give F1..F10? */
static int
ui_key_has_fkeys(void)
{
	char	 name[8], *s;
	int	 i;

	for (i = 1; i <= 10; i++) {
		snprintf(name, sizeof name, "kf%d", i);
		s = tigetstr(name);
		if (s == NULL || s == (char *)-1 || *s == '\0')
			return (0);
	}
	return (1);
}

/* esc_fkeys: ESC digit is a function key even if the terminal has them. */
void
ui_key_init(struct event_base *base, ui_key_cb cb, int esc_fkeys)
{
	ui_key_callback = cb;
	ui_key_esc_fkeys_on = esc_fkeys || !ui_key_has_fkeys();
	log_debug("keys: ESC then a digit is %s", ui_key_esc_fkeys_on ?
	    "a function key" : "Escape, then the digit");
	ui_key_ev = event_new(base, STDIN_FILENO, EV_READ|EV_PERSIST,
	    ui_key_read, NULL);
	event_add(ui_key_ev, NULL);
	ui_key_timer = evtimer_new(base, ui_key_timeout, NULL);
}

/* Is ESC then a digit a function key here (the login screen says so)? */
int
ui_key_esc_fkeys(void)
{
	return (ui_key_esc_fkeys_on);
}

void
ui_key_free(void)
{
	if (ui_key_ev != NULL)
		event_free(ui_key_ev);
	if (ui_key_timer != NULL)
		event_free(ui_key_timer);
	ui_key_ev = ui_key_timer = NULL;
}

/* Hand over raw bytes (1), or keys again (0). */
void
ui_key_capture(int on)
{
	ui_key_capturing = on;
	if (on && ui_key_esc != UI_KEY_ESC_NONE) {
		evtimer_del(ui_key_timer);
		ui_key_esc = UI_KEY_ESC_NONE;
	}
}

static void
ui_key_read(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	int	ch, n = 0, avail;

	while ((ch = getch()) != ERR) {
		ui_key_raw(ch, util_monotonic());
		n++;
	}
	if (n != 0) {
		ui_key_empty = 0;
		return;
	}

	/*
	 * Readable but nothing to read, again and again: ncurses reads a
	 * byte at a time, so this is end of file or a hangup, not a partial
	 * key.
	 */
	if (ioctl(STDIN_FILENO, FIONREAD, &avail) == -1 || avail == 0) {
		if (++ui_key_empty < UI_KEY_EMPTY_MAX)
			return;
		event_del(ui_key_ev);
		client_exit(1, "the terminal went away (end of input)");
	}
}

static void
ui_key_timeout(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	if (ui_key_esc == UI_KEY_ESC_WAIT_DIGIT)
		ui_key_callback(UI_KEY_ESCAPE, ui_key_esc_time);
	ui_key_esc = UI_KEY_ESC_NONE;
}

static void
ui_key_arm(void)
{
	struct timeval	tv = { 0, UI_KEY_ESC_WAIT };

	evtimer_add(ui_key_timer, &tv);
}

/* One key from ncurses, through the ESC state machine. */
static void
ui_key_raw(int ch, int64_t now)
{
	int	key;

	if (ui_key_capturing && ch >= 0 && ch < 0x100) {
		ui_key_callback(ch, now);
		return;
	}
	switch (ui_key_esc) {
	case UI_KEY_ESC_NONE:
		break;
	case UI_KEY_ESC_WAIT_DIGIT:
		evtimer_del(ui_key_timer);
		ui_key_esc = UI_KEY_ESC_NONE;
		if (ui_key_esc_fkeys_on && ch >= '0' && ch <= '9') {
			ui_key_callback(UI_KEY_F(ch == '0' ? 10 : ch - '0'),
			    now);
			return;
		}
		if (ch == '[') {
			ui_key_esc = UI_KEY_ESC_CSI;
			ui_key_arm();
			return;
		}
		if (ch == 'O') {
			ui_key_esc = UI_KEY_ESC_SS3;
			ui_key_arm();
			return;
		}
		/* Escape, then this key as if typed alone. */
		ui_key_callback(UI_KEY_ESCAPE, ui_key_esc_time);
		break;
	case UI_KEY_ESC_CSI:
		if (ch > 0xff) {	/* a real key: the sequence was cut */
			ui_key_esc = UI_KEY_ESC_NONE;
			evtimer_del(ui_key_timer);
			break;
		}
		if (ch >= 0x40 && ch <= 0x7e) {
			ui_key_esc = UI_KEY_ESC_NONE;
			evtimer_del(ui_key_timer);
		}
		return;
	case UI_KEY_ESC_SS3:
		ui_key_esc = UI_KEY_ESC_NONE;
		evtimer_del(ui_key_timer);
		if (ch > 0xff)
			break;
		return;
	}

	if (ch == 27) {
		ui_key_esc = UI_KEY_ESC_WAIT_DIGIT;
		ui_key_esc_time = now;
		ui_key_arm();
		return;
	}
	if (ch == KEY_RESIZE) {
		/* ncurses has taken the new size itself: redraw only. */
		ui_screen_redraw();
		return;
	}
	key = ui_key_translate(ch);
	if (key != -1)
		ui_key_callback(key, now);
}

static int
ui_key_translate(int ch)
{
	switch (ch) {
	case '\r':
	case '\n':
	case KEY_ENTER:
		return (UI_KEY_ENTER);
	case '\t':
		return (UI_KEY_TAB);
	case KEY_BTAB:
		return (UI_KEY_BTAB);
	case '\b':
	case 0x7f:
	case KEY_BACKSPACE:
		return (UI_KEY_BACKSPACE);
	case KEY_DC:
		return (UI_KEY_DELETE);
	case KEY_UP:
		return (UI_KEY_UP);
	case KEY_DOWN:
		return (UI_KEY_DOWN);
	case KEY_LEFT:
		return (UI_KEY_LEFT);
	case KEY_RIGHT:
		return (UI_KEY_RIGHT);
	case KEY_HOME:
	case KEY_A1:
		return (UI_KEY_HOME);
	case KEY_END:
	case KEY_C1:
		return (UI_KEY_END);
	case KEY_PPAGE:
	case KEY_A3:
		return (UI_KEY_PPAGE);
	case KEY_NPAGE:
	case KEY_C3:
		return (UI_KEY_NPAGE);
	case KEY_F(0):		/* vt100 kf0 */
		return (UI_KEY_F(10));
	}
	if (ch >= KEY_F(1) && ch <= KEY_F(12))
		return (UI_KEY_F(ch - KEY_F(1) + 1));
	if (ch >= 0 && ch < 0x7f)
		return (ch);
	return (-1);	/* non-ASCII bytes and keys we have no use for */
}
