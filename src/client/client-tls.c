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

#include <arpa/inet.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "client.h"

/*
 * TLS to stashd. The server is trusted in one of two ways, or both:
 *
 * - a CA file (--ca): the chain must verify and the certificate must name
 *   the host (or IP address) we connected to; with --tls alone, the
 *   system's CA store is used the same way;
 * - a pinned fingerprint (--fingerprint): the SHA-256 of the server's leaf
 *   certificate (DER) must match, checked after the handshake and before
 *   anything is sent. Without a CA, the chain is not checked: the pin is
 *   the trust, as for a self-signed store server.
 */

static int
client_tls_is_ip(const char *host)
{
	u_char	addr[16];

	return (inet_pton(AF_INET, host, addr) == 1 ||
	    inet_pton(AF_INET6, host, addr) == 1);
}

static char *
client_tls_ssl_error(void)
{
	unsigned long	 e;
	char		 buf[256];

	e = ERR_get_error();
	if (e == 0)
		return (xstrdup("unknown TLS error"));
	ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	return (xstrdup(buf));
}

/* One context for the process; NULL with *cause if the CA file is bad. */
SSL_CTX *
client_tls_context(const char *ca_file, char **cause)
{
	SSL_CTX	*ctx;
	char	*e;

	ctx = SSL_CTX_new(TLS_client_method());
	if (ctx == NULL) {
		e = client_tls_ssl_error();
		xasprintf(cause, "cannot set up TLS: %s", e);
		free(e);
		return (NULL);
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	if (ca_file != NULL) {
		if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
			e = client_tls_ssl_error();
			xasprintf(cause, "cannot load the CA file %s: %s",
			    ca_file, e);
			free(e);
			SSL_CTX_free(ctx);
			return (NULL);
		}
	} else
		SSL_CTX_set_default_verify_paths(ctx);
	return (ctx);
}

/* A connection's SSL; verify says whether the chain and name are checked. */
SSL *
client_tls_new(SSL_CTX *ctx, const char *host, int verify)
{
	SSL			*ssl;
	X509_VERIFY_PARAM	*param;

	ssl = SSL_new(ctx);
	if (ssl == NULL)
		fatalx("SSL_new failed");
	if (!client_tls_is_ip(host))
		SSL_set_tlsext_host_name(ssl, host);
	if (!verify) {
		SSL_set_verify(ssl, SSL_VERIFY_NONE, NULL);
		return (ssl);
	}
	SSL_set_verify(ssl, SSL_VERIFY_PEER, NULL);
	param = SSL_get0_param(ssl);
	X509_VERIFY_PARAM_set_hostflags(param,
	    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	if (client_tls_is_ip(host))
		X509_VERIFY_PARAM_set1_ip_asc(param, host);
	else
		X509_VERIFY_PARAM_set1_host(param, host, 0);
	return (ssl);
}

/*
 * After the handshake: if a fingerprint is pinned, the leaf certificate
 * must have it.
 */
int
client_tls_check(SSL *ssl, const char *fingerprint, char **cause)
{
	X509		*peer;
	u_char		 md[EVP_MAX_MD_SIZE];
	u_int		 n;
	char		 hex[EVP_MAX_MD_SIZE * 2 + 1];

	if (fingerprint == NULL)
		return (0);
	peer = SSL_get1_peer_certificate(ssl);
	if (peer == NULL) {
		xasprintf(cause, "TLS: the server sent no certificate: not "
		    "connecting");
		return (-1);
	}
	if (X509_digest(peer, EVP_sha256(), md, &n) != 1 || n != 32) {
		X509_free(peer);
		xasprintf(cause, "TLS: cannot compute the certificate's "
		    "fingerprint");
		return (-1);
	}
	X509_free(peer);
	util_hex(md, n, hex);
	if (strcmp(hex, fingerprint) != 0) {
		xasprintf(cause, "TLS: the server's certificate (SHA-256 "
		    "%.16s...) does not match the pinned fingerprint "
		    "(%.16s...): not connecting", hex, fingerprint);
		return (-1);
	}
	return (0);
}

/* Why a TLS connection failed, for a person. Caller frees. */
char *
client_tls_error(SSL *ssl, unsigned long err)
{
	char	 buf[256], *s;
	long	 v;

	if (ssl != NULL) {
		v = SSL_get_verify_result(ssl);
		if (v != X509_V_OK &&
		    SSL_get_verify_mode(ssl) != SSL_VERIFY_NONE) {
			xasprintf(&s, "TLS: the server's certificate is not "
			    "trusted: %s: not connecting",
			    X509_verify_cert_error_string(v));
			return (s);
		}
	}
	if (err == 0)
		return (xstrdup("TLS handshake failed (is stashd using TLS "
		    "on this port?)"));
	ERR_error_string_n(err, buf, sizeof buf);
	xasprintf(&s, "TLS handshake failed: %s", buf);
	return (s);
}

/* "AB:CD:..." or "abcd..." to 64 lower-case hex; -1 if it is not that. */
int
client_tls_fingerprint_parse(const char *in, char *out, size_t len)
{
	size_t	n = 0;

	for (; *in != '\0'; in++) {
		if (*in == ':' || *in == ' ')
			continue;
		if (!isxdigit((u_char)*in) || n + 1 >= len)
			return (-1);
		out[n++] = (char)tolower((u_char)*in);
	}
	out[n] = '\0';
	return (n == 64 ? 0 : -1);
}
