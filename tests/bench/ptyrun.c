/* ptyrun — run a full-screen program in a pseudo-terminal of a fixed size
 * and measure what a user on a slow link would feel: time to the first
 * screen, the bytes it sends to the terminal, the bytes each keystroke
 * costs, and peak memory.
 *
 *   ptyrun [-c COLS] [-r ROWS] [-m MARKER] [-q QUIET_MS] [-T TIMEOUT_MS] [-F FIRST_MS]
 *          [-a NAME=KEYS[=MARKER]]... [-x QUITKEYS] [-o LOG] -- PROGRAM [ARGS...]
 *
 * The child gets TERM=xterm, LC_ALL=C.UTF-8 and a COLSxROWS window (80x24
 * by default). The first screen is over when MARKER has been received (if
 * given) and then nothing more arrives for QUIET_MS (150 by default). Each
 * -a action then writes KEYS (C escapes: \e \r \n \t \\ \xHH; or "@size:CxR"
 * resizes the terminal to C columns, R rows) and counts what comes back
 * until it is quiet again (after MARKER, if given); an action without a
 * marker that draws nothing within FIRST_MS (2000) counts 0 bytes. Last, QUITKEYS (default "q") are sent and the child is reaped
 * with wait4.
 * -o LOG appends everything received, each phase after a "#### NAME" line
 * (for looking at what a keystroke really cost: cat -v LOG).
 *
 * Output, one measure per line, tab-separated, for the benchmark script:
 *   start_ms     fork to the last byte of the first screen
 *   marker_ms    fork to the moment MARKER had been received (with -m)
 *   start_bytes  bytes of the first screen
 *   start_rss_kb VmHWM (peak resident set) right after the first screen
 *   action NAME BYTES MS CLEARS   per action: bytes, ms from the keys to
 *                the last byte, and how many clear-screen sequences
 *   rss_kb       VmHWM before quitting (after every action)
 *   maxrss_kb    ru_maxrss from wait4
 *   exit         exit status (or 128+signal)
 * Exit status 0 when every wait was satisfied; 1 on a timeout (the output
 * so far is still printed) or when the program could not be started. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int master = -1;
static pid_t child = -1;
static bool child_gone;
static double t0;
static FILE *log_file;

static void log_phase(const char *name, const char *data, size_t len)
{
	if (!log_file)
		return;
	fprintf(log_file, "\n#### %s (%zu bytes)\n", name, len);
	fwrite(data, 1, len, log_file);
	fflush(log_file);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

typedef struct {
	char *data;
	size_t len, cap;
} buf;

static void buf_add(buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->data = realloc(b->data, b->cap);
		if (!b->data) {
			perror("ptyrun");
			exit(1);
		}
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static bool contains(const buf *b, const char *s)
{
	size_t n = strlen(s);
	if (!n)
		return true;
	for (size_t i = 0; i + n <= b->len; i++)
		if (memcmp(b->data + i, s, n) == 0)
			return true;
	return false;
}

static int count_of(const buf *b, const char *s)
{
	size_t n = strlen(s);
	int c = 0;
	for (size_t i = 0; i + n <= b->len; i++)
		if (memcmp(b->data + i, s, n) == 0)
			c++;
	return c;
}

typedef struct {
	buf out;
	double first_byte, last_byte, marker_at;
	bool timed_out;
} phase;

/* Read until the marker (if any) has arrived and then QUIET ms pass with
 * nothing more; at most TIMEOUT ms in all. need_byte: wait for at least
 * one byte before the quiet clock counts, but (first_byte_ms > 0, no
 * marker) no longer than first_byte_ms: a key may change nothing. */
static void collect(phase *p, const char *marker, int quiet, int timeout, bool need_byte,
                    int first_byte_ms)
{
	double start = now_ms();
	memset(p, 0, sizeof *p);
	p->first_byte = p->last_byte = p->marker_at = -1;
	bool have_marker = !marker || !*marker;
	double quiet_from = start;
	for (;;) {
		double t = now_ms();
		if (t - start > timeout) {
			p->timed_out = true;
			return;
		}
		if (first_byte_ms > 0 && have_marker && p->out.len == 0 && t - start > first_byte_ms)
			return; /* nothing to draw: a valid answer of 0 bytes */
		bool waiting = !have_marker || (need_byte && p->out.len == 0);
		int wait = waiting ? (int)(timeout - (t - start)) + 1 : (int)(quiet - (t - quiet_from)) + 1;
		if (waiting && first_byte_ms > 0 && have_marker && wait > first_byte_ms)
			wait = first_byte_ms;
		if (!waiting && t - quiet_from >= quiet)
			return;
		if (child_gone && !waiting)
			return;
		struct pollfd pfd = {master, POLLIN, 0};
		int rc = poll(&pfd, 1, wait < 1 ? 1 : wait);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			continue;
		char tmp[65536];
		ssize_t n = read(master, tmp, sizeof tmp);
		if (n <= 0) {
			/* EIO: the child closed the terminal (it exited). */
			child_gone = true;
			if (!have_marker || (need_byte && p->out.len == 0)) {
				p->timed_out = true;
				return;
			}
			return;
		}
		double at = now_ms();
		if (p->first_byte < 0)
			p->first_byte = at;
		p->last_byte = at;
		quiet_from = at;
		buf_add(&p->out, tmp, (size_t)n);
		if (!have_marker && contains(&p->out, marker)) {
			have_marker = true;
			p->marker_at = at;
		}
	}
}

static size_t unescape(const char *s, char *out, size_t max)
{
	size_t n = 0;
	while (*s && n + 1 < max) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'e': out[n++] = 27; s++; break;
		case 'r': out[n++] = '\r'; s++; break;
		case 'n': out[n++] = '\n'; s++; break;
		case 't': out[n++] = '\t'; s++; break;
		case '\\': out[n++] = '\\'; s++; break;
		case 'x': {
			unsigned v = 0;
			int k = 0;
			s++;
			while (k < 2 && ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') ||
			                 (*s >= 'A' && *s <= 'F'))) {
				v = v * 16 + (unsigned)(*s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10);
				s++;
				k++;
			}
			out[n++] = (char)v;
			break;
		}
		default: out[n++] = *s++; break;
		}
	}
	return n;
}

static void send_keys(const char *spec)
{
	int cols, rows;
	if (sscanf(spec, "@size:%dx%d", &cols, &rows) == 2) {
		/* The kernel sends SIGWINCH to the program. */
		struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
		if (ioctl(master, TIOCSWINSZ, &ws) != 0)
			perror("ptyrun: TIOCSWINSZ");
		return;
	}
	char keys[1024];
	size_t n = unescape(spec, keys, sizeof keys);
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(master, keys + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		off += (size_t)w;
	}
}

/* Peak resident set so far, from /proc (kB); -1 if unavailable. */
static long vm_hwm(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static void usage(void)
{
	fprintf(stderr, "用法: ptyrun [-c 列] [-r 行] [-m 标记] [-q 静默毫秒] [-T 超时毫秒] [-F 首字节毫秒]\n"
	                "              [-a 名称=按键[=标记]]... [-x 退出键] [-o 日志] -- 程序 [参数...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int cols = 80, rows = 24, quiet = 150, timeout = 10000, first_byte = 2000;
	const char *marker = NULL, *quit = "q";
	char *actions[64];
	int nactions = 0, opt;
	while ((opt = getopt(argc, argv, "c:r:m:q:T:F:a:x:o:")) != -1) {
		switch (opt) {
		case 'c': cols = atoi(optarg); break;
		case 'r': rows = atoi(optarg); break;
		case 'm': marker = optarg; break;
		case 'q': quiet = atoi(optarg); break;
		case 'T': timeout = atoi(optarg); break;
		case 'F': first_byte = atoi(optarg); break;
		case 'a':
			if (nactions < 64)
				actions[nactions++] = optarg;
			break;
		case 'x': quit = optarg; break;
		case 'o':
			log_file = fopen(optarg, "a");
			if (!log_file) {
				perror(optarg);
				return 2;
			}
			break;
		default: usage();
		}
	}
	if (optind >= argc || cols < 1 || rows < 1 || quiet < 1 || timeout < 1)
		usage();
	signal(SIGPIPE, SIG_IGN);
	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
	t0 = now_ms();
	child = forkpty(&master, NULL, NULL, &ws);
	if (child < 0) {
		perror("ptyrun: forkpty");
		return 1;
	}
	if (child == 0) {
		setenv("TERM", "xterm", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("LINES");
		unsetenv("COLUMNS");
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "ptyrun: cannot run %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	int bad = 0;
	phase p;
	collect(&p, marker, quiet, timeout, true, 0);
	if (p.timed_out) {
		fprintf(stderr, "ptyrun: %s: no first screen within %d ms%s%s\n", argv[optind], timeout,
		        marker ? " (waiting for " : "", marker ? marker : "");
		if (marker && p.out.len)
			fprintf(stderr, "ptyrun: received %zu bytes\n", p.out.len);
		bad = 1;
	}
	printf("start_ms\t%.1f\n", p.last_byte >= 0 ? p.last_byte - t0 : -1.0);
	if (marker)
		printf("marker_ms\t%.1f\n", p.marker_at >= 0 ? p.marker_at - t0 : -1.0);
	printf("start_bytes\t%zu\n", p.out.len);
	printf("start_rss_kb\t%ld\n", vm_hwm(child));
	log_phase("start", p.out.data, p.out.len);
	free(p.out.data);
	for (int i = 0; i < nactions && !bad && !child_gone; i++) {
		char *name = actions[i], *keys = strchr(name, '=');
		if (!keys) {
			fprintf(stderr, "ptyrun: action without '=': %s\n", name);
			bad = 1;
			break;
		}
		*keys++ = '\0';
		char *amarker = strstr(keys, "=");
		/* "=" inside the keys is written as \x3d; a second '=' starts the marker. */
		if (amarker)
			*amarker++ = '\0';
		double sent = now_ms();
		send_keys(keys);
		collect(&p, amarker, quiet, timeout, true, first_byte);
		if (p.timed_out) {
			fprintf(stderr, "ptyrun: action %s: no answer within %d ms\n", name, timeout);
			bad = 1;
		}
		printf("action\t%s\t%zu\t%.1f\t%d\n", name, p.out.len,
		       p.last_byte >= 0 ? p.last_byte - sent : -1.0, count_of(&p.out, "\033[2J"));
		log_phase(name, p.out.data, p.out.len);
		free(p.out.data);
	}
	printf("rss_kb\t%ld\n", vm_hwm(child));
	fflush(stdout);
	send_keys(quit);
	/* Keep reading while waiting, or a program still drawing would block. */
	int status = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	double deadline = now_ms() + 3000;
	bool reaped = false;
	int sig = SIGTERM;
	while (!reaped) {
		pid_t w = wait4(child, &status, WNOHANG, &ru);
		if (w == child) {
			reaped = true;
			break;
		}
		if (now_ms() > deadline) {
			fprintf(stderr, "ptyrun: %s did not quit; sending signal %d\n", argv[optind], sig);
			kill(child, sig);
			sig = SIGKILL;
			deadline = now_ms() + 1000;
			bad = 1;
		}
		struct pollfd pfd = {master, POLLIN, 0};
		if (!child_gone && poll(&pfd, 1, 20) > 0) {
			char tmp[65536];
			if (read(master, tmp, sizeof tmp) <= 0)
				child_gone = true;
		} else if (child_gone) {
			usleep(10000);
		}
	}
	close(master);
	printf("maxrss_kb\t%ld\n", ru.ru_maxrss);
	printf("exit\t%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return bad;
}
