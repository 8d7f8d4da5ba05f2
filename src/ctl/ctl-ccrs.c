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

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "ccrs-export.h"

/*
 * stashctl compliance ccrs export|uploaded|results: Washington's CCRS,
 * by hand. export writes what is owed into DIR (as stashd does daily
 * into ccrs-dir); uploaded records that a person uploaded a file, and
 * who; results imports the state's answer: the success e-mail saved as
 * text, a whole-file refusal, or an error CSV. Each is one write
 * transaction, audited.
 */

#define CTL_CCRS_AUDIT_MAX	200

/* ccrs-licence and ccrs-submitted-by: --config's, or the defaults. */
static int
ctl_ccrs_conf(struct ctl *ctl, struct ctl_args *args, struct ccrs_conf *c)
{
	struct options	*o;
	const char	*conf, *lic;
	char		*cause = NULL;
	int		 rc = -1;

	memset(c, 0, sizeof *c);
	o = options_create();
	conf = stashctl_opt(args, "config");
	if (conf != NULL && options_load(o, conf, &cause) != 0) {
		stashctl_error("%s", cause);
		goto out;
	}
	lic = options_string(o, "ccrs-licence");
	if (*lic == '\0')
		lic = ctl->info.licence;
	if (ccrs_licence_valid(lic, &cause) != 0) {
		stashctl_error("%s (set ccrs-licence in the file --config "
		    "names)", cause);
		goto out;
	}
	strlcpy(c->licence, lic, sizeof c->licence);
	strlcpy(c->by, options_string(o, "ccrs-submitted-by"), sizeof c->by);
	c->tz = ctl->info.tz;
	rc = 0;
out:
	free(cause);
	options_free(o);
	return (rc);
}

struct ctl_ccrs {
	struct ccrs_conf		 conf;
	const char			*dir;
	int				 since;
	const char			*file;
	const char			*by;
	char				*data;
	size_t				 len;
	struct ccrs_export_stats	 ex;
	struct ccrs_results_stats	 rs;
	u_int				 n;
};

static void
ctl_ccrs_audit(struct store_txn *t, const char *what, const char *subj,
    const char *detail)
{
	char	s[CTL_CCRS_AUDIT_MAX];

	strlcpy(s, subj, sizeof s);
	audit_append(t, 0, 0, CTL_AUDIT_WHO, what, s, "%s", detail);
}

static int
ctl_ccrs_export_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_ccrs	*cc = arg;
	char		 detail[64];

	if (ccrs_export(t, &cc->conf, cc->dir, util_now(), cc->since, &cc->ex,
	    cause) != 0)
		return (-1);
	snprintf(detail, sizeof detail, "%u files, %u reports",
	    cc->ex.nfiles, cc->ex.jobs);
	ctl_ccrs_audit(t, "compliance.ccrs-export", cc->dir, detail);
	return (t->ret != 0 ? -1 : 0);
}

static int
ctl_ccrs_export(struct ctl *ctl, struct ctl_args *args, struct ctl_ccrs *cc)
{
	const char	*s;
	struct stat	 sb;
	json_t		*files;
	u_int		 i;

	cc->dir = args->argv[1];
	if (stat(cc->dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		stashctl_error("%s: not a directory (export writes the CCRS "
		    "files into an existing directory)", cc->dir);
		return (-1);
	}
	if ((s = stashctl_opt(args, "since")) != NULL) {
		if ((cc->since = valid_date_parse(s)) < 19700101 ||
		    !valid_date_real(cc->since)) {
			stashctl_error("--since %s: not a date (YYYY-MM-DD)", s);
			return (-1);
		}
	}
	if (ctl_ccrs_conf(ctl, args, &cc->conf) != 0 ||
	    stashctl_write(ctl, ctl_ccrs_export_cb, cc) != 0)
		return (-1);
	if (ctl->json) {
		files = json_array();
		for (i = 0; i < cc->ex.nfiles; i++)
			json_array_append_new(files, json_pack("{s:s, s:i}",
			    "file", cc->ex.files[i], "rows", cc->ex.rows[i]));
		stashctl_json_print(json_pack("{s:s, s:o, s:i, s:i}", "dir",
		    cc->dir, "files", files, "reports", cc->ex.jobs,
		    "refused", cc->ex.exceptions));
		return (0);
	}
	for (i = 0; i < cc->ex.nfiles; i++)
		printf("%s/%s: %u rows\n", cc->dir, cc->ex.files[i],
		    cc->ex.rows[i]);
	if (cc->ex.nfiles == 0)
		printf("nothing to report\n");
	else
		printf("upload them in this order at "
		    "cannabisreporting.lcb.wa.gov, then say so with "
		    "\"stashctl compliance ccrs uploaded FILE --by NAME\"\n");
	if (cc->ex.exceptions != 0)
		printf("%u reports CCRS cannot take: stashctl compliance "
		    "exceptions\n", cc->ex.exceptions);
	return (0);
}

static int
ctl_ccrs_uploaded_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_ccrs	*cc = arg;

	if (ccrs_uploaded(t, cc->file, cc->by, util_now(), &cc->n,
	    cause) != 0)
		return (-1);
	ctl_ccrs_audit(t, "compliance.ccrs-uploaded", cc->file, cc->by);
	return (t->ret != 0 ? -1 : 0);
}

static int
ctl_ccrs_uploaded(struct ctl *ctl, struct ctl_args *args, struct ctl_ccrs *cc)
{
	const char	*slash;
	char		*err = NULL;

	cc->file = args->argv[1];
	if ((slash = strrchr(cc->file, '/')) != NULL)
		cc->file = slash + 1;
	if ((cc->by = stashctl_opt(args, "by")) == NULL) {
		stashctl_error("uploaded needs --by NAME: who uploaded it");
		return (-1);
	}
	if (stashctl_text_valid(cc->by, CCRS_BY_MAX, "--by", &err) != 0) {
		stashctl_error("%s", err);
		free(err);
		return (-1);
	}
	if (stashctl_write(ctl, ctl_ccrs_uploaded_cb, cc) != 0)
		return (-1);
	if (ctl->json)
		stashctl_json_print(json_pack("{s:s, s:s, s:i}", "file",
		    cc->file, "by", cc->by, "rows", cc->n));
	else
		printf("%s: %u rows uploaded by %s\n", cc->file, cc->n,
		    cc->by);
	return (0);
}

static int
ctl_ccrs_results_cb(struct store_txn *t, void *arg, char **cause)
{
	struct ctl_ccrs	*cc = arg;
	char		 detail[96];

	if (ccrs_results(t, cc->data, cc->len, cc->file, util_now(), &cc->rs,
	    cause) != 0)
		return (-1);
	snprintf(detail, sizeof detail, "%u accepted, %u rejected, %u to "
	    "write again", cc->rs.accepted, cc->rs.rejected, cc->rs.rewrite);
	ctl_ccrs_audit(t, "compliance.ccrs-results", cc->rs.upload, detail);
	return (t->ret != 0 ? -1 : 0);
}

/* The whole of a result file, bounded. */
static int
ctl_ccrs_read(const char *path, struct ctl_ccrs *cc)
{
	FILE	*f;
	char	 chunk[8192];
	size_t	 n;
	struct buf b;

	if ((f = fopen(path, "r")) == NULL) {
		stashctl_error("%s: %s", path, strerror(errno));
		return (-1);
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > CCRS_RESULT_MAX) {
			stashctl_error("%s: over %d bytes: not a CCRS result",
			    path, CCRS_RESULT_MAX);
			fclose(f);
			buf_free(&b);
			return (-1);
		}
		buf_add(&b, chunk, n);
	}
	fclose(f);
	cc->len = b.len;
	cc->data = xmalloc(b.len + 1);
	if (b.len != 0)
		memcpy(cc->data, b.data, b.len);
	buf_free(&b);
	return (0);
}

static int
ctl_ccrs_results(struct ctl *ctl, struct ctl_args *args, struct ctl_ccrs *cc)
{
	static const char	*kinds[] = { "", "errors", "success",
				    "refused" };
	int			 rc;

	cc->file = stashctl_opt(args, "file");
	if (ctl_ccrs_read(args->argv[1], cc) != 0)
		return (-1);
	rc = stashctl_write(ctl, ctl_ccrs_results_cb, cc);
	free(cc->data);
	if (rc != 0)
		return (-1);
	if (ctl->json) {
		stashctl_json_print(json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}",
		    "kind", kinds[cc->rs.kind], "upload", cc->rs.upload,
		    "accepted", cc->rs.accepted, "rejected", cc->rs.rejected,
		    "rewrite", cc->rs.rewrite, "unmatched",
		    cc->rs.unmatched));
		return (0);
	}
	printf("%s%s%s: %u accepted, %u rejected, %u to write again\n",
	    kinds[cc->rs.kind], *cc->rs.upload != '\0' ? " for " : "",
	    cc->rs.upload, cc->rs.accepted, cc->rs.rejected,
	    cc->rs.rewrite);
	if (cc->rs.rejected != 0)
		printf("rejected reports are exceptions: stashctl compliance "
		    "exceptions\n");
	if (cc->rs.unmatched != 0)
		printf("%u rows name nothing stash wrote (the first: %s)\n",
		    cc->rs.unmatched, cc->rs.first_unmatched);
	return (0);
}

int
ctl_ccrs(struct ctl *ctl, struct ctl_args *args)
{
	struct ctl_ccrs	 cc;
	const char	*what = args->argv[0];

	memset(&cc, 0, sizeof cc);
	if (strcmp(what, "export") == 0)
		return (ctl_ccrs_export(ctl, args, &cc));
	if (strcmp(what, "uploaded") == 0)
		return (ctl_ccrs_uploaded(ctl, args, &cc));
	if (strcmp(what, "results") == 0)
		return (ctl_ccrs_results(ctl, args, &cc));
	stashctl_error("ccrs %s: say export DIR, uploaded FILE --by NAME or "
	    "results FILE", what);
	return (-1);
}
