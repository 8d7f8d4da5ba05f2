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

#include "rules.h"

/*
 * rules.c: every shipped rule file loads; malformed files are refused with
 * FILE:LINE: reason and nothing is returned; amounts convert exactly.
 */

#ifndef RULES_SRCDIR
#error "RULES_SRCDIR: the source tree's contrib/rules (Makefile.am)"
#endif

static const char *shipped[] = {
	"US-AZ", "US-CA", "US-CO", "US-CT", "US-FL", "US-IL", "US-MA",
	"US-MD", "US-MI", "US-MO", "US-MT", "US-NJ", "US-NV", "US-OH",
	"US-OR", "US-WA", NULL
};

#define HEAD \
	"stash-rules 1\n" \
	"jurisdiction US-XX\n" \
	"name \"Test\"\n" \
	"zone America/Denver\n" \
	"effective 2020-01-01\n" \
	"verified 2026-11-26\n" \
	"cite \"Test Act s.1\" https://example.org/act\n"

#define POOL \
	"pool p\n" \
	"\twho adult\n" \
	"\twindow day\n" \
	"\tterm flower flower 1oz\n"

static char	tmpdir[256];

static int
setup(void **state)
{
	(void)state;
	unit_tmpdir(tmpdir, sizeof tmpdir, "rules");
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	unit_rmrf(tmpdir);
	return (0);
}

/* Load TEXT from a file called NAME; the rules, or NULL and *cause. */
static struct rules *
load_text(const char *name, const char *text, char **cause)
{
	char	 path[512];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	if ((f = fopen(path, "w")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
	return (rules_load(path, cause));
}

static void
test_shipped(void **state)
{
	struct rules	*r;
	char		*cause;
	u_int		 i;

	(void)state;
	for (i = 0; shipped[i] != NULL; i++) {
		r = rules_find(RULES_SRCDIR, shipped[i], &cause);
		if (r == NULL)
			fail_msg("%s: %s", shipped[i], cause);
		assert_string_equal(r->id, shipped[i]);
		assert_true(r->ncites > 0);
		assert_int_equal(r->verified, 20261126);
		assert_true(r->npools > 0);
		rules_free(r);
	}
}

static void
test_good(void **state)
{
	struct rules		*r;
	const struct rules_pool	*p;
	char			*cause = NULL;

	(void)state;
	r = load_text("good", HEAD
	    "# a comment\n"
	    "note \"free text # not a comment\"\n"
	    "exempt topical,capsule\n"
	    "option strict on \"the strict reading\"\n"
	    "\n"
	    "pool p_one   # trailing comment\n"
	    "\twho adult,medical\n"
	    "\tage 18-20\n"
	    "\tresident no\n"
	    "\twindow rolling 30\n"
	    "\tfrom 2021-02-28\n"
	    "\tuntil 2024-02-29\n"
	    "\tif !strict\n"
	    "\tcertificate\n"
	    "\tterm flower,preroll flower 2.5oz\n"
	    "\tterm route:!smokable,!topical thc 7087mg optional if strict\n"
	    "\tterm beverage volume 72floz\n"
	    "\tterm * units 10units\n"
	    "pool p_two\n"
	    "\twho caregiver\n"
	    "\twindow month\n"
	    "\tcap 1lb\n"
	    "\tterm edible net 16oz\n", &cause);
	if (r == NULL)
		fail_msg("%s", cause);
	assert_int_equal(r->npools, 2);
	assert_int_equal(r->noptions, 1);
	assert_int_equal(r->exempt, (1U << rules_category("topical")) |
	    (1U << rules_category("capsule")));
	p = rules_pool(r, "p_one");
	assert_non_null(p);
	assert_int_equal(p->who, LC_ADULT|LC_MEDICAL);
	assert_int_equal(p->age_min, 18);
	assert_int_equal(p->age_max, 20);
	assert_int_equal(p->resident, 0);
	assert_int_equal(p->window, LW_ROLLING);
	assert_int_equal(p->days, 30);
	assert_int_equal(p->from, 20210228);
	assert_int_equal(p->until, 20240229);
	assert_int_equal(p->opt, 0);
	assert_int_equal(p->opt_neg, 1);
	assert_int_equal(p->certificate, 1);
	assert_int_equal(p->nterms, 4);
	/* 2.5 oz = 70873.8078125 mg: rounded down to the ug. */
	assert_int_equal(p->terms[0].cap, INT64_C(70873807));
	assert_int_equal(p->cap, INT64_C(70873807));
	assert_int_equal(p->kind, LK_MASS);
	assert_int_equal(p->terms[1].cap, INT64_C(7087000));
	assert_int_equal(p->terms[1].optional, 1);
	assert_int_equal(p->terms[1].opt, 0);
	assert_int_equal(p->terms[1].opt_neg, 0);
	assert_int_equal(p->terms[1].route_yes, 0);
	assert_int_equal(p->terms[1].route_no, (1U << rules_route("smokable")));
	assert_int_equal(p->terms[1].cat_no, (1U << rules_category("topical")));
	/* 72 US fl oz = 2129.294128 ml: rounded down to the ul. */
	assert_int_equal(p->terms[2].cap, INT64_C(2129294));
	assert_int_equal(p->terms[3].cap, 10);
	assert_true(p->terms[3].cat_yes == 0 && p->terms[3].cat_no == 0);
	/* The weights make every term's full cap the same usage. */
	assert_true(p->terms[0].weight * (rules_u128)p->terms[0].cap ==
	    p->lcm);
	assert_true(p->terms[2].weight * (rules_u128)p->terms[2].cap ==
	    p->lcm);
	p = rules_pool(r, "p_two");
	assert_non_null(p);
	/* 1 lb = 16 oz = 453.59237 g, exactly, either way. */
	assert_int_equal(p->cap, INT64_C(453592370));
	assert_int_equal(p->terms[0].cap, INT64_C(453592370));
	assert_null(rules_pool(r, "p_three"));
	rules_free(r);
}

/* Ages, deadlines and receipt fields in the header. */
static void
test_header_extras(void **state)
{
	struct rules	*r;
	char		*cause = NULL;

	(void)state;
	r = load_text("extras", HEAD POOL, &cause);
	if (r == NULL)
		fail_msg("%s", cause);
	assert_int_equal(r->medical_age, RULES_MEDICAL_AGE);
	assert_int_equal(r->caregiver_age, RULES_CAREGIVER_AGE);
	assert_int_equal(r->deadline[RULES_DEADLINE_ADULT], -1);
	assert_int_equal(r->deadline[RULES_DEADLINE_MEDICAL], -1);
	assert_int_equal(r->receipt, 0);
	rules_free(r);

	r = load_text("extras", HEAD
	    "medical-age 0 \"any age with a caregiver's consent\"\n"
	    "caregiver-age 18 \"c\"\n"
	    "deadline adult 24h \"within a day\"\n"
	    "deadline medical realtime \"at once\"\n"
	    "receipt licence \"l\"\n"
	    "receipt tags \"t\"\n"
	    "receipt thc medical,caregiver \"thc\"\n"
	    "receipt warning adult \"Keep out of reach of children.\" \"w\"\n"
	    POOL, &cause);
	if (r == NULL)
		fail_msg("%s", cause);
	assert_int_equal(r->medical_age, 0);
	assert_int_equal(r->caregiver_age, 18);
	assert_int_equal(r->deadline[RULES_DEADLINE_ADULT], 86400);
	assert_int_equal(r->deadline[RULES_DEADLINE_MEDICAL], 300);
	assert_int_equal(r->receipt, RULES_RECEIPT_LICENCE|RULES_RECEIPT_TAGS|
	    RULES_RECEIPT_THC);
	assert_int_equal(r->receipt_thc_who, LC_MEDICAL|LC_CAREGIVER);
	assert_int_equal(r->nwarnings, 1);
	assert_int_equal(r->warnings[0].who, LC_ADULT);
	assert_string_equal(r->warnings[0].text,
	    "Keep out of reach of children.");
	rules_free(r);
}

static void
test_malformed(void **state)
{
	static const struct {
		const char	*text;
		u_int		 line;		/* 0: no line number */
		const char	*why;
	} bad[] = {
		{ "", 1, "empty" },
		{ "# only a comment\n", 2, "empty" },
		{ "stash-rules 2\n", 1, "stash-rules 1" },
		{ HEAD "colour green\n" POOL, 8, "unknown keyword \"colour\"" },
		{ HEAD POOL "\tcolour green\n", 12,
		    "unknown keyword \"colour\" in pool p" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower flower 28.5gr\n", 11,
		    "unknown unit \"gr\"" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower flower 28\n", 11, "has no unit" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower flower 9999999999999999g\n", 11,
		    "too large" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower flower 2000000kg\n", 11, "too large" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower flower 1.0000001g\n", 11, "6 decimals" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower flower 0g\n", 11, "is zero" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower flower .5g\n", 11, "start with a number" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower flower 72floz\n", 11, "is a weight" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm beverage volume 1g\n", 11, "is a volume" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm * units 1.5units\n", 11, "whole number" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm weed flower 1g\n", 11,
		    "unknown category \"weed\"" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm route:nasal thc 1g\n", 11, "unknown route" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower,flower flower 1g\n", 11, "named twice" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower weight 1g\n", 11, "unknown measure" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower flower 1g if strict\n", 11,
		    "no option \"strict\"" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower flower 1g maybe\n", 11, "unexpected" },
		{ HEAD POOL POOL, 12, "pool p is already defined at line 8" },
		{ HEAD POOL "\twho medical\n", 12, "who given twice" },
		{ HEAD POOL "\twindow month\n", 12, "window given twice" },
		{ HEAD "pool p\n\twho adult\n\tterm flower flower 1g\n", 8,
		    "no window" },
		{ HEAD "pool p\n\twindow day\n\tterm flower flower 1g\n", 8,
		    "no who" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n", 8, "no term" },
		{ HEAD "pool p\n\twho adults\n", 9, "unknown customer type" },
		{ HEAD "pool p\n\twho adult\n\twindow weekly\n", 10,
		    "window is transaction" },
		{ HEAD "pool p\n\twho adult\n\twindow rolling 0\n", 10,
		    "rolling days" },
		{ HEAD "pool p\n\twho adult\n\twindow rolling 1000\n", 10,
		    "rolling days" },
		{ HEAD "pool p\n\twho adult\n\tage 21\n", 10, "MIN-MAX" },
		{ HEAD "pool p\n\twho adult\n\tage 21-18\n", 10, "maximum" },
		{ HEAD "pool p\n\twho adult\n\tfrom 2026-02-29\n", 10,
		    "no such date" },
		{ HEAD "pool p\n\twho adult\n\tfrom 2026-2-28\n", 10,
		    "bad date" },
		{ HEAD "pool p\n\twho adult\n\tresident maybe\n", 10,
		    "yes or no" },
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tfrom 2026-01-02\n\tuntil 2026-01-01\n"
		    "\tterm flower flower 1g\n", 8, "until is before from" },
		{ HEAD "pool 9p\n", 8, "must start with a letter" },
		{ HEAD "pool p/q\n", 8, "only letters" },
		{ "stash-rules 1\njurisdiction US-XX\nname \"T\"\n"
		    "zone Mars/Olympus\n", 4, "unknown zone" },
		{ "stash-rules 1\njurisdiction US-XX\nname \"T\"\n"
		    "zone ../../etc/passwd\n", 4, "bad zone" },
		{ "stash-rules 1\njurisdiction US-XX\nname \"T\n", 3,
		    "unterminated quote" },
		{ "stash-rules 1\njurisdiction US-XX\nname \"T\"x\n", 3,
		    "after a closing quote" },
		{ "stash-rules 1\njurisdiction US-XX\njurisdiction US-YY\n", 3,
		    "jurisdiction given twice" },
		{ "stash-rules 1\njurisdiction US-XX\nname \"T\"\n"
		    "zone America/Denver\neffective 2020-01-01\n"
		    "verified 2026-11-26\n" POOL, 7, "no cite" },
		{ "stash-rules 1\njurisdiction US-XX\nname \"T\"\n"
		    "zone America/Denver\n" POOL, 5, "no effective" },
		{ HEAD "cite \"x\" ftp://example.org\n", 8, "not a URL" },
		{ HEAD "option a maybe \"x\"\n", 8, "on or off" },
		{ HEAD "option a on \"x\"\noption a off \"y\"\n", 9,
		    "declared twice" },
		{ HEAD "exempt topical,salve\n", 8, "unknown category" },
		{ HEAD "note \"a\tb\001\"\n", 8, "control character" },
		{ HEAD, 8, "no pool" },
		{ HEAD "medical-age 18\n", 8, "takes YEARS" },
		{ HEAD "medical-age 120 \"c\"\n", 8, "not an age" },
		{ HEAD "caregiver-age 21 \"c\"\ncaregiver-age 18 \"c\"\n", 9,
		    "given twice" },
		{ HEAD "deadline adult 24x \"c\"\n", 8, "not a duration" },
		{ HEAD "deadline adult 0h \"c\"\n", 8, "not a duration" },
		{ HEAD "deadline adult 400d \"c\"\n", 8, "not a duration" },
		{ HEAD "deadline patient 1h \"c\"\n", 8, "adult or medical" },
		{ HEAD "deadline adult 1h \"c\"\ndeadline adult 2h \"c\"\n",
		    9, "given twice" },
		{ HEAD "receipt colour \"c\"\n", 8, "receipt takes" },
		{ HEAD "receipt tags \"\"\n", 8, "needs its citation" },
		{ HEAD "receipt thc nobody \"c\"\n", 8, "nobody" },
		{ HEAD "receipt warning adult \"w\"\n", 8,
		    "receipt warning takes" },
		/* Caps too unlike for an exact lcm below 2^120. */
		{ HEAD "pool p\n\twho adult\n\twindow day\n"
		    "\tterm flower units 999999937units\n"
		    "\tterm preroll units 999999929units\n"
		    "\tterm edible units 999999893units\n"
		    "\tterm vape units 999999883units\n"
		    "\tterm capsule units 999999797units\n", 15,
		    "least common multiple" },
	};
	struct rules	*r;
	char		*cause, want[512];
	u_int		 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		r = load_text("bad", bad[i].text, &cause);
		if (r != NULL)
			fail_msg("case %u: accepted", i);
		assert_non_null(cause);
		snprintf(want, sizeof want, "%s/bad:%u: ", tmpdir,
		    bad[i].line);
		if (strncmp(cause, want, strlen(want)) != 0 ||
		    strstr(cause, bad[i].why) == NULL)
			fail_msg("case %u: \"%s\", wanted \"%s...%s\"", i,
			    cause, want, bad[i].why);
		free(cause);
	}
}

static void
test_long_line(void **state)
{
	char	*text, *cause = NULL;
	size_t	 n = RULES_LINE_MAX + 10;

	(void)state;
	text = calloc(1, n + 64);
	assert_non_null(text);
	strcpy(text, "stash-rules 1\nnote \"");
	memset(text + strlen(text), 'x', n);
	strcat(text, "\"\n");
	assert_null(load_text("long", text, &cause));
	assert_non_null(strstr(cause, "long:2: line longer than"));
	free(cause);
	free(text);
}

static void
test_nul(void **state)
{
	static const char	 text[] = "stash-rules 1\nnote \"a\0b\"\n";
	char			 path[512], *cause = NULL;
	FILE			*f;

	(void)state;
	snprintf(path, sizeof path, "%s/nul", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite(text, 1, sizeof text - 1, f);
	fclose(f);
	assert_null(rules_load(path, &cause));
	assert_non_null(strstr(cause, "nul:2: a NUL byte"));
	free(cause);
	/* A directory is not a rule file. */
	assert_null(rules_load(tmpdir, &cause));
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause);
}

static void
test_find(void **state)
{
	char	*cause = NULL, path[512];
	FILE	*f;

	(void)state;
	assert_null(rules_find(RULES_SRCDIR, "../US-CO", &cause));
	assert_non_null(strstr(cause, "must start with a letter"));
	free(cause);
	assert_null(rules_find(RULES_SRCDIR, "US-ZZ", &cause));
	assert_non_null(strstr(cause, "US-ZZ"));
	free(cause);
	/* A file under another name is refused. */
	snprintf(path, sizeof path, "%s/US-YY", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(HEAD POOL, f);
	fclose(f);
	assert_null(rules_find(tmpdir, "US-YY", &cause));
	assert_non_null(strstr(cause, "is for US-XX, not US-YY"));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_header_extras),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_find),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-rules", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("rules", tests, setup, teardown));
}
