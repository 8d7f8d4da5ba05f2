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

#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "ccrs.h"

/*
 * libFuzzer harness for the CCRS results importer's reader
 * (ccrs_results_parse): what the state e-mails back is outside input
 * (DESIGN rule 6). Every answer it gives has a known file kind, a key
 * and a message within their bounds and a class; a refusal has a cause;
 * a whole-file answer names at most our kind of file name.
 */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
fuzz_answer(const struct ccrs_answer *a, void *arg)
{
	u_int	*n = arg;

	if (a->file < 0 || a->file >= CCRS_NFILES ||
	    strlen(a->key) > CCRS_ID_MAX ||
	    strlen(a->message) > CCRS_MSG_MAX || *a->message == '\0' ||
	    a->cls < CCRS_EXISTS || a->cls > CCRS_INVALID)
		abort();
	(*n)++;
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ccrs_result	 res;
	char			*cause = NULL;
	u_int			 n = 0;

	if (ccrs_results_parse((const char *)data, size, fuzz_answer, &n,
	    &res, &cause) != 0) {
		if (cause == NULL || *cause == '\0')
			abort();
		free(cause);
		return (0);
	}
	if (res.kind < CCRS_RESULT_ERRORS || res.kind > CCRS_RESULT_REFUSED ||
	    (res.kind == CCRS_RESULT_ERRORS && res.rows != n) ||
	    strlen(res.upload) >= sizeof res.upload ||
	    (*res.upload != '\0' && strstr(res.upload, ".csv") == NULL))
		abort();
	return (0);
}
