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

#ifndef STASH_H
#define STASH_H

/*
 * The core library shared by stashd, stash, stashctl and the tests: memory,
 * logging, buffers, time, money, options, roles and the protocol framing.
 * The ledger is in store.h, the server in server.h, the terminal in client.h.
 */

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#ifndef __unused
#define __unused __attribute__((__unused__))
#endif
#ifndef __dead
#define __dead __attribute__((__noreturn__))
#endif
#define printflike(a, b) __attribute__((__format__(__printf__, a, b)))

#define STASH_VERSION		PACKAGE_VERSION
#define PROTOCOL_VERSION	1	/* bump when doc/protocol.md changes */

#define STASH_PORT		7411
#define STASH_CONF		"/etc/stash/stash.conf"
#define STASH_DATADIR		"/var/lib/stash"

#define TAG_LEN			24	/* Metrc package tag: 24 hex chars */
#define MAX_FRAME		1048576	/* max-frame's default */
#define MAX_FRAME_LOGIN		16384	/* before a staff login */
#define MAX_FRAME_REPLY	(16 * 1048576)	/* a terminal reads */
#define MAX_SALE_LINES		100
#define MAX_REF			64

/* xmalloc.c */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
int		 xasprintf(char **, const char *, ...) printflike(2, 3);
int		 xvasprintf(char **, const char *, va_list);
int		 xsnprintf(char *, size_t, const char *, ...) printflike(3, 4);
void		 freezero(void *, size_t);

/* log.c */
enum log_dest { LOGDEST_STDERR, LOGDEST_SYSLOG, LOGDEST_NONE };
void		 log_open(const char *, enum log_dest, int);
void		 log_set_level(int);
int		 log_get_level(void);
void		 log_warnx(const char *, ...) printflike(1, 2);
void		 log_warn(const char *, ...) printflike(1, 2);
void		 log_info(const char *, ...) printflike(1, 2);
void		 log_debug(const char *, ...) printflike(1, 2);
__dead void	 fatal(const char *, ...) printflike(1, 2);
__dead void	 fatalx(const char *, ...) printflike(1, 2);

/* buf.c: a growable byte buffer. */
struct buf {
	u_char		*data;
	size_t		 len;
	size_t		 size;
};
void		 buf_init(struct buf *);
void		 buf_free(struct buf *);
void		 buf_reset(struct buf *);
void		 buf_add(struct buf *, const void *, size_t);
void		 buf_addc(struct buf *, u_char);
void		 buf_addstr(struct buf *, const char *);
void		 buf_printf(struct buf *, const char *, ...) printflike(2, 3);
char		*buf_cstr(struct buf *);

/* util.c: time, tags, strings. */
struct util_tz {
	int	 changed;
	char	*saved;
};
void		 util_tz_enter(struct util_tz *, const char *);
void		 util_tz_leave(struct util_tz *);
int64_t		 util_now(void);		/* UTC microseconds */
int64_t		 util_monotonic(void);	/* microseconds, monotonic */
char		*util_time_str(int64_t, const char *, char *, size_t);
char		*util_time_fmt(int64_t, const char *, const char *, char *,
		     size_t) __attribute__((__format__(__strftime__, 3, 0)));
int		 util_tag_valid(const char *);
void		 util_tag_upper(char *);
int		 util_printable(const char *, size_t);
void		 util_hex(const u_char *, size_t, char *);
int		 util_unhex(const char *, u_char *, size_t);
int64_t		 util_strtonum(const char *, int64_t, int64_t, const char **);
int		 util_mkdirs(const char *, mode_t);
int		 util_local_date(int64_t, const char *);
int		 util_bad(char **, const char *, ...) printflike(2, 3);
int64_t		 util_days(int64_t, int, int);
int64_t		 util_local_time(int, int, const char *);
#ifndef HAVE_STRLCPY
size_t		 strlcpy(char *, const char *, size_t);
#endif

/* valid.c: the checks for values from outside (dates, text, codes). */
enum valid_date_kind {
	VALID_DATE_BIRTH,	/* 1900-01-01 .. today */
	VALID_DATE_BUSINESS,	/* 2000-01-01 .. a year from today */
	VALID_DATE_EXPIRY,	/* 2000-01-01 .. 20 years from today */
};
#define VALID_DATE_BIRTH_MIN		19000101
#define VALID_DATE_BUSINESS_MIN		20000101
#define VALID_DATE_BUSINESS_YEARS	1
#define VALID_DATE_EXPIRY_YEARS		20
int		 valid_date_real(int);
int		 valid_date_parse(const char *);
int		 valid_date(int, enum valid_date_kind, int, const char *,
		     char **);
int		 valid_text(const char *, size_t, size_t, const char *,
		     char **);
int		 valid_formula_lead(const char *);
void		 valid_csv_cell(FILE *, const char *, int, int);
int		 valid_state_code(const char *);
int		 valid_host_loopback(const char *);
int		 valid_json_number(json_t *, double, double, double *);

/* money.c: integer cents and milligrams. */
#define MONEY_MILLI_MAX	INT64_C(1000000000000)	/* thousandths */
int64_t		 money_round_div(unsigned __int128, unsigned __int128);
int64_t		 money_muldiv(int64_t, int64_t, int64_t);
int		 money_json_milli(json_t *, int64_t *);
int		 money_line_total(int unit_weight, int64_t qty, int64_t price,
		     int64_t *total);
char		*money_fmt(int64_t, char *, size_t);	/* 1234 -> "12.34" */
int		 money_parse(const char *, int64_t *);	/* "12.3" -> 1230 */
char		*weight_fmt(int64_t, char *, size_t);	/* 3500 -> "3.500 g" */
int		 weight_parse(const char *, int64_t *);	/* "3.5" g -> 3500 */

/* perm.c: roles and permissions. */
#define PERM_SALE		0x0001
#define PERM_SALE_READ		0x0002
#define PERM_VOID		0x0004
#define PERM_INV_READ		0x0008
#define PERM_INV_RECEIVE	0x0010
#define PERM_INV_ADJUST		0x0020
#define PERM_REPORTS		0x0040
#define PERM_STAFF		0x0080
#define PERM_DELIVERY		0x0100
#define PERM_AUDIT_READ		0x0200
#define PERM_WEIGHT_TYPE	0x0400	/* a weight typed, not weighed */
#define PERM_DISCOUNT_APPROVE	0x0800	/* discounts beyond the threshold */
#define PERM_LIMIT_OVERRIDE	0x1000	/* a purchase limit overridden */
#define PERM_OUTAGE_MANUAL	0x2000	/* a sale on manual entry in an
					   outage of the state's registry */
#define PERM_ID_TYPE		0x4000	/* a date of birth or ID number
					   typed, not scanned */
#define PERM_ORDER		0x8000	/* place and cancel delivery and
					   pickup orders */
#define PERM_CATALOG		0x10000	/* edit the catalogue's products */
#define PERM_ROLES		0x20000	/* give staff another role (admin) */
#define PERM_SETTINGS		0x40000	/* change the store's settings */
#define PERM_ALL		0x7ffff

enum role {
	ROLE_BUDTENDER = 1,
	ROLE_RECEIVER,
	ROLE_MANAGER,
	ROLE_DRIVER,
	ROLE_ADMIN,
	ROLE_AUDITOR,
};
#define ROLE_MAX ROLE_AUDITOR
#define ROLE_CUSTOM	100	/* roles an admin defines are numbered from */
#define ROLE_NAME_MAX	24
const char	*perm_role_name(int);
int		 perm_role_find(const char *);
uint32_t	 perm_role_perms(int);
const char	*perm_name(uint32_t);
uint32_t	 perm_find(const char *);
int		 perm_list_parse(const char *, uint32_t *, char **);
void		 perm_list_str(uint32_t, char *, size_t);

/* options.c: the configuration table. */
enum option_type { OPTION_STRING, OPTION_NUMBER, OPTION_FLAG };
struct option_entry {
	const char		*name;
	enum option_type	 type;
	const char		*default_str;
	int64_t			 default_num;
	int64_t			 minimum;
	int64_t			 maximum;
	const char		*unit;
	const char		*help;
};
extern const struct option_entry options_table[];
struct options;
struct options	*options_create(void);
void		 options_free(struct options *);
int		 options_load(struct options *, const char *, char **);
int		 options_set(struct options *, const char *, const char *,
		     char **);
const char	*options_string(struct options *, const char *);
int64_t		 options_number(struct options *, const char *);
void		 options_dump(struct options *, FILE *);

/* proto.c: NDJSON framing. */
enum proto_read {
	PROTO_OK,		/* a frame was read */
	PROTO_MORE,		/* need more bytes */
	PROTO_TOO_LARGE,	/* line longer than the limit */
	PROTO_BAD,		/* not JSON, not an object, no id/op */
};
struct evbuffer;
enum proto_read	 proto_read(struct evbuffer *, size_t, json_t **, char **);
int		 proto_check_request(json_t *, json_int_t *, const char **,
		     json_t **, char **);
void		 proto_write(struct evbuffer *, json_t *);
int		 proto_dump(const json_t *, struct buf *);
void		 proto_put_open(struct buf *, const char *, char);
int		 proto_put_str(struct buf *, const char *, const char *);
void		 proto_put_int(struct buf *, const char *, json_int_t);
void		 proto_put_bool(struct buf *, const char *, int);
json_t		*proto_reply(json_int_t, json_t *);
json_t		*proto_error(json_int_t, const char *, const char *, ...)
		     printflike(3, 4);
json_t		*proto_error_noid(const char *, const char *, ...)
		     printflike(2, 3);
int		 proto_arg_int(json_t *, const char *, int, json_int_t,
		     json_int_t, json_int_t *, char **);
int		 proto_arg_str(json_t *, const char *, int, size_t,
		     const char **, char **);
int		 proto_arg_note(json_t *, const char *, size_t, const char **,
		     char **);

#endif /* STASH_H */
