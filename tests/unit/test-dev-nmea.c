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
#include "test-dev.h"

/*
 * NMEA 0183 RMC and GGA (checksum = XOR of the bytes between '$' and '*';
 * a position only from RMC status A with mode not N, or GGA quality > 0).
 * The sentences are the classic textbook pair and receiver-style ones for
 * Denver and Seattle, with checksums computed independently.
 */

static const struct dev_position *
pos(u_int i)
{
	assert_true(i < td_out.n);
	if (td_out.ev[i].type != DEV_EV_POSITION)
		fail_msg("event %u: not a position (%s)", i, td_out.ev[i].msg);
	assert_true(td_out.ev[i].pos.fix);
	return (&td_out.ev[i].pos);
}

static void
test_classic(void **state)
{
	const struct dev_position	*p;

	(void)state;
	TD_RUN("nmea", NULL, "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,"
	    "084.4,230394,003.1,W*6A\r\n$GPGGA,123519,4807.038,N,01131.000,E,"
	    "1,08,0.9,545.4,M,46.9,M,,*47\r\n", 0);
	assert_int_equal(td_out.n, 2);
	p = pos(0);
	assert_int_equal(p->lat, 48117300);
	assert_int_equal(p->lon, 11516667);
	assert_int_equal(p->speed, 22400);
	/* 2094-03-23 12:35:19 UTC: the 2-digit year is 20yy. */
	assert_int_equal(p->time, INT64_C(3920186119) * 1000000);
	p = pos(1);
	assert_int_equal(p->lat, 48117300);
	assert_int_equal(p->quality, 1);
	assert_int_equal(p->satellites, 8);
	assert_int_equal(p->time, -1);
	assert_int_equal(p->tod, (INT64_C(12) * 3600 + 35 * 60 + 19) *
	    1000000);
}

static void
test_modern(void **state)
{
	const struct dev_position	*p;

	(void)state;
	TD_RUN("nmea", NULL, "$GNRMC,182203.00,A,3944.61722,N,10459.42511,W,"
	    "12.354,271.35,150624,,,A,V*25\r\n$GNGGA,182203.00,3944.61722,N,"
	    "10459.42511,W,1,12,0.78,1613.2,M,-21.5,M,,*4A\r\n"
	    "$GNRMC,001512.000,A,4736.2551,N,12219.8915,W,0.00,0.00,010125,,,"
	    "D,V*14\r\n$GNRMC,153523.00,A,6401.148556,N,02113.221761,W,46.1,"
	    "40.8,220823,18.2,W,A,V*67\r\n", 0);
	assert_int_equal(td_out.n, 4);
	p = pos(0);
	assert_int_equal(p->lat, 39743620);
	assert_int_equal(p->lon, -104990419);
	/* 2024-06-15 18:22:03 UTC */
	assert_int_equal(p->time, INT64_C(1718475723) * 1000000);
	assert_int_equal(pos(1)->satellites, 12);
	p = pos(2);
	assert_int_equal(p->lat, 47604252);
	assert_int_equal(p->lon, -122331525);
	assert_int_equal(p->time, INT64_C(1735690512) * 1000000);
	p = pos(3);
	assert_int_equal(p->lat, 64019143);
	assert_int_equal(p->lon, -21220363);
}

static void
test_refused(void **state)
{
	(void)state;
	/* No fix (RMC V, GGA 0), a bad checksum, VTG ignored. */
	TD_RUN("nmea", NULL, "$GPRMC,182210.00,V,,,,,,,150624,,,N*71\r\n"
	    "$GPGGA,182210.00,,,,,0,00,99.99,,,,,,*6E\r\n"
	    "$GNRMC,031406.60,A,3744.61398,N,12226.29502,W,0.020,12,100823,,,"
	    "R,V*11\r\n$GPVTG,271.35,T,,M,12.354,N,22.880,K,A*3E\r\n", 0);
	td_none_good();
	assert_int_equal(td_out.n, 3);
	td_status(0, DEV_ST_NOFIX);
	td_status(1, DEV_ST_NOFIX);
	td_status(2, DEV_ST_CHECKSUM);
	/* Garbage, a missing checksum, junk between sentences, a torn
	 * sentence at idle, an overlong one, bad fields. */
	TD_RUN("nmea", NULL, "\xff\xfe$GPRMC,1\r\n$GPGGA,123519,4807.038,N*\r\n"
	    "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,"
	    "W,X,Y,Z,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9*6A\r\n"
	    "$GPRMC,123519,A,48O7.038,N,01131.000,E,022.4,084.4,230394,003.1,"
	    "W*15\r\n$GPRMC,1235", 1);
	td_none_good();
	assert_int_equal(td_out.n, 6);
	td_status(0, DEV_ST_GARBAGE);
	td_status(1, DEV_ST_GARBAGE);
	td_status(2, DEV_ST_GARBAGE);
	td_status(3, DEV_ST_TOO_LONG);
	td_status(5, DEV_ST_GARBAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classic),
		cmocka_unit_test(test_modern),
		cmocka_unit_test(test_refused),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_open("test-dev-nmea", LOGDEST_STDERR, 0);
	return (cmocka_run_group_tests_name("dev-nmea", tests, NULL, NULL));
}
