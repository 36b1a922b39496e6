#include "store/pg_search.h"

#include <stdio.h>

#include "store/db.h"
#include "store/search_index.h"

static const char *const schema[] = {
	"CREATE TABLE producer_search_keys (k TEXT COLLATE \"C\" NOT NULL, producer_id BIGINT NOT NULL REFERENCES producers(id),"
	" PRIMARY KEY (k, producer_id))",
	"CREATE INDEX producer_search_keys_by_producer ON producer_search_keys(producer_id)",
	/* The groups of an OR (each in parentheses), each the keys it quotes,
	 * all of which a producer must have: each once (a phone's or name's
	 * 3-grams can repeat, "p000" AND "p000", which FTS5 finds by one key). */
	"CREATE FUNCTION nj_search(m text) RETURNS SETOF bigint LANGUAGE sql STABLE AS $nj$\n"
	"SELECT DISTINCT s.producer_id FROM (\n"
	"  SELECT ARRAY(SELECT DISTINCT x[1] FROM regexp_matches(g, '\"([^\"]*)\"', 'g') AS x) AS keys\n"
	"  FROM unnest(CASE WHEN m ~ '^\\(.*\\) OR \\(.*\\)$'\n"
	"    THEN regexp_split_to_array(substr(m, 2, length(m) - 2), '\\) OR \\(') ELSE ARRAY[m] END) AS g) q\n"
	"JOIN LATERAL (SELECT producer_id FROM producer_search_keys WHERE k = ANY(q.keys) GROUP BY producer_id\n"
	"  HAVING count(DISTINCT k) = cardinality(q.keys)) s ON cardinality(q.keys) > 0\n"
	"ORDER BY 1\n"
	"$nj$",
	/* The lookup's own form (registry/lookup.c): FROM producer_search(?1) s
	 * … s.rowid, as SQLite's FTS5 table is called as a function. */
	"CREATE FUNCTION producer_search(m text) RETURNS TABLE (rowid bigint) LANGUAGE sql STABLE AS $nj$\n"
	"SELECT * FROM nj_search(m)\n"
	"$nj$",
	"GRANT SELECT, INSERT, DELETE ON producer_search_keys TO nongjian_users",
};

bool pg_search_build(db_conn *db, pg_conn *c, long long *keys, char *err, size_t errlen)
{
	*keys = 0;
	for (size_t i = 0; i < sizeof schema / sizeof *schema; i++)
		if (!pg_exec(c, schema[i], 0, NULL, "创建主体查询索引失败", err, errlen))
			return false;
	if (!pg_prepare(c, "nj_keys",
	                "INSERT INTO producer_search_keys SELECT DISTINCT k, $1::bigint FROM unnest(string_to_array($2, ' '))"
	                " AS k WHERE k <> ''",
	                2, "创建主体查询索引失败", err, errlen))
		return false;
	db_stmt *st = db_prepare(db, "SELECT id, name, credit_code, id_number, phone FROM producers ORDER BY id", err,
	                              errlen);
	if (!st)
		return false;
	bool ok = pg_pipeline_begin(c, "创建主体查询索引失败", err, errlen);
	sk_buf b = {0};
	int rc = DB_DONE;
	while (ok && (rc = db_step(st)) == DB_ROW) {
		b.len = 0;
		search_keys(db_column_text(st, 1), db_column_text(st, 2),
		            db_column_text(st, 3), db_column_text(st, 4), &b);
		const char *params[2] = {db_column_text(st, 0), b.s ? b.s : ""};
		ok = pg_pipeline_send(c, "nj_keys", 2, params, "创建主体查询索引失败", err, errlen);
	}
	long long failed;
	if (!pg_pipeline_end(c, "创建主体查询索引失败", &failed, err, errlen))
		ok = false;
	sk_buf_free(&b);
	if (!ok) {
		db_finalize(st);
		return false;
	}
	if (!db_finish(db, st, rc, "读取主体名录失败", err, errlen))
		return false;
	err[0] = '\0';
	*keys = pg_int(c, "SELECT count(*) FROM producer_search_keys", 0, NULL, -1, "创建主体查询索引失败", err, errlen);
	return *keys >= 0 && pg_exec(c, "DEALLOCATE nj_keys", 0, NULL, "创建主体查询索引失败", err, errlen);
}
