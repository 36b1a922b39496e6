#include "store/units.h"

#include <stdio.h>

#include "store/db.h"

long long units_id(db_conn *db, const char *name)
{
	char err[256];
	db_stmt *st = db_cached(db,
		/* The full name first; each half uses an index or a short scan
		 * (an ORDER BY here cost a sorter per call, per saved record). */
		"SELECT id FROM units WHERE name = ?1 UNION ALL"
		" SELECT id FROM (SELECT id FROM units WHERE short_name = ?1 ORDER BY id) LIMIT 1",
		err, sizeof err);
	if (!st)
		return 0;
	db_bind_text(st, 1, name);
	long long id = db_first_int64(db, st, 0, NULL, NULL, 0);
	db_done(st);
	return id;
}

bool units_sync(db_conn *db, const config *c, char *err, size_t errlen)
{
	int missing = 0;
	for (int i = 0; i < c->ntowns; i++)
		if (!units_id(db, c->towns[i].name))
			missing++;
	if (!missing)
		return true;
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	db_stmt *st = db_prepare(db,
		"INSERT INTO units(code, name, short_name, kind, sort) VALUES (?, ?, ?, ?, ?) "
		"ON CONFLICT(name) DO NOTHING", err, errlen);
	bool ok = st != NULL;
	for (int i = 0; ok && i < c->ntowns; i++) {
		const town_def *t = &c->towns[i];
		DB_BIND_TEXTS(st, 1, t->code, t->name, t->short_name, t->kind);
		db_bind_int(st, 5, i);
		ok = db_run(db, st, "写入镇街名单失败", err, errlen);
	}
	db_finalize(st);
	return db_end(db, &tx, ok, err, errlen);
}

bool units_read(db_conn *db, config *c, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db,
		"SELECT code, name, short_name, kind FROM units ORDER BY sort, id", err, errlen);
	if (!st)
		return false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		config_add_town(c, db_column_text(st, 0),
		                db_column_text(st, 1),
		                db_column_text(st, 2),
		                db_column_text(st, 3));
	db_finalize(st);
	if (rc != DB_DONE) {
		db_error(db, "读取镇街名单失败", err, errlen);
		return false;
	}
	if (c->ntowns < 2) {
		snprintf(err, errlen, "数据库中的镇街名单是空的：请管理员运行 nongjian settings load 配置文件");
		return false;
	}
	return true;
}
