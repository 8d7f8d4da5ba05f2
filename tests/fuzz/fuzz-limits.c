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


/*
 * libFuzzer harness for "stashctl limits check" input (ctl-limits.c reads
 * the JSON, limits.c's limits_request_parse checks it): the first byte
 * picks one of the shipped rule files, the rest is the request. A bad
 * request must be refused with a message; a good one is evaluated and its
 * verdict encoded, as the command does. Seeds: tests/fuzz/corpus/limits.
 */

#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "rules.h"
#include "reply.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_RULES_MAX	64

static struct rules	*fuzz_rules[FUZZ_RULES_MAX];
static u_int		 fuzz_nrules;

/* Every shipped rule file, loaded once. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dirent	**de;
	char		 *cause;
	int		  n, i;

	/* In name order, so a seed's first byte always picks the same. */
	if ((n = scandir(STASH_SRCRULESDIR, &de, NULL, alphasort)) < 0)
		abort();
	for (i = 0; i < n; i++) {
		if (strncmp(de[i]->d_name, "US-", 3) == 0 &&
		    fuzz_nrules < FUZZ_RULES_MAX) {
			fuzz_rules[fuzz_nrules] = rules_find(STASH_SRCRULESDIR,
			    de[i]->d_name, &cause);
			if (fuzz_rules[fuzz_nrules] == NULL) {
				fprintf(stderr, "%s\n", cause);
				abort();
			}
			fuzz_nrules++;
		}
		free(de[i]);
	}
	free(de);
	if (fuzz_nrules == 0)
		abort();
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct rules	*r;
	struct limits_request	 req;
	struct limits_result	 res;
	json_t			*j, *out;
	json_error_t		 e;
	char			*cause;

	if (size == 0)
		return (0);
	r = fuzz_rules[data[0] % fuzz_nrules];
	j = json_loadb((const char *)data + 1, size - 1,
	    JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		return (0);
	if (limits_request_parse(r, j, &req, &cause) != 0) {
		if (cause == NULL)
			abort();	/* a refusal always says why */
		free(cause);
		json_decref(j);
		return (0);
	}
	json_decref(j);
	limits_eval(r, &req, &res);
	out = reply_limits(&res);
	json_decref(out);
	limits_result_free(&res);
	limits_request_free(&req);
	return (0);
}
