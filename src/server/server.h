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

#ifndef SERVER_H
#define SERVER_H

/*
 * stashd: one event loop, one LMDB environment, one thread for all
 * business logic. PINs are checked on worker threads (server-pin.c) whose
 * results come back to the loop. Writes that arrive in one loop pass share
 * one durable commit (server-batch.c); each is acknowledged only after it.
 */

#include <sys/queue.h>

#include <event2/event.h>

#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = TAILQ_FIRST(head);					\
	    (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1);	\
	    (var) = (tvar))
#endif

#include "store.h"

struct conn;
struct op_ctx;

/* An encoded frame, shared by every connection an event goes to. */
struct frame {
	u_int			 refs;
	size_t			 len;
	char			 data[];	/* JSON and the newline */
};

/* A reply slot: replies leave a connection in request order. */
struct reply {
	TAILQ_ENTRY(reply)	 entry;
	struct frame		*frame;		/* NULL while pending */
	int			 push;		/* pushed events, droppable */
};
TAILQ_HEAD(replies, reply);

enum conn_phase {
	PHASE_HANDSHAKE,	/* before hello */
	PHASE_TERMINAL,		/* terminal known, nobody logged in */
	PHASE_SESSION,		/* staff logged in */
};

struct conn {
	TAILQ_ENTRY(conn)	 entry;
	struct server		*srv;
	struct bufferevent	*bev;
	u_int			 id;
	char			 peer[64];
	char			 host[64];	/* peer without the port */
	int			 refs;		/* async work holding it */
	int			 dead;		/* bev gone, waiting for refs */
	int			 doomed;	/* close after this loop pass */
	int			 resync;	/* pushes dropped: resync owed */
	int64_t			 closing;	/* when a protocol error came */
	int			 shut;		/* write side shut down */
	int			 busy_login;	/* a login is in flight */
	int			 tls;
	u_char			 cred_hash[32];	/* hello's credential */

	enum conn_phase		 phase;
	char			 terminal[TERMINAL_NAME_MAX + 1];
	uint32_t		 staff;
	char			 staff_name[64];
	int			 role;
	char			 role_name[ROLE_NAME_MAX + 1];
	uint32_t		 perms;
	int64_t			 gen;		/* staff generation checked */
	int64_t			 told;		/* generation of the last perms event */
	int64_t			 connected;
	int64_t			 last_active;	/* monotonic µs */
	int64_t			 login_time;	/* UTC µs */

	struct replies		 replies;
	u_int			 nreplies;
	u_int			 npush;		/* push frames in replies */

	/* events.subscribe: only these packages' stock events, if set */
	int			 stock_some;
	u_int			 nstock;
	char			(*stock_tags)[TAG_LEN + 1];
};
TAILQ_HEAD(conns, conn);
#define EVENTS_STOCK_MAX	MAX_SALE_LINES

/* The group commit: one write transaction per loop pass. */
typedef void (*batch_hook_fn)(struct server *, int, json_t *, void *);
struct batch_hook {
	batch_hook_fn		 fn;
	void			*arg;
};
#define BATCH_HOOKS	4
struct batch {
	struct store_txn	 txn;
	int			 open;
	struct op_ctx		**ops;
	u_int			 nops;
	u_int			 size;
	struct op_ctx		**full;		/* hit a full map: run again */
	u_int			 nfull;
	u_int			 fullsize;
	uint64_t		 commits;	/* statistics */
	uint64_t		 committed_ops;
	struct batch_hook	 hooks[BATCH_HOOKS];	/* after each commit */
	u_int			 nhooks;
	int			 nested;	/* an op failed after writing */
};

struct pin_pool;
struct rules;
struct sale_request;

struct server {
	struct event_base	*base;
	struct options		*opts;
	struct store		*st;
	struct store_info	 info;
	struct rules		*rules;		/* purchase limits, or NULL */
	struct evconnlistener	*listener;
	void			*ssl_ctx;	/* SSL_CTX */
	struct event		*sweep_ev;
	struct event		*sigterm_ev;
	struct event		*sigint_ev;
	struct event		*sighup_ev;
	struct conns		 conns;
	u_int			 nconns;
	u_int			 next_conn_id;
	struct batch		 batch;
	struct pin_pool		*pins;
	int			 quit;
	int			 reap;		/* a connection is doomed */

	/* Events of this pass, pushed once after the commit. */
	json_t			*events;	/* array */
	json_t			*event_tags;	/* stock: tag -> index */
	u_int			 port;		/* bound port */

	size_t			 max_frame;
	u_int			 max_conns;
	u_int			 handshake_max;	/* of max_conns */
	u_int			 handshake_addr; /* per address */
	int64_t			 handshake_time; /* µs */
	int64_t			 session_idle;	/* µs */
	int			 lockout_attempts;
	int64_t			 lockout_time;	/* µs */
	int64_t			 gen;		/* staff generation of opts */
};

/* One request being served. */
typedef int (*op_fn)(struct op_ctx *);
typedef void (*op_done_fn)(struct op_ctx *);

/* Who made a request: where its reply goes, and letting it go. */
struct op_owner {
	void		(*reply)(struct op_ctx *, json_t *);	/* owns it */
	void		(*release)(struct op_ctx *);	/* the last call */
	void		(*reply_frame)(struct op_ctx *, struct frame *);
							/* owns it */
};

struct op_ctx {
	struct server		*srv;
	struct conn		*c;		/* NULL: a background writer */
	const struct op_owner	*owner;		/* NULL: replies go nowhere */
	struct reply		*slot;
	json_int_t		 id;
	const char		*op;
	json_t			*req;		/* owned */
	json_t			*args;		/* borrowed from req */
	struct store_txn	*txn;		/* read or child write txn */
	json_t			*result;
	struct frame		*frame;		/* the reply, encoded already */
	json_t			*error;
	op_fn			 write_fn;	/* for the batch */
	op_done_fn		 done;		/* after a durable commit */
	json_t			*events;	/* pushed to all after commit */
	void			*data;		/* op's own state */
	void			(*free_data)(void *);
};

#define OP_WRITE	0x1	/* runs in the group commit */
#define OP_ASYNC	0x2	/* returns 0 once it owns the request and will
				   finish it itself; -1 with the error set */
#define OP_APPROVE_IF	0x4	/* approve is needed only in some cases */
#define OP_APPROVE_OWN	0x8	/* approve only as the session's own: the
				   op takes no approver */
struct op_entry {
	const char	*name;
	enum conn_phase	 phase;		/* least phase needed */
	uint32_t	 perm;
	uint32_t	 approve;	/* the session's, or an approver's */
	int		 flags;
	op_fn		 exec;
};

/* op.c */
const struct op_entry *op_find(const char *);
int		 op_approver(struct op_ctx *, uint32_t, struct staff *,
		     const char **, uint32_t *);
int		 op_approver_check(struct op_ctx *, uint32_t, int);
int		 op_approval_held(struct op_ctx *, uint32_t);
struct op_ctx	*op_new(struct server *, const char *);
uint32_t	 op_staff(struct op_ctx *);
const char	*op_terminal(struct op_ctx *);
void		 op_finish(struct op_ctx *);
int		 op_error(struct op_ctx *, const char *, const char *, ...)
		     printflike(3, 4);
int		 op_bad_request(struct op_ctx *, char *);
int		 op_failed(struct op_ctx *, const char *, char *);
int		 op_store_error(struct op_ctx *);
void		 op_event(struct op_ctx *, json_t *);
void		 op_timer_arm(struct event *, int64_t);

/* server.c */
struct sockaddr_storage;
extern struct server *server;
int		 server_check(struct options *, struct sockaddr_storage *,
		     int *, char **);
int		 server_start(struct server *, char **);
void		 server_loop(struct server *);
void		 server_stop(struct server *);
void		 server_reap(struct server *);
void		 server_settings_reload(struct server *, struct store_txn *);
void		 server_perms_notify(struct server *, struct store_txn *);

/* server-conn.c */
void		 conn_accept(struct server *, int, const char *, const char *,
		     void *);
void		 conn_dispatch(struct conn *, json_t *);
void		 conn_ref(struct conn *);
void		 conn_unref(struct conn *);
struct frame	*conn_frame_new(json_t *);
void		 conn_frame_line(struct buf *, const json_t *);
struct frame	*conn_frame_buf(const struct buf *);
void		 conn_frame_unref(struct frame *);
void		 conn_push(struct conn *, struct frame *);
void		 conn_push_event(struct conn *, struct frame *);
void		 conn_flush(struct conn *);
void		 conn_close(struct conn *);
void		 conn_end_session(struct conn *, const char *, const char *);
void		 conn_drop(struct conn *);
void		 conn_close_later(struct conn *);
void		 conn_sweep(struct server *);

/* server-batch.c */
void		 batch_init(struct batch *);
void		 batch_run(struct server *, struct op_ctx *, op_fn);
void		 batch_write(struct server *, const char *, op_fn, void *,
		     void (*)(void *), op_done_fn);
void		 batch_hook_add(struct server *, batch_hook_fn, void *);
void		 batch_hook_remove(struct server *, batch_hook_fn, void *);
void		 batch_commit(struct server *);

/* server-pin.c */
typedef void (*pin_cb)(int, void *);
enum pin_queue {
	PIN_QUEUED,
	PIN_BUSY_STAFF,		/* checks in flight + wrong PINs at the limit */
	PIN_BUSY_TERMINAL,	/* this terminal's queue is full */
	PIN_BUSY,		/* the queue is full */
};
struct pin_pool	*pin_pool_create(struct event_base *, int, int);
void		 pin_pool_destroy(struct pin_pool *);
enum pin_queue	 pin_verify(struct pin_pool *, const char *,
		     const struct staff *, const char *, pin_cb, void *);
#define PIN_HASH_LEN	128
enum pin_queue	 pin_submit(struct pin_pool *, const char *,
		     const struct staff *, const char *, const char *, char *,
		     pin_cb, void *);
u_int		 pin_pool_pending(struct pin_pool *);

/* server-tls.c */
int		 server_tls_init(struct server *, const char *, const char *,
		     char **);
struct bufferevent *server_tls_bev(struct server *, int);
void		 server_tls_free(struct server *);

/* op-session.c */
int		 op_hello(struct op_ctx *);
int		 op_enroll(struct op_ctx *);
int		 op_ping(struct op_ctx *);
int		 op_events_subscribe(struct op_ctx *);
int		 op_login(struct op_ctx *);
int		 op_logout(struct op_ctx *);
int		 op_pin_failed(struct op_ctx *, struct staff *);
int		 op_pin_verify(struct op_ctx *, const struct staff *,
		     const char *, pin_cb);
int		 op_pin_submit(struct op_ctx *, const struct staff *,
		     const char *, const char *, char *, pin_cb);
int		 op_session_valid(struct op_ctx *);
int		 op_session_get(struct op_ctx *);
json_t		*op_role_perms(uint32_t);
void		 op_perms_changed(struct op_ctx *);
void		 op_session_end(struct op_ctx *);
int		 op_staff_check(struct op_ctx *, uint32_t, struct staff *,
		     const char *);

/* op-item.c */
int		 op_item_lookup(struct op_ctx *);
int		 op_product_search(struct op_ctx *);
int		 op_product_set_reorder(struct op_ctx *);

/* op-customer.c */
json_t		*op_customer_json(const struct customer *);
char		*op_customer_date_str(int, char *, size_t);
int		 op_customer_create(struct op_ctx *);
int		 op_customer_get(struct op_ctx *);
int		 op_customer_update(struct op_ctx *);
int		 op_customer_search(struct op_ctx *);

/* op-drawer.c */
int		 op_drawer_open(struct op_ctx *);
int		 op_drawer_drop(struct op_ctx *);
int		 op_drawer_close(struct op_ctx *);
int		 op_drawer_report(struct op_ctx *);
int		 op_drawer_list(struct op_ctx *);

/* op-report.c */
int		 op_report_z(struct op_ctx *);
int		 op_report_run(struct op_ctx *);

/* op-queue.c */
int		 op_queue_add(struct op_ctx *);
int		 op_queue_list(struct op_ctx *);
int		 op_queue_call(struct op_ctx *);
int		 op_queue_remove(struct op_ctx *);
struct queue_entry;
void		 op_queue_event(struct op_ctx *, const char *,
		     const struct queue_entry *);

/* op-inventory.c: inventory.*, package.*, hold.*, trace */
int		 op_inventory_low(struct op_ctx *);
int		 op_inventory_error(struct op_ctx *, int, char *);
int		 op_inventory_expiring(struct op_ctx *);
int		 op_package_get(struct op_ctx *);
int		 op_package_adjust(struct op_ctx *);
int		 op_package_move(struct op_ctx *);
int		 op_package_lab(struct op_ctx *);
int		 op_hold_set(struct op_ctx *);
int		 op_hold_release(struct op_ctx *);
int		 op_hold_list(struct op_ctx *);
int		 op_hold_preview(struct op_ctx *);
int		 op_product_update(struct op_ctx *);
int		 op_product_get(struct op_ctx *);
int		 op_staff_list(struct op_ctx *);
int		 op_staff_role(struct op_ctx *);
int		 op_staff_auth_error(struct op_ctx *, int, char *);
int		 op_staff_add(struct op_ctx *);
int		 op_staff_pin_reset(struct op_ctx *);
int		 op_staff_lock(struct op_ctx *);
int		 op_staff_unlock(struct op_ctx *);
int		 op_staff_deactivate(struct op_ctx *);

/* op-role.c */
int		 op_role_list(struct op_ctx *);
int		 op_role_define(struct op_ctx *);
int		 op_role_delete(struct op_ctx *);

/* op-settings.c */
int		 op_settings_get(struct op_ctx *);
int		 op_settings_set(struct op_ctx *);
int		 op_trace(struct op_ctx *);

/* op-sale.c */
int		 op_sale_commit(struct op_ctx *);
void		 op_sale_stock_events(struct op_ctx *, const struct sale *);
void		 op_sale_request_store(struct op_ctx *, struct sale_request *);
int		 op_sale_quote(struct op_ctx *);
int		 op_sale_get(struct op_ctx *);
int		 op_sale_list(struct op_ctx *);
int		 op_sale_void(struct op_ctx *);
int		 op_sale_return(struct op_ctx *);

/* metrc.c: the drain (its own files share metrc.h) */
int		 metrc_start(struct server *, char **);
void		 metrc_stop(struct server *);
int		 metrc_state_status(struct op_ctx *, json_t *);
int		 metrc_enabled(void);

/* metrc-rate.c */
void		 metrc_rate_note(void);

/* metrc-patient.c */
typedef void (*metrc_patient_cb)(json_t *, void *);
int		 metrc_patient(struct op_ctx *, const char *);
json_t		*metrc_patient_cached(const char *);
int		 metrc_patient_ask(const char *, metrc_patient_cb, void *,
		     json_t **);

/* metrc-recon.c */
int		 metrc_reconcile(struct op_ctx *);

/* metrc-transfers.c */
struct CURLMsg;
int		 metrc_transfers_done(struct CURLMsg *);
void		 metrc_lab_want(const char *, int64_t);
void		 metrc_transfers_poll(struct server *, void *, const char *,
		     const char *, const char *, long);

/* reconcile.c */
void		 reconcile_finish(struct server *, struct op_ctx *, json_t *);
int		 reconcile_busy(void);
void		 reconcile_stop(void);

/* op-compliance.c */
int		 op_compliance_status(struct op_ctx *);
int		 op_compliance_exceptions(struct op_ctx *);
int		 op_compliance_retry(struct op_ctx *);
int		 op_compliance_patient(struct op_ctx *);
int		 op_compliance_reconcile(struct op_ctx *);
int		 op_compliance_reconcile_history(struct op_ctx *);

/* op-intake.c: intake; its argument readers serve counts and labs too */
enum intake_err;
struct lab_result;
int		 op_intake_fail(struct op_ctx *, enum intake_err, char *);
int		 op_intake_tag(struct op_ctx *, json_t *, const char *, char *);
int		 op_intake_lab(struct op_ctx *, json_t *, struct lab_result *);
int		 op_package_lab_apply(struct op_ctx *, const char *,
		     const struct lab_result *, uint32_t, const char *);
void		 op_intake_hold_event(struct op_ctx *, const struct hold *,
		     int);
int		 op_intake_create(struct op_ctx *);
int		 op_intake_list(struct op_ctx *);
int		 op_intake_get(struct op_ctx *);
int		 op_intake_scan(struct op_ctx *);
int		 op_intake_resolve(struct op_ctx *);
int		 op_intake_close(struct op_ctx *);
int		 op_intake_discrepancies(struct op_ctx *);

/* op-trip.c */
int		 op_order_pick(struct op_ctx *);
int		 op_order_pack(struct op_ctx *);
int		 op_order_unpack(struct op_ctx *);
int		 op_order_seal(struct op_ctx *);
int		 op_trip_create(struct op_ctx *);
int		 op_trip_assign(struct op_ctx *);
int		 op_trip_unassign(struct op_ctx *);
int		 op_trip_reorder(struct op_ctx *);
int		 op_trip_optimise(struct op_ctx *);
int		 op_trip_check(struct op_ctx *);
int		 op_trip_load(struct op_ctx *);
int		 op_trip_depart(struct op_ctx *);
int		 op_trip_deliver(struct op_ctx *);
int		 op_trip_fail_order(struct op_ctx *);
int		 op_trip_close(struct op_ctx *);
int		 op_trip_get(struct op_ctx *);
int		 op_trip_list(struct op_ctx *);
int		 op_trip_manifest(struct op_ctx *);
json_t		*op_trip_json(struct op_ctx *, const struct trip *);
enum order_err;
int		 op_trip_fail(struct op_ctx *, enum order_err, char *);
int		 op_trip_id(struct op_ctx *, const char *, uint64_t *);
struct trip_conf;
void		 op_trip_conf(struct op_ctx *, struct trip_conf *);
void		 op_trip_conf_srv(struct server *, struct trip_conf *);

/* op-trip-sync.c: a driver's handheld */
int		 op_trip_take(struct op_ctx *);
int		 op_trip_release(struct op_ctx *);
int		 op_trip_restock(struct op_ctx *);
int		 op_trip_handheld(struct op_ctx *);
int		 op_trip_sync(struct op_ctx *);
int		 op_trip_exceptions(struct op_ctx *);
int		 op_trip_exception_resolve(struct op_ctx *);
int		 op_trip_track(struct op_ctx *);
struct inspect;
int		 op_inspect(struct op_ctx *, int (*)(struct inspect *,
		     uint64_t), uint64_t);
int		 op_trip_day(struct op_ctx *);
int		 op_trip_stops(struct op_ctx *);
int		 op_customer_deliveries(struct op_ctx *);
void		 op_trip_gps(struct op_ctx *, const struct trip *, json_t *);
void		 op_trip_sync_start(struct server *);
void		 op_trip_sync_stop(void);

/* op-order.c */
int		 op_order_create(struct op_ctx *);
int		 op_order_get(struct op_ctx *);
int		 op_order_list(struct op_ctx *);
int		 op_order_cancel(struct op_ctx *);
int		 op_order_start(struct server *, char **);
void		 op_order_zones(struct server *);
void		 op_order_stop(void);

/* route-osrm.c: road times from an OSRM table service (route-url). */
struct route_point;
#define ROUTE_OSRM_OK		0
#define ROUTE_OSRM_FAILED	1	/* no matrix: straight lines */
#define ROUTE_OSRM_STOPPING	2	/* stashd stops */
typedef void	 (*route_osrm_cb)(int, int64_t *, int64_t *, void *);
void		 route_osrm_ask(struct server *, const char *,
		     const struct route_point *, u_int, route_osrm_cb, void *);
void		 route_osrm_stop(void);
int64_t		 op_order_available(struct store_txn *,
		     const struct package *);

/* op-count.c */
int		 op_count_start(struct op_ctx *);
int		 op_count_record(struct op_ctx *);
int		 op_count_report(struct op_ctx *);
int		 op_count_finish(struct op_ctx *);

#endif /* SERVER_H */
