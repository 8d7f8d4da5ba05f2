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

#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client-op.h"

/*
 * Receiving: manifests (intake.create, .list, .get, .scan, .resolve,
 * .close). The intake station looks SKUs up with the item ops'
 * product.search (client-op-item.c). The parsers are pure (tests/unit);
 * strings are copied, a manifest's lines and the list are allocated.
 * None of these ops has an idempotency key: a scan again replaces the
 * figure until the line is resolved, and the rest are refused when done
 * twice (conflict), never done twice.
 */

static const struct client_op_error client_op_intake_bad = {
	"bad-reply", "stashd's answer about the manifest could not be read"
};

/* intake.create: a manifest typed at the station, with its packages. */
json_int_t
client_op_intake_create(const struct client_op_intake_new *in,
    client_op_done_cb cb, void *arg)
{
	struct client_op_req		 req = { .op = "intake.create" };
	const struct client_op_intake_pkg *p;
	json_t				*pkgs, *jp;
	u_int				 i;

	pkgs = json_array();
	for (i = 0; i < in->n; i++) {
		p = &in->pkgs[i];
		jp = json_pack("{s:s, s:s, s:s, s:I}", "tag", p->tag, "sku",
		    p->sku, "batch", p->batch, "qty", (json_int_t)p->qty);
		if (p->harvested != 0)
			json_object_set_new(jp, "harvested",
			    json_integer(p->harvested));
		json_array_append_new(pkgs, jp);
	}
	req.args = json_pack("{s:s, s:s, s:s, s:o}", "manifest", in->manifest,
	    "supplier", in->supplier, "note", in->note, "packages", pkgs);
	return (client_op_call(&req, client_op_call_done, (client_op_fn)cb,
	    arg));
}

/* A manifest LINE object; -1 if it is not one. */
int
client_op_intake_parse_line(json_t *o, struct client_op_intake_line *l)
{
	memset(l, 0, sizeof *l);
	if (!json_is_object(o))
		return (-1);
	client_op_copy(l->manifest, sizeof l->manifest, o, "manifest");
	client_op_copy(l->tag, sizeof l->tag, o, "tag");
	client_op_copy(l->sku, sizeof l->sku, o, "sku");
	l->product = client_op_int(o, "product");
	client_op_copy(l->found_sku, sizeof l->found_sku, o, "found_sku");
	l->found_product = client_op_int(o, "found_product");
	client_op_copy(l->batch, sizeof l->batch, o, "batch");
	l->harvested = (int)client_op_int(o, "harvested");
	l->has_shipped = json_is_integer(json_object_get(o, "shipped"));
	l->shipped = client_op_int(o, "shipped");
	l->has_received = json_is_integer(json_object_get(o, "received"));
	l->received = client_op_int(o, "received");
	l->scanned = json_is_true(json_object_get(o, "scanned"));
	l->scan_time = client_op_int(o, "scan_time");
	client_op_copy(l->state, sizeof l->state, o, "state");
	client_op_copy(l->discrepancy, sizeof l->discrepancy, o,
	    "discrepancy");
	client_op_copy(l->note, sizeof l->note, o, "note");
	l->accepted = client_op_int(o, "accepted");
	l->resolved_by = client_op_int(o, "resolved_by");
	client_op_copy(l->weight, sizeof l->weight, o, "weight");
	client_op_lab_parse(json_object_get(o, "lab"), &l->lab);
	return (0);
}

static int
client_op_intake_line_row(json_t *o, void *el)
{
	return (client_op_intake_parse_line(o, el));
}

/* A MANIFEST object, with its tallies and any lines; -1 if not one. */
int
client_op_intake_parse_manifest(json_t *o, struct client_op_manifest *m)
{
	memset(m, 0, sizeof *m);
	if (!json_is_object(o))
		return (-1);
	client_op_copy(m->manifest, sizeof m->manifest, o, "manifest");
	client_op_copy(m->supplier, sizeof m->supplier, o, "supplier");
	m->created = client_op_int(o, "created");
	client_op_copy(m->status, sizeof m->status, o, "status");
	client_op_copy(m->note, sizeof m->note, o, "note");
	m->staff = client_op_int(o, "staff");
	m->closed = client_op_int(o, "closed");
	m->packages = client_op_int(o, "packages");
	m->pending = client_op_int(o, "pending");
	m->discrepancies = client_op_int(o, "discrepancies");
	m->lines = client_op_rows(json_object_get(o, "lines"), &m->nlines,
	    sizeof *m->lines, client_op_intake_line_row);
	return (0);
}

static int
client_op_intake_manifest_row(json_t *o, void *el)
{
	return (client_op_intake_parse_manifest(o, el));
}

void
client_op_intake_manifest_free(struct client_op_manifest *m)
{
	free(m->lines);
	memset(m, 0, sizeof *m);
}

/* Move a parsed manifest into dst (freed first); src is left empty. */
void
client_op_intake_manifest_move(struct client_op_manifest *dst,
    struct client_op_manifest *src)
{
	client_op_intake_manifest_free(dst);
	*dst = *src;
	memset(src, 0, sizeof *src);
}

/* The index of a tag's line (any case), or -1. */
int
client_op_intake_manifest_find(const struct client_op_manifest *m,
    const char *tag)
{
	u_int	i;

	for (i = 0; i < m->nlines; i++) {
		if (strcasecmp(m->lines[i].tag, tag) == 0)
			return ((int)i);
	}
	return (-1);
}

/*
 * A line came back (intake.scan, intake.resolve): replace the line with
 * its tag, or add it (an extra). Returns its index.
 */
u_int
client_op_intake_manifest_put(struct client_op_manifest *m,
    const struct client_op_intake_line *l)
{
	int	idx;

	if ((idx = client_op_intake_manifest_find(m, l->tag)) != -1) {
		m->lines[idx] = *l;
		return ((u_int)idx);
	}
	m->lines = xreallocarray(m->lines, m->nlines + 1, sizeof *m->lines);
	m->lines[m->nlines] = *l;
	return (m->nlines++);
}

/* An intake.list result: {"manifests":[MANIFEST + tallies]}. */
int
client_op_intake_parse_list(json_t *result, struct client_op_manifest_list *l)
{
	json_t	*list = json_object_get(result, "manifests");

	memset(l, 0, sizeof *l);
	if (!json_is_array(list))
		return (-1);
	l->list = client_op_rows(list, &l->n, sizeof *l->list,
	    client_op_intake_manifest_row);
	return (0);
}

void
client_op_intake_list_free(struct client_op_manifest_list *l)
{
	u_int	i;

	for (i = 0; i < l->n; i++)
		client_op_intake_manifest_free(&l->list[i]);
	free(l->list);
	memset(l, 0, sizeof *l);
}

/* Move a parsed list into dst (freed first); src is left empty. */
void
client_op_intake_list_move(struct client_op_manifest_list *dst,
    struct client_op_manifest_list *src)
{
	client_op_intake_list_free(dst);
	*dst = *src;
	memset(src, 0, sizeof *src);
}

/* An intake.close result: {"manifest":..,"created":N,"held":N}. */
int
client_op_intake_parse_closed(json_t *result,
    struct client_op_intake_closed *c)
{
	memset(c, 0, sizeof *c);
	if (!json_is_object(result))
		return (-1);
	client_op_copy(c->manifest, sizeof c->manifest, result, "manifest");
	c->created = client_op_int(result, "created");
	c->held = client_op_int(result, "held");
	return (0);
}

static void
client_op_intake_list_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_manifest_list_cb	cb = (client_op_manifest_list_cb)call->cb;
	struct client_op_manifest_list	l;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_intake_parse_list(result, &l) != 0) {
		cb(&client_op_intake_bad, NULL, call->arg);
		return;
	}
	cb(err, &l, call->arg);
	client_op_intake_list_free(&l);
}

/* intake.list: the open manifests. */
json_int_t
client_op_intake_list(client_op_manifest_list_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "intake.list" };

	req.args = json_object();
	return (client_op_call(&req, client_op_intake_list_reply,
	    (client_op_fn)cb, arg));
}

static void
client_op_intake_get_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_manifest_cb		cb = (client_op_manifest_cb)call->cb;
	struct client_op_manifest	m;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_intake_parse_manifest(json_object_get(result,
	    "manifest"), &m) != 0) {
		cb(&client_op_intake_bad, NULL, call->arg);
		return;
	}
	cb(err, &m, call->arg);
	client_op_intake_manifest_free(&m);
}

/* intake.get {"manifest":..}: one manifest with its lines. */
json_int_t
client_op_intake_get(const char *number, client_op_manifest_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "intake.get" };

	req.args = json_pack("{s:s}", "manifest", number);
	return (client_op_call(&req, client_op_intake_get_reply,
	    (client_op_fn)cb, arg));
}

static void
client_op_intake_line_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_intake_line_cb	cb = (client_op_intake_line_cb)call->cb;
	struct client_op_intake_line	l;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_intake_parse_line(json_object_get(result, "line"),
	    &l) != 0) {
		cb(&client_op_intake_bad, NULL, call->arg);
		return;
	}
	cb(err, &l, call->arg);
}

/* intake.scan: what arrived in a package, counted or weighed. */
json_int_t
client_op_intake_scan(const struct client_op_intake_scan_req *in,
    client_op_intake_line_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "intake.scan" };

	req.args = json_pack("{s:s, s:s, s:I}", "manifest", in->manifest,
	    "tag", in->tag, "qty", (json_int_t)in->qty);
	if (in->weight != CLIENT_OP_WEIGHT_NONE)
		json_object_set_new(req.args, "weight", json_string(
		    in->weight == CLIENT_OP_WEIGHT_SCALE ? "scale" : "typed"));
	if (in->sku != NULL)
		json_object_set_new(req.args, "sku", json_string(in->sku));
	return (client_op_call(&req, client_op_intake_line_reply,
	    (client_op_fn)cb, arg));
}

/* intake.resolve: a manager's accept, reject or partial, with a note. */
json_int_t
client_op_intake_resolve(const struct client_op_intake_resolve_req *in,
    client_op_intake_line_cb cb, void *arg)
{
	struct client_op_req	req = { .op = "intake.resolve" };

	req.args = json_pack("{s:s, s:s, s:s, s:s}", "manifest", in->manifest,
	    "tag", in->tag, "action", in->action, "note", in->note);
	if (strcmp(in->action, "partial") == 0)
		json_object_set_new(req.args, "qty", json_integer(in->qty));
	return (client_op_call(&req, client_op_intake_line_reply,
	    (client_op_fn)cb, arg));
}

static void
client_op_intake_close_reply(json_t *result, const struct client_op_error *err,
    struct client_op_call *call)
{
	client_op_intake_closed_cb	cb = (client_op_intake_closed_cb)call->cb;
	struct client_op_intake_closed	c;

	if (err->code != NULL) {
		cb(err, NULL, call->arg);
		return;
	}
	if (client_op_intake_parse_closed(result, &c) != 0) {
		cb(&client_op_intake_bad, NULL, call->arg);
		return;
	}
	cb(err, &c, call->arg);
}

/* intake.close {"manifest":..}. */
json_int_t
client_op_intake_close(const char *number, client_op_intake_closed_cb cb,
    void *arg)
{
	struct client_op_req	req = { .op = "intake.close" };

	req.args = json_pack("{s:s}", "manifest", number);
	return (client_op_call(&req, client_op_intake_close_reply,
	    (client_op_fn)cb, arg));
}
