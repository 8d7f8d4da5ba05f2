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

#include "bench.h"
#include "auth.h"
#include "drawer.h"
#include "sale.h"

/*
 * Ledgers for the bench, written straight through the store API as
 * stashctl would: the store, budtenders with one Argon2id PIN, terminals
 * bench-000.. with known credentials, a few products and packages with
 * stock that never runs out. Also the two in-process baselines: a durable
 * one-put commit and a read of a package and its product.
 */

#define BENCH_QTY	1000000000000LL	/* never runs out */

/* Hash the PIN once (timed: it is what a login costs), make secrets. */
void
bench_ledger_pin(struct bench_ledger *l)
{
	int64_t	t0;
	u_int	i;

	t0 = bench_sys_ns();
	if (auth_pin_hash(BENCH_PIN, l->pin_hash, sizeof l->pin_hash) != 0)
		bench_fatal("auth_pin_hash failed");
	l->hash_ns = bench_sys_ns() - t0;
	for (i = 0; i < BENCH_TERMINALS; i++)
		auth_cred_new(l->cred[i], sizeof l->cred[i]);
	for (i = 0; i < BENCH_PACKAGES; i++) {
		snprintf(l->tag[i], sizeof l->tag[i], "1A40603%017X",
		    0x1000 + i);
		if (!util_tag_valid(l->tag[i]))
			bench_fatal("bad tag %s", l->tag[i]);
	}
}

static int
bench_ledger_setup(struct store_txn *t, void *arg, char **cause)
{
	struct bench_ledger	*l = arg;
	struct store_info	 si;
	struct staff		 s;
	struct terminal		 tm;
	struct drawer		 d;
	struct product		 p;
	struct package		 pk;
	int64_t			 now = util_now();
	u_int			 i;

	memset(&si, 0, sizeof si);
	strlcpy(si.name, "Bench Dispensary", sizeof si.name);
	strlcpy(si.licence, "402R-00000", sizeof si.licence);
	strlcpy(si.state, "CO", sizeof si.state);
	strlcpy(si.tz, BENCH_TZ, sizeof si.tz);
	si.created = now;
	store_meta_put_info(t, &si);

	for (i = 1; i <= BENCH_STAFF; i++) {
		memset(&s, 0, sizeof s);
		s.id = i;
		snprintf(s.name, sizeof s.name, "Budtender %u", i);
		s.role = ROLE_BUDTENDER;
		strlcpy(s.pin_hash, l->pin_hash, sizeof s.pin_hash);
		s.active = 1;
		s.created = now;
		store_staff_put(t, &s);
	}
	for (i = 0; i < BENCH_TERMINALS; i++) {
		memset(&tm, 0, sizeof tm);
		snprintf(tm.name, sizeof tm.name, "bench-%03u", i);
		tm.status = TERMINAL_ACTIVE;
		auth_secret_hash(l->cred[i], tm.cred_hash);
		tm.created = tm.enrolled = now;
		store_terminal_put(t, &tm);
		/* Cash needs a drawer open on the register. */
		if (drawer_open(t, tm.name, 1, 100000, &d, cause) != DRAWER_OK)
			return (-1);
	}
	for (i = 1; i <= BENCH_PRODUCTS; i++) {
		memset(&p, 0, sizeof p);
		p.id = i;
		snprintf(p.sku, sizeof p.sku, "BN-%u", i);
		snprintf(p.name, sizeof p.name, "Bench Flower %u 3.5g", i);
		strlcpy(p.category, "flower", sizeof p.category);
		p.price = 1000 * i;
		p.thc = 200 + i;
		p.created = now;
		/* What purchase limits count: 3.5 g of flower. */
		p.measured = 1;
		p.net_ug = p.flower_ug = 3500000;
		p.thc_ug = p.net_ug * p.thc / 1000;
		strlcpy(p.route, "smokable", sizeof p.route);
		store_product_put(t, &p, NULL);
	}
	for (i = 0; i < BENCH_PACKAGES; i++) {
		memset(&pk, 0, sizeof pk);
		strlcpy(pk.tag, l->tag[i], sizeof pk.tag);
		pk.product = 1 + i % BENCH_PRODUCTS;
		snprintf(pk.batch, sizeof pk.batch, "BATCH-%u", i / 10);
		pk.qty = pk.received_qty = BENCH_QTY;
		pk.status = PACKAGE_ACTIVE;
		pk.received = now - (int64_t)(BENCH_PACKAGES - i) * 1000000;
		store_package_put(t, &pk, NULL);
	}
	return (t->ret != 0 ? -1 : 0);
}

void
bench_ledger_create(struct bench_ledger *l, const char *dir)
{
	struct store	*st;
	char		*cause;

	strlcpy(l->dir, dir, sizeof l->dir);
	if (store_open(dir, (size_t)64 << 20, 0, &st, &cause) != 0)
		bench_fatal("%s", cause);
	if (store_write(st, bench_ledger_setup, l, &cause) != 0)
		bench_fatal("ledger setup: %s", cause);
	store_close(st);
}

struct bench_chunk {
	uint64_t	 first;
	u_int		 n;
	struct sale	*s;
};

/* One transaction's worth of sales through sale_commit. */
static int
bench_ledger_chunk(struct store_txn *t, void *arg, char **cause)
{
	struct bench_chunk	*ch = arg;
	struct sale_request	 rq;
	char			 ref[32], term[TERMINAL_NAME_MAX + 1];
	uint64_t		 k;
	u_int			 i, a, b;
	int			 replayed;
	enum sale_err		 e;

	for (i = 0; i < ch->n; i++) {
		k = ch->first + i;
		memset(&rq, 0, sizeof rq);
		snprintf(ref, sizeof ref, "bulk-%llu", (unsigned long long)k);
		snprintf(term, sizeof term, "bench-%03u",
		    (u_int)(k % BENCH_TERMINALS));
		rq.ref = ref;
		rq.terminal = term;
		rq.staff = 1 + (uint32_t)(k % BENCH_STAFF);
		a = (u_int)(k % BENCH_PACKAGES);
		b = (u_int)((k * 7 + 13) % BENCH_PACKAGES);
		if (b == a)
			b = (a + 1) % BENCH_PACKAGES;
		rq.nlines = 2;
		snprintf(rq.lines[0].tag, sizeof rq.lines[0].tag, "1A40603%017X",
		    0x1000 + a);
		snprintf(rq.lines[1].tag, sizeof rq.lines[1].tag, "1A40603%017X",
		    0x1000 + b);
		rq.lines[0].qty = 1;
		rq.lines[1].qty = 1 + (u_int)(k % 3);
		rq.cash = 100000;
		e = sale_commit(t, &rq, ch->s, &replayed, cause);
		if (e != SALE_OK)
			return (-1);
	}
	return (0);
}

struct bench_history {
	uint32_t	 first;		/* customers first.. */
	u_int		 ncustomers;
	u_int		 days;		/* one sale a day, this many days */
	u_int		 next;		/* the next (day, customer) to write */
	struct sale	*s;
};

/*
 * Returning customers: Michigan medical patients who each bought two
 * 3.5 g eighths every day for days days, up to yesterday (sale_commit
 * with rq.at in the past, as imported history would be). Michigan's
 * medical pools are a day and a calendar month (10 oz: 7 g a day fits),
 * so the check reads up to a month of each one's history.
 */
static int
bench_ledger_history(struct store_txn *t, void *arg, char **cause)
{
	struct bench_history	*h = arg;
	struct store_info	 si;
	struct customer		 cu;
	struct sale_request	 rq;
	char			 ref[32];
	int64_t			 now = util_now();
	u_int			 i, n, day, who;
	int			 replayed;

	if (h->first == 0) {
		if (store_meta_get_info(t, &si) != 0)
			return (-1);
		strlcpy(si.state, "MI", sizeof si.state);
		strlcpy(si.tz, "America/Detroit", sizeof si.tz);
		store_meta_put_info(t, &si);
		for (i = 0; i < h->ncustomers; i++) {
			memset(&cu, 0, sizeof cu);
			cu.id = store_customer_next_id(t);
			if (i == 0)
				h->first = cu.id;
			else if (cu.id != h->first + i)
				bench_fatal("customer ids not in sequence");
			cu.type = CUSTOMER_MEDICAL;
			strlcpy(cu.first, "Bench", sizeof cu.first);
			snprintf(cu.last, sizeof cu.last, "Patient %u", i);
			cu.dob = 19800101;
			strlcpy(cu.id_type, "dl", sizeof cu.id_type);
			snprintf(cu.id_number, sizeof cu.id_number,
			    "BENCH-%u", i);
			strlcpy(cu.id_state, "MI", sizeof cu.id_state);
			cu.id_expires = 20991231;
			snprintf(cu.card_number, sizeof cu.card_number,
			    "MI-BENCH-%u", i);
			strlcpy(cu.card_state, "MI", sizeof cu.card_state);
			cu.card_expires = 20991231;
			strlcpy(cu.residence, "MI", sizeof cu.residence);
			cu.created = now;
			store_customer_put(t, &cu, NULL);
		}
	}
	for (n = 0; n < 1000 && h->next < h->days * h->ncustomers;
	    n++, h->next++) {
		day = h->days - h->next / h->ncustomers;
		who = h->next % h->ncustomers;
		memset(&rq, 0, sizeof rq);
		snprintf(ref, sizeof ref, "hist-%u-%u", who, day);
		rq.ref = ref;
		rq.terminal = "bench-000";
		rq.staff = 1;
		rq.customer = h->first + who;
		rq.state = "MI";
		rq.tz = "America/Detroit";
		rq.at = now - (int64_t)day * 86400 * 1000000;
		rq.nlines = 2;
		snprintf(rq.lines[0].tag, sizeof rq.lines[0].tag,
		    "1A40603%017X", 0x1000 + day % BENCH_PACKAGES);
		snprintf(rq.lines[1].tag, sizeof rq.lines[1].tag,
		    "1A40603%017X", 0x1000 + (day + 1) % BENCH_PACKAGES);
		rq.lines[0].qty = rq.lines[1].qty = 1;
		rq.cash = 100000;
		if (sale_commit(t, &rq, h->s, &replayed, cause) != SALE_OK)
			return (-1);
	}
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Make l->dir a Michigan store with n patients, each with days of daily
 * purchases (bench_ledger_history); the first patient's id (the others
 * follow it).
 */
uint32_t
bench_ledger_customers(struct bench_ledger *l, u_int n, u_int days,
    int64_t *ns)
{
	struct store		*st;
	struct bench_history	 h;
	char			*cause;
	int64_t			 t0;

	t0 = bench_sys_ns();
	if (store_open(l->dir, (size_t)1 << 30, 0, &st, &cause) != 0)
		bench_fatal("%s", cause);
	memset(&h, 0, sizeof h);
	h.ncustomers = n;
	h.days = days;
	h.s = xmalloc(sizeof *h.s);
	do {
		if (store_write(st, bench_ledger_history, &h, &cause) != 0)
			bench_fatal("customer history: %s", cause);
		bench_check();
	} while (h.next < h.days * h.ncustomers);
	free(h.s);
	store_close(st);
	*ns = bench_sys_ns() - t0;
	return (h.first);
}

/*
 * Add count sales to the ledger l->dir, per_txn in each durable
 * transaction. *ns is how long it took.
 */
void
bench_ledger_sales(struct bench_ledger *l, uint64_t count, u_int per_txn,
    int64_t *ns)
{
	struct store		*st;
	struct bench_chunk	 ch;
	char			*cause;
	int64_t			 t0;

	t0 = bench_sys_ns();
	if (store_open(l->dir, (size_t)4 << 30, 0, &st, &cause) != 0)
		bench_fatal("%s", cause);
	ch.s = xmalloc(sizeof *ch.s);
	for (ch.first = 0; ch.first < count; ch.first += ch.n) {
		ch.n = count - ch.first < per_txn ? (u_int)(count - ch.first) :
		    per_txn;
		if (store_write(st, bench_ledger_chunk, &ch, &cause) != 0)
			bench_fatal("sales %llu..: %s",
			    (unsigned long long)ch.first, cause);
		bench_check();
	}
	free(ch.s);
	store_close(st);
	*ns = bench_sys_ns() - t0;
}

/*
 * The baseline: one small put per durable (fsync'd) LMDB transaction, for
 * seconds. Returns commits per second; lat gets each commit's time.
 */
double
bench_ledger_baseline(const char *dir, double seconds, struct bench_lat *lat)
{
	struct store		*st;
	struct store_txn	 t;
	struct store_key	 k;
	char			*cause;
	int64_t			 t0, t1, end, now;
	uint64_t		 i, v = 0;

	if (store_open(dir, (size_t)64 << 20, 0, &st, &cause) != 0)
		bench_fatal("%s", cause);
	t0 = bench_sys_ns();
	end = t0 + (int64_t)(seconds * 1e9);
	for (i = 0;; i++) {
		t1 = bench_sys_ns();
		if (t1 >= end)
			break;
		bench_check();
		store_key_init(&k);
		store_key_str(&k, "bench");
		store_key_u64(&k, i);
		if (store_begin(st, &t, 1) != 0)
			bench_fatal("baseline: %s", t.err);
		v = i;
		store_put(&t, DB_META, k.data, k.len, &v, sizeof v);
		if (store_commit(&t) != 0)
			bench_fatal("baseline commit: %s", t.err);
		now = bench_sys_ns();
		bench_lat_add(lat, now - t1);
	}
	store_close(st);
	return ((double)i / ((double)(t1 - t0) / 1e9));
}

/* The in-process read baseline: a package and its product, n times. */
void
bench_ledger_read(struct bench_ledger *l, u_int n, struct bench_lat *lat)
{
	struct store		*st;
	struct store_txn	 t;
	struct package		 pk;
	struct product		 p;
	char			*cause;
	int64_t			 t0;
	u_int			 i;

	if (store_open(l->dir, (size_t)64 << 20, 0, &st, &cause) != 0)
		bench_fatal("%s", cause);
	for (i = 0; i < n; i++) {
		t0 = bench_sys_ns();
		if (store_begin(st, &t, 0) != 0)
			bench_fatal("read: %s", t.err);
		if (store_package_get(&t, l->tag[(i * 37) % BENCH_PACKAGES],
		    &pk) != 0 || store_product_get(&t, pk.product, &p) != 0)
			bench_fatal("read: %s", t.err);
		store_abort(&t);
		bench_lat_add(lat, bench_sys_ns() - t0);
	}
	store_close(st);
}
