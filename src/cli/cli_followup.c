/* Command-line jobs for 检打联动: followup list, followup show, and a
 * step (or voiding one) on a sample's case. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/dates.h"
#include "base/number.h"
#include "base/out.h"
#include "cli/cli.h"
#include "cli/cli_output.h"
#include "registry/producer.h"
#include "sample/followup.h"
#include "sample/sample.h"

#define STEP_USAGE                                                                                 \
	"用法: nongjian followup 样品编号 复检|送检确证|确证结果|处置|立案查处|移送公安|结案"            \
	" [--date 日期] [--result 结果] [--ref 样品编号] [--quantity 数量] [--note 说明]\n"             \
	"      nongjian followup 样品编号 作废 步骤号 --note 原因\n"                                    \
	"      nongjian followup list [--open] [--overdue] [--town 镇街] [--year 年] [--csv]\n"         \
	"      nongjian followup show 样品编号"

static long long find_sample(app *a, const char *no)
{
	long long id = sample_find_no(a->db, no);
	if (!id)
		err_printf("nongjian: 找不到样品编号 %s\n", no);
	return id;
}

/* ---- list ---- */

typedef struct {
	FILE *out;
	bool csv;
} list_ctx;

static const char *last_step(const followup_case *fc, char *buf, size_t buflen)
{
	buf[0] = '\0';
	for (int i = fc->nsteps - 1; i >= 0; i--)
		if (!fc->steps[i].voided) {
			snprintf(buf, buflen, "%s %s", fc->steps[i].v[FS_DATE], fc->steps[i].v[FS_STEP]);
			break;
		}
	return buf;
}

static bool list_row(void *ctx, const followup_case *fc)
{
	list_ctx *x = ctx;
	char last[128];
	const char *cells[] = {fc->sample_no, fc->town, fc->sample_date, fc->producer, fc->product,
	                       fc->verdict, fc->state_text, fc->overdue_text, last_step(fc, last, sizeof last)};
	if (!cli_row(x->out, x->csv, cells, sizeof cells / sizeof *cells, 0))
		return false;
	return true;
}

static int followup_list(app *a, int argc, char **argv)
{
	followup_filter flt = {0};
	list_ctx x = {stdout, false};
	cli_out o = {0};
	long year = 0;
	const cli_opt opts[] = {
		CLI_FLAG("--open", &flt.open_only),
		CLI_FLAG("--overdue", &flt.overdue_only),
		CLI_FLAG("--csv", &x.csv),
		CLI_TEXT("--town", &flt.town),
		CLI_NUMBER("--year", &year, 1900, 9999, "--year 应为四位年份，如 --year 2026"),
	};
	int rc = cli_options(&o, NULL, argc, argv, opts, sizeof opts / sizeof *opts, STEP_USAGE);
	if (rc)
		return rc;
	flt.year = (int)year;
	if (!cli_out_open(&o, OUT_CSV))
		return cli_out_failed(&o);
	x.out = o.fp;
	if (x.csv) {
		static const char *const head[] = {"样品编号", "镇街", "抽样日期", "受检主体", "样品名称",
		                                   "检测结果", "处置状态", "逾期", "最近一步"};
		cli_csv_head(x.out, head, sizeof head / sizeof *head);
	}
	char err[512];
	int n = followup_each(a->db, a->cfg, &flt, &a->me, date_today(), list_row, &x, err, sizeof err);
	if (!cli_out_close(&o, n >= 0, NULL))
		return n >= 0 ? EXIT_FAIL : cli_failed(err);
	if (!x.csv)
		err_printf("检打联动案件 %d 件\n", n);
	return EXIT_OK;
}

/* ---- a producer's cases ---- */

static bool case_line(void *ctx, const followup_case *fc)
{
	(void)ctx;
	char line[1024];
	followup_case_line(fc, line, sizeof line);
	out_printf("  %s\n", line);
	return true;
}

bool cli_followup_cases(app *a, long long producer_id, char *err, size_t errlen)
{
	out_printf("检打联动案件:\n");
	followup_filter f = {.producer_id = producer_id};
	int n = followup_each(a->db, a->cfg, &f, &a->me, date_today(), case_line, NULL, err, errlen);
	if (n == 0)
		out_printf("  (无)\n");
	return n >= 0;
}

/* ---- show ---- */

static int followup_show(app *a, int argc, char **argv)
{
	if (argc != 1)
		return cli_usage("followup show 需要一个样品编号");
	long long id = find_sample(a, argv[0]);
	if (!id)
		return EXIT_FAIL;
	char err[512];
	followup_case fc;
	if (!followup_load(a->db, a->cfg, id, date_today(), &fc, err, sizeof err))
		return cli_failed(err);
	out_printf("样品编号: %s\n镇街: %s\n抽样日期: %s\n受检主体: %s\n样品名称: %s\n检测结果: %s%s\n",
	           fc.sample_no, fc.town, fc.sample_date, fc.producer, fc.product, fc.verdict,
	           fc.voided ? " (样品已作废)" : "");
	out_printf("处置状态: %s%s%s\n", fc.state_text, fc.overdue ? "  " : "", fc.overdue_text);
	if (fc.nsteps == 0)
		out_printf("步骤: (尚未处置)\n");
	else
		out_printf("步骤:\n");
	for (int i = 0; i < fc.nsteps; i++) {
		const followup_step *p = &fc.steps[i];
		out_printf("  %d. %s %s", p->no, p->v[FS_DATE], p->v[FS_STEP]);
		for (int k = FS_RESULT; k < FS_COUNT; k++)
			if (*p->v[k] && k != FS_OUTCOME)
				out_printf("  %s: %s", followup_type.fields[k].label, p->v[k]);
		out_printf("  (%s %s)\n", p->by, p->at);
		if (p->voided)
			out_printf("     已作废: %s  (%s %s)\n", p->void_reason, p->voided_by, p->voided_at);
	}
	followup_case_free(&fc);
	return cli_sale_related(a, id) ? EXIT_OK : EXIT_FAIL;
}

/* ---- 处置率 ---- */

static int followup_summary(app *a, int argc, char **argv)
{
	int year = a->cfg->year;
	for (int i = 0; i < argc; i++) {
		char *end;
		long y = strcmp(argv[i], "--year") == 0 && i + 1 < argc ? strtol(argv[++i], &end, 10) : -1;
		if (y < 1900 || y > 9999 || *end)
			return cli_usage("用法: nongjian followup summary [--year 年]");
		year = (int)y;
	}
	followup_tally rows[256];
	char err[512];
	int n = followup_tally_units(a->db, a->cfg, year, date_today(), rows, 256, err, sizeof err);
	if (n < 0)
		return cli_failed(err);
	out_printf("%d 年检打联动处置情况\n单位\t不合格\t已结案\t未结案\t逾期\t处置率\n", year);
	for (int i = 0; i < n; i++) {
		if (!rows[i].failed && i < n - 1)
			continue;
		char rate[32];
		number_pct_of(rows[i].closed, rows[i].failed, rate, sizeof rate);
		out_printf("%s\t%ld\t%ld\t%ld\t%ld\t%s\n", rows[i].unit, rows[i].failed, rows[i].closed,
		           rows[i].open, rows[i].overdue, rate);
	}
	return EXIT_OK;
}

/* ---- a step ---- */

/* A 监督抽查 failure confirmed: the credit rules may lower the
 * producer's rating. Said, not done: the rating is its own act. */
static void credit_hint(app *a, const followup_case *fc)
{
	char ref[96], err[512];
	if (!fc->producer_id || !followup_supervisory_failure(a->db, fc, ref, sizeof ref))
		return;
	producer p;
	producer_init(&p);
	if (producer_load(a->db, fc->producer_id, &p, err, sizeof err) && p.rating != 'C')
		err_printf("提示: 监督抽查不合格已确证 (%s)。按信用规则可将 %s 评为 C 级%s: "
		           "nongjian rate %lld C --reason \"监督抽查不合格 (样品编号 %s)\"\n", ref, p.v[PF_NAME],
		           a->cfg->c_blacklist ? " (同时列入黑名单)" : "", p.id, ref);
	producer_free(&p);
}

int cli_followup(app *a, int argc, char **argv)
{
	static const cli_verb verbs[] = {{"list", followup_list}, {"summary", followup_summary}, {"show", followup_show}};
	const cli_verb *v = cli_verb_named(argc, argv, verbs, sizeof verbs / sizeof *verbs);
	if (v)
		return v->run(a, argc - 1, argv + 1);
	followup_input in = {0};
	char *pos[3] = {0};
	int np = 0;
	for (int i = 0; i < argc; i++) {
		const char **opt = strcmp(argv[i], "--date") == 0       ? &in.date
		                   : strcmp(argv[i], "--result") == 0   ? &in.value
		                   : strcmp(argv[i], "--ref") == 0      ? &in.ref
		                   : strcmp(argv[i], "--quantity") == 0 ? &in.quantity
		                   : strcmp(argv[i], "--note") == 0     ? &in.note
		                                                        : NULL;
		if (opt && i + 1 < argc)
			*opt = argv[++i];
		else if (opt || argv[i][0] == '-')
			return cli_usage(STEP_USAGE);
		else if (np < 3)
			pos[np++] = argv[i];
		else
			return cli_usage("followup 参数过多\n" STEP_USAGE);
	}
	bool voiding = np >= 2 && strcmp(pos[1], "作废") == 0;
	if (np != (voiding ? 3 : 2))
		return cli_usage(STEP_USAGE);
	long long id = find_sample(a, pos[0]);
	if (!id)
		return EXIT_FAIL;
	char err[512];
	if (voiding) {
		char *end;
		long no = strtol(pos[2], &end, 10);
		if (*end || no < 1 || no > 100000)
			return cli_usage("作废需要步骤号 (followup show 列出的序号)，如: followup 样品编号 作废 2 --note 原因");
		if (!followup_void(a->db, id, (int)no, in.note, &a->me, err, sizeof err))
			return cli_failed(err);
		out_printf("%s\t已作废第 %ld 步\n", pos[0], no);
		return EXIT_OK;
	}
	in.step = pos[1];
	int no = 0;
	if (!followup_add(a->db, a->cfg, id, &in, &a->me, &no, err, sizeof err))
		return cli_failed(err);
	followup_case fc;
	if (followup_load(a->db, a->cfg, id, date_today(), &fc, err, sizeof err)) {
		out_printf("%s\t已登记第 %d 步 %s\t处置状态: %s\n", pos[0], no, no >= 1 && no <= fc.nsteps
		           ? fc.steps[no - 1].v[FS_STEP] : pos[1], fc.state_text);
		credit_hint(a, &fc);
		followup_case_free(&fc);
	}
	return EXIT_OK;
}
