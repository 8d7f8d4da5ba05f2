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

#include "config.h"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/*
 * The op table: every operation a terminal may ask for, the least phase
 * of the connection it needs, the permission the session must hold, and
 * how it runs (OP_WRITE: in the group commit; OP_ASYNC: it finishes the
 * request itself). conn_dispatch (server-conn.c) checks the phase and the
 * permission before the handler runs. Handlers live in op-<prefix>.c by
 * the op's prefix: op-session.c has the handshake and session ops,
 * op-item.c item.* and product.*, op-inventory.c inventory.*, package.*,
 * hold.* and trace. doc/protocol.md's op table lists the same names
 * (tests/regress/op-table.py keeps the two alike).
 */

static const struct op_entry op_table[] = {
	{ "compliance.exceptions", PHASE_SESSION, PERM_REPORTS, 0,
	  op_compliance_exceptions },
	{ "compliance.patient", PHASE_SESSION, PERM_SALE, OP_ASYNC,
	  op_compliance_patient },
	{ "compliance.reconcile", PHASE_SESSION, PERM_INV_ADJUST, OP_ASYNC,
	  op_compliance_reconcile },
	{ "compliance.retry", PHASE_SESSION, PERM_INV_ADJUST, OP_WRITE,
	  op_compliance_retry },
	{ "compliance.status", PHASE_SESSION, PERM_REPORTS, 0,
	  op_compliance_status },
	{ "count.finish", PHASE_SESSION, PERM_INV_ADJUST, OP_WRITE,
	  op_count_finish },
	{ "count.record", PHASE_SESSION, PERM_INV_RECEIVE, OP_WRITE,
	  op_count_record },
	{ "count.report", PHASE_SESSION, PERM_INV_RECEIVE, 0, op_count_report },
	{ "count.start", PHASE_SESSION, PERM_INV_RECEIVE, OP_WRITE,
	  op_count_start },
	{ "customer.create", PHASE_SESSION, PERM_SALE, OP_WRITE,
	  op_customer_create },
	{ "customer.get", PHASE_SESSION, PERM_SALE_READ, OP_ASYNC,
	  op_customer_get },
	{ "customer.search", PHASE_SESSION, PERM_SALE_READ, 0,
	  op_customer_search },
	{ "customer.update", PHASE_SESSION, PERM_SALE, OP_WRITE,
	  op_customer_update },
	{ "drawer.close", PHASE_SESSION, PERM_SALE, OP_WRITE,
	  op_drawer_close },
	{ "drawer.drop", PHASE_SESSION, PERM_SALE, OP_WRITE, op_drawer_drop },
	{ "drawer.open", PHASE_SESSION, PERM_SALE, OP_WRITE, op_drawer_open },
	{ "drawer.report", PHASE_SESSION, PERM_SALE_READ, 0,
	  op_drawer_report },
	{ "enroll", PHASE_HANDSHAKE, 0, OP_WRITE, op_enroll },
	{ "hello", PHASE_HANDSHAKE, 0, 0, op_hello },
	{ "hold.list", PHASE_SESSION, PERM_INV_READ, 0, op_hold_list },
	{ "hold.release", PHASE_SESSION, PERM_INV_ADJUST, OP_WRITE,
	  op_hold_release },
	{ "hold.set", PHASE_SESSION, PERM_INV_ADJUST, OP_WRITE, op_hold_set },
	{ "intake.close", PHASE_SESSION, PERM_INV_RECEIVE, OP_WRITE,
	  op_intake_close },
	{ "intake.create", PHASE_SESSION, PERM_INV_RECEIVE, OP_WRITE,
	  op_intake_create },
	{ "intake.discrepancies", PHASE_SESSION, PERM_INV_RECEIVE, 0,
	  op_intake_discrepancies },
	{ "intake.get", PHASE_SESSION, PERM_INV_RECEIVE, 0, op_intake_get },
	{ "intake.list", PHASE_SESSION, PERM_INV_RECEIVE, 0, op_intake_list },
	{ "intake.resolve", PHASE_SESSION, PERM_INV_ADJUST, OP_WRITE,
	  op_intake_resolve },
	{ "intake.scan", PHASE_SESSION, PERM_INV_RECEIVE, OP_WRITE,
	  op_intake_scan },
	{ "inventory.expiring", PHASE_SESSION, PERM_INV_READ, 0,
	  op_inventory_expiring },
	{ "inventory.low", PHASE_SESSION, PERM_INV_READ, 0, op_inventory_low },
	{ "item.lookup", PHASE_SESSION, PERM_INV_READ, 0, op_item_lookup },
	{ "login", PHASE_TERMINAL, 0, OP_ASYNC, op_login },
	{ "logout", PHASE_SESSION, 0, 0, op_logout },
	{ "package.adjust", PHASE_SESSION, PERM_INV_ADJUST, OP_ASYNC,
	  op_package_adjust },
	{ "package.get", PHASE_SESSION, PERM_INV_READ, 0, op_package_get },
	{ "package.lab", PHASE_SESSION, PERM_INV_ADJUST, OP_WRITE,
	  op_package_lab },
	{ "package.move", PHASE_SESSION, PERM_INV_RECEIVE, OP_WRITE,
	  op_package_move },
	{ "ping", PHASE_TERMINAL, 0, 0, op_ping },
	{ "product.search", PHASE_SESSION, PERM_INV_READ, 0,
	  op_product_search },
	{ "queue.add", PHASE_SESSION, PERM_SALE, OP_ASYNC, op_queue_add },
	{ "queue.call", PHASE_SESSION, PERM_SALE, OP_WRITE, op_queue_call },
	{ "queue.list", PHASE_SESSION, PERM_SALE_READ, 0, op_queue_list },
	{ "queue.remove", PHASE_SESSION, PERM_SALE, OP_WRITE,
	  op_queue_remove },
	{ "product.set_reorder", PHASE_SESSION, PERM_INV_ADJUST, OP_WRITE,
	  op_product_set_reorder },
	{ "report.z", PHASE_SESSION, PERM_REPORTS, 0, op_report_z },
	{ "sale.commit", PHASE_SESSION, PERM_SALE, OP_ASYNC, op_sale_commit },
	{ "sale.get", PHASE_SESSION, PERM_SALE_READ, 0, op_sale_get },
	{ "sale.list", PHASE_SESSION, PERM_SALE_READ, 0, op_sale_list },
	{ "sale.quote", PHASE_SESSION, PERM_SALE, 0, op_sale_quote },
	{ "sale.return", PHASE_SESSION, PERM_SALE, OP_ASYNC, op_sale_return },
	{ "sale.void", PHASE_SESSION, PERM_SALE, OP_ASYNC, op_sale_void },
	{ "trace", PHASE_SESSION, PERM_INV_READ, 0, op_trace },
};

const struct op_entry *
op_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof op_table / sizeof op_table[0]; i++) {
		if (strcmp(op_table[i].name, name) == 0)
			return (&op_table[i]);
	}
	return (NULL);
}
