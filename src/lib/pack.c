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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stash.h"
#include "store.h"
#include "inventory.h"
#include "trip.h"
#include "notify.h"

/*
 * Packing: an order goes new -> packing -> packed. The pick list offers,
 * line by line, the product's sellable packages with what no other order
 * has picked of them, first expiring first (FEFO), then oldest received.
 * Each scan takes one package into one line (the packer weighs a line
 * sold by weight); the pick is kept on the order and, by package, in the
 * pick table, so the register sells only the rest of that package.
 * Sealing records the packer and gives the bag label's fields; a pickup
 * order then waits in the door queue for the customer to pay.
 */

/* First expiring first (no date last), then oldest received, then tag. */
int
pack_fefo_cmp(const struct package *a, const struct package *b)
{
	int	ea = a->expires != 0 ? a->expires : 99999999;
	int	eb = b->expires != 0 ? b->expires : 99999999;

	if (ea != eb)
		return (ea < eb ? -1 : 1);
	if (a->received != b->received)
		return (a->received < b->received ? -1 : 1);
	return (strcmp(a->tag, b->tag));
}

/* What line still needs: its quantity less what is picked into it. */
int64_t
pack_need(const struct order *o, u_int line)
{
	int64_t	need = o->lines[line].qty;
	u_int	i;

	for (i = 0; i < o->npicks; i++) {
		if (o->picks[i].line == line)
			need -= o->picks[i].qty;
	}
	return (need < 0 ? 0 : need);
}

/*
 * How much one scan takes: a line by the unit takes what it needs, up to
 * what the package has free; a line by weight takes the scale's weight,
 * which must be there and fit both. 0 with *take, or -1 with *why.
 */
int
pack_take(int unit_weight, int64_t need, int64_t avail, int64_t weight,
    int64_t *take, const char **why)
{
	*take = 0;
	if (need <= 0) {
		*why = "the line is already filled";
		return (-1);
	}
	if (avail <= 0) {
		*why = "nothing of the package is free: other orders have "
		    "picked all of it";
		return (-1);
	}
	if (!unit_weight) {
		if (weight != 0) {
			*why = "a line sold by the unit takes no weight";
			return (-1);
		}
		*take = need < avail ? need : avail;
		return (0);
	}
	if (weight <= 0) {
		*why = "a line sold by weight needs the weight from the scale "
		    "(mg)";
		return (-1);
	}
	if (weight > need) {
		*why = "the weight is more than the line still needs";
		return (-1);
	}
	if (weight > avail) {
		*why = "the weight is more than the package has free";
		return (-1);
	}
	*take = weight;
	return (0);
}

static enum order_err
pack_open(struct store_txn *t, uint64_t id, struct order *o, char **cause)
{
	enum order_err	e;

	if ((e = order_get(t, id, o, cause)) != ORDER_OK)
		return (e);
	if (o->status != ORDER_NEW && o->status != ORDER_PACKING) {
		xasprintf(cause, "order %llu is %s: only a new order or one "
		    "being packed can be packed", (unsigned long long)id,
		    store_order_status_name(o->status));
		return (ORDER_E_CONFLICT);
	}
	return (ORDER_OK);
}

#define PACK_LIST_MAX	256	/* packages a line offers */

/* The pick list of an order: cb with each row, line by line. */
enum order_err
pack_list(struct store_txn *t, uint64_t id,
    void (*cb)(const struct pack_row *, void *), void *arg, struct order *o,
    char **cause)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct package		*pks, tmp;
	struct product		 p;
	struct pack_row		 row;
	char			 tag[TAG_LEN + 1], *why;
	u_int			 line, n, i, j;
	enum order_err		 e;

	if ((e = order_get(t, id, o, cause)) != ORDER_OK)
		return (e);
	pks = xcalloc(PACK_LIST_MAX, sizeof *pks);
	for (line = 0; line < o->nlines; line++) {
		n = 0;
		if (store_product_get(t, o->lines[line].product, &p) != 0)
			continue;
		store_key_init(&k);
		store_key_u32(&k, p.id);
		store_iter_init(t, &it, DB_PACKAGE_PRODUCT, k.data, k.len, 0);
		while (n < PACK_LIST_MAX && store_iter_next(&it)) {
			if (it.klen != 4 + TAG_LEN)
				continue;
			memcpy(tag, it.key + 4, TAG_LEN);
			tag[TAG_LEN] = '\0';
			if (store_package_get(t, tag, &pks[n]) != 0 ||
			    pks[n].qty <= 0)
				continue;
			why = NULL;
			if (inventory_sellable(t, &pks[n], &p, &why) != 0) {
				free(why);
				continue;
			}
			n++;
		}
		store_iter_done(&it);
		/* Insertion sort: a line offers a few packages. */
		for (i = 1; i < n; i++) {
			tmp = pks[i];
			for (j = i; j > 0 && pack_fefo_cmp(&tmp,
			    &pks[j - 1]) < 0; j--)
				pks[j] = pks[j - 1];
			pks[j] = tmp;
		}
		for (i = 0; i < n && t->ret == 0; i++) {
			memset(&row, 0, sizeof row);
			row.line = line;
			row.ol = &o->lines[line];
			row.need = pack_need(o, line);
			row.pk = &pks[i];
			row.free = pks[i].qty - store_pick_sum(t, pks[i].tag,
			    o->id);
			row.fefo = i == 0;
			cb(&row, arg);
		}
	}
	free(pks);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/*
 * A scanned package into the order's line of its product. Refused, with
 * what is wrong: another product, not sellable (held, recalled, failed,
 * not on the floor), already in this order, all of it picked by other
 * orders, the line full, a weight missing or too much.
 */
enum order_err
pack_scan(struct store_txn *t, uint64_t id, const char *tag, int64_t weight,
    int weighed, uint32_t staff, const char *terminal, struct order *o,
    char **cause)
{
	struct order	*old;
	struct package	 pk;
	struct product	 p;
	struct order_pick *pick;
	const char	*why;
	char		 subj[32], a[32];
	int64_t		 mine, others, take;
	u_int		 line, i;
	int		 r;
	enum order_err	 e;

	if ((e = pack_open(t, id, o, cause)) != ORDER_OK)
		return (e);
	if ((r = store_package_get(t, tag, &pk)) == STORE_NOTFOUND) {
		xasprintf(cause, "no package with tag %s", tag);
		return (ORDER_E_NOTFOUND);
	}
	if (r != 0 || store_product_get(t, pk.product, &p) != 0)
		return (order_store_err(t, cause));
	for (line = 0; line < o->nlines; line++) {
		if (o->lines[line].product == pk.product)
			break;
	}
	if (line == o->nlines) {
		xasprintf(cause, "package %s is %s, which order %llu does "
		    "not have: scan a package of one of its lines", tag,
		    p.name, (unsigned long long)id);
		return (ORDER_E_INVALID);
	}
	if (inventory_sellable(t, &pk, &p, cause) != 0)
		return (t->ret != 0 ? order_store_err(t, cause) :
		    ORDER_E_STOCK);
	for (i = 0; i < o->npicks; i++) {
		if (strcmp(o->picks[i].tag, tag) == 0) {
			xasprintf(cause, "package %s is already in this order "
			    "(line %u)", tag, o->picks[i].line + 1);
			return (ORDER_E_CONFLICT);
		}
	}
	if (o->npicks == ORDER_PICKS) {
		xasprintf(cause, "an order holds at most %d packages",
		    ORDER_PICKS);
		return (ORDER_E_INVALID);
	}
	others = store_pick_sum(t, tag, id);
	mine = store_pick_get(t, tag, id);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	if (pack_take(p.unit_weight, pack_need(o, line), pk.qty - others -
	    mine, p.unit_weight ? weight : 0, &take, &why) != 0) {
		if (pk.qty - others - mine <= 0)
			xasprintf(cause, "package %s (%s): it is already "
			    "picked for other orders", tag, p.name);
		else
			xasprintf(cause, "package %s (%s), line %u: %s", tag,
			    p.name, line + 1, why);
		return (ORDER_E_CONFLICT);
	}

	old = xmalloc(sizeof *old);
	*old = *o;
	pick = &o->picks[o->npicks++];
	memset(pick, 0, sizeof *pick);
	strlcpy(pick->tag, tag, sizeof pick->tag);
	pick->line = line;
	pick->qty = take;
	pick->weighed = p.unit_weight ? weighed : ADJUST_WEIGHED_NONE;
	store_pick_put(t, tag, id, mine + take);
	if (o->status == ORDER_NEW)
		order_history_add(o, ORDER_PACKING, util_now(), staff,
		    terminal, NULL);
	store_order_put(t, o, old);
	free(old);
	snprintf(subj, sizeof subj, "order %llu", (unsigned long long)id);
	if (p.unit_weight)
		weight_fmt(take, a, sizeof a);
	else
		snprintf(a, sizeof a, "%lld", (long long)take);
	audit_append(t, staff, 0, terminal, "order.pack", subj,
	    "tag=%s line=%u qty=%s%s%s", tag, line + 1, a,
	    p.unit_weight ? " weighed=" : "", p.unit_weight ?
	    store_adjust_weighed_name(pick->weighed) : "");
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/* Take a package back out of an order being packed. */
enum order_err
pack_unpack(struct store_txn *t, uint64_t id, const char *tag,
    uint32_t staff, const char *terminal, struct order *o, char **cause)
{
	struct order	*old;
	char		 subj[32];
	u_int		 i;
	enum order_err	 e;

	if ((e = pack_open(t, id, o, cause)) != ORDER_OK)
		return (e);
	for (i = 0; i < o->npicks; i++) {
		if (strcmp(o->picks[i].tag, tag) == 0)
			break;
	}
	if (i == o->npicks) {
		xasprintf(cause, "package %s is not in order %llu", tag,
		    (unsigned long long)id);
		return (ORDER_E_NOTFOUND);
	}
	old = xmalloc(sizeof *old);
	*old = *o;
	store_pick_put(t, tag, id, store_pick_get(t, tag, id) -
	    o->picks[i].qty);
	memmove(&o->picks[i], &o->picks[i + 1], (o->npicks - i - 1) *
	    sizeof o->picks[0]);
	o->npicks--;
	store_order_put(t, o, old);
	free(old);
	snprintf(subj, sizeof subj, "order %llu", (unsigned long long)id);
	audit_append(t, staff, 0, terminal, "order.unpack", subj, "tag=%s",
	    tag);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/*
 * Seal a packed order: every line filled to its quantity. The packer is
 * recorded and label has the bag label's fields; a pickup order joins
 * the door queue for the customer to pay at the counter.
 */
enum order_err
pack_seal(struct store_txn *t, uint64_t id, uint32_t staff,
    const char *terminal, int64_t now, struct order *o,
    struct pack_label *label, char **cause)
{
	struct order		*old;
	struct customer		 cu;
	struct queue_entry	 q;
	char			 subj[32], a[32], b[32];
	u_int			 line;
	enum order_err		 e;

	if ((e = pack_open(t, id, o, cause)) != ORDER_OK)
		return (e);
	for (line = 0; line < o->nlines; line++) {
		if (pack_need(o, line) == 0)
			continue;
		if (o->lines[line].unit_weight) {
			weight_fmt(pack_need(o, line), a, sizeof a);
			weight_fmt(o->lines[line].qty, b, sizeof b);
		} else {
			snprintf(a, sizeof a, "%lld",
			    (long long)pack_need(o, line));
			snprintf(b, sizeof b, "%lld",
			    (long long)o->lines[line].qty);
		}
		xasprintf(cause, "line %u (%s) still needs %s of %s: scan "
		    "another package", line + 1, o->lines[line].name, a, b);
		return (ORDER_E_CONFLICT);
	}
	if (now == 0)
		now = util_now();
	old = xmalloc(sizeof *old);
	*old = *o;
	o->packer = staff;
	o->sealed = now;
	order_history_add(o, ORDER_PACKED, now, staff, terminal, NULL);
	store_order_put(t, o, old);
	free(old);

	memset(label, 0, sizeof *label);
	label->order = o->id;
	strlcpy(label->ref, o->ref, sizeof label->ref);
	if (store_customer_get(t, o->customer, &cu) == 0)
		snprintf(label->name, sizeof label->name, "%s %.1s.",
		    cu.first, cu.last);
	else
		strlcpy(label->name, "?", sizeof label->name);
	label->lines = o->nlines;
	label->packages = o->npicks;
	label->sealed = now;
	label->packer = staff;
	label->pickup = o->channel == ORDER_PICKUP;

	memset(&q, 0, sizeof q);
	if (o->channel == ORDER_PICKUP) {
		q.customer = o->customer;
		q.order = o->id;
		q.added = now;
		q.status = QUEUE_WAITING;
		q.staff = staff;
		store_queue_put(t, &q);
	}
	order_notify(t, o, NOTIFY_PACKED, 0);
	snprintf(subj, sizeof subj, "order %llu", (unsigned long long)id);
	audit_append(t, staff, 0, terminal, "order.seal", subj,
	    "packer=%u packages=%u%s%llu", staff, o->npicks,
	    q.ticket != 0 ? " queue=" : "", (unsigned long long)q.ticket);
	if (t->ret != 0)
		return (order_store_err(t, cause));
	return (ORDER_OK);
}

/*
 * The bag label as lines of at most PACK_LABEL_COLS characters (a 2"
 * label at the printers' usual font), for ZPL or ESC/POS alike: the order
 * number large first, then the customer, the count of lines, when sealed
 * (tz: the store's). Returns how many lines.
 */
u_int
pack_label_lines(const struct pack_label *l, const char *tz,
    char out[][PACK_LABEL_COLS + 1], u_int max)
{
	char	when[32], line[5][160];
	u_int	n, i;

	util_time_str(l->sealed, tz, when, sizeof when);
	snprintf(line[0], sizeof line[0], "ORDER %llu",
	    (unsigned long long)l->order);
	snprintf(line[1], sizeof line[1], "%s", l->name);
	snprintf(line[2], sizeof line[2], "%u line%s, %u package%s",
	    l->lines, l->lines == 1 ? "" : "s", l->packages,
	    l->packages == 1 ? "" : "s");
	snprintf(line[3], sizeof line[3], "%s %s", l->pickup ? "PICKUP" :
	    "DELIVERY", l->ref);
	snprintf(line[4], sizeof line[4], "sealed %s", when);
	n = max < 5 ? max : 5;
	for (i = 0; i < n; i++)
		strlcpy(out[i], line[i], PACK_LABEL_COLS + 1);
	return (n);
}
