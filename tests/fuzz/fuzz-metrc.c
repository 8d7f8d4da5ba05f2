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
 * libFuzzer harness for the parsers of Metrc's replies (metrc.c,
 * metrc-transfers.c): the ids of posted receipts, a looked-up receipt,
 * adjustment lists, a patient's status, an error message, a page of
 * active packages, and the pages of incoming transfers, deliveries and
 * delivery packages (with the shipped quantity of each). A state
 * system's reply is outside input (DESIGN rule 6): whatever the bytes, no
 * read past the end, no leak, no crash. The first byte picks the parser,
 * the rest is the reply body.
 *
 * The two source files are included, not linked, to reach their static
 * parsers; the rest of stashd is linked with its main renamed
 * (Makefile.am).
 */

#include "../../src/server/metrc.c"
#include "../../src/server/metrc-transfers.c"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct metrc_req	 rq;
	struct metrc_result	 res;
	struct buf		*b = &rq.reply;
	json_t			*j, *o;
	json_int_t		 jpages;
	int64_t			 id;
	size_t			 i;
	char			 msg[OUTBOX_ERROR_MAX + 1];
	int			 archived, pages;

	if (size == 0)
		return (0);
	memset(&rq, 0, sizeof rq);
	memset(&res, 0, sizeof res);
	buf_init(b);
	buf_add(b, data + 1, size - 1);
	rq.njobs = 1 + data[0] % METRC_BATCH;
	strlcpy(rq.refs[0], "stash-402R-00042-7", sizeof rq.refs[0]);

	switch ((data[0] >> 4) % 7) {
	case 0:
		(void)metrc_parse_ids(&rq, &res);
		break;
	case 1:
		(void)metrc_parse_receipt(&rq, &id, &archived);
		break;
	case 2:
		(void)metrc_parse_adjustments(&rq, &pages);
		break;
	case 3:
		if ((j = metrc_patient_parse(b, "CO-PAT-0001")) != NULL)
			json_decref(j);
		break;
	case 4:
		metrc_message(b, msg, sizeof msg);
		if (strlen(msg) >= sizeof msg)
			abort();
		break;
	case 5:
		j = json_array();
		(void)metrc_recon_parse(b, j, &jpages);
		json_decref(j);
		break;
	case 6:
		/* A page of transfers, and what the poll makes of it. */
		mt.data = json_array();
		if (mt_parse(b, mt.data, &pages) == 0) {
			json_array_foreach(mt.data, i, o) {
				(void)mt_qty(o, 0);
				(void)mt_qty(o, 1);
			}
			mt.todo = json_array();
			mt.step = json_pack("{s:s, s:i}", "step", "incoming",
			    "id", 0);
			mt_step_done();		/* frees step and data */
			json_decref(mt.todo);
			mt.todo = NULL;
		} else {
			json_decref(mt.data);
			mt.data = NULL;
		}
		break;
	}
	buf_free(b);
	return (0);
}
