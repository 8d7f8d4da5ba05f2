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
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "client.h"

/*
 * Drawing primitives. Text from the server (product names, messages) is
 * drawn through ui_draw_str, which clips to the screen and a width, shows
 * control characters as '?' (so no string can send escape sequences to the
 * terminal) and measures multibyte characters when the locale has them.
 */

/*
 * The next character of s: its byte length and display width. Invalid or
 * unprintable characters are one byte drawn as '?' (*ok = 0).
 */
static size_t
ui_draw_char(const char *s, size_t left, int *width, int *ok)
{
	mbstate_t	ps;
	wchar_t		wc;
	size_t		n;
	int		w;

	*ok = 1;
	*width = 1;
	if ((u_char)*s < 0x80) {
		if ((u_char)*s < 0x20 || *s == 0x7f)
			*ok = 0;
		return (1);
	}
	if (MB_CUR_MAX == 1) {
		*ok = 0;
		return (1);
	}
	memset(&ps, 0, sizeof ps);
	n = mbrtowc(&wc, s, left, &ps);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*ok = 0;
		return (1);
	}
	w = wcwidth(wc);
	if (w < 0) {
		*ok = 0;
		return (n);
	}
	*width = w;
	return (n);
}

/* The display width of a string. */
int
ui_draw_width(const char *s)
{
	size_t	left = strlen(s), n;
	int	w, ok, total = 0;

	while (left > 0) {
		n = ui_draw_char(s, left, &w, &ok);
		total += w;
		s += n;
		left -= n;
	}
	return (total);
}

/*
 * Draw s at y, x in at most w columns (w <= 0: to the right edge). Returns
 * the columns drawn.
 */
int
ui_draw_str(int y, int x, int w, enum ui_colour c, const char *s)
{
	size_t	left, n;
	int	cw, ok, used = 0, limit;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return (0);
	limit = COLS - x;
	if (w > 0 && w < limit)
		limit = w;
	attrset(ui_colour_attr(c));
	move(y, x);
	left = strlen(s);
	while (left > 0) {
		n = ui_draw_char(s, left, &cw, &ok);
		if (used + cw > limit)
			break;
		if (!ok)
			addch('?');
		else if (n == 1)
			addch((u_char)*s);
		else
			addnstr(s, (int)n);
		used += cw;
		s += n;
		left -= n;
	}
	attrset(ui_colour_attr(UI_NORMAL));
	return (used);
}

int
ui_draw_text(int y, int x, int w, enum ui_colour c, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 used;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	used = ui_draw_str(y, x, w, c, s);
	free(s);
	return (used);
}

/* Right-aligned in the w columns starting at x. */
int
ui_draw_right(int y, int x, int w, enum ui_colour c, const char *s)
{
	int	sw;

	sw = ui_draw_width(s);
	if (sw > w)
		return (ui_draw_str(y, x, w, c, s));
	return (ui_draw_str(y, x + w - sw, w, c, s));
}

void
ui_draw_centre(int y, int x, int w, enum ui_colour c, const char *s)
{
	int	sw;

	sw = ui_draw_width(s);
	if (sw >= w)
		ui_draw_str(y, x, w, c, s);
	else
		ui_draw_str(y, x + (w - sw) / 2, w, c, s);
}

static void	ui_draw_run(int, int, int, enum ui_colour, int);

/* w columns of blanks in colour c (w <= 0: to the right edge). */
void
ui_draw_fill(int y, int x, int w, enum ui_colour c)
{
	ui_draw_run(y, x, w, c, 0);
}

void
ui_draw_clear(const struct ui_rect *r, enum ui_colour c)
{
	int	i;

	for (i = 0; i < r->h; i++)
		ui_draw_fill(r->y + i, r->x, r->w, c);
}

/*
 * One piece of a line or frame: 0 horizontal, 1 vertical, 2 to 5 the
 * corners (top left, top right, bottom left, bottom right). ASCII when the
 * terminal has no line drawing (no acsc); Unicode box drawing in a UTF-8
 * locale; the terminal's alternate character set otherwise.
 */
static void
ui_draw_line_piece(int y, int x, int which)
{
	static const char	 ascii[] = "-|++++";
	const cchar_t		*wc;
	chtype			 ch;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (ui_screen_ascii()) {
		mvaddch(y, x, (chtype)ascii[which]);
		return;
	}
	if (MB_CUR_MAX > 1) {
		switch (which) {
		case 0:
			wc = WACS_HLINE;
			break;
		case 1:
			wc = WACS_VLINE;
			break;
		case 2:
			wc = WACS_ULCORNER;
			break;
		case 3:
			wc = WACS_URCORNER;
			break;
		case 4:
			wc = WACS_LLCORNER;
			break;
		default:
			wc = WACS_LRCORNER;
			break;
		}
		mvadd_wch(y, x, wc);
		return;
	}
	switch (which) {
	case 0:
		ch = ACS_HLINE;
		break;
	case 1:
		ch = ACS_VLINE;
		break;
	case 2:
		ch = ACS_ULCORNER;
		break;
	case 3:
		ch = ACS_URCORNER;
		break;
	case 4:
		ch = ACS_LLCORNER;
		break;
	default:
		ch = ACS_LRCORNER;
		break;
	}
	mvaddch(y, x, ch);
}

/*
 * w columns (w <= 0: to the right edge) in colour c from (y, x), clipped
 * to the screen: blanks, or with line set a horizontal line.
 */
static void
ui_draw_run(int y, int x, int w, enum ui_colour c, int line)
{
	int	i;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (w <= 0 || x + w > COLS)
		w = COLS - x;
	attrset(ui_colour_attr(c));
	for (i = 0; i < w; i++) {
		if (line)
			ui_draw_line_piece(y, x + i, 0);
		else
			mvaddch(y, x + i, ' ');
	}
	attrset(ui_colour_attr(UI_NORMAL));
}

void
ui_draw_hline(int y, int x, int w, enum ui_colour c)
{
	ui_draw_run(y, x, w, c, 1);
}

/* A frame around r, with an optional title in the top edge. */
void
ui_draw_box(const struct ui_rect *r, enum ui_colour c, const char *title)
{
	int	i;

	if (r->w < 2 || r->h < 2)
		return;
	attrset(ui_colour_attr(c));
	ui_draw_line_piece(r->y, r->x, 2);
	ui_draw_line_piece(r->y, r->x + r->w - 1, 3);
	ui_draw_line_piece(r->y + r->h - 1, r->x, 4);
	ui_draw_line_piece(r->y + r->h - 1, r->x + r->w - 1, 5);
	for (i = 1; i < r->w - 1; i++) {
		ui_draw_line_piece(r->y, r->x + i, 0);
		ui_draw_line_piece(r->y + r->h - 1, r->x + i, 0);
	}
	for (i = 1; i < r->h - 1; i++) {
		ui_draw_line_piece(r->y + i, r->x, 1);
		ui_draw_line_piece(r->y + i, r->x + r->w - 1, 1);
	}
	attrset(ui_colour_attr(UI_NORMAL));
	if (title != NULL && *title != '\0' && r->w > 6) {
		ui_draw_str(r->y, r->x + 2, 1, c, " ");
		i = ui_draw_str(r->y, r->x + 3, r->w - 6, c, title);
		ui_draw_str(r->y, r->x + 3 + i, 1, c, " ");
	}
}

/*
 * Big digits, three rows of seven-segment ASCII: legible on every terminal,
 * with or without colour or line drawing.
 */
static const char *ui_draw_big_digits[10][3] = {
	{ " _ ", "| |", "|_|" },
	{ "   ", "  |", "  |" },
	{ " _ ", " _|", "|_ " },
	{ " _ ", " _|", " _|" },
	{ "   ", "|_|", "  |" },
	{ " _ ", "|_ ", " _|" },
	{ " _ ", "|_ ", "|_|" },
	{ " _ ", "  |", "  |" },
	{ " _ ", "|_|", "|_|" },
	{ " _ ", "|_|", " _|" },
};

int
ui_draw_big_width(const char *s)
{
	int	w = 0;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			w += 4;
		else
			w += 2;
	}
	return (w);
}

void
ui_draw_big(int y, int x, enum ui_colour c, const char *s)
{
	const char	*g;
	int		 row;

	for (; *s != '\0'; s++) {
		for (row = 0; row < 3; row++) {
			if (*s >= '0' && *s <= '9')
				g = ui_draw_big_digits[*s - '0'][row];
			else if (*s == '.' || *s == ',')
				g = row == 2 ? "o" : " ";
			else if (*s == '-')
				g = row == 1 ? "-" : " ";
			else
				g = " ";
			ui_draw_str(y + row, x, 3, c, g);
		}
		x += (*s >= '0' && *s <= '9') ? 4 : 2;
	}
}

/*
 * Banner letters, five rows high, for the few words a screen shouts across
 * a room (the door's OK and NOT ELIGIBLE). Other characters are blank.
 */
#define UI_DRAW_BANNER_ROWS	5
static const struct {
	char		 c;
	const char	*rows[UI_DRAW_BANNER_ROWS];
} ui_draw_banner_font[] = {
	{ 'B', { "#### ", "#   #", "#### ", "#   #", "#### " } },
	{ 'E', { "#####", "#    ", "#### ", "#    ", "#####" } },
	{ 'G', { " ####", "#    ", "#  ##", "#   #", " ####" } },
	{ 'I', { "###", " # ", " # ", " # ", "###" } },
	{ 'K', { "#   #", "#  # ", "###  ", "#  # ", "#   #" } },
	{ 'L', { "#    ", "#    ", "#    ", "#    ", "#####" } },
	{ 'N', { "#   #", "##  #", "# # #", "#  ##", "#   #" } },
	{ 'O', { " ### ", "#   #", "#   #", "#   #", " ### " } },
	{ 'T', { "#####", "  #  ", "  #  ", "  #  ", "  #  " } },
	{ ' ', { "   ", "   ", "   ", "   ", "   " } },
};

static const char *const *
ui_draw_banner_glyph(char c)
{
	size_t	i;

	for (i = 0; i < sizeof ui_draw_banner_font /
	    sizeof ui_draw_banner_font[0]; i++) {
		if (ui_draw_banner_font[i].c == c)
			return (ui_draw_banner_font[i].rows);
	}
	return (ui_draw_banner_font[i - 1].rows);	/* blank */
}

/* Columns s takes in banner letters (one between letters). */
int
ui_draw_banner_width(const char *s)
{
	int	w = 0;

	for (; *s != '\0'; s++)
		w += (int)strlen(ui_draw_banner_glyph(*s)[0]) + 1;
	return (w > 0 ? w - 1 : 0);
}

/* s in banner letters, centred in w columns from x, rows y to y + 4. */
void
ui_draw_banner(int y, int x, int w, enum ui_colour c, const char *s)
{
	const char *const	*g;
	int			 row, cx, bw;
	const char		*p;

	bw = ui_draw_banner_width(s);
	if (bw > w)
		bw = w;
	for (row = 0; row < UI_DRAW_BANNER_ROWS; row++) {
		cx = x + (w - bw) / 2;
		for (p = s; *p != '\0'; p++) {
			g = ui_draw_banner_glyph(*p);
			if (cx + (int)strlen(g[row]) > x + w)
				break;
			ui_draw_str(y + row, cx, (int)strlen(g[row]), c,
			    g[row]);
			cx += (int)strlen(g[row]) + 1;
		}
	}
}

/*
 * Shorten s to at most max characters, keeping the head and the tail
 * ("1A4060300000000000001001" at 12 is "1A40..001001": the tail is the part
 * that tells packages apart).
 */
char *
ui_draw_abbrev(const char *s, size_t max, char *out, size_t len)
{
	size_t	n = strlen(s), head, tail;

	if (n <= max || max < 6) {
		snprintf(out, len, "%.*s", (int)(max < n ? max : n), s);
		return (out);
	}
	head = 4;
	tail = max - 2 - head;
	snprintf(out, len, "%.*s..%s", (int)head, s, s + n - tail);
	return (out);
}
