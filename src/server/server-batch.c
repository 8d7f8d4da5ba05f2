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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/*
 * Group commit. The first write in a loop pass opens one LMDB write
 * transaction; every write op in that pass runs straight in it. An op
 * refused before it wrote (most refusals: store.c counts the writes tried)
 * leaves nothing. One that fails after writing (a store error, a full map)
 * has the batch aborted and run again, each op in a nested transaction of
 * a new one, the rest of the pass too (batch_replay): so an op that fails
 * leaves no trace while the others stand, written once.
 * After the pass, server_loop calls batch_commit: one fsync for all of
 * them, and only then are their replies sent and their events pushed
 * (after the replies, coalesced: one stock event per package a pass).
 *
 * A full map cannot be grown while any transaction is open, and an op's
 * handler may still be inside its read transaction when it hands its write
 * here (the async ones: after a PIN check or a patient lookup, or at once).
 * So batch_run never grows the map. The op that hits a full map, and every
 * op after it in the pass (so they still run in the order they came), is
 * set aside unrun; batch_commit, between loop passes with nothing open,
 * commits the others, grows the map and runs the set-aside ops once more in
 * a batch of their own. When the commit itself finds the map full, nothing
 * was written and the whole batch is set aside the same way. A second full
 * map is a refusal. store_grow itself refuses to run inside a transaction.
 */

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

static void
batch_add(struct op_ctx ***list, u_int *n, u_int *size, struct op_ctx *ctx)
{
	if (*n == *size) {
		*size = *size == 0 ? 64 : *size * 2;
		*list = xreallocarray(*list, *size, sizeof **list);
	}
	(*list)[(*n)++] = ctx;
}

/* Forget what an op's run left, to run it again. */
static void
batch_clear(struct op_ctx *ctx)
{
	json_decref(ctx->result);
	ctx->result = NULL;
	if (ctx->frame != NULL)
		conn_frame_unref(ctx->frame);
	ctx->frame = NULL;
	json_decref(ctx->error);
	ctx->error = NULL;
	json_decref(ctx->events);
	ctx->events = NULL;
}

/* Set an op aside to run again after the map grows. */
static void
batch_set_aside(struct batch *b, struct op_ctx *ctx)
{
	batch_clear(ctx);
	batch_add(&b->full, &b->nfull, &b->fullsize, ctx);
}

static void	batch_try(struct server *, struct op_ctx *, int);

/*
 * An op failed after it wrote, in the batch's own transaction: abort it,
 * and run the batch's ops again (the failed one last, as it came), each in
 * a nested transaction of a new one, so the failed one leaves nothing and
 * the others are written once.
 */
static void
batch_replay(struct server *srv, struct op_ctx *failed, int last)
{
	struct batch	 *b = &srv->batch;
	struct op_ctx	**ops = b->ops;
	u_int		  i, n = b->nops;

	log_warnx("batch: %s failed after writing: %u operations run again, "
	    "one nested transaction each", failed->op, n + 1);
	store_abort(&b->txn);
	b->open = 0;
	b->nested = 1;
	b->ops = NULL;
	b->nops = b->size = 0;
	for (i = 0; i < n; i++) {
		batch_clear(ops[i]);
		batch_try(srv, ops[i], last);
	}
	free(ops);
	batch_clear(failed);
	batch_try(srv, failed, last);
}

/*
 * Run the op's write straight in the pass's batch transaction. An op
 * refused before it wrote leaves nothing; one that fails after writing
 * (a store error, a full map) has the batch run again nested.
 */
static void
batch_try_direct(struct server *srv, struct op_ctx *ctx, int last)
{
	struct batch	*b = &srv->batch;
	u_int		 writes = b->txn.writes;
	int		 r;

	ctx->txn = &b->txn;
	r = ctx->write_fn(ctx);
	ctx->txn = NULL;
	if (r == 0 && b->txn.ret == 0) {
		batch_add(&b->ops, &b->nops, &b->size, ctx);
		return;
	}
	if (b->txn.ret == 0 && b->txn.writes == writes) {
		if (ctx->error == NULL)
			op_error(ctx, "internal", "operation failed");
		op_finish(ctx);
		return;
	}
	batch_replay(srv, ctx, last);
}

/*
 * Run the op's write: straight in the pass's batch, or once an op of the
 * batch failed after writing, in a nested transaction of it. last is set
 * for the run after a growth: a full map then is a refusal.
 */
static void
batch_try(struct server *srv, struct op_ctx *ctx, int last)
{
	struct batch		*b = &srv->batch;
	struct store_txn	 child;
	int			 r;

	if (!last && b->nfull != 0) {
		batch_set_aside(b, ctx);
		return;
	}
	if (batch_open(srv) != 0) {
		op_error(ctx, "internal", "the ledger cannot be "
		    "written: nothing was written");
		op_finish(ctx);
		return;
	}
	if (!b->nested) {
		batch_try_direct(srv, ctx, last);
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
	r = ctx->write_fn(ctx);
	if (r == 0 && child.ret == 0)
		store_commit(&child);
	else
		store_abort(&child);
	ctx->txn = NULL;
	if (child.ret == STORE_FULL && !last) {
		batch_set_aside(b, ctx);
		return;
	}
	if (r != 0 || child.ret != 0) {
		ctx->txn = &child;
		if (child.ret != 0)
			op_store_error(ctx);
		else if (ctx->error == NULL)
			op_error(ctx, "internal", "operation failed");
		ctx->txn = NULL;
		op_finish(ctx);
		return;
	}
	batch_add(&b->ops, &b->nops, &b->size, ctx);
}

void
batch_run(struct server *srv, struct op_ctx *ctx, op_fn fn)
{
	ctx->write_fn = fn;
	batch_try(srv, ctx, 0);
}

/*
 * A write with no terminal behind it (the Metrc drain, reconciliation,
 * transfers): fn runs in the group commit like any op's write, with data
 * as ctx->data (freed by free_data), and done runs once it is durable.
 */
void
batch_write(struct server *srv, const char *name, op_fn fn, void *data,
    void (*free_data)(void *), op_done_fn done)
{
	struct op_ctx	*ctx;

	ctx = op_new(srv, name);
	ctx->data = data;
	ctx->free_data = free_data;
	ctx->done = done;
	batch_run(srv, ctx, fn);
}

/*
 * Be told after every commit (ok if it was written) with the events of
 * its ops: the server pushes them, the Metrc drain looks for new reports.
 */
void
batch_hook_add(struct server *srv, batch_hook_fn fn, void *arg)
{
	struct batch	*b = &srv->batch;

	if (b->nhooks == BATCH_HOOKS)
		fatalx("batch_hook_add: too many hooks");
	b->hooks[b->nhooks].fn = fn;
	b->hooks[b->nhooks].arg = arg;
	b->nhooks++;
}

void
batch_hook_remove(struct server *srv, batch_hook_fn fn, void *arg)
{
	struct batch	*b = &srv->batch;
	u_int		 i;

	for (i = 0; i < b->nhooks; i++) {
		if (b->hooks[i].fn == fn && b->hooks[i].arg == arg) {
			memmove(&b->hooks[i], &b->hooks[i + 1],
			    (b->nhooks - i - 1) * sizeof *b->hooks);
			b->nhooks--;
			return;
		}
	}
}

/*
 * Commit the batch durably, then answer and push. A map found full before
 * the growth sets the whole batch aside (nothing was written).
 */
static void
batch_commit_one(struct server *srv, int last)
{
	struct batch	 *b = &srv->batch;
	struct op_ctx	 *ctx, **ops;
	json_t		 *ev, *events;
	size_t		  j;
	u_int		  i, n;
	int		  rc;

	if (!b->open)
		return;
	rc = store_commit(&b->txn);
	b->open = 0;
	b->nested = 0;
	events = json_array();
	n = b->nops;
	b->nops = 0;
	if (rc == STORE_FULL && !last) {
		/* These go first: they came before the ones set aside. */
		ops = b->full;
		i = b->nfull;
		b->full = NULL;
		b->nfull = b->fullsize = 0;
		for (j = 0; j < n; j++)
			batch_set_aside(b, b->ops[j]);
		for (j = 0; j < i; j++)
			batch_add(&b->full, &b->nfull, &b->fullsize, ops[j]);
		free(ops);
		json_decref(events);
		return;
	}
	if (rc == 0) {
		b->commits++;
		b->committed_ops += n;
	} else
		log_warnx("batch: commit of %u operations failed: %s", n,
		    b->txn.err);
	for (i = 0; i < n; i++) {
		ctx = b->ops[i];
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
				json_array_append(events, ev);
		}
		op_finish(ctx);
	}
	/* The replies are queued: now those who watch the commits. */
	for (i = 0; i < b->nhooks; i++)
		b->hooks[i].fn(srv, rc == 0, events, b->hooks[i].arg);
	json_decref(events);
	if (rc == STORE_FULL)
		store_grow(srv->st);	/* room for the next pass */
}

/*
 * Between loop passes, with no transaction open: commit; then grow the map
 * for the ops set aside, run them again and commit them.
 */
void
batch_commit(struct server *srv)
{
	struct batch	 *b = &srv->batch;
	struct op_ctx	**list;
	u_int		  i, n;

	batch_commit_one(srv, 0);
	if (b->nfull == 0)
		return;
	list = b->full;
	n = b->nfull;
	b->full = NULL;
	b->nfull = b->fullsize = 0;
	if (store_grow(srv->st) != 0) {
		for (i = 0; i < n; i++) {
			op_error(list[i], "disk-full", "%s",
			    store_strerror(STORE_NOSPACE));
			op_finish(list[i]);
		}
	} else {
		for (i = 0; i < n; i++)
			batch_try(srv, list[i], 1);
		batch_commit_one(srv, 1);
	}
	free(list);
}
