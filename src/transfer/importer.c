#include "transfer/importer.h"

#include <csv.h>
#include <stdarg.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "store/audit.h"
#include "base/csvout.h"
#include "base/diag.h"
#include "base/err.h"
#include "store/db.h"
#include "base/text.h"

#define READ_CAP 65536
#define ROW_CAP (4 * 1024 * 1024)   /* all the cells of one row */
#define VALUE_SHOWN 200              /* bytes of a value quoted in the report */
#define TITLE_ROWS 5                 /* title rows tolerated above the header */
#define IMP_CONV_CAP 64              /* a converted cell (a date) */

static long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* This process's CPU time (ms): what the diagnostic log reports beside
 * the wall time, which a loaded server stretches. */
static long cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (long)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* libcsv keeps a field in one buffer it grows with the realloc function
 * it is given: refusing to grow it past the cap turns a 10 MB field into
 * a parse error, never an out-of-memory. */
static bool field_cap_hit;

static void *capped_realloc(void *ptr, size_t size)
{
	if (size > IMP_MAX_FIELD_BYTES + 256) {
		field_cap_hit = true;
		return NULL;
	}
	return realloc(ptr, size);
}

typedef struct {
	db_conn *db;
	const imp_kind *k;
	void *kctx;
	const imp_options *o;
	imp_summary *s;
	/* The row being read: cells in one arena, by offset. */
	char *arena;
	size_t alen, acap;
	size_t offs[IMP_MAX_COLUMNS];
	int nf, extra;          /* cells kept, cells beyond IMP_MAX_COLUMNS */
	bool too_big;
	long rowno;             /* rows so far, as Excel numbers them */
	int last_term;          /* the character that ended the last row */
	/* The header. */
	bool have_header;
	int titles;             /* title rows skipped above it */
	int ncols;
	int *col_field;         /* per column: field, IMP_UNKNOWN or IMP_IGNORED */
	char **col_name;
	int *field_col;         /* per field: its column or -1 */
	char **values;          /* per field, for the kind's row() */
	char (*conv)[IMP_CONV_CAP]; /* per field: a cell as read (cells.h) */
	bool stop;              /* the file cannot be read on */
	bool fatal;             /* the import failed (database) */
	FILE *spool;            /* rows read and checked, to be saved (tmpfile) */
	long spooled;
	size_t *voffs;          /* per field: its value's offset in the arena */
	bool in_tx;             /* the write transaction */
	db_tx tx;
	bool checking;          /* a kind with save() or check(): rows are checked as they are read */
	long lock_asked, lock_taken; /* when (mono_ms), for the diagnostic log */
	long cpu_taken;         /* cpu_ms() then */
	bool bulk;              /* CHECK constraints off for bulk_table */
	long long bulk_from;    /* its last rowid before the import */
	int cache_size;         /* the connection's, restored after */
} imp_state;

void importer_fold(const char *in, char *out, size_t outlen)
{
	static const struct {
		const char *from, *to;
	} map[] = {
		{"\xEF\xBC\x88", "("}, {"\xEF\xBC\x89", ")"}, {"\xEF\xBC\x85", "%"}, {"\xE3\x80\x80", ""},
		{"\xEF\xBB\xBF", ""}, {" ", ""}, {"\t", ""}, {"\r", ""}, {"\n", ""},
	};
	size_t o = 0;
	while (*in && o + 1 < outlen) {
		size_t i;
		for (i = 0; i < sizeof map / sizeof *map; i++) {
			size_t l = strlen(map[i].from);
			if (strncmp(in, map[i].from, l) == 0) {
				size_t tl = strlen(map[i].to);
				if (o + tl + 1 < outlen) {
					memcpy(out + o, map[i].to, tl);
					o += tl;
				}
				in += l;
				break;
			}
		}
		if (i < sizeof map / sizeof *map)
			continue;
		char c = *in++;
		out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	out[o] = '\0';
}

/* A value as the report shows it: undecodable bytes as U+FFFD, cut at
 * VALUE_SHOWN bytes on a character boundary. */
static void shown(const char *v, char *out, size_t outlen)
{
	size_t o = 0;
	for (const char *p = v; *p && o + 4 < outlen; p++) {
		if (o >= VALUE_SHOWN) {
			if (((unsigned char)*p & 0xC0) == 0x80) { /* mid-character: drop its start */
				while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
					o--;
				if (o > 0 && (unsigned char)out[o - 1] >= 0xC0)
					o--;
			}
			memcpy(out + o, "\xE2\x80\xA6", 3); /* … */
			o += 3;
			break;
		}
		if (*p == ENC_BAD) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
}

/* A problem in the report file, and (unless it is about the whole file,
 * which the summary's message says once) to on_problem. */
static void report_to(imp_state *st, bool tell, long row, const char *column, const char *value,
                      const char *reason)
{
	char v[VALUE_SHOWN + 16], num[24];
	shown(value ? value : "", v, sizeof v);
	if (st->o->report) {
		snprintf(num, sizeof num, "%ld", row);
		csvout_field(st->o->report, num, true, false);
		csvout_field(st->o->report, column, false, true);
		csvout_field(st->o->report, v, false, true);
		csvout_field(st->o->report, reason, false, true);
		csvout_end(st->o->report);
	}
	if (tell && st->o->on_problem)
		st->o->on_problem(st->o->ctx, row, column, v, reason);
}

static void report(imp_state *st, long row, const char *column, const char *value, const char *reason)
{
	report_to(st, true, row, column, value, reason);
}

/* The file cannot be read on: the message is the summary's. */
static void stop(imp_state *st, const char *fmt, ...) NJ_PRINTF(2, 3);
static void stop(imp_state *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verrf(st->s->message, sizeof st->s->message, fmt, ap);
	va_end(ap);
	st->stop = true;
	report_to(st, false, st->rowno > 0 ? st->rowno : 1, "", "", st->s->message);
}

static void reject(imp_state *st, const char *column, const char *value, const char *reason)
{
	st->s->bad++;
	report(st, st->rowno, column, value, reason);
}

static void add_ignored(imp_state *st, const char *name)
{
	size_t n = strlen(st->s->ignored);
	snprintf(st->s->ignored + n, sizeof st->s->ignored - n, "%s%s", n ? "、" : "", name);
}

static void reset_row(imp_state *st)
{
	st->alen = 0;
	st->nf = st->extra = 0;
	st->too_big = false;
}

static void on_field(void *data, size_t len, void *p)
{
	imp_state *st = p;
	if (st->stop || st->fatal)
		return;
	if (st->nf >= IMP_MAX_COLUMNS) {
		st->extra++;
		return;
	}
	if (st->alen + len + 1 > ROW_CAP) {
		st->too_big = true;
		len = 0;
	}
	st->arena = xgrow(st->arena, &st->acap, st->alen + len + 1, 1);
	if (len)
		memcpy(st->arena + st->alen, data, len);
	st->arena[st->alen + len] = '\0';
	st->offs[st->nf++] = st->alen;
	st->alen += len + 1;
}

/* A spreadsheet's guard against formulas (a leading ' before = + - @, see
 * csvout.h) is taken off again, so export and import round-trip. */
static void unguard(char *v)
{
	if (v[0] == '\'' && v[1] && strchr("=+-@'", v[1]))
		memmove(v, v + 1, strlen(v));
}

/* The CHECK constraints of a table, as one expression that is true for a
 * row that satisfies them all (a CHECK passes when true or NULL). */
static char *table_checks(db_conn *db, const char *table)
{
	db_stmt *st;
	char *out = NULL;
	if (db_prepare_rc(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
	                       &st) != DB_OK)
		return NULL;
	db_bind_text(st, 1, table);
	const char *sql = db_step(st) == DB_ROW ? db_column_text(st, 0) : NULL;
	size_t len = sql ? strlen(sql) : 0, used = 0;
	size_t cap = len * 4 + 16; /* each CHECK (at least 8 bytes) grows by 19 */
	out = xcalloc(cap, 1);
	used = (size_t)snprintf(out, cap, "1");
	for (size_t i = 0; sql && i < len; i++) {
		char c = sql[i];
		if (c == '\'' || c == '"' || c == '`' || c == '[') {
			char end = c == '[' ? ']' : c;
			for (i++; i < len && sql[i] != end; i++)
				;
			continue;
		}
		bool word = (i == 0 || !(isalnum((unsigned char)sql[i - 1]) || sql[i - 1] == '_')) &&
		            strncasecmp(sql + i, "CHECK", 5) == 0;
		size_t j = i + 5;
		while (word && j < len && isspace((unsigned char)sql[j]))
			j++;
		if (!word || j >= len || sql[j] != '(')
			continue;
		size_t start = j;
		int depth = 0;
		for (; j < len; j++) {
			if (sql[j] == '\'' || sql[j] == '"') {
				char q = sql[j];
				for (j++; j < len && sql[j] != q; j++)
					;
			} else if (sql[j] == '(') {
				depth++;
			} else if (sql[j] == ')' && --depth == 0) {
				break;
			}
		}
		if (j >= len)
			break;
		/* The text-safety CHECK (schema.c's SAFE: no C0/C1 controls, bidi
		 * or invisible format characters) as a GLOB with a character class
		 * took a third of a large import's time; nj_safe() tests the same
		 * code points on the stored bytes in C. */
		const char *safe = strstr(sql + start, " NOT GLOB ('*[' || char(1) || '-' || char(31)");
		if (safe && safe < sql + j && (size_t)(safe - sql) > start + 1) {
			const char *col = sql + start + 1, *stop = strstr(col, " IS NULL");
			while (*col == ' ')
				col++;
			if (stop && stop < safe) {
				int w = snprintf(out + used, cap - used, " AND nj_safe(%.*s)", (int)(stop - col), col);
				if (w < 0 || (size_t)w >= cap - used)
					break;
				used += (size_t)w;
				i = j;
				continue;
			}
		}
		int w = snprintf(out + used, cap - used, " AND coalesce(%.*s, 1)", (int)(j - start + 1), sql + start);
		if (w < 0 || (size_t)w >= cap - used)
			break;
		used += (size_t)w;
		i = j;
	}
	db_finalize(st);
	return out;
}

/* nj_safe(text): 1 unless text holds a code point the SAFE CHECK refuses
 * (1-31, 127-159, U+200B-U+200F, U+202A-U+202E, U+2060-U+206F, U+FEFF).
 * NULL is safe, as in the CHECK. */
static int nj_safe(const char *const *args, int nargs)
{
	(void)nargs;
	const unsigned char *p = (const unsigned char *)args[0];
	int ok = 1;
	while (p && *p && ok) {
		unsigned c = *p;
		int n = 1;
		if (c >= 0xF0 && p[1] && p[2] && p[3]) {
			c = ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
			n = 4;
		} else if (c >= 0xE0 && p[1] && p[2]) {
			c = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
			n = 3;
		} else if (c >= 0xC0 && p[1]) {
			c = ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
			n = 2;
		}
		ok = !((c >= 1 && c <= 31) || (c >= 127 && c <= 159) || (c >= 8203 && c <= 8207) ||
		       (c >= 8234 && c <= 8238) || (c >= 8288 && c <= 8303) || c == 65279);
		p += n;
	}
	return ok;
}

long long importer_failing_row(db_conn *db, const char *table, long long after)
{
	db_function(db, "nj_safe", 1, nj_safe);
	char *checks = table_checks(db, table);
	if (!checks)
		return -1;
	size_t n = strlen(checks) + strlen(table) + 128;
	char *q = xcalloc(n, 1);
	snprintf(q, n, "SELECT rowid FROM \"%s\" WHERE rowid > ?1 AND NOT (%s) LIMIT 1", table, checks);
	free(checks);
	db_stmt *v;
	long long bad = -1;
	if (db_prepare_rc(db, q, &v) == DB_OK) {
		db_bind_int64(v, 1, after);
		int rc = db_step(v);
		bad = rc == DB_ROW ? db_column_int64(v, 0) : rc == DB_DONE ? 0 : -1;
	}
	db_finalize(v);
	free(q);
	return bad;
}

/* Saving under the write lock: a page cache of 1 MB for the transaction
 * (memory does not grow with the file; the staged copy grows the indexes
 * town by town, so more cache buys little: 16 MB and 1 MB held the lock
 * equally long for 200,000 rows; the connection's 256 KB made a 50,000
 * producer list spill pages to the WAL three times as often), and for a
 * bulk_table, CHECK constraints off. */
static void bulk_start(imp_state *st)
{
	char sql[256];
	db_stmt *q;
	if (st->k->bulk_table) {
		snprintf(sql, sizeof sql, "SELECT coalesce(max(rowid), 0) FROM \"%s\"", st->k->bulk_table);
		if (db_prepare_rc(st->db, sql, &q) == DB_OK && db_step(q) == DB_ROW)
			st->bulk_from = db_column_int64(q, 0);
		db_finalize(q);
	}
	st->cache_size = -2000;
	if (db_prepare_rc(st->db, "PRAGMA cache_size", &q) == DB_OK &&
	    db_step(q) == DB_ROW)
		st->cache_size = db_column_int(q, 0);
	db_finalize(q);
	db_exec(st->db, st->k->bulk_table ? "PRAGMA cache_size = -1024; PRAGMA ignore_check_constraints = ON"
	                                        : "PRAGMA cache_size = -1024");
	st->bulk = true;
}

/* The cache and constraints back; with verify, every new row of the
 * bulk_table is checked against them (false, with the message, when one
 * fails). */
static bool bulk_end(imp_state *st, bool verify)
{
	if (!st->bulk)
		return true;
	st->bulk = false;
	char sql[64];
	db_exec(st->db, "PRAGMA ignore_check_constraints = OFF");
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", st->cache_size);
	db_exec(st->db, sql);
	if (!verify || !st->k->bulk_table)
		return true;
	long long bad = importer_failing_row(st->db, st->k->bulk_table, st->bulk_from);
	if (bad > 0)
		snprintf(st->s->message, sizeof st->s->message,
		         "导入的记录 (id %lld) 不符合数据库的约束，已全部撤销：这是程序的错误，请报告", bad);
	else if (bad < 0)
		db_error(st->db, "核对导入的记录失败", st->s->message, sizeof st->s->message);
	return bad == 0;
}

/* A kind with save() checks rows while the file is read, in short
 * transactions that write only the connection's temporary tables: one per
 * block of input, ended before the next block is read, so that no read
 * snapshot is held while the input stalls. */
static bool stage_open(imp_state *st)
{
	if (db_in_transaction(st->db))
		return true;
	if (db_exec(st->db, "BEGIN") == DB_OK)
		return true;
	db_error(st->db, "导入失败", st->s->message, sizeof st->s->message);
	st->fatal = true;
	return false;
}

static void stage_close(imp_state *st)
{
	if (!st->checking || st->in_tx || !db_in_transaction(st->db))
		return;
	if (db_exec(st->db, "COMMIT") != DB_OK) {
		if (!st->fatal)
			db_error(st->db, "写入临时文件失败", st->s->message, sizeof st->s->message);
		st->fatal = true;
		db_exec(st->db, "ROLLBACK");
	}
}

static void header(imp_state *st, char **cells, int n)
{
	const imp_kind *k = st->k;
	for (int i = 0; i < n; i++) {
		if (strchr(cells[i], ENC_BAD)) {
			stop(st, "表头 (第 %ld 行) 含有无法识别的字节：文件的编码不是 UTF-8、GBK 或 UTF-16，"
			     "请在 Excel 中另存为 \"CSV UTF-8 (逗号分隔)\" 后再导入", st->rowno);
			return;
		}
	}
	int known = 0, filled = 0;
	for (int i = 0; i < n; i++) {
		if (k->field_for(st->kctx, cells[i]) >= 0)
			known++;
		if (*cells[i])
			filled++;
	}
	if (known == 0 && filled <= 1 && st->titles < TITLE_ROWS) {
		/* A title above the header ("2026年土桥镇抽样记录"). */
		st->titles++;
		return;
	}
	if (st->extra > 0) {
		stop(st, "表头超过 %d 列，不像是%s的表格", IMP_MAX_COLUMNS, k->what);
		return;
	}
	st->have_header = true;
	st->ncols = n;
	st->col_field = xcalloc((size_t)n, sizeof *st->col_field);
	st->col_name = xcalloc((size_t)n, sizeof *st->col_name);
	for (int f = 0; f < k->nfields; f++)
		st->field_col[f] = -1;
	for (int i = 0; i < n; i++) {
		char name[64];
		if (*cells[i])
			st->col_name[i] = xstrdup(cells[i]);
		else {
			snprintf(name, sizeof name, "第%d列", i + 1);
			st->col_name[i] = xstrdup(name);
		}
		int f = *cells[i] ? k->field_for(st->kctx, cells[i]) : IMP_UNKNOWN;
		st->col_field[i] = f;
		if (f >= 0 && st->field_col[f] >= 0) {
			char a[16], b[16], both[256];
			snprintf(a, sizeof a, "%d", st->field_col[f] + 1);
			snprintf(b, sizeof b, "%d", i + 1);
			snprintf(both, sizeof both, "第 %s 列和第 %s 列", a, b);
			stop(st, "%s都是 \"%s\"：每一列只能出现一次，请删去多余的一列", both, k->field_label(st->kctx, f));
			return;
		}
		if (f >= 0) {
			st->field_col[f] = i;
		} else if (*cells[i]) {
			add_ignored(st, cells[i]);
			if (f == IMP_UNKNOWN)
				report(st, st->rowno, cells[i], "", "不认识的列，已忽略 (可用的列见 nongjian template)");
		}
	}
	char missing[1024] = "";
	size_t used = 0;
	for (int f = 0; f < k->nfields; f++) {
		if (st->field_col[f] < 0 && k->field_required(st->kctx, f)) {
			int w = snprintf(missing + used, sizeof missing - used, "%s%s", used ? "、" : "",
			                 k->field_label(st->kctx, f));
			if (w > 0 && (size_t)w < sizeof missing - used)
				used += (size_t)w;
		}
	}
	if (*missing) {
		stop(st, "缺少必需的列: %s。第一行必须是表头 (列名)，可用 nongjian template 生成带表头的空表，"
		     "列名可以是中文标签或字段键，顺序不限", missing);
		return;
	}
	if (k->save || k->check) {
		st->checking = true;
		char err[512];
		if (stage_open(st) && k->begin && !k->begin(st->kctx, err, sizeof err)) {
			snprintf(st->s->message, sizeof st->s->message, "%s", err);
			st->fatal = true;
		}
		if (k->save)
			return;
	}
	st->spool = tmpfile();
	if (!st->spool) {
		snprintf(st->s->message, sizeof st->s->message, "无法创建临时文件 (%s)：请联系管理员检查 /tmp 的空间和权限",
		         err_reason(errno));
		st->fatal = true;
	}
}

/* ---- The spool: every row that passed the file's own checks, written
 * while the file is read (no lock held), replayed into the database
 * under one short write transaction. A row: its number, then per field
 * a length (SPOOL_NULL: no column) and the bytes. Memory stays one row
 * whatever the file's size. */
#define SPOOL_NULL 0xFFFFFFFFu

static void spool_row(imp_state *st)
{
	long row = st->rowno;
	bool ok = fwrite(&row, sizeof row, 1, st->spool) == 1;
	for (int f = 0; ok && f < st->k->nfields; f++) {
		const char *v = st->values[f];
		uint32_t len = v ? (uint32_t)strlen(v) : SPOOL_NULL;
		ok = fwrite(&len, sizeof len, 1, st->spool) == 1 && (!v || fwrite(v, 1, len, st->spool) == len);
	}
	if (!ok) {
		snprintf(st->s->message, sizeof st->s->message, "写入临时文件失败 (%s)：磁盘已满？未导入任何记录",
		         err_reason(errno));
		st->fatal = true;
	}
	st->spooled++;
}

/* The next spooled row into st->values (pointing into st->arena); false
 * at the end. */
static bool unspool_row(imp_state *st)
{
	long row;
	if (fread(&row, sizeof row, 1, st->spool) != 1)
		return false;
	st->rowno = row;
	st->alen = 0;
	size_t *offs = st->voffs;
	int nf = st->k->nfields;
	for (int f = 0; f < nf; f++) {
		uint32_t len;
		if (fread(&len, sizeof len, 1, st->spool) != 1)
			return false;
		if (len == SPOOL_NULL) {
			offs[f] = (size_t)-1;
			continue;
		}
		st->arena = xgrow(st->arena, &st->acap, st->alen + len + 1, 1);
		if (fread(st->arena + st->alen, 1, len, st->spool) != len)
			return false;
		st->arena[st->alen + len] = '\0';
		offs[f] = st->alen;
		st->alen += len + 1;
	}
	for (int f = 0; f < nf; f++)
		st->values[f] = offs[f] == (size_t)-1 ? NULL : st->arena + offs[f];
	return true;
}

/* What the kind said of the row, counted (and reported). */
static void verdict(imp_state *st, imp_result r, const imp_problem *pp)
{
	const imp_kind *k = st->k;
	imp_problem p = *pp;
	switch (r) {
	case IMP_NEW:
		st->s->good++;
		break;
	case IMP_PRESENT:
		st->s->present++;
		break;
	case IMP_BAD: {
		int col = p.field >= 0 ? st->field_col[p.field] : -1;
		const char *v = p.field >= 0 && st->values[p.field] ? st->values[p.field] : "";
		reject(st, col >= 0 ? st->col_name[col] : p.field >= 0 ? k->field_label(st->kctx, p.field) : "",
		       col >= 0 ? v : "", p.msg);
		break;
	}
	case IMP_FATAL:
		snprintf(st->s->message, sizeof st->s->message, "第 %ld 行: %s", st->rowno, p.msg);
		st->fatal = true;
		break;
	}
}

/* One row through the kind's row(): for a kind with check(), saving
 * only; else checking and saving. */
static void save_row(imp_state *st)
{
	imp_problem p = {.field = -1};
	verdict(st, st->k->row(st->kctx, st->values, &p), &p);
}

/* A kind with check(), as the row is read: a row to save is counted as
 * new and put aside; the others are counted (and reported) now. */
static void check_row(imp_state *st)
{
	imp_problem p = {.field = -1};
	imp_result r = st->k->check(st->kctx, st->values, &p);
	if (r == IMP_NEW)
		spool_row(st);
	verdict(st, r, &p);
}

/* BEGIN IMMEDIATE, timed for the diagnostic log; false (the import
 * failed, the message said) when the lock cannot be had. */
static bool take_lock(imp_state *st)
{
	char err[512];
	st->lock_asked = mono_ms();
	if (!db_begin(st->db, &st->tx, err, sizeof err)) {
		snprintf(st->s->message, sizeof st->s->message, "%s", err);
		st->fatal = true;
		return false;
	}
	st->in_tx = true;
	st->lock_taken = mono_ms();
	st->cpu_taken = cpu_ms();
	return true;
}

/* The whole file has been read (and, for a kind with check(), checked):
 * take the write lock and save. */
static void save_all(imp_state *st)
{
	const imp_kind *k = st->k;
	char err[512];
	if (fflush(st->spool) != 0 || fseek(st->spool, 0, SEEK_SET) != 0) {
		snprintf(st->s->message, sizeof st->s->message, "读取临时文件失败 (%s)：未导入任何记录", err_reason(errno));
		st->fatal = true;
		return;
	}
	if (st->o->saving)
		st->o->saving(st->o->ctx, st->spooled);
	if (!take_lock(st))
		return;
	diag("import: write lock taken after %ld ms; %s %ld rows under it", st->lock_taken - st->lock_asked,
	     k->check ? "saving (checked before the lock)" : "checking and saving", st->spooled);
	if (k->bulk_table || k->check)
		bulk_start(st);
	if (k->check) /* counted again by what row() finds under the lock */
		st->s->good = 0;
	else if (k->begin && !k->begin(st->kctx, err, sizeof err)) {
		snprintf(st->s->message, sizeof st->s->message, "%s", err);
		st->fatal = true;
		return;
	}
	long n = 0;
	while (!st->fatal && unspool_row(st)) {
		save_row(st);
		n++;
	}
	if (!st->fatal && n != st->spooled) {
		snprintf(st->s->message, sizeof st->s->message, "读取临时文件失败：未导入任何记录");
		st->fatal = true;
	}
}

/* A kind with save(): every row is checked and put aside; take the write
 * lock and save them in one short transaction. */
static void save_staged(imp_state *st)
{
	const imp_kind *k = st->k;
	char err[512];
	if (st->o->saving)
		st->o->saving(st->o->ctx, st->s->good);
	diag("import: %ld rows checked and put aside; waiting for the write lock", st->s->good);
	if (!take_lock(st))
		return;
	diag("import: write lock taken after %ld ms", st->lock_taken - st->lock_asked);
	if (k->bulk_table)
		bulk_start(st);
	long late = 0;
	if (!k->save(st->kctx, &late, err, sizeof err)) {
		snprintf(st->s->message, sizeof st->s->message, "%s", err);
		st->fatal = true;
		return;
	}
	st->s->good -= late;
	st->s->present += late;
	diag("import: %ld rows saved in %ld ms, %ld found present meanwhile", st->s->good,
	     mono_ms() - st->lock_taken, late);
}

static void data_row(imp_state *st, char **cells, int n)
{
	const imp_kind *k = st->k;
	char reason[512];
	st->s->rows++;
	for (int i = 0; i < n; i++) {
		if (strchr(cells[i], ENC_BAD)) {
			reject(st, i < st->ncols ? st->col_name[i] : "", cells[i],
			       "含有无法识别的字节 (显示为 \xEF\xBF\xBD)：文件编码有误或已损坏，请核对原表后在 Excel 中"
			       "另存为 \"CSV UTF-8 (逗号分隔)\" 再导入");
			return;
		}
	}
	if (st->too_big) {
		reject(st, "", "", "本行过长 (超过 4 MB)，不像是表格中的一行");
		return;
	}
	if (n < st->ncols) {
		snprintf(reason, sizeof reason, "本行只有 %d 列，表头有 %d 列：可能是最后一行不完整 (文件被截断)，"
		         "或少了逗号", n, st->ncols);
		reject(st, "", "", reason);
		return;
	}
	for (int i = st->ncols; i < n || st->extra > 0; i++) {
		if (i >= n || *cells[i]) {
			snprintf(reason, sizeof reason, "本行有 %d 列，比表头多：可能是某个字段中的逗号没有用双引号括起",
			         n + st->extra);
			reject(st, "", i < n ? cells[i] : "", reason);
			return;
		}
	}
	for (int f = 0; f < k->nfields; f++)
		st->values[f] = NULL;
	for (int i = 0; i < st->ncols; i++) {
		int f = st->col_field[i];
		if (f < 0)
			continue;
		cell_kind ck = k->cell_kind ? k->cell_kind(st->kctx, f) : CELL_PLAIN;
		if (ck != CELL_LINES && strpbrk(cells[i], "\r\n")) {
			reject(st, st->col_name[i], cells[i],
			       "单元格内有换行 (Excel 中按 Alt+Enter 输入的)：这一项不能分行，请把换行改为空格或顿号");
			return;
		}
		unguard(cells[i]);
		st->values[f] = cells[i];
		/* What Excel wrote, read as meant (cells.h). Line breaks
		 * become spaces in place (never longer); a date may grow. */
		char *out = ck == CELL_LINES ? cells[i] : st->conv[f];
		size_t outlen = ck == CELL_LINES ? strlen(cells[i]) + 1 : IMP_CONV_CAP;
		char shown_before[VALUE_SHOWN + 16];
		if (ck == CELL_LINES)
			shown(cells[i], shown_before, sizeof shown_before);
		switch (cell_read(ck, cells[i], out, outlen, reason, sizeof reason)) {
		case CELL_SAME:
			break;
		case CELL_CHANGED:
			st->values[f] = out;
			break;
		case CELL_NOTE:
			st->values[f] = out;
			st->s->notes++;
			report(st, st->rowno, st->col_name[i], ck == CELL_LINES ? shown_before : cells[i], reason);
			break;
		case CELL_BAD:
			reject(st, st->col_name[i], cells[i], reason);
			return;
		}
	}
	if (!st->checking)
		spool_row(st);
	else if (!stage_open(st))
		;
	else if (k->check)
		check_row(st);
	else
		save_row(st);
}

static void on_row(int c, void *p)
{
	imp_state *st = p;
	if (st->stop || st->fatal) {
		reset_row(st);
		return;
	}
	if (st->nf == 0 && st->extra == 0) {
		/* A line break outside a record (CSV_REPALL_NL): the LF of a
		 * CRLF, or a blank line. */
		if (!(c == '\n' && st->last_term == '\r')) {
			st->rowno++;
			st->s->blank++;
		}
		st->last_term = c;
		return;
	}
	st->last_term = c;
	st->rowno++;
	char *cells[IMP_MAX_COLUMNS];
	bool blank = st->extra == 0 && !st->too_big;
	for (int i = 0; i < st->nf; i++) {
		cells[i] = text_trim(st->arena + st->offs[i]);
		if (*cells[i])
			blank = false;
	}
	if (blank)
		st->s->blank++;
	else if (!st->have_header)
		header(st, cells, st->nf);
	else
		data_row(st, cells, st->nf);
	reset_row(st);
}

/* A row libcsv could not parse: reported, and reading goes on at the
 * next line. */
static void broken_row(imp_state *st, const char *reason)
{
	st->rowno++;
	if (!st->have_header) {
		stop(st, "第 %ld 行 (表头) 无法读取: %s", st->rowno, reason);
		return;
	}
	st->s->rows++;
	reject(st, "", "", reason);
}

/* Tab-separated when the first line has more tabs than commas (Excel's
 * "Unicode text"), else comma-separated. */
static char guess_delim(const char *buf, size_t n)
{
	long commas = 0, tabs = 0;
	bool quoted = false;
	for (size_t i = 0; i < n && (quoted || (buf[i] != '\n' && buf[i] != '\r')); i++) {
		if (buf[i] == '"')
			quoted = !quoted;
		else if (!quoted && buf[i] == ',')
			commas++;
		else if (!quoted && buf[i] == '\t')
			tabs++;
	}
	return tabs > commas ? '\t' : ',';
}

static bool parser_init(struct csv_parser *p, char delim)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return false;
	csv_set_delim(p, (unsigned char)delim);
	csv_set_realloc_func(p, capped_realloc);
	csv_set_blk_size(p, 1024);
	return true;
}

static const char quote_reason[] =
	"双引号使用有误 (如字段中间出现单个双引号，或引号没有配对)：含逗号、双引号或换行的字段要整体用"
	"双引号括起，字段内的双引号要写两次 (\"\")";

static void parse(imp_state *st, enc_reader *er, struct csv_parser *p, char *buf)
{
	bool first = true, skipping = false;
	long n = 0;
	while (!st->stop && !st->fatal && (n = enc_read(er, buf, READ_CAP)) > 0) {
		if (first) {
			st->s->delim = guess_delim(buf, (size_t)n);
			csv_set_delim(p, (unsigned char)st->s->delim);
			first = false;
		}
		size_t off = 0, len = (size_t)n;
		while (off < len && !st->stop && !st->fatal) {
			if (skipping) {
				size_t i = off;
				while (i < len && buf[i] != '\n' && buf[i] != '\r')
					i++;
				if (i == len) {
					off = len;
					break;
				}
				st->last_term = buf[i];
				off = i + 1;
				skipping = false;
				continue;
			}
			field_cap_hit = false;
			size_t done = csv_parse(p, buf + off, len - off, on_field, on_row, st);
			if (done == len - off) {
				off = len;
				break;
			}
			int e = csv_error(p);
			if (e != CSV_EPARSE && !field_cap_hit) {
				snprintf(st->s->message, sizeof st->s->message, "内存不足，无法继续导入");
				st->fatal = true;
				break;
			}
			char reason[256];
			snprintf(reason, sizeof reason, "字段过长 (超过 %d KB)，不像是表格中的内容；也可能是双引号没有配对",
			         IMP_MAX_FIELD_BYTES / 1024);
			broken_row(st, e == CSV_EPARSE ? quote_reason : reason);
			/* Start afresh after the end of this line. */
			csv_free(p);
			if (!parser_init(p, st->s->delim)) {
				snprintf(st->s->message, sizeof st->s->message, "内存不足，无法继续导入");
				st->fatal = true;
				break;
			}
			reset_row(st);
			off += done;
			skipping = true;
		}
		stage_close(st);
		if (st->o->progress)
			st->o->progress(st->o->ctx, enc_consumed(er), enc_size(er), st->s->rows);
	}
	if (n < 0 && !st->stop && !st->fatal) {
		snprintf(st->s->message, sizeof st->s->message, "读取文件失败: %s", err_reason(errno));
		st->stop = true;
		return;
	}
	if (st->stop || st->fatal)
		return;
	field_cap_hit = false;
	if (csv_fini(p, on_field, on_row, st) != 0 && !st->stop && !st->fatal)
		broken_row(st, "文件在双引号括起的字段中间结束：最后一行不完整 (文件可能被截断，或引号没有配对)");
}

static void finish(imp_state *st)
{
	imp_summary *s = st->s;
	const imp_options *o = st->o;
	if (!st->stop && !st->fatal && !st->have_header)
		stop(st, "文件中没有内容 (没有表头)");
	/* Only now, with the whole file read and checked, the write lock
	 * (for a kind with save() or check(), only when there is something
	 * to keep). */
	stage_close(st);
	if (st->stop || st->fatal)
		;
	else if (!st->checking)
		save_all(st);
	else if (o->dry_run || (s->bad > 0 && !o->skip_bad))
		; /* nothing to keep: no write lock at all */
	else if (st->k->check)
		save_all(st);
	else
		save_staged(st);
	if (st->in_tx) {
		bool keep = !o->dry_run && !st->stop && !st->fatal && (s->bad == 0 || o->skip_bad);
		char err[512];
		if (st->k->end && !st->k->end(st->kctx, keep, err, sizeof err)) {
			snprintf(s->message, sizeof s->message, "%s", err);
			st->fatal = true;
			keep = false;
		}
		if (!bulk_end(st, keep)) {
			st->fatal = true;
			keep = false;
		}
		if (keep) {
			char after[1200];
			snprintf(after, sizeof after, "文件 %s (%s): 新增 %ld 条，已存在 %ld 条，有误 %ld 条%s",
			         o->source ? o->source : "-", enc_name(s->encoding), s->good, s->present, s->bad,
			         s->bad ? " (未导入)" : "");
			if (!audit_add(st->db, o->login ? o->login : "", "import", st->k->entity, NULL, after, err,
			               sizeof err) ||
			    !db_commit(st->db, &st->tx, err, sizeof err)) {
				snprintf(s->message, sizeof s->message, "%s", err);
				st->fatal = true;
				keep = false;
			}
		}
		if (!keep)
			db_rollback(st->db, &st->tx); /* a no-op after a failed commit */
		diag("import: write lock released (%s), held %ld ms (%ld ms of CPU)", keep ? "committed" : "rolled back",
		     mono_ms() - st->lock_taken, cpu_ms() - st->cpu_taken);
		s->committed = keep;
	}
	s->status = st->stop ? 2 : st->fatal || s->bad > 0 ? 1 : 0;
}

void importer_run(db_conn *db, const imp_kind *k, void *kctx, FILE *fp, const imp_options *o,
                  imp_summary *s)
{
	memset(s, 0, sizeof *s);
	s->delim = ',';
	imp_state st = {.db = db, .k = k, .kctx = kctx, .o = o, .s = s};
	st.field_col = xcalloc((size_t)k->nfields, sizeof *st.field_col);
	st.values = xcalloc((size_t)k->nfields, sizeof *st.values);
	st.conv = xcalloc((size_t)k->nfields, sizeof *st.conv);
	st.voffs = xcalloc((size_t)k->nfields, sizeof *st.voffs);
	if (o->report) {
		csvout_bom(o->report);
		static const char *const head[] = {"行号", "列", "值", "原因"};
		for (int i = 0; i < 4; i++)
			csvout_field(o->report, head[i], i == 0, true);
		csvout_end(o->report);
	}
	/* Rows put aside (a kind with save()) go to SQLite's temporary file,
	 * so memory stays bounded whatever the file's size; the per-row
	 * savepoint journals of the other kinds stay in memory (on disk they
	 * cost more than the rows themselves). */
	db_exec(db, k->save ? "PRAGMA temp_store = FILE; PRAGMA temp.cache_size = -512" : "PRAGMA temp_store = MEMORY");
	char err[512];
	enc_reader *er = enc_open(fp, err, sizeof err);
	if (!er) {
		snprintf(s->message, sizeof s->message, "%s", err);
		s->status = 2;
		report_to(&st, false, 1, "", "", s->message);
	} else {
		s->encoding = enc_kind_of(er);
		struct csv_parser p;
		char *buf = malloc(READ_CAP);
		if (!buf || !parser_init(&p, ',')) {
			snprintf(s->message, sizeof s->message, "内存不足");
			s->status = 2;
			free(buf);
		} else {
			parse(&st, er, &p, buf);
			csv_free(&p);
			free(buf);
			finish(&st);
		}
		enc_close(er);
	}
	if (o->report)
		fflush(o->report);
	for (int i = 0; i < st.ncols; i++)
		free(st.col_name[i]);
	free(st.col_name);
	free(st.col_field);
	free(st.field_col);
	free(st.values);
	free(st.conv);
	free(st.voffs);
	free(st.arena);
	if (st.spool)
		fclose(st.spool);
}

bool importer_template(FILE *out, const char *const *lead, const form_def *f,
                       const char *const *tail, char *err, size_t errlen)
{
	csvout_bom(out);
	bool first = true;
	for (int i = 0; lead && lead[i]; i++, first = false)
		csvout_field(out, lead[i], first, true);
	for (int i = 0; i < f->nfields; i++, first = false)
		csvout_field(out, f->fields[i].label, first, true);
	for (int i = 0; tail && tail[i]; i++, first = false)
		csvout_field(out, tail[i], first, true);
	csvout_end(out);
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "写入模板失败 (磁盘已满或没有权限?)");
		return false;
	}
	return true;
}

bool importer_same(const char *folded, const char *text)
{
	char f[256];
	importer_fold(text, f, sizeof f);
	return strcmp(folded, f) == 0;
}
