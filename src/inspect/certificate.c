#include "inspect/certificate.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/err.h"
#include "registry/producer.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/settings.h"

static long max_month(db_conn *db)
{
	char v[64];
	long m = 0;
	if (settings_get(db, "config", "certificate", "max_month", v, sizeof v))
		m = strtol(v, NULL, 10);
	return m > 0 ? m : CERT_MAX_MONTH;
}

bool certificate_enter(db_conn *db, const char *who_text, const char *month, const char *count,
                       const account *who, char *err, size_t errlen)
{
	int y, m;
	char tail;
	ymd today = date_today();
	if (sscanf(month, "%4d-%2d%c", &y, &m, &tail) != 2 || y < 2000 || m < 1 || m > 12)
		return errf(err, errlen, "月份 \"%s\" 应写成 2026-05", month);
	if (y * 12 + m > today.y * 12 + today.m)
		return errf(err, errlen, "月份 %04d-%02d 还没到：只能填写已过去的月份和本月", y, m);
	char *end;
	errno = 0;
	long c = strtol(count, &end, 10);
	if (errno || end == count || *end)
		return errf(err, errlen, "张数 \"%s\" 应为整数", count);
	if (c < 0)
		return errf(err, errlen, "张数不能是负数 (%ld)", c);
	long max = max_month(db);
	if (c > max)
		return errf(err, errlen, "一个月 %ld 张超过了上限 %ld 张：请核对；确需更多请管理员修改设置 certificate.max_month",
		            c, max);
	producer p;
	producer_init(&p);
	bool ok = producer_pick_writable(db, who_text, who, &p, err, errlen);
	char stamp[24], mon[16], entity[384], after[64];
	date_now_stamp(stamp, sizeof stamp);
	snprintf(mon, sizeof mon, "%04d-%02d", y, m);
	snprintf(entity, sizeof entity, "合格证 %s %s", p.v[PF_NAME], mon);
	snprintf(after, sizeof after, "%ld 张", c);
	db_tx tx;
	if (ok && !db_begin(db, &tx, err, errlen))
		ok = false;
	else if (ok) {
		db_stmt *st = db_prepare(db, "INSERT INTO certificate_counts(producer_id, month, count, entered_at,"
		                              " entered_by) VALUES (?1, ?2, ?3, ?4, ?5)", err, errlen);
		ok = st != NULL;
		if (ok) {
			db_bind_int64(st, 1, p.id);
			db_bind_text(st, 2, mon);
			db_bind_int64(st, 3, c);
			db_bind_text(st, 4, stamp);
			db_bind_text(st, 5, who->login);
			if (db_step(st) != DB_DONE) {
				db_error(db, "保存合格证张数失败", err, errlen);
				ok = false;
			}
			db_finalize(st);
		}
		ok = ok && audit_add(db, who->login, "certificate.count", entity, NULL, after, err, errlen);
		ok = db_end(db, &tx, ok, err, errlen);
	}
	producer_free(&p);
	return ok;
}
