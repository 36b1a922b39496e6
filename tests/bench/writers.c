/* writers — concurrent entry: P processes, each with its own connection
 * (app_open, as `nongjian` itself), save N records each through
 * sample_insert at the same moment, every record its own short write
 * transaction (BEGIN IMMEDIATE ... COMMIT, synchronous=FULL), as when
 * township staff all press F2 at once.
 *
 *   writers --config FILE --db FILE|URL [--procs P] [--each N] [--towns T] [--run R]
 *           [--bin NONGJIAN] [--during-lock] [--prefix NAME]
 *
 * --bin: each save is a whole `nongjian add` process instead (its exit
 * status says whether it saved; the time is fork to exit).
 * --during-lock: the writers are let go only once another process holds
 * the database's write lock (polled with BEGIN IMMEDIATE and no busy
 * timeout): how a big import's insert phase treats the clerks. Prints
 * PREFIX_lock_seen_ms, how long that took.
 * --prefix: the keys' prefix (default "writers").
 * --db may be a PostgreSQL target (postgresql://…) as for nongjian;
 * --during-lock is SQLite's only.
 *
 * Writers share T units (writer i enters for unit i mod T), so several
 * of them draw sample numbers from the same counter. Afterwards the
 * database is checked: every record of this run is present exactly once,
 * and the sample numbers of every unit and year run 1..n with no gap and
 * agree with the counters. Prints:
 *   writers_commits_per_s X   records saved per second (all writers)
 *   writers_worst_ms X        the longest single save (waiting included)
 *   writers_median_ms X, writers_p99_ms X
 *   writers_first_worst_ms X  the longest of each writer's first save
 *   writers_rest_worst_ms X   the longest of the others (on PostgreSQL a
 *                             new connection's first save prepares its
 *                             statements and compiles the triggers)
 *   writers_saved N, writers_failed N
 *   writers_check PASS|FAIL (with the reason on stderr) */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "base/text.h"
#include "base/dates.h"
#include "base/kinds.h"
#include "sample/sample.h"
#include "store/db.h"
#include "store/db_sqlite.h"

#define MAX_EACH 1000

typedef struct {
	int writer, saved, failed, n;
	float ms[MAX_EACH];
} report;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return x < y ? -1 : x > y;
}

static ssize_t full_read(int fd, void *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, (char *)p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return (ssize_t)got;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* One save as a whole `nongjian add` process: true when it exits 0. */
static bool add_process(const char *bin, const char *conf, const char *db, const char *town,
                        const char *site, const char *inhibition, const char *remarks)
{
	char t[256], where[256], inh[64], rem[128];
	snprintf(t, sizeof t, "镇街=%s", town);
	snprintf(where, sizeof where, "site=%s", site);
	snprintf(inh, sizeof inh, "inhibition=%s", inhibition);
	snprintf(rem, sizeof rem, "remarks=%s", remarks);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		execl(bin, bin, "--config", conf, "--db", db, "add", t, where, "样品名称=豇豆", "抽样环节=农贸市场",
		      "抽样人=张三、李四", "受检主体=并发测试合作社", inh, rem, (char *)NULL);
		_exit(127);
	}
	int status;
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static const char *bin_path; /* --bin */

static int writer(const char *conf, const char *db, int w, int each, int towns, int run,
                  int ready_fd, int go_fd, int out_fd)
{
	app a;
	char err[1024];
	report *rep = calloc(1, sizeof *rep);
	if (!rep)
		return 1;
	rep->writer = w;
	bool opened = app_open(&a, conf, db, false, err, sizeof err);
	if (!opened)
		fprintf(stderr, "writers: %d: %s\n", w, err);
	char c = 1;
	if (write(ready_fd, &c, 1) != 1)
		return 1;
	full_read(go_fd, &c, 1); /* returns 0 bytes when the parent lets go */
	if (opened) {
		char date[11], buf[64];
		date_format(date_today(), date, sizeof date);
		const town_def *t = &a.cfg->towns[w % towns];
		unsigned long long rng = 0x9E3779B97F4A7C15ULL * (unsigned long long)(w + 1) + (unsigned)run;
		for (int j = 0; j < each; j++) {
			sample s;
			sample_init(&s);
			sample_set(&s, SF_DATE, date);
			sample_set(&s, SF_TOWN, t->name);
			sample_set(&s, SF_SITE, t == &a.cfg->towns[0] && towns > 1 ? a.cfg->towns[1].name : t->name); /* the centre must say */
			sample_set(&s, SF_KIND, kind_label(KIND_RAPID));
			sample_set(&s, SF_PRODUCT, "豇豆");
			sample_set(&s, SF_PRODUCER, "并发测试合作社");
			sample_set(&s, SF_STAGE, "农贸市场");
			sample_set(&s, SF_SAMPLERS, "张三、李四");
			rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
			snprintf(buf, sizeof buf, "%.1f", 5 + (double)((rng >> 33) % 300) / 10.0);
			sample_set(&s, SF_INHIBITION, buf);
			snprintf(buf, sizeof buf, "bench-r%d-w%d-%d", run, w, j);
			sample_set(&s, SF_REMARKS, buf);
			sample_error e;
			double t0 = now_ms();
			bool ok = bin_path ? add_process(bin_path, conf, db, t->name, s.v[SF_SITE], s.v[SF_INHIBITION], buf)
			                   : sample_insert(a.db, a.cfg, app_form(&a, "sample"), &s, USER_AS("bench"), &e);
			if (bin_path && !ok)
				snprintf(e.msg, sizeof e.msg, "nongjian add failed");
			rep->ms[rep->n++] = (float)(now_ms() - t0);
			if (ok) {
				rep->saved++;
			} else {
				rep->failed++;
				fprintf(stderr, "writers: %d/%d: %s\n", w, j, e.msg);
			}
			sample_free(&s);
		}
		app_close(&a);
	} else {
		rep->failed = each;
	}
	/* One write of at most PIPE_BUF bytes: never mixed with another's. */
	size_t len = offsetof(report, ms) + (size_t)rep->n * sizeof rep->ms[0];
	ssize_t wr = write(out_fd, rep, len);
	free(rep);
	return wr == (ssize_t)len ? 0 : 1;
}

static long one(db_conn *db, const char *sql)
{
	db_stmt *st;
	long v = -1;
	if (db_prepare_rc(db, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		v = (long)db_column_int64(st, 0);
	else
		fprintf(stderr, "writers: %s: %s\n", sql, db_errmsg(db));
	db_finalize(st);
	return v;
}

static bool verify(const char *path, int run, long expect)
{
	/* db_open: a file or a PostgreSQL target (postgresql://…), the
	 * statements written so that both servers take them (LIKE, not GLOB;
	 * the subquery named). */
	char err[512], sql[512], pat[64];
	db_conn *db = db_open(path, 10000, false, err, sizeof err);
	if (!db) {
		fprintf(stderr, "writers: cannot open %s: %s\n", path, err);
		return false;
	}
	snprintf(pat, sizeof pat, "bench-r%d-w%%", run);
	bool ok = true;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM samples WHERE remarks LIKE '%s'", pat);
	long n = one(db, sql);
	snprintf(sql, sizeof sql, "SELECT count(DISTINCT remarks) FROM samples WHERE remarks LIKE '%s'",
	         pat);
	long distinct = one(db, sql);
	if (n != expect || distinct != expect) {
		fprintf(stderr, "writers: FAIL: %ld records (%ld distinct) of this run, expected %ld\n", n,
		        distinct, expect);
		ok = false;
	}
	long gaps = one(db,
		"SELECT count(*) FROM (SELECT unit_id, year, count(*) AS n, min(seq) AS lo, max(seq) AS hi"
		" FROM samples GROUP BY unit_id, year) AS g WHERE n <> hi OR lo <> 1");
	if (gaps != 0) {
		fprintf(stderr, "writers: FAIL: %ld unit-years whose numbers are not 1..n\n", gaps);
		ok = false;
	}
	long counters = one(db,
		"SELECT count(*) FROM counters c WHERE c.next_seq - 1 <>"
		" (SELECT coalesce(max(seq), 0) FROM samples s WHERE s.unit_id = c.unit_id AND s.year = c.year)");
	if (counters != 0) {
		fprintf(stderr, "writers: FAIL: %ld counters disagree with the numbers used\n", counters);
		ok = false;
	}
	long dup = one(db, "SELECT count(*) - count(DISTINCT sample_no) FROM samples");
	if (dup != 0) {
		fprintf(stderr, "writers: FAIL: %ld duplicate sample numbers\n", dup);
		ok = false;
	}
	db_close(db);
	return ok;
}


int main(int argc, char **argv)
{
	text_use_utf8_locale();
	const char *conf = NULL, *db = NULL;
	int procs = 20, each = 100, towns = 5, run = 1;
	bool during_lock = false;
	const char *prefix = "writers";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--during-lock") == 0) {
			during_lock = true;
			continue;
		}
		if (i + 1 >= argc)
			break;
		if (strcmp(argv[i], "--bin") == 0)
			bin_path = argv[i + 1];
		else if (strcmp(argv[i], "--prefix") == 0)
			prefix = argv[i + 1];
		else if (strcmp(argv[i], "--config") == 0)
			conf = argv[i + 1];
		else if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else if (strcmp(argv[i], "--procs") == 0)
			procs = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--each") == 0)
			each = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--towns") == 0)
			towns = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--run") == 0)
			run = atoi(argv[i + 1]);
		i++;
	}
	if (!conf || !db || procs < 1 || procs > 200 || each < 1 || each > MAX_EACH || towns < 1) {
		fprintf(stderr, "用法: writers --config 文件 --db 文件 [--procs P] [--each N(<=%d)]"
		                " [--towns T] [--run R]\n", MAX_EACH);
		return 2;
	}
	int ready[2], go[2], out[2];
	if (pipe(ready) || pipe(go) || pipe(out)) {
		perror("writers: pipe");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	pid_t *pids = calloc((size_t)procs, sizeof *pids);
	for (int w = 0; w < procs; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			perror("writers: fork");
			return 1;
		}
		if (pids[w] == 0) {
			close(ready[0]);
			close(go[1]);
			close(out[0]);
			_exit(writer(conf, db, w, each, towns, run, ready[1], go[0], out[1]));
		}
	}
	close(ready[1]);
	close(go[0]);
	close(out[1]);
	char c;
	for (int w = 0; w < procs; w++)
		if (full_read(ready[0], &c, 1) != 1)
			break;
	double lock_seen = -1;
	if (during_lock) {
		/* Wait (up to 10 minutes) until someone else holds the write lock. */
		db_conn *probe = NULL;
		double t0 = now_ms();
		if (db_sqlite_open(db, SQLITE_OPEN_READWRITE, &probe) == DB_OK) {
			while (now_ms() - t0 < 600000) {
				int rc = db_exec(probe, "BEGIN IMMEDIATE");
				if (rc == DB_BUSY) {
					lock_seen = now_ms() - t0;
					break;
				}
				if (rc == DB_OK)
					db_exec(probe, "ROLLBACK");
				struct timespec ts = {0, 2000000L};
				nanosleep(&ts, NULL);
			}
		}
		db_sqlite_close(probe);
		if (lock_seen < 0)
			fprintf(stderr, "writers: nobody took the write lock\n");
	}
	double start = now_ms();
	close(go[1]); /* everyone starts now */
	float *all = calloc((size_t)procs * (size_t)each, sizeof *all);
	long saved = 0, failed = 0, nlat = 0;
	/* Each writer's first save apart from its others: on PostgreSQL the
	 * first prepares every statement of a save on a new connection. */
	float first_worst = -1, rest_worst = -1;
	report *rep = calloc(1, sizeof *rep);
	double end = start;
	for (int got = 0; got < procs; got++) {
		if (full_read(out[0], rep, offsetof(report, ms)) != (ssize_t)offsetof(report, ms))
			break;
		if (rep->n < 0 || rep->n > each ||
		    full_read(out[0], rep->ms, (size_t)rep->n * sizeof rep->ms[0]) !=
		        (ssize_t)((size_t)rep->n * sizeof rep->ms[0]))
			break;
		end = now_ms();
		saved += rep->saved;
		failed += rep->failed;
		memcpy(all + nlat, rep->ms, (size_t)rep->n * sizeof *all);
		for (int j = 0; j < rep->n; j++) {
			float *w = j == 0 ? &first_worst : &rest_worst;
			if (rep->ms[j] > *w)
				*w = rep->ms[j];
		}
		nlat += rep->n;
	}
	bool children_ok = true;
	for (int w = 0; w < procs; w++) {
		int status;
		if (waitpid(pids[w], &status, 0) != pids[w] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			children_ok = false;
	}
	qsort(all, (size_t)nlat, sizeof *all, cmp_float);
	double secs = (end - start) / 1000.0;
	const char *k = prefix;
	printf("%s_commits_per_s\t%.1f\n", k, secs > 0 ? (double)saved / secs : 0.0);
	printf("%s_worst_ms\t%.1f\n", k, nlat ? all[nlat - 1] : -1.0);
	printf("%s_median_ms\t%.1f\n", k, nlat ? all[nlat / 2] : -1.0);
	printf("%s_p99_ms\t%.1f\n", k, nlat ? all[(nlat * 99) / 100 < nlat ? (nlat * 99) / 100 : nlat - 1] : -1.0);
	printf("%s_first_worst_ms\t%.1f\n", k, (double)first_worst);
	printf("%s_rest_worst_ms\t%.1f\n", k, (double)rest_worst);
	printf("%s_saved\t%ld\n", k, saved);
	printf("%s_failed\t%ld\n", k, failed);
	if (during_lock)
		printf("%s_lock_seen_ms\t%.1f\n", k, lock_seen);
	bool ok = children_ok && failed == 0 && saved == (long)procs * each &&
	          verify(db, run, (long)procs * each);
	if (!children_ok)
		fprintf(stderr, "writers: FAIL: a writer process did not finish cleanly\n");
	ok = ok && (!during_lock || lock_seen >= 0);
	printf("%s_check\t%s\n", k, ok ? "PASS" : "FAIL");
	free(all);
	free(rep);
	free(pids);
	return ok ? 0 : 1;
}
