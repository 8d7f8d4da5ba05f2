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

#ifndef JOBQ_H
#define JOBQ_H

/*
 * A durable job queue over two tables: the jobs, and a due index that
 * orders the ones still to do.
 *
 *   db   u64 job -> record
 *   due  u64 due, u64 job -> empty: pending jobs by due time, and
 *	  exceptions (refused for good, a person must look) at JOBQ_NEVER
 *
 * The compliance outbox (outbox.c) and the customer notifications
 * (notify.c) are each one, on their own tables so that neither drain sees
 * the other's jobs. What a record holds is the owner's: a struct jobq
 * names the tables and the codec, and the record is handed through as a
 * pointer to the owner's struct.
 */

#include "store.h"

#define JOBQ_NEVER	UINT64_MAX	/* due time of an exception */

struct jobq {
	enum store_db	  db;
	enum store_db	  due;
	const char	 *what;		/* "outbox job": for a damaged record */
	size_t		  size;		/* of the owner's record struct */
	int		(*decode)(const u_char *, size_t, void *);
	void		(*encode)(struct buf *, const void *);
	/*
	 * The record's number and where it sits in the due index: 0 if it is
	 * not in it (done, cancelled), or 1 with *due set (JOBQ_NEVER for an
	 * exception).
	 */
	int		(*slot)(const void *, uint64_t *, uint64_t *);
};

typedef int (*jobq_cb)(const void *, void *);

/* Where a walk of the due index stopped, to go on from (jobq_walk_on). */
struct jobq_pos {
	u_char		 key[16];
	size_t		 len;		/* 0: from the start */
};

/* jobq.c */
uint64_t	 jobq_next(struct store_txn *, const struct jobq *);
int		 jobq_get(struct store_txn *, const struct jobq *, uint64_t,
		     void *);
void		 jobq_put(struct store_txn *, const struct jobq *,
		     const void *, const void *);
uint64_t	 jobq_exceptions(struct store_txn *, const struct jobq *);
int		 jobq_walk(struct store_txn *, const struct jobq *, jobq_cb,
		     void *);
int		 jobq_walk_due(struct store_txn *, const struct jobq *, u_int,
		     jobq_cb, void *);
int		 jobq_exception_walk(struct store_txn *, const struct jobq *,
		     jobq_cb, void *);
int		 jobq_walk_on(struct store_txn *, const struct jobq *,
		     struct jobq_pos *, u_int, jobq_cb, void *);

#endif /* JOBQ_H */
