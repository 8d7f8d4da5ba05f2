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

#ifndef INTAKE_H
#define INTAKE_H

/*
 * Receiving against manifests, lab gating and stock counts: the records
 * (store-manifest.c, store-count.c) and the rules (intake.c, count.c).
 */

#include "inventory.h"

#define MANIFEST_MAX	40	/* a manifest number */

/* store-manifest.c */
enum manifest_status { MANIFEST_OPEN = 1, MANIFEST_CLOSED };
enum line_state {
	LINE_PENDING = 1,	/* not scanned, or a discrepancy to resolve */
	LINE_ACCEPTED,
	LINE_REJECTED,
	LINE_PARTIAL,		/* accepted in part */
};
enum line_disc {
	DISC_NONE = 0,
	DISC_MISSING,		/* on the manifest, never arrived */
	DISC_EXTRA,		/* arrived, not on the manifest */
	DISC_SHORT,		/* less than shipped, beyond the tolerance */
	DISC_OVER,		/* more than shipped, beyond the tolerance */
	DISC_WRONG_PRODUCT,	/* the tag carries another product */
};
struct manifest {
	char		number[MANIFEST_MAX + 1];
	char		supplier[LICENCE_MAX + 1];
	int64_t		created;
	int		status;
	char		note[129];
	uint32_t	staff;
	int64_t		closed;
};
struct manifest_line {
	char		manifest[MANIFEST_MAX + 1];
	char		tag[TAG_LEN + 1];
	char		sku[SKU_MAX + 1];	/* as shipped */
	uint32_t	product;
	char		found_sku[SKU_MAX + 1];	/* as scanned, if told */
	uint32_t	found_product;
	char		batch[BATCH_MAX + 1];
	int		harvested;	/* YYYYMMDD, 0 if unknown */
	int64_t		shipped;	/* units or mg */
	int64_t		received;
	int		weighed;	/* ADJUST_WEIGHED_*: received's source */
	int		scanned;
	int64_t		scan_time;
	int		state;
	int		disc;
	char		note[129];
	int64_t		accepted;	/* what goes into stock */
	uint32_t	resolved_by;
	struct lab_result lab;
	int64_t		state_id;	/* the state's PackageId, 0 if unknown
					   (a manifest typed in) */
};
int		 store_manifest_get(struct store_txn *, const char *,
		     struct manifest *);
void		 store_manifest_put(struct store_txn *, const struct manifest *);
int		 store_manifest_decode(const u_char *, size_t,
		     struct manifest *);
int		 store_manifest_line_get(struct store_txn *, const char *,
		     const char *, struct manifest_line *);
void		 store_manifest_line_put(struct store_txn *,
		     const struct manifest_line *);
int		 store_manifest_line_decode(const u_char *, size_t,
		     struct manifest_line *);
void		 store_manifest_line_prefix(struct store_key *, const char *);
const char	*store_manifest_status_name(int);
const char	*store_manifest_state_name(int);
const char	*store_manifest_disc_name(int);

/* store-count.c */
enum count_status { COUNT_OPEN = 1, COUNT_FINISHED };
struct count {
	uint64_t	id;
	int64_t		started;
	int64_t		finished;
	int		status;
	int		blind;
	int		adjusted;
	char		location[LOCATION_MAX + 1];	/* empty: all */
	char		category[CATEGORY_MAX + 1];	/* empty: all */
	uint32_t	staff;
};
struct count_line {
	uint64_t	count;
	char		tag[TAG_LEN + 1];
	int64_t		expected;	/* on hand when the count started */
	int64_t		counted;
	int		recorded;
	uint32_t	staff;
	uint64_t	adjust;		/* the adjustment it led to, or 0 */
};
int		 store_count_get(struct store_txn *, uint64_t, struct count *);
void		 store_count_put(struct store_txn *, const struct count *);
uint64_t	 store_count_next_id(struct store_txn *);
int		 store_count_line_get(struct store_txn *, uint64_t,
		     const char *, struct count_line *);
void		 store_count_line_put(struct store_txn *,
		     const struct count_line *);
int		 store_count_line_decode(const u_char *, size_t,
		     struct count_line *);

/* intake.c */
enum intake_err {
	INTAKE_OK = 0,
	INTAKE_E_INVALID,	/* bad-request */
	INTAKE_E_NOTFOUND,	/* not-found */
	INTAKE_E_CONFLICT,	/* conflict: wrong state for this */
	INTAKE_E_STORE,		/* the ledger failed: t->ret */
};
enum intake_action { INTAKE_ACCEPT = 1, INTAKE_REJECT, INTAKE_PARTIAL };
const char	*intake_err_code(enum intake_err);
int		 intake_lab_check(const struct lab_result *, int,
		     const char **);
int		 intake_lab_valid(const struct lab_result *, int, char **);
int		 intake_product_named(struct store_txn *, const char *,
		     struct product *);
int		 intake_manifest_have(struct store *, const char *);
enum intake_err	 intake_create_once(struct store_txn *,
		     const struct manifest *, struct manifest_line *, u_int,
		     const char *, int *, char **);
enum intake_err	 intake_create(struct store_txn *, const struct manifest *,
		     struct manifest_line *, u_int, uint32_t, const char *,
		     char **);
enum intake_err	 intake_scan(struct store_txn *, const char *, const char *,
		     int64_t, const char *, int, int64_t, uint32_t,
		     const char *, struct manifest_line *, char **);
enum intake_err	 intake_resolve(struct store_txn *, const char *,
		     const char *, int, int64_t, const char *, uint32_t,
		     const char *, struct manifest_line *, char **);
enum intake_err	 intake_close(struct store_txn *, const char *, const char *,
		     uint32_t, const char *, u_int *, u_int *, char **);
enum intake_err	 intake_lab(struct store_txn *, const char *,
		     const struct lab_result *, const char *, uint32_t,
		     const char *, struct package *, char **);
int		 intake_date_valid(int);
int		 intake_date_add(int, int);
int		 intake_manifest_walk(struct store_txn *,
		     int (*)(const struct manifest *, void *), void *);
int		 intake_line_walk(struct store_txn *, const char *,
		     int (*)(const struct manifest_line *, void *), void *);
struct intake_tally {
	u_int		 packages;
	u_int		 pending;	/* lines still LINE_PENDING */
	u_int		 discrepancies;	/* lines with one */
};
int		 intake_manifest_tally(struct store_txn *, const char *,
		     struct intake_tally *,
		     int (*)(const struct manifest_line *, void *), void *);
struct intake_disc_query {
	int64_t		 from;		/* manifests created from, us */
	int64_t		 to;		/* and to, us */
	const char	*before;	/* below this manifest; NULL: the last */
	u_int		 limit;		/* lines in a page */
	u_int		 scan;		/* lines examined in a page */
};
int		 intake_discrepancies(struct store_txn *,
		     const struct intake_disc_query *,
		     void (*)(const struct manifest_line *,
		     const struct manifest *, void *), void *, char *, size_t);

/* count.c */
struct count_scan {
	const char	 *location;	/* the scope; NULL: all */
	const char	 *category;	/* NULL: all */
	u_char		  after[64];	/* the walk goes on below this key */
	size_t		  afterlen;	/* 0: from the start */
	char		(*tags)[TAG_LEN + 1];	/* in the scope so far */
	u_int		  ntags;
	int		  done;		/* the walk is over */
};
enum intake_err	 count_scan(struct store_txn *, struct count_scan *, u_int,
		     char **);
enum intake_err	 count_create(struct store_txn *, const struct count_scan *,
		     int, uint32_t, const char *, struct count *, u_int *,
		     char **);
void		 count_scan_free(struct count_scan *);
enum intake_err	 count_start(struct store_txn *, const char *, const char *,
		     int, uint32_t, const char *, struct count *, u_int *,
		     char **);
enum intake_err	 count_record(struct store_txn *, uint64_t, const char *,
		     int64_t, uint32_t, const char *, struct count_line *,
		     char **);
enum intake_err	 count_finish(struct store_txn *, uint64_t, int, uint32_t,
		     const char *, u_int *, char **);
struct count_tally {
	u_int		 packages;
	u_int		 counted;	/* lines recorded */
	u_int		 variances;	/* recorded, and not as expected */
	int		 hide;		/* blind and open: no expected figures */
};
int		 count_report(struct store_txn *, const struct count *,
		     struct count_tally *, void (*)(const struct count_line *,
		     const struct package *, void *), void *);

#endif /* INTAKE_H */
