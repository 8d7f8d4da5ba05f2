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

#include "client-op.h"
#include "dev.h"

/*
 * The customer ops: customer.get (eligibility, the limit pools and the
 * state registry's word), customer.search and customer.create, for the
 * register and the door alike. The parsers are pure; strings are borrowed
 * from the reply the struct holds (raw). Nothing here is logged.
 */

static const struct client_op_error client_op_customer_bad = {
	"bad-reply", "stashd's answer about the customer could not be read"
};

/* A CUSTOMER object. Returns -1 if it is not an object. */
int
client_op_customer_parse_customer(json_t *cu, struct client_op_customer *c)
{
	json_t	*ids, *v, *doc, *card;
	size_t	 i;

	memset(c, 0, sizeof *c);
	if (!json_is_object(cu))
		return (-1);
	c->raw = json_incref(cu);
	c->id = client_op_int(cu, "id");
	c->first = client_op_str(cu, "first");
	c->last = client_op_str(cu, "last");
	c->type = client_op_str(cu, "type");
	c->phone = client_op_str(cu, "phone");
	c->dob = client_op_str(cu, "dob");
	doc = json_object_get(cu, "id_doc");
	c->id_number = client_op_str(doc, "number");
	c->id_expires = client_op_str(doc, "expires");
	card = json_object_get(cu, "card");
	if (json_is_object(card)) {
		c->has_card = 1;
		c->card_expires = client_op_str(card, "expires");
	}
	c->loyalty = client_op_int(cu, "loyalty");
	ids = json_object_get(cu, "patients");
	json_array_foreach(ids, i, v) {
		if (c->npatients == CLIENT_OP_PATIENTS)
			break;
		c->patients[c->npatients++] = json_integer_value(v);
	}
	return (0);
}

/* A copy of src in dst (which is overwritten, not freed). */
void
client_op_customer_copy(struct client_op_customer *dst,
    const struct client_op_customer *src)
{
	*dst = *src;
	if (dst->raw != NULL)
		json_incref(dst->raw);
}

void
client_op_customer_free(struct client_op_customer *c)
{
	if (c->raw != NULL)
		json_decref(c->raw);
	memset(c, 0, sizeof *c);
}

/*
 * A customer.get result: {"customer":CUSTOMER,"eligible":{"ok":..,
 * "reason":..},"limits":{"pools":[...]}|null}. Returns -1 without a
 * customer.
 */
int
client_op_customer_parse_info(json_t *result,
    struct client_op_customer_info *ci)
{
	struct client_op_pool	*p;
	json_t			*elig, *limits, *pools, *pool;
	size_t			 i, n;

	memset(ci, 0, sizeof *ci);
	ci->eligible = CLIENT_OP_ELIGIBLE_UNKNOWN;
	if (client_op_customer_parse_customer(json_object_get(result,
	    "customer"), &ci->customer) != 0)
		return (-1);
	ci->raw = json_incref(result);
	elig = json_object_get(result, "eligible");
	if (json_is_object(elig)) {
		ci->eligible = json_is_true(json_object_get(elig, "ok"));
		ci->reason = client_op_str(elig, "reason");
	}
	limits = json_object_get(result, "limits");
	pools = json_object_get(limits, "pools");
	if (json_is_null(limits))
		ci->limits = CLIENT_OP_LIMITS_OFF;
	else if (json_is_array(pools)) {
		ci->limits = CLIENT_OP_LIMITS_POOLS;
		n = json_array_size(pools);
		if (n != 0)
			ci->pools = xcalloc(n, sizeof *ci->pools);
		json_array_foreach(pools, i, pool) {
			p = &ci->pools[ci->npools++];
			p->name = client_op_str(pool, "name");
			p->unit = client_op_str(pool, "unit");
			p->window = client_op_str(pool, "window");
			p->remaining = client_op_int(pool, "remaining");
			p->cap = client_op_int(pool, "cap");
		}
	}
	client_op_patient_state_parse(json_object_get(result, "state"),
	    &ci->state);
	return (0);
}

void
client_op_customer_info_free(struct client_op_customer_info *ci)
{
	client_op_customer_free(&ci->customer);
	free(ci->pools);
	if (ci->raw != NULL)
		json_decref(ci->raw);
	memset(ci, 0, sizeof *ci);
	ci->eligible = CLIENT_OP_ELIGIBLE_UNKNOWN;
}

/* Move src into dst (which is freed first); src is left empty. */
void
client_op_customer_info_move(struct client_op_customer_info *dst,
    struct client_op_customer_info *src)
{
	client_op_customer_info_free(dst);
	*dst = *src;
	memset(src, 0, sizeof *src);
	src->eligible = CLIENT_OP_ELIGIBLE_UNKNOWN;
}

/* A customer.search result: {"customers":[CUSTOMER...]}. */
int
client_op_customer_parse_list(json_t *result,
    struct client_op_customer_list *l)
{
	json_t	*list, *cu;
	size_t	 i, n;

	memset(l, 0, sizeof *l);
	list = json_object_get(result, "customers");
	if (!json_is_array(list))
		return (-1);
	n = json_array_size(list);
	if (n != 0)
		l->list = xcalloc(n, sizeof *l->list);
	json_array_foreach(list, i, cu) {
		if (client_op_customer_parse_customer(cu,
		    &l->list[l->n]) == 0)
			l->n++;
	}
	return (0);
}

void
client_op_customer_list_free(struct client_op_customer_list *l)
{
	u_int	i;

	for (i = 0; i < l->n; i++)
		client_op_customer_free(&l->list[i]);
	free(l->list);
	memset(l, 0, sizeof *l);
}

/* "First Last" of a customer. */
char *
client_op_customer_name(const struct client_op_customer *c, char *out,
    size_t len)
{
	snprintf(out, len, "%s%s%s", c->first != NULL ? c->first : "",
	    c->first != NULL && c->last != NULL ? " " : "",
	    c->last != NULL ? c->last : "");
	return (out);
}

static void
client_op_customer_got(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_customer_cb		 cb = (client_op_customer_cb)call->cb;
	struct client_op_customer_info	 ci;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_customer_parse_info(result, &ci) != 0) {
		cb(&client_op_customer_bad, NULL, call->arg);
		return;
	}
	cb(err, &ci, call->arg);
	client_op_customer_info_free(&ci);
}

/* Customer id (for patient, or 0): who, eligibility, the pools left. */
json_int_t
client_op_customer_get(int64_t id, int64_t patient, client_op_customer_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "customer.get" };

	req.args = json_object();
	json_object_set_new(req.args, "id", json_integer(id));
	if (patient != 0)
		json_object_set_new(req.args, "patient", json_integer(patient));
	return (client_op_call(&req, client_op_customer_got, (client_op_fn)cb,
	    arg));
}

static void
client_op_customer_found(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_customer_list_cb	 cb;
	struct client_op_customer_list	 l;

	cb = (client_op_customer_list_cb)call->cb;
	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	(void)client_op_customer_parse_list(result, &l);	/* none: empty */
	cb(err, &l, call->arg);
	client_op_customer_list_free(&l);
}

/* Search customers by name, phone, ID or card number. */
json_int_t
client_op_customer_search(const char *q, client_op_customer_list_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "customer.search" };

	req.args = json_pack("{s:s}", "q", q);
	return (client_op_call(&req, client_op_customer_found,
	    (client_op_fn)cb, arg));
}

/* "YYYY-MM-DD" of a YYYYMMDD date. */
static char *
client_op_customer_date(int d, char *out, size_t len)
{
	snprintf(out, len, "%04d-%02d-%02d", d / 10000, (d / 100) % 100,
	    d % 100);
	return (out);
}

/*
 * customer.create from a scanned ID, or from its details typed when the
 * scanner failed (the staff member's id.type, and the reason, which
 * stashd audits with "dob=typed"): adult, or medical with a card. The
 * callback gets the new customer (eligibility unknown: ask customer.get).
 */
json_int_t
client_op_customer_create(const struct client_op_customer_new *cn,
    client_op_customer_cb cb, void *arg)
{
	struct client_op_req	 req = { .op = "customer.create" };
	const struct dev_id	*id = cn->id;
	json_t			*args, *doc;
	const char		*state;
	char			 dob[32], exp[32];

	if (id == NULL) {
		state = cn->id_state != NULL ? cn->id_state : "";
		doc = json_pack("{s:s, s:s, s:s, s:s}", "type", "dl",
		    "number", cn->id_number, "state", state, "expires",
		    cn->id_expires);
		args = json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:s}",
		    "type", cn->medical ? "medical" : "adult",
		    "first", cn->first, "last", cn->last, "dob", cn->dob,
		    "id_doc", doc, "id_scanned", 0, "reason", cn->reason);
	} else {
		state = id->state;
		doc = json_pack("{s:s, s:s, s:s}", "type", strcmp(id->type,
		    "ID") == 0 ? "id" : "dl", "number", id->number, "state",
		    id->state);
		if (id->expiry > 0) {
			json_object_set_new(doc, "expires", json_string(
			    client_op_customer_date(id->expiry, exp,
			    sizeof exp)));
		}
		args = json_pack("{s:s, s:s#, s:s#, s:s, s:o, s:b}",
		    "type", cn->medical ? "medical" : "adult",
		    "first", id->given, strnlen(id->given, 40),
		    "last", id->family, strnlen(id->family, 40),
		    "dob", client_op_customer_date(id->birth, dob, sizeof dob),
		    "id_doc", doc, "id_scanned", 1);
	}
	if (args == NULL)
		fatalx("%s: json_pack failed", __func__);
	if (state[0] != '\0')
		json_object_set_new(args, "residence", json_string(state));
	if (cn->medical) {
		json_object_set_new(args, "card", json_pack("{s:s, s:s, s:s}",
		    "number", cn->card, "state", state, "expires",
		    cn->card_expires));
	}
	req.args = args;
	return (client_op_call(&req, client_op_customer_got, (client_op_fn)cb,
	    arg));
}
