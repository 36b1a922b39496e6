#include "sample/run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/err.h"
#include "base/kinds.h"
#include "base/number.h"
#include "base/text.h"
#include "sample/samplecheck.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/units.h"

const int run_columns[RUN_NCOLS] = {SF_PRODUCER, SF_PRODUCT, SF_CATEGORY, SF_STAGE, SF_INHIBITION};

static const struct {
	const char *key, *label;
} run_fields[] = {
	{"instrument", "仪器"},
	{"run_time", "检测时间"},
	{"control", "对照ΔA0"},
};

const char *const run_form_keys[] = {"instrument", "run_time", "control", NULL};

const char *run_field_label(int field)
{
	if (field >= RUN_F_INSTRUMENT && field < RUN_F_END)
		return run_fields[field - RUN_F_INSTRUMENT].label;
	return field >= 0 && field < SF_COUNT ? sample_label(field) : "";
}

int run_field_named(const char *name)
{
	for (int i = 0; i < RUN_F_END - RUN_F_INSTRUMENT; i++)
		if (strcmp(run_fields[i].key, name) == 0 || strcmp(run_fields[i].label, name) == 0)
			return RUN_F_INSTRUMENT + i;
	/* Also as typed without the Greek letter or with a space. */
	if (strcmp(name, "对照") == 0 || strcmp(name, "对照 ΔA0") == 0 || strcmp(name, "ΔA0") == 0)
		return RUN_F_CONTROL;
	return -1;
}

void run_init(run *r, int nrows)
{
	memset(r, 0, sizeof *r);
	sample_init(&r->head);
	r->nrows = nrows < 1 ? 1 : nrows > RUN_MAX_CHANNELS ? RUN_MAX_CHANNELS : nrows;
	for (int i = 0; i < RUN_MAX_CHANNELS; i++)
		sample_init(&r->rows[i]);
}

void run_free(run *r)
{
	sample_free(&r->head);
	for (int i = 0; i < RUN_MAX_CHANNELS; i++)
		sample_free(&r->rows[i]);
}

void run_set(run *r, int field, const char *value)
{
	const char *v = value ? value : "";
	switch (field) {
	case RUN_F_INSTRUMENT: text_copy(r->instrument, sizeof r->instrument, v); break;
	case RUN_F_TIME: text_copy(r->run_time, sizeof r->run_time, v); break;
	case RUN_F_CONTROL: text_copy(r->control, sizeof r->control, v); break;
	default: sample_set(&r->head, field, v); break;
	}
}

const char *run_get(const run *r, int field)
{
	switch (field) {
	case RUN_F_INSTRUMENT: return r->instrument;
	case RUN_F_TIME: return r->run_time;
	case RUN_F_CONTROL: return r->control;
	default: return field >= 0 && field < SF_COUNT ? r->head.v[field] : "";
	}
}

static bool is_column(int field)
{
	for (int c = 0; c < RUN_NCOLS; c++)
		if (run_columns[c] == field)
			return true;
	return false;
}

bool run_row_empty(const run *r, int i)
{
	const sample *row = &r->rows[i];
	for (int c = 0; c < RUN_NCOLS; c++) {
		int fld = run_columns[c];
		char tmp[512];
		text_copy(tmp, sizeof tmp, row->v[fld]);
		if (fld != SF_CATEGORY && fld != SF_STAGE && *text_trim(tmp))
			return false;
	}
	return true;
}

void run_row_sample(const run *r, int i, sample *out)
{
	sample_free(out);
	sample_init(out);
	for (int f = 0; f < SF_COUNT; f++)
		sample_set(out, f, is_column(f) ? r->rows[i].v[f] : r->head.v[f]);
	/* A channel without its own 抽样环节 has the run's. */
	if (!*out->v[SF_STAGE])
		sample_set(out, SF_STAGE, r->head.v[SF_STAGE]);
	/* A run is read from an enzyme-inhibition instrument: every channel
	 * is 酶抑制法 (a 胶体金 strip is entered on the single form). */
	sample_set(out, SF_METHOD, RUN_METHOD);
	out->producer_id = r->rows[i].producer_id;
}

int run_records(const run *r)
{
	int n = 0;
	for (int i = 0; i < r->nrows; i++)
		n += !run_row_empty(r, i);
	return n;
}

/* ---- problems ---- */

void run_problems_clear(run_problems *p)
{
	p->n = 0;
	p->more = false;
}

void run_problem_add(run_problems *p, int channel, int field, const char *fmt, ...)
{
	if (p->n >= RUN_MAX_PROBLEMS) {
		p->more = true;
		return;
	}
	run_problem *x = &p->p[p->n++];
	x->channel = channel;
	x->field = field;
	va_list ap;
	va_start(ap, fmt);
	verrf(x->msg, sizeof x->msg, fmt, ap);
	va_end(ap);
}

/* A shared field's problem is reported once, not once per channel. */
static bool have_shared(const run_problems *p, int field)
{
	for (int i = 0; i < p->n; i++)
		if (p->p[i].channel == 0 && p->p[i].field == field)
			return true;
	return false;
}

void run_problem_text(const run_problem *p, char *out, size_t outlen)
{
	const char *label = p->field >= 0 ? run_field_label(p->field) : "";
	char where[64] = "";
	if (p->channel > 0)
		snprintf(where, sizeof where, "第 %d 通道 ", p->channel);
	/* Messages from the form checks already start with the label. */
	bool named = *label && strncmp(p->msg, label, strlen(label)) == 0;
	snprintf(out, outlen, "%s%s%s%s", where, named || !*label ? "" : label, named || !*label ? "" : ": ",
	         p->msg);
}

/* ---- checks ---- */

/* 检测时间 as HH:MM ("9:05", "０９：０５" and "0905" too). */
static bool normalise_time(const char *in, char *out, size_t outlen)
{
	char ascii[32];
	size_t n = 0;
	wchar_t w[32];
	int len = text_to_wcs(in, w, 32);
	if (len < 0)
		return false;
	for (int i = 0; i < len && n + 1 < sizeof ascii; i++) {
		wchar_t ch = w[i] == L'\xFF1A' ? L':' : number_ascii_char(w[i]);
		if (ch != L' ')
			ascii[n++] = (char)(ch < 128 ? ch : '?');
	}
	ascii[n] = '\0';
	int h = -1, m = -1, used = 0;
	if (sscanf(ascii, "%2d:%2d%n", &h, &m, &used) == 2 && ascii[used] == '\0')
		;
	else if (n == 4 && sscanf(ascii, "%2d%2d%n", &h, &m, &used) == 2 && ascii[used] == '\0')
		;
	else
		return false;
	for (size_t i = 0; i < n; i++)
		if (ascii[i] != ':' && (ascii[i] < '0' || ascii[i] > '9'))
			return false;
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return false;
	snprintf(out, outlen, "%02d:%02d", h, m);
	return true;
}

static void check_run_fields(const config *c, run *r, run_problems *p)
{
	(void)c;
	const char *bad;
	char tmp[128];
	text_trim(r->instrument);
	if ((bad = text_check(r->instrument)))
		run_problem_add(p, 0, RUN_F_INSTRUMENT, "%s", bad);
	else if (text_cols(r->instrument) > 40)
		run_problem_add(p, 0, RUN_F_INSTRUMENT, "最多 40 列 (汉字占两列)");
	text_trim(r->run_time);
	if (*r->run_time) {
		if (normalise_time(r->run_time, tmp, sizeof tmp))
			text_copy(r->run_time, sizeof r->run_time, tmp);
		else
			run_problem_add(p, 0, RUN_F_TIME, "\"%s\" 不是时间，请写成 09:30", r->run_time);
	}
	/* GB/T 5009.199 (酶抑制率法): 抑制率 = (ΔA0 − ΔAt) / ΔA0 × 100%,
	 * ΔA0 being the control solution's change of absorbance over the
	 * reaction time. It divides, so it must be a positive number; the
	 * program sets no other bound the standard does not give. */
	text_trim(r->control);
	if (*r->control) {
		if (!number_normalise(r->control, false, false, tmp, sizeof tmp) || strtod(tmp, NULL) <= 0)
			run_problem_add(p, 0, RUN_F_CONTROL,
			                "\"%s\" 不对: 对照的吸光度变化值 ΔA0 应为大于 0 的数，如 0.62", r->control);
		else
			text_copy(r->control, sizeof r->control, tmp);
	}
	if (*r->head.v[SF_KIND] && kind_from_label(r->head.v[SF_KIND]) != KIND_RAPID)
		run_problem_add(p, 0, SF_KIND, "按通道录入用于酶抑制法速测，检测类别应为 %s", kind_label(KIND_RAPID));
}

/* The grid cells of row i one by one against the form, so that every
 * wrong cell of a row is shown, not only the first. False if any. */
static bool check_cells(const form_def *f, run *r, int i, run_problems *p)
{
	bool ok = true;
	for (int c = 0; c < RUN_NCOLS; c++) {
		int fld = run_columns[c], idx = form_index(f, sample_keys[fld]);
		const char *v = r->rows[i].v[fld];
		char out[1024], msg[512];
		if (idx < 0 || !*v)
			continue; /* missing required values are the record check's */
		if (!field_check(&f->fields[idx], v, out, sizeof out, msg, sizeof msg)) {
			run_problem_add(p, i + 1, fld, "%s", msg);
			ok = false;
		}
	}
	return ok;
}

bool run_validate(const config *c, const form_def *f, run *r, run_problems *p)
{
	run_problems_clear(p);
	check_run_fields(c, r, p);
	if (run_records(r) == 0) {
		run_problem_add(p, 0, -1, "本批没有填写任何通道: 至少填写一个通道的样品名称和抑制率");
		return false;
	}
	/* A channel the unit's reader does not have (the unit changed after
	 * the rows were typed, or a sheet names channel 12 of 9). */
	const town_def *unit = config_town(c, r->head.v[SF_TOWN]);
	int channels = unit ? config_run_channels(c, unit->name) : r->nrows;
	for (int i = channels; i < r->nrows; i++)
		if (!run_row_empty(r, i))
			run_problem_add(p, i + 1, -1, "%s的仪器只有 %d 个通道，第 %d 通道不能有样品：请移到空着的通道或清空本行",
			                unit->name, channels, i + 1);
	bool shared_copied = false;
	sample s;
	sample_init(&s);
	for (int i = 0; i < r->nrows; i++) {
		if (run_row_empty(r, i) || !check_cells(f, r, i, p))
			continue;
		run_row_sample(r, i, &s);
		sample_error e;
		if (!sample_validate(c, f, &s, &e)) {
			if (e.field >= 0 && !is_column(e.field)) {
				if (!have_shared(p, e.field))
					run_problem_add(p, 0, e.field, "%s", e.msg);
			} else {
				run_problem_add(p, i + 1, e.field, "%s", e.msg);
			}
			continue;
		}
		/* The normalised values back (a product fills its category; 6-1
		 * becomes a full date). */
		for (int col = 0; col < RUN_NCOLS; col++)
			sample_set(&r->rows[i], run_columns[col], s.v[run_columns[col]]);
		if (!shared_copied) {
			for (int fld = 0; fld < SF_COUNT; fld++)
				if (!is_column(fld))
					sample_set(&r->head, fld, s.v[fld]);
			shared_copied = true;
		}
	}
	sample_free(&s);
	return p->n == 0;
}

bool run_questions(db_conn *db, const config *c, const form_def *f, const run *r, run_problems *q,
                   char *err, size_t errlen)
{
	run_problems_clear(q);
	sample s;
	sample_init(&s);
	bool dated = false;
	for (int i = 0; i < r->nrows; i++) {
		if (run_row_empty(r, i))
			continue;
		run_row_sample(r, i, &s);
		sample_error e;
		if (!sample_validate(c, f, &s, &e))
			continue;
		char msg[640], no[96];
		if (!dated && sample_date_doubtful(c, &s, msg, sizeof msg)) {
			run_problem_add(q, 0, SF_DATE, "%s", msg);
			dated = true;
		}
		for (int j = 0; j < i; j++) {
			const sample *a = &r->rows[j], *b = &r->rows[i];
			if (run_row_empty(r, j) || !*b->v[SF_PRODUCER] || strcmp(a->v[SF_PRODUCER], b->v[SF_PRODUCER]) ||
			    strcmp(a->v[SF_PRODUCT], b->v[SF_PRODUCT]))
				continue;
			run_problem_add(q, i + 1, SF_PRODUCT, "与第 %d 通道的受检主体和样品名称相同 (%s %s)，确属两份样品吗?",
			                j + 1, b->v[SF_PRODUCER], b->v[SF_PRODUCT]);
			break;
		}
		if (sample_find_duplicate(db, c, &s, no, sizeof no, err, errlen))
			run_problem_add(q, i + 1, SF_PRODUCT, "与已保存的 %s 相同 (同一单位、日期、受检主体、样品和抑制率)，"
			                "确属另一份样品吗?", no);
		else if (*err)
			break;
	}
	sample_free(&s);
	return q->n > 0;
}

/* ---- saving ---- */

/* Channel i's row of the run (its record saved as rows[i]); the first
 * carries what is written once for the run. */
static bool link_channel(db_conn *db, const run *r, int i, bool first, char *err, size_t errlen)
{
	db_stmt *st = db_cached(db,
		"INSERT INTO sample_runs(sample_id, run_ref, channel, channels, run_time, instrument, control_da0,"
		" source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err, errlen);
	if (!st)
		return false;
	db_bind_int64(st, 1, r->rows[i].id);
	db_bind_text(st, 2, r->rows[r->first].sample_no);
	db_bind_int(st, 3, i + 1);
	if (first) {
		db_bind_int(st, 4, r->nrows);
		db_bind_text_or_null(st, 5, r->run_time);
		db_bind_text_or_null(st, 6, r->instrument);
		if (*r->control)
			db_bind_double(st, 7, strtod(r->control, NULL));
		db_bind_text_or_null(st, 8, r->source);
	}
	bool ok = db_run(db, st, "保存通道失败", err, errlen);
	db_done(st);
	return ok;
}

/* The records of the run, in one transaction already begun: each saved
 * as a single record is (sample_insert, in a savepoint of this
 * transaction, with its own audit row), so numbers follow one another and
 * a failure rolls them all back. */
static bool write_rows(db_conn *db, const config *c, const form_def *f, run *r, const account *who,
                       run_problems *p, char *err, size_t errlen)
{
	sample s;
	sample_init(&s);
	bool ok = true;
	int first = -1, last = -1, fails = 0;
	for (int i = 0; ok && i < r->nrows; i++) {
		if (run_row_empty(r, i))
			continue;
		run_row_sample(r, i, &s);
		sample_error e;
		ok = sample_insert(db, c, f, &s, who, &e);
		if (!ok && e.field >= 0)
			run_problem_add(p, is_column(e.field) ? i + 1 : 0, e.field, "%s", e.msg);
		else if (!ok)
			snprintf(err, errlen, "%s", e.msg);
		if (ok) {
			sample_copy(&r->rows[i], &s);
			first = first < 0 ? i : first;
			last = i;
			fails += s.fail;
		}
	}
	sample_free(&s);
	r->first = first;
	for (int i = first; ok && i <= last; i++)
		if (!run_row_empty(r, i))
			ok = link_channel(db, r, i, i == first, err, errlen);
	if (ok) {
		char entity[256], summary[512];
		snprintf(entity, sizeof entity, "%s 至 %s", r->rows[first].sample_no, r->rows[last].sample_no);
		snprintf(summary, sizeof summary, "%s %s %d 通道中 %d 条 (不合格 %d)%s%s%s%s", r->head.v[SF_TOWN],
		         r->head.v[SF_DATE], r->nrows, run_records(r), fails, *r->control ? " 对照ΔA0 " : "",
		         r->control, *r->source ? " 来自 " : "", r->source);
		ok = audit_add(db, who->login, "run.create", entity, NULL, summary, err, errlen);
	}
	return ok;
}

bool run_save(db_conn *db, const config *c, const form_def *f, run *r, const account *who,
              run_problems *p, char *err, size_t errlen)
{
	err[0] = '\0';
	if (!run_validate(c, f, r, p))
		return false;
	const char *no = user_may_write_town(who, r->head.v[SF_TOWN]);
	if (no) {
		run_problem_add(p, 0, SF_TOWN, "%s", no);
		return false;
	}
	if (!units_id(db, r->head.v[SF_TOWN])) {
		run_problem_add(p, 0, SF_TOWN, "%s 不在数据库中，请联系管理员", r->head.v[SF_TOWN]);
		return false;
	}
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	bool ok = write_rows(db, c, f, r, who, p, err, errlen);
	if (db_end(db, &tx, ok, err, errlen)) {
		r->id = r->rows[r->first].id;
		return true;
	}
	/* Nothing was saved: no row keeps a number. */
	r->id = 0;
	for (int i = 0; i < r->nrows; i++) {
		r->rows[i].sample_no[0] = '\0';
		r->rows[i].id = 0;
	}
	if (!*err && p->n == 0)
		snprintf(err, errlen, "保存失败，本批没有保存任何记录");
	return false;
}
