#include "transfer/bundle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/dates.h"
#include "base/err.h"
#include "base/text.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/units.h"

/* The tables a bundle carries, in the order they are written and
 * merged. Their columns are the database's own (SELECT *), so a column a
 * migration adds travels without a change here; the schema version in
 * the header makes both ends agree on what the columns are. */
static const char *const carried[] = {"samples", "sample_changes", "followup_cases", "followup_steps",
                                      "audit"};
enum { T_SAMPLES, T_CHANGES, T_CASES, T_STEPS, T_AUDIT, NCARRIED };

/* Tables a migration adds that hang off a sample (several result items
 * per sample, …) are found by their reference to samples and carried
 * along for the records new to the other database, so a new kind of row
 * is not left behind silently. (followups is schema 2's, turned into
 * followup_steps by migration 11 and written by nothing since.) */
#define MAX_TABLES (NCARRIED + 11)
#define CHILD_TABLES                                                                                         \
	"SELECT DISTINCT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f"         \
	" WHERE m.type = 'table' AND f.\"table\" = 'samples'"                                                \
	" AND m.name NOT IN ('sample_changes', 'followup_cases', 'followups') ORDER BY m.name"

typedef struct {
	char name[64], fk[64]; /* the table and its column naming the sample */
} child_table;

/* The child tables of this database (at most max); -1 on an error, or
 * when one of them is itself referred to by another table (not carried). */
static int child_tables(db_conn *db, child_table *out, int max, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, CHILD_TABLES, err, errlen);
	if (!st)
		return -1;
	int n = 0;
	bool more = false;
	while (db_step(st) == DB_ROW) {
		if (n == max) {
			more = true;
			break;
		}
		snprintf(out[n].name, sizeof out[n].name, "%s", db_column_text(st, 0));
		snprintf(out[n].fk, sizeof out[n].fk, "%s", db_column_text(st, 1));
		n++;
	}
	db_finalize(st);
	if (more) {
		errf(err, errlen, "内部错误: 引用样品记录的表太多，数据包不会携带");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char sql[256];
		snprintf(sql, sizeof sql,
		         "SELECT m.name FROM sqlite_schema m, pragma_foreign_key_list(m.name) f"
		         " WHERE m.type = 'table' AND f.\"table\" = '%s'",
		         out[i].name);
		if ((st = db_prepare(db, sql, err, errlen)) == NULL)
			return -1;
		bool deeper = db_step(st) == DB_ROW;
		if (deeper)
			errf(err, errlen, "内部错误: 表 %s 引用 %s，数据包还不会携带这样的表",
			     db_column_text(st, 0), out[i].name);
		db_finalize(st);
		if (deeper)
			return -1;
	}
	return n;
}

/* The unit's records in the bundle: entered, corrected or followed up
 * since ?2 ('' = all). ?1 is the unit. */
#define SELECTED                                                                                             \
	"SELECT id FROM samples WHERE unit_id = ?1 AND (?2 = '' OR created_at >= ?2"                         \
	" OR coalesce(updated_at, '') >= ?2 OR id IN (SELECT c.sample_id FROM followup_cases c"              \
	" JOIN followup_steps s ON s.case_id = c.id WHERE s.created_at >= ?2 OR coalesce(s.voided_at, '') >= ?2))"

/* The sample number an audit row is about: its entity, or the part
 * before " (原因: …)" (sample.correct, followup.void). */
#define AUDIT_NO                                                                                             \
	"CASE WHEN instr(entity, ' (') > 0 THEN substr(entity, 1, instr(entity, ' (') - 1) ELSE entity END"

static const char *const export_sql[] = {
        [T_SAMPLES] = "SELECT * FROM samples WHERE id IN (" SELECTED ") ORDER BY id",
        [T_CHANGES] = "SELECT * FROM sample_changes WHERE sample_id IN (" SELECTED ") ORDER BY id",
        [T_CASES] = "SELECT * FROM followup_cases WHERE sample_id IN (" SELECTED ") ORDER BY id",
        [T_STEPS] = "SELECT * FROM followup_steps WHERE case_id IN (SELECT id FROM followup_cases"
                    " WHERE sample_id IN (" SELECTED ")) ORDER BY id",
        [T_AUDIT] =
                "SELECT * FROM audit WHERE (action LIKE 'sample.%' OR action LIKE 'followup.%') AND " AUDIT_NO
                " IN (SELECT sample_no FROM samples WHERE id IN (" SELECTED ")) ORDER BY id",
};

/* ---- export ---- */

static void column_value(db_stmt *st, int i, bval *v)
{
	memset(v, 0, sizeof *v);
	switch (db_column_type(st, i)) {
	case DB_INTEGER:
		v->type = BV_INT;
		v->i = db_column_int64(st, i);
		break;
	case DB_FLOAT:
		v->type = BV_REAL;
		v->r = db_column_double(st, i);
		break;
	case DB_NULL: break;
	default: /* text (and a blob, which no carried column holds, as text) */
		v->type = BV_TEXT;
		v->t = (char *)db_column_text(st, i);
		if (!v->t)
			v->t = "";
		break;
	}
}

/* One table: its columns, then every row of sql (?1 unit, ?2 since). */
static bool dump(db_conn *db, bundle_out *o, const char *name, const char *sql, long long unit,
                 const char *since, long *rows, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (!st)
		return false;
	if (db_bind_parameter_count(st) >= 2) {
		db_bind_int64(st, 1, unit);
		db_bind_text(st, 2, since);
	}
	int n = db_column_count(st);
	const char **cols = xcalloc((size_t)n, sizeof *cols);
	for (int i = 0; i < n; i++)
		cols[i] = db_column_name(st, i);
	bundle_out_table(o, name, n, cols);
	free(cols);
	bval *v = xcalloc((size_t)n, sizeof *v);
	int rc;
	long count = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		for (int i = 0; i < n; i++)
			column_value(st, i, &v[i]);
		bundle_out_row(o, v, n);
		count++;
	}
	free(v);
	if (rows)
		*rows = count;
	return db_finish(db, st, rc, "读取要导出的记录失败", err, errlen);
}

bool bundle_export(app *a, const char *unit, const char *since, bundle_out *o, long *count, char *err,
                   size_t errlen)
{
	if (!unit || !*unit)
		unit = a->me.town;
	if (!*unit)
		return errf(err, errlen, "请用 --unit 指定要导出的镇街 (你的账号没有所属单位)");
	const town_def *t = config_town(a->cfg, unit);
	if (!t)
		return errf(err, errlen, "镇街 \"%s\" 不在镇街名单中", unit);
	if (a->me.role == USER_STAFF && strcmp(t->name, a->me.town) != 0)
		return errf(err, errlen, "镇街录入员只能导出本镇街 (%s) 的记录", a->me.town);
	ymd d;
	if (since && *since && !date_parse(since, &d))
		return errf(err, errlen, "--since 的日期 \"%s\" 无效，应为 YYYY-MM-DD，如 2026-06-01", since);
	long long uid = units_id(a->db, t->name);
	if (!uid)
		return errf(err, errlen, "镇街 %s 不在数据库中", t->name);
	char stamp[24], host[256] = "", schema[16];
	date_now_stamp(stamp, sizeof stamp);
	if (gethostname(host, sizeof host - 1) != 0)
		host[0] = '\0';
	snprintf(schema, sizeof schema, "%d", DB_SCHEMA_VERSION);
	bundle_out_init(o);
	bundle_out_header(o, "schema", schema);
	bundle_out_header(o, "district", a->cfg->district_name);
	bundle_out_header(o, "unit", t->name);
	bundle_out_header(o, "since", since ? since : "");
	bundle_out_header(o, "made", stamp);
	bundle_out_header(o, "by", a->user);
	bundle_out_header(o, "host", host);
	/* One read transaction: the tables agree with each other. */
	if (db_exec(a->db, "BEGIN") != DB_OK) {
		db_error(a->db, "读取数据库失败", err, errlen);
		return false;
	}
	const char *s = since ? since : "";
	bool ok =
	        dump(a->db, o, "units", "SELECT id, name FROM units ORDER BY id", 0, s, NULL, err, errlen) &&
	        dump(a->db, o, "producers",
	             "SELECT p.id, p.name, u.name AS unit, p.village, p.credit_code, p.id_number"
	             " FROM producers p JOIN units u ON u.id = p.unit_id WHERE p.id IN (SELECT producer_id"
	             " FROM samples WHERE id IN (" SELECTED ")) ORDER BY p.id",
	             uid, s, NULL, err, errlen);
	for (int i = 0; ok && i < NCARRIED; i++)
		ok = dump(a->db, o, carried[i], export_sql[i], uid, s, i == T_SAMPLES ? count : NULL, err,
		          errlen);
	child_table child[MAX_TABLES - NCARRIED];
	int nchild = ok ? child_tables(a->db, child, MAX_TABLES - NCARRIED, err, errlen) : 0;
	ok = ok && nchild >= 0;
	for (int i = 0; ok && i < nchild; i++) {
		char sql[4096]; /* room for the longest names child_tables keeps */
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" WHERE \"%s\" IN (" SELECTED ") ORDER BY 1",
		         child[i].name, child[i].fk);
		ok = dump(a->db, o, child[i].name, sql, uid, s, NULL, err, errlen);
	}
	db_exec(a->db, "COMMIT");
	if (!ok) {
		free(o->buf);
		bundle_out_init(o);
	}
	return ok;
}

/* ---- import ---- */

/* What a carried column needs on the way in: kept as it is, the row's
 * own id (new here), or a reference translated to this database's ids. */
typedef enum { C_KEEP, C_ID, C_UNIT, C_SAMPLE, C_CASE, C_PRODUCER } col_kind;

typedef struct {
	const char *name;
	const btable *t;
	col_kind *kind;
	int fk;             /* a child table: its column naming the sample */
	long *first, *next; /* a child table: each sample's rows (index lists, -1 ends) */
} carried_table;

typedef enum { S_NEW, S_SAME, S_COLLIDES, S_DIVERGED } sample_state;

typedef struct {
	app *a;
	db_conn *db;
	const bundle *b;
	carried_table tab[MAX_TABLES];
	int ntab; /* NCARRIED and the child tables */
	/* Each table's INSERT, prepared once: preparing one compiles every
	 * trigger on the table (the maintained counts on samples). */
	db_stmt *insert[MAX_TABLES];
	child_table child[MAX_TABLES - NCARRIED];
	const btable *units, *producers;
	long long *unit_map;     /* per units row: the id here (0: none) */
	long long *producer_map; /* per producers row: the id here (0: not registered here) */
	/* per samples row */
	sample_state *state;
	long long *sample_id; /* the id here */
	int *srv_version;
	long *first_change, *next_change; /* the row's history rows (index lists, -1 ends) */
	long *case_row;                   /* its followup_cases row, -1 none */
	long long *case_id;               /* per cases row: the id here */
	long *first_step, *next_step;     /* per cases row: its steps */
	/* column indexes */
	int s_id, s_no, s_unit, s_year, s_seq, s_version, s_verdict, s_flag, s_created_at, s_created_by;
	int c_sample, c_version, c_field, c_at, c_by;
	int k_id, k_sample, k_reason;
	int p_case, p_step, p_date, p_created_at, p_created_by, p_status, p_void_reason, p_voided_at,
	        p_voided_by;
	bundle_result *r;
	char *err;
	size_t errlen;
} importer;

static void importer_free(importer *im)
{
	for (int i = 0; i < im->ntab; i++) {
		db_finalize(im->insert[i]);
		free(im->tab[i].kind);
		free(im->tab[i].first);
		free(im->tab[i].next);
	}
	free(im->unit_map);
	free(im->producer_map);
	free(im->state);
	free(im->sample_id);
	free(im->srv_version);
	free(im->first_change);
	free(im->next_change);
	free(im->case_row);
	free(im->case_id);
	free(im->first_step);
	free(im->next_step);
}

static const bval *at(const btable *t, size_t row, int col)
{
	return btable_at(t, row, col);
}

static const char *text_at(const btable *t, size_t row, int col)
{
	const bval *v = at(t, row, col);
	return v->type == BV_TEXT ? v->t : "";
}

/* The bundle's tables have this database's columns, in its order; each
 * reference is to a table the bundle translates. */
static bool match_columns(importer *im)
{
	int nchild = child_tables(im->db, im->child, MAX_TABLES - NCARRIED, im->err, im->errlen);
	if (nchild < 0)
		return false;
	im->ntab = NCARRIED + nchild;
	for (int i = 0; i < im->ntab; i++)
		im->tab[i].name = i < NCARRIED ? carried[i] : im->child[i - NCARRIED].name;
	/* Nothing in the bundle that this database would not take. */
	for (int i = 0; i < im->b->ntables; i++) {
		const char *name = im->b->tables[i].name;
		bool known = strcmp(name, "units") == 0 || strcmp(name, "producers") == 0;
		for (int k = 0; !known && k < im->ntab; k++)
			known = strcmp(name, im->tab[k].name) == 0;
		if (!known)
			return errf(im->err, im->errlen,
			            "数据包中有本数据库没有的表 %s：请用同一版本的 nongjian 导出和导入",
			            name);
	}
	for (int i = 0; i < im->ntab; i++) {
		const char *name = im->tab[i].name;
		const btable *t = bundle_table(im->b, name);
		if (!t)
			return errf(im->err, im->errlen, "数据包中没有表 %s：文件不完整，请重新导出", name);
		char sql[256];
		snprintf(sql, sizeof sql,
		         "SELECT name, pk, (SELECT count(*) FROM pragma_table_info('%s') WHERE pk > 0) = 1"
		         " AND upper(type) = 'INTEGER' FROM pragma_table_info('%s') ORDER BY cid",
		         name, name);
		db_stmt *st = db_prepare(im->db, sql, im->err, im->errlen);
		if (!st)
			return false;
		int n = 0;
		bool same = true;
		im->tab[i].t = t;
		im->tab[i].kind = xcalloc((size_t)t->ncols, sizeof *im->tab[i].kind);
		while (db_step(st) == DB_ROW) {
			const char *col = db_column_text(st, 0);
			if (n >= t->ncols || strcmp(t->cols[n], col) != 0)
				same = false;
			else if (db_column_int(st, 1) && db_column_int(st, 2))
				im->tab[i].kind[n] = C_ID; /* the rowid: new here */
			n++;
		}
		db_finalize(st);
		if (!same || n != t->ncols)
			return errf(im->err, im->errlen,
			            "数据包中表 %s 的列与本数据库不同：请用同一版本的 nongjian 导出和导入",
			            name);
		snprintf(sql, sizeof sql, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list('%s')",
		         name);
		if (!(st = db_prepare(im->db, sql, im->err, im->errlen)))
			return false;
		bool known = true;
		char what[128] = "";
		while (db_step(st) == DB_ROW) {
			int col = btable_col(t, db_column_text(st, 0));
			const char *to = db_column_text(st, 1);
			col_kind k = strcmp(to, "units") == 0            ? C_UNIT
			             : strcmp(to, "samples") == 0        ? C_SAMPLE
			             : strcmp(to, "followup_cases") == 0 ? C_CASE
			                                                 : C_KEEP;
			if (k == C_KEEP || col < 0) {
				known = false;
				snprintf(what, sizeof what, "%s.%s → %s", name, db_column_text(st, 0),
				         to);
			} else {
				im->tab[i].kind[col] = k;
				if (i >= NCARRIED && k == C_SAMPLE)
					im->tab[i].fk = col;
			}
		}
		db_finalize(st);
		if (!known)
			return errf(im->err, im->errlen, "内部错误: 数据包不会换算引用 %s", what);
	}
	/* The registry link is not a declared reference (free text stays). */
	int p = btable_col(im->tab[T_SAMPLES].t, "producer_id");
	if (p >= 0)
		im->tab[T_SAMPLES].kind[p] = C_PRODUCER;
	return true;
}

static long long lookup_id(db_conn *db, const char *sql, const char *a1, const char *a2, const char *a3)
{
	db_stmt *st;
	if (db_prepare_rc(db, sql, &st) != DB_OK)
		return 0;
	const char *args[] = {a1, a2, a3};
	for (int i = 0; i < 3; i++)
		if (args[i])
			db_bind_text(st, i + 1, args[i]);
	long long id = db_step(st) == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finalize(st);
	return id;
}

/* Units by name; producers by credit code, ID number or name and place. */
static bool map_units_and_producers(importer *im)
{
	const btable *u = im->units, *p = im->producers;
	im->unit_map = xcalloc(u->nrows + 1, sizeof *im->unit_map);
	for (size_t i = 0; i < u->nrows; i++)
		im->unit_map[i] = units_id(im->db, text_at(u, i, 1));
	im->producer_map = xcalloc(p->nrows + 1, sizeof *im->producer_map);
	int name = btable_col(p, "name"), unit = btable_col(p, "unit"), village = btable_col(p, "village"),
	    code = btable_col(p, "credit_code"), idno = btable_col(p, "id_number");
	for (size_t i = 0; i < p->nrows; i++) {
		long long id = 0;
		if (*text_at(p, i, code))
			id = lookup_id(im->db, "SELECT id FROM producers WHERE credit_code = ?1",
			               text_at(p, i, code), NULL, NULL);
		if (!id && *text_at(p, i, idno))
			id = lookup_id(im->db, "SELECT id FROM producers WHERE id_number = ?1",
			               text_at(p, i, idno), NULL, NULL);
		if (!id)
			id = lookup_id(
			        im->db,
			        "SELECT p.id FROM producers p JOIN units u ON u.id = p.unit_id WHERE u.name = ?1"
			        " AND p.name = ?2 AND coalesce(p.village, '') = ?3",
			        text_at(p, i, unit), text_at(p, i, name), text_at(p, i, village));
		im->producer_map[i] = id;
	}
	return true;
}

static long long map_in(const btable *t, int col, const long long *map, long long old)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (bval_int(at(t, i, col)) == old)
			return map[i];
	return 0;
}

/* Row index of the samples (or cases) row with that id: the rows are in
 * id order, as exported. */
static long row_of(const btable *t, int idcol, long long id)
{
	size_t lo = 0, hi = t->nrows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		long long v = bval_int(at(t, mid, idcol));
		if (v == id)
			return (long)mid;
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Link every row of child to the row of parent whose idcol is the
 * child's fk: first (a parent row's first child) and next (the child
 * after it), index lists that -1 ends, filled backwards so that each list
 * is in file (id) order. False when a child has no parent. */
static bool link_children(const btable *parent, int idcol, const btable *child, int fk, long **first,
                          long **next)
{
	*first = xcalloc(parent->nrows + 1, sizeof **first);
	*next = xcalloc(child->nrows + 1, sizeof **next);
	for (size_t i = 0; i < parent->nrows; i++)
		(*first)[i] = -1;
	for (size_t j = child->nrows; j-- > 0;) {
		long row = row_of(parent, idcol, bval_int(at(child, j, fk)));
		if (row < 0)
			return false;
		(*next)[j] = (*first)[row];
		(*first)[row] = (long)j;
	}
	return true;
}

/* Link every history row, case and step to its record. */
static bool link_rows(importer *im)
{
	const btable *s = im->tab[T_SAMPLES].t, *c = im->tab[T_CHANGES].t, *k = im->tab[T_CASES].t,
	             *p = im->tab[T_STEPS].t;
	size_t ns = s->nrows + 1;
	im->state = xcalloc(ns, sizeof *im->state);
	im->sample_id = xcalloc(ns, sizeof *im->sample_id);
	im->srv_version = xcalloc(ns, sizeof *im->srv_version);
	im->case_row = xcalloc(ns, sizeof *im->case_row);
	im->case_id = xcalloc(k->nrows + 1, sizeof *im->case_id);
	for (size_t i = 0; i < s->nrows; i++) {
		im->case_row[i] = -1;
		if (i && bval_int(at(s, i, im->s_id)) <= bval_int(at(s, i - 1, im->s_id)))
			return errf(im->err, im->errlen,
			            "数据包中的记录没有按顺序排列：文件被改动过，请重新导出");
	}
	if (!link_children(s, im->s_id, c, im->c_sample, &im->first_change, &im->next_change))
		return errf(im->err, im->errlen, "数据包中有不属于任何记录的更正记录：文件被改动过，请重新导出");
	for (size_t j = 0; j < k->nrows; j++) {
		long row = row_of(s, im->s_id, bval_int(at(k, j, im->k_sample)));
		if (row < 0 || im->case_row[row] >= 0 ||
		    (j && bval_int(at(k, j, im->k_id)) <= bval_int(at(k, j - 1, im->k_id))))
			return errf(im->err, im->errlen,
			            "数据包中的检打联动案件对不上记录：文件被改动过，请重新导出");
		im->case_row[row] = (long)j;
	}
	if (!link_children(k, im->k_id, p, im->p_case, &im->first_step, &im->next_step))
		return errf(im->err, im->errlen, "数据包中有不属于任何案件的检打联动步骤：文件被改动过，请重新导出");
	for (int t = NCARRIED; t < im->ntab; t++) {
		carried_table *ct = &im->tab[t];
		if (!link_children(s, im->s_id, ct->t, ct->fk, &ct->first, &ct->next))
			return errf(im->err, im->errlen, "数据包中表 %s 有不属于任何记录的行：文件被改动过，请重新导出",
			            ct->name);
	}
	return true;
}

static bool need_cols(importer *im)
{
	const btable *s = im->tab[T_SAMPLES].t, *c = im->tab[T_CHANGES].t, *k = im->tab[T_CASES].t,
	             *p = im->tab[T_STEPS].t;
	im->s_id = btable_col(s, "id");
	im->s_no = btable_col(s, "sample_no");
	im->s_unit = btable_col(s, "unit_id");
	im->s_year = btable_col(s, "year");
	im->s_seq = btable_col(s, "seq");
	im->s_version = btable_col(s, "version");
	im->s_verdict = btable_col(s, "verdict");
	im->s_flag = btable_col(s, "flag_confirm");
	im->s_created_at = btable_col(s, "created_at");
	im->s_created_by = btable_col(s, "created_by");
	im->c_sample = btable_col(c, "sample_id");
	im->c_version = btable_col(c, "version");
	im->c_field = btable_col(c, "field");
	im->c_at = btable_col(c, "changed_at");
	im->c_by = btable_col(c, "changed_by");
	im->k_id = btable_col(k, "id");
	im->k_sample = btable_col(k, "sample_id");
	im->k_reason = btable_col(k, "reason");
	im->p_case = btable_col(p, "case_id");
	im->p_step = btable_col(p, "step");
	im->p_date = btable_col(p, "step_date");
	im->p_created_at = btable_col(p, "created_at");
	im->p_created_by = btable_col(p, "created_by");
	im->p_status = btable_col(p, "status");
	im->p_void_reason = btable_col(p, "void_reason");
	im->p_voided_at = btable_col(p, "voided_at");
	im->p_voided_by = btable_col(p, "voided_by");
	int need[] = {im->s_id,
	              im->s_no,
	              im->s_unit,
	              im->s_year,
	              im->s_seq,
	              im->s_version,
	              im->s_verdict,
	              im->s_flag,
	              im->s_created_at,
	              im->s_created_by,
	              im->c_sample,
	              im->c_version,
	              im->c_field,
	              im->c_at,
	              im->c_by,
	              im->k_sample,
	              im->k_reason,
	              im->p_case,
	              im->p_step,
	              im->p_date,
	              im->p_created_at,
	              im->p_created_by,
	              im->p_status,
	              im->p_void_reason,
	              im->p_voided_at,
	              im->p_voided_by,
	              im->k_id,
	              btable_col(im->units, "name"),
	              btable_col(im->producers, "name")};
	for (size_t i = 0; i < sizeof need / sizeof *need; i++)
		if (need[i] < 0)
			return errf(im->err, im->errlen,
			            "数据包缺少必需的列：请用同一版本的 nongjian 导出和导入");
	return true;
}

/* The bundle's unit in this database, from the header. */
static long long bundle_unit(importer *im)
{
	const char *unit = bundle_header(im->b, "unit");
	long long id = unit ? units_id(im->db, unit) : 0;
	if (!id)
		errf(im->err, im->errlen, "数据包的镇街 \"%s\" 不在本数据库中", unit ? unit : "");
	else
		snprintf(im->r->unit, sizeof im->r->unit, "%s", unit);
	return id;
}

static long long sample_unit_here(importer *im, size_t row)
{
	return map_in(im->units, 0, im->unit_map, bval_int(at(im->tab[T_SAMPLES].t, row, im->s_unit)));
}

/* The first history row of a record's version in the bundle, -1 none. */
static long change_of_version(const importer *im, size_t row, int version)
{
	const btable *c = im->tab[T_CHANGES].t;
	for (long j = im->first_change[row]; j >= 0; j = im->next_change[j])
		if (bval_int(at(c, (size_t)j, im->c_version)) == version)
			return j;
	return -1;
}

/* A record here at the bundle's version has every value the bundle
 * has (the registry link aside, which each database keeps its own). */
static bool same_content(importer *im, size_t i, char *err, size_t errlen)
{
	const btable *s = im->tab[T_SAMPLES].t;
	db_stmt *st = db_prepare(im->db, "SELECT * FROM samples WHERE id = ?1", err, errlen);
	if (!st)
		return false;
	db_bind_int64(st, 1, im->sample_id[i]);
	bool same = db_step(st) == DB_ROW && db_column_count(st) == s->ncols;
	for (int c = 0; same && c < s->ncols; c++) {
		col_kind k = im->tab[T_SAMPLES].kind[c];
		if (k == C_ID || k == C_PRODUCER)
			continue;
		bval here;
		column_value(st, c, &here);
		if (k == C_UNIT)
			same = here.type == BV_INT &&
			       here.i == map_in(im->units, 0, im->unit_map, bval_int(at(s, i, c)));
		else
			same = bval_same(&here, at(s, i, c));
	}
	db_finalize(st);
	return same;
}

/* Is each record new here, the same record, or does its number collide
 * with a different record of the unit entered here? */
static bool classify(importer *im, long long unit, char *clash, size_t clashlen, long *nclash, char *diverged,
                     size_t divlen, long *ndiv)
{
	const btable *s = im->tab[T_SAMPLES].t, *c = im->tab[T_CHANGES].t;
	/* By number, by the unit's sequence, the history row of a version. */
	static const char *const sql[] = {
		"SELECT id, unit_id, year, seq, version, created_at, created_by FROM samples WHERE sample_no = ?1",
		"SELECT sample_no FROM samples WHERE unit_id = ?1 AND year = ?2 AND seq = ?3",
		"SELECT changed_at, changed_by FROM sample_changes WHERE sample_id = ?1 AND version = ?2 LIMIT 1",
	};
	enum { NQ = sizeof sql / sizeof *sql };
	db_stmt *q[NQ] = {NULL};
	bool ok = true;
	for (size_t j = 0; ok && j < NQ; j++)
		ok = (q[j] = db_prepare(im->db, sql[j], im->err, im->errlen)) != NULL;
	db_stmt *by_no = q[0], *by_seq = q[1], *hist = q[2];
	for (size_t i = 0; ok && i < s->nrows; i++) {
		const char *no = text_at(s, i, im->s_no);
		long long u = sample_unit_here(im, i);
		if (u != unit) {
			ok = errf(im->err, im->errlen,
			          "数据包中的记录 %s 不属于数据包的镇街 %s：文件被改动过，请重新导出", no,
			          im->r->unit);
			break;
		}
		long long year = bval_int(at(s, i, im->s_year)), seq = bval_int(at(s, i, im->s_seq));
		int version = (int)bval_int(at(s, i, im->s_version));
		db_bind_text(by_no, 1, no);
		im->state[i] = S_NEW;
		if (db_step(by_no) == DB_ROW) {
			bool same = db_column_int64(by_no, 1) == u &&
			            db_column_int64(by_no, 2) == year &&
			            db_column_int64(by_no, 3) == seq &&
			            strcmp(db_column_text(by_no, 5),
			                   text_at(s, i, im->s_created_at)) == 0 &&
			            strcmp(db_column_text(by_no, 6),
			                   text_at(s, i, im->s_created_by)) == 0;
			im->state[i] = same ? S_SAME : S_COLLIDES;
			im->sample_id[i] = db_column_int64(by_no, 0);
			im->srv_version[i] = db_column_int(by_no, 4);
		}
		db_reset(by_no);
		if (im->state[i] == S_NEW) {
			db_bind_int64(by_seq, 1, u);
			db_bind_int64(by_seq, 2, year);
			db_bind_int64(by_seq, 3, seq);
			if (db_step(by_seq) == DB_ROW)
				im->state[i] = S_COLLIDES;
			db_reset(by_seq);
		}
		/* The same record: the versions both sides have must be the
		 * same corrections (else it was corrected here and there). */
		int common = im->srv_version[i] < version ? im->srv_version[i] : version;
		if (im->state[i] == S_SAME && common > 1) {
			long j = change_of_version(im, i, common);
			db_bind_int64(hist, 1, im->sample_id[i]);
			db_bind_int(hist, 2, common);
			bool agree = j >= 0 && db_step(hist) == DB_ROW &&
			             strcmp(db_column_text(hist, 0),
			                    text_at(c, (size_t)j, im->c_at)) == 0 &&
			             strcmp(db_column_text(hist, 1),
			                    text_at(c, (size_t)j, im->c_by)) == 0;
			db_reset(hist);
			if (!agree)
				im->state[i] = S_DIVERGED;
		}
		/* Made the same second by the same login is not enough: at the
		 * same version every value must agree too. */
		if (im->state[i] == S_SAME && im->srv_version[i] == version &&
		    !same_content(im, i, im->err, im->errlen))
			im->state[i] = version > 1 ? S_DIVERGED : S_COLLIDES;
		int pcol = btable_col(s, "producer_id");
		if (im->state[i] == S_NEW && pcol >= 0 && at(s, i, pcol)->type != BV_NULL &&
		    !map_in(im->producers, 0, im->producer_map, bval_int(at(s, i, pcol))))
			im->r->unlinked++;
		char *list = im->state[i] == S_COLLIDES   ? clash
		             : im->state[i] == S_DIVERGED ? diverged
		                                          : NULL;
		long *count = im->state[i] == S_COLLIDES ? nclash : ndiv;
		if (list && ++*count <= 20) {
			size_t used = strlen(list), len = list == clash ? clashlen : divlen;
			snprintf(list + used, len - used, "%s%s", used ? "、" : "", no);
		}
	}
	for (size_t j = 0; j < NQ; j++)
		db_finalize(q[j]);
	return ok;
}

typedef struct {
	long long unit, year, seq;
} numbered;

static int by_number(const void *x, const void *y)
{
	const numbered *a = x, *b = y;
	if (a->unit != b->unit)
		return a->unit < b->unit ? -1 : 1;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static long long counter_next(db_conn *db, long long unit, long long year)
{
	db_stmt *st;
	long long next = 1;
	if (db_prepare_rc(db, "SELECT next_seq FROM counters WHERE unit_id = ?1 AND year = ?2", &st) == DB_OK) {
		db_bind_int64(st, 1, unit);
		db_bind_int64(st, 2, year);
		if (db_step(st) == DB_ROW)
			next = db_column_int64(st, 0);
	}
	db_finalize(st);
	return next;
}

/* The new records' numbers continue this database's counter without a
 * gap; then the counter is moved past them. check: only look. */
static bool numbers_follow_on(importer *im, bool check)
{
	const btable *s = im->tab[T_SAMPLES].t;
	numbered *n = xcalloc(s->nrows + 1, sizeof *n);
	size_t k = 0;
	for (size_t i = 0; i < s->nrows; i++)
		if (im->state[i] == S_NEW)
			n[k++] = (numbered){sample_unit_here(im, i), bval_int(at(s, i, im->s_year)),
			                    bval_int(at(s, i, im->s_seq))};
	qsort(n, k, sizeof *n, by_number);
	bool ok = true;
	for (size_t i = 0; ok && i < k;) {
		size_t j = i;
		long long next = counter_next(im->db, n[i].unit, n[i].year);
		for (; j < k && n[j].unit == n[i].unit && n[j].year == n[i].year; j++)
			if (check && n[j].seq != next + (long long)(j - i)) {
				long long want = next + (long long)(j - i);
				char missing[64];
				if (n[j].seq - 1 > want)
					snprintf(missing, sizeof missing, "第 %lld 至 %lld 号", want,
					         n[j].seq - 1);
				else
					snprintf(missing, sizeof missing, "第 %lld 号", want);
				ok = n[j].seq > want
				             ? errf(im->err, im->errlen,
				                    "数据包缺少%s %lld 年的%s (导入后编号会中断)：请在离线电脑上"
				                    "用更早的 --since 重新导出 (不加 --since 导出全部)",
				                    im->r->unit, n[i].year, missing)
				             : errf(im->err, im->errlen,
				                    "%s %lld 年的第 %lld 号在本数据库中已缺号或重号：请先运行 nongjian check",
				                    im->r->unit, n[i].year, n[j].seq);
				break;
			}
		if (ok && !check) {
			db_stmt *st = db_prepare(
			        im->db,
			        "INSERT INTO counters(unit_id, year, next_seq) VALUES (?1, ?2, ?3) ON CONFLICT(unit_id, year)"
			        " DO UPDATE SET next_seq = max(next_seq, excluded.next_seq)",
			        im->err, im->errlen);
			ok = st != NULL;
			if (ok) {
				db_bind_int64(st, 1, n[i].unit);
				db_bind_int64(st, 2, n[i].year);
				db_bind_int64(st, 3, n[j - 1].seq + 1);
				ok = db_run(im->db, st, "更新样品编号计数失败", im->err, im->errlen);
				db_finalize(st);
			}
		}
		i = j;
	}
	free(n);
	return ok;
}

static void bind_value(db_stmt *st, int idx, const bval *v)
{
	switch (v->type) {
	case BV_INT: db_bind_int64(st, idx, v->i); break;
	case BV_REAL: db_bind_double(st, idx, v->r); break;
	case BV_TEXT: db_bind_text(st, idx, v->t); break;
	default: db_bind_null(st, idx);
	}
}

/* Bind column col of row as this database has it (references turned
 * into its ids); a reference to a producer not registered here is NULL. */
static void bind_mapped(importer *im, db_stmt *st, int idx, int table, size_t row, int col)
{
	const btable *t = im->tab[table].t;
	const bval *v = at(t, row, col);
	long long id = 0;
	long ref;
	switch (im->tab[table].kind[col]) {
	case C_UNIT: id = map_in(im->units, 0, im->unit_map, bval_int(v)); break;
	case C_SAMPLE:
		ref = row_of(im->tab[T_SAMPLES].t, im->s_id, bval_int(v));
		id = ref >= 0 ? im->sample_id[ref] : 0;
		break;
	case C_CASE:
		ref = row_of(im->tab[T_CASES].t, im->k_id, bval_int(v));
		id = ref >= 0 ? im->case_id[ref] : 0;
		break;
	case C_PRODUCER: id = map_in(im->producers, 0, im->producer_map, bval_int(v)); break;
	default: bind_value(st, idx, v); return;
	}
	if (id)
		db_bind_int64(st, idx, id);
	else
		db_bind_null(st, idx);
}

/* INSERT one row of a carried table; its own id is this database's
 * (new_id, or the next rowid when 0). or_ignore: see insert_new. Each
 * table is always inserted the same way (records with their id and OR
 * IGNORE, every other table neither), so one statement serves. */
static long long insert_row(importer *im, int table, size_t row, long long new_id, bool or_ignore)
{
	const btable *t = im->tab[table].t;
	db_stmt *st = im->insert[table];
	if (!st) {
		char sql[4096], vals[1024];
		int used = snprintf(sql, sizeof sql, "INSERT%s INTO \"%s\"(", or_ignore ? " OR IGNORE" : "",
		                    im->tab[table].name);
		int vused = 0, n = 0;
		for (int c = 0; c < t->ncols; c++) {
			if (im->tab[table].kind[c] == C_ID && !new_id)
				continue;
			used += snprintf(sql + used, sizeof sql - (size_t)used, "%s\"%s\"", n ? ", " : "",
			                 t->cols[c]);
			vused += snprintf(vals + vused, sizeof vals - (size_t)vused, "%s?", n ? ", " : "");
			n++;
		}
		snprintf(sql + used, sizeof sql - (size_t)used, ") VALUES (%s)", vals);
		if (!(st = im->insert[table] = db_prepare(im->db, sql, im->err, im->errlen)))
			return 0;
	}
	int n = 0;
	for (int c = 0; c < t->ncols; c++) {
		if (im->tab[table].kind[c] == C_ID) {
			if (new_id)
				db_bind_int64(st, ++n, new_id);
			continue;
		}
		bind_mapped(im, st, ++n, table, row, c);
	}
	long long id = 0;
	int rc = db_step(st);
	if (rc == DB_DONE && db_changes(im->db) == 1)
		id = new_id ? new_id : db_last_insert_id(im->db);
	else if (rc == DB_DONE && table == T_SAMPLES) /* ignored: a constraint it does not pass */
		errf(im->err, im->errlen,
		     "数据包中的记录 %s 不能保存：它不符合本数据库的规则，或与已有记录冲突 (如同一导入文件的原编号)。"
		     "数据包未导入",
		     text_at(im->tab[T_SAMPLES].t, row, im->s_no));
	else if (rc == DB_DONE)
		errf(im->err, im->errlen, "数据包中表 %s 的一行不符合本数据库的规则，未能保存",
		     im->tab[table].name);
	else
		db_error(im->db, "保存数据包中的记录失败", im->err, im->errlen);
	db_reset(st);
	db_clear_bindings(st);
	return id;
}

static bool insert_steps(importer *im, size_t case_row)
{
	for (long j = im->first_step[case_row]; j >= 0; j = im->next_step[j]) {
		if (!insert_row(im, T_STEPS, (size_t)j, 0, false))
			return false;
		im->r->steps++;
	}
	return true;
}

/* A record new here: its case first (the database opens a case itself
 * when a failed record is inserted, dated now; OR IGNORE on the record,
 * which the trigger's INSERT inherits, keeps the bundle's case with the
 * date it was opened), then the record with the bundle's number, its
 * history and its steps. References are checked at commit. */
static bool insert_new(importer *im, size_t i, long long id)
{
	long k = im->case_row[i];
	im->sample_id[i] = id;
	if (k >= 0) {
		if (!(im->case_id[k] = insert_row(im, T_CASES, (size_t)k, 0, false)))
			return false;
		im->r->cases++;
	}
	if (!insert_row(im, T_SAMPLES, i, id, true))
		return false;
	im->r->added++;
	for (long j = im->first_change[i]; j >= 0; j = im->next_change[j]) {
		if (!insert_row(im, T_CHANGES, (size_t)j, 0, false))
			return false;
		im->r->changes++;
	}
	for (int t = NCARRIED; t < im->ntab; t++)
		for (long j = im->tab[t].first[i]; j >= 0; j = im->tab[t].next[j]) {
			if (!insert_row(im, t, (size_t)j, 0, false))
				return false;
			im->r->other++;
		}
	return k < 0 || insert_steps(im, (size_t)k);
}

static bool run(db_conn *db, const char *sql, long long id, const char *what, char *err, size_t errlen)
{
	db_stmt *st = db_prepare_id(db, sql, id, err, errlen);
	if (!st)
		return false;
	bool ok = db_run(db, st, what, err, errlen);
	db_finalize(st);
	return ok;
}

/* The later versions of a record this database has: its history rows
 * first, then one guarded UPDATE per version, as corrections make them
 * (the verdict where its change is recorded, everything at the last). */
static bool apply_versions(importer *im, size_t i)
{
	const btable *s = im->tab[T_SAMPLES].t, *c = im->tab[T_CHANGES].t;
	int from = im->srv_version[i], to = (int)bval_int(at(s, i, im->s_version));
	int verdict_at = 0;
	for (long j = im->first_change[i]; j >= 0; j = im->next_change[j]) {
		int v = (int)bval_int(at(c, (size_t)j, im->c_version));
		if (v <= from)
			continue;
		if (!insert_row(im, T_CHANGES, (size_t)j, 0, false))
			return false;
		im->r->changes++;
		if (strcmp(text_at(c, (size_t)j, im->c_field), "verdict") == 0 && v > verdict_at)
			verdict_at = v;
	}
	for (int v = from + 1; v < to; v++) {
		bool verdict = v == verdict_at;
		db_stmt *st = db_prepare(
		        im->db,
		        verdict ? "UPDATE samples SET version = ?1, verdict = ?3, flag_confirm = ?4 WHERE id = ?2"
		                : "UPDATE samples SET version = ?1 WHERE id = ?2",
		        im->err, im->errlen);
		if (!st)
			return false;
		db_bind_int(st, 1, v);
		db_bind_int64(st, 2, im->sample_id[i]);
		if (verdict) {
			bind_value(st, 3, at(s, i, im->s_verdict));
			bind_value(st, 4, at(s, i, im->s_flag));
		}
		bool ok = db_run(im->db, st, "更新记录失败", im->err, im->errlen);
		db_finalize(st);
		if (!ok)
			return false;
	}
	char sql[4096];
	int used = snprintf(sql, sizeof sql, "UPDATE samples SET ");
	for (int k = 0, n = 0; k < s->ncols; k++)
		if (im->tab[T_SAMPLES].kind[k] != C_ID)
			used += snprintf(sql + used, sizeof sql - (size_t)used, "%s\"%s\" = ?%d",
			                 n++ ? ", " : "", s->cols[k], k + 1);
	snprintf(sql + used, sizeof sql - (size_t)used, " WHERE id = ?%d", s->ncols + 1);
	db_stmt *st = db_prepare(im->db, sql, im->err, im->errlen);
	if (!st)
		return false;
	for (int k = 0; k < s->ncols; k++)
		if (im->tab[T_SAMPLES].kind[k] != C_ID)
			bind_mapped(im, st, k + 1, T_SAMPLES, i, k);
	db_bind_int64(st, s->ncols + 1, im->sample_id[i]);
	bool ok = db_step(st) == DB_DONE;
	if (!ok) {
		char what[160];
		snprintf(what, sizeof what, "把记录 %s 更新到第 %d 版失败", text_at(s, i, im->s_no), to);
		db_error(im->db, what, im->err, im->errlen);
	}
	db_finalize(st);
	im->r->updated += ok;
	return ok;
}

/* A record this database has: the case and steps it lacks, the voids of
 * steps voided since, and its later versions. */
/* The child rows of a record this database has that it lacks: such
 * tables are kept like history (sample_items adds a version's items, a
 * run is written once), so a row the bundle has and this database does
 * not is a later one. One that clashes with a row here (the same
 * version's item, told differently) fails its UNIQUE key: the bundle is
 * refused. */
static bool merge_children(importer *im, size_t i)
{
	for (int t = NCARRIED; t < im->ntab; t++) {
		const btable *c = im->tab[t].t;
		for (long j = im->tab[t].first[i]; j >= 0; j = im->tab[t].next[j]) {
			char sql[4096];
			int used = snprintf(sql, sizeof sql, "SELECT 1 FROM \"%s\" WHERE 1", im->tab[t].name);
			for (int k = 0; k < c->ncols; k++)
				if (im->tab[t].kind[k] != C_ID)
					used += snprintf(sql + used, sizeof sql - (size_t)used,
					                 " AND \"%s\" IS ?%d", c->cols[k], k + 1);
			db_stmt *st = db_prepare(im->db, sql, im->err, im->errlen);
			if (!st)
				return false;
			for (int k = 0; k < c->ncols; k++)
				if (im->tab[t].kind[k] != C_ID)
					bind_mapped(im, st, k + 1, t, (size_t)j, k);
			bool here = db_step(st) == DB_ROW;
			db_finalize(st);
			if (here)
				continue;
			if (!insert_row(im, t, (size_t)j, 0, false)) {
				char why[512];
				snprintf(why, sizeof why, "%s", im->err);
				return errf(
				        im->err, im->errlen,
				        "记录 %s 在表 %s 中的数据与本数据库的不一致 (%s)：数据包未导入，请核对两边的记录",
				        text_at(im->tab[T_SAMPLES].t, i, im->s_no), im->tab[t].name, why);
			}
			im->r->other++;
		}
	}
	return true;
}

static bool merge_same(importer *im, size_t i)
{
	if (!merge_children(im, i))
		return false;
	const btable *s = im->tab[T_SAMPLES].t, *k = im->tab[T_CASES].t, *p = im->tab[T_STEPS].t;
	long kr = im->case_row[i];
	if (kr >= 0) {
		db_stmt *st =
		        db_prepare(im->db, "SELECT id, reason FROM followup_cases WHERE sample_id = ?1",
		                   im->err, im->errlen);
		if (!st)
			return false;
		db_bind_int64(st, 1, im->sample_id[i]);
		bool warn_here = false;
		im->case_id[kr] = 0;
		if (db_step(st) == DB_ROW) {
			im->case_id[kr] = db_column_int64(st, 0);
			warn_here = strcmp(db_column_text(st, 1), "warn") == 0;
		}
		db_finalize(st);
		if (!im->case_id[kr]) {
			if (!(im->case_id[kr] = insert_row(im, T_CASES, (size_t)kr, 0, false)))
				return false;
			im->r->cases++;
		} else if (warn_here && strcmp(text_at(k, (size_t)kr, im->k_reason), "fail") == 0 &&
		           !run(im->db, "UPDATE followup_cases SET reason = 'fail' WHERE id = ?1",
		                im->case_id[kr], "更新检打联动案件失败", im->err, im->errlen)) {
			return false;
		}
	}
	if (im->srv_version[i] < (int)bval_int(at(s, i, im->s_version)) && !apply_versions(im, i))
		return false;
	if (im->srv_version[i] > (int)bval_int(at(s, i, im->s_version)))
		im->r->older++;
	else if (im->srv_version[i] == (int)bval_int(at(s, i, im->s_version)))
		im->r->same++;
	for (long j = kr >= 0 ? im->first_step[kr] : -1; j >= 0; j = im->next_step[j]) {
		db_stmt *st = db_prepare(
		        im->db,
		        "SELECT id, status FROM followup_steps WHERE case_id = ?1 AND step = ?2 AND step_date = ?3"
		        " AND created_at = ?4 AND created_by = ?5",
		        im->err, im->errlen);
		if (!st)
			return false;
		db_bind_int64(st, 1, im->case_id[kr]);
		bind_value(st, 2, at(p, (size_t)j, im->p_step));
		bind_value(st, 3, at(p, (size_t)j, im->p_date));
		bind_value(st, 4, at(p, (size_t)j, im->p_created_at));
		bind_value(st, 5, at(p, (size_t)j, im->p_created_by));
		long long here = 0;
		bool valid_here = false;
		if (db_step(st) == DB_ROW) {
			here = db_column_int64(st, 0);
			valid_here = strcmp(db_column_text(st, 1), "valid") == 0;
		}
		db_finalize(st);
		if (!here) {
			if (!insert_row(im, T_STEPS, (size_t)j, 0, false))
				return false;
			im->r->steps++;
			continue;
		}
		if (!valid_here || strcmp(text_at(p, (size_t)j, im->p_status), "void") != 0)
			continue;
		st = db_prepare(im->db,
		                "UPDATE followup_steps SET status = 'void', void_reason = ?1, voided_at = ?2,"
		                " voided_by = ?3 WHERE id = ?4",
		                im->err, im->errlen);
		if (!st)
			return false;
		bind_value(st, 1, at(p, (size_t)j, im->p_void_reason));
		bind_value(st, 2, at(p, (size_t)j, im->p_voided_at));
		bind_value(st, 3, at(p, (size_t)j, im->p_voided_by));
		db_bind_int64(st, 4, here);
		bool ok = db_run(im->db, st, "作废检打联动步骤失败", im->err, im->errlen);
		db_finalize(st);
		if (!ok)
			return false;
		im->r->steps_voided++;
	}
	return true;
}

/* The audit rows about the records that this database does not have. */
static bool merge_audit(importer *im)
{
	const btable *t = im->tab[T_AUDIT].t;
	const char *cols[] = {"at", "login", "action", "entity", "before", "after"};
	int idx[6];
	for (int c = 0; c < 6; c++)
		if ((idx[c] = btable_col(t, cols[c])) < 0)
			return errf(im->err, im->errlen, "数据包的审计记录缺少列 %s", cols[c]);
	db_stmt *st =
	        db_prepare(im->db,
	                   "SELECT 1 FROM audit WHERE at = ?1 AND login = ?2 AND action = ?3 AND entity = ?4"
	                   " AND before IS ?5 AND after IS ?6",
	                   im->err, im->errlen);
	if (!st)
		return false;
	bool ok = true;
	for (size_t i = 0; ok && i < t->nrows; i++) {
		for (int c = 0; c < 6; c++)
			bind_value(st, c + 1, at(t, i, idx[c]));
		bool have = db_step(st) == DB_ROW;
		db_reset(st);
		if (!have) {
			ok = insert_row(im, T_AUDIT, i, 0, false) != 0;
			im->r->audit += ok;
		}
	}
	db_finalize(st);
	return ok;
}

static long long max_sample_id(db_conn *db)
{
	return db_count(db, "SELECT coalesce(max(id), 0) FROM samples");
}

static bool merge(importer *im)
{
	const btable *s = im->tab[T_SAMPLES].t;
	long long next_id = max_sample_id(im->db);
	if (next_id < 0)
		return errf(im->err, im->errlen, "读取数据库失败");
	/* Every reference is checked at COMMIT, so a case may go in before
	 * its record (PRAGMA defer_foreign_keys ends with the transaction). */
	if (db_exec(im->db, "PRAGMA defer_foreign_keys = ON") != DB_OK) {
		db_error(im->db, "导入失败", im->err, im->errlen);
		return false;
	}
	bool ok = true;
	for (size_t i = 0; ok && i < s->nrows; i++)
		ok = im->state[i] == S_NEW ? insert_new(im, i, ++next_id) : merge_same(im, i);
	return ok && merge_audit(im) && numbers_follow_on(im, false);
}

static bool may_import(const app *a, char *err, size_t errlen)
{
	if (a->me.role == USER_STAFF)
		return errf(err, errlen,
		            "离线数据包由监管督查人员或管理员导入 (它会写入一个镇街的全部记录和历史)");
	return true;
}

bool bundle_import(app *a, const bundle *b, const char *source, bundle_result *r, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	if (!may_import(a, err, errlen))
		return false;
	const char *schema = bundle_header(b, "schema"), *district = bundle_header(b, "district");
	if (!schema || atoi(schema) != DB_SCHEMA_VERSION)
		return errf(
		        err, errlen,
		        "数据包来自数据库结构第 %s 版，本数据库是第 %d 版：请先把两边升级到同一版本的 nongjian，"
		        "再重新导出",
		        schema ? schema : "?", DB_SCHEMA_VERSION);
	if (!district || strcmp(district, a->cfg->district_name) != 0)
		return errf(err, errlen, "数据包来自 \"%s\"，本数据库是 \"%s\" 的：不能导入别的区县的数据",
		            district ? district : "", a->cfg->district_name);
	importer im = {.a = a, .db = a->db, .b = b, .r = r, .err = err, .errlen = errlen};
	im.units = bundle_table(b, "units");
	im.producers = bundle_table(b, "producers");
	if (!im.units || !im.producers)
		return errf(err, errlen, "数据包中没有镇街或主体表：文件不完整，请重新导出");
	db_tx tx;
	if (!db_begin(a->db, &tx, err, errlen))
		return false;
	char clash[1024] = "", diverged[1024] = "";
	long nclash = 0, ndiv = 0;
	long long unit = 0;
	bool ok = match_columns(&im) && need_cols(&im) && (unit = bundle_unit(&im)) != 0 &&
	          map_units_and_producers(&im) && link_rows(&im) &&
	          classify(&im, unit, clash, sizeof clash, &nclash, diverged, sizeof diverged, &ndiv);
	if (ok && nclash)
		ok = errf(
		        err, errlen,
		        "数据包中有 %ld 个样品编号在本数据库中已被%s的其他记录使用: %s%s。离线期间本数据库也为它编了号"
		        " (导出前没有设置 numbering.offline?)。数据包未导入，什么也没有改动：请核对两边的记录，把离线电脑上的这些记录"
		        "导出为 CSV (nongjian export samples) 在这里作为新记录导入 (会重新编号)",
		        nclash, im.r->unit, clash, nclash > 20 ? " 等" : "");
	else if (ok && ndiv)
		ok = errf(
		        err, errlen,
		        "数据包中有 %ld 条记录在本数据库和离线电脑上都被更正过 (两边的更正记录不同): %s%s。数据包未导入，"
		        "什么也没有改动：请核对后在一边重新更正",
		        ndiv, diverged, ndiv > 20 ? " 等" : "");
	ok = ok && numbers_follow_on(&im, true) && merge(&im);
	bool added = r->added || r->updated || r->changes || r->cases || r->steps || r->steps_voided ||
	             r->audit || r->other;
	if (ok && added) {
		char what[512];
		snprintf(what, sizeof what,
		         "%s (SHA-256 %.16s…, %s 于 %s 导出): 新增记录 %ld 条，更新 %ld 条，已有 %ld 条",
		         source, b->sha256, bundle_header(b, "by") ? bundle_header(b, "by") : "?",
		         bundle_header(b, "made") ? bundle_header(b, "made") : "?", r->added, r->updated,
		         r->same + r->older);
		ok = audit_add(a->db, a->user, "bundle.import", r->unit, NULL, what, err, errlen);
	}
	importer_free(&im);
	if (!ok || !added) {
		db_rollback(a->db, &tx);
		return ok;
	}
	return db_commit(a->db, &tx, err, errlen);
}
