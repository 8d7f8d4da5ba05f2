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
 * libFuzzer harness for the protocol framing: whatever bytes a terminal
 * sends, proto_read must return a frame, ask for more, or refuse, without
 * reading out of bounds, and a frame it returns must pass or fail the
 * envelope check cleanly.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "stash.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evbuffer	*in;
	json_t		*j, *args;
	json_int_t	 id;
	const char	*op;
	char		*cause;
	enum proto_read	 r;

	in = evbuffer_new();
	evbuffer_add(in, data, size);
	for (;;) {
		r = proto_read(in, 4096, &j, &cause);
		if (r == PROTO_MORE)
			break;
		if (r != PROTO_OK) {
			free(cause);
			continue;
		}
		cause = NULL;
		if (proto_check_request(j, &id, &op, &args, &cause) != 0)
			free(cause);
		json_decref(j);
	}
	evbuffer_free(in);
	return (0);
}
