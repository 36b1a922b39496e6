/* Command-line job for the rules in the database: settings show|set|load. */
#include <stdio.h>
#include <string.h>

#include "app/settings.h"
#include "base/out.h"
#include "cli/cli.h"
#include "store/settings.h"

static void print_setting(void *ctx, const settings_row *r)
{
	(void)ctx;
	bool rule = strcmp(r->scope, SETTINGS_CONFIG) == 0;
	const char *form = rule ? "" : strchr(r->scope, '.') + 1;
	out_printf("%s%s%s.%s\t%s\t%s\t%s\n", form, rule ? "" : ".", r->sec, r->key, r->value, r->set_at,
	       r->set_by);
}

int cli_settings(app *a, int argc, char **argv)
{
	static const char use[] =
		"用法: nongjian settings show | settings set 键 值 | settings load 配置文件";
	char err[1024];
	bool ok;
	if (argc == 1 && strcmp(argv[0], "show") == 0) {
		ok = settings_each(a->db, print_setting, NULL, err, sizeof err);
	} else if (argc == 3 && strcmp(argv[0], "set") == 0) {
		ok = settings_set(a, argv[1], argv[2], err, sizeof err);
		if (ok)
			out_printf("已修改 %s = %s\n", argv[1], argv[2]);
	} else if (argc == 2 && strcmp(argv[0], "load") == 0) {
		int changes = 0;
		ok = settings_load(a, argv[1], &changes, err, sizeof err);
		if (ok)
			out_printf("已载入 %s: %d 项有改动\n", argv[1], changes);
	} else {
		err_printf("nongjian: %s\n用 nongjian --help 查看用法。\n", use);
		return EXIT_USAGE;
	}
	if (!ok) {
		err_printf("nongjian: %s\n", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
