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

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/keyvalq_struct.h>

#include "metrc-sim.h"

/*
 * stash-metrc-sim: one libevent loop, one evhttp server. Every request to
 * a Metrc path is recorded, authenticated (HTTP Basic, vendor key and user
 * key), put through the fault injector, checked for its licenseNumber and
 * routed to metrc-sim-api.c; paths under /_sim/ are the admin endpoints.
 */

enum metrc_sim_action {
	METRC_SIM_SEND,
	METRC_SIM_RESET,	/* close with a TCP reset, no reply */
};

/* A reply sent later: latency, or a request left hanging. */
struct metrc_sim_pending {
	struct evhttp_request		*req;
	struct evhttp_connection	*evcon;
	struct event			*ev;
	struct metrc_sim_reply		 r;
	int				 retry_after;
	enum metrc_sim_action		 action;
};

static struct metrc_sim	 metrc_sim;

/* The clock of the request being applied: now, or a journal line's. */
int64_t
metrc_sim_now(void)
{
	return (metrc_sim.now != 0 ? metrc_sim.now : util_now());
}

static __dead void
metrc_sim_usage(void)
{
	fprintf(stderr, "usage: stash-metrc-sim [-v] [-f faults] "
	    "[-k vendorkey:userkey] -l address:port -s statefile "
	    "[--seed demo|empty]\n");
	exit(1);
}

void
metrc_sim_reply_json(struct metrc_sim_reply *r, int status, json_t *j)
{
	free(r->body);
	r->status = status;
	r->body = metrc_sim_json_dump(j);
	r->ctype = "application/json; charset=utf-8";
	json_decref(j);
}

/* The {"Message":..} error body of Metrc. */
void
metrc_sim_reply_message(struct metrc_sim_reply *r, int status,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	metrc_sim_reply_json(r, status, json_pack("{s:s}", "Message", msg));
	free(msg);
}

const char *
metrc_sim_query(struct metrc_sim_req *mr, const char *key)
{
	return (evhttp_find_header(mr->query, key));
}

static const char *
metrc_sim_method_name(int method)
{
	switch (method) {
	case EVHTTP_REQ_GET:
		return ("GET");
	case EVHTTP_REQ_POST:
		return ("POST");
	case EVHTTP_REQ_PUT:
		return ("PUT");
	case EVHTTP_REQ_DELETE:
		return ("DELETE");
	case EVHTTP_REQ_HEAD:
		return ("HEAD");
	default:
		return ("OTHER");
	}
}

static const char *
metrc_sim_reason(int status)
{
	switch (status) {
	case 200:
		return ("OK");
	case 400:
		return ("Bad Request");
	case 401:
		return ("Unauthorized");
	case 404:
		return ("Not Found");
	case 405:
		return ("Method Not Allowed");
	case 413:
		return ("Request Entity Too Large");
	case 429:
		return ("Too Many Requests");
	case 500:
		return ("Internal Server Error");
	case 503:
		return ("Service Unavailable");
	default:
		return ("Error");
	}
}

/* xorshift64*: the same seed gives the same faults. */
static uint64_t
metrc_sim_random(struct metrc_sim *ms)
{
	ms->rng ^= ms->rng >> 12;
	ms->rng ^= ms->rng << 25;
	ms->rng ^= ms->rng >> 27;
	return (ms->rng * 2685821657736338717ULL);
}

static void
metrc_sim_send_now(struct evhttp_request *req, struct metrc_sim_reply *r,
    int retry_after)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	struct evbuffer		*eb;
	char			 n[16];

	eb = evbuffer_new();
	if (r->body != NULL)
		evbuffer_add(eb, r->body, strlen(r->body));
	if (r->ctype != NULL)
		evhttp_add_header(h, "Content-Type", r->ctype);
	if (retry_after > 0) {
		snprintf(n, sizeof n, "%d", retry_after);
		evhttp_add_header(h, "Retry-After", n);
	}
	evhttp_send_reply(req, r->status, metrc_sim_reason(r->status), eb);
	evbuffer_free(eb);
}

/*
 * Close with a TCP reset and nothing before it. evhttp_connection_free
 * would send a FIN first (shutdown), so the socket is closed here with a
 * zero linger, by putting an unconnected socket in its place (dup2), which
 * libevent then shuts down and closes harmlessly.
 */
static void
metrc_sim_reset_conn(struct evhttp_connection *evcon)
{
	struct bufferevent	*bev;
	struct linger		 l = { 1, 0 };
	evutil_socket_t		 fd;
	int			 dummy;

	bev = evhttp_connection_get_bufferevent(evcon);
	if (bev != NULL && (fd = bufferevent_getfd(bev)) != -1) {
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
		if ((dummy = socket(AF_INET, SOCK_STREAM, 0)) != -1) {
			if (dup2(dummy, fd) == -1)
				log_warn("dup2");
			close(dummy);
		}
	}
	evhttp_connection_free(evcon);
}

static void
metrc_sim_pending_free(struct metrc_sim_pending *p)
{
	event_free(p->ev);
	free(p->r.body);
	free(p);
}

/* The client went away before the reply: forget it. */
static void
metrc_sim_pending_closed(struct evhttp_connection *evcon, void *arg)
{
	struct metrc_sim_pending	*p = arg;

	evhttp_connection_set_closecb(evcon, NULL, NULL);
	metrc_sim_pending_free(p);
}

static void
metrc_sim_pending_fire(evutil_socket_t fd, short events, void *arg)
{
	struct metrc_sim_pending	*p = arg;

	evhttp_connection_set_closecb(p->evcon, NULL, NULL);
	if (p->action == METRC_SIM_RESET)
		metrc_sim_reset_conn(p->evcon);
	else
		metrc_sim_send_now(p->req, &p->r, p->retry_after);
	metrc_sim_pending_free(p);
}

static void
metrc_sim_send(struct metrc_sim *ms, struct evhttp_request *req,
    struct metrc_sim_reply *r, int retry_after, enum metrc_sim_action action,
    int delay_ms)
{
	struct metrc_sim_pending	*p;
	struct timeval			 tv;

	if (delay_ms <= 0 && action == METRC_SIM_SEND) {
		metrc_sim_send_now(req, r, retry_after);
		free(r->body);
		return;
	}
	p = xcalloc(1, sizeof *p);
	p->req = req;
	p->evcon = evhttp_request_get_connection(req);
	p->r = *r;
	p->retry_after = retry_after;
	p->action = action;
	p->ev = evtimer_new(ms->base, metrc_sim_pending_fire, p);
	tv.tv_sec = delay_ms / 1000;
	tv.tv_usec = (delay_ms % 1000) * 1000;
	evhttp_connection_set_closecb(p->evcon, metrc_sim_pending_closed, p);
	evtimer_add(p->ev, &tv);
}

/* --- faults --- */

static json_t *
metrc_sim_faults_json(struct metrc_sim_faults *f)
{
	json_t	*j;

	j = json_pack("{s:i,s:i,s:i,s:b,s:b,s:b,s:b,s:s,s:s,s:I}",
	    "latency_ms", f->latency_ms, "status", f->status,
	    "retry_after", f->retry_after, "reset", f->reset,
	    "timeout_after_apply", f->timeout_after_apply,
	    "malformed", f->malformed, "v1_key", f->v1_key,
	    "path", f->path, "method", f->method, "seed",
	    (json_int_t)f->seed);
	if (f->fail_rate >= 0)
		json_object_set_new(j, "fail_rate",
		    metrc_sim_json_decimal(f->fail_rate, 3));
	if (f->fail_next > 0)
		json_object_set_new(j, "fail_next",
		    json_integer(f->fail_next));
	if (f->rate_per_sec > 0)
		json_object_set_new(j, "rate_per_sec",
		    json_integer(f->rate_per_sec));
	return (j);
}

static int
metrc_sim_faults_int(json_t *v, const char *key, int max, int *out,
    char **cause)
{
	if (json_is_boolean(v) && max == 1) {
		*out = json_is_true(v);
		return (0);
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > max) {
		xasprintf(cause, "fault %s must be %s", key, max == 1 ?
		    "true or false" : "a whole number from 0 up");
		return (-1);
	}
	*out = (int)json_integer_value(v);
	return (0);
}

static int
metrc_sim_faults_parse(struct metrc_sim *ms, json_t *j, char **cause)
{
	struct metrc_sim_faults	 f;
	const char		*key;
	json_t			*v;
	int64_t			 rate;
	int			 seed;

	memset(&f, 0, sizeof f);
	f.fail_rate = -1;
	f.seed = ms->faults.seed;
	if (!json_is_object(j)) {
		*cause = xstrdup("faults must be a JSON object, e.g. "
		    "{\"status\":503,\"fail_rate\":0.5}");
		return (-1);
	}
	json_object_foreach(j, key, v) {
		if (strcmp(key, "latency_ms") == 0) {
			if (metrc_sim_faults_int(v, key, 600000, &f.latency_ms,
			    cause) != 0)
				return (-1);
		} else if (strcmp(key, "fail_rate") == 0) {
			if (metrc_sim_json_dec(v, 3, &rate) != 0 || rate < 0 ||
			    rate > 1000) {
				xasprintf(cause, "fault fail_rate must be a "
				    "decimal from 0 to 1 with at most 3 "
				    "places");
				return (-1);
			}
			f.fail_rate = (int)rate;
		} else if (strcmp(key, "fail_next") == 0) {
			if (metrc_sim_faults_int(v, key, 1000000, &f.fail_next,
			    cause) != 0)
				return (-1);
		} else if (strcmp(key, "status") == 0) {
			if (metrc_sim_faults_int(v, key, 599, &f.status,
			    cause) != 0)
				return (-1);
			if (f.status != 0 && f.status < 400) {
				xasprintf(cause, "fault status %d is not an "
				    "error status (use 400 to 599)", f.status);
				return (-1);
			}
		} else if (strcmp(key, "retry_after") == 0) {
			if (metrc_sim_faults_int(v, key, 86400, &f.retry_after,
			    cause) != 0)
				return (-1);
		} else if (strcmp(key, "reset") == 0) {
			if (metrc_sim_faults_int(v, key, 1, &f.reset,
			    cause) != 0)
				return (-1);
		} else if (strcmp(key, "timeout_after_apply") == 0) {
			if (metrc_sim_faults_int(v, key, 1,
			    &f.timeout_after_apply, cause) != 0)
				return (-1);
		} else if (strcmp(key, "malformed") == 0) {
			if (metrc_sim_faults_int(v, key, 1, &f.malformed,
			    cause) != 0)
				return (-1);
		} else if (strcmp(key, "v1_key") == 0) {
			if (metrc_sim_faults_int(v, key, 1, &f.v1_key,
			    cause) != 0)
				return (-1);
		} else if (strcmp(key, "rate_per_sec") == 0) {
			if (metrc_sim_faults_int(v, key, 1000000,
			    &f.rate_per_sec, cause) != 0)
				return (-1);
		} else if (strcmp(key, "seed") == 0) {
			if (metrc_sim_faults_int(v, key, 0x7fffffff, &seed,
			    cause) != 0)
				return (-1);
			f.seed = (uint64_t)seed;
		} else if (strcmp(key, "path") == 0 ||
		    strcmp(key, "method") == 0) {
			if (!json_is_string(v) || strlen(json_string_value(v))
			    >= sizeof f.path) {
				xasprintf(cause, "fault %s must be a short "
				    "string", key);
				return (-1);
			}
			if (*key == 'p')
				strlcpy(f.path, json_string_value(v),
				    sizeof f.path);
			else
				strlcpy(f.method, json_string_value(v),
				    sizeof f.method);
		} else {
			xasprintf(cause, "unknown fault \"%s\" (known: "
			    "latency_ms, fail_rate, fail_next, status, "
			    "retry_after, reset, timeout_after_apply, "
			    "malformed, v1_key, path, method, seed, "
			    "rate_per_sec)", key);
			return (-1);
		}
	}
	ms->faults = f;
	ms->rng = f.seed * 2654435761ULL + 0x9e3779b97f4a7c15ULL;
	return (0);
}

/* Does this request get the fault? */
static int
metrc_sim_faults_fire(struct metrc_sim *ms, const char *method,
    const char *path, struct metrc_sim_faults *fired)
{
	struct metrc_sim_faults	*f = &ms->faults;
	int			 latency;

	*fired = *f;

	if (!f->status && !f->reset && !f->timeout_after_apply &&
	    !f->malformed && !f->v1_key)
		return (0);
	if (*f->path != '\0' && strncmp(path, f->path, strlen(f->path)) != 0)
		return (0);
	if (*f->method != '\0' && strcasecmp(method, f->method) != 0)
		return (0);
	if (f->fail_next > 0) {
		if (--f->fail_next == 0) {
			latency = f->latency_ms;
			memset(f, 0, sizeof *f);
			f->fail_rate = -1;
			f->latency_ms = latency;
		}
		return (1);
	}
	if (f->fail_rate < 0)
		return (1);
	return ((int)(metrc_sim_random(ms) % 1000) < f->fail_rate);
}

/*
 * Is this licence over rate_per_sec in the current second? Counted per
 * licence in whole seconds of the clock, as a fixed window; a request
 * turned away does not count.
 */
static int
metrc_sim_rate_over(struct metrc_sim *ms, const char *license)
{
	struct metrc_sim_rate	*r, *free_slot = NULL;
	int64_t			 now = util_now() / 1000000;
	u_int			 i;

	for (i = 0; i < METRC_SIM_RATE_SLOTS; i++) {
		r = &ms->rates[i];
		if (strcmp(r->license, license) == 0)
			break;
		if (free_slot == NULL && (*r->license == '\0' ||
		    r->second < now))
			free_slot = r;
	}
	if (i == METRC_SIM_RATE_SLOTS) {
		if ((r = free_slot) == NULL)
			r = &ms->rates[0];
		strlcpy(r->license, license, sizeof r->license);
		r->second = now;
		r->count = 0;
	}
	if (r->second != now) {
		r->second = now;
		r->count = 0;
	}
	if (r->count >= ms->faults.rate_per_sec)
		return (1);
	r->count++;
	return (0);
}

/* --- the request log --- */

static json_t *
metrc_sim_log_add(struct metrc_sim *ms, const char *method, const char *uri,
    const char *body, size_t len)
{
	json_t	*e;

	e = json_pack("{s:I,s:I,s:s,s:s,s:s%,s:i,s:n,s:b}",
	    "seq", ++ms->log_seq, "time", (json_int_t)(util_now() / 1000),
	    "method", method, "uri", uri, "body", body, len, "status", 0,
	    "fault", "applied", 0);
	if (json_array_size(ms->log) >= METRC_SIM_MAX_LOG)
		json_array_remove(ms->log, 0);
	json_array_append_new(ms->log, e);
	return (e);
}

/* --- HTTP --- */

static int
metrc_sim_b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return (c - 'A');
	if (c >= 'a' && c <= 'z')
		return (c - 'a' + 26);
	if (c >= '0' && c <= '9')
		return (c - '0' + 52);
	if (c == '+')
		return (62);
	if (c == '/')
		return (63);
	return (-1);
}

/* Decode "Basic xxx" into "vendor:user"; NULL if it is not that. */
static char *
metrc_sim_basic(const char *h)
{
	struct buf	 b;
	uint32_t	 acc = 0;
	int		 bits = 0, v;

	if (h == NULL || strncasecmp(h, "Basic ", 6) != 0)
		return (NULL);
	buf_init(&b);
	for (h += 6; *h != '\0' && *h != '='; h++) {
		if ((v = metrc_sim_b64val((u_char)*h)) == -1) {
			buf_free(&b);
			return (NULL);
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(&b, (acc >> bits) & 0xff);
		}
	}
	return (buf_cstr(&b));
}

/* 0: good keys; 1: bad keys; 2: a v1-only key. */
static int
metrc_sim_auth(struct metrc_sim *ms, struct evhttp_request *req)
{
	const char	*h;
	char		*pair, *user;
	int		 r = 1;

	h = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Authorization");
	if ((pair = metrc_sim_basic(h)) == NULL)
		return (1);
	if ((user = strchr(pair, ':')) != NULL) {
		*user++ = '\0';
		if (strcmp(pair, ms->v1_key) == 0)
			r = 2;
		else if (strcmp(pair, ms->vendor_key) == 0 &&
		    strcmp(user, ms->user_key) == 0)
			r = 0;
	}
	freezero(pair, strlen(pair) + (user != NULL ? strlen(user) + 1 : 0));
	return (r);
}

static void
metrc_sim_split(struct metrc_sim_req *mr, const char *path)
{
	const char	*p, *e;
	char		*s;

	mr->seg = NULL;
	mr->nseg = 0;
	for (p = path; *p != '\0'; p = e) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		if ((e = strchr(p, '/')) == NULL)
			e = p + strlen(p);
		s = xstrndup(p, e - p);
		mr->seg = xreallocarray(mr->seg, mr->nseg + 1,
		    sizeof *mr->seg);
		mr->seg[mr->nseg++] = evhttp_uridecode(s, 0, NULL);
		free(s);
	}
}

static void
metrc_sim_req_free(struct metrc_sim_req *mr)
{
	u_int	i;

	for (i = 0; i < mr->nseg; i++)
		free(mr->seg[i]);
	free(mr->seg);
	json_decref(mr->body);
}

static void
metrc_sim_admin(struct metrc_sim *ms, int method, struct metrc_sim_req *mr,
    struct metrc_sim_reply *r)
{
	const char	*what = mr->nseg > 1 ? mr->seg[1] : "";
	const char	*label, *since, *seed;
	json_t		*out, *e, *s;
	json_int_t	 n = 0;
	char		*cause = NULL;
	size_t		 i;

	if (strcmp(what, "faults") == 0 && method == EVHTTP_REQ_GET) {
		metrc_sim_reply_json(r, 200,
		    metrc_sim_faults_json(&ms->faults));
	} else if (strcmp(what, "faults") == 0 && method == EVHTTP_REQ_POST) {
		if (metrc_sim_faults_parse(ms, mr->body, &cause) != 0)
			goto bad;
		metrc_sim_reply_json(r, 200,
		    metrc_sim_faults_json(&ms->faults));
		log_info("faults: %s", r->body);
	} else if (strcmp(what, "hold") == 0 && method == EVHTTP_REQ_POST) {
		label = metrc_sim_json_str(mr->body, "label");
		if (label == NULL) {
			cause = xstrdup("hold needs {\"label\":TAG} and "
			    "optionally \"recalled\":true or "
			    "\"release\":true");
			goto bad;
		}
		if (metrc_sim_api_hold(ms, label, json_is_true(json_object_get(
		    mr->body, "recalled")), json_is_true(json_object_get(
		    mr->body, "release")), &cause) != 0)
			goto bad;
		r->changed = 1;
		metrc_sim_reply_json(r, 200, json_pack("{s:s}", "label",
		    label));
	} else if (strcmp(what, "reasons") == 0 && method == EVHTTP_REQ_POST) {
		if (metrc_sim_api_set_reasons(ms, mr->body, &cause) != 0)
			goto bad;
		r->changed = 1;
		e = metrc_sim_state_facility(ms, metrc_sim_json_str(mr->body,
		    "license"));
		metrc_sim_reply_json(r, 200, metrc_sim_api_reasons_of(e));
	} else if (strcmp(what, "lab") == 0 && method == EVHTTP_REQ_POST) {
		label = metrc_sim_json_str(mr->body, "label");
		if (label == NULL || !json_is_boolean(json_object_get(mr->body,
		    "passed"))) {
			cause = xstrdup("lab needs {\"label\":TAG,"
			    "\"passed\":true or false}");
			goto bad;
		}
		if (metrc_sim_api_lab_set(ms, label, json_is_true(
		    json_object_get(mr->body, "passed")), &cause) != 0)
			goto bad;
		r->changed = 1;
		metrc_sim_reply_json(r, 200, json_pack("{s:s}", "label",
		    label));
	} else if (strcmp(what, "receive") == 0 && method == EVHTTP_REQ_POST) {
		n = metrc_sim_json_int(mr->body, "deliveryId");
		if (metrc_sim_api_receive(ms, n, &cause) != 0)
			goto bad;
		r->changed = 1;
		metrc_sim_reply_json(r, 200, json_pack("{s:I}", "deliveryId",
		    n));
	} else if (strcmp(what, "patient") == 0 && method == EVHTTP_REQ_POST) {
		/* A seeded patient's allotment, thousandths of an ounce. */
		label = metrc_sim_json_str(mr->body, "number");
		e = label != NULL ? metrc_sim_state_find(ms, "patients",
		    "PatientLicenseNumber", label) : NULL;
		if (e == NULL) {
			cause = xstrdup("patient needs {\"number\":CARD} of a "
			    "seeded patient, and \"allowed\" and/or "
			    "\"purchased\" in thousandths of an ounce");
			goto bad;
		}
		if (json_is_integer(json_object_get(mr->body, "allowed")))
			json_object_set(e, "OuncesAllowed", json_object_get(
			    mr->body, "allowed"));
		if (json_is_integer(json_object_get(mr->body, "purchased")))
			json_object_set(e, "OuncesPurchased", json_object_get(
			    mr->body, "purchased"));
		r->changed = 1;
		metrc_sim_reply_json(r, 200, json_incref(e));
	} else if (strcmp(what, "requests") == 0 && method == EVHTTP_REQ_GET) {
		if ((since = metrc_sim_query(mr, "since")) != NULL)
			n = strtoll(since, NULL, 10);
		out = json_array();
		json_array_foreach(ms->log, i, e) {
			if (metrc_sim_json_int(e, "seq") > n)
				json_array_append(out, e);
		}
		metrc_sim_reply_json(r, 200, out);
	} else if (strcmp(what, "requests") == 0 &&
	    method == EVHTTP_REQ_DELETE) {
		json_array_clear(ms->log);
		metrc_sim_reply_json(r, 200, json_pack("{s:I}", "seq",
		    ms->log_seq));
	} else if (strcmp(what, "shape") == 0 && method == EVHTTP_REQ_GET) {
		metrc_sim_reply_json(r, 200, json_pack("{s:b}", "wrapped",
		    ms->wrapped));
	} else if (strcmp(what, "shape") == 0 && method == EVHTTP_REQ_POST) {
		e = json_object_get(mr->body, "wrapped");
		if (!json_is_boolean(e)) {
			cause = xstrdup("shape needs {\"wrapped\":true} (the "
			    "OpenMetrc description's list wrapper) or false "
			    "(ThunkMetrc's bare arrays and single receipt)");
			goto bad;
		}
		ms->wrapped = json_is_true(e);
		log_info("shape: %s", ms->wrapped ? "wrapped" : "bare");
		metrc_sim_reply_json(r, 200, json_pack("{s:b}", "wrapped",
		    ms->wrapped));
	} else if (strcmp(what, "state") == 0 && method == EVHTTP_REQ_GET) {
		metrc_sim_reply_json(r, 200, json_incref(ms->state));
	} else if (strcmp(what, "reset") == 0 && method == EVHTTP_REQ_POST) {
		seed = metrc_sim_json_str(mr->body, "seed");
		if (seed == NULL)
			seed = ms->seed;
		if ((s = metrc_sim_state_seed(seed, &cause)) == NULL)
			goto bad;
		json_decref(ms->state);
		ms->state = s;
		json_array_clear(ms->log);
		memset(&ms->faults, 0, sizeof ms->faults);
		ms->faults.fail_rate = -1;
		ms->wrapped = 0;
		r->changed = 1;
		metrc_sim_reply_json(r, 200, json_pack("{s:s}", "seed", seed));
	} else
		metrc_sim_reply_message(r, 404, "no admin endpoint %s %s "
		    "(see stash-metrc-sim(1))",
		    metrc_sim_method_name(method), mr->path);
	return;

bad:
	metrc_sim_reply_message(r, 400, "%s", cause);
	free(cause);
}

/*
 * A request path as the log shows it: a patient's or caregiver's status
 * path ends in a card number, which is personal data and never logged.
 */
static const char *
metrc_sim_log_path(const char *path, char *out, size_t len)
{
	const char	*slash;

	if (strncmp(path, "/patients/", 10) != 0 &&
	    strncmp(path, "/caregivers/", 12) != 0)
		return (path);
	slash = strrchr(path, '/');
	snprintf(out, len, "%.*s(card)", (int)(slash - path + 1), path);
	return (out);
}

static void
metrc_sim_request(struct evhttp_request *req, void *arg)
{
	struct metrc_sim		*ms = arg;
	struct metrc_sim_req		 mr;
	struct metrc_sim_reply		 r;
	struct metrc_sim_faults		 fl;
	struct evkeyvalq		 query;
	struct evbuffer			*in;
	struct evhttp_uri		*uri;
	const char			*path, *q, *method, *lic;
	json_t				*entry = NULL;
	char				*body = NULL, *cause = NULL;
	char				 shown[64];
	size_t				 len;
	int				 m, handler, licmode, a, fault = 0;
	int				 retry_after = 0, delay, hang = 0;
	enum metrc_sim_action		 action = METRC_SIM_SEND;

	memset(&mr, 0, sizeof mr);
	memset(&r, 0, sizeof r);
	TAILQ_INIT(&query);
	ms->now = util_now();
	m = evhttp_request_get_command(req);
	method = metrc_sim_method_name(m);
	uri = evhttp_uri_parse(evhttp_request_get_uri(req));
	if (uri == NULL) {
		metrc_sim_reply_message(&r, 400, "the request URI is not "
		    "valid");
		metrc_sim_send(ms, req, &r, 0, METRC_SIM_SEND, 0);
		return;
	}
	path = evhttp_uri_get_path(uri);
	if (path == NULL || *path == '\0')
		path = "/";
	if ((q = evhttp_uri_get_query(uri)) != NULL &&
	    evhttp_parse_query_str(q, &query) != 0) {
		metrc_sim_reply_message(&r, 400, "the query string is not "
		    "valid");
		goto send;
	}
	mr.method = m;
	mr.path = path;
	mr.query = &query;
	metrc_sim_split(&mr, path);

	in = evhttp_request_get_input_buffer(req);
	len = evbuffer_get_length(in);
	body = xmalloc(len + 1);
	evbuffer_copyout(in, body, len);
	body[len] = '\0';

	if (mr.nseg > 0 && strcmp(mr.seg[0], "_sim") == 0) {
		if (len > 0 && (mr.body = metrc_sim_json_parse(body, len,
		    &cause)) == NULL) {
			metrc_sim_reply_message(&r, 400, "%s", cause);
			goto send;
		}
		if (mr.body == NULL)
			mr.body = json_object();
		metrc_sim_admin(ms, m, &mr, &r);
		goto save;
	}

	entry = metrc_sim_log_add(ms, method, evhttp_request_get_uri(req),
	    body, len);
	if ((a = metrc_sim_auth(ms, req)) == 1) {
		metrc_sim_reply_message(&r, 401, "Authorization has been "
		    "denied for this request.");
		goto send;
	}
	if (metrc_sim_faults_fire(ms, method, path, &fl)) {
		fault = 1;
		if (fl.v1_key)
			a = 2;
		else if (fl.status != 0) {
			json_object_set_new(entry, "fault",
			    json_integer(fl.status));
			metrc_sim_reply_message(&r, fl.status, "%s",
			    fl.status == 429 ? "Too many requests; "
			    "slow down." : "The server is unavailable; try "
			    "again later (simulated fault).");
			retry_after = fl.retry_after;
			goto send;
		} else if (fl.reset) {
			json_object_set_new(entry, "fault",
			    json_string("reset"));
			action = METRC_SIM_RESET;
			goto send;
		}
	}
	if (a == 2) {
		if (fault)
			json_object_set_new(entry, "fault",
			    json_string("v1_key"));
		r.status = 401;
		r.body = xstrdup(METRC_SIM_V1_MESSAGE);
		r.ctype = "text/plain; charset=utf-8";
		goto send;
	}

	switch (metrc_sim_api_route(ms, &mr, &handler, &licmode)) {
	case -1:
		metrc_sim_reply_message(&r, 404, "No HTTP resource was found "
		    "that matches the request URI '%s'.", path);
		goto send;
	case -2:
		metrc_sim_reply_message(&r, 405, "The requested resource "
		    "does not support http method '%s'.", method);
		goto send;
	}
	if ((q = metrc_sim_api_badparam(handler, &mr)) != NULL) {
		metrc_sim_reply_message(&r, 400, "%s is not a parameter of "
		    "%s %s.", q, method, path);
		goto send;
	}
	lic = metrc_sim_query(&mr, "licenseNumber");
	if (lic != NULL && licmode == METRC_SIM_LIC_NONE) {
		/*
		 * The v2 descriptions give these endpoints no licenseNumber:
		 * a client that sends one has misread them, so say so.
		 */
		metrc_sim_reply_message(&r, 400, "licenseNumber is not a "
		    "parameter of %s: the endpoint is not scoped to one "
		    "license.", path);
		goto send;
	}
	if (lic != NULL && licmode != METRC_SIM_LIC_NONE) {
		if ((mr.facility = metrc_sim_state_facility(ms, lic)) == NULL) {
			metrc_sim_reply_message(&r, 401, "The license number "
			    "%s is not valid for this user.", lic);
			goto send;
		}
		mr.license = lic;
	} else if (licmode == METRC_SIM_LIC_REQUIRED) {
		metrc_sim_reply_message(&r, 400, "No licenseNumber was "
		    "specified; add ?licenseNumber= with one of the "
		    "licenses from GET /facilities/v2.");
		goto send;
	}
	if (ms->faults.rate_per_sec > 0 && mr.license != NULL &&
	    metrc_sim_rate_over(ms, mr.license)) {
		json_object_set_new(entry, "fault", json_integer(429));
		json_object_set_new(entry, "rate_limited", json_true());
		metrc_sim_reply_message(&r, 429, "Too many requests for "
		    "license %s: at most %d a second; slow down.",
		    mr.license, ms->faults.rate_per_sec);
		retry_after = 1;
		goto send;
	}
	if (m == EVHTTP_REQ_POST || m == EVHTTP_REQ_PUT) {
		if ((mr.body = metrc_sim_json_parse(body, len,
		    &cause)) == NULL) {
			metrc_sim_reply_message(&r, 400, "%s", cause);
			goto send;
		}
		if (!json_is_array(mr.body)) {
			metrc_sim_reply_message(&r, 400, "The request body "
			    "must be a JSON array of objects.");
			goto send;
		}
		if (json_array_size(mr.body) > METRC_SIM_MAX_OBJECTS) {
			metrc_sim_reply_message(&r, 413, "The request "
			    "contains %zu objects; at most %d are allowed "
			    "per request.", json_array_size(mr.body),
			    METRC_SIM_MAX_OBJECTS);
			goto send;
		}
		if (json_array_size(mr.body) == 0) {
			metrc_sim_reply_message(&r, 400, "The request body "
			    "is an empty array; nothing to do.");
			goto send;
		}
	}
	metrc_sim_api_call(ms, handler, &mr, &r);
	if (r.changed)
		json_object_set_new(entry, "applied", json_true());
	if (fault && fl.timeout_after_apply) {
		json_object_set_new(entry, "fault", json_string("timeout"));
		action = METRC_SIM_RESET;
		hang = 1;
	} else if (fault && fl.malformed && r.body != NULL) {
		json_object_set_new(entry, "fault", json_string("malformed"));
		r.body[strlen(r.body) / 2] = '\0';
		r.ctype = "application/json; charset=utf-8";
	}

save:
	/* Durable before it is answered: a reset rewrites the file. */
	if (r.changed && mr.nseg > 1 && strcmp(mr.seg[0], "_sim") == 0 &&
	    strcmp(mr.seg[1], "reset") == 0) {
		if (metrc_sim_state_compact(ms, &cause) != 0) {
			log_warnx("%s", cause);
			metrc_sim_reply_message(&r, 500, "%s", cause);
		}
	} else if (r.changed && metrc_sim_state_record(ms, method,
	    evhttp_request_get_uri(req), body, len, &cause) != 0) {
		log_warnx("%s", cause);
		metrc_sim_reply_message(&r, 500, "%s", cause);
	}

send:
	free(cause);
	if (entry != NULL)
		json_object_set_new(entry, "status", json_integer(
		    action == METRC_SIM_RESET ? 0 : r.status));
	log_debug("%s %s -> %d%s", method, metrc_sim_log_path(path, shown,
	    sizeof shown), r.status, action == METRC_SIM_RESET ? " (reset)" :
	    "");
	delay = ms->faults.latency_ms;
	if (mr.nseg > 0 && strcmp(mr.seg[0], "_sim") == 0)
		delay = 0;
	if (hang)
		delay = METRC_SIM_HANG * 1000;
	metrc_sim_send(ms, req, &r, retry_after, action, delay);
	free(body);
	metrc_sim_req_free(&mr);
	evhttp_clear_headers(&query);
	evhttp_uri_free(uri);
}

/*
 * Apply a journal line again at start (metrc-sim-state.c): the request as
 * it was answered, at the time it was, without the checks it passed then
 * (keys, faults, the rate limit), which change nothing.
 */
int
metrc_sim_replay(struct metrc_sim *ms, json_t *rec, char **cause)
{
	static const int	 methods[] = { EVHTTP_REQ_GET, EVHTTP_REQ_POST,
	    EVHTTP_REQ_PUT, EVHTTP_REQ_DELETE };
	struct metrc_sim_req	 mr;
	struct metrc_sim_reply	 r;
	struct evkeyvalq	 query;
	struct evhttp_uri	*uri;
	const char		*method, *u, *body, *path, *q, *lic;
	size_t			 i, len;
	int			 m = -1, handler, licmode, ret = -1;

	memset(&mr, 0, sizeof mr);
	memset(&r, 0, sizeof r);
	TAILQ_INIT(&query);
	method = metrc_sim_json_str(rec, "m");
	u = metrc_sim_json_str(rec, "u");
	body = metrc_sim_json_str(rec, "b");
	len = json_string_length(json_object_get(rec, "b"));
	for (i = 0; method != NULL && i < nitems(methods); i++) {
		if (strcmp(method, metrc_sim_method_name(methods[i])) == 0)
			m = methods[i];
	}
	if (m == -1 || u == NULL || body == NULL ||
	    (uri = evhttp_uri_parse(u)) == NULL) {
		xasprintf(cause, "not a request: skipped");
		return (-1);
	}
	ms->now = metrc_sim_json_int(rec, "t");
	if ((path = evhttp_uri_get_path(uri)) == NULL || *path == '\0')
		path = "/";
	if ((q = evhttp_uri_get_query(uri)) != NULL)
		evhttp_parse_query_str(q, &query);
	mr.method = m;
	mr.path = path;
	mr.query = &query;
	metrc_sim_split(&mr, path);
	if (len > 0 && (mr.body = metrc_sim_json_parse(body, len,
	    cause)) == NULL)
		goto out;
	if (mr.nseg > 0 && strcmp(mr.seg[0], "_sim") == 0) {
		if (mr.body == NULL)
			mr.body = json_object();
		metrc_sim_admin(ms, m, &mr, &r);
	} else if (metrc_sim_api_route(ms, &mr, &handler, &licmode) == 0) {
		lic = metrc_sim_query(&mr, "licenseNumber");
		if (lic != NULL && licmode != METRC_SIM_LIC_NONE &&
		    (mr.facility = metrc_sim_state_facility(ms, lic)) != NULL)
			mr.license = lic;
		metrc_sim_api_call(ms, handler, &mr, &r);
	}
	if (!r.changed) {
		xasprintf(cause, "%s %s changed nothing when applied again "
		    "(HTTP %d): the state file may not match the journal",
		    method, path, r.status);
		goto out;
	}
	ret = 0;
out:
	ms->now = 0;
	free(r.body);
	metrc_sim_req_free(&mr);
	evhttp_clear_headers(&query);
	evhttp_uri_free(uri);
	return (ret);
}

static void
metrc_sim_signal(evutil_socket_t sig, short events, void *arg)
{
	struct metrc_sim	*ms = arg;

	log_info("signal %d: exiting", (int)sig);
	event_base_loopbreak(ms->base);
}

static int
metrc_sim_listen(struct metrc_sim *ms, const char *addr, char *bound,
    size_t len)
{
	struct evhttp_bound_socket	*bs;
	struct sockaddr_storage		 ss;
	socklen_t			 sl = sizeof ss;
	char				*host, *port, h[64];
	const char			*errstr;
	int				 p;

	host = xstrdup(addr);
	if ((port = strrchr(host, ':')) == NULL) {
		free(host);
		return (-1);
	}
	*port++ = '\0';
	if (*host == '[' && port[-2] == ']') {
		port[-2] = '\0';
		memmove(host, host + 1, strlen(host));
	}
	p = (int)util_strtonum(port, 0, 65535, &errstr);
	if (errstr != NULL || *host == '\0') {
		free(host);
		return (-1);
	}
	bs = evhttp_bind_socket_with_handle(ms->http, host, (uint16_t)p);
	if (bs == NULL) {
		log_warnx("cannot listen on %s: %s", addr, strerror(errno));
		free(host);
		return (-2);
	}
	free(host);
	if (getsockname(evhttp_bound_socket_get_fd(bs), (struct sockaddr *)&ss,
	    &sl) != 0)
		fatal("getsockname");
	if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr,
		    h, sizeof h);
		snprintf(bound, len, "[%s]:%u", h,
		    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, h,
		    sizeof h);
		snprintf(bound, len, "%s:%u", h,
		    ntohs(((struct sockaddr_in *)&ss)->sin_port));
	}
	return (0);
}

int
main(int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "seed", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct metrc_sim		*ms = &metrc_sim;
	struct event			*sigint, *sigterm;
	const char			*listen = NULL, *faults = NULL;
	const char			*tz;
	json_t				*j, *lics, *f;
	char				*cause = NULL, *line, *p;
	char				 bound[128];
	size_t				 i;
	int				 ch, verbose = 0, r, seeded;

	ms->vendor_key = xstrdup(METRC_SIM_VENDOR_KEY);
	ms->user_key = xstrdup(METRC_SIM_USER_KEY);
	ms->v1_key = xstrdup(METRC_SIM_V1_KEY);
	while ((ch = getopt_long(argc, argv, "f:hk:l:s:v", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			faults = optarg;
			break;
		case 'k':
			if ((p = strchr(optarg, ':')) == NULL || p == optarg ||
			    p[1] == '\0') {
				fprintf(stderr, "stash-metrc-sim: -k wants "
				    "VENDORKEY:USERKEY\n");
				exit(1);
			}
			free(ms->vendor_key);
			free(ms->user_key);
			ms->vendor_key = xstrndup(optarg, p - optarg);
			ms->user_key = xstrdup(p + 1);
			break;
		case 'l':
			listen = optarg;
			break;
		case 's':
			ms->statefile = xstrdup(optarg);
			break;
		case 'S':
			ms->seed = xstrdup(optarg);
			break;
		case 'v':
			verbose++;
			break;
		default:
			metrc_sim_usage();
		}
	}
	if (optind != argc || listen == NULL || ms->statefile == NULL)
		metrc_sim_usage();
	log_open("stash-metrc-sim", LOGDEST_STDERR, verbose ? 2 : 0);
	signal(SIGPIPE, SIG_IGN);

	memset(&ms->faults, 0, sizeof ms->faults);
	ms->faults.fail_rate = -1;
	if (faults != NULL) {
		j = metrc_sim_json_parse(faults, strlen(faults), &cause);
		if (j == NULL || metrc_sim_faults_parse(ms, j, &cause) != 0)
			fatalx("-f: %s", cause);
		json_decref(j);
	}
	ms->rng = ms->faults.seed * 2654435761ULL + 0x9e3779b97f4a7c15ULL;
	ms->log = json_array();

	ms->jfd = -1;
	if (metrc_sim_state_lock(ms, &cause) != 0)
		fatalx("%s", cause);
	if ((seeded = ms->seed != NULL)) {
		if ((ms->state = metrc_sim_state_seed(ms->seed,
		    &cause)) == NULL)
			fatalx("--seed: %s", cause);
	} else {
		if (metrc_sim_state_load(ms, &cause) != 0)
			fatalx("%s", cause);
		if (ms->state == NULL &&
		    (ms->state = metrc_sim_state_seed("empty", &cause)) == NULL)
			fatalx("%s", cause);
		ms->seed = xstrdup(metrc_sim_json_str(ms->state, "seed") !=
		    NULL ? metrc_sim_json_str(ms->state, "seed") : "empty");
	}
	/* Replay the journal (not over a new seed), then compact. */
	if (metrc_sim_state_journal(ms, !seeded, &cause) != 0 ||
	    metrc_sim_state_compact(ms, &cause) != 0)
		fatalx("%s", cause);

	/* Facility-local times: all facilities share the first one's zone. */
	f = json_array_get(metrc_sim_state_list(ms, "facilities"), 0);
	if ((tz = metrc_sim_json_str(f, "Tz")) != NULL) {
		setenv("TZ", tz, 1);
		tzset();
	}

	if ((ms->base = event_base_new()) == NULL)
		fatalx("cannot create the event loop");
	if ((ms->http = evhttp_new(ms->base)) == NULL)
		fatalx("cannot create the HTTP server");
	evhttp_set_max_body_size(ms->http, METRC_SIM_MAX_BODY);
	evhttp_set_allowed_methods(ms->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_HEAD);
	evhttp_set_gencb(ms->http, metrc_sim_request, ms);
	if ((r = metrc_sim_listen(ms, listen, bound, sizeof bound)) != 0) {
		if (r == -1)
			fatalx("-l %s: want ADDRESS:PORT, e.g. 127.0.0.1:0",
			    listen);
		exit(1);
	}

	lics = json_array();
	json_array_foreach(metrc_sim_state_list(ms, "facilities"), i, f)
		json_array_append_new(lics, json_string(metrc_sim_json_str(f,
		    "License")));
	j = json_pack("{s:s,s:o,s:s,s:s,s:s,s:s,s:s}", "listen", bound,
	    "licenses", lics, "vendor_key", ms->vendor_key,
	    "user_key", ms->user_key, "v1_vendor_key", ms->v1_key,
	    "state", ms->statefile, "seed", ms->seed);
	line = metrc_sim_json_dump(j);
	json_decref(j);
	printf("%s\n", line);
	fflush(stdout);
	free(line);

	sigint = evsignal_new(ms->base, SIGINT, metrc_sim_signal, ms);
	sigterm = evsignal_new(ms->base, SIGTERM, metrc_sim_signal, ms);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);
	event_base_dispatch(ms->base);

	event_free(sigint);
	event_free(sigterm);
	evhttp_free(ms->http);
	if (metrc_sim_state_compact(ms, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
	}
	close(ms->jfd);
	event_base_free(ms->base);
	json_decref(ms->state);
	json_decref(ms->log);
	return (0);
}
