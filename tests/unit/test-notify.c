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

#include "unit.h"

#include "stash.h"
#include "store.h"
#include "notify.h"

/*
 * notify.c and notify-payload.c: the webhook's signature against a
 * published HMAC-SHA256 vector, the bodies a job becomes (webhook JSON,
 * mail), the checks on what the order code hands in, and the jobs
 * notify_enqueue writes in a real ledger.
 */

#define TZ	"America/Denver"
/* 2026-06-14 22:40:00 UTC: 16:40 in Denver (MDT, UTC-6). */
#define ETA	INT64_C(1781476800000000)
#define CREATED	INT64_C(1781474400000000)	/* 22:00:00 UTC */

static const struct notify_store store = {
	"Green Leaf", "402R-00042", TZ, "orders@greenleaf.example"
};

static struct notify_job
job(int channel, int kind)
{
	struct notify_job	j;

	memset(&j, 0, sizeof j);
	j.id = 7;
	j.channel = channel;
	j.kind = kind;
	j.state = NOTIFY_PENDING;
	j.order = 42;
	strlcpy(j.to, channel == NOTIFY_MAIL ? "ann@example.org" :
	    "+15555550100", sizeof j.to);
	strlcpy(j.first, "Ann", sizeof j.first);
	j.created = j.due = CREATED;
	return (j);
}

/*
 * RFC 4231, test case 2: the four-byte key "Jefe" and the 28-byte message
 * "what do ya want for nothing?", spelled here as bytes.
 */
static void
test_sign_rfc4231(void **state)
{
	static const u_char key[] = { 0x4a, 0x65, 0x66, 0x65 };
	static const u_char msg[] = {
		0x77, 0x68, 0x61, 0x74, 0x20, 0x64, 0x6f, 0x20,
		0x79, 0x61, 0x20, 0x77, 0x61, 0x6e, 0x74, 0x20,
		0x66, 0x6f, 0x72, 0x20, 0x6e, 0x6f, 0x74, 0x68,
		0x69, 0x6e, 0x67, 0x3f
	};
	static const char want[] = "sha256="
	    "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843";
	char	out[NOTIFY_SIGNATURE_LEN + 1];

	(void)state;
	notify_sign(key, sizeof key, msg, sizeof msg, out, sizeof out);
	assert_string_equal(out, want);
	/* One byte of the body changed: another signature. */
	notify_sign(key, sizeof key, msg, sizeof msg - 1, out, sizeof out);
	assert_string_not_equal(out, want);
}

static void
test_webhook_body(void **state)
{
	struct notify_job	 j = job(NOTIFY_WEBHOOK, NOTIFY_OUT);
	json_t			*o;
	json_error_t		 e;
	char			*body, *again;
	size_t			 len, len2;

	(void)state;
	j.eta = ETA;
	body = notify_webhook_body(&store, &j, &len);
	assert_int_equal(len, strlen(body));
	o = json_loadb(body, len, 0, &e);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "id")),
	    "stash-402R-00042-n-7");
	assert_string_equal(json_string_value(json_object_get(o, "event")),
	    "out-for-delivery");
	assert_int_equal(json_integer_value(json_object_get(o, "order")), 42);
	assert_string_equal(json_string_value(json_object_get(o, "store")),
	    "Green Leaf");
	assert_string_equal(json_string_value(json_object_get(o, "phone")),
	    "+15555550100");
	assert_string_equal(json_string_value(json_object_get(o,
	    "first_name")), "Ann");
	assert_string_equal(json_string_value(json_object_get(o, "eta")),
	    "2026-06-14T22:40:00Z");
	assert_string_equal(json_string_value(json_object_get(o, "created")),
	    "2026-06-14T22:00:00Z");
	/* The text gives the ETA on the store's clock. */
	assert_string_equal(json_string_value(json_object_get(o, "text")),
	    "Hi Ann, your order 42 from Green Leaf is out for delivery, "
	    "expected around 16:40.");
	assert_int_equal(json_object_size(o), 10);
	json_decref(o);
	/* A retry sends the same bytes. */
	again = notify_webhook_body(&store, &j, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(body, again, len);
	free(again);
	free(body);

	/* No first name, no ETA: null, and a plain greeting. */
	j = job(NOTIFY_WEBHOOK, NOTIFY_PACKED);
	j.first[0] = '\0';
	body = notify_webhook_body(&store, &j, &len);
	o = json_loadb(body, len, 0, &e);
	assert_non_null(o);
	assert_true(json_is_null(json_object_get(o, "first_name")));
	assert_true(json_is_null(json_object_get(o, "eta")));
	assert_string_equal(json_string_value(json_object_get(o, "text")),
	    "Hello, your order 42 from Green Leaf is packed.");
	json_decref(o);
	free(body);
}

static void
test_texts(void **state)
{
	struct notify_job	 j;
	char			*s;
	int			 k;

	(void)state;
	for (k = NOTIFY_KIND_FIRST; k <= NOTIFY_KIND_LAST; k++) {
		j = job(NOTIFY_MAIL, k);
		j.eta = ETA;
		s = notify_text(&store, &j);
		assert_non_null(strstr(s, "order 42"));
		assert_non_null(strstr(s, "Green Leaf"));
		assert_true(strncmp(s, "Hi Ann,", 7) == 0);
		/* Never the address: the text may end up anywhere. */
		assert_null(strstr(s, "ann@example.org"));
		/* SMS-sized. */
		assert_true(strlen(s) <= 160);
		if (k == NOTIFY_OUT || k == NOTIFY_SOON)
			assert_non_null(strstr(s, "16:40"));
		free(s);
	}
	assert_int_equal(notify_kind_find("arriving-soon"), NOTIFY_SOON);
	assert_int_equal(notify_kind_find("shipped"), 0);
}

static void
test_mail(void **state)
{
	struct notify_job	 j = job(NOTIFY_MAIL, NOTIFY_DELIVERED);
	struct notify_store	 ns = store;
	char			*m;
	size_t			 len;

	(void)state;
	m = notify_mail(&store, &j, CREATED, &len);
	assert_int_equal(len, strlen(m));
	assert_non_null(strstr(m, "Date: Sun, 14 Jun 2026 22:00:00 +0000\r\n"));
	assert_non_null(strstr(m,
	    "From: \"Green Leaf\" <orders@greenleaf.example>\r\n"));
	assert_non_null(strstr(m, "To: <ann@example.org>\r\n"));
	assert_non_null(strstr(m,
	    "Subject: Green Leaf: order 42 delivered\r\n"));
	assert_non_null(strstr(m, "Message-ID: "
	    "<stash-402R-00042-n-7@greenleaf.example>\r\n"));
	assert_non_null(strstr(m, "X-Stash-Id: stash-402R-00042-n-7\r\n"));
	assert_non_null(strstr(m, "\r\n\r\nHi Ann, your order 42 from Green "
	    "Leaf was delivered. Thank you.\r\n"));
	/* Every line ends CRLF: no bare LF. */
	for (size_t i = 0; i < len; i++) {
		if (m[i] == '\n')
			assert_true(i > 0 && m[i - 1] == '\r');
	}
	free(m);

	/* A name beyond ASCII is encoded in the headers, never raw. */
	ns.name = "Caf\xc3\xa9 Verde";
	m = notify_mail(&ns, &j, CREATED, &len);
	assert_non_null(strstr(m, "Subject: =?UTF-8?B?Q2Fmw6kgVmVyZGU=?=: "
	    "order 42 delivered\r\n"));
	assert_null(strstr(m, "Subject: Caf\xc3\xa9"));
	free(m);
}

static void
test_check(void **state)
{
	struct notify_event	ev;
	char			cause[128];

	(void)state;
	assert_true(notify_email_valid("ann@example.org"));
	assert_false(notify_email_valid("ann@"));
	assert_false(notify_email_valid("@example.org"));
	assert_false(notify_email_valid("a@b@c"));
	/* Nothing that could end an SMTP command or a header. */
	assert_false(notify_email_valid("ann@example.org\r\nBcc: x@y.z"));
	assert_false(notify_email_valid("ann@example.org>"));
	assert_false(notify_email_valid("ann smith@example.org"));
	assert_true(notify_phone_valid("+15555550100"));
	assert_true(notify_phone_valid("5550100"));
	assert_false(notify_phone_valid("555-0100"));
	assert_false(notify_phone_valid("+1"));

	memset(&ev, 0, sizeof ev);
	ev.order = 42;
	ev.kind = NOTIFY_PACKED;
	strlcpy(ev.email, "ann@example.org", sizeof ev.email);
	assert_int_equal(notify_event_check(&ev, cause, sizeof cause), 0);
	ev.kind = NOTIFY_OUT;
	assert_int_equal(notify_event_check(&ev, cause, sizeof cause), -1);
	assert_non_null(strstr(cause, "ETA"));
	ev.eta = ETA;
	assert_int_equal(notify_event_check(&ev, cause, sizeof cause), 0);
	strlcpy(ev.email, "not an address", sizeof ev.email);
	assert_int_equal(notify_event_check(&ev, cause, sizeof cause), -1);
	/* The cause names the field, never the value. */
	assert_null(strstr(cause, "not an address"));
	ev.email[0] = '\0';
	ev.kind = 99;
	assert_int_equal(notify_event_check(&ev, cause, sizeof cause), -1);

	assert_int_equal(notify_backoff(1, 5, 3600), 5);
	assert_int_equal(notify_backoff(2, 5, 3600), 10);
	assert_int_equal(notify_backoff(4, 5, 3600), 40);
	assert_int_equal(notify_backoff(40, 5, 3600), 3600);
}

static int
count_due(const struct notify_job *j, void *arg)
{
	struct notify_job	*out = arg;

	out[out[0].attempts++ + 1] = *j;
	return (0);
}

static void
test_enqueue(void **state)
{
	struct store		*st;
	struct store_txn	 t;
	struct notify_event	 ev;
	struct notify_job	 got[8], j;
	struct notify_stats	 ns;
	struct customer		 cu;
	char			 dir[256], *cause = NULL;

	(void)state;
	unit_tmpdir(dir, sizeof dir, "notify");
	assert_int_equal(store_open(dir, 16 << 20, 0, &st, &cause), 0);
	assert_int_equal(store_begin(st, &t, 1), 0);
	memset(&cu, 0, sizeof cu);
	cu.id = 3;
	cu.type = CUSTOMER_ADULT;
	strlcpy(cu.first, "Bea", sizeof cu.first);
	strlcpy(cu.last, "Quill", sizeof cu.last);
	strlcpy(cu.email, "bea@example.org", sizeof cu.email);
	strlcpy(cu.phone, "+15555550111", sizeof cu.phone);
	store_customer_put(&t, &cu, NULL);

	/* No consent: nothing is written. */
	memset(&ev, 0, sizeof ev);
	ev.order = 42;
	ev.kind = NOTIFY_CONFIRMED;
	ev.customer = 3;
	assert_int_equal(notify_enqueue(&t, &ev), 0);
	assert_int_equal(store_count(&t, DB_NOTIFY), 0);

	/* With it: both channels, from the customer record. */
	ev.consent = 1;
	assert_int_equal(notify_enqueue(&t, &ev), 2);
	/* Given contact wins over the record's; only an e-mail: one job. */
	memset(&ev, 0, sizeof ev);
	ev.order = 43;
	ev.kind = NOTIFY_PACKED;
	ev.consent = 1;
	strlcpy(ev.email, "x@example.net", sizeof ev.email);
	assert_int_equal(notify_enqueue(&t, &ev), 1);
	assert_int_equal(store_commit(&t), 0);

	assert_int_equal(store_begin(st, &t, 0), 0);
	memset(got, 0, sizeof got);
	assert_int_equal(notify_walk_due(&t, 100, count_due, got), 0);
	assert_int_equal(got[0].attempts, 3);
	assert_int_equal(got[1].channel, NOTIFY_MAIL);
	assert_string_equal(got[1].to, "bea@example.org");
	assert_string_equal(got[1].first, "Bea");
	assert_int_equal(got[1].order, 42);
	assert_int_equal(got[2].channel, NOTIFY_WEBHOOK);
	assert_string_equal(got[2].to, "+15555550111");
	assert_int_equal(got[3].order, 43);
	assert_string_equal(got[3].to, "x@example.net");
	notify_stats(&t, &ns);
	assert_int_equal(ns.pending[NOTIFY_MAIL], 2);
	assert_int_equal(ns.pending[NOTIFY_WEBHOOK], 1);
	assert_int_equal(ns.exceptions, 0);
	store_abort(&t);

	/* An exception leaves the due list and comes back with retry. */
	assert_int_equal(store_begin(st, &t, 1), 0);
	assert_int_equal(notify_get(&t, 1, &j), 0);
	got[0] = j;
	j.state = NOTIFY_EXCEPTION;
	strlcpy(j.error, "refused", sizeof j.error);
	notify_put(&t, &got[0], &j);
	notify_stats(&t, &ns);
	assert_int_equal(ns.exceptions, 1);
	assert_int_equal(ns.pending[NOTIFY_MAIL], 1);
	assert_int_equal(notify_retry(&t, 2, &cause), -1);
	assert_non_null(strstr(cause, "not an exception"));
	free(cause);
	cause = NULL;
	assert_int_equal(notify_retry(&t, 1, &cause), 0);
	notify_stats(&t, &ns);
	assert_int_equal(ns.exceptions, 0);
	assert_int_equal(ns.pending[NOTIFY_MAIL], 2);

	/* A bad event fails the transaction it was part of. */
	memset(&ev, 0, sizeof ev);
	ev.order = 44;
	ev.kind = NOTIFY_SOON;
	ev.consent = 1;
	strlcpy(ev.phone, "+15555550100", sizeof ev.phone);
	assert_int_equal(notify_enqueue(&t, &ev), -1);
	assert_int_not_equal(t.ret, 0);
	store_abort(&t);
	store_close(st);
	unit_rmrf(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_rfc4231),
		cmocka_unit_test(test_webhook_body),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_mail),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_enqueue),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-notify", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("notify", tests, NULL, NULL));
}
