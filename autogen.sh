#!/bin/sh
# Generate configure and Makefile.in.
set -e
mkdir -p build-aux
autoreconf -fi
