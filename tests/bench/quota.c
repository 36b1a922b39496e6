/* quota — time the dashboard's numbers for one year (quota_compute, the
 * call the dashboard screen and `nongjian quota` make) on an existing
 * database.
 *
 *   quota --config FILE --db FILE --year Y [--runs N]
 *
 * Prints "quota_first_ms X" (the first call after opening the database,
 * as when the screen opens) and N lines "quota_ms X" (later calls), plus
 * "quota_rows N" and "quota_done N" (rapid tests done, all units) as a
 * sanity check of what was counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "base/text.h"
#include "base/dates.h"
#include "quota/quota.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}


int main(int argc, char **argv)
{
	text_use_utf8_locale();
	const char *conf = NULL, *db = NULL;
	int year = 0, runs = 20;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--config") == 0)
			conf = argv[i + 1];
		else if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else if (strcmp(argv[i], "--year") == 0)
			year = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[i + 1]);
	}
	if (!conf || !db || year < 1900 || runs < 1) {
		fprintf(stderr, "用法: quota --config 文件 --db 文件 --year 年 [--runs N]\n");
		return 2;
	}
	app a;
	char err[1024];
	if (!app_open(&a, conf, db, false, err, sizeof err)) {
		fprintf(stderr, "quota: %s\n", err);
		return 1;
	}
	if (!quota_ensure_targets(a.db, a.cfg, year, &a.me, err, sizeof err)) {
		fprintf(stderr, "quota: %s\n", err);
		app_close(&a);
		return 1;
	}
	ymd as_of = {year, 12, 31};
	ymd today = date_today();
	if (date_cmp(today, as_of) < 0)
		as_of = today;
	int rc = 0;
	for (int i = 0; i <= runs; i++) {
		quota_report r;
		double t = now_ms();
		if (!quota_compute(a.db, a.cfg, year, as_of, &r, err, sizeof err)) {
			fprintf(stderr, "quota: %s\n", err);
			rc = 1;
			break;
		}
		double took = now_ms() - t;
		printf(i == 0 ? "quota_first_ms\t%.3f\n" : "quota_ms\t%.3f\n", took);
		if (i == 0) {
			printf("quota_rows\t%d\n", r.n);
			printf("quota_done\t%ld\n", r.totals[KIND_RAPID].done);
		}
		quota_free(&r);
	}
	app_close(&a);
	return rc;
}
