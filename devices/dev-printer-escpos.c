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

#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "dev.h"

/*
 * ESC/POS receipt printers (Epson TM series and compatibles): an encoder
 * of the commands a receipt needs, and the decoder of real-time status
 * (DLE EOT n, answered at once with one byte even when offline). Command
 * bytes follow the Epson ESC/POS command reference: ESC @ init, ESC t code
 * page, ESC E bold, ESC - underline, ESC a alignment, GS ! size, GS B
 * invert, ESC d feed, GS V cut, ESC p drawer pulse, GS k barcode (function
 * B), GS ( k QR code (cn 49: model, module size, error correction, store,
 * print).
 *
 * Text is filtered: a control byte in item text cannot become a command.
 */

static void
dev_printer_escpos_add(struct buf *b, const u_char *p, size_t len)
{
	buf_add(b, p, len);
}

void
dev_printer_escpos_init(struct buf *b)
{
	static const u_char c[] = { 0x1b, 0x40 };

	dev_printer_escpos_add(b, c, sizeof c);
}

void
dev_printer_escpos_codepage(struct buf *b, u_int n)
{
	u_char	c[] = { 0x1b, 0x74, n & 0xff };

	dev_printer_escpos_add(b, c, sizeof c);
}

void
dev_printer_escpos_bold(struct buf *b, int on)
{
	u_char	c[] = { 0x1b, 0x45, on ? 1 : 0 };

	dev_printer_escpos_add(b, c, sizeof c);
}

void
dev_printer_escpos_underline(struct buf *b, u_int n)
{
	u_char	c[] = { 0x1b, 0x2d, n > 2 ? 2 : n };

	dev_printer_escpos_add(b, c, sizeof c);
}

void
dev_printer_escpos_invert(struct buf *b, int on)
{
	u_char	c[] = { 0x1d, 0x42, on ? 1 : 0 };

	dev_printer_escpos_add(b, c, sizeof c);
}

void
dev_printer_escpos_align(struct buf *b, u_int how)
{
	u_char	c[] = { 0x1b, 0x61, how > 2 ? 0 : how };

	dev_printer_escpos_add(b, c, sizeof c);
}

/* Character size, width and height 1..8 each. */
void
dev_printer_escpos_size(struct buf *b, u_int w, u_int h)
{
	u_char	c[] = { 0x1d, 0x21, 0 };

	if (w < 1)
		w = 1;
	if (w > 8)
		w = 8;
	if (h < 1)
		h = 1;
	if (h > 8)
		h = 8;
	c[2] = (w - 1) << 4 | (h - 1);
	dev_printer_escpos_add(b, c, sizeof c);
}

/* Printable text and newlines; other control bytes become '?'. */
void
dev_printer_escpos_text(struct buf *b, const char *s)
{
	const u_char	*p;

	for (p = (const u_char *)s; *p != '\0'; p++) {
		if (*p == '\n' || (*p >= 0x20 && *p != 0x7f))
			buf_addc(b, *p);
		else
			buf_addc(b, '?');
	}
}

void
dev_printer_escpos_feed(struct buf *b, u_int n)
{
	u_char	c[] = { 0x1b, 0x64, n > 255 ? 255 : n };

	dev_printer_escpos_add(b, c, sizeof c);
}

void
dev_printer_escpos_cut(struct buf *b, int partial)
{
	u_char	c[] = { 0x1d, 0x56, partial ? 1 : 0 };

	dev_printer_escpos_add(b, c, sizeof c);
}

void
dev_printer_escpos_feed_cut(struct buf *b, u_int n)
{
	u_char	c[] = { 0x1d, 0x56, 0x41, n > 255 ? 255 : n };

	dev_printer_escpos_add(b, c, sizeof c);
}

/* Pulse the drawer on pin 2 (0) or 5 (1), 50 x 2 ms on and off. */
void
dev_printer_escpos_drawer(struct buf *b, u_int pin)
{
	u_char	c[] = { 0x1b, 0x70, pin ? 1 : 0, 0x32, 0x32 };

	dev_printer_escpos_add(b, c, sizeof c);
}

/* Code 128, code set B: printable ASCII only, '{' refused. */
int
dev_printer_escpos_code128(struct buf *b, const char *s)
{
	size_t	len = strlen(s), i;
	u_char	c[] = { 0x1d, 0x6b, 0x49, 0, 0x7b, 0x42 };

	if (len == 0 || len > 253)
		return (-1);
	for (i = 0; i < len; i++) {
		if (s[i] < 0x20 || s[i] > 0x7e || s[i] == '{')
			return (-1);
	}
	c[3] = len + 2;
	dev_printer_escpos_add(b, c, sizeof c);
	buf_add(b, s, len);
	return (0);
}

/* QR code, model 2, module size 1..16, error correction L, M, Q or H. */
int
dev_printer_escpos_qr(struct buf *b, const char *s, u_int module, char ecc)
{
	static const u_char model[] = { 0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31,
	    0x41, 0x32, 0x00 };
	static const u_char print[] = { 0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31,
	    0x51, 0x30 };
	u_char	size[] = { 0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0 };
	u_char	level[] = { 0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0 };
	u_char	store[] = { 0x1d, 0x28, 0x6b, 0, 0, 0x31, 0x50, 0x30 };
	size_t	len = strlen(s);
	const char *e;

	if (len == 0 || len > 7089 || module < 1 || module > 16)
		return (-1);
	if ((e = strchr("LMQH", ecc)) == NULL || ecc == '\0')
		return (-1);
	size[7] = module;
	level[7] = 0x30 + (e - "LMQH");
	store[3] = (len + 3) & 0xff;
	store[4] = (len + 3) >> 8;
	dev_printer_escpos_add(b, model, sizeof model);
	dev_printer_escpos_add(b, size, sizeof size);
	dev_printer_escpos_add(b, level, sizeof level);
	dev_printer_escpos_add(b, store, sizeof store);
	buf_add(b, s, len);
	dev_printer_escpos_add(b, print, sizeof print);
	return (0);
}

/*
 * The answer to DLE EOT 4 (roll paper sensor): bits 1 and 4 always set,
 * bit 0 and 7 clear; bits 2-3 paper near end, bits 5-6 paper out. -1 if
 * the byte is not a status byte.
 */
int
dev_printer_escpos_paper(u_char c, enum dev_status_code *st)
{
	if ((c & 0x93) != 0x12)
		return (-1);
	if (c & 0x60)
		*st = DEV_ST_PAPER_OUT;
	else if (c & 0x0c)
		*st = DEV_ST_PAPER_NEAR_END;
	else
		*st = DEV_ST_OK;
	return (0);
}

/* The answer to DLE EOT 1: 1 online, 0 offline (bit 3), -1 not status. */
int
dev_printer_escpos_online(u_char c)
{
	if ((c & 0x93) != 0x12)
		return (-1);
	return ((c & 0x08) ? 0 : 1);
}

struct dev_printer_escpos {
	enum dev_request	last;
};

static void *
dev_printer_escpos_create(const char *opts, char **err)
{
	struct dev_printer_escpos	*s;

	s = xcalloc(1, sizeof *s);
	s->last = DEV_REQ_STATUS;
	return (s);
}

static void
dev_printer_escpos_free(void *p)
{
	free(p);
}

static void
dev_printer_escpos_feed_bytes(void *p, const u_char *data, size_t len,
    dev_emit_cb cb, void *arg)
{
	struct dev_printer_escpos	*s = p;
	enum dev_status_code		 st;
	size_t				 i;
	int				 on;

	for (i = 0; i < len; i++) {
		if (s->last == DEV_REQ_PAPER) {
			if (dev_printer_escpos_paper(data[i], &st) != 0)
				goto garbage;
			if (st == DEV_ST_PAPER_OUT) {
				dev_emit_status(cb, arg, st,
				    "the printer is out of paper: load a roll");
			} else if (st == DEV_ST_PAPER_NEAR_END) {
				dev_emit_status(cb, arg, st,
				    "the printer paper is nearly out");
			} else
				dev_emit_status(cb, arg, st, "paper ok");
			continue;
		}
		if ((on = dev_printer_escpos_online(data[i])) < 0)
			goto garbage;
		if (on)
			dev_emit_status(cb, arg, DEV_ST_OK, "printer online");
		else {
			dev_emit_status(cb, arg, DEV_ST_OFFLINE, "the printer "
			    "is offline: check the cover and paper");
		}
		continue;
garbage:
		dev_emit_status(cb, arg, DEV_ST_GARBAGE,
		    "the printer sent 0x%02x, not a status byte", data[i]);
	}
}

static void
dev_printer_escpos_idle(void *p, dev_emit_cb cb, void *arg)
{
}

static int
dev_printer_escpos_request(void *p, enum dev_request req, struct buf *b)
{
	struct dev_printer_escpos	*s = p;
	u_char				 c[] = { 0x10, 0x04, 0 };

	switch (req) {
	case DEV_REQ_STATUS:
		c[2] = 1;
		break;
	case DEV_REQ_PAPER:
		c[2] = 4;
		break;
	default:
		return (-1);
	}
	if (s != NULL)
		s->last = req;
	dev_printer_escpos_add(b, c, sizeof c);
	return (0);
}

const struct dev_driver dev_printer_escpos_entry = {
	"escpos", DEV_PRINTER, "9600 8N1",
	"ESC/POS receipt printer status (DLE EOT 1 and 4)",
	dev_printer_escpos_create, dev_printer_escpos_free,
	dev_printer_escpos_feed_bytes, dev_printer_escpos_idle,
	dev_printer_escpos_request
};
