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
		/* The law's date, not the day the text was checked. */
		if (r->effective >= r->verified)
			fail_msg("%s: effective %d is not before verified %d",
			    shipped[i], r->effective, r->verified);
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
	assert_null(r->pools[0].override);
	rules_free(r);
	r = load_text("extras", HEAD "pool p\n\twho adult\n"
	    "\toverride \"Reg. 1: a manager may\"\n\twindow day\n"
	    "\tterm flower flower 1oz\n", &cause);
	if (r == NULL)
		fail_msg("%s", cause);
	assert_string_equal(r->pools[0].override, "Reg. 1: a manager may");
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
		{ "", 1, "empty: the first line must be \"stash-rules 1\"" },
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
		{ HEAD "pool p\n\twho adult\n\toverride\n", 10,
		    "override takes" },
		{ HEAD "pool p\n\twho adult\n\toverride \"a\"\n"
		    "\toverride \"b\"\n", 11, "override given twice" },
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

/* Load TEXT as the local tax file NAME on top of r; 0 or -1 and *cause. */
static int
load_local(struct rules *r, const char *name, const char *text, char **cause)
{
	char	 path[512];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	if ((f = fopen(path, "w")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
	return (rules_tax_local(r, path, cause));
}

static void
test_taxes(void **state)
{
	struct rules		*r;
	const struct rules_tax	*t;
	char			*cause = NULL;

	(void)state;
	r = load_text("taxes", HEAD
	    "option o on \"o\"\n"
	    "pricing added\n"
	    "tax old 2.9% medical \"an old line\"\n"
	    "tax ex 15.0001% adult,caregiver \"c\" level excise "
	    "label \"The excise\" on flower,!preroll potency >35% "
	    "round up if !o\n"
	    "tax mg 0.625c/mg adult \"c\" on edible,route:edible "
	    "potency <=12.5%\n"
	    POOL, &cause);
	if (r == NULL)
		fail_msg("%s", cause);
	assert_int_equal(r->ntaxes, 3);
	assert_null(r->tax_local);
	/* An old line: level state, labelled by its name, on every line. */
	t = &r->taxes[0];
	assert_string_equal(t->name, "old");
	assert_string_equal(t->label, "old");
	assert_int_equal(t->level, RULES_TAX_STATE);
	assert_int_equal(t->ppm, 29000);
	assert_int_equal(t->per_mg, 0);
	assert_int_equal(t->who, LC_MEDICAL);
	assert_int_equal(t->on.cat_yes | t->on.cat_no | t->on.route_yes |
	    t->on.route_no, 0);
	assert_int_equal(t->potency_op, RULES_POTENCY_ANY);
	assert_int_equal(t->round_up, 0);
	assert_int_equal(t->opt, -1);
	assert_int_equal(t->line, 10);
	assert_true(rules_tax_matches(t, -1, -1, 0));
	assert_true(rules_tax_applies(r, t, LC_MEDICAL));
	assert_false(rules_tax_applies(r, t, LC_ADULT));

	t = &r->taxes[1];
	assert_string_equal(t->label, "The excise");
	assert_int_equal(t->level, RULES_TAX_EXCISE);
	assert_string_equal(rules_tax_level_name(t->level), "excise");
	assert_int_equal(t->ppm, 150001);
	assert_int_equal(t->who, LC_ADULT|LC_CAREGIVER);
	assert_int_equal(t->potency_op, RULES_POTENCY_ABOVE);
	assert_int_equal(t->potency, 350);
	assert_int_equal(t->round_up, 1);
	assert_int_equal(t->opt, 0);
	assert_int_equal(t->opt_neg, 1);
	/* Option o is on by default: "if !o" leaves the tax off. */
	assert_false(rules_tax_applies(r, t, LC_ADULT));
	/* Flower above 35%; not at 35%, not a preroll, not an edible. */
	assert_true(rules_tax_matches(t, rules_category("flower"), -1, 351));
	assert_false(rules_tax_matches(t, rules_category("flower"), -1, 350));
	assert_false(rules_tax_matches(t, rules_category("preroll"), -1,
	    900));
	assert_false(rules_tax_matches(t, rules_category("edible"), -1, 900));

	t = &r->taxes[2];
	assert_int_equal(t->ppm, 0);
	assert_int_equal(t->per_mg, 625000);
	assert_int_equal(t->potency_op, RULES_POTENCY_UPTO);
	assert_int_equal(t->potency, 125);
	assert_true(rules_tax_applies(r, t, LC_ADULT));
	/* A route named: a line without a route does not match. */
	assert_false(rules_tax_matches(t, rules_category("edible"), -1, 100));
	assert_true(rules_tax_matches(t, rules_category("edible"),
	    rules_route("edible"), 125));
	assert_false(rules_tax_matches(t, rules_category("edible"),
	    rules_route("edible"), 126));
	rules_free(r);
}

static void
test_tax_malformed(void **state)
{
	static const struct {
		const char	*text;
		u_int		 line;
		const char	*why;
	} bad[] = {
		{ HEAD "tax t 15 adult \"c\"\n" POOL, 8, "ends in %" },
		{ HEAD "tax t 15.00001% adult \"c\"\n" POOL, 8,
		    "up to four decimals" },
		{ HEAD "tax t 101% adult \"c\"\n" POOL, 8, "over 100%" },
		{ HEAD "tax t 0% adult \"c\"\n" POOL, 8, "zero" },
		{ HEAD "tax t 1c/g adult \"c\"\n" POOL, 8, "c/mg" },
		{ HEAD "tax t 1% adult \"c\" level town\n" POOL, 8,
		    "level is excise, state, county, city or district" },
		{ HEAD "tax t 1% adult \"c\" level city\n" POOL, 8,
		    "local tax file" },
		{ HEAD "tax t 1% adult \"c\" label \"\"\n" POOL, 8,
		    "a label is 1 to" },
		{ HEAD "tax t 1% adult \"c\" label \"a\" label \"b\"\n" POOL, 8,
		    "label given twice" },
		{ HEAD "tax t 1% adult \"c\" on smoke\n" POOL, 8,
		    "unknown category \"smoke\"" },
		{ HEAD "tax t 1% adult \"c\" potency 35%\n" POOL, 8,
		    "potency is >N% or <=N%" },
		{ HEAD "tax t 1% adult \"c\" potency >35.05%\n" POOL, 8,
		    "at most one decimal" },
		{ HEAD "tax t 1% adult \"c\" round down\n" POOL, 8,
		    "round is up or half-up" },
		{ HEAD "tax t 1% adult \"c\" base cost\n" POOL, 8,
		    "base is price or price+excise" },
		{ HEAD "tax t 1% adult \"c\" level excise base price+excise\n"
		    POOL, 8, "not for an excise" },
		{ HEAD "pricing included\ntax t 1% adult \"c\" "
		    "base price+excise\n" POOL, 9, "pricing added" },
		{ HEAD "tax t 1% adult \"c\" if nosuch\n" POOL, 8,
		    "no option \"nosuch\"" },
		{ HEAD "tax t 1% adult \"c\" colour\n" POOL, 8,
		    "colour needs a value" },
		{ HEAD "tax t 1% adult \"c\" colour red\n" POOL, 8,
		    "unexpected \"colour\"" },
		{ HEAD "tax t 1% adult \"c\"\ntax t 2% medical \"c\"\n" POOL,
		    9, "already defined at" },
		{ HEAD "pricing included\ntax t 1c/mg adult \"c\"\n" POOL, 9,
		    "cannot be included in shelf prices" },
		{ HEAD "tax t1 1% adult \"c\"\ntax t2 1% adult \"c\"\n"
		    "tax t3 1% adult \"c\"\ntax t4 1% adult \"c\"\n"
		    "tax t5 1% adult \"c\"\ntax t6 1% adult \"c\"\n"
		    "tax t7 1% adult \"c\"\ntax t8 1% adult \"c\"\n"
		    "tax t9 1% adult \"c\"\n" POOL, 16,
		    "more than 8 taxes" },
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
		snprintf(want, sizeof want, "%s/bad:%u: ", tmpdir,
		    bad[i].line);
		if (strncmp(cause, want, strlen(want)) != 0 ||
		    strstr(cause, bad[i].why) == NULL)
			fail_msg("case %u: \"%s\", wanted \"%s...%s\"", i,
			    cause, want, bad[i].why);
		free(cause);
	}
}

#define LOCAL_HEAD \
	"stash-taxes 1\n" \
	"jurisdiction US-XX\n" \
	"verified 2026-11-27\n"

static void
test_tax_local(void **state)
{
	static const struct {
		const char	*text;
		u_int		 line;
		const char	*why;
	} bad[] = {
		{ "", 1, "stash-taxes 1" },
		{ "stash-rules 1\n", 1, "stash-taxes 1" },
		{ "stash-taxes 1\njurisdiction US-CO\n", 2,
		    "for US-CO, but the store's rule file is for US-XX" },
		{ "stash-taxes 1\ntax c 1% adult \"c\" level city\n", 2,
		    "jurisdiction and verified come before" },
		{ "stash-taxes 1\nverified 2026-11-27\n", 3,
		    "no jurisdiction line" },
		{ LOCAL_HEAD, 4, "no tax line" },
		{ LOCAL_HEAD "pool p\n", 4, "not \"pool\"" },
		{ LOCAL_HEAD "tax c 1% adult \"c\"\n", 4,
		    "a local tax file holds county, city and district" },
		{ LOCAL_HEAD "tax c 1% adult \"c\" level excise\n", 4,
		    "a local tax file holds" },
		{ LOCAL_HEAD "tax c 1% adult \"c\" level city\n"
		    "tax st 1% adult \"c\" level city\n", 5,
		    "tax st is already defined at" },
		{ LOCAL_HEAD "tax c 1% adult \"c\" level city\n"
		    "tax d 1x adult \"c\" level district\n", 5,
		    "a tax rate is a percentage" },
	};
	struct rules	*r;
	char		*cause = NULL, want[512];
	u_int		 i;

	(void)state;
	r = load_text("state", HEAD
	    "tax st 2.9% adult,medical \"state\"\n" POOL, &cause);
	if (r == NULL)
		fail_msg("%s", cause);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		if (load_local(r, "local", bad[i].text, &cause) == 0)
			fail_msg("case %u: accepted", i);
		snprintf(want, sizeof want, "%s/local:%u: ", tmpdir,
		    bad[i].line);
		if (strncmp(cause, want, strlen(want)) != 0 ||
		    strstr(cause, bad[i].why) == NULL)
			fail_msg("case %u: \"%s\", wanted \"%s...%s\"", i,
			    cause, want, bad[i].why);
		free(cause);
		/* Never half a tax set: the state's alone. */
		assert_int_equal(r->ntaxes, 1);
		assert_null(r->tax_local);
	}
	snprintf(want, sizeof want, "%s/nosuch", tmpdir);
	assert_int_equal(rules_tax_local(r, want, &cause), -1);
	assert_non_null(strstr(cause, "nosuch: No such file"));
	free(cause);

	if (load_local(r, "local", LOCAL_HEAD
	    "cite \"Denver Revised Municipal Code\"\n"
	    "note \"n\"\n"
	    "tax den_special 5.5% adult \"c\" level city "
	    "label \"Denver special marijuana tax\"\n"
	    "tax rtd 1% adult,medical \"c\" level district\n", &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(r->ntaxes, 3);
	assert_non_null(r->tax_local);
	assert_string_equal(r->taxes[1].label, "Denver special marijuana tax");
	assert_int_equal(r->taxes[1].level, RULES_TAX_CITY);
	assert_int_equal(r->taxes[1].local, 1);
	assert_int_equal(r->taxes[1].line, 6);
	assert_int_equal(r->taxes[2].level, RULES_TAX_DISTRICT);
	assert_int_equal(r->taxes[0].local, 0);
	/* One local file only. */
	assert_int_equal(load_local(r, "local2", LOCAL_HEAD, &cause), -1);
	assert_non_null(strstr(cause, "a second local tax file"));
	free(cause);
	assert_int_equal(r->ntaxes, 3);
	rules_free(r);

	/* Local taxes count towards the 8 a sale may carry. */
	r = load_text("state", HEAD
	    "tax s1 1% adult \"c\"\ntax s2 1% adult \"c\"\n"
	    "tax s3 1% adult \"c\"\ntax s4 1% adult \"c\"\n"
	    "tax s5 1% adult \"c\"\ntax s6 1% adult \"c\"\n"
	    "tax s7 1% adult \"c\"\n" POOL, &cause);
	if (r == NULL)
		fail_msg("%s", cause);
	assert_int_equal(load_local(r, "local", LOCAL_HEAD
	    "tax c1 1% medical \"c\" level city\n"
	    "tax c2 1% adult \"c\" level city\n"
	    "tax c3 1% adult \"c\" level city\n", &cause), -1);
	snprintf(want, sizeof want, "%s/local:6: tax c3: more than 8", tmpdir);
	if (strncmp(cause, want, strlen(want)) != 0)
		fail_msg("\"%s\", wanted \"%s\"", cause, want);
	free(cause);
	assert_int_equal(r->ntaxes, 7);
	rules_free(r);
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
		cmocka_unit_test(test_taxes),
		cmocka_unit_test(test_tax_malformed),
		cmocka_unit_test(test_tax_local),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-rules", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("rules", tests, setup, teardown));
}
