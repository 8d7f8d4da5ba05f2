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
 * bold, its label in a coloured (or reverse) block. Keys that do not fit
 * are left off from the right, so the first keys should matter most.
 */

void
ui_fkeys_draw(int y, const struct ui_fkey *keys, u_int n)
{
	int	x = 0, cols = ui_screen_cols(), kw, lw;
	u_int	i;

	ui_draw_fill(y, 0, 0, UI_NORMAL);
	for (i = 0; i < n; i++) {
		kw = ui_draw_width(keys[i].key);
		lw = ui_draw_width(keys[i].label);
		if (x + kw + lw + 2 > cols)
			break;
		ui_draw_str(y, x, kw, UI_FKEY, keys[i].key);
		x += kw;
		ui_draw_fill(y, x, lw + 2, UI_FLABEL);
		ui_draw_str(y, x + 1, lw, UI_FLABEL, keys[i].label);
		x += lw + 2;
	}
	if (x < cols)
		ui_draw_fill(y, x, cols - x, UI_FLABEL);
}
