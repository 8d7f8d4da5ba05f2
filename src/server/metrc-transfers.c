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

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "intake.h"
#include "metrc-conf.h"
#include "metrc-payload.h"

/*
 * Incoming transfers become manifests. Every metrc-transfers seconds the
 * drainer's tick (metrc.c) calls metrc_transfers_poll, which asks the
 * state, on the drainer's curl multi and one request at a time, for its
 * incoming transfers (GET /transfers/v2/incoming), the deliveries of each
 * (…/{id}/deliveries) and the packages of each delivery
 * (…/deliveries/{id}/packages), a page of 20 at a time. A delivery whose
 * manifest is not in the ledger becomes one (intake_create, in a write op
 * through batch_write, audited), so the receiver scans it in as any other.
 * The manifest number is the transfer's, with -2, -3… for its further
 * deliveries: asking again changes nothing.
 *
 * A package is matched to our product by the state's item name; a
 * delivery with an item we do not sell, or a quantity we cannot read, is
 * logged and left for the next poll (or a manifest by hand).
 */

#define MT_PAGE		20		/* the state's largest page */
#define MT_TODO_MAX	1000		/* steps kept in one poll */
#define MT_TERMINAL	"metrc-transfers"

enum mt_step { MT_INCOMING, MT_DELIVERIES, MT_PACKAGES };

static struct {
	struct server	*srv;
	CURLM		*multi;
	const char	*url;		/* metrc.c's, borrowed */
	const char	*licence;
	const char	*userpwd;
	long		 timeout;

	CURL		*easy;		/* the request in flight */
	struct curl_slist *hdrs;
	char		*req_url;
	struct buf	 reply;
	char		 errbuf[CURL_ERROR_SIZE];

	int64_t		 next;		/* µs: the next poll */
	json_t		*todo;		/* steps left in this poll */
	json_t		*step;		/* the one in flight */
	json_t		*data;		/* its pages so far */
	int		 page;
	int		 more;		/* next: a page, not a step */
	struct event	*go_ev;		/* the next request */
} mt;

static void	mt_run(void);

static size_t
mt_write_cb(char *p, size_t size, size_t n, void *arg)
{
	buf_add(&mt.reply, p, size * n);
	return (size * n);
}

static void
mt_free_req(void)
{
	if (mt.easy != NULL)
		curl_easy_cleanup(mt.easy);
	mt.easy = NULL;
	curl_slist_free_all(mt.hdrs);
	mt.hdrs = NULL;
	free(mt.req_url);
	mt.req_url = NULL;
	buf_free(&mt.reply);
}

/* The end of a poll, well or not: the next in metrc-transfers seconds. */
static void
mt_end(void)
{
	json_decref(mt.todo);
	json_decref(mt.step);
	json_decref(mt.data);
	mt.todo = mt.step = mt.data = NULL;
	mt.next = util_now() + options_number(mt.srv->opts,
	    "metrc-transfers") * 1000000;
}

/* Ask for a page of the step in flight. */
static void
mt_get(void)
{
	const char	*kind = json_string_value(json_object_get(mt.step,
			    "step"));
	json_int_t	 id = json_integer_value(json_object_get(mt.step,
			    "id"));
	char		*lic, path[128];
	CURL		*e;

	if (strcmp(kind, "incoming") == 0)
		strlcpy(path, "/transfers/v2/incoming", sizeof path);
	else if (strcmp(kind, "deliveries") == 0)
		snprintf(path, sizeof path, "/transfers/v2/%lld/deliveries",
		    (long long)id);
	else
		snprintf(path, sizeof path,
		    "/transfers/v2/deliveries/%lld/packages", (long long)id);
	/*
	 * Only the incoming list is scoped to the licence: a transfer's
	 * deliveries and a delivery's packages take no licenseNumber (the
	 * v2 descriptions give them none), only the page.
	 */
	if (strcmp(kind, "incoming") == 0) {
		lic = curl_easy_escape(NULL, mt.licence, 0);
		xasprintf(&mt.req_url, "%s%s?licenseNumber=%s&pageNumber=%d&"
		    "pageSize=%d", mt.url, path, lic, mt.page, MT_PAGE);
		curl_free(lic);
	} else
		xasprintf(&mt.req_url, "%s%s?pageNumber=%d&pageSize=%d",
		    mt.url, path, mt.page, MT_PAGE);
	buf_init(&mt.reply);
	mt.errbuf[0] = '\0';
	if ((mt.easy = e = curl_easy_init()) == NULL)
		fatalx("curl_easy_init failed");
	curl_easy_setopt(e, CURLOPT_URL, mt.req_url);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, mt.errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, mt_write_cb);
	metrc_conf_easy(e, mt.userpwd, mt.timeout);
	mt.hdrs = curl_slist_append(NULL, "Accept: application/json");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, mt.hdrs);
	log_debug("metrc: %s", mt.req_url);
	metrc_rate_note();	/* the licence's request rate counts it */
	if (curl_multi_add_handle(mt.multi, e) != CURLM_OK)
		fatalx("curl_multi_add_handle failed");
}

/* Write op: the delivery in ctx->data becomes a manifest. */
static int
mt_create(struct op_ctx *ctx)
{
	json_t			*d = ctx->data, *packages, *p;
	struct manifest		 m;
	struct manifest_line	*lines, *l;
	struct product		 pr;
	const char		*label, *item, *batch;
	char			*cause = NULL;
	enum intake_err		 e;
	size_t			 i, n;
	int			 made;

	memset(&m, 0, sizeof m);
	strlcpy(m.number, json_string_value(json_object_get(d, "manifest")),
	    sizeof m.number);
	strlcpy(m.supplier, json_string_value(json_object_get(d,
	    "supplier")), sizeof m.supplier);
	snprintf(m.note, sizeof m.note, "Metrc transfer delivery %lld",
	    (long long)json_integer_value(json_object_get(d, "id")));
	packages = json_object_get(d, "packages");
	n = json_array_size(packages);
	lines = xcalloc(n, sizeof *lines);
	json_array_foreach(packages, i, p) {
		l = &lines[i];
		label = json_string_value(json_object_get(p, "PackageLabel"));
		item = json_string_value(json_object_get(p, "ItemName"));
		/* The state's word for a batch (null when it has none). */
		batch = json_string_value(json_object_get(p,
		    "ProductionBatchNumber"));
		if (label == NULL || strlen(label) != TAG_LEN) {
			xasprintf(&cause, "package %zu has no tag", i + 1);
			goto fail;
		}
		if (item == NULL || intake_product_named(ctx->txn, item, &pr) != 0) {
			xasprintf(&cause, "package %s: no product named \"%s\" "
			    "here", label, item != NULL ? item : "");
			goto fail;
		}
		strlcpy(l->tag, label, sizeof l->tag);
		util_tag_upper(l->tag);
		strlcpy(l->sku, pr.sku, sizeof l->sku);
		strlcpy(l->batch, batch != NULL ? batch : "", sizeof l->batch);
		/* For its lab results once received (metrc-lab.c). */
		if (json_integer_value(json_object_get(p, "PackageId")) > 0)
			l->state_id = json_integer_value(json_object_get(p,
			    "PackageId"));
		if ((l->shipped = metrc_payload_shipped(p,
		    pr.unit_weight)) <= 0) {
			xasprintf(&cause, "package %s: a quantity that cannot "
			    "be read", label);
			goto fail;
		}
	}
	e = intake_create_once(ctx->txn, &m, lines, (u_int)n, MT_TERMINAL,
	    &made, &cause);
	free(lines);
	if (e == INTAKE_OK && !made) {
		ctx->result = json_object();
		return (0);
	}
	if (e != INTAKE_OK) {
		log_warnx("metrc: transfer manifest %s: %s", m.number, cause);
		op_error(ctx, intake_err_code(e), "%s", cause);
		free(cause);
		return (-1);
	}
	log_info("metrc: incoming transfer: manifest %s from %s, %zu "
	    "package%s", m.number, m.supplier, n, n == 1 ? "" : "s");
	ctx->result = json_pack("{s:s, s:i}", "manifest", m.number,
	    "packages", (int)n);
	return (0);

fail:
	free(lines);
	log_warnx("metrc: transfer manifest %s not made: %s", m.number, cause);
	op_error(ctx, "not-found", "%s", cause);
	free(cause);
	return (-1);
}

static void
mt_ctx_free(void *arg)
{
	json_decref(arg);
}

/* The manifest is written through the group commit. */
static void
mt_write(json_t *delivery)
{
	batch_write(mt.srv, "intake.create", mt_create, delivery, mt_ctx_free,
	    NULL);
}

/* A whole step has come: what it leads to. */
static void
mt_step_done(void)
{
	const char	*kind = json_string_value(json_object_get(mt.step,
			    "step"));
	const char	*manifest, *supplier;
	json_t		*o, *d;
	char		 number[MANIFEST_MAX + 1];
	size_t		 i;

	if (strcmp(kind, "incoming") == 0) {
		json_array_foreach(mt.data, i, o) {
			manifest = json_string_value(json_object_get(o,
			    "ManifestNumber"));
			supplier = json_string_value(json_object_get(o,
			    "ShipperFacilityLicenseNumber"));
			if (manifest == NULL || supplier == NULL ||
			    *manifest == '\0' || strlen(manifest) >
			    MANIFEST_MAX - 4 || json_is_true(json_object_get(o,
			    "IsVoided")) || json_array_size(mt.todo) >=
			    MT_TODO_MAX)
				continue;
			json_array_append_new(mt.todo, json_pack("{s:s, s:I, "
			    "s:s, s:s}", "step", "deliveries", "id",
			    json_integer_value(json_object_get(o, "Id")),
			    "manifest", manifest, "supplier", supplier));
		}
	} else if (strcmp(kind, "deliveries") == 0) {
		json_array_foreach(mt.data, i, o) {
			manifest = json_string_value(json_object_get(mt.step,
			    "manifest"));
			if (i == 0)
				strlcpy(number, manifest, sizeof number);
			else
				snprintf(number, sizeof number, "%s-%zu",
				    manifest, i + 1);
			if (intake_manifest_have(mt.srv->st, number) != 0 || json_array_size(mt.todo) >=
			    MT_TODO_MAX)
				continue;	/* made, or cannot say */
			json_array_append_new(mt.todo, json_pack("{s:s, s:I, "
			    "s:s, s:O}", "step", "packages", "id",
			    json_integer_value(json_object_get(o, "Id")),
			    "manifest", number, "supplier",
			    json_object_get(mt.step, "supplier")));
		}
	} else if (json_array_size(mt.data) != 0) {
		d = json_pack("{s:O, s:O, s:O, s:O}", "id",
		    json_object_get(mt.step, "id"), "manifest",
		    json_object_get(mt.step, "manifest"), "supplier",
		    json_object_get(mt.step, "supplier"), "packages", mt.data);
		mt_write(d);
	}
	json_decref(mt.step);
	json_decref(mt.data);
	mt.step = mt.data = NULL;
}

/* Take the next step, or end the poll. */
static void
mt_run(void)
{
	if (mt.srv->quit || json_array_size(mt.todo) == 0) {
		mt_end();
		return;
	}
	mt.step = json_incref(json_array_get(mt.todo, 0));
	json_array_remove(mt.todo, 0);
	mt.data = json_array();
	mt.page = 1;
	mt_get();
}

static void
mt_go_cb(evutil_socket_t fd, short what, void *arg)
{
	if (mt.more) {
		mt.more = 0;
		mt_get();
	} else
		mt_run();
}

/*
 * The next request goes on the multi from the event loop, not from inside
 * metrc_curl_check: the drainer's socket callback would take curl's
 * timer away from a request added there.
 */
static void
mt_go(void)
{
	struct timeval	tv = { 0, 0 };

	if (mt.go_ev == NULL)
		mt.go_ev = evtimer_new(mt.srv->base, mt_go_cb, NULL);
	evtimer_add(mt.go_ev, &tv);
}

/*
 * Is this finished request ours? If so it is taken off the multi and
 * answered, and 1 is returned; metrc_curl_check (metrc-curl.c) asks
 * first.
 */
int
metrc_transfers_done(struct CURLMsg *msg)
{
	long		 status = 0;
	int		 pages, r;

	if (mt.easy == NULL || msg->easy_handle != mt.easy)
		return (0);
	curl_multi_remove_handle(mt.multi, mt.easy);
	curl_easy_getinfo(mt.easy, CURLINFO_RESPONSE_CODE, &status);
	if (msg->data.result != CURLE_OK || status != 200) {
		log_warnx("metrc: incoming transfers: %s", msg->data.result !=
		    CURLE_OK ? (*mt.errbuf != '\0' ? mt.errbuf :
		    curl_easy_strerror(msg->data.result)) : "the state "
		    "refused the request");
		if (msg->data.result == CURLE_OK)
			log_debug("metrc: HTTP %ld from %s", status,
			    mt.req_url);
		mt_free_req();
		mt_end();
		return (1);
	}
	r = metrc_payload_list(&mt.reply, mt.data, &pages);
	mt_free_req();
	if (r != 0) {
		log_warnx("metrc: incoming transfers: a reply that cannot be "
		    "read");
		mt_end();
		return (1);
	}
	if (mt.page < pages && mt.page < MT_TODO_MAX / MT_PAGE) {
		mt.page++;
		mt.more = 1;
	} else {
		mt_step_done();
		mt.more = 0;
	}
	mt_go();
	return (1);
}

/*
 * The drainer's tick: start a poll when one is due and none is running.
 * Never waits: the requests go on the drainer's curl multi.
 */
void
metrc_transfers_poll(struct server *srv, void *multi, const char *url,
    const char *licence, const char *userpwd, long timeout)
{
	mt.srv = srv;
	mt.multi = multi;
	mt.url = url;
	mt.licence = licence;
	mt.userpwd = userpwd;
	mt.timeout = timeout;
	if (options_number(srv->opts, "metrc-transfers") == 0 ||
	    mt.easy != NULL || mt.todo != NULL || mt.step != NULL ||
	    srv->quit || util_now() < mt.next)
		return;
	mt.todo = json_pack("[{s:s, s:i}]", "step", "incoming", "id", 0);
	mt_run();
}
