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

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stash.h"

/*
 * The one table of stashd's settings: name, type, default, bounds, unit and
 * help. stash.conf(5) is written from it; "stashd -n" checks a file against
 * it. A file is "name value" lines; '#' starts a comment.
 */

const struct option_entry options_table[] = {
	{ "listen", OPTION_STRING, "127.0.0.1:7411", 0, 0, 0, NULL,
	  "address and port for terminals (ADDR:PORT, [ADDR6]:PORT)" },
	{ "tls-cert", OPTION_STRING, "", 0, 0, 0, NULL,
	  "PEM certificate chain; TLS is on when this and tls-key are set" },
	{ "tls-key", OPTION_STRING, "", 0, 0, 0, NULL,
	  "PEM private key for tls-cert" },
	{ "insecure", OPTION_FLAG, NULL, 0, 0, 1, NULL,
	  "allow plain TCP on a non-loopback address (not for production)" },
	{ "data-dir", OPTION_STRING, STASH_DATADIR, 0, 0, 0, NULL,
	  "directory of the LMDB ledger" },
	{ "log", OPTION_STRING, "stderr", 0, 0, 0, NULL,
	  "where to log: stderr or syslog" },
	{ "max-frame", OPTION_NUMBER, NULL, MAX_FRAME, 1024, 16777216, "bytes",
	  "longest protocol frame accepted from a logged-in terminal" },
	{ "max-connections", OPTION_NUMBER, NULL, 1024, 1, 65536, NULL,
	  "terminal connections served at once" },
	{ "handshake-timeout", OPTION_NUMBER, NULL, 10, 1, 300, "seconds",
	  "a connection that has not said hello by then is closed" },
	{ "handshake-per-address", OPTION_NUMBER, NULL, 16, 1, 65536, NULL,
	  "connections from one address still in their handshake" },
	{ "session-idle", OPTION_NUMBER, NULL, 900, 1, 86400, "seconds",
	  "a staff session with no staff op this long is logged out" },
	{ "lockout-attempts", OPTION_NUMBER, NULL, 5, 1, 100, NULL,
	  "wrong PINs in a row that lock an account" },
	{ "lockout-time", OPTION_NUMBER, NULL, 900, 1, 604800, "seconds",
	  "how long a locked account stays locked" },
	{ "pin-workers", OPTION_NUMBER, NULL, 2, 1, 64, "threads",
	  "threads that check PINs off the event loop" },
	{ "limits", OPTION_FLAG, NULL, 1, 0, 1, NULL,
	  "check sales against the state's purchase-limit rules" },
	{ "rules-dir", OPTION_STRING, "", 0, 0, 0, NULL,
	  "directory of the rule files (empty: the installed ones)" },
	{ "tax-local", OPTION_STRING, "", 0, 0, 0, NULL,
	  "the store's county, city and district taxes (empty: none)" },
	{ "intake-tolerance", OPTION_NUMBER, NULL, 10, 0, 1000, "per mille",
	  "intake: a received quantity this close to the shipped one is "
	  "accepted" },
	{ "map-size", OPTION_NUMBER, NULL, 256, 1, 1048576, "MiB",
	  "initial LMDB map size; it grows by itself when full" },
	{ "metrc-url", OPTION_STRING, "", 0, 0, 0, NULL,
	  "Metrc API base URL, https:// (empty: state reporting is off)" },
	{ "metrc-licence", OPTION_STRING, "", 0, 0, 0, NULL,
	  "licence number reported under (empty: the store's)" },
	{ "metrc-secrets", OPTION_STRING, "", 0, 0, 0, NULL,
	  "file of vendor-key and user-key lines, mode 0600 or stricter" },
	{ "metrc-interval", OPTION_NUMBER, NULL, 30, 1, 3600, "seconds",
	  "how often the compliance outbox is checked for due reports" },
	{ "metrc-timeout", OPTION_NUMBER, NULL, 30, 1, 600, "seconds",
	  "longest wait for one request to the state system" },
	{ "metrc-window-hours", OPTION_NUMBER, NULL, 24, 1, 8760, "hours",
	  "longest lastModified window a lookup asks the state for (a "
	  "guess: Metrc publishes no limit)" },
	{ "metrc-patient-timeout", OPTION_NUMBER, NULL, 8, 1, 600, "seconds",
	  "longest a customer waits for the state's patient registry" },
	{ "metrc-rate", OPTION_NUMBER, NULL, 10, 1, 1000, "per second",
	  "requests to the state system a second for the licence (a guess: "
	  "Metrc publishes no limit for writes)" },
	{ "metrc-deadline", OPTION_NUMBER, NULL, 86400, 60, 31622400,
	  "seconds", "the state's reporting deadline: warn at 75% of it" },
	{ "metrc-reconcile", OPTION_NUMBER, NULL, 3600, 0, 604800, "seconds",
	  "how often the state's packages are compared with ours (0: off)" },
	{ "metrc-reconcile-step", OPTION_NUMBER, NULL, 1000, 1, 100000,
	  "packages", "packages (and reports owed) compared a pass of the "
	  "event loop while reconciling" },
	{ "metrc-transfers", OPTION_NUMBER, NULL, 600, 0, 86400, "seconds",
	  "how often incoming transfers become manifests (0: off)" },
	{ "metrc-reasons", OPTION_STRING, "", 0, 0, 0, NULL,
	  "our adjustment reasons by the state's names, ours=Name;... "
	  "(unmapped: Metrc's usual name, then ours, matched in the state's "
	  "list)" },
	{ "metrc-locations", OPTION_STRING, "floor=Sales Floor;vault=Vault;"
	  "express=Express;quarantine=Quarantine", 0, 0, 0, NULL,
	  "our locations by the state's names, ours=Name;... "
	  "(unmapped: our name as it is)" },
	{ "smtp-url", OPTION_STRING, "", 0, 0, 0, NULL,
	  "mail server for customer notifications, smtp://HOST[:PORT] "
	  "(STARTTLS required off loopback) or smtps:// (empty: no mail)" },
	{ "smtp-from", OPTION_STRING, "", 0, 0, 0, NULL,
	  "sender address of customer notifications (name@domain)" },
	{ "smtp-user", OPTION_STRING, "", 0, 0, 0, NULL,
	  "login on the mail server (empty: none)" },
	{ "smtp-secret", OPTION_STRING, "", 0, 0, 0, NULL,
	  "file whose first line is smtp-user's password, mode 0600" },
	{ "webhook-url", OPTION_STRING, "", 0, 0, 0, NULL,
	  "https:// URL signed notifications are POSTed to, e.g. an SMS "
	  "gateway (empty: none)" },
	{ "webhook-secret", OPTION_STRING, "", 0, 0, 0, NULL,
	  "file whose first line is the webhook's HMAC-SHA256 key, mode 0600" },
	{ "notify-interval", OPTION_NUMBER, NULL, 10, 1, 3600, "seconds",
	  "how often due notifications are looked for besides after each "
	  "commit" },
	{ "notify-timeout", OPTION_NUMBER, NULL, 30, 1, 600, "seconds",
	  "longest wait for one mail or webhook send" },
	{ "notify-retry", OPTION_NUMBER, NULL, 30, 1, 86400, "seconds",
	  "wait after a first failed send; doubled each time" },
	{ "notify-retry-max", OPTION_NUMBER, NULL, 3600, 1, 86400, "seconds",
	  "longest wait between two sends of a notification" },
	{ "notify-max-age", OPTION_NUMBER, NULL, 86400, 60, 604800, "seconds",
	  "a notification still failing this long after its event becomes "
	  "an exception" },
	{ "discount-threshold", OPTION_NUMBER, NULL, 100, 0, 1000,
	  "per mille", "discounts beyond this share of a sale need a "
	  "manager's approval" },
	{ "senior-age", OPTION_NUMBER, NULL, 65, 0, 150, "years",
	  "store policy: the youngest customer a senior discount is for" },
	{ "loyalty-points-per-dollar", OPTION_NUMBER, NULL, 1, 0, 1000, NULL,
	  "loyalty points earned per whole dollar paid before tax" },
	{ "loyalty-point-value", OPTION_NUMBER, NULL, 1, 0, 100000, "cents",
	  "what a loyalty point is worth when redeemed" },
	{ "order-expiry", OPTION_NUMBER, NULL, 3600, 0, 604800, "seconds",
	  "an order still to be packed this long after its window ends "
	  "expires and its stock is released (0: never)" },
	{ "store-location", OPTION_STRING, "", 0, 0, 0, NULL,
	  "the store's latitude and longitude in micro-degrees, LAT,LON "
	  "(delivery zones are distances from it)" },
	{ "delivery-zones", OPTION_STRING, "", 0, 0, 0, NULL,
	  "delivery zones as RADIUS:FEE,... in metres from the store and "
	  "cents, radii rising (empty: no delivery, pickup only)" },
	{ "receipt-footer", OPTION_STRING, "", 0, 0, 0, NULL,
	  "a line printed at the foot of every receipt (empty: none)" },
	{ "gps-retention-days", OPTION_NUMBER, NULL, 365, 1, 36500, "days",
	  "how long a trip's GPS trail is kept (pruned once a day)" },
	{ "off-route-m", OPTION_NUMBER, NULL, 1000, 10, 1000000, "metres",
	  "a driver this far from the straight path between the previous "
	  "and next stop is shown off route on the dispatch board" },
	{ "delivery-fee-taxed", OPTION_STRING, "", 0, 0, 0, NULL,
	  "yes or no: the delivery fee bears the rule file's taxes on the "
	  "price (empty: as the rule file says; no word there: not taxed)" },
	{ "metrc-delivery", OPTION_STRING, "", 0, 0, 0, NULL,
	  "planned or retailer: how Metrc hears of a trip (empty: as the "
	  "rule file says; no word there: planned)" },
	{ "route-url", OPTION_STRING, "", 0, 0, 0, NULL,
	  "an OSRM-compatible table service for road travel times, "
	  "http(s)://HOST:PORT (empty: straight-line estimates)" },
	{ "state-system", OPTION_STRING, "metrc", 0, 0, 0, NULL,
	  "the state's traceability system: metrc, biotrack, biotrack-v2024, "
	  "ccrs or none" },
	{ "ccrs-dir", OPTION_STRING, "", 0, 0, 0, NULL,
	  "state-system ccrs: the directory the daily CCRS files are written "
	  "to, for a person to upload" },
	{ "ccrs-licence", OPTION_STRING, "", 0, 0, 0, NULL,
	  "state-system ccrs: the six-digit WSLCB licence the files are for "
	  "(empty: the store's, if it is six digits)" },
	{ "ccrs-submitted-by", OPTION_STRING, "stash", 0, 0, 0, NULL,
	  "state-system ccrs: the SubmittedBy and CreatedBy of the files "
	  "(35 characters at most)" },
	{ "ccrs-interval", OPTION_NUMBER, NULL, 86400, 60, 604800, "seconds",
	  "state-system ccrs: how often the files are written" },
	{ "biotrack-url", OPTION_STRING, "", 0, 0, 0, NULL,
	  "state-system biotrack: the state's BioTrack API 4.0 address, "
	  "https://.../serverjson.asp" },
	{ "biotrack-secrets", OPTION_STRING, "", 0, 0, 0, NULL,
	  "state-system biotrack: file of ubi, username and password lines "
	  "(the company's UBI and the API user), mode 0600 or stricter" },
	{ "biotrack-interval", OPTION_NUMBER, NULL, 30, 1, 3600, "seconds",
	  "state-system biotrack: how often the outbox is looked at besides "
	  "after each commit" },
	{ "biotrack-timeout", OPTION_NUMBER, NULL, 30, 1, 600, "seconds",
	  "state-system biotrack: longest wait for one request" },
	{ "biotrack-rate", OPTION_NUMBER, NULL, 0, 0, 1000, "requests/s",
	  "state-system biotrack and biotrack-v2024: at most this many "
	  "requests a second (0: as fast as answers come; BioTrack "
	  "publishes no limit)" },
	{ "biotrack-destroy-wait", OPTION_NUMBER, NULL, 72 * 3600, 0,
	  30 * 86400, "seconds",
	  "state-system biotrack: the state's waiting period between a "
	  "destruction's schedule and its destroy (72 h as reported for "
	  "BioTrack states; check your state's)" },
	{ "biotrack-transfers", OPTION_NUMBER, NULL, 600, 0, 86400,
	  "seconds", "state-system biotrack: how often BioTrack is asked "
	  "for manifests inbound to this store (0: never)" },
	{ "biotrack-rooms", OPTION_STRING, "", 0, 0, 0, NULL,
	  "state-system biotrack and biotrack-v2024: our locations by the "
	  "state's rooms for package moves, ours=ROOM;... (ROOM a room's "
	  "number or name; unmapped: the state's room named as ours)" },
	{ "biotrack24-url", OPTION_STRING, "", 0, 0, 0, NULL,
	  "state-system biotrack-v2024: the licensee API's address, "
	  "https://api.licensee.fl.biotr.ac in Florida" },
	{ "biotrack24-secrets", OPTION_STRING, "", 0, 0, 0, NULL,
	  "state-system biotrack-v2024: file of ubi, license, username and "
	  "password lines, mode 0600 or stricter" },
	{ "biotrack24-approved", OPTION_STRING, "", 0, 0, 0, NULL,
	  "state-system biotrack-v2024: the day (YYYY-MM-DD) the licence's "
	  "admin last approved stash; the approval lapses 100 days later" },
	{ "biotrack24-approval-warn", OPTION_NUMBER, NULL, 14, 1, 99, "days",
	  "state-system biotrack-v2024: warn this many days before the "
	  "approval lapses" },
	{ NULL, 0, NULL, 0, 0, 0, NULL, NULL }
};

struct options {
	char		**str;
	int64_t		 *num;
	size_t		  n;
};

static int
options_index(const char *name)
{
	int	i;

	for (i = 0; options_table[i].name != NULL; i++) {
		if (strcmp(options_table[i].name, name) == 0)
			return (i);
	}
	return (-1);
}

struct options *
options_create(void)
{
	struct options	*o;
	size_t		 i, n;

	for (n = 0; options_table[n].name != NULL; n++)
		/* nothing */;
	o = xcalloc(1, sizeof *o);
	o->n = n;
	o->str = xcalloc(n, sizeof *o->str);
	o->num = xcalloc(n, sizeof *o->num);
	for (i = 0; i < n; i++) {
		if (options_table[i].type == OPTION_STRING)
			o->str[i] = xstrdup(options_table[i].default_str);
		else
			o->num[i] = options_table[i].default_num;
	}
	return (o);
}

void
options_free(struct options *o)
{
	size_t	i;

	for (i = 0; i < o->n; i++)
		free(o->str[i]);
	free(o->str);
	free(o->num);
	free(o);
}

int
options_set(struct options *o, const char *name, const char *value,
    char **cause)
{
	const struct option_entry	*oe;
	const char			*errstr;
	int64_t				 v;
	int				 i;

	if ((i = options_index(name)) == -1) {
		xasprintf(cause, "unknown option: %s", name);
		return (-1);
	}
	oe = &options_table[i];
	switch (oe->type) {
	case OPTION_STRING:
		free(o->str[i]);
		o->str[i] = xstrdup(value);
		break;
	case OPTION_FLAG:
		if (value == NULL || *value == '\0' ||
		    strcmp(value, "yes") == 0 || strcmp(value, "on") == 0 ||
		    strcmp(value, "1") == 0)
			o->num[i] = 1;
		else if (strcmp(value, "no") == 0 ||
		    strcmp(value, "off") == 0 || strcmp(value, "0") == 0)
			o->num[i] = 0;
		else {
			xasprintf(cause, "%s: expected yes or no, not \"%s\"",
			    name, value);
			return (-1);
		}
		break;
	case OPTION_NUMBER:
		v = util_strtonum(value, oe->minimum, oe->maximum, &errstr);
		if (errstr != NULL) {
			xasprintf(cause, "%s: \"%s\" is %s (allowed %lld to "
			    "%lld%s%s)", name, value, errstr,
			    (long long)oe->minimum, (long long)oe->maximum,
			    oe->unit != NULL ? " " : "",
			    oe->unit != NULL ? oe->unit : "");
			return (-1);
		}
		o->num[i] = v;
		break;
	}
	return (0);
}

/* Load a file; on error *cause names the file and line. */
int
options_load(struct options *o, const char *path, char **cause)
{
	FILE	*f;
	char	 line[1024], *p, *name, *value, *end, *why;
	u_int	 lineno = 0;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			xasprintf(cause, "%s:%u: line too long", path, lineno);
			fclose(f);
			return (-1);
		}
		for (p = line; isspace((u_char)*p); p++)
			/* nothing */;
		if (*p == '\0' || *p == '#')
			continue;
		name = p;
		while (*p != '\0' && *p != '#' && !isspace((u_char)*p))
			p++;
		if (*p == '#')
			*p = '\0';
		else if (*p != '\0')
			*p++ = '\0';
		while (isspace((u_char)*p))
			p++;
		value = p;
		if (*value == '"') {
			/* Quoted: a '#' inside is part of the value. */
			value++;
			if ((end = strchr(value, '"')) == NULL) {
				xasprintf(cause, "%s:%u: missing closing quote",
				    path, lineno);
				fclose(f);
				return (-1);
			}
			*end++ = '\0';
			while (isspace((u_char)*end))
				end++;
			if (*end != '\0' && *end != '#') {
				xasprintf(cause, "%s:%u: text after the closing "
				    "quote", path, lineno);
				fclose(f);
				return (-1);
			}
		} else {
			if ((end = strchr(value, '#')) != NULL)
				*end = '\0';
			end = value + strlen(value);
			while (end > value && isspace((u_char)end[-1]))
				*--end = '\0';
		}
		if (options_set(o, name, value, &why) != 0) {
			xasprintf(cause, "%s:%u: %s", path, lineno, why);
			free(why);
			fclose(f);
			return (-1);
		}
	}
	fclose(f);
	return (0);
}

const char *
options_string(struct options *o, const char *name)
{
	int	i;

	if ((i = options_index(name)) == -1 ||
	    options_table[i].type != OPTION_STRING)
		fatalx("options_string: no string option %s", name);
	return (o->str[i]);
}

int64_t
options_number(struct options *o, const char *name)
{
	int	i;

	if ((i = options_index(name)) == -1 ||
	    options_table[i].type == OPTION_STRING)
		fatalx("options_number: no number option %s", name);
	return (o->num[i]);
}

void
options_dump(struct options *o, FILE *f)
{
	const struct option_entry	*oe;
	size_t				 i;

	for (i = 0; i < o->n; i++) {
		oe = &options_table[i];
		fprintf(f, "# %s", oe->help);
		if (oe->type == OPTION_NUMBER)
			fprintf(f, " (%lld to %lld%s%s)",
			    (long long)oe->minimum, (long long)oe->maximum,
			    oe->unit != NULL ? " " : "",
			    oe->unit != NULL ? oe->unit : "");
		fprintf(f, "\n");
		switch (oe->type) {
		case OPTION_STRING:
			fprintf(f, "%s \"%s\"\n", oe->name, o->str[i]);
			break;
		case OPTION_FLAG:
			fprintf(f, "%s %s\n", oe->name,
			    o->num[i] ? "yes" : "no");
			break;
		case OPTION_NUMBER:
			fprintf(f, "%s %lld\n", oe->name,
			    (long long)o->num[i]);
			break;
		}
	}
}
