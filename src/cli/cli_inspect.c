/* Command-line jobs for inspections (巡查): inspect add, list, show,
 * correct, recheck (回头看) and void. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/dates.h"
#include "base/out.h"
#include "cli/cli.h"
#include "cli/cli_output.h"
#include "cli/cli_record.h"
#include "inspect/inspect.h"

/* The record as the add and correct jobs see it (cli_record.h). */
CLI_RECORD_FUNCS(inspection)

#define INSPECT_USAGE                                                                              \
	"用法: nongjian inspect add 主体=名称或编号 日期=日期 检查人=甲、乙 [检查项=符合|不符合|不适用 …]"  \
	" [整改要求=… 整改期限=日期] [--blacklist]\n"                                                    \
	"      nongjian inspect list [--town 镇街] [--year 年] [--quarter 1-4] [--open] [--overdue]"     \
	" [--all] [--csv]\n"                                                                           \
	"      nongjian inspect show 编号\n"                                                           \
	"      nongjian inspect correct 编号 --reason 原因 键=值 ...\n"                                \
	"      nongjian inspect recheck 编号 --result 已整改|未整改 [--date 日期] [--note 情况]"           \
	" [--deadline 新期限]\n"                                                                       \
	"      nongjian inspect void 编号 --reason 原因"

/* KEY=VALUE arguments; a key that is neither a field nor an item of the
 * form's checklist is named with the checklist. */
static bool assign(const form_def *f, void *r, int argc, char **argv)
{
	inspection *in = r;
	char err[512], items[512];
	for (int i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (eq && eq != argv[i]) {
			char key[256];
			snprintf(key, sizeof key, "%.*s", (int)(eq - argv[i]), argv[i]);
			if (rec_field_named(&inspect_type, f, key) < 0) {
				inspection_checklist_text(f, items, sizeof items);
				err_printf("nongjian: \"%s\" 不是巡查表单中的检查项或字段。检查项: %s；"
				           "其他字段: 主体 日期 检查人 发现问题 整改要求 整改期限 备注\n", key, items);
				return false;
			}
		}
		if (!rec_assign(&inspect_type, f, in->v, argv[i], err, sizeof err)) {
			err_printf("nongjian: %s\n", err);
			return false;
		}
	}
	return true;
}

static long long parse_id(app *a, const char *s)
{
	(void)a;
	char *end;
	errno = 0;
	long long id = strtoll(s[0] == '#' ? s + 1 : s, &end, 10);
	if (errno || *end || id <= 0) {
		err_printf("nongjian: \"%s\" 不是巡查记录编号 (一个正整数，见 nongjian inspect list)\n", s);
		return 0;
	}
	return id;
}

static void saved_line(const inspection *in, const char *what)
{
	inspection_state s = inspection_rectify_state(in, date_today());
	out_printf("%lld\t%s\t%s\t%s\t不符合 %d 项%s%s\n", in->id, what, in->v[IF_PRODUCER], in->v[IF_DATE],
	           inspection_failed_items(in), s != IS_NONE ? "\t" : "", inspection_state_text(s));
}

/* Save a new inspection (listing its producer with --blacklist) or a
 * correction. */
static bool save(app *a, const form_def *f, void *r, const char *reason, bool blacklist, rec_error *e)
{
	return reason ? inspection_correct(a->db, a->cfg, f, r, reason, &a->me, e)
	              : inspection_insert(a->db, a->cfg, f, r, blacklist, &a->me, e);
}

static void said(const void *r, const char *what, bool blacklist)
{
	const inspection *in = r;
	saved_line(in, what ? what : "已保存");
	if (blacklist)
		out_printf("主体 %s 已列入黑名单 (违禁物质)\n", in->v[IF_PRODUCER]);
}

static const cli_record_kind inspection_kind = {
	.rt = &inspect_type, .form = "inspect", .form_added = true, .mistyped = EXIT_USAGE, .corrected = "已更正",
	.add_usage = INSPECT_USAGE, .add_option = "--blacklist",
	.correct_usage = "用法: nongjian inspect correct 编号 --reason 原因 键=值 ...",
	CLI_RECORD_OF(inspection), .find = parse_id, .assign = assign, .save = save, .said = said,
};

static int inspect_add(app *a, int argc, char **argv)
{
	return cli_add_record(a, argc, argv, &inspection_kind);
}

static int inspect_correct(app *a, int argc, char **argv)
{
	return cli_correct_record(a, argc, argv, &inspection_kind);
}

static bool load(app *a, const char *arg, inspection *in)
{
	return cli_load_record(a, &inspection_kind, arg, in);
}

/* The inspection form and the inspection named by arg (in is
 * initialised either way: free it); NULL after saying why not. */
static const form_def *open_named(app *a, const char *arg, inspection *in)
{
	inspection_init(in);
	const form_def *f = cli_record_form(a, &inspection_kind);
	return f && load(a, arg, in) ? f : NULL;
}

static void print_change(void *ctx, const rec_change *ch)
{
	const form_def *f = ctx;
	int k = rec_key_index(&inspect_type, ch->field);
	const char *what = k >= 0 ? inspection_label(f, k) : strcmp(ch->field, "status") == 0 ? "状态" : ch->field;
	cli_change_line(ch, what, ch->old_value, ch->new_value);
}

static int inspect_show(app *a, int argc, char **argv)
{
	if (argc != 1)
		return cli_usage("inspect show 需要一个巡查记录编号");
	inspection in;
	const form_def *f = open_named(a, argv[0], &in);
	int rc = EXIT_FAIL;
	if (f) {
		out_printf("巡查编号: %lld\n受检主体: %s (主体编号 %lld)\n镇街: %s\n", in.id, in.v[IF_PRODUCER],
		           in.producer_id, in.v[IF_TOWN]);
		for (int i = 0; i < f->nfields; i++) {
			int k = rec_key_index(&inspect_type, f->fields[i].key);
			if (k != IF_PRODUCER && *in.v[k])
				out_printf("%s: %s\n", f->fields[i].label, in.v[k]);
		}
		for (int k = IF_RECHECK_DATE; k <= IF_RECHECK_NOTE; k++)
			if (*in.v[k])
				out_printf("%s: %s\n", inspection_label(f, k), in.v[k]);
		inspection_state s = inspection_rectify_state(&in, date_today());
		if (s != IS_NONE)
			out_printf("整改状态: %s\n", inspection_state_text(s));
		cli_show_state(in.voided, in.void_reason, in.created_by, in.created_at);
		cli_show_history(a, &inspect_type, in.id, in.version, print_change, (void *)f);
		rc = EXIT_OK;
	}
	inspection_free(&in);
	return rc;
}

static int inspect_recheck(app *a, int argc, char **argv)
{
	inspection_recheck_input r = {
		.date = cli_take(&argc, argv, "--date"),
		.result = cli_take(&argc, argv, "--result"),
		.note = cli_take(&argc, argv, "--note"),
		.deadline = cli_take(&argc, argv, "--deadline"),
	};
	if (argc != 1 || !r.result)
		return cli_usage("用法: nongjian inspect recheck 编号 --result 已整改|未整改 [--date 日期] [--note 情况]"
		                 " [--deadline 新期限]");
	inspection in;
	const form_def *f = open_named(a, argv[0], &in);
	int rc = EXIT_FAIL;
	if (f) {
		rec_error e;
		if (inspection_recheck(a->db, a->cfg, f, &in, &r, &a->me, &e)) {
			saved_line(&in, "已回头看");
			rc = EXIT_OK;
		} else
			rc = cli_failed(e.msg);
	}
	inspection_free(&in);
	return rc;
}

/* The inspection named by its number, for cli_void_record. */
CLI_VOID_FIND(find, inspection, load, "%lld", r.id)

static int inspect_void(app *a, int argc, char **argv)
{
	static const cli_void_kind inspections = {"用法: nongjian inspect void 编号 --reason 原因", find,
	                                          inspection_void};
	return cli_void_record(a, argc, argv, &inspections);
}

/* ---- list ---- */

typedef struct {
	cli_list l;
	ymd today;
} list_ctx;

static bool list_row(void *ctx, const inspection *in)
{
	list_ctx *x = ctx;
	char id[24], failed[16];
	snprintf(id, sizeof id, "%lld", in->id);
	snprintf(failed, sizeof failed, "%d", inspection_failed_items(in));
	const char *cells[] = {id, in->v[IF_DATE], in->v[IF_TOWN], in->v[IF_PRODUCER], in->v[IF_INSPECTORS],
	                       failed, inspection_state_text(inspection_rectify_state(in, x->today)),
	                       in->v[IF_DEADLINE], in->voided ? "作废" : "有效"};
	return cli_list_row(&x->l, cells, sizeof cells / sizeof *cells, 0);
}

static int inspect_list(app *a, int argc, char **argv)
{
	inspection_filter flt = {.today = date_today()};
	list_ctx x = {{stdout, false, 0}, flt.today};
	cli_out o = {0};
	long year = 0, quarter = 0;
	const cli_opt opts[] = {
		CLI_FLAG("--open", &flt.open),
		CLI_FLAG("--overdue", &flt.overdue),
		CLI_FLAG("--all", &flt.include_void),
		CLI_FLAG("--csv", &x.l.csv),
		CLI_TEXT("--town", &flt.town),
		CLI_NUMBER("--year", &year, 2000, 9999, "--year 应为四位年份，如 --year 2026"),
		CLI_NUMBER("--quarter", &quarter, 1, 4, "--quarter 应为 1 到 4"),
	};
	int rc = cli_options(&o, NULL, argc, argv, opts, sizeof opts / sizeof *opts, INSPECT_USAGE);
	if (rc)
		return rc;
	char from[48] = "", to[32] = ""; /* room for any long year: -Wformat-truncation */
	if (quarter && !year)
		year = a->cfg->year;
	if (year) {
		snprintf(from, sizeof from, "%04ld-%02ld-01", year, quarter ? quarter * 3 - 2 : 1);
		ymd last = {(int)year, quarter ? (int)quarter * 3 : 12, 0};
		last.d = date_days_in_month(last.y, last.m);
		date_format(last, to, sizeof to);
	}
	flt.from = from;
	flt.to = to;
	if (!cli_out_open(&o, OUT_CSV))
		return EXIT_FAIL;
	x.l.out = o.fp;
	if (x.l.csv) {
		static const char *const head[] = {"巡查编号", "巡查日期", "镇街", "受检主体", "检查人", "不符合项",
		                                   "整改状态", "整改期限", "状态"};
		csvout_bom(x.l.out);
		cli_out_row(x.l.out, true, head, (int)(sizeof head / sizeof *head));
	}
	char err[512];
	bool ok = inspection_each(a->db, &flt, list_row, &x, err, sizeof err);
	if (!cli_out_close(&o, ok, NULL))
		return ok ? EXIT_FAIL : cli_failed(err);
	if (!x.l.csv)
		err_printf("巡查记录 %d 条\n", x.l.n);
	return EXIT_OK;
}

int cli_inspect(app *a, int argc, char **argv)
{
	static const cli_verb verbs[] = {{"add", inspect_add},         {"list", inspect_list},
	                                 {"show", inspect_show},       {"correct", inspect_correct},
	                                 {"recheck", inspect_recheck}, {"void", inspect_void}};
	return cli_verbs(a, argc, argv, verbs, sizeof verbs / sizeof *verbs, INSPECT_USAGE);
}
