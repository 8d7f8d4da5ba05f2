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

/* libFuzzer: NMEA framing and sentences; a position is always a fix. */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_nmea_event(const struct dev_event *ev, void *arg)
{
	if (ev->type == DEV_EV_POSITION && (!ev->pos.fix ||
	    ev->pos.lat > 90000000 || ev->pos.lat < -90000000 ||
	    ev->pos.lon > 180000000 || ev->pos.lon < -180000000))
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const struct dev_driver	*d = &dev_gps_nmea_entry;
	void			*s;
	char			*err = NULL;

	s = d->create(NULL, &err);
	d->feed(s, data, len, fuzz_nmea_event, NULL);
	d->idle(s, fuzz_nmea_event, NULL);
	d->free(s);
	return (0);
}
