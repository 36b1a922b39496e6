/* PostgreSQL through libpq (issue 20): a database named by a
 * postgresql:// URL or a libpq connection string (service=county, from
 * pg_service.conf), its connection, and parameterised statements only
 * (PQexecParams / PQprepare: values never go into SQL text). libpq is
 * loaded when the first connection is made (dlopen, as transfer/sheet.c
 * does with libxlsxwriter): linked in, it and the TLS, Kerberos and LDAP
 * libraries it needs would cost every session memory and start-up time
 * for a backend only migrate-to uses so far. Messages are Chinese; the
 * server's own text goes to the diagnostic log (base/diag.h). */
#ifndef NJ_PG_H
#define NJ_PG_H

#include <stdbool.h>
#include <stddef.h>

typedef struct pg_conn pg_conn;
typedef struct pg_result pg_result;

/* Is s a PostgreSQL database rather than an SQLite file: a URL
 * (postgresql://, postgres://) or a connection string whose first word
 * is a libpq keyword (service=county, dbname=… host=…)? */
bool pg_is_target(const char *s);

/* What a target names, for messages: never its password. */
typedef struct {
	char dbname[128], host[256], port[16], user[128], service[128];
	bool has_password; /* a password was written in the target itself */
	char shown[640];   /* "数据库 nongjian (服务器 /run/postgresql, 角色 nj_owner)" */
} pg_target;
/* Parse s with libpq's own parser (what it accepts is what a
 * connection would); false with a Chinese message when it is not a
 * target or does not parse. */
bool pg_target_parse(const char *s, pg_target *t, char *err, size_t errlen);

/* Connect (client encoding UTF-8; a database whose encoding is not
 * UTF8 is refused, since Chinese text must round-trip). NULL with err. */
pg_conn *pg_connect(const char *target, char *err, size_t errlen);
void pg_close(pg_conn *c);

/* A Chinese explanation of an SQLSTATE, with what to do. */
const char *pg_explain(const char *sqlstate);

/* Run sql with n text parameters (NULL: SQL NULL). pg_query returns the
 * result of a statement that ran (free it with pg_clear), or NULL with
 * err "what: explanation"; pg_exec is the same for a statement whose
 * rows are not wanted. */
pg_result *pg_query(pg_conn *c, const char *sql, int n, const char *const *params, const char *what, char *err,
                    size_t errlen);
bool pg_exec(pg_conn *c, const char *sql, int n, const char *const *params, const char *what, char *err,
             size_t errlen);
/* A prepared statement (name, sql with $1..$n) and a run of it. */
bool pg_prepare(pg_conn *c, const char *name, const char *sql, int n, const char *what, char *err, size_t errlen);
bool pg_run_prepared(pg_conn *c, const char *name, int n, const char *const *params, const char *what, char *err,
                     size_t errlen);
/* Runs of a prepared statement sent without waiting for each answer
 * (libpq's pipeline mode): a copy of 100,000 rows would otherwise wait
 * for 100,000 round trips. Answers are read every thousand runs and at
 * the end; a failed run stops the ones after it. pg_pipeline_end says
 * whether all ran, and *failed which failed first (counted from 0 since
 * pg_pipeline_begin; -1: none, or the pipeline itself failed). */
bool pg_pipeline_begin(pg_conn *c, const char *what, char *err, size_t errlen);
bool pg_pipeline_send(pg_conn *c, const char *name, int n, const char *const *params, const char *what, char *err,
                      size_t errlen);
bool pg_pipeline_end(pg_conn *c, const char *what, long long *failed, char *err, size_t errlen);

/* The first column of the first row as a number: none when there is
 * no row or it is NULL, and on an error (then err says "what:
 * explanation"; clear err first to tell the two apart). */
long long pg_int(pg_conn *c, const char *sql, int n, const char *const *params, long long none, const char *what,
                 char *err, size_t errlen);

int pg_rows(const pg_result *r);
const char *pg_value(const pg_result *r, int row, int col); /* "" for NULL */
bool pg_null(const pg_result *r, int row, int col);
void pg_clear(pg_result *r);

/* name as a quoted identifier ("nj_张三"), malloc'ed; NULL on an error. */
char *pg_ident(pg_conn *c, const char *name);

/* The next sample number of unit and year, taken inside the caller's
 * transaction: the counter row locked with SELECT … FOR UPDATE (by the
 * function nj_next_seq that store/pg_schema.c creates), so concurrent
 * writers on several machines wait for each other and numbers stay
 * gap-free. */
bool pg_next_seq(pg_conn *c, long long unit, int year, long long *seq, char *err, size_t errlen);

/* The raw layer under the statement layer (store/pg_stmt.c, which maps
 * SQLSTATEs to SQLite's result codes itself): a result whatever its
 * status, never NULL (free it with pg_clear). */
typedef enum { PG_FAILED, PG_DONE, PG_ROWS } pg_status;
pg_result *pg_raw_prepare(pg_conn *c, const char *name, const char *sql, int n, const unsigned *types);
pg_result *pg_raw_describe(pg_conn *c, const char *name); /* a prepared statement's columns */
pg_result *pg_raw_run(pg_conn *c, const char *name, int n, const char *const *params);
pg_result *pg_raw_exec(pg_conn *c, const char *sql); /* statements, no parameters */
pg_status pg_status_of(const pg_result *r);
const char *pg_sqlstate(const pg_result *r);       /* "": none (the connection is gone) */
const char *pg_constraint(const pg_result *r);     /* NULL: none named */
const char *pg_message(pg_conn *c, const pg_result *r); /* the server's text, for the log */
int pg_cols(const pg_result *r);
const char *pg_col_name(const pg_result *r, int col);
unsigned pg_col_type(const pg_result *r, int col); /* the type's OID */
int pg_length(const pg_result *r, int row, int col);
const char *pg_cmd_status(const pg_result *r);     /* "INSERT 0 1" */
const char *pg_cmd_rows(const pg_result *r);       /* the rows it changed, "" when not a change */
bool pg_in_transaction(pg_conn *c);
/* What the statement layer keeps for the connection (pg_close frees it). */
typedef struct pg_session pg_session;
pg_session **pg_session_of(pg_conn *c);

#endif
