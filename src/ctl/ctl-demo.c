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
#include "auth.h"

/*
 * A demo store ready to sell, in one transaction: the store (unless the
 * ledger is already initialised), staff with known PINs, a catalogue, stock
 * and a terminal waiting for enrolment.
 *
 * Everything but the enrolment code is deterministic so that tests and
 * training material can name it. Package tags are
 *
 *	1A40603000000000000 PP NNN
 *
 * 19 fixed characters, PP the product's number in the table below (01..20)
 * and NNN the package's number for that product (001..): so
 * 1A4060300000000000001001 is the first package of Blue Dream 3.5g and
 * 1A4060300000000000002001 the first of bulk Gorilla Glue, as in
 * doc/protocol.md. Quantities are units for products sold each and
 * milligrams for products sold by weight (453592 mg is 1 lb).
 */

#define CTL_DEMO_TAG_PREFIX	"1A40603000000000000"
#define CTL_DEMO_TERMINAL	"register-1"
#define CTL_DEMO_TTL		(24 * 3600)

#define CTL_DEMO_SUPPLIER	"403R-00117"	/* a cultivator's licence */
#define CTL_DEMO_LAB		"405-00008"	/* a testing lab's licence */

static const struct ctl_demo_staff {
	const char	*name;
	int		 role;
	const char	*pin;
} ctl_demo_staff[] = {
	{ "Avery", ROLE_ADMIN, "1000" },	/* only when demo initialises */
	{ "Morgan", ROLE_MANAGER, "2000" },
	{ "Dana", ROLE_BUDTENDER, "3000" },
	{ "Riley", ROLE_AUDITOR, "4000" },
	{ "Sam", ROLE_RECEIVER, "5000" },
	{ "Jo", ROLE_DRIVER, "6000" },
};
#define CTL_DEMO_NSTAFF (sizeof ctl_demo_staff / sizeof ctl_demo_staff[0])

/*
 * Prices in cents (per unit, or per gram by weight); THC per mille. The
 * measures purchase limits count are per unit (per gram when sold by
 * weight): net weight in mg, the part of it that is concentrate (vapes,
 * concentrates, the coating of an infused pre-roll), THC in mg where the
 * label states it (edibles), volume in ml.
 */
static const struct ctl_demo_product {
	const char	*sku;
	const char	*name;
	const char	*category;
	int		 unit_weight;
	int64_t		 price;
	int		 thc;
	int64_t		 net_mg;
	int64_t		 conc_mg;
	int64_t		 thc_mg;	/* 0: net weight x THC */
	int64_t		 volume_ml;
	const char	*route;
} ctl_demo_products[] = {
	{ "FL-BD-1", "Blue Dream 3.5g", "flower", 0, 3500, 220, 3500, 0, 0, 0,
	  "smokable" },
	{ "FL-GG4-BULK", "Gorilla Glue #4 (bulk)", "flower", 1, 1000, 250,
	  1000, 0, 0, 0, "smokable" },
	{ "FL-OGK-35", "OG Kush 3.5g", "flower", 0, 4000, 240, 3500, 0, 0, 0,
	  "smokable" },
	{ "FL-SD-7", "Sour Diesel 7g", "flower", 0, 6500, 210, 7000, 0, 0, 0,
	  "smokable" },
	{ "FL-GSC-BULK", "Girl Scout Cookies (bulk)", "flower", 1, 1200, 260,
	  1000, 0, 0, 0, "smokable" },
	{ "FL-NL-BULK", "Northern Lights (bulk)", "flower", 1, 800, 180, 1000,
	  0, 0, 0, "smokable" },
	{ "FL-WW-1", "White Widow 1g", "flower", 0, 1200, 200, 1000, 0, 0, 0,
	  "smokable" },
	{ "PR-JH-1", "Jack Herer pre-roll 1g", "pre-roll", 0, 1000, 190, 1000,
	  0, 0, 0, "smokable" },
	{ "PR-PE-5PK", "Pineapple Express pre-rolls 5x0.5g", "pre-roll", 0,
	  3000, 200, 2500, 0, 0, 0, "smokable" },
	{ "PR-INF-1", "Infused pre-roll 1g", "pre-roll", 0, 1800, 350, 1000,
	  200, 0, 0, "smokable" },
	{ "VP-BD-05", "Blue Dream cartridge 0.5g", "vape", 0, 3000, 850, 500,
	  500, 0, 0, "inhalation" },
	{ "VP-GDP-1", "Granddaddy Purple cartridge 1g", "vape", 0, 5000, 880,
	  1000, 1000, 0, 0, "inhalation" },
	{ "VP-DSP-03", "Disposable vape 0.3g", "vape", 0, 2500, 820, 300, 300,
	  0, 0, "inhalation" },
	{ "CN-SHT-1", "Shatter 1g", "concentrate", 0, 3500, 780, 1000, 1000,
	  0, 0, "inhalation" },
	{ "CN-LR-1", "Live resin 1g", "concentrate", 0, 4500, 740, 1000, 1000,
	  0, 0, "inhalation" },
	{ "CN-RSN-05", "Rosin 0.5g", "concentrate", 0, 4000, 700, 500, 500, 0,
	  0, "inhalation" },
	{ "ED-GUM-100", "Fruit gummies 10x10mg", "edible", 0, 2000, 3, 40000,
	  0, 100, 0, "edible" },
	{ "ED-CHO-100", "Dark chocolate bar 100mg", "edible", 0, 2200, 2,
	  50000, 0, 100, 0, "edible" },
	{ "ED-MNT-100", "Mints 20x5mg", "edible", 0, 1800, 5, 20000, 0, 100,
	  0, "edible" },
	{ "ED-TNC-300", "Tincture 30ml 300mg", "tincture", 0, 4500, 10, 30000,
	  0, 300, 30, "sublingual" },
};
#define CTL_DEMO_NPRODUCTS \
	(sizeof ctl_demo_products / sizeof ctl_demo_products[0])

static const struct ctl_demo_package {
	u_int		 product;	/* 1-based, into ctl_demo_products */
	u_int		 seq;
	const char	*batch;
	int64_t		 qty;		/* units, or mg */
} ctl_demo_packages[] = {
	{ 1, 1, "BD-2410-01", 24 },
	{ 1, 2, "BD-2411-02", 40 },
	{ 1, 3, "BD-2411-03", 2 },
	{ 2, 1, "GG4-2410-07", 453592 },	/* 1 lb */
	{ 2, 2, "GG4-2411-02", 28350 },		/* 1 oz */
	{ 3, 1, "OGK-2411-01", 30 },
	{ 3, 2, "OGK-2411-02", 18 },
	{ 4, 1, "SD-2411-04", 12 },
	{ 5, 1, "GSC-2410-03", 453592 },
	{ 5, 2, "GSC-2411-01", 226796 },	/* 1/2 lb */
	{ 6, 1, "NL-2411-05", 113398 },		/* 1/4 lb */
	{ 7, 1, "WW-2411-01", 60 },
	{ 8, 1, "JH-2411-01", 100 },
	{ 8, 2, "JH-2411-02", 50 },
	{ 9, 1, "PE-2411-01", 36 },
	{ 10, 1, "INF-2411-01", 48 },
	{ 11, 1, "VBD-2410-09", 40 },
	{ 11, 2, "VBD-2411-01", 25 },
	{ 12, 1, "VGDP-2411-01", 20 },
	{ 12, 2, "VGDP-2411-02", 20 },
	{ 13, 1, "VDSP-2411-02", 60 },
	{ 14, 1, "SHT-2411-01", 30 },
	{ 14, 2, "SHT-2411-02", 15 },
	{ 15, 1, "LR-2411-01", 20 },
	{ 16, 1, "RSN-2411-01", 12 },
	{ 17, 1, "GUM-2410-11", 80 },
	{ 17, 2, "GUM-2411-03", 120 },
	{ 18, 1, "CHO-2411-01", 45 },
	{ 19, 1, "MNT-2411-01", 60 },
	{ 20, 1, "TNC-2411-01", 24 },
};
#define CTL_DEMO_NPACKAGES \
	(sizeof ctl_demo_packages / sizeof ctl_demo_packages[0])

struct ctl_demo {
	char			 hash[CTL_DEMO_NSTAFF][128];
	int			 initialised;	/* by the demo */
	struct store_info	 info;
	uint32_t		 staff_id[CTL_DEMO_NSTAFF];
	int			 staff_made[CTL_DEMO_NSTAFF];
	char			 code[AUTH_CODE_LEN + 1];
	int64_t			 expires;
};

static void
ctl_demo_tag(const struct ctl_demo_package *dp, char *out, size_t len)
{
	xsnprintf(out, len, "%s%02u%03u", CTL_DEMO_TAG_PREFIX, dp->product,
	    dp->seq);
	if (!util_tag_valid(out))
		fatalx("demo tag %s is not a valid tag", out);
}

static int
ctl_demo_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_demo			*d = arg;
	const struct ctl_demo_product	*dp;
	const struct ctl_demo_package	*dk;
	struct product			 p;
	struct package			 pk;
	struct terminal			 tm;
	struct store_info		*si = &d->info;
	char				 tag[TAG_LEN + 1], subj[32];
	uint32_t			 first;
	u_int				 i;
	int				 r;

	d->initialised = 0;
	memset(d->staff_made, 0, sizeof d->staff_made);

	/* Refuse, before writing anything, what would clash. */
	for (i = 0; i < CTL_DEMO_NPRODUCTS; i++) {
		r = store_product_by_sku(t, ctl_demo_products[i].sku, &p);
		if (r == 0) {
			xasprintf(cause, "this ledger already has a demo "
			    "catalogue (SKU %s exists); nothing was changed",
			    ctl_demo_products[i].sku);
			return (-1);
		}
		if (r != STORE_NOTFOUND)
			return (-1);
	}
	for (i = 0; i < CTL_DEMO_NPACKAGES; i++) {
		ctl_demo_tag(&ctl_demo_packages[i], tag, sizeof tag);
		r = store_package_get(t, tag, &pk);
		if (r == 0) {
			xasprintf(cause, "package %s of the demo already "
			    "exists; nothing was changed", tag);
			return (-1);
		}
		if (r != STORE_NOTFOUND)
			return (-1);
	}
	r = store_terminal_get(t, CTL_DEMO_TERMINAL, &tm);
	if (r == 0) {
		xasprintf(cause, "terminal %s already exists; nothing was "
		    "changed (stashctl terminal add %s --reenrol gives it a "
		    "new code)", CTL_DEMO_TERMINAL, CTL_DEMO_TERMINAL);
		return (-1);
	}
	if (r != STORE_NOTFOUND)
		return (-1);

	/* The store and Avery, unless the store exists. */
	r = store_meta_get_info(t, si);
	if (r == STORE_NOTFOUND) {
		memset(si, 0, sizeof *si);
		strlcpy(si->name, "Stash Demo Dispensary", sizeof si->name);
		strlcpy(si->licence, "402R-00042", sizeof si->licence);
		strlcpy(si->state, "CO", sizeof si->state);
		strlcpy(si->tz, "America/Denver", sizeof si->tz);
		si->created = util_now();
		if (ctl_init_store(t, si, ctl_demo_staff[0].name,
		    d->hash[0], &d->staff_id[0], cause) != 0)
			return (-1);
		d->staff_made[0] = 1;
		d->initialised = 1;
	} else if (r != 0)
		return (-1);
	for (i = 1; i < CTL_DEMO_NSTAFF; i++) {
		if (ctl_staff_create(t, ctl_demo_staff[i].name,
		    ctl_demo_staff[i].role, d->hash[i], &d->staff_id[i],
		    cause) != 0)
			return (-1);
		d->staff_made[i] = 1;
	}

	first = store_product_next_id(t);
	for (i = 0; i < CTL_DEMO_NPRODUCTS && t->ret == 0; i++) {
		dp = &ctl_demo_products[i];
		memset(&p, 0, sizeof p);
		p.id = first + i;
		strlcpy(p.sku, dp->sku, sizeof p.sku);
		strlcpy(p.name, dp->name, sizeof p.name);
		strlcpy(p.category, dp->category, sizeof p.category);
		p.unit_weight = dp->unit_weight;
		p.price = dp->price;
		p.thc = dp->thc;
		p.created = util_now();
		p.measured = 1;
		p.net_ug = dp->net_mg * 1000;
		p.conc_ug = dp->conc_mg * 1000;
		if (strcmp(dp->category, "flower") == 0 ||
		    strcmp(dp->category, "pre-roll") == 0)
			p.flower_ug = p.net_ug - p.conc_ug;
		p.thc_ug = dp->thc_mg != 0 ? dp->thc_mg * 1000 :
		    p.net_ug * dp->thc / 1000;
		p.volume_ul = dp->volume_ml * 1000;
		strlcpy(p.route, dp->route, sizeof p.route);
		store_product_put(t, &p, NULL);
		snprintf(subj, sizeof subj, "product %u", p.id);
		audit_append(t, 0, 0, CTL_AUDIT_WHO, "product.add", subj,
		    "sku=%s source=demo", p.sku);
	}
	for (i = 0; i < CTL_DEMO_NPACKAGES && t->ret == 0; i++) {
		dk = &ctl_demo_packages[i];
		memset(&pk, 0, sizeof pk);
		ctl_demo_tag(dk, pk.tag, sizeof pk.tag);
		pk.product = first + dk->product - 1;
		strlcpy(pk.batch, dk->batch, sizeof pk.batch);
		pk.qty = pk.received_qty = dk->qty;
		pk.status = PACKAGE_ACTIVE;
		pk.received = util_now();
		/* From the demo's one cultivator, tested by its one lab. */
		strlcpy(pk.supplier, CTL_DEMO_SUPPLIER, sizeof pk.supplier);
		strlcpy(pk.location, "floor", sizeof pk.location);
		pk.harvested = 20261001;
		pk.packaged = 20261015;
		pk.lab.status = LAB_PASS;
		pk.lab.thc = ctl_demo_products[dk->product - 1].thc;
		strlcpy(pk.lab.lab, CTL_DEMO_LAB, sizeof pk.lab.lab);
		pk.lab.tested = 20261010;
		pk.lab.expires = 20271010;
		store_package_put(t, &pk, NULL);
		audit_append(t, 0, 0, CTL_AUDIT_WHO, "package.add", pk.tag,
		    "sku=%s batch=%s qty=%lld source=demo",
		    ctl_demo_products[dk->product - 1].sku, pk.batch,
		    (long long)pk.qty);
	}
	if (t->ret != 0)
		return (-1);

	if (ctl_terminal_issue(t, CTL_DEMO_TERMINAL, CTL_DEMO_TTL, 0,
	    d->code, sizeof d->code, &d->expires, cause) != 0)
		return (-1);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, "store.demo", "store",
	    "products=%zu packages=%zu staff=%u", CTL_DEMO_NPRODUCTS,
	    CTL_DEMO_NPACKAGES, (u_int)(CTL_DEMO_NSTAFF - !d->initialised));
	return (t->ret != 0 ? -1 : 0);
}

static void
ctl_demo_qty(const struct ctl_demo_package *dk, char *out, size_t len)
{
	if (ctl_demo_products[dk->product - 1].unit_weight)
		weight_fmt(dk->qty, out, len);
	else
		snprintf(out, len, "%lld", (long long)dk->qty);
}

static void
ctl_demo_print_json(struct ctl_demo *d)
{
	const struct ctl_demo_product	*dp;
	const struct ctl_demo_package	*dk;
	json_t				*staff, *products, *packages;
	char				 tag[TAG_LEN + 1];
	u_int				 i;

	staff = json_array();
	for (i = 0; i < CTL_DEMO_NSTAFF; i++) {
		if (!d->staff_made[i])
			continue;
		json_array_append_new(staff, json_pack("{s:i,s:s,s:s,s:s}",
		    "id", (int)d->staff_id[i], "name", ctl_demo_staff[i].name,
		    "role", perm_role_name(ctl_demo_staff[i].role),
		    "pin", ctl_demo_staff[i].pin));
	}
	products = json_array();
	for (i = 0; i < CTL_DEMO_NPRODUCTS; i++) {
		dp = &ctl_demo_products[i];
		json_array_append_new(products, json_pack("{s:s,s:s,s:s,s:s,"
		    "s:I,s:i}", "sku", dp->sku, "name", dp->name,
		    "category", dp->category,
		    "unit", store_product_unit_name(dp->unit_weight),
		    "price", (json_int_t)dp->price, "thc", dp->thc));
	}
	packages = json_array();
	for (i = 0; i < CTL_DEMO_NPACKAGES; i++) {
		dk = &ctl_demo_packages[i];
		dp = &ctl_demo_products[dk->product - 1];
		ctl_demo_tag(dk, tag, sizeof tag);
		json_array_append_new(packages, json_pack("{s:s,s:s,s:s,s:I,"
		    "s:s,s:s}", "tag", tag, "sku", dp->sku, "batch", dk->batch,
		    "qty", (json_int_t)dk->qty,
		    "unit", store_product_unit_name(dp->unit_weight),
		    "status", "active"));
	}
	stashctl_json_print(json_pack("{s:{s:o,s:o,s:o,s:o,s:b},s:o,s:o,s:o,"
	    "s:{s:s,s:s,s:I}}",
	    "store", "name", stashctl_json_str(d->info.name),
	    "licence", stashctl_json_str(d->info.licence),
	    "state", stashctl_json_str(d->info.state),
	    "tz", stashctl_json_str(d->info.tz),
	    "initialised", d->initialised,
	    "staff", staff, "products", products, "packages", packages,
	    "terminal", "name", CTL_DEMO_TERMINAL, "code", d->code,
	    "expires", (json_int_t)d->expires));
}

static void
ctl_demo_print(struct ctl *ctl, struct ctl_demo *d)
{
	const struct ctl_demo_package	*dk;
	const struct ctl_demo_product	*dp;
	char				 tag[TAG_LEN + 1], qty[32], c[96];
	char				 when[32], price[32];
	u_int				 i;

	printf("%s (licence %s, %s, %s) in %s%s\n\n",
	    stashctl_clean(d->info.name, c, sizeof c), d->info.licence,
	    d->info.state, d->info.tz, ctl->datadir,
	    d->initialised ? "" : " (store already initialised: kept)");

	printf("Staff (log in with ID and PIN):\n");
	printf("  %4s  %-8s %-10s %s\n", "ID", "NAME", "ROLE", "PIN");
	for (i = 0; i < CTL_DEMO_NSTAFF; i++) {
		if (!d->staff_made[i])
			continue;
		printf("  %4u  %-8s %-10s %s\n", d->staff_id[i],
		    ctl_demo_staff[i].name,
		    perm_role_name(ctl_demo_staff[i].role),
		    ctl_demo_staff[i].pin);
	}

	printf("\nProducts (price per unit, or per gram by weight):\n");
	for (i = 0; i < CTL_DEMO_NPRODUCTS; i++) {
		dp = &ctl_demo_products[i];
		printf("  %-12s %-36s %-12s %-6s %8s  THC %d.%d%%\n", dp->sku,
		    dp->name, dp->category,
		    store_product_unit_name(dp->unit_weight),
		    money_fmt(dp->price, price, sizeof price),
		    dp->thc / 10, dp->thc % 10);
	}

	printf("\nPackages (all active):\n");
	printf("  %-24s  %-12s %-13s %s\n", "TAG", "SKU", "BATCH", "ON HAND");
	for (i = 0; i < CTL_DEMO_NPACKAGES; i++) {
		dk = &ctl_demo_packages[i];
		ctl_demo_tag(dk, tag, sizeof tag);
		ctl_demo_qty(dk, qty, sizeof qty);
		printf("  %-24s  %-12s %-13s %s\n", tag,
		    ctl_demo_products[dk->product - 1].sku, dk->batch, qty);
	}

	printf("\nTerminal %s is waiting for enrolment. Its one-time code, "
	    "valid until %s (%s):\n", CTL_DEMO_TERMINAL,
	    stashctl_time(ctl, d->expires, when, sizeof when), d->info.tz);
	printf("  %s\n", d->code);
}

int
ctl_demo(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct ctl_demo	*d;
	u_int		 i;
	int		 r;

	if (stashctl_open(ctl, CTL_CREATE) != 0)
		return (-1);
	d = xcalloc(1, sizeof *d);
	/* The slow hashing happens before the transaction. */
	for (i = 0; i < CTL_DEMO_NSTAFF; i++) {
		if (auth_pin_hash(ctl_demo_staff[i].pin, d->hash[i],
		    sizeof d->hash[i]) != 0) {
			stashctl_error("cannot hash the demo PINs: out of "
			    "memory");
			free(d);
			return (-1);
		}
	}
	r = stashctl_write(ctl, ctl_demo_cb, d);
	if (r == 0) {
		/* Times in the store's zone from now on. */
		ctl->info = d->info;
		ctl->have_info = 1;
		if (ctl->json)
			ctl_demo_print_json(d);
		else
			ctl_demo_print(ctl, d);
	}
	explicit_bzero(d, sizeof *d);
	free(d);
	return (r);
}
