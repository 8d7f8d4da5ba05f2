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
 * libFuzzer harness for the record codec and the record decoders: a
 * damaged ledger value must be refused, never read past its end.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct codec	 c;
	struct product	 p;
	struct package	 pk;
	struct sale	*s;
	const u_char	*v;
	size_t		 vlen, pos = 0;
	int64_t		 i;
	char		 str[64];

	if (size > 0 && codec_open(&c, data, size, data[0]) == 0) {
		codec_get_i64(&c, 1, &i);
		codec_get_str(&c, 2, str, sizeof str);
		while (codec_next(&c, &pos, 3, &v, &vlen))
			/* nothing */;
	}
	store_product_decode(data, size, &p);
	store_package_decode(data, size, &pk);
	s = malloc(sizeof *s);
	store_sale_decode(data, size, s);
	free(s);
	return (0);
}
