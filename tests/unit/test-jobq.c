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

#include "unit.h"

#include "stash.h"
#include "store.h"
#include "jobq.h"

/*
 * jobq.c: a queue of toy records on a real ledger (the notification
 * tables, empty in a fresh one): the due index follows every put, the due
 * walk gives pending jobs in due order and stops short of the exceptions,
 * the exception walk gives only those, a walk in steps goes on where it
 * stopped, and a damaged record is reported.
 */

#define TOY_REC		'T'
enum { TOY_PENDING = 1, TOY_DONE, TOY_EXCEPTION };

struct toy {
	uint64_t	id;
	int64_t		state;
	int64_t		due;
};

static int
toy_decode(const u_char *v, size_t vlen, void *rec)
{
	struct toy	*j = rec;
	struct codec	 c;
	int64_t		 id;

	memset(j, 0, sizeof *j);
	if (codec_open(&c, v, vlen, TOY_REC) != 0 ||
	    codec_get_i64(&c, 1, &id) != 0 ||
	    codec_get_i64(&c, 2, &j->state) != 0 ||
	    codec_get_i64(&c, 3, &j->due) != 0 || id <= 0)
		return (-1);
	j->id = (uint64_t)id;
	return (0);
}

static void
toy_encode(struct buf *b, const void *rec)
{
	const struct toy	*j = rec;

	codec_begin(b, TOY_REC, 1);
	codec_i64(b, 1, (int64_t)j->id);
	codec_i64(b, 2, j->state);
	codec_i64(b, 3, j->due);
}

static int
toy_slot(const void *rec, uint64_t *id, uint64_t *due)
{
	const struct toy	*j = rec;

	*id = j->id;
	*due = j->state == TOY_EXCEPTION ? JOBQ_NEVER : (uint64_t)j->due;
	return (j->state != TOY_DONE);
}

static const struct jobq toy_q = {
	DB_NOTIFY, DB_NOTIFY_DUE, "toy", sizeof (struct toy),
	toy_decode, toy_encode, toy_slot
};

/* What a walk saw: the ids in order. */
struct seen {
	uint64_t	ids[16];
	u_int		n;
	u_int		stop;	/* stop after this many; 0: never */
};

static int
seen_one(const void *rec, void *arg)
{
	const struct toy	*j = rec;
	struct seen		*s = arg;

	assert_true(s->n < 16);
	s->ids[s->n++] = j->id;
	return (s->stop != 0 && s->n == s->stop);
}

static uint64_t
toy_add(struct store_txn *t, int state, int64_t due)
{
	struct toy	j;

	j.id = jobq_next(t, &toy_q);
	j.state = state;
	j.due = due;
	jobq_put(t, &toy_q, NULL, &j);
	assert_int_equal(t->ret, 0);
	return (j.id);
}

static int
setup(void **state)
{
	struct fixture	*f;

	if ((f = fixture_open("jobq", (size_t)4 << 20)) == NULL)
		return (-1);
	*state = f;
	return (0);
}

static void
test_walks(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct seen		 s;
	struct jobq_pos		 pos;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	assert_int_equal(jobq_next(&t, &toy_q), 1);
	assert_int_equal(toy_add(&t, TOY_PENDING, 300), 1);
	assert_int_equal(toy_add(&t, TOY_EXCEPTION, 50), 2);
	assert_int_equal(toy_add(&t, TOY_PENDING, 100), 3);
	assert_int_equal(toy_add(&t, TOY_DONE, 10), 4);
	assert_int_equal(toy_add(&t, TOY_PENDING, 200), 5);
	assert_int_equal(jobq_next(&t, &toy_q), 6);

	/* Done jobs leave the index; exceptions sit at its end. */
	assert_int_equal(store_count(&t, DB_NOTIFY), 5);
	assert_int_equal(store_count(&t, DB_NOTIFY_DUE), 4);
	assert_int_equal(jobq_exceptions(&t, &toy_q), 1);

	memset(&s, 0, sizeof s);
	assert_int_equal(jobq_walk_due(&t, &toy_q, 100, seen_one, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.ids[0], 3);
	assert_int_equal(s.ids[1], 5);
	assert_int_equal(s.ids[2], 1);

	/* At most max entries; and the callback can stop it. */
	memset(&s, 0, sizeof s);
	assert_int_equal(jobq_walk_due(&t, &toy_q, 2, seen_one, &s), 0);
	assert_int_equal(s.n, 2);
	memset(&s, 0, sizeof s);
	s.stop = 1;
	assert_int_equal(jobq_walk_due(&t, &toy_q, 100, seen_one, &s), 0);
	assert_int_equal(s.n, 1);

	memset(&s, 0, sizeof s);
	assert_int_equal(jobq_exception_walk(&t, &toy_q, seen_one, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], 2);

	memset(&s, 0, sizeof s);
	assert_int_equal(jobq_walk(&t, &toy_q, seen_one, &s), 0);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.ids[0], 1);
	assert_int_equal(s.ids[4], 5);

	/*
	 * A walk in steps (the reconciliation's): the whole index, the
	 * exception last, two at a time from where the last step stopped;
	 * 1 once it has ended.
	 */
	memset(&s, 0, sizeof s);
	memset(&pos, 0, sizeof pos);
	assert_int_equal(jobq_walk_on(&t, &toy_q, &pos, 2, seen_one, &s), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(jobq_walk_on(&t, &toy_q, &pos, 2, seen_one, &s), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(jobq_walk_on(&t, &toy_q, &pos, 2, seen_one, &s), 1);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.ids[0], 3);
	assert_int_equal(s.ids[1], 5);
	assert_int_equal(s.ids[2], 1);
	assert_int_equal(s.ids[3], 2);
	store_abort(&t);
}

static void
test_reschedule(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct toy		 j, old;
	struct seen		 s;
	uint64_t		 a, b;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	a = toy_add(&t, TOY_PENDING, 100);
	b = toy_add(&t, TOY_PENDING, 200);

	/* A retry later moves a behind b, and the old entry goes. */
	assert_int_equal(jobq_get(&t, &toy_q, a, &j), 0);
	assert_int_equal(j.due, 100);
	old = j;
	j.due = 300;
	jobq_put(&t, &toy_q, &old, &j);
	assert_int_equal(store_count(&t, DB_NOTIFY_DUE), 2);
	memset(&s, 0, sizeof s);
	jobq_walk_due(&t, &toy_q, 100, seen_one, &s);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ids[0], b);
	assert_int_equal(s.ids[1], a);

	/* Refused: out of the due walk, into the exceptions. */
	old = j;
	j.state = TOY_EXCEPTION;
	jobq_put(&t, &toy_q, &old, &j);
	assert_int_equal(store_count(&t, DB_NOTIFY_DUE), 2);
	assert_int_equal(jobq_exceptions(&t, &toy_q), 1);
	memset(&s, 0, sizeof s);
	jobq_walk_due(&t, &toy_q, 100, seen_one, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], b);

	/* Retried, then done: back in the walk, then out of the index. */
	old = j;
	j.state = TOY_PENDING;
	j.due = 50;
	jobq_put(&t, &toy_q, &old, &j);
	assert_int_equal(jobq_exceptions(&t, &toy_q), 0);
	memset(&s, 0, sizeof s);
	jobq_walk_due(&t, &toy_q, 100, seen_one, &s);
	assert_int_equal(s.ids[0], a);
	old = j;
	j.state = TOY_DONE;
	jobq_put(&t, &toy_q, &old, &j);
	assert_int_equal(store_count(&t, DB_NOTIFY_DUE), 1);
	assert_int_equal(jobq_get(&t, &toy_q, a, &j), 0);
	assert_int_equal(j.state, TOY_DONE);
	assert_int_equal(t.ret, 0);

	assert_int_equal(jobq_get(&t, &toy_q, 99, &j), STORE_NOTFOUND);
	store_abort(&t);
}

static void
test_damaged(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	 t;
	struct store_key	 k;
	struct toy		 j;

	assert_int_equal(store_begin(f->st, &t, 1), 0);
	store_key_init(&k);
	store_key_u64(&k, 1);
	store_put(&t, DB_NOTIFY, k.data, k.len, "junk", 4);
	assert_int_equal(jobq_get(&t, &toy_q, 1, &j), STORE_CORRUPT);
	assert_non_null(strstr(t.err, "toy 1"));
	store_abort(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_walks, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reschedule, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_damaged, setup,
		    fixture_teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
