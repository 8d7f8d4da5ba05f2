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

#include "server.h"
#include "ccrs.h"
#include "metrc-conf.h"
#include "state-adapter.h"

/*
 * The table of state systems (state-adapter.h). An adapter not built yet
 * is named here with the reason stashd refuses it: "stashd -n" and the
 * start both say so, rather than run a store that reports nothing while
 * it believes it does.
 */

static int	state_metrc_check(struct options *, char **);
static int	state_none_check(struct options *, char **);
static int	state_none_start(struct server *, char **);
static void	state_none_stop(struct server *);

static const struct state_adapter state_adapters[] = {
	{ "metrc", NULL, state_metrc_check, metrc_start, metrc_stop,
	  metrc_reconcile, metrc_state_status },
	{ "biotrack", NULL, biotrack_check, biotrack_start, biotrack_stop,
	  biotrack_reconcile, NULL },
	{ "biotrack-v2024", NULL, biotrack24_check, biotrack24_start,
	  biotrack24_stop, biotrack24_reconcile, biotrack24_status },
	{ "ccrs", NULL, ccrs_check, ccrs_start, ccrs_stop, NULL, ccrs_status },
	{ "none", NULL, state_none_check, state_none_start, state_none_stop,
	  NULL, NULL },
};
#define STATE_NADAPTERS	(sizeof state_adapters / sizeof *state_adapters)

static const struct state_adapter	*state_running;

const struct state_adapter *
state_adapter_find(const char *name)
{
	return (state_table_find(state_adapters, STATE_NADAPTERS,
	    sizeof *state_adapters, name));
}

/* The adapter stashd runs, or NULL before the start. */
const struct state_adapter *
state_adapter(void)
{
	return (state_running);
}

/* For "stashd -n" and the start: the choice and its settings. */
int
state_check(struct options *o, char **cause)
{
	const struct state_adapter	*a;
	const char			*name;

	name = options_string(o, "state-system");
	if ((a = state_adapter_find(name)) == NULL) {
		xasprintf(cause, "state-system \"%s\": not one of %s", name,
		    state_system_names());
		return (-1);
	}
	if (a->missing != NULL) {
		xasprintf(cause, "state-system %s: %s", name, a->missing);
		return (-1);
	}
	return (a->check(o, cause));
}

/*
 * Write op: the state system this store reports to, in the ledger, for
 * what reads it without stash.conf (stashctl, the reports:
 * state_system_of).
 */
static int
state_record(struct op_ctx *ctx)
{
	const char	*name = ctx->data;
	char		 had[32];

	if (store_meta_get_str(ctx->txn, "state-system", had,
	    sizeof had) != 0 || strcmp(had, name) != 0)
		store_meta_put_str(ctx->txn, "state-system", name);
	ctx->result = json_object();
	return (ctx->txn->ret != 0 ? -1 : 0);
}

int
state_start(struct server *srv, char **cause)
{
	const struct state_adapter	*a;

	if (state_check(srv->opts, cause) != 0)
		return (-1);
	a = state_adapter_find(options_string(srv->opts, "state-system"));
	if (state_system_find(a->name) == NULL)
		fatalx("state-system %s: not in state-system.c", a->name);
	if (a->start(srv, cause) != 0)
		return (-1);
	state_running = a;
	batch_write(srv, "compliance.state-system", state_record,
	    (void *)a->name, NULL, NULL);
	return (0);
}

void
state_stop(struct server *srv)
{
	if (state_running != NULL)
		state_running->stop(srv);
	state_running = NULL;
}

/* Metrc: metrc-url (if set) and its secrets file are usable. */
static int
state_metrc_check(struct options *o, char **cause)
{
	const char	*url, *secrets;
	char		*userpwd = NULL;

	url = options_string(o, "metrc-url");
	if (*url == '\0')
		return (0);
	secrets = options_string(o, "metrc-secrets");
	if (metrc_conf_check(url, secrets, &userpwd, cause) != 0)
		return (-1);
	freezero(userpwd, strlen(userpwd));
	return (0);
}

static int
state_none_check(struct options *o, char **cause)
{
	return (0);
}

static int
state_none_start(struct server *srv, char **cause)
{
	log_warnx("compliance: state-system none: nothing is reported to "
	    "the state; reports wait in the outbox");
	return (0);
}

static void
state_none_stop(struct server *srv)
{
}
