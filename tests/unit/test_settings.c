/* The rules in the database (app/settings.c): init stores them, every
 * open reads them back, only an admin changes one, each change is checked
 * as the file would be and audited before -> after. Uses the shipped
 * conf/nongjian.ini (铜梁区) and forms/ on an in-memory database. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/settings.h"
#include "check.h"

static app A;

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static long long q(const char *sql)
{
	db_stmt *st;
	long long n = -1;
	if (db_prepare_rc(A.db, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

int main(void)
{
	check_init();
	char err[1024] = "";
	CHECK(app_open(&A, "conf/nongjian.ini", ":memory:", true, err, sizeof err), "init: %s", err);
	CHECK(A.cfg->positive == 50 && A.cfg->warn == 40, "thresholds read back from the database (%g, %g)",
	      A.cfg->positive, A.cfg->warn);
	CHECK(A.cfg->ntowns == 29 && strcmp(A.cfg->towns[0].kind, "检测中心") == 0,
	      "the units from the database, the centre first (%d)", A.cfg->ntowns);
	CHECK(A.cfg->nproducts > 10, "the products from the database (%d)", A.cfg->nproducts);
	CHECK(*app_form_slot(&A, "sample") && *app_form_slot(&A, "filter") && *app_form_slot(&A, "producer"),
	      "the three forms from the database");
	CHECK(q("SELECT count(*) FROM audit WHERE action = 'settings.load'") == 1, "init wrote one audit row");

	CHECK(settings_set(&A, "rapid.positive", "45", err, sizeof err), "an admin sets rapid.positive: %s", err);
	CHECK(q("SELECT count(*) FROM audit WHERE action = 'settings.set' AND entity = 'rapid.positive'"
	        " AND before = '50' AND after = '45'") == 1, "audited 50 -> 45");
	CHECK(settings_apply(&A, err, sizeof err) && A.cfg->positive == 45, "read back as 45: %s", err);
	CHECK(settings_set(&A, "RAPID.Warn", "30", err, sizeof err), "keys are case-insensitive: %s", err);
	CHECK(!settings_set(&A, "rapid.positive", "45", err, sizeof err) && has(err, "没有改动"),
	      "the same value again is no change: %s", err);

	CHECK(!settings_set(&A, "numbering.format", "{prefix}{year}-侣俸-{seq}", err, sizeof err) &&
	      has(err, "{town}"), "a format without {town} is refused: %s", err);
	CHECK(!settings_set(&A, "numbering.format", "{prefix}-{town}-{seq}", err, sizeof err) && has(err, "{year}"),
	      "a format without {year} is refused: %s", err);
	CHECK(!settings_set(&A, "rapid.positive", "150", err, sizeof err) && has(err, "positive"),
	      "a threshold above 100 is refused: %s", err);
	CHECK(!settings_set(&A, "targets.key_units", "织篢镇", err, sizeof err) && has(err, "织篢镇"),
	      "a key unit that is not a unit is refused: %s", err);
	CHECK(!settings_set(&A, "database.path", "/tmp/x.db", err, sizeof err) && has(err, "未知的设置项"),
	      "a client-side key is not a rule: %s", err);
	CHECK(!settings_set(&A, "sample.stage.type", "nonsense", err, sizeof err), "a bad form entry is refused: %s",
	      err);
	CHECK(settings_set(&A, "sample.stage.choices", "生产基地|超市", err, sizeof err), "a form's choices: %s", err);
	CHECK(!settings_set(&A, "rapid.positive", "4\x1b[31m5", err, sizeof err), "an escape in a value is refused");
	CHECK(q("SELECT count(*) FROM audit WHERE action = 'settings.set'") == 3, "only the 3 accepted changes audited");

	A.me.role = USER_STAFF;
	CHECK(!settings_set(&A, "rapid.positive", "100", err, sizeof err) && has(err, "只有管理员"),
	      "staff cannot change a rule: %s", err);
	int changes = -1;
	CHECK(!settings_load(&A, "conf/nongjian.ini", &changes, err, sizeof err) && has(err, "只有管理员"),
	      "staff cannot load a file: %s", err);
	A.me.role = USER_ADMIN;
	CHECK(settings_load(&A, "conf/nongjian.ini", &changes, err, sizeof err) && changes == 3,
	      "load puts the 3 changed entries back (%d): %s", changes, err);
	CHECK(settings_apply(&A, err, sizeof err) && A.cfg->positive == 50 && A.cfg->warn == 40,
	      "back to 50/40: %s", err);
	CHECK(settings_load(&A, "conf/nongjian.ini", &changes, err, sizeof err) && changes == 0,
	      "loading the same file again changes nothing (%d)", changes);
	app_close(&A);
	return check_done();
}
