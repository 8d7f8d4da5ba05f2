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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

/* stashctl audit verify|list: the hash chain and its latest records. */

int
ctl_audit_verify(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct store_txn	 t;
	uint64_t		 count, bad;
	char			*cause = NULL;
	int			 r;

	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	r = audit_verify(&t, &count, &bad, &cause);
	store_abort(&t);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:b,s:I,s:I,s:s?}", "whole",
		    r == 0, "records", (json_int_t)count, "bad",
		    (json_int_t)bad, "error", cause));
	}
	if (r != 0) {
		if (bad != 0) {
			stashctl_error("audit chain broken at record %llu: %s "
			    "(%llu records before it are whole)",
			    (unsigned long long)bad, cause,
			    (unsigned long long)count);
		} else
			stashctl_error("audit verify: %s", cause);
		free(cause);
		return (-1);
	}
	if (!ctl->json) {
		printf("audit chain whole: %llu records\n",
		    (unsigned long long)count);
	}
	return (0);
}

int
ctl_audit_list(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct audit		 a;
	struct stashctl_out	 out;
	json_t			*arr = NULL;
	FILE			*f;
	uint64_t		*seqs;
	int64_t			 limit = 50, n, i;
	char			 when[32], subj[65], detail[512], term[40];

	if (stashctl_limit(args, &limit) != 0)
		return (-1);
	if (store_begin(ctl->st, &t, 0) != 0) {
		stashctl_error("%s", t.err);
		return (-1);
	}
	/* The latest limit records, then shown oldest first. */
	seqs = xreallocarray(NULL, (size_t)limit, sizeof *seqs);
	n = (int64_t)audit_latest(&t, seqs, (size_t)limit);
	f = stashctl_out_open(&out);
	if (ctl->json)
		arr = json_array();
	else {
		fprintf(f, "%6s  %-19s  %5s %5s  %-12s %-18s %-24s %s\n", "SEQ",
		    "TIME", "STAFF", "APPR", "TERMINAL", "ACTION", "SUBJECT",
		    "DETAIL");
	}
	for (i = n - 1; i >= 0 && t.ret == 0; i--) {
		if (audit_get(&t, seqs[i], &a) != 0) {
			if (t.ret != 0)
				break;
			if (arr != NULL) {
				json_array_append_new(arr, json_pack("{s:I,"
				    "s:b}", "seq", (json_int_t)seqs[i],
				    "damaged", 1));
			} else {
				fprintf(f, "%6llu  (record damaged: stashctl "
				    "audit verify)\n",
				    (unsigned long long)seqs[i]);
			}
			continue;
		}
		if (arr != NULL) {
			json_array_append_new(arr, json_pack("{s:I,s:I,s:i,"
			    "s:i,s:o,s:o,s:o,s:o}", "seq", (json_int_t)a.seq,
			    "time", (json_int_t)a.time, "staff", (int)a.staff,
			    "approver", (int)a.approver, "terminal",
			    stashctl_json_str(a.terminal), "action",
			    stashctl_json_str(a.action), "subject",
			    stashctl_json_str(a.subject), "detail",
			    stashctl_json_str(a.detail)));
			continue;
		}
		fprintf(f, "%6llu  %-19s  %5u %5u  %-12s %-18s ",
		    (unsigned long long)a.seq, stashctl_time(ctl, a.time, when,
		    sizeof when), a.staff, a.approver,
		    stashctl_clean(a.terminal, term, sizeof term),
		    stashctl_clean(a.action, detail, sizeof detail));
		/* Cleaned: a detail may hold text typed at a terminal. */
		fprintf(f, "%-24s %s\n", stashctl_clean(a.subject, subj,
		    sizeof subj), stashctl_clean(a.detail, detail,
		    sizeof detail));
	}
	free(seqs);
	if (t.ret != 0) {
		stashctl_error("%s: %s", store_strerror(t.ret), t.err);
		store_abort(&t);
		json_decref(arr);
		stashctl_out_done(&out, 0);
		return (-1);
	}
	store_abort(&t);
	stashctl_out_done(&out, 1);
	if (arr != NULL)
		stashctl_json_print(arr);
	return (0);
}
