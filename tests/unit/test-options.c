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
#include "settings.h"

/*
 * options.c: the settings table, options_set with its bounds and error
 * text, and options_load over real files (comments, quotes, unknown names
 * and bad numbers named by file and line).
 */

struct options_fixture {
	char		 dir[256];
	char		 path[300];
	struct options	*o;
};

static int
setup(void **state)
{
	struct options_fixture	*f;

	f = xcalloc(1, sizeof *f);
	unit_tmpdir(f->dir, sizeof f->dir, "options");
	snprintf(f->path, sizeof f->path, "%s/stash.conf", f->dir);
	f->o = options_create();
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct options_fixture	*f = *state;

	options_free(f->o);
	unit_rmrf(f->dir);
	free(f);
	return (0);
}

static void
write_file(const char *path, const char *text)
{
	FILE	*fp;

	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static const struct option_entry *
entry(const char *name)
{
	const struct option_entry	*oe;

	for (oe = options_table; oe->name != NULL; oe++) {
		if (strcmp(oe->name, name) == 0)
			return (oe);
	}
	fail_msg("no option %s in the table", name);
	return (NULL);
}

static void
test_defaults(void **state)
{
	struct options_fixture			*f = *state;
	const struct option_entry	*oe, *o2;
	u_int				 n = 0;

	for (oe = options_table; oe->name != NULL; oe++) {
		n++;
		assert_non_null(oe->help);
		/* One entry per name. */
		for (o2 = oe + 1; o2->name != NULL; o2++)
			assert_string_not_equal(oe->name, o2->name);
		switch (oe->type) {
		case OPTION_STRING:
			assert_non_null(oe->default_str);
			assert_string_equal(options_string(f->o, oe->name),
			    oe->default_str);
			break;
		case OPTION_NUMBER:
		case OPTION_FLAG:
			assert_true(oe->minimum <= oe->maximum);
			assert_true(oe->default_num >= oe->minimum);
			assert_true(oe->default_num <= oe->maximum);
			assert_int_equal(options_number(f->o, oe->name),
			    oe->default_num);
			break;
		}
	}
	assert_true(n > 0);
	/* The defaults doc/protocol.md promises. */
	assert_int_equal(options_number(f->o, "max-frame"), MAX_FRAME);
	assert_int_equal(options_number(f->o, "session-idle"), 900);
	assert_int_equal(options_number(f->o, "lockout-attempts"), 5);
	assert_int_equal(options_number(f->o, "lockout-time"), 900);
	assert_int_equal(options_number(f->o, "insecure"), 0);
	assert_string_equal(options_string(f->o, "listen"), "127.0.0.1:7411");
}

/* The text options_set gives for a number out of bounds. */
static void
bound_text(const char *name, const char *value, const char *why, char *out,
    size_t len)
{
	const struct option_entry	*oe = entry(name);

	snprintf(out, len, "%s: \"%s\" is %s (allowed %lld to %lld%s%s)",
	    name, value, why, (long long)oe->minimum, (long long)oe->maximum,
	    oe->unit != NULL ? " " : "", oe->unit != NULL ? oe->unit : "");
}

static void
set_fails(struct options *o, const char *name, const char *value,
    const char *want)
{
	char	*cause = NULL, got[512];

	if (options_set(o, name, value, &cause) != -1)
		fail_msg("%s \"%s\" accepted", name, value);
	assert_non_null(cause);
	strlcpy(got, cause, sizeof got);
	free(cause);
	if (strcmp(got, want) != 0)
		fail_msg("%s \"%s\": \"%s\", expected \"%s\"", name, value,
		    got, want);
}

static void
test_set_numbers(void **state)
{
	struct options_fixture			*f = *state;
	const struct option_entry	*oe = entry("max-frame");
	char				*cause = NULL, want[256], v[32];

	assert_int_equal(options_set(f->o, "max-frame", "2048", &cause), 0);
	assert_int_equal(options_number(f->o, "max-frame"), 2048);
	/* The bounds themselves are allowed. */
	snprintf(v, sizeof v, "%lld", (long long)oe->minimum);
	assert_int_equal(options_set(f->o, "max-frame", v, &cause), 0);
	assert_int_equal(options_number(f->o, "max-frame"), oe->minimum);
	snprintf(v, sizeof v, "%lld", (long long)oe->maximum);
	assert_int_equal(options_set(f->o, "max-frame", v, &cause), 0);
	assert_int_equal(options_number(f->o, "max-frame"), oe->maximum);
	assert_null(cause);

	/* One past each bound. */
	snprintf(v, sizeof v, "%lld", (long long)oe->minimum - 1);
	bound_text("max-frame", v, "too small", want, sizeof want);
	set_fails(f->o, "max-frame", v, want);
	snprintf(v, sizeof v, "%lld", (long long)oe->maximum + 1);
	bound_text("max-frame", v, "too large", want, sizeof want);
	set_fails(f->o, "max-frame", v, want);
	/* A failed set leaves the value alone. */
	assert_int_equal(options_number(f->o, "max-frame"), oe->maximum);

	bound_text("max-connections", "-5", "too small", want, sizeof want);
	set_fails(f->o, "max-connections", "-5", want);
	bound_text("session-idle", "abc", "not a number", want, sizeof want);
	set_fails(f->o, "session-idle", "abc", want);
	bound_text("session-idle", "90s", "not a number", want, sizeof want);
	set_fails(f->o, "session-idle", "90s", want);
	bound_text("session-idle", "1.5", "not a number", want, sizeof want);
	set_fails(f->o, "session-idle", "1.5", want);
	bound_text("session-idle", "", "empty", want, sizeof want);
	set_fails(f->o, "session-idle", "", want);
	assert_int_equal(options_number(f->o, "session-idle"),
	    entry("session-idle")->default_num);
}

/* A number too big for 64 bits is too large, not too small. */
static void
test_set_number_overflow(void **state)
{
	struct options_fixture	*f = *state;
	char		 want[256];

	bound_text("map-size", "99999999999999999999", "too large", want,
	    sizeof want);
	set_fails(f->o, "map-size", "99999999999999999999", want);
	bound_text("map-size", "-99999999999999999999", "too small", want,
	    sizeof want);
	set_fails(f->o, "map-size", "-99999999999999999999", want);
}

static void
test_set_flags_strings(void **state)
{
	struct options_fixture	*f = *state;
	static const char *yes[] = { "yes", "on", "1", "" };
	static const char *no[] = { "no", "off", "0" };
	char		*cause = NULL;
	size_t		 i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		assert_int_equal(options_set(f->o, "insecure", "no", &cause),
		    0);
		assert_int_equal(options_set(f->o, "insecure", yes[i],
		    &cause), 0);
		assert_int_equal(options_number(f->o, "insecure"), 1);
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		assert_int_equal(options_set(f->o, "insecure", "yes", &cause),
		    0);
		assert_int_equal(options_set(f->o, "insecure", no[i], &cause),
		    0);
		assert_int_equal(options_number(f->o, "insecure"), 0);
	}
	assert_null(cause);
	set_fails(f->o, "insecure", "maybe",
	    "insecure: expected yes or no, not \"maybe\"");
	assert_int_equal(options_number(f->o, "insecure"), 0);

	assert_int_equal(options_set(f->o, "listen", "[::1]:7411", &cause), 0);
	assert_string_equal(options_string(f->o, "listen"), "[::1]:7411");
	assert_int_equal(options_set(f->o, "listen", "", &cause), 0);
	assert_string_equal(options_string(f->o, "listen"), "");

	set_fails(f->o, "no-such-option", "1",
	    "unknown option: no-such-option");
	set_fails(f->o, "", "1", "unknown option: ");
}

static void
test_load(void **state)
{
	struct options_fixture	*f = *state;
	char		*cause = NULL;

	write_file(f->path,
	    "# stash.conf for the tests\n"
	    "\n"
	    "   # an indented comment\n"
	    "listen \"0.0.0.0:7411\"\n"
	    "data-dir\t\"/var/lib/my stash\"   \n"
	    "max-frame 2048 # trailing comment\n"
	    "\tsession-idle   600\n"
	    "insecure\n"
	    "log syslog\n"
	    "lockout-attempts 3\n"
	    "lockout-attempts 4\n"	/* the last one wins */
	    "tls-cert \"\"\n");
	if (options_load(f->o, f->path, &cause) != 0)
		fail_msg("load: %s", cause);
	assert_string_equal(options_string(f->o, "listen"), "0.0.0.0:7411");
	assert_string_equal(options_string(f->o, "data-dir"),
	    "/var/lib/my stash");
	assert_int_equal(options_number(f->o, "max-frame"), 2048);
	assert_int_equal(options_number(f->o, "session-idle"), 600);
	assert_int_equal(options_number(f->o, "insecure"), 1);
	assert_string_equal(options_string(f->o, "log"), "syslog");
	assert_int_equal(options_number(f->o, "lockout-attempts"), 4);
	assert_string_equal(options_string(f->o, "tls-cert"), "");
	/* Untouched ones keep their defaults. */
	assert_int_equal(options_number(f->o, "lockout-time"),
	    entry("lockout-time")->default_num);

	/* An empty file changes nothing. */
	write_file(f->path, "");
	assert_int_equal(options_load(f->o, f->path, &cause), 0);
	assert_int_equal(options_number(f->o, "max-frame"), 2048);
}

static void
load_fails(struct options_fixture *f, const char *text, const char *want)
{
	char	*cause = NULL, full[1024], got[1024];

	write_file(f->path, text);
	if (options_load(f->o, f->path, &cause) != -1)
		fail_msg("loaded: %s", text);
	assert_non_null(cause);
	strlcpy(got, cause, sizeof got);
	free(cause);
	snprintf(full, sizeof full, "%s:%s", f->path, want);
	if (strcmp(got, full) != 0)
		fail_msg("\"%s\", expected \"%s\"", got, full);
}

static void
test_load_errors(void **state)
{
	struct options_fixture	*f = *state;
	char		 want[512], line[600], *big, *cause = NULL;
	size_t		 n = 2000;

	load_fails(f, "# ok\nlisten 127.0.0.1:1\n\nbogus 1\n",
	    "4: unknown option: bogus");
	bound_text("max-frame", "lots", "not a number", want, sizeof want);
	snprintf(line, sizeof line, "2: %s", want);
	load_fails(f, "listen 127.0.0.1:1\nmax-frame lots\n", line);
	bound_text("session-idle", "0", "too small", want, sizeof want);
	snprintf(line, sizeof line, "1: %s", want);
	load_fails(f, "session-idle 0 # seconds\n", line);
	load_fails(f, "\n\n\ninsecure perhaps\n", "4: insecure: expected yes "
	    "or no, not \"perhaps\"");

	big = xmalloc(n + 32);
	memcpy(big, "listen ", 7);
	memset(big + 7, 'x', n);
	strlcpy(big + 7 + n, "\n", 2);
	load_fails(f, big, "1: line too long");
	free(big);

	/* A file that is not there. */
	snprintf(want, sizeof want, "%s/absent.conf", f->dir);
	assert_int_equal(options_load(f->o, want, &cause), -1);
	assert_non_null(strstr(cause, want));
	assert_non_null(strstr(cause, strerror(ENOENT)));
	free(cause);
}

/*
 * A quoted value is taken whole: a '#' inside the quotes is part of it,
 * and a value must never keep a stray quote. Either the value arrives as
 * written or the line is refused.
 */
static void
test_load_quotes_whole(void **state)
{
	struct options_fixture	*f = *state;
	char		*cause = NULL;
	const char	*v;

	write_file(f->path, "tls-key \"/etc/stash/key#1.pem\"\n");
	if (options_load(f->o, f->path, &cause) == 0) {
		v = options_string(f->o, "tls-key");
		if (strcmp(v, "/etc/stash/key#1.pem") != 0)
			fail_msg("tls-key \"/etc/stash/key#1.pem\" loaded as "
			    "[%s]", v);
	} else {
		assert_non_null(strstr(cause, ":1:"));
		free(cause);
	}

	cause = NULL;
	write_file(f->path, "listen \"0.0.0.0:7411\n");
	if (options_load(f->o, f->path, &cause) == 0) {
		v = options_string(f->o, "listen");
		if (strchr(v, '"') != NULL)
			fail_msg("unbalanced quote loaded as [%s]", v);
	} else
		free(cause);
}

static void
test_dump_loads_back(void **state)
{
	struct options_fixture			*f = *state;
	const struct option_entry	*oe;
	struct options			*back;
	FILE				*fp;
	char				*cause = NULL;

	assert_int_equal(options_set(f->o, "data-dir", "/srv/stash data",
	    &cause), 0);
	assert_int_equal(options_set(f->o, "max-frame", "4096", &cause), 0);
	assert_int_equal(options_set(f->o, "insecure", "yes", &cause), 0);
	fp = fopen(f->path, "w");
	assert_non_null(fp);
	options_dump(f->o, fp);
	assert_int_equal(fclose(fp), 0);

	back = options_create();
	if (options_load(back, f->path, &cause) != 0)
		fail_msg("dump does not load: %s", cause);
	for (oe = options_table; oe->name != NULL; oe++) {
		if (oe->type == OPTION_STRING)
			assert_string_equal(options_string(back, oe->name),
			    options_string(f->o, oe->name));
		else
			assert_int_equal(options_number(back, oe->name),
			    options_number(f->o, oe->name));
	}
	assert_int_equal(options_number(back, "max-frame"), 4096);
	options_free(back);
}

/*
 * The settings an admin changes while the store runs (settings.c): each
 * is an option here, checked as the file's would be, with the rule a bad
 * value breaks named; the rest of the options are not settings.
 */
static void
test_settings_valid(void **state)
{
	struct options_fixture	*f = *state;
	const char		*name;
	char			*cause = NULL, value[SETTINGS_VALUE_MAX];
	char			 big[600];
	u_int			 i;

	for (i = 0; (name = settings_name(i)) != NULL; i++) {
		assert_true(settings_known(name));
		settings_value(f->o, name, value, sizeof value);
	}
	assert_int_equal(i, 6);
	assert_false(settings_known("listen"));

	assert_int_equal(settings_valid(f->o, "senior-age", "60", &cause), 0);
	assert_int_equal(settings_valid(f->o, "senior-age", "151", &cause),
	    -1);
	assert_non_null(strstr(cause, "150"));
	free(cause);
	assert_int_equal(settings_valid(f->o, "discount-threshold", "x",
	    &cause), -1);
	free(cause);
	assert_int_equal(settings_valid(f->o, "listen", "0.0.0.0:1", &cause),
	    -1);
	assert_non_null(strstr(cause, "receipt-footer"));
	free(cause);

	assert_int_equal(settings_valid(f->o, "receipt-footer", "", &cause),
	    0);
	assert_int_equal(settings_valid(f->o, "receipt-footer", "Thank you!",
	    &cause), 0);
	assert_int_equal(settings_valid(f->o, "receipt-footer", "a\tb",
	    &cause), -1);
	free(cause);
	memset(big, 'x', 121);
	big[121] = '\0';
	assert_int_equal(settings_valid(f->o, "receipt-footer", big, &cause),
	    -1);
	assert_non_null(strstr(cause, "120"));
	free(cause);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(settings_valid(f->o, "senior-age", big, &cause), -1);
	free(cause);

	/* Zones need the store's location, and radii rising. */
	assert_int_equal(settings_valid(f->o, "delivery-zones", "5000:500",
	    &cause), -1);
	free(cause);
	assert_int_equal(options_set(f->o, "store-location",
	    "39739200,-104990300", &cause), 0);
	assert_int_equal(settings_valid(f->o, "delivery-zones",
	    "5000:500,12000:900", &cause), 0);
	assert_int_equal(settings_valid(f->o, "delivery-zones",
	    "5000:500,1000:900", &cause), -1);
	free(cause);
	assert_int_equal(settings_valid(f->o, "delivery-zones", "", &cause),
	    0);
	settings_value(f->o, "senior-age", value, sizeof value);
	assert_string_equal(value, "65");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_defaults),
		T(test_settings_valid),
		T(test_set_numbers),
		T(test_set_number_overflow),
		T(test_set_flags_strings),
		T(test_load),
		T(test_load_errors),
		T(test_load_quotes_whole),
		T(test_dump_loads_back),
#undef T
	};

	/* Line by line, so a crash keeps the results before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-options", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("options", tests, NULL, NULL));
}
