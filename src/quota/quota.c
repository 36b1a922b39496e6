#include "quota/quota.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/sample_counts.h"
#include "base/text.h"
#include "store/units.h"
#include "store/audit.h"

double quota_share(int y, ymd d)
{
	if (d.y < y)
		return 0.0;
	if (d.y > y)
		return 1.0;
	return (double)date_day_of_year(d) / date_days_in_year(y);
}

void quota_derive(quota_row *r, double share)
{
	r->pct = r->target > 0 ? 100.0 * (double)r->done / (double)r->target : 0.0;
	r->expected = (double)r->target * share;
	r->gap = (double)r->done - r->expected;
	r->projection = share > 0 ? (double)r->done / share : 0.0;
	r->pass_rate = r->done > 0 ? 100.0 * (double)(r->done - r->positives) / (double)r->done : -1.0;
}

/* The defaults of a year no admin has fixed yet, in this connection's
 * temporary schema: figures for anyone, written to nobody's database. */
static bool defaults_table(db_conn *db, char *err, size_t errlen)
{
	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS default_targets("
	                 "year INTEGER, unit_id INTEGER, kind TEXT, target INTEGER,"
	                 " PRIMARY KEY (year, unit_id, kind))") != DB_OK) {
		db_error(db, "统计任务进度失败", err, errlen);
		return false;
	}
	return true;
}

static bool default_targets(db_conn *db, const config *c, int year, char *err, size_t errlen)
{
	if (!defaults_table(db, err, errlen))
		return false;
	db_stmt *st = db_prepare(db,
		"INSERT OR REPLACE INTO temp.default_targets(year, unit_id, kind, target) VALUES (?,?,?,?)",
		err, errlen);
	bool ok = st != NULL;
	for (int u = 0; ok && u < c->ntowns; u++) {
		long long id = units_id(db, c->towns[u].name);
		for (int k = 0; ok && k < KIND_COUNT && id; k++) {
			db_bind_int(st, 1, year);
			db_bind_int64(st, 2, id);
			db_bind_text(st, 3, kind_code(k));
			db_bind_int64(st, 4, config_default_target(c, c->towns[u].name, k));
			ok = db_run(db, st, "统计任务进度失败", err, errlen);
		}
	}
	db_finalize(st);
	return ok;
}

bool quota_ensure_targets(db_conn *db, const config *c, int year, const account *who,
                          char *err, size_t errlen)
{
	/* Cheap check first: a year that has all its rows needs no write. */
	db_stmt *st = db_prepare(db, "SELECT count(*) FROM targets WHERE year = ?", err, errlen);
	if (!st)
		return false;
	db_bind_int(st, 1, year);
	long have = db_step(st) == DB_ROW ? (long)db_column_int64(st, 0) : -1;
	db_finalize(st);
	if (have < 0) {
		db_error(db, "统计任务进度失败", err, errlen);
		return false;
	}
	if (have >= (long)c->ntowns * KIND_COUNT)
		return true;
	/* Only an admin fixes a year's targets in the database (audited);
	 * anyone else sees the defaults of the rules without writing them. */
	if (!default_targets(db, c, year, err, errlen))
		return false;
	if (user_may_admin(who))
		return true;
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	char stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	st = db_prepare(db,
		"INSERT INTO targets(year, unit_id, kind, target, set_at, set_by)"
		" SELECT year, unit_id, kind, target, ?2, ?3 FROM temp.default_targets WHERE year = ?1"
		" ON CONFLICT(year, unit_id, kind) DO NOTHING", err, errlen);
	bool ok = st != NULL;
	int added = 0;
	if (ok) {
		db_bind_int(st, 1, year);
		db_bind_text(st, 2, stamp);
		db_bind_text(st, 3, who->login);
		ok = db_run(db, st, "写入年度任务失败", err, errlen);
		added = db_changes(db);
		db_finalize(st);
	}
	if (ok && added > 0) {
		char entity[32], after[64];
		snprintf(entity, sizeof entity, "%d年", year);
		snprintf(after, sizeof after, "按规则生成 %d 项任务", added);
		ok = audit_add(db, who->login, "target.init", entity, NULL, after, err, errlen);
	}
	return db_end(db, &tx, ok, err, errlen);
}

bool quota_set_target(db_conn *db, const config *c, int year, const char *unit, int kind,
                      long target, const account *who, char *err, size_t errlen)
{
	const char *user = who->login;
	const char *no = user_may_admin(who);
	if (no) {
		snprintf(err, errlen, "%s", no);
		return false;
	}
	const town_def *t = config_town(c, unit);
	if (!t) {
		snprintf(err, errlen, "未知单位 \"%s\"：应为镇街名单中的名称", unit);
		return false;
	}
	if (kind < 0 || kind >= KIND_COUNT) {
		snprintf(err, errlen, "检测类别无效：应为定性检测、例行监测、监督抽查或农业投入品");
		return false;
	}
	if (target < 0 || target > 1000000) {
		snprintf(err, errlen, "任务数 %ld 无效：应为 0 到 1000000 之间的整数", target);
		return false;
	}
	if (!quota_ensure_targets(db, c, year, who, err, errlen))
		return false;
	char stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	long before = -1;
	db_stmt *st = db_prepare(db,
		"SELECT target FROM targets WHERE year = ? AND kind = ?"
		" AND unit_id = (SELECT id FROM units WHERE name = ?)", err, errlen);
	if (st) {
		db_bind_int(st, 1, year);
		db_bind_text(st, 2, kind_code(kind));
		db_bind_text(st, 3, t->name);
		if (db_step(st) == DB_ROW)
			before = (long)db_column_int64(st, 0);
		db_finalize(st);
	}
	st = db_prepare(db,
		"UPDATE targets SET target = ?1, set_at = ?2, set_by = ?3"
		" WHERE year = ?4 AND kind = ?5 AND unit_id = (SELECT id FROM units WHERE name = ?6)",
		err, errlen);
	bool ok = st != NULL;
	if (ok) {
		db_bind_int64(st, 1, target);
		db_bind_text(st, 2, stamp);
		db_bind_text(st, 3, user);
		db_bind_int(st, 4, year);
		db_bind_text(st, 5, kind_code(kind));
		db_bind_text(st, 6, t->name);
		if (db_step(st) != DB_DONE || db_changes(db) != 1) {
			db_error(db, "修改任务失败", err, errlen);
			ok = false;
		}
		db_finalize(st);
	}
	if (ok) {
		char entity[160], was[32], now[32];
		snprintf(entity, sizeof entity, "%d年 %s %s", year, t->name, kind_label(kind));
		snprintf(was, sizeof was, "%ld", before);
		snprintf(now, sizeof now, "%ld", target);
		ok = audit_add(db, user, "target.set", entity, was, now, err, errlen);
	}
	return db_end(db, &tx, ok, err, errlen);
}

static int by_kind_then_gap(const void *pa, const void *pb)
{
	const quota_row *a = pa, *b = pb;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	if (a->gap != b->gap)
		return a->gap < b->gap ? -1 : 1;
	return a->sort - b->sort;
}

bool quota_compute(db_conn *db, const config *c, int year, ymd as_of, quota_report *out,
                   char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	out->as_of = as_of;
	out->share = quota_share(year, as_of);
	out->goal = c->pass_goal;
	char date[11];
	date_format(as_of, date, sizeof date);
	/* One row per unit and kind from the targets (or the defaults of a
	 * year not fixed yet), counts joined in. */
	if (!defaults_table(db, err, errlen))
		return false;
	db_stmt *st = db_prepare(db,
		"WITH tg AS (SELECT unit_id, kind, target FROM targets WHERE year = ?1"
		"  UNION ALL SELECT unit_id, kind, target FROM temp.default_targets d"
		"  WHERE d.year = ?1 AND NOT EXISTS (SELECT 1 FROM targets x"
		"    WHERE x.year = ?1 AND x.unit_id = d.unit_id AND x.kind = d.kind)),"
		/* From the maintained counts (store/sample_counts.h): a few
		 * thousand summary rows, not the year's samples. */
		" done AS ("
		"  SELECT unit_id, kind, sum(n) AS n, sum(CASE WHEN verdict = 'fail' THEN n ELSE 0 END) AS pos,"
		"    sum(open) AS open FROM " SC_SOURCE
		"  GROUP BY unit_id, kind HAVING sum(n) > 0)"
		" SELECT u.id, u.name, u.sort, t.kind, t.target,"
		"   coalesce(d.n, 0), coalesce(d.pos, 0), coalesce(d.open, 0)"
		" FROM tg t JOIN units u ON u.id = t.unit_id"
		" LEFT JOIN done d ON d.unit_id = t.unit_id AND d.kind = t.kind"
		" WHERE (t.target > 0 OR coalesce(d.n, 0) > 0)"
		" UNION ALL"
		" SELECT u.id, u.name, u.sort, d.kind, 0, d.n, d.pos, d.open"
		" FROM done d JOIN units u ON u.id = d.unit_id"
		" WHERE NOT EXISTS (SELECT 1 FROM tg t"
		"   WHERE t.unit_id = d.unit_id AND t.kind = d.kind)",
		err, errlen);
	if (!st)
		return false;
	db_bind_int(st, 1, year);
	sample_counts_bind(st, year, year, "", date);
	int cap = 0, rc;
	for (int k = 0; k < KIND_COUNT; k++) {
		snprintf(out->totals[k].unit, sizeof out->totals[k].unit, "合计");
		out->totals[k].kind = k;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		int k = kind_from_code(db_column_text(st, 3));
		if (k < 0)
			continue;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			quota_row *grown = realloc(out->rows, (size_t)cap * sizeof *grown);
			if (!grown)
				abort();
			out->rows = grown;
		}
		quota_row *r = &out->rows[out->n++];
		memset(r, 0, sizeof *r);
		r->unit_id = db_column_int64(st, 0);
		snprintf(r->unit, sizeof r->unit, "%s", db_column_text(st, 1));
		r->sort = db_column_int(st, 2);
		r->kind = k;
		r->target = (long)db_column_int64(st, 4);
		r->done = (long)db_column_int64(st, 5);
		r->positives = (long)db_column_int64(st, 6);
		r->open_positives = (long)db_column_int64(st, 7);
		quota_derive(r, out->share);
		quota_row *t = &out->totals[k];
		t->target += r->target;
		t->done += r->done;
		t->positives += r->positives;
		t->open_positives += r->open_positives;
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		db_error(db, "统计任务进度失败", err, errlen);
		quota_free(out);
		return false;
	}
	for (int k = 0; k < KIND_COUNT; k++)
		quota_derive(&out->totals[k], out->share);
	if (out->n > 1)
		qsort(out->rows, (size_t)out->n, sizeof *out->rows, by_kind_then_gap);
	return true;
}

void quota_free(quota_report *r)
{
	free(r->rows);
	r->rows = NULL;
	r->n = 0;
}

int quota_breakdown(db_conn *db, int year, ymd as_of, long long unit_id, int kind, quota_by by,
                    const char *date_from, quota_part *out, int max, char *err, size_t errlen)
{
	char sql[4096], date[11];
	date_format(as_of, date, sizeof date);
	/* From the maintained counts (store/sample_counts.h): months and
	 * quarters from the month and day counts, categories and stages from
	 * their month counts and the samples of a partial month's days. */
	if (by == QB_MONTH || by == QB_QUARTER)
		snprintf(sql, sizeof sql,
		         "SELECT %s AS k, sum(n), sum(CASE WHEN verdict = 'fail' THEN n ELSE 0 END) FROM " SC_SOURCE
		         " WHERE (?4 = 0 OR unit_id = ?4) AND kind = ?5 GROUP BY k HAVING sum(n) > 0 ORDER BY k",
		         by == QB_MONTH ? "CAST(substr(month, 6, 2) AS INTEGER)"
		                        : "(CAST(substr(month, 6, 2) AS INTEGER) + 2) / 3");
	else
		snprintf(sql, sizeof sql,
		         "SELECT k, sum(n), sum(CASE WHEN verdict = 'fail' THEN n ELSE 0 END) FROM %s"
		         " GROUP BY k HAVING sum(n) > 0 ORDER BY sum(n) DESC, k",
		         by == QB_CATEGORY ? SC_PARTS_SOURCE("category") : SC_PARTS_SOURCE(SC_STAGE("")));
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (!st)
		return -1;
	sample_counts_bind(st, year, year, date_from ? date_from : "", date);
	db_bind_text(st, 18, by == QB_CATEGORY ? "c" : "s");
	db_bind_int64(st, 4, unit_id);
	db_bind_text(st, 5, kind_code(kind));
	int n = 0, rc;
	while (n < max && (rc = db_step(st)) == DB_ROW) {
		quota_part *p = &out[n++];
		if (by == QB_MONTH)
			snprintf(p->label, sizeof p->label, "%d月", db_column_int(st, 0));
		else if (by == QB_QUARTER)
			snprintf(p->label, sizeof p->label, "第%d季度", db_column_int(st, 0));
		else
			snprintf(p->label, sizeof p->label, "%s", db_column_text(st, 0));
		p->done = (long)db_column_int64(st, 1);
		p->positives = (long)db_column_int64(st, 2);
		p->pass_rate = p->done ? 100.0 * (double)(p->done - p->positives) / (double)p->done : -1;
	}
	rc = db_errcode(db);
	db_finalize(st);
	if (rc != DB_OK && rc != DB_ROW && rc != DB_DONE) {
		db_error(db, "统计失败", err, errlen);
		return -1;
	}
	return n;
}

bool quota_behind(const quota_row *q)
{
	return q->target > 0 && q->gap < -0.5;
}

bool quota_low_pass(const quota_row *q, double goal)
{
	return q->pass_rate >= 0 && q->pass_rate < goal;
}

const char *quota_mark(const quota_row *q, double goal)
{
	return quota_behind(q) ? "落后" : quota_low_pass(q, goal) ? "合格率低" : "正常";
}
