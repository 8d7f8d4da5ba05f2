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
#include <stdlib.h>
#include <string.h>

#include "client.h"

/*
 * The title line at the top, the banner under it while the connection is
 * down, and the status line above the key bar, where screens say what
 * happened: the server's error messages, confirmations, hints. A message
 * wider than the screen (80 columns and a server's message, or a name
 * typed into one) wraps at a space onto a second line, which the body
 * gives up while the message stands; a third line's worth is cut.
 */

#define UI_STATUS_LINES	2

static char		*ui_status_msg;
static enum ui_colour	 ui_status_colour = UI_INFO;

void
ui_status_set(enum ui_colour c, const char *fmt, ...)
{
	va_list	ap;

	free(ui_status_msg);
	va_start(ap, fmt);
	xvasprintf(&ui_status_msg, fmt, ap);
	va_end(ap);
	ui_status_colour = c;
	ui_screen_dirty();
}

void
ui_status_clear(void)
{
	free(ui_status_msg);
	ui_status_msg = NULL;
	ui_screen_dirty();
}

const char *
ui_status_text(void)
{
	return (ui_status_msg != NULL ? ui_status_msg : "");
}

/* The lines the message takes at this width: 1 or UI_STATUS_LINES. */
int
ui_status_rows(void)
{
	if (ui_status_msg == NULL ||
	    ui_draw_width(ui_status_msg) <= ui_screen_cols() - 2)
		return (1);
	return (UI_STATUS_LINES);
}

/* The message on the ui_status_rows() lines from y. */
void
ui_status_draw(int y)
{
	char	*lines[UI_STATUS_LINES];
	int	 n, i, w;

	for (i = 0; i < ui_status_rows(); i++)
		ui_draw_fill(y + i, 0, 0, UI_NORMAL);
	if (ui_status_msg == NULL)
		return;
	n = ui_dialog_wrap(ui_status_msg, ui_screen_cols() - 2, lines,
	    ui_status_rows());
	for (i = 0; i < n; i++) {
		w = ui_draw_width(lines[i]);
		ui_draw_fill(y + i, 0, w + 2, ui_status_colour);
		ui_draw_str(y + i, 1, 0, ui_status_colour, lines[i]);
		free(lines[i]);
	}
}

/* The title line: left text, right text (the clock), full width. */
void
ui_status_title(int y, const char *left, const char *right)
{
	int	cols = ui_screen_cols(), rw;

	ui_draw_fill(y, 0, 0, UI_TITLE);
	rw = ui_draw_width(right);
	if (rw + 2 < cols)
		ui_draw_str(y, cols - rw - 1, rw, UI_TITLE, right);
	else
		rw = -1;
	ui_draw_str(y, 1, cols - rw - 3, UI_TITLE, left);
}

/* A full-width alert line. */
void
ui_status_banner(int y, const char *text)
{
	ui_draw_fill(y, 0, 0, UI_BANNER);
	ui_draw_centre(y, 0, ui_screen_cols(), UI_BANNER, text);
}
