#include "app/app.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/settings.h"
#include "base/out.h"
#include "base/privilege.h"
#include "store/db.h"
#include "store/pg.h"
#include "store/settings.h"
#include "base/text.h"
#include "store/users.h"

void app_login(char *out, size_t outlen)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		snprintf(out, outlen, "%s", pw->pw_name);
	else
		snprintf(out, outlen, "uid%ld", (long)getuid());
}

/* Who is working: a registered, active login. A database without users
 * gets its first admin: whoever runs init, or the owner of the file (a
 * database made before users existed). */
/* In a setgid install the first admin is made by root: otherwise any
 * login running init before the county's administrator would own the
 * records. */
static const char *root_creates(void)
{
	return priv_setgid() && getuid() != 0
	       ? "受保护安装 (setgid) 的数据库由 root 创建：请 root 运行 nongjian init，"
	         "再用 nongjian user add 登录名 --name 姓名 --role admin 登记县级管理员"
	       : NULL;
}

static bool identify(app *a, bool create, char *err, size_t errlen)
{
	if (users_count(a->db) == 0) {
		if (root_creates()) {
			snprintf(err, errlen, "数据库 %s 还没有管理员。%s", a->cfg->db_path, root_creates());
			return false;
		}
		struct stat sb;
		bool owner = stat(a->cfg->db_path, &sb) == 0 && sb.st_uid == getuid();
		if (!create && !owner) {
			snprintf(err, errlen, "数据库 %s 还没有管理员：请数据库管理员先运行 nongjian init",
			         a->cfg->db_path);
			return false;
		}
		if (!user_bootstrap(a->db, a->user, err, errlen))
			return false;
	}
	return user_load(a->db, a->user, &a->me, err, errlen);
}

bool app_open(app *a, const char *config_path, const char *db_path, bool create,
              char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	static const char *const names[APP_FORMS] = {"sample", "filter", "producer", "inspect", "sale", "run", "followup"};
	for (int i = 0; i < APP_FORMS; i++)
		a->forms[i].name = names[i];
	app_login(a->user, sizeof a->user);
	const char *path = config_locate(config_path, err, errlen);
	if (!path)
		return false;
	a->cfg = config_load_client(path, err, errlen);
	if (!a->cfg)
		return false;
	if (db_path) {
		free(a->cfg->db_path);
		a->cfg->db_path = xstrdup(db_path);
	}
	/* Who is working comes first: nothing is written for a login the
	 * database does not know. Then the rules, from the database. */
	/* The program's group (a setgid install) only to open the database
	 * (and its -wal/-shm, which stay open); the user's own rights for
	 * every other file. */
	if (!priv_regain()) {
		snprintf(err, errlen, "无法取得 %s 组的权限，请管理员检查安装 (make install)", priv_group());
		app_close(a);
		return false;
	}
	struct stat sb;
	if (create && root_creates() && stat(a->cfg->db_path, &sb) != 0) {
		snprintf(err, errlen, "%s", root_creates());
		priv_drop();
		app_close(a);
		return false;
	}
	a->db = db_open(a->cfg->db_path, a->cfg->busy_timeout_ms, create, err, errlen);
	bool ok = a->db && identify(a, create, err, errlen);
	priv_drop();
	long have = ok ? settings_count(a->db) : 0;
	if (ok && have < 0) {
		db_error(a->db, "读取规则设置失败", err, errlen);
		ok = false;
	}
	if (ok && have == 0) {
		if (a->me.role != USER_ADMIN) {
			snprintf(err, errlen, "数据库 %s 中还没有规则设置 (数据库刚从旧版本升级)："
			         "请管理员运行一次 nongjian settings load 配置文件", a->cfg->db_path);
			ok = false;
		} else {
			ok = settings_seed(a, err, errlen);
		}
	}
	ok = ok && settings_apply(a, err, errlen);
	if (!ok) {
		app_close(a);
		return false;
	}
	return true;
}

void app_ignore_overrides(const char **config_path, const char **db_path)
{
	if (!priv_setgid())
		return;
	char ignored[256] = "";
	size_t n = 0;
	const char *given[] = {*config_path ? "--config" : NULL, *db_path ? "--db" : NULL};
	for (size_t i = 0; i < sizeof given / sizeof *given; i++)
		if (given[i])
			n += (size_t)snprintf(ignored + n, sizeof ignored - n, "%s%s", n ? "、" : "", given[i]);
	static const char *const env[] = {"NONGJIAN_CONF", "NONGJIAN_DB", "NONGJIAN_TODAY"};
	for (size_t i = 0; i < sizeof env / sizeof *env && n < sizeof ignored; i++)
		if (getenv(env[i]))
			n += (size_t)snprintf(ignored + n, sizeof ignored - n, "%s%s", n ? "、" : "", env[i]);
	if (n)
		err_printf("nongjian: 本程序以受保护方式安装 (setgid %s)，已忽略 %s；"
		           "使用系统配置 %s 和其中的数据库\n", priv_group(), ignored, PRIV_CONFIG);
	*config_path = *db_path = NULL;
}

form_def **app_form_slot(app *a, const char *name)
{
	for (int i = 0; i < APP_FORMS; i++)
		if (a->forms[i].name && strcmp(a->forms[i].name, name) == 0)
			return &a->forms[i].def;
	return NULL;
}

const form_def *app_form(const app *a, const char *name)
{
	form_def **slot = app_form_slot((app *)a, name);
	if (!slot || !*slot) {
		fprintf(stderr, "nongjian: no form %s\n", name);
		abort();
	}
	return *slot;
}

const form_def *app_form_loaded(const app *a, const char *name, char *err, size_t errlen)
{
	form_def **slot = app_form_slot((app *)a, name);
	if (slot && *slot)
		return *slot;
	snprintf(err, errlen, "数据库中还没有表单 %s (数据库从旧版本升级)：请管理员运行一次 "
	         "nongjian settings load 配置文件", name);
	return NULL;
}

void app_close(app *a)
{
	if (a->db) {
		/* The last one out removes -wal/-shm from the data directory. */
		bool regained = priv_regain();
		db_close(a->db);
		if (regained)
			priv_drop();
	}
	for (int i = 0; i < APP_FORMS; i++)
		form_free(a->forms[i].def);
	config_free(a->cfg);
	memset(a, 0, sizeof *a);
}

const char *app_db_shown(const app *a, char *buf, size_t len)
{
	const char *path = a->cfg->db_path;
	pg_target t;
	char err[256];
	if (!pg_is_target(path))
		snprintf(buf, len, "%s", path);
	else if (pg_target_parse(path, &t, err, sizeof err))
		snprintf(buf, len, "%s", t.shown);
	else
		snprintf(buf, len, "PostgreSQL 数据库");
	return buf;
}
