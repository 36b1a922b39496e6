/* Command-line jobs for admins and auditors: user, audit. */
#include <stdio.h>
#include <string.h>

#include "base/out.h"
#include "store/audit.h"
#include "cli/cli.h"
#include "store/users.h"

static void print_user(void *ctx, const account *u)
{
	(void)ctx;
	out_printf("%s\t%s\t%s\t%s\t%s\n", u->login, u->name, user_role_label(u->role), *u->town ? u->town : "-",
	       u->active ? "在用" : "停用");
}

/* Options --name N --role R --town T (any order), for add and set. */
static bool user_options(int argc, char **argv, const char **name, int *role, const char **town)
{
	for (int i = 0; i < argc; i++) {
		if (i + 1 >= argc)
			return false;
		if (strcmp(argv[i], "--name") == 0)
			*name = argv[++i];
		else if (strcmp(argv[i], "--role") == 0) {
			*role = user_role_from(argv[++i]);
			if (*role < 0)
				return false;
		} else if (strcmp(argv[i], "--town") == 0)
			*town = argv[++i];
		else
			return false;
	}
	return true;
}

int cli_user(app *a, int argc, char **argv)
{
	static const char use[] =
		"用法: nongjian user list | user add 登录名 --name 姓名 --role staff|supervisor|admin [--town 镇街]"
		" | user set 登录名 [--name 姓名] [--role 角色] [--town 镇街] | user disable 登录名";
	char err[512];
	if (argc == 1 && strcmp(argv[0], "list") == 0)
		return user_each(a->db, print_user, NULL, err, sizeof err) ? EXIT_OK
		       : (err_printf("nongjian: %s\n", err), EXIT_FAIL);
	if (argc < 2)
		return cli_usage(use);
	const char *login = argv[1], *name = NULL, *town = NULL;
	int role = -1;
	bool ok;
	if (strcmp(argv[0], "add") == 0) {
		if (!user_options(argc - 2, argv + 2, &name, &role, &town) || !name || role < 0)
			return cli_usage(use);
		ok = user_add(a->db, a->cfg, &a->me, login, name, role, town, err, sizeof err);
	} else if (strcmp(argv[0], "set") == 0) {
		if (!user_options(argc - 2, argv + 2, &name, &role, &town) || argc == 2)
			return cli_usage(use);
		ok = user_set(a->db, a->cfg, &a->me, login, name, role, town, err, sizeof err);
	} else if (strcmp(argv[0], "disable") == 0 && argc == 2) {
		ok = user_disable(a->db, &a->me, login, err, sizeof err);
	} else {
		return cli_usage(use);
	}
	if (!ok) {
		err_printf("nongjian: %s\n", err);
		return EXIT_FAIL;
	}
	out_printf("已%s用户 %s\n", argv[0][0] == 'a' ? "新增" : argv[0][0] == 's' ? "修改" : "停用", login);
	return EXIT_OK;
}

static void print_audit(void *ctx, const audit_row *r)
{
	(void)ctx;
	out_printf("%s\t%s\t%s\t%s\t%s\t%s\n", r->at, r->login, audit_action_label(r->action), r->entity,
	       r->before, r->after);
}

int cli_audit(app *a, int argc, char **argv)
{
	const char *since = "", *login = "";
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--since") == 0 && i + 1 < argc)
			since = argv[++i];
		else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
			login = argv[++i];
		else
			return cli_usage("用法: nongjian audit [--since 日期] [--user 登录名]");
	}
	char err[512];
	if (!audit_each(a->db, since, login, print_audit, NULL, err, sizeof err)) {
		err_printf("nongjian: %s\n", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
