/* Sampling records against a real SQLite database: validation, verdicts,
 * gap-free numbering, correction history, voiding and the database's own
 * guards. Uses the shipped conf/nongjian.ini and forms/sample.ini. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "testdb.h"
#include "base/config.h"
#include "store/db.h"
#include "store/db_sqlite.h"
#include "record/formdef.h"
#include "sample/items.h"
#include "sample/sample.h"
#include "sample/samplecheck.h"
#include "store/schema.h"
#include "store/units.h"

static config *cfg;
static form_def *form;

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

/* A valid 定性检测 record for town with the given inhibition. */
static void rapid(sample *s, const char *town, const char *inhibition)
{
	sample_init(s);
	sample_set(s, SF_DATE, "2026-06-01");
	sample_set(s, SF_TOWN, town);
	sample_set(s, SF_KIND, "定性检测");
	sample_set(s, SF_PRODUCER, "侣俸镇绿源蔬菜专业合作社");
	sample_set(s, SF_PRODUCT, "豇豆");
	sample_set(s, SF_STAGE, "生产基地");
	sample_set(s, SF_PLACE, "侣俸镇白龙村三组");
	sample_set(s, SF_SAMPLERS, "张三");
	sample_set(s, SF_TESTER, "王五");
	sample_set(s, SF_INHIBITION, inhibition);
}

/* A valid quantitative record of the given kind. */
static void quant(sample *s, const char *kind, const char *value, const char *limit)
{
	rapid(s, "侣俸镇", "");
	sample_set(s, SF_KIND, kind);
	sample_set(s, SF_SAMPLERS, "张三、李四");
	sample_set(s, SF_ITEM, "毒死蜱");
	sample_set(s, SF_VALUE, value);
	sample_set(s, SF_UNIT, "mg/kg");
	sample_set(s, SF_LIMIT, limit);
}

static db_conn *open_db(const char *path)
{
	char err[512];
	db_conn *db = strcmp(path, ":memory:") == 0 ? test_db_open(10000, err, sizeof err)
	                                             : db_open(path, 10000, true, err, sizeof err);
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "cannot open %s: %s\n", path, err);
		exit(2);
	}
	return db;
}

static long long count(db_conn *db, const char *sql)
{
	db_stmt *st;
	long long n = -1;
	if (db_prepare_rc(db, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

/* Insert and return the number ("" on failure, with e filled). */
static const char *insert(db_conn *db, sample *s, sample_error *e)
{
	return sample_insert(db, cfg, form, s, USER_AS("录入员"), e) ? s->sample_no : "";
}

static void test_helpers(void)
{
	CHECK(kind_from_label("定性检测") == KIND_RAPID && kind_from_label("监督抽查") == KIND_SUPERVISORY,
	      "kind_from_label");
	CHECK(kind_from_code("inputs") == KIND_INPUTS && kind_from_code("nope") == -1 && kind_from_label("") == -1,
	      "kind_from_code and unknown kinds");
	CHECK_STR(kind_label(KIND_ROUTINE), "例行监测", "kind_label");
	CHECK_STR(kind_code(KIND_SUPERVISORY), "supervisory", "kind_code");
	CHECK_STR(kind_label(99), "", "kind_label out of range");
	CHECK(sample_key_index("inhibition") == SF_INHIBITION && sample_key_index("nope") == -1, "sample_key_index");
	CHECK_STR(sample_label(SF_SAMPLERS), "抽样人", "sample_label");
	CHECK_STR(sample_label(-1), "", "sample_label out of range");

	char buf[64];
	static const struct {
		double x;
		const char *want;
	} nums[] = {{45.5, "45.5"}, {0.02, "0.02"}, {100, "100"}, {-0.0, "0"}, {49.9, "49.9"}, {0.0000001, "0.0000001"}};
	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
		sample_format_number(nums[i].x, buf, sizeof buf);
		CHECK(strcmp(buf, nums[i].want) == 0, "sample_format_number -> %s (got %s)", nums[i].want, buf);
	}
	sample_format_no(cfg, "侣俸", 2026, 1, buf, sizeof buf);
	CHECK_STR(buf, "TL2026-侣俸-0001", "sample_format_no seq 1");
	sample_format_no(cfg, "侣俸", 2026, 12345, buf, sizeof buf);
	CHECK_STR(buf, "TL2026-侣俸-12345", "sample_format_no wider than seq_width");

	sample a, b;
	rapid(&a, "侣俸镇", "45");
	sample_init(&b);
	sample_copy(&b, &a);
	sample_set(&a, SF_PRODUCT, "芹菜");
	CHECK_STR(b.v[SF_PRODUCT], "豇豆", "sample_copy is deep");
	CHECK_STR(sample_value_by_key(&b, "town"), "侣俸镇", "sample_value_by_key");
	CHECK(sample_value_by_key(&b, "nope") == NULL, "sample_value_by_key of an unknown key");
	sample_set(&b, SF_COUNT, "x"); /* ignored */
	sample_free(&a);
	sample_free(&b);
}

static void test_open(void)
{
	char err[512];
	char absent[64];
	snprintf(absent, sizeof absent, "/tmp/nj_test_no_such_%ld.db", (long)getpid());
	db_conn *db = db_open(absent, 1000, false, err, sizeof err);
	CHECK(db == NULL && has(err, absent) && has(err, "init"),
	      "opening a missing database without create is refused: %s", err);
	CHECK(access(absent, F_OK) != 0, "and the file was not created");
	db = open_db(":memory:");
	CHECK(DB_SCHEMA_VERSION == schema_migration_count, "DB_SCHEMA_VERSION (%d) matches the migrations (%d)",
	      DB_SCHEMA_VERSION, schema_migration_count);
	CHECK(count(db, "PRAGMA user_version") == schema_migration_count, "a new database is at the latest schema (%lld)",
	      count(db, "PRAGMA user_version"));
	CHECK(count(db, "SELECT count(*) FROM units") == 29, "units_sync inserted 29 units");
	CHECK(units_sync(db, cfg, err, sizeof err) && count(db, "SELECT count(*) FROM units") == 29,
	      "units_sync again adds nothing");
	long long id = units_id(db, "侣俸镇");
	CHECK(id > 0 && units_id(db, "侣俸") == id, "units_id by full and short name");
	CHECK(units_id(db, "织篢镇") == 0, "units_id of an unknown town is 0");
	CHECK(has(db_explain(DB_BUSY), "正忙") && has(db_explain(DB_CONSTRAINT_CHECK), "约束"),
	      "db_explain gives Chinese explanations");
	test_db_close(db);
}

static void test_numbering(db_conn *db)
{
	sample s;
	sample_error e;
	rapid(&s, "侣俸镇", "20");
	CHECK_STR(insert(db, &s, &e), "TL2026-侣俸-0001", "first 侣俸镇 record of 2026");
	CHECK(s.id > 0 && s.version == 1, "id set, version 1");
	CHECK_STR(s.v[SF_CATEGORY], "蔬菜", "category filled from the product list");
	CHECK_STR(s.created_by, "录入员", "created_by");
	long long first = s.id;

	sample l;
	sample_init(&l);
	char err[512];
	CHECK(sample_load(db, first, &l, err, sizeof err), "sample_load");
	CHECK_STR(l.sample_no, "TL2026-侣俸-0001", "loaded number");
	CHECK_STR(l.v[SF_TOWN], "侣俸镇", "loaded town");
	CHECK_STR(l.v[SF_KIND], "定性检测", "loaded kind label");
	CHECK_STR(l.v[SF_PRODUCER], "侣俸镇绿源蔬菜专业合作社", "loaded Chinese producer");
	CHECK_STR(l.v[SF_PRODUCT], "豇豆", "loaded Chinese product");
	CHECK_STR(l.v[SF_INHIBITION], "20", "loaded inhibition");
	CHECK_STR(l.v[SF_ITEM], "", "inactive fields are empty");
	CHECK(!l.fail && !l.flag_confirm && !l.voided && l.version == 1, "loaded verdict and status");
	CHECK(sample_find_no(db, "TL2026-侣俸-0001") == first, "sample_find_no");
	CHECK(sample_find_no(db, "TL2026-侣俸-9999") == 0, "sample_find_no of an unknown number");
	CHECK(!sample_load(db, 987654, &l, err, sizeof err) && has(err, "找不到"), "loading a missing id: %s", err);
	sample_free(&l);
	sample_free(&s);

	rapid(&s, "侣俸", "20"); /* the short name works too */
	CHECK_STR(insert(db, &s, &e), "TL2026-侣俸-0002", "second 侣俸镇 record");
	CHECK_STR(s.v[SF_TOWN], "侣俸镇", "short town name normalised to the full name");
	sample_free(&s);

	rapid(&s, "土桥镇", "20");
	CHECK_STR(insert(db, &s, &e), "TL2026-土桥-0001", "another town starts at 0001");
	sample_free(&s);
	rapid(&s, "巴川街道", "20");
	CHECK_STR(insert(db, &s, &e), "TL2026-巴川-0001", "a 街道 is numbered with its short name");
	sample_free(&s);
	rapid(&s, "区检测中心", "20");
	sample_set(&s, SF_SITE, "土桥镇");
	CHECK_STR(insert(db, &s, &e), "TL2026-区中心-0001", "the centre uses its configured short name");
	sample_free(&s);

	rapid(&s, "侣俸镇", "20");
	sample_set(&s, SF_DATE, "2025-12-30");
	CHECK_STR(insert(db, &s, &e), "TL2025-侣俸-0001", "the year comes from the sample date");
	sample_free(&s);

	/* A refused record consumes no number. */
	rapid(&s, "侣俸镇", "101");
	CHECK(!sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e) && s.sample_no[0] == '\0' && s.id == 0,
	      "invalid record refused, no number given");
	sample_free(&s);
	rapid(&s, "侣俸镇", "20");
	CHECK_STR(insert(db, &s, &e), "TL2026-侣俸-0003", "numbering continues without a gap");
	sample_free(&s);

	/* A failure inside the transaction (after the number was taken) rolls
	 * the counter back too. */
	CHECK(db_exec(db, "CREATE TEMP TRIGGER refuse_bad BEFORE INSERT ON main.samples "
	                       "WHEN NEW.producer = '拒绝' BEGIN SELECT RAISE(ABORT, 'test'); END;") == DB_OK,
	      "test trigger created");
	rapid(&s, "侣俸镇", "20");
	sample_set(&s, SF_PRODUCER, "拒绝");
	CHECK(!sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e), "insert failing in the database is refused");
	CHECK(s.sample_no[0] == '\0' && e.field == -1 && has(e.msg, "保存失败"), "no number, message: %s", e.msg);
	CHECK(!db_in_transaction(db), "the transaction was rolled back");
	sample_free(&s);
	db_exec(db, "DROP TRIGGER temp.refuse_bad");
	rapid(&s, "侣俸镇", "20");
	CHECK_STR(insert(db, &s, &e), "TL2026-侣俸-0004", "no gap after a failed transaction");
	sample_free(&s);
	CHECK(count(db, "SELECT count(*) FROM samples WHERE unit_id = (SELECT id FROM units WHERE name = '侣俸镇')"
	                " AND year = 2026") == 4 &&
	      count(db, "SELECT max(seq) FROM samples WHERE unit_id = (SELECT id FROM units WHERE name = '侣俸镇')"
	                " AND year = 2026") == 4,
	      "4 records for 侣俸镇 in 2026, numbered 1..4");
}

/* A bulk job wraps many saves in one transaction: each save is then a
 * savepoint, and a failed save undoes only its own counter step. */
static void test_nested(db_conn *db)
{
	sample s;
	sample_error e;
	char nos[3][96] = {"", "", ""};
	CHECK(db_exec(db, "CREATE TEMP TRIGGER refuse_bad2 BEFORE INSERT ON main.samples "
	                       "WHEN NEW.producer = '拒绝' BEGIN SELECT RAISE(ABORT, 'test'); END;") == DB_OK,
	      "test trigger created");
	CHECK(db_exec(db, "BEGIN IMMEDIATE") == DB_OK, "outer transaction begun");
	rapid(&s, "石鱼镇", "20");
	snprintf(nos[0], sizeof nos[0], "%s", insert(db, &s, &e));
	sample_free(&s);
	rapid(&s, "石鱼镇", "20");
	sample_set(&s, SF_PRODUCER, "拒绝");
	CHECK(!sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e), "a failing save inside the outer transaction");
	CHECK(db_in_transaction(db), "the outer transaction is still open");
	sample_free(&s);
	rapid(&s, "石鱼镇", "20");
	snprintf(nos[1], sizeof nos[1], "%s", insert(db, &s, &e));
	sample_free(&s);
	CHECK(db_exec(db, "COMMIT") == DB_OK, "outer transaction committed");
	CHECK_STR(nos[0], "TL2026-石鱼-0001", "first save in the bulk job");
	CHECK_STR(nos[1], "TL2026-石鱼-0002", "no gap after a failed save in the bulk job");
	/* Rolling back the whole job gives its numbers back. */
	db_exec(db, "BEGIN IMMEDIATE");
	rapid(&s, "石鱼镇", "20");
	snprintf(nos[2], sizeof nos[2], "%s", insert(db, &s, &e));
	sample_free(&s);
	db_exec(db, "ROLLBACK");
	CHECK_STR(nos[2], "TL2026-石鱼-0003", "number given inside a job later rolled back");
	CHECK(sample_find_no(db, "TL2026-石鱼-0003") == 0, "the rolled-back record is gone");
	rapid(&s, "石鱼镇", "20");
	CHECK_STR(insert(db, &s, &e), "TL2026-石鱼-0003", "its number is given again");
	sample_free(&s);
	db_exec(db, "DROP TRIGGER temp.refuse_bad2");
}

static void verdict(db_conn *db, const char *inh, bool fail, bool flag, const char *text)
{
	sample s, l;
	sample_error e;
	char err[512];
	rapid(&s, "双山镇", inh);
	bool ok = sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e);
	CHECK(ok && s.fail == fail && s.flag_confirm == flag, "inhibition %s: %s (fail %d flag %d) %s", inh, text,
	      s.fail, s.flag_confirm, ok ? "" : e.msg);
	CHECK_STR(sample_verdict_text(&s), text, "verdict text");
	sample_init(&l);
	CHECK(ok && sample_load(db, s.id, &l, err, sizeof err) && l.fail == fail && l.flag_confirm == flag,
	      "inhibition %s: verdict stored", inh);
	sample_free(&l);
	sample_free(&s);
}

static void test_verdicts(db_conn *db)
{
	/* A rapid test in the trade's words: 阳性 / 疑似阳性 / 阴性, never 合格. */
	verdict(db, "50", true, false, "阳性");
	verdict(db, "49.9", false, true, "疑似阳性");
	verdict(db, "40", false, true, "疑似阳性");
	verdict(db, "39.9", false, false, "阴性");
	verdict(db, "100", true, false, "阳性");
	verdict(db, "0", false, false, "阴性");
	CHECK_STR(sample_verdict_word(KIND_ROUTINE, true, false), "不合格", "a quantitative failure is 不合格");
	CHECK_STR(sample_verdict_word(KIND_SUPERVISORY, false, false), "合格", "a quantitative pass is 合格");
	CHECK_STR(sample_verdict_word(KIND_RAPID, true, false), "阳性", "a rapid positive is 阳性, not 不合格");

	sample s;
	sample_error e;
	quant(&s, "例行监测", "0.5", "0.2");
	CHECK(sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e) && s.fail && !s.flag_confirm,
	      "quantitative value > limit: 不合格 %s", e.msg);
	CHECK_STR(s.v[SF_INHIBITION], "", "inhibition cleared for a quantitative kind");
	sample_free(&s);
	quant(&s, "农业投入品", "0.2", "0.20");
	CHECK(sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e) && !s.fail && !s.flag_confirm,
	      "quantitative value == limit: 合格 %s", e.msg);
	CHECK_STR(s.v[SF_LIMIT], "0.2", "limit normalised to 0.2");
	sample_free(&s);
	quant(&s, "监督抽查", "0.05", "0.2");
	CHECK(sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e) && !s.fail, "quantitative value below limit: 合格");
	sample l;
	sample_init(&l);
	char err[512];
	CHECK(sample_load(db, s.id, &l, err, sizeof err) && strcmp(l.v[SF_KIND], "监督抽查") == 0 &&
	      strcmp(l.v[SF_VALUE], "0.05") == 0 && strcmp(l.v[SF_ITEM], "毒死蜱") == 0,
	      "quantitative record loads back");
	sample_free(&l);
	sample_free(&s);

	/* A rapid record never keeps quantitative fields. */
	rapid(&s, "双山镇", "10");
	sample_set(&s, SF_ITEM, "毒死蜱");
	sample_set(&s, SF_VALUE, "5");
	CHECK(sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e) && s.v[SF_ITEM][0] == '\0' && s.v[SF_VALUE][0] == '\0',
	      "item/value cleared for 定性检测");
	sample_free(&s);
}

/* Expect validation to fail on field; also no row is written. */
static void refuse(db_conn *db, sample *s, int field, const char *needle, const char *what)
{
	sample_error e;
	long long before = count(db, "SELECT count(*) FROM samples");
	bool ok = sample_insert(db, cfg, form, s, USER_AS("录入员"), &e);
	CHECK(!ok && e.field == field && has(e.msg, needle), "%s refused on %s: %s", what, sample_label(field),
	      ok ? "(accepted)" : e.msg);
	CHECK(count(db, "SELECT count(*) FROM samples") == before && s->sample_no[0] == '\0',
	      "%s: nothing written", what);
	sample_free(s);
}

static void test_validation(db_conn *db)
{
	sample s;
	rapid(&s, "侣俸镇", "20");
	sample_set(&s, SF_DATE, "2026-06-16");
	refuse(db, &s, SF_DATE, "将来", "a future date");
	rapid(&s, "侣俸镇", "20");
	sample_set(&s, SF_DATE, "");
	refuse(db, &s, SF_DATE, "必须填写", "an empty date");
	rapid(&s, "侣俸镇", "101");
	refuse(db, &s, SF_INHIBITION, "0 到 100", "inhibition 101");
	rapid(&s, "侣俸镇", "");
	refuse(db, &s, SF_INHIBITION, "必须填写", "a rapid test without inhibition");
	rapid(&s, "侣俸镇", "abc");
	refuse(db, &s, SF_INHIBITION, "不是数字", "inhibition abc");
	rapid(&s, "不存在镇", "20");
	refuse(db, &s, SF_TOWN, "未知镇街", "an unknown town");
	rapid(&s, "织篢镇", "20");
	refuse(db, &s, SF_TOWN, "织篢镇", "a town of another district");
	rapid(&s, "", "20");
	refuse(db, &s, SF_TOWN, "必须填写", "an empty town");
	rapid(&s, "侣俸镇", "20");
	sample_set(&s, SF_PRODUCT, "");
	refuse(db, &s, SF_PRODUCT, "必须填写", "a missing product");
	rapid(&s, "侣俸镇", "20");
	sample_set(&s, SF_PRODUCT, "野生菌子"); /* not listed: category needed */
	refuse(db, &s, SF_CATEGORY, "必须填写", "an unlisted product without category");
	rapid(&s, "侣俸镇", "20");
	sample_set(&s, SF_KIND, "随便测测");
	refuse(db, &s, SF_KIND, "无效", "an unknown kind");
	rapid(&s, "侣俸镇", "20");
	sample_set(&s, SF_SAMPLERS, "");
	refuse(db, &s, SF_SAMPLERS, "必须填写", "no sampler");
	rapid(&s, "侣俸镇", "20");
	sample_set(&s, SF_PRODUCER, "绿源\x1b[31m合作社");
	refuse(db, &s, SF_PRODUCER, "控制字符", "a producer with ESC");
	rapid(&s, "侣俸镇", "20");
	sample_set(&s, SF_REMARKS, "abc\xE2\x80\xAE" "cba");
	refuse(db, &s, SF_REMARKS, "控制字符", "remarks with U+202E");

	quant(&s, "监督抽查", "0.1", "0.2");
	sample_set(&s, SF_SAMPLERS, "张三");
	refuse(db, &s, SF_SAMPLERS, "两", "监督抽查 with one sampler");
	quant(&s, "监督抽查", "0.1", "0.2");
	sample_set(&s, SF_SAMPLERS, "张三 ");
	refuse(db, &s, SF_SAMPLERS, "两", "监督抽查 with one sampler and a trailing space");
	static const char *pairs[] = {"张三、李四", "张三,李四", "张三，李四", "张三 李四", "张三\xE3\x80\x80李四"};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		sample_error e;
		quant(&s, "监督抽查", "0.1", "0.2");
		sample_set(&s, SF_SAMPLERS, pairs[i]);
		CHECK(sample_validate(cfg, form, &s, &e), "监督抽查 with samplers \"%s\" accepted %s", pairs[i], e.msg);
		sample_free(&s);
	}
	quant(&s, "例行监测", "", "0.2");
	refuse(db, &s, SF_VALUE, "必须填写", "a quantitative kind without value");
	quant(&s, "例行监测", "0.1", "");
	refuse(db, &s, SF_LIMIT, "必须填写", "a quantitative kind without limit");
	quant(&s, "农业投入品", "0.1", "0.2");
	sample_set(&s, SF_ITEM, "");
	refuse(db, &s, SF_ITEM, "必须填写", "a quantitative kind without item");
	quant(&s, "例行监测", "-1", "0.2");
	refuse(db, &s, SF_VALUE, "不能小于", "a negative value");

	sample_error e;
	rapid(&s, "侣俸", " 45.50 ");
	sample_set(&s, SF_DATE, "6-1");
	CHECK(sample_validate(cfg, form, &s, &e), "validate normalises: %s", e.msg);
	CHECK_STR(s.v[SF_DATE], "2026-06-01", "date 6-1 normalised");
	CHECK_STR(s.v[SF_INHIBITION], "45.5", "inhibition normalised");
	CHECK_STR(s.v[SF_TOWN], "侣俸镇", "town normalised");
	CHECK(e.field == -1, "no error field on success");
	sample_free(&s);
}

typedef struct {
	int n;
	char field[8][32], old_value[8][64], new_value[8][64], reason[8][128], by[8][32];
	int version[8];
} history;

static void on_change(void *ctx, const sample_change *ch)
{
	history *h = ctx;
	if (h->n >= 8)
		return;
	snprintf(h->field[h->n], sizeof h->field[0], "%s", ch->field);
	snprintf(h->old_value[h->n], sizeof h->old_value[0], "%s", ch->old_value);
	snprintf(h->new_value[h->n], sizeof h->new_value[0], "%s", ch->new_value);
	snprintf(h->reason[h->n], sizeof h->reason[0], "%s", ch->reason);
	snprintf(h->by[h->n], sizeof h->by[0], "%s", ch->by);
	h->version[h->n] = ch->version;
	h->n++;
}

static history get_history(db_conn *db, long long id)
{
	history h;
	char err[512];
	memset(&h, 0, sizeof h);
	if (!sample_history(db, id, on_change, &h, err, sizeof err))
		h.n = -1;
	return h;
}

static void test_correct_and_void(db_conn *db)
{
	sample s, orig, l;
	sample_error e;
	char err[512];
	rapid(&s, "侣俸镇", "45");
	CHECK(sample_insert(db, cfg, form, &s, USER_AS("录入员"), &e) && s.flag_confirm, "record to correct (45: flagged)");
	long long id = s.id;
	CHECK(get_history(db, id).n == 0, "a new record has no history");
	sample_init(&orig);
	sample_copy(&orig, &s);

	sample_set(&s, SF_INHIBITION, "55");
	sample_set(&s, SF_PRODUCER, "侣俸镇红星家庭农场");
	const char *reason = "按原始记录更正抑制率";
	CHECK(sample_correct(db, cfg, form, &s, reason, USER_AS("李四"), &e), "correction accepted %s", e.msg);
	CHECK(s.version == 2 && s.fail && !s.flag_confirm, "version 2, now 不合格");
	CHECK_STR(s.updated_by, "李四", "updated_by on the sample");
	history h = get_history(db, id);
	CHECK(h.n == 3, "history has 3 rows: producer, inhibition, verdict (%d)", h.n);
	CHECK_STR(h.field[0], "producer", "change 1 field");
	CHECK_STR(h.old_value[0], "侣俸镇绿源蔬菜专业合作社", "change 1 old");
	CHECK_STR(h.new_value[0], "侣俸镇红星家庭农场", "change 1 new");
	CHECK_STR(h.field[1], "inhibition", "change 2 field");
	CHECK_STR(h.old_value[1], "45", "change 2 old");
	CHECK_STR(h.new_value[1], "55", "change 2 new");
	CHECK_STR(h.field[2], "verdict", "verdict change recorded");
	CHECK_STR(h.old_value[2], "疑似阳性", "verdict old");
	CHECK_STR(h.new_value[2], "阳性", "verdict new");
	int same = 0;
	for (int i = 0; i < 3; i++)
		same += strcmp(h.reason[i], reason) == 0 && strcmp(h.by[i], "李四") == 0 && h.version[i] == 2;
	CHECK(same == 3, "every change row has the reason, the user and version 2");
	sample_init(&l);
	CHECK(sample_load(db, id, &l, err, sizeof err) && l.version == 2 && l.fail &&
	      strcmp(l.v[SF_INHIBITION], "55") == 0 && strcmp(l.updated_by, "李四") == 0 &&
	      strcmp(l.sample_no, s.sample_no) == 0,
	      "the corrected record is saved, number unchanged");

	/* orig still says version 1: someone else's stale copy. */
	sample_set(&orig, SF_TESTER, "赵六");
	CHECK(!sample_correct(db, cfg, form, &orig, "补录检测人", USER_AS("王五"), &e), "a stale version is refused");
	CHECK(has(e.msg, "已被") && has(e.msg, "李四") && e.field == -1, "stale message names who changed it: %s",
	      e.msg);
	CHECK(!db_in_transaction(db), "no transaction left open");

	/* The write cannot begin (here: a read-only connection): refused,
	 * nothing open, and nothing of the record as saved left allocated
	 * (LeakSanitizer fails the test otherwise). */
	sample_set(&l, SF_TESTER, "赵六");
	db_exec(db, "PRAGMA query_only = 1");
	CHECK(!sample_correct(db, cfg, form, &l, "补录检测人", USER_AS("李四"), &e) && e.field == -1,
	      "a correction that cannot begin its write is refused: %s", e.msg);
	db_exec(db, "PRAGMA query_only = 0");
	CHECK(!db_in_transaction(db), "no transaction left open");
	sample_set(&l, SF_TESTER, s.v[SF_TESTER]);

	CHECK(!sample_correct(db, cfg, form, &l, "没改什么", USER_AS("李四"), &e) && has(e.msg, "没有任何改动"),
	      "a correction without changes is refused: %s", e.msg);

	sample_set(&l, SF_TOWN, "土桥镇");
	CHECK(!sample_correct(db, cfg, form, &l, "镇街录错", USER_AS("李四"), &e) && e.field == SF_TOWN,
	      "changing the town is refused: %s", e.msg);
	sample_set(&l, SF_TOWN, "侣俸镇");

	sample_set(&l, SF_DATE, "2025-06-01");
	CHECK(!sample_correct(db, cfg, form, &l, "日期录错", USER_AS("李四"), &e) && e.field == SF_DATE,
	      "moving the date to another year is refused: %s", e.msg);
	sample_set(&l, SF_DATE, "2026-06-01");

	sample_set(&l, SF_INHIBITION, "30");
	CHECK(!sample_correct(db, cfg, form, &l, "", USER_AS("李四"), &e) && strcmp(e.msg, "更正原因必须填写") == 0,
	      "an empty reason is refused: %s", e.msg);
	CHECK(!sample_correct(db, cfg, form, &l, NULL, USER_AS("李四"), &e) && has(e.msg, "原因"), "a NULL reason is refused");
	CHECK(!sample_correct(db, cfg, form, &l, "  \xE3\x80\x80 ", USER_AS("李四"), &e) && strcmp(e.msg, "更正原因必须填写") == 0,
	      "a reason of spaces only is refused: %s", e.msg);
	CHECK(!sample_correct(db, cfg, form, &l, "原因\x1b[2J", USER_AS("李四"), &e) && has(e.msg, "控制字符"),
	      "a reason with ESC is refused: %s", e.msg);
	sample_set(&l, SF_INHIBITION, "130");
	CHECK(!sample_correct(db, cfg, form, &l, "再改", USER_AS("李四"), &e) && e.field == SF_INHIBITION,
	      "an invalid corrected value is refused: %s", e.msg);
	CHECK(get_history(db, id).n == 3, "refused corrections left the history alone");

	sample_set(&l, SF_INHIBITION, "30");
	CHECK(sample_correct(db, cfg, form, &l, "复核后更正", USER_AS("李四"), &e) && l.version == 3 && !l.fail &&
	      !l.flag_confirm,
	      "a second correction: version 3, 合格 %s", e.msg);
	h = get_history(db, id);
	CHECK(h.n == 5 && strcmp(h.field[3], "inhibition") == 0 && strcmp(h.old_value[3], "55") == 0 &&
	      strcmp(h.field[4], "verdict") == 0 && strcmp(h.new_value[4], "阴性") == 0 && h.version[4] == 3,
	      "second correction appended with version 3");

	sample missing;
	sample_init(&missing);
	sample_copy(&missing, &l);
	missing.id = 987654;
	sample_set(&missing, SF_TESTER, "某人");
	CHECK(!sample_correct(db, cfg, form, &missing, "不存在", USER_AS("李四"), &e) && has(e.msg, "找不到"),
	      "correcting a missing record: %s", e.msg);
	sample_free(&missing);

	/* Voiding. */
	CHECK(!sample_void(db, id, l.version, "", USER_AS("李四"), err, sizeof err) && strcmp(err, "作废原因必须填写") == 0,
	      "voiding without a reason is refused: %s", err);
	CHECK(!sample_void(db, id, l.version, " \xE3\x80\x80", USER_AS("李四"), err, sizeof err) &&
	      strcmp(err, "作废原因必须填写") == 0,
	      "voiding with a reason of spaces only is refused: %s", err);
	CHECK(!sample_void(db, id, 1, "重复录入", USER_AS("李四"), err, sizeof err) && has(err, "已被"),
	      "voiding with a stale version is refused: %s", err);
	CHECK(sample_void(db, id, l.version, "重复录入", USER_AS("李四"), err, sizeof err), "void accepted %s", "");
	sample v;
	sample_init(&v);
	CHECK(sample_load(db, id, &v, err, sizeof err), "a voided record is still there");
	CHECK(v.voided && v.version == 4 && strcmp(v.void_reason, "重复录入") == 0, "voided, version 4, reason kept");
	CHECK(sample_find_no(db, v.sample_no) == id, "its number still finds it");
	h = get_history(db, id);
	CHECK(h.n == 6 && strcmp(h.field[5], "status") == 0 && strcmp(h.old_value[5], "有效") == 0 &&
	      strcmp(h.new_value[5], "作废") == 0 && strcmp(h.reason[5], "重复录入") == 0 && h.version[5] == 4,
	      "history has a status row 有效 -> 作废");
	CHECK(!sample_void(db, id, v.version, "再次作废", USER_AS("李四"), err, sizeof err) && has(err, "已经作废"),
	      "voiding twice is refused: %s", err);
	sample_set(&v, SF_TESTER, "赵六");
	CHECK(!sample_correct(db, cfg, form, &v, "作废后更正", USER_AS("李四"), &e) && has(e.msg, "作废"),
	      "correcting a voided record is refused: %s", e.msg);
	CHECK(get_history(db, id).n == 6, "refused operations added no history");
	CHECK(!sample_void(db, 987654, 1, "不存在", USER_AS("李四"), err, sizeof err) && has(err, "找不到"),
	      "voiding a missing record: %s", err);
	CHECK(!db_in_transaction(db), "no transaction left open after refusals");

	sample_free(&v);
	sample_free(&l);
	sample_free(&orig);
	sample_free(&s);
}

static void test_db_guards(db_conn *db)
{
	long long n = count(db, "SELECT count(*) FROM samples");
	long long nc = count(db, "SELECT count(*) FROM sample_changes");
	CHECK(n > 0 && nc > 0, "there are samples (%lld) and changes (%lld)", n, nc);
	int rc = db_exec(db, "DELETE FROM samples");
	CHECK(rc != DB_OK && has(db_errmsg(db), "never deleted"), "DELETE on samples is refused: %s",
	      db_errmsg(db));
	rc = db_exec(db, "DELETE FROM samples WHERE id = 1");
	CHECK(rc != DB_OK, "deleting one sample is refused");
	CHECK(count(db, "SELECT count(*) FROM samples") == n, "no sample was deleted");
	rc = db_exec(db, "UPDATE sample_changes SET new_value = 'x'");
	CHECK(rc != DB_OK && has(db_errmsg(db), "append-only"), "UPDATE on sample_changes is refused: %s",
	      db_errmsg(db));
	CHECK(count(db, "SELECT count(*) FROM sample_changes WHERE new_value = 'x'") == 0, "no change was altered");
	rc = db_exec(db, "DELETE FROM sample_changes");
	CHECK(rc != DB_OK && has(db_errmsg(db), "append-only"), "DELETE on sample_changes is refused");
	CHECK(count(db, "SELECT count(*) FROM sample_changes") == nc, "no change was deleted");

	/* Raw SQL bypassing the program: the CHECK constraints hold. */
#define RAW                                                                                        \
		"INSERT INTO samples(sample_no, unit_id, year, seq, kind, sample_date, product, category,"                    \
		" verdict, created_at, created_by) VALUES ('RAW-%d', (SELECT id FROM units WHERE name = '侣俸镇'),"  \
		" 2026, %d, 'rapid', '2026-06-01', %s, '蔬菜', 'pass', '2026-06-01 00:00:00', 'sql')"
	char sql[1024];
	CHECK(db_exec(db, "SAVEPOINT raw") == DB_OK, "savepoint");
	snprintf(sql, sizeof sql, RAW, 1, 9001, "'豇豆'");
	CHECK(db_exec(db, sql) == DB_OK, "the raw insert is valid with a clean product: %s",
	      db_errmsg(db));
	snprintf(sql, sizeof sql, RAW, 2, 9002, "'豇豆' || char(27) || '[31m'");
	rc = db_exec(db, sql);
	CHECK(rc != DB_OK && db_extended_errcode(db) == DB_CONSTRAINT_CHECK,
	      "a product containing \\x1b[31m is refused by a CHECK constraint (%d)", db_extended_errcode(db));
	snprintf(sql, sizeof sql, RAW, 3, 9003, "'豇' || char(8238) || '豆'");
	rc = db_exec(db, sql);
	CHECK(rc != DB_OK && db_extended_errcode(db) == DB_CONSTRAINT_CHECK,
	      "a product containing U+202E is refused by a CHECK constraint");
	snprintf(sql, sizeof sql, RAW, 4, 9004, "'豇' || char(155) || '豆'");
	rc = db_exec(db, sql);
	CHECK(rc != DB_OK && db_extended_errcode(db) == DB_CONSTRAINT_CHECK,
	      "a product containing C1 CSI (U+009B) is refused");
	/* With the correction row the history trigger asks for (schema 7),
	 * so that it is the CHECK that refuses. */
	db_exec(db, "INSERT INTO sample_changes(sample_id, version, changed_at, changed_by, reason, field)"
	             " SELECT id, version + 1, 'now', 't', 't', 'remarks' FROM samples WHERE id = 1");
	rc = db_exec(db, "UPDATE samples SET remarks = char(27) || ']0;pwned' || char(7), version = version + 1"
	                  " WHERE id = 1");
	CHECK(rc != DB_OK && db_extended_errcode(db) == DB_CONSTRAINT_CHECK,
	      "updating remarks to an OSC escape is refused");
	rc = db_exec(db, "UPDATE samples SET inhibition = 101, version = version + 1 WHERE id = 1");
	CHECK(rc != DB_OK && db_extended_errcode(db) == DB_CONSTRAINT_CHECK,
	      "inhibition 101 is refused by the database");
	CHECK(db_exec(db, "ROLLBACK TO raw; RELEASE raw") == DB_OK &&
	      count(db, "SELECT count(*) FROM samples WHERE sample_no LIKE 'RAW-%'") == 0,
	      "raw rows rolled back");
}

static void rm_db(const char *path)
{
	char p[128];
	remove(path);
	snprintf(p, sizeof p, "%s-wal", path);
	remove(p);
	snprintf(p, sizeof p, "%s-shm", path);
	remove(p);
	snprintf(p, sizeof p, "%s-writers", path); /* the write queue's lock file */
	remove(p);
}

static void test_two_connections(void)
{
	char path[64] = "/tmp/nj_test_db_XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	close(fd);
	db_conn *a = open_db(path), *b = open_db(path);
	char nos[10][96];
	int ok = 0;
	for (int i = 0; i < 10; i++) {
		sample s;
		sample_error e;
		rapid(&s, "侣俸镇", "20");
		if (sample_insert(i % 2 ? b : a, cfg, form, &s, i % 2 ? USER_AS("乙") : USER_AS("甲"), &e))
			ok++;
		snprintf(nos[i], sizeof nos[i], "%s", s.sample_no);
		sample_free(&s);
	}
	CHECK(ok == 10, "two connections insert alternately: 10 saved (%d)", ok);
	int in_order = 0;
	for (int i = 0; i < 10; i++) {
		char want[96];
		snprintf(want, sizeof want, "TL2026-侣俸-%04d", i + 1);
		in_order += strcmp(nos[i], want) == 0;
	}
	CHECK(in_order == 10, "numbers 0001..0010 in turn, no gaps or repeats (%d)", in_order);
	CHECK(count(b, "SELECT count(DISTINCT sample_no) FROM samples") == 10, "connection b sees all 10");
	test_db_close(a);
	test_db_close(b);

	/* Two processes at once: BEGIN IMMEDIATE and the busy timeout keep
	 * the numbers unique and gap-free. */
	fflush(stdout);
	pid_t kids[2];
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			char err[512];
			db_conn *db = db_open(path, 10000, false, err, sizeof err);
			int saved = 0;
			for (int i = 0; db && i < 10; i++) {
				sample s;
				sample_error e;
				rapid(&s, "土桥镇", "20");
				saved += sample_insert(db, cfg, form, &s, k ? USER_AS("乙") : USER_AS("甲"), &e);
				sample_free(&s);
			}
			test_db_close(db);
			_exit(saved == 10 ? 0 : 1);
		}
	}
	int good = 0;
	for (int k = 0; k < 2; k++) {
		int st;
		if (kids[k] > 0 && waitpid(kids[k], &st, 0) == kids[k] && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			good++;
	}
	CHECK(good == 2, "two processes each saved 10 records");
	db_conn *c = open_db(path);
	CHECK(count(c, "SELECT count(*) FROM samples s JOIN units u ON u.id = s.unit_id WHERE u.name = '土桥镇'") ==
	              20 &&
	          count(c, "SELECT count(DISTINCT seq) FROM samples s JOIN units u ON u.id = s.unit_id"
	                   " WHERE u.name = '土桥镇'") == 20 &&
	          count(c, "SELECT max(seq) FROM samples s JOIN units u ON u.id = s.unit_id"
	                   " WHERE u.name = '土桥镇'") == 20,
	      "20 distinct numbers 1..20 from two processes");
	test_db_close(c);
	rm_db(path);
}

/* 检测单位 and 抽样地点 apart (issue 13): a township's place defaults to
 * itself, the centre must say where, the place is a 镇街. */
static void test_site(db_conn *db)
{
	sample s;
	sample_error e;
	rapid(&s, "侣俸镇", "20");
	CHECK(*insert(db, &s, &e) && strcmp(s.v[SF_SITE], "侣俸镇") == 0,
	      "a township record without 抽样地点 was taken in its own town: %s", s.v[SF_SITE]);
	sample_free(&s);
	quant(&s, "例行监测", "0.03", "0.1");
	sample_set(&s, SF_TOWN, "区检测中心");
	CHECK(!*insert(db, &s, &e) && e.field == SF_SITE && has(e.msg, "必须填写抽样地点"),
	      "the centre's record must name its 抽样地点: %s", e.msg);
	sample_set(&s, SF_SITE, "区检测中心");
	CHECK(!*insert(db, &s, &e) && e.field == SF_SITE && has(e.msg, "不能是区检测中心"),
	      "the centre is not a place: %s", e.msg);
	sample_set(&s, SF_SITE, "织篢镇");
	CHECK(!*insert(db, &s, &e) && e.field == SF_SITE && has(e.msg, "未知镇街"), "an unknown place: %s", e.msg);
	sample_set(&s, SF_SITE, "土桥");
	const char *no = insert(db, &s, &e);
	CHECK(has(no, "区中心"), "the centre's 例行监测 in 土桥镇 is numbered by the centre: %s %s", no, e.msg);
	long long id = s.id;
	sample_free(&s);
	sample_init(&s);
	char err[512];
	CHECK(sample_load(db, id, &s, err, sizeof err) && strcmp(s.v[SF_TOWN], "区检测中心") == 0 &&
	      strcmp(s.v[SF_SITE], "土桥镇") == 0, "stored and loaded apart: %s / %s", s.v[SF_TOWN], s.v[SF_SITE]);
	sample_set(&s, SF_SITE, "安居镇");
	CHECK(sample_correct(db, cfg, form, &s, "抽样地点录错", USER_AS("李四"), &e),
	      "抽样地点 can be corrected: %s", e.msg);
	CHECK(count(db, "SELECT count(*) FROM sample_changes WHERE field = 'site' AND old_value = '土桥镇'"
	                " AND new_value = '安居镇'") == 1, "the correction is kept in the history");
	sample_free(&s);
}

/* A repeat is the same town, date, producer, product and result; two
 * registered producers of one name (one in each of two villages) are not
 * the same producer. */
static void test_duplicate(db_conn *db)
{
	sample s;
	sample_error e;
	char no[sizeof s.sample_no], err[512];
	rapid(&s, "土桥镇", "21");
	sample_set(&s, SF_DATE, "2026-06-02");
	s.producer_id = 7;
	CHECK(*insert(db, &s, &e), "the first record saves: %s", e.msg);
	char first[sizeof s.sample_no];
	snprintf(first, sizeof first, "%s", s.sample_no);
	sample_free(&s);
	rapid(&s, "土桥镇", "21");
	sample_set(&s, SF_DATE, "2026-06-02");
	s.producer_id = 7;
	CHECK(sample_find_duplicate(db, cfg, &s, no, sizeof no, err, sizeof err) && strcmp(no, first) == 0,
	      "the same again, the same producer, is a repeat of %s: '%s' %s", first, no, err);
	s.producer_id = 0;
	CHECK(sample_find_duplicate(db, cfg, &s, no, sizeof no, err, sizeof err) && strcmp(no, first) == 0,
	      "free text of the same name is a repeat too: '%s'", no);
	s.producer_id = 8;
	CHECK(!sample_find_duplicate(db, cfg, &s, no, sizeof no, err, sizeof err) && !*no && !*err,
	      "another registered producer of the same name is not: '%s' %s", no, err);
	sample_set(&s, SF_INHIBITION, "22");
	s.producer_id = 7;
	CHECK(!sample_find_duplicate(db, cfg, &s, no, sizeof no, err, sizeof err) && !*no,
	      "another result is not a repeat: '%s'", no);
	sample_free(&s);
}

/* A database made by the program before issue 13 (every migration before
 * the one adding site_town), with a township's rapid test, a district kind
 * recorded under a township and a centre record, migrates: the place of a
 * township's records is the township, the centre's is left empty, the
 * testing unit (unit_id, the number) never changes, and the history guard
 * is back afterwards. */
static void test_migration(void)
{
	/* A name of its own: several checkouts' test runs share /tmp. (An
	 * empty file is an empty SQLite database.) */
	char path[64] = "/tmp/nj_test_migrate_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0, "a scratch database for the migration");
	if (fd < 0)
		return;
	close(fd);
	int mine = -1;
	for (int i = 0; i < schema_migration_count && mine < 0; i++)
		if (strstr(schema_migrations[i], "ADD COLUMN site_town"))
			mine = i;
	CHECK(mine > 0, "the migration adding 抽样地点 exists (%d)", mine + 1);
	if (mine <= 0)
		return;
	db_conn *raw;
	db_sqlite_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &raw);
	bool ok = true;
	for (int i = 0; i < mine && ok; i++)
		ok = db_exec(raw, schema_migrations[i]) == DB_OK;
	char sql[128];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", mine);
	ok = ok && db_exec(raw, sql) == DB_OK;
	ok = ok && db_exec(raw,
		"INSERT INTO units(id, name, short_name, kind) VALUES (1, '区检测中心', '区中心', '检测中心'),"
		" (2, '土桥镇', '土桥', '镇');"
		"INSERT INTO samples(sample_no, unit_id, year, seq, kind, sample_date, product, category,"
		" verdict, created_at, created_by) VALUES"
		" ('TL2026-土桥-0001', 2, 2026, 1, 'rapid', '2026-03-01', '豇豆', '蔬菜', 'pass', 'x', 'x'),"
		" ('TL2026-土桥-0002', 2, 2026, 2, 'routine', '2026-03-01', '豇豆', '蔬菜', 'pass', 'x', 'x'),"
		" ('TL2026-区中心-0001', 1, 2026, 1, 'rapid', '2026-03-01', '豇豆', '蔬菜', 'pass', 'x', 'x');") == DB_OK;
	CHECK(ok, "a database in the shape before the migration: %s", db_errmsg(raw));
	db_sqlite_close(raw);
	db_conn *db = open_db(path);
	CHECK(count(db, "PRAGMA user_version") == schema_migration_count, "migrated to the latest schema");
	CHECK(count(db, "SELECT count(*) FROM samples WHERE site_town = '土桥镇' AND unit_id = 2") == 2,
	      "a township's records (rapid and district kind) were taken in the township and stay its own");
	CHECK(count(db, "SELECT count(*) FROM samples WHERE unit_id = 1 AND site_town IS NULL") == 1,
	      "the centre's record has no place (unknown): left empty");
	CHECK(count(db, "SELECT count(*) FROM sample_changes") == 0, "the fill is not a correction");
	CHECK(db_exec(db, "UPDATE samples SET site_town = '安居镇' WHERE id = 1") != DB_OK,
	      "the history guard is back after the migration");
	sample s;
	sample_init(&s);
	char err[512];
	CHECK(sample_load(db, 1, &s, err, sizeof err) && strcmp(s.v[SF_SITE], "土桥镇") == 0,
	      "a migrated record loads with its place: %s", s.v[SF_SITE]);
	sample_free(&s);
	test_db_close(db);
	rm_db(path);
}

/* A record saved with items has the id of its row, not of its last
 * item's row (the items' rows have rowids too). */
static void test_items_id(db_conn *db)
{
	sample s;
	sample_init(&s);
	sample_set(&s, SF_TOWN, "区检测中心");
	sample_set(&s, SF_SITE, "安居镇");
	sample_set(&s, SF_KIND, "例行监测");
	sample_set(&s, SF_PRODUCT, "黄瓜");
	sample_set(&s, SF_SAMPLERS, "张三、李四");
	sample_set(&s, SF_DATE, "2026-06-10");
	sample_set(&s, SF_STAGE, "超市");
	sample_set(&s, SF_ITEMS, "镉:0.15；毒死蜱:0.03:mg/kg:0.5；甲胺磷:未检出");
	sample_error e;
	CHECK(*insert(db, &s, &e), "a sample with three items saved: %s", e.msg);
	CHECK(s.id == sample_find_no(db, s.sample_no), "its id is its record's (%lld)", s.id);
	sample_free(&s);
}

/* Reading many records by id (sample_each_of, items_each_of: the
 * bulletin's failed list) gives each asked-for record once, across the
 * statements of SAMPLE_IDS_AT_ONCE ids, and each record's items in the
 * order entered; records not asked for stay out. */
enum { MANY = 2 * SAMPLE_IDS_AT_ONCE + 30 };
typedef struct {
	long long ids[MANY];
	char nos[MANY][96];
	int seen[MANY], items[MANY];
	bool in_order;
	char last_no[96], last_item[96];
} many_reads;

static int many_index(const many_reads *m, long long id, const char *no)
{
	for (int k = 0; k < MANY; k++)
		if (id ? m->ids[k] == id : strcmp(m->nos[k], no) == 0)
			return k;
	return -1;
}

static bool many_record(void *ctx, const sample *s)
{
	many_reads *m = ctx;
	int k = many_index(m, s->id, NULL);
	if (k >= 0 && strcmp(m->nos[k], s->sample_no) == 0)
		m->seen[k]++;
	else
		m->seen[0] += 1000; /* one not asked for, or not its own number */
	return true;
}

static bool many_item(void *ctx, const char *sample_no, const sample_item *i)
{
	many_reads *m = ctx;
	int k = many_index(m, 0, sample_no);
	if (k < 0) {
		m->items[0] += 1000;
		return true;
	}
	/* 镉 then 毒死蜱 then 铅, as entered. */
	if (strcmp(m->last_no, sample_no) == 0 &&
	    !(strcmp(m->last_item, "镉") == 0 && strcmp(i->name, "毒死蜱") == 0) &&
	    !(strcmp(m->last_item, "毒死蜱") == 0 && strcmp(i->name, "铅") == 0))
		m->in_order = false;
	snprintf(m->last_no, sizeof m->last_no, "%s", sample_no);
	snprintf(m->last_item, sizeof m->last_item, "%s", i->name);
	m->items[k]++;
	return true;
}

static void test_read_many(db_conn *db)
{
	static const char *const lists[] = {"", "镉:0.15:mg/kg:0.1", "镉:0.15:mg/kg:0.1；毒死蜱:0.03:mg/kg:0.5",
	                                    "镉:0.15:mg/kg:0.1；毒死蜱:0.03:mg/kg:0.5；铅:0.1:mg/kg:0.2"};
	static many_reads m;
	memset(&m, 0, sizeof m);
	m.in_order = true;
	sample s;
	sample_error e;
	char err[512];
	long long other = 0;
	bool saved = true;
	for (int k = 0; k <= MANY && saved; k++) {
		quant(&s, "例行监测", "0.3", "0.1");
		if (*lists[k % 4]) {
			sample_set(&s, SF_ITEM, "");
			sample_set(&s, SF_VALUE, "");
			sample_set(&s, SF_UNIT, "");
			sample_set(&s, SF_LIMIT, "");
			sample_set(&s, SF_ITEMS, lists[k % 4]);
		}
		saved = *insert(db, &s, &e);
		if (k == MANY / 2)
			other = s.id; /* saved, never asked for */
		else if (saved) {
			int at = k < MANY / 2 ? k : k - 1;
			/* asked for from the last saved to the first */
			m.ids[MANY - 1 - at] = s.id;
			snprintf(m.nos[MANY - 1 - at], sizeof m.nos[0], "%s", s.sample_no);
		}
		sample_free(&s);
	}
	CHECK(saved && other, "%d records saved: %s", MANY + 1, saved ? "" : e.msg);
	CHECK(sample_each_of(db, m.ids, MANY, many_record, &m, err, sizeof err), "sample_each_of: %s", err);
	int once = 0;
	for (int k = 0; k < MANY; k++)
		once += m.seen[k] == 1;
	CHECK(once == MANY, "each of the %d records read once, no other (%d)", MANY, once);
	CHECK(items_each_of(db, m.ids, MANY, many_item, &m, err, sizeof err), "items_each_of: %s", err);
	int right = 0;
	for (int k = 0; k < MANY; k++) {
		int at = MANY - 1 - k, saved_k = at < MANY / 2 ? at : at + 1;
		right += m.items[k] == saved_k % 4;
	}
	CHECK(right == MANY, "each record's items read, no other's (%d of %d right)", right, MANY);
	CHECK(m.in_order, "a record's items in the order entered");
	CHECK(sample_each_of(db, m.ids, 0, many_record, &m, err, sizeof err) &&
	      items_each_of(db, m.ids, 0, many_item, &m, err, sizeof err), "no ids: nothing read, no error");
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	char err[1024];
	cfg = config_load("conf/nongjian.ini", err, sizeof err);
	form = cfg ? form_load("forms/sample.ini", sample_keys, err, sizeof err) : NULL;
	CHECK(cfg && form, "shipped config and form load: %s", cfg && form ? "" : err);
	if (!cfg || !form)
		return check_done();
	test_helpers();
	test_open();
	db_conn *db = open_db(":memory:");
	test_numbering(db);
	test_nested(db);
	test_verdicts(db);
	test_validation(db);
	test_correct_and_void(db);
	test_db_guards(db);
	test_site(db);
	test_duplicate(db);
	test_items_id(db);
	test_read_many(db);
	test_db_close(db);
	test_migration();
	test_two_connections();
	form_free(form);
	config_free(cfg);
	return check_done();
}
