/* The shared record core (rectype.h): everything a record type gets from
 * its table. */
#include "record/rectype.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idcode.h"
#include "base/text.h"
#include "base/values.h"
#include "store/audit.h"
#include "store/db.h"

bool rec_fail(rec_error *e, int field, const char *fmt, ...)
{
	e->field = field;
	ERRF_ARGS(e->msg, sizeof e->msg, fmt);
	return false;
}

int rec_key_index(const rectype *rt, const char *key)
{
	return values_index(rt->keys, key);
}

const char *rec_default_label(const rectype *rt, int field)
{
	return field >= 0 && field < rt->nfields ? rt->fields[field].label : "";
}

const char *rec_label(const rectype *rt, const form_def *f, int field)
{
	int i = f && field >= 0 && field < rt->nfields ? form_index(f, rt->fields[field].key) : -1;
	return i >= 0 ? f->fields[i].label : rec_default_label(rt, field);
}

int rec_field_named(const rectype *rt, const form_def *f, const char *name)
{
	int k = rec_key_index(rt, name);
	if (k >= 0)
		return k;
	for (int i = 0; f && i < f->nfields; i++)
		if (strcmp(f->fields[i].label, name) == 0)
			return rec_key_index(rt, f->fields[i].key);
	for (k = 0; k < rt->nfields; k++)
		if (strcmp(rt->fields[k].label, name) == 0)
			return k;
	return -1;
}

bool rec_assign(const rectype *rt, const form_def *f, char **v, const char *arg,
                char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return errf(err, errlen, "参数 \"%s\" 应写成 键=值，如 %s", arg, rt->example);
	char *key = xstrdup(arg);
	key[eq - arg] = '\0';
	int k = rec_field_named(rt, f, key);
	free(key);
	if (k < 0) {
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
		return errf(err, errlen, "不认识的%s \"%s\"，可用的字段见 nongjian --help", rt->field_word, name);
	}
	values_set(v, rt->nfields, k, eq + 1);
	return true;
}

void rec_defaults(const rectype *rt, const form_def *f, char **v)
{
	for (int i = 0; i < f->nfields; i++) {
		char def[256];
		field_default(&f->fields[i], def, sizeof def);
		values_set(v, rt->nfields, rec_key_index(rt, f->fields[i].key), def);
	}
}

/* "A、B或C" from a code table's labels. */
static void list_labels(const code_label *t, char *out, size_t outlen)
{
	size_t used = 0;
	out[0] = '\0';
	for (int k = 0; t[k].code && used + 1 < outlen; k++) {
		const char *sep = k == 0 ? "" : t[k + 1].code ? "、" : "或";
		int n = snprintf(out + used, outlen - used, "%s%s", sep, t[k].label);
		used += n > 0 ? (size_t)n : 0;
	}
}

static bool check_one(const config *c, const rectype *rt, const field_def *fd, int f, char **v,
                      rec_error *e)
{
	char out[1024], msg[512];
	if (!field_check(fd, v[f], out, sizeof out, msg, sizeof msg))
		return rec_fail(e, f, "%s", msg);
	const rec_field *rf = &rt->fields[f];
	if (*out && rf->type == RT_REAL) {
		char num[64];
		values_format_number(strtod(out, NULL), num, sizeof num);
		text_copy(out, sizeof out, num);
	}
	if (*out && (rf->type == RT_UNIT || rf->type == RT_TOWN)) {
		const town_def *t = config_town(c, out);
		if (!t)
			return rec_fail(e, f, "未知镇街 \"%s\"：请输入名称的一部分并从候选中选择", out);
		text_copy(out, sizeof out, t->name);
	}
	if (*out && rf->type == RT_CODE) {
		int k = codes_by_label(rf->codes, out);
		if (k < 0) {
			char labels[512];
			list_labels(rf->codes, labels, sizeof labels);
			return rec_fail(e, f, "%s \"%s\" 无效：应为%s", rf->label, out, labels);
		}
		text_copy(out, sizeof out, codes_label(rf->codes, k)); /* an old label read as today's */
	}
	values_set(v, rt->nfields, f, out);
	return true;
}

bool rec_check_form(const config *c, const rectype *rt, const form_def *form, char **v,
                    form_value_fn get, void *ctx, rec_error *e)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < form->nfields; i++) {
			const field_def *fd = &form->fields[i];
			if ((fd->when_key != NULL) != (pass == 1))
				continue;
			int f = rec_key_index(rt, fd->key);
			if (!form_field_active(form, i, get, ctx)) {
				values_set(v, rt->nfields, f, "");
				continue;
			}
			if (!check_one(c, rt, fd, f, v, e))
				return false;
		}
	}
	return true;
}

void rec_check_start(const rectype *rt, char **v, rec_error *e)
{
	e->field = -1;
	e->msg[0] = '\0';
	e->conflict = false;
	for (int i = 0; i < rt->nfields; i++) {
		text_trim(v[i]);
		if (rt->fields[i].flags & RF_IDCODE)
			idcode_normalise(v[i]);
	}
}

bool rec_check_text(const rectype *rt, char *const *v, rec_error *e)
{
	for (int f = 0; f < rt->nfields; f++) {
		const char *bad = text_check(v[f]);
		if (bad)
			return rec_fail(e, f, "%s%s", rt->fields[f].label, bad);
	}
	return true;
}

/* ---- SQL ---- */

typedef struct {
	char *buf;
	size_t len, used;
} sqlbuf;

static void put(sqlbuf *b, const char *fmt, ...) NJ_PRINTF(2, 3);
static void put(sqlbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->buf + b->used, b->len - b->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->len - b->used) {
		/* The templates are constants of the program: a table that does
		 * not fit is a programming error, found by the first test. */
		fprintf(stderr, "nongjian: SQL of %s too long\n", b->buf);
		abort();
	}
	b->used += (size_t)n;
}

static const char *column_of(const rec_field *f)
{
	return f->type == RT_UNIT ? "unit_id" : f->column;
}

const char *rec_sql(const rectype *rt, char *buf, size_t buflen, const char *tmpl, int base)
{
	if (buf[0])
		return buf;
	sqlbuf b = {buf, buflen, 0};
	for (const char *p = tmpl; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		size_t n = close ? (size_t)(close - p + 1) : 1;
		for (int i = 0; close && i < rt->nfields; i++) {
			const rec_field *f = &rt->fields[i];
			const char *sep = i ? ", " : "";
			if (strncmp(p, "{select}", n) == 0 && f->type == RT_UNIT)
				put(&b, "%su.name", sep);
			else if (strncmp(p, "{select}", n) == 0)
				put(&b, "%s%s.%s", sep, rt->alias, f->column);
			else if (strncmp(p, "{columns}", n) == 0)
				put(&b, "%s%s", sep, column_of(f));
			else if (strncmp(p, "{values}", n) == 0)
				put(&b, "%s?%d", sep, base + 1 + i);
			else if (strncmp(p, "{set}", n) == 0)
				put(&b, "%s%s = ?%d", sep, column_of(f), base + 1 + i);
		}
		if (!close)
			put(&b, "%c", *p);
		p += n;
	}
	return buf;
}

void rec_bind(db_stmt *st, int idx, const rectype *rt, int i, const char *value, long long unit)
{
	const rec_field *f = &rt->fields[i];
	if (f->type == RT_UNIT)
		db_bind_int64(st, idx, unit);
	else if (f->type == RT_FLAG)
		db_bind_int(st, idx, strcmp(value, "是") == 0);
	else if (!*value)
		db_bind_null(st, idx);
	else if (f->type == RT_REAL)
		db_bind_double(st, idx, strtod(value, NULL));
	else if (f->type == RT_CODE)
		db_bind_text(st, idx, codes_code(f->codes, codes_by_label(f->codes, value)));
	else
		db_bind_text(st, idx, value);
}

void rec_bind_all(db_stmt *st, int base, const rectype *rt, char *const *v, long long unit)
{
	for (int i = 0; i < rt->nfields; i++)
		rec_bind(st, base + 1 + i, rt, i, v[i], unit);
}

int rec_load_id(db_conn *db, const char *sql, long long id, rec_row_fn fill, void *record,
                const char *failed, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		fill(st, record);
	else if (rc != DB_DONE)
		db_error(db, failed, err, errlen);
	db_finalize(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

const char *rec_text(db_stmt *st, int col)
{
	const char *t = db_column_text(st, col);
	return t ? t : "";
}

void rec_copy_texts(db_stmt *st, int first, const rec_buf *to, int n)
{
	for (int i = 0; i < n; i++)
		text_copy(to[i].buf, to[i].len, rec_text(st, first + i));
}

void rec_load_stamps(db_stmt *st, int col, rec_stamps s)
{
	rec_copy_texts(st, col, (const rec_buf[]){{s.created_at, REC_AT_LEN}, {s.created_by, REC_BY_LEN},
	                                          {s.updated_at, REC_AT_LEN}, {s.updated_by, REC_BY_LEN}}, 4);
}

void rec_stamp_created(rec_stamps s, const char *at, const char *by)
{
	text_copy(s.created_at, REC_AT_LEN, at);
	text_copy(s.created_by, REC_BY_LEN, by);
	s.updated_at[0] = s.updated_by[0] = '\0';
}

void rec_stamp_updated(rec_stamps s, const char *at, const char *by)
{
	text_copy(s.updated_at, REC_AT_LEN, at);
	text_copy(s.updated_by, REC_BY_LEN, by);
}

void rec_load(db_stmt *st, int col, const rectype *rt, char **v)
{
	for (int i = 0; i < rt->nfields; i++, col++) {
		const rec_field *f = &rt->fields[i];
		char num[64];
		const char *value;
		if (f->type == RT_FLAG)
			value = db_column_int(st, col) ? "是" : "否";
		else if (db_column_type(st, col) == DB_NULL)
			value = "";
		else if (f->type == RT_REAL) {
			values_format_number(db_column_double(st, col), num, sizeof num);
			value = num;
		} else if (f->type == RT_CODE)
			value = codes_label(f->codes, codes_by_code(f->codes, rec_text(st, col)));
		else
			value = rec_text(st, col);
		values_set(v, rt->nfields, i, value);
	}
}

/* ---- history ---- */

/* The history table's two statements, the record's id bound: the INSERT
 * of one change (the rest of its parameters after the id), or the SELECT
 * of the record's changes in order. */
static db_stmt *history_stmt(db_conn *db, const rectype *rt, bool insert, long long id, char *err,
                                  size_t errlen)
{
	char sql[256];
	if (insert)
		snprintf(sql, sizeof sql,
		         "INSERT INTO %s(%s, version, changed_at, changed_by, field, reason, old_value, new_value)"
		         " VALUES (?,?,?,?,?,?,?,?)", rt->changes, rt->owner);
	else
		snprintf(sql, sizeof sql,
		         "SELECT version, changed_at, changed_by, reason, field, old_value, new_value"
		         " FROM %s WHERE %s = ? ORDER BY version, id", rt->changes, rt->owner);
	return db_prepare_id(db, sql, id, err, errlen);
}

bool rec_add_change(db_conn *db, const rectype *rt, long long id, const rec_change *ch,
                    char *err, size_t errlen)
{
	db_stmt *st = history_stmt(db, rt, true, id, err, errlen);
	if (!st)
		return false;
	db_bind_int(st, 2, ch->version);
	DB_BIND_TEXTS(st, 3, ch->at, ch->by, ch->field);
	DB_BIND_TEXTS_OR_NULL(st, 6, ch->reason, ch->old_value, ch->new_value);
	bool ok = db_run(db, st, "写入修改记录失败", err, errlen);
	db_finalize(st);
	return ok;
}

/* Append "label: value" to an audit text, "; " between. */
static void audit_put(char *buf, size_t len, const char *label, const char *value)
{
	size_t used = strlen(buf);
	int n = snprintf(buf + used, len - used, "%s%s: %s", used ? "; " : "", label, value);
	if (n < 0 || used + (size_t)n >= len)
		buf[used] = '\0'; /* does not fit: left out whole */
}

int rec_keep_changes(db_conn *db, const rectype *rt, long long id, const rec_change *ch,
                     char *const *old, char *const *now, rec_audit *audit, char *err, size_t errlen)
{
	int changed = 0;
	for (int i = 0; i < rt->nfields; i++) {
		const rec_field *f = &rt->fields[i];
		if (strcmp(old[i], now[i]) == 0)
			continue;
		changed++;
		rec_change one = *ch;
		one.field = f->key;
		one.old_value = old[i];
		one.new_value = now[i];
		if ((f->flags & RF_KEPT) && !rec_add_change(db, rt, id, &one, err, errlen))
			return -1;
		if (audit && (f->flags & RF_AUDITED)) {
			audit_put(audit->before, sizeof audit->before, f->label, old[i]);
			audit_put(audit->after, sizeof audit->after, f->label, now[i]);
		}
	}
	return changed;
}

/* Bind the extra columns to ?(first).. */
static void bind_columns(db_stmt *st, int first, const rec_column *x, int n)
{
	for (int i = 0; i < n; i++, x++) {
		if (x->text)
			db_bind_text(st, first + i, x->text);
		else if (x->null)
			db_bind_null(st, first + i);
		else
			db_bind_int64(st, first + i, x->number);
	}
}

long long rec_insert(db_conn *db, const rectype *rt, char *sql, size_t sqllen, const rec_new *n,
                     char *err, size_t errlen)
{
	int base = 2 + n->nextra;
	if (!sql[0]) {
		char tmpl[512];
		sqlbuf b = {tmpl, sizeof tmpl, 0};
		put(&b, "INSERT INTO %s(created_at, created_by, ", rt->table);
		for (int i = 0; i < n->nextra; i++)
			put(&b, "%s, ", n->extra[i].column);
		put(&b, "{columns}) VALUES (?1, ?2, ");
		for (int i = 0; i < n->nextra; i++)
			put(&b, "?%d, ", 3 + i);
		put(&b, "{values})");
		rec_sql(rt, sql, sqllen, tmpl, base);
	}
	db_stmt *st = db_cached(db, sql, err, errlen);
	if (!st)
		return 0;
	db_bind_text(st, 1, n->at);
	db_bind_text(st, 2, n->by);
	bind_columns(st, 3, n->extra, n->nextra);
	rec_bind_all(st, base, rt, n->v, n->unit);
	bool ok = db_step(st) == DB_DONE;
	if (!ok)
		db_error(db, n->failed, err, errlen);
	db_done(st);
	return ok ? db_last_insert_id(db) : 0;
}

int rec_write_correction(db_conn *db, const rectype *rt, char *sql, size_t sqllen, const rec_correction *c,
                         char *err, size_t errlen)
{
	int changed = rec_keep_changes(db, rt, c->id, &c->ch, c->old, c->now, c->audit, err, errlen);
	if (changed == 0 && c->unchanged)
		snprintf(err, errlen, "%s", c->unchanged);
	if (changed <= 0)
		return changed;
	for (int i = 0; i < c->nmore; i++)
		if (!rec_add_change(db, rt, c->id, &c->more[i], err, errlen))
			return -1;
	int base = 5 + c->nextra;
	if (!sql[0]) {
		char tmpl[512];
		int n = snprintf(tmpl, sizeof tmpl, "UPDATE %s SET version = ?1, updated_at = ?2, updated_by = ?3, ",
		                 rt->table);
		for (int i = 0; i < c->nextra && n > 0 && (size_t)n < sizeof tmpl; i++)
			n += snprintf(tmpl + n, sizeof tmpl - (size_t)n, "%s = ?%d, ", c->extra[i].column, 6 + i);
		if (n > 0 && (size_t)n < sizeof tmpl)
			snprintf(tmpl + n, sizeof tmpl - (size_t)n, "{set} WHERE id = ?4 AND version = ?5");
		rec_sql(rt, sql, sqllen, tmpl, base);
	}
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (!st)
		return -1;
	db_bind_int(st, 1, c->ch.version);
	db_bind_text(st, 2, c->ch.at);
	db_bind_text(st, 3, c->ch.by);
	db_bind_int64(st, 4, c->id);
	db_bind_int(st, 5, c->old_version);
	bind_columns(st, 6, c->extra, c->nextra);
	rec_bind_all(st, base, rt, c->now, c->unit);
	bool ok = db_step(st) == DB_DONE && db_changes(db) == 1;
	if (!ok)
		db_error(db, c->failed ? c->failed : "保存更正失败", err, errlen);
	db_finalize(st);
	return ok ? changed : -1;
}

bool rec_write_void(db_conn *db, const rectype *rt, long long id, int old_version, const rec_change *ch,
                    char *err, size_t errlen)
{
	rec_change one = *ch;
	one.field = "status";
	one.old_value = "有效";
	one.new_value = "作废";
	if (!rec_add_change(db, rt, id, &one, err, errlen))
		return false;
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE %s SET status = 'void', void_reason = ?1, updated_at = ?2, updated_by = ?3,"
	         " version = ?4 WHERE id = ?5 AND version = ?6", rt->table);
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (!st)
		return false;
	DB_BIND_TEXTS(st, 1, ch->reason, ch->at, ch->by);
	db_bind_int(st, 4, ch->version);
	db_bind_int64(st, 5, id);
	db_bind_int(st, 6, old_version);
	bool ok = db_step(st) == DB_DONE && db_changes(db) == 1;
	if (!ok)
		db_error(db, "作废失败", err, errlen);
	db_finalize(st);
	return ok;
}

bool rec_touch(db_conn *db, const rectype *rt, long long id, const rec_column *set, int nset, const char *at,
               const char *by, const char *failed, char *err, size_t errlen)
{
	char sql[512];
	sqlbuf b = {sql, sizeof sql, 0};
	put(&b, "UPDATE %s SET ", rt->table);
	for (int i = 0; i < nset; i++)
		put(&b, "%s = ?%d, ", set[i].column, 4 + i);
	put(&b, "version = version + 1, updated_at = ?2, updated_by = ?3 WHERE id = ?1");
	db_stmt *st = db_prepare(db, sql, err, errlen);
	if (!st)
		return false;
	db_bind_int64(st, 1, id);
	DB_BIND_TEXTS(st, 2, at, by);
	bind_columns(st, 4, set, nset);
	bool ok = db_step(st) == DB_DONE && db_changes(db) == 1;
	if (!ok)
		db_error(db, failed, err, errlen);
	db_finalize(st);
	return ok;
}

bool rec_begin(db_conn *db, db_tx *tx, rec_error *e)
{
	char err[512];
	return db_begin(db, tx, err, sizeof err) || rec_fail(e, -1, "%s", err);
}

bool rec_end(db_conn *db, db_tx *tx, bool ok, char *err, size_t errlen, rec_error *e, int field)
{
	if (!ok) {
		db_rollback(db, tx);
		return rec_fail(e, field, "%s", err);
	}
	return db_commit(db, tx, err, errlen) || rec_fail(e, -1, "%s", err);
}

const char *rec_reason_problem(const char *reason)
{
	const char *p = reason ? reason : "";
	while (*p == ' ' || *p == '\t' || strncmp(p, "\xE3\x80\x80", 3) == 0) /* spaces, U+3000 */
		p += *p == ' ' || *p == '\t' ? 1 : 3;
	return *p ? text_check(reason) : "必须填写";
}

bool rec_void_begin(db_conn *db, db_tx *tx, const char *reason, char *err, size_t errlen)
{
	const char *bad = rec_reason_problem(reason);
	if (bad)
		return errf(err, errlen, "作废原因%s", bad);
	return db_begin(db, tx, err, errlen);
}

bool rec_void_checked(db_conn *db, const rectype *rt, long long id, int version, const rec_void_target *t,
                      const rec_change *ch, const account *who, char *err, size_t errlen)
{
	if (t->voided)
		return errf(err, errlen, "%s 已经作废", t->name);
	const char *no = user_may_write_town(who, t->town);
	if (no)
		return errf(err, errlen, "%s", no);
	if (version && t->version != version)
		return errf(err, errlen, "%s 已被 %s 修改，请重新打开后再操作", t->name, t->updated_by);
	return audit_add(db, ch->by, t->action, t->entity, "有效", ch->reason, err, errlen) &&
	       rec_write_void(db, rt, id, t->version, ch, err, errlen);
}

bool rec_correct_checked(const rec_void_target *t, int version, const account *who, rec_error *e,
                         char *err, size_t errlen)
{
	if (t->voided)
		return errf(err, errlen, "%s 已作废，不能更正", t->name);
	const char *no = user_may_write_town(who, t->town);
	if (no)
		return errf(err, errlen, "%s", no);
	if (t->version != version) {
		e->conflict = true;
		return errf(err, errlen, "%s 已被 %s 在 %s 修改 (第 %d 版)，请重新打开查看后再更正", t->name,
		            t->updated_by, t->updated_at, t->version);
	}
	return true;
}

bool rec_history(db_conn *db, const rectype *rt, long long id, rec_change_fn fn, void *ctx,
                 char *err, size_t errlen)
{
	db_stmt *st = history_stmt(db, rt, false, id, err, errlen);
	if (!st)
		return false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		rec_change ch = {.version = db_column_int(st, 0)};
		DB_COLUMN_TEXTS(st, 1, &ch.at, &ch.by, &ch.reason, &ch.field, &ch.old_value, &ch.new_value);
		fn(ctx, &ch);
	}
	return db_finish(db, st, rc, "读取修改记录失败", err, errlen);
}

bool rec_table_ok(const rectype *rt)
{
	for (int i = 0; i < rt->nfields; i++)
		if (rt->fields[i].id != i || !rt->keys[i] || strcmp(rt->keys[i], rt->fields[i].key) != 0)
			return false;
	return rt->keys[rt->nfields] == NULL;
}
