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

#include <sys/time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <sodium.h>

#include "stash.h"
#include "biotrack-sim.h"

/*
 * stash-biotrack-sim's v2024 "licensee-api" surface (Florida), stateful,
 * in memory: POST /v1/user/login (X-Ubi, X-License headers, Username and
 * Password) answers a SessionToken that every other call sends as
 * X-Session-Token (401 if it is not the current one); POST /v1/sale,
 * POST /v1/sale/{id}/refund, PUT /v1/sale/{id}/void, GET /v1/sale/{id},
 * GET /v1/sale?ExternalID=, PUT /v1/inventory/adjust,
 * PUT /v1/inventory/destroy/schedule, PUT /v1/inventory/destroy (422
 * unless the barcode's schedule is destroy_wait seconds old, once), GET
 * /v1/inventory/adjustment?ExternalID=, GET /v1/inventory/transfer/inbound
 * (the transfers not yet received, paged), GET
 * /v1/inventory/transfer/inbound/{id} (one, with Received), PUT
 * /v1/inventory/transfer/{id}/receive, GET /v1/sync, GET /v1/inventory
 * (paged), GET /v1/inventory/room (201 Vault and 202 Sales Floor, or what
 * POST /_sim24/rooms {rows:[{ID, Name}]} set) and PUT /v1/inventory/move
 * {Barcode, RoomID} (a room not listed is refused, 422). Lists give
 * page_size rows a page and a NextCursor while more are left (?Cursor=
 * asks for them). Writes need RequestID and
 * ExternalID. A write sent twice is applied twice (as we must assume the
 * state's is), so a test sees any duplicate.
 *
 * Test hooks: POST /_sim24/faults {"lose":N} applies the next N writes
 * and answers 504 with no body; {"status":S,"count":N} answers the next N
 * requests S without applying them; {"expire":true} ends the token;
 * {"path":P} with lose or status keeps them to requests for the path P;
 * {"rate":R,"seed":N,"kinds":[...]} faults R requests in a thousand,
 * drawn repeatably from the seed, of the kinds "500" (not applied),
 * "lose" (applied, 504 with no body), "expire" (the token ends: 401) and
 * "422" (a refusal with its Message, not applied); a GET draws only 500
 * and expire; {"rate_per_sec":R} answers 429 to requests beyond R in a
 * second (a fixed window; the bench's limit: v2024 publishes none). {}
 * ends them all; "destroy_wait" (seconds) and "page_size" (rows a page,
 * 50 at first) are kept until given again. POST /_sim24/transfer {ID,
 * ManifestID, FromLicense, Item:[{Barcode, Product, Quantity}]} adds a
 * transfer inbound to the store; POST /_sim24/inventory {rows:[{Barcode,
 * RemainingAmount, Deleted}]} sets what GET /v1/inventory lists. GET
 * /_sim24/state: {sales, adjustments, transfers, moves, applied:
 * ExternalID -> times}; GET /_sim24/requests: {method, path, query,
 * applied, fault, time (ms)} each.
 */

struct sim24 {
	char	 ubi[64];
	char	 license[64];
	char	 user[64];
	char	 password[64];
	char	 token[33];
	int64_t	 seq;
	json_t	*sales;		/* TransactionID -> sale */
	json_t	*adjustments;
	json_t	*applied;	/* ExternalID -> times applied */
	json_t	*found;		/* ExternalID -> TransactionID */
	json_t	*requests;
	json_t	*schedules;	/* Barcode -> when scheduled (s) */
	json_t	*transfers;	/* ID -> transfer, its Received */
	json_t	*inventory;	/* GET /v1/inventory's rows */
	int	 destroy_wait;	/* seconds */
	int	 page_size;
	json_t	*rooms;		/* GET /v1/inventory/room's Data */
	json_t	*moves;		/* PUT /v1/inventory/move's, applied */
	int	 lose;
	int	 fault_status;
	int	 fault_count;
	int	 rate;		/* random faults in a thousand */
	uint64_t rng;
	int	 kinds[16];
	int	 nkinds;
	int	 rate_per_sec;	/* 0: no limit */
	const char *query;	/* the request's, while it is answered */
	char	 fault_path[128]; /* lose and status only here; "": all */
	time_t	 win;		/* its window's second */
	int	 win_count;
};

enum sim24_fault {
	SIM24_F_NONE,
	SIM24_F_500,
	SIM24_F_LOSE,
	SIM24_F_EXPIRE,
	SIM24_F_422
};
static const char *const sim24_fault_names[] = {
	"", "500", "lose", "expire", "422"
};
#define SIM24_NFAULTS	(sizeof sim24_fault_names / sizeof *sim24_fault_names)

struct sim24 *
sim24_new(const char *ubi, const char *license, const char *user,
    const char *password)
{
	struct sim24	*s;

	s = xcalloc(1, sizeof *s);
	strlcpy(s->ubi, ubi, sizeof s->ubi);
	strlcpy(s->license, license, sizeof s->license);
	strlcpy(s->user, user, sizeof s->user);
	strlcpy(s->password, password, sizeof s->password);
	s->sales = json_object();
	s->adjustments = json_array();
	s->applied = json_object();
	s->found = json_object();
	s->requests = json_array();
	s->schedules = json_object();
	s->transfers = json_object();
	s->inventory = json_array();
	s->page_size = 50;
	s->rooms = json_pack("[{s:i, s:s}, {s:i, s:s}]", "ID", 201, "Name",
	    "Vault", "ID", 202, "Name", "Sales Floor");
	s->moves = json_array();
	return (s);
}

static json_t *
sim24_error(const char *text)
{
	return (json_pack("{s:s}", "Message", text));
}

static const char *
sim24_header(struct evhttp_request *req, const char *name)
{
	return (evhttp_find_header(evhttp_request_get_input_headers(req),
	    name));
}

/* A write applied: its transaction, and its ExternalID counted. */
static int64_t
sim24_applied(struct sim24 *s, json_t *in)
{
	const char	*ext;
	json_int_t	 n;

	ext = json_string_value(json_object_get(in, "ExternalID"));
	s->seq++;
	n = json_integer_value(json_object_get(s->applied, ext));
	json_object_set_new(s->applied, ext, json_integer(n + 1));
	json_object_set_new(s->found, ext, json_integer(s->seq));
	return (s->seq);
}

static json_t *
sim24_sale_of(struct sim24 *s, const char *id)
{
	return (json_object_get(s->sales, id));
}

/* An adjustment applied (adjust, a destruction's either step). */
static int64_t
sim24_adjusted(struct sim24 *s, const char *path, json_t *in)
{
	int64_t	tid;

	tid = sim24_applied(s, in);
	json_array_append_new(s->adjustments, json_pack("{s:s, s:I, s:O}",
	    "path", path, "TransactionID", (json_int_t)tid, "body", in));
	return (tid);
}

/* PUT /v1/inventory/destroy: a scheduled barcode, once its wait is over. */
static int
sim24_destroy(struct sim24 *s, const char *path, json_t *in, json_t **out)
{
	const char	*bc;
	json_t		*at;
	int64_t		 tid;

	bc = json_string_value(json_object_get(in, "Barcode"));
	if (bc == NULL || (at = json_object_get(s->schedules, bc)) == NULL) {
		*out = sim24_error("This inventory is not scheduled for "
		    "destruction.");
		return (422);
	}
	if (time(NULL) - json_integer_value(at) < s->destroy_wait) {
		*out = sim24_error("The waiting period after the schedule has "
		    "not passed.");
		return (422);
	}
	tid = sim24_adjusted(s, path, in);
	json_object_del(s->schedules, bc);
	*out = json_pack("{s:I}", "TransactionID", (json_int_t)tid);
	return (200);
}

/* PUT /v1/inventory/transfer/{id}/receive: an inbound transfer taken in. */
static int
sim24_receive(struct sim24 *s, const char *id, json_t *in, json_t **out)
{
	json_t	*tr;
	int64_t	 tid;

	if ((tr = json_object_get(s->transfers, id)) == NULL) {
		*out = sim24_error("No such inbound transfer.");
		return (404);
	}
	if (!json_is_array(json_object_get(in, "Item"))) {
		*out = sim24_error("A receipt needs its Item list.");
		return (422);
	}
	tid = sim24_applied(s, in);
	json_object_set_new(tr, "Received", json_true());
	json_array_append_new(json_object_get(tr, "Receipts"), json_pack(
	    "{s:I, s:O}", "TransactionID", (json_int_t)tid, "Item",
	    json_object_get(in, "Item")));
	*out = json_pack("{s:I}", "TransactionID", (json_int_t)tid);
	return (200);
}

/* PUT /v1/inventory/move: a Barcode into one of the rooms. */
static int
sim24_move(struct sim24 *s, json_t *in, json_t **out)
{
	json_t	*r, *room = json_object_get(in, "RoomID");
	size_t	 i;
	int64_t	 tid;

	if (json_string_value(json_object_get(in, "Barcode")) == NULL ||
	    !json_is_integer(room)) {
		*out = sim24_error("A Barcode and a RoomID are required.");
		return (422);
	}
	json_array_foreach(s->rooms, i, r) {
		if (json_equal(json_object_get(r, "ID"), room))
			break;
	}
	if (i == json_array_size(s->rooms)) {
		*out = sim24_error("No such room.");
		return (422);
	}
	tid = sim24_applied(s, in);
	json_array_append_new(s->moves, json_pack("{s:I, s:O, s:O}",
	    "TransactionID", (json_int_t)tid, "Barcode", json_object_get(in,
	    "Barcode"), "RoomID", room));
	*out = json_pack("{s:I}", "TransactionID", (json_int_t)tid);
	return (200);
}

/* A write: its status and answer, applied or refused. */
static int
sim24_write(struct sim24 *s, const char *method, const char *path,
    json_t *in, json_t **out)
{
	json_t		*sale, *items;
	char		 id[32], k[32];
	int64_t		 tid;

	if (!json_is_object(in) ||
	    json_string_value(json_object_get(in, "RequestID")) == NULL ||
	    json_string_value(json_object_get(in, "ExternalID")) == NULL) {
		*out = sim24_error("RequestID and ExternalID are required.");
		return (400);
	}
	items = json_object_get(in, "Item");
	if (strcmp(method, "POST") == 0 && strcmp(path, "/v1/sale") == 0) {
		if (!json_is_array(items) || json_array_size(items) == 0) {
			*out = sim24_error("A sale needs an Item.");
			return (422);
		}
		tid = sim24_applied(s, in);
		snprintf(k, sizeof k, "%lld", (long long)tid);
		json_object_set_new(s->sales, k, json_pack("{s:I, s:O, s:O, "
		    "s:b, s:[]}", "TransactionID", (json_int_t)tid,
		    "ExternalID", json_object_get(in, "ExternalID"), "Item",
		    items, "Deleted", 0, "Refunds"));
		*out = json_pack("{s:I, s:I, s:[]}", "TransactionID",
		    (json_int_t)tid, "SessionTime", (json_int_t)time(NULL),
		    "Inventory");
		return (201);
	}
	if (sscanf(path, "/v1/sale/%31[0-9]/%31s", id, k) == 2) {
		sale = sim24_sale_of(s, id);
		if (sale == NULL || json_is_true(json_object_get(sale,
		    "Deleted"))) {
			*out = sim24_error("No such sale, or it is voided.");
			return (404);
		}
		if (strcmp(method, "PUT") == 0 && strcmp(k, "void") == 0) {
			tid = sim24_applied(s, in);
			json_object_set_new(sale, "Deleted", json_true());
			*out = json_pack("{s:I}", "transactionID",
			    (json_int_t)tid);
			return (200);
		}
		if (strcmp(method, "POST") == 0 && strcmp(k, "refund") == 0) {
			tid = sim24_applied(s, in);
			json_array_append(json_object_get(sale, "Refunds"),
			    items);
			*out = json_pack("{s:I, s:[]}", "TransactionID",
			    (json_int_t)tid, "Inventory");
			return (200);
		}
	}
	if (sscanf(path, "/v1/inventory/transfer/%31[0-9]/%31s", id, k) ==
	    2 && strcmp(method, "PUT") == 0 && strcmp(k, "receive") == 0)
		return (sim24_receive(s, id, in, out));
	if (strcmp(method, "PUT") == 0 &&
	    strcmp(path, "/v1/inventory/destroy") == 0)
		return (sim24_destroy(s, path, in, out));
	if (strcmp(method, "PUT") == 0 &&
	    (strcmp(path, "/v1/inventory/adjust") == 0 ||
	    strcmp(path, "/v1/inventory/destroy/schedule") == 0)) {
		if (json_string_value(json_object_get(in, "Barcode")) ==
		    NULL) {
			*out = sim24_error("A Barcode is required.");
			return (422);
		}
		tid = sim24_adjusted(s, path, in);
		if (strcmp(path, "/v1/inventory/destroy/schedule") == 0)
			json_object_set_new(s->schedules, json_string_value(
			    json_object_get(in, "Barcode")), json_integer(
			    time(NULL)));
		*out = json_pack("{s:I}", "TransactionID", (json_int_t)tid);
		return (200);
	}
	if (strcmp(method, "PUT") == 0 &&
	    strcmp(path, "/v1/inventory/move") == 0)
		return (sim24_move(s, in, out));
	*out = sim24_error("No such call.");
	return (404);
}

/*
 * A page of list: page_size rows from the one ?Cursor= names ("" or none:
 * the first), and the NextCursor of the rest (null when none are left).
 */
static int
sim24_page(struct sim24 *s, json_t *list, const char *query, json_t **out)
{
	struct evkeyvalq	 q;
	const char		*c = NULL;
	json_t			*data;
	char			 next[32];
	size_t			 from = 0, i;

	if (query != NULL && evhttp_parse_query_str(query, &q) == 0) {
		if ((c = evhttp_find_header(&q, "Cursor")) != NULL &&
		    sscanf(c, "c%zu", &from) != 1)
			from = SIZE_MAX;
		evhttp_clear_headers(&q);
	}
	if (from == SIZE_MAX || from > json_array_size(list)) {
		*out = sim24_error("No such cursor.");
		return (400);
	}
	data = json_array();
	for (i = from; i < json_array_size(list) &&
	    i < from + (size_t)s->page_size; i++)
		json_array_append(data, json_array_get(list, i));
	snprintf(next, sizeof next, "c%zu", i);
	*out = json_pack("{s:o, s:o}", "Data", data, "NextCursor",
	    i < json_array_size(list) ? json_string(next) : json_null());
	return (200);
}

/* A GET: a sale by its id, or a list by ExternalID. */
static int
sim24_read(struct sim24 *s, const char *path, const char *query,
    json_t **out)
{
	struct evkeyvalq	 q;
	const char		*ext = NULL, *key;
	json_t			*v, *data;
	char			 id[32];
	int			 status;

	if (sscanf(path, "/v1/sale/%31[0-9]", id) == 1) {
		if ((v = sim24_sale_of(s, id)) == NULL) {
			*out = sim24_error("No such sale.");
			return (404);
		}
		*out = json_deep_copy(v);
		return (200);
	}
	if (sscanf(path, "/v1/inventory/transfer/inbound/%31[0-9]", id) ==
	    1) {
		if ((v = json_object_get(s->transfers, id)) == NULL) {
			*out = sim24_error("No such inbound transfer.");
			return (404);
		}
		*out = json_deep_copy(v);
		return (200);
	}
	if (strcmp(path, "/v1/sync") == 0) {
		*out = json_pack("{s:I, s:{s:I, s:I, s:I, s:I}}", "SessionTime",
		    (json_int_t)time(NULL), "Sync", "Sale", (json_int_t)s->seq,
		    "Inventory", (json_int_t)json_array_size(s->inventory),
		    "InventoryAdjustment", (json_int_t)json_array_size(
		    s->adjustments), "InventoryTransfer", (json_int_t)
		    json_object_size(s->transfers));
		return (200);
	}
	if (strcmp(path, "/v1/inventory") == 0)
		return (sim24_page(s, s->inventory, query, out));
	if (strcmp(path, "/v1/inventory/transfer/inbound") == 0) {
		data = json_array();
		json_object_foreach(s->transfers, key, v) {
			if (!json_is_true(json_object_get(v, "Received")))
				json_array_append(data, v);
		}
		status = sim24_page(s, data, query, out);
		json_decref(data);
		return (status);
	}
	if (strcmp(path, "/v1/inventory/room") == 0) {
		*out = json_pack("{s:O, s:n}", "Data", s->rooms, "NextCursor");
		return (200);
	}
	if (strcmp(path, "/v1/sale") != 0 &&
	    strcmp(path, "/v1/inventory/adjustment") != 0) {
		*out = sim24_error("No such call.");
		return (404);
	}
	data = json_array();
	/* evhttp_parse_query_str initialises q. */
	if (query != NULL && evhttp_parse_query_str(query, &q) == 0) {
		ext = evhttp_find_header(&q, "ExternalID");
		if (ext != NULL && (v = json_object_get(s->found, ext)) != NULL)
			json_array_append_new(data, json_pack("{s:s, s:O}",
			    "ExternalID", ext, "TransactionID", v));
		evhttp_clear_headers(&q);
	}
	*out = json_pack("{s:o, s:n}", "Data", data, "NextCursor");
	return (200);
}

static void
sim24_log(struct sim24 *s, const char *method, const char *path,
    int applied, int fault)
{
	struct timeval	tv;

	gettimeofday(&tv, NULL);
	json_array_append_new(s->requests, json_pack("{s:s, s:s, s:s, s:b, "
	    "s:i, s:I}", "method", method, "path", path, "query",
	    s->query != NULL ? s->query : "", "applied", applied, "fault",
	    fault, "time", (json_int_t)tv.tv_sec * 1000 + tv.tv_usec / 1000));
}

/* xorshift64: the fault draw, repeatable from its seed. */
static enum sim24_fault
sim24_draw(struct sim24 *s, int write)
{
	enum sim24_fault	f;

	if (s->nkinds == 0)
		return (SIM24_F_NONE);
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 7;
	s->rng ^= s->rng << 17;
	if ((int)(s->rng % 1000) >= s->rate)
		return (SIM24_F_NONE);
	f = s->kinds[(s->rng / 1000) % (uint64_t)s->nkinds];
	if (!write && (f == SIM24_F_LOSE || f == SIM24_F_422))
		return (SIM24_F_NONE);
	return (f);
}

/* The random faults of a /_sim24/faults body: -1 if they make no sense. */
static int
sim24_faults_random(struct sim24 *s, json_t *in)
{
	json_t		*kinds, *v;
	const char	*name;
	size_t		 i;
	u_int		 k;

	s->nkinds = 0;
	s->rate = (int)json_integer_value(json_object_get(in, "rate"));
	s->rng = (uint64_t)json_integer_value(json_object_get(in, "seed"));
	if (s->rng == 0)
		s->rng = 88172645463325252ULL;
	s->rate_per_sec = (int)json_integer_value(json_object_get(in,
	    "rate_per_sec"));
	if (s->rate < 0 || s->rate > 1000 || s->rate_per_sec < 0)
		return (-1);
	if ((kinds = json_object_get(in, "kinds")) == NULL)
		return (0);
	if (!json_is_array(kinds))
		return (-1);
	json_array_foreach(kinds, i, v) {
		if ((name = json_string_value(v)) == NULL)
			break;
		for (k = 1; k < SIM24_NFAULTS; k++) {
			if (strcmp(name, sim24_fault_names[k]) == 0)
				break;
		}
		if (k == SIM24_NFAULTS ||
		    s->nkinds == (int)(sizeof s->kinds / sizeof *s->kinds))
			break;
		s->kinds[s->nkinds++] = (int)k;
	}
	if (i != json_array_size(kinds)) {
		s->nkinds = 0;
		return (-1);
	}
	return (0);
}

static void
sim24_admin(struct sim24 *s, struct evhttp_request *req, const char *path,
    json_t *in)
{
	if (strcmp(path, "/_sim24/requests") == 0) {
		sim_reply(req, 200, json_pack("{s:O}", "requests",
		    s->requests));
		return;
	}
	if (strcmp(path, "/_sim24/state") == 0) {
		sim_reply(req, 200, json_pack("{s:O, s:O, s:O, s:O, s:O}",
		    "sales", s->sales, "adjustments", s->adjustments,
		    "transfers", s->transfers, "moves", s->moves, "applied",
		    s->applied));
		return;
	}
	if (strcmp(path, "/_sim24/transfer") == 0 && json_is_object(in) &&
	    json_is_string(json_object_get(in, "ID")) &&
	    json_is_array(json_object_get(in, "Item"))) {
		json_object_set_new(in, "Received", json_false());
		json_object_set_new(in, "Receipts", json_array());
		json_object_set(s->transfers, json_string_value(
		    json_object_get(in, "ID")), in);
		sim_reply(req, 200, json_object());
		return;
	}
	if (sim_rows(req, path, "/_sim24/inventory", in, &s->inventory) ||
	    sim_rows(req, path, "/_sim24/rooms", in, &s->rooms))
		return;
	if (strcmp(path, "/_sim24/faults") == 0 && json_is_object(in)) {
		s->lose = (int)json_integer_value(json_object_get(in, "lose"));
		s->fault_status = (int)json_integer_value(json_object_get(in,
		    "status"));
		s->fault_count = s->fault_status != 0 ? (int)
		    json_integer_value(json_object_get(in, "count")) : 0;
		strlcpy(s->fault_path, json_is_string(json_object_get(in,
		    "path")) ? json_string_value(json_object_get(in, "path")) :
		    "", sizeof s->fault_path);
		if (json_is_true(json_object_get(in, "expire")))
			*s->token = '\0';
		if (json_is_integer(json_object_get(in, "destroy_wait")))
			s->destroy_wait = (int)json_integer_value(
			    json_object_get(in, "destroy_wait"));
		if (json_integer_value(json_object_get(in, "page_size")) > 0)
			s->page_size = (int)json_integer_value(
			    json_object_get(in, "page_size"));
		if (sim24_faults_random(s, in) != 0) {
			sim_reply(req, 400, json_pack("{s:s}", "error", "rate "
			    "is 0 to 1000, kinds a list of 500, lose, expire, "
			    "422; rate_per_sec 0 or more"));
			return;
		}
		sim_reply(req, 200, json_object());
		return;
	}
	sim_reply(req, 404, json_pack("{s:s}", "error", "no such hook"));
}

static void
sim24_login(struct sim24 *s, struct evhttp_request *req, json_t *in)
{
	const char	*ubi, *lic, *user, *pw;
	u_char		 r[16];
	u_int		 i;

	ubi = sim24_header(req, "X-Ubi");
	lic = sim24_header(req, "X-License");
	user = json_string_value(json_object_get(in, "Username"));
	pw = json_string_value(json_object_get(in, "Password"));
	if (ubi == NULL || lic == NULL || user == NULL || pw == NULL ||
	    strcmp(ubi, s->ubi) != 0 || strcmp(lic, s->license) != 0 ||
	    strcmp(user, s->user) != 0 || strcmp(pw, s->password) != 0) {
		sim24_log(s, "POST", "/v1/user/login", 0, 0);
		sim_reply(req, 401, sim24_error("Invalid credentials."));
		return;
	}
	randombytes_buf(r, sizeof r);
	for (i = 0; i < sizeof r; i++)
		snprintf(s->token + 2 * i, 3, "%02x", r[i]);
	sim24_log(s, "POST", "/v1/user/login", 1, 0);
	sim_reply(req, 200, json_pack("{s:s, s:I}", "SessionToken", s->token,
	    "SessionTime", (json_int_t)time(NULL)));
}

/*
 * A request for the v2024 surface (/v1/... or /_sim24/...): answered, 1;
 * anything else is not ours, 0.
 */
int
sim24_request(struct sim24 *s, struct evhttp_request *req,
    const char *path, const char *query, json_t *in)
{
	const char	*method, *tok;
	json_t		*out;
	enum sim24_fault f = SIM24_F_NONE;
	int		 status, fault = 0, on;

	if (strncmp(path, "/_sim24/", 8) == 0) {
		sim24_admin(s, req, path, in);
		return (1);
	}
	if (strncmp(path, "/v1/", 4) != 0)
		return (0);
	s->query = query;
	switch (evhttp_request_get_command(req)) {
	case EVHTTP_REQ_GET:
		method = "GET";
		break;
	case EVHTTP_REQ_POST:
		method = "POST";
		break;
	case EVHTTP_REQ_PUT:
		method = "PUT";
		break;
	default:
		sim_reply(req, 405, NULL);
		return (1);
	}
	if (s->rate_per_sec > 0) {
		if (time(NULL) != s->win) {
			s->win = time(NULL);
			s->win_count = 0;
		}
		if (++s->win_count > s->rate_per_sec) {
			sim24_log(s, method, path, 0, 429);
			sim_reply(req, 429, NULL);
			return (1);
		}
	}
	on = *s->fault_path == '\0' || strcmp(path, s->fault_path) == 0;
	if (s->fault_count > 0 && on) {
		s->fault_count--;
		sim24_log(s, method, path, 0, s->fault_status);
		sim_reply(req, s->fault_status, NULL);
		return (1);
	}
	if (strcmp(path, "/v1/user/login") == 0) {
		sim24_login(s, req, in);
		return (1);
	}
	f = sim24_draw(s, strcmp(method, "GET") != 0);
	if (f == SIM24_F_500) {
		sim24_log(s, method, path, 0, 500);
		sim_reply(req, 500, NULL);
		return (1);
	}
	if (f == SIM24_F_EXPIRE)
		*s->token = '\0';
	if (f == SIM24_F_422) {
		sim24_log(s, method, path, 0, 422);
		sim_reply(req, 422, sim24_error("Fault: the state refused "
		    "this request (422)."));
		return (1);
	}
	tok = sim24_header(req, "X-Session-Token");
	if (*s->token == '\0' || tok == NULL || strcmp(tok, s->token) != 0) {
		sim24_log(s, method, path, 0, 401);
		sim_reply(req, 401, sim24_error("The session token has "
		    "expired."));
		return (1);
	}
	if (strcmp(method, "GET") == 0) {
		status = sim24_read(s, path, query, &out);
		sim24_log(s, method, path, 0, 0);
		sim_reply(req, status, out);
		return (1);
	}
	status = sim24_write(s, method, path, in, &out);
	if (status < 300 && ((s->lose > 0 && on) || f == SIM24_F_LOSE)) {
		if (f != SIM24_F_LOSE)
			s->lose--;
		fault = 504;
	}
	sim24_log(s, method, path, status < 300, fault);
	if (fault != 0) {
		json_decref(out);
		sim_reply(req, fault, NULL);
	} else
		sim_reply(req, status, out);
	return (1);
}
