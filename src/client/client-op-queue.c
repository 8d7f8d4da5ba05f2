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
 * The door queue: queue.list, queue.add, queue.call, queue.remove, and the
 * waiting list a screen keeps up to date from queue events.
 */

static const struct client_op_error client_op_queue_bad = {
	"bad-reply", "stashd's answer about the queue could not be read"
};

/* queue.list's result: {"waiting":[ENTRY...]}. */
int
client_op_queue_parse_list(json_t *result, struct client_op_queue_list *ql)
{
	struct client_op_queue_entry	 qe;
	json_t				*w, *e;
	size_t				 i;

	memset(ql, 0, sizeof *ql);
	w = json_object_get(result, "waiting");
	if (!json_is_array(w))
		return (-1);
	json_array_foreach(w, i, e) {
		if (client_op_queue_parse_entry(e, &qe) == 0)
			client_op_queue_list_add(ql, &qe);
	}
	return (0);
}

void
client_op_queue_list_free(struct client_op_queue_list *ql)
{
	free(ql->entries);
	memset(ql, 0, sizeof *ql);
}

/* The index of a ticket in the list, or -1. */
int
client_op_queue_list_find(const struct client_op_queue_list *ql,
    int64_t ticket)
{
	u_int	i;

	for (i = 0; i < ql->n; i++) {
		if (ql->entries[i].ticket == ticket)
			return ((int)i);
	}
	return (-1);
}

void
client_op_queue_list_add(struct client_op_queue_list *ql,
    const struct client_op_queue_entry *qe)
{
	ql->entries = xreallocarray(ql->entries, ql->n + 1,
	    sizeof *ql->entries);
	ql->entries[ql->n++] = *qe;
}

void
client_op_queue_list_remove(struct client_op_queue_list *ql, u_int i)
{
	if (i >= ql->n)
		return;
	memmove(&ql->entries[i], &ql->entries[i + 1],
	    (ql->n - i - 1) * sizeof *ql->entries);
	ql->n--;
}

static void
client_op_queue_list_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_queue_list_cb		cb = (client_op_queue_list_cb)call->cb;
	struct client_op_queue_list	ql;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_queue_parse_list(result, &ql) != 0) {
		cb(&client_op_queue_bad, NULL, call->arg);
		return;
	}
	cb(err, &ql, call->arg);
	client_op_queue_list_free(&ql);
}

/* queue.list: who is waiting, oldest first. */
json_int_t
client_op_queue_list(client_op_queue_list_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "queue.list" };

	return (client_op_call(&req, client_op_queue_list_reply,
	    (client_op_fn)cb, arg));
}

static void
client_op_queue_entry_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_queue_entry_cb	cb = (client_op_queue_entry_cb)call->cb;
	struct client_op_queue_entry	qe;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_queue_parse_entry(json_object_get(result, "entry"),
	    &qe) != 0) {
		cb(&client_op_queue_bad, NULL, call->arg);
		return;
	}
	cb(err, &qe, call->arg);
}

/* queue.add {"customer":N}: check a customer in at the door. */
json_int_t
client_op_queue_add(int64_t customer, client_op_queue_entry_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "queue.add" };

	req.args = json_pack("{s:I}", "customer", (json_int_t)customer);
	return (client_op_call(&req, client_op_queue_entry_reply,
	    (client_op_fn)cb, arg));
}

static void
client_op_queue_called_reply(json_t *result,
    const struct client_op_error *err, struct client_op_call *call)
{
	client_op_queue_called_cb	 cb;
	struct client_op_queue_called	 qc;
	json_t				*cu;

	cb = (client_op_queue_called_cb)call->cb;
	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	memset(&qc, 0, sizeof qc);
	if (client_op_queue_parse_entry(json_object_get(result, "entry"),
	    &qc.entry) != 0) {
		cb(&client_op_queue_bad, NULL, call->arg);
		return;
	}
	cu = json_object_get(result, "customer");
	if (json_is_object(cu))
		client_op_customer_parse_customer(cu, &qc.customer);
	cb(err, &qc, call->arg);
	client_op_customer_free(&qc.customer);
}

/* queue.call {"ticket":N} (0: the one waiting longest) to this register. */
json_int_t
client_op_queue_call(int64_t ticket, client_op_queue_called_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "queue.call" };

	if (ticket != 0)
		req.args = json_pack("{s:I}", "ticket", (json_int_t)ticket);
	return (client_op_call(&req, client_op_queue_called_reply,
	    (client_op_fn)cb, arg));
}

/* queue.remove {"ticket":N}: they left. */
json_int_t
client_op_queue_remove(int64_t ticket, client_op_done_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "queue.remove" };

	req.args = json_pack("{s:I}", "ticket", (json_int_t)ticket);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}
