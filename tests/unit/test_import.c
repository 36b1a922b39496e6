/* CSV import and export against a real database: encodings (UTF-8 with and
 * without BOM, GBK, GB18030, UTF-16LE), CRLF, quoted fields, a stray quote,
 * a truncated last line, wrong values, duplicates, re-import, dry run,
 * skip-bad, the report, producers, GBK export. Each case says exactly
 * which rows went in and what the report says. Uses the shipped
 * conf/nongjian.ini (铜梁区) and forms/. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "check.h"
#include "store/db.h"
#include "store/db_sqlite.h"
#include "base/encoding.h"
#include "transfer/export.h"
#include "base/idcode.h"
#include "transfer/imports.h"
#include "sample/sample.h"
#include "base/text.h"
#include "registry/producer.h"
#include "store/users.h"

static char dir[64];
static int ndb;
static app A;

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

/* A fresh database for the next case. */
static void fresh(void)
{
	char path[128], err[1024];
	if (A.db)
		app_close(&A);
	snprintf(path, sizeof path, "%s/t%d.db", dir, ++ndb);
	if (!app_open(&A, "conf/nongjian.ini", path, true, err, sizeof err)) {
		fprintf(stderr, "cannot open %s: %s\n", path, err);
		exit(2);
	}
}

static long long q(const char *sql)
{
	db_stmt *st;
	long long n = -1;
	if (db_prepare_rc(A.db, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

/* The text of a column of the sample with this id ("" when NULL). */
static char *val(long long id, const char *col)
{
	static char out[1024];
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT coalesce(%s, '') FROM samples WHERE id = %lld", col, id);
	db_stmt *st;
	out[0] = '\0';
	if (db_prepare_rc(A.db, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		snprintf(out, sizeof out, "%s", db_column_text(st, 0));
	db_finalize(st);
	return out;
}

typedef struct {
	imp_summary s;
	char *report;   /* the report file's text */
	size_t report_len;
	char problems[8192]; /* "row|column|reason\n" ... */
} result;

static void on_problem(void *ctx, long row, const char *column, const char *value, const char *reason)
{
	result *r = ctx;
	(void)value;
	size_t n = strlen(r->problems);
	snprintf(r->problems + n, sizeof r->problems - n, "%ld|%s|%s; ", row, column, reason);
}

static void run_bytes(result *r, bool samples, const void *bytes, size_t len, bool skip_bad, bool dry_run)
{
	free(r->report);
	memset(r, 0, sizeof *r);
	char path[128];
	snprintf(path, sizeof path, "%s/in.csv", dir);
	FILE *fp = fopen(path, "wb");
	fwrite(bytes, 1, len, fp);
	fclose(fp);
	fp = fopen(path, "rb");
	FILE *rep = open_memstream(&r->report, &r->report_len);
	imp_options o = {.dry_run = dry_run, .skip_bad = skip_bad, .report = rep, .login = A.user,
	                 .source = "in.csv", .on_problem = on_problem, .ctx = r};
	if (samples)
		import_samples(&A, fp, &o, &r->s);
	else
		import_producers(&A, fp, &o, &r->s);
	fclose(rep);
	fclose(fp);
}

static void run(result *r, const char *text, bool skip_bad)
{
	run_bytes(r, true, text, strlen(text), skip_bad, false);
}

static void done(result *r)
{
	free(r->report);
	r->report = NULL;
}

/* text converted with iconv (to "CP936", "GB18030", "UTF-16LE"). */
static char *convert(const char *text, const char *to, size_t *outlen)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	size_t il = strlen(text), ol = il * 4 + 16;
	char *out = xcalloc(ol, 1), *op = out, *ip = (char *)text;
	if (cd == (iconv_t)-1 || iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		fprintf(stderr, "iconv to %s failed\n", to);
		exit(2);
	}
	iconv_close(cd);
	*outlen = (size_t)(op - out);
	return out;
}

/* Today's template: 检测单位 and 抽样地点 (the 镇街) apart, 详细地点 the text. */
#define HEAD_NOW "抽样日期,检测单位,检测类别,受检主体,样品名称,产品类别,抽样环节,详细地点,抽样数量,抽样人,检测人,抑制率(%),检测项目,检测值,单位,限量值,备注,样品批次,抽样地点,项目,检测方法,试纸项目,试纸结果"
/* The template before issue 13: 镇街 for the unit, 抽样地点 the place text. */
#define HEAD "抽样日期,镇街,检测类别,受检主体,样品名称,产品类别,抽样环节,抽样地点,抽样数量,抽样人,检测人,抑制率(%),检测项目,检测值,单位,限量值,备注"
#define ROW_A "2026-06-01,土桥镇,定性检测,张三家庭农场,豇豆,,生产基地,白龙村,1kg,张三,李四,35,,,,,"
#define ROW_B "2026-06-02,侣俸镇,定性检测,\"绿源蔬菜专业合作社,侣俸\",番茄,,农贸市场,,1kg,张三,李四,55,,,,,\"说 \"\"复检\"\"\""
#define ROW_C "2026-06-03,土桥镇,监督抽查,某某有限公司,大米,粮油,超市,,,张三、李四,,,镉,0.3,mg/kg,0.2,"

/* Decode a file made in an encoding, reading a few bytes at a time, so
 * that input blocks (64 KB) and output buffers end inside characters. */
static char *decode_all(const char *bytes, size_t n, enc_kind *kind)
{
	char path[128], err[256];
	snprintf(path, sizeof path, "%s/enc.bin", dir);
	FILE *fp = fopen(path, "wb");
	fwrite(bytes, 1, n, fp);
	fclose(fp);
	fp = fopen(path, "rb");
	enc_reader *r = enc_open(fp, err, sizeof err);
	size_t cap = n * 2 + 64, used = 0;
	char *out = xcalloc(cap, 1);
	long got;
	int step = 16;
	while (r && (got = enc_read(r, out + used, (size_t)step)) > 0) {
		used += (size_t)got;
		step = 16 + (step * 7 + 3) % 29;
		if (used + 64 > cap)
			break;
	}
	*kind = r ? enc_kind_of(r) : (enc_kind)-1;
	enc_close(r);
	fclose(fp);
	return out;
}

static void test_encodings_streamed(void)
{
	static const char line[] = "侣俸镇织篢镇𠀀䶮,\"引号\",abc\r\n";
	size_t n = 0, cap = 5000 * sizeof line;
	char *text = xcalloc(cap, 1);
	while (n + sizeof line < cap) {
		memcpy(text + n, line, sizeof line - 1);
		n += sizeof line - 1;
	}
	static const struct {
		const char *to, *bom;
		enc_kind want;
	} cases[] = {
		{"UTF-8", "", ENC_UTF8},          {"UTF-8", "\xEF\xBB\xBF", ENC_UTF8_BOM},
		{"GB18030", "", ENC_GBK},         {"UTF-16LE", "\xFF\xFE", ENC_UTF16LE},
		{"UTF-16BE", "\xFE\xFF", ENC_UTF16BE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t len;
		char *body = convert(text, cases[i].to, &len), *all = xcalloc(len + 4, 1);
		size_t bl = strlen(cases[i].bom);
		memcpy(all, cases[i].bom, bl);
		memcpy(all + bl, body, len);
		enc_kind k;
		char *back = decode_all(all, len + bl, &k);
		CHECK(k == cases[i].want, "%s%s detected as %s", cases[i].to, bl ? " with BOM" : "", enc_name(k));
		CHECK(strcmp(back, text) == 0, "%s: %zu KB decoded in small pieces, every character intact", cases[i].to,
		      (len + bl) / 1024);
		free(back);
		free(all);
		free(body);
	}
	/* Bytes that are nothing: one marker each, never dropped. */
	enc_kind k;
	char *back = decode_all("abc\xFF\xFF\xFF" "def\n", 10, &k);
	int marks = 0;
	for (char *p = back; *p; p++)
		marks += *p == ENC_BAD;
	CHECK(k == ENC_GBK && marks == 3 && strstr(back, "abc") && strstr(back, "def"),
	      "undecodable bytes become markers (%d), the text around them stays", marks);
	free(back);
	back = decode_all("a\0b\n", 4, &k);
	CHECK(back[1] == ENC_BAD && back[2] == 'b', "a NUL byte becomes a marker, not the end of a value");
	free(back);
	/* UTF-16LE without a BOM, told by its NULs. */
	size_t len;
	char *u16 = convert("镇街,样品名称\r\n土桥镇,豇豆\r\n", "UTF-16LE", &len);
	back = decode_all(u16, len, &k);
	CHECK(k == ENC_UTF16LE && strcmp(back, "镇街,样品名称\r\n土桥镇,豇豆\r\n") == 0, "UTF-16LE without BOM read");
	free(back);
	free(u16);
	free(text);
}

static void test_utf8_bom_crlf(void)
{
	fresh();
	result r = {0};
	run(&r, "\xEF\xBB\xBF" HEAD "\r\n" ROW_A "\r\n" ROW_B "\r\n" ROW_C "\r\n", false);
	CHECK(r.s.status == 0, "UTF-8 BOM CRLF: status 0 (got %d: %s)", r.s.status, r.s.message);
	CHECK(r.s.encoding == ENC_UTF8_BOM, "UTF-8 BOM detected (%s)", enc_name(r.s.encoding));
	CHECK(r.s.rows == 3 && r.s.good == 3 && r.s.bad == 0 && r.s.committed, "3 rows, 3 new, committed");
	CHECK(q("SELECT count(*) FROM samples") == 3, "3 records in the database");
	CHECK_STR(val(1, "sample_no"), "TL2026-土桥-0001", "first record numbered as entered on screen");
	CHECK_STR(val(1, "category"), "蔬菜", "category filled from the product as the form does");
	/* Saved town by town (sample_stage.h): ids follow the towns, numbers
	 * the file's order in each town. */
	long long b = q("SELECT id FROM samples WHERE sample_no = 'TL2026-侣俸-0001'");
	long long c = q("SELECT id FROM samples WHERE sample_no = 'TL2026-土桥-0002'");
	CHECK_STR(val(b, "producer"), "绿源蔬菜专业合作社,侣俸", "quoted comma kept");
	CHECK_STR(val(b, "remarks"), "说 \"复检\"", "doubled quotes read as one");
	CHECK_STR(val(b, "verdict"), "fail", "inhibition 55 judged 不合格");
	CHECK_STR(val(c, "kind"), "supervisory", "监督抽查 stored");
	CHECK(q("SELECT count(*) FROM audit WHERE action = 'import' AND entity = 'samples'") == 1,
	      "one audit row for the import");
	CHECK(q("SELECT count(*) FROM audit WHERE action = 'sample.create'") == 0,
	      "no audit row per record (the import's row says what came in)");
	CHECK(r.report && strncmp(r.report, "\xEF\xBB\xBF行号,列,值,原因\r\n", strlen("\xEF\xBB\xBF行号,列,值,原因\r\n")) == 0,
	      "report starts with BOM and the Chinese header");
	CHECK(r.report_len == strlen("\xEF\xBB\xBF行号,列,值,原因\r\n"), "report has no rows");
	/* The same file again: nothing new, all three already present. */
	run(&r, "\xEF\xBB\xBF" HEAD "\r\n" ROW_A "\r\n" ROW_B "\r\n" ROW_C "\r\n", false);
	CHECK(r.s.status == 0 && r.s.present == 3 && r.s.good == 0, "re-import: 3 already present, 0 new (%ld/%ld)",
	      r.s.present, r.s.good);
	CHECK(q("SELECT count(*) FROM samples") == 3, "still 3 records");
	done(&r);
}

static void test_utf8_plain_lf_any_order(void)
{
	fresh();
	result r = {0};
	/* Columns in another order, keys and labels mixed, an extra column,
	 * a title row above the header, blank rows. */
	run(&r, "2026年土桥镇抽样记录,,,,,,,\n"
	        "town,date,样品名称,抽样人,stage,inhibition,颜色,序号\n"
	        "\n"
	        "土桥镇,2026-6-5,豇豆,张三,生产基地,12.50,红,1\n"
	        ",,,,,,,\n"
	        "侣俸镇,2026/6/6,芹菜,李四,超市,0,绿,2\n", false);
	CHECK(r.s.status == 0, "plain UTF-8 LF: status 0 (%d %s)", r.s.status, r.s.message);
	CHECK(r.s.encoding == ENC_UTF8, "plain UTF-8 detected");
	CHECK(r.s.good == 2 && r.s.blank == 2, "2 new, 2 blank rows skipped (%ld, %ld)", r.s.good, r.s.blank);
	CHECK_STR(val(1, "sample_date"), "2026-06-05", "date 2026-6-5 normalised");
	CHECK_STR(val(2, "sample_date"), "2026-06-06", "date 2026/6/6 (Excel) normalised");
	CHECK_STR(val(1, "inhibition"), "12.5", "number stored");
	CHECK_STR(val(1, "kind"), "rapid", "missing 检测类别 column takes the form default 定性检测");
	CHECK(has(r.s.ignored, "颜色") && has(r.s.ignored, "序号"), "ignored columns listed: %s", r.s.ignored);
	CHECK(has(r.problems, "2|颜色|不认识的列"), "unknown column reported on the header row 2: %s", r.problems);
	CHECK(!has(r.problems, "序号"), "序号 (row numbers) ignored silently");
	done(&r);
}

static void test_gbk_and_gb18030(void)
{
	fresh();
	size_t n;
	/* 织篢镇 (a 阳西县 town) is only text here; 𠀀 needs GB18030. */
	char *gbk = convert(HEAD "\r\n"
	                    "2026-06-01,侣俸镇,定性检测,织篢镇红星合作社,豇豆,,生产基地,侣俸镇白龙村,1kg,张三,李四,20,,,,,\r\n"
	                    "2026-06-02,侣俸镇,定性检测,𠀀姓农户,芹菜,,生产基地,,1kg,张三,李四,30,,,,,\r\n",
	                    "GB18030", &n);
	result r = {0};
	run_bytes(&r, true, gbk, n, false, false);
	CHECK(r.s.status == 0, "GBK/GB18030 file: status 0 (%d %s %s)", r.s.status, r.s.message, r.problems);
	CHECK(r.s.encoding == ENC_GBK, "GBK detected (%s)", enc_name(r.s.encoding));
	CHECK(r.s.good == 2, "2 rows in");
	CHECK_STR(val(1, "producer"), "织篢镇红星合作社", "织篢 decoded from GBK");
	CHECK_STR(val(1, "place"), "侣俸镇白龙村", "侣俸 decoded from GBK");
	CHECK_STR(val(2, "producer"), "𠀀姓农户", "4-byte GB18030 character decoded");
	CHECK_STR(val(2, "sample_no"), "TL2026-侣俸-0002", "numbered in 侣俸镇");
	free(gbk);
	/* A byte no GBK/GB18030 reading explains: that row only. */
	char *bad = convert(HEAD "\r\n" ROW_A "\r\n", "CP936", &n);
	size_t blen = n + 200;
	char *bytes = xcalloc(blen, 1);
	memcpy(bytes, bad, n);
	char *tail = convert("2026-06-04,土桥镇,定性检测,王", "CP936", &blen);
	memcpy(bytes + n, tail, blen);
	n += blen;
	memcpy(bytes + n, "\xFF\xFF,豇豆", 2);
	n += 2;
	free(tail);
	tail = convert(",,生产基地,,,张三,,10,,,,,\r\n", "CP936", &blen);
	memcpy(bytes + n, tail, blen);
	n += blen;
	run_bytes(&r, true, bytes, n, true, false);
	CHECK(r.s.status == 1 && r.s.good == 1 && r.s.bad == 1 && r.s.committed,
	      "undecodable bytes: that row rejected, the other imported (%d %ld %ld %ld)", r.s.status, r.s.good,
	      r.s.present, r.s.bad);
	CHECK(has(r.problems, "3|受检主体|含有无法识别的字节"), "row 3, 受检主体, reason given: %s", r.problems);
	CHECK(has(r.report, "\xEF\xBF\xBD"), "the report shows the bad bytes as U+FFFD");
	free(tail);
	free(bad);
	free(bytes);
	done(&r);
}

static void test_utf16le_tabs(void)
{
	fresh();
	char head[1024];
	snprintf(head, sizeof head, "%s", HEAD);
	for (char *p = head; *p; p++)
		if (*p == ',')
			*p = '\t';
	char text[2048];
	snprintf(text, sizeof text, "\xEF\xBB\xBF%s\r\n2026-06-01\t土桥镇\t定性检测\t张三, 李四合伙\t豇豆\t\t生产基地\t\t1kg\t张三\t\t8\t\t\t\t\t\r\n",
	         head);
	size_t n;
	char *u16 = convert(text, "UTF-16LE", &n); /* the BOM becomes FF FE */
	result r = {0};
	run_bytes(&r, true, u16, n, false, false);
	CHECK(r.s.status == 0 && r.s.good == 1, "UTF-16LE tab-separated: 1 row in (%d %s %s)", r.s.status,
	      r.s.message, r.problems);
	CHECK(r.s.encoding == ENC_UTF16LE && r.s.delim == '\t', "UTF-16LE and tab detected");
	CHECK_STR(val(1, "producer"), "张三, 李四合伙", "comma inside a tab-separated field kept");
	free(u16);
	done(&r);
}

static void test_bad_rows_all_or_nothing(void)
{
	fresh();
	const char *file = HEAD "\n"
		ROW_A "\n"                                                                    /* 2 ok */
		"2026-06-01,北京,定性检测,,豇豆,,生产基地,,,张三,,30,,,,,\n"                   /* 3 town */
		"2026-06-01,土桥镇,定性检测,,豇豆,,生产基地,,,张三,,101,,,,,\n"                /* 4 range */
		"2026-12-01,土桥镇,定性检测,,豇豆,,生产基地,,,张三,,30,,,,,\n"                 /* 5 future */
		"2026-06-01,土桥镇,快检,,豇豆,,生产基地,,,张三,,30,,,,,\n"                     /* 6 kind */
		"2026-06-01,土桥镇,监督抽查,,豇豆,,生产基地,,,张三,,,毒死蜱,0.1,mg/kg,0.05,\n" /* 7 one sampler */
		"2026-06-01,土桥镇,定性检测,\"a\nb\",豇豆,,生产基地,,,张三,,30,,,,,\n"          /* 8 newline */
		"2026-06-01,土桥镇,定性检测,\x1b[31m,豇豆,,生产基地,,,张三,,30,,,,,\n"         /* 9 control */
		"2026-06-01,土桥镇,定性检测,,豇豆,,生产基地\n"                                  /* 10 short */
		ROW_C "\n";                                                                   /* 11 ok */
	result r = {0};
	run(&r, file, false);
	CHECK(r.s.status == 1, "bad rows: status 1");
	CHECK(r.s.rows == 10 && r.s.good == 2 && r.s.bad == 8, "10 rows: 2 good, 8 bad (%ld %ld %ld)", r.s.rows,
	      r.s.good, r.s.bad);
	CHECK(!r.s.committed && q("SELECT count(*) FROM samples") == 0, "all or nothing: nothing imported");
	CHECK(q("SELECT count(*) FROM counters") == 0, "no sample number used up");
	CHECK(has(r.problems, "3|镇街|未知镇街 \"北京\""), "row 3: unknown town");
	CHECK(has(r.problems, "4|抑制率(%)|抑制率(%) 应在 0 到 100 之间"), "row 4: range");
	CHECK(has(r.problems, "5|抽样日期|抽样日期 2026-12-01 晚于今天"), "row 5: future date");
	CHECK(has(r.problems, "6|检测类别|"), "row 6: bad kind");
	CHECK(has(r.problems, "7|抽样人|监督抽查的抽样人至少两名"), "row 7: two samplers");
	CHECK(has(r.problems, "8|受检主体|单元格内有换行"), "row 8: line break in a cell");
	CHECK(has(r.problems, "9|受检主体|受检主体含有控制字符"), "row 9 (row 8 spans two lines): control char: %s",
	      r.problems);
	CHECK(has(r.problems, "10||本行只有 7 列，表头有 17 列"), "row 10: too few columns");
	CHECK(has(r.report, "4,抑制率(%),101,") && has(r.report, "3,镇街,北京,"), "report rows: 行号,列,值,原因");
	/* --skip-bad: the two good rows in one transaction. */
	run(&r, file, true);
	CHECK(r.s.status == 1 && r.s.committed && r.s.good == 2, "skip-bad: good rows committed, status 1");
	CHECK(q("SELECT count(*) FROM samples") == 2, "2 records");
	CHECK(q("SELECT count(*) FROM audit WHERE action = 'import'") == 1, "one audit row");
	/* Fixing the file and importing again: only the fixed row is new. */
	const char *fixed = HEAD "\n" ROW_A "\n"
		"2026-06-01,土桥镇,定性检测,,豇豆,,生产基地,,,张三,,30,,,,,\n" ROW_C "\n";
	run(&r, fixed, false);
	CHECK(r.s.status == 0 && r.s.good == 1 && r.s.present == 2, "after fixing: 1 new, 2 present (%ld %ld)",
	      r.s.good, r.s.present);
	CHECK(q("SELECT count(*) FROM samples") == 3, "3 records, nothing duplicated");
	done(&r);
}

static void test_dry_run(void)
{
	fresh();
	result r = {0};
	run_bytes(&r, true, HEAD "\n" ROW_A "\n" ROW_C "\n", strlen(HEAD "\n" ROW_A "\n" ROW_C "\n"), false, true);
	CHECK(r.s.status == 0 && r.s.good == 2 && !r.s.committed, "dry run: 2 would be new, nothing committed");
	CHECK(q("SELECT count(*) FROM samples") == 0 && q("SELECT count(*) FROM audit WHERE action = 'import'") == 0,
	      "dry run: database unchanged");
	done(&r);
}

static void test_quotes_and_truncation(void)
{
	fresh();
	result r = {0};
	/* A stray quote in row 3; rows 2 and 4 are fine. */
	run(&r, HEAD "\r\n" ROW_A "\r\n"
	        "2026-06-01,土桥镇,定性检测,王\"五,豇豆,,生产基地,,,张三,,30,,,,,\r\n"
	        ROW_C "\r\n", true);
	CHECK(r.s.rows == 3 && r.s.good == 2 && r.s.bad == 1, "stray quote: 2 in, 1 rejected (%ld %ld %ld)", r.s.rows,
	      r.s.good, r.s.bad);
	CHECK(has(r.problems, "3||双引号使用有误"), "row 3 named with the quote reason: %s", r.problems);
	CHECK(q("SELECT count(*) FROM samples WHERE product = '大米'") == 1, "the row after the stray quote went in");
	/* A file cut inside a quoted field. */
	fresh();
	run(&r, HEAD "\n" ROW_A "\n2026-06-02,土桥镇,定性检测,\"张三", true);
	CHECK(r.s.good == 1 && r.s.bad == 1 && r.s.status == 1, "truncated in quotes: 1 in, last row rejected");
	CHECK(has(r.problems, "3||文件在双引号括起的字段中间结束"), "row 3: truncated: %s", r.problems);
	/* A file cut in the middle of a line (no newline at the end). */
	fresh();
	run(&r, HEAD "\n" ROW_A "\n2026-06-02,土桥镇,定性速", true);
	CHECK(r.s.good == 1 && r.s.bad == 1, "truncated line: 1 in, last row rejected");
	CHECK(has(r.problems, "3||本行只有 3 列"), "row 3: too few columns: %s", r.problems);
	/* A complete last line without a newline is fine. */
	fresh();
	run(&r, HEAD "\n" ROW_A, false);
	CHECK(r.s.status == 0 && r.s.good == 1, "last line without newline imported");
	/* Too many columns: a comma that should have been quoted. */
	fresh();
	run(&r, HEAD "\n2026-06-01,土桥镇,定性检测,张三,李四合伙,豇豆,,生产基地,,,张三,,30,,,,,备注\n", false);
	CHECK(r.s.bad == 1 && has(r.problems, "2||本行有 18 列，比表头多"), "too many columns: %s", r.problems);
	done(&r);
}

static void test_huge_field(void)
{
	fresh();
	size_t big = 10 * 1024 * 1024;
	const char *head = HEAD "\n" ROW_A "\n2026-06-01,土桥镇,定性检测,";
	const char *rest = ",豇豆,,生产基地,,,张三,,30,,,,,\n" ROW_C "\n";
	size_t hl = strlen(head), rl = strlen(rest);
	char *buf = malloc(hl + big + rl);
	memcpy(buf, head, hl);
	memset(buf + hl, 'x', big);
	memcpy(buf + hl + big, rest, rl);
	result r = {0};
	run_bytes(&r, true, buf, hl + big + rl, true, false);
	CHECK(r.s.good == 2 && r.s.bad == 1, "10 MB field: that row rejected, the others in (%ld %ld)", r.s.good,
	      r.s.bad);
	CHECK(has(r.problems, "3||字段过长"), "row 3: field too long: %s", r.problems);
	free(buf);
	done(&r);
}

static void test_missing_column_and_empty(void)
{
	fresh();
	result r = {0};
	run(&r, "抽样日期,样品名称,抽样人\n2026-06-01,豇豆,张三\n", false);
	CHECK(r.s.status == 2, "missing required columns: status 2");
	CHECK(has(r.s.message, "缺少必需的列: 检测单位、抽样环节"), "message names them: %s", r.s.message);
	CHECK(r.s.rows == 0 && q("SELECT count(*) FROM samples") == 0, "no row read");
	run(&r, "", false);
	CHECK(r.s.status == 2 && has(r.s.message, "没有内容"), "empty file: status 2 (%s)", r.s.message);
	run(&r, "镇街,镇街,抽样日期\n", false);
	CHECK(r.s.status == 2 && has(r.s.message, "都是 \"检测单位\""), "a column twice: status 2 (%s)", r.s.message);
	done(&r);
}

static void test_duplicates(void)
{
	fresh();
	result r = {0};
	/* Two equal rows without numbers are two samples. */
	const char *two = HEAD "\n" ROW_A "\n" ROW_A "\n";
	run(&r, two, false);
	CHECK(r.s.good == 2, "two equal rows: two records");
	run(&r, two, false);
	CHECK(r.s.good == 0 && r.s.present == 2, "again: both present (%ld %ld)", r.s.good, r.s.present);
	run(&r, HEAD "\n" ROW_A "\n" ROW_A "\n" ROW_A "\n", false);
	CHECK(r.s.good == 1 && r.s.present == 2, "three equal rows against two: one new (%ld %ld)", r.s.good,
	      r.s.present);
	/* External numbers. */
	fresh();
	const char *ext = HEAD ",外部编号\n" ROW_A ",P-001\n" ROW_A ",P-002\n";
	run(&r, ext, false);
	CHECK(r.s.good == 2, "external numbers: 2 new");
	CHECK_STR(val(1, "ext_no"), "P-001", "外部编号 kept");
	run(&r, ext, false);
	CHECK(r.s.present == 2 && r.s.good == 0, "again: present by 外部编号");
	run(&r, HEAD ",外部编号\n" ROW_C ",P-003\n" ROW_C ",P-003\n", true);
	CHECK(r.s.good == 1 && r.s.bad == 1 && has(r.problems, "3|外部编号|编号 P-003 在本文件中出现了两次"),
	      "the same number twice in a file: %s", r.problems);
	done(&r);
}

/* Export, then import: into the same database everything is present;
 * into a new one everything comes in and exports the same again. */
static char *export_text(void)
{
	char *buf = NULL, err[512];
	size_t len = 0;
	long rows;
	FILE *fp = open_memstream(&buf, &len);
	sheet *sh = sheet_csv(fp);
	export_samples(&A, 0, sh, &rows, err, sizeof err);
	sheet_close(sh, err, sizeof err);
	fclose(fp);
	return buf;
}

/* The columns an export carries from the record itself (not numbers,
 * versions, who or when): 样品编号 and the tail dropped. */
static void strip_meta(char *csv)
{
	/* Keep fields 2-18 (the form) and 21-22 (状态, 作废原因) of every line;
	 * no field in these tests has a comma or quote. */
	char *out = csv, *line = csv;
	while (*line) {
		char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line + 1) : strlen(line);
		int field = 1;
		for (size_t i = 0; i < len; i++) {
			char c = line[i];
			if (c == ',') {
				field++;
				if (field == 2 || field == 19 || field == 23)
					continue;
			}
			if ((field >= 2 && field <= 18) || field == 21 || field == 22 || c == '\n')
				*out++ = c;
		}
		line += len;
	}
	*out = '\0';
}

static void test_round_trip(void)
{
	fresh();
	result r = {0};
	run(&r, HEAD "\n" ROW_A "\n" ROW_C "\n"
	        "2026-06-03,侣俸镇,定性检测,=1+2,豇豆,,生产基地,,,张三,,45,,,,,''-备注\n", false);
	CHECK(r.s.good == 3, "three records to export");
	char err[512];
	CHECK(sample_void(A.db, 2, 1, "录入错误", &A.me, err, sizeof err), "one voided: %s", err);
	char *first = export_text();
	CHECK(has(first, ",\"'=1+2\","), "export guards a formula");
	char path[128];
	snprintf(path, sizeof path, "%s/export.csv", dir);
	FILE *fp = fopen(path, "wb");
	fputs(first, fp);
	fclose(fp);
	run_bytes(&r, true, first, strlen(first), false, false);
	CHECK(r.s.status == 0 && r.s.present == 3 && r.s.good == 0, "own export back: all 3 already present (%ld %ld %s)",
	      r.s.present, r.s.good, r.problems);
	CHECK(has(r.s.ignored, "判定") && has(r.s.ignored, "更正记录"), "computed columns ignored: %s", r.s.ignored);
	/* Into another database. */
	fresh();
	run_bytes(&r, true, first, strlen(first), false, false);
	CHECK(r.s.status == 0 && r.s.good == 3, "into a new database: 3 new (%d %ld %s)", r.s.status, r.s.good,
	      r.problems);
	CHECK_STR(val(1, "ext_no"), "TL2026-土桥-0001", "the old number kept as 外部编号");
	CHECK_STR(val(3, "producer"), "=1+2", "the formula guard taken off again");
	CHECK_STR(val(3, "remarks"), "'-备注", "a value that starts with ' survives");
	CHECK_STR(val(2, "status"), "void", "the voided record stays voided");
	CHECK_STR(val(2, "void_reason"), "录入错误", "with its reason");
	char *second = export_text();
	strip_meta(first);
	strip_meta(second);
	CHECK(strcmp(first, second) == 0, "every field round-trips exactly");
	if (strcmp(first, second) != 0)
		printf("# first:\n%s# second:\n%s", first, second);
	free(second);
	free(first);
	/* The copy's export imported into the copy: present again. */
	char *third = export_text();
	run_bytes(&r, true, third, strlen(third), false, false);
	CHECK(r.s.present == 3 && r.s.good == 0, "the copy's own export: all present");
	free(third);
	done(&r);
}

static void test_gbk_export(void)
{
	const char *csv = "\xEF\xBB\xBF样品编号,受检主体\r\nA1,侣俸镇\r\nA2,\"𠀀,\"\"x\"\"\"\r\n";
	char path[128], err[256];
	snprintf(path, sizeof path, "%s/utf8.csv", dir);
	FILE *in = fopen(path, "wb+");
	fputs(csv, in);
	rewind(in);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	long bad = enc_csv_to_gbk(in, out, NULL, NULL, err, sizeof err);
	fclose(out);
	fclose(in);
	size_t n;
	char *want = convert("样品编号,受检主体\r\nA1,侣俸镇\r\nA2,\"?,\"\"x\"\"\"\r\n", "CP936", &n);
	CHECK(bad == 1, "GBK export: one character GBK cannot hold (%ld)", bad);
	CHECK(len == n && memcmp(buf, want, n) == 0, "GBK bytes, no BOM, ? in its place");
	free(want);
	free(buf);
}

static char *uscc(const char *first17)
{
	static char out[2][19];
	static int k;
	k ^= 1;
	snprintf(out[k], sizeof out[k], "%s%c", first17, idcode_uscc_check(first17));
	return out[k];
}

static void test_producers(void)
{
	fresh();
	char file[4096];
	char code1[19], code2[19], wrong[19];
	snprintf(code1, sizeof code1, "%s", uscc("91500151MA61ABCD2"));
	snprintf(code2, sizeof code2, "%s", uscc("93500151MA61XY03K"));
	snprintf(wrong, sizeof wrong, "%s", code1);
	char id[19];
	snprintf(id, sizeof id, "50022419800101123%c", idcode_id_check("50022419800101123"));
	wrong[17] = wrong[17] == '0' ? '1' : '0';
	snprintf(file, sizeof file,
	         "主体名称,主体类型,镇街,村(社区),统一社会信用代码,联系电话,身份证号\r\n"
	         "张三家庭农场,家庭农场,侣俸镇,白龙村,%s,13800000000,\r\n" /* 2 ok */
	         "绿源合作社,合作社,土桥镇,,%s,,\r\n"                      /* 3 ok */
	         "坏代码合作社,合作社,土桥镇,,%s,,\r\n"                    /* 4 check digit */
	         "科学计数,企业,土桥镇,,9.15E+17,,\r\n"                     /* 5 Excel */
	         "张三家庭农场,家庭农场,侣俸镇,白龙村,,,\r\n"              /* 6 same place */
	         "王五,小农户,织篢镇,,,,\r\n"                                /* 7 not a 铜梁 town */
	         "李四,种养大户,侣俸镇,,,,%s\r\n",                           /* 8 ok: ID number */
	         code1, code2, wrong, id);
	result r = {0};
	run_bytes(&r, false, file, strlen(file), true, false);
	CHECK(r.s.good == 3 && r.s.bad == 4 && r.s.present == 0, "producers: 3 new, 4 bad (%ld %ld %ld)",
	      r.s.good, r.s.bad, r.s.present);
	CHECK(has(r.problems, "7|镇街|未知镇街 \"织篢镇\""), "row 7: 织篢镇 is not a town of 铜梁区");
	CHECK(has(r.problems, "6|主体名称|张三家庭农场 在本文件中出现了两次"), "row 6: twice in the file");
	CHECK(has(r.problems, "4|统一社会信用代码|"), "row 4: check digit: %s", r.problems);
	CHECK(has(r.problems, "5|统一社会信用代码|号码被 Excel 显示成了科学计数法"), "row 5: Excel's 9.15E+17 explained");
	CHECK(q("SELECT count(*) FROM producers") == 3, "3 producers");
	run_bytes(&r, false, file, strlen(file), true, false);
	CHECK(r.s.good == 0 && r.s.present == 4 && r.s.bad == 3, "again: 4 present (row 6 too), nothing new");
	/* Export and import back. */
	char *buf = NULL, err[256];
	size_t len = 0;
	long rows;
	FILE *fp = open_memstream(&buf, &len);
	sheet *sh = sheet_csv(fp);
	CHECK(export_producers(&A, sh, &rows, err, sizeof err) && rows == 3, "producers exported");
	CHECK(sheet_close(sh, err, sizeof err), "producers export closed");
	fclose(fp);
	CHECK(has(buf, ",\t500224"), "an all-digit ID number is exported after a tab (Excel keeps it text)");
	run_bytes(&r, false, buf, len, false, false);
	CHECK(r.s.status == 0 && r.s.present == 3, "own export back: 3 present (%d %s)", r.s.status, r.problems);
	fresh();
	run_bytes(&r, false, buf, len, false, false);
	CHECK(r.s.status == 0 && r.s.good == 3, "into a new database: 3 new (%s)", r.problems);
	CHECK(q("SELECT count(*) FROM producers WHERE credit_code IS NOT NULL AND village = '白龙村'") == 1,
	      "code and village came back");
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM producers WHERE id_number = '%s'", id);
	CHECK(q(sql) == 1, "the ID number came back without the tab");
	free(buf);
	done(&r);
}

static void test_checks_verified(void)
{
	fresh();
	db_exec(A.db, "CREATE TABLE t (x TEXT CHECK (x <> 'bad'), y INTEGER, CHECK (y < 10))");
	db_exec(A.db, "PRAGMA ignore_check_constraints = ON;"
	                   "INSERT INTO t VALUES ('ok', 1), ('bad', 2), ('fine', 20);"
	                   "PRAGMA ignore_check_constraints = OFF");
	CHECK(importer_failing_row(A.db, "t", 0) == 2, "a row failing a column CHECK is found");
	CHECK(importer_failing_row(A.db, "t", 2) == 3, "a row failing a table CHECK is found");
	CHECK(importer_failing_row(A.db, "t", 3) == 0, "no failing row after it");
	CHECK(importer_failing_row(A.db, "samples", 0) == 0, "the samples CHECKs read and evaluated");
	/* Text planted past the CHECKs (escape, bidi override) is found by the
	 * verification, which tests the SAFE rule in C (nj_safe). */
	{
		sample ps;
		sample_init(&ps);
		sample_set(&ps, SF_DATE, "2026-06-01");
		sample_set(&ps, SF_TOWN, "侣俸镇");
		sample_set(&ps, SF_KIND, "定性检测");
		sample_set(&ps, SF_PRODUCT, "豇豆");
		sample_set(&ps, SF_STAGE, "农贸市场");
		sample_set(&ps, SF_SAMPLERS, "张三");
		sample_set(&ps, SF_INHIBITION, "12");
		sample_error pe;
		bool saved_ok = sample_insert(A.db, A.cfg, app_form(&A, "sample"), &ps, USER_AS("tester"), &pe);
		CHECK(saved_ok, "a sample to plant text in: %s", pe.msg);
		long long pid = ps.id;
		CHECK(importer_failing_row(A.db, "samples", pid - 1) == 0, "a clean new sample passes");
		char sql[256];
		/* Planted as another tool could, past the history guard too. */
		db_exec(A.db, "DROP TRIGGER samples_change_needs_history");
		snprintf(sql, sizeof sql, "PRAGMA ignore_check_constraints = ON;"
		         " UPDATE samples SET remarks = '织篢' || char(27) || '[31m' WHERE id = %lld;"
		         " PRAGMA ignore_check_constraints = OFF;", pid);
		db_exec(A.db, sql);
		CHECK(importer_failing_row(A.db, "samples", pid - 1) == pid, "an escape in a text column is found");
		snprintf(sql, sizeof sql, "PRAGMA ignore_check_constraints = ON;"
		         " UPDATE samples SET remarks = 'abc' || char(8238), place = NULL WHERE id = %lld;"
		         " PRAGMA ignore_check_constraints = OFF;", pid);
		db_exec(A.db, sql);
		CHECK(importer_failing_row(A.db, "samples", pid - 1) == pid, "a bidi override is found");
		snprintf(sql, sizeof sql, "PRAGMA ignore_check_constraints = ON;"
		         " UPDATE samples SET remarks = '侣俸镇 𠀀 ok' WHERE id = %lld;"
		         " PRAGMA ignore_check_constraints = OFF;", pid);
		db_exec(A.db, sql);
		CHECK(importer_failing_row(A.db, "samples", pid - 1) == 0, "rare and 4-byte characters pass");
		sample_free(&ps);
	}
}

/* Today's template: the centre's 例行监测 taken in 土桥镇 comes in with its
 * testing unit and its place apart; the old template (镇街, 抽样地点 as
 * text) still reads its 抽样地点 as the place text (test_utf8 above). */
static void test_unit_and_site(void)
{
	fresh();
	result r = {0};
	run(&r, HEAD_NOW "\n"
	    "2026-06-01,区检测中心,例行监测,,豇豆,,生产基地,白龙村,,张三、李四,,,毒死蜱,0.03,mg/kg,0.1,,,土桥,,,,\n", false);
	CHECK(r.s.status == 0 && r.s.good == 1, "new template: one row in (%d %ld: %s)", r.s.status, r.s.good, r.problems);
	CHECK(q("SELECT count(*) FROM samples s JOIN units u ON u.id = s.unit_id WHERE u.name = '区检测中心'"
	        " AND s.site_town = '土桥镇' AND s.place = '白龙村'") == 1,
	      "检测单位 区检测中心, 抽样地点 土桥镇, 详细地点 白龙村");
	/* Several items in the 项目 column: each a row of sample_items. */
	result r2 = {0};
	run(&r2, HEAD_NOW "\n"
	    "2026-06-02,区检测中心,例行监测,,番茄,,生产基地,,,张三、李四,,,,,,,,,土桥,镉:0.15；甲胺磷:未检出,,,\n", false);
	CHECK(r2.s.status == 0 && r2.s.good == 1, "items imported (%d %ld: %s)", r2.s.status, r2.s.good, r2.problems);
	CHECK(q("SELECT count(*) FROM sample_items i JOIN samples s ON s.id = i.sample_id WHERE s.product = '番茄'"
	        " AND s.verdict = 'fail'") == 2, "two item rows, the sample 不合格 (镉 over GB 2762's 0.05)");
	CHECK(q("SELECT count(*) FROM sample_items WHERE item = '镉' AND verdict = 'fail' AND reason = '超标'"
	        " AND value_text = '0.15' AND limit_text = '0.05' AND limit_from = 'table'") == 1, "镉 超标 against the table");
	done(&r2);
	done(&r);
}

static void test_staff_own_town(void)
{
	fresh();
	A.me.role = USER_STAFF;
	snprintf(A.me.town, sizeof A.me.town, "土桥镇");
	result r = {0};
	run(&r, HEAD "\n" ROW_A "\n" ROW_B "\n", true);
	CHECK(r.s.good == 1 && r.s.bad == 1, "staff of 土桥镇: own town in, 侣俸镇 refused (%ld %ld)", r.s.good, r.s.bad);
	CHECK(has(r.problems, "3|镇街|你只能录入和更正本单位 (土桥镇) 的记录"), "row 3 says why: %s", r.problems);
	A.me.role = USER_ADMIN;
	done(&r);
}

static void test_template(void)
{
	fresh();
	char *buf = NULL, err[256];
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	CHECK(template_samples(&A, fp, err, sizeof err), "sample template written");
	fclose(fp);
	/* The form's order: the method and the strip's fields beside the
	 * inhibition. */
	CHECK(buf && strcmp(buf, "\xEF\xBB\xBF" "抽样日期,检测单位,检测类别,受检主体,样品名称,产品类别,抽样环节,详细地点,"
	                         "抽样数量,抽样人,检测人,检测方法,抑制率(%),试纸项目,试纸结果,检测项目,检测值,单位,"
	                         "限量值,备注,样品批次,抽样地点,项目,外部编号\r\n") == 0, "template: the form's labels: %s", buf);
	/* The template itself imports as an empty file with a header. */
	result r = {0};
	run_bytes(&r, true, buf, len, false, false);
	CHECK(r.s.status == 0 && r.s.rows == 0, "an empty template imports nothing, status 0");
	free(buf);
	done(&r);
}

/* Records other users save while a file is being checked (no lock is
 * held then) are looked at once the import has the write lock: a row with
 * the 外部编号 of one of them, or equal to one of them, is already present,
 * and the numbers stay gap-free in file order after theirs. The other
 * user is a second connection saving from the importer's saving() call,
 * the moment between the check and the lock. */
static const char *meanwhile_file;
static bool meanwhile_ok;

static void save_meanwhile(void *ctx, long rows)
{
	(void)ctx;
	(void)rows;
	char path[128], err[1024];
	snprintf(path, sizeof path, "%s/t%d.db", dir, ndb);
	app B = {0};
	if (!app_open(&B, "conf/nongjian.ini", path, false, err, sizeof err))
		return;
	snprintf(path, sizeof path, "%s/meanwhile.csv", dir);
	FILE *fp = fopen(path, "wb");
	fputs(meanwhile_file, fp);
	fclose(fp);
	fp = fopen(path, "rb");
	imp_options o = {.login = B.user, .source = "meanwhile.csv"};
	imp_summary s;
	import_samples(&B, fp, &o, &s);
	fclose(fp);
	meanwhile_ok = s.committed && s.good > 0;
	app_close(&B);
}

static void test_saved_meanwhile(void)
{
	fresh();
	result r = {0};
	run(&r, HEAD "\n" ROW_C "\n", false); /* the database is not empty */
	CHECK(r.s.good == 1, "one record before");
	meanwhile_file = HEAD ",外部编号\n" ROW_A ",P-001\n" ROW_B ",\n";
	meanwhile_ok = false;
	const char *file = HEAD ",外部编号\n" ROW_A ",P-001\n" ROW_B ",\n" ROW_B ",\n" ROW_A ",\n" ROW_C ",\n";
	char path[128];
	snprintf(path, sizeof path, "%s/in.csv", dir);
	FILE *fp = fopen(path, "wb");
	fputs(file, fp);
	fclose(fp);
	fp = fopen(path, "rb");
	imp_options o = {.login = A.user, .source = "in.csv", .saving = save_meanwhile, .on_problem = on_problem,
	                 .ctx = &r};
	free(r.report);
	memset(&r, 0, sizeof r);
	import_samples(&A, fp, &o, &r.s);
	fclose(fp);
	CHECK(meanwhile_ok, "another user saved 2 records while the file was checked");
	CHECK(r.s.committed && r.s.status == 0, "the import saved (%s)", r.s.message);
	/* P-001: theirs; one 侣俸镇 row equal to theirs; the 土桥镇 row without
	 * a number equal to P-001's record in every field; ROW_C equal to the
	 * one before. New: the second 侣俸镇 row. */
	CHECK(r.s.good == 1 && r.s.present == 4, "found present at the save: 1 new, 4 present (%ld %ld)", r.s.good,
	      r.s.present);
	CHECK(q("SELECT count(*) FROM samples") == 4, "4 records: 1 before, 2 meanwhile, 1 imported (%lld)",
	      q("SELECT count(*) FROM samples"));
	CHECK(q("SELECT count(*) FROM (SELECT unit_id FROM samples GROUP BY unit_id, year"
	        " HAVING count(*) <> max(seq) OR min(seq) <> 1)") == 0, "numbers gap-free in every town");
	CHECK(q("SELECT seq FROM samples ORDER BY id DESC LIMIT 1") == 2, "the imported 侣俸镇 record is 侣俸 no. 2");
	CHECK(q("SELECT count(*) FROM samples WHERE ext_no = 'P-001'") == 1, "P-001 saved once");
	done(&r);
}

/* Every kind checks its rows while the file is read, before it takes the
 * write lock: as a row is refused (on_problem), another user's connection
 * takes the write lock at once (no busy wait) and registers a producer.
 * Were the checks made under the import's lock, that save would fail. */
static int saved_while_refused, busy_while_refused;

static void refused_meanwhile(void *ctx, long row, const char *column, const char *value, const char *reason)
{
	on_problem(ctx, row, column, value, reason);
	char path[128], err[1024];
	snprintf(path, sizeof path, "%s/t%d.db", dir, ndb);
	app B = {0};
	if (!app_open(&B, "conf/nongjian.ini", path, false, err, sizeof err)) {
		busy_while_refused++;
		return;
	}
	sqlite3_busy_timeout(db_sqlite(B.db), 0);
	static int n;
	char name[64];
	snprintf(name, sizeof name, "别的用户登记的第%d家", ++n);
	producer p;
	producer_init(&p);
	producer_set(&p, PF_NAME, name);
	producer_set(&p, PF_KIND, "家庭农场");
	producer_set(&p, PF_TOWN, "侣俸镇");
	producer_error e;
	if (producer_insert(B.db, B.cfg, app_form(&B, "producer"), &p, &B.me, &e))
		saved_while_refused++;
	else
		busy_while_refused++;
	producer_free(&p);
	app_close(&B);
}

static void import_kind(result *r, void (*kind)(app *, FILE *, const imp_options *, imp_summary *),
                        const char *text)
{
	free(r->report);
	memset(r, 0, sizeof *r);
	char path[128];
	snprintf(path, sizeof path, "%s/kind.csv", dir);
	FILE *fp = fopen(path, "wb");
	fputs(text, fp);
	fclose(fp);
	fp = fopen(path, "rb");
	imp_options o = {.skip_bad = true, .login = A.user, .source = "kind.csv", .on_problem = refused_meanwhile,
	                 .ctx = r};
	kind(&A, fp, &o, &r->s);
	fclose(fp);
}

static void test_checked_before_lock(void)
{
	fresh();
	result r = {0};
	saved_while_refused = busy_while_refused = 0;
	import_kind(&r, import_producers,
	            "主体名称,主体类型,镇街,村(社区),联系电话,定点经营,许可证号,许可日期\n"
	            "侣俸镇惠农农资店,农资店,侣俸镇,,,是,农药经营许可证500151001,2024-03-01\n"
	            "号码有误合作社,合作社,侣俸镇,,12345,,,\n"
	            "侣俸镇惠农农资店,农资店,侣俸镇,,,是,农药经营许可证500151001,2024-03-01\n"
	            "土桥柑橘园,家庭农场,土桥镇,,,,,\n");
	CHECK(r.s.committed && r.s.good == 2 && r.s.bad == 2, "producers: 2 new, 2 refused (%ld %ld: %s %s)", r.s.good,
	      r.s.bad, r.problems, r.s.message);
	CHECK(has(r.problems, "3|联系电话|") && has(r.problems, "4|主体名称|侣俸镇惠农农资店 在本文件中出现了两次"),
	      "a bad phone and a producer twice in the file, refused (%s)", r.problems);
	CHECK(saved_while_refused == 2 && busy_while_refused == 0,
	      "producers: another user saved while each row was refused (%d saved, %d busy)", saved_while_refused,
	      busy_while_refused);
	CHECK(q("SELECT count(*) FROM producers") == 4, "the 2 imported and the 2 registered meanwhile (%lld)",
	      q("SELECT count(*) FROM producers"));
	saved_while_refused = busy_while_refused = 0;
	import_kind(&r, import_sales,
	            "农资店,销售日期,购买人,身份证号,村(社区),农药,数量,单位,作物\n"
	            "侣俸镇惠农农资店,2026-06-02,赵六,500223197001011234,双河村,氧乐果,2,瓶,柑橘\n"
	            "侣俸镇惠农农资店,2026-06-03,钱七,500223201001011233,双河村,克百威,1,kg,水稻\n");
	CHECK(r.s.committed && r.s.good == 1 && r.s.bad == 1 && has(r.problems, "3|"),
	      "sales: 1 new, the under-18 buyer refused (%s %s)", r.problems, r.s.message);
	CHECK(saved_while_refused == 1 && busy_while_refused == 0, "sales: another user saved while the row was refused");
	saved_while_refused = busy_while_refused = 0;
	import_kind(&r, import_inspections,
	            "受检主体,巡查日期,检查人,投入品规范管理与使用\n土桥柑橘园,2026-06-15,王芳、李明,符合\n"
	            "土桥柑橘园,2026-06-15,王芳,符合\n");
	CHECK(r.s.committed && r.s.good == 1 && r.s.bad == 1 && has(r.problems, "至少两名"),
	      "inspections: 1 new, the one-inspector row refused (%s %s)", r.problems, r.s.message);
	CHECK(saved_while_refused == 1 && busy_while_refused == 0,
	      "inspections: another user saved while the row was refused");
	CHECK(q("SELECT count(*) FROM producers") == 6 && q("SELECT count(*) FROM sales") == 1 &&
	      q("SELECT count(*) FROM inspections") == 1, "everything saved once");
	done(&r);
}

/* A kind with check(): what others saved between the check and the
 * write lock (the saving callback runs just before the lock) is found
 * present when the rows are written, never saved twice. */
static bool other_saved;

static void register_meanwhile(void *ctx, long rows)
{
	(void)ctx;
	(void)rows;
	char path[128], err[1024];
	snprintf(path, sizeof path, "%s/t%d.db", dir, ndb);
	app B = {0};
	if (!app_open(&B, "conf/nongjian.ini", path, false, err, sizeof err))
		return;
	producer p;
	producer_init(&p);
	producer_set(&p, PF_NAME, "后登记的合作社");
	producer_set(&p, PF_KIND, "合作社");
	producer_set(&p, PF_TOWN, "土桥镇");
	producer_set(&p, PF_VILLAGE, "石坝村");
	producer_error e;
	other_saved = producer_insert(B.db, B.cfg, app_form(&B, "producer"), &p, &B.me, &e);
	producer_free(&p);
	app_close(&B);
}

static void test_registered_meanwhile(void)
{
	fresh();
	const char *file = "主体名称,主体类型,镇街,村(社区)\n先有的农场,家庭农场,侣俸镇,\n"
	                   "后登记的合作社,合作社,土桥镇,石坝村\n又一个农场,家庭农场,侣俸镇,\n";
	char path[128];
	snprintf(path, sizeof path, "%s/in.csv", dir);
	FILE *fp = fopen(path, "wb");
	fputs(file, fp);
	fclose(fp);
	fp = fopen(path, "rb");
	result r = {0};
	other_saved = false;
	imp_options o = {.login = A.user, .source = "in.csv", .saving = register_meanwhile, .on_problem = on_problem,
	                 .ctx = &r};
	import_producers(&A, fp, &o, &r.s);
	fclose(fp);
	CHECK(other_saved, "another user registered 后登记的合作社 after the check, before the lock");
	CHECK(r.s.committed && r.s.status == 0 && r.s.good == 2 && r.s.present == 1,
	      "the import: 2 new, 1 found present at the save (%ld %ld %s %s)", r.s.good, r.s.present, r.problems,
	      r.s.message);
	CHECK(q("SELECT count(*) FROM producers") == 3 && q("SELECT count(*) FROM producers WHERE name = '后登记的合作社'") == 1,
	      "3 producers, 后登记的合作社 once");
	done(&r);
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	snprintf(dir, sizeof dir, "/tmp/nj-import-XXXXXX");
	if (!mkdtemp(dir))
		return 2;
	test_encodings_streamed();
	test_utf8_bom_crlf();
	test_utf8_plain_lf_any_order();
	test_gbk_and_gb18030();
	test_utf16le_tabs();
	test_bad_rows_all_or_nothing();
	test_dry_run();
	test_quotes_and_truncation();
	test_huge_field();
	test_missing_column_and_empty();
	test_duplicates();
	test_round_trip();
	test_gbk_export();
	test_producers();
	test_checks_verified();
	test_unit_and_site();
	test_staff_own_town();
	test_template();
	test_saved_meanwhile();
	test_checked_before_lock();
	test_registered_meanwhile();
	app_close(&A);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 2;
	return check_done();
}
