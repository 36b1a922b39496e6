#include "registry/producer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/dates.h"
#include "store/audit.h"
#include "store/db.h"
#include "base/idcode.h"
#include "base/kinds.h"
#include "sample/sample.h"
#include "base/text.h"
#include "base/values.h"
#include "store/units.h"

const char *const producer_certifications[] = {
	"绿色食品", "有机农产品", "农产品地理标志", "名特优新", "良好农业规范", NULL,
};

/* Other names people write for the same certification. */
static const struct {
	const char *alias, *name;
} cert_aliases[] = {
	{"有机", "有机农产品"}, {"有机食品", "有机农产品"}, {"地理标志", "农产品地理标志"},
	{"地标", "农产品地理标志"}, {"名特优新农产品", "名特优新"}, {"GAP", "良好农业规范"},
	{"绿色", "绿色食品"},
};

const char *producer_kind_label(int k) { return codes_label(producer_kind_codes, k); }
const char *producer_kind_code(int k) { return codes_code(producer_kind_codes, k); }
int producer_kind_from_label(const char *label) { return codes_by_label(producer_kind_codes, label); }
int producer_kind_from_code(const char *code) { return codes_by_code(producer_kind_codes, code); }

REC_RECORD_FUNCS(producer, PF_COUNT, producer_type)

const char *producer_value_by_key(void *ctx, const char *key)
{
	const producer *p = ctx;
	int i = producer_key_index(key);
	return i >= 0 ? p->v[i] : NULL;
}

const char *producer_status_text(int status)
{
	switch (status) {
	case PSTATUS_BLACKLISTED: return "黑名单";
	case PSTATUS_WATCH: return "重点监管";
	default: return "正常";
	}
}

int producer_status(char rating, bool listed)
{
	if (listed)
		return PSTATUS_BLACKLISTED;
	return rating == 'B' || rating == 'C' ? PSTATUS_WATCH : PSTATUS_NORMAL;
}

/* Phone numbers: digits with - + / ( ) and spaces, 7 to 15 digits each. */
static bool phone_ok(const char *s)
{
	int digits = 0;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (*s == '/')
			digits = digits >= 7 ? 0 : -100; /* a second number follows */
		else if (!strchr("-+() ", *s))
			return false;
		if (digits > 15)
			return false;
	}
	return digits >= 7;
}

/* Split certifications on 、，,;； and spaces, map aliases, keep the
 * canonical order. False with the unknown item in bad. */
static bool normalise_certs(const char *in, char *out, size_t outlen, char *bad, size_t badlen)
{
	static const char *seps[] = {"、", "，", "；", ",", ";", " ", "/", "\xE3\x80\x80"};
	bool have[8] = {false};
	char item[256];
	size_t n = 0;
	for (const char *p = in;; ) {
		size_t skip = 0;
		for (size_t i = 0; *p && i < sizeof seps / sizeof *seps; i++) {
			size_t l = strlen(seps[i]);
			if (strncmp(p, seps[i], l) == 0) {
				skip = l;
				break;
			}
		}
		if (skip || !*p) {
			item[n] = '\0';
			if (n) {
				const char *name = NULL;
				for (int k = 0; producer_certifications[k]; k++)
					if (strcmp(producer_certifications[k], item) == 0)
						name = item;
				for (size_t a = 0; !name && a < sizeof cert_aliases / sizeof *cert_aliases; a++)
					if (strcasecmp(cert_aliases[a].alias, item) == 0)
						name = cert_aliases[a].name;
				if (!name) {
					snprintf(bad, badlen, "%s", item);
					return false;
				}
				for (int k = 0; producer_certifications[k]; k++)
					if (strcmp(producer_certifications[k], name) == 0)
						have[k] = true;
			}
			n = 0;
			if (!*p)
				break;
			p += skip;
			continue;
		}
		if (n + 1 < sizeof item)
			item[n++] = *p;
		p++;
	}
	out[0] = '\0';
	size_t used = 0;
	for (int k = 0; producer_certifications[k]; k++) {
		if (!have[k])
			continue;
		int w = snprintf(out + used, outlen - used, "%s%s", used ? "、" : "", producer_certifications[k]);
		if (w > 0)
			used += (size_t)w;
		if (used >= outlen)
			used = outlen - 1;
	}
	return true;
}

void producer_registered_day(const producer *p, char *out, size_t outlen)
{
	snprintf(out, outlen, "%.10s", *p->v[PF_REGISTERED] ? p->v[PF_REGISTERED] : p->created_at);
}

bool producer_validate(const config *c, const form_def *form, producer *p, producer_error *e)
{
	rec_check_start(&producer_type, p->v, e);
	if (!rec_check_form(c, &producer_type, form, p->v, producer_value_by_key, p, e))
		return false;
	/* The registry's own rules hold whatever the form file says. */
	if (!*p->v[PF_NAME])
		return rec_fail(e, PF_NAME, "名称必须填写");
	/* (A kind not in the table was refused by rec_check_form.) */
	if (producer_kind_from_label(p->v[PF_KIND]) < 0)
		return rec_fail(e, PF_KIND, "主体类型必须填写");
	if (!config_town(c, p->v[PF_TOWN]))
		return rec_fail(e, PF_TOWN, "镇街必须填写，请从候选中选择");
	if (*p->v[PF_PHONE] && !phone_ok(p->v[PF_PHONE]))
		return rec_fail(e, PF_PHONE, "联系电话 \"%s\" 格式不对：应为手机号 (11 位) 或带区号的固定电话，"
		                         "如 023-45678901；多个号码用 / 分开", p->v[PF_PHONE]);
	char msg[512];
	if (*p->v[PF_CREDIT_CODE] && !idcode_uscc_valid(p->v[PF_CREDIT_CODE], msg, sizeof msg))
		return rec_fail(e, PF_CREDIT_CODE, "%s", msg);
	if (*p->v[PF_ID_NUMBER] && !idcode_id_valid(p->v[PF_ID_NUMBER], msg, sizeof msg))
		return rec_fail(e, PF_ID_NUMBER, "%s", msg);
	char certs[512], bad[256];
	if (!normalise_certs(p->v[PF_CERTIFICATIONS], certs, sizeof certs, bad, sizeof bad))
		return rec_fail(e, PF_CERTIFICATIONS, "认证 \"%s\" 不认识：可填绿色食品、有机农产品、农产品地理标志、"
		                                  "名特优新、良好农业规范，用顿号分开", bad);
	producer_set(p, PF_CERTIFICATIONS, certs);
	for (int f = 0; f < PF_COUNT; f++) {
		if (producer_type.fields[f].type != RT_FLAG)
			continue;
		if (!*p->v[f])
			producer_set(p, f, "否");
		if (strcmp(p->v[f], "是") != 0 && strcmp(p->v[f], "否") != 0)
			return rec_fail(e, f, "%s 应填 是 或 否", producer_label(f));
	}
	/* The trial list's and 追溯's dates belong to a producer in them (a
	 * form kept from before them clears nothing itself), never after
	 * today; 登记日期 neither. */
	static const int dated[][2] = {{PF_CERTIFICATE, PF_CERT_DATE}, {PF_TRACEABILITY, PF_TRACE_DATE},
	                               {PF_TRACEABILITY, PF_TRACE_CODE}, {-1, PF_REGISTERED}};
	ymd today = date_today(), d;
	for (size_t k = 0; k < sizeof dated / sizeof *dated; k++) {
		int flag = dated[k][0], f = dated[k][1];
		if (flag >= 0 && strcmp(p->v[flag], "是") != 0)
			producer_set(p, f, "");
		if (producer_type.fields[f].type != RT_DATE || !*p->v[f])
			continue;
		char norm[16];
		if (!date_normalise(p->v[f], today.y, norm, sizeof norm) || !date_parse(norm, &d))
			return rec_fail(e, f, "%s \"%s\" 不是有效日期，如 2026-03-01", producer_label(f), p->v[f]);
		if (date_cmp(d, today) > 0)
			return rec_fail(e, f, "%s %s 晚于今天：请核对", producer_label(f), norm);
		producer_set(p, f, norm);
	}
	/* 限用农药定点经营: a designated 农资店 shows its licence. */
	if (strcmp(p->v[PF_DESIGNATED], "是") == 0) {
		if (producer_kind_from_label(p->v[PF_KIND]) != PK_INPUT_SHOP)
			return rec_fail(e, PF_DESIGNATED, "只有农资店可以是限用农药定点经营门店");
		if (!*p->v[PF_LICENCE_NO])
			return rec_fail(e, PF_LICENCE_NO, "定点经营的农资店须填写许可证号 (农药经营许可证编号)");
	}
	return rec_check_text(&producer_type, p->v, e);
}

#define col_text rec_text

/* Another producer (not self) already holding a column value; fills who
 * with "名称 (镇街, 编号 N)". */
static bool taken(db_conn *db, const char *sql, const char *v1, long long v2, const char *v3,
                  long long self, char *who, size_t wholen)
{
	char err[256];
	bool found = false;
	/* Kept prepared (sql is one of the literals below): an import of a
	 * producer list asks this for every row. */
	db_stmt *st = db_cached(db, sql, err, sizeof err);
	if (!st)
		return false;
	db_bind_text(st, 1, v1);
	db_bind_int64(st, 2, v2);
	db_bind_text(st, 3, v3 ? v3 : "");
	db_bind_int64(st, 4, self);
	if (db_step(st) == DB_ROW) {
		found = true;
		snprintf(who, wholen, "%s (%s, 编号 %lld)", col_text(st, 1), col_text(st, 2),
		         db_column_int64(st, 0));
	}
	db_done(st);
	return found;
}

#define WHO_SQL "SELECT p.id, p.name, u.name FROM producers p JOIN units u ON u.id = p.unit_id WHERE "

/* Duplicates refused with a message naming who has it. */
static bool check_unique(db_conn *db, const producer *p, long long unit, producer_error *e)
{
	char who[512];
	if (*p->v[PF_CREDIT_CODE] &&
	    taken(db, WHO_SQL "p.credit_code = ?1 AND ?2 = ?2 AND ?3 = ?3 AND p.id <> ?4",
	          p->v[PF_CREDIT_CODE], 0, NULL, p->id, who, sizeof who)) {
		return rec_fail(e, PF_CREDIT_CODE, "统一社会信用代码 %s 已登记为 %s，不能重复登记",
		                p->v[PF_CREDIT_CODE], who);
	}
	if (*p->v[PF_ID_NUMBER] &&
	    taken(db, WHO_SQL "p.id_number = ?1 AND ?2 = ?2 AND ?3 = ?3 AND p.id <> ?4",
	          p->v[PF_ID_NUMBER], 0, NULL, p->id, who, sizeof who)) {
		return rec_fail(e, PF_ID_NUMBER, "身份证号 %s 已登记为 %s，不能重复登记", p->v[PF_ID_NUMBER], who);
	}
	if (taken(db, WHO_SQL "p.name = ?1 AND p.unit_id = ?2 AND coalesce(p.village, '') = ?3 AND p.id <> ?4",
	          p->v[PF_NAME], unit, p->v[PF_VILLAGE], p->id, who, sizeof who)) {
		return rec_fail(e, PF_NAME, "%s%s已有同名主体 %s：如确为不同主体，请填写村(社区)以区分",
		                p->v[PF_TOWN], p->v[PF_VILLAGE], who);
	}
	return true;
}

/* The unit of the producer's town, and the write transaction begun. */
static bool begin_in_town(db_conn *db, const producer *p, long long *unit, db_tx *tx, producer_error *e)
{
	*unit = units_id(db, p->v[PF_TOWN]);
	if (!*unit)
		return rec_fail(e, PF_TOWN, "镇街 %s 不在数据库中，请联系管理员 (nongjian init 会补上)", p->v[PF_TOWN]);
	return rec_begin(db, tx, e);
}

bool producer_insert(db_conn *db, const config *c, const form_def *f, producer *p,
                     const account *who, producer_error *e)
{
	return producer_validate(c, f, p, e) && producer_insert_checked(db, p, true, who, e);
}

bool producer_insert_checked(db_conn *db, producer *p, bool unique, const account *who, producer_error *e)
{
	const char *user = who->login;
	const char *no = user_may_write_town(who, p->v[PF_TOWN]);
	if (no)
		return rec_fail(e, PF_TOWN, "%s", no);
	long long unit;
	db_tx tx;
	if (!begin_in_town(db, p, &unit, &tx, e))
		return false;
	char err[512], stamp[24];
	p->id = 0;
	if (unique && !check_unique(db, p, unit, e)) {
		db_rollback(db, &tx);
		return false;
	}
	date_now_stamp(stamp, sizeof stamp);
	static char sql[1024];
	rec_new n = {.at = stamp, .by = user, .v = p->v, .unit = unit, .failed = "登记失败"};
	long long id = rec_insert(db, &producer_type, sql, sizeof sql, &n, err, sizeof err);
	char after[256];
	snprintf(after, sizeof after, "%s %s", p->v[PF_TOWN], p->v[PF_KIND]);
	bool ok = id && audit_add(db, user, "producer.create", p->v[PF_NAME], NULL, after, err, sizeof err);
	if (!rec_end(db, &tx, ok, err, sizeof err, e, -1))
		return false;
	p->id = id;
	p->version = 1;
	p->rating = 0;
	rec_stamp_created(REC_STAMPS(p), stamp, user);
	return true;
}

/* A whole producer: the fields, then the columns after them. */
enum { M_ID, M_VERSION, M_FIELDS };
enum { M_RATING = M_FIELDS + PF_COUNT, M_CREATED_AT, M_CREATED_BY, M_UPDATED_AT, M_UPDATED_BY };

static void from_row(db_stmt *st, void *record)
{
	producer *p = record;
	producer_reset(p);
	p->id = db_column_int64(st, M_ID);
	p->version = db_column_int(st, M_VERSION);
	rec_load(st, M_FIELDS, &producer_type, p->v);
	p->rating = col_text(st, M_RATING)[0];
	rec_load_stamps(st, M_CREATED_AT, REC_STAMPS(p));
}

bool producer_load(db_conn *db, long long id, producer *p, char *err, size_t errlen)
{
	static char sql[1024];
	int r = rec_load_id(db, rec_sql(&producer_type, sql, sizeof sql,
		"SELECT p.id, p.version, {select}, p.rating, p.created_at, p.created_by, p.updated_at, p.updated_by"
		" FROM producers p JOIN units u ON u.id = p.unit_id WHERE p.id = ?", 0), id, from_row, p,
		"读取主体失败", err, errlen);
	if (r == 0)
		snprintf(err, errlen, "找不到编号为 %lld 的主体", id);
	return r > 0;
}

bool producer_update(db_conn *db, const config *c, const form_def *f, producer *p,
                     const char *reason, const account *who, producer_error *e)
{
	const char *user = who->login;
	if (reason && *reason && text_check(reason))
		return rec_fail(e, -1, "修改原因%s", text_check(reason));
	if (!producer_validate(c, f, p, e))
		return false;
	long long unit;
	db_tx tx;
	if (!begin_in_town(db, p, &unit, &tx, e))
		return false;
	char err[512], stamp[24];
	producer old;
	producer_init(&old);
	bool ok = producer_load(db, p->id, &old, err, sizeof err);
	/* Both towns, before anything is written: staff may neither change
	 * another town's producer nor move their own into another town. */
	const char *no = ok ? user_may_write_town(who, old.v[PF_TOWN]) : NULL;
	if (ok && !no)
		no = user_may_write_town(who, p->v[PF_TOWN]);
	if (no) {
		snprintf(err, sizeof err, "%s", no);
		ok = false;
	}
	if (ok && old.version != p->version) {
		snprintf(err, sizeof err, "主体 %s 已被 %s 在 %s 修改，请重新打开查看后再修改", old.v[PF_NAME],
		         old.updated_by, old.updated_at);
		ok = false;
	}
	if (ok && !check_unique(db, p, unit, e)) {
		producer_free(&old);
		db_rollback(db, &tx);
		return false;
	}
	int version = old.version + 1;
	date_now_stamp(stamp, sizeof stamp);
	if (ok) {
		static char sql[1024];
		rec_correction w = {.id = p->id, .old_version = old.version, .old = old.v, .now = p->v, .unit = unit,
		                    .ch = {.version = version, .at = stamp, .by = user, .reason = reason},
		                    .unchanged = "没有任何改动，无需保存", .failed = "保存修改失败"};
		ok = rec_write_correction(db, &producer_type, sql, sizeof sql, &w, err, sizeof err) > 0;
	}
	if (ok)
		ok = audit_add(db, user, "producer.correct", p->v[PF_NAME], old.v[PF_NAME],
		               reason && *reason ? reason : "修改登记信息", err, sizeof err);
	producer_free(&old);
	if (!rec_end(db, &tx, ok, err, sizeof err, e, -1))
		return false;
	p->version = version;
	rec_stamp_updated(REC_STAMPS(p), stamp, user);
	return true;
}

int producer_find(db_conn *db, const char *text, long long *ids, int max, char *err, size_t errlen)
{
	char t[256];
	snprintf(t, sizeof t, "%s", text ? text : "");
	text_trim(t);
	const char *num = t[0] == '#' ? t + 1 : t;
	size_t len = strlen(num);
	bool digits = len > 0 && len < 12;
	for (size_t i = 0; digits && i < len; i++)
		digits = isdigit((unsigned char)num[i]);
	char code[256];
	snprintf(code, sizeof code, "%s", t);
	idcode_normalise(code);
	db_stmt *st = db_prepare(db,
		"SELECT id FROM producers WHERE (?1 AND id = ?2) OR credit_code = ?3 OR id_number = ?3"
		" UNION SELECT id FROM producers WHERE name = ?4 AND NOT ?1"
		" AND NOT EXISTS (SELECT 1 FROM producers WHERE credit_code = ?3 OR id_number = ?3)"
		" ORDER BY 1", err, errlen);
	if (!st)
		return -1;
	db_bind_int(st, 1, digits);
	db_bind_int64(st, 2, digits ? strtoll(num, NULL, 10) : 0);
	db_bind_text(st, 3, code);
	db_bind_text(st, 4, t);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n < max)
			ids[n] = db_column_int64(st, 0);
		n++;
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		db_error(db, "查找主体失败", err, errlen);
		return -1;
	}
	return n;
}

bool producer_history(db_conn *db, long long id, producer_change_fn fn, void *ctx,
                      char *err, size_t errlen)
{
	return rec_history(db, &producer_type, id, fn, ctx, err, errlen);
}

bool producer_samples(db_conn *db, long long id, producer_sample_fn fn, void *ctx, int limit,
                      char *err, size_t errlen)
{
	db_stmt *st = db_prepare_id(db,
		"SELECT s.id, s.sample_no, s.sample_date, u.name, s.kind, s.product, s.inhibition,"
		" s.value, s.unit, s.limit_value, s.verdict, s.status"
		" FROM samples s JOIN units u ON u.id = s.unit_id"
		" WHERE s.producer_id = ?1 OR (s.producer_id IS NULL AND s.producer ="
		"  (SELECT name FROM producers WHERE id = ?1))"
		" ORDER BY s.sample_date DESC, s.id DESC LIMIT ?2", id, err, errlen);
	if (!st)
		return false;
	db_bind_int(st, 2, limit > 0 ? limit : -1);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char result[256], a[64], b[64];
		if (db_column_type(st, 6) != DB_NULL) {
			sample_format_number(db_column_double(st, 6), a, sizeof a);
			snprintf(result, sizeof result, "抑制率 %s%%", a);
		} else if (db_column_type(st, 7) != DB_NULL) {
			sample_format_number(db_column_double(st, 7), a, sizeof a);
			sample_format_number(db_column_double(st, 9), b, sizeof b);
			snprintf(result, sizeof result, "%s %s (限 %s)", a, col_text(st, 8), b);
		} else {
			result[0] = '\0';
		}
		producer_sample s = {.id = db_column_int64(st, 0), .result = result,
		                     .kind = kind_label(kind_from_code(col_text(st, 4))),
		                     .fail = strcmp(col_text(st, 10), "fail") == 0,
		                     .voided = strcmp(col_text(st, 11), "void") == 0};
		DB_COLUMN_TEXTS(st, 1, &s.sample_no, &s.date, &s.town);
		s.product = col_text(st, 5);
		fn(ctx, &s);
	}
	return db_finish(db, st, rc, "读取样品记录失败", err, errlen);
}

bool producer_pick_writable(db_conn *db, const char *text, const account *who, producer *p, char *err, size_t errlen)
{
	long long ids[2];
	int n = producer_find(db, text, ids, 2, err, errlen);
	if (n < 0)
		return false;
	if (n == 0)
		return errf(err, errlen, "主体 \"%s\" 不在主体名录中：请用主体编号、统一社会信用代码或完整名称", text);
	if (n > 1)
		return errf(err, errlen, "名称为 \"%s\" 的主体不止一个：请用主体编号指定", text);
	if (!producer_load(db, ids[0], p, err, errlen))
		return false;
	const char *no = user_may_write_town(who, p->v[PF_TOWN]);
	if (no)
		return errf(err, errlen, "%s (主体 %s 属于%s)", no, p->v[PF_NAME], p->v[PF_TOWN]);
	return true;
}
