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

#include "unit.h"
#include "stash.h"
#include "dev.h"

/*
 * The line framer (dev-line.c) on its own: what reaches the parser, and
 * what the framer reports about the rest, for lines, CR LF lines, frames
 * with a start byte and frames that a start byte restarts.
 */

#define TL_MAX	8

struct tl {
	char			 line[TL_MAX][80];
	size_t			 len[TL_MAX];
	u_int			 nline;
	enum dev_status_code	 st[TL_MAX];
	char			 msg[TL_MAX][DEV_MSG_MAX];
	u_int			 nst;
};

static struct tl	tl;

static void
tl_line(const u_char *p, size_t len, dev_emit_cb cb, void *arg)
{
	(void)cb;
	assert_ptr_equal(arg, &tl);
	assert_true(tl.nline < TL_MAX);
	assert_true(len < sizeof tl.line[0]);
	memcpy(tl.line[tl.nline], p, len);
	tl.line[tl.nline][len] = '\0';
	tl.len[tl.nline++] = len;
}

static void
tl_event(const struct dev_event *ev, void *arg)
{
	struct tl	*t = arg;

	assert_int_equal(ev->type, DEV_EV_STATUS);
	assert_true(t->nst < TL_MAX);
	t->st[t->nst] = ev->status;
	strlcpy(t->msg[t->nst], ev->msg, sizeof t->msg[0]);
	t->nst++;
}

/* Feed s whole, or a byte at a time; then idle if asked. */
static void
tl_run(struct dev_line *l, const char *s, int bytewise, int idle)
{
	size_t	i, n = strlen(s);

	memset(&tl, 0, sizeof tl);
	if (bytewise) {
		for (i = 0; i < n; i++)
			dev_line_feed(l, (const u_char *)s + i, 1, tl_event,
			    &tl);
	} else
		dev_line_feed(l, (const u_char *)s, n, tl_event, &tl);
	if (idle)
		dev_line_idle(l, tl_event, &tl);
}

static void
test_lines(void **state)
{
	struct dev_line	l;
	int		bw;

	(void)state;
	for (bw = 0; bw < 2; bw++) {
		dev_line_init(&l, 16, 0, '\n', 0, "the scale", "line",
		    tl_line);
		/* A CR before the LF is dropped; a bare LF ends a line too. */
		tl_run(&l, "one\r\ntwo\n\nthree", bw, 0);
		assert_int_equal(tl.nline, 3);
		assert_string_equal(tl.line[0], "one");
		assert_string_equal(tl.line[1], "two");
		assert_int_equal(tl.len[2], 0);
		assert_int_equal(tl.nst, 0);
		/* The rest of a line is kept until it ends... */
		tl_run(&l, "\r\n", bw, 0);
		assert_int_equal(tl.nline, 1);
		assert_string_equal(tl.line[0], "three");
		/* ...and reported when the line goes quiet. */
		tl_run(&l, "half", bw, 1);
		assert_int_equal(tl.nline, 0);
		assert_int_equal(tl.nst, 1);
		assert_int_equal(tl.st[0], DEV_ST_GARBAGE);
		assert_string_equal(tl.msg[0],
		    "the scale stopped in the middle of a line");
		/* Over the bound: one report, dropped up to the next end. */
		tl_run(&l, "0123456789abcdefXYZ\r\nok\r\n", bw, 1);
		assert_int_equal(tl.nst, 1);
		assert_int_equal(tl.st[0], DEV_ST_TOO_LONG);
		assert_string_equal(tl.msg[0],
		    "the scale sent a line over 16 bytes: dropped");
		assert_int_equal(tl.nline, 1);
		assert_string_equal(tl.line[0], "ok");
	}
}

static void
test_crlf(void **state)
{
	struct dev_line	l;

	(void)state;
	dev_line_init(&l, 32, 0, '\n', DEV_LINE_CRLF, "the scale", "frame",
	    tl_line);
	/* Only CR LF ends: a lone LF is data. */
	tl_run(&l, "a\nb\r\n", 0, 1);
	assert_int_equal(tl.nline, 1);
	assert_int_equal(tl.len[0], 3);
	assert_memory_equal(tl.line[0], "a\nb", 3);
	assert_int_equal(tl.nst, 0);
}

static void
test_frames(void **state)
{
	struct dev_line	l;
	int		bw;

	(void)state;
	for (bw = 0; bw < 2; bw++) {
		/* NCI-like: LF opens, ETX ends, LF inside is data. */
		dev_line_init(&l, 32, '\n', 0x03, 0, "the scale", "frame",
		    tl_line);
		tl_run(&l, "xx\n1.25LB\r\n\x30\x30\r\x03", bw, 1);
		assert_int_equal(tl.nline, 1);
		assert_string_equal(tl.line[0], "1.25LB\r\n00\r");
		assert_int_equal(tl.nst, 1);
		assert_string_equal(tl.msg[0],
		    "the scale sent 2 bytes outside a frame");
		/* Cut off: reported at idle. */
		tl_run(&l, "\n1.2", bw, 1);
		assert_int_equal(tl.nline, 0);
		assert_int_equal(tl.nst, 1);
		assert_string_equal(tl.msg[0],
		    "the scale stopped in the middle of a frame");

		/* SMA-like: a start byte inside a frame starts anew. */
		dev_line_init(&l, 32, '\n', '\r', DEV_LINE_RESTART,
		    "the scale", "frame", tl_line);
		tl_run(&l, "\nabc\ndef\r", bw, 0);
		assert_int_equal(tl.nline, 1);
		assert_string_equal(tl.line[0], "def");
		assert_int_equal(tl.nst, 1);
		assert_string_equal(tl.msg[0],
		    "the scale sent 3 bytes outside a frame");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_frames),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-dev-line", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("dev-line", tests, NULL, NULL));
}
