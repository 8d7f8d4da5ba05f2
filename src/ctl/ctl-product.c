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
#include "inventory.h"
#include "reply.h"

/*
 * product set: edit a product through inventory_product_update (the checks
 * every product passes, one audit record of what changed with the old
 * values, and a record of its own for a price change, naming who ran
 * stashctl). product show: one product as the ledger has it.
 */

/* The measure options: milligrams (or millilitres) into ug (ul). */
static const struct {
	const char	*opt;
	size_t		 off;
} ctl_product_measures[] = {
	{ "net-mg", offsetof(struct product, net_ug) },
	{ "flower-mg", offsetof(struct product, flower_ug) },
	{ "conc-mg", offsetof(struct product, conc_ug) },
	{ "thc-mg", offsetof(struct product, thc_ug) },
	{ "other-mg", offsetof(struct product, other_ug) },
	{ "volume-ml", offsetof(struct product, volume_ul) },
};

/* Apply the options to p; -1 (reported) if one is malformed. */
static int
ctl_product_apply(struct ctl_args *args, struct product *p)
{
	const char	*s;
	char		 c[64];
	int64_t		 v;
	u_int		 i;

	if ((s = stashctl_opt(args, "name")) != NULL)
		strlcpy(p->name, s, sizeof p->name);
	if ((s = stashctl_opt(args, "category")) != NULL) {
		strlcpy(p->category, s, sizeof p->category);
		for (i = 0; p->category[i] != '\0'; i++)
			p->category[i] = (char)tolower((u_char)p->category[i]);
	}
	if ((s = stashctl_opt(args, "price")) != NULL) {
		if (money_parse(s, &v) != 0) {
			stashctl_error("--price %s: an amount in dollars like "
			    "35.00", stashctl_clean(s, c, sizeof c));
			return (-1);
		}
		p->price = v;
	}
	if ((s = stashctl_opt(args, "unit-cost")) != NULL) {
		if (money_parse(s, &v) != 0) {
			stashctl_error("--unit-cost %s: an amount in dollars "
			    "like 12.50", stashctl_clean(s, c, sizeof c));
			return (-1);
		}
		p->unit_cost = v;
	}
	if ((s = stashctl_opt(args, "thc")) != NULL) {
		if (ctl_import_tenths(s, &v) != 0) {
			stashctl_error("--thc %s: a percentage with at most one "
			    "decimal, like 22.5", stashctl_clean(s, c,
			    sizeof c));
			return (-1);
		}
		p->thc = (int)(v > 100000 ? 100000 : v);
	}
	if ((s = stashctl_opt(args, "reorder")) != NULL) {
		if (p->unit_weight ? weight_parse(s, &v) != 0 :
		    ctl_product_count(s, &v) != 0) {
			stashctl_error("--reorder %s: %s", stashctl_clean(s, c,
			    sizeof c), p->unit_weight ? "grams, like 500 or "
			    "112.5" : "a number of units");
			return (-1);
		}
		p->reorder = v;
	}
	if ((s = stashctl_opt(args, "active")) != NULL) {
		if (strcmp(s, "yes") == 0)
			p->inactive = 0;
		else if (strcmp(s, "no") == 0)
			p->inactive = 1;
		else {
			stashctl_error("--active %s: yes or no",
			    stashctl_clean(s, c, sizeof c));
			return (-1);
		}
	}
	for (i = 0; i < sizeof ctl_product_measures /
	    sizeof ctl_product_measures[0]; i++) {
		if ((s = stashctl_opt(args, ctl_product_measures[i].opt)) ==
		    NULL)
			continue;
		if (weight_parse(s, &v) != 0) {
			stashctl_error("--%s %s: a quantity with at most three "
			    "decimals, like 3.5", ctl_product_measures[i].opt,
			    stashctl_clean(s, c, sizeof c));
			return (-1);
		}
		*(int64_t *)((char *)p + ctl_product_measures[i].off) = v;
		p->measured = 1;
	}
	if ((s = stashctl_opt(args, "route")) != NULL) {
		strlcpy(p->route, strcmp(s, "none") == 0 ? "" : s,
		    sizeof p->route);
		p->measured = 1;
	}
	return (0);
}

/* A whole number of units. */
int
ctl_product_count(const char *s, int64_t *out)
{
	const char	*errstr;

	*out = util_strtonum(s, 0, INVENTORY_UNITS_MAX, &errstr);
	return (errstr != NULL ? -1 : 0);
}

struct ctl_product_set {
	struct ctl_args	*args;
	const char	*sku;
	char		 who[128];
	struct product	 p;
	struct product	 old;
	int		 changed;
	int		 bad;		/* an option was malformed (reported) */
	struct buf	 diff;
};

static int
ctl_product_set_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_product_set	*ps = arg;
	int			 r;

	r = store_product_by_sku(t, ps->sku, &ps->old);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no product with SKU %s", ps->sku);
		return (-1);
	}
	if (r != 0)
		return (-1);
	ps->p = ps->old;
	if (ctl_product_apply(ps->args, &ps->p) != 0) {
		ps->bad = 1;
		return (-1);
	}
	buf_free(&ps->diff);
	buf_init(&ps->diff);
	inventory_product_diff(&ps->p, &ps->old, &ps->diff);
	return (inventory_product_update(t, &ps->p, &ps->old, 0,
	    CTL_AUDIT_WHO, ps->who, &ps->changed, cause));
}

int
ctl_product_set(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_product_set	 ps;
	char			*cause = NULL;
	int			 r;

	if (args->nopts == 0) {
		stashctl_error("product set: give what to change (stashctl "
		    "product set --help)");
		return (-1);
	}
	memset(&ps, 0, sizeof ps);
	ps.args = args;
	ps.sku = args->argv[0];
	buf_init(&ps.diff);
	ctl_who(ps.who, sizeof ps.who);
	r = store_write(ctl->st, ctl_product_set_cb, &ps, &cause);
	if (r != 0) {
		if (!ps.bad)
			stashctl_error("%s: %s; nothing was changed", ps.sku,
			    cause != NULL ? cause : "write failed");
		free(cause);
		buf_free(&ps.diff);
		return (-1);
	}
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:s, s:b, s:o, s:o}", "sku",
		    ps.p.sku, "changed", ps.changed, "changes",
		    stashctl_json_str(buf_cstr(&ps.diff)), "product",
		    reply_product(&ps.p)));
	} else if (!ps.changed)
		printf("%s: nothing to change\n", ps.p.sku);
	else
		printf("%s: %s\n", ps.p.sku, buf_cstr(&ps.diff));
	buf_free(&ps.diff);
	return (0);
}

int
ctl_product_show(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct stashctl_out	 out;
	struct product		 p;
	json_t			*j = NULL;
	char			 c[128], a[32], b[32], q[32];
	int			 r;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	stashctl_out_open(&out);
	r = store_product_by_sku(&t, args->argv[0], &p);
	if (r == STORE_NOTFOUND) {
		store_abort(&t);
		stashctl_out_done(&out, 0);
		stashctl_error("no product with SKU %s",
		    stashctl_clean(args->argv[0], c, sizeof c));
		return (-1);
	}
	if (r != 0)
		return (stashctl_list_done(&t, &out, NULL));
	if (ctl->json) {
		j = reply_product(&p);
		json_object_set_new(j, "reorder", json_integer(p.reorder));
		json_object_set_new(j, "measured", json_boolean(p.measured));
		json_object_set_new(j, "net_ug", json_integer(p.net_ug));
		json_object_set_new(j, "flower_ug", json_integer(p.flower_ug));
		json_object_set_new(j, "conc_ug", json_integer(p.conc_ug));
		json_object_set_new(j, "thc_ug", json_integer(p.thc_ug));
		json_object_set_new(j, "other_ug", json_integer(p.other_ug));
		json_object_set_new(j, "volume_ul", json_integer(p.volume_ul));
		json_object_set_new(j, "route", json_string(p.route));
	} else {
		stashctl_qty(p.unit_weight, p.reorder, q, sizeof q);
		fprintf(out.f, "product   %u %s\n", p.id, p.sku);
		fprintf(out.f, "name      %s\n", stashctl_clean(p.name, c,
		    sizeof c));
		fprintf(out.f, "category  %s\n", p.category);
		fprintf(out.f, "unit      %s\n",
		    store_product_unit_name(p.unit_weight));
		fprintf(out.f, "price     %s%s\n", money_fmt(p.price, a,
		    sizeof a), p.unit_weight ? " a gram" : "");
		fprintf(out.f, "cost      %s\n", p.unit_cost != 0 ?
		    money_fmt(p.unit_cost, b, sizeof b) : "-");
		fprintf(out.f, "thc       %d.%d%%\n", p.thc / 10, p.thc % 10);
		fprintf(out.f, "reorder   %s\n", p.reorder != 0 ? q : "-");
		fprintf(out.f, "active    %s\n", p.inactive ? "no" : "yes");
		if (p.measured)
			fprintf(out.f, "measures  net %lld ug, flower %lld ug, "
			    "concentrate %lld ug, THC %lld ug, other %lld ug, "
			    "volume %lld ul, route %s\n", (long long)p.net_ug,
			    (long long)p.flower_ug, (long long)p.conc_ug,
			    (long long)p.thc_ug, (long long)p.other_ug,
			    (long long)p.volume_ul, p.route[0] != '\0' ?
			    p.route : "-");
		else
			fprintf(out.f, "measures  -\n");
	}
	return (stashctl_list_done(&t, &out, j));
}
