#include "quota/report_failed.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/kinds.h"
#include "base/text.h"
#include "sample/items.h"
#include "sample/sample.h"

typedef struct {
	const report_data *d;
	followup_case *cases; /* the quarter's, without their steps */
	int n;
	size_t cap;
} quarter_cases;

static bool quarter_case(void *ctx, const followup_case *fc)
{
	quarter_cases *q = ctx;
	if (strcmp(fc->sample_date, q->d->from) < 0 || strcmp(fc->sample_date, q->d->to) > 0)
		return true;
	q->cases = xgrow(q->cases, &q->cap, (size_t)q->n + 1, sizeof *q->cases);
	followup_case *k = &q->cases[q->n++];
	*k = *fc;
	k->steps = NULL; /* the list needs the case's state, not its steps */
	k->nsteps = 0;
	return true;
}

static int by_sampling(const void *pa, const void *pb)
{
	const followup_case *a = pa, *b = pb;
	int r = strcmp(a->sample_date, b->sample_date);
	return r ? r : strcmp(a->sample_no, b->sample_no);
}

/* A quarter's failing item, or a single-item record's item, read in one
 * query for all the cases: the record's number or id, its place, and what
 * failed in a line's item, value, limit and reason. */
typedef struct {
	char sample_no[96];
	long long sample_id;
	int seq;
	report_failed what;
} found_line;

typedef struct {
	found_line *v;
	int n;
	size_t cap;
} found_lines;

/* What the cases' lines are made of, and d->failed's room. */
typedef struct {
	report_data *d;
	size_t cap;
	found_lines items, singles;
} failed_walk;

static report_failed *new_line(failed_walk *fw, const followup_case *fc, int kind, bool first)
{
	report_data *d = fw->d;
	d->failed = xgrow(d->failed, &fw->cap, (size_t)d->nfailed + 1, sizeof *d->failed);
	report_failed *f = &d->failed[d->nfailed++];
	memset(f, 0, sizeof *f);
	text_copy(f->sample_no, sizeof f->sample_no, fc->sample_no);
	text_copy(f->date, sizeof f->date, fc->sample_date);
	text_copy(f->unit, sizeof f->unit, fc->town);
	text_copy(f->producer, sizeof f->producer, fc->producer);
	text_copy(f->product, sizeof f->product, fc->product);
	text_copy(f->state, sizeof f->state, fc->state_text);
	text_copy(f->overdue, sizeof f->overdue, fc->overdue ? fc->overdue_text : "");
	f->kind = kind;
	f->result = kind == KIND_RAPID ? (fc->warning ? "疑似阳性" : "阳性") : "不合格";
	f->first = first;
	return f;
}

static void set_what(report_failed *f, const char *item, const char *value, const char *value_unit,
                     const char *limit, const char *limit_unit, const char *reason)
{
	text_copy(f->item, sizeof f->item, item);
	text_copy(f->value, sizeof f->value, value);
	text_copy(f->value_unit, sizeof f->value_unit, value_unit);
	text_copy(f->limit, sizeof f->limit, limit);
	text_copy(f->limit_unit, sizeof f->limit_unit, limit_unit);
	text_copy(f->reason, sizeof f->reason, reason);
}

static void put_what(report_failed *f, const report_failed *w)
{
	set_what(f, w->item, w->value, w->value_unit, w->limit, w->limit_unit, w->reason);
}

static found_line *add_found(found_lines *fl)
{
	fl->v = xgrow(fl->v, &fl->cap, (size_t)fl->n + 1, sizeof *fl->v);
	found_line *x = &fl->v[fl->n];
	memset(x, 0, sizeof *x);
	x->seq = fl->n++;
	return x;
}

/* A quantitative record's failing item, as the lab reported it. */
static bool failing_item(void *ctx, const char *sample_no, const sample_item *i)
{
	if (!i->fail)
		return true;
	found_line *x = add_found(ctx);
	text_copy(x->sample_no, sizeof x->sample_no, sample_no);
	set_what(&x->what, i->name, i->value, i->unit, i->limit,
	         !*i->limit ? "" : *i->limit_unit ? i->limit_unit : i->unit, i->reason ? i->reason : "");
	return true;
}

/* A record's single item (entered before items lists, or an input). */
static bool single_item(void *ctx, const sample *s)
{
	found_line *x = add_found(ctx);
	x->sample_id = s->id;
	const char *limit = s->v[SF_LIMIT];
	set_what(&x->what, s->v[SF_ITEM], s->v[SF_VALUE], s->v[SF_UNIT], limit, *limit ? s->v[SF_UNIT] : "",
	         *limit ? "超标" : "");
	return true;
}

/* By record number, then as the lab listed them. */
static int by_number(const void *pa, const void *pb)
{
	const found_line *a = pa, *b = pb;
	int r = strcmp(a->sample_no, b->sample_no);
	return r ? r : (a->seq > b->seq) - (a->seq < b->seq);
}

static int by_id(const void *pa, const void *pb)
{
	const found_line *a = pa, *b = pb;
	return (a->sample_id > b->sample_id) - (a->sample_id < b->sample_id);
}

/* The first of the sample's failing items, or where it would be. */
static int first_item(const found_lines *fl, const char *sample_no)
{
	int lo = 0, hi = fl->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (strcmp(fl->v[mid].sample_no, sample_no) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool has_items(const found_lines *fl, const char *sample_no)
{
	int j = first_item(fl, sample_no);
	return j < fl->n && strcmp(fl->v[j].sample_no, sample_no) == 0;
}

/* The quantitative cases' failing items, then the single item of those
 * with none: two reads for all the cases instead of two queries for each
 * (issue 19: the bulletin's time went to preparing them). */
static bool read_found(db_conn *db, failed_walk *fw, const quarter_cases *q, char *err, size_t errlen)
{
	long long *ids = xcalloc((size_t)q->n + 1, sizeof *ids);
	int n = 0;
	for (int i = 0; i < q->n; i++)
		if (kind_from_code(q->cases[i].kind) != KIND_RAPID)
			ids[n++] = q->cases[i].sample_id;
	bool ok = items_each_of(db, ids, n, failing_item, &fw->items, err, errlen);
	if (ok && fw->items.n > 1)
		qsort(fw->items.v, (size_t)fw->items.n, sizeof *fw->items.v, by_number);
	n = 0;
	for (int i = 0; ok && i < q->n; i++)
		if (kind_from_code(q->cases[i].kind) != KIND_RAPID && !has_items(&fw->items, q->cases[i].sample_no))
			ids[n++] = q->cases[i].sample_id;
	ok = ok && sample_each_of(db, ids, n, single_item, &fw->singles, err, errlen);
	if (ok && fw->singles.n > 1)
		qsort(fw->singles.v, (size_t)fw->singles.n, sizeof *fw->singles.v, by_id);
	free(ids);
	return ok;
}

/* What failed in the case's sample: one line for a rapid test (抑制率
 * against the threshold of GB/T 5009.199's 阳性 or of the warning band,
 * or a strip's item; from the case, no query), one per failing item of a
 * quantitative record (the single item of a record without a list). */
static bool sample_lines(const config *c, failed_walk *fw, const followup_case *fc, char *err, size_t errlen)
{
	int kind = kind_from_code(fc->kind);
	if (kind == KIND_RAPID) {
		report_failed *f = new_line(fw, fc, kind, true);
		if (*fc->inhibition) {
			text_copy(f->item, sizeof f->item, "抑制率");
			text_copy(f->value, sizeof f->value, fc->inhibition);
			text_copy(f->value_unit, sizeof f->value_unit, "%");
			sample_format_number(fc->warning ? c->warn : c->positive, f->limit, sizeof f->limit);
			text_copy(f->limit_unit, sizeof f->limit_unit, "%");
		} else {
			text_copy(f->item, sizeof f->item, fc->item);
			text_copy(f->value, sizeof f->value, f->result);
		}
		return true;
	}
	const found_lines *items = &fw->items;
	int lines = 0;
	for (int j = first_item(items, fc->sample_no); j < items->n && strcmp(items->v[j].sample_no, fc->sample_no) == 0;
	     j++)
		put_what(new_line(fw, fc, kind, lines++ == 0), &items->v[j].what);
	if (lines > 0)
		return true;
	found_line key = {.sample_id = fc->sample_id};
	const found_line *single = fw->singles.n ? bsearch(&key, fw->singles.v, (size_t)fw->singles.n,
	                                                   sizeof *fw->singles.v, by_id) : NULL;
	if (!single)
		return errf(err, errlen, "找不到记录 (编号 %lld)", fc->sample_id);
	put_what(new_line(fw, fc, kind, true), &single->what);
	return true;
}

/* Failures by product: the most first, then the product list's order
 * (products not in it last, by name). */
static int product_order(const config *c, const char *name)
{
	int i = TEXT_INDEX(c->products, c->nproducts, name, name);
	return i < 0 ? c->nproducts : i;
}

static bool before(const config *c, const quota_part *a, const quota_part *b)
{
	if (a->positives != b->positives)
		return a->positives > b->positives;
	int oa = product_order(c, a->label), ob = product_order(c, b->label);
	return oa != ob ? oa < ob : strcmp(a->label, b->label) < 0;
}

static void sort_products(const config *c, quota_part *p, int n)
{
	for (int i = 1; i < n; i++) {
		quota_part x = p[i];
		int j = i;
		for (; j > 0 && before(c, &x, &p[j - 1]); j--)
			p[j] = p[j - 1];
		p[j] = x;
	}
}

static void count_product(report_data *d, const char *product)
{
	int j = 0;
	while (j < d->nproduct && strcmp(d->by_product[j].label, product) != 0)
		j++;
	if (j == d->nproduct) {
		if (d->nproduct == REPORT_MAX_PARTS)
			return;
		memset(&d->by_product[j], 0, sizeof d->by_product[j]);
		text_copy(d->by_product[j].label, sizeof d->by_product[j].label, product);
		d->by_product[j].pass_rate = -1;
		d->nproduct++;
	}
	d->by_product[j].positives++;
}

bool report_failed_collect(db_conn *db, const config *c, report_data *d, ymd asof, char *err, size_t errlen)
{
	quarter_cases q = {d, NULL, 0, 0};
	followup_filter f = {.year = d->year, .from = d->from, .to = d->to}; /* the quarter's, steps and all */
	bool ok = followup_each(db, c, &f, USER_AS("bulletin"), asof, quarter_case, &q, err, errlen) >= 0;
	if (ok && q.n > 1)
		qsort(q.cases, (size_t)q.n, sizeof *q.cases, by_sampling);
	failed_walk fw = {.d = d, .cap = (size_t)d->nfailed};
	ok = ok && read_found(db, &fw, &q, err, errlen);
	for (int i = 0; ok && i < q.n; i++) {
		ok = sample_lines(c, &fw, &q.cases[i], err, errlen);
		d->failed_samples++;
		d->failed_late += q.cases[i].overdue;
		if (!q.cases[i].warning && strcmp(q.cases[i].kind, kind_code(KIND_INPUTS)) != 0)
			count_product(d, q.cases[i].product);
	}
	free(fw.items.v);
	free(fw.singles.v);
	free(q.cases);
	sort_products(c, d->by_product, d->nproduct);
	return ok;
}
