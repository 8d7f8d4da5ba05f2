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


/*
 * libFuzzer harness for the CSV importers' file checks: "stashctl product
 * import", "package import" (ctl-import.c) and "manifest import"
 * (ctl-manifest.c), up to the point where the ledger is asked. The first
 * byte picks the importer, the rest is the file. A CSV file is outside
 * input (DESIGN rule 6): every row is checked and refused with a message,
 * never read past its end. The importers read a file by path, so each
 * input is written to one temporary file first.
 *
 * The two source files are included, not linked, to reach their static
 * parse steps (ctl_import_parse, ctl_manifest_parse); the rest of
 * stashctl is linked with its main renamed (Makefile.am).
 */

#include "../../src/ctl/ctl-import.c"
#include "../../src/ctl/ctl-manifest.c"

#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The file, already unlinked: opened again by its /proc/self/fd name. */
static char	fuzz_path[64];
static int	fuzz_fd = -1;

static void
fuzz_write(const uint8_t *data, size_t size)
{
	char	tmp[] = "/tmp/fuzz-csv.XXXXXX";

	if (fuzz_fd == -1) {
		if ((fuzz_fd = mkstemp(tmp)) == -1)
			abort();
		unlink(tmp);
		snprintf(fuzz_path, sizeof fuzz_path, "/proc/self/fd/%d",
		    fuzz_fd);
	}
	if (ftruncate(fuzz_fd, 0) != 0 ||
	    pwrite(fuzz_fd, data, size, 0) != (ssize_t)size)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_import	ci;
	struct ctl_manifest	cm;
	u_int			i, bad;

	if (size == 0)
		return (0);
	fuzz_write(data + 1, size - 1);
	switch (data[0] % 3) {
	case 0:
	case 1:
		if (ctl_import_parse(&ci, data[0] % 3 == 0 ?
		    CTL_IMPORT_PRODUCT : CTL_IMPORT_PACKAGE, fuzz_path) == 0) {
			/* A row that failed a check has an error. */
			for (i = bad = 0; i < ci.nrows; i++)
				bad += !ci.rows[i].ok;
			if (bad != 0 && ci.errs.n == 0)
				abort();
		}
		ctl_import_free(&ci);
		break;
	case 2:
		if (ctl_manifest_parse(&cm, fuzz_path, 20260601) == 0) {
			for (i = bad = 0; i < cm.nrows; i++)
				bad += !cm.rows[i].ok;
			if (bad != 0 && cm.errs.n == 0)
				abort();
		}
		ctl_manifest_free(&cm);
		break;
	}
	return (0);
}
