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

/*
 * libFuzzer: every scale driver over the same bytes, fed whole and then in
 * two pieces; a weight must never come from a reading that is not stable.
 */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_scale_event(const struct dev_event *ev, void *arg)
{
	if (ev->type == DEV_EV_WEIGHT &&
	    !(ev->weight.flags & DEV_W_STABLE))
		__builtin_trap();
	if (ev->type != DEV_EV_WEIGHT && ev->type != DEV_EV_STATUS)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const struct dev_driver	**d;
	void			 *s;
	char			 *err = NULL;
	size_t			  half = len / 2;

	for (d = dev_table; *d != NULL; d++) {
		if ((*d)->class != DEV_SCALE)
			continue;
		if ((s = (*d)->create(NULL, &err)) == NULL)
			continue;
		(*d)->feed(s, data, half, fuzz_scale_event, NULL);
		(*d)->feed(s, data + half, len - half, fuzz_scale_event, NULL);
		(*d)->idle(s, fuzz_scale_event, NULL);
		(*d)->free(s);
	}
	return (0);
}
