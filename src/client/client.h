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

#ifndef CLIENT_H
#define CLIENT_H

/*
 * The terminal program, stash: the connection to stashd and the terminal's
 * own state (client-*.c), a small widget kit (ui-*.c, the only code that
 * calls ncurses) and the screens built on it (screens/screen-*.c).
 */

#include "stash.h"
#include "chart.h"
#include "rules.h"

struct event_base;

/*
 * client-mode.c: what the program (stash.c) tells the library and the
 * screens at start: its event loop, the station it runs as, and how to
 * leave. Nothing in the library or screens/ calls stash.c.
 */
struct client_mode {
	struct event_base	*base;
	int			 door;		/* --door: the door station */
	int			 setup;		/* --setup: devices first */
	int			 intake;	/* --intake: receiving */
	int			 driver;	/* --driver: the handheld */
	void			(*exit)(int, const char *);	/* leave */
};
extern struct client_mode	client_mode;
void		 client_exit(int, const char *, ...) printflike(2, 3);

/*
 * Keys, as ui-key.c delivers them: printable ASCII and control characters as
 * themselves, everything else as one of these.
 */
#define UI_KEY_BASE	0x1000
enum ui_key {
	UI_KEY_ENTER = UI_KEY_BASE,
	UI_KEY_ESCAPE,
	UI_KEY_TAB,
	UI_KEY_BTAB,
	UI_KEY_BACKSPACE,
	UI_KEY_DELETE,
	UI_KEY_UP,
	UI_KEY_DOWN,
	UI_KEY_LEFT,
	UI_KEY_RIGHT,
	UI_KEY_HOME,
	UI_KEY_END,
	UI_KEY_PPAGE,
	UI_KEY_NPAGE,
	UI_KEY_F1,		/* F1 to F12 follow in order */
};
#define UI_KEY_F(n)	(UI_KEY_F1 + (n) - 1)
#define UI_KEY_CTRL(c)	((c) & 0x1f)
#define UI_KEY_PRINTABLE(k) ((k) >= 0x20 && (k) < 0x7f)

/* Semantic colours; ui-colour.c maps them to a theme, or to attributes. */
enum ui_colour {
	UI_NORMAL,
	UI_TITLE,		/* the top line */
	UI_BANNER,		/* connection lost */
	UI_INFO,		/* status line, plain */
	UI_OK,			/* status line, success */
	UI_WARN,		/* status line, warning */
	UI_ERROR,		/* status line, error */
	UI_FKEY,		/* "F2" in the key bar */
	UI_FLABEL,		/* "Find" in the key bar */
	UI_HEADER,		/* column headings */
	UI_SELECTED,		/* the selected list line */
	UI_PROMPT,		/* an input's prompt */
	UI_INPUT,		/* an input's text */
	UI_BOX,			/* dialog frames */
	UI_DIM,			/* less important text */
	UI_TOTAL,		/* totals */
	UI_BIG,			/* change due */
	UI_VOID,		/* a voided sale */
	UI_PASS,		/* the door's OK banner */
	UI_SERIES1,		/* a chart's series, six colours */
	UI_SERIES2,
	UI_SERIES3,
	UI_SERIES4,
	UI_SERIES5,
	UI_SERIES6,
	UI_COLOUR_MAX
};

struct ui_rect {
	int	x;
	int	y;
	int	w;
	int	h;
};

/* client.c: the connection to stashd. */
enum client_state {
	CLIENT_DISCONNECTED,	/* waiting to reconnect */
	CLIENT_CONNECTING,	/* TCP (and TLS) connect */
	CLIENT_HANDSHAKE,	/* enroll and hello sent */
	CLIENT_READY,		/* hello answered: requests may be sent */
};

struct client_config {
	char		*host;
	char		*port;
	char		*terminal;
	char		*cred_path;
	char		 credential[65];
	char		*enrol_code;	/* -E: enrol before hello */
	int		 tls;
	char		*ca_file;
	char		*fingerprint;	/* 64 hex, lower case */
};

struct client_hooks {
	void	(*state)(void);			/* connection state changed */
	void	(*event)(json_t *);		/* a pushed event */
	void	(*no_session)(const char *);	/* the server says: log in */
	void	(*session_lost)(void);		/* reconnected: log in again */
	void	(*refused)(const char *);	/* hello or enroll refused */
};

/*
 * A reply: result is the "result" object (borrowed) on success; otherwise
 * result is NULL and code and message say why. The client's own codes are
 * "offline" (not connected when asked) and "disconnected" (the connection
 * was lost before the reply came: the request may or may not have run).
 */
typedef void	(*client_cb)(json_t *, const char *, const char *, void *);

int		 client_init(struct event_base *, struct client_config *,
		     const struct client_hooks *, char **);
void		 client_free(void);
void		 client_connect(void);
enum client_state client_state(void);
const char	*client_error(void);
int		 client_connected_once(void);
const char	*client_address(void);
json_int_t	 client_request(const char *, json_t *, client_cb, void *);
json_int_t	 client_request_owned(const char *, json_t *, client_cb, void *,
		     void *, void (*)(void *));
void		 client_forget(void *);

/* client-session.c: what the terminal knows about its store and staff. */
struct client_session {
	char		*terminal;
	int64_t		 boot;		/* when stash started, µs */
	int64_t		 offset;	/* server clock - ours, µs */

	char		*server;
	char		*store_name;
	char		*store_licence;
	char		*store_state;
	char		*store_tz;

	int		 logged_in;
	int64_t		 staff_id;
	char		*staff_name;
	char		*staff_role;
	uint32_t	 perms;
	int64_t		 shift_start;	/* server time of the first login */
	char		*receipt_footer;	/* the store's, or NULL */
};
extern struct client_session	client_session;
void		 client_session_init(const char *);
int		 client_session_hello(json_t *, char **);
void		 client_session_time(json_t *);
int		 client_session_login(json_t *, char **);
void		 client_session_logout(int);
int64_t		 client_session_now(void);
char		*client_session_time_str(int64_t, char *, size_t);
char		*client_session_first_name(const char *, char *, size_t);

/* client-cred.c: the terminal's enrolment credential file. */
char		*client_home_path(const char *, const char *, const char *);
char		*client_cred_default_path(const char *);
int		 client_cred_load(const char *, char *, size_t, char **);
int		 client_cred_save(const char *, const char *, char **);

/* client-tls.c: TLS to stashd, verified by CA or pinned fingerprint. */
struct ssl_ctx_st;
struct ssl_st;
struct ssl_ctx_st *client_tls_context(const char *, char **);
struct ssl_st	*client_tls_new(struct ssl_ctx_st *, const char *, int);
int		 client_tls_check(struct ssl_st *, const char *, char **);
char		*client_tls_error(struct ssl_st *, unsigned long);
int		 client_tls_fingerprint_parse(const char *, char *, size_t);

/* client-wedge.c: telling a keyboard-wedge scanner from a person. */
#define WEDGE_MAX	128
struct client_wedge {
	char		 buf[WEDGE_MAX];
	size_t		 len;
	int64_t		 first;		/* time of the burst's first key */
	int64_t		 last;		/* time of the latest key */
};
void		 client_wedge_reset(struct client_wedge *);
int		 client_wedge_key(struct client_wedge *, int, int64_t);
int		 client_wedge_enter(struct client_wedge *, int64_t, char *,
		     size_t);

/* client-idscan.c: an ID scanned by a keyboard-wedge scanner. */
struct dev_id;
struct client_op_customer_list;
typedef void	(*client_idscan_cb)(const struct dev_id *, const char *,
		     void *);
struct client_idscan {
	u_char		*buf;		/* the payload so far */
	size_t		 size;
	size_t		 len;
	int		 capturing;
	int		 overflow;
	struct event	*ev;		/* the idle gap that ends it */
	client_idscan_cb cb;		/* the ID, or NULL and why not */
	void		*arg;
};
void		 client_idscan_init(struct client_idscan *,
		     struct event_base *, client_idscan_cb, void *);
struct client_idscan_to {
	void		(*fn)(const struct dev_id *);
};
void		 client_idscan_to(const struct dev_id *, const char *, void *);
void		 client_idscan_free(struct client_idscan *);
int		 client_idscan_capturing(const struct client_idscan *);
void		 client_idscan_start(struct client_idscan *);
void		 client_idscan_key(struct client_idscan *, int);
const struct client_op_customer *client_idscan_match(
		     const struct client_op_customer_list *, const char *);

struct client_op_item;
struct client_op_sale_req;
struct client_op_customer;
struct client_op_customer_info;

/* client-cart.c: the sale being built. */
struct cart_line {
	char		 tag[TAG_LEN + 1];
	int64_t		 product;
	char		*name;
	char		*sku;
	int		 weight;	/* qty in mg and price per g */
	int64_t		 price;		/* cents per unit or per gram */
	int64_t		 qty;		/* units or mg */
	int64_t		 onhand;	/* units or mg, from the server */
	char		 batch[41];
	char		 supplier[41];
	int		 held;		/* a hold or recall covers it */
	int		 typed;		/* weight typed, not from the scale */
	char		 over[96];	/* "co_adult_day by 0.700 g", or "" */
};
/* A limit pool as the last sale.quote left it, this cart counted. */
#define CART_POOLS	8
struct cart_pool {
	char		 name[48];
	char		 unit[8];	/* mg, ml, units */
	char		 window[24];
	int64_t		 used;		/* with this cart */
	int64_t		 cap;
	int64_t		 remaining;	/* 0 when over */
	int		 over;
};
/* A discount asked for on the cart or a line (sale.quote, sale.commit). */
#define CART_DISCOUNTS	15
struct cart_discount {
	char		 kind[12];	/* medical, senior, ..., oneoff */
	u_int		 line;		/* 1-based, or 0: the whole cart */
	int		 percent;	/* 1..100, or 0: amount says */
	int64_t		 amount;	/* cents, when not a percentage */
	char		 reason[65];	/* a one-off's */
	int64_t		 quoted;	/* what stashd takes off, or -1 */
};
#define CART_TRIAL_NONE		0
#define CART_TRIAL_DISCOUNT	1	/* the last discount, until quoted */
#define CART_TRIAL_REDEEM	2	/* the points, until quoted */
struct cart {
	struct cart_line lines[MAX_SALE_LINES];
	u_int		 n;
	char		 ref[MAX_REF + 1];	/* of the commit, once sent */
	int64_t		 cash;		/* tendered with that commit */
	int64_t		 card;		/* paid by card, with card_ref */
	char		 card_ref[33];	/* the card terminal's reference */
	int		 pending;	/* the commit awaits its reply */
	int		 in_doubt;	/* the connection was lost meanwhile */

	/* stashd's figures for the cart as it is (sale.quote). */
	u_int		 gen;		/* bumped by every change */
	int		 quote_valid;	/* for this gen */
	int64_t		 quote_tax;
	int64_t		 quote_total;	/* what the customer pays */
	char		 quote_taxes[96];	/* "label 1.23, label 4.56" */

	/* Discounts and loyalty points, kept only once stashd agrees. */
	struct cart_discount discounts[CART_DISCOUNTS];
	u_int		 ndiscounts;
	int64_t		 redeem;	/* loyalty points to spend, or 0 */
	int64_t		 redeem_quoted;	/* what they take off, or -1 */
	int		 trial;		/* CART_TRIAL_*: awaiting the quote */
	int		 quote_ok;	/* the last quote could be sold */
	int		 quote_approval; /* and needs a manager */
	int64_t		 quote_discount;
	char		 quote_error[256];
	char		 disc_refused[256];	/* why the last was dropped */

	/* The limit pools with this cart counted (the last quote's). */
	int		 has_limits;
	u_int		 npools;
	struct cart_pool pools[CART_POOLS];
	u_int		 last;		/* line last added or changed, 1-based */
};
extern struct cart	client_cart;
void		 client_cart_clear(void);
void		 client_cart_watch(int);
void		 client_cart_watch_connected(void);
void		 client_cart_touch(void);
int		 client_cart_locked(void);
int		 client_cart_find(const char *);
int		 client_cart_add(const struct client_op_item *, int64_t,
		     char **);
int		 client_cart_set_qty(u_int, int64_t, char **);
void		 client_cart_remove(u_int);
int		 client_cart_line_total(const struct cart_line *, int64_t *);
int		 client_cart_total(int64_t *);
int		 client_cart_due(int64_t *);
void		 client_cart_quote(void);
int		 client_cart_stock(const char *, int64_t);
int		 client_cart_hold(const char *, const char *, int);
void		 client_cart_commit_args(struct client_op_sale_req *,
		     int64_t);
void		 client_cart_commit_args_free(struct client_op_sale_req *);
int		 client_cart_typed(void);
void		 client_cart_sent(void);
void		 client_cart_answered(void);
void		 client_cart_lost(void);
void		 client_cart_unsent(void);
int		 client_cart_discount_add(const struct cart_discount *,
		     char **);
int		 client_cart_discount_remove(u_int);
int		 client_cart_redeem(int64_t, char **);
u_int		 client_cart_customer_changed(void);
u_int		 client_cart_rows(void);

/* client-customer.c: the customer (and patient) the sale is for. */
struct client_customer {
	int64_t		 id;		/* 0: a walk-in */
	int64_t		 patient;	/* a caregiver buys for them, or 0 */
	struct client_op_customer_info *info;	/* customer.get's */
	struct client_op_customer *patient_info; /* the patient */
	char		*refused;	/* the last commit's refusal */
	int		 loading;	/* customer.get asked */
	int		 stale;		/* the last customer.get failed */
};
extern struct client_customer	client_customer;
void		 client_customer_clear(void);
void		 client_customer_refresh(void);
int		 client_customer_set(const struct client_op_customer *,
		     const struct client_op_customer *);
void		 client_customer_refused(const char *);
void		 client_customer_commit_args(struct client_op_sale_req *);
const struct client_op_customer *client_customer_get(void);
int64_t		 client_customer_loyalty(void);
char		*client_customer_name(json_t *, char *, size_t);
int		 client_customer_age(const char *);
char		*client_customer_amount(int64_t, const char *, char *, size_t);

/* client-receipt.c: a sale as receipt lines. */
struct client_receipt {
	char		**lines;
	u_int		  n;
	u_int		  max;		/* 0: a sale receipt's bound */
};
void		 client_receipt_build(struct client_receipt *, json_t *, u_int);
void		 client_receipt_report(struct client_receipt *, u_int,
		     const char *, const char **, u_int);
void		 client_receipt_free(struct client_receipt *);
char		*client_receipt_qty(json_t *, char *, size_t);
const char	*client_receipt_tax_label(json_t *);

/* client-dev.c: the terminal's devices (scale, scanner, printer, ...). */
enum client_dev_role {
	CLIENT_DEV_SCALE,
	CLIENT_DEV_SCANNER,
	CLIENT_DEV_PRINTER,
	CLIENT_DEV_DISPLAY,
	CLIENT_DEV_ID,
	CLIENT_DEV_LABEL,		/* a ZPL label printer */
	CLIENT_DEV_GPS,			/* an NMEA GPS (the driver's) */
	CLIENT_DEV_ROLES
};
#define CLIENT_DEV_MAX		8
struct client_dev_conf {
	enum client_dev_role	 role;
	char			 driver[32];
	char			 port[256];
	char			 options[128];
};
/* What the scale shows. */
#define CLIENT_DEV_NONE		0	/* no reading */
#define CLIENT_DEV_STABLE	1	/* settled: may be taken */
#define CLIENT_DEV_MOTION	2	/* moving or not settled yet */
#define CLIENT_DEV_OTHER	3	/* zero, overload, wrong unit, error */
struct client_dev_reading {
	int		 state;
	int64_t		 mg;
	int64_t		 when;
	char		 text[48];
};
typedef void	(*client_dev_scan_cb)(const char *);
struct dev_id;
typedef void	(*client_dev_id_cb)(const struct dev_id *);
extern char	*client_dev_path;
const char	*client_dev_role_name(enum client_dev_role);
char		*client_dev_default_path(const char *);
int		 client_dev_parse_line(const char *, struct client_dev_conf *,
		     char **);
int		 client_dev_load(const char *, int, struct client_dev_conf *,
		     u_int *, char **);
int		 client_dev_save(const char *, const struct client_dev_conf *,
		     u_int, char **);
int		 client_dev_start(struct event_base *,
		     const struct client_dev_conf *, u_int, char **);
void		 client_dev_stop(void);
u_int		 client_dev_count(void);
const struct client_dev_conf *client_dev_get(u_int, const char **,
		     enum ui_colour *);
int		 client_dev_has(enum client_dev_role);
int		 client_dev_scale(int64_t *, char *, size_t);
u_int		 client_dev_scale_changes(void);
/* What a screen last took from the scale, so one weight is not taken twice. */
struct client_dev_taken {
	int		 taken;		/* a weight was taken */
	u_int		 changes;	/* the scale's changes then */
};
int		 client_dev_scale_stale(const struct client_dev_taken *);
void		 client_dev_scale_took(struct client_dev_taken *);
void		 client_dev_on_scan(client_dev_scan_cb);
const char	*client_dev_last_scan(void);
void		 client_dev_on_id(client_dev_id_cb);
struct dev_position;
typedef void	(*client_dev_position_cb)(const struct dev_position *);
void		 client_dev_on_position(client_dev_position_cb);
int		 client_dev_sale(json_t *, char **);
int		 client_dev_print_test(char **);
int		 client_dev_report(const char *, const char **, u_int, char **);
int		 client_dev_display(const char *, const char *);
char		*client_dev_summary(char *, size_t, enum ui_colour *);
u_int		 client_dev_ports(char [][128], u_int);
int		 client_dev_label(const char *, const char *, const char *,
		     const char *, char **);
int		 client_dev_label_test(char **);
int		 client_dev_bag_label(const char *, const char **, u_int,
		     char **);
const char	*client_dev_label_where(void);

/*
 * client-journal.c: the driver's handheld store (its own LMDB file) and
 * offline journal. An entry is trip.sync's ENTRY (json) with its state.
 */
#define JOURNAL_KEY_MAX		128
#define JOURNAL_TEXT_MAX	(1024 * 1024)	/* one record's JSON */
struct journal_entry {
	uint64_t	 seq;
	char		 key[JOURNAL_KEY_MAX];	/* TERMINAL-TRIP-SEQ */
	int64_t		 at;			/* UTC µs */
	char		 kind[16];		/* arrive, deliver, fix ... */
	char		*json;			/* the ENTRY, owned */
	int		 acked;			/* stashd has it */
	char		 result[16];		/* done, duplicate, exception */
	int64_t		 sale;
	char		 exception[256];
};
/* stashd's answer for one entry (trip.sync's "acked"). */
struct journal_ack {
	uint64_t	 seq;
	char		 key[JOURNAL_KEY_MAX];
	char		 result[16];
	int64_t		 sale;
	char		 exception[256];
};
char		*client_journal_default_path(const char *);
int		 client_journal_kind(const char *);
int		 client_journal_open(const char *, const char *, char **);
void		 client_journal_close(void);
int		 client_journal_is_open(void);
void		 client_journal_encode(struct buf *,
		     const struct journal_entry *);
int		 client_journal_decode(const u_char *, size_t,
		     struct journal_entry *, char **);
void		 client_journal_entry_free(struct journal_entry *);
int64_t		 client_journal_trip(void);
int		 client_journal_load(int64_t, json_t *, char **);
json_t		*client_journal_bundle(char **);
int		 client_journal_append(const char *, json_t *,
		     struct journal_entry *, char **);
int		 client_journal_walk(int (*)(const struct journal_entry *,
		     void *), void *, char **);
int		 client_journal_pending(struct journal_entry *, u_int, u_int *,
		     char **);
int		 client_journal_ack(const struct journal_ack *, u_int, u_int *,
		     char **);
int		 client_journal_counts(u_int *, u_int *);
#define JOURNAL_NOTE_DRIVER	1
#define JOURNAL_NOTE_ROUTE	2
int		 client_journal_note_put(u_int, json_t *, char **);
json_t		*client_journal_note_get(u_int);
int		 client_journal_wipe(char **);

/*
 * client-driver.c: the driver's terminal: the trip on the handheld, what
 * was done at each stop (the journal replayed), the checks at the door,
 * the GPS and the sync.
 */
#define DRIVER_REFUSALS		16
enum driver_outcome {
	DRIVER_OPEN,
	DRIVER_DELIVERED,
	DRIVER_FAILED,		/* not handed over: reason */
	DRIVER_SKIPPED,		/* passed by: reason */
};
struct driver_person {
	int		 present;
	int64_t		 id;
	char		 name[96];
	char		 first[48];
	char		 last[48];
	int		 dob;		/* YYYYMMDD */
	char		 id_number[40];
	int		 id_expiry;
	char		 type[16];	/* adult, medical, caregiver */
	char		 card[40];
	int		 card_expiry;
	char		 state[4];
	char		 residence[4];
};
struct driver_line {
	char		 tag[TAG_LEN + 1];
	char		 name[81];
	char		 category[17];
	char		 unit[8];
	int64_t		 qty;
	int64_t		 price;		/* cents, the line */
	int64_t		 tax;
	int		 has_limits;
	struct limits_line limits;
};
struct driver_stop {
	int64_t		 order;
	u_int		 seq;
	int64_t		 eta;
	char		 address[160];
	char		 notes[256];
	int64_t		 lat, lon;
	struct driver_person customer;
	struct driver_person patient;	/* a caregiver's patient */
	struct driver_line *lines;
	u_int		 nlines;
	struct limits_line *history;	/* the subject's, from stashd */
	u_int		 nhistory;
	int64_t		 fee, subtotal, tax, total;

	int64_t		 arrived;	/* µs, 0: not yet */
	int64_t		 departed;
	enum driver_outcome outcome;
	int64_t		 done;
	char		 reason[64];
	int64_t		 cash;		/* tendered */
	char		 card_ref[33];
	int		 synced;	/* stashd has its outcome */
	int64_t		 sale;
	char		 exception[256];
};
/* An ID at the door: scanned (AAMVA) or typed. */
struct driver_id {
	char		 name[200];
	char		 first[96];
	char		 last[96];
	int		 dob;
	int		 expiry;
	char		 number[96];
	char		 state[4];
	int		 scanned;
};
struct driver_fix {
	int		 have;
	int		 nofix;		/* the GPS says it has none */
	int		 told;		/* none yet: journalled as nogps */
	int64_t		 lat, lon;	/* µdeg */
	int64_t		 at;		/* when received, µs */
	int		 quality;
	int		 sats;
};
struct driver {
	int64_t		 trip;		/* 0: none on the handheld */
	char		 store_name[81];
	char		 licence[41];
	char		 state[4];
	char		 tz[65];
	char		 rules_name[32];
	struct rules	*rules;
	char		 refusals[DRIVER_REFUSALS][32];
	u_int		 nrefusals;
	struct driver_stop *stops;
	u_int		 nstops;
	u_int		*route;		/* shown order: indices in stops */

	int		 gps_interval;	/* s */
	struct driver_fix fix;
	u_int		 fixes;		/* journalled this run */

	u_int		 unsent;	/* entries stashd has not acked */
	u_int		 exceptions;
	int		 syncing;
	char		 sync_error[256];
	char		 journal_error[256];
	void		(*closed)(void);	/* the trip closed: wiped */
};
extern struct driver	client_driver;
struct dev_id;
int		 client_driver_init(struct event_base *, const char *,
		     const char *, int, char **);
void		 client_driver_free(void);
int		 client_driver_reload(char **);
void		 client_driver_counts(void);
int		 client_driver_date(const char *);
struct driver_stop *client_driver_find(int64_t);
int64_t		 client_driver_fix_age(void);
int		 client_driver_fix_stale(void);
int		 client_driver_record(const char *, struct driver_stop *,
		     json_t *, char **);
json_t		*client_driver_id_json(const struct driver_id *);
int		 client_driver_deliver(struct driver_stop *,
		     const struct driver_id *, int64_t, const char *, char **);
int		 client_driver_reason(const char *, struct driver_stop *,
		     const char *, char **);
struct client_op_error;
json_int_t	 client_driver_download(int64_t, void (*)(const struct
		     client_op_error *, void *), void *);
int		 client_driver_print_receipt(const struct driver_stop *,
		     struct client_receipt *, u_int, char **);
void		 client_driver_id_from_dev(const struct dev_id *,
		     struct driver_id *);
int		 client_driver_check(const struct driver_stop *,
		     const struct driver_id *, char *, size_t, const char **);
int		 client_driver_refusal_ok(const char *);
int		 client_driver_move(u_int, u_int, const char *, char **);
void		 client_driver_credentials(int64_t, const char *);
int		 client_driver_offline_login(int64_t, const char *, char **);
int		 client_driver_relogin(void);
void		 client_driver_connected(void);
int		 client_driver_take(int64_t, json_t *, char **);
int		 client_driver_wipe(char **);
json_t		*client_driver_receipt(const struct driver_stop *);

/* ui-screen.c */
int		 ui_screen_init(char **);
void		 ui_screen_done(void);
void		 ui_screen_resize(void);
void		 ui_screen_redraw(void);
int		 ui_screen_rows(void);
int		 ui_screen_cols(void);
int		 ui_screen_ascii(void);
void		 ui_screen_dirty(void);
int		 ui_screen_is_dirty(void);
void		 ui_screen_begin(void);
void		 ui_screen_end(void);
void		 ui_screen_beep(void);
void		 ui_screen_cursor(int, int);

/* ui-colour.c */
void		 ui_colour_init(void);
int		 ui_colour_enabled(void);
u_int		 ui_colour_attr(enum ui_colour);

/* ui-key.c */
typedef void	(*ui_key_cb)(int, int64_t);
void		 ui_key_init(struct event_base *, ui_key_cb, int);
int		 ui_key_esc_fkeys(void);
void		 ui_key_free(void);
void		 ui_key_capture(int);

/* ui-draw.c */
int		 ui_draw_width(const char *);
int		 ui_draw_str(int, int, int, enum ui_colour, const char *);
int		 ui_draw_text(int, int, int, enum ui_colour, const char *, ...)
		     printflike(5, 6);
int		 ui_draw_right(int, int, int, enum ui_colour, const char *);
void		 ui_draw_centre(int, int, int, enum ui_colour, const char *);
void		 ui_draw_fill(int, int, int, enum ui_colour);
void		 ui_draw_clear(const struct ui_rect *, enum ui_colour);
void		 ui_draw_hline(int, int, int, enum ui_colour);
void		 ui_draw_box(const struct ui_rect *, enum ui_colour,
		     const char *);
int		 ui_draw_big_width(const char *);
void		 ui_draw_big(int, int, enum ui_colour, const char *);
int		 ui_draw_banner_width(const char *);
void		 ui_draw_banner(int, int, int, enum ui_colour, const char *);
char		*ui_draw_abbrev(const char *, size_t, char *, size_t);

/* ui-status.c */
void		 ui_status_set(enum ui_colour, const char *, ...)
		     printflike(2, 3);
void		 ui_status_clear(void);
const char	*ui_status_text(void);
int		 ui_status_rows(void);
void		 ui_status_draw(int);
void		 ui_status_title(int, const char *, const char *);
void		 ui_status_banner(int, const char *);

/* ui-fkeys.c */
struct ui_fkey {
	const char	*key;	/* "F2" */
	const char	*label;	/* "Find" */
};
void		 ui_fkeys_draw(int, const struct ui_fkey *, u_int);
int		 ui_fkeys_more(void);

/* ui-input.c: a line editor, optionally masked. */
#define UI_INPUT_MAX		128
#define UI_INPUT_MASKED		0x1	/* show '*' for each character */
#define UI_INPUT_DIGITS		0x2	/* 0-9 only */
#define UI_INPUT_DECIMAL	0x4	/* 0-9 and one '.' */
struct ui_input {
	char		 buf[UI_INPUT_MAX];
	size_t		 len;
	size_t		 cur;
	size_t		 max;
	int		 flags;
	int		 fresh;		/* the next character replaces all */

	char		 mbuf[UI_INPUT_MAX];	/* the mark */
	size_t		 mlen;
	size_t		 mcur;
	int		 mfresh;
};
enum ui_input_result {
	UI_INPUT_IGNORED,	/* not a key for the input */
	UI_INPUT_CHANGED,
	UI_INPUT_REFUSED,	/* a character the input does not take */
	UI_INPUT_ENTER,
};
void		 ui_input_init(struct ui_input *, size_t, int);
void		 ui_input_set(struct ui_input *, const char *, int);
void		 ui_input_clear(struct ui_input *);
const char	*ui_input_text(struct ui_input *);
int		 ui_input_empty(struct ui_input *);
enum ui_input_result ui_input_key(struct ui_input *, int);
void		 ui_input_mark(struct ui_input *);
void		 ui_input_restore(struct ui_input *);
void		 ui_input_draw(struct ui_input *, int, int, int, const char *,
		     int);

/* ui-list.c: a scrolling list drawn line by line by a callback. */
typedef void	(*ui_list_line_cb)(void *, u_int, char *, size_t,
		     enum ui_colour *);
struct ui_list {
	u_int		 count;
	u_int		 sel;
	u_int		 top;
	u_int		 height;	/* rows at the last draw */
	int		 noselect;	/* a viewer: no selected line */
	ui_list_line_cb	 line;
	void		*arg;
};
void		 ui_list_init(struct ui_list *, ui_list_line_cb, void *);
void		 ui_list_set_count(struct ui_list *, u_int);
void		 ui_list_select(struct ui_list *, u_int);
int		 ui_list_key(struct ui_list *, int);
void		 ui_list_draw(struct ui_list *, const struct ui_rect *);

/* ui-chart.c: a chart in a rectangle, and its table with one key. */
struct ui_chart {
	struct chart	 chart;		/* owned */
	int		 table;		/* showing the table */
	struct ui_list	 list;		/* the table's rows */
	int		 lw;		/* the table's label width */
	int		 vw;		/* and each figure's */
};
int		 ui_chart_utf8(void);
void		 ui_chart_init(struct ui_chart *);
void		 ui_chart_free(struct ui_chart *);
void		 ui_chart_set(struct ui_chart *, struct chart *);
int		 ui_chart_key(struct ui_chart *, int);
void		 ui_chart_draw(struct ui_chart *, const struct ui_rect *);
int		 ui_chart_spark(int, int, int, const int64_t *, u_int,
		     enum ui_colour);

/* ui-dialog.c: a framed box over the screen. */
void		 ui_dialog_frame(int, int, const char *, enum ui_colour,
		     struct ui_rect *);
void		 ui_dialog_message(const char *, const char *, const char *,
		     enum ui_colour);
int		 ui_dialog_wrap(const char *, int, char **, int);

/*
 * screens/screen.c: the screen table and the screen manager. A screen
 * takes pushed events typed (notify, client-op.h); a screen not typed yet
 * sets event instead and gets them as they came.
 */
struct client_op_event;
struct screen_entry {
	const char	*name;
	void		 (*enter)(void *);
	void		 (*leave)(void);
	void		 (*key)(int, int64_t);
	void		 (*draw)(const struct ui_rect *);
	void		 (*notify)(const struct client_op_event *);
	uint32_t	 perm;	/* PERM_*: a session must hold to stay on it */
};
extern const struct screen_entry *screen_table[];
extern const struct screen_entry screen_login_entry;
extern const struct screen_entry screen_register_entry;
extern const struct screen_entry screen_complete_entry;
extern const struct screen_entry screen_sales_entry;
extern const struct screen_entry screen_detail_entry;
extern const struct screen_entry screen_void_entry;
extern const struct screen_entry screen_return_entry;
extern const struct screen_entry screen_door_entry;
extern const struct screen_entry screen_queue_entry;
extern const struct screen_entry screen_drawer_entry;
extern const struct screen_entry screen_setup_entry;
extern const struct screen_entry screen_intake_entry;
extern const struct screen_entry screen_manifest_entry;
extern const struct screen_entry screen_inventory_entry;
extern const struct screen_entry screen_compliance_entry;
extern const struct screen_entry screen_lab_entry;
extern const struct screen_entry screen_catalog_entry;
extern const struct screen_entry screen_staff_entry;
extern const struct screen_entry screen_roles_entry;
extern const struct screen_entry screen_settings_entry;
extern const struct screen_entry screen_count_entry;
extern const struct screen_entry screen_pack_entry;
extern const struct screen_entry screen_dispatch_entry;
extern const struct screen_entry screen_dashboard_entry;
extern const struct screen_entry screen_reports_entry;
extern const struct screen_entry screen_inspect_entry;
extern const struct screen_entry screen_driver_entry;
extern const struct screen_entry screen_driver_stop_entry;
/* The lab screen's argument: the package, and the screen to go back to. */
struct screen_lab_arg {
	const char	*tag;
	const char	*back;
	void		*back_arg;	/* given to back's enter */
};
struct client_op_package;
int		 screen_lab_gate(const struct client_op_package *, char *,
		     size_t);
extern const struct client_hooks screen_hooks;
void		 screen_init(void);
void		 screen_free(void);
const struct screen_entry *screen_find(const char *);
const struct screen_entry *screen_current(void);
void		 screen_go(const char *, void *);
void		 screen_key(int, int64_t);
void		 screen_draw(void);
void		 screen_logout(void);
int		 screen_common_key(int);
void		 screen_request_error(const char *, const char *);

/* screens/screen-intake.c: open a manifest (just created) on entering. */
void		 screen_intake_show(const char *, u_int);

/* screens/screen-queue.c: the door queue, kept by queue events. */
void		 screen_queue_refresh(void);
u_int		 screen_queue_count(void);
int		 screen_queue_event(const struct client_op_event *);
void		 screen_queue_draw_waiting(const struct ui_rect *);

#endif /* CLIENT_H */
