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
 * Charts in the terminal, from a struct chart (chart.c has the arithmetic
 * and chart-svg.c draws the same chart into a file). Bars are drawn with
 * the eighth blocks (U+2581..U+2588 up, U+258F..U+2589 across) and lines
 * with braille dots (U+2800.., two by four to a cell) in a UTF-8 locale;
 * otherwise, or with STASH_ASCII set, in plain characters, a series each
 * ('#', '*', '=', '+' ...). Series have colours when the terminal does,
 * and shades (full, dark, medium, light) in a UTF-8 locale when it does
 * not, so nothing depends on colour. Tab (or 't') shows the same figures
 * as a table, in full ($1234.56), and back. Side-by-side bars go below
 * the axis for a figure under zero (in whole cells); stacked bars and bars
 * across stack only what is above it, and the table has every figure.
 */

/* The drawing: where, and with which characters. */
struct ui_chart_ctx {
	const struct chart	*c;
	int			 utf8;
	int			 colour;
	struct chart_axis	 a;
};

static const char *ui_chart_ascii = "#*=+o%@x";
static const char *ui_chart_shade[] = {
	"\xe2\x96\x88", "\xe2\x96\x93", "\xe2\x96\x92", "\xe2\x96\x91",
};
/* One to seven eighths, from the bottom and from the left. */
static const char *ui_chart_up[] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87",
};
static const char *ui_chart_across[] = {
	"\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
	"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89",
};

#define UI_CHART_FULL	"\xe2\x96\x88"
#define UI_CHART_LINES	16		/* a line chart's rows, at most */
#define UI_CHART_SLOT	16		/* a point's columns, at most */

/* Whether charts may use Unicode blocks and braille. */
int
ui_chart_utf8(void)
{
	return (MB_CUR_MAX > 1 && !ui_screen_ascii());
}

static enum ui_colour
ui_chart_colour(u_int s)
{
	return ((enum ui_colour)(UI_SERIES1 + s % 6));
}

/* A full cell of series s. */
static const char *
ui_chart_full(const struct ui_chart_ctx *x, u_int s)
{
	static char	one[2];

	if (!x->utf8) {
		one[0] = ui_chart_ascii[s % 8];
		one[1] = '\0';
		return (one);
	}
	if (x->colour)
		return (UI_CHART_FULL);
	return (ui_chart_shade[s % 4]);
}

/*
 * One bar: cells from (y, x) up (vertical) or right, its segments ending
 * at the eighths in ends[] (rising), a series each; what each cell shows
 * is chart_cell's. In ASCII a part-filled cell is drawn full from half up.
 * The cells drawn.
 */
static int
ui_chart_run(const struct ui_chart_ctx *x, int y, int x0, int vertical,
    const int *ends, const u_int *series, u_int n)
{
	int		 k, level;
	u_int		 i;
	const char	*g;

	for (k = 0; (level = chart_cell(ends, n, k, &i)) > 0; k++) {
		if (level == 8 || (!x->utf8 && level >= 4))
			g = ui_chart_full(x, series[i]);
		else if (!x->utf8)
			break;
		else if (vertical)
			g = ui_chart_up[level - 1];
		else
			g = ui_chart_across[level - 1];
		ui_draw_str(vertical ? y - k : y, vertical ? x0 : x0 + k, 1,
		    ui_chart_colour(series[i]), g);
	}
	return (k);
}

/*
 * Point p's positive values stacked, for ui_chart_run: where each ends on
 * an axis of eighths eighths, less base, and whose it is. Their number.
 */
static u_int
ui_chart_stack(const struct ui_chart_ctx *x, u_int p, int eighths, int base,
    int *ends, u_int *series)
{
	int64_t	sum = 0;
	u_int	s, n = 0;

	for (s = 0; s < x->c->nseries; s++) {
		if (x->c->values[s][p] <= 0)
			continue;
		sum += x->c->values[s][p];
		ends[n] = chart_scale(sum, &x->a, eighths) - base;
		series[n++] = s;
	}
	return (n);
}

/* The legend: each series' mark and name, on one row. */
static void
ui_chart_legend(const struct ui_chart_ctx *x, int y, int x0, int w)
{
	u_int	s;
	int	used = 0, len;

	for (s = 0; s < x->c->nseries; s++) {
		len = 2 + ui_draw_width(x->c->names[s]) + 2;
		if (used + len > w)
			break;
		ui_draw_str(y, x0 + used, 1, ui_chart_colour(s),
		    ui_chart_full(x, s));
		ui_draw_str(y, x0 + used + 2, len - 2, UI_NORMAL,
		    x->c->names[s]);
		used += len;
	}
}

/*
 * The value axis of a plot ph rows high whose bottom row is y: a label
 * at each tick, right-aligned in yw columns, and the axis line after.
 */
static void
ui_chart_yaxis(const struct ui_chart_ctx *x, int y, int x0, int yw, int ph)
{
	char	buf[32];
	int64_t	v;
	int	row, i;

	for (i = 0; i < ph; i++)
		ui_draw_str(y - i, x0 + yw, 1, UI_DIM, x->utf8 ?
		    "\xe2\x94\x82" : "|");
	for (v = x->a.lo; v <= x->a.hi; v += x->a.step) {
		row = chart_scale(v, &x->a, ph * 8) / 8;
		if (row > ph - 1)
			row = ph - 1;
		chart_short(x->c->unit, v, buf, sizeof buf);
		ui_draw_right(y - row, x0, yw, UI_DIM, buf);
		ui_draw_str(y - row, x0 + yw, 1, UI_DIM, x->utf8 ?
		    "\xe2\x94\xa4" : "+");
		if (x->a.hi - v < x->a.step)
			break;
	}
}

/* The widest tick label of the axis. */
static int
ui_chart_yaxis_width(const struct ui_chart_ctx *x)
{
	char	buf[32];
	int64_t	v;
	int	w = 1, n;

	for (v = x->a.lo; v <= x->a.hi; v += x->a.step) {
		n = (int)strlen(chart_short(x->c->unit, v, buf, sizeof buf));
		if (n > w)
			w = n;
		if (x->a.hi - v < x->a.step)
			break;
	}
	return (w);
}

/*
 * A plot with a value axis in r, at most rows high (0: all of it), the
 * last row kept for the points' labels: its height, the axis' width and
 * the plot's. -1 if there is no room or nothing to plot.
 */
static int
ui_chart_plot(struct ui_chart_ctx *x, const struct ui_rect *r, int rows,
    int *ph, int *yw, int *pw)
{
	int	most;

	*ph = r->h - 1;
	if (rows > 0 && *ph > rows)
		*ph = rows;
	if (*ph < 2 || x->c->npoints == 0)
		return (-1);
	most = *ph / 3 + 1;
	chart_axis(x->c, most > 6 ? 6 : most, &x->a);
	*yw = ui_chart_yaxis_width(x);
	*pw = r->w - *yw - 1;
	return (*pw < 2 ? -1 : 0);
}

/*
 * The points' labels under a plot pw wide: each at the left of its slot
 * (bars), or centred under its point and kept inside the plot (a line);
 * every k-th, so that none run into the next.
 */
static void
ui_chart_xlabels(const struct ui_chart_ctx *x, int y, int x0, int pw,
    u_int n, int line)
{
	u_int	i, k, widest = 1, gap;
	int	w, pos, slot;

	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		w = ui_draw_width(x->c->labels[i]);
		if ((u_int)w > widest)
			widest = (u_int)w;
	}
	slot = pw / (int)n > 0 ? pw / (int)n : 1;
	gap = line ? widest + widest / 2 + 1 : widest + 1;
	k = (gap + (u_int)slot - 1) / (u_int)slot;
	if (k < 1)
		k = 1;
	for (i = 0; i < n; i += k) {
		if (!line) {
			ui_draw_str(y, x0 + (int)i * slot, (int)(k *
			    (u_int)slot) - 1, UI_NORMAL, x->c->labels[i]);
			continue;
		}
		w = ui_draw_width(x->c->labels[i]);
		pos = (int)((int64_t)i * (pw - 1) / (n > 1 ? n - 1 : 1)) -
		    w / 2;
		if (pos > pw - w)
			pos = pw - w;
		if (pos < 0)
			pos = 0;
		ui_draw_str(y, x0 + pos, w, UI_NORMAL, x->c->labels[i]);
	}
}

/* Bars up: side by side for each point's series, or stacked. */
static void
ui_chart_bars(struct ui_chart_ctx *x, const struct ui_rect *r)
{
	const struct chart	*c = x->c;
	int			 yw, ph, pw, slot, bw, px, bottom, zero;
	int			 i, j;
	int			 ends[CHART_SERIES], e;
	u_int			 series[CHART_SERIES], p, s, n, per, shown;

	if (ui_chart_plot(x, r, 0, &ph, &yw, &pw) != 0)
		return;
	bottom = r->y + ph - 1;
	per = c->kind == CHART_STACK ? 1 : c->nseries;
	shown = c->npoints;
	if ((u_int)pw < shown * per)
		shown = (u_int)pw / per;
	if (shown == 0)
		return;
	slot = pw / (int)shown;
	if (slot > UI_CHART_SLOT)
		slot = UI_CHART_SLOT;	/* a few bars are not walls */
	bw = (slot - (slot > (int)per ? 1 : 0)) / (int)per;
	if (bw < 1)
		bw = 1;
	ui_chart_yaxis(x, bottom, r->x, yw, ph);
	zero = chart_scale(0, &x->a, ph * 8);
	zero = (zero + 4) / 8;		/* bars stand on a cell's edge */
	for (p = 0; p < shown; p++) {
		px = r->x + yw + 1 + (int)p * slot;
		if (c->kind == CHART_STACK) {
			n = ui_chart_stack(x, p, ph * 8, 8 * zero, ends,
			    series);
			for (j = 0; j < bw; j++)
				ui_chart_run(x, bottom - zero, px + j, 1, ends,
				    series, n);
			continue;
		}
		for (s = 0; s < c->nseries; s++) {
			e = chart_scale(c->values[s][p], &x->a, ph * 8) -
			    8 * zero;
			series[0] = s;
			for (j = 0; j < bw; j++) {
				i = px + (int)s * bw + j;
				if (e >= 0) {
					ends[0] = e;
					ui_chart_run(x, bottom - zero, i, 1,
					    ends, series, 1);
				} else {
					/* Below zero: whole cells down. */
					ends[0] = (-e + 4) / 8 * 8;
					ui_chart_run(x, bottom - zero +
					    ends[0] / 8, i, 1, ends, series,
					    1);
				}
			}
		}
	}
	ui_chart_xlabels(x, r->y + ph, r->x + yw + 1, slot * (int)shown, shown,
	    0);
	if (shown < c->npoints)
		ui_draw_text(r->y + ph, r->x, yw, UI_WARN, "+%u",
		    c->npoints - shown);
}

/* Bars across: a row a point, its name, the bar and its figure. */
static void
ui_chart_hbars(struct ui_chart_ctx *x, const struct ui_rect *r)
{
	const struct chart	*c = x->c;
	int			 lw = 1, vw = 1, bw, w, ends[CHART_SERIES];
	u_int			 series[CHART_SERIES], p, s, n, shown;
	int64_t			 max, sum;
	char			 buf[32];

	max = 0;
	for (p = 0; p < c->npoints; p++) {
		if ((w = ui_draw_width(c->labels[p])) > lw)
			lw = w;
		for (sum = 0, s = 0; s < c->nseries; s++) {
			if (c->values[s][p] > 0)
				sum += c->values[s][p];
		}
		if (sum > max)
			max = sum;
		for (sum = 0, s = 0; s < c->nseries; s++)
			sum += c->values[s][p];
		chart_short(c->unit, sum, buf, sizeof buf);
		if ((w = (int)strlen(buf)) > vw)
			vw = w;
	}
	if (lw > r->w / 3)
		lw = r->w / 3;
	bw = r->w - lw - 1 - vw - 1;
	if (bw < 1)
		return;
	x->a.lo = 0;
	x->a.hi = max > 0 ? max : 1;
	x->a.step = x->a.hi;
	shown = c->npoints < (u_int)r->h ? c->npoints : (u_int)r->h;
	for (p = 0; p < shown; p++) {
		ui_draw_str(r->y + (int)p, r->x, lw, UI_NORMAL, c->labels[p]);
		n = ui_chart_stack(x, p, bw * 8, 0, ends, series);
		w = ui_chart_run(x, r->y + (int)p, r->x + lw + 1, 0, ends,
		    series, n);
		for (sum = 0, s = 0; s < c->nseries; s++)
			sum += c->values[s][p];
		chart_short(c->unit, sum, buf, sizeof buf);
		ui_draw_str(r->y + (int)p, r->x + lw + 1 + w + 1, vw, UI_DIM,
		    buf);
	}
	if (shown < c->npoints)
		ui_draw_text(r->y + r->h - 1, r->x + r->w - 24, 24, UI_WARN,
		    "+%u more: Tab for all", c->npoints - shown);
}

/* Set the dot at (dx, dy) of a grid cw * xres wide, y from the top. */
static void
ui_chart_dot(u_char *cells, u_char *who, int cw, int xres, int yres,
    int dx, int dy, u_int s)
{
	static const u_char	bits[2][4] = {
		{ 0x01, 0x02, 0x04, 0x40 }, { 0x08, 0x10, 0x20, 0x80 }
	};
	int			i = (dy / yres) * cw + dx / xres;

	if (xres == 2)
		cells[i] |= bits[dx % 2][dy % 4];
	else
		cells[i] = 1;
	who[i] = (u_char)s;
}

/* Lines: braille dots (two by four a cell), or a mark a cell. */
static void
ui_chart_lines(struct ui_chart_ctx *x, const struct ui_rect *r)
{
	const struct chart	*c = x->c;
	int			 yw, ph, pw, bottom, xres, yres, gw, gh;
	int			 x1, y1, x2, y2, dx, dy, sx, sy, err, e2, i;
	u_char			*cells, *who;
	u_int			 p, s, gaps;
	char			 g[4];

	if (ui_chart_plot(x, r, UI_CHART_LINES, &ph, &yw, &pw) != 0)
		return;
	bottom = r->y + ph - 1;
	xres = x->utf8 ? 2 : 1;
	yres = x->utf8 ? 4 : 1;
	gw = pw * xres;
	gh = ph * yres;
	cells = xcalloc((size_t)pw * (size_t)ph, 1);
	who = xcalloc((size_t)pw * (size_t)ph, 1);
	gaps = c->npoints > 1 ? c->npoints - 1 : 1;
	for (s = 0; s < c->nseries; s++) {
		x2 = y2 = 0;
		for (p = 0; p < c->npoints; p++) {
			x1 = (int)((int64_t)p * (gw - 1) / gaps);
			y1 = gh - 1 - chart_scale(c->values[s][p], &x->a,
			    gh - 1);
			if (p == 0) {
				ui_chart_dot(cells, who, pw, xres, yres, x1,
				    y1, s);
				x2 = x1;
				y2 = y1;
				continue;
			}
			/* Bresenham from the last point to this one. */
			dx = abs(x1 - x2);
			dy = -abs(y1 - y2);
			sx = x2 < x1 ? 1 : -1;
			sy = y2 < y1 ? 1 : -1;
			err = dx + dy;
			for (;;) {
				ui_chart_dot(cells, who, pw, xres, yres, x2,
				    y2, s);
				if (x2 == x1 && y2 == y1)
					break;
				e2 = 2 * err;
				if (e2 >= dy) {
					err += dy;
					x2 += sx;
				}
				if (e2 <= dx) {
					err += dx;
					y2 += sy;
				}
			}
		}
	}
	ui_chart_yaxis(x, bottom, r->x, yw, ph);
	for (i = 0; i < pw * ph; i++) {
		if (cells[i] == 0)
			continue;
		if (x->utf8) {
			g[0] = (char)0xe2;
			g[1] = (char)(0xa0 | (cells[i] >> 6));
			g[2] = (char)(0x80 | (cells[i] & 0x3f));
			g[3] = '\0';
		} else {
			g[0] = "*o+x%@#="[who[i] % 8];
			g[1] = '\0';
		}
		ui_draw_str(r->y + i / pw, r->x + yw + 1 + i % pw, 1,
		    ui_chart_colour(who[i]), g);
	}
	free(cells);
	free(who);
	ui_chart_xlabels(x, r->y + ph, r->x + yw + 1, pw, c->npoints, 1);
}

/*
 * A sparkline of n values in at most w columns from (y, x), the latest
 * kept when they do not all fit; the columns drawn.
 */
int
ui_chart_spark(int y, int x, int w, const int64_t *v, u_int n,
    enum ui_colour colour)
{
	int64_t	lo = 0, hi = 0;
	u_int	i, from = 0;

	if (w <= 0 || n == 0)
		return (0);
	if (n > (u_int)w)
		from = n - (u_int)w;
	for (i = from; i < n; i++) {
		if (v[i] > hi)
			hi = v[i];
		if (v[i] < lo)
			lo = v[i];
	}
	for (i = from; i < n; i++)
		ui_draw_str(y, x + (int)(i - from), 1, colour,
		    chart_spark_glyph(v[i], lo, hi, ui_chart_utf8()));
	return ((int)(n - from));
}

/* The table view's line: the point's name and each series in full. */
static void
ui_chart_table_line(void *arg, u_int idx, char *out, size_t len,
    __unused enum ui_colour *colour)
{
	struct ui_chart		*u = arg;
	const struct chart	*c = &u->chart;
	char			 buf[32];
	size_t			 used;
	u_int			 s;

	if (idx >= c->npoints)
		return;
	snprintf(out, len, " %-*.*s", u->lw, u->lw, c->labels[idx]);
	for (s = 0; s < c->nseries; s++) {
		used = strlen(out);
		chart_full(c->unit, c->values[s][idx], buf, sizeof buf);
		snprintf(out + used, len - used, " %*s", u->vw, buf);
	}
}

void
ui_chart_init(struct ui_chart *u)
{
	memset(u, 0, sizeof *u);
	ui_list_init(&u->list, ui_chart_table_line, u);
	u->list.noselect = 1;
}

void
ui_chart_free(struct ui_chart *u)
{
	chart_free(&u->chart);
}

/* Show c (taken: the caller's is emptied); the view is kept. */
void
ui_chart_set(struct ui_chart *u, struct chart *c)
{
	char	buf[32];
	u_int	p, s;
	int	w;

	chart_free(&u->chart);
	u->chart = *c;
	memset(c, 0, sizeof *c);
	c = &u->chart;
	u->lw = ui_draw_width(c->xname) > 4 ? ui_draw_width(c->xname) : 4;
	u->vw = 8;
	for (p = 0; p < c->npoints; p++) {
		if ((w = ui_draw_width(c->labels[p])) > u->lw)
			u->lw = w;
		for (s = 0; s < c->nseries; s++) {
			w = (int)strlen(chart_full(c->unit, c->values[s][p],
			    buf, sizeof buf));
			if (w > u->vw)
				u->vw = w;
		}
	}
	for (s = 0; s < c->nseries; s++) {
		if ((w = ui_draw_width(c->names[s])) > u->vw)
			u->vw = w;
	}
	if (u->lw > 30)
		u->lw = 30;
	ui_list_set_count(&u->list, c->npoints);
}

/* Tab or 't' turns chart and table about; the table scrolls. */
int
ui_chart_key(struct ui_chart *u, int key)
{
	if (key == UI_KEY_TAB || key == 't') {
		u->table = !u->table;
		ui_screen_dirty();
		return (1);
	}
	if (u->table)
		return (ui_list_key(&u->list, key));
	return (0);
}

static void
ui_chart_draw_table(struct ui_chart *u, const struct ui_rect *r)
{
	const struct chart	*c = &u->chart;
	struct ui_rect		 list;
	char			 head[512];
	size_t			 used;
	u_int			 s;

	snprintf(head, sizeof head, " %-*.*s", u->lw, u->lw,
	    *c->xname != '\0' ? c->xname : "");
	for (s = 0; s < c->nseries; s++) {
		used = strlen(head);
		snprintf(head + used, sizeof head - used, " %*s", u->vw,
		    c->names[s]);
	}
	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y, r->x, r->w, UI_HEADER, head);
	list = *r;
	list.y++;
	list.h--;
	ui_list_draw(&u->list, &list);
}

/*
 * The chart (or its table) in r: the title and which view on the first
 * row, a legend under it when there is more than one series.
 */
void
ui_chart_draw(struct ui_chart *u, const struct ui_rect *r)
{
	struct ui_chart_ctx	 x;
	struct ui_rect		 plot;
	const char		*hint;

	if (r->h < 3 || r->w < 20)
		return;
	memset(&x, 0, sizeof x);
	x.c = &u->chart;
	x.utf8 = ui_chart_utf8();
	x.colour = ui_colour_enabled();
	hint = u->table ? "Tab: chart" : "Tab: table";
	ui_draw_str(r->y, r->x, r->w - (int)strlen(hint) - 1, UI_TOTAL,
	    u->chart.title);
	ui_draw_right(r->y, r->x, r->w, UI_DIM, hint);
	plot = *r;
	plot.y++;
	plot.h--;
	if (u->chart.npoints == 0 || u->chart.nseries == 0) {
		ui_draw_str(plot.y, plot.x, plot.w, UI_DIM, "Nothing to show "
		    "for this period.");
		return;
	}
	if (u->table) {
		ui_chart_draw_table(u, &plot);
		return;
	}
	if (u->chart.nseries > 1) {
		ui_chart_legend(&x, plot.y, plot.x, plot.w);
		plot.y++;
		plot.h--;
	}
	switch (u->chart.kind) {
	case CHART_HBAR:
		ui_chart_hbars(&x, &plot);
		break;
	case CHART_LINE:
		ui_chart_lines(&x, &plot);
		break;
	case CHART_SPARK:
		ui_chart_spark(plot.y, plot.x, plot.w, u->chart.values[0],
		    u->chart.npoints, ui_chart_colour(0));
		break;
	default:
		ui_chart_bars(&x, &plot);
		break;
	}
}
