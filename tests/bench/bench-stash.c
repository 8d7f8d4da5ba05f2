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
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "auth.h"
#include "sale.h"

/*
 * bench-stash: the figures of doc/benchmarks.md. Each is printed next to a
 * baseline measured in this run on this disk: durable sale commits through
 * the real stashd against raw durable LMDB commits, protocol lookups
 * against a lookup inside this process. Figures, not pass/fail.
 *
 *   bench-stash [-kq] [-d dir] [-n sales] [-p sales,lookup,big,report]
 *       [-s stashd] [-t seconds]
 *
 * -d: where the temporary ledgers go ($TMPDIR, else "."): a real disk, not
 * tmpfs. -k keeps them. -n: sales in the big ledger (1000000). -p: which
 * phases run (the baselines always do; "inproc": the in-process sale
 * baseline alone). -t: seconds per closed loop (4).
 */

#define BENCH_LOOKUPS		5000	/* sequential lookups, one terminal */
#define BENCH_LIMIT_QUOTES	5000	/* quotes each, one terminal */
#define BENCH_LIMIT_DAYS	1825	/* five years of daily purchases */
#define BENCH_LIMIT_CUSTOMERS	64	/* patients with that history */
#define BENCH_LIMIT_SALES	4	/* commits each in the run */
#define BENCH_CONNS		200	/* connected terminals */
#define BENCH_PER_TXN		10000	/* sales per setup transaction */
#define BENCH_INPROC_SALES	20000	/* the in-process sale baseline */

int			 bench_quiet;
volatile sig_atomic_t	 bench_signalled;
static char		 bench_dir[PATH_MAX];	/* removed at exit */
static int		 bench_keep;
static const char	*bench_phases = "sales,lookup,limits,big,report";
static const char	*bench_stashd;

struct bench_row {
	char	what[128];
	char	value[40];
	char	ratio[16];
	char	note[160];
};
static struct bench_row	 bench_rows[64];
static u_int		 bench_nrows;

enum bench_kind { BENCH_SALE, BENCH_LOOKUP, BENCH_GET, BENCH_LIST, BENCH_TRACE,
    BENCH_QUOTE };
struct bench_loop {
	enum bench_kind		 kind;
	struct bench_ledger	*l;
	u_int			 run;
	int64_t			 end;		/* no new request after */
	uint64_t		 limit;		/* or after this many */
	uint64_t		 sent;
	uint64_t		 ok;
	uint64_t		 errors;
	char			 error[256];
	uint64_t		 rnd;
	uint64_t		 nsales;	/* BENCH_GET: ids 1..nsales */
	const char		*args;		/* BENCH_LIST */
	uint32_t		 customer;	/* BENCH_SALE, _QUOTE; 0 walk-in */
	u_int			 ncustomers;	/* customer.. in turn */
	struct bench_lat	 lat;
};

__dead void
bench_fatal(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "bench-stash: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

void
bench_note(const char *fmt, ...)
{
	va_list	ap;

	if (bench_quiet)
		return;
	fprintf(stderr, "bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

/* A formatted string that lives until 16 more have been made. */
static char *
bench_str(const char *fmt, ...)
{
	static char	bufs[16][160];
	static u_int	next;
	va_list		ap;
	char		*b = bufs[next++ % 16];

	va_start(ap, fmt);
	vsnprintf(b, sizeof bufs[0], fmt, ap);
	va_end(ap);
	return (b);
}

static char *
bench_lat_str(int64_t ns)
{
	char	b[32];

	return (bench_str("%s", bench_lat_fmt(ns, b, sizeof b)));
}

static void
bench_row(const char *what, const char *value, const char *ratio,
    const char *fmt, ...)
{
	struct bench_row	*r;
	va_list			 ap;

	if (bench_nrows == sizeof bench_rows / sizeof bench_rows[0])
		bench_fatal("too many rows");
	r = &bench_rows[bench_nrows++];
	strlcpy(r->what, what, sizeof r->what);
	strlcpy(r->value, value != NULL ? value : "", sizeof r->value);
	strlcpy(r->ratio, ratio != NULL ? ratio : "", sizeof r->ratio);
	va_start(ap, fmt);
	vsnprintf(r->note, sizeof r->note, fmt, ap);
	va_end(ap);
	if (value != NULL)
		bench_note("%s: %s %s %s", r->what, r->value, r->ratio,
		    r->note);
}

static void
bench_section(const char *what)
{
	bench_row(what, NULL, NULL, "%s", "");
}

static void
bench_print(void)
{
	struct bench_row	*r;
	u_int			 i;

	printf("\n%-46s %-26s %-8s %s\n", "figure", "value", "ratio",
	    "notes");
	for (i = 0; i < bench_nrows; i++) {
		r = &bench_rows[i];
		if (*r->value == '\0' && *r->note == '\0') {
			printf("\n[%s]\n", r->what);
			continue;
		}
		printf("%-46s %-26s %-8s %s\n", r->what, r->value, r->ratio,
		    r->note);
	}
	fflush(stdout);
}

static uint64_t
bench_rand(struct bench_loop *lp)
{
	lp->rnd ^= lp->rnd << 13;
	lp->rnd ^= lp->rnd >> 7;
	lp->rnd ^= lp->rnd << 17;
	return (lp->rnd);
}

static void
bench_loop_send(struct bench_loop *lp, struct bench_conn *c)
{
	u_int	a, b;

	lp->sent++;
	switch (lp->kind) {
	case BENCH_SALE:
		a = (u_int)(bench_rand(lp) % BENCH_PACKAGES);
		b = (u_int)(bench_rand(lp) % (BENCH_PACKAGES - 1));
		if (b >= a)
			b++;
		bench_conn_send(c, "sale.commit", "{\"ref\":\"s%u-%u-%llu\","
		    "\"lines\":[{\"tag\":\"%s\",\"qty\":1},{\"tag\":\"%s\","
		    "\"qty\":1}],\"tender\":{\"cash\":100000}%s}", lp->run,
		    c->idx, (unsigned long long)++c->seq, lp->l->tag[a],
		    lp->l->tag[b], lp->customer == 0 ? "" : bench_str(
		    ",\"customer\":%u", lp->customer + (u_int)(lp->sent %
		    lp->ncustomers)));
		break;
	case BENCH_QUOTE:
		a = (u_int)(bench_rand(lp) % BENCH_PACKAGES);
		b = (a + 1) % BENCH_PACKAGES;
		bench_conn_send(c, "sale.quote", "{\"lines\":[{\"tag\":\"%s\","
		    "\"qty\":1},{\"tag\":\"%s\",\"qty\":1}]%s}",
		    lp->l->tag[a], lp->l->tag[b], lp->customer == 0 ? "" :
		    bench_str(",\"customer\":%u", lp->customer + (u_int)(
		    lp->sent % lp->ncustomers)));
		break;
	case BENCH_LOOKUP:
		a = (u_int)(bench_rand(lp) % BENCH_PACKAGES);
		bench_conn_send(c, "item.lookup", "{\"code\":\"%s\"}",
		    lp->l->tag[a]);
		break;
	case BENCH_GET:
		bench_conn_send(c, "sale.get", "{\"id\":%llu}",
		    (unsigned long long)(1 + bench_rand(lp) % lp->nsales));
		break;
	case BENCH_LIST:
		bench_conn_send(c, "sale.list", "%s", lp->args);
		break;
	case BENCH_TRACE:
		bench_conn_send(c, "trace", "%s", lp->args);
		break;
	}
}

static void
bench_loop_cb(struct bench_pool *p, struct bench_conn *c, json_t *reply,
    int64_t ns, void *arg)
{
	struct bench_loop	*lp = arg;
	json_t			*e;
	const char		*code;
	int64_t			 now = bench_sys_ns();

	if ((code = bench_reply_error(reply)) != NULL) {
		if (lp->errors++ == 0) {
			e = json_object_get(reply, "error");
			snprintf(lp->error, sizeof lp->error, "%s: %s", code,
			    json_string_value(json_object_get(e, "message")));
		}
	} else if (now <= lp->end) {
		lp->ok++;
		bench_lat_add(&lp->lat, ns);
	}
	if (now < lp->end && (lp->limit == 0 || lp->sent < lp->limit))
		bench_loop_send(lp, c);
}

static void
bench_loop_init(struct bench_loop *lp, enum bench_kind kind,
    struct bench_ledger *l, u_int run)
{
	memset(lp, 0, sizeof *lp);
	lp->kind = kind;
	lp->l = l;
	lp->run = run;
	lp->rnd = 0x9e3779b97f4a7c15ULL ^ run;
	bench_lat_init(&lp->lat);
}

/*
 * A closed loop over connections [from, to): each sends a request, and the
 * next as soon as its reply is in, for seconds (or until lp->limit
 * replies). Returns the time the loop ran, in ns.
 */
static int64_t
bench_loop_run(struct bench_pool *p, u_int from, u_int to,
    struct bench_loop *lp, double seconds)
{
	int64_t	t0, now;
	u_int	i;

	t0 = bench_sys_ns();
	lp->end = seconds > 0 ? t0 + (int64_t)(seconds * 1e9) : INT64_MAX;
	for (i = from; i < to; i++) {
		if (lp->limit == 0 || lp->sent < lp->limit)
			bench_loop_send(lp, &p->c[i]);
	}
	for (;;) {
		now = bench_sys_ns();
		if (now >= lp->end)
			break;
		if (lp->limit != 0 && lp->ok + lp->errors >= lp->limit)
			break;
		bench_pool_poll(p, from, to, 50, bench_loop_cb, lp);
	}
	bench_pool_wait(p, from, to, bench_sys_ns() + 60 * 1000000000LL,
	    bench_loop_cb, lp, "drain");
	return ((now < lp->end ? now : lp->end) - t0);
}

static char *
bench_path(const char *name)
{
	return (bench_str("%s/%s", bench_dir, name));
}

static char *
bench_mb(long kb)
{
	return (bench_str("%.1f MB", (double)kb / 1024));
}

/*
 * The in-process cost of a sale: sale_commit() into a ledger of its own
 * made like l, BENCH_INPROC_SALES sales in BENCH_PER_TXN-sale
 * transactions (as the big ledger's setup). Returns ns per sale.
 */
static double
bench_inproc(struct bench_ledger *l)
{
	struct bench_ledger	*l2;
	struct util_tz		 z;
	int64_t			 ns, cpu0, cpu1;
	double			 per, cpu;

	l2 = xmalloc(sizeof *l2);
	memcpy(l2, l, sizeof *l2);
	bench_ledger_create(l2, bench_path("inproc"));
	/*
	 * The store's zone made the process's, as stashd does at start: else
	 * each sale's rollups would read the zone file twice (util_tz_enter),
	 * a cost stashd does not have.
	 */
	util_tz_enter(&z, BENCH_TZ);
	cpu0 = bench_sys_cputime(0);
	bench_ledger_sales(l2, BENCH_INPROC_SALES, BENCH_PER_TXN, &ns);
	cpu1 = bench_sys_cputime(0);
	util_tz_leave(&z);
	per = (double)ns / BENCH_INPROC_SALES;
	cpu = (double)(cpu1 - cpu0) / BENCH_INPROC_SALES;
	bench_row(bench_str("in-process sale_commit(), %u sales",
	    BENCH_INPROC_SALES), bench_str("%.1f us/sale", per / 1e3), "1.00x",
	    "%u per durable transaction; CPU %.1f us/sale, the CPU baseline "
	    "below", BENCH_PER_TXN, cpu / 1e3);
	free(l2);
	/*
	 * The CPU time, as stashd's below: on a shared machine the wall time
	 * also counts the time this process waited for a CPU or the disk.
	 */
	return (cpu > 0 ? cpu : per);
}

/*
 * Durable sale commits through the protocol with n terminals. inproc is
 * the in-process sale_commit() time per sale (ns), 0 for no CPU figure.
 * With carts, each terminal first subscribes (events.subscribe) to the
 * stock of two packages, as a register does for the lines in its cart,
 * instead of getting every package's.
 */
static void
bench_sales(struct bench_ledger *l, u_int n, double seconds, double base,
    double inproc, int carts)
{
	struct bench_pool	 p;
	struct bench_loop	 lp;
	struct bench_rss	 rss;
	pid_t			 pid;
	u_int			 port;
	uint64_t		 commits, ops, events;
	int64_t			 login, ns, cpu0, cpu1, me0, me1;
	double			 rate, cpu;
	char			*log, *what;
	u_int			 i;

	what = xstrdup(bench_str("%u terminal%s%s", n, n == 1 ? "" : "s",
	    carts ? ", carts" : ""));
	log = xstrdup(bench_path(bench_str("stashd-sales-%u%s.log", n,
	    carts ? "-carts" : "")));
	pid = bench_sys_stashd(bench_stashd, l->dir, log, &port);
	bench_pool_open(&p, n, port);
	bench_pool_handshake(&p, l, 0, n, &login);
	for (i = 0; carts && i < n; i++) {
		bench_pool_call(&p, i, i + 1, 10 * 1000000000LL,
		    "events.subscribe", "{\"stock\":[\"%s\",\"%s\"]}",
		    l->tag[i % BENCH_PACKAGES],
		    l->tag[(i + 1) % BENCH_PACKAGES]);
	}
	bench_loop_init(&lp, BENCH_SALE, l, carts ? 1000 + n : n);
	cpu0 = bench_sys_cputime(pid);
	me0 = bench_sys_cputime(0);
	ns = bench_loop_run(&p, 0, n, &lp, seconds);
	cpu1 = bench_sys_cputime(pid);
	me1 = bench_sys_cputime(0);
	bench_sys_rss(pid, &rss);
	events = p.events;
	bench_pool_close(&p);
	if (bench_sys_stop(pid, &commits, &ops, log) != 0)
		bench_note("no closing line in %s", log);
	free(log);

	rate = (double)lp.ok / ((double)ns / 1e9);
	bench_row(bench_str("sale.commit, %s", what), bench_str("%.0f sales/s",
	    rate), bench_str("%.2fx", rate / base), "p50 %s, p99 %s; %.1f ops/commit; stashd CPU %.0f%%, "
	    "driver %.0f%%%s", bench_lat_str(bench_lat_pct(&lp.lat, 50)),
	    bench_lat_str(bench_lat_pct(&lp.lat, 99)), commits == 0 ? 0.0 :
	    (double)ops / (double)commits, 100.0 * (double)(cpu1 - cpu0) /
	    (double)ns, 100.0 * (double)(me1 - me0) / (double)ns,
	    lp.errors != 0 ? bench_str("; %llu ERRORS", (unsigned long long)
	    lp.errors) : "");
	if (lp.errors != 0)
		bench_note("first error: %s", lp.error);
	if (inproc > 0 && lp.ok != 0) {
		cpu = (double)(cpu1 - cpu0) / (double)lp.ok;
		bench_row(bench_str("stashd CPU per sale, %s", what),
		    bench_str("%.1f us/sale", cpu / 1e3), bench_str("%.2fx",
		    cpu / inproc), "to in-process sale_commit() (goal <= 3x; "
		    "sales/s goal >= 2x, p99 <= 10 ms); %.1f events/sale",
		    (double)events / (double)lp.ok);
	}
	bench_note("%s: %llu sales in %.2f s, %llu commits for %llu "
	    "operations (with %u logins), %llu stock events read, stashd "
	    "RSS %ld kB", what, (unsigned long long)lp.ok, (double)ns / 1e9,
	    (unsigned long long)commits, (unsigned long long)ops, n,
	    (unsigned long long)events, rss.vmrss);
	bench_lat_free(&lp.lat);
	free(what);
}

/*
 * BENCH_LOOKUPS sequential lookups on connection 0. cpu is -1 to leave
 * scheduling alone, 0 to put this process and stashd's loop thread on CPU
 * 0, 1 to put them on CPUs 0 and 1. Returns lookups per second.
 */
static double
bench_lookup_one(struct bench_pool *p, struct bench_ledger *l, pid_t pid,
    int cpu, int64_t inproc)
{
	struct bench_loop	 lp;
	int64_t			 ns, p50;
	double			 rate;
	const char		*what;

	if (cpu == -1)
		what = bench_str("item.lookup, 1 busy + %u idle", BENCH_CONNS - 1);
	else {
		bench_sys_pin(0, 0);
		bench_sys_pin(pid, cpu);
		what = bench_str("  same, driver and stashd on %s",
		    cpu == 0 ? "one CPU" : "two CPUs");
	}
	bench_loop_init(&lp, BENCH_LOOKUP, l, 2 + cpu);
	lp.limit = BENCH_LOOKUPS;
	ns = bench_loop_run(p, 0, 1, &lp, 0);
	p50 = bench_lat_pct(&lp.lat, 50);
	rate = (double)lp.ok / ((double)ns / 1e9);
	bench_row(what, bench_str("p50 %s", bench_lat_str(p50)),
	    bench_str("%.1fx", (double)p50 / (double)inproc), "p99 %s, p99.9 "
	    "%s, max %s; %llu lookups, %.0f/s%s%s",
	    bench_lat_str(bench_lat_pct(&lp.lat, 99)),
	    bench_lat_str(bench_lat_pct(&lp.lat, 99.9)),
	    bench_lat_str(bench_lat_pct(&lp.lat, 100)),
	    (unsigned long long)lp.ok, rate, cpu == -1 ? "; ratio: p50 to "
	    "in-process p50" : "", lp.errors != 0 ? bench_str("; %llu ERRORS",
	    (unsigned long long)lp.errors) : "");
	bench_lat_free(&lp.lat);
	return (rate);
}

/* 200 terminals logged in: one looks up, then all of them do. */
static void
bench_lookups(struct bench_ledger *l, double seconds, int64_t inproc)
{
	struct bench_pool	 p;
	struct bench_loop	 lp;
	struct bench_rss	 rss;
	pid_t			 pid;
	u_int			 port;
	uint64_t		 commits, ops;
	int64_t			 login, ns, p50;
	double			 rate1, rate;
	char			*log;

	log = xstrdup(bench_path("stashd-lookup.log"));
	pid = bench_sys_stashd(bench_stashd, l->dir, log, &port);
	bench_pool_open(&p, BENCH_CONNS, port);
	bench_pool_handshake(&p, l, 0, BENCH_CONNS, &login);
	bench_row(bench_str("login, %u terminals at once", BENCH_CONNS),
	    bench_str("%.2f s", (double)login / 1e9), NULL,
	    "%.1f logins/s; Argon2id hash here took %.0f ms",
	    BENCH_CONNS / ((double)login / 1e9), (double)l->hash_ns / 1e6);

	/*
	 * (a) One terminal, the other 199 connected and idle: as the kernel
	 * schedules it, then with the driver and stashd's loop thread on one
	 * CPU and on two (a wakeup across CPUs costs more, much more in a VM).
	 */
	bench_loop_init(&lp, BENCH_LOOKUP, l, 1);
	lp.limit = 200;
	bench_loop_run(&p, 0, 1, &lp, 0);		/* warm up */
	bench_lat_free(&lp.lat);
	rate1 = bench_lookup_one(&p, l, pid, -1, inproc);
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1) {
		bench_lookup_one(&p, l, pid, 0, inproc);
		bench_lookup_one(&p, l, pid, 1, inproc);
		bench_sys_pin(0, -1);
		bench_sys_pin(pid, -1);
	}

	/* (b) All 200 in closed loop. */
	bench_loop_init(&lp, BENCH_LOOKUP, l, 3);
	ns = bench_loop_run(&p, 0, BENCH_CONNS, &lp, seconds);
	p50 = bench_lat_pct(&lp.lat, 50);
	rate = (double)lp.ok / ((double)ns / 1e9);
	bench_row(bench_str("item.lookup, %u busy", BENCH_CONNS),
	    bench_str("%.0f lookups/s", rate), bench_str("%.2fx", rate /
	    rate1), "p50 %s, p99 %s, max %s; ratio: lookups/s to 1 busy%s",
	    bench_lat_str(p50),
	    bench_lat_str(bench_lat_pct(&lp.lat, 99)),
	    bench_lat_str(bench_lat_pct(&lp.lat, 100)), lp.errors != 0 ?
	    bench_str("; %llu ERRORS", (unsigned long long)lp.errors) : "");
	bench_lat_free(&lp.lat);

	bench_sys_rss(pid, &rss);
	bench_row(bench_str("stashd RSS, %u sessions, small ledger",
	    BENCH_CONNS), bench_mb(rss.vmrss), NULL, "anon %s, file %s, "
	    "peak %s (Argon2id), %ld threads", bench_mb(rss.rssanon),
	    bench_mb(rss.rssfile), bench_mb(rss.vmhwm), rss.threads);
	bench_pool_close(&p);
	bench_sys_stop(pid, &commits, &ops, log);
	free(log);
}

/* n sequential requests of one kind on connection 0: a row of p50/p99. */
static void
bench_big_one(struct bench_pool *p, struct bench_ledger *l,
    enum bench_kind kind, const char *args, uint64_t nsales, uint64_t n,
    const char *what)
{
	struct bench_loop	lp;

	bench_loop_init(&lp, kind, l, 4);
	lp.args = args;
	lp.nsales = nsales;
	lp.limit = n;
	bench_loop_run(p, 0, 1, &lp, 0);
	bench_row(what, bench_str("p50 %s", bench_lat_str(bench_lat_pct(
	    &lp.lat, 50))), NULL, "p99 %s; %llu requests%s",
	    bench_lat_str(bench_lat_pct(&lp.lat, 99)),
	    (unsigned long long)lp.ok, lp.errors != 0 ? bench_str("; %llu "
	    "ERRORS (%s)", (unsigned long long)lp.errors, lp.error) : "");
	bench_lat_free(&lp.lat);
}

/* A ledger of many sales: the setup, its size, stashd's memory on it. */
static void
bench_big(struct bench_ledger *l, uint64_t nsales)
{
	struct bench_pool	 p;
	struct bench_loop	 lp;
	struct bench_rss	 rss0, rss;
	pid_t			 pid;
	u_int			 port;
	uint64_t		 commits, ops;
	int64_t			 ns, login, size, alloc;
	char			*log;

	bench_ledger_create(l, bench_path("big"));
	bench_ledger_sales(l, nsales, BENCH_PER_TXN, &ns);
	bench_row(bench_str("setup: %llu sales via sale_commit()",
	    (unsigned long long)nsales), bench_str("%.1f s", (double)ns / 1e9),
	    NULL, "%.0f sales/s, %u per durable transaction (setup step)",
	    (double)nsales / ((double)ns / 1e9), BENCH_PER_TXN);
	size = bench_sys_du(l->dir, &alloc);
	bench_row("ledger size", bench_mb(size / 1024), NULL, "%.0f bytes per "
	    "sale (2 lines, indexes, audit); %s on disk", (double)size /
	    (double)nsales, bench_mb(alloc / 1024));

	log = xstrdup(bench_path("stashd-big.log"));
	pid = bench_sys_stashd(bench_stashd, l->dir, log, &port);
	bench_sys_rss(pid, &rss0);
	bench_pool_open(&p, BENCH_CONNS, port);
	bench_pool_handshake(&p, l, 0, BENCH_CONNS, &login);
	/*
	 * What a store does all day: every terminal looks things up, one
	 * lists the latest sales. Then stashd's memory.
	 */
	bench_loop_init(&lp, BENCH_LOOKUP, l, 5);
	lp.limit = 4 * BENCH_CONNS;
	bench_loop_run(&p, 0, BENCH_CONNS, &lp, 0);
	bench_lat_free(&lp.lat);
	bench_big_one(&p, l, BENCH_LOOKUP, NULL, 0, 1000,
	    "item.lookup, big ledger, 1 busy");
	bench_big_one(&p, l, BENCH_LIST, "{}", 0, 100,
	    "sale.list (50 newest)");
	bench_big_one(&p, l, BENCH_LIST, "{\"limit\":500}", 0, 20,
	    "sale.list limit 500");
	bench_sys_rss(pid, &rss);
	bench_row(bench_str("stashd RSS, %u sessions, %lluk sales",
	    BENCH_CONNS, (unsigned long long)nsales / 1000),
	    bench_mb(rss.vmrss), bench_str("%.1fx", (double)rss.vmrss /
	    (double)rss0.vmrss), "RssAnon %s, RssFile %s, RssShmem %s, "
	    "peak %s; ratio to %s idle at start", bench_mb(rss.rssanon),
	    bench_mb(rss.rssfile), bench_mb(rss.rssshmem), bench_mb(rss.vmhwm),
	    bench_mb(rss0.vmrss));

	/* Questions that reach into the whole ledger. */
	bench_big_one(&p, l, BENCH_GET, NULL, nsales, 1000,
	    "sale.get of a random sale");
	bench_big_one(&p, l, BENCH_LIST, bench_str("{\"terminal\":"
	    "\"bench-%03u\",\"limit\":10}", BENCH_TERMINALS - 1), 0, 20,
	    "sale.list of 1 of 200 terminals, limit 10");
	bench_big_one(&p, l, BENCH_LIST, "{\"terminal\":\"no-such-till\"}",
	    0, 3, "sale.list of a terminal with no sales");
	/*
	 * A recall's question: every unit of a batch, where it is and every
	 * sale of it. Here a batch is 10 packages, each in 1/50 of all sales,
	 * so the answer comes in pages: the first page of the default size
	 * (2000 sale rows), and the largest page a client may ask for.
	 */
	bench_big_one(&p, l, BENCH_TRACE, "{\"scope\":\"batch\","
	    "\"key\":\"BATCH-0\"}", 0, 5,
	    "trace of a batch, one page (2000 rows)");
	bench_big_one(&p, l, BENCH_TRACE, "{\"scope\":\"batch\","
	    "\"key\":\"BATCH-0\",\"limit\":20000}", 0, 5,
	    "trace of a batch, largest page (20000 rows)");
	bench_big_one(&p, l, BENCH_TRACE, bench_str("{\"scope\":\"package\","
	    "\"key\":\"%s\"}", l->tag[0]), 0, 5,
	    "trace of one package, one page");
	bench_sys_rss(pid, &rss);
	bench_row("  stashd RSS after those", bench_mb(rss.vmrss), NULL,
	    "RssAnon %s, RssFile %s (ledger pages mapped, page cache)",
	    bench_mb(rss.rssanon), bench_mb(rss.rssfile));
	bench_pool_close(&p);
	bench_sys_stop(pid, &commits, &ops, log);
	free(log);
}

/*
 * n requests of kind on connection 0, in turn for the customers from
 * customer (0: a walk-in); the latencies in lat. Returns requests a second.
 */
static double
bench_limits_run(struct bench_pool *p, struct bench_ledger *l,
    enum bench_kind kind, uint32_t customer, uint64_t n, u_int run,
    struct bench_lat *lat, uint64_t *errors)
{
	struct bench_loop	lp;
	int64_t			ns;

	bench_loop_init(&lp, kind, l, run);
	lp.customer = customer;
	lp.ncustomers = BENCH_LIMIT_CUSTOMERS;
	lp.limit = n;
	ns = bench_loop_run(p, 0, 1, &lp, 0);
	if (lp.errors != 0)
		bench_note("%s errors: %llu, first: %s", kind == BENCH_SALE ?
		    "sale" : "quote", (unsigned long long)lp.errors, lp.error);
	*errors += lp.errors;
	*lat = lp.lat;
	return ((double)lp.ok / ((double)ns / 1e9));
}

/*
 * What the purchase-limit check costs returning customers: a Michigan
 * ledger (medical pools of a day and a calendar month) with patients who
 * each bought every day for five years (1,825 sales, 3,650 lines each),
 * sale.quote and sale.commit for them against the same for a walk-in
 * (checked on the cart alone) on one terminal. The difference is the
 * history's part of the check; the goal is under 1 ms at p99. Each
 * patient buys BENCH_LIMIT_SALES times: within their day and month.
 */
static void
bench_limits(struct bench_ledger *base_l, double base)
{
	struct bench_ledger	*l;
	struct bench_pool	 p;
	struct bench_lat	 walk, cust;
	pid_t			 pid;
	u_int			 port;
	uint32_t		 first;
	uint64_t		 commits, ops, errors = 0, nsales;
	int64_t			 ns, login, w99, c99;
	double			 wr, cr;
	char			*log;

	l = xmalloc(sizeof *l);
	memcpy(l, base_l, sizeof *l);
	bench_ledger_create(l, bench_path("limits"));
	first = bench_ledger_customers(l, BENCH_LIMIT_CUSTOMERS,
	    BENCH_LIMIT_DAYS, &ns);
	bench_note("limits ledger: %u patients with %u days of purchases "
	    "each written in %.1f s", BENCH_LIMIT_CUSTOMERS, BENCH_LIMIT_DAYS,
	    (double)ns / 1e9);

	log = xstrdup(bench_path("stashd-limits.log"));
	pid = bench_sys_stashd(bench_stashd, l->dir, log, &port);
	bench_pool_open(&p, 1, port);
	bench_pool_handshake(&p, l, 0, 1, &login);

	bench_limits_run(&p, l, BENCH_QUOTE, 0, BENCH_LIMIT_QUOTES, 5, &walk,
	    &errors);
	bench_limits_run(&p, l, BENCH_QUOTE, first, BENCH_LIMIT_QUOTES, 6,
	    &cust, &errors);
	w99 = bench_lat_pct(&walk, 99);
	c99 = bench_lat_pct(&cust, 99);
	bench_row("sale.quote, walk-in (baseline)", bench_str("p50 %s",
	    bench_lat_str(bench_lat_pct(&walk, 50))), "1.00x", "p99 %s; "
	    "limits on the cart alone, taxes", bench_lat_str(w99));
	bench_row(bench_str("sale.quote, %u days of history",
	    BENCH_LIMIT_DAYS), bench_str("p50 %s", bench_lat_str(
	    bench_lat_pct(&cust, 50))), bench_str("%.2fx",
	    (double)bench_lat_pct(&cust, 50) / (double)bench_lat_pct(&walk,
	    50)), "p99 %s: the history adds %s at p50, %s at p99 (goal "
	    "< 1 ms)", bench_lat_str(c99), bench_lat_str(bench_lat_pct(&cust,
	    50) - bench_lat_pct(&walk, 50)), bench_lat_str(c99 - w99));
	bench_lat_free(&walk);
	bench_lat_free(&cust);

	nsales = (uint64_t)BENCH_LIMIT_CUSTOMERS * BENCH_LIMIT_SALES;
	wr = bench_limits_run(&p, l, BENCH_SALE, 0, nsales, 7, &walk,
	    &errors);
	cr = bench_limits_run(&p, l, BENCH_SALE, first, nsales, 8, &cust,
	    &errors);
	bench_row(bench_str("sale.commit, walk-in, %llu sales",
	    (unsigned long long)nsales), bench_str("%.0f sales/s", wr),
	    bench_str("%.2fx", wr / base), "p50 %s, p99 %s; ratio to LMDB "
	    "commits/s", bench_lat_str(bench_lat_pct(&walk, 50)),
	    bench_lat_str(bench_lat_pct(&walk, 99)));
	bench_row(bench_str("sale.commit, returning patients, %llu sales",
	    (unsigned long long)nsales), bench_str("%.0f sales/s", cr),
	    bench_str("%.2fx", cr / base), "p50 %s, p99 %s%s",
	    bench_lat_str(bench_lat_pct(&cust, 50)),
	    bench_lat_str(bench_lat_pct(&cust, 99)), errors != 0 ?
	    bench_str("; %llu ERRORS", (unsigned long long)errors) : "");
	bench_lat_free(&walk);
	bench_lat_free(&cust);

	bench_pool_close(&p);
	if (bench_sys_stop(pid, &commits, &ops, log) != 0)
		bench_note("no closing line in %s", log);
	free(log);
	free(l);
}

/*
 * The reports on a year (bench-report.c): a year of sales by category by
 * week and a month's product margin against the 20 ms goal, the CSV
 * export of the year's lines against 200,000 lines a second.
 */
static void
bench_reports(uint64_t nsales)
{
	struct bench_report_fig	 f;
	const char		*ctl;
	int64_t			 p99;

	if ((ctl = getenv("STASHCTL")) == NULL || *ctl == '\0')
		ctl = "./stashctl";
	bench_report_run(bench_path("year"), nsales, ctl, &f);
	if (!bench_keep)
		bench_sys_rmtree(bench_path("year"));	/* 1.2 GB a million */
	bench_row(bench_str("setup: %llu sales over 365 days",
	    (unsigned long long)nsales), bench_str("%.1f s",
	    (double)f.setup_ns / 1e9), NULL, "%.0f sales/s with rollups, "
	    "%llu lines", (double)nsales / ((double)f.setup_ns / 1e9),
	    (unsigned long long)f.lines);
	p99 = bench_lat_pct(&f.year, 99);
	bench_row("sales, a year by category by week", bench_str("p99 %s",
	    bench_lat_str(p99)), bench_str("%.2fx", (double)p99 / 20e6),
	    "p50 %s; %u rows; in process, read txn",
	    bench_lat_str(bench_lat_pct(&f.year, 50)), f.year_rows);
	p99 = bench_lat_pct(&f.month, 99);
	bench_row("products and margin, a month", bench_str("p99 %s",
	    bench_lat_str(p99)), bench_str("%.2fx", (double)p99 / 20e6),
	    "p50 %s; %u rows", bench_lat_str(bench_lat_pct(&f.month, 50)),
	    f.month_rows);
	p99 = bench_lat_pct(&f.fine, 99);
	bench_row("sales, a year, one register, staff by month",
	    bench_str("p99 %s", bench_lat_str(p99)), bench_str("%.2fx",
	    (double)p99 / 20e6), "p50 %s; %u rows; the register's rows of "
	    "roll.till", bench_lat_str(bench_lat_pct(&f.fine, 50)),
	    f.fine_rows);
	p99 = bench_lat_pct(&f.staff, 99);
	bench_row("sales, a year, one staff member, by register",
	    bench_str("p99 %s", bench_lat_str(p99)), bench_str("%.2fx",
	    (double)p99 / 20e6), "p50 %s; %u rows; the member's rows of "
	    "roll.staff", bench_lat_str(bench_lat_pct(&f.staff, 50)),
	    f.staff_rows);
	bench_row("rollups rebuilt (schema 4 migration)", bench_str("%.1f s",
	    (double)f.rebuild_ns / 1e9), NULL, "one transaction, not "
	    "committed here");
	if (f.export_ns > 0)
		bench_row("stashctl report lines --csv, the year",
		    bench_str("%.0f lines/s", (double)f.lines /
		    ((double)f.export_ns / 1e9)), bench_str("%.2fx",
		    (double)f.lines / ((double)f.export_ns / 1e9) / 200000),
		    "%.1f s to /dev/null, a second process reading the ledger",
		    (double)f.export_ns / 1e9);
	else
		bench_row("stashctl report lines --csv, the year", "failed",
		    NULL, "%s", ctl);
	bench_lat_free(&f.year);
	bench_lat_free(&f.month);
	bench_lat_free(&f.fine);
}

/* Is phase in the -p list? */
static int
bench_phase(const char *phase)
{
	const char	*p = bench_phases;
	size_t		 n = strlen(phase);

	while ((p = strstr(p, phase)) != NULL) {
		if ((p == bench_phases || p[-1] == ',') &&
		    (p[n] == '\0' || p[n] == ','))
			return (1);
		p += n;
	}
	return (0);
}

static void
bench_cleanup(void)
{
	bench_sys_kill_all();
	if (*bench_dir != '\0' && !bench_keep)
		bench_sys_rmtree(bench_dir);
}

/*
 * A signal kills the stashd children at once (kill(2) is safe here); the
 * loops notice the flag in bench_check and exit through atexit, which
 * removes the temporary ledgers.
 */
static void
bench_signal(int sig)
{
	bench_signalled = sig;
	bench_sys_kill_all();
}

void
bench_check(void)
{
	if (bench_signalled != 0)
		bench_fatal("stopped by signal %d", (int)bench_signalled);
}

static __dead void
bench_usage(void)
{
	fprintf(stderr, "usage: bench-stash [-kq] [-d dir] [-n sales] "
	    "[-p sales,lookup,limits,big] [-s stashd]\n"
	    "                   [-t seconds]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct bench_ledger	*l;
	struct bench_lat	 lat;
	const char		*parent = NULL, *errstr;
	double			 seconds = 4, base, sale_ns;
	uint64_t		 nsales = 1000000;
	int64_t			 t0, inproc;
	int			 ch;

	while ((ch = getopt(argc, argv, "d:kn:p:qs:t:")) != -1) {
		switch (ch) {
		case 'd':
			parent = optarg;
			break;
		case 'k':
			bench_keep = 1;
			break;
		case 'n':
			nsales = (uint64_t)util_strtonum(optarg, 1, 100000000,
			    &errstr);
			if (errstr != NULL)
				bench_fatal("-n %s: %s", optarg, errstr);
			break;
		case 'p':
			bench_phases = optarg;
			break;
		case 'q':
			bench_quiet = 1;
			break;
		case 's':
			bench_stashd = optarg;
			break;
		case 't':
			seconds = atof(optarg);
			if (seconds <= 0 || seconds > 600)
				bench_fatal("-t %s: 0 to 600 seconds", optarg);
			break;
		default:
			bench_usage();
		}
	}
	if (optind != argc)
		bench_usage();
	if (bench_stashd == NULL)
		bench_stashd = getenv("STASHD");
	if (bench_stashd == NULL || *bench_stashd == '\0')
		bench_stashd = "./stashd";
	if (access(bench_stashd, X_OK) != 0)
		bench_fatal("%s: %s (build it, or set STASHD)", bench_stashd,
		    strerror(errno));
	if (parent == NULL)
		parent = getenv("TMPDIR");
	if (parent == NULL || *parent == '\0')
		parent = ".";

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("bench-stash", LOGDEST_STDERR, 0);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, bench_signal);
	signal(SIGTERM, bench_signal);
	signal(SIGHUP, bench_signal);
	if (auth_init() != 0)
		bench_fatal("libsodium failed to initialise");

	snprintf(bench_dir, sizeof bench_dir, "%s/stash-bench.XXXXXX", parent);
	if (mkdtemp(bench_dir) == NULL) {
		errstr = strerror(errno);
		*bench_dir = '\0';
		bench_fatal("mkdtemp in %s: %s", parent, errstr);
	}
	atexit(bench_cleanup);

	printf("stash benchmarks (make bench): figures, not pass/fail; each "
	    "ratio is against\na baseline measured in this run on the same "
	    "disk.\n\n");
	bench_sys_machine(stdout, bench_dir);
	printf("stashd    %s\n", bench_stashd);

	l = xcalloc(1, sizeof *l);
	bench_ledger_pin(l);

	/* Baselines. */
	bench_section("baselines (in this process, no server)");
	bench_lat_init(&lat);
	base = bench_ledger_baseline(bench_path("baseline"), 3, &lat);
	bench_row("LMDB durable commit, 1 put per txn", bench_str("%.0f "
	    "commits/s", base), "1.00x", "p50 %s, p99 %s; store_begin/put/"
	    "commit, fsync'd", bench_lat_str(bench_lat_pct(&lat, 50)),
	    bench_lat_str(bench_lat_pct(&lat, 99)));
	bench_lat_free(&lat);
	bench_row("Argon2id PIN hash (auth_pin_hash)", bench_str("%.0f ms",
	    (double)l->hash_ns / 1e6), NULL, "%s", "a login costs one on a "
	    "PIN worker");
	t0 = bench_sys_ns();
	bench_ledger_create(l, bench_path("ledger"));
	bench_note("ledger: %u terminals, %u packages in %.0f ms",
	    BENCH_TERMINALS, BENCH_PACKAGES, (double)(bench_sys_ns() - t0) /
	    1e6);
	bench_lat_init(&lat);
	bench_ledger_read(l, BENCH_LOOKUPS, &lat);
	inproc = bench_lat_pct(&lat, 50);
	bench_row("in-process lookup (read txn, package, product)",
	    bench_str("p50 %s", bench_lat_str(inproc)), "1.00x", "p99 %s",
	    bench_lat_str(bench_lat_pct(&lat, 99)));
	bench_lat_free(&lat);

	if (bench_phase("inproc") && !bench_phase("sales"))
		bench_inproc(l);	/* that baseline alone (bench-sync.py) */
	if (bench_phase("sales")) {
		bench_section("durable sales through stashd (closed loop; "
		    "ratio: sales/s to LMDB commits/s)");
		sale_ns = bench_inproc(l);
		bench_sales(l, 1, seconds, base, 0, 0);
		bench_sales(l, 8, seconds, base, 0, 0);
		bench_sales(l, 64, seconds, base, sale_ns, 0);
		bench_sales(l, 64, seconds, base, sale_ns, 1);
	}
	if (bench_phase("lookup")) {
		bench_section(bench_str("tag lookups, %u terminals logged in "
		    "(ratio: see notes)", BENCH_CONNS));
		bench_lookups(l, seconds, inproc);
	}
	if (bench_phase("limits")) {
		bench_section("purchase limits: patients with five years of "
		    "daily purchases (ratio: see notes)");
		bench_limits(l, base);
	}
	if (bench_phase("big")) {
		bench_section(bench_str("stashd over a ledger of %llu sales",
		    (unsigned long long)nsales));
		bench_big(l, nsales);
	}

	if (bench_phase("report")) {
		bench_section(bench_str("reports on a year of %llu sales "
		    "(ratio: to the 20 ms goal; export: to 200,000 lines/s)",
		    (unsigned long long)nsales));
		bench_reports(nsales);
	}

	bench_print();
	free(l);
	return (0);
}
