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

#include <string.h>

#include "biotrack-payload.h"
#include "biotrack24-payload.h"
#include "ccrs.h"
#include "metrc-payload.h"
#include "state-system.h"

/*
 * The state systems' answer readers, one a system, each making what its
 * system said one struct state_result (outbox.h) for the drain to act on:
 * done with the state's id, retry (not applied), rejected with words a
 * person can act on, or unknown (it may have been applied: look it up
 * first). The request builders are each system's own (metrc-payload.c,
 * biotrack-payload.c, biotrack24-payload.c, ccrs.c); so is what a drain
 * knows of its requests.
 */

static void	state_metrc_result(const struct state_answer *,
		    struct state_result *);
static void	state_biotrack_result(const struct state_answer *,
		    struct state_result *);
static void	state_biotrack24_result(const struct state_answer *,
		    struct state_result *);
static void	state_ccrs_result(const struct state_answer *,
		    struct state_result *);

static const struct state_system state_systems[] = {
	{ "metrc",
	  "GET .../receipts/external/{ExternalReceiptNumber}; adjustments "
	  "by our reference in ReasonNote; deliveries by what comes back "
	  "unchanged",
	  state_metrc_result, OUTBOX_LIVE_S, 0,
	  "metrc-last-contact", "metrc-broken", "metrc-broken-why" },
	{ "biotrack",
	  "nonce_replay of the request's nonce (our reference and the "
	  "attempt), kept in the job before it was sent",
	  state_biotrack_result, OUTBOX_LIVE_S, 0,
	  "biotrack-last-contact", "biotrack-broken",
	  "biotrack-broken-why" },
	{ "biotrack-v2024",
	  "GET /v1/sale?ExternalID= (a sale, a refund) or "
	  "/v1/inventory/adjustment?ExternalID= (an adjustment, a "
	  "destruction's two steps) by our reference, sent as RequestID and "
	  "ExternalID; a void by its sale; a transfer's receipt by the "
	  "transfer; a move, which cannot be looked up, is sent again as it "
	  "is (it sets the room)",
	  state_biotrack24_result, OUTBOX_LIVE_S, 0,
	  "biotrack24-last-contact", "biotrack24-broken",
	  "biotrack24-broken-why" },
	{ "ccrs",
	  "none: CCRS has no API; an uploaded file's rows wait for the "
	  "state's e-mail (stashctl compliance ccrs results)",
	  state_ccrs_result, CCRS_WEEK, CCRS_WEEK, NULL, NULL, NULL },
	{ "none", "none: nothing is sent", NULL, OUTBOX_LIVE_S, 0, NULL, NULL,
	  NULL },
};
#define STATE_NSYSTEMS	(sizeof state_systems / sizeof *state_systems)

/*
 * In a table of n entries of size bytes each, every one beginning with
 * its name (const char *), the one named name, or NULL: this table's and
 * stashd's (state-adapter.c).
 */
const void *
state_table_find(const void *table, size_t n, size_t size, const char *name)
{
	const char	*p = table;
	size_t		 i;

	for (i = 0; i < n; i++, p += size) {
		if (strcmp(*(const char *const *)p, name) == 0)
			return (p);
	}
	return (NULL);
}

/* A state system by its state-system name, or NULL. */
const struct state_system *
state_system_find(const char *name)
{
	return (state_table_find(state_systems, STATE_NSYSTEMS,
	    sizeof *state_systems, name));
}

/*
 * The state system a store reports to, for what reads the ledger without
 * stash.conf (stashctl, the reports): the one stashd last ran
 * (state_record), else CCRS if files were written, else Metrc.
 */
const struct state_system *
state_system_of(struct store_txn *t)
{
	const struct state_system	*s;
	char				 name[32];

	if (store_meta_get_str(t, "state-system", name, sizeof name) == 0 &&
	    (s = state_system_find(name)) != NULL)
		return (s);
	if (store_meta_get_i64(t, "ccrs-last-export") != 0)
		return (state_system_find("ccrs"));
	return (state_system_find("metrc"));
}

/* s's reporting deadline in seconds; dflt where it has none of its own. */
int64_t
state_system_deadline(const struct state_system *s, int64_t dflt)
{
	return (s != NULL && s->deadline != 0 ? s->deadline : dflt);
}

const char *
state_system_names(void)
{
	return ("metrc, biotrack, biotrack-v2024, ccrs or none");
}

/*
 * Metrc: the drain's reading (metrc.c: metrc_done). Found by a lookup or
 * created as a first step, done with the step's id and the next step due;
 * ambiguous, or a lookup that failed: unknown (looked up, again, later);
 * looked up and not there: sent again now; a batch refused: each alone;
 * the keys refused: everything held; refused: a person looks.
 */
static void
state_metrc_result(const struct state_answer *a, struct state_result *r)
{
	const char	*msg = a->text;

	switch (a->code) {
	case MO_DONE:
		state_result_set(r, STATE_DONE, a->id, msg);
		break;
	case MO_FOUND:
		state_result_set(r, STATE_DONE, a->id, msg);
		r->flags = STATE_F_STEP;
		break;
	case MO_AMBIGUOUS:
	case MO_LOOKUP_RETRY:
		state_result_set(r, STATE_UNKNOWN, a->id, msg);
		break;
	case MO_EXCEPTION:
		state_result_set(r, STATE_REJECTED, a->id, msg);
		break;
	case MO_NOTFOUND:
		state_result_set(r, STATE_RETRY, a->id, msg);
		r->flags = STATE_F_ABSENT;
		r->delay = 0;
		break;
	case MO_SOLO:
		state_result_set(r, STATE_RETRY, a->id, msg);
		r->flags = STATE_F_ALONE;
		r->delay = 0;
		break;
	case MO_BROKEN:
		state_result_set(r, STATE_RETRY, a->id, msg);
		r->flags = STATE_F_HOLD;
		break;
	default:	/* MO_RETRY */
		state_result_set(r, STATE_RETRY, a->id, msg);
		break;
	}
	if (r->delay == -1)
		r->delay = a->delay;
}

/*
 * BioTrack's legacy API, a whole answer (biotrack_result). A replay of a
 * nonce BioTrack never saw: not applied, sent again; a replay refused
 * for the session: still unknown, asked again after a login.
 */
static void
state_biotrack_result(const struct state_answer *a, struct state_result *r)
{
	struct biotrack_answer	ba;
	int			parsed;

	parsed = a->status != 0 && biotrack_answer(a->body, a->len, &ba) == 0;
	if (!parsed)
		memset(&ba, 0, sizeof ba);
	biotrack_result(a->status, parsed, &ba, r);
	if (a->status != 200 || !parsed || ba.success)
		return;
	if (ba.expired) {
		if (a->lookup)
			r->outcome = STATE_UNKNOWN;
		r->flags |= STATE_F_SESSION;
	} else if (a->lookup && ba.unknown_nonce) {
		state_result_set(r, STATE_RETRY, 0, "BioTrack never saw the "
		    "request's nonce: not applied, sent again");
		r->flags = STATE_F_ABSENT;
		r->delay = 0;
	}
}

/*
 * BioTrack v2024, a whole answer (biotrack24_result). A lookup: found,
 * done with the state's transaction; not there, sent again; anything
 * else, still unknown.
 */
static void
state_biotrack24_result(const struct state_answer *a, struct state_result *r)
{
	struct biotrack24_answer	ba;

	if (biotrack24_answer(a->status, a->body, a->len, &ba) != 0)
		ba.parsed = 0;
	biotrack24_result(&ba, r);
	if (r->outcome == STATE_RETRY)
		r->flags |= STATE_F_SESSION;	/* 401: the token expired */
	if (!a->lookup)
		return;
	if (r->outcome != STATE_DONE) {
		r->outcome = STATE_UNKNOWN;
		return;
	}
	if (ba.found == -1) {
		state_result_set(r, STATE_RETRY, 0, "BioTrack has no record "
		    "of it: not applied, sent again");
		r->flags = STATE_F_ABSENT;
		r->delay = 0;
	} else if (ba.found != 1)
		state_result_set(r, STATE_UNKNOWN, 0, "BioTrack's lookup "
		    "answer says neither yes nor no");
}

/*
 * CCRS: a row of the state's answer, its class (or its words, classified
 * here) as ccrs_result says. Not found at the state: written again.
 */
static void
state_ccrs_result(const struct state_answer *a, struct state_result *r)
{
	const char	*msg = a->text != NULL ? a->text : "";
	int		 cls = a->code;

	if (cls == 0 && *msg != '\0')
		cls = ccrs_classify(msg);
	ccrs_result(cls, a->id, msg, r);
	if (cls == CCRS_MISSING)
		r->flags = STATE_F_ABSENT;
}
