#include "base/out.h"
#include "cli/cli.h"
#include "cli/cli_record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "transfer/demo.h"
#include "quota/quota.h"
#include "sample/items.h"
#include "sample/sample.h"
#include "sample/samplecheck.h"
#include "sample/samplelist.h"
#include "sample/followup.h"
#include "base/dates.h"
#include "base/text.h"
#include "base/values.h"

/* The record as the add and correct jobs see it (cli_record.h). */
CLI_RECORD_FUNCS(sample)
CLI_RECORD_SAVE(save, sample, sample_insert, sample_correct)

bool cli_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int cli_usage(const char *msg)
{
	err_printf("nongjian: %s\n用 nongjian --help 查看用法。\n", msg);
	return EXIT_USAGE;
}

int cli_failed(const char *msg)
{
	err_printf("nongjian: %s\n", msg);
	return EXIT_FAIL;
}

int cli_init(app *a, int argc, char **argv)
{
	bool demo = false;
	char shown[700];
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--demo") == 0)
			demo = true;
		else
			return cli_usage("init 只接受 --demo");
	}
	/* app_open already created the database and the units. */
	out_printf("数据库已就绪: %s (%s, %d 个单位)\n", app_db_shown(a, shown, sizeof shown), a->cfg->district_name,
	       a->cfg->ntowns);
	if (demo) {
		char err[512];
		sample_filter all = {.include_void = true};
		long have = samplelist_count(a->db, &all, err, sizeof err);
		if (have != 0) {
			err_printf("nongjian: 数据库中已有 %ld 条记录，不再加入演示数据 (演示数据只用于新建的空数据库)\n",
			        have);
			return EXIT_FAIL;
		}
		long n = demo_generate(a, 20210301u, err, sizeof err);
		if (n < 0) {
			err_printf("nongjian: %s\n", err);
			return EXIT_FAIL;
		}
		out_printf("已加入 %ld 条演示记录 (%d 年)\n", n, a->cfg->year);
	}
	return EXIT_OK;
}

/* key=value arguments in order; a list field (RF_LIST, 项目=…) given
 * again adds an entry, the first time replaces what was there. */
bool cli_assign(const rectype *rt, const form_def *f, char **v, int argc, char **argv)
{
	char err[512];
	char **seen = xcalloc((size_t)rt->nfields, sizeof *seen);
	bool ok = true;
	for (int i = 0; ok && i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		int k = -1;
		if (eq) {
			char *key = xstrdup(argv[i]);
			key[eq - argv[i]] = '\0';
			k = rec_field_named(rt, f, key);
			free(key);
		}
		ok = rec_assign(rt, f, v, argv[i], err, sizeof err);
		if (ok && k >= 0 && (rt->fields[k].flags & RF_LIST)) {
			size_t len = (seen[k] ? strlen(seen[k]) : 0) + strlen(v[k]) + 4;
			char *joined = xcalloc(1, len);
			snprintf(joined, len, "%s%s%s", seen[k] ? seen[k] : "", seen[k] ? "；" : "", v[k]);
			free(seen[k]);
			seen[k] = joined;
			values_set(v, rt->nfields, k, joined);
		}
	}
	for (int k = 0; k < rt->nfields; k++)
		free(seen[k]);
	free(seen);
	if (!ok)
		err_printf("nongjian: %s\n", err);
	return ok;
}

/* One of the questions the screen asks before saving (a date long ago or
 * outside the working year, the same sample already saved): on the
 * command line a refusal that names --force. */
static bool refuse(void *ctx, sample_ask what, const char *text)
{
	(void)ctx;
	if (what == SAMPLE_ASK_DATE)
		err_printf("nongjian: %s 确认无误请加 --force 再保存\n", text);
	else
		err_printf("nongjian: 已有相同的记录 %s (同一镇街、抽样日期、受检主体、样品名称和检测结果)。"
		           "确属另一份样品请加 --force 再保存\n", text);
	return false;
}

/* The questions, unless --force; false after printing the refusal. */
static bool add_confirmed(app *a, const form_def *f, void *r, bool force)
{
	if (force)
		return true;
	char err[512];
	bool go = sample_ask_before_save(a->db, a->cfg, f, r, refuse, NULL, err, sizeof err);
	if (go && *err)
		err_printf("nongjian: %s\n", err);
	return go && !*err; /* an invalid record is refused by sample_insert itself */
}

/* The saved sample's line: its number, the correction and the verdict;
 * a new enzyme-inhibition sample that failed or wants confirming gets the
 * note on what to do next. */
static void said(const void *r, const char *what, bool force)
{
	const sample *s = r;
	(void)force;
	out_printf("%s\t%s%s%s\n", s->sample_no, what ? what : "", what ? "\t" : "", sample_verdict_text(s));
	const char *note = !what && strcmp(s->v[SF_METHOD], "酶抑制法") == 0 && (s->fail || s->flag_confirm)
	                   ? sample_enzyme_note(s->v[SF_PRODUCT]) : NULL;
	if (note)
		err_printf("nongjian: 提示: %s\n", note);
}

/* Find a record by sample number; prints the problem when missing. */
static long long find_no(app *a, const char *no)
{
	long long id = sample_find_no(a->db, no);
	if (!id)
		err_printf("nongjian: 找不到样品编号 %s\n", no);
	return id;
}

static const cli_record_kind sample_kind = {
	.rt = &sample_type, .form = "sample", .mistyped = EXIT_USAGE, .corrected = "已更正",
	.add_usage = "add 需要字段，如 nongjian add 镇街=土桥镇 样品名称=豇豆 抑制率(%)=35 抽样人=张三",
	.add_option = "--force", .correct_usage = "用法: nongjian correct 样品编号 --reason 原因 键=值 ...",
	CLI_RECORD_OF(sample), .find = find_no, .ready = add_confirmed, .save = save, .said = said,
};

static bool load_by_no(app *a, const char *no, sample *s)
{
	return cli_load_record(a, &sample_kind, no, s);
}

static void print_change(void *ctx, const sample_change *ch)
{
	(void)ctx;
	cli_change_line(ch, sample_change_label(NULL, ch->field), ch->old_value, ch->new_value);
}

static bool print_item(void *ctx, const char *sample_no, const sample_item *i)
{
	(void)sample_no;
	int *n = ctx;
	char line[1024];
	item_describe(i, line, sizeof line);
	out_printf("  %d. %s%s%s%s\n", ++*n, line, *i->standard ? "  [" : "", i->standard, *i->standard ? "]" : "");
	return true;
}

int cli_show(app *a, int argc, char **argv)
{
	if (argc != 1)
		return cli_usage("show 需要一个样品编号");
	sample s;
	sample_init(&s);
	int rc = EXIT_FAIL;
	if (load_by_no(a, argv[0], &s)) {
		out_printf("样品编号: %s\n", s.sample_no);
		const form_def *f = app_form(a, "sample");
		for (int i = 0; i < f->nfields; i++) {
			int k = sample_key_index(f->fields[i].key);
			if (*s.v[k] && k != SF_ITEMS)
				out_printf("%s: %s\n", f->fields[i].label, s.v[k]);
		}
		if (*s.v[SF_ITEMS]) {
			out_printf("检测项目:\n");
			int n = 0;
			char err[512];
			if (!items_each(a->db, s.id, print_item, &n, err, sizeof err))
				err_printf("nongjian: %s\n", err);
		}
		out_printf("判定: %s\n", sample_verdict_text(&s));
		cli_show_state(s.voided, s.void_reason, s.created_by, s.created_at);
		followup_case fc;
		char ferr[512];
		if (followup_load(a->db, a->cfg, s.id, date_today(), &fc, ferr, sizeof ferr)) {
			out_printf("检打联动: %s%s%s (%d 步，详见 nongjian followup show %s)\n", fc.state_text,
			           fc.overdue ? "  " : "", fc.overdue_text, fc.nsteps, s.sample_no);
			followup_case_free(&fc);
		}
		cli_show_history(a, &sample_type, s.id, s.version, print_change, NULL);
		rc = EXIT_OK;
	}
	sample_free(&s);
	return rc;
}

const char *cli_take_value(int *argc, char **argv, const char *name, bool *bad)
{
	for (int i = 0; i < *argc; i++) {
		if (strcmp(argv[i], name) != 0)
			continue;
		if (i + 1 >= *argc) {
			*bad = true;
			return NULL;
		}
		const char *v = argv[i + 1];
		memmove(argv + i, argv + i + 2, (size_t)(*argc - i - 2) * sizeof *argv);
		*argc -= 2;
		return v;
	}
	return NULL;
}

const char *cli_take(int *argc, char **argv, const char *name)
{
	bool bad = false; /* NAME last, without a value: left there */
	return cli_take_value(argc, argv, name, &bad);
}

bool cli_take_flag(int *argc, char **argv, const char *name)
{
	int n = 0;
	for (int i = 0; i < *argc; i++)
		if (strcmp(argv[i], name) != 0)
			argv[n++] = argv[i];
	bool found = n < *argc;
	*argc = n;
	return found;
}

const char *cli_take_reason(int *argc, char **argv)
{
	return cli_take(argc, argv, "--reason");
}

int cli_void_record(app *a, int argc, char **argv, const cli_void_kind *k)
{
	const char *reason = cli_take_reason(&argc, argv);
	if (argc != 1 || !reason)
		return cli_usage(k->usage);
	long long id;
	int version;
	char name[128], err[512];
	if (!k->find(a, argv[0], &id, &version, name, sizeof name))
		return EXIT_FAIL;
	if (!k->run(a->db, id, version, reason, &a->me, err, sizeof err))
		return cli_failed(err);
	out_printf("%s\t已作废\n", name);
	return EXIT_OK;
}

void cli_show_state(bool voided, const char *void_reason, const char *created_by, const char *created_at)
{
	out_printf("状态: %s%s%s\n", voided ? "作废" : "有效", voided ? "  原因: " : "", voided ? void_reason : "");
	out_printf("录入: %s %s\n", created_by, created_at);
}

void cli_show_history(app *a, const rectype *rt, long long id, int version, rec_change_fn fn, void *ctx)
{
	if (version <= 1)
		return;
	char err[512];
	out_printf("更正记录 (当前第 %d 版):\n", version);
	if (!rec_history(a->db, rt, id, fn, ctx, err, sizeof err))
		err_printf("nongjian: %s\n", err);
}

void cli_change_line(const rec_change *ch, const char *what, const char *old_value, const char *new_value)
{
	out_printf("  第%d版 %s %s  %s: %s → %s  原因: %s\n", ch->version, ch->at, ch->by, what, old_value, new_value,
	           ch->reason);
}

const cli_verb *cli_verb_named(int argc, char **argv, const cli_verb *verbs, size_t n)
{
	for (size_t i = 0; argc >= 1 && i < n; i++)
		if (strcmp(argv[0], verbs[i].name) == 0)
			return &verbs[i];
	return NULL;
}

int cli_verbs(app *a, int argc, char **argv, const cli_verb *verbs, size_t n, const char *usage)
{
	const cli_verb *v = cli_verb_named(argc, argv, verbs, n);
	return v ? v->run(a, argc - 1, argv + 1) : cli_usage(usage);
}

int cli_add(app *a, int argc, char **argv)
{
	return cli_add_record(a, argc, argv, &sample_kind);
}

int cli_correct(app *a, int argc, char **argv)
{
	return cli_correct_record(a, argc, argv, &sample_kind);
}

/* The sample named by its number, for cli_void_record. */
CLI_VOID_FIND(find_sample, sample, load_by_no, "%s", r.sample_no)

int cli_void(app *a, int argc, char **argv)
{
	static const cli_void_kind samples = {"用法: nongjian void 样品编号 --reason 原因", find_sample, sample_void};
	return cli_void_record(a, argc, argv, &samples);
}
