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

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "client.h"
#include "dev.h"

/*
 * The terminal's devices: the device file (one line per device, "ROLE
 * DRIVER PORT [OPTIONS]"), the transports opened on stash's event loop,
 * the drivers they feed, and what the screens ask of them: the scale's
 * settled weight, a serial scanner's scans, a serial ID scanner's parsed
 * ID (for the door), a receipt and a drawer kick on the printer, two lines
 * on the customer display, shelf labels on a ZPL label printer.
 *
 * The id role takes the aamva driver, or the scanner driver framed by the
 * idle gap (suffix=none is its default there; an AAMVA payload holds CR
 * and LF): either parses the payload and the ID goes to the screen that
 * asked for IDs (client_dev_on_id), as a wedge scan does at the door.
 *
 * The display and label roles have no driver of devices/ (they are only
 * written to): the display takes epson or logic, the label printer zpl
 * (Zebra ZPL II, devices/dev-label-zpl.c), on a serial port or on
 * tcp:ADDRESS (raw port 9100). Without a label printer, a label goes to
 * the receipt printer as ESC/POS.
 *
 * A scale is polled every CLIENT_DEV_POLL ms. Its weight is offered only
 * when settled: the last two readings were both stable and equal, and the
 * latest is fresh. Motion, overload, zero, a non-metric unit and silence
 * are shown and never offered.
 */

#define CLIENT_DEV_POLL		300		/* ms between weigh requests */
#define CLIENT_DEV_FRESH	1500000		/* µs a reading stays valid */
#define CLIENT_DEV_SILENT	3000000		/* µs: a polled scale is mute */
#define CLIENT_DEV_LINE_MAX	512
#define CLIENT_DEV_GAP		100		/* ms: a scan without suffix */

static const char *client_dev_roles[] = {
	"scale", "scanner", "printer", "display", "id", "label", "gps"
};
static const enum dev_class client_dev_classes[] = {
	DEV_SCALE, DEV_SCANNER, DEV_PRINTER, DEV_DISPLAY, DEV_IDCARD,
	DEV_PRINTER, DEV_GPS
};

struct client_dev {
	struct client_dev_conf	 conf;
	const struct dev_driver	*drv;		/* NULL for a display */
	void			*state;
	struct xport_serial	*ser;
	struct xport_tcp	*tcp;
	struct event		*poll;
	struct event		*idle;		/* a scan's idle gap */
	int			 up;
	char			 status[DEV_MSG_MAX + 64];
	enum ui_colour		 colour;
	int64_t			 last_rx;
	int			 cols;		/* printer columns */
	int			 drawer;	/* printer kicks the drawer */

	/* A scale's last two readings. */
	struct client_dev_reading reading;
	struct client_dev_reading previous;
};

char				*client_dev_path;	/* the device file */

static struct client_dev	 client_devs[CLIENT_DEV_MAX];
static u_int			 client_dev_n;
static client_dev_scan_cb	 client_dev_scan_fn;
static client_dev_id_cb		 client_dev_id_fn;
static client_dev_position_cb	 client_dev_position_fn;
static char			 client_dev_scan_last[WEDGE_MAX];
static char			 client_dev_shown[2][24];
/* How often the scale's reading changed, kept over restarts. */
static u_int			 client_dev_scale_changed;

/* Append to a bounded string (strlcat is not everywhere). */
static void
client_dev_cat(char *out, const char *s, size_t len)
{
	size_t	n = strlen(out);

	if (n < len)
		strlcpy(out + n, s, len - n);
}

const char *
client_dev_role_name(enum client_dev_role role)
{
	if ((u_int)role >= CLIENT_DEV_ROLES)
		return ("?");
	return (client_dev_roles[role]);
}

char *
client_dev_default_path(const char *terminal)
{
	return (client_home_path(".config/stash", terminal, ".devices"));
}

/*
 * The driver names of a role that is only written to (no devices/ driver),
 * or NULL for a role whose drivers are in dev_table.
 */
static const char *
client_dev_plain(enum client_dev_role role)
{
	switch (role) {
	case CLIENT_DEV_DISPLAY:
		return ("epson, logic");
	case CLIENT_DEV_LABEL:
		return ("zpl");
	default:
		return (NULL);
	}
}

/* Is name one of the driver names of a role without a devices/ driver? */
static int
client_dev_plain_takes(enum client_dev_role role, const char *name)
{
	if (role == CLIENT_DEV_DISPLAY)
		return (strcmp(name, "epson") == 0 ||
		    strcmp(name, "logic") == 0);
	if (role == CLIENT_DEV_LABEL)
		return (strcmp(name, "zpl") == 0);
	return (0);
}

/* A role takes the drivers of its class; an ID may come from a scanner. */
static int
client_dev_takes(enum client_dev_role role, const struct dev_driver *drv)
{
	if (drv == NULL)
		return (0);
	if (drv->class == client_dev_classes[role])
		return (1);
	return (role == CLIENT_DEV_ID && drv->class == DEV_SCANNER);
}

/*
 * The options a driver is created with: a scanner in the id role is framed
 * by the idle gap unless its suffix is set (ETX also keeps CR and LF).
 */
static void
client_dev_options(const struct client_dev_conf *c,
    const struct dev_driver *drv, char *out, size_t len)
{
	char	v[16];

	strlcpy(out, c->options, len);
	if (c->role != CLIENT_DEV_ID || drv == NULL ||
	    drv->class != DEV_SCANNER ||
	    dev_opt(c->options, "suffix", v, sizeof v) == 1)
		return;
	strlcpy(out, "suffix=none", len);
	if (*c->options != '\0') {
		client_dev_cat(out, ",", len);
		client_dev_cat(out, c->options, len);
	}
}

/* The drivers a role takes, for messages: "mt-sics, nci, ...". */
static void
client_dev_drivers(enum client_dev_role role, char *out, size_t len)
{
	const struct dev_driver	**d;

	*out = '\0';
	if (client_dev_plain(role) != NULL) {
		strlcpy(out, client_dev_plain(role), len);
		return;
	}
	for (d = dev_table; *d != NULL; d++) {
		if (!client_dev_takes(role, *d))
			continue;
		if (*out != '\0')
			client_dev_cat(out, ", ", len);
		client_dev_cat(out, (*d)->name, len);
	}
}

/*
 * A port: "tcp:ADDR[:PORT]" (a numeric address, IPv6 in brackets) or a
 * serial path "/dev/NAME[:BAUD[:FRAME[:FLOW]]]" whose missing parts come
 * from the driver's defaults.
 */
static int
client_dev_parse_port(const char *port, const char *defaults,
    struct xport_serial_config *sc, char *host, size_t hostlen, char *tport,
    size_t tportlen, char **cause)
{
	char		 copy[256], settings[64], *p, *f[4];
	char		 dbaud[16] = "9600", dframe[8] = "8N1";
	struct in6_addr	 a6;
	const char	*errstr, *colon, *end;
	u_int		 n = 0;

	if (strncmp(port, "tcp:", 4) == 0) {
		port += 4;
		if (*port == '[') {
			end = strchr(port, ']');
			if (end == NULL || end == port + 1)
				goto bad_tcp;
			if ((size_t)(end - port - 1) >= hostlen)
				goto bad_tcp;
			memcpy(host, port + 1, end - port - 1);
			host[end - port - 1] = '\0';
			colon = end[1] == ':' ? end + 1 : NULL;
			if (end[1] != '\0' && colon == NULL)
				goto bad_tcp;
		} else {
			colon = strchr(port, ':');
			n = colon != NULL ? (u_int)(colon - port) :
			    (u_int)strlen(port);
			if (n == 0 || n >= hostlen)
				goto bad_tcp;
			memcpy(host, port, n);
			host[n] = '\0';
		}
		if (inet_pton(AF_INET, host, &a6) != 1 &&
		    inet_pton(AF_INET6, host, &a6) != 1)
			goto bad_tcp;
		if (colon == NULL)
			strlcpy(tport, "9100", tportlen);
		else {
			util_strtonum(colon + 1, 1, 65535, &errstr);
			if (errstr != NULL)
				goto bad_tcp;
			strlcpy(tport, colon + 1, tportlen);
		}
		return (1);
	}
	if (*port != '/') {
		xasprintf(cause, "port \"%s\" is neither a serial device "
		    "(/dev/ttyUSB0:9600:8N1) nor tcp:ADDRESS:PORT", port);
		return (-1);
	}
	if (strlcpy(copy, port, sizeof copy) >= sizeof copy) {
		xasprintf(cause, "port \"%s\" is too long", port);
		return (-1);
	}
	for (p = copy; p != NULL && n < 4; n++) {
		f[n] = p;
		if ((p = strchr(p, ':')) != NULL)
			*p++ = '\0';
	}
	if (p != NULL) {
		xasprintf(cause, "port \"%s\" has too many parts (want "
		    "PATH:BAUD:FRAME:FLOW)", port);
		return (-1);
	}
	if (defaults != NULL)
		sscanf(defaults, "%15s %7s", dbaud, dframe);
	snprintf(settings, sizeof settings, "%s %s %s",
	    n > 1 && *f[1] != '\0' ? f[1] : dbaud,
	    n > 2 && *f[2] != '\0' ? f[2] : dframe, n > 3 ? f[3] : "none");
	memset(sc, 0, sizeof *sc);
	if (xport_serial_settings(settings, sc, cause) != 0)
		return (-1);
	strlcpy(sc->path, f[0], sizeof sc->path);
	return (0);

bad_tcp:
	xasprintf(cause, "network port \"tcp:%s\" is not valid (want "
	    "tcp:ADDRESS:PORT with a numeric address, e.g. "
	    "tcp:192.168.1.50:9100)", port);
	return (-1);
}

/* Check one device line; 1 a device, 0 blank or comment, -1 bad. */
int
client_dev_parse_line(const char *line, struct client_dev_conf *c,
    char **cause)
{
	char				 copy[CLIENT_DEV_LINE_MAX], *f[5];
	char				 names[256], host[128], tport[16];
	char				 opts[sizeof c->options + 16];
	char				*p, *err = NULL;
	const struct dev_driver		*drv = NULL;
	struct xport_serial_config	 sc;
	u_int				 n = 0, r;
	void				*st;

	if (strlcpy(copy, line, sizeof copy) >= sizeof copy) {
		xasprintf(cause, "line too long");
		return (-1);
	}
	copy[strcspn(copy, "\r\n")] = '\0';
	if ((p = strchr(copy, '#')) != NULL)
		*p = '\0';
	for (p = copy; n < 5; ) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		f[n++] = p;
		p += strcspn(p, " \t");
		if (*p != '\0')
			*p++ = '\0';
	}
	if (n == 0)
		return (0);
	if (n < 3) {
		xasprintf(cause, "expected ROLE DRIVER PORT [OPTIONS], e.g. "
		    "\"scale mt-sics /dev/ttyUSB0:9600:8N1\"");
		return (-1);
	}
	if (n > 4) {
		xasprintf(cause, "too many fields from \"%s\" on (options "
		    "are one field: name=value,name=value)", f[4]);
		return (-1);
	}
	memset(c, 0, sizeof *c);
	for (r = 0; r < CLIENT_DEV_ROLES; r++) {
		if (strcmp(f[0], client_dev_roles[r]) == 0)
			break;
	}
	if (r == CLIENT_DEV_ROLES) {
		xasprintf(cause, "unknown role \"%s\" (want scale, scanner, "
		    "printer, display, id or label)", f[0]);
		return (-1);
	}
	c->role = r;
	client_dev_drivers(r, names, sizeof names);
	if (client_dev_plain(r) != NULL) {
		if (!client_dev_plain_takes(r, f[1]))
			goto bad_driver;
	} else {
		drv = dev_find(f[1]);
		if (!client_dev_takes(r, drv))
			goto bad_driver;
	}
	if (strlcpy(c->driver, f[1], sizeof c->driver) >= sizeof c->driver)
		goto bad_driver;
	if (strlcpy(c->port, f[2], sizeof c->port) >= sizeof c->port) {
		xasprintf(cause, "port \"%s\" is too long", f[2]);
		return (-1);
	}
	if (client_dev_parse_port(c->port, drv != NULL ? drv->settings :
	    "9600 8N1", &sc, host, sizeof host, tport, sizeof tport,
	    cause) < 0)
		return (-1);
	if (n == 4) {
		if (strlcpy(c->options, f[3], sizeof c->options) >=
		    sizeof c->options) {
			xasprintf(cause, "options \"%s\" are too long", f[3]);
			return (-1);
		}
		for (p = c->options; *p != '\0'; p += strcspn(p, ",")) {
			if (*p == ',')
				p++;
			if (*p == '=' || strcspn(p, "=") >= strcspn(p, ",")) {
				xasprintf(cause, "option \"%.*s\" is not "
				    "name=value", (int)strcspn(p, ","), p);
				return (-1);
			}
		}
	}
	if (drv != NULL) {
		client_dev_options(c, drv, opts, sizeof opts);
		st = drv->create(opts, &err);
		if (st == NULL) {
			xasprintf(cause, "%s options: %s", drv->name,
			    err != NULL ? err : "not valid");
			free(err);
			return (-1);
		}
		drv->free(st);
	}
	return (1);

bad_driver:
	xasprintf(cause, "unknown %s driver \"%s\" (want %s)",
	    client_dev_roles[r], f[1], names);
	return (-1);
}

/* Read a device file. A missing file is no devices unless must is set. */
int
client_dev_load(const char *path, int must, struct client_dev_conf *out,
    u_int *nout, char **cause)
{
	FILE			*f;
	char			 line[CLIENT_DEV_LINE_MAX + 2], *why;
	struct client_dev_conf	 c;
	u_int			 n = 0, lineno = 0, i;
	int			 r, seen[CLIENT_DEV_ROLES] = { 0 };

	*nout = 0;
	f = fopen(path, "r");
	if (f == NULL) {
		if (errno == ENOENT && !must)
			return (0);
		xasprintf(cause, "cannot open device file %s: %s", path,
		    strerror(errno));
		return (-1);
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			xasprintf(cause, "%s:%u: line too long (at most %d "
			    "characters)", path, lineno, CLIENT_DEV_LINE_MAX);
			goto fail;
		}
		r = client_dev_parse_line(line, &c, &why);
		if (r == 0)
			continue;
		if (r < 0) {
			xasprintf(cause, "%s:%u: %s", path, lineno, why);
			free(why);
			goto fail;
		}
		if (seen[c.role]) {
			xasprintf(cause, "%s:%u: a second %s (the first is on "
			    "line %d): a terminal has one of each", path,
			    lineno, client_dev_roles[c.role], seen[c.role]);
			goto fail;
		}
		for (i = 0; i < n; i++) {
			if (strcmp(out[i].port, c.port) == 0) {
				xasprintf(cause, "%s:%u: port %s is used "
				    "twice", path, lineno, c.port);
				goto fail;
			}
		}
		seen[c.role] = (int)lineno;
		out[n++] = c;
	}
	if (ferror(f)) {
		xasprintf(cause, "cannot read device file %s", path);
		goto fail;
	}
	fclose(f);
	*nout = n;
	return (0);

fail:
	fclose(f);
	return (-1);
}

/* Write a device file (mode 0600), replacing it whole. */
int
client_dev_save(const char *path, const struct client_dev_conf *c, u_int n,
    char **cause)
{
	FILE	*f;
	char	*tmp, *dir, *slash;
	u_int	 i;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			/* ~/.config may be missing too. */
			if ((slash = strrchr(dir, '/')) != NULL) {
				*slash = '\0';
				mkdir(dir, 0700);
				*slash = '/';
			}
			mkdir(dir, 0700);
		}
	}
	free(dir);
	xasprintf(&tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL) {
		xasprintf(cause, "cannot write %s: %s", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	fchmod(fileno(f), 0600);
	fprintf(f, "# stash devices: ROLE DRIVER PORT [OPTIONS]; see "
	    "stash(1)\n");
	for (i = 0; i < n; i++) {
		fprintf(f, "%s %s %s%s%s\n", client_dev_roles[c[i].role],
		    c[i].driver, c[i].port, *c[i].options != '\0' ? " " : "",
		    c[i].options);
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0) {
		xasprintf(cause, "cannot write %s: %s", tmp, strerror(errno));
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	if (rename(tmp, path) != 0) {
		xasprintf(cause, "cannot replace %s: %s", path,
		    strerror(errno));
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	free(tmp);
	return (0);
}

static void
client_dev_set_status(struct client_dev *d, enum ui_colour c, int announce,
    const char *fmt, ...) printflike(4, 5);

static void
client_dev_set_status(struct client_dev *d, enum ui_colour c, int announce,
    const char *fmt, ...)
{
	va_list	ap;
	char	old[sizeof d->status];

	strlcpy(old, d->status, sizeof old);
	va_start(ap, fmt);
	vsnprintf(d->status, sizeof d->status, fmt, ap);
	va_end(ap);
	d->colour = c;
	if (strcmp(old, d->status) != 0) {
		log_info("%s %s: %s", client_dev_roles[d->conf.role],
		    d->conf.port, d->status);
		if (announce) {
			ui_status_set(c, "%c%s: %s",
			    toupper((u_char)client_dev_roles[d->conf.role][0]),
			    client_dev_roles[d->conf.role] + 1, d->status);
		}
	}
	ui_screen_dirty();
}

static int
client_dev_write(struct client_dev *d, const void *p, size_t len)
{
	if (d->ser != NULL)
		return (xport_serial_write(d->ser, p, len));
	if (d->tcp != NULL && xport_tcp_up(d->tcp))
		return (xport_tcp_write(d->tcp, p, len));
	return (-1);
}

static void
client_dev_reading(struct client_dev *d, int state, int64_t mg,
    const char *text)
{
	if (d->conf.role == CLIENT_DEV_SCALE && (state != d->reading.state ||
	    mg != d->reading.mg))
		client_dev_scale_changed++;
	d->previous = d->reading;
	d->reading.state = state;
	d->reading.mg = mg;
	d->reading.when = util_now();
	strlcpy(d->reading.text, text, sizeof d->reading.text);
	ui_screen_dirty();
}

static void
client_dev_scale_event(struct client_dev *d, const struct dev_event *ev)
{
	const struct dev_weight	*w = &ev->weight;
	char			 text[64];
	int64_t			 div = 1;
	int			 i;

	if (ev->type != DEV_EV_WEIGHT) {
		switch (ev->status) {
		case DEV_ST_MOTION:
			client_dev_reading(d, CLIENT_DEV_MOTION, -1, "moving");
			return;
		case DEV_ST_OK:
		case DEV_ST_INFO:
			return;
		case DEV_ST_ZERO:
			client_dev_reading(d, CLIENT_DEV_OTHER, -1, "zero");
			return;
		case DEV_ST_OVERLOAD:
			client_dev_reading(d, CLIENT_DEV_OTHER, -1,
			    "OVERLOAD");
			break;
		case DEV_ST_UNDERLOAD:
			client_dev_reading(d, CLIENT_DEV_OTHER, -1,
			    "below zero");
			break;
		default:
			client_dev_reading(d, CLIENT_DEV_OTHER, -1, "error");
			break;
		}
		client_dev_set_status(d, UI_WARN, 1, "%s", ev->msg);
		return;
	}
	for (i = 0; i < w->decimals; i++)
		div *= 10;
	if (w->decimals == 0)
		snprintf(text, sizeof text, "%lld %s", (long long)w->value,
		    dev_unit_name(w->unit));
	else {
		snprintf(text, sizeof text, "%lld.%0*lld %s",
		    (long long)(w->value / div), w->decimals,
		    (long long)(w->value % div), dev_unit_name(w->unit));
	}
	if (w->mg < 0) {
		client_dev_reading(d, CLIENT_DEV_OTHER, -1, text);
		client_dev_set_status(d, UI_WARN, 1, "the scale weighs in %s: "
		    "set it to grams (weights are never converted)",
		    dev_unit_name(w->unit));
		return;
	}
	client_dev_reading(d, CLIENT_DEV_STABLE, w->mg, text);
	if (d->colour != UI_OK)
		client_dev_set_status(d, UI_OK, 0, "connected");
}

/*
 * A parsed ID: to the screen that takes IDs (the door), else a hint.
 * Nothing on the card is logged.
 */
static void
client_dev_id(struct client_dev *d, const struct dev_event *ev)
{
	log_debug("%s: ID from the %s (AAMVA version %d)", __func__,
	    client_dev_roles[d->conf.role], ev->id.version);
	if (d->colour != UI_OK)
		client_dev_set_status(d, UI_OK, 0, "connected");
	if (client_dev_id_fn != NULL) {
		client_dev_id_fn(&ev->id);
		return;
	}
	ui_status_set(UI_INFO, "ID card read: use the door screen to check "
	    "a customer in");
	ui_screen_dirty();
}

static void
client_dev_emit(const struct dev_event *ev, void *arg)
{
	struct client_dev	*d = arg;
	char			 code[WEDGE_MAX];
	size_t			 len;

	switch (d->conf.role) {
	case CLIENT_DEV_SCALE:
		client_dev_scale_event(d, ev);
		return;
	case CLIENT_DEV_SCANNER:
		if (ev->type == DEV_EV_ID) {
			client_dev_id(d, ev);
			return;
		}
		if (ev->type != DEV_EV_SCAN) {
			if (ev->status != DEV_ST_OK)
				client_dev_set_status(d, UI_WARN, 1, "%s",
				    ev->msg);
			return;
		}
		if (ev->scan.tag[0] != '\0')
			strlcpy(code, ev->scan.tag, sizeof code);
		else {
			len = ev->scan.len;
			if (len >= sizeof code)
				len = sizeof code - 1;
			dev_printable(ev->scan.data, len, code, sizeof code);
		}
		strlcpy(client_dev_scan_last, code,
		    sizeof client_dev_scan_last);
		log_debug("%s: scan of %zu characters", __func__, strlen(code));
		ui_screen_dirty();
		if (client_dev_scan_fn != NULL && *code != '\0')
			client_dev_scan_fn(code);
		return;
	case CLIENT_DEV_PRINTER:
		if (ev->type != DEV_EV_STATUS)
			return;
		if (ev->status == DEV_ST_OK)
			client_dev_set_status(d, UI_OK, 0, "connected");
		else
			client_dev_set_status(d, UI_WARN, 1, "%s", ev->msg);
		return;
	case CLIENT_DEV_GPS:
		/* Each fix (or its absence) to the driver's terminal. */
		if (ev->type == DEV_EV_POSITION) {
			client_dev_set_status(d, UI_OK, 0, "fix");
			if (client_dev_position_fn != NULL)
				client_dev_position_fn(&ev->pos);
		} else if (ev->type == DEV_EV_STATUS &&
		    ev->status == DEV_ST_NOFIX) {
			client_dev_set_status(d, UI_WARN, 0, "no fix");
			if (client_dev_position_fn != NULL)
				client_dev_position_fn(NULL);
		}
		return;
	case CLIENT_DEV_ID:
		if (ev->type == DEV_EV_ID)
			client_dev_id(d, ev);
		else if (ev->type == DEV_EV_SCAN) {
			ui_status_set(UI_WARN, "The ID scanner read a barcode "
			    "that is not an ID: scan the back of the card");
			ui_screen_beep();
		} else if (ev->status != DEV_ST_OK) {
			client_dev_set_status(d, UI_WARN, 1, "%s", ev->msg);
			ui_screen_beep();
		}
		return;
	default:
		return;
	}
}

static void
client_dev_on_read(const u_char *p, size_t len, void *arg)
{
	struct client_dev	*d = arg;

	struct timeval		 tv = { 0, CLIENT_DEV_GAP * 1000 };

	d->last_rx = util_now();
	if (d->drv == NULL)
		return;		/* a display or label printer: nothing used */
	d->drv->feed(d->state, p, len, client_dev_emit, d);
	if (d->idle != NULL)
		evtimer_add(d->idle, &tv);
}

static void
client_dev_on_idle(__unused evutil_socket_t fd, __unused short events,
    void *arg)
{
	struct client_dev	*d = arg;

	d->drv->idle(d->state, client_dev_emit, d);
}

static void
client_dev_on_state(enum xport_state st, const char *msg, void *arg)
{
	struct client_dev	*d = arg;
	struct buf		 b;

	switch (st) {
	case XPORT_UP:
		d->up = 1;
		d->last_rx = util_now();
		client_dev_set_status(d, UI_OK, 0, "connected");
		memset(client_dev_shown, 0, sizeof client_dev_shown);
		if (d->conf.role == CLIENT_DEV_PRINTER &&
		    d->conf.port[0] == '/') {
			buf_init(&b);
			if (d->drv->request(d->state, DEV_REQ_PAPER, &b) == 0)
				client_dev_write(d, b.data, b.len);
			buf_free(&b);
		}
		break;
	case XPORT_DOWN:
		d->up = 0;
		client_dev_reading(d, CLIENT_DEV_NONE, -1, "not connected");
		if (strstr(msg, "reconnecting") != NULL)
			client_dev_set_status(d, UI_ERROR, 1, "%s", msg);
		else {
			client_dev_set_status(d, UI_ERROR, 1, "%s: retrying",
			    msg);
		}
		break;
	case XPORT_SILENT:
		client_dev_set_status(d, UI_WARN, 1, "silent: %s", msg);
		break;
	}
}

static void
client_dev_on_poll(__unused evutil_socket_t fd, __unused short events,
    void *arg)
{
	struct client_dev	*d = arg;
	struct timeval		 tv = { 0, CLIENT_DEV_POLL * 1000 };
	struct buf		 b;
	int64_t			 now = util_now();

	evtimer_add(d->poll, &tv);
	if (!d->up)
		return;
	if (now - d->last_rx > CLIENT_DEV_SILENT) {
		if (d->reading.state != CLIENT_DEV_NONE)
			client_dev_reading(d, CLIENT_DEV_NONE, -1, "no answer");
		client_dev_set_status(d, UI_WARN, 1, "silent: no answer "
		    "(check the cable, and that it speaks %s)",
		    d->conf.driver);
		d->last_rx = now - CLIENT_DEV_SILENT + 1000000;
	}
	buf_init(&b);
	if (d->drv->request(d->state, DEV_REQ_WEIGH, &b) == 0 && b.len != 0)
		client_dev_write(d, b.data, b.len);
	buf_free(&b);
}

static void
client_dev_close(struct client_dev *d)
{
	if (d->poll != NULL)
		event_free(d->poll);
	if (d->idle != NULL)
		event_free(d->idle);
	xport_serial_close(d->ser);
	xport_tcp_close(d->tcp);
	if (d->drv != NULL && d->state != NULL)
		d->drv->free(d->state);
	memset(d, 0, sizeof *d);
}

void
client_dev_stop(void)
{
	u_int	i;

	for (i = 0; i < client_dev_n; i++)
		client_dev_close(&client_devs[i]);
	client_dev_n = 0;
	memset(client_dev_shown, 0, sizeof client_dev_shown);
}

/* Open the devices; they connect (and reconnect) on the event loop. */
int
client_dev_start(struct event_base *base, const struct client_dev_conf *c,
    u_int n, char **cause)
{
	struct client_dev		*d;
	struct xport_serial_config	 sc;
	struct timeval			 tv = { 0, CLIENT_DEV_POLL * 1000 };
	char				 host[128], tport[16], opt[16], *err;
	char				 opts[sizeof c->options + 16];
	const char			*errstr;
	u_int				 i;
	int				 r;

	client_dev_stop();
	if (n > CLIENT_DEV_MAX)
		n = CLIENT_DEV_MAX;
	for (i = 0; i < n; i++) {
		d = &client_devs[client_dev_n++];	/* stop() frees it */
		memset(d, 0, sizeof *d);
		d->conf = c[i];
		d->cols = 42;
		d->drawer = 1;
		if (client_dev_plain(d->conf.role) == NULL)
			d->drv = dev_find(d->conf.driver);
		if (d->drv != NULL) {
			err = NULL;
			client_dev_options(&d->conf, d->drv, opts,
			    sizeof opts);
			d->state = d->drv->create(opts, &err);
			if (d->state == NULL) {
				xasprintf(cause, "%s: %s", d->conf.driver,
				    err != NULL ? err : "bad options");
				free(err);
				client_dev_stop();
				return (-1);
			}
		}
		if (d->conf.role == CLIENT_DEV_PRINTER) {
			if (dev_opt(d->conf.options, "cols", opt,
			    sizeof opt) == 1) {
				d->cols = (int)util_strtonum(opt, 24, 80,
				    &errstr);
				if (errstr != NULL)
					d->cols = 42;
			}
			if (dev_opt(d->conf.options, "drawer", opt,
			    sizeof opt) == 1 && strcmp(opt, "no") == 0)
				d->drawer = 0;
		}
		r = client_dev_parse_port(d->conf.port, d->drv != NULL ?
		    d->drv->settings : "9600 8N1", &sc, host, sizeof host,
		    tport, sizeof tport, cause);
		if (r < 0) {
			client_dev_stop();
			return (-1);
		}
		client_dev_set_status(d, UI_DIM, 0, "connecting");
		if (d->conf.role == CLIENT_DEV_SCANNER ||
		    d->conf.role == CLIENT_DEV_ID)
			d->idle = evtimer_new(base, client_dev_on_idle, d);
		if (r == 1) {
			d->tcp = xport_tcp_open(base, host, tport,
			    client_dev_on_read, client_dev_on_state, d);
		} else {
			d->ser = xport_serial_open(base, &sc,
			    client_dev_on_read, client_dev_on_state, d);
			if (d->ser != NULL && d->conf.role != CLIENT_DEV_SCALE)
				xport_serial_silence(d->ser, 0);
		}
		if (d->ser == NULL && d->tcp == NULL) {
			xasprintf(cause, "%s: cannot open %s",
			    client_dev_roles[d->conf.role], d->conf.port);
			client_dev_stop();
			return (-1);
		}
		if (d->conf.role == CLIENT_DEV_SCALE) {
			d->poll = evtimer_new(base, client_dev_on_poll, d);
			evtimer_add(d->poll, &tv);
		}
	}
	return (0);
}

u_int
client_dev_count(void)
{
	return (client_dev_n);
}

const struct client_dev_conf *
client_dev_get(u_int idx, const char **status, enum ui_colour *colour)
{
	if (idx >= client_dev_n)
		return (NULL);
	if (status != NULL)
		*status = client_devs[idx].status;
	if (colour != NULL)
		*colour = client_devs[idx].colour;
	return (&client_devs[idx].conf);
}

static struct client_dev *
client_dev_find(enum client_dev_role role)
{
	u_int	i;

	for (i = 0; i < client_dev_n; i++) {
		if (client_devs[i].conf.role == role)
			return (&client_devs[i]);
	}
	return (NULL);
}

int
client_dev_has(enum client_dev_role role)
{
	return (client_dev_find(role) != NULL);
}

/*
 * The scale now: CLIENT_DEV_STABLE with *mg when settled (two equal
 * stable readings, the latest fresh), else what it shows and why not.
 */
int
client_dev_scale(int64_t *mg, char *text, size_t len)
{
	struct client_dev	*d = client_dev_find(CLIENT_DEV_SCALE);
	int64_t			 now = util_now();

	*mg = -1;
	if (d == NULL) {
		strlcpy(text, "no scale", len);
		return (CLIENT_DEV_NONE);
	}
	if (!d->up) {
		strlcpy(text, "not connected", len);
		return (CLIENT_DEV_NONE);
	}
	if (d->reading.state == CLIENT_DEV_NONE ||
	    now - d->reading.when > CLIENT_DEV_FRESH) {
		strlcpy(text, "waiting for the scale", len);
		return (CLIENT_DEV_NONE);
	}
	strlcpy(text, d->reading.text, len);
	if (d->reading.state != CLIENT_DEV_STABLE)
		return (d->reading.state);
	if (d->previous.state != CLIENT_DEV_STABLE ||
	    d->previous.mg != d->reading.mg ||
	    now - d->previous.when > 2 * CLIENT_DEV_FRESH)
		return (CLIENT_DEV_MOTION);	/* not settled yet */
	*mg = d->reading.mg;
	return (CLIENT_DEV_STABLE);
}

/*
 * How many times the scale's reading has changed (weight, motion, zero,
 * silence). A screen that took a settled weight keeps this, and does not
 * take the same settled weight for a second package until it changes: the
 * last package is still on the scale.
 */
u_int
client_dev_scale_changes(void)
{
	return (client_dev_scale_changed);
}

/* Has the scale not changed since tk's last weight was taken from it? */
int
client_dev_scale_stale(const struct client_dev_taken *tk)
{
	return (tk->taken && client_dev_scale_changed == tk->changes);
}

/* A weight was taken from the scale now. */
void
client_dev_scale_took(struct client_dev_taken *tk)
{
	tk->taken = 1;
	tk->changes = client_dev_scale_changed;
}

void
client_dev_on_scan(client_dev_scan_cb fn)
{
	client_dev_scan_fn = fn;
}

const char *
client_dev_last_scan(void)
{
	return (client_dev_scan_last);
}

/* Who takes the GPS's fixes (NULL: a report without a fix); NULL: none. */
void
client_dev_on_position(client_dev_position_cb fn)
{
	client_dev_position_fn = fn;
}

/* The screen that takes a serial ID scanner's IDs; NULL for none. */
void
client_dev_on_id(client_dev_id_cb fn)
{
	client_dev_id_fn = fn;
}

static int
client_dev_print(struct client_dev *d, struct client_receipt *r, int kick,
    char **cause)
{
	struct buf	b;
	u_int		i;
	int		rc;

	if (!d->up) {
		xasprintf(cause, "the printer is not connected (%s)",
		    d->status);
		return (-1);
	}
	buf_init(&b);
	dev_printer_escpos_init(&b);
	for (i = 0; i < r->n; i++) {
		dev_printer_escpos_text(&b, r->lines[i]);
		dev_printer_escpos_text(&b, "\n");
	}
	dev_printer_escpos_feed_cut(&b, 3);
	if (kick && d->drawer)
		dev_printer_escpos_drawer(&b, 0);
	if (d->conf.port[0] == '/')	/* a serial printer answers */
		d->drv->request(d->state, DEV_REQ_PAPER, &b);
	rc = client_dev_write(d, b.data, b.len);
	buf_free(&b);
	if (rc != 0) {
		xasprintf(cause, "the printer did not take the receipt");
		return (-1);
	}
	return (0);
}

/*
 * A sale is complete: print its receipt, kick the drawer when cash was
 * taken, show the total and the change. 0 if there is no printer.
 */
int
client_dev_sale(json_t *sale, char **cause)
{
	struct client_dev	*d;
	struct client_receipt	 r;
	char			 t[32], c[32], l1[32], l2[32];
	int64_t			 cash, change, total;
	int			 rc = 0;

	cash = json_integer_value(json_object_get(sale, "tendered"));
	change = json_integer_value(json_object_get(sale, "change"));
	total = json_integer_value(json_object_get(sale, "total"));
	snprintf(l1, sizeof l1, "TOTAL %14s", money_fmt(total, t, sizeof t));
	snprintf(l2, sizeof l2, "CHANGE %13s", money_fmt(change, c,
	    sizeof c));
	client_dev_display(l1, l2);

	if ((d = client_dev_find(CLIENT_DEV_PRINTER)) == NULL)
		return (0);
	client_receipt_build(&r, sale, (u_int)d->cols);
	rc = client_dev_print(d, &r, cash > 0, cause);
	client_receipt_free(&r);
	if (rc == 0)
		log_info("sale %lld: receipt sent to the printer", (long long)
		    json_integer_value(json_object_get(sale, "id")));
	return (rc);
}

int
client_dev_print_test(char **cause)
{
	struct client_dev	*d;
	struct client_receipt	 r;
	char			 when[64];
	int			 rc;

	if ((d = client_dev_find(CLIENT_DEV_PRINTER)) == NULL) {
		xasprintf(cause, "no printer is configured");
		return (-1);
	}
	memset(&r, 0, sizeof r);
	r.lines = xreallocarray(NULL, 4, sizeof *r.lines);
	client_session_time_str(util_now(), when, sizeof when);
	r.lines[r.n++] = xstrdup("stash test receipt");
	xasprintf(&r.lines[r.n++], "Terminal %s", client_session.terminal);
	r.lines[r.n++] = xstrdup(when);
	r.lines[r.n++] = xstrdup("If you can read this, the printer works.");
	rc = client_dev_print(d, &r, 0, cause);
	client_receipt_free(&r);
	return (rc);
}

/* A report (an inspector's answer) on the receipt printer. */
int
client_dev_report(const char *title, const char **lines, u_int n,
    char **cause)
{
	struct client_dev	*d;
	struct client_receipt	 r;
	int			 rc;

	if ((d = client_dev_find(CLIENT_DEV_PRINTER)) == NULL) {
		xasprintf(cause, "no printer is configured");
		return (-1);
	}
	client_receipt_report(&r, (u_int)d->cols, title, lines, n);
	rc = client_dev_print(d, &r, 0, cause);
	client_receipt_free(&r);
	return (rc);
}

/* Two lines on the customer display; unchanged lines are not resent. */
int
client_dev_display(const char *l1, const char *l2)
{
	struct client_dev	*d;
	struct buf		 b;
	int			 rc;

	if ((d = client_dev_find(CLIENT_DEV_DISPLAY)) == NULL || !d->up)
		return (-1);
	if (strncmp(client_dev_shown[0], l1, 20) == 0 &&
	    strncmp(client_dev_shown[1], l2, 20) == 0)
		return (0);
	buf_init(&b);
	if (strcmp(d->conf.driver, "logic") == 0)
		dev_display_logic_screen(&b, l1, l2);
	else
		dev_display_epson_screen(&b, l1, l2);
	rc = client_dev_write(d, b.data, b.len);
	buf_free(&b);
	if (rc == 0) {
		snprintf(client_dev_shown[0], sizeof client_dev_shown[0],
		    "%.20s", l1);
		snprintf(client_dev_shown[1], sizeof client_dev_shown[1],
		    "%.20s", l2);
	}
	return (rc);
}

/*
 * The devices' state in a few words for a status bar: "4 devices ok", or
 * only those that are not, "printer DOWN  scale !".
 */
char *
client_dev_summary(char *out, size_t len, enum ui_colour *worst)
{
	struct client_dev	*d;
	u_int			 i, ok = 0;
	char			 one[64];

	*out = '\0';
	*worst = UI_DIM;
	for (i = 0; i < client_dev_n; i++) {
		d = &client_devs[i];
		if (d->colour == UI_OK) {
			ok++;
			continue;
		}
		if (d->colour == UI_ERROR)
			snprintf(one, sizeof one, "%s DOWN",
			    client_dev_roles[d->conf.role]);
		else if (d->colour == UI_WARN)
			snprintf(one, sizeof one, "%s !",
			    client_dev_roles[d->conf.role]);
		else
			snprintf(one, sizeof one, "%s ...",
			    client_dev_roles[d->conf.role]);
		if (d->colour == UI_ERROR || (d->colour == UI_WARN &&
		    *worst != UI_ERROR))
			*worst = d->colour;
		if (*out != '\0')
			client_dev_cat(out, "  ", len);
		client_dev_cat(out, one, len);
	}
	if (ok == client_dev_n && ok != 0) {
		snprintf(out, len, "%u device%s ok", ok, ok == 1 ? "" : "s");
		*worst = UI_OK;
	}
	return (out);
}

/*
 * The serial ports of this machine, for the setup screen: the stable
 * names under /dev/serial/by-id first, then /dev/ttyUSB*, ttyACM* and the
 * first ttyS*. Returns how many were put in ports.
 */
u_int
client_dev_ports(char ports[][128], u_int max)
{
	static const char	*prefixes[] = { "ttyUSB", "ttyACM", "ttyS" };
	char			 path[300];
	u_int			 n = 0, i, k;
	int			 j;
	struct dirent		*de;
	DIR			*dir;

	if ((dir = opendir("/dev/serial/by-id")) != NULL) {
		while ((de = readdir(dir)) != NULL && n < max) {
			if (de->d_name[0] == '.' || strlen(de->d_name) >
			    sizeof ports[0] - sizeof "/dev/serial/by-id/")
				continue;
			strlcpy(ports[n], "/dev/serial/by-id/",
			    sizeof ports[0]);
			client_dev_cat(ports[n++], de->d_name,
			    sizeof ports[0]);
		}
		closedir(dir);
	}
	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		for (j = 0; j < (i == 2 ? 4 : 16) && n < max; j++) {
			snprintf(path, sizeof path, "/dev/%s%d", prefixes[i],
			    j);
			if (access(path, F_OK) != 0)
				continue;
			for (k = 0; k < n; k++) {
				if (strcmp(ports[k], path) == 0)
					break;
			}
			if (k == n)
				strlcpy(ports[n++], path, sizeof ports[0]);
		}
	}
	return (n);
}

/*
 * Where a label prints: the label printer (*zpl set) when there is one,
 * else the receipt printer; NULL with *cause when neither is configured
 * or connected. With only_label, the label printer or nothing.
 */
static struct client_dev *
client_dev_label_dev(int only_label, int *zpl, char **cause)
{
	struct client_dev	*d;

	*zpl = 1;
	if ((d = client_dev_find(CLIENT_DEV_LABEL)) == NULL) {
		*zpl = 0;
		if (only_label) {
			xasprintf(cause, "no label printer is configured");
			return (NULL);
		}
		if ((d = client_dev_find(CLIENT_DEV_PRINTER)) == NULL) {
			xasprintf(cause, "no label or receipt printer is "
			    "configured (F7 on the register sets one up)");
			return (NULL);
		}
	}
	if (!d->up) {
		xasprintf(cause, "the %s printer is not connected (%s)",
		    *zpl ? "label" : "receipt", d->status);
		return (NULL);
	}
	return (d);
}

/*
 * Send a label built into b (built is what building it returned: -1 when
 * code could not be a barcode) to d; b is freed.
 */
static int
client_dev_label_send(struct client_dev *d, struct buf *b, int built,
    const char *code, char **cause)
{
	int	rc;

	if (built != 0) {
		buf_free(b);
		xasprintf(cause, "%s cannot be printed as a barcode", code);
		return (-1);
	}
	rc = client_dev_write(d, b->data, b->len);
	buf_free(b);
	if (rc != 0) {
		xasprintf(cause, "the printer did not take the label");
		return (-1);
	}
	return (0);
}

/* An ESC/POS label: lines centred, the first bold, then code as Code 128. */
static int
client_dev_label_escpos(struct buf *b, const char *code, const char **lines,
    u_int n, int code_text)
{
	u_int	i;
	int	rc;

	dev_printer_escpos_init(b);
	dev_printer_escpos_align(b, DEV_ESCPOS_CENTRE);
	for (i = 0; i < n; i++) {
		dev_printer_escpos_bold(b, i == 0);
		dev_printer_escpos_text(b, lines[i]);
		dev_printer_escpos_text(b, "\n");
	}
	dev_printer_escpos_bold(b, 0);
	rc = dev_printer_escpos_code128(b, code);
	dev_printer_escpos_text(b, "\n");
	if (code_text) {
		dev_printer_escpos_text(b, code);
		dev_printer_escpos_text(b, "\n");
	}
	dev_printer_escpos_align(b, DEV_ESCPOS_LEFT);
	dev_printer_escpos_feed_cut(b, 3);
	return (rc);
}

/*
 * A shelf label for a package: the product name, batch and quantity, and
 * the tag as a Code 128 barcode with the tag printed under it. On the
 * label printer (ZPL) when there is one, else on the receipt printer.
 */
int
client_dev_label(const char *tag, const char *name, const char *batch,
    const char *qty, char **cause)
{
	struct client_dev	*d;
	struct buf		 b;
	const char		*lines[3];
	char			*bl = NULL, *ql = NULL;
	u_int			 n = 0;
	int			 zpl, rc;

	if ((d = client_dev_label_dev(0, &zpl, cause)) == NULL)
		return (-1);
	buf_init(&b);
	if (zpl)
		rc = dev_label_zpl(&b, tag, name, batch, qty);
	else {
		lines[n++] = name;
		if (*batch != '\0') {
			xasprintf(&bl, "Batch %s", batch);
			lines[n++] = bl;
		}
		if (*qty != '\0') {
			xasprintf(&ql, "Qty %s", qty);
			lines[n++] = ql;
		}
		rc = client_dev_label_escpos(&b, tag, lines, n, 1);
		free(bl);
		free(ql);
	}
	return (client_dev_label_send(d, &b, rc, tag, cause));
}

/*
 * A bag label: lines of text and code (an order's "ORDER-7") as a Code 128
 * barcode, on the label printer (ZPL) when there is one, else on the
 * receipt printer (ESC/POS), as client_dev_label.
 */
int
client_dev_bag_label(const char *code, const char **lines, u_int n,
    char **cause)
{
	struct client_dev	*d;
	struct buf		 b;
	int			 zpl, rc;

	if ((d = client_dev_label_dev(0, &zpl, cause)) == NULL)
		return (-1);
	buf_init(&b);
	if (zpl)
		rc = dev_label_zpl_lines(&b, code, lines, n);
	else
		rc = client_dev_label_escpos(&b, code, lines, n, 0);
	return (client_dev_label_send(d, &b, rc, code, cause));
}

/* Where client_dev_label prints, for a screen to say. */
const char *
client_dev_label_where(void)
{
	if (client_dev_has(CLIENT_DEV_LABEL))
		return ("the label printer");
	return ("the receipt printer");
}

/* F5 in the device setup: a test label on the label printer. */
int
client_dev_label_test(char **cause)
{
	struct client_dev	*d;
	struct buf		 b;
	int			 zpl, rc;

	if ((d = client_dev_label_dev(1, &zpl, cause)) == NULL)
		return (-1);
	buf_init(&b);
	rc = dev_label_zpl(&b, "STASH-TEST", "stash test label",
	    client_session.terminal, "");
	return (client_dev_label_send(d, &b, rc, "STASH-TEST", cause));
}
