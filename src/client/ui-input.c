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

#include <string.h>

#include "client.h"

/*
 * A one-line editor. Masked inputs (PINs) show '*' and are wiped with
 * explicit_bzero when cleared, so a PIN does not stay in memory after it has
 * been sent. An input can be "fresh": pre-filled (the exact cash total) so
 * that Enter takes it as it is, and the first character typed replaces it.
 *
 * The mark: a copy of the input taken when a burst of keys starts, so that
 * if the burst was a barcode scanner (client-wedge.c) the input can be put
 * back as it was before the scanner typed into it.
 */

void
ui_input_init(struct ui_input *in, size_t max, int flags)
{
	explicit_bzero(in, sizeof *in);
	if (max == 0 || max >= UI_INPUT_MAX)
		max = UI_INPUT_MAX - 1;
	in->max = max;
	in->flags = flags;
}

/* Replace the text; fresh makes the next character replace it. */
void
ui_input_set(struct ui_input *in, const char *s, int fresh)
{
	size_t	n = strlen(s);

	if (n > in->max)
		n = in->max;
	explicit_bzero(in->buf, sizeof in->buf);
	memcpy(in->buf, s, n);
	in->len = in->cur = n;
	in->fresh = fresh;
}

void
ui_input_clear(struct ui_input *in)
{
	explicit_bzero(in->buf, sizeof in->buf);
	explicit_bzero(in->mbuf, sizeof in->mbuf);
	in->len = in->cur = in->mlen = in->mcur = 0;
	in->fresh = in->mfresh = 0;
}

const char *
ui_input_text(struct ui_input *in)
{
	in->buf[in->len] = '\0';
	return (in->buf);
}

int
ui_input_empty(struct ui_input *in)
{
	return (in->len == 0);
}

static int
ui_input_accepts(struct ui_input *in, int key)
{
	if (!UI_KEY_PRINTABLE(key))
		return (0);
	if (in->flags & UI_INPUT_DIGITS)
		return (key >= '0' && key <= '9');
	if (in->flags & UI_INPUT_DECIMAL) {
		if (key >= '0' && key <= '9')
			return (1);
		return (key == '.' && (in->fresh ||
		    memchr(in->buf, '.', in->len) == NULL));
	}
	return (1);
}

/*
 * Say why a character was not taken, on the status line: a letter in a
 * number is refused where it is typed, never dropped silently (so
 * "2x00.00" cannot become 200.00 unnoticed), and a full input says how
 * long it may be. The caller beeps.
 */
static void
ui_input_refused(struct ui_input *in, int key)
{
	const char	*what;

	if (in->flags & UI_INPUT_DIGITS)
		what = "a whole number";
	else if (in->flags & UI_INPUT_DECIMAL)
		what = "a number";
	else
		what = NULL;
	if (key == -1) {
		ui_status_set(UI_ERROR, "Too long: at most %zu %s here",
		    in->max, what != NULL ? "digits" : "characters");
	} else if (key == '.' && (in->flags & UI_INPUT_DECIMAL))
		ui_status_set(UI_ERROR, "Not taken: one decimal point only");
	else if (what != NULL && (in->flags & UI_INPUT_MASKED))
		ui_status_set(UI_ERROR, "Not taken: digits only here");
	else if (what != NULL) {
		ui_status_set(UI_ERROR, "Not taken: \"%c\" -- type %s here, "
		    "digits%s only", key, what, (in->flags & UI_INPUT_DECIMAL) ?
		    " and a point" : "");
	}
}

enum ui_input_result
ui_input_key(struct ui_input *in, int key)
{
	if (key == UI_KEY_ENTER)
		return (UI_INPUT_ENTER);
	if (UI_KEY_PRINTABLE(key)) {
		if (!ui_input_accepts(in, key)) {
			ui_input_refused(in, key);
			return (UI_INPUT_REFUSED);
		}
		if (in->fresh) {
			explicit_bzero(in->buf, sizeof in->buf);
			in->len = in->cur = 0;
			in->fresh = 0;
		}
		if (in->len >= in->max) {
			ui_input_refused(in, -1);
			return (UI_INPUT_REFUSED);
		}
		memmove(in->buf + in->cur + 1, in->buf + in->cur,
		    in->len - in->cur);
		in->buf[in->cur++] = (char)key;
		in->len++;
		return (UI_INPUT_CHANGED);
	}

	in->fresh = 0;
	switch (key) {
	case UI_KEY_BACKSPACE:
		if (in->cur == 0)
			return (UI_INPUT_REFUSED);
		memmove(in->buf + in->cur - 1, in->buf + in->cur,
		    in->len - in->cur);
		in->cur--;
		in->buf[--in->len] = '\0';
		return (UI_INPUT_CHANGED);
	case UI_KEY_DELETE:
		if (in->cur == in->len)
			return (UI_INPUT_REFUSED);
		memmove(in->buf + in->cur, in->buf + in->cur + 1,
		    in->len - in->cur - 1);
		in->buf[--in->len] = '\0';
		return (UI_INPUT_CHANGED);
	case UI_KEY_LEFT:
		if (in->cur > 0)
			in->cur--;
		return (UI_INPUT_CHANGED);
	case UI_KEY_RIGHT:
		if (in->cur < in->len)
			in->cur++;
		return (UI_INPUT_CHANGED);
	case UI_KEY_HOME:
	case UI_KEY_CTRL('a'):
		in->cur = 0;
		return (UI_INPUT_CHANGED);
	case UI_KEY_END:
	case UI_KEY_CTRL('e'):
		in->cur = in->len;
		return (UI_INPUT_CHANGED);
	case UI_KEY_CTRL('u'):
		explicit_bzero(in->buf, sizeof in->buf);
		in->len = in->cur = 0;
		return (UI_INPUT_CHANGED);
	}
	return (UI_INPUT_IGNORED);
}

void
ui_input_mark(struct ui_input *in)
{
	memcpy(in->mbuf, in->buf, sizeof in->mbuf);
	in->mlen = in->len;
	in->mcur = in->cur;
	in->mfresh = in->fresh;
}

void
ui_input_restore(struct ui_input *in)
{
	memcpy(in->buf, in->mbuf, sizeof in->buf);
	in->len = in->mlen;
	in->cur = in->mcur;
	in->fresh = in->mfresh;
	explicit_bzero(in->mbuf, sizeof in->mbuf);
}

/*
 * Draw "prompt [text]" at y, x in w columns. With focus, the cursor is put
 * at the editing position. A long text scrolls so the cursor stays shown.
 */
void
ui_input_draw(struct ui_input *in, int y, int x, int w, const char *prompt,
    int focus)
{
	char	 shown[UI_INPUT_MAX];
	int	 pw = 0, fw;
	size_t	 start = 0, i, n;

	if (prompt != NULL && *prompt != '\0') {
		pw = ui_draw_str(y, x, w, UI_PROMPT, prompt);
		pw++;
	}
	fw = w - pw;
	if (fw < 2)
		return;
	ui_draw_fill(y, x + pw, fw, UI_INPUT);

	if (in->cur >= (size_t)fw)
		start = in->cur - (size_t)fw + 1;
	n = in->len - start;
	if (n > (size_t)fw)
		n = (size_t)fw;
	for (i = 0; i < n; i++) {
		if (in->flags & UI_INPUT_MASKED)
			shown[i] = '*';
		else
			shown[i] = in->buf[start + i];
	}
	shown[n] = '\0';
	ui_draw_str(y, x + pw, fw, in->fresh ? UI_SELECTED : UI_INPUT, shown);
	explicit_bzero(shown, sizeof shown);
	if (focus)
		ui_screen_cursor(y, x + pw + (int)(in->cur - start));
}
