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
#include "reply.h"

/*
 * stashctl limits check: one JSON request on standard input (stashctl(8)),
 * the verdict on standard output. Exit 0 allow, 1 reject, 2 bad input
 * (the request, the options or the rule file): the command table's return
 * value only tells success from failure, so this command exits 2 itself.
 *
 * The rule file is --rules FILE, or --jurisdiction ID (else the request's
 * "jurisdiction") in $STASH_RULES, else in the installed rules directory,
 * else, for an uninstalled tree, in the source tree's contrib/rules.
 */

#define CTL_LIMITS_INPUT_MAX	(64 * 1024 * 1024)


static __dead void printflike(1, 2)
ctl_limits_bad(const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	stashctl_error("limits check: %s", msg);
	free(msg);
	fflush(stdout);
	exit(2);
}

static void
ctl_limits_print(const struct rules *r, const struct limits_result *res)
{
	const struct limits_pool_result	*pr;
	char				 win[32], b1[32], b2[32], b3[32];
	u_int				 i;

	printf("%s: %s\n", r->id, res->allow ? "allow" : "reject");
	for (i = 0; i < res->npools; i++) {
		pr = &res->pools[i];
		if (pr->pool->kind == LK_MASS) {
			weight_fmt(pr->used, b1, sizeof b1);
			weight_fmt(pr->cap, b2, sizeof b2);
			weight_fmt(pr->remaining, b3, sizeof b3);
		} else {
			xsnprintf(b1, sizeof b1, "%lld", (long long)pr->used);
			xsnprintf(b2, sizeof b2, "%lld", (long long)pr->cap);
			xsnprintf(b3, sizeof b3, "%lld %s",
			    (long long)pr->remaining,
			    pr->pool->kind == LK_VOLUME ? "ml" : "units");
		}
		printf("  %-20s %-16s %s of %s, %s left%s\n", pr->pool->name,
		    rules_window_str(pr->pool, win, sizeof win), b1, b2, b3,
		    pr->over ? " (OVER)" : "");
	}
	for (i = 0; i < res->nreasons; i++)
		printf("  - %s\n", res->reasons[i]);
}

int
ctl_limits_check(struct ctl *ctl, struct ctl_args *args)
{
	struct rules		*r;
	struct limits_request	 req;
	struct limits_result	 res;
	json_t			*j, *v;
	const char		*file, *id;
	char			*cause;
	int			 allow;

	file = stashctl_opt(args, "rules");
	id = stashctl_opt(args, "jurisdiction");
	if (file != NULL && id != NULL)
		ctl_limits_bad("give --rules or --jurisdiction, not both");
	if ((j = stashctl_read_json(CTL_LIMITS_INPUT_MAX, &cause)) == NULL)
		ctl_limits_bad("%s", cause);
	if (file == NULL && id == NULL) {
		v = json_object_get(j, "jurisdiction");
		if (v == NULL || !json_is_string(v))
			ctl_limits_bad("no jurisdiction: give --jurisdiction "
			    "ID, --rules FILE or \"jurisdiction\" in the "
			    "input");
		id = json_string_value(v);
	}
	if (file != NULL)
		r = rules_load(file, &cause);
	else
		r = rules_find(rules_dir(getenv("STASH_RULES")), id, &cause);
	if (r == NULL)
		ctl_limits_bad("%s", cause);
	if (limits_request_parse(r, j, &req, &cause) != 0)
		ctl_limits_bad("%s", cause);
	json_decref(j);
	limits_eval(r, &req, &res);
	if (ctl->json)
		stashctl_json_print(reply_limits(&res));
	else
		ctl_limits_print(r, &res);
	allow = res.allow;
	limits_result_free(&res);
	limits_request_free(&req);
	rules_free(r);
	return (allow ? 0 : 1);
}
