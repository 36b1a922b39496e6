/* Importing producers (imports.h): the header names, identity of rows
 * already registered, each row checked as producer_insert checks it while
 * the file is read (no write lock), and the checked rows saved with
 * producer_insert_checked under the write lock. */
#include "transfer/imports.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "registry/blacklist.h"
#include "registry/rating.h"
#include "store/db.h"
#include "registry/producer.h"
#include "base/text.h"
#include "store/units.h"

/* Columns of our own export the program keeps itself, and a
 * spreadsheet's row numbers: known, not imported. */
static const char *const ignored[] = {
	"主体编号", "id", "信用评级", "状态", "status", "录入人", "created_by", "录入时间",
	"created_at", "修改人", "updated_by", "修改时间", "updated_at", "序号", NULL,
};

/* The registry's history, after the form's fields (0..PF_COUNT-1): a
 * rating as `nongjian rate` gives it and a listing as `blacklist add`
 * (export_registry.c writes the same columns). */
enum { XP_RATING = PF_COUNT, XP_RATED_ON, XP_BASIS, XP_LISTED, XP_BL_KIND, XP_BL_REASON, XP_BL_SINCE,
       XP_COUNT };

static const imp_extra history[] = {
	{XP_RATING, "信用等级", "rating"},     {XP_RATED_ON, "评级日期", "rated_on"},
	{XP_BASIS, "依据", "评级依据"},         {XP_LISTED, "黑名单", "blacklisted"},
	{XP_BL_KIND, "原因类别", "列入原因类别"}, {XP_BL_REASON, "原因", "列入原因"},
	{XP_BL_SINCE, "列入日期", "since"},     {0, NULL, NULL},
};

typedef struct {
	imp_core c;
	producer p;
} producers_import;

/* Excel's ways with cells (cells.h). */
static cell_kind field_cell(void *ctx, int field)
{
	(void)ctx;
	switch (field) {
	case PF_ADDRESS:
	case XP_BASIS:
	case XP_BL_REASON:
		return CELL_LINES;
	case PF_PHONE:
		return CELL_PHONE;
	case PF_CREDIT_CODE:
	case PF_ID_NUMBER:
		return CELL_CODE;
	case XP_RATED_ON:
	case XP_BL_SINCE:
		return CELL_DATE;
	default:
		return CELL_PLAIN;
	}
}

/* As the rows begin (no lock): the registry the rows are checked
 * against, and the keys of the file's new producers so far (a code, or
 * the name in its town and village), to find one twice in the file. */
static bool begin(void *ctx, char *err, size_t errlen)
{
	return imp_core_begin(ctx,
	                      "CREATE TEMP TABLE IF NOT EXISTS producer_import_keys (k TEXT PRIMARY KEY) WITHOUT ROWID;"
	                      "DELETE FROM temp.producer_import_keys;", err, errlen);
}

/* The registered producer holding a code; 0 when none. */
static long long find_code(db_conn *db, bool credit, const char *code, char *err, size_t errlen)
{
	db_stmt *st = credit ? db_cached(db, "SELECT id FROM producers WHERE credit_code = ?1", err, errlen)
	                          : db_cached(db, "SELECT id FROM producers WHERE id_number = ?1", err, errlen);
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	long long id = db_step(st) == DB_ROW ? db_column_int64(st, 0) : 0;
	db_done(st);
	return id;
}


static const char *value(char **values, int f)
{
	return values[f] ? values[f] : "";
}

/* 黑名单: 是 (listed) or 否/empty. -1 when neither. */
static int listed_flag(const char *v)
{
	if (!*v || strcmp(v, "否") == 0 || strcmp(v, "正常") == 0)
		return 0;
	if (strcmp(v, "是") == 0 || strcmp(v, "在列") == 0 || strcmp(v, "黑名单") == 0)
		return 1;
	return -1;
}

/* The rating and listing columns, checked before anything is saved (the
 * same rules as rate and blacklist add; those check again when saving). */
static bool history_date(const char *v, char *out);

static imp_result check_history(char **values, imp_problem *p)
{
	char on[11];
	const char *grade = value(values, XP_RATING);
	if (*grade && !rating_parse(grade))
		return imp_bad(p, XP_RATING, "信用等级 \"%s\" 无效：应为 A、B 或 C (也可以不填)", grade);
	if (*grade && !*value(values, XP_BASIS))
		return imp_bad(p, XP_BASIS, "填写了信用等级，还要填写评级的依据 (如: 年度信用评价、抽检不合格)");
	if (!*grade && (*value(values, XP_RATED_ON) || *value(values, XP_BASIS)))
		return imp_bad(p, XP_RATING, "填写了评级日期或依据，但没有填写信用等级 (A、B 或 C)");
	int listed = listed_flag(value(values, XP_LISTED));
	if (listed < 0)
		return imp_bad(p, XP_LISTED, "黑名单 \"%s\" 无效：在列的写 是，否则写 否 或不填", value(values, XP_LISTED));
	if (listed && blacklist_kind_parse(value(values, XP_BL_KIND)) < 0)
		return imp_bad(p, XP_BL_KIND, "原因类别 \"%s\" 无效：应为 C评级、监督抽查不合格、违禁物质、立案查处 或 其他",
		           value(values, XP_BL_KIND));
	if (listed && !*value(values, XP_BL_REASON))
		return imp_bad(p, XP_BL_REASON, "列入黑名单必须写明原因 (依据、文书编号等)");
	if (listed && !history_date(value(values, XP_BL_SINCE), on))
		return imp_bad(p, XP_BL_SINCE, "列入日期 \"%s\" 不是有效日期，请写成 2026-03-05", value(values, XP_BL_SINCE));
	if (*grade && !history_date(value(values, XP_RATED_ON), on))
		return imp_bad(p, XP_RATED_ON, "评级日期 \"%s\" 不是有效日期，请写成 2026-03-05", value(values, XP_RATED_ON));
	return IMP_NEW;
}

/* Is this rating (or listing) already recorded for the producer? 1 yes, 0
 * no, -1 on a database error. */
static int recorded(db_conn *db, const char *sql, long long id, const char *a, const char *b,
                    char *err, size_t errlen)
{
	db_stmt *st = db_cached(db, sql, err, errlen);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, a);
	db_bind_text(st, 3, b);
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_ROW && rc != DB_DONE) {
		db_error(db, "查找评级和黑名单记录失败", err, errlen);
		return -1;
	}
	return rc == DB_ROW;
}

/* Does the row carry a rating or a listing? */
static bool has_history(char **values)
{
	return *value(values, XP_RATING) || listed_flag(value(values, XP_LISTED)) == 1;
}

/* The date as rate and blacklist add store it ("" = today). */
static bool history_date(const char *v, char *out)
{
	ymd d;
	if (!*v) {
		date_format(date_today(), out, 11);
		return true;
	}
	return date_normalise(v, date_today().y, out, 11) && date_parse(out, &d);
}

/* Apply the row's listing, then its rating, to producer id, each unless
 * already recorded (re-importing adds nothing twice): the listing first,
 * so that a C rating with [credit] c_blacklist does not stand in for the
 * listing the file names. Returns what the row is: `was` when nothing was
 * added, IMP_NEW when something was. */
static imp_result apply_history(producers_import *x, long long id, char **values, imp_result was,
                                imp_problem *p)
{
	app *a = x->c.a;
	char err[512], on[11];
	bool added = false;
	if (listed_flag(value(values, XP_LISTED)) == 1) {
		int kind = blacklist_kind_parse(value(values, XP_BL_KIND));
		if (!history_date(value(values, XP_BL_SINCE), on))
			return imp_bad(p, XP_BL_SINCE, "列入日期 \"%s\" 不是有效日期，请写成 2026-03-05", value(values, XP_BL_SINCE));
		int have = recorded(a->db, "SELECT 1 FROM blacklist WHERE producer_id = ?1 AND since = ?2 AND reason_kind = ?3",
		                    id, on, blacklist_kind_code(kind), err, sizeof err);
		if (have < 0)
			return imp_fatal(p, err);
		if (!have && !blacklist_active(a->db, id, NULL)) {
			if (!blacklist_add(a->db, id, kind, value(values, XP_BL_REASON), on, "", 0, &a->me, err, sizeof err))
				return imp_bad(p, XP_LISTED, "%s", err);
			added = true;
		}
	}
	const char *grade = value(values, XP_RATING);
	if (*grade) {
		char g = rating_parse(grade), text[2] = {g, '\0'};
		if (!history_date(value(values, XP_RATED_ON), on))
			return imp_bad(p, XP_RATED_ON, "评级日期 \"%s\" 不是有效日期，请写成 2026-03-05", value(values, XP_RATED_ON));
		int have = recorded(a->db, "SELECT 1 FROM producer_ratings WHERE producer_id = ?1 AND rated_on = ?2"
		                    " AND new_rating = ?3", id, on, text, err, sizeof err);
		if (have < 0)
			return imp_fatal(p, err);
		db_stmt *st = db_cached(a->db, "SELECT coalesce(rating, '') FROM producers WHERE id = ?1", err, sizeof err);
		if (!st)
			return imp_fatal(p, err);
		db_bind_int64(st, 1, id);
		bool same = db_step(st) == DB_ROW && db_column_text(st, 0)[0] == g;
		db_done(st);
		if (!have && !same) {
			if (!rating_set(a->db, a->cfg, id, g, on, value(values, XP_BASIS), &a->me, NULL, err, sizeof err))
				return imp_bad(p, XP_RATING, "%s", err);
			added = true;
		}
	}
	return added ? IMP_NEW : was;
}

static const int codes[] = {PF_CREDIT_CODE, PF_ID_NUMBER};

/* The registered producer a checked row stands for: by a code, else by
 * its name in its town and village (a name whose codes differ from the
 * row's is refused). IMP_PRESENT with *id, IMP_NEW when none. */
static imp_result registered(producers_import *x, long long unit, long long *id, imp_problem *p)
{
	app *a = x->c.a;
	producer *pr = &x->p;
	char err[512];
	*id = 0;
	for (int i = 0; i < 2; i++) {
		const char *code = pr->v[codes[i]];
		if (!*code)
			continue;
		*id = find_code(a->db, codes[i] == PF_CREDIT_CODE, code, err, sizeof err);
		if (*id < 0)
			return imp_fatal(p, err);
		if (*id)
			return IMP_PRESENT;
	}
	db_stmt *st = db_cached(a->db,
		"SELECT id, coalesce(credit_code, ''), coalesce(id_number, '') FROM producers"
		" WHERE name = ?1 AND unit_id = ?2 AND coalesce(village, '') = ?3", err, sizeof err);
	if (!st)
		return imp_fatal(p, err);
	db_bind_text(st, 1, pr->v[PF_NAME]);
	db_bind_int64(st, 2, unit);
	db_bind_text(st, 3, pr->v[PF_VILLAGE]);
	imp_result r = IMP_NEW;
	if (db_step(st) == DB_ROW) {
		*id = db_column_int64(st, 0);
		r = IMP_PRESENT;
		const char *have[2] = {db_column_text(st, 1),
		                       db_column_text(st, 2)};
		for (int i = 0; i < 2 && r == IMP_PRESENT; i++) {
			const char *mine = pr->v[codes[i]];
			if (*mine && have[i] && *have[i] && strcmp(mine, have[i]) != 0) {
				r = imp_bad(p, codes[i], "%s%s已登记同名主体 (编号 %lld)，但号码不同 (已登记的是 %s)："
				            "如确为不同主体，请填写村(社区)以区分", pr->v[PF_TOWN], pr->v[PF_VILLAGE], *id, have[i]);
			}
		}
	}
	db_done(st);
	return r;
}

/* A new producer's keys in the file so far: 1 when one of them was
 * there already (its field in *field), 0 when they were not (now they
 * are), -1 on a database error. */
static int seen_in_file(producers_import *x, long long unit, int *field, char *err, size_t errlen)
{
	db_conn *db = x->c.a->db;
	producer *pr = &x->p;
	char key[3][1024];
	int field_of[3], n = 0;
	for (int i = 0; i < 2; i++)
		if (*pr->v[codes[i]]) {
			snprintf(key[n], sizeof key[n], "%c:%s", codes[i] == PF_CREDIT_CODE ? 'c' : 'i', pr->v[codes[i]]);
			field_of[n++] = codes[i];
		}
	snprintf(key[n], sizeof key[n], "p:%lld\x1f%s\x1f%s", unit, pr->v[PF_NAME], pr->v[PF_VILLAGE]);
	field_of[n++] = PF_NAME;
	db_stmt *has = db_cached(db, "SELECT 1 FROM temp.producer_import_keys WHERE k = ?1", err, errlen);
	if (!has)
		return -1;
	for (int i = 0; i < n; i++) {
		db_bind_text(has, 1, key[i]);
		bool there = db_step(has) == DB_ROW;
		db_done(has);
		if (there) {
			*field = field_of[i];
			return 1;
		}
	}
	db_stmt *put = db_cached(db, "INSERT INTO temp.producer_import_keys (k) VALUES (?1)", err, errlen);
	if (!put)
		return -1;
	for (int i = 0; i < n; i++) {
		db_bind_text(put, 1, key[i]);
		if (!db_run(db, put, "导入失败", err, errlen))
			return -1;
	}
	return 0;
}

/* As the row is read (no write lock): every check producer_insert makes,
 * the rating and listing columns', and whether it is registered already
 * or earlier in the file. The row to save gets its checked values. */
static imp_result check(void *ctx, char **values, imp_problem *p)
{
	producers_import *x = ctx;
	app *a = x->c.a;
	producer *pr = imp_core_fill(&x->c, values);
	char err[512];
	producer_error e;
	if (!producer_validate(a->cfg, x->c.f, pr, &e))
		return imp_bad(p, e.field, "%s", e.msg);
	for (int f = 0; f < PF_COUNT; f++)
		values[f] = pr->v[f];
	imp_result r = check_history(values, p);
	if (r != IMP_NEW)
		return r;
	long long unit = units_id(a->db, pr->v[PF_TOWN]), id;
	if (!unit)
		return imp_bad(p, PF_TOWN, "镇街 %s 不在数据库中，请联系管理员 (nongjian init 会补上)", pr->v[PF_TOWN]);
	r = registered(x, unit, &id, p);
	if (r == IMP_PRESENT) /* its rating or listing is saved under the lock */
		return has_history(values) ? IMP_NEW : IMP_PRESENT;
	if (r != IMP_NEW)
		return r;
	const char *no = user_may_write_town(&a->me, pr->v[PF_TOWN]);
	if (no)
		return imp_bad(p, PF_TOWN, "%s", no);
	int field;
	switch (seen_in_file(x, unit, &field, err, sizeof err)) {
	case -1:
		return imp_fatal(p, err);
	case 1:
		return field == PF_NAME ? imp_bad(p, PF_NAME, "%s 在本文件中出现了两次 (同一镇街、同一村)", pr->v[PF_NAME])
		                        : imp_bad(p, field, "号码 %s 在本文件中出现了两次", pr->v[field]);
	}
	return IMP_NEW;
}

/* Under the write lock, a checked row: registered (and, when others
 * registered producers since the check, looked for again), its rating
 * and listing applied. */
static imp_result row(void *ctx, char **values, imp_problem *p)
{
	producers_import *x = ctx;
	app *a = x->c.a;
	producer *pr = imp_core_fill(&x->c, values);
	int meanwhile = imp_core_meanwhile(&x->c, p);
	if (meanwhile < 0)
		return IMP_FATAL;
	/* Those the check found registered carry a rating or a listing;
	 * those others registered meanwhile are present all the same. */
	if (has_history(values) || meanwhile) {
		long long id;
		imp_result r = registered(x, units_id(a->db, pr->v[PF_TOWN]), &id, p);
		if (r == IMP_PRESENT && id > x->c.now_max) /* this file's: found twice by the check */
			return imp_fatal(p, "导入的主体重复，已全部撤销：这是程序的错误，请报告");
		if (r == IMP_PRESENT)
			return apply_history(x, id, values, IMP_PRESENT, p);
		if (r != IMP_NEW)
			return r;
	}
	producer_error e;
	if (!producer_insert_checked(a->db, pr, false, &a->me, &e))
		return imp_refused(p, &e);
	return apply_history(x, pr->id, values, IMP_NEW, p);
}

void import_producers(app *a, FILE *fp, const imp_options *o, imp_summary *s)
{
	producers_import x = {.c = {.a = a, .rt = &producer_type, .f = app_form(a, "producer"), .extras = history,
	                            .ignored = ignored, IMP_RECORD(x.p), .keys = "producer_import_keys"}};
	static const imp_kind kind = {IMP_RECORD_KIND("生产经营主体", "producers", XP_COUNT), .field_for = imp_core_field,
	                              .field_required = imp_core_required, .check = check};
	imp_core_run(&x.c, &kind, &x, fp, o, s);
}

bool template_producers(app *a, FILE *out, char *err, size_t errlen)
{
	const char *tail[sizeof history / sizeof *history + 1];
	for (size_t i = 0; i < sizeof history / sizeof *history; i++)
		tail[i] = history[i].label;
	tail[sizeof history / sizeof *history] = NULL;
	return importer_template(out, NULL, app_form(a, "producer"), tail, err, errlen);
}
