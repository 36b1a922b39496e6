/* nongjian bundle export|import: an offline township PC's records, with
 * their numbers and history, carried to the county server (transfer/bundle.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/out.h"
#include "cli/cli.h"
#include "cli/cli_output.h"
#include "transfer/bundle.h"

static int bundle_export_cmd(app *a, int argc, char **argv)
{
	const char *unit = NULL, *since = "";
	cli_out o = {0};
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--unit") == 0 && i + 1 < argc)
			unit = argv[++i];
		else if (strcmp(argv[i], "--since") == 0 && i + 1 < argc)
			since = argv[++i];
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			o.path = argv[++i];
		else
			return cli_usage("用法: nongjian bundle export [--unit 镇街] [--since 日期] -o 文件");
	}
	if (!o.path)
		return cli_usage("bundle export 需要 -o 文件 (数据包写入文件，再复制到县服务器)");
	char err[1024];
	bundle_out b;
	long n = 0;
	if (!bundle_export(a, unit, since, &b, &n, err, sizeof err))
		return cli_failed(err);
	char sha[65];
	bundle_out_finish(&b, sha);
	o.format = OUT_CSV; /* the bytes as they are: no BOM, no CRLF */
	o.format_given = true;
	bool ok = cli_out_open(&o, OUT_CSV);
	if (ok) {
		ok = fwrite(b.buf, 1, b.len, o.fp) == b.len;
		ok = cli_out_close(&o, ok, NULL) && ok;
	}
	free(b.buf);
	if (!ok)
		return EXIT_FAIL;
	out_printf("已导出 %ld 条记录到数据包 %s\nSHA-256: %s\n", n, o.path, sha);
	return EXIT_OK;
}

static int bundle_import_cmd(app *a, int argc, char **argv)
{
	if (argc != 1 || argv[0][0] == '-')
		return cli_usage("用法: nongjian bundle import 文件");
	char err[2048];
	bundle b;
	if (!bundle_read_file(argv[0], &b, err, sizeof err))
		return cli_failed(err);
	bundle_result r;
	bool ok = bundle_import(a, &b, argv[0], &r, err, sizeof err);
	bundle_free(&b);
	if (!ok) {
		err_printf("nongjian: %s\n", err);
		return EXIT_FAIL;
	}
	long added = r.added + r.updated + r.changes + r.cases + r.steps + r.steps_voided + r.audit + r.other;
	if (!added) {
		out_printf("数据包已经导入过: 其中 %ld 条记录都已在本数据库中，没有新增任何内容\n",
		           r.same + r.older);
		return EXIT_OK;
	}
	out_printf("已导入 %s 的数据包 %s: 新增记录 %ld 条，更新 %ld 条，已有 %ld 条；"
	           "更正记录 %ld 条，检打联动案件 %ld 个、步骤 %ld 步 (作废 %ld 步)，审计记录 %ld 条\n",
	           r.unit, argv[0], r.added, r.updated, r.same + r.older, r.changes, r.cases, r.steps,
	           r.steps_voided, r.audit);
	if (r.other)
		out_printf("随新记录带入的其他数据 (如检测项目) %ld 行\n", r.other);
	if (r.older)
		out_printf("其中 %ld 条记录本数据库的版本比数据包新，保留本数据库的\n", r.older);
	if (r.unlinked)
		out_printf("%ld 条记录的受检主体不在本数据库的主体名录中：保留了名称，未关联主体\n",
		           r.unlinked);
	out_printf("编号照旧，计数已接续。\n");
	if (config_numbered_offline(a->cfg, r.unit))
		out_printf("%s 仍由离线电脑编号：离线电脑不再单独录入后，请管理员清除设置 "
		           "nongjian settings set numbering.offline ''\n",
		           r.unit);
	return EXIT_OK;
}

int cli_bundle(app *a, int argc, char **argv)
{
	static const cli_verb verbs[] = {{"export", bundle_export_cmd}, {"import", bundle_import_cmd}};
	return cli_verbs(a, argc, argv, verbs, sizeof verbs / sizeof *verbs,
	                 "用法: nongjian bundle export [--unit 镇街] [--since 日期] -o 文件 | bundle import 文件");
}
