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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "stash.h"

/*
 * NDJSON framing for the terminal protocol (doc/protocol.md): one JSON object
 * per line, at most a fixed number of bytes. Pure parsing over an evbuffer,
 * shared by stashd and stash.
 */

/*
 * Take one frame off the buffer. On PROTO_OK *out is the parsed object; on
 * PROTO_TOO_LARGE and PROTO_BAD *cause says what was wrong (caller frees) and
 * the bad bytes are drained. A line longer than max is refused as soon as
 * max bytes have arrived without a newline.
 */
enum proto_read
proto_read(struct evbuffer *in, size_t max, json_t **out, char **cause)
{
	struct evbuffer_ptr	 eol;
	size_t			 len, n;
	char			*line;
	json_t			*j;
	json_error_t		 jerr;

	*out = NULL;
	*cause = NULL;
	eol = evbuffer_search(in, "\n", 1, NULL);
	if (eol.pos == -1) {
		if (evbuffer_get_length(in) >= max) {
			xasprintf(cause, "frame longer than %zu bytes", max);
			evbuffer_drain(in, evbuffer_get_length(in));
			return (PROTO_TOO_LARGE);
		}
		return (PROTO_MORE);
	}
	len = (size_t)eol.pos;
	if (len + 1 > max) {
		xasprintf(cause, "frame longer than %zu bytes", max);
		evbuffer_drain(in, len + 1);
		return (PROTO_TOO_LARGE);
	}
	/* Parsed where it lies (made contiguous if need be), not copied. */
	if ((line = (char *)evbuffer_pullup(in, len + 1)) == NULL)
		fatalx("proto_read: cannot make the frame contiguous");
	n = len;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	j = json_loadb(line, n, JSON_REJECT_DUPLICATES, &jerr);
	evbuffer_drain(in, len + 1);
	if (j == NULL) {
		xasprintf(cause, "invalid JSON at column %d: %s", jerr.column,
		    jerr.text);
		return (PROTO_BAD);
	}
	if (!json_is_object(j)) {
		json_decref(j);
		xasprintf(cause, "frame is not a JSON object");
		return (PROTO_BAD);
	}
	*out = j;
	return (PROTO_OK);
}

/*
 * Check a request's envelope: a non-negative integer id, a string op and an
 * optional object args. *args is borrowed from the request.
 */
int
proto_check_request(json_t *req, json_int_t *id, const char **op,
    json_t **args, char **cause)
{
	json_t	*jid, *jop, *jargs;

	*id = -1;
	jid = json_object_get(req, "id");
	if (!json_is_integer(jid) || json_integer_value(jid) < 0) {
		xasprintf(cause, "request has no numeric \"id\"");
		return (-1);
	}
	*id = json_integer_value(jid);
	jop = json_object_get(req, "op");
	if (!json_is_string(jop)) {
		xasprintf(cause, "request has no string \"op\"");
		return (-1);
	}
	*op = json_string_value(jop);
	jargs = json_object_get(req, "args");
	if (jargs == NULL || json_is_null(jargs))
		*args = NULL;
	else if (!json_is_object(jargs)) {
		xasprintf(cause, "\"args\" is not an object");
		return (-1);
	} else
		*args = jargs;
	return (0);
}

/*
 * Compact JSON, as json_dumps(j, JSON_COMPACT) writes it, byte for byte
 * (tests/unit/test-proto.c compares them). jansson's own encoder checks
 * every object and array for a loop through a hash table keyed by a
 * printed pointer, which cost more than the rest of a reply's encoding;
 * stashd's values never hold a loop, so a depth bound stands in for that
 * check: twice the depth jansson parses, so a reply that carries a value
 * from a request is never refused. Strings are checked as UTF-8 as
 * jansson does.
 */
#define PROTO_DUMP_DEPTH	4096

/* A string's escapes: 0 none, else the letter after the backslash. */
static const char proto_dump_esc[128] = {
	['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
	['"'] = '"', ['\\'] = '\\',
};

/* The length of the UTF-8 sequence at p (n bytes left), 0 if invalid. */
static size_t
proto_dump_utf8(const u_char *p, size_t n)
{
	uint32_t	cp;
	size_t		len, i;

	if (p[0] < 0x80)
		return (1);
	if (p[0] < 0xc2 || p[0] > 0xf4)
		return (0);		/* continuation, overlong or too big */
	if (p[0] < 0xe0) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] < 0xf0) {
		len = 3;
		cp = p[0] & 0x0f;
	} else {
		len = 4;
		cp = p[0] & 0x07;
	}
	if (len > n)
		return (0);
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return (0);
	return (len);
}

static int
proto_dump_string(const char *s, size_t n, struct buf *b)
{
	const u_char	*p = (const u_char *)s, *run;
	size_t		 len;
	char		 seq[8];

	buf_addc(b, '"');
	run = p;
	while (n > 0) {
		if (*p >= 0x80) {
			if ((len = proto_dump_utf8(p, n)) == 0)
				return (-1);
			p += len;
			n -= len;
			continue;
		}
		if (*p >= 0x20 && proto_dump_esc[*p] == 0) {
			p++;
			n--;
			continue;
		}
		buf_add(b, run, (size_t)(p - run));
		if (proto_dump_esc[*p] != 0) {
			seq[0] = '\\';
			seq[1] = proto_dump_esc[*p];
			buf_add(b, seq, 2);
		} else {
			snprintf(seq, sizeof seq, "\\u%04X", *p);
			buf_add(b, seq, 6);
		}
		run = ++p;
		n--;
	}
	buf_add(b, run, (size_t)(p - run));
	buf_addc(b, '"');
	return (0);
}

static void
proto_dump_integer(json_int_t v, struct buf *b)
{
	char		 tmp[24], *p = tmp + sizeof tmp;
	uint64_t	 u;

	u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

static int
proto_dump_value(const json_t *j, struct buf *b, u_int depth)
{
	const char	*key;
	json_t		*v;
	void		*it;
	char		*s;
	size_t		 i, n;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		if (depth == PROTO_DUMP_DEPTH)
			return (-1);
		buf_addc(b, '{');
		n = 0;
		for (it = json_object_iter((json_t *)j); it != NULL;
		    it = json_object_iter_next((json_t *)j, it)) {
			key = json_object_iter_key(it);
			if (n++ != 0)
				buf_addc(b, ',');
			if (proto_dump_string(key, json_object_iter_key_len(it),
			    b) != 0)
				return (-1);
			buf_addc(b, ':');
			if (proto_dump_value(json_object_iter_value(it), b,
			    depth + 1) != 0)
				return (-1);
		}
		buf_addc(b, '}');
		return (0);
	case JSON_ARRAY:
		if (depth == PROTO_DUMP_DEPTH)
			return (-1);
		buf_addc(b, '[');
		json_array_foreach(j, i, v) {
			if (i != 0)
				buf_addc(b, ',');
			if (proto_dump_value(v, b, depth + 1) != 0)
				return (-1);
		}
		buf_addc(b, ']');
		return (0);
	case JSON_STRING:
		return (proto_dump_string(json_string_value(j),
		    json_string_length(j), b));
	case JSON_INTEGER:
		proto_dump_integer(json_integer_value(j), b);
		return (0);
	case JSON_REAL:
		/* Never on stashd's wire (money and weights are integers). */
		if ((s = json_dumps(j, JSON_COMPACT|JSON_ENCODE_ANY)) == NULL)
			return (-1);
		buf_addstr(b, s);
		free(s);
		return (0);
	case JSON_TRUE:
		buf_add(b, "true", 4);
		return (0);
	case JSON_FALSE:
		buf_add(b, "false", 5);
		return (0);
	case JSON_NULL:
		buf_add(b, "null", 4);
		return (0);
	}
	return (-1);
}

/* Append j's compact JSON to b; -1 (b then holds part of it) if it cannot. */
int
proto_dump(const json_t *j, struct buf *b)
{
	if (!json_is_object(j) && !json_is_array(j))
		return (-1);	/* as json_dumps without JSON_ENCODE_ANY */
	return (proto_dump_value(j, b, 0));
}

/*
 * A direct writer for replies of a fixed shape, with no jansson tree
 * (reply_sale_line): each put appends one member, or one array element
 * if key is NULL, after a comma unless it is the first in its object or
 * array. Strings are escaped as proto_dump does; a string that is not
 * UTF-8 makes proto_put_str return -1 (the caller builds a tree then).
 */
static void
proto_put_key(struct buf *b, const char *key)
{
	if (b->len != 0 && b->data[b->len - 1] != '{' &&
	    b->data[b->len - 1] != '[')
		buf_addc(b, ',');
	if (key != NULL) {
		buf_addc(b, '"');
		buf_addstr(b, key);	/* the caller's, plain ASCII */
		buf_add(b, "\":", 2);
	}
}

void
proto_put_open(struct buf *b, const char *key, char c)
{
	proto_put_key(b, key);
	buf_addc(b, (u_char)c);
}

int
proto_put_str(struct buf *b, const char *key, const char *v)
{
	proto_put_key(b, key);
	return (proto_dump_string(v, strlen(v), b));
}

void
proto_put_int(struct buf *b, const char *key, json_int_t v)
{
	proto_put_key(b, key);
	proto_dump_integer(v, b);
}

void
proto_put_bool(struct buf *b, const char *key, int v)
{
	proto_put_key(b, key);
	if (v)
		buf_add(b, "true", 4);
	else
		buf_add(b, "false", 5);
}

/* Write a frame; takes the reference to j. */
void
proto_write(struct evbuffer *out, json_t *j)
{
	char	*s;

	s = json_dumps(j, JSON_COMPACT);
	if (s == NULL)
		fatalx("proto_write: cannot encode");
	evbuffer_add(out, s, strlen(s));
	evbuffer_add(out, "\n", 1);
	free(s);
	json_decref(j);
}

/* A success reply; takes the reference to result. */
json_t *
proto_reply(json_int_t id, json_t *result)
{
	json_t	*j;

	j = json_object();
	json_object_set_new(j, "id", json_integer(id));
	json_object_set_new(j, "result", result != NULL ? result :
	    json_object());
	return (j);
}

static json_t *
proto_verror(json_t *jid, const char *code, const char *fmt, va_list ap)
{
	json_t	*j, *e;
	char	*msg;

	xvasprintf(&msg, fmt, ap);
	e = json_object();
	json_object_set_new(e, "code", json_string(code));
	json_object_set_new(e, "message", json_string(msg));
	free(msg);
	j = json_object();
	json_object_set_new(j, "id", jid);
	json_object_set_new(j, "error", e);
	return (j);
}

json_t *
proto_error(json_int_t id, const char *code, const char *fmt, ...)
{
	va_list	 ap;
	json_t	*j;

	va_start(ap, fmt);
	j = proto_verror(id < 0 ? json_null() : json_integer(id), code, fmt,
	    ap);
	va_end(ap);
	return (j);
}

json_t *
proto_error_noid(const char *code, const char *fmt, ...)
{
	va_list	 ap;
	json_t	*j;

	va_start(ap, fmt);
	j = proto_verror(json_null(), code, fmt, ap);
	va_end(ap);
	return (j);
}

/*
 * The argument name, into *v: 0 when present (not null), 1 when absent
 * and optional, -1 with *cause when absent and required.
 */
static int
proto_arg_get(json_t *args, const char *name, int required, json_t **v,
    char **cause)
{
	*v = args != NULL ? json_object_get(args, name) : NULL;
	if (*v != NULL && !json_is_null(*v))
		return (0);
	if (required) {
		xasprintf(cause, "\"%s\" is required", name);
		return (-1);
	}
	return (1);
}

/* An integer argument in [min, max]; absent is an error only if required. */
int
proto_arg_int(json_t *args, const char *name, int required, json_int_t min,
    json_int_t max, json_int_t *out, char **cause)
{
	json_t	*v;
	int	 r;

	if ((r = proto_arg_get(args, name, required, &v, cause)) != 0)
		return (r);
	if (!json_is_integer(v)) {
		xasprintf(cause, "\"%s\" must be a whole number", name);
		return (-1);
	}
	*out = json_integer_value(v);
	if (*out < min || *out > max) {
		xasprintf(cause, "\"%s\" must be between %lld and %lld", name,
		    (long long)min, (long long)max);
		return (-1);
	}
	return (0);
}

/*
 * A string argument of 1..maxlen bytes of text (valid_text: no control or
 * direction override characters); *out is borrowed. An optional one may
 * be absent (1) but not empty: in an update, "" would mean "clear it".
 */
int
proto_arg_str(json_t *args, const char *name, int required, size_t maxlen,
    const char **out, char **cause)
{
	json_t	*v;
	size_t	 len;
	int	 r;

	if ((r = proto_arg_get(args, name, required, &v, cause)) != 0)
		return (r);
	if (!json_is_string(v)) {
		xasprintf(cause, "\"%s\" must be a string", name);
		return (-1);
	}
	len = json_string_length(v);
	if (len == 0 || len > maxlen) {
		xasprintf(cause, "\"%s\" must be 1 to %zu characters", name,
		    maxlen);
		return (-1);
	}
	if (valid_text(json_string_value(v), len, maxlen, name, cause) != 0)
		return (-1);
	*out = json_string_value(v);
	return (0);
}

/*
 * An optional note: as proto_arg_str, but a note sent as "" is no note (1),
 * as the screens send a note prompt left empty (package.adjust,
 * drawer.drop, intake.create).
 */
int
proto_arg_note(json_t *args, const char *name, size_t maxlen,
    const char **out, char **cause)
{
	json_t	*v;

	v = args != NULL ? json_object_get(args, name) : NULL;
	if (json_is_string(v) && json_string_length(v) == 0)
		return (1);
	return (proto_arg_str(args, name, 0, maxlen, out, cause));
}
