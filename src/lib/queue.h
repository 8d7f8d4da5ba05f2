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

#ifndef QUEUE_H
#define QUEUE_H

/*
 * The door queue as the business sees it: customers checked in at the
 * door wait for a register to call them. The entry record is in store.h.
 */

#include "store.h"

#define QUEUE_SCAN	1000	/* newest tickets looked at */

/* queue.c */
int		 queue_find(struct store_txn *, uint32_t, struct queue_entry *);
int		 queue_recent(struct store_txn *,
		     void (*)(const struct queue_entry *, void *), void *);
int		 queue_order_find(struct store_txn *, uint64_t,
		     struct queue_entry *);
int		 queue_order_leave(struct store_txn *, uint64_t, int64_t);

#endif /* QUEUE_H */
