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

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "rules.h"
#include "customer.h"
#include "reply.h"

/*
 * Customers over the protocol: create (from a scanned ID, or typed with a
 * manager's permission and a reason), read, search, and what remains of
 * their purchase limits right now.
 */

#define OP_CUSTOMER_SEARCH_MAX	50

char *
op_customer_date_str(int d, char *out, size_t len)
{
	if (d == 0)
		strlcpy(out, "", len);
	else
		snprintf(out, len, "%04d-%02d-%02d", d / 10000, d / 100 % 100,
		    d % 100);
	return (out);
}

json_t *
op_customer_json(const struct customer *cu)
{
	json_t	*j, *pts;
	char	 d1[16], d2[16], d3[16];
	u_int	 i;

	pts = json_array();
	for (i = 0; i < cu->npatients; i++)
		json_array_append_new(pts, json_integer(cu->patients[i]));
	j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s}, "
	    "s:s, s:s, s:s, s:b, s:s, s:I, s:o}", "id", (json_int_t)cu->id,
	    "type", store_customer_type_name(cu->type), "first", cu->first,
	    "last", cu->last, "dob", op_customer_date_str(cu->dob, d1,
	    sizeof d1), "id_doc", "type", cu->id_type, "number",
	    cu->id_number, "state", cu->id_state, "expires",
	    op_customer_date_str(cu->id_expires, d2, sizeof d2), "residence",
	    cu->residence, "phone", cu->phone, "email", cu->email,
	    "marketing", cu->marketing, "notes", cu->notes, "loyalty",
	    (json_int_t)cu->loyalty, "patients", pts);
	json_object_set_new(j, "veteran", json_boolean(cu->veteran));
	if (cu->employee != 0)
		json_object_set_new(j, "employee", json_integer(cu->employee));
	if (cu->card_number[0] != '\0')
		json_object_set_new(j, "card", json_pack("{s:s, s:s, s:s, "
		    "s:s, s:s}", "number", cu->card_number, "state",
		    cu->card_state, "expires", op_customer_date_str(
		    cu->card_expires, d3, sizeof d3), "physician",
		    cu->physician, "condition", cu->condition));
	return (j);
}

/* Copy an optional string argument of at most len-1 bytes. */
static int
op_customer_str(struct op_ctx *ctx, json_t *obj, const char *name,
    char *out, size_t len, int required)
{
	const char	*s;
	char		*cause = NULL;
	int		 r;

	r = proto_arg_str(obj, name, required, len - 1, &s, &cause);
	if (r < 0)
		return (op_bad_request(ctx, cause));
	if (r == 0)
		strlcpy(out, s, len);
	return (0);
}

static int
op_customer_date_arg(struct op_ctx *ctx, json_t *obj, const char *name,
    int *out, int required)
{
	char	buf[16] = "";

	if (op_customer_str(ctx, obj, name, buf, sizeof buf, required) != 0)
		return (-1);
	if (buf[0] == '\0') {
		*out = 0;
		return (0);
	}
	if ((*out = valid_date_parse(buf)) == -1)
		return (op_error(ctx, "bad-request", "\"%s\" must be a date "
		    "YYYY-MM-DD", name));
	return (0);
}

/* The ID document types doc/protocol.md lists. */
static const char *op_customer_id_types[] = {
	"dl", "id", "passport", "military"
};

/* A date that changed from old: is it sane for its kind? */
static int
op_customer_check_date(struct op_ctx *ctx, int d, int old,
    enum valid_date_kind kind, int today, const char *name)
{
	char	*cause = NULL;

	if (d == old || d == 0)
		return (0);
	if (valid_date(d, kind, today, name, &cause) != 0)
		return (op_bad_request(ctx, cause));
	return (0);
}

/* A state code that changed from old: one of valid_state_code's. */
static int
op_customer_check_state(struct op_ctx *ctx, const char *s, const char *old,
    const char *name)
{
	if (*s == '\0' || strcmp(s, old) == 0 || valid_state_code(s))
		return (0);
	return (op_error(ctx, "bad-request", "\"%s\" must be a US state or "
	    "territory code (or a Canadian province's), like CO", name));
}

/*
 * The checks on a profile's fields that changed from old (all of them for
 * a new profile): the ID type, the state codes and the dates' bounds
 * (doc/protocol.md, "Values"). A field a profile already had is left
 * alone, so an update of a phone number does not trip on an old record.
 */
static int
op_customer_check(struct op_ctx *ctx, const struct customer *cu,
    const struct customer *old)
{
	size_t	i, n = sizeof op_customer_id_types /
		    sizeof *op_customer_id_types;
	int	today = util_local_date(util_now(), ctx->srv->info.tz);

	if (strcmp(cu->id_type, old->id_type) != 0) {
		for (i = 0; i < n; i++) {
			if (strcmp(cu->id_type, op_customer_id_types[i]) == 0)
				break;
		}
		if (i == n)
			return (op_error(ctx, "bad-request", "\"id_doc\" "
			    "\"type\" must be dl, id, passport or military"));
	}
	if (op_customer_check_state(ctx, cu->id_state, old->id_state,
	    "id_doc.state") != 0 || op_customer_check_state(ctx,
	    cu->card_state, old->card_state, "card.state") != 0 ||
	    op_customer_check_state(ctx, cu->residence, old->residence,
	    "residence") != 0)
		return (-1);
	if (op_customer_check_date(ctx, cu->dob, old->dob, VALID_DATE_BIRTH,
	    today, "dob") != 0 || op_customer_check_date(ctx, cu->id_expires,
	    old->id_expires, VALID_DATE_EXPIRY, today, "id_doc.expires") != 0 ||
	    op_customer_check_date(ctx, cu->card_expires, old->card_expires,
	    VALID_DATE_EXPIRY, today, "card.expires") != 0)
		return (-1);
	return (0);
}

/* "marketing", if given, is a JSON true or false. */
static int
op_customer_marketing(struct op_ctx *ctx, struct customer *cu)
{
	json_t	*v;

	v = json_object_get(ctx->args, "marketing");
	if (v == NULL)
		return (0);
	if (!json_is_boolean(v))
		return (op_error(ctx, "bad-request", "\"marketing\" is true "
		    "or false"));
	cu->marketing = json_is_true(v);
	return (0);
}

/*
 * What the discounts look at: "veteran" (true or false) and "employee",
 * the staff number of the member of staff this customer is (0: none).
 */
static int
op_customer_discounts(struct op_ctx *ctx, struct customer *cu)
{
	struct staff	 st;
	json_t		*v;
	json_int_t	 emp;
	char		*cause = NULL;
	int		 r;

	v = json_object_get(ctx->args, "veteran");
	if (v != NULL) {
		if (!json_is_boolean(v))
			return (op_error(ctx, "bad-request", "\"veteran\" is "
			    "true or false"));
		cu->veteran = json_is_true(v);
	}
	if ((r = proto_arg_int(ctx->args, "employee", 0, 0, UINT32_MAX, &emp,
	    &cause)) < 0)
		return (op_bad_request(ctx, cause));
	if (r == 0) {
		if (emp != 0 && store_staff_get(ctx->txn, (uint32_t)emp,
		    &st) != 0) {
			if (ctx->txn->ret != 0)
				return (op_store_error(ctx));
			return (op_error(ctx, "bad-request", "\"employee\": "
			    "no staff member %lld", (long long)emp));
		}
		cu->employee = (uint32_t)emp;
	}
	return (0);
}

/*
 * A caregiver's "patients", if given: the whole new list, each a medical
 * patient. 0, or -1 with the error set.
 */
static int
op_customer_patients(struct op_ctx *ctx, struct customer *cu)
{
	struct customer	 pt;
	json_t		*jpts, *v;
	size_t		 i;
	int		 r;

	if ((jpts = json_object_get(ctx->args, "patients")) == NULL)
		return (0);
	if (cu->type != CUSTOMER_CAREGIVER || !json_is_array(jpts) ||
	    json_array_size(jpts) > CUSTOMER_PATIENTS)
		return (op_error(ctx, "bad-request", "\"patients\" is a "
		    "caregiver's list of up to %d patient numbers",
		    CUSTOMER_PATIENTS));
	cu->npatients = 0;
	json_array_foreach(jpts, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > UINT32_MAX)
			return (op_error(ctx, "bad-request", "patient numbers "
			    "are whole numbers"));
		r = store_customer_get(ctx->txn,
		    (uint32_t)json_integer_value(v), &pt);
		if (r == STORE_NOTFOUND || (r == 0 &&
		    pt.type != CUSTOMER_MEDICAL &&
		    pt.type != CUSTOMER_OOS_PATIENT))
			return (op_error(ctx, "bad-request", "customer %lld is "
			    "not a medical patient",
			    (long long)json_integer_value(v)));
		if (r != 0)
			return (op_store_error(ctx));
		cu->patients[cu->npatients++] = pt.id;
	}
	return (0);
}

/*
 * One profile per ID document: is cu's ID number held by another
 * profile? 0 if not, or -1 with the conflict set.
 */
static int
op_customer_id_free(struct op_ctx *ctx, const struct customer *cu)
{
	struct customer	other;

	if (customer_find_id_number(ctx->txn, cu->id_number, &other) == 0 &&
	    other.id != cu->id)
		return (op_error(ctx, "conflict", "customer %u already has "
		    "ID %s", other.id, cu->id_number));
	return (0);
}

/*
 * what (a date of birth, an ID number) comes from a scanned ID
 * ("id_scanned"), or is typed with a reason by a manager (or with a
 * manager's approval). 0 with *scanned and *reason (NULL if none) set, or
 * -1 with the error set.
 */
static int
op_customer_typed(struct op_ctx *ctx, const char *what, int *scanned,
    const char **reason)
{
	char	*cause = NULL;

	*scanned = json_is_true(json_object_get(ctx->args, "id_scanned"));
	if (*scanned)
		return (0);
	if (proto_arg_str(ctx->args, "reason", 1, 128, reason, &cause) != 0) {
		free(cause);
		return (op_error(ctx, "permission", "a typed %s needs a reason "
		    "(the ID could not be scanned because ...)", what));
	}
	if (!op_approval_held(ctx, PERM_ID_TYPE))
		return (op_error(ctx, "permission", "only a manager may type a "
		    "%s instead of scanning the ID", what));
	return (0);
}

/* Write op. */
int
op_customer_create(struct op_ctx *ctx)
{
	struct customer	 cu, none;
	json_t		*jid, *jcard;
	const char	*type, *reason = NULL;
	char		*cause = NULL, subj[32];
	int		 scanned;

	memset(&cu, 0, sizeof cu);
	if (proto_arg_str(ctx->args, "type", 1, 16, &type, &cause) != 0)
		return (op_bad_request(ctx, cause));
	if ((cu.type = store_customer_type_find(type)) == -1)
		return (op_error(ctx, "bad-request", "type must be adult, "
		    "medical, caregiver or oos-patient"));
	if (op_customer_str(ctx, ctx->args, "first", cu.first,
	    sizeof cu.first, 1) != 0 || op_customer_str(ctx, ctx->args,
	    "last", cu.last, sizeof cu.last, 1) != 0 ||
	    op_customer_date_arg(ctx, ctx->args, "dob", &cu.dob, 1) != 0 ||
	    op_customer_str(ctx, ctx->args, "residence", cu.residence,
	    sizeof cu.residence, 0) != 0 || op_customer_str(ctx, ctx->args,
	    "phone", cu.phone, sizeof cu.phone, 0) != 0 ||
	    op_customer_str(ctx, ctx->args, "email", cu.email,
	    sizeof cu.email, 0) != 0 || op_customer_str(ctx, ctx->args,
	    "notes", cu.notes, sizeof cu.notes, 0) != 0)
		return (-1);
	if (op_customer_marketing(ctx, &cu) != 0 ||
	    op_customer_discounts(ctx, &cu) != 0)
		return (-1);

	/* The date of birth comes from a scanned ID, or typed with reason. */
	if (op_customer_typed(ctx, "date of birth", &scanned, &reason) != 0)
		return (-1);

	jid = json_object_get(ctx->args, "id_doc");
	if (!json_is_object(jid))
		return (op_error(ctx, "bad-request", "\"id_doc\" (the ID "
		    "document: type, number, state, expires) is required"));
	if (op_customer_str(ctx, jid, "type", cu.id_type, sizeof cu.id_type,
	    1) != 0 || op_customer_str(ctx, jid, "number", cu.id_number,
	    sizeof cu.id_number, 1) != 0 || op_customer_str(ctx, jid, "state",
	    cu.id_state, sizeof cu.id_state, 0) != 0 ||
	    op_customer_date_arg(ctx, jid, "expires", &cu.id_expires, 1) != 0)
		return (-1);
	jcard = json_object_get(ctx->args, "card");
	if (jcard != NULL) {
		if (!json_is_object(jcard))
			return (op_error(ctx, "bad-request", "\"card\" must be "
			    "an object"));
		if (op_customer_str(ctx, jcard, "number", cu.card_number,
		    sizeof cu.card_number, 1) != 0 || op_customer_str(ctx,
		    jcard, "state", cu.card_state, sizeof cu.card_state,
		    0) != 0 || op_customer_date_arg(ctx, jcard, "expires",
		    &cu.card_expires, 1) != 0 || op_customer_str(ctx, jcard,
		    "physician", cu.physician, sizeof cu.physician, 0) != 0 ||
		    op_customer_str(ctx, jcard, "condition", cu.condition,
		    sizeof cu.condition, 0) != 0)
			return (-1);
	} else if (cu.type != CUSTOMER_ADULT)
		return (op_error(ctx, "bad-request", "a %s needs a \"card\"",
		    type));
	memset(&none, 0, sizeof none);
	if (op_customer_check(ctx, &cu, &none) != 0 ||
	    op_customer_patients(ctx, &cu) != 0 ||
	    op_customer_id_free(ctx, &cu) != 0)
		return (-1);

	cu.id = store_customer_next_id(ctx->txn);
	cu.created = util_now();
	store_customer_put(ctx->txn, &cu, NULL);
	snprintf(subj, sizeof subj, "customer %u", cu.id);
	audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
	    "customer.create", subj, "type=%s dob=%s veteran=%d employee=%u"
	    "%s%s", type, scanned ? "scanned" : "typed", cu.veteran,
	    cu.employee, reason != NULL ? " reason=" : "",
	    reason != NULL ? reason : "");
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	ctx->result = json_pack("{s:o}", "customer", op_customer_json(&cu));
	return (0);
}

/* Append name to the list of changed fields if they differ. */
static void
op_customer_changed(char *list, size_t len, const char *name, int differ)
{
	size_t	n = strlen(list);

	if (differ && n < len)
		snprintf(list + n, len - n, "%s%s", n != 0 ? "," : "", name);
}

/*
 * Write op: change a profile. Any of the fields customer.create takes but
 * the type (a different kind of customer is a new profile): a renewed ID
 * or card, a new phone, marketing consent withdrawn, a caregiver's
 * patients. A new date of birth follows create's rule (a scanned ID, or a
 * manager with a reason); so does a new ID number (one profile per ID).
 * The audit names the fields that changed, never their values.
 */
int
op_customer_update(struct op_ctx *ctx)
{
	struct customer	 cu, old;
	json_t		*jid, *jcard;
	json_int_t	 id;
	const char	*reason = NULL;
	char		*cause = NULL, subj[32], changed[256] = "";
	int		 r, scanned;

	if (proto_arg_int(ctx->args, "id", 1, 1, UINT32_MAX, &id, &cause) != 0)
		return (op_bad_request(ctx, cause));
	r = store_customer_get(ctx->txn, (uint32_t)id, &old);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no customer %lld",
		    (long long)id));
	if (r != 0)
		return (op_store_error(ctx));
	if (json_object_get(ctx->args, "type") != NULL)
		return (op_error(ctx, "bad-request", "a customer's type does "
		    "not change: make a new profile"));
	cu = old;
	if (op_customer_str(ctx, ctx->args, "first", cu.first,
	    sizeof cu.first, 0) != 0 || op_customer_str(ctx, ctx->args,
	    "last", cu.last, sizeof cu.last, 0) != 0 ||
	    op_customer_str(ctx, ctx->args, "residence", cu.residence,
	    sizeof cu.residence, 0) != 0 || op_customer_str(ctx, ctx->args,
	    "phone", cu.phone, sizeof cu.phone, 0) != 0 ||
	    op_customer_str(ctx, ctx->args, "email", cu.email,
	    sizeof cu.email, 0) != 0 || op_customer_str(ctx, ctx->args,
	    "notes", cu.notes, sizeof cu.notes, 0) != 0)
		return (-1);
	if (cu.first[0] == '\0' || cu.last[0] == '\0')
		return (op_error(ctx, "bad-request", "a customer keeps a first "
		    "and last name"));
	if (op_customer_marketing(ctx, &cu) != 0 ||
	    op_customer_discounts(ctx, &cu) != 0)
		return (-1);
	if (json_object_get(ctx->args, "dob") != NULL &&
	    op_customer_date_arg(ctx, ctx->args, "dob", &cu.dob, 1) != 0)
		return (-1);
	jid = json_object_get(ctx->args, "id_doc");
	if (jid != NULL) {
		if (!json_is_object(jid))
			return (op_error(ctx, "bad-request", "\"id_doc\" must "
			    "be an object"));
		if (op_customer_str(ctx, jid, "type", cu.id_type,
		    sizeof cu.id_type, 0) != 0 || op_customer_str(ctx, jid,
		    "number", cu.id_number, sizeof cu.id_number, 0) != 0 ||
		    op_customer_str(ctx, jid, "state", cu.id_state,
		    sizeof cu.id_state, 0) != 0 ||
		    (json_object_get(jid, "expires") != NULL &&
		    op_customer_date_arg(ctx, jid, "expires", &cu.id_expires,
		    1) != 0))
			return (-1);
		if (cu.id_type[0] == '\0' || cu.id_number[0] == '\0')
			return (op_error(ctx, "bad-request", "an ID document "
			    "keeps its type and number"));
	}
	jcard = json_object_get(ctx->args, "card");
	if (jcard != NULL) {
		if (!json_is_object(jcard))
			return (op_error(ctx, "bad-request", "\"card\" must be "
			    "an object"));
		if (op_customer_str(ctx, jcard, "number", cu.card_number,
		    sizeof cu.card_number, 0) != 0 || op_customer_str(ctx,
		    jcard, "state", cu.card_state, sizeof cu.card_state,
		    0) != 0 || (json_object_get(jcard, "expires") != NULL &&
		    op_customer_date_arg(ctx, jcard, "expires",
		    &cu.card_expires, 1) != 0) || op_customer_str(ctx, jcard,
		    "physician", cu.physician, sizeof cu.physician, 0) != 0 ||
		    op_customer_str(ctx, jcard, "condition", cu.condition,
		    sizeof cu.condition, 0) != 0)
			return (-1);
	}
	if (cu.type != CUSTOMER_ADULT && (cu.card_number[0] == '\0' ||
	    cu.card_expires == 0))
		return (op_error(ctx, "bad-request", "a %s keeps a card with "
		    "its number and expiry", store_customer_type_name(cu.type)));
	if (op_customer_check(ctx, &cu, &old) != 0 ||
	    op_customer_patients(ctx, &cu) != 0)
		return (-1);

	/* Who may change the date of birth, or the ID it came from. */
	if ((cu.dob != old.dob || strcmp(cu.id_number, old.id_number) != 0) &&
	    op_customer_typed(ctx, "date of birth or ID number", &scanned,
	    &reason) != 0)
		return (-1);
	if (strcmp(cu.id_number, old.id_number) != 0 &&
	    op_customer_id_free(ctx, &cu) != 0)
		return (-1);

#define CH(name, d) op_customer_changed(changed, sizeof changed, name, d)
	CH("first", strcmp(cu.first, old.first) != 0);
	CH("last", strcmp(cu.last, old.last) != 0);
	CH("dob", cu.dob != old.dob);
	CH("id_doc", strcmp(cu.id_type, old.id_type) != 0 ||
	    strcmp(cu.id_number, old.id_number) != 0 ||
	    strcmp(cu.id_state, old.id_state) != 0 ||
	    cu.id_expires != old.id_expires);
	CH("card", strcmp(cu.card_number, old.card_number) != 0 ||
	    strcmp(cu.card_state, old.card_state) != 0 ||
	    cu.card_expires != old.card_expires ||
	    strcmp(cu.physician, old.physician) != 0 ||
	    strcmp(cu.condition, old.condition) != 0);
	CH("residence", strcmp(cu.residence, old.residence) != 0);
	CH("phone", strcmp(cu.phone, old.phone) != 0);
	CH("email", strcmp(cu.email, old.email) != 0);
	CH("marketing", cu.marketing != old.marketing);
	CH("notes", strcmp(cu.notes, old.notes) != 0);
	CH("veteran", cu.veteran != old.veteran);
	CH("employee", cu.employee != old.employee);
	CH("patients", cu.npatients != old.npatients ||
	    memcmp(cu.patients, old.patients, cu.npatients *
	    sizeof cu.patients[0]) != 0);
#undef CH
	if (*changed != '\0') {
		store_customer_put(ctx->txn, &cu, &old);
		snprintf(subj, sizeof subj, "customer %u", cu.id);
		audit_append(ctx->txn, ctx->c->staff, 0, ctx->c->terminal,
		    "customer.update", subj, "changed=%s%s%s", changed,
		    reason != NULL ? " reason=" : "", reason != NULL ?
		    reason : "");
		if (ctx->txn->ret != 0)
			return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o, s:s}", "customer",
	    op_customer_json(&cu), "changed", changed);
	return (0);
}

/* What remains of each pool for this customer now (or a walk-in). */
static json_t *
op_customer_limits(struct op_ctx *ctx, const struct customer *cu,
    const struct customer *patient)
{
	struct server		*srv = ctx->srv;
	struct limits_request	 req;
	struct limits_result	 res;
	const struct customer	*subject;
	json_t			*j;
	int64_t			 now = util_now();

	if (srv->rules == NULL)
		return (json_null());
	subject = patient != NULL ? patient : cu;
	if (customer_limits_request(ctx->txn, srv->rules, cu, subject,
	    srv->info.state, now, util_local_date(now, srv->info.tz),
	    &req) != 0) {
		limits_request_free(&req);
		return (json_null());
	}
	limits_eval(srv->rules, &req, &res);
	limits_request_free(&req);
	j = reply_limits(&res);
	json_object_set_new(j, "jurisdiction", json_string(srv->rules->id));
	limits_result_free(&res);
	return (j);
}

/* A patient's profile: the reply, with the state's word in "state". */
struct customer_state {
	int	instate;
	char	card[64];
};

/*
 * Put the state's word in the reply: a patient the state reports
 * inactive, or one the outage rule would not let in, is not eligible
 * today, in the state's words (queue.add refuses them the same way).
 */
static void
op_customer_registry_set(struct op_ctx *ctx, json_t *res, int instate)
{
	json_t		*st, *elig;
	const char	*status;
	char		*why = NULL;

	st = reply_registry(res, instate, ctx->srv->rules);
	json_decref(res);
	status = json_string_value(json_object_get(st, "status"));
	elig = json_object_get(ctx->result, "eligible");
	if (strcmp(status, "inactive") == 0)
		xasprintf(&why, "the state's patient registry says: %s",
		    json_string_value(json_object_get(st, "message")));
	else if (strcmp(status, "unreachable") == 0 &&
	    !json_is_true(json_object_get(st, "admit")))
		xasprintf(&why, "the state's patient registry cannot be "
		    "reached (%s) and the rules (outage %s) block patients "
		    "until it answers", json_string_value(json_object_get(st,
		    "reason")), json_string_value(json_object_get(st,
		    "policy")));
	if (why != NULL && json_is_true(json_object_get(elig, "ok"))) {
		json_object_set_new(ctx->result, "eligible", json_pack(
		    "{s:b, s:s}", "ok", 0, "reason", why));
	}
	free(why);
	json_object_set_new(ctx->result, "state", st);
}

static void
op_customer_registry_cb(json_t *res, void *arg)
{
	struct op_ctx		*ctx = arg;
	struct customer_state	*cs = ctx->data;

	if (res == NULL) {
		op_error(ctx, "unavailable", "stashd is stopping");
		op_finish(ctx);
		return;
	}
	op_customer_registry_set(ctx, res, cs->instate);
	op_finish(ctx);
}

/*
 * customer.get's "state": for a medical patient (or a caregiver's
 * patient), the state registry's status and remaining allotment, from
 * the minute's cache or asked without blocking (the same path and cache
 * as a medical sale); null for anyone else or when reporting is off.
 * -1 with ctx->result complete (answered now), 0 if the answer comes
 * later, or -1 with the error set.
 */
static int
op_customer_registry(struct op_ctx *ctx, uint32_t cust, uint32_t pat)
{
	struct customer_state	*cs;
	json_t			*res;
	int			 r;

	json_object_set_new(ctx->result, "state", json_null());
	if (!metrc_enabled())
		return (-1);
	cs = xcalloc(1, sizeof *cs);
	r = customer_registry_card(ctx->txn, cust, pat, cs->card,
	    sizeof cs->card, &cs->instate);
	if (r <= 0) {
		free(cs);
		return (r < 0 ? op_store_error(ctx) : -1);
	}
	ctx->data = cs;
	ctx->free_data = free;
	ctx->txn = NULL;	/* the read transaction ends on return */
	if (metrc_patient_ask(cs->card, op_customer_registry_cb, ctx,
	    &res) == 0)
		return (0);
	op_customer_registry_set(ctx, res, cs->instate);
	return (-1);
}

/* One purchase of the customer's history, for customer.get. */
static void
op_customer_history_add(const struct sale *s, void *arg)
{
	json_t	*hist = arg;

	json_array_append_new(hist, json_pack("{s:I, s:I, s:I, s:I, s:s}",
	    "id", (json_int_t)s->id, "time", (json_int_t)s->time, "total",
	    (json_int_t)s->total, "patient", (json_int_t)s->patient, "status",
	    s->status == SALE_VOID ? "void" : "complete"));
}

int
op_customer_get(struct op_ctx *ctx)
{
	struct customer		 cu, pt;
	json_int_t		 id, pid = 0;
	json_t			*hist, *elig;
	char			*cause = NULL;
	int			 r, today;

	if (proto_arg_int(ctx->args, "id", 1, 1, UINT32_MAX, &id, &cause) != 0 ||
	    proto_arg_int(ctx->args, "patient", 0, 1, UINT32_MAX, &pid,
	    &cause) < 0)
		return (op_bad_request(ctx, cause));
	r = store_customer_get(ctx->txn, (uint32_t)id, &cu);
	if (r == STORE_NOTFOUND)
		return (op_error(ctx, "not-found", "no customer %lld",
		    (long long)id));
	if (r != 0)
		return (op_store_error(ctx));
	if (pid != 0 && store_customer_get(ctx->txn, (uint32_t)pid, &pt) != 0)
		return (op_error(ctx, "not-found", "no customer %lld",
		    (long long)pid));

	today = util_local_date(util_now(), ctx->srv->info.tz);
	if (customer_eligible(&cu, today, ctx->srv->rules, &cause) == 0 && (pid == 0 ||
	    customer_eligible_patient(&cu, &pt, today, &cause) == 0))
		elig = json_pack("{s:b}", "ok", 1);
	else {
		elig = json_pack("{s:b, s:s}", "ok", 0, "reason", cause);
		free(cause);
	}

	/* The last 20 purchases. */
	hist = json_array();
	customer_history(ctx->txn, cu.id, 20, op_customer_history_add, hist);
	ctx->result = json_pack("{s:o, s:o, s:o, s:o}", "customer",
	    op_customer_json(&cu), "eligible", elig, "history", hist,
	    "limits", op_customer_limits(ctx, &cu, pid != 0 ? &pt : NULL));
	if (ctx->txn->ret != 0)
		return (op_store_error(ctx));
	return (op_customer_registry(ctx, cu.id, (uint32_t)pid));
}

/* One customer found, for customer.search. */
static void
op_customer_search_add(const struct customer *cu, void *arg)
{
	json_array_append_new(arg, op_customer_json(cu));
}

/* Search by name ("last first" prefix), phone, ID or card number. */
int
op_customer_search(struct op_ctx *ctx)
{
	const char	*q;
	char		*cause = NULL;
	json_t		*list;

	if (proto_arg_str(ctx->args, "q", 1, 64, &q, &cause) != 0)
		return (op_bad_request(ctx, cause));
	list = json_array();
	if (customer_search(ctx->txn, q, OP_CUSTOMER_SEARCH_MAX,
	    op_customer_search_add, list) < 0) {
		json_decref(list);
		return (op_store_error(ctx));
	}
	ctx->result = json_pack("{s:o}", "customers", list);
	return (0);
}
