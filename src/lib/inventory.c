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
#include <strings.h>
#include <time.h>

#include "inventory.h"
#include "outbox.h"
#include "rules.h"

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

/*
 * The package tag names and, when p is not NULL, its product; -1 with
 * *cause saying "no package with tag T" or how the ledger failed.
 */
int
inventory_package_get(struct store_txn *t, const char *tag,
    struct package *pk, struct product *p, char **cause)
{
	int	r;

	if ((r = store_package_get(t, tag, pk)) == STORE_NOTFOUND) {
		xasprintf(cause, "no package with tag %s", tag);
		return (-1);
	}
	if (r != 0 || (p != NULL && store_product_get(t, pk->product, p) !=
	    0)) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	return (0);
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

	if (p->inactive) {
		xasprintf(cause, "package %s (%s): the product is no longer "
		    "sold (inactive)", pk->tag, p->name);
		return (-1);
	}
	if (pk->status != PACKAGE_ACTIVE) {
		xasprintf(cause, "package %s (%s) is %s and cannot be sold",
		    pk->tag, p->name, store_package_status_name(pk->status));
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
 * Has the package waited its days in the quarantine? Counted from its last
 * move there, in its adjustment history. 0 if so; otherwise -1 with *cause
 * saying when it may be destroyed.
 */
static int
inventory_quarantined(struct store_txn *t, const struct package *pk,
    int days, const char *reason, char **cause)
{
	struct store_iter	 it;
	struct adjust		 a;
	struct tm		 tm;
	time_t			 tt;
	int64_t			 since = -1, until;
	char			 when[32];

	if (strcmp(pk->location, "quarantine") != 0) {
		xasprintf(cause, "package %s is in the %s: a %s must wait %d "
		    "day%s in the quarantine (move it there first)", pk->tag,
		    pk->location, reason, days, days == 1 ? "" : "s");
		return (-1);
	}
	store_iter_init(t, &it, DB_ADJUST_TAG, pk->tag, TAG_LEN, 0);
	while (store_iter_next(&it)) {
		if (it.klen != TAG_LEN + 8 || store_adjust_get(t,
		    store_key_get_u64(it.key + TAG_LEN), &a) != 0)
			continue;
		if (a.kind == ADJUST_MOVE && strcmp(a.to, "quarantine") == 0)
			since = a.time;
	}
	store_iter_done(&it);
	if (t->ret != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	if (since < 0) {
		xasprintf(cause, "package %s has no move to the quarantine in "
		    "its history: a %s must wait %d day%s there", pk->tag,
		    reason, days, days == 1 ? "" : "s");
		return (-1);
	}
	until = since + (int64_t)days * 86400 * 1000000;
	if (util_now() >= until)
		return (0);
	tt = (time_t)(until / 1000000);
	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		strlcpy(when, "later", sizeof when);
	xasprintf(cause, "package %s went into the quarantine less than %d "
	    "day%s ago: it may be destroyed from %s", pk->tag, days,
	    days == 1 ? "" : "s", when);
	return (-1);
}

/*
 * The size of an adjustment (inventory.h): at most what one package holds,
 * and an increase to at most twice what the package was received with
 * (at least the slack more), never above what one package holds. 0, or
 * -1 and *cause.
 */
static int
inventory_adjust_bound(const struct package *pk, const struct product *p,
    int64_t delta, char **cause)
{
	int64_t	max, slack, ceiling;
	char	d[32], q[32];

	max = p->unit_weight ? INVENTORY_MG_MAX : INVENTORY_UNITS_MAX;
	slack = p->unit_weight ? INVENTORY_SLACK_MG : INVENTORY_SLACK_UNITS;
	if (delta > max || delta < -max) {
		inventory_qty_str(pk, p->unit_weight, max, q, sizeof q);
		xasprintf(cause, "one adjustment moves at most %s (the most "
		    "one package holds)", q);
		return (-1);
	}
	if (delta < 0)
		return (0);
	ceiling = pk->received_qty > slack ? pk->received_qty * 2 :
	    pk->received_qty + slack;
	if (ceiling > max)
		ceiling = max;
	if (pk->qty + delta > ceiling) {
		inventory_qty_str(pk, p->unit_weight, ceiling, q, sizeof q);
		inventory_qty_str(pk, p->unit_weight, delta, d, sizeof d);
		xasprintf(cause, "package %s may hold at most %s after an "
		    "increase (twice what it was received with); adding %s "
		    "would pass that", pk->tag, q, d);
		return (-1);
	}
	return (0);
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
	return (inventory_adjust_wait(t, tag, delta, reason, note, staff,
	    witness, terminal, 0, ADJUST_WEIGHED_NONE, pk, cause));
}

/*
 * The same, where the rules make a destruction wait quarantine days in the
 * quarantine first (0: no wait).
 */
int
inventory_adjust_wait(struct store_txn *t, const char *tag, int64_t delta,
    const char *reason, const char *note, uint32_t staff, uint32_t witness,
    const char *terminal, int quarantine, int weighed, struct package *pk,
    char **cause)
{
	const struct inventory_reason	*ir;
	struct package			 old;
	struct product			 p;
	struct adjust			 a;
	char				 subj[40], d[32], q[32];

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
	if (inventory_package_get(t, tag, &old, &p, cause) != 0)
		return (-1);
	if (quarantine > 0 && strcmp(reason, "destruction") == 0 &&
	    inventory_quarantined(t, &old, quarantine, reason, cause) != 0)
		return (-1);
	if (weighed != ADJUST_WEIGHED_NONE && !p.unit_weight) {
		xasprintf(cause, "package %s is counted in units: its change "
		    "is not a weight", tag);
		return (-1);
	}
	if (inventory_adjust_bound(&old, &p, delta, cause) != 0)
		return (-1);
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
	a.weighed = weighed;
	strlcpy(a.terminal, terminal != NULL ? terminal : "", sizeof a.terminal);
	store_adjust_add(t, &a);
	outbox_adjust(t, &a);

	snprintf(subj, sizeof subj, "package %s", tag);
	inventory_qty_str(pk, p.unit_weight, delta, d, sizeof d);
	audit_append(t, staff, witness, terminal, "package.adjust", subj,
	    "adjustment=%llu delta=%s reason=%s%s%s%s",
	    (unsigned long long)a.id, d, reason, ir->report ?
	    " state-report=yes" : "", weighed != ADJUST_WEIGHED_NONE ?
	    " weight=" : "", weighed != ADJUST_WEIGHED_NONE ?
	    store_adjust_weighed_name(weighed) : "");
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

	if (!inventory_location_valid(to)) {
		xasprintf(cause, "unknown location \"%s\" (floor, vault, "
		    "express, quarantine or vehicle:NAME)", to);
		return (-1);
	}
	if (inventory_package_get(t, tag, &old, NULL, cause) != 0)
		return (-1);
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
	outbox_move(t, &a);	/* the state hears of it: same transaction */
	snprintf(subj, sizeof subj, "package %s", tag);
	audit_append(t, staff, 0, terminal, "package.move", subj,
	    "from=%s to=%s", old.location, to);
	if (t->ret != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	return (0);
}

/*
 * The index listing the packages of a batch, product or supplier (each key
 * ends with a tag) and in k the prefix of key's entries in it; product is
 * the product's ID for HOLD_PRODUCT. A package (HOLD_PACKAGE) is read, not
 * looked up in an index.
 */
static enum store_db
inventory_scope_index(int scope, const char *key, uint32_t product,
    struct store_key *k)
{
	store_key_init(k);
	if (scope == HOLD_PRODUCT) {
		store_key_u32(k, product);
		return (DB_PACKAGE_PRODUCT);
	}
	store_key_str(k, key);
	return (scope == HOLD_SUPPLIER ? DB_PACKAGE_SUPPLIER :
	    DB_PACKAGE_BATCH);
}

/* The next entry of such an index: the tag its key ends with. 0 at the end. */
static int
inventory_scope_next(struct store_iter *it, char *tag)
{
	while (store_iter_next(it)) {
		if (it->klen < TAG_LEN)
			continue;
		memcpy(tag, it->key + it->klen - TAG_LEN, TAG_LEN);
		tag[TAG_LEN] = '\0';
		return (1);
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
	case HOLD_SUPPLIER:
		break;
	default:
		return (0);
	}
	db = inventory_scope_index(scope, key, 0, &k);
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

/*
 * Lift a hold or recall. A package's "lab: " hold stays until its lab
 * result passes. INVENTORY_OK, or an inventory_err with *cause.
 */
int
inventory_release(struct store_txn *t, int scope, const char *key,
    const char *reason, uint32_t staff, const char *terminal, char **cause)
{
	struct hold	h;
	struct package	pk;
	char		subj[64];
	int		r;

	r = store_hold_get(t, scope, key, &h);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no hold on %s \"%s\"",
		    store_hold_scope_name(scope), key);
		return (INVENTORY_E_NOTFOUND);
	}
	if (r != 0) {
		xasprintf(cause, "%s", store_strerror(r));
		return (INVENTORY_E_STORE);
	}
	/*
	 * A hold put on for the lab result is lifted by a result that passes
	 * (intake_lab), not by hand: the package may not be sold untested.
	 */
	if (scope == HOLD_PACKAGE && strncmp(h.reason, INVENTORY_LAB_HOLD,
	    strlen(INVENTORY_LAB_HOLD)) == 0 && store_package_get(t, key,
	    &pk) == 0 && pk.lab.status != LAB_PASS) {
		xasprintf(cause, "package %s is held until a passing lab "
		    "result is entered (%s): enter the lab result instead of "
		    "releasing the hold", key, h.reason +
		    strlen(INVENTORY_LAB_HOLD));
		return (INVENTORY_E_INVALID);
	}
	store_hold_del(t, scope, key);
	snprintf(subj, sizeof subj, "%s %s", store_hold_scope_name(scope), key);
	audit_append(t, staff, 0, terminal, h.recall ? "recall.release" :
	    "hold.release", subj, "reason=%s", reason);
	if (t->ret != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (INVENTORY_E_STORE);
	}
	return (INVENTORY_OK);
}

/* --- stock reports, a page at a time --- */

/*
 * One call of a report examines at most INVENTORY_SCAN records, so that a
 * store with 50,000 packages never holds stashd's loop for more than a
 * few milliseconds in one callback; the reply's next says where to go on.
 */
#define INVENTORY_SCAN		10000

/*
 * Products whose sellable stock is under their reorder point, a page at a
 * time: in descending product number, starting below before (0: from the
 * last), at most limit rows. A product and its packages are examined
 * whole; no new product is started once INVENTORY_SCAN products and
 * packages have been. cb is given each row. *next is then the last
 * product examined (pass it back as before), else 0. -1 if the ledger
 * failed (t->ret says why).
 */
int
inventory_low(struct store_txn *t, uint32_t before, u_int limit,
    void (*cb)(const struct inventory_low_row *, void *), void *arg,
    uint32_t *next)
{
	struct inventory_low_row row;
	struct store_iter	 it, pit;
	struct store_key	 k, b;
	struct product		 p;
	struct package		 pk;
	char			 tag[TAG_LEN + 1], *cause;
	int64_t			 sellable, on_hand;
	uint32_t		 last = 0;
	u_int			 scanned = 0, rows = 0;

	*next = 0;
	if (limit == 0 || limit > INVENTORY_LIST_MAX)
		limit = INVENTORY_LIST_MAX;
	store_iter_init(t, &it, DB_PRODUCT, NULL, 0, 1);
	if (before != 0) {
		store_key_init(&b);
		store_key_u32(&b, before);
		store_iter_before(&it, b.data, b.len);
	}
	while (store_iter_next(&it)) {
		if (rows >= limit || scanned >= INVENTORY_SCAN) {
			*next = last;
			break;
		}
		if (store_product_decode(it.val, it.vlen, &p) != 0) {
			store_fail(t, STORE_CORRUPT, "a product record is "
			    "damaged");
			break;
		}
		last = p.id;
		scanned++;
		if (p.reorder <= 0)
			continue;
		sellable = on_hand = 0;
		store_key_init(&k);
		store_key_u32(&k, p.id);
		store_iter_init(t, &pit, DB_PACKAGE_PRODUCT, k.data, k.len, 0);
		while (store_iter_next(&pit)) {
			if (pit.klen != k.len + TAG_LEN)
				continue;
			scanned++;
			memcpy(tag, pit.key + k.len, TAG_LEN);
			tag[TAG_LEN] = '\0';
			if (store_package_get(t, tag, &pk) != 0)
				break;
			if (pk.status == PACKAGE_FINISHED)
				continue;
			on_hand += pk.qty;
			cause = NULL;
			if (inventory_sellable(t, &pk, &p, &cause) == 0)
				sellable += pk.qty;
			free(cause);
		}
		store_iter_done(&pit);
		if (t->ret != 0)
			break;
		if (sellable >= p.reorder)
			continue;
		row.product = &p;
		row.sellable = sellable;
		row.on_hand = on_hand;
		cb(&row, arg);
		rows++;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Packages with stock whose expiry date or lab result expiry is on or
 * before until (YYYYMMDD); today marks those already past. A page at a
 * time: in descending tag order, starting below before (NULL: from the
 * last), at most limit rows and INVENTORY_SCAN packages examined; cb is
 * given each row. next (TAG_LEN + 1 bytes) is then the last tag examined,
 * else empty. -1 if the ledger failed (t->ret says why).
 */
int
inventory_expiring(struct store_txn *t, int today, int until,
    const char *before, u_int limit,
    void (*cb)(const struct inventory_expiring_row *, void *), void *arg,
    char *next)
{
	struct inventory_expiring_row row;
	struct store_iter	 it;
	struct package		 pk;
	struct product		 p;
	char			 last[TAG_LEN + 1];
	u_int			 scanned = 0, rows = 0;
	int			 first;

	next[0] = last[0] = '\0';
	if (limit == 0 || limit > INVENTORY_LIST_MAX)
		limit = INVENTORY_LIST_MAX;
	store_iter_init(t, &it, DB_PACKAGE, NULL, 0, 1);
	if (before != NULL && strlen(before) == TAG_LEN)
		store_iter_before(&it, before, TAG_LEN);
	while (store_iter_next(&it)) {
		if (rows >= limit || scanned >= INVENTORY_SCAN) {
			strlcpy(next, last, TAG_LEN + 1);
			break;
		}
		if (store_package_decode(it.val, it.vlen, &pk) != 0) {
			store_fail(t, STORE_CORRUPT, "a package record is "
			    "damaged");
			break;
		}
		strlcpy(last, pk.tag, sizeof last);
		scanned++;
		if (pk.status == PACKAGE_FINISHED || pk.qty <= 0)
			continue;
		first = pk.expires;
		if (pk.lab.expires != 0 && (first == 0 ||
		    pk.lab.expires < first))
			first = pk.lab.expires;
		if (first == 0 || first > until)
			continue;
		if (store_product_get(t, pk.product, &p) != 0)
			break;
		row.package = &pk;
		row.product = &p;
		row.expired = first < today;
		cb(&row, arg);
		rows++;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/* --- what package.get and trace show, shared by stashd and stashctl --- */

#define INVENTORY_TRACE_MAX_SALES	20000	/* rows in a page at most */
#define INVENTORY_TRACE_PAGE		2000	/* rows by default */

/* A package's product (if it is still in the catalogue) and hold. */
void
inventory_package_info(struct store_txn *t, const struct package *pk,
    struct inventory_package_info *pi)
{
	pi->has_product = store_product_get(t, pk->product, &pi->product) == 0;
	pi->held = store_hold_match(t, pk, &pi->hold) == 0;
	pi->on_delivery = 0;
}

/*
 * The status a package shows: whether it is held is one fact, the holds
 * table (a hold or recall on the package, its batch, product or
 * supplier); an active package a hold covers shows "hold", and shows
 * "active" again the moment the hold is released.
 */
const char *
inventory_status_name(const struct package *pk, int held)
{
	if (pk->status == PACKAGE_ACTIVE && held)
		return ("hold");
	return (store_package_status_name(pk->status));
}

/*
 * A package's adjustments and moves, oldest first, to cb. -1 if the walk
 * failed (t->ret says why).
 */
int
inventory_history(struct store_txn *t, const char *tag,
    void (*cb)(const struct adjust *, void *), void *arg)
{
	struct store_iter	 it;
	struct adjust		 a;

	store_iter_init(t, &it, DB_ADJUST_TAG, tag, TAG_LEN, 0);
	while (store_iter_next(&it)) {
		if (it.klen != TAG_LEN + 8 || store_adjust_get(t,
		    store_key_get_u64(it.key + TAG_LEN), &a) != 0)
			continue;
		cb(&a, arg);
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * The row of one sale for this tag (a sale has a tag on one line at
 * most): -1 if the record is damaged, 0 if it has no such line.
 */
/*
 * What the trace needs to know of deliveries, read once a page: the sales
 * of delivered delivery orders (the sale record does not name its order;
 * the order names its sale) and the vehicles on a loaded or out trip.
 */
struct inventory_delivery {
	struct store_txn	*t;
	struct order		*o;
	uint64_t		*sales;		/* sorted */
	u_int			 nsales;
	char			(*plates)[VEHICLE_PLATE_MAX + 1];
	u_int			 nplates;
};

static int
inventory_delivery_order(uint64_t id, void *arg)
{
	struct inventory_delivery	*d = arg;

	if (store_order_get(d->t, id, d->o) != 0)
		return (0);
	if (d->o->channel != ORDER_DELIVERY || d->o->sale == 0)
		return (0);
	d->sales = xreallocarray(d->sales, d->nsales + 1, sizeof *d->sales);
	d->sales[d->nsales++] = d->o->sale;
	return (0);
}

static int
inventory_delivery_trip(const struct trip *tr, void *arg)
{
	struct inventory_delivery	*d = arg;

	d->plates = xreallocarray(d->plates, d->nplates + 1,
	    sizeof *d->plates);
	strlcpy(d->plates[d->nplates++], tr->plate, sizeof *d->plates);
	return (0);
}

static int
inventory_u64_cmp(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

static void
inventory_delivery_load(struct store_txn *t, struct inventory_delivery *d)
{
	memset(d, 0, sizeof *d);
	d->t = t;
	d->o = xmalloc(sizeof *d->o);
	store_order_walk_status(t, ORDER_DELIVERED, 0,
	    inventory_delivery_order, d);
	if (d->nsales > 1)
		qsort(d->sales, d->nsales, sizeof *d->sales,
		    inventory_u64_cmp);
	store_trip_walk(t, TRIP_LOADED, inventory_delivery_trip, d);
	store_trip_walk(t, TRIP_OUT, inventory_delivery_trip, d);
}

static void
inventory_delivery_free(struct inventory_delivery *d)
{
	free(d->o);
	free(d->sales);
	free(d->plates);
}

static int
inventory_delivery_sale(const struct inventory_delivery *d, uint64_t id)
{
	return (d->nsales != 0 && bsearch(&id, d->sales, d->nsales,
	    sizeof *d->sales, inventory_u64_cmp) != NULL);
}

/* In "vehicle:PLATE" with that vehicle on a loaded or out trip. */
static int
inventory_delivery_vehicle(const struct inventory_delivery *d,
    const char *location)
{
	u_int	i;

	if (strncmp(location, "vehicle:", 8) != 0)
		return (0);
	for (i = 0; i < d->nplates; i++) {
		if (strcmp(location + 8, d->plates[i]) == 0)
			return (1);
	}
	return (0);
}

static int
inventory_trace_sale(struct store_txn *t, uint64_t id, const char *tag,
    const struct inventory_trace_cb *cb, const struct inventory_delivery *d,
    struct inventory_trace_totals *tr, int64_t *sold, int64_t *voided,
    u_int *rows)
{
	struct sale_brief	 b;
	int			 r;

	if ((r = store_sale_brief(t, id, tag, &b)) == STORE_NOTFOUND)
		return (0);
	if (r != 0)
		return (-1);
	if (b.status == SALE_VOID)
		*voided += b.qty;
	else {
		*sold += b.qty;
		if ((b.delivered = inventory_delivery_sale(d, id)))
			tr->delivered += b.qty;
	}
	cb->sale(id, &b, cb->arg);
	(*rows)++;
	return (0);
}

/*
 * The sales of one package after sale number after, until the page holds
 * limit rows. Returns 1 (with *last, the last sale in the page) when the
 * page is full and there are more.
 */
static int
inventory_trace_sales(struct store_txn *t, const char *tag, uint64_t after,
    u_int limit, const struct inventory_trace_cb *cb,
    const struct inventory_delivery *d, struct inventory_trace_totals *tr,
    int64_t *sold, int64_t *voided, u_int *rows, uint64_t *last)
{
	struct store_sale_tags	 w;
	uint64_t		 id;
	int			 more = 0;

	*last = after;
	store_sale_tags_init(t, &w, tag, after);
	while (store_sale_tags_next(&w, &id)) {
		if (*rows >= limit) {
			more = 1;
			break;
		}
		if (inventory_trace_sale(t, id, tag, cb, d, tr, sold, voided,
		    rows) != 0) {
			if (t->ret == 0)
				store_fail(t, STORE_CORRUPT, "sale %llu record "
				    "damaged", (unsigned long long)id);
			break;
		}
		*last = id;
	}
	store_sale_tags_done(&w);
	return (more);
}

/*
 * Trace a package, batch, product or supplier (a hold scope): every
 * package, where it is and how much is left, every sale of it, every
 * adjustment, from the indexes only. The trace op and stashctl trace
 * encode this (reply_trace). For each package cb->package is called, then
 * cb->sale for each of its sales on the page, then (unless it is
 * continued) cb->adjust for each of its adjustments, then cb->done with
 * what the page sold of it.
 *
 * A page holds at most limit sale rows (a sale is never split); tr->more
 * then says the last package and sale in it (tr->next_tag, tr->next_sale),
 * to pass back as after. A page that starts inside a package gives that
 * package again as continued and only its further sales; the totals are
 * those of the page (received and on hand counted on the page where a
 * package starts), so that the pages add up.
 */
int
inventory_trace(struct store_txn *t, int scope, const char *key,
    const char *after_tag, uint64_t after_sale, u_int limit,
    const struct inventory_trace_cb *cb, struct inventory_trace_totals *tr,
    char **cause)
{
	struct inventory_package_info pi;
	struct inventory_delivery d;
	struct store_iter	 it;
	struct store_key	 k;
	struct package		 pk;
	char			 tag[TAG_LEN + 1], after[TAG_LEN + 1];
	enum store_db		 db;
	int64_t			 sold, voided;
	u_int			 rows = 0, npackages = 0;
	struct product		 prod;
	uint64_t		 last, from;
	int			 cmp, more, rc;

	memset(tr, 0, sizeof *tr);
	if (limit == 0)
		limit = INVENTORY_TRACE_PAGE;
	if (limit > INVENTORY_TRACE_MAX_SALES)
		limit = INVENTORY_TRACE_MAX_SALES;
	after[0] = '\0';
	if (after_tag != NULL) {
		strlcpy(after, after_tag, sizeof after);
		util_tag_upper(after);
	}
	if (scope == HOLD_PACKAGE) {
		strlcpy(tag, key, sizeof tag);
		util_tag_upper(tag);
		store_key_init(&k);
		memcpy(k.data, tag, TAG_LEN);
		k.len = TAG_LEN;
		db = DB_PACKAGE;
	} else {
		prod.id = 0;
		if (scope == HOLD_PRODUCT && (rc = inventory_product_find(t,
		    key, &prod, cause)) != INVENTORY_OK)
			return (rc);
		db = inventory_scope_index(scope, key, prod.id, &k);
	}

	inventory_delivery_load(t, &d);
	store_iter_init(t, &it, db, k.data, k.len, 0);
	while (inventory_scope_next(&it, tag)) {
		cmp = after[0] != '\0' ? strcmp(tag, after) : 1;
		if (cmp < 0)
			continue;
		if (store_package_get(t, tag, &pk) != 0)
			continue;
		inventory_package_info(t, &pk, &pi);
		pi.on_delivery = inventory_delivery_vehicle(&d, pk.location);
		cb->package(&pk, &pi, cmp == 0, cb->arg);
		npackages++;
		sold = voided = 0;
		from = cmp == 0 ? after_sale : 0;
		more = inventory_trace_sales(t, tag, from, limit, cb, &d, tr,
		    &sold, &voided, &rows, &last);
		if (cmp != 0) {
			inventory_history(t, tag, cb->adjust, cb->arg);
			tr->on_hand += pk.qty;
			tr->received += pk.received_qty;
			if (pi.on_delivery)
				tr->out_on_delivery += pk.qty;
		}
		cb->done(sold, cb->arg);
		tr->sold += sold;
		tr->voided += voided;
		if (more) {
			tr->more = 1;
			strlcpy(tr->next_tag, tag, sizeof tr->next_tag);
			tr->next_sale = last;
			break;
		}
	}
	store_iter_done(&it);
	inventory_delivery_free(&d);
	if (t->ret != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (INVENTORY_E_STORE);
	}
	if (npackages == 0 && after[0] == '\0') {
		xasprintf(cause, "no packages for %s \"%s\"",
		    store_hold_scope_name(scope), key);
		return (INVENTORY_E_NOTFOUND);
	}
	return (INVENTORY_OK);
}

/*
 * Walk a product's packages; pick the sellable one with stock that came in
 * first (first in, first out) into best (may be NULL), and sum what is
 * sellable into *stock. 1 if one was picked, 0 if none, -1 on a store
 * error.
 */
int
inventory_pick(struct store_txn *t, const struct product *p,
    struct package *best, int64_t *stock)
{
	struct store_iter	it;
	struct store_key	k;
	struct package		pk;
	char			*cause;
	int			found = 0;

	*stock = 0;
	store_key_init(&k);
	store_key_u32(&k, p->id);
	store_iter_init(t, &it, DB_PACKAGE_PRODUCT, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		char	tag[TAG_LEN + 1];

		if (it.klen != 4 + TAG_LEN)
			continue;
		memcpy(tag, it.key + 4, TAG_LEN);
		tag[TAG_LEN] = '\0';
		if (store_package_get(t, tag, &pk) != 0)
			continue;
		if (pk.qty <= 0)
			continue;
		if (inventory_sellable(t, &pk, p, &cause) != 0) {
			free(cause);
			continue;
		}
		*stock += pk.qty;
		if (best != NULL && (!found || pk.received < best->received)) {
			*best = pk;
			found = 1;
		}
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : found);
}

/* Case-insensitive substring. */
static int
inventory_match(const char *hay, const char *needle)
{
	size_t	n = strlen(needle), i;

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n; i++) {
			if (hay[i] == '\0' || tolower((u_char)hay[i]) !=
			    tolower((u_char)needle[i]))
				break;
		}
		if (i == n)
			return (1);
	}
	return (0);
}

/*
 * Products whose name or SKU holds q (any case), in id order: cb is given
 * each of at most max with its sellable stock. Returns how many, or -1 on
 * a store error.
 */
int
inventory_product_search(struct store_txn *t, const char *q, u_int max,
    void (*cb)(const struct product *, int64_t, void *), void *arg)
{
	struct store_iter	 it;
	struct product		 p;
	int64_t			 stock;
	u_int			 n = 0;

	store_iter_init(t, &it, DB_PRODUCT, NULL, 0, 0);
	while (n < max && store_iter_next(&it)) {
		if (store_product_decode(it.val, it.vlen, &p) != 0)
			continue;
		if (!inventory_match(p.name, q) && !inventory_match(p.sku, q))
			continue;
		if (inventory_pick(t, &p, NULL, &stock) < 0)
			break;
		cb(&p, stock, arg);
		n++;
	}
	return (store_iter_count(&it, n));
}

/* Every hold and recall in force: cb for each. 0, or -1 on a store error. */
int
inventory_holds(struct store_txn *t, void (*cb)(const struct hold *, void *),
    void *arg)
{
	struct store_iter	 it;
	struct hold		 h;

	store_iter_init(t, &it, DB_HOLD, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_hold_decode(it.val, it.vlen, &h) != 0)
			continue;
		cb(&h, arg);
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

#define INVENTORY_PRICE_MAX	INT64_C(9999999)	/* $99,999.99 */
#define INVENTORY_MEASURE_MAX	INT64_C(1000000000000)	/* 1 t, in ug */

/*
 * The checks every product passes, however it is edited (stashctl product
 * set and import, a manager's terminal): a name and a category of plain
 * text, the category lower case, a price and a unit cost in range, THC per
 * mille, a reorder point, the measures not negative and a known route.
 * 0, or -1 with *cause.
 */
int
inventory_product_check(const struct product *p, char **cause)
{
	const char	*s;

	if (p->name[0] == '\0' || valid_text(p->name, strlen(p->name),
	    NAME_MAX_, "name", cause) != 0) {
		if (p->name[0] == '\0')
			xasprintf(cause, "a product needs a name");
		return (-1);
	}
	if (p->category[0] == '\0' || valid_text(p->category,
	    strlen(p->category), CATEGORY_MAX, "category", cause) != 0) {
		if (p->category[0] == '\0')
			xasprintf(cause, "a product needs a category");
		return (-1);
	}
	for (s = p->category; *s != '\0'; s++) {
		if (isupper((u_char)*s)) {
			xasprintf(cause, "a category is lower case");
			return (-1);
		}
	}
	if (p->price < 1 || p->price > INVENTORY_PRICE_MAX) {
		xasprintf(cause, "a price is from 0.01 to 99999.99");
		return (-1);
	}
	if (p->unit_cost < 0 || p->unit_cost > INVENTORY_PRICE_MAX) {
		xasprintf(cause, "a unit cost is from 0.00 to 99999.99");
		return (-1);
	}
	if (p->thc < 0 || p->thc > 1000) {
		xasprintf(cause, "THC is from 0 to 100%%");
		return (-1);
	}
	if (p->reorder < 0 || p->reorder > INVENTORY_MG_MAX) {
		xasprintf(cause, "a reorder point is from 0 to %lld",
		    (long long)INVENTORY_MG_MAX);
		return (-1);
	}
	if (p->net_ug < 0 || p->flower_ug < 0 || p->conc_ug < 0 ||
	    p->thc_ug < 0 || p->other_ug < 0 || p->volume_ul < 0 ||
	    p->net_ug > INVENTORY_MEASURE_MAX ||
	    p->flower_ug > INVENTORY_MEASURE_MAX ||
	    p->conc_ug > INVENTORY_MEASURE_MAX ||
	    p->thc_ug > INVENTORY_MEASURE_MAX ||
	    p->other_ug > INVENTORY_MEASURE_MAX ||
	    p->volume_ul > INVENTORY_MEASURE_MAX) {
		xasprintf(cause, "a measure is from 0 to 1,000,000,000 mg");
		return (-1);
	}
	if (p->route[0] != '\0' && rules_route(p->route) < 0) {
		xasprintf(cause, "route \"%s\" is not one the rule files know "
		    "(smokable, inhalation, edible, oral, sublingual, topical, "
		    "suppository)", p->route);
		return (-1);
	}
	return (0);
}

static void
inventory_diff_i64(struct buf *b, const char *name, int64_t v, int64_t was,
    int money)
{
	char	a[32], w[32];

	if (v == was)
		return;
	if (money)
		buf_printf(b, "%s%s=%s was=%s", b->len != 0 ? " " : "", name,
		    money_fmt(v, a, sizeof a), money_fmt(was, w, sizeof w));
	else
		buf_printf(b, "%s%s=%lld was=%lld", b->len != 0 ? " " : "",
		    name, (long long)v, (long long)was);
}

static void
inventory_diff_str(struct buf *b, const char *name, const char *v,
    const char *was)
{
	if (strcmp(v, was) != 0)
		buf_printf(b, "%s%s=\"%s\" was=\"%s\"", b->len != 0 ? " " : "",
		    name, v, was);
}

/*
 * What differs between two versions of a product, as "name=NEW was=OLD"
 * pairs (money as dollars), into b; empty if nothing does.
 */
void
inventory_product_diff(const struct product *p, const struct product *old,
    struct buf *b)
{
	inventory_diff_str(b, "name", p->name, old->name);
	inventory_diff_str(b, "category", p->category, old->category);
	inventory_diff_i64(b, "price", p->price, old->price, 1);
	inventory_diff_i64(b, "unit_cost", p->unit_cost, old->unit_cost, 1);
	inventory_diff_i64(b, "thc", p->thc, old->thc, 0);
	inventory_diff_i64(b, "reorder", p->reorder, old->reorder, 0);
	inventory_diff_i64(b, "active", !p->inactive, !old->inactive, 0);
	inventory_diff_i64(b, "net_ug", p->net_ug, old->net_ug, 0);
	inventory_diff_i64(b, "flower_ug", p->flower_ug, old->flower_ug, 0);
	inventory_diff_i64(b, "conc_ug", p->conc_ug, old->conc_ug, 0);
	inventory_diff_i64(b, "thc_ug", p->thc_ug, old->thc_ug, 0);
	inventory_diff_i64(b, "other_ug", p->other_ug, old->other_ug, 0);
	inventory_diff_i64(b, "volume_ul", p->volume_ul, old->volume_ul, 0);
	inventory_diff_str(b, "route", p->route, old->route);
}

/*
 * Change a product (the SKU, id, unit and creation time stay): checked by
 * inventory_product_check, written with one audit record naming every
 * field changed with its old value, by staff from terminal; by, if not
 * NULL, is who ran stashctl. A price change is a record of its own
 * ("product.price"), so a price's history is a search of one action.
 * *changed is 0 if nothing differed (nothing is written).
 */
int
inventory_product_update(struct store_txn *t, const struct product *p,
    const struct product *old, uint32_t staff, const char *terminal,
    const char *by, int *changed, char **cause)
{
	struct buf	 b;
	char		 subj[32], a[32], w[32];

	*changed = 0;
	if (p->id != old->id || strcmp(p->sku, old->sku) != 0 ||
	    p->unit_weight != old->unit_weight) {
		xasprintf(cause, "a product's SKU and unit do not change");
		return (-1);
	}
	if (inventory_product_check(p, cause) != 0)
		return (-1);
	buf_init(&b);
	inventory_product_diff(p, old, &b);
	if (b.len == 0) {
		buf_free(&b);
		return (0);
	}
	*changed = 1;
	store_product_put(t, p, old);
	snprintf(subj, sizeof subj, "product %u", p->id);
	if (p->price != old->price)
		audit_append(t, staff, 0, terminal, "product.price", subj,
		    "sku=%s price=%s was=%s%s%s", p->sku, money_fmt(p->price, a,
		    sizeof a), money_fmt(old->price, w, sizeof w),
		    by != NULL ? " by=" : "", by != NULL ? by : "");
	audit_append(t, staff, 0, terminal, "product.set", subj,
	    "sku=%s %.400s%s%s", p->sku, buf_cstr(&b), by != NULL ? " by=" : "",
	    by != NULL ? by : "");
	buf_free(&b);
	if (t->ret != 0) {
		xasprintf(cause, "%s", store_strerror(t->ret));
		return (-1);
	}
	return (0);
}

#define INVENTORY_FIND_SHOW	5	/* candidates named when ambiguous */

/*
 * The product a person means by key: its number, its SKU (any case), its
 * name (any case), or the one product whose name or SKU holds key. More
 * than one candidate is refused, naming some. INVENTORY_OK with *p, or an
 * INVENTORY_E_* with *cause.
 */
int
inventory_product_find(struct store_txn *t, const char *key,
    struct product *p, char **cause)
{
	struct store_iter	 it;
	struct product		 q;
	struct buf		 names;
	const char		*errstr;
	uint32_t		 id;
	u_int			 n = 0, exact = 0;
	int			 r;

	if (*key == '\0') {
		xasprintf(cause, "name a product: its SKU, its name or part "
		    "of it");
		return (INVENTORY_E_INVALID);
	}
	id = (uint32_t)util_strtonum(key, 1, UINT32_MAX, &errstr);
	if (errstr == NULL) {
		r = store_product_get(t, id, p);
		if (r == 0)
			return (INVENTORY_OK);
		if (r != STORE_NOTFOUND)
			goto fail;
	}
	if ((r = store_product_by_sku(t, key, p)) == 0)
		return (INVENTORY_OK);
	if (r != STORE_NOTFOUND)
		goto fail;

	buf_init(&names);
	store_iter_init(t, &it, DB_PRODUCT, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_product_decode(it.val, it.vlen, &q) != 0)
			continue;
		if (strcasecmp(q.sku, key) == 0 ||
		    strcasecmp(q.name, key) == 0) {
			if (exact++ == 0)
				*p = q;
			continue;
		}
		if (!inventory_match(q.name, key) &&
		    !inventory_match(q.sku, key))
			continue;
		if (n++ == 0 && exact == 0)
			*p = q;
		if (n <= INVENTORY_FIND_SHOW)
			buf_printf(&names, "%s%s (%s)", n > 1 ? ", " : "",
			    q.sku, q.name);
	}
	store_iter_done(&it);
	if (t->ret != 0) {
		buf_free(&names);
		goto fail;
	}
	if (exact == 1 || (exact == 0 && n == 1)) {
		buf_free(&names);
		return (INVENTORY_OK);
	}
	if (exact == 0 && n == 0) {
		buf_free(&names);
		xasprintf(cause, "no product is called or has a SKU like "
		    "\"%s\"", key);
		return (INVENTORY_E_NOTFOUND);
	}
	xasprintf(cause, "%u products match \"%s\": %s%s; give the SKU",
	    exact > 1 ? exact : n, key, buf_cstr(&names),
	    n > INVENTORY_FIND_SHOW ? ", ..." : "");
	buf_free(&names);
	return (INVENTORY_E_INVALID);

fail:
	xasprintf(cause, "%s", store_strerror(t->ret != 0 ? t->ret : r));
	return (INVENTORY_E_STORE);
}

/*
 * A hold or trace key as the ledger keeps it: a package's tag in upper
 * case, a product's number (found by inventory_product_find), a batch or a
 * supplier's licence as given. INVENTORY_OK with out, or an error.
 */
int
inventory_scope_key(struct store_txn *t, int scope, const char *key,
    char *out, size_t len, char **cause)
{
	struct product	p;
	int		r;

	if (scope != HOLD_PRODUCT && strlen(key) >= len) {
		xasprintf(cause, "a %s is 1 to %zu characters",
		    store_hold_scope_name(scope), len - 1);
		return (INVENTORY_E_INVALID);
	}
	switch (scope) {
	case HOLD_PRODUCT:
		if ((r = inventory_product_find(t, key, &p, cause)) !=
		    INVENTORY_OK)
			return (r);
		snprintf(out, len, "%u", p.id);
		return (INVENTORY_OK);
	case HOLD_PACKAGE:
		strlcpy(out, key, len);
		util_tag_upper(out);
		return (INVENTORY_OK);
	}
	strlcpy(out, key, len);
	return (INVENTORY_OK);
}

/*
 * What a hold or recall of scope/key (as inventory_scope_key gives it)
 * would cover now: packages with stock, their units and their mg. 0, or
 * -1 on a store error.
 */
int
inventory_scope_stock(struct store_txn *t, int scope, const char *key,
    u_int *packages, int64_t *units, int64_t *mg)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct package		 pk;
	struct product		 p;
	const char		*errstr;
	char			 tag[TAG_LEN + 1];
	enum store_db		 db;
	uint32_t		 id = 0;

	*packages = 0;
	*units = *mg = 0;
	switch (scope) {
	case HOLD_PACKAGE:
		if (store_package_get(t, key, &pk) != 0 ||
		    store_product_get(t, pk.product, &p) != 0)
			return (t->ret != 0 ? -1 : 0);
		if (pk.status != PACKAGE_FINISHED && pk.qty > 0) {
			(*packages)++;
			*(p.unit_weight ? mg : units) += pk.qty;
		}
		return (0);
	case HOLD_PRODUCT:
		id = (uint32_t)util_strtonum(key, 1, UINT32_MAX, &errstr);
		if (errstr != NULL)
			return (0);
		break;
	case HOLD_BATCH:
	case HOLD_SUPPLIER:
		break;
	default:
		return (0);
	}
	db = inventory_scope_index(scope, key, id, &k);
	store_iter_init(t, &it, db, k.data, k.len, 0);
	while (inventory_scope_next(&it, tag)) {
		if (store_package_get(t, tag, &pk) != 0 ||
		    store_product_get(t, pk.product, &p) != 0)
			continue;
		if (pk.status == PACKAGE_FINISHED || pk.qty <= 0)
			continue;
		(*packages)++;
		*(p.unit_weight ? mg : units) += pk.qty;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}
