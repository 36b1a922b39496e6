#include "store/pg_health.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/text.h"
#include "store/pg.h"
#include "store/pg_migrate.h"
#include "store/pg_schema.h"
#include "store/search_index.h"

static bool no_server(db_conn *db, char *err, size_t errlen)
{
	if (db_pg(db))
		return false;
	snprintf(err, errlen, "内部错误: 不是 PostgreSQL 数据库");
	return true;
}

bool pg_health_integrity(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen)
{
	if (no_server(db, err, errlen))
		return false;
	pg_result *r = pg_query(db_pg(db), "SELECT current_setting('data_checksums')", 0, NULL, "读取服务器设置失败", err,
	                        errlen);
	if (!r)
		return false;
	bool sums = strcmp(pg_value(r, 0, 0), "on") == 0;
	pg_clear(r);
	line(ctx, true, "完整性检查",
	     sums ? "由 PostgreSQL 服务器自己保证 (没有 SQLite 的 integrity_check)；数据页校验和已开启，损坏的页读取时即报错"
	          : "由 PostgreSQL 服务器自己保证 (没有 SQLite 的 integrity_check)；数据页校验和未开启 (建库时 initdb "
	            "--data-checksums 可开启)");
	return true;
}

bool pg_health_version(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen)
{
	if (no_server(db, err, errlen))
		return false;
	int v = pg_version(db_pg(db), err, errlen);
	if (v < 0)
		return false;
	char detail[200];
	snprintf(detail, sizeof detail, "%d%s (记录在表 " PG_VERSION_TABLE "，由 migrate-to 写入)", v,
	         v == DB_SCHEMA_VERSION ? "，与本程序一致" : "，与本程序不同");
	line(ctx, v == DB_SCHEMA_VERSION, "数据库版本", detail);
	return true;
}

/* Every foreign key of the schema: the referencing table and column
 * (the first, to name a row), and the two conditions of its query,
 * quoted by the server (format %I, regclass). */
static const char fk_sql[] =
	"SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,"
	" (SELECT string_agg(format('c.%I IS NOT NULL', a.attname), ' AND ' ORDER BY k.i)"
	"   FROM unnest(c.conkey) WITH ORDINALITY AS k(n, i)"
	"   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n),"
	" (SELECT string_agg(format('p.%I = c.%I', pa.attname, ca.attname), ' AND ' ORDER BY k.i)"
	"   FROM unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(cn, pn, i)"
	"   JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.cn"
	"   JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.pn),"
	" (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = c.conkey[1])"
	" FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
	" WHERE c.contype = 'f' AND n.nspname = current_schema() ORDER BY 1, 5";

bool pg_health_foreign_keys(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen)
{
	if (no_server(db, err, errlen))
		return false;
	pg_conn *c = db_pg(db);
	pg_result *keys = pg_query(c, fk_sql, 0, NULL, "读取外键失败", err, errlen);
	if (!keys)
		return false;
	long long bad = 0;
	char first[400] = "";
	bool ok = true;
	for (int i = 0; ok && i < pg_rows(keys); i++) {
		sbuf q = {0};
		sb_addf(&q, "SELECT count(*), min(c.\"%s\")::text FROM %s c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s)",
		        pg_value(keys, i, 4), pg_value(keys, i, 0), pg_value(keys, i, 2), pg_value(keys, i, 1),
		        pg_value(keys, i, 3));
		char *sql = sb_take(&q);
		pg_result *r = pg_query(c, sql, 0, NULL, "检查外键失败", err, errlen);
		free(sql);
		if (!r) {
			ok = false;
			break;
		}
		long long n = strtoll(pg_value(r, 0, 0), NULL, 10);
		if (n > 0 && !bad)
			snprintf(first, sizeof first, "表 %s 中 %s = %s 的行指向不存在的 %s", pg_value(keys, i, 0),
			         pg_value(keys, i, 4), pg_value(r, 0, 1), pg_value(keys, i, 1));
		bad += n;
		pg_clear(r);
	}
	int nkeys = pg_rows(keys);
	pg_clear(keys);
	if (!ok)
		return false;
	char detail[600];
	if (bad)
		snprintf(detail, sizeof detail, "%lld 处引用不存在的记录，如%s (有人绕过了服务器的外键检查)", bad, first);
	else
		snprintf(detail, sizeof detail, "%d 个外键逐个查询，没有引用不存在的记录", nkeys);
	line(ctx, bad == 0, "外键检查", detail);
	return true;
}

/* ---- the guards ---- */

/* A function migrate-to makes: its name and body (between the $nj$s). */
typedef struct {
	char *name, *body;
} want_fn;
/* A trigger: its name, table and function. */
typedef struct {
	char *name, *table, *fn;
} want_trg;

static char *copy_n(const char *from, size_t n)
{
	char *s = xcalloc(n + 1, 1);
	memcpy(s, from, n);
	return s;
}

/* The word starting at p, up to a space or '(' */
static char *word_at(const char *p)
{
	return copy_n(p, strcspn(p, " (\n"));
}

static void parse_statement(const char *sql, want_fn **fns, size_t *nfns, size_t *fcap, want_trg **trgs, size_t *ntrgs,
                            size_t *tcap)
{
	static const char fn[] = "CREATE FUNCTION ", trg[] = "CREATE TRIGGER ";
	if (strncmp(sql, fn, sizeof fn - 1) == 0) {
		const char *open = strstr(sql, "$nj$"), *close = open ? strstr(open + 4, "$nj$") : NULL;
		if (!close)
			return;
		*fns = xgrow(*fns, fcap, *nfns + 1, sizeof **fns);
		const char *name = sql + sizeof fn - 1;
		/* a quoted name ("char"): the catalog's has no quotes */
		(*fns)[*nfns].name = *name == '"' ? copy_n(name + 1, strcspn(name + 1, "\"")) : word_at(name);
		(*fns)[(*nfns)++].body = copy_n(open + 4, (size_t)(close - open - 4));
	} else if (strncmp(sql, trg, sizeof trg - 1) == 0) {
		const char *on = strstr(sql, " ON "), *ex = strstr(sql, " EXECUTE FUNCTION ");
		if (!on || !ex)
			return;
		*trgs = xgrow(*trgs, tcap, *ntrgs + 1, sizeof **trgs);
		want_trg *t = &(*trgs)[(*ntrgs)++];
		t->name = word_at(sql + sizeof trg - 1);
		t->table = word_at(on + 4);
		t->fn = word_at(ex + 18);
	}
}

static void add_name(char *list, size_t cap, const char *name)
{
	size_t used = strlen(list);
	if (used + strlen(name) + 8 < cap)
		snprintf(list + used, cap - used, "%s%s", used ? "、" : "", name);
	else if (used + 8 < cap && !strstr(list, "…"))
		snprintf(list + used, cap - used, "…");
}

/* The schema as migrate-to makes it today, from a fresh SQLite database
 * made by the migrations (kept open in *fresh when asked for). */
static bool fresh_schema(pg_schema *s, db_conn **fresh_out, char *err, size_t errlen)
{
	db_conn *fresh = db_open(":memory:", 0, true, err, errlen);
	if (!fresh)
		return false;
	bool built = pg_schema_build(fresh, s, err, errlen);
	if (built && fresh_out)
		*fresh_out = fresh;
	else
		db_close(fresh);
	return built;
}

/* The fresh schema for translating statements as the triggers are. */
typedef struct {
	db_conn *fresh;
	pg_schema s;
} translator;

static bool translator_open(translator *t, char *err, size_t errlen)
{
	t->fresh = NULL;
	return fresh_schema(&t->s, &t->fresh, err, errlen);
}

static void translator_close(translator *t)
{
	pg_schema_free(&t->s);
	db_close(t->fresh);
}

bool pg_health_sum_counts(db_conn *db, const char *const *sql, size_t n, long *sum, const char *what, char *err,
                          size_t errlen)
{
	*sum = 0;
	translator t;
	if (no_server(db, err, errlen) || !translator_open(&t, err, errlen))
		return false;
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		pg_script q = {0};
		ok = pg_translate_statements(t.fresh, &t.s, sql[i], &q, err, errlen);
		if (ok && q.n != 1)
			ok = errf(err, errlen, "%s: 内部错误: 不是一条查询", what);
		pg_result *r = ok ? pg_query(db_pg(db), q.sql[0], 0, NULL, what, err, errlen) : NULL;
		pg_script_free(&q);
		ok = r != NULL;
		if (ok)
			*sum += strtol(pg_value(r, 0, 0), NULL, 10);
		pg_clear(r);
	}
	translator_close(&t);
	return ok;
}

bool pg_health_rebuild(db_conn *db, const char *sql, const char *what, char *err, size_t errlen)
{
	if (no_server(db, err, errlen))
		return false;
	pg_script q = {0};
	translator t;
	if (!translator_open(&t, err, errlen))
		return false;
	bool made = pg_translate_statements(t.fresh, &t.s, sql, &q, err, errlen);
	translator_close(&t);
	if (!made) {
		pg_script_free(&q);
		return false;
	}
	db_tx tx;
	bool ok = db_begin(db, &tx, err, errlen);
	for (size_t i = 0; ok && i < q.n; i++)
		ok = pg_exec(db_pg(db), q.sql[i], 0, NULL, what, err, errlen);
	pg_script_free(&q);
	return ok ? db_end(db, &tx, true, err, errlen) : (db_rollback(db, &tx), false);
}

bool pg_health_guards(db_conn *db, health_line_fn line, void *ctx, char *err, size_t errlen)
{
	if (no_server(db, err, errlen))
		return false;
	pg_schema s;
	if (!fresh_schema(&s, NULL, err, errlen))
		return false;
	want_fn *fns = NULL;
	want_trg *trgs = NULL;
	size_t nfns = 0, ntrgs = 0, fcap = 0, tcap = 0;
	for (size_t i = 0; i < s.create.n; i++)
		parse_statement(s.create.sql[i], &fns, &nfns, &fcap, &trgs, &ntrgs, &tcap);
	for (size_t i = 0; i < s.after.n; i++)
		parse_statement(s.after.sql[i], &fns, &nfns, &fcap, &trgs, &ntrgs, &tcap);
	pg_schema_free(&s);

	pg_conn *c = db_pg(db);
	pg_result *have_t = pg_query(c,
		"SELECT t.tgname, cl.relname, p.proname, t.tgenabled::text FROM pg_trigger t"
		" JOIN pg_class cl ON cl.oid = t.tgrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
		" JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal AND n.nspname = current_schema()",
		0, NULL, "读取服务器上的触发器失败", err, errlen);
	pg_result *have_f = have_t ? pg_query(c,
		"SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
		" WHERE n.nspname = current_schema()",
		0, NULL, "读取服务器上的函数失败", err, errlen) : NULL;
	bool ok = have_f != NULL;
	char missing[1024] = "", changed[1024] = "", disabled[1024] = "";
	for (size_t i = 0; ok && i < ntrgs; i++) {
		int row = -1;
		for (int k = 0; k < pg_rows(have_t); k++)
			if (strcmp(pg_value(have_t, k, 0), trgs[i].name) == 0 && strcmp(pg_value(have_t, k, 1), trgs[i].table) == 0)
				row = k;
		if (row < 0)
			add_name(missing, sizeof missing, trgs[i].name);
		else if (strcmp(pg_value(have_t, row, 2), trgs[i].fn) != 0)
			add_name(changed, sizeof changed, trgs[i].name);
		else if (strcmp(pg_value(have_t, row, 3), "D") == 0)
			add_name(disabled, sizeof disabled, trgs[i].name);
	}
	for (size_t i = 0; ok && i < nfns; i++) {
		bool named = false, same = false;
		for (int k = 0; k < pg_rows(have_f) && !same; k++)
			if (strcmp(pg_value(have_f, k, 0), fns[i].name) == 0) {
				named = true;
				same = strcmp(pg_value(have_f, k, 1), fns[i].body) == 0;
			}
		if (!same) {
			char what[200];
			snprintf(what, sizeof what, "函数 %s", fns[i].name);
			add_name(named ? changed : missing, named ? sizeof changed : sizeof missing, what);
		}
	}
	pg_clear(have_t);
	pg_clear(have_f);
	for (size_t i = 0; i < nfns; i++) {
		free(fns[i].name);
		free(fns[i].body);
	}
	for (size_t i = 0; i < ntrgs; i++) {
		free(trgs[i].name);
		free(trgs[i].table);
		free(trgs[i].fn);
	}
	free(fns);
	free(trgs);
	if (!ok)
		return false;
	char detail[3400];
	if (!*missing && !*changed && !*disabled) {
		snprintf(detail, sizeof detail, "%zu 个触发器及其 %zu 个函数齐全、未停用、与本程序生成的相同 (历史和审计只能追加)",
		         ntrgs, nfns);
		line(ctx, true, "数据库的保护", detail);
	} else {
		snprintf(detail, sizeof detail,
		         "%s%s%s%s%s%s：有人直接在服务器上改动了数据库 (如用 psql)，请查明原因，并从服务器的备份恢复",
		         *missing ? "被删除的: " : "", missing, *changed ? " 被改动的: " : "", changed,
		         *disabled ? " 被停用的触发器: " : "", disabled);
		line(ctx, false, "数据库的保护", detail);
	}
	return true;
}

bool pg_health_search_counts(db_conn *db, long long *indexed, long long *producers, char *err, size_t errlen)
{
	if (no_server(db, err, errlen))
		return false;
	pg_result *r = pg_query(db_pg(db),
		"SELECT (SELECT count(*) FROM (SELECT producer_id FROM producer_search_keys"
		"  UNION SELECT producer_id FROM producer_search_pending WHERE indexed = 0) k),"
		" (SELECT count(*) FROM producers)",
		0, NULL, "检查主体查询索引失败", err, errlen);
	if (!r)
		return false;
	*indexed = strtoll(pg_value(r, 0, 0), NULL, 10);
	*producers = strtoll(pg_value(r, 0, 1), NULL, 10);
	pg_clear(r);
	return true;
}

bool pg_repair_allowed(db_conn *db, char *err, size_t errlen)
{
	if (no_server(db, err, errlen))
		return false;
	pg_result *r = pg_query(db_pg(db),
		"SELECT pg_has_role(current_user, c.relowner, 'USAGE')::int, pg_get_userbyid(c.relowner), current_user"
		" FROM pg_class c WHERE c.oid = to_regclass('sample_month_counts')",
		0, NULL, "读取数据库角色失败", err, errlen);
	if (!r)
		return false;
	bool owner = pg_rows(r) > 0 && strcmp(pg_value(r, 0, 0), "1") == 0;
	if (!owner)
		snprintf(err, errlen,
		         "在 PostgreSQL 上重算统计表要以数据库的所有者连接 (运行 migrate-to 时的角色 %s，现在是 %s)：其他角色不能删除"
		         "统计表的行。请用 --db 指定该角色再运行 nongjian check --repair",
		         pg_rows(r) > 0 ? pg_value(r, 0, 1) : "?", pg_rows(r) > 0 ? pg_value(r, 0, 2) : "?");
	pg_clear(r);
	return owner;
}

bool pg_repair_search_index(db_conn *db, char *err, size_t errlen)
{
	if (no_server(db, err, errlen))
		return false;
	pg_conn *c = db_pg(db);
	static const char what[] = "重建主体查询索引失败";
	if (!pg_exec(c, "DELETE FROM producer_search_keys", 0, NULL, what, err, errlen) ||
	    !pg_exec(c, "DELETE FROM producer_initials", 0, NULL, what, err, errlen) ||
	    !pg_exec(c, "DELETE FROM producer_search_pending", 0, NULL, what, err, errlen) ||
	    !pg_prepare(c, "nj_repair_keys",
	                "INSERT INTO producer_search_keys SELECT DISTINCT k, $1::bigint FROM unnest(string_to_array($2, ' '))"
	                " AS k WHERE k <> ''",
	                2, what, err, errlen) ||
	    !pg_prepare(c, "nj_repair_initials",
	                "INSERT INTO producer_initials(ini, name, id) SELECT DISTINCT k, $2, $1::bigint"
	                " FROM unnest(string_to_array($3, ' ')) AS k WHERE k <> '' ON CONFLICT DO NOTHING",
	                3, what, err, errlen))
		return false;
	pg_result *p = pg_query(c, "SELECT id, name, credit_code, id_number, phone FROM producers ORDER BY id", 0, NULL,
	                        "读取主体名录失败", err, errlen);
	bool piped = p && pg_pipeline_begin(c, what, err, errlen), ok = piped;
	sk_buf b = {0};
	for (int i = 0; ok && i < pg_rows(p); i++) {
		const char *f[4];
		for (int k = 0; k < 4; k++)
			f[k] = pg_null(p, i, k + 1) ? NULL : pg_value(p, i, k + 1);
		b.len = 0;
		search_keys(f[0], f[1], f[2], f[3], &b);
		ok = pg_pipeline_send(c, "nj_repair_keys", 2, (const char *const[]){pg_value(p, i, 0), b.s ? b.s : ""}, what,
		                      err, errlen);
		char ini[SK_PREFIX_MAX][3];
		int n = search_initial_prefixes(f[0], ini, SK_PREFIX_MAX);
		sbuf keys = {0};
		for (int k = 0; k < n; k++)
			sb_addf(&keys, "%s%s", k ? " " : "", ini[k]);
		char *list = sb_take(&keys);
		ok = ok && pg_pipeline_send(c, "nj_repair_initials", 3,
		                            (const char *const[]){pg_value(p, i, 0), f[0] ? f[0] : "", list}, what, err, errlen);
		free(list);
	}
	sk_buf_free(&b);
	long long failed;
	if (piped && !pg_pipeline_end(c, what, &failed, err, errlen) && ok)
		ok = false;
	pg_clear(p);
	char ignored[256];
	pg_exec(c, "DEALLOCATE nj_repair_keys", 0, NULL, what, ignored, sizeof ignored);
	pg_exec(c, "DEALLOCATE nj_repair_initials", 0, NULL, what, ignored, sizeof ignored);
	return ok;
}
