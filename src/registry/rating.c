#include "registry/rating.h"

#include <stdio.h>
#include <string.h>

#include "record/producer_table.h"
#include "record/rectype.h"
#include "registry/blacklist.h"
#include "base/dates.h"
#include "store/audit.h"
#include "store/db.h"
#include "base/text.h"

char rating_parse(const char *s)
{
	char c = s[0];
	if (c >= 'a' && c <= 'c')
		c = (char)(c - 'a' + 'A');
	if (c < 'A' || c > 'C')
		return 0;
	if (s[1] == '\0' || strcmp(s + 1, "级") == 0)
		return c;
	return 0;
}

bool rating_set(db_conn *db, const config *c, long long producer_id, char rating,
                const char *date, const char *reason, const account *who,
                long long *listing, char *err, size_t errlen)
{
	const char *user = who->login;
	const char *no = user_may_supervise(who);
	if (no)
		return errf(err, errlen, "%s", no);
	if (listing)
		*listing = 0;
	if (rating != 'A' && rating != 'B' && rating != 'C')
		return errf(err, errlen, "评级应为 A、B 或 C");
	if (!text_reason_ok(reason, "评级必须写明依据或原因 (如: 年度信用评价、抽检不合格)", "评级原因", err, errlen))
		return false;
	char on[11];
	ymd d;
	if (!date || !*date) {
		date_format(date_today(), on, sizeof on);
	} else if (!date_normalise(date, date_today().y, on, sizeof on) || !date_parse(on, &d)) {
		snprintf(err, errlen, "评级日期 \"%s\" 不是有效日期，请写成 2026-03-05", date);
		return false;
	} else if (date_cmp(d, date_today()) > 0) {
		snprintf(err, errlen, "评级日期 %s 晚于今天", on);
		return false;
	}
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	char old[4] = "", name[256] = "", stamp[24];
	bool ok = false;
	db_stmt *st = db_prepare(db, "SELECT rating, name FROM producers WHERE id = ?", err, errlen);
	if (st) {
		db_bind_int64(st, 1, producer_id);
		if (db_step(st) == DB_ROW) {
			snprintf(old, sizeof old, "%s", rec_text(st, 0));
			snprintf(name, sizeof name, "%s", rec_text(st, 1));
			ok = true;
		} else {
			snprintf(err, errlen, "找不到编号为 %lld 的主体", producer_id);
		}
		db_finalize(st);
	}
	if (ok && old[0] == rating) {
		snprintf(err, errlen, "%s 已经是 %c 级，无需重复评级", name, rating);
		ok = false;
	}
	const char rating_text[2] = {rating, '\0'};
	long long rating_id = 0;
	date_now_stamp(stamp, sizeof stamp);
	if (ok) {
		st = db_prepare(db,
			"INSERT INTO producer_ratings(producer_id, rated_on, old_rating, new_rating, reason,"
			" rated_at, rated_by) VALUES (?,?,?,?,?,?,?)", err, errlen);
		ok = st != NULL;
		if (ok) {
			db_bind_int64(st, 1, producer_id);
			db_bind_text(st, 2, on);
			db_bind_text_or_null(st, 3, old);
			DB_BIND_TEXTS(st, 4, rating_text, reason, stamp, user);
			ok = db_run(db, st, "写入评级失败", err, errlen);
			rating_id = db_last_insert_id(db);
			db_finalize(st);
		}
	}
	if (ok) {
		rec_column set = {.column = "rating", .text = rating_text};
		ok = rec_touch(db, &producer_type, producer_id, &set, 1, stamp, user, "写入评级失败", err, errlen);
	}
	/* C → blacklist, unless already listed (that listing stands). */
	if (ok && rating == 'C' && c->c_blacklist && !blacklist_active(db, producer_id, NULL)) {
		char detail[600];
		snprintf(detail, sizeof detail, "%s", reason);
		long long id = blacklist_add(db, producer_id, BL_RATING_C, detail, on, "", rating_id, who,
		                             err, errlen);
		ok = id != 0;
		if (listing)
			*listing = id;
	}
	if (ok) {
		char entity[64], after[600];
		snprintf(entity, sizeof entity, "主体 %lld", producer_id);
		snprintf(after, sizeof after, "%c (%s)", rating, reason);
		ok = audit_add(db, user, "producer.rate", entity, NULL, after, err, errlen);
	}
	ok = db_end(db, &tx, ok, err, errlen);
	if (!ok && listing)
		*listing = 0;
	return ok;
}

bool rating_history(db_conn *db, long long producer_id, rating_fn fn, void *ctx,
                    char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db,
		"SELECT rated_on, old_rating, new_rating, reason, rated_at, rated_by"
		" FROM producer_ratings WHERE producer_id = ? ORDER BY id", err, errlen);
	if (!st)
		return false;
	db_bind_int64(st, 1, producer_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		rating_change r;
		DB_COLUMN_TEXTS(st, 0, &r.on, &r.old_rating, &r.new_rating, &r.reason, &r.at, &r.by);
		fn(ctx, &r);
	}
	return db_finish(db, st, rc, "读取评级记录失败", err, errlen);
}
