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

#include <sys/stat.h>

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "store.h"

/*
 * The driver's handheld store: its own LMDB file (store_open_file, 0600,
 * durable commits), holding the trip as trip.handheld gave it and the
 * offline journal. Tables:
 *
 *	meta	 str name -> i64 (store-meta.c): "version", "trip", "seq"
 *		 (the next journal number)
 *	bundle	 u8 0 -> the bundle without its stops (JSON, sealed);
 *		 u8 1 -> the driver who took it: {"staff", "pin_hash"};
 *		 u8 2 -> the route as changed here, in files from before
 *		 route changes were journalled (reorder entries):
 *		 {"route":[ORDER...], "changes":[{"at","order","to","reason"}]}
 *	stop	 u32 route position -> one stop (JSON, sealed)
 *	journal	 u64 seq -> one entry (sealed)
 *
 * Every record is sealed: a codec record whose last field is a BLAKE2b
 * hash of everything before it, so a truncated or damaged record is found
 * and reported, never trusted. A journal entry is the ENTRY trip.sync
 * takes (doc/protocol.md) with its state on the handheld: sent and
 * answered or not, and stashd's answer.
 *
 * The journal is the truth about the trip on the handheld: what has been
 * done at each stop is worked out again from it at every start. An entry
 * is committed (fsync'd) before the screen says it is done, and marked
 * acknowledged only once stashd's reply has said so.
 *
 * When the trip is over the customers' data is wiped: bundle and stops
 * and every acknowledged entry deleted, and the file rewritten compacted
 * with the old one overwritten (store_file_compact), so no name, date of
 * birth or ID number is left in it.
 */

#define JOURNAL_VERSION		1
#define JOURNAL_MAP		(16 * 1024 * 1024)
#define JOURNAL_HASH		16

#define JOURNAL_KIND		'J'	/* a journal entry */
#define JOURNAL_BLOB		'B'	/* the bundle or a stop */

/* Entry fields. */
#define JT_SEQ			1
#define JT_KEY			2
#define JT_AT			3
#define JT_KIND			4
#define JT_JSON			5
#define JT_ACKED		6
#define JT_RESULT		7
#define JT_SALE			8
#define JT_EXCEPTION		9
#define JT_HASH			15	/* last: the seal */

#define JOURNAL_T_META		0
#define JOURNAL_T_BUNDLE	1
#define JOURNAL_T_STOP		2
#define JOURNAL_T_ENTRY		3
static const char *const journal_tables[] = {
	"meta", "bundle", "stop", "journal"
};
#define JOURNAL_TABLES	(sizeof journal_tables / sizeof journal_tables[0])

static const char *const journal_kinds[] = {
	"arrive", "depart", "skip", "deliver", "fail", "fix", "reorder", "nogps",
	NULL
};

static struct store	*journal_st;
static char		*journal_terminal;

char *
client_journal_default_path(const char *terminal)
{
	return (client_home_path(".local/state/stash", terminal, ".driver"));
}

int
client_journal_kind(const char *kind)
{
	u_int	i;

	for (i = 0; journal_kinds[i] != NULL; i++) {
		if (strcmp(kind, journal_kinds[i]) == 0)
			return (1);
	}
	return (0);
}

/* Append the seal: a hash of the record so far. */
static void
client_journal_seal(struct buf *b)
{
	u_char	h[JOURNAL_HASH];

	crypto_generichash(h, sizeof h, b->data, b->len, NULL, 0);
	codec_bytes(b, JT_HASH, h, sizeof h);
}

/*
 * Open a sealed record of kind: framing, version and the seal, which must
 * be its last field. -1 with *cause if it is damaged.
 */
static int
client_journal_open_sealed(struct codec *c, const u_char *p, size_t len,
    u_int kind, char **cause)
{
	const u_char	*h;
	size_t		 hlen;
	u_char		 want[JOURNAL_HASH];

	if (codec_open(c, p, len, kind) != 0) {
		xasprintf(cause, "a record of %zu bytes is truncated or not "
		    "a journal record", len);
		return (-1);
	}
	if (c->version != JOURNAL_VERSION) {
		xasprintf(cause, "a record of version %u (this stash reads %d)",
		    c->version, JOURNAL_VERSION);
		return (-1);
	}
	if (codec_get_bytes(c, JT_HASH, &h, &hlen) != 0 ||
	    hlen != JOURNAL_HASH || h + hlen != p + len ||
	    (size_t)(h - p) < 2 + 2) {
		xasprintf(cause, "a record without its seal (truncated?)");
		return (-1);
	}
	crypto_generichash(want, sizeof want, p, (size_t)(h - p) - 2, NULL,
	    0);
	if (sodium_memcmp(want, h, sizeof want) != 0) {
		xasprintf(cause, "a record whose seal does not match (damaged)");
		return (-1);
	}
	return (0);
}

/* A string field into a new string; -1 if absent or not text. */
static int
client_journal_get_text(struct codec *c, u_int tag, char **out)
{
	const u_char	*p;
	size_t		 n;

	if (codec_get_bytes(c, tag, &p, &n) != 0 || n > JOURNAL_TEXT_MAX ||
	    memchr(p, '\0', n) != NULL)
		return (-1);
	*out = xmalloc(n + 1);
	memcpy(*out, p, n);
	(*out)[n] = '\0';
	return (0);
}

void
client_journal_encode(struct buf *b, const struct journal_entry *e)
{
	codec_begin(b, JOURNAL_KIND, JOURNAL_VERSION);
	codec_i64(b, JT_SEQ, (int64_t)e->seq);
	codec_str(b, JT_KEY, e->key);
	codec_i64(b, JT_AT, e->at);
	codec_str(b, JT_KIND, e->kind);
	codec_str(b, JT_JSON, e->json);
	codec_i64(b, JT_ACKED, e->acked);
	if (e->acked) {
		codec_str(b, JT_RESULT, e->result);
		codec_i64(b, JT_SALE, e->sale);
		codec_str(b, JT_EXCEPTION, e->exception);
	}
	client_journal_seal(b);
}

void
client_journal_entry_free(struct journal_entry *e)
{
	free(e->json);
	e->json = NULL;
}

/*
 * Decode one entry and check it against itself: the seal, every field
 * there and in range, the ENTRY's JSON an object whose seq, key, at and
 * kind are the record's. -1 with *cause (no customer data in it) if not.
 */
int
client_journal_decode(const u_char *p, size_t len, struct journal_entry *e,
    char **cause)
{
	struct codec	 c;
	json_t		*j = NULL;
	json_error_t	 jerr;
	int64_t		 seq, acked;
	const char	*s;

	memset(e, 0, sizeof *e);
	if (client_journal_open_sealed(&c, p, len, JOURNAL_KIND, cause) != 0)
		return (-1);
	if (codec_get_i64(&c, JT_SEQ, &seq) != 0 || seq <= 0 ||
	    codec_get_str(&c, JT_KEY, e->key, sizeof e->key) != 0 ||
	    *e->key == '\0' ||
	    codec_get_i64(&c, JT_AT, &e->at) != 0 || e->at < 0 ||
	    codec_get_str(&c, JT_KIND, e->kind, sizeof e->kind) != 0 ||
	    !client_journal_kind(e->kind) ||
	    codec_get_i64(&c, JT_ACKED, &acked) != 0 ||
	    (acked != 0 && acked != 1) ||
	    client_journal_get_text(&c, JT_JSON, &e->json) != 0) {
		xasprintf(cause, "an entry with a field missing or out of "
		    "range");
		goto fail;
	}
	e->seq = (uint64_t)seq;
	e->acked = (int)acked;
	if (e->acked && (codec_get_str(&c, JT_RESULT, e->result,
	    sizeof e->result) != 0 || (strcmp(e->result, "done") != 0 &&
	    strcmp(e->result, "duplicate") != 0 &&
	    strcmp(e->result, "exception") != 0) ||
	    codec_get_i64(&c, JT_SALE, &e->sale) != 0 || e->sale < 0 ||
	    codec_get_str(&c, JT_EXCEPTION, e->exception,
	    sizeof e->exception) != 0)) {
		xasprintf(cause, "entry %llu: its answer is damaged",
		    (unsigned long long)e->seq);
		goto fail;
	}
	j = json_loads(e->json, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(j) ||
	    json_integer_value(json_object_get(j, "seq")) != seq ||
	    json_integer_value(json_object_get(j, "at")) != e->at ||
	    (s = json_string_value(json_object_get(j, "key"))) == NULL ||
	    strcmp(s, e->key) != 0 ||
	    (s = json_string_value(json_object_get(j, "kind"))) == NULL ||
	    strcmp(s, e->kind) != 0) {
		xasprintf(cause, "entry %llu: its content does not match it",
		    (unsigned long long)e->seq);
		goto fail;
	}
	json_decref(j);
	return (0);

fail:
	json_decref(j);
	client_journal_entry_free(e);
	return (-1);
}

/* A sealed blob (the bundle or a stop): its JSON text. */
static void
client_journal_blob_encode(struct buf *b, const char *json)
{
	codec_begin(b, JOURNAL_BLOB, JOURNAL_VERSION);
	codec_str(b, JT_JSON, json);
	client_journal_seal(b);
}

static json_t *
client_journal_blob_decode(const u_char *p, size_t len, char **cause)
{
	struct codec	 c;
	char		*text;
	json_t		*j;
	json_error_t	 jerr;

	if (client_journal_open_sealed(&c, p, len, JOURNAL_BLOB, cause) != 0)
		return (NULL);
	if (client_journal_get_text(&c, JT_JSON, &text) != 0) {
		xasprintf(cause, "the trip's record has no text");
		return (NULL);
	}
	j = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	free(text);
	if (!json_is_object(j)) {
		json_decref(j);
		xasprintf(cause, "the trip's record is not a JSON object");
		return (NULL);
	}
	return (j);
}

static int
client_journal_fail(struct store_txn *t, const char *what, char **cause)
{
	xasprintf(cause, "%s: %s (%s)", what, store_strerror(t->ret), t->err);
	return (-1);
}

/*
 * Open (creating, 0600, and its directory 0700) the handheld's file; the
 * terminal's name goes into the journal's keys.
 */
int
client_journal_open(const char *path, const char *terminal, char **cause)
{
	struct store_txn	 t;
	char			*dir, *slash;
	int64_t			 v;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (util_mkdirs(dir, 0700) != 0) {
			xasprintf(cause, "cannot create %s: %s", dir,
			    strerror(errno));
			free(dir);
			return (-1);
		}
	}
	free(dir);
	if (store_open_file(path, JOURNAL_MAP, journal_tables,
	    JOURNAL_TABLES, &journal_st, cause) != 0)
		return (-1);
	if (store_begin(journal_st, &t, 1) != 0)
		goto fail;
	v = store_meta_get_i64(&t, "version");
	if (v > JOURNAL_VERSION) {
		store_abort(&t);
		xasprintf(cause, "%s is from a newer stash (version %lld): "
		    "upgrade stash", path, (long long)v);
		goto close;
	}
	if (v == 0) {
		store_meta_put_i64(&t, "version", JOURNAL_VERSION);
		store_meta_put_i64(&t, "seq", 1);
	}
	if (store_commit(&t) != 0)
		goto fail;
	free(journal_terminal);
	journal_terminal = xstrdup(terminal);
	return (0);

fail:
	client_journal_fail(&t, path, cause);
close:
	store_close(journal_st);
	journal_st = NULL;
	return (-1);
}

void
client_journal_close(void)
{
	store_close(journal_st);
	journal_st = NULL;
	free(journal_terminal);
	journal_terminal = NULL;
}

int
client_journal_is_open(void)
{
	return (journal_st != NULL);
}

/* The trip the handheld holds, or 0. */
int64_t
client_journal_trip(void)
{
	struct store_txn	t;
	int64_t			v;

	if (journal_st == NULL || store_begin(journal_st, &t, 0) != 0)
		return (0);
	v = store_meta_get_i64(&t, "trip");
	store_abort(&t);
	return (v);
}

/* Delete every record of a table (keys first: no cursor over deletes). */
static void
client_journal_clear(struct store_txn *t, u_int table)
{
	struct store_iter	 it;
	struct store_key	*keys = NULL;
	size_t			 n = 0, i;

	store_iter_init(t, &it, table, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (it.klen > sizeof keys[0].data)
			continue;
		keys = xreallocarray(keys, n + 1, sizeof *keys);
		memcpy(keys[n].data, it.key, it.klen);
		keys[n++].len = it.klen;
	}
	store_iter_done(&it);
	for (i = 0; i < n; i++)
		store_del(t, table, keys[i].data, keys[i].len);
	free(keys);
}

struct client_journal_load {
	int64_t		 trip;
	json_t		*bundle;
};

static int
client_journal_load_cb(struct store_txn *t, void *arg, __unused char **cause)
{
	struct client_journal_load	*l = arg;
	struct store_key		 k;
	struct buf			 b;
	json_t				*rest, *stops, *stop;
	char				*text;
	size_t				 i;
	u_char				 zero = 0;

	/* Whatever an earlier load left goes first. */
	client_journal_clear(t, JOURNAL_T_STOP);
	client_journal_clear(t, JOURNAL_T_BUNDLE);

	buf_init(&b);
	rest = json_copy(l->bundle);
	json_object_del(rest, "stops");
	text = json_dumps(rest, JSON_COMPACT);
	json_decref(rest);
	client_journal_blob_encode(&b, text);
	free(text);
	store_put(t, JOURNAL_T_BUNDLE, &zero, 1, b.data, b.len);
	stops = json_object_get(l->bundle, "stops");
	json_array_foreach(stops, i, stop) {
		text = json_dumps(stop, JSON_COMPACT);
		client_journal_blob_encode(&b, text);
		free(text);
		store_key_init(&k);
		store_key_u32(&k, (uint32_t)i);
		store_put(t, JOURNAL_T_STOP, k.data, k.len, b.data, b.len);
	}
	buf_free(&b);
	store_meta_put_i64(t, "trip", l->trip);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Keep what trip.handheld gave for trip, in one transaction. A handheld
 * holds one trip: another is refused while the journal has entries that
 * have not reached stashd.
 */
int
client_journal_load(int64_t trip, json_t *bundle, char **cause)
{
	struct client_journal_load	l = { trip, bundle };
	int64_t				held;
	u_int				unsent, exceptions;

	if (!json_is_array(json_object_get(bundle, "stops"))) {
		xasprintf(cause, "the trip has no stops");
		return (-1);
	}
	held = client_journal_trip();
	if (held != 0 && held != trip &&
	    client_journal_counts(&unsent, &exceptions) == 0 && unsent != 0) {
		xasprintf(cause, "this handheld still holds trip %lld with %u "
		    "entr%s not synced: connect to the store first", (long long)
		    held, unsent, unsent == 1 ? "y" : "ies");
		return (-1);
	}
	return (store_write(journal_st, client_journal_load_cb, &l, cause));
}

struct client_journal_driver {
	const char	*json;
	u_char		 key;
};

static int
client_journal_driver_cb(struct store_txn *t, void *arg,
    __unused char **cause)
{
	struct client_journal_driver	*d = arg;
	struct buf			 b;

	buf_init(&b);
	client_journal_blob_encode(&b, d->json);
	store_put(t, JOURNAL_T_BUNDLE, &d->key, 1, b.data, b.len);
	buf_free(&b);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Keep a note of the trip's (a JSON object): JOURNAL_NOTE_DRIVER, who
 * took it, for a start while offline; JOURNAL_NOTE_ROUTE, the route as
 * changed on this handheld. Gone with the trip's wipe.
 */
int
client_journal_note_put(u_int which, json_t *note, char **cause)
{
	struct client_journal_driver	d;
	char				*text;
	int				 rc;

	text = json_dumps(note, JSON_COMPACT);
	d.json = text;
	d.key = (u_char)which;
	rc = store_write(journal_st, client_journal_driver_cb, &d, cause);
	free(text);
	return (rc);
}

/* A note of the trip's, or NULL. */
json_t *
client_journal_note_get(u_int which)
{
	struct store_txn	 t;
	const u_char		*v;
	size_t			 vlen;
	json_t			*j = NULL;
	u_char			 key = (u_char)which;
	char			*why;

	if (journal_st == NULL || store_begin(journal_st, &t, 0) != 0)
		return (NULL);
	if (store_get(&t, JOURNAL_T_BUNDLE, &key, 1, &v, &vlen) == 0 &&
	    (j = client_journal_blob_decode(v, vlen, &why)) == NULL)
		free(why);
	store_abort(&t);
	return (j);
}

/*
 * The bundle as it was loaded, stops included (the caller frees it); NULL
 * with *cause if there is none or it is damaged.
 */
json_t *
client_journal_bundle(char **cause)
{
	struct store_txn	 t;
	struct store_iter	 it;
	const u_char		*v;
	size_t			 vlen;
	json_t			*bundle = NULL, *stops, *stop;
	u_char			 zero = 0;
	char			*why;

	*cause = NULL;
	if (store_begin(journal_st, &t, 0) != 0) {
		client_journal_fail(&t, "the handheld's store", cause);
		return (NULL);
	}
	if (store_get(&t, JOURNAL_T_BUNDLE, &zero, 1, &v, &vlen) != 0) {
		store_abort(&t);
		xasprintf(cause, "no trip on this handheld");
		return (NULL);
	}
	if ((bundle = client_journal_blob_decode(v, vlen, &why)) == NULL)
		goto damaged;
	stops = json_array();
	json_object_set_new(bundle, "stops", stops);
	store_iter_init(&t, &it, JOURNAL_T_STOP, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if ((stop = client_journal_blob_decode(it.val, it.vlen,
		    &why)) == NULL) {
			store_iter_done(&it);
			goto damaged;
		}
		json_array_append_new(stops, stop);
	}
	store_iter_done(&it);
	store_abort(&t);
	return (bundle);

damaged:
	store_abort(&t);
	json_decref(bundle);
	xasprintf(cause, "the trip on this handheld is damaged: %s", why);
	free(why);
	return (NULL);
}

struct client_journal_append {
	const char		*kind;
	json_t			*fields;
	struct journal_entry	*e;
};

static int
client_journal_append_cb(struct store_txn *t, void *arg, char **cause)
{
	struct client_journal_append	*a = arg;
	struct journal_entry		*e = a->e;
	struct store_key		 k;
	struct buf			 b;
	json_t				*j;
	int64_t				 seq, trip;

	seq = store_meta_get_i64(t, "seq");
	trip = store_meta_get_i64(t, "trip");
	if (seq <= 0 || trip <= 0) {
		xasprintf(cause, "no trip on this handheld");
		return (-1);
	}
	free(e->json);
	memset(e, 0, sizeof *e);
	e->seq = (uint64_t)seq;
	e->at = util_now();
	snprintf(e->key, sizeof e->key, "%s-%lld-%lld", journal_terminal,
	    (long long)trip, (long long)seq);
	strlcpy(e->kind, a->kind, sizeof e->kind);
	j = json_deep_copy(a->fields);
	json_object_set_new(j, "key", json_string(e->key));
	json_object_set_new(j, "seq", json_integer(seq));
	json_object_set_new(j, "at", json_integer(e->at));
	json_object_set_new(j, "kind", json_string(e->kind));
	e->json = json_dumps(j, JSON_COMPACT|JSON_SORT_KEYS);
	json_decref(j);

	buf_init(&b);
	client_journal_encode(&b, e);
	store_key_init(&k);
	store_key_u64(&k, e->seq);
	store_put(t, JOURNAL_T_ENTRY, k.data, k.len, b.data, b.len);
	buf_free(&b);
	store_meta_put_i64(t, "seq", seq + 1);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Journal one event of kind with fields (the ENTRY's own, without key,
 * seq, at and kind, which are added): committed durably before this
 * returns 0. e is filled (its json freed with client_journal_entry_free).
 */
int
client_journal_append(const char *kind, json_t *fields,
    struct journal_entry *e, char **cause)
{
	struct client_journal_append	a = { kind, fields, e };

	if (!client_journal_kind(kind))
		fatalx("journal: kind %s", kind);
	memset(e, 0, sizeof *e);
	if (store_write(journal_st, client_journal_append_cb, &a, cause) != 0) {
		client_journal_entry_free(e);
		return (-1);
	}
	return (0);
}

/*
 * Every entry in order to fn (which returns nonzero to stop). An entry
 * that does not decode stops the walk: -1, with *cause saying which.
 */
int
client_journal_walk(int (*fn)(const struct journal_entry *, void *),
    void *arg, char **cause)
{
	struct store_txn	 t;
	struct store_iter	 it;
	struct journal_entry	 e;
	char			*why;
	int			 rc = 0;
	uint64_t		 seq;

	*cause = NULL;
	if (store_begin(journal_st, &t, 0) != 0)
		return (client_journal_fail(&t, "the journal", cause));
	store_iter_init(&t, &it, JOURNAL_T_ENTRY, NULL, 0, 0);
	while (store_iter_next(&it)) {
		seq = it.klen == 8 ? store_key_get_u64(it.key) : 0;
		if (client_journal_decode(it.val, it.vlen, &e, &why) != 0 ||
		    e.seq != seq) {
			if (e.json == NULL || e.seq == seq)
				xasprintf(cause, "journal entry %llu is not "
				    "trusted: %s", (unsigned long long)seq, why);
			else {
				xasprintf(cause, "journal entry %llu is not "
				    "trusted: it says it is %llu",
				    (unsigned long long)seq,
				    (unsigned long long)e.seq);
				client_journal_entry_free(&e);
			}
			free(why);
			rc = -1;
			break;
		}
		rc = fn(&e, arg);
		client_journal_entry_free(&e);
		if (rc != 0) {
			rc = 0;
			break;
		}
	}
	store_iter_done(&it);
	store_abort(&t);
	return (rc);
}

struct client_journal_pending {
	struct journal_entry	*out;
	u_int			 max;
	u_int			 n;
};

static int
client_journal_pending_cb(const struct journal_entry *e, void *arg)
{
	struct client_journal_pending	*p = arg;

	if (e->acked)
		return (0);
	p->out[p->n] = *e;
	p->out[p->n].json = xstrdup(e->json);
	return (++p->n == p->max);
}

/*
 * The first (up to max) entries stashd has not acknowledged, in order
 * (each freed with client_journal_entry_free).
 */
int
client_journal_pending(struct journal_entry *out, u_int max, u_int *n,
    char **cause)
{
	struct client_journal_pending	p = { out, max, 0 };
	u_int				i;

	if (client_journal_walk(client_journal_pending_cb, &p, cause) != 0) {
		for (i = 0; i < p.n; i++)
			client_journal_entry_free(&out[i]);
		*n = 0;
		return (-1);
	}
	*n = p.n;
	return (0);
}

struct client_journal_ack {
	const struct journal_ack	*acks;
	u_int				 n;
	u_int				 done;
};

static int
client_journal_ack_cb(struct store_txn *t, void *arg, char **cause)
{
	struct client_journal_ack	*a = arg;
	const struct journal_ack	*ack;
	struct journal_entry		 e;
	struct store_key		 k;
	struct buf			 b;
	const u_char			*v;
	size_t				 vlen;
	char				*why;
	u_int				 i;

	buf_init(&b);
	a->done = 0;
	for (i = 0; i < a->n; i++) {
		ack = &a->acks[i];
		store_key_init(&k);
		store_key_u64(&k, ack->seq);
		if (store_get(t, JOURNAL_T_ENTRY, k.data, k.len, &v, &vlen) !=
		    0)
			continue;	/* not ours: stashd answered wrongly */
		if (client_journal_decode(v, vlen, &e, &why) != 0) {
			xasprintf(cause, "journal entry %llu is not trusted: "
			    "%s", (unsigned long long)ack->seq, why);
			free(why);
			buf_free(&b);
			return (-1);
		}
		if (e.acked || strcmp(e.key, ack->key) != 0) {
			client_journal_entry_free(&e);
			continue;
		}
		e.acked = 1;
		strlcpy(e.result, ack->result, sizeof e.result);
		e.sale = ack->sale;
		strlcpy(e.exception, ack->exception, sizeof e.exception);
		client_journal_encode(&b, &e);
		store_put(t, JOURNAL_T_ENTRY, k.data, k.len, b.data, b.len);
		client_journal_entry_free(&e);
		a->done++;
	}
	buf_free(&b);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Mark entries acknowledged with stashd's answers, in one transaction. An
 * answer for an entry the journal does not hold under that key is ignored.
 */
int
client_journal_ack(const struct journal_ack *acks, u_int n, u_int *done,
    char **cause)
{
	struct client_journal_ack	a = { acks, n, 0 };

	if (store_write(journal_st, client_journal_ack_cb, &a, cause) != 0)
		return (-1);
	if (done != NULL)
		*done = a.done;
	return (0);
}

struct client_journal_counts {
	u_int	unsent;
	u_int	exceptions;
};

static int
client_journal_counts_cb(const struct journal_entry *e, void *arg)
{
	struct client_journal_counts	*c = arg;

	if (!e->acked)
		c->unsent++;
	else if (strcmp(e->result, "exception") == 0)
		c->exceptions++;
	return (0);
}

/* How many entries wait for stashd, and how many came back exceptions. */
int
client_journal_counts(u_int *unsent, u_int *exceptions)
{
	struct client_journal_counts	 c = { 0, 0 };
	char				*cause;

	*unsent = *exceptions = 0;
	if (journal_st == NULL)
		return (0);
	if (client_journal_walk(client_journal_counts_cb, &c, &cause) != 0) {
		free(cause);
		return (-1);
	}
	*unsent = c.unsent;
	*exceptions = c.exceptions;
	return (0);
}

static int
client_journal_wipe_cb(struct store_txn *t, __unused void *arg,
    char **cause)
{
	struct store_iter	it;
	struct journal_entry	e;
	char			*why;
	u_int			table;

	/* Nothing goes while stashd has not had it all. */
	store_iter_init(t, &it, JOURNAL_T_ENTRY, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (client_journal_decode(it.val, it.vlen, &e, &why) != 0) {
			free(why);
			continue;	/* damaged: not trusted, not kept */
		}
		if (!e.acked) {
			client_journal_entry_free(&e);
			store_iter_done(&it);
			xasprintf(cause, "entry %llu has not reached the store "
			    "yet: connect and let the journal sync first",
			    (unsigned long long)e.seq);
			return (-1);
		}
		client_journal_entry_free(&e);
	}
	store_iter_done(&it);
	for (table = JOURNAL_T_BUNDLE; table <= JOURNAL_T_ENTRY; table++)
		client_journal_clear(t, table);
	store_meta_put_i64(t, "trip", 0);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * The trip is over: erase the customers' data (the bundle, the stops and
 * the journal, all of it acknowledged: refused otherwise) and rewrite the
 * file compacted over the old one. The journal's numbers go on.
 */
int
client_journal_wipe(char **cause)
{
	if (store_write(journal_st, client_journal_wipe_cb, NULL, cause) != 0)
		return (-1);
	if (store_file_compact(&journal_st, journal_tables, JOURNAL_TABLES,
	    cause) != 0)
		return (-1);
	log_info("driver: the handheld's trip data is wiped");
	return (0);
}
