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
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

/*
 * The credential file: the 64 hex characters stashd gave this terminal at
 * enrolment, on one line, in a file only the terminal's user can read
 * (mode 0600). Default: $HOME/.config/stash/TERMINAL.cred.
 */

#define CLIENT_CRED_LEN	64

/*
 * A terminal's own file under $HOME (or ".", without one): dir is
 * ".config/stash" or ".local/state/stash", suffix ".cred" and the like.
 * Caller frees.
 */
char *
client_home_path(const char *dir, const char *terminal, const char *suffix)
{
	const char	*home;
	char		*path;

	home = getenv("HOME");
	if (home == NULL || *home == '\0')
		home = ".";
	xasprintf(&path, "%s/%s/%s%s", home, dir, terminal, suffix);
	return (path);
}

/* Caller frees. */
char *
client_cred_default_path(const char *terminal)
{
	return (client_home_path(".config/stash", terminal, ".cred"));
}

/* Read the credential into out (at least 65 bytes). */
int
client_cred_load(const char *path, char *out, size_t len, char **cause)
{
	struct stat	 sb;
	char		 line[128];
	FILE		*f;
	size_t		 n;
	u_char		 raw[CLIENT_CRED_LEN / 2];

	if (len < CLIENT_CRED_LEN + 1)
		fatalx("%s: buffer too small", __func__);
	f = fopen(path, "r");
	if (f == NULL) {
		if (errno == ENOENT) {
			xasprintf(cause, "no credential file %s: enrol this "
			    "terminal with stash -E CODE (the code comes from "
			    "stashctl terminal add)", path);
		} else
			xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077) != 0) {
		fclose(f);
		xasprintf(cause, "%s can be read by other users: run chmod 600 "
		    "%s (and ask whether the credential should be replaced)",
		    path, path);
		return (-1);
	}
	if (fgets(line, sizeof line, f) == NULL) {
		fclose(f);
		xasprintf(cause, "%s is empty: enrol again with stash -E CODE",
		    path);
		return (-1);
	}
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (n != CLIENT_CRED_LEN || util_unhex(line, raw, sizeof raw) != 0) {
		explicit_bzero(line, sizeof line);
		xasprintf(cause, "%s does not hold a credential (64 hex "
		    "characters): enrol again with stash -E CODE", path);
		return (-1);
	}
	memcpy(out, line, CLIENT_CRED_LEN + 1);
	explicit_bzero(line, sizeof line);
	explicit_bzero(raw, sizeof raw);
	return (0);
}

/*
 * Write the credential: the directory is made (0700) if needed, the file is
 * written to a temporary name with mode 0600, synced and renamed into place,
 * so a crash leaves the old file or the new one, never half of one.
 */
int
client_cred_save(const char *path, const char *cred, char **cause)
{
	char	*copy, *dir, *tmp;
	int	 fd, saved;
	size_t	 len = strlen(cred);

	copy = xstrdup(path);
	dir = dirname(copy);
	if (util_mkdirs(dir, 0700) != 0) {
		xasprintf(cause, "cannot create %s: %s", dir, strerror(errno));
		free(copy);
		return (-1);
	}
	free(copy);

	xasprintf(&tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY|O_CREAT|O_TRUNC, 0600);
	if (fd == -1) {
		xasprintf(cause, "cannot write %s: %s", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	if (write(fd, cred, len) != (ssize_t)len || write(fd, "\n", 1) != 1 ||
	    fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		xasprintf(cause, "cannot write %s: %s", tmp, strerror(saved));
		free(tmp);
		return (-1);
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		xasprintf(cause, "cannot rename %s to %s: %s", tmp, path,
		    strerror(saved));
		free(tmp);
		return (-1);
	}
	free(tmp);
	return (0);
}
