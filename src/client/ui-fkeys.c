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

#include <string.h>

#include "client.h"

/*
 * The function-key bar on the bottom line, htop style: the key in plain
 * bold, its label in a coloured (or reverse) block. When the keys do not
 * all fit (80 columns and a screen with many keys), they are shown a page
 * at a time, the last slot saying "^O More": Ctrl-O (screen.c, for every
 * screen) shows the next page, and after the last the first again. Every
 * key works whichever page is shown.
 */

#define UI_FKEYS_MORE_KEY	"^O"
#define UI_FKEYS_MORE_LABEL	"More"

static const struct ui_fkey	*ui_fkeys_last;	/* the set drawn last */
static u_int			 ui_fkeys_first;	/* its page's first key */
static u_int			 ui_fkeys_next;	/* the next page's, or 0 */
static int			 ui_fkeys_paged;

/* The width of one key and its label. */
static int
ui_fkeys_width(const struct ui_fkey *k)
{
	return (ui_draw_width(k->key) + ui_draw_width(k->label) + 2);
}

static int
ui_fkeys_one(int y, int x, const char *key, const char *label)
{
	int	kw = ui_draw_width(key), lw = ui_draw_width(label);

	ui_draw_str(y, x, kw, UI_FKEY, key);
	x += kw;
	ui_draw_fill(y, x, lw + 2, UI_FLABEL);
	ui_draw_str(y, x + 1, lw, UI_FLABEL, label);
	return (x + lw + 2);
}

void
ui_fkeys_draw(int y, const struct ui_fkey *keys, u_int n)
{
	int	x = 0, cols = ui_screen_cols(), all = 0, more;
	u_int	i;

	if (keys != ui_fkeys_last) {
		ui_fkeys_last = keys;
		ui_fkeys_first = 0;
	}
	for (i = 0; i < n; i++)
		all += ui_fkeys_width(&keys[i]);
	ui_fkeys_paged = all > cols;
	if (!ui_fkeys_paged || ui_fkeys_first >= n)
		ui_fkeys_first = 0;

	ui_draw_fill(y, 0, 0, UI_NORMAL);
	more = ui_draw_width(UI_FKEYS_MORE_KEY) +
	    ui_draw_width(UI_FKEYS_MORE_LABEL) + 2;
	ui_fkeys_next = 0;
	for (i = ui_fkeys_first; i < n; i++) {
		if (x + ui_fkeys_width(&keys[i]) + (ui_fkeys_paged ? more :
		    0) > cols) {
			ui_fkeys_next = i;
			break;
		}
		x = ui_fkeys_one(y, x, keys[i].key, keys[i].label);
	}
	if (ui_fkeys_paged && x + more <= cols)
		x = ui_fkeys_one(y, x, UI_FKEYS_MORE_KEY, UI_FKEYS_MORE_LABEL);
	if (x < cols)
		ui_draw_fill(y, x, cols - x, UI_FLABEL);
}

/* ^O: the next page of keys. Returns 0 if they all fit on one. */
int
ui_fkeys_more(void)
{
	if (!ui_fkeys_paged)
		return (0);
	ui_fkeys_first = ui_fkeys_next;
	ui_screen_dirty();
	return (1);
}
