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

#include "store.h"
#include "ccrs.h"

/*
 * CCRS records (ccrs.h): what each row we file stands at, keyed by file
 * and ExternalIdentifier, with an index by the upload file it was last
 * written to (for "uploaded FILE" and the success e-mail).
 */

#define CCRS_KIND	'W'
enum { CR_FILE = 1, CR_KEY, CR_OP, CR_STATE, CR_AT_STATE, CR_JOB, CR_UPLOAD,
    CR_WRITTEN, CR_UPLOADED, CR_BY, CR_ERROR };

static const char *ccrs_states[] = {
	[CCRS_WRITTEN] = "written",
	[CCRS_UPLOADED] = "uploaded",
	[CCRS_ACCEPTED] = "accepted",
	[CCRS_REJECTED] = "rejected",
	[CCRS_REWRITE] = "to-rewrite",
};

const char *
ccrs_state_name(int s)
{
	if (s < CCRS_WRITTEN || s > CCRS_REWRITE)
		return ("?");
	return (ccrs_states[s]);
}

static void
store_ccrs_key(struct store_key *k, int file, const char *key)
{
	store_key_init(k);
	store_key_u32(k, (uint32_t)file);
	store_key_str(k, key);
}

static void
store_ccrs_fkey(struct store_key *k, const struct ccrs_record *r)
{
	store_key_init(k);
	store_key_str(k, r->upload);
	store_key_u32(k, (uint32_t)r->file);
	store_key_str(k, r->key);
}

static int
store_ccrs_decode(const u_char *v, size_t vlen, struct ccrs_record *r)
{
	struct codec	c;
	int64_t		file = 0, op = 0, state = 0, at = 0, job = 0;

	memset(r, 0, sizeof *r);
	if (codec_open(&c, v, vlen, CCRS_KIND) != 0 ||
	    codec_get_i64(&c, CR_FILE, &file) != 0 ||
	    codec_get_str(&c, CR_KEY, r->key, sizeof r->key) != 0 ||
	    codec_get_i64(&c, CR_OP, &op) != 0 ||
	    codec_get_i64(&c, CR_STATE, &state) != 0 ||
	    codec_get_i64(&c, CR_AT_STATE, &at) < 0 ||
	    codec_get_i64(&c, CR_JOB, &job) < 0 ||
	    codec_get_str(&c, CR_UPLOAD, r->upload, sizeof r->upload) < 0 ||
	    codec_get_i64(&c, CR_WRITTEN, &r->written) < 0 ||
	    codec_get_i64(&c, CR_UPLOADED, &r->uploaded) < 0 ||
	    codec_get_str(&c, CR_BY, r->by, sizeof r->by) < 0 ||
	    codec_get_str(&c, CR_ERROR, r->error, sizeof r->error) < 0 ||
	    file < 0 || file >= CCRS_NFILES || op < CCRS_INSERT ||
	    op > CCRS_DELETE || state < CCRS_WRITTEN || state > CCRS_REWRITE)
		return (-1);
	r->file = (int)file;
	r->op = (int)op;
	r->state = (int)state;
	r->at_state = at != 0;
	r->job = (uint64_t)job;
	return (0);
}

int
store_ccrs_get(struct store_txn *t, int file, const char *key,
    struct ccrs_record *r)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	int			 rc;

	store_ccrs_key(&k, file, key);
	if ((rc = store_get(t, DB_CCRS, k.data, k.len, &v, &vlen)) != 0)
		return (rc);
	if (store_ccrs_decode(v, vlen, r) != 0) {
		store_fail(t, STORE_CORRUPT, "CCRS record %s %s damaged",
		    ccrs_file_name(file), key);
		return (STORE_CORRUPT);
	}
	return (0);
}

/* Write a record; old (NULL for a new one) keeps the upload index right. */
void
store_ccrs_put(struct store_txn *t, const struct ccrs_record *old,
    const struct ccrs_record *r)
{
	struct store_key	k;
	struct buf		b;

	if (old != NULL && *old->upload != '\0' &&
	    strcmp(old->upload, r->upload) != 0) {
		store_ccrs_fkey(&k, old);
		store_del(t, DB_CCRS_FILE, k.data, k.len);
	}
	if (*r->upload != '\0') {
		store_ccrs_fkey(&k, r);
		store_put(t, DB_CCRS_FILE, k.data, k.len, "", 0);
	}
	buf_init(&b);
	codec_begin(&b, CCRS_KIND, 1);
	codec_i64(&b, CR_FILE, r->file);
	codec_str(&b, CR_KEY, r->key);
	codec_i64(&b, CR_OP, r->op);
	codec_i64(&b, CR_STATE, r->state);
	if (r->at_state)
		codec_i64(&b, CR_AT_STATE, 1);
	if (r->job != 0)
		codec_i64(&b, CR_JOB, (int64_t)r->job);
	codec_str(&b, CR_UPLOAD, r->upload);
	codec_i64(&b, CR_WRITTEN, r->written);
	if (r->uploaded != 0) {
		codec_i64(&b, CR_UPLOADED, r->uploaded);
		codec_str(&b, CR_BY, r->by);
	}
	if (*r->error != '\0')
		codec_str(&b, CR_ERROR, r->error);
	store_ccrs_key(&k, r->file, r->key);
	store_put(t, DB_CCRS, k.data, k.len, b.data, b.len);
	buf_free(&b);
}

/*
 * The records last written to one upload file, until cb returns
 * non-zero. The keys are read first: cb may write records.
 */
int
store_ccrs_upload_walk(struct store_txn *t, const char *upload,
    int (*cb)(const struct ccrs_record *, void *), void *arg)
{
	struct store_key	 k;
	struct store_iter	 it;
	struct ccrs_record	 r;
	struct {
		int		 file;
		char		 key[CCRS_ID_MAX + 1];
	}			*keys = NULL;
	size_t			 n = 0, i, plen, l;
	const u_char		*p;

	store_key_init(&k);
	store_key_str(&k, upload);
	plen = k.len;
	store_iter_init(t, &it, DB_CCRS_FILE, k.data, k.len, 0);
	while (store_iter_next(&it)) {
		if (it.klen < plen + 4 + 2) {
			store_fail(t, STORE_CORRUPT, "CCRS upload index "
			    "damaged");
			break;
		}
		keys = xreallocarray(keys, n + 1, sizeof *keys);
		keys[n].file = (int)store_key_get_u32(it.key + plen);
		p = it.key + plen + 4;
		l = ((size_t)p[0] << 8) | p[1];
		if (l > CCRS_ID_MAX || plen + 6 + l > it.klen) {
			store_fail(t, STORE_CORRUPT, "CCRS upload index "
			    "damaged");
			break;
		}
		memcpy(keys[n].key, p + 2, l);
		keys[n].key[l] = '\0';
		n++;
	}
	store_iter_done(&it);
	for (i = 0; i < n && t->ret == 0; i++) {
		if (store_ccrs_get(t, keys[i].file, keys[i].key, &r) != 0)
			continue;
		if (cb(&r, arg) != 0)
			break;
	}
	free(keys);
	return (t->ret != 0 ? -1 : 0);
}

/* Every record, in file and key order, until cb returns non-zero. */
int
store_ccrs_walk(struct store_txn *t,
    int (*cb)(const struct ccrs_record *, void *), void *arg)
{
	struct store_iter	it;
	struct ccrs_record	r;

	store_iter_init(t, &it, DB_CCRS, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (store_ccrs_decode(it.val, it.vlen, &r) != 0) {
			store_fail(t, STORE_CORRUPT, "a CCRS record is "
			    "damaged");
			break;
		}
		if (cb(&r, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}
