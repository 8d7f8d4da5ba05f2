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

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "intake.h"
#include "reply.h"

/*
 * package lab: enter or correct a package's lab result through intake_lab,
 * the domain function behind the protocol's package.lab (same checks, same
 * hold and release, same audit record). Options not given keep the value
 * the package has, so one wrong field can be corrected alone.
 *
 * package show: a package and, if the register would refuse it, why, in
 * inventory_sellable's words, with what to do about it.
 */

/* Who ran stashctl, for audit details: "login NAME" or "uid N". */
const char *
ctl_who(char *out, size_t len)
{
	struct passwd	*pw;

	if ((pw = getpwuid(getuid())) != NULL)
		snprintf(out, len, "login %s", pw->pw_name);
	else
		snprintf(out, len, "uid %u", (u_int)getuid());
	return (out);
}

/* A tag as typed: upper case, a valid state tag. */
static int
ctl_package_tag(const char *s, char *tag)
{
	char	c[48];

	if (strlen(s) != TAG_LEN) {
		stashctl_error("%s is not a package tag (%d characters)",
		    stashctl_clean(s, c, sizeof c), TAG_LEN);
		return (-1);
	}
	strlcpy(tag, s, TAG_LEN + 1);
	util_tag_upper(tag);
	if (!util_tag_valid(tag)) {
		stashctl_error("%s is not a valid package tag", tag);
		return (-1);
	}
	return (0);
}

/* A percentage option (one decimal at most) into per mille. */
static int
ctl_package_pct(struct ctl_args *args, const char *name, int *out)
{
	const char	*s;
	char		 c[48];
	int64_t		 v;

	if ((s = stashctl_opt(args, name)) == NULL)
		return (0);
	if (ctl_import_tenths(s, &v) != 0 || v > 1000) {
		stashctl_error("--%s %s: a percentage from 0 to 100 with at "
		    "most one decimal, like 21.5", name,
		    stashctl_clean(s, c, sizeof c));
		return (-1);
	}
	*out = (int)v;
	return (0);
}

/* A date option, YYYY-MM-DD (or, if none_ok, "none" for 0). */
static int
ctl_package_date(struct ctl_args *args, const char *name, int none_ok,
    int *out)
{
	const char	*s;
	char		 c[48];
	int		 d;

	if ((s = stashctl_opt(args, name)) == NULL)
		return (0);
	if (none_ok && strcmp(s, "none") == 0) {
		*out = 0;
		return (0);
	}
	if ((d = valid_date_parse(s)) == -1) {
		stashctl_error("--%s %s: a date as YYYY-MM-DD%s", name,
		    stashctl_clean(s, c, sizeof c), none_ok ? " or none" : "");
		return (-1);
	}
	*out = d;
	return (0);
}

struct ctl_package_lab {
	struct ctl		*ctl;
	struct ctl_args		*args;
	char			 tag[TAG_LEN + 1];
	struct lab_result	 was;
	struct package		 pk;
	int			 held;		/* a hold covers it after */
	int			 notfound;
};

static int
ctl_package_lab_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_package_lab	*pl = arg;
	struct ctl_args		*args = pl->args;
	struct package		 old;
	struct lab_result	 lab;
	struct hold		 h;
	const char		*s;
	enum intake_err		 e;

	if (inventory_package_get(t, pl->tag, &old, NULL, cause) != 0)
		return (-1);
	pl->was = old.lab;
	lab = old.lab;
	if ((s = stashctl_opt(args, "status")) != NULL) {
		if (strcmp(s, "pass") == 0)
			lab.status = LAB_PASS;
		else if (strcmp(s, "fail") == 0)
			lab.status = LAB_FAIL;
	}
	if (lab.status == LAB_NONE) {
		xasprintf(cause, "package %s has no lab result yet: give "
		    "--status pass or fail", pl->tag);
		return (-1);
	}
	if (ctl_package_pct(args, "thc", &lab.thc) != 0 ||
	    ctl_package_pct(args, "cbd", &lab.cbd) != 0 ||
	    ctl_package_date(args, "tested", 0, &lab.tested) != 0 ||
	    ctl_package_date(args, "expires", 1, &lab.expires) != 0) {
		xasprintf(cause, "nothing was changed");
		return (-1);
	}
	if ((s = stashctl_opt(args, "lab")) != NULL)
		strlcpy(lab.lab, s, sizeof lab.lab);
	if ((s = stashctl_opt(args, "certificate")) != NULL)
		strlcpy(lab.cert, s, sizeof lab.cert);
	e = intake_lab(t, pl->tag, &lab, pl->ctl->info.tz, 0, CTL_AUDIT_WHO,
	    &pl->pk, cause);
	if (e != INTAKE_OK)
		return (-1);
	pl->held = store_hold_match(t, &pl->pk, &h) == 0;
	return (0);
}

static const char *
ctl_package_pct_str(int pm, char *out, size_t len)
{
	snprintf(out, len, "%d.%d%%", pm / 10, pm % 10);
	return (out);
}

int
ctl_package_lab(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_package_lab	 pl;
	const char		*s, *over[] = { "lab", "certificate" };
	char			 c[80], thc[16], cbd[16], d1[16], d2[16];
	u_int			 i;
	int			 v;

	memset(&pl, 0, sizeof pl);
	pl.ctl = ctl;
	pl.args = args;
	if (ctl_package_tag(args->argv[0], pl.tag) != 0)
		return (-1);
	if ((s = stashctl_opt(args, "status")) != NULL &&
	    strcmp(s, "pass") != 0 && strcmp(s, "fail") != 0) {
		stashctl_error("--status %s: pass or fail",
		    stashctl_clean(s, c, sizeof c));
		return (-1);
	}
	for (i = 0; i < sizeof over / sizeof over[0]; i++) {
		s = stashctl_opt(args, over[i]);
		if (s != NULL && strlen(s) > (i == 0 ? LICENCE_MAX :
		    LAB_CERT_MAX)) {
			stashctl_error("--%s is longer than %d characters",
			    over[i], i == 0 ? LICENCE_MAX : LAB_CERT_MAX);
			return (-1);
		}
	}
	/* The formats first, so a typo is named before the ledger opens. */
	if (ctl_package_pct(args, "thc", &v) != 0 ||
	    ctl_package_pct(args, "cbd", &v) != 0 ||
	    ctl_package_date(args, "tested", 0, &v) != 0 ||
	    ctl_package_date(args, "expires", 1, &v) != 0)
		return (-1);
	if (args->nopts == 0) {
		stashctl_error("package lab: give what to enter or correct "
		    "(--status, --thc, --cbd, --lab, --tested, --expires, "
		    "--certificate)");
		return (-1);
	}
	if (stashctl_write(ctl, ctl_package_lab_cb, &pl) != 0)
		return (-1);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:o}", "package",
		    json_pack("{s:s, s:s, s:{s:s, s:i, s:i, s:o, s:i, s:i, "
		    "s:o}}", "tag", pl.pk.tag, "status",
		    inventory_status_name(&pl.pk, pl.held), "lab", "status",
		    store_package_lab_name(pl.pk.lab.status), "thc",
		    pl.pk.lab.thc, "cbd", pl.pk.lab.cbd, "lab",
		    stashctl_json_str(pl.pk.lab.lab), "tested",
		    pl.pk.lab.tested, "expires", pl.pk.lab.expires,
		    "certificate", stashctl_json_str(pl.pk.lab.cert))));
		return (0);
	}
	printf("package %s: lab %s, THC %s, CBD %s, lab %s, tested %s, "
	    "expires %s, certificate %s (was %s); package %s\n", pl.pk.tag,
	    store_package_lab_name(pl.pk.lab.status),
	    ctl_package_pct_str(pl.pk.lab.thc, thc, sizeof thc),
	    ctl_package_pct_str(pl.pk.lab.cbd, cbd, sizeof cbd),
	    pl.pk.lab.lab[0] != '\0' ? stashctl_clean(pl.pk.lab.lab, c,
	    sizeof c) : "-", stashctl_date(pl.pk.lab.tested, d1, sizeof d1),
	    stashctl_date(pl.pk.lab.expires, d2, sizeof d2),
	    pl.pk.lab.cert[0] != '\0' ? pl.pk.lab.cert : "-",
	    store_package_lab_name(pl.was.status),
	    inventory_status_name(&pl.pk, pl.held));
	return (0);
}

/* What to do about each reason the register refuses a package. */
static void
ctl_package_advice(struct ctl *ctl, const struct package *pk,
    const struct hold *h, int held, int today, json_t *why, FILE *f)
{
	const char	*lines[8];
	char		 buf[8][512];
	u_int		 n = 0, i;

	if (pk->lab.status == LAB_NONE) {
		snprintf(buf[n], sizeof buf[n], "no lab result: enter one with "
		    "stashctl package lab %s --status pass --thc PCT --lab "
		    "NAME --tested DATE --expires DATE --certificate NO",
		    pk->tag);
		lines[n] = buf[n];
		n++;
	} else if (pk->lab.status == LAB_FAIL) {
		snprintf(buf[n], sizeof buf[n], "its lab test failed: it may "
		    "not be sold (if the result was entered wrongly, correct "
		    "it with stashctl package lab %s --status pass)", pk->tag);
		lines[n] = buf[n];
		n++;
	} else if (pk->lab.expires != 0 && pk->lab.expires < today) {
		snprintf(buf[n], sizeof buf[n], "its lab result expired on "
		    "%04d-%02d-%02d: enter a new result with stashctl package "
		    "lab %s --tested DATE --expires DATE", pk->lab.expires /
		    10000, pk->lab.expires / 100 % 100, pk->lab.expires % 100,
		    pk->tag);
		lines[n] = buf[n];
		n++;
	}
	if (held && strncmp(h->reason, "lab: ", 5) != 0) {
		snprintf(buf[n], sizeof buf[n], "%s on %s %s (%s): a manager "
		    "releases it on the stock screen once it is cleared",
		    h->recall ? "recalled" : "held",
		    store_hold_scope_name(h->scope), h->key, h->reason);
		lines[n] = buf[n];
		n++;
	}
	if (pk->status == PACKAGE_ACTIVE && strcmp(pk->location, "floor") != 0
	    && strcmp(pk->location, "express") != 0) {
		snprintf(buf[n], sizeof buf[n], "it is in the %s: move it to "
		    "the floor or the express window to sell it",
		    pk->location);
		lines[n] = buf[n];
		n++;
	}
	for (i = 0; i < n; i++) {
		if (why != NULL)
			json_array_append_new(why, json_string(lines[i]));
		else
			fprintf(f, "  - %s\n", lines[i]);
	}
	(void)ctl;
}

int
ctl_package_show(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct stashctl_out	 out;
	struct package		 pk;
	struct product		 p;
	struct hold		 h;
	json_t			*j = NULL, *advice = NULL;
	char			 tag[TAG_LEN + 1], *cause = NULL, c[80];
	char			 q[32], d1[16], d2[16], thc[16], cbd[16];
	int			 r, held, today, sellable;

	if (ctl_package_tag(args->argv[0], tag) != 0)
		return (-1);
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	stashctl_out_open(&out);
	r = store_package_get(&t, tag, &pk);
	if (r == STORE_NOTFOUND) {
		store_abort(&t);
		stashctl_out_done(&out, 0);
		stashctl_error("no package with tag %s", tag);
		return (-1);
	}
	if (r != 0 || store_product_get(&t, pk.product, &p) != 0)
		return (stashctl_list_done(&t, &out, NULL));
	r = store_hold_match(&t, &pk, &h);
	held = r == 0;
	today = util_local_date(util_now(), ctl->info.tz);
	sellable = inventory_sellable(&t, &pk, &p, &cause) == 0;
	if (ctl->json) {
		j = reply_package_get(&t, &pk);
		advice = json_array();
		json_object_set_new(j, "sellable", json_boolean(sellable));
		json_object_set_new(j, "why", cause != NULL ?
		    stashctl_json_str(cause) : json_null());
		ctl_package_advice(ctl, &pk, &h, held, today, advice, NULL);
		json_object_set_new(j, "advice", advice);
	} else {
		stashctl_qty(p.unit_weight, pk.qty, q, sizeof q);
		fprintf(out.f, "package   %s\n", pk.tag);
		fprintf(out.f, "product   %s %s\n", p.sku,
		    stashctl_clean(p.name, c, sizeof c));
		fprintf(out.f, "batch     %s\n", pk.batch[0] != '\0' ?
		    stashctl_clean(pk.batch, c, sizeof c) : "-");
		fprintf(out.f, "on hand   %s%s\n", q, p.unit_weight ? " g" :
		    "");
		fprintf(out.f, "location  %s\n", pk.location);
		fprintf(out.f, "status    %s\n",
		    inventory_status_name(&pk, held));
		fprintf(out.f, "hold      %s\n", !held ? "none" :
		    h.reason);
		fprintf(out.f, "lab       %s, THC %s, CBD %s, lab %s, tested "
		    "%s, expires %s, certificate %s\n",
		    store_package_lab_name(pk.lab.status),
		    ctl_package_pct_str(pk.lab.thc, thc, sizeof thc),
		    ctl_package_pct_str(pk.lab.cbd, cbd, sizeof cbd),
		    pk.lab.lab[0] != '\0' ? stashctl_clean(pk.lab.lab, c,
		    sizeof c) : "-", stashctl_date(pk.lab.tested, d1,
		    sizeof d1), stashctl_date(pk.lab.expires, d2, sizeof d2),
		    pk.lab.cert[0] != '\0' ? pk.lab.cert : "-");
		if (sellable)
			fprintf(out.f, "sellable  yes\n");
		else {
			fprintf(out.f, "sellable  no: %s\n", cause);
			ctl_package_advice(ctl, &pk, &h, held, today, NULL,
			    out.f);
		}
	}
	free(cause);
	return (stashctl_list_done(&t, &out, j));
}
