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

#include "server.h"
#include "metrc-payload.h"
#include "outbox.h"
#include "metrc.h"

/*
 * The licence's pace (Metrc counts requests a second a licence): a token
 * bucket kept as the time the next request may go (GCRA), and a hold when
 * the state says to wait (429, or the integration broken).
 */

/* May a request go now? 0 if so, else how many µs to wait. */
int64_t
metrc_rate_wait(struct metrc *m, int64_t now)
{
	int64_t	wait;

	if ((wait = m->hold_until - now) > 0)
		return (wait);
	wait = m->rate_next - (METRC_RATE_BURST - 1) * m->rate_gap - now;
	return (wait > 0 ? wait : 0);
}

/* A request goes: a token from the bucket. */
void
metrc_rate_take(struct metrc *m, int64_t now)
{
	m->rate_next = (m->rate_next > now ? m->rate_next : now) +
	    m->rate_gap;
}

/*
 * Another part of stashd (the transfer polls) sends a request for the
 * licence: it is not paced, but it takes a token so the jobs' requests
 * make room for it.
 */
void
metrc_rate_note(void)
{
	if (metrc != NULL)
		metrc_rate_take(metrc, util_now());
}

/* Told to wait (429): nothing goes for the licence until then. */
void
metrc_rate_hold(struct metrc *m, int64_t until)
{
	if (until > m->hold_until)
		m->hold_until = until;
	if (until > m->rate_next)
		m->rate_next = until;
}
