#include "store/users.h"

#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "base/dates.h"
#include "store/db.h"
#include "base/text.h"
#include "store/units.h"

static const struct {
	const char *code, *label;
} roles[USER_ROLE_COUNT] = {
	{"staff", "镇街录入员"},
	{"supervisor", "监管督查"},
	{"admin", "管理员"},
};

const char *user_role_label(int role)
{
	return role >= 0 && role < USER_ROLE_COUNT ? roles[role].label : "";
}

int user_role_from(const char *s)
{
	for (int i = 0; i < USER_ROLE_COUNT; i++)
		if (strcmp(roles[i].code, s) == 0 || strcmp(roles[i].label, s) == 0)
			return i;
	if (strcmp(s, "监管") == 0 || strcmp(s, "督查") == 0 || strcmp(s, "录入员") == 0)
		return strcmp(s, "录入员") == 0 ? USER_STAFF : USER_SUPERVISOR;
	return -1;
}

static void fill(db_stmt *st, account *u)
{
	memset(u, 0, sizeof *u);
	snprintf(u->login, sizeof u->login, "%s", db_column_text(st, 0));
	snprintf(u->name, sizeof u->name, "%s", db_column_text(st, 1));
	u->role = user_role_from(db_column_text(st, 2));
	const char *town = db_column_text(st, 3);
	snprintf(u->town, sizeof u->town, "%s", town ? town : "");
	u->active = db_column_int(st, 4) != 0;
}

#define USER_SELECT                                                                  \
	"SELECT x.login, x.name, x.role, u.name, x.active FROM users x"              \
	" LEFT JOIN units u ON u.id = x.unit_id"

bool user_load(db_conn *db, const char *login, account *out, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, USER_SELECT " WHERE x.login = ?", err, errlen);
	if (!st)
		return false;
	db_bind_text(st, 1, login);
	bool found = db_step(st) == DB_ROW;
	if (found)
		fill(st, out);
	db_finalize(st);
	if (!found) {
		snprintf(err, errlen,
		         "用户 %s 还没有登记，不能使用本系统。请管理员运行: nongjian user add %s 姓名 角色 镇街",
		         login, login);
		return false;
	}
	if (!out->active) {
		snprintf(err, errlen, "用户 %s 已停用。如需恢复，请联系管理员。", login);
		return false;
	}
	return true;
}

long users_count(db_conn *db)
{
	return db_count(db, "SELECT count(*) FROM users");
}

/* Insert a user row and its audit line; inside the caller's transaction. */
static bool insert_user(db_conn *db, const char *by, const char *login, const char *name,
                        int role, long long unit, char *err, size_t errlen)
{
	char stamp[24], after[256];
	date_now_stamp(stamp, sizeof stamp);
	/* The audit row first: the database refuses a users row that does
	 * not follow its own audit row (schema 7). */
	snprintf(after, sizeof after, "%s %s", name, roles[role].label);
	if (!audit_add(db, by, "user.add", login, NULL, after, err, errlen))
		return false;
	db_stmt *st = db_prepare(db,
		"INSERT INTO users(login, name, role, unit_id, created_at, created_by) VALUES (?,?,?,?,?,?)",
		err, errlen);
	if (!st)
		return false;
	DB_BIND_TEXTS(st, 1, login, name, roles[role].code);
	if (unit)
		db_bind_int64(st, 4, unit);
	db_bind_text(st, 5, stamp);
	db_bind_text(st, 6, by);
	int rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE) {
		if ((rc & 0xff) == DB_CONSTRAINT)
			snprintf(err, errlen, "用户 %s 已经存在 (如需修改请用 nongjian user set)", login);
		else
			db_error(db, "新增用户失败", err, errlen);
		return false;
	}
	return true;
}

bool user_bootstrap(db_conn *db, const char *login, char *err, size_t errlen)
{
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	bool ok = true;
	if (users_count(db) == 0)
		ok = insert_user(db, login, login, login, USER_ADMIN, 0, err, errlen);
	return db_end(db, &tx, ok, err, errlen);
}

const char *user_may_admin(const account *u)
{
	return u->role == USER_ADMIN ? NULL : "只有管理员可以管理用户、镇街和任务";
}

const char *user_may_supervise(const account *u)
{
	return u->role == USER_STAFF ? "信用评级和黑名单由监管督查人员或管理员办理" : NULL;
}

const char *user_may_write_town(const account *u, const char *town)
{
	static char msg[256];
	if (u->role == USER_ADMIN)
		return NULL;
	if (!*u->town) {
		snprintf(msg, sizeof msg, "你的账号 (%s) 没有所属单位，不能录入或更正记录", user_role_label(u->role));
		return msg;
	}
	if (strcmp(u->town, town) != 0) {
		snprintf(msg, sizeof msg, "你只能录入和更正本单位 (%s) 的记录，不能改动 %s 的记录", u->town, town);
		return msg;
	}
	return NULL;
}

static bool check_fields(db_conn *db, const config *c, const char *login, const char *name,
                         const char *town, long long *unit, char *err, size_t errlen)
{
	const char *bad;
	if (login && (!*login || strlen(login) > 32 || strpbrk(login, " \t:/"))) {
		snprintf(err, errlen, "登录名 \"%s\" 无效：应为服务器上的 Unix 登录名", login);
		return false;
	}
	if (name && (!*name || (bad = text_check(name)))) {
		snprintf(err, errlen, "姓名%s", *name ? text_check(name) : "不能为空");
		return false;
	}
	*unit = 0;
	if (town && *town) {
		const town_def *t = config_town(c, town);
		if (!t || !(*unit = units_id(db, t->name))) {
			snprintf(err, errlen, "未知镇街 \"%s\"：应为镇街名单中的名称", town);
			return false;
		}
	}
	return true;
}

bool user_add(db_conn *db, const config *c, const account *actor, const char *login,
              const char *name, int role, const char *town, char *err, size_t errlen)
{
	const char *no = user_may_admin(actor);
	long long unit;
	if (no) {
		snprintf(err, errlen, "%s", no);
		return false;
	}
	if (role < 0 || role >= USER_ROLE_COUNT) {
		snprintf(err, errlen, "角色无效：应为 镇街录入员 (staff)、监管督查 (supervisor) 或 管理员 (admin)");
		return false;
	}
	if (!check_fields(db, c, login, name, town, &unit, err, errlen))
		return false;
	if (role == USER_STAFF && !unit) {
		snprintf(err, errlen, "镇街录入员必须指定所属镇街");
		return false;
	}
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	if (!insert_user(db, actor->login, login, name, role, unit, err, errlen)) {
		db_rollback(db, &tx);
		return false;
	}
	return db_commit(db, &tx, err, errlen);
}

static bool update_user(db_conn *db, const account *actor, const char *login, const char *sql,
                        void (*bind)(db_stmt *, const void *), const void *arg,
                        const char *action, const char *after, char *err, size_t errlen)
{
	account before;
	if (!user_load(db, login, &before, err, errlen) && !(before.login[0] && !before.active)) {
		if (!before.login[0])
			return false;
	}
	char was[256];
	snprintf(was, sizeof was, "%s %s %s%s", before.name, user_role_label(before.role), before.town,
	         before.active ? "" : " (停用)");
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	/* Audit first: the database refuses a change to users that does not
	 * follow its audit row (schema 7). */
	bool ok = audit_add(db, actor->login, action, login, was, after, err, errlen);
	db_stmt *st = ok ? db_prepare(db, sql, err, errlen) : NULL;
	ok = st != NULL;
	if (ok) {
		bind(st, arg);
		db_bind_text(st, 9, login);
		if (db_step(st) != DB_DONE || db_changes(db) != 1) {
			db_error(db, "修改用户失败", err, errlen);
			ok = false;
		}
		db_finalize(st);
	}
	return db_end(db, &tx, ok, err, errlen);
}

typedef struct {
	const char *name;
	int role;
	long long unit;
	bool set_unit;
} user_change;

static void bind_change(db_stmt *st, const void *p)
{
	const user_change *ch = p;
	if (ch->name)
		db_bind_text(st, 1, ch->name);
	if (ch->role >= 0)
		db_bind_text(st, 2, roles[ch->role].code);
	db_bind_int(st, 3, ch->set_unit);
	if (ch->unit)
		db_bind_int64(st, 4, ch->unit);
}

bool user_set(db_conn *db, const config *c, const account *actor, const char *login,
              const char *name, int role, const char *town, char *err, size_t errlen)
{
	const char *no = user_may_admin(actor);
	if (no) {
		snprintf(err, errlen, "%s", no);
		return false;
	}
	user_change ch = {.name = name, .role = role, .set_unit = town != NULL};
	if (!check_fields(db, c, NULL, name, town, &ch.unit, err, errlen))
		return false;
	char after[256];
	snprintf(after, sizeof after, "%s%s%s%s%s", name ? name : "", role >= 0 ? " " : "",
	         role >= 0 ? user_role_label(role) : "", town ? " " : "", town ? town : "");
	return update_user(db, actor, login,
	                   "UPDATE users SET name = coalesce(?1, name), role = coalesce(?2, role),"
	                   " unit_id = CASE WHEN ?3 THEN ?4 ELSE unit_id END, active = 1 WHERE login = ?9",
	                   bind_change, &ch, "user.set", after, err, errlen);
}

static void bind_nothing(db_stmt *st, const void *p)
{
	(void)st;
	(void)p;
}

bool user_disable(db_conn *db, const account *actor, const char *login, char *err, size_t errlen)
{
	const char *no = user_may_admin(actor);
	if (no) {
		snprintf(err, errlen, "%s", no);
		return false;
	}
	if (strcmp(actor->login, login) == 0) {
		snprintf(err, errlen, "不能停用自己的账号");
		return false;
	}
	return update_user(db, actor, login, "UPDATE users SET active = 0 WHERE login = ?9", bind_nothing,
	                   NULL, "user.disable", "停用", err, errlen);
}

bool user_each(db_conn *db, void (*fn)(void *ctx, const account *u), void *ctx, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, USER_SELECT " ORDER BY x.role DESC, x.login", err, errlen);
	if (!st)
		return false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		account u;
		fill(st, &u);
		fn(ctx, &u);
	}
	return db_finish(db, st, rc, "读取用户失败", err, errlen);
}
