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

#ifndef RULES_H
#define RULES_H

/*
 * Purchase limits (doc/architecture.md): rules.c reads a jurisdiction's
 * rule file (contrib/rules/README.md) into pools of weighted terms; limits.c
 * checks a customer's history and cart against them. Quantities are
 * integers: masses in micrograms, volumes in microlitres, counts in units.
 *
 * The header is not called limits.h: with -I src that name would shadow
 * the system <limits.h> for every file in the tree.
 */

#include "stash.h"

#define RULES_FILE_MAX		(256 * 1024)	/* bytes */
#define RULES_LINE_MAX		1024		/* bytes, without newline */
#define RULES_NAME_MAX		32
#define RULES_POOLS_MAX		64
#define RULES_TERMS_MAX		16
#define RULES_OPTIONS_MAX	16
#define RULES_CAP_MAX		INT64_C(1000000000000)	/* 1000 kg in ug */
#define RULES_LCM_BITS		120	/* a pool's lcm is below 2^120 */

typedef unsigned __int128 rules_u128;

/* What a term measures on each line; the order is the JSON key order. */
enum limits_measure {
	LM_NET,		/* net weight, ug */
	LM_FLOWER,	/* flower weight, ug */
	LM_CONC,	/* concentrate weight, including inside products, ug */
	LM_THC,		/* total THC, ug */
	LM_OTHER,	/* other cannabinoids, ug */
	LM_VOLUME,	/* volume, ul */
	LM_UNITS,	/* items */
};
#define LM_COUNT	7

enum limits_kind { LK_MASS, LK_VOLUME, LK_COUNT };

enum limits_window { LW_TRANSACTION, LW_DAY, LW_ROLLING, LW_MONTH };

/* Customer types, as bits for a pool's "who". */
#define LC_ADULT	0x1
#define LC_MEDICAL	0x2
#define LC_CAREGIVER	0x4

struct rules_term {
	uint32_t		 cat_yes;	/* category bits; 0 = any */
	uint32_t		 cat_no;
	uint32_t		 route_yes;	/* route bits; 0 = any */
	uint32_t		 route_no;
	enum limits_measure	 measure;
	int64_t			 cap;		/* ug, ul or units */
	rules_u128		 weight;	/* pool lcm / cap */
	int			 optional;	/* a zero measure is fine */
	int			 opt;		/* guarding option or -1 */
	int			 opt_neg;
	u_int			 line;
};

struct rules_pool {
	char			 name[RULES_NAME_MAX];
	u_int			 line;
	uint32_t		 who;		/* LC_* */
	int			 age_min;	/* -1 = no bound */
	int			 age_max;
	int			 resident;	/* -1 any, 0 no, 1 yes */
	enum limits_window	 window;
	int			 days;		/* LW_ROLLING */
	int			 from;		/* YYYYMMDD local, 0 = none */
	int			 until;		/* inclusive, 0 = none */
	int			 certificate;	/* may take a certified cap */
	char			*override;	/* why a manager may override
						   it (a citation), or NULL */
	int			 opt;		/* guarding option or -1 */
	int			 opt_neg;
	int64_t			 cap;		/* headline cap, ug/ul/units */
	enum limits_kind	 kind;		/* of the headline cap */
	rules_u128		 lcm;		/* of every term's cap */
	struct rules_term	 terms[RULES_TERMS_MAX];
	u_int			 nterms;
};

struct rules_option {
	char			 name[RULES_NAME_MAX];
	int			 dflt;
	char			*text;
};

#define RULES_TAXES_MAX		16	/* state and local, all customer types */
#define RULES_LABEL_MAX		64
#define RULES_SALE_TAXES	8	/* for one sale: SALE_TAXES in store.h */
/*
 * A tax levied at the register, from the state's rule file or the store's
 * local tax file (contrib/rules/README.md, "Taxes"). Either a rate in parts
 * per million of the price (15% = 150000), or per_mg millionths of a cent
 * per milligram of THC (0.625 cents = 625000); on the lines the selector
 * (categories and routes, as a term's) and the potency bound match, for
 * the customer types in who. The level orders and names it on receipts.
 */
enum rules_tax_level {
	RULES_TAX_EXCISE,
	RULES_TAX_STATE,
	RULES_TAX_COUNTY,
	RULES_TAX_CITY,
	RULES_TAX_DISTRICT,
};
#define RULES_POTENCY_ANY	0
#define RULES_POTENCY_ABOVE	1	/* THC strictly above potency */
#define RULES_POTENCY_UPTO	2	/* THC at or below potency */
struct rules_tax {
	char			 name[RULES_NAME_MAX];
	char			 label[RULES_LABEL_MAX];	/* for receipts */
	enum rules_tax_level	 level;
	int64_t			 ppm;		/* of the price, or 0 */
	int64_t			 per_mg;	/* 1e-6 cents per mg THC, or 0 */
	uint32_t		 who;		/* LC_* */
	struct rules_term	 on;		/* cat and route bits only */
	int			 potency_op;	/* RULES_POTENCY_* */
	int			 potency;	/* per mille of THC */
	int			 round_up;	/* to the next cent, not half up */
	int			 compound;	/* on the price plus the excise */
	int			 opt;		/* guarding option or -1 */
	int			 opt_neg;
	int			 local;		/* from the local tax file */
	char			*cite;
	u_int			 line;
};

/*
 * What the state requires on a receipt: the store's licence number, each
 * line's package tag, each line's THC content (for the customer types in
 * thc_who), and warning statements printed under the lines.
 */
#define RULES_RECEIPT_LICENCE	0x1
#define RULES_RECEIPT_TAGS	0x2
#define RULES_RECEIPT_THC	0x4
#define RULES_WARNINGS_MAX	4
struct rules_warning {
	uint32_t		 who;		/* LC_* */
	char			*text;
	char			*cite;
};

/*
 * How long the state gives a sale to reach it, per customer type: -1 when
 * the file says nothing (the metrc-deadline option then decides).
 */
#define RULES_DEADLINE_ADULT	0
#define RULES_DEADLINE_MEDICAL	1

/*
 * Delivery rules (contrib/rules/README.md, "Delivery"): whether the state
 * allows delivery at all, then one rule a line, each with its citation,
 * optional dates (store-local, inclusive), an optional option guard and,
 * for rules about an order, optional customer types. Amounts are cents,
 * milligrams, counts, minutes after local midnight or days.
 */
#define RULES_DELIVERY_UNKNOWN		0	/* no rules researched */
#define RULES_DELIVERY_ALLOWED		1
#define RULES_DELIVERY_FORBIDDEN	2

enum rules_dkind {
	RD_CAP_TOTAL,		/* on-board retail value, cents */
	RD_CAP_UNORDERED,	/* of which not in a pending order, cents */
	RD_CAP_WEIGHT,		/* on-board net weight, mg */
	RD_STOPS,		/* pending orders a trip */
	RD_HOURS,		/* value..value2: minutes, local */
	RD_CUTOFF,		/* orders from this minute go tomorrow */
	RD_TO,			/* destination kinds allowed (bits) */
	RD_NOT_TO,		/* destination kinds refused (bits) */
	RD_PREPAID,		/* orders paid before they leave */
	RD_CREW,		/* people in the vehicle, at least */
	RD_DRIVER_AGE,		/* youngest crew member, years */
	RD_LEDGER,		/* ledger or manifest before departure */
	RD_DYNAMIC,		/* floating stock allowed: value 0 or 1 */
	RD_PER_DAY,		/* deliveries a customer a local day */
	RD_GPS,			/* a GPS device in the vehicle */
	RD_GPS_KEEP,		/* days the GPS trail is kept */
	RD_CAMERA,		/* a camera in the vehicle */
	RD_CAMERA_KEEP,		/* days the footage is kept */
	RD_BODYCAM,		/* body cameras on the crew */
	RD_PREVERIFIED,		/* the customer's ID checked before */
	RD_MANIFEST,		/* fields on the manifest (bits) */
	RD_RECORD,		/* fields recorded a hand-over (bits) */
	RD_REFUSAL,		/* a reason the driver may give */
	RD_FEE_TAXED,		/* the delivery fee bears the price taxes */
	RD_METRC,		/* Metrc's model: RULES_METRC_* */
};
#define RD_COUNT	(RD_METRC + 1)

/* How the state's Metrc hears of a trip (RD_METRC). */
#define RULES_METRC_PLANNED	0	/* each stop a planned delivery */
#define RULES_METRC_RETAILER	1	/* one retailer (dynamic) delivery */

/* Kinds of destination, as bits. */
enum rules_dest {
	RULES_DEST_RESIDENCE,
	RULES_DEST_LOUNGE,
	RULES_DEST_BUSINESS,
	RULES_DEST_HOTEL,
	RULES_DEST_DORM,
	RULES_DEST_CAMPUS,
	RULES_DEST_SCHOOL,
	RULES_DEST_DAYCARE,
	RULES_DEST_YOUTH_CENTRE,
	RULES_DEST_PUBLIC_LAND,
	RULES_DEST_PUBLIC_BUILDING,
	RULES_DEST_SUBSIDISED_HOUSING,
	RULES_DEST_OUT_OF_STATE,
};
#define RULES_DEST_COUNT	(RULES_DEST_OUT_OF_STATE + 1)

/* Manifest and hand-over record fields, as bits (RULES_MF_COUNT <= 32). */
enum rules_mfield {
	RULES_MF_LEDGER_NUMBER,
	RULES_MF_RETAILER_NAME,
	RULES_MF_RETAILER_LICENCE,
	RULES_MF_DRIVER_NAME,
	RULES_MF_DRIVER_EMPLOYEE_ID,
	RULES_MF_DRIVER_LICENCE,
	RULES_MF_VEHICLE_MAKE,
	RULES_MF_VEHICLE_MODEL,
	RULES_MF_VEHICLE_COLOUR,
	RULES_MF_VEHICLE_PLATE,
	RULES_MF_VEHICLE_VIN,
	RULES_MF_ITEM_NAME,
	RULES_MF_ITEM_CATEGORY,
	RULES_MF_ITEM_UID,
	RULES_MF_ITEM_UNITS,
	RULES_MF_ITEM_ORDERED,
	RULES_MF_ITEM_VALUE,
	RULES_MF_ITEM_WEIGHT,
	RULES_MF_DEPARTURE_TIME,
	RULES_MF_COMPLETION_TIME,
	RULES_MF_CUSTOMER_TYPE,
	RULES_MF_QUANTITY,
	RULES_MF_PRICE,
	RULES_MF_CITY,
	RULES_MF_COUNTY,
	RULES_MF_ZIP,
	RULES_MF_STOP_LOG,
};
#define RULES_MF_COUNT		(RULES_MF_STOP_LOG + 1)

#define RULES_DRULES_MAX	64
#define RULES_MONEY_CAP_MAX	INT64_C(1000000000)	/* $10,000,000 */

struct rules_drule {
	enum rules_dkind	 kind;
	int64_t			 value;
	int64_t			 value2;	/* RD_HOURS: the end */
	uint32_t		 bits;		/* RULES_DEST_* or RULES_MF_* */
	uint32_t		 who;		/* LC_*; 0 = every customer */
	char			 name[RULES_NAME_MAX];	/* RD_REFUSAL */
	char			*text;		/* RD_REFUSAL */
	int			 from;		/* YYYYMMDD local, 0 = none */
	int			 until;		/* inclusive, 0 = none */
	int			 opt;		/* guarding option or -1 */
	int			 opt_neg;
	char			*cite;
	u_int			 line;
};

struct rules {
	char			*path;
	char			 id[RULES_NAME_MAX];
	char			*name;
	char			 zone[64];
	int			 effective;	/* YYYYMMDD */
	int			 verified;	/* YYYYMMDD */
	u_int			 ncites;
	uint32_t		 exempt;	/* category bits */
	struct rules_option	 options[RULES_OPTIONS_MAX];
	u_int			 noptions;
	struct rules_pool	*pools;
	u_int			 npools;
	struct rules_tax	 taxes[RULES_TAXES_MAX];
	u_int			 ntaxes;
	int			 tax_included;	/* prices include the taxes */
	char			*tax_local;	/* the local tax file, or NULL */
	int			 outage;	/* RULES_OUTAGE_* */
	char			*outage_cite;
	int			 quarantine;	/* days before destruction */
	char			*quarantine_cite;
	int			 medical_age;	/* youngest patient who buys */
	char			*medical_age_cite;
	int			 caregiver_age;	/* youngest caregiver */
	char			*caregiver_age_cite;
	int64_t			 deadline[2];	/* seconds; -1 unset */
	char			*deadline_cite[2];
	int			 receipt;	/* RULES_RECEIPT_* */
	uint32_t		 receipt_thc_who; /* LC_* */
	struct rules_warning	 warnings[RULES_WARNINGS_MAX];
	u_int			 nwarnings;
	int			 delivery;	/* RULES_DELIVERY_* */
	char			*delivery_cite;
	u_int			 delivery_line;
	struct rules_drule	 drules[RULES_DRULES_MAX];
	u_int			 ndrules;
};

/* Without a rule file's word: patients from 18, caregivers from 21. */
#define RULES_MEDICAL_AGE	18
#define RULES_CAREGIVER_AGE	21

/*
 * When the state's patient registry cannot be reached: refuse medical
 * sales (the default), take a manager's manual entry, or sell on our own
 * ledger under a statutory safe harbour.
 */
#define RULES_OUTAGE_BLOCK	0
#define RULES_OUTAGE_MANUAL	1
#define RULES_OUTAGE_SAFE	2
const char	*rules_outage_name(int);

/* rules.c */
struct rules	*rules_load(const char *, char **);
struct rules	*rules_load_text(const char *, const char *, size_t, char **);
struct rules	*rules_find(const char *, const char *, char **);
const char	*rules_dir(const char *);
void		 rules_free(struct rules *);
int		 rules_tax_local(struct rules *, const char *, char **);
const char	*rules_tax_level_name(enum rules_tax_level);
int		 rules_tax_applies(const struct rules *,
		     const struct rules_tax *, uint32_t);
int		 rules_tax_matches(const struct rules_tax *, int, int, int);
const struct rules_pool *rules_pool(const struct rules *, const char *);
int		 rules_option(const struct rules *, const char *);
int		 rules_category(const char *);
int		 rules_route(const char *);
const char	*rules_category_name(int);
const char	*rules_route_name(int);
const char	*rules_window_str(const struct rules_pool *, char *, size_t);
const char	*rules_dkind_name(enum rules_dkind);
const char	*rules_delivery_name(int);
int		 rules_dest(const char *);
const char	*rules_dest_name(int);
int		 rules_mfield(const char *);
const char	*rules_mfield_name(int);
int		 rules_drule_applies(const struct rules *,
		     const struct rules_drule *, int, const int *);
const char	*rules_refusal(const struct rules *, const char *,
		     const char **);
const char	*rules_refusal_builtin(u_int, const char **);
int64_t		 rules_delivery_value(const struct rules *, enum rules_dkind,
		     int, int64_t);

/* limits.c */
struct limits_line {
	int64_t			 at;		/* UTC microseconds */
	int			 category;	/* index */
	int			 route;		/* index or -1 */
	int64_t			 qty;
	int64_t			 m[LM_COUNT];	/* per unit; ug, ul, units */
};

struct limits_override {
	int			 pool;		/* index in rules->pools */
	int64_t			 value;		/* ug/ul/units */
};

struct limits_request {
	int64_t			 at;		/* UTC microseconds */
	int			 type;		/* LC_* */
	int			 age;
	int			 resident;
	struct limits_line	*history;
	u_int			 nhistory;
	struct limits_line	*cart;
	u_int			 ncart;
	int			 options[RULES_OPTIONS_MAX];	/* 0/1 */
	struct limits_override	 allotment[RULES_POOLS_MAX];
	u_int			 nallotment;
	struct limits_override	 certificate[RULES_POOLS_MAX];
	u_int			 ncertificate;
};

struct limits_pool_result {
	const struct rules_pool	*pool;
	int64_t			 used;		/* mg/ml/units, rounded up */
	int64_t			 cap;		/* rounded down */
	int64_t			 remaining;	/* rounded down */
	int			 over;
};

struct limits_result {
	int			 allow;
	struct limits_pool_result pools[RULES_POOLS_MAX];
	u_int			 npools;
	char			**reasons;
	u_int			 nreasons;
};

int		 limits_time_parse(const char *, int64_t *);
int		 limits_request_parse(const struct rules *, json_t *,
		     struct limits_request *, char **);
void		 limits_request_free(struct limits_request *);
void		 limits_request_defaults(const struct rules *,
		     struct limits_request *);
int		 limits_eval(const struct rules *,
		     const struct limits_request *, struct limits_result *);
void		 limits_result_free(struct limits_result *);

/*
 * delivery-rules.c: a planned trip against the rule file's delivery rules.
 * Money in cents, weights in mg, times UTC microseconds (hours and dates
 * are worked out in the rule file's zone). The items on board carry their
 * retail price: the caller sets it from the product's current price
 * before each check, and the value on board is summed again every time.
 */
#define DELIVERY_PENDING	0
#define DELIVERY_DELIVERED	1
#define DELIVERY_FAILED		2	/* its goods stay on board, unordered */

#define DELIVERY_ORDERS_MAX	1000
#define DELIVERY_ITEMS_MAX	10000
#define DELIVERY_FIGURE_MAX	(INT64_C(1) << 40)	/* qty, cents, mg */

struct delivery_order {
	int			 type;		/* LC_* */
	int			 dest;		/* RULES_DEST_* */
	int			 prepaid;
	int			 verified;	/* ID checked before the trip */
	int64_t			 placed;	/* UTC us; 0 = not known */
	int64_t			 eta;		/* UTC us; 0 = not known */
	int			 prior_today;	/* other deliveries to this
						   customer or address that
						   local day, earlier orders
						   on this trip included */
	int			 status;	/* DELIVERY_* */
};

struct delivery_item {
	int			 order;		/* index in orders; -1 floating */
	int64_t			 qty;		/* units on board */
	int64_t			 price;		/* cents a unit, retail */
	int64_t			 weight;	/* mg a unit, net */
};

struct delivery_trip {
	int64_t			 at;		/* UTC us: leaving or restocked */
	struct delivery_order	*orders;	/* heap: restock grows them */
	u_int			 norders;
	struct delivery_item	*items;
	u_int			 nitems;
	int			 crew;		/* people in the vehicle */
	int			 crew_min_age;	/* the youngest, years */
	int			 ledger;	/* in the state system */
	uint32_t		 manifest;	/* RULES_MF_* bits it holds */
	int			 gps;
	int			 camera;
	int			 bodycam;
	const int		*options;	/* 0/1 by index; NULL defaults */
};

struct delivery_load {
	int64_t			 total;		/* cents at retail */
	int64_t			 unordered;	/* cents: floating and failed */
	int64_t			 weight;	/* mg */
	u_int			 stops;		/* pending orders */
};

enum delivery_unit {
	DU_NONE, DU_CENTS, DU_MG, DU_COUNT, DU_MINUTES, DU_YEARS
};

struct delivery_violation {
	const char		*rule;		/* cap-total, forbidden ... */
	int			 order;		/* index, or -1: the trip */
	enum delivery_unit	 unit;
	int64_t			 limit;
	int64_t			 actual;
	const char		*cite;		/* the rule file's */
	u_int			 line;		/* in the rule file */
	char			*message;	/* for a person */
};

struct delivery_result {
	int			 allow;
	int			 day;		/* local YYYYMMDD of at */
	int			 minute;	/* local minutes after midnight */
	struct delivery_load	 load;
	struct delivery_violation *v;
	u_int			 nv;
};

void		 delivery_rules_load(const struct delivery_trip *,
		     struct delivery_load *);
int		 delivery_rules_check(const struct rules *,
		     const struct delivery_trip *, struct delivery_result *,
		     char **);
void		 delivery_rules_result_free(struct delivery_result *);
int		 delivery_rules_stop(struct delivery_trip *, u_int, int,
		     char **);
int		 delivery_rules_restock(struct delivery_trip *,
		     const struct delivery_order *, u_int,
		     const struct delivery_item *, u_int, char **);
int		 delivery_rules_unload(struct delivery_trip *, u_int, int64_t,
		     char **);

#endif /* RULES_H */
