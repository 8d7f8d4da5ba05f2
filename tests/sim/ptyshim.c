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
 * An LD_PRELOAD shim for tests only: it lets the real libserialport open
 * a Linux pty, so the production serial transport is what the tests run.
 *
 * libserialport 0.1.1 refuses a pty for two reasons: it looks the port up
 * under /sys/class/tty/<name> (lstat, then readlink), where ptys have no
 * entry, and sp_open() asks for the modem lines with TIOCMGET, which a pty
 * answers with ENOTTY. Here lstat (__lxstat in that build) and readlink of
 * /sys/class/tty/pts/N answer as for a virtual tty, and the TIOCM* ioctls
 * on a pty succeed with DSR, CTS and CD up. Everything else goes to libc.
 * Note the pty driver forces 8N1, so 7E1 framing cannot be tested here.
 */

#define _GNU_SOURCE

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define SYS_PTS	"/sys/class/tty/pts/"

int	__lxstat(int, const char *, struct stat *);
int	lstat(const char *, struct stat *);
ssize_t	readlink(const char *, char *, size_t);
int	ioctl(int, unsigned long, ...);

static int
ptyshim_fake_stat(const char *path, struct stat *sb)
{
	if (strncmp(path, SYS_PTS, sizeof SYS_PTS - 1) != 0)
		return (0);
	memset(sb, 0, sizeof *sb);
	sb->st_mode = S_IFLNK | 0777;
	return (1);
}

int
__lxstat(int ver, const char *path, struct stat *sb)
{
	static int (*real)(int, const char *, struct stat *);

	if (ptyshim_fake_stat(path, sb))
		return (0);
	if (real == NULL)
		real = (int (*)(int, const char *, struct stat *))dlsym(
		    RTLD_NEXT, "__lxstat");
	if (real == NULL) {
		errno = ENOSYS;
		return (-1);
	}
	return (real(ver, path, sb));
}

int
lstat(const char *path, struct stat *sb)
{
	static int (*real)(const char *, struct stat *);

	if (ptyshim_fake_stat(path, sb))
		return (0);
	if (real == NULL)
		real = (int (*)(const char *, struct stat *))dlsym(RTLD_NEXT,
		    "lstat");
	if (real == NULL) {
		errno = ENOSYS;
		return (-1);
	}
	return (real(path, sb));
}

ssize_t
readlink(const char *path, char *buf, size_t len)
{
	static ssize_t (*real)(const char *, char *, size_t);
	const char	*n;
	int		 r;

	if (strncmp(path, SYS_PTS, sizeof SYS_PTS - 1) == 0) {
		n = path + sizeof SYS_PTS - 1;
		r = snprintf(buf, len, "../../devices/virtual/tty/pts%s", n);
		if (r < 0 || (size_t)r >= len) {
			errno = ENAMETOOLONG;
			return (-1);
		}
		return (r);	/* readlink does not terminate */
	}
	if (real == NULL)
		real = (ssize_t (*)(const char *, char *, size_t))dlsym(
		    RTLD_NEXT, "readlink");
	if (real == NULL) {
		errno = ENOSYS;
		return (-1);
	}
	return (real(path, buf, len));
}

/* Is fd a pty slave or master? */
static int
ptyshim_is_pty(int fd)
{
	char	link[64], target[64];
	ssize_t	n;
	static ssize_t (*real)(const char *, char *, size_t);

	if (real == NULL)
		real = (ssize_t (*)(const char *, char *, size_t))dlsym(
		    RTLD_NEXT, "readlink");
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if (real == NULL || (n = real(link, target, sizeof target - 1)) < 0)
		return (0);
	target[n] = '\0';
	return (strncmp(target, "/dev/pts/", 9) == 0 ||
	    strcmp(target, "/dev/ptmx") == 0);
}

int
ioctl(int fd, unsigned long req, ...)
{
	static int (*real)(int, unsigned long, ...);
	va_list	 ap;
	void	*arg;
	int	 r, saved;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (real == NULL)
		real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT,
		    "ioctl");
	if (real == NULL) {
		errno = ENOSYS;
		return (-1);
	}
	r = real(fd, req, arg);
	if (r == -1 && errno == ENOTTY && (req == TIOCMGET ||
	    req == TIOCMSET || req == TIOCMBIS || req == TIOCMBIC)) {
		saved = errno;
		if (!ptyshim_is_pty(fd)) {
			errno = saved;
			return (-1);
		}
		if (req == TIOCMGET && arg != NULL)
			*(int *)arg = TIOCM_DSR | TIOCM_CTS | TIOCM_CD;
		return (0);
	}
	return (r);
}
