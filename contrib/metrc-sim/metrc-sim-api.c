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

#include <sys/types.h>
#include <sys/queue.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <event2/keyvalq_struct.h>

#include "metrc-sim.h"

/*
 * The Metrc v2 endpoints: one handler each, routed by a table of path
 * patterns ("*" is one segment). Writes are all or nothing: a body is
 * validated in full, its errors returned as a 400 array of {message}
 * objects, and only then applied. Quantities are thousandths of the
 * package's unit, amounts cents.
 */

typedef void (*metrc_sim_api_fn)(struct metrc_sim *, struct metrc_sim_req *,
    struct metrc_sim_reply *);

struct metrc_sim_api_route {
	int			 method;
	const char		*pattern;
	int			 license;
	const char		*params;	/* "name name ", or NULL */
	metrc_sim_api_fn	 fn;
};

/*
 * Adjustment reasons are the state's: a facility whose record has
 * "AdjustReasons" ([{Name, RequiresNote}], from the state file or POST
 * /_sim/reasons) offers those, any other this list.
 */
static const struct metrc_sim_api_reason {
	const char	*name;
	int		 note;
} metrc_sim_api_reasons[] = {
	{ "Damage", 0 },
	{ "Drying", 0 },
	{ "Entry Error", 1 },
	{ "Scale Variance", 0 },
	{ "Theft", 1 },
	{ "Waste", 0 },
};
#define METRC_SIM_API_NREASONS \
	(sizeof metrc_sim_api_reasons / sizeof metrc_sim_api_reasons[0])

/* A facility's locations unless its state record names its own. */
static const char *metrc_sim_api_locations[] = {
	"Sales Floor", "Vault", "Express", "Quarantine"
};

static const char *metrc_sim_api_customer_types[] = {
	"Consumer", "Patient", "Caregiver", "ExternalPatient",
	"NonResidentConsumer"
};

static int64_t
metrc_sim_api_now(void)
{
	return (metrc_sim_now() / 1000000);
}

static json_t *
metrc_sim_api_time(int64_t t)
{
	char	s[40];

	if (t <= 0)
		return (json_null());
	metrc_sim_json_timefmt(t, s, sizeof s);
	return (json_string(s));
}

/* Is this object on the request's licence? */
static int
metrc_sim_api_mine(json_t *o, struct metrc_sim_req *mr)
{
	const char	*lic = metrc_sim_json_str(o, "License");

	return (lic != NULL && mr->license != NULL &&
	    strcmp(lic, mr->license) == 0);
}

static json_t *
metrc_sim_api_strornull(json_t *o, const char *key)
{
	const char	*s = metrc_sim_json_str(o, key);

	return (s != NULL ? json_string(s) : json_null());
}

static void
metrc_sim_api_error(json_t *errors, const char *fmt, ...) printflike(2, 3);
static void
metrc_sim_api_error(json_t *errors, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	json_array_append_new(errors, json_pack("{s:s}", "message", msg));
	free(msg);
}

/* Send a batch's errors as a 400; 0 if there were none. */
static int
metrc_sim_api_errors(struct metrc_sim_reply *r, json_t *errors)
{
	if (json_array_size(errors) == 0) {
		json_decref(errors);
		return (0);
	}
	metrc_sim_reply_json(r, 400, errors);
	return (-1);
}

static int
metrc_sim_api_id(const char *s, json_int_t *id)
{
	const char	*errstr;

	*id = util_strtonum(s, 1, INT64_MAX / 2, &errstr);
	return (errstr == NULL ? 0 : -1);
}

/* The v2 list wrapper, paged when pageSize (at most 20) is given. */
static void
metrc_sim_api_page(struct metrc_sim_req *mr, struct metrc_sim_reply *r,
    json_t *all)
{
	const char	*ps, *pn, *errstr;
	json_t		*data;
	int64_t		 size, page = 1, pages, total, i;

	total = (int64_t)json_array_size(all);
	if ((ps = metrc_sim_query(mr, "pageSize")) == NULL) {
		metrc_sim_reply_json(r, 200, json_pack("{s:o,s:I,s:I,s:I,s:I,"
		    "s:i,s:i,s:i}", "Data", all, "Total", (json_int_t)total,
		    "TotalRecords", (json_int_t)total,
		    "PageSize", (json_int_t)total,
		    "RecordsOnPage", (json_int_t)total, "Page", 1,
		    "CurrentPage", 1, "TotalPages", 1));
		return;
	}
	size = util_strtonum(ps, 1, METRC_SIM_MAX_PAGE, &errstr);
	if (errstr != NULL) {
		json_decref(all);
		metrc_sim_reply_message(r, 400, "pageSize must be a whole "
		    "number from 1 to %d (not %s).", METRC_SIM_MAX_PAGE, ps);
		return;
	}
	if ((pn = metrc_sim_query(mr, "pageNumber")) != NULL) {
		page = util_strtonum(pn, 1, INT32_MAX, &errstr);
		if (errstr != NULL) {
			json_decref(all);
			metrc_sim_reply_message(r, 400, "pageNumber must be a "
			    "whole number from 1 (not %s).", pn);
			return;
		}
	}
	pages = (total + size - 1) / size;
	data = json_array();
	for (i = (page - 1) * size; i < total && i < page * size; i++)
		json_array_append(data, json_array_get(all, i));
	json_decref(all);
	metrc_sim_reply_json(r, 200, json_pack("{s:o,s:I,s:I,s:I,s:I,s:I,"
	    "s:I,s:I}", "Data", data, "Total", (json_int_t)total,
	    "TotalRecords", (json_int_t)total, "PageSize", (json_int_t)size,
	    "RecordsOnPage", (json_int_t)json_array_size(data),
	    "Page", (json_int_t)page, "CurrentPage", (json_int_t)page,
	    "TotalPages", (json_int_t)pages));
}

/*
 * The lastModifiedStart/End (and for sales salesDateStart/End) filters.
 * With F_WINDOW the list takes no lookup without one: the delivery lists,
 * whose v2 description marks lastModifiedStart/End required (retailer)
 * and which a real Metrc may refuse unbounded. Returns -1 after replying
 * 400.
 */
#define F_SALES		0x1	/* salesDateStart/End are filters too */
#define F_WINDOW	0x2	/* a window is required */
struct metrc_sim_api_filter {
	int64_t		 lm_start, lm_end;
	char		 sd_start[32], sd_end[32];
};

static int
metrc_sim_api_filter(struct metrc_sim_req *mr, struct metrc_sim_reply *r,
    int flags, struct metrc_sim_api_filter *f)
{
	static const char	*names[] = { "lastModifiedStart",
				    "lastModifiedEnd", "salesDateStart",
				    "salesDateEnd" };
	const char		*v[4];
	int			 i;

	memset(f, 0, sizeof *f);
	f->lm_end = INT64_MAX;
	for (i = 0; i < 4; i++) {
		v[i] = metrc_sim_query(mr, names[i]);
		if (i >= 2 && v[i] != NULL && (~flags & F_SALES)) {
			metrc_sim_reply_message(r, 400, "%s is not a filter "
			    "of this endpoint.", names[i]);
			return (-1);
		}
	}
	if ((v[0] != NULL || v[1] != NULL) && (v[2] != NULL || v[3] != NULL)) {
		metrc_sim_reply_message(r, 400, "Filter by salesDate or by "
		    "lastModified, not both.");
		return (-1);
	}
	if ((flags & F_WINDOW) && (v[0] == NULL || v[1] == NULL) &&
	    (v[2] == NULL || v[3] == NULL)) {
		metrc_sim_reply_message(r, 400, "lastModifiedStart and "
		    "lastModifiedEnd are required.");
		return (-1);
	}
	for (i = 0; i < 2; i++) {
		if (v[i] == NULL)
			continue;
		if ((i == 0 ? (f->lm_start = metrc_sim_json_time(v[i])) :
		    (f->lm_end = metrc_sim_json_time(v[i]))) == -1) {
			metrc_sim_reply_message(r, 400, "%s \"%s\" is not an "
			    "ISO 8601 time such as 2024-05-01T00:00:00Z.",
			    names[i], v[i]);
			return (-1);
		}
	}
	for (i = 2; i < 4; i++) {
		if (v[i] == NULL)
			continue;
		if (metrc_sim_json_local(v[i], i == 2 ? f->sd_start :
		    f->sd_end, sizeof f->sd_start) != 0) {
			metrc_sim_reply_message(r, 400, "%s \"%s\" is not a "
			    "local date or time such as 2024-05-01.",
			    names[i], v[i]);
			return (-1);
		}
		if (i == 3 && strlen(v[i]) == 10)
			memcpy(f->sd_end + 11, "23:59:59.999", 12);
	}
	return (0);
}

static int
metrc_sim_api_match(struct metrc_sim_api_filter *f, json_t *o)
{
	json_int_t	 lm = metrc_sim_json_int(o, "LastModified");
	const char	*sd = metrc_sim_json_str(o, "SalesDateTime");

	if (lm < f->lm_start || lm > f->lm_end)
		return (0);
	if (*f->sd_start != '\0' && (sd == NULL || strcmp(sd, f->sd_start) < 0))
		return (0);
	if (*f->sd_end != '\0' && (sd == NULL || strcmp(sd, f->sd_end) > 0))
		return (0);
	return (1);
}

/* --- reference data --- */

static void
metrc_sim_api_facilities(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t	*out = json_array(), *f;
	size_t	 i;

	json_array_foreach(metrc_sim_state_list(ms, "facilities"), i, f) {
		json_array_append_new(out, json_pack("{s:I,s:s,s:s,s:{s:s,"
		    "s:s,s:n,s:s},s:{s:b,s:b,s:b,s:b,s:b}}",
		    "FacilityId", metrc_sim_json_int(f, "FacilityId"),
		    "Name", metrc_sim_json_str(f, "Name"),
		    "DisplayName", metrc_sim_json_str(f, "Name"),
		    "License", "Number", metrc_sim_json_str(f, "License"),
		    "StartDate", "2024-01-01", "EndDate",
		    "LicenseType", "Retail Marijuana Store",
		    "FacilityType", "CanSellToConsumers", 1,
		    "CanSellToPatients", 1, "CanSellToCaregivers", 1,
		    "CanDeliverSalesToConsumers", 1,
		    "SalesRequirePatientNumber", 1));
	}
	metrc_sim_reply_json(r, 200, out);
}

/*
 * The two descriptions disagree on a few shapes: OpenMetrc's gives units
 * of measure, customer types, shipment package states and the external
 * receipt lookup the list wrapper, ThunkMetrc's a bare array (a single
 * receipt for the lookup). Bare by default; POST /_sim/shape switches.
 */
static void
metrc_sim_api_shaped(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r, json_t *list)
{
	if (ms->wrapped)
		metrc_sim_api_page(mr, r, list);
	else
		metrc_sim_reply_json(r, 200, list);
}

static void
metrc_sim_api_units(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	metrc_sim_api_shaped(ms, mr, r, json_pack("[{s:s,s:s,s:s},{s:s,s:s,s:s},"
	    "{s:s,s:s,s:s},{s:s,s:s,s:s},{s:s,s:s,s:s},{s:s,s:s,s:s}]",
	    "QuantityType", "CountBased", "Name", "Each", "Abbreviation", "ea",
	    "QuantityType", "WeightBased", "Name", "Ounces", "Abbreviation",
	    "oz", "QuantityType", "WeightBased", "Name", "Pounds",
	    "Abbreviation", "lb", "QuantityType", "WeightBased", "Name",
	    "Grams", "Abbreviation", "g", "QuantityType", "WeightBased",
	    "Name", "Milligrams", "Abbreviation", "mg", "QuantityType",
	    "WeightBased", "Name", "Kilograms", "Abbreviation", "kg"));
}

static void
metrc_sim_api_customertypes(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t	*out = json_array();
	size_t	 i;

	for (i = 0; i < nitems(metrc_sim_api_customer_types); i++)
		json_array_append_new(out,
		    json_string(metrc_sim_api_customer_types[i]));
	metrc_sim_api_shaped(ms, mr, r, out);
}

static json_t *
metrc_sim_api_item_json(json_t *it)
{
	return (json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}",
	    "Id", metrc_sim_json_int(it, "Id"),
	    "Name", metrc_sim_json_str(it, "Name"),
	    "ProductCategoryName", metrc_sim_json_str(it,
	    "ProductCategoryName"),
	    "QuantityType", metrc_sim_json_str(it, "QuantityType"),
	    "UnitOfMeasureName", metrc_sim_json_str(it, "UnitOfMeasureName"),
	    "UnitThcPercent", metrc_sim_json_decimal(metrc_sim_json_int(it,
	    "Thc"), 1)));
}

static void
metrc_sim_api_items(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	struct metrc_sim_api_filter	 f;
	json_t				*out, *it;
	size_t				 i;

	if (metrc_sim_api_filter(mr, r, 0, &f) != 0)
		return;
	out = json_array();
	json_array_foreach(metrc_sim_state_list(ms, "items"), i, it) {
		if (metrc_sim_api_mine(it, mr) && metrc_sim_api_match(&f, it))
			json_array_append_new(out, metrc_sim_api_item_json(it));
	}
	metrc_sim_api_page(mr, r, out);
}

static void
metrc_sim_api_item(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_int_t	 id;
	json_t		*it;

	if (metrc_sim_api_id(mr->seg[2], &id) != 0 ||
	    (it = metrc_sim_state_find_id(ms, "items", id)) == NULL) {
		metrc_sim_reply_message(r, 404, "No item %s.", mr->seg[2]);
		return;
	}
	/* Without licenseNumber: any facility of the user (all of them). */
	if (mr->license != NULL && !metrc_sim_api_mine(it, mr)) {
		metrc_sim_reply_message(r, 401, "Item %s is not valid for "
		    "license %s.", mr->seg[2], mr->license);
		return;
	}
	metrc_sim_reply_json(r, 200, metrc_sim_api_item_json(it));
}

/* --- packages --- */

static json_t *
metrc_sim_api_package_json(struct metrc_sim *ms, json_t *p)
{
	json_t		*it, *o;
	const char	*uom;

	it = metrc_sim_state_find_id(ms, "items", metrc_sim_json_int(p,
	    "ItemId"));
	uom = metrc_sim_json_str(p, "UnitOfMeasureName");
	o = json_pack("{s:I,s:s,s:s,s:o,s:s,s:s,s:n,s:o,s:s,s:o,s:o,s:b,s:b,"
	    "s:b,s:o,s:o,s:o}",
	    "Id", metrc_sim_json_int(p, "Id"),
	    "Label", metrc_sim_json_str(p, "Label"),
	    "PackageType", "Product",
	    "Quantity", metrc_sim_json_decimal(metrc_sim_json_int(p,
	    "Quantity"), 3),
	    "UnitOfMeasureName", uom,
	    "UnitOfMeasureAbbreviation", strcmp(uom, "Grams") == 0 ? "g" :
	    "ea",
	    "PatientLicenseNumber",
	    "LocationName", metrc_sim_api_strornull(p, "LocationName"),
	    "LabTestingState", metrc_sim_json_str(p, "LabTestingState"),
	    "ReceivedDateTime", metrc_sim_api_time(metrc_sim_json_int(p,
	    "ReceivedDateTime")),
	    "ReceivedFromManifestNumber", metrc_sim_api_strornull(p,
	    "ReceivedFromManifestNumber"),
	    "IsOnHold", json_is_true(json_object_get(p, "IsOnHold")),
	    "IsOnRecall", json_is_true(json_object_get(p, "IsOnRecall")),
	    "IsFinished", json_is_true(json_object_get(p, "IsFinished")),
	    "FinishedDate", metrc_sim_api_strornull(p, "FinishedDate"),
	    "ArchivedDate", metrc_sim_api_time(metrc_sim_json_int(p,
	    "Archived")),
	    "LastModified", metrc_sim_api_time(metrc_sim_json_int(p,
	    "LastModified")));
	json_object_set_new(o, "ProductionBatchNumber",
	    metrc_sim_api_strornull(p, "Batch"));
	if (it != NULL)
		json_object_set_new(o, "Item", metrc_sim_api_item_json(it));
	return (o);
}

static void
metrc_sim_api_packages(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	struct metrc_sim_api_filter	 f;
	const char			*which = mr->seg[2];
	json_t				*out, *p;
	size_t				 i;
	int				 fin, hold, want;

	if (metrc_sim_api_filter(mr, r, 0, &f) != 0)
		return;
	out = json_array();
	json_array_foreach(metrc_sim_state_list(ms, "packages"), i, p) {
		if (!metrc_sim_api_mine(p, mr) ||
		    !metrc_sim_api_match(&f, p))
			continue;
		fin = json_is_true(json_object_get(p, "IsFinished"));
		hold = json_is_true(json_object_get(p, "IsOnHold")) ||
		    json_is_true(json_object_get(p, "IsOnRecall"));
		if (strcmp(which, "active") == 0)
			want = !fin;
		else if (strcmp(which, "inactive") == 0)
			want = fin;
		else
			want = hold && !fin;
		if (want)
			json_array_append_new(out,
			    metrc_sim_api_package_json(ms, p));
	}
	metrc_sim_api_page(mr, r, out);
}

/* A package by label or Id; 401 if it is on another licence. */
static json_t *
metrc_sim_api_package_get(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r, const char *what)
{
	json_int_t	 id;
	json_t		*p;

	if (strlen(what) != TAG_LEN && metrc_sim_api_id(what, &id) == 0)
		p = metrc_sim_state_find_id(ms, "packages", id);
	else
		p = metrc_sim_state_find(ms, "packages", "Label", what);
	if (p == NULL) {
		metrc_sim_reply_message(r, 404, "No package %s.", what);
		return (NULL);
	}
	if (mr->license != NULL && !metrc_sim_api_mine(p, mr)) {
		metrc_sim_reply_message(r, 401, "Package %s is not valid for "
		    "license %s.", what, mr->license);
		return (NULL);
	}
	return (p);
}

static void
metrc_sim_api_package(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t	*p;

	if ((p = metrc_sim_api_package_get(ms, mr, r, mr->seg[2])) != NULL)
		metrc_sim_reply_json(r, 200, metrc_sim_api_package_json(ms, p));
}

/* The facility's reasons as [{Name, RequiresNote}] (a new reference). */
json_t *
metrc_sim_api_reasons_of(json_t *facility)
{
	json_t	*list, *out;
	size_t	 i;

	list = json_object_get(facility, "AdjustReasons");
	if (json_is_array(list))
		return (json_incref(list));
	out = json_array();
	for (i = 0; i < METRC_SIM_API_NREASONS; i++)
		json_array_append_new(out, json_pack("{s:s,s:b}", "Name",
		    metrc_sim_api_reasons[i].name, "RequiresNote",
		    metrc_sim_api_reasons[i].note));
	return (out);
}

static void
metrc_sim_api_adjust_reasons(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t	*list, *out = json_array(), *v;
	size_t	 i;

	list = metrc_sim_api_reasons_of(mr->facility);
	json_array_foreach(list, i, v)
		json_array_append_new(out, json_pack("{s:O,s:b,s:b,s:b,s:b}",
		    "Name", json_object_get(v, "Name"),
		    "RequiresNote", json_is_true(json_object_get(v,
		    "RequiresNote")),
		    "RequiresWasteWeight", 0, "RequiresImmatureWasteWeight", 0,
		    "RequiresMatureWasteWeight", 0));
	json_decref(list);
	metrc_sim_api_page(mr, r, out);
}

/* POST /_sim/reasons: {"license", "reasons": [{Name, RequiresNote}]|null}. */
int
metrc_sim_api_set_reasons(struct metrc_sim *ms, json_t *body, char **cause)
{
	json_t		*f, *list, *v, *out;
	const char	*lic, *name;
	size_t		 i;

	lic = metrc_sim_json_str(body, "license");
	if (lic == NULL || (f = metrc_sim_state_facility(ms, lic)) == NULL) {
		xasprintf(cause, "reasons needs {\"license\": a seeded "
		    "licence, \"reasons\": [{\"Name\":..., "
		    "\"RequiresNote\":bool}] or null for the default list}");
		return (-1);
	}
	list = json_object_get(body, "reasons");
	if (list == NULL || json_is_null(list)) {
		json_object_del(f, "AdjustReasons");
		return (0);
	}
	if (!json_is_array(list) || json_array_size(list) > 100) {
		xasprintf(cause, "reasons must be an array of at most 100 "
		    "{\"Name\":..., \"RequiresNote\":bool}");
		return (-1);
	}
	out = json_array();
	json_array_foreach(list, i, v) {
		name = metrc_sim_json_str(v, "Name");
		if (name == NULL || *name == '\0' || strlen(name) > 100) {
			json_decref(out);
			xasprintf(cause, "reason %zu has no Name (1 to 100 "
			    "characters)", i + 1);
			return (-1);
		}
		json_array_append_new(out, json_pack("{s:s,s:b}", "Name", name,
		    "RequiresNote", json_is_true(json_object_get(v,
		    "RequiresNote"))));
	}
	json_object_set_new(f, "AdjustReasons", out);
	return (0);
}

static void
metrc_sim_api_adjustments(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t		*out, *a, *p, *it;
	const char	*uom;
	size_t		 i;

	/*
	 * As the v2 descriptions have it: licenseNumber, pageNumber and
	 * pageSize only (no lastModified window), and a record that carries
	 * no Id of its own: the package's Id and label, the quantity, unit,
	 * reason, note and date. Oldest first.
	 */
	if (metrc_sim_query(mr, "lastModifiedStart") != NULL ||
	    metrc_sim_query(mr, "lastModifiedEnd") != NULL) {
		metrc_sim_reply_message(r, 400, "lastModifiedStart and "
		    "lastModifiedEnd are not filters of "
		    "/packages/v2/adjustments.");
		return;
	}
	out = json_array();
	json_array_foreach(metrc_sim_state_list(ms, "adjustments"), i, a) {
		if (!metrc_sim_api_mine(a, mr))
			continue;
		p = metrc_sim_state_find(ms, "packages", "Label",
		    metrc_sim_json_str(a, "PackageLabel"));
		it = metrc_sim_state_find_id(ms, "items", metrc_sim_json_int(p,
		    "ItemId"));
		uom = metrc_sim_json_str(a, "UnitOfMeasure");
		json_array_append_new(out, json_pack("{s:I,s:s,s:o,s:o,s:o,"
		    "s:s,s:s,s:s,s:o,s:s,s:s}",
		    "PackageId", metrc_sim_json_int(p, "Id"),
		    "PackageLabel", metrc_sim_json_str(a, "PackageLabel"),
		    "ItemName", metrc_sim_api_strornull(it, "Name"),
		    "ItemCategoryName", metrc_sim_api_strornull(it,
		    "ProductCategoryName"),
		    "AdjustmentQuantity", metrc_sim_json_decimal(
		    metrc_sim_json_int(a, "Quantity"), 3),
		    "AdjustmentUnitOfMeasureName", uom,
		    "AdjustmentUnitOfMeasureAbbreviation", strcmp(uom,
		    "Grams") == 0 ? "g" : "ea",
		    "AdjustmentReasonName", metrc_sim_json_str(a, "Reason"),
		    "AdjustmentNote", metrc_sim_api_strornull(a, "Note"),
		    "AdjustmentDate", metrc_sim_json_str(a, "Date"),
		    "AdjustedByUserName", "sim-user"));
	}
	metrc_sim_api_page(mr, r, out);
}

/* Is this a location of the request's facility? */
static int
metrc_sim_api_location_known(struct metrc_sim_req *mr, const char *name)
{
	json_t	*list, *v;
	size_t	 i;

	list = json_object_get(mr->facility, "Locations");
	if (json_is_array(list)) {
		json_array_foreach(list, i, v) {
			if (json_is_string(v) &&
			    strcmp(json_string_value(v), name) == 0)
				return (1);
		}
		return (0);
	}
	for (i = 0; i < nitems(metrc_sim_api_locations); i++) {
		if (strcmp(metrc_sim_api_locations[i], name) == 0)
			return (1);
	}
	return (0);
}

static void
metrc_sim_api_locations_active(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	struct metrc_sim_api_filter	 f;
	json_t				*list, *out, *v;
	size_t				 i;

	/*
	 * The filters are taken; a location carries no modification time
	 * here (it never changes), so a window with a start excludes all.
	 */
	if (metrc_sim_api_filter(mr, r, 0, &f) != 0)
		return;
	out = json_array();
	list = json_object_get(mr->facility, "Locations");
	if (f.lm_start == 0 && json_is_array(list)) {
		json_array_foreach(list, i, v)
			json_array_append_new(out, json_pack("{s:I,s:O,s:s,"
			    "s:b}", "Id", (json_int_t)i + 1, "Name", v,
			    "LocationTypeName", "Default", "ForPackages", 1));
	} else if (f.lm_start == 0) {
		for (i = 0; i < nitems(metrc_sim_api_locations); i++)
			json_array_append_new(out, json_pack("{s:I,s:s,s:s,"
			    "s:b}", "Id", (json_int_t)i + 1, "Name",
			    metrc_sim_api_locations[i], "LocationTypeName",
			    "Default", "ForPackages", 1));
	}
	metrc_sim_api_page(mr, r, out);
}

/*
 * PUT /packages/v2/location: [{Label, Location, Sublocation, MoveDate}].
 * The location must be one of the facility's; all or nothing.
 */
static void
metrc_sim_api_location(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t		*o, *p, *errors;
	const char	*label, *loc, *date;
	int64_t		 now = metrc_sim_api_now();
	size_t		 i;

	errors = json_array();
	json_array_foreach(mr->body, i, o) {
		label = metrc_sim_json_str(o, "Label");
		loc = metrc_sim_json_str(o, "Location");
		date = metrc_sim_json_str(o, "MoveDate");
		if (label == NULL) {
			metrc_sim_api_error(errors, "Move %zu: Label is "
			    "required.", i + 1);
			continue;
		}
		if ((p = metrc_sim_api_package_get(ms, mr, r, label)) == NULL) {
			metrc_sim_api_error(errors, "Move %zu: package %s %s.",
			    i + 1, label, r->status == 401 ?
			    "is not on this license" : "does not exist");
			continue;
		}
		if (json_is_true(json_object_get(p, "IsFinished")))
			metrc_sim_api_error(errors, "Move %zu: package %s is "
			    "finished.", i + 1, label);
		if (loc == NULL || !metrc_sim_api_location_known(mr, loc))
			metrc_sim_api_error(errors, "Move %zu: Location \"%s\" "
			    "is not a location of license %s (see GET "
			    "/locations/v2/active).", i + 1, loc != NULL ?
			    loc : "", mr->license);
		if (date == NULL || !metrc_sim_json_date(date))
			metrc_sim_api_error(errors, "Move %zu: MoveDate must "
			    "be YYYY-MM-DD.", i + 1);
	}
	free(r->body);
	r->body = NULL;
	r->status = 0;
	if (metrc_sim_api_errors(r, errors) != 0)
		return;
	json_array_foreach(mr->body, i, o) {
		p = metrc_sim_state_find(ms, "packages", "Label",
		    metrc_sim_json_str(o, "Label"));
		json_object_set(p, "LocationName", json_object_get(o,
		    "Location"));
		json_object_set_new(p, "LastModified", json_integer(now));
	}
	r->changed = 1;
	r->status = 200;
}

/* Can this package be sold or adjusted from? NULL if so. */
static const char *
metrc_sim_api_package_state(json_t *p)
{
	if (json_is_true(json_object_get(p, "IsFinished")))
		return ("is finished");
	if (json_is_true(json_object_get(p, "IsOnRecall")))
		return ("is on recall");
	if (json_is_true(json_object_get(p, "IsOnHold")))
		return ("is on hold");
	return (NULL);
}

/*
 * Quantities a batch would take from each package, by label, in "need";
 * checked against what is on hand once the whole batch is read.
 */
static void
metrc_sim_api_need(json_t *need, const char *label, int64_t qty)
{
	json_object_set_new(need, label, json_integer(
	    metrc_sim_json_int(need, label) + qty));
}

static void
metrc_sim_api_need_check(struct metrc_sim *ms, json_t *need, json_t *errors)
{
	const char	*label;
	json_t		*v, *p;
	int64_t		 have;
	char		 a[40], b[40];

	json_object_foreach(need, label, v) {
		p = metrc_sim_state_find(ms, "packages", "Label", label);
		have = metrc_sim_json_int(p, "Quantity");
		if (json_integer_value(v) > have) {
			metrc_sim_json_fmt(json_integer_value(v), 3, a,
			    sizeof a);
			metrc_sim_json_fmt(have, 3, b, sizeof b);
			metrc_sim_api_error(errors, "Package %s: the request "
			    "takes %s %s but only %s remain.", label, a,
			    metrc_sim_json_str(p, "UnitOfMeasureName"), b);
		}
	}
}

static void
metrc_sim_api_take(struct metrc_sim *ms, const char *label, int64_t qty,
    int64_t now)
{
	json_t	*p = metrc_sim_state_find(ms, "packages", "Label", label);

	if (p == NULL)
		return;
	json_object_set_new(p, "Quantity", json_integer(
	    metrc_sim_json_int(p, "Quantity") - qty));
	json_object_set_new(p, "LastModified", json_integer(now));
}

static void
metrc_sim_api_adjust(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t		*o, *p, *need, *errors, *ids, *reasons, *v;
	const char	*label, *uom, *reason, *date, *note;
	int64_t		 qty, now = metrc_sim_api_now();
	json_int_t	 id;
	size_t		 i, k;
	int		 found;

	errors = json_array();
	need = json_object();
	reasons = metrc_sim_api_reasons_of(mr->facility);
	json_array_foreach(mr->body, i, o) {
		label = metrc_sim_json_str(o, "Label");
		uom = metrc_sim_json_str(o, "UnitOfMeasure");
		reason = metrc_sim_json_str(o, "AdjustmentReason");
		date = metrc_sim_json_str(o, "AdjustmentDate");
		note = metrc_sim_json_str(o, "ReasonNote");
		if (label == NULL) {
			metrc_sim_api_error(errors, "Adjustment %zu: Label is "
			    "required.", i + 1);
			continue;
		}
		if ((p = metrc_sim_api_package_get(ms, mr, r, label)) == NULL) {
			metrc_sim_api_error(errors, "Adjustment %zu: package "
			    "%s %s.", i + 1, label, r->status == 401 ?
			    "is not on this license" : "does not exist");
			continue;
		}
		if (metrc_sim_api_package_state(p) != NULL)
			metrc_sim_api_error(errors, "Adjustment %zu: package "
			    "%s %s.", i + 1, label,
			    metrc_sim_api_package_state(p));
		if (metrc_sim_json_dec(json_object_get(o, "Quantity"), 3,
		    &qty) != 0 || qty == 0)
			metrc_sim_api_error(errors, "Adjustment %zu: Quantity "
			    "must be a non-zero decimal with at most 3 "
			    "places.", i + 1);
		else
			metrc_sim_api_need(need, label, -qty);
		if (uom == NULL || strcmp(uom, metrc_sim_json_str(p,
		    "UnitOfMeasureName")) != 0)
			metrc_sim_api_error(errors, "Adjustment %zu: "
			    "UnitOfMeasure must be %s, the package's unit.",
			    i + 1, metrc_sim_json_str(p, "UnitOfMeasureName"));
		found = 0;
		json_array_foreach(reasons, k, v) {
			if (reason == NULL || strcmp(reason,
			    metrc_sim_json_str(v, "Name")) != 0)
				continue;
			found = 1;
			if (json_is_true(json_object_get(v, "RequiresNote")) &&
			    (note == NULL || *note == '\0'))
				metrc_sim_api_error(errors, "Adjustment %zu: "
				    "reason %s requires a ReasonNote.", i + 1,
				    reason);
		}
		if (!found)
			metrc_sim_api_error(errors, "Adjustment %zu: "
			    "AdjustmentReason \"%s\" is not one of GET "
			    "/packages/v2/adjust/reasons.", i + 1,
			    reason != NULL ? reason : "");
		if (date == NULL || !metrc_sim_json_date(date))
			metrc_sim_api_error(errors, "Adjustment %zu: "
			    "AdjustmentDate must be YYYY-MM-DD.", i + 1);
	}
	free(r->body);
	r->body = NULL;
	json_decref(reasons);
	metrc_sim_api_need_check(ms, need, errors);
	json_decref(need);
	if (metrc_sim_api_errors(r, errors) != 0)
		return;

	ids = json_array();
	json_array_foreach(mr->body, i, o) {
		label = metrc_sim_json_str(o, "Label");
		metrc_sim_json_dec(json_object_get(o, "Quantity"), 3, &qty);
		metrc_sim_api_take(ms, label, -qty, now);
		id = metrc_sim_state_id(ms);
		json_array_append_new(metrc_sim_state_list(ms, "adjustments"),
		    json_pack("{s:I,s:s,s:s,s:I,s:s,s:s,s:s,s:O,s:I}",
		    "Id", id, "License", mr->license, "PackageLabel", label,
		    "Quantity", (json_int_t)qty, "UnitOfMeasure",
		    metrc_sim_json_str(o, "UnitOfMeasure"), "Reason",
		    metrc_sim_json_str(o, "AdjustmentReason"), "Date",
		    metrc_sim_json_str(o, "AdjustmentDate"), "Note",
		    json_object_get(o, "ReasonNote") != NULL ?
		    json_object_get(o, "ReasonNote") : json_null(),
		    "LastModified", (json_int_t)now));
		json_array_append_new(ids, json_integer(id));
	}
	r->changed = 1;
	metrc_sim_reply_json(r, 200, json_pack("{s:o,s:n}", "Ids", ids,
	    "Warnings"));
}

int
metrc_sim_api_hold(struct metrc_sim *ms, const char *label, int recalled,
    int release, char **cause)
{
	json_t	*p;

	if ((p = metrc_sim_state_find(ms, "packages", "Label", label)) ==
	    NULL) {
		xasprintf(cause, "no package %s in the simulator", label);
		return (-1);
	}
	if (release) {
		json_object_set_new(p, "IsOnHold", json_false());
		json_object_set_new(p, "IsOnRecall", json_false());
	} else if (recalled)
		json_object_set_new(p, "IsOnRecall", json_true());
	else
		json_object_set_new(p, "IsOnHold", json_true());
	json_object_set_new(p, "LastModified",
	    json_integer(metrc_sim_api_now()));
	return (0);
}

/* --- sales receipts and deliveries --- */

/*
 * Check one receipt's or delivery's Transactions, adding what they take to
 * need; "old" (on an update) gives back what the record took before.
 */
static void
metrc_sim_api_transactions(struct metrc_sim *ms, struct metrc_sim_req *mr,
    json_t *o, size_t row, json_t *need, json_t *errors)
{
	struct metrc_sim_reply	 r2;
	json_t			*txns, *t, *p;
	const char		*label, *uom, *why;
	int64_t			 qty, amount;
	size_t			 i;

	txns = json_object_get(o, "Transactions");
	if (!json_is_array(txns) || json_array_size(txns) == 0) {
		metrc_sim_api_error(errors, "Record %zu: Transactions must be "
		    "a non-empty array.", row);
		return;
	}
	memset(&r2, 0, sizeof r2);
	json_array_foreach(txns, i, t) {
		label = metrc_sim_json_str(t, "PackageLabel");
		uom = metrc_sim_json_str(t, "UnitOfMeasure");
		if (label == NULL) {
			metrc_sim_api_error(errors, "Record %zu, transaction "
			    "%zu: PackageLabel is required.", row, i + 1);
			continue;
		}
		if ((p = metrc_sim_api_package_get(ms, mr, &r2, label)) ==
		    NULL) {
			metrc_sim_api_error(errors, "Record %zu, transaction "
			    "%zu: package %s %s.", row, i + 1, label,
			    r2.status == 401 ? "is not on this license" :
			    "does not exist");
			continue;
		}
		if ((why = metrc_sim_api_package_state(p)) != NULL)
			metrc_sim_api_error(errors, "Record %zu, transaction "
			    "%zu: package %s %s and cannot be sold.", row,
			    i + 1, label, why);
		if (metrc_sim_json_dec(json_object_get(t, "Quantity"), 3,
		    &qty) != 0 || qty <= 0)
			metrc_sim_api_error(errors, "Record %zu, transaction "
			    "%zu: Quantity must be a positive decimal with at "
			    "most 3 places.", row, i + 1);
		else
			metrc_sim_api_need(need, label, qty);
		if (uom == NULL || strcmp(uom, metrc_sim_json_str(p,
		    "UnitOfMeasureName")) != 0)
			metrc_sim_api_error(errors, "Record %zu, transaction "
			    "%zu: UnitOfMeasure must be %s, the unit of "
			    "package %s.", row, i + 1, metrc_sim_json_str(p,
			    "UnitOfMeasureName"), label);
		if (metrc_sim_json_dec(json_object_get(t, "TotalAmount"), 2,
		    &amount) != 0 || amount < 0)
			metrc_sim_api_error(errors, "Record %zu, transaction "
			    "%zu: TotalAmount must be a decimal of at least 0 "
			    "with at most 2 places.", row, i + 1);
	}
	free(r2.body);
}

static void
metrc_sim_api_sale_check(struct metrc_sim *ms, struct metrc_sim_req *mr,
    json_t *o, size_t row, json_t *need, json_t *errors)
{
	const char	*type, *patient, *caregiver, *sdt;
	json_t		*pt;
	char		 local[32];
	size_t		 k;
	int		 ok = 0;

	if (!json_is_object(o)) {
		metrc_sim_api_error(errors, "Record %zu is not an object.",
		    row);
		return;
	}
	sdt = metrc_sim_json_str(o, "SalesDateTime");
	if (sdt == NULL || metrc_sim_json_local(sdt, local, sizeof local) != 0)
		metrc_sim_api_error(errors, "Record %zu: SalesDateTime must be "
		    "the facility's local time without a zone, e.g. "
		    "2024-05-01T14:03:00.000 (got %s).", row,
		    sdt != NULL ? sdt : "nothing");
	type = metrc_sim_json_str(o, "SalesCustomerType");
	for (k = 0; type != NULL &&
	    k < nitems(metrc_sim_api_customer_types); k++) {
		if (strcmp(type, metrc_sim_api_customer_types[k]) == 0)
			ok = 1;
	}
	if (!ok)
		metrc_sim_api_error(errors, "Record %zu: SalesCustomerType "
		    "must be one of GET /sales/v2/customertypes.", row);
	patient = metrc_sim_json_str(o, "PatientLicenseNumber");
	caregiver = metrc_sim_json_str(o, "CaregiverLicenseNumber");
	if (ok && (strcmp(type, "Patient") == 0 ||
	    strcmp(type, "Caregiver") == 0)) {
		pt = patient != NULL ? metrc_sim_state_find(ms, "patients",
		    "PatientLicenseNumber", patient) : NULL;
		if (patient == NULL || *patient == '\0')
			metrc_sim_api_error(errors, "Record %zu: a %s sale "
			    "needs a PatientLicenseNumber.", row, type);
		else if (pt == NULL || !json_is_true(json_object_get(pt,
		    "Active")))
			metrc_sim_api_error(errors, "Record %zu: patient %s "
			    "is not an active registered patient.", row,
			    patient);
		if (strcmp(type, "Caregiver") == 0 && (caregiver == NULL ||
		    metrc_sim_state_find(ms, "caregivers",
		    "CaregiverLicenseNumber", caregiver) == NULL))
			metrc_sim_api_error(errors, "Record %zu: a caregiver "
			    "sale needs a registered CaregiverLicenseNumber.",
			    row);
	}
	metrc_sim_api_transactions(ms, mr, o, row, need, errors);
}

/* The stored transactions of a checked record. */
static json_t *
metrc_sim_api_txns_store(struct metrc_sim *ms, json_t *o)
{
	json_t		*out = json_array(), *t, *p;
	const char	*label;
	int64_t		 qty, amount;
	size_t		 i;

	json_array_foreach(json_object_get(o, "Transactions"), i, t) {
		label = metrc_sim_json_str(t, "PackageLabel");
		p = metrc_sim_state_find(ms, "packages", "Label", label);
		metrc_sim_json_dec(json_object_get(t, "Quantity"), 3, &qty);
		metrc_sim_json_dec(json_object_get(t, "TotalAmount"), 2,
		    &amount);
		json_array_append_new(out, json_pack("{s:s,s:I,s:I,s:s,s:I,"
		    "s:I}", "PackageLabel", label,
		    "PackageId", metrc_sim_json_int(p, "Id"),
		    "ItemId", metrc_sim_json_int(p, "ItemId"),
		    "UnitOfMeasure", metrc_sim_json_str(t, "UnitOfMeasure"),
		    "Quantity", (json_int_t)qty, "TotalAmount",
		    (json_int_t)amount));
	}
	return (out);
}

static void
metrc_sim_api_txns_apply(struct metrc_sim *ms, json_t *txns, int sign,
    int64_t now)
{
	json_t	*t;
	size_t	 i;

	json_array_foreach(txns, i, t)
		metrc_sim_api_take(ms, metrc_sim_json_str(t, "PackageLabel"),
		    sign * metrc_sim_json_int(t, "Quantity"), now);
}

static json_t *
metrc_sim_api_sale_json(struct metrc_sim *ms, json_t *s, int delivery)
{
	json_t		*o, *txns, *t, *it;
	int64_t		 total = 0;
	size_t		 i;
	char		 number[32];
	static const char *rcopy[] = { "ExternalReceiptNumber",
	    "SalesCustomerType", "PatientLicenseNumber",
	    "CaregiverLicenseNumber", "IdentificationMethod" };
	static const char *dcopy[] = { "SalesCustomerType",
	    "PatientLicenseNumber", "ConsumerId",
	    "TransporterFacilityLicenseNumber", "DriverEmployeeId",
	    "DriverName", "DriversLicenseNumber", "VehicleMake",
	    "VehicleModel", "VehicleLicensePlateNumber", "RecipientName",
	    "RecipientAddressStreet1", "RecipientAddressStreet2",
	    "RecipientAddressCity", "RecipientAddressCounty",
	    "RecipientAddressState", "RecipientAddressPostalCode",
	    "RecipientZoneId", "PlannedRoute", "EstimatedDepartureDateTime",
	    "EstimatedArrivalDateTime", "ActualArrivalDateTime",
	    "PaymentType", "SalesDeliveryState" };
	const char	**copy = delivery ? dcopy : rcopy;
	size_t		 ncopy = delivery ? nitems(dcopy) : nitems(rcopy);

	txns = json_array();
	json_array_foreach(json_object_get(s, "Transactions"), i, t) {
		it = metrc_sim_state_find_id(ms, "items",
		    metrc_sim_json_int(t, "ItemId"));
		total += metrc_sim_json_int(t, "TotalAmount");
		json_array_append_new(txns, json_pack("{s:I,s:s,s:s,s:o,s:s,"
		    "s:o,s:o,s:o,s:o}",
		    "PackageId", metrc_sim_json_int(t, "PackageId"),
		    "PackageLabel", metrc_sim_json_str(t, "PackageLabel"),
		    "ProductName", it != NULL ? metrc_sim_json_str(it, "Name") :
		    "",
		    "QuantitySold", metrc_sim_json_decimal(metrc_sim_json_int(t,
		    "Quantity"), 3),
		    "UnitOfMeasureName", metrc_sim_json_str(t, "UnitOfMeasure"),
		    "TotalPrice", metrc_sim_json_decimal(metrc_sim_json_int(t,
		    "TotalAmount"), 2),
		    "SalesDeliveryState", metrc_sim_api_strornull(s,
		    "SalesDeliveryState"),
		    "ArchivedDate", metrc_sim_api_time(metrc_sim_json_int(s,
		    "Archived")),
		    "LastModified", metrc_sim_api_time(metrc_sim_json_int(s,
		    "LastModified"))));
	}
	snprintf(number, sizeof number, "%010lld",
	    (long long)metrc_sim_json_int(s, "Id"));
	o = json_pack("{s:I,s:s,s:s,s:I,s:o,s:o,s:b,s:o,s:o,s:s,s:o}",
	    "Id", metrc_sim_json_int(s, "Id"), "ReceiptNumber", number,
	    "SalesDateTime", metrc_sim_json_str(s, "SalesDateTime"),
	    "TotalPackages", (json_int_t)json_array_size(txns),
	    "TotalPrice", metrc_sim_json_decimal(total, 2),
	    "Transactions", txns,
	    "IsFinal", json_is_true(json_object_get(s, "IsFinal")),
	    "ArchivedDate", metrc_sim_api_time(metrc_sim_json_int(s,
	    "Archived")),
	    "RecordedDateTime", metrc_sim_api_time(metrc_sim_json_int(s,
	    "Recorded")),
	    "RecordedByUserName", "sim-user",
	    "LastModified", metrc_sim_api_time(metrc_sim_json_int(s,
	    "LastModified")));
	for (i = 0; i < ncopy; i++)
		json_object_set_new(o, copy[i],
		    metrc_sim_api_strornull(s, copy[i]));
	if (delivery) {
		/* A delivery's number, not a receipt's. */
		json_object_del(o, "ReceiptNumber");
		json_object_del(o, "IsFinal");
		json_object_set_new(o, "DeliveryNumber", json_string(number));
		json_object_set_new(o, "Direction",
		    json_string("Undesignated"));
		json_object_set_new(o, "VoidedDate", metrc_sim_api_time(
		    metrc_sim_json_int(s, "Archived")));
		json_object_set_new(o, "CompletedDateTime", metrc_sim_api_time(
		    metrc_sim_json_int(s, "Completed")));
	}
	return (o);
}

/*
 * A delivery's driver, vehicle and address, required (the descriptions
 * let a state's facility flags relax some; the simulator asks for all).
 */
static const char *metrc_sim_api_delivery_fields[] = {
	"RecipientAddressStreet1", "RecipientAddressCity",
	"RecipientAddressState", "RecipientAddressPostalCode",
	"DriverEmployeeId", "DriverName", "DriversLicenseNumber",
	"VehicleMake", "VehicleModel", "VehicleLicensePlateNumber",
	"EstimatedDepartureDateTime", "EstimatedArrivalDateTime",
};

/* The fields of a receipt body kept as given. */
static const char *metrc_sim_api_sale_fields[] = {
	"ExternalReceiptNumber", "SalesCustomerType", "PatientLicenseNumber",
	"CaregiverLicenseNumber", "IdentificationMethod",
};

/* And of a delivery's (POST /sales/v2/deliveries, or a retailer stop). */
static const char *metrc_sim_api_dsale_fields[] = {
	"SalesCustomerType", "PatientLicenseNumber", "ConsumerId",
	"TransporterFacilityLicenseNumber", "DriverEmployeeId", "DriverName",
	"DriversLicenseNumber", "PhoneNumberForQuestions", "VehicleMake",
	"VehicleModel", "VehicleLicensePlateNumber", "RecipientName",
	"RecipientAddressStreet1", "RecipientAddressStreet2",
	"RecipientAddressCity", "RecipientAddressCounty",
	"RecipientAddressState", "RecipientAddressPostalCode",
	"RecipientZoneId", "PlannedRoute", "EstimatedDepartureDateTime",
	"EstimatedArrivalDateTime",
};

/* Local times of a delivery body, checked like SalesDateTime. */
static const char *metrc_sim_api_delivery_times[] = {
	"EstimatedDepartureDateTime", "EstimatedArrivalDateTime",
};

/*
 * Keep a checked sale's fields in s: those of the list as given, the
 * times in Metrc's local form, the transactions.
 */
static void
metrc_sim_api_sale_keep(struct metrc_sim *ms, json_t *s, json_t *o,
    int delivery, int64_t now)
{
	const char	**keys, *key;
	json_t		*v;
	size_t		 k, n;
	char		 local[32];

	keys = delivery ? metrc_sim_api_dsale_fields :
	    metrc_sim_api_sale_fields;
	n = delivery ? nitems(metrc_sim_api_dsale_fields) :
	    nitems(metrc_sim_api_sale_fields);
	for (k = 0; k < n; k++) {
		key = keys[k];
		v = json_object_get(o, key);
		if (json_is_string(v))
			json_object_set(s, key, v);
		else
			json_object_del(s, key);
	}
	for (k = 0; delivery && k < nitems(metrc_sim_api_delivery_times);
	    k++) {
		key = metrc_sim_api_delivery_times[k];
		if (metrc_sim_json_str(o, key) != NULL &&
		    metrc_sim_json_local(metrc_sim_json_str(o, key), local,
		    sizeof local) == 0)
			json_object_set_new(s, key, json_string(local));
	}
	metrc_sim_json_local(metrc_sim_json_str(o, "SalesDateTime"), local,
	    sizeof local);
	json_object_set_new(s, "SalesDateTime", json_string(local));
	json_object_set_new(s, "Transactions", metrc_sim_api_txns_store(ms,
	    o));
	json_object_set_new(s, "LastModified", json_integer(now));
}

/* Do a body's transactions and a stored record's sell the same? */
static int
metrc_sim_api_same_txns(json_t *o, json_t *s)
{
	json_t		*a, *b, *t, *u;
	const char	*la, *lb;
	int64_t		 q;
	size_t		 i;

	a = json_object_get(o, "Transactions");
	b = json_object_get(s, "Transactions");
	if (json_array_size(a) == 0 || json_array_size(a) !=
	    json_array_size(b))
		return (0);
	json_array_foreach(a, i, t) {
		u = json_array_get(b, i);
		la = metrc_sim_json_str(t, "PackageLabel");
		lb = metrc_sim_json_str(u, "PackageLabel");
		if (la == NULL || lb == NULL || strcmp(la, lb) != 0 ||
		    metrc_sim_json_dec(json_object_get(t, "Quantity"), 3,
		    &q) != 0 || q != metrc_sim_json_int(u, "Quantity"))
			return (0);
	}
	return (1);
}

/*
 * One sale reported two ways: a live record of this licence in another
 * list (receipts, deliveries, a retailer delivery's stops) with the same
 * SalesDateTime and the same packages and quantities as the body o. A
 * delivery sale is reported as a delivery and never also as a receipt
 * (metrc.md: MN_IB_0061); the simulator refuses the second report, naming
 * the first. Returns a description of it or NULL.
 */
static char *
metrc_sim_api_twice(struct metrc_sim *ms, struct metrc_sim_req *mr,
    json_t *o, const char *self)
{
	static const char	*lists[] = { "receipts", "deliveries",
				    "retailer" };
	const char		*sdt;
	json_t			*s, *d;
	size_t			 i, k, n;
	char			 local[32], *out;

	sdt = metrc_sim_json_str(o, "SalesDateTime");
	if (sdt == NULL || metrc_sim_json_local(sdt, local, sizeof local) != 0)
		return (NULL);
	for (i = 0; i < nitems(lists); i++) {
		if (strcmp(lists[i], self) == 0)
			continue;
		json_array_foreach(metrc_sim_state_list(ms, lists[i]), k, s) {
			if (!metrc_sim_api_mine(s, mr) ||
			    metrc_sim_json_int(s, "Archived") != 0 ||
			    metrc_sim_json_int(s, "Voided") != 0)
				continue;
			if (i != 2) {
				if (metrc_sim_json_str(s, "SalesDateTime") ==
				    NULL || strcmp(local, metrc_sim_json_str(s,
				    "SalesDateTime")) != 0 ||
				    !metrc_sim_api_same_txns(o, s))
					continue;
				xasprintf(&out, "%s %lld", i == 0 ?
				    "receipt" : "delivery", (long long)
				    metrc_sim_json_int(s, "Id"));
				return (out);
			}
			json_array_foreach(json_object_get(s, "Sales"), n, d) {
				if (strcmp(local, metrc_sim_json_str(d,
				    "SalesDateTime")) != 0 ||
				    !metrc_sim_api_same_txns(o, d))
					continue;
				xasprintf(&out, "a sale of retailer delivery "
				    "%lld", (long long)metrc_sim_json_int(s,
				    "Id"));
				return (out);
			}
		}
	}
	return (NULL);
}

/* POST and PUT of /sales/v2/receipts and /sales/v2/deliveries. */
static void
metrc_sim_api_sale_write(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r, int delivery)
{
	const char	*list = delivery ? "deliveries" : "receipts";
	const char	*ext, *key;
	json_t		*o, *s, *errors, *need, *ids, *warnings, *other, *v;
	json_t		*olds;
	char		*twice;
	json_int_t	 id;
	int64_t		 now = metrc_sim_api_now();
	size_t		 i, k;
	int		 update = mr->method == EVHTTP_REQ_PUT;
	char		 local[32];

	errors = json_array();
	need = json_object();
	olds = json_array();
	json_array_foreach(mr->body, i, o) {
		s = NULL;
		if (update) {
			id = metrc_sim_json_int(o, "Id");
			s = metrc_sim_state_find_id(ms, list, id);
			if (s == NULL || !metrc_sim_api_mine(s, mr)) {
				metrc_sim_api_error(errors, "Record %zu: no %s "
				    "with Id %lld on this license.", i + 1,
				    delivery ? "delivery" : "receipt",
				    (long long)id);
				continue;
			}
			if (metrc_sim_json_int(s, "Archived") != 0 ||
			    json_is_true(json_object_get(s, "IsFinal")) ||
			    metrc_sim_json_str(s, "ActualArrivalDateTime") !=
			    NULL) {
				metrc_sim_api_error(errors, "Record %zu: %s "
				    "%lld is voided, finalized or completed "
				    "and cannot be edited.", i + 1,
				    delivery ? "delivery" : "receipt",
				    (long long)id);
				continue;
			}
			json_array_foreach(json_object_get(s,
			    "Transactions"), k, v)
				metrc_sim_api_need(need, metrc_sim_json_str(v,
				    "PackageLabel"), -metrc_sim_json_int(v,
				    "Quantity"));
		}
		json_array_append(olds, s != NULL ? s : json_null());
		metrc_sim_api_sale_check(ms, mr, o, i + 1, need, errors);
		for (k = 0; delivery && k < nitems(
		    metrc_sim_api_delivery_fields); k++) {
			key = metrc_sim_api_delivery_fields[k];
			if (metrc_sim_json_str(o, key) == NULL ||
			    *metrc_sim_json_str(o, key) == '\0')
				metrc_sim_api_error(errors, "Record %zu: %s is "
				    "required for a delivery.", i + 1, key);
		}
		for (k = 0; delivery && k < nitems(
		    metrc_sim_api_delivery_times); k++) {
			key = metrc_sim_api_delivery_times[k];
			if (metrc_sim_json_str(o, key) != NULL &&
			    metrc_sim_json_local(metrc_sim_json_str(o, key),
			    local, sizeof local) != 0)
				metrc_sim_api_error(errors, "Record %zu: %s "
				    "must be the facility's local time without "
				    "a zone, e.g. 2024-05-01T15:00:00.000.",
				    i + 1, key);
		}
		if ((twice = metrc_sim_api_twice(ms, mr, o, list)) != NULL) {
			metrc_sim_api_error(errors, "Record %zu: this sale is "
			    "already reported as %s; a sale is reported once, "
			    "as a receipt or as a delivery.", i + 1, twice);
			free(twice);
		}
	}
	metrc_sim_api_need_check(ms, need, errors);
	json_decref(need);
	if (metrc_sim_api_errors(r, errors) != 0) {
		json_decref(olds);
		return;
	}

	ids = json_array();
	warnings = json_array();
	json_array_foreach(mr->body, i, o) {
		s = json_array_get(olds, i);
		if (json_is_null(s)) {
			s = json_object();
			json_object_set_new(s, "Id",
			    json_integer(metrc_sim_state_id(ms)));
			json_object_set_new(s, "License",
			    json_string(mr->license));
			json_object_set_new(s, "Recorded", json_integer(now));
			json_object_set_new(s, "Archived", json_integer(0));
			json_object_set_new(s, "IsFinal", json_false());
			if (delivery)
				json_object_set_new(s, "SalesDeliveryState",
				    json_string("InTransit"));
			ext = metrc_sim_json_str(o, "ExternalReceiptNumber");
			other = ext != NULL ? metrc_sim_state_find(ms, list,
			    "ExternalReceiptNumber", ext) : NULL;
			if (other != NULL)
				json_array_append_new(warnings, json_sprintf(
				    "ExternalReceiptNumber %s is also used by "
				    "%lld.", ext, (long long)metrc_sim_json_int(
				    other, "Id")));
			json_array_append_new(metrc_sim_state_list(ms, list),
			    s);
		} else
			metrc_sim_api_txns_apply(ms, json_object_get(s,
			    "Transactions"), -1, now);
		metrc_sim_api_sale_keep(ms, s, o, delivery, now);
		metrc_sim_api_txns_apply(ms, json_object_get(s,
		    "Transactions"), 1, now);
		json_array_append_new(ids, json_integer(metrc_sim_json_int(s,
		    "Id")));
	}
	json_decref(olds);
	r->changed = 1;
	if (update) {
		json_decref(ids);
		json_decref(warnings);
		r->status = 200;
		return;
	}
	if (json_array_size(warnings) == 0) {
		json_decref(warnings);
		warnings = json_null();
	}
	metrc_sim_reply_json(r, 200, json_pack("{s:o,s:o}", "Ids", ids,
	    "Warnings", warnings));
}

static void
metrc_sim_api_receipts_write(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	metrc_sim_api_sale_write(ms, mr, r, 0);
}

static void
metrc_sim_api_deliveries_write(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	metrc_sim_api_sale_write(ms, mr, r, 1);
}

/* Active: not final, voided or completed; inactive: the others. */
static void
metrc_sim_api_sales_list(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	struct metrc_sim_api_filter	 f;
	int				 delivery, active, done;
	json_t				*out, *s;
	size_t				 i;

	delivery = strcmp(mr->seg[2], "deliveries") == 0;
	active = strcmp(mr->seg[3], "active") == 0;
	if (metrc_sim_api_filter(mr, r, delivery ? F_SALES | F_WINDOW :
	    F_SALES, &f) != 0)
		return;
	out = json_array();
	json_array_foreach(metrc_sim_state_list(ms, delivery ? "deliveries" :
	    "receipts"), i, s) {
		if (!metrc_sim_api_mine(s, mr) ||
		    !metrc_sim_api_match(&f, s))
			continue;
		done = json_is_true(json_object_get(s, "IsFinal")) ||
		    metrc_sim_json_int(s, "Archived") != 0 ||
		    metrc_sim_json_str(s, "ActualArrivalDateTime") != NULL;
		if (done != active)
			json_array_append_new(out,
			    metrc_sim_api_sale_json(ms, s, delivery));
	}
	metrc_sim_api_page(mr, r, out);
}

static json_t *
metrc_sim_api_sale_get(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r, const char *list)
{
	json_int_t	 id;
	json_t		*s;

	if (metrc_sim_api_id(mr->seg[3], &id) != 0 ||
	    (s = metrc_sim_state_find_id(ms, list, id)) == NULL) {
		metrc_sim_reply_message(r, 404, "No %s with Id %s.",
		    *list == 'r' ? "receipt" : "delivery", mr->seg[3]);
		return (NULL);
	}
	if (mr->license != NULL && !metrc_sim_api_mine(s, mr)) {
		metrc_sim_reply_message(r, 401, "%s %s is not valid for "
		    "license %s.", *list == 'r' ? "Receipt" : "Delivery",
		    mr->seg[3], mr->license);
		return (NULL);
	}
	return (s);
}

static void
metrc_sim_api_sale(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	int	 delivery = strcmp(mr->seg[2], "deliveries") == 0;
	json_t	*s;

	s = metrc_sim_api_sale_get(ms, mr, r, delivery ? "deliveries" :
	    "receipts");
	if (s != NULL)
		metrc_sim_reply_json(r, 200, metrc_sim_api_sale_json(ms, s,
		    delivery));
}

static void
metrc_sim_api_sale_void(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	int	 delivery = strcmp(mr->seg[2], "deliveries") == 0;
	int64_t	 now = metrc_sim_api_now();
	json_t	*s;

	s = metrc_sim_api_sale_get(ms, mr, r, delivery ? "deliveries" :
	    "receipts");
	if (s == NULL)
		return;
	if (metrc_sim_json_int(s, "Archived") != 0) {
		metrc_sim_reply_message(r, 400, "%s %s is already voided.",
		    delivery ? "Delivery" : "Receipt", mr->seg[3]);
		return;
	}
	if (json_is_true(json_object_get(s, "IsFinal")) ||
	    metrc_sim_json_str(s, "ActualArrivalDateTime") != NULL) {
		metrc_sim_reply_message(r, 400, "%s %s is %s; it cannot be "
		    "voided%s.", delivery ? "Delivery" : "Receipt", mr->seg[3],
		    delivery ? "completed" : "finalized",
		    delivery ? "" : " until it is unfinalized");
		return;
	}
	metrc_sim_api_txns_apply(ms, json_object_get(s, "Transactions"), -1,
	    now);
	json_object_set_new(s, "Archived", json_integer(now));
	json_object_set_new(s, "LastModified", json_integer(now));
	r->changed = 1;
	r->status = 200;
}

static void
metrc_sim_api_external(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	const char	*ext = mr->seg[4];
	json_t		*s, *mine = NULL, *other = NULL, *all;
	size_t		 i;

	all = json_array();
	json_array_foreach(metrc_sim_state_list(ms, "receipts"), i, s) {
		if (metrc_sim_json_str(s, "ExternalReceiptNumber") == NULL ||
		    strcmp(metrc_sim_json_str(s, "ExternalReceiptNumber"),
		    ext) != 0)
			continue;
		/*
		 * licenseNumber is optional here: without one the number is
		 * looked for at every facility of the user (all of them).
		 */
		if (mr->license == NULL || metrc_sim_api_mine(s, mr)) {
			mine = s;	/* the latest one */
			json_array_append_new(all, metrc_sim_api_sale_json(ms,
			    s, 0));
		} else
			other = s;
	}
	/* Wrapped (POST /_sim/shape): every match, none an empty page. */
	if (ms->wrapped && (mine != NULL || other == NULL)) {
		metrc_sim_api_page(mr, r, all);
		return;
	}
	json_decref(all);
	if (mine != NULL)
		metrc_sim_reply_json(r, 200, metrc_sim_api_sale_json(ms, mine,
		    0));
	else if (other != NULL)
		metrc_sim_reply_message(r, 401, "External receipt number %s "
		    "is not valid for license %s.", ext, mr->license);
	else
		metrc_sim_reply_message(r, 404, "No receipt with external "
		    "number %s.", ext);
}

static void
metrc_sim_api_finalize(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	int		 fin = strcmp(mr->seg[3], "finalize") == 0;
	json_t		*o, *s, *errors = json_array();
	json_int_t	 id;
	size_t		 i;

	json_array_foreach(mr->body, i, o) {
		id = metrc_sim_json_int(o, "Id");
		s = metrc_sim_state_find_id(ms, "receipts", id);
		if (s == NULL || !metrc_sim_api_mine(s, mr))
			metrc_sim_api_error(errors, "Record %zu: no receipt "
			    "with Id %lld on this license.", i + 1,
			    (long long)id);
		else if (metrc_sim_json_int(s, "Archived") != 0)
			metrc_sim_api_error(errors, "Record %zu: receipt %lld "
			    "is voided.", i + 1, (long long)id);
	}
	if (metrc_sim_api_errors(r, errors) != 0)
		return;
	json_array_foreach(mr->body, i, o) {
		s = metrc_sim_state_find_id(ms, "receipts",
		    metrc_sim_json_int(o, "Id"));
		json_object_set_new(s, "IsFinal", json_boolean(fin));
		json_object_set_new(s, "LastModified",
		    json_integer(metrc_sim_api_now()));
	}
	r->changed = 1;
	r->status = 200;
}

/* GET /sales/v2/deliveries/returnreasons. */
static const struct metrc_sim_api_reason metrc_sim_api_return_reasons[] = {
	{ "Spoilage", 0 },
	{ "Customer Refused", 0 },
	{ "Incorrect Product", 0 },
	{ "Other", 1 },
};

/* One ReturnedPackages entry x against the delivery's transaction t. */
static void
metrc_sim_api_return_check(json_t *x, json_t *t, size_t row,
    const char *label, json_t *errors)
{
	const struct metrc_sim_api_reason	*rr = NULL;
	const char				*reason, *note, *uom;
	size_t					 k;

	reason = metrc_sim_json_str(x, "ReturnReason");
	note = metrc_sim_json_str(x, "ReturnReasonNote");
	uom = metrc_sim_json_str(x, "ReturnUnitOfMeasure");
	for (k = 0; reason != NULL &&
	    k < nitems(metrc_sim_api_return_reasons); k++) {
		if (strcmp(reason, metrc_sim_api_return_reasons[k].name) == 0)
			rr = &metrc_sim_api_return_reasons[k];
	}
	if (rr == NULL)
		metrc_sim_api_error(errors, "Record %zu: ReturnReason \"%s\" "
		    "of %s is not one of GET /sales/v2/deliveries/"
		    "returnreasons.", row, reason != NULL ? reason : "", label);
	else if (rr->note && (note == NULL || *note == '\0'))
		metrc_sim_api_error(errors, "Record %zu: return reason %s of "
		    "%s requires a ReturnReasonNote.", row, reason, label);
	if (uom == NULL || strcmp(uom, metrc_sim_json_str(t,
	    "UnitOfMeasure")) != 0)
		metrc_sim_api_error(errors, "Record %zu: ReturnUnitOfMeasure "
		    "of %s must be %s, the unit it was sold in.", row, label,
		    metrc_sim_json_str(t, "UnitOfMeasure"));
}

static void
metrc_sim_api_complete(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t		*o, *s, *t, *acc, *ret, *x, *pay, *errors = json_array();
	const char	*label, *xl, *arr;
	json_int_t	 id;
	int64_t		 q, now = metrc_sim_api_now();
	size_t		 i, k, n;
	int		 seen;
	char		 local[32];

	json_array_foreach(mr->body, i, o) {
		id = metrc_sim_json_int(o, "Id");
		s = metrc_sim_state_find_id(ms, "deliveries", id);
		if (s == NULL || !metrc_sim_api_mine(s, mr)) {
			metrc_sim_api_error(errors, "Record %zu: no delivery "
			    "with Id %lld on this license.", i + 1,
			    (long long)id);
			continue;
		}
		if (metrc_sim_json_int(s, "Archived") != 0 ||
		    metrc_sim_json_str(s, "ActualArrivalDateTime") != NULL) {
			metrc_sim_api_error(errors, "Record %zu: delivery "
			    "%lld is voided or already completed.", i + 1,
			    (long long)id);
			continue;
		}
		arr = metrc_sim_json_str(o, "ActualArrivalDateTime");
		if (arr == NULL || metrc_sim_json_local(arr, local,
		    sizeof local) != 0)
			metrc_sim_api_error(errors, "Record %zu: "
			    "ActualArrivalDateTime must be the facility's "
			    "local time without a zone, e.g. "
			    "2024-05-01T15:25:00.000.", i + 1);
		pay = json_object_get(o, "PaymentType");
		if (pay != NULL && !json_is_null(pay) && !json_is_string(pay))
			metrc_sim_api_error(errors, "Record %zu: PaymentType "
			    "must be a string or null.", i + 1);
		acc = json_object_get(o, "AcceptedPackages");
		ret = json_object_get(o, "ReturnedPackages");
		if ((acc != NULL && !json_is_array(acc)) ||
		    (ret != NULL && !json_is_array(ret))) {
			metrc_sim_api_error(errors, "Record %zu: "
			    "AcceptedPackages and ReturnedPackages must be "
			    "arrays.", i + 1);
			continue;
		}
		json_array_foreach(ret, n, x) {
			xl = metrc_sim_json_str(x, "Label");
			seen = 0;
			json_array_foreach(json_object_get(s, "Transactions"),
			    k, t) {
				if (xl != NULL && strcmp(xl,
				    metrc_sim_json_str(t, "PackageLabel")) == 0)
					seen = 1;
			}
			if (!seen)
				metrc_sim_api_error(errors, "Record %zu: "
				    "returned package %s is not in delivery "
				    "%lld.", i + 1, xl != NULL ? xl :
				    "(no Label)", (long long)id);
		}
		json_array_foreach(json_object_get(s, "Transactions"), k, t) {
			label = metrc_sim_json_str(t, "PackageLabel");
			seen = 0;
			json_array_foreach(acc, n, x) {
				if (json_is_string(x) && strcmp(
				    json_string_value(x), label) == 0)
					seen++;
			}
			json_array_foreach(ret, n, x) {
				xl = metrc_sim_json_str(x, "Label");
				if (xl == NULL || strcmp(xl, label) != 0)
					continue;
				seen++;
				if (metrc_sim_json_dec(json_object_get(x,
				    "ReturnQuantityVerified"), 3, &q) != 0 ||
				    q < 0 || q > metrc_sim_json_int(t,
				    "Quantity"))
					metrc_sim_api_error(errors, "Record "
					    "%zu: ReturnQuantityVerified of %s "
					    "must be from 0 to the quantity "
					    "sold.", i + 1, label);
				metrc_sim_api_return_check(x, t, i + 1, label,
				    errors);
			}
			if (seen != 1)
				metrc_sim_api_error(errors, "Record %zu: "
				    "package %s must be listed once, in "
				    "AcceptedPackages or ReturnedPackages.",
				    i + 1, label);
		}
	}
	if (metrc_sim_api_errors(r, errors) != 0)
		return;
	json_array_foreach(mr->body, i, o) {
		s = metrc_sim_state_find_id(ms, "deliveries",
		    metrc_sim_json_int(o, "Id"));
		json_array_foreach(json_object_get(o, "ReturnedPackages"), n,
		    x) {
			metrc_sim_json_dec(json_object_get(x,
			    "ReturnQuantityVerified"), 3, &q);
			metrc_sim_api_take(ms, metrc_sim_json_str(x, "Label"),
			    -q, now);
		}
		metrc_sim_json_local(metrc_sim_json_str(o,
		    "ActualArrivalDateTime"), local, sizeof local);
		json_object_set_new(s, "ActualArrivalDateTime",
		    json_string(local));
		if (json_is_string(json_object_get(o, "PaymentType")))
			json_object_set(s, "PaymentType",
			    json_object_get(o, "PaymentType"));
		json_object_set_new(s, "Completed", json_integer(now));
		json_object_set_new(s, "SalesDeliveryState",
		    json_string(json_array_size(json_object_get(o,
		    "ReturnedPackages")) > 0 ? "Returned" : "Delivered"));
		json_object_set_new(s, "LastModified", json_integer(now));
	}
	r->changed = 1;
	r->status = 200;
}

static void
metrc_sim_api_returnreasons(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t	*out = json_array();
	size_t	 i;

	for (i = 0; i < nitems(metrc_sim_api_return_reasons); i++)
		json_array_append_new(out, json_pack("{s:s,s:b,s:b,s:b,s:b}",
		    "Name", metrc_sim_api_return_reasons[i].name,
		    "RequiresNote", metrc_sim_api_return_reasons[i].note,
		    "RequiresWasteWeight", 0, "RequiresImmatureWasteWeight", 0,
		    "RequiresMatureWasteWeight", 0));
	metrc_sim_api_page(mr, r, out);
}

/* --- retailer (dynamic) deliveries --- */

/*
 * A retailer delivery carries stock that is not yet sold ("Packages": the
 * on-board ledger) and sells from it stop by stop. Stored: the driver and
 * vehicle as given; Packages [{PackageLabel, Quantity (on board, loaded in
 * all), Sold, UnitOfMeasure, TotalPrice, Removed}]; Sales (the stops, each
 * kept like a delivery); the times of departure, restock, end and void
 * (UTC seconds, 0: not yet). A package is on one live retailer delivery at
 * a time and leaves the store's stock only when sold at a stop; the end
 * must account for what is left of each package on board.
 */

static const char *metrc_sim_api_retailer_fields[] = {
	"DriverEmployeeId", "DriverName", "DriversLicenseNumber",
	"PhoneNumberForQuestions", "VehicleMake", "VehicleModel",
	"VehicleLicensePlateNumber",
};

/* The retailer delivery of an Id on this licence, or NULL and an error. */
static json_t *
metrc_sim_api_retailer_of(struct metrc_sim *ms, struct metrc_sim_req *mr,
    json_t *o, size_t row, json_t *errors)
{
	json_t		*d;
	json_int_t	 id;

	id = metrc_sim_json_int(o, "RetailerDeliveryId");
	d = metrc_sim_state_find_id(ms, "retailer", id);
	if (d == NULL || !metrc_sim_api_mine(d, mr) ||
	    metrc_sim_json_str(d, "DriverName") == NULL) {
		metrc_sim_api_error(errors, "Record %zu: no retailer delivery "
		    "with RetailerDeliveryId %lld on this license.", row,
		    (long long)id);
		return (NULL);
	}
	if (metrc_sim_json_int(d, "Voided") != 0 ||
	    metrc_sim_json_int(d, "Completed") != 0) {
		metrc_sim_api_error(errors, "Record %zu: retailer delivery "
		    "%lld is %s.", row, (long long)id,
		    metrc_sim_json_int(d, "Voided") != 0 ? "voided" : "ended");
		return (NULL);
	}
	return (d);
}

/* The on-board entry of a label, or NULL. */
static json_t *
metrc_sim_api_onboard(json_t *d, const char *label)
{
	json_t	*p;
	size_t	 i;

	json_array_foreach(json_object_get(d, "Packages"), i, p) {
		if (label != NULL && strcmp(label, metrc_sim_json_str(p,
		    "PackageLabel")) == 0)
			return (p);
	}
	return (NULL);
}

/* Another live retailer delivery carrying this label, or NULL. */
static json_t *
metrc_sim_api_carried(struct metrc_sim *ms, const char *label, json_t *self)
{
	json_t	*d, *p;
	size_t	 i;

	json_array_foreach(metrc_sim_state_list(ms, "retailer"), i, d) {
		if (d == self || metrc_sim_json_int(d, "Voided") != 0 ||
		    metrc_sim_json_int(d, "Completed") != 0)
			continue;
		p = metrc_sim_api_onboard(d, label);
		if (p != NULL && !json_is_true(json_object_get(p, "Removed")))
			return (d);
	}
	return (NULL);
}

/*
 * Check the Packages of a create or restock (d: the delivery restocked,
 * or NULL) into errors; what each would put on board in total into need.
 */
static void
metrc_sim_api_load_check(struct metrc_sim *ms, struct metrc_sim_req *mr,
    json_t *o, json_t *d, size_t row, json_t *need, json_t *errors)
{
	struct metrc_sim_reply	 r2;
	json_t			*pkgs, *x, *p, *ob, *other;
	const char		*label, *uom, *why;
	int64_t			 qty, price, left;
	size_t			 i;
	int			 remove;

	pkgs = json_object_get(o, "Packages");
	if (!json_is_array(pkgs) || (d == NULL && json_array_size(pkgs) == 0)) {
		metrc_sim_api_error(errors, "Record %zu: Packages must be a%s "
		    "array.", row, d == NULL ? " non-empty" : "n");
		return;
	}
	memset(&r2, 0, sizeof r2);
	json_array_foreach(pkgs, i, x) {
		label = metrc_sim_json_str(x, "PackageLabel");
		uom = metrc_sim_json_str(x, "UnitOfMeasure");
		remove = json_is_true(json_object_get(x,
		    "RemoveCurrentPackage"));
		if (label == NULL) {
			metrc_sim_api_error(errors, "Record %zu, package %zu: "
			    "PackageLabel is required.", row, i + 1);
			continue;
		}
		if ((p = metrc_sim_api_package_get(ms, mr, &r2, label)) ==
		    NULL) {
			metrc_sim_api_error(errors, "Record %zu, package %zu: "
			    "package %s %s.", row, i + 1, label,
			    r2.status == 401 ? "is not on this license" :
			    "does not exist");
			continue;
		}
		ob = d != NULL ? metrc_sim_api_onboard(d, label) : NULL;
		if (remove) {
			if (ob == NULL || json_is_true(json_object_get(ob,
			    "Removed")))
				metrc_sim_api_error(errors, "Record %zu, "
				    "package %zu: %s is not on board to "
				    "remove.", row, i + 1, label);
			continue;
		}
		if ((why = metrc_sim_api_package_state(p)) != NULL)
			metrc_sim_api_error(errors, "Record %zu, package %zu: "
			    "package %s %s and cannot be carried.", row,
			    i + 1, label, why);
		if ((other = metrc_sim_api_carried(ms, label, d)) != NULL)
			metrc_sim_api_error(errors, "Record %zu, package %zu: "
			    "package %s is already on retailer delivery "
			    "%lld.", row, i + 1, label, (long long)
			    metrc_sim_json_int(other, "Id"));
		if (metrc_sim_json_dec(json_object_get(x, "Quantity"), 3,
		    &qty) != 0 || qty <= 0)
			metrc_sim_api_error(errors, "Record %zu, package %zu: "
			    "Quantity must be a positive decimal with at most "
			    "3 places.", row, i + 1);
		else {
			/* What stays on board of it, plus this. */
			left = 0;
			if (ob != NULL && !json_is_true(json_object_get(ob,
			    "Removed")))
				left = metrc_sim_json_int(ob, "Quantity") -
				    metrc_sim_json_int(ob, "Sold");
			metrc_sim_api_need(need, label, left + qty);
		}
		if (uom == NULL || strcmp(uom, metrc_sim_json_str(p,
		    "UnitOfMeasureName")) != 0)
			metrc_sim_api_error(errors, "Record %zu, package %zu: "
			    "UnitOfMeasure must be %s, the unit of package "
			    "%s.", row, i + 1, metrc_sim_json_str(p,
			    "UnitOfMeasureName"), label);
		if (metrc_sim_json_dec(json_object_get(x, "TotalPrice"), 2,
		    &price) != 0 || price < 0)
			metrc_sim_api_error(errors, "Record %zu, package %zu: "
			    "TotalPrice must be a decimal of at least 0 with "
			    "at most 2 places.", row, i + 1);
	}
	free(r2.body);
}

/* Put a checked create's or restock's Packages on board d. */
static void
metrc_sim_api_load(json_t *d, json_t *o)
{
	json_t		*x, *ob, *list;
	const char	*label;
	int64_t		 qty, price;
	size_t		 i;

	if ((list = json_object_get(d, "Packages")) == NULL) {
		list = json_array();
		json_object_set_new(d, "Packages", list);
	}
	json_array_foreach(json_object_get(o, "Packages"), i, x) {
		label = metrc_sim_json_str(x, "PackageLabel");
		ob = metrc_sim_api_onboard(d, label);
		if (json_is_true(json_object_get(x, "RemoveCurrentPackage"))) {
			json_object_set_new(ob, "Removed", json_true());
			continue;
		}
		metrc_sim_json_dec(json_object_get(x, "Quantity"), 3, &qty);
		metrc_sim_json_dec(json_object_get(x, "TotalPrice"), 2, &price);
		if (ob == NULL) {
			ob = json_pack("{s:s,s:I,s:I,s:s,s:I,s:b}",
			    "PackageLabel", label, "Quantity", (json_int_t)0,
			    "Sold", (json_int_t)0, "UnitOfMeasure",
			    metrc_sim_json_str(x, "UnitOfMeasure"),
			    "TotalPrice", (json_int_t)0, "Removed", 0);
			json_array_append_new(list, ob);
		}
		if (json_is_true(json_object_get(ob, "Removed"))) {
			/* Loaded again: what was sold of it stays sold. */
			json_object_set_new(ob, "Quantity", json_integer(
			    metrc_sim_json_int(ob, "Sold")));
			json_object_set_new(ob, "Removed", json_false());
		}
		json_object_set_new(ob, "Quantity", json_integer(
		    metrc_sim_json_int(ob, "Quantity") + qty));
		json_object_set_new(ob, "TotalPrice", json_integer(
		    metrc_sim_json_int(ob, "TotalPrice") + price));
	}
}

static void
metrc_sim_api_retailer_keep(json_t *d, json_t *o, const char *key)
{
	char	local[32];

	if (metrc_sim_json_str(o, key) != NULL &&
	    metrc_sim_json_local(metrc_sim_json_str(o, key), local,
	    sizeof local) == 0)
		json_object_set_new(d, key, json_string(local));
}

/* A local time field: required (or optional) and without a zone. */
static void
metrc_sim_api_local_check(json_t *o, const char *key, int required,
    size_t row, json_t *errors)
{
	const char	*v = metrc_sim_json_str(o, key);
	char		 local[32];

	if (v == NULL && !required)
		return;
	if (v == NULL || metrc_sim_json_local(v, local, sizeof local) != 0)
		metrc_sim_api_error(errors, "Record %zu: %s must be the "
		    "facility's local time without a zone, e.g. "
		    "2024-05-01T15:00:00.000 (got %s).", row, key,
		    v != NULL ? v : "nothing");
}

/* POST /sales/v2/deliveries/retailer. */
static void
metrc_sim_api_retailer_create(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t		*o, *d, *errors, *need, *ids, *v;
	const char	*key;
	int64_t		 now = metrc_sim_api_now();
	size_t		 i, k;

	errors = json_array();
	need = json_object();
	json_array_foreach(mr->body, i, o) {
		if (!json_is_object(o)) {
			metrc_sim_api_error(errors, "Record %zu is not an "
			    "object.", i + 1);
			continue;
		}
		metrc_sim_api_local_check(o, "DateTime", 1, i + 1, errors);
		metrc_sim_api_local_check(o, "EstimatedDepartureDateTime", 1,
		    i + 1, errors);
		for (k = 0; k < nitems(metrc_sim_api_retailer_fields); k++) {
			key = metrc_sim_api_retailer_fields[k];
			if (strcmp(key, "PhoneNumberForQuestions") == 0)
				continue;
			if (metrc_sim_json_str(o, key) == NULL ||
			    *metrc_sim_json_str(o, key) == '\0')
				metrc_sim_api_error(errors, "Record %zu: %s is "
				    "required for a retailer delivery.", i + 1,
				    key);
		}
		v = json_object_get(o, "Destinations");
		if (v != NULL && !json_is_null(v) && !json_is_array(v))
			metrc_sim_api_error(errors, "Record %zu: Destinations "
			    "must be an array or null.", i + 1);
		metrc_sim_api_load_check(ms, mr, o, NULL, i + 1, need, errors);
	}
	metrc_sim_api_need_check(ms, need, errors);
	json_decref(need);
	if (metrc_sim_api_errors(r, errors) != 0)
		return;

	ids = json_array();
	json_array_foreach(mr->body, i, o) {
		d = json_pack("{s:I,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:i,s:[]}",
		    "Id", metrc_sim_state_id(ms), "License", mr->license,
		    "Recorded", (json_int_t)now, "LastModified",
		    (json_int_t)now, "Departed", (json_int_t)0,
		    "Restocked", (json_int_t)0, "Completed", (json_int_t)0,
		    "Voided", (json_int_t)0, "Leg", 1, "Sales");
		for (k = 0; k < nitems(metrc_sim_api_retailer_fields); k++) {
			key = metrc_sim_api_retailer_fields[k];
			if (json_is_string(json_object_get(o, key)))
				json_object_set(d, key, json_object_get(o,
				    key));
		}
		metrc_sim_api_retailer_keep(d, o, "DateTime");
		metrc_sim_api_retailer_keep(d, o,
		    "EstimatedDepartureDateTime");
		json_object_set_new(d, "PlannedStops", json_integer((json_int_t)
		    json_array_size(json_object_get(o, "Destinations"))));
		metrc_sim_api_load(d, o);
		json_array_append_new(metrc_sim_state_list(ms, "retailer"), d);
		json_array_append_new(ids, json_integer(metrc_sim_json_int(d,
		    "Id")));
	}
	r->changed = 1;
	metrc_sim_reply_json(r, 200, json_pack("{s:o,s:n}", "Ids", ids,
	    "Warnings"));
}

/* POST /sales/v2/deliveries/retailer/depart. */
static void
metrc_sim_api_retailer_depart(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t	*o, *d, *errors = json_array();
	int64_t	 now = metrc_sim_api_now();
	size_t	 i;

	json_array_foreach(mr->body, i, o) {
		if ((d = metrc_sim_api_retailer_of(ms, mr, o, i + 1,
		    errors)) != NULL && metrc_sim_json_int(d, "Departed") != 0)
			metrc_sim_api_error(errors, "Record %zu: retailer "
			    "delivery %lld has already departed.", i + 1,
			    (long long)metrc_sim_json_int(d, "Id"));
	}
	if (metrc_sim_api_errors(r, errors) != 0)
		return;
	json_array_foreach(mr->body, i, o) {
		d = metrc_sim_state_find_id(ms, "retailer",
		    metrc_sim_json_int(o, "RetailerDeliveryId"));
		json_object_set_new(d, "Departed", json_integer(now));
		json_object_set_new(d, "LastModified", json_integer(now));
	}
	r->changed = 1;
	r->status = 200;
}

/* POST /sales/v2/deliveries/retailer/sale: one stop's sale each. */
static void
metrc_sim_api_retailer_sale(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t		*o, *d, *t, *ob, *s, *need, *onb, *errors, *v;
	const char	*label, *key;
	char		*twice;
	int64_t		 qty, now = metrc_sim_api_now();
	size_t		 i, k;
	char		 a[40], b[40];

	errors = json_array();
	need = json_object();
	onb = json_object();	/* what each sale takes from on board */
	json_array_foreach(mr->body, i, o) {
		if ((d = metrc_sim_api_retailer_of(ms, mr, o, i + 1,
		    errors)) == NULL)
			continue;
		if (metrc_sim_json_int(d, "Departed") == 0)
			metrc_sim_api_error(errors, "Record %zu: retailer "
			    "delivery %lld has not departed.", i + 1,
			    (long long)metrc_sim_json_int(d, "Id"));
		metrc_sim_api_sale_check(ms, mr, o, i + 1, need, errors);
		metrc_sim_api_local_check(o, "EstimatedArrivalDateTime", 0,
		    i + 1, errors);
		for (k = 0; k < 4; k++) {
			key = metrc_sim_api_delivery_fields[k];
			if (metrc_sim_json_str(o, key) == NULL ||
			    *metrc_sim_json_str(o, key) == '\0')
				metrc_sim_api_error(errors, "Record %zu: %s is "
				    "required for a delivery sale.", i + 1,
				    key);
		}
		json_array_foreach(json_object_get(o, "Transactions"), k, t) {
			label = metrc_sim_json_str(t, "PackageLabel");
			ob = metrc_sim_api_onboard(d, label);
			if (label == NULL)
				continue;
			if (ob == NULL || json_is_true(json_object_get(ob,
			    "Removed"))) {
				metrc_sim_api_error(errors, "Record %zu: "
				    "package %s is not on board retailer "
				    "delivery %lld.", i + 1, label, (long long)
				    metrc_sim_json_int(d, "Id"));
				continue;
			}
			if (metrc_sim_json_dec(json_object_get(t, "Quantity"),
			    3, &qty) == 0 && qty > 0)
				metrc_sim_api_need(onb, label, qty);
			qty = metrc_sim_json_int(onb, label);
			if (qty > metrc_sim_json_int(ob, "Quantity") -
			    metrc_sim_json_int(ob, "Sold")) {
				metrc_sim_json_fmt(qty, 3, a, sizeof a);
				metrc_sim_json_fmt(metrc_sim_json_int(ob,
				    "Quantity") - metrc_sim_json_int(ob,
				    "Sold"), 3, b, sizeof b);
				metrc_sim_api_error(errors, "Record %zu: "
				    "package %s: the sale takes %s but only %s "
				    "are on board.", i + 1, label, a, b);
			}
		}
		if ((twice = metrc_sim_api_twice(ms, mr, o, "retailer")) !=
		    NULL) {
			metrc_sim_api_error(errors, "Record %zu: this sale is "
			    "already reported as %s; a sale is reported once, "
			    "as a receipt or as a delivery.", i + 1, twice);
			free(twice);
		}
	}
	json_decref(onb);
	metrc_sim_api_need_check(ms, need, errors);
	json_decref(need);
	if (metrc_sim_api_errors(r, errors) != 0)
		return;

	json_array_foreach(mr->body, i, o) {
		d = metrc_sim_state_find_id(ms, "retailer",
		    metrc_sim_json_int(o, "RetailerDeliveryId"));
		s = json_pack("{s:I,s:s,s:I,s:s}", "Id", metrc_sim_state_id(ms),
		    "License", mr->license, "Recorded", (json_int_t)now,
		    "SalesDeliveryState", "Delivered");
		metrc_sim_api_sale_keep(ms, s, o, 1, now);
		json_array_foreach(json_object_get(s, "Transactions"), k, v) {
			ob = metrc_sim_api_onboard(d, metrc_sim_json_str(v,
			    "PackageLabel"));
			json_object_set_new(ob, "Sold", json_integer(
			    metrc_sim_json_int(ob, "Sold") +
			    metrc_sim_json_int(v, "Quantity")));
		}
		metrc_sim_api_txns_apply(ms, json_object_get(s,
		    "Transactions"), 1, now);
		json_array_append_new(json_object_get(d, "Sales"), s);
		json_object_set_new(d, "LastModified", json_integer(now));
	}
	r->changed = 1;
	r->status = 200;
}

/* POST /sales/v2/deliveries/retailer/restock. */
static void
metrc_sim_api_retailer_restock(struct metrc_sim *ms,
    struct metrc_sim_req *mr, struct metrc_sim_reply *r)
{
	json_t	*o, *d, *errors, *need, *ids;
	int64_t	 now = metrc_sim_api_now();
	size_t	 i;

	errors = json_array();
	need = json_object();
	json_array_foreach(mr->body, i, o) {
		if ((d = metrc_sim_api_retailer_of(ms, mr, o, i + 1,
		    errors)) == NULL)
			continue;
		metrc_sim_api_local_check(o, "DateTime", 1, i + 1, errors);
		metrc_sim_api_local_check(o, "EstimatedDepartureDateTime", 1,
		    i + 1, errors);
		metrc_sim_api_load_check(ms, mr, o, d, i + 1, need, errors);
	}
	metrc_sim_api_need_check(ms, need, errors);
	json_decref(need);
	if (metrc_sim_api_errors(r, errors) != 0)
		return;
	ids = json_array();
	json_array_foreach(mr->body, i, o) {
		d = metrc_sim_state_find_id(ms, "retailer",
		    metrc_sim_json_int(o, "RetailerDeliveryId"));
		metrc_sim_api_load(d, o);
		metrc_sim_api_retailer_keep(d, o, "EstimatedDepartureDateTime");
		json_object_set_new(d, "Restocked", json_integer(now));
		json_object_set_new(d, "Leg", json_integer(
		    metrc_sim_json_int(d, "Leg") + 1));
		json_object_set_new(d, "LastModified", json_integer(now));
		json_array_append_new(ids, json_integer(metrc_sim_json_int(d,
		    "Id")));
	}
	r->changed = 1;
	metrc_sim_reply_json(r, 200, json_pack("{s:o,s:n}", "Ids", ids,
	    "Warnings"));
}

/*
 * POST /sales/v2/deliveries/retailer/end: every package still on board
 * listed once, with what is left of it (loaded less sold); a loss is an
 * adjustment, reported before the end.
 */
static void
metrc_sim_api_retailer_end(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t		*o, *d, *x, *ob, *errors, *ids;
	const char	*label, *uom;
	int64_t		 q, left, now = metrc_sim_api_now();
	size_t		 i, k, n;
	int		 seen;
	char		 a[40], b[40], local[32];

	errors = json_array();
	json_array_foreach(mr->body, i, o) {
		if ((d = metrc_sim_api_retailer_of(ms, mr, o, i + 1,
		    errors)) == NULL)
			continue;
		metrc_sim_api_local_check(o, "ActualArrivalDateTime", 1,
		    i + 1, errors);
		if (!json_is_array(json_object_get(o, "Packages"))) {
			metrc_sim_api_error(errors, "Record %zu: Packages must "
			    "be an array.", i + 1);
			continue;
		}
		json_array_foreach(json_object_get(o, "Packages"), k, x) {
			label = metrc_sim_json_str(x, "Label");
			ob = metrc_sim_api_onboard(d, label);
			if (ob == NULL || json_is_true(json_object_get(ob,
			    "Removed")))
				metrc_sim_api_error(errors, "Record %zu: "
				    "package %s is not on board.", i + 1,
				    label != NULL ? label : "(no Label)");
		}
		json_array_foreach(json_object_get(d, "Packages"), k, ob) {
			if (json_is_true(json_object_get(ob, "Removed")))
				continue;
			label = metrc_sim_json_str(ob, "PackageLabel");
			left = metrc_sim_json_int(ob, "Quantity") -
			    metrc_sim_json_int(ob, "Sold");
			seen = 0;
			json_array_foreach(json_object_get(o, "Packages"), n,
			    x) {
				if (metrc_sim_json_str(x, "Label") == NULL ||
				    strcmp(metrc_sim_json_str(x, "Label"),
				    label) != 0)
					continue;
				seen++;
				uom = metrc_sim_json_str(x, "EndUnitOfMeasure");
				if (uom == NULL || strcmp(uom,
				    metrc_sim_json_str(ob, "UnitOfMeasure")) !=
				    0)
					metrc_sim_api_error(errors, "Record "
					    "%zu: EndUnitOfMeasure of %s must "
					    "be %s.", i + 1, label,
					    metrc_sim_json_str(ob,
					    "UnitOfMeasure"));
				if (metrc_sim_json_dec(json_object_get(x,
				    "EndQuantity"), 3, &q) != 0 || q != left) {
					metrc_sim_json_fmt(left, 3, a,
					    sizeof a);
					metrc_sim_json_fmt(q, 3, b, sizeof b);
					metrc_sim_api_error(errors, "Record "
					    "%zu: EndQuantity of %s must be "
					    "%s, what is left on board after "
					    "the sales (got %s).", i + 1,
					    label, a, b);
				}
			}
			if (seen != 1)
				metrc_sim_api_error(errors, "Record %zu: "
				    "package %s on board must be listed once "
				    "in Packages.", i + 1, label);
		}
	}
	if (metrc_sim_api_errors(r, errors) != 0)
		return;
	ids = json_array();
	json_array_foreach(mr->body, i, o) {
		d = metrc_sim_state_find_id(ms, "retailer",
		    metrc_sim_json_int(o, "RetailerDeliveryId"));
		metrc_sim_json_local(metrc_sim_json_str(o,
		    "ActualArrivalDateTime"), local, sizeof local);
		json_object_set_new(d, "ActualArrivalDateTime",
		    json_string(local));
		json_object_set_new(d, "Completed", json_integer(now));
		json_object_set_new(d, "LastModified", json_integer(now));
		json_array_append_new(ids, json_integer(metrc_sim_json_int(d,
		    "Id")));
	}
	r->changed = 1;
	metrc_sim_reply_json(r, 200, json_pack("{s:o,s:n}", "Ids", ids,
	    "Warnings"));
}

static json_t *
metrc_sim_api_retailer_json(struct metrc_sim *ms, json_t *d)
{
	json_t		*o, *pkgs, *dests, *x, *s;
	const char	*state;
	int64_t		 total = 0, sold = 0;
	size_t		 i, k;
	char		 number[32], info[256];

	pkgs = json_array();
	json_array_foreach(json_object_get(d, "Packages"), i, x) {
		if (json_is_true(json_object_get(x, "Removed")))
			continue;
		total += metrc_sim_json_int(x, "TotalPrice");
		json_array_append_new(pkgs, json_pack("{s:o,s:s,s:o,s:s,s:o}",
		    "DateTime", metrc_sim_api_strornull(d, "DateTime"),
		    "PackageLabel", metrc_sim_json_str(x, "PackageLabel"),
		    "Quantity", metrc_sim_json_decimal(metrc_sim_json_int(x,
		    "Quantity") - metrc_sim_json_int(x, "Sold"), 3),
		    "UnitOfMeasure", metrc_sim_json_str(x, "UnitOfMeasure"),
		    "TotalPrice", metrc_sim_json_decimal(metrc_sim_json_int(x,
		    "TotalPrice"), 2)));
	}
	dests = json_array();
	json_array_foreach(json_object_get(d, "Sales"), i, s) {
		json_array_foreach(json_object_get(s, "Transactions"), k, x)
			sold += metrc_sim_json_int(x, "TotalAmount");
		json_array_append_new(dests, metrc_sim_api_sale_json(ms, s,
		    1));
	}
	if (metrc_sim_json_int(d, "Voided") != 0)
		state = "Voided";
	else if (metrc_sim_json_int(d, "Completed") != 0)
		state = "Completed";
	else if (metrc_sim_json_int(d, "Departed") != 0)
		state = "InTransit";
	else
		state = "Undesignated";
	snprintf(number, sizeof number, "%010lld",
	    (long long)metrc_sim_json_int(d, "Id"));
	snprintf(info, sizeof info, "%s %s %s",
	    metrc_sim_json_str(d, "VehicleMake"),
	    metrc_sim_json_str(d, "VehicleModel"),
	    metrc_sim_json_str(d, "VehicleLicensePlateNumber"));
	o = json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:s,"
	    "s:o,s:o,s:o,s:I,s:o,s:o,s:o,s:o,s:o,s:s,s:b,s:I,s:o,s:o,s:s,s:o,"
	    "s:o}",
	    "Id", metrc_sim_json_int(d, "Id"),
	    "RetailerDeliveryNumber", number,
	    "FacilityLicenseNumber", metrc_sim_json_str(d, "License"),
	    "DateTime", metrc_sim_api_strornull(d, "DateTime"),
	    "DriverEmployeeId", metrc_sim_api_strornull(d, "DriverEmployeeId"),
	    "DriverName", metrc_sim_api_strornull(d, "DriverName"),
	    "DriversLicenseNumber", metrc_sim_api_strornull(d,
	    "DriversLicenseNumber"),
	    "PhoneNumberForQuestions", metrc_sim_api_strornull(d,
	    "PhoneNumberForQuestions"),
	    "VehicleMake", metrc_sim_api_strornull(d, "VehicleMake"),
	    "VehicleModel", metrc_sim_api_strornull(d, "VehicleModel"),
	    "VehicleLicensePlateNumber", metrc_sim_api_strornull(d,
	    "VehicleLicensePlateNumber"),
	    "VehicleInfo", info,
	    "Direction", "Undesignated",
	    "EstimatedDepartureDateTime", metrc_sim_api_strornull(d,
	    "EstimatedDepartureDateTime"),
	    "ActualDepartureDateTime", metrc_sim_api_time(
	    metrc_sim_json_int(d, "Departed")),
	    "RestockDateTime", metrc_sim_api_time(metrc_sim_json_int(d,
	    "Restocked")),
	    "TotalPackages", (json_int_t)json_array_size(pkgs),
	    "TotalPrice", metrc_sim_json_decimal(total, 2),
	    "TotalPriceSold", metrc_sim_json_decimal(sold, 2),
	    "Destinations", dests,
	    "CompletedDateTime", metrc_sim_api_time(metrc_sim_json_int(d,
	    "Completed")),
	    "ActualArrivalDateTime", metrc_sim_api_strornull(d,
	    "ActualArrivalDateTime"),
	    "RetailerDeliveryState", state,
	    "AllowFullEdit", metrc_sim_json_int(d, "Departed") == 0,
	    "Leg", metrc_sim_json_int(d, "Leg"),
	    "VoidedDate", metrc_sim_api_time(metrc_sim_json_int(d, "Voided")),
	    "RecordedDateTime", metrc_sim_api_time(metrc_sim_json_int(d,
	    "Recorded")),
	    "RecordedByUserName", "sim-user",
	    "LastModified", metrc_sim_api_time(metrc_sim_json_int(d,
	    "LastModified")),
	    "Packages", pkgs);
	return (o);
}

static void
metrc_sim_api_retailer_list(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	struct metrc_sim_api_filter	 f;
	int				 active, done;
	json_t				*out, *d;
	size_t				 i;

	active = strcmp(mr->seg[4], "active") == 0;
	if (metrc_sim_api_filter(mr, r, F_WINDOW, &f) != 0)
		return;
	out = json_array();
	json_array_foreach(metrc_sim_state_list(ms, "retailer"), i, d) {
		if (!metrc_sim_api_mine(d, mr) || !metrc_sim_api_match(&f, d))
			continue;
		done = metrc_sim_json_int(d, "Completed") != 0 ||
		    metrc_sim_json_int(d, "Voided") != 0;
		if (done != active)
			json_array_append_new(out,
			    metrc_sim_api_retailer_json(ms, d));
	}
	metrc_sim_api_page(mr, r, out);
}

static json_t *
metrc_sim_api_retailer_get(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_int_t	 id;
	json_t		*d;

	if (metrc_sim_api_id(mr->seg[4], &id) != 0 ||
	    (d = metrc_sim_state_find_id(ms, "retailer", id)) == NULL) {
		metrc_sim_reply_message(r, 404, "No retailer delivery with Id "
		    "%s.", mr->seg[4]);
		return (NULL);
	}
	if (mr->license != NULL && !metrc_sim_api_mine(d, mr)) {
		metrc_sim_reply_message(r, 401, "Retailer delivery %s is not "
		    "valid for license %s.", mr->seg[4], mr->license);
		return (NULL);
	}
	return (d);
}

static void
metrc_sim_api_retailer(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t	*d;

	if ((d = metrc_sim_api_retailer_get(ms, mr, r)) != NULL)
		metrc_sim_reply_json(r, 200, metrc_sim_api_retailer_json(ms,
		    d));
}

/* DELETE: void a retailer delivery that has sold nothing and not ended. */
static void
metrc_sim_api_retailer_void(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t	*d;
	int64_t	 now = metrc_sim_api_now();

	if ((d = metrc_sim_api_retailer_get(ms, mr, r)) == NULL)
		return;
	if (metrc_sim_json_int(d, "Voided") != 0 ||
	    metrc_sim_json_int(d, "Completed") != 0) {
		metrc_sim_reply_message(r, 400, "Retailer delivery %s is "
		    "already %s.", mr->seg[4], metrc_sim_json_int(d,
		    "Voided") != 0 ? "voided" : "ended");
		return;
	}
	if (json_array_size(json_object_get(d, "Sales")) != 0) {
		metrc_sim_reply_message(r, 400, "Retailer delivery %s has "
		    "sales; end it instead of voiding it.", mr->seg[4]);
		return;
	}
	json_object_set_new(d, "Voided", json_integer(now));
	json_object_set_new(d, "LastModified", json_integer(now));
	r->changed = 1;
	r->status = 200;
}

/* --- transfers --- */

static json_t *
metrc_sim_api_transfer_get(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r, const char *what, json_t **delivery)
{
	json_t		*t, *d = NULL;
	json_int_t	 id;
	size_t		 i, k;

	if (metrc_sim_api_id(what, &id) != 0)
		id = -1;
	json_array_foreach(metrc_sim_state_list(ms, "transfers"), i, t) {
		if (delivery == NULL && metrc_sim_json_int(t, "Id") != id)
			continue;
		json_array_foreach(json_object_get(t, "Deliveries"), k, d) {
			if (delivery == NULL ||
			    metrc_sim_json_int(d, "Id") == id)
				break;
		}
		if (delivery != NULL && k == json_array_size(
		    json_object_get(t, "Deliveries")))
			continue;
		/*
		 * These endpoints take no licenseNumber: the user sees the
		 * transfers of every facility it has.
		 */
		if (metrc_sim_state_facility(ms, metrc_sim_json_str(t,
		    "License")) == NULL) {
			metrc_sim_reply_message(r, 401, "%s %s is not valid "
			    "for this user.", delivery != NULL ? "Delivery" :
			    "Transfer", what);
			return (NULL);
		}
		if (delivery != NULL)
			*delivery = d;
		return (t);
	}
	metrc_sim_reply_message(r, 404, "No %s %s.", delivery != NULL ?
	    "transfer delivery" : "transfer", what);
	return (NULL);
}

static void
metrc_sim_api_incoming(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	struct metrc_sim_api_filter	 f;
	json_t				*out, *t, *d, *p;
	size_t				 i, k, n, got;

	if (metrc_sim_api_filter(mr, r, 0, &f) != 0)
		return;
	out = json_array();
	json_array_foreach(metrc_sim_state_list(ms, "transfers"), i, t) {
		if (!metrc_sim_api_mine(t, mr) ||
		    !metrc_sim_api_match(&f, t))
			continue;
		n = got = 0;
		json_array_foreach(json_object_get(t, "Deliveries"), k, d) {
			n += json_array_size(json_object_get(d, "Packages"));
			if (metrc_sim_json_int(d, "Received") != 0)
				got += json_array_size(json_object_get(d,
				    "Packages"));
		}
		d = json_array_get(json_object_get(t, "Deliveries"), 0);
		p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:I,"
		    "s:I,s:o,s:b,s:o}", "Id", metrc_sim_json_int(t, "Id"),
		    "ManifestNumber", metrc_sim_json_str(t, "ManifestNumber"),
		    "ShipperFacilityLicenseNumber", metrc_sim_json_str(t,
		    "ShipperFacilityLicenseNumber"),
		    "ShipperFacilityName", metrc_sim_json_str(t,
		    "ShipperFacilityName"),
		    "DriverName", metrc_sim_json_str(t, "DriverName"),
		    "VehicleLicensePlateNumber", metrc_sim_json_str(t,
		    "VehicleLicensePlateNumber"),
		    "DeliveryId", metrc_sim_json_int(d, "Id"),
		    "RecipientFacilityLicenseNumber", mr->license,
		    "ShipmentTypeName", "Transfer",
		    "ShipmentTransactionType", "Standard",
		    "PackageCount", (json_int_t)n,
		    "ReceivedPackageCount", (json_int_t)got,
		    "ReceivedDateTime", metrc_sim_api_time(metrc_sim_json_int(d,
		    "Received")),
		    "IsVoided", 0,
		    "LastModified", metrc_sim_api_time(metrc_sim_json_int(t,
		    "LastModified")));
		json_array_append_new(out, p);
	}
	metrc_sim_api_page(mr, r, out);
}

static void
metrc_sim_api_transfer_deliveries(struct metrc_sim *ms,
    struct metrc_sim_req *mr, struct metrc_sim_reply *r)
{
	json_t	*t, *d, *out;
	size_t	 i;

	if ((t = metrc_sim_api_transfer_get(ms, mr, r, mr->seg[2],
	    NULL)) == NULL)
		return;
	out = json_array();
	json_array_foreach(json_object_get(t, "Deliveries"), i, d) {
		json_array_append_new(out, json_pack("{s:I,s:s,s:n,s:o,s:b}",
		    "Id", metrc_sim_json_int(d, "Id"),
		    "ManifestNumber", metrc_sim_json_str(t, "ManifestNumber"),
		    "PlannedRoute",
		    "ReceivedDateTime", metrc_sim_api_time(metrc_sim_json_int(d,
		    "Received")), "RejectedPackagesReturned", 0));
	}
	metrc_sim_api_page(mr, r, out);
}

static void
metrc_sim_api_delivery_packages(struct metrc_sim *ms,
    struct metrc_sim_req *mr, struct metrc_sim_reply *r)
{
	json_t	*d = NULL, *p, *out;
	size_t	 i;
	int	 got;

	if (metrc_sim_api_transfer_get(ms, mr, r, mr->seg[3], &d) == NULL)
		return;
	got = metrc_sim_json_int(d, "Received") != 0;
	out = json_array();
	json_array_foreach(json_object_get(d, "Packages"), i, p) {
		json_array_append_new(out, json_pack("{s:I,s:s,s:s,s:s,s:s,"
		    "s:s,s:o,s:s,s:o,s:o,s:b,s:b,s:o}",
		    "PackageId", metrc_sim_json_int(p, "PackageId"),
		    "PackageLabel", metrc_sim_json_str(p, "PackageLabel"),
		    "ItemName", metrc_sim_json_str(p, "ItemName"),
		    "ItemCategoryName", metrc_sim_json_str(p,
		    "ItemCategoryName"),
		    "LabTestingState", "TestPassed",
		    "ShipmentPackageState", metrc_sim_json_str(p,
		    "ShipmentPackageState"),
		    "ShippedQuantity", metrc_sim_json_decimal(
		    metrc_sim_json_int(p, "ShippedQuantity"), 3),
		    "ShippedUnitOfMeasureName", metrc_sim_json_str(p,
		    "ShippedUnitOfMeasureName"),
		    "ReceivedQuantity", got ? metrc_sim_json_decimal(
		    metrc_sim_json_int(p, "ShippedQuantity"), 3) : json_null(),
		    "ReceivedUnitOfMeasureName", got ? json_string(
		    metrc_sim_json_str(p, "ShippedUnitOfMeasureName")) :
		    json_null(),
		    "IsTradeSample", 0, "IsDonation", 0,
		    "ProductionBatchNumber", metrc_sim_api_strornull(p,
		    "ProductionBatchNumber")));
	}
	metrc_sim_api_page(mr, r, out);
}

static void
metrc_sim_api_package_states(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	metrc_sim_api_shaped(ms, mr, r, json_pack("[s,s,s,s]", "Shipped",
	    "Rejected", "Accepted", "Returned"));
}

/* What the state's web UI does: accept a whole delivery into stock. */
int
metrc_sim_api_receive(struct metrc_sim *ms, json_int_t id, char **cause)
{
	json_t		*t, *d, *p, *pkg;
	const char	*label;
	int64_t		 now = metrc_sim_api_now();
	size_t		 i, k;

	json_array_foreach(metrc_sim_state_list(ms, "transfers"), i, t) {
		json_array_foreach(json_object_get(t, "Deliveries"), k, d) {
			if (metrc_sim_json_int(d, "Id") == id)
				goto found;
		}
	}
	xasprintf(cause, "no transfer delivery %lld (see GET "
	    "/transfers/v2/incoming for DeliveryId)", (long long)id);
	return (-1);

found:
	if (metrc_sim_json_int(d, "Received") != 0) {
		xasprintf(cause, "delivery %lld is already received",
		    (long long)id);
		return (-1);
	}
	json_array_foreach(json_object_get(d, "Packages"), k, p) {
		label = metrc_sim_json_str(p, "PackageLabel");
		if (metrc_sim_state_find(ms, "packages", "Label", label) !=
		    NULL) {
			xasprintf(cause, "package %s already exists", label);
			return (-1);
		}
	}
	json_array_foreach(json_object_get(d, "Packages"), k, p) {
		pkg = json_pack("{s:O,s:O,s:O,s:O,s:O,s:O,s:b,s:b,s:b,s:I,s:I,"
		    "s:I,s:s,s:O}", "Id", json_object_get(p, "PackageId"),
		    "License", json_object_get(t, "License"),
		    "Label", json_object_get(p, "PackageLabel"),
		    "ItemId", json_object_get(p, "ItemId"),
		    "Quantity", json_object_get(p, "ShippedQuantity"),
		    "UnitOfMeasureName", json_object_get(p,
		    "ShippedUnitOfMeasureName"),
		    "IsOnHold", 0, "IsOnRecall", 0, "IsFinished", 0,
		    "ReceivedDateTime", (json_int_t)now,
		    "LastModified", (json_int_t)now, "Archived", (json_int_t)0,
		    "LabTestingState", "TestPassed",
		    "ReceivedFromManifestNumber", json_object_get(t,
		    "ManifestNumber"));
		/* The package keeps the batch it was shipped with. */
		if (json_is_string(json_object_get(p,
		    "ProductionBatchNumber")))
			json_object_set(pkg, "Batch", json_object_get(p,
			    "ProductionBatchNumber"));
		json_array_append_new(metrc_sim_state_list(ms, "packages"),
		    pkg);
		json_object_set_new(p, "ShipmentPackageState",
		    json_string("Accepted"));
	}
	json_object_set_new(d, "Received", json_integer(now));
	json_object_set_new(t, "LastModified", json_integer(now));
	return (0);
}

/* --- patients, caregivers, lab results --- */

static void
metrc_sim_api_patient(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	static const char	*kinds[] = { "Flower", "Thc", "Concentrate",
				    "Infused" };
	json_t			*p, *o;
	int64_t			 allowed, bought;
	char			 key[64];
	size_t			 i;

	p = metrc_sim_state_find(ms, "patients", "PatientLicenseNumber",
	    mr->seg[3]);
	if (p == NULL) {
		metrc_sim_reply_message(r, 404, "No patient with license "
		    "number %s.", mr->seg[3]);
		return;
	}
	allowed = metrc_sim_json_int(p, "OuncesAllowed");
	bought = metrc_sim_json_int(p, "OuncesPurchased");
	o = json_pack("{s:s,s:s,s:s,s:b,s:o,s:s,s:s}",
	    "PatientLicenseNumber", metrc_sim_json_str(p,
	    "PatientLicenseNumber"),
	    "IdentificationMethod", metrc_sim_json_str(p,
	    "IdentificationMethod"),
	    "RegistrationNumber", metrc_sim_json_str(p, "RegistrationNumber"),
	    "Active", json_is_true(json_object_get(p, "Active")),
	    "PurchaseAmountDays", metrc_sim_json_decimal(metrc_sim_json_int(p,
	    "PurchaseAmountDays") * 10, 1),
	    "PatientLicenseExpirationDate", metrc_sim_json_str(p,
	    "PatientLicenseExpirationDate"),
	    "PatientRegistrationStartDate", metrc_sim_json_str(p,
	    "PatientRegistrationStartDate"));
	for (i = 0; i < nitems(kinds); i++) {
		snprintf(key, sizeof key, "%sOuncesAllowed", kinds[i]);
		json_object_set_new(o, key, metrc_sim_json_decimal(allowed, 3));
		snprintf(key, sizeof key, "%sOuncesPurchased", kinds[i]);
		json_object_set_new(o, key, metrc_sim_json_decimal(bought, 3));
		snprintf(key, sizeof key, "%sOuncesAvailable", kinds[i]);
		json_object_set_new(o, key, metrc_sim_json_decimal(allowed -
		    bought, 3));
	}
	metrc_sim_reply_json(r, 200, json_pack("[o]", o));
}

static void
metrc_sim_api_caregiver(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	json_t	*c;

	c = metrc_sim_state_find(ms, "caregivers", "CaregiverLicenseNumber",
	    mr->seg[3]);
	if (c == NULL) {
		metrc_sim_reply_message(r, 404, "No caregiver with license "
		    "number %s.", mr->seg[3]);
		return;
	}
	metrc_sim_reply_json(r, 200, json_pack("{s:O,s:O,s:O}",
	    "CaregiverLicenseNumber", json_object_get(c,
	    "CaregiverLicenseNumber"), "Active", json_object_get(c, "Active"),
	    "Patients", json_object_get(c, "Patients")));
}

/*
 * A package shipped to the request's licence on a transfer not yet
 * received: its lab results are the receiver's to see before it accepts.
 */
static int
metrc_sim_api_incoming_package(struct metrc_sim *ms, struct metrc_sim_req *mr,
    json_int_t id)
{
	json_t	*t, *d, *p;
	size_t	 i, k, j;

	json_array_foreach(metrc_sim_state_list(ms, "transfers"), i, t) {
		if (!metrc_sim_api_mine(t, mr))
			continue;
		json_array_foreach(json_object_get(t, "Deliveries"), k, d) {
			json_array_foreach(json_object_get(d, "Packages"), j,
			    p) {
				if (metrc_sim_json_int(p, "PackageId") == id)
					return (1);
			}
		}
	}
	return (0);
}

static void
metrc_sim_api_labresults(struct metrc_sim *ms, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	const char	*pid = metrc_sim_query(mr, "packageId");
	json_t		*p, *l, *out;
	json_int_t	 id;
	size_t		 i;

	if (pid == NULL) {
		metrc_sim_reply_message(r, 400, "packageId is required.");
		return;
	}
	if (metrc_sim_api_id(pid, &id) == 0 &&
	    metrc_sim_api_incoming_package(ms, mr, id))
		;	/* in transit to this licence */
	else if ((p = metrc_sim_api_package_get(ms, mr, r, pid)) == NULL)
		return;
	else
		id = metrc_sim_json_int(p, "Id");
	out = json_array();
	json_array_foreach(metrc_sim_state_list(ms, "labresults"), i, l) {
		if (metrc_sim_json_int(l, "PackageId") != id)
			continue;
		json_array_append_new(out, json_pack("{s:I,s:I,s:s,s:s,s:s,"
		    "s:s,s:O,s:n,s:O,s:s,s:O,s:o,s:b,s:n,s:n}",
		    "PackageId", metrc_sim_json_int(l, "PackageId"),
		    "LabTestResultId", metrc_sim_json_int(l, "LabTestResultId"),
		    "LabFacilityLicenseNumber", "405R-00010",
		    "LabFacilityName", "Front Range Testing Labs",
		    "SourcePackageLabel", metrc_sim_json_str(l,
		    "SourcePackageLabel"),
		    "TestPerformedDate", metrc_sim_json_str(l,
		    "TestPerformedDate") != NULL ? metrc_sim_json_str(l,
		    "TestPerformedDate") : "2025-01-06",
		    "OverallPassed", json_object_get(l, "OverallPassed"),
		    "RevokedDate",
		    "ResultReleased", json_object_get(l, "ResultReleased"),
		    "TestTypeName", metrc_sim_json_str(l, "TestTypeName"),
		    "TestPassed", json_object_get(l, "TestPassed"),
		    "TestResultLevel", metrc_sim_json_decimal(
		    metrc_sim_json_int(l, "TestResultLevel"), 1),
		    "TestInformationalOnly", 0,
		    "ExpirationDateTime", "LabTestDetailRevokedDate"));
	}
	metrc_sim_api_page(mr, r, out);
}

/*
 * The admin's lab result: every test row of the package with this label
 * passed or failed, as a lab's amended result would leave it.
 */
int
metrc_sim_api_lab_set(struct metrc_sim *ms, const char *label, int passed,
    char **cause)
{
	json_t	*l;
	size_t	 i;
	int	 n = 0;

	json_array_foreach(metrc_sim_state_list(ms, "labresults"), i, l) {
		if (strcmp(metrc_sim_json_str(l, "SourcePackageLabel"),
		    label) != 0)
			continue;
		json_object_set_new(l, "OverallPassed", json_boolean(passed));
		json_object_set_new(l, "TestPassed", json_boolean(passed));
		n++;
	}
	if (n == 0) {
		xasprintf(cause, "no lab result for package %s", label);
		return (-1);
	}
	return (0);
}

/* --- routing --- */

#define GET	EVHTTP_REQ_GET
#define POST	EVHTTP_REQ_POST
#define PUT	EVHTTP_REQ_PUT
#define DELETE	EVHTTP_REQ_DELETE
#define L_NONE	METRC_SIM_LIC_NONE
#define L_REQ	METRC_SIM_LIC_REQUIRED
#define L_OPT	METRC_SIM_LIC_OPTIONAL
/* The query parameters an endpoint takes besides licenseNumber. */
#define Q_PAGE	"pageNumber pageSize "
#define Q_LM	"lastModifiedStart lastModifiedEnd "
#define Q_SD	"salesDateStart salesDateEnd "

/* Literal paths before patterns that would also match them. */
static const struct metrc_sim_api_route metrc_sim_api_routes[] = {
	{ GET, "/facilities/v2", L_NONE, NULL, metrc_sim_api_facilities },
	{ GET, "/unitsofmeasure/v2/active", L_NONE, NULL,
	  metrc_sim_api_units },
	{ GET, "/sales/v2/customertypes", L_NONE, NULL,
	  metrc_sim_api_customertypes },
	{ GET, "/items/v2/active", L_REQ, Q_PAGE Q_LM, metrc_sim_api_items },
	{ GET, "/items/v2/*", L_OPT, NULL, metrc_sim_api_item },
	{ GET, "/packages/v2/active", L_REQ, Q_PAGE Q_LM,
	  metrc_sim_api_packages },
	{ GET, "/packages/v2/inactive", L_REQ, Q_PAGE Q_LM,
	  metrc_sim_api_packages },
	{ GET, "/packages/v2/onhold", L_REQ, Q_PAGE Q_LM,
	  metrc_sim_api_packages },
	{ GET, "/packages/v2/adjust/reasons", L_REQ, Q_PAGE,
	  metrc_sim_api_adjust_reasons },
	{ GET, "/packages/v2/adjustments", L_REQ, Q_PAGE,
	  metrc_sim_api_adjustments },
	{ POST, "/packages/v2/adjust", L_REQ, NULL, metrc_sim_api_adjust },
	{ PUT, "/packages/v2/location", L_REQ, NULL, metrc_sim_api_location },
	{ GET, "/packages/v2/*", L_OPT, NULL, metrc_sim_api_package },
	{ GET, "/locations/v2/active", L_REQ, Q_PAGE Q_LM,
	  metrc_sim_api_locations_active },
	{ GET, "/sales/v2/receipts/active", L_REQ, Q_PAGE Q_SD Q_LM,
	  metrc_sim_api_sales_list },
	{ GET, "/sales/v2/receipts/inactive", L_REQ, Q_PAGE Q_SD Q_LM,
	  metrc_sim_api_sales_list },
	{ GET, "/sales/v2/receipts/external/*", L_OPT, NULL,
	  metrc_sim_api_external },
	{ PUT, "/sales/v2/receipts/finalize", L_REQ, NULL,
	  metrc_sim_api_finalize },
	{ PUT, "/sales/v2/receipts/unfinalize", L_REQ, NULL,
	  metrc_sim_api_finalize },
	{ POST, "/sales/v2/receipts", L_REQ, NULL,
	  metrc_sim_api_receipts_write },
	{ PUT, "/sales/v2/receipts", L_REQ, NULL,
	  metrc_sim_api_receipts_write },
	{ GET, "/sales/v2/receipts/*", L_OPT, NULL, metrc_sim_api_sale },
	{ DELETE, "/sales/v2/receipts/*", L_REQ, NULL,
	  metrc_sim_api_sale_void },
	{ GET, "/sales/v2/deliveries/active", L_REQ, Q_PAGE Q_SD Q_LM,
	  metrc_sim_api_sales_list },
	{ GET, "/sales/v2/deliveries/inactive", L_REQ, Q_PAGE Q_SD Q_LM,
	  metrc_sim_api_sales_list },
	{ GET, "/sales/v2/deliveries/returnreasons", L_REQ, Q_PAGE,
	  metrc_sim_api_returnreasons },
	{ PUT, "/sales/v2/deliveries/complete", L_REQ, NULL,
	  metrc_sim_api_complete },
	{ POST, "/sales/v2/deliveries", L_REQ, NULL,
	  metrc_sim_api_deliveries_write },
	{ PUT, "/sales/v2/deliveries", L_REQ, NULL,
	  metrc_sim_api_deliveries_write },
	{ GET, "/sales/v2/deliveries/retailer/active", L_REQ, Q_PAGE Q_LM,
	  metrc_sim_api_retailer_list },
	{ GET, "/sales/v2/deliveries/retailer/inactive", L_REQ, Q_PAGE Q_LM,
	  metrc_sim_api_retailer_list },
	{ POST, "/sales/v2/deliveries/retailer", L_REQ, NULL,
	  metrc_sim_api_retailer_create },
	{ POST, "/sales/v2/deliveries/retailer/depart", L_REQ, NULL,
	  metrc_sim_api_retailer_depart },
	{ POST, "/sales/v2/deliveries/retailer/sale", L_REQ, NULL,
	  metrc_sim_api_retailer_sale },
	{ POST, "/sales/v2/deliveries/retailer/restock", L_REQ, NULL,
	  metrc_sim_api_retailer_restock },
	{ POST, "/sales/v2/deliveries/retailer/end", L_REQ, NULL,
	  metrc_sim_api_retailer_end },
	{ GET, "/sales/v2/deliveries/retailer/*", L_OPT, NULL,
	  metrc_sim_api_retailer },
	{ DELETE, "/sales/v2/deliveries/retailer/*", L_REQ, NULL,
	  metrc_sim_api_retailer_void },
	{ GET, "/sales/v2/deliveries/*", L_OPT, NULL, metrc_sim_api_sale },
	{ DELETE, "/sales/v2/deliveries/*", L_REQ, NULL,
	  metrc_sim_api_sale_void },
	{ GET, "/transfers/v2/incoming", L_REQ, Q_PAGE Q_LM,
	  metrc_sim_api_incoming },
	{ GET, "/transfers/v2/deliveries/packages/states", L_NONE, NULL,
	  metrc_sim_api_package_states },
	{ GET, "/transfers/v2/deliveries/*/packages", L_NONE, Q_PAGE,
	  metrc_sim_api_delivery_packages },
	{ GET, "/transfers/v2/*/deliveries", L_NONE, Q_PAGE,
	  metrc_sim_api_transfer_deliveries },
	{ GET, "/patients/v2/statuses/*", L_REQ, NULL, metrc_sim_api_patient },
	{ GET, "/caregivers/v2/status/*", L_REQ, NULL,
	  metrc_sim_api_caregiver },
	{ GET, "/labtests/v2/results", L_REQ, "packageId " Q_PAGE,
	  metrc_sim_api_labresults },
};

static int
metrc_sim_api_pattern(const char *pattern, struct metrc_sim_req *mr)
{
	const char	*p = pattern, *e;
	u_int		 i;
	size_t		 n;

	for (i = 0; *p != '\0'; i++, p = e) {
		p++;
		if ((e = strchr(p, '/')) == NULL)
			e = p + strlen(p);
		if (i >= mr->nseg)
			return (0);
		n = e - p;
		if (n == 1 && *p == '*')
			continue;
		if (strlen(mr->seg[i]) != n ||
		    strncasecmp(mr->seg[i], p, n) != 0)
			return (0);
	}
	return (i == mr->nseg);
}

/* 0 and the handler; -1 no such path; -2 not with this method. */
int
metrc_sim_api_route(struct metrc_sim *ms, struct metrc_sim_req *mr,
    int *handler, int *license)
{
	const struct metrc_sim_api_route	*rt;
	size_t					 i;
	int					 found = -1;

	for (i = 0; i < nitems(metrc_sim_api_routes); i++) {
		rt = &metrc_sim_api_routes[i];
		if (!metrc_sim_api_pattern(rt->pattern, mr))
			continue;
		if (rt->method != mr->method &&
		    !(rt->method == GET && mr->method == EVHTTP_REQ_HEAD)) {
			found = -2;
			continue;
		}
		*handler = (int)i;
		*license = rt->license;
		return (0);
	}
	return (found);
}

/*
 * The first query parameter the endpoint does not take (licenseNumber is
 * the router's, by the route's licence mode), or NULL. The descriptions
 * list each endpoint's parameters; one it does not list is a client's
 * mistake worth a 400 here, where real Metrc may ignore it silently.
 */
const char *
metrc_sim_api_badparam(int handler, struct metrc_sim_req *mr)
{
	const char	*params = metrc_sim_api_routes[handler].params;
	struct evkeyval	*kv;
	const char	*p;
	size_t		 n;

	TAILQ_FOREACH(kv, mr->query, next) {
		if (strcmp(kv->key, "licenseNumber") == 0)
			continue;
		n = strlen(kv->key);
		for (p = params; p != NULL && *p != '\0'; p += strcspn(p,
		    " ") + 1) {
			if (strncmp(p, kv->key, n) == 0 && p[n] == ' ')
				break;
		}
		if (p == NULL || *p == '\0')
			return (kv->key);
	}
	return (NULL);
}

void
metrc_sim_api_call(struct metrc_sim *ms, int handler,
    struct metrc_sim_req *mr, struct metrc_sim_reply *r)
{
	metrc_sim_api_routes[handler].fn(ms, mr, r);
	if (r->status == 0)
		r->status = 200;
}
