#include "ledger/sale.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/idcode.h"
#include "base/text.h"
#include "base/values.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/units.h"

REC_RECORD_FUNCS(sale, SL_COUNT, sale_type)
REC_BEGIN_SAVED(sale)

const char *sale_value_by_key(void *ctx, const char *key)
{
	const sale *s = ctx;
	int i = rec_key_index(&sale_type, key);
	return i >= 0 ? s->v[i] : NULL;
}

long long sale_parse_no(const char *s)
{
	if (!s)
		return 0;
	if (*s == '#')
		s++;
	size_t n = strlen(s);
	if (n == 0 || n > 12)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return strtoll(s, NULL, 10);
}

/* ---- the pesticide list (schema 13) ---- */

int sale_pesticide(db_conn *db, const char *name, pesticide_info *out, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, "SELECT name, class, status, note FROM pesticides WHERE name = ?",
	                              err, errlen);
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	int rc = db_step(st), found = 0;
	if (rc == DB_ROW) {
		snprintf(out->name, sizeof out->name, "%s", rec_text(st, 0));
		snprintf(out->class_, sizeof out->class_, "%s", rec_text(st, 1));
		const char *status = rec_text(st, 2);
		out->status = strcmp(status, "banned") == 0       ? PS_BANNED
		              : strcmp(status, "restricted") == 0 ? PS_RESTRICTED
		                                                  : PS_GENERAL;
		snprintf(out->note, sizeof out->note, "%s", rec_text(st, 3));
		found = 1;
	} else if (rc != DB_DONE) {
		db_error(db, "读取农药名录失败", err, errlen);
		found = -1;
	}
	db_finalize(st);
	return found;
}

int sale_restricted_names(db_conn *db, char *out, size_t outlen, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, "SELECT name FROM pesticides WHERE status = 'restricted' ORDER BY sort",
	                              err, errlen);
	if (!st)
		return -1;
	int n = 0;
	size_t used = 0;
	out[0] = '\0';
	while (db_step(st) == DB_ROW) {
		int w = snprintf(out + used, outlen - used, "%s%s", n ? "、" : "", rec_text(st, 0));
		if (w < 0 || used + (size_t)w >= outlen)
			break;
		used += (size_t)w;
		n++;
	}
	db_finalize(st);
	return n;
}

/* ---- checks ---- */

int sale_buyer_age(const char *id, const char *date)
{
	ymd on;
	if (!id || strlen(id) != IDCODE_LEN || !date_parse(date, &on))
		return -1;
	int y = 0, m = 0, d = 0;
	for (int i = 6; i < 14; i++) {
		if (!isdigit((unsigned char)id[i]))
			return -1;
		int v = id[i] - '0';
		if (i < 10)
			y = y * 10 + v;
		else if (i < 12)
			m = m * 10 + v;
		else
			d = d * 10 + v;
	}
	int age = on.y - y;
	if (on.m < m || (on.m == m && on.d < d))
		age--;
	return age;
}

/* The shop typed (its registry number, "#12", or its exact name) as a
 * 农资店: its id, name, town, designation and licence date. */
typedef struct {
	long long id;
	char name[256], town[128], licence_date[16];
	bool designated;
} shop_info;

static bool find_shop(db_conn *db, const char *typed, shop_info *out, sale_error *e)
{
	char err[512];
	long long no = sale_parse_no(typed);
	db_stmt *st = db_prepare(db,
		"SELECT p.id, p.name, u.name, p.designated, coalesce(p.licence_date, ''), p.kind"
		" FROM producers p JOIN units u ON u.id = p.unit_id"
		" WHERE (?1 > 0 AND p.id = ?1) OR (?1 = 0 AND p.name = ?2) ORDER BY p.id LIMIT 3", err, sizeof err);
	if (!st)
		return rec_fail(e, SL_SHOP, "%s", err);
	db_bind_int64(st, 1, no);
	db_bind_text(st, 2, typed);
	int n = 0, rc;
	bool shop = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n++ > 0)
			continue;
		out->id = db_column_int64(st, 0);
		snprintf(out->name, sizeof out->name, "%s", rec_text(st, 1));
		snprintf(out->town, sizeof out->town, "%s", rec_text(st, 2));
		out->designated = db_column_int(st, 3) != 0;
		snprintf(out->licence_date, sizeof out->licence_date, "%s", rec_text(st, 4));
		shop = strcmp(rec_text(st, 5), "input_shop") == 0;
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		db_error(db, "查找农资店失败", err, sizeof err);
		return rec_fail(e, SL_SHOP, "%s", err);
	}
	if (n == 0)
		return rec_fail(e, SL_SHOP, "找不到农资店 \"%s\"：请填写主体名录中登记的名称或主体编号 "
		                "(nongjian lookup 可查找)", typed);
	if (n > 1)
		return rec_fail(e, SL_SHOP, "名称为 \"%s\" 的主体不止一个：请改填主体编号 (如 #%lld)", typed, out->id);
	if (!shop)
		return rec_fail(e, SL_SHOP, "%s (编号 %lld) 不是农资店，不能登记限用农药销售", out->name, out->id);
	if (!out->designated)
		return rec_fail(e, SL_SHOP, "%s 不是限用农药定点经营门店，不能登记限用农药销售：定点经营须由监管部门"
		                "核准，在主体登记中设 定点经营=是 并填写许可证号", out->name);
	return true;
}

static bool check_quantity(const config *c, const char *text, sale_error *e)
{
	if (!*text)
		return rec_fail(e, SL_QUANTITY, "数量必须填写");
	double q = strtod(text, NULL);
	if (q <= 0)
		return rec_fail(e, SL_QUANTITY, "数量应大于 0，现为 %s", text);
	if (q > c->sale_max_quantity) {
		char max[64];
		values_format_number(c->sale_max_quantity, max, sizeof max);
		return rec_fail(e, SL_QUANTITY, "数量 %s 超过一笔销售的上限 %s (规则 sale.max_quantity)：请核对；"
		                "确需更多请分笔登记或请管理员调整上限", text, max);
	}
	return true;
}

static bool check_pesticide(db_conn *db, const char *name, bool *banned, sale_error *e)
{
	char err[512];
	pesticide_info p;
	int found = sale_pesticide(db, name, &p, err, sizeof err);
	if (found < 0)
		return rec_fail(e, SL_PESTICIDE, "%s", err);
	if (found == 0)
		return rec_fail(e, SL_PESTICIDE, "农药 \"%s\" 不在禁限用农药名录中：请填写农药通用名 (如 克百威、毒死蜱)；"
		                "只有名录中的限用农药需要登记实名台账", name);
	if (p.status == PS_BANNED) {
		if (banned)
			*banned = true;
		return rec_fail(e, SL_PESTICIDE, "%s 是国家禁用农药 (%s)，不得销售，不能登记", p.name, p.note);
	}
	if (p.status == PS_GENERAL)
		return rec_fail(e, SL_PESTICIDE, "%s 不是限用农药，不必登记实名购买台账", p.name);
	return true;
}

static bool check_buyer(const sale *s, sale_error *e)
{
	char msg[512];
	const char *id = s->v[SL_ID_NUMBER], *code = s->v[SL_CREDIT_CODE];
	if (!*s->v[SL_BUYER])
		return rec_fail(e, SL_BUYER, "购买人必须填写 (实名购买)");
	if (!*id && !*code)
		return rec_fail(e, SL_ID_NUMBER, "实名购买须填写购买人的身份证号 (单位购买填统一社会信用代码)");
	if (*id) {
		if (!idcode_id_valid(id, msg, sizeof msg))
			return rec_fail(e, SL_ID_NUMBER, "%s", msg);
		int age = sale_buyer_age(id, s->v[SL_DATE]);
		if (age < 18)
			return rec_fail(e, SL_ID_NUMBER, "购买人按身份证号 %.4s**********%s 在 %s 未满 18 周岁 (%d 岁)，"
			                "限用农药不得卖给未成年人", id, id + 14, s->v[SL_DATE], age < 0 ? 0 : age);
	}
	if (*code && !idcode_uscc_valid(code, msg, sizeof msg))
		return rec_fail(e, SL_CREDIT_CODE, "%s", msg);
	return true;
}

/* The buyer in the registry: by ID number, else by credit code. */
static long long buyer_in_registry(db_conn *db, const sale *s)
{
	char err[256];
	db_stmt *st = db_prepare(db,
		"SELECT id FROM producers WHERE (?1 <> '' AND id_number = ?1) OR (?2 <> '' AND credit_code = ?2)"
		" ORDER BY id_number IS NOT ?1, id LIMIT 1", err, sizeof err);
	if (!st)
		return 0;
	db_bind_text(st, 1, s->v[SL_ID_NUMBER]);
	db_bind_text(st, 2, s->v[SL_CREDIT_CODE]);
	long long id = db_step(st) == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finalize(st);
	return id;
}

bool sale_validate(db_conn *db, const config *c, const form_def *f, sale *s, bool *banned, sale_error *e)
{
	rec_check_start(&sale_type, s->v, e);
	if (banned)
		*banned = false;
	if (!rec_check_form(c, &sale_type, f, s->v, sale_value_by_key, s, e))
		return false;
	/* The ledger's own rules hold whatever the form file says. */
	if (!*s->v[SL_SHOP])
		return rec_fail(e, SL_SHOP, "农资店必须填写 (定点经营农资店的名称或主体编号)");
	shop_info shop;
	if (!find_shop(db, s->v[SL_SHOP], &shop, e))
		return false;
	if (s->id && s->shop_id && shop.id != s->shop_id)
		return rec_fail(e, SL_SHOP, "销售记录的农资店不能更改：登记错了店请作废本条后重新登记");
	sale_set(s, SL_SHOP, shop.name);
	sale_set(s, SL_TOWN, shop.town);
	s->shop_id = shop.id;
	ymd d, today = date_today();
	if (!date_parse(s->v[SL_DATE], &d))
		return rec_fail(e, SL_DATE, "销售日期必须填写，如 2026-06-15");
	if (date_cmp(d, today) > 0)
		return rec_fail(e, SL_DATE, "销售日期 %s 晚于今天，请核对", s->v[SL_DATE]);
	if (*shop.licence_date && strcmp(s->v[SL_DATE], shop.licence_date) < 0)
		return rec_fail(e, SL_DATE, "销售日期 %s 早于 %s 取得定点经营许可的日期 %s，请核对", s->v[SL_DATE],
		                shop.name, shop.licence_date);
	if (!check_buyer(s, e) || !check_pesticide(db, s->v[SL_PESTICIDE], banned, e) ||
	    !check_quantity(c, s->v[SL_QUANTITY], e))
		return false;
	if (!*s->v[SL_UNIT])
		return rec_fail(e, SL_UNIT, "单位必须填写，如 kg、L、瓶");
	if (*s->v[SL_AREA] && strtod(s->v[SL_AREA], NULL) <= 0)
		return rec_fail(e, SL_AREA, "面积应大于 0 (亩)，不知道可不填");
	if (!rec_check_text(&sale_type, s->v, e))
		return false;
	s->buyer_producer_id = buyer_in_registry(db, s);
	return true;
}

/* ---- privacy ---- */

bool sale_may_see_id(const account *who, const char *town)
{
	if (who->role == USER_SUPERVISOR || who->role == USER_ADMIN)
		return true;
	return *who->town && town && strcmp(who->town, town) == 0;
}

void sale_mask_id(const char *id, char *out, size_t outlen)
{
	size_t n = strlen(id);
	if (n == 0) {
		snprintf(out, outlen, "%s", "");
		return;
	}
	if (n <= 8) {
		snprintf(out, outlen, "%s", "********");
		return;
	}
	char stars[32];
	size_t k = n - 8 < sizeof stars - 1 ? n - 8 : sizeof stars - 1;
	memset(stars, '*', k);
	stars[k] = '\0';
	snprintf(out, outlen, "%.4s%s%s", id, stars, id + n - 4);
}

bool sale_audit_view(db_conn *db, const account *who, const char *entity, const char *detail,
                     char *err, size_t errlen)
{
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	bool ok = audit_add(db, who->login, "sale.view", entity, NULL, detail, err, errlen);
	return db_end(db, &tx, ok, err, errlen);
}

/* ---- saving ---- */

/* A refused attempt to sell a 禁用 pesticide, for the supervisors. */
void sale_flag_banned(db_conn *db, const sale *s, const account *who)
{
	char err[512], id[64], after[1024], entity[300];
	sale_mask_id(*s->v[SL_ID_NUMBER] ? s->v[SL_ID_NUMBER] : s->v[SL_CREDIT_CODE], id, sizeof id);
	snprintf(entity, sizeof entity, "农资店 %s", s->v[SL_SHOP]);
	snprintf(after, sizeof after, "%s 试图登记禁用农药 %s %s%s，购买人 %s (%s)，已拒绝", s->v[SL_DATE],
	         s->v[SL_PESTICIDE], s->v[SL_QUANTITY], s->v[SL_UNIT], s->v[SL_BUYER], id);
	db_tx tx;
	if (!db_begin(db, &tx, err, sizeof err))
		return;
	db_end(db, &tx, audit_add(db, who->login, "sale.banned", entity, NULL, after, err, sizeof err), err,
	       sizeof err);
}

static void entity_of(long long id, char *out, size_t outlen)
{
	snprintf(out, outlen, "销售 #%lld", id);
}

bool sale_insert(db_conn *db, const config *c, const form_def *f, sale *s, const account *who,
                 sale_error *e)
{
	bool banned = false;
	s->id = 0;
	s->shop_id = 0;
	if (!sale_validate(db, c, f, s, &banned, e)) {
		if (banned && c->sale_flag_banned && *s->v[SL_TOWN]) {
			sale_flag_banned(db, s, who);
			size_t n = strlen(e->msg);
			snprintf(e->msg + n, sizeof e->msg - n, "%s", "；此次登记已记入审计，报监管督查");
		}
		return false;
	}
	return sale_insert_checked(db, s, who, e);
}

bool sale_insert_checked(db_conn *db, sale *s, const account *who, sale_error *e)
{
	const char *no = user_may_write_town(who, s->v[SL_TOWN]);
	if (no)
		return rec_fail(e, SL_SHOP, "%s", no);
	long long unit = units_id(db, s->v[SL_TOWN]);
	if (!unit)
		return rec_fail(e, SL_SHOP, "镇街 %s 不在数据库中，请联系管理员", s->v[SL_TOWN]);
	char err[512], stamp[24];
	db_tx tx;
	if (!rec_begin(db, &tx, e))
		return false;
	date_now_stamp(stamp, sizeof stamp);
	static char sql[1024];
	rec_column ids[] = {{.column = "shop_id", .number = s->shop_id},
	                    {.column = "buyer_producer_id", .number = s->buyer_producer_id, .null = !s->buyer_producer_id}};
	rec_new n = {.at = stamp, .by = who->login, .extra = ids, .nextra = 2, .v = s->v, .unit = unit,
	             .failed = "保存销售记录失败"};
	long long id = rec_insert(db, &sale_type, sql, sizeof sql, &n, err, sizeof err);
	bool ok = id != 0;
	char entity[64], after[512];
	entity_of(id, entity, sizeof entity);
	snprintf(after, sizeof after, "%s %s %s %s%s", s->v[SL_SHOP], s->v[SL_DATE], s->v[SL_PESTICIDE],
	         s->v[SL_QUANTITY], s->v[SL_UNIT]);
	ok = ok && audit_add(db, who->login, "sale.create", entity, NULL, after, err, sizeof err);
	if (!rec_end(db, &tx, ok, err, sizeof err, e, -1))
		return false;
	s->id = id;
	s->version = 1;
	s->voided = false;
	rec_stamp_created(REC_STAMPS(s), stamp, who->login);
	return true;
}

enum { M_ID, M_VERSION, M_SHOP_ID, M_BUYER_ID, M_STATUS, M_VOID_REASON, M_CREATED_AT, M_CREATED_BY,
       M_UPDATED_AT, M_UPDATED_BY, M_FIELDS };

void sale_from_row(db_stmt *st, sale *s)
{
	s->id = db_column_int64(st, M_ID);
	s->version = db_column_int(st, M_VERSION);
	s->shop_id = db_column_int64(st, M_SHOP_ID);
	s->buyer_producer_id = db_column_int64(st, M_BUYER_ID);
	s->voided = strcmp(rec_text(st, M_STATUS), "void") == 0;
	text_copy(s->void_reason, sizeof s->void_reason, rec_text(st, M_VOID_REASON));
	rec_load_stamps(st, M_CREATED_AT, REC_STAMPS(s));
	rec_load(st, M_FIELDS, &sale_type, s->v);
}

static void from_row(db_stmt *st, void *record)
{
	sale_reset(record);
	sale_from_row(st, record);
}

bool sale_load(db_conn *db, long long id, sale *s, char *err, size_t errlen)
{
	static char sql[1024];
	int r = rec_load_id(db, rec_sql(&sale_type, sql, sizeof sql, SALE_SELECT " WHERE l.id = ?", 0), id, from_row, s,
	                    "读取销售记录失败", err, errlen);
	if (r == 0)
		snprintf(err, errlen, "找不到编号为 %lld 的销售记录 (nongjian sale list 列出记录及编号)", id);
	return r > 0;
}

bool sale_correct(db_conn *db, const config *c, const form_def *f, sale *s, const char *reason,
                  const account *who, sale_error *e)
{
	if (!reason || !*reason)
		return rec_fail(e, -1, "更正须写明原因 (--reason)");
	if (text_check(reason))
		return rec_fail(e, -1, "更正原因%s", text_check(reason));
	if (s->voided)
		return rec_fail(e, -1, "销售 #%lld 已作废，不能更正", s->id);
	if (!sale_validate(db, c, f, s, NULL, e))
		return false;
	const char *no = user_may_write_town(who, s->v[SL_TOWN]);
	if (no)
		return rec_fail(e, SL_SHOP, "%s", no);
	long long unit = units_id(db, s->v[SL_TOWN]);
	char err[512], stamp[24];
	db_tx tx;
	sale old;
	if (!sale_begin_saved(db, &tx, s->id, &old, e))
		return false;
	bool ok = true;
	if (old.version != s->version || old.voided) {
		snprintf(err, sizeof err, "销售 #%lld 已被 %s 在 %s 更改，请重新打开查看后再更正", s->id,
		         *old.updated_by ? old.updated_by : old.created_by, *old.updated_at ? old.updated_at : old.created_at);
		e->conflict = true;
		ok = false;
	}
	int version = old.version + 1;
	date_now_stamp(stamp, sizeof stamp);
	if (ok) {
		static char sql[1024];
		rec_column buyer = {.column = "buyer_producer_id", .number = s->buyer_producer_id,
		                    .null = !s->buyer_producer_id};
		rec_correction w = {.id = s->id, .old_version = old.version, .old = old.v, .now = s->v, .unit = unit,
		                    .ch = {.version = version, .at = stamp, .by = who->login, .reason = reason},
		                    .extra = &buyer, .nextra = 1, .unchanged = "没有任何改动，无需保存"};
		ok = rec_write_correction(db, &sale_type, sql, sizeof sql, &w, err, sizeof err) > 0;
	}
	char entity[64];
	entity_of(s->id, entity, sizeof entity);
	ok = ok && audit_add(db, who->login, "sale.correct", entity, NULL, reason, err, sizeof err);
	sale_free(&old);
	if (!rec_end(db, &tx, ok, err, sizeof err, e, -1))
		return false;
	s->version = version;
	rec_stamp_updated(REC_STAMPS(s), stamp, who->login);
	return true;
}

bool sale_void(db_conn *db, long long id, int version, const char *reason, const account *who,
               char *err, size_t errlen)
{
	if (!reason || !*reason) {
		snprintf(err, errlen, "作废须写明原因 (--reason)，如 录入错误");
		return false;
	}
	if (text_check(reason)) {
		snprintf(err, errlen, "作废原因%s", text_check(reason));
		return false;
	}
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	sale old;
	sale_init(&old);
	bool ok = sale_load(db, id, &old, err, errlen);
	const char *no = ok ? user_may_write_town(who, old.v[SL_TOWN]) : NULL;
	if (no) {
		snprintf(err, errlen, "%s", no);
		ok = false;
	}
	if (ok && old.voided) {
		snprintf(err, errlen, "销售 #%lld 已经作废 (原因: %s)", id, old.void_reason);
		ok = false;
	}
	if (ok && version && old.version != version) {
		snprintf(err, errlen, "销售 #%lld 已被他人更改，请重新打开查看后再作废", id);
		ok = false;
	}
	char stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	int now = old.version + 1;
	if (ok) {
		rec_change ch = {.version = now, .at = stamp, .by = who->login, .reason = reason};
		ok = rec_write_void(db, &sale_type, id, old.version, &ch, err, errlen);
	}
	char entity[64];
	entity_of(id, entity, sizeof entity);
	ok = ok && audit_add(db, who->login, "sale.void", entity, NULL, reason, err, errlen);
	sale_free(&old);
	return db_end(db, &tx, ok, err, errlen);
}

bool sale_history(db_conn *db, long long id, rec_change_fn fn, void *ctx, char *err, size_t errlen)
{
	return rec_history(db, &sale_type, id, fn, ctx, err, errlen);
}
