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

#include "stash.h"
#include "store.h"
#include "trip.h"

/*
 * Delivery vehicles, drivers and trips. A vehicle is known by its plate
 * and carries its packages in the location "vehicle:PLATE". A driver is
 * a staff member with the driver role, a driver's licence number and the
 * employee ID the state's ledger names.
 */

static int
trip_text_ok(const char *s, size_t max)
{
	size_t	n = strlen(s);

	return (n > 0 && n <= max && util_printable(s, n));
}

/* The location a vehicle's load is in: "vehicle:PLATE". */
int
trip_vehicle_location(const char *plate, char *out, size_t len)
{
	if ((size_t)snprintf(out, len, "vehicle:%s", plate) >= len)
		return (-1);
	return (0);
}

/*
 * Add a vehicle (or bring a removed one back with new details). The plate
 * is 1 to 12 capitals and digits (it names the location), the VIN 17
 * characters without I, O or Q.
 */
enum order_err
trip_vehicle_add(struct store_txn *t, const struct vehicle *v, uint32_t staff,
    const char *terminal, char **cause)
{
	struct vehicle	 old, nv;
	size_t		 i;
	int		 r;
	char		 subj[40];

	nv = *v;
	for (i = 0; nv.plate[i] != '\0'; i++) {
		if (!((nv.plate[i] >= 'A' && nv.plate[i] <= 'Z') ||
		    (nv.plate[i] >= '0' && nv.plate[i] <= '9')))
			break;
	}
	if (i == 0 || nv.plate[i] != '\0' || i > VEHICLE_PLATE_MAX) {
		xasprintf(cause, "the plate is 1 to %d capital letters and "
		    "digits, no spaces", VEHICLE_PLATE_MAX);
		return (ORDER_E_INVALID);
	}
	if (!trip_text_ok(nv.make, VEHICLE_TEXT_MAX) ||
	    !trip_text_ok(nv.model, VEHICLE_TEXT_MAX) ||
	    !trip_text_ok(nv.colour, VEHICLE_TEXT_MAX)) {
		xasprintf(cause, "make, model and colour are each 1 to %d "
		    "printable characters", VEHICLE_TEXT_MAX);
		return (ORDER_E_INVALID);
	}
	for (i = 0; nv.vin[i] != '\0'; i++) {
		if (!((nv.vin[i] >= 'A' && nv.vin[i] <= 'Z') ||
		    (nv.vin[i] >= '0' && nv.vin[i] <= '9')) ||
		    nv.vin[i] == 'I' || nv.vin[i] == 'O' || nv.vin[i] == 'Q')
			break;
	}
	if (i != VEHICLE_VIN_LEN || nv.vin[i] != '\0') {
		xasprintf(cause, "the VIN is %d capital letters and digits "
		    "(never I, O or Q)", VEHICLE_VIN_LEN);
		return (ORDER_E_INVALID);
	}
	r = store_vehicle_get(t, nv.plate, &old);
	if (r == 0 && old.active) {
		xasprintf(cause, "vehicle %s is already known (remove it "
		    "first to change it)", nv.plate);
		return (ORDER_E_CONFLICT);
	}
	if (r != 0 && r != STORE_NOTFOUND)
		return (order_store_err(t, cause));
	nv.active = 1;
	nv.created = util_now();
	store_vehicle_put(t, &nv);
	snprintf(subj, sizeof subj, "vehicle %s", nv.plate);
	audit_append(t, staff, 0, terminal, "vehicle.add", subj,
	    "make=%s model=%s colour=%s vin=%s gps=%d camera=%d", nv.make,
	    nv.model, nv.colour, nv.vin, nv.gps, nv.camera);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* Remove a vehicle: kept for its old trips, offered for none. */
enum order_err
trip_vehicle_remove(struct store_txn *t, const char *plate, uint32_t staff,
    const char *terminal, char **cause)
{
	struct vehicle	v;
	char		subj[40];
	int		r;

	if ((r = store_vehicle_get(t, plate, &v)) == STORE_NOTFOUND ||
	    (r == 0 && !v.active)) {
		xasprintf(cause, "no vehicle %s", plate);
		return (ORDER_E_NOTFOUND);
	}
	if (r != 0)
		return (order_store_err(t, cause));
	v.active = 0;
	store_vehicle_put(t, &v);
	snprintf(subj, sizeof subj, "vehicle %s", plate);
	audit_append(t, staff, 0, terminal, "vehicle.remove", subj, "%s",
	    "removed");
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/*
 * A driver's details on a staff member with the driver role: licence
 * number, employee ID and date of birth (YYYYMMDD: the rule files' age
 * for the crew). The audit names the fields changed, never their values.
 */
enum order_err
trip_driver_set(struct store_txn *t, uint32_t id, const char *licence,
    const char *employee, int born, uint32_t staff, const char *terminal,
    struct staff *s, char **cause)
{
	char	subj[32];
	int	r;

	if ((r = store_staff_get(t, id, s)) == STORE_NOTFOUND) {
		xasprintf(cause, "no staff member %u", id);
		return (ORDER_E_NOTFOUND);
	}
	if (r != 0)
		return (order_store_err(t, cause));
	if (s->role != ROLE_DRIVER) {
		xasprintf(cause, "staff %u is %s: only a driver has driver's "
		    "details (stashctl staff role %u driver)", id,
		    perm_role_name(s->role), id);
		return (ORDER_E_CONFLICT);
	}
	if ((licence != NULL && !trip_text_ok(licence, sizeof s->licence -
	    1)) || (employee != NULL && !trip_text_ok(employee,
	    sizeof s->employee - 1))) {
		xasprintf(cause, "the licence number and employee ID are 1 to "
		    "%zu printable characters", sizeof s->licence - 1);
		return (ORDER_E_INVALID);
	}
	if (born != 0 && (born < 19000101 || born > 99991231)) {
		xasprintf(cause, "the date of birth is YYYY-MM-DD");
		return (ORDER_E_INVALID);
	}
	if (licence != NULL)
		strlcpy(s->licence, licence, sizeof s->licence);
	if (employee != NULL)
		strlcpy(s->employee, employee, sizeof s->employee);
	if (born != 0)
		s->born = born;
	store_staff_put(t, s);
	snprintf(subj, sizeof subj, "staff %u", id);
	audit_append(t, staff, 0, terminal, "staff.driver", subj,
	    "set=%s%s%s", licence != NULL ? "licence," : "",
	    employee != NULL ? "employee," : "", born != 0 ? "born" : "");
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}
