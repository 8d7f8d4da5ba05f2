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

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "report.h"
#include "sale.h"

/*
 * The reports on a year: a ledger of nsales sales spread over the 365
 * days before today (the big ledger's sales are all of one day, which
 * would make a year's report read one day), through sale_commit with
 * their times as imported history, in a store of BENCH_REPORT_PRODUCTS
 * products in BENCH_REPORT_CATS categories, BENCH_REPORT_STAFF staff,
 * BENCH_REPORT_TILLS registers, adult and medical customers (4 sales in
 * 10) and walk-ins, all in store (no orders). Then
 * the reports a manager asks most, in this process on a read
 * transaction as stashd runs them, and the CSV export through stashctl
 * reading the ledger as a second process.
 */

#define BENCH_REPORT_PRODUCTS	200
#define BENCH_REPORT_CATS	10
#define BENCH_REPORT_PACKAGES	400
#define BENCH_REPORT_STAFF	12
#define BENCH_REPORT_TILLS	20
#define BENCH_REPORT_CUSTOMERS	2000
#define BENCH_REPORT_PER_TXN	10000
#define BENCH_REPORT_RUNS	50
#define BENCH_REPORT_TZ		"America/Denver"

static const char *bench_report_cats[BENCH_REPORT_CATS] = {
	"flower", "pre-roll", "vape", "concentrate", "edible", "tincture",
	"topical", "beverage", "capsule", "accessory"
};

struct bench_report_build {
	uint64_t	 first;
	u_int		 n;
	uint64_t	 nsales;
	int64_t		 start;		/* 8 am, a year ago, UTC us */
	uint64_t	 rnd;
	uint64_t	 lines;
	struct sale	*s;
};

static uint64_t
bench_report_rand(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return (*x * UINT64_C(2685821657736338717));
}

static void
bench_report_tag(u_int i, char *tag, size_t len)
{
	snprintf(tag, len, "1A40604%017X", 0x2000 + i);
}

static int
bench_report_setup(struct store_txn *t, void *arg, char **cause)
{
	struct store_info	 si;
	struct staff		 st;
	struct product		 p;
	struct package		 pk;
	struct customer		 c;
	u_int			 i;

	memset(&si, 0, sizeof si);
	strlcpy(si.name, "Bench Reports", sizeof si.name);
	strlcpy(si.licence, "402R-00001", sizeof si.licence);
	strlcpy(si.state, "CO", sizeof si.state);
	strlcpy(si.tz, BENCH_REPORT_TZ, sizeof si.tz);
	si.created = util_now();
	store_meta_put_info(t, &si);
	for (i = 1; i <= BENCH_REPORT_STAFF; i++) {
		memset(&st, 0, sizeof st);
		st.id = i;
		snprintf(st.name, sizeof st.name, "Staff %u", i);
		st.role = ROLE_BUDTENDER;
		st.active = 1;
		store_staff_put(t, &st);
	}
	for (i = 1; i <= BENCH_REPORT_PRODUCTS; i++) {
		memset(&p, 0, sizeof p);
		p.id = i;
		snprintf(p.sku, sizeof p.sku, "RP-%u", i);
		snprintf(p.name, sizeof p.name, "Report product %u", i);
		strlcpy(p.category, bench_report_cats[i % BENCH_REPORT_CATS],
		    sizeof p.category);
		p.price = 500 + 50 * (i % 90);
		p.unit_cost = p.price * 45 / 100;
		p.thc = 200;
		store_product_put(t, &p, NULL);
	}
	for (i = 0; i < BENCH_REPORT_PACKAGES; i++) {
		memset(&pk, 0, sizeof pk);
		bench_report_tag(i, pk.tag, sizeof pk.tag);
		pk.product = 1 + i % BENCH_REPORT_PRODUCTS;
		snprintf(pk.batch, sizeof pk.batch, "RB-%u", i / 4);
		snprintf(pk.supplier, sizeof pk.supplier, "SUP-%u", i % 20);
		strlcpy(pk.location, "floor", sizeof pk.location);
		pk.qty = pk.received_qty = 1000000000000LL;
		pk.status = PACKAGE_ACTIVE;
		pk.received = 1;
		store_package_put(t, &pk, NULL);
	}
	for (i = 1; i <= BENCH_REPORT_CUSTOMERS; i++) {
		memset(&c, 0, sizeof c);
		c.id = i;
		c.type = i % 4 == 0 ? CUSTOMER_MEDICAL : CUSTOMER_ADULT;
		if (c.type == CUSTOMER_MEDICAL) {
			snprintf(c.card_number, sizeof c.card_number, "MC%u",
			    i);
			strlcpy(c.card_state, "CO", sizeof c.card_state);
			c.card_expires = 20991231;
		}
		strlcpy(c.first, "Bench", sizeof c.first);
		snprintf(c.last, sizeof c.last, "Customer%u", i);
		c.dob = 19800101;
		store_customer_put(t, &c, NULL);
	}
	return (t->ret != 0 ? -1 : 0);
}

/* One transaction's worth of sales, day by day over the year. */
static int
bench_report_chunk(struct store_txn *t, void *arg, char **cause)
{
	struct bench_report_build	*b = arg;
	struct sale_request		 rq;
	char				 ref[32], till[TERMINAL_NAME_MAX + 1];
	uint64_t			 k, r, d, k0;
	u_int				 i, j, p, step;
	int				 replayed;

	for (i = 0; i < b->n; i++) {
		k = b->first + i;
		r = bench_report_rand(&b->rnd);
		memset(&rq, 0, sizeof rq);
		snprintf(ref, sizeof ref, "yr-%llu", (unsigned long long)k);
		snprintf(till, sizeof till, "till-%02u",
		    (u_int)(r % BENCH_REPORT_TILLS));
		rq.ref = ref;
		rq.terminal = till;
		rq.staff = 1 + (uint32_t)((r >> 8) % BENCH_REPORT_STAFF);
		if ((r >> 16) % 10 < 4)
			rq.customer = 1 + (uint32_t)((r >> 20) %
			    BENCH_REPORT_CUSTOMERS);
		/*
		 * Oldest first, so the sales' numbers rise with their times:
		 * day d of the year gets its share, spread over 12 hours.
		 */
		d = k * 365 / b->nsales;
		k0 = (d * b->nsales + 364) / 365;
		rq.at = b->start + (int64_t)d * 86400 * 1000000 +
		    (int64_t)(k - k0) * (43200LL * 1000000 * 365 /
		    (int64_t)b->nsales);
		/* Up to three lines of distinct packages. */
		rq.nlines = 1 + (u_int)((r >> 32) % 3);
		p = (u_int)((r >> 36) % BENCH_REPORT_PACKAGES);
		step = 1 + (u_int)((r >> 48) % (BENCH_REPORT_PACKAGES / 3 - 1));
		for (j = 0; j < rq.nlines; j++) {
			bench_report_tag((p + j * step) % BENCH_REPORT_PACKAGES,
			    rq.lines[j].tag, sizeof rq.lines[j].tag);
			rq.lines[j].qty = 1 + (int64_t)((r >> (58 + j)) & 1);
		}
		rq.cash = 10000000;
		rq.threshold = 1000;
		if (sale_commit(t, &rq, b->s, &replayed, cause) != SALE_OK)
			return (-1);
		b->lines += b->s->nlines;
	}
	return (0);
}

/* One report, runs times: its latencies. */
static void
bench_report_time(struct store *st, const struct report_query *q, u_int runs,
    struct bench_lat *lat, u_int *rows)
{
	struct store_txn	 t;
	struct report_table	 rt;
	char			*cause = NULL;
	int64_t			 t0;
	u_int			 i;

	bench_lat_init(lat);
	for (i = 0; i < runs; i++) {
		t0 = bench_sys_ns();
		if (store_begin(st, &t, 0) != 0)
			bench_fatal("store_begin: %s", t.err);
		if (report_run(&t, q, &rt, &cause) != 0)
			bench_fatal("report %s: %s", q->name, cause);
		store_abort(&t);
		*rows = rt.nrows;
		report_table_free(&rt);
		bench_lat_add(lat, bench_sys_ns() - t0);
	}
}

/*
 * Build the year in dir (nsales sales) and measure: fig gets the setup
 * time, the reports' latencies and the export's lines a second.
 */
void
bench_report_run(const char *dir, uint64_t nsales, const char *stashctl,
    struct bench_report_fig *fig)
{
	struct bench_report_build	 b;
	struct store			*st;
	struct store_txn		 t;
	struct report_query		 q;
	struct util_tz			 z;
	char				*cause = NULL, cmd[8192];
	int64_t				 t0;
	uint64_t			 done, n;
	int				 today, rc;

	memset(fig, 0, sizeof *fig);
	/* As stashd: the store's zone for the process (util_tz_enter). */
	util_tz_enter(&z, BENCH_REPORT_TZ);
	if (store_open(dir, (size_t)1 << 30, 0, &st, &cause) != 0)
		bench_fatal("%s", cause);
	if (store_write(st, bench_report_setup, NULL, &cause) != 0)
		bench_fatal("report ledger: %s", cause);
	memset(&b, 0, sizeof b);
	b.nsales = nsales;
	today = util_local_date(util_now(), BENCH_REPORT_TZ);
	b.start = util_local_time(report_day_add(today, -365), 8,
	    BENCH_REPORT_TZ);
	b.rnd = 0x9e3779b97f4a7c15ULL;
	b.s = xmalloc(sizeof *b.s);
	t0 = bench_sys_ns();
	for (done = 0; done < nsales; done += b.n) {
		if (bench_signalled)
			bench_fatal("interrupted");
		b.first = done + 1;
		b.n = (u_int)(nsales - done < BENCH_REPORT_PER_TXN ?
		    nsales - done : BENCH_REPORT_PER_TXN);
		if (store_write(st, bench_report_chunk, &b, &cause) != 0)
			bench_fatal("report sales: %s", cause);
	}
	fig->setup_ns = bench_sys_ns() - t0;
	fig->lines = b.lines;
	free(b.s);

	report_query_init(&q, BENCH_REPORT_TZ, util_now());
	strlcpy(q.name, "sales", sizeof q.name);
	q.from = report_day_add(today, -365);
	q.to = report_day_add(today, -1);
	if (report_query_by(&q, "category,week", &cause) != 0)
		bench_fatal("%s", cause);
	bench_report_time(st, &q, BENCH_REPORT_RUNS, &fig->year,
	    &fig->year_rows);

	strlcpy(q.name, "products", sizeof q.name);
	q.from = report_day_add(today, -30);
	q.nby = 0;
	bench_report_time(st, &q, BENCH_REPORT_RUNS, &fig->month,
	    &fig->month_rows);

	/* Filtered by a register: its rows (roll.till). */
	strlcpy(q.name, "sales", sizeof q.name);
	q.from = report_day_add(today, -365);
	if (report_query_by(&q, "staff,month", &cause) != 0 ||
	    report_query_filter(&q, "terminal", "till-07", &cause) != 0)
		bench_fatal("%s", cause);
	bench_report_time(st, &q, 10, &fig->fine, &fig->fine_rows);

	/* Filtered by a staff member, by register. */
	q.terminal[0] = '\0';
	if (report_query_by(&q, "terminal,month", &cause) != 0 ||
	    report_query_filter(&q, "staff", "7", &cause) != 0)
		bench_fatal("%s", cause);
	bench_report_time(st, &q, 10, &fig->staff, &fig->staff_rows);

	/* What a migration to schema 4 costs: one rebuild. */
	t0 = bench_sys_ns();
	if (store_begin(st, &t, 1) != 0 || roll_rebuild(&t, &n) != 0)
		bench_fatal("rebuild: %s", t.err);
	store_abort(&t);
	fig->rebuild_ns = bench_sys_ns() - t0;
	store_close(st);
	util_tz_leave(&z);

	/* The export, by stashctl as a second process, to /dev/null. */
	snprintf(cmd, sizeof cmd, "'%s' -d '%s' report lines --csv --from "
	    "%04d-%02d-%02d --to %04d-%02d-%02d >/dev/null", stashctl, dir,
	    q.from / 10000, q.from / 100 % 100, q.from % 100, q.to / 10000,
	    q.to / 100 % 100, q.to % 100);
	t0 = bench_sys_ns();
	rc = system(cmd);
	fig->export_ns = bench_sys_ns() - t0;
	if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) != 0)
		fig->export_ns = 0;
}
