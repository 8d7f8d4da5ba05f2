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

#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "metrc-conf.h"

/*
 * How stashd and stashctl reach the state system alike: the keys from the
 * secrets file (never echoed), the URL's scheme, and one libcurl handle's
 * options (basic auth, TLS verified, no signals, no redirects, bounded).
 */

/*
 * A private secrets file of "NAME VALUE" lines (mode 0600 or stricter),
 * for the setting what: each of the n names must be there once at least
 * (the last wins); values[i] gets names[i]'s (freezero each). No line is
 * ever echoed: it may hold a key.
 */
int
state_conf_secrets(const char *path, const char *what,
    const char *const *names, char **values, u_int n, char **cause)
{
	struct stat	 sb;
	FILE		*f;
	char		*line = NULL, *p;
	size_t		 size = 0, l = 0;
	u_int		 lineno = 0, i;
	int		 r = -1;

	for (i = 0; i < n; i++)
		values[i] = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: cannot open %s: %s", what, path,
		    strerror(errno));
		return (-1);
	}
	if (fstat(fileno(f), &sb) != 0 || (sb.st_mode & 077) != 0) {
		xasprintf(cause, "%s: %s can be read by group or others "
		    "(mode %04o): run \"chmod 600 %s\"", what, path,
		    (u_int)(sb.st_mode & 07777), path);
		fclose(f);
		return (-1);
	}
	while (getline(&line, &size, f) != -1) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		p = line + strspn(line, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		for (i = 0; i < n; i++) {
			l = strlen(names[i]);
			if (strncmp(p, names[i], l) == 0 &&
			    (p[l] == ' ' || p[l] == '\t'))
				break;
		}
		if (i == n) {
			xasprintf(cause, "%s: %s line %u: expected \"%s "
			    "VALUE\"%s", what, path, lineno, names[0],
			    n > 1 ? " or another of its names" : "");
			goto out;
		}
		if (values[i] != NULL)
			freezero(values[i], strlen(values[i]));
		values[i] = xstrdup(p + l + strspn(p + l, " \t"));
	}
	for (i = 0; i < n; i++) {
		if (values[i] == NULL || *values[i] == '\0') {
			xasprintf(cause, "%s: %s needs a %s line", what, path,
			    names[i]);
			goto out;
		}
	}
	r = 0;
out:
	if (line != NULL)
		freezero(line, size);
	if (r != 0) {
		for (i = 0; i < n; i++) {
			if (values[i] != NULL)
				freezero(values[i], strlen(values[i]));
			values[i] = NULL;
		}
	}
	fclose(f);
	return (r);
}

/*
 * metrc-secrets: vendor-key and user-key lines; *userpwd is
 * "vendor:user" for HTTP basic authentication.
 */
int
metrc_conf_secrets(const char *path, char **userpwd, char **cause)
{
	static const char *const names[] = { "vendor-key", "user-key" };
	char			*v[2];
	int			 r = -1;

	if (state_conf_secrets(path, "metrc-secrets", names, v, 2,
	    cause) != 0)
		return (-1);
	if (strchr(v[0], ':') != NULL)
		xasprintf(cause, "metrc-secrets: %s: the vendor key cannot "
		    "contain ':'", path);
	else {
		xasprintf(userpwd, "%s:%s", v[0], v[1]);
		r = 0;
	}
	freezero(v[0], strlen(v[0]));
	freezero(v[1], strlen(v[1]));
	return (r);
}

/* https:// anywhere; plain http:// only to a simulator on loopback. */
int
metrc_conf_url(const char *url, char **cause)
{
	const char	*h;

	if (strncmp(url, "https://", 8) == 0 && url[8] != '\0')
		return (0);
	if (strncmp(url, "http://", 7) == 0) {
		h = url + 7;
		if (strncmp(h, "127.", 4) == 0 ||
		    strncmp(h, "[::1]", 5) == 0 ||
		    (strncmp(h, "localhost", 9) == 0 && (h[9] == ':' ||
		    h[9] == '/' || h[9] == '\0')))
			return (0);
		xasprintf(cause, "metrc-url: plain http:// is only allowed "
		    "to a simulator on loopback; use https:// for %s", url);
		return (-1);
	}
	xasprintf(cause, "metrc-url: \"%s\" is not an https:// URL", url);
	return (-1);
}

static struct curl_slist *
state_conf_header(struct curl_slist *l, const char *name, const char *value)
{
	char	*s;

	xasprintf(&s, "%s: %s", name, value);
	l = curl_slist_append(l, s);
	freezero(s, strlen(s));
	return (l);
}

/*
 * BioTrack v2024's request headers (stashd's and stashctl's): JSON both
 * ways, and a login's X-Ubi and X-License (token NULL or "") or else the
 * session's X-Session-Token. The copies made of the values are wiped.
 */
struct curl_slist *
state_conf_headers(const char *token, const char *ubi, const char *license)
{
	struct curl_slist	*l = NULL;

	l = curl_slist_append(l, "Content-Type: application/json");
	l = curl_slist_append(l, "Accept: application/json");
	if (token == NULL || *token == '\0') {
		l = state_conf_header(l, "X-Ubi", ubi);
		l = state_conf_header(l, "X-License", license);
	} else
		l = state_conf_header(l, "X-Session-Token", token);
	return (l);
}

/* A request's options: keys, TLS checks, timeouts (s). */
void
metrc_conf_easy(CURL *e, const char *userpwd, long timeout)
{
	curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(e, CURLOPT_USERPWD, userpwd);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, timeout < 10 ? timeout :
	    10L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, timeout);
}

/*
 * A name map option (metrc-reasons, metrc-locations): "ours=Theirs;..."
 * with our names checked by valid (what says what they are), the state's
 * names non-empty, printable and at most METRC_CONF_NAME_MAX long. A JSON
 * object ours -> theirs, or NULL with cause naming the option and the
 * entry.
 */
json_t *
metrc_conf_map(const char *option, const char *value,
    int (*valid)(const char *), const char *what, char **cause)
{
	json_t		*map;
	char		*copy, *p, *entry, *eq, *ours, *theirs, *e;
	size_t		 i;

	map = json_object();
	copy = p = xstrdup(value);
	while ((entry = strsep(&p, ";")) != NULL) {
		entry += strspn(entry, " \t");
		if (*entry == '\0')
			continue;
		if ((eq = strchr(entry, '=')) == NULL) {
			xasprintf(cause, "%s: \"%s\" is not ours=Theirs",
			    option, entry);
			goto bad;
		}
		*eq = '\0';
		ours = entry;
		theirs = eq + 1 + strspn(eq + 1, " \t");
		for (e = eq; e > ours && isspace((u_char)e[-1]); e--)
			e[-1] = '\0';
		for (e = theirs + strlen(theirs); e > theirs &&
		    isspace((u_char)e[-1]); e--)
			e[-1] = '\0';
		if (!valid(ours)) {
			xasprintf(cause, "%s: \"%s\" is not %s", option, ours,
			    what);
			goto bad;
		}
		if (*theirs == '\0' || strlen(theirs) > METRC_CONF_NAME_MAX) {
			xasprintf(cause, "%s: the state's name for %s must be "
			    "1 to %d characters", option, ours,
			    METRC_CONF_NAME_MAX);
			goto bad;
		}
		for (i = 0; theirs[i] != '\0'; i++) {
			if (!isprint((u_char)theirs[i])) {
				xasprintf(cause, "%s: the state's name for %s "
				    "has a character that is not printable",
				    option, ours);
				goto bad;
			}
		}
		json_object_set_new(map, ours, json_string(theirs));
	}
	free(copy);
	return (map);
bad:
	free(copy);
	json_decref(map);
	return (NULL);
}

/*
 * metrc-url (set) and metrc-secrets as stashd starts with them: the URL
 * is usable and the secrets file readable and private. *userpwd is the
 * vendor:user pair (freezero it).
 */
int
metrc_conf_check(const char *url, const char *secrets, char **userpwd,
    char **cause)
{
	if (metrc_conf_url(url, cause) != 0)
		return (-1);
	if (*secrets == '\0') {
		xasprintf(cause, "metrc-url is set but metrc-secrets is not: "
		    "name the file with the vendor-key and user-key lines");
		return (-1);
	}
	return (metrc_conf_secrets(secrets, userpwd, cause));
}
