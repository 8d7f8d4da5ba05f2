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

#include <stdlib.h>
#include <string.h>

#include "store.h"

/*
 * Sales, keyed by number (which rises with time, so key order is time
 * order), with indexes by the terminal's ref (idempotent commits) and by
 * package tag (a recall finds every sale of a package).
 */

#define SALE_KIND	'L'
#define LINE_KIND	'l'
enum { SA_ID = 1, SA_REF, SA_TIME, SA_TERMINAL, SA_STAFF, SA_LINE,
    SA_SUBTOTAL, SA_TOTAL, SA_TENDERED, SA_CHANGE, SA_STATUS, SA_VOID_TIME,
    SA_VOID_STAFF, SA_VOID_APPROVER, SA_VOID_REASON, SA_CUSTOMER,
    SA_PATIENT, SA_CARD, SA_CARD_REF, SA_TAX, SA_TAX_INCLUDED, SA_DISCOUNT,
    SA_EARNED, SA_REDEEMED, SA_REFUNDED, SA_DRAWER, SA_FEE, SA_FEE_TAX,
    SA_CHANNEL, SA_CTYPE, SA_OVERRIDE };
enum { TX_NAME = 1, TX_PPM, TX_AMOUNT, TX_LABEL, TX_LEVEL, TX_PER_MG };
#define TAX_KIND	't'
enum { LN_TAG = 1, LN_PRODUCT, LN_NAME, LN_UNIT, LN_QTY, LN_PRICE, LN_TOTAL,
    LN_RETURNED, LN_TAX, LN_TYPED, LN_THC, LN_COST, LN_CATEGORY };
#define DISCOUNT_KIND	'd'
enum { DI_KIND = 1, DI_LINE, DI_PERCENT, DI_VALUE, DI_AMOUNT, DI_REASON,
    DI_APPROVER };

static const char *store_sale_discount_names[] = {
	[DISCOUNT_MEDICAL] = "medical",
	[DISCOUNT_SENIOR] = "senior",
	[DISCOUNT_VETERAN] = "veteran",
	[DISCOUNT_EMPLOYEE] = "employee",
	[DISCOUNT_ONEOFF] = "oneoff",
	[DISCOUNT_LOYALTY] = "loyalty",
};
#define DISCOUNT_MAX	DISCOUNT_LOYALTY

const char *
store_sale_discount_name(int kind)
{
	if (kind < 1 || kind > DISCOUNT_MAX)
		return ("unknown");
	return (store_sale_discount_names[kind]);
}

int
store_sale_discount_find(const char *name)
{
	int	i;

	for (i = 1; i <= DISCOUNT_MAX; i++) {
		if (strcmp(store_sale_discount_names[i], name) == 0)
			return (i);
	}
	return (-1);
}

static int
store_sale_decode_discount(const u_char *v, size_t vlen,
    struct sale_discount *d)
{
	struct codec	c;
	int64_t		kind = 0, line = 0, approver = 0;

	memset(d, 0, sizeof *d);
	if (codec_open(&c, v, vlen, DISCOUNT_KIND) != 0 ||
	    codec_get_i64(&c, DI_KIND, &kind) != 0 ||
	    codec_get_i64(&c, DI_LINE, &line) < 0 ||
	    codec_get_i64(&c, DI_PERCENT, &d->percent) < 0 ||
	    codec_get_i64(&c, DI_VALUE, &d->value) < 0 ||
	    codec_get_i64(&c, DI_AMOUNT, &d->amount) != 0 ||
	    codec_get_str(&c, DI_REASON, d->reason, sizeof d->reason) < 0 ||
	    codec_get_i64(&c, DI_APPROVER, &approver) < 0 ||
	    kind < 1 || kind > DISCOUNT_MAX || line < 0 ||
	    line > MAX_SALE_LINES || approver < 0 || approver > UINT32_MAX)
		return (-1);
	d->kind = (int)kind;
	d->line = (u_int)line;
	d->approver = (uint32_t)approver;
	return (0);
}

static int
store_sale_decode_line(const u_char *v, size_t vlen, struct sale_line *l)
{
	struct codec	c;
	int64_t		product = 0, unit = 0, typed = 0;

	memset(l, 0, sizeof *l);
	l->tax = -1;
	l->thc_mg = -1;
	l->cost = -1;
	if (codec_open(&c, v, vlen, LINE_KIND) != 0 ||
	    codec_get_str(&c, LN_TAG, l->tag, sizeof l->tag) != 0 ||
	    codec_get_i64(&c, LN_PRODUCT, &product) < 0 ||
	    codec_get_str(&c, LN_NAME, l->name, sizeof l->name) < 0 ||
	    codec_get_i64(&c, LN_UNIT, &unit) < 0 ||
	    codec_get_i64(&c, LN_QTY, &l->qty) < 0 ||
	    codec_get_i64(&c, LN_PRICE, &l->price) < 0 ||
	    codec_get_i64(&c, LN_TOTAL, &l->total) < 0 ||
	    codec_get_i64(&c, LN_RETURNED, &l->returned) < 0 ||
	    codec_get_i64(&c, LN_TAX, &l->tax) < 0 ||
	    codec_get_i64(&c, LN_TYPED, &typed) < 0 ||
	    codec_get_i64(&c, LN_THC, &l->thc_mg) < 0 ||
	    codec_get_i64(&c, LN_COST, &l->cost) < 0 ||
	    codec_get_str(&c, LN_CATEGORY, l->category,
	    sizeof l->category) < 0 ||
	    product < 0 || product > UINT32_MAX)
		return (-1);
	l->product = (uint32_t)product;
	l->unit_weight = unit != 0;
	l->typed = typed != 0;
	return (0);
}

int
store_sale_decode(const u_char *v, size_t vlen, struct sale *s)
{
	struct codec	 c;
	const u_char	*lv;
	size_t		 pos = 0, llen;
	int64_t		 id = 0, staff = 0, status = 0, vs = 0, va = 0;
	int64_t		 customer = 0, patient = 0, incl = 0, drawer = 0;
	int64_t		 channel = 0, ctype = 0, ova = 0;

	memset(s, 0, sizeof *s);
	if (codec_open(&c, v, vlen, SALE_KIND) != 0 ||
	    codec_get_i64(&c, SA_ID, &id) < 0 ||
	    codec_get_str(&c, SA_REF, s->ref, sizeof s->ref) < 0 ||
	    codec_get_i64(&c, SA_TIME, &s->time) < 0 ||
	    codec_get_str(&c, SA_TERMINAL, s->terminal,
	    sizeof s->terminal) < 0 ||
	    codec_get_i64(&c, SA_STAFF, &staff) < 0 ||
	    codec_get_i64(&c, SA_SUBTOTAL, &s->subtotal) < 0 ||
	    codec_get_i64(&c, SA_TOTAL, &s->total) < 0 ||
	    codec_get_i64(&c, SA_TENDERED, &s->tendered) < 0 ||
	    codec_get_i64(&c, SA_CHANGE, &s->change) < 0 ||
	    codec_get_i64(&c, SA_STATUS, &status) < 0 ||
	    codec_get_i64(&c, SA_VOID_TIME, &s->void_time) < 0 ||
	    codec_get_i64(&c, SA_VOID_STAFF, &vs) < 0 ||
	    codec_get_i64(&c, SA_VOID_APPROVER, &va) < 0 ||
	    codec_get_str(&c, SA_VOID_REASON, s->void_reason,
	    sizeof s->void_reason) < 0 ||
	    codec_get_i64(&c, SA_CUSTOMER, &customer) < 0 ||
	    codec_get_i64(&c, SA_PATIENT, &patient) < 0 ||
	    codec_get_i64(&c, SA_CARD, &s->card) < 0 ||
	    codec_get_str(&c, SA_CARD_REF, s->card_ref,
	    sizeof s->card_ref) < 0 ||
	    id <= 0 || customer < 0 || customer > UINT32_MAX || patient < 0 ||
	    patient > UINT32_MAX)
		return (-1);
	s->customer = (uint32_t)customer;
	s->patient = (uint32_t)patient;
	pos = 0;
	while (codec_next(&c, &pos, SA_TAX, &lv, &llen)) {
		struct codec	 tc;
		struct sale_tax	*tx;
		int64_t		 level = 1;	/* state, before levels */

		if (s->ntaxes == SALE_TAXES || codec_open(&tc, lv, llen,
		    TAX_KIND) != 0)
			return (-1);
		tx = &s->taxes[s->ntaxes++];
		if (codec_get_str(&tc, TX_NAME, tx->name,
		    sizeof tx->name) != 0 ||
		    codec_get_i64(&tc, TX_PPM, &tx->ppm) != 0 ||
		    codec_get_i64(&tc, TX_AMOUNT, &tx->amount) != 0 ||
		    codec_get_str(&tc, TX_LABEL, tx->label,
		    sizeof tx->label) < 0 ||
		    codec_get_i64(&tc, TX_LEVEL, &level) < 0 ||
		    codec_get_i64(&tc, TX_PER_MG, &tx->per_mg) < 0 ||
		    level < 0 || level > 4)
			return (-1);
		tx->level = (int)level;
		s->tax += tx->amount;
	}
	if (codec_get_i64(&c, SA_TAX_INCLUDED, &incl) < 0 ||
	    codec_get_i64(&c, SA_EARNED, &s->points_earned) < 0 ||
	    codec_get_i64(&c, SA_REDEEMED, &s->points_redeemed) < 0 ||
	    codec_get_i64(&c, SA_REFUNDED, &s->refunded) < 0 ||
	    codec_get_i64(&c, SA_DRAWER, &drawer) < 0 || drawer < 0 ||
	    codec_get_i64(&c, SA_FEE, &s->fee) < 0 || s->fee < 0 ||
	    codec_get_i64(&c, SA_FEE_TAX, &s->fee_tax) < 0 || s->fee_tax < 0 ||
	    codec_get_i64(&c, SA_CHANNEL, &channel) < 0 ||
	    codec_get_i64(&c, SA_CTYPE, &ctype) < 0 || channel < 0 ||
	    channel > ORDER_PICKUP || ctype < 0 || ctype > CUSTOMER_OOS_PATIENT ||
	    codec_get_i64(&c, SA_OVERRIDE, &ova) < 0 || ova < 0 ||
	    ova > UINT32_MAX)
		return (-1);
	s->override_approver = (uint32_t)ova;
	s->drawer = (uint64_t)drawer;
	s->channel = (int)channel;
	s->ctype = (int)ctype;
	s->tax_included = incl != 0;
	pos = 0;
	while (codec_next(&c, &pos, SA_DISCOUNT, &lv, &llen)) {
		if (s->ndiscounts == SALE_DISCOUNTS ||
		    store_sale_decode_discount(lv, llen,
		    &s->discounts[s->ndiscounts]) != 0)
			return (-1);
		s->discount += s->discounts[s->ndiscounts++].amount;
	}
	pos = 0;
	while (codec_next(&c, &pos, SA_LINE, &lv, &llen)) {
		if (s->nlines == MAX_SALE_LINES ||
		    store_sale_decode_line(lv, llen,
		    &s->lines[s->nlines]) != 0)
			return (-1);
		s->nlines++;
	}
	s->id = (uint64_t)id;
	s->staff = (uint32_t)staff;
	s->status = (int)status;
	s->void_staff = (uint32_t)vs;
	s->void_approver = (uint32_t)va;
	return (0);
}

int
store_sale_get(struct store_txn *t, uint64_t id, struct sale *s)
{
	const u_char	*v;
	size_t		 vlen;
	int		 r;

	if ((r = store_get_u64(t, DB_SALE, id, &v, &vlen)) != 0)
		return (r);
	if (store_sale_decode(v, vlen, s) != 0 || s->id != id)
		return (store_damaged(t, "sale", id));
	return (0);
}

/*
 * The refs of sales, in two tables. A ref is the terminal's, and a commit
 * of ~30 sales from ~30 terminals would add them to ~30 places in one
 * index keyed by ref, a leaf page each. So a new sale's ref goes to
 * sale.ref.recent, keyed by the block of its sale number first, where a
 * commit's refs are together; once a sale of a later block than the next
 * is written, the refs of the older blocks move to sale.ref (keyed by the
 * ref), a block's at once: each leaf of sale.ref is written once for the
 * ~256 refs of a block instead of once a commit. A ref is looked for in
 * both.
 */
static void
store_sale_ref_key(struct store_key *k, uint64_t block, const char *ref)
{
	store_key_init(k);
	store_key_u32(k, (uint32_t)block);
	store_key_str(k, ref);
}

/* The block of the first (last, with reverse) key of sale.ref.recent. */
static int
store_sale_ref_edge(struct store_txn *t, int reverse, uint64_t *block)
{
	struct store_iter	it;
	int			found = 0;

	store_iter_init(t, &it, DB_SALE_REF_RECENT, NULL, 0, reverse);
	if (store_iter_next(&it) && it.klen >= 4) {
		*block = store_key_get_u32(it.key);
		found = 1;
	}
	store_iter_done(&it);
	return (found);
}

int
store_sale_by_ref(struct store_txn *t, const char *ref, uint64_t *id)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	uint64_t		 b, lo, hi;
	int			 r;

	r = store_get_ref(t, DB_SALE_REF, ref, "sale ref", id);
	if (r != STORE_NOTFOUND)
		return (r);
	if (!store_sale_ref_edge(t, 0, &lo) || !store_sale_ref_edge(t, 1, &hi))
		return (t->ret != 0 ? t->ret : STORE_NOTFOUND);
	for (b = lo; b <= hi; b++) {
		store_sale_ref_key(&k, b, ref);
		if ((r = store_get(t, DB_SALE_REF_RECENT, k.data, k.len, &v,
		    &vlen)) == STORE_NOTFOUND)
			continue;
		if (r != 0)
			return (r);
		if (vlen != 8) {
			store_fail(t, STORE_CORRUPT, "sale ref index damaged");
			return (STORE_CORRUPT);
		}
		*id = store_key_get_u64(v);
		return (0);
	}
	return (t->ret != 0 ? t->ret : STORE_NOTFOUND);
}

/* Move the refs of the blocks before block to sale.ref. */
static void
store_sale_ref_move(struct store_txn *t, uint64_t block)
{
	struct store_iter	 it;
	struct store_key	 k;
	struct moved {
		u_char		 key[4 + 2 + MAX_REF];
		size_t		 klen;
		u_char		 id[8];
	}			*m = NULL;
	size_t			 n = 0, size = 0, i;

	store_iter_init(t, &it, DB_SALE_REF_RECENT, NULL, 0, 0);
	while (store_iter_next(&it)) {
		if (it.klen < 6 || it.klen > sizeof m[0].key ||
		    it.vlen != 8) {
			store_fail(t, STORE_CORRUPT, "sale ref index damaged");
			break;
		}
		if (store_key_get_u32(it.key) >= block)
			break;
		if (n == size) {
			size = size == 0 ? 512 : size * 2;
			m = xreallocarray(m, size, sizeof *m);
		}
		memcpy(m[n].key, it.key, it.klen);
		m[n].klen = it.klen;
		memcpy(m[n].id, it.val, 8);
		n++;
	}
	store_iter_done(&it);
	for (i = 0; i < n && t->ret == 0; i++) {
		store_del(t, DB_SALE_REF_RECENT, m[i].key, m[i].klen);
		/* The ref's key in sale.ref: what follows the block. */
		store_key_init(&k);
		memcpy(k.data, m[i].key + 4, m[i].klen - 4);
		k.len = m[i].klen - 4;
		store_put(t, DB_SALE_REF, k.data, k.len, m[i].id, 8);
	}
	free(m);
}

/* Index a new sale's ref: in sale.ref.recent, moving the older there. */
static void
store_sale_ref_add(struct store_txn *t, const struct sale *s)
{
	struct store_key	k, v;
	uint64_t		block = s->id >> STORE_SALE_BLOCK_SHIFT, lo;

	store_sale_ref_key(&k, block, s->ref);
	store_key_init(&v);
	store_key_u64(&v, s->id);
	store_put(t, DB_SALE_REF_RECENT, k.data, k.len, v.data, v.len);
	if (block >= 1 && store_sale_ref_edge(t, 0, &lo) && lo < block - 1)
		store_sale_ref_move(t, block - 1);
}

/* sale.tag's key of a block and a package, before the sale number. */
static void
store_sale_tag_key(struct store_key *k, uint64_t block, const char *tag)
{
	store_key_init(k);
	store_key_u32(k, (uint32_t)block);
	store_key_tag(k, tag);
}

/* A package's span of sales (sale.tag.span) widened to take sale *arg. */
static int
store_sale_span_update(const u_char *v, size_t vlen, struct buf *b,
    void *arg)
{
	uint64_t		id = *(uint64_t *)arg, first = id, last = id;
	struct store_key	k;

	if (v != NULL) {
		if (vlen != 16)
			return (-1);
		first = store_key_get_u64(v);
		last = store_key_get_u64(v + 8);
		if (id >= first && id <= last)
			return (-1);	/* already inside: nothing to write */
		if (id < first)
			first = id;
		if (id > last)
			last = id;
	}
	store_key_init(&k);
	store_key_u64(&k, first);
	store_key_u64(&k, last);
	buf_add(b, k.data, k.len);
	return (0);
}

/*
 * Index sale id under package tag: the entry in sale.tag, by the block of
 * sale numbers first, and the package's span of sales. The entries a sale
 * adds are in its block, beside those of the other sales of the same
 * commit, whatever packages they sold.
 */
void
store_sale_tag_add(struct store_txn *t, const char *tag, uint64_t id)
{
	struct store_key	k;
	const u_char		*v;
	size_t			 vlen;

	if ((id >> STORE_SALE_BLOCK_SHIFT) > UINT32_MAX) {
		store_fail(t, STORE_LIMIT, "sale %llu: too many sales for the "
		    "tag index", (unsigned long long)id);
		return;
	}
	store_sale_tag_key(&k, id >> STORE_SALE_BLOCK_SHIFT, tag);
	store_key_u64(&k, id);
	store_put(t, DB_SALE_TAG, k.data, k.len, "", 0);
	store_key_init(&k);
	store_key_tag(&k, tag);
	if (store_update(t, DB_SALE_TAG_SPAN, k.data, k.len,
	    store_sale_span_update, &id) != 0 && t->ret == 0 &&
	    store_get(t, DB_SALE_TAG_SPAN, k.data, k.len, &v, &vlen) == 0 &&
	    vlen != 16)
		store_fail(t, STORE_CORRUPT, "sale.tag.span of %s damaged",
		    tag);
}

/*
 * Walk the sales of package tag numbered above after, in number order: in
 * each block of its span, the entries of the package. A ledger of schema
 * 5 read without being opened for writing (not migrated) has the entries
 * keyed by the tag's characters and no span: walked as they are.
 */
void
store_sale_tags_init(struct store_txn *t, struct store_sale_tags *w,
    const char *tag, uint64_t after)
{
	struct store_key	 k;
	const u_char		*v;
	size_t			 vlen;
	uint64_t		 first, last;
	int64_t			 schema;

	memset(w, 0, sizeof *w);
	w->t = t;
	w->after = after;
	strlcpy(w->tag, tag, sizeof w->tag);
	w->block = 1;
	w->last_block = 0;		/* empty */
	schema = store_meta_get_i64(t, "schema");
	if (schema != 0 && schema < 6) {
		w->legacy = 1;
		w->plen = TAG_LEN;
		store_iter_init(t, &w->it, DB_SALE_TAG, tag, TAG_LEN, 0);
		w->open = 1;
		return;
	}
	store_key_init(&k);
	store_key_tag(&k, tag);
	if (store_get(t, DB_SALE_TAG_SPAN, k.data, k.len, &v, &vlen) != 0)
		return;
	if (vlen != 16) {
		store_fail(t, STORE_CORRUPT, "sale.tag.span of %s damaged",
		    tag);
		return;
	}
	first = store_key_get_u64(v);
	last = store_key_get_u64(v + 8);
	if (after >= last)
		return;
	if (first <= after)
		first = after + 1;
	w->block = first >> STORE_SALE_BLOCK_SHIFT;
	w->last_block = last >> STORE_SALE_BLOCK_SHIFT;
}

/* The next sale of the walk in *id: 1, or 0 at the end (check t->ret). */
int
store_sale_tags_next(struct store_sale_tags *w, uint64_t *id)
{
	struct store_key	k;

	for (;;) {
		if (!w->open) {
			if (w->block > w->last_block || w->t->ret != 0)
				return (0);
			store_sale_tag_key(&k, w->block, w->tag);
			w->plen = k.len;
			store_iter_init(w->t, &w->it, DB_SALE_TAG, k.data,
			    k.len, 0);
			w->open = 1;
		}
		while (store_iter_next(&w->it)) {
			if (w->it.klen != w->plen + 8)
				continue;
			*id = store_key_get_u64(w->it.key + w->plen);
			if (*id > w->after)
				return (1);
		}
		store_iter_done(&w->it);
		w->open = 0;
		w->block++;
	}
}

void
store_sale_tags_done(struct store_sale_tags *w)
{
	if (w->open)
		store_iter_done(&w->it);
	w->open = 0;
}

/*
 * Write a sale; is_new adds it to the ref and tag indexes. The rollups
 * (store-roll.c) move from what the sale was to what it is.
 */
void
store_sale_put(struct store_txn *t, const struct sale *s, int is_new)
{
	struct store_key	 k, ik;
	struct buf		 b, lb;
	const struct sale_line	*l;
	const struct sale_discount *d;
	struct sale		*old = NULL;
	u_int			 i;

	if (!is_new) {
		old = xmalloc(sizeof *old);
		if (store_sale_get(t, s->id, old) != 0) {
			free(old);
			if (t->ret != 0)
				return;
			old = NULL;	/* not there: written as new */
		}
	}
	roll_sale(t, old, s);
	free(old);

	buf_init(&b);
	buf_init(&lb);
	codec_begin(&b, SALE_KIND, 1);
	codec_i64(&b, SA_ID, (int64_t)s->id);
	codec_str(&b, SA_REF, s->ref);
	codec_i64(&b, SA_TIME, s->time);
	codec_str(&b, SA_TERMINAL, s->terminal);
	codec_i64(&b, SA_STAFF, s->staff);
	if (s->customer != 0)
		codec_i64(&b, SA_CUSTOMER, s->customer);
	if (s->patient != 0)
		codec_i64(&b, SA_PATIENT, s->patient);
	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		codec_begin(&lb, LINE_KIND, 1);
		codec_str(&lb, LN_TAG, l->tag);
		codec_i64(&lb, LN_PRODUCT, l->product);
		codec_str(&lb, LN_NAME, l->name);
		codec_i64(&lb, LN_UNIT, l->unit_weight);
		codec_i64(&lb, LN_QTY, l->qty);
		codec_i64(&lb, LN_PRICE, l->price);
		codec_i64(&lb, LN_TOTAL, l->total);
		if (l->returned != 0)
			codec_i64(&lb, LN_RETURNED, l->returned);
		if (l->tax >= 0)
			codec_i64(&lb, LN_TAX, l->tax);
		if (l->typed)
			codec_i64(&lb, LN_TYPED, 1);
		if (l->thc_mg >= 0)
			codec_i64(&lb, LN_THC, l->thc_mg);
		if (l->cost >= 0)
			codec_i64(&lb, LN_COST, l->cost);
		if (l->category[0] != '\0')
			codec_str(&lb, LN_CATEGORY, l->category);
		codec_bytes(&b, SA_LINE, lb.data, lb.len);
	}
	codec_i64(&b, SA_SUBTOTAL, s->subtotal);
	for (i = 0; i < s->ndiscounts; i++) {
		d = &s->discounts[i];
		codec_begin(&lb, DISCOUNT_KIND, 1);
		codec_i64(&lb, DI_KIND, d->kind);
		if (d->line != 0)
			codec_i64(&lb, DI_LINE, d->line);
		if (d->percent != 0)
			codec_i64(&lb, DI_PERCENT, d->percent);
		codec_i64(&lb, DI_VALUE, d->value);
		codec_i64(&lb, DI_AMOUNT, d->amount);
		if (d->reason[0] != '\0')
			codec_str(&lb, DI_REASON, d->reason);
		if (d->approver != 0)
			codec_i64(&lb, DI_APPROVER, d->approver);
		codec_bytes(&b, SA_DISCOUNT, lb.data, lb.len);
	}
	if (s->points_earned != 0)
		codec_i64(&b, SA_EARNED, s->points_earned);
	if (s->points_redeemed != 0)
		codec_i64(&b, SA_REDEEMED, s->points_redeemed);
	if (s->refunded != 0)
		codec_i64(&b, SA_REFUNDED, s->refunded);
	if (s->drawer != 0)
		codec_i64(&b, SA_DRAWER, (int64_t)s->drawer);
	if (s->fee != 0)
		codec_i64(&b, SA_FEE, s->fee);
	if (s->fee_tax != 0)
		codec_i64(&b, SA_FEE_TAX, s->fee_tax);
	if (s->channel != 0)
		codec_i64(&b, SA_CHANNEL, s->channel);
	if (s->ctype != 0)
		codec_i64(&b, SA_CTYPE, s->ctype);
	if (s->override_approver != 0)
		codec_i64(&b, SA_OVERRIDE, s->override_approver);
	for (i = 0; i < s->ntaxes; i++) {
		codec_begin(&lb, TAX_KIND, 1);
		codec_str(&lb, TX_NAME, s->taxes[i].name);
		codec_i64(&lb, TX_PPM, s->taxes[i].ppm);
		codec_i64(&lb, TX_AMOUNT, s->taxes[i].amount);
		if (s->taxes[i].label[0] != '\0')
			codec_str(&lb, TX_LABEL, s->taxes[i].label);
		codec_i64(&lb, TX_LEVEL, s->taxes[i].level);
		if (s->taxes[i].per_mg != 0)
			codec_i64(&lb, TX_PER_MG, s->taxes[i].per_mg);
		codec_bytes(&b, SA_TAX, lb.data, lb.len);
	}
	if (s->tax_included)
		codec_i64(&b, SA_TAX_INCLUDED, 1);
	codec_i64(&b, SA_TOTAL, s->total);
	codec_i64(&b, SA_TENDERED, s->tendered);
	codec_i64(&b, SA_CHANGE, s->change);
	if (s->card != 0) {
		codec_i64(&b, SA_CARD, s->card);
		codec_str(&b, SA_CARD_REF, s->card_ref);
	}
	codec_i64(&b, SA_STATUS, s->status);
	if (s->status == SALE_VOID) {
		codec_i64(&b, SA_VOID_TIME, s->void_time);
		codec_i64(&b, SA_VOID_STAFF, s->void_staff);
		codec_i64(&b, SA_VOID_APPROVER, s->void_approver);
		codec_str(&b, SA_VOID_REASON, s->void_reason);
	}
	store_key_init(&k);
	store_key_u64(&k, s->id);
	store_put(t, DB_SALE, k.data, k.len, b.data, b.len);
	buf_free(&b);
	buf_free(&lb);
	if (!is_new)
		return;

	store_sale_ref_add(t, s);
	for (i = 0; i < s->nlines; i++)
		store_sale_tag_add(t, s->lines[i].tag, s->id);
	/* A customer's purchases, and a patient's (bought by a caregiver). */
	if (s->customer != 0) {
		store_key_init(&ik);
		store_key_u32(&ik, s->customer);
		store_key_u64(&ik, s->id);
		store_put(t, DB_SALE_CUSTOMER, ik.data, ik.len, "", 0);
	}
	if (s->patient != 0 && s->patient != s->customer) {
		store_key_init(&ik);
		store_key_u32(&ik, s->patient);
		store_key_u64(&ik, s->id);
		store_put(t, DB_SALE_CUSTOMER, ik.data, ik.len, "", 0);
	}
}

/*
 * The parts of a sale a trace row needs, read from the record without
 * decoding it whole (a recall walks thousands): when, where, who, its
 * status and the quantity of the line for tag. STORE_NOTFOUND if the sale
 * has no such line.
 */
int
store_sale_brief(struct store_txn *t, uint64_t id, const char *tag,
    struct sale_brief *b)
{
	struct codec		 c, lc;
	const u_char		*v, *lv, *tv;
	size_t			 vlen, llen, tlen, pos = 0;
	int64_t			 staff = 0, status = 0;
	int			 r;

	memset(b, 0, sizeof *b);
	if ((r = store_get_u64(t, DB_SALE, id, &v, &vlen)) != 0)
		return (r);
	if (codec_open(&c, v, vlen, SALE_KIND) != 0 ||
	    codec_get_i64(&c, SA_TIME, &b->time) < 0 ||
	    codec_get_i64(&c, SA_STAFF, &staff) < 0 ||
	    codec_get_i64(&c, SA_STATUS, &status) < 0 ||
	    codec_get_str(&c, SA_TERMINAL, b->terminal,
	    sizeof b->terminal) < 0)
		goto bad;
	b->staff = (uint32_t)staff;
	b->status = (int)status;
	while (codec_next(&c, &pos, SA_LINE, &lv, &llen)) {
		if (codec_open(&lc, lv, llen, LINE_KIND) != 0 ||
		    codec_get_bytes(&lc, LN_TAG, &tv, &tlen) != 0)
			goto bad;
		if (tlen != TAG_LEN || memcmp(tv, tag, TAG_LEN) != 0)
			continue;
		if (codec_get_i64(&lc, LN_QTY, &b->qty) < 0)
			goto bad;
		return (0);
	}
	return (STORE_NOTFOUND);

bad:
	store_fail(t, STORE_CORRUPT, "sale %llu record damaged",
	    (unsigned long long)id);
	return (STORE_CORRUPT);
}

/* Whose purchase limits a sale counts against (0: nobody known). */
uint32_t
store_sale_subject(const struct sale *s)
{
	return (s->patient != 0 ? s->patient : s->customer);
}

uint64_t
store_sale_next_id(struct store_txn *t)
{
	return (store_last_u64(t, DB_SALE) + 1);
}

/*
 * Every sale in number order (newest first if reverse: numbers rise with
 * time), until cb returns non-zero. -1 if the walk failed (t->ret says why).
 */
int
store_sale_walk(struct store_txn *t, int reverse,
    int (*cb)(const struct sale *, void *), void *arg)
{
	struct store_iter	 it;
	struct sale		*s;

	s = xmalloc(sizeof *s);
	store_iter_init(t, &it, DB_SALE, NULL, 0, reverse);
	while (store_iter_next(&it)) {
		if (store_sale_decode(it.val, it.vlen, s) != 0) {
			store_fail(t, STORE_CORRUPT, "sale %llu record "
			    "damaged", it.klen == 8 ? (unsigned long long)
			    store_key_get_u64(it.key) : 0ULL);
			break;
		}
		if (cb(s, arg) != 0)
			break;
	}
	store_iter_done(&it);
	free(s);
	return (t->ret != 0 ? -1 : 0);
}

/*
 * Every sale from the first made at or after since (UTC microseconds) on,
 * in number order, read into s, until cb returns non-zero. Sale numbers
 * grow with time, so a binary search on numbers finds the first and one
 * cursor walks on from it (stashctl report lines: a year is a few
 * seconds). -1 if the walk failed (t->ret says why).
 */
int
store_sale_walk_since(struct store_txn *t, int64_t since, struct sale *s,
    int (*cb)(struct sale *, void *), void *arg)
{
	struct store_iter	it;
	struct store_key	k;
	uint64_t		lo = 1, hi = store_last_u64(t, DB_SALE) + 1, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (store_sale_get(t, mid, s) == 0 && s->time >= since)
			hi = mid;
		else if (t->ret != 0)
			return (-1);
		else
			lo = mid + 1;
	}
	store_key_init(&k);
	store_key_u64(&k, lo - 1);
	store_iter_init(t, &it, DB_SALE, NULL, 0, 0);
	if (lo > 1)
		store_iter_after(&it, k.data, k.len);
	while (store_iter_next(&it)) {
		if (store_sale_decode(it.val, it.vlen, s) != 0) {
			store_fail(t, STORE_CORRUPT, "sale damaged");
			break;
		}
		if (cb(s, arg) != 0)
			break;
	}
	store_iter_done(&it);
	return (t->ret != 0 ? -1 : 0);
}
