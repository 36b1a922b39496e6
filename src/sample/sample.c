#include "sample/sample.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "store/db.h"
#include "base/text.h"
#include "base/values.h"
#include "store/units.h"
#include "store/audit.h"

const char *const sample_keys[] = {
	"date", "town", "kind", "producer", "product", "category", "stage",
	"place", "quantity", "samplers", "tester", "inhibition", "item",
	"value", "unit", "limit", "remarks", NULL,
};

static const char *const labels[SF_COUNT] = {
	"抽样日期", "镇街", "检测类别", "受检主体", "样品名称", "产品类别", "抽样环节",
	"抽样地点", "抽样数量", "抽样人", "检测人", "抑制率(%)", "检测项目",
	"检测值", "单位", "限量值", "备注",
};

/* Columns of samples in sample_field order; NULL where it is not a plain
 * column (town is unit_id). Used only to build SQL from constants. */
static const char *const columns[SF_COUNT] = {
	"sample_date", NULL, "kind", "producer", "product", "category", "stage",
	"place", "quantity", "samplers", "tester", "inhibition", "item",
	"value", "unit", "limit_value", "remarks",
};

static bool is_numeric(int f)
{
	return f == SF_INHIBITION || f == SF_VALUE || f == SF_LIMIT;
}

void sample_init(sample *s)
{
	memset(s, 0, sizeof *s);
	values_init(s->v, SF_COUNT);
}

void sample_free(sample *s)
{
	values_free(s->v, SF_COUNT);
}

void sample_copy(sample *dst, const sample *src)
{
	sample_free(dst);
	*dst = *src;
	values_dup(dst->v, src->v, SF_COUNT);
}

void sample_set(sample *s, int field, const char *value)
{
	values_set(s->v, SF_COUNT, field, value);
}

int sample_key_index(const char *key)
{
	return values_index(sample_keys, key);
}

const char *sample_label(int field)
{
	return field >= 0 && field < SF_COUNT ? labels[field] : "";
}

const char *sample_value_by_key(void *ctx, const char *key)
{
	const sample *s = ctx;
	int i = sample_key_index(key);
	return i >= 0 ? s->v[i] : NULL;
}

void sample_format_number(double x, char *out, size_t outlen)
{
	snprintf(out, outlen, "%.6f", x);
	char *dot = strchr(out, '.');
	if (dot) {
		char *end = out + strlen(out) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
	if (strcmp(out, "-0") == 0)
		snprintf(out, outlen, "0");
}

void sample_format_no(const config *c, const char *town_short, int year, long seq,
                      char *out, size_t outlen)
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
			snprintf(piece, sizeof piece, "%0*ld", c->seq_width, seq);
			add = piece;
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

static bool fail(sample_error *e, int field, const char *fmt, const char *arg)
{
	e->field = field;
	/* The result is used so GCC's -Wformat-truncation does not fail the
	 * build: a long argument is cut, which is fine for a message. */
	if (snprintf(e->msg, sizeof e->msg, fmt, arg ? arg : "") < 0)
		e->msg[0] = '\0';
	return false;
}

/* Number of names in a samplers list (split by 、,，;； and spaces). */
static int count_names(const char *s)
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

static bool check_field(const config *c, const field_def *fd, int f, sample *s, sample_error *e)
{
	char out[1024], msg[512];
	if (!field_check(fd, s->v[f], out, sizeof out, msg, sizeof msg)) {
		e->field = f;
		snprintf(e->msg, sizeof e->msg, "%s", msg);
		return false;
	}
	if (is_numeric(f) && *out) {
		char num[64];
		sample_format_number(strtod(out, NULL), num, sizeof num);
		text_copy(out, sizeof out, num);
	}
	if (*out && f == SF_TOWN) {
		const town_def *t = config_town(c, out);
		if (!t)
			return fail(e, f, "未知镇街 \"%s\"：请输入名称的一部分并从候选中选择", out);
		text_copy(out, sizeof out, t->name);
	}
	if (*out && f == SF_KIND && kind_from_label(out) < 0)
		return fail(e, f, "检测类别 \"%s\" 无效：应为定性速测、例行监测、监督抽查或农业投入品", out);
	sample_set(s, f, out);
	return true;
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
	/* Unconditional fields first, so "when" conditions see clean values. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < form->nfields; i++) {
			const field_def *fd = &form->fields[i];
			if ((fd->when_key != NULL) != (pass == 1))
				continue;
			int f = sample_key_index(fd->key);
			if (!form_field_active(form, i, sample_value_by_key, s)) {
				sample_set(s, f, "");
				continue;
			}
			if (!check_field(c, fd, f, s, e))
				return false;
		}
	}
	/* The domain's own rules hold whatever the form file says. */
	ymd d, today = date_today();
	if (!date_parse(s->v[SF_DATE], &d))
		return fail(e, SF_DATE, "抽样日期必须填写，格式如 2026-03-05%s", NULL);
	if (date_cmp(d, today) > 0)
		return fail(e, SF_DATE, "抽样日期 %s 晚于今天，不能是将来的日期", s->v[SF_DATE]);
	if (!config_town(c, s->v[SF_TOWN]))
		return fail(e, SF_TOWN, "镇街必须填写，请从候选中选择%s", NULL);
	int k = kind_from_label(s->v[SF_KIND]);
	if (k < 0)
		return fail(e, SF_KIND, "检测类别必须填写%s", NULL);
	if (!*s->v[SF_PRODUCT])
		return fail(e, SF_PRODUCT, "样品名称必须填写%s", NULL);
	if (!*s->v[SF_CATEGORY])
		return fail(e, SF_CATEGORY, "产品类别必须填写%s", NULL);
	if (k == KIND_RAPID) {
		if (!*s->v[SF_INHIBITION])
			return fail(e, SF_INHIBITION, "定性速测必须填写抑制率 (0-100)%s", NULL);
		double x = strtod(s->v[SF_INHIBITION], NULL);
		if (x < 0 || x > 100)
			return fail(e, SF_INHIBITION, "抑制率应在 0 到 100 之间，现为 %s", s->v[SF_INHIBITION]);
	} else {
		if (!*s->v[SF_ITEM])
			return fail(e, SF_ITEM, "定量检测必须填写检测项目%s", NULL);
		if (!*s->v[SF_VALUE])
			return fail(e, SF_VALUE, "定量检测必须填写检测值%s", NULL);
		if (!*s->v[SF_LIMIT])
			return fail(e, SF_LIMIT, "定量检测必须填写限量值%s", NULL);
	}
	if (k == KIND_SUPERVISORY && count_names(s->v[SF_SAMPLERS]) < 2)
		return fail(e, SF_SAMPLERS, "监督抽查的抽样人至少两名，用顿号分开，如 张三、李四%s", NULL);
	for (int f = 0; f < SF_COUNT; f++) {
		const char *bad = text_check(s->v[f]);
		if (bad) {
			e->field = f;
			snprintf(e->msg, sizeof e->msg, "%s%s", labels[f], bad);
			return false;
		}
	}
	sample_judge(c, s);
	return true;
}

void sample_judge(const config *c, sample *s)
{
	s->fail = false;
	s->flag_confirm = false;
	if (kind_from_label(s->v[SF_KIND]) == KIND_RAPID) {
		if (!*s->v[SF_INHIBITION])
			return;
		double x = strtod(s->v[SF_INHIBITION], NULL);
		s->fail = x >= c->positive;
		s->flag_confirm = !s->fail && x >= c->warn;
	} else if (*s->v[SF_VALUE] && *s->v[SF_LIMIT]) {
		s->fail = strtod(s->v[SF_VALUE], NULL) > strtod(s->v[SF_LIMIT], NULL);
	}
}

const char *sample_verdict_text(const sample *s)
{
	if (s->fail)
		return "不合格";
	return s->flag_confirm ? "合格(建议送检)" : "合格";
}

/* Bind value of field f to parameter idx (numbers as REAL, "" as NULL). */
static void bind_field(sqlite3_stmt *st, int idx, const sample *s, int f)
{
	const char *v = s->v[f];
	if (!*v)
		sqlite3_bind_null(st, idx);
	else if (is_numeric(f))
		sqlite3_bind_double(st, idx, strtod(v, NULL));
	else if (f == SF_KIND)
		sqlite3_bind_text(st, idx, kind_code(kind_from_label(v)), -1, SQLITE_STATIC);
	else
		sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
}

/* The writes of a new record, inside the caller's transaction: the next
 * number of its town and year, then the row. */
/* Numbering inside one bulk import: each (unit, year) counter is read
 * once and written back once, all inside the import's single write
 * transaction (which holds the lock, so nobody else numbers meanwhile,
 * and whose rollback undoes everything, keeping the numbers gap-free). */
typedef struct {
	long long unit;
	int year;
	long next;
	bool fresh;   /* no counters row yet */
} bulk_counter;
static struct {
	sqlite3 *db;
	bulk_counter *c;
	int n, cap;
} bulk;

void sample_bulk_begin(sqlite3 *db)
{
	bulk.db = db;
	bulk.n = 0;
}

bool sample_bulk_end(sqlite3 *db, bool keep, char *err, size_t errlen)
{
	bool ok = true;
	for (int i = 0; keep && ok && i < bulk.n; i++) {
		const bulk_counter *k = &bulk.c[i];
		sqlite3_stmt *st = db_prepare(db, k->fresh
			? "INSERT INTO counters(next_seq, unit_id, year) VALUES (?1, ?2, ?3)"
			: "UPDATE counters SET next_seq = ?1 WHERE unit_id = ?2 AND year = ?3", err, errlen);
		ok = st != NULL;
		if (ok) {
			sqlite3_bind_int64(st, 1, k->next);
			sqlite3_bind_int64(st, 2, k->unit);
			sqlite3_bind_int(st, 3, k->year);
			ok = sqlite3_step(st) == SQLITE_DONE;
			if (!ok)
				db_error(db, "保存样品编号计数失败", err, errlen);
			sqlite3_finalize(st);
		}
	}
	free(bulk.c);
	memset(&bulk, 0, sizeof bulk);
	return ok;
}

/* The next number of (unit, year) from the bulk cache; 0 on error. */
static long bulk_next(sqlite3 *db, long long unit, int year, char *err, size_t errlen)
{
	for (int i = 0; i < bulk.n; i++)
		if (bulk.c[i].unit == unit && bulk.c[i].year == year)
			return bulk.c[i].next++;
	if (bulk.n == bulk.cap) {
		bulk.cap = bulk.cap ? bulk.cap * 2 : 64;
		bulk_counter *grown = realloc(bulk.c, (size_t)bulk.cap * sizeof *grown);
		if (!grown)
			abort();
		bulk.c = grown;
	}
	bulk_counter *k = &bulk.c[bulk.n];
	k->unit = unit;
	k->year = year;
	k->next = 1;
	k->fresh = true;
	sqlite3_stmt *st = db_prepare(db, "SELECT next_seq FROM counters WHERE unit_id = ?1 AND year = ?2",
	                              err, errlen);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_int(st, 2, year);
	if (sqlite3_step(st) == SQLITE_ROW) {
		k->next = (long)sqlite3_column_int64(st, 0);
		k->fresh = false;
	}
	sqlite3_finalize(st);
	bulk.n++;
	return k->next++;
}

static bool write_new(sqlite3 *db, const config *c, sample *s, const town_def *t, long long unit,
                      const char *user, char *stamp, size_t stamplen, char *err, size_t errlen)
{
	ymd d;
	date_parse(s->v[SF_DATE], &d);
	/* The next number: bump the counter, or start it at 1. (An UPSERT
	 * with RETURNING did this in one statement at three times the cost:
	 * RETURNING builds a temporary table each time. We are inside a write
	 * transaction, so the two steps are atomic.) */
	long seq = 0;
	sqlite3_stmt *bump = bulk.db == db ? NULL : db_cached(db,
		"UPDATE counters SET next_seq = next_seq + 1 WHERE unit_id = ?1 AND year = ?2", err, errlen);
	if (bulk.db == db)
		seq = bulk_next(db, unit, d.y, err, errlen);
	if (bump) {
		sqlite3_bind_int64(bump, 1, unit);
		sqlite3_bind_int(bump, 2, d.y);
		int rc = sqlite3_step(bump);
		db_done(bump);
		sqlite3_stmt *next = NULL;
		if (rc == SQLITE_DONE && sqlite3_changes(db) == 0) /* the first of its town and year */
			next = db_cached(db, "INSERT INTO counters(unit_id, year, next_seq) VALUES (?1, ?2, 2)"
			                 " RETURNING 1", err, errlen);
		else if (rc == SQLITE_DONE)
			next = db_cached(db, "SELECT next_seq - 1 FROM counters WHERE unit_id = ?1 AND year = ?2",
			                 err, errlen);
		if (next) {
			sqlite3_bind_int64(next, 1, unit);
			sqlite3_bind_int(next, 2, d.y);
			if (sqlite3_step(next) == SQLITE_ROW)
				seq = (long)sqlite3_column_int64(next, 0);
			while (sqlite3_step(next) == SQLITE_ROW)
				;
			db_done(next);
		}
	}
	if (seq <= 0) {
		db_error(db, "分配样品编号失败", err, errlen);
		return false;
	}
	sample_format_no(c, t->short_name, d.y, seq, s->sample_no, sizeof s->sample_no);
	date_now_stamp(stamp, stamplen);
	sqlite3_stmt *st = db_cached(db,
		"INSERT INTO samples(sample_no, unit_id, year, seq, kind, sample_date, producer, product,"
		" category, stage, place, quantity, samplers, tester, inhibition, item, value, unit,"
		" limit_value, remarks, verdict, flag_confirm, created_at, created_by, producer_id, ext_no)"
		" VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26)",
		err, errlen);
	bool ok = st != NULL;
	if (ok) {
		sqlite3_bind_text(st, 1, s->sample_no, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, unit);
		sqlite3_bind_int(st, 3, d.y);
		sqlite3_bind_int64(st, 4, seq);
		bind_field(st, 5, s, SF_KIND);
		bind_field(st, 6, s, SF_DATE);
		static const int order[] = {SF_PRODUCER, SF_PRODUCT, SF_CATEGORY, SF_STAGE, SF_PLACE,
		                            SF_QUANTITY, SF_SAMPLERS, SF_TESTER, SF_INHIBITION, SF_ITEM,
		                            SF_VALUE, SF_UNIT, SF_LIMIT, SF_REMARKS};
		for (int i = 0; i < (int)(sizeof order / sizeof *order); i++)
			bind_field(st, 7 + i, s, order[i]);
		sqlite3_bind_text(st, 21, s->fail ? "fail" : "pass", -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 22, s->flag_confirm);
		sqlite3_bind_text(st, 23, stamp, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 24, user, -1, SQLITE_STATIC);
		if (s->producer_id > 0)
			sqlite3_bind_int64(st, 25, s->producer_id);
		else
			sqlite3_bind_null(st, 25);
		db_bind_text_or_null(st, 26, s->ext_no);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_error(db, "保存失败", err, errlen);
			ok = false;
		}
		db_done(st);
	}
	if (!ok)
		s->sample_no[0] = '\0';
	return ok;
}

static void saved(sample *s, long long id, const char *stamp, const char *user)
{
	s->id = id;
	s->version = 1;
	snprintf(s->created_at, sizeof s->created_at, "%s", stamp);
	snprintf(s->created_by, sizeof s->created_by, "%s", user);
}

/* The town's unit in the database, or a field error (nothing written). */
static long long unit_for(sqlite3 *db, const config *c, const sample *s, const account *who,
                          const town_def **t, sample_error *e)
{
	const char *no = user_may_write_town(who, s->v[SF_TOWN]);
	if (no)
		return fail(e, SF_TOWN, "%s", no);
	*t = config_town(c, s->v[SF_TOWN]);
	long long unit = units_id(db, (*t)->name);
	if (!unit)
		return fail(e, SF_TOWN, "镇街 %s 不在数据库中，请联系管理员 (nongjian init 会补上)", (*t)->name);
	return unit;
}

bool sample_insert(sqlite3 *db, const config *c, const form_def *f, sample *s,
                   const account *who, sample_error *e)
{
	const char *user = who->login;
	const town_def *t;
	if (!sample_validate(c, f, s, e))
		return false;
	long long unit = unit_for(db, c, s, who, &t, e);
	if (!unit)
		return false;
	char err[512], stamp[24];
	e->field = -1;
	db_tx tx;
	if (!db_begin(db, &tx, err, sizeof err))
		return fail(e, -1, "%s", err);
	if (!write_new(db, c, s, t, unit, user, stamp, sizeof stamp, err, sizeof err)) {
		db_rollback(db, &tx);
		return fail(e, -1, "%s", err);
	}
	long long id = sqlite3_last_insert_rowid(db);
	char summary[512];
	snprintf(summary, sizeof summary, "%s %s %s %s %s", s->v[SF_TOWN], s->v[SF_KIND], s->v[SF_PRODUCT],
	         *s->v[SF_INHIBITION] ? s->v[SF_INHIBITION] : s->v[SF_VALUE], sample_verdict_text(s));
	if (!audit_add(db, user, "sample.create", s->sample_no, NULL, summary, err, sizeof err)) {
		db_rollback(db, &tx);
		s->sample_no[0] = '\0';
		return fail(e, -1, "%s", err);
	}
	if (!db_commit(db, &tx, err, sizeof err)) {
		s->sample_no[0] = '\0';
		return fail(e, -1, "%s", err);
	}
	saved(s, id, stamp, user);
	return true;
}

bool sample_insert_bulk(sqlite3 *db, const config *c, sample *s, const account *who, sample_error *e)
{
	const town_def *t;
	e->field = -1;
	e->msg[0] = '\0';
	long long unit = unit_for(db, c, s, who, &t, e);
	if (!unit)
		return false;
	char err[512], stamp[24];
	if (!write_new(db, c, s, t, unit, who->login, stamp, sizeof stamp, err, sizeof err))
		return fail(e, -1, "%s", err);
	saved(s, sqlite3_last_insert_rowid(db), stamp, who->login);
	return true;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

#define LOAD_COLUMNS                                                                        \
	"s.id, s.sample_no, s.version, s.sample_date, u.name, s.kind, s.producer, s.product,"  \
	" s.category, s.stage, s.place, s.quantity, s.samplers, s.tester, s.inhibition,"        \
	" s.item, s.value, s.unit, s.limit_value, s.remarks, s.verdict, s.flag_confirm,"        \
	" s.status, s.void_reason, s.created_at, s.created_by, s.updated_at, s.updated_by, s.ext_no"

/* Fill s from a row selected with LOAD_COLUMNS. */
static void fill_from_row(sqlite3_stmt *st, sample *s)
{
	sample_free(s);
	sample_init(s);
	s->id = sqlite3_column_int64(st, 0);
	snprintf(s->sample_no, sizeof s->sample_no, "%s", col_text(st, 1));
	s->version = sqlite3_column_int(st, 2);
	/* Columns 3.. follow sample_field order (date, town, kind, ...). */
	for (int f = 0; f < SF_COUNT; f++) {
		int col = 3 + f;
		if (sqlite3_column_type(st, col) == SQLITE_NULL)
			continue;
		if (is_numeric(f)) {
			char num[64];
			sample_format_number(sqlite3_column_double(st, col), num, sizeof num);
			sample_set(s, f, num);
		} else if (f == SF_KIND) {
			sample_set(s, f, kind_label(kind_from_code(col_text(st, col))));
		} else {
			sample_set(s, f, col_text(st, col));
		}
	}
	s->fail = strcmp(col_text(st, 20), "fail") == 0;
	s->flag_confirm = sqlite3_column_int(st, 21) != 0;
	s->voided = strcmp(col_text(st, 22), "void") == 0;
	snprintf(s->void_reason, sizeof s->void_reason, "%s", col_text(st, 23));
	snprintf(s->created_at, sizeof s->created_at, "%s", col_text(st, 24));
	snprintf(s->created_by, sizeof s->created_by, "%s", col_text(st, 25));
	snprintf(s->updated_at, sizeof s->updated_at, "%s", col_text(st, 26));
	snprintf(s->updated_by, sizeof s->updated_by, "%s", col_text(st, 27));
	snprintf(s->ext_no, sizeof s->ext_no, "%s", col_text(st, 28));
}

bool sample_load(sqlite3 *db, long long id, sample *s, char *err, size_t errlen)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " LOAD_COLUMNS " FROM samples s JOIN units u ON u.id = s.unit_id WHERE s.id = ?",
		err, errlen);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		fill_from_row(st, s);
	else if (rc == SQLITE_DONE)
		snprintf(err, errlen, "找不到记录 (编号 %lld)", id);
	else
		db_error(db, "读取记录失败", err, errlen);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW;
}

bool sample_each(sqlite3 *db, int year, sample_each_fn fn, void *ctx, char *err, size_t errlen)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " LOAD_COLUMNS " FROM samples s JOIN units u ON u.id = s.unit_id"
		" WHERE ?1 = 0 OR s.year = ?1 ORDER BY s.id", err, errlen);
	if (!st)
		return false;
	sqlite3_bind_int(st, 1, year);
	sample s;
	sample_init(&s);
	int rc;
	bool go = true;
	while (go && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill_from_row(st, &s);
		go = fn(ctx, &s);
	}
	sample_free(&s);
	sqlite3_finalize(st);
	if (go && rc != SQLITE_DONE) {
		db_error(db, "读取记录失败", err, errlen);
		return false;
	}
	return true;
}

long long sample_find_no(sqlite3 *db, const char *sample_no)
{
	sqlite3_stmt *st;
	long long id = 0;
	if (sqlite3_prepare_v2(db, "SELECT id FROM samples WHERE sample_no = ?", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, sample_no, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static bool add_change(sqlite3 *db, long long id, int version, const char *stamp, const char *user,
                       const char *reason, const char *field, const char *old_value,
                       const char *new_value, char *err, size_t errlen)
{
	sqlite3_stmt *st = db_prepare(db,
		"INSERT INTO sample_changes(sample_id, version, changed_at, changed_by, reason, field,"
		" old_value, new_value) VALUES (?,?,?,?,?,?,?,?)", err, errlen);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	sqlite3_bind_text(st, 3, stamp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, field, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 7, old_value);
	db_bind_text_or_null(st, 8, new_value);
	bool ok = sqlite3_step(st) == SQLITE_DONE;
	if (!ok)
		db_error(db, "写入修改记录失败", err, errlen);
	sqlite3_finalize(st);
	return ok;
}

/* A reason is required and must be storable text. */
static const char *check_reason(const char *reason)
{
	const char *p = reason ? reason : "";
	while (*p == ' ' || *p == '\t' || strncmp(p, "\xE3\x80\x80", 3) == 0) /* spaces, U+3000 */
		p += *p == ' ' || *p == '\t' ? 1 : 3;
	if (!*p)
		return "必须填写";
	return text_check(reason);
}

bool sample_correct(sqlite3 *db, const config *c, const form_def *f, sample *s,
                    const char *reason, const account *who, sample_error *e)
{
	const char *user = who->login;
	char err[512], stamp[24], before[1024] = "", after[1024] = "";
	size_t blen = 0, alen = 0;
	e->conflict = false;
	const char *bad = check_reason(reason);
	if (bad)
		return fail(e, -1, "更正原因%s", bad);
	if (!sample_validate(c, f, s, e))
		return false;
	db_tx tx;
	if (!db_begin(db, &tx, err, sizeof err))
		return fail(e, -1, "%s", err);
	sample old;
	sample_init(&old);
	bool ok = sample_load(db, s->id, &old, err, sizeof err);
	if (ok && old.voided) {
		snprintf(err, sizeof err, "记录 %s 已作废，不能更正", old.sample_no);
		ok = false;
	}
	const char *no = ok ? user_may_write_town(who, old.v[SF_TOWN]) : NULL;
	if (no) {
		snprintf(err, sizeof err, "%s", no);
		ok = false;
	}
	if (ok && old.version != s->version) {
		snprintf(err, sizeof err,
		         "记录 %s 已被 %s 在 %s 修改 (版本 %d)，请重新打开查看后再更正",
		         old.sample_no, old.updated_by, old.updated_at, old.version);
		e->conflict = true;
		ok = false;
	}
	ymd od, nd;
	date_parse(old.v[SF_DATE], &od);
	date_parse(s->v[SF_DATE], &nd);
	if (ok && strcmp(old.v[SF_TOWN], s->v[SF_TOWN]) != 0) {
		e->field = SF_TOWN;
		snprintf(err, sizeof err, "镇街决定样品编号，不能更正；如确实录错，请作废此记录后重新录入");
		ok = false;
	}
	if (ok && od.y != nd.y) {
		e->field = SF_DATE;
		snprintf(err, sizeof err, "抽样日期不能改到另一年 (编号按年度分配)；如确实录错，请作废后重新录入");
		ok = false;
	}
	int changed = 0, version = old.version + 1;
	date_now_stamp(stamp, sizeof stamp);
	for (int i = 0; ok && i < SF_COUNT; i++) {
		if (strcmp(old.v[i], s->v[i]) == 0)
			continue;
		changed++;
		ok = add_change(db, s->id, version, stamp, user, reason, sample_keys[i], old.v[i], s->v[i],
		                err, sizeof err);
		int bn = snprintf(before + blen, sizeof before - blen, "%s%s: %s", blen ? "; " : "", labels[i], old.v[i]);
		int an = snprintf(after + alen, sizeof after - alen, "%s%s: %s", alen ? "; " : "", labels[i], s->v[i]);
		blen = bn > 0 && blen + (size_t)bn < sizeof before ? blen + (size_t)bn : blen;
		alen = an > 0 && alen + (size_t)an < sizeof after ? alen + (size_t)an : alen;
	}
	if (ok && (old.fail != s->fail || old.flag_confirm != s->flag_confirm))
		ok = add_change(db, s->id, version, stamp, user, reason, "verdict",
		                sample_verdict_text(&old), sample_verdict_text(s), err, sizeof err);
	if (ok && changed == 0) {
		snprintf(err, sizeof err, "没有任何改动，无需更正");
		ok = false;
	}
	if (ok) {
		char sql[1024];
		size_t n = (size_t)snprintf(sql, sizeof sql, "UPDATE samples SET ");
		for (int i = 0; i < SF_COUNT; i++)
			if (columns[i])
				n += (size_t)snprintf(sql + n, sizeof sql - n, "%s = ?%d, ", columns[i], i + 1);
		snprintf(sql + n, sizeof sql - n,
		         "verdict = ?30, flag_confirm = ?31, version = ?32, updated_at = ?33, updated_by = ?34 "
		         "WHERE id = ?35 AND version = ?36");
		sqlite3_stmt *st = db_prepare(db, sql, err, sizeof err);
		ok = st != NULL;
		if (ok) {
			for (int i = 0; i < SF_COUNT; i++)
				if (columns[i])
					bind_field(st, i + 1, s, i);
			sqlite3_bind_text(st, 30, s->fail ? "fail" : "pass", -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 31, s->flag_confirm);
			sqlite3_bind_int(st, 32, version);
			sqlite3_bind_text(st, 33, stamp, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 34, user, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 35, s->id);
			sqlite3_bind_int(st, 36, old.version);
			if (sqlite3_step(st) != SQLITE_DONE || sqlite3_changes(db) != 1) {
				db_error(db, "更正失败", err, sizeof err);
				ok = false;
			}
			sqlite3_finalize(st);
		}
	}
	if (ok) {
		char entity[160];
		snprintf(entity, sizeof entity, "%s (原因: %s)", old.sample_no, reason);
		ok = audit_add(db, user, "sample.correct", entity, before, after, err, sizeof err);
	}
	sample_free(&old);
	if (!ok) {
		db_rollback(db, &tx);
		return fail(e, e->field, "%s", err);
	}
	if (!db_commit(db, &tx, err, sizeof err))
		return fail(e, -1, "%s", err);
	s->version = version;
	snprintf(s->updated_at, sizeof s->updated_at, "%s", stamp);
	snprintf(s->updated_by, sizeof s->updated_by, "%s", user);
	return true;
}

bool sample_void(sqlite3 *db, long long id, int version, const char *reason,
                 const account *who, char *err, size_t errlen)
{
	const char *user = who->login;
	const char *bad = check_reason(reason);
	if (bad) {
		snprintf(err, errlen, "作废原因%s", bad);
		return false;
	}
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	sample old;
	sample_init(&old);
	char stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	bool ok = sample_load(db, id, &old, err, errlen);
	if (ok && old.voided) {
		snprintf(err, errlen, "记录 %s 已经作废", old.sample_no);
		ok = false;
	}
	const char *no = ok ? user_may_write_town(who, old.v[SF_TOWN]) : NULL;
	if (no) {
		snprintf(err, errlen, "%s", no);
		ok = false;
	}
	if (ok && old.version != version) {
		snprintf(err, errlen, "记录 %s 已被 %s 修改，请重新打开后再操作", old.sample_no, old.updated_by);
		ok = false;
	}
	ok = ok && add_change(db, id, version + 1, stamp, user, reason, "status", "有效", "作废", err, errlen);
	ok = ok && audit_add(db, user, "sample.void", old.sample_no, "有效", reason, err, errlen);
	if (ok) {
		sqlite3_stmt *st = db_prepare(db,
			"UPDATE samples SET status = 'void', void_reason = ?1, version = version + 1,"
			" updated_at = ?2, updated_by = ?3 WHERE id = ?4 AND version = ?5", err, errlen);
		ok = st != NULL;
		if (ok) {
			sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, stamp, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, user, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 4, id);
			sqlite3_bind_int(st, 5, version);
			if (sqlite3_step(st) != SQLITE_DONE || sqlite3_changes(db) != 1) {
				db_error(db, "作废失败", err, errlen);
				ok = false;
			}
			sqlite3_finalize(st);
		}
	}
	sample_free(&old);
	if (!ok) {
		db_rollback(db, &tx);
		return false;
	}
	return db_commit(db, &tx, err, errlen);
}

bool sample_history(sqlite3 *db, long long id, sample_change_fn fn, void *ctx,
                    char *err, size_t errlen)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT version, changed_at, changed_by, reason, field, old_value, new_value"
		" FROM sample_changes WHERE sample_id = ? ORDER BY version, id", err, errlen);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sample_change ch = {
			.version = sqlite3_column_int(st, 0),
			.at = col_text(st, 1),
			.by = col_text(st, 2),
			.reason = col_text(st, 3),
			.field = col_text(st, 4),
			.old_value = col_text(st, 5),
			.new_value = col_text(st, 6),
		};
		fn(ctx, &ch);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_error(db, "读取修改记录失败", err, errlen);
		return false;
	}
	return true;
}
