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

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stash.h"
#include "dev.h"

/* libFuzzer: the scanner (every framing) and its classifier. */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_scanner_event(const struct dev_event *ev, void *arg)
{
	if (ev->type == DEV_EV_SCAN && ev->scan.len > DEV_SCAN_MAX)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char	*opts[] = { "suffix=cr", "suffix=crlf",
	    "suffix=etx", "suffix=none" };
	const struct dev_driver	*d = &dev_scanner_aim_entry;
	void			*s;
	char			*err = NULL;
	size_t			 i;

	for (i = 0; i < sizeof opts / sizeof opts[0]; i++) {
		if ((s = d->create(opts[i], &err)) == NULL)
			__builtin_trap();
		d->feed(s, data, len, fuzz_scanner_event, NULL);
		d->idle(s, fuzz_scanner_event, NULL);
		d->free(s);
	}
	return (0);
}
