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

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

/* stashctl init: a new store and its first admin. */

/* A time zone is a TZif file under the zoneinfo directory. */
static int
ctl_init_tz_valid(const char *tz, char **cause)
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

/* --- writes shared with ctl-demo.c --- */

/* Create the store and its first admin; refuses an initialised ledger. */
int
ctl_init_store(struct store_txn *t, const struct store_info *si,
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
	return (ctl_staff_create(t, admin, ROLE_ADMIN, pin_hash, id,
	    cause));
}

/* --- init --- */

struct ctl_init {
	struct store_info	 info;
	const char		*admin;
	char			 hash[128];
	uint32_t		 id;
};

static int
ctl_init_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_init	*in = arg;

	in->info.created = util_now();
	return (ctl_init_store(t, &in->info, in->admin, in->hash,
	    &in->id, cause));
}

int
ctl_init(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_init	 in;
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
		stashctl_usage(stderr, args->entry);
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
	if (ctl_init_tz_valid(tz, &cause) != 0 ||
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
	if (ctl_staff_pin_hash(args, "admin-pin", admin, in.hash,
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
	if (stashctl_write(ctl, ctl_init_cb, &in) != 0)
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
