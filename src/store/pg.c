#include "store/pg.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/dynlib.h"
#include "base/err.h"
#include "base/text.h"
#include "store/pg_stmt.h"

struct pg_conn {
	PGconn *pq;
	long long sent, answered; /* statements of the pipeline (pg_pipeline_send) */
	long long failed;         /* the first that failed, -1: none */
	pg_session *session;      /* the statement layer's (store/pg_stmt.c) */
};
struct pg_result {
	PGresult *pq;
};

/* The libpq functions used, loaded on first use (pg.h says why). */
#define PQ_FUNCS(X)                                                                                     \
	X(PQconnectdbParams) X(PQstatus) X(PQerrorMessage) X(PQfinish) X(PQparameterStatus)              \
	X(PQexecParams) X(PQprepare) X(PQexecPrepared) X(PQresultStatus) X(PQresultErrorField)          \
	X(PQresultErrorMessage) X(PQclear) X(PQntuples) X(PQgetvalue) X(PQgetisnull)                     \
	X(PQconninfoParse) X(PQconninfoFree) X(PQescapeIdentifier) X(PQfreemem) X(PQenterPipelineMode)        \
	X(PQexitPipelineMode) X(PQpipelineSync) X(PQsendQueryPrepared) X(PQgetResult)   \
	X(PQexec) X(PQnfields) X(PQfname) X(PQftype) X(PQgetlength) X(PQcmdStatus) X(PQcmdTuples)             \
	X(PQtransactionStatus) X(PQdescribePrepared) X(PQsetNoticeProcessor)
DYNLIB_FUNCS(pq, PQ_FUNCS)

static bool pq_load(char *err, size_t errlen)
{
	return pq_open("libpq.so.5", "无法使用 PostgreSQL", "安装 Debian 软件包 libpq5", "版本太旧", err, errlen);
}

static bool starts(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

/* libpq's connection keywords a connection string may start with. */
static const char *const keywords[] = {
	"service", "dbname", "host", "hostaddr", "port", "user", "password", "passfile", "sslmode", "options", NULL,
};

bool pg_is_target(const char *s)
{
	if (!s)
		return false;
	if (starts(s, "postgresql://") || starts(s, "postgres://"))
		return true;
	for (const char *const *k = keywords; *k; k++) {
		size_t n = strlen(*k);
		if (strncmp(s, *k, n) == 0) {
			const char *p = s + n;
			while (*p == ' ')
				p++;
			if (*p == '=')
				return true;
		}
	}
	return false;
}

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

bool pg_target_parse(const char *s, pg_target *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	if (!pg_is_target(s))
		return errf(err, errlen,
		            "\"%s\" 不是 PostgreSQL 数据库：应为 postgresql://角色@服务器/数据库 或 service=服务名 (见 "
		            "man nongjian 的 migrate-to)",
		            s ? s : "");
	if (!pq_load(err, errlen))
		return false;
	char *perr = NULL;
	PQconninfoOption *opts = pq.PQconninfoParse(s, &perr);
	if (!opts) {
		if (perr) {
			diag("libpq: conninfo: %s", perr);
			pq.PQfreemem(perr);
		}
		return errf(err, errlen,
		            "PostgreSQL 数据库的写法有误 (用 -v 查看详情)：应为 postgresql://角色@服务器/数据库 或 "
		            "service=服务名");
	}
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (strcmp(o->keyword, "dbname") == 0)
			copy(t->dbname, sizeof t->dbname, o->val);
		else if (strcmp(o->keyword, "host") == 0)
			copy(t->host, sizeof t->host, o->val);
		else if (strcmp(o->keyword, "port") == 0)
			copy(t->port, sizeof t->port, o->val);
		else if (strcmp(o->keyword, "user") == 0)
			copy(t->user, sizeof t->user, o->val);
		else if (strcmp(o->keyword, "service") == 0)
			copy(t->service, sizeof t->service, o->val);
		else if (strcmp(o->keyword, "password") == 0)
			t->has_password = true;
	}
	pq.PQconninfoFree(opts);
	size_t n = 0;
	if (*t->service)
		n += (size_t)snprintf(t->shown, sizeof t->shown, "服务 %s (pg_service.conf)", t->service);
	if (*t->dbname || !*t->service)
		n += (size_t)snprintf(t->shown + n, sizeof t->shown - n, "%s数据库 %s", n ? "，" : "",
		                      *t->dbname ? t->dbname : "(与角色同名)");
	if (n < sizeof t->shown && (*t->host || *t->port || *t->user))
		snprintf(t->shown + n, sizeof t->shown - n, " (%s%s%s%s%s%s)", *t->host ? "服务器 " : "", t->host,
		         *t->port ? (*t->host ? "，端口 " : "端口 ") : "", t->port,
		         *t->user ? (*t->host || *t->port ? "，角色 " : "角色 ") : "", t->user);
	return true;
}

/* The server's notices ("relation … already exists, skipping") to the
 * diagnostic log: libpq would print them on stderr, past base/out.h. */
static void notice(void *arg, const char *message)
{
	(void)arg;
	diag("libpq: notice: %s", message);
}

pg_conn *pg_connect(const char *target, char *err, size_t errlen)
{
	pg_target t;
	if (!pg_target_parse(target, &t, err, errlen))
		return NULL;
	/* The target's own connect_timeout wins; the encoding does not. */
	const char *const keys[] = {"connect_timeout", "dbname", "client_encoding", "application_name", NULL};
	const char *const vals[] = {"10", target, "UTF8", "nongjian", NULL};
	PGconn *pc = pq.PQconnectdbParams(keys, vals, 1);
	if (!pc)
		return errf(err, errlen, "无法连接 %s：内存不足", t.shown), NULL;
	if (pq.PQstatus(pc) != CONNECTION_OK) {
		diag("libpq: connect %s: %s", t.shown, pq.PQerrorMessage(pc));
		pq.PQfinish(pc);
		errf(err, errlen,
		     "无法连接 PostgreSQL %s：服务器没有运行、地址不对、数据库不存在或登录被拒绝 (用 -v 查看服务器的原话)",
		     t.shown);
		return NULL;
	}
	const char *enc = pq.PQparameterStatus(pc, "server_encoding");
	if (!enc || strcmp(enc, "UTF8") != 0) {
		errf(err, errlen, "%s 的编码是 %s，应为 UTF8 (用 createdb -E UTF8 -T template0 新建)", t.shown,
		     enc ? enc : "未知");
		pq.PQfinish(pc);
		return NULL;
	}
	pq.PQsetNoticeProcessor(pc, notice, NULL);
	return XNEW(pg_conn, .pq = pc);
}

void pg_close(pg_conn *c)
{
	if (!c)
		return;
	pg_session_free(c->session);
	pq.PQfinish(c->pq);
	free(c);
}

const char *pg_explain(const char *st)
{
	if (!st || !*st)
		return "与数据库服务器的连接中断或服务器出错 (用 -v 查看服务器的原话)";
	static const struct {
		const char *code; /* an SQLSTATE, or its class (two characters) */
		const char *say;
	} known[] = {
		{"23505", "与已有的记录重复 (唯一约束)"},
		{"23503", "引用的记录不存在 (外键)"},
		{"23514", "数据不符合数据库的检查规则 (CHECK)"},
		{"23502", "缺少必填的值 (NOT NULL)"},
		{"42501", "权限不足：这个数据库角色不能做这件事 (见 README 的行级安全)"},
		{"P0001", "数据库的保护规则拒绝了这项改动 (历史和审计记录只能追加)"},
		{"3D000", "数据库不存在 (先用 createdb 创建)"},
		{"40001", "与其他用户的写入冲突，请重试"},
		{"40P01", "与其他用户的写入互相等待 (死锁)，请重试"},
		{"53100", "服务器磁盘已满"},
		{"23", "违反数据库的约束"},
		{"22", "数据的格式或范围不符合该列的类型"},
		{"28", "登录被拒绝 (角色或密码不对)"},
		{"08", "与数据库服务器的连接中断"},
		{"53", "服务器资源不足 (磁盘、内存或连接数)"},
		{"57", "服务器正在关闭或取消了操作"},
		{"42", "数据库结构与程序不符 (程序错误，请报告)"},
	};
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (strncmp(st, known[i].code, strlen(known[i].code)) == 0)
			return known[i].say;
	return "数据库服务器报错 (用 -v 查看服务器的原话)";
}

/* Fill err for a failed result and log the server's words. */
static void result_error(PGconn *pc, PGresult *r, const char *what, char *err, size_t errlen)
{
	const char *st = r ? pq.PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *constraint = r ? pq.PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
	const char *table = r ? pq.PQresultErrorField(r, PG_DIAG_TABLE_NAME) : NULL;
	diag("libpq: %s: %s", what, r ? pq.PQresultErrorMessage(r) : pq.PQerrorMessage(pc));
	if (constraint && table)
		errf(err, errlen, "%s: %s (表 %s 的约束 %s)", what, pg_explain(st), table, constraint);
	else if (table)
		errf(err, errlen, "%s: %s (表 %s)", what, pg_explain(st), table);
	else
		errf(err, errlen, "%s: %s", what, pg_explain(st));
}

static pg_result *wrap(pg_conn *c, PGresult *r, const char *what, char *err, size_t errlen)
{
	ExecStatusType s = r ? pq.PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		result_error(c->pq, r, what, err, errlen);
		pq.PQclear(r);
		return NULL;
	}
	pg_result *w = xcalloc(1, sizeof *w);
	w->pq = r;
	return w;
}

pg_result *pg_query(pg_conn *c, const char *sql, int n, const char *const *params, const char *what, char *err,
                    size_t errlen)
{
	return wrap(c, pq.PQexecParams(c->pq, sql, n, NULL, params, NULL, NULL, 0), what, err, errlen);
}

bool pg_exec(pg_conn *c, const char *sql, int n, const char *const *params, const char *what, char *err,
             size_t errlen)
{
	pg_result *r = pg_query(c, sql, n, params, what, err, errlen);
	pg_clear(r);
	return r != NULL;
}

bool pg_prepare(pg_conn *c, const char *name, const char *sql, int n, const char *what, char *err, size_t errlen)
{
	pg_result *r = wrap(c, pq.PQprepare(c->pq, name, sql, n, NULL), what, err, errlen);
	pg_clear(r);
	return r != NULL;
}

bool pg_run_prepared(pg_conn *c, const char *name, int n, const char *const *params, const char *what, char *err,
                     size_t errlen)
{
	pg_result *r = wrap(c, pq.PQexecPrepared(c->pq, name, n, params, NULL, NULL, 0), what, err, errlen);
	pg_clear(r);
	return r != NULL;
}

long long pg_int(pg_conn *c, const char *sql, int n, const char *const *params, long long none, const char *what,
                 char *err, size_t errlen)
{
	pg_result *r = pg_query(c, sql, n, params, what, err, errlen);
	long long v = none;
	if (r && pg_rows(r) > 0 && !pg_null(r, 0, 0))
		v = strtoll(pg_value(r, 0, 0), NULL, 10);
	pg_clear(r);
	return v;
}

bool pg_pipeline_begin(pg_conn *c, const char *what, char *err, size_t errlen)
{
	c->sent = c->answered = 0;
	c->failed = -1;
	if (pq.PQenterPipelineMode(c->pq))
		return true;
	result_error(c->pq, NULL, what, err, errlen);
	return false;
}

/* Read the answers up to a sync point: the first failure is kept (the
 * statements after it in the pipeline are skipped by the server). */
static bool pipeline_drain(pg_conn *c, const char *what, char *err, size_t errlen)
{
	if (!pq.PQpipelineSync(c->pq)) {
		result_error(c->pq, NULL, what, err, errlen);
		return false;
	}
	bool ok = c->failed < 0;
	int nulls = 0;
	for (;;) {
		PGresult *r = pq.PQgetResult(c->pq);
		if (!r) {
			/* the end of one statement's answer; two in a row: nothing
			 * more will come (the connection is gone) */
			if (++nulls < 2)
				continue;
			if (ok)
				result_error(c->pq, NULL, what, err, errlen);
			return false;
		}
		nulls = 0;
		ExecStatusType st = pq.PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			pq.PQclear(r);
			break;
		}
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_PIPELINE_ABORTED && ok) {
			result_error(c->pq, r, what, err, errlen);
			c->failed = c->answered;
			ok = false;
		}
		c->answered++;
		pq.PQclear(r);
	}
	return ok;
}

bool pg_pipeline_send(pg_conn *c, const char *name, int n, const char *const *params, const char *what, char *err,
                      size_t errlen)
{
	if (!pq.PQsendQueryPrepared(c->pq, name, n, params, NULL, NULL, 0)) {
		result_error(c->pq, NULL, what, err, errlen);
		c->failed = c->sent;
		return false;
	}
	c->sent++;
	/* Answers are small (a few dozen bytes): a thousand fit in the
	 * socket's buffer, so the server never waits for us to read while we
	 * wait for it to read. */
	if (c->sent - c->answered >= 1000)
		return pipeline_drain(c, what, err, errlen);
	return true;
}

bool pg_pipeline_end(pg_conn *c, const char *what, long long *failed, char *err, size_t errlen)
{
	bool ok = c->sent == c->answered ? c->failed < 0 : pipeline_drain(c, what, err, errlen);
	*failed = c->failed;
	if (!pq.PQexitPipelineMode(c->pq) && ok) {
		result_error(c->pq, NULL, what, err, errlen);
		ok = false;
	}
	return ok;
}

int pg_rows(const pg_result *r) { return r ? pq.PQntuples(r->pq) : 0; }

const char *pg_value(const pg_result *r, int row, int col)
{
	return pq.PQgetisnull(r->pq, row, col) ? "" : pq.PQgetvalue(r->pq, row, col);
}

bool pg_null(const pg_result *r, int row, int col) { return pq.PQgetisnull(r->pq, row, col) != 0; }

void pg_clear(pg_result *r)
{
	if (!r)
		return;
	pq.PQclear(r->pq);
	free(r);
}

char *pg_ident(pg_conn *c, const char *name)
{
	char *q = pq.PQescapeIdentifier(c->pq, name, strlen(name));
	if (!q)
		return NULL;
	char *out = xstrdup(q);
	pq.PQfreemem(q);
	return out;
}

bool pg_next_seq(pg_conn *c, long long unit, int year, long long *seq, char *err, size_t errlen)
{
	char u[32], y[16];
	snprintf(u, sizeof u, "%lld", unit);
	snprintf(y, sizeof y, "%d", year);
	err[0] = '\0';
	*seq = pg_int(c, "SELECT nj_next_seq($1, $2)", 2, (const char *const[]){u, y}, -1, "取下一个样品编号失败", err,
	              errlen);
	return *seq > 0 && !err[0];
}

/* The raw layer under store/pg_stmt.c: results kept whatever their
 * status (the statement layer maps the SQLSTATE itself). */
static pg_result *raw(PGresult *r)
{
	pg_result *w = xcalloc(1, sizeof *w);
	w->pq = r;
	return w;
}

pg_result *pg_raw_prepare(pg_conn *c, const char *name, const char *sql, int n, const unsigned *types)
{
	return raw(pq.PQprepare(c->pq, name, sql, n, types));
}

pg_result *pg_raw_describe(pg_conn *c, const char *name) { return raw(pq.PQdescribePrepared(c->pq, name)); }

pg_result *pg_raw_run(pg_conn *c, const char *name, int n, const char *const *params)
{
	return raw(pq.PQexecPrepared(c->pq, name, n, params, NULL, NULL, 0));
}

pg_result *pg_raw_exec(pg_conn *c, const char *sql) { return raw(pq.PQexec(c->pq, sql)); }

pg_status pg_status_of(const pg_result *r)
{
	ExecStatusType s = r && r->pq ? pq.PQresultStatus(r->pq) : PGRES_FATAL_ERROR;
	return s == PGRES_TUPLES_OK ? PG_ROWS : s == PGRES_COMMAND_OK ? PG_DONE : PG_FAILED;
}

const char *pg_sqlstate(const pg_result *r)
{
	const char *st = r && r->pq ? pq.PQresultErrorField(r->pq, PG_DIAG_SQLSTATE) : NULL;
	return st ? st : "";
}

const char *pg_constraint(const pg_result *r)
{
	return r && r->pq ? pq.PQresultErrorField(r->pq, PG_DIAG_CONSTRAINT_NAME) : NULL;
}

const char *pg_message(pg_conn *c, const pg_result *r)
{
	const char *m = r && r->pq ? pq.PQresultErrorMessage(r->pq) : "";
	return *m ? m : pq.PQerrorMessage(c->pq);
}

int pg_cols(const pg_result *r) { return r && r->pq ? pq.PQnfields(r->pq) : 0; }
const char *pg_col_name(const pg_result *r, int col) { return pq.PQfname(r->pq, col); }
unsigned pg_col_type(const pg_result *r, int col) { return pq.PQftype(r->pq, col); }
int pg_length(const pg_result *r, int row, int col) { return pq.PQgetlength(r->pq, row, col); }
const char *pg_cmd_status(const pg_result *r) { return r && r->pq ? pq.PQcmdStatus(r->pq) : ""; }
const char *pg_cmd_rows(const pg_result *r) { return r && r->pq ? pq.PQcmdTuples(r->pq) : ""; }

bool pg_in_transaction(pg_conn *c)
{
	PGTransactionStatusType t = pq.PQtransactionStatus(c->pq);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

pg_session **pg_session_of(pg_conn *c) { return &c->session; }
