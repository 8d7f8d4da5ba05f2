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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "auth.h"
#include "reply.h"

/*
 * stashctl: the admin CLI. A table of commands (tmux cmd_entry style): each
 * names its words, its usage, the --options it takes, how many positional
 * arguments, how the ledger is opened, and the function to run. Human
 * output by default, one JSON document with --json. Exit 0 on success, 1
 * with "stashctl: message" on standard error otherwise.
 */

#define CTL_LIMIT_MAX	1000000

static int	stashctl_cmd_help(struct ctl *, struct ctl_args *);

static const struct ctl_entry stashctl_table[] = {
	{ "init", NULL,
	  "--licence LIC --state ST --tz ZONE [--name NAME] "
	  "--admin-name NAME [--admin-pin PIN]",
	  "licence=,state=,tz=,name=,admin-name=,admin-pin=", 0, 0,
	  CTL_CREATE, ctl_init,
	  "create the store and its first admin (staff 1)" },
	{ "demo", NULL, "", "", 0, 0, CTL_CREATE, ctl_demo,
	  "a demo store ready to sell: staff, catalogue, stock, a terminal" },
	{ "info", NULL, "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_info, "show the store and the size of its tables" },
	{ "staff", "add", "--name NAME --role ROLE [--pin PIN | --one-time]",
	  "name=,role=,pin=,one-time", 0, 0, CTL_NEEDINFO, ctl_staff_add,
	  "add a staff member; prints the new staff ID (and a one-time PIN "
	  "they replace at their first login)" },
	{ "staff", "list", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_staff_list, "list staff" },
	{ "staff", "lock", "ID", "", 1, 1, CTL_NEEDINFO,
	  ctl_staff_lock, "stop a staff member logging in" },
	{ "staff", "unlock", "ID", "", 1, 1, CTL_NEEDINFO,
	  ctl_staff_unlock,
	  "let a staff member log in again (clears wrong-PIN lockout)" },
	{ "staff", "pin", "ID [--pin PIN | --reset]", "pin=,reset", 1, 1,
	  CTL_NEEDINFO, ctl_staff_pin, "set a new PIN, or with --reset print "
	  "a one-time one they replace at their next login" },
	{ "staff", "deactivate", "ID", "", 1, 1, CTL_NEEDINFO,
	  ctl_staff_deactivate, "a staff member leaves for good (history "
	  "kept; never the last admin)" },
	{ "role", "list", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_role_list, "list the roles and their permissions" },
	{ "role", "define", "NAME PERM[,PERM...]", "", 2, 2, CTL_NEEDINFO,
	  ctl_role_define, "define a role with a set of permissions, or give "
	  "a defined one new permissions" },
	{ "role", "delete", "NAME", "", 1, 1, CTL_NEEDINFO,
	  ctl_role_delete, "delete a defined role no staff member holds" },
	{ "settings", "list", "[--config FILE]", "config=", 0, 0,
	  CTL_READONLY|CTL_NEEDINFO, ctl_settings_list,
	  "the store settings an admin may change, and their values" },
	{ "settings", "set", "KEY VALUE [--config FILE]", "config=", 2, 2,
	  CTL_NEEDINFO, ctl_settings_set,
	  "change a store setting (validated, audited, in force at once)" },
	{ "staff", "role", "ID ROLE", "", 2, 2, CTL_NEEDINFO,
	  ctl_staff_role, "give a staff member another role (never the "
	  "last admin's)" },
	{ "terminal", "add", "NAME [--ttl SECONDS] [--reenrol]",
	  "ttl=,reenrol,reenroll", 1, 1, CTL_NEEDINFO,
	  ctl_terminal_add,
	  "add a terminal; prints its one-time enrolment code" },
	{ "terminal", "list", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_terminal_list, "list terminals" },
	{ "terminal", "revoke", "NAME", "", 1, 1, CTL_NEEDINFO,
	  ctl_terminal_revoke, "shut a terminal out" },
	{ "terminal", "set", "NAME --card-only yes|no", "card-only=", 1, 1,
	  CTL_NEEDINFO, ctl_terminal_set,
	  "a card-only register takes no cash and opens no drawer" },
	{ "product", "import", "FILE.csv|- [--dry-run]", "dry-run", 1, 1,
	  CTL_NEEDINFO, ctl_import_product,
	  "import products (sku,name,category,unit,price,thc); a SKU that "
	  "exists is updated" },
	{ "product", "set", "SKU [--name NAME] [--category CAT] [--price P] "
	  "[--unit-cost C] [--thc PCT] [--reorder N] [--active yes|no] "
	  "[--net-mg MG] [--flower-mg MG] [--conc-mg MG] [--thc-mg MG] "
	  "[--other-mg MG] [--volume-ml ML] [--route ROUTE]",
	  "name=,category=,price=,unit-cost=,thc=,reorder=,active=,net-mg=,"
	  "flower-mg=,conc-mg=,thc-mg=,other-mg=,volume-ml=,route=", 1, 1,
	  CTL_NEEDINFO, ctl_product_set,
	  "edit a product (audited: what changed, the old values, who)" },
	{ "product", "show", "SKU", "", 1, 1, CTL_READONLY|CTL_NEEDINFO,
	  ctl_product_show, "a product as the ledger has it" },
	{ "package", "import", "FILE.csv|-", "", 1, 1, CTL_NEEDINFO,
	  ctl_import_package,
	  "import packages: tag,sku,batch,qty[,status]" },
	{ "package", "lab", "TAG [--status pass|fail] [--thc PCT] [--cbd PCT] "
	  "[--lab NAME] [--tested YYYY-MM-DD] [--expires YYYY-MM-DD|none] "
	  "[--certificate NUMBER]",
	  "status=,thc=,cbd=,lab=,tested=,expires=,certificate=", 1, 1,
	  CTL_NEEDINFO, ctl_package_lab,
	  "enter or correct a package's lab result (holds or releases it)" },
	{ "package", "show", "TAG", "", 1, 1, CTL_READONLY|CTL_NEEDINFO,
	  ctl_package_show,
	  "a package, and why the register would refuse to sell it" },
	{ "sales", "list", "[--since YYYY-MM-DD] [--terminal NAME] [--limit N]",
	  "since=,terminal=,limit=", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_sales_list, "list sales, newest first" },
	{ "stock", "list", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_stock_list, "list packages and what is on hand" },
	{ "inventory", "list", "[--location LOC]", "location=", 0, 0,
	  CTL_READONLY|CTL_NEEDINFO, ctl_inventory_list,
	  "list packages: where, how much, status and lab result" },
	{ "inventory", "low", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_inventory_low, "products under their reorder point" },
	{ "inventory", "expiring", "[--days N]", "days=", 0, 0,
	  CTL_READONLY|CTL_NEEDINFO, ctl_inventory_expiring,
	  "packages whose expiry or lab result runs out within N days" },
	{ "count", "start", "--location LOC | --category CAT | --all [--open]",
	  "location=,category=,all,open", 0, 0, CTL_NEEDINFO, ctl_count_start,
	  "start a stock count (blind unless --open); prints its number" },
	{ "count", "record", "COUNT TAG QTY", "", 3, 3, CTL_NEEDINFO,
	  ctl_count_record, "what was found of a package (units, or grams)" },
	{ "count", "report", "COUNT", "", 1, 1, CTL_READONLY|CTL_NEEDINFO,
	  ctl_count_report, "a count's lines and, once known, its variances" },
	{ "count", "finish", "COUNT [--adjust]", "adjust", 1, 1, CTL_NEEDINFO,
	  ctl_count_finish, "finish a count; --adjust makes each variance an "
	  "adjustment" },
	{ "vehicle", "add", "PLATE --make M --model M --colour C --vin VIN "
	  "[--gps] [--camera]", "make=,model=,colour=,vin=,gps,camera", 1, 1,
	  CTL_NEEDINFO, ctl_vehicle_add, "add a delivery vehicle" },
	{ "vehicle", "list", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_vehicle_list, "the delivery vehicles" },
	{ "vehicle", "remove", "PLATE", "", 1, 1, CTL_NEEDINFO,
	  ctl_vehicle_remove, "take a vehicle out of service" },
	{ "staff", "driver", "ID [--licence N] [--employee ID] "
	  "[--born YYYY-MM-DD]", "licence=,employee=,born=", 1, 1,
	  CTL_NEEDINFO, ctl_staff_driver,
	  "a driver's licence number, employee ID and date of birth" },
	{ "order", "create", "--json [--config FILE] < ORDER", "config=",
	  0, 0, CTL_NEEDINFO, ctl_order_create,
	  "place an order (the order.create document on stdin); reserves "
	  "stock" },
	{ "order", "list", "[--status STATUS] [--limit N]", "status=,limit=",
	  0, 0, CTL_READONLY|CTL_NEEDINFO, ctl_order_list,
	  "list orders, newest first" },
	{ "order", "show", "ORDER", "", 1, 1, CTL_READONLY|CTL_NEEDINFO,
	  ctl_order_show, "an order: lines, fee, status and its history" },
	{ "order", "cancel", "ORDER --reason TEXT", "reason=", 1, 1,
	  CTL_NEEDINFO, ctl_order_cancel,
	  "cancel an order not yet on its way; releases its stock" },
	{ "order", "pick", "ORDER", "", 1, 1, CTL_READONLY|CTL_NEEDINFO,
	  ctl_order_pick, "an order's pick list: each line's packages, the "
	  "one to take first" },
	{ "order", "pack", "ORDER TAG [--weight MG --weight-source "
	  "scale|typed]", "weight=,weight-source=", 2, 2, CTL_NEEDINFO,
	  ctl_order_pack, "a package into an order's line (weighed lines "
	  "take its weight)" },
	{ "order", "seal", "ORDER", "", 1, 1, CTL_NEEDINFO, ctl_order_seal,
	  "seal a packed order; prints its bag label" },
	{ "trip", "create", "--driver ID --vehicle PLATE --orders N[,N...] "
	  "[--depart-at SECONDS]", "driver=,vehicle=,orders=,depart-at=", 0,
	  0, CTL_NEEDINFO, ctl_trip_create,
	  "plan a trip: driver, vehicle, packed orders in stop order" },
	{ "trip", "assign", "TRIP ORDER", "", 2, 2, CTL_NEEDINFO,
	  ctl_trip_assign, "add a packed order to a planned trip" },
	{ "trip", "unassign", "TRIP ORDER", "", 2, 2, CTL_NEEDINFO,
	  ctl_trip_unassign, "take an order off a planned trip" },
	{ "trip", "reorder", "TRIP N[,N...]", "", 2, 2, CTL_NEEDINFO,
	  ctl_trip_reorder, "put a trip's stops in this order" },
	{ "trip", "optimise", "TRIP [--config FILE]", "config=", 1, 1,
	  CTL_NEEDINFO, ctl_trip_optimise,
	  "order a trip's stops by the route optimiser" },
	{ "trip", "check", "TRIP [--config FILE]", "config=", 1, 1,
	  CTL_READONLY|CTL_NEEDINFO, ctl_trip_check,
	  "the trip against the delivery rules; exit 2 if it breaks one" },
	{ "trip", "load", "TRIP [--config FILE]", "config=", 1, 1,
	  CTL_NEEDINFO, ctl_trip_load,
	  "move the orders' packages into the vehicle" },
	{ "trip", "depart", "TRIP [--ledger NUMBER] [--config FILE]",
	  "ledger=,config=", 1, 1, CTL_NEEDINFO, ctl_trip_depart,
	  "the vehicle leaves: its orders are out for delivery" },
	{ "trip", "restock", "TRIP TAG[:QTY][,TAG[:QTY]...] [--config FILE]",
	  "config=", 2, 2, CTL_NEEDINFO, ctl_trip_restock,
	  "take more stock on board a trip out on the road" },
	{ "trip", "close", "TRIP --cash AMOUNT [--returned TAG[:QTY],...]",
	  "cash=,returned=", 1, 1, CTL_NEEDINFO, ctl_trip_close,
	  "close a trip: packages back in the vault, the driver's cash" },
	{ "trip", "show", "TRIP", "", 1, 1, CTL_READONLY|CTL_NEEDINFO,
	  ctl_trip_show, "a trip: status, driver, vehicle, orders" },
	{ "trip", "list", "[--status STATUS]", "status=", 0, 0,
	  CTL_READONLY|CTL_NEEDINFO, ctl_trip_list, "the trips" },
	{ "trip", "manifest", "TRIP", "", 1, 1, CTL_READONLY|CTL_NEEDINFO,
	  ctl_trip_manifest, "the trip's delivery manifest, 80 columns" },
	{ "trip", "exceptions", "[--all]", "all", 0, 0,
	  CTL_READONLY|CTL_NEEDINFO, ctl_driver_exceptions,
	  "deliveries a handheld synced that broke a rule or failed" },
	{ "trip", "track", "TRIP [--gpx | --csv]", "gpx,csv", 1, 1,
	  CTL_READONLY|CTL_NEEDINFO, ctl_driver_track,
	  "a trip's GPS trail and stop events (GPX 1.1 or CSV)" },
	{ "trip", "day", "YYYY-MM-DD [--pages]", "pages", 1, 1,
	  CTL_READONLY|CTL_NEEDINFO, ctl_driver_day,
	  "an inspector's question: a day's trips and their manifests" },
	{ "trip", "stops", "TRIP [--pages]", "pages", 1, 1,
	  CTL_READONLY|CTL_NEEDINFO, ctl_driver_stops,
	  "a trip's stops with their times and GPS points" },
	{ "customer", "deliveries", "CUSTOMER [--pages]", "pages", 1, 1,
	  CTL_READONLY|CTL_NEEDINFO, ctl_driver_customer,
	  "a customer's deliveries: when, where, which trip and sale" },
	{ "trace", NULL, "batch|product|supplier|package KEY "
	  "[--csv | --report [--by NAME]]", "csv,report,by=", 2, 2,
	  CTL_READONLY|CTL_NEEDINFO, ctl_trace,
	  "every package, sale and adjustment of a batch, product, ..." },
	{ "recall", NULL, "batch|product|supplier|package KEY --reason TEXT "
	  "[--yes]", "reason=,yes", 2, 2, CTL_NEEDINFO, ctl_recall,
	  "recall stock: says how much it holds and asks first" },
	{ "manifest", "import", "FILE.csv|-", "", 1, 1, CTL_NEEDINFO,
	  ctl_manifest_import, "import manifests: manifest,supplier,tag,sku,"
	  "batch,qty,..." },
	{ "manifest", "list", "[--all]", "all", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_manifest_list, "open manifests (--all: closed ones too)" },
	{ "manifest", "show", "NUMBER", "", 1, 1, CTL_READONLY|CTL_NEEDINFO,
	  ctl_manifest_show, "a manifest's lines and discrepancies" },
	{ "audit", "verify", "", "", 0, 0, CTL_READONLY,
	  ctl_audit_verify, "check the audit hash chain end to end" },
	{ "audit", "list", "[--limit N]", "limit=", 0, 0, CTL_READONLY,
	  ctl_audit_list, "show the latest audit records" },
	{ "backup", NULL, "DIR", "", 1, 1, CTL_READONLY,
	  ctl_backup, "online, compacting copy of the ledger" },
	{ "limits", "check", "[--jurisdiction ID | --rules FILE] < REQUEST",
	  "jurisdiction=,rules=", 0, 0, CTL_NOSTORE, ctl_limits_check,
	  "check a cart against the purchase limits (JSON on stdin)" },
	{ "parse", NULL, "aamva|nmea|scan|scale [--protocol NAME] "
	  "[--options OPTS]", "protocol=,options=", 1, 1, CTL_NOSTORE, ctl_parse,
	  "read device bytes on stdin, print JSON events" },
	{ "route", NULL, "[--route-url URL] [--config FILE] < PROBLEM",
	  "route-url=,config=", 0, 0, CTL_NOSTORE, ctl_route,
	  "order a trip's stops (JSON on stdin): least late, then shortest" },
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
	{ "compliance", "reconcile", "[--config FILE] | --history "
	  "[--limit N]", "config=,history,limit=", 0, 0,
	  CTL_NEEDINFO, ctl_compliance_reconcile, "ask the state for its "
	  "packages now; exit 2 if they differ (--history: the runs kept)" },
	{ "compliance", "ccrs", "export [--since YYYY-MM-DD] [--config FILE] "
	  "DIR | uploaded FILE --by NAME | results FILE [--file UPLOAD]",
	  "since=,config=,by=,file=", 2, 2, CTL_NEEDINFO, ctl_ccrs,
	  "Washington's CCRS: write the files owed, record an upload, "
	  "import the state's answer" },
	{ "notify", "status", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_notify_status, "customer notifications: pending, exceptions, "
	  "done" },
	{ "notify", "exceptions", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_notify_exceptions, "notifications refused for good, and why" },
	{ "notify", "retry", "JOB", "", 1, 1, CTL_NEEDINFO, ctl_notify_retry,
	  "send a refused notification again once it is fixed" },
	{ "notify", "send", "--order N --event EVENT [--email ADDR] "
	  "[--phone NUMBER] [--first NAME] [--customer ID] [--eta MINUTES] "
	  "[--no-consent]", "order=,event=,email=,phone=,first=,customer=,"
	  "eta=,no-consent", 0, 0, CTL_NEEDINFO, ctl_notify_send,
	  "write an order event's notifications, as orders do (tests)" },
	{ "report", "rebuild", "", "", 0, 0, CTL_NEEDINFO, ctl_report_rebuild,
	  "make the reports' rollups again from the ledger" },
	{ "report", "lines", "--csv [--from DATE|WORD [--to DATE]]",
	  "csv,from=,to=", 0, 0, CTL_READONLY|CTL_NEEDINFO, ctl_report_lines,
	  "every sale line of a period as CSV, streamed" },
	{ "report", "dump", "", "", 0, 0, CTL_READONLY|CTL_NEEDINFO,
	  ctl_report_dump, "the reports' rollups, a row a line" },
	{ "report", NULL, "NAME [--from DATE|WORD [--to DATE]] [--by G[,G]] "
	  "[--filter K=V[,K=V...]] [--compare previous|last-year] "
	  "[--point-value CENTS] [--csv | --svg FILE [--chart KIND] "
	  "[--figure COLUMN|*]]",
	  "from=,to=,by=,filter=,compare=,point-value=,csv,svg=,chart=,"
	  "figure=", 1, 1,
	  CTL_READONLY|CTL_NEEDINFO, ctl_report,
	  "a manager's report: sales, products, inventory, turnover, shrink, "
	  "reorder, customers, staff, hours, compliance, delivery" },
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

void
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
	args->entry = ce;
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
	return (reply_string(s));
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


int
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

/* A quantity: milligrams as grams for weighed products, else units. */
void
stashctl_qty(int unit_weight, int64_t q, char *out, size_t len)
{
	if (unit_weight)
		weight_fmt(q, out, len);
	else
		snprintf(out, len, "%lld", (long long)q);
}

/* A YYYYMMDD date as YYYY-MM-DD, "-" for none. */
const char *
stashctl_date(int d, char *out, size_t len)
{
	if (d == 0)
		strlcpy(out, "-", len);
	else
		snprintf(out, len, "%04d-%02d-%02d", d / 10000,
		    (d / 100) % 100, d % 100);
	return (out);
}

/* A string member of a JSON object, "" if it is not one. */
const char *
stashctl_jstr(json_t *j, const char *name)
{
	const char	*s = json_string_value(json_object_get(j, name));

	return (s != NULL ? s : "");
}

/*
 * A JSON document on standard input of at most max bytes (said in MiB
 * from 2 MiB up, else in KiB); NULL with *cause if it is larger, cannot be
 * read or is not JSON (a duplicated key included).
 */
json_t *
stashctl_read_json(size_t max, char **cause)
{
	struct buf	 b;
	json_t		*j;
	json_error_t	 e;
	char		 tmp[65536];
	size_t		 n;

	*cause = NULL;
	buf_init(&b);
	while ((n = fread(tmp, 1, sizeof tmp, stdin)) > 0) {
		if (b.len + n > max) {
			if (max >= 2 * 1024 * 1024)
				xasprintf(cause, "the input is larger than "
				    "%zu MiB", max >> 20);
			else
				xasprintf(cause, "the input is larger than "
				    "%zu KiB", max >> 10);
			buf_free(&b);
			return (NULL);
		}
		buf_add(&b, tmp, n);
	}
	if (ferror(stdin)) {
		xasprintf(cause, "standard input: %s", strerror(errno));
		buf_free(&b);
		return (NULL);
	}
	j = json_loadb((const char *)b.data, b.len, JSON_REJECT_DUPLICATES, &e);
	buf_free(&b);
	if (j == NULL)
		xasprintf(cause, "the input is not JSON: line %d: %s", e.line,
		    e.text);
	return (j);
}


FILE *
stashctl_out_open(struct stashctl_out *out)
{
	memset(out, 0, sizeof *out);
	if ((out->f = open_memstream(&out->text, &out->len)) == NULL)
		fatal("open_memstream");
	return (out->f);
}

void
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
int
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

/*
 * Start a listing: a read transaction, the text in memory (its header
 * line, unless --json) or a JSON array.
 */
int
stashctl_list_begin(struct ctl *ctl, struct stashctl_list *l,
    const char *header)
{
	memset(l, 0, sizeof *l);
	l->ctl = ctl;
	if (store_begin(ctl->st, &l->t, 0) != 0) {
		stashctl_error("%s", l->t.err);
		return (-1);
	}
	l->f = stashctl_out_open(&l->out);
	if (ctl->json)
		l->arr = json_array();
	else if (header != NULL)
		fputs(header, l->f);
	return (0);
}

/* End a listing begun by stashctl_list_begin: print it unless it failed. */
int
stashctl_list_end(struct stashctl_list *l)
{
	return (stashctl_list_done(&l->t, &l->out, l->arr));
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
