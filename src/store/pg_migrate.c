#include "store/pg_migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/text.h"
#include "store/db.h"
#include "store/pg_search.h"

static bool run_script(pg_conn *c, const pg_script *s, const char *what, char *err, size_t errlen)
{
	for (size_t i = 0; i < s->n; i++)
		if (!pg_exec(c, s->sql[i], 0, NULL, what, err, errlen))
			return false;
	return true;
}

/* Anything of a user's in the target (a table, a view, a sequence …)? */
static bool target_empty(pg_conn *c, const char *shown, char *err, size_t errlen)
{
	pg_result *r = pg_query(c,
	                        "SELECT n.nspname || '.' || c.relname, count(*) OVER () FROM pg_class c"
	                        " JOIN pg_namespace n ON n.oid = c.relnamespace"
	                        " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
	                        " AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'"
	                        " ORDER BY 1 LIMIT 1",
	                        0, NULL, "读取目标数据库的内容失败", err, errlen);
	if (!r)
		return false;
	bool empty = pg_rows(r) == 0;
	if (!empty)
		errf(err, errlen,
		     "%s 不是空的 (已有 %s 个表或其他对象，如 %s)：migrate-to 只写入新建的空数据库，不覆盖也不合并。"
		     "请新建一个 (createdb -E UTF8 -T template0 名称) 再迁移",
		     shown, pg_value(r, 0, 1), pg_value(r, 0, 0));
	pg_clear(r);
	return empty;
}

static bool may_create_roles(pg_conn *c, char *err, size_t errlen)
{
	err[0] = '\0';
	long long v = pg_int(c, "SELECT (rolcreaterole OR rolsuper)::int FROM pg_roles WHERE rolname = current_user", 0,
	                     NULL, -1, "读取数据库角色失败", err, errlen);
	if (v < 0)
		return false;
	if (v == 0)
		return errf(err, errlen,
		            "连接所用的数据库角色不能创建角色 (CREATEROLE)：每个登录要有自己的数据库角色。"
		            "请用有 CREATEROLE 权限、拥有该数据库的角色迁移 (见 README 县级信息化管理员一节)");
	return true;
}

/* One row's value as text for libpq: NULL for NULL; numbers in full
 * (a REAL with 17 significant digits reads back as the same double). */
static const char *value_text(db_stmt *st, int col, char *num, size_t numlen, bool *bad)
{
	switch (db_column_type(st, col)) {
	case DB_NULL:
		return NULL;
	case DB_INTEGER:
		snprintf(num, numlen, "%lld", (long long)db_column_int64(st, col));
		return num;
	case DB_FLOAT:
		snprintf(num, numlen, "%.17g", db_column_double(st, col));
		return num;
	case DB_TEXT: {
		const char *s = db_column_text(st, col);
		if ((int)strlen(s) != db_column_bytes(st, col))
			*bad = true; /* a NUL inside: PostgreSQL's text cannot hold it */
		return s;
	}
	default:
		*bad = true; /* a BLOB: no column of ours holds one */
		return NULL;
	}
}

static bool copy_table(db_conn *db, pg_conn *c, const pg_table *t, int idx, long long *rows, char *err, size_t errlen)
{
	char name[32];
	snprintf(name, sizeof name, "nj_copy_%d", idx);
	char *sel = NULL, *ins = NULL;
	size_t cap = 256 + (size_t)t->ncolumns * 80;
	sel = xcalloc(cap, 1);
	ins = xcalloc(cap, 1);
	size_t ns = (size_t)snprintf(sel, cap, "SELECT ");
	size_t ni = (size_t)snprintf(ins, cap, "INSERT INTO %s (", t->name);
	for (int i = 0; i < t->ncolumns; i++) {
		ns += (size_t)snprintf(sel + ns, cap - ns, "%s\"%s\"", i ? ", " : "", t->columns[i]);
		ni += (size_t)snprintf(ins + ni, cap - ni, "%s%s", i ? ", " : "", t->columns[i]);
	}
	snprintf(sel + ns, cap - ns, " FROM \"%s\"", t->name);
	ni += (size_t)snprintf(ins + ni, cap - ni, ") VALUES (");
	for (int i = 0; i < t->ncolumns; i++)
		ni += (size_t)snprintf(ins + ni, cap - ni, "%s$%d", i ? ", " : "", i + 1);
	snprintf(ins + ni, cap - ni, ")");
	char what[160];
	snprintf(what, sizeof what, "复制表 %s 失败", t->name);
	bool ok = pg_prepare(c, name, ins, t->ncolumns, what, err, errlen);
	db_stmt *st = ok ? db_prepare(db, sel, err, errlen) : NULL;
	free(sel);
	free(ins);
	if (!st)
		return false;
	const char **params = xcalloc((size_t)t->ncolumns, sizeof *params);
	char(*nums)[32] = xcalloc((size_t)t->ncolumns, sizeof *nums);
	/* the first column of the rows whose answers are not read yet, to
	 * name a row that fails */
	enum { RING = 1024 };
	char(*keys)[40] = xcalloc(RING, sizeof *keys);
	int rc = DB_DONE;
	*rows = 0;
	ok = pg_pipeline_begin(c, what, err, errlen);
	while (ok && (rc = db_step(st)) == DB_ROW) {
		bool bad = false;
		for (int i = 0; i < t->ncolumns; i++) {
			params[i] = value_text(st, i, nums[i], sizeof nums[i], &bad);
			if (bad) {
				ok = errf(err, errlen, "表 %s 第 %lld 行的 %s 不是文本或数字 (含 NUL 或二进制)，无法迁移",
				          t->name, *rows + 1, t->columns[i]);
				break;
			}
		}
		if (!ok)
			break;
		text_copy(keys[*rows % RING], sizeof keys[0], params[0] ? params[0] : "空");
		ok = pg_pipeline_send(c, name, t->ncolumns, params, what, err, errlen);
		(*rows)++;
	}
	long long failed;
	if (!pg_pipeline_end(c, what, &failed, err, errlen) && ok)
		ok = false;
	if (!ok && failed >= 0 && failed > *rows - RING) {
		size_t len = strlen(err);
		snprintf(err + len, errlen > len ? errlen - len : 0, "；源数据库中该表的第 %lld 行 (%s = %s)", failed + 1,
		         t->columns[0], keys[failed % RING]);
	}
	free(params);
	free(nums);
	free(keys);
	if (!ok) {
		db_finalize(st);
		return false;
	}
	if (!db_finish(db, st, rc, what, err, errlen))
		return false;
	char dealloc[64];
	snprintf(dealloc, sizeof dealloc, "DEALLOCATE %s", name);
	return pg_exec(c, dealloc, 0, NULL, what, err, errlen);
}

/* After the copy, an identity column continues after the highest id. */
static bool set_identity(pg_conn *c, const pg_table *t, char *err, size_t errlen)
{
	if (!t->identity)
		return true;
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s', '%s'), (SELECT max(%s) FROM %s))", t->name,
	         t->identity, t->identity, t->name);
	return pg_exec(c, sql, 0, NULL, "设置编号序列失败", err, errlen);
}

/* The numbering per unit and year: how many, the lowest and highest
 * number, the counter's next one — on both sides, one line a group. */
#define NUMBERING_SQL                                                                                        \
	"SELECT s.unit_id, s.year, count(*), min(s.seq), max(s.seq), coalesce(max(c.next_seq), 0),"            \
	" coalesce(max(u.name), '')"                                                                            \
	" FROM samples s LEFT JOIN counters c ON c.unit_id = s.unit_id AND c.year = s.year"                   \
	" LEFT JOIN units u ON u.id = s.unit_id GROUP BY s.unit_id, s.year ORDER BY s.unit_id, s.year"

static const char *col_text(db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? s : "";
}

static bool verify_numbering(db_conn *db, pg_conn *c, long *groups, char *err, size_t errlen)
{
	*groups = 0;
	pg_result *r = pg_query(c, NUMBERING_SQL, 0, NULL, "核对样品编号失败", err, errlen);
	if (!r)
		return false;
	db_stmt *st = db_prepare(db, NUMBERING_SQL, err, errlen);
	if (!st) {
		pg_clear(r);
		return false;
	}
	bool ok = true;
	int row = 0, rc;
	while (ok && (rc = db_step(st)) == DB_ROW) {
		if (row >= pg_rows(r)) {
			ok = errf(err, errlen, "核对样品编号：PostgreSQL 中少了 %s %d 年的编号", col_text(st, 6),
			          db_column_int(st, 1));
			break;
		}
		long long v[6];
		for (int k = 0; k < 6; k++)
			v[k] = strtoll(pg_value(r, row, k), NULL, 10);
		const char *unit = pg_value(r, row, 6);
		for (int k = 0; k < 6 && ok; k++)
			if (v[k] != db_column_int64(st, k))
				ok = errf(err, errlen, "核对样品编号：%s %lld 年的编号与 SQLite 中的不同", unit, v[1]);
		if (ok && (v[3] != 1 || v[4] != v[2]))
			ok = errf(err, errlen,
			          "核对样品编号：%s %lld 年 %lld 条记录，编号 %lld 至 %lld，中间有缺号 (源数据库也是如此：请先运行 "
			          "nongjian check)",
			          unit, v[1], v[2], v[3], v[4]);
		if (ok && v[5] <= v[4])
			ok = errf(err, errlen,
			          "核对样品编号：%s %lld 年的计数器 (下一个 %lld) 不大于最大编号 %lld (请先运行 nongjian check --repair)",
			          unit, v[1], v[5], v[4]);
		row++;
	}
	if (ok && !db_finish(db, st, rc, "核对样品编号失败", err, errlen))
		ok = false;
	else if (!ok)
		db_finalize(st);
	if (ok && row != pg_rows(r))
		ok = errf(err, errlen, "核对样品编号：PostgreSQL 中多出 %d 个单位年度", pg_rows(r) - row);
	pg_clear(r);
	*groups = row;
	return ok;
}

static bool verify_counts(db_conn *db, pg_conn *c, const pg_schema *s, long long *total, char *err, size_t errlen)
{
	*total = 0;
	for (size_t i = 0; i < s->ntables; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", s->tables[i].name);
		long n = db_count(db, sql);
		err[0] = '\0';
		long long m = pg_int(c, sql, 0, NULL, -1, "核对行数失败", err, errlen);
		if (n < 0 || m < 0)
			return err[0] ? false : errf(err, errlen, "核对行数失败：读取 SQLite 表 %s 失败", s->tables[i].name);
		if (n != m)
			return errf(err, errlen, "核对行数：表 %s 在 SQLite 中 %ld 行，在 PostgreSQL 中 %lld 行",
			            s->tables[i].name, n, m);
		*total += m;
	}
	return true;
}

/* The schema version, as SQLite's user_version: one row, read by every
 * login (db_open compares it with the program's). */
static bool record_version(pg_conn *c, char *err, size_t errlen)
{
	char v[16];
	snprintf(v, sizeof v, "%d", DB_SCHEMA_VERSION);
	static const char what[] = "记录数据库版本失败";
	return pg_exec(c,
	               "CREATE TABLE " PG_VERSION_TABLE " (one boolean PRIMARY KEY DEFAULT true CHECK (one),"
	               " version integer NOT NULL, migrated_at timestamptz NOT NULL DEFAULT now())",
	               0, NULL, what, err, errlen) &&
	       pg_exec(c, "INSERT INTO " PG_VERSION_TABLE "(version) VALUES ($1::integer)", 1, (const char *const[]){v},
	               what, err, errlen) &&
	       pg_exec(c, "GRANT SELECT ON " PG_VERSION_TABLE " TO nongjian_users", 0, NULL, what, err, errlen);
}

int pg_version(pg_conn *c, char *err, size_t errlen)
{
	err[0] = '\0';
	long long has = pg_int(c, "SELECT (to_regclass('" PG_VERSION_TABLE "') IS NOT NULL)::int", 0, NULL, -1,
	                       "读取数据库版本失败", err, errlen);
	if (has <= 0)
		return err[0] ? -1 : 0;
	long long v = pg_int(c, "SELECT version FROM " PG_VERSION_TABLE, 0, NULL, -1, "读取数据库版本失败", err, errlen);
	return err[0] ? -1 : v < 0 ? 0 : (int)v;
}

bool pg_version_ok(pg_conn *c, const char *target, char *err, size_t errlen)
{
	pg_target t;
	if (!pg_target_parse(target, &t, err, errlen))
		return false;
	int v = pg_version(c, err, errlen);
	if (v < 0)
		return false;
	if (v == DB_SCHEMA_VERSION)
		return true;
	if (v == 0)
		return errf(err, errlen,
		            "%s 没有记录 nongjian 的数据库版本 (表 " PG_VERSION_TABLE ")：它不是由 nongjian migrate-to 建立的，"
		            "或是由较早的 nongjian 迁移的。请用本程序对原来的 SQLite 数据库重新运行 nongjian migrate-to，"
		            "迁移到一个新建的空库 (见 man nongjian 的 migrate-to)",
		            t.shown);
	if (v > DB_SCHEMA_VERSION)
		return errf(err, errlen, "数据库版本 %d 比本程序 (%d) 新，请升级 nongjian", v, DB_SCHEMA_VERSION);
	return errf(err, errlen,
	            "%s 的数据库版本是 %d，本程序要版本 %d：PostgreSQL 上的数据库还不能由程序升级 (SQLite 的在打开时自动升级)。"
	            "如果迁移之后还没有在上面录入，请用本程序对原来的 SQLite 数据库重新运行 nongjian migrate-to，迁移到一个"
	            "新建的空库 (见 man nongjian 的 migrate-to)；如果已经在上面录入，请继续使用与它同版本的 nongjian",
	            t.shown, v, DB_SCHEMA_VERSION);
}

bool pg_migrate(db_conn *db, const char *target, pg_progress_fn progress, void *ctx, pg_migrate_summary *sum,
                char *err, size_t errlen)
{
	memset(sum, 0, sizeof *sum);
	pg_target t;
	if (!pg_target_parse(target, &t, err, errlen))
		return false;
	snprintf(sum->shown, sizeof sum->shown, "%s", t.shown);
	sum->has_password = t.has_password;
	pg_schema s;
	if (!pg_schema_build(db, &s, err, errlen))
		return false;
	pg_conn *c = pg_connect(target, err, errlen);
	if (!c) {
		pg_schema_free(&s);
		return false;
	}
	bool ok = target_empty(c, t.shown, err, errlen) && may_create_roles(c, err, errlen);
	/* One snapshot of SQLite for the copy and its check; writers may go
	 * on meanwhile (WAL), their saves are not in this copy. */
	bool reading = false;
	if (ok) {
		ok = db_exec(db, "BEGIN; SELECT count(*) FROM sqlite_schema") == DB_OK;
		reading = ok;
		if (!ok)
			db_error(db, "读取 SQLite 数据库失败", err, errlen);
	}
	ok = ok && pg_exec(c, "BEGIN", 0, NULL, "开始迁移失败", err, errlen);
	ok = ok && run_script(c, &s.create, "创建表失败", err, errlen);
	for (size_t i = 0; ok && i < s.ntables; i++) {
		long long rows;
		ok = copy_table(db, c, &s.tables[i], (int)i, &rows, err, errlen) && set_identity(c, &s.tables[i], err, errlen);
		if (ok && progress)
			progress(ctx, s.tables[i].name, rows);
	}
	ok = ok && run_script(c, &s.after, "创建索引和保护触发器失败", err, errlen);
	pg_script access = {0};
	ok = ok && pg_access_build(db, c, &s, &access, &sum->logins, err, errlen) &&
	     run_script(c, &access, "创建角色和行级安全失败", err, errlen);
	pg_script_free(&access);
	ok = ok && pg_search_build(db, c, &sum->search_keys, err, errlen) && record_version(c, err, errlen);
	ok = ok && verify_counts(db, c, &s, &sum->rows, err, errlen) &&
	     verify_numbering(db, c, &sum->unit_years, err, errlen);
	ok = ok && pg_exec(c, "COMMIT", 0, NULL, "提交迁移失败", err, errlen);
	if (!ok) {
		char ignored[256];
		pg_exec(c, "ROLLBACK", 0, NULL, "", ignored, sizeof ignored);
	}
	if (reading)
		db_exec(db, "COMMIT");
	sum->version = DB_SCHEMA_VERSION;
	sum->tables = s.ntables;
	sum->guards = s.guards;
	sum->maintained = s.maintained;
	sum->maintenance = s.maintenance;
	pg_close(c);
	pg_schema_free(&s);
	return ok;
}
