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
#include <time.h>

#include "ccrs.h"
#include "outbox.h"

/*
 * CCRS files and answers (ccrs.h), as pure functions of C values.
 *
 * The LCB's parser does not read quoted fields, so a value never carries
 * a quote, a comma or a line end: ccrs_clean drops quotes and commas and
 * turns tabs and line ends into spaces, then cuts the value to the
 * field's limit. Rows end in CRLF. The preamble rows are padded with
 * empty cells to the header's width.
 */

static const char *ccrs_files[CCRS_NFILES] = {
	[CCRS_STRAIN] = "Strain",
	[CCRS_AREA] = "Area",
	[CCRS_PRODUCT] = "Product",
	[CCRS_INVENTORY] = "Inventory",
	[CCRS_TRANSFER] = "InventoryTransfer",
	[CCRS_ADJUST] = "InventoryAdjustment",
	[CCRS_SALE] = "Sale",
};

#define CCRS_STAMP_COLS "CreatedBy,CreatedDate,UpdatedBy,UpdatedDate,Operation"
static const char *ccrs_headers[CCRS_NFILES] = {
	[CCRS_STRAIN] = "LicenseNumber,Strain,StrainType,CreatedBy,"
	    "CreatedDate",
	[CCRS_AREA] = "LicenseNumber,Area,IsQuarantine,ExternalIdentifier,"
	    CCRS_STAMP_COLS,
	[CCRS_PRODUCT] = "LicenseNumber,InventoryCategory,InventoryType,Name,"
	    "Description,UnitWeightGrams,ExternalIdentifier," CCRS_STAMP_COLS,
	[CCRS_INVENTORY] = "LicenseNumber,Strain,Area,Product,InitialQuantity,"
	    "QuantityOnHand,TotalCost,IsMedical,ExternalIdentifier,"
	    CCRS_STAMP_COLS,
	[CCRS_TRANSFER] = "FromLicenseNumber,ToLicenseNumber,"
	    "FromInventoryExternalIdentifier,ToInventoryExternalIdentifier,"
	    "Quantity,TransferDate,ExternalIdentifier," CCRS_STAMP_COLS,
	[CCRS_ADJUST] = "LicenseNumber,InventoryExternalIdentifier,"
	    "AdjustmentReason,AdjustmentDetail,Quantity,AdjustmentDate,"
	    "ExternalIdentifier," CCRS_STAMP_COLS,
	[CCRS_SALE] = "LicenseNumber,SoldToLicenseNumber,"
	    "InventoryExternalIdentifier,PlantExternalIdentifier,SaleType,"
	    "SaleDate,Quantity,UnitPrice,Discount,SalesTax,OtherTax,"
	    "SaleExternalIdentifier,SaleDetailExternalIdentifier,"
	    CCRS_STAMP_COLS,
};

/*
 * A column only one file's header has, to tell an error file's kind
 * (the state reorders some of its columns), and the column keying a row.
 */
static const struct {
	const char	*marker;
	const char	*key;
} ccrs_keys[CCRS_NFILES] = {
	[CCRS_STRAIN] = { "StrainType", "Strain" },
	[CCRS_AREA] = { "IsQuarantine", "ExternalIdentifier" },
	[CCRS_PRODUCT] = { "InventoryCategory", "ExternalIdentifier" },
	[CCRS_INVENTORY] = { "InitialQuantity", "ExternalIdentifier" },
	[CCRS_TRANSFER] = { "FromLicenseNumber", "ExternalIdentifier" },
	[CCRS_ADJUST] = { "AdjustmentReason", "ExternalIdentifier" },
	[CCRS_SALE] = { "SaleDetailExternalIdentifier",
	    "SaleDetailExternalIdentifier" },
};

static const char *ccrs_ops[] = {
	[CCRS_INSERT] = "Insert",
	[CCRS_UPDATE] = "Update",
	[CCRS_DELETE] = "Delete",
};

const char *
ccrs_file_name(int f)
{
	if (f < 0 || f >= CCRS_NFILES)
		return ("?");
	return (ccrs_files[f]);
}

const char *
ccrs_header(int f)
{
	if (f < 0 || f >= CCRS_NFILES)
		return ("");
	return (ccrs_headers[f]);
}

const char *
ccrs_op_name(int op)
{
	if (op < CCRS_INSERT || op > CCRS_DELETE)
		return ("?");
	return (ccrs_ops[op]);
}

/* A file kind by its name (Sale, InventoryAdjustment ...), or -1. */
int
ccrs_file_find(const char *name)
{
	int	f;

	for (f = 0; f < CCRS_NFILES; f++) {
		if (strcmp(ccrs_files[f], name) == 0)
			return (f);
	}
	return (-1);
}

/* A value as the LCB's parser takes it, at most max bytes. */
void
ccrs_clean(struct buf *b, const char *s, size_t max)
{
	size_t	n = 0;

	if (s == NULL)
		return;
	for (; *s != '\0' && n < max; s++) {
		if (*s == '"' || *s == ',')
			continue;
		if (*s == '\t' || *s == '\r' || *s == '\n')
			buf_addc(b, ' ');
		else
			buf_addc(b, (u_char)*s);
		n++;
	}
}

/* YYYYMMDD as MM/DD/YYYY; 0 as an empty cell. */
void
ccrs_date(struct buf *b, int d)
{
	if (d == 0)
		return;
	buf_printf(b, "%02d/%02d/%04d", (d / 100) % 100, d % 100,
	    (d / 10000) % 10000);
}

/* Cents as decimal dollars (the LCB takes no cents). */
void
ccrs_money(struct buf *b, int64_t c)
{
	if (c < 0) {
		buf_addc(b, '-');
		c = -c;
	}
	buf_printf(b, "%lld.%02lld", (long long)(c / 100),
	    (long long)(c % 100));
}

/* Units as they are; mg as grams, with no trailing zeros. */
void
ccrs_qty(struct buf *b, int64_t q, int weight)
{
	char	frac[8];
	int	n;

	if (!weight || q % 1000 == 0) {
		buf_printf(b, "%lld", (long long)(weight ? q / 1000 : q));
		return;
	}
	n = snprintf(frac, sizeof frac, "%03lld", (long long)(q % 1000));
	while (n > 0 && frac[n - 1] == '0')
		frac[--n] = '\0';
	buf_printf(b, "%lld.%s", (long long)(q / 1000), frac);
}

/*
 * The excise the LCB checks a retail line against: 37% of its price less
 * its discount, rounded half up to the cent.
 */
int64_t
ccrs_excise(int64_t net)
{
	if (net <= 0)
		return (0);
	return ((net * CCRS_EXCISE_PM + 500) / 1000);
}

/*
 * The Sunday by which an event of day d (YYYYMMDD) is due: reporting
 * weeks run Sunday to Saturday, due the Sunday after.
 */
int
ccrs_week_due(int d)
{
	struct tm	tm;
	time_t		secs;
	int64_t		z;

	z = util_days(d / 10000, (d / 100) % 100, d % 100);
	z += 7 - (z % 7 + 11) % 7;	/* 1970-01-01 was a Thursday */
	secs = (time_t)(z * 86400);
	gmtime_r(&secs, &tm);
	return ((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday);
}

/* The number of cells of file f's header. */
static u_int
ccrs_width(int f)
{
	const char	*p;
	u_int		 n = 1;

	for (p = ccrs_header(f); *p != '\0'; p++) {
		if (*p == ',')
			n++;
	}
	return (n);
}

static void
ccrs_pad(struct buf *b, u_int used, u_int width)
{
	for (; used < width; used++)
		buf_addc(b, ',');
	buf_addstr(b, "\r\n");
}

/* The three preamble rows and the header of a file of n rows. */
void
ccrs_preamble(struct buf *b, int f, const char *by, int date, u_int n)
{
	u_int	w = ccrs_width(f);

	buf_addstr(b, "SubmittedBy,");
	ccrs_clean(b, by, CCRS_BY_MAX);
	ccrs_pad(b, 2, w);
	buf_addstr(b, "SubmittedDate,");
	ccrs_date(b, date);
	ccrs_pad(b, 2, w);
	buf_printf(b, "NumberRecords,%u", n);
	ccrs_pad(b, 2, w);
	buf_addstr(b, ccrs_header(f));
	buf_addstr(b, "\r\n");
}

static void
ccrs_cell(struct buf *b, const char *s, size_t max)
{
	ccrs_clean(b, s, max);
	buf_addc(b, ',');
}

/* The row's ExternalIdentifier, then who, when and what, and CRLF. */
static void
ccrs_stamp(struct buf *b, const char *id, const struct ccrs_stamp *st)
{
	if (id != NULL)
		ccrs_cell(b, id, CCRS_ID_MAX);
	ccrs_cell(b, st->by, CCRS_BY_MAX);
	ccrs_date(b, st->created);
	buf_addc(b, ',');
	if (st->op != CCRS_INSERT) {
		ccrs_clean(b, st->by, CCRS_BY_MAX);
		buf_addc(b, ',');
		ccrs_date(b, st->updated != 0 ? st->updated : st->created);
	} else
		buf_addc(b, ',');
	buf_addc(b, ',');
	buf_addstr(b, ccrs_op_name(st->op));
	buf_addstr(b, "\r\n");
}

static void
ccrs_bool(struct buf *b, int v)
{
	buf_addstr(b, v ? "TRUE," : "FALSE,");
}

void
ccrs_row_strain(struct buf *b, const char *lic, const char *strain,
    const char *type, const struct ccrs_stamp *st)
{
	ccrs_cell(b, lic, 6);
	ccrs_cell(b, strain, CCRS_STRAIN_MAX);
	ccrs_cell(b, type, CCRS_STRAIN_MAX);
	ccrs_cell(b, st->by, CCRS_BY_MAX);
	ccrs_date(b, st->created);
	buf_addstr(b, "\r\n");
}

void
ccrs_row_area(struct buf *b, const char *lic, const char *name,
    int quarantine, const char *id, const struct ccrs_stamp *st)
{
	ccrs_cell(b, lic, 6);
	ccrs_cell(b, name, CCRS_TEXT_MAX);
	ccrs_bool(b, quarantine);
	ccrs_stamp(b, id, st);
}

/* A retail product: always an EndProduct; unit weight in grams. */
void
ccrs_row_product(struct buf *b, const char *lic, const char *type,
    const char *name, const char *desc, int64_t unit_mg, const char *id,
    const struct ccrs_stamp *st)
{
	ccrs_cell(b, lic, 6);
	ccrs_cell(b, "EndProduct", CCRS_TEXT_MAX);
	ccrs_cell(b, type, CCRS_TEXT_MAX);
	ccrs_cell(b, name, CCRS_TEXT_MAX);
	ccrs_cell(b, desc, CCRS_MSG_MAX);
	ccrs_qty(b, unit_mg, 1);
	buf_addc(b, ',');
	ccrs_stamp(b, id, st);
}

/*
 * A package. CCRS takes no increase of QuantityOnHand over
 * InitialQuantity, so on hand is cut to it. TotalCost must not be 0: a
 * package with no cost known is filed at one cent.
 */
void
ccrs_row_inventory(struct buf *b, const char *lic, const char *strain,
    const char *area, const char *product, int64_t initial, int64_t onhand,
    int weight, int64_t cost, const char *id, const struct ccrs_stamp *st)
{
	ccrs_cell(b, lic, 6);
	ccrs_cell(b, strain, CCRS_STRAIN_MAX);
	ccrs_cell(b, area, CCRS_TEXT_MAX);
	ccrs_cell(b, product, CCRS_TEXT_MAX);
	ccrs_qty(b, initial < 0 ? 0 : initial, weight);
	buf_addc(b, ',');
	if (onhand > initial)
		onhand = initial;
	ccrs_qty(b, onhand < 0 ? 0 : onhand, weight);
	buf_addc(b, ',');
	ccrs_money(b, cost > 0 ? cost : 1);
	buf_addc(b, ',');
	ccrs_bool(b, 0);
	ccrs_stamp(b, id, st);
}

/*
 * A moved quantity (positive: CCRS takes no negative entries), its date
 * and the stamp, ending a transfer's or an adjustment's row.
 */
static void
ccrs_tail(struct buf *b, int64_t qty, int weight, int date, const char *id,
    const struct ccrs_stamp *st)
{
	ccrs_qty(b, qty < 0 ? -qty : qty, weight);
	buf_addc(b, ',');
	ccrs_date(b, date);
	buf_addc(b, ',');
	ccrs_stamp(b, id, st);
}

/* Goods received: from the supplier's lot to ours. */
void
ccrs_row_transfer(struct buf *b, const char *from, const char *to,
    const char *from_id, const char *to_id, int64_t qty, int weight,
    int date, const char *id, const struct ccrs_stamp *st)
{
	ccrs_cell(b, from, 6);
	ccrs_cell(b, to, 6);
	ccrs_cell(b, from_id, CCRS_ID_MAX);
	ccrs_cell(b, to_id, CCRS_ID_MAX);
	ccrs_tail(b, qty, weight, date, id, st);
}

/* A quantity taken off a package (CCRS takes no negative entries). */
void
ccrs_row_adjust(struct buf *b, const char *lic, const char *inventory,
    const char *reason, const char *detail, int64_t qty, int weight,
    int date, const char *id, const struct ccrs_stamp *st)
{
	ccrs_cell(b, lic, 6);
	ccrs_cell(b, inventory, CCRS_ID_MAX);
	ccrs_cell(b, reason, CCRS_TEXT_MAX);
	ccrs_cell(b, detail, CCRS_MSG_MAX);
	ccrs_tail(b, qty, weight, date, id, st);
}

/*
 * A ticket line. Retail: no SoldToLicenseNumber, no plant. The amounts
 * are the whole line's (whether CCRS wants one unit's when Quantity is
 * over 1 is not confirmed): UnitPrice before discounts and taxes, the
 * discount as a positive amount, the sales tax, and the excise as
 * OtherTax.
 */
void
ccrs_row_sale(struct buf *b, const char *lic, const struct ccrs_sale_row *r,
    const struct ccrs_stamp *st)
{
	ccrs_cell(b, lic, 6);
	buf_addc(b, ',');
	ccrs_cell(b, r->inventory, CCRS_ID_MAX);
	buf_addc(b, ',');
	ccrs_cell(b, r->medical ? "RecreationalMedical" :
	    "RecreationalRetail", CCRS_TEXT_MAX);
	ccrs_date(b, r->date);
	buf_addc(b, ',');
	ccrs_qty(b, r->qty, r->weight);
	buf_addc(b, ',');
	ccrs_money(b, r->price);
	buf_addc(b, ',');
	ccrs_money(b, r->discount < 0 ? 0 : r->discount);
	buf_addc(b, ',');
	ccrs_money(b, r->sales_tax < 0 ? 0 : r->sales_tax);
	buf_addc(b, ',');
	ccrs_money(b, r->excise < 0 ? 0 : r->excise);
	buf_addc(b, ',');
	ccrs_cell(b, r->sale, CCRS_ID_MAX);
	ccrs_stamp(b, r->detail, st);
}

/* A name in a table of pairs, or NULL. */
struct ccrs_pair {
	const char	*ours;
	const char	*theirs;
};
static const char *
ccrs_map(const struct ccrs_pair *map, size_t n, const char *ours)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(map[i].ours, ours) == 0)
			return (map[i].theirs);
	}
	return (NULL);
}

/* Our product category as a retail InventoryType (2023 list). */
const char *
ccrs_product_type(const char *category)
{
	static const struct ccrs_pair map[] = {
		{ "flower", "Usable Cannabis" },
		{ "preroll", "Usable Cannabis" },
		{ "concentrate", "Hydrocarbon Concentrate" },
		{ "vape", "CO2 Concentrate" },
		{ "edible", "Solid Edible" },
		{ "beverage", "Liquid Edible" },
		{ "tincture", "Tincture" },
		{ "topical", "Topical Ointment" },
		{ "capsule", "Capsule" },
	};

	return (ccrs_map(map, sizeof map / sizeof *map, category));
}

/* Our adjustment reason as CCRS's AdjustmentReason. */
const char *
ccrs_reason(const char *ours)
{
	static const struct ccrs_pair map[] = {
		{ "destruction", "Destruction" },
		{ "damage", "Destruction" },
		{ "expired", "Destruction" },
		{ "theft", "Theft" },
		{ "loss", "Lost" },
		{ "count", "Reconciliation" },
		{ "scale-variance", "Reconciliation" },
		{ "entry-error", "Reconciliation" },
	};
	const char	*r;

	r = ccrs_map(map, sizeof map / sizeof *map, ours);
	return (r != NULL ? r : "Other");
}

/*
 * One error text of the state's, classified as OpenTHC does: the
 * integrator texts, then what says the record is not there, then
 * "Duplicate" (the state has it), then anything else: invalid.
 */
int
ccrs_classify(const char *msg)
{
	static const char *unauth[] = {
		"is not assigned to Integrator",
		"Integrator is not authorized",
	};
	static const char *missing[] = {
		"ExternalIdentifier not found",
		"Invalid SaleDetail",
		"ExternalManifestIdentifier does not exist",
	};
	size_t	i;

	for (i = 0; i < sizeof unauth / sizeof *unauth; i++) {
		if (strstr(msg, unauth[i]) != NULL)
			return (CCRS_UNAUTHORISED);
	}
	for (i = 0; i < sizeof missing / sizeof *missing; i++) {
		if (strstr(msg, missing[i]) != NULL)
			return (CCRS_MISSING);
	}
	while (*msg == ' ')
		msg++;
	if (strncmp(msg, "Duplicate", 9) == 0)
		return (CCRS_EXISTS);
	return (CCRS_INVALID);
}

/*
 * A CCRS answer (its class and the state's words) as the adapters' one
 * result: a duplicate is done; "not found" is to be written again (as an
 * Insert); the rest is refused, with what to do.
 */
void
ccrs_result(int cls, int64_t id, const char *msg, struct state_result *r)
{
	struct buf	b;

	switch (cls) {
	case CCRS_EXISTS:
		state_result_set(r, STATE_DONE, id, msg);
		return;
	case CCRS_MISSING:
		state_result_set(r, STATE_RETRY, id, msg);
		return;
	case CCRS_UNAUTHORISED:
	case CCRS_INVALID:
		buf_init(&b);
		buf_printf(&b, "%s%s", msg, cls == CCRS_UNAUTHORISED ?
		    " (assign the integrator to the licence in CCRS, then "
		    "retry)" : " (correct it, then retry: it is written "
		    "again)");
		state_result_set(r, STATE_REJECTED, id, buf_cstr(&b));
		buf_free(&b);
		return;
	}
	state_result_set(r, STATE_UNKNOWN, id, msg);	/* no answer yet */
}

/*
 * A message of several errors joined by ':' takes the worst class of its
 * parts (invalid over unauthorised over missing over exists).
 */
static int
ccrs_classify_all(const char *msg)
{
	char	*copy, *p, *part;
	int	 worst = 0, c;

	copy = xstrdup(msg);
	p = copy;
	while ((part = strsep(&p, ":")) != NULL) {
		while (*part == ' ')
			part++;
		if (*part == '\0')
			continue;
		if ((c = ccrs_classify(part)) > worst)
			worst = c;
	}
	free(copy);
	return (worst == 0 ? CCRS_INVALID : worst);
}

/* The cells of a line (modified in place), at most max. */
static u_int
ccrs_split(char *line, char **cells, u_int max)
{
	u_int	n = 0;
	char	*p = line;

	while (n < max) {
		cells[n++] = p;
		if ((p = strchr(p, ',')) == NULL)
			break;
		*p++ = '\0';
	}
	return (n);
}

/* The first of our file names in text: Type_..._....csv, or "". */
static void
ccrs_upload_name(const char *text, char *out, size_t len)
{
	const char	*p, *e, *s;
	size_t		 n;
	int		 f;

	*out = '\0';
	for (p = text; (p = strstr(p, ".csv")) != NULL; p += 4) {
		e = p + 4;
		s = p;
		while (s > text && s[-1] != ' ' && s[-1] != ':' &&
		    s[-1] != '\n' && s[-1] != '\t' && s[-1] != '/' &&
		    s[-1] != '"' && s[-1] != '<')
			s--;
		n = (size_t)(e - s);
		if (n >= len)
			continue;
		for (f = 0; f < CCRS_NFILES; f++) {
			if (strncmp(s, ccrs_files[f], strlen(ccrs_files[f])) ==
			    0 && s[strlen(ccrs_files[f])] == '_') {
				memcpy(out, s, n);
				out[n] = '\0';
				return;
			}
		}
	}
}

/* The line after the one holding what, trimmed; "" if none. */
static void
ccrs_line_after(const char *text, const char *what, char *out, size_t len)
{
	const char	*p, *e;
	size_t		 n;

	*out = '\0';
	if ((p = strstr(text, what)) == NULL || (p = strchr(p, '\n')) == NULL)
		return;
	while (*p == '\n' || *p == '\r' || *p == ' ')
		p++;
	e = p + strcspn(p, "\r\n");
	n = (size_t)(e - p);
	if (n >= len)
		n = len - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* An error CSV: call cb for each row. */
static int
ccrs_results_csv(char *text, ccrs_answer_cb cb, void *arg,
    struct ccrs_result *res, char **cause)
{
	struct ccrs_answer	 a;
	char			*line, *p = text, *cells[64], *hdr[64];
	u_int			 n, nh = 0, i, key = 0, msg = 0, lineno = 0;
	int			 f = -1, k;
	struct buf		 m;

	while ((line = strsep(&p, "\n")) != NULL) {
		lineno++;
		line[strcspn(line, "\r")] = '\0';
		if (*line == '\0')
			continue;
		if (nh == 0) {
			if (strncmp(line, "SubmittedBy,", 12) == 0 ||
			    strncmp(line, "SubmittedDate,", 14) == 0 ||
			    strncmp(line, "NumberRecords,", 14) == 0)
				continue;
			nh = ccrs_split(line, hdr, 64);
			for (i = 0; i < nh; i++) {
				for (k = 0; k < CCRS_NFILES && f == -1; k++) {
					if (strcmp(hdr[i], ccrs_keys[k].marker)
					    == 0)
						f = k;
				}
				if (strcmp(hdr[i], "ErrorMessage") == 0)
					msg = i + 1;
			}
			if (msg == 0 || f == -1) {
				xasprintf(cause, "line %u: not a CCRS error "
				    "file (its header has %s)", lineno,
				    msg == 0 ? "no ErrorMessage column" :
				    "no column that names a CCRS file");
				return (-1);
			}
			for (i = 0; i < nh; i++) {
				if (strcmp(hdr[i], ccrs_keys[f].key) == 0)
					key = i + 1;
			}
			if (key == 0) {
				xasprintf(cause, "line %u: a %s error file "
				    "with no %s column", lineno,
				    ccrs_files[f], ccrs_keys[f].key);
				return (-1);
			}
			continue;
		}
		n = ccrs_split(line, cells, 64);
		memset(&a, 0, sizeof a);
		a.file = f;
		if (key <= n)
			strlcpy(a.key, cells[key - 1], sizeof a.key);
		/* The message may hold commas: it runs to the line's end. */
		buf_init(&m);
		for (i = msg - 1; i < n && (msg == nh || i == msg - 1); i++) {
			if (i != msg - 1)
				buf_addc(&m, ',');
			buf_addstr(&m, cells[i]);
		}
		strlcpy(a.message, buf_cstr(&m), sizeof a.message);
		buf_free(&m);
		if (*a.message == '\0')
			strlcpy(a.message, "the state gave no message",
			    sizeof a.message);
		a.cls = ccrs_classify_all(a.message);
		res->rows++;
		if (cb(&a, arg) != 0)
			return (-1);
	}
	if (nh == 0) {
		xasprintf(cause, "not a CCRS error file: no header row");
		return (-1);
	}
	return (0);
}

/*
 * A result file of the state's: the success e-mail (saved as text), a
 * whole-file refusal e-mail, or an error CSV, whose rows go to cb. -1
 * with cause if it is none of them or cannot be read.
 */
int
ccrs_results_parse(const char *data, size_t len, ccrs_answer_cb cb,
    void *arg, struct ccrs_result *res, char **cause)
{
	char	*text;
	int	 r;

	memset(res, 0, sizeof *res);
	if (len > CCRS_RESULT_MAX) {
		xasprintf(cause, "the file is over %d bytes: not a CCRS "
		    "result", CCRS_RESULT_MAX);
		return (-1);
	}
	if (memchr(data, '\0', len) != NULL) {
		xasprintf(cause, "the file holds NUL bytes: not a CCRS "
		    "result (save the e-mail as text, or its CSV)");
		return (-1);
	}
	text = xmalloc(len + 1);
	memcpy(text, data, len);
	text[len] = '\0';
	if (strstr(text, "CCRS Processing Successful") != NULL) {
		res->kind = CCRS_RESULT_SUCCESS;
		ccrs_upload_name(text, res->upload, sizeof res->upload);
		free(text);
		return (0);
	}
	if (strstr(text, "CCRS Processing Error") != NULL) {
		res->kind = CCRS_RESULT_REFUSED;
		ccrs_upload_name(text, res->upload, sizeof res->upload);
		ccrs_line_after(text, "CCRS Processing Error", res->message,
		    sizeof res->message);
		if (*res->message == '\0')
			strlcpy(res->message, "the state refused the whole "
			    "file", sizeof res->message);
		free(text);
		return (0);
	}
	if (strstr(text, "ErrorMessage") == NULL &&
	    strstr(text, "CCRS errors for file") != NULL) {
		xasprintf(cause, "this is the e-mail that came with an error "
		    "file: import the CSV attached to it");
		free(text);
		return (-1);
	}
	res->kind = CCRS_RESULT_ERRORS;
	r = ccrs_results_csv(text, cb, arg, res, cause);
	free(text);
	return (r);
}
