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

/* An integer argument in [min, max]; absent is an error only if required. */
int
proto_arg_int(json_t *args, const char *name, int required, json_int_t min,
    json_int_t max, json_int_t *out, char **cause)
{
	json_t	*v;

	v = args != NULL ? json_object_get(args, name) : NULL;
	if (v == NULL || json_is_null(v)) {
		if (required) {
			xasprintf(cause, "\"%s\" is required", name);
			return (-1);
		}
		return (1);
	}
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

	v = args != NULL ? json_object_get(args, name) : NULL;
	if (v == NULL || json_is_null(v)) {
		if (required) {
			xasprintf(cause, "\"%s\" is required", name);
			return (-1);
		}
		return (1);
	}
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
