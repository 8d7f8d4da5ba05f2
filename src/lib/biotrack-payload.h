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

#ifndef BIOTRACK_PAYLOAD_H
#define BIOTRACK_PAYLOAD_H

/*
 * BioTrack's legacy API ("4.0", one JSON-RPC endpoint, serverjson.asp),
 * as pure functions: each request is an object {API:"4.0", action,
 * sessionid, nonce, ...}; each answer is HTTP 200 with {success:1,
 * transactionid} or {success:0, error, errorcode}. A nonce is unique per
 * request and kept in the job (its reference and attempt number) before
 * the request leaves, so that an answer lost to a timeout is asked for
 * again with nonce_replay rather than the report sent twice.
 */

#include "stash.h"

struct sale;
struct sale_return;
struct adjust;
struct state_result;

#define BIOTRACK_MAX_REPLY	(1024 * 1024)
#define BIOTRACK_NONCE_MAX	127
#define BIOTRACK_ERROR_MAX	255
#define BIOTRACK_EXPIRED	"63"	/* the code of an expired session */

struct biotrack_answer {
	int		 success;
	int64_t		 transactionid;		/* 0 if none */
	char		 sessionid[128];	/* a login's */
	char		 error[BIOTRACK_ERROR_MAX + 1];
	char		 errorcode[16];
	int		 expired;		/* code 63, or "session ...
						   expired" */
	int		 unknown_nonce;		/* a replay of a nonce never
						   seen: not applied */
	int		 none;			/* a lookup's "no inbound
						   transfers": nothing */
};

extern const char *const biotrack_secret_names[3];

const char *biotrack_barcode(const char *);
int	 biotrack_tag(const char *, char *, size_t);
void	 biotrack_nonce(char *, size_t, const char *, int);
char	*biotrack_login(const char *, const char *, const char *);
char	*biotrack_dispense(const struct sale *, const char *, const char *,
	    const char *);
char	*biotrack_refund(const struct sale *, const struct sale_return *,
	    int64_t, const char *, const char *);
char	*biotrack_void(int64_t, const char *, const char *);
char	*biotrack_adjust(const struct adjust *, int, const char *,
	    const char *);
int	 biotrack_destroys(const struct adjust *);
char	*biotrack_destroy(const char *, const char *, const char *);
char	*biotrack_move(const char *, int64_t, const char *, const char *);
char	*biotrack_replay(const char *, const char *, const char *);
json_t	*biotrack_load(const char *, size_t);
void	 biotrack_read(json_t *, struct biotrack_answer *);
int	 biotrack_answer(const char *, size_t, struct biotrack_answer *);
char	*biotrack_manifest_lookup(const char *, const char *, const char *);
char	*biotrack_transfer_lookup(const char *, const char *, const char *,
	    const char *);
char	*biotrack_sync_check(const char *, const char *);
char	*biotrack_sync(const char *, const char *, const char *);
int	 biotrack_milli(json_t *, int64_t *);
json_t	*biotrack_manifest_list(json_t *);
json_t	*biotrack_receive_item(const char *, int64_t, int);
char	*biotrack_transfer_inbound(const char *, json_t *, const char *,
	    const char *);
json_t	*biotrack_transfer_items(json_t *, char *, size_t);
json_t	*biotrack_inventory(json_t *, char *, size_t);
json_t	*biotrack_item(json_t *, json_t *, json_t *);
json_t	*biotrack_package(json_t *, json_t *, json_t *);
json_t	*biotrack_room_rows(json_t *, const char *, const char *,
	    const char *);
json_t	*biotrack_rooms(json_t *, char *, size_t);
int	 biotrack_room(json_t *, json_t *, const char *, int64_t *, char *,
	    size_t);
json_t	*biotrack_room_map(const char *, char **);
void	 biotrack_result(long, int, const struct biotrack_answer *,
	    struct state_result *);

#endif /* BIOTRACK_PAYLOAD_H */
