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

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "rules.h"
#include "order.h"
#include "reply.h"
#include "trip.h"
#include "inventory.h"

/*
 * Orders from the shell, through the domain functions of the protocol's
 * order.* ops (order.c): "order create --json" reads the order.create
 * document on stdin and places it with order_create, checked and priced
 * as stashd would, with the zones, expiry and rules of stashd's
 * configuration (--config, else the installed stash.conf when there is
 * one). Written as stashctl's, in one transaction with its audit record.
 */

#define CTL_ORDER_INPUT_MAX	(1024 * 1024)


static int
ctl_order_id(const char *s, uint64_t *id)
{
	const char	*errstr;
	char		 c[48];

	*id = (uint64_t)util_strtonum(s, 1, INT64_MAX, &errstr);
	if (errstr != NULL) {
		stashctl_error("%s is not an order number",
		    stashctl_clean(s, c, sizeof c));
		return (-1);
	}
	return (0);
}

/* stashd's settings for orders: zones, expiry, the rules. */
int
ctl_order_config(struct ctl *ctl, struct ctl_args *args, struct options **opts,
    struct order_conf *c)
{
	const char	*conf, *local;
	char		*cause = NULL, id[16];

	if (ctl_settings_config(args, opts, &conf) != 0 ||
	    ctl_settings_ledger(ctl, *opts) != 0)
		return (-1);
	memset(c, 0, sizeof *c);
	if (order_zones_parse(options_string(*opts, "store-location"),
	    options_string(*opts, "delivery-zones"), c, &cause) != 0) {
		stashctl_error("%s: %s", conf, cause);
		free(cause);
		return (-1);
	}
	c->expiry = options_number(*opts, "order-expiry");
	c->fee_taxed = options_string(*opts, ORDER_FEE_TAXED);
	c->state = ctl->info.state;
	c->tz = ctl->info.tz;
	if (!options_number(*opts, "limits"))
		return (0);
	snprintf(id, sizeof id, "US-%s", ctl->info.state);
	if ((c->rules = rules_find(rules_dir(options_string(*opts, "rules-dir")), id,
	    &cause)) == NULL) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	local = options_string(*opts, "tax-local");
	if (*local != '\0' && rules_tax_local(c->rules, local, &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		rules_free(c->rules);
		c->rules = NULL;
		return (-1);
	}
	return (0);
}

struct ctl_order_create {
	struct order_conf	 conf;
	struct order_request	 rq;
	struct order		 o;
	int			 replayed;
};

static int
ctl_order_create_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_order_create	*cc = arg;
	enum order_err		 e;
	char			*why = NULL;

	e = order_create(t, &cc->conf, &cc->rq, &cc->o, &cc->replayed, &why);
	if (e == ORDER_OK)
		return (0);
	xasprintf(cause, "order refused (%s): %s", order_err_code(e), why);
	free(why);
	return (-1);
}

int
ctl_order_create(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_order_create	*cc;
	struct options		*opts = NULL;
	json_t			*doc;
	char			*cause = NULL;
	int			 r = -1;

	/* --json (anywhere on the line): the document in, the order out. */
	if (!ctl->json) {
		stashctl_error("order create: give --json and the order "
		    "document on standard input (doc/protocol.md, "
		    "order.create)");
		return (-1);
	}
	cc = xcalloc(1, sizeof *cc);
	if ((doc = stashctl_read_json(CTL_ORDER_INPUT_MAX, &cause)) == NULL) {
		stashctl_error("order create: %s", cause);
		free(cause);
		goto out;
	}
	if (order_parse(doc, &cc->rq, &cause) != 0) {
		stashctl_error("order refused (bad-request): %s", cause);
		free(cause);
		goto out;
	}
	if (ctl_order_config(ctl, args, &opts, &cc->conf) != 0)
		goto out;
	cc->rq.staff = 0;
	cc->rq.terminal = CTL_AUDIT_WHO;
	if (stashctl_write(ctl, ctl_order_create_cb, cc) != 0)
		goto out;
	stashctl_json_print(json_pack("{s:o, s:b}", "order",
	    reply_order(&cc->o), "replayed", cc->replayed));
	r = 0;
out:
	if (cc->conf.rules != NULL)
		rules_free(cc->conf.rules);
	if (opts != NULL)
		options_free(opts);
	json_decref(doc);
	free(cc);
	return (r);
}

static void
ctl_order_line(FILE *f, struct ctl *ctl, const struct order *o)
{
	char	a[32], w[32];

	money_fmt(o->total, a, sizeof a);
	stashctl_time(ctl, o->window_start, w, sizeof w);
	fprintf(f, "%6llu  %-9s  %-8s  %8u  %10s  %s\n",
	    (unsigned long long)o->id, store_order_status_name(o->status),
	    store_order_channel_name(o->channel), o->customer, a, w);
}

static void
ctl_order_list_cb(const struct order *o, void *arg)
{
	struct stashctl_list	*l = arg;

	if (l->arr != NULL)
		json_array_append_new(l->arr, reply_order(o));
	else
		ctl_order_line(l->f, l->ctl, o);
}

int
ctl_order_list(struct ctl *ctl, struct ctl_args *args)
{
	struct stashctl_list	 l;
	const char		*s;
	int64_t			 limit = 50;
	uint64_t		 next;
	int			 status = 0;

	if ((s = stashctl_opt(args, "status")) != NULL &&
	    (status = store_order_status_find(s)) == -1) {
		stashctl_error("--status is one of new, packing, packed, "
		    "assigned, out, delivered, failed, returned, cancelled, "
		    "expired");
		return (-1);
	}
	if (stashctl_limit(args, &limit) != 0)
		return (-1);
	if (stashctl_list_begin(ctl, &l, "    ID  STATUS     CHANNEL   "
	    "CUSTOMER       TOTAL  WINDOW FROM\n") != 0)
		return (-1);
	order_list(&l.t, status, 0, (u_int)limit, ctl_order_list_cb, &l,
	    &next);
	return (stashctl_list_end(&l));
}

/*
 * The order an argument names, read in a read transaction t left open for
 * the caller to end; NULL having said why (a bad number, no such order).
 */
static struct order *
ctl_order_open(struct ctl *ctl, const char *arg, struct store_txn *t)
{
	struct order	*o;
	uint64_t	 id;
	char		*cause = NULL;

	if (ctl_order_id(arg, &id) != 0)
		return (NULL);
	if (store_begin(ctl->st, t, 0) != 0) {
		stashctl_error("%s", t->err);
		return (NULL);
	}
	o = xmalloc(sizeof *o);
	if (order_get(t, id, o, &cause) != ORDER_OK) {
		store_abort(t);
		stashctl_error("%s", cause);
		free(cause);
		free(o);
		return (NULL);
	}
	return (o);
}

int
ctl_order_show(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct order		*o;
	u_int			 i;
	char			 a[32], b[32], c[32], w1[32], w2[32];

	if ((o = ctl_order_open(ctl, args->argv[0], &t)) == NULL)
		return (-1);
	store_abort(&t);
	if (ctl->json) {
		stashctl_json_print(reply_order(o));
		free(o);
		return (0);
	}
	printf("order %llu (ref %s): %s, %s for customer %u",
	    (unsigned long long)o->id, o->ref,
	    store_order_status_name(o->status),
	    store_order_channel_name(o->channel), o->customer);
	if (o->patient != 0)
		printf(" (patient %u)", o->patient);
	printf("\nwindow %s to %s\n", stashctl_time(ctl, o->window_start, w1,
	    sizeof w1), stashctl_time(ctl, o->window_end, w2, sizeof w2));
	if (o->channel == ORDER_DELIVERY)
		printf("to %s, %s %s %s: zone %u, %lld m from the store\n",
		    o->street, o->city, o->state, o->zip, o->zone,
		    (long long)o->distance);
	for (i = 0; i < o->nlines; i++) {
		stashctl_qty(o->lines[i].unit_weight, o->lines[i].qty, a,
		    sizeof a);
		money_fmt(o->lines[i].total, b, sizeof b);
		printf("  %-40s %10s %10s\n", o->lines[i].name, a, b);
	}
	money_fmt(o->tax, a, sizeof a);
	money_fmt(o->fee, b, sizeof b);
	money_fmt(o->total, c, sizeof c);
	printf("tax %s%s, fee %s, total %s\n", a, o->tax_included ?
	    " (included)" : "", b, c);
	if (o->notes[0] != '\0')
		printf("notes: %s\n", o->notes);
	for (i = 0; i < o->nhistory; i++)
		printf("  %s  %-9s  staff %u at %s%s%s\n", stashctl_time(ctl,
		    o->history[i].time, w1, sizeof w1),
		    store_order_status_name(o->history[i].status),
		    o->history[i].staff, o->history[i].terminal,
		    o->history[i].reason[0] != '\0' ? ": " : "",
		    o->history[i].reason);
	free(o);
	return (0);
}

struct ctl_order_cancel {
	uint64_t	 id;
	const char	*reason;
	struct order	 o;
};

static int
ctl_order_cancel_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_order_cancel	*cc = arg;

	return (order_cancel(t, cc->id, 0, CTL_AUDIT_WHO, cc->reason, 0,
	    &cc->o, cause) == ORDER_OK ? 0 : -1);
}

int
ctl_order_cancel(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_order_cancel	*cc;
	char			*cause = NULL;
	const char		*reason;
	int			 r = -1;

	if ((reason = stashctl_opt(args, "reason")) == NULL ||
	    *reason == '\0') {
		stashctl_error("order cancel: give --reason TEXT");
		return (-1);
	}
	if (stashctl_text_valid(reason, ORDER_REASON_MAX, "--reason",
	    &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	cc = xcalloc(1, sizeof *cc);
	cc->reason = reason;
	if (ctl_order_id(args->argv[0], &cc->id) == 0 &&
	    stashctl_write(ctl, ctl_order_cancel_cb, cc) == 0) {
		if (ctl->json)
			stashctl_json_print(reply_order(&cc->o));
		else
			printf("order %llu cancelled: its stock is "
			    "released\n", (unsigned long long)cc->id);
		r = 0;
	}
	free(cc);
	return (r);
}

/* --- packing: pack.c, as order.pick, order.pack and order.seal --- */

static void
ctl_order_pick_cb(const struct pack_row *r, void *arg)
{
	struct ctl	*ctl = arg;
	char		 q[32], f[32];

	stashctl_qty(r->ol->unit_weight, r->pk->qty, q, sizeof q);
	stashctl_qty(r->ol->unit_weight, r->free, f, sizeof f);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:i, s:s, s:s, s:I, s:I, s:b}",
		    "line", (int)r->line + 1, "tag", r->pk->tag, "location",
		    r->pk->location, "qty", (json_int_t)r->pk->qty, "free",
		    (json_int_t)r->free, "first", r->fefo));
	else
		printf("%4u  %s  %-14s %10s %10s%s\n", r->line + 1, r->pk->tag,
		    r->pk->location, q, f, r->fefo ? "  first" : "");
}

/* order pick ORDER: each line's sellable packages, first to take marked. */
int
ctl_order_pick(struct ctl *ctl, struct ctl_args *args)
{
	struct store_txn	 t;
	struct order		*o;
	char			*cause = NULL, q[32];
	u_int			 i;
	enum order_err		 e;

	if ((o = ctl_order_open(ctl, args->argv[0], &t)) == NULL)
		return (-1);
	if (!ctl->json) {
		for (i = 0; i < o->nlines; i++) {
			stashctl_qty(o->lines[i].unit_weight, pack_need(o, i),
			    q, sizeof q);
			printf("line %u: %s, %s to pick\n", i + 1,
			    o->lines[i].name, q);
		}
		printf("LINE  TAG                       LOCATION             "
		    "QTY       FREE\n");
	}
	e = pack_list(&t, o->id, ctl_order_pick_cb, ctl, o, &cause);
	store_abort(&t);
	free(o);
	if (e != ORDER_OK) {
		stashctl_error("%s", cause != NULL ? cause : "pick list failed");
		free(cause);
		return (-1);
	}
	return (0);
}

struct ctl_order_pack {
	uint64_t		 id;
	char			 tag[TAG_LEN + 1];
	int64_t			 weight;
	int			 weighed;
	struct order		 o;
	struct pack_label	 l;
};

static int
ctl_order_pack_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_order_pack	*cp = arg;

	return (pack_scan(t, cp->id, cp->tag, cp->weight, cp->weighed, 0,
	    CTL_AUDIT_WHO, &cp->o, cause) == ORDER_OK ? 0 : -1);
}

/* order pack ORDER TAG [--weight MG --weight-source scale|typed] */
int
ctl_order_pack(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_order_pack	*cp;
	const char		*s, *errstr;
	char			 c[48];
	int			 r = -1;

	cp = xcalloc(1, sizeof *cp);
	if (ctl_order_id(args->argv[0], &cp->id) != 0)
		goto out;
	if (strlcpy(cp->tag, args->argv[1], sizeof cp->tag) == TAG_LEN)
		util_tag_upper(cp->tag);
	if (strlen(args->argv[1]) != TAG_LEN || !util_tag_valid(cp->tag)) {
		stashctl_error("%s is not a package tag (24 characters 0-9, "
		    "A-F)", stashctl_clean(args->argv[1], c, sizeof c));
		goto out;
	}
	if ((s = stashctl_opt(args, "weight")) != NULL) {
		cp->weight = util_strtonum(s, 1, INVENTORY_MG_MAX, &errstr);
		if (errstr != NULL) {
			stashctl_error("--weight is milligrams, 1 to %lld",
			    (long long)INVENTORY_MG_MAX);
			goto out;
		}
		s = stashctl_opt(args, "weight-source");
		if (s == NULL || (cp->weighed = store_adjust_weighed_find(s)) ==
		    -1 || cp->weighed == ADJUST_WEIGHED_NONE) {
			stashctl_error("a weight says where it came from: "
			    "--weight-source scale or typed");
			goto out;
		}
	}
	if (stashctl_write(ctl, ctl_order_pack_cb, cp) != 0)
		goto out;
	if (ctl->json)
		stashctl_json_print(reply_order(&cp->o));
	else
		printf("order %llu: %s packed (%s)\n",
		    (unsigned long long)cp->id, cp->tag,
		    store_order_status_name(cp->o.status));
	r = 0;
out:
	free(cp);
	return (r);
}

static int
ctl_order_seal_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_order_pack	*cp = arg;

	return (pack_seal(t, cp->id, 0, CTL_AUDIT_WHO, 0, &cp->o, &cp->l,
	    cause) == ORDER_OK ? 0 : -1);
}

/* order seal ORDER: the packer (stashctl) recorded, the bag label out. */
int
ctl_order_seal(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_order_pack	*cp;
	char			 lines[8][PACK_LABEL_COLS + 1];
	json_t			*a;
	u_int			 n, i;
	int			 r = -1;

	cp = xcalloc(1, sizeof *cp);
	if (ctl_order_id(args->argv[0], &cp->id) != 0 ||
	    stashctl_write(ctl, ctl_order_seal_cb, cp) != 0)
		goto out;
	n = pack_label_lines(&cp->l, ctl->info.tz, lines, 8);
	if (ctl->json) {
		a = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(a, json_string(lines[i]));
		stashctl_json_print(json_pack("{s:o, s:o}", "order",
		    reply_order(&cp->o), "label", a));
	} else {
		printf("order %llu sealed: %u packages in the bag\n",
		    (unsigned long long)cp->id, cp->l.packages);
		for (i = 0; i < n; i++)
			printf("  %s\n", lines[i]);
	}
	r = 0;
out:
	free(cp);
	return (r);
}
