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

#include <sys/queue.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <sodium.h>

#include "server.h"
#include "auth.h"

/*
 * PIN checks off the event loop. Argon2id takes tens of milliseconds and
 * 64 MiB on purpose; done on the loop, one login would stall every
 * terminal. Jobs go to a few worker threads; results come back through one
 * event made active from the worker (libevent's pthreads locking is on),
 * and the callbacks run on the loop thread.
 *
 * Guessing is bounded before any hashing: a staff member's checks in
 * flight count towards the lockout with the wrong PINs already recorded,
 * so a flood of attempts for one account costs at most the lockout limit
 * in hashes and the rest are refused at once. Waiting jobs are queued per
 * terminal and, within a terminal, per staff member; workers take them
 * round-robin (terminal, then staff), so a flood from one terminal or for
 * one account does not hold up anyone else's login. The queue is bounded
 * per terminal and in all: beyond, a check is refused as busy.
 */

#define PIN_QUEUE_MAX		256	/* jobs waiting, in all */
#define PIN_QUEUE_TERMINAL	32	/* jobs waiting from one terminal */

struct pin_staffq;

struct pin_job {
	TAILQ_ENTRY(pin_job)	 entry;
	uint32_t		 staff;
	char			*hash;		/* NULL: no check */
	char			*pin;
	char			*newpin;	/* to hash, or NULL */
	char			*newhash;	/* the caller's, 128 bytes */
	int			 ok;
	pin_cb			 cb;
	void			*arg;
};
TAILQ_HEAD(pin_jobs, pin_job);

/* One staff member's waiting jobs from one terminal. */
struct pin_staffq {
	TAILQ_ENTRY(pin_staffq)	 entry;
	uint32_t		 staff;
	struct pin_jobs		 jobs;
};

/* One terminal's waiting jobs, by staff member. */
struct pin_termq {
	TAILQ_ENTRY(pin_termq)	 entry;
	char			 name[TERMINAL_NAME_MAX + 1];
	TAILQ_HEAD(, pin_staffq) staff;
	u_int			 njobs;
};

/* A staff member's checks not yet finished (loop thread only). */
struct pin_count {
	TAILQ_ENTRY(pin_count)	 entry;
	uint32_t		 staff;
	u_int			 n;
};

struct pin_pool {
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	TAILQ_HEAD(, pin_termq)	 todo;		/* round-robin order */
	u_int			 queued;
	struct pin_jobs		 done;
	uint64_t		 checks;	/* hashes computed */
	pthread_t		*threads;
	int			 nthreads;
	int			 stop;
	struct event		*done_ev;

	/* Loop thread only. */
	u_int			 pending;
	int			 limit;		/* lockout attempts */
	TAILQ_HEAD(, pin_count)	 counts;
};

static void
pin_job_free(struct pin_job *job)
{
	if (job->pin != NULL)
		freezero(job->pin, strlen(job->pin));
	if (job->newpin != NULL)
		freezero(job->newpin, strlen(job->newpin));
	free(job->hash);
	free(job);
}

/* Under the lock: the next job, round-robin by terminal, then staff. */
static struct pin_job *
pin_next(struct pin_pool *pp)
{
	struct pin_termq	*tq;
	struct pin_staffq	*sq;
	struct pin_job		*job;

	if ((tq = TAILQ_FIRST(&pp->todo)) == NULL)
		return (NULL);
	TAILQ_REMOVE(&pp->todo, tq, entry);
	sq = TAILQ_FIRST(&tq->staff);
	TAILQ_REMOVE(&tq->staff, sq, entry);
	job = TAILQ_FIRST(&sq->jobs);
	TAILQ_REMOVE(&sq->jobs, job, entry);
	if (TAILQ_EMPTY(&sq->jobs))
		free(sq);
	else
		TAILQ_INSERT_TAIL(&tq->staff, sq, entry);
	tq->njobs--;
	pp->queued--;
	if (TAILQ_EMPTY(&tq->staff))
		free(tq);
	else
		TAILQ_INSERT_TAIL(&pp->todo, tq, entry);
	return (job);
}

static void *
pin_worker(void *arg)
{
	struct pin_pool	*pp = arg;
	struct pin_job	*job;

	pthread_mutex_lock(&pp->lock);
	for (;;) {
		while (!pp->stop && TAILQ_EMPTY(&pp->todo))
			pthread_cond_wait(&pp->cond, &pp->lock);
		if (pp->stop)
			break;
		job = pin_next(pp);
		pp->checks++;
		pthread_mutex_unlock(&pp->lock);

		if (job->hash != NULL)
			job->ok = auth_pin_verify(job->hash, job->pin) == 0;
		else
			job->ok = 1;
		freezero(job->pin, strlen(job->pin));
		job->pin = NULL;
		if (job->newpin != NULL) {
			/* A hash that fails (no memory) is left empty. */
			job->newhash[0] = '\0';
			if (job->ok && auth_pin_hash(job->newpin, job->newhash,
			    PIN_HASH_LEN) != 0)
				job->newhash[0] = '\0';
			freezero(job->newpin, strlen(job->newpin));
			job->newpin = NULL;
		}

		pthread_mutex_lock(&pp->lock);
		TAILQ_INSERT_TAIL(&pp->done, job, entry);
		event_active(pp->done_ev, EV_READ, 0);
	}
	pthread_mutex_unlock(&pp->lock);
	return (NULL);
}

static struct pin_count *
pin_count_find(struct pin_pool *pp, uint32_t staff)
{
	struct pin_count	*pc;

	TAILQ_FOREACH(pc, &pp->counts, entry) {
		if (pc->staff == staff)
			return (pc);
	}
	return (NULL);
}

/* On the loop: run the callbacks of finished jobs. */
static void
pin_done_cb(evutil_socket_t fd, short events, void *arg)
{
	struct pin_pool		*pp = arg;
	struct pin_jobs		 done;
	struct pin_job		*job;
	struct pin_count	*pc;

	TAILQ_INIT(&done);
	pthread_mutex_lock(&pp->lock);
	TAILQ_CONCAT(&done, &pp->done, entry);
	pthread_mutex_unlock(&pp->lock);
	while ((job = TAILQ_FIRST(&done)) != NULL) {
		TAILQ_REMOVE(&done, job, entry);
		pp->pending--;
		job->cb(job->ok, job->arg);
		/*
		 * The callback has counted a wrong PIN in this pass's write
		 * transaction: until it commits, a new attempt reads the
		 * count before it, so this lets at most one attempt a
		 * finished check through early.
		 */
		if ((pc = pin_count_find(pp, job->staff)) != NULL &&
		    --pc->n == 0) {
			TAILQ_REMOVE(&pp->counts, pc, entry);
			free(pc);
		}
		pin_job_free(job);
	}
}

struct pin_pool *
pin_pool_create(struct event_base *base, int nthreads, int limit)
{
	struct pin_pool	*pp;
	int		 i;

	pp = xcalloc(1, sizeof *pp);
	pthread_mutex_init(&pp->lock, NULL);
	pthread_cond_init(&pp->cond, NULL);
	TAILQ_INIT(&pp->todo);
	TAILQ_INIT(&pp->done);
	TAILQ_INIT(&pp->counts);
	pp->limit = limit;
	pp->done_ev = event_new(base, -1, 0, pin_done_cb, pp);
	pp->threads = xcalloc(nthreads, sizeof *pp->threads);
	pp->nthreads = nthreads;
	for (i = 0; i < nthreads; i++) {
		if (pthread_create(&pp->threads[i], NULL, pin_worker, pp) != 0)
			fatal("pthread_create");
	}
	return (pp);
}

void
pin_pool_destroy(struct pin_pool *pp)
{
	struct pin_job		*job;
	struct pin_count	*pc;
	int			 i;

	pthread_mutex_lock(&pp->lock);
	pp->stop = 1;
	pthread_cond_broadcast(&pp->cond);
	pthread_mutex_unlock(&pp->lock);
	for (i = 0; i < pp->nthreads; i++)
		pthread_join(pp->threads[i], NULL);
	log_warnx("PIN checks: %llu", (unsigned long long)pp->checks);
	while ((job = pin_next(pp)) != NULL)
		pin_job_free(job);
	while ((job = TAILQ_FIRST(&pp->done)) != NULL) {
		TAILQ_REMOVE(&pp->done, job, entry);
		pin_job_free(job);
	}
	while ((pc = TAILQ_FIRST(&pp->counts)) != NULL) {
		TAILQ_REMOVE(&pp->counts, pc, entry);
		free(pc);
	}
	event_free(pp->done_ev);
	free(pp->threads);
	pthread_mutex_destroy(&pp->lock);
	pthread_cond_destroy(&pp->cond);
	free(pp);
}

/*
 * Check pin against staff member s's hash on a worker, for a request from
 * terminal; cb(ok, arg) runs on the loop. Returns PIN_QUEUED, or why the
 * check was refused without hashing.
 */
enum pin_queue
pin_verify(struct pin_pool *pp, const char *terminal, const struct staff *s,
    const char *pin, pin_cb cb, void *arg)
{
	return (pin_submit(pp, terminal, s, pin, NULL, NULL, cb, arg));
}

/*
 * As pin_verify, and then (if the PIN was right) hash newpin into newhash
 * (PIN_HASH_LEN bytes, the caller's until cb runs; "" if hashing failed).
 * With pin NULL, only hash newpin (an admin making someone's one-time
 * PIN: s is the admin, whose checks in flight it counts with): ok is
 * then 1.
 */
enum pin_queue
pin_submit(struct pin_pool *pp, const char *terminal, const struct staff *s,
    const char *pin, const char *newpin, char *newhash, pin_cb cb, void *arg)
{
	struct pin_termq	*tq;
	struct pin_staffq	*sq;
	struct pin_job		*job;
	struct pin_count	*pc;

	pc = pin_count_find(pp, s->id);
	if (s->failed + (pc != NULL ? (int)pc->n : 0) >= pp->limit)
		return (PIN_BUSY_STAFF);

	pthread_mutex_lock(&pp->lock);
	TAILQ_FOREACH(tq, &pp->todo, entry) {
		if (strcmp(tq->name, terminal) == 0)
			break;
	}
	if (tq != NULL && tq->njobs >= PIN_QUEUE_TERMINAL) {
		pthread_mutex_unlock(&pp->lock);
		return (PIN_BUSY_TERMINAL);
	}
	if (pp->queued >= PIN_QUEUE_MAX) {
		pthread_mutex_unlock(&pp->lock);
		return (PIN_BUSY);
	}
	if (tq == NULL) {
		tq = xcalloc(1, sizeof *tq);
		strlcpy(tq->name, terminal, sizeof tq->name);
		TAILQ_INIT(&tq->staff);
		TAILQ_INSERT_TAIL(&pp->todo, tq, entry);
	}
	TAILQ_FOREACH(sq, &tq->staff, entry) {
		if (sq->staff == s->id)
			break;
	}
	if (sq == NULL) {
		sq = xcalloc(1, sizeof *sq);
		sq->staff = s->id;
		TAILQ_INIT(&sq->jobs);
		TAILQ_INSERT_TAIL(&tq->staff, sq, entry);
	}
	job = xcalloc(1, sizeof *job);
	job->staff = s->id;
	job->hash = pin != NULL ? xstrdup(s->pin_hash) : NULL;
	job->pin = xstrdup(pin != NULL ? pin : "");
	if (newpin != NULL) {
		job->newpin = xstrdup(newpin);
		job->newhash = newhash;
	}
	job->cb = cb;
	job->arg = arg;
	TAILQ_INSERT_TAIL(&sq->jobs, job, entry);
	tq->njobs++;
	pp->queued++;
	pthread_cond_signal(&pp->cond);
	pthread_mutex_unlock(&pp->lock);

	if (pc == NULL) {
		pc = xcalloc(1, sizeof *pc);
		pc->staff = s->id;
		TAILQ_INSERT_TAIL(&pp->counts, pc, entry);
	}
	pc->n++;
	pp->pending++;
	return (PIN_QUEUED);
}

u_int
pin_pool_pending(struct pin_pool *pp)
{
	return (pp->pending);
}
