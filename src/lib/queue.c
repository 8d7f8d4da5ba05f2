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

#include "queue.h"

/*
 * Walk the newest QUEUE_SCAN tickets, newest first, for entries match
 * takes: the first (newest), or with oldest the last. 1 with out filled,
 * or 0.
 */
static int
queue_scan(struct store_txn *t, int (*match)(const struct queue_entry *,
    uint64_t), uint64_t arg, int oldest, struct queue_entry *out)
{
	struct store_iter	it;
	struct queue_entry	q;
	u_int			n = 0;
	int			found = 0;

	store_iter_init(t, &it, DB_QUEUE, NULL, 0, 1);
	while (n++ < QUEUE_SCAN && store_iter_next(&it)) {
		if (store_queue_decode(it.val, it.vlen, &q) != 0 ||
		    !match(&q, arg))
			continue;
		*out = q;		/* walking back: the last is oldest */
		found = 1;
		if (!oldest)
			break;
	}
	store_iter_done(&it);
	return (found);
}

static int
queue_match_waiting(const struct queue_entry *q, uint64_t customer)
{
	return (q->status == QUEUE_WAITING &&
	    (customer == 0 || q->customer == customer));
}

static int
queue_match_order(const struct queue_entry *q, uint64_t order)
{
	return (q->order == order);
}

/*
 * The waiting entry of a customer, or with customer 0 the one waiting
 * longest, among the newest QUEUE_SCAN tickets: 1 with out filled, or 0.
 */
int
queue_find(struct store_txn *t, uint32_t customer, struct queue_entry *out)
{
	return (queue_scan(t, queue_match_waiting, customer, customer == 0,
	    out));
}

/*
 * The newest QUEUE_SCAN tickets, newest first: cb for each. 0, or -1 on a
 * store error.
 */
int
queue_recent(struct store_txn *t, void (*cb)(const struct queue_entry *,
    void *), void *arg)
{
	struct store_iter	it;
	struct queue_entry	q;
	u_int			n = 0;

	store_iter_init(t, &it, DB_QUEUE, NULL, 0, 1);
	while (n++ < QUEUE_SCAN && store_iter_next(&it)) {
		if (store_queue_decode(it.val, it.vlen, &q) != 0)
			continue;
		cb(&q, arg);
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * The newest entry of a pickup order, among the newest QUEUE_SCAN
 * tickets: 1 with out filled, or 0.
 */
int
queue_order_find(struct store_txn *t, uint64_t order, struct queue_entry *out)
{
	return (queue_scan(t, queue_match_order, order, 0, out));
}

/*
 * A pickup order that will not be picked up (cancelled): its entry, if
 * it is still waiting or called, leaves the queue in the caller's
 * transaction. 1 if it did, else 0.
 */
int
queue_order_leave(struct store_txn *t, uint64_t order, int64_t now)
{
	struct queue_entry	q;

	if (order == 0 || !queue_order_find(t, order, &q) ||
	    q.status == QUEUE_LEFT)
		return (0);
	q.status = QUEUE_LEFT;
	q.called = now;
	store_queue_put(t, &q);
	return (1);
}
