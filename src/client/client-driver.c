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
#include <strings.h>

#include <event2/event.h>
#include <sodium.h>

#include "client-op.h"
#include "customer.h"
#include "dev.h"
#include "rules.h"

/*
 * The driver's terminal (stash --driver): the trip as the handheld holds
 * it (client-journal.c), what has been done at each stop, the checks at
 * the door, the GPS, and the journal's sync to stashd.
 *
 * The model is rebuilt from the handheld's file at every start: the
 * bundle gives the stops, and the journal, replayed in order, what was
 * done at each. Every action is journalled (durably) first and only then
 * applied to the model, so what the screen shows is what the file holds.
 *
 * The checks at the door use the library stashd uses: the customer's age
 * and ID expiry (customer_eligible, with the bundle's rule file), and the
 * limits (limits_eval over the bundle's history of the customer plus this
 * trip's earlier deliveries to them).
 *
 * Sync: while connected and logged in, the unacknowledged entries go to
 * stashd in order with trip.sync, at most DRIVER_SYNC_BATCH at a time;
 * each is marked acknowledged only once the reply says so. The staff
 * session goes with the connection, so the driver's ID and PIN are kept
 * in memory (never on disk) for the shift to log in again by itself.
 */

#define DRIVER_SYNC_BATCH	50
#define DRIVER_SYNC_RETRY	5	/* s after a refused sync */
#define DRIVER_SYNC_POLL	2	/* s between looks at the journal */
#define DRIVER_CLOSE_POLL	10	/* s between asking if it is closed */

struct driver		 client_driver;

static struct event	*driver_sync_ev;
static struct event	*driver_gps_ev;
static int64_t		 driver_staff;
static char		 driver_pin[33];
static int		 driver_relogging;
static int		 driver_checking;
static int64_t		 driver_checked;

static void	client_driver_sync_later(int);
static void	client_driver_closed_check(void);
static void	client_driver_route_load(void);
static void	client_driver_route_set(json_t *);

/* "YYYY-MM-DD" as YYYYMMDD, or 0. */
int
client_driver_date(const char *s)
{
	int	y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1900 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return (0);
	return (y * 10000 + m * 100 + d);
}

static void
client_driver_copy(char *out, size_t len, json_t *o, const char *key)
{
	const char	*v;

	v = json_string_value(json_object_get(o, key));
	strlcpy(out, v != NULL ? v : "", len);
}

static int64_t
client_driver_int(json_t *o, const char *key)
{
	return (json_integer_value(json_object_get(o, key)));
}

static void
client_driver_person(json_t *o, struct driver_person *p)
{
	memset(p, 0, sizeof *p);
	if (!json_is_object(o))
		return;
	p->present = 1;
	p->id = client_driver_int(o, "id");
	client_driver_copy(p->name, sizeof p->name, o, "name");
	client_driver_copy(p->first, sizeof p->first, o, "first");
	client_driver_copy(p->last, sizeof p->last, o, "last");
	p->dob = client_driver_date(json_string_value(json_object_get(o,
	    "dob")));
	client_driver_copy(p->id_number, sizeof p->id_number, o, "id_number");
	p->id_expiry = client_driver_date(json_string_value(
	    json_object_get(o, "id_expiry")));
	client_driver_copy(p->type, sizeof p->type, o, "type");
	client_driver_copy(p->card, sizeof p->card, o, "card");
	p->card_expiry = client_driver_date(json_string_value(
	    json_object_get(o, "card_expiry")));
	client_driver_copy(p->state, sizeof p->state, o, "state");
	client_driver_copy(p->residence, sizeof p->residence, o, "residence");
}

/* A line as limits.c counts it, from stashd's {"category",...}. */
static const char *driver_limits_keys[LM_COUNT] = {
	"net_ug", "flower_ug", "conc_ug", "thc_ug", "other_ug", "volume_ul",
	"units"
};

static int
client_driver_limits_line(json_t *o, struct limits_line *l)
{
	const char	*s;
	int		 i;

	memset(l, 0, sizeof *l);
	if (!json_is_object(o))
		return (-1);
	l->at = client_driver_int(o, "time");
	s = json_string_value(json_object_get(o, "category"));
	if (s == NULL || (l->category = rules_category(s)) == -1)
		return (-1);
	s = json_string_value(json_object_get(o, "route"));
	l->route = s != NULL ? rules_route(s) : -1;
	l->qty = client_driver_int(o, "qty");
	if (l->qty < 0 || l->qty > 1000000)
		return (-1);
	for (i = 0; i < LM_COUNT; i++) {
		l->m[i] = client_driver_int(o, driver_limits_keys[i]);
		if (l->m[i] < 0)
			return (-1);
	}
	return (0);
}

static void
client_driver_stop_free(struct driver_stop *s)
{
	free(s->lines);
	free(s->history);
	s->lines = NULL;
	s->history = NULL;
}

static int
client_driver_stop_parse(json_t *o, struct driver_stop *s)
{
	json_t	*a, *v, *p;
	size_t	 i;

	memset(s, 0, sizeof *s);
	s->order = client_driver_int(o, "order");
	if (s->order <= 0)
		return (-1);
	s->seq = (u_int)client_driver_int(o, "seq");
	s->eta = client_driver_int(o, "eta");
	client_driver_copy(s->address, sizeof s->address, o, "address");
	client_driver_copy(s->notes, sizeof s->notes, o, "notes");
	s->lat = client_driver_int(o, "lat");
	s->lon = client_driver_int(o, "lon");
	s->fee = client_driver_int(o, "fee");
	s->subtotal = client_driver_int(o, "subtotal");
	s->tax = client_driver_int(o, "tax");
	s->total = client_driver_int(o, "total");
	client_driver_person(json_object_get(o, "customer"), &s->customer);
	client_driver_person(json_object_get(o, "patient"), &s->patient);
	a = json_object_get(o, "lines");
	if (json_array_size(a) > 0)
		s->lines = xcalloc(json_array_size(a), sizeof *s->lines);
	json_array_foreach(a, i, v) {
		struct driver_line	*l = &s->lines[s->nlines];

		client_driver_copy(l->tag, sizeof l->tag, v, "tag");
		p = json_object_get(v, "product");
		client_driver_copy(l->name, sizeof l->name, p, "name");
		client_driver_copy(l->category, sizeof l->category, p,
		    "category");
		client_driver_copy(l->unit, sizeof l->unit, v, "unit");
		l->qty = client_driver_int(v, "qty");
		l->price = client_driver_int(v, "price");
		l->tax = client_driver_int(v, "tax");
		l->has_limits = client_driver_limits_line(json_object_get(v,
		    "limits"), &l->limits) == 0;
		s->nlines++;
	}
	a = json_object_get(o, "history");
	if (json_array_size(a) > 0)
		s->history = xcalloc(json_array_size(a), sizeof *s->history);
	json_array_foreach(a, i, v) {
		if (client_driver_limits_line(v, &s->history[s->nhistory]) ==
		    0)
			s->nhistory++;
	}
	return (0);
}

static void
client_driver_clear(void)
{
	u_int	i;

	for (i = 0; i < client_driver.nstops; i++)
		client_driver_stop_free(&client_driver.stops[i]);
	free(client_driver.stops);
	free(client_driver.route);
	rules_free(client_driver.rules);
	client_driver.stops = NULL;
	client_driver.route = NULL;
	client_driver.rules = NULL;
	client_driver.nstops = 0;
	client_driver.nrefusals = 0;
	client_driver.trip = 0;
}

struct driver_stop *
client_driver_find(int64_t order)
{
	u_int	i;

	for (i = 0; i < client_driver.nstops; i++) {
		if (client_driver.stops[i].order == order)
			return (&client_driver.stops[i]);
	}
	return (NULL);
}

/* What one journal entry did, applied to the model. */
static void
client_driver_apply(const struct journal_entry *e)
{
	struct driver_stop	*s;
	json_t			*j, *t;
	json_error_t		 jerr;
	const char		*r;

	if ((j = json_loads(e->json, 0, &jerr)) == NULL)
		return;
	if (strcmp(e->kind, "reorder") == 0)
		client_driver_route_set(json_object_get(j, "orders"));
	if (strcmp(e->kind, "fix") == 0 || strcmp(e->kind, "reorder") == 0) {
		json_decref(j);
		return;
	}
	if ((s = client_driver_find(client_driver_int(j, "order"))) == NULL) {
		json_decref(j);
		return;
	}
	if (strcmp(e->kind, "arrive") == 0) {
		s->arrived = e->at;
	} else if (strcmp(e->kind, "depart") == 0) {
		s->departed = e->at;
	} else if (strcmp(e->kind, "skip") == 0) {
		s->outcome = DRIVER_SKIPPED;
		client_driver_copy(s->reason, sizeof s->reason, j, "reason");
	} else if (strcmp(e->kind, "fail") == 0) {
		s->outcome = DRIVER_FAILED;
		s->done = e->at;
		client_driver_copy(s->reason, sizeof s->reason, j, "reason");
	} else if (strcmp(e->kind, "deliver") == 0) {
		s->outcome = DRIVER_DELIVERED;
		s->done = e->at;
		t = json_object_get(j, "tender");
		s->cash = client_driver_int(t, "cash");
		client_driver_copy(s->card_ref, sizeof s->card_ref, t, "card");
	}
	if (e->acked) {
		s->synced = 1;
		r = e->result;
		if (strcmp(r, "exception") == 0)
			strlcpy(s->exception, e->exception,
			    sizeof s->exception);
		if (e->sale != 0)
			s->sale = e->sale;
	}
	json_decref(j);
}

static int
client_driver_apply_cb(const struct journal_entry *e, __unused void *arg)
{
	client_driver_apply(e);
	return (0);
}

/*
 * What was done at each stop, from the journal again, on the stops as
 * they are (a screen may hold one: nothing is reallocated).
 */
static void
client_driver_replay(void)
{
	struct driver_stop	*s;
	char			*cause;
	u_int			 i;

	for (i = 0; i < client_driver.nstops; i++) {
		s = &client_driver.stops[i];
		s->arrived = s->departed = s->done = s->cash = s->sale = 0;
		s->outcome = DRIVER_OPEN;
		s->synced = 0;
		s->reason[0] = s->card_ref[0] = s->exception[0] = '\0';
	}
	if (client_journal_walk(client_driver_apply_cb, NULL, &cause) != 0) {
		strlcpy(client_driver.journal_error, cause,
		    sizeof client_driver.journal_error);
		log_warnx("driver: %s", cause);
		free(cause);
	}
	client_driver_counts();
}

/* Count what waits, and read the journal's state again. */
void
client_driver_counts(void)
{
	if (client_journal_counts(&client_driver.unsent,
	    &client_driver.exceptions) != 0)
		strlcpy(client_driver.journal_error, "the journal holds a "
		    "damaged entry: it is not trusted (see the log)",
		    sizeof client_driver.journal_error);
}

/*
 * Rebuild the model from the handheld's file: the bundle, then the
 * journal replayed. 0 if there is no trip (trip 0); -1 with *cause if the
 * file is damaged.
 */
int
client_driver_reload(char **cause)
{
	json_t		*b, *v, *stops;
	const char	*text;
	struct driver_stop *s;
	char		*why;
	size_t		 i;

	*cause = NULL;
	client_driver_clear();
	client_driver.journal_error[0] = '\0';
	if (client_journal_trip() == 0)
		return (0);
	if ((b = client_journal_bundle(cause)) == NULL)
		return (-1);
	client_driver.trip = client_journal_trip();
	v = json_object_get(b, "store");
	client_driver_copy(client_driver.store_name,
	    sizeof client_driver.store_name, v, "name");
	client_driver_copy(client_driver.licence,
	    sizeof client_driver.licence, v, "licence");
	client_driver_copy(client_driver.state, sizeof client_driver.state,
	    v, "state");
	client_driver_copy(client_driver.tz, sizeof client_driver.tz, v,
	    "tz");
	if (client_driver.tz[0] == '\0')
		strlcpy(client_driver.tz, "UTC", sizeof client_driver.tz);
	client_driver_copy(client_driver.rules_name,
	    sizeof client_driver.rules_name, b, "rules_name");
	text = json_string_value(json_object_get(b, "rules"));
	if (text != NULL && *text != '\0') {
		client_driver.rules = rules_load_text(client_driver.rules_name,
		    text, strlen(text), &why);
		if (client_driver.rules == NULL) {
			xasprintf(cause, "the trip's rule file: %s", why);
			free(why);
			json_decref(b);
			return (-1);
		}
	}
	json_array_foreach(json_object_get(b, "refusals"), i, v) {
		if (client_driver.nrefusals == DRIVER_REFUSALS ||
		    !json_is_string(v))
			continue;
		strlcpy(client_driver.refusals[client_driver.nrefusals++],
		    json_string_value(v), sizeof client_driver.refusals[0]);
	}
	stops = json_object_get(b, "stops");
	if (json_array_size(stops) > 0) {
		client_driver.stops = xcalloc(json_array_size(stops),
		    sizeof *client_driver.stops);
		client_driver.route = xcalloc(json_array_size(stops),
		    sizeof *client_driver.route);
	}
	json_array_foreach(stops, i, v) {
		s = &client_driver.stops[client_driver.nstops];
		if (client_driver_stop_parse(v, s) != 0) {
			client_driver_stop_free(s);
			continue;
		}
		client_driver.route[client_driver.nstops] =
		    client_driver.nstops;
		client_driver.nstops++;
	}
	json_decref(b);
	client_driver_route_load();
	if (client_journal_walk(client_driver_apply_cb, NULL, cause) != 0) {
		strlcpy(client_driver.journal_error, *cause,
		    sizeof client_driver.journal_error);
		return (-1);
	}
	client_driver_counts();
	return (0);
}

/* --- the GPS ---------------------------------------------------------- */

static void
client_driver_position(const struct dev_position *p)
{
	if (p == NULL || !p->fix) {
		client_driver.fix.nofix = 1;
		return;
	}
	client_driver.fix.have = 1;
	client_driver.fix.nofix = 0;
	client_driver.fix.lat = p->lat;
	client_driver.fix.lon = p->lon;
	client_driver.fix.quality = p->quality;
	client_driver.fix.sats = p->satellites < 0 ? 0 : p->satellites;
	client_driver.fix.at = util_now();
	ui_screen_dirty();
}

/* Seconds since the last fix, or -1 if none. */
int64_t
client_driver_fix_age(void)
{
	if (!client_driver.fix.have)
		return (-1);
	return ((util_now() - client_driver.fix.at) / 1000000);
}

/* A fix is stale after two intervals without a new one. */
int
client_driver_fix_stale(void)
{
	int64_t	age = client_driver_fix_age();

	return (age < 0 || client_driver.fix.nofix ||
	    age > 2 * (int64_t)client_driver.gps_interval);
}

/* The FIX of an entry: the last one, marked stale if it is; or NULL. */
static json_t *
client_driver_fix_json(void)
{
	const struct driver_fix	*f = &client_driver.fix;

	if (!f->have)
		return (NULL);
	return (json_pack("{s:I, s:I, s:I, s:i, s:i, s:b}", "lat",
	    (json_int_t)f->lat, "lon", (json_int_t)f->lon, "at",
	    (json_int_t)f->at, "quality", f->quality, "sats", f->sats,
	    "stale", client_driver_fix_stale()));
}

static void
client_driver_gps_tick(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	struct timeval		 tv = { client_driver.gps_interval, 0 };
	struct journal_entry	 e;
	json_t			*f, *fix;
	char			*cause;

	evtimer_add(driver_gps_ev, &tv);
	ui_screen_dirty();
	if (client_driver.trip == 0)
		return;
	if ((fix = client_driver_fix_json()) == NULL) {
		/*
		 * No fix since the start: no place to record (a FIX is a
		 * place), so the state itself is journalled, once a start,
		 * for the trip's record; the screen says NO GPS.
		 */
		if (client_driver.fix.told)
			return;
		f = json_object();
		if (client_journal_append("nogps", f, &e, &cause) != 0) {
			log_warnx("driver: no GPS, not journalled: %s", cause);
			free(cause);
		} else {
			log_info("driver: no GPS fix yet, journalled as %llu",
			    (unsigned long long)e.seq);
			client_driver.fix.told = 1;
			client_driver.unsent++;
			client_journal_entry_free(&e);
		}
		json_decref(f);
		client_driver_sync_later(0);
		return;
	}
	/* A stale fix is journalled again as the last place, stale. */
	f = json_pack("{s:o}", "fix", fix);
	if (client_journal_append("fix", f, &e, &cause) != 0) {
		log_warnx("driver: a GPS fix not journalled: %s", cause);
		free(cause);
	} else {
		client_driver.fixes++;
		client_driver.unsent++;
		client_journal_entry_free(&e);
	}
	json_decref(f);
	client_driver_sync_later(0);
}

/* --- recording -------------------------------------------------------- */

/*
 * Journal kind for stop s with fields (the GPS fix is added), durably,
 * then apply it to the model. -1 with *cause if it could not be written:
 * then nothing has happened.
 */
int
client_driver_record(const char *kind, struct driver_stop *s, json_t *fields,
    char **cause)
{
	struct journal_entry	 e;
	json_t			*f, *fix;

	f = fields != NULL ? json_deep_copy(fields) : json_object();
	json_object_set_new(f, "order", json_integer(s->order));
	if ((fix = client_driver_fix_json()) != NULL)
		json_object_set_new(f, "fix", fix);
	if (client_journal_append(kind, f, &e, cause) != 0) {
		json_decref(f);
		return (-1);
	}
	json_decref(f);
	log_info("driver: %s order %lld journalled as %llu", kind,
	    (long long)s->order, (unsigned long long)e.seq);
	client_driver_apply(&e);
	client_journal_entry_free(&e);
	client_driver.unsent++;
	client_driver_sync_later(0);
	return (0);
}

/*
 * A delivery at stop s, journalled: the tender (cash taken, or, with card
 * set, the card terminal's reference for the whole total) and the ID
 * checked at the door.
 */
int
client_driver_deliver(struct driver_stop *s, const struct driver_id *id,
    int64_t cash, const char *card, char **cause)
{
	json_t	*tender, *f;
	int	 rc;

	if (card != NULL)
		tender = json_pack("{s:s}", "card", card);
	else
		tender = json_pack("{s:I}", "cash", (json_int_t)cash);
	f = json_pack("{s:o, s:o}", "tender", tender, "id_scan",
	    client_driver_id_json(id));
	rc = client_driver_record("deliver", s, f, cause);
	json_decref(f);
	return (rc);
}

/* A stop's outcome that carries only a reason (fail, skip), journalled. */
int
client_driver_reason(const char *kind, struct driver_stop *s,
    const char *reason, char **cause)
{
	json_t	*f;
	int	 rc;

	f = json_pack("{s:s}", "reason", reason);
	rc = client_driver_record(kind, s, f, cause);
	json_decref(f);
	return (rc);
}

/* The ID at the door, as the ENTRY's "id_scan". */
json_t *
client_driver_id_json(const struct driver_id *id)
{
	char	dob[16], exp[16];

	snprintf(dob, sizeof dob, "%04d-%02d-%02d", id->dob / 10000,
	    id->dob / 100 % 100, id->dob % 100);
	snprintf(exp, sizeof exp, "%04d-%02d-%02d", id->expiry / 10000,
	    id->expiry / 100 % 100, id->expiry % 100);
	return (json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", id->name,
	    "dob", dob, "id_number", id->number, "expiry", exp, "state",
	    id->state));
}

/* An ID from the AAMVA parser. */
void
client_driver_id_from_dev(const struct dev_id *d, struct driver_id *id)
{
	memset(id, 0, sizeof *id);
	strlcpy(id->first, d->given, sizeof id->first);
	strlcpy(id->last, d->family, sizeof id->last);
	snprintf(id->name, sizeof id->name, "%s %s", d->given, d->family);
	id->dob = d->birth;
	id->expiry = d->expiry;
	strlcpy(id->number, d->number, sizeof id->number);
	strlcpy(id->state, d->state, sizeof id->state);
	id->scanned = 1;
}

/* The ID's name against the customer's: first and last, any case. */
static int
client_driver_name_match(const struct driver_id *id,
    const struct driver_person *p)
{
	if (p->first[0] != '\0' && p->last[0] != '\0')
		return (strcasecmp(id->first, p->first) == 0 &&
		    strcasecmp(id->last, p->last) == 0);
	return (strcasecmp(id->name, p->name) == 0);
}

/*
 * May this stop's goods be handed over on this ID, now? 0 if so; else -1
 * with why (for the driver; which check failed, no customer data) and
 * *reason, the refusal it calls for.
 */
int
client_driver_check(const struct driver_stop *s, const struct driver_id *id,
    char *why, size_t len, const char **reason)
{
	const struct driver_person	*buyer = &s->customer;
	const struct driver_person	*subject;
	struct customer			 cu;
	struct limits_request		 req;
	struct limits_result		 res;
	struct driver_stop		*o;
	int64_t				 now = util_now();
	int				 today, n;
	u_int				 i, j, cart;
	char				*cause = NULL;

	*reason = "id-refused";
	today = util_local_date(now, client_driver.tz);
	if (!buyer->present) {
		snprintf(why, len, "The order has no customer on this "
		    "handheld: call the store");
		return (-1);
	}
	/* The ID first: its expiry and the age it gives. */
	if (id->expiry == 0 || id->expiry < today) {
		snprintf(why, len, "The ID has expired: an unexpired ID is "
		    "needed");
		return (-1);
	}
	memset(&cu, 0, sizeof cu);
	cu.type = store_customer_type_find(buyer->type);
	cu.dob = id->dob;
	cu.id_expires = id->expiry;
	strlcpy(cu.card_number, buyer->card, sizeof cu.card_number);
	cu.card_expires = buyer->card_expiry;
	if (customer_eligible(&cu, today, client_driver.rules, &cause) != 0) {
		snprintf(why, len, "Refuse: %s", cause);
		/* customer.c's age refusals: "21 and over", "21 or over". */
		if (strstr(cause, " and over") != NULL ||
		    strstr(cause, " or over") != NULL ||
		    strstr(cause, ": under ") != NULL)
			*reason = "underage";
		free(cause);
		return (-1);
	}
	/* Then that it is the order's customer. */
	if (!client_driver_name_match(id, buyer) || id->dob != buyer->dob) {
		snprintf(why, len, "Refuse: the ID's name or date of birth does "
		    "not match the order's customer");
		return (-1);
	}
	if (client_driver.rules == NULL)
		return (0);

	/* Limits: the bundle's history, this trip's deliveries, this cart. */
	subject = s->patient.present ? &s->patient : buyer;
	limits_request_defaults(client_driver.rules, &req);
	req.at = now;
	if (buyer->type[0] != '\0' && strcmp(buyer->type, "caregiver") == 0)
		req.type = LC_CAREGIVER;
	else if (strcmp(subject->type, "adult") == 0)
		req.type = LC_ADULT;
	else
		req.type = LC_MEDICAL;
	req.age = customer_age(subject->dob, today);
	req.resident = subject->residence[0] == '\0' ||
	    strcmp(subject->residence, client_driver.state) == 0;
	n = (int)s->nhistory;
	for (i = 0; i < client_driver.nstops; i++) {
		o = &client_driver.stops[i];
		if (o != s && o->outcome == DRIVER_DELIVERED &&
		    (o->patient.present ? o->patient.id : o->customer.id) ==
		    subject->id)
			n += (int)o->nlines;
	}
	req.history = xcalloc((size_t)n + 1, sizeof *req.history);
	for (i = 0; i < s->nhistory; i++)
		req.history[req.nhistory++] = s->history[i];
	for (i = 0; i < client_driver.nstops; i++) {
		o = &client_driver.stops[i];
		if (o == s || o->outcome != DRIVER_DELIVERED ||
		    (o->patient.present ? o->patient.id : o->customer.id) !=
		    subject->id)
			continue;
		for (j = 0; j < o->nlines; j++) {
			if (!o->lines[j].has_limits)
				continue;
			req.history[req.nhistory] = o->lines[j].limits;
			req.history[req.nhistory++].at = o->done;
		}
	}
	req.cart = xcalloc(s->nlines + 1, sizeof *req.cart);
	for (cart = 0, i = 0; i < s->nlines; i++) {
		if (!s->lines[i].has_limits)
			continue;
		req.cart[cart] = s->lines[i].limits;
		req.cart[cart++].at = now;
	}
	req.ncart = cart;
	memset(&res, 0, sizeof res);
	if (limits_eval(client_driver.rules, &req, &res) != 0 || !res.allow) {
		snprintf(why, len, "Refuse: over the purchase limit%s%s",
		    res.nreasons > 0 ? ": " : "", res.nreasons > 0 ?
		    res.reasons[0] : "");
		*reason = "limit";
		limits_result_free(&res);
		limits_request_free(&req);
		return (-1);
	}
	limits_result_free(&res);
	limits_request_free(&req);
	return (0);
}

/* Is reason one of the bundle's refusals (any, when it lists none)? */
int
client_driver_refusal_ok(const char *reason)
{
	u_int	i;

	if (client_driver.nrefusals == 0)
		return (1);
	for (i = 0; i < client_driver.nrefusals; i++) {
		if (strcmp(client_driver.refusals[i], reason) == 0)
			return (1);
	}
	return (0);
}

static void
client_driver_move_one(u_int from, u_int to)
{
	u_int	v;

	v = client_driver.route[from];
	if (from < to)
		memmove(&client_driver.route[from],
		    &client_driver.route[from + 1],
		    (to - from) * sizeof *client_driver.route);
	else
		memmove(&client_driver.route[to + 1],
		    &client_driver.route[to],
		    (from - to) * sizeof *client_driver.route);
	client_driver.route[to] = v;
}

/*
 * Move the stop at route position from to position to, for reason:
 * journalled (durably, before the screen shows it) as a reorder entry
 * with the whole route, which stashd records as a stop event of the trip
 * and which rebuilds the route at a restart.
 */
int
client_driver_move(u_int from, u_int to, const char *reason, char **cause)
{
	struct journal_entry	 e;
	json_t			*f, *route, *fix;
	u_int			 i;

	if (from >= client_driver.nstops || to >= client_driver.nstops) {
		xasprintf(cause, "no such stop");
		return (-1);
	}
	client_driver_move_one(from, to);
	route = json_array();
	for (i = 0; i < client_driver.nstops; i++)
		json_array_append_new(route, json_integer(
		    client_driver.stops[client_driver.route[i]].order));
	client_driver_move_one(to, from);
	f = json_pack("{s:o, s:s}", "orders", route, "reason", reason);
	if ((fix = client_driver_fix_json()) != NULL)
		json_object_set_new(f, "fix", fix);
	if (client_journal_append("reorder", f, &e, cause) != 0) {
		json_decref(f);
		return (-1);
	}
	json_decref(f);
	log_info("driver: route changed, journalled as %llu",
	    (unsigned long long)e.seq);
	client_driver_apply(&e);
	client_journal_entry_free(&e);
	client_driver.unsent++;
	client_driver_sync_later(0);
	return (0);
}

/* The route in the order of orders (those it names first). */
static void
client_driver_route_set(json_t *orders)
{
	json_t	*v;
	size_t	 i;
	u_int	 k, at = 0;

	json_array_foreach(orders, i, v) {
		for (k = at; k < client_driver.nstops; k++) {
			if (client_driver.stops[client_driver.route[k]].order ==
			    json_integer_value(v)) {
				client_driver_move_one(k, at++);
				break;
			}
		}
	}
}

/* The route as changed here by a handheld before reorder entries. */
static void
client_driver_route_load(void)
{
	json_t	*note;

	if ((note = client_journal_note_get(JOURNAL_NOTE_ROUTE)) == NULL)
		return;
	client_driver_route_set(json_object_get(note, "route"));
	json_decref(note);
}

/* --- sync ------------------------------------------------------------- */

static int
client_driver_online(void)
{
	return (client_state() == CLIENT_READY && client_session.logged_in &&
	    client_session.staff_id == driver_staff);
}

static void	client_driver_sync(void);

static void
client_driver_sync_done(const struct client_op_error *err,
    const struct journal_ack *acks, u_int n, __unused void *arg)
{
	char	*cause;
	u_int	 done = 0;

	client_driver.syncing = 0;
	ui_screen_dirty();
	if (err->code != NULL) {
		if (strcmp(err->code, "disconnected") == 0 ||
		    strcmp(err->code, "offline") == 0)
			return;		/* sent again once connected */
		snprintf(client_driver.sync_error,
		    sizeof client_driver.sync_error, "%s", err->message);
		log_warnx("driver: sync refused (%s): %s", err->code,
		    err->message);
		client_driver_sync_later(DRIVER_SYNC_RETRY);
		return;
	}
	client_driver.sync_error[0] = '\0';
	if (client_journal_ack(acks, n, &done, &cause) != 0) {
		snprintf(client_driver.sync_error,
		    sizeof client_driver.sync_error, "%s", cause);
		log_warnx("driver: acknowledgements not kept: %s", cause);
		free(cause);
		client_driver_sync_later(DRIVER_SYNC_RETRY);
		return;
	}
	log_info("driver: %u of %u entries acknowledged", done, n);
	client_driver_replay();
	if (done > 0)
		client_driver_sync();
}

static void
client_driver_trip_got(const struct client_op_error *err,
    const struct client_op_trip *t, __unused void *arg)
{
	char	*cause;

	driver_checking = 0;
	if (err->code != NULL || t == NULL || t->id != client_driver.trip ||
	    strcmp(t->status, "closed") != 0)
		return;
	/* Back at the store and closed: nothing of the customers stays. */
	if (client_driver_wipe(&cause) != 0) {
		log_warnx("driver: the trip is closed but not wiped: %s",
		    cause);
		strlcpy(client_driver.journal_error, cause,
		    sizeof client_driver.journal_error);
		free(cause);
		return;
	}
	log_info("driver: trip %lld closed: the handheld is wiped",
	    (long long)t->id);
	ui_status_set(UI_OK, "The trip is closed: its customer data is "
	    "wiped from this handheld");
	if (client_driver.closed != NULL)
		client_driver.closed();
}

/* All synced: has the store closed the trip meanwhile? */
static void
client_driver_closed_check(void)
{
	int64_t	now = util_now();

	if (driver_checking || client_driver.trip == 0 ||
	    now - driver_checked < DRIVER_CLOSE_POLL * 1000000LL)
		return;
	driver_checked = now;
	driver_checking = 1;
	client_op_driver_trip(client_driver.trip, client_driver_trip_got,
	    &driver_checked);
}

static void
client_driver_sync(void)
{
	struct journal_entry	 e[DRIVER_SYNC_BATCH];
	char			*cause;
	u_int			 n, i;

	if (client_driver.syncing || client_driver.trip == 0 ||
	    !client_driver_online())
		return;
	if (client_journal_pending(e, DRIVER_SYNC_BATCH, &n, &cause) != 0) {
		strlcpy(client_driver.journal_error, cause,
		    sizeof client_driver.journal_error);
		log_warnx("driver: %s", cause);
		free(cause);
		return;
	}
	if (n == 0) {
		client_driver_counts();
		client_driver_closed_check();
		return;
	}
	client_driver.syncing = 1;
	client_op_driver_sync(client_driver.trip, e, n,
	    client_driver_sync_done, &client_driver);
	for (i = 0; i < n; i++)
		client_journal_entry_free(&e[i]);
}

static void
client_driver_sync_tick(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	struct timeval	tv = { DRIVER_SYNC_POLL, 0 };

	evtimer_add(driver_sync_ev, &tv);
	client_driver_sync();
}

/* Look at the journal again in secs (0: on the next pass of the loop). */
static void
client_driver_sync_later(int secs)
{
	struct timeval	tv = { secs, 0 };

	if (driver_sync_ev != NULL)
		evtimer_add(driver_sync_ev, &tv);
}

/* --- the session ------------------------------------------------------- */

/*
 * No connection at the start: the driver who took the trip on this
 * handheld goes on with it, checked against the PIN kept when it was
 * taken. 0 if so (then logged in to stashd once it is reachable).
 */
int
client_driver_offline_login(int64_t staff, const char *pin, char **cause)
{
	json_t		*who;
	const char	*hash;
	int		 ok;

	if (client_driver.trip == 0) {
		xasprintf(cause, "Offline: log in needs the connection to the "
		    "store until a trip is on this handheld");
		return (-1);
	}
	if ((who = client_journal_note_get(JOURNAL_NOTE_DRIVER)) == NULL) {
		xasprintf(cause, "Offline: wait for the connection to log in");
		return (-1);
	}
	hash = json_string_value(json_object_get(who, "pin_hash"));
	ok = json_integer_value(json_object_get(who, "staff")) == staff &&
	    hash != NULL && crypto_pwhash_str_verify(hash, pin,
	    strlen(pin)) == 0;
	json_decref(who);
	if (!ok) {
		xasprintf(cause, "Offline: only the driver who took trip %lld "
		    "can go on with it here (check your ID and PIN)",
		    (long long)client_driver.trip);
		return (-1);
	}
	client_driver_credentials(staff, pin);
	log_info("driver: staff %lld goes on offline", (long long)staff);
	return (0);
}

/* Keep the driver's ID and PIN for this run, to log in again by itself. */
void
client_driver_credentials(int64_t staff, const char *pin)
{
	driver_staff = staff;
	explicit_bzero(driver_pin, sizeof driver_pin);
	strlcpy(driver_pin, pin, sizeof driver_pin);
}

static void
client_driver_relogin_done(const struct client_op_error *err,
    __unused void *arg)
{
	driver_relogging = 0;
	if (err->code != NULL) {
		log_warnx("driver: logging in again refused (%s)", err->code);
		if (strcmp(err->code, "bad-login") == 0 ||
		    strcmp(err->code, "locked") == 0) {
			explicit_bzero(driver_pin, sizeof driver_pin);
			snprintf(client_driver.sync_error,
			    sizeof client_driver.sync_error, "Log in again to "
			    "sync (F10, then your ID and PIN)");
		}
		ui_screen_dirty();
		return;
	}
	log_info("driver: logged in again");
	client_driver_sync_later(0);
	ui_screen_dirty();
}

/*
 * The session went (a new connection, or stashd ended it): log in again
 * with the kept PIN. 1 if that is under way (the screen stays), 0 if
 * there is nothing to log in with.
 */
int
client_driver_relogin(void)
{
	if (!client_mode.driver || driver_staff == 0 || driver_pin[0] == '\0')
		return (0);
	if (client_state() == CLIENT_READY && !driver_relogging) {
		driver_relogging = 1;
		client_op_session_login(driver_staff, driver_pin, NULL,
		    client_driver_relogin_done, &driver_staff);
	}
	return (1);
}

/* Connected again: log in if need be, then send what waits. */
void
client_driver_connected(void)
{
	if (!client_session.logged_in)
		client_driver_relogin();
	client_driver_sync_later(0);
}

/* --- start and end ---------------------------------------------------- */

int
client_driver_init(struct event_base *base, const char *path,
    const char *terminal, int gps_interval, char **cause)
{
	struct timeval	tv = { 0, 0 };
	char		*why;

	memset(&client_driver, 0, sizeof client_driver);
	client_driver.gps_interval = gps_interval;
	if (client_journal_open(path, terminal, cause) != 0)
		return (-1);
	if (client_driver_reload(&why) != 0) {
		log_warnx("driver: %s", why);
		strlcpy(client_driver.journal_error, why,
		    sizeof client_driver.journal_error);
		free(why);
	}
	client_dev_on_position(client_driver_position);
	driver_sync_ev = evtimer_new(base, client_driver_sync_tick, NULL);
	driver_gps_ev = evtimer_new(base, client_driver_gps_tick, NULL);
	evtimer_add(driver_sync_ev, &tv);
	tv.tv_sec = gps_interval;
	evtimer_add(driver_gps_ev, &tv);
	return (0);
}

void
client_driver_free(void)
{
	if (driver_sync_ev != NULL)
		event_free(driver_sync_ev);
	if (driver_gps_ev != NULL)
		event_free(driver_gps_ev);
	driver_sync_ev = driver_gps_ev = NULL;
	client_dev_on_position(NULL);
	client_driver_clear();
	client_journal_close();
	explicit_bzero(driver_pin, sizeof driver_pin);
	driver_staff = 0;
}

/*
 * The trip stashd gave (trip.handheld's result): kept in the handheld's
 * file in one transaction, then the model rebuilt from it.
 */
int
client_driver_take(int64_t trip, json_t *bundle, char **cause)
{
	char	 hash[crypto_pwhash_STRBYTES];
	json_t	*who;
	int	 rc;

	if (client_journal_load(trip, bundle, cause) != 0)
		return (-1);
	/*
	 * The driver, so that a restart where there is no signal can go on
	 * with the trip: the PIN as a password hash (the file is 0600 and
	 * a PIN is short: this keeps it out of sight, no more).
	 */
	if (driver_staff != 0 && driver_pin[0] != '\0' &&
	    crypto_pwhash_str(hash, driver_pin, strlen(driver_pin),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_MIN) ==
	    0) {
		who = json_pack("{s:I, s:s}", "staff", (json_int_t)driver_staff,
		    "pin_hash", hash);
		rc = client_journal_note_put(JOURNAL_NOTE_DRIVER, who, cause);
		json_decref(who);
		if (rc != 0)
			return (-1);
	}
	log_info("driver: trip %lld on this handheld", (long long)trip);
	return (client_driver_reload(cause));
}

/* Wipe the trip's customer data once the journal is all synced. */
int
client_driver_wipe(char **cause)
{
	if (client_journal_wipe(cause) != 0)
		return (-1);
	client_driver_clear();
	client_driver_counts();
	return (0);
}

/*
 * A delivered stop as a SALE (doc/protocol.md) for client-receipt.c: what
 * the handheld knows when it hands over, offline, with the rule file's
 * receipt requirements (the licence, the tags, THC for this customer type,
 * the warnings). The sale's number is stashd's once synced, else 0.
 */
json_t *
client_driver_receipt(const struct driver_stop *s)
{
	const struct rules	*r = client_driver.rules;
	json_t			*lines, *ws, *sale;
	uint32_t		 who;
	u_int			 i;

	lines = json_array();
	for (i = 0; i < s->nlines; i++) {
		json_array_append_new(lines, json_pack("{s:s, s:s, s:I, s:s, "
		    "s:I, s:I}", "name", s->lines[i].name, "tag",
		    s->lines[i].tag, "qty", (json_int_t)s->lines[i].qty,
		    "unit", strcmp(s->lines[i].unit, "weight") == 0 ?
		    "weight" : "each", "price", (json_int_t)(s->lines[i].qty >
		    0 && strcmp(s->lines[i].unit, "weight") != 0 ?
		    s->lines[i].price / s->lines[i].qty : s->lines[i].price),
		    "total", (json_int_t)s->lines[i].price));
	}
	who = strcmp(s->customer.type, "adult") == 0 ? LC_ADULT :
	    (strcmp(s->customer.type, "caregiver") == 0 ? LC_CAREGIVER :
	    LC_MEDICAL);
	ws = json_array();
	for (i = 0; r != NULL && i < r->nwarnings; i++) {
		if ((r->warnings[i].who & who) != 0)
			json_array_append_new(ws,
			    json_string(r->warnings[i].text));
	}
	sale = json_pack("{s:I, s:I, s:s, s:s, s:o, s:I, s:[{s:s, s:I}], "
	    "s:I, s:I, s:I}", "id", (json_int_t)s->sale, "time",
	    (json_int_t)s->done, "terminal", client_session.terminal != NULL ?
	    client_session.terminal : "", "status", "complete", "lines", lines,
	    "subtotal", (json_int_t)(s->subtotal + s->fee), "taxes", "label",
	    "tax", "amount", (json_int_t)s->tax, "total", (json_int_t)s->total,
	    "tendered", (json_int_t)s->cash, "change", (json_int_t)(s->cash >
	    s->total ? s->cash - s->total : 0));
	json_object_set_new(sale, "receipt", json_pack("{s:b, s:b, s:b, s:o}",
	    "licence", r != NULL && (r->receipt & RULES_RECEIPT_LICENCE) != 0,
	    "tags", r != NULL && (r->receipt & RULES_RECEIPT_TAGS) != 0, "thc",
	    r != NULL && (r->receipt & RULES_RECEIPT_THC) != 0 &&
	    (r->receipt_thc_who & who) != 0, "warnings", ws));
	if (s->card_ref[0] != '\0')
		json_object_set_new(sale, "card", json_pack("{s:I, s:s}",
		    "amount", (json_int_t)s->total, "ref", s->card_ref));
	return (sale);
}

/* A download in flight: whom to tell when the trip is kept (or not). */
struct client_driver_dl {
	int64_t			 trip;
	client_op_done_cb	 done;
	void			*arg;
};

static void
client_driver_got_bundle(const struct client_op_error *err, json_t *bundle,
    void *arg)
{
	struct client_driver_dl	*dl = arg;
	struct client_op_error	 e;
	char			*cause = NULL;

	if (err->code == NULL && client_driver_take(dl->trip, bundle,
	    &cause) != 0) {
		e.code = "not-kept";
		e.message = cause;
		dl->done(&e, dl->arg);
		free(cause);
	} else
		dl->done(err, dl->arg);
	free(dl);
}

/*
 * Download trip's bundle (trip.handheld) and keep it on this handheld
 * (client_driver_take); done is told once it is kept, or why not
 * (stashd's error, or "not-kept" with the handheld file's reason).
 */
json_int_t
client_driver_download(int64_t trip, client_op_done_cb done, void *arg)
{
	struct client_driver_dl	*dl;

	dl = xcalloc(1, sizeof *dl);
	dl->trip = trip;
	dl->done = done;
	dl->arg = arg;
	return (client_op_driver_handheld(trip, client_driver_got_bundle, dl));
}

/*
 * The receipt of stop s's delivery built into r (w columns), and printed
 * when a receipt printer is configured: 0, or -1 with *cause when it did
 * not print (the delivery stands: it is journalled).
 */
int
client_driver_print_receipt(const struct driver_stop *s,
    struct client_receipt *r, u_int w, char **cause)
{
	json_t	*sale;
	int	 rc = 0;

	sale = client_driver_receipt(s);
	client_receipt_free(r);
	client_receipt_build(r, sale, w);
	if (client_dev_has(CLIENT_DEV_PRINTER) && client_dev_sale(sale,
	    cause) != 0)
		rc = -1;
	json_decref(sale);
	return (rc);
}
