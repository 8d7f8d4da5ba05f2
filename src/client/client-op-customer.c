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

/*
 * The customer ops: customer.get (eligibility and the limit pools) and
 * customer.search. The parsers are pure; strings are borrowed from the
 * reply the struct holds (raw).
 */

/* A CUSTOMER object. Returns -1 if it is not an object. */
int
client_op_customer_parse_customer(json_t *cu, struct client_op_customer *c)
{
	json_t	*ids, *v;
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
	c->id_number = client_op_str(json_object_get(cu, "id_doc"), "number");
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
client_op_customer_got(json_t *result, const char *code, const char *message,
    void *arg)
{
	struct client_op_call		*call = arg;
	struct client_op_customer_info	 ci;
	struct client_op_error		 err;

	client_op_error_set(&err, code, message);
	if (result == NULL ||
	    client_op_customer_parse_info(result, &ci) != 0) {
		((client_op_customer_cb)call->cb)(NULL, &err, call->arg);
		return;
	}
	((client_op_customer_cb)call->cb)(&ci, &err, call->arg);
	client_op_customer_info_free(&ci);
}

/* Customer id (for patient, or 0): who, eligibility, the pools left. */
json_int_t
client_op_customer_get(int64_t id, int64_t patient, client_op_customer_cb cb,
    void *arg)
{
	json_t	*args;

	args = json_object();
	json_object_set_new(args, "id", json_integer(id));
	if (patient != 0)
		json_object_set_new(args, "patient", json_integer(patient));
	return (client_op_call("customer.get", args, NULL,
	    client_op_customer_got, (void (*)(void))cb, arg));
}

static void
client_op_customer_found(json_t *result, const char *code,
    const char *message, void *arg)
{
	struct client_op_call		*call = arg;
	struct client_op_customer_list	 l;
	struct client_op_error		 err;

	client_op_error_set(&err, code, message);
	if (result == NULL) {
		((client_op_customer_list_cb)call->cb)(NULL, &err, call->arg);
		return;
	}
	client_op_customer_parse_list(result, &l);
	((client_op_customer_list_cb)call->cb)(&l, &err, call->arg);
	client_op_customer_list_free(&l);
}

/* Search customers by name, phone, ID or card number. */
json_int_t
client_op_customer_search(const char *q, client_op_customer_list_cb cb,
    void *arg)
{
	return (client_op_call("customer.search", json_pack("{s:s}", "q", q),
	    NULL, client_op_customer_found, (void (*)(void))cb, arg));
}
