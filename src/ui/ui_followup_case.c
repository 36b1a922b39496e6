/* One 检打联动 case on the screen (ui_followup.h): the sample, its
 * producer with its credit status, the steps so far and the next step;
 * the next step is recorded through the step form (forms/followup.ini)
 * with the sample form's conventions: kept values, a draft kept when the
 * link drops, the reason beside the field. */
#include "ui/ui_followup.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/text.h"
#include "registry/blacklist.h"
#include "registry/producer.h"
#include "registry/rating.h"
#include "sample/followup.h"
#include "ui/ui_draft.h"
#include "ui/ui_form.h"
#include "ui/ui_kept.h"
#include "ui/ui_page.h"
#include "ui/ui_producer.h"
#include "ui/ui_prompt.h"
#include "ui/ui_term.h"

#define DRAFT_FORM "followup"

/* ---- the step form ---- */

typedef struct {
	const char *steps[FU_STEPS]; /* the steps the case allows now */
	int nsteps;
} step_sources;

static int steps_source(void *ctx, const char *name, const char *const **items)
{
	step_sources *s = ctx;
	*items = strcmp(name, "steps") == 0 ? s->steps : NULL;
	return *items ? s->nsteps : 0;
}

/* The date and lab typed last, for the next step of any case. */
static uif_kept kept;

/* A step of this case interrupted by a dropped link is offered back. */
static void offer_draft(app *a, ui_form *f, const followup_case *fc)
{
	char id[32], label[96], at[32], question[256], want[32];
	snprintf(want, sizeof want, "%lld", fc->sample_id);
	if (!ui_draft_peek(a, DRAFT_FORM, id, sizeof id, label, sizeof label, at, sizeof at) || strcmp(id, want) != 0)
		return;
	snprintf(question, sizeof question, "恢复 %.11s 中断时未保存的步骤 (%s)?", strlen(at) > 5 ? at + 5 : at, label);
	if (ui_confirm(question))
		ui_draft_restore(a, f, DRAFT_FORM);
	else
		ui_draft_drop(a, DRAFT_FORM);
}

/* Check the active fields and hand them to the domain; the reason goes
 * beside its field. True when the step was recorded (msg says so). */
static bool save_step(app *a, ui_form *f, const followup_case *fc, char *msg, size_t msglen)
{
	const form_def *def = f->def;
	char (*norm)[1024] = xcalloc((size_t)def->nfields, sizeof *norm);
	followup_input in = {0};
	char err[512];
	bool ok = true;
	uif_clear_errors(f);
	for (int i = 0; ok && i < def->nfields; i++) {
		if (!uif_active(f, i))
			continue;
		if (!field_check(&def->fields[i], f->values[i], norm[i], sizeof norm[i], err, sizeof err)) {
			uif_set_error(f, i, err);
			uif_focus(f, i);
			uif_message(f, ROLE_ERROR, err);
			ok = false;
		} else {
			followup_input_set(&in, def->fields[i].key, norm[i]);
		}
	}
	const char *field = "";
	int no = 0;
	if (ok && !followup_add_form(a->db, a->cfg, fc->sample_id, &in, &a->me, &no, &field, err, sizeof err)) {
		int idx = form_index(def, field);
		if (idx >= 0 && uif_active(f, idx)) {
			uif_set_error(f, idx, err);
			uif_focus(f, idx);
		}
		uif_message(f, ROLE_ERROR, err);
		ok = false;
	}
	if (ok)
		snprintf(msg, msglen, "已登记第 %d 步 %s", no, in.step);
	free(norm);
	return ok;
}

typedef struct {
	app *a;
	const followup_case *fc;
	char *msg;
	size_t msglen;
	ui_role *role;
} step_entry;

/* F2 on the step form: saved, the loop ends with the message. */
static bool step_action(void *ctx, ui_form *f, ui_action act)
{
	step_entry *x = ctx;
	if (act != ACT_SAVE || !save_step(x->a, f, x->fc, x->msg, x->msglen))
		return false;
	uif_kept_remember(&kept, f);
	*x->role = ROLE_OK;
	return true;
}

/* Record the next step of fc; false when the link was lost. */
static bool record_step(app *a, const followup_case *fc, char *msg, size_t msglen, ui_role *role)
{
	const form_def *def = app_form_loaded(a, "followup", msg, msglen);
	if (!def) {
		*role = ROLE_ERROR;
		return true;
	}
	step_sources src = {0};
	char why[512] = "";
	for (int k = 0; k < FU_STEPS; k++)
		if (followup_allowed(fc, k, why, sizeof why))
			src.steps[src.nsteps++] = followup_step_label(k);
	if (src.nsteps == 0) {
		snprintf(msg, msglen, "%s", why);
		*role = ROLE_ERROR;
		return true;
	}
	ui_form f;
	uif_init(&f, def);
	f.ctx = &src;
	f.source = steps_source;
	static const char *const keys[] = {
		"F2", "登记 ", "Tab", "下一项 ", "数字", "选候选 ", "^U", "清空 ", "F10", "返回", NULL,
	};
	f.keybar = keys;
	snprintf(f.title, sizeof f.title, "农检 · %s · 登记检打联动步骤", a->cfg->district_name);
	snprintf(f.subtitle, sizeof f.subtitle, "%s  %s  %s  %s  处置状态: %s", fc->sample_no, fc->producer,
	         fc->product, fc->verdict, fc->state_text);
	for (int i = 0; i < f.def->nfields; i++) {
		char dflt[256];
		field_default(&f.def->fields[i], dflt, sizeof dflt);
		uif_set(&f, i, dflt);
	}
	uif_kept_restore(&kept, &f);
	int next = followup_next_step(fc);
	int step_idx = form_index(f.def, "step");
	if (next >= 0 && followup_allowed(fc, next, why, sizeof why))
		uif_set(&f, step_idx, followup_step_label(next));
	f.dirty = false;
	uif_focus(&f, step_idx >= 0 ? step_idx : 0);
	offer_draft(a, &f, fc);
	char id[32];
	snprintf(id, sizeof id, "%lld", fc->sample_id);
	step_entry x = {a, fc, msg, msglen, role};
	bool alive = ui_edit_loop(a, &f, DRAFT_FORM, id, fc->sample_no, "放弃这一步尚未保存的内容?", step_action, &x);
	uif_free(&f);
	return alive;
}

/* ---- the case page ---- */

/* The producer line: registered or not, its rating and blacklist. */
static void producer_line(app *a, const followup_case *fc, ui_page *pg)
{
	if (!fc->producer_id) {
		ui_page_addf(pg, ROLE_NORMAL, "受检主体: %s  (未登记的主体)", *fc->producer ? fc->producer : "(未填写)");
		return;
	}
	producer p;
	producer_init(&p);
	char err[512];
	if (!producer_load(a->db, fc->producer_id, &p, err, sizeof err)) {
		ui_page_addf(pg, ROLE_ERROR, "受检主体: %s  (%s)", fc->producer, err);
		producer_free(&p);
		return;
	}
	blacklist_entry be;
	bool listed = blacklist_active(a->db, p.id, &be);
	int status = producer_status(p.rating, listed);
	char desc[1024] = "";
	if (listed)
		blacklist_describe(&be, desc, sizeof desc);
	ui_page_addf(pg, status == PSTATUS_BLACKLISTED ? ROLE_FAIL : status == PSTATUS_WATCH ? ROLE_WARN : ROLE_NORMAL,
	         "受检主体: %s  [%s%s%s%s]  信用评级: %s", p.v[PF_NAME], producer_status_text(status),
	         listed ? ": " : "", desc, "", p.rating ? (char[]){p.rating, '\0'} : "未评级");
	producer_free(&p);
}

static void build_page(app *a, const followup_case *fc, ui_page *pg)
{
	ui_page_addf(pg, ROLE_NORMAL, "样品编号: %s   镇街: %s   抽样日期: %s", fc->sample_no, fc->town, fc->sample_date);
	ui_page_addf(pg, fc->warning ? ROLE_WARN : ROLE_FAIL, "样品名称: %s   检测结果: %s%s", fc->product, fc->verdict,
	         fc->voided ? "  (样品已作废)" : "");
	producer_line(a, fc, pg);
	char due[64] = "";
	if (!fc->overdue && *fc->due)
		snprintf(due, sizeof due, "  期限: %s 前", fc->due);
	ui_page_addf(pg, fc->overdue ? ROLE_FAIL : fc->state == FC_CLOSED ? ROLE_OK : ROLE_NORMAL, "处置状态: %s  %s%s",
	         fc->state_text, fc->overdue_text, due);
	ui_page_addf(pg, ROLE_TITLE, "步骤");
	if (fc->nsteps == 0)
		ui_page_addf(pg, ROLE_DIM, "  (尚未处置)");
	for (int i = 0; i < fc->nsteps; i++) {
		const followup_step *p = &fc->steps[i];
		char data[1024] = "";
		size_t n = 0;
		for (int k = FS_RESULT; k < FS_COUNT && n < sizeof data; k++)
			if (*p->v[k] && k != FS_OUTCOME)
				n += (size_t)snprintf(data + n, sizeof data - n, "  %s: %s", followup_type.fields[k].label, p->v[k]);
		ui_page_addf(pg, p->voided ? ROLE_DIM : ROLE_NORMAL, "  %d. %s %s%s  (%s)", p->no, p->v[FS_DATE],
		         p->v[FS_STEP], data, p->by);
		if (p->voided)
			ui_page_addf(pg, ROLE_DIM, "     已作废: %s  (%s %s)", p->void_reason, p->voided_by, p->voided_at);
	}
	int next = followup_next_step(fc);
	char allowed[256] = "", why[512] = "";
	size_t n = 0;
	for (int k = 0; k < FU_STEPS && n < sizeof allowed; k++)
		if (followup_allowed(fc, k, why, sizeof why))
			n += (size_t)snprintf(allowed + n, sizeof allowed - n, " %s", followup_step_label(k));
	if (next >= 0) {
		ui_page_addf(pg, ROLE_OK, "下一步: %s   (按 Enter 登记)", followup_step_label(next));
		ui_page_addf(pg, ROLE_DIM, "可登记:%s", allowed);
	} else
		ui_page_addf(pg, ROLE_DIM, "%s", fc->voided ? "样品已作废，不再登记步骤" : "已结案");
}

static void draw_page(app *a, const ui_page *pg, int top, const char *msg, ui_role msg_role)
{
	if (!ui_screen_begin(a->cfg->district_name, "检打联动案件", ""))
		return;
	ui_page_draw(pg, top);
	ui_put(LINES - 2, 1, COLS - 2, msg_role, msg);
	static const char *const keys[] = {
		"Enter", "登记下一步 ", "F8", "作废最后一步 ", "p", "主体 ", "r", "评级 ", "F10", "返回", NULL,
	};
	ui_keybar(keys);
	curs_set(0);
	refresh();
}

/* A failure confirmed by a 监督抽查 of a registered producer not yet
 * rated C: ask whether to rate it C by the credit rules (which list it
 * on the blacklist when [credit] c_blacklist says so). Asked, never
 * silent; explicit says so also when it is not due. */
static void offer_rating(app *a, const followup_case *fc, bool explicit, char *msg, size_t msglen, ui_role *role)
{
	char ref[96], err[512], q[512], reason[256];
	if (!fc->producer_id || !followup_supervisory_failure(a->db, fc, ref, sizeof ref)) {
		if (explicit) {
			snprintf(msg, msglen, "%s", !fc->producer_id ? "受检主体不是登记过的主体，不能评级"
			                                              : "只有经监督抽查确证不合格的，才按信用规则降级");
			*role = ROLE_WARN;
		}
		return;
	}
	producer p;
	producer_init(&p);
	bool loaded = producer_load(a->db, fc->producer_id, &p, err, sizeof err);
	if (loaded && p.rating == 'C') {
		if (explicit) {
			snprintf(msg, msglen, "%s 已是 C 级", p.v[PF_NAME]);
			*role = ROLE_WARN;
		}
	} else if (loaded) {
		snprintf(q, sizeof q, "监督抽查不合格已确证 (%s)：按信用规则把 %s 评为 C 级%s?", ref, p.v[PF_NAME],
		         a->cfg->c_blacklist ? "并列入黑名单" : "");
		snprintf(reason, sizeof reason, "监督抽查不合格 (样品编号 %s)", ref);
		long long listing = 0;
		if (!ui_confirm(q)) {
			snprintf(msg, msglen, "未评级；以后可在本案件按 r 或在主体页按 2 评级");
			*role = ROLE_NORMAL;
		} else if (rating_set(a->db, a->cfg, p.id, 'C', "", reason, &a->me, &listing, err, sizeof err)) {
			snprintf(msg, msglen, "已把 %s 评为 C 级%s", p.v[PF_NAME], listing ? "，已列入黑名单" : "");
			*role = ROLE_FAIL;
		} else {
			snprintf(msg, msglen, "%s", err);
			*role = ROLE_ERROR;
		}
	} else {
		snprintf(msg, msglen, "%s", err);
		*role = ROLE_ERROR;
	}
	producer_free(&p);
}

/* Void the last live step with a reason. */
static void void_last(app *a, const followup_case *fc, char *msg, size_t msglen, ui_role *role)
{
	const followup_step *last = NULL;
	for (int i = fc->nsteps - 1; i >= 0 && !last; i--)
		if (!fc->steps[i].voided)
			last = &fc->steps[i];
	if (!last) {
		snprintf(msg, msglen, "这个案件没有可以作废的步骤");
		*role = ROLE_ERROR;
		return;
	}
	char q[256], reason[256], err[512];
	snprintf(q, sizeof q, "作废第 %d 步 %s %s (登记错误)，不会删除。原因:", last->no, last->v[FS_DATE], last->v[FS_STEP]);
	if (!ui_prompt("作废步骤", q, reason, sizeof reason))
		return;
	if (followup_void(a->db, fc->sample_id, last->no, reason, &a->me, err, sizeof err)) {
		snprintf(msg, msglen, "已作废第 %d 步，原因已记入审计", last->no);
		*role = ROLE_OK;
	} else {
		snprintf(msg, msglen, "%s", err);
		*role = ROLE_ERROR;
	}
}

bool ui_followup_case(app *a, long long sample_id)
{
	followup_case fc;
	char err[512], msg[1024] = "";
	ui_role role = ROLE_NORMAL;
	if (!followup_load(a->db, a->cfg, sample_id, date_today(), &fc, err, sizeof err)) {
		ui_confirm(err);
		return true;
	}
	ui_page pg = {0};
	build_page(a, &fc, &pg);
	int top = 0;
	bool alive = true;
	for (;;) {
		draw_page(a, &pg, top, msg, role);
		ui_key k = ui_read_key();
		if (k.act != ACT_NONE && k.act != ACT_RESIZE)
			msg[0] = '\0';
		if (k.act == ACT_CHAR && (k.ch == L'q' || k.ch == L'0'))
			k.act = ACT_BACK;
		if (k.act == ACT_CHAR && k.ch == L'a')
			k.act = ACT_ENTER;
		if (k.act == ACT_LOST)
			alive = false;
		if (k.act == ACT_LOST || k.act == ACT_BACK)
			break;
		bool reload = false;
		switch (k.act) {
		case ACT_UP: if (top > 0) top--; break;
		case ACT_DOWN: if (top + 1 < pg.n) top++; break;
		case ACT_HOME: top = 0; break;
		case ACT_REDRAW: ui_force_repaint(); break;
		case ACT_HELP: ui_help(); break;
		case ACT_ENTER:
			alive = record_step(a, &fc, msg, sizeof msg, &role);
			if (alive && role == ROLE_OK) {
				/* The step may have confirmed a 监督抽查 failure. */
				followup_case now;
				char rated[512] = "";
				ui_role rated_role = ROLE_OK;
				if (followup_load(a->db, a->cfg, sample_id, date_today(), &now, err, sizeof err)) {
					offer_rating(a, &now, false, rated, sizeof rated, &rated_role);
					followup_case_free(&now);
				}
				if (*rated) {
					size_t used = strlen(msg);
					snprintf(msg + used, sizeof msg - used, "；%s", rated);
					role = rated_role;
				}
			}
			reload = true;
			break;
		case ACT_VOID:
			void_last(a, &fc, msg, sizeof msg, &role);
			reload = true;
			break;
		case ACT_CHAR:
			if (k.ch == L'r')
				offer_rating(a, &fc, true, msg, sizeof msg, &role);
			else if (k.ch == L'p' && fc.producer_id)
				alive = ui_producer_view(a, fc.producer_id);
			else if (k.ch == L'p')
				snprintf(msg, sizeof msg, "%s 不是登记过的主体", *fc.producer ? fc.producer : "受检主体");
			reload = true;
			break;
		default:
			break;
		}
		if (!alive)
			break;
		if (reload) {
			followup_case_free(&fc);
			if (!followup_load(a->db, a->cfg, sample_id, date_today(), &fc, err, sizeof err)) {
				ui_confirm(err);
				break;
			}
			ui_page_free(&pg);
			build_page(a, &fc, &pg);
		}
	}
	followup_case_free(&fc);
	ui_page_free(&pg);
	return alive;
}
