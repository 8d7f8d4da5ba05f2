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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "chart.h"
#include "report.h"

/*
 * stashctl report ... --svg FILE [--chart KIND] [--figure COLUMN]: the
 * report's table as a chart in a standalone SVG file. The file is written
 * beside its name and renamed over it once whole, so a failed write
 * leaves nothing half-written (and an older file as it was).
 */

/* The chart kind asked for, checked before the report runs; -1 if none. */
int
ctl_chart_kind(struct ctl_args *a)
{
	const char	*kind = stashctl_opt(a, "chart");
	int		 k;

	if (kind == NULL)
		return (CHART_BAR);
	if ((k = chart_kind_find(kind)) == -1) {
		stashctl_error("--chart %s: not a kind of chart stash draws "
		    "(bar, hbar, stack, line, spark)", kind);
		return (-1);
	}
	return (k);
}

/* Write rt to the --svg file as a chart of kind; 0, or 1 said why. */
int
ctl_chart_svg(struct ctl *ctl, struct ctl_args *a,
    const struct report_table *rt, int kind)
{
	const char	*path = stashctl_opt(a, "svg");
	struct chart	 c;
	char		*cause = NULL, *tmp;
	FILE		*f;
	int		 r;

	if (chart_from_table(&c, rt, kind, stashctl_opt(a, "figure"),
	    ctl->info.tz, &cause) != 0) {
		stashctl_error("--svg %s: %s", path, cause);
		free(cause);
		return (1);
	}
	xasprintf(&tmp, "%s.tmp%ld", path, (long)getpid());
	if ((f = fopen(tmp, "w")) == NULL) {
		stashctl_error("--svg %s: %s", path, strerror(errno));
		chart_free(&c);
		free(tmp);
		return (1);
	}
	r = chart_svg(&c, f);
	chart_free(&c);
	if (fclose(f) != 0)
		r = -1;
	if (r != 0 || rename(tmp, path) != 0) {
		stashctl_error("--svg %s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return (1);
	}
	free(tmp);
	return (0);
}
