#include "store/settings.h"

#include <stdio.h>
#include <string.h>

#include "base/dates.h"
#include "store/db.h"

ini *settings_read(db_conn *db, const char *scope, const char *name, const char *what, int *n,
                   char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db,
		"SELECT sec, key, value FROM settings WHERE scope = ? ORDER BY ord", err, errlen);
	if (!st)
		return NULL;
	db_bind_text(st, 1, scope);
	ini *f = ini_new(name, what);
	int rc;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		ini_set(f, db_column_text(st, 0), db_column_text(st, 1),
		        db_column_text(st, 2));
		(*n)++;
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		db_error(db, "读取规则设置失败", err, errlen);
		ini_close(f);
		return NULL;
	}
	return f;
}

bool settings_get(db_conn *db, const char *scope, const char *sec, const char *key, char *out,
                  size_t outlen)
{
	char err[256];
	db_stmt *st = db_prepare(db,
		"SELECT value FROM settings WHERE scope = ? AND sec = ? AND key = ?", err, sizeof err);
	if (!st)
		return false;
	DB_BIND_TEXTS(st, 1, scope, sec, key);
	bool found = db_step(st) == DB_ROW;
	if (found)
		snprintf(out, outlen, "%s", db_column_text(st, 0));
	db_finalize(st);
	return found;
}

bool settings_put(db_conn *db, const char *scope, const char *sec, const char *key, const char *value,
                  const char *who, char *err, size_t errlen)
{
	char stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	db_stmt *st = db_prepare(db,
		"INSERT INTO settings(scope, sec, key, value, ord, set_at, set_by) VALUES (?1, ?2, ?3, ?4,"
		" (SELECT coalesce(max(ord), 0) + 1 FROM settings WHERE scope = ?1), ?5, ?6)"
		" ON CONFLICT(scope, sec, key) DO UPDATE SET value = excluded.value,"
		" set_at = excluded.set_at, set_by = excluded.set_by", err, errlen);
	if (!st)
		return false;
	DB_BIND_TEXTS(st, 1, scope, sec, key, value, stamp, who);
	bool ok = db_run(db, st, "写入规则设置失败", err, errlen);
	db_finalize(st);
	return ok;
}

bool settings_clear(db_conn *db, const char *scope, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, "DELETE FROM settings WHERE scope = ?", err, errlen);
	if (!st)
		return false;
	db_bind_text(st, 1, scope);
	bool ok = db_run(db, st, "写入规则设置失败", err, errlen);
	db_finalize(st);
	return ok;
}

long settings_count(db_conn *db)
{
	return db_count(db, "SELECT count(*) FROM settings");
}

bool settings_each(db_conn *db, void (*fn)(void *ctx, const settings_row *r), void *ctx, char *err,
                   size_t errlen)
{
	db_stmt *st = db_prepare(db,
		"SELECT scope, sec, key, value, set_at, set_by FROM settings"
		" ORDER BY scope <> 'config', scope, ord", err, errlen);
	if (!st)
		return false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		settings_row r;
		DB_COLUMN_TEXTS(st, 0, &r.scope, &r.sec, &r.key, &r.value, &r.set_at, &r.set_by);
		fn(ctx, &r);
	}
	return db_finish(db, st, rc, "读取规则设置失败", err, errlen);
}

bool products_read(db_conn *db, config *c, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, "SELECT name, category FROM products ORDER BY sort", err, errlen);
	if (!st)
		return false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		config_add_product(c, db_column_text(st, 0),
		                   db_column_text(st, 1));
	return db_finish(db, st, rc, "读取产品名录失败", err, errlen);
}

bool products_replace(db_conn *db, const config *c, char *err, size_t errlen)
{
	if (db_exec(db, "DELETE FROM products") != DB_OK) {
		db_error(db, "写入产品名录失败", err, errlen);
		return false;
	}
	db_stmt *st = db_prepare(db, "INSERT INTO products(name, category, sort) VALUES (?, ?, ?)"
	                              " ON CONFLICT(name) DO NOTHING", err, errlen);
	bool ok = st != NULL;
	for (int i = 0; ok && i < c->nproducts; i++) {
		db_bind_text(st, 1, c->products[i].name);
		db_bind_text(st, 2, c->products[i].category);
		db_bind_int(st, 3, i);
		ok = db_run(db, st, "写入产品名录失败", err, errlen);
	}
	db_finalize(st);
	return ok;
}

bool limits_read(db_conn *db, config *c, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, "SELECT product, item, limit_text, unit, standard FROM limits ORDER BY sort",
	                              err, errlen);
	if (!st)
		return false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		config_add_limit(c, db_column_text(st, 0), db_column_text(st, 1),
		                 db_column_text(st, 2), db_column_text(st, 3),
		                 db_column_text(st, 4));
	if (!db_finish(db, st, rc, "读取限量表失败", err, errlen))
		return false;
	st = db_prepare(db, "SELECT name, source FROM banned ORDER BY sort", err, errlen);
	if (!st)
		return false;
	while ((rc = db_step(st)) == DB_ROW)
		config_add_banned(c, db_column_text(st, 0), db_column_text(st, 1));
	return db_finish(db, st, rc, "读取禁用药物名单失败", err, errlen);
}

/* One statement per row of a list, bound by the caller's fill. */
static bool replace_rows(db_conn *db, const char *del, const char *ins, int n,
                         void (*fill)(db_stmt *, const config *, int), const config *c, char *err,
                         size_t errlen)
{
	if (db_exec(db, del) != DB_OK) {
		db_error(db, "写入限量表失败", err, errlen);
		return false;
	}
	db_stmt *st = db_prepare(db, ins, err, errlen);
	bool ok = st != NULL;
	for (int i = 0; ok && i < n; i++) {
		fill(st, c, i);
		ok = db_run(db, st, "写入限量表失败", err, errlen);
	}
	db_finalize(st);
	return ok;
}

static void fill_limit(db_stmt *st, const config *c, int i)
{
	const limit_def *l = &c->limits[i];
	DB_BIND_TEXTS(st, 1, l->product, l->item, l->limit, l->unit, l->standard);
	db_bind_int(st, 6, i);
}

static void fill_banned(db_stmt *st, const config *c, int i)
{
	db_bind_text(st, 1, c->banned[i].name);
	db_bind_text(st, 2, c->banned[i].source);
	db_bind_int(st, 3, i);
}

bool limits_replace(db_conn *db, const config *c, char *err, size_t errlen)
{
	return replace_rows(db, "DELETE FROM limits",
	                    "INSERT INTO limits(product, item, limit_text, unit, standard, sort) VALUES (?, ?, ?, ?, ?, ?)",
	                    c->nlimits, fill_limit, c, err, errlen) &&
	       replace_rows(db, "DELETE FROM banned",
	                    "INSERT INTO banned(name, source, sort) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING",
	                    c->nbanned, fill_banned, c, err, errlen);
}
