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
#include <time.h>

#include "rules.h"

/*
 * The purchase-limit check. A cart is allowed only if every pool that
 * applies to the customer holds once the cart is added to the customer's
 * history in that pool's window (contrib/rules/README.md).
 *
 * A pool is a sum of weighted terms: the usage is sum(q_i / cap_i), where
 * cap_i is the amount of that measure which alone uses the whole allowance,
 * and the pool holds while the usage is at most 1 (caps are inclusive).
 * The check is exact, in integers: with L the least common multiple of the
 * caps (rules.c keeps it below 2^120), U = sum(q_i * L / cap_i) must be at
 * most L. Ounces against fluid ounces make L large, so U and U * cap are
 * worked out in 256 bits (a few limbs below). Each term's q is saturated
 * at 2^52 ug (4.5 tonnes), far past any cap, so nothing overflows.
 *
 * Amounts shown to people are in mg, ml or units: what has been used is
 * rounded up and what remains is rounded down, so neither flatters.
 *
 * Windows are store-local (the rule file's zone, DST included): "day" is
 * from local midnight today, "rolling N" from local midnight N - 1 days ago
 * (today counts as one of the N), "month" from local midnight on the 1st.
 * The zone is set with TZ around the calls, once per evaluation: not
 * thread-safe, as util_time_str.
 */

#define LIMITS_Q_MAX		(INT64_C(1) << 52)
#define LIMITS_QTY_MAX		10000
#define LIMITS_MG_MAX		INT64_C(10000000)	/* 10 kg a unit */
#define LIMITS_ML_MAX		INT64_C(100000)		/* 100 l a unit */
#define LIMITS_HISTORY_MAX	200000			/* transactions */
#define LIMITS_LINES_MAX	1000000			/* history lines */

typedef unsigned __int128 u128;

static const char *limits_keys[LM_COUNT] = {
	"net_mg", "flower_mg", "conc_mg", "thc_mg", "other_cannabinoid_mg",
	"volume_ml", "qty"
};

static int
limits_digits(const char *s, int n)
{
	int	i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((u_char)s[i]))
			return (-1);
		v = v * 10 + (s[i] - '0');
	}
	return (v);
}

/* RFC 3339 with seconds and a zone: 2026-06-14T15:00:00-06:00 or ...Z. */
int
limits_time_parse(const char *s, int64_t *out)
{
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
				     31, 30, 31 };
	int			 y, mo, d, h, mi, se, oh = 0, om = 0, sign = 0;
	int64_t			 t;

	if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
		return (-1);
	y = limits_digits(s, 4);
	mo = limits_digits(s + 5, 2);
	d = limits_digits(s + 8, 2);
	h = limits_digits(s + 11, 2);
	mi = limits_digits(s + 14, 2);
	se = limits_digits(s + 17, 2);
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59)
		return (-1);
	if (mo == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 &&
	    y % 400 != 0)))
		return (-1);
	s += 19;
	if ((*s == 'Z' || *s == 'z') && s[1] == '\0')
		sign = 0;
	else if ((*s == '+' || *s == '-') && strlen(s) == 6 && s[3] == ':') {
		sign = (*s == '-') ? -1 : 1;
		oh = limits_digits(s + 1, 2);
		om = limits_digits(s + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return (-1);
	} else
		return (-1);
	t = util_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	t -= sign * (oh * 3600 + om * 60);
	if (t < 0)
		return (-1);
	*out = t * 1000000;
	return (0);
}

/* --- the request, from JSON ------------------------------------------- */

static int printflike(2, 3)
limits_bad(char **cause, const char *fmt, ...)
{
	va_list	ap;

	if (*cause != NULL)
		return (-1);
	va_start(ap, fmt);
	xvasprintf(cause, fmt, ap);
	va_end(ap);
	return (-1);
}

static int
limits_int(json_t *v, const char *where, int64_t min, int64_t max,
    int64_t *out, char **cause)
{
	if (!json_is_integer(v))
		return (limits_bad(cause, "%s: not a whole number", where));
	if (json_integer_value(v) < min || json_integer_value(v) > max)
		return (limits_bad(cause, "%s: %lld is out of range (%lld to "
		    "%lld)", where, (long long)json_integer_value(v),
		    (long long)min, (long long)max));
	*out = json_integer_value(v);
	return (0);
}

static int
limits_line_parse(json_t *o, const char *where, int64_t at,
    struct limits_line *l, char **cause)
{
	const char	*key;
	json_t		*v;
	char		 w[128];
	int64_t		 n;
	int		 i, have_qty = 0;

	if (!json_is_object(o))
		return (limits_bad(cause, "%s: not an object", where));
	memset(l, 0, sizeof *l);
	l->at = at;
	l->category = l->route = -1;
	json_object_foreach(o, key, v) {
		xsnprintf(w, sizeof w, "%s.%.32s", where, key);
		if (strcmp(key, "category") == 0) {
			if (!json_is_string(v) ||
			    (l->category = rules_category(json_string_value(v)))
			    == -1)
				return (limits_bad(cause, "%s: not a category "
				    "(flower, preroll, concentrate, vape, "
				    "edible, beverage, tincture, topical, "
				    "capsule)", w));
			continue;
		}
		if (strcmp(key, "route") == 0) {
			if (!json_is_string(v) ||
			    (l->route = rules_route(json_string_value(v)))
			    == -1)
				return (limits_bad(cause, "%s: not a route "
				    "(smokable, inhalation, edible, oral, "
				    "sublingual, topical, suppository)", w));
			continue;
		}
		for (i = 0; i < LM_COUNT; i++) {
			if (strcmp(key, limits_keys[i]) == 0)
				break;
		}
		if (i == LM_COUNT)
			return (limits_bad(cause, "%s: unknown key", w));
		if (i == LM_UNITS) {
			if (limits_int(v, w, 1, LIMITS_QTY_MAX, &l->qty,
			    cause) != 0)
				return (-1);
			have_qty = 1;
		} else if (i == LM_VOLUME) {
			if (limits_int(v, w, 0, LIMITS_ML_MAX, &n, cause) != 0)
				return (-1);
			l->m[i] = n * 1000;
		} else {
			if (limits_int(v, w, 0, LIMITS_MG_MAX, &n, cause) != 0)
				return (-1);
			l->m[i] = n * 1000;
		}
	}
	if (l->category == -1)
		return (limits_bad(cause, "%s: no category", where));
	if (!have_qty)
		return (limits_bad(cause, "%s: no qty", where));
	l->m[LM_UNITS] = 1;
	/* Sanity: the parts of a unit are not heavier than the unit. */
	if (l->m[LM_NET] != 0) {
		if (l->m[LM_FLOWER] > l->m[LM_NET])
			return (limits_bad(cause, "%s: flower_mg is more than "
			    "net_mg (was a weight keyed in the wrong unit?)",
			    where));
		if (l->m[LM_CONC] > l->m[LM_NET])
			return (limits_bad(cause, "%s: conc_mg is more than "
			    "net_mg (was a weight keyed in the wrong unit?)",
			    where));
		if (l->m[LM_THC] + l->m[LM_OTHER] > l->m[LM_NET])
			return (limits_bad(cause, "%s: thc_mg and "
			    "other_cannabinoid_mg add up to more than net_mg "
			    "(was a weight keyed in the wrong unit?)", where));
	}
	return (0);
}

static int
limits_lines_parse(json_t *a, const char *where, int64_t at,
    struct limits_line **lines, u_int *n, u_int max, char **cause)
{
	json_t	*v;
	size_t	 i;
	char	 w[64];

	if (!json_is_array(a))
		return (limits_bad(cause, "%s: not an array", where));
	if (json_array_size(a) > MAX_SALE_LINES)
		return (limits_bad(cause, "%s: more than %d lines", where,
		    MAX_SALE_LINES));
	if (*n + json_array_size(a) > max)
		return (limits_bad(cause, "%s: more than %u lines in all",
		    where, max));
	*lines = xreallocarray(*lines, *n + json_array_size(a) + 1,
	    sizeof **lines);
	json_array_foreach(a, i, v) {
		xsnprintf(w, sizeof w, "%s[%zu]", where, i);
		if (limits_line_parse(v, w, at, &(*lines)[*n], cause) != 0)
			return (-1);
		(*n)++;
	}
	return (0);
}

static int
limits_customer_parse(json_t *o, const char *where, int patient,
    struct limits_request *req, char **cause)
{
	const char	*key, *s;
	json_t		*v;
	char		 w[64];
	int64_t		 n;
	int		 have_type = patient, have_age = 0;

	if (!json_is_object(o))
		return (limits_bad(cause, "%s: not an object", where));
	json_object_foreach(o, key, v) {
		xsnprintf(w, sizeof w, "%s.%.32s", where, key);
		if (!patient && strcmp(key, "type") == 0) {
			s = json_is_string(v) ? json_string_value(v) : "";
			if (strcmp(s, "adult") == 0)
				req->type = LC_ADULT;
			else if (strcmp(s, "medical") == 0)
				req->type = LC_MEDICAL;
			else if (strcmp(s, "caregiver") == 0)
				req->type = LC_CAREGIVER;
			else
				return (limits_bad(cause, "%s: adult, medical "
				    "or caregiver", w));
			have_type = 1;
		} else if (strcmp(key, "age") == 0) {
			if (limits_int(v, w, 0, 150, &n, cause) != 0)
				return (-1);
			req->age = (int)n;
			have_age = 1;
		} else if (strcmp(key, "resident") == 0) {
			if (!json_is_boolean(v))
				return (limits_bad(cause, "%s: true or false",
				    w));
			req->resident = json_is_true(v);
		} else
			return (limits_bad(cause, "%s: unknown key", w));
	}
	if (!have_type)
		return (limits_bad(cause, "%s: no type", where));
	if (!have_age)
		return (limits_bad(cause, "%s: no age", where));
	return (0);
}

static int
limits_overrides_parse(const struct rules *r, json_t *o, const char *where,
    int cert, struct limits_override *ov, u_int *n, char **cause)
{
	const struct rules_pool	*p;
	const char		*key;
	json_t			*v;
	char			 w[96];
	int64_t			 x;

	if (!json_is_object(o))
		return (limits_bad(cause, "%s: not an object", where));
	json_object_foreach(o, key, v) {
		xsnprintf(w, sizeof w, "%s.%.32s", where, key);
		if ((p = rules_pool(r, key)) == NULL)
			return (limits_bad(cause, "%s: %s has no such pool",
			    w, r->id));
		if (cert && !p->certificate)
			return (limits_bad(cause, "%s: pool %s does not take a "
			    "certified amount", w, key));
		if (limits_int(v, w, 0, RULES_CAP_MAX / 1000, &x, cause) != 0)
			return (-1);
		ov[*n].pool = (int)(p - r->pools);
		ov[*n].value = p->kind == LK_COUNT ? x : x * 1000;
		(*n)++;
	}
	return (0);
}

void
limits_request_defaults(const struct rules *r, struct limits_request *req)
{
	u_int	i;

	memset(req, 0, sizeof *req);
	req->resident = 1;
	for (i = 0; i < r->noptions; i++)
		req->options[i] = r->options[i].dflt;
}

void
limits_request_free(struct limits_request *req)
{
	free(req->history);
	free(req->cart);
	req->history = req->cart = NULL;
	req->nhistory = req->ncart = 0;
}

/*
 * The request: see stashctl(8). Unknown keys are errors. "jurisdiction"
 * must match the rules if it is given.
 */
int
limits_request_parse(const struct rules *r, json_t *o,
    struct limits_request *req, char **cause)
{
	const char	*key, *k2;
	json_t		*v, *t, *v2, *at = NULL, *lines, *patient = NULL;
	char		 w[64];
	size_t		 i;
	int64_t		 when;
	int		 i_opt, have_customer = 0;

	*cause = NULL;
	limits_request_defaults(r, req);
	if (!json_is_object(o))
		return (limits_bad(cause, "the input is not a JSON object"));
	if ((at = json_object_get(o, "at")) == NULL || !json_is_string(at) ||
	    limits_time_parse(json_string_value(at), &req->at) != 0)
		return (limits_bad(cause, "at: missing, or not a time like "
		    "2026-06-14T15:00:00-06:00"));
	json_object_foreach(o, key, v) {
		if (strcmp(key, "at") == 0)
			continue;
		if (strcmp(key, "jurisdiction") == 0) {
			if (!json_is_string(v) ||
			    strcmp(json_string_value(v), r->id) != 0)
				goto bad_juris;
		} else if (strcmp(key, "customer") == 0) {
			if (limits_customer_parse(v, "customer", 0, req,
			    cause) != 0)
				goto fail;
			have_customer = 1;
		} else if (strcmp(key, "patient") == 0)
			patient = v;
		else if (strcmp(key, "cart") == 0) {
			if (limits_lines_parse(v, "cart", req->at, &req->cart,
			    &req->ncart, MAX_SALE_LINES, cause) != 0)
				goto fail;
		} else if (strcmp(key, "history") == 0) {
			if (!json_is_array(v) ||
			    json_array_size(v) > LIMITS_HISTORY_MAX) {
				limits_bad(cause, "history: not an array of at "
				    "most %d transactions", LIMITS_HISTORY_MAX);
				goto fail;
			}
			json_array_foreach(v, i, t) {
				xsnprintf(w, sizeof w, "history[%zu]", i);
				if (!json_is_object(t) ||
				    json_object_size(t) != 2 ||
				    (v2 = json_object_get(t, "at")) == NULL ||
				    !json_is_string(v2) ||
				    (lines = json_object_get(t, "lines")) ==
				    NULL) {
					limits_bad(cause, "%s: not {\"at\": "
					    "TIME, \"lines\": [...]}", w);
					goto fail;
				}
				if (limits_time_parse(json_string_value(v2),
				    &when) != 0 || when > req->at) {
					limits_bad(cause, "%s.at: not a time, "
					    "or after the check's time", w);
					goto fail;
				}
				xsnprintf(w, sizeof w, "history[%zu].lines", i);
				if (limits_lines_parse(lines, w, when,
				    &req->history, &req->nhistory,
				    LIMITS_LINES_MAX, cause) != 0)
					goto fail;
			}
		} else if (strcmp(key, "options") == 0) {
			if (!json_is_object(v)) {
				limits_bad(cause, "options: not an object");
				goto fail;
			}
			json_object_foreach(v, k2, v2) {
				if ((i_opt = rules_option(r, k2)) == -1 ||
				    !json_is_boolean(v2)) {
					limits_bad(cause, "options.%.32s: %s "
					    "has no such option, or it is not "
					    "true or false", k2, r->id);
					goto fail;
				}
				req->options[i_opt] = json_is_true(v2);
			}
		} else if (strcmp(key, "allotment") == 0) {
			if (limits_overrides_parse(r, v, "allotment", 0,
			    req->allotment, &req->nallotment, cause) != 0)
				goto fail;
		} else if (strcmp(key, "certificate") == 0) {
			if (limits_overrides_parse(r, v, "certificate", 1,
			    req->certificate, &req->ncertificate, cause) != 0)
				goto fail;
		} else {
			limits_bad(cause, "%.32s: unknown key", key);
			goto fail;
		}
	}
	if (!have_customer) {
		limits_bad(cause, "customer: missing");
		goto fail;
	}
	if (patient != NULL) {
		if (req->type != LC_CAREGIVER) {
			limits_bad(cause, "patient: only for a caregiver");
			goto fail;
		}
		if (limits_customer_parse(patient, "patient", 1, req,
		    cause) != 0)
			goto fail;
	}
	return (0);

bad_juris:
	limits_bad(cause, "jurisdiction: these rules are for %s", r->id);
fail:
	limits_request_free(req);
	return (-1);
}

/* --- the evaluation --------------------------------------------------- */

/* Each pool's window start (UTC us) and the local date, in the zone. */
static void
limits_windows(const struct rules *r, int64_t at, int *today,
    int64_t *start)
{
	const struct rules_pool	*p;
	time_t			 secs = (time_t)(at / 1000000), t;
	struct tm		 tm, tm2;
	struct util_tz		 z;
	u_int			 i;

	util_tz_enter(&z, r->zone);
	localtime_r(&secs, &tm);
	*today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday;
	for (i = 0; i < r->npools; i++) {
		p = &r->pools[i];
		memset(&tm2, 0, sizeof tm2);
		tm2.tm_year = tm.tm_year;
		tm2.tm_mon = tm.tm_mon;
		tm2.tm_isdst = -1;
		switch (p->window) {
		case LW_TRANSACTION:
			start[i] = INT64_MAX;	/* no history */
			continue;
		case LW_DAY:
			tm2.tm_mday = tm.tm_mday;
			break;
		case LW_ROLLING:
			tm2.tm_mday = tm.tm_mday - (p->days - 1);
			break;
		case LW_MONTH:
			tm2.tm_mday = 1;
			break;
		}
		t = mktime(&tm2);	/* normalises the day and the DST */
		start[i] = (int64_t)t * 1000000;
	}
	util_tz_leave(&z);
}

static int
limits_term_match(const struct rules_term *t, const struct limits_line *l)
{
	uint32_t	cat = 1U << l->category, route;

	if (t->cat_yes != 0 && (t->cat_yes & cat) == 0)
		return (0);
	if (t->cat_no & cat)
		return (0);
	if (t->route_yes == 0 && t->route_no == 0)
		return (1);
	if (l->route == -1)
		return (0);	/* a route rule needs the route */
	route = 1U << l->route;
	if (t->route_yes != 0 && (t->route_yes & route) == 0)
		return (0);
	return ((t->route_no & route) == 0);
}

static int
limits_applies(const struct rules_pool *p, const struct limits_request *req,
    int today)
{
	uint32_t	who = p->who;

	if (p->opt != -1 && req->options[p->opt] == p->opt_neg)
		return (0);
	if (req->type == LC_CAREGIVER)	/* buys under the patient's pools */
		who = (who & (LC_MEDICAL|LC_CAREGIVER)) ? LC_CAREGIVER : 0;
	if ((who & (uint32_t)req->type) == 0)
		return (0);
	if (p->age_min != -1 && req->age < p->age_min)
		return (0);
	if (p->age_max != -1 && req->age > p->age_max)
		return (0);
	if (p->resident != -1 && p->resident != req->resident)
		return (0);
	if (p->from != 0 && today < p->from)
		return (0);
	if (p->until != 0 && today > p->until)
		return (0);
	return (1);
}

static int
limits_term_active(const struct rules_term *t,
    const struct limits_request *req)
{
	return (t->opt == -1 || req->options[t->opt] != t->opt_neg);
}

static void
limits_add(int64_t *q, const struct limits_line *l, enum limits_measure m)
{
	u128	v;

	v = (u128)l->m[m] * (u128)l->qty + (u128)*q;
	*q = v > LIMITS_Q_MAX ? LIMITS_Q_MAX : (int64_t)v;
}

/* 256-bit unsigned integers, four little-endian limbs. */
struct limits_u256 {
	uint64_t	w[4];
};

/* acc += a * b, a < 2^120, b < 2^64. */
static void
limits_addmul(struct limits_u256 *acc, u128 a, uint64_t b)
{
	u128	lo, hi, c;
	int	i;

	lo = (u128)(uint64_t)a * b;
	hi = (u128)(uint64_t)(a >> 64) * b;
	c = (u128)acc->w[0] + (uint64_t)lo;
	acc->w[0] = (uint64_t)c;
	c = (c >> 64) + acc->w[1] + (uint64_t)(lo >> 64) + (uint64_t)hi;
	acc->w[1] = (uint64_t)c;
	c = (c >> 64) + acc->w[2] + (uint64_t)(hi >> 64);
	acc->w[2] = (uint64_t)c;
	for (i = 3; i < 4; i++) {
		c = (c >> 64) + acc->w[i];
		acc->w[i] = (uint64_t)c;
	}
}

static void
limits_add256(struct limits_u256 *acc, const struct limits_u256 *a)
{
	u128	c = 0;
	int	i;

	for (i = 0; i < 4; i++) {
		c = (c >> 64) + acc->w[i] + a->w[i];
		acc->w[i] = (uint64_t)c;
	}
}

/*
 * The usage in headline units, P + r / L: (U * H) divided by L, by binary
 * long division (L < 2^120, so the remainder shifted stays in 128 bits).
 * P is at most sum(q_i) * H / min(cap_i), under 2^100.
 */
static void
limits_split(const struct rules_pool *p, const struct limits_u256 *u,
    u128 *whole, u128 *rest)
{
	struct limits_u256	v;
	u128			r = 0, q = 0, l = p->lcm;
	int			i;

	memset(&v, 0, sizeof v);
	limits_addmul(&v, (u128)u->w[0] | ((u128)u->w[1] << 64),
	    (uint64_t)p->cap);
	/* u < 2^180 (16 terms * 2^52 * 2^120): limbs 2 and 3, shifted. */
	if (u->w[2] != 0 || u->w[3] != 0) {
		struct limits_u256	hi;

		memset(&hi, 0, sizeof hi);
		limits_addmul(&hi, (u128)u->w[2] | ((u128)u->w[3] << 64),
		    (uint64_t)p->cap);
		hi.w[3] = hi.w[1];
		hi.w[2] = hi.w[0];
		hi.w[1] = hi.w[0] = 0;
		limits_add256(&v, &hi);
	}
	for (i = 255; i >= 0; i--) {
		r = (r << 1) | ((v.w[i / 64] >> (i % 64)) & 1);
		q <<= 1;
		if (r >= l) {
			r -= l;
			q |= 1;
		}
	}
	*whole = q;
	*rest = r;
}

static int64_t
limits_out(u128 v, int64_t div)
{
	v /= (u128)div;
	return (v > (u128)INT64_MAX ? INT64_MAX : (int64_t)v);
}

static const char *
limits_fmt(const struct rules_pool *p, int64_t v, char *out, size_t len)
{
	if (p->kind == LK_MASS)
		return (weight_fmt(v, out, len));
	if (p->kind == LK_VOLUME)
		xsnprintf(out, len, "%lld ml", (long long)v);
	else
		xsnprintf(out, len, "%lld unit%s", (long long)v,
		    v == 1 ? "" : "s");
	return (out);
}

static void printflike(2, 3)
limits_reason(struct limits_result *res, const char *fmt, ...)
{
	va_list	ap;

	res->allow = 0;
	res->reasons = xreallocarray(res->reasons, res->nreasons + 1,
	    sizeof *res->reasons);
	va_start(ap, fmt);
	xvasprintf(&res->reasons[res->nreasons++], fmt, ap);
	va_end(ap);
}

static const char *
limits_who(const struct limits_request *req)
{
	switch (req->type) {
	case LC_ADULT:
		return ("an adult-use");
	case LC_MEDICAL:
		return ("a medical");
	default:
		return ("a caregiver's");
	}
}

int
limits_eval(const struct rules *r, const struct limits_request *req,
    struct limits_result *res)
{
	const struct rules_pool		*p;
	const struct rules_term		*t;
	const struct limits_line	*l;
	struct limits_pool_result	*pr;
	int64_t				 start[RULES_POOLS_MAX], qh, qc, x, div;
	int64_t				 allot;
	struct limits_u256		 uh, uc, ut;
	u128				 whole, rest, cw, cr, v;
	u_char				 covered[MAX_SALE_LINES];
	int				 today, have_allot, by_route = 0;
	u_int				 i, j, k;
	char				 b1[32], b2[32], b3[32], win[32];

	memset(res, 0, sizeof *res);
	memset(covered, 0, sizeof covered);
	res->allow = 1;
	if (req->ncart > MAX_SALE_LINES) {
		limits_reason(res, "more than %d cart lines", MAX_SALE_LINES);
		return (0);
	}
	limits_windows(r, req->at, &today, start);
	if (today < r->effective) {
		limits_reason(res, "the %s rules take effect on %04d-%02d-%02d",
		    r->id, r->effective / 10000, r->effective / 100 % 100,
		    r->effective % 100);
		return (0);
	}
	for (i = 0; i < r->npools; i++) {
		p = &r->pools[i];
		if (!limits_applies(p, req, today))
			continue;
		memset(&uh, 0, sizeof uh);
		memset(&uc, 0, sizeof uc);
		for (j = 0; j < p->nterms; j++) {
			t = &p->terms[j];
			if (!limits_term_active(t, req))
				continue;
			if (t->route_yes != 0 || t->route_no != 0)
				by_route = 1;
			qh = qc = 0;
			if (start[i] != INT64_MAX) {
				for (k = 0; k < req->nhistory; k++) {
					l = &req->history[k];
					if (l->at >= start[i] &&
					    limits_term_match(t, l))
						limits_add(&qh, l, t->measure);
				}
			}
			for (k = 0; k < req->ncart; k++) {
				l = &req->cart[k];
				if (!limits_term_match(t, l))
					continue;
				covered[k] = 1;
				if (l->m[t->measure] == 0 && !t->optional)
					limits_reason(res, "cart line %u (%s) "
					    "has no %s: pool %s counts it by "
					    "that, so it cannot be sold under "
					    "this rule", k + 1,
					    rules_category_name(l->category),
					    limits_keys[t->measure], p->name);
				limits_add(&qc, l, t->measure);
			}
			limits_addmul(&uh, t->weight, (uint64_t)qh);
			limits_addmul(&uc, t->weight, (uint64_t)qc);
		}

		x = p->cap;
		for (j = 0; j < req->ncertificate; j++) {
			if (req->certificate[j].pool == (int)i)
				x = req->certificate[j].value;
		}
		have_allot = 0;
		allot = 0;
		for (j = 0; j < req->nallotment; j++) {
			if (req->allotment[j].pool == (int)i) {
				have_allot = 1;
				allot = req->allotment[j].value;
			}
		}
		div = p->kind == LK_COUNT ? 1 : 1000;
		ut = uh;
		limits_add256(&ut, &uc);
		limits_split(p, &ut, &whole, &rest);
		pr = &res->pools[res->npools++];
		pr->pool = p;
		pr->cap = x / div;
		pr->used = limits_out(whole + (rest != 0) + (u128)div - 1, div);
		pr->over = whole > (u128)x || (whole == (u128)x && rest != 0);
		if (pr->over) {
			pr->remaining = 0;
			v = whole - (u128)x + (rest != 0) + (u128)div - 1;
			limits_reason(res, "pool %s (%s): this sale would make "
			    "%s of the %s allowed; over by %s", p->name,
			    rules_window_str(p, win, sizeof win),
			    limits_fmt(p, pr->used, b1, sizeof b1),
			    limits_fmt(p, pr->cap, b2, sizeof b2),
			    limits_fmt(p, limits_out(v, div), b3, sizeof b3));
		} else
			pr->remaining = limits_out((u128)x - whole -
			    (rest != 0), div);
		if (have_allot) {
			limits_split(p, &uc, &cw, &cr);
			if (cw > (u128)allot || (cw == (u128)allot &&
			    cr != 0)) {
				pr->over = 1;
				pr->remaining = 0;
				limits_reason(res, "pool %s: the state system "
				    "has %s left and this sale needs %s",
				    p->name, limits_fmt(p, allot / div, b1,
				    sizeof b1), limits_fmt(p, limits_out(cw +
				    (cr != 0) + (u128)div - 1, div), b2,
				    sizeof b2));
			} else if (!pr->over) {
				v = (u128)allot - cw - (cr != 0);
				if (limits_out(v, div) < pr->remaining)
					pr->remaining = limits_out(v, div);
			}
		}
	}
	if (res->npools == 0)
		limits_reason(res, "no %s rule covers %s customer aged %d%s",
		    r->id, limits_who(req), req->age,
		    req->resident ? "" : " (non-resident)");
	else {
		for (k = 0; k < req->ncart; k++) {
			l = &req->cart[k];
			if (!covered[k] &&
			    (r->exempt & (1U << l->category)) == 0)
				limits_reason(res, "cart line %u (%s): no %s "
				    "rule for %s customer counts this, and it "
				    "is not exempt%s", k + 1,
				    rules_category_name(l->category), r->id,
				    limits_who(req),
				    by_route && l->route == -1 ? " (give its "
				    "route: these rules count by route)" : "");
		}
	}
	return (0);
}

void
limits_result_free(struct limits_result *res)
{
	u_int	i;

	for (i = 0; i < res->nreasons; i++)
		free(res->reasons[i]);
	free(res->reasons);
	res->reasons = NULL;
	res->nreasons = 0;
}
