#include "sample/sample_stage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/text.h"
#include "sample/items.h"
#include "store/db.h"

/* A town's and year's staged records: how many, and (while saving) the
 * number the first of them gets. */
typedef struct {
	long long unit;
	int year;
	long count;
	long base;
} stage_group;

struct sample_stage {
	db_conn *db;
	const config *c;
	db_stmt *add;
	stage_group *g;
	size_t ng, gcap, last;
	long count, nonum;
};

/* A staged record's rowid: its group, then its place in the group. The
 * table is thereby kept in town-and-year order, and so is the copy into
 * samples: its indexes on town and year and on the number (and the
 * table) then grow at one place per town and year instead of all over
 * them, which keeps the copy fast with a small page cache (issue 19: a
 * bounded memory) and the write lock short. */
#define STAGE_KEY(group, place) ((long long)(group) << 32 | (long long)(place))

#define COLS_CAP 2048
#define SQL_CAP 8192

/* The fields' columns, comma-separated, each after prefix. */
static void columns(char *out, size_t outlen, const char *prefix)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < sample_type.nfields && used < outlen; i++)
		used += (size_t)snprintf(out + used, outlen - used, "%s%s%s", i ? ", " : "", prefix,
		                         sample_type.fields[i].column);
}

static bool run(db_conn *db, const char *sql, const char *what, char *err, size_t errlen)
{
	if (db_exec(db, sql) == DB_OK)
		return true;
	db_error(db, what, err, errlen);
	return false;
}

/* CREATE TEMP TABLE sample_stage with the fields' columns typed as in
 * samples, so that a staged value compares (and is stored) as the same
 * value would be in samples. */
static bool create_stage(db_conn *db, char *err, size_t errlen)
{
	char sql[SQL_CAP];
	size_t used = (size_t)snprintf(sql, sizeof sql,
		"CREATE TEMP TABLE sample_stage (no_tmpl TEXT, year INTEGER, rank INTEGER, verdict TEXT,"
		" flag_confirm INTEGER, ext_no TEXT, nonum INTEGER, void_reason TEXT, dropped INTEGER NOT NULL DEFAULT 0");
	db_stmt *ti = db_prepare(db, "SELECT type FROM pragma_table_info('samples', 'main') WHERE name = ?1",
	                              err, errlen);
	if (!ti)
		return false;
	for (int i = 0; i < sample_type.nfields && used < sizeof sql; i++) {
		db_bind_text(ti, 1, sample_type.fields[i].column);
		const char *type = db_step(ti) == DB_ROW ? db_column_text(ti, 0) : NULL;
		used += (size_t)snprintf(sql + used, sizeof sql - used, ", %s %s", sample_type.fields[i].column,
		                         type ? type : "");
		db_reset(ti);
	}
	db_finalize(ti);
	if (used + 2 >= sizeof sql) {
		snprintf(err, errlen, "准备导入失败: 字段太多");
		return false;
	}
	snprintf(sql + used, sizeof sql - used, ")");
	return run(db, "DROP TABLE IF EXISTS temp.sample_stage; DROP TABLE IF EXISTS temp.sample_stage_groups",
	           "准备导入失败", err, errlen) &&
	       run(db, sql, "准备导入失败", err, errlen) &&
	       run(db,
	           "CREATE UNIQUE INDEX temp.sample_stage_ext ON sample_stage(ext_no) WHERE ext_no IS NOT NULL;"
	           "CREATE TEMP TABLE sample_stage_groups (unit_id INTEGER, year INTEGER, base INTEGER,"
	           " PRIMARY KEY (unit_id, year)) WITHOUT ROWID",
	           "准备导入失败", err, errlen);
}

sample_stage *sample_stage_open(db_conn *db, const config *c, char *err, size_t errlen)
{
	if (!create_stage(db, err, errlen))
		return NULL;
	char cols[COLS_CAP], sql[SQL_CAP];
	columns(cols, sizeof cols, "");
	int used = snprintf(sql, sizeof sql,
		"INSERT INTO temp.sample_stage (no_tmpl, year, rank, verdict, flag_confirm, ext_no, nonum, void_reason,"
		" rowid, %s) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9", cols);
	for (int i = 0; i < sample_type.nfields && used > 0 && (size_t)used < sizeof sql; i++)
		used += snprintf(sql + used, sizeof sql - (size_t)used, ", ?%d", 10 + i);
	if (used > 0 && (size_t)used + 2 < sizeof sql)
		snprintf(sql + used, sizeof sql - (size_t)used, ")");
	db_stmt *add = db_prepare(db, sql, err, errlen);
	if (!add)
		return NULL;
	return XNEW(sample_stage, .db = db, .c = c, .add = add);
}

void sample_stage_close(sample_stage *g)
{
	if (!g)
		return;
	db_finalize(g->add);
	db_exec(g->db, "DROP TABLE IF EXISTS temp.sample_stage; DROP TABLE IF EXISTS temp.sample_stage_groups");
	free(g->g);
	free(g);
}

long sample_stage_count(const sample_stage *g)
{
	return g ? g->count : 0;
}

static stage_group *group_of(sample_stage *g, long long unit, int year)
{
	if (g->last < g->ng && g->g[g->last].unit == unit && g->g[g->last].year == year)
		return &g->g[g->last];
	for (size_t i = 0; i < g->ng; i++)
		if (g->g[i].unit == unit && g->g[i].year == year) {
			g->last = i;
			return &g->g[i];
		}
	g->g = xgrow(g->g, &g->gcap, g->ng + 1, sizeof *g->g);
	stage_group *k = &g->g[g->ng];
	memset(k, 0, sizeof *k);
	k->unit = unit;
	k->year = year;
	g->last = g->ng++;
	return k;
}

stage_result sample_stage_add(sample_stage *g, const sample *s, long long unit, const char *void_reason,
                              char *err, size_t errlen)
{
	ymd d;
	const town_def *t = config_town(g->c, s->v[SF_TOWN]);
	if (!t || !date_parse(s->v[SF_DATE], &d)) { /* sample_validate made sure of both */
		snprintf(err, errlen, "导入失败: 记录未经检查");
		return STAGE_FAILED;
	}
	stage_group *k = group_of(g, unit, d.y);
	char tmpl[96];
	sample_format_template(g->c, t->short_name, d.y, tmpl, sizeof tmpl);
	db_stmt *st = g->add;
	db_bind_text(st, 1, tmpl);
	db_bind_int(st, 2, d.y);
	db_bind_int64(st, 3, k->count);
	db_bind_text(st, 4, s->fail ? "fail" : "pass");
	db_bind_int(st, 5, s->flag_confirm);
	db_bind_text_or_null(st, 6, s->ext_no);
	db_bind_int(st, 7, !*s->ext_no);
	db_bind_text_or_null(st, 8, void_reason);
	db_bind_int64(st, 9, STAGE_KEY(k - g->g, k->count));
	rec_bind_all(st, 9, &sample_type, s->v, unit);
	int rc = db_step(st);
	db_done(st);
	if (rc == DB_DONE) {
		k->count++;
		g->count++;
		g->nonum += !*s->ext_no;
		return STAGE_ADDED;
	}
	if (db_extended_errcode(g->db) == DB_CONSTRAINT_UNIQUE)
		return STAGE_TWICE;
	db_error(g->db, "写入临时表失败", err, errlen);
	return STAGE_FAILED;
}

/* Step a statement that RETURNING unit_id, year of what it dropped; the
 * groups' counts follow. -1 on a database error, else how many. */
static int dropped_rows(sample_stage *g, db_stmt *st)
{
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		stage_group *k = group_of(g, db_column_int64(st, 0), db_column_int(st, 1));
		k->count--;
		g->count--;
		n++;
	}
	db_done(st);
	return rc == DB_DONE ? n : -1;
}

/* Records saved by others after seen_max_id: the staged records they
 * make present are dropped. */
static bool drop_present(sample_stage *g, long long seen_max_id, long *late, char *err, size_t errlen)
{
	db_conn *db = g->db;
	char cols[COLS_CAP], sql[SQL_CAP];
	columns(cols, sizeof cols, "");
	snprintf(sql, sizeof sql, "SELECT ext_no, %s FROM main.samples WHERE id > ?1 ORDER BY id", cols);
	db_stmt *rec = db_prepare(db, sql, err, errlen);
	db_stmt *by_no = db_prepare(db,
		"UPDATE temp.sample_stage SET dropped = 1 WHERE ext_no = ?1 AND dropped = 0 RETURNING unit_id, year",
		err, errlen);
	/* Equal in every field (import_samples.c's rule for rows without a
	 * number): the first such staged record in file order. */
	int used = snprintf(sql, sizeof sql,
		"UPDATE temp.sample_stage SET dropped = 1 WHERE rowid = (SELECT rowid FROM temp.sample_stage"
		" WHERE nonum = 1 AND dropped = 0 AND %s = ?%d AND %s = ?%d AND %s = ?%d",
		sample_type.fields[SF_TOWN].column, SF_TOWN + 1, sample_type.fields[SF_DATE].column, SF_DATE + 1,
		sample_type.fields[SF_PRODUCT].column, SF_PRODUCT + 1);
	for (int i = 0; i < sample_type.nfields && used > 0 && (size_t)used < sizeof sql; i++)
		used += snprintf(sql + used, sizeof sql - (size_t)used, " AND +%s IS ?%d", sample_type.fields[i].column,
		                 i + 1);
	if (used > 0 && (size_t)used + 64 < sizeof sql)
		snprintf(sql + used, sizeof sql - (size_t)used, " ORDER BY rowid LIMIT 1) RETURNING unit_id, year");
	db_stmt *same = NULL;
	bool ok = rec && by_no;
	if (ok && g->nonum > 0) {
		/* Only now, and only when someone else saved meanwhile: an index
		 * for the lookups below. */
		char idx[512];
		snprintf(idx, sizeof idx, "CREATE INDEX IF NOT EXISTS temp.sample_stage_same ON sample_stage(%s, %s, %s)"
		         " WHERE nonum = 1", sample_type.fields[SF_TOWN].column, sample_type.fields[SF_DATE].column,
		         sample_type.fields[SF_PRODUCT].column);
		ok = run(db, idx, "导入失败", err, errlen) && (same = db_prepare(db, sql, err, errlen)) != NULL;
	}
	if (ok)
		db_bind_int64(rec, 1, seen_max_id);
	int rc = DB_DONE;
	while (ok && (rc = db_step(rec)) == DB_ROW) {
		int n = 0;
		if (db_column_type(rec, 0) != DB_NULL) {
			db_bind_column(by_no, 1,rec, 0);
			n = dropped_rows(g, by_no);
		}
		if (n >= 0 && same) {
			for (int i = 0; i < sample_type.nfields; i++)
				db_bind_column(same, i + 1,rec, i + 1);
			int m = dropped_rows(g, same);
			n = m < 0 ? -1 : n + m;
		}
		if (n < 0) {
			db_error(db, "导入失败", err, errlen);
			ok = false;
		}
		*late += n > 0 ? n : 0;
	}
	if (ok && rc != DB_DONE) {
		db_error(db, "查找已有记录失败", err, errlen);
		ok = false;
	}
	db_finalize(rec);
	db_finalize(by_no);
	db_finalize(same);
	/* Places in file order again, without the dropped ones. */
	if (ok && *late > 0)
		ok = run(db,
		         "UPDATE temp.sample_stage AS t SET rank = r.n FROM (SELECT rowid AS rid, row_number() OVER"
		         " (PARTITION BY unit_id, year ORDER BY rowid) - 1 AS n FROM temp.sample_stage WHERE dropped = 0) AS r"
		         " WHERE t.rowid = r.rid",
		         "导入失败", err, errlen);
	return ok;
}

/* Each town's and year's first number, from the counters as they are
 * now: each counter of a town and year that gets records is taken with
 * an upsert that makes a missing one at 1 and leaves a present one as it
 * is, so that the row is there to move on in move_counters and, on
 * PostgreSQL, locked until the commit (a writer that numbers meanwhile
 * waits for the import's numbers, as every writer waits for SQLite's
 * write transaction). */
static bool number_groups(sample_stage *g, char *err, size_t errlen)
{
	db_conn *db = g->db;
	db_stmt *next = db_prepare(db,
		"INSERT INTO main.counters (unit_id, year, next_seq) VALUES (?1, ?2, 1) ON CONFLICT(unit_id, year)"
		" DO UPDATE SET next_seq = counters.next_seq RETURNING next_seq", err, errlen);
	db_stmt *put = db_prepare(db, "INSERT INTO temp.sample_stage_groups (unit_id, year, base) VALUES (?1, ?2, ?3)",
	                               err, errlen);
	bool ok = next && put && run(db, "DELETE FROM temp.sample_stage_groups", "导入失败", err, errlen);
	for (size_t i = 0; ok && i < g->ng; i++) {
		stage_group *k = &g->g[i];
		k->base = 1;
		if (k->count > 0) {
			db_bind_int64(next, 1, k->unit);
			db_bind_int(next, 2, k->year);
			ok = db_step(next) == DB_ROW;
			if (ok)
				k->base = (long)db_column_int64(next, 0);
			while (ok && db_step(next) == DB_ROW)
				;
			db_reset(next);
		}
		if (ok) {
			db_bind_int64(put, 1, k->unit);
			db_bind_int(put, 2, k->year);
			db_bind_int64(put, 3, k->base);
			ok = db_step(put) == DB_DONE;
			db_reset(put);
		}
		if (!ok)
			db_error(db, "分配样品编号失败", err, errlen);
	}
	db_finalize(next);
	db_finalize(put);
	return ok;
}

/* The counters moved on past the numbers given (number_groups made the
 * rows of the towns and years that got records). */
static bool move_counters(sample_stage *g, char *err, size_t errlen)
{
	db_conn *db = g->db;
	db_stmt *st = db_prepare(db, "UPDATE main.counters SET next_seq = ?1 WHERE unit_id = ?2 AND year = ?3",
	                         err, errlen);
	bool ok = st != NULL;
	for (size_t i = 0; ok && i < g->ng; i++) {
		const stage_group *k = &g->g[i];
		if (k->count <= 0)
			continue;
		db_bind_int64(st, 1, k->base + k->count);
		db_bind_int64(st, 2, k->unit);
		db_bind_int(st, 3, k->year);
		ok = db_step(st) == DB_DONE && db_changes(db) == 1;
		db_reset(st);
		if (!ok)
			db_error(db, "保存样品编号计数失败", err, errlen);
	}
	db_finalize(st);
	return ok;
}

/* The number a staged record t gets, with g its group (SQL). */
#define STAGED_NO "replace(t.no_tmpl, char(1), printf('%0*d', ?1, g.base + t.rank))"
#define STAGED_JOIN \
	" FROM temp.sample_stage t CROSS JOIN temp.sample_stage_groups g ON g.unit_id = t.unit_id AND g.year = t.year"

static bool copy_in(sample_stage *g, const account *who, char *err, size_t errlen)
{
	char cols[COLS_CAP], tcols[COLS_CAP], sql[SQL_CAP], stamp[24];
	columns(cols, sizeof cols, "");
	columns(tcols, sizeof tcols, "t.");
	snprintf(sql, sizeof sql,
		"INSERT INTO main.samples (sample_no, year, seq, verdict, flag_confirm, created_at, created_by,"
		" producer_id, ext_no, %s) SELECT %s, t.year, g.base + t.rank, t.verdict, t.flag_confirm,"
		" ?2, ?3, NULL, t.ext_no, %s" STAGED_JOIN " WHERE t.dropped = 0 ORDER BY t.rowid", cols, STAGED_NO, tcols);
	db_stmt *st = db_prepare(g->db, sql, err, errlen);
	if (!st)
		return false;
	date_now_stamp(stamp, sizeof stamp);
	db_bind_int(st, 1, g->c->seq_width);
	db_bind_text(st, 2, stamp);
	db_bind_text(st, 3, who->login);
	bool ok = db_step(st) == DB_DONE && db_changes(g->db) == g->count;
	if (!ok)
		db_error(g->db, "保存失败", err, errlen);
	db_finalize(st);
	return ok;
}

/* The records of the file marked 作废, voided as the screen voids. */
static bool void_marked(sample_stage *g, const account *who, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(g->db,
		"SELECT s.id, s.version, t.void_reason" STAGED_JOIN " JOIN main.samples s ON s.sample_no = " STAGED_NO
		" WHERE t.void_reason IS NOT NULL AND t.dropped = 0 ORDER BY t.rowid", err, errlen);
	if (!st)
		return false;
	db_bind_int(st, 1, g->c->seq_width);
	typedef struct {
		long long id;
		int version;
		char *reason;
	} marked;
	marked *m = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		m = xgrow(m, &cap, n + 1, sizeof *m);
		m[n].id = db_column_int64(st, 0);
		m[n].version = db_column_int(st, 1);
		m[n].reason = xstrdup(rec_text(st, 2));
		n++;
	}
	bool ok = rc == DB_DONE;
	if (!ok)
		db_error(g->db, "作废失败", err, errlen);
	db_finalize(st);
	for (size_t i = 0; i < n; i++) {
		ok = ok && sample_void(g->db, m[i].id, m[i].version, m[i].reason, who, err, errlen);
		free(m[i].reason);
	}
	free(m);
	return ok;
}

/* The items of the records just copied in (those with a 项目 list),
 * judged again with the rules of the save's moment. */
static bool items_in(sample_stage *g, long long after_id, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(g->db, "SELECT id, product, category, items_text FROM main.samples"
	                              " WHERE id > ?1 AND items_text IS NOT NULL ORDER BY id", err, errlen);
	if (!st)
		return false;
	db_bind_int64(st, 1, after_id);
	bool ok = true;
	int rc;
	while (ok && (rc = db_step(st)) == DB_ROW) {
		sample_items it;
		const char *product = db_column_text(st, 1);
		const char *category = db_column_text(st, 2);
		ok = items_parse(g->c, product ? product : "", category ? category : "",
		                 db_column_text(st, 3), &it, err, errlen) &&
		     items_write(g->db, db_column_int64(st, 0), 1, &it, err, errlen);
		items_free(&it);
	}
	db_finalize(st);
	return ok;
}

bool sample_stage_save(sample_stage *g, long long seen_max_id, const account *who, long *late_present,
                       char *err, size_t errlen)
{
	*late_present = 0;
	db_stmt *mx = db_prepare(g->db, "SELECT coalesce(max(id), 0) FROM main.samples", err, errlen);
	if (!mx)
		return false;
	long long now_max = db_step(mx) == DB_ROW ? db_column_int64(mx, 0) : 0;
	db_finalize(mx);
	if (now_max > seen_max_id && !drop_present(g, seen_max_id, late_present, err, errlen))
		return false;
	if (g->count == 0)
		return true;
	return number_groups(g, err, errlen) && copy_in(g, who, err, errlen) && items_in(g, now_max, err, errlen) &&
	       move_counters(g, err, errlen) && void_marked(g, who, err, errlen);
}
