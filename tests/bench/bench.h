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

#ifndef BENCH_H
#define BENCH_H

/*
 * make bench: figures for the ledger and the server, each printed next to
 * a baseline measured in the same run on the same disk (doc/benchmarks.md).
 * Not a pass/fail test. One single-threaded driver: plain sockets and
 * poll(), speaking the NDJSON protocol of doc/protocol.md to a real stashd.
 */

#include <poll.h>
#include <signal.h>

#include "store.h"
#include "auth.h"

#define BENCH_TERMINALS		200	/* terminals in the ledger */
#define BENCH_PACKAGES		100
#define BENCH_TZ		"America/Denver"	/* the bench ledger's zone */
#define BENCH_PRODUCTS		5
#define BENCH_STAFF		4	/* budtenders 1..4, one PIN */
#define BENCH_PIN		"2468"

/* The ledger the driver knows: terminal credentials and package tags. */
struct bench_ledger {
	char	 dir[4096];
	char	 cred[BENCH_TERMINALS][AUTH_CRED_LEN + 1];
	char	 tag[BENCH_PACKAGES][TAG_LEN + 1];
	char	 pin_hash[128];
	int64_t	 hash_ns;		/* one Argon2id hash */
};

/* A growable array of latencies in nanoseconds. */
struct bench_lat {
	int64_t	*v;
	size_t	 n;
	size_t	 size;
	int	 sorted;
};

/* One terminal connection. */
struct bench_conn {
	int		 fd;
	u_int		 idx;		/* terminal bench-IDX */
	char		*in;
	size_t		 inlen;
	size_t		 insize;
	char		*out;
	size_t		 outoff;
	size_t		 outlen;
	size_t		 outsize;
	int64_t		 next_id;
	int64_t		 wait_id;	/* request in flight, or -1 */
	int64_t		 sent;		/* when it left, ns */
	uint64_t	 seq;		/* per-terminal counter (sale refs) */
	uint64_t	 events;	/* pushed events read */
	json_t		*reply;		/* last reply, owned */
	int		 dead;
};

struct bench_pool;
typedef void (*bench_reply_cb)(struct bench_pool *, struct bench_conn *,
		    json_t *, int64_t, void *);

struct bench_pool {
	struct bench_conn	*c;
	u_int			 n;
	struct pollfd		*pfd;
	uint64_t		 events;
	uint64_t		 bytes_in;
};

/* bench-stash.c */
extern int	 bench_quiet;
extern volatile sig_atomic_t bench_signalled;
void		 bench_check(void);
__dead void	 bench_fatal(const char *, ...) printflike(1, 2);
void		 bench_note(const char *, ...) printflike(1, 2);

/* bench-sys.c: time, the machine, processes, memory. */
struct bench_rss {
	long	vmrss;		/* kB */
	long	vmhwm;
	long	rssanon;
	long	rssfile;
	long	rssshmem;
	long	threads;
};
int64_t		 bench_sys_ns(void);
void		 bench_sys_machine(FILE *, const char *);
void		 bench_sys_fs(const char *, char *, size_t, char *, size_t);
pid_t		 bench_sys_stashd(const char *, const char *, const char *,
		     u_int *);
int		 bench_sys_stop(pid_t, uint64_t *, uint64_t *, const char *);
void		 bench_sys_kill_all(void);
int		 bench_sys_rss(pid_t, struct bench_rss *);
int64_t		 bench_sys_cputime(pid_t);
void		 bench_sys_pin(pid_t, int);
int64_t		 bench_sys_du(const char *, int64_t *);
void		 bench_sys_rmtree(const char *);

/* bench-lat.c: latency arrays and percentiles. */
void		 bench_lat_init(struct bench_lat *);
void		 bench_lat_add(struct bench_lat *, int64_t);
void		 bench_lat_free(struct bench_lat *);
int64_t		 bench_lat_pct(struct bench_lat *, double);
char		*bench_lat_fmt(int64_t, char *, size_t);

/* bench-conn.c: the protocol driver. */
void		 bench_pool_open(struct bench_pool *, u_int, u_int);
void		 bench_pool_close(struct bench_pool *);
void		 bench_conn_send(struct bench_conn *, const char *,
		     const char *, ...) printflike(3, 4);
int		 bench_pool_poll(struct bench_pool *, u_int, u_int, int,
		     bench_reply_cb, void *);
void		 bench_pool_wait(struct bench_pool *, u_int, u_int, int64_t,
		     bench_reply_cb, void *, const char *);
int		 bench_pool_call(struct bench_pool *, u_int, u_int, int64_t,
		     const char *, const char *, ...) printflike(6, 7);
int		 bench_pool_handshake(struct bench_pool *,
		     struct bench_ledger *, u_int, u_int, int64_t *);
const char	*bench_reply_error(json_t *);

/* bench-ledger.c: a ledger written straight through the store API. */
void		 bench_ledger_pin(struct bench_ledger *);
void		 bench_ledger_create(struct bench_ledger *, const char *);
uint32_t	 bench_ledger_customers(struct bench_ledger *, u_int, u_int,
		     int64_t *);
void		 bench_ledger_sales(struct bench_ledger *, uint64_t, u_int,
		     int64_t *);
double		 bench_ledger_baseline(const char *, double, struct bench_lat *);
void		 bench_ledger_read(struct bench_ledger *, u_int,
		     struct bench_lat *);

/* bench-report.c: the reports on a year of sales. */
struct bench_report_fig {
	int64_t			 setup_ns;
	uint64_t		 lines;		/* sale lines in the year */
	struct bench_lat	 year;		/* sales by category by week */
	u_int			 year_rows;
	struct bench_lat	 month;		/* products, a month */
	u_int			 month_rows;
	struct bench_lat	 fine;		/* one register, staff by month */
	u_int			 fine_rows;
	struct bench_lat	 staff;		/* one staff member, register by
					   month */
	u_int			 staff_rows;
	int64_t			 rebuild_ns;
	int64_t			 export_ns;	/* 0: it failed */
};
void		 bench_report_run(const char *, uint64_t, const char *,
		     struct bench_report_fig *);

#endif /* BENCH_H */
