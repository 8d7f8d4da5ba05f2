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

#ifndef STATE_ADAPTER_H
#define STATE_ADAPTER_H

/*
 * The state systems stashd reports to, one adapter each, chosen by
 * "state-system" in stash.conf (state-adapter.c).
 *
 * The outbox's jobs are neutral already (outbox.h): a job names the event
 * (a sale, a void, a return, an adjustment or destruction, a move, a
 * delivery's sale) and the report is built from the ledger when it is
 * sent. An adapter turns a job into its system's request(s) (Metrc: HTTP
 * bodies, metrc-payload.c; BioTrack: biotrack-payload.c and
 * biotrack24-payload.c; CCRS: CSV rows, ccrs.c), reads its system's
 * answers into one result through its state_system entry (state-system.c:
 * the answer reader and how an uncertain send is looked up, in libstash
 * so stashctl and the tests reach them too), and may reconcile. The drains
 * act on that result only. The exceptions queue, the exception report,
 * the deadlines and the dashboard read the outbox and so work the same
 * whichever adapter runs.
 */

#include "state-system.h"

struct server;
struct options;
struct op_ctx;

struct state_adapter {
	const char	*name;			/* state-system NAME: first,
						   for state_table_find */
	const char	*missing;		/* NULL if built; else why
						   stashd refuses it */
	int		(*check)(struct options *, char **);
	int		(*start)(struct server *, char **);
	void		(*stop)(struct server *);
	int		(*reconcile)(struct op_ctx *);	/* NULL: none */
	int		(*status)(struct op_ctx *, json_t *);	/* what only
							   it has, on
							   the
							   dashboard */
};

/* state-adapter.c */
const struct state_adapter	*state_adapter_find(const char *);
const struct state_adapter	*state_adapter(void);
int				 state_check(struct options *, char **);
int				 state_start(struct server *, char **);
void				 state_stop(struct server *);

/* state-biotrack.c */
int	biotrack_check(struct options *, char **);
int	biotrack_start(struct server *, char **);
void	biotrack_stop(struct server *);
int	biotrack_reconcile(struct op_ctx *);

/* state-biotrack24.c */
int	biotrack24_check(struct options *, char **);
int	biotrack24_start(struct server *, char **);
void	biotrack24_stop(struct server *);
int	biotrack24_status(struct op_ctx *, json_t *);
int	biotrack24_reconcile(struct op_ctx *);

/* state-ccrs.c */
int	ccrs_check(struct options *, char **);
int	ccrs_start(struct server *, char **);
void	ccrs_stop(struct server *);
int	ccrs_status(struct op_ctx *, json_t *);

#endif /* STATE_ADAPTER_H */
