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

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "ccrs-export.h"
#include "outbox.h"

/*
 * bench-ccrs: a CCRS export of a week of a busy store. A demo ledger
 * (stashctl demo) gets -n sale lines (20,000 by default), four to a
 * sale, spread over the past seven days, each sale with its outbox job as
 * a sale commit writes it; then one ccrs_export (one write transaction,
 * the files fsync'd) is timed, against a baseline in the same run:
 * writing and fsyncing the same bytes as one file. Not pass/fail, but
 * for duplicates: every Sale row's SaleDetailExternalIdentifier is read
 * back from the files and must be there once, one per line loaded, and
 * an export straight after must write nothing (exit 1 otherwise).
 *
 *   make tests/bench/bench-ccrs && top_builddir=$PWD \
 *       tests/bench/bench-ccrs [-n lines]
 */

#define BENCH_LINES	20000
#define BENCH_PER_SALE	4
#define BENCH_TXN	500		/* sales a transaction while loading */

static double
bench_secs(int64_t from)
{
	return ((double)(util_monotonic() - from) / 1e6);
}

struct bench_tags {
	char	tags[BENCH_PER_SALE][TAG_LEN + 1];
	uint32_t product[BENCH_PER_SALE];
	u_int	n;
};

static int
bench_tag(const struct package *pk, void *arg)
{
	struct bench_tags	*bt = arg;

	strlcpy(bt->tags[bt->n], pk->tag, sizeof bt->tags[bt->n]);
	bt->product[bt->n] = pk->product;
	return (++bt->n == BENCH_PER_SALE);
}

static void
bench_load(struct store *st, int lines, int64_t now)
{
	struct store_txn	 t;
	struct bench_tags	 bt;
	struct sale		*s;
	int			 nsales = lines / BENCH_PER_SALE, i, k;
	u_int			 l;

	memset(&bt, 0, sizeof bt);
	s = xcalloc(1, sizeof *s);
	if (store_begin(st, &t, 0) != 0)
		fatalx("store_begin: %s", t.err);
	store_package_walk(&t, bench_tag, &bt);
	store_abort(&t);
	if (bt.n != BENCH_PER_SALE)
		fatalx("the demo ledger has too few packages");
	for (i = 0; i < nsales; i += BENCH_TXN) {
		if (store_begin(st, &t, 1) != 0)
			fatalx("store_begin: %s", t.err);
		for (k = i; k < i + BENCH_TXN && k < nsales; k++) {
			memset(s, 0, sizeof *s);
			s->id = store_last_u64(&t, DB_SALE) + 1;
			snprintf(s->ref, sizeof s->ref, "bench:%d", k);
			s->time = now - 7 * 86400 * INT64_C(1000000) +
			    (int64_t)k * (7 * 86400 * INT64_C(1000000) /
			    nsales);
			strlcpy(s->terminal, "register-1", sizeof s->terminal);
			s->staff = 3;
			s->nlines = BENCH_PER_SALE;
			for (l = 0; l < BENCH_PER_SALE; l++) {
				strlcpy(s->lines[l].tag, bt.tags[l],
				    sizeof s->lines[l].tag);
				s->lines[l].product = bt.product[l];
				s->lines[l].qty = 1;
				s->lines[l].price = 2500;
				s->lines[l].total = 2500;
				s->lines[l].tax = 925;
				s->lines[l].thc_mg = -1;
				s->subtotal += 2500;
			}
			s->tax = 925 * BENCH_PER_SALE;
			s->total = s->subtotal + s->tax;
			s->status = 1;
			store_sale_put(&t, s, 1);
			outbox_sale(&t, s);
		}
		if (store_commit(&t) != 0)
			fatalx("store_commit: %s", t.err);
	}
	free(s);
}

/* The baseline: the same bytes written and fsync'd as one file. */
static double
bench_baseline(const char *dir, size_t bytes)
{
	char	*path, *data;
	int	 fd;
	int64_t	 t0;

	xasprintf(&path, "%s/baseline.csv", dir);
	data = xmalloc(bytes);
	memset(data, 'x', bytes);
	t0 = util_monotonic();
	if ((fd = open(path, O_WRONLY|O_CREAT|O_TRUNC, 0600)) == -1 ||
	    write(fd, data, bytes) != (ssize_t)bytes || fsync(fd) != 0)
		fatal("%s", path);
	close(fd);
	free(data);
	unlink(path);
	free(path);
	return (bench_secs(t0));
}

/*
 * The Sale rows of a file (none if it is not a Sale file): each row's
 * SaleDetailExternalIdentifier (the 13th column) into seen; how many rows
 * named one already.
 */
static u_int
bench_sale_keys(const char *dir, const char *name, json_t *seen, u_int *rows)
{
	FILE	*f;
	char	*path, *line = NULL, *p, *q;
	size_t	 cap = 0;
	u_int	 n = 0, dups = 0;
	int	 col;

	if (strncmp(name, "Sale_", 5) != 0)
		return (0);
	xasprintf(&path, "%s/%s", dir, name);
	if ((f = fopen(path, "r")) == NULL)
		fatal("%s", path);
	while (getline(&line, &cap, f) != -1) {
		if (++n <= 4)
			continue;	/* the preamble and the header */
		for (p = line, col = 0; col < 12 && p != NULL; col++) {
			if ((p = strchr(p, ',')) != NULL)
				p++;
		}
		if (p == NULL)
			errx(1, "%s:%u: a row of fewer columns", name, n);
		if ((q = strchr(p, ',')) != NULL)
			*q = '\0';
		if (json_object_get(seen, p) != NULL)
			dups++;
		json_object_set_new(seen, p, json_true());
		(*rows)++;
	}
	free(line);
	fclose(f);
	free(path);
	return (dups);
}

int
main(int argc, char **argv)
{
	struct store			*st;
	struct store_txn		 t;
	struct store_info		 info;
	struct ccrs_conf		 c;
	struct ccrs_export_stats	 es, es2;
	struct stat			 sb;
	const char			*builddir;
	char				 dir[] = "/tmp/bench-ccrs.XXXXXX";
	char				*cmd, *data, *out, *cause = NULL, *path;
	int				 ch, lines = BENCH_LINES;
	int64_t				 t0, now;
	double				 secs, base;
	size_t				 bytes = 0;
	u_int				 i, rows = 0, sales = 0, dups = 0;
	json_t				*seen;

	log_open("bench-ccrs", LOGDEST_STDERR, 0);
	while ((ch = getopt(argc, argv, "n:")) != -1) {
		if (ch != 'n')
			errx(1, "usage: bench-ccrs [-n lines]");
		lines = atoi(optarg);
		if (lines < BENCH_PER_SALE)
			errx(1, "-n: at least %d", BENCH_PER_SALE);
	}
	if ((builddir = getenv("top_builddir")) == NULL)
		builddir = ".";
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp");
	xasprintf(&data, "%s/data", dir);
	xasprintf(&out, "%s/out", dir);
	if (mkdir(out, 0700) != 0)
		fatal("%s", out);
	xasprintf(&cmd, "%s/stashctl -d %s demo >/dev/null", builddir, data);
	if (system(cmd) != 0)
		errx(1, "%s failed", cmd);
	free(cmd);
	if (store_open(data, 1024, 0, &st, &cause) != 0)
		errx(1, "%s", cause);
	now = util_now();
	t0 = util_monotonic();
	bench_load(st, lines, now);
	printf("loaded %d sale lines (%d sales) in %.2f s\n", lines,
	    lines / BENCH_PER_SALE, bench_secs(t0));

	if (store_begin(st, &t, 1) != 0)
		fatalx("store_begin: %s", t.err);
	store_meta_get_info(&t, &info);
	memset(&c, 0, sizeof c);
	strlcpy(c.licence, "412345", sizeof c.licence);
	strlcpy(c.by, "bench", sizeof c.by);
	c.tz = info.tz;
	t0 = util_monotonic();
	if (ccrs_export(&t, &c, out, util_now(), 0, &es, &cause) != 0)
		errx(1, "export: %s", cause);
	if (store_commit(&t) != 0)
		fatalx("store_commit: %s", t.err);
	secs = bench_secs(t0);
	for (i = 0; i < es.nfiles; i++) {
		xasprintf(&path, "%s/%s", out, es.files[i]);
		if (stat(path, &sb) == 0)
			bytes += (size_t)sb.st_size;
		free(path);
		rows += es.rows[i];
	}
	seen = json_object();
	for (i = 0; i < es.nfiles; i++)
		dups += bench_sale_keys(out, es.files[i], seen, &sales);
	json_decref(seen);
	if (store_begin(st, &t, 1) != 0)
		fatalx("store_begin: %s", t.err);
	if (ccrs_export(&t, &c, out, util_now(), 0, &es2, &cause) != 0)
		errx(1, "export: %s", cause);
	store_abort(&t);
	base = bench_baseline(out, bytes);
	printf("ccrs export: %u files, %u rows, %zu bytes, %u reports in "
	    "%.3f s (goal: under 1 s)\n", es.nfiles, rows, bytes, es.jobs,
	    secs);
	printf("baseline: the same bytes written and fsync'd in %.3f s; "
	    "export/baseline %.1fx\n", base, base > 0 ? secs / base : 0);
	printf("duplicates: %u Sale rows of %d lines, %u named twice (must "
	    "be 0); an export after wrote %u files (must be 0)\n", sales,
	    lines, dups, es2.nfiles);
	store_close(st);
	xasprintf(&cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		warnx("could not remove %s", dir);
	free(cmd);
	free(data);
	free(out);
	return (dups != 0 || es2.nfiles != 0 || sales != (u_int)lines);
}
