#include "transfer/instrument.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvfile.h"
#include "base/dates.h"
#include "base/err.h"
#include "base/ini.h"
#include "base/number.h"
#include "base/text.h"

/* Our columns, by their key in a layout section. */
enum { IC_CHANNEL, IC_NAME, IC_INHIBITION, IC_RESULT, IC_TIME, IC_DELTA, IC_COUNT };
static const char *const column_keys[IC_COUNT] = {"channel", "name", "inhibition", "result", "time", "delta"};
static const char *const layout_keys[] = {"label", "channel", "name", "inhibition", "result", "time", "delta",
                                          "control", NULL};

/* The header is looked for in the first rows (readers put a title, the
 * instrument's serial number or a blank line above it). */
#define HEADER_SEARCH 10
#define MAX_FILE_ROWS (INST_MAX_ROWS + HEADER_SEARCH)
#define MAX_CELLS 32

typedef struct {
	char *cell[MAX_FILE_ROWS][MAX_CELLS];
	int ncells[MAX_FILE_ROWS];
	int n;
	bool too_many;
} table;

static bool take_row(void *ctx, int rowno, char **fields, int nfields, char *err, size_t errlen)
{
	(void)rowno;
	(void)err;
	(void)errlen;
	table *t = ctx;
	if (t->n >= MAX_FILE_ROWS) {
		t->too_many = true;
		return false;
	}
	int n = nfields < MAX_CELLS ? nfields : MAX_CELLS;
	for (int i = 0; i < n; i++)
		t->cell[t->n][i] = xstrdup(fields[i]);
	t->ncells[t->n++] = n;
	return true;
}

static void table_free(table *t)
{
	for (int r = 0; r < t->n; r++)
		for (int i = 0; i < t->ncells[r]; i++)
			free(t->cell[r][i]);
}

/* A header cell as compared: no spaces, full-width brackets and % as
 * ASCII (抑制率（％） is 抑制率(%)). */
static void fold(const char *in, char *out, size_t outlen)
{
	static const struct {
		const char *from, *to;
	} maps[] = {{"（", "("}, {"）", ")"}, {"％", "%"}, {"　", ""}, {" ", ""}, {"\t", ""}};
	size_t o = 0;
	while (*in && o + 4 < outlen) {
		bool mapped = false;
		for (size_t m = 0; m < sizeof maps / sizeof *maps && !mapped; m++) {
			size_t l = strlen(maps[m].from);
			if (strncmp(in, maps[m].from, l) == 0) {
				size_t tl = strlen(maps[m].to);
				memcpy(out + o, maps[m].to, tl);
				o += tl;
				in += l;
				mapped = true;
			}
		}
		if (!mapped)
			out[o++] = *in++;
	}
	out[o] = '\0';
}

/* Is cell one of the '|'-separated names? */
static bool named(const char *names, const char *cell)
{
	char want[256], have[256];
	fold(cell, have, sizeof have);
	const char *p = names;
	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		char one[256];
		snprintf(one, sizeof one, "%.*s", (int)len, p);
		fold(one, want, sizeof want);
		if (*want && strcmp(want, have) == 0)
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

/* Where each of our columns is in row r under a layout; the channel and
 * the inhibition must be there. */
static bool match_header(const ini *in, const char *sec, const table *t, int r, int col[IC_COUNT])
{
	for (int k = 0; k < IC_COUNT; k++) {
		col[k] = -1;
		const char *names = ini_str(in, sec, column_keys[k], "");
		for (int i = 0; *names && i < t->ncells[r] && col[k] < 0; i++)
			if (named(names, t->cell[r][i]))
				col[k] = i;
	}
	return col[IC_CHANNEL] >= 0 && col[IC_INHIBITION] >= 0;
}

void inst_layouts_path(const config *c, char *out, size_t outlen)
{
	char *copy = xstrdup(c->conf_path ? c->conf_path : "conf/nongjian.ini");
	snprintf(out, outlen, "%s/instruments.ini", dirname(copy));
	free(copy);
}

static ini *open_layouts(const char *layouts, char *err, size_t errlen)
{
	ini *in = ini_open(layouts, "仪器文件布局", err, errlen);
	if (!in)
		return NULL;
	for (int s = 0; s < ini_section_count(in); s++) {
		const char *sec = ini_section(in, s);
		for (int k = 0; k < ini_key_count(in, sec); k++) {
			const char *key = ini_key(in, sec, k);
			bool known = false;
			for (int j = 0; layout_keys[j]; j++)
				known = known || strcmp(layout_keys[j], key) == 0;
			if (!known) {
				char where[600];
				ini_where(in, sec, key, where, sizeof where);
				errf(err, errlen, "%s: 未知的键 %s (可用 channel name inhibition result time delta control)",
				     where, key);
				ini_close(in);
				return NULL;
			}
		}
		if (!*ini_str(in, sec, "channel", "") || !*ini_str(in, sec, "inhibition", "")) {
			errf(err, errlen, "%s 第 %d 行: 型号 [%s] 缺少 channel 或 inhibition (通道、抑制率的列名)", layouts,
			     ini_line(in, sec, NULL), sec);
			ini_close(in);
			return NULL;
		}
	}
	return in;
}

bool inst_layout_names(const char *layouts, char *out, size_t outlen, char *err, size_t errlen)
{
	ini *in = open_layouts(layouts, err, errlen);
	if (!in)
		return false;
	out[0] = '\0';
	for (int s = 0; s < ini_section_count(in); s++) {
		size_t used = strlen(out);
		snprintf(out + used, outlen - used, "%s%s", s ? "、" : "", ini_section(in, s));
	}
	ini_close(in);
	return true;
}

static int channel_of(const char *text)
{
	const char *p = text;
	while (*p && (*p < '0' || *p > '9'))
		p++;
	long n = 0;
	while (*p >= '0' && *p <= '9' && n < 100000)
		n = n * 10 + (*p++ - '0');
	return (int)n;
}

static void cell(const table *t, int r, int c, char *out, size_t outlen)
{
	const char *v = c >= 0 && c < t->ncells[r] ? t->cell[r][c] : "";
	text_copy(out, outlen, v);
	text_trim(out);
}

/* The data rows below the header at hr. */
static void take_rows(const ini *in, const char *sec, const table *t, int hr, const int col[IC_COUNT],
                      inst_file *out)
{
	const char *control = ini_str(in, sec, "control", "对照");
	for (int r = hr + 1; r < t->n && out->n < INST_MAX_ROWS; r++) {
		inst_row *x = &out->rows[out->n];
		memset(x, 0, sizeof *x);
		x->rowno = r + 1;
		cell(t, r, col[IC_CHANNEL], x->channel_text, sizeof x->channel_text);
		cell(t, r, col[IC_NAME], x->name, sizeof x->name);
		cell(t, r, col[IC_INHIBITION], x->inhibition, sizeof x->inhibition);
		cell(t, r, col[IC_RESULT], x->result, sizeof x->result);
		cell(t, r, col[IC_TIME], x->time, sizeof x->time);
		cell(t, r, col[IC_DELTA], x->delta, sizeof x->delta);
		if (!*x->channel_text && !*x->name && !*x->inhibition)
			continue; /* a blank line */
		x->control = named(control, x->channel_text) || named(control, x->name);
		x->channel = x->control ? 0 : channel_of(x->channel_text);
		out->n++;
	}
}

bool inst_read(FILE *fp, const char *name, const char *layouts, const char *model, inst_file *out,
               char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	ini *in = open_layouts(layouts, err, errlen);
	if (!in)
		return false;
	table *t = xcalloc(1, sizeof *t);
	bool ok = csvfile_read_any(fp, name, take_row, t, err, errlen) || t->too_many;
	if (t->too_many)
		ok = errf(err, errlen, "%s 超过 %d 行，不像是一批的检测结果: 请检查是否选错了文件", name, INST_MAX_ROWS);
	/* The layout that knows the most of the header's columns (the first
	 * of equals): a plain layout also finds 通道号 and 抑制率 in a
	 * report's header, but not its ΔA. */
	bool found = false;
	int best = 0, best_sec = -1, best_row = -1, best_col[IC_COUNT];
	for (int s = 0; ok && s < ini_section_count(in); s++) {
		const char *sec = ini_section(in, s);
		if (model && *model && strcmp(model, sec) != 0)
			continue;
		int col[IC_COUNT];
		for (int r = 0; r < t->n && r < HEADER_SEARCH; r++) {
			if (!match_header(in, sec, t, r, col))
				continue;
			int score = 0;
			for (int k = 0; k < IC_COUNT; k++)
				score += col[k] >= 0;
			if (score > best) {
				best = score;
				best_sec = s;
				best_row = r;
				memcpy(best_col, col, sizeof col);
			}
			break;
		}
	}
	if (best_sec >= 0) {
		found = true;
		text_copy(out->layout, sizeof out->layout, ini_section(in, best_sec));
		take_rows(in, ini_section(in, best_sec), t, best_row, best_col, out);
	}
	if (ok && !found) {
		char names[512] = "";
		for (int s = 0; s < ini_section_count(in); s++) {
			size_t used = strlen(names);
			snprintf(names + used, sizeof names - used, "%s%s", s ? "、" : "", ini_section(in, s));
		}
		if (model && *model && ini_line(in, model, NULL) > 0)
			ok = errf(err, errlen, "%s 的表头与型号 %s 的布局不符 (找不到通道或抑制率列)", name, model);
		else if (model && *model)
			ok = errf(err, errlen, "没有型号 %s 的布局；%s 中有: %s", model, layouts, names);
		else
			ok = errf(err, errlen, "%s 的表头不符合任何已知仪器的布局 (%s)；请在 %s 中加上这种仪器的列名", name, names,
			          layouts);
	}
	if (ok && out->n == 0)
		ok = errf(err, errlen, "%s 中没有检测结果行", name);
	table_free(t);
	free(t);
	ini_close(in);
	return ok;
}

/* ---- filling a run ---- */

/* The date of a time cell ("2026-06-01 09:42:10", "2026/6/1 9:42"). */
static bool date_of(const char *time, int year, char *out, size_t outlen)
{
	char part[64];
	text_copy(part, sizeof part, time);
	char *sp = strpbrk(part, " T");
	if (sp)
		*sp = '\0';
	return date_normalise(part, year, out, outlen);
}

/* A file dated another day than the run fills nothing: it is another
 * run's file, or the run's date is wrong. */
static bool same_day(const config *c, const inst_file *f, const run *r, run_problems *p)
{
	char day[16];
	if (!date_normalise(r->head.v[SF_DATE], c->year, day, sizeof day)) {
		run_problem_add(p, 0, SF_DATE, "请先填写本批的抽样日期，再读入仪器文件");
		return false;
	}
	for (int i = 0; i < f->n; i++) {
		char d[16];
		const inst_row *x = &f->rows[i];
		if (!*x->time)
			continue;
		if (!date_of(x->time, c->year, d, sizeof d)) {
			run_problem_add(p, 0, SF_DATE, "仪器文件第 %ld 行的检测时间 \"%s\" 不是日期时间，未读入", x->rowno, x->time);
			return false;
		}
		if (strcmp(d, day) != 0) {
			run_problem_add(p, 0, SF_DATE,
			                "仪器文件第 %ld 行的检测时间是 %s，不是本批的日期 %s: 未读入。请核对是否选错了文件，"
			                "或先改正本批的抽样日期", x->rowno, d, day);
			return false;
		}
	}
	return true;
}

static void fill_control(const inst_row *x, run *r, run_problems *notes)
{
	char num[32];
	if (!*x->delta)
		return;
	if (!number_normalise(x->delta, false, false, num, sizeof num) || strtod(num, NULL) <= 0) {
		run_problem_add(notes, 0, RUN_F_CONTROL, "仪器文件第 %ld 行对照的 ΔA0 \"%s\" 不是正数，未读入", x->rowno,
		                x->delta);
	} else if (!*r->control) {
		text_copy(r->control, sizeof r->control, num);
	} else if (strcmp(r->control, num) != 0) {
		run_problem_add(notes, 0, RUN_F_CONTROL, "对照 ΔA0 表中为 %s，文件为 %s: 未改动，请核对", r->control, num);
	}
}

/* The instrument's own verdict against ours (the thresholds in the
 * database decide). */
static void compare_verdict(const config *c, const inst_row *x, double inh, run_problems *notes)
{
	if (!*x->result)
		return;
	bool theirs = strstr(x->result, "阳") || strstr(x->result, "不合格") || strstr(x->result, "超标");
	bool ours = inh >= c->positive;
	if (theirs != ours)
		run_problem_add(notes, x->channel, SF_INHIBITION, "仪器判为「%s」，按本系统阈值 (抑制率 ≥ %g%% 为阳性) 判为%s",
		                x->result, c->positive, ours ? "阳性" : "阴性");
}

static bool fill_row(const config *c, const inst_row *x, run *r, bool *taken, run_problems *p, run_problems *notes)
{
	if (x->channel < 1) {
		run_problem_add(p, 0, -1, "仪器文件第 %ld 行: 通道 \"%s\" 不是通道号，未读入", x->rowno, x->channel_text);
		return false;
	}
	if (x->channel > r->nrows) {
		run_problem_add(p, 0, -1, "仪器文件第 %ld 行: 通道 %d 超出本单位仪器的 %d 个通道，未读入 (通道数见设置 run.channels)",
		                x->rowno, x->channel, r->nrows);
		return false;
	}
	if (taken[x->channel - 1]) {
		run_problem_add(p, x->channel, SF_INHIBITION, "仪器文件第 %ld 行: 第 %d 通道在文件中出现两次，只读入第一次",
		                x->rowno, x->channel);
		return false;
	}
	taken[x->channel - 1] = true;
	if (!*x->inhibition)
		return false; /* a channel the run did not use */
	char num[64];
	double inh = 0;
	if (!number_normalise(x->inhibition, true, false, num, sizeof num) || (inh = strtod(num, NULL)) < 0 || inh > 100) {
		run_problem_add(p, x->channel, SF_INHIBITION, "仪器文件第 %ld 行的抑制率 \"%s\" 不是 0 到 100 之间的数，未读入",
		                x->rowno, x->inhibition);
		return false;
	}
	sample *row = &r->rows[x->channel - 1];
	const product_def *prod = config_product(c, x->name);
	if (!*row->v[SF_PRODUCT] && prod) {
		sample_set(row, SF_PRODUCT, prod->name);
		sample_set(row, SF_CATEGORY, prod->category);
	} else if (prod && strcmp(row->v[SF_PRODUCT], prod->name) != 0) {
		run_problem_add(notes, x->channel, SF_PRODUCT, "文件中的样品名称是 %s，表中是 %s: 请核对", prod->name,
		                row->v[SF_PRODUCT]);
	}
	compare_verdict(c, x, inh, notes);
	if (*row->v[SF_INHIBITION] && strcmp(row->v[SF_INHIBITION], num) != 0) {
		run_problem_add(notes, x->channel, SF_INHIBITION, "表中已有抑制率 %s，文件为 %s: 未改动，请核对",
		                row->v[SF_INHIBITION], num);
		return false;
	}
	sample_set(row, SF_INHIBITION, num);
	return true;
}

int inst_fill_run(const config *c, const inst_file *f, run *r, run_problems *p, run_problems *notes)
{
	run_problems_clear(p);
	run_problems_clear(notes);
	if (!same_day(c, f, r, p))
		return 0;
	bool taken[RUN_MAX_CHANNELS] = {false};
	int filled = 0;
	/* The run's time, when not typed, is the file's first one. */
	for (int i = 0; i < f->n && !*r->run_time; i++) {
		const char *sp = strpbrk(f->rows[i].time, " T");
		int h, m;
		if (sp && sscanf(sp + 1, "%d:%d", &h, &m) == 2 && h >= 0 && h < 24 && m >= 0 && m < 60)
			snprintf(r->run_time, sizeof r->run_time, "%02d:%02d", h, m);
	}
	for (int i = 0; i < f->n; i++) {
		if (f->rows[i].control)
			fill_control(&f->rows[i], r, notes);
		else
			filled += fill_row(c, &f->rows[i], r, taken, p, notes);
	}
	return filled;
}
