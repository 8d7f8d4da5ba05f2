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

#ifndef STORE_H
#define STORE_H

/*
 * The ledger: one LMDB environment, a named database per table and per
 * index. Only store*.c includes <lmdb.h>. Transactions carry a sticky error
 * (after Knot DNS knot_lmdb): the first failure aborts the transaction and
 * every later call on it does nothing, so callers check txn->ret once.
 *
 * Keys are built by store-key.c (big-endian integers, length-prefixed
 * strings), values by codec.c (versioned tag-length-value records).
 *
 * This header declares the records and the calls that read and write them,
 * nothing more: what the business does with them is in sale.h, customer.h,
 * inventory.h, intake.h and rules.h; PINs and credentials in auth.h.
 */

#include "stash.h"

struct rules;

#define STORE_SCHEMA	6	/* bump with a migration in store.c */

enum store_err {
	STORE_OK = 0,
	STORE_NOTFOUND = -1,
	STORE_EXISTS = -2,
	STORE_FULL = -3,	/* map full: grow and retry */
	STORE_NOSPACE = -4,	/* the disk is full */
	STORE_CORRUPT = -5,	/* a record that does not decode */
	STORE_ERROR = -6,	/* any other LMDB or system error */
	STORE_LIMIT = -7,	/* a transaction or key too large */
};

enum store_db {
	DB_META,
	DB_STAFF,		/* u32 id -> staff */
	DB_TERMINAL,		/* str name -> terminal */
	DB_PRODUCT,		/* u32 id -> product */
	DB_PRODUCT_SKU,		/* str sku -> u32 id */
	DB_PACKAGE,		/* tag -> package */
	DB_PACKAGE_PRODUCT,	/* u32 product, tag -> empty */
	DB_SALE,		/* u64 id -> sale */
	DB_SALE_REF,		/* str ref -> u64 id (but sale.ref.recent) */
	DB_SALE_TAG,		/* u32 block, packed tag, u64 sale -> empty */
	DB_AUDIT,		/* u64 seq -> audit record */
	DB_PACKAGE_BATCH,	/* str batch, tag -> empty */
	DB_PACKAGE_SUPPLIER,	/* str licence, tag -> empty */
	DB_ADJUST,		/* u64 id -> adjustment or move */
	DB_ADJUST_TAG,		/* tag, u64 id -> empty */
	DB_HOLD,		/* u8 scope, str key -> hold */
	DB_CUSTOMER,		/* u32 id -> customer */
	DB_CUSTOMER_INDEX,	/* u8 kind, str key, u32 id -> empty */
	DB_SALE_CUSTOMER,	/* u32 customer, u64 sale -> empty */
	DB_QUEUE,		/* u64 ticket -> door queue entry */
	DB_OUTBOX,		/* u64 job -> compliance report job */
	DB_OUTBOX_DUE,		/* u64 due, u64 job -> empty */
	DB_OUTBOX_REF,		/* str external ref -> u64 job */
	DB_MANIFEST,		/* str manifest -> incoming manifest */
	DB_MANIFEST_LINE,	/* str manifest, tag -> manifest line */
	DB_COUNT,		/* u64 count -> stock count session */
	DB_COUNT_LINE,		/* u64 count, tag -> counted line */
	DB_DRAWER,		/* u64 drawer -> cash drawer session */
	DB_RETURN,		/* u64 return -> a sale's return */
	DB_ORDER,		/* u64 id -> order */
	DB_ORDER_REF,		/* str ref -> u64 id */
	DB_ORDER_STATUS,	/* u8 status, u64 id -> empty */
	DB_ORDER_CUSTOMER,	/* u32 customer, u64 id -> empty */
	DB_ORDER_DUE,		/* u64 expires, u64 id -> empty */
	DB_RESERVE,		/* u32 product -> reserved quantity */
	DB_PICK,		/* tag, u64 order -> picked quantity */
	DB_VEHICLE,		/* str plate -> delivery vehicle */
	DB_TRIP,		/* u64 id -> delivery trip */
	DB_NOTIFY,		/* u64 job -> customer notification */
	DB_NOTIFY_DUE,		/* u64 due, u64 job -> empty */
	DB_ROLE,		/* u32 id -> role an admin defined */
	DB_SYNC,		/* str handheld journal key -> sync result */
	DB_DEXC,		/* u64 id -> delivery exception */
	DB_TRIP_EVENT,		/* u64 trip, u64 at, u64 seq -> stop event */
	DB_GPS,			/* u64 trip, u64 at -> GPS fix */
	DB_ROLL,		/* day, product (0: the sale), staff, channel,
				   customer type, str terminal -> roll */
	DB_ROLL_PRODUCT,	/* day, product -> roll */
	DB_ROLL_HOUR,		/* day, hour, staff -> roll */
	DB_ROLL_ADJUST,		/* day, str reason, str location -> roll */
	DB_ROLL_VISIT,		/* day, customer -> roll */
	DB_ROLL_CUSTOMER,	/* customer, day -> roll */
	DB_ROLL_CATEGORY,	/* day, str category -> roll */
	DB_CCRS,		/* u32 file, str key -> CCRS record */
	DB_CCRS_FILE,		/* str upload, u32 file, str key -> empty */
	DB_RECONCILE,		/* u64 id -> a reconciliation's summary */
	DB_ROLL_TILL,		/* str terminal, day, staff, channel, customer
				   type -> roll (the sales as a whole) */
	DB_ROLL_STAFF,		/* staff, day, channel, customer type, str
				   terminal -> roll (the sales as a whole) */
	DB_SALE_TAG_SPAN,	/* packed tag -> u64 first, u64 last sale */
	DB_SALE_REF_RECENT,	/* u32 block, str ref -> u64 id (the latest
				   sales' refs; the rest are in sale.ref) */
	DB_MAX
};

struct store;
struct store_txn {
	struct store	*st;
	void		*txn;		/* MDB_txn */
	int		 rw;
	int		 ret;		/* sticky: first error */
	char		 err[128];	/* what failed, for the log */
	u_int		 writes;	/* puts, deletes and children tried */
};

struct store_iter {
	struct store_txn	*t;
	void			*cur;	/* MDB_cursor */
	const u_char		*prefix;
	size_t			 plen;
	int			 reverse;
	int			 started;
	const u_char		*key;
	size_t			 klen;
	const u_char		*val;
	size_t			 vlen;
	u_char			 pbuf[64];
	u_char			 from[64];	/* start below (above) this key */
	size_t			 fromlen;
};

/* store.c */
int		 store_open(const char *, size_t, int, struct store **,
		     char **);
void		 store_close(struct store *);
int		 store_open_file(const char *, size_t, const char *const *,
		     u_int, struct store **, char **);
int		 store_file_compact(struct store **, const char *const *,
		     u_int, char **);
const char	*store_path(struct store *);
int		 store_grow(struct store *);
u_int		 store_txns_open(struct store *);
size_t		 store_mapsize(struct store *);
int		 store_begin(struct store *, struct store_txn *, int);
int		 store_begin_child(struct store_txn *, struct store_txn *);
int		 store_commit(struct store_txn *);
void		 store_abort(struct store_txn *);
int		 store_get(struct store_txn *, enum store_db, const void *,
		     size_t, const u_char **, size_t *);
int		 store_get_u32(struct store_txn *, enum store_db, uint32_t,
		     const u_char **, size_t *);
int		 store_get_u64(struct store_txn *, enum store_db, uint64_t,
		     const u_char **, size_t *);
int		 store_get_ref(struct store_txn *, enum store_db, const char *,
		     const char *, uint64_t *);
int		 store_damaged(struct store_txn *, const char *, uint64_t);
void		 store_put(struct store_txn *, enum store_db, const void *,
		     size_t, const void *, size_t);
typedef int	(*store_update_fn)(const u_char *, size_t, struct buf *,
		     void *);
int		 store_update(struct store_txn *, enum store_db, const void *,
		     size_t, store_update_fn, void *);
int		 store_put_new(struct store_txn *, enum store_db, const void *,
		     size_t, const void *, size_t);
void		 store_del(struct store_txn *, enum store_db, const void *,
		     size_t);
void		 store_clear(struct store_txn *, enum store_db);
void		 store_iter_init(struct store_txn *, struct store_iter *,
		     enum store_db, const void *, size_t, int);
void		 store_iter_before(struct store_iter *, const void *, size_t);
void		 store_iter_after(struct store_iter *, const void *, size_t);
int		 store_iter_next(struct store_iter *);
void		 store_iter_done(struct store_iter *);
int		 store_iter_count(struct store_iter *, u_int);
int		 store_iter_keep(struct store_iter *, u_char *, size_t, size_t *,
		     const char *);
uint64_t	 store_last_u64(struct store_txn *, enum store_db);
uint64_t	 store_count(struct store_txn *, enum store_db);
const char	*store_strerror(int);
int		 store_backup(struct store *, const char *, char **);
void		 store_fail(struct store_txn *, int, const char *, ...)
		     printflike(3, 4);
typedef int (*store_write_cb)(struct store_txn *, void *, char **);
int		 store_write(struct store *, store_write_cb, void *, char **);

/* store-key.c */
struct store_key {
	u_char	data[256];
	size_t	len;
};
void		 store_key_init(struct store_key *);
void		 store_key_u32(struct store_key *, uint32_t);
void		 store_key_u64(struct store_key *, uint64_t);
void		 store_key_str(struct store_key *, const char *);
#define STORE_TAG_PACKED	(TAG_LEN / 2)
void		 store_key_tag(struct store_key *, const char *);
uint32_t	 store_key_get_u32(const u_char *);
uint64_t	 store_key_get_u64(const u_char *);

/*
 * codec.c: versioned tag-length-value records. codec_open notes where the
 * first field of each tag below CODEC_INDEX starts, so a getter finds it
 * without walking the fields before it.
 */
#define CODEC_INDEX	64
struct codec {
	const u_char	*p;
	size_t		 len;
	u_int		 version;
	u_int		 kind;
	uint64_t	 seen;			/* tags < CODEC_INDEX present */
	size_t		 first[CODEC_INDEX];	/* offset of their first tag byte */
};
void		 codec_begin(struct buf *, u_int, u_int);
void		 codec_i64(struct buf *, u_int, int64_t);
void		 codec_str(struct buf *, u_int, const char *);
void		 codec_bytes(struct buf *, u_int, const void *, size_t);
int		 codec_open(struct codec *, const u_char *, size_t, u_int);
int		 codec_get_i64(struct codec *, u_int, int64_t *);
int		 codec_get_str(struct codec *, u_int, char *, size_t);
int		 codec_get_bytes(struct codec *, u_int, const u_char **,
		     size_t *);
int		 codec_next(struct codec *, size_t *, u_int,
		     const u_char **, size_t *);
int		 codec_get_i64_all(struct codec *, int64_t *, u_int);

/* store-meta.c */
struct store_info {
	char	name[81];
	char	licence[41];
	char	state[3];
	char	tz[65];
	int64_t	created;
};
int		 store_meta_get_info(struct store_txn *, struct store_info *);
void		 store_meta_put_info(struct store_txn *,
		     const struct store_info *);
int64_t		 store_meta_get_i64(struct store_txn *, const char *);
void		 store_meta_put_i64(struct store_txn *, const char *, int64_t);
int		 store_meta_get_str(struct store_txn *, const char *, char *,
		     size_t);
void		 store_meta_put_str(struct store_txn *, const char *,
		     const char *);
struct store_counts {
	uint64_t	staff;
	uint64_t	terminals;
	uint64_t	products;
	uint64_t	packages;
	uint64_t	sales;
	uint64_t	audit;
};
void		 store_meta_counts(struct store_txn *, struct store_counts *);

/* store-staff.c */
struct staff {
	uint32_t	id;
	char		name[64];
	int		role;
	char		pin_hash[128];	/* Argon2id, libsodium string form */
	int		failed;		/* wrong PINs in a row */
	int64_t		locked_until;
	int		active;
	int64_t		created;
	int		born;		/* YYYYMMDD, 0: not recorded */
	char		licence[33];	/* a driver's licence number */
	char		employee[33];	/* the employee ID the state sees */
	int		pin_change;	/* must choose a new PIN at login */
	int64_t		deactivated;	/* when, 0: not; never logs in */
};
int		 store_staff_get(struct store_txn *, uint32_t, struct staff *);
void		 store_staff_put(struct store_txn *, const struct staff *);
uint32_t	 store_staff_next_id(struct store_txn *);
int		 store_staff_walk(struct store_txn *,
		     int (*)(const struct staff *, void *), void *);
int64_t		 store_staff_generation(struct store_txn *);
void		 store_staff_generation_bump(struct store_txn *);

/* store-role.c: roles an admin defines (the built-in ones are perm.c's). */
struct role_def {
	uint32_t	id;		/* from ROLE_CUSTOM */
	char		name[ROLE_NAME_MAX + 1];
	uint32_t	perms;
	int64_t		created;
};
int		 store_role_get(struct store_txn *, uint32_t,
		     struct role_def *);
int		 store_role_find(struct store_txn *, const char *,
		     struct role_def *);
void		 store_role_put(struct store_txn *, const struct role_def *);
void		 store_role_del(struct store_txn *, uint32_t);
uint32_t	 store_role_next_id(struct store_txn *);
int		 store_role_walk(struct store_txn *,
		     int (*)(const struct role_def *, void *), void *);

/* store-terminal.c */
enum terminal_status { TERMINAL_PENDING = 1, TERMINAL_ACTIVE, TERMINAL_REVOKED };
#define TERMINAL_NAME_MAX	32
struct terminal {
	char		name[TERMINAL_NAME_MAX + 1];
	int		status;
	u_char		code_hash[32];
	int64_t		code_expires;
	u_char		cred_hash[32];
	int64_t		created;
	int64_t		enrolled;
	int		card_only;	/* takes no cash: no drawer */
};
int		 store_terminal_get(struct store_txn *, const char *,
		     struct terminal *);
void		 store_terminal_put(struct store_txn *, const struct terminal *);
const char	*store_terminal_status_name(int);
int		 store_terminal_walk(struct store_txn *,
		     int (*)(const struct terminal *, void *), void *);

/* store-product.c */
#define SKU_MAX		32
#define NAME_MAX_	80
#define CATEGORY_MAX	16
struct product {
	uint32_t	id;
	char		sku[SKU_MAX + 1];
	char		name[NAME_MAX_ + 1];
	char		category[CATEGORY_MAX + 1];
	int		unit_weight;	/* sold by weight (mg), else each */
	int64_t		price;		/* cents per unit, or per gram */
	int		thc;		/* per mille of the product */
	int64_t		created;
	/*
	 * What purchase limits measure, per unit (or, sold by weight, per
	 * gram): micrograms and microlitres. route is a rules.c route name
	 * or empty.
	 */
	int64_t		net_ug;
	int64_t		flower_ug;
	int64_t		conc_ug;
	int64_t		thc_ug;
	int64_t		other_ug;
	int64_t		volume_ul;
	char		route[16];
	int		measured;	/* the measures were entered */
	int64_t		reorder;	/* reorder point: units or mg; 0 none */
	int64_t		unit_cost;	/* cents per unit or per gram; 0 none */
	int		inactive;	/* no longer sold */
};
int		 store_product_get(struct store_txn *, uint32_t,
		     struct product *);
int		 store_product_by_sku(struct store_txn *, const char *,
		     struct product *);
void		 store_product_put(struct store_txn *, const struct product *,
		     const struct product *);
uint32_t	 store_product_next_id(struct store_txn *);
int		 store_product_decode(const u_char *, size_t, struct product *);
const char	*store_product_unit_name(int);

/* store-package.c */
enum package_status {
	PACKAGE_ACTIVE = 1,	/* sellable where it is */
	PACKAGE_HOLD,		/* old ledgers only (schema 3: the holds table) */
	PACKAGE_QUARANTINE,
	PACKAGE_FINISHED,
};
enum lab_status { LAB_NONE = 0, LAB_PASS, LAB_FAIL };
#define BATCH_MAX	40
#define LICENCE_MAX	40
#define LOCATION_MAX	24
#define LAB_CERT_MAX	64
struct lab_result {
	int		status;
	int		thc;		/* per mille */
	int		cbd;		/* per mille */
	char		lab[LICENCE_MAX + 1];
	int		tested;		/* YYYYMMDD */
	int		expires;	/* YYYYMMDD, 0 if none */
	char		cert[LAB_CERT_MAX + 1];	/* certificate of analysis */
};
struct package {
	char		tag[TAG_LEN + 1];
	uint32_t	product;
	char		batch[BATCH_MAX + 1];
	int64_t		qty;		/* on hand: units or mg */
	int64_t		received_qty;	/* as received */
	int		status;
	int64_t		received;	/* time received */
	char		supplier[LICENCE_MAX + 1];	/* source licence */
	int		harvested;	/* YYYYMMDD, 0 if unknown */
	int		packaged;	/* YYYYMMDD */
	int		expires;	/* YYYYMMDD */
	int64_t		unit_cost;	/* cents per unit or per gram */
	char		location[LOCATION_MAX + 1];	/* "floor" if unset */
	struct lab_result lab;
};
int		 store_package_get(struct store_txn *, const char *,
		     struct package *);
void		 store_package_put(struct store_txn *, const struct package *,
		     const struct package *);
int		 store_package_decode(const u_char *, size_t, struct package *);
const char	*store_package_status_name(int);
int		 store_package_status_find(const char *);
const char	*store_package_lab_name(int);
int		 store_package_walk(struct store_txn *,
		     int (*)(const struct package *, void *), void *);

/* store-adjust.c: adjustments, moves and destructions of packages. */
enum adjust_kind { ADJUST_QTY = 1, ADJUST_MOVE, ADJUST_STATUS };
struct adjust {
	uint64_t	id;
	int64_t		time;
	int		kind;
	char		tag[TAG_LEN + 1];
	int64_t		delta;		/* units or mg; 0 for a move */
	int64_t		qty_after;
	char		reason[33];
	char		note[129];
	char		from[LOCATION_MAX + 1];
	char		to[LOCATION_MAX + 1];
	uint32_t	staff;
	uint32_t	witness;
	char		terminal[TERMINAL_NAME_MAX + 1];
	int		weighed;	/* ADJUST_WEIGHED_*: the delta's source */
	/*
	 * Set by store_adjust_add from the package as it is then: where it
	 * is, and what the delta is worth at its unit cost and at its
	 * product's price (cents; valued 0: not kept, older adjustments).
	 */
	char		location[LOCATION_MAX + 1];
	int		valued;
	int64_t		cost;
	int64_t		retail;
};
void		 store_adjust_value(struct store_txn *, struct adjust *);
#define ADJUST_WEIGHED_NONE	0	/* counted, or not said */
#define ADJUST_WEIGHED_SCALE	1	/* a stable reading of the scale */
#define ADJUST_WEIGHED_TYPED	2	/* typed in */
const char	*store_adjust_weighed_name(int);
int		 store_adjust_weighed_find(const char *);
void		 store_adjust_add(struct store_txn *, struct adjust *);
int		 store_adjust_get(struct store_txn *, uint64_t, struct adjust *);
int		 store_adjust_decode(const u_char *, size_t, struct adjust *);

/* store-hold.c: holds and recalls by package, batch, product, supplier. */
enum hold_scope {
	HOLD_PACKAGE = 'P',
	HOLD_BATCH = 'B',
	HOLD_PRODUCT = 'R',
	HOLD_SUPPLIER = 'S',
};
struct hold {
	int		scope;
	char		key[LICENCE_MAX + 1];	/* tag, batch, id, licence */
	int		recall;
	char		reason[129];
	uint32_t	staff;
	int64_t		time;
};
int		 store_hold_get(struct store_txn *, int, const char *,
		     struct hold *);
void		 store_hold_put(struct store_txn *, const struct hold *);
void		 store_hold_del(struct store_txn *, int, const char *);
int		 store_hold_decode(const u_char *, size_t, struct hold *);
int		 store_hold_match(struct store_txn *, const struct package *,
		     struct hold *);
const char	*store_hold_scope_name(int);
int		 store_hold_scope_find(const char *);

/* store-customer.c */
enum customer_type {
	CUSTOMER_ADULT = 1,	/* adult use, resident or not */
	CUSTOMER_MEDICAL,	/* a patient with a card of this state */
	CUSTOMER_CAREGIVER,	/* buys for linked patients */
	CUSTOMER_OOS_PATIENT,	/* a patient with another state's card */
};
#define CUSTOMER_PATIENTS	8
struct customer {
	uint32_t	id;
	int		type;
	char		first[41];
	char		last[41];
	int		dob;		/* YYYYMMDD */
	char		id_type[17];	/* dl, id, passport, military */
	char		id_number[33];
	char		id_state[4];
	int		id_expires;	/* YYYYMMDD */
	char		card_number[33];
	char		card_state[4];
	int		card_expires;	/* YYYYMMDD, 0 if no card */
	char		physician[65];
	char		condition[65];
	char		residence[4];	/* state or province of residence */
	char		phone[24];
	char		email[81];
	int		marketing;	/* consented to marketing */
	char		notes[257];
	int64_t		loyalty;	/* points */
	uint32_t	patients[CUSTOMER_PATIENTS];
	u_int		npatients;
	int64_t		created;
	int		veteran;	/* served: a veteran's discount */
	uint32_t	employee;	/* staff number, or 0 */
};
int		 store_customer_get(struct store_txn *, uint32_t,
		     struct customer *);
void		 store_customer_put(struct store_txn *, const struct customer *,
		     const struct customer *);
uint32_t	 store_customer_next_id(struct store_txn *);
int		 store_customer_decode(const u_char *, size_t,
		     struct customer *);
const char	*store_customer_type_name(int);
int		 store_customer_type_find(const char *);
void		 store_customer_norm(int, const char *, char *, size_t);

/* store-drawer.c: cash drawer sessions. */
enum drawer_status { DRAWER_OPEN = 1, DRAWER_CLOSED };
struct drawer {
	uint64_t	id;
	char		terminal[TERMINAL_NAME_MAX + 1];
	int		status;
	int64_t		opened;
	int64_t		closed;
	uint32_t	opened_by;
	uint32_t	closed_by;
	int64_t		float_cents;
	int64_t		drops;
	int64_t		counted;
	int64_t		expected;	/* at close */
	int64_t		refunds;	/* cash refunded, at close */
	/*
	 * Every sale and return made while it is open names it (sale.drawer,
	 * sale_return.drawer): tracked. A drawer opened before they did is
	 * not, and its sales are found by register and time.
	 */
	int		tracked;
};
int		 store_drawer_get(struct store_txn *, uint64_t, struct drawer *);
int		 store_drawer_open_get(struct store_txn *, const char *,
		     struct drawer *);
void		 store_drawer_put(struct store_txn *, struct drawer *);
int		 store_drawer_decode(const u_char *, size_t, struct drawer *);

/* store-queue.c: the door queue. */
enum queue_status { QUEUE_WAITING = 1, QUEUE_CALLED, QUEUE_LEFT };
struct queue_entry {
	uint64_t	ticket;
	uint32_t	customer;
	int64_t		added;
	int		status;
	char		terminal[TERMINAL_NAME_MAX + 1];	/* who called */
	int64_t		called;
	uint32_t	staff;
	int		state;		/* QUEUE_STATE_*: the state's word */
	int64_t		state_at;	/* when it answered, us */
	int64_t		state_moz[3];	/* flower, thc, concentrate left,
					   1/1000 oz; -1 if not said */
	uint64_t	order;		/* a packed pickup order, or 0 */
};
#define QUEUE_STATE_NONE	0	/* not a patient, or not asked */
#define QUEUE_STATE_ACTIVE	1	/* an active registration */
#define QUEUE_STATE_OUTAGE	2	/* unreachable: let in by the rules */
int		 store_queue_get(struct store_txn *, uint64_t,
		     struct queue_entry *);
void		 store_queue_put(struct store_txn *, struct queue_entry *);
int		 store_queue_decode(const u_char *, size_t,
		     struct queue_entry *);

/* store-sale.c */
enum sale_status { SALE_COMPLETE = 1, SALE_VOID };
struct sale_line {
	char		tag[TAG_LEN + 1];
	uint32_t	product;
	char		name[NAME_MAX_ + 1];
	int		unit_weight;
	int64_t		qty;
	int64_t		price;
	int64_t		total;
	int64_t		returned;	/* units or mg brought back */
	int64_t		tax;		/* its share of the taxes, cents;
					   -1: not kept (older sales) */
	int64_t		thc_mg;		/* THC in the line as sold, mg;
					   -1: not kept (older sales) */
	int		typed;		/* weight typed in, not weighed */
	int64_t		cost;		/* the package's cost of the line,
					   cents; -1: not kept (older sales) */
	char		category[CATEGORY_MAX + 1];	/* the product's, then;
					   "": not kept (older sales) */
};
#define SALE_TAXES	8
#define SALE_DISCOUNTS	16
enum discount_kind {
	DISCOUNT_MEDICAL = 1,
	DISCOUNT_SENIOR,
	DISCOUNT_VETERAN,
	DISCOUNT_EMPLOYEE,
	DISCOUNT_ONEOFF,	/* needs a reason */
	DISCOUNT_LOYALTY,	/* points redeemed */
};
struct sale_discount {
	int		kind;
	u_int		line;		/* 1..nlines, or 0: the cart */
	int64_t		percent;	/* 1..100, or 0: value is cents */
	int64_t		value;		/* cents asked; loyalty: points */
	int64_t		amount;		/* cents taken off */
	char		reason[65];
	uint32_t	approver;	/* 0: within the threshold */
};
struct sale_tax {
	char		name[32];
	char		label[64];	/* for receipts; empty: the name */
	int		level;		/* enum rules_tax_level */
	int64_t		ppm;		/* rate, parts per million */
	int64_t		per_mg;		/* or 1e-6 cents per mg of THC */
	int64_t		amount;		/* cents */
};
struct sale {
	uint64_t	 id;
	uint32_t	 customer;	/* 0: not known (walk-in) */
	uint32_t	 patient;	/* a caregiver's patient, or 0 */
	char		 ref[MAX_REF + 1];
	int64_t		 time;
	char		 terminal[TERMINAL_NAME_MAX + 1];
	uint32_t	 staff;
	u_int		 nlines;
	struct sale_line lines[MAX_SALE_LINES];
	int64_t		 subtotal;	/* the lines' prices */
	struct sale_discount discounts[SALE_DISCOUNTS];
	u_int		 ndiscounts;
	int64_t		 discount;	/* sum of discounts */
	int		 approval;	/* not stored: over the threshold */
	struct sale_tax	 taxes[SALE_TAXES];
	u_int		 ntaxes;
	int64_t		 tax;		/* sum of taxes */
	int		 tax_included;	/* in the prices, not added */
	int64_t		 total;		/* what the customer pays */
	int64_t		 tendered;	/* cash handed over */
	int64_t		 change;
	int64_t		 card;		/* paid by card (no cash back) */
	char		 card_ref[33];	/* the card terminal's reference */
	int		 status;
	int64_t		 void_time;
	uint32_t	 void_staff;
	uint32_t	 void_approver;
	char		 void_reason[129];
	int64_t		 points_earned;	/* loyalty, to the customer */
	int64_t		 points_redeemed;
	int64_t		 refunded;	/* by returns */
	uint64_t	 drawer;	/* the drawer session its cash went
					   into (and a void's came out of);
					   0: none (no cash, or history) */
	char		 overridden[128]; /* not stored: the pools a
					    manager overrode (audited) */
	char		 accepted[256];	/* not stored: what a handheld's
					   delivery broke (sale_request) */
	int64_t		 fee;		/* an order's delivery fee, cents */
	int64_t		 fee_tax;	/* the taxes on it (in taxes[]) */
	int		 channel;	/* 0 in store, or the order's
					   ORDER_DELIVERY, ORDER_PICKUP */
	int		 ctype;		/* the customer's type then, 0: not
					   kept (older sales, walk-ins) */
	uint32_t	 override_approver; /* who approved a limit
					    override, 0: none (or older) */
};
int		 store_sale_get(struct store_txn *, uint64_t, struct sale *);
int		 store_sale_walk_since(struct store_txn *, int64_t, struct sale *,
		     int (*)(struct sale *, void *), void *);
int		 store_sale_by_ref(struct store_txn *, const char *, uint64_t *);
void		 store_sale_put(struct store_txn *, const struct sale *, int);
uint64_t	 store_sale_next_id(struct store_txn *);
int		 store_sale_decode(const u_char *, size_t, struct sale *);
uint32_t	 store_sale_subject(const struct sale *);
struct sale_brief {
	int64_t		time;
	uint32_t	staff;
	int		status;
	char		terminal[TERMINAL_NAME_MAX + 1];
	int64_t		qty;		/* of the line asked for */
	int		delivered;	/* a delivery order's (the trace) */
};
int		 store_sale_brief(struct store_txn *, uint64_t, const char *,
		     struct sale_brief *);
/*
 * The sales of a package, from sale.tag: keyed by the block of 256 sale
 * numbers first, so that the entries a commit adds are near each other
 * (the index pages it writes are few), and sale.tag.span says the blocks
 * a package's sales are in. A walk seeks the package in each block.
 */
#define STORE_SALE_BLOCK_SHIFT	8
struct store_sale_tags {
	struct store_txn	*t;
	struct store_iter	 it;
	int			 open;
	int			 legacy;	/* schema 5, read-only */
	char			 tag[TAG_LEN + 1];
	uint64_t		 after;
	uint64_t		 block;
	uint64_t		 last_block;
	size_t			 plen;		/* block and tag, in it */
};
void		 store_sale_tag_add(struct store_txn *, const char *,
		     uint64_t);
void		 store_sale_tags_init(struct store_txn *,
		     struct store_sale_tags *, const char *, uint64_t);
int		 store_sale_tags_next(struct store_sale_tags *, uint64_t *);
void		 store_sale_tags_done(struct store_sale_tags *);
const char	*store_sale_discount_name(int);
int		 store_sale_discount_find(const char *);
int		 store_sale_walk(struct store_txn *, int,
		     int (*)(const struct sale *, void *), void *);

/* store-return.c: goods brought back from a sale, refunded. */
struct sale_return_line {
	char		tag[TAG_LEN + 1];
	int64_t		qty;
	int64_t		refund;		/* cents, taxes in, discounts out */
};
struct sale_return {
	uint64_t	id;
	uint64_t	sale;
	int64_t		time;
	char		terminal[TERMINAL_NAME_MAX + 1];
	uint32_t	staff;
	uint32_t	approver;
	char		reason[129];
	u_int		nlines;
	struct sale_return_line lines[MAX_SALE_LINES];
	int64_t		refund;
	int		method;		/* REFUND_*: how the money went back */
	char		card_ref[33];	/* the card terminal's reference */
	uint64_t	drawer;		/* a cash refund's drawer session (a
					   card refund's if one was open) */
};
/* How a refund went back; a return recorded before it says nothing. */
#define REFUND_UNRECORDED	0
#define REFUND_CASH		1
#define REFUND_CARD		2
const char	*store_return_method_name(int);
int		 store_return_get(struct store_txn *, uint64_t,
		     struct sale_return *);
void		 store_return_add(struct store_txn *, struct sale_return *);
int		 store_return_decode(const u_char *, size_t,
		     struct sale_return *);

/*
 * store-order.c: orders for delivery or pickup, and the stock they
 * reserve by product. What an order may do is order.c's (order.h).
 */
enum order_status {
	ORDER_NEW = 1,
	ORDER_PACKING,
	ORDER_PACKED,
	ORDER_ASSIGNED,
	ORDER_OUT,
	ORDER_DELIVERED,
	ORDER_FAILED,
	ORDER_RETURNED,
	ORDER_CANCELLED,
	ORDER_EXPIRED,
};
#define ORDER_STATUS_MAX	ORDER_EXPIRED
enum order_channel { ORDER_DELIVERY = 1, ORDER_PICKUP };
#define ORDER_LINES		32
#define ORDER_HISTORY		16
#define ORDER_STREET_MAX	128
#define ORDER_CITY_MAX		64
#define ORDER_ZIP_MAX		10
#define ORDER_NOTES_MAX		256
#define ORDER_REASON_MAX	128
#define ORDER_PICKS		64
struct order_pick {
	char		tag[TAG_LEN + 1];
	u_int		line;		/* index in lines */
	int64_t		qty;		/* units or mg */
	int		weighed;	/* ADJUST_WEIGHED_*: the qty's source */
};
struct order_line {
	uint32_t	product;
	char		name[NAME_MAX_ + 1];
	int		unit_weight;
	int64_t		qty;		/* units or mg */
	int64_t		price;		/* cents per unit or per gram */
	int64_t		total;
	int64_t		tax;		/* its share of the taxes */
};
struct order_event {
	int		status;
	int64_t		time;
	uint32_t	staff;		/* 0: stashd itself (expiry) */
	char		terminal[TERMINAL_NAME_MAX + 1];
	char		reason[ORDER_REASON_MAX + 1];
};
struct order {
	uint64_t	 id;
	char		 ref[MAX_REF + 1];
	uint32_t	 customer;
	uint32_t	 patient;	/* a caregiver's patient, or 0 */
	int		 channel;
	char		 street[ORDER_STREET_MAX + 1];
	char		 city[ORDER_CITY_MAX + 1];
	char		 state[4];
	char		 zip[ORDER_ZIP_MAX + 1];
	int64_t		 lat;		/* micro-degrees */
	int64_t		 lon;
	int		 located;	/* lat and lon given */
	int64_t		 window_start;	/* UTC us */
	int64_t		 window_end;
	u_int		 nlines;
	struct order_line lines[ORDER_LINES];
	int64_t		 subtotal;
	struct sale_tax	 taxes[SALE_TAXES];
	u_int		 ntaxes;
	int64_t		 tax;
	int		 tax_included;
	u_int		 zone;		/* 1-based delivery zone, 0: pickup */
	int64_t		 distance;	/* metres from the store, -1: n/a */
	int64_t		 fee;		/* delivery fee, cents */
	int64_t		 total;		/* lines, taxes and fee */
	char		 notes[ORDER_NOTES_MAX + 1];
	int		 status;
	int64_t		 created;
	uint32_t	 staff;
	char		 terminal[TERMINAL_NAME_MAX + 1];
	int64_t		 expires;	/* expiry deadline, us; 0: none */
	u_int		 nhistory;
	struct order_event history[ORDER_HISTORY];
	u_int		 npicks;	/* packed: the packages taken */
	struct order_pick picks[ORDER_PICKS];
	uint32_t	 packer;	/* who sealed it, 0: not sealed */
	int64_t		 sealed;	/* us */
	int		 unreserved;	/* its stock left the shelves (loaded):
					   the product reservation is released,
					   the packages carry it */
	uint64_t	 trip;		/* on this trip, 0: none */
	uint64_t	 sale;		/* handed over in this sale, 0: not yet */
	int64_t		 collected;	/* cash the sale took, cents */
	int		 notify;		/* the customer agreed to hear of it */
};
const char	*store_order_status_name(int);
int		 store_order_status_find(const char *);
const char	*store_order_channel_name(int);
int		 store_order_channel_find(const char *);
int		 store_order_get(struct store_txn *, uint64_t, struct order *);
int		 store_order_by_ref(struct store_txn *, const char *,
		     uint64_t *);
void		 store_order_put(struct store_txn *, const struct order *,
		     const struct order *);
uint64_t	 store_order_next_id(struct store_txn *);
int		 store_order_decode(const u_char *, size_t, struct order *);
int		 store_order_walk_status(struct store_txn *, int, uint64_t,
		     int (*)(uint64_t, void *), void *);
int		 store_order_walk_customer(struct store_txn *, uint32_t,
		     int (*)(uint64_t, void *), void *);
int		 store_order_due(struct store_txn *, int64_t, uint64_t *);
int64_t		 store_reserve_get(struct store_txn *, uint32_t);
void		 store_reserve_put(struct store_txn *, uint32_t, int64_t);

/*
 * store-trip.c: what each open order has picked of a package (so the
 * register leaves it alone), delivery vehicles and trips. What they may
 * do is pack.c's and trip.c's (trip.h).
 */
int64_t		 store_pick_get(struct store_txn *, const char *, uint64_t);
int64_t		 store_pick_sum(struct store_txn *, const char *, uint64_t);
void		 store_pick_put(struct store_txn *, const char *, uint64_t,
		     int64_t);
int		 store_pick_walk(struct store_txn *, const char *,
		     int (*)(uint64_t, int64_t, void *), void *);

#define VEHICLE_PLATE_MAX	12
#define VEHICLE_TEXT_MAX	32
#define VEHICLE_VIN_LEN		17
struct vehicle {
	char		plate[VEHICLE_PLATE_MAX + 1];
	char		make[VEHICLE_TEXT_MAX + 1];
	char		model[VEHICLE_TEXT_MAX + 1];
	char		colour[VEHICLE_TEXT_MAX + 1];
	char		vin[VEHICLE_VIN_LEN + 1];
	int		gps;		/* a GPS device fixed in it */
	int		camera;		/* a camera in it */
	int		active;		/* 0: removed (kept for old trips) */
	int64_t		created;
};
int		 store_vehicle_get(struct store_txn *, const char *,
		     struct vehicle *);
void		 store_vehicle_put(struct store_txn *, const struct vehicle *);
int		 store_vehicle_walk(struct store_txn *,
		     int (*)(const struct vehicle *, void *), void *);

enum trip_status {
	TRIP_PLANNED = 1,	/* orders assigned, nothing moved */
	TRIP_LOADED,		/* the packages are in the vehicle */
	TRIP_OUT,		/* departed */
	TRIP_CLOSED,		/* back: everything accounted for */
	TRIP_CANCELLED,		/* never left */
};
#define TRIP_STATUS_MAX		TRIP_CANCELLED
#define TRIP_ORDERS		64
#define TRIP_FLOAT		32
#define TRIP_CREW		4
#define TRIP_LEDGER_MAX		40
#define TRIP_MISSING		64
struct trip_float {
	char		tag[TAG_LEN + 1];
};
struct trip_missing {
	char		tag[TAG_LEN + 1];
	int64_t		qty;		/* written off, units or mg */
	uint64_t	order;		/* whose, or 0: floating */
};
struct trip {
	uint64_t	 id;
	int		 status;
	uint32_t	 driver;
	uint32_t	 crew[TRIP_CREW];	/* others in the vehicle */
	u_int		 ncrew;
	char		 plate[VEHICLE_PLATE_MAX + 1];
	u_int		 norders;
	uint64_t	 orders[TRIP_ORDERS];	/* in stop order */
	u_int		 nfloat;
	struct trip_float floating[TRIP_FLOAT];	/* dynamic delivery */
	int64_t		 depart_at;	/* planned departure, us; 0: none */
	char		 ledger[TRIP_LEDGER_MAX + 1];	/* the state's number */
	int64_t		 created;
	uint32_t	 staff;
	int64_t		 loaded;
	uint32_t	 loaded_by;
	int64_t		 departed;
	int64_t		 closed;
	uint32_t	 closed_by;
	int64_t		 collected;	/* cash the deliveries took, cents */
	int64_t		 counted;	/* cash the driver handed in */
	u_int		 nmissing;
	struct trip_missing missing[TRIP_MISSING];
	/* Chain of custody: the driver took it over on their handheld. */
	uint32_t	 taken_by;	/* 0: not taken */
	int64_t		 taken_at;
	char		 handheld[TERMINAL_NAME_MAX + 1];	/* "": none */
	/* Each order's ETA worked out at departure, us; 0: none (older). */
	int64_t		 planned[TRIP_ORDERS];
};
const char	*store_trip_status_name(int);
int		 store_trip_status_find(const char *);
int		 store_trip_get(struct store_txn *, uint64_t, struct trip *);
void		 store_trip_put(struct store_txn *, const struct trip *);
uint64_t	 store_trip_next_id(struct store_txn *);
int		 store_trip_walk(struct store_txn *, int,
		     int (*)(const struct trip *, void *), void *);

/*
 * store-sync.c: what a driver's handheld synced. Each journal entry's key
 * keeps its result (so a resent entry is answered, never applied twice);
 * stop events and GPS fixes are kept per trip in time order; a delivery
 * that broke a rule since (a limit, a recall) or could not be committed
 * is a delivery exception for a manager.
 */
#define SYNC_KEY_MAX		64	/* a sale ref: MAX_REF */
struct gps_fix {
	int64_t		 at;		/* us */
	int64_t		 lat;		/* micro-degrees */
	int64_t		 lon;
	int		 quality;	/* NMEA fix quality, 0-8 */
	int		 sats;
	int		 stale;		/* the last fix, not a new one */
};
enum trip_ev_kind {
	TRIP_EV_ARRIVE = 1,
	TRIP_EV_DEPART,
	TRIP_EV_SKIP,
	TRIP_EV_DELIVER,
	TRIP_EV_FAIL,
	TRIP_EV_FIX,
	TRIP_EV_REORDER,	/* the driver's route changed: route[] */
	TRIP_EV_NOGPS,		/* the handheld has had no fix yet */
};
#define TRIP_EV_MAX		TRIP_EV_NOGPS
enum sync_result { SYNC_DONE = 1, SYNC_EXCEPTION };
struct sync_rec {
	char		 key[SYNC_KEY_MAX + 1];
	uint64_t	 trip;
	int64_t		 seq;
	int		 kind;		/* TRIP_EV_* */
	int		 result;	/* SYNC_* */
	uint64_t	 sale;		/* 0: none */
	uint64_t	 exception;	/* 0: none */
	int64_t		 time;		/* when it was synced */
	int64_t		 at;		/* when it happened */
};
struct trip_event {
	uint64_t	 trip;
	int64_t		 at;		/* when it happened, us */
	int64_t		 seq;		/* the handheld's journal sequence */
	int		 kind;		/* TRIP_EV_* */
	uint64_t	 order;		/* 0: none (a fix) */
	char		 reason[129];
	uint64_t	 sale;
	int		 hasfix;
	struct gps_fix	 fix;
	uint32_t	 staff;
	char		 terminal[TERMINAL_NAME_MAX + 1];
	u_int		 nroute;	/* reorder: the stops' new order */
	uint64_t	 route[TRIP_ORDERS];
};
enum dexc_status { DEXC_OPEN = 1, DEXC_RESOLVED };
struct dexc {
	uint64_t	 id;
	uint64_t	 trip;
	uint64_t	 order;
	uint64_t	 sale;		/* committed anyway; 0: nothing was */
	char		 key[SYNC_KEY_MAX + 1];
	int		 kind;		/* TRIP_EV_* */
	int64_t		 at;		/* when it happened */
	int64_t		 time;		/* when it was synced */
	uint32_t	 staff;
	char		 terminal[TERMINAL_NAME_MAX + 1];
	char		 message[384];
	int		 status;	/* DEXC_* */
	uint32_t	 resolved_by;
	int64_t		 resolved_at;
	char		 note[129];
};
const char	*store_trip_ev_name(int);
int		 store_trip_ev_find(const char *);
int		 store_sync_get(struct store_txn *, const char *,
		     struct sync_rec *);
void		 store_sync_put(struct store_txn *, const struct sync_rec *);
#define STORE_RESUME_MAX	64	/* store_iter_after's key */
u_int		 store_sync_prune(struct store_txn *, int64_t, u_int, u_char *,
		     size_t *);
void		 store_trip_event_put(struct store_txn *,
		     const struct trip_event *);
int		 store_trip_event_walk(struct store_txn *, uint64_t,
		     int (*)(const struct trip_event *, void *), void *);
void		 store_gps_put(struct store_txn *, uint64_t,
		     const struct gps_fix *);
int		 store_gps_walk(struct store_txn *, uint64_t, int64_t,
		     int (*)(const struct gps_fix *, void *), void *);
int		 store_gps_last(struct store_txn *, uint64_t,
		     struct gps_fix *);
u_int		 store_gps_prune(struct store_txn *, int64_t, u_int, int *);
const char	*store_dexc_status_name(int);
int		 store_dexc_status_find(const char *);
int		 store_dexc_get(struct store_txn *, uint64_t, struct dexc *);
void		 store_dexc_put(struct store_txn *, const struct dexc *);
uint64_t	 store_dexc_next_id(struct store_txn *);
int		 store_dexc_walk(struct store_txn *, int,
		     int (*)(const struct dexc *, void *), void *);

/*
 * store-roll.c: rollups, kept by store_sale_put, store_return_add and
 * store_adjust_add in the transaction that writes what they summarise,
 * so a report over a period reads days, not sales. Each is a vector of
 * sums (ROLL_*) under a key whose dimensions say what it sums.
 */
enum roll_field {
	ROLL_TXNS,		/* sales (a product's: sales with it) */
	ROLL_LINES,
	ROLL_UNITS,		/* each */
	ROLL_MG,		/* sold by weight */
	ROLL_GROSS,		/* line prices */
	ROLL_DISCOUNT,
	ROLL_NET,		/* total less taxes */
	ROLL_TAX,
	ROLL_TAX_EXCISE,	/* by enum rules_tax_level */
	ROLL_TAX_STATE,
	ROLL_TAX_COUNTY,
	ROLL_TAX_CITY,
	ROLL_TAX_DISTRICT,
	ROLL_TOTAL,		/* what customers paid */
	ROLL_COST,		/* the packages' cost of what was sold */
	ROLL_CASH,		/* tendered less change */
	ROLL_CARD,
	ROLL_VOIDS,		/* sales voided (at the sale) */
	ROLL_VOIDED,		/* their totals */
	ROLL_RETURNS,
	ROLL_REFUND,
	ROLL_REFUND_UNITS,
	ROLL_REFUND_MG,
	ROLL_REFUND_CASH,
	ROLL_REFUND_CARD,
	ROLL_EARNED,		/* loyalty points */
	ROLL_REDEEMED,
	ROLL_APPROVALS,		/* discounts, limit overrides, voids and
				   returns approved */
	ROLL_VOIDS_DONE,	/* voids made (by the staff, that hour) */
	ROLL_DELIVERY,		/* visits by channel */
	ROLL_PICKUP,
	ROLL_COUNT,		/* adjustments */
	ROLL_RETAIL,		/* adjustments at the product's price */
	ROLL_FIELDS
};
#define ROLL_CHANNEL_STORE	0
struct roll {
	int64_t		v[ROLL_FIELDS];
};
struct roll_key {
	int		day;		/* YYYYMMDD, store-local */
	uint32_t	product;	/* 0: the sale as a whole */
	uint32_t	staff;
	int		channel;	/* ROLL_CHANNEL_STORE, ORDER_* */
	int		ctype;		/* enum customer_type */
	char		terminal[TERMINAL_NAME_MAX + 1];
};
void		 roll_sale(struct store_txn *, const struct sale *,
		     const struct sale *);
void		 roll_return(struct store_txn *, const struct sale_return *);
void		 roll_adjust(struct store_txn *, const struct adjust *);
int64_t		 roll_unit_cost(struct store_txn *,
		     const struct package *);
void		 roll_lines(struct store_txn *, const struct sale *,
		     struct roll *);
int		 roll_rebuild(struct store_txn *, uint64_t *);
int		 roll_till_build(struct store_txn *, uint64_t *);
int		 roll_till_key_parse(const u_char *, size_t, struct roll_key *);
int		 roll_staff_key_parse(const u_char *, size_t, struct roll_key *);
int		 roll_decode(const u_char *, size_t, struct roll *);
int		 roll_walk(struct store_txn *, int (*)(const char *,
		     const u_char *, size_t, const struct roll *, void *), void *);
int		 roll_key_parse(const u_char *, size_t, struct roll_key *);
void		 roll_sum(struct roll *, const struct roll *);
const char	*roll_channel_name(int);
int		 roll_channel_find(const char *);
int		 roll_sale_ctype(struct store_txn *, const struct sale *);

/* audit.c: the hash-chained audit trail. */
#define AUDIT_HASH	32	/* BLAKE2b-256 */
struct audit {
	uint64_t	seq;
	int64_t		time;
	uint32_t	staff;
	uint32_t	approver;
	char		terminal[TERMINAL_NAME_MAX + 1];
	char		action[33];
	char		subject[65];
	char		detail[512];
	u_char		prev[AUDIT_HASH];
	u_char		hash[AUDIT_HASH];
};
void		 audit_append(struct store_txn *, uint32_t, uint32_t,
		     const char *, const char *, const char *, const char *,
		     ...) printflike(7, 8);
int		 audit_get(struct store_txn *, uint64_t, struct audit *);
int		 audit_verify(struct store_txn *, uint64_t *, uint64_t *,
		     char **);
size_t		 audit_latest(struct store_txn *, uint64_t *, size_t);

#endif /* STORE_H */
