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


/* A new staff member with their own PIN, for init, demo and staff add. */
int
ctl_staff_create(struct store_txn *t, const char *name, int role,
    const char *pin_hash, uint32_t *id, char **cause)
{
	return (auth_staff_add(t, name, perm_role_name(role), pin_hash, 0, 0,
	    CTL_AUDIT_WHO, id, cause) == AUTH_OK ? 0 : -1);
}

struct ctl_staff {
	uint32_t		 id;
	const char		*name;
	const char		*role;
	char			 hash[128];
	char			 pin[8];	/* a one-time one */
	enum auth_change	 what;
	int			 r;
	struct staff		 s;
};

static int
ctl_staff_add_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_staff	*sa = arg;

	sa->r = auth_staff_add(t, sa->name, sa->role, sa->hash,
	    sa->pin[0] != '\0', 0, CTL_AUDIT_WHO, &sa->id, cause);
	return (sa->r == AUTH_OK ? 0 : -1);
}

/*
 * staff add --name NAME --role ROLE [--pin PIN | --one-time]: with
 * --one-time, stashctl makes a PIN the staff member replaces at their
 * first login, and prints it.
 */
int
ctl_staff_add(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_staff	 sa;
	const char		*name, *role;
	char			*cause = NULL;
	json_t			*j;

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
	sa.name = name;
	sa.role = role;
	if (stashctl_flag(args, "one-time")) {
		if (stashctl_opt(args, "pin") != NULL) {
			stashctl_error("give --pin or --one-time, not both");
			return (-1);
		}
		auth_pin_new(sa.pin, sizeof sa.pin);
		if (auth_pin_hash(sa.pin, sa.hash, sizeof sa.hash) != 0) {
			stashctl_error("cannot hash the PIN: out of memory");
			return (-1);
		}
	} else if (ctl_staff_pin_hash(args, "pin", name, sa.hash,
	    sizeof sa.hash) != 0)
		return (-1);
	if (stashctl_write(ctl, ctl_staff_add_cb, &sa) != 0)
		return (-1);
	explicit_bzero(sa.hash, sizeof sa.hash);
	if (ctl->json) {
		j = json_pack("{s:i,s:o,s:s}", "id", (int)sa.id, "name",
		    stashctl_json_str(name), "role", role);
		if (sa.pin[0] != '\0')
			json_object_set_new(j, "pin", json_string(sa.pin));
		stashctl_json_print(j);
	} else if (sa.pin[0] != '\0')
		printf("%u one-time PIN %s\n", sa.id, sa.pin);
	else
		printf("%u\n", sa.id);
	explicit_bzero(sa.pin, sizeof sa.pin);
	return (0);
}

static int
ctl_staff_list_one(const struct staff *s, void *arg)
{
	struct stashctl_list	*l = arg;
	char			 when[32], c[64], role[ROLE_NAME_MAX + 1];
	uint32_t		 perms;

	auth_role_get(&l->t, s->role, role, sizeof role, &perms);
	if (l->arr != NULL) {
		json_array_append_new(l->arr, json_pack("{s:i,s:o,s:s,s:b,s:i,"
		    "s:I,s:b,s:b}", "id", (int)s->id, "name",
		    stashctl_json_str(s->name), "role", role, "active",
		    s->active, "failed", s->failed, "locked_until",
		    (json_int_t)s->locked_until, "deactivated",
		    s->deactivated != 0, "pin_change", s->pin_change));
		return (0);
	}
	if (s->locked_until > util_now())
		stashctl_time(l->ctl, s->locked_until, when, sizeof when);
	else
		strlcpy(when, "-", sizeof when);
	fprintf(l->f, "%6u  %-24s %-10s %-6s %6d  %s\n", s->id,
	    stashctl_clean(s->name, c, sizeof c), role, s->deactivated != 0 ?
	    "gone" : s->active ? "yes" : "no", s->failed, when);
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

/* lock, unlock, deactivate, pin, reset: auth_staff_change. */
static int
ctl_staff_change_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_staff	*sa = arg;

	sa->r = auth_staff_change(t, sa->id, sa->what, sa->hash, 0,
	    CTL_AUDIT_WHO, &sa->s, cause);
	if (sa->r == AUTH_NOTFOUND) {
		free(*cause);
		xasprintf(cause, "no staff member %u (stashctl staff list "
		    "shows them)", sa->id);
	}
	return (sa->r == AUTH_OK || sa->r == AUTH_SAME ? 0 : -1);
}

static int
ctl_staff_change(struct ctl *ctl, struct ctl_args *args,
    enum auth_change what)
{
	static const char	*done[] = {
		[AUTH_LOCK] = "locked",
		[AUTH_UNLOCK] = "unlocked",
		[AUTH_DEACTIVATE] = "deactivated",
		[AUTH_PIN] = "has a new PIN",
		[AUTH_PIN_RESET] = "has a one-time PIN",
	};
	static const char	*same[] = {
		[AUTH_LOCK] = "was already locked",
		[AUTH_UNLOCK] = "was not locked",
		[AUTH_DEACTIVATE] = "was already deactivated",
	};
	struct ctl_staff	 sa;
	char			 c[64];
	json_t			*j;

	memset(&sa, 0, sizeof sa);
	sa.what = what;
	if (ctl_staff_id(args->argv[0], &sa.id) != 0)
		return (-1);
	if (what == AUTH_PIN) {
		snprintf(c, sizeof c, "staff %u", sa.id);
		if (ctl_staff_pin_hash(args, "pin", c, sa.hash,
		    sizeof sa.hash) != 0)
			return (-1);
	} else if (what == AUTH_PIN_RESET) {
		auth_pin_new(sa.pin, sizeof sa.pin);
		if (auth_pin_hash(sa.pin, sa.hash, sizeof sa.hash) != 0) {
			stashctl_error("cannot hash the PIN: out of memory");
			return (-1);
		}
	}
	if (stashctl_write(ctl, ctl_staff_change_cb, &sa) != 0)
		return (-1);
	explicit_bzero(sa.hash, sizeof sa.hash);
	if (ctl->json) {
		j = json_pack("{s:i,s:o,s:b,s:b,s:b}", "id", (int)sa.id,
		    "name", stashctl_json_str(sa.s.name), "active",
		    sa.s.active, "deactivated", sa.s.deactivated != 0,
		    "changed", sa.r == AUTH_OK);
		if (sa.pin[0] != '\0')
			json_object_set_new(j, "pin", json_string(sa.pin));
		stashctl_json_print(j);
	} else {
		printf("staff %u (%s) %s", sa.id, stashctl_clean(sa.s.name,
		    c, sizeof c), sa.r == AUTH_SAME ? same[what] : done[what]);
		if (sa.pin[0] != '\0')
			printf(" %s: they choose their own at their next login",
			    sa.pin);
		printf("\n");
	}
	explicit_bzero(sa.pin, sizeof sa.pin);
	return (0);
}

int
ctl_staff_lock(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_staff_change(ctl, args, AUTH_LOCK));
}

int
ctl_staff_unlock(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_staff_change(ctl, args, AUTH_UNLOCK));
}

int
ctl_staff_pin(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_staff_change(ctl, args,
	    stashctl_flag(args, "reset") ? AUTH_PIN_RESET : AUTH_PIN));
}

int
ctl_staff_deactivate(struct ctl *ctl, struct ctl_args *args)
{
	return (ctl_staff_change(ctl, args, AUTH_DEACTIVATE));
}

struct ctl_staff_role {
	uint32_t	 id;
	const char	*role;
	char		 was[ROLE_NAME_MAX + 1];
	char		 now[ROLE_NAME_MAX + 1];
	int		 r;
	struct staff	 s;
};

static int
ctl_staff_role_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_staff_role	*sr = arg;

	sr->r = auth_staff_role(t, sr->id, sr->role, 0, CTL_AUDIT_WHO, &sr->s,
	    sr->was, sr->now, sizeof sr->was, cause);
	if (sr->r == AUTH_NOTFOUND && strncmp(*cause, "no staff", 8) == 0) {
		free(*cause);
		xasprintf(cause, "no staff member %u (stashctl staff list "
		    "shows them)", sr->id);
	}
	return (sr->r == AUTH_OK || sr->r == AUTH_SAME ? 0 : -1);
}

/* staff role ID ROLE: a new role, audited; never the last admin's. */
int
ctl_staff_role(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_staff_role	 sr;
	char			 c[64];

	memset(&sr, 0, sizeof sr);
	if (ctl_staff_id(args->argv[0], &sr.id) != 0)
		return (-1);
	sr.role = args->argv[1];
	if (stashctl_write(ctl, ctl_staff_role_cb, &sr) != 0)
		return (-1);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:i,s:o,s:s,s:s,s:b}", "id",
		    (int)sr.id, "name", stashctl_json_str(sr.s.name), "role",
		    sr.now, "was", sr.was, "changed", sr.r == AUTH_OK));
	} else if (sr.r == AUTH_SAME) {
		printf("staff %u (%s) is already %s\n", sr.id,
		    stashctl_clean(sr.s.name, c, sizeof c), sr.now);
	} else {
		printf("staff %u (%s) is now %s (was %s)\n", sr.id,
		    stashctl_clean(sr.s.name, c, sizeof c), sr.now, sr.was);
	}
	return (0);
}
