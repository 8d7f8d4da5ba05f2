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

#define ANY	INT64_C(-99)		/* not checked */

/*
 * An answer and the result it must make: a whole one (BioTrack: status
 * and body) or a drain's reading (Metrc, CCRS: code, id, delay, text).
 */
struct answer_case {
	const char		*sys;
	int			 lookup;
	long			 status;
	const char		*body;
	int			 code;
	int64_t			 id;
	int64_t			 delay;
	const char		*text;
	enum state_outcome	 outcome;
	int			 flags;
	int64_t			 want_id;	/* ANY: not checked */
	int64_t			 want_delay;	/* ANY: not checked */
	const char		*words;		/* in the reason; NULL: any */
};

static void
run_cases(const struct answer_case *c, size_t n)
{
	struct state_answer	a;
	struct state_result	r;
	size_t			i;

	for (i = 0; i < n; i++, c++) {
		memset(&a, 0, sizeof a);
		memset(&r, 0xa5, sizeof r);
		a.lookup = c->lookup;
		a.status = c->status;
		a.body = c->body;
		a.len = c->body != NULL ? strlen(c->body) : 0;
		a.code = c->code;
		a.id = c->id;
		a.delay = c->delay;
		a.text = c->text;
		sys(c->sys)->result(&a, &r);
		if (r.outcome != c->outcome || r.flags != c->flags ||
		    (c->want_id != ANY && r.id != c->want_id) ||
		    (c->want_delay != ANY && r.delay != c->want_delay) ||
		    (c->words != NULL && strstr(r.reason, c->words) == NULL))
			fail_msg("%s case %zu: outcome %d flags %#x id %lld "
			    "delay %lld reason \"%s\"", c->sys, i, r.outcome,
			    r.flags, (long long)r.id, (long long)r.delay,
			    r.reason);
	}
}
#define RUN(cases)	run_cases(cases, sizeof cases / sizeof *cases)

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
	/* CCRS takes files weekly: late, and due, by the week. */
	assert_int_equal(sys("ccrs")->live, CCRS_WEEK);
	assert_int_equal(sys("ccrs")->deadline, CCRS_WEEK);
	assert_int_equal(sys("metrc")->live, OUTBOX_LIVE_S);
	assert_int_equal(state_system_deadline(sys("biotrack"), 86400),
	    86400);
	assert_int_equal(state_system_deadline(sys("ccrs"), 86400),
	    CCRS_WEEK);
	assert_int_equal(state_system_deadline(NULL, 600), 600);
}

/* Metrc: the drain's reading (metrc.c), each as one result. */
static const struct answer_case metrc_cases[] = {
	{ "metrc", 0, 0, NULL, MO_DONE, 9001, -1, "",
	  STATE_DONE, 0, 9001, ANY, NULL },
	/* A delivery created (or a void's receipt found): the next step. */
	{ "metrc", 0, 0, NULL, MO_FOUND, 77, -1, "",
	  STATE_DONE, STATE_F_STEP, 77, ANY, NULL },
	{ "metrc", 0, 0, NULL, MO_AMBIGUOUS, 0, -1, "no answer from the "
	  "state system: timeout",
	  STATE_UNKNOWN, 0, ANY, -1, "no answer from the state system" },
	{ "metrc", 1, 0, NULL, MO_LOOKUP_RETRY, 0, 30000000, "",
	  STATE_UNKNOWN, 0, ANY, 30000000, NULL },
	/* A 429's Retry-After is the wait. */
	{ "metrc", 0, 0, NULL, MO_RETRY, 0, 2000000, "",
	  STATE_RETRY, 0, ANY, 2000000, NULL },
	{ "metrc", 1, 0, NULL, MO_NOTFOUND, 0, -1, "",
	  STATE_RETRY, STATE_F_ABSENT, ANY, 0, NULL },
	{ "metrc", 0, 0, NULL, MO_SOLO, 0, -1, "HTTP 400",
	  STATE_RETRY, STATE_F_ALONE, ANY, 0, NULL },
	{ "metrc", 0, 0, NULL, MO_BROKEN, 0, -1, "HTTP 401",
	  STATE_RETRY, STATE_F_HOLD, ANY, -1, NULL },
	{ "metrc", 0, 0, NULL, MO_EXCEPTION, 0, -1, "HTTP 400: Package "
	  "1A4FF0100000022000000123 is not active",
	  STATE_REJECTED, 0, ANY, ANY, "is not active" },
};

/* BioTrack's legacy API: whole answers, to sends and to nonce_replay. */
static const struct answer_case biotrack_cases[] = {
	{ "biotrack", 0, 200, "{\"success\":1,\"transactionid\":4410}",
	  0, 0, 0, NULL, STATE_DONE, 0, 4410, ANY, NULL },
	/* Refused for the session: not applied; log in, send again. */
	{ "biotrack", 0, 200, "{\"success\":0,\"error\":\"Your session has "
	  "expired.\",\"errorcode\":63}",
	  0, 0, 0, NULL, STATE_RETRY, STATE_F_SESSION, ANY, ANY, NULL },
	{ "biotrack", 0, 200, "{\"success\":0,\"error\":\"Invalid barcode "
	  "for this location\",\"errorcode\":\"602\"}",
	  0, 0, 0, NULL, STATE_REJECTED, 0, ANY, ANY,
	  "(error 602): Invalid barcode" },
	/* No answer, a 5xx, a body that is none: it may have been applied. */
	{ "biotrack", 0, 0, NULL,
	  0, 0, 0, NULL, STATE_UNKNOWN, 0, ANY, ANY, "no answer" },
	{ "biotrack", 0, 500, "{\"success\":1,\"transactionid\":1}",
	  0, 0, 0, NULL, STATE_UNKNOWN, 0, ANY, ANY, "HTTP 500" },
	{ "biotrack", 0, 200, "<html>busy</html>",
	  0, 0, 0, NULL, STATE_UNKNOWN, 0, ANY, ANY, NULL },
	/* nonce_replay: the first answer settles it. */
	{ "biotrack", 1, 200, "{\"success\":1,\"transactionid\":4411}",
	  0, 0, 0, NULL, STATE_DONE, 0, 4411, ANY, NULL },
	{ "biotrack", 1, 200, "{\"success\":0,\"error\":\"Nonce not found.\","
	  "\"errorcode\":\"602\"}",
	  0, 0, 0, NULL, STATE_RETRY, STATE_F_ABSENT, ANY, 0, NULL },
	/* A send's "nonce not found" is no lookup's: refused. */
	{ "biotrack", 0, 200, "{\"success\":0,\"error\":\"Nonce not found.\","
	  "\"errorcode\":\"602\"}",
	  0, 0, 0, NULL, STATE_REJECTED, 0, ANY, ANY, "Nonce not found" },
	/* A replay refused for the session: still unknown. */
	{ "biotrack", 1, 200, "{\"success\":0,\"error\":\"Your session has "
	  "expired.\",\"errorcode\":63}",
	  0, 0, 0, NULL, STATE_UNKNOWN, STATE_F_SESSION, ANY, ANY, NULL },
	{ "biotrack", 1, 503, "",
	  0, 0, 0, NULL, STATE_UNKNOWN, 0, ANY, ANY, NULL },
};

/* BioTrack v2024: whole answers, to sends and to lookups by ExternalID. */
static const struct answer_case biotrack24_cases[] = {
	{ "biotrack-v2024", 0, 201, "{\"TransactionID\":4242}",
	  0, 0, 0, NULL, STATE_DONE, 0, 4242, ANY, NULL },
	{ "biotrack-v2024", 0, 401, "{\"Message\":\"expired\"}",
	  0, 0, 0, NULL, STATE_RETRY, STATE_F_SESSION, ANY, ANY, NULL },
	{ "biotrack-v2024", 0, 422, "{\"Message\":\"A sale needs an Item.\"}",
	  0, 0, 0, NULL, STATE_REJECTED, 0, ANY, ANY,
	  "A sale needs an Item." },
	{ "biotrack-v2024", 0, 503, "",
	  0, 0, 0, NULL, STATE_UNKNOWN, 0, ANY, ANY, NULL },
	{ "biotrack-v2024", 0, 0, NULL,
	  0, 0, 0, NULL, STATE_UNKNOWN, 0, ANY, ANY, "no answer" },
	{ "biotrack-v2024", 0, 200, "<html>",
	  0, 0, 0, NULL, STATE_UNKNOWN, 0, ANY, ANY, NULL },
	/* A lookup: found, not there, or neither. */
	{ "biotrack-v2024", 1, 200, "{\"Data\":[{\"TransactionID\":88}]}",
	  0, 0, 0, NULL, STATE_DONE, 0, 88, ANY, NULL },
	{ "biotrack-v2024", 1, 200, "{\"Data\":[]}",
	  0, 0, 0, NULL, STATE_RETRY, STATE_F_ABSENT, ANY, 0, NULL },
	{ "biotrack-v2024", 1, 200, "{\"Deleted\":true}",
	  0, 0, 0, NULL, STATE_DONE, 0, ANY, ANY, NULL },
	{ "biotrack-v2024", 1, 200, "{\"Deleted\":false}",
	  0, 0, 0, NULL, STATE_RETRY, STATE_F_ABSENT, ANY, ANY, NULL },
	{ "biotrack-v2024", 1, 200, "{\"Other\":1}",
	  0, 0, 0, NULL, STATE_UNKNOWN, 0, ANY, ANY, NULL },
	{ "biotrack-v2024", 1, 404, "{\"Message\":\"no\"}",
	  0, 0, 0, NULL, STATE_UNKNOWN, 0, ANY, ANY, NULL },
	{ "biotrack-v2024", 1, 401, "{}",
	  0, 0, 0, NULL, STATE_UNKNOWN, STATE_F_SESSION, ANY, ANY, NULL },
};

/* CCRS: a row's class, or the state's words classified by the entry. */
static const struct answer_case ccrs_cases[] = {
	{ "ccrs", 0, 0, NULL, CCRS_EXISTS, 0, -1, "",
	  STATE_DONE, 0, ANY, ANY, NULL },
	{ "ccrs", 0, 0, NULL, 0, 0, -1, "Duplicate Sale for Licensee",
	  STATE_DONE, 0, ANY, ANY, NULL },
	{ "ccrs", 0, 0, NULL, 0, 0, -1, "ExternalIdentifier not found",
	  STATE_RETRY, STATE_F_ABSENT, ANY, ANY, NULL },
	{ "ccrs", 0, 0, NULL, 0, 0, -1, "LicenseNumber is not assigned to "
	  "Integrator",
	  STATE_REJECTED, 0, ANY, ANY, "assign the integrator" },
	{ "ccrs", 0, 0, NULL, CCRS_INVALID, 0, -1, "Invalid "
	  "InventoryExternalIdentifier",
	  STATE_REJECTED, 0, ANY, ANY, "Invalid InventoryExternal" },
	/* No answer yet. */
	{ "ccrs", 0, 0, NULL, 0, 0, -1, NULL,
	  STATE_UNKNOWN, 0, ANY, ANY, NULL },
};

static void
test_metrc(void **state)
{
	RUN(metrc_cases);
}

static void
test_biotrack(void **state)
{
	RUN(biotrack_cases);
}

static void
test_biotrack24(void **state)
{
	RUN(biotrack24_cases);
}

static void
test_ccrs(void **state)
{
	RUN(ccrs_cases);
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
