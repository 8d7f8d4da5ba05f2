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

#ifndef OUTBOX_DEADLINE_H
#define OUTBOX_DEADLINE_H

/*
 * The reporting deadline by customer type (outbox-deadline.c): the rule
 * file's "deadline adult|medical" for each unreported event, the
 * metrc-deadline option where the file has none. Used by stashd's
 * compliance.status and "stashctl compliance status".
 */

#include "outbox.h"
#include "rules.h"

#define OUTBOX_DEADLINE_SCAN	10000	/* pending jobs looked at */

struct outbox_deadline {
	int64_t		 adult;		/* the deadlines in force, seconds */
	int64_t		 medical;
	int64_t		 oldest;	/* the nearest event's time, or 0 */
	int64_t		 deadline;	/* its deadline, seconds */
	int		 is_medical;	/* its type */
	const char	*source;	/* "rules" or "metrc-deadline" */
	const char	*cite;		/* the rule file's, or NULL */
};
#define OUTBOX_DEADLINE_WARN_MAX 256	/* a warning's buffer */
int		 outbox_deadline_status(struct store_txn *,
		     const struct rules *, int64_t, int64_t,
		     struct outbox_deadline *);
int64_t		 outbox_deadline_left(const struct outbox_deadline *, int64_t,
		     char *, size_t);

#endif /* OUTBOX_DEADLINE_H */
