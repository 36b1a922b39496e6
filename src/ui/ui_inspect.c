#include "ui/ui_inspect.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/text.h"
#include "inspect/coverage.h"
#include "inspect/coverage_print.h"
#include "inspect/inspect.h"
#include "ui/ui_draft.h"
#include "ui/ui_form.h"
#include "ui/ui_page.h"
#include "ui/ui_prompt.h"
#include "ui/ui_psource.h"
#include "ui/ui_term.h"

#define DRAFT_FORM "inspect"
#define LIST_TOP 4
#define MAX_ROWS 512

/* ---- entry ---- */

static void show_error(ui_form *f, const rec_error *e)
{
	uif_show_field_error(f, e->field >= 0 ? inspect_type.fields[e->field].key : NULL, e->msg);
}

/* The next blank form keeps what the form marks keep (date, inspectors). */
static void reset_for_next(ui_form *f)
{
	uif_blank_unkept(f);
	uif_focus(f, 0);
}

/* Banned inputs found: whoever may list producers (supervisors) is
 * asked whether to list this one in the same save. */
static bool ask_blacklist(const app *a, const inspection *in)
{
	if (strcmp(in->v[IF_BANNED], "是") != 0 || user_may_supervise(&a->me))
		return false;
	char q[512];
	snprintf(q, sizeof q, "发现违禁投入品：同时把 %s 列入黑名单 (违禁物质)?", in->v[IF_PRODUCER]);
	return ui_confirm(q);
}

typedef struct {
	app *a;
	const form_def *def;
	ui_psource *ps;
	int *count;
} entry_ctx;

static void entry_action(void *ctx, ui_form *f, ui_action act)
{
	entry_ctx *x = ctx;
	if (act != ACT_SAVE)
		return;
	inspection in;
	inspection_init(&in);
	for (int i = 0; i < x->def->nfields; i++)
		inspection_set(&in, rec_key_index(&inspect_type, x->def->fields[i].key), f->values[i]);
	const lookup_entry *who = ui_psource_chosen(x->ps, in.v[IF_PRODUCER]);
	in.producer_id = who ? who->id : 0;
	uif_clear_errors(f);
	rec_error e;
	bool list = ask_blacklist(x->a, &in);
	if (inspection_insert(x->a->db, x->a->cfg, x->def, &in, list, &x->a->me, &e)) {
		char msg[512];
		(*x->count)++;
		inspection_state s = inspection_rectify_state(&in, date_today());
		snprintf(msg, sizeof msg, "已保存巡查 %lld  %s  不符合 %d 项%s%s%s (本次已录 %d 条；日期、检查人已保留)",
		         in.id, in.v[IF_PRODUCER], inspection_failed_items(&in), s != IS_NONE ? "，" : "",
		         inspection_state_text(s), list ? "，已列入黑名单" : "", *x->count);
		reset_for_next(f);
		uif_message(f, ROLE_OK, msg);
		snprintf(f->subtitle, sizeof f->subtitle, "上一条: 巡查 %lld %s %s", in.id, in.v[IF_PRODUCER],
		         in.v[IF_DATE]);
	} else {
		show_error(f, &e);
	}
	inspection_free(&in);
}

static bool entry(app *a, const form_def *def, int *count)
{
	ui_psource ps;
	ui_psource_init(&ps, a, "producer");
	ui_form f;
	uif_init(&f, def);
	f.ctx = &ps;
	f.search = ui_psource_search;
	f.pick = ui_psource_pick;
	static const char *const keys[] = {"F2", "保存 ", "Tab", "下一项 ", "↓", "主体候选 ", "^U", "清空 ",
	                                   "F10", "返回", NULL};
	f.keybar = keys;
	snprintf(f.title, sizeof f.title, "农检 · %s · 登记巡查", a->cfg->district_name);
	snprintf(f.subtitle, sizeof f.subtitle, "受检主体须已登记；检查项填 符合/不符合/不适用   * 为必填项");
	reset_for_next(&f);
	char id[64], label[96], at[32], question[256];
	if (ui_draft_peek(a, DRAFT_FORM, id, sizeof id, label, sizeof label, at, sizeof at)) {
		snprintf(question, sizeof question, "恢复 %.11s 中断时未保存的巡查记录?", strlen(at) > 5 ? at + 5 : at);
		if (ui_confirm(question))
			ui_draft_restore(a, &f, DRAFT_FORM);
		else
			ui_draft_drop(a, DRAFT_FORM);
	}
	entry_ctx x = {a, def, &ps, count};
	bool alive = ui_entry_loop(a, &f, DRAFT_FORM, "放弃这条尚未保存的巡查记录?", entry_action, &x);
	uif_free(&f);
	ui_psource_free(&ps);
	return alive;
}

/* ---- the list ---- */

typedef struct {
	long long id;
	int version, failed;
	inspection_state state;
	bool voided;
	char date[11], town[64], producer[256], deadline[11];
} row;

typedef struct {
	app *a;
	const form_def *def;
	int year, quarter;
	bool open_only;
	row *rows;
	int n, cap, cur, top;
	coverage_report cov;
	char message[512];
	ui_role message_role;
} list_state;

static const char *own_town(const list_state *s)
{
	return s->a->me.role == USER_STAFF ? s->a->me.town : "";
}

static bool add_row(void *ctx, const inspection *in)
{
	list_state *s = ctx;
	if (s->n == MAX_ROWS)
		return false;
	row *r = &s->rows[s->n++];
	r->id = in->id;
	r->version = in->version;
	r->failed = inspection_failed_items(in);
	r->state = inspection_rectify_state(in, date_today());
	r->voided = in->voided;
	snprintf(r->date, sizeof r->date, "%s", in->v[IF_DATE]);
	snprintf(r->town, sizeof r->town, "%s", in->v[IF_TOWN]);
	snprintf(r->producer, sizeof r->producer, "%s", in->v[IF_PRODUCER]);
	snprintf(r->deadline, sizeof r->deadline, "%s", in->v[IF_DEADLINE]);
	return true;
}

static void set_message(list_state *s, ui_role role, const char *msg)
{
	snprintf(s->message, sizeof s->message, "%s", msg);
	s->message_role = role;
}

static void load(list_state *s)
{
	char err[512], from[11], to[11];
	date_format((ymd){s->year, s->quarter * 3 - 2, 1}, from, sizeof from);
	date_format((ymd){s->year, s->quarter * 3, date_days_in_month(s->year, s->quarter * 3)}, to, sizeof to);
	/* Open rectifications are listed whenever they were ordered. */
	inspection_filter flt = {.town = own_town(s), .from = s->open_only ? "" : from, .to = s->open_only ? "" : to,
	                         .open = s->open_only, .today = date_today()};
	s->n = 0;
	if (!inspection_each(s->a->db, &flt, add_row, s, err, sizeof err))
		set_message(s, ROLE_ERROR, err);
	coverage_free(&s->cov);
	ymd as_of = date_today();
	if (!coverage_compute(s->a->db, s->year, s->quarter, as_of, &s->cov, err, sizeof err))
		set_message(s, ROLE_ERROR, err);
	if (s->cur >= s->n)
		s->cur = s->n ? s->n - 1 : 0;
}

/* The coverage of the user's town (staff) or the district. */
static const coverage_row *headline(const list_state *s)
{
	const char *town = own_town(s);
	for (int i = 0; *town && i < s->cov.n; i++)
		if (strcmp(s->cov.rows[i].unit, town) == 0)
			return &s->cov.rows[i];
	return &s->cov.total;
}

static void draw(list_state *s)
{
	if (!ui_size_ok())
		return;
	erase();
	char title[256], line[512], rate[32];
	snprintf(title, sizeof title, "农检 · 巡查 · %d 年第 %d 季度%s", s->year, s->quarter,
	         s->open_only ? " · 整改未完成" : "");
	ui_titlebar(title, "");
	const coverage_row *c = headline(s);
	coverage_fmt_rate(c->coverage, rate, sizeof rate);
	snprintf(line, sizeof line, "%s 主体 %ld 个，本季度已巡查 %ld 个，覆盖率 %s；整改未完成 %ld 件，逾期 %ld 件",
	         *own_town(s) ? own_town(s) : "全区", c->producers, c->inspected, rate, c->open, c->overdue);
	ui_put(1, 1, COLS - 2, c->coverage >= 100 ? ROLE_OK : ROLE_NORMAL, line);
	/* 79 columns with the gaps: the whole row, 期限 included, fits 80. */
	static const struct {
		const char *label;
		int width;
	} cols[] = {{"编号", 5}, {"巡查日期", 10}, {"镇街", 10}, {"受检主体", 22}, {"不符合", 6}, {"整改", 8}, {"期限", 10}};
	int x = 1;
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		ui_put(3, x, cols[i].width, ROLE_DIM, cols[i].label);
		x += cols[i].width + 1;
	}
	int rows = LINES - LIST_TOP - 2;
	ui_scroll_to(&s->top, s->cur, rows);
	for (int i = 0; i < rows && s->top + i < s->n; i++) {
		const row *r = &s->rows[s->top + i];
		bool sel = s->top + i == s->cur;
		char id[16], failed[8], cell[512];
		snprintf(id, sizeof id, "%lld", r->id);
		snprintf(failed, sizeof failed, "%d", r->failed);
		const char *cells[] = {id, r->date, r->town, r->producer, failed,
		                       r->voided ? "作废" : inspection_state_text(r->state), r->deadline};
		int y = LIST_TOP + i;
		ui_put(y, 0, 1, ROLE_NORMAL, sel ? ">" : " ");
		x = 1;
		for (size_t k = 0; k < sizeof cols / sizeof *cols; k++) {
			ui_role role = k == 0 && sel ? ROLE_SELECTED : ROLE_NORMAL;
			if (k == 5 && (r->state == IS_OVERDUE || r->voided))
				role = ROLE_FAIL;
			text_pad(cells[k], cols[k].width, k == 4, cell, sizeof cell);
			ui_put(y, x, cols[k].width, role, cell);
			x += cols[k].width + 1;
		}
	}
	if (s->n == 0)
		ui_put(LIST_TOP, 1, COLS - 2, ROLE_DIM, s->open_only ? "没有未完成的整改。" : "本季度还没有巡查记录。按 F2 登记。");
	ui_put(LINES - 2, 1, COLS - 2, s->message_role, s->message);
	static const char *const keys[] = {"F2", "新巡查 ", "Enter", "更正 ", "v", "查看 ", "r", "回头看 ", "F8", "作废 ",
	                                   "m", "未巡查 ", "Tab", "整改 ", "F10", "返回", NULL};
	ui_keybar(keys);
	curs_set(0);
	refresh();
}

/* ---- a record's page, the missing list ---- */

typedef struct {
	ui_page *l;
	const form_def *def;
} history_ctx;

static void history_line(void *ctx, const rec_change *ch)
{
	history_ctx *h = ctx;
	int k = rec_key_index(&inspect_type, ch->field);
	char buf[1024];
	snprintf(buf, sizeof buf, "  第%d版 %s %s  %s: %s → %s  原因: %s", ch->version, ch->at, ch->by,
	         k >= 0 ? inspection_label(h->def, k) : "状态", *ch->old_value ? ch->old_value : "(空)",
	         *ch->new_value ? ch->new_value : "(空)", ch->reason);
	ui_page_add(h->l, ROLE_NORMAL, buf);
}

static void show_record(list_state *s, long long id)
{
	inspection in;
	inspection_init(&in);
	char err[512], buf[1024], title[128];
	if (!inspection_load(s->a->db, id, &in, err, sizeof err)) {
		set_message(s, ROLE_ERROR, err);
		inspection_free(&in);
		return;
	}
	ui_page l = {0};
	snprintf(buf, sizeof buf, "受检主体: %s (主体编号 %lld)  %s", in.v[IF_PRODUCER], in.producer_id, in.v[IF_TOWN]);
	ui_page_add(&l, ROLE_NORMAL, buf);
	for (int i = 0; i < s->def->nfields; i++) {
		int k = rec_key_index(&inspect_type, s->def->fields[i].key);
		if (k != IF_PRODUCER && *in.v[k]) {
			snprintf(buf, sizeof buf, "%s: %s", s->def->fields[i].label, in.v[k]);
			ui_page_add(&l, ROLE_NORMAL, buf);
		}
	}
	for (int k = IF_RECHECK_DATE; k <= IF_RECHECK_NOTE; k++)
		if (*in.v[k]) {
			snprintf(buf, sizeof buf, "%s: %s", inspection_label(s->def, k), in.v[k]);
			ui_page_add(&l, ROLE_NORMAL, buf);
		}
	snprintf(buf, sizeof buf, "状态: %s%s%s   录入: %s %s", in.voided ? "作废  原因: " : "有效", in.voided ? in.void_reason : "",
	         "", in.created_by, in.created_at);
	ui_page_add(&l, ROLE_NORMAL, buf);
	if (in.version > 1) {
		ui_page_add(&l, ROLE_NORMAL, "更正记录:");
		history_ctx h = {&l, s->def};
		inspection_history(s->a->db, id, history_line, &h, err, sizeof err);
	}
	snprintf(title, sizeof title, "巡查 %lld (第 %d 版)", id, in.version);
	ui_pager(title, l.line, l.n);
	ui_page_free(&l);
	inspection_free(&in);
}

/* ---- correcting a record (like the sample correction screen) ---- */

static const char *const edit_keys[] = {"F2", "保存更正 ", "F5", "历史 ", "F8", "作废 ", "F10", "返回", NULL};

/* A correction interrupted by a dropped link is this login's draft
 * "inspect-fix", named by the record and the version it was typed over
 * (as the sample correction's): offered back on that record only, and a
 * change saved by someone else meanwhile is refused, not overwritten. */
#define DRAFT_FIX "inspect-fix"

static void record_to_form(const list_state *s, const inspection *in, ui_form *f)
{
	for (int i = 0; i < s->def->nfields; i++)
		uif_set(f, i, in->v[rec_key_index(&inspect_type, s->def->fields[i].key)]);
	snprintf(f->subtitle, sizeof f->subtitle, "巡查 %lld  第%d版  %s%s  录入: %s %s   受检主体不能更正", in->id,
	         in->version, in->voided ? "已作废: " : "", in->voided ? in->void_reason : "", in->created_by,
	         in->created_at);
	f->dirty = false;
}

typedef struct {
	list_state *s;
	inspection *in;
	char did[64], label[32]; /* the draft's record and version, its name */
} edit_ctx;

static void edit_names(edit_ctx *x)
{
	snprintf(x->did, sizeof x->did, "%lld/%d", x->in->id, x->in->version);
	snprintf(x->label, sizeof x->label, "巡查 %lld", x->in->id);
}

static void edit_save(edit_ctx *x, ui_form *f)
{
	list_state *s = x->s;
	if (x->in->voided) {
		uif_message(f, ROLE_ERROR, "此巡查记录已作废，不能更正");
		return;
	}
	const char *no = user_may_write_town(&s->a->me, x->in->v[IF_TOWN]);
	if (no) {
		uif_message(f, ROLE_ERROR, no);
		return;
	}
	inspection n;
	inspection_init(&n);
	inspection_copy(&n, x->in);
	for (int i = 0; i < s->def->nfields; i++) {
		int k = rec_key_index(&inspect_type, s->def->fields[i].key);
		if (k != IF_PRODUCER)
			inspection_set(&n, k, f->values[i]);
	}
	uif_clear_errors(f);
	char reason[256];
	rec_error e;
	/* What is wrong is shown first; the reason is asked only then. */
	if (!inspection_validate(s->a->db, s->a->cfg, s->def, &n, &e))
		show_error(f, &e);
	else if (ui_prompt("更正原因", "巡查记录是执法依据: 请写明更正的原因 (如: 抄录错误)", reason, sizeof reason)) {
		if (inspection_correct(s->a->db, s->a->cfg, s->def, &n, reason, &s->a->me, &e)) {
			inspection_copy(x->in, &n);
			record_to_form(s, x->in, f);
			char msg[256];
			snprintf(msg, sizeof msg, "已保存更正 (第%d版)，原值和原因已记入历史 (F5 查看)", x->in->version);
			uif_message(f, ROLE_OK, msg);
		} else {
			show_error(f, &e);
		}
	}
	inspection_free(&n);
}

static void edit_void(edit_ctx *x, ui_form *f)
{
	char reason[256], err[512];
	if (x->in->voided || !ui_prompt("作废巡查记录", "误录的巡查记录作废后不计入覆盖率，但不会删除。作废原因:", reason,
	                                sizeof reason))
		return;
	if (inspection_void(x->s->a->db, x->in->id, x->in->version, reason, &x->s->a->me, err, sizeof err) &&
	    inspection_load(x->s->a->db, x->in->id, x->in, err, sizeof err)) {
		record_to_form(x->s, x->in, f);
		uif_message(f, ROLE_OK, "已作废，原因已记入历史");
	} else {
		uif_message(f, ROLE_ERROR, err);
	}
}

static bool edit_action(void *ctx, ui_form *f, ui_action act)
{
	edit_ctx *x = ctx;
	if (act == ACT_SAVE)
		edit_save(x, f);
	else if (act == ACT_HISTORY)
		show_record(x->s, x->in->id);
	else if (act == ACT_VOID)
		edit_void(x, f);
	edit_names(x);
	return false;
}

/* Open a saved inspection in its form: F2 saves a correction (asking the
 * reason), F5 shows the record with its history, F8 voids it. False when
 * the terminal was lost (what was typed kept as this record's draft). */
static bool edit(list_state *s, long long id)
{
	inspection in;
	inspection_init(&in);
	char err[512], did[64], label[96], at[32], question[256];
	if (!inspection_load(s->a->db, id, &in, err, sizeof err)) {
		set_message(s, ROLE_ERROR, err);
		inspection_free(&in);
		return true;
	}
	ui_form f;
	uif_init(&f, s->def);
	f.keybar = edit_keys;
	snprintf(f.title, sizeof f.title, "农检 · %s · 更正巡查记录", s->a->cfg->district_name);
	record_to_form(s, &in, &f);
	int who = form_index(s->def, "producer");
	if (who >= 0)
		uif_lock(&f, who, true);
	uif_focus(&f, who == 0 ? 1 : 0);
	long long draft_id = 0;
	int draft_version = 0;
	if (ui_draft_peek(s->a, DRAFT_FIX, did, sizeof did, label, sizeof label, at, sizeof at) &&
	    sscanf(did, "%lld/%d", &draft_id, &draft_version) == 2 && draft_id == id) {
		snprintf(question, sizeof question, "恢复 %.11s 中断时未保存的更正 (巡查 %lld)?", strlen(at) > 5 ? at + 5 : at, id);
		if (ui_confirm(question)) {
			ui_draft_restore(s->a, &f, DRAFT_FIX);
			in.version = draft_version;
		} else {
			ui_draft_drop(s->a, DRAFT_FIX);
		}
	}
	edit_ctx x = {s, &in, "", ""};
	edit_names(&x);
	bool alive = ui_edit_loop(s->a, &f, DRAFT_FIX, x.did, x.label, "放弃尚未保存的更正?", edit_action, &x);
	uif_free(&f);
	inspection_free(&in);
	return alive;
}

static bool gap_line(void *ctx, const coverage_gap *g)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s %s  %lld %s (%s)  上次巡查: %s", g->town, *g->village ? g->village : "(未填村)",
	         g->id, g->name, g->kind, *g->last ? g->last : "从未");
	ui_page_add(ctx, ROLE_NORMAL, buf);
	return true;
}

static void show_missing(list_state *s)
{
	ui_page l = {0};
	char err[512], title[160];
	if (!coverage_gaps(s->a->db, &s->cov, own_town(s), false, gap_line, &l, err, sizeof err))
		ui_page_add(&l, ROLE_NORMAL, err);
	int n = l.n;
	if (n == 0)
		ui_page_add(&l, ROLE_NORMAL, "名录中的主体本季度都已巡查。");
	snprintf(title, sizeof title, "第 %d 季度尚未巡查的主体 %d 个 (按镇街、村；命令行: nongjian coverage --missing)",
	         s->quarter, n);
	ui_pager(title, l.line, l.n);
	ui_page_free(&l);
}

static void recheck(list_state *s, const row *r)
{
	char result[64], note[256], q[512];
	snprintf(q, sizeof q, "巡查 %lld %s 整改回头看：已整改 填 1，未整改 填 2", r->id, r->producer);
	if (!ui_prompt("回头看", q, result, sizeof result))
		return;
	const char *res = strcmp(result, "1") == 0 || strcmp(result, "已整改") == 0   ? "已整改"
	                  : strcmp(result, "2") == 0 || strcmp(result, "未整改") == 0 ? "未整改"
	                                                                              : result;
	if (!ui_prompt("回头看", "整改情况 (简要说明):", note, sizeof note))
		note[0] = '\0';
	inspection in;
	inspection_init(&in);
	char err[512];
	rec_error e;
	inspection_recheck_input in_r = {.result = res, .note = note};
	if (!inspection_load(s->a->db, r->id, &in, err, sizeof err))
		set_message(s, ROLE_ERROR, err);
	else if (inspection_recheck(s->a->db, s->a->cfg, s->def, &in, &in_r, &s->a->me, &e))
		set_message(s, ROLE_OK, strcmp(res, "已整改") == 0 ? "回头看已登记：整改完成" : "回头看已登记：仍未整改");
	else
		set_message(s, ROLE_ERROR, e.msg);
	inspection_free(&in);
	load(s);
}

static void void_row(list_state *s, const row *r)
{
	char reason[256], q[512], err[512];
	snprintf(q, sizeof q, "作废巡查 %lld (%s %s) 的原因:", r->id, r->producer, r->date);
	if (!ui_prompt("作废巡查记录", q, reason, sizeof reason))
		return;
	if (inspection_void(s->a->db, r->id, r->version, reason, &s->a->me, err, sizeof err))
		set_message(s, ROLE_OK, "已作废 (记录保留，不再计入巡查覆盖)");
	else
		set_message(s, ROLE_ERROR, err);
	load(s);
}

bool ui_inspect(app *a)
{
	char err[512];
	const form_def *def = app_form_loaded(a, "inspect", err, sizeof err);
	list_state *s = xcalloc(1, sizeof *s);
	s->a = a;
	s->def = def;
	s->year = a->cfg->year;
	s->quarter = coverage_quarter_of(s->year, date_today());
	s->rows = xcalloc(MAX_ROWS, sizeof *s->rows);
	load(s);
	if (!def)
		set_message(s, ROLE_ERROR, err);
	bool alive = true;
	int entered = 0;
	while (alive) {
		draw(s);
		ui_key k = ui_read_key();
		const row *r = s->n ? &s->rows[s->cur] : NULL;
		if (ui_list_key(k, s->message, &s->cur, s->n, &alive) < 0)
			break;
		switch (k.act) {
		case ACT_NEXT: s->open_only = !s->open_only; s->cur = 0; load(s); break;
		case ACT_SAVE:
			if (!def) {
				set_message(s, ROLE_ERROR, err);
				break;
			}
			alive = entry(a, def, &entered);
			load(s);
			break;
		case ACT_ENTER:
			if (r && def) {
				alive = edit(s, r->id);
				load(s);
			}
			break;
		case ACT_VOID: if (r) void_row(s, r); break;
		case ACT_CHAR:
			if (k.ch == L'n' && def) {
				alive = entry(a, def, &entered);
				load(s);
			} else if (k.ch == L'r' && r && def)
				recheck(s, r);
			else if (k.ch == L'v' && r && def)
				show_record(s, r->id);
			else if (k.ch == L'm')
				show_missing(s);
			break;
		default: break;
		}
	}
	coverage_free(&s->cov);
	free(s->rows);
	free(s);
	return alive;
}
