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

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "jobq.h"

/* A durable job queue over two tables (jobq.h). */

/* The number for a new job: one past the last. */
uint64_t
jobq_next(struct store_txn *t, const struct jobq *q)
{
	return (store_last_u64(t, q->db) + 1);
}

/* Read job id into rec (the owner's struct); a STORE_ code if not. */
int
jobq_get(struct store_txn *t, const struct jobq *q, uint64_t id, void *rec)
{
	const u_char	*v;
	size_t		 vlen;
	uint64_t	 got, due;
	int		 r;

	if ((r = store_get_u64(t, q->db, id, &v, &vlen)) != 0)
		return (r);
	if (q->decode(v, vlen, rec) != 0)
		return (store_damaged(t, q->what, id));
	q->slot(rec, &got, &due);
	if (got != id)
		return (store_damaged(t, q->what, id));
	return (0);
}

static void
jobq_due_key(struct store_key *k, uint64_t due, uint64_t id)
{
	store_key_init(k);
	store_key_u64(k, due);
	store_key_u64(k, id);
}

/* Write a job; old (NULL for a new one) keeps the due index right. */
void
jobq_put(struct store_txn *t, const struct jobq *q, const void *old,
    const void *rec)
{
	struct store_key	k, dk;
	struct buf		b;
	uint64_t		id, due;
	int			indexed;

	if (old != NULL && q->slot(old, &id, &due)) {
		jobq_due_key(&dk, due, id);
		store_del(t, q->due, dk.data, dk.len);
	}
	buf_init(&b);
	q->encode(&b, rec);
	indexed = q->slot(rec, &id, &due);
	store_key_init(&k);
	store_key_u64(&k, id);
	store_put(t, q->db, k.data, k.len, b.data, b.len);
	buf_free(&b);
	if (indexed) {
		jobq_due_key(&dk, due, id);
		store_put(t, q->due, dk.data, dk.len, "", 0);
	}
}

/* How many exceptions there are. */
uint64_t
jobq_exceptions(struct store_txn *t, const struct jobq *q)
{
	struct store_iter	it;
	struct store_key	k;
	uint64_t		n = 0;

	store_key_init(&k);
	store_key_u64(&k, JOBQ_NEVER);
	store_iter_init(t, &it, q->due, k.data, k.len, 0);
	while (store_iter_next(&it))
		n++;
	store_iter_done(&it);
	return (n);
}

/*
 * Every job in number order, until cb returns non-zero. -1 if the walk
 * failed (t->ret says why).
 */
int
jobq_walk(struct store_txn *t, const struct jobq *q, jobq_cb cb, void *arg)
{
	struct store_iter	it;
	void			*rec;

	rec = xmalloc(q->size);
	store_iter_init(t, &it, q->db, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (q->decode(it.val, it.vlen, rec) != 0) {
			store_fail(t, STORE_CORRUPT, "%s damaged", q->what);
			break;
		}
		if (cb(rec, arg) != 0)
			break;
	}
	store_iter_done(&it);
	free(rec);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Walk the due index from key (or its start; or strictly after pos, if
 * pos is given and set) while cb returns 0: at most max entries, and, if
 * pending, none at JOBQ_NEVER. pos, if given, is left at the last entry
 * handed to cb. 1 if the index (or its pending part) ended, 0 if cb or
 * max stopped the walk, -1 if it failed (t->ret says why).
 */
static int
jobq_walk_index(struct store_txn *t, const struct jobq *q,
    const struct store_key *k, struct jobq_pos *pos, u_int max, int pending,
    jobq_cb cb, void *arg)
{
	struct store_iter	it;
	void			*rec;
	u_int			 n = 0;
	int			 end = 0;

	rec = xmalloc(q->size);
	if (k != NULL)
		store_iter_init(t, &it, q->due, k->data, k->len, 0);
	else
		store_iter_init(t, &it, q->due, NULL, 0, 0);
	if (pos != NULL && pos->len != 0)
		store_iter_after(&it, pos->key, pos->len);
	while (n++ < max) {
		if (!store_iter_next(&it) || it.klen != 16 ||
		    (pending && store_key_get_u64(it.key) == JOBQ_NEVER)) {
			end = 1;
			break;
		}
		if (jobq_get(t, q, store_key_get_u64(it.key + 8), rec) != 0)
			break;
		if (pos != NULL) {
			memcpy(pos->key, it.key, it.klen);
			pos->len = it.klen;
		}
		if (cb(rec, arg) != 0)
			break;
	}
	store_iter_done(&it);
	free(rec);
	return (t->ret != 0 ? -1 : end);
}

/*
 * The pending jobs in due order, at most max of them, until cb returns
 * non-zero. -1 if the walk failed (t->ret says why).
 */
int
jobq_walk_due(struct store_txn *t, const struct jobq *q, u_int max,
    jobq_cb cb, void *arg)
{
	return (jobq_walk_index(t, q, NULL, NULL, max, 1, cb, arg) < 0 ?
	    -1 : 0);
}

/*
 * The exceptions, oldest first, until cb returns non-zero. -1 if the walk
 * failed (t->ret says why).
 */
int
jobq_exception_walk(struct store_txn *t, const struct jobq *q, jobq_cb cb,
    void *arg)
{
	struct store_key	k;

	store_key_init(&k);
	store_key_u64(&k, JOBQ_NEVER);
	return (jobq_walk_index(t, q, &k, NULL, UINT_MAX, 0, cb, arg) < 0 ?
	    -1 : 0);
}

/*
 * Every job of the due index, pending and exceptions, in due order from
 * where pos stopped (its len 0: the start), at most max of them, until cb
 * returns non-zero; pos is left at the last one, to go on from later. 1
 * if the index ended, 0 if not yet, -1 if the walk failed (t->ret says
 * why).
 */
int
jobq_walk_on(struct store_txn *t, const struct jobq *q, struct jobq_pos *pos,
    u_int max, jobq_cb cb, void *arg)
{
	return (jobq_walk_index(t, q, NULL, pos, max, 0, cb, arg));
}
