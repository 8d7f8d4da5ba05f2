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

#include <string.h>

#include "store.h"

/*
 * The door queue: tickets in arrival order (the key), each naming the
 * customer checked in at the door. A called ticket stays, marked, until
 * the day's queue is cleared, so the door sees who went where.
 */

#define QUEUE_KIND	'Q'
enum { QU_TICKET = 1, QU_CUSTOMER, QU_ADDED, QU_STATUS, QU_TERMINAL,
    QU_CALLED, QU_STAFF, QU_STATE, QU_STATE_AT, QU_STATE_FLOWER,
    QU_STATE_THC, QU_STATE_CONC, QU_ORDER };

int
store_queue_decode(const u_char *v, size_t vlen, struct queue_entry *q)
{
	struct codec	c;
	int64_t		ticket = 0, customer = 0, status = 0, staff = 0;
	int64_t		state = QUEUE_STATE_NONE;
	u_int		i;

	memset(q, 0, sizeof *q);
	for (i = 0; i < 3; i++)
		q->state_moz[i] = -1;
	if (codec_open(&c, v, vlen, QUEUE_KIND) != 0 ||
	    codec_get_i64(&c, QU_TICKET, &ticket) != 0 ||
	    codec_get_i64(&c, QU_CUSTOMER, &customer) < 0 ||
	    codec_get_i64(&c, QU_ADDED, &q->added) < 0 ||
	    codec_get_i64(&c, QU_STATUS, &status) < 0 ||
	    codec_get_str(&c, QU_TERMINAL, q->terminal,
	    sizeof q->terminal) < 0 ||
	    codec_get_i64(&c, QU_CALLED, &q->called) < 0 ||
	    codec_get_i64(&c, QU_STAFF, &staff) < 0 ||
	    codec_get_i64(&c, QU_STATE, &state) < 0 ||
	    codec_get_i64(&c, QU_STATE_AT, &q->state_at) < 0 ||
	    codec_get_i64(&c, QU_STATE_FLOWER, &q->state_moz[0]) < 0 ||
	    codec_get_i64(&c, QU_STATE_THC, &q->state_moz[1]) < 0 ||
	    codec_get_i64(&c, QU_STATE_CONC, &q->state_moz[2]) < 0 ||
	    codec_get_i64(&c, QU_ORDER, (int64_t *)&q->order) < 0 ||
	    ticket <= 0 ||
	    customer < 0 || customer > UINT32_MAX)
		return (-1);
	q->ticket = (uint64_t)ticket;
	q->customer = (uint32_t)customer;
	q->status = (int)status;
	q->staff = (uint32_t)staff;
	q->state = (int)state;
	return (0);
}

int
store_queue_get(struct store_txn *t, uint64_t ticket, struct queue_entry *q)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	store_key_init(&k);
	store_key_u64(&k, ticket);
	if ((r = store_get(t, DB_QUEUE, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	if (store_queue_decode(v, vlen, q) != 0) {
		store_fail(t, STORE_CORRUPT, "queue entry damaged");
		return (STORE_CORRUPT);
	}
	return (0);
}

/* Write an entry; a new one (ticket 0) gets the next ticket number. */
void
store_queue_put(struct store_txn *t, struct queue_entry *q)
{
	struct store_key	k;
	struct buf		b;

	if (q->ticket == 0)
		q->ticket = store_last_u64(t, DB_QUEUE) + 1;
	buf_init(&b);
	codec_begin(&b, QUEUE_KIND, 1);
	codec_i64(&b, QU_TICKET, (int64_t)q->ticket);
	codec_i64(&b, QU_CUSTOMER, q->customer);
	codec_i64(&b, QU_ADDED, q->added);
	codec_i64(&b, QU_STATUS, q->status);
	codec_str(&b, QU_TERMINAL, q->terminal);
	if (q->order != 0)
		codec_i64(&b, QU_ORDER, (int64_t)q->order);
	codec_i64(&b, QU_CALLED, q->called);
	codec_i64(&b, QU_STAFF, q->staff);
	if (q->state != QUEUE_STATE_NONE) {
		codec_i64(&b, QU_STATE, q->state);
		codec_i64(&b, QU_STATE_AT, q->state_at);
		codec_i64(&b, QU_STATE_FLOWER, q->state_moz[0]);
		codec_i64(&b, QU_STATE_THC, q->state_moz[1]);
		codec_i64(&b, QU_STATE_CONC, q->state_moz[2]);
	}
	store_key_init(&k);
	store_key_u64(&k, q->ticket);
	store_put(t, DB_QUEUE, k.data, k.len, b.data, b.len);
	buf_free(&b);
}
