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

#include <stdlib.h>
#include <string.h>

#include "client.h"

/*
 * Dialogs: a framed box in the middle of the screen. ui_dialog_frame draws
 * an empty one and returns the inside for the caller to fill (a list, an
 * input); ui_dialog_message draws one with wrapped text and a footer line
 * naming the keys.
 */

#define UI_DIALOG_LINES	16

/*
 * Wrap text at spaces into lines of at most w columns; '\n' breaks a line.
 * Returns the number of lines, at most max; each line is allocated.
 */
int
ui_dialog_wrap(const char *text, int w, char **lines, int max)
{
	const char	*p = text, *brk, *q;
	int		 n = 0, cols;
	size_t		 len;

	if (w < 1)
		w = 1;
	while (*p != '\0' && n < max) {
		cols = 0;
		brk = NULL;
		for (q = p; *q != '\0' && *q != '\n'; q++) {
			if (*q == ' ')
				brk = q;
			if ((*(const u_char *)q & 0xc0) != 0x80)
				cols++;
			if (cols > w)
				break;
		}
		if (*q == '\0' || *q == '\n')
			len = (size_t)(q - p);
		else if (brk != NULL && brk > p)
			len = (size_t)(brk - p);
		else
			len = (size_t)(q - p);
		lines[n++] = xstrndup(p, len);
		p += len;
		while (*p == ' ')
			p++;
		if (*p == '\n')
			p++;
	}
	return (n);
}

/* A centred frame w by h (clipped to the screen); *inner is its inside. */
void
ui_dialog_frame(int w, int h, const char *title, enum ui_colour c,
    struct ui_rect *inner)
{
	struct ui_rect	r;
	int		rows = ui_screen_rows(), cols = ui_screen_cols();

	if (w > cols - 2)
		w = cols - 2;
	if (h > rows - 2)
		h = rows - 2;
	r.w = w;
	r.h = h;
	r.x = (cols - w) / 2;
	r.y = (rows - h) / 2;
	ui_draw_clear(&r, UI_NORMAL);
	ui_draw_box(&r, c, title);
	inner->x = r.x + 2;
	inner->y = r.y + 1;
	inner->w = r.w - 4;
	inner->h = r.h - 2;
}

void
ui_dialog_message(const char *title, const char *text, const char *footer,
    enum ui_colour c)
{
	char		*lines[UI_DIALOG_LINES];
	struct ui_rect	 in;
	int		 n, i, w, fw;

	w = ui_screen_cols() - 10;
	if (w > 60)
		w = 60;
	n = ui_dialog_wrap(text, w - 4, lines, UI_DIALOG_LINES);
	fw = footer != NULL ? ui_draw_width(footer) + 4 : 0;
	if (fw > w)
		w = fw;
	ui_dialog_frame(w, n + (footer != NULL ? 4 : 2), title, c, &in);
	for (i = 0; i < n; i++) {
		if (i < in.h)
			ui_draw_str(in.y + i, in.x, in.w, UI_NORMAL, lines[i]);
		free(lines[i]);
	}
	if (footer != NULL)
		ui_draw_centre(in.y + in.h - 1, in.x, in.w, UI_DIM, footer);
}
