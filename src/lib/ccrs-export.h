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

#ifndef CCRS_EXPORT_H
#define CCRS_EXPORT_H

/*
 * ccrs-export.c: the ledger into CCRS files, and the state's answers back
 * into the ledger (ccrs.h). Shared by stashd (the daily export into
 * ccrs-dir) and stashctl (compliance ccrs export|uploaded|results).
 */

#include "store.h"
#include "ccrs.h"

struct ccrs_conf {
	char		 licence[7];		/* six digits */
	char		 by[CCRS_BY_MAX + 1];	/* SubmittedBy, CreatedBy */
	const char	*tz;			/* the store's */
};

struct ccrs_export_stats {
	u_int		 nfiles;
	char		 files[CCRS_NFILES][CCRS_UPLOAD_MAX + 1];
	u_int		 rows[CCRS_NFILES];
	u_int		 jobs;		/* reports written */
	u_int		 exceptions;	/* reports CCRS cannot take */
};

struct ccrs_results_stats {
	int		 kind;		/* enum ccrs_result_kind */
	char		 upload[CCRS_UPLOAD_MAX + 1];
	u_int		 accepted;
	u_int		 rejected;
	u_int		 rewrite;	/* not at the state: written again */
	u_int		 unmatched;	/* rows naming no record of ours */
	char		 first_unmatched[CCRS_ID_MAX + 1];
};

int	ccrs_licence_valid(const char *, char **);
int	ccrs_export(struct store_txn *, const struct ccrs_conf *, const char *,
	    int64_t, int, struct ccrs_export_stats *, char **);
int	ccrs_results(struct store_txn *, const char *, size_t, const char *,
	    int64_t, struct ccrs_results_stats *, char **);
int	ccrs_uploaded(struct store_txn *, const char *, const char *, int64_t,
	    u_int *, char **);
int	ccrs_due(struct store_txn *, const char *, int64_t, int *);

#endif /* CCRS_EXPORT_H */
