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

#ifndef NOTIFY_H
#define NOTIFY_H

/*
 * Customer notifications of an order's events: the notification outbox.
 *
 * The code that changes an order calls notify_enqueue() in the same write
 * transaction as the change (DESIGN rule 1): it writes one job per channel
 * the customer can be reached on (an e-mail job for an address, a webhook
 * job for a phone number, the webhook being what a store points at its SMS
 * provider), or none when the customer has not agreed to hear about the
 * order. stashd's drain (src/server/notify.c) sends the jobs later, off
 * the loop's critical path, and marks each done once the receiver said so.
 *
 * The jobs are kept apart from the compliance outbox (outbox.h) so that
 * the Metrc drain never sees them and a customer's mail never counts as a
 * late report to the state:
 *
 *   DB_NOTIFY	   u64 job -> job
 *   DB_NOTIFY_DUE  u64 due, u64 job -> empty: pending jobs by due time,
 *		   and exceptions at due NOTIFY_NEVER
 *
 * Every job has a stable id, "stash-LICENCE-n-JOB" (notify_id), sent with
 * every attempt: the webhook's X-Stash-Id header and JSON "id", the mail's
 * X-Stash-Id and Message-ID. A receiver that sees an id again drops it.
 */

#include "store.h"

enum notify_kind {
	NOTIFY_CONFIRMED = 1,	/* the order was taken */
	NOTIFY_PACKED,		/* packed: ready for pickup or a driver */
	NOTIFY_OUT,		/* out for delivery, with an ETA */
	NOTIFY_SOON,		/* arriving soon, with an ETA */
	NOTIFY_DELIVERED,
	NOTIFY_FAILED,		/* could not be delivered */
};
#define NOTIFY_KIND_FIRST	NOTIFY_CONFIRMED
#define NOTIFY_KIND_LAST	NOTIFY_FAILED

enum notify_channel {
	NOTIFY_MAIL = 1,	/* SMTP, to the customer's address */
	NOTIFY_WEBHOOK,		/* signed HTTP POST, for the customer's phone */
};
#define NOTIFY_CHANNELS		2

enum notify_state {
	NOTIFY_PENDING = 1,
	NOTIFY_DONE,
	NOTIFY_EXCEPTION,	/* refused for good: a person must look */
};
#define NOTIFY_NEVER		UINT64_MAX	/* due time of an exception */
#define NOTIFY_ERROR_MAX	255
#define NOTIFY_EMAIL_MAX	80
#define NOTIFY_PHONE_MAX	23
#define NOTIFY_FIRST_MAX	40
#define NOTIFY_ID_MAX		80

/*
 * What the order code hands in. Contact fields left empty are taken from
 * the customer record when customer is not 0; the first name is the only
 * part of the customer's name a message carries. consent is the
 * customer's yes to hearing about this order (asked when it is placed):
 * without it nothing is written. The customer record's marketing flag is
 * not consulted and never widened: these messages are about the order
 * the customer placed, and carry no offers.
 */
struct notify_event {
	uint64_t	order;		/* order number, not 0 */
	int		kind;		/* enum notify_kind */
	uint32_t	customer;	/* 0: only the contact below */
	int		consent;
	char		email[NOTIFY_EMAIL_MAX + 1];
	char		phone[NOTIFY_PHONE_MAX + 1];
	char		first[NOTIFY_FIRST_MAX + 1];
	int64_t		eta;		/* UTC µs; 0: none (needed by OUT,
					   SOON) */
};

struct notify_job {
	uint64_t	id;
	int		channel;	/* enum notify_channel */
	int		kind;		/* enum notify_kind */
	int		state;		/* enum notify_state */
	uint64_t	order;
	char		to[NOTIFY_EMAIL_MAX + 1];	/* address or phone */
	char		first[NOTIFY_FIRST_MAX + 1];
	int64_t		eta;
	int64_t		created;	/* the event's time */
	int64_t		due;
	int64_t		done;
	int		attempts;
	char		error[NOTIFY_ERROR_MAX + 1];	/* last failure */
};

struct notify_stats {
	uint64_t	pending[NOTIFY_CHANNELS + 1];	/* by channel */
	uint64_t	exceptions;
	uint64_t	done;
	int64_t		oldest;		/* created, oldest pending; 0 if none */
};

/* What the webhook and the mail are built from besides the job. */
struct notify_store {
	const char	*name;		/* the store's name */
	const char	*licence;
	const char	*tz;		/* for the ETA in words */
	const char	*from;		/* smtp-from: the mail's sender */
};

/* notify.c: the jobs. */
int		 notify_enqueue(struct store_txn *, const struct notify_event *);
uint64_t	 notify_next_id(struct store_txn *);
int		 notify_event_check(const struct notify_event *, char *,
		     size_t);
int		 notify_email_valid(const char *);
int		 notify_phone_valid(const char *);
int		 notify_get(struct store_txn *, uint64_t, struct notify_job *);
int		 notify_decode(const u_char *, size_t, struct notify_job *);
void		 notify_put(struct store_txn *, const struct notify_job *,
		     const struct notify_job *);
int		 notify_retry(struct store_txn *, uint64_t, char **);
void		 notify_stats(struct store_txn *, struct notify_stats *);
int		 notify_walk_due(struct store_txn *, u_int,
		     int (*)(const struct notify_job *, void *), void *);
int		 notify_exception_walk(struct store_txn *,
		     int (*)(const struct notify_job *, void *), void *);
const char	*notify_kind_name(int);
int		 notify_kind_find(const char *);
const char	*notify_channel_name(int);
const char	*notify_state_name(int);
void		 notify_id(const char *, uint64_t, char *, size_t);
int64_t		 notify_backoff(int, int64_t, int64_t);

/* notify-payload.c: what goes on the wire, pure. */
char		*notify_text(const struct notify_store *,
		     const struct notify_job *);
char		*notify_webhook_body(const struct notify_store *,
		     const struct notify_job *, size_t *);
char		*notify_mail(const struct notify_store *,
		     const struct notify_job *, int64_t, size_t *);
void		 notify_sign(const u_char *, size_t, const u_char *, size_t,
		     char *, size_t);
#define NOTIFY_SIGNATURE_LEN	(7 + 64)	/* "sha256=" and hex */

#endif /* NOTIFY_H */
