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
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

/* The machine, the disk, the stashd processes and their memory. */

#define BENCH_MAX_CHILDREN	8

static pid_t	bench_sys_children[BENCH_MAX_CHILDREN];

int64_t
bench_sys_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
}

static void
bench_sys_cpu(char *out, size_t len)
{
	FILE	*f;
	char	 line[512], *p;
	size_t	 n;

	strlcpy(out, "unknown CPU", len);
	if ((f = fopen("/proc/cpuinfo", "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "model name", 10) != 0)
			continue;
		if ((p = strchr(line, ':')) == NULL)
			continue;
		p++;
		p += strspn(p, " \t");
		n = strcspn(p, "\n");
		p[n] = '\0';
		strlcpy(out, p, len);
		break;
	}
	fclose(f);
}

/*
 * Which filesystem and device hold path: the longest mount point in
 * /proc/self/mountinfo that is a prefix of its real path.
 */
void
bench_sys_fs(const char *path, char *fstype, size_t flen, char *dev,
    size_t dlen)
{
	FILE	*f;
	char	 real[PATH_MAX], line[4096], *fields[12], *p, *sep;
	char	 mnt[PATH_MAX], majmin[32];
	size_t	 best = 0, n;
	int	 i;

	strlcpy(fstype, "?", flen);
	strlcpy(dev, "?", dlen);
	if (realpath(path, real) == NULL)
		strlcpy(real, path, sizeof real);
	if ((f = fopen("/proc/self/mountinfo", "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if ((sep = strstr(line, " - ")) == NULL)
			continue;
		*sep = '\0';
		p = line;
		for (i = 0; i < 5 && p != NULL; i++)
			fields[i] = strsep(&p, " ");
		if (i != 5 || fields[4] == NULL)
			continue;
		strlcpy(mnt, fields[4], sizeof mnt);
		n = strlen(mnt);
		if (strncmp(real, mnt, n) != 0 || (n > 1 && real[n] != '/' &&
		    real[n] != '\0'))
			continue;
		if (n < best)
			continue;
		best = n;
		strlcpy(majmin, fields[2], sizeof majmin);
		p = sep + 3;
		fields[5] = strsep(&p, " ");
		fields[6] = p != NULL ? strsep(&p, " ") : NULL;
		strlcpy(fstype, fields[5] != NULL ? fields[5] : "?", flen);
		snprintf(dev, dlen, "%s (%s, mounted on %s)",
		    fields[6] != NULL ? fields[6] : "?", majmin, mnt);
	}
	fclose(f);
}

/*
 * Whether an ext4 filesystem on device dev (/dev/vda) has no journal: then
 * it has no jbd2 entry. An fsync is cheaper without one.
 */
static int
bench_sys_nojournal(const char *dev)
{
	DIR		*d;
	struct dirent	*de;
	const char	*name = strrchr(dev, '/');
	size_t		 n;
	int		 found = 0;

	name = name != NULL ? name + 1 : dev;
	n = strcspn(name, " ");
	if ((d = opendir("/proc/fs/jbd2")) == NULL)
		return (errno == ENOENT);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, name, n) == 0 && de->d_name[n] == '-')
			found = 1;
	}
	closedir(d);
	return (!found);
}

/* The rotational flag of the block device holding path, or -1. */
static int
bench_sys_rotational(const char *path)
{
	struct stat	 sb;
	FILE		*f;
	char		 p[128];
	int		 r = -1;

	if (stat(path, &sb) != 0)
		return (-1);
	snprintf(p, sizeof p, "/sys/dev/block/%u:%u/queue/rotational",
	    major(sb.st_dev), minor(sb.st_dev));
	if ((f = fopen(p, "r")) == NULL)
		return (-1);
	if (fscanf(f, "%d", &r) != 1)
		r = -1;
	fclose(f);
	return (r);
}

/* The table header: what ran where, when. */
void
bench_sys_machine(FILE *out, const char *dir)
{
	struct utsname	u;
	struct tm	tm;
	time_t		now = time(NULL);
	char		cpu[256], fs[64], dev[PATH_MAX + 64], date[64];
	int		rot;

	bench_sys_cpu(cpu, sizeof cpu);
	uname(&u);
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", &tm);
	bench_sys_fs(dir, fs, sizeof fs, dev, sizeof dev);
	rot = bench_sys_rotational(dir);

	fprintf(out, "date      %s\n", date);
	fprintf(out, "machine   %ld CPUs, %s, %s %s %s\n",
	    sysconf(_SC_NPROCESSORS_ONLN), cpu, u.sysname, u.release,
	    u.machine);
	fprintf(out, "disk      %s: %s%s on %s%s\n", dir, fs,
	    strcmp(fs, "ext4") == 0 && bench_sys_nojournal(dev) ?
	    " (no journal)" : "", dev, rot == 0 ? ", not rotational" :
	    rot == 1 ? ", rotational (as the kernel says)" : "");
#ifdef BENCH_CFLAGS
	fprintf(out, "build     driver: %s\n", BENCH_CFLAGS);
#endif
#ifdef BENCH_TREE_CFLAGS
	fprintf(out, "          stashd, libstash: %s\n", BENCH_TREE_CFLAGS);
#endif
	if (strcmp(fs, "tmpfs") == 0 || strcmp(fs, "ramfs") == 0)
		fprintf(out, "WARNING   %s is in memory: durable commit figures "
		    "mean nothing here (set TMPDIR to a disk)\n", dir);
}

static void
bench_sys_track(pid_t pid, int add)
{
	int	i;

	for (i = 0; i < BENCH_MAX_CHILDREN; i++) {
		if (add && bench_sys_children[i] == 0) {
			bench_sys_children[i] = pid;
			return;
		}
		if (!add && bench_sys_children[i] == pid) {
			bench_sys_children[i] = 0;
			return;
		}
	}
	if (add)
		bench_fatal("too many children");
}

/* Kill whatever stashd is still running (atexit, signals). */
void
bench_sys_kill_all(void)
{
	int	i;

	for (i = 0; i < BENCH_MAX_CHILDREN; i++) {
		if (bench_sys_children[i] != 0) {
			kill(bench_sys_children[i], SIGKILL);
			waitpid(bench_sys_children[i], NULL, 0);
			bench_sys_children[i] = 0;
		}
	}
}

static void
bench_sys_log_tail(const char *log)
{
	FILE	*f;
	char	 line[1024];

	if ((f = fopen(log, "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL)
		fprintf(stderr, "  stashd: %s", line);
	fclose(f);
}

/*
 * Start the real stashd on datadir, listening on a free loopback port, its
 * stderr to log. Returns its pid once it has written its port.
 */
pid_t
bench_sys_stashd(const char *stashd, const char *datadir, const char *log,
    u_int *port)
{
	char		 portfile[PATH_MAX];
	FILE		*f;
	pid_t		 pid;
	int64_t		 deadline;
	int		 fd, status;
	struct timespec	 ts = { 0, 5000000 };

	snprintf(portfile, sizeof portfile, "%s.port", log);
	unlink(portfile);
	switch (pid = fork()) {
	case -1:
		bench_fatal("fork: %s", strerror(errno));
	case 0:
		fd = open(log, O_WRONLY|O_CREAT|O_TRUNC, 0600);
		if (fd != -1) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		execl(stashd, "stashd", "-f", "/dev/null", "-d", datadir, "-l",
		    "127.0.0.1:0", "-P", portfile, (char *)NULL);
		fprintf(stderr, "cannot run %s: %s\n", stashd,
		    strerror(errno));
		_exit(127);
	}
	bench_sys_track(pid, 1);
	deadline = bench_sys_ns() + 30 * 1000000000LL;
	for (;;) {
		if ((f = fopen(portfile, "r")) != NULL) {
			if (fscanf(f, "%u", port) == 1) {
				fclose(f);
				return (pid);
			}
			fclose(f);
		}
		if (waitpid(pid, &status, WNOHANG) == pid) {
			bench_sys_track(pid, 0);
			bench_sys_log_tail(log);
			bench_fatal("%s exited before listening", stashd);
		}
		if (bench_sys_ns() > deadline) {
			bench_sys_log_tail(log);
			bench_fatal("%s did not write its port in 30 s", stashd);
		}
		bench_check();
		nanosleep(&ts, NULL);
	}
}

/*
 * Stop stashd with SIGTERM (SIGKILL after 10 s) and read its closing line
 * "stashd stopped: N commits, N operations" from the log.
 */
int
bench_sys_stop(pid_t pid, uint64_t *commits, uint64_t *ops, const char *log)
{
	FILE		*f;
	char		 line[1024], *p;
	unsigned long long c, o;
	int64_t		 deadline;
	int		 found = -1, status;
	struct timespec	 ts = { 0, 10000000 };

	*commits = *ops = 0;
	kill(pid, SIGTERM);
	deadline = bench_sys_ns() + 10 * 1000000000LL;
	while (waitpid(pid, &status, WNOHANG) != pid) {
		if (bench_sys_ns() > deadline) {
			bench_note("stashd %ld did not stop in 10 s: killed",
			    (long)pid);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		nanosleep(&ts, NULL);
	}
	bench_sys_track(pid, 0);
	if ((f = fopen(log, "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL) {
		if ((p = strstr(line, "stashd stopped: ")) == NULL)
			continue;
		if (sscanf(p, "stashd stopped: %llu commits, %llu operations",
		    &c, &o) == 2) {
			*commits = c;
			*ops = o;
			found = 0;
		}
	}
	fclose(f);
	return (found);
}

/* Memory of a process from /proc/PID/status, in kB. */
int
bench_sys_rss(pid_t pid, struct bench_rss *r)
{
	FILE	*f;
	char	 path[64], line[256];
	long	 v;

	memset(r, 0, sizeof *r);
	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "VmRSS: %ld", &v) == 1)
			r->vmrss = v;
		else if (sscanf(line, "VmHWM: %ld", &v) == 1)
			r->vmhwm = v;
		else if (sscanf(line, "RssAnon: %ld", &v) == 1)
			r->rssanon = v;
		else if (sscanf(line, "RssFile: %ld", &v) == 1)
			r->rssfile = v;
		else if (sscanf(line, "RssShmem: %ld", &v) == 1)
			r->rssshmem = v;
		else if (sscanf(line, "Threads: %ld", &v) == 1)
			r->threads = v;
	}
	fclose(f);
	return (0);
}

/*
 * Pin a thread (0: this one) to a CPU, or let it run anywhere (-1). For a
 * process this is its main thread: stashd's event loop.
 */
void
bench_sys_pin(pid_t pid, int cpu)
{
	cpu_set_t	set;
	long		i, n = sysconf(_SC_NPROCESSORS_ONLN);

	CPU_ZERO(&set);
	for (i = 0; i < n && i < CPU_SETSIZE; i++) {
		if (cpu == -1 || cpu == i)
			CPU_SET(i, &set);
	}
	if (sched_setaffinity(pid, sizeof set, &set) != 0)
		bench_note("sched_setaffinity: %s", strerror(errno));
}

/* CPU time (user + system) a process has used, in ns; 0 is this one. */
int64_t
bench_sys_cputime(pid_t pid)
{
	FILE			*f;
	char			 path[64], buf[1024], *p;
	unsigned long long	 ut, st;
	int64_t			 r = -1;

	if (pid == 0)
		snprintf(path, sizeof path, "/proc/self/stat");
	else
		snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	/* Fields 14 and 15, after the ")" that ends the command name. */
	if (fgets(buf, sizeof buf, f) != NULL &&
	    (p = strrchr(buf, ')')) != NULL &&
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
	    "%llu %llu", &ut, &st) == 2)
		r = (int64_t)((ut + st) * (1000000000ULL /
		    (unsigned long long)sysconf(_SC_CLK_TCK)));
	fclose(f);
	return (r);
}

/* Bytes of the files in dir: apparent size; *alloc gets what is on disk. */
int64_t
bench_sys_du(const char *dir, int64_t *alloc)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 p[PATH_MAX];
	int64_t		 size = 0;

	*alloc = 0;
	if ((d = opendir(dir)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL) {
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		size += sb.st_size;
		*alloc += (int64_t)sb.st_blocks * 512;
	}
	closedir(d);
	return (size);
}

static int
bench_sys_rm(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	remove(path);
	return (0);
}

void
bench_sys_rmtree(const char *dir)
{
	nftw(dir, bench_sys_rm, 16, FTW_DEPTH|FTW_PHYS);
}
