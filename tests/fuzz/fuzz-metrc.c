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
 * libFuzzer harness for the parsers of Metrc's replies (metrc-payload.c):
 * the ids of posted receipts, a looked-up receipt, the adjustment reasons
 * and adjustment lists, a patient's status, an error message, a page of
 * active packages, and a page of incoming transfers, deliveries or
 * delivery packages (with the shipped quantity of each), and a sales
 * delivery or retailer delivery looked for in a page or read back. A state
 * system's reply is outside input (DESIGN rule 6): whatever the bytes, no
 * read past the end, no leak, no crash. The first byte picks the parser,
 * the rest is the reply body.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "metrc-payload.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A delivery and a retailer delivery to look for in a reply. */
static const struct metrc_delivery_line fuzz_lines[] = {
	{ "1A4060300000000000001001", 2, 0, 7000 },
	{ "1A4060300000000000002001", 3500, 1, 3500 },
};
static const struct metrc_retailer_stock fuzz_stock[] = {
	{ "1A4060300000000000001001", 10, 0, 35000, 0 },
};
static const struct metrc_delivery fuzz_delivery = {
	.sold_at = INT64_C(1795726980000000),
	.lines = fuzz_lines,
	.nlines = 2,
};
static const struct metrc_retailer fuzz_retailer = {
	.crew = { .driver_employee_id = "E-7", .vehicle_plate = "ABC123" },
	.at = INT64_C(1795726980000000),
	.stock = fuzz_stock,
	.nstock = 1,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct metrc_delivery_state st;
	struct buf	 b;
	json_t		*j, *o;
	json_int_t	 jpages;
	int64_t		 ids[METRC_BATCH], id;
	size_t		 i;
	char		 msg[256];
	int		 archived, pages;

	if (size == 0)
		return (0);
	buf_init(&b);
	buf_add(&b, data + 1, size - 1);

	switch ((data[0] >> 4) % 11) {
	case 0:
		(void)metrc_payload_ids(&b, 1 + data[0] % METRC_BATCH, ids);
		break;
	case 1:
		(void)metrc_payload_receipt_found(&b, &id, &archived);
		break;
	case 2:
		(void)metrc_payload_adjustments(&b, "stash-402R-00042-7",
		    "1A4060300000000000001001", "2026-11-26", -1500, &pages);
		break;
	case 3:
		if ((j = metrc_payload_patient(&b, "CO-PAT-0001")) != NULL)
			json_decref(j);
		break;
	case 4:
		metrc_payload_message(&b, msg, sizeof msg);
		if (strlen(msg) >= sizeof msg)
			abort();
		break;
	case 5:
		j = json_array();
		(void)metrc_payload_packages(&b, j, &jpages);
		json_decref(j);
		break;
	case 6:
		/* A page of transfers, and each one's shipped quantity. */
		j = json_array();
		if (metrc_payload_list(&b, j, &pages) == 0) {
			json_array_foreach(j, i, o) {
				(void)metrc_payload_shipped(o, 0);
				(void)metrc_payload_shipped(o, 1);
			}
		}
		json_decref(j);
		break;
	case 7:
		if ((j = metrc_payload_reasons(&b)) != NULL)
			json_decref(j);
		break;
	case 8:
		(void)metrc_payload_delivery_found(&b, &fuzz_delivery,
		    "America/Denver", &st, &pages);
		break;
	case 9:
		(void)metrc_payload_retailer_found(&b, &fuzz_retailer,
		    "America/Denver", &st, &pages);
		break;
	case 10:
		(void)metrc_payload_delivery_read(&b, data[0] & 1 ?
		    &fuzz_delivery : NULL, "America/Denver", &st);
		break;
	}
	buf_free(&b);
	return (0);
}
