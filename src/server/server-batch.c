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
 * transaction; every write op in that pass runs in a nested transaction
 * inside it, so an op that fails leaves no trace while the others stand.
 * After the pass, server_loop calls batch_commit: one fsync for all of
 * them, and only then are their replies sent and their events pushed
 * (after the replies, coalesced: one stock event per package a pass).
 *
 * A full map cannot be grown while a transaction is open: the op that hit
 * it ends the batch early (the ops before it are committed and answered),
 * the map grows, and the op runs once more in a new batch.
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
			batch_commit(srv);
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

/* Commit the pass's writes durably, then answer and push. */
void
batch_commit(struct server *srv)
{
	struct batch	*b = &srv->batch;
	struct op_ctx	*ctx;
	json_t		*ev;
	size_t		 j;
	u_int		 i, n;
	int		 rc;

	if (!b->open)
		return;
	rc = store_commit(&b->txn);
	b->open = 0;
	n = b->nops;
	b->nops = 0;
	if (rc == 0) {
		b->commits++;
		b->committed_ops += n;
		metrc_wake();	/* reports written: to the state soon */
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
				server_event(srv, json_incref(ev));
		}
		op_finish(ctx);
	}
	/* The replies are queued: now the pass's events, once each. */
	server_push_events(srv);
	if (rc == STORE_FULL)
		store_grow(srv->st);
}
