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

#include <string.h>

#include "stash.h"
#include "dev.h"

/*
 * ZPL II shelf labels (Zebra and compatible label printers): a pure
 * encoder, bytes out, no I/O. One label: the product name, the batch and
 * the quantity as text, and the package tag as a Code 128 barcode with its
 * interpretation line under it. Commands follow the ZPL II programming
 * guide: ^XA start, ^CI28 UTF-8, ^LH home, ^FO field origin, ^A0 the
 * scalable font, ^FH field hexadecimal escapes, ^FD field data, ^FS field
 * separator, ^BY module width, ^BC Code 128, ^PQ quantity, ^XZ end.
 *
 * Text fields go through ^FH: '^', '~', '_' and control bytes are written
 * as _XX, so no text on a package can become a command. Text is cut at
 * DEV_ZPL_TEXT_MAX bytes (never inside a UTF-8 sequence).
 */

#define DEV_ZPL_TEXT_MAX	48

static const char dev_label_zpl_hex[] = "0123456789ABCDEF";

/* One text field at x, y with font height h. */
static void
dev_label_zpl_field(struct buf *b, int x, int y, int h, const char *s)
{
	const u_char	*p = (const u_char *)s;
	size_t		 n, len = strlen(s);

	if (len > DEV_ZPL_TEXT_MAX) {
		len = DEV_ZPL_TEXT_MAX;
		while (len > 0 && (p[len] & 0xc0) == 0x80)
			len--;	/* not inside a UTF-8 sequence */
	}
	buf_printf(b, "^FO%d,%d^A0N,%d,%d^FH_^FD", x, y, h, h);
	for (n = 0; n < len; n++) {
		if (p[n] < 0x20 || p[n] == 0x7f || p[n] == '^' ||
		    p[n] == '~' || p[n] == '_') {
			buf_addc(b, '_');
			buf_addc(b, dev_label_zpl_hex[p[n] >> 4]);
			buf_addc(b, dev_label_zpl_hex[p[n] & 0xf]);
		} else
			buf_addc(b, p[n]);
	}
	buf_addstr(b, "^FS\n");
}

/*
 * Append a shelf label. The tag must be 1 to 40 characters of [0-9A-Z-]
 * (a Metrc tag is 24); name, batch and qty may be empty. -1 and nothing
 * appended if the tag cannot be a barcode.
 */
int
dev_label_zpl(struct buf *b, const char *tag, const char *name,
    const char *batch, const char *qty)
{
	size_t	len = strlen(tag), i;

	if (len == 0 || len > 40)
		return (-1);
	for (i = 0; i < len; i++) {
		if ((tag[i] < '0' || tag[i] > '9') &&
		    (tag[i] < 'A' || tag[i] > 'Z') && tag[i] != '-')
			return (-1);
	}
	buf_addstr(b, "^XA\n^CI28\n^LH0,0\n");
	dev_label_zpl_field(b, 30, 20, 40, name);
	if (*batch != '\0') {
		buf_addstr(b, "^FO30,70^A0N,28,28^FDBatch ^FS\n");
		dev_label_zpl_field(b, 130, 70, 28, batch);
	}
	if (*qty != '\0') {
		buf_addstr(b, "^FO30,105^A0N,28,28^FDQty ^FS\n");
		dev_label_zpl_field(b, 130, 105, 28, qty);
	}
	buf_printf(b, "^FO30,145^BY2^BCN,80,Y,N,N^FD%s^FS\n", tag);
	buf_addstr(b, "^PQ1\n^XZ\n");
	return (0);
}

/*
 * Append a bag label: lines of text (at most 8 shown) and code as a Code
 * 128 barcode under them. code is as dev_label_zpl's tag; -1 and nothing
 * appended if it cannot be a barcode.
 */
int
dev_label_zpl_lines(struct buf *b, const char *code, const char **lines,
    u_int n)
{
	size_t	len = strlen(code), i;
	u_int	k;
	int	y = 20;

	if (len == 0 || len > 40)
		return (-1);
	for (i = 0; i < len; i++) {
		if ((code[i] < '0' || code[i] > '9') &&
		    (code[i] < 'A' || code[i] > 'Z') && code[i] != '-')
			return (-1);
	}
	buf_addstr(b, "^XA\n^CI28\n^LH0,0\n");
	for (k = 0; k < n && k < 8; k++) {
		dev_label_zpl_field(b, 30, y, k == 0 ? 40 : 28, lines[k]);
		y += k == 0 ? 50 : 35;
	}
	buf_printf(b, "^FO30,%d^BY2^BCN,80,Y,N,N^FD%s^FS\n", y + 10, code);
	buf_addstr(b, "^PQ1\n^XZ\n");
	return (0);
}
