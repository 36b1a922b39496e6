#include "store/audit.h"

#include <stdio.h>
#include <string.h>

#include "base/dates.h"
#include "store/db.h"

bool audit_add(db_conn *db, const char *login, const char *action, const char *entity,
               const char *before, const char *after, char *err, size_t errlen)
{
	char stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	db_stmt *st = db_cached(db,
		"INSERT INTO audit(at, login, action, entity, before, after) VALUES (?,?,?,?,?,?)",
		err, errlen);
	if (!st)
		return false;
	DB_BIND_TEXTS(st, 1, stamp, login, action, entity);
	db_bind_text_or_null(st, 5, before);
	db_bind_text_or_null(st, 6, after);
	bool ok = db_run(db, st, "写入审计记录失败", err, errlen);
	db_done(st);
	return ok;
}

bool audit_each(db_conn *db, const char *since, const char *login,
                void (*fn)(void *ctx, const audit_row *r), void *ctx, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db,
		"SELECT id, at, login, action, entity, coalesce(before, ''), coalesce(after, '')"
		" FROM audit WHERE (?1 = '' OR at >= ?1) AND (?2 = '' OR login = ?2) ORDER BY id",
		err, errlen);
	if (!st)
		return false;
	DB_BIND_TEXTS_OR_EMPTY(st, 1, since, login);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		audit_row r = {.id = db_column_int64(st, 0)};
		DB_COLUMN_TEXTS(st, 1, &r.at, &r.login, &r.action, &r.entity, &r.before, &r.after);
		fn(ctx, &r);
	}
	return db_finish(db, st, rc, "读取审计记录失败", err, errlen);
}

const char *audit_action_label(const char *action)
{
	static const struct {
		const char *code, *label;
	} labels[] = {
		{"sample.create", "新增记录"},   {"sample.correct", "更正记录"},
		{"sample.void", "作废记录"},     {"followup.add", "登记检打联动步骤"}, {"followup.void", "作废检打联动步骤"},
		{"target.set", "修改任务"},      {"user.add", "新增用户"},
		{"user.set", "修改用户"},        {"user.disable", "停用用户"},
		{"import", "导入"},              {"producer.create", "新增主体"},
		{"producer.correct", "更正主体"}, {"producer.rate", "信用评级"},
		{"blacklist.add", "列入黑名单"},  {"blacklist.lift", "移出黑名单"},
		{"settings.set", "修改规则"},    {"settings.load", "载入规则"},
		{"unit.add", "新增单位"},        {"product.set", "修改产品"},
		{"target.init", "生成年度任务"},
		{"inspect.create", "登记巡查"},  {"inspect.correct", "更正巡查"},
		{"inspect.recheck", "整改回头看"}, {"inspect.void", "作废巡查"},
		{"certificate.count", "登记合格证张数"},
		{"brand.add", "登记农业品牌认证"}, {"brand.void", "作废农业品牌认证"},
		{"sale.create", "登记限用农药销售"}, {"sale.correct", "更正销售记录"},
		{"sale.void", "作废销售记录"},    {"sale.view", "查看购买人身份证号"},
		{"sale.banned", "试图销售禁用农药"},
		{"bundle.import", "导入离线数据包"},
		{"run.create", "按通道录入"},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(labels[i].code, action) == 0)
			return labels[i].label;
	return action;
}
