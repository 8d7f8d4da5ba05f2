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
 *
 * The cart (client-cart.c) asks this module who the sale is for; this
 * module never calls into the cart. Whoever attaches or drops a customer
 * (the register) checks the cart is not locked and tells it.
 */

struct client_customer	 client_customer;

/* Forget the customer: the next sale is a walk-in. */
void
client_customer_clear(void)
{
	client_forget(&client_customer);
	if (client_customer.info != NULL) {
		client_op_customer_info_free(client_customer.info);
		free(client_customer.info);
	}
	if (client_customer.patient_info != NULL) {
		client_op_customer_free(client_customer.patient_info);
		free(client_customer.patient_info);
	}
	free(client_customer.refused);
	memset(&client_customer, 0, sizeof client_customer);
}

static void
client_customer_got(const struct client_op_error *err,
    struct client_op_customer_info *ci, __unused void *arg)
{
	client_customer.loading = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		log_debug("%s: customer %lld: %s", __func__,
		    (long long)client_customer.id, err->code);
		client_customer.stale = 1;
		return;
	}
	if (ci == NULL || ci->customer.id != client_customer.id)
		return;		/* another customer was attached meanwhile */
	if (client_customer.info != NULL)
		client_op_customer_info_free(client_customer.info);
	else
		client_customer.info = xcalloc(1, sizeof *client_customer.info);
	/* Keep it: the reply's strings live as long as its raw. */
	*client_customer.info = *ci;
	memset(ci, 0, sizeof *ci);
	client_customer.stale = 0;
}

/* Fetch the attached customer's eligibility and limits again. */
void
client_customer_refresh(void)
{
	if (client_customer.id == 0)
		return;
	client_forget(&client_customer);
	client_customer.loading = 1;
	client_op_customer_get(client_customer.id, client_customer.patient,
	    client_customer_got, &client_customer);
}

/*
 * Attach customer (from customer.search), for a caregiver buying for
 * patient (or NULL). The caller has checked the cart is not locked, and
 * tells it the customer changed. Returns -1 for a customer without an id.
 */
int
client_customer_set(const struct client_op_customer *customer,
    const struct client_op_customer *patient)
{
	if (customer->id <= 0)
		return (-1);
	client_customer_clear();
	client_customer.id = customer->id;
	client_customer.info = xcalloc(1, sizeof *client_customer.info);
	client_customer.info->eligible = CLIENT_OP_ELIGIBLE_UNKNOWN;
	client_op_customer_copy(&client_customer.info->customer, customer);
	if (patient != NULL) {
		client_customer.patient = patient->id;
		client_customer.patient_info = xcalloc(1,
		    sizeof *client_customer.patient_info);
		client_op_customer_copy(client_customer.patient_info, patient);
	}
	log_info("customer %lld attached%s", (long long)client_customer.id,
	    client_customer.patient != 0 ? " (buying for a patient)" : "");
	client_customer_refresh();
	return (0);
}

/* A sale.commit refusal for this customer (limit, eligibility). */
void
client_customer_refused(const char *message)
{
	char	buf[512];

	free(client_customer.refused);
	client_customer.refused = message != NULL ? xstrdup(
	    client_op_staff_message("", message, buf, sizeof buf)) : NULL;
}

/* Who sale.quote and sale.commit are for: the customer and patient. */
void
client_customer_commit_args(struct client_op_sale_req *req)
{
	req->customer = client_customer.id;
	req->patient = client_customer.id != 0 ? client_customer.patient : 0;
}

/* The attached customer, or NULL. */
const struct client_op_customer *
client_customer_get(void)
{
	if (client_customer.info == NULL)
		return (NULL);
	return (&client_customer.info->customer);
}

/* The attached customer's loyalty points, or 0. */
int64_t
client_customer_loyalty(void)
{
	if (client_customer.info == NULL)
		return (0);
	return (client_customer.info->customer.loyalty);
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
