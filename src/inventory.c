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

#include "inventory.h"

/*
 * Stock rules shared by the register, the intake station and stashctl.
 * Every change here is written by the caller's one transaction together
 * with its adjustment record and its audit record.
 */

/*
 * Adjustment reasons. The state names are Metrc's usual ones, but each
 * state keeps its own list (GET /packages/v2/adjust/reasons): the mapping
 * is a default to be checked per state when reporting is switched on.
 * Destruction needs a witness; theft and unexplained loss are flagged for
 * the state's loss report.
 */
static const struct inventory_reason inventory_reason_table[] = {
	{ "damage", "Damage", 0, 0, 0 },
	{ "expired", "Expired", 0, 0, 0 },
	{ "destruction", "Waste", 1, 0, 0 },
	{ "theft", "Theft", 0, 1, 0 },
	{ "loss", "Unexplained Loss", 0, 1, 0 },
	{ "scale-variance", "Scale Variance", 0, 0, 1 },
	{ "entry-error", "Entry Error", 0, 0, 1 },
	{ "quality-control", "In-House Quality Control", 0, 0, 0 },
	{ "count", "Inventory Count Adjustment", 0, 0, 1 },
};

const struct inventory_reason *
inventory_reasons(size_t *n)
{
	*n = sizeof inventory_reason_table / sizeof *inventory_reason_table;
	return (inventory_reason_table);
}

const struct inventory_reason *
inventory_reason_find(const char *name)
{
	size_t	i, n;

	inventory_reasons(&n);
	for (i = 0; i < n; i++) {
		if (strcmp(inventory_reason_table[i].name, name) == 0)
			return (&inventory_reason_table[i]);
	}
	return (NULL);
}

/* floor, vault, express, quarantine or vehicle:NAME. */
int
inventory_location_valid(const char *loc)
{
	const char	*p;

	if (strcmp(loc, "floor") == 0 || strcmp(loc, "vault") == 0 ||
	    strcmp(loc, "express") == 0 || strcmp(loc, "quarantine") == 0)
		return (1);
	if (strncmp(loc, "vehicle:", 8) != 0 || loc[8] == '\0' ||
	    strlen(loc) > LOCATION_MAX)
		return (0);
	for (p = loc + 8; *p != '\0'; p++) {
		if (!isalnum((u_char)*p) && *p != '-' && *p != '_')
			return (0);
	}
	return (1);
}

/*
 * May the register sell from this package? Only an active package on the
 * sales floor or at the express window, whose lab result did not fail and
 * that no hold or recall covers. 0 if so; otherwise -1 with *cause.
 */
int
inventory_sellable(struct store_txn *t, const struct package *pk,
    const struct product *p, char **cause)
{
	struct hold	h;
	int		r;

	if (pk->status != PACKAGE_ACTIVE) {
		xasprintf(cause, "package %s (%s) is %s and cannot be sold",
		    pk->tag, p->name, store_package_status_name(pk->status));
		return (-1);
	}
	if (pk->lab.status == LAB_FAIL) {
		xasprintf(cause, "package %s (%s) failed its lab test and "
		    "cannot be sold", pk->tag, p->name);
		return (-1);
	}
	if (strcmp(pk->location, "floor") != 0 &&
	    strcmp(pk->location, "express") != 0) {
		xasprintf(cause, "package %s (%s) is in the %s, not on the "
		    "sales floor", pk->tag, p->name, pk->location);
		return (-1);
	}
	r = store_hold_match(t, pk, &h);
	if (r == 0) {
		xasprintf(cause, "package %s (%s) is %s (%s %s): %s", pk->tag,
		    p->name, h.recall ? "recalled" : "on hold",
		    store_hold_scope_name(h.scope), h.key, h.reason);
		return (-1);
	}
	if (r != STORE_NOTFOUND) {
		xasprintf(cause, "%s", store_strerror(r));
		return (-1);
	}
	return (0);
}

static void
inventory_qty_str(const struct package *pk, int unit_weight, int64_t q,
    char *out, size_t len)
{
	(void)pk;
	if (unit_weight)
		weight_fmt(q, out, len);
	else
		snprintf(out, len, "%lld", (long long)q);
}

/*
 * Change a package's quantity by delta (negative takes stock away) for a
 * reason. A destruction needs a witness other than the staff member. On
 * success *pk is the package after the change.
 */
int
inventory_adjust(struct store_txn *t, const char *tag, int64_t delta,
    const char *reason, const char *note, uint32_t staff, uint32_t witness,
    const char *terminal, struct package *pk, char **cause)
{
	const struct inventory_reason	*ir;
	struct package			 old;
	struct product			 p;
	struct adjust			 a;
	char				 subj[40], d[32], q[32];
	int				 r;

	if ((ir = inventory_reason_find(reason)) == NULL) {
		xasprintf(cause, "unknown adjustment reason \"%s\"", reason);
		return (-1);
	}
	if (delta == 0) {
		xasprintf(cause, "an adjustment changes the quantity");
		return (-1);
	}
	if (delta > 0 && !ir->increase) {
		xasprintf(cause, "a %s adjustment can only take stock away",
		    reason);
		return (-1);
	}
	if (ir->witness && (witness == 0 || witness == staff)) {
		xasprintf(cause, "a %s needs a witness: a second staff "
		    "member's ID and PIN", reason);
		return (-1);
	}
	r = store_package_get(t, tag, &old);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no package with tag %s", tag);
		return (-1);
	}
	if (r != 0 || store_product_get(t, old.product, &p) != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	if (old.qty + delta < 0) {
		inventory_qty_str(&old, p.unit_weight, old.qty, q, sizeof q);
		inventory_qty_str(&old, p.unit_weight, -delta, d, sizeof d);
		xasprintf(cause, "package %s has %s on hand; cannot take %s",
		    tag, q, d);
		return (-1);
	}
	*pk = old;
	pk->qty += delta;
	store_package_put(t, pk, &old);

	memset(&a, 0, sizeof a);
	a.kind = ADJUST_QTY;
	strlcpy(a.tag, tag, sizeof a.tag);
	a.delta = delta;
	a.qty_after = pk->qty;
	strlcpy(a.reason, reason, sizeof a.reason);
	strlcpy(a.note, note != NULL ? note : "", sizeof a.note);
	strlcpy(a.from, pk->location, sizeof a.from);
	a.staff = staff;
	a.witness = witness;
	strlcpy(a.terminal, terminal != NULL ? terminal : "", sizeof a.terminal);
	store_adjust_add(t, &a);

	snprintf(subj, sizeof subj, "package %s", tag);
	inventory_qty_str(pk, p.unit_weight, delta, d, sizeof d);
	audit_append(t, staff, witness, terminal, "package.adjust", subj,
	    "adjustment=%llu delta=%s reason=%s%s", (unsigned long long)a.id,
	    d, reason, ir->report ? " state-report=yes" : "");
	if (t->ret != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	return (0);
}

/* Move a package to another location. */
int
inventory_move(struct store_txn *t, const char *tag, const char *to,
    uint32_t staff, const char *terminal, struct package *pk, char **cause)
{
	struct package	old;
	struct adjust	a;
	char		subj[40];
	int		r;

	if (!inventory_location_valid(to)) {
		xasprintf(cause, "unknown location \"%s\" (floor, vault, "
		    "express, quarantine or vehicle:NAME)", to);
		return (-1);
	}
	r = store_package_get(t, tag, &old);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no package with tag %s", tag);
		return (-1);
	}
	if (r != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	if (strcmp(old.location, to) == 0) {
		xasprintf(cause, "package %s is already in the %s", tag, to);
		return (-1);
	}
	*pk = old;
	strlcpy(pk->location, to, sizeof pk->location);
	store_package_put(t, pk, &old);

	memset(&a, 0, sizeof a);
	a.kind = ADJUST_MOVE;
	strlcpy(a.tag, tag, sizeof a.tag);
	a.qty_after = pk->qty;
	strlcpy(a.reason, "move", sizeof a.reason);
	strlcpy(a.from, old.location, sizeof a.from);
	strlcpy(a.to, to, sizeof a.to);
	a.staff = staff;
	strlcpy(a.terminal, terminal != NULL ? terminal : "", sizeof a.terminal);
	store_adjust_add(t, &a);
	snprintf(subj, sizeof subj, "package %s", tag);
	audit_append(t, staff, 0, terminal, "package.move", subj,
	    "from=%s to=%s", old.location, to);
	if (t->ret != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	return (0);
}

/* Does anything in the ledger carry this key in this scope? */
static int
inventory_hold_target(struct store_txn *t, int scope, const char *key)
{
	struct store_iter	it;
	struct store_key	k;
	struct package		pk;
	struct product		p;
	const char		*errstr;
	int			found;
	enum store_db		db;

	switch (scope) {
	case HOLD_PACKAGE:
		return (store_package_get(t, key, &pk) == 0);
	case HOLD_PRODUCT:
		return (store_product_get(t, (uint32_t)util_strtonum(key, 1,
		    UINT32_MAX, &errstr), &p) == 0 && errstr == NULL);
	case HOLD_BATCH:
		db = DB_PACKAGE_BATCH;
		break;
	case HOLD_SUPPLIER:
		db = DB_PACKAGE_SUPPLIER;
		break;
	default:
		return (0);
	}
	store_key_init(&k);
	store_key_str(&k, key);
	store_iter_init(t, &it, db, k.data, k.len, 0);
	found = store_iter_next(&it);
	store_iter_done(&it);
	return (found);
}

/* Put a hold (or, with recall, a recall) on a package, batch, product or
 * supplier. */
int
inventory_hold(struct store_txn *t, int scope, const char *key, int recall,
    const char *reason, uint32_t staff, const char *terminal, char **cause)
{
	struct hold	h;
	char		subj[64];

	if (strlen(key) == 0 || strlen(key) > LICENCE_MAX) {
		xasprintf(cause, "a hold needs a %s of 1 to %d characters",
		    store_hold_scope_name(scope), LICENCE_MAX);
		return (-1);
	}
	if (!inventory_hold_target(t, scope, key)) {
		if (t->ret != 0)
			xasprintf(cause, "%s", store_strerror(t->ret));
		else
			xasprintf(cause, "no %s \"%s\" in this store",
			    store_hold_scope_name(scope), key);
		return (-1);
	}
	memset(&h, 0, sizeof h);
	h.scope = scope;
	strlcpy(h.key, key, sizeof h.key);
	h.recall = recall;
	strlcpy(h.reason, reason, sizeof h.reason);
	h.staff = staff;
	h.time = util_now();
	store_hold_put(t, &h);
	snprintf(subj, sizeof subj, "%s %s", store_hold_scope_name(scope), key);
	audit_append(t, staff, 0, terminal, recall ? "recall" : "hold", subj,
	    "reason=%s", reason);
	if (t->ret != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	return (0);
}

int
inventory_release(struct store_txn *t, int scope, const char *key,
    const char *reason, uint32_t staff, const char *terminal, char **cause)
{
	struct hold	h;
	char		subj[64];
	int		r;

	r = store_hold_get(t, scope, key, &h);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no hold on %s \"%s\"",
		    store_hold_scope_name(scope), key);
		return (-1);
	}
	if (r != 0) {
		xasprintf(cause, "%s", store_strerror(r));
		return (-1);
	}
	store_hold_del(t, scope, key);
	snprintf(subj, sizeof subj, "%s %s", store_hold_scope_name(scope), key);
	audit_append(t, staff, 0, terminal, h.recall ? "recall.release" :
	    "hold.release", subj, "reason=%s", reason);
	if (t->ret != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	return (0);
}
