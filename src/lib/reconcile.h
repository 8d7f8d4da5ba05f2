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

#ifndef RECONCILE_H
#define RECONCILE_H

/*
 * Reconciliation with the state's active packages: the comparison
 * (reconcile-compare.c, in libstash: stashd's compliance.reconcile and
 * "stashctl compliance reconcile" both use it).
 */

#include "outbox.h"

/* reconcile-compare.c */
struct reconcile_event {		/* a report still owed */
	char		 tag[TAG_LEN + 1];
	size_t		 seq;
	uint64_t	 job;
	int		 kind;		/* OUTBOX_* */
	int		 state;
	char		 ref[MAX_REF + 1];
	int64_t		 effect;	/* on the state's figure */
	int		 uncertain;	/* may have reached the state */
};
enum reconcile_kind {
	RECONCILE_NOT_HERE,		/* the state's, not in the ledger */
	RECONCILE_QUANTITY,
	RECONCILE_HOLD,			/* held at the state, not here */
	RECONCILE_NOT_AT_STATE,		/* ours with stock, not the state's */
};
#define RECONCILE_KINDS	4
struct reconcile_diff {
	const char			*tag;
	enum reconcile_kind		 kind;
	int64_t				 ours;	/* -1: none */
	int64_t				 state;	/* -1: none */
	const char			*unit;	/* of ours and state */
	int				 explained; /* by the reports owed */
	int64_t				 unexplained; /* what is left */
	int				 recalled; /* a hold: recalled */
	const struct reconcile_event	*pending;
	size_t				 npending;
};
struct reconcile_summary {
	size_t		 packages;	/* the state listed */
	int		 compared;	/* of those, in the ledger */
};
struct reconcile_walk;
const char	*reconcile_kind_name(enum reconcile_kind);
struct reconcile_walk *reconcile_walk_new(json_t *,
		     void (*)(const struct reconcile_diff *, void *), void *);
int		 reconcile_walk_step(struct reconcile_walk *,
		     struct store_txn *, size_t);
const struct reconcile_summary *reconcile_walk_summary(
		     struct reconcile_walk *);
void		 reconcile_walk_free(struct reconcile_walk *);
int		 reconcile_compare(struct store_txn *, json_t *,
		     void (*)(const struct reconcile_diff *, void *), void *,
		     struct reconcile_summary *);

/* A completed reconciliation, as the ledger keeps it (store-reconcile.c). */
struct reconcile_run {
	uint64_t	 id;
	int64_t		 at;		/* when it was done, UTC us */
	uint32_t	 staff;		/* who asked; 0: stashd's timer */
	char		 who[TERMINAL_NAME_MAX + 1]; /* terminal, "stashctl"
					   or "" (stashd's timer) */
	int64_t		 packages;	/* the state listed */
	int64_t		 compared;
	int64_t		 kinds[RECONCILE_KINDS]; /* differences by kind */
	int64_t		 explained;	/* by the reports owed */
	int64_t		 held;		/* held here as the state holds */
};
void		 reconcile_run_count(struct reconcile_run *,
		     const struct reconcile_diff *);
int		 store_reconcile_decode(const u_char *, size_t,
		     struct reconcile_run *);
void		 store_reconcile_put(struct store_txn *, struct reconcile_run *);
int		 store_reconcile_list(struct store_txn *, uint64_t, size_t,
		     void (*)(const struct reconcile_run *, void *), void *,
		     int *);

#endif /* RECONCILE_H */
