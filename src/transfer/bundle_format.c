#include "transfer/bundle_format.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/err.h"
#include "base/sha256.h"
#include "base/text.h"
#include "base/values.h"

/* ---- writing ---- */

void bundle_out_init(bundle_out *o)
{
	memset(o, 0, sizeof *o);
}

static void put(bundle_out *o, const char *s, size_t n)
{
	o->buf = xgrow(o->buf, &o->cap, o->len + n + 1, 1);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void puts_(bundle_out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void put_escaped(bundle_out *o, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[8];
		if (*p == '\\')
			puts_(o, "\\\\");
		else if (*p == '\t')
			puts_(o, "\\t");
		else if (*p == '\n')
			puts_(o, "\\n");
		else if (*p == '\r')
			puts_(o, "\\r");
		else if (*p < 0x20 || *p == 0x7f) {
			snprintf(esc, sizeof esc, "\\x%02x", *p);
			puts_(o, esc);
		} else {
			put(o, (const char *)p, 1);
		}
	}
}

void bundle_out_header(bundle_out *o, const char *key, const char *value)
{
	if (o->len == 0) {
		char magic[64];
		snprintf(magic, sizeof magic, "%s\t%d\n", BUNDLE_MAGIC, BUNDLE_FORMAT);
		puts_(o, magic);
	}
	puts_(o, key);
	puts_(o, "\t");
	put_escaped(o, value ? value : "");
	puts_(o, "\n");
}

void bundle_out_table(bundle_out *o, const char *name, int ncols, const char *const *cols)
{
	puts_(o, "table\t");
	puts_(o, name);
	for (int i = 0; i < ncols; i++) {
		puts_(o, "\t");
		put_escaped(o, cols[i]);
	}
	puts_(o, "\n");
	o->ncols = ncols;
}

/* Shortest text that reads back as the same double. */
static void real_text(double x, char *out, size_t outlen)
{
	values_format_number(x, out, outlen);
	if (!isfinite(x) || strtod(out, NULL) != x || (x == 0 && signbit(x)))
		snprintf(out, outlen, "%.17g", x);
}

void bundle_out_row(bundle_out *o, const bval *v, int n)
{
	puts_(o, "row");
	for (int i = 0; i < n; i++) {
		char num[64];
		switch (v[i].type) {
		case BV_NULL: puts_(o, "\tn"); break;
		case BV_INT:
			snprintf(num, sizeof num, "\ti%lld", v[i].i);
			puts_(o, num);
			break;
		case BV_REAL:
			puts_(o, "\tr");
			real_text(v[i].r, num, sizeof num);
			puts_(o, num);
			break;
		case BV_TEXT:
			puts_(o, "\tt");
			put_escaped(o, v[i].t ? v[i].t : "");
			break;
		}
	}
	puts_(o, "\n");
	o->rows++;
}

void bundle_out_finish(bundle_out *o, char sha256[65])
{
	char end[64];
	snprintf(end, sizeof end, "end\t%ld\n", o->rows);
	puts_(o, end);
	sha256_of(o->buf, o->len, sha256);
	puts_(o, "sha256\t");
	puts_(o, sha256);
	puts_(o, "\n");
}

/* ---- reading ---- */

void bundle_free(bundle *b)
{
	for (int i = 0; i < b->nheaders; i++) {
		free(b->keys[i]);
		free(b->values[i]);
	}
	free(b->keys);
	free(b->values);
	for (int t = 0; t < b->ntables; t++) {
		btable *tb = &b->tables[t];
		for (size_t k = 0; k < tb->nrows * (size_t)tb->ncols; k++)
			free(tb->vals[k].t);
		free(tb->vals);
		for (int c = 0; c < tb->ncols; c++)
			free(tb->cols[c]);
		free(tb->cols);
		free(tb->name);
	}
	free(b->tables);
	memset(b, 0, sizeof *b);
}

/* Undo put_escaped on [s, s + n) into a new string; NULL when an escape is bad. */
static char *unescape(const char *s, size_t n)
{
	char *out = xcalloc(n + 1, 1), *w = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			*w++ = s[i];
			continue;
		}
		char c = ++i < n ? s[i] : '\0';
		if (c == '\\' || c == 't' || c == 'n' || c == 'r') {
			*w++ = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : '\\';
			continue;
		}
		if (c == 'x' && i + 2 < n) {
			char hex[3] = {s[i + 1], s[i + 2], 0}, *end;
			long v = strtol(hex, &end, 16);
			if (*end == '\0' && v > 0 && hex[0] != '-' && hex[0] != '+' && hex[0] != ' ') {
				*w++ = (char)v;
				i += 2;
				continue;
			}
		}
		free(out);
		return NULL;
	}
	*w = '\0';
	return out;
}

/* The tab-separated fields of one line (no newline) into f (at most max). */
static int split(const char *line, size_t len, const char **f, size_t *flen, int max)
{
	int n = 0;
	const char *p = line, *end = line + len;
	while (n < max) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		f[n] = p;
		flen[n] = (size_t)((tab ? tab : end) - p);
		n++;
		if (!tab)
			break;
		p = tab + 1;
	}
	return n;
}

static bool parse_value(const char *s, size_t n, bval *v)
{
	memset(v, 0, sizeof *v);
	if (n == 0)
		return false;
	char num[64];
	char *end;
	switch (s[0]) {
	case 'n': return n == 1;
	case 'i':
	case 'r':
		if (n < 2 || n - 1 >= sizeof num)
			return false;
		memcpy(num, s + 1, n - 1);
		num[n - 1] = '\0';
		errno = 0;
		if (s[0] == 'i') {
			v->type = BV_INT;
			v->i = strtoll(num, &end, 10);
		} else {
			v->type = BV_REAL;
			v->r = strtod(num, &end);
		}
		return errno == 0 && *end == '\0';
	case 't':
		v->type = BV_TEXT;
		v->t = unescape(s + 1, n - 1);
		return v->t != NULL;
	default: return false;
	}
}

static bool bad_line(bundle *b, long line, const char *why, char *err, size_t errlen)
{
	bundle_free(b);
	return errf(err, errlen, "数据包第 %ld 行%s：文件不完整或被改动过，请在离线电脑上重新导出", line,
	            why);
}

bool bundle_parse(const char *data, size_t len, bundle *b, char *err, size_t errlen)
{
	memset(b, 0, sizeof *b);
	size_t magic = strlen(BUNDLE_MAGIC);
	if (len < magic + 1 || memcmp(data, BUNDLE_MAGIC "\t", magic + 1) != 0)
		return errf(err, errlen,
		            "这不是 nongjian 数据包 (应以 \"%s\" 开头；数据包由 nongjian bundle export 生成)",
		            BUNDLE_MAGIC);
	b->format = atoi(data + magic + 1);
	if (b->format != BUNDLE_FORMAT)
		return errf(err, errlen,
		            "数据包格式第 %d 版，本程序只认第 %d 版：请用同一版本的 nongjian 导出和导入",
		            b->format, BUNDLE_FORMAT);
	/* The checksum line is the last; it covers everything before it. */
	if (data[len - 1] != '\n')
		return errf(err, errlen,
		            "数据包不完整 (没有结尾的校验行)：文件没有复制完，请重新复制或重新导出");
	size_t last = len - 1;
	while (last > 0 && data[last - 1] != '\n')
		last--;
	const char *sum = data + last;
	size_t sumlen = len - 1 - last;
	if (sumlen != 7 + 64 || memcmp(sum, "sha256\t", 7) != 0)
		return errf(err, errlen,
		            "数据包不完整 (没有结尾的校验行)：文件没有复制完，请重新复制或重新导出");
	sha256_of(data, last, b->sha256);
	if (strncasecmp(sum + 7, b->sha256, 64) != 0)
		return errf(err, errlen,
		            "数据包校验失败 (SHA-256 不符)：文件在复制中损坏或被改动过，"
		            "请从离线电脑重新复制或重新导出");
	long lineno = 0, rows = 0;
	bool ended = false;
	btable *cur = NULL;
	enum { MAXF = 256 };
	const char *f[MAXF];
	size_t fl[MAXF];
	for (size_t pos = 0; pos < last;) {
		const char *nl = memchr(data + pos, '\n', last - pos);
		size_t n = (size_t)(nl - (data + pos));
		const char *line = data + pos;
		pos += n + 1;
		lineno++;
		if (lineno == 1)
			continue; /* the magic line, checked above */
		if (ended)
			return bad_line(b, lineno, "在 end 行之后", err, errlen);
		int nf = split(line, n, f, fl, MAXF);
		if (nf == MAXF)
			return bad_line(b, lineno, "的列太多", err, errlen);
#define IS(word) (fl[0] == strlen(word) && memcmp(f[0], word, fl[0]) == 0)
		if (IS("table")) {
			if (nf < 3)
				return bad_line(b, lineno, "的表没有列", err, errlen);
			b->tables = realloc(b->tables, (size_t)(b->ntables + 1) * sizeof *b->tables);
			if (!b->tables)
				abort();
			cur = &b->tables[b->ntables++];
			memset(cur, 0, sizeof *cur);
			cur->name = unescape(f[1], fl[1]);
			cur->ncols = nf - 2;
			cur->cols = xcalloc((size_t)cur->ncols, sizeof *cur->cols);
			for (int i = 0; i < cur->ncols; i++)
				if (!(cur->cols[i] = unescape(f[i + 2], fl[i + 2])) || !cur->name)
					return bad_line(b, lineno, "的列名有误", err, errlen);
		} else if (IS("row")) {
			if (!cur)
				return bad_line(b, lineno, "的数据不属于任何表", err, errlen);
			if (nf - 1 != cur->ncols)
				return bad_line(b, lineno, "的列数与表头不符", err, errlen);
			cur->vals = xgrow(cur->vals, &cur->cap, (cur->nrows + 1) * (size_t)cur->ncols,
			                  sizeof *cur->vals);
			bval *v = cur->vals + cur->nrows * (size_t)cur->ncols;
			cur->nrows++;
			for (int i = 0; i < cur->ncols; i++)
				if (!parse_value(f[i + 1], fl[i + 1], &v[i])) {
					for (int k = i + 1; k < cur->ncols; k++)
						memset(&v[k], 0, sizeof v[k]);
					return bad_line(b, lineno, "有无法识别的值", err, errlen);
				}
			rows++;
		} else if (IS("end")) {
			char *num = unescape(f[nf > 1 ? 1 : 0], fl[nf > 1 ? 1 : 0]);
			long want = nf == 2 && num ? strtol(num, NULL, 10) : -1;
			free(num);
			if (want != rows)
				return bad_line(b, lineno, "的行数与数据不符", err, errlen);
			ended = true;
		} else if (!cur && nf == 2) {
			b->keys = realloc(b->keys, (size_t)(b->nheaders + 1) * sizeof *b->keys);
			b->values = realloc(b->values, (size_t)(b->nheaders + 1) * sizeof *b->values);
			if (!b->keys || !b->values)
				abort();
			b->keys[b->nheaders] = unescape(f[0], fl[0]);
			b->values[b->nheaders] = unescape(f[1], fl[1]);
			b->nheaders++;
			if (!b->keys[b->nheaders - 1] || !b->values[b->nheaders - 1])
				return bad_line(b, lineno, "的表头有误", err, errlen);
		} else {
			return bad_line(b, lineno, "无法识别", err, errlen);
		}
#undef IS
	}
	if (!ended)
		return bad_line(b, lineno, "之后缺少 end 行", err, errlen);
	return true;
}

bool bundle_read_file(const char *path, bundle *b, char *err, size_t errlen)
{
	memset(b, 0, sizeof *b);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return errf(err, errlen, "无法打开数据包 %s: %s", path, err_reason(errno));
	char *data = NULL;
	size_t len = 0, cap = 0, got;
	char chunk[65536];
	bool ok = true;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (len + got > ((size_t)1 << 30)) {
			ok = errf(err, errlen, "%s 超过 1 GB，不是一个镇街的数据包", path);
			break;
		}
		data = xgrow(data, &cap, len + got + 1, 1);
		memcpy(data + len, chunk, got);
		len += got;
	}
	if (ok && ferror(fp))
		ok = errf(err, errlen, "读取数据包 %s 失败: %s", path, err_reason(errno));
	fclose(fp);
	if (ok && len == 0)
		ok = errf(err, errlen, "%s 是空文件，不是数据包", path);
	ok = ok && bundle_parse(data, len, b, err, errlen);
	free(data);
	return ok;
}

const char *bundle_header(const bundle *b, const char *key)
{
	int i = TEXT_LIST_INDEX(b->keys, b->nheaders, key);
	return i < 0 ? NULL : b->values[i];
}

const btable *bundle_table(const bundle *b, const char *name)
{
	int i = TEXT_INDEX(b->tables, b->ntables, name, name);
	return i < 0 ? NULL : &b->tables[i];
}

int btable_col(const btable *t, const char *col)
{
	return t ? TEXT_LIST_INDEX(t->cols, t->ncols, col) : -1;
}

const bval *btable_at(const btable *t, size_t row, int col)
{
	static const bval null_value = {.type = BV_NULL};
	if (!t || col < 0 || col >= t->ncols || row >= t->nrows)
		return &null_value;
	return &t->vals[row * (size_t)t->ncols + (size_t)col];
}

const char *bval_text(const bval *v, char *buf, size_t buflen)
{
	switch (v->type) {
	case BV_TEXT: return v->t;
	case BV_INT: snprintf(buf, buflen, "%lld", v->i); return buf;
	case BV_REAL: real_text(v->r, buf, buflen); return buf;
	default: return "";
	}
}

long long bval_int(const bval *v)
{
	return v->type == BV_INT ? v->i : v->type == BV_REAL ? (long long)v->r : 0;
}

bool bval_same(const bval *a, const bval *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case BV_INT: return a->i == b->i;
	case BV_REAL: return a->r == b->r;
	case BV_TEXT: return strcmp(a->t, b->t) == 0;
	default: return true;
	}
}
