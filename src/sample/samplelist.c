#include "sample/samplelist.h"

#include <stdio.h>
#include <string.h>

#include "base/dates.h"
#include "store/db.h"
#include "store/sample_counts.h"
#include "base/kinds.h"
#include "sample/sample.h"

/* The WHERE clause for a filter, built from fixed fragments for the
 * conditions in use only (a catch-all "?1 = '' OR ..." form keeps SQLite
 * from using the indexes). Values are always bound: parameters 1-6 are
 * the filter, 7-8 the anchor, 9 the limit, 10-11 the years. */
static void filter_sql(const sample_filter *f, bool by_year, char *out, size_t n)
{
	snprintf(out, n, " FROM samples s%s WHERE %s%s%s%s%s%s%s%s",
	         by_year ? "" : " JOIN units u ON u.id = s.unit_id",
	         by_year ? "s.year BETWEEN ?10 AND ?11" : "1 = 1", /* not a bare 1: PostgreSQL wants a truth value */
	         f->include_void ? "" : " AND s.status = 'valid'",
	         *f->date_from ? " AND s.sample_date >= ?1" : "",
	         *f->date_to ? " AND s.sample_date <= ?2" : "",
	         *f->town ? " AND s.unit_id = (SELECT id FROM units WHERE name = ?3)" : "",
	         *f->product ? " AND instr(s.product, ?4) > 0" : "",
	         f->verdict ? " AND s.verdict = ?5" : "",
	         *f->number ? " AND instr(s.sample_no, ?6) > 0" : "");
}

const char *const samplelist_filter_keys[] = {
	"from", "to", "town", "product", "number", "verdict", "include_void", NULL,
};

static const char *const verdicts[] = {"全部", "合格", "不合格"};

bool samplelist_filter_set(sample_filter *f, const char *key, const char *value,
                           char *err, size_t errlen)
{
	ymd d;
	if (strcmp(key, "from") == 0 || strcmp(key, "to") == 0) {
		if (*value && !date_parse(value, &d)) {
			snprintf(err, errlen, "日期 \"%s\" 无效，应为 2026-03-05", value);
			return false;
		}
		snprintf(key[0] == 'f' ? f->date_from : f->date_to, sizeof f->date_from, "%s", value);
	} else if (strcmp(key, "town") == 0) {
		snprintf(f->town, sizeof f->town, "%s", value);
	} else if (strcmp(key, "product") == 0) {
		snprintf(f->product, sizeof f->product, "%s", value);
	} else if (strcmp(key, "number") == 0) {
		snprintf(f->number, sizeof f->number, "%s", value);
	} else if (strcmp(key, "verdict") == 0) {
		f->verdict = 0;
		for (int i = 0; i < 3; i++)
			if (strcmp(value, verdicts[i]) == 0)
				f->verdict = i;
	} else if (strcmp(key, "include_void") == 0) {
		f->include_void = strcmp(value, "是") == 0;
	}
	return true;
}

void samplelist_filter_get(const sample_filter *f, const char *key, char *out, size_t outlen)
{
	const char *v = "";
	if (strcmp(key, "from") == 0)
		v = f->date_from;
	else if (strcmp(key, "to") == 0)
		v = f->date_to;
	else if (strcmp(key, "town") == 0)
		v = f->town;
	else if (strcmp(key, "product") == 0)
		v = f->product;
	else if (strcmp(key, "number") == 0)
		v = f->number;
	else if (strcmp(key, "verdict") == 0)
		v = verdicts[f->verdict >= 0 && f->verdict <= 2 ? f->verdict : 0];
	else if (strcmp(key, "include_void") == 0)
		v = f->include_void ? "是" : "否";
	snprintf(out, outlen, "%s", v);
}

static void bind_filter(db_stmt *st, const sample_filter *f)
{
	/* Only the parameters the statement uses exist; binding the others
	 * just returns DB_RANGE, which is fine here. */
	if (*f->date_from)
		db_bind_text(st, 1, f->date_from);
	if (*f->date_to)
		db_bind_text(st, 2, f->date_to);
	if (*f->town)
		db_bind_text(st, 3, f->town);
	if (*f->product)
		db_bind_text(st, 4, f->product);
	if (f->verdict)
		db_bind_text(st, 5, f->verdict == 1 ? "pass" : "fail");
	if (*f->number)
		db_bind_text(st, 6, f->number);
}

static void copy_col(db_stmt *st, int i, char *out, size_t n)
{
	const char *t = db_column_text(st, i);
	snprintf(out, n, "%s", t ? t : "");
}

int samplelist_page(db_conn *db, const sample_filter *f, const char *anchor_date,
                    long long anchor_id, int dir, sample_row *rows, int max,
                    char *err, size_t errlen)
{
	static const char *cols =
		"SELECT s.id, s.sample_no, s.sample_date, u.name, s.kind, s.product, s.producer,"
		" s.inhibition, s.value, s.limit_value, s.verdict, s.flag_confirm, s.status";
	char sql[2048], from[1024];
	filter_sql(f, false, from, sizeof from);
	const char *where = anchor_id == 0 ? ""
	                  : dir > 0 ? " AND (s.sample_date, s.id) < (?7, ?8)"
	                            : " AND (s.sample_date, s.id) > (?7, ?8)";
	const char *order = dir > 0 ? " ORDER BY s.sample_date DESC, s.id DESC"
	                            : " ORDER BY s.sample_date ASC, s.id ASC";
	snprintf(sql, sizeof sql, "%s%s%s%s LIMIT ?9", cols, from, where, order);
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (!st)
		return -1;
	bind_filter(st, f);
	if (anchor_id) {
		db_bind_text(st, 7, anchor_date);
		db_bind_int64(st, 8, anchor_id);
	}
	db_bind_int(st, 9, max);
	int n = 0, rc;
	while (n < max && (rc = db_step(st)) == DB_ROW) {
		sample_row *r = &rows[n++];
		memset(r, 0, sizeof *r);
		r->id = db_column_int64(st, 0);
		copy_col(st, 1, r->sample_no, sizeof r->sample_no);
		copy_col(st, 2, r->date, sizeof r->date);
		copy_col(st, 3, r->town, sizeof r->town);
		char code[32];
		copy_col(st, 4, code, sizeof code);
		int k = kind_from_code(code);
		snprintf(r->kind, sizeof r->kind, "%s", kind_label(k));
		copy_col(st, 5, r->product, sizeof r->product);
		copy_col(st, 6, r->producer, sizeof r->producer);
		char a[32], b[32];
		if (k == KIND_RAPID) {
			sample_format_number(db_column_double(st, 7), a, sizeof a);
			snprintf(r->result, sizeof r->result, "%s%%", a);
		} else {
			sample_format_number(db_column_double(st, 8), a, sizeof a);
			sample_format_number(db_column_double(st, 9), b, sizeof b);
			snprintf(r->result, sizeof r->result, "%s/%s", a, b);
		}
		r->fail = strcmp(db_column_text(st, 10), "fail") == 0;
		r->flag = db_column_int(st, 11) != 0;
		r->voided = strcmp(db_column_text(st, 12), "void") == 0;
	}
	rc = db_errcode(db);
	db_finalize(st);
	if (rc != DB_OK && rc != DB_ROW && rc != DB_DONE) {
		db_error(db, "读取记录列表失败", err, errlen);
		return -1;
	}
	if (dir < 0) { /* fetched oldest-first: flip into display order */
		for (int i = 0; i < n / 2; i++) {
			sample_row t = rows[i];
			rows[i] = rows[n - 1 - i];
			rows[n - 1 - i] = t;
		}
	}
	return n;
}

/* Step a prepared count(*) and finish it; -1 with a message on error. */
static long count_result(db_conn *db, db_stmt *st, char *err, size_t errlen)
{
	long n = (long)db_first_int64(db, st, -1, "统计记录失败", err, errlen);
	db_finalize(st);
	return n;
}

long samplelist_count(db_conn *db, const sample_filter *f, char *err, size_t errlen)
{
	/* Dates, town and verdict are what the maintained counts know: read
	 * them there (the menu's year and today, the list's total); a product
	 * or a part of the number is counted on the samples. */
	if (!f->include_void && !*f->product && !*f->number) {
		ymd d;
		return sample_counts_between(db, *f->date_from && date_parse(f->date_from, &d) ? d.y : 1900,
		                             *f->date_to && date_parse(f->date_to, &d) ? d.y : 9999, f->date_from,
		                             f->date_to, f->town, f->verdict ? (f->verdict == 1 ? "pass" : "fail") : "",
		                             err, errlen);
	}
	/* Bounding the year lets the count walk the (year, status, unit, ...)
	 * index instead of every row of a large table. */
	char sql[1200], from[1024];
	filter_sql(f, true, from, sizeof from);
	snprintf(sql, sizeof sql, "SELECT count(*)%s", from);
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (!st)
		return -1;
	bind_filter(st, f);
	ymd d;
	db_bind_int(st, 10, *f->date_from && date_parse(f->date_from, &d) ? d.y : 1900);
	db_bind_int(st, 11, *f->date_to && date_parse(f->date_to, &d) ? d.y : 9999);
	return count_result(db, st, err, errlen);
}

long samplelist_count_entered(db_conn *db, const char *login, const char *day,
                              char *err, size_t errlen)
{
	/* created_at is "YYYY-MM-DD HH:MM:SS": the day is a half-open range. */
	db_stmt *st = db_prepare(db,
		"SELECT count(*) FROM samples WHERE created_by = ?1 AND status = 'valid'"
		" AND created_at >= ?2 AND created_at < ?2 || 'x'", err, errlen);
	if (!st)
		return -1;
	db_bind_text(st, 1, login);
	db_bind_text(st, 2, day);
	return count_result(db, st, err, errlen);
}
