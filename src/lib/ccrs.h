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

#ifndef CCRS_H
#define CCRS_H

/*
 * Washington's CCRS (Cannabis Central Reporting System) has no API: a
 * retailer uploads CSV files and the state answers by e-mail, with a
 * "Processing Successful" message, an error CSV (our columns and an
 * ErrorMessage) or a whole-file refusal. ccrs.c is the pure part: the
 * files' exact layout (three preamble rows, a fixed header, rows joined
 * raw with commas and CRLF, no quoting, MM/DD/YYYY dates, decimal
 * dollars), a builder per row kind, and the reader of the state's
 * answers. ccrs-export.c reads the ledger and writes the files; it keeps
 * every record's state (written, uploaded, accepted, rejected).
 */

#include "stash.h"

/* The files, in the order they must be uploaded. */
enum ccrs_file {
	CCRS_STRAIN,
	CCRS_AREA,
	CCRS_PRODUCT,
	CCRS_INVENTORY,		/* group 2 */
	CCRS_TRANSFER,		/* group 3: InventoryTransfer */
	CCRS_ADJUST,		/* InventoryAdjustment */
	CCRS_SALE,
	CCRS_NFILES
};

enum ccrs_op {
	CCRS_INSERT = 1,
	CCRS_UPDATE,
	CCRS_DELETE
};

/* What the state said of a row (ccrs_classify). */
enum ccrs_class {
	CCRS_EXISTS = 1,	/* "Duplicate ...": the state has it */
	CCRS_MISSING,		/* "... not found": write it as an Insert */
	CCRS_UNAUTHORISED,	/* the licence has not assigned its integrator */
	CCRS_INVALID		/* refused: a person must correct it */
};

#define CCRS_BY_MAX		35	/* SubmittedBy */
#define CCRS_ID_MAX		100	/* our ExternalIdentifier, at most */
#define CCRS_TEXT_MAX		75	/* names */
#define CCRS_STRAIN_MAX		50
#define CCRS_MSG_MAX		255	/* an error kept */
#define CCRS_EXCISE_PM		370	/* per mille: RCW 69.50.535 */
#define CCRS_RESULT_MAX		(64 * 1024 * 1024) /* a result file read */
#define CCRS_ROWS_MAX		2500	/* rows a file (OpenTHC's bound) */
#define CCRS_WEEK		604800	/* seconds: the reporting deadline
					   where the rule file has none */

/* Who wrote a row and when (YYYYMMDD, store-local) and its operation. */
struct ccrs_stamp {
	const char	*by;
	int		 created;
	int		 updated;	/* 0: none (an Insert) */
	int		 op;		/* enum ccrs_op */
};

struct ccrs_sale_row {
	const char	*inventory;	/* InventoryExternalIdentifier */
	int		 medical;	/* RecreationalMedical */
	int		 date;		/* SaleDate, YYYYMMDD */
	int64_t		 qty;		/* units, or mg when weight */
	int		 weight;
	int64_t		 price;		/* cents: the line, pre-tax, before
					   discounts */
	int64_t		 discount;	/* cents */
	int64_t		 sales_tax;	/* cents */
	int64_t		 excise;	/* cents */
	const char	*sale;		/* SaleExternalIdentifier */
	const char	*detail;	/* SaleDetailExternalIdentifier */
};

/* One row of a state's error file, or a whole-file answer. */
struct ccrs_answer {
	int		 file;		/* enum ccrs_file, -1 if unknown */
	char		 key[CCRS_ID_MAX + 1];	/* the row's key */
	char		 message[CCRS_MSG_MAX + 1];
	int		 cls;		/* enum ccrs_class */
};

/* What a result file was. */
enum ccrs_result_kind {
	CCRS_RESULT_ERRORS = 1,	/* an error CSV: rows */
	CCRS_RESULT_SUCCESS,	/* "CCRS Processing Successful" */
	CCRS_RESULT_REFUSED	/* "CCRS Processing Error: FILE" */
};
struct ccrs_result {
	int		 kind;
	char		 upload[128];	/* the file named, or "" */
	char		 message[CCRS_MSG_MAX + 1];	/* a refusal's */
	u_int		 rows;
};
typedef int (*ccrs_answer_cb)(const struct ccrs_answer *, void *);
struct state_result;

/* ccrs.c */
const char	*ccrs_file_name(int);
const char	*ccrs_header(int);
const char	*ccrs_op_name(int);
int		 ccrs_file_find(const char *);
void		 ccrs_clean(struct buf *, const char *, size_t);
void		 ccrs_date(struct buf *, int);
void		 ccrs_money(struct buf *, int64_t);
void		 ccrs_qty(struct buf *, int64_t, int);
int64_t		 ccrs_excise(int64_t);
int		 ccrs_week_due(int);
void		 ccrs_preamble(struct buf *, int, const char *, int, u_int);
void		 ccrs_row_strain(struct buf *, const char *, const char *,
		     const char *, const struct ccrs_stamp *);
void		 ccrs_row_area(struct buf *, const char *, const char *, int,
		     const char *, const struct ccrs_stamp *);
void		 ccrs_row_product(struct buf *, const char *, const char *,
		     const char *, const char *, int64_t, const char *,
		     const struct ccrs_stamp *);
void		 ccrs_row_inventory(struct buf *, const char *, const char *,
		     const char *, const char *, int64_t, int64_t, int,
		     int64_t, const char *, const struct ccrs_stamp *);
void		 ccrs_row_transfer(struct buf *, const char *, const char *,
		     const char *, const char *, int64_t, int, int,
		     const char *, const struct ccrs_stamp *);
void		 ccrs_row_adjust(struct buf *, const char *, const char *,
		     const char *, const char *, int64_t, int, int,
		     const char *, const struct ccrs_stamp *);
void		 ccrs_row_sale(struct buf *, const char *,
		     const struct ccrs_sale_row *, const struct ccrs_stamp *);
const char	*ccrs_product_type(const char *);
const char	*ccrs_reason(const char *);
int		 ccrs_classify(const char *);
void		 ccrs_result(int, int64_t, const char *,
		     struct state_result *);
int		 ccrs_results_parse(const char *, size_t, ccrs_answer_cb,
		     void *, struct ccrs_result *, char **);

/*
 * A record as the state should have it (store-ccrs.c), by file and key:
 *   DB_CCRS	   u32 file, str key -> record
 *   DB_CCRS_FILE  str upload, u32 file, str key -> empty
 */
enum ccrs_rec_state {
	CCRS_WRITTEN = 1,	/* in a file, not known to be uploaded */
	CCRS_UPLOADED,		/* a person uploaded that file */
	CCRS_ACCEPTED,		/* the state has it */
	CCRS_REJECTED,		/* refused: corrected, it is written again */
	CCRS_REWRITE		/* to be written again (as an Insert if the
				   state has no version of it) */
};
#define CCRS_UPLOAD_MAX	127
struct ccrs_record {
	int		 file;
	char		 key[CCRS_ID_MAX + 1];
	int		 op;		/* last written */
	int		 state;
	int		 at_state;	/* the state has a version of it */
	uint64_t	 job;		/* the outbox job it reports, or 0 */
	char		 upload[CCRS_UPLOAD_MAX + 1];	/* its last file */
	int64_t		 written;
	int64_t		 uploaded;
	char		 by[CCRS_BY_MAX + 1];	/* who uploaded it */
	char		 error[CCRS_MSG_MAX + 1];
};

struct store_txn;
/* store-ccrs.c */
const char	*ccrs_state_name(int);
int		 store_ccrs_get(struct store_txn *, int, const char *,
		     struct ccrs_record *);
void		 store_ccrs_put(struct store_txn *, const struct ccrs_record *,
		     const struct ccrs_record *);
int		 store_ccrs_upload_walk(struct store_txn *, const char *,
		     int (*)(const struct ccrs_record *, void *), void *);
int		 store_ccrs_walk(struct store_txn *,
		     int (*)(const struct ccrs_record *, void *), void *);

#endif /* CCRS_H */
