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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

/*
 * The screen: ncurses set-up and tear-down, size, and the dirty flag that
 * batches redraws to one per pass of the event loop. Everything is drawn
 * into stdscr and sent with one doupdate().
 */

static SCREEN	*ui_screen_term;
static int	ui_screen_active;
static int	ui_screen_is_ascii;
static int	ui_screen_dirty_flag = 1;
static int	ui_screen_full;		/* clear and repaint everything */
static int	ui_screen_cy = -1;	/* where the cursor goes, or -1 */
static int	ui_screen_cx = -1;

/*
 * Take over the terminal. newterm() rather than initscr(), which exits by
 * itself (with a message into stderr, which is the log by now) when it
 * cannot use the terminal.
 */
int
ui_screen_init(char **cause)
{
	const char	*acsc, *term;

	term = getenv("TERM");
	if (term == NULL || *term == '\0') {
		xasprintf(cause, "TERM is not set: set it to the terminal's "
		    "type (xterm, vt100, linux, ...)");
		return (-1);
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		xasprintf(cause, "stash must run on a terminal");
		return (-1);
	}
	ui_screen_term = newterm(NULL, stdout, stdin);
	if (ui_screen_term == NULL) {
		xasprintf(cause, "cannot use terminal type %s: no terminfo "
		    "entry, or it cannot move the cursor", term);
		return (-1);
	}
	set_term(ui_screen_term);
	ui_screen_active = 1;

	/*
	 * raw() rather than cbreak(): a stray ^C or ^Z must not close the
	 * register with a cart on it. stash is left with F10 at the login
	 * screen, or with SIGTERM.
	 */
	raw();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	meta(stdscr, TRUE);
	/* ESC-digit is read by ui-key.c, a lone ESC need not wait long. */
	set_escdelay(25);

	/* Terminals without ACS (or with an empty acsc) get ASCII lines. */
	acsc = tigetstr("acsc");
	if (acsc == NULL || acsc == (char *)-1 || *acsc == '\0' ||
	    getenv("STASH_ASCII") != NULL)
		ui_screen_is_ascii = 1;

	ui_colour_init();
	curs_set(0);
	ui_screen_full = 1;
	ui_screen_dirty_flag = 1;
	return (0);
}

void
ui_screen_done(void)
{
	if (!ui_screen_active)
		return;
	curs_set(1);
	endwin();
	delscreen(ui_screen_term);
	ui_screen_term = NULL;
	ui_screen_active = 0;
}

/* The terminal changed size (SIGWINCH): take the new size, redraw all. */
void
ui_screen_resize(void)
{
	struct winsize	ws;

	if (!ui_screen_active)
		return;
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui_screen_full = 1;
	ui_screen_dirty_flag = 1;
}

/* Repaint everything at the next redraw. */
void
ui_screen_redraw(void)
{
	ui_screen_full = 1;
	ui_screen_dirty_flag = 1;
}

int
ui_screen_rows(void)
{
	return (LINES);
}

int
ui_screen_cols(void)
{
	return (COLS);
}

int
ui_screen_ascii(void)
{
	return (ui_screen_is_ascii);
}

void
ui_screen_dirty(void)
{
	ui_screen_dirty_flag = 1;
}

int
ui_screen_is_dirty(void)
{
	return (ui_screen_dirty_flag);
}

/* Start a redraw: the whole screen is drawn again into stdscr. */
void
ui_screen_begin(void)
{
	if (ui_screen_full) {
		clearok(curscr, TRUE);
		ui_screen_full = 0;
	}
	attrset(ui_colour_attr(UI_NORMAL));
	bkgdset(' ' | ui_colour_attr(UI_NORMAL));
	erase();
	ui_screen_cy = ui_screen_cx = -1;
}

/* Finish a redraw: place the cursor and send the changes. */
void
ui_screen_end(void)
{
	if (ui_screen_cy >= 0 && ui_screen_cy < LINES && ui_screen_cx >= 0 &&
	    ui_screen_cx < COLS) {
		move(ui_screen_cy, ui_screen_cx);
		curs_set(1);
	} else {
		move(LINES - 1, COLS - 1);
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
	ui_screen_dirty_flag = 0;
}

void
ui_screen_beep(void)
{
	beep();
}

/* Show the cursor here after this redraw (an input has the focus). */
void
ui_screen_cursor(int y, int x)
{
	ui_screen_cy = y;
	ui_screen_cx = x;
}
