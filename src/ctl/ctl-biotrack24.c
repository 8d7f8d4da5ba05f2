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

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "biotrack24-payload.h"
#include "metrc-conf.h"

/*
 * stashctl compliance reconcile under state-system biotrack-v2024: the
 * state's inventory as stashd's compliance.reconcile reads it
 * (state-biotrack24.c), with the same requests and parsers
 * (biotrack24-payload.c): a login (POST /v1/user/login with X-Ubi and
 * X-License), GET /v1/sync, then GET /v1/inventory page after page by
 * NextCursor. Blocking: this is a CLI. The comparison is the one every
 * state system's reconciliation uses (ctl-compliance.c, reconcile.c).
 */

#define CTL_B24_PAGES	10000

static const char *const ctl_b24_names[] = { "ubi", "license",
    "username", "password" };

struct ctl_b24 {
	CURL		*e;
	const char	*url;
	char		*v[4];		/* ubi, license, user, password */
	char		 token[128];
	struct buf	 reply;
	char		 errbuf[CURL_ERROR_SIZE];
};

/* One request; its HTTP status (0: no answer, said why), reply in b. */
static long
ctl_b24_call(struct ctl_b24 *b, struct biotrack24_req *rq)
{
	struct curl_slist	*h;
	char			*url;
	long			 status = 0;
	CURLcode		 cc;

	xasprintf(&url, "%s%s", b->url, rq->path);
	buf_free(&b->reply);
	buf_init(&b->reply);
	b->errbuf[0] = '\0';
	h = state_conf_headers(b->token, b->v[0], b->v[1]);
	curl_easy_setopt(b->e, CURLOPT_URL, url);
	curl_easy_setopt(b->e, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(b->e, CURLOPT_CUSTOMREQUEST, rq->method);
	curl_easy_setopt(b->e, CURLOPT_HTTPGET, 0L);
	if (rq->body != NULL) {
		curl_easy_setopt(b->e, CURLOPT_POSTFIELDS, rq->body);
		curl_easy_setopt(b->e, CURLOPT_POSTFIELDSIZE,
		    (long)strlen(rq->body));
	} else
		curl_easy_setopt(b->e, CURLOPT_HTTPGET, 1L);
	cc = curl_easy_perform(b->e);
	curl_easy_setopt(b->e, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	free(url);
	if (rq->body != NULL)
		freezero(rq->body, strlen(rq->body));
	rq->body = NULL;
	if (cc != CURLE_OK) {
		stashctl_error("BioTrack did not answer (%s): %s", b->url,
		    b->errbuf[0] != '\0' ? b->errbuf : curl_easy_strerror(cc));
		return (0);
	}
	curl_easy_getinfo(b->e, CURLINFO_RESPONSE_CODE, &status);
	return (status);
}

/* The session token, from the secrets' login. */
static int
ctl_b24_login(struct ctl_b24 *b)
{
	struct biotrack24_req		rq;
	struct biotrack24_answer	a;
	long				status;

	biotrack24_login(b->v[2], b->v[3], &rq);
	if ((status = ctl_b24_call(b, &rq)) == 0)
		return (-1);
	if (biotrack24_answer(status, (const char *)b->reply.data,
	    b->reply.len, &a) != 0 || status < 200 || status >= 300 ||
	    *a.token == '\0') {
		stashctl_error("BioTrack v2024 refused the login (HTTP %ld): "
		    "check biotrack24-secrets and the licence's approval",
		    status);
		return (-1);
	}
	strlcpy(b->token, a.token, sizeof b->token);
	explicit_bzero(&a, sizeof a);
	return (0);
}

/* /v1/sync, then every page of /v1/inventory into packages. */
static int
ctl_b24_inventory(struct ctl_b24 *b, json_t *packages)
{
	struct biotrack24_req	 rq;
	json_t			*rows;
	char			 cursor[BIOTRACK24_CURSOR_MAX + 1] = "";
	char			 why[256];
	long			 status;
	int			 page;

	biotrack24_sync(&rq);
	if ((status = ctl_b24_call(b, &rq)) == 0)
		return (-1);
	if (biotrack24_synced(status, (const char *)b->reply.data,
	    b->reply.len, why, sizeof why) != 0) {
		stashctl_error("the state's inventory could not be read: %s",
		    why);
		return (-1);
	}
	for (page = 0; page < CTL_B24_PAGES; page++) {
		biotrack24_inventory_page(cursor, &rq);
		if ((status = ctl_b24_call(b, &rq)) == 0)
			return (-1);
		if ((rows = biotrack24_page(status, (const char *)
		    b->reply.data, b->reply.len, cursor, sizeof cursor, why,
		    sizeof why)) == NULL) {
			stashctl_error("the state's inventory could not be "
			    "read: %s", why);
			return (-1);
		}
		biotrack24_inventory(rows, packages);
		json_decref(rows);
		if (*cursor == '\0')
			return (0);
	}
	stashctl_error("the state's inventory runs past %d pages",
	    CTL_B24_PAGES);
	return (-1);
}

/*
 * The state's inventory under the biotrack24-* settings of stash.conf
 * (conf, naming it in errors), as the reconciliation compares it ({Label,
 * Quantity} each), and the licence into licence; NULL, said why, if it
 * cannot be had.
 */
json_t *
ctl_biotrack24_inventory(struct options *opts, const char *conf,
    char *licence, size_t len)
{
	struct ctl_b24	 b;
	json_t		*packages = NULL;
	char		*cause = NULL;
	u_int		 i;

	memset(&b, 0, sizeof b);
	b.url = options_string(opts, "biotrack24-url");
	if (*b.url == '\0') {
		stashctl_error("%s: state-system biotrack-v2024 but "
		    "biotrack24-url is not set, so there is no state system to "
		    "reconcile with", conf);
		return (NULL);
	}
	if (metrc_conf_url(b.url, &cause) != 0 ||
	    state_conf_secrets(options_string(opts, "biotrack24-secrets"),
	    "biotrack24-secrets", ctl_b24_names, b.v, 4, &cause) != 0) {
		stashctl_error("%s: %s", conf, cause);
		free(cause);
		return (NULL);
	}
	strlcpy(licence, b.v[1], len);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 ||
	    (b.e = curl_easy_init()) == NULL) {
		stashctl_error("cannot initialise libcurl");
		goto out;
	}
	buf_init(&b.reply);
	curl_easy_setopt(b.e, CURLOPT_ERRORBUFFER, b.errbuf);
	curl_easy_setopt(b.e, CURLOPT_WRITEFUNCTION, ctl_curl_write);
	curl_easy_setopt(b.e, CURLOPT_WRITEDATA, &b.reply);
	metrc_conf_easy(b.e, NULL, (long)options_number(opts,
	    "biotrack-timeout"));
	curl_easy_setopt(b.e, CURLOPT_HTTPAUTH, (long)CURLAUTH_NONE);
	packages = json_array();
	if (ctl_b24_login(&b) != 0 || ctl_b24_inventory(&b, packages) != 0) {
		json_decref(packages);
		packages = NULL;
	}
	buf_free(&b.reply);
	curl_easy_cleanup(b.e);
	curl_global_cleanup();
out:
	for (i = 0; i < 4; i++)
		freezero(b.v[i], strlen(b.v[i]));
	explicit_bzero(b.token, sizeof b.token);
	return (packages);
}
