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

#include "unit.h"

#include "stash.h"
#include "store.h"
#include "ccrs.h"
#include "metrc-payload.h"
#include "state-system.h"

/*
 * state-system.c: each adapter's result entry, found by its state-system
 * name as the drains find it, given representative answers: done with the
 * state's id, retry (and why: a lookup found nothing, a batch, the keys,
 * the session), rejected with words a person can act on, or unknown.
 */

static const struct state_system *
sys(const char *name)
{
	const struct state_system	*s;

	s = state_system_find(name);
	assert_non_null(s);
	assert_string_equal(s->name, name);
	assert_non_null(s->lookup);
	return (s);
}

/* A whole answer (BioTrack): send, or lookup of an uncertain send. */
static void
whole(const char *name, int lookup, long status, const char *body,
    struct state_result *r)
{
	struct state_answer	a;

	memset(&a, 0, sizeof a);
	memset(r, 0xa5, sizeof *r);
	a.lookup = lookup;
	a.status = status;
	a.body = body;
	a.len = body != NULL ? strlen(body) : 0;
	sys(name)->result(&a, r);
}

/* A drain's reading (Metrc, CCRS). */
static void
read_as(const char *name, int lookup, int code, int64_t id, int64_t delay,
    const char *text, struct state_result *r)
{
	struct state_answer	a;

	memset(&a, 0, sizeof a);
	memset(r, 0xa5, sizeof *r);
	a.lookup = lookup;
	a.code = code;
	a.id = id;
	a.delay = delay;
	a.text = text;
	sys(name)->result(&a, r);
}

static void
test_table(void **state)
{
	const struct state_system	*s;

	sys("metrc");
	sys("biotrack");
	sys("biotrack-v2024");
	sys("ccrs");
	s = sys("none");
	assert_null(s->result);		/* nothing is sent */
	assert_null(state_system_find("leaf"));
	assert_null(state_system_find(""));
	assert_non_null(strstr(state_system_names(), "biotrack-v2024"));
}

static void
test_metrc(void **state)
{
	struct state_result	r;

	read_as("metrc", 0, MO_DONE, 9001, -1, "", &r);
	assert_int_equal(r.outcome, STATE_DONE);
	assert_int_equal(r.id, 9001);
	assert_int_equal(r.flags, 0);
	/* A delivery created (or a void's receipt found): the next step. */
	read_as("metrc", 0, MO_FOUND, 77, -1, "", &r);
	assert_int_equal(r.outcome, STATE_DONE);
	assert_int_equal(r.id, 77);
	assert_int_equal(r.flags, STATE_F_STEP);
	read_as("metrc", 0, MO_AMBIGUOUS, 0, -1, "no answer from the state "
	    "system: timeout", &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	assert_int_equal(r.delay, -1);
	assert_string_equal(r.reason, "no answer from the state system: "
	    "timeout");
	read_as("metrc", 1, MO_LOOKUP_RETRY, 0, 30000000, "", &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	assert_int_equal(r.delay, 30000000);
	/* A 429's Retry-After is the wait. */
	read_as("metrc", 0, MO_RETRY, 0, 2000000, "", &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	assert_int_equal(r.delay, 2000000);
	assert_int_equal(r.flags, 0);
	read_as("metrc", 1, MO_NOTFOUND, 0, -1, "", &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	assert_int_equal(r.flags, STATE_F_ABSENT);
	assert_int_equal(r.delay, 0);
	read_as("metrc", 0, MO_SOLO, 0, -1, "HTTP 400", &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	assert_int_equal(r.flags, STATE_F_ALONE);
	read_as("metrc", 0, MO_BROKEN, 0, -1, "HTTP 401", &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	assert_int_equal(r.flags, STATE_F_HOLD);
	read_as("metrc", 0, MO_EXCEPTION, 0, -1, "HTTP 400: Package "
	    "1A4FF0100000022000000123 is not active", &r);
	assert_int_equal(r.outcome, STATE_REJECTED);
	assert_non_null(strstr(r.reason, "is not active"));
}

static void
test_biotrack(void **state)
{
	struct state_result	r;

	whole("biotrack", 0, 200, "{\"success\":1,\"transactionid\":4410}",
	    &r);
	assert_int_equal(r.outcome, STATE_DONE);
	assert_int_equal(r.id, 4410);
	assert_int_equal(r.flags, 0);
	/* Refused for the session: not applied; log in, send again. */
	whole("biotrack", 0, 200, "{\"success\":0,\"error\":\"Your session "
	    "has expired.\",\"errorcode\":63}", &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	assert_int_equal(r.flags, STATE_F_SESSION);
	whole("biotrack", 0, 200, "{\"success\":0,\"error\":\"Invalid "
	    "barcode for this location\",\"errorcode\":\"602\"}", &r);
	assert_int_equal(r.outcome, STATE_REJECTED);
	assert_non_null(strstr(r.reason, "602"));
	assert_non_null(strstr(r.reason, "Invalid barcode"));
	/* No answer, a 5xx, a body that is none: it may have been applied. */
	whole("biotrack", 0, 0, NULL, &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	assert_non_null(strstr(r.reason, "no answer"));
	whole("biotrack", 0, 500, "{\"success\":1,\"transactionid\":1}", &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	whole("biotrack", 0, 200, "<html>busy</html>", &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);

	/* nonce_replay: the first answer settles it. */
	whole("biotrack", 1, 200, "{\"success\":1,\"transactionid\":4411}",
	    &r);
	assert_int_equal(r.outcome, STATE_DONE);
	assert_int_equal(r.id, 4411);
	whole("biotrack", 1, 200, "{\"success\":0,\"error\":\"Nonce not "
	    "found.\",\"errorcode\":\"602\"}", &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	assert_int_equal(r.flags, STATE_F_ABSENT);
	/* A send's "nonce not found" is no lookup's: refused. */
	whole("biotrack", 0, 200, "{\"success\":0,\"error\":\"Nonce not "
	    "found.\",\"errorcode\":\"602\"}", &r);
	assert_int_equal(r.outcome, STATE_REJECTED);
	/* A replay refused for the session: still unknown. */
	whole("biotrack", 1, 200, "{\"success\":0,\"error\":\"Your session "
	    "has expired.\",\"errorcode\":63}", &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	assert_int_equal(r.flags, STATE_F_SESSION);
	whole("biotrack", 1, 503, "", &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	assert_int_equal(r.flags, 0);
}

static void
test_biotrack24(void **state)
{
	struct state_result	r;

	whole("biotrack-v2024", 0, 201, "{\"TransactionID\":4242}", &r);
	assert_int_equal(r.outcome, STATE_DONE);
	assert_int_equal(r.id, 4242);
	whole("biotrack-v2024", 0, 401, "{\"Message\":\"expired\"}", &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	assert_int_equal(r.flags, STATE_F_SESSION);
	whole("biotrack-v2024", 0, 422, "{\"Message\":\"A sale needs an "
	    "Item.\"}", &r);
	assert_int_equal(r.outcome, STATE_REJECTED);
	assert_non_null(strstr(r.reason, "A sale needs an Item."));
	whole("biotrack-v2024", 0, 503, "", &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	whole("biotrack-v2024", 0, 0, NULL, &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	whole("biotrack-v2024", 0, 200, "<html>", &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);

	/* A lookup by our reference. */
	whole("biotrack-v2024", 1, 200, "{\"Data\":[{\"TransactionID\":"
	    "88}]}", &r);
	assert_int_equal(r.outcome, STATE_DONE);
	assert_int_equal(r.id, 88);
	whole("biotrack-v2024", 1, 200, "{\"Data\":[]}", &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	assert_int_equal(r.flags, STATE_F_ABSENT);
	whole("biotrack-v2024", 1, 200, "{\"Deleted\":true}", &r);
	assert_int_equal(r.outcome, STATE_DONE);
	whole("biotrack-v2024", 1, 200, "{\"Deleted\":false}", &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	/* Neither yes nor no, a refusal, a 401: still unknown. */
	whole("biotrack-v2024", 1, 200, "{\"Other\":1}", &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	whole("biotrack-v2024", 1, 404, "{\"Message\":\"no\"}", &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	whole("biotrack-v2024", 1, 401, "{}", &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	assert_int_equal(r.flags, STATE_F_SESSION);
}

static void
test_ccrs(void **state)
{
	struct state_result	r;

	read_as("ccrs", 0, CCRS_EXISTS, 0, -1, "", &r);
	assert_int_equal(r.outcome, STATE_DONE);
	/* The state's words, classified by the entry. */
	read_as("ccrs", 0, 0, 0, -1, "Duplicate Sale for Licensee", &r);
	assert_int_equal(r.outcome, STATE_DONE);
	read_as("ccrs", 0, 0, 0, -1, "ExternalIdentifier not found", &r);
	assert_int_equal(r.outcome, STATE_RETRY);
	assert_int_equal(r.flags, STATE_F_ABSENT);
	read_as("ccrs", 0, 0, 0, -1, "LicenseNumber is not assigned to "
	    "Integrator", &r);
	assert_int_equal(r.outcome, STATE_REJECTED);
	assert_non_null(strstr(r.reason, "assign the integrator"));
	read_as("ccrs", 0, CCRS_INVALID, 0, -1, "Invalid "
	    "InventoryExternalIdentifier", &r);
	assert_int_equal(r.outcome, STATE_REJECTED);
	assert_non_null(strstr(r.reason, "Invalid InventoryExternal"));
	/* No answer yet. */
	read_as("ccrs", 0, 0, 0, -1, NULL, &r);
	assert_int_equal(r.outcome, STATE_UNKNOWN);
	assert_string_equal(r.reason, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_metrc),
		cmocka_unit_test(test_biotrack),
		cmocka_unit_test(test_biotrack24),
		cmocka_unit_test(test_ccrs),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-state-adapter", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("state-adapter", tests, NULL,
	    NULL));
}
