/* Writers take turns in the order they came (store/write_queue.h): while
 * one holds its turn, the next two wait and then go in arrival order; a
 * waiter that runs out of time says so; a writer that dies in its turn
 * frees it. Separate processes, as separate nongjian sessions are. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "store/write_queue.h"

static char path[256], lockfile[300];

static uint64_t tickets_taken(void)
{
	uint64_t t = 0;
	int fd = open(lockfile, O_RDONLY);
	if (fd >= 0) {
		if (pread(fd, &t, sizeof t, 0) != (ssize_t)sizeof t)
			t = 0;
		close(fd);
	}
	return t;
}

/* Wait (at most 10 s) until n tickets have been taken. */
static bool wait_tickets(uint64_t n)
{
	for (int i = 0; i < 10000 && tickets_taken() < n; i++) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	return tickets_taken() >= n;
}

/* A child that queues, writes its letter (upper case: its turn came;
 * lower case: it gave up) and leaves, or dies holding the turn. */
static pid_t writer(int fd, char letter, long max_ms, bool die_inside)
{
	pid_t pid = fork();
	if (pid == 0) {
		write_queue *q = write_queue_open(path);
		bool in = write_queue_enter(q, max_ms);
		char c = in ? letter : (char)(letter - 'A' + 'a');
		if (write(fd, &c, 1) != 1)
			_exit(3);
		if (die_inside)
			_exit(0); /* the kernel lets go of its locks */
		write_queue_leave(q);
		write_queue_close(q);
		_exit(0);
	}
	return pid;
}

static int pending_bytes(int fd, char *buf, int max)
{
	int n = 0;
	while (n < max && read(fd, buf + n, 1) == 1)
		n++;
	buf[n] = '\0';
	return n;
}

int main(void)
{
	check_init();
	char dir[] = "/tmp/nj-queue-XXXXXX";
	CHECK(mkdtemp(dir) != NULL, "a directory for the database");
	snprintf(path, sizeof path, "%s/nongjian.db", dir);
	snprintf(lockfile, sizeof lockfile, "%s-writers", path);
	int p[2];
	CHECK(pipe(p) == 0, "a pipe");
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	CHECK(write_queue_open(":memory:") == NULL, "no queue for a database in memory");

	write_queue *a = write_queue_open(path);
	CHECK(a != NULL && write_queue_enter(a, 1000), "the first writer goes in at once");
	pid_t b = writer(p[1], 'B', 10000, false);
	CHECK(wait_tickets(2), "B queues behind it");
	pid_t c = writer(p[1], 'C', 10000, false);
	CHECK(wait_tickets(3), "C queues behind B");
	char got[16];
	CHECK(pending_bytes(p[0], got, 15) == 0, "both wait while the first holds its turn (%s)", got);
	write_queue_leave(a);
	waitpid(b, NULL, 0);
	waitpid(c, NULL, 0);
	pending_bytes(p[0], got, 15);
	CHECK(strcmp(got, "BC") == 0, "then they go in the order they came (%s)", got);

	CHECK(write_queue_enter(a, 1000), "the first writer again");
	pid_t d = writer(p[1], 'D', 50, false);
	waitpid(d, NULL, 0);
	pending_bytes(p[0], got, 15);
	CHECK(strcmp(got, "d") == 0, "a writer that waits too long gives up and says so (%s)", got);
	write_queue_leave(a);

	pid_t e = writer(p[1], 'E', 10000, true);
	waitpid(e, NULL, 0);
	pending_bytes(p[0], got, 15);
	CHECK(strcmp(got, "E") == 0, "E had its turn and died in it (%s)", got);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bool in = write_queue_enter(a, 5000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1000 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	CHECK(in && ms < 4000, "the turn a dead writer held is free (%.0f ms)", ms);
	write_queue_close(a);
	unlink(lockfile);
	rmdir(dir);
	return check_done();
}
