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
 * anywhere on the way from a scan to the ledger.
 */

#define MONEY_MAX	(INT64_C(1) << 50)	/* far beyond any sale */

/*
 * The total of a line. For a product sold each, qty units at price cents.
 * For a product sold by weight, qty milligrams at price cents per gram:
 * qty * price / 1000, rounded half up to the cent (the only rounding in a
 * sale today; tax rounding is added with the tax rules). Returns -1 when the
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
		*total = (qty * price + 500) / 1000;
	else
		*total = qty * price;
	return (0);
}

char *
money_fmt(int64_t cents, char *out, size_t len)
{
	const char	*sign = "";
	uint64_t	 v;

	if (cents < 0) {
		sign = "-";
		v = (uint64_t)0 - (uint64_t)cents;
	} else
		v = (uint64_t)cents;
	snprintf(out, len, "%s%llu.%02llu", sign,
	    (unsigned long long)(v / 100), (unsigned long long)(v % 100));
	return (out);
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
	const char	*sign = "";
	uint64_t	 v;

	if (mg < 0) {
		sign = "-";
		v = (uint64_t)0 - (uint64_t)mg;
	} else
		v = (uint64_t)mg;
	snprintf(out, len, "%s%llu.%03llu g", sign,
	    (unsigned long long)(v / 1000), (unsigned long long)(v % 1000));
	return (out);
}

/* Grams with up to three decimals into milligrams. */
int
weight_parse(const char *s, int64_t *mg)
{
	return (money_parse_scaled(s, 3, mg));
}
