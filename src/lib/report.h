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

#ifndef REPORT_H
#define REPORT_H

/*
 * The manager's reports (report-*.c): each is a pure function over a read
 * transaction that fills a report_table, a generic table of typed columns
 * and rows. reply.c turns a table into JSON, stashctl into text or CSV,
 * and the chart module into a chart: nothing here knows how it is shown.
 *
 * Every cell is an integer (money in cents, weights in mg, percentages in
 * hundredths of a percent, times in UTC microseconds) or text; a column's
 * kind says which and how to show it.
 */

#include "store.h"

enum report_kind {
	REPORT_TEXT = 1,	/* a label: a day, a product, a reason */
	REPORT_COUNT,		/* a plain integer */
	REPORT_CENTS,		/* money, cents */
	REPORT_GRAMS,		/* weight, mg (shown as grams) */
	REPORT_PERCENT,		/* hundredths of a percent: 1234 = 12.34% */
	REPORT_TIME,		/* UTC microseconds */
};

#define REPORT_COLUMNS		32
#define REPORT_NAME_MAX		31
#define REPORT_TEXT_MAX		95

struct report_column {
	char		name[REPORT_NAME_MAX + 1];
	int		kind;		/* enum report_kind */
};

struct report_cell {
	int64_t		v;		/* every kind but text */
	char		*text;		/* REPORT_TEXT: owned, never NULL */
};

struct report_row {
	struct report_cell cells[REPORT_COLUMNS];
};

struct report_table {
	char			 title[96];
	u_int			 ncolumns;
	struct report_column	 columns[REPORT_COLUMNS];
	u_int			 nrows;
	u_int			 size;		/* rows allocated */
	struct report_row	*rows;
	int			 has_total;	/* total: the rows summed */
	struct report_row	 total;
	int			 key;		/* the key figure's column (what
						   --compare compares), -1 */
};

/*
 * What a report is asked: its name, a period of store-local days (from
 * and to included, YYYYMMDD), how its rows are grouped (up to two
 * REPORT_BY_*, each a text column), the filters (0, NULL or -1: none)
 * and what to compare it with (REPORT_CMP_*: a column of the report's
 * key figure over the other period, and the change in per cent).
 */
enum report_by {
	REPORT_BY_NONE = 0,
	REPORT_BY_DAY,
	REPORT_BY_WEEK,		/* weeks from Monday */
	REPORT_BY_MONTH,
	REPORT_BY_HOUR,		/* of the day, store-local */
	REPORT_BY_WEEKDAY,
	REPORT_BY_CATEGORY,
	REPORT_BY_PRODUCT,
	REPORT_BY_BRAND,	/* the supplier's licence */
	REPORT_BY_STAFF,
	REPORT_BY_TERMINAL,
	REPORT_BY_CHANNEL,
	REPORT_BY_CTYPE,	/* customer type */
	REPORT_BY_CUSTOMER,
	REPORT_BY_LOCATION,
	REPORT_BY_REASON,
	REPORT_BY_KIND,
	REPORT_BY_STATUS,
	REPORT_BY_CAUSE,
	REPORT_BY_MAX
};
enum report_cmp { REPORT_CMP_NONE = 0, REPORT_CMP_PREVIOUS, REPORT_CMP_YEAR };
#define REPORT_BYS	2

struct report_query {
	char		 name[REPORT_NAME_MAX + 1];
	int		 from;
	int		 to;
	int		 by[REPORT_BYS];
	u_int		 nby;
	int		 compare;
	char		 category[CATEGORY_MAX + 1];
	uint32_t	 product;
	char		 brand[LICENCE_MAX + 1];
	uint32_t	 staff;
	char		 terminal[TERMINAL_NAME_MAX + 1];
	int		 channel;	/* -1: any */
	int		 ctype;		/* -1: any */
	const char	*tz;
	int64_t		 now;
	int64_t		 point_value;	/* cents per loyalty point */
	uint64_t	 scan_max;	/* records read outside the rollups
					   at most (stashd's loop); 0: any */
};

/* report-run.c */
void		 report_query_init(struct report_query *, const char *,
		     int64_t);
int		 report_by_find(const char *);
const char	*report_by_name(int);
int		 report_query_by(struct report_query *, const char *,
		     char **);
int		 report_query_filter(struct report_query *, const char *,
		     const char *, char **);
int		 report_query_period(struct report_query *, const char *,
		     const char *, char **);
int		 report_run(struct store_txn *, const struct report_query *,
		     struct report_table *, char **);
const char	*report_names(void);
int		 report_day_add(int, int);
int		 report_day_number(int);

/* report-table.c */
void		 report_table_init(struct report_table *, const char *);
u_int		 report_table_column(struct report_table *, const char *,
		     int);
struct report_row *report_table_row(struct report_table *);
void		 report_table_text(struct report_row *, u_int, const char *);
void		 report_table_free(struct report_table *);
const char	*report_kind_name(int);
int		 report_table_find(const struct report_table *, const char *);

/*
 * For report-*.c only: what the reports share (report-run.c). A group is
 * up to two integer keys (one per REPORT_BY_*) and its sums; text keys
 * (categories, suppliers, terminals, reasons ...) are interned.
 */
struct report_prod {
	uint32_t	id;
	char		name[NAME_MAX_ + 1];
	int		category;	/* interned */
	int		brand;		/* interned supplier, -1 none */
	int		unit_weight;
	int64_t		price;
	int64_t		unit_cost;
	int64_t		on_hand;	/* sellable, units or mg */
	int64_t		reorder;
};
#define REPORT_EXTRA	16
struct report_group {
	int64_t		key[REPORT_BYS];
	struct roll	r;
	int64_t		x[REPORT_EXTRA];	/* a report's own sums */
};
struct report_src {		/* the dimensions of what is summed */
	int		day;
	int		category;	/* interned + 1; 0: the product's */
	int		hour;
	uint32_t	product;
	uint32_t	staff;
	int		channel;
	int		ctype;
	const char	*terminal;
	uint32_t	customer;
	const char	*str;	/* a reason */
	const char	*str2;	/* a location */
	const char	*kind;
	const char	*status;
	const char	*cause;
};
struct report_ctx {
	struct store_txn		*t;
	const struct report_query	*q;
	struct report_prod		*prods;	/* by id */
	u_int				 nprods;
	struct report_prod		**byid;	/* prods[i] at byid[id] */
	uint32_t			 maxid;
	int				 kday;	/* the last day keyed ... */
	int64_t				 kweek;	/* ... its week, weekday */
	int64_t				 kwday;
	char				**strs;
	u_int				 nstrs;
	int				 fcat;	/* interned filters, -1 none */
	int				 fbrand;
	uint64_t			 scanned;
	char				*cause;	/* why, if not the store */
	struct report_group		*groups;
	u_int				 ngroups;
	u_int				 gsize;
	u_int				*hash;
	u_int				 hsize;
};
int		 report_ctx_init(struct report_ctx *, struct store_txn *,
		     const struct report_query *);
void		 report_ctx_free(struct report_ctx *);
int		 report_intern(struct report_ctx *, const char *);
const struct report_prod *report_prod(struct report_ctx *, uint32_t);
int		 report_match(struct report_ctx *, const struct report_src *);
struct report_group *report_group(struct report_ctx *,
		     const struct report_src *);
void		 report_groups_reset(struct report_ctx *);
int		 report_sales_walk(struct report_ctx *, int, int, int);
void		 report_columns_by(struct report_ctx *, struct report_table *);
struct report_row *report_row_by(struct report_ctx *, struct report_table *,
		     const struct report_group *);
int		 report_fine(const struct report_query *);
void		 report_groups_keep(struct report_ctx *, int);
int		 report_scan(struct report_ctx *);

/* A report's column: a rollup sum, one of its own sums, or computed. */
enum report_spec_src { REPORT_ROLL = 1, REPORT_X, REPORT_FN };
#define REPORT_KEY	0x1	/* what --compare compares */
#define REPORT_NOTOTAL	0x2	/* no sum in the total row (distinct counts) */
struct report_spec {
	const char	*name;
	int		 kind;		/* enum report_kind */
	int		 src;		/* enum report_spec_src */
	int		 i;		/* ROLL_* or x[] index */
	int64_t		(*fn)(const struct report_group *);
	int		 flags;
};
u_int		 report_emit(struct report_ctx *, struct report_table *,
		     const struct report_spec *, u_int, int);
int64_t		 report_pct(int64_t, int64_t);
int64_t		 report_x100(int64_t, int64_t);

/* report-sales.c */
int		 report_sales(struct report_ctx *, struct report_table *);
int		 report_products(struct report_ctx *, struct report_table *);
int		 report_staff(struct report_ctx *, struct report_table *);
int		 report_hours(struct report_ctx *, struct report_table *);
int		 report_customers(struct report_ctx *, struct report_table *);

/* report-stock.c */
int		 report_inventory(struct report_ctx *, struct report_table *);
int		 report_shrink(struct report_ctx *, struct report_table *);
int		 report_turnover(struct report_ctx *, struct report_table *);
int		 report_reorder(struct report_ctx *, struct report_table *);

/* report-ops.c */
int		 report_compliance(struct report_ctx *, struct report_table *);
int		 report_delivery(struct report_ctx *, struct report_table *);

#endif /* REPORT_H */
