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

#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "client-op.h"

/*
 * Reporting to the state: compliance.status, .exceptions, .reconcile and
 * .retry, as the compliance dashboard shows them.
 */

static const struct client_op_error client_op_compliance_bad = {
	"bad-reply", "stashd's answer about reporting could not be read"
};

/* compliance.status's result. */
void
client_op_compliance_parse_status(json_t *s,
    struct client_op_compliance_status *st)
{
	json_t	*v;

	memset(st, 0, sizeof *st);
	st->enabled = json_is_true(json_object_get(s, "enabled"));
	st->pending = client_op_int(s, "pending");
	st->exceptions = client_op_int(s, "exceptions");
	st->deadline = client_op_int(s, "deadline");
	st->deadline_left = client_op_int(s, "deadline_left");
	client_op_copy(st->deadline_type, sizeof st->deadline_type, s,
	    "deadline_type");
	v = json_object_get(s, "oldest_unreported");
	if (json_is_integer(v)) {
		st->has_oldest = 1;
		st->oldest_unreported = json_integer_value(v);
	}
	v = json_object_get(s, "last_contact");
	if (json_is_integer(v)) {
		st->has_last_contact = 1;
		st->last_contact = json_integer_value(v);
	}
	st->broken = json_is_true(json_object_get(s, "broken"));
	client_op_copy(st->broken_reason, sizeof st->broken_reason, s,
	    "broken_reason");
	v = json_object_get(s, "warning");
	if (json_is_string(v)) {
		st->has_warning = 1;
		strlcpy(st->warning, json_string_value(v), sizeof st->warning);
	}
	st->approval_expires = client_op_int(s, "approval_expires");
	client_op_copy(st->approval_warning, sizeof st->approval_warning, s,
	    "approval_warning");
	st->outage_since = client_op_int(s, "outage_since");
	st->outage_notice_due = client_op_int(s, "outage_notice_due");
	st->approval_days_left = client_op_int(s, "approval_days_left");
	client_op_copy(st->state_system, sizeof st->state_system, s,
	    "state_system");
	if (json_is_object(v = json_object_get(s, "ccrs"))) {
		st->has_ccrs = 1;
		client_op_copy(st->ccrs_due, sizeof st->ccrs_due, v, "due");
		st->ccrs_overdue = json_is_true(json_object_get(v, "overdue"));
		st->ccrs_last_export = client_op_int(v, "last_export");
		st->ccrs_last_upload = client_op_int(v, "last_upload");
	}
}

static int
client_op_compliance_exception_row(json_t *j, void *el)
{
	struct client_op_compliance_exception	*e = el;

	e->job = client_op_int(j, "job");
	client_op_copy(e->kind, sizeof e->kind, j, "kind");
	client_op_copy(e->ref, sizeof e->ref, j, "ref");
	e->subject = client_op_int(j, "subject");
	e->created = client_op_int(j, "created");
	e->attempts = client_op_int(j, "attempts");
	client_op_copy(e->message, sizeof e->message, j, "message");
	return (0);
}

/* compliance.exceptions's result: {"exceptions":[..],"more":BOOL}. */
int
client_op_compliance_parse_exceptions(json_t *result,
    struct client_op_compliance_exceptions *ex)
{
	memset(ex, 0, sizeof *ex);
	ex->more = json_is_true(json_object_get(result, "more"));
	ex->list = client_op_rows(json_object_get(result, "exceptions"),
	    &ex->n, sizeof *ex->list, client_op_compliance_exception_row);
	return (0);
}

void
client_op_compliance_exceptions_free(struct client_op_compliance_exceptions *ex)
{
	free(ex->list);
	memset(ex, 0, sizeof *ex);
}

static void
client_op_compliance_parse_figure(json_t *v,
    struct client_op_compliance_figure *f)
{
	memset(f, 0, sizeof *f);
	if (json_is_integer(v)) {
		f->type = CLIENT_OP_FIGURE_INT;
		f->n = json_integer_value(v);
	} else if (json_is_string(v)) {
		f->type = CLIENT_OP_FIGURE_STR;
		strlcpy(f->s, json_string_value(v), sizeof f->s);
	}
}

static int
client_op_compliance_pending_row(json_t *ev, void *el)
{
	struct client_op_compliance_pending	*p = el;

	p->job = client_op_int(ev, "job");
	client_op_copy(p->kind, sizeof p->kind, ev, "kind");
	p->effect = client_op_int(ev, "effect");
	client_op_copy(p->state, sizeof p->state, ev, "state");
	p->uncertain = json_is_true(json_object_get(ev, "uncertain"));
	return (0);
}

static int
client_op_compliance_diff_row(json_t *j, void *el)
{
	struct client_op_compliance_diff	*d = el;

	client_op_copy(d->tag, sizeof d->tag, j, "tag");
	client_op_copy(d->kind, sizeof d->kind, j, "kind");
	client_op_copy(d->unit, sizeof d->unit, j, "unit");
	client_op_copy(d->action, sizeof d->action, j, "action");
	client_op_compliance_parse_figure(json_object_get(j, "ours"), &d->ours);
	client_op_compliance_parse_figure(json_object_get(j, "state"),
	    &d->state);
	d->pending = client_op_rows(json_object_get(j, "pending"),
	    &d->npending, sizeof *d->pending, client_op_compliance_pending_row);
	return (0);
}

/* compliance.reconcile's result. */
int
client_op_compliance_parse_recon(json_t *result,
    struct client_op_compliance_recon *rc)
{
	memset(rc, 0, sizeof *rc);
	if (!json_is_object(result))
		return (-1);
	rc->compared = client_op_int(result, "compared");
	rc->nexplained = json_array_size(json_object_get(result, "explained"));
	rc->nheld = json_array_size(json_object_get(result, "held"));
	rc->diffs = client_op_rows(json_object_get(result, "differences"),
	    &rc->ndiffs, sizeof *rc->diffs, client_op_compliance_diff_row);
	return (0);
}

void
client_op_compliance_recon_free(struct client_op_compliance_recon *rc)
{
	u_int	i;

	for (i = 0; i < rc->ndiffs; i++)
		free(rc->diffs[i].pending);
	free(rc->diffs);
	memset(rc, 0, sizeof *rc);
}

static void
client_op_compliance_status_reply(json_t *result,
    const struct client_op_error *err, struct client_op_call *call)
{
	client_op_compliance_status_cb		cb;
	struct client_op_compliance_status	st;

	cb = (client_op_compliance_status_cb)call->cb;
	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	client_op_compliance_parse_status(result, &st);
	cb(err, &st, call->arg);
}

/* compliance.status: the outbox and the integration, in figures. */
json_int_t
client_op_compliance_status(client_op_compliance_status_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "compliance.status" };

	return (client_op_call(&req, client_op_compliance_status_reply,
	    (client_op_fn)cb, arg));
}

static void
client_op_compliance_exceptions_reply(json_t *result,
    const struct client_op_error *err, struct client_op_call *call)
{
	client_op_compliance_exceptions_cb	 cb;
	struct client_op_compliance_exceptions	*ex;

	cb = (client_op_compliance_exceptions_cb)call->cb;
	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	ex = xcalloc(1, sizeof *ex);
	client_op_compliance_parse_exceptions(result, ex);
	cb(err, ex, call->arg);
}

/* compliance.exceptions: the reports the state refused. */
json_int_t
client_op_compliance_exceptions(client_op_compliance_exceptions_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "compliance.exceptions" };

	return (client_op_call(&req, client_op_compliance_exceptions_reply,
	    (client_op_fn)cb, arg));
}

static void
client_op_compliance_recon_reply(json_t *result,
    const struct client_op_error *err, struct client_op_call *call)
{
	client_op_compliance_recon_cb		 cb;
	struct client_op_compliance_recon	*rc;

	cb = (client_op_compliance_recon_cb)call->cb;
	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	rc = xcalloc(1, sizeof *rc);
	if (client_op_compliance_parse_recon(result, rc) != 0) {
		free(rc);
		cb(&client_op_compliance_bad, NULL, call->arg);
		return;
	}
	cb(err, rc, call->arg);
}

/* compliance.reconcile: the state's active packages against ours. */
json_int_t
client_op_compliance_reconcile(client_op_compliance_recon_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "compliance.reconcile" };

	return (client_op_call(&req, client_op_compliance_recon_reply,
	    (client_op_fn)cb, arg));
}

/* compliance.retry {"job":N}: send an exception again. */
json_int_t
client_op_compliance_retry(int64_t job, client_op_done_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "compliance.retry" };

	req.args = json_pack("{s:I}", "job", (json_int_t)job);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}
