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
#include <time.h>

#include "intake.h"
#include "outbox.h"

/*
 * Receiving against a manifest. Each step is one write transaction of the
 * caller's, with its audit record:
 *
 *   create   the manifest and its lines, all pending;
 *   scan     a tag and what arrived (units, or mg from the scale): within
 *            the tolerance the line is accepted as received, otherwise it
 *            carries a discrepancy (short, over, wrong product; an unknown
 *            tag becomes an extra line) and waits for a manager;
 *   resolve  a manager accepts, rejects or accepts part of a line; a line
 *            never scanned can only be rejected, as missing;
 *   close    refused while a line is pending; otherwise every accepted
 *            line becomes a package, in the vault, sellable only once moved
 *            and only if its lab result passes and has not expired: any
 *            other package is created on hold with the reason.
 *
 * Discrepancies stay on the lines for the state's reconciliation.
 */

#define INTAKE_LAB_HOLD	INVENTORY_LAB_HOLD	/* our holds' reasons */

const char *
intake_err_code(enum intake_err e)
{
	switch (e) {
	case INTAKE_OK:
		return ("ok");
	case INTAKE_E_INVALID:
		return ("bad-request");
	case INTAKE_E_NOTFOUND:
		return ("not-found");
	case INTAKE_E_CONFLICT:
		return ("conflict");
	case INTAKE_E_STORE:
		break;
	}
	return ("internal");
}

/*
 * 0 or a real calendar day, YYYYMMDD. The bounds of each kind of date
 * (valid_date) are checked where the date comes in, which knows today.
 */
int
intake_date_valid(int d)
{
	return (d == 0 || valid_date_real(d));
}

/* YYYYMMDD plus n days (calendar arithmetic, no time zone involved). */
int
intake_date_add(int d, int n)
{
	struct tm	tm;
	time_t		t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = d / 10000 - 1900;
	tm.tm_mon = (d / 100) % 100 - 1;
	tm.tm_mday = d % 100 + n;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	return ((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday);
}

/*
 * May stock with this lab result be sold on day today (YYYYMMDD)? 0 if so;
 * otherwise -1 and *why.
 */
int
intake_lab_check(const struct lab_result *lab, int today, const char **why)
{
	switch (lab->status) {
	case LAB_NONE:
		*why = "no lab result";
		return (-1);
	case LAB_FAIL:
		*why = "lab test failed";
		return (-1);
	}
	if (lab->expires != 0 && lab->expires < today) {
		*why = "lab result expired";
		return (-1);
	}
	return (0);
}

/*
 * The checks every lab result passes, from a terminal or stashctl: THC and
 * CBD per mille from 0 to 1000, the lab's name and the certificate number
 * printable text, tested a business date and expires an expiry date
 * (valid_date; 0 for either is "not given"). 0, or -1 with *cause.
 */
int
intake_lab_valid(const struct lab_result *lab, int today, char **cause)
{
	if (lab->thc < 0 || lab->thc > 1000 || lab->cbd < 0 ||
	    lab->cbd > 1000) {
		xasprintf(cause, "THC and CBD are from 0 to 100%%");
		return (-1);
	}
	if (lab->lab[0] != '\0' && valid_text(lab->lab, strlen(lab->lab),
	    LICENCE_MAX, "lab", cause) != 0)
		return (-1);
	if (lab->cert[0] != '\0' && valid_text(lab->cert, strlen(lab->cert),
	    LAB_CERT_MAX, "certificate", cause) != 0)
		return (-1);
	if (lab->tested != 0 && valid_date(lab->tested, VALID_DATE_BUSINESS,
	    today, "tested", cause) != 0)
		return (-1);
	if (lab->expires != 0 && valid_date(lab->expires, VALID_DATE_EXPIRY,
	    today, "expires", cause) != 0)
		return (-1);
	if (lab->tested != 0 && lab->expires != 0 &&
	    lab->expires < lab->tested) {
		xasprintf(cause, "the lab result expires before it was tested");
		return (-1);
	}
	return (0);
}

static enum intake_err
intake_store_err(struct store_txn *t, char **cause)
{
	xasprintf(cause, "%s", store_strerror(t->ret != 0 ? t->ret :
	    STORE_ERROR));
	return (INTAKE_E_STORE);
}

static enum intake_err
intake_open_manifest(struct store_txn *t, const char *number,
    struct manifest *m, char **cause)
{
	int	r;

	r = store_manifest_get(t, number, m);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no manifest %s", number);
		return (INTAKE_E_NOTFOUND);
	}
	if (r != 0)
		return (intake_store_err(t, cause));
	if (m->status != MANIFEST_OPEN) {
		xasprintf(cause, "manifest %s is closed", number);
		return (INTAKE_E_CONFLICT);
	}
	return (INTAKE_OK);
}

static void
intake_qty_str(uint32_t product, struct store_txn *t, int64_t q, char *out,
    size_t len)
{
	struct product	p;

	if (product != 0 && store_product_get(t, product, &p) == 0 &&
	    p.unit_weight)
		weight_fmt(q, out, len);
	else
		snprintf(out, len, "%lld", (long long)q);
}

/*
 * Our product with the name the state gives an item (a state's incoming
 * transfer: Metrc's ItemName, BioTrack's product), in any case; 0 if
 * found.
 */
int
intake_product_named(struct store_txn *t, const char *name,
    struct product *p)
{
	struct store_iter	it;
	int			found = 0;

	store_iter_init(t, &it, DB_PRODUCT, NULL, 0, 0);
	while (!found && store_iter_next(&it)) {
		if (store_product_decode(it.val, it.vlen, p) == 0 &&
		    strcasecmp(p->name, name) == 0)
			found = 1;
	}
	store_iter_done(&it);
	return (found ? 0 : -1);
}

/* Is a manifest with this number in the ledger? -1 if it cannot say. */
int
intake_manifest_have(struct store *st, const char *number)
{
	struct store_txn	t;
	struct manifest		m;
	int			r;

	if (store_begin(st, &t, 0) != 0)
		return (-1);
	r = store_manifest_get(&t, number, &m);
	store_abort(&t);
	if (r == 0)
		return (1);
	return (r == STORE_NOTFOUND ? 0 : -1);
}

/*
 * A state's incoming manifest made once (intake_create): one made since
 * it was looked for (a poll before, or a hand) is no error, and *made is
 * 0.
 */
enum intake_err
intake_create_once(struct store_txn *t, const struct manifest *in,
    struct manifest_line *lines, u_int n, const char *terminal, int *made,
    char **cause)
{
	struct manifest	had;
	enum intake_err	e;

	*made = 0;
	e = intake_create(t, in, lines, n, 0, terminal, cause);
	if (e == INTAKE_E_CONFLICT && store_manifest_get(t, in->number,
	    &had) == 0) {
		free(*cause);
		*cause = NULL;
		return (INTAKE_OK);
	}
	*made = e == INTAKE_OK;
	return (e);
}

/*
 * Record a new manifest and its lines (each with sku, batch, shipped and
 * lab set; product is looked up here). All or nothing.
 */
enum intake_err
intake_create(struct store_txn *t, const struct manifest *in,
    struct manifest_line *lines, u_int n, uint32_t staff,
    const char *terminal, char **cause)
{
	struct manifest		 m;
	struct package		 pk;
	struct product		 p;
	struct manifest_line	*l;
	char			 subj[64];
	u_int			 i, j;
	int			 r;

	if (in->number[0] == '\0' || !util_printable(in->number,
	    strlen(in->number))) {
		xasprintf(cause, "a manifest needs a number (1 to %d "
		    "printable characters)", MANIFEST_MAX);
		return (INTAKE_E_INVALID);
	}
	if (in->supplier[0] == '\0') {
		xasprintf(cause, "manifest %s needs the supplier's licence",
		    in->number);
		return (INTAKE_E_INVALID);
	}
	if (n == 0) {
		xasprintf(cause, "manifest %s has no packages", in->number);
		return (INTAKE_E_INVALID);
	}
	r = store_manifest_get(t, in->number, &m);
	if (r == 0) {
		xasprintf(cause, "manifest %s already exists (%s)", in->number,
		    store_manifest_status_name(m.status));
		return (INTAKE_E_CONFLICT);
	}
	if (r != STORE_NOTFOUND)
		return (intake_store_err(t, cause));
	for (i = 0; i < n; i++) {
		l = &lines[i];
		if (!util_tag_valid(l->tag)) {
			xasprintf(cause, "\"%s\" is not a package tag (24 "
			    "characters 0-9, A-F)", l->tag);
			return (INTAKE_E_INVALID);
		}
		for (j = 0; j < i; j++) {
			if (strcmp(lines[j].tag, l->tag) == 0) {
				xasprintf(cause, "package %s is on the "
				    "manifest twice", l->tag);
				return (INTAKE_E_INVALID);
			}
		}
		if (l->shipped <= 0) {
			xasprintf(cause, "package %s: the shipped quantity "
			    "must be more than 0", l->tag);
			return (INTAKE_E_INVALID);
		}
		if (!intake_date_valid(l->harvested) ||
		    !intake_date_valid(l->lab.tested) ||
		    !intake_date_valid(l->lab.expires)) {
			xasprintf(cause, "package %s: a date is not "
			    "YYYYMMDD", l->tag);
			return (INTAKE_E_INVALID);
		}
		r = store_package_get(t, l->tag, &pk);
		if (r == 0) {
			xasprintf(cause, "package %s is already in stock",
			    l->tag);
			return (INTAKE_E_CONFLICT);
		}
		if (r != STORE_NOTFOUND)
			return (intake_store_err(t, cause));
		r = store_product_by_sku(t, l->sku, &p);
		if (r == STORE_NOTFOUND) {
			xasprintf(cause, "package %s: no product with SKU %s "
			    "(add the product first)", l->tag, l->sku);
			return (INTAKE_E_NOTFOUND);
		}
		if (r != 0)
			return (intake_store_err(t, cause));
		l->product = p.id;
	}

	m = *in;
	m.status = MANIFEST_OPEN;
	m.created = util_now();
	m.staff = staff;
	m.closed = 0;
	store_manifest_put(t, &m);
	for (i = 0; i < n; i++) {
		l = &lines[i];
		strlcpy(l->manifest, m.number, sizeof l->manifest);
		l->state = LINE_PENDING;
		l->disc = DISC_NONE;
		l->scanned = 0;
		l->received = l->accepted = 0;
		store_manifest_line_put(t, l);
	}
	snprintf(subj, sizeof subj, "manifest %s", m.number);
	audit_append(t, staff, 0, terminal, "intake.create", subj,
	    "supplier=%s packages=%u", m.supplier, n);
	return (t->ret != 0 ? intake_store_err(t, cause) : INTAKE_OK);
}

/*
 * A tag scanned at the intake station with what arrived. sku, if not NULL,
 * is the product the receiver sees on the package. weighed says where a
 * weight came from (ADJUST_WEIGHED_*; NONE for a count). tolerance is per
 * mille of the shipped quantity.
 */
enum intake_err
intake_scan(struct store_txn *t, const char *number, const char *tag,
    int64_t qty, const char *sku, int weighed, int64_t tolerance,
    uint32_t staff, const char *terminal, struct manifest_line *l,
    char **cause)
{
	struct manifest	m;
	struct product	p;
	struct package	pk;
	char		subj[64], q[32];
	int64_t		diff;
	enum intake_err	e;
	int		r;

	if ((e = intake_open_manifest(t, number, &m, cause)) != INTAKE_OK)
		return (e);
	if (qty <= 0) {
		xasprintf(cause, "the received quantity must be more than 0 "
		    "(a package that did not arrive is resolved as missing)");
		return (INTAKE_E_INVALID);
	}
	memset(&p, 0, sizeof p);
	if (sku != NULL) {
		r = store_product_by_sku(t, sku, &p);
		if (r == STORE_NOTFOUND) {
			xasprintf(cause, "no product with SKU %s", sku);
			return (INTAKE_E_NOTFOUND);
		}
		if (r != 0)
			return (intake_store_err(t, cause));
	}
	r = store_manifest_line_get(t, number, tag, l);
	if (r != 0 && r != STORE_NOTFOUND)
		return (intake_store_err(t, cause));
	if (r == STORE_NOTFOUND) {
		r = store_package_get(t, tag, &pk);
		if (r == 0) {
			xasprintf(cause, "package %s is already in stock: it "
			    "cannot be received again", tag);
			return (INTAKE_E_CONFLICT);
		}
		if (r != STORE_NOTFOUND)
			return (intake_store_err(t, cause));
		/* Not on the manifest: an extra. */
		memset(l, 0, sizeof *l);
		strlcpy(l->manifest, number, sizeof l->manifest);
		strlcpy(l->tag, tag, sizeof l->tag);
		l->disc = DISC_EXTRA;
	} else if (l->resolved_by != 0) {
		xasprintf(cause, "package %s on manifest %s was already "
		    "resolved (%s)", tag, number,
		    store_manifest_state_name(l->state));
		return (INTAKE_E_CONFLICT);
	} else
		l->disc = DISC_NONE;
	if (sku != NULL) {
		strlcpy(l->found_sku, p.sku, sizeof l->found_sku);
		l->found_product = p.id;
	} else {
		l->found_sku[0] = '\0';
		l->found_product = 0;
	}
	l->received = qty;
	l->weighed = weighed;
	l->scanned = 1;
	l->scan_time = util_now();
	if (l->disc == DISC_NONE) {
		diff = qty - l->shipped;
		if (l->found_product != 0 && l->found_product != l->product)
			l->disc = DISC_WRONG_PRODUCT;
		else if (diff < 0 && -diff * 1000 > l->shipped * tolerance)
			l->disc = DISC_SHORT;
		else if (diff > 0 && diff * 1000 > l->shipped * tolerance)
			l->disc = DISC_OVER;
	}
	if (l->disc == DISC_NONE) {
		l->state = LINE_ACCEPTED;
		l->accepted = qty;
	} else {
		l->state = LINE_PENDING;
		l->accepted = 0;
	}
	store_manifest_line_put(t, l);
	snprintf(subj, sizeof subj, "manifest %s", number);
	intake_qty_str(l->found_product != 0 ? l->found_product : l->product,
	    t, qty, q, sizeof q);
	audit_append(t, staff, 0, terminal, "intake.scan", subj,
	    "tag=%s qty=%s discrepancy=%s%s%s", tag, q,
	    store_manifest_disc_name(l->disc),
	    weighed != ADJUST_WEIGHED_NONE ? " weight=" : "",
	    weighed != ADJUST_WEIGHED_NONE ?
	    store_adjust_weighed_name(weighed) : "");
	return (t->ret != 0 ? intake_store_err(t, cause) : INTAKE_OK);
}

/* A manager's decision on a line. */
enum intake_err
intake_resolve(struct store_txn *t, const char *number, const char *tag,
    int action, int64_t qty, const char *note, uint32_t staff,
    const char *terminal, struct manifest_line *l, char **cause)
{
	struct manifest	m;
	char		subj[64], q[32];
	enum intake_err	e;
	int		r;

	if ((e = intake_open_manifest(t, number, &m, cause)) != INTAKE_OK)
		return (e);
	r = store_manifest_line_get(t, number, tag, l);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "package %s is not on manifest %s (scan it "
		    "first if it arrived)", tag, number);
		return (INTAKE_E_NOTFOUND);
	}
	if (r != 0)
		return (intake_store_err(t, cause));
	if (!l->scanned) {
		if (action != INTAKE_REJECT) {
			xasprintf(cause, "package %s was never scanned: scan "
			    "it if it arrived, or reject it as missing", tag);
			return (INTAKE_E_CONFLICT);
		}
		l->disc = DISC_MISSING;
	}
	switch (action) {
	case INTAKE_ACCEPT:
		if ((l->disc == DISC_EXTRA || l->disc == DISC_WRONG_PRODUCT) &&
		    l->found_product == 0) {
			xasprintf(cause, "package %s: scan it again with its "
			    "product's SKU before accepting it", tag);
			return (INTAKE_E_CONFLICT);
		}
		l->state = LINE_ACCEPTED;
		l->accepted = l->received;
		break;
	case INTAKE_REJECT:
		l->state = LINE_REJECTED;
		l->accepted = 0;
		break;
	case INTAKE_PARTIAL:
		if (qty <= 0 || qty > l->received) {
			xasprintf(cause, "package %s: a partial acceptance "
			    "takes 1 to %lld of what was received", tag,
			    (long long)l->received);
			return (INTAKE_E_INVALID);
		}
		if (l->disc == DISC_EXTRA && l->found_product == 0) {
			xasprintf(cause, "package %s: scan it again with its "
			    "product's SKU before accepting it", tag);
			return (INTAKE_E_CONFLICT);
		}
		l->state = LINE_PARTIAL;
		l->accepted = qty;
		break;
	default:
		xasprintf(cause, "the action is accept, reject or partial");
		return (INTAKE_E_INVALID);
	}
	strlcpy(l->note, note != NULL ? note : "", sizeof l->note);
	l->resolved_by = staff;
	store_manifest_line_put(t, l);
	snprintf(subj, sizeof subj, "manifest %s", number);
	intake_qty_str(l->found_product != 0 ? l->found_product : l->product,
	    t, l->accepted, q, sizeof q);
	audit_append(t, staff, 0, terminal, "intake.resolve", subj,
	    "tag=%s discrepancy=%s action=%s accepted=%s", tag,
	    store_manifest_disc_name(l->disc),
	    store_manifest_state_name(l->state), q);
	return (t->ret != 0 ? intake_store_err(t, cause) : INTAKE_OK);
}

/* Read a manifest's lines into an array. */
static int
intake_lines(struct store_txn *t, const char *number,
    struct manifest_line **out, u_int *n)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct manifest_line	*lines = NULL;
	u_int			 alloc = 0;

	*n = 0;
	store_manifest_line_prefix(&k, number);
	store_iter_init(t, &it, DB_MANIFEST_LINE, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		if (*n == alloc) {
			alloc = alloc == 0 ? 32 : alloc * 2;
			lines = xreallocarray(lines, alloc, sizeof *lines);
		}
		if (store_manifest_line_decode(it.val, it.vlen,
		    &lines[*n]) != 0) {
			store_fail(t, STORE_CORRUPT, "manifest %s: a line is "
			    "damaged", number);
			break;
		}
		(*n)++;
	}
	store_iter_done(&it);
	*out = lines;
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Close a manifest: every line settled, every accepted package created in
 * this one transaction. *created counts the packages, *held those on hold.
 */
enum intake_err
intake_close(struct store_txn *t, const char *number, const char *tz,
    uint32_t staff, const char *terminal, u_int *created, u_int *held,
    char **cause)
{
	struct manifest		 m;
	struct manifest_line	*lines = NULL, *l;
	struct package		 pk;
	struct product		 p;
	const char		*why;
	char			 reason[64], q[32];
	char			 subj[64];
	enum intake_err		 e;
	u_int			 n, i, unsettled = 0;
	int			 today, r, lab_held;

	*created = *held = 0;
	if ((e = intake_open_manifest(t, number, &m, cause)) != INTAKE_OK)
		return (e);
	if (intake_lines(t, number, &lines, &n) != 0) {
		free(lines);
		return (intake_store_err(t, cause));
	}
	for (i = 0; i < n; i++) {
		if (lines[i].state == LINE_PENDING)
			unsettled++;
	}
	if (unsettled != 0) {
		for (l = lines; l->state != LINE_PENDING; l++)
			/* nothing */;
		if (!l->scanned)
			why = "was never scanned (scan it, or reject it as "
			    "missing)";
		else
			why = "has a discrepancy for a manager to resolve";
		xasprintf(cause, "manifest %s has %u package%s to settle: "
		    "%s %s", number, unsettled, unsettled == 1 ? "" : "s",
		    l->tag, why);
		free(lines);
		return (INTAKE_E_CONFLICT);
	}

	today = util_local_date(util_now(), tz);
	for (i = 0; i < n && t->ret == 0; i++) {
		l = &lines[i];
		if (l->state == LINE_REJECTED || l->accepted <= 0)
			continue;
		r = store_package_get(t, l->tag, &pk);
		if (r == 0) {
			xasprintf(cause, "package %s is already in stock: "
			    "reject it on this manifest", l->tag);
			free(lines);
			return (INTAKE_E_CONFLICT);
		}
		if (r != STORE_NOTFOUND)
			break;
		memset(&pk, 0, sizeof pk);
		strlcpy(pk.tag, l->tag, sizeof pk.tag);
		pk.product = l->found_product != 0 ? l->found_product :
		    l->product;
		if (store_product_get(t, pk.product, &p) != 0) {
			if (t->ret == 0)
				store_fail(t, STORE_CORRUPT, "manifest %s: "
				    "no product %u", number, pk.product);
			break;
		}
		strlcpy(pk.batch, l->batch, sizeof pk.batch);
		pk.qty = pk.received_qty = l->accepted;
		pk.received = util_now();
		strlcpy(pk.supplier, m.supplier, sizeof pk.supplier);
		pk.harvested = l->harvested;
		strlcpy(pk.location, "vault", sizeof pk.location);
		pk.lab = l->lab;
		/*
		 * Active, and held in the holds table (the one place a
		 * hold is kept) until its lab result passes.
		 */
		pk.status = PACKAGE_ACTIVE;
		lab_held = intake_lab_check(&pk.lab, today, &why) != 0;
		if (lab_held)
			(*held)++;
		store_package_put(t, &pk, NULL);
		intake_qty_str(pk.product, t, pk.qty, q, sizeof q);
		audit_append(t, staff, 0, terminal, "package.receive", pk.tag,
		    "manifest=%s sku=%s batch=%s qty=%s status=%s%s%s", number,
		    p.sku, pk.batch, q, lab_held ? "hold" : "active",
		    lab_held ? " reason=" : "", lab_held ? why : "");
		if (lab_held) {
			snprintf(reason, sizeof reason, "%s%s",
			    INTAKE_LAB_HOLD, why);
			if (inventory_hold(t, HOLD_PACKAGE, pk.tag, 0, reason,
			    staff, terminal, cause) != 0) {
				free(lines);
				return (t->ret != 0 ? INTAKE_E_STORE :
				    INTAKE_E_INVALID);
			}
		}
		(*created)++;
	}
	free(lines);
	if (t->ret != 0)
		return (intake_store_err(t, cause));
	m.status = MANIFEST_CLOSED;
	m.closed = util_now();
	store_manifest_put(t, &m);
	/* The state's transfer, if it wants its receipt told. */
	if (outbox_transfer_received(t, number) != 0)
		return (intake_store_err(t, cause));
	snprintf(subj, sizeof subj, "manifest %s", number);
	audit_append(t, staff, 0, terminal, "intake.close", subj,
	    "packages=%u held=%u", *created, *held);
	return (t->ret != 0 ? intake_store_err(t, cause) : INTAKE_OK);
}

/*
 * A package's lab result, entered later. A result that passes (and has not
 * expired) releases a hold this file put on for the lab; one that fails
 * puts the package on hold.
 */
enum intake_err
intake_lab(struct store_txn *t, const char *tag, const struct lab_result *lab,
    const char *tz, uint32_t staff, const char *terminal, struct package *pk,
    char **cause)
{
	struct package	 old;
	struct hold	 h;
	struct adjust	 a;
	const char	*why = "";
	char		 reason[64];
	int		 r, pass, hold, was;

	if (lab->status != LAB_PASS && lab->status != LAB_FAIL) {
		xasprintf(cause, "a lab result is pass or fail");
		return (INTAKE_E_INVALID);
	}
	if (intake_lab_valid(lab, util_local_date(util_now(), tz), cause) != 0)
		return (INTAKE_E_INVALID);
	r = store_package_get(t, tag, &old);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no package with tag %s", tag);
		return (INTAKE_E_NOTFOUND);
	}
	if (r != 0)
		return (intake_store_err(t, cause));
	*pk = old;
	pk->lab = *lab;
	/* A package of the old ledgers kept "hold" as its status too. */
	if (pk->status == PACKAGE_HOLD)
		pk->status = PACKAGE_ACTIVE;
	store_package_put(t, pk, &old);
	pass = intake_lab_check(lab, util_local_date(util_now(), tz),
	    &why) == 0;
	r = store_hold_get(t, HOLD_PACKAGE, tag, &h);
	if (r != 0 && r != STORE_NOTFOUND)
		return (intake_store_err(t, cause));
	hold = r == 0;
	was = hold;
	if (pass) {
		if (hold && strncmp(h.reason, INTAKE_LAB_HOLD,
		    strlen(INTAKE_LAB_HOLD)) == 0) {
			if (inventory_release(t, HOLD_PACKAGE, tag,
			    "lab result passed", staff, terminal, cause) != 0)
				return (intake_store_err(t, cause));
			hold = 0;
		}
	} else if (!hold) {
		snprintf(reason, sizeof reason, "%s%s", INTAKE_LAB_HOLD, why);
		if (inventory_hold(t, HOLD_PACKAGE, tag, 0, reason, staff,
		    terminal, cause) != 0)
			return (intake_store_err(t, cause));
		hold = 1;
	}
	/* The package's own hold put on or lifted: in its history. */
	if (hold != was) {
		memset(&a, 0, sizeof a);
		a.kind = ADJUST_STATUS;
		strlcpy(a.tag, tag, sizeof a.tag);
		a.qty_after = pk->qty;
		strlcpy(a.reason, "lab", sizeof a.reason);
		snprintf(a.note, sizeof a.note, "%s: %s", hold ?
		    "active -> hold" : "hold -> active",
		    pass ? "lab result passed" : why);
		strlcpy(a.from, pk->location, sizeof a.from);
		a.staff = staff;
		strlcpy(a.terminal, terminal != NULL ? terminal : "",
		    sizeof a.terminal);
		store_adjust_add(t, &a);
	}
	audit_append(t, staff, 0, terminal, "package.lab", tag,
	    "status=%s thc=%d cbd=%d lab=%s tested=%d expires=%d cert=%s "
	    "package=%s was=%s", store_package_lab_name(lab->status),
	    lab->thc, lab->cbd, lab->lab, lab->tested, lab->expires,
	    lab->cert, hold ? "hold" : store_package_status_name(pk->status),
	    store_package_lab_name(old.lab.status));
	return (t->ret != 0 ? intake_store_err(t, cause) : INTAKE_OK);
}

/*
 * Every manifest in number order, until cb returns non-zero. -1 if the
 * walk failed (t->ret says why).
 */
int
intake_manifest_walk(struct store_txn *t,
    int (*cb)(const struct manifest *, void *), void *arg)
{
	struct store_iter	it;
	struct manifest		m;

	store_iter_init(t, &it, DB_MANIFEST, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_manifest_decode(it.val, it.vlen, &m) != 0) {
			store_fail(t, STORE_CORRUPT, "a manifest record is "
			    "damaged");
			break;
		}
		if (cb(&m, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * A manifest's lines in tag order, until cb returns non-zero. -1 if the
 * walk failed (t->ret says why).
 */
int
intake_line_walk(struct store_txn *t, const char *number,
    int (*cb)(const struct manifest_line *, void *), void *arg)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct manifest_line	 l;

	store_manifest_line_prefix(&k, number);
	store_iter_init(t, &it, DB_MANIFEST_LINE, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		if (store_manifest_line_decode(it.val, it.vlen, &l) != 0) {
			store_fail(t, STORE_CORRUPT, "manifest %s: a line is "
			    "damaged", number);
			break;
		}
		if (cb(&l, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Lines with a discrepancy, on manifests created between q->from and
 * q->to, a page at a time: manifests in descending number, starting below
 * q->before (NULL: the last). A manifest is never split across pages (so a
 * page may hold more than q->limit lines by the rest of one manifest); no
 * new manifest is started once q->limit lines are given or q->scan lines
 * have been examined, and next (nextlen bytes) then names the last
 * manifest examined; else next is empty. cb is given each line with its
 * manifest. Returns how many lines, or -1 on a store error.
 */
int
intake_discrepancies(struct store_txn *t, const struct intake_disc_query *q,
    void (*cb)(const struct manifest_line *, const struct manifest *, void *),
    void *arg, char *next, size_t nextlen)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct manifest		 m;
	struct manifest_line	 l;
	char			 cur[MANIFEST_MAX + 1];
	u_int			 scanned = 0, n = 0;
	int			 skip = 0;

	m.number[0] = cur[0] = next[0] = '\0';
	store_iter_init(t, &it, DB_MANIFEST_LINE, NULL, 0, 1);
	if (q->before != NULL) {
		store_manifest_line_prefix(&k, q->before);
		store_iter_before(&it, k.data, k.len);
	}
	while (store_iter_next(&it)) {
		if (store_manifest_line_decode(it.val, it.vlen, &l) != 0) {
			store_fail(t, STORE_CORRUPT, "a manifest line is "
			    "damaged");
			break;
		}
		if (strcmp(cur, l.manifest) != 0) {
			/* cur is done: start the next manifest or stop. */
			if (cur[0] != '\0' && (n >= q->limit ||
			    scanned >= q->scan)) {
				strlcpy(next, cur, nextlen);
				break;
			}
			strlcpy(cur, l.manifest, sizeof cur);
			skip = 0;
		}
		scanned++;
		if (l.disc == DISC_NONE || skip)
			continue;
		if (strcmp(m.number, l.manifest) != 0 &&
		    store_manifest_get(t, l.manifest, &m) != 0)
			break;
		if (m.created < q->from || m.created > q->to) {
			skip = 1;
			continue;
		}
		cb(&l, &m, arg);
		n++;
	}
	return (store_iter_count(&it, n));
}

struct intake_tally_walk {
	struct intake_tally	*it;
	int			(*cb)(const struct manifest_line *, void *);
	void			*arg;
};

static int
intake_tally_line(const struct manifest_line *l, void *arg)
{
	struct intake_tally_walk	*w = arg;

	w->it->packages++;
	w->it->pending += l->state == LINE_PENDING;
	w->it->discrepancies += l->disc != DISC_NONE;
	return (w->cb != NULL ? w->cb(l, w->arg) : 0);
}

/*
 * A manifest's tally as the intake ops and stashctl show it: how many
 * packages, how many still pending, how many with a discrepancy; cb (may
 * be NULL) is given each line on the way, as intake_line_walk's. -1 if the
 * walk failed (t->ret says why).
 */
int
intake_manifest_tally(struct store_txn *t, const char *number,
    struct intake_tally *it, int (*cb)(const struct manifest_line *, void *),
    void *arg)
{
	struct intake_tally_walk	w;

	memset(it, 0, sizeof *it);
	w.it = it;
	w.cb = cb;
	w.arg = arg;
	return (intake_line_walk(t, number, intake_tally_line, &w));
}
