#include "registry/blacklist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/codes.h"
#include "base/dates.h"
#include "store/audit.h"
#include "store/db.h"
#include "base/text.h"
#include "record/rectype.h"

static const code_label kinds[BL_KIND_COUNT + 1] = {
	{"rating_c", "C评级"}, {"failed_check", "监督抽查不合格"}, {"banned", "违禁物质"},
	{"case", "立案查处"}, {"other", "其他"}, {NULL, NULL},
};

const char *blacklist_kind_label(int k) { return codes_label(kinds, k); }
const char *blacklist_kind_code(int k) { return codes_code(kinds, k); }
int blacklist_kind_from_code(const char *code) { return codes_by_code(kinds, code); }

int blacklist_kind_parse(const char *s)
{
	if (s[0] >= '1' && s[0] < '1' + BL_KIND_COUNT && s[1] == '\0')
		return s[0] - '1';
	int k = codes_by_label(kinds, s);
	if (k >= 0 || (k = codes_by_code(kinds, s)) >= 0)
		return k;
	if (strcmp(s, "C级") == 0 || strcmp(s, "c") == 0 || strcmp(s, "C") == 0)
		return BL_RATING_C;
	return -1;
}

static void today_text(char *out, size_t outlen)
{
	date_format(date_today(), out, outlen);
}

#define ENTRY_COLUMNS                                                                  \
	"b.id, b.producer_id, b.rating_id, b.reason_kind, b.detail, b.since, b.expires," \
	" b.added_at, b.added_by, b.lifted_at, b.lifted_by, b.lift_reason,"               \
	" (b.lifted_at IS NULL AND (b.expires IS NULL OR b.expires >= ?1))"

static void fill(db_stmt *st, blacklist_entry *e)
{
	memset(e, 0, sizeof *e);
	e->id = db_column_int64(st, 0);
	e->producer_id = db_column_int64(st, 1);
	e->rating_id = db_column_int64(st, 2);
	e->kind = blacklist_kind_from_code(rec_text(st, 3));
	REC_COPY_TEXTS(st, 4, REC_BUF(e->detail), REC_BUF(e->since), REC_BUF(e->expires), REC_BUF(e->added_at),
	               REC_BUF(e->added_by), REC_BUF(e->lifted_at), REC_BUF(e->lifted_by), REC_BUF(e->lift_reason));
	e->active = db_column_int(st, 12) != 0;
}

bool blacklist_active(db_conn *db, long long producer_id, blacklist_entry *out)
{
	char today[11], err[256];
	today_text(today, sizeof today);
	db_stmt *st = db_prepare(db,
		"SELECT " ENTRY_COLUMNS " FROM blacklist b WHERE b.producer_id = ?2 AND b.lifted_at IS NULL"
		" AND (b.expires IS NULL OR b.expires >= ?1) ORDER BY b.id DESC LIMIT 1", err, sizeof err);
	if (!st)
		return false;
	db_bind_text(st, 1, today);
	db_bind_int64(st, 2, producer_id);
	bool found = db_step(st) == DB_ROW;
	if (found && out)
		fill(st, out);
	db_finalize(st);
	return found;
}

/* Check a date given by the user: "" means today; returns false with a
 * message. */
static bool take_date(const char *in, const char *what, char *out, char *err, size_t errlen)
{
	ymd d;
	if (!in || !*in) {
		today_text(out, 11);
		return true;
	}
	if (!date_normalise(in, date_today().y, out, 11) || !date_parse(out, &d)) {
		snprintf(err, errlen, "%s \"%s\" 不是有效日期，请写成 2026-03-05", what, in);
		return false;
	}
	return true;
}

long long blacklist_add(db_conn *db, long long producer_id, int kind, const char *detail,
                        const char *since, const char *expires, long long rating_id,
                        const account *who, char *err, size_t errlen)
{
	const char *user = who->login;
	const char *no = user_may_supervise(who);
	if (no) {
		snprintf(err, errlen, "%s", no);
		return 0;
	}
	if (kind < 0 || kind >= BL_KIND_COUNT) {
		snprintf(err, errlen, "列入原因类别无效：应为 C评级、监督抽查不合格、违禁物质、立案查处 或 其他");
		return 0;
	}
	if (!detail || !*detail) {
		snprintf(err, errlen, "列入黑名单必须写明原因 (依据、文书编号等)");
		return 0;
	}
	const char *bad = text_check(detail);
	if (bad) {
		snprintf(err, errlen, "列入原因%s", bad);
		return 0;
	}
	char from[11], until[11] = "";
	if (!take_date(since, "列入日期", from, err, errlen))
		return 0;
	ymd d1, d2;
	date_parse(from, &d1);
	if (date_cmp(d1, date_today()) > 0) {
		snprintf(err, errlen, "列入日期 %s 晚于今天", from);
		return 0;
	}
	if (expires && *expires) {
		if (!take_date(expires, "到期日期", until, err, errlen))
			return 0;
		date_parse(until, &d2);
		if (date_cmp(d2, d1) < 0) {
			snprintf(err, errlen, "到期日期 %s 早于列入日期 %s", until, from);
			return 0;
		}
	}
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return 0;
	blacklist_entry cur;
	if (blacklist_active(db, producer_id, &cur)) {
		snprintf(err, errlen, "该主体已在黑名单中 (%s 起, %s: %s)，无需重复列入", cur.since,
		         blacklist_kind_label(cur.kind), cur.detail);
		db_rollback(db, &tx);
		return 0;
	}
	char stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	db_stmt *st = db_prepare(db,
		"INSERT INTO blacklist(producer_id, reason_kind, detail, since, expires, rating_id, added_at,"
		" added_by) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM producers WHERE id = ?1", err, errlen);
	long long id = 0;
	if (st) {
		db_bind_int64(st, 1, producer_id);
		DB_BIND_TEXTS(st, 2, kinds[kind].code, detail, from);
		db_bind_text_or_null(st, 5, until);
		if (rating_id)
			db_bind_int64(st, 6, rating_id);
		else
			db_bind_null(st, 6);
		db_bind_text(st, 7, stamp);
		db_bind_text(st, 8, user);
		if (db_step(st) != DB_DONE)
			db_error(db, "列入黑名单失败", err, errlen);
		else if (db_changes(db) != 1)
			snprintf(err, errlen, "找不到编号为 %lld 的主体", producer_id);
		else
			id = db_last_insert_id(db);
		db_finalize(st);
	}
	if (id) {
		char entity[64];
		snprintf(entity, sizeof entity, "主体 %lld", producer_id);
		if (!audit_add(db, user, "blacklist.add", entity, NULL, detail, err, errlen))
			id = 0;
	}
	if (!id) {
		db_rollback(db, &tx);
		return 0;
	}
	if (!db_commit(db, &tx, err, errlen))
		return 0;
	return id;
}

bool blacklist_lift(db_conn *db, long long producer_id, const char *reason, const account *who,
                    int *lifted, char *err, size_t errlen)
{
	const char *user = who->login;
	const char *no = user_may_supervise(who);
	if (no) {
		snprintf(err, errlen, "%s", no);
		return false;
	}
	if (lifted)
		*lifted = 0;
	if (!text_reason_ok(reason, "解除黑名单必须写明原因 (如: 整改验收合格)", "解除原因", err, errlen))
		return false;
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	char stamp[24], entity[64];
	date_now_stamp(stamp, sizeof stamp);
	/* Audit first: the database refuses a lifting that does not follow
	 * its audit row (schema 7). Nothing lifted rolls it back. */
	snprintf(entity, sizeof entity, "主体 %lld", producer_id);
	if (!audit_add(db, user, "blacklist.lift", entity, "黑名单", reason, err, errlen)) {
		db_rollback(db, &tx);
		return false;
	}
	db_stmt *st = db_prepare(db,
		"UPDATE blacklist SET lifted_at = ?2, lifted_by = ?3, lift_reason = ?4"
		" WHERE producer_id = ?1 AND lifted_at IS NULL", err, errlen);
	int n = -1;
	if (st) {
		db_bind_int64(st, 1, producer_id);
		DB_BIND_TEXTS(st, 2, stamp, user, reason);
		if (db_step(st) == DB_DONE)
			n = db_changes(db);
		else
			db_error(db, "解除黑名单失败", err, errlen);
		db_finalize(st);
	}
	if (n == 0)
		snprintf(err, errlen, "该主体不在黑名单中，无需解除");
	if (n <= 0) {
		db_rollback(db, &tx);
		return false;
	}
	if (!db_commit(db, &tx, err, errlen))
		return false;
	if (lifted)
		*lifted = n;
	return true;
}

/* Each entry of sql (SELECT ENTRY_COLUMNS …, today ?1) to fn until it
 * says stop: one producer's (?2 producer_id), or with the producer's
 * and the town's names after the columns (named: the active list). */
static bool each_entry(db_conn *db, const char *sql, long long producer_id, bool named, blacklist_fn fn,
                       void *ctx, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (!st)
		return false;
	char today[11];
	today_text(today, sizeof today);
	db_bind_text(st, 1, today);
	if (!named)
		db_bind_int64(st, 2, producer_id);
	int rc;
	bool go = true;
	while (go && (rc = db_step(st)) == DB_ROW) {
		blacklist_entry e;
		fill(st, &e);
		if (named)
			REC_COPY_TEXTS(st, 13, REC_BUF(e.name), REC_BUF(e.town));
		go = fn(ctx, &e);
	}
	return db_finish(db, st, go ? rc : DB_DONE, "读取黑名单失败", err, errlen);
}

bool blacklist_history(db_conn *db, long long producer_id, blacklist_fn fn, void *ctx,
                       char *err, size_t errlen)
{
	return each_entry(db, "SELECT " ENTRY_COLUMNS " FROM blacklist b WHERE b.producer_id = ?2 ORDER BY b.id",
	                  producer_id, false, fn, ctx, err, errlen);
}

bool blacklist_each_active(db_conn *db, blacklist_fn fn, void *ctx, char *err, size_t errlen)
{
	return each_entry(db,
		"SELECT " ENTRY_COLUMNS ", p.name, u.name FROM blacklist b"
		" JOIN producers p ON p.id = b.producer_id JOIN units u ON u.id = p.unit_id"
		" WHERE b.lifted_at IS NULL AND (b.expires IS NULL OR b.expires >= ?1)"
		" ORDER BY u.sort, p.name, b.id", 0, true, fn, ctx, err, errlen);
}

void blacklist_describe(const blacklist_entry *e, char *out, size_t outlen)
{
	int n = snprintf(out, outlen, "%s: %s (%s 起%s%s)", blacklist_kind_label(e->kind), e->detail,
	                 e->since, *e->expires ? ", 至 " : "", e->expires);
	(void)n;
}
