#include "inspect/brand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/err.h"
#include "base/text.h"
#include "record/rectype.h"
#include "registry/producer.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/settings.h"

const char *const brand_kinds[] = {"绿色食品", "有机农产品", "农产品地理标志", "名特优新农产品", "良好农业规范", NULL};

const char *brand_kind(const char *typed)
{
	static const struct {
		const char *alias;
		int kind;
	} aliases[] = {
		{"绿色", 0}, {"有机", 1}, {"有机食品", 1}, {"地理标志", 2}, {"地标", 2}, {"农产品地理标志登记", 2},
		{"名特优新", 3}, {"全国名特优新农产品", 3}, {"GAP", 4}, {"良好农业规范认证", 4},
	};
	for (int k = 0; brand_kinds[k]; k++)
		if (strcmp(typed, brand_kinds[k]) == 0)
			return brand_kinds[k];
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(typed, aliases[i].alias) == 0)
			return brand_kinds[aliases[i].kind];
	return NULL;
}

bool brand_is_two(const char *kind)
{
	for (int k = 0; k < BRAND_TWO; k++)
		if (strcmp(kind, brand_kinds[k]) == 0)
			return true;
	return false;
}

long brand_target(db_conn *db)
{
	char v[64];
	long t = 0;
	if (settings_get(db, SETTINGS_CONFIG, "brand", "target", v, sizeof v))
		t = strtol(v, NULL, 10);
	return t > 0 ? t : 0;
}

/* A date as typed (2026-3-5, 3-5 …) into out; what is wrong in err. */
static bool day_of(const char *label, const char *typed, char *out, size_t outlen, char *err, size_t errlen)
{
	ymd d, today = date_today();
	(void)d;
	if (!date_normalise(typed, today.y, out, outlen) || !date_parse(out, &d))
		return errf(err, errlen, "%s \"%s\" 不是有效日期，如 2026-03-01", label, typed);
	return true;
}

static bool check_input(const brand_input *in, const char **kind, char *granted, char *expires, char *err,
                        size_t errlen)
{
	*kind = in->kind && *in->kind ? brand_kind(in->kind) : NULL;
	if (!*kind)
		return errf(err, errlen, "认证类别 \"%s\" 不认识：应为 绿色食品、有机农产品、农产品地理标志 (两品一标)、"
		            "名特优新农产品 或 良好农业规范", in->kind ? in->kind : "");
	if (!in->granted || !*in->granted)
		return errf(err, errlen, "获证日期必须填写，如 --date 2026-03-01");
	if (!day_of("获证日期", in->granted, granted, 11, err, errlen))
		return false;
	ymd g, today = date_today(), e;
	date_parse(granted, &g);
	if (date_cmp(g, today) > 0)
		return errf(err, errlen, "获证日期 %s 晚于今天：只能登记已经取得的认证", granted);
	expires[0] = '\0';
	if (in->expires && *in->expires) {
		if (!day_of("有效期至", in->expires, expires, 11, err, errlen))
			return false;
		date_parse(expires, &e);
		if (date_cmp(e, g) < 0)
			return errf(err, errlen, "有效期至 %s 早于获证日期 %s：请核对", expires, granted);
	}
	const char *texts[] = {in->product, in->cert_no};
	for (int i = 0; i < 2; i++) {
		const char *bad = texts[i] ? text_check(texts[i]) : NULL;
		if (bad)
			return errf(err, errlen, "%s%s", i ? "证书编号" : "产品", bad);
	}
	return true;
}

static bool already(db_conn *db, long long producer_id, const char *kind, const char *cert_no, const char *granted,
                    long long *id)
{
	char err[256];
	db_stmt *st = db_prepare(db,
		"SELECT id FROM producer_brands WHERE producer_id = ?1 AND kind = ?2 AND status = 'valid'"
		" AND (CASE WHEN ?3 <> '' THEN cert_no = ?3 ELSE cert_no IS NULL AND granted = ?4 END)", err, sizeof err);
	if (!st)
		return false;
	db_bind_int64(st, 1, producer_id);
	DB_BIND_TEXTS(st, 2, kind, cert_no ? cert_no : "", granted);
	bool found = db_step(st) == DB_ROW;
	if (found)
		*id = db_column_int64(st, 0);
	db_finalize(st);
	return found;
}

bool brand_add(db_conn *db, const brand_input *in, const account *who, long long *id, char *err, size_t errlen)
{
	const char *kind;
	char granted[16], expires[16];
	if (!check_input(in, &kind, granted, expires, err, errlen))
		return false;
	producer p;
	producer_init(&p);
	bool ok = producer_pick_writable(db, in->producer ? in->producer : "", who, &p, err, errlen);
	long long dup;
	char cert_no[128] = "", product[256] = "";
	snprintf(cert_no, sizeof cert_no, "%s", in->cert_no ? in->cert_no : "");
	snprintf(product, sizeof product, "%s", in->product ? in->product : "");
	text_trim(cert_no);
	text_trim(product);
	db_tx tx;
	if (ok && !db_begin(db, &tx, err, errlen))
		ok = false;
	else if (ok && already(db, p.id, kind, cert_no, granted, &dup)) {
		db_rollback(db, &tx);
		ok = errf(err, errlen, "%s 的%s%s%s 已登记 (编号 %lld)，不重复登记", p.v[PF_NAME], kind,
		          *cert_no ? " " : "", cert_no, dup);
	} else if (ok) {
		char stamp[24], entity[512], after[256];
		date_now_stamp(stamp, sizeof stamp);
		db_stmt *st = db_prepare(db, "INSERT INTO producer_brands(producer_id, kind, product, cert_no, granted,"
		                              " expires, entered_at, entered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		                              err, errlen);
		ok = st != NULL;
		if (ok) {
			db_bind_int64(st, 1, p.id);
			/* Empty ones as NULL. */
			DB_BIND_TEXTS(st, 2, kind, *product ? product : NULL, *cert_no ? cert_no : NULL, granted,
			              *expires ? expires : NULL, stamp, who->login);
			ok = db_run(db, st, "保存认证失败", err, errlen);
			db_finalize(st);
		}
		*id = db_last_insert_id(db);
		snprintf(entity, sizeof entity, "认证 %lld %s", *id, p.v[PF_NAME]);
		snprintf(after, sizeof after, "%s %s%s%s", kind, granted, *cert_no ? " " : "", cert_no);
		ok = ok && audit_add(db, who->login, "brand.add", entity, NULL, after, err, errlen);
		ok = db_end(db, &tx, ok, err, errlen);
	}
	producer_free(&p);
	return ok;
}

bool brand_void(db_conn *db, long long id, const char *reason, const account *who, char *err, size_t errlen)
{
	char why[512];
	snprintf(why, sizeof why, "%s", reason ? reason : "");
	text_trim(why);
	if (!*why)
		return errf(err, errlen, "作废须写明原因 (如 --reason 误录)");
	const char *bad = text_check(why);
	if (bad)
		return errf(err, errlen, "原因%s", bad);
	db_stmt *st = db_prepare(db, "SELECT b.status, p.id, b.kind FROM producer_brands b"
	                              " JOIN producers p ON p.id = b.producer_id WHERE b.id = ?1", err, errlen);
	if (!st)
		return false;
	db_bind_int64(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	bool voided = found && strcmp(rec_text(st, 0), "void") == 0;
	char pid[24], kind[64];
	snprintf(pid, sizeof pid, "%lld", found ? db_column_int64(st, 1) : 0);
	snprintf(kind, sizeof kind, "%s", found ? rec_text(st, 2) : "");
	db_finalize(st);
	if (!found)
		return errf(err, errlen, "没有编号为 %lld 的认证记录 (nongjian brand list 列出编号)", id);
	if (voided)
		return errf(err, errlen, "认证记录 %lld 已作废", id);
	producer p;
	producer_init(&p);
	bool ok = producer_pick_writable(db, pid, who, &p, err, errlen);
	db_tx tx;
	if (ok && db_begin(db, &tx, err, errlen)) {
		char stamp[24], entity[512];
		date_now_stamp(stamp, sizeof stamp);
		st = db_prepare(db, "UPDATE producer_brands SET status = 'void', void_reason = ?2, voided_at = ?3,"
		                " voided_by = ?4 WHERE id = ?1", err, errlen);
		ok = st != NULL;
		if (ok) {
			db_bind_int64(st, 1, id);
			DB_BIND_TEXTS(st, 2, why, stamp, who->login);
			ok = db_run(db, st, "作废认证失败", err, errlen);
			db_finalize(st);
		}
		snprintf(entity, sizeof entity, "认证 %lld %s", id, p.v[PF_NAME]);
		ok = ok && audit_add(db, who->login, "brand.void", entity, kind, why, err, errlen);
		ok = db_end(db, &tx, ok, err, errlen);
	} else {
		ok = false;
	}
	producer_free(&p);
	return ok;
}

bool brand_each(db_conn *db, int year, const char *town, bool with_void, brand_fn fn, void *ctx, char *err,
                size_t errlen)
{
	db_stmt *st = db_prepare(db,
		"SELECT b.id, p.id, u.name, p.name, b.kind, coalesce(b.product, ''), coalesce(b.cert_no, ''), b.granted,"
		" coalesce(b.expires, ''), b.status, coalesce(b.void_reason, '')"
		" FROM producer_brands b JOIN producers p ON p.id = b.producer_id JOIN units u ON u.id = p.unit_id"
		" WHERE (?1 = 0 OR substr(b.granted, 1, 4) = printf('%04d', ?1)) AND (?2 = '' OR u.name = ?2)"
		" AND (?3 OR b.status = 'valid')"
		" ORDER BY u.sort, u.id, b.granted, b.id", err, errlen);
	if (!st)
		return false;
	db_bind_int(st, 1, year);
	db_bind_text(st, 2, town ? town : "");
	db_bind_int(st, 3, with_void);
	int rc;
	bool go = true;
	while (go && (rc = db_step(st)) == DB_ROW) {
		brand_row b = {
			.id = db_column_int64(st, 0),
			.producer_id = db_column_int64(st, 1),
			.voided = strcmp(rec_text(st, 9), "void") == 0,
			.void_reason = rec_text(st, 10),
		};
		DB_COLUMN_TEXTS(st, 2, &b.town, &b.producer, &b.kind, &b.product, &b.cert_no, &b.granted,
		                &b.expires);
		go = fn(ctx, &b);
	}
	return db_finish(db, st, go ? rc : DB_DONE, "读取认证记录失败", err, errlen);
}
