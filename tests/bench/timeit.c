/* timeit — wall time and peak memory of a whole command, run N times.
 *
 *   timeit [-n N] [-p PREFIX] [-s SETUP] [-o OUT] -- COMMAND [ARGS...]
 *
 * Each run: SETUP (a shell command, not timed) first if given, then
 * COMMAND with stdout to OUT (default /dev/null). Prints per run
 * "PREFIX_ms X" (fork to exit) and "PREFIX_rss_kb N" (ru_maxrss of the
 * command). Exits 1 if any run failed (its status is printed). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	int n = 10, opt;
	const char *prefix = "run", *setup = NULL, *out = "/dev/null";
	while ((opt = getopt(argc, argv, "n:p:s:o:")) != -1) {
		switch (opt) {
		case 'n': n = atoi(optarg); break;
		case 'p': prefix = optarg; break;
		case 's': setup = optarg; break;
		case 'o': out = optarg; break;
		default:
			fprintf(stderr, "用法: timeit [-n 次数] [-p 前缀] [-s 准备命令] [-o 输出] -- 命令 [参数...]\n");
			return 2;
		}
	}
	if (optind >= argc || n < 1) {
		fprintf(stderr, "用法: timeit [-n 次数] [-p 前缀] [-s 准备命令] [-o 输出] -- 命令 [参数...]\n");
		return 2;
	}
	int bad = 0;
	for (int i = 0; i < n; i++) {
		if (setup && system(setup) != 0) {
			fprintf(stderr, "timeit: setup failed: %s\n", setup);
			return 1;
		}
		double t = now_ms();
		pid_t pid = fork();
		if (pid < 0) {
			perror("timeit: fork");
			return 1;
		}
		if (pid == 0) {
			int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd >= 0) {
				dup2(fd, 1);
				close(fd);
			}
			execvp(argv[optind], argv + optind);
			fprintf(stderr, "timeit: cannot run %s: %s\n", argv[optind], strerror(errno));
			_exit(127);
		}
		int status;
		struct rusage ru;
		if (wait4(pid, &status, 0, &ru) != pid) {
			perror("timeit: wait4");
			return 1;
		}
		double took = now_ms() - t;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "timeit: %s exited with status %d\n", argv[optind],
			        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
			bad = 1;
			continue;
		}
		printf("%s_ms\t%.2f\n", prefix, took);
		printf("%s_rss_kb\t%ld\n", prefix, ru.ru_maxrss);
		fflush(stdout);
	}
	return bad;
}
