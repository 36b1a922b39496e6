/* Offline PC bundles: SHA-256 against the FIPS 180-4 examples, the text
 * format (round trip of every kind of value, damage and truncation
 * refused), and the merge rules against real SQLite databases: numbers and
 * history kept, a second import adds nothing, a number the server gave to
 * another record refuses the whole bundle (naming it) and saves nothing, a
 * bundle that would leave a gap is refused, the counter continues after
 * the bundle, staff may not import, a unit numbered offline is not
 * numbered here. Uses the shipped conf/nongjian.ini and forms/sample.ini. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testdb.h"
#include "base/config.h"
#include "base/sha256.h"
#include "base/text.h"
#include "record/formdef.h"
#include "sample/followup.h"
#include "sample/sample.h"
#include "store/db.h"
#include "store/units.h"
#include "transfer/bundle.h"
#include "transfer/bundle_format.h"

static config *cfg;
static form_def *form;
static char err[2048];

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static void test_sha256(void)
{
	char hex[65];
	sha256_of("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	          "SHA-256 of nothing");
	sha256_of("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "SHA-256 of abc");
	const char *two =
	        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 56 bytes: padding spills */
	sha256_of(two, strlen(two), hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	          "SHA-256 of the 448-bit example");
	/* A million a's fed in uneven pieces. */
	static char a[1001];
	memset(a, 'a', sizeof a);
	sha256_ctx c;
	sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		sha256_update(&c, a, (size_t)(i % 2 ? 999 : 1001));
	sha256_hex(&c, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	          "SHA-256 of a million a's");
}

static void test_format(void)
{
	bundle_out o;
	bundle_out_init(&o);
	bundle_out_header(&o, "unit", "侣俸镇");
	bundle_out_header(&o, "note", "织篢镇\t有\\tab\n和换行");
	const char *cols[] = {"n", "i", "r", "t"};
	bundle_out_table(&o, "things", 4, cols);
	bval row1[] = {{.type = BV_NULL},
	               {.type = BV_INT, .i = -9007199254740993LL},
	               {.type = BV_REAL, .r = 0.1},
	               {.type = BV_TEXT, .t = "a\\b\tc\nd\re\x01f 𠀀"}};
	bval row2[] = {{.type = BV_TEXT, .t = ""},
	               {.type = BV_INT, .i = 0},
	               {.type = BV_REAL, .r = 1e-8},
	               {.type = BV_REAL, .r = 62.5}};
	bundle_out_row(&o, row1, 4);
	bundle_out_row(&o, row2, 4);
	char sha[65];
	bundle_out_finish(&o, sha);
	CHECK(has(o.buf, "sha256\t") && strlen(strstr(o.buf, "sha256\t")) == 7 + 64 + 1,
	      "ends with the checksum line");
	char want[65];
	sha256_of(o.buf, (size_t)(strstr(o.buf, "sha256\t") - o.buf), want);
	CHECK_STR(sha, want, "the checksum covers every byte before its line (head -n -1 | sha256sum)");
	CHECK(has(o.buf, "r0.1\t") && has(o.buf, "r0.00000001\t"), "reals written short and exact");

	bundle b;
	CHECK(bundle_parse(o.buf, o.len, &b, err, sizeof err), "parse: %s", err);
	CHECK_STR(bundle_header(&b, "unit"), "侣俸镇", "header with a rare character");
	CHECK_STR(bundle_header(&b, "note"), "织篢镇\t有\\tab\n和换行",
	          "header text with tab, backslash, newline");
	const btable *t = bundle_table(&b, "things");
	CHECK(t && t->ncols == 4 && t->nrows == 2, "one table of 4 columns and 2 rows");
	CHECK(t && btable_at(t, 0, 0)->type == BV_NULL && btable_at(t, 0, 1)->i == -9007199254740993LL &&
	              btable_at(t, 0, 2)->r == 0.1,
	      "NULL, a large integer and 0.1 read back exactly");
	CHECK(t && btable_at(t, 0, 3)->type == BV_TEXT &&
	              strcmp(btable_at(t, 0, 3)->t, "a\\b\tc\nd\re\x01f 𠀀") == 0,
	      "text with every escape and a supplementary-plane character read back");
	CHECK(t && btable_at(t, 1, 0)->type == BV_TEXT && btable_at(t, 1, 0)->t[0] == '\0' &&
	              btable_at(t, 1, 2)->r == 1e-8 && btable_at(t, 1, 3)->r == 62.5,
	      "empty text is not NULL; 1e-8 exact");
	bundle_free(&b);

	/* Damage anywhere: one byte changed. */
	char *bad = xstrdup(o.buf);
	char *p = strstr(bad, "62.5");
	p[0] = '7';
	CHECK(!bundle_parse(bad, o.len, &b, err, sizeof err) && has(err, "校验失败"), "a changed byte: %s",
	      err);
	/* Truncated (the copy stopped early). */
	CHECK(!bundle_parse(o.buf, o.len / 2, &b, err, sizeof err) && has(err, "不完整"), "truncated: %s",
	      err);
	/* Not a bundle at all, or a newer format. */
	CHECK(!bundle_parse("样品编号,镇街\r\n", strlen("样品编号,镇街\r\n"), &b, err, sizeof err) &&
	              has(err, "不是"),
	      "a CSV file: %s", err);
	const char *v2 = "nongjian-bundle\t2\n";
	CHECK(!bundle_parse(v2, strlen(v2), &b, err, sizeof err) && has(err, "第 2 版"), "format 2: %s", err);
	/* A row with the wrong number of columns, checksum made to match. */
	bundle_out w;
	bundle_out_init(&w);
	bundle_out_header(&w, "unit", "侣俸镇");
	bundle_out_table(&w, "things", 2, cols);
	bundle_out_row(&w, row1, 3);
	bundle_out_finish(&w, sha);
	CHECK(!bundle_parse(w.buf, w.len, &b, err, sizeof err) && has(err, "第 4 行") && has(err, "列数"),
	      "a row longer than its table, with a good checksum: %s", err);
	free(w.buf);
	free(bad);
	free(o.buf);
}

/* ---- against databases ---- */

static db_conn *fresh_db(void)
{
	db_conn *db = test_db_open(1000, err, sizeof err);
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "db: %s\n", err);
		exit(2);
	}
	return db;
}

static app as_user(db_conn *db, const char *login, int role, const char *town)
{
	app a = {.cfg = cfg, .db = db};
	snprintf(a.user, sizeof a.user, "%s", login);
	snprintf(a.me.login, sizeof a.me.login, "%s", login);
	snprintf(a.me.name, sizeof a.me.name, "%s", login);
	snprintf(a.me.town, sizeof a.me.town, "%s", town);
	a.me.role = role;
	a.me.active = true;
	return a;
}

static const account *acting(const char *login)
{
	static account a = {.role = USER_ADMIN, .active = true};
	snprintf(a.login, sizeof a.login, "%s", login);
	snprintf(a.name, sizeof a.name, "%s", login);
	return &a;
}

static long long add_in(db_conn *db, const char *town, const char *who, const char *product,
                        const char *inhibition, char *no)
{
	sample s;
	sample_init(&s);
	sample_set(&s, SF_DATE, "2026-07-01");
	sample_set(&s, SF_TOWN, town);
	sample_set(&s, SF_KIND, "定性检测");
	sample_set(&s, SF_PRODUCT, product);
	sample_set(&s, SF_STAGE, "农贸市场");
	sample_set(&s, SF_SAMPLERS, "张三、李四");
	sample_set(&s, SF_INHIBITION, inhibition);
	sample_error e;
	bool ok = sample_insert(db, cfg, form, &s, acting(who), &e);
	if (!ok)
		printf("# insert failed: %s\n", e.msg);
	if (no)
		snprintf(no, 96, "%s", s.sample_no);
	long long id = s.id;
	sample_free(&s);
	return ok ? id : 0;
}

static long long add(db_conn *db, const char *who, const char *product, const char *inhibition, char *no)
{
	return add_in(db, "侣俸镇", who, product, inhibition, no);
}

static bool correct(db_conn *db, long long id, const char *inhibition, const char *reason)
{
	sample s;
	sample_init(&s);
	bool ok = sample_load(db, id, &s, err, sizeof err);
	sample_set(&s, SF_INHIBITION, inhibition);
	sample_error e;
	ok = ok && sample_correct(db, cfg, form, &s, reason, USER_AS("pc_clerk"), &e);
	if (!ok)
		printf("# correct failed: %s %s\n", err, e.msg);
	sample_free(&s);
	return ok;
}

static long count(db_conn *db, const char *sql)
{
	return db_count(db, sql);
}

/* Everything the import could touch, as one line. */
static void state_of(db_conn *db, char *out, size_t outlen)
{
	snprintf(out, outlen, "%ld/%ld/%ld/%ld/%ld/%ld", count(db, "SELECT count(*) FROM samples"),
	         count(db, "SELECT count(*) FROM sample_changes"),
	         count(db, "SELECT count(*) FROM followup_cases"),
	         count(db, "SELECT count(*) FROM followup_steps"), count(db, "SELECT count(*) FROM audit"),
	         count(db, "SELECT coalesce(sum(next_seq), 0) FROM counters"));
}

/* The history and follow-up of every record, as text, by number (ids differ). */
static void history_of(db_conn *db, char *out, size_t outlen)
{
	db_stmt *st;
	db_prepare_rc(
	        db,
	        "SELECT group_concat(x, '|') FROM (SELECT s.sample_no || ',' || s.version || ',' || s.status || ','"
	        " || s.verdict || ',' || s.created_by || ',' || s.created_at || ',' || coalesce(s.inhibition, '') AS x"
	        " FROM samples s UNION ALL SELECT s.sample_no || ':' || c.version || ',' || c.field || ',' ||"
	        " coalesce(c.old_value, '') || '>' || coalesce(c.new_value, '') || ',' || c.changed_by || ','"
	        " || c.changed_at || ',' || c.reason FROM sample_changes c JOIN samples s ON s.id = c.sample_id"
	        " UNION ALL SELECT s.sample_no || '#' || k.reason || ',' || k.opened_at || ',' || coalesce(group_concat("
	        "p.step || p.status || coalesce(p.result, '')), '') FROM followup_cases k JOIN samples s ON s.id ="
	        " k.sample_id LEFT JOIN followup_steps p ON p.case_id = k.id GROUP BY k.id ORDER BY 1)", &st);
	snprintf(out, outlen, "%s",
	         db_step(st) == DB_ROW && db_column_text(st, 0)
	                 ? db_column_text(st, 0)
	                 : "");
	db_finalize(st);
}

static bool export_parse(app *a, const char *since, bundle *b)
{
	bundle_out o;
	long n;
	if (!bundle_export(a, "侣俸镇", since, &o, &n, err, sizeof err))
		return false;
	char sha[65];
	bundle_out_finish(&o, sha);
	bool ok = bundle_parse(o.buf, o.len, b, err, sizeof err);
	free(o.buf);
	return ok;
}

static void test_round_trip_and_rules(void)
{
	db_conn *pc = fresh_db(), *server = fresh_db();
	app pca = as_user(pc, "pc_clerk", USER_STAFF, "侣俸镇");
	char no[3][96];
	long long a = add(pc, "pc_clerk", "豇豆", "35", no[0]);
	long long f = add(pc, "pc_clerk", "韭菜", "65", no[1]);
	long long w = add(pc, "pc_clerk", "小白菜", "45", no[2]);
	CHECK(a && f && w, "three records on the PC: %s %s %s", no[0], no[1], no[2]);
	CHECK(correct(pc, w, "55", "抄录错误") && correct(pc, a, "36", "复核"), "two corrections on the PC");
	CHECK(sample_void(pc, f, 1, "重复录入", USER_AS("pc_clerk"), err, sizeof err), "a void on the PC: %s",
	      err);
	followup_input step = {.step = "复检", .value = "62.5"};
	CHECK(followup_add(pc, cfg, w, &step, USER_AS("pc_clerk"), NULL, err, sizeof err),
	      "a follow-up step: %s", err);

	bundle b;
	CHECK(export_parse(&pca, "", &b), "staff export their own town: %s", err);
	app other = as_user(pc, "tq", USER_STAFF, "土桥镇");
	bundle_out o;
	long n;
	CHECK(!bundle_export(&other, "侣俸镇", "", &o, &n, err, sizeof err) && has(err, "土桥镇"),
	      "staff of another town may not export it: %s", err);

	app clerk = as_user(server, "lvfeng", USER_STAFF, "侣俸镇");
	app boss = as_user(server, "county", USER_SUPERVISOR, "");
	bundle_result r;
	char before[128], after[128];
	state_of(server, before, sizeof before);
	CHECK(!bundle_import(&clerk, &b, "t.bundle", &r, err, sizeof err) && has(err, "监管督查"),
	      "staff may not import: %s", err);
	CHECK(bundle_import(&boss, &b, "t.bundle", &r, err, sizeof err), "import: %s", err);
	CHECK(r.added == 3 && r.changes == 4 && r.cases == 2 && r.steps == 1 && r.audit == 7,
	      "3 records, 4 history rows, 2 cases, 1 step, 7 audit rows added (got %ld %ld %ld %ld %ld)",
	      r.added, r.changes, r.cases, r.steps, r.audit);
	char hp[8192], hs[8192];
	history_of(pc, hp, sizeof hp);
	history_of(server, hs, sizeof hs);
	CHECK(*hp && strcmp(hp, hs) == 0, "numbers, entry, versions, history and follow-up the same on both");
	CHECK(count(server, "SELECT count(*) FROM samples WHERE created_by = 'pc_clerk'") == 3,
	      "who entered them is kept (not the importing supervisor)");
	CHECK(count(server,
	            "SELECT count(*) FROM audit WHERE action = 'bundle.import' AND login = 'county'") == 1,
	      "the import is audited");

	/* The same bundle again: nothing. */
	state_of(server, before, sizeof before);
	CHECK(bundle_import(&boss, &b, "t.bundle", &r, err, sizeof err) &&
	              r.added + r.updated + r.changes + r.cases + r.steps + r.audit == 0 && r.same == 3,
	      "the same bundle twice adds nothing: %s", err);
	state_of(server, after, sizeof after);
	CHECK_STR(after, before, "nothing written by the second import, not even an audit row");
	bundle_free(&b);

	/* Later on the PC: a third version and a voided step. They come in
	 * through the guarded updates a correction and a void make. */
	CHECK(correct(pc, w, "20", "再次核对"), "a third version on the PC");
	CHECK(followup_void(pc, w, 1, "录错", USER_AS("pc_clerk"), err, sizeof err), "the step voided: %s",
	      err);
	CHECK(export_parse(&pca, "", &b), "export again: %s", err);
	CHECK(bundle_import(&boss, &b, "t2.bundle", &r, err, sizeof err) && r.updated == 1 && r.same == 2 &&
	              r.added == 0 && r.steps_voided == 1 && r.changes == 2,
	      "a later version and a void merged (updated %ld, same %ld, changes %ld, voided %ld): %s",
	      r.updated, r.same, r.changes, r.steps_voided, err);
	history_of(pc, hp, sizeof hp);
	history_of(server, hs, sizeof hs);
	CHECK(*hp && strcmp(hp, hs) == 0, "after the merge both have the same versions and history");
	bundle_free(&b);

	/* A record the server cannot take as it is (here: the number it was
	 * imported under from a CSV file is taken by another record here)
	 * refuses the bundle, naming it. */
	db_conn *taken = fresh_db();
	app boss_taken = as_user(taken, "county", USER_ADMIN, "");
	db_exec(pc, "DROP TRIGGER IF EXISTS samples_change_needs_history");
	db_exec(pc, "UPDATE samples SET ext_no = 'X-1' WHERE seq = 2");
	CHECK(add_in(taken, "土桥镇", "tq", "芹菜", "5", NULL), "the server's own 土桥镇 record");
	db_exec(taken, "DROP TRIGGER samples_change_needs_history");
	db_exec(taken, "UPDATE samples SET ext_no = 'X-1'");
	CHECK(export_parse(&pca, "", &b), "export: %s", err);
	CHECK(!bundle_import(&boss_taken, &b, "t.bundle", &r, err, sizeof err) && has(err, no[1]),
	      "a record the server cannot take is named: %s", err);
	CHECK(count(taken, "SELECT count(*) FROM samples") == 1, "and nothing of the bundle saved");
	bundle_free(&b);
	test_db_close(taken);
	db_exec(pc, "UPDATE samples SET ext_no = NULL WHERE seq = 2");

	/* The server numbers 侣俸镇 again: its 0004 follows the bundle's. */
	char fourth[96];
	CHECK(add(server, "lvfeng", "芹菜", "10", fourth) && strcmp(fourth, "TL2026-侣俸-0004") == 0,
	      "the server's next number follows the bundle's: %s", fourth);
	/* The PC numbered 0004 too: that bundle is refused whole. */
	char pc4[96];
	CHECK(add(pc, "pc_clerk", "芹菜", "12", pc4) && strcmp(pc4, "TL2026-侣俸-0004") == 0,
	      "the PC's 0004");
	CHECK(correct(pc, a, "37", "第三次复核"), "and a correction of an imported record");
	CHECK(export_parse(&pca, "", &b), "export: %s", err);
	state_of(server, before, sizeof before);
	char hbefore[8192];
	history_of(server, hbefore, sizeof hbefore);
	CHECK(!bundle_import(&boss, &b, "t3.bundle", &r, err, sizeof err) && has(err, "TL2026-侣俸-0004") &&
	              !has(err, "0001") && !has(err, "0003"),
	      "a number the server used for another record refuses the bundle,"
	      " naming it: %s",
	      err);
	state_of(server, after, sizeof after);
	history_of(server, hs, sizeof hs);
	CHECK(strcmp(after, before) == 0 && strcmp(hs, hbefore) == 0,
	      "nothing of the refused bundle saved (not even the correction of 0001)");
	bundle_free(&b);

	/* Another district's or another schema's bundle. */
	CHECK(export_parse(&pca, "", &b), "export: %s", err);
	for (int i = 0; i < b.nheaders; i++)
		if (strcmp(b.keys[i], "schema") == 0) {
			free(b.values[i]);
			b.values[i] = xstrdup("999");
		}
	CHECK(!bundle_import(&boss, &b, "t.bundle", &r, err, sizeof err) && has(err, "999") &&
	              has(err, "同一版本"),
	      "a bundle of another schema version: %s", err);
	bundle_free(&b);

	/* A bundle that leaves out the first numbers (--since too late) would
	 * leave a gap on a server without them. (The PC's first record is
	 * dated back by hand, its guard dropped: only in this test.) */
	db_exec(
	        pc,
	        "DROP TRIGGER IF EXISTS samples_change_needs_history; UPDATE samples SET created_at = '2026-01-05 09:00:00',"
	        " updated_at = '2026-01-05 09:00:00' WHERE seq = 1");
	db_conn *server2 = fresh_db();
	app boss2 = as_user(server2, "county", USER_ADMIN, "");
	CHECK(export_parse(&pca, "2026-06-01", &b), "export since a date: %s", err);
	CHECK(!bundle_import(&boss2, &b, "t.bundle", &r, err, sizeof err) &&
	              has(err, "缺少侣俸镇 2026 年的第 1 号"),
	      "a bundle starting at 0002 on a server without 0001 is refused: %s", err);
	CHECK(count(server2, "SELECT count(*) FROM samples") == 0 &&
	              count(server2, "SELECT count(*) FROM audit") == 0,
	      "and nothing saved");
	bundle_free(&b);
	test_db_close(server2);

	/* While a unit is numbered offline, this database numbers none of its records. */
	char *offline[] = {"侣俸镇"};
	cfg->offline_units = offline;
	cfg->noffline_units = 1;
	sample s;
	sample_init(&s);
	sample_set(&s, SF_DATE, "2026-07-02");
	sample_set(&s, SF_TOWN, "侣俸镇");
	sample_set(&s, SF_KIND, "定性检测");
	sample_set(&s, SF_PRODUCT, "豇豆");
	sample_set(&s, SF_STAGE, "农贸市场");
	sample_set(&s, SF_SAMPLERS, "张三");
	sample_set(&s, SF_INHIBITION, "10");
	sample_error e;
	long had = count(server, "SELECT count(*) FROM samples");
	CHECK(!sample_insert(server, cfg, form, &s, USER_AS("lvfeng"), &e) && e.field == SF_TOWN &&
	              has(e.msg, "离线电脑") && count(server, "SELECT count(*) FROM samples") == had,
	      "a unit numbered offline gets no number here: %s", e.msg);
	sample_set(&s, SF_TOWN, "土桥镇");
	CHECK(sample_insert(server, cfg, form, &s, USER_AS("lvfeng"), &e),
	      "other towns are numbered as ever: %s", e.msg);
	cfg->offline_units = NULL;
	cfg->noffline_units = 0;
	sample_free(&s);
	test_db_close(server);
	test_db_close(pc);
}

/* A table a later migration hangs off samples travels with new records
 * (sample_notes stands for one: the real sample_items has its own rules). */
static void test_child_table(void)
{
	const char *items = "CREATE TABLE sample_notes (id INTEGER PRIMARY KEY, sample_id INTEGER NOT NULL"
	                    " REFERENCES samples(id), item TEXT NOT NULL, value REAL)";
	db_conn *pc = fresh_db(), *server = fresh_db(), *plain = fresh_db();
	db_exec(pc, items);
	db_exec(server, items);
	app pca = as_user(pc, "pc_clerk", USER_ADMIN, "");
	char no[96], tq[96];
	long long id = add(pc, "pc_clerk", "豇豆", "35", no);
	char sql[256];
	snprintf(
	        sql, sizeof sql,
	        "INSERT INTO sample_notes(sample_id, item, value) VALUES (%lld, '毒死蜱', 0.05), (%lld, '镉', 0.1)",
	        id, id);
	db_exec(pc, sql);
	/* The server has another town's record first, so the ids differ. */
	sample s;
	sample_init(&s);
	sample_set(&s, SF_DATE, "2026-07-01");
	sample_set(&s, SF_TOWN, "土桥镇");
	sample_set(&s, SF_KIND, "定性检测");
	sample_set(&s, SF_PRODUCT, "芹菜");
	sample_set(&s, SF_STAGE, "超市");
	sample_set(&s, SF_SAMPLERS, "王五");
	sample_set(&s, SF_INHIBITION, "5");
	sample_error e;
	CHECK(sample_insert(server, cfg, form, &s, acting("tq"), &e), "the server's own record: %s", e.msg);
	snprintf(tq, sizeof tq, "%s", s.sample_no);
	sample_free(&s);
	bundle b;
	CHECK(export_parse(&pca, "", &b), "export with a child table: %s", err);
	const btable *t = bundle_table(&b, "sample_notes");
	CHECK(t && t->nrows == 2, "the bundle carries the record's 2 rows of sample_notes");
	app boss = as_user(server, "county", USER_ADMIN, "");
	bundle_result r;
	CHECK(bundle_import(&boss, &b, "t.bundle", &r, err, sizeof err) && r.added == 1 && r.other == 2,
	      "imported with its 2 child rows: %s", err);
	CHECK(count(server, "SELECT count(*) FROM sample_notes i JOIN samples s ON s.id = i.sample_id"
	                    " WHERE s.sample_no = 'TL2026-侣俸-0001' AND s.id <> 1") == 2,
	      "the child rows point at the record's id on the server");
	CHECK(bundle_import(&boss, &b, "t.bundle", &r, err, sizeof err) && r.other == 0 && r.same == 1,
	      "a second import adds none of them again: %s", err);
	bundle_free(&b);
	/* A later row (sample_items adds a version's with a correction)
	 * comes with the record the server has. */
	snprintf(sql, sizeof sql, "INSERT INTO sample_notes(sample_id, item, value) VALUES (%lld, '铅', 0.2)",
	         id);
	db_exec(pc, sql);
	CHECK(export_parse(&pca, "", &b), "export again: %s", err);
	CHECK(bundle_import(&boss, &b, "t.bundle", &r, err, sizeof err) && r.other == 1 && r.same == 1,
	      "the row the server lacks is added to its record: %s", err);
	CHECK(count(server, "SELECT count(*) FROM sample_notes") == 3, "3 rows on the server");
	app boss_plain = as_user(plain, "county", USER_ADMIN, "");
	CHECK(!bundle_import(&boss_plain, &b, "t.bundle", &r, err, sizeof err) && has(err, "sample_notes"),
	      "a server without the table refuses the bundle instead of dropping the rows: %s", err);
	bundle_free(&b);
	db_exec(
	        pc,
	        "CREATE TABLE item_notes (id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES sample_notes(id))");
	bundle_out o;
	long n;
	CHECK(!bundle_export(&pca, "侣俸镇", "", &o, &n, err, sizeof err) && has(err, "item_notes"),
	      "a table hanging off a child table is refused at export, not left behind: %s", err);
	test_db_close(plain);
	test_db_close(server);
	test_db_close(pc);
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-07-15", 1);
	char e[1024];
	cfg = config_load("conf/nongjian.ini", e, sizeof e);
	form = cfg ? form_load("forms/sample.ini", sample_keys, e, sizeof e) : NULL;
	if (!cfg || !form) {
		printf("not ok - load config and form: %s\n", e);
		return 1;
	}
	test_sha256();
	test_format();
	test_round_trip_and_rules();
	test_child_table();
	form_free(form);
	config_free(cfg);
	return check_done();
}
