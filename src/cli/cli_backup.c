/* nongjian backup FILE and nongjian check: for cron, without sqlite3. */
#include <stdio.h>
#include <string.h>

#include "base/out.h"
#include "cli/cli.h"
#include "store/backup.h"

static void print_line(void *ctx, bool ok, const char *what, const char *detail)
{
	(void)ctx;
	out_printf("%s %s%s%s\n", ok ? "[正常]" : "[问题]", what, *detail ? ": " : "", detail);
}

int cli_backup(app *a, int argc, char **argv)
{
	if (argc != 1 || argv[0][0] == '-') {
		err_printf("nongjian: 用法: nongjian backup 文件 (如 /backup/nongjian-$(date +%%F).db)\n"
		           "用 nongjian --help 查看用法。\n");
		return EXIT_USAGE;
	}
	if (a->me.role != USER_ADMIN) {
		err_printf("nongjian: 备份包含全部数据 (含身份证号)，只有管理员可以备份\n");
		return EXIT_FAIL;
	}
	char err[1024];
	if (!db_backup(a->db, argv[0], print_line, NULL, err, sizeof err)) {
		err_printf("nongjian: %s；原有的 %s 未被改动\n", err, argv[0]);
		return EXIT_FAIL;
	}
	out_printf("已备份到 %s (一致的在线副本，已核对)。恢复方法见 man nongjian 的 \"备份与恢复\"\n", argv[0]);
	return EXIT_OK;
}

int cli_check(app *a, int argc, char **argv)
{
	bool repair = argc == 1 && strcmp(argv[0], "--repair") == 0;
	if (argc != 0 && !repair)
		return cli_usage("用法: nongjian check [--repair]");
	char err[1024], shown[700];
	if (repair) {
		if (a->me.role != USER_ADMIN)
			return cli_failed("只有管理员可以重算统计表和重建查询索引");
		out_printf("按记录重算统计表、重建主体查询索引 (%s)\n", app_db_shown(a, shown, sizeof shown));
		if (!db_repair(a->db, print_line, NULL, err, sizeof err)) {
			err_printf("nongjian: %s；数据库未被改动\n", err);
			return EXIT_FAIL;
		}
	}
	out_printf("检查数据库 %s\n", app_db_shown(a, shown, sizeof shown));
	int problems = db_health(a->db, print_line, NULL, err, sizeof err);
	if (problems < 0) {
		err_printf("nongjian: 检查未能完成: %s\n", err);
		return EXIT_FAIL;
	}
	if (problems) {
		out_printf("发现 %d 个问题。请联系管理员：停止录入，用最近的备份恢复 (见 man nongjian \"备份与恢复\")\n",
		           problems);
		return EXIT_FAIL;
	}
	out_printf("数据库完好。\n");
	return EXIT_OK;
}
