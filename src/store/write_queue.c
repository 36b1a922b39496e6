#define _GNU_SOURCE /* F_OFD_SETLK: locks of an open file description */
#include "store/write_queue.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TICKETS_AT 4096 /* ticket t is the byte lock at TICKETS_AT + t; the counter is at 0 */

struct write_queue {
	int fd;
	bool in;        /* holding a ticket */
	uint64_t ticket;
};

static int lock(int fd, short type, off_t at, off_t len, bool wait)
{
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = at;
	fl.l_len = len;
	int rc;
	do
		rc = fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
	while (rc != 0 && wait && errno == EINTR);
	return rc;
}

write_queue *write_queue_open(const char *path)
{
#ifdef NJ_NO_WRITE_QUEUE /* for the bench's comparison only */
	return NULL;
#endif
	if (!path || !*path || strcmp(path, ":memory:") == 0)
		return NULL;
	char name[4200];
	if (snprintf(name, sizeof name, "%s-writers", path) >= (int)sizeof name)
		return NULL;
	int fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
	if (fd < 0)
		return NULL;
	/* Every writer of the database must be able to queue: in the shared
	 * data directory (group nongjian) that is the group. */
	struct stat sb;
	if (fstat(fd, &sb) == 0 && sb.st_uid == geteuid() && (sb.st_mode & 0777) != 0660)
		fchmod(fd, 0660);
	/* OFD locks exist since Linux 3.15; without them, no queue. */
	if (lock(fd, F_RDLCK, 1, 1, false) != 0) {
		close(fd);
		return NULL;
	}
	lock(fd, F_UNLCK, 1, 1, false);
	write_queue *q = calloc(1, sizeof *q);
	if (!q) {
		close(fd);
		return NULL;
	}
	q->fd = fd;
	return q;
}

void write_queue_close(write_queue *q)
{
	if (!q)
		return;
	write_queue_leave(q);
	close(q->fd);
	free(q);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

bool write_queue_enter(write_queue *q, long max_ms)
{
	if (!q || q->in)
		return true;
	/* Take the next ticket: the counter is read and bumped under a short
	 * lock of its own bytes. */
	if (lock(q->fd, F_WRLCK, 0, 8, true) != 0)
		return false;
	uint64_t t = 0;
	if (pread(q->fd, &t, sizeof t, 0) != (ssize_t)sizeof t)
		t = 0;
	uint64_t next = t + 1;
	bool ok = pwrite(q->fd, &next, sizeof next, 0) == (ssize_t)sizeof next &&
	          lock(q->fd, F_WRLCK, TICKETS_AT + (off_t)(t % ((uint64_t)1 << 40)), 1, false) == 0;
	lock(q->fd, F_UNLCK, 0, 8, false);
	if (!ok)
		return false;
	q->ticket = t;
	q->in = true;
	if (t == 0)
		return true;
	/* Wait for the one ahead: its byte is free once it has finished
	 * (or given up, or died). Only this writer waits on that byte. */
	off_t ahead = TICKETS_AT + (off_t)((t - 1) % ((uint64_t)1 << 40));
	long start = now_ms(), step_us = 200;
	for (;;) {
		if (lock(q->fd, F_RDLCK, ahead, 1, false) == 0) {
			lock(q->fd, F_UNLCK, ahead, 1, false);
			return true;
		}
		if (now_ms() - start >= max_ms)
			return false; /* keep the ticket: the next one waits for this writer */
		struct timespec ts = {0, step_us * 1000L};
		nanosleep(&ts, NULL);
		if (step_us < 2000)
			step_us += 200;
	}
}

void write_queue_leave(write_queue *q)
{
	if (!q || !q->in)
		return;
	lock(q->fd, F_UNLCK, TICKETS_AT + (off_t)(q->ticket % ((uint64_t)1 << 40)), 1, false);
	q->in = false;
}
