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

#include "client-op.h"

/*
 * The cart: the sale being built at this terminal. It lives outside the
 * screens so it survives a lost connection, an expired session and a new
 * login. Prices shown are the catalogue's at lookup time; the server prices
 * the sale itself at commit.
 *
 * Exactly-once commits: the first sale.commit for a cart gets a ref unique
 * to this terminal ("TERMINAL:<boot µs>:<counter>"). If the connection is
 * lost before the reply, the cart is "in doubt": the sale may or may not
 * have been written. It is then locked (no edits) and the commit is sent
 * again with the same ref and the same cash once the terminal is back, so
 * stashd returns the sale it already has rather than selling twice. Any
 * change to the cart clears the ref, which only an unlocked cart allows.
 */

struct cart	 client_cart;
static u_int	 client_cart_counter;

/*
 * The stock events this connection asked for (events.subscribe): while the
 * register shows the cart, only its lines' packages (a stock event only
 * updates a cart line's on-hand there), elsewhere every package's (the
 * dispatch board reads its lists again on any). watched is what stashd
 * was last told: -1 every package, else how many of watched_tag.
 */
static int	 client_cart_watching;
static int	 client_cart_watched = -1;
static char	 client_cart_watched_tag[MAX_SALE_LINES][TAG_LEN + 1];

static void	 client_cart_watch_sync(void);

static void
client_cart_free_line(struct cart_line *cl)
{
	free(cl->name);
	free(cl->sku);
	memset(cl, 0, sizeof *cl);
}

static void
client_cart_watch_done(__unused json_t *result, const char *code,
    const char *message, __unused void *arg)
{
	if (code == NULL)
		return;
	/* Not told (offline, or an older stashd): every package's, as new. */
	log_debug("events.subscribe: %s: %s", code, message);
	client_cart_watched = -1;
}

/* Tell stashd which packages' stock events to send, if that changed. */
static void
client_cart_watch_sync(void)
{
	json_t	*tags;
	u_int	 i;
	int	 same;

	if (!client_cart_watching) {
		if (client_cart_watched == -1)
			return;
		client_cart_watched = -1;
		client_request("events.subscribe", json_pack("{s:s}", "stock",
		    "all"), client_cart_watch_done, NULL);
		return;
	}
	same = client_cart_watched == (int)client_cart.n;
	for (i = 0; same && i < client_cart.n; i++) {
		same = strcmp(client_cart_watched_tag[i],
		    client_cart.lines[i].tag) == 0;
	}
	if (same)
		return;
	tags = json_array();
	for (i = 0; i < client_cart.n; i++) {
		strlcpy(client_cart_watched_tag[i], client_cart.lines[i].tag,
		    sizeof client_cart_watched_tag[i]);
		json_array_append_new(tags,
		    json_string(client_cart.lines[i].tag));
	}
	client_cart_watched = (int)client_cart.n;
	client_request("events.subscribe", json_pack("{s:o}", "stock", tags),
	    client_cart_watch_done, NULL);
}

/*
 * The register shows the cart (on), or not: from now on stash asks for
 * the cart's packages' stock events only, or for every package's.
 */
void
client_cart_watch(int on)
{
	client_cart_watching = on;
	client_cart_watch_sync();
}

/* A new connection, which stashd starts with every package's events. */
void
client_cart_watch_connected(void)
{
	client_cart_watched = -1;
	client_cart_watch_sync();
}

static void
client_cart_changed(void)
{
	client_cart_watch_sync();
	client_cart.ref[0] = '\0';
	client_cart.cash = 0;
	client_cart.disc_refused[0] = '\0';
	client_customer_refused(NULL);
	client_cart_quote();
}

/*
 * The cart as sale.quote and sale.commit take it: lines, customer,
 * discounts and points. The arrays are allocated; free them with
 * client_cart_commit_args_free.
 */
static void
client_cart_req(struct client_op_sale_req *req)
{
	struct client_op_sale_line	*lines = NULL;
	struct client_op_sale_discount	*ds = NULL;
	struct cart_line		*cl;
	struct cart_discount		*d;
	u_int				 i;

	memset(req, 0, sizeof *req);
	if (client_cart.n != 0)
		lines = xcalloc(client_cart.n, sizeof *lines);
	for (i = 0; i < client_cart.n; i++) {
		cl = &client_cart.lines[i];
		lines[i].tag = cl->tag;
		lines[i].qty = cl->qty;
		if (cl->weight)
			lines[i].weight = cl->typed ? CLIENT_OP_WEIGHT_TYPED :
			    CLIENT_OP_WEIGHT_SCALE;
	}
	req->lines = lines;
	req->nlines = client_cart.n;
	client_customer_commit_args(req);
	if (client_cart.ndiscounts != 0)
		ds = xcalloc(client_cart.ndiscounts, sizeof *ds);
	for (i = 0; i < client_cart.ndiscounts; i++) {
		d = &client_cart.discounts[i];
		ds[i].kind = d->kind;
		ds[i].line = d->line;
		ds[i].percent = d->percent;
		ds[i].amount = d->amount;
		if (strcmp(d->kind, "oneoff") == 0)
			ds[i].reason = d->reason;
	}
	req->discounts = ds;
	req->ndiscounts = client_cart.ndiscounts;
	req->redeem = client_cart.redeem;
}

/*
 * stashd would not take the discount or points just asked for: say why,
 * drop them, and ask again for the cart as it was.
 */
static void
client_cart_refuse_trial(const char *message)
{
	const char	*p;
	char		 buf[256];
	int		 trial = client_cart.trial;

	if (message == NULL)
		message = "the server refused it";
	message = client_op_staff_message("", message, buf, sizeof buf);
	/* "discount 1: why": there is only the one asked for. */
	if (strncmp(message, "discount ", 9) == 0 &&
	    (p = strstr(message, ": ")) != NULL)
		message = p + 2;
	if (client_cart.trial == CART_TRIAL_DISCOUNT &&
	    client_cart.ndiscounts > 0) {
		client_cart.ndiscounts--;
		memset(&client_cart.discounts[client_cart.ndiscounts], 0,
		    sizeof client_cart.discounts[0]);
		ui_status_set(UI_ERROR, "Discount not given: %s", message);
	} else if (client_cart.trial == CART_TRIAL_REDEEM) {
		client_cart.redeem = 0;
		ui_status_set(UI_ERROR, "Points not redeemed: %s", message);
	}
	ui_screen_beep();
	client_cart.trial = CART_TRIAL_NONE;
	client_cart_changed();
	snprintf(client_cart.disc_refused, sizeof client_cart.disc_refused,
	    "%s not given: %s", trial == CART_TRIAL_REDEEM ? "Points" :
	    "Discount", message);
}

/* What stashd takes off for each discount asked for, from its quote. */
static void
client_cart_discount_quoted(const struct client_op_quote *q)
{
	struct cart_discount	*d;
	const char		*kind;
	u_int			 i, j;

	client_cart.redeem_quoted = -1;
	for (i = 0; i < client_cart.ndiscounts; i++)
		client_cart.discounts[i].quoted = -1;
	for (j = 0; j < q->ndiscounts; j++) {
		kind = q->discounts[j].kind;
		if (*kind == '\0')
			continue;
		if (strcmp(kind, "loyalty") == 0) {
			client_cart.redeem_quoted = q->discounts[j].amount;
			continue;
		}
		for (i = 0; i < client_cart.ndiscounts; i++) {
			d = &client_cart.discounts[i];
			if (d->quoted != -1 || strcmp(d->kind, kind) != 0)
				continue;
			if (d->line == 0 ? !q->discounts[j].cart :
			    (q->discounts[j].cart ||
			    d->line != q->discounts[j].line))
				continue;
			d->quoted = q->discounts[j].amount;
			break;
		}
	}
}

/*
 * The pools the last quote says this cart would take over: the line that
 * did it (the one last added or changed) is marked with the pool and by
 * how much, until a quote says the pool is no longer over. Returns the
 * line newly marked (1-based), or 0.
 */
static u_int
client_cart_mark_over(void)
{
	const struct cart_pool	*p;
	struct cart_line	*cl;
	char			 a[32];
	u_int			 i, k, marked, newly = 0;
	size_t			 len;

	for (i = 0; i < client_cart.n; i++) {
		cl = &client_cart.lines[i];
		if (cl->over[0] == '\0')
			continue;
		for (k = 0; k < client_cart.npools; k++) {
			p = &client_cart.pools[k];
			len = strlen(p->name);
			if (p->over && strncmp(cl->over, p->name, len) == 0 &&
			    cl->over[len] == ' ')
				break;
		}
		if (k == client_cart.npools)
			cl->over[0] = '\0';	/* no longer over */
	}
	for (k = 0; k < client_cart.npools; k++) {
		p = &client_cart.pools[k];
		if (!p->over || client_cart.n == 0)
			continue;
		client_customer_amount(p->used - p->cap, p->unit, a, sizeof a);
		len = strlen(p->name);
		marked = 0;
		for (i = 0; i < client_cart.n; i++) {
			cl = &client_cart.lines[i];
			if (strncmp(cl->over, p->name, len) == 0 &&
			    cl->over[len] == ' ') {
				snprintf(cl->over, sizeof cl->over, "%s by %s",
				    p->name, a);
				marked = 1;
			}
		}
		if (marked)
			continue;
		i = client_cart.last != 0 && client_cart.last <= client_cart.n ?
		    client_cart.last - 1 : client_cart.n - 1;
		cl = &client_cart.lines[i];
		if (cl->over[0] != '\0')
			continue;	/* over another pool already */
		snprintf(cl->over, sizeof cl->over, "%s by %s", p->name, a);
		newly = i + 1;
	}
	return (newly);
}

static void
client_cart_quote_done(const struct client_op_error *err,
    const struct client_op_quote *q, void *arg)
{
	const struct cart_line *cl;
	const char	*emsg;
	u_int		 i, over;
	size_t		 len = 0;
	char		 a[32];
	int		 ok, trial;
	int64_t		 off;

	if ((u_int)(uintptr_t)arg != client_cart.gen)
		return;		/* stale */
	if (err->code != NULL) {
		/* Offline: asked again later. Else refused outright. */
		if (client_cart.trial != CART_TRIAL_NONE &&
		    strcmp(err->code, "offline") != 0 &&
		    strcmp(err->code, "disconnected") != 0 &&
		    strcmp(err->code, "no-session") != 0)
			client_cart_refuse_trial(err->message);
		return;
	}
	if (q == NULL || !q->has_total)
		return;
	ok = q->ok;
	emsg = q->error;
	/*
	 * A discount (or points) just asked for that makes the cart one
	 * stashd would not sell, or not sell for a new reason, is dropped.
	 */
	trial = client_cart.trial;
	if (trial != CART_TRIAL_NONE && !ok && (client_cart.quote_ok ||
	    strcmp(client_cart.quote_error, emsg) != 0)) {
		client_cart_refuse_trial(*emsg != '\0' ? emsg : NULL);
		return;
	}
	client_cart.trial = CART_TRIAL_NONE;
	client_cart.quote_ok = ok;
	strlcpy(client_cart.quote_error, emsg, sizeof client_cart.quote_error);
	client_cart.quote_approval = q->approval;
	client_cart.quote_discount = q->discount;
	client_cart_discount_quoted(q);

	/*
	 * A cart stashd cannot price (a line not sellable, not found) comes
	 * back with a total of 0: keep the last known total rather than
	 * show 0.00 for a cart with lines in it.
	 */
	if (ok || q->total != 0 || client_cart.n == 0) {
		client_cart.quote_total = q->total;
		client_cart.quote_tax = q->tax;
	}
	client_cart.has_limits = q->has_limits;
	client_cart.npools = q->npools;
	memcpy(client_cart.pools, q->pools, sizeof client_cart.pools);
	if ((over = client_cart_mark_over()) != 0) {
		cl = &client_cart.lines[over - 1];
		ui_status_set(UI_ERROR, "Over the limit: line %u goes over %s",
		    over, cl->over);
		ui_screen_beep();
	}
	client_cart.quote_taxes[0] = '\0';
	for (i = 0; i < q->ntaxes; i++) {
		len = strlen(client_cart.quote_taxes);
		snprintf(client_cart.quote_taxes + len,
		    sizeof client_cart.quote_taxes - len, "%s%s %s",
		    i == 0 ? "" : ", ", q->taxes[i].label,
		    money_fmt(q->taxes[i].amount, a, sizeof a));
	}
	client_cart.quote_valid = 1;

	if (trial == CART_TRIAL_DISCOUNT && client_cart.ndiscounts > 0) {
		off = client_cart.discounts[client_cart.ndiscounts - 1].quoted;
		if (off >= 0) {
			a[0] = ' ';
			money_fmt(off, a + 1, sizeof a - 1);
		} else
			a[0] = '\0';
		if (client_cart.quote_approval)
			ui_status_set(UI_WARN, "Discount%s: beyond the store's "
			    "threshold, a manager approves it at payment", a);
		else
			ui_status_set(UI_OK, "Discount given:%s off", a);
	} else if (trial == CART_TRIAL_REDEEM)
		ui_status_set(UI_OK, "%lld points redeemed: %s off",
		    (long long)client_cart.redeem, money_fmt(
		    client_cart.redeem_quoted, a, sizeof a));
	ui_screen_dirty();
}

/*
 * Ask stashd what the cart costs as it stands: taxes and the total come
 * from the server's rules, never from the terminal. Every change asks
 * again; an answer to an older cart is dropped.
 */
void
client_cart_quote(void)
{
	struct client_op_sale_req	req;

	client_cart.gen++;
	client_cart.quote_valid = 0;
	if (client_cart.n == 0 || !client_session.logged_in ||
	    client_state() != CLIENT_READY)
		return;
	client_cart_req(&req);
	client_op_sale_quote(&req, client_cart_quote_done,
	    (void *)(uintptr_t)client_cart.gen);
	client_cart_commit_args_free(&req);
}

/* What the customer pays, once stashd has said: 0, else -1. */
int
client_cart_due(int64_t *total)
{
	if (!client_cart.quote_valid)
		return (-1);
	*total = client_cart.quote_total;
	return (0);
}

/* Something the commit sends changed (the customer): a new ref. */
void
client_cart_touch(void)
{
	if (!client_cart_locked())
		client_cart_changed();
}

void
client_cart_clear(void)
{
	u_int	i;

	for (i = 0; i < client_cart.n; i++)
		client_cart_free_line(&client_cart.lines[i]);
	memset(&client_cart, 0, sizeof client_cart);
	client_cart_watch_sync();
}

/* Is the cart waiting for (or unsure of) its commit? */
int
client_cart_locked(void)
{
	return (client_cart.pending || client_cart.in_doubt);
}

int
client_cart_find(const char *tag)
{
	u_int	i;

	for (i = 0; i < client_cart.n; i++) {
		if (strcasecmp(client_cart.lines[i].tag, tag) == 0)
			return ((int)i);
	}
	return (-1);
}

/* Why a quantity is refused: more than is on hand. */
static void
client_cart_onhand(int weight, int64_t onhand, char **cause)
{
	char	q[32];

	if (weight)
		weight_fmt(onhand, q, sizeof q);
	else
		snprintf(q, sizeof q, "%lld", (long long)onhand);
	xasprintf(cause, "only %s on hand of this package", q);
}

/*
 * Add qty of the package an item.lookup result describes: a new line, or
 * more on the line that has its tag. Returns the line's index.
 */
int
client_cart_add(const struct client_op_item *item, int64_t qty, char **cause)
{
	const char		*unit;
	char			 utag[TAG_LEN + 1];
	struct cart_line	*cl;
	int			 idx;
	int64_t			 total;

	if (client_cart_locked()) {
		xasprintf(cause, "the cart is locked until the last sale is "
		    "confirmed");
		return (-1);
	}
	if (item->tag == NULL || strlen(item->tag) != TAG_LEN ||
	    !item->product_ok) {
		xasprintf(cause, "stashd sent an item without a valid tag");
		return (-1);
	}
	snprintf(utag, sizeof utag, "%s", item->tag);
	util_tag_upper(utag);
	if (!util_tag_valid(utag)) {
		xasprintf(cause, "stashd sent an item without a valid tag");
		return (-1);
	}
	unit = item->unit != NULL ? item->unit : "";
	if (strcmp(unit, "each") != 0 && strcmp(unit, "weight") != 0) {
		xasprintf(cause, "stashd sent a product with an unknown unit");
		return (-1);
	}
	if (item->price < 0) {
		xasprintf(cause, "stashd sent a product without a price");
		return (-1);
	}
	if (qty <= 0) {
		xasprintf(cause, "the quantity must be more than zero");
		return (-1);
	}

	idx = client_cart_find(utag);
	if (item->onhand >= 0 && (idx != -1 ? client_cart.lines[idx].qty :
	    0) + qty > item->onhand) {
		client_cart_onhand(strcmp(unit, "weight") == 0, item->onhand,
		    cause);
		return (-1);
	}
	if (idx != -1) {
		cl = &client_cart.lines[idx];
		if (money_line_total(cl->weight, cl->qty + qty, cl->price,
		    &total) != 0) {
			xasprintf(cause, "that quantity is too large");
			return (-1);
		}
		cl->qty += qty;
	} else {
		if (client_cart.n >= MAX_SALE_LINES) {
			xasprintf(cause, "a sale holds at most %d lines: take "
			    "this one and start another", MAX_SALE_LINES);
			return (-1);
		}
		idx = (int)client_cart.n;
		cl = &client_cart.lines[idx];
		memset(cl, 0, sizeof *cl);
		memcpy(cl->tag, utag, sizeof cl->tag);
		cl->weight = strcmp(unit, "weight") == 0;
		cl->price = item->price;
		if (money_line_total(cl->weight, qty, cl->price, &total) != 0) {
			xasprintf(cause, "that quantity is too large");
			return (-1);
		}
		cl->qty = qty;
		cl->product = item->product;
		cl->name = xstrdup(item->name != NULL ? item->name : utag);
		cl->sku = xstrdup(item->sku != NULL ? item->sku : "");
		strlcpy(cl->batch, item->batch != NULL ? item->batch : "",
		    sizeof cl->batch);
		strlcpy(cl->supplier, item->supplier != NULL ?
		    item->supplier : "", sizeof cl->supplier);
		client_cart.n++;
	}
	cl->held = 0;	/* the server just said it is sellable */
	cl->onhand = item->onhand;
	client_cart.last = (u_int)idx + 1;
	client_cart_changed();
	return (idx);
}

int
client_cart_set_qty(u_int idx, int64_t qty, char **cause)
{
	struct cart_line	*cl;
	int64_t			 total;

	if (client_cart_locked()) {
		xasprintf(cause, "the cart is locked until the last sale is "
		    "confirmed");
		return (-1);
	}
	if (idx >= client_cart.n)
		return (-1);
	cl = &client_cart.lines[idx];
	if (qty <= 0 || money_line_total(cl->weight, qty, cl->price,
	    &total) != 0) {
		xasprintf(cause, "the quantity must be more than zero and not "
		    "absurdly large");
		return (-1);
	}
	if (cl->onhand >= 0 && qty > cl->onhand) {
		client_cart_onhand(cl->weight, cl->onhand, cause);
		return (-1);
	}
	cl->qty = qty;
	client_cart.last = idx + 1;
	client_cart_changed();
	return (0);
}

void
client_cart_remove(u_int idx)
{
	struct cart_discount	*d;
	u_int			 i;

	if (idx >= client_cart.n || client_cart_locked())
		return;
	/* The line's discounts go with it; those after move up. */
	for (i = 0; i < client_cart.ndiscounts; /* nothing */) {
		d = &client_cart.discounts[i];
		if (d->line == idx + 1) {
			memmove(d, d + 1, (client_cart.ndiscounts - i - 1) *
			    sizeof *d);
			client_cart.ndiscounts--;
			continue;
		}
		if (d->line > idx + 1)
			d->line--;
		i++;
	}
	client_cart_free_line(&client_cart.lines[idx]);
	if (client_cart.last == idx + 1)
		client_cart.last = 0;
	else if (client_cart.last > idx + 1)
		client_cart.last--;
	memmove(&client_cart.lines[idx], &client_cart.lines[idx + 1],
	    (client_cart.n - idx - 1) * sizeof client_cart.lines[0]);
	client_cart.n--;
	memset(&client_cart.lines[client_cart.n], 0,
	    sizeof client_cart.lines[0]);
	client_cart_changed();
}

int
client_cart_line_total(const struct cart_line *cl, int64_t *total)
{
	return (money_line_total(cl->weight, cl->qty, cl->price, total));
}

int
client_cart_total(int64_t *total)
{
	int64_t	t;
	u_int	i;

	*total = 0;
	for (i = 0; i < client_cart.n; i++) {
		if (client_cart_line_total(&client_cart.lines[i], &t) != 0)
			return (-1);
		if (*total > INT64_MAX - t)
			return (-1);
		*total += t;
	}
	return (0);
}

/* A stock event: returns 1 if a cart line has this tag. */
int
client_cart_stock(const char *tag, int64_t qty)
{
	int	idx;

	idx = client_cart_find(tag);
	if (idx == -1)
		return (0);
	client_cart.lines[idx].onhand = qty;
	return (1);
}

/*
 * A hold event: mark (or, on release, clear) the lines it covers: by tag,
 * batch, product number or supplier licence. Returns how many lines it
 * covers.
 */
int
client_cart_hold(const char *scope, const char *key, int set)
{
	struct cart_line	*cl;
	char			 id[32];
	u_int			 i;
	int			 n = 0, match;

	for (i = 0; i < client_cart.n; i++) {
		cl = &client_cart.lines[i];
		snprintf(id, sizeof id, "%lld", (long long)cl->product);
		if (strcmp(scope, "package") == 0)
			match = strcmp(cl->tag, key) == 0;
		else if (strcmp(scope, "batch") == 0)
			match = cl->batch[0] != '\0' &&
			    strcmp(cl->batch, key) == 0;
		else if (strcmp(scope, "product") == 0)
			match = strcmp(id, key) == 0;
		else if (strcmp(scope, "supplier") == 0)
			match = cl->supplier[0] != '\0' &&
			    strcmp(cl->supplier, key) == 0;
		else
			match = 0;
		if (match) {
			cl->held = set;
			n++;
		}
	}
	return (n);
}

/*
 * The sale.commit arguments for this cart and cash. The ref is made on the
 * first call and kept until the cart changes, so a retry sends the same.
 */
void
client_cart_commit_args(struct client_op_sale_req *req, int64_t cash)
{
	int	room;

	if (client_cart.ref[0] == '\0') {
		/* Leave room for ":<16 digits>:<10 digits>". */
		room = MAX_REF - 28;
		xsnprintf(client_cart.ref, sizeof client_cart.ref,
		    "%.*s:%lld:%u", room, client_session.terminal,
		    (long long)client_session.boot, ++client_cart_counter);
	}
	client_cart.cash = cash;

	client_cart_req(req);
	req->ref = client_cart.ref;
	req->cash = cash;
	if (client_cart.card > 0) {
		req->card = client_cart.card;
		req->card_ref = client_cart.card_ref;
	}
}

/* Free what client_cart_commit_args allocated. */
void
client_cart_commit_args_free(struct client_op_sale_req *req)
{
	free((void *)req->lines);
	free((void *)req->discounts);
	req->lines = NULL;
	req->discounts = NULL;
}

/* Has the cart a weight typed rather than weighed? */
int
client_cart_typed(void)
{
	u_int	i;

	for (i = 0; i < client_cart.n; i++) {
		if (client_cart.lines[i].weight && client_cart.lines[i].typed)
			return (1);
	}
	return (0);
}

/* The commit was sent. */
void
client_cart_sent(void)
{
	client_cart.pending = 1;
}

/* The server answered the commit (either way): the outcome is known. */
void
client_cart_answered(void)
{
	client_cart.pending = 0;
	client_cart.in_doubt = 0;
}

/* The connection went before the answer: the outcome is unknown. */
void
client_cart_lost(void)
{
	client_cart.pending = 0;
	client_cart.in_doubt = 1;
}

/* The commit never reached stashd (offline, or no session): as before. */
void
client_cart_unsent(void)
{
	client_cart.pending = 0;
}

/*
 * A discount on the cart (line 0) or a line: kept for now and sent with
 * the next quote, which keeps it or (client_cart_quote_done) drops it
 * with stashd's reason.
 */
int
client_cart_discount_add(const struct cart_discount *d, char **cause)
{
	struct cart_discount	*nd;

	if (client_cart_locked()) {
		xasprintf(cause, "the cart is locked until the last sale is "
		    "confirmed");
		return (-1);
	}
	if (client_cart.n == 0) {
		xasprintf(cause, "the cart is empty: scan the items first");
		return (-1);
	}
	if (client_cart.ndiscounts >= CART_DISCOUNTS) {
		xasprintf(cause, "a sale takes at most %d discounts",
		    CART_DISCOUNTS);
		return (-1);
	}
	if (d->line > client_cart.n) {
		xasprintf(cause, "there is no line %u (the cart has %u)",
		    d->line, client_cart.n);
		return (-1);
	}
	nd = &client_cart.discounts[client_cart.ndiscounts++];
	*nd = *d;
	nd->quoted = -1;
	client_cart.trial = CART_TRIAL_DISCOUNT;
	client_cart_changed();
	return (0);
}

int
client_cart_discount_remove(u_int i)
{
	if (i >= client_cart.ndiscounts || client_cart_locked())
		return (-1);
	memmove(&client_cart.discounts[i], &client_cart.discounts[i + 1],
	    (client_cart.ndiscounts - i - 1) * sizeof client_cart.discounts[0]);
	client_cart.ndiscounts--;
	memset(&client_cart.discounts[client_cart.ndiscounts], 0,
	    sizeof client_cart.discounts[0]);
	client_cart.trial = CART_TRIAL_NONE;
	client_cart_changed();
	return (0);
}

/* Spend points of the customer's loyalty balance (0: none). */
int
client_cart_redeem(int64_t points, char **cause)
{
	int64_t	balance;

	if (client_cart_locked()) {
		xasprintf(cause, "the cart is locked until the last sale is "
		    "confirmed");
		return (-1);
	}
	if (points != 0 && client_customer.id == 0) {
		xasprintf(cause, "points need a customer: F8 attaches one");
		return (-1);
	}
	if (points != 0 && client_cart.n == 0) {
		xasprintf(cause, "the cart is empty: scan the items first");
		return (-1);
	}
	balance = client_customer_loyalty();
	if (points < 0 || points > balance) {
		xasprintf(cause, "the customer has %lld points",
		    (long long)balance);
		return (-1);
	}
	client_cart.redeem = points;
	client_cart.redeem_quoted = -1;
	client_cart.trial = points != 0 ? CART_TRIAL_REDEEM : CART_TRIAL_NONE;
	client_cart_changed();
	return (0);
}

/*
 * The customer changes: discounts that depend on who they are, and their
 * points, no longer apply. Returns how many were dropped.
 */
u_int
client_cart_customer_changed(void)
{
	u_int	i, n = 0;

	if (client_cart_locked())
		return (0);
	for (i = 0; i < client_cart.ndiscounts; /* nothing */) {
		if (strcmp(client_cart.discounts[i].kind, "oneoff") != 0) {
			memmove(&client_cart.discounts[i],
			    &client_cart.discounts[i + 1],
			    (client_cart.ndiscounts - i - 1) *
			    sizeof client_cart.discounts[0]);
			client_cart.ndiscounts--;
			n++;
			continue;
		}
		i++;
	}
	if (client_cart.redeem != 0) {
		client_cart.redeem = 0;
		n++;
	}
	client_cart.trial = CART_TRIAL_NONE;
	return (n);
}

/* The register's cart rows: the lines, the discounts, the points. */
u_int
client_cart_rows(void)
{
	return (client_cart.n + client_cart.ndiscounts +
	    (client_cart.redeem > 0 ? 1 : 0));
}
