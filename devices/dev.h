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

#ifndef DEV_H
#define DEV_H

/*
 * Device drivers (devices/dev-<class>-<model>.c) are pure byte parsers and
 * encoders: bytes in, events out, no I/O. Each keeps its state in a struct
 * of its own, every buffer is bounded, and nothing from the device is
 * trusted: garbage, silence, motion, overload or an error
 * reply is reported as a status event and never as a weight, scan or ID.
 * Transports (xport-*.c) bring the bytes.
 *
 * Weights are integers (mg). A reading keeps the scale's own
 * unit: value is the number shown with its decimal point removed and
 * decimals says where it was. mg is filled only when the conversion is
 * exact (g and kg); for lb and oz it is -1 and the caller must refuse or
 * convert on purpose (reference: NIST Handbook 44 practice, confirm per
 * state).
 */

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

struct buf;

#define DEV_LINE_MAX	256		/* longest scale or GPS line kept */
#define DEV_SCAN_MAX	4096		/* longest scan kept (PDF417 fits) */
#define DEV_FIELD_MAX	96		/* one ID field */
#define DEV_MSG_MAX	160		/* a status message */

enum dev_class {
	DEV_SCALE,
	DEV_SCANNER,
	DEV_IDCARD,
	DEV_GPS,
	DEV_PRINTER,
	DEV_DISPLAY,
};

enum dev_unit {
	DEV_UNIT_NONE,
	DEV_UNIT_MG,
	DEV_UNIT_G,
	DEV_UNIT_KG,
	DEV_UNIT_OZ,
	DEV_UNIT_LB,
	DEV_UNIT_CT,			/* carat, some lab balances */
};

/* Weight flags. */
#define DEV_W_STABLE	0x01
#define DEV_W_NET	0x02		/* net of a tare */
#define DEV_W_TARE	0x04		/* this is the tare value itself */
#define DEV_W_ZEROED	0x08		/* scale says centre of zero */

struct dev_weight {
	int64_t		 value;		/* digits shown, point removed */
	int		 decimals;	/* 129.07 -> value 12907, decimals 2 */
	enum dev_unit	 unit;
	int64_t		 mg;		/* exact milligrams, or -1 */
	int		 flags;
};

enum dev_symbology {
	DEV_SYM_UNKNOWN,		/* no AIM identifier */
	DEV_SYM_EAN13,			/* ]E0: EAN-13, UPC-A, UPC-E */
	DEV_SYM_EAN_ADDON,		/* ]E3 */
	DEV_SYM_EAN8,			/* ]E4 */
	DEV_SYM_CODE128,		/* ]C0 */
	DEV_SYM_GS1_128,		/* ]C1 */
	DEV_SYM_ITF,			/* ]I */
	DEV_SYM_CODE39,			/* ]A */
	DEV_SYM_DATABAR,		/* ]e */
	DEV_SYM_QR,			/* ]Q0..]Q2 */
	DEV_SYM_GS1_QR,			/* ]Q3 */
	DEV_SYM_DATAMATRIX,		/* ]d1 */
	DEV_SYM_GS1_DATAMATRIX,		/* ]d2 */
	DEV_SYM_PDF417,			/* ]L any */
	DEV_SYM_OTHER,			/* some other AIM identifier */
};

/* What the scan was recognised as. */
enum dev_scan_kind {
	DEV_SCAN_PLAIN,
	DEV_SCAN_METRC_TAG,		/* 24 characters [0-9A-Z] */
	DEV_SCAN_GS1,			/* GS1 element string parsed */
	DEV_SCAN_RETAIL_URL,		/* https:// URL (Retail ID, Digital Link) */
};

struct dev_scan {
	enum dev_symbology	 symbology;
	char			 aim[4];	/* "]C1", or "" */
	enum dev_scan_kind	 kind;
	u_char			 data[DEV_SCAN_MAX + 1];	/* NUL after */
	size_t			 len;
	char			 tag[25];	/* Metrc tag, if one was found */
	/* GS1 AIs 01, 10, 17, 21 when present (also from Digital Link). */
	char			 gtin[15];
	char			 lot[21];
	char			 expiry[7];	/* YYMMDD as on the label */
	char			 serial[21];
};

/* AAMVA DL/ID: the fields a dispensary needs; dates are YYYYMMDD or 0. */
struct dev_id {
	int		 version;		/* AAMVA version 0..10+ */
	char		 iin[7];
	char		 type[3];		/* "DL" or "ID" */
	char		 number[DEV_FIELD_MAX];	/* DAQ */
	char		 family[DEV_FIELD_MAX];	/* DCS, DAB, or DAA */
	char		 given[DEV_FIELD_MAX];	/* DAC, DCT, or DAA */
	char		 middle[DEV_FIELD_MAX];	/* DAD */
	char		 suffix[DEV_FIELD_MAX];	/* DCU */
	int		 birth;			/* DBB */
	int		 expiry;		/* DBA */
	int		 issued;		/* DBD */
	int		 under21_until;		/* DDJ */
	char		 sex;			/* 'M', 'F', 'X' or 0 */
	char		 street[DEV_FIELD_MAX];	/* DAG */
	char		 city[DEV_FIELD_MAX];	/* DAI */
	char		 state[4];		/* DAJ */
	char		 postal[16];		/* DAK */
	char		 country[4];		/* DCG */
	int		 real_id;		/* DDA F */
	u_int		 nelements;		/* all elements seen */
};

struct dev_position {
	int		 fix;		/* 1 valid fix */
	int64_t		 lat;		/* microdegrees, north positive */
	int64_t		 lon;		/* microdegrees, east positive */
	int64_t		 time;		/* UTC microseconds, or -1 (no date) */
	int64_t		 tod;		/* microseconds since UTC midnight */
	int		 quality;	/* GGA fix quality, or 0 */
	int		 satellites;	/* GGA, or -1 */
	int64_t		 speed;		/* RMC knots x 1000, or -1 */
};

enum dev_status_code {
	DEV_ST_OK,			/* an acknowledgement (zero, tare done) */
	DEV_ST_MOTION,			/* not stable: no weight taken */
	DEV_ST_OVERLOAD,
	DEV_ST_UNDERLOAD,		/* below zero or negative */
	DEV_ST_ZERO,			/* stable at zero: nothing to weigh */
	DEV_ST_BUSY,			/* try again */
	DEV_ST_ERROR,			/* the device reported an error */
	DEV_ST_GARBAGE,			/* bytes that are not the protocol */
	DEV_ST_TOO_LONG,		/* frame over the bound, dropped */
	DEV_ST_CHECKSUM,
	DEV_ST_NOFIX,			/* GPS without a valid fix */
	DEV_ST_PAPER_NEAR_END,
	DEV_ST_PAPER_OUT,
	DEV_ST_OFFLINE,
	DEV_ST_INFO,			/* other information (I4, version) */
};

enum dev_event_type {
	DEV_EV_WEIGHT,
	DEV_EV_SCAN,
	DEV_EV_ID,
	DEV_EV_POSITION,
	DEV_EV_STATUS,
};

struct dev_event {
	enum dev_event_type	 type;
	enum dev_status_code	 status;	/* DEV_EV_STATUS */
	char			 msg[DEV_MSG_MAX];	/* for a person */
	union {
		struct dev_weight	 weight;
		struct dev_scan		 scan;
		struct dev_id		 id;
		struct dev_position	 pos;
	};
};

typedef void (*dev_emit_cb)(const struct dev_event *, void *);

/* Commands a host can send; a driver encodes those it supports. */
enum dev_request {
	DEV_REQ_WEIGH,			/* stable weight */
	DEV_REQ_ZERO,
	DEV_REQ_TARE,
	DEV_REQ_CLEAR_TARE,
	DEV_REQ_STATUS,
	DEV_REQ_PAPER,			/* printer paper sensor */
};

struct dev_driver {
	const char	 *name;
	enum dev_class	  class;
	const char	 *settings;	/* default line settings, "9600 8N1" */
	const char	 *help;
	/* Options are "name=value,..."; NULL and *err set on a bad one. */
	void		*(*create)(const char *, char **);
	void		 (*free)(void *);
	void		 (*feed)(void *, const u_char *, size_t, dev_emit_cb,
			     void *);
	/* The line went quiet (idle gap) or reached EOF: flush a frame. */
	void		 (*idle)(void *, dev_emit_cb, void *);
	/* Append the bytes for a request; -1 if not supported. */
	int		 (*request)(void *, enum dev_request, struct buf *);
};

/* A bounded frame accumulator shared by the drivers. */
struct dev_frame {
	u_char		 data[DEV_SCAN_MAX];
	size_t		 len;
	size_t		 max;		/* bound, <= sizeof data */
	int		 overflow;	/* dropping until the next end */
};

/* dev-line.c: the line framer the scale drivers share. */
#define DEV_LINE_CRLF		0x1	/* only CR LF ends a line */
#define DEV_LINE_RESTART	0x2	/* a start byte in a frame opens anew */
struct dev_line {
	struct dev_frame	 frame;
	u_char			 start;		/* opens a frame; 0: lines */
	u_char			 end;		/* ends a line or frame */
	int			 flags;
	int			 in;		/* inside a frame */
	size_t			 junk;		/* bytes outside a frame */
	const char		*who;		/* "the scale" */
	const char		*what;		/* "line", "frame" */
	void			(*cb)(const u_char *, size_t, dev_emit_cb,
				    void *);
	const char *const	*cmds;		/* by enum dev_request; NULL:
						   none, nothing to ask */
};
void		 dev_line_init(struct dev_line *, size_t, u_char, u_char, int,
		     const char *, const char *,
		     void (*)(const u_char *, size_t, dev_emit_cb, void *));
void		 dev_line_feed(struct dev_line *, const u_char *, size_t,
		     dev_emit_cb, void *);
void		 dev_line_idle(struct dev_line *, dev_emit_cb, void *);
void		 dev_line_free(void *);
void		 dev_line_feed_cb(void *, const u_char *, size_t, dev_emit_cb,
		     void *);
void		 dev_line_idle_cb(void *, dev_emit_cb, void *);
int		 dev_line_request(void *, enum dev_request, struct buf *);

/* devices.c */
extern const struct dev_driver *dev_table[];
const struct dev_driver	*dev_find(const char *);
const char	*dev_unit_name(enum dev_unit);
enum dev_unit	 dev_unit_parse(const char *, size_t);
const char	*dev_status_name(enum dev_status_code);
const char	*dev_symbology_name(enum dev_symbology);
void		 dev_frame_init(struct dev_frame *, size_t);
int		 dev_frame_add(struct dev_frame *, u_char);
void		 dev_frame_reset(struct dev_frame *);
void		 dev_emit_status(dev_emit_cb, void *, enum dev_status_code,
		     const char *, ...) __attribute__((__format__(__printf__,
		     4, 5)));
int		 dev_weight_parse(const char *, size_t, const char *, size_t,
		     struct dev_weight *, int *);
void		 dev_emit_weight(dev_emit_cb, void *, const char *, size_t,
		     const char *, size_t, int);
int		 dev_opt(const char *, const char *, char *, size_t);
void		 dev_printable(const u_char *, size_t, char *, size_t);

/* The drivers. */
extern const struct dev_driver dev_scale_mtsics_entry;
extern const struct dev_driver dev_scale_toledo_entry;
extern const struct dev_driver dev_scale_nci_entry;
extern const struct dev_driver dev_scale_sma_entry;
extern const struct dev_driver dev_scale_and_entry;
extern const struct dev_driver dev_scale_cas_entry;
extern const struct dev_driver dev_scale_ohaus_entry;
extern const struct dev_driver dev_scanner_aim_entry;
extern const struct dev_driver dev_id_aamva_entry;
extern const struct dev_driver dev_gps_nmea_entry;
extern const struct dev_driver dev_printer_escpos_entry;

/* dev-scanner-aim.c: also used to classify a keyboard-wedge scan. */
void		 dev_scanner_aim_classify(const u_char *, size_t,
		     struct dev_event *);
int		 dev_scanner_aim_gs1_check(const char *, size_t);

/* dev-id-aamva.c */
int		 dev_id_aamva_parse(const u_char *, size_t, struct dev_id *,
		     char *, size_t);
int		 dev_id_aamva_date(const char *, size_t);
int		 dev_id_aamva_detect(const u_char *, size_t);

/* dev-gps-nmea.c */
int		 dev_gps_nmea_sentence(const char *, size_t, struct dev_event *);

/* dev-printer-escpos.c: the receipt encoder and status decoder. */
#define DEV_ESCPOS_LEFT		0
#define DEV_ESCPOS_CENTRE	1
#define DEV_ESCPOS_RIGHT	2
#define DEV_ESCPOS_PC437	0
#define DEV_ESCPOS_WPC1252	16
void		 dev_printer_escpos_init(struct buf *);
void		 dev_printer_escpos_codepage(struct buf *, u_int);
void		 dev_printer_escpos_bold(struct buf *, int);
void		 dev_printer_escpos_underline(struct buf *, u_int);
void		 dev_printer_escpos_invert(struct buf *, int);
void		 dev_printer_escpos_align(struct buf *, u_int);
void		 dev_printer_escpos_size(struct buf *, u_int, u_int);
void		 dev_printer_escpos_text(struct buf *, const char *);
void		 dev_printer_escpos_feed(struct buf *, u_int);
void		 dev_printer_escpos_cut(struct buf *, int);
void		 dev_printer_escpos_feed_cut(struct buf *, u_int);
void		 dev_printer_escpos_drawer(struct buf *, u_int);
int		 dev_printer_escpos_code128(struct buf *, const char *);
int		 dev_printer_escpos_qr(struct buf *, const char *, u_int,
		     char);
int		 dev_printer_escpos_paper(u_char, enum dev_status_code *);
int		 dev_printer_escpos_online(u_char);
int		 dev_label_zpl(struct buf *, const char *, const char *,
		     const char *, const char *);	/* dev-label-zpl.c */
int		 dev_label_zpl_lines(struct buf *, const char *, const char **,
		     u_int);

/* dev-display-epson.c and dev-display-logic.c: a 2x20 pole display. */
void		 dev_display_epson_screen(struct buf *, const char *,
		     const char *);
void		 dev_display_logic_screen(struct buf *, const char *,
		     const char *);

/*
 * xport-serial.c (libserialport) and xport-tcp.c: bring the bytes to a
 * driver through libevent. Reads are non-blocking; an unplugged device is
 * reported and reopened with backoff; silence longer than the limit is
 * reported (never taken as a reading).
 */
struct event_base;
enum xport_state {
	XPORT_UP,		/* opened; bytes may follow */
	XPORT_DOWN,		/* unplugged or closed; will reopen */
	XPORT_SILENT,		/* no byte for the silence limit */
};
typedef void (*xport_read_cb)(const u_char *, size_t, void *);
typedef void (*xport_state_cb)(enum xport_state, const char *, void *);

struct xport_serial_config {
	char		 path[256];
	int		 baud;
	int		 bits;		/* 5..8 */
	char		 parity;	/* 'N', 'E', 'O' */
	int		 stop;		/* 1 or 2 */
	int		 flow;		/* 0 none, 1 RTS/CTS, 2 XON/XOFF */
};
struct xport_serial;
int		 xport_serial_settings(const char *,
		     struct xport_serial_config *, char **);
struct xport_serial *xport_serial_open(struct event_base *,
		     const struct xport_serial_config *, xport_read_cb,
		     xport_state_cb, void *);
int		 xport_serial_write(struct xport_serial *, const void *,
		     size_t);
void		 xport_serial_silence(struct xport_serial *, int);
int		 xport_serial_up(struct xport_serial *);
void		 xport_serial_close(struct xport_serial *);

struct xport_tcp;
struct xport_tcp *xport_tcp_open(struct event_base *, const char *,
		     const char *, xport_read_cb, xport_state_cb, void *);
int		 xport_tcp_write(struct xport_tcp *, const void *, size_t);
int		 xport_tcp_up(struct xport_tcp *);
void		 xport_tcp_close(struct xport_tcp *);

#endif /* DEV_H */
