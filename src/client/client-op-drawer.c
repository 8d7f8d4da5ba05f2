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
 * The cash drawer: drawer.open, .drop, .close, .report (the X report) and
 * report.z, the day's Z report.
 */

static const struct client_op_error client_op_drawer_bad = {
	"bad-reply", "stashd's drawer figures could not be read"
};

/* A DRAWER object; -1 if it is not one. */
int
client_op_drawer_parse(json_t *d, struct client_op_drawer *dr)
{
	json_t	*r;

	memset(dr, 0, sizeof *dr);
	if (!json_is_object(d))
		return (-1);
	dr->id = client_op_int(d, "id");
	client_op_copy(dr->status, sizeof dr->status, d, "status");
	client_op_copy(dr->terminal, sizeof dr->terminal, d, "terminal");
	dr->opened = client_op_int(d, "opened");
	dr->closed = client_op_int(d, "closed");
	dr->float_cash = client_op_int(d, "float");
	dr->cash = client_op_int(d, "cash");
	dr->drops = client_op_int(d, "drops");
	dr->expected = client_op_int(d, "expected");
	dr->counted = client_op_int(d, "counted");
	dr->over_short = client_op_int(d, "over_short");
	dr->sales = client_op_int(d, "sales");
	dr->total = client_op_int(d, "total");
	dr->card = client_op_int(d, "card");
	dr->voids = client_op_int(d, "voids");
	dr->voided = client_op_int(d, "voided");
	r = json_object_get(d, "refunds");
	dr->refunds_count = client_op_int(r, "count");
	dr->refunds_cash = client_op_int(r, "cash");
	dr->refunds_card = client_op_int(r, "card");
	dr->opened_by = client_op_int(d, "opened_by");
	client_op_copy(dr->staff, sizeof dr->staff, d, "staff");
	return (0);
}

static int
client_op_drawer_row(json_t *d, void *el)
{
	return (client_op_drawer_parse(d, el));
}

static int
client_op_drawer_move_row(json_t *d, void *el)
{
	struct client_op_z_move	*m = el;

	client_op_copy(m->kind, sizeof m->kind, d, "kind");
	m->sale = client_op_int(d, "sale");
	client_op_copy(m->terminal, sizeof m->terminal, d, "terminal");
	m->amount = client_op_int(d, "amount");
	m->drawer = client_op_int(d, "drawer");
	client_op_copy(m->why, sizeof m->why, d, "why");
	return (0);
}

static void
client_op_drawer_parse_totals(const char *name, json_t *r,
    struct client_op_z_totals *t)
{
	memset(t, 0, sizeof *t);
	strlcpy(t->name, name, sizeof t->name);
	t->sales = client_op_int(r, "sales");
	t->total = client_op_int(r, "total");
	t->cash = client_op_int(r, "cash");
	t->card = client_op_int(r, "card");
	t->voids = client_op_int(r, "voids");
	t->voided = client_op_int(r, "voided");
	t->refunds = client_op_int(r, "refunds");
	t->refunds_cash = client_op_int(r, "refunds_cash");
	t->refunds_card = client_op_int(r, "refunds_card");
}

/* report.z's result: registers, the store, and the drawers closed. */
int
client_op_drawer_parse_z(json_t *result, struct client_op_z_report *z)
{
	json_t		*regs, *r, *cash;
	const char	*name;

	memset(z, 0, sizeof *z);
	if (!json_is_object(result))
		return (-1);
	client_op_copy(z->date, sizeof z->date, result, "date");
	regs = json_object_get(result, "registers");
	if (json_object_size(regs) != 0) {
		z->registers = xcalloc(json_object_size(regs),
		    sizeof *z->registers);
		json_object_foreach(regs, name, r) {
			client_op_drawer_parse_totals(name, r,
			    &z->registers[z->nregisters++]);
		}
	}
	client_op_drawer_parse_totals("STORE", json_object_get(result, "store"),
	    &z->store);
	z->drawers = client_op_rows(json_object_get(result, "drawers"),
	    &z->ndrawers, sizeof *z->drawers, client_op_drawer_row);
	cash = json_object_get(result, "cash");
	z->ties_out = json_is_true(json_object_get(cash, "ties_out"));
	z->cash_day = client_op_int(cash, "day");
	z->cash_drawers = client_op_int(cash, "drawers");
	z->difference = client_op_int(cash, "difference");
	z->outside = client_op_int(cash, "outside");
	z->moves = client_op_rows(json_object_get(cash, "moves"), &z->nmoves,
	    sizeof *z->moves, client_op_drawer_move_row);
	return (0);
}

void
client_op_drawer_z_free(struct client_op_z_report *z)
{
	free(z->registers);
	free(z->drawers);
	free(z->moves);
	memset(z, 0, sizeof *z);
}

static void
client_op_drawer_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_drawer_cb	cb = (client_op_drawer_cb)call->cb;
	struct client_op_drawer	dr;

	if (err->code != NULL ||
	    client_op_drawer_parse(json_object_get(result, "drawer"), &dr) != 0)
		cb(err, NULL, call->arg);
	else
		cb(err, &dr, call->arg);
}

static json_int_t
client_op_drawer_send(const char *op, json_t *args, client_op_drawer_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = op, .args = args };

	return (client_op_call(&req, client_op_drawer_reply, (client_op_fn)cb,
	    arg));
}

/* drawer.report: the open drawer's figures so far (not-found: none). */
json_int_t
client_op_drawer_report(client_op_drawer_cb cb, void *arg)
{
	return (client_op_drawer_send("drawer.report", NULL, cb, arg));
}

/* drawer.open {"float":N}: the counted float, cents. */
json_int_t
client_op_drawer_open(int64_t float_cash, client_op_drawer_cb cb, void *arg)
{
	return (client_op_drawer_send("drawer.open", json_pack("{s:I}",
	    "float", (json_int_t)float_cash), cb, arg));
}

/* drawer.drop {"amount":N,"note":".."}: cash to the safe. */
json_int_t
client_op_drawer_drop(int64_t amount, const char *note,
    client_op_drawer_cb cb, void *arg)
{
	json_t	*args;

	args = json_pack("{s:I}", "amount", (json_int_t)amount);
	if (note != NULL && *note != '\0')	/* none: no note */
		json_object_set_new(args, "note", json_string(note));
	return (client_op_drawer_send("drawer.drop", args, cb, arg));
}

/* drawer.close {"counted":N}. */
json_int_t
client_op_drawer_close(int64_t counted, client_op_drawer_cb cb, void *arg)
{
	return (client_op_drawer_send("drawer.close", json_pack("{s:I}",
	    "counted", (json_int_t)counted), cb, arg));
}

static void
client_op_drawer_z_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_z_cb			cb = (client_op_z_cb)call->cb;
	struct client_op_z_report	z;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_drawer_parse_z(result, &z) != 0) {
		cb(&client_op_drawer_bad, NULL, call->arg);
		return;
	}
	cb(err, &z, call->arg);
	client_op_drawer_z_free(&z);
}

/* report.z {"date":"YYYY-MM-DD"}. */
json_int_t
client_op_drawer_z(const char *date, client_op_z_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "report.z" };

	req.args = json_pack("{s:s}", "date", date);
	return (client_op_call(&req, client_op_drawer_z_reply,
	    (client_op_fn)cb, arg));
}

static void
client_op_drawer_list_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_drawers_cb	 cb = (client_op_drawers_cb)call->cb;
	struct client_op_drawer	*list;
	json_t			*a;
	u_int			 n = 0;

	if (err->code != NULL) {
		cb(err, NULL, 0, call->arg);
		return;
	}
	a = json_object_get(result, "drawers");
	if (!json_is_array(a)) {
		cb(&client_op_drawer_bad, NULL, 0, call->arg);
		return;
	}
	list = client_op_rows(a, &n, sizeof *list, client_op_drawer_row);
	cb(err, list, n, call->arg);
	free(list);
}

/* drawer.list: every open drawer of the store, for the dashboard. */
json_int_t
client_op_drawer_list(client_op_drawers_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "drawer.list" };

	req.args = json_object();
	return (client_op_call(&req, client_op_drawer_list_reply,
	    (client_op_fn)cb, arg));
}
