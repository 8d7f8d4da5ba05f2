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


#ifndef METRC_CONF_H
#define METRC_CONF_H

#include <curl/curl.h>

#include "metrc-payload.h"

/* metrc-conf.c: what stashd and stashctl share to reach the state. */
int	metrc_conf_secrets(const char *, char **, char **);
int	state_conf_secrets(const char *, const char *, const char *const *,
	    char **, u_int, char **);
int	metrc_conf_url(const char *, char **);
int	metrc_conf_check(const char *, const char *, char **, char **);
void	metrc_conf_easy(CURL *, const char *, long);
struct curl_slist *state_conf_headers(const char *, const char *,
	    const char *);

/* The longest state's reason or location name taken. */
#define METRC_CONF_NAME_MAX	METRC_NAME_MAX
json_t	*metrc_conf_map(const char *, const char *, int (*)(const char *),
	    const char *, char **);

#endif /* METRC_CONF_H */
