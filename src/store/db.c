#include "store/db_sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "base/diag.h"
#include "base/text.h"
#include "store/pg.h"
#include "store/pg_health.h"
#include "store/pg_migrate.h"
#include "store/pg_stmt.h"
#include "store/schema.h"
#include "store/search_index.h"
#include "store/write_queue.h"

const char *db_explain(int rc)
{
	switch (rc & 0xFF) {
	case DB_BUSY:
	case DB_LOCKED:
		return "数据库正忙 (其他用户正在写入)，请稍候再试";
	case DB_READONLY:
		return "没有写入数据库的权限，请联系管理员检查文件权限";
	case DB_CANTOPEN:
		return "无法打开数据库文件，请检查路径和权限";
	case DB_FULL:
		return "磁盘已满，请联系管理员清理空间";
	case DB_CORRUPT:
	case DB_NOTADB:
		return "数据库文件已损坏或不是 nongjian 数据库，请联系管理员从备份恢复";
	case DB_IOERR:
		return "读写磁盘出错，请联系管理员";
	case DB_CONSTRAINT:
		return "数据不符合数据库的约束 (可能含有非法字符或重复)";
	case DB_NOMEM:
		return "内存不足";
	default:
		return "数据库内部错误";
	}
}

/* The connection's last error; a full disk can come back as an I/O error
 * (a WAL or -shm write, an fsync): the system's errno says what it was. */
static int last_error(db_conn *db)
{
	int rc = db_extended_errcode(db);
	if (!db->pg && (rc & 0xFF) == DB_IOERR && sqlite3_system_errno(db->lite) == ENOSPC)
		rc = DB_FULL;
	return rc;
}

void db_error(db_conn *db, const char *what, char *err, size_t errlen)
{
	int rc = db ? last_error(db) : DB_ERROR;
	snprintf(err, errlen, "%s: %s", what, db_explain(rc));
	/* The user reads the explanation; the log (opt-in) keeps SQLite's own. */
	diag("sqlite: %s: %s (%s, %d)", what, db ? db_errmsg(db) : "no connection", sqlite3_errstr(rc), rc);
}

long db_count(db_conn *db, const char *sql)
{
	db_stmt *st;
	long n = -1;
	if (db_prepare_rc(db, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		n = (long)db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

bool db_finish(db_conn *db, db_stmt *st, int rc, const char *what, char *err, size_t errlen)
{
	db_finalize(st);
	if (rc == DB_DONE)
		return true;
	db_error(db, what, err, errlen);
	return false;
}

db_stmt *db_prepare(db_conn *db, const char *sql, char *err, size_t errlen)
{
	db_stmt *st = NULL;
	if (db_prepare_rc(db, sql, &st) != DB_OK) {
		db_error(db, "准备查询失败", err, errlen);
		db_finalize(st);
		return NULL;
	}
	return st;
}

#define STMT_CACHE 32
static struct {
	db_conn *db;
	const char *sql;
	db_stmt *st;
} cache[STMT_CACHE];

db_stmt *db_cached(db_conn *db, const char *sql, char *err, size_t errlen)
{
	int free_slot = -1;
	for (int i = 0; i < STMT_CACHE; i++) {
		if (cache[i].db == db && cache[i].sql == sql) {
			db_reset(cache[i].st);
			db_clear_bindings(cache[i].st);
			return cache[i].st;
		}
		if (!cache[i].db && free_slot < 0)
			free_slot = i;
	}
	db_stmt *st = NULL;
	if (db->pg) {
		/* (the server keeps every statement prepared for the connection) */
		if (!(st = db_prepare(db, sql, err, errlen)))
			return NULL;
	} else {
		sqlite3_stmt *lite = NULL;
		if (sqlite3_prepare_v3(db->lite, sql, -1, SQLITE_PREPARE_PERSISTENT, &lite, NULL) != SQLITE_OK) {
			db_error(db, "准备查询失败", err, errlen);
			sqlite3_finalize(lite);
			return NULL;
		}
		st = db_stmt_wrap(db, lite);
	}
	if (free_slot >= 0) {
		cache[free_slot].db = db;
		cache[free_slot].sql = sql;
		cache[free_slot].st = st;
	}
	/* A full cache still works: the statement is finalized with the
	 * connection (db_close finalizes every statement left). */
	return st;
}

void db_done(db_stmt *st)
{
	if (st) {
		db_reset(st);
		db_clear_bindings(st);
	}
}

int db_bind_text_or_null(db_stmt *st, int idx, const char *s)
{
	if (!s || !*s)
		return db_bind_null(st, idx);
	return db_bind_text_copy(st, idx, s);
}

long long db_first_int64(db_conn *db, db_stmt *st, long long none, const char *what, char *err,
                         size_t errlen)
{
	if (db_step(st) == DB_ROW)
		return db_column_int64(st, 0);
	if (what)
		db_error(db, what, err, errlen);
	return none;
}

db_stmt *db_prepare_id(db_conn *db, const char *sql, long long id, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (st)
		db_bind_int64(st, 1, id);
	return st;
}

static int bind_text_or_empty(db_stmt *st, int i, const char *s)
{
	return db_bind_text_copy(st, i, s ? s : "");
}

/* The loop of the three db_bind_texts: each string bound by bind. */
static void bind_each(db_stmt *st, int first, const char *const *v, int n,
                      int (*bind)(db_stmt *, int, const char *))
{
	for (int i = 0; i < n; i++)
		bind(st, first + i, v[i]);
}

void db_bind_texts(db_stmt *st, int first, const char *const *v, int n)
{
	bind_each(st, first, v, n, db_bind_text_copy);
}

void db_bind_texts_or_null(db_stmt *st, int first, const char *const *v, int n)
{
	bind_each(st, first, v, n, db_bind_text_or_null);
}

void db_bind_texts_or_empty(db_stmt *st, int first, const char *const *v, int n)
{
	bind_each(st, first, v, n, bind_text_or_empty);
}

void db_column_texts(db_stmt *st, int first, const char **const *to, int n)
{
	for (int i = 0; i < n; i++) {
		const char *t = db_column_text(st, first + i);
		*to[i] = t ? t : "";
	}
}

bool db_run(db_conn *db, db_stmt *st, const char *what, char *err, size_t errlen)
{
	bool ok = db_step(st) == DB_DONE;
	if (!ok)
		db_error(db, what, err, errlen);
	db_reset(st);
	return ok;
}

/* Each connection's place in the writers' queue (store/write_queue.h). */
#define MAX_CONNECTIONS 16
static struct {
	db_conn *db;
	write_queue *q;
	bool opened;     /* the lock file is made on the first write, not by readers */
	long wait_ms;    /* the most to wait in it: the busy timeout, at most QUEUE_MAX_MS */
	char path[4096];
} queues[MAX_CONNECTIONS];

static write_queue *queue_of(db_conn *db)
{
	for (int i = 0; i < MAX_CONNECTIONS; i++)
		if (queues[i].db == db) {
			if (!queues[i].opened) {
				queues[i].opened = true;
				queues[i].q = write_queue_open(queues[i].path);
			}
			return queues[i].q;
		}
	return NULL;
}

/* The queue of a connection if it has been opened (NULL otherwise). */
static write_queue *queue_opened(db_conn *db)
{
	for (int i = 0; i < MAX_CONNECTIONS; i++)
		if (queues[i].db == db)
			return queues[i].opened ? queues[i].q : NULL;
	return NULL;
}

/* SQLite's own default: a checkpoint once the WAL holds 1,000 pages. */
#define WAL_CHECKPOINT_PAGES 1000

/* Called by SQLite after every commit, once the write lock is released
 * (its WAL hook, which takes the place of the automatic checkpoint):
 * the next writer in the queue goes first, and only then does this
 * connection checkpoint, when SQLite would have (PASSIVE: it never
 * waits for or blocks a writer). Inside COMMIT, the automatic checkpoint
 * ran while the writer that crossed the 1,000 pages still held its
 * ticket, so every writer queued behind it waited while a thousand pages
 * were copied into a 1.6 GB file and synced (the worst save at 10×,
 * 20 writers: 0.3-1.3 s against a median of 57 ms). */
static int after_commit(void *conn, sqlite3 *lite, const char *name, int pages)
{
	write_queue_leave(queue_opened(conn));
	if (pages >= WAL_CHECKPOINT_PAGES)
		sqlite3_wal_checkpoint_v2(lite, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

/* Longest wait in the queue; a longer one (behind an import) goes on in
 * SQLite's busy wait, which the screens show. */
#define QUEUE_MAX_MS 2000

static long queue_wait(db_conn *db)
{
	for (int i = 0; i < MAX_CONNECTIONS; i++)
		if (queues[i].db == db)
			return queues[i].wait_ms;
	return 0;
}

bool db_begin(db_conn *db, db_tx *tx, char *err, size_t errlen)
{
	tx->nested = db_in_transaction(db);
	if (!tx->nested)
		write_queue_enter(queue_of(db), queue_wait(db));
	const char *sql = tx->nested ? "SAVEPOINT nj" : "BEGIN IMMEDIATE";
	if (db_exec(db, sql) != DB_OK) {
		db_error(db, "无法开始写入", err, errlen);
		if (!tx->nested)
			write_queue_leave(queue_of(db));
		return false;
	}
	return true;
}

bool db_end(db_conn *db, db_tx *tx, bool ok, char *err, size_t errlen)
{
	if (ok)
		return db_commit(db, tx, err, errlen);
	db_rollback(db, tx);
	return false;
}

bool db_exec_tx(db_conn *db, const char *sql, const char *what, char *err, size_t errlen)
{
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	bool ok = db_exec(db, sql) == DB_OK;
	if (!ok)
		db_error(db, what, err, errlen);
	return db_end(db, &tx, ok, err, errlen);
}

bool db_rebuild_tx(db_conn *db, const char *sql, const char *what, char *err, size_t errlen)
{
	if (db->pg)
		return pg_health_rebuild(db, sql, what, err, errlen);
	return db_exec_tx(db, sql, what, err, errlen);
}

bool db_sum_counts(db_conn *db, const char *const *sql, size_t n, long *sum, const char *what, char *err,
                   size_t errlen)
{
	if (db->pg)
		return pg_health_sum_counts(db, sql, n, sum, what, err, errlen);
	*sum = 0;
	for (size_t i = 0; i < n; i++) {
		db_stmt *st = db_prepare(db, sql[i], err, errlen);
		if (!st)
			return false;
		if (db_step(st) != DB_ROW) {
			db_error(db, what, err, errlen);
			db_finalize(st);
			return false;
		}
		*sum += (long)db_column_int64(st, 0);
		db_finalize(st);
	}
	return true;
}

bool db_commit(db_conn *db, db_tx *tx, char *err, size_t errlen)
{
	const char *sql = tx->nested ? "RELEASE nj" : "COMMIT";
	/* Derived tables kept in the same transaction as what they derive
	 * from: the producer search keys of this transaction's changes. */
	if (!tx->nested && !search_index_sync(db, err, errlen)) {
		db_rollback(db, tx);
		return false;
	}
	if (db_exec(db, sql) != DB_OK) {
		db_error(db, "保存失败", err, errlen);
		db_rollback(db, tx);
		return false;
	}
	if (!tx->nested)
		write_queue_leave(queue_of(db));
	return true;
}

void db_rollback(db_conn *db, db_tx *tx)
{
	if (tx->nested)
		db_exec(db, "ROLLBACK TO nj; RELEASE nj");
	else if (db_in_transaction(db))
		db_exec(db, "ROLLBACK");
	if (!tx->nested)
		write_queue_leave(queue_of(db));
}

static int user_version(db_conn *db)
{
	db_stmt *st;
	int v = -1;
	if (db_prepare_rc(db, "PRAGMA user_version", &st) == DB_OK &&
	    db_step(st) == DB_ROW)
		v = db_column_int(st, 0);
	db_finalize(st);
	return v;
}

static bool migrate(db_conn *db, char *err, size_t errlen)
{
	int v = user_version(db);
	if (v < 0) {
		db_error(db, "读取数据库版本失败", err, errlen);
		return false;
	}
	if (v > schema_migration_count) {
		snprintf(err, errlen, "数据库版本 %d 比本程序 (%d) 新，请升级 nongjian", v, schema_migration_count);
		return false;
	}
	if (v == schema_migration_count)
		return true;
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	v = user_version(db); /* another process may have migrated meanwhile */
	for (; v < schema_migration_count; v++) {
		if (db_exec(db, schema_migrations[v]) != DB_OK) {
			char what[64];
			snprintf(what, sizeof what, "升级数据库到版本 %d 失败", v + 1);
			db_error(db, what, err, errlen);
			db_rollback(db, &tx);
			return false;
		}
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if (db_exec(db, sql) != DB_OK) {
			db_error(db, "写入数据库版本失败", err, errlen);
			db_rollback(db, &tx);
			return false;
		}
	}
	return db_commit(db, &tx, err, errlen);
}

/* In a setgid data directory (the shared deployment: group nongjian,
 * mode 2770) the database must be writable by the group: SQLite gives the
 * -wal and -shm files the database's own mode, and the directory gives
 * every file its group, so any member can open them whoever made them. */
static void share_with_group(const char *path)
{
	char dir[4096];
	struct stat sb;
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	if (stat(slash ? (slash == dir ? "/" : dir) : ".", &sb) == 0 && (sb.st_mode & S_ISGID) &&
	    stat(path, &sb) == 0 && (sb.st_mode & 0777) != 0660)
		chmod(path, 0660); /* the group's, nobody else's */
}

/* A database that cannot be read because of its -wal and -shm files: a
 * -wal (its -shm beside it) from a program that did not end normally (a
 * power cut, kill -9), which this account may not read, or whose -shm it
 * may not create; or no -wal, and a directory where this account cannot
 * create them. The records in a -wal are saved records: say so, and how to
 * get them back in (any writer's open merges them). */
static bool stale_journal(const char *path, int rc, char *err, size_t errlen)
{
	if ((rc & 0xFF) != DB_CANTOPEN && (rc & 0xFF) != DB_READONLY)
		return false;
	char wal[4200], shm[4200], dir[4200];
	struct stat sb;
	snprintf(wal, sizeof wal, "%s-wal", path);
	snprintf(shm, sizeof shm, "%s-shm", path);
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		slash == dir ? (void)(slash[1] = '\0') : (void)(*slash = '\0');
	else
		snprintf(dir, sizeof dir, ".");
	if (stat(wal, &sb) != 0) {
		if (faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) == 0)
			return false;
		/* Nothing left behind: a reader makes the two files itself. */
		snprintf(err, errlen,
		         "无法读取数据库 %s：读取时要在数据目录 %s 中建立 %s-wal 和 -shm 两个文件，而当前账号不能写这个"
		         "目录。请管理员按 README 设置数据目录和数据库文件的组与权限 (目录 2770，文件 0660)", path, dir,
		         path);
		return true;
	}
	bool wal_ok = faccessat(AT_FDCWD, wal, R_OK, AT_EACCESS) == 0;
	bool shm_ok = stat(shm, &sb) == 0 ? faccessat(AT_FDCWD, shm, R_OK, AT_EACCESS) == 0
	                                  : faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) == 0;
	if (wal_ok && shm_ok)
		return false;
	snprintf(err, errlen,
	         "无法读取数据库 %s：旁边的日志文件 %s 和 %s-shm 是写入它的程序留下的 (程序正在写入，或上次没有正常"
	         "退出：断电、被强行结束)，而当前账号%s，所以打不开。日志里可能有已经保存的记录，请不要删除这两个文件："
	         "请管理员 (或能写入数据库的用户) 运行一次 nongjian check，程序会把日志并回数据库并删掉它们，之后即可"
	         "正常使用。如果经常出现，请管理员按 README 检查数据目录和数据库文件的组与权限",
	         path, wal, path, !wal_ok ? "没有读它们的权限" : "没有读 -shm 的权限 (或不能在数据目录中重新建立它)");
	diag("sqlite: %s: a -wal left behind that this account cannot use (rc %d)", path, rc);
	return true;
}

/* Is this file a nongjian database (or, for init, one that may become
 * one)? Asked before anything is written to it: the WAL pragma alone
 * would change another application's file. */
static bool is_ours(db_conn *db, const char *path, bool create, char *err, size_t errlen)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && sb.st_size == 0) {
		if (create)
			return true;
		snprintf(err, errlen, "数据库文件 %s 是空的 (0 字节)，不是 nongjian 的数据库：新建请运行 nongjian init；"
		         "原来有数据的话，请从备份恢复 (见 man nongjian \"备份与恢复\")", path);
		return false;
	}
	db_stmt *st;
	int rc = db_prepare_rc(db,
		"SELECT (SELECT user_version FROM pragma_user_version),"
		" (SELECT count(*) FROM sqlite_schema),"
		" (SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('meta', 'units', 'samples'))", &st);
	if (rc == DB_OK)
		rc = db_step(st);
	int version = db_column_int(st, 0), objects = db_column_int(st, 1), ours = db_column_int(st, 2);
	db_finalize(st);
	if (rc != DB_ROW && stale_journal(path, last_error(db), err, errlen))
		return false;
	if (rc != DB_ROW) {
		/* A text or other file: DB_NOTADB, explained (and logged). */
		char what[4200];
		snprintf(what, sizeof what, "无法打开数据库 %s", path);
		db_error(db, what, err, errlen);
		return false;
	}
	if (objects == 0 && version == 0) {
		if (create)
			return true;
		snprintf(err, errlen, "数据库 %s 是空的 (没有任何表)：请先运行 nongjian init", path);
		return false;
	}
	if (ours < 3) {
		snprintf(err, errlen, "文件 %s 是别的程序的 SQLite 数据库 (没有 nongjian 的表)：nongjian 不会改动它，"
		         "请检查配置 [database] path 或 --db", path);
		return false;
	}
	if (version > schema_migration_count) {
		snprintf(err, errlen, "数据库 %s 的版本是 %d，本程序只认识到版本 %d：它由更新的 nongjian 建立或升级过，"
		         "请升级 nongjian 后再使用", path, version, schema_migration_count);
		return false;
	}
	return true;
}

/* A connection db_open gave up on before it was queued. */
static void close_lite(db_conn *db)
{
	sqlite3_close(db->lite);
	free(db);
}

/* A PostgreSQL database (issue 20): its schema made by nongjian migrate-to,
 * the busy timeout as the server's lock_timeout. Writers wait for each
 * other on the server (store/pg_stmt.h), not in the file queue. */
static db_conn *open_pg(const char *target, long busy_ms, bool create, char *err, size_t errlen)
{
	if (create) {
		snprintf(err, errlen,
		         "PostgreSQL 数据库不用 init 创建：先建空库，再用 nongjian migrate-to 把 SQLite 数据库迁移过去 (见 man "
		         "nongjian 的 migrate-to)");
		return NULL;
	}
	pg_conn *pg = pg_connect(target, err, errlen);
	if (!pg)
		return NULL;
	db_conn *db = xcalloc(1, sizeof *db);
	db->pg = pg;
	if (pg_stmt_busy_timeout(pg, busy_ms) != DB_OK) {
		db_error(db, "无法设置数据库", err, errlen);
		db_close(db);
		return NULL;
	}
	/* SQLite's migrate(): the schema's version against the program's. */
	if (!pg_version_ok(pg, target, err, errlen)) {
		db_close(db);
		return NULL;
	}
	return db;
}

db_conn *db_open(const char *path, long busy_ms, bool create, char *err, size_t errlen)
{
	if (pg_is_target(path))
		return open_pg(path, busy_ms, create, err, errlen);
	struct stat sb;
	if (!create && strcmp(path, ":memory:") != 0 && stat(path, &sb) != 0) {
		snprintf(err, errlen, "数据库 %s 不存在: 请先运行 nongjian init 创建 (演示数据: nongjian init --demo)", path);
		return NULL;
	}
	if (create && strcmp(path, ":memory:") != 0) {
		/* init on a fresh checkout: make the data directory too. */
		char dir[4096];
		snprintf(dir, sizeof dir, "%s", path);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			if (stat(dir, &sb) != 0 && mkdir(dir, 0775) != 0) {
				snprintf(err, errlen, "无法创建数据目录 %s: %s", dir, err_reason(errno));
				return NULL;
			}
		}
	}
	sqlite3 *lite = NULL;
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &lite, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "无法打开数据库 %s: %s", path, db_explain(rc));
		sqlite3_close(lite);
		return NULL;
	}
	db_conn *db = xcalloc(1, sizeof *db);
	db->lite = lite;
	sqlite3_extended_result_codes(lite, 1);
	sqlite3_busy_timeout(lite, (int)busy_ms);
	if (strcmp(path, ":memory:") != 0 && !is_ours(db, path, create, err, errlen)) {
		close_lite(db);
		return NULL;
	}
	/* WAL lets readers work while one user writes; FULL sync so that a
	 * saved record survives a power cut on an old PC, not only a crash. */
	static const char *pragmas =
		"PRAGMA foreign_keys = ON;"
		"PRAGMA journal_mode = WAL;"
		"PRAGMA synchronous = FULL;"
		/* 256 KB of page cache (SQLite's default is 2 MB): the screens read
		 * a page at a time and the figures walk small indexes, so this costs
		 * no measurable speed and keeps the program under 6 MB resident. */
		"PRAGMA cache_size = -256;";
	if (db_exec(db, pragmas) != DB_OK) {
		if (!stale_journal(path, last_error(db), err, errlen))
			db_error(db, "无法设置数据库", err, errlen);
		close_lite(db);
		return NULL;
	}
	sqlite3_wal_hook(lite, after_commit, db);
	for (int i = 0; i < MAX_CONNECTIONS; i++)
		if (!queues[i].db) {
			queues[i].db = db;
			queues[i].q = NULL;
			queues[i].opened = false;
			queues[i].wait_ms = busy_ms < QUEUE_MAX_MS ? busy_ms : QUEUE_MAX_MS;
			snprintf(queues[i].path, sizeof queues[i].path, "%s", path);
			break;
		}
	if (!migrate(db, err, errlen)) {
		db_close(db);
		return NULL;
	}
	if (create)
		share_with_group(path);
	return db;
}

/* The patient busy handler of the screens: short sleeps at first (most
 * writes take milliseconds), then 50 ms; the waited time is counted
 * from the first call of each wait (count 0). */
static struct {
	db_conn *db;
	db_wait_fn notice;
	void *ctx;
	long waited, told;
} patient;

static int wait_patiently(void *p, int count)
{
	(void)p;
	if (count == 0)
		patient.waited = patient.told = 0;
	if (patient.waited >= DB_WAIT_MAX_MS)
		return 0;
	long ms = count < 10 ? 5 : count < 30 ? 20 : 50;
	struct timespec ts = {0, ms * 1000000L};
	nanosleep(&ts, NULL);
	patient.waited += ms;
	if (patient.notice && patient.waited >= DB_WAIT_NOTICE_MS &&
	    patient.waited - patient.told >= DB_WAIT_NOTICE_MS) {
		patient.told = patient.waited;
		if (!patient.notice(patient.ctx, patient.waited))
			return 0;
	}
	return 1;
}

void db_wait_patiently(db_conn *db, db_wait_fn notice, void *ctx)
{
	patient.db = db;
	patient.notice = notice;
	patient.ctx = ctx;
	if (db->pg) /* waits on the server, without the notices */
		pg_stmt_busy_timeout(db->pg, DB_WAIT_MAX_MS);
	else
		sqlite3_busy_handler(db->lite, wait_patiently, NULL);
}

void db_close(db_conn *db)
{
	if (db && patient.db == db)
		patient.db = NULL, patient.notice = NULL;
	if (!db)
		return;
	for (int i = 0; i < MAX_CONNECTIONS; i++)
		if (queues[i].db == db) {
			write_queue_close(queues[i].q);
			queues[i].db = NULL;
			queues[i].q = NULL;
			queues[i].opened = false;
		}
	for (int i = 0; i < STMT_CACHE; i++)
		if (cache[i].db == db) {
			db_finalize(cache[i].st);
			cache[i].db = NULL;
		}
	if (db->pg) {
		pg_close(db->pg);
		free(db);
		return;
	}
	/* Closing first lets virtual tables (the FTS5 search index) finalize
	 * their own statements; finalizing those here would free them twice.
	 * What is left then is statements nobody finalized. */
	if (sqlite3_close(db->lite) == SQLITE_BUSY) {
		sqlite3_stmt *st;
		while ((st = sqlite3_next_stmt(db->lite, NULL)) != NULL)
			sqlite3_finalize(st);
		sqlite3_close(db->lite);
	}
	free(db);
}
