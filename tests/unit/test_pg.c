/* PostgreSQL targets (store/pg.h): which arguments name a PostgreSQL
 * database rather than an SQLite file, what libpq's parser makes of
 * them, and that a password never reaches a message. No server needed. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "store/pg.h"

static void target(const char *s, const char *db, const char *host, const char *user, const char *shown)
{
	pg_target t;
	char err[512] = "";
	bool ok = pg_target_parse(s, &t, err, sizeof err);
	CHECK(ok, "%s parses (%s)", s, err);
	CHECK_STR(t.dbname, db, "its database");
	CHECK_STR(t.host, host, "its host");
	CHECK_STR(t.user, user, "its role");
	CHECK_STR(t.shown, shown, "how it is shown");
}

int main(void)
{
	check_init();
	static const char *const yes[] = {
		"postgresql:///nongjian",
		"postgres://db.county.example/nongjian",
		"postgresql://nj_owner@/nongjian?host=/run/postgresql",
		"service=county",
		"dbname=nongjian host=/tmp",
		"host = /tmp dbname=nongjian",
	};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		CHECK(pg_is_target(yes[i]), "\"%s\" names a PostgreSQL database", yes[i]);
	static const char *const no[] = {
		"nongjian.db", "/var/lib/nongjian/nongjian.db", "data/a=b.db", "", "postgresql:", "servicex=1",
		"./service=county",
	};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		CHECK(!pg_is_target(no[i]), "\"%s\" is an SQLite file, not PostgreSQL", no[i]);
	CHECK(!pg_is_target(NULL), "NULL is no target");

	target("postgresql:///nongjian", "nongjian", "", "", "数据库 nongjian");
	target("postgresql://nj_owner@/nongjian?host=/run/postgresql", "nongjian", "/run/postgresql", "nj_owner",
	       "数据库 nongjian (服务器 /run/postgresql，角色 nj_owner)");
	target("postgresql://db.county.example:5433/县库", "县库", "db.county.example", "",
	       "数据库 县库 (服务器 db.county.example，端口 5433)");
	target("dbname=nongjian host=/tmp user=zhang", "nongjian", "/tmp", "zhang",
	       "数据库 nongjian (服务器 /tmp，角色 zhang)");
	target("service=county", "", "", "", "服务 county (pg_service.conf)");
	target("service=county dbname=other", "other", "", "", "服务 county (pg_service.conf)，数据库 other");

	pg_target t;
	char err[512] = "";
	CHECK(pg_target_parse("postgresql://zhang:s3cret@db.example/nongjian", &t, err, sizeof err), "with a password");
	CHECK(t.has_password, "a password in the URL is noticed (the README says to use ~/.pgpass)");
	CHECK(!strstr(t.shown, "s3cret"), "the password is not shown: %s", t.shown);

	err[0] = '\0';
	CHECK(!pg_target_parse("postgresql://[::1/nongjian", &t, err, sizeof err), "a broken URL is refused");
	CHECK(strstr(err, "写法有误") != NULL, "and says so in Chinese: %s", err);
	err[0] = '\0';
	CHECK(!pg_target_parse("dbname='unterminated", &t, err, sizeof err), "a broken connection string is refused");
	err[0] = '\0';
	CHECK(!pg_target_parse("nongjian.db", &t, err, sizeof err), "an SQLite file is not a PostgreSQL target");
	CHECK(strstr(err, "postgresql://") != NULL, "the message shows how to write one: %s", err);

	CHECK(strstr(pg_explain("23505"), "重复") != NULL, "a unique violation is explained");
	CHECK(strstr(pg_explain("42501"), "权限不足") != NULL, "a privilege error is explained");
	CHECK(strstr(pg_explain("23999"), "约束") != NULL, "an unknown code of class 23 is a constraint");
	CHECK(strstr(pg_explain("XX000"), "服务器") != NULL, "an unknown class is the server's error");
	CHECK(*pg_explain(NULL) != '\0', "no code (a dropped connection) is explained too");
	return check_done();
}
