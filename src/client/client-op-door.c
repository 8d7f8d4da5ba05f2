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

#include <sys/queue.h>
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "client-op.h"
#include "dev.h"

/*
 * The door station's customer requests: find a customer by ID number,
 * add one from a scanned ID, and ask whether they may buy. The replies
 * keep only what the door shows; nothing here is logged.
 */

static const struct client_op_error client_op_door_bad = {
	"bad-reply", "stashd's answer about the customer could not be read"
};

/* A CUSTOMER as the door shows it. */
void
client_op_door_parse_customer(json_t *cu, struct client_op_door_customer *dc)
{
	json_t	*doc, *card, *v;

	memset(dc, 0, sizeof *dc);
	dc->id = client_op_int(cu, "id");
	client_customer_name(cu, dc->name, sizeof dc->name);
	client_op_copy(dc->type, sizeof dc->type, cu, "type");
	client_op_copy(dc->dob, sizeof dc->dob, cu, "dob");
	doc = json_object_get(cu, "id_doc");
	client_op_copy(dc->id_number, sizeof dc->id_number, doc, "number");
	v = json_object_get(doc, "expires");
	if (json_is_string(v)) {
		dc->has_id_expires = 1;
		strlcpy(dc->id_expires, json_string_value(v),
		    sizeof dc->id_expires);
	}
	card = json_object_get(cu, "card");
	if (json_is_object(card)) {
		dc->has_card = 1;
		v = json_object_get(card, "expires");
		if (json_is_string(v)) {
			dc->has_card_expires = 1;
			strlcpy(dc->card_expires, json_string_value(v),
			    sizeof dc->card_expires);
		}
	}
}

/* customer.get's result: the customer, eligibility, the state's word. */
int
client_op_door_parse_verdict(json_t *result, struct client_op_door_verdict *dv)
{
	json_t	*cu, *elig, *v;

	memset(dv, 0, sizeof *dv);
	cu = json_object_get(result, "customer");
	if (!json_is_object(cu))
		return (-1);
	client_op_door_parse_customer(cu, &dv->customer);
	elig = json_object_get(result, "eligible");
	dv->eligible = json_is_true(json_object_get(elig, "ok"));
	v = json_object_get(elig, "reason");
	if (json_is_string(v)) {
		dv->has_reason = 1;
		strlcpy(dv->reason, json_string_value(v), sizeof dv->reason);
	}
	client_op_patient_state_parse(json_object_get(result, "state"),
	    &dv->state);
	return (0);
}

/* customer.search's result: {"customers":[CUSTOMER...]}. */
int
client_op_door_parse_found(json_t *result, struct client_op_door_found *df)
{
	json_t	*list, *cu;
	size_t	 i;

	memset(df, 0, sizeof *df);
	list = json_object_get(result, "customers");
	if (list != NULL && !json_is_array(list))
		return (-1);
	if (json_array_size(list) == 0)
		return (0);
	df->customers = xcalloc(json_array_size(list), sizeof *df->customers);
	json_array_foreach(list, i, cu)
		client_op_door_parse_customer(cu, &df->customers[df->n++]);
	return (0);
}

void
client_op_door_found_free(struct client_op_door_found *df)
{
	if (df->customers != NULL)
		explicit_bzero(df->customers, df->n * sizeof *df->customers);
	free(df->customers);
	memset(df, 0, sizeof *df);
}

static void
client_op_door_verdict_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_door_verdict_cb	cb;
	struct client_op_door_verdict	dv;

	cb = (client_op_door_verdict_cb)call->cb;
	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_door_parse_verdict(result, &dv) != 0) {
		cb(&client_op_door_bad, NULL, call->arg);
		return;
	}
	cb(err, &dv, call->arg);
	explicit_bzero(&dv, sizeof dv);
}

/* customer.get {"id":N}: the customer and whether they may buy. */
json_int_t
client_op_door_get(int64_t id, client_op_door_verdict_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "customer.get" };

	req.args = json_pack("{s:I}", "id", (json_int_t)id);
	return (client_op_call(&req, client_op_door_verdict_reply,
	    (client_op_fn)cb, arg));
}

static void
client_op_door_found_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_door_found_cb		cb = (client_op_door_found_cb)call->cb;
	struct client_op_door_found	df;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_door_parse_found(result, &df) != 0) {
		cb(&client_op_door_bad, NULL, call->arg);
		return;
	}
	cb(err, &df, call->arg);
	client_op_door_found_free(&df);
}

/* customer.search {"q":".."}: customers matching an ID number. */
json_int_t
client_op_door_search(const char *q, client_op_door_found_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "customer.search" };

	req.args = json_pack("{s:s}", "q", q);
	return (client_op_call(&req, client_op_door_found_reply,
	    (client_op_fn)cb, arg));
}

static void
client_op_door_created_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_door_created_cb	 cb;
	struct client_op_door_customer	 dc;
	json_t				*cu;

	cb = (client_op_door_created_cb)call->cb;
	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	cu = json_object_get(result, "customer");
	if (!json_is_object(cu)) {
		cb(&client_op_door_bad, NULL, call->arg);
		return;
	}
	client_op_door_parse_customer(cu, &dc);
	cb(err, &dc, call->arg);
	explicit_bzero(&dc, sizeof dc);
}

/* "YYYY-MM-DD" of a YYYYMMDD date. */
static char *
client_op_door_date(int d, char *out, size_t len)
{
	snprintf(out, len, "%04d-%02d-%02d", d / 10000, (d / 100) % 100,
	    d % 100);
	return (out);
}

/* customer.create from a scanned ID: adult, or medical with a card. */
json_int_t
client_op_door_create(const struct client_op_door_new *dn,
    client_op_door_created_cb cb, void *arg)
{
	struct client_op_req	 req = { .op = "customer.create" };
	const struct dev_id	*id = dn->id;
	json_t			*args, *doc;
	char			 dob[32], exp[32];

	doc = json_pack("{s:s, s:s, s:s}", "type", strcmp(id->type, "ID") ==
	    0 ? "id" : "dl", "number", id->number, "state", id->state);
	if (id->expiry > 0) {
		json_object_set_new(doc, "expires", json_string(
		    client_op_door_date(id->expiry, exp, sizeof exp)));
	}
	args = json_pack("{s:s, s:s#, s:s#, s:s, s:o, s:b}",
	    "type", dn->medical ? "medical" : "adult",
	    "first", id->given, strnlen(id->given, 40),
	    "last", id->family, strnlen(id->family, 40),
	    "dob", client_op_door_date(id->birth, dob, sizeof dob),
	    "id_doc", doc, "id_scanned", 1);
	if (id->state[0] != '\0')
		json_object_set_new(args, "residence", json_string(id->state));
	if (dn->medical) {
		json_object_set_new(args, "card", json_pack("{s:s, s:s, s:s}",
		    "number", dn->card, "state", id->state, "expires",
		    dn->card_expires));
	}
	req.args = args;
	return (client_op_call(&req, client_op_door_created_reply,
	    (client_op_fn)cb, arg));
}
