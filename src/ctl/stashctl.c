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

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"
#include "auth.h"

/*
 * stashctl: the admin CLI. A table of commands (tmux cmd_entry style): each
 * names its words, its usage, the --options it takes, how many positional
 * arguments, how the ledger is opened, and the function to run. Human
 * output by default, one JSON document with --json. Exit 0 on success, 1
 * with "stashctl: message" on standard error otherwise.
 */

#define CTL_TTL_DEFAULT	(24 * 3600)		/* enrolment code: 24 h */
#define CTL_TTL_MAX	(30 * 24 * 3600)
#define CTL_LIMIT_MAX	1000000
#define CTL_PIN_MAX	64

static int	stashctl_cmd_help(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_info(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_init(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_staff_add(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_staff_list(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_staff_lock(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_staff_unlock(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_staff_pin(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_terminal_add(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_terminal_list(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_terminal_revoke(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_sales_list(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_stock_list(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_audit_verify(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_audit_list(struct ctl *, struct ctl_args *);
static int	stashctl_cmd_backup(struct ctl *, struct ctl_args *);

static const struct ctl_entry stashctl_table[] = {
	{ "init", NULL,
	  "--licence LIC --state ST --tz ZONE [--name NAME] "
	  "--admin-name NAME [--admin-pin PIN]",
	  "licence=,state=,tz=,name=,admin-name=,admin-pin=", 0, 0,
	  CTL_CREATE, stashctl_cmd_init,
	  "create the store and its first admin (staff 1)" },
	{ "demo", NULL, "", "", 0, 0, CTL_CREATE, ctl_demo,
	  "a demo store ready to sell: staff, catalogue, stock, a terminal" },
	{ "info", NULL, "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  stashctl_cmd_info, "show the store and the size of its tables" },
	{ "staff", "add", "--name NAME --role ROLE [--pin PIN]",
	  "name=,role=,pin=", 0, 0, CTL_NEEDINFO, stashctl_cmd_staff_add,
	  "add a staff member; prints the new staff ID" },
	{ "staff", "list", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  stashctl_cmd_staff_list, "list staff" },
	{ "staff", "lock", "ID", "", 1, 1, CTL_NEEDINFO,
	  stashctl_cmd_staff_lock, "stop a staff member logging in" },
	{ "staff", "unlock", "ID", "", 1, 1, CTL_NEEDINFO,
	  stashctl_cmd_staff_unlock,
	  "let a staff member log in again (clears wrong-PIN lockout)" },
	{ "staff", "pin", "ID [--pin PIN]", "pin=", 1, 1, CTL_NEEDINFO,
	  stashctl_cmd_staff_pin, "set a new PIN" },
	{ "terminal", "add", "NAME [--ttl SECONDS] [--reenrol]",
	  "ttl=,reenrol,reenroll", 1, 1, CTL_NEEDINFO,
	  stashctl_cmd_terminal_add,
	  "add a terminal; prints its one-time enrolment code" },
	{ "terminal", "list", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  stashctl_cmd_terminal_list, "list terminals" },
	{ "terminal", "revoke", "NAME", "", 1, 1, CTL_NEEDINFO,
	  stashctl_cmd_terminal_revoke, "shut a terminal out" },
	{ "product", "import", "FILE.csv|-", "", 1, 1, CTL_NEEDINFO,
	  ctl_import_product,
	  "import products: sku,name,category,unit,price,thc" },
	{ "package", "import", "FILE.csv|-", "", 1, 1, CTL_NEEDINFO,
	  ctl_import_package,
	  "import packages: tag,sku,batch,qty[,status]" },
	{ "sales", "list", "[--since YYYY-MM-DD] [--terminal NAME] [--limit N]",
	  "since=,terminal=,limit=", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  stashctl_cmd_sales_list, "list sales, newest first" },
	{ "stock", "list", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  stashctl_cmd_stock_list, "list packages and what is on hand" },
	{ "inventory", "list", "[--location LOC]", "location=", 0, 0,
	  CTL_READONLY|CTL_NEEDINFO, ctl_inventory_list,
	  "list packages: where, how much, status and lab result" },
	{ "inventory", "low", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_inventory_low, "products under their reorder point" },
	{ "inventory", "expiring", "[--days N]", "days=", 0, 0,
	  CTL_READONLY|CTL_NEEDINFO, ctl_inventory_expiring,
	  "packages whose expiry or lab result runs out within N days" },
	{ "trace", NULL, "batch|product|supplier|package KEY "
	  "[--csv | --report [--by NAME]]", "csv,report,by=", 2, 2,
	  CTL_READONLY|CTL_NEEDINFO, ctl_trace,
	  "every package, sale and adjustment of a batch, product, ..." },
	{ "manifest", "import", "FILE.csv|-", "", 1, 1, CTL_NEEDINFO,
	  ctl_manifest_import, "import manifests: manifest,supplier,tag,sku,"
	  "batch,qty,..." },
	{ "manifest", "list", "[--all]", "all", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_manifest_list, "open manifests (--all: closed ones too)" },
	{ "manifest", "show", "NUMBER", "", 1, 1, CTL_READONLY|CTL_NEEDINFO,
	  ctl_manifest_show, "a manifest's lines and discrepancies" },
	{ "audit", "verify", "", "", 0, 0, CTL_READONLY,
	  stashctl_cmd_audit_verify, "check the audit hash chain end to end" },
	{ "audit", "list", "[--limit N]", "limit=", 0, 0, CTL_READONLY,
	  stashctl_cmd_audit_list, "show the latest audit records" },
	{ "backup", NULL, "DIR", "", 1, 1, CTL_READONLY,
	  stashctl_cmd_backup, "online, compacting copy of the ledger" },
	{ "limits", "check", "[--jurisdiction ID | --rules FILE] < REQUEST",
	  "jurisdiction=,rules=", 0, 0, CTL_NOSTORE, ctl_limits_check,
	  "check a cart against the purchase limits (JSON on stdin)" },
	{ "parse", NULL, "aamva|nmea|scan|scale [--protocol NAME] "
	  "[--options OPTS]", "protocol=,options=", 1, 1, CTL_NOSTORE, ctl_parse,
	  "read device bytes on stdin, print JSON events" },
	{ "compliance", "status", "[--deadline SECONDS] [--rules-dir DIR]",
	  "deadline=,rules-dir=", 0, 0,
	  CTL_READONLY|CTL_NEEDINFO,
	  ctl_compliance_status, "state reporting: pending, exceptions, "
	  "last contact" },
	{ "compliance", "exceptions", "", "", 0, 0,
	  CTL_READONLY|CTL_NEEDINFO, ctl_compliance_exceptions,
	  "reports the state refused, with its message" },
	{ "compliance", "exception-report", "--from YYYY-MM-DD --to YYYY-MM-DD "
	  "[--deadline SECONDS]", "from=,to=,deadline=", 0, 0,
	  CTL_READONLY|CTL_NEEDINFO, ctl_compliance_exception_report,
	  "the regulator's report of what was not reported live, and why" },
	{ "compliance", "retry", "JOB|--all", "all", 0, 1, CTL_NEEDINFO,
	  ctl_compliance_retry, "send a refused report again once it is "
	  "fixed" },
	{ "compliance", "reconcile", "[--config FILE]", "config=", 0, 0,
	  CTL_NEEDINFO, ctl_compliance_reconcile, "ask the state for its "
	  "packages now; exit 2 if they differ" },
	{ "help", NULL, "", "", 0, 0, CTL_NOSTORE, stashctl_cmd_help,
	  "this list" },
	{ NULL, NULL, NULL, NULL, 0, 0, 0, NULL, NULL }
};

void
stashctl_error(const char *fmt, ...)
{
	va_list	ap;

	fflush(stdout);
	fputs("stashctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *
stashctl_words(const struct ctl_entry *ce, char *out, size_t len)
{
	if (ce->sub != NULL)
		snprintf(out, len, "%s %s", ce->name, ce->sub);
	else
		snprintf(out, len, "%s", ce->name);
	return (out);
}

static void
stashctl_usage(FILE *f, const struct ctl_entry *ce)
{
	char	words[64];

	stashctl_words(ce, words, sizeof words);
	fprintf(f, "usage: stashctl [-d DATADIR] [--json] %s%s%s\n", words,
	    *ce->usage != '\0' ? " " : "", ce->usage);
}

static int
stashctl_cmd_help(__unused struct ctl *ctl, __unused struct ctl_args *args)
{
	const struct ctl_entry	*ce;
	char			 words[64];

	printf("usage: stashctl [-d DATADIR] [--json] COMMAND [ARGS]\n\n"
	    "  -d DATADIR  the ledger (default $STASH_DATADIR, else %s)\n"
	    "  --json      print one JSON document for scripts\n\n"
	    "commands:\n", STASH_DATADIR);
	for (ce = stashctl_table; ce->name != NULL; ce++) {
		stashctl_words(ce, words, sizeof words);
		printf("  %s%s%s\n", words, *ce->usage != '\0' ? " " : "",
		    ce->usage);
		printf("      %s\n", ce->help);
	}
	return (0);
}

/*
 * Find the command for argv: one word, or two for the commands that have a
 * second word. *used is how many words were taken.
 */
static const struct ctl_entry *
stashctl_find(int argc, char **argv, int *used)
{
	const struct ctl_entry	*ce;
	struct buf		 subs;
	int			 known = 0;

	buf_init(&subs);
	for (ce = stashctl_table; ce->name != NULL; ce++) {
		if (strcmp(ce->name, argv[0]) != 0)
			continue;
		known = 1;
		if (ce->sub == NULL) {
			*used = 1;
			buf_free(&subs);
			return (ce);
		}
		if (argc > 1 && strcmp(ce->sub, argv[1]) == 0) {
			*used = 2;
			buf_free(&subs);
			return (ce);
		}
		buf_printf(&subs, "%s%s", subs.len != 0 ? "|" : "", ce->sub);
	}
	if (!known) {
		stashctl_error("unknown command: %s (stashctl help lists them)",
		    argv[0]);
	} else if (argc > 1) {
		stashctl_error("%s: unknown command %s (expected %s)", argv[0],
		    argv[1], buf_cstr(&subs));
	} else {
		stashctl_error("%s: what? (expected %s)", argv[0],
		    buf_cstr(&subs));
	}
	buf_free(&subs);
	return (NULL);
}

/* Is name (n bytes) in the options spec? -1 no, 0 a flag, 1 takes a value. */
static int
stashctl_opt_spec(const char *spec, const char *name, size_t n)
{
	const char	*p = spec, *end;
	size_t		 len;
	int		 value;

	while (*p != '\0') {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		len = end - p;
		value = len > 0 && p[len - 1] == '=';
		if (value)
			len--;
		if (len == n && strncmp(p, name, n) == 0)
			return (value);
		p = *end == ',' ? end + 1 : end;
	}
	return (-1);
}

/* Take --options (--name VALUE or --name=VALUE) out of the arguments. */
static int
stashctl_args_parse(struct ctl *ctl, const struct ctl_entry *ce, int argc,
    char **argv, struct ctl_args *args)
{
	const char	*a, *name, *eq, *value;
	char		 words[64];
	size_t		 n;
	int		 i, j, takes, dashdash = 0;

	memset(args, 0, sizeof *args);
	args->argv = xcalloc(argc + 1, sizeof *args->argv);
	stashctl_words(ce, words, sizeof words);
	for (i = 0; i < argc; i++) {
		a = argv[i];
		if (!dashdash && strcmp(a, "--") == 0) {
			dashdash = 1;
			continue;
		}
		if (dashdash || a[0] != '-' || a[1] == '\0') {
			args->argv[args->argc++] = argv[i];
			continue;
		}
		if (strcmp(a, "--json") == 0) {
			ctl->json = 1;
			continue;
		}
		if (strcmp(a, "-d") == 0 || strcmp(a, "--datadir") == 0) {
			if (i + 1 == argc) {
				stashctl_error("%s needs a directory", a);
				return (-1);
			}
			ctl->datadir = argv[++i];
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			stashctl_usage(stdout, ce);
			exit(0);
		}
		if (a[1] != '-') {
			stashctl_error("%s: unknown option %s", words, a);
			stashctl_usage(stderr, ce);
			return (-1);
		}
		name = a + 2;
		eq = strchr(name, '=');
		n = eq != NULL ? (size_t)(eq - name) : strlen(name);
		takes = stashctl_opt_spec(ce->options, name, n);
		if (takes == -1) {
			stashctl_error("%s: unknown option --%.*s", words,
			    (int)n, name);
			stashctl_usage(stderr, ce);
			return (-1);
		}
		value = NULL;
		if (takes) {
			if (eq != NULL)
				value = eq + 1;
			else if (i + 1 < argc)
				value = argv[++i];
			else {
				stashctl_error("%s: --%.*s needs a value",
				    words, (int)n, name);
				return (-1);
			}
		} else if (eq != NULL) {
			stashctl_error("%s: --%.*s takes no value", words,
			    (int)n, name);
			return (-1);
		}
		for (j = 0; j < (int)args->nopts; j++) {
			if (strlen(args->opts[j].name) == n &&
			    strncmp(args->opts[j].name, name, n) == 0) {
				stashctl_error("%s: --%.*s given twice", words,
				    (int)n, name);
				return (-1);
			}
		}
		if (args->nopts == CTL_MAXOPTS) {
			stashctl_error("%s: too many options", words);
			return (-1);
		}
		args->opts[args->nopts].name = xstrndup(name, n);
		args->opts[args->nopts].value = value;
		args->nopts++;
	}
	if (args->argc < ce->lower || args->argc > ce->upper) {
		stashctl_error("%s: wrong number of arguments", words);
		stashctl_usage(stderr, ce);
		return (-1);
	}
	return (0);
}

static void
stashctl_args_free(struct ctl_args *args)
{
	u_int	i;

	for (i = 0; i < args->nopts; i++)
		free(args->opts[i].name);
	free(args->argv);
}

/* The value of --name, or NULL. */
const char *
stashctl_opt(struct ctl_args *args, const char *name)
{
	u_int	i;

	for (i = 0; i < args->nopts; i++) {
		if (strcmp(args->opts[i].name, name) == 0)
			return (args->opts[i].value);
	}
	return (NULL);
}

int
stashctl_flag(struct ctl_args *args, const char *name)
{
	u_int	i;

	for (i = 0; i < args->nopts; i++) {
		if (strcmp(args->opts[i].name, name) == 0)
			return (1);
	}
	return (0);
}

/*
 * Open the ledger for a command: read-only when it only reads, never
 * creating one except for init and demo. The store's identity is read
 * once here (ctl->info), and a ledger from a newer stash is refused.
 */
int
stashctl_open(struct ctl *ctl, int flags)
{
	struct store_txn	 t;
	struct stat		 sb;
	char			*path, *cause;
	int64_t			 schema;
	int			 r;

	xasprintf(&path, "%s/data.mdb", ctl->datadir);
	r = stat(path, &sb);
	free(path);
	if (r != 0 && !(flags & CTL_CREATE)) {
		if (errno == ENOENT) {
			stashctl_error("%s: no ledger here (create one with "
			    "stashctl init or stashctl demo, or give -d "
			    "DATADIR)", ctl->datadir);
		} else
			stashctl_error("%s: %s", ctl->datadir, strerror(errno));
		return (-1);
	}
	if (store_open(ctl->datadir, CTL_MAPSIZE, !!(flags & CTL_READONLY),
	    &ctl->st, &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s: %s", ctl->datadir, t.err);
		return (-1);
	}
	schema = store_meta_get_i64(&t, "schema");
	r = store_meta_get_info(&t, &ctl->info);
	store_abort(&t);
	if (schema > STORE_SCHEMA) {
		stashctl_error("%s: ledger schema %lld is newer than this "
		    "stashctl (%d); upgrade stash", ctl->datadir,
		    (long long)schema, STORE_SCHEMA);
		return (-1);
	}
	if (r != 0 && r != STORE_NOTFOUND) {
		stashctl_error("%s: %s (%s)", ctl->datadir, store_strerror(r),
		    t.err);
		return (-1);
	}
	ctl->have_info = (r == 0);
	if ((flags & CTL_NEEDINFO) && !ctl->have_info) {
		stashctl_error("%s: the store is not initialised (run "
		    "stashctl init or stashctl demo first)", ctl->datadir);
		return (-1);
	}
	return (0);
}

/* One write transaction through store_write; reports the failure. */
int
stashctl_write(struct ctl *ctl, store_write_cb cb, void *arg)
{
	char	*cause = NULL;

	if (store_write(ctl->st, cb, arg, &cause) != 0) {
		stashctl_error("%s", cause != NULL ? cause : "write failed");
		free(cause);
		return (-1);
	}
	return (0);
}

void
stashctl_json_print(json_t *j)
{
	json_dumpf(j, stdout, JSON_COMPACT);
	fputc('\n', stdout);
	json_decref(j);
}

/* A JSON string; bytes that are not UTF-8 become '?'. */
json_t *
stashctl_json_str(const char *s)
{
	json_t	*j;
	char	*copy;
	size_t	 i;

	if ((j = json_string(s)) != NULL)
		return (j);
	copy = xstrdup(s);
	for (i = 0; copy[i] != '\0'; i++) {
		if ((u_char)copy[i] >= 0x80)
			copy[i] = '?';
	}
	j = json_string(copy);
	free(copy);
	return (j);
}

/* A copy fit for a terminal: control characters become '?'. */
const char *
stashctl_clean(const char *s, char *out, size_t len)
{
	size_t	i;

	strlcpy(out, s, len);
	for (i = 0; out[i] != '\0'; i++) {
		if ((u_char)out[i] < 0x20 || (u_char)out[i] == 0x7f)
			out[i] = '?';
	}
	return (out);
}

/*
 * A name or other free text: 1..max bytes of text (valid_text: UTF-8, no
 * control or direction override characters), no space at either end.
 */
int
stashctl_text_valid(const char *s, size_t max, const char *what,
    char **cause)
{
	size_t	n = strlen(s);

	if (n == 0) {
		xasprintf(cause, "%s is empty", what);
		return (-1);
	}
	if (n > max) {
		xasprintf(cause, "%s is longer than %zu bytes", what, max);
		return (-1);
	}
	if (valid_text(s, n, max, what, cause) != 0)
		return (-1);
	if (s[0] == ' ' || s[n - 1] == ' ') {
		xasprintf(cause, "%s starts or ends with a space", what);
		return (-1);
	}
	return (0);
}

/* A time in the store's zone, "-" for none. */
const char *
stashctl_time(struct ctl *ctl, int64_t t, char *out, size_t len)
{
	if (t == 0) {
		strlcpy(out, "-", len);
		return (out);
	}
	return (util_time_str(t, ctl->have_info ? ctl->info.tz : NULL, out,
	    len));
}

/* A time zone is a TZif file under the zoneinfo directory. */
static int
stashctl_tz_valid(const char *tz, char **cause)
{
	const char	*dir, *p;
	char		*path, magic[4];
	struct stat	 sb;
	int		 fd;
	ssize_t		 n;

	if (*tz == '\0' || strlen(tz) > sizeof ((struct store_info *)0)->tz -
	    1) {
		xasprintf(cause, "time zone must be 1 to 64 characters, like "
		    "America/Denver");
		return (-1);
	}
	for (p = tz; *p != '\0'; p++) {
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789/_+-", *p) == NULL)
			break;
		if (*p == '/' && (p == tz || p[1] == '/' || p[1] == '\0'))
			break;
	}
	if (*p != '\0' || strstr(tz, "..") != NULL || *tz == '.') {
		xasprintf(cause, "%s is not a time zone name like "
		    "America/Denver", tz);
		return (-1);
	}
	if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	xasprintf(&path, "%s/%s", dir, tz);
	fd = -1;
	n = 0;
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (fd = open(path, O_RDONLY)) != -1)
		n = read(fd, magic, sizeof magic);
	if (fd != -1)
		close(fd);
	free(path);
	if (n != sizeof magic || memcmp(magic, "TZif", 4) != 0) {
		xasprintf(cause, "unknown time zone %s (no such zone under %s)",
		    tz, dir);
		return (-1);
	}
	return (0);
}

/* Start of a store-local calendar day (YYYY-MM-DD) in UTC microseconds. */
static int
stashctl_day_start(const char *tz, const char *s, int64_t *out)
{
	struct tm	 tm;
	time_t		 secs;
	char		*saved = NULL;
	const char	*old;
	int		 y, m, d, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return (-1);
	for (i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return (-1);
	}
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return (-1);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	if ((old = getenv("TZ")) != NULL)
		saved = xstrdup(old);
	setenv("TZ", tz, 1);
	tzset();
	secs = mktime(&tm);
	if (saved != NULL) {
		setenv("TZ", saved, 1);
		free(saved);
	} else
		unsetenv("TZ");
	tzset();
	if (secs == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != m - 1)
		return (-1);
	*out = (int64_t)secs * 1000000;
	return (0);
}

/*
 * Read a PIN from standard input: one line. On a terminal, ask without
 * echo, twice.
 */
static int
stashctl_read_pin(const char *what, const char *opt, char *out, size_t len,
    char **cause)
{
	struct termios	 saved, raw;
	char		 again[CTL_PIN_MAX + 2];
	int		 tty, tries;
	size_t		 n;

	tty = isatty(STDIN_FILENO);
	for (tries = 0; tries < (tty ? 2 : 1); tries++) {
		if (tty) {
			fprintf(stderr, "%s %s: ", tries == 0 ? "PIN for" :
			    "again, PIN for", what);
			fflush(stderr);
			tcgetattr(STDIN_FILENO, &saved);
			raw = saved;
			raw.c_lflag &= ~ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
		}
		if (fgets(tries == 0 ? out : again, tries == 0 ? (int)len :
		    (int)sizeof again, stdin) == NULL) {
			if (tty) {
				tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
				fputc('\n', stderr);
			}
			xasprintf(cause, "no PIN for %s: give --%s PIN or "
			    "write it on standard input", what, opt);
			return (-1);
		}
		if (tty) {
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
			fputc('\n', stderr);
		}
	}
	n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == len - 1) {
		explicit_bzero(out, len);
		xasprintf(cause, "the PIN for %s is too long", what);
		return (-1);
	}
	out[n] = '\0';
	if (tty) {
		again[strcspn(again, "\r\n")] = '\0';
		if (strcmp(out, again) != 0) {
			explicit_bzero(out, len);
			explicit_bzero(again, sizeof again);
			xasprintf(cause, "the two PINs for %s differ", what);
			return (-1);
		}
		explicit_bzero(again, sizeof again);
	}
	return (0);
}

/* A PIN from --opt or standard input, checked and hashed. */
static int
stashctl_pin(struct ctl_args *args, const char *opt, const char *what,
    char *hash, size_t hashlen)
{
	char		 pin[CTL_PIN_MAX + 2], *cause = NULL;
	const char	*given;

	if ((given = stashctl_opt(args, opt)) != NULL) {
		if (strlen(given) >= sizeof pin) {
			stashctl_error("the PIN for %s is too long", what);
			return (-1);
		}
		strlcpy(pin, given, sizeof pin);
	} else if (stashctl_read_pin(what, opt, pin, sizeof pin,
	    &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	if (auth_pin_valid(pin, &cause) != 0) {
		explicit_bzero(pin, sizeof pin);
		stashctl_error("PIN for %s: %s", what, cause);
		free(cause);
		return (-1);
	}
	if (auth_pin_hash(pin, hash, hashlen) != 0) {
		explicit_bzero(pin, sizeof pin);
		stashctl_error("cannot hash the PIN: out of memory");
		return (-1);
	}
	explicit_bzero(pin, sizeof pin);
	return (0);
}

static int
stashctl_staff_id(const char *s, uint32_t *id)
{
	const char	*errstr;
	int64_t		 v;

	v = util_strtonum(s, 1, UINT32_MAX, &errstr);
	if (errstr != NULL) {
		stashctl_error("%s is not a staff ID (a number from 1)", s);
		return (-1);
	}
	*id = (uint32_t)v;
	return (0);
}

static int
stashctl_terminal_name_valid(const char *name, char **cause)
{
	size_t	n = strlen(name);

	if (n == 0 || n > TERMINAL_NAME_MAX ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-") != n) {
		xasprintf(cause, "a terminal name is 1 to %d letters, digits, "
		    "dots, dashes or underscores, like register-1",
		    TERMINAL_NAME_MAX);
		return (-1);
	}
	return (0);
}

static int
stashctl_limit(struct ctl_args *args, int64_t *limit)
{
	const char	*s, *errstr;

	if ((s = stashctl_opt(args, "limit")) == NULL)
		return (0);
	*limit = util_strtonum(s, 1, CTL_LIMIT_MAX, &errstr);
	if (errstr != NULL) {
		stashctl_error("--limit %s: a number from 1 to %d", s,
		    CTL_LIMIT_MAX);
		return (-1);
	}
	return (0);
}

/*
 * A listing is built in memory and written once its read transaction has
 * ended: a reader stuck on a full pipe must not pin the ledger's pages.
 */
struct stashctl_out {
	FILE	*f;
	char	*text;
	size_t	 len;
};

static FILE *
stashctl_out_open(struct stashctl_out *out)
{
	memset(out, 0, sizeof *out);
	if ((out->f = open_memstream(&out->text, &out->len)) == NULL)
		fatal("open_memstream");
	return (out->f);
}

static void
stashctl_out_done(struct stashctl_out *out, int print)
{
	fclose(out->f);
	if (print)
		fwrite(out->text, 1, out->len, stdout);
	free(out->text);
}

/*
 * End a listing: on a scan error report it and print nothing; otherwise
 * print the text (or the JSON). Ends the read transaction; takes arr.
 */
static int
stashctl_list_done(struct store_txn *t, struct stashctl_out *out, json_t *arr)
{
	if (t->ret != 0) {
		stashctl_error("%s: %s", store_strerror(t->ret), t->err);
		store_abort(t);
		json_decref(arr);
		stashctl_out_done(out, 0);
		return (-1);
	}
	store_abort(t);
	stashctl_out_done(out, 1);
	if (arr != NULL)
		stashctl_json_print(arr);
	return (0);
}

/* --- writes shared with ctl-demo.c --- */

/* Create the store and its first admin; refuses an initialised ledger. */
int
stashctl_store_init(struct store_txn *t, const struct store_info *si,
    const char *admin, const char *pin_hash, uint32_t *id, char **cause)
{
	struct store_info	old;
	int			r;

	r = store_meta_get_info(t, &old);
	if (r == 0) {
		xasprintf(cause, "this ledger is already initialised (store "
		    "\"%s\", licence %s); nothing was changed", old.name,
		    old.licence);
		return (-1);
	}
	if (r != STORE_NOTFOUND)
		return (-1);
	store_meta_put_info(t, si);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, "store.init", "store",
	    "licence=%s state=%s tz=%s", si->licence, si->state, si->tz);
	return (stashctl_staff_create(t, admin, ROLE_ADMIN, pin_hash, id,
	    cause));
}

int
stashctl_staff_create(struct store_txn *t, const char *name, int role,
    const char *pin_hash, uint32_t *id, char **cause)
{
	struct staff	s;
	char		subj[32];

	memset(&s, 0, sizeof s);
	s.id = store_staff_next_id(t);
	if (t->ret != 0)
		return (-1);
	if (s.id == 0) {
		xasprintf(cause, "no staff numbers left");
		return (-1);
	}
	strlcpy(s.name, name, sizeof s.name);
	s.role = role;
	strlcpy(s.pin_hash, pin_hash, sizeof s.pin_hash);
	s.active = 1;
	s.created = util_now();
	store_staff_put(t, &s);
	snprintf(subj, sizeof subj, "staff %u", s.id);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, "staff.add", subj, "role=%s",
	    perm_role_name(role));
	*id = s.id;
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Put a terminal in the pending state with a new one-time code (of which
 * only the hash is kept). An existing terminal is refused unless reenrol,
 * which also drops its credential.
 */
int
stashctl_terminal_issue(struct store_txn *t, const char *name, int64_t ttl,
    int reenrol, char *code, size_t codelen, int64_t *expires, char **cause)
{
	struct terminal	 tm;
	const char	*action;
	char		 subj[64];
	int		 r;

	r = store_terminal_get(t, name, &tm);
	if (r == 0) {
		if (!reenrol) {
			xasprintf(cause, "terminal %s already exists (%s); "
			    "add --reenrol to issue a new code (its current "
			    "credential then stops working)", name,
			    store_terminal_status_name(tm.status));
			return (-1);
		}
		action = "terminal.reenrol";
	} else if (r == STORE_NOTFOUND) {
		memset(&tm, 0, sizeof tm);
		strlcpy(tm.name, name, sizeof tm.name);
		tm.created = util_now();
		action = "terminal.add";
	} else
		return (-1);
	auth_code_new(code, codelen);
	auth_secret_hash(code, tm.code_hash);
	memset(tm.cred_hash, 0, sizeof tm.cred_hash);
	tm.status = TERMINAL_PENDING;
	tm.code_expires = util_now() + ttl * 1000000;
	tm.enrolled = 0;
	store_terminal_put(t, &tm);
	snprintf(subj, sizeof subj, "terminal %s", name);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, action, subj, "expires=%lld",
	    (long long)tm.code_expires);
	*expires = tm.code_expires;
	return (t->ret != 0 ? -1 : 0);
}

/* --- info --- */

static int
stashctl_cmd_info(struct ctl *ctl, __unused struct ctl_args *args)
{
	static const struct {
		const char	*name;
		enum store_db	 db;
	} tables[] = {
		{ "staff", DB_STAFF },
		{ "terminals", DB_TERMINAL },
		{ "products", DB_PRODUCT },
		{ "packages", DB_PACKAGE },
		{ "sales", DB_SALE },
		{ "audit", DB_AUDIT },
	};
	struct store_txn	 t;
	struct store_info	*si = &ctl->info;
	json_t			*j, *counts;
	uint64_t		 n[sizeof tables / sizeof tables[0]];
	char			 when[32], c[4][128];
	u_int			 i;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++)
		n[i] = store_count(&t, tables[i].db);
	store_abort(&t);

	if (ctl->json) {
		counts = json_object();
		for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
			json_object_set_new(counts, tables[i].name,
			    json_integer((json_int_t)n[i]));
		}
		j = json_pack("{s:o,s:o,s:o,s:o,s:I,s:o,s:I,s:o}",
		    "name", stashctl_json_str(si->name),
		    "licence", stashctl_json_str(si->licence),
		    "state", stashctl_json_str(si->state),
		    "tz", stashctl_json_str(si->tz),
		    "created", (json_int_t)si->created,
		    "datadir", stashctl_json_str(ctl->datadir),
		    "mapsize", (json_int_t)store_mapsize(ctl->st),
		    "counts", counts);
		if (j == NULL) {
			stashctl_error("%s: not valid UTF-8", ctl->datadir);
			return (-1);
		}
		stashctl_json_print(j);
		return (0);
	}
	printf("store    %s\n", stashctl_clean(si->name, c[0], sizeof c[0]));
	printf("licence  %s\n", stashctl_clean(si->licence, c[1],
	    sizeof c[1]));
	printf("state    %s\n", stashctl_clean(si->state, c[2], sizeof c[2]));
	printf("tz       %s\n", stashctl_clean(si->tz, c[3], sizeof c[3]));
	printf("created  %s\n", stashctl_time(ctl, si->created, when,
	    sizeof when));
	printf("ledger   %s (map %zu MiB)\n", ctl->datadir,
	    store_mapsize(ctl->st) >> 20);
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		printf("%-10s%llu\n", tables[i].name,
		    (unsigned long long)n[i]);
	}
	return (0);
}

/* --- init --- */

struct stashctl_init {
	struct store_info	 info;
	const char		*admin;
	char			 hash[128];
	uint32_t		 id;
};

static int
stashctl_init_cb(struct store_txn *t, void *arg, char **cause)
{
	struct stashctl_init	*in = arg;

	in->info.created = util_now();
	return (stashctl_store_init(t, &in->info, in->admin, in->hash,
	    &in->id, cause));
}

static int
stashctl_cmd_init(struct ctl *ctl, struct ctl_args *args)
{
	struct stashctl_init	 in;
	const char		*licence, *state, *tz, *name, *admin;
	char			*cause = NULL;
	size_t			 i;

	memset(&in, 0, sizeof in);
	licence = stashctl_opt(args, "licence");
	state = stashctl_opt(args, "state");
	tz = stashctl_opt(args, "tz");
	admin = stashctl_opt(args, "admin-name");
	if ((name = stashctl_opt(args, "name")) == NULL)
		name = "Stash Dispensary";
	if (licence == NULL || state == NULL || tz == NULL || admin == NULL) {
		stashctl_error("init needs --licence, --state, --tz and "
		    "--admin-name");
		stashctl_usage(stderr, &stashctl_table[0]);
		return (-1);
	}
	for (i = 0; licence[i] != '\0'; i++) {
		if (licence[i] < 0x20 || licence[i] > 0x7e)
			break;
	}
	if (i == 0 || i > 40 || licence[i] != '\0') {
		stashctl_error("--licence: 1 to 40 printable ASCII characters, "
		    "as on the state licence");
		return (-1);
	}
	if (strlen(state) != 2 || state[0] < 'A' || state[0] > 'Z' ||
	    state[1] < 'A' || state[1] > 'Z') {
		stashctl_error("--state: two capital letters, like CO");
		return (-1);
	}
	if (stashctl_tz_valid(tz, &cause) != 0 ||
	    stashctl_text_valid(name, sizeof in.info.name - 1, "--name",
	    &cause) != 0 ||
	    stashctl_text_valid(admin, sizeof ((struct staff *)0)->name - 1,
	    "--admin-name", &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	strlcpy(in.info.name, name, sizeof in.info.name);
	strlcpy(in.info.licence, licence, sizeof in.info.licence);
	strlcpy(in.info.state, state, sizeof in.info.state);
	strlcpy(in.info.tz, tz, sizeof in.info.tz);
	in.admin = admin;

	/* Hash before the transaction: it is slow on purpose. */
	if (stashctl_pin(args, "admin-pin", admin, in.hash,
	    sizeof in.hash) != 0)
		return (-1);
	if (stashctl_open(ctl, CTL_CREATE) != 0)
		return (-1);
	if (ctl->have_info) {
		stashctl_error("%s is already initialised (store \"%s\", "
		    "licence %s); nothing was changed", ctl->datadir,
		    ctl->info.name, ctl->info.licence);
		return (-1);
	}
	if (stashctl_write(ctl, stashctl_init_cb, &in) != 0)
		return (-1);
	explicit_bzero(in.hash, sizeof in.hash);

	if (ctl->json) {
		stashctl_json_print(json_pack("{s:{s:o,s:s,s:s,s:s},s:{s:i,"
		    "s:o,s:s}}", "store", "name", stashctl_json_str(name),
		    "licence", licence, "state", state, "tz", tz,
		    "admin", "id", (int)in.id, "name",
		    stashctl_json_str(admin), "role", "admin"));
		return (0);
	}
	printf("initialised %s (licence %s, %s, %s) in %s\n", name, licence,
	    state, tz, ctl->datadir);
	printf("admin is staff %u\n", in.id);
	return (0);
}

/* --- staff --- */

struct stashctl_staff {
	uint32_t	 id;
	const char	*name;
	int		 role;
	char		 hash[128];
	const char	*action;
	int		 changed;
	struct staff	 s;
};

static int
stashctl_staff_add_cb(struct store_txn *t, void *arg, char **cause)
{
	struct stashctl_staff	*sa = arg;

	return (stashctl_staff_create(t, sa->name, sa->role, sa->hash,
	    &sa->id, cause));
}

static int
stashctl_cmd_staff_add(struct ctl *ctl, struct ctl_args *args)
{
	struct stashctl_staff	 sa;
	struct buf		 roles;
	const char		*name, *role;
	char			*cause = NULL, c[80];
	int			 i;

	memset(&sa, 0, sizeof sa);
	name = stashctl_opt(args, "name");
	role = stashctl_opt(args, "role");
	if (name == NULL || role == NULL) {
		stashctl_error("staff add needs --name and --role");
		stashctl_usage(stderr, &stashctl_table[3]);
		return (-1);
	}
	if (stashctl_text_valid(name, sizeof sa.s.name - 1, "--name",
	    &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	if ((sa.role = perm_role_find(role)) == -1) {
		buf_init(&roles);
		for (i = 1; i <= ROLE_MAX; i++) {
			buf_printf(&roles, "%s%s", i == 1 ? "" : ", ",
			    perm_role_name(i));
		}
		stashctl_error("unknown role %s (roles: %s)", stashctl_clean(
		    role, c, sizeof c), buf_cstr(&roles));
		buf_free(&roles);
		return (-1);
	}
	sa.name = name;
	if (stashctl_pin(args, "pin", name, sa.hash, sizeof sa.hash) != 0)
		return (-1);
	if (stashctl_write(ctl, stashctl_staff_add_cb, &sa) != 0)
		return (-1);
	explicit_bzero(sa.hash, sizeof sa.hash);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:i,s:o,s:s}", "id", (int)sa.id,
		    "name", stashctl_json_str(name), "role",
		    perm_role_name(sa.role)));
	} else
		printf("%u\n", sa.id);
	return (0);
}

static int
stashctl_cmd_staff_list(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct staff		 s;
	struct stashctl_out	 out;
	json_t			*arr = NULL;
	FILE			*f;
	char			 when[32], c[64];
	int64_t			 now = util_now();

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	f = stashctl_out_open(&out);
	if (ctl->json)
		arr = json_array();
	else {
		fprintf(f, "%6s  %-24s %-10s %-6s %6s  %s\n", "ID", "NAME",
		    "ROLE", "ACTIVE", "FAILED", "LOCKED UNTIL");
	}
	store_iter_init(&t, &it, DB_STAFF, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (it.klen != 4 ||
		    store_staff_get(&t, store_key_get_u32(it.key), &s) != 0)
			break;
		if (arr != NULL) {
			json_array_append_new(arr, json_pack("{s:i,s:o,s:s,"
			    "s:b,s:i,s:I}", "id", (int)s.id, "name",
			    stashctl_json_str(s.name), "role",
			    perm_role_name(s.role), "active", s.active,
			    "failed", s.failed, "locked_until",
			    (json_int_t)s.locked_until));
			continue;
		}
		if (s.locked_until > now)
			stashctl_time(ctl, s.locked_until, when, sizeof when);
		else
			strlcpy(when, "-", sizeof when);
		fprintf(f, "%6u  %-24s %-10s %-6s %6d  %s\n", s.id,
		    stashctl_clean(s.name, c, sizeof c),
		    perm_role_name(s.role), s.active ? "yes" : "no",
		    s.failed, when);
	}
	store_iter_done(&it);
	return (stashctl_list_done(&t, &out, arr));
}

/* lock, unlock, pin: one staff record changed, with its audit record. */
static int
stashctl_staff_change_cb(struct store_txn *t, void *arg, char **cause)
{
	struct stashctl_staff	*sa = arg;
	struct staff		*s = &sa->s;
	char			 subj[32];
	int			 r;

	sa->changed = 0;
	r = store_staff_get(t, sa->id, s);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no staff member %u (stashctl staff list "
		    "shows them)", sa->id);
		return (-1);
	}
	if (r != 0)
		return (-1);
	if (strcmp(sa->action, "staff.lock") == 0) {
		if (!s->active)
			return (0);
		s->active = 0;
	} else if (strcmp(sa->action, "staff.unlock") == 0) {
		if (s->active && s->failed == 0 && s->locked_until == 0)
			return (0);
		s->active = 1;
		s->failed = 0;
		s->locked_until = 0;
	} else {
		strlcpy(s->pin_hash, sa->hash, sizeof s->pin_hash);
		s->failed = 0;
		s->locked_until = 0;
	}
	store_staff_put(t, s);
	snprintf(subj, sizeof subj, "staff %u", s->id);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, sa->action, subj, "%s", "");
	sa->changed = 1;
	return (t->ret != 0 ? -1 : 0);
}

static int
stashctl_staff_change(struct ctl *ctl, struct ctl_args *args,
    const char *action)
{
	struct stashctl_staff	 sa;
	const char		*what;
	char			 c[64];

	memset(&sa, 0, sizeof sa);
	sa.action = action;
	if (stashctl_staff_id(args->argv[0], &sa.id) != 0)
		return (-1);
	if (strcmp(action, "staff.pin") == 0) {
		snprintf(c, sizeof c, "staff %u", sa.id);
		if (stashctl_pin(args, "pin", c, sa.hash, sizeof sa.hash) != 0)
			return (-1);
	}
	if (stashctl_write(ctl, stashctl_staff_change_cb, &sa) != 0)
		return (-1);
	explicit_bzero(sa.hash, sizeof sa.hash);
	if (strcmp(action, "staff.lock") == 0)
		what = sa.changed ? "locked" : "was already locked";
	else if (strcmp(action, "staff.unlock") == 0)
		what = sa.changed ? "unlocked" : "was not locked";
	else
		what = "has a new PIN";
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:i,s:o,s:b,s:b}", "id",
		    (int)sa.id, "name", stashctl_json_str(sa.s.name), "active",
		    sa.s.active, "changed", sa.changed));
	} else {
		printf("staff %u (%s) %s\n", sa.id, stashctl_clean(sa.s.name,
		    c, sizeof c), what);
	}
	return (0);
}

static int
stashctl_cmd_staff_lock(struct ctl *ctl, struct ctl_args *args)
{
	return (stashctl_staff_change(ctl, args, "staff.lock"));
}

static int
stashctl_cmd_staff_unlock(struct ctl *ctl, struct ctl_args *args)
{
	return (stashctl_staff_change(ctl, args, "staff.unlock"));
}

static int
stashctl_cmd_staff_pin(struct ctl *ctl, struct ctl_args *args)
{
	return (stashctl_staff_change(ctl, args, "staff.pin"));
}

/* --- terminal --- */

struct stashctl_terminal {
	const char	*name;
	int64_t		 ttl;
	int		 reenrol;
	char		 code[AUTH_CODE_LEN + 1];
	int64_t		 expires;
	int		 changed;
};

static int
stashctl_terminal_add_cb(struct store_txn *t, void *arg, char **cause)
{
	struct stashctl_terminal	*ta = arg;

	return (stashctl_terminal_issue(t, ta->name, ta->ttl, ta->reenrol,
	    ta->code, sizeof ta->code, &ta->expires, cause));
}

static int
stashctl_cmd_terminal_add(struct ctl *ctl, struct ctl_args *args)
{
	struct stashctl_terminal	 ta;
	const char			*ttl, *errstr;
	char				*cause = NULL, when[32];

	memset(&ta, 0, sizeof ta);
	ta.name = args->argv[0];
	if (stashctl_terminal_name_valid(ta.name, &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	ta.ttl = CTL_TTL_DEFAULT;
	if ((ttl = stashctl_opt(args, "ttl")) != NULL) {
		ta.ttl = util_strtonum(ttl, 60, CTL_TTL_MAX, &errstr);
		if (errstr != NULL) {
			stashctl_error("--ttl %s: seconds, from 60 to %d (30 "
			    "days)", ttl, CTL_TTL_MAX);
			return (-1);
		}
	}
	ta.reenrol = stashctl_flag(args, "reenrol") ||
	    stashctl_flag(args, "reenroll");
	if (stashctl_write(ctl, stashctl_terminal_add_cb, &ta) != 0)
		return (-1);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:s,s:s,s:I}", "terminal",
		    ta.name, "code", ta.code, "expires",
		    (json_int_t)ta.expires));
	} else {
		/* The code alone on standard output: scripts read it. */
		printf("%s\n", ta.code);
		fflush(stdout);
		fprintf(stderr, "terminal %s: one-time enrolment code, valid "
		    "until %s (%s)\n", ta.name, stashctl_time(ctl, ta.expires,
		    when, sizeof when), ctl->info.tz);
	}
	explicit_bzero(ta.code, sizeof ta.code);
	return (0);
}

static int
stashctl_cmd_terminal_list(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct terminal		 tm;
	struct stashctl_out	 out;
	json_t			*arr = NULL;
	FILE			*f;
	char			 name[TERMINAL_NAME_MAX + 1];
	char			 created[32], enrolled[32], expires[32];
	size_t			 n;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	f = stashctl_out_open(&out);
	if (ctl->json)
		arr = json_array();
	else {
		fprintf(f, "%-20s %-8s %-19s  %-19s  %s\n", "NAME", "STATUS",
		    "CREATED", "ENROLLED", "CODE EXPIRES");
	}
	store_iter_init(&t, &it, DB_TERMINAL, NULL, 0, 0);
	while (store_iter_next(&it)) {
		/* Key: 16-bit length, then the name. */
		if (it.klen < 2)
			break;
		n = (size_t)it.key[0] << 8 | it.key[1];
		if (n != it.klen - 2 || n > TERMINAL_NAME_MAX) {
			store_fail(&t, STORE_CORRUPT, "terminal key damaged");
			break;
		}
		memcpy(name, it.key + 2, n);
		name[n] = '\0';
		if (store_terminal_get(&t, name, &tm) != 0)
			break;
		if (arr != NULL) {
			json_array_append_new(arr, json_pack("{s:o,s:s,s:I,"
			    "s:I,s:I}", "name", stashctl_json_str(tm.name),
			    "status", store_terminal_status_name(tm.status),
			    "created", (json_int_t)tm.created,
			    "enrolled", (json_int_t)tm.enrolled,
			    "code_expires", (json_int_t)tm.code_expires));
			continue;
		}
		stashctl_time(ctl, tm.created, created, sizeof created);
		stashctl_time(ctl, tm.enrolled, enrolled, sizeof enrolled);
		if (tm.status == TERMINAL_PENDING)
			stashctl_time(ctl, tm.code_expires, expires,
			    sizeof expires);
		else
			strlcpy(expires, "-", sizeof expires);
		fprintf(f, "%-20s %-8s %-19s  %-19s  %s\n",
		    stashctl_clean(tm.name, name, sizeof name),
		    store_terminal_status_name(tm.status), created, enrolled,
		    expires);
	}
	store_iter_done(&it);
	return (stashctl_list_done(&t, &out, arr));
}

static int
stashctl_terminal_revoke_cb(struct store_txn *t, void *arg, char **cause)
{
	struct stashctl_terminal	*ta = arg;
	struct terminal			 tm;
	char				 subj[64];
	int				 r;

	ta->changed = 0;
	r = store_terminal_get(t, ta->name, &tm);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no terminal %s (stashctl terminal list "
		    "shows them)", ta->name);
		return (-1);
	}
	if (r != 0)
		return (-1);
	if (tm.status == TERMINAL_REVOKED)
		return (0);
	tm.status = TERMINAL_REVOKED;
	memset(tm.code_hash, 0, sizeof tm.code_hash);
	memset(tm.cred_hash, 0, sizeof tm.cred_hash);
	tm.code_expires = 0;
	store_terminal_put(t, &tm);
	snprintf(subj, sizeof subj, "terminal %s", ta->name);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, "terminal.revoke", subj, "%s",
	    "");
	ta->changed = 1;
	return (t->ret != 0 ? -1 : 0);
}

static int
stashctl_cmd_terminal_revoke(struct ctl *ctl, struct ctl_args *args)
{
	struct stashctl_terminal	 ta;
	char				*cause = NULL;

	memset(&ta, 0, sizeof ta);
	ta.name = args->argv[0];
	if (stashctl_terminal_name_valid(ta.name, &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	if (stashctl_write(ctl, stashctl_terminal_revoke_cb, &ta) != 0)
		return (-1);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:s,s:s,s:b}", "terminal",
		    ta.name, "status", "revoked", "changed", ta.changed));
	} else if (ta.changed)
		printf("terminal %s revoked\n", ta.name);
	else
		printf("terminal %s was already revoked\n", ta.name);
	return (0);
}

/* --- sales --- */

static json_t *
stashctl_sale_json(struct store_txn *t, const struct sale *s)
{
	const struct sale_line	*l;
	struct staff		 st;
	json_t			*j, *lines;
	u_int			 i;

	lines = json_array();
	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		json_array_append_new(lines, json_pack("{s:s,s:i,s:o,s:s,s:I,"
		    "s:I,s:I}", "tag", l->tag, "product", (int)l->product,
		    "name", stashctl_json_str(l->name), "unit",
		    store_product_unit_name(l->unit_weight), "qty",
		    (json_int_t)l->qty, "price", (json_int_t)l->price,
		    "total", (json_int_t)l->total));
	}
	if (store_staff_get(t, s->staff, &st) != 0)
		st.name[0] = '\0';
	j = json_pack("{s:I,s:o,s:I,s:o,s:{s:i,s:o},s:o,s:I,s:I,s:I,s:I,s:s}",
	    "id", (json_int_t)s->id, "ref", stashctl_json_str(s->ref),
	    "time", (json_int_t)s->time,
	    "terminal", stashctl_json_str(s->terminal),
	    "staff", "id", (int)s->staff, "name", stashctl_json_str(st.name),
	    "lines", lines, "subtotal", (json_int_t)s->subtotal,
	    "total", (json_int_t)s->total, "tendered", (json_int_t)s->tendered,
	    "change", (json_int_t)s->change,
	    "status", s->status == SALE_VOID ? "void" : "complete");
	if (j != NULL && s->status == SALE_VOID) {
		json_object_set_new(j, "void", json_pack("{s:I,s:i,s:i,s:o}",
		    "time", (json_int_t)s->void_time, "staff",
		    (int)s->void_staff, "approver", (int)s->void_approver,
		    "reason", stashctl_json_str(s->void_reason)));
	}
	return (j);
}

static int
stashctl_cmd_sales_list(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct sale		*s;
	struct stashctl_out	 out;
	json_t			*arr = NULL;
	FILE			*f;
	const char		*since, *term;
	char			*cause = NULL, when[32], total[32];
	char			 c[TERMINAL_NAME_MAX + 1];
	int64_t			 from = 0, limit = 50, sum = 0, n = 0;

	if (stashctl_limit(args, &limit) != 0)
		return (-1);
	if ((since = stashctl_opt(args, "since")) != NULL &&
	    stashctl_day_start(ctl->info.tz, since, &from) != 0) {
		stashctl_error("--since %s: not a date (YYYY-MM-DD)", since);
		return (-1);
	}
	if ((term = stashctl_opt(args, "terminal")) != NULL &&
	    stashctl_terminal_name_valid(term, &cause) != 0) {
		stashctl_error("--terminal: %s", cause);
		free(cause);
		return (-1);
	}
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	s = xmalloc(sizeof *s);
	f = stashctl_out_open(&out);
	if (ctl->json)
		arr = json_array();
	else {
		fprintf(f, "%8s  %-19s  %-16s %6s %5s %10s  %s\n", "ID",
		    "TIME", "TERMINAL", "STAFF", "LINES", "TOTAL", "STATUS");
	}
	/* Newest first: sale numbers rise with time. */
	store_iter_init(&t, &it, DB_SALE, NULL, 0, 1);
	while (n < limit && store_iter_next(&it)) {
		if (store_sale_decode(it.val, it.vlen, s) != 0) {
			store_fail(&t, STORE_CORRUPT, "sale %llu record "
			    "damaged", it.klen == 8 ? (unsigned long long)
			    store_key_get_u64(it.key) : 0ULL);
			break;
		}
		if (s->time < from)
			break;
		if (term != NULL && strcmp(term, s->terminal) != 0)
			continue;
		n++;
		if (s->status == SALE_COMPLETE)
			sum += s->total;
		if (arr != NULL) {
			json_array_append_new(arr, stashctl_sale_json(&t, s));
			continue;
		}
		fprintf(f, "%8llu  %-19s  %-16s %6u %5u %10s  %s\n",
		    (unsigned long long)s->id, stashctl_time(ctl, s->time,
		    when, sizeof when), stashctl_clean(s->terminal, c,
		    sizeof c), s->staff, s->nlines,
		    money_fmt(s->total, total, sizeof total),
		    s->status == SALE_VOID ? "void" : "complete");
	}
	store_iter_done(&it);
	free(s);
	if (t.ret != 0) {
		stashctl_error("%s: %s", store_strerror(t.ret), t.err);
		store_abort(&t);
		json_decref(arr);
		stashctl_out_done(&out, 0);
		return (-1);
	}
	store_abort(&t);
	if (arr == NULL) {
		fprintf(f, "%lld sale%s, %s in complete sales (times in %s)\n",
		    (long long)n, n == 1 ? "" : "s",
		    money_fmt(sum, total, sizeof total), ctl->info.tz);
	}
	stashctl_out_done(&out, 1);
	if (arr != NULL)
		stashctl_json_print(arr);
	return (0);
}

/* --- stock --- */

static int
stashctl_cmd_stock_list(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct package		 pk;
	struct product		 p;
	struct stashctl_out	 out;
	json_t			*arr = NULL;
	FILE			*f;
	char			 qty[32], c[48], sku[SKU_MAX + 1];

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	f = stashctl_out_open(&out);
	if (ctl->json)
		arr = json_array();
	else {
		fprintf(f, "%-24s  %-14s %-32s %14s  %s\n", "TAG", "SKU",
		    "PRODUCT", "ON HAND", "STATUS");
	}
	store_iter_init(&t, &it, DB_PACKAGE, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_package_decode(it.val, it.vlen, &pk) != 0) {
			store_fail(&t, STORE_CORRUPT, "package %.*s record "
			    "damaged", (int)(it.klen > TAG_LEN ? TAG_LEN :
			    it.klen), (const char *)it.key);
			break;
		}
		if (store_product_get(&t, pk.product, &p) != 0) {
			if (t.ret != 0)
				break;
			memset(&p, 0, sizeof p);
			strlcpy(p.name, "(no such product)", sizeof p.name);
		}
		if (arr != NULL) {
			json_array_append_new(arr, json_pack("{s:s,s:o,s:o,"
			    "s:s,s:I,s:I,s:o,s:s}", "tag", pk.tag, "sku",
			    stashctl_json_str(p.sku), "product",
			    stashctl_json_str(p.name), "unit",
			    store_product_unit_name(p.unit_weight), "qty",
			    (json_int_t)pk.qty, "received_qty",
			    (json_int_t)pk.received_qty, "batch",
			    stashctl_json_str(pk.batch), "status",
			    store_package_status_name(pk.status)));
			continue;
		}
		if (p.unit_weight)
			weight_fmt(pk.qty, qty, sizeof qty);
		else
			snprintf(qty, sizeof qty, "%lld", (long long)pk.qty);
		fprintf(f, "%-24s  %-14s %-32s %14s  %s\n", pk.tag,
		    stashctl_clean(p.sku, sku, sizeof sku),
		    stashctl_clean(p.name, c, 33), qty,
		    store_package_status_name(pk.status));
	}
	store_iter_done(&it);
	return (stashctl_list_done(&t, &out, arr));
}

/* --- audit --- */

static int
stashctl_cmd_audit_verify(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct store_txn	 t;
	uint64_t		 count, bad;
	char			*cause = NULL;
	int			 r;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	r = audit_verify(&t, &count, &bad, &cause);
	store_abort(&t);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:b,s:I,s:I,s:s?}", "whole",
		    r == 0, "records", (json_int_t)count, "bad",
		    (json_int_t)bad, "error", cause));
	}
	if (r != 0) {
		if (bad != 0) {
			stashctl_error("audit chain broken at record %llu: %s "
			    "(%llu records before it are whole)",
			    (unsigned long long)bad, cause,
			    (unsigned long long)count);
		} else
			stashctl_error("audit verify: %s", cause);
		free(cause);
		return (-1);
	}
	if (!ctl->json) {
		printf("audit chain whole: %llu records\n",
		    (unsigned long long)count);
	}
	return (0);
}

static int
stashctl_cmd_audit_list(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct audit		 a;
	struct stashctl_out	 out;
	json_t			*arr = NULL;
	FILE			*f;
	uint64_t		*seqs;
	int64_t			 limit = 50, n = 0, i;
	char			 when[32], subj[65], detail[512], term[40];

	if (stashctl_limit(args, &limit) != 0)
		return (-1);
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	/* The latest limit records, then shown oldest first. */
	seqs = xreallocarray(NULL, (size_t)limit, sizeof *seqs);
	store_iter_init(&t, &it, DB_AUDIT, NULL, 0, 1);
	while (n < limit && store_iter_next(&it)) {
		if (it.klen == 8)
			seqs[n++] = store_key_get_u64(it.key);
	}
	store_iter_done(&it);
	f = stashctl_out_open(&out);
	if (ctl->json)
		arr = json_array();
	else {
		fprintf(f, "%6s  %-19s  %5s %5s  %-12s %-18s %-24s %s\n", "SEQ",
		    "TIME", "STAFF", "APPR", "TERMINAL", "ACTION", "SUBJECT",
		    "DETAIL");
	}
	for (i = n - 1; i >= 0 && t.ret == 0; i--) {
		if (audit_get(&t, seqs[i], &a) != 0) {
			if (t.ret != 0)
				break;
			if (arr != NULL) {
				json_array_append_new(arr, json_pack("{s:I,"
				    "s:b}", "seq", (json_int_t)seqs[i],
				    "damaged", 1));
			} else {
				fprintf(f, "%6llu  (record damaged: stashctl "
				    "audit verify)\n",
				    (unsigned long long)seqs[i]);
			}
			continue;
		}
		if (arr != NULL) {
			json_array_append_new(arr, json_pack("{s:I,s:I,s:i,"
			    "s:i,s:o,s:o,s:o,s:o}", "seq", (json_int_t)a.seq,
			    "time", (json_int_t)a.time, "staff", (int)a.staff,
			    "approver", (int)a.approver, "terminal",
			    stashctl_json_str(a.terminal), "action",
			    stashctl_json_str(a.action), "subject",
			    stashctl_json_str(a.subject), "detail",
			    stashctl_json_str(a.detail)));
			continue;
		}
		fprintf(f, "%6llu  %-19s  %5u %5u  %-12s %-18s ",
		    (unsigned long long)a.seq, stashctl_time(ctl, a.time, when,
		    sizeof when), a.staff, a.approver,
		    stashctl_clean(a.terminal, term, sizeof term),
		    stashctl_clean(a.action, detail, sizeof detail));
		/* Cleaned: a detail may hold text typed at a terminal. */
		fprintf(f, "%-24s %s\n", stashctl_clean(a.subject, subj,
		    sizeof subj), stashctl_clean(a.detail, detail,
		    sizeof detail));
	}
	free(seqs);
	if (t.ret != 0) {
		stashctl_error("%s: %s", store_strerror(t.ret), t.err);
		store_abort(&t);
		json_decref(arr);
		stashctl_out_done(&out, 0);
		return (-1);
	}
	store_abort(&t);
	stashctl_out_done(&out, 1);
	if (arr != NULL)
		stashctl_json_print(arr);
	return (0);
}

/* --- backup --- */

static int
stashctl_cmd_backup(struct ctl *ctl, struct ctl_args *args)
{
	const char	*dir = args->argv[0];
	char		*path, *cause = NULL, *a, *b;
	struct stat	 sb;
	int		 same;

	xasprintf(&path, "%s/data.mdb", dir);
	if (stat(path, &sb) == 0) {
		stashctl_error("%s already holds a ledger; back up into a new "
		    "or empty directory", dir);
		free(path);
		return (-1);
	}
	a = realpath(dir, NULL);
	b = realpath(ctl->datadir, NULL);
	same = a != NULL && b != NULL && strcmp(a, b) == 0;
	free(a);
	free(b);
	if (same) {
		stashctl_error("cannot back up the ledger into its own "
		    "directory");
		free(path);
		return (-1);
	}
	if (store_backup(ctl->st, dir, &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		free(path);
		return (-1);
	}
	if (stat(path, &sb) != 0) {
		stashctl_error("%s: %s", path, strerror(errno));
		free(path);
		return (-1);
	}
	free(path);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:o,s:o,s:I}", "ledger",
		    stashctl_json_str(ctl->datadir), "backup",
		    stashctl_json_str(dir), "bytes", (json_int_t)sb.st_size));
	} else {
		printf("backup of %s written to %s (%lld KiB)\n", ctl->datadir,
		    dir, (long long)(sb.st_size + 1023) / 1024);
	}
	return (0);
}

/* --- main --- */

static __dead void
stashctl_usage_exit(void)
{
	fprintf(stderr, "usage: stashctl [-d DATADIR] [--json] COMMAND "
	    "[ARGS]\n(stashctl help lists the commands)\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	struct ctl		 ctl;
	struct ctl_args		 args;
	const struct ctl_entry	*ce;
	const char		*env, *a;
	int			 i, used, r;

	umask(077);	/* the ledger and its backups hold PIN hashes */
	log_open("stashctl", LOGDEST_STDERR, 0);
	memset(&ctl, 0, sizeof ctl);
	ctl.datadir = STASH_DATADIR;
	if ((env = getenv("STASH_DATADIR")) != NULL && *env != '\0')
		ctl.datadir = env;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "-d") == 0 || strcmp(a, "--datadir") == 0) {
			if (++i == argc) {
				stashctl_error("%s needs a directory", a);
				stashctl_usage_exit();
			}
			ctl.datadir = argv[i];
		} else if (strncmp(a, "-d", 2) == 0 && a[1] == 'd')
			ctl.datadir = a + 2;
		else if (strncmp(a, "--datadir=", 10) == 0)
			ctl.datadir = a + 10;
		else if (strcmp(a, "--json") == 0)
			ctl.json = 1;
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return (stashctl_cmd_help(&ctl, NULL));
		else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("stashctl %s\n", STASH_VERSION);
			return (0);
		} else {
			stashctl_error("unknown option %s", a);
			stashctl_usage_exit();
		}
	}
	if (i == argc)
		stashctl_usage_exit();
	if (*ctl.datadir == '\0') {
		stashctl_error("the data directory is empty: give -d DATADIR");
		return (1);
	}
	if ((ce = stashctl_find(argc - i, argv + i, &used)) == NULL)
		return (1);
	if (stashctl_args_parse(&ctl, ce, argc - i - used, argv + i + used,
	    &args) != 0) {
		stashctl_args_free(&args);
		return (1);
	}
	if (auth_init() != 0) {
		stashctl_error("cannot initialise libsodium");
		r = -1;
	} else if ((ce->flags & (CTL_NOSTORE|CTL_CREATE)) == 0 &&
	    stashctl_open(&ctl, ce->flags) != 0)
		r = -1;
	else
		r = ce->exec(&ctl, &args);
	store_close(ctl.st);
	stashctl_args_free(&args);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		stashctl_error("cannot write the output: %s", strerror(errno));
		r = -1;
	}
	if (r == CTL_EXIT_DIFFERENT)
		return (r);
	return (r == 0 ? 0 : 1);
}
