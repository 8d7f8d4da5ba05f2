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

#include "ctl.h"

/* stashctl backup: an online, compacting copy of the ledger. */

int
ctl_backup(struct ctl *ctl, struct ctl_args *args)
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
