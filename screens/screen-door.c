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

#include <sys/types.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "client-op.h"
#include "dev.h"

/*
 * The door station (stash --door): scan a driver licence or ID card, find
 * the customer by ID number or add them, and say in big letters whether
 * they may come in to buy.
 *
 * A keyboard-wedge ID scanner types the card's PDF417 payload: an '@' at
 * the start of a burst hands the keys to client-idscan.c, which frames it
 * by the idle gap and parses it (devices/dev-id-aamva.c); the register
 * reads IDs the same way. A serial ID scanner (the id role of the device file) is parsed by its
 * driver and its ID arrives from client-dev.c (client_dev_on_id); from
 * there both are the same.
 *
 * The ID is searched for (customer.search); a returning customer's
 * eligibility comes from customer.get. Someone new is added with
 * customer.create and id_scanned: the type is asked with a key (a: adult,
 * m: medical, with the medical card's number and expiry typed). A typed ID
 * number only finds a returning customer: adding someone from a typed date
 * of birth is a manager's job (the protocol asks for a reason).
 *
 * What the card says is kept only until the next customer, and wiped; it is
 * never logged.
 *
 * Enter on an eligible customer checks them in to the queue (queue.add):
 * their ticket is shown in big digits until the next look-up. The live
 * queue, with waiting minutes, is drawn under the scan prompt and the
 * verdict (screens/screen-queue.c keeps it from the queue events).
 */

#define DOOR_BANNER	7		/* rows of the OK / NOT ELIGIBLE band */

enum screen_door_state {
	DOOR_SCAN,		/* waiting for a scan or a typed ID number */
	DOOR_BUSY,		/* waiting for stashd */
	DOOR_TYPE,		/* new: adult or medical? */
	DOOR_CARD,		/* the medical card number */
	DOOR_CARD_EXPIRES,	/* the medical card's expiry */
	DOOR_RESULT,		/* eligible or not */
};

static void	screen_door_enter(void *);
static void	screen_door_leave(void);
static void	screen_door_key(int, int64_t);
static void	screen_door_notify(const struct client_op_event *);
static void	screen_door_draw(const struct ui_rect *);

const struct screen_entry screen_door_entry = {
	.name = "door",
	.enter = screen_door_enter,
	.leave = screen_door_leave,
	.key = screen_door_key,
	.notify = screen_door_notify,
	.draw = screen_door_draw,
};
#define DOOR_ME	((void *)&screen_door_entry)

static const struct ui_fkey screen_door_scan_keys[] = {
	{ "Enter", "Look up ID number" },
	{ "Esc", "Clear" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_door_type_keys[] = {
	{ "a", "Adult" },
	{ "m", "Medical patient" },
	{ "Esc", "Cancel" },
};
static const struct ui_fkey screen_door_prompt_keys[] = {
	{ "Enter", "OK" },
	{ "Esc", "Cancel" },
};
static const struct ui_fkey screen_door_result_keys[] = {
	{ "Enter", "Next customer" },
	{ "F10", "Logout" },
};
static const struct ui_fkey screen_door_queue_keys[] = {
	{ "Enter", "Put in the queue" },
	{ "Esc", "Next, no queue" },
	{ "F10", "Logout" },
};
#define nitems(a) (sizeof (a) / sizeof (a)[0])

static enum screen_door_state	 screen_door_state;
static struct ui_input		 screen_door_in;
static struct client_idscan	 screen_door_scan;
static int			 screen_door_scanned;	/* door_id is valid */
static struct dev_id		 screen_door_id;
static char			 screen_door_card[41];
static char			 screen_door_want[DEV_FIELD_MAX]; /* ID no. */
static struct client_op_customer_info screen_door_result; /* customer.get */
static int			 screen_door_has_result;
static const char		*screen_door_how;	/* found or added */
static int			 screen_door_queueing;	/* queue.add asked */
static int64_t			 screen_door_ticket;	/* the last queued */
static char			 screen_door_ticket_name[48];

static void	screen_door_wedge_id(const struct dev_id *, const char *,
		     void *);
static void	screen_door_dev_id(const struct dev_id *);

/* Forget the last customer: the card's fields and what stashd said. */
static void
screen_door_wipe(void)
{
	explicit_bzero(&screen_door_id, sizeof screen_door_id);
	explicit_bzero(screen_door_card, sizeof screen_door_card);
	explicit_bzero(screen_door_want, sizeof screen_door_want);
	screen_door_scanned = 0;
	client_op_customer_info_free(&screen_door_result);
	screen_door_has_result = 0;
	screen_door_how = NULL;
}

static void
screen_door_set_state(enum screen_door_state state)
{
	screen_door_state = state;
	switch (state) {
	case DOOR_SCAN:
		ui_input_init(&screen_door_in, 40, 0);
		break;
	case DOOR_CARD:
		ui_input_init(&screen_door_in, 40, 0);
		break;
	case DOOR_CARD_EXPIRES:
		ui_input_init(&screen_door_in, 10, 0);
		break;
	default:
		ui_input_init(&screen_door_in, 1, 0);
		break;
	}
	ui_screen_dirty();
}

static void
screen_door_enter(__unused void *arg)
{
	client_idscan_free(&screen_door_scan);
	client_idscan_init(&screen_door_scan, client_mode.base,
	    screen_door_wedge_id, NULL);
	screen_door_queueing = 0;
	screen_door_wipe();
	screen_door_set_state(DOOR_SCAN);
	client_dev_on_id(screen_door_dev_id);
	screen_queue_refresh();
}

static void
screen_door_leave(void)
{
	client_dev_on_id(NULL);
	client_idscan_free(&screen_door_scan);
	screen_door_wipe();
	ui_input_clear(&screen_door_in);
}

/* "YYYY-MM-DD" of a YYYYMMDD date. */
static char *
screen_door_date(int d, char *out, size_t len)
{
	snprintf(out, len, "%04d-%02d-%02d", d / 10000, (d / 100) % 100,
	    d % 100);
	return (out);
}

/*
 * The state's word on a patient as one line: 1 with out and *c set, 0
 * if there is none (not a patient, or reporting off). Ounces are shown
 * as the state gives them, to the thousandth.
 */
static int
screen_door_state_line(const struct client_op_patient_state *st, char *out,
    size_t len, enum ui_colour *c)
{
	const char	*status = st->status;

	if (*status == '\0' || strcmp(status, "off") == 0)
		return (0);
	if (strcmp(status, "active") == 0) {
		if (st->has_flower)
			snprintf(out, len, "State: active, %lld.%03lld oz "
			    "flower left", (long long)st->flower_moz / 1000,
			    (long long)st->flower_moz % 1000);
		else
			snprintf(out, len, "State: active");
		*c = UI_OK;
	} else if (strcmp(status, "inactive") == 0) {
		snprintf(out, len, "State: INACTIVE: %s", st->message);
		*c = UI_ERROR;
	} else {
		snprintf(out, len, "State: UNREACHABLE; outage rule %s: %s",
		    st->policy, st->admit ? "let in, say so" :
		    "check-in refused");
		*c = UI_WARN;
	}
	return (1);
}

static void
screen_door_got(const struct client_op_error *err,
    struct client_op_customer_info *ci, __unused void *arg)
{
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_door_set_state(DOOR_SCAN);
		screen_request_error(err->code, err->message);
		return;
	}
	client_op_customer_info_move(&screen_door_result, ci);
	screen_door_has_result = 1;
	screen_door_set_state(DOOR_RESULT);
	if (screen_door_result.eligible == 1)
		ui_status_set(UI_OK, "%s, ELIGIBLE: Enter puts them in the "
		    "queue", screen_door_how);
	else {
		ui_status_set(UI_ERROR, "%s, NOT eligible: Enter for the next "
		    "customer", screen_door_how);
		ui_screen_beep();
	}
}

/* Ask for a customer's eligibility. */
static void
screen_door_get(int64_t id, const char *how)
{
	screen_door_how = how;
	screen_door_set_state(DOOR_BUSY);
	ui_status_set(UI_INFO, "Checking eligibility...");
	client_op_customer_get(id, 0, screen_door_got, DOOR_ME);
}

static void
screen_door_created(const struct client_op_error *err,
    struct client_op_customer_info *ci, __unused void *arg)
{
	ui_screen_dirty();
	if (err->code != NULL) {
		screen_door_set_state(DOOR_TYPE);
		screen_request_error(err->code, err->message);
		return;
	}
	log_info("door: customer %lld added from a scanned ID",
	    (long long)ci->customer.id);
	screen_door_get(ci->customer.id, "New customer added");
}

/* Add the customer the scanned ID describes: adult, or medical. */
static void
screen_door_create(int medical, const char *expires)
{
	struct client_op_customer_new	dn;

	if (!screen_door_scanned)
		return;
	dn.medical = medical;
	dn.id = &screen_door_id;
	dn.card = screen_door_card;
	dn.card_expires = expires;
	screen_door_set_state(DOOR_BUSY);
	ui_status_set(UI_INFO, "Adding the customer...");
	client_op_customer_create(&dn, screen_door_created, DOOR_ME);
}

static void
screen_door_found(const struct client_op_error *err,
    struct client_op_customer_list *df, __unused void *arg)
{
	const struct client_op_customer	*cu;
	const char			*want;

	ui_screen_dirty();
	if (err->code != NULL) {
		screen_door_set_state(DOOR_SCAN);
		screen_request_error(err->code, err->message);
		return;
	}
	want = screen_door_want;
	if ((cu = client_idscan_match(df, want)) != NULL) {
		screen_door_get(cu->id, "Returning customer");
		return;
	}
	if (!screen_door_scanned) {
		screen_door_set_state(DOOR_SCAN);
		ui_status_set(UI_WARN, "No customer has ID number %s: scan "
		    "their ID to add them", want);
		ui_screen_beep();
		return;
	}
	screen_door_set_state(DOOR_TYPE);
	ui_status_set(UI_INFO, "New customer: a for adult use, m for a "
	    "medical patient");
}

/* Look an ID number up. */
static void
screen_door_search(const char *number)
{
	screen_door_ticket = 0;
	explicit_bzero(screen_door_ticket_name,
	    sizeof screen_door_ticket_name);
	strlcpy(screen_door_want, number, sizeof screen_door_want);
	screen_door_set_state(DOOR_BUSY);
	ui_status_set(UI_INFO, "Looking the ID up...");
	client_op_customer_search(screen_door_want, screen_door_found, DOOR_ME);
}

/* A wedge scan was read: its ID, or why it could not be. */
static void
screen_door_wedge_id(const struct dev_id *id, const char *err,
    __unused void *arg)
{
	ui_screen_dirty();
	screen_door_wipe();
	screen_door_set_state(DOOR_SCAN);
	if (id == NULL) {
		ui_status_set(UI_ERROR, "%s", err);
		ui_screen_beep();
		return;
	}
	memcpy(&screen_door_id, id, sizeof screen_door_id);
	screen_door_scanned = 1;
	screen_door_search(screen_door_id.number);
}

/*
 * A serial ID scanner's ID, already parsed: taken when a wedge scan would
 * be (waiting for a scan, or showing the last verdict); a half-typed ID
 * number gives way to it.
 */
static void
screen_door_dev_id(const struct dev_id *id)
{
	if (client_idscan_capturing(&screen_door_scan) ||
	    screen_door_queueing ||
	    (screen_door_state != DOOR_SCAN &&
	    screen_door_state != DOOR_RESULT)) {
		ui_status_set(UI_WARN, "Finish with this customer before "
		    "scanning the next ID");
		ui_screen_beep();
		return;
	}
	screen_door_wipe();
	screen_door_set_state(DOOR_SCAN);
	memcpy(&screen_door_id, id, sizeof screen_door_id);
	screen_door_scanned = 1;
	log_debug("door: ID from the ID scanner (AAMVA version %d)",
	    screen_door_id.version);
	screen_door_search(screen_door_id.number);
}

static void
screen_door_card_expires(void)
{
	const char	*s = ui_input_text(&screen_door_in);
	int		 y, m, d;
	char		 exp[32];

	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 2000 ||
	    y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) {
		ui_status_set(UI_ERROR, "Type the card's expiry as "
		    "YYYY-MM-DD, e.g. 2027-06-30");
		ui_screen_beep();
		return;
	}
	snprintf(exp, sizeof exp, "%04d-%02d-%02d", y, m, d);
	screen_door_create(1, exp);
}

static void
screen_door_queued(const struct client_op_error *err,
    const struct client_op_queue_entry *entry, __unused void *arg)
{
	struct client_op_event	 ev;
	const char		*code = err->code, *message = err->message;
	char			 line[160];
	enum ui_colour		 c;

	screen_door_queueing = 0;
	ui_screen_dirty();
	if (code != NULL) {
		/* Already waiting: nothing more to do for them. */
		if (strcmp(code, "conflict") == 0) {
			screen_door_wipe();
			screen_door_set_state(DOOR_SCAN);
		}
		screen_request_error(code, message);
		return;
	}
	screen_door_ticket = entry->ticket;
	strlcpy(screen_door_ticket_name, entry->name,
	    sizeof screen_door_ticket_name);
	log_info("door: ticket %lld (customer %lld)",
	    (long long)screen_door_ticket, (long long)entry->customer);
	memset(&ev, 0, sizeof ev);
	ev.type = CLIENT_OP_EVENT_QUEUE;
	ev.state = "added";
	ev.entry = *entry;
	screen_queue_event(&ev);
	screen_door_wipe();
	screen_door_set_state(DOOR_SCAN);
	if (screen_door_state_line(&entry->state, line, sizeof line, &c) &&
	    c != UI_OK)
		ui_status_set(c, "Ticket %lld: %s is in the queue. %s",
		    (long long)screen_door_ticket, screen_door_ticket_name,
		    line);
	else
		ui_status_set(UI_OK, "Ticket %lld: %s is in the queue. Scan "
		    "the next ID", (long long)screen_door_ticket,
		    screen_door_ticket_name);
}

/* Enter on an eligible customer: check them in to the queue. */
static void
screen_door_queue(void)
{
	screen_door_queueing = 1;
	ui_status_set(UI_INFO, "Putting them in the queue...");
	client_op_queue_add(screen_door_result.customer.id, screen_door_queued,
	    DOOR_ME);
}

/* Is the verdict on screen eligible? */
static int
screen_door_eligible(void)
{
	return (screen_door_state == DOOR_RESULT && screen_door_has_result &&
	    screen_door_result.eligible == 1);
}

static void
screen_door_key(int key, __unused int64_t when)
{
	const char	*s;

	if (client_idscan_capturing(&screen_door_scan)) {
		client_idscan_key(&screen_door_scan, key);
		return;
	}
	if (key == '@' && (screen_door_state == DOOR_SCAN ||
	    screen_door_state == DOOR_RESULT) &&
	    ui_input_empty(&screen_door_in)) {
		screen_door_wipe();
		screen_door_set_state(DOOR_SCAN);
		client_idscan_start(&screen_door_scan);
		ui_status_set(UI_INFO, "Reading the ID...");
		return;
	}
	if (screen_door_state == DOOR_BUSY || screen_door_queueing)
		return;
	if (screen_common_key(key))
		return;

	switch (screen_door_state) {
	case DOOR_SCAN:
		if (key == UI_KEY_ESCAPE) {
			ui_input_set(&screen_door_in, "", 0);
			ui_status_clear();
			return;
		}
		if (key == UI_KEY_ENTER) {
			s = ui_input_text(&screen_door_in);
			if (*s == '\0') {
				ui_status_set(UI_INFO, "Scan the back of the "
				    "ID, or type its number");
				return;
			}
			screen_door_scanned = 0;
			screen_door_search(s);
			return;
		}
		break;
	case DOOR_TYPE:
		if (key == 'a' || key == 'A')
			screen_door_create(0, NULL);
		else if (key == 'm' || key == 'M') {
			screen_door_set_state(DOOR_CARD);
			ui_status_set(UI_INFO, "Type the medical card number");
		} else if (key == UI_KEY_ESCAPE) {
			screen_door_wipe();
			screen_door_set_state(DOOR_SCAN);
			ui_status_set(UI_INFO, "Cancelled: nobody was added");
		}
		return;
	case DOOR_CARD:
		if (key == UI_KEY_ESCAPE) {
			screen_door_set_state(DOOR_TYPE);
			return;
		}
		if (key == UI_KEY_ENTER) {
			s = ui_input_text(&screen_door_in);
			if (*s == '\0') {
				ui_status_set(UI_ERROR, "Type the medical "
				    "card number");
				return;
			}
			strlcpy(screen_door_card, s, sizeof screen_door_card);
			screen_door_set_state(DOOR_CARD_EXPIRES);
			ui_status_set(UI_INFO, "Type the card's expiry date, "
			    "YYYY-MM-DD");
			return;
		}
		break;
	case DOOR_CARD_EXPIRES:
		if (key == UI_KEY_ESCAPE) {
			screen_door_set_state(DOOR_CARD);
			return;
		}
		if (key == UI_KEY_ENTER) {
			screen_door_card_expires();
			return;
		}
		break;
	case DOOR_RESULT:
		if (key == UI_KEY_ENTER && screen_door_eligible()) {
			screen_door_queue();
			return;
		}
		if (key == UI_KEY_ENTER || key == UI_KEY_ESCAPE) {
			screen_door_wipe();
			screen_door_set_state(DOOR_SCAN);
			ui_status_set(UI_INFO, "Scan the next ID");
			return;
		}
		if (UI_KEY_PRINTABLE(key)) {
			/* Typing starts the next look-up. */
			screen_door_wipe();
			screen_door_set_state(DOOR_SCAN);
			break;
		}
		return;
	default:
		return;
	}
	if (ui_input_key(&screen_door_in, key) == UI_INPUT_REFUSED)
		ui_screen_beep();
}

static void
screen_door_notify(const struct client_op_event *ev)
{
	screen_queue_event(ev);
}

/* What the scanned ID says, for a new customer. */
static void
screen_door_draw_id(int y, const struct ui_rect *r)
{
	struct dev_id	*id = &screen_door_id;
	char		 d1[32], d2[32], *s;
	int		 x = r->x + 4, w = r->w - 8;

	ui_draw_str(y++, x, w, UI_TOTAL, "New customer (from the ID)");
	y++;
	xasprintf(&s, "Name:       %s %s%s%s", id->given, id->family,
	    id->suffix[0] != '\0' ? " " : "", id->suffix);
	ui_draw_str(y++, x, w, UI_NORMAL, s);
	free(s);
	screen_door_date(id->birth, d1, sizeof d1);
	xasprintf(&s, "Born:       %s (age %d)", d1, client_customer_age(d1));
	ui_draw_str(y++, x, w, UI_NORMAL, s);
	free(s);
	if (id->expiry > 0)
		screen_door_date(id->expiry, d2, sizeof d2);
	else
		strlcpy(d2, "none on the card", sizeof d2);
	xasprintf(&s, "%s:         %s %s, expires %s", strcmp(id->type,
	    "ID") == 0 ? "ID" : "DL", id->state, id->number, d2);
	ui_draw_str(y++, x, w, UI_NORMAL, s);
	free(s);
	y++;
	switch (screen_door_state) {
	case DOOR_TYPE:
		ui_draw_str(y, x, w, UI_PROMPT, "a: adult use     m: medical "
		    "patient     Esc: cancel");
		break;
	case DOOR_CARD:
		ui_input_draw(&screen_door_in, y, x, w, "Medical card "
		    "number:", 1);
		break;
	case DOOR_CARD_EXPIRES:
		xasprintf(&s, "Medical card:         %s", screen_door_card);
		ui_draw_str(y++, x, w, UI_NORMAL, s);
		free(s);
		ui_input_draw(&screen_door_in, y, x, w, "Card expires "
		    "(YYYY-MM-DD):", 1);
		break;
	default:
		ui_draw_str(y, x, w, UI_DIM, "Adding...");
		break;
	}
}

/* The verdict, in a band of big letters, and who it is for. */
static void
screen_door_draw_result(int y, const struct ui_rect *r)
{
	const struct client_op_customer *cu = &screen_door_result.customer;
	const char	*reason, *type, *dob, *exp;
	char		 name[128], *s;
	enum ui_colour	 c;
	int		 ok, i, x = r->x + 4, w = r->w - 8;

	ok = screen_door_result.eligible == 1;
	reason = screen_door_result.reason;

	for (i = 0; i < DOOR_BANNER; i++)
		ui_draw_fill(y + i, r->x + 2, r->w - 4, ok ? UI_PASS :
		    UI_ERROR);
	ui_draw_banner(y + 1, r->x + 2, r->w - 4, ok ? UI_PASS : UI_ERROR,
	    ok ? "OK" : "NOT ELIGIBLE");
	y += DOOR_BANNER;
	if (!ok) {
		xasprintf(&s, "%s", reason != NULL ? reason : "no reason "
		    "given");
		if (s[0] >= 'a' && s[0] <= 'z')
			s[0] = s[0] - 'a' + 'A';
		ui_draw_fill(y, r->x + 2, r->w - 4, UI_ERROR);
		ui_draw_centre(y, r->x + 2, r->w - 4, UI_ERROR, s);
		free(s);
	}
	y += 2;

	type = cu->type != NULL && cu->type[0] != '\0' ? cu->type : NULL;
	dob = cu->dob != NULL && cu->dob[0] != '\0' ? cu->dob : NULL;
	client_op_customer_name(cu, name, sizeof name);
	xasprintf(&s, "%s, %s, age %d", name, type != NULL ? type : "?",
	    client_customer_age(dob));
	ui_draw_str(y++, x, w, UI_TOTAL, s);
	free(s);
	exp = cu->id_expires;
	xasprintf(&s, "ID expires %s", exp != NULL ? exp : "?");
	if (cu->has_card) {
		free(s);
		xasprintf(&s, "ID expires %s; medical card expires %s",
		    cu->id_expires != NULL ? cu->id_expires : "(null)",
		    cu->card_expires != NULL ? cu->card_expires : "?");
	}
	ui_draw_str(y++, x, w, UI_NORMAL, s);
	free(s);
	if (screen_door_how != NULL)
		ui_draw_str(y, x, w, UI_DIM, screen_door_how);
	y++;

	/* A patient: the state registry's word (customer.get's "state"). */
	if (screen_door_state_line(&screen_door_result.state, name,
	    sizeof name, &c))
		ui_draw_str(y, x, w, c, name);
}

/* The ticket of the customer just queued, in big digits. */
static void
screen_door_draw_ticket(int y, const struct ui_rect *r)
{
	char	num[32], *s;
	int	w, x;

	if (screen_door_ticket == 0)
		return;
	snprintf(num, sizeof num, "%lld", (long long)screen_door_ticket);
	xasprintf(&s, "In the queue: %s, ticket %s", screen_door_ticket_name,
	    num);
	w = ui_draw_width(s) + 2 + ui_draw_big_width(num);
	x = r->x + (r->w - w) / 2;
	ui_draw_str(y + 1, x, r->w, UI_OK, s);
	ui_draw_big(y, x + ui_draw_width(s) + 2, UI_OK, num);
	free(s);
}

static void
screen_door_draw(const struct ui_rect *r)
{
	const struct ui_fkey	*keys;
	struct ui_rect		 q;
	u_int			 nkeys;
	int			 y = r->y + 1;

	ui_draw_fill(r->y, r->x, r->w, UI_HEADER);
	ui_draw_str(r->y, r->x + 1, r->w - 2, UI_HEADER, "Door: check ID "
	    "and eligibility");
	y = r->y + 2;
	switch (screen_door_state) {
	case DOOR_SCAN:
	case DOOR_BUSY:
		screen_door_draw_ticket(y, r);
		q.x = r->x;
		q.y = r->y + 10;
		q.w = r->w;
		q.h = r->h - 12;
		screen_queue_draw_waiting(&q);
		ui_draw_centre(y + 4, r->x, r->w, UI_TOTAL,
		    client_idscan_capturing(&screen_door_scan) ?
		    "Reading the ID..." :
		    screen_door_state == DOOR_BUSY ? "Checking..." :
		    "Scan the back of the ID (driver licence or ID card)");
		ui_draw_centre(y + 6, r->x, r->w, UI_DIM, "A returning "
		    "customer can also be found by typing the ID number");
		ui_input_draw(&screen_door_in, r->y + r->h - 1, r->x + 1,
		    r->w - 2, "ID number:", screen_door_state == DOOR_SCAN &&
		    !client_idscan_capturing(&screen_door_scan));
		keys = screen_door_scan_keys;
		nkeys = nitems(screen_door_scan_keys);
		break;
	case DOOR_TYPE:
	case DOOR_CARD:
	case DOOR_CARD_EXPIRES:
		screen_door_draw_id(y, r);
		if (screen_door_state == DOOR_TYPE) {
			keys = screen_door_type_keys;
			nkeys = nitems(screen_door_type_keys);
		} else {
			keys = screen_door_prompt_keys;
			nkeys = nitems(screen_door_prompt_keys);
		}
		break;
	case DOOR_RESULT:
	default:
		if (screen_door_has_result)
			screen_door_draw_result(y, r);
		q.x = r->x;
		q.y = r->y + 15;
		q.w = r->w;
		q.h = r->h - 15;
		screen_queue_draw_waiting(&q);
		if (screen_door_eligible()) {
			keys = screen_door_queue_keys;
			nkeys = nitems(screen_door_queue_keys);
		} else {
			keys = screen_door_result_keys;
			nkeys = nitems(screen_door_result_keys);
		}
		break;
	}
	if (screen_door_state != DOOR_SCAN && screen_door_state != DOOR_BUSY &&
	    screen_door_state != DOOR_CARD &&
	    screen_door_state != DOOR_CARD_EXPIRES)
		ui_screen_cursor(-1, -1);
	ui_fkeys_draw(ui_screen_rows() - 1, keys, nkeys);
}
