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

#include "ctl.h"
#include "auth.h"

/* stashctl terminal add|list|revoke: enrolment codes and revocation. */

#define CTL_TTL_DEFAULT	(24 * 3600)		/* enrolment code: 24 h */
#define CTL_TTL_MAX	(30 * 24 * 3600)


int
ctl_terminal_name_valid(const char *name, char **cause)
{
	size_t	n = strlen(name);

	if (n == 0 || n > TERMINAL_NAME_MAX ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-") != n) {
		xasprintf(cause, "a terminal name is 1 to %d letters, digits, "
		    "dots, dashes or underscores, like register-1",
		    TERMINAL_NAME_MAX);
		return (-1);
	}
	return (0);
}

/* The terminal name a command was given, or -1 having said what is wrong. */
static int
ctl_terminal_arg(const char *name)
{
	char	*cause = NULL;

	if (ctl_terminal_name_valid(name, &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/*
 * Put a terminal in the pending state with a new one-time code (of which
 * only the hash is kept). An existing terminal is refused unless reenrol,
 * which also drops its credential.
 */
int
ctl_terminal_issue(struct store_txn *t, const char *name, int64_t ttl,
    int reenrol, char *code, size_t codelen, int64_t *expires, char **cause)
{
	struct terminal	 tm;
	const char	*action;
	char		 subj[64];
	int		 r;

	r = store_terminal_get(t, name, &tm);
	if (r == 0) {
		if (!reenrol) {
			xasprintf(cause, "terminal %s already exists (%s); "
			    "add --reenrol to issue a new code (its current "
			    "credential then stops working)", name,
			    store_terminal_status_name(tm.status));
			return (-1);
		}
		action = "terminal.reenrol";
	} else if (r == STORE_NOTFOUND) {
		memset(&tm, 0, sizeof tm);
		strlcpy(tm.name, name, sizeof tm.name);
		tm.created = util_now();
		action = "terminal.add";
	} else
		return (-1);
	auth_code_new(code, codelen);
	auth_secret_hash(code, tm.code_hash);
	memset(tm.cred_hash, 0, sizeof tm.cred_hash);
	tm.status = TERMINAL_PENDING;
	tm.code_expires = util_now() + ttl * 1000000;
	tm.enrolled = 0;
	store_terminal_put(t, &tm);
	snprintf(subj, sizeof subj, "terminal %s", name);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, action, subj, "expires=%lld",
	    (long long)tm.code_expires);
	*expires = tm.code_expires;
	return (t->ret != 0 ? -1 : 0);
}

struct ctl_terminal {
	const char	*name;
	int64_t		 ttl;
	int		 reenrol;
	char		 code[AUTH_CODE_LEN + 1];
	int64_t		 expires;
	int		 changed;
};

static int
ctl_terminal_add_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_terminal	*ta = arg;

	return (ctl_terminal_issue(t, ta->name, ta->ttl, ta->reenrol,
	    ta->code, sizeof ta->code, &ta->expires, cause));
}

int
ctl_terminal_add(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_terminal	 ta;
	const char			*ttl, *errstr;
	char				 when[32];

	memset(&ta, 0, sizeof ta);
	ta.name = args->argv[0];
	if (ctl_terminal_arg(ta.name) != 0)
		return (-1);
	ta.ttl = CTL_TTL_DEFAULT;
	if ((ttl = stashctl_opt(args, "ttl")) != NULL) {
		ta.ttl = util_strtonum(ttl, 60, CTL_TTL_MAX, &errstr);
		if (errstr != NULL) {
			stashctl_error("--ttl %s: seconds, from 60 to %d (30 "
			    "days)", ttl, CTL_TTL_MAX);
			return (-1);
		}
	}
	ta.reenrol = stashctl_flag(args, "reenrol") ||
	    stashctl_flag(args, "reenroll");
	if (stashctl_write(ctl, ctl_terminal_add_cb, &ta) != 0)
		return (-1);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:s,s:s,s:I}", "terminal",
		    ta.name, "code", ta.code, "expires",
		    (json_int_t)ta.expires));
	} else {
		/* The code alone on standard output: scripts read it. */
		printf("%s\n", ta.code);
		fflush(stdout);
		fprintf(stderr, "terminal %s: one-time enrolment code, valid "
		    "until %s (%s)\n", ta.name, stashctl_time(ctl, ta.expires,
		    when, sizeof when), ctl->info.tz);
	}
	explicit_bzero(ta.code, sizeof ta.code);
	return (0);
}

static int
ctl_terminal_list_one(const struct terminal *tm, void *arg)
{
	struct stashctl_list	*l = arg;
	struct ctl		*ctl = l->ctl;
	char			 name[TERMINAL_NAME_MAX + 1];
	char			 created[32], enrolled[32], expires[32];

	if (l->arr != NULL) {
		json_array_append_new(l->arr, json_pack("{s:o,s:s,s:I,s:I,"
		    "s:I,s:b}", "name", stashctl_json_str(tm->name), "status",
		    store_terminal_status_name(tm->status), "created",
		    (json_int_t)tm->created, "enrolled",
		    (json_int_t)tm->enrolled, "code_expires",
		    (json_int_t)tm->code_expires, "card_only", tm->card_only));
		return (0);
	}
	stashctl_time(ctl, tm->created, created, sizeof created);
	stashctl_time(ctl, tm->enrolled, enrolled, sizeof enrolled);
	if (tm->status == TERMINAL_PENDING)
		stashctl_time(ctl, tm->code_expires, expires, sizeof expires);
	else
		strlcpy(expires, "-", sizeof expires);
	fprintf(l->f, "%-20s %-8s %-19s  %-19s  %-19s %s\n",
	    stashctl_clean(tm->name, name, sizeof name),
	    store_terminal_status_name(tm->status), created, enrolled,
	    expires, tm->card_only ? "card only" : "cash");
	return (0);
}

int
ctl_terminal_list(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct stashctl_list	 l;
	char			 head[160];

	snprintf(head, sizeof head, "%-20s %-8s %-19s  %-19s  %-19s %s\n",
	    "NAME", "STATUS", "CREATED", "ENROLLED", "CODE EXPIRES", "TAKES");
	if (stashctl_list_begin(ctl, &l, head) != 0)
		return (-1);
	store_terminal_walk(&l.t, ctl_terminal_list_one, &l);
	return (stashctl_list_end(&l));
}

/* The terminal called name, or -1 (with cause if there is none). */
static int
ctl_terminal_get(struct store_txn *t, const char *name, struct terminal *tm,
    char **cause)
{
	int	r;

	r = store_terminal_get(t, name, tm);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no terminal %s (stashctl terminal list "
		    "shows them)", name);
		return (-1);
	}
	return (r != 0 ? -1 : 0);
}

static int
ctl_terminal_revoke_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_terminal	*ta = arg;
	struct terminal			 tm;
	char				 subj[64];

	ta->changed = 0;
	if (ctl_terminal_get(t, ta->name, &tm, cause) != 0)
		return (-1);
	if (tm.status == TERMINAL_REVOKED)
		return (0);
	tm.status = TERMINAL_REVOKED;
	memset(tm.code_hash, 0, sizeof tm.code_hash);
	memset(tm.cred_hash, 0, sizeof tm.cred_hash);
	tm.code_expires = 0;
	store_terminal_put(t, &tm);
	snprintf(subj, sizeof subj, "terminal %s", ta->name);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, "terminal.revoke", subj, "%s",
	    "");
	ta->changed = 1;
	return (t->ret != 0 ? -1 : 0);
}

int
ctl_terminal_revoke(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_terminal	 ta;

	memset(&ta, 0, sizeof ta);
	ta.name = args->argv[0];
	if (ctl_terminal_arg(ta.name) != 0)
		return (-1);
	if (stashctl_write(ctl, ctl_terminal_revoke_cb, &ta) != 0)
		return (-1);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:s,s:s,s:b}", "terminal",
		    ta.name, "status", "revoked", "changed", ta.changed));
	} else if (ta.changed)
		printf("terminal %s revoked\n", ta.name);
	else
		printf("terminal %s was already revoked\n", ta.name);
	return (0);
}

/*
 * stashctl terminal set NAME --card-only yes|no: a card-only register
 * takes no cash and opens no drawer (drawer.h). Not while a drawer is
 * open on it: that drawer's cash must be counted first.
 */
struct ctl_terminal_set {
	const char	*name;
	int		 card_only;
	int		 changed;
};

static int
ctl_terminal_set_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_terminal_set	*ts = arg;
	struct terminal		 tm;
	struct drawer		 d;
	char			 subj[64];
	int			 r;

	ts->changed = 0;
	if (ctl_terminal_get(t, ts->name, &tm, cause) != 0)
		return (-1);
	if (tm.card_only == ts->card_only)
		return (0);
	if (ts->card_only) {
		r = store_drawer_open_get(t, ts->name, &d);
		if (r == 0) {
			xasprintf(cause, "drawer %llu is open on %s: close it "
			    "(count its cash) first", (unsigned long long)d.id,
			    ts->name);
			return (-1);
		}
		if (r != STORE_NOTFOUND)
			return (-1);
	}
	tm.card_only = ts->card_only;
	store_terminal_put(t, &tm);
	snprintf(subj, sizeof subj, "terminal %s", ts->name);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, "terminal.set", subj,
	    "card_only=%s", ts->card_only ? "yes" : "no");
	ts->changed = 1;
	return (t->ret != 0 ? -1 : 0);
}

int
ctl_terminal_set(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_terminal_set	 ts;
	const char		*v;

	memset(&ts, 0, sizeof ts);
	ts.name = args->argv[0];
	if (ctl_terminal_arg(ts.name) != 0)
		return (-1);
	if ((v = stashctl_opt(args, "card-only")) == NULL) {
		stashctl_error("say what to set: --card-only yes|no");
		return (-1);
	}
	if (strcmp(v, "yes") == 0)
		ts.card_only = 1;
	else if (strcmp(v, "no") != 0) {
		stashctl_error("--card-only %s: yes or no", v);
		return (-1);
	}
	if (stashctl_write(ctl, ctl_terminal_set_cb, &ts) != 0)
		return (-1);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:s,s:b,s:b}", "terminal",
		    ts.name, "card_only", ts.card_only, "changed",
		    ts.changed));
	else
		printf("terminal %s: %s\n", ts.name, ts.card_only ?
		    "card only (no cash, no drawer)" : "takes cash (with an "
		    "open drawer)");
	return (0);
}
