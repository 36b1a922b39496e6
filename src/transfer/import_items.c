/* The items of quantitative samples as a second CSV (the export's
 * 定量检测项目 sheet): the template (its header), and the import, which
 * adds each row's item to a sample already saved, found by its 样品编号.
 * Each item is read by the rules of 项目= (items.h: the decimal text kept,
 * μg/kg converted, a unit that is neither refused, a banned substance
 * 不合格 whenever detected, the limit from the table when none is typed),
 * and the sample's new list is saved as a correction of the sample
 * (sample_correct: a version, the history of 项目 and 判定, an audit row),
 * one per sample of the file, with the reason 导入检测项目 and the file's
 * name. An item the sample has with the same value is present (so a file
 * imported twice adds nothing); with another value it is refused: a
 * changed result is a correction someone makes on purpose. No curses. */
#include "transfer/imports.h"

#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/err.h"
#include "base/kinds.h"
#include "base/text.h"
#include "sample/items.h"
#include "sample/sample.h"
#include "store/db.h"

enum { XI_NO, XI_ITEM, XI_VALUE, XI_LOD, XI_UNIT, XI_LIMIT, XI_LIMIT_UNIT, XI_SOURCE,
       XI_TEXT, /* the item as 项目= writes it (no column: filled by check) */
       XI_COUNT };

static const imp_extra columns[] = {
	{XI_NO, "样品编号", NULL},     {XI_ITEM, "项目", "检测项目"}, {XI_VALUE, "检测值", NULL},
	{XI_LOD, "检出限", NULL},      {XI_UNIT, "单位", NULL},       {XI_LIMIT, "限量", "限量值"},
	{XI_LIMIT_UNIT, "限量单位", NULL}, {XI_SOURCE, "限量来源", NULL}, {0, NULL, NULL},
};
/* Columns of our own export the sample's verdict recomputes. */
static const char *const ignored[] = {"依据", "判定", "原因", NULL};

typedef struct {
	app *a;
	const form_def *f;
	char reason[256];
	char text[512];
	/* The sample whose items row() is gathering (one correction each). */
	sample s;
	bool pending;
	char *list;
	int added;
} items_import;

static int field_for(void *ctx, const char *header)
{
	(void)ctx;
	return imp_extra_field(header, columns, ignored);
}

static const char *field_label(void *ctx, int field)
{
	(void)ctx;
	return field == XI_TEXT ? "项目" : columns[field].label;
}

static bool field_required(void *ctx, int field)
{
	(void)ctx;
	return field == XI_NO || field == XI_ITEM || field == XI_VALUE;
}

static cell_kind field_cell(void *ctx, int field)
{
	(void)ctx;
	return field == XI_NO ? CELL_CODE : CELL_PLAIN;
}

static bool begin(void *ctx, char *err, size_t errlen)
{
	items_import *x = ctx;
	/* The file's (sample, item) pairs so far: the same item twice in a
	 * file is refused, as 项目= refuses it. */
	if (db_exec(x->a->db,
	                 "CREATE TEMP TABLE IF NOT EXISTS import_items_seen(no TEXT, item TEXT, PRIMARY KEY(no, item));"
	                 " DELETE FROM temp.import_items_seen") == DB_OK)
		return true;
	db_error(x->a->db, "准备导入失败", err, errlen);
	return false;
}

static const char *cell(char **values, int f)
{
	return values[f] ? values[f] : "";
}

/* The row as one item of 项目= (名称:值[:单位[:限量]]) into x->text. A
 * limit equal to the table's for the product is the table's (unless the
 * file says 手填), so an exported list comes back as it was. */
static bool item_text(items_import *x, const sample *s, char **values, imp_problem *p)
{
	const config *c = x->a->cfg;
	static const char *const seps[] = {":", "：", ";", "；"};
	for (int f = XI_ITEM; f <= XI_LIMIT_UNIT; f++)
		for (size_t i = 0; i < sizeof seps / sizeof *seps; i++)
			if (strstr(cell(values, f), seps[i]))
				return rec_fail(p, f, "不能含有 \"%s\"：每个单元格只写一项内容", seps[i]);
	const char *name = cell(values, XI_ITEM), *value = cell(values, XI_VALUE), *lod = cell(values, XI_LOD);
	const char *unit = cell(values, XI_UNIT), *limit = cell(values, XI_LIMIT);
	const char *limit_unit = cell(values, XI_LIMIT_UNIT);
	char v[128];
	if (*lod && strcmp(value, "未检出") == 0)
		snprintf(v, sizeof v, "未检出(%s)", lod);
	else
		snprintf(v, sizeof v, "%s", value);
	int ushift = 0, lshift = 0, tshift = 0;
	const char *u = *unit ? items_unit(unit, &ushift) : NULL;
	if (*unit && !u)
		return rec_fail(p, XI_UNIT, "单位 \"%s\" 无法与限量比较：请写 mg/kg 或 μg/kg", unit);
	const char *lu = *limit_unit ? items_unit(limit_unit, &lshift) : u;
	if (*limit_unit && !lu)
		return rec_fail(p, XI_LIMIT_UNIT, "限量单位 \"%s\" 无法比较：请写 mg/kg 或 μg/kg", limit_unit);
	if (*limit) {
		const limit_def *l = config_limit(c, s->v[SF_PRODUCT], s->v[SF_CATEGORY], name);
		if (l && strcmp(cell(values, XI_SOURCE), "手填") != 0 && items_unit(l->unit, &tshift) &&
		    items_decimal_cmp(limit, lu ? lshift : tshift, l->limit, tshift) == 0)
			limit = ""; /* the table's */
		else if (lu && (u ? strcmp(u, lu) != 0 : strcmp(lu, "mg/kg") != 0))
			return rec_fail(p, XI_LIMIT_UNIT, "限量单位 %s 与检测值的单位 %s 不同：请把限量换算为检测值的单位",
			                lu, u ? u : "mg/kg");
	}
	snprintf(x->text, sizeof x->text, "%s:%s:%s%s%s", name, v, u ? u : "", *limit ? ":" : "", limit);
	return true;
}

/* The item parsed for the sample's product: false with the message. */
static bool parse_item(items_import *x, const sample *s, const char *text, sample_items *it, imp_problem *p)
{
	char err[512];
	if (items_parse(x->a->cfg, s->v[SF_PRODUCT], s->v[SF_CATEGORY], text, it, err, sizeof err))
		return true;
	return rec_fail(p, XI_ITEM, "%s", err);
}

static bool same_value(const sample_item *a, const sample_item *b)
{
	int as = 0, bs = 0;
	items_unit(a->unit, &as);
	items_unit(b->unit, &bs);
	if (a->not_detected || b->not_detected)
		return a->not_detected && b->not_detected && strcmp(a->lod, b->lod) == 0;
	return items_decimal_cmp(a->value, as, b->value, bs) == 0;
}

/* The new item against a sample's list: IMP_NEW when it has none of that
 * name, IMP_PRESENT with the same value, IMP_BAD with another. */
static imp_result against(items_import *x, const sample *s, const char *list, const sample_item *it, imp_problem *p)
{
	sample_items have;
	char err[512];
	if (!items_parse(x->a->cfg, s->v[SF_PRODUCT], s->v[SF_CATEGORY], list, &have, err, sizeof err))
		return imp_bad(p, XI_NO, "样品 %s 已有的检测项目读不出 (%s)：请先更正该样品", s->sample_no, err);
	imp_result r = IMP_NEW;
	for (int i = 0; i < have.n && r == IMP_NEW; i++) {
		if (strcmp(have.v[i].name, it->name) != 0)
			continue;
		char was[256];
		item_describe(&have.v[i], was, sizeof was);
		r = same_value(&have.v[i], it)
		        ? IMP_PRESENT
		        : imp_bad(p, XI_VALUE, "样品 %s 已有项目 %s，值不同 (%s)：改正结果请用 nongjian correct %s --reason 原因 项目=…",
		                  s->sample_no, it->name, was, s->sample_no);
	}
	items_free(&have);
	return r;
}

/* The sample of the row's number, loaded into x->s, that this login may
 * add items to. */
static imp_result find_sample(items_import *x, const char *no, imp_problem *p)
{
	app *a = x->a;
	char err[512];
	long long id = *no ? sample_find_no(a->db, no) : 0;
	if (id <= 0)
		return imp_bad(p, XI_NO, "没有样品编号 %s 的记录：检测项目只能加到已保存的定量检测样品 (先导入或录入样品)", no);
	sample_free(&x->s);
	sample_init(&x->s);
	if (!sample_load(a->db, id, &x->s, err, sizeof err))
		return imp_fatal(p, err);
	const sample *s = &x->s;
	if (s->voided)
		return imp_bad(p, XI_NO, "样品 %s 已作废，不能添加检测项目", no);
	int k = kind_from_label(s->v[SF_KIND]);
	if (k != KIND_ROUTINE && k != KIND_SUPERVISORY)
		return imp_bad(p, XI_NO, "样品 %s 是%s：只有例行监测和监督抽查按项目记录结果", no, s->v[SF_KIND]);
	if (*s->v[SF_ITEM] || *s->v[SF_VALUE])
		return imp_bad(p, XI_NO, "样品 %s 已按单项填写检测结果 (检测项目 %s)：请先用 nongjian correct 改为按项目填写", no,
		               s->v[SF_ITEM]);
	const char *refused = user_may_write_town(&a->me, s->v[SF_TOWN]);
	if (refused)
		return imp_bad(p, XI_NO, "%s", refused);
	return IMP_NEW;
}

/* As the row is read (no write lock): every check the save makes. */
static imp_result check(void *ctx, char **values, imp_problem *p)
{
	items_import *x = ctx;
	const char *no = cell(values, XI_NO);
	imp_result r = find_sample(x, no, p);
	if (r != IMP_NEW || !item_text(x, &x->s, values, p))
		return r != IMP_NEW ? r : IMP_BAD;
	sample_items it;
	if (!parse_item(x, &x->s, x->text, &it, p))
		return IMP_BAD;
	r = against(x, &x->s, x->s.v[SF_ITEMS], &it.v[0], p);
	if (r == IMP_NEW) {
		char err[512];
		db_stmt *st = db_cached(x->a->db, "INSERT OR IGNORE INTO temp.import_items_seen(no, item) VALUES (?1, ?2)",
		                             err, sizeof err);
		if (!st) {
			r = imp_fatal(p, err);
		} else {
			db_bind_text(st, 1, no);
			db_bind_text(st, 2, it.v[0].name);
			int rc = db_step(st);
			db_done(st);
			if (rc != DB_DONE)
				r = imp_fatal(p, "记录已检查的行失败");
			else if (db_changes(x->a->db) == 0)
				r = imp_bad(p, XI_ITEM, "样品 %s 的项目 %s 在文件中写了两次：每个项目只写一行", no, it.v[0].name);
		}
	}
	items_free(&it);
	values[XI_TEXT] = x->text;
	return r;
}

/* The gathered items saved as one correction of their sample. */
static bool flush(items_import *x, char *err, size_t errlen)
{
	bool ok = true;
	if (x->pending && x->added > 0) {
		sample_error e;
		sample_set(&x->s, SF_ITEMS, x->list);
		ok = sample_correct(x->a->db, x->a->cfg, x->f, &x->s, x->reason, &x->a->me, &e);
		if (!ok)
			errf(err, errlen, "样品 %s: %s", x->s.sample_no, e.msg);
	}
	free(x->list);
	x->list = NULL;
	x->pending = false;
	x->added = 0;
	return ok;
}

/* Under the write lock: the item added to its sample's list (saved when
 * the file moves on to another sample, or at the end). */
static imp_result row(void *ctx, char **values, imp_problem *p)
{
	items_import *x = ctx;
	char err[512];
	const char *no = cell(values, XI_NO);
	if (x->pending && strcmp(x->s.sample_no, no) != 0 && !flush(x, err, sizeof err))
		return imp_fatal(p, err);
	if (!x->pending) {
		imp_result r = find_sample(x, no, p); /* as it is now, with what others saved meanwhile */
		if (r != IMP_NEW)
			return r;
		x->list = xstrdup(x->s.v[SF_ITEMS]);
		x->pending = true;
	}
	sample_items it;
	if (!parse_item(x, &x->s, values[XI_TEXT], &it, p))
		return IMP_BAD;
	imp_result r = against(x, &x->s, x->list, &it.v[0], p);
	items_free(&it);
	if (r != IMP_NEW)
		return r;
	size_t n = strlen(x->list) + strlen(values[XI_TEXT]) + 8;
	char *list = xcalloc(n, 1);
	snprintf(list, n, "%s%s%s", x->list, *x->list ? "；" : "", values[XI_TEXT]);
	free(x->list);
	x->list = list;
	x->added++;
	return IMP_NEW;
}

static bool end(void *ctx, bool keep, char *err, size_t errlen)
{
	items_import *x = ctx;
	if (keep)
		return flush(x, err, errlen);
	x->added = 0;
	return flush(x, err, errlen);
}

void import_items(app *a, FILE *fp, const imp_options *o, imp_summary *s)
{
	items_import x = {.a = a, .f = imp_form(a, "sample", s)};
	if (!x.f)
		return;
	const char *src = o->source ? o->source : "", *slash = strrchr(src, '/');
	snprintf(x.reason, sizeof x.reason, "导入检测项目 %s", slash ? slash + 1 : src);
	if (rec_reason_problem(x.reason))
		snprintf(x.reason, sizeof x.reason, "导入检测项目");
	sample_init(&x.s);
	static const imp_kind kind = {IMP_KIND_COMMON("定量检测项目", "sample_items", XI_COUNT), .check = check,
	                              .end = end};
	importer_run(a->db, &kind, &x, fp, o, s);
	free(x.list);
	sample_free(&x.s);
	db_exec(a->db, "DROP TABLE IF EXISTS temp.import_items_seen");
}

bool template_items(app *a, FILE *out, char *err, size_t errlen)
{
	(void)a;
	csvout_bom(out);
	for (int i = 0; i < XI_SOURCE; i++)
		csvout_field(out, columns[i].label, i == 0, true);
	csvout_end(out);
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "写入模板失败 (磁盘已满或没有权限?)");
		return false;
	}
	return true;
}
