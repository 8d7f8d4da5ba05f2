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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "order.h"
#include "settings.h"

/*
 * Store settings an admin may change while the store runs: each is a
 * stash.conf(5) option (options.c has its type, bounds and help), and the
 * ledger's value, when one was set, is the one in force. Set with its
 * validation, its audit record (old and new value) and a bump of the staff
 * generation, which makes stashd read them again before its next op.
 */

static const char *settings_names[] = {
	"receipt-footer",
	"loyalty-points-per-dollar",
	"loyalty-point-value",
	"discount-threshold",
	"senior-age",
	"delivery-zones",
};
#define SETTINGS_N (sizeof settings_names / sizeof settings_names[0])
#define SETTINGS_FOOTER_MAX	120

/* The i'th setting's name, NULL after the last. */
const char *
settings_name(u_int i)
{
	return (i < SETTINGS_N ? settings_names[i] : NULL);
}

int
settings_known(const char *name)
{
	u_int	i;

	for (i = 0; i < SETTINGS_N; i++) {
		if (strcmp(settings_names[i], name) == 0)
			return (1);
	}
	return (0);
}

static void
settings_key(const char *name, char *out, size_t len)
{
	snprintf(out, len, "setting:%s", name);
}

/*
 * Would value do for setting name, given the rest of o? 0, or -1 with
 * *cause naming the rule it breaks.
 */
int
settings_valid(struct options *o, const char *name, const char *value,
    char **cause)
{
	struct options		*scratch;
	struct order_conf	 oc;
	char			 list[256];
	u_int			 i;
	size_t			 n = 0;
	int			 r;

	if (!settings_known(name)) {
		for (i = 0; i < SETTINGS_N; i++)
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s",
			    i == 0 ? "" : ", ", settings_names[i]);
		xasprintf(cause, "no setting \"%s\" (the settings are %s)",
		    name, list);
		return (-1);
	}
	if (strlen(value) >= SETTINGS_VALUE_MAX) {
		xasprintf(cause, "%s: longer than %d bytes", name,
		    SETTINGS_VALUE_MAX - 1);
		return (-1);
	}
	if (strcmp(name, "receipt-footer") == 0)
		return (valid_text(value, strlen(value), SETTINGS_FOOTER_MAX,
		    name, cause));
	if (strcmp(name, "delivery-zones") == 0) {
		memset(&oc, 0, sizeof oc);
		return (order_zones_parse(options_string(o, "store-location"),
		    value, &oc, cause));
	}
	scratch = options_create();
	r = options_set(scratch, name, value, cause);
	options_free(scratch);
	return (r);
}

/* The ledger's value of setting name: 0, STORE_NOTFOUND or an error. */
int
settings_get(struct store_txn *t, const char *name, char *out, size_t len)
{
	char	key[64];

	settings_key(name, key, sizeof key);
	return (store_meta_get_str(t, key, out, len));
}

/* What o holds for name, as text. */
void
settings_value(struct options *o, const char *name, char *out, size_t len)
{
	const struct option_entry	*oe;

	for (oe = options_table; oe->name != NULL; oe++) {
		if (strcmp(oe->name, name) != 0)
			continue;
		if (oe->type == OPTION_STRING)
			strlcpy(out, options_string(o, name), len);
		else
			snprintf(out, len, "%lld",
			    (long long)options_number(o, name));
		return;
	}
	out[0] = '\0';
}

/*
 * Set name to value in the ledger, as done by staff from terminal, in the
 * caller's write transaction. o is what is in force now (for the old
 * value when the ledger has none and for validation). *old gets the value
 * before.
 */
int
settings_set(struct store_txn *t, struct options *o, const char *name,
    const char *value, uint32_t staff, const char *terminal, char *old,
    size_t oldlen, char **cause)
{
	int	r;
	char	key[64];

	if (settings_valid(o, name, value, cause) != 0)
		return (SETTINGS_BAD);
	r = settings_get(t, name, old, oldlen);
	if (r == STORE_NOTFOUND)
		settings_value(o, name, old, oldlen);
	else if (r != 0)
		return (SETTINGS_STORE);
	if (r == 0 && strcmp(old, value) == 0)
		return (SETTINGS_SAME);
	settings_key(name, key, sizeof key);
	store_meta_put_str(t, key, value);
	store_staff_generation_bump(t);
	audit_append(t, staff, 0, terminal, "settings.set", name,
	    "old=\"%s\" new=\"%s\"", old, value);
	return (t->ret != 0 ? SETTINGS_STORE : SETTINGS_OK);
}

/*
 * Put the ledger's settings into o, over stash.conf's. A value the ledger
 * holds that o no longer takes (store-location changed under the delivery
 * zones) is logged and left out: stash.conf's stays in force.
 */
void
settings_apply(struct store_txn *t, struct options *o)
{
	char	value[SETTINGS_VALUE_MAX], *cause = NULL;
	u_int	i;

	for (i = 0; i < SETTINGS_N; i++) {
		if (settings_get(t, settings_names[i], value,
		    sizeof value) != 0)
			continue;
		if (settings_valid(o, settings_names[i], value, &cause) != 0 ||
		    options_set(o, settings_names[i], value, &cause) != 0) {
			log_warnx("setting %s in the ledger not used: %s",
			    settings_names[i], cause);
			free(cause);
			cause = NULL;
		}
	}
}
