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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

/*
 * A chart as a standalone SVG file: a white page with the title, the
 * value axis with its nice ticks and grid, the points' labels (as many as
 * fit side by side), the bars or lines, and a legend when there is more
 * than one series. Nothing but the SVG 1.1 basics (rect, line, polyline,
 * text), so a browser prints it and rsvg-convert renders it. Every
 * coordinate is a whole pixel worked out with chart_scale; every piece of
 * text is escaped for XML, and bytes that are not UTF-8 become '?'.
 */

#define SVG_W		800
#define SVG_H		450
#define SVG_TOP		64		/* title and legend above */
#define SVG_LEFT	80		/* the value axis' labels */
#define SVG_RIGHT	24
#define SVG_BOTTOM	48		/* the points' labels */
#define SVG_ROW		24		/* a horizontal bar's row */
#define SVG_HBAR_LEFT	160		/* the horizontal bars' names */
#define SVG_CHAR	7		/* a 12px character, about */
#define SVG_TICKS	6
#define SVG_BAR		64		/* a bar's width, at most */

static const char *chart_svg_colours[CHART_SERIES] = {
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
	"#59a14f", "#edc948", "#b07aa1", "#9c755f",
};

/* The length of the UTF-8 sequence at s (left bytes), or 0 if it is not. */
static size_t
chart_svg_utf8(const u_char *s, size_t left)
{
	size_t	n, i;

	if (*s < 0x80)
		return (1);
	if (*s >= 0xc2 && *s <= 0xdf)
		n = 2;
	else if (*s >= 0xe0 && *s <= 0xef)
		n = 3;
	else if (*s >= 0xf0 && *s <= 0xf4)
		n = 4;
	else
		return (0);
	if (n > left)
		return (0);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
	}
	/* No overlong three- or four-byte forms, no surrogates. */
	if (n == 3 && ((s[0] == 0xe0 && s[1] < 0xa0) ||
	    (s[0] == 0xed && s[1] >= 0xa0)))
		return (0);
	if (n == 4 && ((s[0] == 0xf0 && s[1] < 0x90) ||
	    (s[0] == 0xf4 && s[1] >= 0x90)))
		return (0);
	return (n);
}

/*
 * The first most characters of s (whole UTF-8 sequences) into out, and an
 * ellipsis when that is not all of it.
 */
static void
chart_svg_cut(const char *s, size_t most, char *out, size_t len)
{
	size_t	left = strlen(s), n, used = 0;

	while (left > 0 && most > 0) {
		if ((n = chart_svg_utf8((const u_char *)s, left)) == 0)
			n = 1;
		if (used + n >= len)
			break;
		memcpy(out + used, s, n);
		used += n;
		s += n;
		left -= n;
		most--;
	}
	out[used] = '\0';
	if (left > 0 && used + 3 < len)
		strlcpy(out + used, "\xe2\x80\xa6", len - used); /* ... */
}

/* s as XML character data or an attribute's value. */
void
chart_svg_escape(FILE *f, const char *s)
{
	size_t	left = strlen(s), n;

	while (left > 0) {
		n = chart_svg_utf8((const u_char *)s, left);
		if (n == 0 || (n == 1 && ((u_char)*s < 0x20 || *s == 0x7f))) {
			fputc('?', f);
			n = 1;
		} else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else if (*s == '\'')
			fputs("&apos;", f);
		else
			fwrite(s, 1, n, f);
		s += n;
		left -= n;
	}
}

static void
chart_svg_text(FILE *f, int x, int y, const char *anchor, int size,
    const char *s)
{
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" "
	    "font-size=\"%d\">", x, y, anchor, size);
	chart_svg_escape(f, s);
	fputs("</text>\n", f);
}

static void
chart_svg_rect(FILE *f, int x, int y, int w, int h, const char *fill)
{
	if (w <= 0 || h <= 0)
		return;
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"%s\"/>\n", x, y, w, h, fill);
}

/* The series' swatches and names under the title. */
static void
chart_svg_legend(FILE *f, const struct chart *c, int w)
{
	u_int	s;
	int	x = SVG_LEFT, len;

	if (c->nseries < 2)
		return;
	for (s = 0; s < c->nseries; s++) {
		len = 16 + (int)strlen(c->names[s]) * SVG_CHAR + 16;
		if (x + len > w && x > SVG_LEFT)
			break;
		chart_svg_rect(f, x, 42, 12, 12, chart_svg_colours[s]);
		chart_svg_text(f, x + 16, 53, "start", 12, c->names[s]);
		x += len;
	}
}

/*
 * The value axis along a span of px pixels: grid lines and labels.
 * vertical: the values go up the page from y0; else right from x0.
 */
static void
chart_svg_axis(FILE *f, const struct chart *c, const struct chart_axis *a,
    int vertical, int x0, int y0, int px, int across)
{
	int64_t	v;
	int	pos;
	char	buf[32];

	for (v = a->lo; v <= a->hi; v += a->step) {
		pos = chart_scale(v, a, px);
		chart_short(c->unit, v, buf, sizeof buf);
		if (vertical) {
			fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
			    "y2=\"%d\" stroke=\"%s\"/>\n", x0, y0 - pos,
			    x0 + across, y0 - pos, v == 0 ? "#333" : "#ddd");
			chart_svg_text(f, x0 - 6, y0 - pos + 4, "end", 12, buf);
		} else {
			fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
			    "y2=\"%d\" stroke=\"%s\"/>\n", x0 + pos, y0,
			    x0 + pos, y0 + across, v == 0 ? "#333" : "#ddd");
			chart_svg_text(f, x0 + pos, y0 + across + 16, "middle",
			    12, buf);
		}
		if (a->hi - v < a->step)
			break;
	}
}

/* The points' labels under a plot, every k-th so that none overlap. */
static void
chart_svg_labels(FILE *f, const struct chart *c, int x0, int y, int slot,
    int centre)
{
	u_int	i, k, widest = 1;
	size_t	len;

	for (i = 0; i < c->npoints; i++) {
		len = strlen(c->labels[i]);
		if (len > widest)
			widest = (u_int)len;
	}
	if (slot < 1)
		slot = 1;
	k = (widest * SVG_CHAR + 8 + (u_int)slot - 1) / (u_int)slot;
	if (k < 1)
		k = 1;
	for (i = 0; i < c->npoints; i += k)
		chart_svg_text(f, x0 + (int)i * slot + (centre ? slot / 2 : 0),
		    y, "middle", 12, c->labels[i]);
}

static void
chart_svg_bars(FILE *f, const struct chart *c, int w, int h)
{
	struct chart_axis	 a;
	int			 pw, ph, x0, y0, slot, bw, zero, top, bot, x;
	int64_t			 v, up, down;
	u_int			 i, s, n;

	pw = w - SVG_LEFT - SVG_RIGHT;
	ph = h - SVG_TOP - SVG_BOTTOM;
	x0 = SVG_LEFT;
	y0 = SVG_TOP + ph;
	chart_axis(c, SVG_TICKS, &a);
	chart_svg_axis(f, c, &a, 1, x0, y0, ph, pw);
	if (c->npoints == 0)
		return;
	slot = pw / (int)c->npoints;
	if (slot < 1)
		slot = 1;
	n = c->kind == CHART_STACK ? 1 : c->nseries;
	bw = (slot * 4 / 5) / (int)(n > 0 ? n : 1);
	if (bw > SVG_BAR)
		bw = SVG_BAR;		/* a few bars are not walls */
	if (bw < 1)
		bw = 1;
	zero = chart_scale(0, &a, ph);
	for (i = 0; i < c->npoints; i++) {
		x = x0 + (int)i * slot + (slot - bw * (int)n) / 2;
		up = down = 0;
		for (s = 0; s < c->nseries; s++) {
			v = c->values[s][i];
			if (c->kind == CHART_STACK) {
				/* From the sum so far to the sum with it. */
				if (v >= 0) {
					bot = chart_scale(up, &a, ph);
					top = chart_scale(up += v, &a, ph);
				} else {
					top = chart_scale(down, &a, ph);
					bot = chart_scale(down += v, &a, ph);
				}
				chart_svg_rect(f, x, y0 - top, bw, top - bot,
				    chart_svg_colours[s]);
				continue;
			}
			top = chart_scale(v, &a, ph);
			bot = zero;
			if (top < bot) {
				bot = top;
				top = zero;
			}
			chart_svg_rect(f, x + (int)s * bw, y0 - top, bw,
			    top - bot, chart_svg_colours[s]);
		}
	}
	chart_svg_labels(f, c, x0, y0 + 20, slot, 1);
}

static void
chart_svg_hbars(FILE *f, const struct chart *c, int w, int h)
{
	struct chart_axis	 a;
	int			 pw, x0, y0, zero, end, lo, hi;
	u_int			 i, s;
	int64_t			 v;
	char			 name[96];

	pw = w - SVG_HBAR_LEFT - SVG_RIGHT;
	x0 = SVG_HBAR_LEFT;
	y0 = SVG_TOP;
	chart_axis(c, SVG_TICKS, &a);
	chart_svg_axis(f, c, &a, 0, x0, y0, pw, (int)c->npoints * SVG_ROW);
	zero = chart_scale(0, &a, pw);
	for (i = 0; i < c->npoints; i++) {
		/* The name, cut to fit its column. */
		chart_svg_cut(c->labels[i], 20, name, sizeof name);
		chart_svg_text(f, x0 - 6, y0 + (int)i * SVG_ROW + 16, "end", 12,
		    name);
		for (s = 0; s < c->nseries; s++) {
			v = c->values[s][i];
			end = chart_scale(v, &a, pw);
			lo = end < zero ? end : zero;
			hi = end < zero ? zero : end;
			chart_svg_rect(f, x0 + lo, y0 + (int)i * SVG_ROW + 4 +
			    (int)s * (16 / (int)c->nseries), hi - lo,
			    16 / (int)c->nseries, chart_svg_colours[s]);
		}
	}
	(void)h;
}

static void
chart_svg_lines(FILE *f, const struct chart *c, int w, int h, int axes)
{
	struct chart_axis	 a;
	int			 pw, ph, x0, y0, x, y;
	u_int			 i, s, gaps;

	pw = w - (axes ? SVG_LEFT + SVG_RIGHT : 16);
	ph = h - (axes ? SVG_TOP + SVG_BOTTOM : 40);
	x0 = axes ? SVG_LEFT : 8;
	y0 = axes ? SVG_TOP + ph : h - 8;
	chart_axis(c, SVG_TICKS, &a);
	if (axes)
		chart_svg_axis(f, c, &a, 1, x0, y0, ph, pw);
	if (c->npoints == 0)
		return;
	gaps = c->npoints > 1 ? c->npoints - 1 : 1;
	for (s = 0; s < c->nseries; s++) {
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2\" points=\"", chart_svg_colours[s]);
		for (i = 0; i < c->npoints; i++) {
			x = x0 + (int)((int64_t)i * pw / gaps);
			y = y0 - chart_scale(c->values[s][i], &a, ph);
			fprintf(f, "%s%d,%d", i == 0 ? "" : " ", x, y);
		}
		fputs("\"/>\n", f);
	}
	if (axes)
		chart_svg_labels(f, c, x0 - (int)(pw / gaps) / 2, y0 + 20,
		    (int)(pw / gaps), 1);
}

/* Write c to f as SVG; -1 if writing failed. */
int
chart_svg(const struct chart *c, FILE *f)
{
	int	w = SVG_W, h = SVG_H;

	if (c->kind == CHART_HBAR)
		h = SVG_TOP + (int)c->npoints * SVG_ROW + 40;
	else if (c->kind == CHART_SPARK) {
		w = 400;
		h = 80;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "font-family=\"sans-serif\">\n", w, h, w, h);
	fputs("<title>", f);
	chart_svg_escape(f, c->title);
	fputs("</title>\n", f);
	chart_svg_rect(f, 0, 0, w, h, "#ffffff");
	chart_svg_text(f, w / 2, 24, "middle", 16, c->title);
	switch (c->kind) {
	case CHART_HBAR:
		chart_svg_legend(f, c, w);
		chart_svg_hbars(f, c, w, h);
		break;
	case CHART_LINE:
		chart_svg_legend(f, c, w);
		chart_svg_lines(f, c, w, h, 1);
		break;
	case CHART_SPARK:
		chart_svg_lines(f, c, w, h, 0);
		break;
	default:
		chart_svg_legend(f, c, w);
		chart_svg_bars(f, c, w, h);
		break;
	}
	fputs("</svg>\n", f);
	if (fflush(f) != 0 || ferror(f))
		return (-1);
	return (0);
}
