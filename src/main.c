/* nongjian — entry point: global options, then a job or the screens. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/out.h"
#include "app/app.h"
#include "base/privilege.h"
#include "base/termcode.h"
#include "base/text.h"
#include "cli/cli.h"
#include "ui/ui.h"

#ifndef NJ_VERSION
#define NJ_VERSION "0.0.0"
#endif

static const char usage_text[] =
	"用法: nongjian [选项] [命令 [参数...]]\n"
	"农产品质量安全抽样检测记录 (农检)。不带命令时进入全屏界面。\n"
	"\n"
	"选项:\n"
	"  --config 文件    使用指定的配置文件 (否则依次查找 $NONGJIAN_CONF、\n"
	"                   ./conf/nongjian.ini、/etc/nongjian/nongjian.ini)\n"
	"  --db 文件        使用指定的数据库文件 (覆盖配置中的路径)\n"
	"                   (以 setgid 安装时这两个选项和 $NONGJIAN_CONF 都被忽略,\n"
	"                   只用系统配置 " PRIV_CONFIG "; 见 man nongjian)\n"
	"  -v               把诊断信息 (数据库的原始错误等) 写入当前目录的\n"
	"                   nongjian-进程号.log (也可设 NONGJIAN_LOG=文件)\n"
	"  -h, --help       显示本帮助\n"
	"  --version        显示版本\n"
	"\n"
	"命令:\n"
	"  init [--demo]                    创建数据库; --demo 加入一年的演示记录\n"
	"  add 键=值 ... [--force]          录入一条抽样检测记录, 打印样品编号\n"
	"  show 样品编号                    显示一条记录及其更正记录\n"
	"  correct 样品编号 --reason 原因 键=值 ...\n"
	"                                   更正记录 (保留原值和原因)\n"
	"  void 样品编号 --reason 原因      作废误录的记录 (不删除)\n"
	"  export samples|items|sales|inspections [--year 年] [-o 文件] [--encoding utf-8|gbk] [--format csv|xlsx]\n"
	"                                   items: 定量检测的各项目, 一行一项 (样品编号、项目、检测值、\n"
	"                                   单位、限量、依据、判定)\n"
	"  export producers|blacklist [-o 文件] [--encoding utf-8|gbk] [--format csv|xlsx]\n"
	"                                   导出 CSV (默认 UTF-8 带 BOM, Excel 可直接打开;\n"
	"                                   gbk: 旧版 Excel, 无法表示的字符写为 ? 并报告, 退出码 1)\n"
	"                                   或 .xlsx 工作簿 (-o 文件名以 .xlsx 结尾时也是)\n"
	"  template samples|items|producers|sales|inspections [-o 文件] [--encoding utf-8|gbk]\n"
	"                                   导入用的空表 (表头为表单中的中文列名)\n"
	"  import samples|items|producers|sales|inspections 文件 [--dry-run] [--skip-bad] [--report 文件]\n"
	"         [--report-encoding utf-8|gbk]\n"
	"                                   导入 CSV (UTF-8、GBK 或 UTF-16, 按表头列名对应字段);\n"
	"                                   默认全部或全不, --skip-bad 只导入正确的行,\n"
	"                                   --dry-run 只检查; --report 写出每个有误的行及原因;\n"
	"                                   已有的记录跳过, 不会重复导入\n"
	"  run add 通道表.csv 键=值 ... [--instrument 仪器文件] [--layout 型号] [--force]\n"
	"                                   按通道录入一批速测 (酶抑制法): 键=值 为本批共同的\n"
	"                                   内容 (抽样日期、检测单位、抽样人、检测人、仪器、\n"
	"                                   检测时间、对照ΔA0), 通道表每行一个通道 (通道、受检主体、\n"
	"                                   样品名称、产品类别、抽样环节、抑制率(%)); 空行不是记录;\n"
	"                                   全部正确才在一个事务中保存, 编号连续, 否则一条也不保存\n"
	"  import run 仪器文件 [--layout 型号] [抽样日期=日期] [检测单位=单位]\n"
	"                                   读速测仪导出的结果文件 (列布局见 conf/instruments.ini),\n"
	"                                   按通道列出将填入的抑制率并检查, 不保存\n"
	"  quota [--year 年] [--date 日期] [--csv] [--format text|csv|xlsx] [-o 文件]\n"
	"        [--encoding utf-8|gbk]\n"
	"                                   各单位检测任务进度 (完成、应完成、差额、预计全年、合格率)\n"
	"  report quarter [--year 年] [--quarter 1-4] [--csv] [--format text|csv|xlsx]\n"
	"                 [-o 文件] [--encoding utf-8|gbk]\n"
	"                                   季度通报 (纯文本, 写入文件时行尾 CRLF; 或各节一张表的\n"
	"                                   CSV/.xlsx); 发文单位和默认季度见设置 bulletin.*\n"
	"  target list [--year 年]          列出年度任务\n"
	"  target set 单位 检测类别 任务数 [--year 年]\n"
	"                                   修改一个单位的年度任务\n"
	"  followup list [--open] [--overdue] [--town 镇街] [--year 年] [--csv] [-o 文件]\n"
	"                [--encoding utf-8|gbk]\n"
	"                                   检打联动案件 (阳性/不合格样品): 逾期的在前,\n"
	"                                   再按抽样日期; 镇街录入员只看本单位\n"
	"  followup show 样品编号           一个案件: 样品、处置状态、逾期、各步骤 (含作废的)\n"
	"  followup summary [--year 年]     各单位不合格、已结案、未结案、逾期和处置率\n"
	"  followup 样品编号 步骤 [--date 日期] [--result 结果] [--ref 样品编号]\n"
	"           [--quantity 数量] [--note 说明]\n"
	"                                   登记一步: 复检 (--result 抑制率或阴性/阳性)、\n"
	"                                   送检确证 (--result 检测机构)、确证结果 (--ref\n"
	"                                   定量样品编号)、处置 (--result 禁止上市|暂停销售|\n"
	"                                   监督销毁|无害化处理|责令召回|整改)、立案查处\n"
	"                                   (--result 案件编号)、移送公安、结案 (--result 结果)\n"
	"  followup 样品编号 作废 步骤号 --note 原因\n"
	"                                   作废登记错的最后一步 (记录保留)\n"
	"  user list                        列出用户 (登录名、姓名、角色、所属镇街)\n"
	"  user add 登录名 --name 姓名 --role staff|supervisor|admin [--town 镇街]\n"
	"  user set 登录名 [--name 姓名] [--role 角色] [--town 镇街]\n"
	"  user disable 登录名              管理用户 (仅管理员)\n"
	"  audit [--since 日期] [--user 登录名]\n"
	"                                   审计记录: 谁在何时做了什么 (原值 → 新值)\n"
	"  settings show                    列出数据库中的规则设置 (键、值、修改时间、修改人)\n"
	"  settings set 键 值               修改一项规则 (如 rapid.positive 50) 或表单项\n"
	"                                   (如 sample.stage.choices 甲|乙) (仅管理员, 记入审计)\n"
	"  settings load 配置文件           从配置文件及其表单、镇街和产品名录重新载入规则\n"
	"                                   (仅管理员, 每项改动记入审计)\n"
	"  producer add 键=值 ...           登记生产经营主体, 打印主体编号\n"
	"  producer show 主体               显示主体、评级记录、黑名单记录和抽检记录\n"
	"  producer edit 主体 键=值 ... [--reason 原因]\n"
	"                                   修改主体登记信息 (保留修改记录)\n"
	"  rate 主体 A|B|C --reason 依据 [--date 日期]\n"
	"                                   信用评级; 评为 C 级时按配置 [credit] 列入黑名单\n"
	"  blacklist [--csv] [-o 文件] [--encoding utf-8|gbk]\n"
	"                                   列出黑名单在列主体\n"
	"  blacklist add 主体 --reason-kind 类别 --reason 原因 [--since 日期] [--until 日期]\n"
	"                                   列入黑名单; 类别: C评级、监督抽查不合格、\n"
	"                                   违禁物质、立案查处、其他\n"
	"  blacklist lift 主体 --reason 原因\n"
	"                                   解除黑名单 (记录保留)\n"
	"  lookup 文字                      按名称、拼音首字母 (如 zsnc)、信用代码、身份证号\n"
	"                                   或电话查找主体, 每行一个: 状态 编号 名称 镇街 类型 评级;\n"
	"                                   找到时退出码 0, 找不到时 1\n"
	"  sale add 农资店=名称或编号 日期=D 购买人=姓名 身份证号=… 农药=名称 数量=N 单位=kg ...\n"
	"                                   登记一笔限用农药销售 (定点经营农资店, 实名购买), 打印编号\n"
	"  sale list [--buyer 身份证号或姓名或首字母] [--pesticide 农药] [--since 日期]\n"
	"            [--until 日期] [--town 镇街] [--village 村] [--shop 农资店] [--void]\n"
	"            [--csv [--full]] [-o 文件] [--encoding utf-8|gbk]\n"
	"                                   查找销售记录; 身份证号只对监管督查和该店所在镇街显示全文,\n"
	"                                   --csv 导出时遮盖, 监管督查加 --full 导出全文 (记入审计)\n"
	"  sale figures [--year 年] [--csv] [-o 文件] [--encoding utf-8|gbk]\n"
	"                                   各镇街、农资店每种限用农药按月的销售量和笔数;\n"
	"                                   在多家农资店购买的购买人 (身份证号遮盖)\n"
	"  sale show 编号                   显示一笔销售及其更正记录 (查看身份证号全文记入审计)\n"
	"  sale correct 编号 --reason 原因 键=值 ...\n"
	"                                   更正销售记录 (保留原值和原因)\n"
	"  sale void 编号 --reason 原因     作废误录的销售记录 (不删除)\n"
	"  backup 文件                      在线备份数据库到文件并核对 (完整性、各表行数);\n"
	"                                   录入不必停止, 仅管理员\n"
	"  check [--repair]                 检查数据库: 完整性、外键、保护用的触发器、\n"
	"                                   样品编号无缺号、审计记录无缺、统计表和主体查询索引\n"
	"                                   与记录一致; 完好时退出码 0。--repair 先按记录重算\n"
	"                                   统计表、重建查询索引 (仅管理员)\n"
	"  inspect add 键=值 ... [--blacklist]\n"
	"                                   登记一次巡查 (主体=名称或编号 日期= 检查人=甲、乙\n"
	"                                   检查项=符合|不符合|不适用 …, 检查项见 forms/inspect.ini);\n"
	"                                   --blacklist 同时列入黑名单 (违禁物质, 监管督查)\n"
	"  inspect list [--town 镇街] [--year 年] [--quarter 1-4] [--open] [--overdue]\n"
	"               [--all] [--csv] [-o 文件] [--encoding utf-8|gbk]\n"
	"                                   巡查记录, 新的在前; --open 整改未完成的,\n"
	"                                   --overdue 整改逾期的, --all 含作废的\n"
	"  inspect show 编号                一次巡查: 检查项、整改、回头看、更正记录\n"
	"  inspect correct 编号 --reason 原因 键=值 ...\n"
	"                                   更正巡查记录 (保留原值和原因; 主体不能改)\n"
	"  inspect recheck 编号 --result 已整改|未整改 [--date 日期] [--note 情况]\n"
	"                  [--deadline 新期限]\n"
	"                                   整改回头看; 已整改 时整改完成\n"
	"  inspect void 编号 --reason 原因  作废误录的巡查记录 (不删除)\n"
	"  coverage [--year 年] [--quarter 1-4] [--date 日期] [--csv] [-o 文件]\n"
	"           [--encoding utf-8|gbk]\n"
	"                                   各镇街本季度巡查覆盖 (主体数、已巡查、未巡查、覆盖率、\n"
	"                                   整改未完成和逾期) 与一年一检 (已检测、未检测主体)\n"
	"  coverage --missing|--unsampled [--town 镇街] [--csv]\n"
	"                                   本季度尚未巡查 (或本年尚未抽检) 的主体, 按镇街、村列出\n"
	"  certificate 主体 --month 年-月 --count 张数\n"
	"                                   登记主体一个月开具的食用农产品合格证张数 (再登记则以\n"
	"                                   最新的为准; 不能为负, 不能超过设置 certificate.max_month)\n"
	"  brand add 主体 --kind 类别 --date 获证日期 [--expires 日期] [--product 产品]\n"
	"            [--no 证书编号]\n"
	"                                   登记农业品牌认证: 绿色食品、有机农产品、农产品地理标志\n"
	"                                   (两品一标)、名特优新农产品、良好农业规范\n"
	"  brand list [--year 年] [--town 镇街] [--all] [--csv] [-o 文件]\n"
	"                                   当年获证的认证, 按镇街; --all 含作废的\n"
	"  brand void 编号 --reason 原因    作废误录的认证 (不删除)\n"
	"  bundle export [--unit 镇街] [--since 日期] -o 文件\n"
	"                                   离线电脑: 把一个镇街的记录 (编号、录入人、更正、\n"
	"                                   作废、检打联动、审计) 写成带 SHA-256 校验的数据包\n"
	"  bundle import 文件               县服务器: 核对校验和与数据库结构版本后合并数据包,\n"
	"                                   编号和录入人不变; 编号与本机记录冲突时整包拒绝;\n"
	"                                   导入过的不重复; 仅监管督查和管理员\n"
	"  migrate-to postgresql://角色@服务器/数据库 | service=服务名\n"
	"                                   把全部数据复制到一个空的 PostgreSQL 数据库并核对行数和编号\n"
	"                                   (一个事务; 非空的数据库拒绝); 仅管理员\n"
	"\n"
	"键可以是字段键 (date town kind producer product category stage place\n"
	"quantity samplers tester inhibition item value unit limit remarks\n"
	"batch site items method strip_item strip)\n"
	"或表单中的中文标签, 如 检测单位=区检测中心 抽样地点=土桥镇 抑制率(%)=35。\n"
	"例行监测、监督抽查的几个项目: 项目=名称:值[:单位[:限量]] 可重复, 如 项目=镉:0.15:mg/kg\n"
	"项目=甲胺磷:未检出; 限量不写时取限量表, 禁用药物检出即不合格。\n"
	"主体的键: name kind town village address contact phone credit_code id_number\n"
	"products certifications monitoring certificate certificate_date traceability\n"
	"trace_date trace_code designated licence_no licence_date registered, 或中文标签,\n"
	"如 名称=张三农场 主体类型=家庭农场 镇街=侣俸镇。主体可用编号、统一社会信用代码、\n"
	"身份证号或完整名称指定。\n"
	"巡查的键: producer date inspectors check1 … check8 note1 … note8 banned findings\n"
	"rectify deadline remarks, 或表单中的中文标签 (检查项的标签就是检查内容)。\n"
	"销售的键: shop date buyer id_number credit_code phone village pesticide reg_no\n"
	"quantity unit crop area note, 或中文标签, 如 农资店=侣俸镇惠农农资店 农药=克百威。\n"
	"\n"
	"退出码: 0 成功; 1 操作失败 (数据有误、找不到记录、数据库错误);\n"
	"        2 命令行用法错误。\n"
	"        import: 0 全部导入 (或已存在); 1 有行被拒绝 (见报告); 2 文件无法读取。\n";


int main(int argc, char **argv)
{
	priv_start(); /* a setgid install: the user's own group from here on */
	/* A GBK (GB18030, ...) terminal: arguments arrive in its set and
	 * messages go out in it; inside, everything is UTF-8. */
	termcode_detect();
	text_use_utf8_locale();
	if (termcode_charset()) {
		for (int k = 1; k < argc; k++) {
			char *utf8 = termcode_to_utf8(argv[k]);
			if (utf8)
				argv[k] = utf8; /* lives as long as the program */
		}
	}
	const char *config_path = NULL, *db_path = NULL;
	if (!diag_open(NULL))
		err_printf("nongjian: 无法写入诊断日志 %s (NONGJIAN_LOG)，继续运行\n", getenv("NONGJIAN_LOG"));
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *opt = argv[i];
		if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
			out_puts(usage_text);
			return EXIT_OK;
		} else if (strcmp(opt, "--version") == 0) {
			out_printf("nongjian %s\n", NJ_VERSION);
			return EXIT_OK;
		} else if (strcmp(opt, "-v") == 0) {
			if (!diag_open("-v")) {
				err_printf("nongjian: 无法创建诊断日志 nongjian-%ld.log\n", (long)getpid());
				return EXIT_FAIL;
			}
		} else if ((strcmp(opt, "--config") == 0 || strcmp(opt, "--db") == 0) && i + 1 < argc) {
			if (opt[2] == 'c')
				config_path = argv[++i];
			else
				db_path = argv[++i];
		} else {
			err_printf("nongjian: 未知选项或缺少参数: %s\n用 nongjian --help 查看用法。\n", opt);
			return EXIT_USAGE;
		}
	}
	static const struct {
		const char *name;
		int (*run)(app *, int, char **);
		bool create;
	} jobs[] = {
		{"init", cli_init, true},   {"add", cli_add, false},     {"show", cli_show, false},
		{"correct", cli_correct, false}, {"void", cli_void, false}, {"export", cli_export, false},
		{"quota", cli_quota, false}, {"report", cli_report, false},
		{"target", cli_target, false}, {"followup", cli_followup, false},
		{"user", cli_user, false}, {"audit", cli_audit, false},
		{"settings", cli_settings, false},
		{"producer", cli_producer, false}, {"rate", cli_rate, false},
		{"blacklist", cli_blacklist, false}, {"lookup", cli_lookup, false},
		{"import", cli_import, false}, {"template", cli_template, false},
		{"backup", cli_backup, false}, {"check", cli_check, false},
		{"inspect", cli_inspect, false}, {"coverage", cli_coverage, false},
		{"certificate", cli_certificate, false}, {"brand", cli_brand, false},
		{"sale", cli_sale, false},
		{"bundle", cli_bundle, false},
		{"run", cli_run, false},
		{"migrate-to", cli_migrate_to, false},
	};
	const char *cmd = i < argc ? argv[i] : NULL;
	int job = -1;
	for (size_t j = 0; cmd && j < sizeof jobs / sizeof *jobs; j++)
		if (strcmp(cmd, jobs[j].name) == 0)
			job = (int)j;
	if (cmd && job < 0) {
		err_printf("nongjian: 未知命令 \"%s\"。用 nongjian --help 查看可用命令。\n", cmd);
		return EXIT_USAGE;
	}
	app_ignore_overrides(&config_path, &db_path);
	app a;
	char err[1024];
	if (!app_open(&a, config_path, db_path, job >= 0 && jobs[job].create, err, sizeof err)) {
		err_printf("nongjian: %s\n", err);
		return EXIT_FAIL;
	}
	int rc = job >= 0 ? jobs[job].run(&a, argc - i - 1, argv + i + 1) : ui_run(&a);
	app_close(&a);
	return rc;
}
