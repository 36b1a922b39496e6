#include "base/csvfile.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/encoding.h"
#include "base/err.h"
#include "base/text.h"

#define CSV_MAX_FIELDS 64
#define CSV_MAX_FIELD_BYTES 65536

typedef struct {
	csv_row_fn fn;
	void *ctx;
	char *fields[CSV_MAX_FIELDS];
	int nfields;
	int rowno;
	bool failed;
	char *err;
	size_t errlen;
	const char *path;
} reader;

static void on_field(void *data, size_t len, void *p)
{
	reader *r = p;
	if (r->failed)
		return;
	if (len > CSV_MAX_FIELD_BYTES) {
		snprintf(r->err, r->errlen, "%s 第 %d 行: 字段过长 (超过 %d 字节)", r->path, r->rowno + 1, CSV_MAX_FIELD_BYTES);
		r->failed = true;
		return;
	}
	if (r->nfields >= CSV_MAX_FIELDS) {
		snprintf(r->err, r->errlen, "%s 第 %d 行: 列数超过 %d", r->path, r->rowno + 1, CSV_MAX_FIELDS);
		r->failed = true;
		return;
	}
	char *s = malloc(len + 1);
	if (!s)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';
	r->fields[r->nfields++] = s;
}

static void clear_fields(reader *r)
{
	for (int i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	r->nfields = 0;
}

static void on_row(int c, void *p)
{
	(void)c;
	reader *r = p;
	r->rowno++;
	if (!r->failed && !r->fn(r->ctx, r->rowno, r->fields, r->nfields, r->err, r->errlen))
		r->failed = true;
	clear_fields(r);
}

/* Parse n bytes; false (with the message) on a CSV error. */
static bool feed(reader *r, struct csv_parser *p, const char *buf, size_t n)
{
	if (csv_parse(p, buf, n, on_field, on_row, r) != n && !r->failed) {
		snprintf(r->err, r->errlen, "%s 第 %d 行附近: CSV 格式错误 (%s)", r->path, r->rowno + 1,
		         csv_strerror(csv_error(p)));
		r->failed = true;
	}
	return !r->failed;
}

static bool finish(reader *r, struct csv_parser *p)
{
	if (!r->failed && csv_fini(p, on_field, on_row, r) != 0) {
		snprintf(r->err, r->errlen, "%s 末尾: CSV 格式错误 (%s)", r->path, csv_strerror(csv_error(p)));
		r->failed = true;
	}
	clear_fields(r);
	csv_free(p);
	return !r->failed;
}

bool csvfile_read(const char *path, csv_row_fn fn, void *ctx, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(err, errlen, "无法打开 %s: %s", path, err_reason(errno));
		return false;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fclose(fp);
		snprintf(err, errlen, "内存不足");
		return false;
	}
	reader r = {.fn = fn, .ctx = ctx, .err = err, .errlen = errlen, .path = path};
	char buf[8192];
	size_t n;
	bool first = true;
	while (!r.failed && (n = fread(buf, 1, sizeof buf, fp)) > 0) {
		char *start = buf;
		if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
			start += 3;
			n -= 3;
		}
		first = false;
		feed(&r, &p, start, n);
	}
	bool ok = finish(&r, &p);
	fclose(fp);
	return ok;
}

bool csvfile_read_any(FILE *fp, const char *name, csv_row_fn fn, void *ctx, char *err, size_t errlen)
{
	enc_reader *er = enc_open(fp, err, errlen);
	if (!er)
		return false;
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
		enc_close(er);
		return errf(err, errlen, "内存不足");
	}
	reader r = {.fn = fn, .ctx = ctx, .err = err, .errlen = errlen, .path = name};
	char buf[8192];
	long n = 0;
	bool first = true;
	while (!r.failed && (n = enc_read(er, buf, sizeof buf)) > 0) {
		if (first) {
			/* Tab-separated (Excel's "Unicode text") when the first line
			 * has more tabs than commas. */
			long commas = 0, tabs = 0;
			for (long i = 0; i < n && buf[i] != '\n'; i++) {
				commas += buf[i] == ',';
				tabs += buf[i] == '\t';
			}
			csv_set_delim(&p, tabs > commas ? '\t' : ',');
			first = false;
		}
		if (memchr(buf, ENC_BAD, (size_t)n)) {
			r.failed = !errf(err, errlen, "%s 第 %d 行附近有无法识别的字符: 请另存为 UTF-8 或 GBK 编码的 CSV", name,
			                r.rowno + 1);
			break;
		}
		feed(&r, &p, buf, (size_t)n);
	}
	if (n < 0 && !r.failed)
		r.failed = !errf(err, errlen, "读取 %s 失败", name);
	enc_close(er);
	return finish(&r, &p);
}
