#include "ui/ui_sample.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/kinds.h"
#include "registry/lookup.h"
#include "registry/producer.h"
#include "sample/items.h"
#include "sample/sample.h"
#include "sample/samplecheck.h"
#include "base/text.h"
#include "ui/ui_draft.h"
#include "ui/ui_form.h"
#include "ui/ui_kept.h"
#include "ui/ui_prompt.h"
#include "ui/ui_psource.h"

typedef struct {
	app *a;
	const char **towns, **products;
	const char *kinds[KIND_COUNT];
	ui_psource producers; /* the producer field's candidates (source = producers) */
} sources;

static void sources_init(sources *s, app *a)
{
	memset(s, 0, sizeof *s);
	s->a = a;
	ui_psource_init(&s->producers, a, "producer");
	s->towns = xcalloc((size_t)a->cfg->ntowns, sizeof *s->towns);
	for (int i = 0; i < a->cfg->ntowns; i++)
		s->towns[i] = a->cfg->towns[i].name;
	s->products = xcalloc((size_t)a->cfg->nproducts, sizeof *s->products);
	for (int i = 0; i < a->cfg->nproducts; i++)
		s->products[i] = a->cfg->products[i].name;
	for (int k = 0; k < KIND_COUNT; k++)
		s->kinds[k] = kind_label(k);
}

static void sources_free(sources *s)
{
	free(s->towns);
	free(s->products);
	ui_psource_free(&s->producers);
}

static int source_search(void *ctx, const char *name, const char *typed, const char **out, int max)
{
	sources *s = ctx;
	return ui_psource_search(&s->producers, name, typed, out, max);
}

static void source_pick(void *ctx, ui_form *f, const char *name, int index)
{
	sources *s = ctx;
	ui_psource_pick(&s->producers, f, name, index);
}

/* The registered producer the producer field names: the one picked, or
 * the only one with exactly that name; NULL for free text. */
static const lookup_entry *chosen_producer(sources *s, const char *name)
{
	return ui_psource_chosen(&s->producers, name);
}

static int source_items(void *ctx, const char *name, const char *const **items)
{
	sources *s = ctx;
	if (strcmp(name, "towns") == 0) {
		*items = s->towns;
		return s->a->cfg->ntowns;
	}
	if (strcmp(name, "products") == 0) {
		*items = s->products;
		return s->a->cfg->nproducts;
	}
	if (strcmp(name, "kinds") == 0) {
		*items = s->kinds;
		return KIND_COUNT;
	}
	*items = NULL;
	return 0;
}

static bool source_fill(void *ctx, const char *name, const char *item, char *out, size_t outlen)
{
	sources *s = ctx;
	if (strcmp(name, "towns") == 0) {
		/* 检测单位 → 抽样地点: a township room samples in its own town;
		 * the centre's place is for the user to say. */
		const town_def *t = config_town(s->a->cfg, item);
		if (!t || strcmp(t->kind, "检测中心") == 0)
			return false;
		snprintf(out, outlen, "%s", t->name);
		return true;
	}
	if (strcmp(name, "category") == 0) {
		/* 产品类别 → 检测方法: the method a rapid test of it uses. */
		snprintf(out, outlen, "%s", sample_default_method(item));
		return *item != '\0';
	}
	if (strcmp(name, "products") != 0)
		return false;
	const product_def *p = config_product(s->a->cfg, item);
	if (!p)
		return false;
	snprintf(out, outlen, "%s", p->category);
	return true;
}

void *ui_sample_sources_attach(app *a, ui_form *f)
{
	sources *src = xcalloc(1, sizeof *src);
	sources_init(src, a);
	f->ctx = src;
	f->source = source_items;
	f->fill = source_fill;
	f->search = source_search;
	f->pick = source_pick;
	return src;
}

long long ui_sample_sources_producer(void *src, const char *name, char *warn, size_t warnlen)
{
	const lookup_entry *e = chosen_producer(src, name);
	lookup_warning(e, warn, warnlen);
	return e ? e->id : 0;
}

void ui_sample_sources_free(void *src)
{
	if (src)
		sources_free(src);
	free(src);
}

/* Copy the form's values into a sample (fields the form lacks stay); a
 * field not in use is empty, as saving would make it (a method filled
 * from the category before the kind became 例行监测). */
static void form_to_sample(const ui_form *f, sample *s)
{
	for (int i = 0; i < f->def->nfields; i++)
		sample_set(s, sample_key_index(f->def->fields[i].key), uif_active(f, i) ? f->values[i] : "");
}

static void sample_to_form(const sample *s, ui_form *f)
{
	for (int i = 0; i < f->def->nfields; i++)
		uif_set(f, i, s->v[sample_key_index(f->def->fields[i].key)]);
}

/* The result fields read as the domain reads them (４５ is 45); false
 * while one of them is not a valid number, so no verdict is shown for a
 * value that would be refused. */
static bool results_readable(const ui_form *f, sample *s)
{
	static const int results[] = {SF_INHIBITION, SF_VALUE, SF_LIMIT};
	for (size_t r = 0; r < sizeof results / sizeof *results; r++) {
		int i = form_index(f->def, sample_keys[results[r]]);
		if (i < 0 || !uif_active(f, i) || !*f->values[i])
			continue;
		char num[256], msg[512];
		if ((f->errors[i] && i != f->cur) || !field_check(&f->def->fields[i], f->values[i], num, sizeof num, msg, sizeof msg))
			return false;
		sample_set(s, results[r], num);
	}
	return true;
}

/* Live verdict line, recomputed from what is typed; nothing while a
 * result field holds an error. */
static void preview(void *ctx, ui_form *f, char *out, size_t outlen, ui_role *role)
{
	sources *src = ctx;
	sample s;
	sample_init(&s);
	form_to_sample(f, &s);
	int k = kind_from_label(s.v[SF_KIND]);
	int items = form_index(f->def, "items");
	if (k != KIND_RAPID && items >= 0 && uif_active(f, items) && *f->values[items]) {
		/* Several items: each judged as typed, or what is wrong with one. */
		sample_items it;
		char line[512];
		bool ok = items_parse(src->a->cfg, s.v[SF_PRODUCT], s.v[SF_CATEGORY], f->values[items], &it, line, sizeof line);
		if (ok)
			items_verdict_line(&it, line, sizeof line);
		snprintf(out, outlen, "%s%s", ok ? "判定: " : "", line);
		*role = !ok ? ROLE_WARN : items_fail(&it) ? ROLE_FAIL : ROLE_OK;
		items_free(&it);
	}
	bool have = k == KIND_RAPID ? *s.v[SF_INHIBITION] || *s.v[SF_STRIP] : (*s.v[SF_VALUE] && *s.v[SF_LIMIT]);
	have = have && !*out && results_readable(f, &s);
	if (have) {
		sample_judge(src->a->cfg, &s);
		snprintf(out, outlen, "判定: %s%s", sample_verdict_text(&s),
		         s.flag_confirm ? " (抑制率在预警区间，建议送检定量确认)"
		         : s.fail && k != KIND_RAPID ? " (超标)" : "");
		*role = s.fail ? ROLE_FAIL : s.flag_confirm ? ROLE_WARN : ROLE_OK;
	}
	/* GB/T 5009.199's note: a vegetable prone to false positives is
	 * warned as soon as the enzyme test is chosen for it. */
	const char *note = k == KIND_RAPID && strcmp(s.v[SF_METHOD], "酶抑制法") == 0
	                   ? sample_enzyme_note(s.v[SF_PRODUCT]) : NULL;
	if (note) {
		size_t used = strlen(out);
		snprintf(out + used, outlen - used, "%s%s", used ? "  " : "", note);
		if (*role == ROLE_OK || !used)
			*role = ROLE_WARN;
	}
	/* A blacklisted or B/C producer: the warning comes first. */
	char warn[768];
	lookup_warning(chosen_producer(src, s.v[SF_PRODUCER]), warn, sizeof warn);
	if (*warn) {
		char verdict[256];
		snprintf(verdict, sizeof verdict, "%s", out);
		snprintf(out, outlen, "%s%s%s", warn, *verdict ? "   " : "", verdict);
		*role = strstr(warn, "黑名单") ? ROLE_FAIL : ROLE_WARN;
	}
	sample_free(&s);
}

/* Show a domain error beside its field and put the cursor there. */
static void show_error(ui_form *f, const sample_error *e)
{
	uif_show_field_error(f, e->field >= 0 ? sample_keys[e->field] : NULL, e->msg);
}

static void reset_for_next(ui_form *f)
{
	uif_next_blank(f);
}

/* The batch's kept values (date, town, kind, stage, place, samplers,
 * tester: the fields marked keep in the form) for the rest of the
 * session: leaving the entry screen and coming back finds them again. */
static uif_kept kept;

/* A staff login (镇街录入员) enters its own town's records only: 检测单位
 * is theirs, shown and locked; a township room's 抽样地点 is its own town
 * too (the centre's staff sample anywhere). */
static void lock_own_town(const app *a, ui_form *f)
{
	if (a->me.role != USER_STAFF || !*a->me.town)
		return;
	const town_def *own = config_town(a->cfg, a->me.town);
	bool township = own && strcmp(own->kind, "检测中心") != 0;
	const char *keys[] = {"town", township ? "site" : NULL};
	for (int k = 0; k < 2 && keys[k]; k++) {
		int t = form_index(f->def, keys[k]);
		if (t < 0)
			continue;
		uif_set(f, t, a->me.town);
		uif_set_error(f, t, NULL);
		uif_lock(f, t, true);
	}
}

#define DRAFT_FORM "sample"
#define DRAFT_CORRECTION "correction"

/* A new record interrupted by a dropped link is offered back once. */
static void offer_draft(app *a, ui_form *f)
{
	char id[32], label[96], at[32], question[160];
	if (!ui_draft_peek(a, DRAFT_FORM, id, sizeof id, label, sizeof label, at, sizeof at))
		return;
	snprintf(question, sizeof question, "发现 %s 连接中断时未保存的记录，是否恢复?", at);
	if (ui_confirm(question))
		ui_draft_restore(a, f, DRAFT_FORM);
	else
		ui_draft_drop(a, DRAFT_FORM);
}

/* Before saving a new record, the questions whose answer only the clerk
 * has (sample_ask_before_save): false when the clerk says no (the message
 * says what to check, the cursor goes to the field). An invalid record
 * passes: saving then shows its error. */
static bool ask_clerk(void *ctx, sample_ask what, const char *text)
{
	ui_form *f = ctx;
	char q[640];
	if (what == SAMPLE_ASK_DATE) {
		if (ui_confirm(text))
			return true;
		uif_focus(f, form_index(f->def, "date"));
		uif_message(f, ROLE_WARN, "未保存: 请核对抽样日期");
		return false;
	}
	snprintf(q, sizeof q, "已有相同的记录 %s (同一镇街、日期、受检主体、样品和检测结果)。"
	         "确属另一份样品，仍要保存吗?", text);
	if (ui_confirm(q))
		return true;
	snprintf(q, sizeof q, "未保存: 与已保存的 %s 相同 (重复录入?)", text);
	uif_message(f, ROLE_WARN, q);
	return false;
}

static bool save_confirmed(app *a, ui_form *f, const sample *typed)
{
	char err[512];
	return sample_ask_before_save(a->db, a->cfg, app_form(a, "sample"), typed, ask_clerk, f, err, sizeof err);
}

static const char *const new_keys[] = {
	"F2", "保存 ", "Tab", "下一项 ", "数字", "选候选 ", "^U", "清空 ", "F10", "返回", NULL,
};

static void title_for(ui_form *f, const app *a, const char *what)
{
	snprintf(f->title, sizeof f->title, "农检 · %s%d年 · %s", a->cfg->district_name,
	         a->cfg->year, what);
}

/* The sample form with its candidate sources, fills and live verdict. */
static void open_form(app *a, sources *src, ui_form *f, const char *const *keys, const char *what)
{
	sources_init(src, a);
	uif_init(f, app_form(a, "sample"));
	f->ctx = src;
	f->source = source_items;
	f->fill = source_fill;
	f->search = source_search;
	f->pick = source_pick;
	f->preview = preview;
	f->keybar = keys;
	title_for(f, a, what);
}

typedef struct {
	app *a;
	sources *src;
	int saved;
} entry_ctx;

static void entry_action(void *ctx, ui_form *f, ui_action act)
{
	entry_ctx *x = ctx;
	app *a = x->a;
	if (act == ACT_BACK) {
		uif_kept_remember(&kept, f);
		return;
	}
	if (act != ACT_SAVE)
		return;
	sample s;
	sample_init(&s);
	form_to_sample(f, &s);
	sample_error e;
	uif_clear_errors(f);
	const lookup_entry *who = chosen_producer(x->src, s.v[SF_PRODUCER]);
	s.producer_id = who ? who->id : 0;
	if (!save_confirmed(a, f, &s)) {
		/* the clerk said no: nothing saved, the form as it was */
	} else if (sample_insert(a->db, a->cfg, app_form(a, "sample"), &s, &a->me, &e)) {
		char msg[256];
		x->saved++;
		snprintf(msg, sizeof msg, "已保存 %s  %s   (本次已录 %d 条，日期、单位、抽样人已保留)",
		         s.sample_no, sample_verdict_text(&s), x->saved);
		reset_for_next(f);
		uif_message(f, s.fail ? ROLE_FAIL : ROLE_OK, msg);
		snprintf(f->subtitle, sizeof f->subtitle, "上一条: %s %s %s", s.sample_no,
		         s.v[SF_PRODUCT], sample_verdict_text(&s));
	} else {
		show_error(f, &e);
	}
	sample_free(&s);
}

bool ui_sample_new(app *a)
{
	sources src;
	ui_form f;
	open_form(a, &src, &f, new_keys, "录入抽样检测记录");
	snprintf(f.subtitle, sizeof f.subtitle, "新记录: 样品编号在保存时生成   * 为必填项");
	uif_kept_restore(&kept, &f);
	lock_own_town(a, &f);
	reset_for_next(&f);
	uif_focus(&f, 0);
	offer_draft(a, &f);
	lock_own_town(a, &f);
	entry_ctx x = {a, &src, 0};
	bool alive = ui_entry_loop(a, &f, DRAFT_FORM, "放弃这条尚未保存的记录?", entry_action, &x);
	uif_free(&f);
	sources_free(&src);
	return alive;
}

static void history_line(void *ctx, const sample_change *ch)
{
	char ***lines = ctx;
	size_t n = 0;
	while ((*lines)[n])
		n++;
	*lines = xreallocarray(*lines, n + 2, sizeof **lines);
	const char *what = sample_change_label(NULL, ch->field);
	char buf[1024];
	snprintf(buf, sizeof buf, "第%d版 %s %s  %s: %s → %s  原因: %s", ch->version, ch->at, ch->by,
	         what, *ch->old_value ? ch->old_value : "(空)", *ch->new_value ? ch->new_value : "(空)",
	         ch->reason);
	(*lines)[n] = xstrdup(buf);
	(*lines)[n + 1] = NULL;
}

static void show_history(app *a, const sample *s)
{
	char **lines = xcalloc(1, sizeof *lines);
	char err[512], title[256];
	if (!sample_history(a->db, s->id, history_line, &lines, err, sizeof err))
		history_line(&lines, &(sample_change){0, "", "", err, "错误", "", ""});
	int n = 0;
	while (lines[n])
		n++;
	snprintf(title, sizeof title, "%s 的修改记录 (录入: %s %s)", s->sample_no, s->created_by,
	         s->created_at);
	ui_pager(title, lines, n);
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* Someone else saved this record while it was open: show both versions
 * field by field, keep the user's values in the form, and let a second F2
 * apply them on top of the other version (its history is kept). */
static void show_conflict(app *a, ui_form *f, sample *base, const sample *mine)
{
	sample now;
	sample_init(&now);
	char err[512];
	if (!sample_load(a->db, base->id, &now, err, sizeof err)) {
		uif_message(f, ROLE_ERROR, err);
		sample_free(&now);
		return;
	}
	char *lines[SF_COUNT + 4];
	char buf[SF_COUNT + 4][512];
	int n = 0;
	snprintf(buf[n], sizeof buf[n], "%s 在你打开后已被 %s 于 %s 修改 (现为第%d版)。两个版本不同之处:",
	         now.sample_no, now.updated_by, now.updated_at, now.version);
	lines[n] = buf[n];
	n++;
	for (int i = 0; i < SF_COUNT; i++) {
		if (strcmp(now.v[i], mine->v[i]) == 0)
			continue;
		snprintf(buf[n], sizeof buf[n], "  %s:  你的更正「%s」  对方已保存「%s」", sample_label(i),
		         mine->v[i], now.v[i]);
		lines[n] = buf[n];
		n++;
	}
	snprintf(buf[n], sizeof buf[n], "你的内容仍在表单中；再按 F2 将以你的内容更正对方的版本 (两次修改都留在历史中)。");
	lines[n] = buf[n];
	n++;
	ui_pager("记录已被他人修改", lines, n);
	base->version = now.version;
	snprintf(base->updated_by, sizeof base->updated_by, "%s", now.updated_by);
	snprintf(base->updated_at, sizeof base->updated_at, "%s", now.updated_at);
	uif_message(f, ROLE_WARN, "记录已被他人修改: 已显示两个版本，再按 F2 以你的内容保存");
	sample_free(&now);
}

static const char *const edit_keys[] = {
	"F2", "保存更正 ", "F5", "历史 ", "F8", "作废 ", "F10", "返回", NULL,
};

static void edit_subtitle(ui_form *f, const sample *s)
{
	snprintf(f->subtitle, sizeof f->subtitle, "%s  第%d版  %s%s  录入: %s %s", s->sample_no,
	         s->version, s->voided ? "已作废: " : "", s->voided ? s->void_reason : "",
	         s->created_by, s->created_at);
}

typedef struct {
	app *a;
	sample *s;
	char did[64]; /* the draft's id: the record and the version it is typed over */
} correction_entry;

/* A key on the correction form: F5 history, F2 the correction saved
 * with its reason, F8 the record voided. */
static bool correction_action(void *ctx, ui_form *f, ui_action act)
{
	correction_entry *x = ctx;
	app *a = x->a;
	sample *s = x->s;
	char err[512];
	if (act == ACT_HISTORY) {
		show_history(a, s);
	} else if (act == ACT_SAVE && s->voided) {
		uif_message(f, ROLE_ERROR, "此记录已作废，不能更正");
	} else if ((act == ACT_SAVE || act == ACT_VOID) && user_may_write_town(&a->me, s->v[SF_TOWN])) {
		/* Read-only for this user: say so before asking for a reason
		 * (the domain refuses it anyway). */
		uif_message(f, ROLE_ERROR, user_may_write_town(&a->me, s->v[SF_TOWN]));
	} else if (act == ACT_SAVE) {
		sample n;
		sample_init(&n);
		sample_copy(&n, s);
		form_to_sample(f, &n);
		char reason[256];
		sample_error e;
		uif_clear_errors(f);
		if (!sample_validate(a->cfg, app_form(a, "sample"), &n, &e)) {
			show_error(f, &e);
		} else if (ui_prompt("更正原因", "记录是法律证据: 请写明更正的原因 (如: 抄录错误)",
		                     reason, sizeof reason)) {
			if (sample_correct(a->db, a->cfg, app_form(a, "sample"), &n, reason, &a->me, &e)) {
				sample_copy(s, &n);
				sample_to_form(s, f);
				f->dirty = false;
				edit_subtitle(f, s);
				char msg[256];
				snprintf(msg, sizeof msg, "已保存更正 (第%d版)，原值和原因已记入历史 (F5 查看)",
				         s->version);
				uif_message(f, ROLE_OK, msg);
			} else if (e.conflict) {
				show_conflict(a, f, s, &n);
			} else {
				show_error(f, &e);
			}
		}
		sample_free(&n);
	} else if (act == ACT_VOID && !s->voided) {
		char reason[256];
		if (ui_prompt("作废记录", "误录的记录作废后不计入统计，但不会删除。作废原因:",
		              reason, sizeof reason)) {
			if (sample_void(a->db, s->id, s->version, reason, &a->me, err, sizeof err) &&
			    sample_load(a->db, s->id, s, err, sizeof err)) {
				edit_subtitle(f, s);
				uif_message(f, ROLE_OK, "已作废，原因已记入历史");
			} else {
				uif_message(f, ROLE_ERROR, err);
			}
		}
	}
	snprintf(x->did, sizeof x->did, "%lld/%d", s->id, s->version);
	return false;
}

bool ui_sample_edit(app *a, long long id)
{
	sample s;
	sample_init(&s);
	char err[512];
	if (!sample_load(a->db, id, &s, err, sizeof err)) {
		ui_confirm(err);
		sample_free(&s);
		return true;
	}
	sources src;
	ui_form f;
	open_form(a, &src, &f, edit_keys, "更正记录");
	sample_to_form(&s, &f);
	edit_subtitle(&f, &s);
	f.dirty = false;
	uif_focus(&f, 0);
	/* A correction of this record interrupted by a dropped link (the
	 * user said yes in the list): its values come back on top of the
	 * version it was typed over, so a change someone saved meanwhile is
	 * shown as a conflict at F2, not overwritten. */
	char did[64], dlabel[96], at[32];
	long long draft_id = 0;
	int draft_version = 0;
	if (ui_draft_peek(a, DRAFT_CORRECTION, did, sizeof did, dlabel, sizeof dlabel, at, sizeof at) &&
	    sscanf(did, "%lld/%d", &draft_id, &draft_version) == 2 && draft_id == id) {
		ui_draft_restore(a, &f, DRAFT_CORRECTION);
		s.version = draft_version;
	}
	correction_entry x = {a, &s, ""};
	snprintf(x.did, sizeof x.did, "%lld/%d", s.id, s.version);
	bool alive = ui_edit_loop(a, &f, DRAFT_CORRECTION, x.did, s.sample_no, "放弃尚未保存的更正?", correction_action, &x);
	uif_free(&f);
	sources_free(&src);
	sample_free(&s);
	return alive;
}

bool ui_sample_offer_correction(app *a)
{
	char id[64], label[96], at[32], question[256];
	long long rid = 0;
	int version = 0;
	if (!ui_draft_peek(a, DRAFT_CORRECTION, id, sizeof id, label, sizeof label, at, sizeof at))
		return true;
	/* "恢复 12-01 23:10 中断时未保存的更正 (TL2026-土桥-0001)?": fits the box. */
	snprintf(question, sizeof question, "恢复 %.11s 中断时未保存的更正 (%s)?",
	         strlen(at) > 5 ? at + 5 : at, label);
	if (sscanf(id, "%lld/%d", &rid, &version) != 2 || !ui_confirm(question)) {
		ui_draft_drop(a, DRAFT_CORRECTION);
		return true;
	}
	return ui_sample_edit(a, rid);
}
