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
#include <termios.h>
#include <unistd.h>

#include "ctl.h"
#include "auth.h"

/* stashctl staff add|list|lock|unlock|pin, and the PIN prompt. */

#define CTL_PIN_MAX	64

/*
 * Read a PIN from standard input: one line. On a terminal, ask without
 * echo, twice.
 */
static int
ctl_staff_pin_read(const char *what, const char *opt, char *out, size_t len,
    char **cause)
{
	struct termios	 saved, raw;
	char		 again[CTL_PIN_MAX + 2];
	int		 tty, tries;
	size_t		 n;

	tty = isatty(STDIN_FILENO);
	for (tries = 0; tries < (tty ? 2 : 1); tries++) {
		if (tty) {
			fprintf(stderr, "%s %s: ", tries == 0 ? "PIN for" :
			    "again, PIN for", what);
			fflush(stderr);
			tcgetattr(STDIN_FILENO, &saved);
			raw = saved;
			raw.c_lflag &= ~ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
		}
		if (fgets(tries == 0 ? out : again, tries == 0 ? (int)len :
		    (int)sizeof again, stdin) == NULL) {
			if (tty) {
				tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
				fputc('\n', stderr);
			}
			xasprintf(cause, "no PIN for %s: give --%s PIN or "
			    "write it on standard input", what, opt);
			return (-1);
		}
		if (tty) {
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
			fputc('\n', stderr);
		}
	}
	n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == len - 1) {
		explicit_bzero(out, len);
		xasprintf(cause, "the PIN for %s is too long", what);
		return (-1);
	}
	out[n] = '\0';
	if (tty) {
		again[strcspn(again, "\r\n")] = '\0';
		if (strcmp(out, again) != 0) {
			explicit_bzero(out, len);
			explicit_bzero(again, sizeof again);
			xasprintf(cause, "the two PINs for %s differ", what);
			return (-1);
		}
		explicit_bzero(again, sizeof again);
	}
	return (0);
}

/* A PIN from --opt or standard input, checked and hashed. */
int
ctl_staff_pin_hash(struct ctl_args *args, const char *opt, const char *what,
    char *hash, size_t hashlen)
{
	char		 pin[CTL_PIN_MAX + 2], *cause = NULL;
	const char	*given;

	if ((given = stashctl_opt(args, opt)) != NULL) {
		if (strlen(given) >= sizeof pin) {
			stashctl_error("the PIN for %s is too long", what);
			return (-1);
		}
		strlcpy(pin, given, sizeof pin);
	} else if (ctl_staff_pin_read(what, opt, pin, sizeof pin,
	    &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	if (auth_pin_valid(pin, &cause) != 0) {
		explicit_bzero(pin, sizeof pin);
		stashctl_error("PIN for %s: %s", what, cause);
		free(cause);
		return (-1);
	}
	if (auth_pin_hash(pin, hash, hashlen) != 0) {
		explicit_bzero(pin, sizeof pin);
		stashctl_error("cannot hash the PIN: out of memory");
		return (-1);
	}
	explicit_bzero(pin, sizeof pin);
	return (0);
}

static int
ctl_staff_id(const char *s, uint32_t *id)
{
	const char	*errstr;
	int64_t		 v;

	v = util_strtonum(s, 1, UINT32_MAX, &errstr);
	if (errstr != NULL) {
		stashctl_error("%s is not a staff ID (a number from 1)", s);
		return (-1);
	}
	*id = (uint32_t)v;
	return (0);
}


int
ctl_staff_create(struct store_txn *t, const char *name, int role,
    const char *pin_hash, uint32_t *id, char **cause)
{
	struct staff	s;
	char		subj[32];

	memset(&s, 0, sizeof s);
	s.id = store_staff_next_id(t);
	if (t->ret != 0)
		return (-1);
	if (s.id == 0) {
		xasprintf(cause, "no staff numbers left");
		return (-1);
	}
	strlcpy(s.name, name, sizeof s.name);
	s.role = role;
	strlcpy(s.pin_hash, pin_hash, sizeof s.pin_hash);
	s.active = 1;
	s.created = util_now();
	store_staff_put(t, &s);
	snprintf(subj, sizeof subj, "staff %u", s.id);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, "staff.add", subj, "role=%s",
	    perm_role_name(role));
	*id = s.id;
	return (t->ret != 0 ? -1 : 0);
}

struct ctl_staff {
	uint32_t	 id;
	const char	*name;
	int		 role;
	char		 hash[128];
	const char	*action;
	int		 changed;
	struct staff	 s;
};

static int
ctl_staff_add_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_staff	*sa = arg;

	return (ctl_staff_create(t, sa->name, sa->role, sa->hash,
	    &sa->id, cause));
}

int
ctl_staff_add(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_staff	 sa;
	struct buf		 roles;
	const char		*name, *role;
	char			*cause = NULL, c[80];
	int			 i;

	memset(&sa, 0, sizeof sa);
	name = stashctl_opt(args, "name");
	role = stashctl_opt(args, "role");
	if (name == NULL || role == NULL) {
		stashctl_error("staff add needs --name and --role");
		stashctl_usage(stderr, args->entry);
		return (-1);
	}
	if (stashctl_text_valid(name, sizeof sa.s.name - 1, "--name",
	    &cause) != 0) {
		stashctl_error("%s", cause);
		free(cause);
		return (-1);
	}
	if ((sa.role = perm_role_find(role)) == -1) {
		buf_init(&roles);
		for (i = 1; i <= ROLE_MAX; i++) {
			buf_printf(&roles, "%s%s", i == 1 ? "" : ", ",
			    perm_role_name(i));
		}
		stashctl_error("unknown role %s (roles: %s)", stashctl_clean(
		    role, c, sizeof c), buf_cstr(&roles));
		buf_free(&roles);
		return (-1);
	}
	sa.name = name;
	if (ctl_staff_pin_hash(args, "pin", name, sa.hash, sizeof sa.hash) != 0)
		return (-1);
	if (stashctl_write(ctl, ctl_staff_add_cb, &sa) != 0)
		return (-1);
	explicit_bzero(sa.hash, sizeof sa.hash);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:i,s:o,s:s}", "id", (int)sa.id,
		    "name", stashctl_json_str(name), "role",
		    perm_role_name(sa.role)));
	} else
		printf("%u\n", sa.id);
	return (0);
}

static int
ctl_staff_list_one(const struct staff *s, void *arg)
{
	struct stashctl_list	*l = arg;
	char			 when[32], c[64];

	if (l->arr != NULL) {
		json_array_append_new(l->arr, json_pack("{s:i,s:o,s:s,s:b,s:i,"
		    "s:I}", "id", (int)s->id, "name", stashctl_json_str(s->name),
		    "role", perm_role_name(s->role), "active", s->active,
		    "failed", s->failed, "locked_until",
		    (json_int_t)s->locked_until));
		return (0);
	}
	if (s->locked_until > util_now())
		stashctl_time(l->ctl, s->locked_until, when, sizeof when);
	else
		strlcpy(when, "-", sizeof when);
	fprintf(l->f, "%6u  %-24s %-10s %-6s %6d  %s\n", s->id,
	    stashctl_clean(s->name, c, sizeof c), perm_role_name(s->role),
	    s->active ? "yes" : "no", s->failed, when);
	return (0);
}

int
ctl_staff_list(struct ctl *ctl, __unused struct ctl_args *args)
{
	struct stashctl_list	 l;
	char			 head[160];

	snprintf(head, sizeof head, "%6s  %-24s %-10s %-6s %6s  %s\n", "ID",
	    "NAME", "ROLE", "ACTIVE", "FAILED", "LOCKED UNTIL");
	if (stashctl_list_begin(ctl, &l, head) != 0)
		return (-1);
	store_staff_walk(&l.t, ctl_staff_list_one, &l);
	return (stashctl_list_end(&l));
}

/* lock, unlock, pin: one staff record changed, with its audit record. */
static int
ctl_staff_change_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_staff	*sa = arg;
	struct staff		*s = &sa->s;
	char			 subj[32];
	int			 r;

	sa->changed = 0;
	r = store_staff_get(t, sa->id, s);
	if (r == STORE_NOTFOUND) {
		xasprintf(cause, "no staff member %u (stashctl staff list "
		    "shows them)", sa->id);
		return (-1);
	}
	if (r != 0)
		return (-1);
	if (strcmp(sa->action, "staff.lock") == 0) {
		if (!s->active)
			return (0);
		s->active = 0;
	} else if (strcmp(sa->action, "staff.unlock") == 0) {
		if (s->active && s->failed == 0 && s->locked_until == 0)
			return (0);
		s->active = 1;
		s->failed = 0;
		s->locked_until = 0;
	} else {
		strlcpy(s->pin_hash, sa->hash, sizeof s->pin_hash);
		s->failed = 0;
		s->locked_until = 0;
	}
	store_staff_put(t, s);
	snprintf(subj, sizeof subj, "staff %u", s->id);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, sa->action, subj, "%s", "");
	sa->changed = 1;
	return (t->ret != 0 ? -1 : 0);
}

static int
ctl_staff_change(struct ctl *ctl, struct ctl_args *args,
    const char *action)
{
	struct ctl_staff	 sa;
	const char		*what;
	char			 c[64];

	memset(&sa, 0, sizeof sa);
	sa.action = action;
	if (ctl_staff_id(args->argv[0], &sa.id) != 0)
		return (-1);
	if (strcmp(action, "staff.pin") == 0) {
		snprintf(c, sizeof c, "staff %u", sa.id);
		if (ctl_staff_pin_hash(args, "pin", c, sa.hash,
		    sizeof sa.hash) != 0)
			return (-1);
	}
	if (stashctl_write(ctl, ctl_staff_change_cb, &sa) != 0)
		return (-1);
	explicit_bzero(sa.hash, sizeof sa.hash);
	if (strcmp(action, "staff.lock") == 0)
		what = sa.changed ? "locked" : "was already locked";
	else if (strcmp(action, "staff.unlock") == 0)
		what = sa.changed ? "unlocked" : "was not locked";
	else
		what = "has a new PIN";
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:i,s:o,s:b,s:b}", "id",
		    (int)sa.id, "name", stashctl_json_str(sa.s.name), "active",
		    sa.s.active, "changed", sa.changed));
	} else {
		printf("staff %u (%s) %s\n", sa.id, stashctl_clean(sa.s.name,
		    c, sizeof c), what);
	}
	return (0);
}

int
ctl_staff_lock(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_staff_change(ctl, args, "staff.lock"));
}

int
ctl_staff_unlock(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_staff_change(ctl, args, "staff.unlock"));
}

int
ctl_staff_pin(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_staff_change(ctl, args, "staff.pin"));
}

struct ctl_staff_role {
	uint32_t	 id;
	int		 role;
	int		 was;
	int		 r;
	struct staff	 s;
};

static int
ctl_staff_role_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_staff_role	*sr = arg;

	sr->r = auth_staff_role(t, sr->id, sr->role, 0, CTL_AUDIT_WHO, &sr->s,
	    &sr->was, cause);
	if (sr->r == AUTH_ROLE_NOTFOUND) {
		free(*cause);
		xasprintf(cause, "no staff member %u (stashctl staff list "
		    "shows them)", sr->id);
	}
	return (sr->r == AUTH_ROLE_OK || sr->r == AUTH_ROLE_SAME ? 0 : -1);
}

/* staff role ID ROLE: a new role, audited; never the last admin's. */
int
ctl_staff_role(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_staff_role	 sr;
	struct buf		 roles;
	char			 c[64];
	int			 i;

	memset(&sr, 0, sizeof sr);
	if (ctl_staff_id(args->argv[0], &sr.id) != 0)
		return (-1);
	if ((sr.role = perm_role_find(args->argv[1])) <= 0) {
		buf_init(&roles);
		for (i = 1; i <= ROLE_MAX; i++)
			buf_printf(&roles, "%s%s", i > 1 ? ", " : "",
			    perm_role_name(i));
		stashctl_error("no role \"%s\" (the roles are %s)",
		    stashctl_clean(args->argv[1], c, sizeof c),
		    buf_cstr(&roles));
		buf_free(&roles);
		return (-1);
	}
	if (stashctl_write(ctl, ctl_staff_role_cb, &sr) != 0)
		return (-1);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:i,s:o,s:s,s:s,s:b}", "id",
		    (int)sr.id, "name", stashctl_json_str(sr.s.name), "role",
		    perm_role_name(sr.role), "was", perm_role_name(sr.was),
		    "changed", sr.r == AUTH_ROLE_OK));
	} else if (sr.r == AUTH_ROLE_SAME) {
		printf("staff %u (%s) is already %s\n", sr.id,
		    stashctl_clean(sr.s.name, c, sizeof c),
		    perm_role_name(sr.role));
	} else {
		printf("staff %u (%s) is now %s (was %s)\n", sr.id,
		    stashctl_clean(sr.s.name, c, sizeof c),
		    perm_role_name(sr.role), perm_role_name(sr.was));
	}
	return (0);
}
