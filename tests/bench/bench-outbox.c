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

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "store.h"
#include "outbox.h"
#include "drawer.h"
#include "sale.h"

/*
 * bench-outbox: how fast the compliance outbox drains against a state
 * system that limits each licence to a number of requests a second.
 *
 * A ledger of N sales (sale_commit, as bench-ledger.c writes them) leaves
 * N receipt jobs; the real stashd then drains them to stash-metrc-sim with
 * its rate_per_sec limit (429 with Retry-After beyond it), stashd's
 * metrc-rate set to the same limit, as an operator sets it from the
 * state's guide. The figures:
 * receipts a second achieved, as a ratio of what the limit allows (the
 * rate times Metrc's 10 objects a request), and receipts the simulator
 * holds twice (must be 0).
 *
 * With -s biotrack the same ledger drains to stash-biotrack-sim (the
 * legacy API 4.0: one sale a request), limited by its rate_per_sec hook
 * (BioTrack publishes no limit; this is the bench's) with stashd's
 * biotrack-rate set to it: dispenses a second as a ratio of the rate, and
 * sales dispensed twice (by nonce: our reference; must be 0).
 *
 * With -s biotrack24 it drains to the simulator's v2024 surface (Florida:
 * one sale a POST /v1/sale), limited by its rate_per_sec hook; the v2024
 * adapter has no pacing option, so it meets the limit as 429s (each an
 * answer it cannot trust: the job is looked up by its ExternalID before
 * it goes again). Sales a second as a ratio of the rate, and ExternalIDs
 * applied more than once (must be 0).
 *
 *	bench-outbox [-n sales] [-r rate_per_sec] [-s metrc|biotrack|biotrack24]
 *	    [-k]
 *
 * Run from the build directory (make bench-outbox); -k keeps the files.
 */

#define BO_PACKAGES	20
#define BO_PRODUCTS	5
#define BO_QTY		1000000000LL
#define BO_LICENCE	"402R-00000"
#define BO_PER_TXN	500
#define BO_BATCH	10		/* Metrc's objects a request */
#define BO_TIMEOUT	(1800LL * 1000000000LL)

static char	 bo_dir[] = "/tmp/bench-outbox.XXXXXX";
static pid_t	 bo_sim = -1, bo_stashd = -1;
static uint64_t	 bo_sales = 10000;

static __dead void bo_fatal(const char *, ...) printflike(1, 2);

static void
bo_fatal(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fprintf(stderr, "bench-outbox: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	if (bo_stashd != -1)
		kill(bo_stashd, SIGKILL);
	if (bo_sim != -1)
		kill(bo_sim, SIGKILL);
	exit(1);
}

static int64_t
bo_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec);
}

static void
bo_tag(u_int i, char *out, size_t len)
{
	snprintf(out, len, "1A40603%017X", 0x1000 + i);
}

static int
bo_setup(struct store_txn *t, void *arg, char **cause)
{
	struct store_info	 si;
	struct product		 p;
	struct package		 pk;
	struct drawer		 d;
	int64_t			 now = util_now();
	u_int			 i;

	memset(&si, 0, sizeof si);
	strlcpy(si.name, "Bench Dispensary", sizeof si.name);
	strlcpy(si.licence, BO_LICENCE, sizeof si.licence);
	strlcpy(si.state, "CO", sizeof si.state);
	strlcpy(si.tz, "America/Denver", sizeof si.tz);
	si.created = now;
	store_meta_put_info(t, &si);
	for (i = 1; i <= BO_PRODUCTS; i++) {
		memset(&p, 0, sizeof p);
		p.id = i;
		snprintf(p.sku, sizeof p.sku, "BO-%u", i);
		snprintf(p.name, sizeof p.name, "Bench Pre-roll %u", i);
		strlcpy(p.category, "flower", sizeof p.category);
		p.price = 1000 * i;
		p.created = now;
		p.measured = 1;
		p.net_ug = p.flower_ug = 1000000;
		strlcpy(p.route, "smokable", sizeof p.route);
		store_product_put(t, &p, NULL);
	}
	for (i = 0; i < BO_PACKAGES; i++) {
		memset(&pk, 0, sizeof pk);
		bo_tag(i, pk.tag, sizeof pk.tag);
		pk.product = 1 + i % BO_PRODUCTS;
		snprintf(pk.batch, sizeof pk.batch, "BATCH-%u", i);
		pk.qty = pk.received_qty = BO_QTY;
		pk.status = PACKAGE_ACTIVE;
		pk.received = now;
		store_package_put(t, &pk, NULL);
	}
	/* Cash needs a drawer open on the register. */
	if (drawer_open(t, "bench-000", 1, 100000, &d, cause) != DRAWER_OK)
		return (-1);
	return (t->ret != 0 ? -1 : 0);
}

struct bo_chunk {
	uint64_t	 first;
	u_int		 n;
	struct sale	*s;
};

static int
bo_chunk(struct store_txn *t, void *arg, char **cause)
{
	struct bo_chunk		*ch = arg;
	struct sale_request	 rq;
	char			 ref[32];
	uint64_t		 k;
	u_int			 i;
	int			 replayed;

	for (i = 0; i < ch->n; i++) {
		k = ch->first + i;
		memset(&rq, 0, sizeof rq);
		snprintf(ref, sizeof ref, "bo-%llu", (unsigned long long)k);
		rq.ref = ref;
		rq.terminal = "bench-000";
		rq.staff = 1;
		rq.nlines = 2;
		bo_tag((u_int)(k % BO_PACKAGES), rq.lines[0].tag,
		    sizeof rq.lines[0].tag);
		bo_tag((u_int)((k + 1) % BO_PACKAGES), rq.lines[1].tag,
		    sizeof rq.lines[1].tag);
		rq.lines[0].qty = 1;
		rq.lines[1].qty = 1 + (u_int)(k % 3);
		rq.cash = 100000;
		if (sale_commit(t, &rq, ch->s, &replayed, cause) != SALE_OK)
			return (-1);
	}
	return (0);
}

/* The simulator's state: the bench licence and its packages. */
static void
bo_sim_state(const char *path)
{
	json_t	*s, *items, *pkgs;
	char	 tag[TAG_LEN + 1];
	u_int	 i, id = 1;

	s = json_pack("{s:i, s:s, s:[], s:[], s:[], s:[], s:[], s:[], s:[], "
	    "s:[], s:[], s:[]}", "version", 1, "seed", "bench", "facilities",
	    "items", "packages", "adjustments", "receipts", "deliveries",
	    "transfers", "patients", "caregivers", "labresults");
	json_array_append_new(json_object_get(s, "facilities"), json_pack(
	    "{s:i, s:s, s:s, s:s, s:s}", "FacilityId", id++, "License",
	    BO_LICENCE, "Name", "Bench Dispensary", "State", "CO", "Tz",
	    "America/Denver"));
	items = json_object_get(s, "items");
	pkgs = json_object_get(s, "packages");
	for (i = 0; i < BO_PRODUCTS; i++) {
		json_array_append_new(items, json_pack("{s:i, s:s, s:s, s:s, "
		    "s:s, s:s, s:i}", "Id", id++, "License", BO_LICENCE,
		    "Name", "Bench Pre-roll", "ProductCategoryName", "Flower",
		    "QuantityType", "CountBased", "UnitOfMeasureName", "Each",
		    "Thc", 200));
	}
	for (i = 0; i < BO_PACKAGES; i++) {
		bo_tag(i, tag, sizeof tag);
		json_array_append_new(pkgs, json_pack("{s:i, s:s, s:s, s:i, "
		    "s:I, s:s, s:s, s:b, s:b, s:b, s:I, s:I, s:I, s:s}", "Id",
		    id++, "License", BO_LICENCE, "Label", tag, "ItemId",
		    2 + i % BO_PRODUCTS, "Quantity", (json_int_t)BO_QTY * 1000,
		    "UnitOfMeasureName", "Each", "Batch", "BATCH", "IsOnHold", 0,
		    "IsOnRecall", 0, "IsFinished", 0, "ReceivedDateTime",
		    (json_int_t)1, "LastModified", (json_int_t)1, "Archived",
		    (json_int_t)0, "LabTestingState", "TestPassed"));
	}
	json_object_set_new(s, "next_id", json_integer(id));
	if (json_dump_file(s, path, JSON_COMPACT) != 0)
		bo_fatal("cannot write %s", path);
	json_decref(s);
}

static size_t
bo_curl_write(char *p, size_t size, size_t n, void *arg)
{
	buf_add(arg, p, size * n);
	return (size * n);
}

/* An admin call to the simulator; the reply parsed. */
static json_t *
bo_admin(const char *base, const char *method, const char *path,
    const char *body)
{
	CURL			*e;
	struct curl_slist	*h = NULL;
	struct buf		 b;
	json_t			*j;
	json_error_t		 err;
	char			*url;

	buf_init(&b);
	xasprintf(&url, "%s%s", base, path);
	e = curl_easy_init();
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, bo_curl_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &b);
	if (body != NULL) {
		h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
	}
	if (curl_easy_perform(e) != CURLE_OK)
		bo_fatal("%s %s: no answer from the simulator", method, path);
	curl_easy_cleanup(e);
	curl_slist_free_all(h);
	free(url);
	j = json_loadb((const char *)b.data, b.len, 0, &err);
	buf_free(&b);
	if (j == NULL)
		bo_fatal("%s %s: the simulator's reply is not JSON", method,
		    path);
	return (j);
}

static pid_t
bo_spawn(char *const argv[], const char *log, int *out)
{
	pid_t	pid;
	int	fd, p[2];

	if (out != NULL && pipe(p) != 0)
		bo_fatal("pipe: %s", strerror(errno));
	switch (pid = fork()) {
	case -1:
		bo_fatal("fork: %s", strerror(errno));
	case 0:
		fd = open(log, O_WRONLY|O_CREAT|O_TRUNC, 0600);
		if (fd != -1) {
			dup2(fd, STDERR_FILENO);
			dup2(fd, STDOUT_FILENO);
			close(fd);
		}
		if (out != NULL) {
			dup2(p[1], STDOUT_FILENO);
			close(p[0]);
			close(p[1]);
		}
		execv(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	if (out != NULL) {
		close(p[1]);
		*out = p[0];
	}
	return (pid);
}

/* Pending and exception jobs in the ledger, read beside stashd. */
static void
bo_pending(const char *data, uint64_t *pending, uint64_t *exceptions)
{
	struct store		*st;
	struct store_txn	 t;
	struct outbox_stats	 os;
	char			*cause;

	if (store_open(data, (size_t)1 << 30, 1, &st, &cause) != 0)
		bo_fatal("%s", cause);
	if (store_begin(st, &t, 0) != 0)
		bo_fatal("%s", t.err);
	outbox_stats(&t, &os);
	store_abort(&t);
	store_close(st);
	*pending = os.pending;
	*exceptions = os.exceptions;
}

/* A report's reference seen: counted, and once more if seen before. */
static void
bo_seen(json_t *seen, const char *ref, size_t *n, uint64_t *dups)
{
	(*n)++;
	if (json_object_get(seen, ref) != NULL)
		(*dups)++;
	json_object_set_new(seen, ref, json_true());
}

/* Metrc: the receipt POSTs' spread and the receipts held twice. */
static void
bo_seen_metrc(const char *url, uint64_t *posts, uint64_t *limited,
    int64_t *first, int64_t *last, size_t *n, uint64_t *dups)
{
	json_t		*j, *e, *r, *seen;
	const char	*ref;
	size_t		 i;

	j = bo_admin(url, "GET", "/_sim/requests", NULL);
	json_array_foreach(j, i, e) {
		if (strcmp(json_string_value(json_object_get(e, "method")),
		    "POST") != 0 || strncmp(json_string_value(json_object_get(e,
		    "uri")), "/sales/v2/receipts", 18) != 0)
			continue;
		if (json_is_true(json_object_get(e, "rate_limited"))) {
			(*limited)++;
			continue;
		}
		if (!json_is_true(json_object_get(e, "applied")))
			continue;
		(*posts)++;
		if (*first == 0)
			*first = json_integer_value(json_object_get(e, "time"));
		*last = json_integer_value(json_object_get(e, "time"));
	}
	json_decref(j);
	j = bo_admin(url, "GET", "/_sim/state", NULL);
	seen = json_object();
	*n = 0;
	json_array_foreach(json_object_get(j, "receipts"), i, r) {
		ref = json_string_value(json_object_get(r,
		    "ExternalReceiptNumber"));
		if (ref != NULL)
			bo_seen(seen, ref, n, dups);
	}
	json_decref(seen);
	json_decref(j);
}

/*
 * BioTrack: the applied dispenses' spread, and sales dispensed twice (a
 * dispense's nonce is our reference and the attempt).
 */
static void
bo_seen_biotrack(const char *url, uint64_t *posts, uint64_t *limited,
    int64_t *first, int64_t *last, size_t *n, uint64_t *dups)
{
	json_t		*j, *e, *seen;
	const char	*nonce, *action;
	char		 ref[128], *p;
	size_t		 i;

	j = bo_admin(url, "GET", "/_sim/requests", NULL);
	seen = json_object();
	*n = 0;
	json_array_foreach(json_object_get(j, "requests"), i, e) {
		if (json_integer_value(json_object_get(e, "fault")) == 429) {
			(*limited)++;
			continue;
		}
		action = json_string_value(json_object_get(e, "action"));
		nonce = json_string_value(json_object_get(e, "nonce"));
		if (action == NULL || strcmp(action, "sale_dispense") != 0 ||
		    nonce == NULL || !json_is_true(json_object_get(e,
		    "applied")))
			continue;
		(*posts)++;
		if (*first == 0)
			*first = json_integer_value(json_object_get(e, "time"));
		*last = json_integer_value(json_object_get(e, "time"));
		strlcpy(ref, nonce, sizeof ref);
		if ((p = strrchr(ref, '-')) != NULL)
			*p = '\0';
		bo_seen(seen, ref, n, dups);
	}
	json_decref(seen);
	json_decref(j);
}

/*
 * BioTrack v2024: the applied sales' spread, and ExternalIDs the state
 * applied more than once.
 */
static void
bo_seen_biotrack24(const char *url, uint64_t *posts, uint64_t *limited,
    int64_t *first, int64_t *last, size_t *n, uint64_t *dups)
{
	json_t		*j, *e, *seen;
	const char	*path, *ext;
	size_t		 i;
	json_int_t	 k;

	j = bo_admin(url, "GET", "/_sim24/requests", NULL);
	json_array_foreach(json_object_get(j, "requests"), i, e) {
		if (json_integer_value(json_object_get(e, "fault")) == 429) {
			(*limited)++;
			continue;
		}
		path = json_string_value(json_object_get(e, "path"));
		if (path == NULL || strcmp(path, "/v1/sale") != 0 ||
		    !json_is_true(json_object_get(e, "applied")))
			continue;
		(*posts)++;
		if (*first == 0)
			*first = json_integer_value(json_object_get(e, "time"));
		*last = json_integer_value(json_object_get(e, "time"));
	}
	json_decref(j);
	j = bo_admin(url, "GET", "/_sim24/state", NULL);
	seen = json_object();
	*n = 0;
	json_object_foreach(json_object_get(j, "applied"), ext, e) {
		for (k = 0; k < json_integer_value(e); k++)
			bo_seen(seen, ext, n, dups);
	}
	*n -= *dups;
	json_decref(seen);
	json_decref(j);
}

int
main(int argc, char **argv)
{
	struct store	*st;
	struct bo_chunk	 ch;
	struct utsname	 un;
	json_t		*start;
	FILE		*f;
	char		*cause, data[PATH_MAX], path[PATH_MAX], log[PATH_MAX];
	char		 line[1024], url[256], body[64], stashd[PATH_MAX];
	char		 today[16];
	time_t		 now;
	char		 sim[PATH_MAX], conf[PATH_MAX], secrets[PATH_MAX];
	const char	*errstr;
	uint64_t	 pending, exceptions, dups = 0, posts = 0, limited = 0;
	int64_t		 t0, t1, first = 0, last = 0, rate = 10, tsales;
	double		 achieved, allowed;
	size_t		 n;
	int		 ch_, fd, keep = 0, status, bt = 0;
	ssize_t		 len;
	char		*sargv[8], *dargv[10];
	char		 o_l[] = "-l", o_s[] = "-s", o_f[] = "-f";
	char		 o_d[] = "-d", o_addr[] = "127.0.0.1:0";

	while ((ch_ = getopt(argc, argv, "kn:r:s:")) != -1) {
		switch (ch_) {
		case 's':
			if (strcmp(optarg, "biotrack") == 0)
				bt = 1;
			else if (strcmp(optarg, "biotrack24") == 0)
				bt = 2;
			else if (strcmp(optarg, "metrc") != 0)
				bo_fatal("-s %s: metrc, biotrack or biotrack24",
				    optarg);
			break;
		case 'k':
			keep = 1;
			break;
		case 'n':
			bo_sales = (uint64_t)util_strtonum(optarg, 10, 10000000,
			    &errstr);
			if (errstr != NULL)
				bo_fatal("-n %s: %s", optarg, errstr);
			break;
		case 'r':
			rate = util_strtonum(optarg, 1, 1000, &errstr);
			if (errstr != NULL)
				bo_fatal("-r %s: %s", optarg, errstr);
			break;
		default:
			fprintf(stderr, "usage: bench-outbox [-k] [-n sales] "
			    "[-r rate_per_sec] [-s metrc|biotrack|biotrack24]\n");
			return (1);
		}
	}
	log_open("bench-outbox", LOGDEST_STDERR, 0);
	if (mkdtemp(bo_dir) == NULL)
		bo_fatal("mkdtemp: %s", strerror(errno));
	snprintf(stashd, sizeof stashd, "%s/stashd", getenv("top_builddir") ?
	    getenv("top_builddir") : ".");
	snprintf(sim, sizeof sim, "%s/stash-%s-sim",
	    getenv("top_builddir") ? getenv("top_builddir") : ".",
	    bt ? "biotrack" : "metrc");

	/* The ledger: N sales, N receipt jobs. */
	snprintf(data, sizeof data, "%s/data", bo_dir);
	if (store_open(data, (size_t)4 << 30, 0, &st, &cause) != 0)
		bo_fatal("%s", cause);
	if (store_write(st, bo_setup, NULL, &cause) != 0)
		bo_fatal("ledger setup: %s", cause);
	t0 = bo_ns();
	ch.s = xmalloc(sizeof *ch.s);
	for (ch.first = 0; ch.first < bo_sales; ch.first += ch.n) {
		ch.n = bo_sales - ch.first < BO_PER_TXN ?
		    (u_int)(bo_sales - ch.first) : BO_PER_TXN;
		if (store_write(st, bo_chunk, &ch, &cause) != 0)
			bo_fatal("sales %llu..: %s",
			    (unsigned long long)ch.first, cause);
	}
	free(ch.s);
	store_close(st);
	tsales = bo_ns() - t0;

	/* The simulator, limited to rate requests a second. */
	snprintf(path, sizeof path, "%s/sim.json", bo_dir);
	bo_sim_state(path);
	snprintf(log, sizeof log, "%s/sim.log", bo_dir);
	sargv[0] = sim;
	sargv[1] = o_l;
	sargv[2] = o_addr;
	sargv[3] = bt ? NULL : o_s;
	sargv[4] = path;
	sargv[5] = NULL;
	bo_sim = bo_spawn(sargv, log, &fd);
	if ((f = fdopen(fd, "r")) == NULL || fgets(line, sizeof line, f) ==
	    NULL || (start = json_loads(line, 0, NULL)) == NULL)
		bo_fatal("the simulator did not start: see %s", log);
	snprintf(url, sizeof url, "http://%s",
	    json_string_value(json_object_get(start, "listen")));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(body, sizeof body, "{\"rate_per_sec\":%lld}",
	    (long long)rate);
	json_decref(bo_admin(url, "POST", bt == 2 ? "/_sim24/faults" :
	    "/_sim/faults", body));

	/* stashd, reporting to it. */
	snprintf(secrets, sizeof secrets, "%s/state.secrets", bo_dir);
	if ((f = fopen(secrets, "w")) == NULL)
		bo_fatal("%s: %s", secrets, strerror(errno));
	fchmod(fileno(f), 0600);
	if (bt == 2)
		fprintf(f, "ubi %s\nlicense %s\nusername %s\npassword %s\n",
		    json_string_value(json_object_get(start, "ubi")),
		    json_string_value(json_object_get(start, "license")),
		    json_string_value(json_object_get(start, "username")),
		    json_string_value(json_object_get(start, "password")));
	else if (bt)
		fprintf(f, "ubi %s\nusername %s\npassword %s\n",
		    json_string_value(json_object_get(start, "ubi")),
		    json_string_value(json_object_get(start, "username")),
		    json_string_value(json_object_get(start, "password")));
	else
		fprintf(f, "vendor-key %s\nuser-key %s\n",
		    json_string_value(json_object_get(start, "vendor_key")),
		    json_string_value(json_object_get(start, "user_key")));
	fclose(f);
	snprintf(conf, sizeof conf, "%s/stash.conf", bo_dir);
	if ((f = fopen(conf, "w")) == NULL)
		bo_fatal("%s: %s", conf, strerror(errno));
	/* stashd paced at the limit, as an operator would set it. */
	now = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
	if (bt == 2)
		fprintf(f, "state-system biotrack-v2024\nbiotrack24-url %s\n"
		    "biotrack24-secrets %s\nbiotrack24-approved %s\n"
		    "biotrack-interval 1\nbiotrack-rate %lld\n", url, secrets,
		    today, (long long)rate);
	else if (bt)
		fprintf(f, "state-system biotrack\nbiotrack-url %s/"
		    "serverjson.asp\nbiotrack-secrets %s\n"
		    "biotrack-interval 1\nbiotrack-rate %lld\n", url,
		    secrets, (long long)rate);
	else
		fprintf(f, "metrc-url %s\nmetrc-secrets %s\n"
		    "metrc-interval 1\nmetrc-reconcile 0\nmetrc-rate %lld\n",
		    url, secrets, (long long)rate);
	fclose(f);
	json_decref(start);
	snprintf(log, sizeof log, "%s/stashd.log", bo_dir);
	dargv[0] = stashd;
	dargv[1] = o_f;
	dargv[2] = conf;
	dargv[3] = o_d;
	dargv[4] = data;
	dargv[5] = o_l;
	dargv[6] = o_addr;
	dargv[7] = NULL;
	t0 = bo_ns();
	bo_stashd = bo_spawn(dargv, log, NULL);
	for (;;) {
		usleep(250000);
		if (waitpid(bo_stashd, &status, WNOHANG) == bo_stashd) {
			bo_stashd = -1;
			bo_fatal("stashd stopped: see %s", log);
		}
		bo_pending(data, &pending, &exceptions);
		if (pending == 0)
			break;
		if (bo_ns() - t0 > BO_TIMEOUT)
			bo_fatal("not drained after 30 minutes: %llu pending",
			    (unsigned long long)pending);
	}
	t1 = bo_ns();
	kill(bo_stashd, SIGTERM);
	waitpid(bo_stashd, &status, 0);
	bo_stashd = -1;

	/* What the simulator saw: the reports' spread, and duplicates. */
	if (bt == 2)
		bo_seen_biotrack24(url, &posts, &limited, &first, &last, &n,
		    &dups);
	else if (bt)
		bo_seen_biotrack(url, &posts, &limited, &first, &last, &n,
		    &dups);
	else
		bo_seen_metrc(url, &posts, &limited, &first, &last, &n, &dups);
	kill(bo_sim, SIGTERM);
	waitpid(bo_sim, &status, 0);
	bo_sim = -1;

	/*
	 * The drain is timed from the first accepted POST to the last, so a
	 * whole number of seconds of the limit's window is what is allowed:
	 * the last second counts as full.
	 */
	achieved = (double)bo_sales / ((double)(last - first) / 1000.0 + 1.0);
	allowed = (double)rate * (bt ? 1 : BO_BATCH);
	uname(&un);
	printf("bench-outbox: %s %s %s, %llu sales (%.1f s to write)\n",
	    un.sysname, un.release, un.machine,
	    (unsigned long long)bo_sales, (double)tsales / 1e9);
	printf("  state system     %s\n", bt == 2 ? "BioTrack v2024 "
	    "(Florida), one sale a request, no pacing" : bt ?
	    "BioTrack (legacy API 4.0), one sale a request" :
	    "Metrc, ten receipts a request");
	printf("  limit            %lld requests/s per licence (%.0f "
	    "receipts/s)\n", (long long)rate, allowed);
	printf("  drained in       %.1f s from stashd's start; %.1f s from "
	    "first to last POST\n", (double)(t1 - t0) / 1e9,
	    (double)(last - first) / 1000.0);
	printf("  report requests  %llu accepted, %llu refused with 429\n",
	    (unsigned long long)posts, (unsigned long long)limited);
	printf("  achieved         %.1f receipts/s = %.3f of the allowed rate "
	    "(goal >= 0.9)\n", achieved, achieved / allowed);
	printf("  at the state     %zu sales, %llu duplicates (must be 0), "
	    "%llu exceptions\n", n, (unsigned long long)dups,
	    (unsigned long long)exceptions);
	if (!keep) {
		xasprintf(&cause, "rm -rf '%s'", bo_dir);
		len = system(cause) == 0 ? 0 : -1;
		(void)len;
		free(cause);
	} else
		printf("  files kept in    %s\n", bo_dir);
	return (dups != 0 || n != bo_sales);
}
