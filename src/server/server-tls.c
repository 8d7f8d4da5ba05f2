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

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>

#include "server.h"

/* TLS for terminals on the network, through libevent's OpenSSL filter. */

static void
server_tls_cause(char **cause, const char *what, const char *path)
{
	char	err[256];

	ERR_error_string_n(ERR_get_error(), err, sizeof err);
	xasprintf(cause, "%s %s: %s", what, path, err);
}

int
server_tls_init(struct server *srv, const char *cert, const char *key,
    char **cause)
{
	SSL_CTX	*ctx;

	ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL) {
		server_tls_cause(cause, "TLS setup", "");
		return (-1);
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION |
	    SSL_OP_NO_RENEGOTIATION);
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		server_tls_cause(cause, "cannot load certificate", cert);
		SSL_CTX_free(ctx);
		return (-1);
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		if (ERR_GET_REASON(ERR_peek_last_error()) ==
		    X509_R_KEY_VALUES_MISMATCH)
			xasprintf(cause, "key %s does not match certificate "
			    "%s", key, cert);
		else
			server_tls_cause(cause, "cannot load key", key);
		SSL_CTX_free(ctx);
		return (-1);
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		xasprintf(cause, "key %s does not match certificate %s", key,
		    cert);
		SSL_CTX_free(ctx);
		return (-1);
	}
	srv->ssl_ctx = ctx;
	return (0);
}

struct bufferevent *
server_tls_bev(struct server *srv, int fd)
{
	SSL	*ssl;

	if ((ssl = SSL_new(srv->ssl_ctx)) == NULL)
		return (NULL);
	return (bufferevent_openssl_socket_new(srv->base, fd, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE));
}

void
server_tls_free(struct server *srv)
{
	if (srv->ssl_ctx != NULL)
		SSL_CTX_free(srv->ssl_ctx);
	srv->ssl_ctx = NULL;
}
