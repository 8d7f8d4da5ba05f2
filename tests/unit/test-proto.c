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

#include <event2/buffer.h>

#include "unit.h"

#include "stash.h"

/*
 * proto.c: NDJSON framing over an evbuffer, the request envelope, argument
 * checks and the shape of replies and errors (doc/protocol.md).
 */

static struct evbuffer *
buffer(const char *s)
{
	struct evbuffer	*b;

	b = evbuffer_new();
	assert_non_null(b);
	if (s != NULL)
		evbuffer_add(b, s, strlen(s));
	return (b);
}

/* Read one frame and check its id; returns the object (caller frees). */
static json_t *
read_ok(struct evbuffer *b, size_t max, json_int_t id)
{
	json_t	*j;
	char	*cause;

	if (proto_read(b, max, &j, &cause) != PROTO_OK)
		fail_msg("frame not read: %s", cause != NULL ? cause : "");
	assert_null(cause);
	assert_non_null(j);
	assert_true(json_is_object(j));
	assert_int_equal(json_integer_value(json_object_get(j, "id")), id);
	return (j);
}

static void
read_fails(struct evbuffer *b, size_t max, enum proto_read want,
    const char *word)
{
	json_t		*j = (json_t *)1;
	char		*cause;
	enum proto_read	 r;

	r = proto_read(b, max, &j, &cause);
	if (r != want)
		fail_msg("proto_read %d, expected %d (%s)", r, want,
		    cause != NULL ? cause : "");
	assert_null(j);
	if (want == PROTO_MORE) {
		assert_null(cause);
		return;
	}
	assert_non_null(cause);
	if (word != NULL && strstr(cause, word) == NULL)
		fail_msg("cause \"%s\" lacks \"%s\"", cause, word);
	free(cause);
}

static void
test_one_frame(void **state)
{
	struct evbuffer	*b;
	json_t		*j;

	(void)state;
	b = buffer("{\"id\":1,\"op\":\"ping\"}\n");
	j = read_ok(b, MAX_FRAME, 1);
	assert_string_equal(json_string_value(json_object_get(j, "op")),
	    "ping");
	json_decref(j);
	assert_int_equal(evbuffer_get_length(b), 0);
	read_fails(b, MAX_FRAME, PROTO_MORE, NULL);
	evbuffer_free(b);
}

static void
test_two_frames(void **state)
{
	struct evbuffer	*b;

	(void)state;
	b = buffer("{\"id\":1,\"op\":\"a\"}\n"
	    "{\"id\":2,\"op\":\"b\"}\n{\"id\":3");
	json_decref(read_ok(b, MAX_FRAME, 1));
	json_decref(read_ok(b, MAX_FRAME, 2));
	read_fails(b, MAX_FRAME, PROTO_MORE, NULL);
	/* The start of the third is kept for later. */
	assert_int_equal(evbuffer_get_length(b), strlen("{\"id\":3"));
	evbuffer_add(b, ",\"op\":\"c\"}\n", 11);
	json_decref(read_ok(b, MAX_FRAME, 3));
	evbuffer_free(b);
}

static void
test_split_frame(void **state)
{
	static const char	 frame[] =
	    "{\"id\":42,\"op\":\"sale.get\",\"args\":{\"id\":41}}\n";
	struct evbuffer		*b;
	size_t			 i, half = 17;

	(void)state;
	b = buffer(NULL);
	evbuffer_add(b, frame, half);
	read_fails(b, MAX_FRAME, PROTO_MORE, NULL);
	assert_int_equal(evbuffer_get_length(b), half);
	evbuffer_add(b, frame + half, strlen(frame) - half);
	json_decref(read_ok(b, MAX_FRAME, 42));

	/* A byte at a time: nothing until the newline. */
	for (i = 0; i < strlen(frame) - 1; i++) {
		evbuffer_add(b, frame + i, 1);
		read_fails(b, MAX_FRAME, PROTO_MORE, NULL);
	}
	evbuffer_add(b, "\n", 1);
	json_decref(read_ok(b, MAX_FRAME, 42));
	assert_int_equal(evbuffer_get_length(b), 0);
	evbuffer_free(b);
}

static void
test_crlf(void **state)
{
	struct evbuffer	*b;

	(void)state;
	b = buffer("{\"id\":5,\"op\":\"ping\"}\r\n"
	    "{\"id\":6,\"op\":\"ping\"}\n");
	json_decref(read_ok(b, MAX_FRAME, 5));
	json_decref(read_ok(b, MAX_FRAME, 6));
	evbuffer_free(b);
}

/* A frame of exactly n bytes, newline included. */
static char *
frame_of(size_t n, json_int_t id)
{
	char	*s, head[64];
	size_t	 hl;

	hl = (size_t)snprintf(head, sizeof head, "{\"id\":%lld,\"op\":\"",
	    (long long)id);
	assert_true(n > hl + 3);
	s = xmalloc(n + 1);
	memcpy(s, head, hl);
	memset(s + hl, 'x', n - hl - 3);
	memcpy(s + n - 3, "\"}\n", 3);
	s[n] = '\0';
	return (s);
}

static void
test_size_limit_boundary(void **state)
{
	struct evbuffer	*b;
	char		*s;
	size_t		 max = 128;

	(void)state;
	/* max bytes with the newline: accepted. */
	s = frame_of(max, 1);
	b = buffer(s);
	json_decref(read_ok(b, max, 1));
	free(s);
	/* one more: refused. */
	s = frame_of(max + 1, 2);
	evbuffer_add(b, s, strlen(s));
	read_fails(b, max, PROTO_TOO_LARGE, NULL);
	free(s);
	evbuffer_free(b);
}

static void
test_oversize_without_newline(void **state)
{
	struct evbuffer	*b;
	char		 junk[256];
	size_t		 max = 100;

	(void)state;
	memset(junk, 'a', sizeof junk);
	b = buffer("{\"id\":1,\"op\":\"");
	evbuffer_add(b, junk, max - 1 - evbuffer_get_length(b));
	assert_int_equal(evbuffer_get_length(b), max - 1);
	read_fails(b, max, PROTO_MORE, NULL);
	/* The max-th byte, still no newline: refused at once. */
	evbuffer_add(b, junk, 1);
	read_fails(b, max, PROTO_TOO_LARGE, "100");
	assert_int_equal(evbuffer_get_length(b), 0);

	/* Far more at once is refused the same way, and dropped. */
	evbuffer_add(b, junk, sizeof junk);
	read_fails(b, max, PROTO_TOO_LARGE, NULL);
	assert_int_equal(evbuffer_get_length(b), 0);
	evbuffer_free(b);
}

static void
test_oversize_with_newline(void **state)
{
	struct evbuffer	*b;
	char		*s;

	(void)state;
	s = frame_of(300, 1);
	b = buffer(s);
	evbuffer_add(b, "{\"id\":2,\"op\":\"next\"}\n", 21);
	read_fails(b, 100, PROTO_TOO_LARGE, NULL);
	/* Only the long line was dropped. */
	json_decref(read_ok(b, 100, 2));
	free(s);
	evbuffer_free(b);
}

static void
test_bad_frames(void **state)
{
	static const struct {
		const char	*line;
		const char	*word;
	} bad[] = {
		{ "{\"id\":1,\n", "JSON" },
		{ "not json\n", "JSON" },
		{ "{\"id\":1} trailing\n", "JSON" },
		/* a key twice */
		{ "{\"id\":1,\"id\":2,\"op\":\"x\"}\n", "JSON" },
		{ "[1,2]\n", "object" },
		{ "\"a string\"\n", NULL },
		{ "42\n", NULL },
		{ "null\n", NULL },
		{ "\n", NULL },
		{ "\r\n", NULL },
		{ "   \n", NULL },
	};
	struct evbuffer	*b;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		b = buffer(bad[i].line);
		evbuffer_add(b, "{\"id\":9,\"op\":\"ok\"}\n", 19);
		read_fails(b, MAX_FRAME, PROTO_BAD, bad[i].word);
		/* The bad line is consumed; the next frame is whole. */
		json_decref(read_ok(b, MAX_FRAME, 9));
		evbuffer_free(b);
	}

	/* A NUL byte inside a line. */
	b = buffer(NULL);
	evbuffer_add(b, "{\"id\":1,\0\"op\":\"x\"}\n", 19);
	read_fails(b, MAX_FRAME, PROTO_BAD, NULL);
	assert_int_equal(evbuffer_get_length(b), 0);
	evbuffer_free(b);
}

static json_t *
parse(const char *s)
{
	json_t		*j;
	json_error_t	 e;

	j = json_loads(s, 0, &e);
	if (j == NULL)
		fail_msg("test JSON %s: %s", s, e.text);
	return (j);
}

static void
test_check_request(void **state)
{
	static const struct {
		const char	*json;
		json_int_t	 id;	/* what *id is left as */
		const char	*word;
	} bad[] = {
		{ "{\"op\":\"ping\"}", -1, "id" },
		{ "{\"id\":-1,\"op\":\"ping\"}", -1, "id" },
		{ "{\"id\":\"1\",\"op\":\"ping\"}", -1, "id" },
		{ "{\"id\":1.5,\"op\":\"ping\"}", -1, "id" },
		{ "{\"id\":null,\"op\":\"ping\"}", -1, "id" },
		{ "{\"id\":3}", 3, "op" },
		{ "{\"id\":3,\"op\":7}", 3, "op" },
		{ "{\"id\":3,\"op\":null}", 3, "op" },
		{ "{\"id\":3,\"op\":\"x\",\"args\":[]}", 3, "args" },
		{ "{\"id\":3,\"op\":\"x\",\"args\":\"a\"}", 3, "args" },
		{ "{\"id\":3,\"op\":\"x\",\"args\":1}", 3, "args" },
	};
	json_t		*j, *args;
	json_int_t	 id;
	const char	*op;
	char		*cause;
	size_t		 i;

	(void)state;
	j = parse("{\"id\":7,\"op\":\"sale.commit\",\"args\":{\"ref\":\"r\"}}");
	cause = NULL;
	assert_int_equal(proto_check_request(j, &id, &op, &args, &cause), 0);
	assert_null(cause);
	assert_int_equal(id, 7);
	assert_string_equal(op, "sale.commit");
	assert_ptr_equal(args, json_object_get(j, "args"));
	json_decref(j);

	j = parse("{\"id\":0,\"op\":\"ping\"}");
	args = (json_t *)1;
	assert_int_equal(proto_check_request(j, &id, &op, &args, &cause), 0);
	assert_int_equal(id, 0);
	assert_null(args);
	json_decref(j);
	j = parse("{\"id\":9007199254740993,\"op\":\"ping\",\"args\":null}");
	args = (json_t *)1;
	assert_int_equal(proto_check_request(j, &id, &op, &args, &cause), 0);
	assert_true(id == INT64_C(9007199254740993));
	assert_null(args);
	json_decref(j);

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = parse(bad[i].json);
		cause = NULL;
		if (proto_check_request(j, &id, &op, &args, &cause) != -1)
			fail_msg("%s accepted", bad[i].json);
		assert_non_null(cause);
		if (strstr(cause, bad[i].word) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", bad[i].json, cause,
			    bad[i].word);
		/* The id, when there is one, is there for the reply. */
		assert_true(id == bad[i].id);
		free(cause);
		json_decref(j);
	}
}

static void
test_arg_int(void **state)
{
	json_t		*a;
	json_int_t	 v;
	char		*cause;

	(void)state;
	a = parse("{\"n\":5,\"lo\":1,\"hi\":500,\"neg\":-3,\"s\":\"5\","
	    "\"r\":5.0,\"z\":null,\"b\":true,\"big\":9223372036854775807}");
	v = 0;
	assert_int_equal(proto_arg_int(a, "n", 1, 1, 10, &v, &cause), 0);
	assert_int_equal(v, 5);
	assert_int_equal(proto_arg_int(a, "lo", 1, 1, 500, &v, &cause), 0);
	assert_int_equal(v, 1);
	assert_int_equal(proto_arg_int(a, "hi", 1, 1, 500, &v, &cause), 0);
	assert_int_equal(v, 500);
	assert_int_equal(proto_arg_int(a, "big", 1, 0, INT64_MAX, &v, &cause),
	    0);
	assert_true(v == INT64_MAX);

	/* Out of range, with the field and the range named. */
	cause = NULL;
	assert_int_equal(proto_arg_int(a, "hi", 1, 1, 499, &v, &cause), -1);
	assert_non_null(strstr(cause, "\"hi\""));
	assert_non_null(strstr(cause, "499"));
	free(cause);
	cause = NULL;
	assert_int_equal(proto_arg_int(a, "lo", 1, 2, 499, &v, &cause), -1);
	assert_non_null(strstr(cause, "2"));
	free(cause);
	cause = NULL;
	assert_int_equal(proto_arg_int(a, "neg", 0, 0, 10, &v, &cause), -1);
	free(cause);

	/* Wrong types. */
	cause = NULL;
	assert_int_equal(proto_arg_int(a, "s", 1, 0, 10, &v, &cause), -1);
	assert_non_null(strstr(cause, "whole number"));
	free(cause);
	cause = NULL;
	assert_int_equal(proto_arg_int(a, "r", 1, 0, 10, &v, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(proto_arg_int(a, "b", 1, 0, 10, &v, &cause), -1);
	free(cause);

	/* Absent (or null): fine if optional, else named. */
	v = 77;
	cause = NULL;
	assert_int_equal(proto_arg_int(a, "gone", 0, 0, 10, &v, &cause), 1);
	assert_int_equal(proto_arg_int(a, "z", 0, 0, 10, &v, &cause), 1);
	assert_int_equal(proto_arg_int(NULL, "n", 0, 0, 10, &v, &cause), 1);
	assert_int_equal(v, 77);
	assert_null(cause);
	assert_int_equal(proto_arg_int(a, "gone", 1, 0, 10, &v, &cause), -1);
	assert_non_null(strstr(cause, "\"gone\" is required"));
	free(cause);
	cause = NULL;
	assert_int_equal(proto_arg_int(NULL, "n", 1, 0, 10, &v, &cause), -1);
	free(cause);
	json_decref(a);
}

static void
test_arg_str(void **state)
{
	static const char	*ctl[] = { "a\tb", "a\nb", "\x1b[2J", "del\x7f",
	    "\r", "bell\a" };
	json_t			*a;
	const char		*s;
	char			*cause;
	size_t			 i;

	(void)state;
	a = parse("{\"ok\":\"register-1\",\"u\":\"caf\\u00e9\",\"e\":\"\","
	    "\"n\":5,\"z\":null}");
	s = NULL;
	cause = NULL;
	assert_int_equal(proto_arg_str(a, "ok", 1, 32, &s, &cause), 0);
	assert_string_equal(s, "register-1");
	assert_ptr_equal(s, json_string_value(json_object_get(a, "ok")));
	/* exactly the limit, then one over */
	assert_int_equal(proto_arg_str(a, "ok", 1, 10, &s, &cause), 0);
	assert_int_equal(proto_arg_str(a, "ok", 1, 9, &s, &cause), -1);
	assert_non_null(strstr(cause, "\"ok\""));
	free(cause);
	/* UTF-8 is printable; the limit is in bytes */
	assert_int_equal(proto_arg_str(a, "u", 1, 5, &s, &cause), 0);
	assert_string_equal(s, "caf\xc3\xa9");
	cause = NULL;
	assert_int_equal(proto_arg_str(a, "u", 1, 4, &s, &cause), -1);
	free(cause);
	cause = NULL;
	/* empty: refused when required, no text when optional */
	assert_int_equal(proto_arg_str(a, "e", 1, 32, &s, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	/* optional but given empty: refused (an update would clear it) */
	assert_int_equal(proto_arg_str(a, "e", 0, 32, &s, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	/* a note given empty is no note */
	s = "untouched";
	assert_int_equal(proto_arg_note(a, "e", 32, &s, &cause), 1);
	assert_string_equal(s, "untouched");
	assert_null(cause);
	assert_int_equal(proto_arg_note(a, "u", 32, &s, &cause), 0);
	assert_int_equal(proto_arg_str(a, "n", 0, 32, &s, &cause), -1);
	assert_non_null(strstr(cause, "must be a string"));
	free(cause);

	/* Absent. */
	cause = NULL;
	s = "untouched";
	assert_int_equal(proto_arg_str(a, "gone", 0, 32, &s, &cause), 1);
	assert_int_equal(proto_arg_str(a, "z", 0, 32, &s, &cause), 1);
	assert_string_equal(s, "untouched");
	assert_null(cause);
	assert_int_equal(proto_arg_str(a, "gone", 1, 32, &s, &cause), -1);
	assert_non_null(strstr(cause, "required"));
	free(cause);

	/* Control characters, and a NUL inside. */
	for (i = 0; i < sizeof ctl / sizeof ctl[0]; i++) {
		json_object_set_new(a, "c", json_string(ctl[i]));
		cause = NULL;
		if (proto_arg_str(a, "c", 1, 32, &s, &cause) != -1)
			fail_msg("control character %zu accepted", i);
		assert_non_null(strstr(cause, "control"));
		free(cause);
	}
	json_object_set_new(a, "c", json_stringn("a\0b", 3));
	cause = NULL;
	assert_int_equal(proto_arg_str(a, "c", 1, 32, &s, &cause), -1);
	free(cause);
	json_decref(a);
}

static void
test_error_shape(void **state)
{
	json_t	*j, *e;

	(void)state;
	j = proto_error(7, "not-found", "no sale %d", 41);
	assert_int_equal(json_object_size(j), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "id")), 7);
	assert_null(json_object_get(j, "result"));
	e = json_object_get(j, "error");
	assert_true(json_is_object(e));
	assert_int_equal(json_object_size(e), 2);
	assert_string_equal(json_string_value(json_object_get(e, "code")),
	    "not-found");
	assert_string_equal(json_string_value(json_object_get(e, "message")),
	    "no sale 41");
	json_decref(j);

	/* No id could be read: null. */
	j = proto_error(-1, "bad-frame", "frame is %s", "bad");
	assert_true(json_is_null(json_object_get(j, "id")));
	json_decref(j);
	j = proto_error_noid("too-large", "frame longer than %d bytes", 10);
	assert_true(json_is_null(json_object_get(j, "id")));
	e = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(e, "message")),
	    "frame longer than 10 bytes");
	json_decref(j);

	/* Replies: the result, or an empty object. */
	j = proto_reply(3, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "id")), 3);
	assert_true(json_is_object(json_object_get(j, "result")));
	assert_int_equal(json_object_size(json_object_get(j, "result")), 0);
	assert_null(json_object_get(j, "error"));
	json_decref(j);
}

static void
test_write_reads_back(void **state)
{
	struct evbuffer	*b;
	json_t		*sent, *copy, *got;
	char		*cause;
	size_t		 len;
	u_char		*p;

	(void)state;
	b = buffer(NULL);
	sent = proto_reply(11, json_pack("{s:s, s:[i,i], s:s}", "name",
	    "line\nbreak \"quoted\"", "n", 1, 2, "u", "caf\xc3\xa9"));
	copy = json_deep_copy(sent);
	proto_write(b, sent);	/* takes the reference */
	len = evbuffer_get_length(b);
	p = evbuffer_pullup(b, -1);
	/* One line: the only newline is the last byte. */
	assert_int_equal(p[len - 1], '\n');
	assert_null(memchr(p, '\n', len - 1));
	assert_int_equal(proto_read(b, MAX_FRAME, &got, &cause), PROTO_OK);
	assert_true(json_equal(got, copy));
	json_decref(got);
	json_decref(copy);
	evbuffer_free(b);
}

/* proto_dump's bytes are json_dumps(JSON_COMPACT)'s, or both refuse. */
static void
dump_same(const json_t *j)
{
	struct buf	 b;
	char		*want;
	int		 r;

	buf_init(&b);
	want = json_dumps(j, JSON_COMPACT);
	r = proto_dump(j, &b);
	if (want == NULL) {
		if (r != -1)
			fail_msg("proto_dump accepted what jansson refuses: %s",
			    buf_cstr(&b));
	} else {
		if (r != 0)
			fail_msg("proto_dump refused %s", want);
		if (strcmp(buf_cstr(&b), want) != 0)
			fail_msg("proto_dump wrote\n%s\njansson\n%s",
			    buf_cstr(&b), want);
	}
	free(want);
	buf_free(&b);
}

/* A string of random pieces: ASCII, escapes, controls and UTF-8. */
static json_t *
dump_random_string(uint64_t *seed)
{
	static const char	*pieces[] = { "a", "Z", " ", "\"", "\\", "/",
	    "\n", "\r", "\t", "\b", "\f", "\x01", "\x1f", "\x7f", "caf\xc3\xa9",
	    "\xe2\x82\xac", "\xf0\x9f\x8c\xbf", "\xdf\xbf", "\xef\xbf\xbf",
	    "\xf4\x8f\xbf\xbf", "3.5g" };
	char			 s[128];
	size_t			 len = 0, n, i, k;

	n = unit_rand(seed) % 12;
	for (i = 0; i < n; i++) {
		k = unit_rand(seed) % (sizeof pieces / sizeof pieces[0]);
		memcpy(s + len, pieces[k], strlen(pieces[k]));
		len += strlen(pieces[k]);
	}
	if (unit_rand(seed) % 8 == 0)
		s[len++] = '\0';	/* a NUL inside */
	return (json_stringn(s, len));
}

static json_t *
dump_random(uint64_t *seed, u_int depth)
{
	json_t		*j, *k;
	u_int		 n, i;
	uint64_t	 r;

	r = unit_rand(seed) % (depth == 0 ? 7 : 10);
	switch (r) {
	case 0:
		return (dump_random_string(seed));
	case 1:
		return (json_integer((json_int_t)unit_rand(seed) >>
		    (unit_rand(seed) % 64)));
	case 2:
		return (json_integer(-(json_int_t)(unit_rand(seed) % 100000)));
	case 3:
		return (unit_rand(seed) % 2 ? json_true() : json_false());
	case 4:
		return (json_null());
	case 5:
		return (json_real((double)(unit_rand(seed) % 100000) / 7.0));
	case 6:
		return (json_string("bench"));
	case 7:
	case 8:
		j = json_object();
		n = (u_int)(unit_rand(seed) % 6);
		for (i = 0; i < n; i++) {
			k = dump_random_string(seed);
			json_object_setn_new(j, json_string_value(k),
			    json_string_length(k), dump_random(seed, depth - 1));
			json_decref(k);
		}
		return (j);
	default:
		j = json_array();
		n = (u_int)(unit_rand(seed) % 6);
		for (i = 0; i < n; i++)
			json_array_append_new(j, dump_random(seed, depth - 1));
		return (j);
	}
}

static void
test_dump_as_jansson(void **state)
{
	static const char	*bad[] = { "\xff", "\xc0\x80", "\xc1\xbf",
	    "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
	    "\x80", "ok\xe0\x80\xaf" };
	json_t			*j, *o;
	char			 ctl[32];
	uint64_t		 seed = UINT64_C(0x7a11ab1e5eed);
	size_t			 i;

	(void)state;
	/* Every control character, and the ones JSON spells out. */
	for (i = 0; i < sizeof ctl; i++)
		ctl[i] = (char)i;
	j = json_pack("{s:s#, s:s, s:s, s:[], s:{}, s:[{}, [], n, b, b], "
	    "s:I, s:I, s:I, s:f, s:f, s:f}", "ctl", ctl, (int)sizeof ctl,
	    "esc", "\"quoted\" \\back\\ /slash/ \x7f", "utf8",
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8c\xbf \xf4\x8f\xbf\xbf",
	    "a", "o", "mixed", 1, 0, "min", (json_int_t)INT64_MIN, "max",
	    (json_int_t)INT64_MAX, "zero", (json_int_t)0, "r1", 1.5, "r2",
	    3.0, "r3", 1e300);
	assert_non_null(j);
	json_object_set_new(j, "key \"with\"\n\x01 escapes", json_integer(-1));
	dump_same(j);
	json_decref(j);
	dump_same(j = json_object());
	json_decref(j);
	dump_same(j = json_array());
	json_decref(j);

	/* Not a container: refused, as json_dumps without ENCODE_ANY. */
	dump_same(j = json_string("x"));
	json_decref(j);
	dump_same(j = json_integer(1));
	json_decref(j);

	/* Strings that are not UTF-8 (made without jansson's check). */
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		o = json_object();
		json_object_set_new(o, "s", json_stringn_nocheck(bad[i],
		    strlen(bad[i])));
		dump_same(o);
		json_decref(o);
	}

	/* Deeper than jansson parses (2048), inside a reply: still written. */
	j = o = json_array();
	for (i = 0; i < 3000; i++) {
		json_array_append_new(o, json_array());
		o = json_array_get(o, 0);
	}
	dump_same(j);
	json_decref(j);

	/* Random documents. */
	for (i = 0; i < 2000; i++) {
		j = json_array();
		json_array_append_new(j, dump_random(&seed, 4));
		dump_same(j);
		json_decref(j);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_frame),
		cmocka_unit_test(test_two_frames),
		cmocka_unit_test(test_split_frame),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_size_limit_boundary),
		cmocka_unit_test(test_oversize_without_newline),
		cmocka_unit_test(test_oversize_with_newline),
		cmocka_unit_test(test_bad_frames),
		cmocka_unit_test(test_check_request),
		cmocka_unit_test(test_arg_int),
		cmocka_unit_test(test_arg_str),
		cmocka_unit_test(test_error_shape),
		cmocka_unit_test(test_write_reads_back),
		cmocka_unit_test(test_dump_as_jansson),
	};

	/* Line by line, so a crash keeps the results before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-proto", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("proto", tests, NULL, NULL));
}
