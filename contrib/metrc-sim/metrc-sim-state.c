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

#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "metrc-sim.h"

/*
 * The state: facilities, items, packages, receipts, deliveries, transfers,
 * patients, caregivers and lab results, each a list of objects in one
 * jansson tree. Every object carries its License.
 *
 * Saving: each change is one line appended to STATEFILE.journal (the
 * request that made it, and the clock it saw) and synced before the reply
 * is sent; at start the journal is replayed over STATEFILE. The whole tree
 * is written (to STATEFILE.tmp, synced, renamed over STATEFILE) only to
 * compact: at start, at exit, after a reset and when the journal has grown
 * larger than the state file, so a change costs an append, not a rewrite.
 * The state file records the number of the last journal line it holds
 * ("journal_seq"): a crash between the rename and the journal's truncation
 * replays nothing twice. A torn last line (a crash mid-append) was never
 * answered and is dropped.
 */

#define METRC_SIM_STATE_VERSION	1
#define METRC_SIM_JOURNAL_MIN	(1024 * 1024)	/* compact beyond this */

static const char *metrc_sim_state_lists[] = {
	"facilities", "items", "packages", "adjustments", "receipts",
	"deliveries", "transfers", "patients", "caregivers", "labresults",
	"retailer",
};
/* Lists added since version 1: an older file starts them empty. */
#define METRC_SIM_LATER_LISTS	"retailer"
#define METRC_SIM_NLISTS \
	(sizeof metrc_sim_state_lists / sizeof metrc_sim_state_lists[0])

/*
 * The demo store of stashctl demo (src/ctl/ctl-demo.c): the same licence,
 * products and package tags, 1A40603000000000000 PP NNN. Keep in step.
 */
#define METRC_SIM_DEMO_LICENSE	"402R-00042"
#define METRC_SIM_DEMO_OTHER	"402R-00043"
#define METRC_SIM_DEMO_PREFIX	"1A40603000000000000"

static const struct metrc_sim_demo_item {
	const char	*sku;
	const char	*name;
	const char	*category;
	int		 by_weight;
	int		 thc;		/* per mille */
} metrc_sim_demo_items[] = {
	{ "FL-BD-1", "Blue Dream 3.5g", "flower", 0, 220 },
	{ "FL-GG4-BULK", "Gorilla Glue #4 (bulk)", "flower", 1, 250 },
	{ "FL-OGK-35", "OG Kush 3.5g", "flower", 0, 240 },
	{ "FL-SD-7", "Sour Diesel 7g", "flower", 0, 210 },
	{ "FL-GSC-BULK", "Girl Scout Cookies (bulk)", "flower", 1, 260 },
	{ "FL-NL-BULK", "Northern Lights (bulk)", "flower", 1, 180 },
	{ "FL-WW-1", "White Widow 1g", "flower", 0, 200 },
	{ "PR-JH-1", "Jack Herer pre-roll 1g", "pre-roll", 0, 190 },
	{ "PR-PE-5PK", "Pineapple Express pre-rolls 5x0.5g", "pre-roll", 0,
	  200 },
	{ "PR-INF-1", "Infused pre-roll 1g", "pre-roll", 0, 350 },
	{ "VP-BD-05", "Blue Dream cartridge 0.5g", "vape", 0, 850 },
	{ "VP-GDP-1", "Granddaddy Purple cartridge 1g", "vape", 0, 880 },
	{ "VP-DSP-03", "Disposable vape 0.3g", "vape", 0, 820 },
	{ "CN-SHT-1", "Shatter 1g", "concentrate", 0, 780 },
	{ "CN-LR-1", "Live resin 1g", "concentrate", 0, 740 },
	{ "CN-RSN-05", "Rosin 0.5g", "concentrate", 0, 700 },
	{ "ED-GUM-100", "Fruit gummies 10x10mg", "edible", 0, 3 },
	{ "ED-CHO-100", "Dark chocolate bar 100mg", "edible", 0, 2 },
	{ "ED-MNT-100", "Mints 20x5mg", "edible", 0, 5 },
	{ "ED-TNC-300", "Tincture 30ml 300mg", "edible", 0, 10 },
};
#define METRC_SIM_DEMO_NITEMS \
	(sizeof metrc_sim_demo_items / sizeof metrc_sim_demo_items[0])

static const struct metrc_sim_demo_package {
	u_int		 item;		/* 1-based */
	u_int		 seq;
	const char	*batch;
	int64_t		 qty;		/* units, or mg */
} metrc_sim_demo_packages[] = {
	{ 1, 1, "BD-2410-01", 24 }, { 1, 2, "BD-2411-02", 40 },
	{ 1, 3, "BD-2411-03", 2 }, { 2, 1, "GG4-2410-07", 453592 },
	{ 2, 2, "GG4-2411-02", 28350 }, { 3, 1, "OGK-2411-01", 30 },
	{ 3, 2, "OGK-2411-02", 18 }, { 4, 1, "SD-2411-04", 12 },
	{ 5, 1, "GSC-2410-03", 453592 }, { 5, 2, "GSC-2411-01", 226796 },
	{ 6, 1, "NL-2411-05", 113398 }, { 7, 1, "WW-2411-01", 60 },
	{ 8, 1, "JH-2411-01", 100 }, { 8, 2, "JH-2411-02", 50 },
	{ 9, 1, "PE-2411-01", 36 }, { 10, 1, "INF-2411-01", 48 },
	{ 11, 1, "VBD-2410-09", 40 }, { 11, 2, "VBD-2411-01", 25 },
	{ 12, 1, "VGDP-2411-01", 20 }, { 12, 2, "VGDP-2411-02", 20 },
	{ 13, 1, "VDSP-2411-02", 60 }, { 14, 1, "SHT-2411-01", 30 },
	{ 14, 2, "SHT-2411-02", 15 }, { 15, 1, "LR-2411-01", 20 },
	{ 16, 1, "RSN-2411-01", 12 }, { 17, 1, "GUM-2410-11", 80 },
	{ 17, 2, "GUM-2411-03", 120 }, { 18, 1, "CHO-2411-01", 45 },
	{ 19, 1, "MNT-2411-01", 60 }, { 20, 1, "TNC-2411-01", 24 },
};
#define METRC_SIM_DEMO_NPACKAGES \
	(sizeof metrc_sim_demo_packages / sizeof metrc_sim_demo_packages[0])

static json_t *
metrc_sim_state_empty(void)
{
	json_t	*s;
	size_t	 i;

	s = json_pack("{s:i,s:I}", "version", METRC_SIM_STATE_VERSION,
	    "next_id", (json_int_t)1);
	for (i = 0; i < METRC_SIM_NLISTS; i++)
		json_object_set_new(s, metrc_sim_state_lists[i], json_array());
	return (s);
}

static json_int_t
metrc_sim_state_next(json_t *s)
{
	json_int_t	id;

	id = metrc_sim_json_int(s, "next_id");
	json_object_set_new(s, "next_id", json_integer(id + 1));
	return (id);
}

static void
metrc_sim_state_add(json_t *s, const char *list, json_t *o)
{
	json_array_append_new(json_object_get(s, list), o);
}

static json_int_t
metrc_sim_state_item(json_t *s, const char *lic, const char *name,
    const char *category, int by_weight, int thc, int64_t now)
{
	json_int_t	id = metrc_sim_state_next(s);

	metrc_sim_state_add(s, "items", json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,"
	    "s:i,s:I}", "Id", id, "License", lic, "Name", name,
	    "ProductCategoryName", category,
	    "QuantityType", by_weight ? "WeightBased" : "CountBased",
	    "UnitOfMeasureName", by_weight ? "Grams" : "Each", "Thc", thc,
	    "LastModified", (json_int_t)now));
	return (id);
}

static json_int_t
metrc_sim_state_package(json_t *s, const char *lic, const char *label,
    json_int_t item, int by_weight, const char *batch, int64_t qty,
    int64_t now)
{
	json_int_t	id = metrc_sim_state_next(s);

	metrc_sim_state_add(s, "packages", json_pack("{s:I,s:s,s:s,s:I,s:I,"
	    "s:s,s:s,s:b,s:b,s:b,s:I,s:I,s:I,s:s}", "Id", id, "License", lic,
	    "Label", label, "ItemId", item,
	    "Quantity", (json_int_t)(by_weight ? qty : qty * 1000),
	    "UnitOfMeasureName", by_weight ? "Grams" : "Each",
	    "Batch", batch, "IsOnHold", 0, "IsOnRecall", 0, "IsFinished", 0,
	    "ReceivedDateTime", (json_int_t)now, "LastModified",
	    (json_int_t)now, "Archived", (json_int_t)0,
	    "LabTestingState", "TestPassed"));
	return (id);
}

static json_t *
metrc_sim_state_allotment(const char *number, int active, int64_t allowed)
{
	return (json_pack("{s:s,s:s,s:s,s:b,s:I,s:I,s:i,s:s,s:s}",
	    "PatientLicenseNumber", number, "IdentificationMethod", "CO",
	    "RegistrationNumber", number, "Active", active,
	    "OuncesAllowed", (json_int_t)allowed,
	    "OuncesPurchased", (json_int_t)0, "PurchaseAmountDays", 31,
	    "PatientLicenseExpirationDate", active ? "2027-12-31" :
	    "2025-06-30", "PatientRegistrationStartDate", "2025-01-01"));
}

/*
 * A shipped package's lab results, a row per test as the state keeps
 * them: Total THC and Total CBD (%), levels in tenths, passed and
 * released, tested five days before the seed.
 */
static void
metrc_sim_state_lab(json_t *s, json_t *pkgs, int64_t now)
{
	static const struct {
		const char	*type;
		int64_t		 level[2];
	} tests[] = {
		{ "Total THC (%) Raw Plant Material", { 184, 217 } },
		{ "Total CBD (%) Raw Plant Material", { 4, 11 } },
	};
	json_t		*p;
	time_t		 t = (time_t)(now - 5 * 86400);
	struct tm	 tm;
	char		 date[16];
	size_t		 i, k;

	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	json_array_foreach(pkgs, i, p) {
		for (k = 0; k < nitems(tests); k++) {
			metrc_sim_state_add(s, "labresults", json_pack("{s:O,"
			    "s:s,s:I,s:O,s:b,s:s,s:b,s:I,s:b,s:s}",
			    "PackageId", json_object_get(p, "PackageId"),
			    "License", METRC_SIM_DEMO_LICENSE,
			    "LabTestResultId", metrc_sim_state_next(s),
			    "SourcePackageLabel", json_object_get(p,
			    "PackageLabel"), "OverallPassed", 1,
			    "TestTypeName", tests[k].type, "TestPassed", 1,
			    "TestResultLevel", tests[k].level[i % 2],
			    "ResultReleased", 1, "TestPerformedDate", date));
		}
	}
}

static void
metrc_sim_state_demo(json_t *s)
{
	const struct metrc_sim_demo_item	*di;
	const struct metrc_sim_demo_package	*dp;
	json_int_t				 items[METRC_SIM_DEMO_NITEMS];
	json_int_t				 pkg, item, t, d;
	json_t					*pkgs;
	char					 label[TAG_LEN + 1];
	int64_t					 now = util_now() / 1000000;
	size_t					 i;

	for (i = 0; i < METRC_SIM_DEMO_NITEMS; i++) {
		di = &metrc_sim_demo_items[i];
		items[i] = metrc_sim_state_item(s, METRC_SIM_DEMO_LICENSE,
		    di->name, di->category, di->by_weight, di->thc, now);
	}
	for (i = 0; i < METRC_SIM_DEMO_NPACKAGES; i++) {
		dp = &metrc_sim_demo_packages[i];
		di = &metrc_sim_demo_items[dp->item - 1];
		xsnprintf(label, sizeof label, "%s%02u%03u",
		    METRC_SIM_DEMO_PREFIX, dp->item, dp->seq);
		pkg = metrc_sim_state_package(s, METRC_SIM_DEMO_LICENSE, label,
		    items[dp->item - 1], di->by_weight, dp->batch, dp->qty,
		    now);
		metrc_sim_state_add(s, "labresults", json_pack("{s:I,s:s,s:I,"
		    "s:s,s:b,s:s,s:b,s:I,s:b}", "PackageId", pkg,
		    "License", METRC_SIM_DEMO_LICENSE,
		    "LabTestResultId", metrc_sim_state_next(s),
		    "SourcePackageLabel", label, "OverallPassed", 1,
		    "TestTypeName", "THC", "TestPassed", 1,
		    "TestResultLevel", (json_int_t)di->thc,
		    "ResultReleased", 1));
	}

	/* Another store of the same owner, for "not your licence" checks. */
	item = metrc_sim_state_item(s, METRC_SIM_DEMO_OTHER,
	    "Blue Dream 3.5g", "flower", 0, 220, now);
	metrc_sim_state_package(s, METRC_SIM_DEMO_OTHER,
	    METRC_SIM_DEMO_PREFIX "99001", item, 0, "BD-OTHER-01", 10, now);

	/* An incoming transfer of two packages, to receive. */
	t = metrc_sim_state_next(s);
	d = metrc_sim_state_next(s);
	pkgs = json_array();
	json_array_append_new(pkgs, json_pack("{s:I,s:s,s:I,s:s,s:s,s:I,s:s,"
	    "s:s,s:s}", "PackageId", metrc_sim_state_next(s),
	    "PackageLabel", METRC_SIM_DEMO_PREFIX "21001", "ItemId", items[0],
	    "ItemName", metrc_sim_demo_items[0].name,
	    "ItemCategoryName", "flower", "ShippedQuantity", (json_int_t)20000,
	    "ShippedUnitOfMeasureName", "Each",
	    "ShipmentPackageState", "Shipped",
	    "ProductionBatchNumber", "BD-2412-01"));
	json_array_append_new(pkgs, json_pack("{s:I,s:s,s:I,s:s,s:s,s:I,s:s,"
	    "s:s,s:s}", "PackageId", metrc_sim_state_next(s),
	    "PackageLabel", METRC_SIM_DEMO_PREFIX "21002", "ItemId", items[1],
	    "ItemName", metrc_sim_demo_items[1].name,
	    "ItemCategoryName", "flower", "ShippedQuantity", (json_int_t)453592,
	    "ShippedUnitOfMeasureName", "Grams",
	    "ShipmentPackageState", "Shipped",
	    "ProductionBatchNumber", "GG4-2412-01"));
	/* Their lab results: THC and CBD, tested a few days ago. */
	metrc_sim_state_lab(s, pkgs, now);
	metrc_sim_state_add(s, "transfers", json_pack("{s:I,s:s,s:s,s:s,s:s,"
	    "s:s,s:s,s:I,s:[{s:I,s:s,s:I,s:o}]}", "Id", t,
	    "License", METRC_SIM_DEMO_LICENSE, "ManifestNumber", "0000123456",
	    "ShipperFacilityLicenseNumber", "403-00001",
	    "ShipperFacilityName", "Green Valley Cultivation",
	    "DriverName", "Pat Driver", "VehicleLicensePlateNumber", "CO-123",
	    "LastModified", (json_int_t)now, "Deliveries", "Id", d,
	    "ManifestNumber", "0000123456", "Received", (json_int_t)0,
	    "Packages", pkgs));

	/* Medical patients and a caregiver (allotments in thousandths oz). */
	metrc_sim_state_add(s, "patients",
	    metrc_sim_state_allotment("CO-PAT-0001", 1, 2000));
	metrc_sim_state_add(s, "patients",
	    metrc_sim_state_allotment("CO-PAT-0002", 0, 2000));
	metrc_sim_state_add(s, "caregivers", json_pack("{s:s,s:b,s:[s]}",
	    "CaregiverLicenseNumber", "CO-CG-0001", "Active", 1,
	    "Patients", "CO-PAT-0001"));
}

json_t *
metrc_sim_state_seed(const char *seed, char **cause)
{
	json_t	*s;
	int	 demo;

	if (strcmp(seed, "demo") == 0)
		demo = 1;
	else if (strcmp(seed, "empty") == 0)
		demo = 0;
	else {
		xasprintf(cause, "unknown seed \"%s\" (use demo or empty)",
		    seed);
		return (NULL);
	}
	s = metrc_sim_state_empty();
	json_object_set_new(s, "seed", json_string(seed));
	metrc_sim_state_add(s, "facilities", json_pack("{s:I,s:s,s:s,s:s,"
	    "s:s}", "FacilityId", metrc_sim_state_next(s),
	    "License", METRC_SIM_DEMO_LICENSE, "Name", "Stash Demo Dispensary",
	    "State", "CO", "Tz", "America/Denver"));
	metrc_sim_state_add(s, "facilities", json_pack("{s:I,s:s,s:s,s:s,"
	    "s:s}", "FacilityId", metrc_sim_state_next(s),
	    "License", METRC_SIM_DEMO_OTHER,
	    "Name", "Stash Demo Dispensary (second store)", "State", "CO",
	    "Tz", "America/Denver"));
	if (demo)
		metrc_sim_state_demo(s);
	return (s);
}

/* Read the state file; a missing file is no error (the state is NULL). */
int
metrc_sim_state_load(struct metrc_sim *ms, char **cause)
{
	json_error_t	 e;
	json_t		*s;
	size_t		 i;

	s = json_load_file(ms->statefile, JSON_REJECT_DUPLICATES, &e);
	if (s == NULL) {
		if (access(ms->statefile, F_OK) != 0 && errno == ENOENT) {
			ms->state = NULL;
			return (0);
		}
		xasprintf(cause, "state file %s is not readable JSON (line %d: "
		    "%s); move it away or start with --seed demo to replace "
		    "it", ms->statefile, e.line, e.text);
		return (-1);
	}
	if (!json_is_object(s) || metrc_sim_json_int(s, "version") !=
	    METRC_SIM_STATE_VERSION || metrc_sim_json_int(s, "next_id") < 1)
		goto bad;
	if (json_object_get(s, METRC_SIM_LATER_LISTS) == NULL)
		json_object_set_new(s, METRC_SIM_LATER_LISTS, json_array());
	for (i = 0; i < METRC_SIM_NLISTS; i++) {
		if (!json_is_array(json_object_get(s,
		    metrc_sim_state_lists[i])))
			goto bad;
	}
	json_decref(ms->state);
	ms->state = s;
	return (0);

bad:
	json_decref(s);
	xasprintf(cause, "state file %s is not a version %d simulator state; "
	    "move it away or start with --seed demo to replace it",
	    ms->statefile, METRC_SIM_STATE_VERSION);
	return (-1);
}

/* Make the rename durable: sync the directory holding the file. */
static void
metrc_sim_state_syncdir(const char *path)
{
	char	*dir, *slash;
	int	 fd;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL)
		strlcpy(dir, ".", strlen(dir) + 1);
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) != -1) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int
metrc_sim_state_save(struct metrc_sim *ms, char **cause)
{
	char	*tmp, *text;
	size_t	 len, off;
	ssize_t	 n;
	int	 fd;

	json_object_set_new(ms->state, "journal_seq",
	    json_integer(ms->jseq));
	text = json_dumps(ms->state, JSON_INDENT(1) | JSON_SORT_KEYS);
	if (text == NULL)
		fatalx("out of memory writing the state");
	len = strlen(text);
	ms->state_size = len;
	xasprintf(&tmp, "%s.tmp", ms->statefile);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		goto fail;
	for (off = 0; off < len; off += n) {
		if ((n = write(fd, text + off, len - off)) == -1) {
			if (errno == EINTR) {
				n = 0;
				continue;
			}
			goto fail;
		}
	}
	if (write(fd, "\n", 1) != 1 || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, ms->statefile) != 0)
		goto fail;
	metrc_sim_state_syncdir(ms->statefile);
	free(tmp);
	free(text);
	return (0);

fail:
	xasprintf(cause, "cannot write state file %s: %s (the change is kept "
	    "in memory only)", tmp, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	free(text);
	return (-1);
}

/* Write the whole state and empty the journal. */
int
metrc_sim_state_compact(struct metrc_sim *ms, char **cause)
{
	if (metrc_sim_state_save(ms, cause) != 0)
		return (-1);
	if (ms->jfd == -1)
		return (0);
	if (ftruncate(ms->jfd, 0) != 0 || fsync(ms->jfd) != 0) {
		xasprintf(cause, "cannot empty the journal %s.journal: %s "
		    "(the state file holds every change; the journal's lines "
		    "will be skipped at the next start)", ms->statefile,
		    strerror(errno));
		return (-1);
	}
	ms->jsize = 0;
	return (0);
}

/*
 * Take the state for this simulator alone: open STATEFILE.journal (the one
 * file that is never replaced) and lock it, before anything is read or
 * written. Two simulators on one state file would each compact over the
 * other's changes; the second is refused and says why. The lock goes with
 * the process.
 */
int
metrc_sim_state_lock(struct metrc_sim *ms, char **cause)
{
	char	*path;

	xasprintf(&path, "%s.journal", ms->statefile);
	ms->jfd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (ms->jfd == -1) {
		xasprintf(cause, "cannot open the journal %s: %s", path,
		    strerror(errno));
		free(path);
		return (-1);
	}
	if (flock(ms->jfd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK) {
			xasprintf(cause, "the state file %s is in use by "
			    "another stash-metrc-sim (it holds %s): stop that "
			    "one, or give this one its own -s", ms->statefile,
			    path);
		} else {
			xasprintf(cause, "cannot lock the journal %s: %s",
			    path, strerror(errno));
		}
		close(ms->jfd);
		ms->jfd = -1;
		free(path);
		return (-1);
	}
	free(path);
	return (0);
}

/*
 * Read STATEFILE.journal (locked by metrc_sim_state_lock) and, if replay
 * is set, apply each line the state
 * file does not hold yet, in order. A last line without its newline is the
 * tail of an append a crash cut short: it was never answered, and is
 * dropped.
 */
int
metrc_sim_state_journal(struct metrc_sim *ms, int replay, char **cause)
{
	struct buf	 b;
	json_t		*rec;
	json_int_t	 n;
	char		*path, tmp[8192], *line, *nl, *err = NULL;
	size_t		 off, lineno = 0;
	ssize_t		 got;

	xasprintf(&path, "%s.journal", ms->statefile);
	if (ms->jfd == -1 && metrc_sim_state_lock(ms, cause) != 0) {
		free(path);
		return (-1);
	}
	ms->jsize = 0;
	ms->jseq = metrc_sim_json_int(ms->state, "journal_seq");
	if (!replay) {
		free(path);
		return (0);
	}
	buf_init(&b);
	while ((got = read(ms->jfd, tmp, sizeof tmp)) != 0) {
		if (got == -1) {
			if (errno == EINTR)
				continue;
			xasprintf(cause, "cannot read the journal %s: %s",
			    path, strerror(errno));
			goto fail;
		}
		buf_add(&b, tmp, (size_t)got);
	}
	buf_addc(&b, '\0');
	line = (char *)b.data;
	for (off = 0; off + 1 < b.len; off += nl - line + 1, line = nl + 1) {
		lineno++;
		if ((nl = strchr(line, '\n')) == NULL) {
			log_warnx("journal %s: line %zu was cut short by a "
			    "crash before it was answered: dropped", path,
			    lineno);
			break;
		}
		*nl = '\0';
		rec = json_loads(line, 0, NULL);
		n = metrc_sim_json_int(rec, "n");
		if (rec == NULL || n < 1) {
			xasprintf(cause, "the journal %s is damaged at line "
			    "%zu; move it away to start from %s alone (the "
			    "changes in the journal are then lost)", path,
			    lineno, ms->statefile);
			json_decref(rec);
			goto fail;
		}
		if (n > ms->jseq) {
			if (metrc_sim_replay(ms, rec, &err) != 0) {
				log_warnx("journal %s line %zu: %s", path,
				    lineno, err);
				free(err);
				err = NULL;
			}
			ms->jseq = n;
		}
		json_decref(rec);
	}
	buf_free(&b);
	free(path);
	return (0);

fail:
	buf_free(&b);
	free(path);
	return (-1);
}

/*
 * Record a change (the request that made it and its clock) durably, before
 * it is answered; compact when the journal outgrows the state file.
 */
int
metrc_sim_state_record(struct metrc_sim *ms, const char *method,
    const char *uri, const char *body, size_t len, char **cause)
{
	json_t	*e;
	char	*line;
	size_t	 n, off;
	ssize_t	 w;

	if (ms->jfd == -1)
		return (metrc_sim_state_save(ms, cause));
	e = json_pack("{s:I,s:I,s:s,s:s,s:s%}", "n", ms->jseq + 1, "t",
	    (json_int_t)ms->now, "m", method, "u", uri, "b", body, len);
	if (e == NULL) {
		xasprintf(cause, "cannot journal %s %s: its body is not "
		    "UTF-8 (the change is kept in memory only)", method, uri);
		return (-1);
	}
	line = json_dumps(e, JSON_COMPACT);
	json_decref(e);
	if (line == NULL)
		fatalx("out of memory writing the journal");
	n = strlen(line);
	line[n++] = '\n';	/* over the NUL: the length is n */
	for (off = 0; off < n; off += (size_t)w) {
		if ((w = write(ms->jfd, line + off, n - off)) == -1) {
			if (errno == EINTR) {
				w = 0;
				continue;
			}
			goto fail;
		}
	}
	if (fdatasync(ms->jfd) != 0)
		goto fail;
	free(line);
	ms->jseq++;
	ms->jsize += n;
	if (ms->jsize > METRC_SIM_JOURNAL_MIN && ms->jsize > ms->state_size &&
	    metrc_sim_state_compact(ms, cause) != 0) {
		/* The change is in the journal: answer it all the same. */
		log_warnx("%s", *cause);
		free(*cause);
		*cause = NULL;
	}
	return (0);

fail:
	xasprintf(cause, "cannot write the journal %s.journal: %s (the change "
	    "is kept in memory only)", ms->statefile, strerror(errno));
	if (ftruncate(ms->jfd, (off_t)ms->jsize) != 0)
		log_warn("journal %s.journal", ms->statefile);
	free(line);
	return (-1);
}

json_int_t
metrc_sim_state_id(struct metrc_sim *ms)
{
	return (metrc_sim_state_next(ms->state));
}

json_t *
metrc_sim_state_list(struct metrc_sim *ms, const char *list)
{
	return (json_object_get(ms->state, list));
}

json_t *
metrc_sim_state_facility(struct metrc_sim *ms, const char *license)
{
	return (metrc_sim_state_find(ms, "facilities", "License", license));
}

json_t *
metrc_sim_state_find(struct metrc_sim *ms, const char *list, const char *key,
    const char *value)
{
	json_t		*o, *a = metrc_sim_state_list(ms, list);
	const char	*v;
	size_t		 i;

	json_array_foreach(a, i, o) {
		v = metrc_sim_json_str(o, key);
		if (v != NULL && strcmp(v, value) == 0)
			return (o);
	}
	return (NULL);
}

json_t *
metrc_sim_state_find_id(struct metrc_sim *ms, const char *list, json_int_t id)
{
	json_t	*o, *a = metrc_sim_state_list(ms, list);
	size_t	 i;

	json_array_foreach(a, i, o) {
		if (metrc_sim_json_int(o, "Id") == id)
			return (o);
	}
	return (NULL);
}
