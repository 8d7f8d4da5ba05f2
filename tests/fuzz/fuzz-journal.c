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
 * libFuzzer harness for the driver's journal reader
 * (client_journal_decode): a truncated or damaged entry from the
 * handheld's file is refused with a reason, never read past its end and
 * never trusted. An entry it accepts must encode back to the same bytes.
 * With the first byte 'S', the rest is sealed first (so the fuzzer also
 * reaches the checks behind the seal).
 */

#include "config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "store.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal_entry	 e;
	struct buf		 b, again;
	u_char			 h[16];
	char			*cause = NULL;

	buf_init(&b);
	if (size > 0 && data[0] == 'S') {
		buf_add(&b, data + 1, size - 1);
		crypto_generichash(h, sizeof h, b.data, b.len, NULL, 0);
		codec_bytes(&b, 15, h, sizeof h);
	} else
		buf_add(&b, data, size);
	if (client_journal_decode(b.data, b.len, &e, &cause) == 0) {
		buf_init(&again);
		client_journal_encode(&again, &e);
		if (again.len == 0)
			abort();
		buf_free(&again);
		client_journal_entry_free(&e);
	} else {
		if (cause == NULL || *cause == '\0')
			abort();
		free(cause);
	}
	buf_free(&b);
	return (0);
}
