#!/bin/sh

#
# Copyright (c) 2026 The stash authors
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
# WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
# MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
# ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
# WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
# ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
# OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.

# Summarise the results of "make check" in one closing line:
#
#	N passed, N failed
#
# Usage: summary.sh [file.trs ...]	(make check-summary passes the .trs
# files of every test in TESTS; with none, every .trs under the current
# directory is read). A TAP test (the cmocka unit tests) counts each test
# case; a script counts once. PASS and XFAIL pass; FAIL, XPASS and ERROR
# fail; SKIP is neither. An ERROR that only repeats the exit status of a
# failing TAP case is not counted again, and the ERRORs of one test
# program (a crash, a short plan, a leak at exit) count once. A listed
# .trs that does not exist is a test that did not run: a failure. Exits 1
# if anything failed or nothing ran, else 0. The failing tests are named,
# with lines from their .log, before the last line.

LC_ALL=C
export LC_ALL

if [ $# -eq 0 ]; then
	set -- $(find . -name '*.trs' -type f | sort)
fi

passed=0
failed=0
skipped=0
failures=
for trs in "$@"; do
	name=${trs%.trs}
	if [ ! -f "$trs" ]; then
		failed=$((failed + 1))
		failures="$failures
$name: no result (did not run)"
		continue
	fi
	# Count this file's results: pass, fail, error, skip.
	read p f e s <<-EOF
	$(awk '
		/^:test-result: / {
			r = $2
			if (r == "PASS" || r == "XFAIL") p++
			else if (r == "FAIL" || r == "XPASS") f++
			else if (r == "SKIP") s++
			else e++
		}
		END { printf "%d %d %d %d\n", p, f, e, s }' "$trs")
	EOF
	# An ERROR beside real failures is the exit status of those failures;
	# alone (a crash, a short plan, a leak at exit) it counts once.
	if [ "$e" -gt 0 ] && [ "$f" -gt 0 ]; then
		e=0
	elif [ "$e" -gt 1 ]; then
		e=1
	fi
	if [ $((p + f + e + s)) -eq 0 ]; then
		e=1	# a .trs with no result at all
	fi
	passed=$((passed + p))
	failed=$((failed + f + e))
	skipped=$((skipped + s))
	if [ $((f + e)) -gt 0 ]; then
		log=$name.log
		why=
		if [ -f "$log" ]; then
			# tap-driver's FAIL:/ERROR: lines and cmocka's
			# messages; test-driver's "FAIL name (exit status)"
			# and the script's own last words.
			why=$(grep -E '^(FAIL|XPASS|ERROR)[: ]|^[A-Z]+ .*: ' \
			    "$log" | head -6 | cut -c1-240)
		fi
		failures="$failures
$name: $((f + e)) failed${why:+
$why}"
	fi
done

if [ -n "$failures" ]; then
	printf "%s\n" "failures:$failures"
fi
if [ "$skipped" -gt 0 ]; then
	echo "($skipped skipped)"
fi
echo "$passed passed, $failed failed"
if [ "$failed" -gt 0 ] || [ $((passed + failed)) -eq 0 ]; then
	exit 1
fi
exit 0
