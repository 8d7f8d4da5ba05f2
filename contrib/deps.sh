#!/bin/sh
# Install the Debian 12 packages stash needs to build, test and run.
# Used by contrib/demo.sh and contrib/test.sh; safe to run again.
set -e
PKGS="build-essential autoconf automake pkg-config libncurses-dev
libevent-dev liblmdb-dev lmdb-utils libcurl4-openssl-dev libserialport-dev
libjansson-dev libsodium-dev libssl-dev libcmocka-dev tmux python3 openssl
procps perl python3-aiosmtpd libxml2-utils librsvg2-bin faketime"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "stash: these Debian packages are missing:$missing" >&2
	echo "stash: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi
echo "stash: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null
