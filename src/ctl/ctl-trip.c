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

#include "ctl.h"
#include "trip.h"

/*
 * Vehicles, drivers and trips from the shell, through trip.c's domain
 * functions: each write one transaction with its audit record, as
 * stashctl's.
 */

struct ctl_vehicle {
	struct vehicle	 v;
	const char	*plate;
	uint32_t	 id;
	const char	*licence, *employee;
	int		 born;
	struct staff	 s;
};

static int
ctl_vehicle_add_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_vehicle	*cv = arg;

	return (trip_vehicle_add(t, &cv->v, 0, CTL_AUDIT_WHO, cause) ==
	    ORDER_OK ? 0 : -1);
}

static int
ctl_vehicle_opt(struct ctl_args *args, const char *name, char *out,
    size_t len)
{
	const char	*s;

	if ((s = stashctl_opt(args, name)) == NULL || *s == '\0') {
		stashctl_error("vehicle add: give --%s", name);
		return (-1);
	}
	if (strlcpy(out, s, len) >= len) {
		stashctl_error("--%s: at most %zu characters", name, len - 1);
		return (-1);
	}
	return (0);
}

/* vehicle add PLATE --make M --model M --colour C --vin V [--gps] ... */
int
ctl_vehicle_add(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_vehicle	*cv;
	int			 r = -1;

	cv = xcalloc(1, sizeof *cv);
	if (strlcpy(cv->v.plate, args->argv[0], sizeof cv->v.plate) >=
	    sizeof cv->v.plate) {
		stashctl_error("the plate is at most %d characters",
		    VEHICLE_PLATE_MAX);
		goto out;
	}
	if (ctl_vehicle_opt(args, "make", cv->v.make, sizeof cv->v.make) ||
	    ctl_vehicle_opt(args, "model", cv->v.model, sizeof cv->v.model) ||
	    ctl_vehicle_opt(args, "colour", cv->v.colour,
	    sizeof cv->v.colour) ||
	    ctl_vehicle_opt(args, "vin", cv->v.vin, sizeof cv->v.vin))
		goto out;
	cv->v.gps = stashctl_flag(args, "gps");
	cv->v.camera = stashctl_flag(args, "camera");
	if (stashctl_write(ctl, ctl_vehicle_add_cb, cv) != 0)
		goto out;
	printf("vehicle %s added: its load is in location vehicle:%s\n",
	    cv->v.plate, cv->v.plate);
	r = 0;
out:
	free(cv);
	return (r);
}

static int
ctl_vehicle_remove_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_vehicle	*cv = arg;

	return (trip_vehicle_remove(t, cv->plate, 0, CTL_AUDIT_WHO, cause) ==
	    ORDER_OK ? 0 : -1);
}

int
ctl_vehicle_remove(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_vehicle	cv;

	memset(&cv, 0, sizeof cv);
	cv.plate = args->argv[0];
	if (stashctl_write(ctl, ctl_vehicle_remove_cb, &cv) != 0)
		return (-1);
	printf("vehicle %s removed\n", cv.plate);
	return (0);
}

static int
ctl_vehicle_list_cb(const struct vehicle *v, void *arg)
{
	struct ctl	*ctl = arg;

	if (!v->active)
		return (0);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, "
		    "s:b}", "plate", v->plate, "make", v->make, "model",
		    v->model, "colour", v->colour, "vin", v->vin, "gps",
		    v->gps, "camera", v->camera));
	else
		printf("%-12s %-12s %-14s %-10s %s%s%s\n", v->plate, v->make,
		    v->model, v->colour, v->vin, v->gps ? " gps" : "",
		    v->camera ? " camera" : "");
	return (0);
}

int
ctl_vehicle_list(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	t;
	int			r;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	r = store_vehicle_walk(&t, ctl_vehicle_list_cb, ctl);
	store_abort(&t);
	return (r);
}

static int
ctl_staff_driver_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_vehicle	*cv = arg;

	return (trip_driver_set(t, cv->id, cv->licence, cv->employee,
	    cv->born, 0, CTL_AUDIT_WHO, &cv->s, cause) == ORDER_OK ? 0 : -1);
}

/* staff driver ID [--licence N] [--employee ID] [--born YYYY-MM-DD] */
int
ctl_staff_driver(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_vehicle	 cv;
	const char		*errstr, *born;
	char			 c[48];

	memset(&cv, 0, sizeof cv);
	cv.id = (uint32_t)util_strtonum(args->argv[0], 1, UINT32_MAX,
	    &errstr);
	if (errstr != NULL) {
		stashctl_error("%s is not a staff number",
		    stashctl_clean(args->argv[0], c, sizeof c));
		return (-1);
	}
	cv.licence = stashctl_opt(args, "licence");
	cv.employee = stashctl_opt(args, "employee");
	if ((born = stashctl_opt(args, "born")) != NULL &&
	    (cv.born = valid_date_parse(born)) == -1) {
		stashctl_error("--born %s: a date as YYYY-MM-DD",
		    stashctl_clean(born, c, sizeof c));
		return (-1);
	}
	if (cv.licence == NULL && cv.employee == NULL && cv.born == 0) {
		stashctl_error("staff driver: give --licence, --employee or "
		    "--born");
		return (-1);
	}
	if (stashctl_write(ctl, ctl_staff_driver_cb, &cv) != 0)
		return (-1);
	/* No licence number on the terminal's screen or in a log. */
	printf("staff %u (%s): driver's details recorded\n", cv.id,
	    stashctl_clean(cv.s.name, c, sizeof c));
	return (0);
}
