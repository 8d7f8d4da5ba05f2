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

#ifndef REPLY_H
#define REPLY_H

/*
 * The encoding layer between the domain and the wire (reply.c): one
 * encoder per type the domain returns, giving the JSON of doc/protocol.md.
 * stashd's ops and stashctl's --json both use these, so a field is named
 * and typed in one place. Domain code (intake.c, inventory.c ...) returns
 * C data and never includes this header.
 */

#include "drawer.h"
#include "intake.h"
#include "outbox-deadline.h"
#include "reconcile.h"
#include "report.h"
#include "rules.h"

struct sale_brief;

/* Intake: a manifest, a line, a manifest with its tally (and lines). */
json_t		*reply_manifest(const struct manifest *);
json_t		*reply_manifest_line(const struct manifest_line *);
json_t		*reply_manifest_full(struct store_txn *,
		     const struct manifest *, int);

/* Counts: the variance report; NULL if the ledger failed. */
json_t		*reply_count(struct store_txn *, const struct count *);

/* Inventory. */
json_t		*reply_product(const struct product *);
json_t		*reply_package(const struct package *,
		     const struct inventory_package_info *);
json_t		*reply_package_get(struct store_txn *, const struct package *);
json_t		*reply_adjust(const struct adjust *);
json_t		*reply_history(struct store_txn *, const char *);
json_t		*reply_low(const struct inventory_low_row *);
json_t		*reply_expiring(const struct inventory_expiring_row *);
json_t		*reply_trace_sale(uint64_t, const struct sale_brief *);
json_t		*reply_hold_preview(int, const char *, const struct product *,
		     u_int, int64_t, int64_t);
int		 reply_trace(struct store_txn *, int, const char *,
		     const char *, uint64_t, u_int, json_t **, char **);

/* Limits, the reporting deadline, the state's word on a patient. */
json_t		*reply_limits(const struct limits_result *);
json_t		*reply_deadline(const struct outbox_deadline *, int64_t);
json_t		*reply_registry(json_t *, int, const struct rules *);

/* A driver's handheld: a delivery exception, a GPS fix. */
json_t		*reply_dexc(const struct dexc *);
json_t		*reply_fix(const struct gps_fix *);
json_t		*reply_trip_event(const struct trip_event *);
json_t		*reply_trip(struct store_txn *, const struct trip *);
json_t		*reply_delivery_violations(const struct delivery_result *);

/* Cash drawers and the Z report. */
json_t		*reply_drawer(const struct drawer *,
		     const struct drawer_totals *);
json_t		*reply_z_totals(const struct drawer_totals *);
json_t		*reply_z(const char *, const struct report_z *);
json_t		*reply_string(const char *);
json_t		*reply_table(const struct report_table *);
json_t		*reply_report(const struct report_table *, int, int);

/* Reconciliation with the state's active packages. */
json_t		*reply_reconcile_diff(const struct reconcile_diff *);
json_t		*reply_reconcile_run(const struct reconcile_run *);
json_t		*reply_reconcile(struct store_txn *, json_t *, json_t **,
		     struct reconcile_run *);
struct reply_reconcile *reply_reconcile_new(void);
void		 reply_reconcile_add(const struct reconcile_diff *, void *);
json_t		*reply_reconcile_end(struct reply_reconcile *,
		     const struct reconcile_summary *, json_t **);
void		 reply_reconcile_free(struct reply_reconcile *);

/* Orders, and the stock events with what is available. */
struct order;
json_t		*reply_order(const struct order *);
json_t		*reply_stock_event(struct store_txn *, const struct package *,
		     int64_t, int);

/* sale.commit's reply line, encoded with no tree (reply.c). */
struct sale;
int		 reply_sale_line(struct buf *, json_int_t, struct store_txn *,
		     const struct rules *, uint32_t, const struct sale *, int);

#endif /* REPLY_H */
