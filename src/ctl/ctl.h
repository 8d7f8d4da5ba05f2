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

#ifndef CTL_H
#define CTL_H

/*
 * stashctl, the admin CLI: it works directly on the LMDB ledger (stashd may
 * run on the same ledger at the same time; LMDB is multi-process). Every
 * write is one store_write() transaction carrying its audit record.
 */

#include "store.h"

#define CTL_MAPSIZE	((size_t)256 << 20)	/* initial map: 256 MiB */
#define CTL_AUDIT_WHO	"stashctl"		/* audit "terminal" field */
#define CTL_MAXOPTS	16

/* What the command needs: ledger opened how, store initialised or not. */
#define CTL_NOSTORE	0x1	/* no ledger at all (help) */
#define CTL_READONLY	0x2	/* open read-only */
#define CTL_CREATE	0x4	/* may create the ledger (init, demo) */
#define CTL_NEEDINFO	0x8	/* refuse unless initialised */

/* An exec's result for "it worked, and found differences" (exit 2). */
#define CTL_EXIT_DIFFERENT	2

struct ctl {
	const char		*datadir;
	int			 json;
	struct store		*st;
	int			 have_info;
	struct store_info	 info;
};

struct ctl_entry;

/* A command's arguments once --options are taken out. */
struct ctl_args {
	const struct ctl_entry	*entry;
	int			 argc;
	char			**argv;
	u_int			 nopts;
	struct {
		char		*name;
		const char	*value;	/* NULL for a flag */
	}			 opts[CTL_MAXOPTS];
};

struct ctl_entry {
	const char	*name;
	const char	*sub;		/* second word, or NULL */
	const char	*usage;		/* arguments and options */
	const char	*options;	/* "name=,flag": '=' takes a value */
	int		 lower;		/* positional arguments */
	int		 upper;
	int		 flags;
	int		(*exec)(struct ctl *, struct ctl_args *);
	const char	*help;
};

/*
 * A listing is built in memory and written once its read transaction has
 * ended: a reader stuck on a full pipe must not pin the ledger's pages.
 */
struct stashctl_out {
	FILE	*f;
	char	*text;
	size_t	 len;
};

/* A listing under way: its read transaction, its text or JSON array. */
struct stashctl_list {
	struct ctl		*ctl;
	struct store_txn	 t;
	struct stashctl_out	 out;
	FILE			*f;
	json_t			*arr;		/* --json, else NULL */
};

/* stashctl.c */
void		 stashctl_error(const char *, ...) printflike(1, 2);
void		 stashctl_usage(FILE *, const struct ctl_entry *);
int		 stashctl_open(struct ctl *, int);
const char	*stashctl_opt(struct ctl_args *, const char *);
int		 stashctl_flag(struct ctl_args *, const char *);
int		 stashctl_limit(struct ctl_args *, int64_t *);
int		 stashctl_write(struct ctl *, store_write_cb, void *);
void		 stashctl_json_print(json_t *);
json_t		*stashctl_json_str(const char *);
const char	*stashctl_clean(const char *, char *, size_t);
int		 stashctl_text_valid(const char *, size_t, const char *,
		     char **);
const char	*stashctl_time(struct ctl *, int64_t, char *, size_t);
void		 stashctl_qty(int, int64_t, char *, size_t);
const char	*stashctl_date(int, char *, size_t);
const char	*stashctl_jstr(json_t *, const char *);
json_t		*stashctl_read_json(size_t, char **);
FILE		*stashctl_out_open(struct stashctl_out *);
void		 stashctl_out_done(struct stashctl_out *, int);
int		 stashctl_list_done(struct store_txn *, struct stashctl_out *,
		     json_t *);
int		 stashctl_list_begin(struct ctl *, struct stashctl_list *,
		     const char *);
int		 stashctl_list_end(struct stashctl_list *);

/* ctl-init.c */
int		 ctl_init(struct ctl *, struct ctl_args *);
int		 ctl_init_store(struct store_txn *, const struct store_info *,
		     const char *, const char *, uint32_t *, char **);

/* ctl-info.c */
int		 ctl_info(struct ctl *, struct ctl_args *);

/* ctl-staff.c */
int		 ctl_staff_add(struct ctl *, struct ctl_args *);
int		 ctl_staff_list(struct ctl *, struct ctl_args *);
int		 ctl_staff_lock(struct ctl *, struct ctl_args *);
int		 ctl_staff_unlock(struct ctl *, struct ctl_args *);
int		 ctl_staff_pin(struct ctl *, struct ctl_args *);
int		 ctl_staff_role(struct ctl *, struct ctl_args *);
int		 ctl_staff_deactivate(struct ctl *, struct ctl_args *);

/* ctl-role.c */
int		 ctl_role_list(struct ctl *, struct ctl_args *);
int		 ctl_role_define(struct ctl *, struct ctl_args *);
int		 ctl_role_delete(struct ctl *, struct ctl_args *);

/* ctl-settings.c */
int		 ctl_settings_config(struct ctl_args *, struct options **,
		     const char **);
int		 ctl_settings_ledger(struct ctl *, struct options *);
int		 ctl_settings_list(struct ctl *, struct ctl_args *);
int		 ctl_settings_set(struct ctl *, struct ctl_args *);
int		 ctl_staff_pin_hash(struct ctl_args *, const char *,
		     const char *, char *, size_t);
int		 ctl_staff_create(struct store_txn *, const char *, int,
		     const char *, uint32_t *, char **);

/* ctl-terminal.c */
int		 ctl_terminal_add(struct ctl *, struct ctl_args *);
int		 ctl_terminal_list(struct ctl *, struct ctl_args *);
int		 ctl_terminal_revoke(struct ctl *, struct ctl_args *);
int		 ctl_terminal_set(struct ctl *, struct ctl_args *);
int		 ctl_terminal_name_valid(const char *, char **);
int		 ctl_terminal_issue(struct store_txn *, const char *,
		     int64_t, int, char *, size_t, int64_t *, char **);

/* ctl-sales.c */
int		 ctl_sales_list(struct ctl *, struct ctl_args *);

/* ctl-report.c */
int		 ctl_report(struct ctl *, struct ctl_args *);
int		 ctl_report_lines(struct ctl *, struct ctl_args *);
int		 ctl_report_rebuild(struct ctl *, struct ctl_args *);
int		 ctl_report_dump(struct ctl *, struct ctl_args *);

/* ctl-stock.c */
int		 ctl_stock_list(struct ctl *, struct ctl_args *);

/* ctl-audit.c */
int		 ctl_audit_verify(struct ctl *, struct ctl_args *);
int		 ctl_audit_list(struct ctl *, struct ctl_args *);

/* ctl-backup.c */
int		 ctl_backup(struct ctl *, struct ctl_args *);

/* ctl-import.c */
int		 ctl_import_product(struct ctl *, struct ctl_args *);
int		 ctl_import_package(struct ctl *, struct ctl_args *);

int		 ctl_import_tenths(const char *, int64_t *);

/*
 * An importer's errors, FILE:LINE each, reported all at once in line order
 * (and in the order found within a line).
 */
struct ctl_error {
	u_int		 line;
	u_int		 order;
	char		*msg;
};
struct ctl_errors {
	struct ctl_error *v;
	u_int		 n;
	u_int		 order;
};

/* ctl-csv.c: a CSV file of named columns, read by every importer. */
#define CTL_CSV_FIELDS_MAX	32
#define CTL_CSV_COLS_MAX	16
struct ctl_csv_col {
	const char	*name;
	int		 required;
};
struct ctl_csv {
	const char			*file;	/* as shown in messages */
	const struct ctl_csv_col	*cols;
	u_int				 ncols;
	u_int				 rows_max;
	struct ctl_errors		*errs;
	char			       **(*add)(void *, u_int);
	void				*arg;

	int				 map[CTL_CSV_FIELDS_MAX];
	u_int				 nfields;
	int				 header;	/* seen */
	u_int				 nrows;
};
void		 ctl_errors_vadd(struct ctl_errors *, u_int, const char *,
		     va_list);
void		 ctl_errors_add(struct ctl_errors *, u_int, const char *, ...)
		     printflike(3, 4);
void		 ctl_errors_truncate(struct ctl_errors *, u_int);
int		 ctl_errors_report(struct ctl_errors *, const char *);
const char	*ctl_csv_show(const char *, char *, size_t);
int		 ctl_csv_split(char *, char **, u_int, u_int *, const char **);
int		 ctl_csv_table(struct ctl_csv *, const char *);
void		*ctl_csv_grow(void *, u_int, u_int *, size_t);
int		 ctl_csv_qty(struct ctl_errors *, u_int, const char *,
		     const struct product *, int64_t, int64_t *);
int		 ctl_csv_cell(struct ctl_errors *, u_int, const char *,
		     const char *, size_t);

/* ctl-package.c */
int		 ctl_package_lab(struct ctl *, struct ctl_args *);
int		 ctl_package_show(struct ctl *, struct ctl_args *);
const char	*ctl_who(char *, size_t);

/* ctl-product.c */
int		 ctl_product_set(struct ctl *, struct ctl_args *);
int		 ctl_product_show(struct ctl *, struct ctl_args *);
int		 ctl_product_count(const char *, int64_t *);

/* ctl-count.c */
int		 ctl_count_start(struct ctl *, struct ctl_args *);
int		 ctl_vehicle_add(struct ctl *, struct ctl_args *);
int		 ctl_vehicle_list(struct ctl *, struct ctl_args *);
int		 ctl_vehicle_remove(struct ctl *, struct ctl_args *);
int		 ctl_staff_driver(struct ctl *, struct ctl_args *);
int		 ctl_order_create(struct ctl *, struct ctl_args *);
int		 ctl_order_list(struct ctl *, struct ctl_args *);
int		 ctl_order_show(struct ctl *, struct ctl_args *);
int		 ctl_order_cancel(struct ctl *, struct ctl_args *);
struct options;
struct order_conf;
int		 ctl_order_config(struct ctl *, struct ctl_args *,
		     struct options **, struct order_conf *);
int		 ctl_order_pick(struct ctl *, struct ctl_args *);
int		 ctl_order_pack(struct ctl *, struct ctl_args *);
int		 ctl_order_seal(struct ctl *, struct ctl_args *);
int		 ctl_trip_create(struct ctl *, struct ctl_args *);
int		 ctl_trip_assign(struct ctl *, struct ctl_args *);
int		 ctl_trip_unassign(struct ctl *, struct ctl_args *);
int		 ctl_trip_reorder(struct ctl *, struct ctl_args *);
int		 ctl_trip_optimise(struct ctl *, struct ctl_args *);
int		 ctl_trip_check(struct ctl *, struct ctl_args *);
int		 ctl_trip_load(struct ctl *, struct ctl_args *);
int		 ctl_trip_depart(struct ctl *, struct ctl_args *);
int		 ctl_trip_close(struct ctl *, struct ctl_args *);
int		 ctl_trip_restock(struct ctl *, struct ctl_args *);
int		 ctl_trip_show(struct ctl *, struct ctl_args *);
int		 ctl_trip_list(struct ctl *, struct ctl_args *);
int		 ctl_trip_manifest(struct ctl *, struct ctl_args *);

/* ctl-trace.c: an inspector's pages */
#define CTL_PAGE_LINES		66
#define CTL_PAGE_BODY		63	/* under the header */
#define CTL_PAGE_WIDTH		80
int		 ctl_rep_pages(struct ctl *, const char *, FILE *, u_int,
		     int64_t);

/* ctl-driver.c: what drivers' handhelds synced */
int		 ctl_driver_exceptions(struct ctl *, struct ctl_args *);
int		 ctl_driver_track(struct ctl *, struct ctl_args *);
int		 ctl_driver_day(struct ctl *, struct ctl_args *);
int		 ctl_driver_stops(struct ctl *, struct ctl_args *);
int		 ctl_driver_customer(struct ctl *, struct ctl_args *);
int		 ctl_count_record(struct ctl *, struct ctl_args *);
int		 ctl_count_report(struct ctl *, struct ctl_args *);
int		 ctl_count_finish(struct ctl *, struct ctl_args *);

/* ctl-demo.c */
int		 ctl_demo(struct ctl *, struct ctl_args *);

/* ctl-parse.c */
int		 ctl_parse(struct ctl *, struct ctl_args *);

/* ctl-limits.c */
int		 ctl_limits_check(struct ctl *, struct ctl_args *);

/* ctl-route.c */
int		 ctl_route(struct ctl *, struct ctl_args *);
#define CTL_CURL_REPLY_MAX	(4 * 1024 * 1024)
size_t		 ctl_curl_write(char *, size_t, size_t, void *);
struct route_point;
int		 ctl_route_roads(const char *, const struct route_point *,
		     u_int, int64_t **, int64_t **);

/* ctl-compliance.c */
int		 ctl_compliance_status(struct ctl *, struct ctl_args *);
int		 ctl_compliance_exceptions(struct ctl *, struct ctl_args *);
int		 ctl_compliance_exception_report(struct ctl *,
		     struct ctl_args *);
int		 ctl_compliance_retry(struct ctl *, struct ctl_args *);
int		 ctl_compliance_reconcile(struct ctl *, struct ctl_args *);
json_t		*ctl_biotrack24_inventory(struct options *, const char *, char *,
		    size_t);

/* ctl-ccrs.c */
int		 ctl_ccrs(struct ctl *, struct ctl_args *);

/* ctl-notify.c */
int		 ctl_notify_status(struct ctl *, struct ctl_args *);
int		 ctl_notify_exceptions(struct ctl *, struct ctl_args *);
int		 ctl_notify_retry(struct ctl *, struct ctl_args *);
int		 ctl_notify_send(struct ctl *, struct ctl_args *);

/* ctl-inventory.c */
int		 ctl_inventory_list(struct ctl *, struct ctl_args *);
int		 ctl_inventory_low(struct ctl *, struct ctl_args *);
int		 ctl_inventory_expiring(struct ctl *, struct ctl_args *);
int		 ctl_trace(struct ctl *, struct ctl_args *);
int		 ctl_recall(struct ctl *, struct ctl_args *);
int		 ctl_manifest_import(struct ctl *, struct ctl_args *);
int		 ctl_manifest_list(struct ctl *, struct ctl_args *);
int		 ctl_manifest_show(struct ctl *, struct ctl_args *);

/* ctl-chart.c: a report's chart as an SVG file (report --svg). */
struct report_table;
int		 ctl_chart_kind(struct ctl_args *);
int		 ctl_chart_svg(struct ctl *, struct ctl_args *,
		     const struct report_table *, int);

#endif /* CTL_H */
