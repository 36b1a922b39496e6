#include "quota/report_failed.h"

#include <stdlib.h>
#include <string.h>

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

static report_failed *new_line(report_data *d, const followup_case *fc, int kind, bool first)
{
	d->failed = xreallocarray(d->failed, (size_t)d->nfailed + 1, sizeof *d->failed);
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

typedef struct {
	report_data *d;
	const followup_case *fc;
	int kind, lines;
} item_walk;

/* A quantitative record's failing items, as the lab reported them. */
static bool failing_item(void *ctx, const char *sample_no, const sample_item *i)
{
	(void)sample_no;
	item_walk *w = ctx;
	if (!i->fail)
		return true;
	report_failed *f = new_line(w->d, w->fc, w->kind, w->lines++ == 0);
	text_copy(f->item, sizeof f->item, i->name);
	text_copy(f->value, sizeof f->value, i->value);
	text_copy(f->value_unit, sizeof f->value_unit, i->unit);
	text_copy(f->limit, sizeof f->limit, i->limit);
	text_copy(f->limit_unit, sizeof f->limit_unit, !*i->limit ? "" : *i->limit_unit ? i->limit_unit : i->unit);
	text_copy(f->reason, sizeof f->reason, i->reason ? i->reason : "");
	return true;
}

/* What failed in the case's sample: one line for a rapid test (抑制率
 * against the threshold of GB/T 5009.199's 阳性 or of the warning band,
 * or a strip's item; from the case, no query), one per failing item of a
 * quantitative record (the single item of a record without a list). */
static bool sample_lines(db_conn *db, const config *c, report_data *d, const followup_case *fc, char *err,
                         size_t errlen)
{
	int kind = kind_from_code(fc->kind);
	if (kind == KIND_RAPID) {
		report_failed *f = new_line(d, fc, kind, true);
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
	item_walk w = {d, fc, kind, 0};
	if (!items_each(db, fc->sample_id, failing_item, &w, err, errlen))
		return false;
	if (w.lines > 0)
		return true;
	/* A record with a single item (entered before items lists, or an input). */
	sample s;
	sample_init(&s);
	bool ok = sample_load(db, fc->sample_id, &s, err, errlen);
	if (ok) {
		report_failed *f = new_line(d, fc, kind, true);
		text_copy(f->item, sizeof f->item, s.v[SF_ITEM]);
		text_copy(f->value, sizeof f->value, s.v[SF_VALUE]);
		text_copy(f->value_unit, sizeof f->value_unit, s.v[SF_UNIT]);
		text_copy(f->limit, sizeof f->limit, s.v[SF_LIMIT]);
		text_copy(f->limit_unit, sizeof f->limit_unit, *s.v[SF_LIMIT] ? s.v[SF_UNIT] : "");
		text_copy(f->reason, sizeof f->reason, *s.v[SF_LIMIT] ? "超标" : "");
	}
	sample_free(&s);
	return ok;
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
	for (int i = 0; ok && i < q.n; i++) {
		ok = sample_lines(db, c, d, &q.cases[i], err, errlen);
		d->failed_samples++;
		d->failed_late += q.cases[i].overdue;
		if (!q.cases[i].warning && strcmp(q.cases[i].kind, kind_code(KIND_INPUTS)) != 0)
			count_product(d, q.cases[i].product);
	}
	free(q.cases);
	sort_products(c, d->by_product, d->nproduct);
	return ok;
}
