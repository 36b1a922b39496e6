#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static FILE *log_fp;

bool diag_open(const char *path)
{
	char own[64];
	if (!path)
		path = getenv("NONGJIAN_LOG");
	if (!path || !*path)
		return true;
	if (strcmp(path, "-v") == 0) {
		snprintf(own, sizeof own, "nongjian-%ld.log", (long)getpid());
		path = own;
	}
	diag_close();
	log_fp = fopen(path, "a");
	if (!log_fp)
		return false;
	setvbuf(log_fp, NULL, _IOLBF, 0);
	diag("nongjian %ld: diagnostic log started", (long)getpid());
	return true;
}

bool diag_on(void)
{
	return log_fp != NULL;
}

void diag(const char *fmt, ...)
{
	if (!log_fp)
		return;
	char line[2048], stamp[32];
	va_list ap;
	va_start(ap, fmt);
	verrf(line, sizeof line, fmt, ap);
	va_end(ap);
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(log_fp, "%s %s\n", stamp, line);
}

void diag_close(void)
{
	if (log_fp)
		fclose(log_fp);
	log_fp = NULL;
}
