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

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake.h"

/*
 * Stock counts. A count takes a snapshot of what the ledger expects in its
 * scope (a location, a category, or everything), staff record what they
 * find, and the report shows the variance per package. A blind count does
 * not show the expected quantities until it is finished. Finishing with
 * adjust writes one "count" adjustment per variance, in the same
 * transaction, through inventory_adjust.
 *
 * The variance is counted minus the snapshot; the adjustment applies that
 * difference to what is on hand when the count finishes, so sales made
 * while counting are not counted twice.
 */

static enum intake_err
count_store_err(struct store_txn *t, char **cause)
{
	xasprintf(cause, "%s", store_strerror(t->ret != 0 ? t->ret :
	    STORE_ERROR));
	return (INTAKE_E_STORE);
}

static enum intake_err
count_open(struct store_txn *t, uint64_t id, struct count *cn, char **cause)
{
	int	r;

	r = store_count_get(t, id, cn);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no count %llu", (unsigned long long)id);
		return (INTAKE_E_NOTFOUND);
	}
	if (r != 0)
		return (count_store_err(t, cause));
	if (cn->status != COUNT_OPEN) {
		xasprintf(cause, "count %llu is finished",
		    (unsigned long long)id);
		return (INTAKE_E_CONFLICT);
	}
	return (INTAKE_OK);
}

/*
 * The most packages one count may snapshot. A store with 50,000 packages
 * does not count them in one session: it counts a location or a category
 * at a time (a cycle count), and 5,000 lines is more than a crew counts in
 * a day. So a count is capped, and a scope over the cap is refused with
 * what to narrow; the cap also bounds count_create's transaction and
 * count.report and count.finish, which walk the count's lines.
 *
 * Finding the scope is a walk of the whole package table (there is no
 * index by location), so it is not done in one go: count_scan examines at
 * most a step of packages per call, each call in its own short read
 * transaction (stashd makes one call per pass of its loop, so other
 * terminals are served in between), and remembers where it stopped. Only
 * then does count_create, in one write transaction, read each package of
 * the scope again and snapshot what is expected of it: the snapshot is a
 * single moment, and a count is either there whole or not at all. A
 * package that came into the scope during the walk is not in the count
 * (count.record adds it when it is found); one that left it is dropped.
 */
#define COUNT_MAX_LINES		5000

/* Why a scope is too big, and how to narrow it. */
static void
count_too_big(const char *location, const char *category, char **cause)
{
	if (location == NULL && category == NULL)
		xasprintf(cause, "a count takes at most %d packages and the "
		    "store has more: count a location (floor, vault, express, "
		    "quarantine) or a category at a time", COUNT_MAX_LINES);
	else if (category == NULL)
		xasprintf(cause, "a count takes at most %d packages and the %s "
		    "has more: count it a category at a time (location and "
		    "category together)", COUNT_MAX_LINES, location);
	else if (location == NULL)
		xasprintf(cause, "a count takes at most %d packages and "
		    "category %s has more: count it a location at a time "
		    "(location and category together)", COUNT_MAX_LINES,
		    category);
	else
		xasprintf(cause, "a count takes at most %d packages and "
		    "category %s in the %s has more: there is no narrower "
		    "scope, so correct these packages one at a time "
		    "(package.adjust, reason count)", COUNT_MAX_LINES,
		    category, location);
}

/* Is a package in the scope, with stock? 1 or 0, -1 on a store error. */
static int
count_in_scope(struct store_txn *t, const struct count_scan *sc,
    const struct package *pk)
{
	struct product	p;

	if (pk->status == PACKAGE_FINISHED || pk->qty <= 0)
		return (0);
	if (sc->location != NULL && strcmp(pk->location, sc->location) != 0)
		return (0);
	if (sc->category != NULL) {
		if (store_product_get(t, pk->product, &p) != 0)
			return (-1);
		if (strcmp(p.category, sc->category) != 0)
			return (0);
	}
	return (1);
}

/*
 * The next step of the walk for a count's scope: at most step packages
 * examined, those in the scope added to sc->tags; sc->done set when the
 * table is walked. A scope over the cap is refused (INTAKE_E_INVALID).
 */
enum intake_err
count_scan(struct store_txn *t, struct count_scan *sc, u_int step,
    char **cause)
{
	struct store_iter	it;
	struct package		pk;
	u_int			seen = 0;
	int			r;

	if (sc->location != NULL && !inventory_location_valid(sc->location)) {
		xasprintf(cause, "unknown location \"%s\" (floor, vault, "
		    "express, quarantine or vehicle:NAME)", sc->location);
		return (INTAKE_E_INVALID);
	}
	store_iter_init(t, &it, DB_PACKAGE, NULL, 0, 1);
	if (sc->afterlen != 0)
		store_iter_before(&it, sc->after, sc->afterlen);
	while (seen < step) {
		if (!store_iter_next(&it)) {
			sc->done = 1;
			break;
		}
		seen++;
		if (store_iter_keep(&it, sc->after, sizeof sc->after,
		    &sc->afterlen, "package") != 0)
			break;
		if (store_package_decode(it.val, it.vlen, &pk) != 0) {
			store_fail(t, STORE_CORRUPT, "a package record is "
			    "damaged");
			break;
		}
		if ((r = count_in_scope(t, sc, &pk)) < 0)
			break;
		if (r == 0)
			continue;
		if (sc->ntags == COUNT_MAX_LINES) {
			store_iter_done(&it);
			count_too_big(sc->location, sc->category, cause);
			return (INTAKE_E_INVALID);
		}
		if (sc->ntags % 256 == 0)
			sc->tags = xreallocarray(sc->tags, sc->ntags + 256,
			    sizeof *sc->tags);
		strlcpy(sc->tags[sc->ntags++], pk.tag, sizeof *sc->tags);
	}
	store_iter_done(&it);
	if (t->ret != 0)
		return (count_store_err(t, cause));
	return (INTAKE_OK);
}

void
count_scan_free(struct count_scan *sc)
{
	free(sc->tags);
	sc->tags = NULL;
	sc->ntags = 0;
}

/*
 * A count of the scope a finished walk found, in one write transaction:
 * each package is read again and what is expected of it snapshotted.
 */
enum intake_err
count_create(struct store_txn *t, const struct count_scan *sc, int blind,
    uint32_t staff, const char *terminal, struct count *cn, u_int *nlines,
    char **cause)
{
	struct package		pk;
	struct count_line	l;
	char			subj[40];
	u_int			i;
	int			r;

	*nlines = 0;
	memset(cn, 0, sizeof *cn);
	cn->id = store_count_next_id(t);
	cn->started = util_now();
	cn->status = COUNT_OPEN;
	cn->blind = blind;
	cn->staff = staff;
	if (sc->location != NULL)
		strlcpy(cn->location, sc->location, sizeof cn->location);
	if (sc->category != NULL)
		strlcpy(cn->category, sc->category, sizeof cn->category);

	for (i = 0; i < sc->ntags && t->ret == 0; i++) {
		r = store_package_get(t, sc->tags[i], &pk);
		if (r == STORE_NOTFOUND)
			continue;
		if (r != 0 || (r = count_in_scope(t, sc, &pk)) < 0)
			break;
		if (r == 0)
			continue;
		memset(&l, 0, sizeof l);
		l.count = cn->id;
		strlcpy(l.tag, pk.tag, sizeof l.tag);
		l.expected = pk.qty;
		store_count_line_put(t, &l);
		(*nlines)++;
	}
	if (t->ret != 0 || i != sc->ntags)
		return (count_store_err(t, cause));
	if (*nlines == 0) {
		xasprintf(cause, "nothing to count: no stock %s%s%s%s",
		    sc->location != NULL ? "in the " : "", sc->location != NULL ?
		    sc->location : "", sc->category != NULL ? " of category " :
		    "", sc->category != NULL ? sc->category : "");
		return (INTAKE_E_NOTFOUND);
	}
	store_count_put(t, cn);
	snprintf(subj, sizeof subj, "count %llu", (unsigned long long)cn->id);
	audit_append(t, staff, 0, terminal, "count.start", subj,
	    "location=%s category=%s blind=%s packages=%u",
	    sc->location != NULL ? sc->location : "all",
	    sc->category != NULL ? sc->category : "all", blind ? "yes" : "no",
	    *nlines);
	return (t->ret != 0 ? count_store_err(t, cause) : INTAKE_OK);
}

/* The whole walk and the count in one transaction (stashctl, tests). */
enum intake_err
count_start(struct store_txn *t, const char *location, const char *category,
    int blind, uint32_t staff, const char *terminal, struct count *cn,
    u_int *nlines, char **cause)
{
	struct count_scan	sc;
	enum intake_err		e;

	*nlines = 0;
	memset(&sc, 0, sizeof sc);
	sc.location = location;
	sc.category = category;
	while (!sc.done) {
		if ((e = count_scan(t, &sc, UINT_MAX, cause)) != INTAKE_OK) {
			count_scan_free(&sc);
			return (e);
		}
	}
	e = count_create(t, &sc, blind, staff, terminal, cn, nlines, cause);
	count_scan_free(&sc);
	return (e);
}

/* What was found of one package; counting it again replaces the figure. */
enum intake_err
count_record(struct store_txn *t, uint64_t id, const char *tag, int64_t qty,
    uint32_t staff, const char *terminal, struct count_line *l, char **cause)
{
	struct count	cn;
	struct package	pk;
	char		subj[40];
	enum intake_err	e;
	int		r;

	if ((e = count_open(t, id, &cn, cause)) != INTAKE_OK)
		return (e);
	if (qty < 0) {
		xasprintf(cause, "a counted quantity cannot be negative");
		return (INTAKE_E_INVALID);
	}
	r = store_count_line_get(t, id, tag, l);
	if (r == STORE_NOTFOUND) {
		/* Found where the count did not expect it. */
		r = store_package_get(t, tag, &pk);
		if (r == STORE_NOTFOUND) {
			xasprintf(cause, "no package with tag %s in this "
			    "store", tag);
			return (INTAKE_E_NOTFOUND);
		}
		if (r != 0)
			return (count_store_err(t, cause));
		memset(l, 0, sizeof *l);
		l->count = id;
		strlcpy(l->tag, tag, sizeof l->tag);
		l->expected = pk.qty;
	} else if (r != 0)
		return (count_store_err(t, cause));
	l->counted = qty;
	l->recorded = 1;
	l->staff = staff;
	store_count_line_put(t, l);
	snprintf(subj, sizeof subj, "count %llu", (unsigned long long)id);
	audit_append(t, staff, 0, terminal, "count.record", subj,
	    "tag=%s counted=%lld", tag, (long long)qty);
	return (t->ret != 0 ? count_store_err(t, cause) : INTAKE_OK);
}

static int
count_lines(struct store_txn *t, uint64_t id, struct count_line **out,
    u_int *n)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct count_line	*lines = NULL;
	u_int			 alloc = 0;

	*n = 0;
	store_key_init(&k);
	store_key_u64(&k, id);
	store_iter_init(t, &it, DB_COUNT_LINE, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		if (*n == alloc) {
			alloc = alloc == 0 ? 64 : alloc * 2;
			lines = xreallocarray(lines, alloc, sizeof *lines);
		}
		if (store_count_line_decode(it.val, it.vlen,
		    &lines[*n]) != 0) {
			store_fail(t, STORE_CORRUPT, "count %llu: a line is "
			    "damaged", (unsigned long long)id);
			break;
		}
		(*n)++;
	}
	store_iter_done(&it);
	*out = lines;
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Finish a count; with adjust, every variance of a counted package becomes
 * a "count" adjustment. Packages never counted are left as they are.
 */
enum intake_err
count_finish(struct store_txn *t, uint64_t id, int adjust, uint32_t staff,
    const char *terminal, u_int *adjusted, char **cause)
{
	struct count		 cn;
	struct count_line	*lines = NULL, *l;
	struct package		 pk;
	char			 subj[40], note[64], *why = NULL;
	enum intake_err		 e;
	u_int			 n, i, uncounted = 0;

	*adjusted = 0;
	if ((e = count_open(t, id, &cn, cause)) != INTAKE_OK)
		return (e);
	if (count_lines(t, id, &lines, &n) != 0) {
		free(lines);
		return (count_store_err(t, cause));
	}
	snprintf(note, sizeof note, "count %llu", (unsigned long long)id);
	for (i = 0; i < n; i++) {
		l = &lines[i];
		if (!l->recorded) {
			uncounted++;
			continue;
		}
		if (!adjust || l->counted == l->expected)
			continue;
		if (inventory_adjust(t, l->tag, l->counted - l->expected,
		    "count", note, staff, 0, terminal, &pk, &why) != 0) {
			free(lines);
			if (t->ret != 0) {
				free(why);
				return (count_store_err(t, cause));
			}
			xasprintf(cause, "count %llu cannot be applied: %s",
			    (unsigned long long)id, why);
			free(why);
			return (INTAKE_E_CONFLICT);
		}
		l->adjust = store_last_u64(t, DB_ADJUST);
		store_count_line_put(t, l);
		(*adjusted)++;
	}
	free(lines);
	cn.status = COUNT_FINISHED;
	cn.finished = util_now();
	cn.adjusted = adjust;
	store_count_put(t, &cn);
	snprintf(subj, sizeof subj, "count %llu", (unsigned long long)id);
	audit_append(t, staff, 0, terminal, "count.finish", subj,
	    "adjust=%s adjustments=%u uncounted=%u", adjust ? "yes" : "no",
	    *adjusted, uncounted);
	return (t->ret != 0 ? count_store_err(t, cause) : INTAKE_OK);
}

/*
 * The variance report: cb is given each line with its package (NULL if it
 * is gone), and *ct the tally. While a blind count is open (ct->hide) the
 * expected figures and the variances are not to be shown. -1 if the ledger
 * failed (t->ret says why).
 */
int
count_report(struct store_txn *t, const struct count *cn,
    struct count_tally *ct, void (*cb)(const struct count_line *,
    const struct package *, void *), void *arg)
{
	struct count_line	*lines = NULL, *l;
	struct package		 pk;
	u_int			 n, i;

	memset(ct, 0, sizeof *ct);
	ct->hide = cn->blind && cn->status == COUNT_OPEN;
	if (count_lines(t, cn->id, &lines, &n) != 0) {
		free(lines);
		return (-1);
	}
	ct->packages = n;
	for (i = 0; i < n; i++) {
		l = &lines[i];
		if (l->recorded) {
			ct->counted++;
			if (l->counted != l->expected)
				ct->variances++;
		}
		cb(l, store_package_get(t, l->tag, &pk) == 0 ? &pk : NULL,
		    arg);
	}
	free(lines);
	return (0);
}
