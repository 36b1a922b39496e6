/* Record types as tables, in the spirit of tmux's options-table.c: one
 * array per record type (record/sample_table.h, record/producer_table.h)
 * whose rows name each field's key, column, type, default label and
 * flags. The shared record core (record.c) derives from a table what every
 * record type needs: the SQL (select, insert, update), the binds, the load
 * of a row into the value array, the history of changes ("field: old →
 * new"), the form checks every type shares, and key=value parsing. What is
 * left in sample.c and producer.c is each domain's own rules. See
 * HACKING.md for adding a field or a record type. No curses. */
#ifndef NJ_RECTYPE_H
#define NJ_RECTYPE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/codes.h"
#include "base/config.h"
#include "base/err.h"
#include "record/formdef.h"
#include "store/db.h"
#include "store/users.h"

typedef enum {
	RT_TEXT, /* TEXT; "" is stored as NULL */
	RT_DATE, /* TEXT YYYY-MM-DD */
	RT_REAL, /* REAL; as text without trailing zeros ("45.5") */
	RT_CODE, /* TEXT, a code of the field's code table; the value is its label */
	RT_FLAG, /* INTEGER 0/1; the value is 是/否 */
	RT_UNIT, /* unit_id, joined to units: the value is the town's name */
	RT_TOWN, /* TEXT, a town's full name (checked and completed like RT_UNIT) */
} rec_type;

enum {
	RF_IMPORTED = 1 << 0, /* an import file's column may fill it */
	RF_EXPORTED = 1 << 1, /* the export writes it (where the form shows it) */
	RF_KEPT = 1 << 2,     /* a correction keeps "field: old → new" in the history */
	RF_AUDITED = 1 << 3,  /* a correction names it in the audit trail's before/after */
	RF_ALL = RF_IMPORTED | RF_EXPORTED | RF_KEPT | RF_AUDITED,
	RF_LIST = 1 << 4,     /* a list: key=value given again on a command line adds an entry (；) */
	RF_IDCODE = 1 << 5,   /* an ID card number or credit code: normalised (idcode_normalise) before the checks */
};

typedef struct {
	int id;                  /* its enum value, = its row (record_check_table) */
	const char *key;         /* as in the forms (forms/sample.ini ...) and key=value */
	const char *column;      /* in the record's table */
	rec_type type;
	const char *label;       /* default label; the form's label wins */
	const code_label *codes; /* RT_CODE: what the value may be */
	unsigned flags;          /* RF_* */
} rec_field;

/* One row of a table; X-macro lists in the *_table.h files expand to it. */
#define REC_ROW(id, key, column, type, label, codes, flags) {id, key, column, type, label, codes, flags},
#define REC_ENUM(id, key, column, type, label, codes, flags) id,
#define REC_KEY(id, key, column, type, label, codes, flags) key,

/* A record type defined in one place from its X-macro field list: the
 * rows, the keys (NAME_keys, NULL-terminated, in field order) and the
 * rectype NAME_type with the named members given after the count:
 *   REC_TYPE_DEFINE(sample, SAMPLE_FIELDS, SF_COUNT, .table = "samples", ...);
 */
#define REC_TYPE_DEFINE(name, FIELDS, count, ...)                                    \
	static const rec_field name##_fields[count] = {FIELDS(REC_ROW)};               \
	const char *const name##_keys[count + 1] = {FIELDS(REC_KEY) NULL};             \
	const rectype name##_type = {.fields = name##_fields, .nfields = count,          \
	                             .keys = name##_keys, __VA_ARGS__}

typedef struct {
	const char *table;      /* samples */
	const char *alias;      /* s: its alias in SELECTs (units are u) */
	const char *changes;    /* sample_changes: the history table */
	const char *owner;      /* sample_id: the history's column naming the record */
	const char *example;    /* 镇街=土桥镇: shown when key=value is mistyped */
	const char *field_word; /* 字段: "不认识的字段" */
	const rec_field *fields;
	int nfields;
	const char *const *keys; /* NULL-terminated, in field order (form_load) */
} rectype;

/* What a record type's table header declares after its X-macro list:
 *   REC_TYPE_DECLARE(sample, SAMPLE_FIELDS, SF_COUNT);
 * the enum sample_field of the rows' ids (then SF_COUNT), sample_keys
 * (the keys in field order, NULL-terminated, for form_load) and
 * sample_type, which REC_TYPE_DEFINE defines in the table's .c file. */
#define REC_TYPE_DECLARE(name, FIELDS, count)                \
	typedef enum { FIELDS(REC_ENUM) count } name##_field; \
	extern const char *const name##_keys[];               \
	extern const rectype name##_type

/* The value-array functions every record struct T { ...; char *v[N]; }
 * has, defined in its domain file by one line:
 *   REC_RECORD_FUNCS(sample, SF_COUNT, sample_type)
 * T_init, T_free, T_reset (freed and as T_init left it, as a row loader
 * wants it), T_copy (deep), T_set (a copy of value), T_key_index and
 * T_label (the default label); REC_VALUE_FUNCS(T, count) the first five
 * alone, for a type with labels of its own. Needs <string.h> and
 * base/values.h. */
#define REC_VALUE_FUNCS(T, count)                                                             \
	void T##_init(T *r)                                                                   \
	{                                                                                     \
		memset(r, 0, sizeof *r);                                                      \
		values_init(r->v, count);                                                     \
	}                                                                                     \
	void T##_free(T *r) { values_free(r->v, count); }                                     \
	void T##_reset(T *r)                                                                  \
	{                                                                                     \
		T##_free(r);                                                                  \
		T##_init(r);                                                                  \
	}                                                                                     \
	void T##_copy(T *dst, const T *src)                                                   \
	{                                                                                     \
		T##_free(dst);                                                                \
		*dst = *src;                                                                  \
		values_dup(dst->v, src->v, count);                                            \
	}                                                                                     \
	void T##_set(T *r, int field, const char *value) { values_set(r->v, count, field, value); }
#define REC_RECORD_FUNCS(T, count, rtype)                                                     \
	REC_VALUE_FUNCS(T, count)                                                             \
	int T##_key_index(const char *key) { return rec_key_index(&rtype, key); }             \
	const char *T##_label(int field) { return rec_default_label(&rtype, field); }

/* A correction's start, for a record type with T_load(db, id, T *, err,
 * errlen), defined in its domain file by REC_BEGIN_SAVED(T):
 *   static bool T_begin_saved(db, tx, id, T *old, rec_error *e)
 * begins the write's transaction (rec_begin) and loads the record as saved
 * into old (initialised here). True: the transaction is open and old
 * loaded (T_free it); false: nothing is open, old holds nothing (do not
 * free it) and e says why. */
#define REC_BEGIN_SAVED(T)                                                                     \
	static bool T##_begin_saved(db_conn *db, db_tx *tx, long long id, T *old, rec_error *e) \
	{                                                                                      \
		char err[512];                                                                 \
		if (!rec_begin(db, tx, e))                                                     \
			return false;                                                          \
		T##_init(old);                                                                 \
		if (T##_load(db, id, old, err, sizeof err))                                    \
			return true;                                                           \
		T##_free(old);                                                                 \
		return rec_end(db, tx, false, err, sizeof err, e, -1);                         \
	}

/* The declarations of what REC_VALUE_FUNCS and REC_RECORD_FUNCS(T, ...)
 * define, for T's header. */
#define REC_VALUE_DECLS(T)                                \
	void T##_init(T *r);                              \
	void T##_free(T *r);                              \
	void T##_reset(T *r);                             \
	void T##_copy(T *dst, const T *src);              \
	void T##_set(T *r, int field, const char *value)
#define REC_RECORD_DECLS(T)                               \
	REC_VALUE_DECLS(T);                               \
	int T##_key_index(const char *key);               \
	const char *T##_label(int field) /* the default label */

/* A problem with a record: the field it is about (-1: none), whether a
 * correction was refused because someone else saved first, and the
 * message. */
typedef struct {
	int field;
	bool conflict;
	char msg[512];
} rec_error;

/* Set e (field and message) and return false. */
bool rec_fail(rec_error *e, int field, const char *fmt, ...) NJ_PRINTF(3, 4);

/* ---- fields ---- */
int rec_key_index(const rectype *rt, const char *key);          /* -1: none */
const char *rec_default_label(const rectype *rt, int field);    /* "" out of range */
/* The form's label for field (f may be NULL), else the default one. */
const char *rec_label(const rectype *rt, const form_def *f, int field);
/* A field named by key, by the form's label or by the default label. */
int rec_field_named(const rectype *rt, const form_def *f, const char *name);
/* Apply one KEY=VALUE argument (key or label); false with a message. */
bool rec_assign(const rectype *rt, const form_def *f, char **v, const char *arg,
                char *err, size_t errlen);
/* Fill v with the form's defaults ("today" resolved). */
void rec_defaults(const rectype *rt, const form_def *f, char **v);

/* ---- checks ---- */
/* Each active field of the form through field_check, inactive ones
 * emptied, unconditional fields first so that "when" conditions see
 * clean values; numbers in canonical text, towns by their full name,
 * codes by a label of their table. get/ctx read values for "when". */
bool rec_check_form(const config *c, const rectype *rt, const form_def *form, char **v,
                    form_value_fn get, void *ctx, rec_error *e);
/* The start of a record's checks: e cleared (no field, no message, no
 * conflict), every value trimmed and the RF_IDCODE ones normalised. */
void rec_check_start(const rectype *rt, char **v, rec_error *e);
/* Every value storable text (text.h). */
bool rec_check_text(const rectype *rt, char *const *v, rec_error *e);

/* ---- SQL ---- */
/* Build SQL from a template. Besides plain text it may name, for every
 * field in table order:
 *   {select}  alias.column (the town: u.name)
 *   {columns} column
 *   {values}  ?(base+1), ... ?(base+n)
 *   {set}     column = ?(base+1), ...
 * Built once into buf (static storage, so db_cached can key on it). */
const char *rec_sql(const rectype *rt, char *buf, size_t buflen, const char *tmpl, int base);
/* Bind field i's value to parameter idx (unit: the town's units.id). */
void rec_bind(db_stmt *st, int idx, const rectype *rt, int i, const char *value, long long unit);
/* Bind every field to ?(base+1).. as {values} and {set} number them. */
void rec_bind_all(db_stmt *st, int base, const rectype *rt, char *const *v, long long unit);
/* Load every field from columns col.. as {select} lists them. */
void rec_load(db_stmt *st, int col, const rectype *rt, char **v);
/* Fill a record from a statement's row (its own columns and rec_load). */
typedef void (*rec_row_fn)(db_stmt *st, void *record);
/* Run sql with the id as its one parameter and fill the record from its
 * row. 1: loaded; 0: no such row (err untouched: the caller names what
 * is missing); -1: a read error (err: failed and the explanation). */
int rec_load_id(db_conn *db, const char *sql, long long id, rec_row_fn fill, void *record,
                const char *failed, char *err, size_t errlen);
/* A column's text, "" for NULL. */
const char *rec_text(db_stmt *st, int col);
/* A fixed-size member a text is copied into: REC_BUF(e->detail). */
typedef struct {
	char *buf;
	size_t len;
} rec_buf;
#define REC_BUF(member) {(member), sizeof (member)}
/* Columns first, first + 1, ... as rec_text copied (text_copy: cut at a
 * character) into the n members to[], in column order;
 * REC_COPY_TEXTS(st, 4, REC_BUF(e->detail), REC_BUF(e->since)) names them
 * in place (DB_COLUMN_TEXTS for pointer members). */
void rec_copy_texts(db_stmt *st, int first, const rec_buf *to, int n);
#define REC_COPY_TEXTS(st, first, ...)                                                       \
	rec_copy_texts(st, first, (const rec_buf[]){__VA_ARGS__},                              \
	               (int)(sizeof (const rec_buf[]){__VA_ARGS__} / sizeof(rec_buf)))

/* ---- stamps ---- */
/* Who wrote a record and when: the members of every record struct with a
 * history (REC_STAMP_MEMBERS;), and of its columns of the same names. */
enum { REC_AT_LEN = 24, REC_BY_LEN = 64 };
#define REC_STAMP_MEMBERS \
	char created_at[REC_AT_LEN], created_by[REC_BY_LEN], updated_at[REC_AT_LEN], updated_by[REC_BY_LEN]
typedef struct {
	char *created_at, *created_by, *updated_at, *updated_by;
} rec_stamps;
/* The stamps of a record r (a pointer to a struct with REC_STAMP_MEMBERS). */
#define REC_STAMPS(r) ((rec_stamps){(r)->created_at, (r)->created_by, (r)->updated_at, (r)->updated_by})
/* From the four columns from col: created_at, created_by, updated_at, updated_by. */
void rec_load_stamps(db_stmt *st, int col, rec_stamps s);
/* Saved new at at by by (never corrected yet). */
void rec_stamp_created(rec_stamps s, const char *at, const char *by);
/* Saved again (a correction) at at by by. */
void rec_stamp_updated(rec_stamps s, const char *at, const char *by);

/* ---- history ---- */
typedef struct {
	int version;
	const char *at, *by, *reason, *field, *old_value, *new_value;
} rec_change;
typedef void (*rec_change_fn)(void *ctx, const rec_change *ch);

bool rec_add_change(db_conn *db, const rectype *rt, long long id, const rec_change *ch,
                    char *err, size_t errlen);
/* The audit trail's before/after text of a correction. */
typedef struct {
	char before[1024], after[1024];
} rec_audit;
/* A history row for each RF_KEPT field that differs between old and now
 * (version, at, by and reason from ch); audit (may be NULL) collects the
 * RF_AUDITED ones. Returns how many fields changed, -1 on an error. */
int rec_keep_changes(db_conn *db, const rectype *rt, long long id, const rec_change *ch,
                     char *const *old, char *const *now, rec_audit *audit, char *err, size_t errlen);
/* A column a correction sets beside the record's fields (a verdict, a
 * linked id): text when text is not NULL, else number, or NULL when
 * null is set. */
typedef struct {
	const char *column;
	const char *text;
	long long number;
	bool null;
} rec_column;
/* What an insert writes: created_at and created_by, the other columns
 * (extra, as a correction's), then the fields; failed is the message when
 * it fails (保存巡查记录失败). */
typedef struct {
	const char *at, *by;
	const rec_column *extra;
	int nextra;
	char *const *v;
	long long unit;
	const char *failed;
} rec_new;
/* INSERT INTO table(created_at, created_by, the extra columns, {columns}),
 * inside the caller's transaction (sql: the caller's static buffer for the
 * statement, built the first time and kept prepared). Returns the new id,
 * 0 on an error. */
long long rec_insert(db_conn *db, const rectype *rt, char *sql, size_t sqllen, const rec_new *n,
                     char *err, size_t errlen);
/* What a correction writes: the record (id, the version it was loaded
 * at), ch (version old_version + 1, at, by, reason), the values before and
 * now, the town's unit, audit (may be NULL) and the other columns. */
typedef struct {
	long long id;
	int old_version;
	rec_change ch;
	char *const *old, *const *now;
	long long unit;
	rec_audit *audit;
	const rec_column *extra;
	int nextra;
	const rec_change *more; /* history rows besides the fields' (a verdict), written before the UPDATE */
	int nmore;
	const char *unchanged; /* put in err when no field changed ("没有任何改动，无需更正") */
	const char *failed;    /* the message when the UPDATE fails; NULL: 保存更正失败 */
} rec_correction;
/* The write of a correction every record type with a version and
 * updated_at/updated_by columns shares, inside the caller's transaction:
 * the history rows (as rec_keep_changes, then c->more), then UPDATE table SET version,
 * updated_at, updated_by, the extra columns, {set} WHERE id and
 * old_version (sql: the caller's static buffer for the statement, built
 * the first time). Returns how many fields changed (0: nothing written,
 * err says c->unchanged), -1 on an error (also a row changed meanwhile). */
int rec_write_correction(db_conn *db, const rectype *rt, char *sql, size_t sqllen, const rec_correction *c,
                         char *err, size_t errlen);
/* Void a record of a table with status 'valid'/'void' and void_reason:
 * the history row "status: 有效 → 作废" (version old_version + 1, reason),
 * then the UPDATE, inside the caller's transaction. */
bool rec_write_void(db_conn *db, const rectype *rt, long long id, int old_version, const rec_change *ch,
                    char *err, size_t errlen);
/* Begin a write's transaction; e says why it could not. */
bool rec_begin(db_conn *db, db_tx *tx, rec_error *e);
/* A change of a record's columns beside its fields (a producer's rating),
 * inside the caller's transaction: UPDATE table SET the columns, version
 * + 1, updated_at = at, updated_by = by WHERE id. No history row (the
 * caller keeps its own); failed: the message when it changes no row. */
bool rec_touch(db_conn *db, const rectype *rt, long long id, const rec_column *set, int nset, const char *at,
               const char *by, const char *failed, char *err, size_t errlen);
/* End a write's transaction: committed when ok, else rolled back with
 * e set to err (about field); a failed commit sets e too. Returns whether
 * the write is saved. */
bool rec_end(db_conn *db, db_tx *tx, bool ok, char *err, size_t errlen, rec_error *e, int field);
/* What is wrong with the reason for a correction or a void: NULL when it
 * is fine; "必须填写" when empty or only spaces (also U+3000); else
 * text_check's complaint. */
const char *rec_reason_problem(const char *reason);
/* The start of a void: the reason checked (rec_reason_problem, "作废原因…"),
 * then the transaction begun. */
bool rec_void_begin(db_conn *db, db_tx *tx, const char *reason, char *err, size_t errlen);
/* A record as loaded inside a void's or a correction's transaction. */
typedef struct {
	const char *name;   /* in messages: "记录 2026-土桥-0001", "巡查 12 …" */
	const char *entity; /* the audit row's entity (a void) */
	const char *action; /* the audit row's action: "sample.void" (a void) */
	const char *town;
	int version;
	bool voided;
	const char *updated_by, *updated_at;
} rec_void_target;
/* The checks every correction of a record with a town shares, inside its
 * transaction after the load of t as saved: refused when void, when the
 * login may not write the town, or when version (the one corrected) is
 * not the saved one (then e->conflict is set). err says why. */
bool rec_correct_checked(const rec_void_target *t, int version, const account *who, rec_error *e,
                         char *err, size_t errlen);
/* The void every record type with a town shares, inside the caller's
 * transaction, after the load of t: refused when already void, when the
 * login may not write the town or when version (0: any) is not the one
 * loaded; then the audit row and rec_write_void. */
bool rec_void_checked(db_conn *db, const rectype *rt, long long id, int version, const rec_void_target *t,
                      const rec_change *ch, const account *who, char *err, size_t errlen);
/* The history of a record, oldest first. */
bool rec_history(db_conn *db, const rectype *rt, long long id, rec_change_fn fn, void *ctx,
                 char *err, size_t errlen);

/* Does every row sit at its enum value? (unit tests) */
bool rec_table_ok(const rectype *rt);

#endif
