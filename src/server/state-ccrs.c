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

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "server.h"
#include "ccrs-export.h"
#include "state-adapter.h"

/*
 * The CCRS adapter in stashd (state-system ccrs): every ccrs-interval
 * (a day by default) the reports owed are written into ccrs-dir, one
 * write transaction through the group commit (ccrs-export.c), for a
 * person to upload through SecureAccess Washington. What the state says
 * comes back by e-mail and is imported with stashctl compliance ccrs
 * results; the weekly deadline is on the dashboard (ccrs_status).
 */

struct ccrs_state {
	struct server		*srv;
	struct ccrs_conf	 conf;
	char			*dir;
	struct event		*tick_ev;
	struct event		*kick_ev;
	int			 running;	/* an export in the batch */
};
static struct ccrs_state	*ccrs;

/* ccrs-dir, ccrs-licence and ccrs-submitted-by, for "stashd -n". */
int
ccrs_check(struct options *o, char **cause)
{
	const char	*dir, *lic, *by;
	struct stat	 sb;

	dir = options_string(o, "ccrs-dir");
	if (*dir == '\0') {
		xasprintf(cause, "state-system ccrs: set ccrs-dir, the "
		    "directory the CCRS files are written to");
		return (-1);
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		xasprintf(cause, "ccrs-dir %s: %s", dir, errno != 0 &&
		    !S_ISDIR(sb.st_mode) ? strerror(errno) :
		    "not a directory");
		return (-1);
	}
	if (access(dir, W_OK) != 0) {
		xasprintf(cause, "ccrs-dir %s: stashd cannot write there "
		    "(%s)", dir, strerror(errno));
		return (-1);
	}
	lic = options_string(o, "ccrs-licence");
	if (*lic != '\0' && ccrs_licence_valid(lic, cause) != 0)
		return (-1);
	by = options_string(o, "ccrs-submitted-by");
	if (*by == '\0' || strlen(by) > CCRS_BY_MAX) {
		xasprintf(cause, "ccrs-submitted-by \"%s\": 1 to %d "
		    "characters", by, CCRS_BY_MAX);
		return (-1);
	}
	return (0);
}

static int
ccrs_export_write(struct op_ctx *ctx)
{
	struct ccrs_state		*cs = ctx->data;
	struct ccrs_export_stats	 st;
	char				*cause = NULL;

	if (ccrs_export(ctx->txn, &cs->conf, cs->dir, util_now(), 0, &st,
	    &cause) != 0) {
		log_warnx("compliance: the CCRS export failed: %s", cause);
		free(cause);
		return (-1);
	}
	if (st.nfiles != 0)
		log_info("compliance: %u CCRS files written to %s (%u reports, "
		    "%u refused)", st.nfiles, cs->dir, st.jobs, st.exceptions);
	ctx->result = json_object();
	return (0);
}

static void
ccrs_export_free(void *arg)
{
	struct ccrs_state	*cs = arg;

	cs->running = 0;
}

static void
ccrs_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ccrs_state	*cs = arg;

	if (cs->running)
		return;
	cs->running = 1;
	batch_write(cs->srv, "compliance.ccrs-export", ccrs_export_write, cs,
	    ccrs_export_free, NULL);
}

int
ccrs_start(struct server *srv, char **cause)
{
	struct ccrs_state	*cs;
	struct timeval		 tv = { 0, 0 }, now = { 0, 0 };
	const char		*lic, *by;

	lic = options_string(srv->opts, "ccrs-licence");
	if (*lic == '\0')
		lic = srv->info.licence;
	if (ccrs_licence_valid(lic, cause) != 0)
		return (-1);
	cs = ccrs = xcalloc(1, sizeof *cs);
	cs->srv = srv;
	strlcpy(cs->conf.licence, lic, sizeof cs->conf.licence);
	by = options_string(srv->opts, "ccrs-submitted-by");
	strlcpy(cs->conf.by, by, sizeof cs->conf.by);
	cs->conf.tz = srv->info.tz;
	cs->dir = xstrdup(options_string(srv->opts, "ccrs-dir"));
	cs->tick_ev = event_new(srv->base, -1, EV_PERSIST, ccrs_tick_cb, cs);
	tv.tv_sec = options_number(srv->opts, "ccrs-interval");
	event_add(cs->tick_ev, &tv);
	/* And once now: what a stop or an outage held back goes out. */
	cs->kick_ev = evtimer_new(srv->base, ccrs_tick_cb, cs);
	evtimer_add(cs->kick_ev, &now);
	log_warnx("compliance: CCRS files for licence %s are written to %s "
	    "every %lld seconds, for a person to upload", cs->conf.licence,
	    cs->dir, (long long)tv.tv_sec);
	return (0);
}

void
ccrs_stop(struct server *srv)
{
	if (ccrs == NULL)
		return;
	event_free(ccrs->tick_ev);
	event_free(ccrs->kick_ev);
	free(ccrs->dir);
	free(ccrs);
	ccrs = NULL;
}

/* The dashboard's CCRS part: the weekly deadline, the last export. */
int
ccrs_status(struct op_ctx *ctx, json_t *o)
{
	char	day[16];
	int	due, overdue;

	due = ccrs_due(ctx->txn, ctx->srv->info.tz, util_now(), &overdue);
	if (ctx->txn->ret != 0)
		return (-1);
	snprintf(day, sizeof day, "%04d-%02d-%02d", due / 10000,
	    (due / 100) % 100, due % 100);
	json_object_set_new(o, "ccrs", json_pack("{s:o, s:b, s:I, s:I}",
	    "due", due != 0 ? json_string(day) : json_null(), "overdue",
	    overdue, "last_export", (json_int_t)store_meta_get_i64(ctx->txn,
	    "ccrs-last-export"), "last_upload", (json_int_t)
	    store_meta_get_i64(ctx->txn, "ccrs-last-upload")));
	return (0);
}
