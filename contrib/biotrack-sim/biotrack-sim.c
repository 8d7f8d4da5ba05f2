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

#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <sodium.h>

#include "stash.h"
#include "biotrack-sim.h"

/*
 * stash-biotrack-sim: BioTrack's legacy API 4.0 (POST /serverjson.asp),
 * stateful, in memory, for tests: login with the company UBI, a user and
 * a password; sessions that can be expired; sale_dispense, sale_void,
 * sale_refund, inventory_adjust, inventory_destroy_schedule and
 * inventory_destroy (refused before the schedule's waiting period, 0
 * unless set, has passed); inventory_transfer_inbound (each barcode an
 * item of a manifest inbound, else 602 as New Mexico answers; a manifest
 * received is no longer inbound); every write answer kept by its nonce
 * for nonce_replay. Errors are HTTP 200 with
 * {success:0, error, errorcode} as BioTrack's are.
 *
 * Test hooks (not BioTrack's): POST /_sim/faults {"lose":N} applies the
 * next N writes and loses their answers (HTTP 504, empty body: the answer
 * is then only to be had by nonce_replay); {"status":S,"count":N} answers
 * the next N requests S without applying them; {"expire":true} ends the
 * session; {"destroy_wait":S} is the waiting period in seconds from a
 * destruction's schedule to its destroy. POST /_sim/manifest
 * {manifest_id, license_number, items:[{barcode_id, product, quantity}]}
 * adds a manifest inbound to the store (inventory_manifest_lookup lists
 * it, inventory_transfer_lookup its items); POST /_sim/inventory
 * {rows:[{id, remaining_quantity, deleted}]} sets what sync_inventory
 * answers (sync_check counts it); POST /_sim/rooms {rows:[{roomid,
 * name}]} sets the rooms sync_inventory_room lists (101 Vault and 102
 * Sales Floor until then) and inventory_move takes (a room not listed is
 * refused, 602). GET /_sim/requests lists what came ({action, nonce,
 * applied, fault}); GET /_sim/state the sales, refunds, voids,
 * adjustments, moves ({transactionid, barcodeid, room}) and received
 * manifests (manifest_id -> the manifest with its receipts
 * [{transactionid, location, data}]).
 *
 * Of the sync_* tables only inventory and inventory_room are kept. The
 * v2024 REST surface is biotrack-sim-v2024.c.
 */

#define SIM_BODY_MAX	(1024 * 1024)

enum sim_fault {
	SIM_F_NONE,
	SIM_F_500,
	SIM_F_LOSE,
	SIM_F_TIMEOUT,
	SIM_F_EXPIRE,
	SIM_F_602
};
static const char *const sim_fault_names[] = {
	"", "500", "lose", "timeout", "expire", "602"
};
#define SIM_NFAULTS	(sizeof sim_fault_names / sizeof *sim_fault_names)

/* An answer held back until after the client gave up. */
struct sim_hold {
	struct evhttp_request		*req;
	struct evhttp_connection	*evcon;
	struct event			*ev;
};

struct sim {
	struct event_base	*base;
	struct evhttp		*http;
	char			 ubi[64];
	char			 user[64];
	char			 password[64];
	char			 session[33];
	int64_t			 seq;		/* transaction ids */
	json_t			*nonces;	/* nonce -> answer */
	json_t			*requests;	/* the log */
	json_t			*sales;		/* transactionid -> sale */
	json_t			*adjustments;
	json_t			*scheduled;	/* barcode -> schedule time */
	json_t			*manifests;	/* manifest_id -> manifest */
	json_t			*inventory;	/* sync_inventory's rows */
	json_t			*rooms;		/* sync_inventory_room's */
	json_t			*moves;		/* inventory_move's, applied */
	json_t			*received;	/* manifest_id -> manifest */
	int			 destroy_wait;	/* seconds */
	int			 lose;
	int			 fault_status;
	int			 fault_count;
	int			 rate;		/* faults in a thousand */
	uint64_t		 rng;
	int			 kinds[64];
	int			 nkinds;
	int			 hold_ms;
	int			 rate_per_sec;	/* 0: no limit */
	time_t			 win;		/* its window's second */
	int			 win_count;
	int			 verbose;
	struct sim24		*v24;		/* biotrack-sim-v2024.c */
};

static void
sim_usage(void)
{
	fprintf(stderr, "usage: stash-biotrack-sim [-v] [-k ubi:user:password] "
	    "-l address:port\n");
	exit(1);
}

void
sim_reply(struct evhttp_request *req, int status, json_t *body)
{
	struct evbuffer	*eb = evbuffer_new();
	char		*s = NULL;

	if (body != NULL) {
		s = json_dumps(body, JSON_COMPACT);
		evbuffer_add(eb, s, strlen(s));
		json_decref(body);
	}
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "application/json");
	evhttp_send_reply(req, status, status == 200 ? "OK" : "Error", eb);
	evbuffer_free(eb);
	free(s);
}

/*
 * A hook that sets a list (POST HOOK {"rows":[...]}): if path is hook
 * and in has rows, *list is them and the hook answered, 1; else 0.
 */
int
sim_rows(struct evhttp_request *req, const char *path, const char *hook,
    json_t *in, json_t **list)
{
	if (strcmp(path, hook) != 0 || !json_is_array(json_object_get(in,
	    "rows")))
		return (0);
	json_decref(*list);
	*list = json_incref(json_object_get(in, "rows"));
	sim_reply(req, 200, json_object());
	return (1);
}

static json_t *
sim_error(const char *code, const char *text)
{
	return (json_pack("{s:i, s:s, s:s}", "success", 0, "error", text,
	    "errorcode", code));
}

static json_t *
sim_ok(struct sim *sm)
{
	return (json_pack("{s:i, s:I, s:I}", "success", 1, "transactionid",
	    (json_int_t)++sm->seq, "sessiontime", (json_int_t)time(NULL)));
}

/* A destruction's schedule: each barcode's waiting period starts. */
static void
sim_schedule(struct sim *sm, const char *action, json_t *tags)
{
	json_t	*v;
	size_t	 i;

	if (strcmp(action, "inventory_destroy_schedule") != 0 ||
	    !json_is_array(tags))
		return;
	json_array_foreach(tags, i, v) {
		if (json_is_string(v))
			json_object_set_new(sm->scheduled, json_string_value(v),
			    json_integer(time(NULL)));
	}
}

/* A destruction's second step: scheduled, and the wait passed. */
static json_t *
sim_destroy(struct sim *sm, json_t *tag)
{
	json_t	*at, *out;

	if (!json_is_string(tag) || (at = json_object_get(sm->scheduled,
	    json_string_value(tag))) == NULL)
		return (sim_error("602", "The item is not scheduled for "
		    "destruction."));
	if (time(NULL) - json_integer_value(at) < sm->destroy_wait)
		return (sim_error("602", "The waiting period for this "
		    "destruction has not passed."));
	out = sim_ok(sm);
	json_array_append_new(sm->adjustments, json_pack("{s:s, s:I, s:O}",
	    "action", "inventory_destroy", "transactionid",
	    (json_int_t)sm->seq, "barcodeid", tag));
	json_object_del(sm->scheduled, json_string_value(tag));
	return (out);
}

/* A lookup: inbound manifests, their items, the inventory table. */
static json_t *
sim_lookup(struct sim *sm, const char *action, json_t *in)
{
	json_t		*out, *data, *m;
	const char	*id, *loc;

	loc = json_string_value(json_object_get(in, "location"));
	if (strcmp(action, "inventory_manifest_lookup") == 0) {
		if (loc == NULL || *loc == '\0')
			return (sim_error("602", "Please specify a valid "
			    "license number."));
		if (json_object_size(sm->manifests) == 0)
			return (sim_error("602", "No inbound transfers were "
			    "found."));
		data = json_array();
		json_object_foreach(sm->manifests, id, m) {
			json_array_append_new(data, json_pack("{s:s, s:O}",
			    "manifest_id", id, "license_number",
			    json_object_get(m, "license_number")));
		}
		return (json_pack("{s:i, s:o}", "success", 1, "data", data));
	}
	if (strcmp(action, "inventory_transfer_lookup") == 0) {
		id = json_string_value(json_object_get(in, "manifest_id"));
		if (loc == NULL || id == NULL ||
		    (m = json_object_get(sm->manifests, id)) == NULL)
			return (sim_error("602", "No outstanding inbound "
			    "inventory items were found."));
		return (json_pack("{s:i, s:O}", "success", 1, "data",
		    json_object_get(m, "items")));
	}
	if (strcmp(action, "sync_check") == 0)
		return (json_pack("{s:i, s:[{s:s, s:I, s:i}]}", "success", 1,
		    "summary", "table", "inventory", "sum",
		    (json_int_t)json_array_size(sm->inventory), "match", 0));
	if (strcmp(action, "sync_inventory_room") == 0)
		return (json_pack("{s:i, s:O}", "success", 1, "inventory_room",
		    sm->rooms));
	if (strcmp(action, "sync_inventory") == 0) {
		out = json_pack("{s:i, s:O}", "success", 1, "inventory",
		    sm->inventory);
		return (out);
	}
	return (NULL);
}

/* A number, or a string of one; 0 if neither. */
static long long
sim_number(json_t *v)
{
	if (json_is_integer(v))
		return (json_integer_value(v));
	if (json_is_string(v))
		return (strtoll(json_string_value(v), NULL, 10));
	return (0);
}

/* Is room one of the state's? */
static int
sim_room_known(struct sim *sm, json_t *room)
{
	json_t	*r;
	size_t	 i;

	json_array_foreach(sm->rooms, i, r) {
		if (sim_number(room) > 0 && sim_number(json_object_get(r,
		    "roomid")) == sim_number(room))
			return (1);
	}
	return (0);
}

/* inventory_move: every row's room must be the state's; all or none. */
static json_t *
sim_move(struct sim *sm, json_t *data)
{
	json_t	*row, *out;
	size_t	 i;

	if (!json_is_array(data) || json_array_size(data) == 0)
		return (sim_error("602", "No inventory given."));
	json_array_foreach(data, i, row) {
		if (!json_is_string(json_object_get(row, "barcodeid")))
			return (sim_error("602", "No inventory given."));
		if (!sim_room_known(sm, json_object_get(row, "room")))
			return (sim_error("602", "Invalid room."));
	}
	out = sim_ok(sm);
	json_array_foreach(data, i, row) {
		json_array_append_new(sm->moves, json_pack("{s:I, s:O, s:O}",
		    "transactionid", (json_int_t)sm->seq, "barcodeid",
		    json_object_get(row, "barcodeid"), "room",
		    json_object_get(row, "room")));
	}
	return (out);
}

/* The inbound manifest with barcode among its items, or NULL (its id). */
static json_t *
sim_inbound(struct sim *sm, const char *barcode, char *id, size_t len)
{
	json_t		*m, *it;
	const char	*key;
	size_t		 i;

	json_object_foreach(sm->manifests, key, m) {
		json_array_foreach(json_object_get(m, "items"), i, it) {
			if (json_is_string(json_object_get(it, "barcode_id")) &&
			    strcmp(json_string_value(json_object_get(it,
			    "barcode_id")), barcode) == 0) {
				strlcpy(id, key, len);
				return (m);
			}
		}
	}
	return (NULL);
}

/*
 * inventory_transfer_inbound: what was taken in of inbound manifests at
 * location. Every barcode must be an item of one still inbound; each
 * manifest named is received (no longer inbound), all or none.
 */
static json_t *
sim_receive(struct sim *sm, json_t *in)
{
	json_t		*data, *row, *m, *out;
	const char	*loc, *bc;
	char		 id[128];
	size_t		 i;

	loc = json_string_value(json_object_get(in, "location"));
	data = json_object_get(in, "data");
	if (loc == NULL || *loc == '\0')
		return (sim_error("602", "Please specify a valid license "
		    "number."));
	if (!json_is_array(data) || json_array_size(data) == 0)
		return (sim_error("602", "No inventory given."));
	json_array_foreach(data, i, row) {
		bc = json_string_value(json_object_get(row, "barcodeid"));
		if (bc == NULL || json_object_get(row, "quantity") == NULL ||
		    sim_inbound(sm, bc, id, sizeof id) == NULL)
			return (sim_error("602", "The barcode is not inbound "
			    "to this license or was already received."));
	}
	out = sim_ok(sm);
	json_array_foreach(data, i, row) {
		bc = json_string_value(json_object_get(row, "barcodeid"));
		if ((m = sim_inbound(sm, bc, id, sizeof id)) == NULL)
			continue;	/* received with an earlier row */
		json_object_set_new(m, "receipts", json_pack("[{s:I, s:s, "
		    "s:O}]", "transactionid", (json_int_t)sm->seq, "location",
		    loc, "data", data));
		json_object_set(sm->received, id, m);
		json_object_del(sm->manifests, id);
	}
	return (out);
}

/* A write: applied to the state, its answer (or refusal). */
static json_t *
sim_write(struct sim *sm, const char *action, json_t *in)
{
	json_t		*data, *sale, *tid, *out;
	const char	*key;
	char		 k[32];

	data = json_object_get(in, "data");
	if (strcmp(action, "sale_dispense") == 0) {
		if (!json_is_array(data) || json_array_size(data) == 0)
			return (sim_error("602", "No items to dispense."));
		out = sim_ok(sm);
		snprintf(k, sizeof k, "%lld", (long long)sm->seq);
		json_object_set_new(sm->sales, k, json_pack("{s:I, s:O, s:O, "
		    "s:b, s:[], s:O}", "transactionid", (json_int_t)sm->seq,
		    "terminal_id", json_object_get(in, "terminal_id"),
		    "data", data, "voided", 0, "refunds", "nonce",
		    json_object_get(in, "nonce")));
		return (out);
	}
	if (strcmp(action, "sale_void") == 0 ||
	    strcmp(action, "sale_refund") == 0) {
		tid = json_object_get(in, "transactionid");
		snprintf(k, sizeof k, "%lld", (long long)json_integer_value(tid));
		sale = json_object_get(sm->sales, k);
		if (!json_is_integer(tid) || sale == NULL ||
		    json_is_true(json_object_get(sale, "voided")))
			return (sim_error("602", "Invalid transaction."));
		out = sim_ok(sm);
		if (strcmp(action, "sale_void") == 0)
			json_object_set_new(sale, "voided", json_true());
		else
			json_array_append(json_object_get(sale, "refunds"),
			    data);
		return (out);
	}
	if (strcmp(action, "inventory_adjust") == 0 ||
	    strcmp(action, "inventory_destroy_schedule") == 0) {
		key = strcmp(action, "inventory_adjust") == 0 ? "data" :
		    "barcodeid";
		if (json_object_get(in, key) == NULL)
			return (sim_error("602", "No inventory given."));
		out = sim_ok(sm);
		json_array_append_new(sm->adjustments, json_pack("{s:s, s:I, "
		    "s:O}", "action", action, "transactionid",
		    (json_int_t)sm->seq, key, json_object_get(in, key)));
		sim_schedule(sm, action, json_object_get(in, key));
		return (out);
	}
	if (strcmp(action, "inventory_destroy") == 0)
		return (sim_destroy(sm, json_object_get(in, "barcodeid")));
	if (strcmp(action, "inventory_move") == 0)
		return (sim_move(sm, data));
	if (strcmp(action, "inventory_transfer_inbound") == 0)
		return (sim_receive(sm, in));
	if ((out = sim_lookup(sm, action, in)) != NULL)
		return (out);
	return (sim_error("62", "Unknown action."));
}

static void
sim_log(struct sim *sm, const char *action, const char *nonce, int applied,
    int fault)
{
	struct timeval	tv;

	gettimeofday(&tv, NULL);
	json_array_append_new(sm->requests, json_pack("{s:s, s:s?, s:b, s:i, "
	    "s:I}", "action", action, "nonce", nonce, "applied", applied,
	    "fault", fault, "time", (json_int_t)tv.tv_sec * 1000 +
	    tv.tv_usec / 1000));
}

/* xorshift64: the fault draw, repeatable from its seed. */
static uint64_t
sim_random(struct sim *sm)
{
	sm->rng ^= sm->rng << 13;
	sm->rng ^= sm->rng >> 7;
	sm->rng ^= sm->rng << 17;
	return (sm->rng);
}

/* Does this request get a fault, and which? A replay only some. */
static enum sim_fault
sim_draw(struct sim *sm, int replay)
{
	enum sim_fault	f;

	if (sm->nkinds == 0 || (int)(sim_random(sm) % 1000) >= sm->rate)
		return (SIM_F_NONE);
	f = sm->kinds[sim_random(sm) % (uint64_t)sm->nkinds];
	if (replay && (f == SIM_F_LOSE || f == SIM_F_602))
		return (SIM_F_NONE);
	return (f);
}

static void
sim_hold_free(struct sim_hold *h)
{
	event_free(h->ev);
	free(h);
}

/* The client went away first (as it should): forget the request. */
static void
sim_hold_closed(struct evhttp_connection *evcon, void *arg)
{
	evhttp_connection_set_closecb(evcon, NULL, NULL);
	sim_hold_free(arg);
}

static void
sim_hold_fire(evutil_socket_t fd, short what, void *arg)
{
	struct sim_hold	*h = arg;

	evhttp_connection_set_closecb(h->evcon, NULL, NULL);
	sim_reply(h->req, 504, NULL);
	sim_hold_free(h);
}

/* No answer until hold_ms from now: the client times out. */
static void
sim_hold(struct sim *sm, struct evhttp_request *req)
{
	struct sim_hold	*h;
	struct timeval	 tv;

	h = xcalloc(1, sizeof *h);
	h->req = req;
	h->evcon = evhttp_request_get_connection(req);
	h->ev = evtimer_new(sm->base, sim_hold_fire, h);
	evhttp_connection_set_closecb(h->evcon, sim_hold_closed, h);
	tv.tv_sec = sm->hold_ms / 1000;
	tv.tv_usec = (sm->hold_ms % 1000) * 1000;
	evtimer_add(h->ev, &tv);
}

static void
sim_api(struct sim *sm, struct evhttp_request *req, json_t *in)
{
	const char	*action, *nonce, *session, *of;
	json_t		*out, *kept;
	enum sim_fault	 f;
	int		 status = 200;

	action = json_string_value(json_object_get(in, "action"));
	nonce = json_string_value(json_object_get(in, "nonce"));
	session = json_string_value(json_object_get(in, "sessionid"));
	if (sm->rate_per_sec > 0) {
		/* A fixed window of whole seconds, as stash-metrc-sim's. */
		if (time(NULL) != sm->win) {
			sm->win = time(NULL);
			sm->win_count = 0;
		}
		if (++sm->win_count > sm->rate_per_sec) {
			sim_log(sm, action != NULL ? action : "?", nonce, 0,
			    429);
			sim_reply(req, 429, NULL);
			return;
		}
	}
	if (sm->fault_count > 0) {
		sm->fault_count--;
		sim_log(sm, action != NULL ? action : "?", nonce, 0,
		    sm->fault_status);
		sim_reply(req, sm->fault_status, NULL);
		return;
	}
	if (!json_is_string(json_object_get(in, "API")) ||
	    strcmp(json_string_value(json_object_get(in, "API")), "4.0") != 0) {
		sim_reply(req, 200, sim_error("17", "Invalid API version."));
		return;
	}
	if (action == NULL) {
		sim_reply(req, 200, sim_error("62", "No action given."));
		return;
	}
	if (strcmp(action, "login") == 0) {
		if (!json_is_string(json_object_get(in, "license_number")) ||
		    strcmp(json_string_value(json_object_get(in,
		    "license_number")), sm->ubi) != 0 ||
		    !json_is_string(json_object_get(in, "username")) ||
		    strcmp(json_string_value(json_object_get(in, "username")),
		    sm->user) != 0 ||
		    !json_is_string(json_object_get(in, "password")) ||
		    strcmp(json_string_value(json_object_get(in, "password")),
		    sm->password) != 0) {
			sim_log(sm, action, NULL, 0, 0);
			sim_reply(req, 200, sim_error("602", "Invalid login."));
			return;
		}
		randombytes_buf(sm->session, 16);
		for (int i = 0; i < 16; i++)
			sm->session[i] = "abcdefghijklmnop"[sm->session[i] &
			    15];
		sm->session[16] = '\0';
		sim_log(sm, action, NULL, 1, 0);
		sim_reply(req, 200, json_pack("{s:i, s:s, s:i, s:I}",
		    "success", 1, "sessionid", sm->session, "admin", 0,
		    "time", (json_int_t)time(NULL)));
		return;
	}
	if (session == NULL || *sm->session == '\0' ||
	    strcmp(session, sm->session) != 0) {
		sim_log(sm, action, nonce, 0, 0);
		sim_reply(req, 200, sim_error("63", "Your session has "
		    "expired."));
		return;
	}
	f = sim_draw(sm, strcmp(action, "nonce_replay") == 0);
	if (f == SIM_F_500 || f == SIM_F_EXPIRE) {
		sim_log(sm, action, nonce, 0, f == SIM_F_500 ? 500 : 63);
		if (f == SIM_F_500) {
			sim_reply(req, 500, NULL);
			return;
		}
		*sm->session = '\0';
		sim_reply(req, 200, sim_error("63", "Your session has "
		    "expired."));
		return;
	}
	if (strcmp(action, "nonce_replay") == 0) {
		of = json_string_value(json_object_get(in, "nonce_replay"));
		kept = of != NULL ? json_object_get(sm->nonces, of) : NULL;
		sim_log(sm, action, nonce, 0, f == SIM_F_TIMEOUT ? 599 : 0);
		if (f == SIM_F_TIMEOUT)
			sim_hold(sm, req);
		else
			sim_reply(req, 200, kept != NULL ? json_incref(kept) :
			    sim_error("602", "Nonce not found."));
		return;
	}
	if (nonce == NULL || *nonce == '\0') {
		sim_reply(req, 200, sim_error("602", "A nonce is required."));
		return;
	}
	if ((kept = json_object_get(sm->nonces, nonce)) != NULL) {
		/* A nonce used again: the first answer, nothing applied. */
		sim_log(sm, action, nonce, 0, 0);
		sim_reply(req, 200, json_incref(kept));
		return;
	}
	if (f == SIM_F_602) {
		/* Refused as BioTrack refuses, kept as any answer is. */
		out = sim_error("602", "Unable to process the request at "
		    "this time.");
		json_object_set(sm->nonces, nonce, out);
		sim_log(sm, action, nonce, 0, 602);
		sim_reply(req, 200, out);
		return;
	}
	out = sim_write(sm, action, in);
	json_object_set(sm->nonces, nonce, out);
	if (json_integer_value(json_object_get(out, "success")) == 1) {
		if (sm->lose > 0 || f == SIM_F_LOSE) {
			if (f != SIM_F_LOSE)
				sm->lose--;
			status = 504;
		} else if (f == SIM_F_TIMEOUT)
			status = 599;
	}
	sim_log(sm, action, nonce, json_integer_value(json_object_get(out,
	    "success")) == 1, status == 200 ? 0 : status);
	if (status == 599) {
		json_decref(out);
		sim_hold(sm, req);
	} else if (status != 200) {
		json_decref(out);
		sim_reply(req, status, NULL);
	} else
		sim_reply(req, 200, out);
}

/* The random faults of a /_sim/faults body: -1 if they make no sense. */
static int
sim_faults_random(struct sim *sm, json_t *in)
{
	json_t		*kinds, *v;
	size_t		 i;
	u_int		 k;
	const char	*name;

	sm->nkinds = 0;
	sm->rate = (int)json_integer_value(json_object_get(in, "rate"));
	sm->rng = (uint64_t)json_integer_value(json_object_get(in, "seed"));
	if (sm->rng == 0)
		sm->rng = 88172645463325252ULL;
	sm->hold_ms = (int)json_integer_value(json_object_get(in,
	    "hold_ms"));
	sm->rate_per_sec = (int)json_integer_value(json_object_get(in,
	    "rate_per_sec"));
	if (sm->rate_per_sec < 0)
		return (-1);
	if (sm->hold_ms <= 0 || sm->hold_ms > 600000)
		sm->hold_ms = 3000;
	if (sm->rate < 0 || sm->rate > 1000)
		return (-1);
	kinds = json_object_get(in, "kinds");
	if (kinds == NULL)
		return (0);
	if (!json_is_array(kinds) || json_array_size(kinds) >= 64)
		return (-1);
	json_array_foreach(kinds, i, v) {
		if ((name = json_string_value(v)) == NULL)
			return (-1);
		for (k = 1; k < SIM_NFAULTS; k++) {
			if (strcmp(name, sim_fault_names[k]) == 0)
				break;
		}
		if (k == SIM_NFAULTS) {
			sm->nkinds = 0;
			return (-1);
		}
		if (sm->nkinds < 64)
			sm->kinds[sm->nkinds++] = (int)k;
	}
	return (0);
}

static void
sim_admin(struct sim *sm, struct evhttp_request *req, const char *path,
    json_t *in)
{
	if (strcmp(path, "/_sim/requests") == 0) {
		sim_reply(req, 200, json_pack("{s:O}", "requests",
		    sm->requests));
		return;
	}
	if (strcmp(path, "/_sim/state") == 0) {
		sim_reply(req, 200, json_pack("{s:O, s:O, s:O, s:O}", "sales",
		    sm->sales, "adjustments", sm->adjustments, "moves",
		    sm->moves, "received", sm->received));
		return;
	}
	if (strcmp(path, "/_sim/manifest") == 0 && json_is_string(
	    json_object_get(in, "manifest_id")) && json_is_array(
	    json_object_get(in, "items"))) {
		json_object_set(sm->manifests, json_string_value(
		    json_object_get(in, "manifest_id")), in);
		sim_reply(req, 200, json_object());
		return;
	}
	if (sim_rows(req, path, "/_sim/inventory", in, &sm->inventory) ||
	    sim_rows(req, path, "/_sim/rooms", in, &sm->rooms))
		return;
	if (strcmp(path, "/_sim/faults") == 0 && in != NULL) {
		sm->lose = (int)json_integer_value(json_object_get(in, "lose"));
		sm->fault_status = (int)json_integer_value(json_object_get(in,
		    "status"));
		sm->fault_count = sm->fault_status != 0 ? (int)
		    json_integer_value(json_object_get(in, "count")) : 0;
		if (json_is_true(json_object_get(in, "expire")))
			*sm->session = '\0';
		sm->destroy_wait = (int)json_integer_value(json_object_get(in,
		    "destroy_wait"));
		if (sim_faults_random(sm, in) != 0) {
			sim_reply(req, 400, json_pack("{s:s}", "error",
			    "rate is 0 to 1000, kinds a list of 500, lose, "
			    "timeout, expire, 602; rate_per_sec 0 or more"));
			return;
		}
		sim_reply(req, 200, json_object());
		return;
	}
	sim_reply(req, 404, json_pack("{s:s}", "error", "no such hook"));
}

static void
sim_request(struct evhttp_request *req, void *arg)
{
	struct sim		*sm = arg;
	struct evbuffer		*eb;
	struct evhttp_uri	*uri;
	const char		*path;
	json_t			*in = NULL;
	json_error_t		 e;
	size_t			 len;
	char			*body;

	if ((uri = evhttp_uri_parse(evhttp_request_get_uri(req))) == NULL) {
		sim_reply(req, 400, NULL);
		return;
	}
	path = evhttp_uri_get_path(uri);
	eb = evhttp_request_get_input_buffer(req);
	len = evbuffer_get_length(eb);
	if (len > SIM_BODY_MAX) {
		evhttp_uri_free(uri);
		sim_reply(req, 413, NULL);
		return;
	}
	if (len > 0) {
		body = xmalloc(len);
		evbuffer_remove(eb, body, len);
		in = json_loadb(body, len, 0, &e);
		free(body);
	}
	if (sm->verbose)
		log_info("%s %zu bytes", path != NULL ? path : "?", len);
	if (path != NULL && strncmp(path, "/_sim/", 6) == 0)
		sim_admin(sm, req, path, in);
	else if (path != NULL && sim24_request(sm->v24, req, path,
	    evhttp_uri_get_query(uri), in))
		;	/* the v2024 surface's */
	else if (path == NULL || strcmp(path, "/serverjson.asp") != 0 ||
	    evhttp_request_get_command(req) != EVHTTP_REQ_POST)
		sim_reply(req, 404, NULL);
	else if (!json_is_object(in))
		sim_reply(req, 200, sim_error("17", "The request is not a "
		    "JSON object."));
	else
		sim_api(sm, req, in);
	if (in != NULL)
		json_decref(in);
	evhttp_uri_free(uri);
}

int
main(int argc, char **argv)
{
	struct sim			 sm;
	struct evhttp_bound_socket	*bs;
	struct sockaddr_in		 sin;
	socklen_t			 sl = sizeof sin;
	const char			*listen = NULL, *errstr;
	char				*host, *port, *p;
	int				 ch, n;

	memset(&sm, 0, sizeof sm);
	strlcpy(sm.ubi, "123456789", sizeof sm.ubi);
	strlcpy(sm.user, "stash-api", sizeof sm.user);
	strlcpy(sm.password, "sim-password", sizeof sm.password);
	while ((ch = getopt(argc, argv, "k:l:v")) != -1) {
		switch (ch) {
		case 'k':
			host = xstrdup(optarg);
			if ((p = strchr(host, ':')) == NULL ||
			    (port = strchr(p + 1, ':')) == NULL)
				sim_usage();
			*p++ = '\0';
			*port++ = '\0';
			strlcpy(sm.ubi, host, sizeof sm.ubi);
			strlcpy(sm.user, p, sizeof sm.user);
			strlcpy(sm.password, port, sizeof sm.password);
			free(host);
			break;
		case 'l':
			listen = optarg;
			break;
		case 'v':
			sm.verbose = 1;
			break;
		default:
			sim_usage();
		}
	}
	if (listen == NULL || sodium_init() < 0)
		sim_usage();
	log_open("stash-biotrack-sim", LOGDEST_STDERR, sm.verbose);
	host = xstrdup(listen);
	if ((port = strrchr(host, ':')) == NULL)
		sim_usage();
	*port++ = '\0';
	n = (int)util_strtonum(port, 0, 65535, &errstr);
	if (errstr != NULL)
		sim_usage();
	sm.base = event_base_new();
	sm.http = evhttp_new(sm.base);
	sm.nonces = json_object();
	sm.requests = json_array();
	sm.sales = json_object();
	sm.adjustments = json_array();
	sm.scheduled = json_object();
	sm.manifests = json_object();
	sm.received = json_object();
	sm.inventory = json_array();
	sm.rooms = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}]", "roomid",
	    "101", "name", "Vault", "deleted", "0", "roomid", "102", "name",
	    "Sales Floor", "deleted", "0");
	sm.moves = json_array();
	sm.v24 = sim24_new(sm.ubi, SIM24_LICENSE, sm.user, sm.password);
	if ((bs = evhttp_bind_socket_with_handle(sm.http, host,
	    (uint16_t)n)) == NULL)
		fatal("cannot listen on %s", listen);
	if (getsockname(evhttp_bound_socket_get_fd(bs),
	    (struct sockaddr *)&sin, &sl) != 0)
		fatal("getsockname");
	evhttp_set_gencb(sm.http, sim_request, &sm);
	printf("{\"listen\":\"%s:%u\",\"ubi\":\"%s\",\"username\":\"%s\","
	    "\"password\":\"%s\",\"license\":\"%s\"}\n", host,
	    ntohs(sin.sin_port), sm.ubi, sm.user, sm.password, SIM24_LICENSE);
	fflush(stdout);
	free(host);
	event_base_dispatch(sm.base);
	return (0);
}
