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

#ifndef CUSTOMER_H
#define CUSTOMER_H

/*
 * Customers as the business sees them: age and eligibility to buy, what
 * the purchase limits count, and the state registry's word on a patient.
 * The customer record itself is in store.h.
 */

#include "store.h"

/* customer.c: eligibility and what limits count. */
struct limits_line;
struct limits_request;
int		 customer_age(int, int);
struct rules;
int64_t		 sale_line_thc_mg(const struct product *, int, int64_t);
int		 customer_eligible(const struct customer *, int,
		     const struct rules *, char **);
int		 customer_eligible_patient(const struct customer *,
		     const struct customer *, int, char **);
void		 customer_limits_line(const struct product *, int64_t,
		     int64_t, struct limits_line *);
int		 customer_limits_history(struct store_txn *,
		     const struct rules *, uint32_t, int64_t,
		     struct limits_request *);
int		 customer_limits_request(struct store_txn *,
		     const struct rules *, const struct customer *,
		     const struct customer *, const char *, int64_t, int,
		     struct limits_request *);
struct sale_request;
int		 customer_registry_card(struct store_txn *, uint32_t,
		     uint32_t, char *, size_t, int *);
void		 customer_registry_read(json_t *, int,
		     struct sale_request *);
void		 customer_limits_registry(const struct rules *,
		     const int64_t *, int64_t, struct limits_request *);
int		 customer_find_id_number(struct store_txn *, const char *,
		     struct customer *);
int		 customer_history(struct store_txn *, uint32_t, u_int,
		     void (*)(const struct sale *, void *), void *);
int		 customer_search(struct store_txn *, const char *, u_int,
		     void (*)(const struct customer *, void *), void *);

#endif /* CUSTOMER_H */
