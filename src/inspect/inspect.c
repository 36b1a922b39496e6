#include "inspect/inspect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/codes.h"
#include "base/text.h"
#include "base/values.h"
#include "registry/blacklist.h"
#include "registry/producer.h"
#include "sample/sample.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/units.h"

REC_VALUE_FUNCS(inspection, IF_COUNT)
REC_BEGIN_SAVED(inspection)

const char *inspection_value_by_key(void *ctx, const char *key)
{
	const inspection *in = ctx;
	int i = rec_key_index(&inspect_type, key);
	return i >= 0 ? in->v[i] : NULL;
}

const char *inspection_label(const form_def *f, int field)
{
	return rec_label(&inspect_type, f, field);
}

static bool in_form(const form_def *f, int field)
{
	return form_index(f, inspect_type.fields[field].key) >= 0;
}

void inspection_checklist_text(const form_def *f, char *out, size_t outlen)
{
	size_t used = 0;
	out[0] = '\0';
	for (int k = 0, n = 0; k < INSPECT_CHECKS; k++) {
		if (!in_form(f, IF_CHECK1 + k))
			continue;
		int w = snprintf(out + used, outlen - used, "%s%d.%s", n++ ? " " : "", k + 1,
		                 inspection_label(f, IF_CHECK1 + k));
		if (w < 0 || used + (size_t)w >= outlen)
			break;
		used += (size_t)w;
	}
}

int inspection_failed_items(const inspection *in)
{
	int n = 0;
	for (int k = 0; k < INSPECT_CHECKS; k++)
		n += strcmp(in->v[IF_CHECK1 + k], "不符合") == 0;
	return n;
}

inspection_state inspection_rectify_state(const inspection *in, ymd today)
{
	if (!*in->v[IF_RECTIFY])
		return IS_NONE;
	if (strcmp(in->v[IF_RECHECK], "已整改") == 0)
		return IS_CLOSED;
	ymd dl;
	if (date_parse(in->v[IF_DEADLINE], &dl) && date_cmp(dl, today) < 0)
		return IS_OVERDUE;
	return IS_OPEN;
}

const char *inspection_state_text(inspection_state s)
{
	switch (s) {
	case IS_OPEN: return "整改中";
	case IS_OVERDUE: return "整改逾期";
	case IS_CLOSED: return "已整改";
	default: return "";
	}
}

/* The registered producer an inspection is of: by the id picked on the
 * screen (kept while the name still says it), else by what was typed. */
static bool resolve_producer(db_conn *db, inspection *in, producer *p, rec_error *e)
{
	char err[512];
	const char *typed = in->v[IF_PRODUCER];
	if (in->producer_id > 0 && producer_load(db, in->producer_id, p, err, sizeof err) &&
	    (!*typed || strcmp(typed, p->v[PF_NAME]) == 0))
		return true;
	if (!*typed)
		return rec_fail(e, IF_PRODUCER, "受检主体必须填写：主体名称、编号或统一社会信用代码");
	long long ids[8];
	int n = producer_find(db, typed, ids, 8, err, sizeof err);
	if (n < 0)
		return rec_fail(e, -1, "%s", err);
	if (n == 0)
		return rec_fail(e, IF_PRODUCER, "主体 \"%s\" 不在主体名录中：巡查的是已登记的主体，请先登记 "
		                "(nongjian producer add)，或用主体编号、统一社会信用代码指定", typed);
	if (n > 1) {
		char list[256] = "";
		size_t used = 0;
		for (int i = 0; i < n && i < 8; i++) {
			int w = snprintf(list + used, sizeof list - used, "%s%lld", i ? "、" : "", ids[i]);
			used += w > 0 && used + (size_t)w < sizeof list ? (size_t)w : 0;
		}
		return rec_fail(e, IF_PRODUCER, "名称为 \"%s\" 的主体有 %d 个 (编号 %s)：请用编号指定，如 主体=%lld",
		                typed, n, list, ids[0]);
	}
	if (!producer_load(db, ids[0], p, err, sizeof err))
		return rec_fail(e, IF_PRODUCER, "%s", err);
	in->producer_id = ids[0];
	return true;
}

/* The checklist: slots the form does not name stay empty; an item found
 * 不符合 says what was wrong, in its note or the findings. */
static bool check_items(const form_def *f, inspection *in, rec_error *e)
{
	char items[512];
	for (int k = 0; k < INSPECT_CHECKS; k++) {
		int c = IF_CHECK1 + k, n = IF_NOTE1 + k;
		inspection_checklist_text(f, items, sizeof items);
		if (*in->v[c] && !in_form(f, c))
			return rec_fail(e, c, "检查项 %d 不在巡查表单中：表单的检查项是 %s", k + 1, items);
		if (*in->v[n] && !in_form(f, n))
			return rec_fail(e, n, "检查项 %d 的说明不在巡查表单中：表单的检查项是 %s", k + 1, items);
		if (strcmp(in->v[c], "不符合") == 0 && !*in->v[n] && !*in->v[IF_FINDINGS])
			return rec_fail(e, in_form(f, n) ? n : IF_FINDINGS, "「%s」不符合：请在 %s 中写明发现的问题",
			                inspection_label(f, c), inspection_label(f, in_form(f, n) ? n : IF_FINDINGS));
	}
	return true;
}

static bool check_dates(const form_def *f, inspection *in, const producer *p, rec_error *e)
{
	ymd d, today = date_today(), reg;
	const char *date_label = inspection_label(f, IF_DATE);
	if (!date_parse(in->v[IF_DATE], &d))
		return rec_fail(e, IF_DATE, "%s必须填写，如 2026-03-05", date_label);
	if (date_cmp(d, today) > 0)
		return rec_fail(e, IF_DATE, "%s %s 晚于今天：不能登记还没做的巡查", date_label, in->v[IF_DATE]);
	/* Registered on its 登记日期, else the day it was entered here (a
	 * clock set back, as in the tests, cannot put registration after
	 * today). A paper inspection older than that day needs the 登记日期. */
	char regday[11];
	producer_registered_day(p, regday, sizeof regday);
	if (date_parse(regday, &reg) && date_cmp(reg, today) > 0)
		date_format(reg = today, regday, sizeof regday);
	if (date_parse(regday, &reg) && date_cmp(d, reg) < 0)
		return rec_fail(e, IF_DATE, *p->v[PF_REGISTERED] ? "%s %s 早于主体 %s 的登记日期 %s：请核对日期"
		                : "%s %s 早于主体 %s 录入名录的日期 %s：请核对日期；主体登记在先的 (如纸质档案)，"
		                  "请先在主体名录中填写它的登记日期", date_label, in->v[IF_DATE], p->v[PF_NAME], regday);
	const char *rect = inspection_label(f, IF_RECTIFY), *dl = inspection_label(f, IF_DEADLINE);
	ymd dd;
	if (*in->v[IF_DEADLINE] && !*in->v[IF_RECTIFY])
		return rec_fail(e, IF_RECTIFY, "填写了%s，请写明%s", dl, rect);
	if (*in->v[IF_RECTIFY] && !*in->v[IF_DEADLINE])
		return rec_fail(e, IF_DEADLINE, "责令整改须给出%s (到期回头看)，如 %d-%02d-%02d", dl, d.y, d.m, d.d);
	if (date_parse(in->v[IF_DEADLINE], &dd) && date_cmp(dd, d) < 0)
		return rec_fail(e, IF_DEADLINE, "%s %s 早于%s %s", dl, in->v[IF_DEADLINE], date_label, in->v[IF_DATE]);
	return true;
}

/* The re-check fields (not in the entry form): a date, a result of the
 * table, after the inspection and not in the future, only where a
 * rectification was ordered. */
static bool check_recheck(inspection *in, rec_error *e)
{
	const char *rd = in->v[IF_RECHECK_DATE], *rr = in->v[IF_RECHECK];
	if (!*rd && !*rr && !*in->v[IF_RECHECK_NOTE])
		return true;
	if (!*in->v[IF_RECTIFY])
		return rec_fail(e, IF_RECHECK, "这次巡查没有整改要求，无需回头看");
	char norm[16];
	ymd d, insp, today = date_today();
	if (!*rd)
		return rec_fail(e, IF_RECHECK_DATE, "回头看须有日期，如 %d-%02d-%02d", today.y, today.m, today.d);
	if (!date_normalise(rd, today.y, norm, sizeof norm) || !date_parse(norm, &d))
		return rec_fail(e, IF_RECHECK_DATE, "回头看日期 \"%s\" 不是有效日期，应如 2026-03-05", rd);
	inspection_set(in, IF_RECHECK_DATE, norm);
	if (date_parse(in->v[IF_DATE], &insp) && date_cmp(d, insp) < 0)
		return rec_fail(e, IF_RECHECK_DATE, "回头看日期 %s 早于巡查日期 %s：回头看在巡查之后", norm, in->v[IF_DATE]);
	if (date_cmp(d, today) > 0)
		return rec_fail(e, IF_RECHECK_DATE, "回头看日期 %s 晚于今天", norm);
	if (!*rr || codes_by_label(inspect_recheck_codes, rr) < 0)
		return rec_fail(e, IF_RECHECK, "回头看结果应为 已整改 或 未整改");
	return true;
}

bool inspection_validate(db_conn *db, const config *c, const form_def *f, inspection *in, rec_error *e)
{
	rec_check_start(&inspect_type, in->v, e);
	if (!check_items(f, in, e) || !rec_check_form(c, &inspect_type, f, in->v, inspection_value_by_key, in, e))
		return false;
	producer p;
	producer_init(&p);
	bool ok = resolve_producer(db, in, &p, e);
	if (ok) {
		inspection_set(in, IF_PRODUCER, p.v[PF_NAME]);
		inspection_set(in, IF_TOWN, p.v[PF_TOWN]);
		ok = check_dates(f, in, &p, e);
	}
	producer_free(&p);
	if (!ok)
		return false;
	if (sample_count_names(in->v[IF_INSPECTORS]) < 2)
		return rec_fail(e, IF_INSPECTORS, "%s至少两名，用顿号分开，如 张三、李四",
		                inspection_label(f, IF_INSPECTORS));
	if (!*in->v[IF_BANNED])
		inspection_set(in, IF_BANNED, "否");
	if (strcmp(in->v[IF_BANNED], "是") != 0 && strcmp(in->v[IF_BANNED], "否") != 0)
		return rec_fail(e, IF_BANNED, "%s 应填 是 或 否", inspection_label(f, IF_BANNED));
	if (strcmp(in->v[IF_BANNED], "是") == 0 && !*in->v[IF_FINDINGS])
		return rec_fail(e, IF_FINDINGS, "发现违禁投入品时请在 %s 中写明品名、数量和存放位置",
		                inspection_label(f, IF_FINDINGS));
	return check_recheck(in, e) && rec_check_text(&inspect_type, in->v, e);
}

/* The record's name in messages and the audit trail. */
static void entity(const inspection *in, long long id, char *out, size_t outlen)
{
	snprintf(out, outlen, "巡查 %lld %s %s", id, in->v[IF_PRODUCER], in->v[IF_DATE]);
}

bool inspection_insert(db_conn *db, const config *c, const form_def *f, inspection *in, bool blacklist,
                       const account *who, rec_error *e)
{
	return inspection_validate(db, c, f, in, e) && inspection_insert_checked(db, in, blacklist, who, e);
}

bool inspection_insert_checked(db_conn *db, inspection *in, bool blacklist, const account *who, rec_error *e)
{
	const char *no = user_may_write_town(who, in->v[IF_TOWN]);
	if (no)
		return rec_fail(e, IF_PRODUCER, "%s (主体 %s 属于%s)", no, in->v[IF_PRODUCER], in->v[IF_TOWN]);
	if (blacklist && (no = user_may_supervise(who)) != NULL)
		return rec_fail(e, IF_BANNED, "%s：列入黑名单请联系监管督查人员；巡查记录未保存", no);
	long long unit = units_id(db, in->v[IF_TOWN]);
	if (!unit)
		return rec_fail(e, IF_TOWN, "镇街 %s 不在数据库中，请联系管理员", in->v[IF_TOWN]);
	char err[512], stamp[24], name[384];
	db_tx tx;
	if (!rec_begin(db, &tx, e))
		return false;
	date_now_stamp(stamp, sizeof stamp);
	static char sql[2048];
	rec_column by_producer = {.column = "producer_id", .number = in->producer_id};
	rec_new n = {.at = stamp, .by = who->login, .extra = &by_producer, .nextra = 1, .v = in->v, .unit = unit,
	             .failed = "保存巡查记录失败"};
	long long id = rec_insert(db, &inspect_type, sql, sizeof sql, &n, err, sizeof err);
	bool ok = id != 0;
	entity(in, id, name, sizeof name);
	if (ok) {
		char after[256];
		snprintf(after, sizeof after, "%s 不符合 %d 项%s%s", in->v[IF_TOWN], inspection_failed_items(in),
		         *in->v[IF_RECTIFY] ? " 整改期限 " : "", in->v[IF_DEADLINE]);
		ok = audit_add(db, who->login, "inspect.create", name, NULL, after, err, sizeof err);
	}
	if (ok && blacklist) {
		char detail[512];
		snprintf(detail, sizeof detail, "巡查发现违禁投入品 (巡查 %lld): %s", id, in->v[IF_FINDINGS]);
		ok = blacklist_add(db, in->producer_id, BL_BANNED, detail, in->v[IF_DATE], "", 0, who, err,
		                   sizeof err) != 0;
	}
	if (!rec_end(db, &tx, ok, err, sizeof err, e, -1))
		return false;
	in->id = id;
	in->version = 1;
	rec_stamp_created(REC_STAMPS(in), stamp, who->login);
	return true;
}

/* A whole inspection: the columns before the fields, the fields, then
 * the ones after. */
enum { M_ID, M_PRODUCER_ID, M_VERSION, M_FIELDS };
enum { M_STATUS = M_FIELDS + IF_COUNT, M_VOID_REASON, M_CREATED_AT, M_CREATED_BY, M_UPDATED_AT, M_UPDATED_BY };

#define SELECT_INSPECTION                                                                          \
	"SELECT i.id, i.producer_id, i.version, {select}, i.status, i.void_reason, i.created_at,"     \
	" i.created_by, i.updated_at, i.updated_by FROM inspections i JOIN units u ON u.id = i.unit_id "

static void from_row(db_stmt *st, void *record)
{
	inspection *in = record;
	inspection_reset(in);
	in->id = db_column_int64(st, M_ID);
	in->producer_id = db_column_int64(st, M_PRODUCER_ID);
	in->version = db_column_int(st, M_VERSION);
	rec_load(st, M_FIELDS, &inspect_type, in->v);
	in->voided = strcmp(rec_text(st, M_STATUS), "void") == 0;
	snprintf(in->void_reason, sizeof in->void_reason, "%s", rec_text(st, M_VOID_REASON));
	rec_load_stamps(st, M_CREATED_AT, REC_STAMPS(in));
}

bool inspection_load(db_conn *db, long long id, inspection *in, char *err, size_t errlen)
{
	static char sql[2048];
	int r = rec_load_id(db, rec_sql(&inspect_type, sql, sizeof sql, SELECT_INSPECTION "WHERE i.id = ?", 0), id,
	                    from_row, in, "读取巡查记录失败", err, errlen);
	if (r == 0)
		snprintf(err, errlen, "找不到编号为 %lld 的巡查记录 (编号见 nongjian inspect list)", id);
	return r > 0;
}

bool inspection_each(db_conn *db, const inspection_filter *flt, inspection_fn fn, void *ctx,
                     char *err, size_t errlen)
{
	static char sql[2048];
	db_stmt *st = db_prepare(db, rec_sql(&inspect_type, sql, sizeof sql, SELECT_INSPECTION
		"WHERE (?1 = '' OR u.name = ?1) AND (?2 = '' OR i.inspect_date >= ?2)"
		" AND (?3 = '' OR i.inspect_date <= ?3) AND (?4 OR i.status = 'valid')"
		" ORDER BY i.inspect_date DESC, i.id DESC", 0), err, errlen);
	if (!st)
		return false;
	DB_BIND_TEXTS_OR_EMPTY(st, 1, flt->town, flt->from, flt->to);
	db_bind_int(st, 4, flt->include_void);
	inspection in;
	inspection_init(&in);
	int rc;
	bool go = true;
	while (go && (rc = db_step(st)) == DB_ROW) {
		from_row(st, &in);
		inspection_state s = inspection_rectify_state(&in, flt->today);
		if (flt->overdue && (s != IS_OVERDUE || in.voided))
			continue;
		if (flt->open && ((s != IS_OPEN && s != IS_OVERDUE) || in.voided))
			continue;
		go = fn(ctx, &in);
	}
	inspection_free(&in);
	return db_finish(db, st, go ? rc : DB_DONE, "读取巡查记录失败", err, errlen);
}

static bool correct(db_conn *db, const config *c, const form_def *f, inspection *in, const char *reason,
                    const char *action, const account *who, rec_error *e)
{
	const char *bad = rec_reason_problem(reason);
	if (bad)
		return rec_fail(e, -1, "更正原因%s", bad);
	long long producer_id = in->producer_id;
	if (!inspection_validate(db, c, f, in, e))
		return false;
	if (in->producer_id != producer_id)
		return rec_fail(e, IF_PRODUCER, "受检主体不能更正；如确实录错，请作废此记录 (写明原因) 后重新录入");
	char err[1024], stamp[24], name[384];
	rec_audit audit = {"", ""};
	db_tx tx;
	inspection old;
	if (!inspection_begin_saved(db, &tx, in->id, &old, e))
		return false;
	entity(&old, in->id, name, sizeof name);
	rec_void_target t = {.name = name, .town = old.v[IF_TOWN], .version = old.version, .voided = old.voided,
	                     .updated_by = old.updated_by, .updated_at = old.updated_at};
	bool ok = rec_correct_checked(&t, in->version, who, e, err, sizeof err);
	int version = old.version + 1;
	date_now_stamp(stamp, sizeof stamp);
	if (ok) {
		static char sql[2048];
		rec_correction w = {.id = in->id, .old_version = old.version, .old = old.v, .now = in->v,
		                    .unit = units_id(db, old.v[IF_TOWN]), .audit = &audit,
		                    .ch = {.version = version, .at = stamp, .by = who->login, .reason = reason},
		                    .unchanged = "没有任何改动，无需更正"};
		ok = rec_write_correction(db, &inspect_type, sql, sizeof sql, &w, err, sizeof err) > 0;
	}
	if (ok) {
		char what[640];
		snprintf(what, sizeof what, "%s (原因: %s)", name, reason);
		ok = audit_add(db, who->login, action, what, audit.before, audit.after, err, sizeof err);
	}
	inspection_free(&old);
	if (!rec_end(db, &tx, ok, err, sizeof err, e, e->field))
		return false;
	in->version = version;
	rec_stamp_updated(REC_STAMPS(in), stamp, who->login);
	return true;
}

bool inspection_correct(db_conn *db, const config *c, const form_def *f, inspection *in,
                        const char *reason, const account *who, rec_error *e)
{
	return correct(db, c, f, in, reason, "inspect.correct", who, e);
}

bool inspection_recheck(db_conn *db, const config *c, const form_def *f, inspection *in,
                        const inspection_recheck_input *r, const account *who, rec_error *e)
{
	e->field = -1;
	if (!*in->v[IF_RECTIFY])
		return rec_fail(e, IF_RECHECK, "巡查 %lld 没有整改要求，无需回头看", in->id);
	if (strcmp(in->v[IF_RECHECK], "已整改") == 0)
		return rec_fail(e, IF_RECHECK, "巡查 %lld 已在 %s 回头看确认整改完成", in->id, in->v[IF_RECHECK_DATE]);
	char today[11];
	date_format(date_today(), today, sizeof today);
	inspection_set(in, IF_RECHECK_DATE, r->date && *r->date ? r->date : today);
	inspection_set(in, IF_RECHECK, r->result ? r->result : "");
	inspection_set(in, IF_RECHECK_NOTE, r->note ? r->note : "");
	if (r->deadline && *r->deadline) {
		if (strcmp(in->v[IF_RECHECK], "未整改") != 0)
			return rec_fail(e, IF_DEADLINE, "只有 未整改 时才能给出新的整改期限");
		char norm[16];
		if (!date_normalise(r->deadline, date_today().y, norm, sizeof norm))
			return rec_fail(e, IF_DEADLINE, "新的整改期限 \"%s\" 不是有效日期", r->deadline);
		inspection_set(in, IF_DEADLINE, norm);
	}
	return correct(db, c, f, in, "回头看", "inspect.recheck", who, e);
}

bool inspection_void(db_conn *db, long long id, int version, const char *reason, const account *who,
                     char *err, size_t errlen)
{
	db_tx tx;
	if (!rec_void_begin(db, &tx, reason, err, errlen))
		return false;
	inspection old;
	inspection_init(&old);
	char stamp[24], name[384];
	date_now_stamp(stamp, sizeof stamp);
	bool ok = inspection_load(db, id, &old, err, errlen);
	entity(&old, id, name, sizeof name);
	rec_void_target t = {.name = name, .entity = name, .action = "inspect.void", .town = old.v[IF_TOWN],
	                     .version = old.version, .voided = old.voided, .updated_by = old.updated_by};
	rec_change ch = {.version = old.version + 1, .at = stamp, .by = who->login, .reason = reason};
	ok = ok && rec_void_checked(db, &inspect_type, id, version, &t, &ch, who, err, errlen);
	inspection_free(&old);
	return db_end(db, &tx, ok, err, errlen);
}

bool inspection_history(db_conn *db, long long id, rec_change_fn fn, void *ctx, char *err, size_t errlen)
{
	return rec_history(db, &inspect_type, id, fn, ctx, err, errlen);
}
