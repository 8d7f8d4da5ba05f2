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

#include <curses.h>
#include <stdlib.h>

#include "client.h"

/*
 * Semantic colours (htop's ColorElements). Screens name what a thing is;
 * this file decides how it looks. Every element has a monochrome form made
 * of attributes only, used when the terminal has no colours (vt100) or when
 * NO_COLOR is set, so nothing depends on colour to be read.
 */

struct ui_colour_theme {
	short	fg;
	short	bg;
	u_int	attr;		/* with colour */
	u_int	mono;		/* without colour */
};

static const struct ui_colour_theme ui_colour_theme[UI_COLOUR_MAX] = {
	[UI_NORMAL] =	{ -1, -1, A_NORMAL, A_NORMAL },
	[UI_TITLE] =	{ COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[UI_BANNER] =	{ COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE|A_BOLD },
	[UI_INFO] =	{ -1, -1, A_NORMAL, A_NORMAL },
	[UI_OK] =	{ COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[UI_WARN] =	{ COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_ERROR] =	{ COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE },
	[UI_FKEY] =	{ -1, -1, A_BOLD, A_BOLD },
	[UI_FLABEL] =	{ COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[UI_HEADER] =	{ COLOR_BLACK, COLOR_GREEN, A_NORMAL, A_UNDERLINE },
	[UI_SELECTED] =	{ COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[UI_PROMPT] =	{ COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[UI_INPUT] =	{ -1, -1, A_UNDERLINE, A_UNDERLINE },
	[UI_BOX] =	{ COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[UI_DIM] =	{ COLOR_BLUE, -1, A_BOLD, A_NORMAL },
	[UI_TOTAL] =	{ COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_BIG] =	{ COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[UI_VOID] =	{ COLOR_RED, -1, A_BOLD, A_BOLD },
	[UI_PASS] =	{ COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE|A_BOLD },
	[UI_SERIES1] =	{ COLOR_BLUE, -1, A_BOLD, A_NORMAL },
	[UI_SERIES2] =	{ COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
	[UI_SERIES3] =	{ COLOR_RED, -1, A_NORMAL, A_NORMAL },
	[UI_SERIES4] =	{ COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[UI_SERIES5] =	{ COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[UI_SERIES6] =	{ COLOR_MAGENTA, -1, A_NORMAL, A_NORMAL },
};

static int	ui_colour_on;

void
ui_colour_init(void)
{
	const struct ui_colour_theme	*t;
	int				 i;
	const char			*nc;

	nc = getenv("NO_COLOR");
	if (!has_colors() || (nc != NULL && *nc != '\0'))
		return;
	if (start_color() == ERR)
		return;
	use_default_colors();
	for (i = 1; i < UI_COLOUR_MAX; i++) {
		t = &ui_colour_theme[i];
		if (i >= COLOR_PAIRS)
			return;
		init_pair((short)i, t->fg, t->bg);
	}
	ui_colour_on = 1;
}

int
ui_colour_enabled(void)
{
	return (ui_colour_on);
}

/* The attributes to draw an element with. */
u_int
ui_colour_attr(enum ui_colour c)
{
	const struct ui_colour_theme	*t;

	if (c >= UI_COLOUR_MAX)
		c = UI_NORMAL;
	t = &ui_colour_theme[c];
	if (!ui_colour_on)
		return (t->mono);
	if (c == UI_NORMAL)
		return (t->attr);
	return (t->attr | (u_int)COLOR_PAIR(c));
}
