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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "outbox.h"
#include "outbox-deadline.h"
#include "reply.h"
#include "state-adapter.h"
#include "reconcile.h"

/* The compliance dashboard over the protocol: status, exceptions, retry. */

#define OP_COMPLIANCE_LIST_MAX	500
#define OP_COMPLIANCE_RUNS	50	/* reconciliations a page, unless asked */

int
op_compliance_status(struct op_ctx *ctx)
{
	struct outbox_stats	 os;
	struct outbox_deadline	 dl;
	const struct state_adapter *a = state_adapter();
	const struct state_system *sys;
	json_t			*j;
	int64_t			 now = util_now();

	outbox_stats(ctx->txn, &os);
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	/*
	 * What the ledger says, whichever system: on if the system sends
	 * anything, its last answer and its refusal of our keys as last
	 * recorded. The adapter's status entry says what only it knows
	 * (Metrc: whether metrc-url is set, its live state).
	 */
	sys = a != NULL ? state_system_find(a->name) : NULL;
	ctx->result = json_pack("{s:b, s:I, s:I, s:o, s:o, s:b, s:s}",
	    "enabled", sys != NULL && sys->result != NULL, "pending",
	    (json_int_t)os.pending, "exceptions", (json_int_t)os.exceptions,
	    "oldest_age", os.oldest != 0 ?
	    json_integer((now - os.oldest) / 1000000) : json_null(),
	    "last_contact", os.last_contact != 0 ?
	    json_integer(os.last_contact) : json_null(),
	    "broken", os.broken != 0, "broken_reason", outbox_broken_name(
	    os.broken != 0 ? os.broken_why : 0));
	/* Reports held until their due time (a destruction's wait). */
	json_object_set_new(ctx->result, "held", json_integer(os.held));
	json_object_set_new(ctx->result, "reconcile", reconcile_busy() ?
	    json_string("comparing") : json_null());
	/*
	 * The deadline of the customer type, from the rule file; where it
	 * has none, metrc-deadline, or CCRS's week.
	 */
	if (outbox_deadline_status(ctx->txn, ctx->srv->rules,
	    state_system_deadline(sys, options_number(ctx->srv->opts,
	    "metrc-deadline")), now, &dl) != 0)
		return (op_store_error(ctx));
	j = reply_deadline(&dl, now);
	json_object_update(ctx->result, j);
	json_decref(j);
	/* Which state system, and what only it has (CCRS: its week). */
	json_object_set_new(ctx->result, "state_system",
	    json_string(a != NULL ? a->name : "none"));
	if (a != NULL && a->status != NULL && a->status(ctx, ctx->result) != 0)
		return (op_store_error(ctx));
	return (0);
}

/* One refused job, for compliance.exceptions. */
static void
op_compliance_exception(const struct outbox_job *j, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:I, s:I, s:i, "
	    "s:s}", "job", (json_int_t)j->id, "kind",
	    outbox_kind_name(j->kind), "ref", j->ref, "subject",
	    (json_int_t)j->subject, "created", (json_int_t)j->created,
	    "attempts", j->attempts, "message", j->error));
}

int
op_compliance_exceptions(struct op_ctx *ctx)
{
	json_t	*list;
	int	 more;

	list = json_array();
	if (outbox_exceptions(ctx->txn, OP_COMPLIANCE_LIST_MAX,
	    op_compliance_exception, list, &more) < 0) {
		json_decref(list);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o, s:b}", "exceptions", list, "more",
	    more);
	return (0);
}

/* Write op: a person fixed the cause; send the job again. */
int
op_compliance_retry(struct op_ctx *ctx)
{
	json_int_t	 id;
	char		*cause = NULL, subj[40];

	if (proto_arg_int(ctx->args, "job", 1, 1, INT64_MAX, &id,
	    &cause) != 0)
		return (op_bad_request(ctx, cause));
	if (outbox_retry(ctx->txn, (uint64_t)id, &cause) != 0)
		return (op_failed(ctx, "not-found", cause));
	snprintf(subj, sizeof subj, "compliance job %lld", (long long)id);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "compliance.retry", subj, "moved back to pending");
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	ctx->result = json_pack("{s:I, s:s}", "job", (json_int_t)id, "state",
	    "pending");
	return (0);
}

/*
 * The state's word on a patient card: status and remaining allotment,
 * asked without blocking (metrc_patient), at most a minute old. When the
 * state system cannot be reached the result says "state":"unreachable";
 * what the register does then is its policy, not ours.
 */
int
op_compliance_patient(struct op_ctx *ctx)
{
	const char	*card;
	char		*cause = NULL;

	if (proto_arg_str(ctx->args, "card", 1, 64, &card, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if (!util_printable(card, strlen(card)) || strchr(card, '/') != NULL) {
		return (op_error(ctx, "bad-request", "card: not a patient "
		    "card number"));
	}
	ctx->txn = NULL;	/* the read transaction ends on return */
	return (metrc_patient(ctx, card));
}

/*
 * The state's active packages against ours: differences in quantity not
 * explained by reports still in the outbox, and the state's holds and
 * recalls, which become holds here (reconcile.c). Asked without blocking;
 * the op is finished when the last page is in.
 */
int
op_compliance_reconcile(struct op_ctx *ctx)
{
	const struct state_adapter	*a = state_adapter();

	ctx->txn = NULL;	/* the read transaction ends on return */
	if (a != NULL && a->reconcile != NULL)
		return (a->reconcile(ctx));
	return (metrc_reconcile(ctx));
}

/* One run into the history's list. */
static void
op_compliance_run(const struct reconcile_run *r, void *arg)
{
	json_array_append_new(arg, reply_reconcile_run(r));
}

/*
 * The reconciliations the ledger keeps, newest first: at most limit
 * (default OP_COMPLIANCE_RUNS), older than the run numbered before when
 * it is given (the last id of the page before, for the next page).
 */
int
op_compliance_reconcile_history(struct op_ctx *ctx)
{
	json_t		*list;
	json_int_t	 limit = OP_COMPLIANCE_RUNS, before = 0;
	char		*cause = NULL;
	int		 more;

	if (proto_arg_int(ctx->args, "limit", 0, 1, OP_COMPLIANCE_LIST_MAX,
	    &limit, &cause) < 0 || proto_arg_int(ctx->args, "before", 0, 1,
	    INT64_MAX, &before, &cause) < 0)
		return (op_bad_request(ctx, cause));
	list = json_array();
	if (store_reconcile_list(ctx->txn, (uint64_t)before, (size_t)limit,
	    op_compliance_run, list, &more) != 0) {
		json_decref(list);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o, s:b}", "runs", list, "more", more);
	return (0);
}
