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

#ifndef METRC_PAYLOAD_H
#define METRC_PAYLOAD_H

/*
 * metrc-payload.c: what goes to Metrc and what comes back, as pure
 * functions of C records and reply bodies (no ledger, no network): the
 * receipt, adjustment and location payloads, and the parsers of Metrc's
 * replies. stashd's drain (src/server/metrc*.c) reads the ledger, calls
 * these, and sends; tests/unit/test-metrc-payload.c and
 * tests/fuzz/fuzz-metrc.c call them directly.
 */

struct sale;
struct customer;
struct adjust;
struct product;
struct inventory_reason;

#define METRC_BATCH		10	/* Metrc's object limit a request */
#define METRC_RECON_PAGES	10000	/* pages read at most (200,000) */
#define METRC_REASONS_MAX	200	/* reasons read from a reply */
#define METRC_NAME_MAX		100	/* the longest reason or location
					   name of the state's taken */

/* Building requests. */
void		 metrc_payload_str(struct buf *, const char *);
void		 metrc_payload_dec(struct buf *, int64_t, int);
void		 metrc_payload_time(int64_t, const char *, char *, size_t);
int64_t		 metrc_payload_line_amount(const struct sale *, u_int);
int		 metrc_payload_receipt(struct buf *, const struct sale *,
		     const struct customer *, const struct customer *,
		     const char *, const char *, int64_t);
int		 metrc_payload_adjust(struct buf *, const struct adjust *,
		     const struct product *, const char *, const char *,
		     const char *);
void		 metrc_payload_location(struct buf *, const char *,
		     const char *, int64_t, const char *);
const char	*metrc_payload_reason(json_t *, json_t *,
		     const struct inventory_reason *, char *, size_t);

/* Reading replies. */
void		 metrc_payload_message(const struct buf *, char *, size_t);
int		 metrc_payload_ids(const struct buf *, u_int, int64_t *);
int		 metrc_payload_receipt_found(const struct buf *, int64_t *,
		     int *);
json_t		*metrc_payload_reasons(const struct buf *);
int		 metrc_payload_adjustments(const struct buf *, const char *,
		     const char *, const char *, int64_t, int *);
json_t		*metrc_payload_patient(const struct buf *, const char *);
ssize_t		 metrc_payload_packages(const struct buf *, json_t *,
		     json_int_t *);
int		 metrc_payload_list(const struct buf *, json_t *, int *);
int64_t		 metrc_payload_shipped(json_t *, int);

#endif /* METRC_PAYLOAD_H */
