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

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

/*
 * A sale as the lines of a receipt, at a given width: the preview on the
 * completed-sale screen and the sale detail on the sales screen. Built from
 * the server's SALE object (doc/protocol.md), so what is shown is what was
 * written, not what the terminal thought it sent.
 *
 * What the state's rule file asks of a receipt comes in the sale's
 * "receipt" object: the store's licence number and each line's package tag
 * (printed always, and said to be missing when they are), each line's THC
 * content when the rules want it for this customer type, and the warning
 * statements, printed under the totals.
 */

#define RECEIPT_MAX_LINES	(12 + MAX_SALE_LINES * 3 + 12 + 40)

static u_int
client_receipt_width(const char *s)
{
	u_int	n = 0;

	for (; *s != '\0'; s++) {
		if ((*(const u_char *)s & 0xc0) != 0x80)
			n++;
	}
	return (n);
}

static void
client_receipt_add(struct client_receipt *r, const char *s)
{
	if (r->n >= (r->max != 0 ? r->max : RECEIPT_MAX_LINES))
		return;
	r->lines = xreallocarray(r->lines, r->n + 1, sizeof *r->lines);
	r->lines[r->n++] = xstrdup(s);
}

static void	client_receipt_wrap(struct client_receipt *, u_int,
		    const char *);

/* Left and right parts with spaces between, to width w. */
static void
client_receipt_lr(struct client_receipt *r, u_int w, const char *left,
    const char *right)
{
	u_int	 lw = client_receipt_width(left);
	u_int	 rw = client_receipt_width(right);
	char	*s;

	if (lw + rw + 1 > w) {
		/*
		 * Too long for one line (a tax's full label): the text folded,
		 * the amount at the end of its last line if it fits there, else
		 * on a line of its own; never cut.
		 */
		client_receipt_wrap(r, w, left);
		if (r->n > 0 && (lw = client_receipt_width(r->lines[r->n -
		    1])) + rw + 1 <= w) {
			xasprintf(&s, "%s%*s%s", r->lines[r->n - 1],
			    (int)(w - lw - rw), "", right);
			free(r->lines[--r->n]);
		} else
			xasprintf(&s, "%*s%s", (int)(w > rw ? w - rw : 0), "",
			    right);
	} else
		xasprintf(&s, "%s%*s%s", left, (int)(w - lw - rw), "", right);
	client_receipt_add(r, s);
	free(s);
}

static void
client_receipt_centre(struct client_receipt *r, u_int w, const char *text)
{
	u_int	 tw = client_receipt_width(text);
	char	*s;

	if (tw >= w)
		client_receipt_add(r, text);
	else {
		xasprintf(&s, "%*s%s", (int)((w - tw) / 2), "", text);
		client_receipt_add(r, s);
		free(s);
	}
}

/* Text folded at spaces to width w (in bytes: the rules are ASCII). */
static void
client_receipt_wrap(struct client_receipt *r, u_int w, const char *text)
{
	const char	*p = text, *brk;
	size_t		 i;
	char		*s;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (strlen(p) <= w) {
			client_receipt_add(r, p);
			break;
		}
		brk = NULL;
		for (i = 1; i <= w; i++) {
			if (p[i] == ' ')
				brk = p + i;
		}
		if (brk == NULL)
			brk = p + w;	/* a word longer than the width */
		xasprintf(&s, "%.*s", (int)(brk - p), p);
		client_receipt_add(r, s);
		free(s);
		p = brk;
	}
}

static void
client_receipt_rule(struct client_receipt *r, u_int w)
{
	char	line[256];

	if (w >= sizeof line)
		w = sizeof line - 1;
	memset(line, '-', w);
	line[w] = '\0';
	client_receipt_add(r, line);
}

static int64_t
client_receipt_int(json_t *o, const char *key)
{
	json_t	*v;

	v = json_object_get(o, key);
	return (json_is_integer(v) ? json_integer_value(v) : 0);
}

static const char *
client_receipt_str(json_t *o, const char *key)
{
	json_t	*v;

	v = json_object_get(o, key);
	return (json_is_string(v) ? json_string_value(v) : "");
}

/* A sale line's quantity: "2" or "3.500 g". */
char *
client_receipt_qty(json_t *line, char *out, size_t len)
{
	int64_t	qty = client_receipt_int(line, "qty");

	if (strcmp(client_receipt_str(line, "unit"), "weight") == 0)
		return (weight_fmt(qty, out, len));
	snprintf(out, len, "%lld", (long long)qty);
	return (out);
}

/* What a tax is called on the receipt and the cart: its label, or name. */
const char *
client_receipt_tax_label(json_t *tax)
{
	const char	*label;

	label = client_receipt_str(tax, "label");
	if (*label == '\0')
		label = client_receipt_str(tax, "name");
	return (*label != '\0' ? label : "tax");
}

/*
 * Each discount on a line of its own, taken off: "Senior 10% (line 2)",
 * "One-off: damaged box", "Loyalty 300 points".
 */
static void
client_receipt_discounts(struct client_receipt *r, u_int w, json_t *ds)
{
	json_t		*d;
	size_t		 i;
	char		 a[32], what[96], on[24];
	const char	*kind;

	json_array_foreach(ds, i, d) {
		kind = client_receipt_str(d, "kind");
		if (client_receipt_int(d, "line") != 0)
			xsnprintf(on, sizeof on, " (line %lld)",
			    (long long)client_receipt_int(d, "line"));
		else
			*on = '\0';
		if (strcmp(kind, "loyalty") == 0)
			xsnprintf(what, sizeof what, "Loyalty %lld points",
			    (long long)client_receipt_int(d, "points"));
		else if (strcmp(kind, "oneoff") == 0)
			xsnprintf(what, sizeof what, "Discount%s: %.40s", on,
			    client_receipt_str(d, "reason"));
		else if (client_receipt_int(d, "percent") != 0)
			xsnprintf(what, sizeof what, "%c%s discount %lld%%%s",
			    toupper((u_char)*kind), kind + 1,
			    (long long)client_receipt_int(d, "percent"), on);
		else
			xsnprintf(what, sizeof what, "%c%s discount%s",
			    toupper((u_char)*kind), kind + 1, on);
		a[0] = '-';
		money_fmt(client_receipt_int(d, "amount"), a + 1,
		    sizeof a - 1);
		client_receipt_lr(r, w, what, a);
	}
}

/* The customer's points: earned with this sale, and the balance now. */
static void
client_receipt_loyalty(struct client_receipt *r, u_int w, json_t *l)
{
	char	a[32], *s;

	if (!json_is_object(l))
		return;
	/* What was redeemed is a discount line above. */
	xasprintf(&s, "Points earned %lld",
	    (long long)client_receipt_int(l, "earned"));
	xsnprintf(a, sizeof a, "balance %lld",
	    (long long)client_receipt_int(l, "balance"));
	client_receipt_lr(r, w, s, a);
	free(s);
}

void
client_receipt_build(struct client_receipt *r, json_t *sale, u_int w)
{
	json_t		*lines, *line, *staff, *vd, *taxes, *tax, *rc, *ws;
	size_t		 i, ti;
	char		 a[64], b[64], c[64], when[64], name[64], *s;
	const char	*unit, *tag;
	int		 thc;

	memset(r, 0, sizeof *r);
	if (w < 20)
		w = 20;
	rc = json_object_get(sale, "receipt");
	thc = json_is_true(json_object_get(rc, "thc"));

	client_receipt_centre(r, w, client_session.store_name);
	if (*client_session.store_licence != '\0') {
		xasprintf(&s, "Licence %s", client_session.store_licence);
		client_receipt_centre(r, w, s);
		free(s);
	} else if (json_is_true(json_object_get(rc, "licence")))
		client_receipt_centre(r, w, "Licence: NOT SET (required)");
	client_receipt_add(r, "");
	client_session_time_str(client_receipt_int(sale, "time"), when,
	    sizeof when);
	xsnprintf(a, sizeof a, "Sale #%lld",
	    (long long)client_receipt_int(sale, "id"));
	client_receipt_lr(r, w, when, a);
	xasprintf(&s, "Terminal %s", client_receipt_str(sale, "terminal"));
	client_receipt_add(r, s);
	free(s);
	if (strcmp(client_receipt_str(sale, "status"), "void") == 0) {
		client_receipt_centre(r, w, "*** VOID ***");
		vd = json_object_get(sale, "void");
		if (json_is_object(vd) &&
		    *client_receipt_str(vd, "reason") != '\0') {
			xasprintf(&s, "Reason: %s",
			    client_receipt_str(vd, "reason"));
			client_receipt_add(r, s);
			free(s);
		}
	}
	client_receipt_rule(r, w);

	lines = json_object_get(sale, "lines");
	json_array_foreach(lines, i, line) {
		client_receipt_add(r, client_receipt_str(line, "name"));
		tag = client_receipt_str(line, "tag");
		xasprintf(&s, " %s", *tag != '\0' ? tag : "Tag: MISSING");
		if (thc) {
			xsnprintf(a, sizeof a, "THC %lld mg",
			    (long long)client_receipt_int(line, "thc_mg"));
			client_receipt_lr(r, w, s, a);
		} else
			client_receipt_add(r, s);
		free(s);
		unit = client_receipt_str(line, "unit");
		client_receipt_qty(line, a, sizeof a);
		money_fmt(client_receipt_int(line, "price"), b, sizeof b);
		xasprintf(&s, "  %s x %s%s", a, b,
		    strcmp(unit, "weight") == 0 ? "/g" : "");
		money_fmt(client_receipt_int(line, "total"), c, sizeof c);
		client_receipt_lr(r, w, s, c);
		free(s);
		if (client_receipt_int(line, "returned") != 0) {
			if (strcmp(unit, "weight") == 0)
				weight_fmt(client_receipt_int(line,
				    "returned"), a, sizeof a);
			else
				xsnprintf(a, sizeof a, "%lld", (long long)
				    client_receipt_int(line, "returned"));
			xasprintf(&s, "  RETURNED %s", a);
			client_receipt_add(r, s);
			free(s);
		}
	}
	client_receipt_rule(r, w);

	money_fmt(client_receipt_int(sale, "subtotal"), a, sizeof a);
	client_receipt_lr(r, w, "Subtotal", a);
	client_receipt_discounts(r, w, json_object_get(sale, "discounts"));
	/* An order's delivery fee: its taxes are in theirs below. */
	if (client_receipt_int(json_object_get(sale, "fee"), "amount") != 0) {
		money_fmt(client_receipt_int(json_object_get(sale, "fee"),
		    "amount"), a, sizeof a);
		client_receipt_lr(r, w, "Delivery fee", a);
	}
	/*
	 * Each tax on a line of its own, by its label (the rule file's
	 * name for it if it has none), with its rate: rate_ppm / 10000 is
	 * the percent (150000 is 15.00%); per_mg is millionths of a cent per
	 * mg of THC (625000 is 0.625c/mg).
	 */
	taxes = json_object_get(sale, "taxes");
	json_array_foreach(taxes, ti, tax) {
		json_int_t	per_mg;

		per_mg = client_receipt_int(tax, "per_mg");
		if (per_mg != 0) {
			xsnprintf(b, sizeof b, "%lld.%06lld",
			    (long long)(per_mg / 1000000),
			    (long long)(per_mg % 1000000));
			/* 0.625000 as 0.625, 1.000000 as 1.0 */
			while (strlen(b) > 3 && b[strlen(b) - 1] == '0' &&
			    b[strlen(b) - 2] != '.')
				b[strlen(b) - 1] = '\0';
			xsnprintf(b + strlen(b), sizeof b - strlen(b), "c/mg");
		} else
			xsnprintf(b, sizeof b, "%lld.%02lld%%",
			    (long long)(client_receipt_int(tax, "rate_ppm") /
			    10000), (long long)(client_receipt_int(tax,
			    "rate_ppm") % 10000 / 100));
		xasprintf(&s, "%s%s %s", json_is_true(json_object_get(sale,
		    "tax_included")) ? "incl. " : "",
		    client_receipt_tax_label(tax), b);
		money_fmt(client_receipt_int(tax, "amount"), a, sizeof a);
		client_receipt_lr(r, w, s, a);
		free(s);
	}
	money_fmt(client_receipt_int(sale, "total"), a, sizeof a);
	client_receipt_lr(r, w, "TOTAL", a);
	if (json_is_object(json_object_get(sale, "card"))) {
		money_fmt(client_receipt_int(json_object_get(sale, "card"),
		    "amount"), a, sizeof a);
		client_receipt_lr(r, w, "Card", a);
	}
	money_fmt(client_receipt_int(sale, "tendered"), a, sizeof a);
	client_receipt_lr(r, w, "Cash", a);
	money_fmt(client_receipt_int(sale, "change"), a, sizeof a);
	client_receipt_lr(r, w, "Change", a);
	if (client_receipt_int(sale, "refunded") != 0) {
		money_fmt(client_receipt_int(sale, "refunded"), a, sizeof a);
		client_receipt_lr(r, w, "Refunded (returns)", a);
	}
	client_receipt_rule(r, w);
	client_receipt_loyalty(r, w, json_object_get(sale, "loyalty"));
	ws = json_object_get(rc, "warnings");
	json_array_foreach(ws, ti, tax) {
		if (json_is_string(tax)) {
			client_receipt_wrap(r, w, json_string_value(tax));
			client_receipt_add(r, "");
		}
	}

	staff = json_object_get(sale, "staff");
	client_session_first_name(client_receipt_str(staff, "name"), name,
	    sizeof name);
	if (*name != '\0') {
		xasprintf(&s, "Served by %s", name);
		client_receipt_add(r, s);
		free(s);
	}
	if (client_session.receipt_footer != NULL &&
	    *client_session.receipt_footer != '\0')
		client_receipt_wrap(r, w, client_session.receipt_footer);
	client_receipt_centre(r, w, "Thank you");
}

/*
 * A report's lines (an inspector's answer) for the receipt printer, w
 * wide: its title, the store and licence, when it was printed, then each
 * line, folded where it is wider than the paper.
 */
void
client_receipt_report(struct client_receipt *r, u_int w, const char *title,
    const char **lines, u_int n)
{
	char	*s, when[32];
	u_int	 i;

	memset(r, 0, sizeof *r);
	r->max = n * 4 + 16;
	client_receipt_wrap(r, w, title);
	xasprintf(&s, "%s, licence %s", client_session.store_name != NULL ?
	    client_session.store_name : "", client_session.store_licence !=
	    NULL ? client_session.store_licence : "");
	client_receipt_wrap(r, w, s);
	free(s);
	client_session_time_str(util_now(), when, sizeof when);
	xasprintf(&s, "Printed %.16s", when);
	client_receipt_add(r, s);
	free(s);
	client_receipt_rule(r, w);
	for (i = 0; i < n; i++) {
		if (client_receipt_width(lines[i]) <= w)
			client_receipt_add(r, lines[i]);
		else
			client_receipt_wrap(r, w, lines[i]);
	}
	client_receipt_rule(r, w);
}

void
client_receipt_free(struct client_receipt *r)
{
	u_int	i;

	for (i = 0; i < r->n; i++)
		free(r->lines[i]);
	free(r->lines);
	memset(r, 0, sizeof *r);
}
