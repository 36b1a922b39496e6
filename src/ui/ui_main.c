/* The main menu: items chosen by digit (or arrows and Enter). */
#include "ui/ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/dates.h"
#include "sample/samplelist.h"
#include "store/db.h"
#include "base/text.h"
#include "ui/ui_dashboard.h"
#include "ui/ui_followup.h"
#include "ui/ui_import.h"
#include "ui/ui_inspect.h"
#include "ui/ui_list.h"
#include "ui/ui_lookup.h"
#include "ui/ui_prompt.h"
#include "ui/ui_run.h"
#include "ui/ui_sale.h"
#include "ui/ui_sample.h"
#include "ui/ui_term.h"

typedef struct {
	const char *label;
	bool (*run)(app *a);
} menu_item;

static const menu_item items[] = {
	{"录入抽样检测记录", ui_sample_new},
	{"浏览与更正记录", ui_list},
	{"任务进度 (600/800 个任务、合格率)", ui_dashboard},
	{"主体名录与黑名单查询", ui_lookup},
	{"导入 CSV 文件 (抽样记录、主体名录)", ui_import},
	{"限用农药实名购买登记与查询", ui_sale},
	{"巡查 (每季度全覆盖、整改回头看)", ui_inspect},
	{"按通道录入 (一批速测)", ui_run_grid},
	{"检打联动 (阳性、不合格样品的处置)", ui_followup},
};
#define NITEMS ((int)(sizeof items / sizeof *items))

/* Counts shown under the menu: this year and today's sampling date, all
 * towns; and what this user entered today (by entry time: a batch of
 * last week's sheets typed in today counts here, not under its dates). */
static void summary(app *a, char *out, size_t outlen)
{
	sample_filter f = {0};
	char err[256], today[11], stamp[24];
	date_format(date_today(), today, sizeof today);
	snprintf(f.date_from, sizeof f.date_from, "%d-01-01", a->cfg->year);
	snprintf(f.date_to, sizeof f.date_to, "%d-12-31", a->cfg->year);
	long year = samplelist_count(a->db, &f, err, sizeof err);
	snprintf(f.date_from, sizeof f.date_from, "%s", today);
	snprintf(f.date_to, sizeof f.date_to, "%s", today);
	long day = samplelist_count(a->db, &f, err, sizeof err);
	date_now_stamp(stamp, sizeof stamp);
	stamp[10] = '\0';
	long mine = samplelist_count_entered(a->db, a->user, stamp, err, sizeof err);
	snprintf(out, outlen, "%d 年度有效记录 %ld 条，抽样日期为今天 (%s) 的 %ld 条\n"
	         "你今天录入 %ld 条 (按录入时间)", a->cfg->year, year, today, day, mine);
}

static void draw(app *a, int cur, const char *info, const char *notice)
{
	if (!ui_size_ok())
		return;
	erase();
	char title[256], right[128];
	snprintf(title, sizeof title, "农检 nongjian · %s · %d 年度", a->cfg->district_name, a->cfg->year);
	snprintf(right, sizeof right, "用户: %s", a->user);
	ui_titlebar(title, right);
	ui_put(2, 4, COLS - 8, ROLE_NORMAL, "农产品质量安全抽样检测记录");
	for (int i = 0; i < NITEMS; i++) {
		char line[128];
		snprintf(line, sizeof line, " %d  %s ", i + 1, items[i].label);
		ui_put_padded(4 + i, 4, 40, i == cur ? ROLE_SELECTED : ROLE_NORMAL, line);
	}
	ui_put_padded(4 + NITEMS, 4, 40, cur == NITEMS ? ROLE_SELECTED : ROLE_NORMAL, " 0  退出 ");
	const char *nl = strchr(info, '\n');
	char first[256];
	snprintf(first, sizeof first, "%.*s", nl ? (int)(nl - info) : (int)strlen(info), info);
	ui_put(6 + NITEMS, 4, COLS - 8, ROLE_DIM, first);
	if (nl)
		ui_put(7 + NITEMS, 4, COLS - 8, ROLE_DIM, nl + 1);
	if (notice)
		ui_put(LINES - 2, 1, COLS - 2, ROLE_WARN, notice);
	static const char *const keys[] = {"数字", "选择 ", "Enter", "进入 ", "F1", "帮助 ", "F10", "退出", NULL};
	ui_keybar(keys);
	curs_set(0);
	refresh();
}

/* A save that finds the database busy (another user's import is being
 * written) waits and says so on the bottom line, instead of failing at
 * the command line's busy timeout. */
static bool busy_notice(void *ctx, long waited_ms)
{
	(void)ctx;
	char line[128];
	snprintf(line, sizeof line, " 正在等待其他用户写入…… (已等 %ld 秒，请稍候)", waited_ms / 1000);
	ui_fill_row(LINES - 1, 0, ROLE_WARN);
	ui_put(LINES - 1, 0, COLS, ROLE_WARN, line);
	refresh();
	return true;
}

int ui_run(app *a)
{
	if (!ui_start())
		return 1;
	db_wait_patiently(a->db, busy_notice, NULL);
	int cur = 0;
	char info[256];
	summary(a, info, sizeof info);
	const char *notice = ui_term_notice();
	for (;;) {
		draw(a, cur, info, notice);
		ui_key k = ui_read_key();
		int choose = -1;
		if (k.act == ACT_CHAR && k.ch >= L'1' && k.ch < L'1' + NITEMS)
			choose = (int)(k.ch - L'1');
		else if (k.act == ACT_CHAR && (k.ch == L'0' || k.ch == L'q'))
			break;
		else if (k.act == ACT_BACK || k.act == ACT_LOST)
			break;
		else if (k.act == ACT_UP || k.act == ACT_PREV)
			cur = (cur + NITEMS) % (NITEMS + 1);
		else if (k.act == ACT_DOWN || k.act == ACT_NEXT)
			cur = (cur + 1) % (NITEMS + 1);
		else if (k.act == ACT_ENTER)
			choose = cur;
		else if (k.act == ACT_REDRAW)
			ui_force_repaint();
		else if (k.act == ACT_HELP)
			ui_help();
		if (choose == NITEMS)
			break;
		if (choose >= 0) {
			cur = choose;
			if (!items[choose].run(a))
				break;
			summary(a, info, sizeof info);
		}
	}
	ui_stop();
	return 0;
}
