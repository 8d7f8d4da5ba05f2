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

#ifndef TEST_DEV_H
#define TEST_DEV_H

/*
 * Shared by the device driver tests: feed bytes to a driver and collect
 * the events. td_run feeds the input whole, then byte by byte, then split
 * at every point (short inputs), and checks every way gives the same
 * events, so split and concatenated frames are covered by every vector.
 */

#include "stash.h"
#include "dev.h"

#define TD_MAX	32

struct td {
	struct dev_event	ev[TD_MAX];
	u_int			n;
	u_int			dropped;
};

static struct td td_out, td_cmp;

static inline void
td_collect(const struct dev_event *ev, void *arg)
{
	struct td	*t = arg;

	if (t->n == TD_MAX) {
		t->dropped++;
		return;
	}
	t->ev[t->n++] = *ev;
}

static inline void
td_feed(const char *name, const char *opts, const void *data, size_t len,
    int idle, size_t step, size_t split, struct td *t)
{
	const struct dev_driver	*d;
	const u_char		*p = data;
	void			*s;
	char			*err = NULL;
	size_t			 off, n;

	memset(t, 0, sizeof *t);
	d = dev_find(name);
	assert_non_null(d);
	s = d->create(opts, &err);
	assert_non_null(s);
	if (split != 0) {
		d->feed(s, p, split, td_collect, t);
		d->feed(s, p + split, len - split, td_collect, t);
	} else {
		for (off = 0; off < len; off += n) {
			n = step == 0 || len - off < step ? len - off : step;
			d->feed(s, p + off, n, td_collect, t);
		}
	}
	if (idle)
		d->idle(s, td_collect, t);
	d->free(s);
}

static inline int
td_same(const struct td *a, const struct td *b)
{
	u_int	i;

	if (a->n != b->n)
		return (0);
	for (i = 0; i < a->n; i++) {
		if (memcmp(&a->ev[i], &b->ev[i], sizeof a->ev[i]) != 0)
			return (0);
	}
	return (1);
}

/* Run and check all the ways of splitting; the events are in td_out. */
static inline void
td_run(const char *name, const char *opts, const void *data, size_t len,
    int idle)
{
	size_t	split;

	td_feed(name, opts, data, len, idle, 1, 0, &td_cmp);
	td_feed(name, opts, data, len, idle, 0, 0, &td_out);
	if (!td_same(&td_out, &td_cmp))
		fail_msg("%s: byte-by-byte differs from whole", name);
	if (len > 600)
		return;
	for (split = 1; split < len; split++) {
		td_feed(name, opts, data, len, idle, 0, split, &td_cmp);
		if (!td_same(&td_out, &td_cmp))
			fail_msg("%s: split at %zu differs", name, split);
	}
}

#define TD_RUN(name, opts, lit, idle) \
	td_run((name), (opts), (lit), sizeof (lit) - 1, (idle))

/* The i'th event is a status with that code. */
static inline void
td_status(u_int i, enum dev_status_code st)
{
	assert_true(i < td_out.n);
	if (td_out.ev[i].type != DEV_EV_STATUS || td_out.ev[i].status != st)
		fail_msg("event %u: want status %s, got type %d status %s (%s)",
		    i, dev_status_name(st), td_out.ev[i].type,
		    dev_status_name(td_out.ev[i].status), td_out.ev[i].msg);
	assert_true(td_out.ev[i].msg[0] != '\0');
}

/* The i'th event is a weight. */
static inline void
td_weight(u_int i, int64_t value, int decimals, enum dev_unit unit,
    int64_t mg, int flags)
{
	const struct dev_weight	*w;

	assert_true(i < td_out.n);
	if (td_out.ev[i].type != DEV_EV_WEIGHT)
		fail_msg("event %u: want a weight, got type %d status %s (%s)",
		    i, td_out.ev[i].type, dev_status_name(td_out.ev[i].status),
		    td_out.ev[i].msg);
	w = &td_out.ev[i].weight;
	assert_int_equal(w->value, value);
	assert_int_equal(w->decimals, decimals);
	assert_int_equal(w->unit, unit);
	assert_int_equal(w->mg, mg);
	assert_int_equal(w->flags, flags);
}

/* No event at all is a weight, scan, ID or position. */
static inline void
td_none_good(void)
{
	u_int	i;

	for (i = 0; i < td_out.n; i++)
		assert_int_equal(td_out.ev[i].type, DEV_EV_STATUS);
}

#endif /* TEST_DEV_H */
