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

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "dev.h"

/*
 * Logic Controls 2x20 pole displays in native mode: US DC1 resets to
 * normal mode, DLE p moves the cursor (0x00-0x13 line 1, 0x14-0x27 line
 * 2). Lines are padded or cut to 20 columns; control bytes become '?'.
 */

#define DISPLAY_COLS	20

static void
dev_display_logic_line(struct buf *b, const char *s)
{
	size_t	i, len = strlen(s);

	for (i = 0; i < DISPLAY_COLS; i++) {
		if (i >= len)
			buf_addc(b, ' ');
		else if ((u_char)s[i] < 0x20 || (u_char)s[i] == 0x7f)
			buf_addc(b, '?');
		else
			buf_addc(b, s[i]);
	}
}

void
dev_display_logic_screen(struct buf *b, const char *l1, const char *l2)
{
	static const u_char	row1[] = { 0x1f, 0x11, 0x10, 0x00 };
	static const u_char	row2[] = { 0x10, 0x14 };

	buf_add(b, row1, sizeof row1);
	dev_display_logic_line(b, l1);
	buf_add(b, row2, sizeof row2);
	dev_display_logic_line(b, l2);
}
