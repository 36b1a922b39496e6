#include "sample/sample.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/err.h"
#include "store/db.h"
#include "base/text.h"
#include "base/values.h"
#include "sample/items.h"
#include "sample/samplecheck.h"
#include "store/units.h"
#include "store/audit.h"

REC_RECORD_FUNCS(sample, SF_COUNT, sample_type)
REC_BEGIN_SAVED(sample)

const char *sample_change_label(const form_def *f, const char *field)
{
	int k = sample_key_index(field);
	return k >= 0 ? rec_label(&sample_type, f, k)
	     : strcmp(field, "verdict") == 0 ? "判定"
	     : strcmp(field, "status") == 0 ? "状态" : field;
}

const char *sample_value_by_key(void *ctx, const char *key)
{
	const sample *s = ctx;
	int i = sample_key_index(key);
	return i >= 0 ? s->v[i] : NULL;
}

void sample_format_number(double x, char *out, size_t outlen)
{
	values_format_number(x, out, outlen);
}

/* The format with each piece filled in; seq is the sequence number's
 * text (sample_format_template leaves a marker there instead). */
static void format_no(const config *c, const char *town_short, int year, const char *seq, char *out,
                      size_t outlen)
{
	size_t used = 0;
	out[0] = '\0';
	for (const char *p = c->number_format; *p && used + 1 < outlen;) {
		char piece[64];
		const char *add = NULL;
		size_t skip = 1;
		if (strncmp(p, "{prefix}", 8) == 0) {
			add = c->prefix;
			skip = 8;
		} else if (strncmp(p, "{year}", 6) == 0) {
			snprintf(piece, sizeof piece, "%d", year);
			add = piece;
			skip = 6;
		} else if (strncmp(p, "{town}", 6) == 0) {
			add = town_short;
			skip = 6;
		} else if (strncmp(p, "{seq}", 5) == 0) {
			add = seq;
			skip = 5;
		}
		if (add) {
			int n = snprintf(out + used, outlen - used, "%s", add);
			used += n > 0 ? (size_t)n : 0;
			if (used >= outlen)
				used = outlen - 1;
		} else {
			out[used++] = *p;
			out[used] = '\0';
		}
		p += skip;
	}
}

void sample_format_no(const config *c, const char *town_short, int year, long seq,
                      char *out, size_t outlen)
{
	char piece[64];
	snprintf(piece, sizeof piece, "%0*ld", c->seq_width, seq);
	format_no(c, town_short, year, piece, out, outlen);
}

void sample_format_template(const config *c, const char *town_short, int year, char *out, size_t outlen)
{
	format_no(c, town_short, year, SAMPLE_SEQ_MARK, out, outlen);
}

/* Number of names in a samplers list (split by 、,，;； and spaces). */
int sample_count_names(const char *s)
{
	static const char *seps[] = {"、", "，", "；", ",", ";", " ", "\xE3\x80\x80"};
	int n = 0;
	bool in_name = false;
	while (*s) {
		size_t skip = 0;
		for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
			size_t l = strlen(seps[i]);
			if (strncmp(s, seps[i], l) == 0) {
				skip = l;
				break;
			}
		}
		if (skip) {
			in_name = false;
			s += skip;
		} else {
			if (!in_name)
				n++;
			in_name = true;
			s++;
		}
	}
	return n;
}

/* Is this unit a testing centre (检测中心) rather than a 镇街? */
static bool is_centre(const town_def *t)
{
	return strcmp(t->kind, "检测中心") == 0;
}

/* 抽样地点 is a 镇街, never the centre. A township room samples where it
 * is, so an empty one is its own town; the centre samples anywhere and
 * must say where. */
static bool check_site(const config *c, const town_def *unit, sample *s, sample_error *e)
{
	if (!*s->v[SF_SITE]) {
		if (is_centre(unit))
			return rec_fail(e, SF_SITE, "%s的样品必须填写抽样地点 (样品所在的镇街)", unit->name);
		sample_set(s, SF_SITE, unit->name);
	}
	const town_def *site = config_town(c, s->v[SF_SITE]);
	if (!site)
		return rec_fail(e, SF_SITE, "未知镇街 \"%s\"：抽样地点请从候选中选择", s->v[SF_SITE]);
	if (is_centre(site))
		return rec_fail(e, SF_SITE, "抽样地点应为样品所在的镇街，不能是%s", site->name);
	sample_set(s, SF_SITE, site->name);
	return true;
}

/* 例行监测 and 监督抽查 report several items (项目); the one-item fields
 * (检测项目, 检测值 …) are the other way to write a single one, not both. */
static bool check_items(const config *c, sample *s, sample_error *e)
{
	int k = kind_from_label(s->v[SF_KIND]);
	if (k != KIND_ROUTINE && k != KIND_SUPERVISORY && k != KIND_INPUTS)
		return rec_fail(e, SF_ITEMS, "只有例行监测、监督抽查和农业投入品按项目 (项目=名称:值) 记录结果");
	/* 农业投入品 are judged by their active ingredients, which needs the
	 * product type (产品类别 农药/肥料/兽药/饲料: its tolerance). */
	bool input_type = config_tolerance(c, s->v[SF_CATEGORY]) != NULL;
	if ((k == KIND_INPUTS) != input_type)
		return rec_fail(e, SF_CATEGORY, k == KIND_INPUTS ? "农业投入品的产品类别 (投入品类型) 应为 农药、肥料、兽药 或 饲料"
		                                                 : "农药、肥料、兽药、饲料 是农业投入品：检测类别请选 农业投入品");
	static const int single[] = {SF_ITEM, SF_VALUE, SF_LIMIT};
	for (size_t i = 0; i < sizeof single / sizeof *single; i++)
		if (*s->v[single[i]])
			return rec_fail(e, single[i], "已按项目 (项目=…) 填写结果，%s 请留空 (每个项目写作 名称:值[:单位[:限量]])",
			                sample_label(single[i]));
	sample_set(s, SF_UNIT, ""); /* the form's default mg/kg: each item has its own */
	sample_items it;
	char err[512];
	if (!items_parse(c, s->v[SF_PRODUCT], s->v[SF_CATEGORY], s->v[SF_ITEMS], &it, err, sizeof err))
		return rec_fail(e, SF_ITEMS, "%s", err);
	char canonical[4096];
	items_format(&it, canonical, sizeof canonical);
	items_free(&it);
	sample_set(s, SF_ITEMS, canonical);
	return true;
}

bool sample_enzyme_allowed(const char *category)
{
	/* GB/T 5009.199 (蔬菜中有机磷和氨基甲酸酯类农药残留量的快速检测) is
	 * the enzyme-inhibition test, and its scope is vegetables; it has
	 * nothing for meat or fish, whose rapid tests in the rooms are 胶体金
	 * strips for vet drugs (瘦肉精 in 畜禽, 孔雀石绿 in 水产品). */
	return strcmp(category, "畜禽产品") != 0 && strcmp(category, "水产品") != 0;
}

const char *sample_default_method(const char *category)
{
	return sample_enzyme_allowed(category) ? "酶抑制法" : "胶体金";
}

const char *sample_enzyme_note(const char *product)
{
	/* GB/T 5009.199's note on false positives: plants whose own
	 * substances act on the enzyme. The list here (葱、蒜、萝卜、韭菜、
	 * 芹菜、香菜、茭白、蘑菇 and tomato juice) is the note as it is
	 * usually quoted; we could not check it against the standard's own
	 * text, only against secondary sources that cite it (韭菜, 茭白, 葱,
	 * 蒜 are named there too). A name containing one (洋葱, 胡萝卜, 蒜薹)
	 * is warned; the note's 蘑菇 is any mushroom (香菇, 平菇, 金针菇:
	 * 食用菌 in the products list). */
	static const char *const prone[] = {"葱", "蒜", "萝卜", "韭菜", "芹菜", "香菜", "茭白", "菇", "番茄"};
	for (size_t i = 0; i < sizeof prone / sizeof *prone; i++)
		if (strstr(product, prone[i]))
			return "此类蔬菜酶抑制法易假阳性 (GB/T 5009.199)，阳性请送定量确认";
	return NULL;
}

void sample_set_rapid(const config *c, sample *s, const char *inhibition)
{
	if (sample_enzyme_allowed(s->v[SF_CATEGORY])) {
		sample_set(s, SF_METHOD, "酶抑制法");
		sample_set(s, SF_INHIBITION, inhibition);
		return;
	}
	sample_set(s, SF_METHOD, "胶体金");
	sample_set(s, SF_STRIP_ITEM, strcmp(s->v[SF_CATEGORY], "水产品") == 0 ? "孔雀石绿" : "克伦特罗");
	sample_set(s, SF_STRIP, strtod(inhibition, NULL) >= c->positive ? "阳性" : "阴性");
}

/* Before the form's rules (which clear a field its method does not use):
 * the method of a rapid test by what was given, else by the category,
 * and a clear refusal for the other method's result, never a silent
 * drop: an inhibition on a strip test, a strip result on an enzyme test. */
static bool settle_method(sample *s, sample_error *e)
{
	bool strip = *text_trim(s->v[SF_STRIP]) || *text_trim(s->v[SF_STRIP_ITEM]);
	text_trim(s->v[SF_METHOD]);
	text_trim(s->v[SF_INHIBITION]);
	if (kind_from_label(text_trim(s->v[SF_KIND])) != KIND_RAPID) {
		if (*s->v[SF_METHOD] || strip)
			return rec_fail(e, *s->v[SF_METHOD] ? SF_METHOD : SF_STRIP,
			                "检测方法和试纸条只用于定性检测，%s请留空", s->v[SF_KIND]);
		return true;
	}
	if (!*s->v[SF_METHOD])
		sample_set(s, SF_METHOD, strip ? "胶体金" : *s->v[SF_INHIBITION] ? "酶抑制法"
		                                  : sample_default_method(s->v[SF_CATEGORY]));
	if (strcmp(s->v[SF_METHOD], "酶抑制法") == 0) {
		if (strip)
			return rec_fail(e, *s->v[SF_STRIP] ? SF_STRIP : SF_STRIP_ITEM,
			                "酶抑制法没有试纸结果：填写抑制率，试纸项目和试纸结果请留空 (是试纸条就把检测方法改为胶体金)");
		return true;
	}
	if (strcmp(s->v[SF_METHOD], "胶体金") != 0)
		return rec_fail(e, SF_METHOD, "检测方法 \"%s\" 无效：应为 酶抑制法 或 胶体金", s->v[SF_METHOD]);
	if (*s->v[SF_INHIBITION])
		return rec_fail(e, SF_INHIBITION, "胶体金试纸条没有抑制率：抑制率请留空，填写试纸项目和试纸结果 (阴性/阳性)");
	return true;
}

/* After the form's rules: what each method needs. */
static bool check_method(sample *s, sample_error *e)
{
	if (strcmp(s->v[SF_METHOD], "酶抑制法") == 0) {
		if (!*s->v[SF_INHIBITION])
			return rec_fail(e, SF_INHIBITION, "抑制率(%%) 必须填写 (酶抑制法，0-100)");
		double x = strtod(s->v[SF_INHIBITION], NULL);
		if (x < 0 || x > 100)
			return rec_fail(e, SF_INHIBITION, "抑制率应在 0 到 100 之间，现为 %s", s->v[SF_INHIBITION]);
		return true;
	}
	if (!*s->v[SF_STRIP_ITEM])
		return rec_fail(e, SF_STRIP_ITEM, "胶体金试纸条必须写明检测项目，如 克伦特罗、孔雀石绿");
	if (strcmp(s->v[SF_STRIP], "阴性") != 0 && strcmp(s->v[SF_STRIP], "阳性") != 0)
		return rec_fail(e, SF_STRIP, "胶体金试纸条的结果必须填写：阴性 或 阳性");
	return true;
}

/* The items' rows of a version, inside the caller's transaction. */
static bool write_items(db_conn *db, const config *c, const sample *s, long long id, int version, char *err,
                        size_t errlen)
{
	if (!*s->v[SF_ITEMS])
		return true;
	sample_items it;
	bool ok = items_parse(c, s->v[SF_PRODUCT], s->v[SF_CATEGORY], s->v[SF_ITEMS], &it, err, errlen) &&
	          items_write(db, id, version, &it, err, errlen);
	items_free(&it);
	return ok;
}

bool sample_validate(const config *c, const form_def *form, sample *s, sample_error *e)
{
	e->field = -1;
	e->conflict = false;
	e->msg[0] = '\0';
	/* A known product fills an empty category (the screen does it on
	 * choosing; imports and the command line rely on this). */
	text_trim(s->v[SF_PRODUCT]);
	const product_def *p = config_product(c, s->v[SF_PRODUCT]);
	if (p && !*text_trim(s->v[SF_CATEGORY]))
		sample_set(s, SF_CATEGORY, p->category);
	if (!settle_method(s, e) || !rec_check_form(c, &sample_type, form, s->v, sample_value_by_key, s, e))
		return false;
	/* The domain's own rules hold whatever the form file says. */
	ymd d, today = date_today();
	if (!date_parse(s->v[SF_DATE], &d))
		return rec_fail(e, SF_DATE, "抽样日期必须填写，格式如 2026-03-05");
	if (date_cmp(d, today) > 0)
		return rec_fail(e, SF_DATE, "抽样日期 %s 晚于今天，不能是将来的日期", s->v[SF_DATE]);
	const town_def *unit = config_town(c, s->v[SF_TOWN]);
	if (!unit)
		return rec_fail(e, SF_TOWN, "检测单位必须填写，请从候选中选择");
	if (!check_site(c, unit, s, e))
		return false;
	int k = kind_from_label(s->v[SF_KIND]);
	if (k < 0)
		return rec_fail(e, SF_KIND, "检测类别必须填写");
	if (!*s->v[SF_PRODUCT])
		return rec_fail(e, SF_PRODUCT, "样品名称必须填写");
	if (!*s->v[SF_CATEGORY])
		return rec_fail(e, SF_CATEGORY, "产品类别必须填写");
	if (k == KIND_RAPID) {
		/* checked after the category is known to fit the product */
	} else if (*s->v[SF_ITEMS]) {
		if (!check_items(c, s, e))
			return false;
	} else {
		if (!*s->v[SF_ITEM])
			return rec_fail(e, SF_ITEM, "定量检测必须填写检测项目 (几个项目时用 项目=名称:值)");
		if (!*s->v[SF_VALUE])
			return rec_fail(e, SF_VALUE, "定量检测必须填写检测值");
		if (!*s->v[SF_LIMIT])
			return rec_fail(e, SF_LIMIT, "定量检测必须填写限量值");
	}
	if (k == KIND_SUPERVISORY && sample_count_names(s->v[SF_SAMPLERS]) < 2)
		return rec_fail(e, SF_SAMPLERS, "监督抽查的抽样人至少两名，用顿号分开，如 张三、李四");
	if (!sample_check_cross(c, s, e))
		return false;
	/* After the category is known to fit the product (豇豆 typed as
	 * 水产品 is that mistake, not a method's). */
	if (k == KIND_RAPID && strcmp(s->v[SF_METHOD], "酶抑制法") == 0 && !sample_enzyme_allowed(s->v[SF_CATEGORY]))
		return rec_fail(e, SF_METHOD, "%s不能用酶抑制法 (GB/T 5009.199 用于蔬菜)：请把检测方法改为胶体金，填写试纸项目和试纸结果",
		                s->v[SF_CATEGORY]);
	if (k == KIND_RAPID && !check_method(s, e))
		return false;
	if (!rec_check_text(&sample_type, s->v, e))
		return false;
	sample_judge(c, s);
	return true;
}

void sample_judge(const config *c, sample *s)
{
	s->fail = false;
	s->flag_confirm = false;
	if (kind_from_label(s->v[SF_KIND]) == KIND_RAPID && *s->v[SF_STRIP]) {
		s->fail = strcmp(s->v[SF_STRIP], "阳性") == 0;
	} else if (kind_from_label(s->v[SF_KIND]) == KIND_RAPID) {
		if (!*s->v[SF_INHIBITION])
			return;
		double x = strtod(s->v[SF_INHIBITION], NULL);
		s->fail = x >= c->positive;
		s->flag_confirm = !s->fail && x >= c->warn;
	} else if (*s->v[SF_ITEMS]) {
		sample_items it;
		char err[512];
		if (items_parse(c, s->v[SF_PRODUCT], s->v[SF_CATEGORY], s->v[SF_ITEMS], &it, err, sizeof err))
			s->fail = items_fail(&it);
		items_free(&it);
	} else if (*s->v[SF_VALUE] && *s->v[SF_LIMIT]) {
		/* Exactly as typed: 0.00000001 against 0 is over. */
		s->fail = items_decimal_cmp(s->v[SF_VALUE], 0, s->v[SF_LIMIT], 0) > 0;
	}
}

const char *sample_verdict_word(int kind, bool fail, bool confirm)
{
	/* The trade's words: a rapid test is 阴性 or 阳性, 疑似阳性 inside the
	 * warning band (sent for confirmation); only a quantitative result
	 * against a limit is 合格 or 不合格. */
	if (kind == KIND_RAPID)
		return fail ? "阳性" : confirm ? "疑似阳性" : "阴性";
	return fail ? "不合格" : "合格";
}

const char *sample_verdict_text(const sample *s)
{
	return sample_verdict_word(kind_from_label(s->v[SF_KIND]), s->fail, s->flag_confirm);
}

/* The writes of a new record, inside the caller's transaction: the next
 * number of its town and year, then the row. */
/* The columns of samples besides the fields, after them in every SELECT
 * of a whole record (M_ID.. before, M_VERDICT.. after). */
#define META_BEFORE "s.id, s.sample_no, s.version, "
#define META_AFTER ", s.verdict, s.flag_confirm, s.status, s.void_reason, s.created_at, s.created_by," \
	" s.updated_at, s.updated_by, s.ext_no"
enum { M_ID, M_NO, M_VERSION, M_FIELDS };
enum { M_VERDICT = M_FIELDS + SF_COUNT, M_FLAG, M_STATUS, M_VOID_REASON, M_CREATED_AT, M_CREATED_BY,
       M_UPDATED_AT, M_UPDATED_BY, M_EXT_NO };

/* The new record and its items' rows: its id, 0 on an error. */
static long long write_new(db_conn *db, const config *c, sample *s, const town_def *t, long long unit,
                           const char *user, char *stamp, size_t stamplen, char *err, size_t errlen)
{
	ymd d;
	date_parse(s->v[SF_DATE], &d);
	/* The next number: bump the counter, or start it at 1. (An UPSERT
	 * with RETURNING does this in one statement at eight times SQLite's
	 * cost, 10 against 1.25 us: RETURNING builds a temporary table each
	 * time. We are inside a write transaction, so the two steps are
	 * atomic on SQLite, and on PostgreSQL the UPDATE holds the counter's
	 * row until the commit.) The first number of a town and year is that
	 * upsert: two first writers who both found no row (PostgreSQL's
	 * writers need not wait for each other's whole transaction) meet on
	 * the row's key, and the second one's insert becomes the bump, after
	 * the first one's commit, instead of failing on the key. */
	long seq = 0;
	db_stmt *bump = db_cached(db,
		"UPDATE counters SET next_seq = next_seq + 1 WHERE unit_id = ?1 AND year = ?2", err, errlen);
	if (bump) {
		db_bind_int64(bump, 1, unit);
		db_bind_int(bump, 2, d.y);
		int rc = db_step(bump);
		db_done(bump);
		db_stmt *next = NULL;
		if (rc == DB_DONE && db_changes(db) == 0) /* the first of its town and year */
			next = db_cached(db, "INSERT INTO counters(unit_id, year, next_seq) VALUES (?1, ?2, 2)"
			                 " ON CONFLICT(unit_id, year) DO UPDATE SET next_seq = counters.next_seq + 1"
			                 " RETURNING next_seq - 1", err, errlen);
		else if (rc == DB_DONE)
			next = db_cached(db, "SELECT next_seq - 1 FROM counters WHERE unit_id = ?1 AND year = ?2",
			                 err, errlen);
		if (next) {
			db_bind_int64(next, 1, unit);
			db_bind_int(next, 2, d.y);
			if (db_step(next) == DB_ROW)
				seq = (long)db_column_int64(next, 0);
			while (db_step(next) == DB_ROW)
				;
			db_done(next);
		}
	}
	if (seq <= 0) {
		db_error(db, "分配样品编号失败", err, errlen);
		return 0;
	}
	sample_format_no(c, t->short_name, d.y, seq, s->sample_no, sizeof s->sample_no);
	date_now_stamp(stamp, stamplen);
	static char insert[2048];
	db_stmt *st = db_cached(db, rec_sql(&sample_type, insert, sizeof insert,
		"INSERT INTO samples(sample_no, year, seq, verdict, flag_confirm, created_at, created_by,"
		" producer_id, ext_no, {columns}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9, {values})", 9),
		err, errlen);
	bool ok = st != NULL;
	if (ok) {
		db_bind_text(st, 1, s->sample_no);
		db_bind_int(st, 2, d.y);
		db_bind_int64(st, 3, seq);
		db_bind_text(st, 4, s->fail ? "fail" : "pass");
		db_bind_int(st, 5, s->flag_confirm);
		db_bind_text(st, 6, stamp);
		db_bind_text(st, 7, user);
		if (s->producer_id > 0)
			db_bind_int64(st, 8, s->producer_id);
		else
			db_bind_null(st, 8);
		db_bind_text_or_null(st, 9, s->ext_no);
		rec_bind_all(st, 9, &sample_type, s->v, unit);
		if (db_step(st) != DB_DONE) {
			int xrc = db_extended_errcode(db);
			if (xrc == DB_CONSTRAINT_UNIQUE || xrc == DB_CONSTRAINT_PRIMARYKEY)
				/* The counter gave a number a stored record already has:
				 * only a write past the program does that (the counter
				 * only moves forward). Name the number and the way out. */
				errf(err, errlen,
				     "保存失败: 样品编号 %s 已被一条记录占用，编号计数器落后于已存的记录 (数据库曾被程序以外的工具改动)。"
				     "请管理员运行 nongjian check 查明，再运行 nongjian check --repair 把计数器前移",
				     s->sample_no);
			else
				db_error(db, "保存失败", err, errlen);
			ok = false;
		}
		db_done(st);
	}
	/* The id before the items' rows are written (they have rowids too). */
	long long id = ok ? db_last_insert_id(db) : 0;
	ok = ok && write_items(db, c, s, id, 1, err, errlen);
	if (!ok)
		s->sample_no[0] = '\0';
	return ok ? id : 0;
}

static void saved(sample *s, long long id, const char *stamp, const char *user)
{
	s->id = id;
	s->version = 1;
	rec_stamp_created(REC_STAMPS(s), stamp, user);
}

/* Township staff's testing unit is their own town (user_may_write_town),
 * and they sample in it; the centre's staff sample anywhere. */
static bool site_allowed(const account *who, const town_def *unit, const sample *s, sample_error *e)
{
	if (who->role != USER_STAFF || is_centre(unit) || strcmp(s->v[SF_SITE], unit->name) == 0)
		return true;
	return rec_fail(e, SF_SITE, "%s的检测室只在本镇街抽样：抽样地点应为 %s，不是 %s", unit->name, unit->name,
	                s->v[SF_SITE]);
}

bool sample_may_save(const config *c, const sample *s, const account *who, sample_error *e)
{
	const char *no = user_may_write_town(who, s->v[SF_TOWN]);
	if (no)
		return rec_fail(e, SF_TOWN, "%s", no);
	return site_allowed(who, config_town(c, s->v[SF_TOWN]), s, e);
}

/* The town's unit in the database, or a field error (nothing written). */
static long long unit_for(db_conn *db, const config *c, const sample *s, const account *who,
                          const town_def **t, sample_error *e)
{
	if (!sample_may_save(c, s, who, e))
		return 0;
	*t = config_town(c, s->v[SF_TOWN]);
	long long unit = units_id(db, (*t)->name);
	if (!unit)
		return rec_fail(e, SF_TOWN, "镇街 %s 不在数据库中，请联系管理员 (nongjian init 会补上)", (*t)->name);
	/* An offline PC numbers this unit for now: a number given here too
	 * would collide with one of its records when its bundle comes in.
	 * (Short enough for the screen's message line; README and the man
	 * page say what comes next: bundle import, then clearing the rule.) */
	if (config_numbered_offline(c, (*t)->name))
		return rec_fail(e, SF_TOWN, "%s 的样品编号由离线电脑分配 (numbering.offline)：请在那台电脑上录入",
		                (*t)->name);
	return unit;
}

bool sample_insert(db_conn *db, const config *c, const form_def *f, sample *s,
                   const account *who, sample_error *e)
{
	const char *user = who->login;
	const town_def *t = NULL; /* set by unit_for when it returns a unit */
	if (!sample_validate(c, f, s, e))
		return false;
	long long unit = unit_for(db, c, s, who, &t, e);
	if (!unit)
		return false;
	char err[512], stamp[24];
	e->field = -1;
	db_tx tx;
	if (!rec_begin(db, &tx, e))
		return false;
	long long id = write_new(db, c, s, t, unit, user, stamp, sizeof stamp, err, sizeof err);
	if (!id) {
		db_rollback(db, &tx);
		return rec_fail(e, -1, "%s", err);
	}
	char summary[512];
	snprintf(summary, sizeof summary, "%s %s %s %s %s", s->v[SF_TOWN], s->v[SF_KIND], s->v[SF_PRODUCT],
	         *s->v[SF_INHIBITION] ? s->v[SF_INHIBITION] : s->v[SF_VALUE], sample_verdict_text(s));
	if (!audit_add(db, user, "sample.create", s->sample_no, NULL, summary, err, sizeof err)) {
		db_rollback(db, &tx);
		s->sample_no[0] = '\0';
		return rec_fail(e, -1, "%s", err);
	}
	if (!db_commit(db, &tx, err, sizeof err)) {
		s->sample_no[0] = '\0';
		return rec_fail(e, -1, "%s", err);
	}
	saved(s, id, stamp, user);
	return true;
}

#define col_text rec_text

/* The SELECT of whole records, then the given WHERE and ORDER. */
#define LOAD_SQL(where) \
	"SELECT " META_BEFORE "{select}" META_AFTER " FROM samples s JOIN units u ON u.id = s.unit_id " where

/* Fill s from a row selected with LOAD_SQL. */
static void fill_from_row(db_stmt *st, sample *s)
{
	sample_reset(s);
	s->id = db_column_int64(st, M_ID);
	snprintf(s->sample_no, sizeof s->sample_no, "%s", col_text(st, M_NO));
	s->version = db_column_int(st, M_VERSION);
	rec_load(st, M_FIELDS, &sample_type, s->v);
	s->fail = strcmp(col_text(st, M_VERDICT), "fail") == 0;
	s->flag_confirm = db_column_int(st, M_FLAG) != 0;
	s->voided = strcmp(col_text(st, M_STATUS), "void") == 0;
	snprintf(s->void_reason, sizeof s->void_reason, "%s", col_text(st, M_VOID_REASON));
	rec_load_stamps(st, M_CREATED_AT, REC_STAMPS(s));
	snprintf(s->ext_no, sizeof s->ext_no, "%s", col_text(st, M_EXT_NO));
}

static void from_row(db_stmt *st, void *record)
{
	fill_from_row(st, record);
}

bool sample_load(db_conn *db, long long id, sample *s, char *err, size_t errlen)
{
	static char sql[2048];
	int r = rec_load_id(db, rec_sql(&sample_type, sql, sizeof sql, LOAD_SQL("WHERE s.id = ?"), 0), id, from_row, s,
	                    "读取记录失败", err, errlen);
	if (r == 0)
		snprintf(err, errlen, "找不到记录 (编号 %lld)", id);
	return r > 0;
}

/* Call fn with each row of st (selected with LOAD_SQL, bound), then finalize. */
static bool each_loaded(db_conn *db, db_stmt *st, sample_each_fn fn, void *ctx, char *err, size_t errlen)
{
	sample s;
	sample_init(&s);
	int rc;
	bool go = true;
	while (go && (rc = db_step(st)) == DB_ROW) {
		fill_from_row(st, &s);
		go = fn(ctx, &s);
	}
	sample_free(&s);
	return db_finish(db, st, go ? rc : DB_DONE, "读取记录失败", err, errlen);
}

bool sample_each(db_conn *db, int year, sample_each_fn fn, void *ctx, char *err, size_t errlen)
{
	static char sql[2048];
	db_stmt *st = db_prepare(db, rec_sql(&sample_type, sql, sizeof sql,
		LOAD_SQL("WHERE ?1 = 0 OR s.year = ?1 ORDER BY s.id"), 0), err, errlen);
	if (!st)
		return false;
	db_bind_int(st, 1, year);
	return each_loaded(db, st, fn, ctx, err, errlen);
}

db_stmt *sample_prepare_ids(db_conn *db, const char *before, const long long *ids, int n, const char *after,
                                 char *err, size_t errlen)
{
	char sql[4096];
	size_t len = (size_t)snprintf(sql, sizeof sql, "%s(", before);
	for (int k = 0; k < n && len < sizeof sql; k++)
		len += (size_t)snprintf(sql + len, sizeof sql - len, k ? ",?" : "?");
	if (len < sizeof sql)
		len += (size_t)snprintf(sql + len, sizeof sql - len, ")%s", after);
	if (len >= sizeof sql)
		return errf(err, errlen, "读取记录失败：查询太长 (%d 个编号)", n), NULL;
	db_stmt *st = db_prepare(db, sql, err, errlen);
	for (int k = 0; st && k < n; k++)
		db_bind_int64(st, k + 1, ids[k]);
	return st;
}

bool sample_each_of(db_conn *db, const long long *ids, int n, sample_each_fn fn, void *ctx, char *err,
                    size_t errlen)
{
	static char sql[2048];
	rec_sql(&sample_type, sql, sizeof sql, LOAD_SQL("WHERE s.id IN "), 0);
	for (int done = 0; done < n; done += SAMPLE_IDS_AT_ONCE) {
		int m = n - done < SAMPLE_IDS_AT_ONCE ? n - done : SAMPLE_IDS_AT_ONCE;
		db_stmt *st = sample_prepare_ids(db, sql, ids + done, m, " ORDER BY s.id", err, errlen);
		if (!st || !each_loaded(db, st, fn, ctx, err, errlen))
			return false;
	}
	return true;
}

long long sample_find_no(db_conn *db, const char *sample_no)
{
	db_stmt *st;
	if (db_prepare_rc(db, "SELECT id FROM samples WHERE sample_no = ?", &st) != DB_OK)
		return 0;
	db_bind_text(st, 1, sample_no);
	long long id = db_first_int64(db, st, 0, NULL, NULL, 0);
	db_finalize(st);
	return id;
}

bool sample_correct(db_conn *db, const config *c, const form_def *f, sample *s,
                    const char *reason, const account *who, sample_error *e)
{
	const char *user = who->login;
	char err[512], stamp[24];
	rec_audit audit = {"", ""};
	e->conflict = false;
	const char *bad = rec_reason_problem(reason);
	if (bad)
		return rec_fail(e, -1, "更正原因%s", bad);
	if (!sample_validate(c, f, s, e))
		return false;
	db_tx tx;
	sample old;
	if (!sample_begin_saved(db, &tx, s->id, &old, e))
		return false;
	char name[160];
	snprintf(name, sizeof name, "记录 %s", old.sample_no);
	rec_void_target t = {.name = name, .town = old.v[SF_TOWN], .version = old.version, .voided = old.voided,
	                     .updated_by = old.updated_by, .updated_at = old.updated_at};
	bool ok = rec_correct_checked(&t, s->version, who, e, err, sizeof err);
	ymd od, nd;
	date_parse(old.v[SF_DATE], &od);
	date_parse(s->v[SF_DATE], &nd);
	if (ok && strcmp(old.v[SF_TOWN], s->v[SF_TOWN]) != 0) {
		e->field = SF_TOWN;
		snprintf(err, sizeof err, "检测单位决定样品编号，不能更正；如确实录错，请作废此记录后重新录入");
		ok = false;
	}
	if (ok && !site_allowed(who, config_town(c, s->v[SF_TOWN]), s, e)) {
		snprintf(err, sizeof err, "%s", e->msg);
		ok = false;
	}
	if (ok && od.y != nd.y) {
		e->field = SF_DATE;
		snprintf(err, sizeof err, "抽样日期不能改到另一年 (编号按年度分配)；如确实录错，请作废后重新录入");
		ok = false;
	}
	int version = old.version + 1;
	date_now_stamp(stamp, sizeof stamp);
	if (ok) {
		/* The town cannot change (refused above): its unit stays. */
		static char sql[2048];
		rec_column verdict[] = {{.column = "verdict", .text = s->fail ? "fail" : "pass"},
		                        {.column = "flag_confirm", .number = s->flag_confirm}};
		rec_correction w = {.id = s->id, .old_version = old.version, .old = old.v, .now = s->v,
		                    .unit = units_id(db, old.v[SF_TOWN]), .audit = &audit,
		                    .ch = {.version = version, .at = stamp, .by = user, .reason = reason},
		                    .extra = verdict, .nextra = 2, .unchanged = "没有任何改动，无需更正",
		                    .failed = "更正失败"};
		rec_change judged = {version, stamp, user, reason, "verdict", sample_verdict_text(&old),
		                     sample_verdict_text(s)};
		if (old.fail != s->fail || old.flag_confirm != s->flag_confirm) {
			w.more = &judged;
			w.nmore = 1;
		}
		ok = rec_write_correction(db, &sample_type, sql, sizeof sql, &w, err, sizeof err) > 0;
	}
	ok = ok && write_items(db, c, s, s->id, version, err, sizeof err);
	if (ok) {
		char entity[160];
		snprintf(entity, sizeof entity, "%s (原因: %s)", old.sample_no, reason);
		ok = audit_add(db, user, "sample.correct", entity, audit.before, audit.after, err, sizeof err);
	}
	sample_free(&old);
	if (!rec_end(db, &tx, ok, err, sizeof err, e, e->field))
		return false;
	s->version = version;
	rec_stamp_updated(REC_STAMPS(s), stamp, user);
	return true;
}

bool sample_void(db_conn *db, long long id, int version, const char *reason,
                 const account *who, char *err, size_t errlen)
{
	const char *user = who->login;
	db_tx tx;
	if (!rec_void_begin(db, &tx, reason, err, errlen))
		return false;
	sample old;
	sample_init(&old);
	char stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	bool ok = sample_load(db, id, &old, err, errlen);
	char name[160];
	snprintf(name, sizeof name, "记录 %s", old.sample_no);
	rec_void_target t = {.name = name, .entity = old.sample_no, .action = "sample.void", .town = old.v[SF_TOWN],
	                     .version = old.version, .voided = old.voided, .updated_by = old.updated_by};
	rec_change ch = {.version = old.version + 1, .at = stamp, .by = user, .reason = reason};
	ok = ok && rec_void_checked(db, &sample_type, id, version, &t, &ch, who, err, errlen);
	sample_free(&old);
	return db_end(db, &tx, ok, err, errlen);
}

bool sample_history(db_conn *db, long long id, sample_change_fn fn, void *ctx,
                    char *err, size_t errlen)
{
	return rec_history(db, &sample_type, id, fn, ctx, err, errlen);
}
