/* Command-line jobs of the producer registry: producer add/show/edit,
 * rate, blacklist (list, add, lift) and lookup. */
#include "base/out.h"
#include "cli/cli.h"
#include "cli/cli_output.h"
#include "cli/cli_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/blacklist.h"
#include "base/csvout.h"
#include "registry/lookup.h"

#define CLI_LOOKUP_MAX 200 /* hits nongjian lookup prints */
#include "registry/producer.h"
#include "sample/sample.h"
#include "registry/rating.h"

/* The record as the add and correct jobs see it (cli_record.h). */
CLI_RECORD_FUNCS(producer)
CLI_RECORD_SAVE(save, producer, producer_insert, producer_update)

/* Resolve a producer argument to one id; prints the problem otherwise. */
static long long resolve(app *a, const char *text)
{
	long long ids[8];
	char err[512];
	int n = producer_find(a->db, text, ids, 8, err, sizeof err);
	if (n < 0) {
		cli_failed(err);
		return 0;
	}
	if (n == 0) {
		err_printf("nongjian: 找不到主体 \"%s\" (可用编号、统一社会信用代码、身份证号或完整名称；"
		                "模糊查找用 nongjian lookup)\n", text);
		return 0;
	}
	if (n > 1) {
		err_printf("nongjian: 有 %d 个主体名为 \"%s\"，请用编号指定:\n", n, text);
		for (int i = 0; i < n && i < 8; i++) {
			producer p;
			producer_init(&p);
			if (producer_load(a->db, ids[i], &p, err, sizeof err))
				err_printf("  %lld\t%s\t%s\t%s\n", p.id, p.v[PF_NAME], p.v[PF_TOWN], p.v[PF_VILLAGE]);
			producer_free(&p);
		}
		return 0;
	}
	return ids[0];
}

/* The saved producer's line: number, name, and its town or the edit. */
static void said(const void *r, const char *what, bool option)
{
	const producer *p = r;
	(void)option;
	out_printf("%lld\t%s\t%s\n", p->id, p->v[PF_NAME], what ? what : p->v[PF_TOWN]);
}

/* producer edit: the reason is optional, and a key=value that is not one
 * has always failed the job (1) rather than been a usage error. */
static const cli_record_kind producer_kind = {
	.rt = &producer_type, .form = "producer", .mistyped = EXIT_FAIL, .corrected = "已保存",
	.add_usage = "producer add 需要字段，如 nongjian producer add 名称=张三农场 主体类型=家庭农场 镇街=侣俸镇",
	.correct_usage = "用法: nongjian producer edit 主体 键=值 ... [--reason 原因]", .reason_optional = true,
	CLI_RECORD_OF(producer), .find = resolve, .save = save, .said = said,
};

/* The producer named by text (see resolve) loaded into p (initialised);
 * false after saying why not. */
static bool load_named(app *a, const char *text, producer *p)
{
	return cli_load_record(a, &producer_kind, text, p);
}

static int producer_add(app *a, int argc, char **argv)
{
	return cli_add_record(a, argc, argv, &producer_kind);
}

static int producer_edit(app *a, int argc, char **argv)
{
	return cli_correct_record(a, argc, argv, &producer_kind);
}

static void print_rating(void *ctx, const rating_change *r)
{
	(void)ctx;
	out_printf("  %s  %s → %s  %s  (%s %s)\n", r->on, *r->old_rating ? r->old_rating : "未评级",
	       r->new_rating, r->reason, r->by, r->at);
}

static bool print_listing(void *ctx, const blacklist_entry *e)
{
	(void)ctx;
	char desc[1024];
	blacklist_describe(e, desc, sizeof desc);
	out_printf("  [%s] %s  列入: %s %s\n", e->active ? "在列" : *e->lifted_at ? "已解除" : "已到期", desc,
	       e->added_by, e->added_at);
	if (*e->lifted_at)
		out_printf("         解除: %s %s  原因: %s\n", e->lifted_by, e->lifted_at, e->lift_reason);
	return true;
}

static void print_sample(void *ctx, const producer_sample *s)
{
	(void)ctx;
	out_printf("  %s  %s  %s  %s  %s  %s%s\n", s->sample_no, s->date, s->kind, s->product, s->result,
	       sample_verdict_word(kind_from_label(s->kind), s->fail, false), s->voided ? " (已作废)" : "");
}

static void print_change(void *ctx, const producer_change *ch)
{
	const app *a = ctx;
	int f = producer_key_index(ch->field);
	const char *what = f >= 0 ? rec_label(&producer_type, app_form(a, "producer"), f) : ch->field;
	out_printf("  第%d版 %s %s  %s: %s → %s%s%s\n", ch->version, ch->at, ch->by, what,
	       *ch->old_value ? ch->old_value : "(空)", *ch->new_value ? ch->new_value : "(空)",
	       *ch->reason ? "  原因: " : "", ch->reason);
}

static int producer_show(app *a, int argc, char **argv)
{
	if (argc != 1)
		return cli_usage("用法: nongjian producer show 编号|统一社会信用代码|身份证号|名称");
	producer p;
	producer_init(&p);
	if (!load_named(a, argv[0], &p)) {
		producer_free(&p);
		return EXIT_FAIL;
	}
	long long id = p.id;
	char err[512];
	blacklist_entry be;
	bool listed = blacklist_active(a->db, id, &be);
	char desc[1024] = "";
	if (listed)
		blacklist_describe(&be, desc, sizeof desc);
	out_printf("编号: %lld\n", p.id);
	out_printf("状态: %s%s%s%s\n", producer_status_text(producer_status(p.rating, listed)), listed ? " (" : "",
	       desc, listed ? ")" : "");
	out_printf("信用评级: %s%s\n", p.rating ? (char[]){p.rating, '\0'} : "未评级", p.rating ? " 级" : "");
	const form_def *f = app_form(a, "producer");
	for (int i = 0; i < f->nfields; i++) {
		const char *v = p.v[producer_key_index(f->fields[i].key)];
		if (*v)
			out_printf("%s: %s\n", f->fields[i].label, v);
	}
	out_printf("登记: %s %s\n", p.created_by, p.created_at);
	bool ok = true;
	if (p.version > 1 && *p.updated_by)
		out_printf("最后修改: %s %s (第 %d 版)\n", p.updated_by, p.updated_at, p.version);
	out_printf("修改记录:\n");
	ok = ok && producer_history(a->db, id, print_change, a, err, sizeof err);
	out_printf("评级记录:\n");
	ok = ok && rating_history(a->db, id, print_rating, NULL, err, sizeof err);
	out_printf("黑名单记录:\n");
	ok = ok && blacklist_history(a->db, id, print_listing, NULL, err, sizeof err);
	out_printf("抽检记录 (最近 50 条):\n");
	ok = ok && producer_samples(a->db, id, print_sample, NULL, 50, err, sizeof err);
	ok = ok && cli_followup_cases(a, id, err, sizeof err);
	ok = ok && cli_sale_purchases(a, id, err, sizeof err);
	producer_free(&p);
	return ok ? EXIT_OK : cli_failed(err);
}

int cli_producer(app *a, int argc, char **argv)
{
	static const cli_verb verbs[] = {{"add", producer_add}, {"show", producer_show}, {"edit", producer_edit}};
	return cli_verbs(a, argc, argv, verbs, sizeof verbs / sizeof *verbs,
	                 "用法: nongjian producer add 键=值 ... | producer show 主体 | producer edit 主体 键=值 ...");
}

int cli_rate(app *a, int argc, char **argv)
{
	bool bad = false;
	const char *reason = cli_take_value(&argc, argv, "--reason", &bad);
	const char *date = cli_take_value(&argc, argv, "--date", &bad);
	if (bad || argc != 2 || !reason)
		return cli_usage("用法: nongjian rate 主体 A|B|C --reason 依据 [--date 日期]");
	char r = rating_parse(argv[1]);
	if (!r)
		return cli_usage("评级应为 A、B 或 C");
	long long id = resolve(a, argv[0]);
	if (!id)
		return EXIT_FAIL;
	char err[512];
	long long listing = 0;
	if (!rating_set(a->db, a->cfg, id, r, date ? date : "", reason, &a->me, &listing, err, sizeof err))
		return cli_failed(err);
	out_printf("%lld\t评为 %c 级%s\n", id, r, listing ? "\t已按规定列入黑名单" : "");
	return EXIT_OK;
}

static bool list_row(void *ctx, const blacklist_entry *e)
{
	char id[32];
	snprintf(id, sizeof id, "%lld", e->producer_id);
	const char *cells[] = {id, e->name, e->town, blacklist_kind_label(e->kind), e->detail, e->since,
	                       e->expires, e->added_by};
	return cli_list_row(ctx, cells, sizeof cells / sizeof *cells, 1);
}

static int blacklist_list(app *a, int argc, char **argv)
{
	cli_list x = {stdout, false, 0};
	cli_out o = {0};
	const cli_opt opts[] = {CLI_FLAG("--csv", &x.csv)};
	int rc = cli_options(&o, NULL, argc, argv, opts, 1, "用法: nongjian blacklist [--csv] [-o 文件] [--encoding utf-8|gbk]");
	if (rc)
		return rc;
	if (!cli_out_open(&o, OUT_CSV)) /* the plain list keeps LF: it is for scripts */
		return cli_out_failed(&o);
	x.out = o.fp;
	if (x.csv) {
		static const char *const head[] = {"主体编号", "名称", "镇街", "原因类别", "原因", "列入日期",
		                                   "到期日期", "列入人"};
		cli_csv_head(x.out, head, sizeof head / sizeof *head);
	}
	char err[512];
	bool ok = blacklist_each_active(a->db, list_row, &x, err, sizeof err);
	if (!cli_out_close(&o, ok, NULL))
		return ok ? EXIT_FAIL : cli_failed(err);
	if (!x.csv)
		err_printf("黑名单在列主体 %d 个\n", x.n);
	return EXIT_OK;
}

int cli_blacklist(app *a, int argc, char **argv)
{
	if (argc == 0 || argv[0][0] == '-')
		return blacklist_list(a, argc, argv);
	bool bad = false;
	char err[512];
	if (strcmp(argv[0], "add") == 0) {
		argc--;
		argv++;
		const char *kind = cli_take_value(&argc, argv, "--reason-kind", &bad);
		const char *reason = cli_take_value(&argc, argv, "--reason", &bad);
		const char *since = cli_take_value(&argc, argv, "--since", &bad);
		const char *until = cli_take_value(&argc, argv, "--until", &bad);
		if (bad || argc != 1 || !kind || !reason)
			return cli_usage("用法: nongjian blacklist add 主体 --reason-kind 类别 --reason 原因 "
			             "[--since 日期] [--until 日期]");
		int k = blacklist_kind_parse(kind);
		if (k < 0)
			return cli_usage("--reason-kind 应为 C评级、监督抽查不合格、违禁物质、立案查处 或 其他 (或 1-5)");
		long long id = resolve(a, argv[0]);
		if (!id)
			return EXIT_FAIL;
		if (!blacklist_add(a->db, id, k, reason, since ? since : "", until ? until : "", 0, &a->me, err,
		                   sizeof err))
			return cli_failed(err);
		out_printf("%lld\t已列入黑名单\t%s\n", id, blacklist_kind_label(k));
		return EXIT_OK;
	}
	if (strcmp(argv[0], "lift") == 0) {
		argc--;
		argv++;
		const char *reason = cli_take_value(&argc, argv, "--reason", &bad);
		if (bad || argc != 1 || !reason)
			return cli_usage("用法: nongjian blacklist lift 主体 --reason 原因");
		long long id = resolve(a, argv[0]);
		if (!id)
			return EXIT_FAIL;
		int n = 0;
		if (!blacklist_lift(a->db, id, reason, &a->me, &n, err, sizeof err))
			return cli_failed(err);
		out_printf("%lld\t已解除黑名单 (%d 条记录，历史保留)\n", id, n);
		return EXIT_OK;
	}
	return cli_usage("用法: nongjian blacklist [--csv] | blacklist add 主体 ... | blacklist lift 主体 ...");
}

int cli_lookup(app *a, int argc, char **argv)
{
	if (argc < 1)
		return cli_usage("用法: nongjian lookup 文字 (名称的一部分、拼音首字母、代码、身份证号或电话)");
	char text[256] = "";
	size_t used = 0;
	for (int i = 0; i < argc; i++) {
		int n = snprintf(text + used, sizeof text - used, "%s%s", i ? " " : "", argv[i]);
		if (n < 0 || (size_t)n >= sizeof text - used)
			return cli_usage("查找的文字太长");
		used += (size_t)n;
	}
	char err[512];
	lookup_index *ix = lookup_load(a->db, err, sizeof err);
	if (!ix)
		return cli_failed(err);
	/* The best ones, like the screen: a word that matches half the
	 * registry is answered as fast as a name. */
	int max = CLI_LOOKUP_MAX;
	lookup_hit *hits = calloc((size_t)max, sizeof *hits);
	if (!hits)
		abort();
	int total = 0;
	int n = lookup_search(ix, text, hits, max, &total);
	for (int i = 0; i < n; i++) {
		const lookup_entry *e = hits[i].e;
		char rating[8];
		snprintf(rating, sizeof rating, "%c", e->rating ? e->rating : '-');
		out_printf("%s\t%lld\t%s\t%s\t%s\t%s%s%s\n", producer_status_text(e->status), e->id, e->name, e->town,
		       e->kind, rating, *e->listing ? "\t" : "", e->listing);
	}
	if (n > 0 && (total == LOOKUP_MANY || total > n))
		err_printf("只列出最匹配的 %d 个 (%s)，请多输入几个字\n", n,
		           total == LOOKUP_MANY ? "可能还有更多" : "另有更多匹配");
	free(hits);
	lookup_free(ix);
	if (n == 0) {
		err_printf("没有找到与 \"%s\" 匹配的主体\n", text);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
