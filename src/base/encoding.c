#include "base/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "base/err.h"
#include "base/text.h"

#define IN_CAP 65536

struct enc_reader {
	FILE *fp;
	enc_kind kind;
	iconv_t cd;       /* to UTF-8 from the file's encoding (not for UTF-8) */
	iconv_t gb18030;  /* GBK files: characters CP936 cannot decode */
	unsigned char in[IN_CAP];
	size_t len, pos;  /* pending input: in[pos..len) */
	bool eof;
	long long consumed, size;
};

static const iconv_t no_cd = (iconv_t)-1;

const char *enc_name(enc_kind k)
{
	switch (k) {
	case ENC_UTF8: return "UTF-8";
	case ENC_UTF8_BOM: return "UTF-8 (带 BOM)";
	case ENC_GBK: return "GBK";
	case ENC_UTF16LE: return "UTF-16LE (Unicode 文本)";
	case ENC_UTF16BE: return "UTF-16BE";
	}
	return "?";
}

/* The well-formed UTF-8 sequences of two to four bytes, the Unicode
 * Standard's Table 3-7 (overlong forms and surrogates are not among
 * them): the range of the first byte, of the second, and the length;
 * every later byte is 80..BF. */
static const struct {
	unsigned char first_lo, first_hi, second_lo, second_hi;
	int n;
} utf8_forms[] = {
	{0xC2, 0xDF, 0x80, 0xBF, 2}, {0xE0, 0xE0, 0xA0, 0xBF, 3}, {0xE1, 0xEC, 0x80, 0xBF, 3},
	{0xED, 0xED, 0x80, 0x9F, 3}, {0xEE, 0xEF, 0x80, 0xBF, 3}, {0xF0, 0xF0, 0x90, 0xBF, 4},
	{0xF1, 0xF3, 0x80, 0xBF, 4}, {0xF4, 0xF4, 0x80, 0x8F, 4},
};

/* The UTF-8 sequence at s (avail bytes): its length when valid, 0 when
 * invalid, -1 when avail ends inside what may still be a valid sequence. */
static int utf8_seq(const unsigned char *s, size_t avail)
{
	if (s[0] < 0x80)
		return 1;
	for (size_t k = 0; k < sizeof utf8_forms / sizeof *utf8_forms; k++) {
		if (s[0] < utf8_forms[k].first_lo || s[0] > utf8_forms[k].first_hi)
			continue;
		for (int i = 1; i < utf8_forms[k].n; i++) {
			if ((size_t)i >= avail)
				return -1;
			unsigned lo = i == 1 ? utf8_forms[k].second_lo : 0x80, hi = i == 1 ? utf8_forms[k].second_hi : 0xBF;
			if (s[i] < lo || s[i] > hi)
				return 0;
		}
		return utf8_forms[k].n;
	}
	return 0;
}

/* What the bytes of a file without a BOM look like. */
typedef struct {
	long long multibyte, invalid, bytes;
	long nul_even, nul_odd;   /* in the first block only */
} sniff;

/* Count valid multi-byte sequences and invalid bytes in b[0..n); returns
 * how many bytes at the end form an incomplete sequence (left for the
 * next block unless last). */
static size_t sniff_block(sniff *s, const unsigned char *b, size_t n, bool last)
{
	size_t i = 0;
	while (i < n) {
		if (b[i] < 0x80) {
			i++;
			continue;
		}
		int k = utf8_seq(b + i, n - i);
		if (k < 0 && !last)
			return n - i;
		if (k <= 0) {
			s->invalid++;
			i++;
		} else {
			s->multibyte++;
			i += (size_t)k;
		}
	}
	return 0;
}

static enc_kind judge(const sniff *s)
{
	/* UTF-16 without a BOM: many NULs (the high bytes of ASCII), nearly
	 * all at odd offsets (little-endian) or at even ones (big-endian). */
	long nuls = s->nul_even + s->nul_odd;
	if (s->bytes >= 16 && nuls * 8 > s->bytes) {
		if (s->nul_odd > 4 * s->nul_even)
			return ENC_UTF16LE;
		if (s->nul_even > 4 * s->nul_odd)
			return ENC_UTF16BE;
	}
	/* GBK text hardly ever forms valid UTF-8 sequences; a UTF-8 file
	 * with a few damaged bytes has many valid ones for each bad byte, and
	 * decoding it as GBK would turn every row into mojibake. */
	if (s->invalid == 0 || s->multibyte >= 8 * s->invalid)
		return ENC_UTF8;
	return ENC_GBK;
}

static bool fill(enc_reader *r)
{
	size_t keep = r->len - r->pos;
	memmove(r->in, r->in + r->pos, keep);
	r->len = keep;
	r->pos = 0;
	size_t n = fread(r->in + keep, 1, IN_CAP - keep, r->fp);
	r->len += n;
	if (n == 0) {
		if (ferror(r->fp))
			return false;
		r->eof = true;
	}
	return true;
}

static bool open_converters(enc_reader *r, char *err, size_t errlen)
{
	const char *from = r->kind == ENC_GBK ? "CP936" : r->kind == ENC_UTF16LE ? "UTF-16LE"
	                 : r->kind == ENC_UTF16BE ? "UTF-16BE" : NULL;
	if (!from)
		return true;
	r->cd = iconv_open("UTF-8", from);
	if (r->kind == ENC_GBK && r->cd != no_cd)
		r->gb18030 = iconv_open("UTF-8", "GB18030");
	if (r->cd == no_cd || (r->kind == ENC_GBK && r->gb18030 == no_cd)) {
		snprintf(err, errlen, "系统缺少 %s 编码转换 (iconv/gconv)，请安装 libc 的编码模块或把文件另存为 UTF-8",
		         from);
		return false;
	}
	return true;
}

const char *enc_workbook(const unsigned char *b, size_t n)
{
	static const unsigned char zip[] = {'P', 'K', 3, 4},
	                           ole2[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (n >= sizeof ole2 && memcmp(b, ole2, sizeof ole2) == 0)
		return "这是 Excel 97-2003 或 WPS 工作簿 (.xls/.et)，请在 Excel 中另存为 CSV (UTF-8 或 GBK) 后导入";
	if (n < sizeof zip || memcmp(b, zip, sizeof zip) != 0)
		return NULL;
	/* A zip's first entry names itself: OpenDocument puts "mimetype"
	 * first and its type right after. */
	static const char ods[] = "opendocument.spreadsheet";
	for (size_t i = 0; i + sizeof ods - 1 <= n && i < 200; i++)
		if (memcmp(b + i, ods, sizeof ods - 1) == 0)
			return "这是 OpenDocument 表格 (.ods)，请在 WPS 或 LibreOffice 中另存为 CSV (UTF-8 或 GBK) 后导入";
	return "这是 Excel 工作簿 (.xlsx)，请在 Excel 中另存为 CSV (UTF-8 或 GBK) 后导入";
}

enc_reader *enc_open(FILE *fp, char *err, size_t errlen)
{
	enc_reader *r = xcalloc(1, sizeof *r);
	r->fp = fp;
	r->cd = r->gb18030 = no_cd;
	r->size = -1;
	off_t start = ftello(fp);
	bool seekable = start >= 0 && fseeko(fp, 0, SEEK_END) == 0;
	if (seekable) {
		off_t end = ftello(fp);
		seekable = end >= start && fseeko(fp, start, SEEK_SET) == 0;
		if (seekable)
			r->size = (long long)(end - start);
	}
	if (!fill(r)) {
		snprintf(err, errlen, "读取文件失败: %s", err_reason(errno));
		enc_close(r);
		return NULL;
	}
	const unsigned char *b = r->in;
	const char *book = enc_workbook(b, r->len);
	if (book) {
		snprintf(err, errlen, "%s", book);
		enc_close(r);
		return NULL;
	}
	if (r->len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		r->kind = ENC_UTF8_BOM;
		r->pos = 3;
	} else if (r->len >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
		r->kind = ENC_UTF16LE;
		r->pos = 2;
	} else if (r->len >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
		r->kind = ENC_UTF16BE;
		r->pos = 2;
	} else {
		sniff s = {0};
		for (size_t i = 0; i < r->len; i++) {
			if (!b[i] && i % 2)
				s.nul_odd++;
			else if (!b[i])
				s.nul_even++;
		}
		if (!seekable) {
			s.bytes = (long long)r->len;
			sniff_block(&s, r->in, r->len, true);
		} else {
			/* Read the whole file once, then start again. */
			size_t carry = 0;
			for (;;) {
				s.bytes += (long long)(r->len - carry);
				carry = sniff_block(&s, r->in, r->len, r->eof);
				if (r->eof)
					break;
				r->pos = r->len - carry;
				if (!fill(r)) {
					snprintf(err, errlen, "读取文件失败: %s", err_reason(errno));
					enc_close(r);
					return NULL;
				}
			}
			if (fseeko(fp, start, SEEK_SET) != 0) {
				snprintf(err, errlen, "无法重新读取文件: %s", err_reason(errno));
				enc_close(r);
				return NULL;
			}
			clearerr(fp);
			r->len = r->pos = 0;
			r->eof = false;
		}
		r->kind = judge(&s);
	}
	r->consumed = (long long)r->pos;
	if (!open_converters(r, err, errlen)) {
		enc_close(r);
		return NULL;
	}
	return r;
}

enc_kind enc_kind_of(const enc_reader *r)
{
	return r->kind;
}

long long enc_consumed(const enc_reader *r)
{
	return r->consumed;
}

long long enc_size(const enc_reader *r)
{
	return r->size;
}

void enc_close(enc_reader *r)
{
	if (!r)
		return;
	if (r->cd != no_cd)
		iconv_close(r->cd);
	if (r->gb18030 != no_cd)
		iconv_close(r->gb18030);
	free(r);
}

static void advance(enc_reader *r, size_t n)
{
	r->pos += n;
	r->consumed += (long long)n;
}

/* Copy valid UTF-8, one ENC_BAD per invalid byte. Stops at an incomplete
 * sequence at the end of the pending input unless the file has ended. */
static void step_utf8(enc_reader *r, char *buf, size_t cap, size_t *out)
{
	const unsigned char *s = r->in;
	size_t p = r->pos, e = r->len, o = *out;
	while (p < e && o + 4 <= cap) {
		unsigned c = s[p];
		if (c < 0x80) {
			buf[o++] = c ? (char)c : ENC_BAD;
			p++;
			continue;
		}
		int n = utf8_seq(s + p, e - p);
		if (n < 0) {
			if (!r->eof)
				break;
			n = 0;
		}
		if (n == 0) {
			buf[o++] = ENC_BAD;
			p++;
			continue;
		}
		memcpy(buf + o, s + p, (size_t)n);
		o += (size_t)n;
		p += (size_t)n;
	}
	advance(r, p - r->pos);
	*out = o;
}

/* One character CP936 could not decode, tried as GB18030 (two bytes, or
 * four when the second is a digit). */
static void step_gb18030(enc_reader *r, char *buf, size_t cap, size_t *out)
{
	size_t avail = r->len - r->pos;
	size_t n = avail >= 2 && r->in[r->pos + 1] >= 0x30 && r->in[r->pos + 1] <= 0x39 ? 4 : 2;
	if (avail < n && !r->eof)
		return; /* the rest comes with the next read */
	if (avail >= n) {
		char *ip = (char *)r->in + r->pos, *op = buf + *out;
		size_t il = n, ol = cap - *out;
		iconv(r->gb18030, NULL, NULL, NULL, NULL);
		if (iconv(r->gb18030, &ip, &il, &op, &ol) != (size_t)-1 && il == 0) {
			for (char *q = buf + *out; q < op; q++)
				if (!*q)
					*q = ENC_BAD;
			*out = (size_t)(op - buf);
			advance(r, n);
			return;
		}
	}
	buf[(*out)++] = ENC_BAD;
	advance(r, 1);
}

static void step_iconv(enc_reader *r, char *buf, size_t cap, size_t *out)
{
	char *ip = (char *)r->in + r->pos, *op = buf + *out;
	size_t il = r->len - r->pos, ol = cap - *out - 8; /* room for markers */
	size_t rc = iconv(r->cd, &ip, &il, &op, &ol);
	int e = errno;
	for (char *q = buf + *out; q < op; q++)
		if (!*q)
			*q = ENC_BAD;
	*out = (size_t)(op - buf);
	advance(r, (size_t)(ip - (char *)r->in) - r->pos);
	if (rc != (size_t)-1 || e == E2BIG)
		return;
	if (e == EINVAL && !r->eof)
		return; /* incomplete character at the end: read more */
	if (r->kind == ENC_GBK) {
		step_gb18030(r, buf, cap, out);
		return;
	}
	/* UTF-16: an unpaired surrogate, or an odd byte at the end. */
	buf[(*out)++] = ENC_BAD;
	advance(r, r->len - r->pos >= 2 ? 2 : 1);
}

long enc_read(enc_reader *r, char *buf, size_t cap)
{
	if (cap < 16)
		return -1;
	size_t out = 0;
	while (cap - out >= 16) {
		if (r->len - r->pos < 8 && !r->eof && !fill(r))
			return -1;
		if (r->pos == r->len)
			break;
		size_t pos0 = r->pos, out0 = out;
		if (r->kind == ENC_UTF8 || r->kind == ENC_UTF8_BOM)
			step_utf8(r, buf, cap, &out);
		else
			step_iconv(r, buf, cap, &out);
		if (r->pos == pos0 && out == out0 && (r->eof || r->len - r->pos >= 8)) {
			/* No progress where there should be: never loop, never
			 * drop: mark the byte. */
			buf[out++] = ENC_BAD;
			advance(r, 1);
		}
	}
	return (long)out;
}

/* Follow the CSV structure of UTF-8 text to know the row and column. */
typedef struct {
	long row;
	int col;
	bool quoted;
} csv_pos;

static void track(csv_pos *p, const char *s, const char *e)
{
	for (; s < e; s++) {
		if (*s == '"')
			p->quoted = !p->quoted;
		else if (!p->quoted && *s == ',')
			p->col++;
		else if (!p->quoted && *s == '\n') {
			p->row++;
			p->col = 0;
		}
	}
}

long enc_csv_to_gbk(FILE *in, FILE *out, enc_unmappable_fn fn, void *ctx, char *err, size_t errlen)
{
	iconv_t cd = iconv_open("CP936", "UTF-8");
	if (cd == no_cd) {
		snprintf(err, errlen, "系统缺少 GBK 编码转换 (iconv/gconv)，请改用 --encoding utf-8");
		return -1;
	}
	static char ib[IN_CAP], ob[IN_CAP * 2];
	size_t il = 0;
	bool eof = false, first = true;
	csv_pos pos = {.row = 1};
	long bad = 0;
	while (!eof || il > 0) {
		if (!eof) {
			size_t n = fread(ib + il, 1, sizeof ib - il, in);
			if (n == 0 && ferror(in)) {
				snprintf(err, errlen, "读取导出数据失败: %s", err_reason(errno));
				iconv_close(cd);
				return -1;
			}
			eof = n == 0;
			il += n;
		}
		char *ip = ib;
		if (first && il > 0) {
			if (il >= 3 && memcmp(ib, "\xEF\xBB\xBF", 3) == 0) {
				ip += 3;
				il -= 3;
			}
			first = false;
		}
		while (il > 0) {
			char *op = ob, *start = ip;
			size_t ol = sizeof ob;
			size_t rc = iconv(cd, &ip, &il, &op, &ol);
			int e = errno;
			track(&pos, start, ip);
			if (op > ob && fwrite(ob, 1, (size_t)(op - ob), out) != (size_t)(op - ob))
				break;
			if (rc != (size_t)-1 || e == E2BIG)
				continue;
			if (e == EINVAL && !eof)
				break; /* the character ends in the next read */
			int n = utf8_seq((const unsigned char *)ip, il);
			if (n <= 0)
				n = 1;
			char ch[8] = {0};
			memcpy(ch, ip, (size_t)n);
			if (fn)
				fn(ctx, pos.row, pos.col, ch);
			bad++;
			fputc('?', out);
			ip += n;
			il -= (size_t)n;
		}
		memmove(ib, ip, il);
		if (ferror(out)) {
			snprintf(err, errlen, "写入导出文件失败 (磁盘已满或没有权限?)");
			iconv_close(cd);
			return -1;
		}
	}
	iconv_close(cd);
	return bad;
}
