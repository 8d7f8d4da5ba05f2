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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stash.h"

/*
 * Money is integer cents and weight integer milligrams; there is no float
 * anywhere on the way from a scan to the ledger. A decimal from outside
 * (the state system's JSON) becomes an integer at the edge, in
 * money_json_milli, and nowhere else.
 */

#define MONEY_MAX	(INT64_C(1) << 50)	/* far beyond any sale */

/*
 * n / d rounded half up (d > 0), in 128 bits so that no product of two
 * figures overflows on the way. This is the one rounding of money: a
 * weighed line's total, taxes (sale.c rounds each tax once, on its sum,
 * or up to the next cent by adding d - 1 before), a discount's or a
 * return's share of a line, and the amounts reported to the state.
 */
int64_t
money_round_div(unsigned __int128 n, unsigned __int128 d)
{
	return ((int64_t)((n + d / 2) / d));
}

/* a * b / c rounded half up: a, b >= 0, c > 0. */
int64_t
money_muldiv(int64_t a, int64_t b, int64_t c)
{
	return (money_round_div((unsigned __int128)(uint64_t)a * (uint64_t)b,
	    (uint64_t)c));
}

/*
 * The total of a line. For a product sold each, qty units at price cents.
 * For a product sold by weight, qty milligrams at price cents per gram:
 * qty * price / 1000, rounded half up to the cent. Returns -1 when the
 * figures are out of range.
 */
int
money_line_total(int unit_weight, int64_t qty, int64_t price, int64_t *total)
{
	if (qty <= 0 || price < 0 || qty > MONEY_MAX || price > MONEY_MAX)
		return (-1);
	if (price != 0 && qty > MONEY_MAX / price)
		return (-1);
	if (unit_weight)
		*total = money_muldiv(qty, price, 1000);
	else
		*total = qty * price;
	return (0);
}

/*
 * A JSON number from the state system (2, 2.0, -0.125, 31.0) in
 * thousandths, rounded to the nearest, half away from zero (the state
 * writes at most three places; a fourth is noise of the float it went
 * through). Quantities, ounces and amounts all come this way. -1 if it is
 * not a number or its size passes MONEY_MILLI_MAX either way: no package,
 * allotment or amount comes near it, and it keeps the float exact to the
 * thousandth. Callers that want no sign check it themselves.
 */
int
money_json_milli(json_t *v, int64_t *out)
{
	double		d;
	json_int_t	i;

	if (json_is_integer(v)) {
		i = json_integer_value(v);
		if (i > MONEY_MILLI_MAX / 1000 || i < -(MONEY_MILLI_MAX / 1000))
			return (-1);
		*out = (int64_t)i * 1000;
		return (0);
	}
	if (!json_is_real(v))
		return (-1);
	d = json_real_value(v) * 1000;
	if (!(d >= -(double)MONEY_MILLI_MAX && d <= (double)MONEY_MILLI_MAX))
		return (-1);	/* NaN too */
	*out = (int64_t)(d < 0 ? d - 0.5 : d + 0.5);
	return (0);
}

/*
 * A fixed-point figure: n in units of 1/100 (digits 2) or 1/1000 (digits
 * 3), signed, with every decimal shown and then suffix.
 */
static char *
money_fixed(int64_t n, int digits, const char *suffix, char *out,
    size_t len)
{
	const char	*sign = "";
	uint64_t	 v, scale = digits == 3 ? 1000 : 100;

	if (n < 0) {
		sign = "-";
		v = (uint64_t)0 - (uint64_t)n;
	} else
		v = (uint64_t)n;
	snprintf(out, len, "%s%llu.%0*llu%s", sign,
	    (unsigned long long)(v / scale), digits,
	    (unsigned long long)(v % scale), suffix);
	return (out);
}

char *
money_fmt(int64_t cents, char *out, size_t len)
{
	return (money_fixed(cents, 2, "", out, len));
}

/*
 * Parse a decimal with up to scale fraction digits into an integer of that
 * scale: "12.3" at scale 2 is 1230. No sign, no exponent, no thousands
 * separators.
 */
static int
money_parse_scaled(const char *s, int scale, int64_t *out)
{
	int64_t	v = 0;
	int	digits = 0, frac = -1;

	if (*s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (*s == '.') {
			if (frac != -1)
				return (-1);
			frac = 0;
			continue;
		}
		if (!isdigit((u_char)*s))
			return (-1);
		if (frac != -1 && ++frac > scale)
			return (-1);
		if (v > (MONEY_MAX - 9) / 10)
			return (-1);
		v = v * 10 + (*s - '0');
		digits++;
	}
	if (digits == 0)
		return (-1);
	if (frac == -1)
		frac = 0;
	for (; frac < scale; frac++) {
		if (v > MONEY_MAX / 10)
			return (-1);
		v *= 10;
	}
	*out = v;
	return (0);
}

int
money_parse(const char *s, int64_t *cents)
{
	return (money_parse_scaled(s, 2, cents));
}

char *
weight_fmt(int64_t mg, char *out, size_t len)
{
	return (money_fixed(mg, 3, " g", out, len));
}

/* Grams with up to three decimals into milligrams. */
int
weight_parse(const char *s, int64_t *mg)
{
	return (money_parse_scaled(s, 3, mg));
}
