#include "store/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "store/coverage_counts.h"
#include "store/db_sqlite.h"
#include "store/enrol_counts.h"
#include "store/pg.h"
#include "store/pg_health.h"
#include "store/sample_counts.h"
#include "store/schema.h"
#include "store/search_index.h"

#define MAX_TABLES 64

typedef struct {
	char name[64];
	long long rows;
} table_count;

/* Every table's row count (sqlite_ tables left out); -1 on an error. */
static int count_tables(db_conn *db, table_count *t, int cap)
{
	db_stmt *st;
	if (db_prepare_rc(db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
	                       " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", &st) != DB_OK)
		return -1;
	int n = 0;
	while (n < cap && db_step(st) == DB_ROW)
		snprintf(t[n++].name, sizeof t->name, "%s", db_column_text(st, 0));
	db_finalize(st);
	for (int i = 0; i < n; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", t[i].name);
		if (db_prepare_rc(db, sql, &st) != DB_OK)
			return -1;
		t[i].rows = db_step(st) == DB_ROW ? db_column_int64(st, 0) : -1;
		db_finalize(st);
		if (t[i].rows < 0)
			return -1;
	}
	return n;
}

/* PRAGMA integrity_check: NULL when "ok", else the first complaint
 * (copied into buf). */
static const char *integrity(db_conn *db, const char *pragma, char *buf, size_t n)
{
	db_stmt *st;
	const char *bad = NULL;
	if (db_prepare_rc(db, pragma, &st) != DB_OK) {
		snprintf(buf, n, "%s", db_explain(db_extended_errcode(db)));
		return buf;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		const char *t = db_column_text(st, 0);
		if (!t || strcmp(t, "ok") != 0) {
			snprintf(buf, n, "%s", t ? t : "?");
			bad = buf;
		}
	} else if (rc != DB_DONE) {
		snprintf(buf, n, "%s", db_explain(db_extended_errcode(db)));
		bad = buf;
	}
	db_finalize(st);
	return bad;
}

static bool sync_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

static void dir_of(const char *path, char *dir, size_t n)
{
	snprintf(dir, n, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, n, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
}

/* Copy the snapshot into the file tmp (already created); counts get the
 * snapshot's row counts. */
static bool copy_snapshot(db_conn *db, const char *tmp, table_count *counts, int *ntables, char *err,
                          size_t errlen)
{
	db_conn *to = NULL;
	if (db_sqlite_open(tmp, SQLITE_OPEN_READWRITE, &to) != DB_OK) {
		snprintf(err, errlen, "无法写入备份文件 %s: %s", tmp, db_explain(db_errcode(to)));
		db_sqlite_close(to);
		return false;
	}
	bool ok = false;
	/* One read transaction: the counts and the copy see the same data. */
	if (db_exec(db, "BEGIN") != DB_OK ||
	    (*ntables = count_tables(db, counts, MAX_TABLES)) < 0) {
		db_error(db, "读取数据库失败", err, errlen);
	} else {
		sqlite3_backup *b = sqlite3_backup_init(db_sqlite(to), "main", db_sqlite(db), "main");
		int rc = b ? sqlite3_backup_step(b, -1) : db_errcode(to);
		if (b)
			sqlite3_backup_finish(b);
		if (rc != DB_DONE)
			snprintf(err, errlen, "备份失败: %s", db_explain(rc == DB_OK ? db_errcode(to) : rc));
		/* A backup is one file: no -wal beside it to lose in a copy. */
		else if (db_exec(to, "PRAGMA journal_mode = DELETE") != DB_OK)
			db_error(to, "备份失败", err, errlen);
		else
			ok = true;
	}
	if (db_in_transaction(db))
		db_exec(db, "COMMIT");
	if (db_sqlite_close(to) != DB_OK && ok) {
		snprintf(err, errlen, "写入备份文件失败");
		ok = false;
	}
	return ok;
}

/* Check the copy on its own: integrity, and every table's rows. */
static bool verify_copy(const char *tmp, const table_count *counts, int ntables, health_line_fn line,
                        void *ctx, char *err, size_t errlen)
{
	db_conn *c = NULL;
	if (db_sqlite_open(tmp, SQLITE_OPEN_READONLY, &c) != DB_OK) {
		snprintf(err, errlen, "无法打开刚写好的备份: %s", db_explain(db_errcode(c)));
		db_sqlite_close(c);
		return false;
	}
	char why[512];
	const char *bad = integrity(c, "PRAGMA integrity_check", why, sizeof why);
	table_count got[MAX_TABLES];
	int n = bad ? -1 : count_tables(c, got, MAX_TABLES);
	db_sqlite_close(c);
	if (bad) {
		snprintf(err, errlen, "备份的完整性检查未通过: %s", bad);
		return false;
	}
	line(ctx, true, "备份的完整性检查 (integrity_check)", "通过");
	if (n != ntables) {
		snprintf(err, errlen, "备份中有 %d 个表，数据库中有 %d 个", n, ntables);
		return false;
	}
	long long total = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(got[i].name, counts[i].name) != 0 || got[i].rows != counts[i].rows) {
			snprintf(err, errlen, "备份中表 %s 有 %lld 行，数据库中有 %lld 行", got[i].name, got[i].rows,
			         counts[i].rows);
			return false;
		}
		total += got[i].rows;
	}
	char detail[256];
	long long samples = 0, producers = 0, audit = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(got[i].name, "samples") == 0)
			samples = got[i].rows;
		else if (strcmp(got[i].name, "producers") == 0)
			producers = got[i].rows;
		else if (strcmp(got[i].name, "audit") == 0)
			audit = got[i].rows;
	}
	snprintf(detail, sizeof detail, "%d 个表共 %lld 行，与数据库一致 (抽样检测记录 %lld 条，主体 %lld 个，审计记录 %lld 条)",
	         n, total, samples, producers, audit);
	line(ctx, true, "备份的行数", detail);
	return true;
}

bool db_backup(db_conn *db, const char *dest, health_line_fn line, void *ctx, char *err, size_t errlen)
{
	struct stat live, there;
	const char *path = sqlite3_db_filename(db_sqlite(db), "main");
	if (path && *path && stat(path, &live) == 0 && stat(dest, &there) == 0 && live.st_dev == there.st_dev &&
	    live.st_ino == there.st_ino) {
		snprintf(err, errlen, "%s 就是正在使用的数据库：备份要写到另一个文件 (最好在另一块磁盘上)", dest);
		return false;
	}
	char dir[4096], tmp[4200];
	dir_of(dest, dir, sizeof dir);
	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", dest, (long)getpid());
	/* The backup holds everything (ID numbers too): the owner's only. */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "无法在 %s 中写入备份: %s", dir, err_reason(errno));
		return false;
	}
	close(fd);
	table_count counts[MAX_TABLES];
	int ntables = 0;
	bool ok = copy_snapshot(db, tmp, counts, &ntables, err, errlen) &&
	          verify_copy(tmp, counts, ntables, line, ctx, err, errlen);
	if (ok && !sync_path(tmp)) {
		snprintf(err, errlen, "写入备份文件失败: %s", err_reason(errno));
		ok = false;
	}
	if (ok && rename(tmp, dest) != 0) {
		snprintf(err, errlen, "无法把备份改名为 %s: %s", dest, err_reason(errno));
		ok = false;
	}
	if (!ok) {
		unlink(tmp);
		char j[4300];
		snprintf(j, sizeof j, "%s-journal", tmp);
		unlink(j);
		return false;
	}
	sync_path(dir); /* the rename itself survives a power cut */
	return true;
}

/* ---- nongjian check ---- */

typedef struct {
	health_line_fn line;
	void *ctx;
	int problems;
} health;

static void finding(health *h, bool ok, const char *what, const char *detail)
{
	if (!ok)
		h->problems++;
	h->line(h->ctx, ok, what, detail);
}

/* finding as a health_line_fn, for store/pg_health.h's checks */
static void counted(void *h, bool ok, const char *what, const char *detail)
{
	finding(h, ok, what, detail);
}

/* The schema's guards (triggers) as the migrations make them, compared
 * with the live database's: a dropped or edited trigger is a problem. */
static bool check_guards(db_conn *db, health *h, char *err, size_t errlen)
{
	db_conn *fresh = NULL;
	if (db_sqlite_open(":memory:", SQLITE_OPEN_READWRITE, &fresh) != DB_OK) {
		db_sqlite_close(fresh);
		snprintf(err, errlen, "内存不足");
		return false;
	}
	for (int i = 0; i < schema_migration_count; i++) {
		if (db_exec(fresh, schema_migrations[i]) != DB_OK) {
			db_error(fresh, "内部错误: 无法建立对照用的数据库结构", err, errlen);
			db_sqlite_close(fresh);
			return false;
		}
	}
	db_stmt *want, *have;
	if (db_prepare_rc(fresh, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name", &want) != DB_OK ||
	    db_prepare_rc(db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", &have) != DB_OK) {
		db_finalize(want);
		db_error(db, "读取数据库结构失败", err, errlen);
		db_sqlite_close(fresh);
		return false;
	}
	char missing[1024] = "", changed[1024] = "";
	int n = 0;
	while (db_step(want) == DB_ROW) {
		const char *name = db_column_text(want, 0);
		const char *sql = db_column_text(want, 1);
		n++;
		db_bind_text_copy(have, 1, name);
		char *list = missing;
		if (db_step(have) == DB_ROW) {
			const char *live = db_column_text(have, 0);
			list = live && sql && strcmp(live, sql) == 0 ? NULL : changed;
		}
		db_reset(have);
		if (list) {
			size_t used = strlen(list);
			snprintf(list + used, sizeof missing - used, "%s%s", used ? "、" : "", name);
		}
	}
	db_finalize(want);
	db_finalize(have);
	db_sqlite_close(fresh);
	char detail[2300];
	if (!*missing && !*changed) {
		snprintf(detail, sizeof detail, "%d 个触发器齐全 (历史和审计只能追加)", n);
		finding(h, true, "数据库的保护", detail);
	} else {
		snprintf(detail, sizeof detail, "%s%s%s%s：有人用别的工具改动了数据库，请从备份恢复并查明原因",
		         *missing ? "被删除的触发器: " : "", missing, *changed ? " 被改动的触发器: " : "", changed);
		finding(h, false, "数据库的保护", detail);
	}
	return true;
}

/* Numbers per unit and year run 1..n without a gap, and the counter
 * continues at n + 1. */
static bool check_numbering(db_conn *db, health *h, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db,
		"SELECT u.name, s.year, count(*), min(s.seq), max(s.seq),"
		" (SELECT next_seq FROM counters c WHERE c.unit_id = s.unit_id AND c.year = s.year)"
		" FROM samples s JOIN units u ON u.id = s.unit_id GROUP BY s.unit_id, s.year, u.name, u.sort"
		" ORDER BY u.sort, s.year",
		err, errlen);
	if (!st)
		return false;
	long groups = 0, bad = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		groups++;
		const char *unit = db_column_text(st, 0);
		int year = db_column_int(st, 1);
		long long n = db_column_int64(st, 2), lo = db_column_int64(st, 3),
		          hi = db_column_int64(st, 4);
		bool counter = db_column_type(st, 5) != DB_NULL;
		long long next = db_column_int64(st, 5);
		char detail[512];
		if (lo != 1 || hi != n) {
			snprintf(detail, sizeof detail, "%s %d 年: %lld 条记录，编号 %lld 至 %lld，中间有缺号", unit, year, n,
			         lo, hi);
		} else if (!counter || next != hi + 1) {
			snprintf(detail, sizeof detail, "%s %d 年: 最大编号 %lld，计数器为 %lld (应为 %lld)：下一条会%s%s",
			         unit, year, hi, counter ? next : 0, hi + 1, counter && next > hi + 1 ? "跳号" : "重号",
			         counter && next > hi + 1 ? "" : " (nongjian check --repair 把计数器前移)");
		} else {
			continue;
		}
		if (++bad <= 20)
			finding(h, false, "样品编号", detail);
		else
			h->problems++;
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		db_error(db, "检查样品编号失败", err, errlen);
		return false;
	}
	if (!bad) {
		char detail[128];
		snprintf(detail, sizeof detail, "%ld 个单位年度的编号连续、无缺号", groups);
		finding(h, true, "样品编号", detail);
	}
	return true;
}

/* The audit trail only grows: its ids run without a hole (a hole is a
 * deleted row, possible only with the guard removed). */
static bool check_audit(db_conn *db, health *h, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, "SELECT count(*), coalesce(min(id), 1), coalesce(max(id), 0) FROM audit",
	                              err, errlen);
	if (!st)
		return false;
	long long n = 0, lo = 1, hi = 0;
	if (db_step(st) == DB_ROW) {
		n = db_column_int64(st, 0);
		lo = db_column_int64(st, 1);
		hi = db_column_int64(st, 2);
	}
	db_finalize(st);
	char detail[256];
	if (n == 0 || (lo == 1 && hi == n)) {
		snprintf(detail, sizeof detail, "%lld 条，连续无缺", n);
		finding(h, true, "审计记录", detail);
	} else {
		snprintf(detail, sizeof detail, "%lld 条，编号 %lld 至 %lld：有 %lld 条被删除", n, lo, hi, hi - n);
		finding(h, false, "审计记录", detail);
	}
	return true;
}

/* What is derived from the records and kept with them: the sample
 * counts the screens read, and the producer search index. */
static bool check_derived(db_conn *db, health *h, char *err, size_t errlen)
{
	long differ = 0;
	if (!sample_counts_verify(db, &differ, err, errlen))
		return false;
	char detail[256];
	snprintf(detail, sizeof detail, "%ld 行与记录不符 (运行 nongjian check --repair 按记录重算)", differ);
	finding(h, differ == 0, "统计表 (任务进度、首页和列表的计数)", differ ? detail : "与逐条重数的结果一致");
	long enrol = 0;
	if (!coverage_counts_verify(db, &differ, err, errlen) || !enrol_counts_verify(db, &enrol, err, errlen))
		return false;
	differ += enrol;
	snprintf(detail, sizeof detail, "%ld 行与记录不符 (运行 nongjian check --repair 按记录重算)", differ);
	finding(h, differ == 0, "覆盖统计表 (巡查覆盖、一年一检、合格证与追溯)", differ ? detail : "与逐条重数的结果一致");
	long long indexed = 0, producers = 0;
	if (!(db_is_pg(db) ? pg_health_search_counts(db, &indexed, &producers, err, errlen)
	                   : search_index_counts(db, &indexed, &producers, err, errlen)))
		return false;
	snprintf(detail, sizeof detail, "索引中 %lld 个主体，名录中 %lld 个 (运行 nongjian check --repair 重建)",
	         indexed, producers);
	finding(h, indexed == producers, "主体查询索引", indexed == producers ? "与名录一致" : detail);
	return true;
}

/* SQLite's own checks of the file: integrity_check, foreign_key_check. */
static bool check_file(db_conn *db, health *h, char *err, size_t errlen)
{
	char why[512];
	const char *bad = integrity(db, "PRAGMA integrity_check", why, sizeof why);
	finding(h, !bad, "完整性检查 (integrity_check)", bad ? bad : "通过");
	db_stmt *st = db_prepare(db, "PRAGMA foreign_key_check", err, errlen);
	if (!st)
		return false;
	long n = 0;
	char first[256] = "";
	while (db_step(st) == DB_ROW)
		if (n++ == 0)
			snprintf(first, sizeof first, "表 %s 第 %lld 行指向不存在的 %s", db_column_text(st, 0),
			         (long long)db_column_int64(st, 1), db_column_text(st, 2));
	db_finalize(st);
	char detail[400];
	if (n)
		snprintf(detail, sizeof detail, "%ld 处引用不存在的记录，如 %s", n, first);
	finding(h, n == 0, "外键检查 (foreign_key_check)", n ? detail : "通过");
	return true;
}

int db_health(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen)
{
	health h = {.line = line, .ctx = ctx};
	bool pg = db_is_pg(db);
	/* One read transaction: every check sees the same data (on the
	 * server, one snapshot for the whole transaction). */
	if (pg ? !pg_exec(db_pg(db), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, "读取数据库失败", err,
	                  errlen)
	       : db_exec(db, "BEGIN") != DB_OK) {
		if (!pg)
			db_error(db, "读取数据库失败", err, errlen);
		return -1;
	}
	bool ok = pg ? pg_health_integrity(db, counted, &h, err, errlen) && pg_health_version(db, counted, &h, err, errlen) &&
	                   pg_health_foreign_keys(db, counted, &h, err, errlen) && pg_health_guards(db, counted, &h, err, errlen)
	             : check_file(db, &h, err, errlen) && check_guards(db, &h, err, errlen);
	ok = ok && check_numbering(db, &h, err, errlen) && check_audit(db, &h, err, errlen) &&
	     check_derived(db, &h, err, errlen);
	db_exec(db, pg && !ok ? "ROLLBACK" : "COMMIT");
	return ok ? h.problems : -1;
}

/* A counter behind its unit's stored numbers (a record written past the
 * program took the next one) would make every later save of that unit and
 * year collide: move it to one past the highest stored number. Forward
 * only, like every counter change (counters_forward_only); a counter
 * missing for a unit and year that has records is made. */
static bool counters_forward(db_conn *db, long *moved, char *err, size_t errlen)
{
	long before = db_count(db, "SELECT count(*) FROM (SELECT s.unit_id, s.year FROM samples s"
	                           " LEFT JOIN counters c ON c.unit_id = s.unit_id AND c.year = s.year"
	                           " GROUP BY s.unit_id, s.year HAVING coalesce(max(c.next_seq), 0) <= max(s.seq)) behind");
	if (before < 0)
		return errf(err, errlen, "检查编号计数器失败");
	*moved = before;
	if (!before)
		return true;
	return db_exec_tx(db,
		"INSERT INTO counters(unit_id, year, next_seq) SELECT unit_id, year, max(seq) + 1 FROM samples"
		" WHERE true GROUP BY unit_id, year"
		" ON CONFLICT(unit_id, year) DO UPDATE SET next_seq = excluded.next_seq"
		" WHERE excluded.next_seq > counters.next_seq;",
		"前移编号计数器失败", err, errlen);
}

bool db_repair(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen)
{
	long moved = 0;
	/* (On PostgreSQL only the owner may rewrite the count tables.) */
	if (db_is_pg(db) && !pg_repair_allowed(db, err, errlen))
		return false;
	if (!counters_forward(db, &moved, err, errlen))
		return false;
	if (moved) {
		char detail[160];
		snprintf(detail, sizeof detail, "%ld 个单位年度的计数器已前移到最大编号之后 (改动数据库的原因仍须查明)", moved);
		line(ctx, true, "编号计数器", detail);
	}
	if (!sample_counts_rebuild(db, err, errlen))
		return false;
	line(ctx, true, "统计表", "已按记录重算");
	if (!coverage_counts_rebuild(db, err, errlen) || !enrol_counts_rebuild(db, err, errlen))
		return false;
	line(ctx, true, "覆盖统计表", "已按记录重算");
	if (db_is_pg(db)) {
		db_tx tx;
		if (!db_begin(db, &tx, err, errlen) ||
		    !db_end(db, &tx, pg_repair_search_index(db, err, errlen), err, errlen))
			return false;
	} else if (!search_index_rebuild(db, err, errlen)) {
		return false;
	}
	line(ctx, true, "主体查询索引", "已按名录重建");
	return true;
}
