/* Roles, privileges and row-level security of a PostgreSQL database
 * (store/pg_migrate.h says what they are). Generated from the tables the
 * schema has: a table's unit_id, or its reference to a table with one,
 * decides its policy, so a table added by a later migration is covered
 * the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/text.h"
#include "store/db.h"
#include "store/pg_migrate.h"

/* Written by admins only (store/users.h: user_may_admin). */
static const char *const rules_tables[] = {
	"units", "settings", "products", "limits", "banned", "pesticides", "users", "targets", NULL,
};

static bool is_rules(const char *t)
{
	for (const char *const *r = rules_tables; *r; r++)
		if (strcmp(*r, t) == 0)
			return true;
	return false;
}

/* The policy's condition for a row of table t: nj_may_write_unit of its
 * own unit, or of the unit of the row it refers to (followed through
 * foreign keys, up to three tables away). NULL when none leads to a
 * unit. malloc'ed. */
static char *unit_condition(db_conn *db, const pg_schema *s, const char *t, const char *row, int depth)
{
	const pg_table *pt = pg_schema_table(s, t);
	if (!pt)
		return NULL;
	char buf[2048];
	if (pt->has_unit) {
		snprintf(buf, sizeof buf, "nj_may_write_unit(%s.unit_id)", row);
		return xstrdup(buf);
	}
	if (depth >= 3)
		return NULL;
	char err[256];
	db_stmt *st = db_prepare(db, "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id",
	                              err, sizeof err);
	if (!st)
		return NULL;
	db_bind_text(st, 1, t);
	char *found = NULL;
	while (!found && db_step(st) == DB_ROW) {
		const char *parent = db_column_text(st, 0);
		const char *from = db_column_text(st, 1);
		const char *to = db_column_text(st, 2) ? db_column_text(st, 2) : "id";
		char alias[16];
		snprintf(alias, sizeof alias, "p%d", depth + 1);
		char *inner = unit_condition(db, s, parent, alias, depth + 1);
		if (!inner)
			continue;
		snprintf(buf, sizeof buf, "EXISTS (SELECT 1 FROM %s %s WHERE %s.%s = %s.%s AND %s)", parent, alias, alias, to,
		         row, from, inner);
		free(inner);
		found = xstrdup(buf);
	}
	db_finalize(st);
	return found;
}

static bool role_exists(pg_conn *c, const char *role, bool *exists, char *err, size_t errlen)
{
	err[0] = '\0';
	long long n = pg_int(c, "SELECT count(*) FROM pg_roles WHERE rolname = $1", 1, (const char *const[]){role}, -1,
	                     "读取数据库角色失败", err, errlen);
	*exists = n > 0;
	return n >= 0;
}

bool pg_access_build(db_conn *db, pg_conn *c, const pg_schema *s, pg_script *out, int *logins, char *err,
                     size_t errlen)
{
	*logins = 0;
	static const char *const groups[] = {"nongjian_users", "nongjian_staff", "nongjian_supervisor", "nongjian_admin"};
	for (size_t i = 0; i < sizeof groups / sizeof *groups; i++) {
		bool exists;
		if (!role_exists(c, groups[i], &exists, err, errlen))
			return false;
		if (!exists)
			pg_script_addf(out, "CREATE ROLE %s NOLOGIN", groups[i]);
		if (i > 0)
			pg_script_addf(out, "GRANT nongjian_users TO %s", groups[i]);
	}
	/* One role per login. */
	db_stmt *st = db_prepare(db, "SELECT login, role, active FROM users ORDER BY login", err, errlen);
	if (!st)
		return false;
	int rc;
	bool ok = true;
	while (ok && (rc = db_step(st)) == DB_ROW) {
		const char *login = db_column_text(st, 0);
		const char *role = db_column_text(st, 1);
		bool active = db_column_int(st, 2) != 0;
		char name[128];
		snprintf(name, sizeof name, "nj_%s", login);
		if (strlen(name) > 63) {
			errf(err, errlen, "登录名 %s 太长，不能作为数据库角色名 (最多 60 字节)", login);
			ok = false;
			break;
		}
		char *q = pg_ident(c, name);
		bool exists;
		if (!q) {
			ok = errf(err, errlen, "登录名 %s 不能作为数据库角色名", login);
			break;
		}
		if (!(ok = role_exists(c, name, &exists, err, errlen))) {
			free(q);
			break;
		}
		if (!exists)
			pg_script_addf(out, "CREATE ROLE %s", q);
		pg_script_addf(out, "ALTER ROLE %s %s", q, active ? "LOGIN" : "NOLOGIN");
		pg_script_addf(out, "GRANT nongjian_%s TO %s", strcmp(role, "admin") == 0 ? "admin"
		                                   : strcmp(role, "supervisor") == 0 ? "supervisor"
		                                                                     : "staff",
		    q);
		free(q);
		(*logins)++;
	}
	if (!ok) {
		db_finalize(st);
		return false;
	}
	if (!db_finish(db, st, rc, "读取用户失败", err, errlen))
		return false;

	/* Whether the login running a statement may write rows of unit u: a
	 * 镇街录入员 only its own unit's, others any unit's; a login without
	 * an active users row nothing. Run as the caller (current_user is
	 * its role), reading the users table everyone may read. */
	pg_script_addf(out, "CREATE FUNCTION nj_may_write_unit(u bigint) RETURNS boolean LANGUAGE sql STABLE AS $nj$\n"
	         "  SELECT coalesce((SELECT x.role <> 'staff' OR x.unit_id = u FROM users x\n"
	         "    WHERE 'nj_' || x.login = current_user AND x.active = 1), false)\n"
	         "$nj$");
	pg_script_addf(out, "GRANT USAGE ON SCHEMA public TO nongjian_users");
	for (size_t i = 0; i < s->ntables; i++) {
		const char *t = s->tables[i].name;
		pg_script_addf(out, "GRANT SELECT ON %s TO nongjian_users", t);
		if (strcmp(t, "audit") == 0) {
			pg_script_addf(out, "GRANT INSERT ON audit TO nongjian_users");
			continue;
		}
		if (strcmp(t, "drafts") == 0) {
			pg_script_addf(out, "GRANT INSERT, UPDATE, DELETE ON drafts TO nongjian_users");
			pg_script_addf(out, "ALTER TABLE drafts ENABLE ROW LEVEL SECURITY");
			pg_script_addf(out, "CREATE POLICY nj_own ON drafts TO nongjian_users USING ('nj_' || login = current_user)"
			         " WITH CHECK ('nj_' || login = current_user)");
			continue;
		}
		if (is_rules(t)) {
			pg_script_addf(out, "GRANT INSERT, UPDATE, DELETE ON %s TO nongjian_admin", t);
			continue;
		}
		char *cond = unit_condition(db, s, t, t, 0);
		if (!cond) {
			/* kept by the writers' triggers (counts, queues, meta) */
			pg_script_addf(out, "GRANT INSERT, UPDATE, DELETE ON %s TO nongjian_users", t);
			continue;
		}
		pg_script_addf(out, "GRANT INSERT, UPDATE ON %s TO nongjian_users", t);
		pg_script_addf(out, "ALTER TABLE %s ENABLE ROW LEVEL SECURITY", t);
		pg_script_addf(out, "CREATE POLICY nj_read ON %s FOR SELECT TO nongjian_users USING (true)", t);
		pg_script_addf(out, "CREATE POLICY nj_insert ON %s FOR INSERT TO nongjian_users WITH CHECK (%s)", t, cond);
		pg_script_addf(out, "CREATE POLICY nj_update ON %s FOR UPDATE TO nongjian_users USING (%s) WITH CHECK (%s)", t, cond,
		    cond);
		free(cond);
	}
	for (size_t i = 0; i < s->nviews; i++)
		pg_script_addf(out, "GRANT SELECT ON %s TO nongjian_users", s->views[i]);
	pg_script_addf(out, "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO nongjian_users");
	return true;
}
