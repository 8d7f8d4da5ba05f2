#!/bin/sh
# Build stash twice (debug with -Werror, and with ASan + UBSan) in build/
# and run every test in each: cmocka unit tests and the regress scripts
# (real stashd, real LMDB, real stash in tmux). Ends with one line
# "N passed, N failed". Exit status 0 only if nothing failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
sh contrib/deps.sh || exit 1
if [ -f config.status ]; then
	echo "stash: the source tree is configured in place; cleaning it" \
	    "so that the builds below can run in build/"
	make distclean >/dev/null 2>&1 || true
fi
./autogen.sh >/dev/null 2>&1 || { echo "autogen.sh failed"; exit 1; }

jobs=$(nproc 2>/dev/null || echo 2)
total_pass=0
total_fail=0
status=0
for kind in debug sanitizers; do
	dir="$top/build/$kind"
	rm -rf "$dir"
	mkdir -p "$dir"
	case $kind in
	debug) flags="--enable-debug --enable-werror" ;;
	sanitizers) flags="--enable-debug --enable-sanitizers" ;;
	esac
	echo "=== $kind build ($flags)"
	if ! (cd "$dir" && "$top/configure" $flags >configure.out 2>&1); then
		tail -20 "$dir/configure.out"
		echo "configure failed ($kind)"
		total_fail=$((total_fail + 1))
		status=1
		continue
	fi
	if ! (cd "$dir" && make -j"$jobs" >make.out 2>&1); then
		grep -E "error|warning" "$dir/make.out" | head -40
		echo "build failed ($kind)"
		total_fail=$((total_fail + 1))
		status=1
		continue
	fi
	(cd "$dir" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    make -j"$jobs" check >check.out 2>&1)
	line=$(cd "$dir" && make -s check-summary 2>/dev/null | tail -1)
	echo "$kind: $line"
	# Show what failed, with its log.
	for trs in $(cd "$dir" && find . -name '*.trs' | sort); do
		if grep -q "^:test-result: FAIL\|^:test-result: ERROR" \
		    "$dir/$trs"; then
			echo "--- FAILED: ${trs%.trs}"
			tail -40 "$dir/${trs%.trs}.log"
		fi
	done
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
	f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
	if [ -z "$p" ] || [ -z "$f" ]; then
		echo "no test results ($kind)"
		f=1
		p=0
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	[ "$f" = 0 ] || status=1
done
echo "$total_pass passed, $total_fail failed"
exit $status
