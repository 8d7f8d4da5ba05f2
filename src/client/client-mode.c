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

#include <stdarg.h>
#include <stdlib.h>

#include "client.h"

/*
 * The program's choices, set by stash.c before the loop starts. Screens and
 * the widget kit read them here rather than reaching into the main file;
 * an exit asked for anywhere goes through the program's hook.
 */

struct client_mode	client_mode;

/* Ask the program to leave its loop and exit with code. */
void
client_exit(int code, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg = NULL;

	if (fmt != NULL) {
		va_start(ap, fmt);
		xvasprintf(&msg, fmt, ap);
		va_end(ap);
	}
	if (client_mode.exit != NULL)
		client_mode.exit(code, msg);
	else
		fatalx("exit %d without a program hook: %s", code,
		    msg != NULL ? msg : "");
	free(msg);
}
