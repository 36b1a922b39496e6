/* The add and correct jobs every record type shares on the command line
 * (nongjian add and correct, producer add and edit, sale add and
 * correct, inspect add and correct): a table a type names its form, its
 * usage lines and its own functions; the job itself is written once
 * (cli_record.c). The record is opaque here: CLI_RECORD_FUNCS and
 * CLI_RECORD_SAVE adapt a type's functions to the table. */
#ifndef NJ_CLI_RECORD_H
#define NJ_CLI_RECORD_H

#include "cli/cli.h"

typedef struct {
	const rectype *rt;
	const char *form;          /* its form's name */
	bool form_added;           /* a form added after databases were in use (app_form_loaded) */
	const char *add_usage;     /* add without key=value */
	const char *add_option;    /* an option of add without a value (--force), or NULL */
	const char *correct_usage; /* correct without the record and key=value, or without --reason */
	bool reason_optional;      /* correct may leave --reason out */
	const char *corrected;     /* what a correction is called when saved: 已更正 */
	int mistyped;              /* the exit status for a key=value that is not one (EXIT_USAGE) */
	/* The record (CLI_RECORD_OF): its size, T_init, T_free, its values,
	 * its version, T_load. */
	size_t size;
	void (*init)(void *r);
	void (*free)(void *r);
	char **(*values)(void *r);
	int (*version)(const void *r);
	bool (*load)(db_conn *db, long long id, void *r, char *err, size_t errlen);
	/* The id of the record an argument names (12, #12, a sample number, a
	 * producer's name); 0 after saying why there is none. */
	long long (*find)(app *a, const char *arg);
	/* key=value arguments into r (NULL: cli_assign); false after saying why. */
	bool (*assign)(const form_def *f, void *r, int argc, char **argv);
	/* What is asked before a new record is saved (NULL: nothing); false
	 * after saying why it is not saved. option: add_option was given. */
	bool (*ready)(app *a, const form_def *f, void *r, bool option);
	/* Save: a new record when reason is NULL, else a correction. */
	bool (*save)(app *a, const form_def *f, void *r, const char *reason, bool option, rec_error *e);
	/* The line saying it is saved: what is NULL for a new record, else
	 * "已更正 (第 2 版)". */
	void (*said)(const void *r, const char *what, bool option);
} cli_record_kind;

/* The form of k, or NULL after saying that the database lacks it. */
const form_def *cli_record_form(app *a, const cli_record_kind *k);
/* The record arg names (k->find) loaded into r (initialised); false
 * after saying why not. */
bool cli_load_record(app *a, const cli_record_kind *k, const char *arg, void *r);
/* add KEY=VALUE ... [add_option]: the form's defaults, the arguments, the
 * questions, the save, the line. */
int cli_add_record(app *a, int argc, char **argv, const cli_record_kind *k);
/* correct RECORD --reason TEXT KEY=VALUE ...: the record loaded, the
 * arguments applied, the correction saved. */
int cli_correct_record(app *a, int argc, char **argv, const cli_record_kind *k);

/* The adapters of record type T (T_init, T_free, T_load, members v and
 * version), named in a table by CLI_RECORD_OF(T). */
#define CLI_RECORD_FUNCS(T)                                                                    \
	static void T##_init_any(void *r) { T##_init(r); }                                     \
	static void T##_free_any(void *r) { T##_free(r); }                                     \
	static char **T##_values_any(void *r) { return ((T *)r)->v; }                          \
	static int T##_version_any(const void *r) { return ((const T *)r)->version; }          \
	static bool T##_load_any(db_conn *db, long long id, void *r, char *err, size_t errlen) \
	{                                                                                      \
		return T##_load(db, id, r, err, errlen);                                       \
	}
#define CLI_RECORD_OF(T)                                                                          \
	.size = sizeof(T), .init = T##_init_any, .free = T##_free_any, .values = T##_values_any, \
	.version = T##_version_any, .load = T##_load_any

/* The save of a table for a type whose insert and correct have the
 * signatures of sale_insert and sale_correct (add_option not used):
 *   CLI_RECORD_SAVE(save, sale, sale_insert, sale_correct) */
#define CLI_RECORD_SAVE(fn, T, insert, correct)                                                      \
	static bool fn(app *a, const form_def *f, void *r, const char *reason, bool option, rec_error *e) \
	{                                                                                            \
		(void)option;                                                                        \
		T *t = r;                                                                            \
		return reason ? correct(a->db, a->cfg, f, t, reason, &a->me, e)                      \
		              : insert(a->db, a->cfg, f, t, &a->me, e);                              \
	}

#endif
