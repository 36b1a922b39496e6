/* The command-line jobs (everything the screens do, for scripts, cron
 * and tests). Each returns the process exit status. */
#ifndef NJ_CLI_H
#define NJ_CLI_H

#include "app/app.h"
#include "record/rectype.h"

/* A job: the arguments after its name; the process exit status. */
typedef int cli_job(app *a, int argc, char **argv);

/* The jobs main.c names, each in the cli_*.c file of its topic (init, add,
 * show, correct and void in cli.c; export, import and template in
 * cli_transfer.c; import run FILE is cli_import_run in cli_run.c). */
cli_job cli_init, cli_add, cli_show, cli_correct, cli_void, cli_export, cli_import, cli_template, cli_quota,
	cli_report, cli_target, cli_followup, cli_user, cli_audit, cli_settings, cli_producer, cli_rate,
	cli_blacklist, cli_lookup, cli_backup, cli_check, cli_inspect, cli_sale, cli_coverage, cli_certificate,
	cli_brand, cli_bundle, cli_run, cli_import_run, cli_migrate_to /* cli_migrate.c */;

/* producer show: the producer's purchases of restricted pesticides (the
 * buyer linked by ID number or credit code), newest 50; nothing printed
 * when there are none. */
bool cli_sale_purchases(app *a, long long producer_id, char *err, size_t errlen);
/* followup show: restricted-pesticide purchases of the previous 90 days
 * by the sample's producer or in its village (ledger/salelist.h); false
 * after printing a database error. */
bool cli_sale_related(app *a, long long sample_id);
/* The 检打联动 cases of a producer, for producer show (cli_followup.c). */
bool cli_followup_cases(app *a, long long producer_id, char *err, size_t errlen);

/* Pull "NAME VALUE" out of argv; returns the value or NULL. */
const char *cli_take(int *argc, char **argv, const char *name);
/* The same, and *bad set when NAME is there without a value. */
const char *cli_take_value(int *argc, char **argv, const char *name, bool *bad);
/* Pull every "NAME" (an option without a value, --force) out of argv;
 * true when there was one. */
bool cli_take_flag(int *argc, char **argv, const char *name);
/* Pull "--reason TEXT" out of argv; returns the reason or NULL. */
const char *cli_take_reason(int *argc, char **argv);

/* The "void NUMBER --reason TEXT" job every record type shares: find
 * names the record the argument means (its id, version and the name the
 * job prints: "#12", "2026-土桥-0001"; false after saying why), run is the
 * domain's void. */
typedef struct {
	const char *usage;
	bool (*find)(app *a, const char *arg, long long *id, int *version, char *name, size_t namelen);
	bool (*run)(db_conn *db, long long id, int version, const char *reason, const account *who, char *err,
	            size_t errlen);
} cli_void_kind;
int cli_void_record(app *a, int argc, char **argv, const cli_void_kind *k);
/* The find of a cli_void_kind for a record type T (T_init, T_free, id,
 * version), defined by one line: load(a, arg, &r) loads the record named
 * by the argument (false after saying why) and the rest is the
 * snprintf format and arguments of its name, of r:
 *   CLI_VOID_FIND(find, sale, load_no, "#%lld", r.id) */
#define CLI_VOID_FIND(fn, T, load, ...)                                                                \
	static bool fn(app *a, const char *arg, long long *id, int *version, char *name, size_t namelen) \
	{                                                                                              \
		T r;                                                                                   \
		T##_init(&r);                                                                          \
		bool ok = load(a, arg, &r);                                                            \
		*id = r.id;                                                                            \
		*version = r.version;                                                                  \
		snprintf(name, namelen, __VA_ARGS__);                                                  \
		T##_free(&r);                                                                          \
		return ok;                                                                             \
	}

/* What every record's show ends with: its state (有效, or 作废 with the
 * reason) and who entered it when; then, when version > 1, the heading
 * "更正记录" and its history through fn (a line each: cli_change_line). */
void cli_show_state(bool voided, const char *void_reason, const char *created_by, const char *created_at);
void cli_show_history(app *a, const rectype *rt, long long id, int version, rec_change_fn fn, void *ctx);
/* One change of a record's history: what (the field's label), old and
 * new as shown. */
void cli_change_line(const rec_change *ch, const char *what, const char *old_value, const char *new_value);

/* A job's verbs (sale add, sale list ...): the first argument names one,
 * which runs with the rest; usage when none does. */
typedef struct {
	const char *name;
	cli_job *run;
} cli_verb;
int cli_verbs(app *a, int argc, char **argv, const cli_verb *verbs, size_t n, const char *usage);
/* The verb argv[0] names, or NULL (no arguments, or another word). */
const cli_verb *cli_verb_named(int argc, char **argv, const cli_verb *verbs, size_t n);

/* Apply KEY=VALUE arguments (a key or a label) to a record's values;
 * false after printing the problem (a usage error: exit status 2). */
bool cli_assign(const rectype *rt, const form_def *f, char **v, int argc, char **argv);

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Say msg on stderr and return the exit status: a usage error (2, with
 * the pointer to --help) or a failed job (1). */
int cli_usage(const char *msg);
/* A whole decimal number in [min, max] (an option's value). */
bool cli_long(const char *s, long min, long max, long *out);
int cli_failed(const char *msg);

#endif
