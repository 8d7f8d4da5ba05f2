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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "settings.h"

/*
 * stashctl settings list|set: the store settings that are policy, not
 * law (settings.c, shared with stashd's settings.* ops). stashd's
 * stash.conf is read for the values the ledger does not override and for
 * what a value is checked against (the store's location, for delivery
 * zones). A change is in force at stashd's next op.
 */

/* stashd's configuration: --config FILE, the installed one, or defaults. */
int
ctl_settings_config(struct ctl_args *args, struct options **opts,
    const char **path)
{
	struct stat	 sb;
	const char	*conf;
	char		*cause = NULL;

	*opts = options_create();
	if ((conf = stashctl_opt(args, "config")) == NULL) {
		conf = STASH_SYSCONFDIR "/stash/stash.conf";
		if (stat(conf, &sb) != 0)
			conf = NULL;	/* stashd's defaults */
	}
	if (conf != NULL && options_load(*opts, conf, &cause) != 0) {
		stashctl_error("%s (give stashd's configuration with "
		    "--config FILE)", cause);
		free(cause);
		options_free(*opts);
		*opts = NULL;
		return (-1);
	}
	if (path != NULL)
		*path = conf != NULL ? conf : "stashd's defaults";
	return (0);
}

/* The ledger's settings over opts (stash.conf's), as stashd has them. */
int
ctl_settings_ledger(struct ctl *ctl, struct options *opts)
{
	struct store_txn	t;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("cannot read the ledger: %s", t.err);
		return (-1);
	}
	settings_apply(&t, opts);
	store_abort(&t);
	return (0);
}

int
ctl_settings_list(struct ctl *ctl, struct ctl_args *args)
{
	struct stashctl_list	 l;
	struct options		*opts;
	const char		*name;
	char			 head[128], value[SETTINGS_VALUE_MAX];
	char			 c[SETTINGS_VALUE_MAX];
	u_int			 i;
	int			 r;

	if (ctl_settings_config(args, &opts, NULL) != 0)
		return (-1);
	snprintf(head, sizeof head, "%-26s %-10s %s\n", "SETTING", "FROM",
	    "VALUE");
	if (stashctl_list_begin(ctl, &l, head) != 0) {
		options_free(opts);
		return (-1);
	}
	for (i = 0; (name = settings_name(i)) != NULL; i++) {
		r = settings_get(&l.t, name, value, sizeof value);
		if (r != 0 && r != STORE_NOTFOUND)
			break;
		if (r != 0)
			settings_value(opts, name, value, sizeof value);
		if (l.arr != NULL)
			json_array_append_new(l.arr, json_pack("{s:s,s:o,s:s}",
			    "key", name, "value", stashctl_json_str(value),
			    "source", r == 0 ? "ledger" : "stash.conf"));
		else
			fprintf(l.f, "%-26s %-10s %s\n", name, r == 0 ?
			    "ledger" : "stash.conf", stashctl_clean(value, c,
			    sizeof c));
	}
	options_free(opts);
	return (stashctl_list_end(&l));
}

struct ctl_settings {
	struct options	*opts;
	const char	*key;
	const char	*value;
	char		 old[SETTINGS_VALUE_MAX];
	int		 r;
};

static int
ctl_settings_set_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_settings	*cs = arg;

	settings_apply(t, cs->opts);
	cs->r = settings_set(t, cs->opts, cs->key, cs->value, 0,
	    CTL_AUDIT_WHO, cs->old, sizeof cs->old, cause);
	return (cs->r == SETTINGS_OK || cs->r == SETTINGS_SAME ? 0 : -1);
}

int
ctl_settings_set(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_settings	cs;
	char			c[SETTINGS_VALUE_MAX], o[SETTINGS_VALUE_MAX];
	int			r;

	memset(&cs, 0, sizeof cs);
	cs.key = args->argv[0];
	cs.value = args->argv[1];
	if (ctl_settings_config(args, &cs.opts, NULL) != 0)
		return (-1);
	r = stashctl_write(ctl, ctl_settings_set_cb, &cs);
	options_free(cs.opts);
	if (r != 0)
		return (-1);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:s,s:o,s:o,s:b}", "key",
		    cs.key, "value", stashctl_json_str(cs.value), "was",
		    stashctl_json_str(cs.old), "changed", cs.r == SETTINGS_OK));
	else if (cs.r == SETTINGS_SAME)
		printf("%s is already \"%s\"\n", cs.key,
		    stashctl_clean(cs.value, c, sizeof c));
	else
		printf("%s is now \"%s\" (was \"%s\")\n", cs.key,
		    stashctl_clean(cs.value, c, sizeof c),
		    stashctl_clean(cs.old, o, sizeof o));
	return (0);
}
