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
 * libFuzzer harness for the rule file parser (rules.c): rules_load on the
 * input as a whole rule file, and rules_tax_local on it as a local tax
 * file added to Colorado's rules. A rule file is outside input (DESIGN
 * rule 6): it must be refused with a message, never read past its end,
 * and a refused local tax file must leave the state's taxes as they were.
 * The parser reads a file by path, so each input is written to one
 * temporary file first. Seeds: tests/fuzz/corpus/rules (contrib/rules).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stash.h"
#include "rules.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The file, already unlinked: opened again by its /proc/self/fd name. */
static char	fuzz_path[64];
static int	fuzz_fd = -1;

static void
fuzz_write(const uint8_t *data, size_t size)
{
	char	tmp[] = "/tmp/fuzz-rules.XXXXXX";

	if (fuzz_fd == -1) {
		if ((fuzz_fd = mkstemp(tmp)) == -1)
			abort();
		unlink(tmp);
		snprintf(fuzz_path, sizeof fuzz_path, "/proc/self/fd/%d",
		    fuzz_fd);
	}
	if (ftruncate(fuzz_fd, 0) != 0 ||
	    pwrite(fuzz_fd, data, size, 0) != (ssize_t)size)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rules	*r;
	char		*cause;
	u_int		 ntaxes, i;

	if (size == 0)
		return (0);
	fuzz_write(data + 1, size - 1);
	if (data[0] & 1) {
		/* A local tax file on top of a state's rules. */
		r = rules_load(STASH_SRCRULESDIR "/US-CO", &cause);
		if (r == NULL)
			abort();	/* the shipped file must load */
		ntaxes = r->ntaxes;
		if (rules_tax_local(r, fuzz_path, &cause) != 0) {
			if (r->ntaxes != ntaxes || r->tax_local != NULL)
				abort();	/* half a tax set */
			free(cause);
		}
		rules_free(r);
		return (0);
	}
	if ((r = rules_load(fuzz_path, &cause)) == NULL) {
		if (cause == NULL)
			abort();	/* a refusal always says why */
		free(cause);
		return (0);
	}
	for (i = 0; i < r->npools; i++)
		(void)rules_pool(r, r->pools[i].name);
	rules_free(r);
	return (0);
}
