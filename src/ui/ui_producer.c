#include "sample/sample.h"
#include "ui/ui_producer.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "registry/blacklist.h"
#include "registry/producer.h"
#include "registry/rating.h"
#include "sample/followup.h"
#include "base/text.h"
#include "ui/ui_draft.h"
#include "ui/ui_form.h"
#include "ui/ui_page.h"
#include "ui/ui_prompt.h"
#include "ui/ui_term.h"

typedef struct {
	app *a;
	const char **towns;
} form_ctx;

static int towns_source(void *ctx, const char *name, const char *const **items)
{
	form_ctx *c = ctx;
	if (strcmp(name, "towns") != 0) {
		*items = NULL;
		return 0;
	}
	*items = c->towns;
	return c->a->cfg->ntowns;
}

static void show_error(ui_form *f, const producer_error *e)
{
	int idx = e->field >= 0 ? form_index(f->def, producer_keys[e->field]) : -1;
	if (idx >= 0) {
		uif_set_error(f, idx, e->msg);
		uif_focus(f, idx);
	}
	uif_message(f, ROLE_ERROR, e->msg);
}

#define DRAFT_FORM "producer"

/* A registration (or a change of this producer) interrupted by a dropped
 * link is offered back when the same form is opened again; the change is
 * applied over the version it was typed on, so a change saved meanwhile
 * is refused as a conflict rather than overwritten. */
static void offer_draft(app *a, ui_form *f, producer *p, bool is_new)
{
	char id[64], label[96], at[32], question[256];
	long long did = -1;
	int version = 0;
	if (!ui_draft_peek(a, DRAFT_FORM, id, sizeof id, label, sizeof label, at, sizeof at) ||
	    sscanf(id, "%lld/%d", &did, &version) != 2 || did != (is_new ? 0 : p->id))
		return;
	if (is_new)
		snprintf(question, sizeof question, "恢复 %.11s 中断时未保存的主体登记?",
		         strlen(at) > 5 ? at + 5 : at);
	else
		snprintf(question, sizeof question, "恢复 %.11s 中断时未保存的修改 (%s)?",
		         strlen(at) > 5 ? at + 5 : at, label);
	if (!ui_confirm(question)) {
		ui_draft_drop(a, DRAFT_FORM);
		return;
	}
	ui_draft_restore(a, f, DRAFT_FORM);
	if (!is_new)
		p->version = version;
}

/* Run the registry form over p until saved (true) or abandoned. */
typedef struct {
	app *a;
	producer *p;
	bool is_new, saved;
} edit_entry;

/* F2 on the producer form: the registration or the change saved (the
 * loop ends), or the problem shown at its field. */
static bool edit_action(void *ctx, ui_form *f, ui_action act)
{
	edit_entry *x = ctx;
	if (act != ACT_SAVE)
		return false;
	app *a = x->a;
	producer n;
	producer_init(&n);
	producer_copy(&n, x->p);
	for (int i = 0; i < f->def->nfields; i++)
		producer_set(&n, producer_key_index(f->def->fields[i].key), f->values[i]);
	producer_error e;
	uif_clear_errors(f);
	bool ok = x->is_new ? producer_insert(a->db, a->cfg, app_form(a, "producer"), &n, &a->me, &e)
	                    : producer_update(a->db, a->cfg, app_form(a, "producer"), &n, "", &a->me, &e);
	if (ok) {
		producer_copy(x->p, &n);
		x->saved = true;
	} else {
		show_error(f, &e);
	}
	producer_free(&n);
	return ok;
}

static bool edit_form(app *a, producer *p, bool is_new, bool *alive)
{
	form_ctx ctx = {a, xcalloc((size_t)a->cfg->ntowns, sizeof(const char *))};
	for (int i = 0; i < a->cfg->ntowns; i++)
		ctx.towns[i] = a->cfg->towns[i].name;
	ui_form f;
	uif_init(&f, app_form(a, "producer"));
	f.ctx = &ctx;
	f.source = towns_source;
	static const char *const keys[] = {
		"F2", "保存 ", "Tab", "下一项 ", "数字", "选候选 ", "^U", "清空 ", "F10", "返回", NULL,
	};
	f.keybar = keys;
	snprintf(f.title, sizeof f.title, "农检 · %s · %s", a->cfg->district_name,
	         is_new ? "登记生产经营主体" : "修改主体登记信息");
	if (is_new)
		snprintf(f.subtitle, sizeof f.subtitle, "* 为必填项；信用代码和身份证号会核对校验位，不得与已登记的重复");
	else
		snprintf(f.subtitle, sizeof f.subtitle, "编号 %lld  第 %d 版  登记: %s %s", p->id, p->version,
		         p->created_by, p->created_at);
	for (int i = 0; i < f.def->nfields; i++) {
		int k = producer_key_index(f.def->fields[i].key);
		char def[256];
		field_default(&f.def->fields[i], def, sizeof def);
		uif_set(&f, i, is_new && !*p->v[k] ? def : p->v[k]);
	}
	f.dirty = false;
	uif_focus(&f, 0);
	offer_draft(a, &f, p, is_new);
	/* The link dropped: what was typed is kept (see ui_draft.h). */
	char id[64];
	snprintf(id, sizeof id, "%lld/%d", is_new ? 0 : p->id, is_new ? 0 : p->version);
	edit_entry x = {a, p, is_new, false};
	*alive = ui_edit_loop(a, &f, DRAFT_FORM, id, is_new ? "" : p->v[PF_NAME],
	                      is_new ? "放弃这条尚未保存的登记?" : "放弃尚未保存的修改?", edit_action, &x);
	uif_free(&f);
	free(ctx.towns);
	return x.saved;
}

bool ui_producer_new(app *a, long long *id)
{
	producer p;
	producer_init(&p);
	bool alive;
	*id = edit_form(a, &p, true, &alive) ? p.id : 0;
	producer_free(&p);
	return alive;
}

static void rating_line(void *ctx, const rating_change *r)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "  %s  %s → %s  %s  (%s %s)", r->on, *r->old_rating ? r->old_rating : "未评级",
	         r->new_rating, r->reason, r->by, r->at);
	ui_page_add(ctx, ROLE_NORMAL, buf);
}

static bool listing_line(void *ctx, const blacklist_entry *e)
{
	char desc[1024], buf[1400];
	blacklist_describe(e, desc, sizeof desc);
	snprintf(buf, sizeof buf, "  [%s] %s  列入: %s", e->active ? "在列" : *e->lifted_at ? "已解除" : "已到期",
	         desc, e->added_by);
	ui_page_add(ctx, e->active ? ROLE_FAIL : ROLE_DIM, buf);
	if (*e->lifted_at) {
		snprintf(buf, sizeof buf, "         解除: %s %s  原因: %s", e->lifted_by, e->lifted_at, e->lift_reason);
		ui_page_add(ctx, ROLE_DIM, buf);
	}
	return true;
}

static void sample_line(void *ctx, const producer_sample *s)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "  %s  %s  %s  %s  %s  %s%s", s->sample_no, s->date, s->kind, s->product,
	         s->result, sample_verdict_word(kind_from_label(s->kind), s->fail, false), s->voided ? " (已作废)" : "");
	ui_page_add(ctx, s->voided ? ROLE_DIM : s->fail ? ROLE_FAIL : ROLE_NORMAL, buf);
}

static bool case_line(void *ctx, const followup_case *fc)
{
	char line[1024], buf[1100];
	followup_case_line(fc, line, sizeof line);
	snprintf(buf, sizeof buf, "  %s", line);
	ui_page_add(ctx, fc->state == FC_CLOSED ? ROLE_DIM : fc->overdue ? ROLE_FAIL : ROLE_WARN, buf);
	return true;
}

/* Build the page of producer p; *status gets its status. */

/* A section of the producer's page: its title; then, after its lines,
 * the error when reading them failed or none when there were none. */
static int section(ui_page *pg, const char *title)
{
	ui_page_add(pg, ROLE_TITLE, title);
	return pg->n;
}

static void section_end(ui_page *pg, int before, bool ok, const char *err, const char *none)
{
	if (!ok)
		ui_page_add(pg, ROLE_ERROR, err);
	if (pg->n == before)
		ui_page_add(pg, ROLE_DIM, none);
}
static void build_page(app *a, const producer *p, ui_page *pg, int *status)
{
	char buf[1400], err[512];
	blacklist_entry be;
	bool listed = blacklist_active(a->db, p->id, &be);
	*status = producer_status(p->rating, listed);
	char desc[1024] = "";
	if (listed)
		blacklist_describe(&be, desc, sizeof desc);
	snprintf(buf, sizeof buf, "[%s] %s%s%s", producer_status_text(*status), listed ? "(" : "", desc,
	         listed ? ")" : "");
	ui_page_add(pg, *status == PSTATUS_BLACKLISTED ? ROLE_FAIL : *status == PSTATUS_WATCH ? ROLE_WARN : ROLE_OK,
	         buf);
	snprintf(buf, sizeof buf, "编号 %lld   信用评级: %s%s", p->id, p->rating ? (char[]){p->rating, '\0'} : "未评级",
	         p->rating ? " 级" : "");
	ui_page_add(pg, ROLE_NORMAL, buf);
	const form_def *f = app_form(a, "producer");
	for (int i = 0; i < f->nfields; i++) {
		const char *v = p->v[producer_key_index(f->fields[i].key)];
		if (!*v)
			continue;
		snprintf(buf, sizeof buf, "%s: %s", f->fields[i].label, v);
		ui_page_add(pg, ROLE_NORMAL, buf);
	}
	snprintf(buf, sizeof buf, "登记: %s %s%s%s%s%s", p->created_by, p->created_at, *p->updated_by ? "   最后修改: " : "",
	         p->updated_by, *p->updated_by ? " " : "", p->updated_at);
	ui_page_add(pg, ROLE_DIM, buf);
	ui_page_add(pg, ROLE_NORMAL, "");
	int before = section(pg, "评级记录");
	section_end(pg, before, rating_history(a->db, p->id, rating_line, pg, err, sizeof err), err, "  (未评级)");
	before = section(pg, "黑名单记录");
	section_end(pg, before, blacklist_history(a->db, p->id, listing_line, pg, err, sizeof err), err,
	            "  (从未列入)");
	before = section(pg, "检打联动案件");
	followup_filter cases = {.producer_id = p->id};
	section_end(pg, before,
	            followup_each(a->db, a->cfg, &cases, &a->me, date_today(), case_line, pg, err, sizeof err) >= 0,
	            err, "  (没有不合格样品的案件)");
	before = section(pg, "抽检记录 (最近 200 条)");
	section_end(pg, before, producer_samples(a->db, p->id, sample_line, pg, 200, err, sizeof err), err,
	            "  (没有抽检记录)");
}

static void draw_page(app *a, const producer *p, const ui_page *pg, int top, const char *msg, ui_role msg_role)
{
	char what[400];
	snprintf(what, sizeof what, "主体: %s (%s)", p->v[PF_NAME], p->v[PF_TOWN]);
	if (!ui_screen_begin(a->cfg->district_name, what, ""))
		return;
	ui_page_draw(pg, top);
	ui_put(LINES - 2, 1, COLS - 2, msg_role, msg);
	static const char *const keys[] = {
		"1", "修改 ", "2", "评级 ", "3", "列入黑名单 ", "4", "解除黑名单 ", "Up/Dn", "滚动 ", "Esc", "返回", NULL,
	};
	ui_keybar(keys);
	curs_set(0);
	refresh();
}

bool ui_producer_view(app *a, long long id)
{
	producer p;
	producer_init(&p);
	char err[512], msg[1024] = "", ans[256], reason[256];
	ui_role msg_role = ROLE_NORMAL;
	if (!producer_load(a->db, id, &p, err, sizeof err)) {
		ui_confirm(err);
		producer_free(&p);
		return true;
	}
	ui_page pg = {0};
	int status, top = 0;
	build_page(a, &p, &pg, &status);
	bool alive = true;
	for (;;) {
		draw_page(a, &p, &pg, top, msg, msg_role);
		ui_key k = ui_read_key();
		if (k.act != ACT_NONE && k.act != ACT_RESIZE)
			msg[0] = '\0';
		bool changed = false;
		if (k.act == ACT_LOST) {
			alive = false;
			break;
		}
		if (k.act == ACT_BACK || (k.act == ACT_CHAR && (k.ch == L'q' || k.ch == L'0')))
			break;
		switch (k.act) {
		case ACT_UP: if (top > 0) top--; break;
		case ACT_DOWN: if (top + 1 < pg.n) top++; break;
		case ACT_PGUP: top = top > LINES - 4 ? top - (LINES - 4) : 0; break;
		case ACT_PGDN: if (top + LINES - 4 < pg.n) top += LINES - 4; break;
		case ACT_HOME: top = 0; break;
		case ACT_REDRAW: ui_force_repaint(); break;
		case ACT_HELP: ui_help(); break;
		case ACT_CHAR:
			if (k.ch == L'1') {
				bool ok = edit_form(a, &p, false, &alive);
				if (!alive)
					goto out;
				if (ok) {
					snprintf(msg, sizeof msg, "已保存修改 (第 %d 版)，原值已记入修改记录", p.version);
					msg_role = ROLE_OK;
					changed = true;
				}
			} else if (k.ch == L'2') {
				if (!ui_prompt("信用评级", "评为 A、B 或 C 级 (A 扶持；B、C 重点监管；C 列入黑名单):", ans,
				               sizeof ans))
					break;
				char r = rating_parse(ans);
				if (!r) {
					snprintf(msg, sizeof msg, "评级应为 A、B 或 C，未保存");
					msg_role = ROLE_ERROR;
					break;
				}
				if (!ui_prompt("评级依据", "写明评级的依据或原因 (如: 年度信用评价、抽检不合格):", reason,
				               sizeof reason))
					break;
				long long listing = 0;
				if (rating_set(a->db, a->cfg, p.id, r, "", reason, &a->me, &listing, err, sizeof err)) {
					snprintf(msg, sizeof msg, "已评为 %c 级%s", r, listing ? "，已按规定列入黑名单" : "");
					msg_role = listing ? ROLE_FAIL : ROLE_OK;
					changed = true;
				} else {
					snprintf(msg, sizeof msg, "%s", err);
					msg_role = ROLE_ERROR;
				}
			} else if (k.ch == L'3') {
				if (!ui_prompt("列入黑名单", "原因类别: 1 C评级 2 监督抽查不合格 3 违禁物质 4 立案查处 5 其他",
				               ans, sizeof ans))
					break;
				int kind = blacklist_kind_parse(ans);
				if (kind < 0) {
					snprintf(msg, sizeof msg, "原因类别应为 1-5，未列入");
					msg_role = ROLE_ERROR;
					break;
				}
				if (!ui_prompt("列入黑名单", "写明依据 (检测报告、文书编号等):", reason, sizeof reason))
					break;
				if (blacklist_add(a->db, p.id, kind, reason, "", "", 0, &a->me, err, sizeof err)) {
					snprintf(msg, sizeof msg, "已列入黑名单 (%s)", blacklist_kind_label(kind));
					msg_role = ROLE_FAIL;
					changed = true;
				} else {
					snprintf(msg, sizeof msg, "%s", err);
					msg_role = ROLE_ERROR;
				}
			} else if (k.ch == L'4') {
				if (status != PSTATUS_BLACKLISTED) {
					snprintf(msg, sizeof msg, "该主体不在黑名单中");
					msg_role = ROLE_ERROR;
					break;
				}
				if (!ui_prompt("解除黑名单", "解除原因 (如: 整改验收合格)，记录会保留:", reason, sizeof reason))
					break;
				if (blacklist_lift(a->db, p.id, reason, &a->me, NULL, err, sizeof err)) {
					snprintf(msg, sizeof msg, "已解除黑名单，列入和解除记录均保留");
					msg_role = ROLE_OK;
					changed = true;
				} else {
					snprintf(msg, sizeof msg, "%s", err);
					msg_role = ROLE_ERROR;
				}
			}
			break;
		default:
			break;
		}
		if (changed) {
			if (!producer_load(a->db, id, &p, err, sizeof err)) {
				snprintf(msg, sizeof msg, "%s", err);
				msg_role = ROLE_ERROR;
			}
			ui_page_free(&pg);
			build_page(a, &p, &pg, &status);
		}
	}
out:
	ui_page_free(&pg);
	producer_free(&p);
	return alive;
}
