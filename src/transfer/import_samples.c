/* Importing sampling records (imports.h): the header names, identity of
 * rows already in the database, and each row through sample_validate
 * (the screen's checks) into the stage (sample_stage.h), which numbers
 * and saves them all in one short write transaction. */
#include "transfer/imports.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "store/db.h"
#include "base/kinds.h"
#include "sample/sample.h"
#include "sample/sample_stage.h"
#include "base/text.h"
#include "store/units.h"
#include "store/users.h"

/* Columns besides the form's fields (those are 0..SF_COUNT-1). */
enum { XF_SAMPLE_NO = SF_COUNT, XF_EXT_NO, XF_STATUS, XF_VOID_REASON, XF_CREATED_AT, XF_COUNT };

static const imp_extra extras[] = {
	{XF_SAMPLE_NO, "样品编号", "sample_no"},
	{XF_EXT_NO, "外部编号", "ext_no"},
	{XF_STATUS, "状态", "status"},
	{XF_VOID_REASON, "作废原因", "void_reason"},
	{XF_CREATED_AT, "录入时间", "created_at"},
	{0, NULL, NULL},
};

/* Columns of our own export the program computes or records itself, and
 * a spreadsheet's row numbers: known, not imported. */
static const char *const ignored[] = {
	"判定", "verdict", "建议送检", "flag_confirm", "版本", "version", "录入人", "created_by",
	"修改人", "updated_by", "修改时间", "updated_at", "更正记录", "history", "序号", "id", "处置状态",
	"followup", NULL,
};

typedef struct {
	imp_core c;
	sample s;
	long long *units;         /* units.id by configured town, 0: not yet known */
	sample_stage *stage;      /* the checked records, saved together */
	bool old_header;          /* the header says 镇街: a template from before issue 13 */
} samples_import;

static long long unit_of(samples_import *x, const char *town)
{
	const config *c = x->c.a->cfg;
	for (int i = 0; i < c->ntowns; i++) {
		if (strcmp(c->towns[i].name, town) == 0) {
			if (!x->units[i])
				x->units[i] = units_id(x->c.a->db, town);
			return x->units[i];
		}
	}
	return units_id(x->c.a->db, town);
}

static int field_for(void *ctx, const char *header)
{
	samples_import *x = ctx;
	char h[256];
	importer_fold(header, h, sizeof h);
	/* Templates made before 检测单位 and 抽样地点 were apart have 镇街
	 * for the unit and 抽样地点 for the place text: read such a file as
	 * it was meant (the header is read twice, so the second reading
	 * knows whether 镇街 is anywhere in it). */
	if (importer_same(h, "镇街"))
		x->old_header = true;
	if (x->old_header && importer_same(h, "抽样地点"))
		return SF_PLACE;
	return imp_core_field(ctx, header);
}

/* Excel's ways with cells (cells.h): the sampling date may come as
 * 2026年6月1日 or a serial number; place and remarks may have Alt+Enter
 * line breaks. Names, towns and numbers refuse line breaks. */
static cell_kind field_cell(void *ctx, int field)
{
	(void)ctx;
	return field == SF_DATE ? CELL_DATE : field == SF_PLACE || field == SF_REMARKS ? CELL_LINES : CELL_PLAIN;
}

/* Under the write lock: the checked records into samples. */
static bool save(void *ctx, long *late, char *err, size_t errlen)
{
	samples_import *x = ctx;
	return sample_stage_save(x->stage, x->c.max_id, &x->c.a->me, late, err, errlen);
}

/* As the file's rows begin (no lock): what is in the database now is
 * what the rows are compared with; records saved by others after this
 * are looked at again by save(). */
static bool begin(void *ctx, char *err, size_t errlen)
{
	samples_import *x = ctx;
	x->stage = sample_stage_open(x->c.a->db, x->c.a->cfg, err, errlen);
	/* How often a row without numbers was found already present, by its
	 * content: the k-th equal row of a file is present when the database
	 * had at least k equal records before. */
	return x->stage &&
	       imp_core_begin(&x->c, "CREATE TEMP TABLE IF NOT EXISTS import_seen (h INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
	                      "DELETE FROM temp.import_seen;", err, errlen);
}

/* Find a record by a number column; 0 when none. */
static long long find_no(db_conn *db, db_stmt *st, const char *no, char *created, size_t clen)
{
	(void)db;
	long long id = 0;
	db_bind_text(st, 1, no);
	if (db_step(st) == DB_ROW) {
		id = db_column_int64(st, 0);
		const char *t = db_column_text(st, 1);
		if (created)
			snprintf(created, clen, "%s", t ? t : "");
	}
	db_done(st);
	return id;
}

/* Fields compared after the leading columns of samples_for_quota. */
static bool compared_later(int f)
{
	return f != SF_DATE && f != SF_TOWN && f != SF_KIND && f != SF_CATEGORY && f != SF_PRODUCT;
}

/* The count of valid and void records equal in every field to a row
 * (?1 year, ?2 unit, ?3 kind, ?4 date, ?5 category, ?6 product, then
 * the other fields in table order, then the last id before the import).
 * The first five columns are those of samples_for_quota; "+" keeps the
 * planner from the index on producer (NULL for every stall); an IN list
 * for status would build a temporary index per call. */
static const char *equal_sql(void)
{
	static char sql[4096];
	if (sql[0])
		return sql;
	char same[1536] = "";
	size_t used = 0;
	int n = 6;
	for (int f = 0; f < SF_COUNT; f++)
		if (compared_later(f))
			used += (size_t)snprintf(same + used, sizeof same - used, " AND +%s IS ?%d",
			                         sample_type.fields[f].column, ++n);
#define EQUAL_TO                                                                                \
	"SELECT count(*) FROM samples WHERE year = ?1 AND status = '%s' AND unit_id = ?2 AND kind = ?3" \
	" AND sample_date = ?4 AND +category = ?5 AND +product = ?6%s AND +id <= ?%d"
	snprintf(sql, sizeof sql, "SELECT (" EQUAL_TO ") + (" EQUAL_TO ")", "valid", same, n + 1, "void", same,
	         n + 1);
	return sql;
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	h ^= 0x1F;
	return h * 1099511628211ULL;
}

/* Is a row without numbers already present by its content? 1 yes, 0 no,
 * -1 on a database error. */
static int present_by_content(samples_import *x, const sample *s, char *err, size_t errlen)
{
	db_conn *db = x->c.a->db;
	ymd d;
	date_parse(s->v[SF_DATE], &d);
	long long unit = unit_of(x, s->v[SF_TOWN]);
	db_stmt *st = db_cached(db, equal_sql(), err, errlen);
	if (!st)
		return -1;
	db_bind_int(st, 1, d.y);
	db_bind_int64(st, 2, unit);
	static const int lead[] = {SF_KIND, SF_DATE, SF_CATEGORY, SF_PRODUCT};
	for (int i = 0; i < 4; i++)
		rec_bind(st, 3 + i, &sample_type, lead[i], s->v[lead[i]], unit);
	int idx = 6;
	for (int f = 0; f < SF_COUNT; f++)
		if (compared_later(f))
			rec_bind(st, ++idx, &sample_type, f, s->v[f], unit);
	db_bind_int64(st, idx + 1, x->c.max_id);
	long long have = 0;
	int rc = db_step(st);
	if (rc == DB_ROW)
		have = db_column_int64(st, 0);
	db_done(st);
	if (rc != DB_ROW) {
		db_error(db, "查找已有记录失败", err, errlen);
		return -1;
	}
	if (have == 0)
		return 0;
	uint64_t h = 14695981039346656037ULL;
	for (int f = 0; f < SF_COUNT; f++)
		h = fnv(h, s->v[f]);
	db_stmt *seen = db_cached(db, "SELECT n FROM temp.import_seen WHERE h = ?1", err, errlen);
	if (!seen)
		return -1;
	db_bind_int64(seen, 1, (long long)h);
	long long n = db_step(seen) == DB_ROW ? db_column_int64(seen, 0) : 0;
	db_done(seen);
	if (n >= have)
		return 0;
	db_stmt *up = db_cached(db,
		"INSERT INTO temp.import_seen(h, n) VALUES (?1, 1) ON CONFLICT(h) DO UPDATE SET n = n + 1",
		err, errlen);
	if (!up)
		return -1;
	db_bind_int64(up, 1, (long long)h);
	return db_run(db, up, "导入失败", err, errlen) ? 1 : -1;
}

static imp_result row(void *ctx, char **values, imp_problem *p)
{
	samples_import *x = ctx;
	app *a = x->c.a;
	sample *s = imp_core_fill(&x->c, values);
	char err[512];
	s->producer_id = 0;
	s->sample_no[0] = s->ext_no[0] = '\0';
	const char *no = values[XF_SAMPLE_NO], *ext = values[XF_EXT_NO];
	if (no && *no && x->c.max_id == 0) {
		/* An empty database has none of them: the number is external. */
		if (!ext || !*ext)
			ext = no;
	} else if (no && *no) {
		char created[32] = "";
		db_stmt *st = db_cached(a->db, "SELECT id, created_at FROM samples WHERE sample_no = ?1",
		                             err, sizeof err);
		if (!st)
			return imp_fatal(p, err);
		long long id = find_no(a->db, st, no, created, sizeof created);
		const char *at = values[XF_CREATED_AT];
		if (id && id <= x->c.max_id && (!at || !*at || strcmp(at, created) == 0))
			return IMP_PRESENT;
		/* Not a record of this database (or another record that happens
		 * to have the same number, perhaps one numbered by this very
		 * import): keep the number as where it came from. Twice in one
		 * file is found by that. */
		if (!ext || !*ext)
			ext = no;
	}
	int ext_field = ext == no ? XF_SAMPLE_NO : XF_EXT_NO;
	if (ext && *ext) {
		int f = ext_field;
		const char *why = text_check(ext);
		if (why)
			return imp_bad(p, f, "编号%s", why);
		if (strlen(ext) >= sizeof s->ext_no)
			return imp_bad(p, f, "编号过长 (最多 %zu 字节)", sizeof s->ext_no - 1);
		db_stmt *st = db_cached(a->db, "SELECT id, NULL FROM samples WHERE ext_no = ?1 AND ext_no <> ''",
		                             err, sizeof err);
		if (!st)
			return imp_fatal(p, err);
		/* Saved before, by an earlier import (or by one that ran while
		 * this file was being checked). Twice in this file: the stage. */
		if (find_no(a->db, st, ext, NULL, 0))
			return IMP_PRESENT;
		snprintf(s->ext_no, sizeof s->ext_no, "%s", ext);
	}
	bool voided = false;
	const char *status = values[XF_STATUS];
	const char *reason = values[XF_VOID_REASON] && *values[XF_VOID_REASON] ? values[XF_VOID_REASON]
	                   : "导入的文件中已标为作废";
	if (status && *status) {
		voided = strcmp(status, "作废") == 0 || strcmp(status, "void") == 0;
		if (!voided && strcmp(status, "有效") != 0 && strcmp(status, "valid") != 0)
			return imp_bad(p, XF_STATUS, "状态 \"%s\" 无效：应为 有效 或 作废 (也可以不填)", status);
		const char *why = voided ? text_check(reason) : NULL;
		if (why)
			return imp_bad(p, XF_VOID_REASON, "作废原因%s", why);
	}
	sample_error e;
	if (!sample_validate(a->cfg, x->c.f, s, &e))
		return imp_bad(p, e.field, "%s", e.msg);
	const char *denied = user_may_write_town(&a->me, s->v[SF_TOWN]);
	if (denied)
		return imp_bad(p, SF_TOWN, "%s", denied);
	if (!*s->ext_no && x->c.max_id > 0) {
		int r = present_by_content(x, s, err, sizeof err);
		if (r < 0)
			return imp_fatal(p, err);
		if (r > 0)
			return IMP_PRESENT;
	}
	if (!sample_may_save(a->cfg, s, &a->me, &e))
		return imp_bad(p, e.field, "%s", e.msg);
	long long unit = unit_of(x, s->v[SF_TOWN]);
	if (!unit)
		return imp_bad(p, SF_TOWN, "镇街 %s 不在数据库中，请联系管理员 (nongjian init 会补上)", s->v[SF_TOWN]);
	/* Checked: put aside, numbered and saved with the others under the
	 * write lock; one audit row for the whole import (importer.c). */
	switch (sample_stage_add(x->stage, s, unit, voided ? reason : NULL, err, sizeof err)) {
	case STAGE_ADDED:
		return IMP_NEW;
	case STAGE_TWICE:
		return imp_bad(p, ext_field, "编号 %s 在本文件中出现了两次", s->ext_no);
	case STAGE_FAILED:
		break;
	}
	return imp_fatal(p, err);
}

void import_samples(app *a, FILE *fp, const imp_options *o, imp_summary *s)
{
	samples_import x = {.c = {.a = a, .rt = &sample_type, .f = app_form(a, "sample"), .extras = extras,
	                          .ignored = ignored, IMP_RECORD(x.s)}};
	x.units = xcalloc((size_t)a->cfg->ntowns, sizeof *x.units);
	static const imp_kind kind = {
		IMP_RECORD_KIND("抽样检测记录", "samples", XF_COUNT),
		.field_for = field_for,
		.field_required = imp_core_required,
		.bulk_table = "samples",
		.save = save,
	};
	imp_core_run(&x.c, &kind, &x, fp, o, s);
	sample_stage_close(x.stage);
	free(x.units);
}

bool template_samples(app *a, FILE *out, char *err, size_t errlen)
{
	static const char *const tail[] = {"外部编号", NULL};
	return importer_template(out, NULL, app_form(a, "sample"), tail, err, errlen);
}
