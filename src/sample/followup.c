/* 检打联动 (followup.h): the rules of a follow-up case's steps. */
#include "sample/followup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/codes.h"
#include "base/err.h"
#include "base/text.h"
#include "base/values.h"
#include "sample/sample.h"
#include "store/audit.h"
#include "store/db.h"

const char *followup_step_label(int step)
{
	return codes_label(followup_step_codes, step);
}

/* ---- dates ---- */

static void date_plus(const char *date, long days, char *out, size_t outlen)
{
	ymd d;
	if (date_parse(date, &d))
		date_format(date_from_days(date_days(d) + days), out, outlen);
	else
		snprintf(out, outlen, "%s", date);
}

/* ---- loading ---- */

void followup_case_free(followup_case *fc)
{
	for (int i = 0; i < fc->nsteps; i++)
		values_free(fc->steps[i].v, FS_COUNT);
	free(fc->steps);
	memset(fc, 0, sizeof *fc);
}

#define CASE_COLUMNS                                                                               \
	"c.id, s.id, s.sample_no, u.name, s.kind, coalesce(s.producer, ''), s.product, s.sample_date," \
	" s.verdict, s.flag_confirm, c.reason, s.status, c.opened_at,"                                 \
	" coalesce(s.producer_id, (SELECT min(p.id) FROM producers p WHERE p.name = s.producer), 0),"    \
	" s.inhibition, coalesce(nullif(s.strip_item, ''), s.item, '')"

static void load_case_row(db_stmt *st, followup_case *fc)
{
	memset(fc, 0, sizeof *fc);
	fc->id = db_column_int64(st, 0);
	fc->sample_id = db_column_int64(st, 1);
	REC_COPY_TEXTS(st, 2, REC_BUF(fc->sample_no), REC_BUF(fc->town), REC_BUF(fc->kind), REC_BUF(fc->producer),
	               REC_BUF(fc->product), REC_BUF(fc->sample_date));
	bool rapid = strcmp(fc->kind, "rapid") == 0, fail = strcmp(rec_text(st, 8), "fail") == 0;
	/* The trade's words: 阳性/疑似阳性 for rapid tests, 不合格 for quantitative ones. */
	snprintf(fc->verdict, sizeof fc->verdict, "%s",
	         fail ? (rapid ? "阳性" : "不合格") : db_column_int(st, 9) ? "疑似阳性" : "合格");
	fc->warning = strcmp(rec_text(st, 10), "warn") == 0;
	fc->voided = strcmp(rec_text(st, 11), "void") == 0;
	snprintf(fc->opened_at, sizeof fc->opened_at, "%s", rec_text(st, 12));
	/* The registered producer: the one picked at entry, or (as a
	 * producer's page lists its samples) the one of that exact name. */
	fc->producer_id = db_column_int64(st, 13);
	if (db_column_type(st, 14) != DB_NULL)
		values_format_number(db_column_double(st, 14), fc->inhibition, sizeof fc->inhibition);
	snprintf(fc->item, sizeof fc->item, "%s", rec_text(st, 15));
}

static bool load_steps(db_conn *db, followup_case *fc, char *err, size_t errlen)
{
	static char sql[1024]; /* the same text each time: kept prepared */
	db_stmt *st = db_cached(db, rec_sql(&followup_type, sql, sizeof sql,
		"SELECT {select}, f.status, coalesce(f.void_reason, ''), coalesce(f.voided_by, ''),"
		" coalesce(f.voided_at, ''), f.created_by, f.created_at, f.id"
		" FROM followup_steps f WHERE f.case_id = ?1 ORDER BY f.id", 0), err, errlen);
	if (!st)
		return false;
	db_bind_int64(st, 1, fc->id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		fc->steps = xrealloc(fc->steps, (size_t)(fc->nsteps + 1) * sizeof *fc->steps);
		followup_step *p = &fc->steps[fc->nsteps++];
		memset(p, 0, sizeof *p);
		p->no = fc->nsteps;
		p->id = db_column_int64(st, FS_COUNT + 6);
		values_init(p->v, FS_COUNT);
		rec_load(st, 0, &followup_type, p->v);
		p->step = codes_by_label(followup_step_codes, p->v[FS_STEP]);
		int col = FS_COUNT;
		p->voided = strcmp(rec_text(st, col), "void") == 0;
		snprintf(p->void_reason, sizeof p->void_reason, "%s", rec_text(st, col + 1));
		snprintf(p->voided_by, sizeof p->voided_by, "%s", rec_text(st, col + 2));
		snprintf(p->voided_at, sizeof p->voided_at, "%s", rec_text(st, col + 3));
		snprintf(p->by, sizeof p->by, "%s", rec_text(st, col + 4));
		snprintf(p->at, sizeof p->at, "%s", rec_text(st, col + 5));
	}
	if (rc != DB_DONE)
		db_error(db, "读取检打联动步骤失败", err, errlen);
	db_done(st);
	return rc == DB_DONE;
}

bool followup_load(db_conn *db, const config *c, long long sample_id, ymd today, followup_case *fc,
                   char *err, size_t errlen)
{
	memset(fc, 0, sizeof *fc);
	db_stmt *st = db_prepare(db,
		"SELECT " CASE_COLUMNS " FROM followup_cases c JOIN samples s ON s.id = c.sample_id"
		" JOIN units u ON u.id = s.unit_id WHERE c.sample_id = ?1", err, errlen);
	if (!st)
		return false;
	db_bind_int64(st, 1, sample_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		load_case_row(st, fc);
	db_finalize(st);
	if (rc != DB_ROW) {
		if (rc == DB_DONE)
			return errf(err, errlen, "这个样品没有检打联动案件：只有阳性或不合格的样品才需要跟踪处置");
		db_error(db, "读取检打联动案件失败", err, errlen);
		return false;
	}
	if (!load_steps(db, fc, err, errlen)) {
		followup_case_free(fc);
		return false;
	}
	followup_evaluate(c, fc, today);
	return true;
}

bool followup_state_of(db_conn *db, const config *c, long long sample_id, ymd today, char *out, size_t outlen,
                       char *err, size_t errlen)
{
	out[0] = '\0';
	db_stmt *st = db_prepare(db, "SELECT 1 FROM followup_cases WHERE sample_id = ?1", err, errlen);
	if (!st)
		return false;
	db_bind_int64(st, 1, sample_id);
	int rc = db_step(st);
	db_finalize(st);
	if (rc == DB_DONE)
		return true;
	followup_case fc;
	if (rc != DB_ROW || !followup_load(db, c, sample_id, today, &fc, err, errlen))
		return rc == DB_ROW ? false : (db_error(db, "读取检打联动案件失败", err, errlen), false);
	snprintf(out, outlen, "%s%s%s%s", fc.state_text, fc.overdue ? " (" : "", fc.overdue_text, fc.overdue ? ")" : "");
	followup_case_free(&fc);
	return true;
}

void followup_case_line(const followup_case *fc, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s  %s  %s  %s  %s%s%s", fc->sample_no, fc->sample_date, fc->product, fc->verdict,
	         fc->state_text, fc->overdue ? "  " : "", fc->overdue_text);
}

/* ---- state ---- */

static const followup_step *last_live(const followup_case *fc, int step)
{
	for (int i = fc->nsteps - 1; i >= 0; i--)
		if (!fc->steps[i].voided && (step < 0 || fc->steps[i].step == step))
			return &fc->steps[i];
	return NULL;
}

/* The live 确证结果 after the last live 送检确证, if any. */
static const followup_step *confirmation(const followup_case *fc)
{
	return last_live(fc, FU_RESULT);
}

static bool awaiting_result(const followup_case *fc)
{
	const followup_step *sent = last_live(fc, FU_CONFIRM), *got = confirmation(fc);
	return sent && (!got || got->no < sent->no);
}

bool followup_handled(const followup_case *fc)
{
	const followup_step *r = confirmation(fc);
	return last_live(fc, FU_DISPOSE) || last_live(fc, FU_CLOSE) ||
	       (r && strcmp(r->v[FS_OUTCOME], "阴性") == 0 && !awaiting_result(fc));
}

static void overdue(followup_case *fc, ymd today, const char *what, const char *from, long days)
{
	char due[11];
	date_plus(from, days, due, sizeof due);
	ymd d;
	if (!date_parse(due, &d))
		return;
	if (!*fc->due || strcmp(due, fc->due) < 0)
		snprintf(fc->due, sizeof fc->due, "%s", due);
	if (fc->overdue || date_cmp(today, d) <= 0)
		return;
	fc->overdue = true;
	snprintf(fc->overdue_text, sizeof fc->overdue_text, "%s逾期 (应于 %s 前)", what, due);
}

void followup_evaluate(const config *c, followup_case *fc, ymd today)
{
	fc->overdue = false;
	fc->overdue_text[0] = fc->due[0] = '\0';
	bool rapid = strcmp(fc->kind, "rapid") == 0;
	const followup_step *res = confirmation(fc), *disposed = last_live(fc, FU_DISPOSE);
	bool waiting = awaiting_result(fc);
	bool overturned = res && !waiting && strcmp(res->v[FS_OUTCOME], "阴性") == 0;
	const char *text;
	if (last_live(fc, FU_CLOSE)) {
		fc->state = FC_CLOSED;
		text = "已结案";
	} else if (disposed) {
		fc->state = FC_DISPOSED;
		text = "已处置";
	} else if (overturned) {
		fc->state = FC_OVERTURNED;
		text = "确证合格";
	} else {
		fc->state = FC_OPEN;
		text = waiting                             ? "待确证结果"
		       : !rapid || res                     ? "待处置"
		       : last_live(fc, -1) == NULL         ? "待复检"
		                                           : "待送检确证";
	}
	snprintf(fc->state_text, sizeof fc->state_text, "%s", text);
	if (fc->state != FC_OPEN)
		return;
	/* Deadlines ([followup] in the settings): a rapid case with no step
	 * at all is retested within retest_days of sampling; its
	 * confirmation result comes within confirm_days of sampling unless it
	 * was disposed on the rapid result; a confirmed failure (the
	 * quantitative sample itself, or the confirmation's) is disposed
	 * within dispose_days. */
	if (rapid && !last_live(fc, -1))
		overdue(fc, today, "复检", fc->sample_date, c->fu_retest_days);
	if (rapid && (!res || waiting))
		overdue(fc, today, "确证", fc->sample_date, c->fu_confirm_days);
	if (!rapid)
		overdue(fc, today, "处置", fc->sample_date, c->fu_dispose_days);
	else if (res && !waiting)
		overdue(fc, today, "处置", res->v[FS_DATE], c->fu_dispose_days);
}

/* ---- writing ---- */

static const char *may_follow(const account *who, const followup_case *fc)
{
	static char msg[640];
	if (who->role != USER_STAFF)
		return NULL;
	if (*who->town && strcmp(who->town, fc->town) == 0)
		return NULL;
	snprintf(msg, sizeof msg, "你只能登记本单位 (%s) 样品的检打联动，%s 的样品属于 %s",
	         *who->town ? who->town : "无", fc->sample_no, fc->town);
	return msg;
}

static bool given(const char *s)
{
	return s && *s;
}

/* The step named by label or code, with the old words too; *action set
 * (-1 none) when the word names a kind of 处置. */
static int parse_step(const char *s, int *action)
{
	*action = -1;
	int k = codes_by_label(followup_step_codes, s);
	if (k < 0)
		k = codes_by_code(followup_step_codes, s);
	if (k >= 0)
		return k;
	if (strcmp(s, "送定量确认") == 0)
		return FU_CONFIRM;
	if ((*action = codes_by_label(followup_action_codes, s)) >= 0)
		return FU_DISPOSE;
	return -1;
}

/* 复检's result: 抑制率 (0–100, % optional) judged by the rapid-test
 * threshold (GB/T 5009.199: at or above it 阳性), or 阴性/阳性. */
static bool parse_retest(const config *c, const char *s, char **v, char *err, size_t errlen)
{
	if (strcmp(s, "阴") == 0 || strcmp(s, "阴性") == 0 || strcmp(s, "阳") == 0 || strcmp(s, "阳性") == 0) {
		bool pos = strncmp(s, "阳", strlen("阳")) == 0;
		values_set(v, FS_COUNT, FS_RESULT, pos ? "阳性" : "阴性");
		values_set(v, FS_COUNT, FS_OUTCOME, pos ? "阳性" : "阴性");
		return true;
	}
	char buf[64];
	snprintf(buf, sizeof buf, "%s", s);
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '%')
		buf[--n] = '\0';
	else if (n >= 3 && strcmp(buf + n - 3, "％") == 0)
		buf[n -= 3] = '\0';
	char *end;
	double x = n ? strtod(buf, &end) : -1;
	if (!n || *end || x < 0 || x > 100)
		return errf(err, errlen, "复检结果 \"%s\" 无效：应为抑制率 (0–100，如 52.3) 或 阴性/阳性", s);
	char num[64], text[80];
	values_format_number(x, num, sizeof num);
	snprintf(text, sizeof text, "抑制率 %s%%", num);
	values_set(v, FS_COUNT, FS_RESULT, text);
	values_set(v, FS_COUNT, FS_OUTCOME, x >= c->positive ? "阳性" : "阴性");
	return true;
}

/* 确证结果: the quantitative record (例行监测 or 监督抽查) of the same
 * producer and product; its verdict confirms (不合格) or overturns. */
static bool check_ref(db_conn *db, const followup_case *fc, const char *ref, char **v, char *err,
                      size_t errlen)
{
	long long id = sample_find_no(db, ref);
	sample s;
	sample_init(&s);
	bool ok = false;
	int k = -1;
	if (!id || !sample_load(db, id, &s, err, errlen))
		errf(err, errlen, "找不到确证样品编号 %s：先把定量检测结果录入为一条例行监测或监督抽查记录", ref);
	else if (id == fc->sample_id)
		errf(err, errlen, "确证样品不能是这个样品本身");
	else if ((k = kind_from_label(s.v[SF_KIND])) != KIND_ROUTINE && k != KIND_SUPERVISORY)
		errf(err, errlen, "确证样品 %s 不是定量检测记录 (例行监测或监督抽查)", ref);
	else if (s.voided)
		errf(err, errlen, "确证样品 %s 已作废", ref);
	else if (strcmp(s.v[SF_PRODUCER], fc->producer) != 0 || strcmp(s.v[SF_PRODUCT], fc->product) != 0)
		errf(err, errlen, "确证样品 %s 是 %s 的 %s，与本样品 (%s 的 %s) 不是同一主体的同一产品", ref,
		     s.v[SF_PRODUCER], s.v[SF_PRODUCT], fc->producer, fc->product);
	else {
		values_set(v, FS_COUNT, FS_REF, ref);
		values_set(v, FS_COUNT, FS_RESULT, s.fail ? "不合格 (确证)" : "合格 (推翻快检结果)");
		values_set(v, FS_COUNT, FS_OUTCOME, s.fail ? "阳性" : "阴性");
		ok = true;
	}
	sample_free(&s);
	return ok;
}

static bool case_no_used(db_conn *db, const char *no, bool *used, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db,
		"SELECT 1 FROM followup_steps WHERE case_no = ?1 AND status = 'valid'", err, errlen);
	if (!st)
		return false;
	db_bind_text(st, 1, no);
	*used = db_step(st) == DB_ROW;
	db_finalize(st);
	return true;
}

bool followup_allowed(const followup_case *fc, int step, char *why, size_t whylen)
{
	const char *name = followup_step_label(step);
	bool rapid = strcmp(fc->kind, "rapid") == 0;
	const followup_step *closed = last_live(fc, FU_CLOSE);
	if (fc->voided)
		return errf(why, whylen, "样品 %s 已作废，不能再登记检打联动步骤", fc->sample_no);
	if (closed)
		return errf(why, whylen, "这个案件已于 %s 结案，结案后不能再登记%s (结案登记错了可先作废)",
		            closed->v[FS_DATE], name);
	switch (step) {
	case FU_RETEST:
		return rapid || errf(why, whylen, "复检是快速检测的复检；定量检测样品请直接处置");
	case FU_CONFIRM:
		if (!rapid)
			return errf(why, whylen, "送检确证用于快速检测的阳性样品；这个样品本身就是定量检测");
		return !awaiting_result(fc) ||
		       errf(why, whylen, "上一次送检确证还没有结果：先登记确证结果 (--ref 定量样品编号)");
	case FU_RESULT:
		return awaiting_result(fc) || errf(why, whylen, "还没有送检确证，不能登记确证结果");
	case FU_CLOSE:
		return followup_handled(fc) ||
		       errf(why, whylen, "还没有处置，也没有推翻快检结果的确证：先登记处置或确证结果再结案");
	case FU_DISPOSE:
	case FU_CASE:
	case FU_POLICE:
		return true;
	}
	return errf(why, whylen, "未知的步骤");
}

int followup_next_step(const followup_case *fc)
{
	if (fc->voided)
		return -1;
	switch (fc->state) {
	case FC_CLOSED: return -1;
	case FC_DISPOSED:
	case FC_OVERTURNED: return FU_CLOSE;
	case FC_OPEN: break;
	}
	bool rapid = strcmp(fc->kind, "rapid") == 0;
	if (awaiting_result(fc))
		return FU_RESULT;
	if (!rapid || confirmation(fc))
		return FU_DISPOSE;
	return last_live(fc, -1) ? FU_CONFIRM : FU_RETEST;
}

/* The form key of each step's own datum (forms/followup.ini). */
static const char *const value_keys[FU_STEPS] = {
	[FU_RETEST] = "retest", [FU_CONFIRM] = "lab", [FU_DISPOSE] = "action", [FU_CASE] = "case_no",
	[FU_CLOSE] = "result",
};

const char *const followup_form_keys[] = {
	"step", "date", "retest", "lab", "ref", "action", "quantity", "case_no", "result", "note", NULL,
};

bool followup_input_set(followup_input *in, const char *key, const char *value)
{
	const char **to = strcmp(key, "step") == 0       ? &in->step
	                  : strcmp(key, "date") == 0     ? &in->date
	                  : strcmp(key, "ref") == 0      ? &in->ref
	                  : strcmp(key, "quantity") == 0 ? &in->quantity
	                  : strcmp(key, "note") == 0     ? &in->note
	                                                 : NULL;
	for (int k = 0; !to && k < FU_STEPS; k++)
		if (value_keys[k] && strcmp(key, value_keys[k]) == 0)
			to = &in->value;
	if (to && value && *value)
		*to = value;
	return to != NULL;
}

/* A refusal about one field of the step form. */
#define REFUSE(key, ...) (*field = (key), errf(err, errlen, __VA_ARGS__))

/* Everything a step needs and the order it must keep; fills v. */
static bool check_step(db_conn *db, const config *c, const followup_case *fc, int step, int action,
                       const followup_input *in, const char *date, char **v, const char **field, char *err,
                       size_t errlen)
{
	const char *name = followup_step_label(step);
	const char *vkey = value_keys[step] ? value_keys[step] : "";
	const char *texts[] = {in->value, in->ref, in->quantity, in->note};
	const char *text_keys[] = {vkey, "ref", "quantity", "note"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *bad = texts[i] ? text_check(texts[i]) : NULL;
		if (bad)
			return REFUSE(text_keys[i], "%s的内容%s", name, bad);
	}
	if (!followup_allowed(fc, step, err, errlen))
		return *field = "step", false;
	ymd d, sampled;
	if (!date_parse(date, &d))
		return REFUSE("date", "%s日期 \"%s\" 无效：应为日期，如 2026-03-05", name, date);
	if (date_cmp(d, date_today()) > 0)
		return REFUSE("date", "%s日期 %s 晚于今天：不能预先登记", name, date);
	if (date_parse(fc->sample_date, &sampled) && date_cmp(d, sampled) < 0)
		return REFUSE("date", "%s日期 %s 早于抽样日期 %s", name, date, fc->sample_date);
	const followup_step *prev = last_live(fc, -1);
	if (prev && strcmp(date, prev->v[FS_DATE]) < 0)
		return REFUSE("date", "%s日期 %s 早于上一步 (%s %s)：步骤须按时间顺序登记", name, date,
		              prev->v[FS_DATE], prev->v[FS_STEP]);
	values_set(v, FS_COUNT, FS_DATE, date);
	values_set(v, FS_COUNT, FS_STEP, name);
	values_set(v, FS_COUNT, FS_NOTE, in->note ? in->note : "");
	*field = vkey;
	switch (step) {
	case FU_RETEST:
		if (!given(in->value))
			return errf(err, errlen, "复检需要复检结果：--result 抑制率 (如 52.3) 或 阴性/阳性");
		return parse_retest(c, in->value, v, err, errlen);
	case FU_CONFIRM:
		if (!given(in->value))
			return errf(err, errlen, "送检确证需要检测机构：--result 机构名称");
		values_set(v, FS_COUNT, FS_LAB, in->value);
		return true;
	case FU_RESULT:
		*field = "ref";
		if (!given(in->ref))
			return errf(err, errlen, "确证结果需要定量检测记录的样品编号：--ref 样品编号");
		return check_ref(db, fc, in->ref, v, err, errlen);
	case FU_DISPOSE:
		if (action < 0 && given(in->value)) {
			action = codes_by_label(followup_action_codes, in->value);
			if (action < 0)
				action = codes_by_code(followup_action_codes, in->value);
		}
		if (action < 0)
			return errf(err, errlen, "处置需要处置方式：--result 禁止上市、暂停销售、监督销毁、无害化处理、责令召回 或 整改");
		if ((action == FA_DESTROY || action == FA_HARMLESS) && !given(in->quantity))
			return REFUSE("quantity", "%s需要数量：--quantity 数量 (如 50kg)",
			              codes_label(followup_action_codes, action));
		values_set(v, FS_COUNT, FS_ACTION, codes_label(followup_action_codes, action));
		values_set(v, FS_COUNT, FS_QUANTITY, in->quantity ? in->quantity : "");
		return true;
	case FU_CASE: {
		if (!given(in->value))
			return errf(err, errlen, "立案查处需要案件编号：--result 案件编号");
		bool used = false;
		if (!case_no_used(db, in->value, &used, err, errlen))
			return false;
		if (used)
			return errf(err, errlen, "案件编号 %s 已被另一个立案使用", in->value);
		values_set(v, FS_COUNT, FS_CASE_NO, in->value);
		return true;
	}
	case FU_POLICE:
		return true;
	case FU_CLOSE:
		if (!given(in->value))
			return errf(err, errlen, "结案需要结案结果：--result 结果 (如 已监督销毁，罚款 2000 元)");
		values_set(v, FS_COUNT, FS_RESULT, in->value);
		return true;
	}
	return REFUSE("step", "未知的步骤");
}

bool followup_add(db_conn *db, const config *c, long long sample_id, const followup_input *in,
                  const account *who, int *no, char *err, size_t errlen)
{
	const char *field;
	return followup_add_form(db, c, sample_id, in, who, no, &field, err, errlen);
}

bool followup_add_form(db_conn *db, const config *c, long long sample_id, const followup_input *in,
                       const account *who, int *no, const char **field, char *err, size_t errlen)
{
	*field = "";
	int action = -1;
	int step = in->step ? parse_step(in->step, &action) : -1;
	if (step < 0)
		return *field = "step", errf(err, errlen, "步骤 \"%s\" 无效：应为 复检、送检确证、确证结果、处置、立案查处、移送公安 或 结案",
		            in->step ? in->step : "");
	char today[11];
	date_format(date_today(), today, sizeof today);
	const char *date = given(in->date) ? in->date : today;
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	followup_case fc;
	char *v[FS_COUNT];
	values_init(v, FS_COUNT);
	bool ok = followup_load(db, c, sample_id, date_today(), &fc, err, errlen);
	bool loaded = ok;
	const char *no_right = ok ? may_follow(who, &fc) : NULL;
	if (no_right)
		ok = errf(err, errlen, "%s", no_right);
	ok = ok && check_step(db, c, &fc, step, action, in, date, v, field, err, errlen);
	if (ok) {
		char stamp[24];
		date_now_stamp(stamp, sizeof stamp);
		static char sql[1024];
		db_stmt *st = db_prepare(db, rec_sql(&followup_type, sql, sizeof sql,
			"INSERT INTO followup_steps(case_id, created_at, created_by, {columns})"
			" VALUES (?1, ?2, ?3, {values})", 3), err, errlen);
		ok = st != NULL;
		if (ok) {
			db_bind_int64(st, 1, fc.id);
			db_bind_text(st, 2, stamp);
			db_bind_text(st, 3, who->login);
			rec_bind_all(st, 3, &followup_type, v, 0);
			if (db_step(st) != DB_DONE)
				ok = (db_error(db, "登记检打联动步骤失败", err, errlen), false);
			db_finalize(st);
		}
	}
	if (ok) {
		char after[1024];
		snprintf(after, sizeof after, "%s %s", v[FS_DATE], v[FS_STEP]);
		for (int i = FS_RESULT; i < FS_COUNT; i++)
			if (*v[i] && i != FS_OUTCOME) {
				size_t n = strlen(after);
				snprintf(after + n, sizeof after - n, " %s: %s", followup_type.fields[i].label, v[i]);
			}
		ok = audit_add(db, who->login, "followup.add", fc.sample_no, NULL, after, err, errlen);
	}
	if (ok && no)
		*no = fc.nsteps + 1;
	values_free(v, FS_COUNT);
	if (loaded)
		followup_case_free(&fc);
	return db_end(db, &tx, ok, err, errlen);
}

bool followup_void(db_conn *db, long long sample_id, int no, const char *reason, const account *who,
                   char *err, size_t errlen)
{
	if (!given(reason))
		return errf(err, errlen, "作废步骤必须写明原因：--note 原因");
	const char *bad = text_check(reason);
	if (bad)
		return errf(err, errlen, "作废原因%s", bad);
	db_tx tx;
	if (!db_begin(db, &tx, err, errlen))
		return false;
	/* The deadlines do not matter here: any config will do. */
	static const config none = {0};
	followup_case fc;
	bool ok = followup_load(db, &none, sample_id, date_today(), &fc, err, errlen);
	bool loaded = ok;
	const char *no_right = ok ? may_follow(who, &fc) : NULL;
	if (no_right)
		ok = errf(err, errlen, "%s", no_right);
	const followup_step *last = ok ? last_live(&fc, -1) : NULL;
	if (ok && !last)
		ok = errf(err, errlen, "这个案件没有可以作废的步骤");
	else if (ok && (no < 1 || no > fc.nsteps))
		ok = errf(err, errlen, "没有第 %d 步：这个案件共 %d 步 (见 nongjian followup show %s)", no, fc.nsteps,
		          fc.sample_no);
	else if (ok && fc.steps[no - 1].voided)
		ok = errf(err, errlen, "第 %d 步已经作废", no);
	else if (ok && last->no != no)
		ok = errf(err, errlen, "只能作废最后一步 (第 %d 步 %s)：后面的步骤以它为前提", last->no, last->v[FS_STEP]);
	if (ok) {
		char stamp[24];
		date_now_stamp(stamp, sizeof stamp);
		db_stmt *st = db_prepare(db,
			"UPDATE followup_steps SET status = 'void', void_reason = ?1, voided_at = ?2, voided_by = ?3"
			" WHERE id = ?4 AND status = 'valid'", err, errlen);
		ok = st != NULL;
		if (ok) {
			DB_BIND_TEXTS(st, 1, reason, stamp, who->login);
			db_bind_int64(st, 4, last->id);
			if (db_step(st) != DB_DONE || db_changes(db) != 1)
				ok = (db_error(db, "作废步骤失败", err, errlen), false);
			db_finalize(st);
		}
	}
	if (ok) {
		char before[256], entity[256];
		snprintf(before, sizeof before, "第%d步 %s %s", no, last->v[FS_DATE], last->v[FS_STEP]);
		snprintf(entity, sizeof entity, "%s (原因: %s)", fc.sample_no, reason);
		ok = audit_add(db, who->login, "followup.void", entity, before, "作废", err, errlen);
	}
	if (loaded)
		followup_case_free(&fc);
	return db_end(db, &tx, ok, err, errlen);
}

/* ---- listing ---- */

static int by_urgency(const void *pa, const void *pb)
{
	const followup_case *a = pa, *b = pb;
	if (a->overdue != b->overdue)
		return a->overdue ? -1 : 1;
	if (!*a->due != !*b->due)
		return *a->due ? -1 : 1;
	int r = strcmp(a->due, b->due);
	if (r)
		return r;
	r = strcmp(a->sample_date, b->sample_date);
	return r ? r : strcmp(a->sample_no, b->sample_no);
}

int followup_each(db_conn *db, const config *c, const followup_filter *flt, const account *who,
                  ymd today, followup_case_fn fn, void *ctx, char *err, size_t errlen)
{
	const char *town = flt->town && *flt->town ? flt->town : NULL;
	if (who->role == USER_STAFF) {
		if (town && strcmp(town, who->town) != 0)
			return errf(err, errlen, "你只能查看本单位 (%s) 的检打联动", who->town), -1;
		town = who->town;
	}
	/* One year's cases from followup_years (the bulletin, 处置率), not
	 * a look at the sample of every case of every year; with dates (the
	 * bulletin's quarter), the failed cases sampled then are picked from
	 * the case states (store/followup_states.h) before any sample is
	 * read (CROSS JOIN: the case first), not by reading the sample of
	 * each of the year's cases. */
#define EACH_SQL(from, year)                                                                       \
	"SELECT " CASE_COLUMNS " FROM " from                                                           \
	" JOIN units u ON u.id = s.unit_id WHERE s.status = 'valid'"                                   \
	" AND (?1 IS NULL OR u.name = ?1) AND " year " AND (?3 = 0 OR coalesce(s.producer_id,"        \
	"  (SELECT min(p.id) FROM producers p WHERE p.name = s.producer), 0) = ?3)"                    \
	" AND (?4 IS NULL OR s.sample_date >= ?4) AND (?5 IS NULL OR s.sample_date <= ?5)"
	db_stmt *st = db_prepare(db, flt->year ? EACH_SQL("followup_years y CROSS JOIN followup_cases c"
	                                                       " ON c.sample_id = y.sample_id CROSS JOIN samples s"
	                                                       " ON s.id = c.sample_id", "y.year = ?2"
	                                                       " AND (?4 IS NULL AND ?5 IS NULL OR c.reason = 'warn'"
	                                                       "  OR c.id IN (SELECT case_id FROM followup_states"
	                                                       "  WHERE year = ?2 AND sample_date BETWEEN"
	                                                       "  coalesce(?4, '') AND coalesce(?5, '9999')))")
	                                            : EACH_SQL("followup_cases c JOIN samples s ON s.id = c.sample_id",
	                                                       "?2 = 0"), err, errlen);
	if (!st)
		return -1;
	db_bind_text_or_null(st, 1, town);
	db_bind_int(st, 2, flt->year);
	db_bind_int64(st, 3, flt->producer_id);
	db_bind_text_or_null(st, 4, flt->from);
	db_bind_text_or_null(st, 5, flt->to);
	followup_case *all = NULL;
	size_t cap = 0;
	int n = 0, rc;
	bool ok = true;
	while (ok && (rc = db_step(st)) == DB_ROW) {
		all = xgrow(all, &cap, (size_t)n + 1, sizeof *all);
		load_case_row(st, &all[n]);
		ok = load_steps(db, &all[n], err, errlen);
		followup_evaluate(c, &all[n], today);
		n++;
	}
	if (ok && rc != DB_DONE)
		ok = (db_error(db, "读取检打联动案件失败", err, errlen), false);
	db_finalize(st);
	if (n > 1)
		qsort(all, (size_t)n, sizeof *all, by_urgency);
	int shown = 0;
	bool stop = false;
	for (int i = 0; i < n; i++) {
		bool want = (!flt->open_only || all[i].state != FC_CLOSED) && (!flt->overdue_only || all[i].overdue);
		if (ok && !stop && want) {
			shown++;
			stop = !fn(ctx, &all[i]);
		}
		followup_case_free(&all[i]);
	}
	free(all);
	return ok ? shown : -1;
}

/* ---- 处置率 ---- */

int followup_tally_units(db_conn *db, const config *c, int year, ymd today, followup_tally *out, int max,
                         char *err, size_t errlen)
{
	return followup_tally_period(db, c, year, NULL, NULL, today, out, max, err, errlen);
}

/* From the maintained case states (store/followup_states.h): a year's
 * rows summed per unit. A case is overdue when its deadline (the day its
 * wait runs from plus the setting's days: followup_evaluate's rule) is
 * before today. */
int followup_tally_period(db_conn *db, const config *c, int year, const char *from, const char *to, ymd today,
                          followup_tally *out, int max, char *err, size_t errlen)
{
	if (max < 1)
		return 0;
	db_stmt *st = db_prepare(db, "SELECT id, name FROM units ORDER BY sort, id", err, errlen);
	if (!st)
		return -1;
	long long *ids = xcalloc((size_t)max, sizeof *ids);
	int n = 0;
	while (n < max - 1 && db_step(st) == DB_ROW) {
		memset(&out[n], 0, sizeof out[n]);
		ids[n] = db_column_int64(st, 0);
		snprintf(out[n++].unit, sizeof out[0].unit, "%s", rec_text(st, 1));
	}
	db_finalize(st);
	followup_tally *all = &out[n];
	memset(all, 0, sizeof *all);
	snprintf(all->unit, sizeof all->unit, "合计");
	st = db_cached(db,
		"SELECT unit_id, count(*), count(closed_on),"
		" count(CASE WHEN date(wait_from, (CASE wait_for WHEN 'retest' THEN min(?3, ?4) WHEN 'confirm' THEN ?4"
		"  ELSE ?5 END) || ' days') < ?6 THEN 1 END),"
		" count(CASE WHEN sample_date BETWEEN ?7 AND ?8 THEN 1 END),"
		" count(CASE WHEN closed_on BETWEEN ?7 AND ?8 THEN 1 END)"
		" FROM followup_states WHERE year BETWEEN ?1 AND ?2 GROUP BY unit_id", err, errlen);
	if (!st) {
		free(ids);
		return -1;
	}
	char day[11];
	date_format(today, day, sizeof day);
	db_bind_int(st, 1, year ? year : 0);
	db_bind_int(st, 2, year ? year : 9999);
	db_bind_int64(st, 3, c->fu_retest_days);
	db_bind_int64(st, 4, c->fu_confirm_days);
	db_bind_int64(st, 5, c->fu_dispose_days);
	db_bind_text_copy(st, 6, day);
	db_bind_text_or_null(st, 7, from && to ? from : NULL);
	db_bind_text_or_null(st, 8, from && to ? to : NULL);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long long unit = db_column_int64(st, 0);
		for (int i = 0; i < n; i++)
			if (ids[i] == unit) {
				followup_tally *r[2] = {&out[i], all};
				for (int k = 0; k < 2; k++) {
					r[k]->failed += db_column_int(st, 1);
					r[k]->closed += db_column_int(st, 2);
					r[k]->open += db_column_int(st, 1) - db_column_int(st, 2);
					r[k]->overdue += db_column_int(st, 3);
					r[k]->opened += db_column_int(st, 4);
					r[k]->ended += db_column_int(st, 5);
				}
				break;
			}
	}
	bool ok = rc == DB_DONE;
	if (!ok)
		db_error(db, "统计检打联动处置率失败", err, errlen);
	db_done(st);
	free(ids);
	return ok ? n + 1 : -1;
}

/* ---- credit ---- */

bool followup_supervisory_failure(db_conn *db, const followup_case *fc, char *ref, size_t reflen)
{
	ref[0] = '\0';
	if (fc->voided || fc->warning)
		return false;
	if (strcmp(fc->kind, "supervisory") == 0) {
		snprintf(ref, reflen, "%s", fc->sample_no);
		return true;
	}
	const followup_step *r = confirmation(fc);
	if (!r || awaiting_result(fc) || strcmp(r->v[FS_OUTCOME], "阳性") != 0 || !*r->v[FS_REF])
		return false;
	char err[256];
	db_stmt *st = db_prepare(db, "SELECT kind FROM samples WHERE sample_no = ?1 AND status = 'valid'", err,
	                              sizeof err);
	if (!st)
		return false;
	db_bind_text(st, 1, r->v[FS_REF]);
	bool yes = db_step(st) == DB_ROW && strcmp(rec_text(st, 0), "supervisory") == 0;
	db_finalize(st);
	if (yes)
		snprintf(ref, reflen, "%s", r->v[FS_REF]);
	return yes;
}
