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
 * A scrolling list (tmux mode-tree, NeoMutt's menu): the owner says how many
 * lines there are and a callback writes each one; the list keeps the
 * selection in view and draws a scroll mark when there is more above or
 * below. With noselect set it is a viewer: the keys scroll, no line is
 * highlighted.
 */

#define UI_LIST_LINE	512

void
ui_list_init(struct ui_list *l, ui_list_line_cb line, void *arg)
{
	memset(l, 0, sizeof *l);
	l->line = line;
	l->arg = arg;
	l->height = 1;
}

void
ui_list_set_count(struct ui_list *l, u_int count)
{
	l->count = count;
	if (count == 0)
		l->sel = l->top = 0;
	else if (l->sel >= count)
		l->sel = count - 1;
	if (l->top >= count)
		l->top = count > 0 ? count - 1 : 0;
}

static void
ui_list_fix_top(struct ui_list *l)
{
	u_int	h = l->height > 0 ? l->height : 1;

	if (l->noselect) {
		if (l->count <= h)
			l->top = 0;
		else if (l->top > l->count - h)
			l->top = l->count - h;
		return;
	}
	if (l->sel < l->top)
		l->top = l->sel;
	else if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
}

void
ui_list_select(struct ui_list *l, u_int idx)
{
	if (l->count == 0)
		return;
	l->sel = idx < l->count ? idx : l->count - 1;
	ui_list_fix_top(l);
	ui_screen_dirty();
}

/* Movement keys; returns 1 if the key was one. */
int
ui_list_key(struct ui_list *l, int key)
{
	u_int	h = l->height > 1 ? l->height - 1 : 1;
	u_int	*pos = l->noselect ? &l->top : &l->sel;

	switch (key) {
	case UI_KEY_UP:
		if (*pos > 0)
			(*pos)--;
		break;
	case UI_KEY_DOWN:
		if (*pos + 1 < l->count)
			(*pos)++;
		break;
	case UI_KEY_PPAGE:
		*pos = *pos > h ? *pos - h : 0;
		break;
	case UI_KEY_NPAGE:
		*pos += h;
		if (*pos >= l->count)
			*pos = l->count > 0 ? l->count - 1 : 0;
		break;
	case UI_KEY_HOME:
		*pos = 0;
		break;
	case UI_KEY_END:
		*pos = l->count > 0 ? l->count - 1 : 0;
		break;
	default:
		return (0);
	}
	ui_list_fix_top(l);
	ui_screen_dirty();
	return (1);
}

void
ui_list_draw(struct ui_list *l, const struct ui_rect *r)
{
	char		 line[UI_LIST_LINE];
	enum ui_colour	 c;
	u_int		 i, idx;
	int		 w;

	if (r->h <= 0 || r->w <= 0)
		return;
	l->height = (u_int)r->h;
	ui_list_fix_top(l);
	w = r->w - 1;		/* the last column is for the scroll mark */
	for (i = 0; i < (u_int)r->h; i++) {
		idx = l->top + i;
		if (idx >= l->count)
			break;
		line[0] = '\0';
		c = UI_NORMAL;
		l->line(l->arg, idx, line, sizeof line, &c);
		if (!l->noselect && idx == l->sel)
			c = UI_SELECTED;
		ui_draw_fill(r->y + (int)i, r->x, w, c);
		ui_draw_str(r->y + (int)i, r->x, w, c, line);
	}
	if (l->top > 0)
		ui_draw_str(r->y, r->x + w, 1, UI_DIM, "^");
	if (l->top + (u_int)r->h < l->count)
		ui_draw_str(r->y + r->h - 1, r->x + w, 1, UI_DIM, "v");
}
