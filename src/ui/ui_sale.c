/* The restricted-pesticide sale ledger's screen (限用农药实名购买登记):
 * a shop clerk enters a day's sales one after another (the shop, date and
 * unit stay for the next), and F3 finds sales by buyer (ID number, part of
 * the name or its pinyin initials). ID numbers are shown as the domain
 * allows (ledger/sale.h), full views audited. */
#include "ui/ui_sale.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "base/values.h"
#include "ledger/sale.h"
#include "ledger/salefigures.h"
#include "ledger/salelist.h"
#include "ui/ui_draft.h"
#include "ui/ui_form.h"
#include "ui/ui_prompt.h"
#include "ui/ui_term.h"

static const char *const keys[] = {
	"F2", "保存 ", "Tab", "下一项 ", "F3", "按购买人查找 ", "F8", "作废上一笔 ", "F10", "返回", NULL,
};

static void form_to_sale(const ui_form *f, sale *s)
{
	for (int i = 0; i < f->def->nfields; i++)
		sale_set(s, sale_key_index(f->def->fields[i].key), f->values[i]);
}

static void show_error(ui_form *f, const sale_error *e)
{
	uif_show_field_error(f, e->field >= 0 ? sale_keys[e->field] : NULL, e->msg);
}

typedef struct {
	const app *a;
	char **lines;
	int n, cap;
	long full;
} found;

static bool add_line(void *ctx, const sale *s)
{
	found *x = ctx;
	bool full = sale_may_see_id(&x->a->me, s->v[SL_TOWN]);
	const char *code = *s->v[SL_ID_NUMBER] ? s->v[SL_ID_NUMBER] : s->v[SL_CREDIT_CODE];
	char masked[64], line[1024];
	if (full && *code)
		x->full++;
	else
		sale_mask_id(code, masked, sizeof masked);
	snprintf(line, sizeof line, "#%lld %s %s %s %s %s %s%s %s%s", s->id, s->v[SL_DATE], s->v[SL_BUYER],
	         full ? code : masked, s->v[SL_VILLAGE], s->v[SL_PESTICIDE], s->v[SL_QUANTITY], s->v[SL_UNIT],
	         s->v[SL_SHOP], s->voided ? " (作废)" : "");
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 16;
		x->lines = xreallocarray(x->lines, (size_t)x->cap, sizeof *x->lines);
	}
	x->lines[x->n++] = xstrdup(line);
	return true;
}

/* F3: the sales of a buyer, newest first (at most 500). */
static void find_buyer(app *a, ui_form *f)
{
	char typed[128];
	if (!ui_prompt("按购买人查找", "身份证号、姓名或拼音首字母 (如 zs):", typed, sizeof typed))
		return;
	sale_filter flt = {.buyer = typed, .include_void = true, .limit = 500};
	found x = {.a = a};
	char err[512], title[256];
	long n = sale_each(a->db, &flt, add_line, &x, err, sizeof err);
	if (n < 0) {
		uif_message(f, ROLE_ERROR, err);
	} else if (n == 0) {
		snprintf(title, sizeof title, "没有购买人与 \"%s\" 相符的销售记录", typed);
		uif_message(f, ROLE_WARN, title);
	} else {
		if (x.full > 0) {
			char detail[256];
			snprintf(detail, sizeof detail, "屏幕查找 %ld 条，身份证号全文，购买人 %s", x.full, typed);
			if (!sale_audit_view(a->db, &a->me, "销售台账", detail, err, sizeof err)) {
				uif_message(f, ROLE_ERROR, err);
				goto done;
			}
		}
		snprintf(title, sizeof title, "购买人 \"%s\": %ld 条销售记录", typed, n);
		ui_pager(title, x.lines, x.n);
	}
done:
	for (int i = 0; i < x.n; i++)
		free(x.lines[i]);
	free(x.lines);
}

/* F8: the sale just saved was entered in error (a clerk notices at
 * once): void it with a reason, as `nongjian sale void` does. */
static void void_last(app *a, ui_form *f, long long *last)
{
	char q[128], reason[256], err[512];
	if (!*last) {
		uif_message(f, ROLE_WARN, "本次还没有保存过销售；更早的记录用 nongjian sale void 编号 --reason 原因 作废");
		return;
	}
	snprintf(q, sizeof q, "作废原因 (销售 #%lld):", *last);
	if (!ui_prompt("作废上一笔销售", q, reason, sizeof reason))
		return;
	if (!sale_void(a->db, *last, 0, reason, &a->me, err, sizeof err)) {
		uif_message(f, ROLE_ERROR, err);
		return;
	}
	snprintf(q, sizeof q, "已作废 #%lld (记录保留，原因: %.60s)", *last, reason);
	uif_message(f, ROLE_WARN, q);
	*last = 0;
}

typedef struct {
	app *a;
	const form_def *def;
	int saved;
	long long last; /* the sale saved last, for F8 */
} entry_ctx;

static void entry_action(void *ctx, ui_form *f, ui_action act)
{
	entry_ctx *x = ctx;
	app *a = x->a;
	if (act == ACT_VOID) {
		void_last(a, f, &x->last);
	} else if (act == ACT_FILTER) {
		find_buyer(a, f);
	} else if (act == ACT_SAVE) {
		sale s;
		sale_init(&s);
		form_to_sale(f, &s);
		sale_error e;
		uif_clear_errors(f);
		if (sale_insert(a->db, a->cfg, x->def, &s, &a->me, &e)) {
			char msg[512];
			x->saved++;
			x->last = s.id;
			snprintf(msg, sizeof msg, "已保存 #%lld  %s %s %s%s   (本次已录 %d 笔；农资店、日期、单位已保留)",
			         s.id, s.v[SL_BUYER], s.v[SL_PESTICIDE], s.v[SL_QUANTITY], s.v[SL_UNIT], x->saved);
			uif_next_blank(f);
			uif_message(f, ROLE_OK, msg);
		} else {
			show_error(f, &e);
		}
		sale_free(&s);
	}
}

bool ui_sale(app *a)
{
	char err[512];
	const form_def *def = app_form_loaded(a, "sale", err, sizeof err);
	if (!def) {
		ui_confirm(err);
		return true;
	}
	ui_form f;
	uif_init(&f, def);
	f.keybar = keys;
	snprintf(f.title, sizeof f.title, "农检 · %s · 限用农药实名购买登记", a->cfg->district_name);
	char names[768];
	/* The count first: the line shows only as many names as fit. */
	int nrestricted = sale_restricted_names(a->db, names, sizeof names, err, sizeof err);
	if (nrestricted > 0)
		snprintf(f.subtitle, sizeof f.subtitle, "定点经营农资店逐笔登记  * 为必填项  限用农药 %d 种: %s", nrestricted,
		         names);
	uif_next_blank(&f);
	entry_ctx x = {a, def, 0, 0};
	bool alive = ui_entry_loop(a, &f, NULL, "放弃这笔尚未保存的销售?", entry_action, &x);
	uif_free(&f);
	return alive;
}

/* ---- the dashboard's 限用农药 tab ---- */

static void period_of(int year, ymd as_of, char *from, char *to)
{
	snprintf(from, 11, "%04d-01-01", year);
	date_format(as_of, to, 11);
}

int ui_sale_duty(app *a, int year, ymd as_of, quota_row *rows, int max, quota_row *total, char *period,
                 size_t periodlen, char *err, size_t errlen)
{
	char from[11], to[11];
	period_of(year, as_of, from, to);
	sale_town_tally *t = xcalloc((size_t)max, sizeof *t);
	int n = sale_town_tallies(a->db, from, to, t, max, err, errlen);
	memset(total, 0, sizeof *total);
	snprintf(total->unit, sizeof total->unit, "%s", "合计");
	for (int i = 0; i < n; i++) {
		quota_row *r = &rows[i];
		memset(r, 0, sizeof *r);
		snprintf(r->unit, sizeof r->unit, "%s", t[i].town);
		r->target = t[i].shops;           /* every designated shop keeps the ledger */
		r->done = t[i].active_shops;
		r->positives = t[i].sales;
		r->open_positives = t[i].multi_buyers;
		quota_derive(r, 1.0);
		total->target += r->target;
		total->done += r->done;
		total->positives += r->positives;
		total->open_positives += r->open_positives;
	}
	quota_derive(total, 1.0);
	free(t);
	snprintf(period, periodlen, "%d 年 · 截至 %s (完成/目标: 已登记销售的定点店)", year, to);
	return n;
}

typedef struct {
	const char *town;
	char **lines;
	int n, cap;
} tab_lines;

static void tab_push(tab_lines *l, const char *line)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->lines = xreallocarray(l->lines, (size_t)l->cap, sizeof *l->lines);
	}
	l->lines[l->n++] = xstrdup(line);
}

static void tab_row(void *ctx, const sale_month_row *r)
{
	tab_lines *l = ctx;
	if (strcmp(r->town, l->town) != 0)
		return;
	char months[256] = "", q[32], line[1024];
	for (int m = 1; m <= 12; m++) {
		if (r->month[m] <= 0)
			continue;
		values_format_number(r->month[m], q, sizeof q);
		size_t len = strlen(months);
		snprintf(months + len, sizeof months - len, "%s%d月 %s", len ? "，" : "", m, q);
	}
	values_format_number(r->month[0], q, sizeof q);
	snprintf(line, sizeof line, "%s  %s 合计 %s%s (%ld 笔)：%s", r->shop, r->pesticide, q, r->unit, r->sales,
	         months);
	tab_push(l, line);
}

static void tab_multi(void *ctx, const sale_multi_row *r)
{
	char masked[64], line[1024];
	sale_mask_id(r->code, masked, sizeof masked);
	snprintf(line, sizeof line, "  %s (%s) %ld 家店 %ld 笔：%s", r->buyer, masked, r->nshops, r->sales, r->shops);
	tab_push(ctx, line);
}

void ui_sale_duty_detail(app *a, int year, ymd as_of, const char *town)
{
	char from[11], to[11], err[512], title[256];
	period_of(year, as_of, from, to);
	tab_lines l = {.town = town};
	bool ok = sale_month_figures(a->db, from, to, tab_row, &l, err, sizeof err) >= 0;
	if (ok && l.n == 0)
		tab_push(&l, "今年还没有登记限用农药销售。");
	tab_push(&l, "");
	tab_push(&l, "全区在多家农资店购买的购买人 (身份证号已遮盖；查看用 nongjian sale list --buyer):");
	long m = ok ? sale_multi_shop_buyers(a->db, from, to, tab_multi, &l, err, sizeof err) : -1;
	if (m == 0)
		tab_push(&l, "  无");
	if (m < 0)
		tab_push(&l, err);
	snprintf(title, sizeof title, "%s 限用农药销售 %s 至 %s (命令行: nongjian sale figures)", town, from, to);
	ui_pager(title, l.lines, l.n);
	for (int i = 0; i < l.n; i++)
		free(l.lines[i]);
	free(l.lines);
}
