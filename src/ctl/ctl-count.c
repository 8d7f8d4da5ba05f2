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

#include "ctl.h"
#include "intake.h"
#include "reply.h"

/*
 * Stock counts from stashctl, through the domain functions of the
 * protocol's count.* ops (count.c): count_start (the scope's walk and the
 * count in one transaction), count_record, count_report, count_finish
 * (with --adjust, one "count" adjustment per variance). stashctl runs as
 * the store's admin, so it may adjust; every step is audited as stashctl's.
 */

static int
ctl_count_id(const char *s, uint64_t *id)
{
	const char	*errstr;
	char		 c[48];

	*id = (uint64_t)util_strtonum(s, 1, INT64_MAX, &errstr);
	if (errstr != NULL) {
		stashctl_error("%s is not a count number (count start prints "
		    "it)", stashctl_clean(s, c, sizeof c));
		return (-1);
	}
	return (0);
}

struct ctl_count_start {
	const char	*location;
	const char	*category;
	int		 blind;
	struct count	 cn;
	u_int		 n;
	enum intake_err	 e;
};

static int
ctl_count_start_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_count_start	*cs = arg;

	cs->e = count_start(t, cs->location, cs->category, cs->blind, 0,
	    CTL_AUDIT_WHO, &cs->cn, &cs->n, cause);
	return (cs->e == INTAKE_OK ? 0 : -1);
}

int
ctl_count_start(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_count_start	 cs;
	char			 cat[CATEGORY_MAX + 2];
	const char		*s;
	size_t			 i;

	memset(&cs, 0, sizeof cs);
	cs.location = stashctl_opt(args, "location");
	if ((s = stashctl_opt(args, "category")) != NULL) {
		if (strlen(s) > CATEGORY_MAX) {
			stashctl_error("--category is at most %d characters",
			    CATEGORY_MAX);
			return (-1);
		}
		for (i = 0; s[i] != '\0'; i++)
			cat[i] = (char)tolower((u_char)s[i]);
		cat[i] = '\0';
		cs.category = cat;
	}
	if (cs.location == NULL && cs.category == NULL &&
	    !stashctl_flag(args, "all")) {
		stashctl_error("count start: give --location, --category (or "
		    "both), or --all for the whole store");
		return (-1);
	}
	cs.blind = !stashctl_flag(args, "open");
	if (stashctl_write(ctl, ctl_count_start_cb, &cs) != 0)
		return (-1);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:I, s:i, s:b}", "count",
		    (json_int_t)cs.cn.id, "packages", (int)cs.n, "blind",
		    cs.blind));
	} else {
		printf("count %llu started: %u package%s (%s%s%s), %s\n",
		    (unsigned long long)cs.cn.id, cs.n, cs.n == 1 ? "" : "s",
		    cs.location != NULL ? cs.location : "every location",
		    ", ", cs.category != NULL ? cs.category :
		    "every category", cs.blind ? "blind: what is expected is "
		    "shown once it is finished" : "open");
	}
	return (0);
}

struct ctl_count_record {
	uint64_t		 id;
	char			 tag[TAG_LEN + 1];
	const char		*qty;
	int			 unit_weight;
	int64_t			 q;
	struct count_line	 l;
	int			 bad;
};

static int
ctl_count_record_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_count_record	*cr = arg;
	struct package		 pk;
	struct product		 p;
	const char		*errstr;
	enum intake_err		 e;

	if (inventory_package_get(t, cr->tag, &pk, &p, cause) != 0)
		return (-1);
	cr->unit_weight = p.unit_weight;
	if (p.unit_weight) {
		if (weight_parse(cr->qty, &cr->q) != 0 || cr->q < 0) {
			xasprintf(cause, "%s is weighed: give grams, like "
			    "112.5", cr->tag);
			return (-1);
		}
	} else {
		cr->q = util_strtonum(cr->qty, 0, INVENTORY_UNITS_MAX,
		    &errstr);
		if (errstr != NULL) {
			xasprintf(cause, "%s is counted in units: give a "
			    "whole number", cr->tag);
			return (-1);
		}
	}
	e = count_record(t, cr->id, cr->tag, cr->q, 0, CTL_AUDIT_WHO, &cr->l,
	    cause);
	return (e == INTAKE_OK ? 0 : -1);
}

int
ctl_count_record(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_count_record	 cr;
	char			 q[32], c[48];

	memset(&cr, 0, sizeof cr);
	if (ctl_count_id(args->argv[0], &cr.id) != 0)
		return (-1);
	if (strlen(args->argv[1]) != TAG_LEN) {
		stashctl_error("%s is not a package tag",
		    stashctl_clean(args->argv[1], c, sizeof c));
		return (-1);
	}
	strlcpy(cr.tag, args->argv[1], sizeof cr.tag);
	util_tag_upper(cr.tag);
	cr.qty = args->argv[2];
	if (stashctl_write(ctl, ctl_count_record_cb, &cr) != 0)
		return (-1);
	stashctl_qty(cr.unit_weight, cr.q, q, sizeof q);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:I, s:s, s:I}", "count",
		    (json_int_t)cr.id, "tag", cr.tag, "counted",
		    (json_int_t)cr.q));
	else
		printf("count %llu: %s counted %s\n",
		    (unsigned long long)cr.id, cr.tag, q);
	return (0);
}

/* The report (reply_count's JSON) as text, with each product's name. */
static void
ctl_count_text(struct store_txn *t, json_t *rep, FILE *f)
{
	struct product	 p;
	json_t		*l, *v;
	size_t		 i;
	char		 e[32], c[32], d[32], name[32];
	int		 w, have;

	fprintf(f, "count %lld, %s%s: %s, %s; %lld of %lld counted",
	    (long long)json_integer_value(json_object_get(rep, "count")),
	    stashctl_jstr(rep, "status"), json_is_true(json_object_get(rep,
	    "blind")) ? ", blind" : "", *stashctl_jstr(rep, "location") !=
	    '\0' ? stashctl_jstr(rep, "location") : "every location",
	    *stashctl_jstr(rep, "category") != '\0' ? stashctl_jstr(rep,
	    "category") : "every category",
	    (long long)json_integer_value(json_object_get(rep, "counted")),
	    (long long)json_integer_value(json_object_get(rep, "packages")));
	if ((v = json_object_get(rep, "variances")) != NULL)
		fprintf(f, ", %lld with a variance",
		    (long long)json_integer_value(v));
	if (json_is_true(json_object_get(rep, "adjusted")))
		fprintf(f, ", adjusted");
	fputc('\n', f);
	fprintf(f, "%-24s %-12s %-20s %12s %12s %12s\n", "TAG", "SKU",
	    "PRODUCT", "EXPECTED", "COUNTED", "VARIANCE");
	json_array_foreach(json_object_get(rep, "lines"), i, l) {
		have = store_product_get(t, (uint32_t)json_integer_value(
		    json_object_get(l, "product")), &p) == 0;
		w = have && p.unit_weight;
		strlcpy(e, "-", sizeof e);
		strlcpy(c, "-", sizeof c);
		strlcpy(d, "-", sizeof d);
		if ((v = json_object_get(l, "expected")) != NULL)
			stashctl_qty(w, json_integer_value(v), e, sizeof e);
		if ((v = json_object_get(l, "counted")) != NULL)
			stashctl_qty(w, json_integer_value(v), c, sizeof c);
		if ((v = json_object_get(l, "variance")) != NULL) {
			stashctl_qty(w, json_integer_value(v), d, sizeof d);
			if (json_integer_value(v) > 0) {
				memmove(d + 1, d, sizeof d - 1);
				d[0] = '+';
				d[sizeof d - 1] = '\0';
			}
		}
		fprintf(f, "%-24s %-12s %-20.20s %12s %12s %12s\n",
		    stashctl_jstr(l, "tag"), have ? p.sku : "?",
		    have ? stashctl_clean(p.name, name, sizeof name) : "?", e,
		    c, d);
	}
}

int
ctl_count_report(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct stashctl_out	 out;
	struct count		 cn;
	uint64_t		 id;
	json_t			*rep;
	int			 r;

	if (ctl_count_id(args->argv[0], &id) != 0)
		return (-1);
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	stashctl_out_open(&out);
	r = store_count_get(&t, id, &cn);
	if (r == STORE_NOTFOUND) {
		store_abort(&t);
		stashctl_out_done(&out, 0);
		stashctl_error("no count %llu", (unsigned long long)id);
		return (-1);
	}
	if (r != 0 || (rep = reply_count(&t, &cn)) == NULL)
		return (stashctl_list_done(&t, &out, NULL));
	if (ctl->json)
		return (stashctl_list_done(&t, &out, rep));
	ctl_count_text(&t, rep, out.f);
	json_decref(rep);
	return (stashctl_list_done(&t, &out, NULL));
}

struct ctl_count_finish {
	uint64_t	id;
	int		adjust;
	u_int		n;
};

static int
ctl_count_finish_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_count_finish	*cf = arg;

	return (count_finish(t, cf->id, cf->adjust, 0, CTL_AUDIT_WHO, &cf->n,
	    cause) == INTAKE_OK ? 0 : -1);
}

int
ctl_count_finish(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_count_finish	 cf;

	memset(&cf, 0, sizeof cf);
	if (ctl_count_id(args->argv[0], &cf.id) != 0)
		return (-1);
	cf.adjust = stashctl_flag(args, "adjust");
	if (stashctl_write(ctl, ctl_count_finish_cb, &cf) != 0)
		return (-1);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:I, s:i}", "count",
		    (json_int_t)cf.id, "adjustments", (int)cf.n));
	else if (cf.adjust)
		printf("count %llu finished: %u adjustment%s from its "
		    "variances\n", (unsigned long long)cf.id, cf.n,
		    cf.n == 1 ? "" : "s");
	else
		printf("count %llu finished; stock left as it was "
		    "(--adjust makes the variances adjustments)\n",
		    (unsigned long long)cf.id);
	return (0);
}
