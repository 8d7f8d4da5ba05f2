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
#include "biotrack-payload.h"
#include "biotrack24-payload.h"
#include "outbox.h"
#include "state-system.h"

/*
 * libFuzzer harness for BioTrack's answer reader (biotrack_answer) and
 * its result, directly and through the adapter's entry: any body is an answer or none, its strings stay within
 * their bounds, and the result is one of the four with a reason for all
 * but "done"; the lookups' readers (inbound manifests, their items, the
 * inventory table, the rooms of both surfaces) give a list whose rows
 * hold what they promise, or none with a reason; and v2024's lists (a
 * page and its cursor, the inbound transfers, the inventory, /v1/sync)
 * do the same.
 */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A list of rooms (NULL: why says why): each a positive id and a name. */
static void
biotrack_fuzz_rooms(json_t *l, const char *why)
{
	json_t		*row;
	size_t		 i;

	if (l == NULL) {
		if (*why == '\0')
			abort();
		return;
	}
	json_array_foreach(l, i, row) {
		if (json_integer_value(json_object_get(row, "id")) <= 0 ||
		    json_string_value(json_object_get(row, "name")) == NULL)
			abort();
	}
	json_decref(l);
}

/*
 * The adapter's entry (state-system.c), to a send and to a replay: one of
 * the four, words for all but "done", "not there" only for a replay.
 */
static void
biotrack_fuzz_entry(const char *data, size_t size)
{
	struct state_answer	a;
	struct state_result	r;

	memset(&a, 0, sizeof a);
	a.status = 200;
	a.body = data;
	a.len = size;
	for (a.lookup = 0; a.lookup < 2; a.lookup++) {
		state_system_find("biotrack")->result(&a, &r);
		if (r.outcome < STATE_DONE || r.outcome > STATE_UNKNOWN ||
		    (r.outcome != STATE_DONE && *r.reason == '\0') ||
		    ((r.flags & STATE_F_ABSENT) && !a.lookup) ||
		    ((r.flags & STATE_F_SESSION) && r.outcome == STATE_DONE))
			abort();
	}
}

static void
biotrack_fuzz_lookups(const char *data, size_t size)
{
	json_t		*o, *l, *row;
	char		 why[256];
	const char	*tag;
	size_t		 i;

	*why = '\0';
	biotrack_fuzz_rooms(biotrack24_rooms(200, data, size, why, sizeof why),
	    why);
	if ((o = biotrack_load(data, size)) == NULL)
		return;
	*why = '\0';
	biotrack_fuzz_rooms(biotrack_rooms(o, why, sizeof why), why);
	if ((l = biotrack_manifest_list(o)) != NULL) {
		json_array_foreach(l, i, row) {
			if (json_string_value(json_object_get(row,
			    "manifest")) == NULL || (json_object_get(row,
			    "transfer") != NULL && json_integer_value(
			    json_object_get(row, "transfer")) <= 0))
				abort();
		}
		json_decref(l);
	}
	*why = '\0';
	if ((l = biotrack_transfer_items(o, why, sizeof why)) == NULL) {
		if (*why == '\0')
			abort();
	} else {
		json_array_foreach(l, i, row) {
			tag = json_string_value(json_object_get(row, "tag"));
			if (tag == NULL || strlen(tag) != TAG_LEN ||
			    json_integer_value(json_object_get(row,
			    "milli")) <= 0)
				abort();
		}
		json_decref(l);
	}
	*why = '\0';
	if ((l = biotrack_inventory(o, why, sizeof why)) == NULL) {
		if (*why == '\0')
			abort();
	} else {
		json_array_foreach(l, i, row) {
			tag = json_string_value(json_object_get(row, "Label"));
			if (tag == NULL || strlen(tag) != TAG_LEN)
				abort();
		}
		json_decref(l);
	}
	json_decref(o);
}

static void
biotrack24_fuzz_lists(const char *data, size_t size)
{
	json_t		*rows, *l, *row, *it;
	char		 next[BIOTRACK24_CURSOR_MAX + 1], why[256];
	const char	*tag;
	size_t		 i, k;

	*why = '\0';
	(void)biotrack24_synced(200, data, size, why, sizeof why);
	*why = '\0';
	if ((rows = biotrack24_page(200, data, size, next, sizeof next, why,
	    sizeof why)) == NULL) {
		if (*why == '\0')
			abort();
		return;
	}
	if (!json_is_array(rows) || strlen(next) > BIOTRACK24_CURSOR_MAX)
		abort();
	l = biotrack24_transfers(rows);
	json_array_foreach(l, i, row) {
		if (json_string_value(json_object_get(row, "manifest")) ==
		    NULL || json_integer_value(json_object_get(row,
		    "transfer")) <= 0 || (json_object_get(row, "why") ==
		    NULL) == (json_object_get(row, "items") == NULL))
			abort();
		json_array_foreach(json_object_get(row, "items"), k, it) {
			tag = json_string_value(json_object_get(it, "tag"));
			if (tag == NULL || strlen(tag) != TAG_LEN ||
			    json_integer_value(json_object_get(it,
			    "milli")) <= 0)
				abort();
		}
	}
	json_decref(l);
	l = json_array();
	biotrack24_inventory(rows, l);
	json_array_foreach(l, i, row) {
		tag = json_string_value(json_object_get(row, "Label"));
		if (tag == NULL || strlen(tag) != TAG_LEN)
			abort();
	}
	json_decref(l);
	json_decref(rows);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct biotrack_answer	a;
	struct state_result	r;
	int			parsed;

	parsed = biotrack_answer((const char *)data, size, &a) == 0;
	if (strlen(a.error) > BIOTRACK_ERROR_MAX ||
	    strlen(a.sessionid) >= sizeof a.sessionid ||
	    a.transactionid < 0 || (a.success && (a.expired ||
	    a.unknown_nonce)))
		abort();
	biotrack_result(parsed ? 200 : 0, parsed, &a, &r);
	if (r.outcome < STATE_DONE || r.outcome > STATE_UNKNOWN ||
	    (r.outcome != STATE_DONE && *r.reason == '\0') ||
	    (r.outcome == STATE_DONE && !parsed))
		abort();
	biotrack_fuzz_entry((const char *)data, size);
	biotrack_fuzz_lookups((const char *)data, size);
	biotrack24_fuzz_lists((const char *)data, size);
	return (0);
}
