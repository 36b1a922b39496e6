#include "quota/quota_print.h"

#include <math.h>
#include <string.h>

#include "base/number.h"
#include "base/text.h"

void quota_fmt_pct(double pct, char *out, size_t outlen)
{
	number_pct(pct, 0, "", out, outlen);
}

void quota_fmt_rate(double rate, double goal, char *out, size_t outlen)
{
	number_pct(rate, goal, "", out, outlen);
}

void quota_fmt_gap(double gap, char *out, size_t outlen)
{
	snprintf(out, outlen, "%+.0f", gap);
	if (strcmp(out, "-0") == 0)
		snprintf(out, outlen, "+0");
}

/* One aligned line: unit, target, done, percent, expected, gap,
 * projection, positives, pass rate, status marker. */
static void table_line(FILE *out, const char *cells[10])
{
	static const int widths[10] = {12, 6, 6, 7, 6, 6, 8, 5, 7, 8};
	char pad[128];
	for (int i = 0; i < 10; i++) {
		text_pad(cells[i], widths[i], i > 0 && i < 9, pad, sizeof pad);
		fputs(pad, out);
		fputs(i < 9 ? " " : "\n", out);
	}
}

static void table_row(FILE *out, const quota_row *q, double goal)
{
	char b[9][32];
	snprintf(b[0], sizeof b[0], "%ld", q->target);
	snprintf(b[1], sizeof b[1], "%ld", q->done);
	quota_fmt_pct(q->pct, b[2], sizeof b[2]);
	snprintf(b[3], sizeof b[3], "%.0f", q->expected);
	quota_fmt_gap(q->gap, b[4], sizeof b[4]);
	snprintf(b[5], sizeof b[5], "%.0f", q->projection);
	snprintf(b[6], sizeof b[6], "%ld", q->positives);
	quota_fmt_rate(q->pass_rate, goal, b[7], sizeof b[7]);
	const char *cells[10] = {q->unit, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], quota_mark(q, goal)};
	table_line(out, cells);
}

void quota_print_table(FILE *out, const quota_report *r, const char *district)
{
	char date[11];
	date_format(r->as_of, date, sizeof date);
	fprintf(out, "%s %d 年度检测任务进度 (截至 %s，已过全年 %.1f%%，合格率目标 %.0f%%)\n", district,
	        r->year, date, 100.0 * r->share, r->goal);
	for (int k = 0; k < KIND_COUNT; k++) {
		fprintf(out, "\n【%s】\n", kind_label(k));
		/* A rapid test's failure is 阳性, a quantitative one's 不合格. */
		const char *head[10] = {"单位", "目标", "完成", "完成率", "应完成", "差额", "预计全年",
		                        k == KIND_RAPID ? "阳性" : "不合格", "合格率", "状态"};
		table_line(out, head);
		for (int i = 0; i < r->n; i++)
			if (r->rows[i].kind == k)
				table_row(out, &r->rows[i], r->goal);
		table_row(out, &r->totals[k], r->goal);
	}
}
