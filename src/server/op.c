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

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "auth.h"

/*
 * The op table: every operation a terminal may ask for, the least phase
 * of the connection it needs, the permission the session must hold, the
 * approval it needs (approve: a permission the session's own staff holds,
 * or else an approver gives their staff ID and PIN on the same terminal,
 * "approver":{"staff":N,"pin":".."}, and their role holds it), and how it
 * runs (OP_WRITE: in the group commit; OP_ASYNC: it finishes the request
 * itself; OP_APPROVE_IF: the approval is needed only in some cases, each
 * with its own permission of the column; OP_APPROVE_OWN: only the
 * session's own, the op takes no approver). conn_dispatch (server-conn.c)
 * checks the phase and the permission before the handler runs; handlers
 * ask for approvals only through op_approver and op_approval_held below,
 * which refuse a permission the table does not declare. Handlers live in op-<prefix>.c by
 * the op's prefix: op-session.c has the handshake and session ops,
 * op-item.c item.* and product.*, op-inventory.c inventory.*, package.*,
 * hold.* and trace. doc/protocol.md's op table lists the same names
 * (tests/regress/op-table.py keeps the two alike).
 */

static const struct op_entry op_table[] = {
	{ "compliance.exceptions", PHASE_SESSION, PERM_REPORTS, 0,
	  0, op_compliance_exceptions },
	{ "compliance.patient", PHASE_SESSION, PERM_SALE, 0,
	  OP_ASYNC, op_compliance_patient },
	{ "compliance.reconcile", PHASE_SESSION, PERM_INV_ADJUST, 0,
	  OP_ASYNC, op_compliance_reconcile },
	{ "compliance.retry", PHASE_SESSION, PERM_INV_ADJUST, 0,
	  OP_WRITE, op_compliance_retry },
	{ "compliance.status", PHASE_SESSION, PERM_REPORTS, 0,
	  0, op_compliance_status },
	{ "count.finish", PHASE_SESSION, PERM_INV_ADJUST, 0,
	  OP_WRITE, op_count_finish },
	{ "count.record", PHASE_SESSION, PERM_INV_RECEIVE, 0,
	  OP_WRITE, op_count_record },
	{ "count.report", PHASE_SESSION, PERM_INV_RECEIVE, 0,
	  0, op_count_report },
	{ "count.start", PHASE_SESSION, PERM_INV_RECEIVE, 0,
	  OP_ASYNC, op_count_start },
	{ "customer.create", PHASE_SESSION, PERM_SALE, PERM_ID_TYPE,
	  OP_WRITE|OP_APPROVE_IF|OP_APPROVE_OWN, op_customer_create },
	{ "customer.get", PHASE_SESSION, PERM_SALE_READ, 0,
	  OP_ASYNC, op_customer_get },
	{ "customer.search", PHASE_SESSION, PERM_SALE_READ, 0,
	  0, op_customer_search },
	{ "customer.update", PHASE_SESSION, PERM_SALE, PERM_ID_TYPE,
	  OP_WRITE|OP_APPROVE_IF|OP_APPROVE_OWN, op_customer_update },
	{ "drawer.close", PHASE_SESSION, PERM_SALE, 0,
	  OP_WRITE, op_drawer_close },
	{ "drawer.drop", PHASE_SESSION, PERM_SALE, 0,
	  OP_WRITE, op_drawer_drop },
	{ "drawer.open", PHASE_SESSION, PERM_SALE, 0,
	  OP_WRITE, op_drawer_open },
	{ "drawer.report", PHASE_SESSION, PERM_SALE_READ, 0,
	  0, op_drawer_report },
	{ "enroll", PHASE_HANDSHAKE, 0, 0, OP_WRITE, op_enroll },
	{ "hello", PHASE_HANDSHAKE, 0, 0, 0, op_hello },
	{ "hold.list", PHASE_SESSION, PERM_INV_READ, 0, 0, op_hold_list },
	{ "hold.preview", PHASE_SESSION, PERM_INV_READ, 0, 0,
	  op_hold_preview },
	{ "hold.release", PHASE_SESSION, PERM_INV_ADJUST, 0,
	  OP_WRITE, op_hold_release },
	{ "hold.set", PHASE_SESSION, PERM_INV_ADJUST, 0,
	  OP_WRITE, op_hold_set },
	{ "intake.close", PHASE_SESSION, PERM_INV_RECEIVE, 0,
	  OP_WRITE, op_intake_close },
	{ "intake.create", PHASE_SESSION, PERM_INV_RECEIVE, 0,
	  OP_WRITE, op_intake_create },
	{ "intake.discrepancies", PHASE_SESSION, PERM_INV_RECEIVE, 0,
	  0, op_intake_discrepancies },
	{ "intake.get", PHASE_SESSION, PERM_INV_RECEIVE, 0, 0, op_intake_get },
	{ "intake.list", PHASE_SESSION, PERM_INV_RECEIVE, 0,
	  0, op_intake_list },
	{ "intake.resolve", PHASE_SESSION, PERM_INV_ADJUST, 0,
	  OP_WRITE, op_intake_resolve },
	{ "intake.scan", PHASE_SESSION, PERM_INV_RECEIVE, 0,
	  OP_WRITE, op_intake_scan },
	{ "inventory.expiring", PHASE_SESSION, PERM_INV_READ, 0,
	  0, op_inventory_expiring },
	{ "inventory.low", PHASE_SESSION, PERM_INV_READ, 0,
	  0, op_inventory_low },
	{ "item.lookup", PHASE_SESSION, PERM_INV_READ, 0, 0, op_item_lookup },
	{ "login", PHASE_TERMINAL, 0, 0, OP_ASYNC, op_login },
	{ "logout", PHASE_SESSION, 0, 0, 0, op_logout },
	{ "order.cancel", PHASE_SESSION, PERM_ORDER, 0,
	  OP_WRITE, op_order_cancel },
	{ "order.create", PHASE_SESSION, PERM_ORDER, 0,
	  OP_WRITE, op_order_create },
	{ "order.get", PHASE_SESSION, PERM_SALE_READ, 0, 0, op_order_get },
	{ "order.list", PHASE_SESSION, PERM_SALE_READ, 0, 0, op_order_list },
	{ "order.pack", PHASE_SESSION, PERM_ORDER, 0,
	  OP_WRITE, op_order_pack },
	{ "order.pick", PHASE_SESSION, PERM_ORDER, 0, 0, op_order_pick },
	{ "order.seal", PHASE_SESSION, PERM_ORDER, 0,
	  OP_WRITE, op_order_seal },
	{ "order.unpack", PHASE_SESSION, PERM_ORDER, 0,
	  OP_WRITE, op_order_unpack },
	{ "package.adjust", PHASE_SESSION, PERM_INV_ADJUST, 0,
	  OP_ASYNC, op_package_adjust },
	{ "package.get", PHASE_SESSION, PERM_INV_READ, 0, 0, op_package_get },
	{ "package.lab", PHASE_SESSION, PERM_INV_ADJUST, 0,
	  OP_WRITE, op_package_lab },
	{ "package.move", PHASE_SESSION, PERM_INV_RECEIVE, 0,
	  OP_WRITE, op_package_move },
	{ "ping", PHASE_TERMINAL, 0, 0, 0, op_ping },
	{ "product.get", PHASE_SESSION, PERM_INV_READ, 0,
	  0, op_product_get },
	{ "product.search", PHASE_SESSION, PERM_INV_READ, 0,
	  0, op_product_search },
	{ "queue.add", PHASE_SESSION, PERM_SALE, 0, OP_ASYNC, op_queue_add },
	{ "queue.call", PHASE_SESSION, PERM_SALE, 0, OP_WRITE, op_queue_call },
	{ "queue.list", PHASE_SESSION, PERM_SALE_READ, 0, 0, op_queue_list },
	{ "queue.remove", PHASE_SESSION, PERM_SALE, 0,
	  OP_WRITE, op_queue_remove },
	{ "product.set_reorder", PHASE_SESSION, PERM_INV_ADJUST, 0,
	  OP_WRITE, op_product_set_reorder },
	{ "product.update", PHASE_SESSION, PERM_CATALOG, 0,
	  OP_WRITE, op_product_update },
	{ "report.run", PHASE_SESSION, PERM_REPORTS, 0, 0, op_report_run },
	{ "report.z", PHASE_SESSION, PERM_REPORTS, 0, 0, op_report_z },
	{ "sale.commit", PHASE_SESSION, PERM_SALE, PERM_DISCOUNT_APPROVE|
	  PERM_WEIGHT_TYPE|PERM_LIMIT_OVERRIDE|PERM_OUTAGE_MANUAL,
	  OP_ASYNC|OP_APPROVE_IF, op_sale_commit },
	{ "sale.get", PHASE_SESSION, PERM_SALE_READ, 0, 0, op_sale_get },
	{ "sale.list", PHASE_SESSION, PERM_SALE_READ, 0, 0, op_sale_list },
	{ "sale.quote", PHASE_SESSION, PERM_SALE, 0, 0, op_sale_quote },
	{ "sale.return", PHASE_SESSION, PERM_SALE, PERM_VOID,
	  OP_ASYNC, op_sale_return },
	{ "sale.void", PHASE_SESSION, PERM_SALE, PERM_VOID,
	  OP_ASYNC, op_sale_void },
	{ "staff.list", PHASE_SESSION, PERM_STAFF, 0, 0, op_staff_list },
	{ "staff.role", PHASE_SESSION, PERM_ROLES, 0,
	  OP_WRITE, op_staff_role },
	{ "trace", PHASE_SESSION, PERM_INV_READ, 0, 0, op_trace },
	{ "trip.assign", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_WRITE, op_trip_assign },
	{ "trip.check", PHASE_SESSION, PERM_DELIVERY, 0, 0, op_trip_check },
	{ "trip.close", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_WRITE, op_trip_close },
	{ "trip.create", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_WRITE, op_trip_create },
	{ "trip.deliver", PHASE_SESSION, PERM_DELIVERY, PERM_DISCOUNT_APPROVE|
	  PERM_WEIGHT_TYPE|PERM_LIMIT_OVERRIDE|PERM_OUTAGE_MANUAL,
	  OP_ASYNC|OP_APPROVE_IF, op_trip_deliver },
	{ "trip.depart", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_ASYNC, op_trip_depart },
	{ "trip.fail", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_WRITE, op_trip_fail_order },
	{ "trip.get", PHASE_SESSION, PERM_DELIVERY, 0, 0, op_trip_get },
	{ "trip.list", PHASE_SESSION, PERM_DELIVERY, 0, 0, op_trip_list },
	{ "trip.load", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_WRITE, op_trip_load },
	{ "trip.manifest", PHASE_SESSION, PERM_DELIVERY, 0, 0,
	  op_trip_manifest },
	{ "trip.optimise", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_ASYNC, op_trip_optimise },
	{ "trip.reorder", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_WRITE, op_trip_reorder },
	{ "trip.restock", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_WRITE, op_trip_restock },
	{ "trip.unassign", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_WRITE, op_trip_unassign },
	/* Staff, roles and store settings, as an admin administers them. */
	{ "role.define", PHASE_SESSION, PERM_ROLES, 0,
	  OP_WRITE, op_role_define },
	{ "role.delete", PHASE_SESSION, PERM_ROLES, 0,
	  OP_WRITE, op_role_delete },
	{ "role.list", PHASE_SESSION, PERM_STAFF, 0, 0, op_role_list },
	{ "settings.get", PHASE_SESSION, 0, 0, 0, op_settings_get },
	{ "settings.set", PHASE_SESSION, PERM_SETTINGS, 0,
	  OP_WRITE, op_settings_set },
	{ "staff.add", PHASE_SESSION, PERM_ROLES, 0,
	  OP_ASYNC, op_staff_add },
	{ "staff.deactivate", PHASE_SESSION, PERM_ROLES, 0,
	  OP_WRITE, op_staff_deactivate },
	{ "staff.lock", PHASE_SESSION, PERM_ROLES, 0,
	  OP_WRITE, op_staff_lock },
	{ "staff.pin.reset", PHASE_SESSION, PERM_ROLES, 0,
	  OP_ASYNC, op_staff_pin_reset },
	{ "staff.unlock", PHASE_SESSION, PERM_ROLES, 0,
	  OP_WRITE, op_staff_unlock },
	{ "trip.take", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_WRITE, op_trip_take },
	{ "trip.release", PHASE_SESSION, PERM_DELIVERY|PERM_INV_ADJUST, 0,
	  OP_WRITE, op_trip_release },
	{ "trip.handheld", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_WRITE, op_trip_handheld },
	{ "trip.sync", PHASE_SESSION, PERM_DELIVERY, 0,
	  OP_WRITE, op_trip_sync },
	{ "trip.exceptions", PHASE_SESSION, PERM_DELIVERY|PERM_REPORTS, 0, 0,
	  op_trip_exceptions },
	{ "trip.exception.resolve", PHASE_SESSION,
	  PERM_DELIVERY|PERM_INV_ADJUST, 0, OP_WRITE,
	  op_trip_exception_resolve },
	{ "trip.track", PHASE_SESSION, PERM_DELIVERY, 0, 0, op_trip_track },
	/* An inspector's questions, for the manager's console. */
	{ "trip.day", PHASE_SESSION, PERM_REPORTS, 0, 0, op_trip_day },
	{ "trip.stops", PHASE_SESSION, PERM_REPORTS, 0, 0, op_trip_stops },
	{ "customer.deliveries", PHASE_SESSION, PERM_REPORTS, 0, 0,
	  op_customer_deliveries },
	{ "compliance.reconcile.history", PHASE_SESSION, PERM_REPORTS, 0, 0,
	  op_compliance_reconcile_history },
	/* The session as it stands: read again on a "perms" event. */
	{ "session.get", PHASE_SESSION, 0, 0, 0, op_session_get },
	/* The store's open drawers, for the dashboard. */
	{ "drawer.list", PHASE_SESSION, PERM_REPORTS, 0, 0, op_drawer_list },
	{ "events.subscribe", PHASE_TERMINAL, 0, 0, 0, op_events_subscribe },
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

/* The approve column of the request's op; a request for more is a bug. */
static const struct op_entry *
op_approve_entry(struct op_ctx *ctx, uint32_t perm)
{
	const struct op_entry	*oe;

	if ((oe = op_find(ctx->op)) == NULL || perm == 0 ||
	    (perm & ~oe->approve) != 0)
		fatalx("%s: approval %#x is not in the op table", ctx->op,
		    perm);
	return (oe);
}

/* The permissions the op table has approve perm by name, for messages. */
static void
op_approve_names(uint32_t perm, char *out, size_t len)
{
	uint32_t	bit;
	size_t		n = 0;

	out[0] = '\0';
	for (bit = 1; bit != 0 && bit <= PERM_ALL; bit <<= 1) {
		if ((perm & bit) == 0 || perm_name(bit) == NULL || n >= len)
			continue;
		n += (size_t)snprintf(out + n, len - n, "%s%s", n == 0 ? "" :
		    " or ", perm_name(bit));
	}
}

/*
 * Is an approval the op table declares for this op held by the session's
 * own staff? For approvals that take no approver (OP_APPROVE_OWN) and for
 * the conditions a handler finds itself.
 */
int
op_approval_held(struct op_ctx *ctx, uint32_t perm)
{
	op_approve_entry(ctx, perm);
	return ((ctx->c->perms & perm) == perm);
}

/*
 * The approver of a request, for approval perm (one or more permissions
 * of the op's approve column; with OP_APPROVE_IF any one of them will do,
 * the handler then decides each case). Returns 0 when no approver was
 * given and none is needed (the session's own staff holds perm, or with
 * OP_APPROVE_IF the cases are still to be seen); 1 with *ap and *pin set
 * when "approver" names an active staff member whose role holds it (the
 * caller checks the PIN with op_pin_verify and in its write calls
 * op_approver_check). -1 with the error reply set: an approval needed
 * and none given, a malformed "approver", unknown or locked staff, or a
 * role that does not hold perm. *granted is what the request may then
 * do of the column: the session's own permissions and the approver's.
 */
int
op_approver(struct op_ctx *ctx, uint32_t perm, struct staff *ap,
    const char **pin, uint32_t *granted)
{
	const struct op_entry	*oe;
	json_t			*o;
	json_int_t		 id;
	uint32_t		 held, perms;
	char			*cause = NULL, names[128];
	char			 role[ROLE_NAME_MAX + 1];

	oe = op_approve_entry(ctx, perm);
	op_approve_names(perm, names, sizeof names);
	*granted = ctx->c->perms & oe->approve;
	o = json_object_get(ctx->args, "approver");
	if (o == NULL) {
		if ((ctx->c->perms & perm) == perm || (oe->flags &
		    OP_APPROVE_IF))
			return (0);
		return (op_error(ctx, "approval", "%s needs the approval of "
		    "staff holding %s (a manager): their staff ID and PIN",
		    ctx->op, names));
	}
	if (oe->flags & OP_APPROVE_OWN)
		return (op_error(ctx, "bad-request", "%s takes no "
		    "\"approver\": the staff member logged in needs %s",
		    ctx->op, names));
	if (!json_is_object(o) || proto_arg_int(o, "staff", 1, 1, UINT32_MAX,
	    &id, &cause) != 0 || proto_arg_str(o, "pin", 1, 32, pin,
	    &cause) != 0) {
		if (cause == NULL)
			xasprintf(&cause, "\"approver\" must be an object");
		return (op_bad_request(ctx, cause));
	}
	if (op_staff_check(ctx, (uint32_t)id, ap, "approval") != 0)
		return (-1);
	if (auth_role_get(ctx->txn, ap->role, role, sizeof role,
	    &perms) != 0 && ctx->txn->ret != 0)
		return (op_store_error(ctx));
	held = perms & perm;
	if ((oe->flags & OP_APPROVE_IF) ? held == 0 : held != perm)
		return (op_error(ctx, "approval", "staff %u (%s) may not "
		    "approve %s: that needs permission %s (a manager)",
		    ap->id, role, ctx->op, names));
	*granted |= perms & oe->approve;
	return (1);
}

/*
 * In the write: is the approver's PIN checked good (ok)? 0 if so (their
 * count of wrong PINs reset), -1 with the error reply set: the op then
 * returns 0 so that a wrong PIN is counted towards the approver's lockout.
 */
int
op_approver_check(struct op_ctx *ctx, uint32_t id, int ok)
{
	struct staff	ap;

	if (op_staff_check(ctx, id, &ap, "approval") != 0)
		return (-1);
	if (!ok) {
		if (op_pin_failed(ctx, &ap) == 0)
			op_error(ctx, "approval", "approval refused: wrong PIN "
			    "for staff %u", id);
		return (-1);
	}
	if (ap.failed != 0) {
		ap.failed = 0;
		store_staff_put(ctx->txn, &ap);
	}
	return (0);
}

/*
 * A request's life: made by its owner (a connection, server-conn.c, or a
 * background writer through op_new), finished once by op_finish, which
 * hands the reply to the owner and lets it go.
 */

static void	op_free(struct op_ctx *);

/*
 * A request with no terminal behind it, for the background writers (the
 * Metrc drain, reconciliation, transfers): its reply goes nowhere.
 */
struct op_ctx *
op_new(struct server *srv, const char *op)
{
	struct op_ctx	*ctx;

	ctx = xcalloc(1, sizeof *ctx);
	ctx->srv = srv;
	ctx->op = op;
	ctx->req = json_object();
	ctx->args = ctx->req;
	return (ctx);
}

/* The staff and terminal a request acts for: none for a background one. */
uint32_t
op_staff(struct op_ctx *ctx)
{
	return (ctx->c != NULL ? ctx->c->staff : 0);
}

const char *
op_terminal(struct op_ctx *ctx)
{
	return (ctx->c != NULL ? ctx->c->terminal : "");
}

/*
 * The reply goes to the owner: the error, else the frame encoded already
 * (a reply too big to encode in one pass of the loop, op_reply_frame),
 * else the result.
 */
void
op_finish(struct op_ctx *ctx)
{
	json_t		*reply;
	struct frame	*f;

	if (ctx->error == NULL && ctx->frame != NULL) {
		f = ctx->frame;
		ctx->frame = NULL;
		if (ctx->owner != NULL)
			ctx->owner->reply_frame(ctx, f);
		else
			conn_frame_unref(f);
		op_free(ctx);
		return;
	}
	if (ctx->error != NULL)
		reply = ctx->error;
	else
		reply = proto_reply(ctx->id, ctx->result);
	ctx->error = ctx->result = NULL;
	if (ctx->owner != NULL)
		ctx->owner->reply(ctx, reply);
	else
		json_decref(reply);	/* the writer logs what matters */
	op_free(ctx);
}

static void
op_free(struct op_ctx *ctx)
{
	if (ctx->result != NULL)
		json_decref(ctx->result);
	if (ctx->frame != NULL)
		conn_frame_unref(ctx->frame);
	if (ctx->error != NULL)
		json_decref(ctx->error);
	if (ctx->events != NULL)
		json_decref(ctx->events);
	if (ctx->data != NULL && ctx->free_data != NULL)
		ctx->free_data(ctx->data);
	json_decref(ctx->req);
	if (ctx->owner != NULL)
		ctx->owner->release(ctx);
	free(ctx);
}

/* Set the error reply; returns -1 for "return (op_error(...));". */
int
op_error(struct op_ctx *ctx, const char *code, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (ctx->error != NULL)
		json_decref(ctx->error);
	if (ctx->result != NULL) {
		json_decref(ctx->result);
		ctx->result = NULL;
	}
	ctx->error = proto_error(ctx->id, code, "%s", msg);
	free(msg);
	return (-1);
}

int
op_bad_request(struct op_ctx *ctx, char *cause)
{
	op_error(ctx, "bad-request", "%s", cause);
	free(cause);
	return (-1);
}

/*
 * A domain call failed with cause: the store's error when the
 * transaction failed under it, else code with cause. Frees cause.
 */
int
op_failed(struct op_ctx *ctx, const char *code, char *cause)
{
	if (ctx->txn->ret != 0) {
		free(cause);
		return (op_store_error(ctx));
	}
	op_error(ctx, code, "%s", cause);
	free(cause);
	return (-1);
}

int
op_store_error(struct op_ctx *ctx)
{
	log_warnx("%s: ledger: %s", ctx->op, ctx->txn != NULL ?
	    ctx->txn->err : "?");
	if (ctx->txn != NULL && ctx->txn->ret == STORE_NOSPACE)
		return (op_error(ctx, "disk-full", "%s",
		    store_strerror(STORE_NOSPACE)));
	return (op_error(ctx, "internal", "ledger error: nothing was "
	    "written"));
}

/* Queue an event to push to every terminal after the commit. */
void
op_event(struct op_ctx *ctx, json_t *ev)
{
	if (ctx->events == NULL)
		ctx->events = json_array();
	json_array_append_new(ctx->events, ev);
}

/* (Re)start a timer of stashd's own writers (order expiry, GPS pruning). */
void
op_timer_arm(struct event *ev, int64_t us)
{
	struct timeval	tv;

	tv.tv_sec = us / 1000000;
	tv.tv_usec = us % 1000000;
	evtimer_add(ev, &tv);
}
