#define _GNU_SOURCE /* getline */
#include "base/ini.h"

#include <ctype.h>
#include <errno.h>
#include <iniparser.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/err.h"
#include "base/text.h"

#define INI_LINE_MAX 1023 /* iniparser's own line buffer is 1024 bytes */

typedef struct {
	char *sec;
	char *key; /* NULL for the section line itself */
	int line;
} ini_entry;

struct ini {
	char *path;
	const char *what; /* 配置文件 / 表单文件, for messages */
	dictionary *dict;
	ini_entry *ents;
	int nents, cap;
};

static int quiet_errors(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static char *strip(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static void add_entry(ini *f, const char *sec, const char *key, int line)
{
	if (f->nents == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		ini_entry *n = realloc(f->ents, (size_t)f->cap * sizeof *n);
		if (!n)
			abort();
		f->ents = n;
	}
	f->ents[f->nents].sec = xstrdup(sec);
	f->ents[f->nents].key = key ? xstrdup(key) : NULL;
	f->ents[f->nents].line = line;
	f->nents++;
}

static const ini_entry *find_entry(const ini *f, const char *sec, const char *key)
{
	for (int i = 0; i < f->nents; i++) {
		const ini_entry *e = &f->ents[i];
		if (strcmp(e->sec, sec) != 0)
			continue;
		if ((key == NULL && e->key == NULL) ||
		    (key && e->key && strcmp(e->key, key) == 0))
			return e;
	}
	return NULL;
}

/* Scan the file line by line; returns false with err filled. */
static bool prescan(ini *f, FILE *fp, char *err, size_t errlen)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;
	char sec[256] = "";
	bool ok = true;

	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (memchr(line, '\0', (size_t)n)) {
			snprintf(err, errlen, "%s %s 第 %d 行: 含有 NUL 字节，不是文本文件", f->what, f->path, lineno);
			ok = false;
			break;
		}
		if (n > INI_LINE_MAX) {
			snprintf(err, errlen, "%s %s 第 %d 行: 行太长 (%zd 字节，最多 %d 字节)",
			         f->what, f->path, lineno, n, INI_LINE_MAX - 1);
			ok = false;
			break;
		}
		char *s = line;
		if (lineno == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3;
		s = strip(s);
		/* iniparser joins a line ending in a backslash with the next
		 * one (comments too), silently swallowing that line. */
		if (*s && s[strlen(s) - 1] == '\\') {
			snprintf(err, errlen, "%s %s 第 %d 行: 行末不能是反斜杠 \\ (会与下一行连成一行)；"
			         "值以 \\ 结尾时请用双引号把整个值括起来", f->what, f->path, lineno);
			ok = false;
			break;
		}
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		const char *bad = text_check(s);
		if (bad) {
			snprintf(err, errlen, "%s %s 第 %d 行: %s", f->what, f->path, lineno, bad);
			ok = false;
			break;
		}
		if (*s == '[') {
			char *end = strchr(s, ']');
			if (!end || strip(end + 1)[0] != '\0') {
				snprintf(err, errlen, "%s %s 第 %d 行: 节名缺少右括号 ]，应写成 [节名]", f->what, f->path, lineno);
				ok = false;
				break;
			}
			*end = '\0';
			char *name = strip(s + 1);
			if (*name == '\0' || strchr(name, ':') || strlen(name) >= sizeof sec) {
				snprintf(err, errlen, "%s %s 第 %d 行: 节名 [%s] 无效 (不能为空或含有冒号)", f->what, f->path, lineno, name);
				ok = false;
				break;
			}
			snprintf(sec, sizeof sec, "%s", name);
			lower(sec);
			if (find_entry(f, sec, NULL)) {
				snprintf(err, errlen, "%s %s 第 %d 行: 节 [%s] 重复出现", f->what, f->path, lineno, sec);
				ok = false;
				break;
			}
			add_entry(f, sec, NULL, lineno);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s %s 第 %d 行: 无法识别，应为 [节名] 或 键 = 值", f->what, f->path, lineno);
			ok = false;
			break;
		}
		*eq = '\0';
		char *key = strip(s);
		char *val = strip(eq + 1);
		if (*key == '\0' || strchr(key, ':')) {
			snprintf(err, errlen, "%s %s 第 %d 行: 键名为空或含有冒号", f->what, f->path, lineno);
			ok = false;
			break;
		}
		if (sec[0] == '\0') {
			snprintf(err, errlen, "%s %s 第 %d 行: 键 %s 不在任何 [节] 之下", f->what, f->path, lineno, key);
			ok = false;
			break;
		}
		lower(key);
		bool quoted = (val[0] == '"' || val[0] == '\'');
		if (quoted) {
			char *close = strrchr(val + 1, val[0]);
			if (!close || strip(close + 1)[0] != '\0') {
				snprintf(err, errlen, "%s %s 第 %d 行 [%s] %s: 引号不成对", f->what, f->path, lineno, sec, key);
				ok = false;
				break;
			}
		} else if (strpbrk(val, "#;")) {
			snprintf(err, errlen,
			         "%s %s 第 %d 行 [%s] %s: 值中含有 # 或 ;，会被当作注释截断；请用双引号把整个值括起来",
			         f->what, f->path, lineno, sec, key);
			ok = false;
			break;
		}
		if (find_entry(f, sec, key)) {
			snprintf(err, errlen, "%s %s 第 %d 行: [%s] 中的键 %s 重复出现", f->what, f->path, lineno, sec, key);
			ok = false;
			break;
		}
		add_entry(f, sec, key, lineno);
	}
	if (ok && ferror(fp)) {
		snprintf(err, errlen, "%s %s: 读取失败", f->what, f->path);
		ok = false;
	}
	free(line);
	return ok;
}

/* iniparser 4.1 does not skip a UTF-8 BOM (Notepad writes one), so it
 * gets a copy of such a file without the BOM. */
static dictionary *load_dict(const char *path)
{
	FILE *in = fopen(path, "rb");
	char buf[8192];
	if (!in)
		return NULL;
	if (fread(buf, 1, 3, in) != 3 || memcmp(buf, "\xEF\xBB\xBF", 3) != 0) {
		fclose(in);
		return iniparser_load(path);
	}
	const char *dir = getenv("TMPDIR");
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s/nongjian-ini-XXXXXX", dir && *dir ? dir : "/tmp");
	dictionary *d = NULL;
	int fd = mkstemp(tmp);
	FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (out) {
		size_t n;
		bool ok = true;
		while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
			ok = fwrite(buf, 1, n, out) == n;
		ok = fclose(out) == 0 && ok && !ferror(in);
		if (ok)
			d = iniparser_load(tmp);
	} else if (fd >= 0) {
		close(fd);
	}
	if (fd >= 0)
		unlink(tmp);
	fclose(in);
	return d;
}

ini *ini_open(const char *path, const char *what, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		snprintf(err, errlen, "无法打开%s %s: %s", what, path, err_reason(errno));
		return NULL;
	}
	ini *f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	f->what = what;
	bool ok = prescan(f, fp, err, errlen);
	fclose(fp);
	if (ok) {
		iniparser_set_error_callback(quiet_errors);
		f->dict = load_dict(path);
		if (!f->dict) {
			snprintf(err, errlen, "%s %s: iniparser 无法解析", f->what, path);
			ok = false;
		}
	}
	if (!ok) {
		ini_close(f);
		return NULL;
	}
	return f;
}

ini *ini_new(const char *name, const char *what)
{
	ini *f = xcalloc(1, sizeof *f);
	f->path = xstrdup(name);
	f->what = what;
	f->dict = dictionary_new(0);
	if (!f->dict)
		abort();
	return f;
}

void ini_set(ini *f, const char *sec, const char *key, const char *value)
{
	char s[256], k[256], full[520];
	snprintf(s, sizeof s, "%s", sec);
	lower(s);
	if (!find_entry(f, s, NULL)) {
		add_entry(f, s, NULL, 0);
		iniparser_set(f->dict, s, NULL);
	}
	if (!key)
		return;
	snprintf(k, sizeof k, "%s", key);
	lower(k);
	if (!find_entry(f, s, k))
		add_entry(f, s, k, 0);
	snprintf(full, sizeof full, "%s:%s", s, k);
	iniparser_set(f->dict, full, value ? value : "");
}

void ini_close(ini *f)
{
	if (!f)
		return;
	if (f->dict)
		iniparser_freedict(f->dict);
	for (int i = 0; i < f->nents; i++) {
		free(f->ents[i].sec);
		free(f->ents[i].key);
	}
	free(f->ents);
	free(f->path);
	free(f);
}

const char *ini_path(const ini *f)
{
	return f->path;
}

int ini_section_count(const ini *f)
{
	int n = 0;
	for (int i = 0; i < f->nents; i++)
		if (!f->ents[i].key)
			n++;
	return n;
}

const char *ini_section(const ini *f, int idx)
{
	for (int i = 0; i < f->nents; i++)
		if (!f->ents[i].key && idx-- == 0)
			return f->ents[i].sec;
	return NULL;
}

int ini_key_count(const ini *f, const char *sec)
{
	int n = 0;
	for (int i = 0; i < f->nents; i++)
		if (f->ents[i].key && strcmp(f->ents[i].sec, sec) == 0)
			n++;
	return n;
}

const char *ini_key(const ini *f, const char *sec, int idx)
{
	for (int i = 0; i < f->nents; i++)
		if (f->ents[i].key && strcmp(f->ents[i].sec, sec) == 0 && idx-- == 0)
			return f->ents[i].key;
	return NULL;
}

int ini_line(const ini *f, const char *sec, const char *key)
{
	const ini_entry *e = find_entry(f, sec, key);
	return e ? e->line : 0;
}

const char *ini_str(const ini *f, const char *sec, const char *key, const char *def)
{
	char full[512];
	if (!find_entry(f, sec, key))
		return def;
	snprintf(full, sizeof full, "%s:%s", sec, key);
	return iniparser_getstring(f->dict, full, def);
}

void ini_where(const ini *f, const char *sec, const char *key, char *out, size_t outlen)
{
	int line = ini_line(f, sec, key);
	if (line > 0)
		snprintf(out, outlen, "%s %s 第 %d 行 [%s] %s", f->what, f->path, line, sec, key);
	else
		snprintf(out, outlen, "%s %s [%s] %s", f->what, f->path, sec, key);
}

/* The value of sec.key for a typed getter: NULL when absent or empty
 * (the getter's default applies). */
static const char *given(const ini *f, const char *sec, const char *key)
{
	const char *v = ini_str(f, sec, key, NULL);
	return v && *v ? v : NULL;
}

/* err says where sec.key is and what is wrong with its value; false. */
static bool bad_value(const ini *f, const char *sec, const char *key, char *err, size_t errlen, const char *fmt,
                      ...) NJ_PRINTF(6, 7);
static bool bad_value(const ini *f, const char *sec, const char *key, char *err, size_t errlen, const char *fmt,
                      ...)
{
	char where[600], what[INI_LINE_MAX + 200]; /* a whole line's value and the words */
	ini_where(f, sec, key, where, sizeof where);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return errf(err, errlen, "%s: %s", where, what);
}

bool ini_long(const ini *f, const char *sec, const char *key, long def,
              long min, long max, long *out, char *err, size_t errlen)
{
	const char *v = given(f, sec, key);
	char *end = NULL;
	errno = 0;
	long x = v ? strtol(v, &end, 10) : def;
	if (v && (errno || end == v || *end != '\0' || x < min || x > max))
		return bad_value(f, sec, key, err, errlen, "值 \"%s\" 应为 %ld 到 %ld 之间的整数", v, min, max);
	*out = x;
	return true;
}

bool ini_double(const ini *f, const char *sec, const char *key, double def,
                double min, double max, double *out, char *err, size_t errlen)
{
	const char *v = given(f, sec, key);
	char *end = NULL;
	errno = 0;
	double x = v ? strtod(v, &end) : def;
	if (v && (errno || end == v || *end != '\0' || !isfinite(x) || x < min || x > max))
		return bad_value(f, sec, key, err, errlen, "值 \"%s\" 应为 %g 到 %g 之间的数", v, min, max);
	*out = x;
	return true;
}

bool ini_bool(const ini *f, const char *sec, const char *key, bool def,
              bool *out, char *err, size_t errlen)
{
	const char *v = given(f, sec, key);
	if (!v) {
		*out = def;
		return true;
	}
	static const char *yes[] = {"yes", "true", "1", "on", "是"};
	static const char *no[] = {"no", "false", "0", "off", "否"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return bad_value(f, sec, key, err, errlen, "值 \"%s\" 应为 yes 或 no", v);
}
