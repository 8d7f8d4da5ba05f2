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
#ifndef BIOTRACK24_PAYLOAD_H
#define BIOTRACK24_PAYLOAD_H

/*
 * BioTrack's v2024 "licensee-api" (Florida), as pure functions: REST with
 * a session token (POST /v1/user/login with the X-Ubi and X-License
 * headers; later calls send X-Session-Token). A request is a method, a
 * path and a JSON body; an answer is an HTTP status and a JSON body.
 *
 * Never twice: v2024 has no nonce replay. Every write carries RequestID
 * and ExternalID, both our job's reference, and an uncertain send is
 * looked up by that ExternalID before anything is sent again (lookup
 * below): found, it is done with the state's transaction; not found,
 * nothing was applied and it is sent again.
 *
 * The request bodies are not published (only the answers' shapes are
 * known), nor are the rows of its lists (inbound transfers, the
 * inventory): every field name and code we chose is in one table,
 * biotrack24_fields in biotrack24-payload.c, and stash.conf(5) lists them.
 */

#include "stash.h"

struct sale;
struct sale_return;
struct adjust;
struct state_result;

#define BIOTRACK24_MAX_REPLY	(1024 * 1024)
#define BIOTRACK24_APPROVAL_DAYS 100
#define BIOTRACK24_CURSOR_MAX	128		/* a list's NextCursor */

struct biotrack24_req {
	const char	*method;		/* "GET", "POST", "PUT" */
	char		 path[256];
	char		*body;			/* NULL for a GET */
};

struct biotrack24_answer {
	long		 status;		/* HTTP; 0: no answer */
	int		 parsed;
	int64_t		 transactionid;		/* 0 if none */
	char		 token[128];		/* a login's */
	char		 message[256];
	int		 found;			/* a lookup: -1 no, 1 yes */
};

void	 biotrack24_login(const char *, const char *,
	    struct biotrack24_req *);
void	 biotrack24_sale(const struct sale *, const char *,
	    struct biotrack24_req *);
void	 biotrack24_refund(const struct sale *, const struct sale_return *,
	    int64_t, const char *, struct biotrack24_req *);
void	 biotrack24_void(int64_t, const char *, struct biotrack24_req *);
void	 biotrack24_adjust(const struct adjust *, int, const char *,
	    struct biotrack24_req *);
void	 biotrack24_destroy(const char *, const char *,
	    struct biotrack24_req *);
json_t	*biotrack24_receive_item(const char *, int64_t, int);
void	 biotrack24_receive(int64_t, json_t *, const char *,
	    struct biotrack24_req *);
void	 biotrack24_inbound(const char *, struct biotrack24_req *);
void	 biotrack24_inventory_page(const char *, struct biotrack24_req *);
void	 biotrack24_sync(struct biotrack24_req *);
void	 biotrack24_move(const char *, int64_t, const char *,
	    struct biotrack24_req *);
void	 biotrack24_rooms_req(struct biotrack24_req *);
json_t	*biotrack24_rooms(long, const char *, size_t, char *, size_t);
void	 biotrack24_lookup(int, int64_t, const char *,
	    struct biotrack24_req *);
json_t	*biotrack24_page(long, const char *, size_t, char *, size_t, char *,
	    size_t);
json_t	*biotrack24_transfers(json_t *);
void	 biotrack24_inventory(json_t *, json_t *);
int	 biotrack24_synced(long, const char *, size_t, char *, size_t);
int	 biotrack24_answer(long, const char *, size_t,
	    struct biotrack24_answer *);
void	 biotrack24_result(const struct biotrack24_answer *,
	    struct state_result *);
int	 biotrack24_approval_left(const char *, int64_t, int64_t *);
int64_t	 biotrack24_outage_due(int64_t, int64_t);
const char *biotrack24_field(const char *);

#endif /* BIOTRACK24_PAYLOAD_H */
