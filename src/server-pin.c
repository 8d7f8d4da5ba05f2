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

/*
 * PIN checks off the event loop. Argon2id takes tens of milliseconds and
 * 64 MiB on purpose; done on the loop, one login would stall every
 * terminal. Jobs go to a few worker threads; results come back through one
 * event made active from the worker (libevent's pthreads locking is on),
 * and the callbacks run on the loop thread.
 */

struct pin_job {
	TAILQ_ENTRY(pin_job)	 entry;
	char			*hash;
	char			*pin;
	int			 ok;
	pin_cb			 cb;
	void			*arg;
};
TAILQ_HEAD(pin_jobs, pin_job);

struct pin_pool {
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct pin_jobs		 todo;
	struct pin_jobs		 done;
	pthread_t		*threads;
	int			 nthreads;
	int			 stop;
	u_int			 pending;
	struct event		*done_ev;
};

static void
pin_job_free(struct pin_job *job)
{
	if (job->pin != NULL)
		freezero(job->pin, strlen(job->pin));
	free(job->hash);
	free(job);
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
		job = TAILQ_FIRST(&pp->todo);
		TAILQ_REMOVE(&pp->todo, job, entry);
		pthread_mutex_unlock(&pp->lock);

		job->ok = auth_pin_verify(job->hash, job->pin) == 0;
		freezero(job->pin, strlen(job->pin));
		job->pin = NULL;

		pthread_mutex_lock(&pp->lock);
		TAILQ_INSERT_TAIL(&pp->done, job, entry);
		event_active(pp->done_ev, EV_READ, 0);
	}
	pthread_mutex_unlock(&pp->lock);
	return (NULL);
}

/* On the loop: run the callbacks of finished jobs. */
static void
pin_done_cb(evutil_socket_t fd, short events, void *arg)
{
	struct pin_pool	*pp = arg;
	struct pin_jobs	 done;
	struct pin_job	*job;

	TAILQ_INIT(&done);
	pthread_mutex_lock(&pp->lock);
	TAILQ_CONCAT(&done, &pp->done, entry);
	pthread_mutex_unlock(&pp->lock);
	while ((job = TAILQ_FIRST(&done)) != NULL) {
		TAILQ_REMOVE(&done, job, entry);
		pp->pending--;
		job->cb(job->ok, job->arg);
		pin_job_free(job);
	}
}

struct pin_pool *
pin_pool_create(struct event_base *base, int nthreads)
{
	struct pin_pool	*pp;
	int		 i;

	pp = xcalloc(1, sizeof *pp);
	pthread_mutex_init(&pp->lock, NULL);
	pthread_cond_init(&pp->cond, NULL);
	TAILQ_INIT(&pp->todo);
	TAILQ_INIT(&pp->done);
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
	struct pin_job	*job;
	int		 i;

	pthread_mutex_lock(&pp->lock);
	pp->stop = 1;
	pthread_cond_broadcast(&pp->cond);
	pthread_mutex_unlock(&pp->lock);
	for (i = 0; i < pp->nthreads; i++)
		pthread_join(pp->threads[i], NULL);
	while ((job = TAILQ_FIRST(&pp->todo)) != NULL) {
		TAILQ_REMOVE(&pp->todo, job, entry);
		pin_job_free(job);
	}
	while ((job = TAILQ_FIRST(&pp->done)) != NULL) {
		TAILQ_REMOVE(&pp->done, job, entry);
		pin_job_free(job);
	}
	event_free(pp->done_ev);
	free(pp->threads);
	pthread_mutex_destroy(&pp->lock);
	pthread_cond_destroy(&pp->cond);
	free(pp);
}

/* Check pin against hash on a worker; cb(ok, arg) runs on the loop. */
void
pin_verify(struct pin_pool *pp, const char *hash, const char *pin, pin_cb cb,
    void *arg)
{
	struct pin_job	*job;

	job = xcalloc(1, sizeof *job);
	job->hash = xstrdup(hash);
	job->pin = xstrdup(pin);
	job->cb = cb;
	job->arg = arg;
	pp->pending++;
	pthread_mutex_lock(&pp->lock);
	TAILQ_INSERT_TAIL(&pp->todo, job, entry);
	pthread_cond_signal(&pp->cond);
	pthread_mutex_unlock(&pp->lock);
}

u_int
pin_pool_pending(struct pin_pool *pp)
{
	return (pp->pending);
}
