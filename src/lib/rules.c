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

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

/*
 * The rule-file parser (the format is in contrib/rules/README.md). A rule
 * file is outside input (DESIGN rule 6): every line is checked and the
 * first error is reported as FILE:LINE: reason; on any error nothing is
 * returned, never half a rule set.
 *
 * Amounts are written with their unit and converted exactly to integer
 * micrograms, microlitres or units. Where the written amount is not a whole
 * microgram or microlitre (only ounces and fluid ounces can do that) it is
 * rounded down: a smaller cap is the stricter one, and by under 1 ug.
 */

static const char *rules_categories[] = {
	"flower", "preroll", "concentrate", "vape", "edible", "beverage",
	"tincture", "topical", "capsule", NULL
};
static const char *rules_routes[] = {
	"smokable", "inhalation", "edible", "oral", "sublingual", "topical",
	"suppository", NULL
};
static const char *rules_measures[] = {
	"net", "flower", "conc", "thc", "other", "volume", "units", NULL
};

/* Units: the factor to ug, ul or units is num / den. */
static const struct {
	const char		*name;
	enum limits_kind	 kind;
	int64_t			 num;
	int64_t			 den;
} rules_units[] = {
	{ "mg", LK_MASS, 1000, 1 },
	{ "g", LK_MASS, 1000000, 1 },
	{ "kg", LK_MASS, 1000000000, 1 },
	{ "oz", LK_MASS, INT64_C(28349523125), 1000 },	/* 28.349523125 g */
	{ "lb", LK_MASS, INT64_C(453592370), 1 },	/* 0.45359237 kg */
	{ "ml", LK_VOLUME, 1000, 1 },
	{ "l", LK_VOLUME, 1000000, 1 },
	{ "floz", LK_VOLUME, INT64_C(295735295625), 10000000 }, /* US */
	{ "unit", LK_COUNT, 1, 1 },
	{ "units", LK_COUNT, 1, 1 },
};

struct rules_parse {
	const char		*path;
	u_int			 line;
	char			*err;
	struct rules		*r;
	struct rules_pool	*pool;		/* the open pool block */
	int			 seen_header;
	int			 have_who, have_window, have_cap;
	int			 local;		/* a local tax file */
};

static int	rules_rate(struct rules_parse *, const char *,
		    struct rules_tax *);
static int	rules_tax_line(struct rules_parse *, char **, u_int);
static int	rules_taxes_done(struct rules_parse *);
static int	rules_local_line(struct rules_parse *, char **, u_int);
static int	rules_who(struct rules_parse *, char *, uint32_t *);

static int printflike(2, 3)
rules_error(struct rules_parse *rp, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (rp->err != NULL)
		return (-1);
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (rp->line != 0)
		xasprintf(&rp->err, "%s:%u: %s", rp->path, rp->line, msg);
	else
		xasprintf(&rp->err, "%s: %s", rp->path, msg);
	free(msg);
	return (-1);
}

static int
rules_lookup(const char **list, const char *s, size_t n)
{
	int	i;

	for (i = 0; list[i] != NULL; i++) {
		if (strlen(list[i]) == n && strncmp(list[i], s, n) == 0)
			return (i);
	}
	return (-1);
}

/* Entry i of a list of n names, or "?" for any other i. */
static const char *
rules_list_name(const char **list, int n, int i)
{
	if (i < 0 || i >= n)
		return ("?");
	return (list[i]);
}

int
rules_category(const char *s)
{
	return (rules_lookup(rules_categories, s, strlen(s)));
}

int
rules_route(const char *s)
{
	return (rules_lookup(rules_routes, s, strlen(s)));
}

const char *
rules_category_name(int i)
{
	return (rules_list_name(rules_categories, (int)(sizeof
	    rules_categories / sizeof rules_categories[0]) - 1, i));
}

const char *
rules_route_name(int i)
{
	if (i < 0 || i >= (int)(sizeof rules_routes /
	    sizeof rules_routes[0]) - 1)
		return (NULL);
	return (rules_routes[i]);
}

const char *
rules_window_str(const struct rules_pool *p, char *out, size_t len)
{
	switch (p->window) {
	case LW_TRANSACTION:
		strlcpy(out, "transaction", len);
		break;
	case LW_DAY:
		strlcpy(out, "day", len);
		break;
	case LW_MONTH:
		strlcpy(out, "calendar month", len);
		break;
	case LW_ROLLING:
		xsnprintf(out, len, "rolling %d days", p->days);
		break;
	}
	return (out);
}

static rules_u128
rules_gcd(rules_u128 a, rules_u128 b)
{
	rules_u128	t;

	while (b != 0) {
		t = a % b;
		a = b;
		b = t;
	}
	return (a);
}

/* Split a line into words; "quoted text" is one word. */
static int
rules_split(struct rules_parse *rp, char *s, char **w, u_int max, u_int *n)
{
	*n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '#')
			return (0);
		if (*n == max)
			return (rules_error(rp, "too many words on the line "
			    "(at most %u)", max));
		if (*s == '"') {
			w[(*n)++] = ++s;
			while (*s != '"' && *s != '\0')
				s++;
			if (*s != '"')
				return (rules_error(rp, "unterminated quote"));
			*s++ = '\0';
			if (*s != '\0' && *s != ' ' && *s != '\t')
				return (rules_error(rp, "text after a closing "
				    "quote"));
			continue;
		}
		w[(*n)++] = s;
		while (*s != '\0' && *s != ' ' && *s != '\t') {
			if (*s == '"')
				return (rules_error(rp, "a quote inside a "
				    "word"));
			s++;
		}
		if (*s != '\0')
			*s++ = '\0';
	}
}

/* A name: letters, digits, '_' and '-', starting with a letter. */
static int
rules_name(struct rules_parse *rp, const char *s, const char *what)
{
	size_t	i;

	if (!isalpha((u_char)s[0]))
		return (rules_error(rp, "%s \"%s\" must start with a letter",
		    what, s));
	for (i = 0; s[i] != '\0'; i++) {
		if (!isalnum((u_char)s[i]) && s[i] != '_' && s[i] != '-')
			return (rules_error(rp, "%s \"%s\": only letters, "
			    "digits, '_' and '-'", what, s));
	}
	if (i >= RULES_NAME_MAX)
		return (rules_error(rp, "%s \"%s\" is longer than %d "
		    "characters", what, s, RULES_NAME_MAX - 1));
	return (0);
}

/* YYYY-MM-DD, a real date, into YYYYMMDD. */
static int
rules_date(struct rules_parse *rp, const char *s, int *out)
{
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
				     31, 30, 31 };
	int			 y, m, d, i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				break;
		} else if (!isdigit((u_char)s[i]))
			break;
	}
	if (i != 10 || s[10] != '\0')
		return (rules_error(rp, "bad date \"%s\" (expected "
		    "YYYY-MM-DD)", s));
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1970 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] || (m == 2 && d == 29 &&
	    (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0))))
		return (rules_error(rp, "no such date \"%s\"", s));
	*out = y * 10000 + m * 100 + d;
	return (0);
}

/*
 * An amount with its unit, no space: "28.5g", "8000mg", "2.5oz", "72floz",
 * "10units". Up to 6 decimals. Rounded down to a whole ug/ul (see above).
 */
static int
rules_amount(struct rules_parse *rp, const char *s, enum limits_kind *kind,
    int64_t *out)
{
	unsigned __int128	 v = 0, den = 1;
	const char		*p = s;
	size_t			 i, digits = 0, frac = 0;

	while (isdigit((u_char)*p)) {
		v = v * 10 + (u_int)(*p++ - '0');
		if (++digits > 15)
			return (rules_error(rp, "amount \"%s\" is too large",
			    s));
	}
	if (*p == '.') {
		p++;
		while (isdigit((u_char)*p)) {
			v = v * 10 + (u_int)(*p++ - '0');
			den *= 10;
			if (++frac > 6)
				return (rules_error(rp, "amount \"%s\": at "
				    "most 6 decimals", s));
		}
		if (frac == 0)
			return (rules_error(rp, "amount \"%s\": digits must "
			    "follow the point", s));
	}
	if (digits == 0)
		return (rules_error(rp, "amount \"%s\" must start with a "
		    "number, e.g. 28.5g", s));
	if (*p == '\0')
		return (rules_error(rp, "amount \"%s\" has no unit (mg, g, "
		    "kg, oz, lb, ml, l, floz or units)", s));
	for (i = 0; i < sizeof rules_units / sizeof rules_units[0]; i++) {
		if (strcmp(p, rules_units[i].name) == 0)
			break;
	}
	if (i == sizeof rules_units / sizeof rules_units[0])
		return (rules_error(rp, "amount \"%s\": unknown unit \"%s\" "
		    "(mg, g, kg, oz, lb, ml, l, floz or units)", s, p));
	if (rules_units[i].kind == LK_COUNT && frac != 0)
		return (rules_error(rp, "amount \"%s\": a count is a whole "
		    "number", s));
	v = v * (unsigned __int128)rules_units[i].num /
	    (den * (unsigned __int128)rules_units[i].den);
	if (v == 0)
		return (rules_error(rp, "amount \"%s\" is zero", s));
	if (v > (unsigned __int128)RULES_CAP_MAX)
		return (rules_error(rp, "amount \"%s\" is too large (at most "
		    "1000kg or 1000l)", s));
	*kind = rules_units[i].kind;
	*out = (int64_t)v;
	return (0);
}

/* "NAME" or "!NAME": a declared option. */
static int
rules_guard(struct rules_parse *rp, const char *s, int *opt, int *neg)
{
	u_int	i;

	*neg = (*s == '!');
	if (*neg)
		s++;
	for (i = 0; i < rp->r->noptions; i++) {
		if (strcmp(rp->r->options[i].name, s) == 0) {
			*opt = (int)i;
			return (0);
		}
	}
	return (rules_error(rp, "no option \"%s\" (declare it with option "
	    "before the pools)", s));
}

/* "flower,preroll", "*", "route:smokable", "!topical", "route:!smokable" */
static int
rules_selector(struct rules_parse *rp, char *s, struct rules_term *t)
{
	char		*word, *next;
	int		 neg, route, i;
	uint32_t	*yes, *no;

	if (strcmp(s, "*") == 0)
		return (0);
	for (word = s; word != NULL; word = next) {
		if ((next = strchr(word, ',')) != NULL)
			*next++ = '\0';
		route = (strncmp(word, "route:", 6) == 0);
		if (route)
			word += 6;
		neg = (*word == '!');
		if (neg)
			word++;
		if (route)
			i = rules_route(word);
		else
			i = rules_category(word);
		if (i == -1) {
			if (route)
				return (rules_error(rp, "unknown route \"%s\" "
				    "(smokable, inhalation, edible, oral, "
				    "sublingual, topical, suppository)", word));
			return (rules_error(rp, "unknown category \"%s\" "
			    "(flower, preroll, concentrate, vape, edible, "
			    "beverage, tincture, topical, capsule; or "
			    "route:NAME or *)", word));
		}
		yes = route ? &t->route_yes : &t->cat_yes;
		no = route ? &t->route_no : &t->cat_no;
		if ((*yes | *no) & (1U << i))
			return (rules_error(rp, "\"%s\" is named twice",
			    word));
		if (neg)
			*no |= 1U << i;
		else
			*yes |= 1U << i;
	}
	return (0);
}

static int
rules_categories_list(struct rules_parse *rp, char *s, uint32_t *bits)
{
	char	*word, *next;
	int	 i;

	for (word = s; word != NULL; word = next) {
		if ((next = strchr(word, ',')) != NULL)
			*next++ = '\0';
		if ((i = rules_category(word)) == -1)
			return (rules_error(rp, "unknown category \"%s\"",
			    word));
		if (*bits & (1U << i))
			return (rules_error(rp, "\"%s\" is named twice",
			    word));
		*bits |= 1U << i;
	}
	return (0);
}

/* term SELECTOR MEASURE AMOUNT [optional] [if [!]OPTION] */
static int
rules_term(struct rules_parse *rp, char **w, u_int n)
{
	struct rules_pool	*p = rp->pool;
	struct rules_term	*t;
	enum limits_kind	 kind, want;
	int			 m;
	u_int			 i;

	if (n < 4)
		return (rules_error(rp, "term needs SELECTOR MEASURE AMOUNT, "
		    "e.g. term flower,preroll flower 1oz"));
	if (p->nterms == RULES_TERMS_MAX)
		return (rules_error(rp, "pool %s has more than %d terms",
		    p->name, RULES_TERMS_MAX));
	t = &p->terms[p->nterms];
	memset(t, 0, sizeof *t);
	t->opt = -1;
	t->line = rp->line;
	if (rules_selector(rp, w[1], t) != 0)
		return (-1);
	if ((m = rules_lookup(rules_measures, w[2], strlen(w[2]))) == -1)
		return (rules_error(rp, "unknown measure \"%s\" (net, flower, "
		    "conc, thc, other, volume, units)", w[2]));
	t->measure = m;
	if (rules_amount(rp, w[3], &kind, &t->cap) != 0)
		return (-1);
	if (m == LM_VOLUME)
		want = LK_VOLUME;
	else if (m == LM_UNITS)
		want = LK_COUNT;
	else
		want = LK_MASS;
	if (kind != want)
		return (rules_error(rp, "measure %s is a %s: \"%s\" is not",
		    w[2], want == LK_MASS ? "weight (mg, g, kg, oz, lb)" :
		    want == LK_VOLUME ? "volume (ml, l, floz)" :
		    "count (units)", w[3]));
	for (i = 4; i < n; i++) {
		if (strcmp(w[i], "optional") == 0 && !t->optional)
			t->optional = 1;
		else if (strcmp(w[i], "if") == 0 && i + 1 < n &&
		    t->opt == -1) {
			if (rules_guard(rp, w[++i], &t->opt, &t->opt_neg) != 0)
				return (-1);
		} else
			return (rules_error(rp, "unexpected \"%s\" after the "
			    "amount (optional, if OPTION)", w[i]));
	}
	p->nterms++;
	return (0);
}

static int
rules_pool_end(struct rules_parse *rp)
{
	struct rules_pool	*p = rp->pool;
	rules_u128		 l, g, lim = (rules_u128)1 << RULES_LCM_BITS;
	u_int			 i, line = rp->line;

	if (p == NULL)
		return (0);
	rp->line = p->line;
	if (!rp->have_who)
		return (rules_error(rp, "pool %s has no who line", p->name));
	if (!rp->have_window)
		return (rules_error(rp, "pool %s has no window line",
		    p->name));
	if (p->nterms == 0)
		return (rules_error(rp, "pool %s has no term", p->name));
	if (p->from != 0 && p->until != 0 && p->until < p->from)
		return (rules_error(rp, "pool %s: until is before from",
		    p->name));
	if (!rp->have_cap) {
		p->cap = p->terms[0].cap;
		p->kind = p->terms[0].measure == LM_VOLUME ? LK_VOLUME :
		    p->terms[0].measure == LM_UNITS ? LK_COUNT : LK_MASS;
	}
	/* The exact check is sum(q * lcm / cap) <= lcm: lcm must fit. */
	l = 1;
	for (i = 0; i < p->nterms; i++) {
		g = rules_gcd(l, (rules_u128)p->terms[i].cap);
		if (l / g > lim / (rules_u128)p->terms[i].cap) {
			rp->line = p->terms[i].line;
			return (rules_error(rp, "pool %s: the caps are too "
			    "unlike to combine exactly (their least common "
			    "multiple overflows); write them in rounder "
			    "amounts", p->name));
		}
		l = l / g * (rules_u128)p->terms[i].cap;
	}
	p->lcm = l;
	for (i = 0; i < p->nterms; i++)
		p->terms[i].weight = l / (rules_u128)p->terms[i].cap;
	rp->line = line;
	rp->pool = NULL;
	return (0);
}

static int
rules_header_done(struct rules_parse *rp)
{
	struct rules	*r = rp->r;

	if (r->id[0] == '\0')
		return (rules_error(rp, "no jurisdiction line before here"));
	if (r->name == NULL)
		return (rules_error(rp, "no name line before here"));
	if (r->zone[0] == '\0')
		return (rules_error(rp, "no zone line before here"));
	if (r->effective == 0)
		return (rules_error(rp, "no effective line before here"));
	if (r->verified == 0)
		return (rules_error(rp, "no verified line before here"));
	if (r->ncites == 0)
		return (rules_error(rp, "no cite line before here: every "
		    "rule file cites its law"));
	return (0);
}

static int
rules_zone(struct rules_parse *rp, const char *s)
{
	struct stat	 sb;
	const char	*dir;
	char		 path[PATH_MAX];
	size_t		 i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!isalnum((u_char)s[i]) && strchr("/_+-", s[i]) == NULL)
			return (rules_error(rp, "bad zone \"%s\"", s));
	}
	if (i == 0 || i >= sizeof rp->r->zone || s[0] == '/' ||
	    strstr(s, "..") != NULL)
		return (rules_error(rp, "bad zone \"%s\"", s));
	if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	xsnprintf(path, sizeof path, "%s/%s", dir, s);
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return (rules_error(rp, "unknown zone \"%s\" (no %s; is "
		    "tzdata installed?)", s, path));
	strlcpy(rp->r->zone, s, sizeof rp->r->zone);
	return (0);
}

static int
rules_once(struct rules_parse *rp, int seen, const char *what)
{
	if (seen)
		return (rules_error(rp, "%s given twice", what));
	return (0);
}

/* medical-age YEARS "citation" or caregiver-age YEARS "citation". */
static int
rules_age_line(struct rules_parse *rp, char **w, u_int n)
{
	struct rules	*r = rp->r;
	const char	*errstr;
	char		**cite;
	int		*age, v;

	if (strcmp(w[0], "medical-age") == 0) {
		age = &r->medical_age;
		cite = &r->medical_age_cite;
	} else {
		age = &r->caregiver_age;
		cite = &r->caregiver_age_cite;
	}
	if (n != 3 || *w[2] == '\0')
		return (rules_error(rp, "%s takes YEARS \"citation\"", w[0]));
	if (rules_once(rp, *cite != NULL, w[0]) != 0)
		return (-1);
	v = (int)util_strtonum(w[1], 0, 99, &errstr);
	if (errstr != NULL)
		return (rules_error(rp, "%s: \"%s\" is not an age (0 to 99)",
		    w[0], w[1]));
	*age = v;
	*cite = xstrdup(w[2]);
	return (0);
}

/*
 * deadline adult|medical DURATION "citation": how long a sale may take to
 * reach the state. DURATION is a number and s, m, h or d ("24h"), or
 * "realtime", which is read as 5 minutes: the drainer sends at once, and
 * the dashboard warns once a sale has waited that long.
 */
#define RULES_REALTIME	300
static int
rules_deadline_line(struct rules_parse *rp, char **w, u_int n)
{
	struct rules	*r = rp->r;
	const char	*errstr;
	char		 num[16];
	size_t		 len;
	int64_t		 v, mul;
	int		 which;

	if (n != 4 || *w[3] == '\0')
		return (rules_error(rp, "deadline takes adult or medical, a "
		    "duration (24h, 15m, realtime) and \"citation\""));
	if (strcmp(w[1], "adult") == 0)
		which = RULES_DEADLINE_ADULT;
	else if (strcmp(w[1], "medical") == 0)
		which = RULES_DEADLINE_MEDICAL;
	else
		return (rules_error(rp, "deadline is for adult or medical, "
		    "not \"%s\"", w[1]));
	if (r->deadline_cite[which] != NULL)
		return (rules_error(rp, "deadline %s given twice", w[1]));
	if (strcmp(w[2], "realtime") == 0)
		v = RULES_REALTIME;
	else {
		len = strlen(w[2]);
		if (len < 2 || len >= sizeof num)
			goto bad;
		switch (w[2][len - 1]) {
		case 's':
			mul = 1;
			break;
		case 'm':
			mul = 60;
			break;
		case 'h':
			mul = 3600;
			break;
		case 'd':
			mul = 86400;
			break;
		default:
			goto bad;
		}
		memcpy(num, w[2], len - 1);
		num[len - 1] = '\0';
		v = util_strtonum(num, 1, 366 * 86400 / mul, &errstr);
		if (errstr != NULL)
			goto bad;
		v *= mul;
	}
	r->deadline[which] = v;
	r->deadline_cite[which] = xstrdup(w[3]);
	return (0);
bad:
	return (rules_error(rp, "deadline: \"%s\" is not a duration (a "
	    "number and s, m, h or d, up to a year; or realtime)", w[2]));
}

/*
 * receipt licence "citation" | receipt tags "citation" |
 * receipt thc WHO "citation" | receipt warning WHO "text" "citation".
 */
static int
rules_receipt_line(struct rules_parse *rp, char **w, u_int n)
{
	struct rules		*r = rp->r;
	struct rules_warning	*wr;
	int			 bit;

	if (n >= 2 && strcmp(w[1], "warning") == 0) {
		if (n != 5 || *w[3] == '\0' || *w[4] == '\0')
			return (rules_error(rp, "receipt warning takes WHO "
			    "\"text\" \"citation\""));
		if (r->nwarnings == RULES_WARNINGS_MAX)
			return (rules_error(rp, "more than %d receipt warnings",
			    RULES_WARNINGS_MAX));
		if (strlen(w[3]) > 480)
			return (rules_error(rp, "a receipt warning is at most "
			    "480 characters"));
		wr = &r->warnings[r->nwarnings];
		if (rules_who(rp, w[2], &wr->who) != 0)
			return (-1);
		wr->text = xstrdup(w[3]);
		wr->cite = xstrdup(w[4]);
		r->nwarnings++;
		return (0);
	}
	if (n >= 2 && strcmp(w[1], "thc") == 0) {
		if (n != 4 || *w[3] == '\0')
			return (rules_error(rp, "receipt thc takes WHO "
			    "\"citation\""));
		if (rules_once(rp, (r->receipt & RULES_RECEIPT_THC) != 0,
		    "receipt thc") != 0)
			return (-1);
		if (rules_who(rp, w[2], &r->receipt_thc_who) != 0)
			return (-1);
		r->receipt |= RULES_RECEIPT_THC;
		return (0);
	}
	if (n == 3 && strcmp(w[1], "licence") == 0)
		bit = RULES_RECEIPT_LICENCE;
	else if (n == 3 && strcmp(w[1], "tags") == 0)
		bit = RULES_RECEIPT_TAGS;
	else
		return (rules_error(rp, "receipt takes licence \"citation\", "
		    "tags \"citation\", thc WHO \"citation\" or warning WHO "
		    "\"text\" \"citation\""));
	if (*w[2] == '\0')
		return (rules_error(rp, "receipt %s needs its citation", w[1]));
	if (rules_once(rp, (r->receipt & bit) != 0, w[1]) != 0)
		return (-1);
	r->receipt |= bit;
	return (0);
}

/* --- delivery rules --------------------------------------------------- */

/* How a delivery rule's value is written. */
enum rules_dvalue {
	RDV_NONE,	/* nothing: the rule is a requirement */
	RDV_MONEY,	/* $10000 or $10000.00 */
	RDV_MASS,	/* an amount by weight: 15oz */
	RDV_COUNT,	/* a whole number */
	RDV_HOURS,	/* HH:MM-HH:MM */
	RDV_TIME,	/* HH:MM */
	RDV_DESTS,	/* residence,lounge */
	RDV_YESNO,	/* yes or no */
	RDV_DAYS,	/* 90d */
	RDV_FIELDS,	/* ledger-number,driver-name */
	RDV_REFUSAL,	/* NAME "text" */
	RDV_METRC,	/* planned or retailer */
};

static const struct {
	const char		*name;
	enum rules_dvalue	 value;
	int			 per_order;	/* may say who */
	int64_t			 min, max;	/* RDV_COUNT */
} rules_dkinds[RD_COUNT] = {
	[RD_CAP_TOTAL] = { "cap-total", RDV_MONEY, 0, 0, 0 },
	[RD_CAP_UNORDERED] = { "cap-unordered", RDV_MONEY, 0, 0, 0 },
	[RD_CAP_WEIGHT] = { "cap-weight", RDV_MASS, 0, 0, 0 },
	[RD_STOPS] = { "stops", RDV_COUNT, 0, 1, 1000 },
	[RD_HOURS] = { "hours", RDV_HOURS, 1, 0, 0 },
	[RD_CUTOFF] = { "cutoff", RDV_TIME, 1, 0, 0 },
	[RD_TO] = { "to", RDV_DESTS, 1, 0, 0 },
	[RD_NOT_TO] = { "not-to", RDV_DESTS, 1, 0, 0 },
	[RD_PREPAID] = { "prepaid", RDV_NONE, 1, 0, 0 },
	[RD_CREW] = { "crew", RDV_COUNT, 0, 1, 10 },
	[RD_DRIVER_AGE] = { "driver-age", RDV_COUNT, 0, 16, 99 },
	[RD_LEDGER] = { "ledger", RDV_NONE, 0, 0, 0 },
	[RD_DYNAMIC] = { "dynamic", RDV_YESNO, 0, 0, 0 },
	[RD_PER_DAY] = { "per-day", RDV_COUNT, 1, 1, 100 },
	[RD_GPS] = { "gps", RDV_NONE, 0, 0, 0 },
	[RD_GPS_KEEP] = { "gps-keep", RDV_DAYS, 0, 0, 0 },
	[RD_CAMERA] = { "camera", RDV_NONE, 0, 0, 0 },
	[RD_CAMERA_KEEP] = { "camera-keep", RDV_DAYS, 0, 0, 0 },
	[RD_BODYCAM] = { "bodycam", RDV_NONE, 1, 0, 0 },
	[RD_PREVERIFIED] = { "preverified", RDV_NONE, 1, 0, 0 },
	[RD_MANIFEST] = { "manifest", RDV_FIELDS, 0, 0, 0 },
	[RD_RECORD] = { "record", RDV_FIELDS, 0, 0, 0 },
	[RD_REFUSAL] = { "refusal", RDV_REFUSAL, 0, 0, 0 },
	[RD_FEE_TAXED] = { "fee-taxed", RDV_YESNO, 0, 0, 0 },
	[RD_METRC] = { "metrc", RDV_METRC, 0, 0, 0 },
};

static const char *rules_dests[] = {
	"residence", "lounge", "business", "hotel", "dorm", "campus",
	"school", "daycare", "youth-centre", "public-land", "public-building",
	"subsidised-housing", "out-of-state", NULL
};

static const char *rules_mfields[] = {
	"ledger-number", "retailer-name", "retailer-licence", "driver-name",
	"driver-employee-id", "driver-licence", "vehicle-make",
	"vehicle-model", "vehicle-colour", "vehicle-plate", "vehicle-vin",
	"item-name", "item-category", "item-uid", "item-units",
	"item-ordered", "item-value", "item-weight", "departure-time",
	"completion-time", "customer-type", "quantity", "price", "city",
	"county", "zip", "stop-log", NULL
};

/*
 * The reasons a driver may give for an order not handed over, in every
 * state; a rule file adds its own with "delivery refusal".
 */
static const struct {
	const char	*name;
	const char	*text;
} rules_refusals[] = {
	{ "not-home", "nobody at the address" },
	{ "no-id", "no identification shown" },
	{ "id-refused", "the identification is not valid or does not "
	    "match the order" },
	{ "underage", "the customer is under the age for this order" },
	{ "not-buyer", "the person is not the customer who ordered" },
	{ "intoxicated", "the customer appears intoxicated" },
	{ "cancelled", "the customer cancelled at the door" },
	{ "address", "the address is not one delivery is allowed to" },
	{ "unsafe", "the driver judged the stop unsafe" },
	{ "payment", "payment was not made" },
};
#define RULES_REFUSALS_BUILTIN	\
	(sizeof rules_refusals / sizeof rules_refusals[0])

const char *
rules_dkind_name(enum rules_dkind k)
{
	if ((u_int)k >= RD_COUNT)
		return ("?");
	return (rules_dkinds[k].name);
}

const char *
rules_delivery_name(int status)
{
	switch (status) {
	case RULES_DELIVERY_ALLOWED:
		return ("allowed");
	case RULES_DELIVERY_FORBIDDEN:
		return ("forbidden");
	}
	return ("unknown");
}

int
rules_dest(const char *s)
{
	return (rules_lookup(rules_dests, s, strlen(s)));
}

const char *
rules_dest_name(int i)
{
	return (rules_list_name(rules_dests, RULES_DEST_COUNT, i));
}

int
rules_mfield(const char *s)
{
	return (rules_lookup(rules_mfields, s, strlen(s)));
}

const char *
rules_mfield_name(int i)
{
	return (rules_list_name(rules_mfields, RULES_MF_COUNT, i));
}

/* The n'th reason every state has (NULL past the end), and its text. */
const char *
rules_refusal_builtin(u_int n, const char **text)
{
	if (n >= RULES_REFUSALS_BUILTIN)
		return (NULL);
	if (text != NULL)
		*text = rules_refusals[n].text;
	return (rules_refusals[n].name);
}

/*
 * Is NAME a reason a driver may give under r? Its text (and the
 * citation, NULL for the reasons every state has), or NULL.
 */
const char *
rules_refusal(const struct rules *r, const char *name, const char **cite)
{
	u_int	i;

	for (i = 0; i < RULES_REFUSALS_BUILTIN; i++) {
		if (strcmp(rules_refusals[i].name, name) == 0) {
			if (cite != NULL)
				*cite = NULL;
			return (rules_refusals[i].text);
		}
	}
	for (i = 0; i < r->ndrules; i++) {
		if (r->drules[i].kind == RD_REFUSAL &&
		    strcmp(r->drules[i].name, name) == 0) {
			if (cite != NULL)
				*cite = r->drules[i].cite;
			return (r->drules[i].text);
		}
	}
	return (NULL);
}

/*
 * Is delivery rule d in force on local date day (YYYYMMDD) with these
 * options (0/1 by index; NULL: the defaults)?
 */
int
rules_drule_applies(const struct rules *r, const struct rules_drule *d,
    int day, const int *options)
{
	int	on;

	if (d->from != 0 && day < d->from)
		return (0);
	if (d->until != 0 && day > d->until)
		return (0);
	if (d->opt == -1)
		return (1);
	on = options != NULL ? options[d->opt] : r->options[d->opt].dflt;
	return (d->opt_neg ? !on : on);
}

/*
 * The value of the last rule of a kind that holds on day (YYYYMMDD,
 * store-local) with the file's option defaults, or dflt if none does
 * (or there is no rule file): the fee-taxed and metrc lines.
 */
int64_t
rules_delivery_value(const struct rules *r, enum rules_dkind kind, int day,
    int64_t dflt)
{
	u_int	i;

	for (i = 0; r != NULL && i < r->ndrules; i++) {
		if (r->drules[i].kind == kind &&
		    rules_drule_applies(r, &r->drules[i], day, NULL))
			dflt = r->drules[i].value;
	}
	return (dflt);
}

/* HH:MM, 00:00 to 24:00, into minutes after midnight. */
static int
rules_clock(const char *s, size_t len, int64_t *out)
{
	int	h, m;

	if (len != 5 || !isdigit((u_char)s[0]) || !isdigit((u_char)s[1]) ||
	    s[2] != ':' || !isdigit((u_char)s[3]) || !isdigit((u_char)s[4]))
		return (-1);
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return (-1);
	*out = h * 60 + m;
	return (0);
}

static int
rules_dlist(struct rules_parse *rp, char *s, const char **list,
    const char *what, uint32_t *bits)
{
	char	*word, *next;
	int	 i;

	*bits = 0;
	for (word = s; word != NULL; word = next) {
		if ((next = strchr(word, ',')) != NULL)
			*next++ = '\0';
		if ((i = rules_lookup(list, word, strlen(word))) == -1)
			return (rules_error(rp, "unknown %s \"%s\" (see "
			    "contrib/rules/README.md, \"Delivery\")", what,
			    word));
		if (*bits & (1U << i))
			return (rules_error(rp, "\"%s\" is named twice", word));
		*bits |= 1U << i;
	}
	return (0);
}

/* A delivery rule's value, by its kind. */
static int
rules_dvalue(struct rules_parse *rp, struct rules_drule *d, char *s)
{
	const char	*k = rules_dkinds[d->kind].name, *errstr;
	enum limits_kind kind;
	int64_t		 v;
	size_t		 len;

	switch (rules_dkinds[d->kind].value) {
	case RDV_MONEY:
		if (*s != '$' || money_parse(s + 1, &v) != 0)
			return (rules_error(rp, "delivery %s: \"%s\" is not an "
			    "amount of money (like $10000 or $2500.50)", k, s));
		if (v <= 0 || v > RULES_MONEY_CAP_MAX)
			return (rules_error(rp, "delivery %s: %s is zero or "
			    "over $10,000,000", k, s));
		d->value = v;
		return (0);
	case RDV_MASS:
		if (rules_amount(rp, s, &kind, &v) != 0)
			return (-1);
		if (kind != LK_MASS)
			return (rules_error(rp, "delivery %s: \"%s\" is not a "
			    "weight (mg, g, kg, oz, lb)", k, s));
		if (v < 1000)
			return (rules_error(rp, "delivery %s: \"%s\" is under "
			    "a milligram", k, s));
		d->value = v / 1000;	/* mg, rounded down: stricter */
		return (0);
	case RDV_COUNT:
		d->value = util_strtonum(s, rules_dkinds[d->kind].min,
		    rules_dkinds[d->kind].max, &errstr);
		if (errstr != NULL)
			return (rules_error(rp, "delivery %s: \"%s\" is not a "
			    "whole number from %lld to %lld", k, s,
			    (long long)rules_dkinds[d->kind].min,
			    (long long)rules_dkinds[d->kind].max));
		return (0);
	case RDV_HOURS:
		if (strlen(s) != 11 || s[5] != '-' ||
		    rules_clock(s, 5, &d->value) != 0 ||
		    rules_clock(s + 6, 5, &d->value2) != 0)
			return (rules_error(rp, "delivery hours: \"%s\" is not "
			    "HH:MM-HH:MM (like 06:00-22:00)", s));
		if (d->value >= d->value2)
			return (rules_error(rp, "delivery hours: %s ends "
			    "before it starts (a window across midnight is "
			    "two lines' worth: not supported)", s));
		return (0);
	case RDV_TIME:
		if (rules_clock(s, strlen(s), &d->value) != 0 ||
		    d->value == 0 || d->value == 24 * 60)
			return (rules_error(rp, "delivery %s: \"%s\" is not a "
			    "time of day HH:MM after 00:00 and before 24:00",
			    k, s));
		return (0);
	case RDV_DESTS:
		return (rules_dlist(rp, s, rules_dests, "destination",
		    &d->bits));
	case RDV_YESNO:
		if (strcmp(s, "yes") == 0)
			d->value = 1;
		else if (strcmp(s, "no") == 0)
			d->value = 0;
		else
			return (rules_error(rp, "delivery %s is yes or no, not "
			    "\"%s\"", k, s));
		return (0);
	case RDV_METRC:
		if (strcmp(s, "planned") == 0)
			d->value = RULES_METRC_PLANNED;
		else if (strcmp(s, "retailer") == 0)
			d->value = RULES_METRC_RETAILER;
		else
			return (rules_error(rp, "delivery %s is planned or "
			    "retailer, not \"%s\"", k, s));
		return (0);
	case RDV_DAYS:
		len = strlen(s);
		if (len >= 2 && s[len - 1] == 'd') {
			s[len - 1] = '\0';
			d->value = util_strtonum(s, 1, 3660, &errstr);
			s[len - 1] = 'd';
			if (errstr == NULL)
				return (0);
		}
		return (rules_error(rp, "delivery %s: \"%s\" is not a number "
		    "of days (like 90d, at most 3660d)", k, s));
	case RDV_FIELDS:
		return (rules_dlist(rp, s, rules_mfields, "manifest field",
		    &d->bits));
	case RDV_NONE:
	case RDV_REFUSAL:
		break;
	}
	return (0);
}

/* Do two rules' date ranges share a day? */
static int
rules_dates_meet(const struct rules_drule *a, const struct rules_drule *b)
{
	if (a->until != 0 && b->from != 0 && a->until < b->from)
		return (0);
	if (b->until != 0 && a->from != 0 && b->until < a->from)
		return (0);
	return (1);
}

/*
 * delivery allowed|forbidden|unknown "citation", then
 * delivery KIND [VALUE] "citation" [who WHO] [from DATE] [until DATE]
 *     [if [!]OPTION]
 * delivery refusal NAME "text" "citation" [from DATE] [until DATE]
 *     [if [!]OPTION]
 */
static int
rules_delivery_line(struct rules_parse *rp, char **w, u_int n)
{
	struct rules		*r = rp->r;
	struct rules_drule	*d, *o;
	const char		*k;
	u_int			 i, at;
	int			 kind, status = -1;

	if (n < 2)
		return (rules_error(rp, "delivery takes allowed, forbidden or "
		    "unknown and \"its citation\", or a rule (contrib/rules/"
		    "README.md, \"Delivery\")"));
	if (strcmp(w[1], "allowed") == 0)
		status = RULES_DELIVERY_ALLOWED;
	else if (strcmp(w[1], "forbidden") == 0)
		status = RULES_DELIVERY_FORBIDDEN;
	else if (strcmp(w[1], "unknown") == 0)
		status = RULES_DELIVERY_UNKNOWN;
	if (status != -1) {
		if (n != 3 || *w[2] == '\0')
			return (rules_error(rp, "delivery %s takes \"its "
			    "citation\" (or, for unknown, what is missing)",
			    w[1]));
		if (r->delivery_cite != NULL)
			return (rules_error(rp, "delivery allowed, forbidden "
			    "or unknown given twice (line %u)",
			    r->delivery_line));
		if (status != RULES_DELIVERY_ALLOWED && r->ndrules != 0)
			return (rules_error(rp, "delivery %s, but delivery "
			    "rules come before it", w[1]));
		r->delivery = status;
		r->delivery_cite = xstrdup(w[2]);
		r->delivery_line = rp->line;
		return (0);
	}
	for (kind = 0; kind < RD_COUNT; kind++) {
		if (strcmp(rules_dkinds[kind].name, w[1]) == 0)
			break;
	}
	if (kind == RD_COUNT)
		return (rules_error(rp, "unknown delivery rule \"%s\" "
		    "(allowed, forbidden, unknown, cap-total, cap-unordered, "
		    "cap-weight, stops, hours, cutoff, to, not-to, prepaid, "
		    "crew, driver-age, ledger, dynamic, per-day, gps, "
		    "gps-keep, camera, camera-keep, bodycam, preverified, "
		    "manifest, record, refusal, fee-taxed, metrc)", w[1]));
	if (r->delivery_cite == NULL)
		return (rules_error(rp, "delivery %s before \"delivery "
		    "allowed\": say first that the state allows delivery",
		    w[1]));
	if (r->delivery != RULES_DELIVERY_ALLOWED)
		return (rules_error(rp, "delivery %s, but line %u says "
		    "delivery is %s", w[1], r->delivery_line,
		    rules_delivery_name(r->delivery)));
	if (r->ndrules == RULES_DRULES_MAX)
		return (rules_error(rp, "more than %d delivery rules",
		    RULES_DRULES_MAX));
	d = &r->drules[r->ndrules];
	memset(d, 0, sizeof *d);
	d->kind = kind;
	d->opt = -1;
	d->line = rp->line;
	at = 2;
	if (rules_dkinds[kind].value == RDV_REFUSAL) {
		if (n < 5)
			return (rules_error(rp, "delivery refusal takes NAME "
			    "\"what the driver saw\" \"citation\""));
		if (rules_name(rp, w[2], "refusal") != 0)
			return (-1);
		if (rules_refusal(r, w[2], NULL) != NULL)
			return (rules_error(rp, "refusal %s is already a "
			    "reason", w[2]));
		if (*w[3] == '\0' || strlen(w[3]) > 200)
			return (rules_error(rp, "refusal %s: its text is 1 to "
			    "200 characters", w[2]));
		strlcpy(d->name, w[2], sizeof d->name);
		at = 4;
	} else if (rules_dkinds[kind].value != RDV_NONE) {
		if (n < 4)
			return (rules_error(rp, "delivery %s takes a value and "
			    "\"its citation\"", w[1]));
		if (rules_dvalue(rp, d, w[2]) != 0)
			return (-1);
		at = 3;
	}
	if (at >= n || *w[at] == '\0')
		return (rules_error(rp, "delivery %s needs \"its citation\"",
		    w[1]));
	k = w[1];
	for (i = at + 1; i < n; i += 2) {
		if (i + 1 == n)
			return (rules_error(rp, "delivery %s: %s needs a value",
			    k, w[i]));
		if (strcmp(w[i], "who") == 0) {
			if (!rules_dkinds[kind].per_order)
				return (rules_error(rp, "delivery %s is about "
				    "the trip, not an order: no who", k));
			if (rules_once(rp, d->who != 0, "who") != 0 ||
			    rules_who(rp, w[i + 1], &d->who) != 0)
				return (-1);
		} else if (strcmp(w[i], "from") == 0) {
			if (rules_once(rp, d->from != 0, "from") != 0 ||
			    rules_date(rp, w[i + 1], &d->from) != 0)
				return (-1);
		} else if (strcmp(w[i], "until") == 0) {
			if (rules_once(rp, d->until != 0, "until") != 0 ||
			    rules_date(rp, w[i + 1], &d->until) != 0)
				return (-1);
		} else if (strcmp(w[i], "if") == 0) {
			if (rules_once(rp, d->opt != -1, "if") != 0 ||
			    rules_guard(rp, w[i + 1], &d->opt,
			    &d->opt_neg) != 0)
				return (-1);
		} else
			return (rules_error(rp, "delivery %s: unexpected \"%s\" "
			    "after the citation (who, from, until, if)", k,
			    w[i]));
	}
	if (d->from != 0 && d->until != 0 && d->until < d->from)
		return (rules_error(rp, "delivery %s: until is before from",
		    k));
	/* Two lines that could both hold on one day for one order. */
	for (i = 0; i < r->ndrules; i++) {
		o = &r->drules[i];
		if (o->kind != d->kind || strcmp(o->name, d->name) != 0)
			continue;
		if (!rules_dates_meet(o, d))
			continue;
		if (o->opt != -1 && d->opt == o->opt &&
		    d->opt_neg != o->opt_neg)
			continue;	/* one option, both ways */
		if (o->who != 0 && d->who != 0 && (o->who & d->who) == 0)
			continue;
		return (rules_error(rp, "delivery %s given twice for the same "
		    "days (line %u): use from and until, who, or an option",
		    k, o->line));
	}
	d->cite = xstrdup(w[at]);
	if (kind == RD_REFUSAL)
		d->text = xstrdup(w[3]);
	r->ndrules++;
	return (0);
}

static int
rules_pool_line(struct rules_parse *rp, char **w, u_int n)
{
	struct rules_pool	*p = rp->pool;
	const char		*k = w[0], *errstr;
	char			*s;

	if (strcmp(k, "term") == 0)
		return (rules_term(rp, w, n));
	if (strcmp(k, "override") == 0) {
		if (n != 2 || *w[1] == '\0')
			return (rules_error(rp, "override takes \"the citation "
			    "that allows a manager to override this pool\""));
		if (rules_once(rp, p->override != NULL, k) != 0)
			return (-1);
		p->override = xstrdup(w[1]);
		return (0);
	}
	if (strcmp(k, "certificate") == 0) {
		if (n != 1)
			return (rules_error(rp, "certificate takes nothing"));
		if (rules_once(rp, p->certificate, "certificate") != 0)
			return (-1);
		p->certificate = 1;
		return (0);
	}
	if (n != 2 && !(n == 3 && strcmp(k, "window") == 0))
		return (rules_error(rp, "%s takes one value", k));
	if (strcmp(k, "who") == 0) {
		if (rules_once(rp, rp->have_who, k) != 0)
			return (-1);
		rp->have_who = 1;
		return (rules_who(rp, w[1], &p->who));
	}
	if (strcmp(k, "age") == 0) {
		if (rules_once(rp, p->age_min != -1 || p->age_max != -1,
		    k) != 0)
			return (-1);
		if ((s = strchr(w[1], '-')) == NULL)
			return (rules_error(rp, "age is MIN-MAX or MIN-, e.g. "
			    "18-20 or 21-"));
		*s++ = '\0';
		p->age_min = (int)util_strtonum(w[1], 0, 150, &errstr);
		if (errstr != NULL)
			return (rules_error(rp, "age: minimum is %s", errstr));
		if (*s != '\0') {
			p->age_max = (int)util_strtonum(s, p->age_min, 150,
			    &errstr);
			if (errstr != NULL)
				return (rules_error(rp, "age: maximum is %s",
				    errstr));
		}
		return (0);
	}
	if (strcmp(k, "resident") == 0) {
		if (rules_once(rp, p->resident != -1, k) != 0)
			return (-1);
		if (strcmp(w[1], "yes") == 0)
			p->resident = 1;
		else if (strcmp(w[1], "no") == 0)
			p->resident = 0;
		else
			return (rules_error(rp, "resident is yes or no"));
		return (0);
	}
	if (strcmp(k, "window") == 0) {
		if (rules_once(rp, rp->have_window, k) != 0)
			return (-1);
		rp->have_window = 1;
		if (n == 3 && strcmp(w[1], "rolling") == 0) {
			p->window = LW_ROLLING;
			p->days = (int)util_strtonum(w[2], 1, 400, &errstr);
			if (errstr != NULL)
				return (rules_error(rp, "rolling days is %s "
				    "(1 to 400)", errstr));
		} else if (n == 2 && strcmp(w[1], "transaction") == 0)
			p->window = LW_TRANSACTION;
		else if (n == 2 && strcmp(w[1], "day") == 0)
			p->window = LW_DAY;
		else if (n == 2 && strcmp(w[1], "month") == 0)
			p->window = LW_MONTH;
		else
			return (rules_error(rp, "window is transaction, day, "
			    "month or rolling DAYS"));
		return (0);
	}
	if (strcmp(k, "from") == 0) {
		if (rules_once(rp, p->from != 0, k) != 0)
			return (-1);
		return (rules_date(rp, w[1], &p->from));
	}
	if (strcmp(k, "until") == 0) {
		if (rules_once(rp, p->until != 0, k) != 0)
			return (-1);
		return (rules_date(rp, w[1], &p->until));
	}
	if (strcmp(k, "if") == 0) {
		if (rules_once(rp, p->opt != -1, k) != 0)
			return (-1);
		return (rules_guard(rp, w[1], &p->opt, &p->opt_neg));
	}
	if (strcmp(k, "cap") == 0) {
		if (rules_once(rp, rp->have_cap, k) != 0)
			return (-1);
		rp->have_cap = 1;
		return (rules_amount(rp, w[1], &p->kind, &p->cap));
	}
	return (rules_error(rp, "unknown keyword \"%s\" in pool %s", k,
	    p->name));
}

/*
 * A line of a local tax file: stash-taxes 1, then jurisdiction (the state
 * rule file's), verified, cite, note and tax lines.
 */
static int
rules_local_line(struct rules_parse *rp, char **w, u_int n)
{
	struct rules	*r = rp->r;

	if (strcmp(w[0], "note") == 0 || strcmp(w[0], "cite") == 0) {
		if (n < 2 || n > 3 || *w[1] == '\0')
			return (rules_error(rp, "%s takes \"quoted text\"",
			    w[0]));
		return (0);
	}
	if (strcmp(w[0], "tax") == 0) {
		if (!rp->have_who || !rp->have_window)
			return (rules_error(rp, "jurisdiction and verified "
			    "come before the first tax"));
		return (rules_tax_line(rp, w, n));
	}
	if (strcmp(w[0], "jurisdiction") == 0 && n == 2) {
		if (rules_once(rp, rp->have_who, w[0]) != 0)
			return (-1);
		rp->have_who = 1;
		if (strcmp(w[1], r->id) != 0)
			return (rules_error(rp, "these taxes are for %s, but "
			    "the store's rule file is for %s", w[1], r->id));
		return (0);
	}
	if (strcmp(w[0], "verified") == 0 && n == 2) {
		if (rules_once(rp, rp->have_window, w[0]) != 0)
			return (-1);
		rp->have_window = 1;
		return (rules_date(rp, w[1], &rp->have_cap));
	}
	return (rules_error(rp, "a local tax file has jurisdiction ID, "
	    "verified DATE, tax, cite and note lines, not \"%s\"", w[0]));
}

static int
rules_line(struct rules_parse *rp, char *line)
{
	struct rules	*r = rp->r;
	char		*w[40];
	u_int		 n, i;

	if (rules_split(rp, line, w, sizeof w / sizeof w[0], &n) != 0)
		return (-1);
	if (n == 0)
		return (0);
	if (!rp->seen_header) {
		if (n != 2 || strcmp(w[0], rp->local ? "stash-taxes" :
		    "stash-rules") != 0 || strcmp(w[1], "1") != 0)
			return (rules_error(rp, "the first line must be "
			    "\"%s 1\"", rp->local ? "stash-taxes" :
			    "stash-rules"));
		rp->seen_header = 1;
		return (0);
	}
	if (rp->local)
		return (rules_local_line(rp, w, n));
	/* Anywhere. */
	if (strcmp(w[0], "note") == 0) {
		if (n != 2)
			return (rules_error(rp, "note takes one \"quoted "
			    "text\""));
		return (0);
	}
	if (strcmp(w[0], "cite") == 0) {
		if (n < 2 || n > 3 || *w[1] == '\0')
			return (rules_error(rp, "cite takes \"the section\" "
			    "and optionally a URL"));
		if (n == 3 && strncmp(w[2], "https://", 8) != 0 &&
		    strncmp(w[2], "http://", 7) != 0)
			return (rules_error(rp, "cite: \"%s\" is not a URL",
			    w[2]));
		r->ncites++;
		return (0);
	}
	if (strcmp(w[0], "pool") == 0) {
		if (rules_pool_end(rp) != 0)
			return (-1);
		if (r->npools == 0 && rules_header_done(rp) != 0)
			return (-1);
		if (n != 2)
			return (rules_error(rp, "pool takes a name"));
		if (rules_name(rp, w[1], "pool") != 0)
			return (-1);
		for (i = 0; i < r->npools; i++) {
			if (strcmp(r->pools[i].name, w[1]) == 0)
				return (rules_error(rp, "pool %s is already "
				    "defined at line %u", w[1],
				    r->pools[i].line));
		}
		if (r->npools == RULES_POOLS_MAX)
			return (rules_error(rp, "more than %d pools",
			    RULES_POOLS_MAX));
		r->pools = xreallocarray(r->pools, r->npools + 1,
		    sizeof *r->pools);
		rp->pool = &r->pools[r->npools++];
		memset(rp->pool, 0, sizeof *rp->pool);
		strlcpy(rp->pool->name, w[1], sizeof rp->pool->name);
		rp->pool->line = rp->line;
		rp->pool->age_min = rp->pool->age_max = -1;
		rp->pool->resident = -1;
		rp->pool->opt = -1;
		rp->have_who = rp->have_window = rp->have_cap = 0;
		return (0);
	}
	if (rp->pool != NULL) {
		if (strcmp(w[0], "delivery") == 0)
			return (rules_error(rp, "delivery lines go in the "
			    "header, before the first pool"));
		return (rules_pool_line(rp, w, n));
	}

	/* The header, before the first pool. */
	if (strcmp(w[0], "option") == 0) {
		if (n != 4)
			return (rules_error(rp, "option takes NAME on|off "
			    "\"what it means\""));
		if (rules_name(rp, w[1], "option") != 0)
			return (-1);
		for (i = 0; i < r->noptions; i++) {
			if (strcmp(r->options[i].name, w[1]) == 0)
				return (rules_error(rp, "option %s is "
				    "declared twice", w[1]));
		}
		if (r->noptions == RULES_OPTIONS_MAX)
			return (rules_error(rp, "more than %d options",
			    RULES_OPTIONS_MAX));
		if (strcmp(w[2], "on") != 0 && strcmp(w[2], "off") != 0)
			return (rules_error(rp, "option %s: the default is on "
			    "or off, not \"%s\"", w[1], w[2]));
		strlcpy(r->options[r->noptions].name, w[1], RULES_NAME_MAX);
		r->options[r->noptions].dflt = (strcmp(w[2], "on") == 0);
		r->options[r->noptions].text = xstrdup(w[3]);
		r->noptions++;
		return (0);
	}
	if (strcmp(w[0], "tax") == 0)
		return (rules_tax_line(rp, w, n));
	if (strcmp(w[0], "outage") == 0) {
		if (n != 3 || *w[2] == '\0')
			return (rules_error(rp, "outage takes block, manual or "
			    "safe-harbour and \"its citation\""));
		if (rules_once(rp, r->outage_cite != NULL, w[0]) != 0)
			return (-1);
		if (strcmp(w[1], "block") == 0)
			r->outage = RULES_OUTAGE_BLOCK;
		else if (strcmp(w[1], "manual") == 0)
			r->outage = RULES_OUTAGE_MANUAL;
		else if (strcmp(w[1], "safe-harbour") == 0)
			r->outage = RULES_OUTAGE_SAFE;
		else
			return (rules_error(rp, "outage is block, manual or "
			    "safe-harbour, not \"%s\"", w[1]));
		r->outage_cite = xstrdup(w[2]);
		return (0);
	}
	if (strcmp(w[0], "medical-age") == 0 ||
	    strcmp(w[0], "caregiver-age") == 0)
		return (rules_age_line(rp, w, n));
	if (strcmp(w[0], "deadline") == 0)
		return (rules_deadline_line(rp, w, n));
	if (strcmp(w[0], "receipt") == 0)
		return (rules_receipt_line(rp, w, n));
	if (strcmp(w[0], "delivery") == 0)
		return (rules_delivery_line(rp, w, n));
	if (strcmp(w[0], "quarantine") == 0) {
		const char	*errstr;

		if (n != 3)
			return (rules_error(rp, "quarantine takes DAYS "
			    "\"citation\""));
		if (rules_once(rp, r->quarantine_cite != NULL, w[0]) != 0)
			return (-1);
		r->quarantine = (int)util_strtonum(w[1], 0, 365, &errstr);
		if (errstr != NULL)
			return (rules_error(rp, "quarantine: \"%s\" is not a "
			    "number of days (0 to 365)", w[1]));
		if (*w[2] == '\0')
			return (rules_error(rp, "quarantine needs its "
			    "citation"));
		r->quarantine_cite = xstrdup(w[2]);
		return (0);
	}
	if (n != 2)
		return (rules_error(rp, "%s takes one value", w[0]));
	if (strcmp(w[0], "pricing") == 0) {
		if (strcmp(w[1], "added") == 0)
			r->tax_included = 0;
		else if (strcmp(w[1], "included") == 0)
			r->tax_included = 1;
		else
			return (rules_error(rp, "pricing is added or included, "
			    "not \"%s\"", w[1]));
		return (0);
	}
	if (strcmp(w[0], "jurisdiction") == 0) {
		if (rules_once(rp, r->id[0] != '\0', w[0]) != 0 ||
		    rules_name(rp, w[1], "jurisdiction") != 0)
			return (-1);
		strlcpy(r->id, w[1], sizeof r->id);
		return (0);
	}
	if (strcmp(w[0], "name") == 0) {
		if (rules_once(rp, r->name != NULL, w[0]) != 0)
			return (-1);
		r->name = xstrdup(w[1]);
		return (0);
	}
	if (strcmp(w[0], "zone") == 0) {
		if (rules_once(rp, r->zone[0] != '\0', w[0]) != 0)
			return (-1);
		return (rules_zone(rp, w[1]));
	}
	if (strcmp(w[0], "effective") == 0) {
		if (rules_once(rp, r->effective != 0, w[0]) != 0)
			return (-1);
		return (rules_date(rp, w[1], &r->effective));
	}
	if (strcmp(w[0], "verified") == 0) {
		if (rules_once(rp, r->verified != 0, w[0]) != 0)
			return (-1);
		return (rules_date(rp, w[1], &r->verified));
	}
	if (strcmp(w[0], "exempt") == 0) {
		if (rules_once(rp, r->exempt != 0, w[0]) != 0)
			return (-1);
		return (rules_categories_list(rp, w[1], &r->exempt));
	}
	return (rules_error(rp, "unknown keyword \"%s\"", w[0]));
}

/*
 * A tax rate: a percentage with up to four decimals ("15%", "2.9%") as
 * parts per million, or cents per milligram of THC with up to six
 * decimals ("0.625c/mg") as millionths of a cent, exactly.
 */
static int
rules_rate(struct rules_parse *rp, const char *s, struct rules_tax *tx)
{
	int64_t	v = 0;
	int	frac = -1, digits = 0, max;

	max = strstr(s, "c/mg") != NULL ? 6 : 4;
	for (; *s != '\0' && *s != '%' && *s != 'c'; s++) {
		if (*s == '.' && frac == -1) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || (frac != -1 && ++frac > max) ||
		    ++digits > 9)
			return (rules_error(rp, "a tax rate is a percentage "
			    "with up to four decimals, like 2.9%%, or cents "
			    "per mg of THC with up to six, like 0.625c/mg"));
		v = v * 10 + (*s - '0');
	}
	if (digits == 0 || (strcmp(s, "%") != 0 && strcmp(s, "c/mg") != 0))
		return (rules_error(rp, "a tax rate ends in %% (15%%) or "
		    "c/mg (0.625c/mg: cents per milligram of THC)"));
	for (frac = frac == -1 ? 0 : frac; frac < max; frac++)
		v *= 10;
	if (*s == '%') {
		if (v > 1000000)
			return (rules_error(rp, "a tax rate over 100%% is a "
			    "typo"));
		tx->ppm = v;
	} else {
		if (v > 100 * 1000000)
			return (rules_error(rp, "a tax over 100 cents per mg "
			    "of THC is a typo"));
		tx->per_mg = v;
	}
	if (v == 0)
		return (rules_error(rp, "a tax rate of zero: leave the line "
		    "out"));
	return (0);
}

static const char *rules_tax_levels[] = {
	"excise", "state", "county", "city", "district", NULL
};

const char *
rules_tax_level_name(enum rules_tax_level level)
{
	if ((u_int)level > RULES_TAX_DISTRICT)
		return ("?");
	return (rules_tax_levels[level]);
}

/*
 * tax NAME RATE WHO "citation" [level LEVEL] [label "TEXT"] [on SELECTOR]
 *     [potency >N% | <=N%] [round up | half-up] [if [!]OPTION]
 *     [base price | price+excise]
 */
static int
rules_tax_line(struct rules_parse *rp, char **w, u_int n)
{
	struct rules		*r = rp->r;
	struct rules_tax	*tx;
	struct rules_tax	 pot;
	const char		*k;
	int			 lv, have_level = 0;
	u_int			 i;

	if (n < 5)
		return (rules_error(rp, "tax takes NAME RATE WHO \"citation\" "
		    "and optionally level, label, on, potency and if"));
	if (rules_name(rp, w[1], "tax") != 0)
		return (-1);
	for (i = 0; i < r->ntaxes; i++) {
		if (strcmp(r->taxes[i].name, w[1]) == 0)
			return (rules_error(rp, "tax %s is already defined at "
			    "%s:%u", w[1], r->taxes[i].local ? r->tax_local :
			    r->path, r->taxes[i].line));
	}
	if (r->ntaxes == RULES_TAXES_MAX)
		return (rules_error(rp, "more than %d taxes, state and local",
		    RULES_TAXES_MAX));
	tx = &r->taxes[r->ntaxes];
	memset(tx, 0, sizeof *tx);
	tx->opt = -1;
	tx->level = RULES_TAX_STATE;
	if (rules_rate(rp, w[2], tx) != 0 || rules_who(rp, w[3], &tx->who) != 0)
		return (-1);
	if (*w[4] == '\0')
		return (rules_error(rp, "tax %s needs its citation", w[1]));
	for (i = 5; i < n; i += 2) {
		k = w[i];
		if (i + 1 == n)
			return (rules_error(rp, "tax %s: %s needs a value", w[1],
			    k));
		if (strcmp(k, "level") == 0) {
			if (rules_once(rp, have_level, "level") != 0)
				return (-1);
			have_level = 1;
			lv = rules_lookup(rules_tax_levels, w[i + 1],
			    strlen(w[i + 1]));
			if (lv == -1)
				return (rules_error(rp, "tax %s: level is "
				    "excise, state, county, city or district, "
				    "not \"%s\"", w[1], w[i + 1]));
			tx->level = lv;
		} else if (strcmp(k, "label") == 0) {
			if (rules_once(rp, tx->label[0] != '\0', "label") != 0)
				return (-1);
			if (*w[i + 1] == '\0' ||
			    strlen(w[i + 1]) >= sizeof tx->label)
				return (rules_error(rp, "tax %s: a label is 1 "
				    "to %zu characters", w[1],
				    sizeof tx->label - 1));
			strlcpy(tx->label, w[i + 1], sizeof tx->label);
		} else if (strcmp(k, "on") == 0) {
			if (rules_once(rp, tx->on.line != 0, "on") != 0)
				return (-1);
			tx->on.line = rp->line;
			if (rules_selector(rp, w[i + 1], &tx->on) != 0)
				return (-1);
		} else if (strcmp(k, "potency") == 0) {
			if (rules_once(rp, tx->potency_op != 0, "potency") != 0)
				return (-1);
			if (strncmp(w[i + 1], "<=", 2) == 0) {
				tx->potency_op = RULES_POTENCY_UPTO;
				k = w[i + 1] + 2;
			} else if (*w[i + 1] == '>') {
				tx->potency_op = RULES_POTENCY_ABOVE;
				k = w[i + 1] + 1;
			} else
				k = NULL;
			memset(&pot, 0, sizeof pot);
			if (k == NULL)
				return (rules_error(rp, "tax %s: potency is "
				    ">N%% or <=N%% of THC, like >35%%", w[1]));
			if (rules_rate(rp, k, &pot) != 0)
				return (-1);
			if (pot.ppm == 0 || pot.ppm % 1000 != 0)
				return (rules_error(rp, "tax %s: potency is a "
				    "percentage with at most one decimal, like "
				    ">35%%", w[1]));
			tx->potency = (int)(pot.ppm / 1000);
		} else if (strcmp(k, "round") == 0) {
			if (strcmp(w[i + 1], "up") == 0)
				tx->round_up = 1;
			else if (strcmp(w[i + 1], "half-up") != 0)
				return (rules_error(rp, "tax %s: round is up "
				    "or half-up, not \"%s\"", w[1], w[i + 1]));
		} else if (strcmp(k, "base") == 0) {
			if (strcmp(w[i + 1], "price+excise") == 0)
				tx->compound = 1;
			else if (strcmp(w[i + 1], "price") != 0)
				return (rules_error(rp, "tax %s: base is price "
				    "or price+excise, not \"%s\"", w[1],
				    w[i + 1]));
		} else if (strcmp(k, "if") == 0) {
			if (rules_once(rp, tx->opt != -1, "if") != 0)
				return (-1);
			if (rules_guard(rp, w[i + 1], &tx->opt,
			    &tx->opt_neg) != 0)
				return (-1);
		} else
			return (rules_error(rp, "tax %s: unexpected \"%s\" "
			    "after the citation (level, label, on, potency, "
			    "round, base, if)", w[1], k));
	}
	if (tx->compound && (tx->level == RULES_TAX_EXCISE ||
	    tx->per_mg != 0))
		return (rules_error(rp, "tax %s: base price+excise is for a "
		    "tax levied on top of the excise, not for an excise or a "
		    "tax per mg", w[1]));
	if (rp->local && tx->level != RULES_TAX_COUNTY &&
	    tx->level != RULES_TAX_CITY && tx->level != RULES_TAX_DISTRICT)
		return (rules_error(rp, "tax %s: a local tax file holds county, "
		    "city and district taxes (say level county, city or "
		    "district); the state's are in its rule file", w[1]));
	if (!rp->local && (tx->level == RULES_TAX_COUNTY ||
	    tx->level == RULES_TAX_CITY || tx->level == RULES_TAX_DISTRICT))
		return (rules_error(rp, "tax %s: county, city and district taxes "
		    "depend on the store's address: they go in the store's "
		    "local tax file (tax-local)", w[1]));
	if (tx->label[0] == '\0')
		strlcpy(tx->label, w[1], sizeof tx->label);
	strlcpy(tx->name, w[1], sizeof tx->name);
	tx->cite = xstrdup(w[4]);
	tx->line = rp->line;
	tx->local = rp->local;
	r->ntaxes++;
	return (0);
}

/*
 * Checks on the whole tax set, at the end of a file: no sale may need
 * more taxes than a sale record holds, and taxes per mg of THC cannot be
 * inside shelf prices (the price before tax would depend on THC).
 */
static int
rules_taxes_done(struct rules_parse *rp)
{
	struct rules		*r = rp->r;
	static const uint32_t	 types[] = { LC_ADULT, LC_MEDICAL,
				     LC_CAREGIVER };
	u_int			 i, j, n;

	for (i = 0; i < r->ntaxes; i++) {
		if (r->tax_included && r->taxes[i].per_mg != 0) {
			rp->line = r->taxes[i].line;
			return (rules_error(rp, "tax %s is per mg of THC: it "
			    "cannot be included in shelf prices (pricing "
			    "added)", r->taxes[i].name));
		}
		if (r->tax_included && r->taxes[i].compound) {
			rp->line = r->taxes[i].line;
			return (rules_error(rp, "tax %s: base price+excise "
			    "needs the taxes added to shelf prices (pricing "
			    "added)", r->taxes[i].name));
		}
	}
	for (j = 0; j < sizeof types / sizeof types[0]; j++) {
		for (i = n = 0; i < r->ntaxes; i++) {
			if ((r->taxes[i].who & types[j]) == 0)
				continue;
			if (++n > RULES_SALE_TAXES) {
				rp->line = r->taxes[i].line;
				return (rules_error(rp, "tax %s: more than %d "
				    "taxes, state and local, for one customer "
				    "type", r->taxes[i].name,
				    RULES_SALE_TAXES));
			}
		}
	}
	return (0);
}

/* Does tax tx apply to a customer of type (LC_*), with the options' defaults? */
int
rules_tax_applies(const struct rules *r, const struct rules_tax *tx,
    uint32_t type)
{
	int	on;

	if ((tx->who & type) == 0)
		return (0);
	if (tx->opt == -1)
		return (1);
	on = r->options[tx->opt].dflt;
	return (tx->opt_neg ? !on : on);
}

/*
 * Does tax tx fall on a line of this category and route (indices or -1)
 * and THC (per mille)? The selector reads as a term's.
 */
int
rules_tax_matches(const struct rules_tax *tx, int cat, int route, int thc)
{
	const struct rules_term	*t = &tx->on;

	if (t->cat_yes != 0 && (cat < 0 || (t->cat_yes & (1U << cat)) == 0))
		return (0);
	if (cat >= 0 && (t->cat_no & (1U << cat)) != 0)
		return (0);
	if ((t->route_yes | t->route_no) != 0 && route < 0)
		return (0);
	if (t->route_yes != 0 && (t->route_yes & (1U << route)) == 0)
		return (0);
	if (route >= 0 && (t->route_no & (1U << route)) != 0)
		return (0);
	switch (tx->potency_op) {
	case RULES_POTENCY_ABOVE:
		return (thc > tx->potency);
	case RULES_POTENCY_UPTO:
		return (thc <= tx->potency);
	}
	return (1);
}

/* adult,medical,caregiver into LC_* bits. */
static int
rules_who(struct rules_parse *rp, char *list, uint32_t *who)
{
	char	*s, *next;
	int	 v;

	*who = 0;
	for (s = list; s != NULL; s = next) {
		if ((next = strchr(s, ',')) != NULL)
			*next++ = '\0';
		if (strcmp(s, "adult") == 0)
			v = LC_ADULT;
		else if (strcmp(s, "medical") == 0)
			v = LC_MEDICAL;
		else if (strcmp(s, "caregiver") == 0)
			v = LC_CAREGIVER;
		else
			return (rules_error(rp, "unknown customer type \"%s\" "
			    "(adult, medical, caregiver)", s));
		if (*who & (uint32_t)v)
			return (rules_error(rp, "\"%s\" is named twice", s));
		*who |= (uint32_t)v;
	}
	return (0);
}

/* Tabs are fine; other control characters are not. */
static int
rules_printable(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (((u_char)s[i] < 0x20 && s[i] != '\t') ||
		    (u_char)s[i] == 0x7f)
			return (0);
	}
	return (1);
}

const char *
rules_outage_name(int outage)
{
	switch (outage) {
	case RULES_OUTAGE_MANUAL:
		return ("manual");
	case RULES_OUTAGE_SAFE:
		return ("safe-harbour");
	}
	return ("block");
}

void
rules_free(struct rules *r)
{
	u_int	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->noptions; i++)
		free(r->options[i].text);
	for (i = 0; i < r->ntaxes; i++)
		free(r->taxes[i].cite);
	free(r->tax_local);
	free(r->outage_cite);
	free(r->quarantine_cite);
	free(r->medical_age_cite);
	free(r->caregiver_age_cite);
	free(r->deadline_cite[0]);
	free(r->deadline_cite[1]);
	for (i = 0; i < r->nwarnings; i++) {
		free(r->warnings[i].text);
		free(r->warnings[i].cite);
	}
	free(r->delivery_cite);
	for (i = 0; i < r->ndrules; i++) {
		free(r->drules[i].cite);
		free(r->drules[i].text);
	}
	for (i = 0; i < r->npools; i++)
		free(r->pools[i].override);
	free(r->pools);
	free(r->name);
	free(r->path);
	free(r);
}

/* Read and parse f line by line, until the end or the first error. */
static void
rules_read(struct rules_parse *rp, FILE *f)
{
	char	*line = NULL;
	size_t	 cap = 0, total = 0;
	ssize_t	 n;

	while ((n = getline(&line, &cap, f)) != -1) {
		rp->line++;
		total += (size_t)n;
		if (total > RULES_FILE_MAX) {
			rules_error(rp, "the file is larger than %d bytes",
			    RULES_FILE_MAX);
			break;
		}
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n > RULES_LINE_MAX) {
			rules_error(rp, "line longer than %d bytes",
			    RULES_LINE_MAX);
			break;
		}
		if (memchr(line, '\0', (size_t)n) != NULL) {
			rules_error(rp, "a NUL byte in the line");
			break;
		}
		if (!rules_printable(line, (size_t)n)) {
			rules_error(rp, "a control character in the line");
			break;
		}
		if (rules_line(rp, line) != 0)
			break;
	}
	free(line);
	if (rp->err == NULL && ferror(f))
		xasprintf(&rp->err, "%s: %s", rp->path, strerror(errno));
}

static struct rules *rules_parse(struct rules_parse *, FILE *, char **);

struct rules *
rules_load(const char *path, char **cause)
{
	struct rules_parse	 rp;
	struct stat		 sb;
	FILE			*f;

	*cause = NULL;
	memset(&rp, 0, sizeof rp);
	rp.path = path;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > RULES_FILE_MAX) {
		xasprintf(cause, "%s: not a regular file of at most %d bytes",
		    path, RULES_FILE_MAX);
		fclose(f);
		return (NULL);
	}
	return (rules_parse(&rp, f, cause));
}

/*
 * Rules from text rather than a file (the bundle the driver's handheld
 * keeps); name stands for the path in messages.
 */
struct rules *
rules_load_text(const char *name, const char *text, size_t len,
    char **cause)
{
	struct rules_parse	 rp;
	FILE			*f;

	*cause = NULL;
	memset(&rp, 0, sizeof rp);
	rp.path = name;
	if (len > RULES_FILE_MAX) {
		xasprintf(cause, "%s: larger than %d bytes", name,
		    RULES_FILE_MAX);
		return (NULL);
	}
	if (len == 0)
		text = "\n";	/* fmemopen wants a size */
	if ((f = fmemopen((void *)(uintptr_t)text, len == 0 ? 1 : len,
	    "r")) == NULL) {
		xasprintf(cause, "%s: %s", name, strerror(errno));
		return (NULL);
	}
	return (rules_parse(&rp, f, cause));
}

/*
 * Read f to its end and close it: 0, or -1 with rp->err set, as when
 * there was no header line (the header's word is header).
 */
static int
rules_read_file(struct rules_parse *rp, FILE *f, const char *header)
{
	rules_read(rp, f);
	fclose(f);
	if (rp->err != NULL)
		return (-1);
	rp->line++;
	if (!rp->seen_header)
		return (rules_error(rp, "empty: the first line must be "
		    "\"%s 1\"", header));
	return (0);
}

/* Parse f (closed here) into rules; NULL with *cause on any error. */
static struct rules *
rules_parse(struct rules_parse *rp0, FILE *f, char **cause)
{
	struct rules_parse	rp = *rp0;

	rp.r = xcalloc(1, sizeof *rp.r);
	rp.r->path = xstrdup(rp.path);
	rp.r->medical_age = RULES_MEDICAL_AGE;
	rp.r->caregiver_age = RULES_CAREGIVER_AGE;
	rp.r->deadline[RULES_DEADLINE_ADULT] = -1;
	rp.r->deadline[RULES_DEADLINE_MEDICAL] = -1;
	if (rules_read_file(&rp, f, "stash-rules") == 0) {
		if (rules_pool_end(&rp) == 0 && rp.r->npools == 0)
			rules_error(&rp, "no pool: a rule file defines at "
			    "least one");
		else
			rules_taxes_done(&rp);
	}
	if (rp.err != NULL) {
		rules_free(rp.r);
		*cause = rp.err;
		return (NULL);
	}
	return (rp.r);
}

/*
 * Add the store's local (county, city, district) taxes from PATH to the
 * state's: the same tax lines, under a "stash-taxes 1" header naming the
 * state. On any error, FILE:LINE in *cause and r keeps only the state's
 * taxes: never half a tax set.
 */
int
rules_tax_local(struct rules *r, const char *path, char **cause)
{
	struct rules_parse	 rp;
	struct stat		 sb;
	FILE			*f;
	u_int			 i, before = r->ntaxes;

	*cause = NULL;
	if (r->tax_local != NULL) {
		xasprintf(cause, "%s: a second local tax file (%s is loaded)",
		    path, r->tax_local);
		return (-1);
	}
	memset(&rp, 0, sizeof rp);
	rp.path = path;
	rp.r = r;
	rp.local = 1;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > RULES_FILE_MAX) {
		xasprintf(cause, "%s: not a regular file of at most %d bytes",
		    path, RULES_FILE_MAX);
		fclose(f);
		return (-1);
	}
	r->tax_local = xstrdup(path);
	if (rules_read_file(&rp, f, "stash-taxes") == 0) {
		if (!rp.have_who)
			rules_error(&rp, "no jurisdiction line: say whose "
			    "state's taxes these add to (jurisdiction %s)",
			    r->id);
		else if (!rp.have_window)
			rules_error(&rp, "no verified line: when a person "
			    "last checked these rates");
		else if (r->ntaxes == before)
			rules_error(&rp, "no tax line");
		else
			rules_taxes_done(&rp);
	}
	if (rp.err != NULL) {
		for (i = before; i < r->ntaxes; i++)
			free(r->taxes[i].cite);
		r->ntaxes = before;
		free(r->tax_local);
		r->tax_local = NULL;
		*cause = rp.err;
		return (-1);
	}
	return (0);
}

#ifndef STASH_RULESDIR
#define STASH_RULESDIR	"/usr/local/share/stash/rules"
#endif

/*
 * Where the rule files are: dir when one is given (not NULL or ""), else
 * the installed ones (STASH_RULESDIR), else, in a tree that was built but
 * not installed, the source tree's contrib/rules (STASH_SRCRULESDIR).
 */
const char *
rules_dir(const char *dir)
{
	struct stat	sb;

	if (dir != NULL && *dir != '\0')
		return (dir);
#ifdef STASH_SRCRULESDIR
	if (stat(STASH_RULESDIR, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return (STASH_SRCRULESDIR);
#endif
	(void)sb;
	return (STASH_RULESDIR);
}

/* The rule file for jurisdiction ID in DIR, e.g. DIR/US-CO. */
struct rules *
rules_find(const char *dir, const char *id, char **cause)
{
	struct rules_parse	 rp;
	struct rules		*r;
	char			*path;

	memset(&rp, 0, sizeof rp);
	rp.path = "jurisdiction";
	rp.r = NULL;
	if (rules_name(&rp, id, "jurisdiction") != 0) {
		*cause = rp.err;
		return (NULL);
	}
	xasprintf(&path, "%s/%s", dir, id);
	if ((r = rules_load(path, cause)) != NULL &&
	    strcmp(r->id, id) != 0) {
		xasprintf(cause, "%s: the file is for %s, not %s", path,
		    r->id, id);
		rules_free(r);
		r = NULL;
	}
	free(path);
	return (r);
}

const struct rules_pool *
rules_pool(const struct rules *r, const char *name)
{
	u_int	i;

	for (i = 0; i < r->npools; i++) {
		if (strcmp(r->pools[i].name, name) == 0)
			return (&r->pools[i]);
	}
	return (NULL);
}

int
rules_option(const struct rules *r, const char *name)
{
	u_int	i;

	for (i = 0; i < r->noptions; i++) {
		if (strcmp(r->options[i].name, name) == 0)
			return ((int)i);
	}
	return (-1);
}
