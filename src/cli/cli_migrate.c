/* nongjian migrate-to URL: the county's SQLite database copied into an
 * empty PostgreSQL database (store/pg_migrate.h), for the administrator. */
#include <stdio.h>
#include <string.h>

#include "base/out.h"
#include "cli/cli.h"
#include "store/pg_migrate.h"

static void progress(void *ctx, const char *table, long long rows)
{
	(void)ctx;
	if (rows)
		out_printf("  %-28s %lld 行\n", table, rows);
}

int cli_migrate_to(app *a, int argc, char **argv)
{
	if (argc != 1 || argv[0][0] == '-')
		return cli_usage("用法: nongjian migrate-to postgresql://角色@服务器/数据库 (或 service=服务名)");
	if (a->me.role != USER_ADMIN)
		return cli_failed("迁移复制全部数据 (含身份证号)，只有管理员可以迁移到 PostgreSQL");
	if (!pg_is_target(argv[0]))
		return cli_usage("migrate-to 的目标应为 postgresql://角色@服务器/数据库 或 service=服务名 (见 man nongjian)");
	char err[1024];
	pg_migrate_summary sum;
	out_printf("把 %s 迁移到 PostgreSQL (一个事务：失败时目标数据库不留下任何内容)\n", a->cfg->db_path);
	if (!pg_migrate(a->db, argv[0], progress, NULL, &sum, err, sizeof err)) {
		err_printf("nongjian: 迁移未完成: %s\n", err);
		return EXIT_FAIL;
	}
	out_printf("已迁移到 %s：\n", sum.shown);
	out_printf("  %zu 个表共 %lld 行，每个表的行数与 SQLite 数据库一致\n", sum.tables, sum.rows);
	out_printf("  样品编号：%ld 个单位年度，编号连续无缺号，计数器都大于最大编号\n", sum.unit_years);
	out_printf("  数据库版本：%d (记录在表 nongjian_schema；程序打开时核对)\n", sum.version);
	out_printf("  数据库角色：%d 个登录各有一个角色 (nj_登录名)；行级安全：镇街录入员只能写本单位的记录，"
	           "审计记录只能追加\n",
	           sum.logins);
	out_printf("  保护触发器：%d 个 (历史和审计只能追加、作废不删除、编号只增不减等)\n", sum.guards);
	out_printf("  维护触发器：%d 个 (统计表、覆盖统计、跟踪案件和状态、主体查询队列、名录计数)\n", sum.maintained);
	out_printf("  主体查询索引：%lld 个查询键 (与 SQLite 的全文索引相同的键)\n", sum.search_keys);
	if (sum.maintenance > 0)
		out_printf("  另有 %d 个维护触发器无法自动转换，尚未移植\n", sum.maintenance);
	out_printf("注意：全屏界面 (录入、列表、更正、任务进度、主体查询、检打联动) 和命令行的查看、统计、导出、录入、更正、作废、"
	           "nongjian check 已可在 PostgreSQL 上运行 (--db)；批量导入等还没有完成 (见 README)，完成之前请继续在 SQLite "
	           "数据库上录入。\n");
	if (sum.has_password)
		out_printf("提示：命令行上的密码会被其他用户在进程列表中看到，请改用 ~/.pgpass 或 service= (pg_service.conf)。\n");
	return EXIT_OK;
}
