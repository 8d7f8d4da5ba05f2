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

#ifndef STATE_SYSTEM_H
#define STATE_SYSTEM_H

/*
 * The pure half of each state system's adapter (state-system.c): its
 * name, how an uncertain send is looked up, and its answer reader, which
 * makes whatever the system said one result (outbox.h: struct
 * state_result). stashd's drains act on that result only; so does
 * stashctl's CCRS import. The loop half (settings, start, stop, the
 * drain, reconciliation) is stashd's: src/server/state-adapter.c.
 */

#include "outbox.h"

/*
 * An answer as a drain has it: to a report sent, or to the lookup of one
 * whose send was uncertain; the HTTP status (0: none came) and the body as
 * it came. A drain that reads its answers with what only the request
 * knows (Metrc's pages, batches and Retry-After; CCRS's file rows) gives
 * its reading as code instead, with the state's id, words and any wait.
 */
struct state_answer {
	int		 lookup;	/* the lookup of an uncertain send */
	long		 status;	/* HTTP; 0 if no answer came */
	const char	*body;
	size_t		 len;
	int		 code;		/* Metrc: enum metrc_outcome; CCRS:
					   enum ccrs_class, 0 to read text */
	int64_t		 id;		/* with code: the state's id */
	int64_t		 delay;		/* with code: µs to wait, -1: none */
	const char	*text;		/* with code: the state's words */
};

struct state_system {
	const char	*name;		/* state-system NAME: first, for
					   state_table_find */
	const char	*lookup;	/* how an uncertain send is found
					   again */
	void		(*result)(const struct state_answer *,
			    struct state_result *);	/* NULL: sends
							   nothing */
	int64_t		 live;		/* s: a report later than this after
					   its event was not live (the
					   exception report) */
	int64_t		 deadline;	/* s: where the rule file has none;
					   0: metrc-deadline's */
	const char	*contact;	/* the ledger's meta the state's last
					   answer was kept in before
					   outbox_contact (read if that is
					   not set yet); NULL: none */
	const char	*broken;	/* ... of when it refused our keys or
					   login (0: it takes them) */
	const char	*broken_why;	/* ... and why: OUTBOX_BROKEN_* */
};

/* state-system.c */
const struct state_system	*state_system_find(const char *);
const struct state_system	*state_system_of(struct store_txn *);
const char			*state_system_names(void);
const void			*state_table_find(const void *, size_t,
				     size_t, const char *);
int64_t				 state_system_deadline(
				     const struct state_system *, int64_t);

#endif /* STATE_SYSTEM_H */
