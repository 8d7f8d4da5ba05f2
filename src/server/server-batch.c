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

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/*
 * Group commit. The first write in a loop pass opens one LMDB write
 * transaction; every write op in that pass runs in a nested transaction
 * inside it, so an op that fails leaves no trace while the others stand.
 * After the pass, server_loop calls batch_commit.
 *
 * The ledger's handle is opened with the meta page's flush deferred
 * (store_defer_sync, LMDB's MDB_NOMETASYNC): the commit writes and flushes
 * the data pages on the loop, then writes the meta page without waiting
 * for it. A thread then flushes it (store_sync, an fdatasync) while the
 * loop goes on reading requests, answering reads and pings, and running
 * the next pass's writes into a new transaction. Only when that flush is
 * done are the batch's replies sent and its events pushed (after the
 * replies, coalesced: one stock event per package a pass): an
 * acknowledged sale survives a power loss (DESIGN rule 7). A crash before
 * the flush can lose at most that last commit, which nobody was told of;
 * integrity is LMDB's either way (a later commit never reuses pages the
 * last durable one needs).
 *
 * One flush at a time: the next batch is committed only once the one
 * before is synced, so replies leave in commit order. b->early counts
 * replies sent for a commit not yet synced; by construction it stays 0,
 * and stashd says so when it stops (tests check it).
 *
 * A full map cannot be grown while a transaction is open: the op that hit
 * it ends the batch early (the ops before it are committed, synced and
 * answered, waiting for the flush on the loop: a rare path), the map
 * grows, and the op runs once more in a new batch.
 */

struct batch_sync {
	struct store	*st;
	struct event	*done_ev;
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;		/* to the thread: want or stop */
	pthread_cond_t	 done_cond;	/* from it: finished */
	int		 want;
	int		 finished;
	int		 rc;
	int		 stop;
};

static void	batch_answer(struct server *, struct op_ctx **, u_int, int,
		    uint64_t);

static void *
batch_sync_thread(void *arg)
{
	struct batch_sync	*bs = arg;
	int			 rc;

	pthread_mutex_lock(&bs->lock);
	for (;;) {
		while (!bs->stop && !bs->want)
			pthread_cond_wait(&bs->cond, &bs->lock);
		if (bs->stop)
			break;
		bs->want = 0;
		pthread_mutex_unlock(&bs->lock);

		rc = store_sync(bs->st);

		pthread_mutex_lock(&bs->lock);
		bs->rc = rc;
		bs->finished = 1;
		pthread_cond_signal(&bs->done_cond);
		event_active(bs->done_ev, EV_READ, 0);
	}
	pthread_mutex_unlock(&bs->lock);
	return (NULL);
}

/* The flush of the batch in flight is done: answer it. */
static void
batch_synced(struct server *srv, int rc)
{
	struct batch	*b = &srv->batch;
	u_int		 n = b->sync_nops;

	if (rc != 0) {
		/*
		 * The kernel could not write the ledger: what it kept is no
		 * longer known. Acknowledging would break rule 7; carrying
		 * on would build on pages that may not be there.
		 */
		fatalx("the ledger could not be flushed to disk (%s): "
		    "stopping, with %u operations unanswered",
		    store_strerror(rc), n);
	}
	b->syncing = 0;
	b->synced = b->sync_seq;
	b->sync_nops = 0;
	batch_answer(srv, b->sync_ops, n, 0, b->sync_seq);
	metrc_wake();	/* reports written: to the state soon */
}

/* On the loop: the thread's flush is done. */
static void
batch_sync_cb(evutil_socket_t fd, short events, void *arg)
{
	struct server		*srv = arg;
	struct batch_sync	*bs = srv->batch.bs;
	int			 rc;

	pthread_mutex_lock(&bs->lock);
	if (!bs->finished) {		/* batch_wait took it */
		pthread_mutex_unlock(&bs->lock);
		return;
	}
	bs->finished = 0;
	rc = bs->rc;
	pthread_mutex_unlock(&bs->lock);
	batch_synced(srv, rc);
	/* What ran while it was flushed is the next batch. */
	batch_commit(srv);
}

/* Wait on the loop for the flush in flight, if any, and answer it. */
static void
batch_wait(struct server *srv)
{
	struct batch_sync	*bs = srv->batch.bs;
	int			 rc;

	if (!srv->batch.syncing)
		return;
	pthread_mutex_lock(&bs->lock);
	while (!bs->finished)
		pthread_cond_wait(&bs->done_cond, &bs->lock);
	bs->finished = 0;
	rc = bs->rc;
	pthread_mutex_unlock(&bs->lock);
	batch_synced(srv, rc);
}

/* Defer the meta flush on stashd's handle and start the flushing thread. */
int
batch_start(struct server *srv, char **cause)
{
	struct batch_sync	*bs;

	if (store_defer_sync(srv->st) != 0) {
		xasprintf(cause, "cannot set up the ledger's group commit");
		return (-1);
	}
	bs = xcalloc(1, sizeof *bs);
	bs->st = srv->st;
	pthread_mutex_init(&bs->lock, NULL);
	pthread_cond_init(&bs->cond, NULL);
	pthread_cond_init(&bs->done_cond, NULL);
	bs->done_ev = event_new(srv->base, -1, 0, batch_sync_cb, srv);
	if (pthread_create(&bs->thread, NULL, batch_sync_thread, bs) != 0)
		fatal("pthread_create");
	srv->batch.bs = bs;
	return (0);
}

/* After the last batch: stop the thread, flush once more. */
void
batch_stop(struct server *srv)
{
	struct batch_sync	*bs = srv->batch.bs;

	if (bs == NULL)
		return;
	batch_wait(srv);
	pthread_mutex_lock(&bs->lock);
	bs->stop = 1;
	pthread_cond_signal(&bs->cond);
	pthread_mutex_unlock(&bs->lock);
	pthread_join(bs->thread, NULL);
	event_free(bs->done_ev);
	pthread_mutex_destroy(&bs->lock);
	pthread_cond_destroy(&bs->cond);
	pthread_cond_destroy(&bs->done_cond);
	free(bs);
	srv->batch.bs = NULL;
	free(srv->batch.sync_ops);	/* b->ops: server_loop's */
	srv->batch.sync_ops = NULL;
	store_sync(srv->st);
}

void
batch_init(struct batch *b)
{
	memset(b, 0, sizeof *b);
}

static int
batch_open(struct server *srv)
{
	struct batch	*b = &srv->batch;

	if (b->open)
		return (0);
	if (store_begin(srv->st, &b->txn, 1) != 0) {
		log_warnx("batch: cannot begin: %s", b->txn.err);
		return (-1);
	}
	b->open = 1;
	return (0);
}

void
batch_run(struct server *srv, struct op_ctx *ctx, op_fn fn)
{
	struct batch		*b = &srv->batch;
	struct store_txn	 child;
	int			 tries, r;

	ctx->write_fn = fn;
	for (tries = 0; tries < 2; tries++) {
		if (batch_open(srv) != 0) {
			op_error(ctx, "internal", "the ledger cannot be "
			    "written: nothing was written");
			op_finish(ctx);
			return;
		}
		if (store_begin_child(&b->txn, &child) != 0) {
			ctx->txn = &child;
			op_store_error(ctx);
			ctx->txn = NULL;
			op_finish(ctx);
			return;
		}
		ctx->txn = &child;
		r = fn(ctx);
		if (r == 0 && child.ret == 0) {
			store_commit(&child);
			if (child.ret == 0)
				break;
		} else
			store_abort(&child);
		if (child.ret == STORE_FULL && tries == 0) {
			/* Commit what came before, grow, run again. */
			if (ctx->result != NULL) {
				json_decref(ctx->result);
				ctx->result = NULL;
			}
			if (ctx->error != NULL) {
				json_decref(ctx->error);
				ctx->error = NULL;
			}
			if (ctx->events != NULL) {
				json_decref(ctx->events);
				ctx->events = NULL;
			}
			batch_wait(srv);
			batch_commit(srv);
			batch_wait(srv);
			if (store_grow(srv->st) != 0)
				break;
			continue;
		}
		break;
	}
	if (r != 0 || child.ret != 0) {
		if (child.ret != 0)
			op_store_error(ctx);
		else if (ctx->error == NULL)
			op_error(ctx, "internal", "operation failed");
		ctx->txn = NULL;
		op_finish(ctx);
		return;
	}
	ctx->txn = NULL;
	if (b->nops == b->size) {
		b->size = b->size == 0 ? 64 : b->size * 2;
		b->ops = xreallocarray(b->ops, b->size, sizeof *b->ops);
	}
	b->ops[b->nops++] = ctx;
}

/*
 * Answer a batch: its replies, then the pass's events once each. rc is
 * the commit's; seq the commit, which must be synced by now (b->early).
 */
static void
batch_answer(struct server *srv, struct op_ctx **ops, u_int n, int rc,
    uint64_t seq)
{
	struct batch	*b = &srv->batch;
	struct op_ctx	*ctx;
	json_t		*ev;
	size_t		 j;
	u_int		 i;

	if (rc == 0 && n != 0 && seq > b->synced) {
		b->early += n;
		log_warnx("batch: %u replies of commit %llu before its sync",
		    n, (unsigned long long)seq);
	}
	for (i = 0; i < n; i++) {
		ctx = ops[i];
		if (rc != 0) {
			if (rc == STORE_NOSPACE || rc == STORE_FULL)
				op_error(ctx, "disk-full", "%s",
				    store_strerror(STORE_NOSPACE));
			else
				op_error(ctx, "internal", "the ledger could "
				    "not be written: nothing was written");
			op_finish(ctx);
			continue;
		}
		if (ctx->done != NULL)
			ctx->done(ctx);
		if (ctx->events != NULL) {
			json_array_foreach(ctx->events, j, ev)
				server_event(srv, json_incref(ev));
		}
		op_finish(ctx);
	}
	/* The replies are queued: now the pass's events, once each. */
	server_push_events(srv);
}

/*
 * Commit the pass's writes (the data pages flushed, the meta page not yet)
 * and hand the flush to the thread; the replies wait for it. Nothing if a
 * flush is in flight: this batch is committed when it is done.
 */
void
batch_commit(struct server *srv)
{
	struct batch	*b = &srv->batch;
	struct op_ctx	**ops;
	u_int		 n, size;
	int		 rc;

	if (!b->open || b->syncing)
		return;
	rc = store_commit_deferred(&b->txn);
	b->open = 0;
	n = b->nops;
	b->nops = 0;
	if (rc != 0) {
		log_warnx("batch: commit of %u operations failed: %s", n,
		    b->txn.err);
		batch_answer(srv, b->ops, n, rc, 0);
		if (rc == STORE_FULL)
			store_grow(srv->st);
		return;
	}
	b->commits++;
	b->committed_ops += n;

	/* These ops wait for the flush; the next pass fills b->ops. */
	ops = b->sync_ops;
	size = b->sync_size;
	b->sync_ops = b->ops;
	b->sync_size = b->size;
	b->sync_nops = n;
	b->ops = ops;
	b->size = size;
	b->sync_seq = b->commits;
	b->syncing = 1;
	pthread_mutex_lock(&b->bs->lock);
	b->bs->want = 1;
	pthread_cond_signal(&b->bs->cond);
	pthread_mutex_unlock(&b->bs->lock);
}
