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

#include "client.h"

/*
 * The customer attached to the sale being built (none: a walk-in), and for
 * a caregiver the patient they buy for. Like the cart, it lives outside the
 * screens, so it survives a lost connection, an expired session and a new
 * login; logging out (F10) forgets it.
 *
 * What is shown is the server's customer.get: eligibility with its reason
 * and the remaining allowance of each limit pool. The remaining is what is
 * left before the cart: the terminal does not know the net weight or THC
 * of a package, nor the pools' terms, so it cannot count the cart's share
 * exactly and does not guess; sale.commit checks the cart and refuses
 * naming the pool. The data is fetched again after each sale, and when the
 * terminal is connected again.
 *
 * Names, dates of birth and ID numbers are never logged: only customer ids.
 */

struct client_customer	 client_customer;

/* Forget the customer: the next sale is a walk-in. */
void
client_customer_clear(void)
{
	client_forget(&client_customer);
	if (client_customer.info != NULL)
		json_decref(client_customer.info);
	if (client_customer.patient_info != NULL)
		json_decref(client_customer.patient_info);
	free(client_customer.refused);
	memset(&client_customer, 0, sizeof client_customer);
}

static void
client_customer_got(json_t *result, const char *code,
    __unused const char *message, __unused void *arg)
{
	json_t	*cu;

	client_customer.loading = 0;
	ui_screen_dirty();
	if (result == NULL) {
		log_debug("%s: customer %lld: %s", __func__,
		    (long long)client_customer.id, code);
		client_customer.stale = 1;
		return;
	}
	cu = json_object_get(result, "customer");
	if (!json_is_integer(json_object_get(cu, "id")) ||
	    json_integer_value(json_object_get(cu, "id")) !=
	    client_customer.id)
		return;		/* another customer was attached meanwhile */
	if (client_customer.info != NULL)
		json_decref(client_customer.info);
	client_customer.info = json_incref(result);
	client_customer.stale = 0;
}

/* Fetch the attached customer's eligibility and limits again. */
void
client_customer_refresh(void)
{
	json_t	*args;

	if (client_customer.id == 0)
		return;
	client_forget(&client_customer);
	args = json_object();
	json_object_set_new(args, "id", json_integer(client_customer.id));
	if (client_customer.patient != 0) {
		json_object_set_new(args, "patient",
		    json_integer(client_customer.patient));
	}
	client_customer.loading = 1;
	client_request("customer.get", args, client_customer_got,
	    &client_customer);
}

/*
 * Attach customer id (a CUSTOMER object from customer.search), for a
 * caregiver buying for patient (a CUSTOMER, or NULL). Returns -1 if the cart
 * is locked.
 */
int
client_customer_set(json_t *customer, json_t *patient)
{
	json_t	*v;

	if (client_cart_locked())
		return (-1);
	v = json_object_get(customer, "id");
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return (-1);
	client_customer_clear();
	client_customer.id = json_integer_value(v);
	client_customer.info = json_pack("{s:O}", "customer", customer);
	if (patient != NULL) {
		v = json_object_get(patient, "id");
		if (json_is_integer(v))
			client_customer.patient = json_integer_value(v);
		client_customer.patient_info = json_incref(patient);
	}
	client_cart_touch();
	log_info("customer %lld attached%s", (long long)client_customer.id,
	    client_customer.patient != 0 ? " (buying for a patient)" : "");
	client_customer_refresh();
	return (0);
}

/* A sale.commit refusal for this customer (limit, eligibility). */
void
client_customer_refused(const char *message)
{
	free(client_customer.refused);
	client_customer.refused = message != NULL ? xstrdup(message) : NULL;
}

/* Add the customer (and patient) to sale.commit arguments. */
void
client_customer_commit_args(json_t *args)
{
	if (client_customer.id == 0)
		return;
	json_object_set_new(args, "customer",
	    json_integer(client_customer.id));
	if (client_customer.patient != 0) {
		json_object_set_new(args, "patient",
		    json_integer(client_customer.patient));
	}
}

/* The attached customer's CUSTOMER object, or NULL. */
json_t *
client_customer_get(void)
{
	if (client_customer.info == NULL)
		return (NULL);
	return (json_object_get(client_customer.info, "customer"));
}

/* "First Last" of a CUSTOMER. */
char *
client_customer_name(json_t *cu, char *out, size_t len)
{
	const char	*first, *last;

	first = json_string_value(json_object_get(cu, "first"));
	last = json_string_value(json_object_get(cu, "last"));
	snprintf(out, len, "%s%s%s", first != NULL ? first : "",
	    first != NULL && last != NULL ? " " : "", last != NULL ? last : "");
	return (out);
}

/* Age in whole years on the store's today of a "YYYY-MM-DD" date, or -1. */
int
client_customer_age(const char *dob)
{
	char	 now[64];
	int	 by, bm, bd, ty, tm, td, age;

	if (dob == NULL || sscanf(dob, "%4d-%2d-%2d", &by, &bm, &bd) != 3)
		return (-1);
	client_session_time_str(client_session_now(), now, sizeof now);
	if (sscanf(now, "%4d-%2d-%2d", &ty, &tm, &td) != 3)
		return (-1);
	age = ty - by;
	if (tm < bm || (tm == bm && td < bd))
		age--;
	return (age < 0 ? -1 : age);
}

/* An amount of a pool in its unit: "21.000 g", "250 ml", "3 units". */
char *
client_customer_amount(int64_t v, const char *unit, char *out, size_t len)
{
	if (unit != NULL && strcmp(unit, "mg") == 0)
		return (weight_fmt(v, out, len));
	snprintf(out, len, "%lld %s", (long long)v, unit != NULL &&
	    strcmp(unit, "ml") == 0 ? "ml" : (v == 1 ? "unit" : "units"));
	return (out);
}
