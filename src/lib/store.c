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

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

/*
 * The LMDB environment and the sticky-error transaction (after Knot DNS
 * knot_lmdb.c). Durable: no MDB_NOSYNC, so a commit returns after fsync.
 */

static const char *store_db_names[DB_MAX] = {
	[DB_META] = "meta",
	[DB_STAFF] = "staff",
	[DB_TERMINAL] = "terminal",
	[DB_PRODUCT] = "product",
	[DB_PRODUCT_SKU] = "product.sku",
	[DB_PACKAGE] = "package",
	[DB_PACKAGE_PRODUCT] = "package.product",
	[DB_SALE] = "sale",
	[DB_SALE_REF] = "sale.ref",
	[DB_SALE_TAG] = "sale.tag",
	[DB_AUDIT] = "audit",
	[DB_PACKAGE_BATCH] = "package.batch",
	[DB_PACKAGE_SUPPLIER] = "package.supplier",
	[DB_ADJUST] = "adjust",
	[DB_ADJUST_TAG] = "adjust.tag",
	[DB_HOLD] = "hold",
	[DB_CUSTOMER] = "customer",
	[DB_CUSTOMER_INDEX] = "customer.index",
	[DB_SALE_CUSTOMER] = "sale.customer",
	[DB_QUEUE] = "queue",
	[DB_OUTBOX] = "outbox",
	[DB_OUTBOX_DUE] = "outbox.due",
	[DB_OUTBOX_REF] = "outbox.ref",
	[DB_MANIFEST] = "manifest",
	[DB_MANIFEST_LINE] = "manifest.line",
	[DB_COUNT] = "count",
	[DB_COUNT_LINE] = "count.line",
	[DB_DRAWER] = "drawer",
	[DB_RETURN] = "return",
	[DB_ORDER] = "order",
	[DB_ORDER_REF] = "order.ref",
	[DB_ORDER_STATUS] = "order.status",
	[DB_ORDER_CUSTOMER] = "order.customer",
	[DB_ORDER_DUE] = "order.due",
	[DB_RESERVE] = "reserve",
	[DB_PICK] = "pick",
	[DB_VEHICLE] = "vehicle",
	[DB_TRIP] = "trip",
	[DB_NOTIFY] = "notify",
	[DB_NOTIFY_DUE] = "notify.due",
	[DB_ROLE] = "role",
	[DB_SYNC] = "sync",
	[DB_DEXC] = "delivery.exception",
	[DB_TRIP_EVENT] = "trip.event",
	[DB_GPS] = "trip.gps",
	[DB_ROLL] = "roll",
	[DB_ROLL_PRODUCT] = "roll.product",
	[DB_ROLL_HOUR] = "roll.hour",
	[DB_ROLL_ADJUST] = "roll.adjust",
	[DB_ROLL_VISIT] = "roll.visit",
	[DB_ROLL_CUSTOMER] = "roll.customer",
	[DB_ROLL_CATEGORY] = "roll.category",
	[DB_CCRS] = "ccrs",
	[DB_CCRS_FILE] = "ccrs.file",
	[DB_RECONCILE] = "reconcile",
	[DB_ROLL_TILL] = "roll.till",
	[DB_ROLL_STAFF] = "roll.staff",
	[DB_SALE_TAG_SPAN] = "sale.tag.span",
	[DB_SALE_REF_RECENT] = "sale.ref.recent",
};

struct store {
	MDB_env		*env;
	MDB_dbi		 dbi[DB_MAX];
	int		 missing[DB_MAX];	/* read-only: not made yet */
	size_t		 mapsize;
	u_int		 ntxn;		/* transactions open, nested too */
	char		*path;
	const char *const *names;	/* the tables' names, for messages */
};

/* Map an LMDB or errno code to ours. */
static int
store_map_err(int rc)
{
	switch (rc) {
	case MDB_SUCCESS:
		return (STORE_OK);
	case MDB_NOTFOUND:
		return (STORE_NOTFOUND);
	case MDB_KEYEXIST:
		return (STORE_EXISTS);
	case MDB_MAP_FULL:
		return (STORE_FULL);
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return (STORE_NOSPACE);
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
		return (STORE_CORRUPT);
	case MDB_TXN_FULL:
	case MDB_BAD_VALSIZE:
		return (STORE_LIMIT);
	default:
		return (STORE_ERROR);
	}
}

const char *
store_strerror(int err)
{
	switch (err) {
	case STORE_OK:
		return ("no error");
	case STORE_NOTFOUND:
		return ("not found");
	case STORE_EXISTS:
		return ("already exists");
	case STORE_FULL:
		return ("ledger map full");
	case STORE_NOSPACE:
		return ("disk full: nothing was written");
	case STORE_CORRUPT:
		return ("ledger record damaged");
	case STORE_LIMIT:
		return ("transaction too large");
	default:
		return ("ledger error");
	}
}

/* Record the first failure on a transaction. */
void
store_fail(struct store_txn *t, int err, const char *fmt, ...)
{
	va_list	ap;

	if (t->ret != STORE_OK)
		return;
	t->ret = err;
	va_start(ap, fmt);
	vsnprintf(t->err, sizeof t->err, fmt, ap);
	va_end(ap);
}

static void
store_fail_rc(struct store_txn *t, int rc, const char *what)
{
	store_fail(t, store_map_err(rc), "%s: %s", what, mdb_strerror(rc));
}

static int store_migrate(struct store *, char **);

/*
 * Create and open st's environment at st->path with flags (0600), taking
 * the larger of the file's map and mapsize. An LMDB code on failure.
 */
static int
store_env_open(struct store *st, u_int flags, size_t mapsize)
{
	MDB_envinfo	info;
	int		rc;

	if ((rc = mdb_env_create(&st->env)) != 0)
		return (rc);
	mdb_env_set_maxdbs(st->env, DB_MAX + 4);
	mdb_env_set_maxreaders(st->env, 256);
	if ((rc = mdb_env_open(st->env, st->path, flags, 0600)) != 0)
		return (rc);
	mdb_env_info(st->env, &info);
	st->mapsize = info.me_mapsize;
	if (!(flags & MDB_RDONLY) && mapsize > st->mapsize) {
		if ((rc = mdb_env_set_mapsize(st->env, mapsize)) != 0)
			return (rc);
		st->mapsize = mapsize;
	}
	return (0);
}

/*
 * Open (creating if need be) the ledger in directory path with an initial
 * map of mapsize bytes. rdonly opens it for reading only.
 */
int
store_open(const char *path, size_t mapsize, int rdonly, struct store **out,
    char **cause)
{
	struct store	*st;
	MDB_txn		*txn;
	int		 rc, i;
	u_int		 flags = MDB_NOTLS;

	*out = NULL;
	if (!rdonly && util_mkdirs(path, 0700) != 0) {
		xasprintf(cause, "cannot create %s: %s", path, strerror(errno));
		return (-1);
	}
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->names = store_db_names;
	if (rdonly)
		flags |= MDB_RDONLY;
	if ((rc = store_env_open(st, flags, mapsize)) != 0)
		goto fail;

	if ((rc = mdb_txn_begin(st->env, NULL, rdonly ? MDB_RDONLY : 0,
	    &txn)) != 0)
		goto fail;
	for (i = 0; i < DB_MAX; i++) {
		rc = mdb_dbi_open(txn, store_db_names[i],
		    rdonly ? 0 : MDB_CREATE, &st->dbi[i]);
		if (rc == MDB_NOTFOUND && rdonly && i != DB_META) {
			/*
			 * A table this ledger has not made yet (it was last
			 * opened for writing by an older stash): read as empty.
			 */
			st->missing[i] = 1;
			continue;
		}
		if (rc != 0) {
			mdb_txn_abort(txn);
			if (rdonly && rc == MDB_NOTFOUND) {
				xasprintf(cause, "%s: not a stash ledger "
				    "(run stashctl init)", path);
				store_close(st);
				return (-1);
			}
			goto fail;
		}
	}
	if ((rc = mdb_txn_commit(txn)) != 0)
		goto fail;
	if (!rdonly && store_migrate(st, cause) != 0) {
		store_close(st);
		return (-1);
	}
	*out = st;
	return (0);

fail:
	xasprintf(cause, "cannot open ledger %s: %s", path, mdb_strerror(rc));
	store_close(st);
	return (-1);
}

/*
 * Every package of the ledger (only_held: those whose status says "hold")
 * read into a new array, for a migration to rewrite; *n of them.
 */
static struct package *
store_migrate_packages(struct store_txn *t, int only_held, size_t *n)
{
	struct store_iter	 it;
	struct package		*all = NULL;
	size_t			 size = 0;

	*n = 0;
	store_iter_init(t, &it, DB_PACKAGE, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (*n == size) {
			size = size == 0 ? 64 : size * 2;
			all = xreallocarray(all, size, sizeof *all);
		}
		if (store_package_decode(it.val, it.vlen, &all[*n]) != 0) {
			store_fail(t, STORE_CORRUPT, "package record damaged");
			break;
		}
		if (!only_held || all[*n].status == PACKAGE_HOLD)
			(*n)++;
	}
	store_iter_done(&it);
	return (all);
}

/*
 * Schema 2 indexes packages by batch and by source licence. A schema 1
 * ledger has neither: rewrite every package so that its indexes are made.
 */
static void
store_migrate_2(struct store_txn *t)
{
	struct package	*all;
	size_t		 n, i;

	all = store_migrate_packages(t, 0, &n);
	for (i = 0; i < n; i++)
		store_package_put(t, &all[i], NULL);
	free(all);
	log_info("ledger: schema 2: %zu packages indexed by batch and "
	    "supplier", n);
}

/*
 * Schema 3 keeps whether a package is held in one place, the holds table:
 * a package's status is no longer "hold". A held package becomes active
 * (its hold stays and keeps it off sale); one whose hold was released
 * while its status still said "hold" is active now, as its release meant,
 * unless its lab result does not pass: then it gets the hold intake puts
 * on for the lab, so an untested package is not sold by this change.
 */
static void
store_migrate_3(struct store_txn *t)
{
	struct package	*all, old;
	struct hold	 h;
	size_t		 n, i, held = 0;

	all = store_migrate_packages(t, 1, &n);
	for (i = 0; i < n && t->ret == 0; i++) {
		old = all[i];
		all[i].status = PACKAGE_ACTIVE;
		store_package_put(t, &all[i], &old);
		if (store_hold_match(t, &all[i], &h) == 0 ||
		    all[i].lab.status == LAB_PASS)
			continue;
		memset(&h, 0, sizeof h);
		h.scope = HOLD_PACKAGE;
		strlcpy(h.key, all[i].tag, sizeof h.key);
		snprintf(h.reason, sizeof h.reason, "lab: %s",
		    all[i].lab.status == LAB_FAIL ? "lab test failed" :
		    "no lab result");
		h.time = util_now();
		store_hold_put(t, &h);
		held++;
	}
	free(all);
	log_info("ledger: schema 3: %zu held packages active, %zu held for "
	    "their lab result", n, held);
}

/* A migration's rollups made by build, and how many it made, logged. */
static void
store_migrate_roll(struct store_txn *t,
    int (*build)(struct store_txn *, uint64_t *), const char *what)
{
	uint64_t	n = 0;

	if (build(t, &n) == 0)
		log_info("ledger: %s: %llu", what, (unsigned long long)n);
}

/*
 * Schema 6 keys sale.tag by the block of sale numbers and the packed tag
 * (store_sale_tag_add), with each package's span of sales in
 * sale.tag.span: re-key every entry of the old form (the tag's TAG_LEN
 * characters and the sale), a chunk at a time, each walk starting after
 * the last old key it moved (the new keys, of other lengths, are passed
 * over).
 */
#define STORE_MIGRATE_CHUNK	4096
static void
store_migrate_6(struct store_txn *t)
{
	struct store_iter	 it;
	u_char			(*old)[TAG_LEN + 8], last[TAG_LEN + 8];
	char			 tag[TAG_LEN + 1];
	size_t			 n, i, moved = 0;
	int			 started = 0;

	old = xreallocarray(NULL, STORE_MIGRATE_CHUNK, sizeof *old);
	for (;;) {
		n = 0;
		store_iter_init(t, &it, DB_SALE_TAG, NULL, 0, 0);
		if (started)
			store_iter_after(&it, last, sizeof last);
		while (n < STORE_MIGRATE_CHUNK && store_iter_next(&it)) {
			if (it.klen == sizeof old[0])
				memcpy(old[n++], it.key, sizeof old[0]);
		}
		store_iter_done(&it);
		if (n == 0 || t->ret != 0)
			break;
		for (i = 0; i < n; i++) {
			store_del(t, DB_SALE_TAG, old[i], sizeof old[i]);
			memcpy(tag, old[i], TAG_LEN);
			tag[TAG_LEN] = '\0';
			store_sale_tag_add(t, tag,
			    store_key_get_u64(old[i] + TAG_LEN));
		}
		memcpy(last, old[n - 1], sizeof last);
		started = 1;
		moved += n;
	}
	free(old);
	log_info("ledger: schema 6: %zu sale.tag entries re-keyed by block and "
	    "packed tag", moved);
}

/*
 * Schema 4 keeps rollups (store-roll.c) for the reports: build them from
 * every sale, return and adjustment the ledger holds. Schema 5 keeps the
 * sales as a whole by register first (roll.till) and by staff member first
 * (roll.staff), for the reports of one register or one staff member: made
 * from the rollup with every dimension, whose rows of the sales as a whole
 * they hold in other orders.
 */
/*
 * Schema versions: a new ledger is stamped with STORE_SCHEMA; a newer one is
 * refused; an older one is brought up to date by the migrations below, all
 * in one transaction.
 */
static int
store_migrate(struct store *st, char **cause)
{
	struct store_txn	t;
	int64_t			v;
	int			tries;

	/*
	 * A migration that makes tables (schema 4's rollups) may need a
	 * larger map: grow it and start again, a few times.
	 */
	for (tries = 0;; tries++) {
		if (store_begin(st, &t, 1) != 0) {
			xasprintf(cause, "%s", t.err);
			return (-1);
		}
		v = store_meta_get_i64(&t, "schema");
		if (v > STORE_SCHEMA) {
			store_abort(&t);
			xasprintf(cause, "%s: ledger schema %lld is newer than "
			    "this stash (%d); upgrade stash", st->path,
			    (long long)v, STORE_SCHEMA);
			return (-1);
		}
		if (v == STORE_SCHEMA) {
			store_abort(&t);
			return (0);
		}
		/* v == 0 is a new ledger: nothing to migrate. */
		if (v >= 1 && v < 2)
			store_migrate_2(&t);
		if (v >= 1 && v < 3)
			store_migrate_3(&t);
		if (v >= 1 && v < 4)
			store_migrate_roll(&t, roll_rebuild, "schema 4: "
			    "rollups built, records read");
		else if (v >= 4 && v < 5)	/* a rebuild makes roll.till */
			store_migrate_roll(&t, roll_till_build, "schema 5: "
			    "rollup rows by register and by staff made");
		if (v >= 1 && v < 6)
			store_migrate_6(&t);
		store_meta_put_i64(&t, "schema", STORE_SCHEMA);
		if (store_commit(&t) == 0)	/* or aborts a failed one */
			return (0);
		if (t.ret != STORE_FULL || tries == 4 || store_grow(st) != 0)
			break;
	}
	xasprintf(cause, "%s: cannot write schema: %s", st->path, t.err);
	return (-1);
}

/*
 * A small store of its own rather than the ledger (the driver's handheld,
 * client-journal.c): one file at path (no directory; LMDB keeps its lock
 * beside it as path-lock), created 0600, durable like the ledger, with the
 * tables names[0..n-1] as table numbers 0..n-1. It has no ledger schema
 * and no migrations: the caller keeps its own version in a table.
 */
int
store_open_file(const char *path, size_t mapsize, const char *const *names,
    u_int n, struct store **out, char **cause)
{
	struct store	*st;
	MDB_txn		*txn;
	u_int		 i;
	int		 rc;

	*out = NULL;
	if (n == 0 || n > DB_MAX)
		fatalx("store_open_file: %u tables", n);
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->names = names;
	if ((rc = store_env_open(st, MDB_NOTLS|MDB_NOSUBDIR, mapsize)) != 0)
		goto fail;
	if ((rc = mdb_txn_begin(st->env, NULL, 0, &txn)) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((rc = mdb_dbi_open(txn, names[i], MDB_CREATE,
		    &st->dbi[i])) != 0) {
			mdb_txn_abort(txn);
			goto fail;
		}
	}
	if ((rc = mdb_txn_commit(txn)) != 0)
		goto fail;
	*out = st;
	return (0);

fail:
	xasprintf(cause, "cannot open %s: %s", path, mdb_strerror(rc));
	store_close(st);
	return (-1);
}

/*
 * Rewrite a store_open_file store compacted, so that what was deleted from
 * it is nowhere in the file: a compacting copy (only the pages in use)
 * beside it, the old file overwritten with zeros and synced, and the copy
 * renamed over it. The caller closes nothing: *stp is reopened (the same
 * tables) on success and is NULL, closed, on failure.
 */
int
store_file_compact(struct store **stp, const char *const *names, u_int n,
    char **cause)
{
	struct store	*st = *stp;
	char		*path, *tmp, *lock, zero[4096];
	struct stat	 sb;
	off_t		 off;
	int		 rc, fd;

	path = xstrdup(st->path);
	xasprintf(&tmp, "%s.compact", path);
	xasprintf(&lock, "%s-lock", tmp);
	unlink(tmp);
	unlink(lock);
	if ((fd = open(tmp, O_WRONLY|O_CREAT|O_EXCL, 0600)) == -1)
		rc = errno;
	else {
		rc = mdb_env_copyfd2(st->env, fd, MDB_CP_COMPACT);
		if (rc == 0 && fsync(fd) != 0)
			rc = errno;
		close(fd);
	}
	store_close(st);
	*stp = NULL;
	if (rc != 0) {
		xasprintf(cause, "cannot compact %s: %s", path,
		    mdb_strerror(rc));
		unlink(tmp);
		goto fail;
	}
	memset(zero, 0, sizeof zero);
	if ((fd = open(path, O_WRONLY)) == -1 || fstat(fd, &sb) != 0) {
		xasprintf(cause, "cannot overwrite %s: %s", path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		goto fail;
	}
	for (off = 0; off < sb.st_size; off += (off_t)sizeof zero) {
		if (pwrite(fd, zero, sizeof zero, off) != (ssize_t)sizeof zero)
			break;
	}
	if (off < sb.st_size || fsync(fd) != 0) {
		xasprintf(cause, "cannot overwrite %s: %s", path,
		    strerror(errno));
		close(fd);
		goto fail;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		xasprintf(cause, "cannot rename %s: %s", tmp, strerror(errno));
		goto fail;
	}
	unlink(lock);
	free(lock);
	free(tmp);
	rc = store_open_file(path, 0, names, n, stp, cause);
	free(path);
	return (rc);

fail:
	unlink(lock);
	free(lock);
	free(tmp);
	free(path);
	return (-1);
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->env != NULL)
		mdb_env_close(st->env);
	free(st->path);
	free(st);
}

const char *
store_path(struct store *st)
{
	return (st->path);
}

size_t
store_mapsize(struct store *st)
{
	return (st->mapsize);
}

/*
 * Grow the map (double it, capped at 1 TiB). Only while this process has no
 * transaction open: LMDB remaps the file, and a reader's pages (and every
 * pointer a caller took from them) would be left pointing at the old map.
 * Callers arrange never to be inside one; being inside one is a bug, so it
 * is fatal rather than a quiet remap. The new size is persistent; other
 * processes pick it up through MDB_MAP_RESIZED.
 */
int
store_grow(struct store *st)
{
	size_t	next;
	int	rc;

	if (st->ntxn != 0)
		fatalx("ledger: map growth with %u transactions open",
		    st->ntxn);
	if (st->mapsize >= ((size_t)1 << 40))
		return (STORE_NOSPACE);
	next = st->mapsize * 2;
	if ((rc = mdb_env_set_mapsize(st->env, next)) != 0) {
		log_warnx("ledger: cannot grow map to %zu: %s", next,
		    mdb_strerror(rc));
		return (STORE_NOSPACE);
	}
	log_info("ledger: map grown to %zu MiB", next >> 20);
	st->mapsize = next;
	return (0);
}

int
store_begin(struct store *st, struct store_txn *t, int rw)
{
	MDB_txn		*txn;
	MDB_envinfo	 info;
	int		 rc, tries;

	memset(t, 0, sizeof *t);
	t->st = st;
	t->rw = rw;
	for (tries = 0; tries < 2; tries++) {
		rc = mdb_txn_begin(st->env, NULL, rw ? 0 : MDB_RDONLY, &txn);
		if (rc == MDB_MAP_RESIZED) {
			/* Another process grew the map. */
			mdb_env_set_mapsize(st->env, 0);
			mdb_env_info(st->env, &info);
			st->mapsize = info.me_mapsize;
			continue;
		}
		if (rc == MDB_READERS_FULL) {
			mdb_reader_check(st->env, NULL);
			continue;
		}
		break;
	}
	if (rc != 0) {
		store_fail_rc(t, rc, "begin");
		return (t->ret);
	}
	t->txn = txn;
	st->ntxn++;
	return (0);
}

/* How many transactions (nested ones too) this process has open. */
u_int
store_txns_open(struct store *st)
{
	return (st->ntxn);
}

/* A nested write transaction: its changes reach the parent on commit. */
int
store_begin_child(struct store_txn *parent, struct store_txn *t)
{
	MDB_txn	*txn;
	int	 rc;

	memset(t, 0, sizeof *t);
	t->st = parent->st;
	t->rw = 1;
	parent->writes++;	/* what it commits is the parent's */
	if (parent->ret != 0) {
		store_fail(t, parent->ret, "parent failed");
		return (t->ret);
	}
	rc = mdb_txn_begin(parent->st->env, parent->txn, 0, &txn);
	if (rc != 0) {
		store_fail_rc(t, rc, "begin child");
		return (t->ret);
	}
	t->txn = txn;
	t->st->ntxn++;
	return (0);
}

/*
 * Is the ledger out of room? LMDB reports a short write as EIO, so after a
 * failed commit we look: less than 1 MiB free on its filesystem, or the
 * data file within 1 MiB of the process's file size limit.
 */
static int
store_space_low(struct store *st)
{
	struct statvfs	 vfs;
	struct rlimit	 rl;
	struct stat	 sb;
	char		 path[4096];
	const uint64_t	 slack = 1 << 20;

	if (statvfs(st->path, &vfs) == 0 &&
	    (uint64_t)vfs.f_bavail * vfs.f_frsize < slack)
		return (1);
	snprintf(path, sizeof path, "%s/data.mdb", st->path);
	if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    stat(path, &sb) == 0 && (uint64_t)sb.st_size + slack > rl.rlim_cur)
		return (1);
	return (0);
}

/* Commit if nothing failed, else abort; returns the sticky error. */
int
store_commit(struct store_txn *t)
{
	int	rc;

	if (t->txn == NULL)
		return (t->ret != 0 ? t->ret : STORE_ERROR);
	t->st->ntxn--;
	if (t->ret != 0) {
		mdb_txn_abort(t->txn);
		t->txn = NULL;
		return (t->ret);
	}
	rc = mdb_txn_commit(t->txn);
	t->txn = NULL;
	if (rc != 0) {
		store_fail_rc(t, rc, "commit");
		if (t->ret == STORE_ERROR && store_space_low(t->st))
			t->ret = STORE_NOSPACE;
	}
	return (t->ret);
}

void
store_abort(struct store_txn *t)
{
	if (t->txn != NULL) {
		mdb_txn_abort(t->txn);
		t->st->ntxn--;
	}
	t->txn = NULL;
}

/* Get a value; STORE_NOTFOUND does not poison the transaction. */
int
store_get(struct store_txn *t, enum store_db db, const void *key,
    size_t klen, const u_char **val, size_t *vlen)
{
	MDB_val	k, v;
	int	rc;

	if (t->ret != 0)
		return (t->ret);
	if (t->st->missing[db])
		return (STORE_NOTFOUND);
	k.mv_data = (void *)key;
	k.mv_size = klen;
	rc = mdb_get(t->txn, t->st->dbi[db], &k, &v);
	if (rc == MDB_NOTFOUND)
		return (STORE_NOTFOUND);
	if (rc != 0) {
		store_fail_rc(t, rc, t->st->names[db]);
		return (t->ret);
	}
	*val = v.mv_data;
	*vlen = v.mv_size;
	return (0);
}

/* A record by its number, a u64 key if wide, else a u32 one. */
static int
store_get_num(struct store_txn *t, enum store_db db, uint64_t id, int wide,
    const u_char **val, size_t *vlen)
{
	struct store_key	k;

	store_key_init(&k);
	if (wide)
		store_key_u64(&k, id);
	else
		store_key_u32(&k, (uint32_t)id);
	return (store_get(t, db, k.data, k.len, val, vlen));
}

/* A record by its number (a table keyed by u32). */
int
store_get_u32(struct store_txn *t, enum store_db db, uint32_t id,
    const u_char **val, size_t *vlen)
{
	return (store_get_num(t, db, id, 0, val, vlen));
}

/* A record by its number (a table keyed by u64). */
int
store_get_u64(struct store_txn *t, enum store_db db, uint64_t id,
    const u_char **val, size_t *vlen)
{
	return (store_get_num(t, db, id, 1, val, vlen));
}

/*
 * A record's number by a string key, in an index whose values are u64
 * numbers (a ref index); what names the index if it is damaged.
 */
int
store_get_ref(struct store_txn *t, enum store_db db, const char *key,
    const char *what, uint64_t *id)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	int			 r;

	store_key_init(&k);
	store_key_str(&k, key);
	if ((r = store_get(t, db, k.data, k.len, &v, &vlen)) != 0)
		return (r);
	if (vlen != 8) {
		store_fail(t, STORE_CORRUPT, "%s index damaged", what);
		return (STORE_CORRUPT);
	}
	*id = store_key_get_u64(v);
	return (0);
}

/* Record id of what would not decode: the transaction fails. */
int
store_damaged(struct store_txn *t, const char *what, uint64_t id)
{
	store_fail(t, STORE_CORRUPT, "%s %llu record damaged", what,
	    (unsigned long long)id);
	return (STORE_CORRUPT);
}

#ifdef STASH_TEST_HOOKS
/*
 * Tests only (--enable-debug builds): an audit record holding the bytes of
 * $STASH_TEST_FAIL_AUDIT fails its write, after the operation has written
 * the rest (batch-replay.py: a failed op leaves nothing in a batch).
 */
static int
store_test_poisoned(const void *val, size_t vlen)
{
	const char	*p = getenv("STASH_TEST_FAIL_AUDIT");
	const u_char	*v = val;
	size_t		 n, i;

	if (p == NULL || (n = strlen(p)) == 0)
		return (0);
	for (i = 0; i + n <= vlen; i++) {
		if (memcmp(v + i, p, n) == 0)
			return (1);
	}
	return (0);
}
#endif

void
store_put(struct store_txn *t, enum store_db db, const void *key,
    size_t klen, const void *val, size_t vlen)
{
	MDB_val	k, v;
	int	rc;

	if (t->ret != 0)
		return;
	k.mv_data = (void *)key;
	k.mv_size = klen;
	v.mv_data = (void *)val;
	v.mv_size = vlen;
	t->writes++;
#ifdef STASH_TEST_HOOKS
	if (db == DB_AUDIT && store_test_poisoned(val, vlen)) {
		t->ret = STORE_ERROR;
		strlcpy(t->err, "audit: STASH_TEST_FAIL_AUDIT", sizeof t->err);
		return;
	}
#endif
	if ((rc = mdb_put(t->txn, t->st->dbi[db], &k, &v, 0)) != 0)
		store_fail_rc(t, rc, t->st->names[db]);
}

/*
 * Read a key and write it back with one cursor: one walk down the tree
 * where store_get and store_put take two, for a key that exists (the
 * rollups a sale adds to). fn is given the value (NULL, 0: none) and
 * leaves the new one in b, or b empty to delete the key; if it returns
 * -1 nothing is written and so is store_update's answer (the transaction
 * is not failed: the caller says why).
 */
int
store_update(struct store_txn *t, enum store_db db, const void *key,
    size_t klen, store_update_fn fn, void *arg)
{
	MDB_cursor	*cur;
	MDB_val		 k, v;
	struct buf	 b;
	int		 rc, found;

	if (t->ret != 0)
		return (t->ret);
	if ((rc = mdb_cursor_open(t->txn, t->st->dbi[db], &cur)) != 0) {
		store_fail_rc(t, rc, store_db_names[db]);
		return (t->ret);
	}
	k.mv_data = (void *)key;
	k.mv_size = klen;
	rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY);
	if (rc != 0 && rc != MDB_NOTFOUND) {
		mdb_cursor_close(cur);
		store_fail_rc(t, rc, store_db_names[db]);
		return (t->ret);
	}
	found = rc == 0;
	buf_init(&b);
	if (fn(found ? v.mv_data : NULL, found ? v.mv_size : 0, &b,
	    arg) != 0) {
		mdb_cursor_close(cur);
		buf_free(&b);
		return (-1);
	}
	if (t->ret != 0)
		rc = 0;
	else if (b.len == 0) {
		t->writes++;
		rc = found ? mdb_cursor_del(cur, 0) : 0;
	} else {
		t->writes++;
		k.mv_data = (void *)key;
		k.mv_size = klen;
		v.mv_data = b.data;
		v.mv_size = b.len;
		rc = mdb_cursor_put(cur, &k, &v, found ? MDB_CURRENT : 0);
	}
	mdb_cursor_close(cur);
	buf_free(&b);
	if (rc != 0)
		store_fail_rc(t, rc, store_db_names[db]);
	return (t->ret);
}

/* Put a key that must not exist; STORE_EXISTS does not poison. */
int
store_put_new(struct store_txn *t, enum store_db db, const void *key,
    size_t klen, const void *val, size_t vlen)
{
	MDB_val	k, v;
	int	rc;

	if (t->ret != 0)
		return (t->ret);
	k.mv_data = (void *)key;
	k.mv_size = klen;
	v.mv_data = (void *)val;
	v.mv_size = vlen;
	t->writes++;
	rc = mdb_put(t->txn, t->st->dbi[db], &k, &v, MDB_NOOVERWRITE);
	if (rc == MDB_KEYEXIST)
		return (STORE_EXISTS);
	if (rc != 0)
		store_fail_rc(t, rc, t->st->names[db]);
	return (t->ret);
}

void
store_del(struct store_txn *t, enum store_db db, const void *key, size_t klen)
{
	MDB_val	k;
	int	rc;

	if (t->ret != 0)
		return;
	k.mv_data = (void *)key;
	k.mv_size = klen;
	t->writes++;
	rc = mdb_del(t->txn, t->st->dbi[db], &k, NULL);
	if (rc != 0 && rc != MDB_NOTFOUND)
		store_fail_rc(t, rc, t->st->names[db]);
}

/* Empty a table (the rollups, before they are built again). */
void
store_clear(struct store_txn *t, enum store_db db)
{
	int	rc;

	if (t->ret != 0)
		return;
	t->writes++;
	if ((rc = mdb_drop(t->txn, t->st->dbi[db], 0)) != 0)
		store_fail_rc(t, rc, store_db_names[db]);
}

/*
 * Iterate over the keys that start with prefix (all keys when plen is 0),
 * in key order or, with reverse, backwards. A scan that ends on anything but
 * MDB_NOTFOUND or the end of the prefix poisons the transaction.
 */
void
store_iter_init(struct store_txn *t, struct store_iter *it, enum store_db db,
    const void *prefix, size_t plen, int reverse)
{
	MDB_cursor	*cur;
	int		 rc;

	memset(it, 0, sizeof *it);
	it->t = t;
	it->reverse = reverse;
	if (plen > sizeof it->pbuf)
		fatalx("store_iter_init: prefix too long");
	if (plen > 0)
		memcpy(it->pbuf, prefix, plen);
	it->prefix = it->pbuf;
	it->plen = plen;
	if (t->ret != 0 || t->st->missing[db])
		return;		/* no cursor: the scan is empty */
	if ((rc = mdb_cursor_open(t->txn, t->st->dbi[db], &cur)) != 0) {
		store_fail_rc(t, rc, "cursor");
		return;
	}
	it->cur = cur;
}

/* Step the cursor back to the last key with the prefix. */
static int
store_iter_seek_last(struct store_iter *it, MDB_val *k, MDB_val *v)
{
	u_char	up[sizeof it->pbuf];
	size_t	n = it->plen;
	int	rc;

	if (n == 0)
		return (mdb_cursor_get(it->cur, k, v, MDB_LAST));
	/* The smallest key greater than every key with the prefix. */
	memcpy(up, it->prefix, n);
	while (n > 0 && up[n - 1] == 0xff)
		n--;
	if (n == 0)
		return (mdb_cursor_get(it->cur, k, v, MDB_LAST));
	up[n - 1]++;
	k->mv_data = up;
	k->mv_size = n;
	rc = mdb_cursor_get(it->cur, k, v, MDB_SET_RANGE);
	if (rc == MDB_NOTFOUND)
		return (mdb_cursor_get(it->cur, k, v, MDB_LAST));
	if (rc != 0)
		return (rc);
	return (mdb_cursor_get(it->cur, k, v, MDB_PREV));
}

/*
 * A reverse scan starts at the last key below this one (instead of at the
 * end of the prefix). Call before the first store_iter_next.
 */
void
store_iter_before(struct store_iter *it, const void *key, size_t klen)
{
	if (klen > sizeof it->from || !it->reverse)
		fatalx("store_iter_before: bad use");
	memcpy(it->from, key, klen);
	it->fromlen = klen;
}

/*
 * A forward scan starting above key: where the last pass of a walk done a
 * step at a time stopped (the key need not still be there).
 */
void
store_iter_after(struct store_iter *it, const void *key, size_t klen)
{
	if (klen > sizeof it->from || it->reverse || it->plen != 0)
		fatalx("store_iter_after: bad use");
	memcpy(it->from, key, klen);
	it->fromlen = klen;
}

/* 1 with it->key/val set, 0 at the end (or on error: check t->ret). */
int
store_iter_next(struct store_iter *it)
{
	MDB_val	k, v;
	int	rc;

	if (it->cur == NULL || it->t->ret != 0)
		return (0);
	if (!it->started) {
		it->started = 1;
		if (it->reverse && it->fromlen != 0) {
			k.mv_data = it->from;
			k.mv_size = it->fromlen;
			rc = mdb_cursor_get(it->cur, &k, &v, MDB_SET_RANGE);
			if (rc == MDB_NOTFOUND)
				rc = mdb_cursor_get(it->cur, &k, &v, MDB_LAST);
			else if (rc == 0)
				rc = mdb_cursor_get(it->cur, &k, &v, MDB_PREV);
		} else if (it->fromlen != 0) {
			k.mv_data = it->from;
			k.mv_size = it->fromlen;
			rc = mdb_cursor_get(it->cur, &k, &v, MDB_SET_RANGE);
			if (rc == 0 && k.mv_size == it->fromlen &&
			    memcmp(k.mv_data, it->from, it->fromlen) == 0)
				rc = mdb_cursor_get(it->cur, &k, &v, MDB_NEXT);
		} else if (it->reverse)
			rc = store_iter_seek_last(it, &k, &v);
		else if (it->plen == 0)
			rc = mdb_cursor_get(it->cur, &k, &v, MDB_FIRST);
		else {
			k.mv_data = (void *)it->prefix;
			k.mv_size = it->plen;
			rc = mdb_cursor_get(it->cur, &k, &v, MDB_SET_RANGE);
		}
	} else
		rc = mdb_cursor_get(it->cur, &k, &v,
		    it->reverse ? MDB_PREV : MDB_NEXT);
	if (rc == MDB_NOTFOUND)
		goto done;
	if (rc != 0) {
		store_fail_rc(it->t, rc, "scan");
		goto done;
	}
	if (k.mv_size < it->plen ||
	    memcmp(k.mv_data, it->prefix, it->plen) != 0)
		goto done;
	it->key = k.mv_data;
	it->klen = k.mv_size;
	it->val = v.mv_data;
	it->vlen = v.mv_size;
	return (1);

done:
	store_iter_done(it);
	return (0);
}

void
store_iter_done(struct store_iter *it)
{
	if (it->cur != NULL)
		mdb_cursor_close(it->cur);
	it->cur = NULL;
}

/*
 * Keep the key the walk stands on in after (size bytes; *len its length),
 * where a paged walk goes on from. -1, the transaction failed, if the key
 * is longer: what names the table's keys.
 */
int
store_iter_keep(struct store_iter *it, u_char *after, size_t size,
    size_t *len, const char *what)
{
	if (it->klen > size) {
		store_fail(it->t, STORE_CORRUPT, "a %s key is too long", what);
		return (-1);
	}
	memcpy(after, it->key, it->klen);
	*len = it->klen;
	return (0);
}

/*
 * The end of a walk that gave n records: the cursor closed, then n, or -1
 * if the transaction failed on the way.
 */
int
store_iter_count(struct store_iter *it, u_int n)
{
	store_iter_done(it);
	return (it->t->ret != 0 ? -1 : (int)n);
}

/* The largest u64 key of a table keyed by u64 (0 when empty). */
uint64_t
store_last_u64(struct store_txn *t, enum store_db db)
{
	struct store_iter	it;
	uint64_t		last = 0;

	store_iter_init(t, &it, db, NULL, 0, 1);
	if (store_iter_next(&it)) {
		if (it.klen == 8)
			last = store_key_get_u64(it.key);
		else if (it.klen == 4)
			last = store_key_get_u32(it.key);
	}
	store_iter_done(&it);
	return (last);
}

uint64_t
store_count(struct store_txn *t, enum store_db db)
{
	MDB_stat	s;

	if (t->ret != 0 || t->st->missing[db] ||
	    mdb_stat(t->txn, t->st->dbi[db], &s) != 0)
		return (0);
	return (s.ms_entries);
}

/* An online, compacting copy into directory dir (created if need be). */
int
store_backup(struct store *st, const char *dir, char **cause)
{
	int	rc;

	if (util_mkdirs(dir, 0700) != 0) {
		xasprintf(cause, "cannot create %s: %s", dir, strerror(errno));
		return (-1);
	}
	rc = mdb_env_copy2(st->env, dir, MDB_CP_COMPACT);
	if (rc != 0) {
		xasprintf(cause, "backup to %s failed: %s", dir,
		    mdb_strerror(rc));
		return (-1);
	}
	return (0);
}

/*
 * Run fn in one write transaction and commit. When the map is full, grow it
 * and run fn once more from the start; when the disk is full, nothing is
 * written and the error says so.
 */
int
store_write(struct store *st, store_write_cb fn, void *arg, char **cause)
{
	struct store_txn	t;
	int			tries, r;

	for (tries = 0; tries < 2; tries++) {
		if (store_begin(st, &t, 1) != 0) {
			xasprintf(cause, "%s", t.err);
			return (-1);
		}
		*cause = NULL;
		r = fn(&t, arg, cause);
		if (r != 0) {
			store_abort(&t);
			if (t.ret == STORE_FULL && tries == 0 &&
			    store_grow(st) == 0) {
				free(*cause);
				*cause = NULL;
				continue;
			}
			if (*cause == NULL)
				xasprintf(cause, "%s", t.err[0] != '\0' ?
				    t.err : "failed");
			return (-1);
		}
		if (store_commit(&t) == 0)
			return (0);
		if (t.ret == STORE_FULL && tries == 0 && store_grow(st) == 0)
			continue;
		xasprintf(cause, "%s (%s)", store_strerror(t.ret), t.err);
		return (-1);
	}
	xasprintf(cause, "%s", store_strerror(STORE_NOSPACE));
	return (-1);
}
