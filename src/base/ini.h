/* INI files (configuration and form definitions) read with iniparser,
 * behind a guard of our own.
 *
 * Before iniparser sees a file we scan it ourselves: every line must be a
 * comment, a [section] or a key = value; lines of 1024 bytes or more and
 * unquoted values containing '#' or ';' (which iniparser silently cuts)
 * are refused with the file, line and key named. We remember where each
 * key is, so later errors about a value can name its line too. Numbers
 * and booleans are parsed here, never with iniparser_getint/getboolean
 * (CVE-2023-33461 in Debian's iniparser 4.1). */
#ifndef NJ_INI_H
#define NJ_INI_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ini ini;

/* NULL on failure, with a Chinese message naming the file and line.
 * what names the kind of file in messages: "配置文件" or "表单文件". */
ini *ini_open(const char *path, const char *what, char *err, size_t errlen);
void ini_close(ini *f);

/* An empty in-memory ini (rules and forms kept in the database): name
 * stands for the path in messages. ini_set adds a section (key NULL) or a
 * key in order; names are lower-cased as in a file. */
ini *ini_new(const char *name, const char *what);
void ini_set(ini *f, const char *sec, const char *key, const char *value);

const char *ini_path(const ini *f);
/* Sections in file order (lower-case, as iniparser stores them). */
int ini_section_count(const ini *f);
const char *ini_section(const ini *f, int i);
/* Keys of a section in file order. */
int ini_key_count(const ini *f, const char *sec);
const char *ini_key(const ini *f, const char *sec, int i);
int ini_line(const ini *f, const char *sec, const char *key); /* 0: absent */

/* Value or def when absent. */
const char *ini_str(const ini *f, const char *sec, const char *key, const char *def);
/* Parse helpers: false with a message naming file, line and key. */
bool ini_long(const ini *f, const char *sec, const char *key, long def,
              long min, long max, long *out, char *err, size_t errlen);
bool ini_double(const ini *f, const char *sec, const char *key, double def,
                double min, double max, double *out, char *err, size_t errlen);
bool ini_bool(const ini *f, const char *sec, const char *key, bool def,
              bool *out, char *err, size_t errlen);

/* "配置文件 PATH 第 N 行 [sec] key": a prefix for callers' messages. */
void ini_where(const ini *f, const char *sec, const char *key, char *out, size_t outlen);

#endif
